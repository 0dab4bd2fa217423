"""What tools/abbreviations.py, descriptors.py and nicknames.py share: read rigour's
symbols.yml (the first argument) and print a header, then one tab-separated row per pair
that the tool's rows() makes of it."""
import sys

import yaml


def main(header, rows):
    with open(sys.argv[1], encoding="utf-8") as f:
        doc = yaml.safe_load(f)
    print(header)
    for key, value in rows(doc):
        print(f"{key}\t{value}")
