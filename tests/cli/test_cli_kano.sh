#!/bin/sh
# End-to-end tests of `cx kano`: exit codes, error places, the three output
# formats, formula escaping in CSV, the SVG file and --version.
# Usage: test_cli_kano.sh PATH/TO/cx PATH/TO/examples/data
set -u

CX=${1:?usage: $0 PATH/TO/cx EXAMPLES_DATA_DIR}
DATA=${2:-}
PY=/usr/bin/python3
T=$(mktemp -d "${TMPDIR:-/tmp}/cx-cli-kano.XXXXXX") || exit 1
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

# Small surveys.  Hand check of good.csv (Berger table):
#   Speed: like/dislike x2 (O), must-be/dislike (M) -> one-dimensional;
#   =SUM(A1): neutral/neutral x2 (I), like/neutral (A) -> indifferent.
cat >"$T/good.csv" <<'EOF'
respondent,feature,functional,dysfunctional,segment
r1,Speed,like,dislike,retail
r1,=SUM(A1),neutral,neutral,retail
r2,Speed,I like it,I dislike it,business
r2,=SUM(A1),like,neutral,business
r3,Speed,must-be,dislike,retail
r3,=SUM(A1),neutral,neutral,retail
EOF
cat >"$T/bad.csv" <<'EOF'
feature,functional,dysfunctional
Speed,like,dislike
Price,like,sometimes
EOF
printf 'a_functional,a_dysfunctional\n1,5\n2,5\n' >"$T/wide.csv"

# --- version and help ---
if run 0 "--version" --version; then
  if grep -E '^cx [0-9]+\.[0-9]+\.[0-9]+' "$T/out" >/dev/null; then
    ok "--version prints the version"
  else
    bad "--version output: $(cat "$T/out")"
  fi
fi
run 0 "--help" --help && contains "$T/out" "kano" "--help lists kano"
run 0 "kano --help" kano --help && contains "$T/out" "--drop-questionable" \
  "kano --help lists the options"

# --- usage errors: exit 2 with a hint ---
run 2 "no command"
run 2 "unknown command" frobnicate
run 2 "kano without a file" kano && contains "$T/err" "--help" "usage hint"
run 2 "unknown option" kano "$T/good.csv" --colour
run 2 "bad format" kano "$T/good.csv" --format xml
run 2 "bad threshold" kano "$T/good.csv" --threshold 2
run 2 "missing option value" kano "$T/good.csv" --rule

# --- bad input: exit 1 with file:line:column ---
run 1 "unknown answer" kano "$T/bad.csv" &&
  contains "$T/err" "bad.csv:3:12: " "error names line and column" &&
  contains "$T/err" "sometimes" "error names the value" &&
  contains "$T/err" "cx: " "error is prefixed"
run 1 "missing file" kano "$T/does-not-exist.csv"
run 1 "missing segment column" kano "$T/wide.csv" --segment region

# --- text ---
if run 0 "text output" kano "$T/good.csv"; then
  contains "$T/out" "one-dimensional" "text shows the category"
  contains "$T/out" "\"'=SUM(A1)\"" "text escapes a formula-like name"
fi
run 0 "segments" kano "$T/good.csv" --segment segment &&
  contains "$T/out" "segment: business" "text has a block per segment"
run 0 "wide layout" kano "$T/wide.csv" --layout wide &&
  contains "$T/out" "respondents: 2" "wide counts respondents"

# --- CSV: formula escaping, numbers stay numbers, NaN empty ---
if run 0 "csv output" kano "$T/good.csv" --format csv; then
  contains "$T/out" ",\"'=SUM(A1)\"," "csv quotes and prefixes =SUM(A1)"
  # Speed: worse = -(O+M)/(A+O+M+I) = -1, printed as a plain number.
  if grep -E '^,Speed,3,0,.*,one-dimensional,.*,-1,' "$T/out" >/dev/null; then
    ok "csv keeps negative numbers unquoted"
  else
    bad "csv Speed row: $(grep Speed "$T/out")"
  fi
  if grep -F -- "'-1" "$T/out" >/dev/null; then
    bad "csv escaped a number"
  else
    ok "csv leaves numbers alone"
  fi
fi

# --- JSON parses and has the hand-computed values ---
if run 0 "json output" kano "$T/good.csv" --format json --bootstrap 50 --seed 7; then
  if "$PY" -m json.tool "$T/out" >/dev/null 2>"$T/jerr"; then
    ok "json parses"
  else
    bad "json does not parse: $(cat "$T/jerr")"
  fi
  if "$PY" - "$T/out" <<'EOF'; then ok "json values"; else bad "json values"; fi
import json, sys
d = json.load(open(sys.argv[1]))
f = {x["feature"]: x for x in d["features"]}
s = f["Speed"]
assert s["category"] == "one-dimensional", s["category"]
assert s["n_raw"] == 3
assert abs(s["better"] - 2 / 3) < 1e-12, s["better"]
assert s["worse"] == -1
i = f["=SUM(A1)"]
assert i["category"] == "indifferent"
assert abs(i["better"] - 1 / 3) < 1e-12
# worse is -(O+M)/(A+O+M+I) = -0: printed as 0
assert i["worse"] == 0 and str(i["worse"]) == "0.0"
assert d["options"]["bootstrap"] == 50 and "bootstrap" in s
assert d["options"]["drop_questionable"] is None
EOF
fi

# --- SVG ---
if run 0 "svg" kano "$T/good.csv" --svg "$T/k.svg"; then
  if [ -s "$T/k.svg" ] && grep -F "<svg" "$T/k.svg" >/dev/null; then
    ok "svg written"
  else
    bad "svg missing or empty"
  fi
  if command -v xmllint >/dev/null 2>&1; then
    if xmllint --noout "$T/k.svg" 2>"$T/xerr"; then ok "svg well-formed"; else
      bad "svg not well-formed: $(head -3 "$T/xerr")"
    fi
  fi
fi

# --- stdin, filters, options ---
if "$CX" kano - --format csv <"$T/good.csv" >"$T/out" 2>"$T/err"; then
  contains "$T/out" "Speed" "reads standard input"
else
  bad "stdin: $(cat "$T/err")"
fi
# r2 is the only respondent with no I answer... drop everyone whose I share
# exceeds 0.4: r1 and r3 have 1 of 2 (0.5), dropped; r2 kept.
run 0 "drop-indifferent" kano "$T/good.csv" --drop-indifferent 0.4 &&
  contains "$T/out" "respondents: 1 (2 more dropped by the filter)" \
    "filter drops respondents"
printf 'feature,functional,dysfunctional\nf,5,1\nf,5,1\n' >"$T/rev.csv"
run 0 "reversed coding" kano "$T/rev.csv" --reversed --format csv &&
  contains "$T/out" ",f,2,0,2,2,0,2," "reversed: 5/1 is like/dislike (O)"
run 0 "rule and table" kano "$T/good.csv" --rule moai --threshold 0.1 --table pouliot
if run 0 "progress bar forced" kano "$T/good.csv" --progress always --format csv; then
  contains "$T/err" "reading" "progress bar drawn on standard error"
  contains "$T/out" "Speed" "output unaffected by the progress bar"
fi
run 0 "progress auto on a small file" kano "$T/good.csv" &&
  { [ -s "$T/err" ] && bad "unexpected stderr: $(cat "$T/err")" ||
    ok "no progress bar for small files"; }

# --- the bundled sample, when there is one ---
if [ -n "$DATA" ] && [ -f "$DATA/kano_survey.csv" ]; then
  run 0 "sample data" kano "$DATA/kano_survey.csv"
  run 0 "sample data json" kano "$DATA/kano_survey.csv" --format json &&
    { "$PY" -m json.tool "$T/out" >/dev/null && ok "sample json parses" ||
      bad "sample json does not parse"; }
fi

if [ "$failures" -ne 0 ]; then
  printf '%d check(s) failed\n' "$failures"
  exit 1
fi
echo "all checks passed"
