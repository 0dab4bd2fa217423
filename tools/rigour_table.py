"""What tools/abbreviations.py, descriptors.py and nicknames.py share: read rigour's
symbols.yml (the first argument) and print a header, then one tab-separated row per pair
that the tool's rows() makes of it; and whether one of a group's words shortens another."""
import sys

import yaml


def main(header, rows):
    with open(sys.argv[1], encoding="utf-8") as f:
        doc = yaml.safe_load(f)
    print(header)
    for key, value in rows(doc):
        print(f"{key}\t{value}")


def shortens(short, word):
    """Whether short is word shortened: shorter, the same first letter, its other letters
    in order in word (mfg / manufacturing, tech / technology, mgmt / management)."""
    if len(short) >= len(word) or short[:1] != word[:1]:
        return False
    rest = iter(word[1:])
    return all(ch in rest for ch in short[1:])
