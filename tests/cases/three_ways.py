#!/usr/bin/env python3
"""The golden cases through the three faces of stratex -- the library's sx_decide_json()
(through ctypes on build/libstratex.so), `stratex check --format json` and POST /v1/check
of a running `stratex serve` -- must give identical JSON (the server adds only its
audit_id).  Cases that name parties are left out: the library call is made without a
screening index.  Usage: three_ways.py SERVER_URL; prints RESULT passed=N failed=M."""
import ctypes
import glob
import json
import os
import subprocess
import sys
import urllib.request

BUILD = os.environ.get("STRATEX_BUILD", "build")
ROOT = os.environ.get("STRATEX_ROOT", ".")


def library():
    lib = ctypes.CDLL(os.path.join(BUILD, "libstratex.so"))
    lib.sx_regimes_load.argtypes = [ctypes.POINTER(ctypes.c_void_p), ctypes.c_char_p]
    lib.sx_decide_json.argtypes = [ctypes.POINTER(ctypes.c_void_p), ctypes.c_void_p, ctypes.c_void_p,
                                   ctypes.c_char_p]
    lib.sx_errmsg.restype = ctypes.c_char_p
    libc = ctypes.CDLL(None)
    regimes = ctypes.c_void_p()
    if lib.sx_regimes_load(ctypes.byref(regimes), os.path.join(ROOT, "data").encode()) != 0:
        sys.exit("sx_regimes_load: " + lib.sx_errmsg().decode())

    def decide(request):
        out = ctypes.c_void_p()
        if lib.sx_decide_json(ctypes.byref(out), regimes, None, json.dumps(request).encode()) != 0:
            return {"error": lib.sx_errmsg().decode()}
        text = ctypes.string_at(out).decode()
        libc.free(out)
        return json.loads(text)
    return decide


def cli(request):
    args = [os.path.join(BUILD, "stratex"), "check", "--format", "json"]
    for key in ("from", "to", "item", "date", "end_use", "hs"):
        if key in request:
            args += ["--" + key.replace("_", "-"), request[key]]
    for qid, answer in request.get("answers", {}).items():
        args += ["--answer", f"{qid}={answer}"]
    p = subprocess.run(args, capture_output=True, text=True)
    return json.loads(p.stdout) if p.returncode == 0 else {"error": p.stderr.strip()}


def server(url, request):
    req = urllib.request.Request(url + "/v1/check", data=json.dumps(request).encode(),
                                 headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req) as r:
            d = json.loads(r.read())
    except urllib.error.HTTPError as e:
        return {"error": json.loads(e.read()).get("detail", "")}
    d.pop("audit_id", None)
    return d


def main():
    url = sys.argv[1]
    decide = library()
    passed = failed = 0
    for path in sorted(glob.glob(os.path.join(ROOT, "tests", "cases", "*", "*.json"))):
        case = json.load(open(path, encoding="utf-8"))
        request = case["request"]
        if request.get("parties"):
            continue
        a, b, c = decide(request), cli(request), server(url, request)
        name = os.path.relpath(path, os.path.join(ROOT, "tests", "cases"))
        if "error" in a and "error" in b and "error" in c:
            same = True  # each face words its own error prefix; that they all refuse is the point
        else:
            same = a == b == c
        if same:
            passed += 1
            print(f"ok   {name}")
        else:
            failed += 1
            print(f"FAIL {name}: library, CLI and server differ")
            for label, d in (("library", a), ("cli", b), ("server", c)):
                print(f"     {label}: {json.dumps(d, ensure_ascii=False)[:300]}")
    print(f"RESULT passed={passed} failed={failed}")
    return 1 if failed or not passed else 0


if __name__ == "__main__":
    sys.exit(main())
