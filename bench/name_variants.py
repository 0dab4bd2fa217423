#!/usr/bin/env python3
"""Query variants of real list names, as names drift between a list and a contract.

Draws organisations from the bundled Consolidated Screening List (Entity List, Military
End User, Denied Persons and Unverified List entries; public domain), with a fixed seed,
and writes for each: the name as listed, one typo, the first two words swapped, and the
legal form dropped (when the name ends in one from data/terms/legal_forms.tsv).  The
expected answer is every CSL entry listed under that exact name (lists repeat names).

Usage: name_variants.py DATA_DIR OUT.csv [N] [SEED]
Writes OUT.csv with columns id,name,expected,variant (expected: ids joined by '|').
"""
import csv
import json
import random
import re
import sys

SOURCES = ("(EL)", "(MEU)", "(DPL)", "(UVL)")


def csl_id(code, name, num):
    """The id the csl-json loader gives (src/lib/screen/lists/json_lists.c, csl_id)."""
    import hashlib
    if num:
        return num
    return f"{code}-" + hashlib.sha256(f"{code}\n{name}".encode()).hexdigest()[:12]


def legal_forms(data_dir):
    forms = []
    for line in open(f"{data_dir}/terms/legal_forms.tsv", encoding="utf-8"):
        if line.startswith("#") or "\t" not in line:
            continue
        form = line.split("\t")[0].strip()
        if re.fullmatch(r"[a-z ]+", form):
            forms.append(form)
    # Longest first, so "co ltd" is dropped whole rather than "ltd" alone.
    return sorted(forms, key=len, reverse=True)


def drop_legal_form(name, forms):
    words = re.sub(r"[^\w\s]", " ", name).split()
    low = [w.lower() for w in words]
    for form in forms:
        fw = form.split()
        if len(low) > len(fw) + 1 and low[-len(fw):] == fw:
            return " ".join(words[:-len(fw)])
    return None


def typo(name, rng):
    """One edit (substitution, deletion, insertion or swap) in a word of 4+ letters."""
    words = name.split(" ")
    cand = [i for i, w in enumerate(words) if sum(c.isalpha() for c in w) >= 4]
    if not cand:
        return None
    i = rng.choice(cand)
    w = list(words[i])
    pos = [k for k, c in enumerate(w) if c.isalpha()][1:-1] or [0]
    k = rng.choice(pos)
    op = rng.choice("sdit")
    letters = "abcdefghijklmnopqrstuvwxyz"
    if op == "s":
        w[k] = rng.choice([c for c in letters if c != w[k].lower()]).upper()
    elif op == "d":
        del w[k]
    elif op == "i":
        w.insert(k, rng.choice(letters).upper())
    elif k + 1 < len(w):
        w[k], w[k + 1] = w[k + 1], w[k]
    words[i] = "".join(w)
    out = " ".join(words)
    return out if out != name else None


def main():
    data_dir, out = sys.argv[1], sys.argv[2]
    n = int(sys.argv[3]) if len(sys.argv) > 3 else 400
    rng = random.Random(int(sys.argv[4]) if len(sys.argv) > 4 else 12)
    d = json.load(open(f"{data_dir}/lists/us-csl.json", encoding="utf-8"))
    sources = d["tables"]["sources"]
    by_name, pool = {}, []
    for e in d["entries"]:
        src = sources[e["s"]] if isinstance(e.get("s"), int) else ""
        m = re.search(r"\(([^)]+)\)", src)
        code = m.group(1) if m else src
        eid = csl_id(code, e["n"], e.get("e", ""))
        by_name.setdefault(e["n"], set()).add(eid)
        if any(s in src for s in SOURCES) and e.get("t", "Entity") != "Individual":
            if len(e["n"].split()) >= 2:
                pool.append(e["n"])
    pool = sorted(set(pool))
    names = rng.sample(pool, min(n, len(pool)))
    forms = legal_forms(data_dir)
    with open(out, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "name", "expected", "variant"])
        for i, name in enumerate(names):
            exp = "|".join(sorted(by_name[name]))
            words = name.split()
            variants = {
                "exact": name,
                "typo": typo(name, rng),
                "swap": " ".join([words[1], words[0]] + words[2:]),
                "no_legal_form": drop_legal_form(name, forms),
            }
            for v, q in variants.items():
                if q:
                    w.writerow([f"{i}-{v}", q, exp, v])


if __name__ == "__main__":
    main()
