#!/usr/bin/env python3
"""The officer's loop on the command line, on real list versions (docs/workflow.md).

A register holds parties named as entities of the OFAC SDN list of 2021-07-07 and of
2024-05-03 (real files in ../shared/data).  With the 2021 list in force, importing the
register opens cases; one is cleared; updating the lists to the 2024 file must open cases
for exactly the parties named as entities added between the two dates, reopen the cleared
party whose entity's record changed, and close the cases of entities removed.  Also: bad
registers, bad dispositions, a truncated list file, check --batch --db, replay, and the
chain verified at the end.  Prints RESULT passed=N failed=M.
"""
import csv
import json
import os
import subprocess
import sys
import shutil
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "server"))
import checks  # noqa: E402  (tests/server/checks.py: the shared tally)
from checks import check  # noqa: E402

STRATEX = os.environ.get("STRATEX", "build/stratex")
SHARED = os.environ.get("STRATEX_SHARED", "../shared")
OFAC_2021 = os.path.join(SHARED, "data/ofac_legacy_2021-07-07_consistent")
OFAC_2024 = os.path.join(SHARED, "data/ofac_legacy_2024-05-03")

TEMPS = []


def run(*args, ok=True):
    p = subprocess.run([STRATEX, *args], capture_output=True, text=True)
    if ok and p.returncode != 0:
        print("command failed:", args, p.stderr)
    return p


def jrun(*args):
    p = run(*args)
    return json.loads(p.stdout) if p.returncode == 0 else None


def sdn(folder):
    """ent_num -> (name, type) as the legacy sdn.csv writes them."""
    out = {}
    with open(os.path.join(folder, "sdn.csv"), encoding="latin-1") as f:
        for row in csv.reader(f):
            if len(row) > 2:
                out[row[0].strip()] = (row[1].strip(), row[2].strip())
    return out


def organisations(ids, table, stride, count):
    """Every stride-th organisation (type -0-) of ids, count of them: a fixed sample."""
    orgs = [i for i in sorted(ids, key=int) if table[i][1] == "-0-"]
    return orgs[::stride][:count]


def cases(db, **filters):
    args = ["cases", "list", "--db", db, "--format", "jsonl", "--state", filters.pop("state", "all")]
    for k, v in filters.items():
        args += ["--" + k, v]
    p = run(*args)
    return [json.loads(line) for line in p.stdout.splitlines() if line.strip()]


def count_records(db):
    v = jrun("audit", "verify", "--db", db, "--format", "json")
    return v["records"] if v else -1


def cleared_on(db, party, case):
    """Whether `screen --db --party` marks the case's listing cleared."""
    ans = jrun("screen", "--db", db, "--party", party, "--format", "json", case["matched_name"])
    listings = [l for r in (ans or {}).get("results", []) for l in [r] + r.get("also_listed", [])]
    return any(l["list"] == case["list"] and l["entity_id"] == case["entity_id"] and "cleared" in l
               for l in listings)


def main():
    old, new = sdn(OFAC_2021), sdn(OFAC_2024)
    added = organisations([i for i in new if i not in old], new, 97, 12)
    removed = organisations([i for i in old if i not in new], old, 23, 5)
    kept = organisations([i for i in old if i in new and old[i][0] == new[i][0]], old, 211, 8)

    tmp = tempfile.mkdtemp(prefix="stratex-wf-")
    TEMPS.append(tmp)
    db = os.path.join(tmp, "wf.db")
    reg = os.path.join(tmp, "parties.csv")
    with open(reg, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "name", "type"])
        for group, ids, table in (("new", added, new), ("gone", removed, old), ("kept", kept, old)):
            for i in ids:
                w.writerow([f"{group}-{i}", table[i][0], "organization"])
        w.writerow(["benign-1", "Kyoto Ceramic Tableware Cooperative", "organization"])
        w.writerow(["benign-1", "京都陶磁器協同組合", ""])  # a second name of the same party

    # --- the 2021 list in force ---
    up = jrun("lists", "update", "--db", db, "--list", "ofac-legacy:" + OFAC_2021, "--format", "json")
    check("2021 version: every OFAC entity added", up is not None and up["delta"]["added"] == len(old))
    status = jrun("lists", "status", "--db", db, "--format", "json")
    check("status names the version in force", status and status["in_force"] == up["version"])

    imp = jrun("parties", "import", "--db", db, reg, "--format", "json", "--actor", "alice")
    check("import counts parties (rows with one id are one party)",
          imp is not None and imp["parties"] == len(added) + len(removed) + len(kept) + 1)
    ofac = {c["party"] for c in cases(db, list="OFAC")}
    want_old = {f"gone-{i}" for i in removed} | {f"kept-{i}" for i in kept}
    check(f"every 2021 party has an OFAC case (missing {want_old - ofac})", want_old <= ofac)
    check("no case on OFAC 2021 for names added later", not any(p.startswith("new-") for p in ofac))
    check("the benign party opens no case", "benign-1" not in {c["party"] for c in cases(db)})
    check("every party has a name in Latin letters: none is listed as unreached",
          imp is not None and imp["unreached"] == [])

    # re-importing the same register opens nothing new
    again = jrun("parties", "import", "--db", db, reg, "--format", "json")
    check("re-import: unchanged, no new case",
          again and again["cases_opened"] == 0 and again["unchanged"] == imp["parties"])

    # --- dispositions ---
    cleared_party = f"kept-{kept[0]}"
    target = [c for c in cases(db, list="OFAC", party=cleared_party)][0]
    d = run("cases", "decide", "--db", db, str(target["id"]), "--action", "clear", "--reason",
            "false-positive", "--note", "another company", "--actor", "bob")
    check("clear a screening case", d.returncode == 0)
    check("screen --party shows the cleared listing as cleared", cleared_on(db, cleared_party, target))
    d = run("cases", "decide", "--db", db, str(target["id"]), "--action", "clear", "--reason",
            "false-positive", "--actor", "bob", ok=False)
    check("a second disposition on a closed case fails", d.returncode == 1 and "closed" in d.stderr)
    other = [c for c in cases(db, list="OFAC", party=f"kept-{kept[1]}")][0]
    d = run("cases", "decide", "--db", db, str(other["id"]), "--action", "clear", "--reason",
            "no-such-code", "--actor", "bob", ok=False)
    check("unknown reason code refused", d.returncode == 1 and "unknown reason" in d.stderr)
    d = run("cases", "decide", "--db", db, str(other["id"]), "--action", "release", "--reason",
            "licence-held", "--licence", "X", "--valid-until", "2030-01-01", ok=False)
    check("release is not for a screening hit", d.returncode == 1 and "does not apply" in d.stderr)
    d = run("cases", "decide", "--db", db, str(other["id"]), "--action", "escalate", "--reason",
            "needs-legal", "--group", "legal", "--actor", "carol")
    check("escalate to a group", d.returncode == 0)
    shown = jrun("cases", "show", "--db", db, str(other["id"]), "--format", "json")
    check("escalated case shows its history", shown and shown["state"] == "escalated" and shown["history"][-1]["group"] == "legal"
          and shown["history"][-1]["actor"] == "carol")
    ev = shown and shown["evidence"]
    check("a screening case holds the evidence side by side", ev and ev["entity"]["list"] == "OFAC" and ev["entity"]["names"] and ev["explanation"]
          and ev["query"]["names"])
    p = run("audit", "replay", str(target["id"]), "--db", db, ok=False)
    check("replay refuses a case record (not a decision)", p.returncode != 0)

    # --- a bad register changes nothing ---
    before = count_records(db)
    for text, why in (("id,name\nP1,\n", "empty name"),
                      ("id,nom\nP1,X\n", "unknown column"),
                      ("id,name,type\nP1,X,company\n", "unknown type"),
                      ("id,name,country\nP1,X,Korea\n", "country not ISO"),
                      ("id,name,country\nP1,X,ZZ\n", "a code that is no country"),
                      ("id,name,type\nP1,X,person\nP1,Y,organization\n", "conflicting rows")):
        bad = os.path.join(tmp, "bad.csv")
        with open(bad, "w") as f:
            f.write(text)
        p = run("parties", "import", "--db", db, bad, ok=False)
        check(f"bad register ({why}) is refused with a line", p.returncode == 1 and "bad.csv:" in p.stderr)
    check("a refused register writes nothing", count_records(db) == before)

    # --- a truncated list file changes nothing ---
    trunc = os.path.join(tmp, "trunc")
    os.mkdir(trunc)
    with open(os.path.join(OFAC_2024, "sdn.csv"), "rb") as f:
        data = f.read()
    with open(os.path.join(trunc, "sdn.csv"), "wb") as f:
        f.write(data[: len(data) // 2] + b'\n123,"UNTERMINATED')
    p = run("lists", "update", "--db", db, "--list", "ofac-legacy:" + trunc, ok=False)
    check("a truncated list is refused", p.returncode == 1 and "nothing changed" in p.stderr)
    check("a refused list writes nothing", count_records(db) == before)
    check("the version in force is unchanged",
          jrun("lists", "status", "--db", db, "--format", "json")["in_force"] == up["version"])

    # --- the 2024 list: delta re-screening ---
    open_before = {c["id"] for c in cases(db)}
    up2 = jrun("lists", "update", "--db", db, "--list", "ofac-legacy:" + OFAC_2024, "--format", "json",
               "--actor", "admin")
    check("2024 update", up2 is not None)
    delta = up2["delta"]
    check(f"delta counts added/removed entities ({delta['added']}, {delta['removed']})",
          delta["added"] == len([i for i in new if i not in old]) and
          delta["removed"] == len([i for i in old if i not in new]))
    after = cases(db, state="all")
    fresh = [c for c in after if c["id"] not in open_before and c["id"] > target["id"]]
    fresh_ofac = {c["party"] for c in fresh if c["list"] == "OFAC"}
    want = {f"new-{i}" for i in added} | {cleared_party}
    check(f"every name added between the dates gets a case, and the cleared party's entity "
          f"changed so it is reopened (missing {sorted(want - fresh_ofac)})",
          want <= fresh_ofac)
    # Anything beyond that is a hit on an entity the update added or changed (a namesake
    # listed in between), never on an entity the update left alone.
    moved = {(e["list"], e["id"]) for e in jrun("lists", "diff", "--db", db, "--format", "json")
             ["delta"]["entities"] if e["change"] != "removed"}
    check("every new case is on an added or changed entity",
          all((c["list"], c["entity_id"]) in moved for c in fresh if c["kind"] == "screen"))
    check("lists the update did not replace open no new case",
          not [c for c in fresh if c["list"] != "OFAC" and c["kind"] == "screen"])
    check("the clearance lapsed", up2["clearances_lapsed"] >= 1)
    check("screen --party no longer shows it cleared once the entity's record changed",
          not cleared_on(db, cleared_party, target))
    reopened = [c for c in fresh if c["party"] == cleared_party][0]
    rshow = jrun("cases", "show", "--db", db, str(reopened["id"]), "--format", "json")
    check("the reopened case says why", rshow and rshow["history"][0].get("cause") == "list update")
    closed = [c for c in after if c["party"] in {f"gone-{i}" for i in removed} and c["list"] == "OFAC"]
    check("cases on removed entities are closed by the system",
          closed and all(c["state"] == "closed" and c["last_action"] == "close" for c in closed))
    diff = jrun("lists", "diff", "--db", db, "--format", "json")
    ch = [e for e in diff["delta"]["entities"] if e["change"] == "changed"]
    check("changed entities say what changed", ch and all(e["fields"] for e in ch))

    # --- the register's index is kept between updates, and never used stale ---
    kept_index = db + ".snapshots/register.sxi"
    check("the update keeps the register's index in the snapshot folder", os.path.exists(kept_index))
    # A party the register gains after that file was written: an entity it names (one of
    # those the 2024 list removed) comes back with the 2021 list, and must find it.
    late = [i for i in old if i not in new and old[i][1] == "-0-" and i not in removed][0]
    with open(reg, "a", newline="") as f:
        csv.writer(f).writerow([f"late-{late}", old[late][0], "organization"])
    check("import one more party", jrun("parties", "import", "--db", db, reg, "--format", "json") is not None)
    written = os.stat(kept_index).st_mtime_ns
    back = jrun("lists", "update", "--db", db, "--list", "ofac-legacy:" + OFAC_2021, "--format", "json")
    check("a changed register makes a new index file",
          back is not None and os.stat(kept_index).st_mtime_ns != written)
    check("the party added after the index file was written is re-screened",
          f"late-{late}" in {c["party"] for c in cases(db, list="OFAC") if c["state"] != "closed"})
    written = os.stat(kept_index).st_mtime_ns
    again = jrun("lists", "update", "--db", db, "--list", "ofac-legacy:" + OFAC_2024, "--format", "json")
    check("an unchanged register's index file is opened, not rebuilt",
          again is not None and os.stat(kept_index).st_mtime_ns == written)
    check("the same 2024 delta re-screens as before", again and again["delta"]["added"] == delta["added"] and
          again["cases_opened"] >= len(added))

    # --- order lines ---
    orders = os.path.join(tmp, "orders.csv")
    with open(orders, "w") as f:
        f.write("id,from,to,item,date\nL1,JP,KR,1C350.d.15,2019-07-10\nL2,JP,US,not-listed,2024-07-10\n")
    p = run("check", "--batch", orders, "--db", db, "--actor", "dave")
    check("check --batch --db", p.returncode == 0)
    lines = cases(db, kind="check")
    check("only the blocked line opens a case", [c["line"] for c in lines] == ["L1"])
    p = run("check", "--batch", orders, "--db", db)
    check("the same line with the same inputs is not doubled", len(cases(db, kind="check")) == 1)
    p = run("cases", "decide", "--db", db, str(lines[0]["id"]), "--action", "release", "--reason",
            "licence-held", "--licence", "JP-2019-1", "--valid-until", "2019-07-09", ok=False)
    check("a licence expiring before the shipment is refused", p.returncode == 1 and "does not cover" in p.stderr)
    p = run("cases", "decide", "--db", db, str(lines[0]["id"]), "--action", "release", "--reason",
            "licence-held", "--licence", "JP-2019-1", "--valid-until", "2019-12-31")
    check("release against a licence covering the shipment date", p.returncode == 0)

    # --- a list named after its file keeps its name from one version to the next ---
    own = os.path.join(tmp, "own")
    for sub, suffix in (("v1", ""), ("v2", " Trading")):
        os.makedirs(os.path.join(own, sub))
        with open(os.path.join(own, sub, "in-house.csv"), "w", newline="") as f:
            csv.writer(f).writerows([["id", "name"], ["H1", "Northwind Optics" + suffix]])
    own_db = os.path.join(tmp, "own.db")
    run("lists", "update", "--db", own_db, "--list", "simple-csv:" + os.path.join(own, "v1", "in-house.csv"))
    d2 = jrun("lists", "update", "--db", own_db, "--list", "simple-csv:" + os.path.join(own, "v2", "in-house.csv"),
              "--format", "json")
    check("a simple-csv list's renamed entity is a change in the same list, not a new list",
          d2 and (d2["delta"]["added"], d2["delta"]["removed"], d2["delta"]["changed"]) == (0, 0, 1)
          and d2["delta"]["entities"][0]["list"] == "in-house")

    # --- a party named only in Chinese characters: its screening cannot reach a coined
    # or translated Latin name, and the import says so ---
    zh = os.path.join(tmp, "zh.csv")
    with open(zh, "w", newline="") as f:
        csv.writer(f).writerows([["id", "name"], ["Z1", "海康威视数字技术股份有限公司"],
                                 ["Z2", "华为技术有限公司"], ["Z2", "Huawei Technologies Co., Ltd."],
                                 ["Z3", "Northwind Optics"]])
    p = run("parties", "import", "--db", own_db, zh)
    note = [line for line in p.stdout.splitlines() if line.startswith("note:")]
    check("import names the party with no name screened by its spelling (Z1), not the others",
          len(note) == 1 and "(Z1)" in note[0] and "Latin letters" in note[0], p.stdout)
    # It stays in the worklist as a case of its own until the party has a Latin name.
    un = cases(own_db, kind="unreached")
    check("the unreached party has an open case of kind unreached, the others none",
          [(c["party"], c["state"]) for c in un] == [("Z1", "open")] and un[0]["list"] is None, un)
    shown = jrun("cases", "show", "--db", own_db, str(un[0]["id"]), "--format", "json") if un else None
    check("its case holds the party's names and the caveat that says why",
          shown and shown["evidence"]["query"]["names"] == ["海康威视数字技术股份有限公司"]
          and "Latin letters" in shown["evidence"]["caveats"][0], shown)
    p = run("cases", "decide", "--db", own_db, str(un[0]["id"]) if un else "0", "--action", "release",
            "--reason", "licence-held", "--licence", "L1", "--valid-until", "2030-01-01", ok=False)
    check("release does not apply to an unreached party (exit 1)", p.returncode == 1 and "unreached" in p.stderr,
          p.stderr)
    run("parties", "import", "--db", own_db, zh)
    check("re-importing the same register opens no second unreached case",
          len(cases(own_db, kind="unreached")) == 1)
    with open(zh, "a", newline="") as f:
        csv.writer(f).writerows([["Z1", "Hangzhou Hikvision Digital Technology Co., Ltd."],
                                 ["Z4", "三菱商事株式会社"]])
    run("parties", "import", "--db", own_db, zh)
    un = {c["party"]: c for c in cases(own_db, kind="unreached")}
    history = jrun("cases", "show", "--db", own_db, str(un["Z1"]["id"]), "--format", "json") if "Z1" in un else None
    check("once the party has its Latin name the system closes its unreached case",
          "Z1" in un and un["Z1"]["state"] == "closed" and history
          and history["history"][-1]["reason"] == "name-reached", un)
    p = run("cases", "decide", "--db", own_db, str(un["Z4"]["id"]) if "Z4" in un else "0", "--action", "clear",
            "--reason", "false-positive", "--note", "looked up under its English name by hand")
    run("parties", "import", "--db", own_db, zh)
    un = [c for c in cases(own_db, kind="unreached") if c["party"] == "Z4"]
    check("an unreached case an officer cleared is not opened again for the same names",
          p.returncode == 0 and [c["state"] for c in un] == ["closed"], un)

    # --- a list update finds what an import would: a party named by given and family name
    # for a listed person with more names, and one named by the one word a company goes
    # by, for a listing with its descriptors (the reverse search scores as the forward) ---
    rev = os.path.join(tmp, "rev")
    os.makedirs(rev)
    with open(os.path.join(rev, "parties.csv"), "w", newline="") as f:
        csv.writer(f).writerows([["id", "name"], ["R1", "Akhtar Mansour"], ["R2", "Huawei"],
                                 ["R3", "Northwind Optics"]])
    with open(os.path.join(rev, "watch.csv"), "w", newline="") as f:
        csv.writer(f).writerows([["id", "name", "type"],
                                 ["W1", "AKHTAR MOHAMMAD MANSOUR SHAH MOHAMMED", "person"],
                                 ["W2", "Huawei Technology Co. Ltd.", "organization"]])
    rev_db = os.path.join(tmp, "rev.db")
    run("parties", "import", "--db", rev_db, os.path.join(rev, "parties.csv"))
    run("lists", "update", "--db", rev_db, "--list", "simple-csv:" + os.path.join(rev, "watch.csv"))
    found = sorted((c["party"], c["entity_id"]) for c in cases(rev_db, list="watch"))
    check("a list update opens the cases an import would (R1 -> W1, R2 -> W2)",
          found == [("R1", "W1"), ("R2", "W2")], found)
    rev_db2 = os.path.join(tmp, "rev2.db")
    run("lists", "update", "--db", rev_db2, "--list", "simple-csv:" + os.path.join(rev, "watch.csv"))
    run("parties", "import", "--db", rev_db2, os.path.join(rev, "parties.csv"))
    found2 = sorted((c["party"], c["entity_id"]) for c in cases(rev_db2, list="watch"))
    check("... the same cases as the import against the list in force", found2 == found, found2)

    # --- the chain ---
    v = jrun("audit", "verify", "--db", db, "--format", "json")
    check("the chain is intact after the whole loop", v and v["ok"])
    return checks.result()


if __name__ == "__main__":
    try:
        sys.exit(main())
    finally:  # list versions and downloads take tens of megabytes per run
        for d in TEMPS:
            shutil.rmtree(d, ignore_errors=True)
