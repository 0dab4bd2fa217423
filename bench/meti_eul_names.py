#!/usr/bin/env python3
"""Cross-script pairs written by Japan's Ministry of Economy, Trade and Industry, not by
us: the entries of its End User List (外国ユーザーリスト, ../shared/data/
jp_meti_end_user_list/jp_meti_eul.json, read in place) whose English name or alias ends
with the entity's name in Japanese in parentheses, as METI writes the names of North
Korean, Chinese and Hong Kong entities (Korea Jangsu Trading Corporation (長水貿易会社),
Choson Central Bank (朝鮮中央銀行), LIMMT Economic and Trade Company (LIMMT経貿公司)).
The Japanese name is a query; its expected entry is listed under its English names only
(the parenthesis taken off), among every entry of the list, those without a Japanese
name too.

    python3 bench/meti_eul_names.py SHARED OUTDIR

writes OUTDIR/list.csv (id, name, type), OUTDIR/queries-dev.csv and queries-unseen.csv
(id, name, type, expected, group: the entity's first address) and OUTDIR/list-dev.csv.
Entries with an even number (jp-eul-N) are the half that may be looked at row by row; the
odd ones are not.  Screened against list-dev.csv, the English names of the even entries
only, the unseen half's Japanese names are negatives: other entities of the same lists
and countries, whose alerts are false ones."""
import json
import os
import re
import sys

from un_original_script import write_halves  # noqa: E402  (bench/: one CSV writer for the eval sets)

JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
# A name's last parenthesis (ASCII or full-width), when it holds Japanese text.
TRAILING = re.compile(r"\s*[（(]([^()（）]+)[)）]\s*$")


def split_name(name):
    """(English name, Japanese name or None): the Japanese name is the last parenthesis's
    text when it has kana or Han characters in it."""
    m = TRAILING.search(name)
    if m and JAPANESE.search(m.group(1)):
        return name[:m.start()].strip(), m.group(1).strip()
    return name.strip(), None


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    shared, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    path = os.path.join(shared, "data/jp_meti_end_user_list/jp_meti_eul.json")
    entries = json.load(open(path, encoding="utf-8"))
    names, queries = [], {"dev": [], "unseen": []}
    dev_ids = set()
    for e in entries:
        n = int(e["id"].rsplit("-", 1)[1])
        kind = "person" if e.get("entity_type") == "person" else "organization"
        english, japanese = [], []
        for name in [e["entity_name"]] + e.get("aliases", []):
            latin, ja = split_name(name)
            if latin and not JAPANESE.search(latin):
                english.append(latin)
            if ja:
                japanese.append(ja)
        english = list(dict.fromkeys(english))
        names.extend((e["id"], name, kind) for name in english)
        half = "dev" if n % 2 == 0 else "unseen"
        if half == "dev":
            dev_ids.add(e["id"])
        # The first Japanese name METI gives is the query; an entity whose every name
        # is Japanese has no expected English name and is left out.
        if japanese and english:
            group = (e.get("addresses") or ["?"])[0]
            queries[half].append((f"q-{e['id']}", japanese[0], kind, e["id"], group))
    write_halves(out, names, queries, dev_ids)


if __name__ == "__main__":
    main()
