#!/usr/bin/env python3
"""Derives data/terms/org_types.tsv, the legal forms of companies and partnerships in the
world's languages, from rigour's resources/names/org_types.yml (opensanctions/rigour, MIT
licence, Copyright (c) OpenSanctions; a copy is in the shared data,
name_normalization_rigour/).  They are read as legal_forms.tsv's rows are (removed at
either end of a name, src/lib/screen/analyse.c), after them: legal_forms.tsv keeps what
no dictionary has (kabushiki kaisha, jusik hoesa, the Hangul spellings of English forms).

Kept: the aliases of the types rigour calls a limited liability company, a joint-stock
company, a limited, general or limited liability partnership (generic LLC, JSC, LP, GP,
LLP), with that tag in lower case.  Left out: state enterprises, cooperatives, funds,
non-profits, religious and military bodies (rigour's other tags: State Unitary Enterprise,
Charitable Fund, Private Military Company say what a body is, and a list tells bodies
apart by them), and the types without a tag.  An alias of one word needs five letters or
more (GmbH is in legal_forms.tsv; "in", "LL", "SE", "ед" are words of names too), or
three characters in a script written without spaces (兩合公司; not 有限, "limited", which
ends names); an alias of letters apart (A.G., S.E., a.d.) reads as a person's initials
(legal_forms.tsv has the forms of this kind names use: S.A., N.V.); an alias of more
than six words is longer than analyse.c looks.
Rows are sorted: the output depends only on the input.
Usage: org_types.py ORG_TYPES_YML > data/terms/org_types.tsv
"""
import re
import unicodedata

import rigour_table

HEADER = """\
# Legal forms of companies and partnerships in the world's languages, read after
# legal_forms.tsv (which wins where both have a form): removed at either end of a name and
# shown as ignored (src/lib/screen/analyse.c, strip_legal).  Made by tools/org_types.py
# from rigour's resources/names/org_types.yml (opensanctions/rigour @ 8f4044dd, MIT
# licence, Copyright (c) OpenSanctions): the aliases of its limited liability company,
# joint-stock company and partnership types (generic LLC, JSC, LP, GP, LLP), one word of
# five letters or more (three characters in Han, kana or Hangul), or two to six words
# not all initials.  Not edited by hand.
# form\ttag"""

KEEP = {"LLC", "JSC", "LP", "GP", "LLP"}
WORD = re.compile(r"\w+")
MAX_WORDS = 6


def unspaced(ch):
    """Whether ch is of a script written without spaces between words (Han, kana, Hangul)."""
    name = unicodedata.name(ch, "")
    return name.startswith(("CJK", "HIRAGANA", "KATAKANA", "HANGUL"))


def form(alias):
    """The alias as a row's form, or None when it is too short or too long to keep."""
    alias = " ".join(str(alias).split())
    words = WORD.findall(alias)
    if not words or len(words) > MAX_WORDS or any(ch.isdigit() for ch in alias):
        return None
    if len(words) == 1 and all(unspaced(ch) for ch in words[0]):
        return alias if len(words[0]) >= 3 else None
    if len(words) == 1:
        return alias if len(words[0]) >= 5 else None
    # Letters apart (A.G., S.E., a.d., Л.П.) read as initials of a person's names.
    return alias if any(len(w) > 2 for w in words) else None


def rows(doc):
    out = {}
    for t in doc["types"]:
        tag = t.get("generic") or ""
        if tag not in KEEP:
            continue
        for alias in t.get("aliases") or []:
            f = form(alias)
            if f:
                out.setdefault(f, tag.lower())
    return sorted(out.items())


if __name__ == "__main__":
    rigour_table.main(HEADER, rows)
