#!/usr/bin/env python3
"""Derives data/terms/abbreviations.tsv, the abbreviations screening reads as the word
they stand for (docs/screening.md, "From a name to readings"), from rigour's
resources/names/symbols.yml (opensanctions/rigour, MIT licence, Copyright (c)
OpenSanctions; a copy is in the shared data, name_normalization_rigour/).

An abbreviation is a one-word variant written with a final period in a group of
org_symbols or org_domains ("mfg." in manufacturing) whose letters stand in order in a
full word of the same group, starting with its first letter; that word, the first such in
the group's order, is its expansion.  Rows are sorted: the output depends only on the input.
Usage: abbreviations.py SYMBOLS_YML > data/terms/abbreviations.tsv
"""
import rigour_table

HEADER = """\
# Abbreviations lists write in organisation names, read as the word they stand for on
# both sides of a comparison (Yamamoto Mfg. Co., Ltd. and a reading "yamamoto
# manufacturing" of 山本製作所).  Made by tools/abbreviations.py from rigour's
# resources/names/symbols.yml (org_symbols, org_domains; opensanctions/rigour @ 8f4044dd,
# MIT licence, Copyright (c) OpenSanctions): the variants written with a final period
# whose letters stand in order in a full word of the same group; that word is the
# expansion.  Not edited by hand.
# abbreviation\tword"""


def rows(doc):
    out = {}
    for section in ("org_symbols", "org_domains"):
        for variants in doc[section].values():
            variants = [str(v) for v in variants or []]
            for v in variants:
                short = v.rstrip(".").lower()
                if not v.endswith(".") or not short.isascii() or not short.isalpha():
                    continue
                full = [w.lower() for w in variants
                        if w.isascii() and w.isalpha() and len(w) > len(short) + 1
                        and rigour_table.shortens(short, w.lower())]
                if full:
                    out.setdefault(short, full[0])
    return sorted(out.items())


if __name__ == "__main__":
    rigour_table.main(HEADER, rows)
