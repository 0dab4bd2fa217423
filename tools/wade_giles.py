#!/usr/bin/env python3
"""Writes data/terms/zh_wade_giles.tsv: each Hanyu Pinyin syllable (toneless, as Rime's
table writes it, u for ü) and its Wade-Giles spelling as Taiwan's passports and the
sanctions lists write Taiwanese names: no apostrophes (ch'i -> chi), no umlauts
(hsü -> hsu), si as szu.

Debian packages no Wade-Giles table and ICU has no such transliterator, so the spelling
is made here by the conversion rules of the system: the initials (b p, d t, g k, j q zh
ch, x hs, r j, z c ts), the finals that differ (-ian -ien, -ie -ieh, -ong -ung, er erh,
-i after zh ch sh r as -ih, zi ci si as tzu tzu szu, e after g k h as o, -uo after d t n
l z c s as -o, zhuo chuo ruo as cho cho jo, gui kui as kuei, you yu, yan yen, yi i).
They were checked against the Wade-Giles/Pinyin conversion table of ChinaKnowledge.de
(Ulrich Theobald, 2011) and the Wade-Giles article of Wikipedia, facts only.

Usage: tools/wade_giles.py ZH_PINYIN_TSV OUT_TSV
"""
import sys

INITIALS = [("zh", "ch"), ("ch", "ch"), ("sh", "sh"), ("b", "p"), ("p", "p"), ("m", "m"),
            ("f", "f"), ("d", "t"), ("t", "t"), ("n", "n"), ("l", "l"), ("g", "k"),
            ("k", "k"), ("h", "h"), ("j", "ch"), ("q", "ch"), ("x", "hs"), ("r", "j"),
            ("z", "ts"), ("c", "ts"), ("s", "s")]

# Syllables with no initial (y- and w- are spelling, not sounds).
ZERO = {"yi": "i", "ya": "ya", "yo": "yo", "ye": "yeh", "yai": "yai", "yao": "yao",
        "you": "yu", "yan": "yen", "yin": "yin", "yang": "yang", "ying": "ying",
        "yong": "yung", "yu": "yu", "yue": "yueh", "yuan": "yuan", "yun": "yun",
        "e": "o", "er": "erh"}


def final(ini, fin):
    """The Wade-Giles final after pinyin initial ini."""
    if fin == "i":
        if ini in ("zh", "ch", "sh", "r"):
            return "ih"
        if ini in ("z", "c", "s"):
            return None  # whole syllables: tzu, tzu, szu
        return "i"
    if fin == "e":
        return "o" if ini in ("g", "k", "h") else "e"
    if fin == "uo":
        if ini in ("g", "k", "h", "sh"):
            return "uo"
        return "o"
    if fin == "ui":
        return "uei" if ini in ("g", "k") else "ui"
    if fin == "ong":
        return "ung"
    if fin == "iong":
        return "iung"
    if fin == "ian":
        return "ien"
    if fin in ("ie", "ue"):
        return fin + "h"
    return fin


WHOLE = {"zi": "tzu", "ci": "tzu", "si": "szu"}


def wade_giles(syl):
    if syl in WHOLE:
        return WHOLE[syl]
    if syl in ZERO:
        return ZERO[syl]
    if syl.startswith("w") or syl in ("a", "ai", "an", "ang", "ao", "ei", "en", "eng", "o", "ou"):
        return syl
    for ini, wg in INITIALS:
        if syl.startswith(ini) and len(syl) > len(ini):
            f = final(ini, syl[len(ini):])
            return wg + f if f is not None else None
    return None  # interjections (m, n, hm)


def main():
    src, out = sys.argv[1], sys.argv[2]
    syllables = set()
    for line in open(src, encoding="utf-8"):
        if line.startswith("#") or "\t" not in line:
            continue
        syllables.update(line.rstrip("\n").split("\t", 1)[1].split())
    rows = sorted((s, wade_giles(s)) for s in syllables)
    with open(out, "w", encoding="utf-8") as f:
        f.write("# Hanyu Pinyin syllable<TAB>its Wade-Giles spelling as Taiwan's passports and the\n"
                "# sanctions lists write names (no apostrophes or umlauts; si as szu).  Made by\n"
                "# tools/wade_giles.py from the syllables of Rime's pinyin table; rules checked\n"
                "# against ChinaKnowledge.de's Wade-Giles/Pinyin conversion table.  Every\n"
                "# syllable is listed, spelled alike or not: the table is read backwards too\n"
                "# (a Latin name in Wade-Giles read as pinyin), and a spelling is a syllable\n"
                "# only if it is here.\n")
        for s, wg in rows:
            if wg:
                f.write("%s\t%s\n" % (s, wg))


if __name__ == "__main__":
    main()
