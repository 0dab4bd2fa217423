#!/bin/sh
# The screening code under valgrind's memcheck: the unit tests of screening and a batch of
# Hangul, kana, kanji and Latin names.  Memcheck sees what the sanitized build does not:
# a branch on a byte never written, which can make a score depend on what memory held
# before (merge_pairs read the summary of a join words_make had left unmade: the binary
# of 12c6d23 fails the batch below on 드림어스컴퍼니).
# Runs on the plain build; the sanitized one is checked by its own sanitizers.
set -u
B="${STRATEX_BUILD:-build}"
T="${TMPDIR:-/tmp}/sx-memcheck.$$"
case "$B" in
*asan*) echo "skip: the sanitized build is checked by ASan and UBSan; memcheck runs on the plain one"; exit 77 ;;
esac
if ! command -v valgrind > /dev/null 2>&1; then
    echo "skip: valgrind is not installed (deps/debian-packages.txt lists it)"
    exit 77
fi
mkdir -p "$T"
trap 'rm -rf "$T"' EXIT
pass=0
fail=0
check() {  # name, log; the command's status in $rc
    if [ "$rc" = 0 ]; then
        pass=$((pass + 1)); echo "ok   $1"
    else
        fail=$((fail + 1)); echo "FAIL $1 (exit $rc)"; head -n 30 "$2" | sed 's/^/     | /'
    fi
}
MC="valgrind -q --error-exitcode=99 --exit-on-first-error=yes"

STRATEX_DATA="${STRATEX_ROOT:-.}/data" $MC "$B/tests/screen/test_screen" > "$T/unit.log" 2>&1
rc=$?
check "test_screen has no memcheck error" "$T/unit.log"

cat > "$T/list.csv" <<'CSV'
id,name,type
E1,KOREA PUGANG TRADING CORPORATION,organization
E2,"KIM, Kyong Nam",person
E3,NABTESCO CORPORATION,organization
E4,Kringle Pharma Inc.,organization
E5,DONG IL STEEL MFG CO LTD,organization
E6,Mitsubishi Heavy Industries Ltd,organization
E7,Rosoboronexport,organization
L1,Dreamus Company,organization
L2,"SENSORVIEW CO., LTD.",organization
L3,"Daesung Hi-Tech Co., Ltd.",organization
L4,"Harim Holdings Co., Ltd.",organization
CSV
cat > "$T/q.csv" <<'CSV'
id,name
1,조선부강무역회사
2,김경남
3,ナブテスコ株式会社
4,クリングルファーマ
5,동일제강
6,三菱重工業株式会社
7,로소보론엑스포르트
8,Kringle Farma
9,Mitsubishi Jukogyo
10,Dongil Steel Manufacturing
11,드림어스컴퍼니
12,ドリーマスカンパニー
13,센서뷰
14,대성하이텍
CSV
$MC "${STRATEX:-$B/stratex}" screen --list "simple-csv:$T/list.csv" --batch "$T/q.csv" \
    --quiet > "$T/out.csv" 2> "$T/cli.log"
rc=$?
check "a batch in four scripts has no memcheck error" "$T/cli.log"
echo "RESULT passed=$pass failed=$fail"
[ "$fail" = 0 ]
