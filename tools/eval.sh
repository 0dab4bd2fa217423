#!/bin/sh
# Screening evaluation (make eval): recall@1 on the cross-script sets in SHARED/eval and
# the alert rate on their negatives, at the default threshold.  A query counts as found
# only when its expected entity is ranked first AND reaches the threshold (PRODUCT.md).
# Usage: tools/eval.sh BUILD SHARED
set -eu
BUILD="${1:-build}"
SHARED="${2:-../shared}"
STRATEX="$BUILD/stratex"
EVAL="$SHARED/eval"
TMP="${TMPDIR:-/tmp}/sx-eval.$$"
mkdir -p "$TMP"
trap 'rm -rf "$TMP"' EXIT

recall() {  # set, queries file, label
    set_dir="$EVAL/$1"
    out="$TMP/$1-$(basename "$2" .csv).out"
    start=$(date +%s.%N)
    "$STRATEX" screen --list "simple-csv:$set_dir/list.csv" --batch "$set_dir/$2" --limit 1 > "$out"
    end=$(date +%s.%N)
    python3 - "$set_dir/$2" "$out" "$3" "$start" "$end" <<'PY'
import csv, sys
qs = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
top = {}
for r in csv.DictReader(open(sys.argv[2], encoding="utf-8")):
    if r["rank"] == "1":
        top[r["query_id"]] = r["entity_id"]
found = sum(1 for q in qs if top.get(q["id"]) == q["expected"])
secs = float(sys.argv[5]) - float(sys.argv[4])
print(f"{sys.argv[3]:<32} recall@1 {found/len(qs):.3f}  ({found}/{len(qs)})  "
      f"{len(qs)/secs:.0f} queries/s incl. index build")
PY
}

alert_rate() {  # list csv, queries csv, output, label
    "$STRATEX" screen --list "simple-csv:$1" --batch "$2" --limit 1 > "$3"
    python3 - "$2" "$3" "$4" <<'PY'
import csv, sys
n = sum(1 for _ in csv.DictReader(open(sys.argv[1], encoding="utf-8")))
hit = {r["query_id"] for r in csv.DictReader(open(sys.argv[2], encoding="utf-8"))}
print(f"{sys.argv[3]:<32} alerts   {len(hit)/n:.3f}  ({len(hit)}/{n})")
PY
}

alerts() {  # set, label
    alert_rate "$EVAL/$1/list.csv" "$EVAL/$1/negatives.csv" "$TMP/$1-neg.out" "$2"
}

recall kr-designated queries.csv "kr-designated (Hangul)"
recall kr-companies queries.csv "kr-companies (Hangul)"
recall jp-companies queries.csv "jp-companies (kanji)"
recall jp-companies queries-kana.csv "jp-companies (kana)"
alerts kr-companies "kr-companies negatives"
alerts jp-companies "jp-companies negatives"

# The companies a list does not hold, in every script the sets give: the queries of the
# entities of even rows against a list of the odd rows only (other companies of the same
# kind, a negative set drawn from the data, not written for it).  An alert is false
# unless the two companies share a name (a few do: DAIKEN CO.,LTD.).
unlisted() {  # set, queries file, label
    set_dir="$EVAL/$1"
    half="$TMP/$1-$(basename "$2" .csv)-half"
    mkdir -p "$half"
    python3 - "$set_dir/list.csv" "$set_dir/$2" "$half" <<'PY'
import csv, os, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
kept = {r["id"] for i, r in enumerate(rows) if i % 2 == 1}
with open(os.path.join(sys.argv[3], "list.csv"), "w", newline="", encoding="utf-8") as f:
    w = csv.DictWriter(f, fieldnames=list(rows[0].keys()))
    w.writeheader()
    w.writerows(r for r in rows if r["id"] in kept)
with open(os.path.join(sys.argv[3], "queries.csv"), "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["id", "name"])
    for q in csv.DictReader(open(sys.argv[2], encoding="utf-8")):
        if q["expected"] not in kept:
            w.writerow([q["id"], q["name"]])
PY
    alert_rate "$half/list.csv" "$half/queries.csv" "$half/out.csv" "$3"
}

unlisted kr-companies queries.csv "kr-companies, not listed"
unlisted jp-companies queries.csv "jp-companies kanji, not listed"
unlisted jp-companies queries-kana.csv "jp-companies kana, not listed"
# nomenklatura name bench: labelled pairs scored with `stratex match`, F1 at the default
# threshold (the alert column).
NB="$SHARED/data/name_matching_eval/nomenklatura_name_bench_cases.csv"
if [ -f "$NB" ]; then
    "$STRATEX" match --pairs "$NB" > "$TMP/nb.csv"
    python3 - "$TMP/nb.csv" <<'PY'
import csv, sys
tp = fp = fn = tn = 0
for r in csv.DictReader(open(sys.argv[1], encoding="utf-8")):
    truth = r["is_match"].strip().lower() in ("true", "1", "yes")
    alert = r["alert"] == "1"
    tp += truth and alert; fp += (not truth) and alert
    fn += truth and not alert; tn += (not truth) and not alert
p = tp / (tp + fp) if tp + fp else 0.0
rc = tp / (tp + fn) if tp + fn else 0.0
f1 = 2 * p * rc / (p + rc) if p + rc else 0.0
print(f"{'nomenklatura name bench':<32} F1       {f1:.3f}  (P {p:.3f}, R {rc:.3f}, {tp+fp+fn+tn} pairs)")
PY
fi
# Evidence beyond the name (issue 12): the yente sets carry a date of birth and a
# nationality.  Alerts against the bundled lists with the name only, then with the date
# and nationality as evidence: negatives (made-up people) should alert less, positives
# (UN-listed people) no less.
Y="$SHARED/data/name_matching_eval/yente_candidate_generation"
if [ -f "$Y/negatives_global.csv" ]; then
    for set in positives_un_untreated negatives_global negatives_us; do
        python3 - "$Y/$set.csv" "$TMP/$set" <<'PY'
import csv, sys
import json, os
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))[:4000]
# Nationality names to ISO alpha-2 through Debian's iso-codes (names, common and official).
iso = {}
src = "/usr/share/iso-codes/json/iso_3166-1.json"
if os.path.exists(src):
    for c in json.load(open(src, encoding="utf-8"))["3166-1"]:
        for k in ("name", "common_name", "official_name"):
            if k in c:
                iso[c[k].lower()] = c["alpha_2"]
for short, full in (("south korea", "korea, republic of"), ("north korea", "korea, democratic people's republic of"),
                    ("russia", "russian federation"), ("iran", "iran, islamic republic of"),
                    ("syria", "syrian arab republic"), ("vietnam", "viet nam"), ("taiwan", "taiwan, province of china")):
    if full in iso:
        iso[short] = iso[full]
def country(v):
    v = v.strip()
    return v.upper() if len(v) == 2 else iso.get(v.lower(), "")
for ev in (False, True):
    with open(f"{sys.argv[2]}-{int(ev)}.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "name", "dob", "country"])
        for i, r in enumerate(rows):
            w.writerow([i, r["full_name"], r["date_of_birth"] if ev else "",
                        country(r["nationality"]) if ev else ""])
PY
        for ev in 0 1; do
            "$STRATEX" screen --batch "$TMP/$set-$ev.csv" --limit 1 > "$TMP/$set-$ev.out"
        done
        python3 - "$TMP/$set-0.csv" "$TMP/$set-0.out" "$TMP/$set-1.out" "$set" <<'PY'
import csv, sys
n = sum(1 for _ in csv.DictReader(open(sys.argv[1], encoding="utf-8")))
a0 = {r["query_id"] for r in csv.DictReader(open(sys.argv[2], encoding="utf-8"))}
a1 = {r["query_id"] for r in csv.DictReader(open(sys.argv[3], encoding="utf-8"))}
print(f"{sys.argv[4]:<32} alerts   {len(a0)/n:.3f} name only, {len(a1)/n:.3f} with dob+country  ({len(a0)} -> {len(a1)} of {n})")
PY
    done
fi
# The rows of the yente negatives files (made-up people) whose name is in a script
# (a regular expression it matches, and one it must not, or ""), screened against the
# bundled lists: how many alert.
script_negatives() {  # label, tag, regex, excluded regex
    [ -f "$Y/negatives_global.csv" ] || return 0
    python3 - "$Y/negatives_global.csv" "$Y/negatives_us.csv" "$TMP/$2-neg.csv" "$3" "$4" <<'PY'
import csv, re, sys
want, other = re.compile(sys.argv[4]), re.compile(sys.argv[5]) if sys.argv[5] else None
with open(sys.argv[3], "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f)
    w.writerow(["id", "name"])
    for path in sys.argv[1:3]:
        for i, r in enumerate(csv.DictReader(open(path, encoding="utf-8"))):
            name = r["full_name"]
            if want.search(name) and not (other and other.search(name)):
                w.writerow([f"{path}:{i}", name])
PY
    "$STRATEX" screen --batch "$TMP/$2-neg.csv" --limit 1 > "$TMP/$2-neg.out"
    python3 - "$TMP/$2-neg.csv" "$TMP/$2-neg.out" "$1" <<'PY'
import csv, sys
n = sum(1 for _ in csv.DictReader(open(sys.argv[1], encoding="utf-8")))
a = {r["query_id"] for r in csv.DictReader(open(sys.argv[2], encoding="utf-8"))}
print(f"{sys.argv[3]:<32} alerts   {len(a)/n:.3f}  ({len(a)}/{n})")
PY
}

# Recall@1 of a set's two halves (SET/queries-dev.csv, queries-unseen.csv with columns id,
# name, type, expected) against SET/list.csv, or the list LIST names: "LABEL (dev)",
# "LABEL (unseen)"; with by-type, also per type of query.
recall_halves() {  # label, set dir, by-type or "", [LIST as --list takes it]
    for half in dev unseen; do
        "$STRATEX" screen --list "${4:-simple-csv:$2/list.csv}" --batch "$2/queries-$half.csv" \
            --limit 1 > "$2-$half.out"
        python3 - "$2/queries-$half.csv" "$2-$half.out" "$1 ($half)" "$3" <<'PY'
import collections, csv, sys
qs = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
top = {r["query_id"]: r["entity_id"] for r in csv.DictReader(open(sys.argv[2], encoding="utf-8"))
       if r["rank"] == "1"}
n, found = collections.Counter(), collections.Counter()
for q in qs:
    n[q.get("type", "")] += 1
    found[q.get("type", "")] += top.get(q["id"]) == q["expected"]
f = sum(found.values())
kinds = "; " + ", ".join(f"{t}s {found[t]}/{n[t]}" for t in ("person", "organization")) \
    if sys.argv[4] else ""
print(f"{sys.argv[3]:<32} recall@1 {f/len(qs):.3f}  ({f}/{len(qs)}{kinds})")
PY
    done
}

# Names in Arabic script (issue 12).  The UN's own pairs: every entry of the bundled UN
# list whose original-script name is in Arabic script, screened against the entries'
# Latin names only (bench/un_original_script.py).  Entries with an even DATAID are the
# half looked at while building, the odd ones are not looked at row by row.  Then the
# odd half's originals against the even half's names (other people, often of the same
# family) beside the same entries' Latin names, and the names in Arabic script of the
# yente negatives files (made-up people) against the bundled lists.
python3 bench/un_original_script.py data/lists/un-consolidated.xml "$TMP/un-ar" 2>/dev/null
recall_halves "UN Arabic originals" "$TMP/un-ar" ""
for set in negatives-unseen negatives-unseen-latin; do
    "$STRATEX" screen --list "simple-csv:$TMP/un-ar/list-dev.csv" --batch "$TMP/un-ar/$set.csv" \
        --limit 1 > "$TMP/un-ar-$set.out"
done
python3 - "$TMP/un-ar/negatives-unseen.csv" "$TMP/un-ar-negatives-unseen.out" \
    "$TMP/un-ar-negatives-unseen-latin.out" <<'PY'
import csv, sys
n = sum(1 for _ in csv.DictReader(open(sys.argv[1], encoding="utf-8")))
a = {r["query_id"] for r in csv.DictReader(open(sys.argv[2], encoding="utf-8"))}
b = {r["query_id"] for r in csv.DictReader(open(sys.argv[3], encoding="utf-8"))}
print(f"{'UN Arabic, other half':<32} alerts   {len(a)/n:.3f}  ({len(a)}/{n}; their Latin names: {len(b)})")
PY
script_negatives "yente negatives, Arabic script" ar "[\u0600-\u06ff]" ""
# Names in Chinese characters (issue 12).  The EU's own pairs: every record of the EU
# annexes (OpenSanctions' transcriptions, CC BY-NC: read in place, never copied) that
# gives a Chinese name, screened against the Latin names of all the annexes' records
# (bench/eu_annex_names.py); and the names in Han characters (no kana) of the yente
# negatives files (made-up people) against the bundled lists.
EU="$SHARED/data/eu_oj_annexes_opensanctions_CC-BY-NC"
if [ -d "$EU" ]; then
    python3 bench/eu_annex_names.py "$EU" "$TMP/eu-zh" 2>/dev/null
    "$STRATEX" screen --list "simple-csv:$TMP/eu-zh/list.csv" --batch "$TMP/eu-zh/queries.csv" \
        --limit 1 > "$TMP/eu-zh.out"
    python3 - "$TMP/eu-zh/queries.csv" "$TMP/eu-zh.out" <<'PY'
import csv, sys
qs = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
top = {r["query_id"]: r["entity_id"] for r in csv.DictReader(open(sys.argv[2], encoding="utf-8"))
       if r["rank"] == "1"}
found = sum(1 for q in qs if top.get(q["id"]) == q["expected"])
print(f"{'EU Chinese names':<32} recall@1 {found/len(qs):.3f}  ({found}/{len(qs)})")
PY
fi
# Names in Cyrillic (issue 12): every EU annex record with a name in Cyrillic letters
# (Russian, Ukrainian, Belarusian; bench/eu_annex_names.py cyrillic), screened against
# the Latin names of all the annexes' records.  Records of an even row are the half that
# may be looked at row by row, those of an odd row are not.  The false alerts: the names
# in Cyrillic of the yente negatives files (made-up people) against the bundled lists.
if [ -d "$EU" ]; then
    python3 bench/eu_annex_names.py "$EU" "$TMP/eu-cy" cyrillic 2>/dev/null
    recall_halves "EU Cyrillic names" "$TMP/eu-cy" by-type
fi
script_negatives "yente negatives, Cyrillic" cy "[\u0400-\u04ff]" ""
# UN-listed parties as the UK writes them (bench/uk_un_names.py): every name the UK's list
# gives a subject it lists under a UN reference, where it differs from all the UN's names
# for the entry, against the bundled UN list as published.  Halves by the entry's DATAID.
UK="$SHARED/data/uk_sanctions_list_derived_2026-05"
if [ -d "$UK" ]; then
    python3 bench/uk_un_names.py data/lists/un-consolidated.xml "$UK" "$TMP/uk-un" 2>/dev/null
    recall_halves "UK names of UN entries" "$TMP/uk-un" by-type \
        "un-xml:data/lists/un-consolidated.xml"
fi
# China's own pairs (bench/cn_sanctions_names.py): the Chinese names of its counter-
# sanctions targets against their Latin names (Taiwanese persons: Wade-Giles; Americans:
# names transcribed into Chinese, which no reading reaches), and MOFCOM's export control
# lists' Chinese aliases against their Latin names (mostly Japanese firms).
if [ -f "$SHARED/data/opensanctions_curated_misc_CC-BY-NC/cn_sanctions.csv" ] &&
   [ -f "$SHARED/data/cn_mofcom_export_control_lists/cn_mofcom_lists.json" ]; then
    python3 bench/cn_sanctions_names.py "$SHARED" "$TMP/cn-zh"
    for set in cn mofcom; do
        "$STRATEX" screen --list "simple-csv:$TMP/cn-zh/$set-list.csv" \
            --batch "$TMP/cn-zh/$set-queries.csv" --limit 1 > "$TMP/cn-zh/$set.out"
    done
    python3 - "$TMP/cn-zh" <<'PY'
import csv, os, sys
def found(name):
    qs = list(csv.DictReader(open(os.path.join(sys.argv[1], name + "-queries.csv"), encoding="utf-8")))
    top = {r["query_id"]: r["entity_id"] for r in
           csv.DictReader(open(os.path.join(sys.argv[1], name + ".out"), encoding="utf-8"))
           if r["rank"] == "1"}
    return qs, {q["id"] for q in qs if top.get(q["id"]) == q["expected"]}
qs, ok = found("cn")
print(f"{'China sanctions, Chinese names':<32} recall@1 {len(ok)/len(qs):.3f}  ({len(ok)}/{len(qs)})")
for group in ("TW person", "US person", "US organization", "Japan organization"):
    g = [q for q in qs if q["group"] == group]
    n = sum(q["id"] in ok for q in g)
    print(f"{'  of them ' + group:<32} recall@1 {n/len(g):.3f}  ({n}/{len(g)})")
qs, ok = found("mofcom")
print(f"{'MOFCOM lists, Chinese aliases':<32} recall@1 {len(ok)/len(qs):.3f}  ({len(ok)}/{len(qs)})")
PY
fi
# kana or Hangul beside Han characters: not Chinese
script_negatives "yente negatives, Han only" zh "[\u4e00-\u9fff]" "[\u3040-\u30ff\uac00-\ud7a3]"
# Japanese names Japan's ministries wrote beside the English ones (issue 12), made into a
# set by a bench/ script: the Japanese name against the English names and aliases, even
# entry numbers the half that may be looked at, odd ones not looked at row by row; then
# the odd half's Japanese names against the even half's English names (other entities
# of the same lists), whose alerts are false.
japanese_pairs() {  # data dir, bench script, set name, label, negatives label
    [ -d "$SHARED/data/$1" ] || return 0
    python3 "bench/$2" "$SHARED" "$TMP/$3"
    recall_halves "$4" "$TMP/$3" ""
    alert_rate "$TMP/$3/list-dev.csv" "$TMP/$3/queries-unseen.csv" "$TMP/$3-negatives.out" "$5"
}
# The entities of Japan's export-ban lists (Russia, Belarus, third countries; Ministry of
# Foreign Affairs public notices), each named in Japanese and in English.
japanese_pairs jp_meti_russia_export_ban meti_ban_names.py meti "METI ban lists, Japanese" \
    "METI unseen vs dev names"
# METI's End User List: the entries whose English name ends with the entity's name in
# Japanese in parentheses (North Korean, Chinese and Hong Kong entities: 長水貿易会社,
# Korea Jangsu Trading Corporation), against every entry's English names.
japanese_pairs jp_meti_end_user_list meti_eul_names.py eul "METI End User List, Japanese" \
    "EUL unseen vs dev names"
# Latin name variants (issue 12): 400 Entity List, MEU, Denied Persons and Unverified List
# entries drawn with a fixed seed (bench/name_variants.py) as written, with one typo, with
# the first two words swapped and without their legal form, screened against the bundled
# lists; and 62 large multinationals (bench/multinationals.txt), none listed, whose alerts
# are false positives.
# Seed 12 is the set looked at while building; seeds 13 and 14 are drawn the same way and
# never looked at row by row, so a rule fitted to seed 12's rows shows as a gap.
for seed in 12 13 14; do
python3 bench/name_variants.py data "$TMP/variants.csv" 400 $seed
# Found: the expected entry is among the hits that share the best score (the same party
# is often listed twice, on the SDN list and the Entity List, under one name).
"$STRATEX" screen --batch "$TMP/variants.csv" --limit 20 > "$TMP/variants.out"
python3 - "$TMP/variants.csv" "$TMP/variants.out" "$seed" <<'PY'
import csv, sys, collections
qs = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
best, tied = {}, collections.defaultdict(set)
for r in csv.DictReader(open(sys.argv[2], encoding="utf-8")):
    s = float(r["score"])
    if r["rank"] == "1":
        best[r["query_id"]] = s
    if s == best.get(r["query_id"]):
        tied[r["query_id"]].add(r["entity_id"])
n, found = collections.Counter(), collections.Counter()
for q in qs:
    n[q["variant"]] += 1
    found[q["variant"]] += bool(tied[q["id"]] & set(q["expected"].split("|")))
seed = "" if sys.argv[3] == "12" else f" (seed {sys.argv[3]})"
for v in ("exact", "typo", "swap", "no_legal_form"):
    print(f"{'variants: ' + v + seed:<32} recall@1 {found[v]/n[v]:.3f}  ({found[v]}/{n[v]})")
PY
done
# Persons as a contract names them (issue 12): listed persons with three or more name
# words, queried by their given and family name only (bench/person_variants.py; OFAC
# SDN's FAMILY, Given and the UN's names in order), each against its own list; seed 12
# looked at, 13 and 14 not.  Then made-up people of the yente negatives (the rows above)
# that have a middle name, by their first and last name: their alerts are false.
for seed in 12 13 14; do
python3 bench/person_variants.py data "$TMP/persons" 400 $seed
for set in ofac un; do
    case $set in
        ofac) list=ofac-csv:data/lists/ofac-sdn.csv ;;
        *) list=un-xml:data/lists/un-consolidated.xml ;;
    esac
    "$STRATEX" screen --list "$list" --batch "$TMP/persons/$set.csv" --limit 1 > "$TMP/persons.out"
    python3 - "$TMP/persons/$set.csv" "$TMP/persons.out" "$set" "$seed" <<'PY'
import csv, sys
qs = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
top = {r["query_id"]: r["entity_id"] for r in csv.DictReader(open(sys.argv[2], encoding="utf-8"))
       if r["rank"] == "1"}
found = sum(1 for q in qs if top.get(q["id"]) == q["expected"])
seed = "" if sys.argv[4] == "12" else f" (seed {sys.argv[4]})"
print(f"{'persons, given+family: ' + sys.argv[3] + seed:<32} recall@1 {found/len(qs):.3f}  ({found}/{len(qs)})")
PY
done
done
if [ -f "$Y/negatives_global.csv" ]; then
    python3 - "$Y/negatives_global.csv" "$Y/negatives_us.csv" "$TMP/fl.csv" <<'PY'
import csv, sys
with open(sys.argv[3], "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f)
    w.writerow(["id", "name"])
    for path in sys.argv[1:3]:
        for i, r in enumerate(list(csv.DictReader(open(path, encoding="utf-8")))[:4000]):
            if r["middle_name"] and r["first_name"] and r["last_name"]:
                w.writerow([f"{path}:{i}", f"{r['first_name']} {r['last_name']}"])
PY
    "$STRATEX" screen --batch "$TMP/fl.csv" --limit 1 > "$TMP/fl.out"
    python3 - "$TMP/fl.csv" "$TMP/fl.out" <<'PY'
import csv, sys
n = sum(1 for _ in csv.DictReader(open(sys.argv[1], encoding="utf-8")))
a = {r["query_id"] for r in csv.DictReader(open(sys.argv[2], encoding="utf-8"))}
print(f"{'negatives, first+last only':<32} alerts   {len(a)/n:.3f}  ({len(a)}/{n})")
PY
fi
# Organisations by the one word a contract calls them (bench/short_names.py: CSL names
# that are one word and descriptors, Huawei for Huawei Technology Co. Ltd.).
python3 bench/short_names.py data "$TMP/short.csv"
"$STRATEX" screen --batch "$TMP/short.csv" --limit 1 > "$TMP/short.out"
python3 - "$TMP/short.csv" "$TMP/short.out" <<'PY'
import csv, re, sys
qs = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
top = {r["query_id"]: r["matched_name"] for r in csv.DictReader(open(sys.argv[2], encoding="utf-8"))
       if r["rank"] == "1"}
found = sum(1 for q in qs if q["id"] in re.sub(r"[^\w\s]", " ", top.get(q["id"], "").lower()).split())
print(f"{'organisations by one word':<32} alerts   {found/len(qs):.3f}  ({found}/{len(qs)} on a name with it)")
PY
python3 - bench/multinationals.txt "$TMP/mn.csv" <<'PY'
import csv, sys
names = [l.strip() for l in open(sys.argv[1], encoding="utf-8") if l.strip() and not l.startswith("#")]
w = csv.writer(open(sys.argv[2], "w", encoding="utf-8", newline=""))
w.writerow(["id", "name"])
for i, n in enumerate(names):
    w.writerow([i, n])
PY
"$STRATEX" screen --batch "$TMP/mn.csv" --limit 1 > "$TMP/mn.out"
python3 - "$TMP/mn.csv" "$TMP/mn.out" <<'PY'
import csv, sys
names = {r["id"]: r["name"] for r in csv.DictReader(open(sys.argv[1], encoding="utf-8"))}
hits = [r for r in csv.DictReader(open(sys.argv[2], encoding="utf-8")) if r["rank"] == "1"]
print(f"{'multinationals (none listed)':<32} alerts   {len(hits)}/{len(names)}" +
      "".join(f"\n    {names[r['query_id']]} -> {r['matched_name']} ({r['score']})" for r in hits))
PY
