#!/usr/bin/env python3
"""Cross-script pairs written by Japan's Ministry of Foreign Affairs, not by us: the
entities Japan bans exports to (the Russian, Belarusian and third-country lists METI
publishes, ../shared/data/jp_meti_russia_export_ban/: 外務省告示, public notices, read in
place).  Each entry gives the entity's name in Japanese (katakana for the Russian and
English words, kanji for the trade words: 株式会社アドミラルティ造船所) and in English
(Admiralty Shipyard JSC, a.k.a. ...).  The Japanese name is a query; its expected entry
is listed under its English name and English aliases only.

    python3 bench/meti_ban_names.py SHARED OUTDIR

writes OUTDIR/list.csv (id, name, type), OUTDIR/queries-dev.csv and queries-unseen.csv
(id, name, type, expected, group: the list the entry is on), and OUTDIR/list-dev.csv.
Entries with an even number are the half that may be looked at row by row; the odd
ones are not (as the UN Arabic pairs are split).  Screened against list-dev.csv, the
dev half's English names only, the unseen half's Japanese names are negatives: other
entities of the same trades (design bureaux, shipyards, research institutes), whose
alerts are false ones.  The Japanese aliases (別称) are left out of the queries: the
query is the name the notice gives first."""
import os
import re
import sys

from un_original_script import write_halves  # noqa: E402  (bench/: one CSV writer for the eval sets)

FILES = (("russia", "250912_list_russia_tokutei.pdf.txt"),
         ("belarus", "list_belarus_tokutei.pdf.txt"),
         ("third countries", "250912_list_daisangoku_tokutei.pdf.txt"))
JAPANESE = "\u3040-\u30ff\u3400-\u9fff\uff10-\uff19\uff21-\uff5a"
# An entry starts a line with its number (ASCII or full-width digits), its Japanese name
# on the rest of the line (which may open with Latin letters: 74 MPI VOLNA（別称、…）); the
# text extraction sometimes glues it to the end of the address before it (Russia.10 対外…).
START = re.compile(r"(?:^|(?<=\.))([0-9]{1,3}|[\uff10-\uff19]{1,3})[ \u3000]+(?=[^\n]*[" +
                   JAPANESE + "])", re.M)
LATIN_LINE = re.compile(r"^[A-Za-z0-9\"'“(]")
WIDE = re.compile(r"[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]")


def english_line(line):
    """A line of the English name: Latin letters, none of the Japanese text's characters
    (RT）, the end of a Japanese alias, is not)."""
    return bool(LATIN_LINE.match(line)) and not WIDE.search(line)


def number(s):
    return int(s.translate({0xFF10 + i: 0x30 + i for i in range(10)}))


def entries(text):
    """(number, entry text) in order, numbers 1, 2, 3, ...: a digit run that does not
    continue the numbering (a street number before a Japanese word) is no start."""
    starts, want = [], 1
    for m in START.finditer(text):
        if number(m.group(1)) == want:
            starts.append((want, m.start(1), m.end()))
            want += 1
    for k, (n, _, body) in enumerate(starts):
        end = starts[k + 1][1] if k + 1 < len(starts) else len(text)
        yield n, text[body:end]


def clean(name):
    name = re.sub(r"\s+", " ", name).strip(" -")
    name = re.sub(r"^(?:and|or)(?:\s+|\s*-)|[;,]?\s+and$", "", name)
    return name.strip(" ;,.")


def parse(body):
    """The entry's Japanese name (its aliases in parentheses left out) and its English
    names (the name, then the aliases)."""
    lines = [l.strip() for l in body.split("\n")]
    ja, i = [lines[0]], 1
    while i < len(lines) and not english_line(lines[i]):
        ja.append(lines[i])
        i += 1
    japanese = "".join(ja)
    # The English name may follow the aliases' closing parenthesis on the same line.
    m = re.match(r"(.*[）)])\s*([A-Za-z].*)$", japanese)
    if m and "別称" in m.group(1):
        japanese = m.group(1)
        lines.insert(i, m.group(2))
    japanese = re.sub(r"[（(]別称.*$", "", japanese).strip()
    english, aliases = [], []
    while i < len(lines) and not lines[i].startswith(("所在地", "別称", "-")):
        english.append(lines[i])
        i += 1
    first = " ".join(english)
    first = re.split(r",?\s*a\.k\.a\.?", first)[0]
    while i < len(lines) and not lines[i].startswith("所在地"):
        line = lines[i]
        if line.startswith("-") or (not line.startswith("別称") and LATIN_LINE.match(line)):
            aliases.extend(line.split(";"))
        i += 1
    names = [clean(n.split("所在地")[0]) for n in [first] + aliases]
    return japanese, [n for n in dict.fromkeys(names) if n and n not in ("and", "or")]


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    shared, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    names, queries, seen = [], {"dev": [], "unseen": []}, set()
    for group, path in FILES:
        text = open(os.path.join(shared, "data/jp_meti_russia_export_ban", path),
                    encoding="utf-8").read()
        for n, body in entries(text):
            japanese, english = parse(body)
            # An entity listed twice (one entry per address: I JET GLOBAL DMCC in
            # Damascus and in Dubai) is one entity: its first entry stands for it.
            if not japanese or not english or japanese in seen:
                continue
            seen.add(japanese)
            rid = f"{group.split()[0]}:{n}"
            names.extend((rid, e, "organization") for e in english)
            queries["dev" if n % 2 == 0 else "unseen"].append(
                (f"q-{rid}", japanese, "organization", rid, group))
    write_halves(out, names, queries, {q[3] for q in queries["dev"]})


if __name__ == "__main__":
    main()
