#!/usr/bin/env python3
"""The workflow over HTTP against the real `stratex serve` (docs/workflow.md).

Tokens with the three roles; a register imported; cases listed, shown and decided with
each action; a screen token cannot decide; two dispositions racing on one case (one wins,
the other gets 409); an order book opening cases; the lists updated from the OFAC file of
2021-07-07 to that of 2024-05-03 through the admin route, the server following the version
in force; a screening replayed with the list version it used; SIGKILL in the middle of
dispositions losing nothing acknowledged.  Then two servers sharing one PostgreSQL store
(STRATEX_PG_URL): a disposition race across them and a list update one makes and the other
follows.  Prints RESULT passed=N failed=M.
"""
import hashlib
import http.client
import json
import os
import signal
import subprocess
import sys
import shutil
import tempfile
import threading
import time

import checks  # tests/server/checks.py: the shared tally
from checks import check

STRATEX = os.environ.get("STRATEX", "build/stratex")
SHARED = os.environ.get("STRATEX_SHARED", "../shared")
OFAC_2021 = os.path.join(SHARED, "data/ofac_legacy_2021-07-07_consistent")
OFAC_2024 = os.path.join(SHARED, "data/ofac_legacy_2024-05-03")
WORK = tempfile.mkdtemp(prefix="sx-wfserver-")
TOKENS = {"screen": "tok-screen-1", "review": "tok-review-1", "admin": "tok-admin-1"}




def tokens_file():
    path = os.path.join(WORK, "tokens.txt")
    with open(path, "w") as f:
        for role, tok in TOKENS.items():
            f.write("%s %s %s-officer\n" % (hashlib.sha256(tok.encode()).hexdigest(), role, role))
    return path


class Server:
    def __init__(self, db, *args):
        n = time.monotonic_ns()
        self.out = os.path.join(WORK, "out-%d" % n)
        self.err = os.path.join(WORK, "err-%d" % n)
        self.proc = subprocess.Popen(
            [STRATEX, "serve", "--listen", "127.0.0.1:0", "--db", db, "--tokens", tokens_file(),
             *args], stdout=open(self.out, "w"), stderr=open(self.err, "w"))
        self.port = None
        for _ in range(2400):  # up to 120 s: the lists index slowly under ASan
            text = open(self.out).read()
            if "listening on" in text:
                self.port = int(text.split("listening on http://127.0.0.1:")[1].split()[0])
                return
            if self.proc.poll() is not None:
                break
            time.sleep(0.05)  # polling for the startup line, not synchronising a result
        raise RuntimeError("server did not start: " + open(self.err).read())

    def call(self, method, path, body=None, role="admin", timeout=300):
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        h = {"Authorization": "Bearer " + TOKENS[role]}
        data = None
        if body is not None:
            h["Content-Type"] = "application/json"
            data = json.dumps(body).encode()
        c.request(method, path, body=data, headers=h)
        r = c.getresponse()
        raw = r.read()
        c.close()
        try:
            return r.status, json.loads(raw)
        except ValueError:
            return r.status, raw

    def stop(self, sig=signal.SIGTERM):
        self.proc.send_signal(sig)
        try:
            return self.proc.wait(timeout=120)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            return "hung"

    def wait_following(self, version, seconds=60):
        """Polls /v1/lists until this server answers with the version in force."""
        for _ in range(seconds * 10):
            st, body = self.call("GET", "/v1/lists", role="screen")
            if st == 200 and body.get("loaded") == version:
                return True
            time.sleep(0.1)  # the server looks at the store every 2 s; polling for that
        return False


REGISTER = {"parties": [
    {"id": "P-BNC", "names": ["Banco Nacional de Cuba", "BNC"], "country": "CU"},
    {"id": "P-KOMID", "name": "조선광업개발무역회사", "type": "organization"},
    {"id": "P-AERO", "name": "AEROCARIBBEAN AIRLINES", "type": "organization"},
    {"id": "P-CLEAN", "name": "Kyoto Ceramic Tableware Cooperative", "type": "organization"},
]}


def race(srv_a, srv_b, case_id):
    """Two clears of one case at once: statuses, sorted."""
    out = []

    def go(srv):
        out.append(srv.call("POST", "/v1/cases/%d/dispositions" % case_id,
                            {"action": "clear", "reason": "false-positive"}, role="review")[0])
    ts = [threading.Thread(target=go, args=(s,)) for s in (srv_a, srv_b)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    return sorted(out)


def test_sqlite():
    db = os.path.join(WORK, "wf.db")
    srv = Server(db)
    st, imp = srv.call("POST", "/v1/parties", REGISTER, role="screen")
    check("a screen token cannot import parties (403)", st == 403, imp)
    st, imp = srv.call("POST", "/v1/parties", REGISTER, role="review")
    check("a review token imports the register", st == 200 and imp["cases_opened"] > 0, imp)
    check("the import names the party written only in Hangul as unreached by spelling",
          imp.get("unreached") == ["P-KOMID"], imp)
    st, un = srv.call("GET", "/v1/cases?kind=unreached", role="screen")
    check("and opens a case of kind unreached for it, in the worklist",
          st == 200 and [(c["party"], c["state"]) for c in un["cases"]] == [("P-KOMID", "open")], un)
    if st == 200 and un["cases"]:
        st, d = srv.call("POST", "/v1/cases/%d/dispositions" % un["cases"][0]["id"],
                         {"action": "release", "reason": "licence-held", "licence": "L1",
                          "valid_until": "2030-01-01"}, role="review")
        check("release does not apply to an unreached case (422)", st == 422, d)
    st, bad = srv.call("POST", "/v1/parties", {"parties": [{"id": "X", "name": "Y", "type": "company"}]},
                       role="review")
    check("a malformed register row is refused (422) naming the row", st == 422 and "type" in bad.get("detail", ""), bad)
    st, cases = srv.call("GET", "/v1/cases?party=P-BNC", role="screen")
    check("a screen token reads the cases", st == 200 and cases["total"] >= 1, cases)
    st, page = srv.call("GET", "/v1/cases?limit=1&offset=1", role="screen")
    check("cases page", st == 200 and len(page["cases"]) == 1 and page["offset"] == 1, page)
    st, bad = srv.call("GET", "/v1/cases?state=pending", role="screen")
    check("an unknown state filter is a 400", st == 400, bad)
    c = cases["cases"][0]
    st, one = srv.call("GET", "/v1/cases/%d" % c["id"], role="screen")
    check("a case shows its evidence side by side",
          st == 200 and one["evidence"]["entity"]["names"] and one["evidence"]["query"]["names"]
          and one["evidence"]["explanation"], one)
    st, dec = srv.call("POST", "/v1/cases/%d/dispositions" % c["id"],
                       {"action": "clear", "reason": "false-positive"}, role="screen")
    check("a screen token cannot decide (403)", st == 403, dec)
    st, dec = srv.call("POST", "/v1/cases/%d/dispositions" % c["id"],
                       {"action": "clear", "reason": "made-up"}, role="review")
    check("an unknown reason code is a 422", st == 422, dec)
    st, dec = srv.call("POST", "/v1/cases/999999/dispositions",
                       {"action": "clear", "reason": "false-positive"}, role="review")
    check("a disposition on no case is a 404", st == 404, dec)
    st, dec = srv.call("POST", "/v1/cases/%d/dispositions" % c["id"],
                       {"action": "escalate", "reason": "needs-legal", "group": "legal",
                        "note": "same bank?"}, role="review")
    check("escalate (201) names the token as actor",
          st == 201 and dec["case"]["state"] == "escalated"
          and dec["case"]["history"][-1]["actor"] == "review-officer", dec)
    check("two dispositions racing on one case: one 201, one 409",
          race(srv, srv, c["id"]) == [201, 409])
    st, after = srv.call("GET", "/v1/cases/%d" % c["id"], role="screen")
    check("the case history is its chain records", [h["action"] for h in after["history"]] ==
          ["open", "escalate", "clear"], after.get("history"))

    # a screening that names the party shows what the party was cleared of
    st, scr = srv.call("POST", "/v1/screen", {"name": c["matched_name"], "party": c["party"]},
                       role="screen")
    listings = [l for r in scr.get("results", []) for l in [r] + r.get("also_listed", [])]
    mine = [l for l in listings if l["list"] == c["list"] and l["entity_id"] == c["entity_id"]]
    check("POST /v1/screen naming the party marks the cleared listing",
          st == 200 and mine and mine[0].get("cleared", {}).get("disposition")
          and scr["party"] == c["party"] and "alerts" in scr, scr)
    st, rp = srv.call("GET", "/v1/audit/%d/replay" % scr.get("audit_id", 0), role="screen")
    check("that screening replays identical (the marks are the register's, not the engine's)",
          st == 200 and rp.get("identical") is True, rp)
    st, bad = srv.call("POST", "/v1/screen", {"name": c["matched_name"], "party": "NO-SUCH"},
                       role="screen")
    check("a party not in the register is a 422", st == 422 and "register" in bad.get("detail", ""), bad)

    # an order book opens cases for its blocked lines
    st, res = srv.call("POST", "/v1/check/batch", {"shipments": [
        {"id": "L1", "from": "JP", "to": "KR", "item": "1C350.d.15", "date": "2019-07-10"},
        {"id": "L2", "from": "JP", "to": "US", "item": "not-listed", "date": "2024-07-10"}]},
        role="screen")
    st, lines = srv.call("GET", "/v1/cases?kind=check", role="screen")
    check("POST /v1/check/batch opens a case for the blocked line only",
          [x["line"] for x in lines["cases"]] == ["L1"], lines)
    st, rel = srv.call("POST", "/v1/cases/%d/dispositions" % lines["cases"][0]["id"],
                       {"action": "release", "reason": "licence-held", "licence": "JP-1",
                        "valid_until": "2019-07-01"}, role="review")
    check("a licence that does not cover the shipment date is a 422", st == 422, rel)

    # reason codes: admin configures, review cannot
    st, _ = srv.call("PUT", "/v1/reasons/same-name-other-country",
                     {"action": "clear", "label": "Same name, other country"}, role="review")
    check("a review token cannot configure reason codes (403)", st == 403)
    st, rs = srv.call("PUT", "/v1/reasons/same-name-other-country",
                      {"action": "clear", "label": "Same name, other country"}, role="admin")
    check("an admin adds a reason code", st == 200 and any(
        r["code"] == "same-name-other-country" for r in rs["reasons"]), rs)

    # a screening recorded with the bundled lists, replayed later with the version it used
    st, scr = srv.call("POST", "/v1/screen", {"name": "AEROCARIBBEAN AIRLINES"}, role="screen")
    screen_record = scr.get("audit_id")

    # lists: 2021 then 2024 through the admin route; the server follows
    st, up = srv.call("POST", "/v1/lists/update", {"lists": ["ofac-legacy:" + OFAC_2021]}, role="review")
    check("a review token cannot update lists (403)", st == 403, up)
    st, up = srv.call("POST", "/v1/lists/update", {"lists": ["ofac-legacy:" + OFAC_2021]})
    check("the admin route makes a list version", st == 200 and up["delta"]["added"] > 8000, up)
    check("the server follows the version in force", srv.wait_following(up["version"]))
    st, up2 = srv.call("POST", "/v1/lists/update", {"lists": ["ofac-legacy:" + OFAC_2021 + "-missing"]})
    check("a list that does not load changes nothing (422)", st == 422, up2)
    st, up2 = srv.call("POST", "/v1/lists/update", {"lists": ["ofac-legacy:" + OFAC_2024]})
    check("2024 version: delta and re-screening", st == 200 and up2["delta"]["removed"] > 0, up2)
    check("the server follows again", srv.wait_following(up2["version"]))
    st, diff = srv.call("GET", "/v1/lists/diff", role="screen")
    check("GET /v1/lists/diff gives the delta in force", st == 200 and diff["version"] == up2["version"])
    st, rp = srv.call("GET", "/v1/audit/%d/replay" % screen_record, role="screen")
    check("a screening replays with the list version it used",
          st == 200 and rp.get("identical") and not rp.get("same_data"), rp)

    # SIGKILL in the middle of dispositions: nothing acknowledged is lost
    st, open_cases = srv.call("GET", "/v1/cases?state=open&limit=1000", role="screen")
    ids = [x["id"] for x in open_cases["cases"]]
    acked, stop = [], threading.Event()

    def worker(k):
        i = k
        while not stop.is_set() and i < len(ids):
            try:
                st, d = srv.call("POST", "/v1/cases/%d/dispositions" % ids[i],
                                 {"action": "escalate", "reason": "needs-legal", "group": "g%d" % k},
                                 role="review", timeout=10)
                if st == 201:
                    acked.append(d["record"])
            except Exception:
                return
            i += 4
    ts = [threading.Thread(target=worker, args=(k,)) for k in range(4)]
    for t in ts:
        t.start()
    time.sleep(0.3)  # let dispositions be in flight when the server dies
    srv.proc.send_signal(signal.SIGKILL)
    srv.proc.wait()
    stop.set()
    for t in ts:
        t.join()
    srv = Server(db)
    lost = [r for r in acked if srv.call("GET", "/v1/audit/%d" % r, role="screen")[0] != 200]
    check("SIGKILL during dispositions: every acknowledged record survives (%d)" % len(acked),
          acked and not lost, lost)
    st, v = srv.call("GET", "/v1/audit/verify")
    check("the chain is intact after SIGKILL", st == 200 and v["ok"], v)
    check("a restarted server loads the version in force", srv.wait_following(up2["version"], 10))
    srv.stop()


def test_postgres():
    url = os.environ.get("STRATEX_PG_URL")
    if not url:
        if os.environ.get("STRATEX_CI") == "1":
            check("PostgreSQL is available in CI", False, "STRATEX_PG_URL unset")
        else:
            print("note: PostgreSQL part skipped: STRATEX_PG_URL unset")
        return
    name = "sx_wf_%d" % os.getpid()
    subprocess.run(["psql", "-q", url, "-c", "CREATE DATABASE %s" % name], check=True)
    db = url.rsplit("/", 1)[0] + "/" + name
    snaps = os.path.join(WORK, "pg-snapshots")
    a = Server(db, "--snapshots", snaps)
    b = Server(db, "--snapshots", snaps)
    st, imp = a.call("POST", "/v1/parties", REGISTER, role="review")
    check("postgresql: server A imports the register", st == 200 and imp["cases_opened"] > 0, imp)
    st, cases = b.call("GET", "/v1/cases?party=P-BNC", role="screen")
    check("postgresql: server B sees the cases", st == 200 and cases["total"] >= 1, cases)
    check("postgresql: a race across two servers: one 201, one 409",
          race(a, b, cases["cases"][0]["id"]) == [201, 409])
    st, up = a.call("POST", "/v1/lists/update", {"lists": ["ofac-legacy:" + OFAC_2021]})
    check("postgresql: server A updates the lists", st == 200, up)
    check("postgresql: server B follows the version in force", b.wait_following(up["version"]))
    st, v = b.call("GET", "/v1/audit/verify")
    check("postgresql: the shared chain is intact", st == 200 and v["ok"], v)
    for s in (a, b):
        check("postgresql: SIGTERM stops a server cleanly", s.stop() == 0)


def main():
    test_sqlite()
    test_postgres()
    return checks.result()


if __name__ == "__main__":
    try:
        sys.exit(main())
    finally:  # list versions take tens of megabytes per run
        shutil.rmtree(WORK, ignore_errors=True)
