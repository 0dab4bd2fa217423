#!/usr/bin/env python3
"""The entities of the delta re-screening benchmark: the first COUNT names the OFAC SDN list
added between 2021-07-07 and 2024-05-03 (real files in SHARED/data), as listed, written as a
simple-csv list (id,name).   Usage: delta_entities.py SHARED OUT.csv [COUNT]"""
import csv
import sys


def sdn(folder):
    with open(folder + "/sdn.csv", encoding="latin-1") as f:
        return {r[0].strip(): r[1].strip() for r in csv.reader(f) if len(r) > 2}


def main():
    shared, out = sys.argv[1], sys.argv[2]
    count = int(sys.argv[3]) if len(sys.argv) > 3 else 1000
    was = sdn(shared + "/data/ofac_legacy_2021-07-07_consistent")
    now = sdn(shared + "/data/ofac_legacy_2024-05-03")
    added = sorted((k for k in now if k not in was), key=int)[:count]
    with open(out, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "name"])
        w.writerows([["X" + k, now[k]] for k in added])


if __name__ == "__main__":
    main()
