/* Country names and ISO 3166-1 alpha-2 codes, as the lists and the queries write them
 * (docs/screening.md, "Countries").  Internal to the screening module. */
#ifndef SX_SCREEN_COUNTRY_H
#define SX_SCREEN_COUNTRY_H

/* Loads DIR/terms/dict/countries.tsv (ISO 3166-1 from Debian's iso-codes, made by
 * tools/countries.py), DIR/terms/country_names.tsv (the lists' own spellings that ISO
 * and CLDR do not carry), then CLDR's English names of those countries through ICU.
 * Called by sx_text_init under its lock; 0 or an SX_E* code. */
int sx_countries_load(const char *dir);
void sx_countries_free(void);

/* *code: the alpha-2 code of a country written as a code in capitals ("KR", "XK") or
 * as a name in any of the forms the lists use ("Korea, South", "Iran (Islamic Republic
 * of)", "Türkiye"), or NULL when it names none known; static until sx_countries_free().
 * 0, or SX_ENOMEM. */
int sx_country_code(const char **code, const char *text);

#endif
