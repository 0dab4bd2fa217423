#!/usr/bin/env python3
"""`stratex lists fetch` and `stratex serve --refresh --notify` against a publisher on
loopback serving the real snapshots (tests/cli/publisher.py): a first download, a second
answered 304, a publisher that changes its OFAC files from 2021-07-07 to 2024-05-03, and
the failures that must change nothing (a 500, a slow body past --timeout, a body cut short,
a file past --max-bytes).  Then a server refreshing on a schedule picks up a change and
POSTs its new cases.  Prints RESULT passed=N failed=M.
"""
import json
import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from publisher import Publisher  # noqa: E402

STRATEX = os.environ.get("STRATEX", "build/stratex")
SHARED = os.environ.get("STRATEX_SHARED", "../shared")
passed = failed = 0


def check(cond, what, detail=""):
    global passed, failed
    if cond:
        passed += 1
        print("ok   " + what)
    else:
        failed += 1
        print("FAIL " + what)
        if detail:
            print("     " + str(detail)[:800])


def run(*args):
    return subprocess.run([STRATEX, *args], capture_output=True, text=True)


def fetch(db, sources, *extra):
    p = run("lists", "fetch", "--db", db, "--sources", sources, "--format", "json", *extra)
    return p, (json.loads(p.stdout) if p.returncode == 0 else None)


def state(db):
    st = json.loads(run("lists", "status", "--db", db, "--format", "json").stdout)
    records = json.loads(run("audit", "verify", "--db", db, "--format", "json").stdout)["records"]
    return st["in_force"], records


def main():
    pub = Publisher(SHARED).start()
    tmp = tempfile.mkdtemp(prefix="sx-fetch-")
    db = os.path.join(tmp, "f.db")
    src = pub.sources(os.path.join(tmp, "sources.tsv"))

    p, _ = fetch(db, src, "--max-bytes", "100000")
    check(p.returncode == 1 and "larger than 100000 bytes" in p.stderr,
          "a file past --max-bytes fails the fetch", p.stderr)
    check(state(db) == ("", 0), "a file past --max-bytes changes nothing in the store")
    check(not os.path.exists(os.path.join(db + ".snapshots", "downloads", "current")),
          "a file past --max-bytes keeps nothing downloaded")

    p, r = fetch(db, src)
    check(r is not None, "first fetch downloads every file and makes a version", p.stderr)
    if r is None:
        print("RESULT passed=%d failed=%d" % (passed, failed + 1))
        return 1
    check(all(d["status"] == "downloaded" for d in r["downloads"]), "every file downloaded")
    names = sorted(x["name"] for x in r["update"]["lists"])
    check(names == ["OFAC", "UN", "US-CSL"], "OFAC's own files replace the bundled OFAC-SDN copy", names)

    p, r2 = fetch(db, src)
    check(r2 and all(d["status"] == "not-modified" for d in r2["downloads"]),
          "second fetch: every file answered 304", r2 and r2["downloads"])
    check(r2 and r2["update"]["unchanged"], "nothing new: no new version")

    before = state(db)
    downloads = os.path.join(db + ".snapshots", "downloads", "current")
    listing = sorted(os.listdir(downloads))
    for extra, why, opts in (((("un-xml", "bad.xml", "-", "/fail500"),), "a 500", ()),
                             ((("un-xml", "bad.xml", "-", "/slow"),), "a body slower than --timeout",
                              ("--timeout", "2")),
                             ((("un-xml", "bad.xml", "-", "/truncated"),), "a body cut short", ())):
        bad = pub.sources(os.path.join(tmp, "bad.tsv"), extra)
        p, r3 = fetch(db, bad, *opts)
        check(p.returncode == 1 and "nothing changed" in p.stderr,
              "%s fails the fetch with a message" % why, p.stderr)
        check(state(db) == before, "%s changes nothing in the store" % why)
        check(sorted(os.listdir(downloads)) == listing, "%s keeps the last download" % why)

    pub.ofac = "2024"
    p, r4 = fetch(db, src)
    check(r4 is not None, "the publisher's OFAC files change: fetched", p.stderr)
    if r4:
        st = {d["url"].rsplit("/", 1)[1]: d["status"] for d in r4["downloads"]}
        check(st["sdn.csv"] == "downloaded" and st["un.xml"] == "not-modified",
              "only the changed files are downloaded", st)
        check(r4["update"]["delta"]["removed"] > 0 and r4["update"]["delta"]["added"] > 0,
              "the delta of OFAC 2021 -> 2024", r4["update"]["delta"])

    # a server on a schedule, notifying a hook of each update's new cases
    pub.ofac = "2021"
    sdb = os.path.join(tmp, "s.db")
    reg = os.path.join(tmp, "reg.csv")
    with open(reg, "w") as f:  # named as an entity OFAC listed between the two dates
        f.write("id,name,type\nP1,VTB BANK PUBLIC JOINT STOCK COMPANY,organization\n")
    p, _ = fetch(sdb, src)
    check(p.returncode == 0, "a second store starts from the 2021 files", p.stderr)
    run("parties", "import", "--db", sdb, reg)
    out = open(os.path.join(tmp, "serve.out"), "w")
    srv = subprocess.Popen([STRATEX, "serve", "--listen", "127.0.0.1:0", "--db", sdb,
                            "--refresh", "2", "--sources", src,
                            "--notify", "http://127.0.0.1:%d/hook" % pub.port],
                           stdout=out, stderr=subprocess.STDOUT)
    pub.ofac = "2024"
    got = None
    for _ in range(1200):  # the schedule runs every 2 s; a fetch and an update take a few
        if pub.hooks:
            got = pub.hooks[0]
            break
        time.sleep(0.1)
    srv.terminate()
    srv.wait(timeout=60)
    check(got is not None, "serve --refresh fetches on its schedule and --notify POSTs",
          open(os.path.join(tmp, "serve.out")).read()[-600:])
    if got:
        parties = {c.get("party") for c in got.get("cases", [])}
        check("P1" in parties and got.get("version"), "the notification carries the new cases", got)
    print("RESULT passed=%d failed=%d" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
