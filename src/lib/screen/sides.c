/* The names one name field gives (sx_name_sides): two names after a phrase that says so
 * (Acme Ltd d/b/a Beta Motors; data/terms/name_split.tsv), a name written twice, in two
 * languages or two spellings, parted by a slash (Игорь Юрьевич АНТИПОВ / Iгор Юрiйович
 * АНТИПОВ), or with its short form in closing parentheses (Акционерное Общество «Швабе»
 * (АО «Швабе»)); other spellings of a name's words in parentheses a phrase opens
 * (Maher (a.k.a. Mahir) AL-ASSAD); and the words before closing parentheses that name no
 * other (GRAND STORES (THE GAMBIA LOCATION ONLY)).
 * The query screens each side beside the whole field (query.c run_sides); the index
 * reads each side of a list's name as a name of its own (index.c add_name_sides).  Its
 * rules: docs/screening.md, "A field that gives a name twice". */
#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/screen/text.h"
#include "lib/screen/textint.h"
#include "util/buf.h"
#include "util/error.h"

#define SIDE_PREFIX 3 /* letters two sides' words share at their start, to be one name's */

#define SIDE_WORDS 16       /* words of a side compared, at most */
#define SIDE_SAME_WORD 4    /* letters of a word two sides share whole, to be one name's */
#define SIDE_ACRONYM_MAX 12 /* letters of a short name made of initials, at most */

/* A side's words, normalised (a Cyrillic side in Latin letters). */
typedef struct side_words {
    sx_buf norm;
    const char *w[SIDE_WORDS];
    size_t len[SIDE_WORDS];
    size_t n;
} side_words;

/* The words of side[0..len) into sw (its buffer reused). */
static void side_words_of(side_words *sw, const char *side, size_t len)
{
    sw->norm.len = 0;
    sw->n = 0;
    if (sx_text_normalise(&sw->norm, side, len) != 0 || !sw->norm.ptr)
        return;
    const char *p = sw->norm.ptr;
    if (strncmp(p, "the ", 4) == 0)
        p += 4; /* a leading article, as analyse.c drops it: Syria/the Levant */
    while (*p && sw->n < SIDE_WORDS) {
        size_t k = strcspn(p, " ");
        sw->w[sw->n] = p;
        sw->len[sw->n++] = k;
        p += k;
        p += *p == ' ';
    }
}

/* Where letter c next stands in a's words from word *i, letter *j on: at the start of a
 * word if one ahead starts with it (an initial), else wherever it comes first.  Moves
 * (*i, *j) past it; false when c is not ahead. */
static bool acronym_letter(const side_words *a, char c, size_t *i, size_t *j, bool *initial)
{
    for (size_t k = *j ? *i + 1 : *i; k < a->n; k++)
        if (a->w[k][0] == c) {
            *i = k;
            *j = 1;
            *initial = true;
            return true;
        }
    *initial = false;
    for (; *i < a->n; (*i)++, *j = 0)
        for (; *j < a->len[*i]; (*j)++)
            if (a->w[*i][*j] == c) {
                (*j)++;
                return true;
            }
    return false;
}

/* Whether word w is made of a's words' letters in order, as a short name is: its first
 * letter a word's initial and two or more of its letters initials (Брянский
 * Электромеханический Завод, БЭМЗ: bemz; Научно-Исследовательский Институт, НИИ). */
static bool acronym_of(const side_words *a, const char *w, size_t len)
{
    if (len < 2 || len > SIDE_ACRONYM_MAX)
        return false;
    size_t i = 0, j = 0, initials = 0;
    for (size_t k = 0; k < len; k++) {
        bool initial;
        if (!acronym_letter(a, w[k], &i, &j, &initial) || (k == 0 && !initial))
            return false;
        initials += initial;
    }
    return initials >= 2;
}

/* Whether a word can tell one name from another: not one that says what an organisation
 * is (descriptors.tsv: organization, group, bank) or a legal form's word — JOUMAA MONEY
 * LAUNDERING ORGANIZATION / DRUG TRAFFICKING ORGANIZATION is one name. */
static bool telling_word(const char *w, size_t len)
{
    return !sx_terms_descriptor(w, len) && !sx_legal_latin(w, len);
}

/* Whether word i of a and word j of b start alike and can tell a name (telling_word). */
static bool words_alike(const side_words *a, size_t i, const side_words *b, size_t j)
{
    return a->len[i] >= SIDE_PREFIX && b->len[j] >= SIDE_PREFIX &&
           memcmp(a->w[i], b->w[j], SIDE_PREFIX) == 0 && telling_word(a->w[i], a->len[i]);
}

/* The words of a side that are more than a letter: ISIL-K, AAS-T are a name of one word
 * (as a side, its lone letter would pair with any word it starts, AAS Trading). */
static size_t name_words(const side_words *sw)
{
    size_t n = 0;
    for (size_t i = 0; i < sw->n; i++)
        n += sw->len[i] >= 2;
    return n;
}

/* Whether side b names what side a does, as the other spelling of one name or its short
 * form: two words each or more, and words of both starting alike — one, or two when the
 * shorter has three words or more (Игорь Юрьевич АНТИПОВ / Iгор Юрiйович АНТИПОВ: yur,
 * ant; ООО Ромашка / Romashka LLC: rom; not Mineral Oil/Gas Company) — a word of b made
 * of a's initials counting as one (АО «НИИ ПС» of Научно-Исследовательский Институт
 * Программных Средств); or one word of four letters or more in both as it is (the
 * surname of Владимир Николаевич АНТОНОВ / Володимир Миколайович АНТОНОВ, whose given
 * name and patronymic the two languages write apart).  Words alike: words_alike. */
static bool same_name_sides(const side_words *a, const side_words *b)
{
    size_t shorter = a->n < b->n ? a->n : b->n, shared = 0;
    if (name_words(a) < 2 || name_words(b) < 2)
        return false;
    bool same_word = false; /* a word of four letters or more in both, as it is */
    for (size_t i = 0; i < a->n; i++) {
        bool met = false;
        for (size_t j = 0; j < b->n && !met; j++) {
            met = words_alike(a, i, b, j);
            same_word |= met && a->len[i] == b->len[j] && a->len[i] >= SIDE_SAME_WORD &&
                         memcmp(a->w[i], b->w[j], a->len[i]) == 0;
        }
        shared += met;
    }
    for (size_t j = 0; j < b->n; j++) {
        bool met = false;
        for (size_t i = 0; i < a->n && !met; i++)
            met = words_alike(a, i, b, j);
        shared += !met && acronym_of(a, b->w[j], b->len[j]);
    }
    return same_word || shared >= (shorter >= 3 ? 2u : 1u);
}

/* A span of the field: one name it gives. */
typedef struct field_span {
    const char *start, *end;
} field_span;

/* Whether span b is a's short form of one word, made of its initials (acronym_of; KOREA
 * MINING DEVELOPMENT TRADING CORPORATION (KOMID), AL-QAIDA IN THE ARABIAN PENINSULA
 * (AQAP)): not a place (Huawei Technologies Co., Ltd. (Shenzhen)), nor a word and a letter
 * (ANSAR AL-SHARI'A IN TUNISIA (AAS-T): its t would pair with any word it starts). */
static bool short_form_of(field_span a, field_span b, side_words *wa, side_words *wb)
{
    side_words_of(wb, b.start, (size_t)(b.end - b.start));
    if (wb->n != 1)
        return false;
    side_words_of(wa, a.start, (size_t)(a.end - a.start));
    return name_words(wa) >= 2 && acronym_of(wa, wb->w[0], wb->len[0]);
}

/* The scripts span's letters are written in (sx_script bits; those of no script the
 * analysis reads, Cyrillic among them, left out: normalised, they are Latin). */
static unsigned span_scripts(field_span s)
{
    return sx_scripts_of(s.start, (size_t)(s.end - s.start), true) & ~(unsigned)SX_SCRIPT_OTHER;
}

/* Whether spans a and b are written in scripts apart, one the other's name in its own
 * script (the UN's Jin Tiesan (金铁三), عبدالله السندي (Abdullah Sindhi)): no words to share
 * once normalised. */
static bool scripts_apart(field_span a, field_span b)
{
    unsigned sa = span_scripts(a), sb = span_scripts(b);
    return sa && sb && !(sa & sb);
}

/* Whether span b names what span a does (same_name_sides of their words). */
static bool same_name_spans(field_span a, field_span b, side_words *wa, side_words *wb)
{
    side_words_of(wa, a.start, (size_t)(a.end - a.start));
    side_words_of(wb, b.start, (size_t)(b.end - b.start));
    return same_name_sides(wa, wb);
}

/* The span parted at its slashes outside parentheses (at most room parts, the last
 * keeping the rest): Maersk A/S is two parts here, one name for sx_name_sides. */
static size_t slash_parts(field_span whole, field_span *part, size_t room)
{
    size_t n = 0;
    int depth = 0;
    part[0].start = whole.start;
    for (const char *p = whole.start; p < whole.end; p++) {
        depth += *p == '(';
        depth -= *p == ')' && depth > 0;
        if (*p == '/' && depth == 0 && n + 1 < room) {
            part[n++].end = p;
            part[n].start = p + 1;
        }
    }
    part[n++].end = whole.end;
    return n;
}

/* The parentheses that close a part, with a name before them: Акционерное Общество
 * «Протон» (АО «Протон») into its name (*before) and the other it gives (*inside).  Not
 * parentheses inside a name, Company (Hong Kong) Limited, nor one that opens it, (주)삼성. */
static bool closing_parentheses(field_span part, field_span *before, field_span *inside)
{
    const char *end = part.end;
    while (end > part.start && end[-1] == ' ')
        end--;
    if (end == part.start || end[-1] != ')')
        return false;
    int depth = 0;
    size_t at = (size_t)(end - part.start); /* one past the '(' that opens them */
    for (; at > 0; at--) {
        depth += part.start[at - 1] == ')';
        depth -= part.start[at - 1] == '(';
        if (depth == 0)
            break;
    }
    if (at == 0)
        return false; /* unbalanced */
    const char *open = part.start + at - 1;
    const char *name_end = open;
    while (name_end > part.start && name_end[-1] == ' ')
        name_end--;
    if (name_end == part.start)
        return false;
    *before = (field_span){part.start, name_end};
    *inside = (field_span){open + 1, end - 1};
    return true;
}

static bool word_byte(unsigned char c)
{
    return isalnum(c) || c >= 0x80;
}

/* Whether phrase form f (name_split.tsv: letters, and spaces between its words) is
 * written at s[0..len) as a whole word or words, in any case, with periods or slashes
 * between or after its letters (a.k.a., A/K/A, d/b/a, f/k/a).  Returns the bytes it
 * takes, or 0. */
static size_t phrase_here(const char *s, size_t len, const char *f)
{
    size_t i = 0;
    for (const char *c = f; *c; c++) {
        if (*c == ' ') {
            while (i < len && s[i] == '.')
                i++;
            if (i >= len || s[i] != ' ')
                return 0;
            while (i < len && s[i] == ' ')
                i++;
            continue;
        }
        if (c != f && c[-1] != ' ')
            while (i < len && (s[i] == '.' || s[i] == '/'))
                i++;
        if (i >= len || tolower((unsigned char)s[i]) != *c)
            return 0;
        i++;
    }
    while (i < len && s[i] == '.')
        i++;
    return i < len && word_byte((unsigned char)s[i]) ? 0 : i;
}

/* The bytes a phrase of name_split.tsv takes at span.start + at, where a word starts, or
 * 0 (forms longest first: formerly known as, not formerly). */
static size_t split_phrase_at(field_span span, size_t at)
{
    if (at > 0 && word_byte((unsigned char)span.start[at - 1]))
        return 0;
    const char *const *forms;
    size_t nforms = sx_terms_split_forms(&forms), len = (size_t)(span.end - span.start) - at;
    if (len == 0)
        return 0;
    int first = tolower((unsigned char)span.start[at]);
    for (size_t k = 0; k < nforms; k++) {
        if (forms[k][0] != first)
            continue;
        size_t n = phrase_here(span.start + at, len, forms[k]);
        if (n)
            return n;
    }
    return 0;
}

/* Whether a span can be a side by itself: two words of two letters or more (name_words;
 * a side of one word, screened alone, would meet every name with it: Smith d/b/a Smith
 * Motors is not screened as Smith). */
static bool side_enough(field_span span, side_words *sw)
{
    side_words_of(sw, span.start, (size_t)(span.end - span.start));
    return name_words(sw) >= 2;
}

/* The field parted where a phrase says another name follows (Acme Ltd d/b/a Acme
 * Trading: two pieces), outside parentheses, into piece[] (room at most; one when none);
 * each piece enough for a side (side_enough), and the one after a phrase not opening with
 * parentheses (NORDIC TRADING AS (Norway) is one name: a Norwegian AS). */
static size_t phrase_pieces(field_span whole, field_span *piece, size_t room, side_words *sw)
{
    size_t n = 0;
    int depth = 0;
    piece[0] = whole;
    size_t len = (size_t)(whole.end - whole.start);
    for (size_t at = 0; at < len && n + 1 < room; at++) {
        char c = whole.start[at];
        depth += c == '(';
        depth -= c == ')' && depth > 0;
        size_t k = depth == 0 ? split_phrase_at(whole, at) : 0;
        if (!k)
            continue;
        field_span left = {piece[n].start, whole.start + at},
                   right = {whole.start + at + k, whole.end};
        while (right.start < right.end && right.start[0] == ' ')
            right.start++;
        if (right.start < right.end && right.start[0] != '(' && side_enough(left, sw) &&
            side_enough(right, sw)) {
            piece[n++].end = left.end;
            piece[n] = right;
            at += k - 1;
        }
    }
    return n + 1;
}

/* A span that a phrase of name_split.tsv opens (formerly known as Promsvyaz Bank, a.k.a.
 * Oleksandr KOFMAN): the name after it into *rest. */
static bool opens_with_phrase(field_span span, field_span *rest)
{
    while (span.start < span.end && span.start[0] == ' ')
        span.start++;
    size_t k = split_phrase_at(span, 0);
    if (!k)
        return false;
    *rest = (field_span){span.start + k, span.end};
    return true;
}

/* The length of s[0..len) without a clause of name_clauses.tsv that ends it, nor the
 * commas, semicolons and spaces before the clause ("PMC Wagner; and any successor, ...":
 * "PMC Wagner;" is left of the piece, 0 when the clause is all of it). */
static size_t without_clause(const char *s, size_t len)
{
    const char *const *clauses;
    size_t nclauses = sx_terms_name_clauses(&clauses), end = len;
    while (end > 0 && (s[end - 1] == ' ' || s[end - 1] == '.'))
        end--;
    for (size_t i = 0; i < nclauses; i++) {
        size_t n = strlen(clauses[i]);
        if (n > end || (n < end && word_byte((unsigned char)s[end - n - 1])) ||
            strncasecmp(s + end - n, clauses[i], n) != 0)
            continue;
        end -= n;
        while (end > 0 && strchr(" ,;", s[end - 1]))
            end--;
        return end;
    }
    return len;
}

int sx_name_piece(const char *piece, size_t len, size_t *start, size_t *end)
{
    if (sx_text_init(NULL) != 0)
        sx_error_clear(); /* without the term tables: no phrases, no clauses */
    field_span span = {piece, piece + without_clause(piece, len)}, rest;
    int what = SX_PIECE_NAME;
    if (opens_with_phrase(span, &rest)) { /* it skips the spaces before the phrase */
        span = rest;
        what = SX_PIECE_ALIAS;
    }
    while (span.start < span.end && isspace((unsigned char)span.start[0]))
        span.start++;
    *start = (size_t)(span.start - piece);
    *end = (size_t)(span.end - piece);
    return span.start < span.end ? what : SX_PIECE_NONE;
}

/* Whether the words before a list name's closing parentheses that give no other name of
 * it (a place, a branch, what the entity is or whose it is: Vizo Group Limited (Hong
 * Kong), Bearings on Lipetsk LLC (Russian entity), SAIED SHAHSAVARANI (PRESIDENT OF TAK
 * COMPONENTS)) name it without them: a word of two letters or more.  Read whole, the name
 * alone scored 0.54-0.72 against such a field, and met nothing. */
static bool named_before(field_span before, side_words *sw)
{
    side_words_of(sw, before.start, (size_t)(before.end - before.start));
    return name_words(sw) >= 1;
}

/* A list name and itself in a script apart (scripts_apart) into span[*n..], each side
 * that is enough for a name (side_enough: 金铁三, one word, might be a place), beside the
 * whole; returns how many. */
static size_t script_sides(field_span before, field_span inside, field_span *span, uint8_t *role,
                           size_t *n, side_words *sw)
{
    field_span both[2] = {before, inside};
    size_t added = 0;
    for (size_t i = 0; i < 2; i++)
        if (side_enough(both[i], sw)) {
            role[*n] = i == 0 ? SX_SIDE_BESIDE : SX_SIDE_INSIDE;
            span[(*n)++] = both[i];
            added++;
        }
    return added;
}

/* ---- parentheses between a name's words ---- */

#define ALIAS_GROUPS 4 /* such parentheses in one name, at most */

/* Parentheses between a name's words.  A phrase opening them says they hold other
 * spellings of the words just before them, a word for a word, parted at commas: Maher
 * (a.k.a. Mahir) AL-ASSAD, Fahd (a.k.a. Fahid, Fahed) Jasim (a.k.a. Jasem) AL-FURAYJ, as
 * the EU writes its Syrian listings.  Without a phrase nothing says what they hold (a
 * place, a legal form, a translation, other spellings: Acme Trading (Hong Kong) Limited,
 * Pishgam (Pioneer) Energy Industries, Abdel Karim Mahmoud (Mahmood, Mohammad) IBRAHIM):
 * the name without them is the name, and nothing is taken from them — when they stand
 * apart from the words either side (not 삼성(주)전자: its words would run together). */
typedef struct alias_group {
    const char *open, *close; /* the parentheses */
    field_span alts;          /* after the phrase; empty without one */
    bool phrase;
} alias_group;

static bool has_word(const char *s, const char *end)
{
    for (; s < end; s++)
        if (word_byte((unsigned char)*s))
            return true;
    return false;
}

/* The ')' that closes the '(' at open, or NULL. */
static const char *closing_of(const char *open, const char *end)
{
    int depth = 0;
    for (const char *p = open; p < end; p++) {
        depth += *p == '(';
        depth -= *p == ')';
        if (depth == 0)
            return p;
    }
    return NULL;
}

/* The alias groups of span into g[] (room at most): parentheses holding a word, with
 * words before and after them (closing parentheses are sx_name_sides' other name).
 * *phrased: whether a phrase opens one. */
static size_t alias_groups(field_span span, alias_group *g, size_t room, bool *phrased)
{
    size_t n = 0;
    *phrased = false;
    for (const char *p = span.start; p < span.end && n < room; p++) {
        if (*p != '(')
            continue;
        const char *close = closing_of(p, span.end);
        if (!close)
            break;
        field_span inside = {p + 1, close}, rest;
        if (has_word(span.start, p) && has_word(close + 1, span.end) &&
            has_word(inside.start, inside.end)) {
            if (!opens_with_phrase(inside, &rest)) {
                if (p[-1] == ' ' && close[1] == ' ') /* not inside a word */
                    g[n++] = (alias_group){p, close, {close, close}, false};
            } else if (has_word(rest.start, rest.end)) {
                g[n++] = (alias_group){p, close, rest, true};
                *phrased = true;
            }
        }
        p = close;
    }
    return n;
}

/* The k-th spelling a group gives (parted at commas), or false when it has fewer. */
static bool alias_at(const alias_group *g, size_t k, field_span *alt)
{
    if (!g->phrase)
        return false;
    const char *p = g->alts.start;
    for (;;) {
        const char *comma = memchr(p, ',', (size_t)(g->alts.end - p));
        const char *end = comma ? comma : g->alts.end;
        if (has_word(p, end) && k-- == 0) {
            *alt = (field_span){p, end};
            return true;
        }
        if (!comma)
            return false;
        p = comma + 1;
    }
}

/* Appends s[0..end) to b, a run of spaces as one, none leading. */
static void put_spaced(sx_buf *b, const char *s, const char *end)
{
    for (; s < end; s++)
        if (*s != ' ' || (b->len && b->ptr[b->len - 1] != ' '))
            sx_buf_putc(b, *s);
}

static void trim_end(sx_buf *b)
{
    while (b->len && b->ptr[b->len - 1] == ' ')
        b->len--;
}

/* Drops the last n words of b (all it has, when fewer), and the spaces before them. */
static void drop_words(sx_buf *b, size_t n)
{
    while (n-- > 0) {
        trim_end(b);
        while (b->len && b->ptr[b->len - 1] != ' ')
            b->len--;
    }
    trim_end(b);
}

static size_t words_in(field_span s)
{
    size_t n = 0;
    for (const char *p = s.start; p < s.end; p++)
        n += *p != ' ' && (p == s.start || p[-1] == ' ');
    return n;
}

/* The name span gives with its alias groups dropped, or (which < ng) with group which's
 * words before it spelled as alt: a copy, or NULL when out of memory. */
static char *alias_name(field_span span, const alias_group *g, size_t ng, size_t which,
                        field_span alt)
{
    sx_buf b = SX_BUF_INIT;
    const char *p = span.start;
    for (size_t k = 0; k < ng; k++) {
        put_spaced(&b, p, g[k].open);
        if (k == which) {
            drop_words(&b, words_in(alt));
            if (b.len)
                sx_buf_putc(&b, ' ');
            put_spaced(&b, alt.start, alt.end);
            sx_buf_putc(&b, ' ');
        }
        p = g[k].close + 1;
    }
    put_spaced(&b, p, span.end);
    trim_end(&b);
    if (b.ptr && !b.err)
        b.ptr[b.len] = '\0'; /* words were dropped: the end moved back */
    return sx_buf_detach(&b);
}

/* The names span gives into side[*n..limit): itself, or, with alias groups, itself without
 * them and then their spellings, a group's first before any group's second (Fahid, Jasem,
 * Fahed) while room lasts.  *plain: whether it gave itself without parentheses no phrase
 * opens, and nothing else.  Returns 0, or -1 when out of memory. */
static int span_names(field_span span, char **side, size_t *n, size_t limit, bool *plain)
{
    alias_group g[ALIAS_GROUPS];
    bool phrased;
    size_t ng = alias_groups(span, g, ALIAS_GROUPS, &phrased);
    *plain = ng > 0 && !phrased;
    if (ng == 0) {
        side[*n] = strndup(span.start, (size_t)(span.end - span.start));
        return side[*n] ? (int)(++*n, 0) : -1;
    }
    field_span none = {NULL, NULL}, alt;
    if (!(side[*n] = alias_name(span, g, ng, ng, none)))
        return -1;
    ++*n;
    bool more = true;
    for (size_t k = 0; more && *n < limit; k++) {
        more = false;
        for (size_t i = 0; i < ng && *n < limit; i++) {
            if (!alias_at(&g[i], k, &alt))
                continue;
            more = true;
            if (!(side[*n] = alias_name(span, g, ng, i, alt)))
                return -1;
            ++*n;
        }
    }
    return 0;
}

/* The names one field gives into side[] (copies; the caller frees them): parted where a
 * phrase says another name follows (Acme Ltd d/b/a Acme Trading; PSB Bank (formerly known
 * as Promsvyaz Bank)); a name written twice, in two languages or two spellings, parted by a
 * slash (EU: Игорь Юрьевич АНТИПОВ / Iгор Юрiйович АНТИПОВ; a contract: ООО Ромашка /
 * Romashka LLC) or its short form in closing parentheses (EU: Акционерное Общество
 * «Швабе» (АО «Швабе»)), each side of two words or more that shares words with the first
 * (same_name_sides), or a short form of one word made of its initials (short_form_of),
 * which only a list name gives (a query's KOMID alone would meet every list's KOMID: it is
 * screened as the name before it), or the words before closing parentheses that give no
 * other name (Co., Ltd. (Shenzhen): named_before, a list's beside the whole, a query's of
 * two words or more); then each name with other spellings of its words (span_names).
 * *nsides: how many, 0 when the field is one name (A/S, c/o, Oil/Gas); roles[k] (when not
 * NULL): side k's sx_side_role.  Returns 0, or SX_ENOMEM. */
int sx_name_sides(const char *name, bool listed, char *side[SX_NAME_SIDES], size_t *nsides,
                  uint8_t *roles)
{
    field_span whole = {name, name + strlen(name)}, piece[SX_NAME_SIDES], span[SX_NAME_SIDES];
    uint8_t role[SX_NAME_SIDES] = {SX_SIDE_NAME};
    side_words a = {.norm = SX_BUF_INIT}, b = {.norm = SX_BUF_INIT};
    side[0] = NULL;
    if (sx_text_init(NULL) != 0)
        sx_error_clear(); /* without the term tables: no phrases, every shared word tells */
    size_t npieces = phrase_pieces(whole, piece, SX_NAME_SIDES, &a), n = 0;
    for (size_t p = 0; p < npieces; p++) {
        /* Spans this piece may take: a span is kept for each piece after it. */
        size_t limit = SX_NAME_SIDES - (npieces - 1 - p);
        field_span part[SX_NAME_SIDES], before, inside, rest;
        size_t np = slash_parts(piece[p], part, limit - n);
        for (size_t k = 1; k < np; k++)
            if (!same_name_spans(part[0], part[k], &a, &b)) {
                part[0] = piece[p];
                np = 1;
            }
        for (size_t k = 0; k < np; k++) {
            bool closing = n + (np - k) < limit && closing_parentheses(part[k], &before, &inside);
            bool two = closing, short_form = false;
            if (two && opens_with_phrase(inside, &rest)) {
                two = side_enough(rest, &b); /* (formerly X Y): X Y, by the phrase's word */
                inside = rest;
            } else if (two && !same_name_spans(before, inside, &a, &b)) {
                two = short_form = short_form_of(before, inside, &a, &b);
                if (!two && listed && scripts_apart(before, inside) &&
                    script_sides(before, inside, span, role, &n, &a))
                    continue;
            }
            if (two) {
                role[n] = short_form && listed ? SX_SIDE_BESIDE : SX_SIDE_NAME;
                span[n++] = before;
                if (listed || !short_form) {
                    role[n] = short_form ? SX_SIDE_SHORT_FORM : SX_SIDE_NAME;
                    span[n++] = inside;
                }
            } else if (closing && (listed ? named_before(before, &a) : side_enough(before, &a))) {
                if (part[k].start != whole.start || part[k].end != whole.end)
                    span[n++] = part[k];
                role[n] = listed ? SX_SIDE_BESIDE : SX_SIDE_NAME;
                span[n++] = before;
            } else {
                span[n++] = part[k];
            }
        }
    }
    sx_buf_free(&a.norm);
    sx_buf_free(&b.norm);
    side[0] = NULL;
    *nsides = 0;
    alias_group g;
    bool phrased;
    if (n == 1 && span[0].start == whole.start && span[0].end == whole.end &&
        alias_groups(span[0], &g, 1, &phrased) == 0)
        return 0; /* one name: the field */
    size_t made = 0;
    for (size_t k = 0; k < n; k++) {
        while (span[k].start < span[k].end && span[k].start[0] == ' ')
            span[k].start++;
        while (span[k].end > span[k].start && span[k].end[-1] == ' ')
            span[k].end--;
        /* A span's spellings take the room the spans after it leave. */
        size_t first = made;
        bool plain;
        if (span_names(span[k], side, &made, SX_NAME_SIDES - (n - 1 - k), &plain) != 0) {
            while (made > 0)
                free(side[--made]);
            side[0] = NULL;
            return sx_error_oom();
        }
        /* A list name without parentheses that hold no phrase is beside the whole (the
         * field, indexed as it is), as the words before closing parentheses are. */
        if (plain && listed && n == 1 && role[k] == SX_SIDE_NAME)
            role[k] = SX_SIDE_BESIDE;
        while (roles && first < made)
            roles[first++] = role[k];
    }
    *nsides = made;
    return 0;
}

size_t sx_name_listed(const char *g, size_t len, size_t *start, size_t *end, size_t room)
{
    size_t s, e, n = 0;
    if (sx_name_piece(g, len, &s, &e) != SX_PIECE_ALIAS)
        return 0;
    for (size_t from = 0, at = 0; at <= len && n < room; at++) {
        if (at < len) {
            if (g[at] != ',')
                continue;
            const char *next = g + at + 1, *comma = memchr(next, ',', len - at - 1);
            field_span follows = {next, comma ? comma : g + len};
            if (words_in(follows) < 2 &&
                sx_name_piece(next, (size_t)(follows.end - next), &s, &e) != SX_PIECE_ALIAS)
                continue; /* Acme, Inc. */
        }
        if (sx_name_piece(g + from, at - from, &s, &e) != SX_PIECE_NONE &&
            has_word(g + from + s, g + from + e)) {
            start[n] = from + s;
            end[n++] = from + e;
        }
        from = at + 1;
    }
    return n;
}
