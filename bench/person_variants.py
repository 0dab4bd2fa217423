#!/usr/bin/env python3
"""Persons as a contract names them: a listed person's given name and family name only.

Lists write a person's every given, father's and tribal name; a contract or an invoice
gives two of them.  Draws persons with three or more name words from the bundled lists,
with a fixed seed, and writes the name as a party would give it:

  ofac   the OFAC SDN list writes FAMILY, Given Middle (CASTRO VILLA, Luis Fernando):
         the query is the first given name and the first family name, with the
         particles before it (Luis CASTRO, David DE LA CRUZ);
  un     the UN Consolidated List writes FIRST SECOND THIRD ... in the order of the
         name: the query is the first word and the last (AKHTAR MOHAMMED for AKHTAR
         MOHAMMAD MANSOUR SHAH MOHAMMED).

Usage: person_variants.py DATA_DIR OUT_DIR [N] [SEED]
Writes OUT_DIR/ofac.csv and OUT_DIR/un.csv with columns id,name,expected; screen each
against its own list (ofac-csv:DATA_DIR/lists/ofac-sdn.csv, un-xml:.../un-consolidated.xml).
"""
import csv
import os
import random
import sys
import xml.etree.ElementTree as ET


def family_name(words):
    """The first family name with the particles before it (DE LA CRUZ, AL ZAID)."""
    for i, w in enumerate(words):
        if len(w) > 3:
            return " ".join(words[:i + 1])
    return " ".join(words)


def ofac_persons(path):
    for r in csv.DictReader(open(path, encoding="utf-8")):
        if r["type"] != "individual" or r["name"].count(",") != 1:
            continue
        family, given = (p.split() for p in r["name"].split(","))
        if family and given and len(family) + len(given) >= 3:
            yield r["uid"], f"{given[0]} {family_name(family)}"


def un_persons(path):
    for e in ET.parse(path).getroot().iter("INDIVIDUAL"):
        words = []
        for tag in ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME"):
            words += (e.findtext(tag) or "").split()
        if len(words) >= 3:
            yield e.findtext("DATAID").strip(), f"{words[0]} {words[-1]}"


def write(path, rows):
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "name", "expected"])
        for i, (expected, name) in enumerate(rows):
            w.writerow([i, name, expected])


def main():
    data, out = sys.argv[1], sys.argv[2]
    n = int(sys.argv[3]) if len(sys.argv) > 3 else 400
    seed = int(sys.argv[4]) if len(sys.argv) > 4 else 12
    os.makedirs(out, exist_ok=True)
    for name, rows in (("ofac", ofac_persons(f"{data}/lists/ofac-sdn.csv")),
                       ("un", un_persons(f"{data}/lists/un-consolidated.xml"))):
        rows = sorted(set(rows))
        random.Random(seed).shuffle(rows)
        write(f"{out}/{name}.csv", rows[:n])


if __name__ == "__main__":
    main()
