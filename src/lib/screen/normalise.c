/* Name normalisation on code points: NFKC (width folding: ＴＯＹＯＴＡ, ｶﾞｽ), case folding,
 * Latin diacritics removed, punctuation to single spaces.  Kana voicing marks are kept
 * (バ stays バ, unlike NFD + mark stripping). */
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "lib/screen/textint.h"
#include "util/error.h"
#include "util/utf8.h"

unsigned sx_script_of(uint32_t cp)
{
    if (cp < 0x80)
        return ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z') || (cp >= '0' && cp <= '9')
                   ? SX_SCRIPT_LATIN
                   : 0;
    if (cp <= 0x024F || (cp >= 0x1E00 && cp <= 0x1EFF))
        return SX_SCRIPT_LATIN;
    if ((cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0x1100 && cp <= 0x11FF) ||
        (cp >= 0x3130 && cp <= 0x318F))
        return SX_SCRIPT_HANGUL;
    if ((cp >= 0x3041 && cp <= 0x30FF) || (cp >= 0x31F0 && cp <= 0x31FF) ||
        (cp >= 0xFF66 && cp <= 0xFF9F))
        return SX_SCRIPT_KANA;
    if ((cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
        (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x2FFFF) || cp == 0x3005 ||
        cp == 0x3006)
        return SX_SCRIPT_HAN;
    return SX_SCRIPT_OTHER;
}

size_t sx_decode(uint32_t *cps, size_t room, const char *s, size_t len)
{
    size_t n = 0;
    while (len > 0 && n < room) {
        uint32_t cp;
        int k = sx_utf8_decode(s, len, &cp);
        if (k <= 0) {
            cp = 0xFFFD;
            k = 1;
        }
        cps[n++] = cp;
        s += k;
        len -= (size_t)k;
    }
    return n;
}

void sx_seg_add(sx_seg *s, const char *opt, const char *path, float prior)
{
    /* An empty option (a word that may be left out) must say why in its path. */
    if (!opt || (!*opt && !(path && *path)) || s->n == SX_SEG_MAX_OPTS)
        return;
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->opt[i], opt) == 0)
            return;
    s->opt[s->n] = opt;
    s->path[s->n] = path ? path : "";
    s->prior[s->n] = prior;
    s->n++;
}

/* Latin letters that do not decompose into base + mark. */
static const char *latin_special(uint32_t cp)
{
    switch (cp) {
    case 0xF8: return "o";  /* ø */
    case 0x111: return "d"; /* đ */
    case 0x142: return "l"; /* ł */
    case 0xE6: return "ae";
    case 0x153: return "oe";
    case 0xFE: return "th";
    case 0x131: return "i"; /* dotless i */
    case 0xDF: return "ss";
    case 0xF0: return "d";
    default: return NULL;
    }
}

/* Apostrophes join (Kyo'ng -> kyong, Korea's -> koreas) instead of splitting. */
static bool is_apostrophe(uint32_t cp)
{
    return cp == '\'' || cp == 0x2019 || cp == 0x2018 || cp == 0x02BC || cp == 0x02BB ||
           cp == '`' || cp == 0xB4 || cp == 0x2032;
}

static bool keep(uint32_t cp)
{
    utf8proc_category_t c = utf8proc_category((utf8proc_int32_t)cp);
    /* ー (prolonged sound mark) and 々 (iteration mark) are Lm: letters. */
    return (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO) ||
           (c >= UTF8PROC_CATEGORY_ND && c <= UTF8PROC_CATEGORY_NO) ||
           (c >= UTF8PROC_CATEGORY_MN && c <= UTF8PROC_CATEGORY_ME);
}

/* Appends one code point, folding Latin diacritics (é -> e) but nothing else. */
static int put_folded(sx_buf *out, uint32_t cp)
{
    char enc[4];
    if (cp >= 0x80 && sx_script_of(cp) == SX_SCRIPT_LATIN) {
        const char *sp = latin_special(cp);
        if (sp)
            return sx_buf_puts(out, sp);
        utf8proc_int32_t dec[8];
        int last = 0;
        utf8proc_ssize_t n = utf8proc_decompose_char((utf8proc_int32_t)cp, dec, 8,
                                                     UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK,
                                                     &last);
        if (n > 0 && n <= 8) {
            for (utf8proc_ssize_t i = 0; i < n; i++) {
                int k = sx_utf8_encode((uint32_t)dec[i], enc);
                if (sx_buf_put(out, enc, (size_t)k) != 0)
                    return SX_ENOMEM;
            }
            return 0;
        }
    }
    int k = sx_utf8_encode(cp, enc);
    if (k > 0 && sx_script_of(cp) == SX_SCRIPT_HAN) {
        const char *canon = sx_han_canonical(enc, (size_t)k);
        if (canon)
            return sx_buf_puts(out, canon);
    }
    return k > 0 ? sx_buf_put(out, enc, (size_t)k) : 0;
}

int sx_text_normalise(sx_buf *out, const char *in, size_t len)
{
    /* utf8proc wants valid UTF-8: replace bad bytes first. */
    sx_buf clean = SX_BUF_INIT;
    int rc = 0;
    uint32_t cp;
    char enc[4];
    for (size_t i = 0; i < len;) {
        int k = sx_utf8_decode(in + i, len - i, &cp);
        if (k <= 0 || cp == 0) {
            cp = k <= 0 ? 0xFFFD : ' ';
            k = 1;
        }
        if ((rc = sx_buf_put(&clean, enc, (size_t)sx_utf8_encode(cp, enc))) != 0)
            goto done;
        i += (size_t)k;
    }
    utf8proc_uint8_t *mapped = NULL;
    utf8proc_ssize_t mlen = utf8proc_map(
        (const utf8proc_uint8_t *)(clean.ptr ? clean.ptr : ""), (utf8proc_ssize_t)clean.len,
        &mapped, UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD |
                     UTF8PROC_IGNORE);
    if (mlen < 0) {
        rc = sx_error_set(SX_EINVAL, "name normalisation failed: %s",
                          utf8proc_errmsg(mlen));
        goto done;
    }
    bool space = true; /* at start: no leading space */
    size_t start = out->len;
    for (utf8proc_ssize_t i = 0; i < mlen;) {
        utf8proc_int32_t c;
        utf8proc_ssize_t k = utf8proc_iterate(mapped + i, mlen - i, &c);
        if (k <= 0)
            break;
        i += k;
        if (is_apostrophe((uint32_t)c))
            continue;
        if (!keep((uint32_t)c)) {
            if (!space && (rc = sx_buf_putc(out, ' ')) != 0)
                break;
            space = true;
            continue;
        }
        /* A combining mark left after a Latin letter (no precomposed form) is dropped. */
        utf8proc_category_t cat = utf8proc_category(c);
        if (cat == UTF8PROC_CATEGORY_MN && out->len > start &&
            (unsigned char)out->ptr[out->len - 1] < 0x80)
            continue;
        if ((rc = put_folded(out, (uint32_t)c)) != 0)
            break;
        space = false;
    }
    free(mapped);
    if (rc == 0) {
        if (out->len > start && out->ptr[out->len - 1] == ' ')
            out->ptr[--out->len] = '\0';
        rc = sx_buf_puts(out, "");
    }
done:
    sx_buf_free(&clean);
    return rc;
}
