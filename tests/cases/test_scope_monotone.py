#!/usr/bin/env python3
"""No confident wrong answer, checked over the whole converted CCL rather than hand-picked
cases: for every ECCN whose License Requirements rows name sub-items, and for a spread of
destinations, a bare entry may be `not_controlled` only if every sub-item its rows name is
`not_controlled` too (the bare answer is never looser than one of its sub-items).  Runs
one `stratex check --batch`; prints RESULT passed=N failed=M."""
import csv
import io
import os
import re
import subprocess
import sys

STRATEX = os.environ.get("STRATEX", "build/stratex")
ROOT = os.environ.get("STRATEX_ROOT", ".")
DESTS = ["JP", "CN", "RU", "MO", "AE", "DE", "IL", "IN", "BR", "VN", "SA", "GB"]


def entries():
    """ECCN -> the sub-items its chart rows and restrictions name (from us/items.yaml)."""
    out, eccn = {}, None
    with open(os.path.join(ROOT, "data/regimes/us/items.yaml"), encoding="utf-8") as f:
        for line in f:
            m = re.match(r"    controls: \[(\w+)\]", line)
            if m:
                eccn = m.group(1)
                out[eccn] = set()
            elif eccn and line.startswith("      - {reason:"):
                for key in ("applies_to", "outside"):
                    m = re.search(key + r": \[([^\]]*)\]", line)
                    if m:
                        out[eccn].update(x.strip(' "') for x in m.group(1).split(","))
    return {e: sorted(s) for e, s in out.items() if s}


def main():
    subs = entries()
    rows = ["id,from,to,item,date,end_use"]
    for eccn, items in subs.items():
        for dest in DESTS:
            for item in [eccn] + items:
                rows.append(f"{eccn}|{dest}|{item},US,{dest},{item},2026-08-01,civil")
    path = os.path.join(os.environ.get("TMPDIR", "/tmp"), f"sx-monotone-{os.getpid()}.csv")
    with open(path, "w") as f:
        f.write("\n".join(rows) + "\n")
    p = subprocess.run([STRATEX, "check", "--batch", path], capture_output=True, text=True)
    os.unlink(path)
    if p.returncode != 0:
        print(p.stderr)
        return 1
    got = {r["id"]: r["decision"] for r in csv.DictReader(io.StringIO(p.stdout))}
    passed = failed = 0
    for eccn, items in subs.items():
        for dest in DESTS:
            bare = got[f"{eccn}|{dest}|{eccn}"]
            stricter = [i for i in items if got[f"{eccn}|{dest}|{i}"] != "not_controlled"]
            if bare == "not_controlled" and stricter:
                failed += 1
                print(f"FAIL {eccn} to {dest}: bare entry not_controlled, but {stricter[0]} is "
                      f"{got[f'{eccn}|{dest}|{stricter[0]}']}")
            else:
                passed += 1
    print(f"checked {len(subs)} ECCNs x {len(DESTS)} destinations ({len(rows) - 1} determinations)")
    print(f"RESULT passed={passed} failed={failed}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
