#!/usr/bin/env python3
"""Derives data/terms/nicknames.tsv, the given names that are one name written as a
nickname (Bill, William; Ben, Benjamin), from rigour's resources/names/symbols.yml
(person_nick; opensanctions/rigour, MIT licence, Copyright (c) OpenSanctions; a copy is
in the shared data, name_normalization_rigour/).

Each variant of a person_nick group, lower case, gets the groups it is in, '|'-separated
(ted is Edward's and Theodore's).  Rows are sorted: the output depends only on the input.
Usage: nicknames.py SYMBOLS_YML > data/terms/nicknames.tsv
"""
import rigour_table

HEADER = """\
# Given names and their nicknames, one name written two ways (Bill, William; Ben,
# Benjamin): the token alignment (src/lib/screen/similarity.c) pairs two words of a
# person's name that share a group here.  Made by tools/nicknames.py from rigour's
# resources/names/symbols.yml (person_nick; opensanctions/rigour @ 8f4044dd, MIT
# licence, Copyright (c) OpenSanctions).  Not edited by hand.
# word\tgroups"""


def rows(doc):
    out = {}
    for group, variants in doc["person_nick"].items():
        for v in variants or []:
            word = str(v).lower()
            if word.isascii() and word.isalpha():
                out.setdefault(word, set()).add(str(group).lower())
    return sorted((w, "|".join(sorted(g))) for w, g in out.items())


if __name__ == "__main__":
    rigour_table.main(HEADER, rows)
