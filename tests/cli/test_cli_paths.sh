#!/bin/sh
# End-to-end tests of `cx paths`: exit codes, error places, the five
# analyses in the three formats with values worked out by hand on a small
# log, the graph as SVG and DOT, conformance to a map written as JSON, and
# the bundled sample log.
# Usage: test_cli_paths.sh PATH/TO/cx PATH/TO/examples/data
set -u

CX=${1:?usage: $0 PATH/TO/cx EXAMPLES_DATA_DIR}
DATA=${2:-}
PY=/usr/bin/python3
T=$(mktemp -d "${TMPDIR:-/tmp}/cx-cli-paths.XXXXXX") || exit 1
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
  if [ "$got" -eq "$want" ]; then ok "$name (exit $got)"; else
    bad "$name: exit $got, expected $want"
    sed 's/^/  stderr: /' "$T/err"
  fi
}

contains() { # FILE TEXT NAME
  if grep -F -- "$2" "$1" >/dev/null; then ok "$3"; else
    bad "$3: '$2' not in output"
    sed 's/^/  | /' "$1"
  fi
}

check_json() { # NAME PYTHON-ASSERTIONS: d is the parsed $T/out
  printf 'import json, math, sys\nd = json.load(open(sys.argv[1]))\n%s\n' \
    "$2" >"$T/check.py"
  if "$PY" "$T/check.py" "$T/out" 2>"$T/perr"; then ok "$1"; else
    bad "$1"
    sed 's/^/  | /' "$T/perr"
  fi
}

# The five-case log of tests/c/test_paths.c, rows shuffled, ISO times with
# offsets.  By hand: A>B 4 times (30, 60, 60, 60 s: mean 52.5, median 60);
# variants ABCD x2, AB, ACD, BABC; funnel A,B,C,D reaches 5, 4, 3, 2;
# removal effects A 0.85, B 0.8, C 1 with P(conversion) 0.6.
cat >"$T/log.csv" <<'EOF'
case,touchpoint,timestamp,value,outcome,segment
c4,B,2024-05-01T10:00:00+02:00,,,shop
c1,A,2024-05-01T08:00:00Z,,,web
c2,A,2024-05-01T08:00:00Z,,,web
c1,B,2024-05-01T08:01:00Z,,,web
c3,A,2024-05-01T08:00:00Z,,,shop
c1,C,2024-05-01T08:03:00Z,,,web
c3,B,2024-05-01T08:00:30Z,,,shop
c2,C,2024-05-01T08:02:00Z,,,web
c4,A,2024-05-01T08:01:00Z,,,shop
c1,D,2024-05-01T08:05:00Z,100,conversion,web
c2,D,2024-05-01T08:04:00Z,50,conversion,web
c4,B,2024-05-01T08:02:00Z,,,shop
c5,A,2024-05-01T08:00:00Z,,,web
c4,C,2024-05-01T08:02:30Z,,,shop
c5,B,2024-05-01T08:01:00Z,,,web
c5,C,2024-05-01T08:03:00Z,,,web
c5,D,2024-05-01T08:05:00Z,100,conversion,web
EOF

run 0 "summary" paths "$T/log.csv"
contains "$T/out" "touchpoint" "summary lists touchpoints"

run 0 "dfg json" paths "$T/log.csv" --dfg --format json
check_json "dfg by hand" '
s = d["summary"]
assert s["cases"] == 5 and s["events"] == 17 and s["converted"] == 3
assert s["value"] == 250 and s["duration_median_s"] == 240
e = {(r["from"], r["to"]): r for r in d["edges"]}
ab = e[("A", "B")]
assert ab["count"] == 4 and ab["share"] == 0.8 and ab["mean_s"] == 52.5
assert ab["median_s"] == 60 and ab["min_s"] == 30 and ab["max_s"] == 60
assert e[("(start)", "A")]["count"] == 4 and e[("D", "(end)")]["count"] == 3
assert e[("B", "A")]["count"] == 1'

run 0 "variants csv" paths "$T/log.csv" --variants --format csv
contains "$T/out" "rank,cases,share,converted,value,mean_duration_s,length,path" "variants header"
contains "$T/out" "1,2,0.4,2,200,300,4,A > B > C > D" "top variant"

run 0 "funnel json" paths "$T/log.csv" --funnel A,B,C,D --format json
check_json "funnel by hand" '
f = [r for r in d["funnel"] if r["segment"] == "(all)"]
assert [r["reached"] for r in f] == [5, 4, 3, 2]
assert f[2]["median_time_s"] == 180 and f[3]["from_first"] == 0.4
web = [r["reached"] for r in d["funnel"] if r["segment"] == "web"]
assert web == [3, 2, 2, 2]'

run 0 "funnel window" paths "$T/log.csv" --funnel A,B,C,D --window 100s --format json
check_json "window by hand" '
assert [r["reached"] for r in d["funnel"] if r["segment"] == "(all)"] == [5, 4, 1, 0]'

run 0 "funnel strict" paths "$T/log.csv" --funnel A,C,D --mode strict --format json
check_json "strict by hand" '
assert [r["reached"] for r in d["funnel"] if r["segment"] == "(all)"] == [5, 1, 1]'

run 0 "attribution" paths "$T/log.csv" --attribution --format json
check_json "removal effects by hand" '
a = {r["touchpoint"]: r for r in d["attribution"]}
for k, re in (("A", 0.85), ("B", 0.8), ("C", 1.0)):
    assert abs(a[k]["removal_effect"] - re) < 1e-12, (k, a[k])
    assert abs(a[k]["markov"] - 3 * re / 2.65) < 1e-12
assert a["A"]["first_touch"] == 3 and a["C"]["last_touch"] == 3
assert "D" not in a'

cat >"$T/map.json" <<'EOF'
{"format": "libcx-journey", "version": 1, "id": "m", "title": "Map",
 "scale": {"min": 1, "max": 5, "neutral": 3},
 "stages": [{"id": "s1", "name": "One", "touchpoints": [
   {"id": "A", "name": "Ad"}, {"id": "B", "name": "Brochure"}]},
  {"id": "s2", "name": "Two", "touchpoints": [
   {"id": "C", "name": "Call"}, {"id": "E", "name": "Email"}]}]}
EOF
run 0 "conformance" paths "$T/log.csv" --conformance "$T/map.json" --format json --journey-out "$T/observed.json"
check_json "conformance by hand" '
s = d["summary"]
assert s["following"] == 4 and s["share_following"] == 0.8 and s["with_skips"] == 1
rows = {(r["kind"], r["touchpoint"]): r for r in d["conformance"]}
assert rows[("map", "B")]["cases"] == 4 and rows[("map", "B")]["skipped"] == 1
assert rows[("map", "C")]["dropoff"] == 4
assert rows[("unexpected", "D")]["events"] == 3'
contains "$T/observed.json" '"reach": 4' "map gets the observed reach"
contains "$T/observed.json" '"observed_dropoff_share"' "map gets drop-off metrics"

run 0 "svg and dot" paths "$T/log.csv" --dfg --svg "$T/g.svg" --dot "$T/g.dot"
contains "$T/g.svg" "layout: libcx layered" "svg says its layout"
contains "$T/g.dot" "digraph paths {" "dot header"

# Errors: place and exit codes.
printf 'case,touchpoint,timestamp\nc1,A,2024-02-30T10:00:00Z\n' >"$T/bad.csv"
run 1 "bad date" paths "$T/bad.csv"
contains "$T/err" "bad.csv:2:6: timestamp has an impossible date in column 'timestamp' ('2024-02-30T10:00:00Z')" "error names the place"
run 1 "missing file" paths "$T/none.csv"
run 2 "two analyses" paths "$T/log.csv" --dfg --variants
run 2 "bad window" paths "$T/log.csv" --funnel A,B --window soon
run 2 "bad option" paths "$T/log.csv" --frobnicate
run 2 "no file" paths
run 0 "help" paths --help
contains "$T/out" "--conformance MAP" "help lists conformance"

# Graph-only: a case's rows out of time order are refused at their line;
# paths analyses and --sorted do not go with it.
printf 'case,touchpoint,timestamp\na,A,2024-01-01T00:00:10Z\nb,A,2024-01-01T00:00:00Z\na,B,2024-01-01T00:00:05Z\n' >"$T/late.csv"
run 1 "graph-only refuses a late row" paths "$T/late.csv" --graph-only --dfg
contains "$T/err" "late.csv:4:" "the late row's line"
contains "$T/err" "time order" "the late row's reason"
run 0 "the same file without --graph-only" paths "$T/late.csv" --dfg
run 2 "graph-only with variants" paths "$T/late.csv" --graph-only --variants
run 2 "graph-only with sorted" paths "$T/late.csv" --graph-only --sorted
printf 'case,touchpoint,timestamp\na,A,2024-01-01T00:00:00Z\nb,A,2024-01-01T00:00:00Z\na,B,2024-01-01T00:01:00Z\nb,B,2024-01-01T00:03:00Z\n' >"$T/inorder.csv"
run 0 "graph-only summary" paths "$T/inorder.csv" --graph-only --format json
check_json "graph-only summary has no variants" '
s = d["summary"]
assert s["cases"] == 2 and s["events"] == 4 and s["edges"] == 1, s
assert "variants" not in s, s
assert s["duration_mean_s"] == 120.0, s'
run 0 "graph-only dfg" paths "$T/inorder.csv" --graph-only --dfg --format json
check_json "graph-only edge by hand" '
(e,) = [e for e in d["edges"] if e["from"] == "A"]
assert e["to"] == "B" and e["count"] == 2 and e["mean_s"] == 120.0, e
assert e["min_s"] == 60.0 and e["max_s"] == 180.0, e'

# The bundled sample log and map, streamed and not.
if [ -n "$DATA" ] && [ -f "$DATA/events/onboarding_events.csv" ]; then
  run 0 "sample dfg" paths "$DATA/events/onboarding_events.csv" --dfg --format json
  cp "$T/out" "$T/unsorted.json"
  run 0 "sample dfg, graph-only" paths "$DATA/events/onboarding_events.csv" \
    --dfg --format json --graph-only
  check_json "graph-only gives the full log's graph" "
full = json.load(open('$T/unsorted.json'))
assert d['edges'] == full['edges'] and len(d['edges']) > 10
s = dict(full['summary']); del s['variants']
g = dict(d['summary'])
assert math.isclose(g.pop('value'), s.pop('value'), rel_tol=1e-12)
assert g == s, (g, s)"
  run 0 "sample conformance" paths "$DATA/events/onboarding_events.csv" \
    --conformance "$DATA/journeys/onboarding.json" --format csv
  contains "$T/out" "map,video-ident" "sample map rows"
  run 0 "sample funnel" paths "$DATA/events/onboarding_events.csv" \
    --funnel account-page,online-application,contract-signing --window 30d
fi

if [ "$failures" -ne 0 ]; then
  printf '%d failure(s)\n' "$failures"
  exit 1
fi
echo "all cx paths tests passed"
