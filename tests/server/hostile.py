#!/usr/bin/env python3
"""The server under hostile clients (issue 14), as a client sees it: each check starts the
real `stratex serve` on a loopback port and talks to it over real sockets.  Prints one
line per check and "RESULT passed=N failed=M"; exits 1 when any check fails.

Covers: SIGTERM under keep-alive load; messages that never split a character and
problems that always encode; half-closed clients; the request time limit, the per-client
connection cap and authentication before the body; access-log escaping; reloads off the
worker threads; names with nothing to screen and unknown types; listen addresses; bytes
appended to a stored hash; %00 in a path; a garbage request line."""
import hashlib
import http.client
import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time

import checks  # tests/server/checks.py: the shared tally
from checks import check

STRATEX = os.environ.get("STRATEX", "build/stratex")
WORK = tempfile.mkdtemp(prefix="sx-hostile-")
DB = os.path.join(WORK, "audit.db")
CHECK = b'{"from":"JP","to":"KR","item":"1C350","date":"2019-07-10"}'




class Server:
    """`stratex serve` on a free loopback port; stderr kept in a file."""

    def __init__(self, *args, db=DB):
        self.err_path = os.path.join(WORK, "err-%d" % time.monotonic_ns())
        self.out_path = self.err_path.replace("err-", "out-")
        self.proc = subprocess.Popen(
            [STRATEX, "serve", "--listen", "127.0.0.1:0", "--db", db, *args],
            stdout=open(self.out_path, "w"), stderr=open(self.err_path, "w"))
        self.port = None
        for _ in range(1800):  # up to 90 s: the lists index slowly under ASan
            text = open(self.out_path).read()
            if "listening on" in text:
                self.port = int(text.split("listening on http://127.0.0.1:")[1].split()[0])
                return
            if self.proc.poll() is not None:
                break
            time.sleep(0.05)  # polling for the startup line, not synchronising a result
        raise RuntimeError("server did not start: " + open(self.err_path).read())

    def stop(self, sig=signal.SIGTERM):
        self.proc.send_signal(sig)
        try:
            return self.proc.wait(timeout=120)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            return "hung"

    def stderr(self):
        return open(self.err_path, errors="replace").read()


def stop_clean(srv, what):
    """SIGTERM; the exit status also carries sanitizer reports (leaks) under ASan."""
    rc = srv.stop()
    check("%s: SIGTERM stops it with exit 0 (exit %s)" % (what, rc), rc == 0, srv.stderr()[-600:])


def request(port, method, path, body=None, headers=None, source="127.0.0.1"):
    """One request on a fresh connection: (status, headers, body)."""
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=60,
                                   source_address=(source, 0))
    h = {"Content-Type": "application/json"} if body is not None else {}
    h.update(headers or {})
    c.request(method, path, body=body, headers=h)
    r = c.getresponse()
    out = (r.status, dict(r.getheaders()), r.read())
    c.close()
    return out


def raw(port, data, half_close=False, timeout=20, source="127.0.0.1"):
    """Sends bytes on a fresh socket and reads until the server closes (or timeout)."""
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout,
                                 source_address=(source, 0))
    s.sendall(data)
    if half_close:
        s.shutdown(socket.SHUT_WR)
    out = b""
    try:
        while True:
            b = s.recv(65536)
            if not b:
                break
            out += b
    except (socket.timeout, ConnectionResetError):
        pass
    s.close()
    return out


def post(path, body, extra=b""):
    return (b"POST %s HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n%s"
            b"Content-Length: %d\r\n\r\n%s" % (path, extra, len(body), body))


def status_of(resp):
    try:
        return int(resp.split(b" ", 2)[1])
    except (IndexError, ValueError):
        return None


def body_of(resp):
    return resp.split(b"\r\n\r\n", 1)[1] if b"\r\n\r\n" in resp else b""


def member(body, *path):
    """body (JSON text) followed along path, or None when it is not there."""
    try:
        v = json.loads(body)
        for k in path:
            v = v[k]
        return v
    except (ValueError, KeyError, IndexError, TypeError):
        return None


def records(db):
    con = sqlite3.connect(db)
    n = con.execute("SELECT count(*) FROM audit_record").fetchone()[0]
    con.close()
    return n


# ---- 1. SIGTERM under keep-alive load: no abort, exit 0, every acknowledged id kept ----

def keepalive_client(port, acked, errors, stop):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    while not stop.is_set():
        try:
            c.request("POST", "/v1/check", body=CHECK,
                      headers={"Content-Type": "application/json"})
            r = c.getresponse()
            data = r.read()
            if r.status == 200:
                acked.append(json.loads(data)["audit_id"])
            elif r.status != 503:  # 503 shutting-down: refused cleanly, nothing recorded
                errors.append((r.status, data[:200]))
            if r.getheader("Connection", "").lower() == "close":
                c.close()
        except (ConnectionError, http.client.HTTPException, OSError):
            c.close()
            try:  # the server stops accepting on SIGTERM: then this client is done
                c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                c.connect()
            except OSError:
                return


def test_sigterm_under_keepalive():
    """Keep-alive clients keep sending while the audit store is held busy (a write lock
    taken by the test, as a slow store would be), so requests are parked waiting for the
    committer when SIGTERM arrives: the state in which libmicrohttpd used to abort."""
    db = os.path.join(WORK, "term.db")
    srv = Server("--threads", "2", db=db)
    acked, errors, stop = [], [], threading.Event()
    clients = [threading.Thread(target=keepalive_client, args=(srv.port, acked, errors, stop))
               for _ in range(8)]
    for t in clients:
        t.start()
    while len(acked) < 100 and srv.proc.poll() is None:
        time.sleep(0.01)  # waiting for load to build up, not for a result
    lock = sqlite3.connect(db, isolation_level=None, timeout=30)
    lock.execute("BEGIN IMMEDIATE")
    time.sleep(0.5)  # lets requests reach the blocked store; the outcome does not depend on it
    srv.proc.send_signal(signal.SIGTERM)
    try:
        rc = srv.proc.wait(timeout=120)
    except subprocess.TimeoutExpired:
        srv.proc.kill()
        rc = "hung"
    lock.execute("ROLLBACK")
    lock.close()
    stop.set()
    for t in clients:
        t.join(60)
    check("SIGTERM under keep-alive load, store busy: exit 0, not SIGABRT (exit %s)" % rc,
          rc == 0, srv.stderr()[-400:])
    check("SIGTERM under keep-alive load: says stopped", "stratex serve: stopped" in srv.stderr())
    check("SIGTERM under keep-alive load: only 200 or 503 answers", not errors, errors[:3])
    srv = Server(db=db)
    missing = [i for i in acked if request(srv.port, "GET", "/v1/audit/%d" % i)[0] != 200]
    stop_clean(srv, "restarted server")
    check("SIGTERM under keep-alive load: every acknowledged id (%d) is recorded" % len(acked),
          acked and not missing, missing[:5])
    v = subprocess.run([STRATEX, "audit", "verify", "--db", db], capture_output=True)
    check("SIGTERM under keep-alive load: audit verify passes", v.returncode == 0, v.stderr)


# ---- 2. characters never split, problems always encode, %ff refused with 400 ----

def problem(resp_status, body, status):
    try:
        d = json.loads(body)
    except ValueError:
        return False
    return resp_status == status and d.get("status") == status and bool(d.get("detail"))


def test_utf8(port):
    # decide.c quotes "from" with %.16s: five Hangul syllables (15 bytes) and a sixth cut
    s, _, b = request(port, "POST", "/v1/check",
                      json.dumps({"from": "가나다라마바사", "to": "KR", "item": "1C350",
                                  "date": "2019-07-10"}).encode())
    check("a multibyte value cut in a message: 422 problem, not 503", problem(s, b, 422),
          (s, b[:300]))
    s, _, b = request(port, "POST", "/v1/check",
                      json.dumps({"from": "JP", "to": "한국한국한국한국", "item": "1C350",
                                  "date": "2019-07-10"}).encode())
    check("a multibyte country cut in a message: 422 problem, valid UTF-8",
          problem(s, b, 422) and "한국" in (member(b, "detail") or ""), (s, b[:300]))
    s, _, b = request(port, "POST", "/v1/check/batch", json.dumps({"shipments": [
        {"from": "JP", "to": "KR", "item": "1C350", "date": "2019-07-10"},
        {"id": "x", "from": "가나다라마바사", "to": "KR", "item": "1C350",
         "date": "2019-07-10"}]}).encode())
    ok = s == 200 and member(b, "results", 1, "error", "status") == 422
    check("batch: the error of an item with a cut character is a problem, never null", ok,
          (s, b[:300]))
    # A Han character with no Korean reading (CJK Extension A) was read in Korean as
    # itself, again and again, until the stack overflowed: one request killed the server.
    s, _, b = request(port, "POST", "/v1/screen", json.dumps({"name": "\u4db8"}).encode())
    s2, _, _ = request(port, "GET", "/healthz")
    check("a name of Han characters no Korean reading covers: 200, and the server lives",
          s == 200 and member(b, "results") == [] and s2 == 200, (s, b[:300], s2))
    for path in ("/v1/x%ff", "/v1/regimes/JP/groups?date=%ff",
                 "/v1/regimes/JP/diff?from=2019-01-01&to=2020-01-01&country=%ff%fe"):
        resp = raw(port, b"GET %s HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n"
                   % path.encode())
        check("%s: 400 problem+json" % path,
              problem(status_of(resp), body_of(resp), 400), resp[:300])


# ---- 3. half-closed clients get their answers ----

def test_half_closed(port):
    other = socket.create_connection(("127.0.0.1", port))  # "while another is open"
    other.sendall(b"GET /heal")  # some bytes, so the server takes the connection up
    answers = [raw(port, post(b"/v1/check", CHECK), half_close=True) for _ in range(20)]
    other.close()
    good = [a for a in answers
            if status_of(a) == 200 and (member(body_of(a), "audit_id") or 0) > 0]
    check("half-closed clients: all 20 POST + shutdown(SHUT_WR) get their answer (%d did)"
          % len(good), len(good) == 20, [a[:80] for a in answers if a not in good][:3])


# ---- 4. pre-auth exhaustion ----

def test_auth_before_body(port, token):
    resp = raw(port, b"POST /v1/check HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
                     b"Content-Length: 1000000\r\n\r\n", timeout=20)
    check("no token, 1 MB declared, body never sent: 401 at once", status_of(resp) == 401,
          resp[:200])
    resp = raw(port, b"POST /v1/check HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
                     b"Transfer-Encoding: chunked\r\n\r\n", timeout=20)
    check("no token, chunked body never sent: 401 at once", status_of(resp) == 401, resp[:200])
    resp = raw(port, b"POST /v1/admin/reload HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer "
                     + token + b"\r\nContent-Length: 1000000\r\n\r\n", timeout=20)
    check("screen token on an admin route, body never sent: 403 at once",
          status_of(resp) == 403, resp[:200])


def trickle(port, head, drip, count, interval=0.3):
    """Sends head, then drip every interval; returns what the server answered."""
    s = socket.create_connection(("127.0.0.1", port), timeout=30)
    s.sendall(head)
    out = b""
    for _ in range(count):
        time.sleep(interval)  # the slow client under test, not a synchronisation
        try:
            s.sendall(drip)
        except OSError:
            break
        s.setblocking(False)
        try:
            out += s.recv(65536)
        except (BlockingIOError, ConnectionResetError):
            pass
        s.setblocking(True)
        if out:
            break
    s.settimeout(10)
    try:
        while True:
            b = s.recv(65536)
            if not b:
                break
            out += b
    except (socket.timeout, ConnectionResetError):
        pass
    s.close()
    return out


def test_time_limit(port, token):
    resp = trickle(port, b"POST /v1/check HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer " + token
                   + b"\r\nContent-Type: application/json\r\nContent-Length: 400\r\n\r\n", b" ",
                   400)
    check("a body sent a byte at a time past the time limit: 408", status_of(resp) == 408,
          resp[:200])
    resp = trickle(port, b"GET /healthz HTTP/1.1\r\n", b"X-A: b\r\n", 400)
    check("headers sent a line at a time past the time limit: 408", status_of(resp) == 408,
          resp[:200])


def test_per_client_cap(port, cap):  # the server allows cap connections per client
    held = []
    for _ in range(cap):  # each answered once, so the server has counted it; then kept open
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        c.request("GET", "/healthz")
        c.getresponse().read()
        held.append(c)
    extra = raw(port, b"GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n", timeout=20)
    check("per-client cap: connection %d from the same address is refused" % (cap + 1),
          extra == b"", extra[:200])
    s, _, b = request(port, "GET", "/healthz", source="127.0.0.2")
    check("per-client cap: another client is still served", s == 200, b[:200])
    for c in held:
        c.close()


# ---- 5. access log ----

def forge_log_line(port):
    forged = "/v1/x%0aPOST%20/v1/admin/reload%20200%201.000ms%20audit_id=0"
    raw(port, b"GET %s HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n" % forged.encode())


def test_access_log(srv):  # after forge_log_line() and srv.stop()
    lines = srv.stderr().splitlines()
    check("access log: %0a in a path forges no line",
          not any(l.startswith("POST /v1/admin/reload 200 1.000ms") for l in lines), lines[-5:])
    check("access log: the path is written escaped on one line",
          any(l.startswith("GET /v1/x\\x0aPOST\\x20/v1/admin/reload") and " 404 " in l
              for l in lines), lines[-5:])


# ---- 6. reload off the worker threads ----

def test_reload_does_not_block(srv):  # a server with two workers
    events, lock = [], threading.Lock()
    sent = [threading.Event() for _ in range(4)]

    def reload(i):
        s = socket.create_connection(("127.0.0.1", srv.port), timeout=120)
        s.sendall(b"POST /v1/admin/reload HTTP/1.1\r\nHost: t\r\nConnection: close\r\n"
                  b"Content-Length: 0\r\n\r\n")
        sent[i].set()
        out = b""
        while True:
            b = s.recv(65536)
            if not b:
                break
            out += b
        with lock:
            events.append(("reload", status_of(out)))

    threads = [threading.Thread(target=reload, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for e in sent:
        e.wait(60)
    for _ in range(5):
        s, _, _ = request(srv.port, "GET", "/healthz")
        with lock:
            events.append(("healthz", s))
    for t in threads:
        t.join(300)
    kinds = [k for k, _ in events]
    check("four reloads at once: /healthz is answered before any reload finishes",
          kinds[:5] == ["healthz"] * 5, events)
    check("four reloads at once: each answered 200",
          [s for k, s in events if k == "reload"] == [200] * 4, events)


# ---- 7. names with nothing to screen, unknown types ----

def test_screen_refusals(port, db):
    before = records(db)
    for name in ("   ", "...", "\u200b", ""):
        s, _, b = request(port, "POST", "/v1/screen", json.dumps({"name": name}).encode())
        check("screen name %r: 400 with a clear message" % name,
              problem(s, b, 400) and "nothing to screen" in (member(b, "detail") or ""), (s, b[:300]))
    s, _, b = request(port, "POST", "/v1/screen",
                      json.dumps({"name": "Korea Mining", "type": "ship"}).encode())
    check("screen type outside the schema: 400", problem(s, b, 400), (s, b[:300]))
    s, _, b = request(port, "POST", "/v1/screen/batch",
                      json.dumps({"queries": [{"name": " . "}]}).encode())
    ok = s == 200 and member(b, "results", 0, "error", "status") == 400
    check("screen batch: a blank name is an error entry with 400", ok, (s, b[:300]))
    check("refused screenings are not recorded", records(db) == before, (before, records(db)))


# ---- 8. listen addresses ----

def test_listen():
    for spec in ("127.0.0.1:99999", "127.0.0.1:", "127.0.0.1:8x"):
        p = subprocess.Popen([STRATEX, "serve", "--listen", spec, "--db",
                              os.path.join(WORK, "listen.db")],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        try:
            out, err = p.communicate(timeout=120)
        except subprocess.TimeoutExpired:
            p.kill()
            out, err = p.communicate()
        check("--listen %s: refused with a clear error, exit non-zero" % spec,
              p.returncode not in (0, None) and p.returncode > 0 and b"port" in err
              and b"listening" not in out, (p.returncode, err[-300:]))
    for delay in ("0", "301", "2s"):
        p = subprocess.run([STRATEX, "serve", "--listen", "127.0.0.1:0", "--shutdown-delay",
                            delay, "--db", os.path.join(WORK, "listen.db")],
                           capture_output=True, timeout=120)
        check("--shutdown-delay %s: refused with a usage error (exit 2)" % delay,
              p.returncode == 2 and b"--shutdown-delay takes 1..300 seconds" in p.stderr
              and b"listening" not in p.stdout, (p.returncode, p.stderr[-300:]))


# ---- 9. stored records, %00 ----

def test_nul_in_path(port):
    request(port, "POST", "/v1/check", CHECK)
    resp = raw(port, b"GET /v1/audit/1%00abc HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
    check("/v1/audit/1%00abc: 400, never record 1", status_of(resp) == 400, resp[:200])


def test_garbage_request_line(port):
    for junk in (b"\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03",  # a TLS ClientHello
                 b"\x00\x01\x02\r\n\r\n", b"GARBAGE\r\n\r\n"):
        resp = raw(port, junk, timeout=20)  # the server held these until its timeout
        check("garbage request line %r: 400 at once" % junk[:8],
              problem(status_of(resp), body_of(resp), 400), resp[:200])
    s, _, _ = request(port, "GET", "/healthz")
    check("after garbage the server still answers", s == 200)


def test_appended_hash(db):  # a store with records, its server stopped
    v = subprocess.run([STRATEX, "audit", "verify", "--db", db], capture_output=True)
    check("audit verify passes on an untouched store", v.returncode == 0, v.stderr)
    con = sqlite3.connect(db)
    con.execute("DROP TRIGGER IF EXISTS audit_record_no_update")
    con.execute("UPDATE audit_record SET hash = hash || 'ab' WHERE id = 2")
    con.commit()
    con.close()
    v = subprocess.run([STRATEX, "audit", "verify", "--db", db], capture_output=True)
    check("audit verify fails when bytes are appended to a stored hash",
          v.returncode != 0 and b"record 2" in v.stderr, (v.returncode, v.stderr))


def main():
    try:
        test_sigterm_under_keepalive()
        srv = Server("--threads", "2", "--access-log", "--max-connections-per-client", "16")
        test_utf8(srv.port)
        test_half_closed(srv.port)
        test_screen_refusals(srv.port, DB)
        test_nul_in_path(srv.port)
        test_garbage_request_line(srv.port)
        forge_log_line(srv.port)
        test_reload_does_not_block(srv)
        test_per_client_cap(srv.port, 16)  # last: closed connections are counted until reaped
        stop_clean(srv, "server after the checks")
        test_access_log(srv)
        test_appended_hash(DB)
        tokens = os.path.join(WORK, "tokens")
        with open(tokens, "w") as f:
            f.write(hashlib.sha256(b"screen-token").hexdigest() + " screen erp\n")
        srv = Server("--tokens", tokens, "--request-time-limit", "2")
        test_auth_before_body(srv.port, b"screen-token")
        test_time_limit(srv.port, b"screen-token")
        stop_clean(srv, "server with tokens after the checks")
        test_listen()
    except Exception as e:  # a crashed check is a failed check
        check("hostile-client checks ran to the end", False, repr(e))
    finally:
        shutil.rmtree(WORK, ignore_errors=True)
    return checks.result()


if __name__ == "__main__":
    sys.exit(main())
