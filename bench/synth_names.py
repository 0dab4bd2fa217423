#!/usr/bin/env python3
"""The synthetic list for the 1M-name screening benchmark (make bench), and its queries.

Names are recombined from real ones, never downloaded: given and family names of the
individuals on the bundled OFAC and UN lists and in the yente test files; distinctive
words of the organisation names on the bundled lists and the company registries of
../shared/eval; legal forms from data/terms/legal_forms.tsv.  A fixed seed makes the
list the same on every run.  The company registries' English names are kept as they
are, so Hangul and kana queries have something to find.

Writes into OUT:
  list.csv            id,name,type  (simple-csv; indexed together with the bundled lists)
  q-exact.csv         names on the list, as listed
  q-typo.csv          names on the list with one or two typing errors
  q-absent.csv        real-looking names that are on no list
  q-cjk.csv           Hangul and kana company names (cross-script queries)
  q-mix.csv           the realistic mix: 40% exact, 30% typo, 25% absent, 5% CJK

Usage: synth_names.py DATA_DIR SHARED OUT [SIZE] [QUERIES_PER_KIND]
"""
import csv
import json
import os
import random
import re
import sys
import xml.etree.ElementTree as ET

SEED = 20261123
LATIN = re.compile(r"^[A-Za-z][A-Za-z'\-]*$")


def words(text):
    return [w for w in re.split(r"[^A-Za-z0-9'\-]+", text) if w]


def legal_forms(data_dir):
    forms = []
    with open(os.path.join(data_dir, "terms", "legal_forms.tsv"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or "\t" not in line:
                continue
            form = line.split("\t")[0]
            if all(LATIN.match(w) for w in form.split()):
                forms.append(form.upper())
    return forms


def person_parts(data_dir, shared):
    """(given names, family names) seen on real lists and in the yente files."""
    given, family = set(), set()
    with open(os.path.join(data_dir, "lists", "ofac-sdn.csv"), encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if r["type"] == "individual" and "," in r["name"]:
                last, first = r["name"].split(",", 1)
                family.update(w for w in words(last) if LATIN.match(w))
                given.update(w for w in words(first) if LATIN.match(w))
    root = ET.parse(os.path.join(data_dir, "lists", "un-consolidated.xml")).getroot()
    for ind in root.iter("INDIVIDUAL"):
        first = ind.findtext("FIRST_NAME") or ""
        second = ind.findtext("SECOND_NAME") or ""
        given.update(w for w in words(first) if LATIN.match(w))
        family.update(w for w in words(second) if LATIN.match(w))
    y = os.path.join(shared, "data", "name_matching_eval", "yente_candidate_generation")
    for name in ("negatives_global.csv", "negatives_us.csv"):
        with open(os.path.join(y, name), encoding="utf-8") as f:
            for r in csv.DictReader(f):
                for col, pool in (("first_name", given), ("middle_name", given),
                                  ("last_name", family)):
                    pool.update(w for w in words(r[col]) if LATIN.match(w))
    keep = lambda s: sorted(w.title() for w in s if len(w) >= 2)
    return keep(given), keep(family)


def org_parts(data_dir, shared, forms):
    """Distinctive words of real organisation names (legal forms taken out)."""
    form_words = {w for f in forms for w in f.split()}
    names = []
    with open(os.path.join(data_dir, "lists", "ofac-sdn.csv"), encoding="utf-8") as f:
        names += [r["name"] for r in csv.DictReader(f) if r["type"] != "individual"]
    with open(os.path.join(data_dir, "lists", "us-csl.json"), encoding="utf-8") as f:
        names += [e["n"] for e in json.load(f)["entries"] if e.get("t") == "Entity"]
    registry = []
    for s in ("kr-companies", "jp-companies"):
        with open(os.path.join(shared, "eval", s, "list.csv"), encoding="utf-8") as f:
            registry += [r["name"] for r in csv.DictReader(f)]
    vocab = set()
    for n in names + registry:
        vocab.update(w.upper() for w in words(n)
                     if LATIN.match(w) and len(w) >= 3 and w.upper() not in form_words)
    return sorted(vocab), registry


def typo(rng, name):
    """One typing error (two in longer names): a letter changed, dropped, doubled or
    swapped with its neighbour, inside a word of four letters or more."""
    toks = name.split(" ")
    for _ in range(2 if len(name) > 24 else 1):
        cand = [i for i, t in enumerate(toks) if len(t) >= 4 and t.isalpha()]
        if not cand:
            break
        i = rng.choice(cand)
        t = toks[i]
        p = rng.randrange(1, len(t) - 1)
        op = rng.randrange(4)
        if op == 0:
            t = t[:p] + rng.choice("AEIOUNRSTLKM") + t[p + 1:]
        elif op == 1:
            t = t[:p] + t[p + 1:]
        elif op == 2:
            t = t[:p] + t[p] + t[p:]
        else:
            t = t[:p - 1] + t[p] + t[p - 1] + t[p + 1:]
        toks[i] = t.upper() if name.isupper() else t
    return " ".join(toks)


def main():
    data_dir, shared, out = sys.argv[1], sys.argv[2], sys.argv[3]
    size = int(sys.argv[4]) if len(sys.argv) > 4 else 900000
    per_kind = int(sys.argv[5]) if len(sys.argv) > 5 else 2000
    rng = random.Random(SEED)
    forms = legal_forms(data_dir)
    given, family = person_parts(data_dir, shared)
    vocab, registry = org_parts(data_dir, shared, forms)
    generic = ["TRADING", "INDUSTRIES", "INTERNATIONAL", "GROUP", "HOLDINGS", "SHIPPING",
               "ELECTRONICS", "TECHNOLOGY", "ENGINEERING", "LOGISTICS", "CHEMICAL", "BANK",
               "INVESTMENT", "MACHINERY", "AVIATION", "ENERGY", "METALS", "GLOBAL"]
    os.makedirs(out, exist_ok=True)
    seen = set()
    rows = []

    def add(name, kind):
        key = name.lower()
        if key not in seen:
            seen.add(key)
            rows.append((f"S{len(rows):07d}", name, kind))

    for n in registry:
        add(n, "organization")
    while len(rows) < size:
        if rng.random() < 0.6:
            parts = [rng.choice(given)]
            if rng.random() < 0.3:
                parts.append(rng.choice(given))
            parts.append(rng.choice(family))
            if rng.random() < 0.15:
                parts.append(rng.choice(family))
            name = " ".join(parts)
            add(name.upper() if rng.random() < 0.5 else name, "person")
        else:
            parts = [rng.choice(vocab) for _ in range(rng.choice((1, 1, 2, 2, 3)))]
            if rng.random() < 0.5:
                parts.append(rng.choice(generic))
            if rng.random() < 0.7:
                parts.append(rng.choice(forms))
            add(" ".join(parts), "organization")
    with open(os.path.join(out, "list.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "name", "type"])
        w.writerows(rows)

    listed = [r[1] for r in rng.sample(rows, per_kind)]
    typos = [typo(rng, r[1]) for r in rng.sample(rows, per_kind)]
    absent = []
    y = os.path.join(shared, "data", "name_matching_eval", "yente_candidate_generation")
    with open(os.path.join(y, "negatives_us.csv"), encoding="utf-8") as f:
        pool = [r["full_name"] for r in csv.DictReader(f)]
    rng.shuffle(pool)
    absent = [n for n in pool if n.lower() not in seen][:per_kind]
    cjk = []
    for s, q in (("kr-companies", "queries.csv"), ("jp-companies", "queries-kana.csv")):
        with open(os.path.join(shared, "eval", s, q), encoding="utf-8") as f:
            cjk += [r["name"] for r in csv.DictReader(f)]
    cjk = rng.sample(cjk, min(len(cjk), per_kind // 4))
    mix = (rng.sample(listed, per_kind * 2 // 5) + rng.sample(typos, per_kind * 3 // 10) +
           rng.sample(absent, per_kind // 4) + rng.sample(cjk, min(len(cjk), per_kind // 20)))
    rng.shuffle(mix)
    for name, qs in (("q-exact", listed), ("q-typo", typos), ("q-absent", absent),
                     ("q-cjk", cjk), ("q-mix", mix)):
        with open(os.path.join(out, name + ".csv"), "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f)
            w.writerow(["id", "name"])
            w.writerows((f"{name}-{i}", n) for i, n in enumerate(qs))
    print(f"synthetic list: {len(rows)} names ({len(given)} given names, {len(family)} "
          f"family names, {len(vocab)} organisation words); queries in {out}")


if __name__ == "__main__":
    main()
