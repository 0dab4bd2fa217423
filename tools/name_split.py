#!/usr/bin/env python3
"""Derives data/terms/name_split.tsv, the phrases that say a name field gives another name
after them (docs/screening.md, "A field that gives a name twice"), from rigour's
resources/names/stopwords.yml (NAME_SPLIT_PHRASES; opensanctions/rigour, MIT licence,
Copyright (c) OpenSanctions; a copy is in the shared data, name_normalization_rigour/).

Each phrase, lower case, with the form screening matches: its letters and the spaces
between its words, the periods and slashes it is written with left out (a.k.a. aka,
d/b/a dba); the first phrase of each form is kept.  Rows are sorted: the output depends
only on the input.
Usage: name_split.py STOPWORDS_YML > data/terms/name_split.tsv
"""
import rigour_table

HEADER = """\
# Phrases that say a name field gives another name after them (Acme Ltd d/b/a Acme
# Trading; PSB Bank (formerly PROMSVYAZBANK)): src/lib/screen/sides.c parts the field
# there.  Made by tools/name_split.py from rigour's resources/names/stopwords.yml
# (NAME_SPLIT_PHRASES; opensanctions/rigour @ 8f4044dd, MIT licence, Copyright (c)
# OpenSanctions): each phrase and the form matched, its periods and slashes left out.
# Not edited by hand.
# phrase\tform"""


def form(phrase):
    words = "".join(ch for ch in phrase.lower() if ch not in "./").split()
    return " ".join(words)


def rows(doc):
    out = {}
    for p in doc["NAME_SPLIT_PHRASES"] or []:
        f = form(str(p))
        if f and f.replace(" ", "").isascii() and f.replace(" ", "").isalpha():
            out.setdefault(f, str(p).lower())
    return sorted((p, f) for f, p in out.items())


if __name__ == "__main__":
    rigour_table.main(HEADER, rows)
