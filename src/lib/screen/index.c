/* The screening index: every list name analysed once into Latin readings ("keys"),
 * trigram postings over the readings and over their consonant skeletons for candidate
 * selection (never a full scan), token document frequencies for IDF weights, and the
 * CJK names kept as written for same-script comparison. */
#include <ctype.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>

#include "lib/screen/index.h"
#include "lib/screen/textint.h"
#include "util/error.h"
#include "util/sha256.h"

#ifndef SX_DEFAULT_DATA_DIR /* set by the Makefile; "data" for other builds (fuzz) */
#define SX_DEFAULT_DATA_DIR "data"
#endif

#define NTRI SX_IX_NTRI

static int code_of(char c)
{
    if (c >= 'a' && c <= 'z')
        return c - 'a';
    if (c >= 'A' && c <= 'Z')
        return c - 'A'; /* skeleton classes are upper case */
    if (c >= '0' && c <= '9')
        return 26 + (c - '0');
    return 36;
}

/* The trigram codes of s in order, repeats included. */
static size_t raw_trigrams(uint32_t *out, size_t max, const char *s, size_t len)
{
    size_t n = 0;
    if (len == 0)
        return 0;
    /* Boundary-padded: "^ki", "kim", ..., "am$". */
    for (size_t i = 0; i + 1 < len + 2 && n < max; i++) {
        int a = i == 0 ? 36 : code_of(s[i - 1]);
        int b = i < len ? code_of(s[i]) : 36;
        int c = i + 1 < len ? code_of(s[i + 1]) : 36;
        if (i >= len)
            break;
        out[n++] = (uint32_t)((a * 37 + b) * 37 + c);
    }
    return n;
}

size_t sx_ix_inner_trigrams(uint32_t *out, size_t max, const char *s, size_t len)
{
    size_t n = sx_ix_trigrams(out, max, s, len), u = 0;
    for (size_t i = 0; i < n; i++)
        if (!sx_ix_trigram_marked(out[i]))
            out[u++] = out[i];
    return u;
}

size_t sx_ix_trigrams(uint32_t *out, size_t max, const char *s, size_t len)
{
    size_t n = raw_trigrams(out, max, s, len);
    /* Deduplicate (small arrays: insertion sort). */
    for (size_t i = 1; i < n; i++) {
        uint32_t v = out[i];
        size_t j = i;
        while (j > 0 && out[j - 1] > v) {
            out[j] = out[j - 1];
            j--;
        }
        out[j] = v;
    }
    size_t u = 0;
    for (size_t i = 0; i < n; i++)
        if (u == 0 || out[u - 1] != out[i])
            out[u++] = out[i];
    return u;
}

/* ---- building ---- */

/* Reading paths repeat ("hangul:RR", "loan:ko"): one copy each. */
static const char *intern_path(sx_screen_index *ix, const char *path)
{
    const char *p = sx_strmap_get(&ix->paths, path);
    if (p)
        return p;
    char *copy = sx_arena_strdup(&ix->arena, path);
    if (!copy || sx_strmap_put(&ix->paths, copy, copy) != 0)
        return NULL;
    return copy;
}

/* prov: the reading's sx_prov bits, which say its kind of key. */
static int add_key(sx_screen_index *ix, uint32_t name, const char *text, const char *path,
                   unsigned prov, float prior)
{
    if (ix->nkeys == ix->capkeys) {
        size_t cap = ix->capkeys ? ix->capkeys * 2 : 4096;
        sx_ix_key *k = realloc(ix->keys, cap * sizeof *k);
        if (!k)
            return sx_error_oom();
        ix->keys = k;
        ix->capkeys = cap;
    }
    sx_ix_key *k = &ix->keys[ix->nkeys];
    memset(k, 0, sizeof *k);
    k->name = name;
    k->prior = prior;
    k->kind = prov & SX_PROV_LOAN_KO   ? SX_KEY_LOAN_KO
              : prov & SX_PROV_LOAN_JA ? SX_KEY_LOAN_JA
                                       : SX_KEY_SPELLED;
    k->path = intern_path(ix, path ? path : "");
    if (!k->path)
        return SX_ENOMEM;
    int rc = sx_prep_make_key(&k->prep, &ix->arena, text, prov != 0);
    if (rc != 0)
        return rc;
    if (k->prep.clen == 0)
        return 0; /* nothing Latin to compare */
    ix->nkeys++;
    return 0;
}

/* One word's loanword readings, cached for the build: list names repeat their words
 * (trading, company, holdings) and espeak is the costly step. */
typedef struct loan_forms {
    const char *ko, *ja; /* NULL when the word is not read (acronym, digits) */
    const char *ja_kept; /* the word as a romanised Japanese word, long vowels folded */
    bool ko_native, ja_native; /* it reads as romanised Korean / Japanese */
    bool kept;                 /* the second reading keeps it as written: a word of two
                                  letters read as a word (Hi) may be letters too (HI) */
} loan_forms;

/* Words of two letters (HI, Li, YM, UH) are letters or a word; only those the list writes
 * as words are read (sx_ix_loan_readings), and cached apart, under the word and a mark
 * no normalised word has. */
#define SAID_MARK '\''

static const loan_forms *loan_lookup(sx_strmap *cache, sx_arena *arena, const char *word,
                                     size_t len, bool said)
{
    bool two = len == 2, marked = two && said;
    /* The cache's key: the word, or a two-letter word read as a word and the mark. */
    char mark[3];
    const char *k = word;
    size_t kl = len;
    if (marked) {
        memcpy(mark, word, 2);
        mark[2] = SAID_MARK;
        k = mark;
        kl = sizeof mark;
    }
    const loan_forms *f = sx_strmap_getn(cache, k, kl);
    if (f)
        return f;
    loan_forms *nf = sx_arena_alloc(arena, sizeof *nf);
    char *w = sx_arena_strndup(arena, word, len);
    char *key = marked ? sx_arena_strndup(arena, k, kl) : w;
    if (!nf || !w || !key)
        return NULL;
    nf->ko = nf->ja = NULL;
    nf->ko_native = sx_romanised_korean(w);
    nf->ja_native = sx_romanised_japanese(w);
    nf->kept = two;
    nf->ja_kept = w;
    if (nf->ja_native) {
        /* Kept as written, in Hepburn and its long vowels folded, as query kana are read. */
        char *folded = sx_arena_alloc(arena, 2 * len + 1);
        if (!folded)
            return NULL;
        sx_japanese_hepburn(folded, w);
        sx_japanese_fold_long(folded);
        nf->ja_kept = folded;
    }
    sx_buf ko = SX_BUF_INIT, ja = SX_BUF_INIT;
    if ((!two || said) && sx_loan_word(&ko, &ja, word, len) == 0 && sx_buf_puts(&ko, "") == 0 &&
        sx_buf_puts(&ja, "") == 0) {
        nf->ko = sx_arena_strdup(arena, ko.ptr);
        nf->ja = sx_arena_strdup(arena, ja.ptr);
    }
    sx_buf_free(&ko);
    sx_buf_free(&ja);
    if ((nf->ko == NULL) != (nf->ja == NULL) || sx_strmap_put(cache, key, nf) != 0)
        return NULL;
    return nf;
}

void sx_ix_loan_descriptors(sx_prep *p, const sx_ix_loan_reading *r)
{
    if (p->ntok != r->nwords || !p->kind)
        return;
    uint8_t *kind = (uint8_t *)p->kind;
    for (size_t t = 0; t < r->nwords; t++)
        if (r->descriptor[t] && kind[t] == SX_WORD_NAME)
            kind[t] = SX_WORD_DESCRIPTOR;
}

/* A word of letters with a digit among them, as it is said: the digit in English, a
 * word of its own (3soft: three soft, me2on: me two on, t3: t three; 쓰리소프트, 미투온,
 * 티쓰리).  Writes the words, a space between, into out (size bytes); false when the
 * word is not such (numbers of two digits or more are read in too many ways: 1001 is
 * 일공공일 or 천일, 24 ニジュウヨン). */
static bool said_with_digits(char *out, size_t size, const char *w, size_t n)
{
    bool letters = false, digits = false;
    for (size_t i = 0; i < n; i++) {
        letters |= isalpha((unsigned char)w[i]) != 0;
        digits |= isdigit((unsigned char)w[i]) != 0;
        if (isdigit((unsigned char)w[i]) && i + 1 < n && isdigit((unsigned char)w[i + 1]))
            return false;
    }
    size_t o = 0;
    for (size_t i = 0; letters && digits && i < n; i++) {
        const char *piece = isdigit((unsigned char)w[i]) ? sx_terms_digit_word(w[i]) : NULL;
        bool apart = piece || (i > 0 && isdigit((unsigned char)w[i - 1]));
        size_t len = piece ? strlen(piece) : 1;
        if ((isdigit((unsigned char)w[i]) && !piece) || o + len + 2 > size)
            return false;
        if (apart && o > 0)
            out[o++] = ' ';
        memcpy(out + o, piece ? piece : w + i, len);
        o += len;
    }
    out[o] = '\0';
    return letters && digits;
}

/* Whether written, a name as published, writes the two letters w as a word: a capital
 * then a small letter, at the start of a word or after a small letter (HiDeep, LiComm,
 * De Stellar, SeAH), and no small letter after (Mnet is not M Net).  In capitals (HI,
 * YM) or small letters (i.a) they may be letters as well; the letter readings take those. */
static bool written_as_word(const char *written, const char *w)
{
    for (const char *s = written; s && *s; s++) {
        unsigned char c = (unsigned char)s[0], n = (unsigned char)s[1];
        unsigned char prev = s > written ? (unsigned char)s[-1] : ' ';
        if (isupper(c) && islower(n) && tolower(c) == w[0] && n == w[1] &&
            (!isalpha(prev) || islower(prev)) && !islower((unsigned char)s[2]))
            return true;
    }
    return false;
}

/* Appends word's loanword forms to the four readings (ko, ko mixed, ja, ja mixed);
 * *read counts the words read. */
static int loan_word(sx_buf *outs[4], sx_strmap *cache, sx_arena *arena, const char *word,
                     size_t wl, const char *written, size_t *read)
{
    const loan_forms *f =
        loan_lookup(cache, arena, word, wl, wl == 2 && written_as_word(written, word));
    if (!f)
        return SX_ENOMEM;
    bool loan = f->ko != NULL;
    *read += loan;
    const char *forms[4] = {loan ? f->ko : word, loan && !f->ko_native && !f->kept ? f->ko : word,
                            loan ? f->ja : word,
                            loan && !f->ja_native && !f->kept ? f->ja : f->ja_kept};
    int rc = 0;
    for (int i = 0; i < 4 && rc == 0; i++) {
        if (outs[i]->len)
            rc = sx_buf_putc(outs[i], ' ');
        if (rc == 0)
            rc = sx_buf_puts(outs[i], forms[i]);
    }
    return rc;
}

int sx_ix_loan_readings(sx_strmap *cache, sx_arena *arena, const char *text,
                        const char *written, sx_ix_loan_emit emit, void *ctx)
{
    sx_buf ko_all = SX_BUF_INIT, ko_mix = SX_BUF_INIT, ja_all = SX_BUF_INIT,
           ja_mix = SX_BUF_INIT;
    sx_buf *outs[4] = {&ko_all, &ko_mix, &ja_all, &ja_mix};
    int rc = 0;
    size_t read = 0, nwords = 0;
    /* A name that is one word of two letters (Al, IT) is letters as often as a word. */
    if (!strchr(text, ' ') && strlen(text) == 2)
        written = NULL;
    bool descriptor[SX_PREP_MAX_TOKENS];
    char word[64], said[160];
    for (const char *p = text; *p && rc == 0;) {
        size_t len = strcspn(p, " ");
        size_t wl = len < sizeof word ? len : sizeof word - 1;
        memcpy(word, p, wl);
        word[wl] = '\0';
        /* Each word said is a word of the reading. */
        const char *w = said_with_digits(said, sizeof said, word, wl) ? said : word;
        while (*w && rc == 0) {
            size_t sl = strcspn(w, " ");
            char piece[64];
            size_t pl = sl < sizeof piece ? sl : sizeof piece - 1;
            memcpy(piece, w, pl);
            piece[pl] = '\0';
            if (nwords < SX_PREP_MAX_TOKENS)
                descriptor[nwords] = sx_terms_descriptor(piece, pl);
            nwords++;
            rc = loan_word(outs, cache, arena, piece, pl, written, &read);
            w += sl;
            while (*w == ' ')
                w++;
        }
        p += len;
        while (*p == ' ')
            p++;
    }
    for (int i = 0; i < 4 && rc == 0; i++)
        rc = sx_buf_puts(outs[i], "");
    if (rc == 0 && read > 0) {
        /* A mixed reading that kept every word is the name as spelled: already a key. */
        static const char *const path[4] = {"loan:ko", "loan:ko romanised kept", "loan:ja",
                                            "loan:ja romanised kept"};
        for (int i = 0; i < 4 && rc == 0; i++) {
            bool mixed = i % 2 == 1;
            if (mixed && (strcmp(outs[i]->ptr, outs[i - 1]->ptr) == 0 ||
                          strcmp(outs[i]->ptr, text) == 0))
                continue;
            sx_ix_loan_reading r = {.text = outs[i]->ptr,
                                    .path = path[i],
                                    .kind = i < 2 ? SX_KEY_LOAN_KO : SX_KEY_LOAN_JA,
                                    .descriptor = descriptor,
                                    .nwords = nwords <= SX_PREP_MAX_TOKENS ? nwords : 0};
            rc = emit(ctx, &r);
        }
    }
    for (int i = 0; i < 4; i++)
        sx_buf_free(outs[i]);
    return rc;
}

/* A loanword reading of a list name as one of its keys. */
typedef struct loan_key_ctx {
    sx_screen_index *ix;
    uint32_t name;
} loan_key_ctx;

static int add_loan_key(void *ctx, const sx_ix_loan_reading *r)
{
    loan_key_ctx *c = ctx;
    size_t before = c->ix->nkeys;
    int rc = add_key(c->ix, c->name, r->text, r->path,
                     r->kind == SX_KEY_LOAN_KO ? SX_PROV_LOAN_KO : SX_PROV_LOAN_JA, 0.95f);
    if (rc == 0 && c->ix->nkeys > before)
        sx_ix_loan_descriptors(&c->ix->keys[c->ix->nkeys - 1].prep, r);
    return rc;
}

/* The spelled reading of a name run together, as another key of the name: the same
 * letters, so compared as published (a Hangul query reading meets it).  *words: that
 * reading, its words told apart (in the arena), or left as it was when there is none. */
static int add_split_key(sx_screen_index *ix, uint32_t id, const sx_name_analysis *whole,
                         const char *text, const char **words)
{
    char split[SX_NAME_MAX_BYTES + 64];
    if (whole->scripts != SX_SCRIPT_LATIN || whole->nalts == 0 || whole->alts[0].prov ||
        strlen(text) > SX_NAME_MAX_BYTES || !sx_split_at_capitals(split, sizeof split, text))
        return 0;
    sx_name_analysis a;
    int rc = sx_name_analyse(&a, split, strlen(split));
    if (rc != 0)
        return rc;
    if (a.nalts > 0 && !a.alts[0].prov && strcmp(a.alts[0].text, whole->alts[0].text) != 0) {
        rc = add_key(ix, id, a.alts[0].text, "", 0, SX_SPLIT_PRIOR * whole->alts[0].prior);
        if (rc == 0 && !(*words = sx_arena_strdup(&ix->arena, a.alts[0].text)))
            rc = SX_ENOMEM;
    }
    sx_name_analysis_free(&a);
    return rc;
}

/* Words of a reading (spaces between them, as sx_prep_make counts). */
static size_t reading_words(const char *r)
{
    size_t n = 0;
    for (const char *s = r; *s; s += strcspn(s, " ")) {
        s += strspn(s, " ");
        n += *s != '\0';
    }
    return n;
}

uint8_t sx_ix_family_words(const char *text, const char *reading, size_t ntok)
{
    const char *comma = strchr(text, ',');
    if (!comma || strchr(comma + 1, ',') || reading_words(reading) != ntok)
        return 0;
    sx_name_analysis a;
    if (sx_name_analyse_listed(&a, text, (size_t)(comma - text)) != 0)
        return 0;
    size_t n = 0;
    if (a.nalts > 0 && !a.alts[0].prov) {
        size_t len = strlen(a.alts[0].text);
        if (len > 0 && strncmp(reading, a.alts[0].text, len) == 0 && reading[len] == ' ')
            n = reading_words(a.alts[0].text);
    }
    sx_name_analysis_free(&a);
    return n < ntok ? (uint8_t)n : 0;
}

/* Adds list name nm of entity ent to the index, read from text (nm's own, or one of the
 * names it gives: add_name_sides); the name shown is nm's as published. */
static int add_name(sx_screen_index *ix, uint32_t ent, const sx_entity_name *nm, const char *text)
{
    if (ix->nnames == ix->capnames) {
        size_t cap = ix->capnames ? ix->capnames * 2 : 4096;
        sx_ix_name *p = realloc(ix->names, cap * sizeof *p);
        if (!p)
            return sx_error_oom();
        ix->names = p;
        ix->capnames = cap;
    }
    sx_name_analysis a;
    int rc = sx_name_analyse_listed(&a, text, strlen(text));
    if (rc != 0)
        return rc;
    uint32_t id = (uint32_t)ix->nnames;
    sx_ix_name *n = &ix->names[ix->nnames++];
    memset(n, 0, sizeof *n);
    n->entity = ent;
    n->person = sx_ix_type_person(ix->ents[ent]->type);
    n->kind = nm->kind;
    n->text = nm->text;
    n->scripts = a.scripts;
    n->legal_form = a.legal_form;
    if (a.scripts & ~(unsigned)SX_SCRIPT_LATIN) {
        /* Kept as written for same-script comparison (Chinese, Arabic, Hangul...). */
        if (!(n->core = sx_arena_strdup(&ix->arena, a.core)))
            rc = SX_ENOMEM;
    }
    size_t first = ix->nkeys;
    bool first_kept = false; /* the first reading made the first key */
    for (size_t i = 0; i < a.nalts && rc == 0; i++) {
        rc = add_key(ix, id, a.alts[i].text, a.alts[i].path, a.alts[i].prov, a.alts[i].prior);
        first_kept |= i == 0 && ix->nkeys > first;
    }
    if (rc == 0 && first_kept && n->person && a.scripts == SX_SCRIPT_LATIN &&
        !a.alts[0].prov) {
        sx_prep *p = &ix->keys[first].prep;
        p->family_words = sx_ix_family_words(text, a.alts[0].text, p->ntok);
    }
    const char *words = a.nalts > 0 ? a.alts[0].text : NULL;
    if (rc == 0)
        rc = add_split_key(ix, id, &a, text, &words);
    if (a.said)
        words = a.said;
    /* English names are also read the way Korean and Japanese write loanwords, word by
     * word: a name run together, split (SESIL CORPORATION, not sesilcorporation); its
     * digits as said (3SOFT: three soft, not esoft). */
    if (rc == 0 && a.scripts == SX_SCRIPT_LATIN && a.nalts > 0 && !a.alts[0].prov)
        rc = sx_ix_loan_readings(&ix->loan_words, &ix->arena, words, text, add_loan_key,
                                 &(loan_key_ctx){ix, id});
    /* Made kind by kind (spelled, Korean, Japanese): each kind's keys are adjacent. */
    for (size_t k = ix->nkeys; k-- > first;) {
        n->key0[ix->keys[k].kind] = (uint32_t)k;
        n->nkeys[ix->keys[k].kind]++;
    }
    sx_name_analysis_free(&a);
    return rc;
}

/* A list name that gives a name twice (sx_name_sides: Sohra Group / Sohra LLC; Public
 * Joint Stock Company Agregat (PJSC Agregat)) is indexed whole and each side as a name of
 * its own, as a query field that does is screened whole and side by side.  A short form
 * of one word (KOREA MINING DEVELOPMENT TRADING CORPORATION (KOMID)) and the name it
 * stands beside are marked, and no postings hold them: the short form is met only by a
 * query that spells it (sx_ix_short_forms_spelled), the name beside it with the whole
 * (query.c score_siblings) — posted, its trigrams, the whole's again, would make common
 * what was rare for every other name. */
static int add_name_sides(sx_screen_index *ix, uint32_t ent, const sx_entity_name *nm)
{
    int rc = add_name(ix, ent, nm, nm->text);
    char *side[SX_NAME_SIDES];
    size_t n = 0;
    uint8_t role[SX_NAME_SIDES];
    rc = rc ? rc : sx_name_sides(nm->text, true, side, &n, role);
    for (size_t k = 0; k < n; k++) {
        if (rc == 0 && (rc = add_name(ix, ent, nm, side[k])) == 0) {
            ix->names[ix->nnames - 1].short_form = role[k] == SX_SIDE_SHORT_FORM;
            ix->names[ix->nnames - 1].beside =
                role[k] == SX_SIDE_BESIDE || role[k] == SX_SIDE_INSIDE;
            ix->names[ix->nnames - 1].inside = role[k] == SX_SIDE_INSIDE;
        }
        free(side[k]);
    }
    return rc;
}

/* Whether a name is the words of another of its entity's names again (a short form, the
 * name beside it or before parentheses): held by no postings, counted in no token's
 * frequency — on a list of a few names, Acme Trading Limited beside Acme Trading (Hong
 * Kong) Limited made acme and trading common. */
static bool name_again(const sx_ix_name *nm)
{
    return nm->short_form || nm->beside;
}

size_t sx_ix_weighed_names(const sx_screen_index *ix)
{
    size_t n = 0;
    for (size_t i = 0; i < ix->nnames; i++)
        n += !name_again(&ix->names[i]);
    return n;
}

/* Token document frequencies over the keys of the names counted, then IDF weights on
 * every key token. */
static int weigh_tokens(sx_screen_index *ix)
{
    ix->nweighed = sx_ix_weighed_names(ix);
    for (size_t k = 0; k < ix->nkeys; k++) {
        sx_prep *p = &ix->keys[k].prep;
        if (name_again(&ix->names[ix->keys[k].name]))
            continue;
        for (size_t t = 0; t < p->ntok; t++) {
            sx_ix_token *tk = sx_strmap_getn(&ix->dict, p->tok[t], p->tlen[t]);
            if (!tk) {
                tk = sx_arena_alloc(&ix->arena, sizeof *tk);
                if (!tk || !(tk->text = sx_arena_strndup(&ix->arena, p->tok[t], p->tlen[t])))
                    return SX_ENOMEM;
                if (sx_strmap_put(&ix->dict, tk->text, tk) != 0)
                    return SX_ENOMEM;
            }
            /* Count a token once per name, not once per reading of it. */
            if (tk->last_name != ix->keys[k].name + 1) {
                tk->df++;
                tk->last_name = ix->keys[k].name + 1;
            }
        }
    }
    for (size_t k = 0; k < ix->nkeys; k++) {
        sx_prep *p = &ix->keys[k].prep;
        float *w = (float *)p->w;
        for (size_t t = 0; t < p->ntok; t++) {
            const sx_ix_token *tk = sx_strmap_getn(&ix->dict, p->tok[t], p->tlen[t]);
            w[t] = sx_ix_weight(ix, tk ? tk->df : 0);
        }
    }
    return 0;
}

float sx_ix_weight(const sx_screen_index *ix, uint32_t df)
{
    double n = (double)(ix->nweighed ? ix->nweighed : 1);
    return (float)log(1.0 + n / (double)(df ? df : 1));
}

/* Numbers the keys kind by kind: the spelled readings, then the Korean loanword ones,
 * then the Japanese, each kind in the order its keys were made (so the keys of a name
 * stay adjacent within a kind, and postings, which hold one kind each, list their keys
 * in the same order as before).  A Latin query meets spelled keys only: numbered
 * densely, the tallies and hit counts it touches lie within the first 100,000 of the
 * bundled lists' 350,000 keys, not spread over all of them as when each name's
 * loanword readings were numbered between the spelled ones, and stay in the core's
 * cache (see docs/screening.md for the measured effect).  Permuted in place: a copy of
 * the keys would cost 350 MB for a list of a million names. */
static int group_keys_by_kind(sx_screen_index *ix)
{
    uint32_t start[SX_KEY_CLASSES + 1] = {0}, next[SX_KEY_CLASSES];
    for (size_t k = 0; k < ix->nkeys; k++)
        start[ix->keys[k].kind + 1]++;
    for (int c = 0; c < SX_KEY_CLASSES; c++)
        start[c + 1] += start[c];
    uint32_t *number = malloc((ix->nkeys ? ix->nkeys : 1) * sizeof *number);
    if (!number)
        return sx_error_oom();
    memcpy(next, start, sizeof next);
    for (size_t k = 0; k < ix->nkeys; k++)
        number[k] = next[ix->keys[k].kind]++;
    for (size_t i = 0; i < ix->nnames; i++) {
        sx_ix_name *n = &ix->names[i];
        for (int c = 0; c < SX_KEY_CLASSES; c++)
            n->key0[c] = n->nkeys[c] ? number[n->key0[c]] : start[c];
    }
    /* Key k goes to number[k]: each cycle of the permutation is followed once. */
    for (size_t k = 0; k < ix->nkeys; k++)
        while (number[k] != k) {
            uint32_t to = number[k];
            sx_ix_key moved = ix->keys[to];
            ix->keys[to] = ix->keys[k];
            ix->keys[k] = moved;
            number[k] = number[to];
            number[to] = to;
        }
    free(number);
    return 0;
}

/* Each key's compact length, dense (sx_ix_key_clen). */
static int key_lengths(sx_screen_index *ix)
{
    if (!(ix->kclen = malloc(ix->nkeys ? ix->nkeys : 1)))
        return sx_error_oom();
    for (size_t k = 0; k < ix->nkeys; k++)
        ix->kclen[k] = (uint8_t)(ix->keys[k].prep.clen < 255 ? ix->keys[k].prep.clen : 255);
    return 0;
}

const sx_prep *sx_ix_spelled_words(const sx_screen_index *ix, const sx_ix_key *k,
                                   sx_ix_key *tmp, const char **tokbuf)
{
    const sx_ix_name *nm = &ix->names[k->name];
    for (uint32_t i = 0; k->kind && i < nm->nkeys[SX_KEY_SPELLED]; i++) {
        const sx_ix_key *s = sx_ix_key_at(ix, nm->key0[SX_KEY_SPELLED] + i, tmp, tokbuf);
        if (s->path[0] == '\0' && s->prep.ntok == k->prep.ntok)
            return &s->prep;
    }
    return NULL;
}

/* Many list names are listed twice (the SDN entries are also in the CSL) or share a
 * reading: a key with the same words, prior and kind of path (as published, read, or a
 * Korean or Japanese loanword reading), of a person or not, as an earlier one scores the
 * same against any query, so a query scores it only once. */
static int find_twins(sx_screen_index *ix)
{
    sx_strmap seen = SX_STRMAP_INIT;
    sx_arena tmp = SX_ARENA_INIT;
    int rc = 0;
    if (!(ix->twin = malloc((ix->nkeys ? ix->nkeys : 1) * sizeof *ix->twin)))
        return sx_error_oom();
    for (size_t k = 0; k < ix->nkeys && rc == 0; k++) {
        const sx_ix_key *key = &ix->keys[k];
        const sx_prep *p = &key->prep;
        /* A loanword reading's words are also met as the name spells them
         * (sx_ix_spelled_words): readings alike of names spelled apart are no twins. */
        sx_ix_key tmp_key;
        const char *tokbuf[SX_PREP_MAX_TOKENS];
        const sx_prep *sp = sx_ix_spelled_words(ix, key, &tmp_key, tokbuf);
        /* Words, then the compact form (which also holds words past SX_PREP_MAX_TOKENS). */
        size_t len = p->clen + p->ntok + 40; /* 40: the prior in %a and the flag */
        for (size_t t = 0; t < p->ntok; t++)
            len += p->tlen[t];
        for (size_t t = 0; sp && t < sp->ntok; t++)
            len += sp->tlen[t] + 1u;
        char *sig = sx_arena_alloc(&tmp, len + 1), *o = sig;
        if (!sig) {
            rc = SX_ENOMEM;
            break;
        }
        for (size_t t = 0; t < p->ntok; t++) {
            memcpy(o, p->tok[t], p->tlen[t]);
            o += p->tlen[t];
            *o++ = ' ';
        }
        o += snprintf(o, (size_t)(sig + len + 1 - o), "|%a|%d%d%d|", (double)key->prior,
                      key->path[0] != '\0', key->kind, sx_ix_key_person(ix, (uint32_t)k));
        memcpy(o, p->compact, p->clen);
        o += p->clen;
        for (size_t t = 0; sp && t < sp->ntok; t++) {
            *o++ = t ? ' ' : '|';
            memcpy(o, sp->tok[t], sp->tlen[t]);
            o += sp->tlen[t];
        }
        *o = '\0';
        const uint32_t *first = sx_strmap_get(&seen, sig);
        ix->twin[k] = first ? *first : (uint32_t)k;
        if (!first)
            rc = sx_strmap_put(&seen, sig, &ix->twin[k]);
    }
    sx_strmap_free(&seen);
    sx_arena_free(&tmp);
    return rc;
}

/* What a set of postings is over: a key's letters, skeleton or consonants, or the
 * boundaries of its words. */
enum { POST_LETTERS, POST_SKELETON, POST_CONSONANTS, POST_WORD_MARKS };

#define KEY_TRIGRAMS_MAX (SX_COMPACT_MAX + 2 + 2 * SX_PREP_MAX_TOKENS) /* key_trigrams */

/* The trigrams of a key's words that hold a boundary mark: the first and the last of
 * each ("^zi", "nc$" of ZINC in KOREA ZINC INDUSTRY GROUP).  A query's words are looked
 * up with their marks (query.c gather_words), which the letters' postings hold only at
 * the ends of the name's compact form: a query word met a list word there only, and
 * "korea zinc" (고려아연) shared a third of its rarest trigrams with KOREA ZINC INDUSTRY
 * GROUP, as much as with a dozen names holding no word of it.  Apart from the letters'
 * postings, which a whole name's lookup reads: there, a word's start inside a name is not
 * the name's start. */
static size_t word_marks(uint32_t *tri, const sx_prep *p)
{
    size_t n = 0;
    for (size_t t = 0; t < p->ntok && t < SX_PREP_MAX_TOKENS; t++) {
        uint32_t w[SX_COMPACT_MAX + 2];
        size_t m = raw_trigrams(w, SX_COMPACT_MAX + 2, p->tok[t], p->tlen[t]);
        if (m > 0) /* a word of one letter: its one trigram has both marks */
            tri[n++] = w[0];
        if (m > 1)
            tri[n++] = w[m - 1];
    }
    return n;
}

/* The trigrams of key k's text as postings of kind `over` index it, into tri (room for
 * KEY_TRIGRAMS_MAX). */
static size_t key_trigrams(uint32_t *tri, const sx_prep *p, int over)
{
    char form[2 * SX_COMPACT_MAX + 1]; /* x is KS: up to twice the letters */
    switch (over) {
    case POST_WORD_MARKS:
        return word_marks(tri, p);
    case POST_SKELETON:
        return raw_trigrams(tri, SX_COMPACT_MAX + 2, form,
                            sx_skeleton(form, p->compact, p->clen));
    case POST_CONSONANTS:
        return raw_trigrams(tri, SX_COMPACT_MAX + 2, form,
                            sx_consonants(form, p->compact, p->clen));
    default:
        return raw_trigrams(tri, SX_COMPACT_MAX + 2, p->compact, p->clen);
    }
}

/* Compressed postings: for each trigram code, the keys whose text (or skeleton, or
 * consonants: `over`) has it. */
static int build_postings(sx_screen_index *ix, int cls, int over, uint32_t **off_out,
                          uint8_t **post_out)
{
    uint32_t *off = calloc(NTRI + 1, sizeof *off);
    /* A key's repeated trigrams are posted once: seen[code] holds the last key + 1 that
     * posted it (cheaper than sorting each key's trigrams). */
    uint32_t *seen = calloc(NTRI, sizeof *seen);
    uint32_t tri[KEY_TRIGRAMS_MAX];
    if (!off || !seen) {
        free(off);
        free(seen);
        return sx_error_oom();
    }
    for (int pass = 0; pass < 2; pass++) {
        uint8_t *post = pass ? *post_out : NULL;
        uint32_t *fill = NULL;
        if (pass) {
            fill = calloc(NTRI, sizeof *fill);
            if (!fill) {
                free(seen);
                return sx_error_oom();
            }
            memset(seen, 0, NTRI * sizeof *seen);
        }
        for (size_t k = 0; k < ix->nkeys; k++) {
            if (ix->keys[k].kind != cls ||
                ((over == POST_CONSONANTS || over == POST_WORD_MARKS) &&
                 cls != SX_KEY_SPELLED) ||
                name_again(&ix->names[ix->keys[k].name]))
                continue; /* add_name_sides */
            size_t n = key_trigrams(tri, &ix->keys[k].prep, over);
            for (size_t i = 0; i < n; i++) {
                if (seen[tri[i]] == (uint32_t)k + 1)
                    continue;
                seen[tri[i]] = (uint32_t)k + 1;
                if (pass)
                    sx_ix_posting_put(post, off[tri[i]] + fill[tri[i]]++, ix->post_width,
                                      (uint32_t)k);
                else
                    off[tri[i] + 1]++;
            }
        }
        if (!pass) {
            for (size_t i = 0; i < NTRI; i++)
                off[i + 1] += off[i];
            *post_out = malloc((off[NTRI] ? off[NTRI] : 1) * ix->post_width);
            if (!*post_out) {
                free(off);
                free(seen);
                return sx_error_oom();
            }
        }
        free(fill);
    }
    free(seen);
    *off_out = off;
    return 0;
}

static int cmp_short_form(const void *a, const void *b)
{
    const sx_ix_short_form *x = a, *y = b;
    int c = memcmp(x->compact, y->compact, x->clen < y->clen ? x->clen : y->clen);
    return c ? c : (x->clen > y->clen) - (x->clen < y->clen);
}

int sx_ix_short_forms_index(sx_screen_index *ix)
{
    size_t n = 0;
    for (size_t i = 0; i < ix->nnames; i++)
        n += ix->names[i].short_form && ix->names[i].nkeys[SX_KEY_SPELLED];
    free(ix->short_forms);
    ix->nshort_forms = 0;
    if (!(ix->short_forms = malloc((n ? n : 1) * sizeof *ix->short_forms)))
        return sx_error_oom();
    for (size_t i = 0; i < ix->nnames; i++) {
        const sx_ix_name *nm = &ix->names[i];
        if (!nm->short_form || !nm->nkeys[SX_KEY_SPELLED])
            continue;
        sx_ix_key tmp;
        const char *tokbuf[SX_PREP_MAX_TOKENS];
        const sx_prep *p = &sx_ix_key_at(ix, nm->key0[SX_KEY_SPELLED], &tmp, tokbuf)->prep;
        ix->short_forms[ix->nshort_forms++] =
            (sx_ix_short_form){.compact = p->compact, .clen = p->clen, .name = (uint32_t)i};
    }
    qsort(ix->short_forms, ix->nshort_forms, sizeof *ix->short_forms, cmp_short_form);
    /* An entity's names lie side by side (sx_screen_index_build). */
    for (size_t i = 0, end; i < ix->nnames; i = end) {
        bool beside = false;
        for (end = i; end < ix->nnames && ix->names[end].entity == ix->names[i].entity; end++)
            beside |= ix->names[end].beside;
        for (size_t j = i; j < end; j++)
            ix->names[j].kin_beside = beside;
    }
    return 0;
}

size_t sx_ix_short_forms_spelled(const sx_screen_index *ix, const char *compact, size_t clen,
                                 uint32_t *out, size_t room)
{
    sx_ix_short_form want = {.compact = compact, .clen = clen};
    size_t lo = 0, hi = ix->nshort_forms, n = 0;
    while (lo < hi) { /* the first not below want */
        size_t mid = lo + (hi - lo) / 2;
        if (cmp_short_form(&ix->short_forms[mid], &want) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (; lo < ix->nshort_forms && n < room &&
           cmp_short_form(&ix->short_forms[lo], &want) == 0;
         lo++)
        out[n++] = ix->short_forms[lo].name;
    return n;
}

static int index_hash(sx_screen_index *ix)
{
    sx_sha256 *h = NULL;
    int rc = sx_sha256_new(&h);
    for (size_t i = 0; i < ix->nlists && rc == 0; i++)
        rc = sx_sha256_update(h, ix->lists[i]->hash, strlen(ix->lists[i]->hash));
    if (rc == 0)
        return sx_sha256_final_hex(h, ix->hash);
    sx_sha256_free(h);
    return rc;
}

int sx_screen_index_build(sx_screen_index **out, sx_list **lists, size_t nlists)
{
    *out = NULL;
    int rc = 0;
    sx_screen_index *ix = calloc(1, sizeof *ix);
    sx_list **own = calloc(nlists ? nlists : 1, sizeof *own);
    if (!ix || !own) {
        free(ix);
        free(own);
        for (size_t i = 0; i < nlists; i++)
            sx_list_free(lists[i]);
        return sx_error_oom();
    }
    memcpy(own, lists, nlists * sizeof *own);
    ix->lists = own;
    ix->nlists = nlists;
    pthread_mutex_init(&ix->pool_lock, NULL);
    for (size_t l = 0; l < nlists; l++)
        ix->nents += lists[l]->count;
    ix->ents = calloc(ix->nents ? ix->nents : 1, sizeof *ix->ents);
    if (!ix->ents) {
        rc = sx_error_oom();
        goto done;
    }
    size_t e = 0;
    for (size_t l = 0; l < nlists && rc == 0; l++)
        for (size_t i = 0; i < lists[l]->count && rc == 0; i++, e++) {
            ix->ents[e] = &lists[l]->entities[i];
            for (size_t k = 0; k < lists[l]->entities[i].nnames && rc == 0; k++)
                rc = add_name_sides(ix, (uint32_t)e, &lists[l]->entities[i].names[k]);
        }
    sx_strmap_free(&ix->loan_words); /* the build's caches only */
    sx_strmap_free(&ix->paths);
    if (rc == 0)
        rc = weigh_tokens(ix);
    /* Only now: weigh_tokens counts a token once per name by meeting a name's keys one
     * after the other. */
    if (rc == 0)
        rc = group_keys_by_kind(ix);
    if (rc == 0)
        rc = find_twins(ix);
    if (rc == 0)
        rc = key_lengths(ix);
    ix->post_width = sx_ix_post_width(ix->nkeys);
    for (int c = 0; c < SX_KEY_CLASSES && rc == 0; c++) {
        rc = build_postings(ix, c, POST_LETTERS, &ix->tri_off[c], &ix->tri_post[c]);
        if (rc == 0)
            rc = build_postings(ix, c, POST_SKELETON, &ix->sk_off[c], &ix->sk_post[c]);
        if (rc == 0)
            rc = build_postings(ix, c, POST_CONSONANTS, &ix->cn_off[c], &ix->cn_post[c]);
        if (rc == 0)
            rc = build_postings(ix, c, POST_WORD_MARKS, &ix->wm_off[c], &ix->wm_post[c]);
    }
    if (rc == 0)
        for (size_t i = 0; i < ix->nnames; i++)
            ix->ncjk += ix->names[i].core != NULL;
    if (rc == 0 && !(ix->cjk = malloc((ix->ncjk ? ix->ncjk : 1) * sizeof *ix->cjk)))
        rc = sx_error_oom();
    if (rc == 0) {
        size_t c = 0;
        for (size_t i = 0; i < ix->nnames; i++)
            if (ix->names[i].core)
                ix->cjk[c++] = (uint32_t)i;
        rc = index_hash(ix);
    }
    if (rc == 0)
        rc = sx_ix_short_forms_index(ix);
done:
    if (rc != 0) {
        sx_screen_index_free(ix);
        return rc;
    }
    *out = ix;
    return 0;
}

/* An index just written is opened from its file and the one built is freed: mapped, it
 * takes a third of the memory (77 MB against 202 for the bundled lists; its pages are
 * shared with every process that opens the file, and read in as queries need them), and
 * the process that built it answers as those that open it.  Kept as built if the file
 * cannot be opened. */
static void reopen_saved(sx_screen_index **ix, const char *path, const char *key)
{
    sx_screen_index *opened = NULL;
    if (sx_ix_open(&opened, path, key) != 0) {
        sx_error_clear();
        return;
    }
    sx_screen_index_free(*ix);
    *ix = opened;
#ifdef __GLIBC__
    malloc_trim(0); /* the build's heap back to the system, not kept for later use */
#endif
}

/* The bundled lists are indexed once and the index written to a file (ixfile.c) that
 * later processes open instead: reading the lists and analysing 100,000 names takes
 * seconds, opening the file milliseconds.  A file that is missing, stale, truncated or
 * corrupt is rebuilt and replaced; when no file can be written the index is simply
 * built in memory, as before. */
int sx_screen_index_load_default(sx_screen_index **out, const char *data_dir)
{
    *out = NULL;
    sx_list **lists = NULL;
    size_t n = 0;
    /* The lists come from data_dir (else the built-in folder), the term tables from
     * data_dir, else STRATEX_DATA, else the built-in folder (sx_text_init). */
    const char *lists_dir = data_dir ? data_dir : SX_DEFAULT_DATA_DIR;
    const char *terms_dir = data_dir ? data_dir : getenv("STRATEX_DATA");
    if (!terms_dir || !*terms_dir)
        terms_dir = SX_DEFAULT_DATA_DIR;
    int rc = sx_text_init(data_dir);
    if (rc != 0)
        return rc;
    char path[4096], key[SX_SHA256_HEX];
    bool cached = sx_ix_cache_path(path, sizeof path, lists_dir) == 0 &&
                  sx_ix_cache_key(key, lists_dir, terms_dir) == 0;
    if (cached && sx_ix_open(out, path, key) == 0)
        return 0;
    if ((rc = sx_lists_load_default(&lists, &n, data_dir)) != 0)
        return rc;
    rc = sx_screen_index_build(out, lists, n);
    free(lists);
    /* The file is a cache: failing to write it leaves a working index.  Written, it is
     * the moment to remove those of data folders that are gone. */
    if (rc == 0 && cached && sx_ix_save(*out, path, key, lists_dir) == 0) {
        sx_ix_prune(path);
        reopen_saved(out, path, key);
    }
    return rc;
}

void sx_screen_index_free(sx_screen_index *ix)
{
    if (!ix)
        return;
    for (size_t i = 0; i < ix->nlists; i++)
        sx_list_free(ix->lists[i]);
    free(ix->lists);
    free(ix->ents);
    free(ix->names);
    free(ix->keys);
    /* An opened index's twins, postings and CJK names lie in the mapping. */
    for (int c = 0; !ix->map && c < SX_KEY_CLASSES; c++) {
        free(ix->tri_off[c]);
        free(ix->tri_post[c]);
        free(ix->sk_off[c]);
        free(ix->sk_post[c]);
        free(ix->cn_off[c]);
        free(ix->cn_post[c]);
        free(ix->wm_off[c]);
        free(ix->wm_post[c]);
    }
    if (!ix->map) {
        free(ix->twin);
        free(ix->kclen);
        free(ix->cjk);
    }
    free(ix->short_forms);
    sx_strmap_free(&ix->dict);
    sx_arena_free(&ix->arena);
    while (ix->pool) {
        sx_ix_scratch *s = ix->pool;
        ix->pool = s->next;
        sx_ix_scratch_free(s);
    }
    pthread_mutex_destroy(&ix->pool_lock);
    if (ix->map)
        munmap(ix->map, ix->map_len);
    free(ix);
}

uint32_t sx_ix_df(const sx_screen_index *ix, const char *tok, size_t len)
{
    if (!ix->map) {
        const sx_ix_token *tk = sx_strmap_getn(&ix->dict, tok, len);
        return tk ? tk->df : 0;
    }
    /* Bisection over the sorted {token, df} table of the file. */
    size_t lo = 0, hi = ix->ndf;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const char *t = ix->map_str + ix->df_table[2 * mid] - 1;
        int c = strncmp(t, tok, len);
        if (c == 0 && t[len] != '\0')
            c = 1;
        if (c == 0)
            return ix->df_table[2 * mid + 1];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}

const char *sx_screen_index_hash(const sx_screen_index *ix)
{
    return ix ? ix->hash : "";
}

size_t sx_screen_index_name_count(const sx_screen_index *ix)
{
    return ix ? ix->nnames : 0;
}
