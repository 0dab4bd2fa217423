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
import shutil
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "server"))
from publisher import Publisher  # noqa: E402
import checks  # noqa: E402  (tests/server/checks.py: the shared tally)
from checks import check  # noqa: E402

STRATEX = os.environ.get("STRATEX", "build/stratex")
SHARED = os.environ.get("STRATEX_SHARED", "../shared")
TEMPS = []


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
    TEMPS.append(tmp)
    db = os.path.join(tmp, "f.db")
    src = pub.sources(os.path.join(tmp, "sources.tsv"))

    p, _ = fetch(db, src, "--max-bytes", "100000")
    check("a file past --max-bytes fails the fetch",
          p.returncode == 1 and "larger than 100000 bytes" in p.stderr, p.stderr)
    check("a file past --max-bytes changes nothing in the store", state(db) == ("", 0))
    check("a file past --max-bytes keeps nothing downloaded",
          not os.path.exists(os.path.join(db + ".snapshots", "downloads", "current")))

    p, r = fetch(db, src)
    check("first fetch downloads every file and makes a version", r is not None, p.stderr)
    if r is None:
        return checks.result()
    check("every file downloaded", all(d["status"] == "downloaded" for d in r["downloads"]))
    names = sorted(x["name"] for x in r["update"]["lists"])
    check("OFAC's own files replace the bundled OFAC-SDN copy", names == ["OFAC", "UN", "US-CSL"], names)

    p, r2 = fetch(db, src)
    check("second fetch: every file answered 304",
          r2 and all(d["status"] == "not-modified" for d in r2["downloads"]), r2 and r2["downloads"])
    check("nothing new: no new version", r2 and r2["update"]["unchanged"])

    before = state(db)
    downloads = os.path.join(db + ".snapshots", "downloads", "current")
    listing = sorted(os.listdir(downloads))
    for extra, why, opts in (((("un-xml", "bad.xml", "-", "/fail500"),), "a 500", ()),
                             ((("un-xml", "bad.xml", "-", "/slow"),), "a body slower than --timeout",
                              ("--timeout", "2")),
                             ((("un-xml", "bad.xml", "-", "/truncated"),), "a body cut short", ())):
        bad = pub.sources(os.path.join(tmp, "bad.tsv"), extra)
        p, r3 = fetch(db, bad, *opts)
        check("%s fails the fetch with a message" % why,
              p.returncode == 1 and "nothing changed" in p.stderr, p.stderr)
        check("%s changes nothing in the store" % why, state(db) == before)
        check("%s keeps the last download" % why, sorted(os.listdir(downloads)) == listing)

    pub.ofac = "2024"
    p, r4 = fetch(db, src)
    check("the publisher's OFAC files change: fetched", r4 is not None, p.stderr)
    if r4:
        st = {d["url"].rsplit("/", 1)[1]: d["status"] for d in r4["downloads"]}
        check("only the changed files are downloaded",
              st["sdn.csv"] == "downloaded" and st["un.xml"] == "not-modified", st)
        check("the delta of OFAC 2021 -> 2024",
              r4["update"]["delta"]["removed"] > 0 and r4["update"]["delta"]["added"] > 0, r4["update"]["delta"])

    # a server on a schedule, notifying a hook of each update's new cases
    pub.ofac = "2021"
    sdb = os.path.join(tmp, "s.db")
    reg = os.path.join(tmp, "reg.csv")
    with open(reg, "w") as f:  # named as an entity OFAC listed between the two dates
        f.write("id,name,type\nP1,VTB BANK PUBLIC JOINT STOCK COMPANY,organization\n")
    p, _ = fetch(sdb, src)
    check("a second store starts from the 2021 files", p.returncode == 0, p.stderr)
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
    check("serve --refresh fetches on its schedule and --notify POSTs", got is not None,
          open(os.path.join(tmp, "serve.out")).read()[-600:])
    if got:
        parties = {c.get("party") for c in got.get("cases", [])}
        check("the notification carries the new cases", "P1" in parties and got.get("version"), got)
    return checks.result()


if __name__ == "__main__":
    try:
        sys.exit(main())
    finally:  # list versions and downloads take tens of megabytes per run
        for d in TEMPS:
            shutil.rmtree(d, ignore_errors=True)
