#!/usr/bin/env python3
"""Cross-script pairs written by the EU, not by us: every record of the EU sanctions annexes
(OpenSanctions' transcriptions, ../shared/data/eu_oj_annexes_opensanctions_CC-BY-NC/,
read in place and never copied: CC BY-NC) that gives a name in SCRIPT among its aliases
is a query (that name) with its expected entity (the record, listed under its Latin
names only).

    python3 bench/eu_annex_names.py EU_DIR OUTDIR [han|cyrillic]

SCRIPT han (the default): names in Chinese characters only.  cyrillic: names in Cyrillic
letters (Russian, Ukrainian, Belarusian), where a Latin i may stand for the Cyrillic one
(the annexes write Belarusian Дзмiтрый so) — but not "Ramzan Oduev (original script:
Рамзан Одуев)", which is half Latin.

Writes OUTDIR/list.csv (simple-csv: the Latin names of every record of every annex, so
that the queries meet some 8,000 entities' names, not only their own), OUTDIR/queries.csv
(id, name, type, expected), OUTDIR/latin.csv (the same records' primary Latin names, id =
the query's id: to find which of them the bundled lists hold too), and the halves:
OUTDIR/queries-dev.csv and queries-unseen.csv (records of an even / odd row of their
annex file: the dev half may be looked at row by row, the unseen one is for reporting).
The unseen half against the dev half's names would be no set of negatives: the EU lists
one person or firm in several annexes, not always under one name or with its numbers
(AO NPO Orion, Viktor Vasilevich ZOLOTOV), so alerts there are mostly right.
The Chinese set was made after the Mandarin reading, and nothing in it chose a rule; the
dev half of the Cyrillic set led to the Belarusian romanisation, x for ks and the legal
forms of tools/org_types.py: their gain on the unseen half is the one to trust."""
import csv
import glob
import os
import re
import sys

from un_original_script import write  # noqa: E402  (bench/: one CSV writer for the eval sets)

SCRIPTS = {
    "han": (re.compile(r"[\u3400-\u9fff\uf900-\ufaff]"),
            re.compile(r"^[\u3400-\u9fff\uf900-\ufaff（）()·\s]+$")),
    "cyrillic": (re.compile(r"[\u0400-\u04ff]"),
                 re.compile(r"^[\u0400-\u04ffiI0-9\s\"'’«»„“”.,()№/&\-–]+$")),
}
NOT_NAMES = {"chinese:", "text of image"}


def main():
    if len(sys.argv) not in (3, 4) or (len(sys.argv) == 4 and sys.argv[3] not in SCRIPTS):
        sys.exit(__doc__)
    written, only = SCRIPTS[sys.argv[3] if len(sys.argv) == 4 else "han"]
    out = sys.argv[2]
    os.makedirs(out, exist_ok=True)
    names, queries, latin = [], [], []
    halves = {"dev": [], "unseen": []}
    for path in sorted(glob.glob(os.path.join(sys.argv[1], "*.csv"))):
        celex = os.path.basename(path)[:-4]
        # recordId repeats within a file (an annex's person and entity share numbers): the
        # row is the record.
        for row, r in enumerate(csv.DictReader(open(path, encoding="utf-8")), 2):
            rid = f"{celex}:{row}"
            half = "dev" if row % 2 == 0 else "unseen"
            kind = "person" if r["schema"] == "Person" else "organization"
            aliases = [a.strip() for a in r["alias"].split(";") if a.strip()]
            lat = [r["name"].strip()] + [a for a in aliases if not written.search(a) and
                                         a.lower() not in NOT_NAMES]
            for n in dict.fromkeys(x for x in lat if x):
                names.append((rid, n, kind))
            for k, a in enumerate(a for a in aliases if only.match(a) and written.search(a)):
                queries.append((f"{rid}:{k}", a, kind, rid))
                halves[half].append(queries[-1])
                latin.append((f"{rid}:{k}", r["name"].strip(), kind))
    query_header = ("id", "name", "type", "expected")
    write(os.path.join(out, "list.csv"), ("id", "name", "type"), names)
    write(os.path.join(out, "queries.csv"), query_header, queries)
    for half, rows in halves.items():
        write(os.path.join(out, f"queries-{half}.csv"), query_header, rows)
    write(os.path.join(out, "latin.csv"), ("id", "name", "type"), latin)
    print(f"{len(names)} list names; {len(queries)} queries ({len(halves['dev'])} dev, "
          f"{len(halves['unseen'])} unseen)", file=sys.stderr)


if __name__ == "__main__":
    main()
