/* Country names and ISO 3166-1 alpha-2 codes, as the lists and the queries write them
 * (docs/screening.md, "Countries").  Internal to the screening module. */
#ifndef SX_SCREEN_COUNTRY_H
#define SX_SCREEN_COUNTRY_H

#include <stdbool.h>
#include <stddef.h>

/* Loads DIR/terms/dict/countries.tsv (ISO 3166-1 from Debian's iso-codes, made by
 * tools/countries.py), DIR/terms/country_names.tsv (the lists' own spellings that ISO
 * and CLDR do not carry), then CLDR's English names of those countries through ICU,
 * DIR/terms/dict/country_translations.tsv (the names of one word in the EU's languages
 * written in Latin script, from iso-codes' translations, normalised; optional) and
 * CLDR's English names of continents and subcontinents.  Called by sx_text_init under
 * its lock; 0 or an SX_E* code. */
int sx_countries_load(const char *dir);
void sx_countries_free(void);

/* *code: the alpha-2 code of a country written as a code in capitals ("KR", "XK") or
 * as a name in any of the forms the lists use ("Korea, South", "Iran (Islamic Republic
 * of)", "Türkiye"), or NULL when it names none known; static until sx_countries_free().
 * 0, or SX_ENOMEM. */
int sx_country_code(const char **code, const char *text);

/* Whether w[0, n), one word of a normalised name (lowercase, as sx_text_normalise
 * writes it), names a country in one word (Iran, Germany, Deutschland, Polska) or a
 * continent or subcontinent (Europe, Asia), of COUNTRY_WORD_MIN letters or more: the
 * place it names (the same for Germany and Deutschland), else NULL. */
const void *sx_country_word(const char *w, size_t n);

#endif
