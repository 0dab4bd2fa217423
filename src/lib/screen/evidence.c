/* Evidence beyond the name: country, date of birth and identifiers.  Namesakes are common
 * (Kim Il, Mohammed Ali), and what tells them apart is what the list says beside the name;
 * a name still has to be found first: evidence only moves the score of a name that was. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/screen/evidence.h"
#include "lib/screen/lists/loader.h"
#include "util/error.h"
#include "util/utf8.h"

/* Each weight once (docs/screening.md, "Evidence beyond the name").  A gain closes that
 * share of the distance to 1; a factor multiplies the score. */
#define COUNTRY_MATCH_GAIN 0.10f      /* a shared country says little: many share one */
#define COUNTRY_CONFLICT_FACTOR 0.95f /* as a type mismatch: lists' countries are partial */
#define DOB_MATCH_GAIN 0.50f          /* the same day of birth */
#define DOB_YEAR_GAIN 0.25f           /* the same year, or within the list's range */
#define DOB_CONFLICT_FACTOR 0.85f     /* lists give several dates and miss some: an exact
                                         name born years apart still alerts (0.85) */
#define DOB_NEAR_YEARS 1              /* within this, dates disagree by error, not person */
#define ID_MATCH_GAIN 0.80f           /* a shared passport or registration number */
#define ID_CONFLICT_FACTOR 0.85f      /* the same kind of document, another number */

/* Letters and digits of s, upper case (A-123 456 / a123456 are one number). */
static void id_norm(char *out, size_t size, const char *s, bool lower)
{
    size_t o = 0;
    for (; *s && o + 1 < size; s++)
        if (isalnum((unsigned char)*s))
            out[o++] = (char)(lower ? tolower((unsigned char)*s) : toupper((unsigned char)*s));
    out[o] = '\0';
}

static int parse_dob(sx_evidence_query *eq, const char *s)
{
    int y = 0, m = 0, d = 0, n = 0;
    if (!((sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) == 3 && !s[n]) ||
          (d = 0, sscanf(s, "%4d-%2d%n", &y, &m, &n) == 2 && !s[n]) ||
          (m = 0, sscanf(s, "%4d%n", &y, &n) == 1 && !s[n] && n == 4)) ||
        y < 1800 || y > 2200 || m < 0 || m > 12 || d < 0 || d > 31)
        return sx_error_set(SX_EPARSE, "dob: \"%.32s\" is not YYYY, YYYY-MM or YYYY-MM-DD", s);
    eq->year = y;
    eq->month = m;
    eq->day = d;
    return 0;
}

int sx_evidence_prepare(sx_evidence_query *eq, const sx_screen_opts *opts)
{
    memset(eq, 0, sizeof *eq);
    if (!opts)
        return 0;
    if (opts->country && *opts->country) {
        /* A code may be given in either case here: "kr" is a query's KR. */
        char code[3] = "";
        const char *c = opts->country;
        if (strlen(c) == 2 && isalpha((unsigned char)c[0]) && isalpha((unsigned char)c[1])) {
            code[0] = (char)toupper((unsigned char)c[0]);
            code[1] = (char)toupper((unsigned char)c[1]);
            c = code;
        }
        int rc = sx_lb_country_iso(&c, c);
        if (rc != 0)
            return rc;
        if (!c)
            return sx_error_set(SX_EUNKNOWN_COUNTRY, "country: \"%.*s\" is neither an ISO 3166 alpha-2 "
                                           "code nor a known country name",
                                SX_CUT(opts->country, 32));
        memcpy(eq->country, c, 3);
    }
    if (opts->dob && *opts->dob) {
        int rc = parse_dob(eq, opts->dob);
        if (rc != 0)
            return rc;
    }
    if (opts->nidentifiers > SX_EVIDENCE_MAX_IDS)
        return sx_error_set(SX_ELIMIT, "identifiers: at most %d", SX_EVIDENCE_MAX_IDS);
    for (size_t i = 0; i < opts->nidentifiers; i++) {
        const char *v = opts->identifiers ? opts->identifiers[i] : NULL;
        if (!v)
            continue;
        /* "TYPE:VALUE" names the kind of document; a bare value matches any kind. */
        const char *colon = strchr(v, ':');
        char type[sizeof eq->id_type[0]] = "";
        if (colon) {
            size_t tl = (size_t)(colon - v) < sizeof type - 1 ? (size_t)(colon - v) : sizeof type - 1;
            char raw[sizeof type];
            memcpy(raw, v, tl);
            raw[tl] = '\0';
            id_norm(type, sizeof type, raw, true);
            v = colon + 1;
        }
        if (strlen(v) >= sizeof eq->id_value[0])
            return sx_error_set(SX_ELIMIT, "identifiers: \"%.16s...\" is too long", v);
        id_norm(eq->id_value[eq->nids], sizeof eq->id_value[0], v, false);
        if (!eq->id_value[eq->nids][0])
            continue;
        memcpy(eq->id_type[eq->nids], type, sizeof type);
        eq->nids++;
    }
    eq->any = eq->country[0] || eq->year || eq->nids;
    return 0;
}

/* How one date the list gives stands to the query's: 3 same day, 2 same year (or in the
 * range), 1 near, 0 apart. */
static int dob_relation(const sx_evidence_query *eq, const char *dob)
{
    int y = 0, m = 0, d = 0, lo = 0, hi = 0, n = 0;
    if (sscanf(dob, "%4d..%4d%n", &lo, &hi, &n) == 2 && !dob[n]) {
        if (eq->year >= lo && eq->year <= hi)
            return 2;
        return eq->year >= lo - DOB_NEAR_YEARS && eq->year <= hi + DOB_NEAR_YEARS;
    }
    if (sscanf(dob, "%4d-%2d-%2d", &y, &m, &d) < 1)
        return 1; /* unreadable: no evidence either way */
    if (y == eq->year)
        return d && eq->day && m == eq->month && d == eq->day ? 3 : 2;
    return abs(y - eq->year) <= DOB_NEAR_YEARS;
}

/* Identifier types are compared loosely ("Passport" / "passport no"), after id_norm. */
static bool same_kind(const char *query_type, const char *list_type)
{
    char t[64];
    id_norm(t, sizeof t, list_type, true);
    return query_type[0] && t[0] && (strstr(t, query_type) || strstr(query_type, t));
}

float sx_evidence_apply(const sx_evidence_query *eq, const sx_entity *e, float s,
                        unsigned *effects)
{
    *effects = 0;
    if (!eq->any)
        return s;
    if (eq->country[0] && e->ncountries) {
        bool shared = false;
        for (size_t i = 0; i < e->ncountries && !shared; i++)
            shared = strcmp(e->countries[i], eq->country) == 0;
        *effects |= shared ? SX_EV_COUNTRY_MATCH : SX_EV_COUNTRY_CONFLICT;
    }
    if (eq->year && e->ndobs) {
        int best = 0;
        for (size_t i = 0; i < e->ndobs; i++) {
            int r = dob_relation(eq, e->dobs[i]);
            best = r > best ? r : best;
        }
        *effects |= best == 3 ? SX_EV_DOB_MATCH : best == 2 ? SX_EV_DOB_YEAR
                    : best == 0                            ? SX_EV_DOB_CONFLICT
                                                           : 0u;
    }
    bool matched = false, conflict = false;
    for (size_t q = 0; q < eq->nids; q++)
        for (size_t i = 0; i < e->nids; i++) {
            char v[64];
            id_norm(v, sizeof v, e->ids[i].value, false);
            if (strcmp(v, eq->id_value[q]) == 0)
                matched = true;
            else if (same_kind(eq->id_type[q], e->ids[i].type))
                conflict = true;
        }
    *effects |= matched ? SX_EV_ID_MATCH : conflict ? SX_EV_ID_CONFLICT : 0u;
    if (*effects & SX_EV_COUNTRY_MATCH)
        s += (1.0f - s) * COUNTRY_MATCH_GAIN;
    if (*effects & SX_EV_COUNTRY_CONFLICT)
        s *= COUNTRY_CONFLICT_FACTOR;
    if (*effects & SX_EV_DOB_MATCH)
        s += (1.0f - s) * DOB_MATCH_GAIN;
    if (*effects & SX_EV_DOB_YEAR)
        s += (1.0f - s) * DOB_YEAR_GAIN;
    if (*effects & SX_EV_DOB_CONFLICT)
        s *= DOB_CONFLICT_FACTOR;
    if (*effects & SX_EV_ID_MATCH)
        s += (1.0f - s) * ID_MATCH_GAIN;
    if (*effects & SX_EV_ID_CONFLICT)
        s *= ID_CONFLICT_FACTOR;
    return s;
}

float sx_evidence_floor(const sx_evidence_query *eq, float t)
{
    /* Each gain closes its share of the distance to 1: after them all, 1 - s is
     * (1 - s) * kept, so s reaches t from 1 - (1 - t) / kept.  The date gives one gain
     * at most (the whole date or the year). */
    float kept = 1.0f;
    if (eq->country[0])
        kept *= 1.0f - COUNTRY_MATCH_GAIN;
    if (eq->year)
        kept *= 1.0f - (DOB_MATCH_GAIN > DOB_YEAR_GAIN ? DOB_MATCH_GAIN : DOB_YEAR_GAIN);
    if (eq->nids)
        kept *= 1.0f - ID_MATCH_GAIN;
    float f = 1.0f - (1.0f - t) / kept;
    return f > 0.0f ? f : 0.0f;
}

/* The list's values of a field, joined for an explanation. */
static void join(char *out, size_t size, const char *const *v, size_t n)
{
    size_t o = 0;
    out[0] = '\0';
    for (size_t i = 0; i < n && o + 1 < size; i++)
        o += (size_t)snprintf(out + o, size - o, "%s%s", i ? ", " : "", v[i]);
}

void sx_evidence_explain(json_t *arr, const sx_evidence_query *eq, const sx_entity *e,
                         unsigned effects)
{
    char buf[512], vals[256];
    if (effects & (SX_EV_COUNTRY_MATCH | SX_EV_COUNTRY_CONFLICT)) {
        join(vals, sizeof vals, e->countries, e->ncountries);
        snprintf(buf, sizeof buf, "country %s %s the list's (%s): score %s", eq->country,
                 effects & SX_EV_COUNTRY_MATCH ? "is among" : "is not among", vals,
                 effects & SX_EV_COUNTRY_MATCH ? "raised" : "lowered");
        json_array_append_new(arr, json_string(buf));
    }
    if (effects & (SX_EV_DOB_MATCH | SX_EV_DOB_YEAR | SX_EV_DOB_CONFLICT)) {
        join(vals, sizeof vals, e->dobs, e->ndobs);
        char dob[16];
        if (eq->day)
            snprintf(dob, sizeof dob, "%04d-%02d-%02d", eq->year, eq->month, eq->day);
        else if (eq->month)
            snprintf(dob, sizeof dob, "%04d-%02d", eq->year, eq->month);
        else
            snprintf(dob, sizeof dob, "%04d", eq->year);
        snprintf(buf, sizeof buf, "date of birth %s %s the list's (%s): score %s", dob,
                 effects & SX_EV_DOB_MATCH  ? "matches"
                 : effects & SX_EV_DOB_YEAR ? "shares the year with"
                                            : "conflicts with",
                 vals, effects & SX_EV_DOB_CONFLICT ? "lowered" : "raised");
        json_array_append_new(arr, json_string(buf));
    }
    if (effects & (SX_EV_ID_MATCH | SX_EV_ID_CONFLICT)) {
        snprintf(buf, sizeof buf, "%s: score %s",
                 effects & SX_EV_ID_MATCH ? "an identifier matches one the list gives"
                                          : "the list gives another number for the same "
                                            "kind of identifier",
                 effects & SX_EV_ID_MATCH ? "raised" : "lowered");
        json_array_append_new(arr, json_string(buf));
    }
}
