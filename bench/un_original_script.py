#!/usr/bin/env python3
"""Cross-script pairs written by the UN, not by us: every UN Consolidated List entry whose
NAME_ORIGINAL_SCRIPT is in a script other than Latin gives a query (the original) and its
expected entity (the entry, listed under its Latin names only).

    python3 bench/un_original_script.py UN_XML OUTDIR [SCRIPT]

writes OUTDIR/list.csv (simple-csv: the Latin names and good-quality aliases of every
entry, no original-script name), OUTDIR/queries-dev.csv and OUTDIR/queries-unseen.csv
(the originals of entries with an even / odd DATAID, column expected), and for the
negatives OUTDIR/list-dev.csv (the dev half's entries only) with
OUTDIR/negatives-unseen.csv (the unseen half's originals) and
OUTDIR/negatives-unseen-latin.csv (the same entries' Latin names: how often a name
written in Latin letters alerts against the other half, the baseline for the originals).
SCRIPT is a regular expression a name must match to count (default: Arabic letters).
Rules are chosen on the dev half; the unseen half is for reporting."""
import csv
import os
import re
import sys
import xml.etree.ElementTree as ET

PARTS = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")


def entries(path):
    root = ET.parse(path).getroot()
    for e in root.iter():
        if e.tag not in ("INDIVIDUAL", "ENTITY"):
            continue
        latin = " ".join(x.strip() for x in (e.findtext(p) or "" for p in PARTS) if x.strip())
        aliases = []
        for a in e.iter(e.tag + "_ALIAS"):
            name = (a.findtext("ALIAS_NAME") or "").strip()
            if name and (a.findtext("QUALITY") or "").strip().lower() != "low":
                aliases.append(name)
        kind = "person" if e.tag == "INDIVIDUAL" else "organization"
        yield (e.findtext("DATAID") or "").strip(), kind, latin, aliases, \
            (e.findtext("NAME_ORIGINAL_SCRIPT") or "").strip()


def write(path, header, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)


def write_halves(out, names, queries, dev):
    """A set of pairs split in halves (Japan's lists: meti_ban_names.py, meti_eul_names.py)
    into out: list.csv (id, name, type) with every name, list-dev.csv with the names of
    the entities in dev, and queries-HALF.csv (id, name, type, expected, group) for each
    half of queries ({"dev": rows, "unseen": rows})."""
    write(os.path.join(out, "list.csv"), ("id", "name", "type"), names)
    write(os.path.join(out, "list-dev.csv"), ("id", "name", "type"),
          [r for r in names if r[0] in dev])
    for half, rows in queries.items():
        write(os.path.join(out, f"queries-{half}.csv"),
              ("id", "name", "type", "expected", "group"), rows)


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    script = re.compile(sys.argv[3] if len(sys.argv) > 3 else "[\u0600-\u06ff]")
    out = sys.argv[2]
    os.makedirs(out, exist_ok=True)
    all_rows, dev_rows, queries = [], [], {"dev": [], "unseen": []}
    neg, neg_latin = [], []
    for dataid, kind, latin, aliases, original in entries(sys.argv[1]):
        if not dataid or not latin:
            continue
        half = "dev" if int(dataid) % 2 == 0 else "unseen"
        names = [latin] + [a for a in aliases if a != latin]
        rows = [(dataid, n, kind) for n in names]
        all_rows += rows
        if half == "dev":
            dev_rows += rows
        if original and script.search(original):
            queries[half].append((f"{dataid}", original, kind, dataid))
            if half == "unseen":
                neg.append((dataid, original, kind))
                neg_latin.append((dataid, latin, kind))
    write(os.path.join(out, "list.csv"), ("id", "name", "type"), all_rows)
    write(os.path.join(out, "list-dev.csv"), ("id", "name", "type"), dev_rows)
    for half, rows in queries.items():
        write(os.path.join(out, f"queries-{half}.csv"), ("id", "name", "type", "expected"), rows)
    write(os.path.join(out, "negatives-unseen.csv"), ("id", "name", "type"), neg)
    write(os.path.join(out, "negatives-unseen-latin.csv"), ("id", "name", "type"), neg_latin)
    print(f"{len(all_rows)} list names; queries dev {len(queries['dev'])}, "
          f"unseen {len(queries['unseen'])}", file=sys.stderr)


if __name__ == "__main__":
    main()
