#!/bin/sh
# End-to-end tests of `cx gap`: exit codes, error places, the three output
# formats with hand-computed values and SciPy on the bundled sample,
# formula escaping in CSV, segments, weights, the charts and the journey
# link.
# Usage: test_cli_gap.sh PATH/TO/cx PATH/TO/examples/data
set -u

CX=${1:?usage: $0 PATH/TO/cx EXAMPLES_DATA_DIR}
DATA=${2:-}
PY=/usr/bin/python3
T=$(mktemp -d "${TMPDIR:-/tmp}/cx-cli-gap.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT INT TERM

failures=0
ok() { printf 'ok: %s\n' "$1"; }
bad() { printf 'FAIL: %s\n' "$1"; failures=$((failures + 1)); }

run() { # EXPECTED_STATUS NAME ARGS...: output in $T/out, errors in $T/err
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
    sed 's/^/  | /' "$1" | head -20
  fi
}

check_py() { # NAME PYTHON: d is the parsed JSON of $T/out (when JSON)
  name=$1
  printf 'import csv, json, math, sys\nT = sys.argv[1]\n%s\n' "$2" \
    >"$T/check.py"
  if "$PY" "$T/check.py" "$T" 2>"$T/perr"; then ok "$name"; else
    bad "$name"
    sed 's/^/  | /' "$T/perr"
  fi
}

# A small long survey.  By hand, item q1: gaps -2, 0, 1 (mean -1/3,
# SD sqrt(7/3), t = (-1/3) / sqrt(7/9) = -0.37796, df 2); item "=cmd":
# gaps -3, 1 (r2 n/a): mean -1.
cat >"$T/small.csv" <<'EOF'
respondent,segment,item,expectation,perception
r1,north,q1,5,3
r1,north,=cmd,7,4
r2,south,q1,6,6
r2,south,=cmd,5,n/a
r3,north,q1,4,5
r3,north,=cmd,6,7
EOF

run 0 "text table" gap "$T/small.csv"
contains "$T/out" "All respondents: 3 respondents, scale 1-7" "respondent count"
contains "$T/out" "-0.33" "q1 gap in text"

run 0 "json" gap "$T/small.csv" --format json
check_py "json figures by hand" '
d = json.load(open(T + "/out"))
g = d["groups"][0]
q1, c = g["items"][0], g["items"][1]
assert g["segment"] is None and g["respondents"] == 3
assert abs(q1["gap"] + 1/3) < 1e-12, q1["gap"]
assert abs(q1["sd"] - math.sqrt(7/3)) < 1e-12
assert abs(q1["t"] + (1/3) / math.sqrt(7/9)) < 1e-12
assert q1["df"] == 2
assert c["id"] == "=cmd" and c["gap"] == -1 and c["n_not_applicable"] == 1
assert d["options"]["zero_method"] == "wilcox"'

run 0 "csv" gap "$T/small.csv" --format csv
contains "$T/out" "\"'=cmd\"" "formula cell quoted in CSV"
check_py "csv columns" '
rows = list(csv.DictReader(open(T + "/out")))
assert rows[0]["id"] == "q1" and rows[0]["level"] == "item"
assert abs(float(rows[0]["gap"]) + 1/3) < 1e-12'

run 0 "segments" gap "$T/small.csv" --segment segment --format json
check_py "segment figures" '
d = json.load(open(T + "/out"))
names = [g["segment"] for g in d["groups"]]
assert names == [None, "north", "south"], names
north = d["groups"][1]["items"][0]
assert north["n"] == 2 and north["gap"] == -0.5'

# Options change the figures as documented.
run 0 "zero method pratt" gap "$T/small.csv" --zero-method pratt \
  --format json
check_py "pratt keeps the zero" '
d = json.load(open(T + "/out"))
assert d["options"]["zero_method"] == "pratt"
assert d["groups"][0]["items"][0]["n_zero"] == 1'
run 0 "custom crosshair" gap "$T/small.csv" --crosshair 4,5 --format json
check_py "crosshair" '
d = json.load(open(T + "/out"))
c = d["groups"][0]["crosshair"]
assert c["performance"] == 4 and c["importance"] == 5, c'

# Weights: q gaps -2 (weight 1) and 0 (weight 3): mean -0.5.
printf 'respondent,wt,item,expectation,perception\na,1,q,5,3\nb,3,q,6,6\n' \
  >"$T/w.csv"
run 0 "weights" gap "$T/w.csv" --weight wt --format json
check_py "weighted mean" '
d = json.load(open(T + "/out"))
assert d["groups"][0]["items"][0]["gap"] == -0.5'

# Errors: place and value in the message, exit 1; usage errors exit 2.
printf 'respondent,item,expectation,perception\nr1,q,5,9\n' >"$T/bad.csv"
run 1 "answer off the scale" gap "$T/bad.csv"
contains "$T/err" "bad.csv:2:8: perception answer is outside the scale 1-7" \
  "error names place"
contains "$T/err" "('9')" "error names value"
run 0 "wider scale accepts it" gap "$T/bad.csv" --scale 0:10
run 1 "missing file" gap "$T/nope.csv"
run 1 "missing weight column" gap "$T/small.csv" --weight wt
contains "$T/err" "no weight column" "weight column message"
run 2 "no file" gap
run 2 "unknown option" gap "$T/small.csv" --frobnicate
run 2 "bad format" gap "$T/small.csv" --format xml
run 2 "bad scale" gap "$T/small.csv" --scale 5:1
run 2 "bad crosshair" gap "$T/small.csv" --crosshair 1,2,3,4
run 2 "bad min-answered" gap "$T/small.csv" --min-answered 0
run 2 "journey-out alone" gap "$T/small.csv" --journey-out "$T/j.json"
run 0 "help" gap --help
contains "$T/out" "Usage: cx gap FILE" "help text"

# The charts are well-formed SVG.
run 0 "charts" gap "$T/small.csv" --svg "$T/gap.svg" --ipa-svg "$T/ipa.svg"
if [ -x /usr/bin/xmllint ]; then
  if /usr/bin/xmllint --noout "$T/gap.svg" "$T/ipa.svg"; then
    ok "charts parse"
  else bad "charts parse"; fi
fi
contains "$T/gap.svg" "<title>=cmd: gap -1" "gap chart names the item"

if [ -n "$DATA" ] && [ -f "$DATA/servqual_survey.csv" ]; then
  # The sample against pandas and SciPy: weighted means would need a
  # weighted test, so this run is unweighted.
  run 0 "sample" gap "$DATA/servqual_survey.csv" --servqual --format json
  check_py "sample against scipy" '
import numpy as np, pandas as pd, scipy.stats as st
d = json.load(open(T + "/out"))
df = pd.read_csv("'"$DATA"'/servqual_survey.csv", dtype=str,
                 keep_default_na=False)
for it in d["groups"][0]["items"]:
    x = df[df["item"] == it["id"]]
    e = pd.to_numeric(x["expectation"], errors="coerce")
    p = pd.to_numeric(x["perception"], errors="coerce")
    m = e.notna() & p.notna()
    g = (p[m] - e[m]).to_numpy()
    assert it["n"] == len(g), it["id"]
    assert abs(it["gap"] - g.mean()) < 1e-12
    t = st.ttest_rel(p[m], e[m])
    assert abs(it["t"] - t.statistic) < 1e-9
    assert abs(it["p_t"] - t.pvalue) < 1e-9 * max(1, t.pvalue)
    try:
        w = st.wilcoxon(g, zero_method="wilcox", correction=False,
                        method="approx")
    except TypeError:
        w = st.wilcoxon(g, zero_method="wilcox", correction=False,
                        mode="approx")
    assert abs(it["p_w"] - w.pvalue) < 1e-9 * max(1e-300, w.pvalue) + 1e-300
assert d["groups"][0]["respondents"] == 320'
  run 0 "sample wide" gap "$DATA/servqual_survey_wide.csv" --servqual \
    --segment segment --weight weight --format csv
  contains "$T/out" "retail-online,item,SQ1" "wide sample segments"
  if [ -f "$DATA/touchpoint_gaps.csv" ] &&
    [ -f "$DATA/journeys/onboarding.json" ]; then
    "$CX" gap "$DATA/touchpoint_gaps.csv" --scale 1:5 \
      --journey "$DATA/journeys/onboarding.json" --journey-out "$T/j.json" \
      --format json >"$T/out" 2>"$T/err"
    rc=$?
    if grep -F "not available" "$T/err" >/dev/null; then
      ok "journey link skipped: the JSON journey reader is not built"
    elif [ "$rc" -eq 0 ]; then
      check_py "journey link" '
d = json.load(open(T + "/out"))
j = d["journey"]
assert j["items_without_touchpoint"] == ["branch-appointment"], j
assert "video-ident" in j["matched"] and "friend-post" in \
  j["touchpoints_without_item"]
m = json.load(open(T + "/j.json"))
tp = {t["id"]: t for s in m["stages"] for t in s["touchpoints"]}
vi = [i for i in d["groups"][0]["items"] if i["id"] == "video-ident"][0]
assert abs(tp["video-ident"]["expectation"] - vi["mean_e"]) < 1e-12
assert abs(tp["video-ident"]["experience"] - vi["mean_p"]) < 1e-12'
    else
      bad "journey link: exit $rc"
      sed 's/^/  stderr: /' "$T/err"
    fi
  fi
fi

if [ "$failures" -ne 0 ]; then
  printf '%d failure(s)\n' "$failures"
  exit 1
fi
printf 'all passed\n'
