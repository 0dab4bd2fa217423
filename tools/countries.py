#!/usr/bin/env python3
"""Derives the country names screening reads (docs/screening.md, "Countries") from
Debian's iso-codes (LGPL-2.1+): /usr/share/iso-codes/json/iso_3166-1.json and the
package's translations of those names (/usr/share/locale/LL/LC_MESSAGES/iso_3166-1.mo).

countries.tsv: one row per English name, CODE<TAB>NAME, for each country's short name
("Korea, Republic of"), official name and common name where ISO gives them.

country_translations.tsv: the names of one word in the official languages of the
European Union written in Latin script (Deutschland, España, Polska, Nederland), as a
register there names a company or its subsidiary, written as the library normalises a
name's word (deutschland, espana: lowercase, accents dropped), so that it loads them
without normalising each (a cold start would pay for 6,000 names); a name that does not
fold to letters a-z that way (Łotwa), is shorter than four letters, is an English name
folded, or names two countries, is left out.

The library turns inverted English names round and normalises them itself
(src/lib/screen/country.c), so those are written as iso-codes writes them.  Rows are
sorted: the output depends only on the input.
Usage: countries.py ISO_3166_1_JSON LOCALE_DIR COUNTRIES_OUT TRANSLATIONS_OUT
"""
import gettext
import json
import os
import re
import sys
import unicodedata

# The EU's official languages written in Latin script (Bulgarian and Greek are not).
EU_LATIN = ("cs", "da", "de", "es", "et", "fi", "fr", "ga", "hr", "hu", "it", "lt", "lv",
            "mt", "nl", "pl", "pt", "ro", "sk", "sl", "sv")


def rows(entries):
    out = set()
    for e in entries:
        for field in ("name", "official_name", "common_name"):
            if e.get(field):
                out.add((e["alpha_2"], e[field]))
    return sorted(out)


WORD_MIN = 4  # letters of a country word (country.c COUNTRY_WORD_MIN)


def fold(name):
    """The word a one-word name is once normalised (España -> espana), or None."""
    s = "".join(ch for ch in unicodedata.normalize("NFKD", name)
                if not unicodedata.combining(ch)).lower()
    return s if re.fullmatch(r"[a-z]{%d,}" % WORD_MIN, s) else None


def translations(english, locale_dir):
    """(code, word) of the English names' one-word translations in EU_LATIN."""
    code_of = {name: code for code, name in english}
    taken = {fold(name) for _, name in english} | {name.lower() for _, name in english}
    found = {}
    for lang in EU_LATIN:
        path = os.path.join(locale_dir, lang, "LC_MESSAGES", "iso_3166-1.mo")
        if not os.path.exists(path):
            continue
        with open(path, "rb") as f:
            catalog = gettext.GNUTranslations(f)
        for name, code in code_of.items():
            word = fold(catalog.gettext(name))  # the name itself when untranslated
            if word:
                found.setdefault(word, set()).add(code)
    return sorted((next(iter(codes)), word) for word, codes in found.items()
                  if len(codes) == 1 and word not in taken)


def write(dst, header, pairs):
    tmp = dst + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(header)
        for code, name in pairs:
            f.write("%s\t%s\n" % (code, name))
    os.replace(tmp, dst)


def main():
    src, locale_dir, dst, dst_translations = sys.argv[1:5]
    with open(src, encoding="utf-8") as f:
        entries = json.load(f)["3166-1"]
    english = rows(entries)
    write(dst, "# ISO 3166-1 names, from Debian's iso-codes (%s); made by tools/countries.py\n"
          % os.path.basename(src), english)
    write(dst_translations,
          "# ISO 3166-1 names of one word in the EU's official languages written in Latin "
          "script, normalised, from Debian's iso-codes translations (iso_3166-1.mo); made by "
          "tools/countries.py\n",
          translations(english, locale_dir))


if __name__ == "__main__":
    main()
