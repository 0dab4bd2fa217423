#!/usr/bin/env python3
"""Derives data/terms/dict/zh_cantonese.tsv, each Han character's Cantonese reading as
Hong Kong spells names (docs/screening.md, "Names in Chinese characters"), from
Unicode's Unihan database (kCantonese, in Jyutping; Debian unicode-data, Unicode
licence) and data/terms/jyutping_hk.tsv (Jyutping initials and finals to Hong Kong's
spelling).

One row per character: CHAR<TAB>SPELLING[|SPELLING], the second spelling when Hong Kong
writes the syllable two ways (曾 chang|tsang).  Unihan gives one reading per character;
tones are dropped.  Rows are sorted by UTF-8 bytes (the library bisects them) and depend
only on the inputs.  A reading no row of the table parses stops the build with its
character and syllable.
Usage: cantonese.py UNIHAN_READINGS_BZ2 JYUTPING_HK_TSV OUT
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


def main():
    if len(sys.argv) != 4:
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
    rows.sort()
    tmp = dst + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        for _, char, spelled in rows:
            f.write("%s\t%s\n" % (char, spelled))
    os.replace(tmp, dst)


if __name__ == "__main__":
    main()
