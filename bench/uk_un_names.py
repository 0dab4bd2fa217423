#!/usr/bin/env python3
"""Names of UN-listed parties as another authority writes them: the UK's consolidated
list (OFSI; the derived tables in ../shared/data/uk_sanctions_list_derived_2026-05) gives
every subject it lists under a UN reference its own spellings, variations and aliases.
Each such name that differs from every name the UN gives the entry is a query, expected
to find that entry in the UN list as published (screened with --list un-xml:..., not a
copy).

    python3 bench/uk_un_names.py UN_XML UK_DIR OUTDIR

writes OUTDIR/queries-dev.csv and OUTDIR/queries-unseen.csv (columns id, name, type,
expected: the UN entry's DATAID), the names of entries with an even / odd DATAID.  A name
counts as the UN's own when it equals one of the entry's names (its four name parts
joined, its aliases, the parts of a field the UN fills with several names at its
semicolons) once case, punctuation and spacing are set aside.  Rules are chosen on the
dev half; the unseen half is for reporting."""
import csv
import os
import re
import sys
import xml.etree.ElementTree as ET

PARTS = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")
TYPES = {"individual": "person", "entity": "organization"}


def key(name):
    return " ".join(re.sub(r"[^\w]+", " ", name.casefold()).split())


def un_entries(path):
    """DATAID by reference number, and the keys of each entry's names."""
    by_ref, names = {}, {}
    for e in ET.parse(path).getroot().iter():
        if e.tag not in ("INDIVIDUAL", "ENTITY"):
            continue
        dataid = (e.findtext("DATAID") or "").strip()
        ref = (e.findtext("REFERENCE_NUMBER") or "").strip()
        if not dataid or not ref:
            continue
        by_ref[ref] = dataid
        fields = [" ".join(x.strip() for x in (e.findtext(p) or "" for p in PARTS) if x.strip())]
        fields += [a.findtext("ALIAS_NAME") or "" for a in e.iter(e.tag + "_ALIAS")]
        fields.append(e.findtext("NAME_ORIGINAL_SCRIPT") or "")
        names[dataid] = {key(p) for f in fields for p in [f] + f.split(";") if key(p)}
    return by_ref, names


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    un_xml, uk_dir, out = sys.argv[1:4]
    by_ref, un_names = un_entries(un_xml)
    subjects = {}
    with open(os.path.join(uk_dir, "subjects.csv"), encoding="utf-8") as f:
        for r in csv.DictReader(f):
            ref = r["un_reference_number"].strip()
            if ref in by_ref and r["subject_type"] in TYPES:
                subjects[r["unique_id"]] = (by_ref[ref], TYPES[r["subject_type"]])
    halves = {"dev": [], "unseen": []}
    seen = set()
    with open(os.path.join(uk_dir, "subject_names.csv"), encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if r["unique_id"] not in subjects:
                continue
            dataid, kind = subjects[r["unique_id"]]
            name = " ".join(r["full_name"].split())
            k = key(name)
            if not k or k in un_names[dataid] or (k, dataid) in seen:
                continue
            seen.add((k, dataid))
            half = "dev" if int(dataid) % 2 == 0 else "unseen"
            halves[half].append((r["name_id"], name, kind, dataid))
    os.makedirs(out, exist_ok=True)
    for half, rows in halves.items():
        with open(os.path.join(out, f"queries-{half}.csv"), "w", encoding="utf-8",
                  newline="") as f:
            w = csv.writer(f)
            w.writerow(["id", "name", "type", "expected"])
            w.writerows(rows)
    print(f"{len(halves['dev'])} dev and {len(halves['unseen'])} unseen names",
          file=sys.stderr)


if __name__ == "__main__":
    main()
