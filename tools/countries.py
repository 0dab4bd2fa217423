#!/usr/bin/env python3
"""Derives data/terms/dict/countries.tsv, the country names screening reads
(docs/screening.md, "Countries"), from Debian's iso-codes (LGPL-2.1+):
/usr/share/iso-codes/json/iso_3166-1.json.

One row per name: CODE<TAB>NAME, for each country's short name ("Korea, Republic of"),
official name and common name where ISO gives them.  The library turns inverted names
round and normalises both sides itself (src/lib/screen/country.c), so the names are
written as ISO writes them.  Rows are sorted: the output depends only on the input.
Usage: countries.py ISO_3166_1_JSON OUT
"""
import json
import os
import sys


def rows(entries):
    out = set()
    for e in entries:
        for field in ("name", "official_name", "common_name"):
            if e.get(field):
                out.add((e["alpha_2"], e[field]))
    return sorted(out)


def main():
    src, dst = sys.argv[1:3]
    with open(src, encoding="utf-8") as f:
        entries = json.load(f)["3166-1"]
    tmp = dst + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write("# ISO 3166-1 names, from Debian's iso-codes (%s); made by tools/countries.py\n"
                % os.path.basename(src))
        for code, name in rows(entries):
            f.write("%s\t%s\n" % (code, name))
    os.replace(tmp, dst)


if __name__ == "__main__":
    main()
