#!/usr/bin/env python3
"""Cross-script pairs written by the EU, not by us: every record of the EU sanctions annexes
(OpenSanctions' transcriptions, ../shared/data/eu_oj_annexes_opensanctions_CC-BY-NC/,
read in place and never copied: CC BY-NC) that gives a name in Chinese characters among
its aliases is a query (the Chinese name) with its expected entity (the record, listed
under its Latin names only).

    python3 bench/eu_chinese_names.py EU_DIR OUTDIR

writes OUTDIR/list.csv (simple-csv: the Latin names of every record of every annex, so
that the queries meet some 8,000 entities' names, not only their own), OUTDIR/queries.csv
(id, name, type, expected) and OUTDIR/latin.csv (the same records' primary Latin names,
id = the query's id: to find which of them the bundled lists hold too).  Nothing here
was used to choose a rule: the Mandarin reading was written before this set was made."""
import csv
import glob
import os
import re
import sys

HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
HAN_ONLY = re.compile(r"^[\u3400-\u9fff\uf900-\ufaff（）()·\s]+$")
NOT_NAMES = {"chinese:", "text of image"}


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    out = sys.argv[2]
    os.makedirs(out, exist_ok=True)
    names, queries, latin = [], [], []
    for path in sorted(glob.glob(os.path.join(sys.argv[1], "*.csv"))):
        celex = os.path.basename(path)[:-4]
        # recordId repeats within a file (an annex's person and entity share numbers): the
        # row is the record.
        for row, r in enumerate(csv.DictReader(open(path, encoding="utf-8")), 2):
            rid = f"{celex}:{row}"
            kind = "person" if r["schema"] == "Person" else "organization"
            aliases = [a.strip() for a in r["alias"].split(";") if a.strip()]
            lat = [r["name"].strip()] + [a for a in aliases if not HAN.search(a) and
                                         a.lower() not in NOT_NAMES]
            for n in dict.fromkeys(x for x in lat if x):
                names.append((rid, n, kind))
            for k, a in enumerate(a for a in aliases if HAN_ONLY.match(a) and HAN.search(a)):
                queries.append((f"{rid}:{k}", a, kind, rid))
                latin.append((f"{rid}:{k}", r["name"].strip(), kind))
    for file, header, rows in (("list.csv", ("id", "name", "type"), names),
                               ("queries.csv", ("id", "name", "type", "expected"), queries),
                               ("latin.csv", ("id", "name", "type"), latin)):
        with open(os.path.join(out, file), "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(header)
            w.writerows(rows)
    print(f"{len(names)} list names; {len(queries)} queries", file=sys.stderr)


if __name__ == "__main__":
    main()
