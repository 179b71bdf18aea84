#!/bin/sh
# End-to-end tests of `cx nps`, `cx csat` and `cx ces`: exit codes, error
# places, the three output formats with hand-computed values, formula
# escaping in CSV, both file layouts, codes, weights and --compare.
# Usage: test_cli_metrics.sh PATH/TO/cx PATH/TO/examples/data
set -u

CX=${1:?usage: $0 PATH/TO/cx EXAMPLES_DATA_DIR}
DATA=${2:-}
PY=/usr/bin/python3
T=$(mktemp -d "${TMPDIR:-/tmp}/cx-cli-metrics.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT INT TERM

failures=0
ok() { printf 'ok: %s\n' "$1"; }
bad() { printf 'FAIL: %s\n' "$1"; failures=$((failures + 1)); }

# run EXPECTED_STATUS NAME ARGS...: output in $T/out, errors in $T/err
run() {
  want=$1
  name=$2
  shift 2
  "$CX" "$@" >"$T/out" 2>"$T/err"
  got=$?
  if [ "$got" -eq "$want" ]; then
    ok "$name (exit $got)"
    return 0
  fi
  bad "$name: exit $got, expected $want"
  sed 's/^/  stderr: /' "$T/err"
  return 1
}

contains() { # FILE TEXT NAME
  if grep -F -- "$2" "$1" >/dev/null; then ok "$3"; else
    bad "$3: '$2' not in output"
    sed 's/^/  | /' "$1"
  fi
}

lacks() { # FILE TEXT NAME
  if grep -F -- "$2" "$1" >/dev/null; then
    bad "$3: '$2' in output"
  else ok "$3"; fi
}

# check_json NAME PYTHON-ASSERTIONS: d is the parsed $T/out
check_json() {
  name=$1
  printf 'import json, math, sys\nd = json.load(open(sys.argv[1]))\n%s\n' \
    "$2" >"$T/check.py"
  if "$PY" "$T/check.py" "$T/out" 2>"$T/perr"; then ok "$name"; else
    bad "$name"
    sed 's/^/  | /' "$T/perr"
  fi
}

# A small wide survey.  By hand:
#   NPS, pooled: 9 10 9 10 9 7 8 7 0 6 (r11 blank): promoters 5, passives 3,
#     detractors 2 of 10: NPS 0.3, variance 0.5 + 0.2 - 0.09 = 0.61,
#     SE sqrt(0.061) = 0.246982, Wald 0.3 -/+ 1.959964 SE.
#   segment a: 9 10 9 10 9: NPS 1, variance 0, Wald undefined.
#   segment b: 7 8 7 0 6: NPS -0.4, variance 0.4 - 0.16 = 0.24.
#   a - b = 1.4, SE sqrt(0 + 0.24/5) = sqrt(0.048) = 0.219089, z 6.390.
#   CSAT: 5 4 5 5 3 4 4 2 1 3 5: top-2 7/11, mean 41/11.
#   CES 2.0: 7 6 5 4 2 1, three n/a, one don't know, one blank:
#     easy (5-7) 3/6, mean 25/6, neutral 1/6, difficult 2/6.
cat >"$T/good.csv" <<'EOF'
respondent,segment,nps,csat,ces
r1,a,9,5,7
r2,a,10,4,6
r3,a,9,5,5
r4,a,10,5,4
r5,a,9,3,2
r6,b,7,4,n/a
r7,b,8,4,n/a
r8,b,7,2,N/A
r9,b,0,1,1
r10,b,6,3,don't know
r11,=SUM(A1),,5,
EOF
cat >"$T/bad.csv" <<'EOF'
respondent,nps
r1,9
r2,11
EOF
# Long layout: the NPS rows are 10, 0 and 9; the question is named "ltr"
# in the second file.
cat >"$T/long.csv" <<'EOF'
respondent,metric,score
r1,nps,10
r1,csat,4
r2,NPS,0
r3,nps,9
EOF
printf 'question,answer\nltr,10\nosat,3\nltr,0\nltr,9\n' >"$T/long2.csv"
# Weighted: 10 with weight 3, 0 with weight 1: NPS (3 - 1)/4 = 0.5,
# n = 4, n_eff = 16/10 = 1.6.
printf 'w,nps\n3,10\n1,0\n' >"$T/weighted.csv"
# Numeric codes: 99 = don't know, 98 = not applicable.
printf 'nps\n10\n99\n98\n98\n' >"$T/codes.csv"

# --- help ---
run 0 "--help lists the commands" --help && contains "$T/out" "nps" "nps listed" &&
  contains "$T/out" "csat" "csat listed" && contains "$T/out" "ces" "ces listed"
run 0 "nps --help" nps --help && contains "$T/out" "--compare" "nps options"
run 0 "csat --help" csat --help && contains "$T/out" "--method" "csat options"
run 0 "ces --help" ces --help && contains "$T/out" "--version N" "ces options"
run 0 "help nps" help nps && contains "$T/out" "Usage: cx nps" "help COMMAND"

# --- usage errors: exit 2 with a hint ---
run 2 "nps without a file" nps && contains "$T/err" "Try 'cx nps --help'" "usage hint"
run 2 "unknown option" nps "$T/good.csv" --colour
run 2 "bad format" nps "$T/good.csv" --format xml
run 2 "bad confidence" nps "$T/good.csv" --confidence 95
run 2 "missing option value" nps "$T/good.csv" --segment
run 2 "csat without --method" csat "$T/good.csv" &&
  contains "$T/err" "--method" "names the missing option"
run 2 "bad method" csat "$T/good.csv" --method median
run 2 "ces without --version" ces "$T/good.csv"
run 2 "bad ces version" ces "$T/good.csv" --version 3
run 2 "--bootstrap is only for nps" csat "$T/good.csv" --method top2 --bootstrap 10
run 2 "--compare without --segment" nps "$T/good.csv" --compare a,b
run 2 "--compare malformed" nps "$T/good.csv" --segment segment --compare a
run 2 "--compare same segment" nps "$T/good.csv" --segment segment --compare a,a
run 2 "--na-code inside the scale" nps "$T/good.csv" --na-code 5 &&
  contains "$T/err" "Try 'cx nps --help'" "code error is a usage error"
run 2 "--percent takes no value" nps "$T/good.csv" --percent=1

# --- bad input: exit 1 with file:line:column and value ---
run 1 "score off the scale" nps "$T/bad.csv" &&
  contains "$T/err" "bad.csv:3:4: " "error names line and column" &&
  contains "$T/err" "('11')" "error names the value" &&
  contains "$T/err" "respondent r2" "error names the respondent" &&
  contains "$T/err" "cx: " "error is prefixed"
run 1 "missing file" nps "$T/does-not-exist.csv"
run 1 "missing score column" nps "$T/good.csv" --column ltr &&
  contains "$T/err" "no score column" "says which column"
run 1 "missing segment column" nps "$T/good.csv" --segment region
run 1 "missing weight column" nps "$T/good.csv" --weight w
run 1 "CES 1.0 on a 7-point file" ces "$T/good.csv" --version 1 &&
  contains "$T/err" "outside the scale 1-5" "CES 1.0 scale"
run 1 "--compare unknown segment" nps "$T/good.csv" --segment segment --compare a,c &&
  contains "$T/err" "no segment 'c'" "names the segment"
run 1 "numeric code not declared" nps "$T/codes.csv" &&
  contains "$T/err" "codes.csv:3:1:" "99 is an error without --dk-code"
run 1 "long file without the metric" csat "$T/long2.csv" --method top2 --layout long \
  --metric-column question --column answer

# --- text ---
if run 0 "nps text" nps "$T/good.csv" --segment segment; then
  contains "$T/out" "0.300" "pooled NPS 0.300"
  contains "$T/out" "-0.400" "segment b NPS -0.400"
  contains "$T/out" "\"'=SUM(A1)\"" "text escapes a formula-like segment"
  contains "$T/out" "[-0.184, 0.784]" "Wald interval"
fi
run 0 "nps text, percent" nps "$T/good.csv" --percent &&
  contains "$T/out" "30.0" "NPS x100"
run 0 "nps compare" nps "$T/good.csv" --segment segment --compare a,b &&
  contains "$T/out" "NPS(a) - NPS(b) = 1.400, SE 0.219" "difference and SE" &&
  contains "$T/out" "z 6.39" "z of the difference"

# --- CSV: formula escaping, numbers stay numbers, NaN empty ---
if run 0 "nps csv" nps "$T/good.csv" --segment segment --format csv; then
  contains "$T/out" "segment,n_raw,n_missing,n_not_applicable" "csv header"
  contains "$T/out" "\"'=SUM(A1)\",0,1,0,0,0,0," "csv escapes the segment, counts"
  if grep -E '^b,5,0,0,0,5,5,2,3,0,0\.4,0\.6,0,-0\.4,' "$T/out" >/dev/null; then
    ok "csv segment b: counts, shares and a negative NPS unquoted"
  else
    bad "csv b row: $(grep '^b,' "$T/out")"
  fi
  lacks "$T/out" "'-0.4" "csv leaves numbers alone"
  # Segment a: Wald undefined (zero variance) is an empty cell.
  if grep -E '^a,5,0,0,0,5,5,0,0,5,0,0,1,1,0,0,0\.95,,,' "$T/out" >/dev/null; then
    ok "csv NaN is an empty cell"
  else
    bad "csv a row: $(grep '^a,' "$T/out")"
  fi
fi
if run 0 "nps csv compare" nps "$T/good.csv" --segment segment --compare b,a --format csv; then
  contains "$T/out" "segment_a,segment_b,nps_a,nps_b" "comparison header"
  contains "$T/out" "b,a,-0.4,1,5,5,-1.4," "comparison keeps the sign"
fi

# --- JSON parses and has the hand-computed values ---
if run 0 "nps json" nps "$T/good.csv" --segment segment --compare a,b --format json; then
  check_json "nps json values" '
o = d["overall"]
assert d["metric"] == "nps" and o["segment"] is None
assert o["n_raw"] == 10 and o["n_missing"] == 1
assert o["promoters"] == 5 and o["passives"] == 3 and o["detractors"] == 2
assert abs(o["nps"] - 0.3) < 1e-12 and abs(o["variance"] - 0.61) < 1e-12
assert abs(o["se"] - math.sqrt(0.061)) < 1e-12
assert abs(o["wald_lo"] - (0.3 - 1.959963984540054 * math.sqrt(0.061))) < 1e-9
assert o["bootstrap"] == 0 and o["bootstrap_lo"] is None
s = {x["segment"]: x for x in d["segments"]}
assert s["a"]["nps"] == 1 and s["a"]["wald_lo"] is None
assert abs(s["b"]["nps"] + 0.4) < 1e-12 and abs(s["b"]["variance"] - 0.24) < 1e-12
assert s["=SUM(A1)"]["n_raw"] == 0 and s["=SUM(A1)"]["nps"] is None
c = d["comparison"]
assert abs(c["difference"] - 1.4) < 1e-12
assert abs(c["se"] - math.sqrt(0.048)) < 1e-12
assert abs(c["z"] - 1.4 / math.sqrt(0.048)) < 1e-9
assert c["p_value"] < 1e-9'
fi
run 0 "nps json percent, bootstrap" nps "$T/good.csv" --percent --bootstrap 200 --seed 5 \
  --format json && check_json "percent and bootstrap" '
o = d["overall"]
assert abs(o["nps"] - 30) < 1e-9 and abs(o["variance"] - 6100) < 1e-6
assert abs(o["share_promoters"] - 50) < 1e-9
assert o["bootstrap"] == 200 and o["bootstrap_lo"] < 30 < o["bootstrap_hi"]
assert d["options"]["percent"] is True and d["options"]["seed"] == 5'
run 0 "csat json top2" csat "$T/good.csv" --method top2 --format json &&
  check_json "csat top2 values" '
o = d["overall"]
assert o["method"] == "top2" and o["n_raw"] == 11
assert abs(o["csat"] - 7 / 11) < 1e-12 and abs(o["top2"] - 7 / 11) < 1e-12
assert abs(o["mean"] - 41 / 11) < 1e-12
assert o["lo"] < o["csat"] < o["hi"]
assert d["scale"] == {"min": 1, "max": 5, "neutral": 3.0, "direction": "higher is better"}'
run 0 "csat json mean" csat "$T/good.csv" --method mean --format json &&
  check_json "csat mean value" '
o = d["overall"]
assert o["method"] == "mean" and abs(o["csat"] - 41 / 11) < 1e-12
assert o["lo"] == o["mean_lo"]'
run 0 "ces json" ces "$T/good.csv" --version 2 --format json &&
  check_json "ces values" '
o = d["overall"]
assert o["n_raw"] == 6 and o["n_not_applicable"] == 3
assert o["n_dont_know"] == 1 and o["n_missing"] == 1
assert o["share_easy"] == 0.5 and abs(o["mean"] - 25 / 6) < 1e-12
assert abs(o["share_neutral"] - 1 / 6) < 1e-12
assert abs(o["share_difficult"] - 2 / 6) < 1e-12
assert o["ces_version"] == 2 and o["direction"] == "higher is better"'

# --- layouts, weights, codes, stdin ---
run 0 "long layout" nps "$T/long.csv" --format json && check_json "long: 10, 0, 9" '
o = d["overall"]
assert o["n_raw"] == 3 and abs(o["nps"] - 1 / 3) < 1e-12'
run 0 "long layout, own names" nps "$T/long2.csv" --layout long --metric-column question \
  --metric ltr --column answer --format json && check_json "long2: 10, 0, 9" '
assert d["overall"]["n_raw"] == 3'
run 0 "weights" nps "$T/weighted.csv" --weight w --format json && check_json "weighted NPS" '
o = d["overall"]
assert o["nps"] == 0.5 and o["n"] == 4 and abs(o["n_effective"] - 1.6) < 1e-12'
run 0 "numeric codes" nps "$T/codes.csv" --dk-code 99 --na-code 98 --format json &&
  check_json "codes counted apart" '
o = d["overall"]
assert o["n_raw"] == 1 and o["n_dont_know"] == 1 and o["n_not_applicable"] == 2'
if "$CX" nps - --format csv <"$T/good.csv" >"$T/out" 2>"$T/err"; then
  contains "$T/out" ",10,1,0,0,10,10," "reads standard input"
else
  bad "stdin: $(cat "$T/err")"
fi
if run 0 "progress bar forced" nps "$T/good.csv" --progress always --format csv; then
  contains "$T/err" "reading" "progress bar drawn on standard error"
fi
run 0 "no progress bar for small files" nps "$T/good.csv" &&
  { [ -s "$T/err" ] && bad "unexpected stderr: $(cat "$T/err")" ||
    ok "standard error is empty"; }

# --- the bundled sample, when there is one ---
if [ -n "$DATA" ] && [ -f "$DATA/cx_metrics.csv" ]; then
  run 0 "sample nps" nps "$DATA/cx_metrics.csv" --segment segment --weight weight \
    --compare private-banking,small-business
  run 0 "sample nps json" nps "$DATA/cx_metrics.csv" --segment segment --format json &&
    check_json "sample: 600 respondents, 3 segments" '
o = d["overall"]
assert o["n_raw"] + o["n_missing"] + o["n_not_applicable"] + o["n_dont_know"] == 600
assert sorted(s["segment"] for s in d["segments"]) == ["private-banking", "retail", "small-business"]'
  run 0 "sample csat" csat "$DATA/cx_metrics.csv" --method top2 --segment segment --format csv
  run 0 "sample ces json" ces "$DATA/cx_metrics.csv" --version 2 --format json &&
    check_json "sample ces: n/a for no contact" '
assert d["overall"]["n_not_applicable"] > 0 and d["overall"]["n_dont_know"] > 0'
  # Charts: one row per result, pooled first; well-formed; the texts are
  # the results' own figures; a file that cannot be written is bad input.
  run 0 "sample nps --svg" nps "$DATA/cx_metrics.csv" --segment segment \
    --svg "$T/nps.svg" &&
    contains "$T/nps.svg" "private-banking" "nps chart names the segments" &&
    contains "$T/nps.svg" "NPS -0.176 [-0.242, -0.108] (adjusted Wald)" \
      "nps chart shows the pooled NPS and its adjusted Wald interval"
  if command -v xmllint >/dev/null 2>&1; then
    if xmllint --noout "$T/nps.svg" 2>"$T/x"; then ok "nps chart is well-formed XML"
    else bad "nps chart is not well-formed: $(cat "$T/x")"; fi
  fi
  run 0 "sample csat --svg" csat "$DATA/cx_metrics.csv" --method top2 \
    --segment segment --svg "$T/csat.svg" &&
    contains "$T/csat.svg" "<svg" "csat chart written"
  run 0 "sample ces --svg" ces "$DATA/cx_metrics.csv" --version 2 --svg "$T/ces.svg" &&
    contains "$T/ces.svg" "<svg" "ces chart written"
  run 1 "nps --svg into a missing folder" nps "$DATA/cx_metrics.csv" \
    --svg "$T/no/such/dir/nps.svg"
  if [ -f "$DATA/cx_metrics_long.csv" ]; then
    # The long export leaves out unasked questions but holds the same
    # answers: the same CSAT counts as the wide file.
    "$CX" csat "$DATA/cx_metrics.csv" --method mean --format csv | cut -d, -f2,3 >"$T/w"
    "$CX" csat "$DATA/cx_metrics_long.csv" --method mean --format csv | cut -d, -f2,3 >"$T/l"
    if cmp -s "$T/w" "$T/l"; then ok "long and wide sample agree"; else
      bad "long and wide sample differ: $(cat "$T/w") / $(cat "$T/l")"
    fi
  fi
fi

if [ "$failures" -ne 0 ]; then
  printf '%d check(s) failed\n' "$failures"
  exit 1
fi
echo "all checks passed"
