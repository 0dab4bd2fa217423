#!/usr/bin/env python3
"""Organisations by the one word a contract calls them (Huawei for Huawei Technology Co. Ltd.).

Takes every entry of the bundled Consolidated Screening List (public domain) whose name,
its legal form dropped (data/terms/legal_forms.tsv), is one word of five letters or more
followed only by descriptors (data/terms/descriptors.tsv: what an organisation is or does),
and writes that word once, capitalised, as a query.  Found: the best hit alerts on a list
name that has the word.

Usage: short_names.py DATA_DIR OUT.csv
Writes OUT.csv with columns id,name (id: the word in lower case).
"""
import csv
import json
import re
import sys


def table(path):
    """The first column of a data/terms table."""
    rows = []
    for line in open(path, encoding="utf-8"):
        if line.startswith("#") or not line.strip():
            continue
        rows.append(line.split("\t")[0].strip().lower())
    return rows


def main():
    data, out = sys.argv[1], sys.argv[2]
    descriptors = set(table(f"{data}/terms/descriptors.tsv"))
    forms = sorted((f.split() for f in table(f"{data}/terms/legal_forms.tsv")), key=len,
                   reverse=True)
    words = set()
    for e in json.load(open(f"{data}/lists/us-csl.json", encoding="utf-8"))["entries"]:
        w = re.sub(r"[^\w\s]", " ", e["n"]).lower().split()
        for f in forms:
            if len(w) > len(f) and w[-len(f):] == f:
                w = w[:-len(f)]
                break
        if (len(w) >= 2 and w[0].isascii() and w[0].isalpha() and len(w[0]) >= 5 and
                w[0] not in descriptors and all(x in descriptors for x in w[1:])):
            words.add(w[0])
    with open(out, "w", encoding="utf-8", newline="") as f:
        cw = csv.writer(f)
        cw.writerow(["id", "name"])
        for word in sorted(words):
            cw.writerow([word, word.capitalize()])


if __name__ == "__main__":
    main()
