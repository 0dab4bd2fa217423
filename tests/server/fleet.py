#!/usr/bin/env python3
"""Two `stratex serve` instances behind HAProxy, sharing one PostgreSQL audit store and one
snapshot folder (docs/deploy.md).

HAProxy runs as this test's own process on a free loopback port, with the configuration
generated from examples/deploy/haproxy.cfg.in (the one docs/deploy.md shows).  Mixed load
goes through it (checks, screenings, check batches, dispositions, case reads); one
instance is killed with SIGKILL in the middle.  Then: every answer 200/201 has its audit
record (read through the survivor), `stratex audit verify` passes on the store, the only
failures are the balancer's 502/503/504 and every answer given is the right one, the
balancer sends everything to the survivor, and the killed instance, restarted, rejoins.
Also two dispositions racing on one case through the balancer: one 201, one 409.

Needs STRATEX_PG_URL (tests/pg.sh): without it the test is skipped with a note, and fails
when STRATEX_CI=1.  Prints RESULT passed=N failed=M.
"""
import csv
import hashlib
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

import checks  # tests/server/checks.py: the shared tally
from checks import check

STRATEX = os.environ.get("STRATEX", "build/stratex")
ROOT = os.environ.get("STRATEX_ROOT", os.getcwd())
TEMPLATE = os.path.join(ROOT, "examples/deploy/haproxy.cfg.in")
DEPLOY_DOC = os.path.join(ROOT, "docs/deploy.md")
TOKENS = {"screen": "fleet-screen", "review": "fleet-review", "admin": "fleet-admin"}
LOAD_THREADS = 6
LOAD_SECONDS_BEFORE_KILL = 2.0
LOAD_SECONDS_AFTER_KILL = 4.0
# after SIGTERM an instance keeps serving this long with /healthz at 503: HAProxy's check
# (every 500 ms, two failures) takes it out before its socket refuses (docs/deploy.md)
SHUTDOWN_DELAY_S = 3
BALANCER_FAILURES = (502, 503, 504)
WORK = tempfile.mkdtemp(prefix="sx-fleet-")




def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def tokens_file():
    path = os.path.join(WORK, "tokens.txt")
    with open(path, "w") as f:
        for role, tok in TOKENS.items():
            f.write("%s %s fleet-%s\n" % (hashlib.sha256(tok.encode()).hexdigest(), role, role))
    return path


class Instance:
    """One `stratex serve` on a fixed port (the balancer's configuration names it)."""

    def __init__(self, name, port, db, snapshots):
        self.name, self.port, self.db, self.snapshots = name, port, db, snapshots
        self.proc = None

    def start(self):
        out = os.path.join(WORK, "%s-%d.out" % (self.name, time.monotonic_ns()))
        err = out[:-4] + ".err"
        self.proc = subprocess.Popen(
            [STRATEX, "serve", "--listen", "127.0.0.1:%d" % self.port, "--db", self.db,
             "--snapshots", self.snapshots, "--tokens", tokens_file(),
             "--max-connections-per-client", "1024", "--shutdown-delay", str(SHUTDOWN_DELAY_S)],
            stdout=open(out, "w"), stderr=open(err, "w"))
        for _ in range(2400):  # up to 120 s: the lists index slowly under ASan
            if "listening on" in open(out).read():
                return
            if self.proc.poll() is not None:
                break
            time.sleep(0.05)  # polling for the startup line, not synchronising a result
        raise RuntimeError("instance %s did not start: %s" % (self.name, open(err).read()))

    def stop(self, sig=signal.SIGTERM):
        self.proc.send_signal(sig)
        try:
            return self.proc.wait(timeout=120)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            return "hung"


class Client:
    """An HTTP client for one host:port: keep-alive (reconnects after a connection error),
    or with fresh=True one connection per request (Connection: close)."""

    def __init__(self, port, fresh=False):
        self.port = port
        self.fresh = fresh
        self.conn = None
        self.reused = False  # the last request went on a connection used before

    def call(self, method, path, body=None, role="admin", timeout=120):
        """Returns (status, parsed body or raw bytes, instance header)."""
        self.reused = self.conn is not None
        if self.conn is None:
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        h = {"Authorization": "Bearer " + TOKENS[role]}
        if self.fresh:
            h["Connection"] = "close"
        data = None
        if body is not None:
            h["Content-Type"] = "application/json"
            data = json.dumps(body).encode()
        try:
            self.conn.request(method, path, body=data, headers=h)
            r = self.conn.getresponse()
            raw = r.read()
        except (OSError, http.client.HTTPException):
            self.conn.close()
            self.conn = None
            raise
        who = r.getheader("X-Stratex-Instance")
        if self.fresh or r.getheader("Connection", "").lower() == "close":
            self.conn.close()
            self.conn = None
        try:
            return r.status, json.loads(raw), who
        except ValueError:
            return r.status, raw, who


def haproxy_config(listen_port, a, b):
    text = open(TEMPLATE).read()
    text = text.replace("@LISTEN@", "127.0.0.1:%d" % listen_port)
    text = text.replace("@STRATEX_A@", "127.0.0.1:%d" % a.port)
    text = text.replace("@STRATEX_B@", "127.0.0.1:%d" % b.port)
    path = os.path.join(WORK, "haproxy.cfg")
    with open(path, "w") as f:
        f.write(text)
    return path


def start_haproxy(cfg):
    """HAProxy in the foreground (-db) as this test's child; returns the process."""
    log = open(os.path.join(WORK, "haproxy.log"), "w")
    check_cfg = subprocess.run(["haproxy", "-c", "-f", cfg], capture_output=True, text=True)
    check("the generated haproxy configuration is valid (haproxy -c)",
          check_cfg.returncode == 0, check_cfg.stdout + check_cfg.stderr)
    return subprocess.Popen(["haproxy", "-db", "-f", cfg], stdout=log, stderr=log)


def wait_for(pred, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if pred():
                return True
        except (OSError, http.client.HTTPException):
            pass
        time.sleep(0.1)  # polling the balancer's view, not synchronising a result
    return False


def register(n=30):
    """A register of list entities from the bundled OFAC file, so the import opens cases."""
    names = []
    with open(os.path.join(ROOT, "data/lists/ofac-sdn.csv"), newline="") as f:
        for row in csv.DictReader(f):
            if row["type"] == "entity":
                names.append(row["name"])
            if len(names) == n:
                break
    return {"parties": [{"id": "F-%d" % i, "name": nm, "type": "organization"}
                        for i, nm in enumerate(names)]}


CHECK = {"from": "JP", "to": "KR", "item": "1C350", "date": "2019-07-10"}
SCREEN = {"name": "AEROCARIBBEAN AIRLINES", "limit": 3}
BATCH = {"shipments": [
    {"id": "L1", "from": "JP", "to": "KR", "item": "1C350.d.15", "date": "2019-07-10"},
    {"id": "L2", "from": "JP", "to": "US", "item": "not-listed", "date": "2024-07-10"},
    {"id": "L3", "from": "JP", "to": "CN", "item": "1C350", "date": "2024-07-10"}]}


def without_ids(d):
    """An answer without its audit ids, to compare with the reference answer."""
    if isinstance(d, dict):
        return {k: without_ids(v) for k, v in d.items() if k != "audit_id"}
    if isinstance(d, list):
        return [without_ids(x) for x in d]
    return d


class Load:
    """Mixed load through the balancer; records every outcome."""

    def __init__(self, port, refs, case_ids):
        self.port, self.refs, self.case_ids = port, refs, case_ids
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.acked = []       # audit ids of answers 200/201
        self.statuses = {}    # status (text) -> count
        self.bad = []         # wrong answers, unexpected statuses, connection errors
        self.after_kill = None  # set by the test when the instance has been killed
        self.count = 0

    def note(self, status, extra=None):
        with self.lock:
            key = str(status)
            self.statuses[key] = self.statuses.get(key, 0) + 1
            self.count += 1
            if extra:
                self.bad.append(extra)

    def one(self, c, k, i):
        kind = ("check", "screen", "batch", "decide", "cases")[(k + i) % 5]
        try:
            if kind == "check":
                st, d, _ = c.call("POST", "/v1/check", CHECK, role="screen")
            elif kind == "screen":
                st, d, _ = c.call("POST", "/v1/screen", SCREEN, role="screen")
            elif kind == "batch":
                st, d, _ = c.call("POST", "/v1/check/batch", BATCH, role="screen")
            elif kind == "decide":
                cid = self.case_ids[(k * 7 + i) % len(self.case_ids)]
                st, d, _ = c.call("POST", "/v1/cases/%d/dispositions" % cid,
                                  {"action": "escalate", "reason": "needs-legal",
                                   "group": "fleet-%d" % k}, role="review")
            else:
                st, d, _ = c.call("GET", "/v1/cases?state=escalated&limit=5", role="screen")
        except (OSError, http.client.HTTPException) as e:
            if isinstance(e, http.client.RemoteDisconnected):
                # HAProxy's answer when the server dies under a request: mostly a 502, but
                # sometimes (seen on a keep-alive client connection, and once in CI on a
                # fresh one) it closes the connection without a response, as a server
                # closing a stale keep-alive would, so the client may retry if (and only
                # if) the request is idempotent.  Like a 502: the balancer's failure, the
                # outcome unknown, nothing acknowledged (docs/deploy.md).
                self.note("closed")
            else:
                self.note("conn-error", "%s: connection error %r" % (kind, e))
            return
        if st in BALANCER_FAILURES:
            self.note(st)
            return
        if kind == "decide" and st == 409:  # the case was closed: a right answer
            self.note(st)
            return
        ok_status = 201 if kind == "decide" else 200
        if st != ok_status or not isinstance(d, dict):
            self.note(st, "%s: status %s: %r" % (kind, st, d))
            return
        ids, wrong = [], None
        if kind in ("check", "screen"):
            ids = [d.get("audit_id")]
            if without_ids(d) != self.refs[kind]:
                wrong = "%s: answer differs from the reference: %r" % (kind, d)
        elif kind == "batch":
            ids = [r.get("audit_id") for r in d.get("results", [])]
            if without_ids(d) != self.refs["batch"]:
                wrong = "batch: answer differs from the reference: %r" % d
        elif kind == "decide":
            ids = [d.get("record")]
            if d.get("case", {}).get("state") != "escalated":
                wrong = "decide: case not escalated: %r" % d
        if any(not isinstance(x, int) or x <= 0 for x in ids):
            wrong = wrong or "%s: answer without audit ids: %r" % (kind, d)
        with self.lock:
            self.acked.extend(x for x in ids if isinstance(x, int))
        self.note(st, wrong)

    def worker(self, k):
        # half the clients use a connection per request, half keep theirs alive
        c = Client(self.port, fresh=k % 2 == 0)
        i = 0
        while not self.stop.is_set():
            self.one(c, k, i)
            i += 1

    def run(self, during):
        ts = [threading.Thread(target=self.worker, args=(k,)) for k in range(LOAD_THREADS)]
        for t in ts:
            t.start()
        try:
            during()
        finally:
            self.stop.set()
            for t in ts:
                t.join()


def race(port, case_id):
    """Two clears of one case through the balancer at once: (statuses sorted, instances)."""
    out = []
    go = threading.Barrier(2)

    def one():
        c = Client(port)
        go.wait()
        st, _, who = c.call("POST", "/v1/cases/%d/dispositions" % case_id,
                            {"action": "clear", "reason": "false-positive"}, role="review")
        out.append((st, who))
    ts = [threading.Thread(target=one) for _ in range(2)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    return sorted(s for s, _ in out), {w for _, w in out}


def doc_shows_template():
    """docs/deploy.md shows the template the test runs, byte for byte."""
    try:
        return open(TEMPLATE).read() in open(DEPLOY_DOC).read()
    except OSError:
        return False


def fleet(url):
    name = "sx_fleet_%d" % os.getpid()
    subprocess.run(["psql", "-q", url, "-c", "CREATE DATABASE %s" % name], check=True,
                   capture_output=True)
    db = url.rsplit("/", 1)[0] + "/" + name
    snaps = os.path.join(WORK, "snapshots")
    a = Instance("a", free_port(), db, snaps)
    b = Instance("b", free_port(), db, snaps)
    lb_port = free_port()
    a.start()
    b.start()
    lb = start_haproxy(haproxy_config(lb_port, a, b))
    try:
        run_fleet(a, b, lb_port, db, snaps)
    finally:
        lb.terminate()
        lb.wait(timeout=30)
        for inst in (a, b):
            if inst.proc and inst.proc.poll() is None:
                inst.proc.kill()
                inst.proc.wait()


def run_fleet(a, b, lb_port, db, snaps):
    c = Client(lb_port)
    check("the balancer sees both instances up (answers from a and b)",
          wait_for(lambda: {c.call("GET", "/healthz")[2] for _ in range(4)} >= {"a", "b"}, 30))
    check("docs/deploy.md shows the haproxy template the test runs", doc_shows_template())

    st, imp, _ = c.call("POST", "/v1/parties", register(), role="review")
    check("a register imported through the balancer opens cases",
          st == 200 and imp.get("cases_opened", 0) >= 10, imp)
    st, cases, _ = c.call("GET", "/v1/cases?state=open&limit=1000", role="screen")
    ids = [x["id"] for x in cases.get("cases", [])] if st == 200 else []
    check("the cases are read through the balancer", len(ids) >= 10, cases)
    if len(ids) < 10:
        return
    race_ids, rejoin_id, load_ids = ids[:4], ids[4], ids[5:]

    # two instances racing on one case: the chain's write lock decides across servers
    outcomes = [race(lb_port, cid) for cid in race_ids]
    check("dispositions racing on one case through the balancer: one 201, one 409 (x%d)"
          % len(outcomes), all(s == [201, 409] for s, _ in outcomes), outcomes)
    check("the racing dispositions were answered by both instances",
          any(w == {"a", "b"} for _, w in outcomes), outcomes)

    refs = {}
    for kind, path, body in (("check", "/v1/check", CHECK), ("screen", "/v1/screen", SCREEN),
                             ("batch", "/v1/check/batch", BATCH)):
        st, d, _ = c.call("POST", path, body, role="screen")
        refs[kind] = without_ids(d)
        check("reference answer for %s" % kind, st == 200, d)

    load = Load(lb_port, refs, load_ids)

    def kill_b():
        time.sleep(LOAD_SECONDS_BEFORE_KILL)  # load in flight on both instances
        b.proc.send_signal(signal.SIGKILL)
        b.proc.wait()
        load.after_kill = load.count
        time.sleep(LOAD_SECONDS_AFTER_KILL)  # load continues on the survivor
    t0 = time.monotonic()
    load.run(kill_b)
    secs = time.monotonic() - t0
    failures = sum(n for s, n in load.statuses.items()
                   if s in [str(x) for x in BALANCER_FAILURES] + ["closed"])
    print("note: %d requests in %.1f s through the balancer (%d before the kill), statuses %s, "
          "%d audit ids acknowledged" % (load.count, secs, load.after_kill or 0,
                                          json.dumps(load.statuses, sort_keys=True),
                                          len(load.acked)))
    check("load ran on both sides of the kill",
          load.after_kill and load.count > load.after_kill + 20, load.statuses)
    check("failures during the kill are only the balancer's (502/503/504, or a keep-alive "
          "connection closed unanswered: %d); every answer given is the right one" % failures,
          not load.bad, load.bad[:5])

    # the survivor takes everything once the balancer has seen the instance go
    check("the balancer takes the killed instance out (health check)",
          wait_for(lambda: all(c.call("GET", "/healthz")[2] == "a" for _ in range(6)), 30))
    after = [c.call("POST", "/v1/check", CHECK, role="screen") for _ in range(20)]
    check("after the kill every request is answered 200 by the survivor",
          all(s == 200 and w == "a" for s, _, w in after), [(s, w) for s, _, w in after])

    # every acknowledged record is in the store, read through the survivor
    direct = Client(a.port)
    lost = [i for i in load.acked if direct.call("GET", "/v1/audit/%d" % i, role="screen")[0] != 200]
    check("every answer 200/201 has its audit record (%d ids, read through the survivor)"
          % len(load.acked), load.acked and not lost, lost[:10])
    v = subprocess.run([STRATEX, "audit", "verify", "--db", db], capture_output=True, text=True)
    check("stratex audit verify passes on the shared store", v.returncode == 0,
          v.stdout + v.stderr)

    # the killed instance, restarted, rejoins
    b.start()
    check("a restarted instance rejoins (the balancer routes to it again)",
          wait_for(lambda: "b" in {c.call("GET", "/healthz")[2] for _ in range(4)}, 60))
    st, d, _ = Client(b.port).call("GET", "/v1/audit/%d" % load.acked[-1], role="screen")
    check("the rejoined instance reads the shared store", st == 200, d)
    check("after the rejoin, a race on one case through the balancer: one 201, one 409",
          race(lb_port, rejoin_id)[0] == [201, 409])

    # a rolling restart: SIGTERM drains an instance under load; no client sees a failure
    load2 = Load(lb_port, refs, load_ids)
    term = []

    health = []

    def term_a():
        time.sleep(LOAD_SECONDS_BEFORE_KILL)  # load in flight on both instances
        a.proc.send_signal(signal.SIGTERM)
        time.sleep(0.5)  # within the shutdown delay: a still answers, its health says leave
        health.append(Client(a.port, fresh=True).call("GET", "/healthz")[:2])
        term.append(a.proc.wait(timeout=120))
        time.sleep(1.0)  # load continues on the other instance
    load2.run(term_a)
    print("note: rolling restart: %d requests, statuses %s"
          % (load2.count, json.dumps(load2.statuses, sort_keys=True)))
    check("SIGTERM: during the shutdown delay the instance answers /healthz with 503 "
          "\"draining\"", health and health[0][0] == 503
          and health[0][1].get("status") == "draining", health)
    check("SIGTERM under load through the balancer: the instance exits 0", term == [0], term)
    check("SIGTERM under load through the balancer: every request answered, none failed",
          not load2.bad and set(load2.statuses) <= {"200", "201", "409"},
          (load2.statuses, load2.bad[:5]))
    lost = [i for i in load2.acked
            if Client(b.port).call("GET", "/v1/audit/%d" % i, role="screen")[0] != 200]
    check("rolling restart: every acknowledged record is in the store (%d)" % len(load2.acked),
          load2.acked and not lost, lost[:10])
    a.start()
    check("the drained instance, restarted, rejoins",
          wait_for(lambda: "a" in {c.call("GET", "/healthz")[2] for _ in range(4)}, 60))
    for inst in (a, b):
        check("SIGTERM stops instance %s cleanly" % inst.name, inst.stop() == 0)


def main():
    url = os.environ.get("STRATEX_PG_URL")
    if not url:
        if os.environ.get("STRATEX_CI") == "1":
            check("PostgreSQL is available in CI", False, "STRATEX_PG_URL unset")
        else:
            print("note: skipped: STRATEX_PG_URL unset (tests/run.sh starts a throwaway server)")
    elif not shutil.which("haproxy"):
        check("haproxy is installed (deps/debian-packages.txt)", False)
    else:
        try:
            fleet(url)
        except Exception as e:  # a crash of the test itself is a failure, not a skip
            check("the fleet test ran to the end", False, repr(e))
    if checks.failed and os.listdir(WORK):
        print("note: logs kept in " + WORK)
    else:
        shutil.rmtree(WORK, ignore_errors=True)
    return checks.result()


if __name__ == "__main__":
    sys.exit(main())
