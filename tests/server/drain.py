#!/usr/bin/env python3
"""SIGTERM answers the requests that have arrived but were not yet read (docs/server.md,
Shutdown).  The server is stopped (SIGSTOP) while 40 clients connect and send a check, so
their requests wait in the kernel; then SIGTERM and SIGCONT: every one is answered 200 with
Connection: close and recorded, and the server exits 0.  Before the fix some or all were
dropped unanswered (the shutdown closed them as idle keep-alive connections, or reset them
in the listening queue).  Three rounds, since who runs first after SIGCONT varies.
Prints RESULT passed=N failed=M.
"""
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

import checks  # tests/server/checks.py: the shared tally
from checks import check

STRATEX = os.environ.get("STRATEX", "build/stratex")
CLIENTS = 40
ROUNDS = 3




def start(work):
    out = os.path.join(work, "out")
    proc = subprocess.Popen([STRATEX, "serve", "--listen", "127.0.0.1:0", "--db",
                             os.path.join(work, "audit.db")],
                            stdout=open(out, "w"), stderr=open(os.path.join(work, "err"), "w"))
    for _ in range(2400):  # up to 120 s: the lists index slowly under ASan
        text = open(out).read()
        if "listening on" in text:
            return proc, int(text.split("listening on http://127.0.0.1:")[1].split()[0])
        if proc.poll() is not None:
            break
        time.sleep(0.05)  # polling for the startup line, not synchronising a result
    raise RuntimeError("server did not start: " + open(os.path.join(work, "err")).read())


def read_answer(s):
    """The answer's head, and whether the server then closed the connection (EOF after
    the body): a request answered after SIGTERM must not leave a connection open for
    another."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = s.recv(4096)
        if not chunk:
            return data, True
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":")[1])
    while len(body) < length:
        chunk = s.recv(4096)
        if not chunk:
            return head, True
        body += chunk
    s.settimeout(10)
    try:
        return head, s.recv(1) == b""
    except socket.timeout:
        return head, False  # still open 10 s after its answer
    except OSError:
        return head, True  # reset: closed too


def one_round(k):
    work = tempfile.mkdtemp(prefix="sx-drain-")
    proc, port = start(work)
    body = b'{"from":"JP","to":"KR","item":"1C350","date":"2019-07-10"}'
    req = (b"POST /v1/check HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
           b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
    proc.send_signal(signal.SIGSTOP)
    socks = []
    for _ in range(CLIENTS):
        s = socket.create_connection(("127.0.0.1", port), timeout=60)
        s.sendall(req)
        socks.append(s)
    proc.send_signal(signal.SIGTERM)
    proc.send_signal(signal.SIGCONT)
    answers, closed = [], []
    for s in socks:
        try:
            head, eof = read_answer(s)
            answers.append(head)
            closed.append(eof)
        except OSError as e:
            answers.append(repr(e).encode())
            closed.append(True)
        s.close()
    status = proc.wait(timeout=120)
    ok = [a for a in answers if a.startswith(b"HTTP/1.1 200")]
    check("round %d: all %d requests waiting at SIGTERM are answered 200" % (k, CLIENTS),
          len(ok) == CLIENTS, [a[:60] for a in answers if not a.startswith(b"HTTP/1.1 200")][:5])
    # An answer sent after the shutdown began says Connection: close; one a worker sent in
    # the instant before (the process resumes all its threads at once) is followed by the
    # close of its then idle connection.  Either way the server closes every connection.
    check("round %d: the server closes each connection after its answer" % k, all(closed),
          [a[:60] for a, c in zip(answers, closed) if not c][:5])
    check("round %d: the server exits 0" % k, status == 0,
          "%s: %s" % (status, open(os.path.join(work, "err")).read()[-800:]))
    v = subprocess.run([STRATEX, "audit", "verify", "--db", os.path.join(work, "audit.db")],
                       capture_output=True, text=True)
    check("round %d: every answer is recorded and the chain verifies" % k,
          v.returncode == 0 and (" %d records" % len(ok)) in v.stdout, v.stdout + v.stderr)
    shutil.rmtree(work, ignore_errors=True)


def main():
    for k in range(1, ROUNDS + 1):
        one_round(k)
    return checks.result()


if __name__ == "__main__":
    sys.exit(main())
