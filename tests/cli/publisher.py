#!/usr/bin/env python3
"""A list publisher on loopback for the fetch tests: serves the real snapshots in
../shared/data the way the publishers do (ETag, Last-Modified, 304 on a match), plus the
ways a download goes wrong: a 500, a slow body, a body cut short of its Content-Length.
It also receives notifications (POST /hook) and keeps them for the test to read.

Run as a thread from a test: Publisher(shared).start(); .port; .ofac = "2021" | "2024".
"""
import hashlib
import http.server
import json
import os
import threading
import time


class Publisher:
    def __init__(self, shared):
        self.shared = shared
        self.ofac = "2021"
        self.hooks = []
        self.requests = []
        pub = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def file_for(self, path):
                d = pub.shared + "/data/"
                ofac = d + ("ofac_legacy_2021-07-07_consistent" if pub.ofac == "2021"
                            else "ofac_legacy_2024-05-03")
                if path.startswith("/ofac/"):
                    name = path[len("/ofac/"):]
                    p = os.path.join(ofac, name)
                    # the 2024 snapshot has only sdn.csv; the publisher's other files are empty
                    return p if os.path.exists(p) else ""
                return {"/un.xml": d + "un_sc_consolidated_2026-02-27/consolidated.xml",
                        "/csl.json": d + "us_csl_2026-07-31/screening-list.json"}.get(path)

            def do_GET(self):
                pub.requests.append(self.path)
                if self.path == "/fail500":
                    return self.reply(500, b"internal error\n")
                if self.path == "/slow":
                    self.send_response(200)
                    self.send_header("Content-Length", "1000000")
                    self.end_headers()
                    for _ in range(100):
                        try:
                            self.wfile.write(b"x" * 10)
                            self.wfile.flush()
                        except OSError:
                            return
                        time.sleep(0.2)  # a trickle: the client's time limit must end it
                    return
                if self.path == "/truncated":
                    self.send_response(200)
                    self.send_header("Content-Length", "100000")
                    self.end_headers()
                    self.wfile.write(b"36,\"AEROCARIBBEAN AIRLINES\"" + b" " * 1000)
                    self.wfile.flush()
                    self.close_connection = True
                    return
                f = self.file_for(self.path)
                if f is None:
                    return self.reply(404, b"not found\n")
                body = open(f, "rb").read() if f else b""
                etag = '"%s"' % hashlib.sha256(body).hexdigest()[:32]
                if self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("ETag", etag)
                self.send_header("Last-Modified", "Tue, 01 Dec 2026 00:00:00 GMT")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                try:
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client stopped reading: its size limit did its job

            def do_POST(self):
                n = int(self.headers.get("Content-Length", "0"))
                body = self.rfile.read(n)
                if self.path == "/hook":
                    pub.hooks.append(json.loads(body))
                    return self.reply(204, b"")
                return self.reply(404, b"not found\n")

            def reply(self, code, body):
                self.send_response(code)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        # a client that gives up mid-answer (its size or time limit) is what the tests want
        self.httpd.handle_error = lambda request, address: None
        self.port = self.httpd.server_address[1]

    def start(self):
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self

    def sources(self, path, extra=()):
        """A publishers file pointing here; extra rows (FORMAT, PATH, FILE, URL-PATH)."""
        base = "http://127.0.0.1:%d" % self.port
        rows = [("ofac-legacy", "ofac", f, base + "/ofac/" + f, "OFAC-SDN")
                for f in ("sdn.csv", "add.csv", "alt.csv", "sdn_comments.csv")]
        rows += [("un-xml", "un.xml", "-", base + "/un.xml", "-"),
                 ("csl-json", "csl.json", "-", base + "/csl.json", "-")]
        rows += [(f, p, fl, base + u, "-") for f, p, fl, u in extra]
        with open(path, "w") as out:
            out.write("# test publishers\n")
            for r in rows:
                out.write("\t".join(r) + "\ttest\n")
        return path
