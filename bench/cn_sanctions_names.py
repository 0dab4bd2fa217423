#!/usr/bin/env python3
"""Cross-script pairs written by China, not by us: every row of China's counter-sanctions
and Unreliable Entity List (OpenSanctions' cn_sanctions.csv, ../shared/data/
opensanctions_curated_misc_CC-BY-NC/, read in place and never copied: CC BY-NC) that
gives a Chinese name is a query (the Chinese name) with its expected row (listed under
its Latin name and aliases only); and every entity of MOFCOM's export control lists
(../shared/data/cn_mofcom_export_control_lists/) with an alias in Chinese characters.

    python3 bench/cn_sanctions_names.py SHARED OUTDIR

writes OUTDIR/cn-list.csv, OUTDIR/cn-queries.csv (id, name, type, expected, group: the
row's country and type, e.g. "TW person": Taiwanese names are romanised in Wade-Giles,
American ones transcribed into Chinese) and OUTDIR/mofcom-list.csv, mofcom-queries.csv.
The Wade-Giles reading of persons' names was written after reading the Taiwanese rows'
misses (tools/wade_giles.py says which choices they touched); MOFCOM's rows were not
looked at row by row."""
import csv
import json
import os
import re
import sys

HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
KIND = {"Person": "person"}

from un_original_script import write  # noqa: E402  (bench/: one CSV writer for the eval sets)


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    shared, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    src = os.path.join(shared, "data/opensanctions_curated_misc_CC-BY-NC/cn_sanctions.csv")
    names, queries, seen = [], [], set()
    for row, r in enumerate(csv.DictReader(open(src, encoding="utf-8")), 2):
        if r["Name"] in seen:  # the same target sanctioned again: one entity
            continue
        seen.add(r["Name"])
        rid, kind = f"cn:{row}", KIND.get(r["Type"], "organization")
        for n in dict.fromkeys([r["Name"].strip()] + [a.strip() for a in r["Alias"].split(";")]):
            if n and not HAN.search(n):
                names.append((rid, n, kind))
        zh = r["Chinese name"].strip()
        if HAN.search(zh):
            group = f"{r['Country'] or '?'} {kind}"
            queries.append((f"q{row}", zh, kind, rid, group))
    write(os.path.join(out, "cn-list.csv"), ("id", "name", "type"), names)
    write(os.path.join(out, "cn-queries.csv"), ("id", "name", "type", "expected", "group"), queries)
    src = os.path.join(shared, "data/cn_mofcom_export_control_lists/cn_mofcom_lists.json")
    names, queries = [], []
    for r in json.load(open(src, encoding="utf-8")):
        names.append((r["id"], r["entity_name"], r["entity_type"]))
        for k, a in enumerate(a for a in r["aliases"] if HAN.search(a)):
            queries.append((f"{r['id']}:{k}", a, r["entity_type"], r["id"]))
    write(os.path.join(out, "mofcom-list.csv"), ("id", "name", "type"), names)
    write(os.path.join(out, "mofcom-queries.csv"), ("id", "name", "type", "expected"), queries)


if __name__ == "__main__":
    main()
