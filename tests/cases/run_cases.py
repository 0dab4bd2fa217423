#!/usr/bin/env python3
"""Golden cases: run every tests/cases/<jur>/*.json through `stratex check --format json`
and compare with its partial `expect` (docs/regime-model.md, "Golden cases").
Prints one line per case and "RESULT passed=N failed=M"."""
import glob
import json
import os
import subprocess
import sys

STRATEX = os.environ.get("STRATEX", "build/stratex")


def run(request):
    args = [STRATEX, "check", "--format", "json"]
    for key in ("from", "to", "item", "date", "end_use", "hs"):
        if key in request:
            args += ["--" + key.replace("_", "-"), request[key]]
    for qid, answer in request.get("answers", {}).items():
        args += ["--answer", f"{qid}={answer}"]
    for party in request.get("parties", []):
        args += ["--party", party]
    p = subprocess.run(args, capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def check(case):
    code, out, err = run(case["request"])
    exp = case["expect"]
    problems = []
    if "error" in exp:
        if code != 1:
            problems.append(f"expected exit 1, got {code}")
        if exp["error"] not in err:
            problems.append(f"stderr {err.strip()!r} lacks {exp['error']!r}")
        if out:
            problems.append("printed output on error")
        return problems
    if code != 0:
        return [f"exit {code}: {err.strip()}"]
    d = json.loads(out)
    opened = {o["licence"]: o for o in d["options"]}
    closed = {c["licence"] for c in d["closed"]}
    if "decision" in exp and d["decision"] != exp["decision"]:
        problems.append(f"decision {d['decision']} != {exp['decision']}")
    if "groups" in exp and d["destination"]["groups"] != exp["groups"]:
        problems.append(f"groups {d['destination']['groups']} != {exp['groups']}")
    if "open" in exp and set(opened) != set(exp["open"]):
        problems.append(f"open {sorted(opened)} != {sorted(exp['open'])}")
    if "closed" in exp and closed != set(exp["closed"]):
        problems.append(f"closed {sorted(closed)} != {sorted(exp['closed'])}")
    for lic, days in exp.get("review_days", {}).items():
        if lic not in opened or opened[lic]["review_days"] != days:
            problems.append(f"review_days[{lic}] {opened.get(lic, {}).get('review_days')} != {days}")
    for lic, n in exp.get("documents_count", {}).items():
        if lic not in opened or len(opened[lic]["documents"]) != n:
            problems.append(f"documents[{lic}] != {n}")
    if "country_chart_x" in exp and d["destination"].get("country_chart_x") != exp["country_chart_x"]:
        problems.append(f"country_chart_x {d['destination'].get('country_chart_x')} != {exp['country_chart_x']}")
    for cid in exp.get("citations_include", []) + case.get("proves", []):
        if cid not in d["citations"]:
            problems.append(f"citation {cid} missing")
    for cid in exp.get("citations_exclude", []):
        if cid in d["citations"]:
            problems.append(f"citation {cid} present")
    for text in exp.get("caveats_include", []):
        if not any(text in c for c in d["caveats"]):
            problems.append(f"no caveat containing {text!r}")
    # questions: the ids that must be asked (or exactly these), what settles them
    asked = [q["id"] for q in d.get("questions", [])]
    for qid in exp.get("questions_include", []):
        if qid not in asked:
            problems.append(f"question {qid} not asked (asked: {asked})")
    if "questions" in exp and sorted(asked) != sorted(exp["questions"]):
        problems.append(f"questions {sorted(asked)} != {sorted(exp['questions'])}")
    for q in d.get("questions", []):
        if not q.get("text") or not q.get("citations"):
            problems.append(f"question {q.get('id')} lacks a text or a citation")
    if "otherwise" in exp and d.get("otherwise") != exp["otherwise"]:
        problems.append(f"otherwise {d.get('otherwise')} != {exp['otherwise']}")
    for text in exp.get("reasoning_include", []):
        if not any(text in s["text"] for s in d["reasoning"]):
            problems.append(f"no reasoning step containing {text!r}")
    return problems


def main():
    root = os.path.dirname(os.path.abspath(__file__))
    files = sorted(glob.glob(os.path.join(root, "*", "*.json")))
    passed = failed = 0
    for path in files:
        with open(path, encoding="utf-8") as f:
            case = json.load(f)
        problems = check(case)
        name = os.path.relpath(path, root)
        if problems:
            failed += 1
            print(f"FAIL {name}: {case['name']}")
            for p in problems:
                print(f"     {p}")
        else:
            passed += 1
            print(f"ok   {name}")
    print(f"RESULT passed={passed} failed={failed}")
    return 1 if failed or not files else 0


if __name__ == "__main__":
    sys.exit(main())
