#!/bin/sh
# Screens a fixed set of queries against the bundled lists and writes the JSON answers
# (scores, explanations) one line per query, so that a speed change can be shown to
# change no result: run it with the binary before and after and compare the outputs
# byte for byte (cmp).  Figures are never asserted here.
#
# The queries: the eval sets (queries, kana queries, negatives) and the yente files (all
# UN positives, the congress positives, the first 2,000 rows of each negatives file), the
# yente rows with their date of birth and nationality as evidence, at threshold 0.5 and
# limit 10.  The index is screened as built (STRATEX_CACHE_DIR=off: no index file, it is
# kept in memory) and as opened from its file (written, then opened): the two must agree
# as well.
#
# Usage: bench/screen_identical.sh STRATEX SHARED OUTDIR
#   e.g. sh bench/screen_identical.sh build/stratex ../shared /tmp/after
#        cmp /tmp/before/answers-built.jsonl /tmp/after/answers-built.jsonl
set -eu
STRATEX="$1"
SHARED="$2"
OUT="$3"
E="$SHARED/eval"
Y="$SHARED/data/name_matching_eval/yente_candidate_generation"
mkdir -p "$OUT"

python3 - "$E" "$Y" "$OUT/queries.csv" <<'PY'
import csv, datetime, json, os, sys
e, y, out = sys.argv[1:4]
# Nationality names to ISO alpha-2 as tools/eval.sh maps them (Debian's iso-codes).
iso = {}
src = "/usr/share/iso-codes/json/iso_3166-1.json"
if os.path.exists(src):
    for c in json.load(open(src, encoding="utf-8"))["3166-1"]:
        for k in ("name", "common_name", "official_name"):
            if k in c:
                iso[c[k].lower()] = c["alpha_2"]
for short, full in (("south korea", "korea, republic of"),
                    ("north korea", "korea, democratic people's republic of"),
                    ("russia", "russian federation"), ("iran", "iran, islamic republic of"),
                    ("syria", "syrian arab republic"), ("vietnam", "viet nam"),
                    ("taiwan", "taiwan, province of china")):
    if full in iso:
        iso[short] = iso[full]
def dob(v):
    """The date if the CLI takes it (the files hold a few impossible ones: 1974-01-32)."""
    v = v.strip()
    try:
        if len(v) == 10:
            datetime.date.fromisoformat(v)
        return v if len(v) in (4, 10) else ""
    except ValueError:
        return ""
rows = []
for s, f in [("kr-designated", "queries.csv"), ("kr-companies", "queries.csv"),
             ("kr-companies", "negatives.csv"), ("jp-companies", "queries.csv"),
             ("jp-companies", "queries-kana.csv"), ("jp-companies", "negatives.csv")]:
    for r in csv.DictReader(open(f"{e}/{s}/{f}", encoding="utf-8")):
        rows.append((f"{s}/{f}:{r['id']}", r["name"], "", ""))
for f, n in [("positives_un_untreated", None), ("positives_un_treated", None),
             ("positives_us_congress_untreated", None), ("negatives_us", 2000),
             ("negatives_global", 2000)]:
    for i, r in enumerate(csv.DictReader(open(f"{y}/{f}.csv", encoding="utf-8"))):
        if n is not None and i >= n:
            break
        rows.append((f"{f}:{i}", r["full_name"], "", ""))
        # The same name again with its date of birth and nationality as evidence.
        rows.append((f"{f}:{i}:ev", r["full_name"],
                     iso.get(r["nationality"].strip().lower(), ""), dob(r["date_of_birth"])))
rows = [r for r in rows if r[1].strip()]
with open(out, "w", encoding="utf-8", newline="") as fh:
    w = csv.writer(fh)
    w.writerow(["id", "name", "country", "dob"])
    w.writerows(rows)
print(f"{len(rows)} queries", file=sys.stderr)
PY

# First run: no index file, so the index is built and screened in memory; second run:
# built, written to OUT/cache and screened as opened.
rm -rf "$OUT/cache"
for run in built opened; do
    cache="$OUT/cache"
    [ "$run" = built ] && cache=off
    STRATEX_CACHE_DIR="$cache" "$STRATEX" screen --threshold 0.5 --limit 10 \
        --format jsonl --quiet --batch "$OUT/queries.csv" > "$OUT/answers-$run.jsonl"
done
[ -f "$OUT/cache"/*.sxi ] || { echo "screen_identical: no index file written" >&2; exit 1; }
cmp "$OUT/answers-built.jsonl" "$OUT/answers-opened.jsonl"
wc -l < "$OUT/answers-built.jsonl"
sha256sum "$OUT/answers-built.jsonl" | cut -c1-64
