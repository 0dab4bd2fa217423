#!/usr/bin/env python3
"""Derives data/terms/descriptors.tsv, the words that describe what an organisation is or
does rather than which one it is (docs/screening.md, "Scoring"), from rigour's
resources/names/symbols.yml (opensanctions/rigour, MIT licence, Copyright (c)
OpenSanctions; a copy is in the shared data, name_normalization_rigour/).

A descriptor is a one-word variant, in Latin letters, of three letters or more, of a group
of org_symbols or org_domains (company, holdings, industrial, machinery, trading ...); the
group is its second column.  The group's own name is one of its words too where it
shortens one of them (its first letter, then its other letters in order: tech for
technology, mgmt for management, grp for group).  rigour's tagger reads a symbol's key as
one of its forms, and most keys are the short form a name writes; the others are labels
(stockexch, invfund, socalled) that no name writes.  The few groups that name one
organisation (al-Qaeda, Hezbollah, the IRGC, the PLA, the CCP, the CIA) are left out:
they say which one it is.
Rows are sorted: the output depends only on the input.
Usage: descriptors.py SYMBOLS_YML > data/terms/descriptors.tsv
"""
import rigour_table

HEADER = """\
# Words that say what an organisation is or does, not which one it is (holdings,
# industrial, machinery, trading ...): the token alignment (src/lib/screen/similarity.c)
# weighs such a word left over on one side at a fraction of its weight when the rest of
# the two names matched word for word, since a company's English name adds or drops them
# at will (Hyundai Heavy Industries / Hyundai Heavy Industries Group).  Made by
# tools/descriptors.py from rigour's resources/names/symbols.yml (org_symbols,
# org_domains; opensanctions/rigour @ 8f4044dd, MIT licence, Copyright (c) OpenSanctions):
# the one-word variants in Latin letters of three letters or more, and the group's own
# name where it shortens one of them (tech, mgmt, grp), with their group.  Not edited by
# hand.
# word\tgroup"""

# Groups naming one organisation: a leftover "Hezbollah" says which one is meant.
ONE_ORGANISATION = {"alqaeda", "hezbollah", "irgc", "pla", "ccp", "cia"}


def one_word(v):
    """The variant v as a descriptor (lower case), or None: Latin letters, three or more."""
    word = str(v).lower()
    return word if word.isascii() and word.isalpha() and len(word) >= 3 else None


def rows(doc):
    out = {}
    for section in ("org_symbols", "org_domains"):
        for group, variants in doc[section].items():
            if group in ONE_ORGANISATION:
                continue
            words = [w for w in map(one_word, variants or []) if w]
            key = one_word(group)
            if key and any(rigour_table.shortens(key, w) for w in words):
                words.append(key)
            for word in words:
                out.setdefault(word, group)
    return sorted(out.items())


if __name__ == "__main__":
    rigour_table.main(HEADER, rows)
