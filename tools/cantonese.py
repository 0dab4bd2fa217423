#!/usr/bin/env python3
"""Derives data/terms/dict/zh_cantonese.tsv, each Han character's Cantonese reading as
Hong Kong spells names (docs/screening.md, "Names in Chinese characters"), from
Unicode's Unihan database (kCantonese, in Jyutping; Debian unicode-data, Unicode
licence) and data/terms/jyutping_hk.tsv (Jyutping initials and finals to Hong Kong's
spelling).

One row per character: CHAR<TAB>SPELLING[|SPELLING], the second spelling when Hong Kong
writes the syllable two ways (曾 chang|tsang).  Unihan gives one reading per character;
tones are dropped.  A reading no row of the table parses stops the build with its
character and syllable.

With the pinyin table (data/terms/dict/zh_pinyin.tsv: a character's Mandarin as a query
is read in), it also writes zh_cantonese_pinyin.tsv, the same readings the other way
round: one row per Hong Kong spelling, SPELLING<TAB>PINYIN[|PINYIN...], the Mandarin
syllables of the characters Hong Kong spells so (chan: chen|can|chan...).  A list word
spelled so is a Cantonese name's word for a character read in one of those syllables,
and for no other (similarity.c other_pinyin: 平 ping is not 玲 ling).

Rows are sorted by UTF-8 bytes (the library bisects them) and depend only on the inputs.
Usage: cantonese.py UNIHAN_READINGS_BZ2 JYUTPING_HK_TSV OUT [PINYIN_TSV PINYIN_OUT]
"""
import bz2
import os
import sys


def read_rules(path):
    initials, finals = {}, {}
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            parts = line.split("\t")
            if len(parts) != 3 or parts[0] not in ("initial", "final"):
                sys.exit("%s:%d: expected initial|final<TAB>JYUTPING<TAB>SPELLING" % (path, lineno))
            (initials if parts[0] == "initial" else finals)[parts[1]] = parts[2].split("|")
    return initials, finals


def spell(syllable, initials, finals):
    """The Hong Kong spellings of one toneless Jyutping syllable (one or two), or None."""
    for n in (2, 1, 0):
        head, rest = syllable[:n], syllable[n:]
        if n and head not in initials:
            continue
        if rest not in finals:
            continue
        ini = initials.get(head, [""])
        fin = finals[rest]
        first = ini[0] + fin[0]
        second = ini[-1] + fin[-1]
        return [first] if first == second else [first, second]
    return None


def read_pinyin(path):
    """Each single character's pinyin syllable from the pinyin table."""
    pinyin = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                continue
            parts = line.rstrip("\n").split("\t")
            if len(parts) == 2 and len(parts[0]) == 1 and " " not in parts[1]:
                pinyin[parts[0]] = parts[1]
    return pinyin


def write_rows(dst, rows):
    """rows: (sort key, term, value); written atomically, sorted."""
    rows.sort()
    tmp = dst + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        for _, term, value in rows:
            f.write("%s\t%s\n" % (term, value))
    os.replace(tmp, dst)


def spelled_pinyin(rows, pinyin):
    """The Hong Kong spellings, each with the Mandarin syllables of the characters it spells."""
    syllables = {}
    for _, char, spelled in rows:
        if char in pinyin:
            for spelling in spelled.split("|"):
                syllables.setdefault(spelling, set()).add(pinyin[char])
    return [(k.encode("utf-8"), k, "|".join(sorted(v))) for k, v in syllables.items()]


def main():
    if len(sys.argv) not in (4, 6):
        sys.exit(__doc__.strip().splitlines()[-1])
    src, rules_path, dst = sys.argv[1:4]
    initials, finals = read_rules(rules_path)
    rows = []
    with bz2.open(src, "rt", encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) != 3 or parts[1] != "kCantonese":
                continue
            char = chr(int(parts[0][2:], 16))
            syllable = parts[2].split()[0].rstrip("123456")
            spelled = spell(syllable, initials, finals)
            if spelled is None:
                sys.exit("%s: %s (%s): no initial and final of %s spell %r"
                         % (src, char, parts[0], rules_path, syllable))
            rows.append((char.encode("utf-8"), char, "|".join(spelled)))
    write_rows(dst, rows)
    if len(sys.argv) == 6:
        write_rows(sys.argv[5], spelled_pinyin(rows, read_pinyin(sys.argv[4])))


if __name__ == "__main__":
    main()
