#!/bin/sh
# End-to-end tests of `cx journey`: validate, render, convert, score and
# diff.  Exit codes and error places, every aggregate and the per-stage and
# per-actor figures, gaps, zones, priorities, drop-off and the ending check
# of small journeys whose figures are computed by hand below, the diff of
# two versions, formula escaping in CSV, and well-formed, escaped,
# deterministic SVG (xmllint).
# Usage: test_cli_journey.sh PATH/TO/cx PATH/TO/examples/data
set -u

CX=${1:?usage: $0 PATH/TO/cx EXAMPLES_DATA_DIR}
DATA=${2:-}
PY=/usr/bin/python3
T=$(mktemp -d "${TMPDIR:-/tmp}/cx-cli-journey.XXXXXX") || exit 1
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

# check_py NAME PYTHON: the code sees the parsed JSON output as d, the CSV
# output as rows (a list of dicts) and the raw text as text.
check_py() {
  name=$1
  cat >"$T/check.py" <<EOF
import csv, io, json, math, sys
text = open(sys.argv[1], encoding="utf-8").read()
try:
    d = json.loads(text)
except ValueError:
    d = None
rows = list(csv.DictReader(io.StringIO(text)))
def close(a, b):
    return a is not None and abs(a - b) < 1e-12
$2
EOF
  if "$PY" "$T/check.py" "$T/out" 2>"$T/perr"; then ok "$name"; else
    bad "$name"
    sed 's/^/  | /' "$T/perr"
  fi
}

well_formed() { # FILE NAME
  if ! command -v xmllint >/dev/null 2>&1; then
    bad "$2: xmllint not found (Debian package libxml2-utils)"
  elif xmllint --noout "$1" 2>"$T/xerr"; then ok "$2"; else
    bad "$2"
    sed 's/^/  | /' "$T/xerr"
  fi
}

# The worked example of docs/methodology/journey.md, section 9, without
# its unscored touchpoint (Mermaid needs a score).  Scale 1..5, neutral 3.
#   x = (-0.5, 1, 0.5, -0.5): mean 0.125, peak 1, trough -0.5, most
#   intense 1, beginning -0.5, end -0.5, peak-end 0.5*1 + 0.5*(-0.5) =
#   0.25, slope -0.15, variability sqrt(1.6875/3) = 0.75, success
#   0.25*1*0.75*0.25 = 0.046875; no durations: weighted mean undefined.
#   Stage start: x = (-0.5, 1): mean 0.25, slope 1.5, sd 1.5/sqrt(2);
#   stage finish: x = (0.5, -0.5): mean 0, slope -1, success 0.1875.
#   Ending: final stage mean 0 < 0.125: flagged, shortfall 0.125.
#   Alice: book, arrive (no actor: counts for all), leave: mean -1/6;
#   only where named: book, leave: mean -0.5.  Bob: 1, 0.5, -0.5: mean
#   1/3; only where named: 1, -0.5: mean 0.25.
cat >"$T/trip.mmd" <<'EOF'
journey
  title Test trip
  section Start
    Book: 2: Alice
    Pay: 5: Bob
  section Finish
    Arrive: 4
    Leave: 2: Alice, Bob
EOF
# The to-be version: Pay before Book (Book moved to position 1) and scored
# 3, Leave removed, Relax added, title changed.  x = (1, 0, 0.5, 1): mean
# 0.625 (+0.5), trough 0 (+0.5), end 1 (+1.5), slope 0.15 (+0.3),
# success 1*0.5*0.75*1 = 0.375 (+0.328125).
cat >"$T/trip2.mmd" <<'EOF'
journey
  title Test trip v2
  section Start
    Pay: 5: Bob
    Book: 3: Alice
  section Finish
    Arrive: 4
    Relax: 5: Alice
EOF
# Names a spreadsheet would run as formulas.
cat >"$T/formula.mmd" <<'EOF'
journey
  title =HYPERLINK("http://example.com")
  section =cmd
    =SUM(A1): 3: @me
    -1 refund: 2: Me
    +x: 4
EOF
# Markup in names must come out escaped in the SVG.
cat >"$T/markup.mmd" <<'EOF'
journey
  title <script>alert(1)</script>
  section <b>Stage</b>
    <img src=x onerror=alert(1)>: 4: <i>Eve</i>
EOF
printf 'journey\n  title Off the scale\n  section A\n    Step: 7: Me\n' >"$T/seven.mmd"
printf 'journey\n  section A\377\n    T: 3\n' >"$T/utf8.mmd"
: >"$T/empty.mmd"

# --- help ---
run 0 "journey --help" journey --help && contains "$T/out" "validate" "lists validate" &&
  contains "$T/out" "diff" "lists diff"
for sub in validate render convert score diff; do
  run 0 "journey $sub --help" journey "$sub" --help &&
    contains "$T/out" "Usage: cx journey $sub" "$sub usage line" &&
    contains "$T/out" "Exit status" "$sub documents the exit status"
done
run 0 "help journey" help journey && contains "$T/out" "Usage: cx journey COMMAND" "overview"
run 0 "journey help score" journey help score && contains "$T/out" "--aggregate" "score options"

# --- usage errors: exit 2 with a hint ---
run 2 "no subcommand" journey
run 2 "unknown subcommand" journey draw "$T/trip.mmd" &&
  contains "$T/err" "unknown command 'draw'" "names the subcommand"
run 2 "no file" journey score && contains "$T/err" "Try 'cx journey score --help'" "usage hint"
run 2 "unknown option" journey score "$T/trip.mmd" --colour
run 2 "option of another subcommand" journey score "$T/trip.mmd" --width 800
run 2 "bad format" journey score "$T/trip.mmd" --format xml
run 2 "unknown extension" journey score "$T/trip.txt" &&
  contains "$T/err" "--from" "suggests --from"
run 2 "stdin needs --from" journey score -
run 2 "bad --from" journey score "$T/trip.mmd" --from yaml
run 2 "two files for score" journey score "$T/trip.mmd" "$T/trip2.mmd"
run 2 "one file for diff" journey diff "$T/trip.mmd" && contains "$T/err" "OLD and NEW" "says what diff needs"
run 2 "stdin twice" journey diff - - --from mermaid
run 2 "bad aggregate" journey score "$T/trip.mmd" --aggregate mean,median &&
  contains "$T/err" "median" "names the value"
run 2 "empty aggregate item" journey score "$T/trip.mmd" --aggregate mean,
run 2 "bad --by" journey score "$T/trip.mmd" --by touchpoint
run 2 "--table needs csv" journey score "$T/trip.mmd" --table touchpoints
run 2 "bad --table" journey score "$T/trip.mmd" --format csv --table all
run 2 "peak-end weight above 1" journey score "$T/trip.mmd" --peak-end-weight 1.5
run 2 "peak-end weight not a number" journey score "$T/trip.mmd" --peak-end-weight nan
run 2 "scale out of order" journey score "$T/trip.mmd" --scale 5,3,1
run 2 "scale with two numbers" journey score "$T/trip.mmd" --scale 1,5
run 2 "width below 400" journey render "$T/trip.mmd" --width 399
run 2 "width above 20000" journey render "$T/trip.mmd" --width 20001
run 2 "width not a number" journey render "$T/trip.mmd" --width wide
run 2 "bad theme" journey render "$T/trip.mmd" --theme neon
run 2 "bad lane" journey render "$T/trip.mmd" --lanes emotion,colour
run 2 "-o needs a value" journey render "$T/trip.mmd" -o
run 2 "convert without -o" journey convert "$T/trip.mmd"
run 2 "convert to an unknown extension" journey convert "$T/trip.mmd" -o "$T/x.txt"
run 2 "convert to stdout needs --to" journey convert "$T/trip.mmd" -o -
run 2 "bad indent" journey convert "$T/trip.mmd" -o "$T/x.json" --indent 17
run 2 "--lenient takes no value" journey score "$T/trip.mmd" --lenient=1

# --- bad input: exit 1 with file:line:column and value ---
run 1 "missing file" journey score "$T/none.mmd" &&
  contains "$T/err" "none.mmd" "names the file"
run 1 "score off the scale" journey score "$T/seven.mmd" &&
  contains "$T/err" "seven.mmd:4:11: " "names line and column" &&
  contains "$T/err" "('7')" "names the value" && contains "$T/err" "cx: " "prefixed"
run 1 "invalid UTF-8" journey score "$T/utf8.mmd" &&
  contains "$T/err" "utf8.mmd:2:12:" "places the bad byte"
run 1 "empty file" journey validate "$T/empty.mmd" &&
  contains "$T/out" "cannot be loaded" "validate reports it"
run 1 "validate: one bad file of two" journey validate "$T/trip.mmd" "$T/seven.mmd" &&
  contains "$T/out" "trip.mmd: valid (2 stages, 4 touchpoints, 2 actors)" "good file valid" &&
  contains "$T/out" "seven.mmd: cannot be loaded" "bad file named"
run 1 "validate json: load error" journey validate "$T/seven.mmd" --format json &&
  check_py "load error in the JSON report" '
f = d["files"][0]
assert d["valid"] is False and f["loaded"] is False and "seven.mmd:4:11" in f["error"]'
run 1 "validate csv: load error" journey validate "$T/seven.mmd" --format csv &&
  check_py "load error row" '
assert rows[0]["code"] == "load-error" and "('"'"'7'"'"')" in rows[0]["message"]'
run 1 "render: missing file" journey render "$T/none.mmd" -o "$T/none.svg"
run 1 "render: cannot write" journey render "$T/trip.mmd" -o "$T/no/such/dir/x.svg" &&
  contains "$T/err" "cannot write" "says it cannot write"

# --- lenient and declared scales ---
# Lenient: the scale widens to 1..7 (neutral stays 3): x = (7-3)/(7-3) = 1.
run 0 "lenient" journey score "$T/seven.mmd" --lenient --format json &&
  check_py "lenient widens the scale" '
assert d["journey"]["scale"] == {"min": 1.0, "neutral": 3.0, "max": 7.0}
assert d["scores"]["mean"] == 1'
# --scale 0,5,10: x = (7 - 5)/(10 - 5) = 0.4; success (7 - 0)/10 = 0.7.
run 0 "declared scale" journey score "$T/seven.mmd" --scale 0,5,10 --format json &&
  check_py "score on 0..10, neutral 5" '
assert close(d["scores"]["mean"], 0.4) and close(d["scores"]["success"], 0.7)'

# --- validate ---
run 0 "validate good files" journey validate "$T/trip.mmd" "$T/trip2.mmd" &&
  contains "$T/out" "trip2.mmd: valid" "second file checked"
run 0 "validate json" journey validate "$T/trip.mmd" --format json &&
  check_py "valid journey report" '
f = d["files"][0]
assert d["valid"] is True and f["valid"] is True and f["problems"] == []
assert (f["stages"], f["touchpoints"], f["actors"]) == (2, 4, 2)
assert f["format"] == "mermaid"'
run 0 "validate from stdin" journey validate - --from mermaid <"$T/trip.mmd" &&
  contains "$T/out" "standard input: valid" "standard input named"

# --- score: text ---
if run 0 "score text" journey score "$T/trip.mmd"; then
  contains "$T/out" "Journey: Test trip" "title"
  contains "$T/out" "Scale 1..5, neutral 3; 2 stages, 4 touchpoints (4 scored), 2 actors" "header"
  if grep -E '^mean +0\.125 +0\.250 +0\.000$' "$T/out" >/dev/null; then
    ok "mean of journey and stages"
  else bad "mean row: $(grep '^mean' "$T/out")"; fi
  if grep -E '^slope +-0\.150 +1\.500 +-1\.000$' "$T/out" >/dev/null; then
    ok "slope of journey and stages"
  else bad "slope row: $(grep '^slope' "$T/out")"; fi
  if grep -E '^weighted_mean +- +- +-$' "$T/out" >/dev/null; then
    ok "weighted mean undefined without durations"
  else bad "weighted_mean row: $(grep '^weighted_mean' "$T/out")"; fi
  contains "$T/out" "FLAGGED: the final stage 'finish' scores 0.000, below the journey mean 0.125 by 0.125" \
    "ending flagged with the shortfall"
  contains "$T/out" "No touchpoint falls short" "no pain points without levels"
fi
run 0 "score, only named actors" journey score "$T/trip.mmd" --by actor --named-actors-only &&
  if grep -E '^mean +0\.125 +-0\.500 +0\.250$' "$T/out" >/dev/null; then
    ok "per-actor means, named only"
  else bad "mean row: $(grep '^mean' "$T/out")"; fi
run 0 "score --by stage hides actors" journey score "$T/trip.mmd" --by stage &&
  lacks "$T/out" "journey and actors" "no actor table"

# --- score: JSON ---
run 0 "score json" journey score "$T/trip.mmd" --format json && check_py "every aggregate" '
s = d["scores"]
assert s["n"] == 4 and s["n_weighted"] == 0
want = {"mean": 0.125, "peak": 1, "trough": -0.5, "most_intense": 1,
        "beginning": -0.5, "end": -0.5, "peak_end": 0.25, "slope": -0.15,
        "variability": 0.75, "success": 0.046875}
for k, v in want.items():
    assert close(s[k], v), (k, s[k], v)
assert s["weighted_mean"] is None
st = {x["id"]: x for x in d["stages"]}
assert close(st["start"]["scores"]["mean"], 0.25)
assert close(st["start"]["scores"]["slope"], 1.5)
assert close(st["start"]["scores"]["variability"], 1.5 / math.sqrt(2))
assert close(st["finish"]["scores"]["slope"], -1)
assert close(st["finish"]["scores"]["success"], 0.1875)
assert st["start"]["reach"] is None and st["finish"]["drop"] is None
ac = {x["id"]: x for x in d["actors"]}
assert ac["alice"]["name"] == "Alice"
assert close(ac["alice"]["scores"]["mean"], -1 / 6)
assert close(ac["bob"]["scores"]["mean"], 1 / 3)
e = d["ending"]
assert e["flagged"] is True and e["final_stage"] == "finish"
assert close(e["shortfall"], 0.125) and close(e["journey_mean"], 0.125)
tp = {x["id"]: x for x in d["touchpoints"]}
assert [x["id"] for x in d["touchpoints"]] == ["book", "pay", "arrive", "leave"]
assert tp["pay"]["score"] == 5 and close(tp["pay"]["normalized"], 1)
assert tp["book"]["gap"] is None and tp["book"]["zone"] is None
assert d["pain_points"] == []
assert d["options"]["peak_end_weight"] == 0.5 and d["options"]["unassigned_for_all"] is True'
run 0 "score json, chosen aggregates" journey score "$T/trip.mmd" --format json \
  --aggregate end,peak-end --peak-end-weight 1 && check_py "only end and peak_end; w = 1" '
assert sorted(d["scores"]) == ["end", "n", "n_weighted", "peak_end"]
assert d["scores"]["peak_end"] == 1 and d["options"]["aggregates"] == ["end", "peak_end"]'
run 0 "peak-end weight 0" journey score "$T/trip.mmd" --format json --peak-end-weight 0 &&
  check_py "w = 0: peak-end is the end" 'assert d["scores"]["peak_end"] == -0.5'
run 0 "score from stdin" journey score - --from mermaid --format json <"$T/trip.mmd" &&
  check_py "stdin gives the same mean" 'assert close(d["scores"]["mean"], 0.125)'

# --- score: CSV ---
run 0 "score csv summary" journey score "$T/trip.mmd" --format csv && check_py "summary rows" '
assert [r["level"] for r in rows] == ["journey", "stage", "stage", "actor", "actor"]
j = rows[0]
assert j["mean"] == "0.125" and j["success"] == "0.046875" and j["weighted_mean"] == ""
assert j["ending_flagged"] == "1" and j["ending_final_stage"] == "finish"
assert j["ending_shortfall"] == "0.125"
assert rows[1]["id"] == "start" and rows[1]["slope"] == "1.5"
assert rows[3]["id"] == "alice" and abs(float(rows[3]["mean"]) + 1 / 6) < 1e-12'
run 0 "score csv touchpoints" journey score "$T/trip.mmd" --format csv --table touchpoints &&
  check_py "touchpoint rows" '
assert [r["id"] for r in rows] == ["book", "pay", "arrive", "leave"]
assert rows[0]["stage"] == "start" and rows[0]["score"] == "2"
assert rows[0]["normalized"] == "-0.5" and rows[0]["gap"] == "" and rows[0]["rank"] == ""'
run 0 "score csv, one aggregate" journey score "$T/trip.mmd" --format csv --aggregate slope --by stage &&
  contains "$T/out" "level,id,name,n,n_weighted,slope,reach," "header has only slope" &&
  contains "$T/out" "journey,,Test trip,4,0,-0.15" "journey row"

# --- CSV formula safety ---
run 0 "formula names, summary" journey score "$T/formula.mmd" --format csv &&
  contains "$T/out" "journey,,\"'=HYPERLINK(\"\"http://example.com\"\")\"," "title escaped and quoted" &&
  contains "$T/out" "stage,cmd,\"'=cmd\"," "stage name escaped" &&
  contains "$T/out" "actor,me,\"'@me\"," "actor name escaped"
run 0 "formula names, touchpoints" journey score "$T/formula.mmd" --format csv --table touchpoints &&
  contains "$T/out" "cmd,sum-a1,\"'=SUM(A1)\",3,0," "= escaped" &&
  contains "$T/out" "cmd,1-refund,\"'-1 refund\",2,-0.5," "- escaped, the negative number not" &&
  contains "$T/out" "cmd,x,\"'+x\",4,0.5," "+ escaped"
run 0 "formula names, text" journey score "$T/formula.mmd" --by stage &&
  contains "$T/out" "\"'=HYPERLINK" "text table escapes the title"

# --- diff ---
if run 0 "diff text" journey diff "$T/trip.mmd" "$T/trip2.mmd"; then
  contains "$T/out" "1 added, 1 removed, 1 moved, 2 changed" "counts"
  if grep -E '^moved +touchpoint +book +position +0 +1$' "$T/out" >/dev/null; then
    ok "book moved from position 0 to 1"
  else bad "moved row: $(grep '^moved' "$T/out")"; fi
  if grep -E '^mean +0\.125 +0\.625 +0\.500$' "$T/out" >/dev/null; then
    ok "mean change"
  else bad "mean row: $(grep '^mean' "$T/out")"; fi
fi
run 0 "diff json" journey diff "$T/trip.mmd" "$T/trip2.mmd" --format json && check_py "diff records and scores" '
c = [(x["change"], x["element"], x["id"], x["field"], x["old"], x["new"]) for x in d["changes"]]
assert c == [("changed", "journey", "", "title", "Test trip", "Test trip v2"),
             ("moved", "touchpoint", "book", "position", "0", "1"),
             ("changed", "touchpoint", "book", "score", "2", "3"),
             ("added", "touchpoint", "relax", "", "", "Relax"),
             ("removed", "touchpoint", "leave", "", "Leave", "")], c
assert d["counts"] == {"added": 1, "removed": 1, "moved": 1, "changed": 2}
s = d["scores"]
assert close(s["mean"]["old"], 0.125) and close(s["mean"]["new"], 0.625)
assert close(s["mean"]["change"], 0.5) and close(s["end"]["change"], 1.5)
assert close(s["trough"]["change"], 0.5) and close(s["slope"]["change"], 0.3)
assert close(s["success"]["new"], 0.375) and close(s["success"]["change"], 0.328125)
assert s["weighted_mean"] == {"old": None, "new": None, "change": None}
assert s["n"] == {"old": 4, "new": 4, "change": 0}'
run 0 "diff csv" journey diff "$T/trip.mmd" "$T/trip2.mmd" --format csv && check_py "diff csv rows" '
assert rows[0] == {"change": "changed", "element": "journey", "id": "", "field": "title",
                   "old": "Test trip", "new": "Test trip v2", "difference": ""}
sc = {r["field"]: r for r in rows if r["change"] == "score"}
assert sc["mean"]["old"] == "0.125" and sc["mean"]["new"] == "0.625"
assert sc["mean"]["difference"] == "0.5" and sc["weighted_mean"]["difference"] == ""'
run 0 "diff of a journey with itself" journey diff "$T/trip.mmd" "$T/trip.mmd" &&
  contains "$T/out" "0 added, 0 removed, 0 moved, 0 changed" "no changes"
run 0 "diff csv escapes values" journey diff "$T/trip.mmd" "$T/formula.mmd" --format csv &&
  contains "$T/out" "changed,journey,,title,Test trip,\"'=HYPERLINK(" "new title escaped"
run 1 "diff: missing file" journey diff "$T/trip.mmd" "$T/none.mmd"

# --- render ---
if run 0 "render" journey render "$T/trip.mmd" -o "$T/trip.svg"; then
  well_formed "$T/trip.svg" "SVG is well-formed XML"
  contains "$T/trip.svg" "Test trip" "title drawn"
  "$CX" journey render "$T/trip.mmd" -o "$T/trip2.svg" &&
    if cmp -s "$T/trip.svg" "$T/trip2.svg"; then ok "render is deterministic"; else
      bad "two renders differ"; fi
fi
run 0 "render to stdout, options" journey render "$T/trip.mmd" --width 900 --theme dark \
  --lanes touchpoints,emotion --title "Other title" &&
  contains "$T/out" 'width="900"' "width option" &&
  contains "$T/out" "Other title" "title option" &&
  lacks "$T/out" "cx-lane-gaps" "gaps lane left out" &&
  { cp "$T/out" "$T/dark.svg"; well_formed "$T/dark.svg" "dark SVG well-formed"; }
for theme in light print; do
  run 0 "render $theme" journey render "$T/trip.mmd" -o "$T/$theme.svg" --theme "$theme" &&
    well_formed "$T/$theme.svg" "$theme SVG well-formed"
done
run 0 "render escapes markup" journey render "$T/markup.mmd" -o "$T/markup.svg" &&
  well_formed "$T/markup.svg" "SVG with markup in names well-formed" &&
  lacks "$T/markup.svg" "<script" "no script element" &&
  lacks "$T/markup.svg" "<img" "no img element" &&
  contains "$T/markup.svg" "&lt;script&gt;" "title escaped"
run 0 "render escapes --title" journey render "$T/trip.mmd" --title '<script>x</script>' &&
  lacks "$T/out" "<script" "title option escaped"

# --- convert ---
run 0 "convert mermaid to mermaid via stdout" journey convert "$T/trip.mmd" -o - --to mermaid &&
  { cp "$T/out" "$T/round.mmd"
    run 0 "score of the converted diagram" journey score "$T/round.mmd" --format json &&
      check_py "same scores after a round trip" '
assert close(d["scores"]["mean"], 0.125) and close(d["scores"]["slope"], -0.15)'; }
run 0 "convert from stdin to a file" journey convert - --from mermaid -o "$T/stdin.mmd" <"$T/trip.mmd" &&
  if cmp -s "$T/stdin.mmd" "$T/round.mmd"; then ok "stdin and file convert alike"; else
    bad "stdin conversion differs"; fi

# --- JSON input (needs the JSON reader and writer) ---
# The same trip with everything Mermaid cannot hold.  Touchpoints in
# journey order; t4 has no score, stage s3 none at all:
#   t1 score 2, duration 2, alice; E 4, P 2, A 3, D 4.5, importance 2,
#      reach 1000: gap -2, below the zone (MSA -1, MSS -2.5), priority
#      2 * 2 * 1000 = 4000
#   t2 score 5, duration 1, bob; E 3, P 5, A 3, D 4, reach 800: gap +2,
#      above the zone, not ranked
#   t3 score 4, no actor; E 4, P 3, reach 600, importance missing (1):
#      gap -1, priority 600
#   t4 no score, duration 7; E 3, P 3: gap 0, not ranked
#   t5 score 2, duration 3, alice and bob; E 5, P 2, A 2, D 4, importance
#      4, reach missing (1): gap -3, within the zone, priority 12
#   t6 (stage s3) no score, reach 150; E 2, P 2.5: gap +0.5
# Scores as trip.mmd: mean 0.125 ...; weighted mean over t1, t2, t5:
# (2*(-0.5) + 1*1 + 3*(-0.5))/6 = -0.25, n_weighted 3.  Ending: s3 has no
# scored touchpoint, so the final stage is s2 (mean 0 < 0.125): flagged.
# Drop-off: s1 1000; s2 600, drop 400, share 0.4; s3 150, drop 450,
# share 0.75.  Pain points: t1 4000, t3 600, t5 12.
cat >"$T/full.json" <<'EOF'
{
  "format": "libcx-journey",
  "version": 1,
  "id": "full",
  "title": "Full trip",
  "scale": {"min": 1, "max": 5, "neutral": 3},
  "actors": [{"id": "alice", "name": "Alice"}, {"id": "bob", "name": "Bob"}],
  "stages": [
    {"id": "s1", "name": "Discover", "description": "Looking around", "touchpoints": [
      {"id": "t1", "name": "Find", "channel": "web", "actors": ["alice"], "score": 2,
       "expectation": 4, "experience": 2, "adequate": 3, "desired": 4.5,
       "importance": 2, "duration": 2, "reach": 1000,
       "pain_points": ["Search finds nothing"]},
      {"id": "t2", "name": "Compare", "actors": ["bob"], "score": 5,
       "expectation": 3, "experience": 5, "adequate": 3, "desired": 4,
       "duration": 1, "reach": 800, "metrics": {"CSAT": 4.3}}]},
    {"id": "s2", "name": "Buy", "touchpoints": [
      {"id": "t3", "name": "Order", "channel": "kiosk", "score": 4,
       "expectation": 4, "experience": 3, "reach": 600},
      {"id": "t4", "name": "Wait", "expectation": 3, "experience": 3, "duration": 7},
      {"id": "t5", "name": "Receive", "actors": ["alice", "bob"], "score": 2,
       "expectation": 5, "experience": 2, "adequate": 2, "desired": 4,
       "importance": 4, "duration": 3, "moment_of_truth": true}]},
    {"id": "s3", "name": "Use", "touchpoints": [
      {"id": "t6", "name": "Return", "expectation": 2, "experience": 2.5, "reach": 150}]}
  ]
}
EOF
# Every kind of problem validate reports, one each (the reader loads them
# and leaves the verdict to validate).
cat >"$T/problems.json" <<'EOF'
{
  "format": "libcx-journey",
  "version": 1,
  "id": "broken",
  "title": "Broken",
  "scale": {"min": 1, "max": 5, "neutral": 3},
  "actors": [{"id": "alice", "name": "Alice"}],
  "stages": [
    {"id": "s1", "name": "", "touchpoints": [
      {"id": "dup", "name": "First", "score": 3},
      {"id": "dup", "name": "Second", "score": 3},
      {"id": "who", "name": "Who", "actors": ["carol"], "score": 3},
      {"id": "high", "name": "High", "score": 7},
      {"id": "neg", "name": "Negative", "reach": -5},
      {"id": "zone", "name": "Zone", "adequate": 4, "desired": 3}]}
  ]
}
EOF
json_ok=1
"$CX" journey validate "$T/full.json" >"$T/out" 2>"$T/err"
if grep -F "reader is not available" "$T/out" "$T/err" >/dev/null; then
  # The JSON reader is still the placeholder that refuses every file.
  echo "note: JSON journey reader not available in this build; JSON checks not run"
  json_ok=0
else
  run 0 "validate full.json" journey validate "$T/full.json" &&
    contains "$T/out" "full.json: valid (3 stages, 6 touchpoints, 2 actors)" "full journey valid"
  if run 1 "validate problems.json" journey validate "$T/problems.json" --format json; then
    check_py "every problem with code, id and field" '
p = [(x["code"], x["element"], x["id"], x["field"]) for x in d["files"][0]["problems"]]
for want in [("empty-name", "stage", "s1", "name"),
             ("duplicate-id", "touchpoint", "dup", "id"),
             ("unknown-actor", "touchpoint", "who", "actors"),
             ("out-of-scale", "touchpoint", "high", "score"),
             ("negative", "touchpoint", "neg", "reach"),
             ("inverted-zone", "touchpoint", "zone", "adequate")]:
    assert want in p, (want, p)
assert len(p) == 6, p
assert d["valid"] is False and d["files"][0]["loaded"] is True'
  fi
  run 1 "validate problems.json, text" journey validate "$T/problems.json" &&
    contains "$T/out" "problems.json: 6 problems" "count" &&
    contains "$T/out" "actor 'carol' is not declared" "message names the actor"
  run 1 "validate problems.json, csv" journey validate "$T/problems.json" --format csv &&
    check_py "problem rows" '
assert len(rows) == 6 and rows[0]["file"].endswith("problems.json")
assert {r["code"] for r in rows} == {"empty-name", "duplicate-id", "unknown-actor",
                                     "out-of-scale", "negative", "inverted-zone"}'
  run 0 "score warns about problems" journey score "$T/problems.json" &&
    contains "$T/err" "warning: " "warning on standard error" &&
    contains "$T/err" "6 problems" "counts them"

  run 0 "score full.json" journey score "$T/full.json" --format json && check_py "gaps, priorities, drop-off" '
s = d["scores"]
assert close(s["mean"], 0.125) and close(s["weighted_mean"], -0.25) and s["n_weighted"] == 3
tp = {x["id"]: x for x in d["touchpoints"]}
assert tp["t1"]["gap"] == -2 and tp["t1"]["zone"] == "below"
assert tp["t1"]["adequacy"] == -1 and tp["t1"]["superiority"] == -2.5
assert tp["t2"]["gap"] == 2 and tp["t2"]["zone"] == "above" and tp["t2"]["rank"] is None
assert tp["t3"]["zone"] is None and tp["t3"]["priority"] == 600 and tp["t3"]["rank"] == 2
assert tp["t4"]["gap"] == 0 and tp["t4"]["rank"] is None and tp["t4"]["normalized"] is None
assert tp["t5"]["zone"] == "within" and tp["t5"]["priority"] == 12
pp = [(x["rank"], x["id"], x["gap"], x["priority"]) for x in d["pain_points"]]
assert pp == [(1, "t1", -2, 4000), (2, "t3", -1, 600), (3, "t5", -3, 12)], pp
assert d["pain_points"][0]["name"] == "Find" and d["pain_points"][2]["reach"] is None
st = {x["id"]: x for x in d["stages"]}
assert st["s1"]["reach"] == 1000 and st["s1"]["drop"] is None
assert st["s2"]["previous_reach"] == 1000 and st["s2"]["drop"] == 400
assert close(st["s2"]["drop_share"], 0.4)
assert st["s3"]["reach"] == 150 and st["s3"]["drop"] == 450
assert close(st["s3"]["drop_share"], 0.75) and st["s3"]["scores"]["n"] == 0
assert st["s3"]["scores"]["mean"] is None
e = d["ending"]
assert e["flagged"] is True and e["final_stage"] == "s2" and close(e["shortfall"], 0.125)
ac = {x["id"]: x for x in d["actors"]}
assert close(ac["alice"]["scores"]["weighted_mean"], -0.5)'
  run 0 "score full.json text" journey score "$T/full.json" &&
    if grep -E '^ *1 +t1 +Find +-2 +2 +1000 +4000$' "$T/out" >/dev/null; then
      ok "pain point table"
    else bad "pain points: $(grep -E '^[0-9] ' "$T/out")"; fi
  run 0 "score full.json csv touchpoints" journey score "$T/full.json" --format csv --table touchpoints &&
    contains "$T/out" "s1,t1,Find,2,-0.5,4,2,3,4.5,2,2,1000,-2,-1,-2.5,below,4000,1" "t1 row"
  run 0 "score full.json csv summary" journey score "$T/full.json" --format csv --by stage &&
    contains "$T/out" "stage,s2,Buy,2,1,0,-0.5,0.5,-0.5,-0.5,0.5,-0.5,-0.5,-1,0.7071067811865476,0.1875,600,1000,400,0.4,,," \
      "stage s2 row: scores and drop-off"

  # JSON -> Mermaid keeps names, scores and actors, and says what it drops.
  if run 0 "convert json to mermaid" journey convert "$T/full.json" -o "$T/full.mmd"; then
    contains "$T/err" "note: Mermaid cannot hold" "note on what is left out"
    contains "$T/err" "expectation (6)" "counts the expectations"
    contains "$T/err" "channel (2)" "counts the channels"
    run 0 "score the Mermaid export" journey score "$T/full.mmd" --format json &&
      check_py "Mermaid export scores" '
# Touchpoints without a score are written at the neutral point (3, x = 0):
# x = (-0.5, 1, 0.5, 0, -0.5, 0): mean 0.5/6.
assert close(d["scores"]["mean"], 0.5 / 6) and d["scores"]["n"] == 6'
  fi
  # JSON -> JSON: stable after one pass; Mermaid -> JSON -> Mermaid.
  run 0 "convert json to json" journey convert "$T/full.json" -o "$T/a.json" &&
    run 0 "convert again" journey convert "$T/a.json" -o "$T/b.json" &&
    if cmp -s "$T/a.json" "$T/b.json"; then ok "JSON output is stable"; else
      bad "JSON output changes on a second pass"; fi
  run 0 "convert json to stdout, one line" journey convert "$T/full.json" -o - --to json --indent 0 &&
    check_py "one-line JSON parses" 'assert d["id"] == "full" and text.count("\n") <= 1'
  run 0 "mermaid to json" journey convert "$T/trip.mmd" -o "$T/trip.json" &&
    run 0 "json back to mermaid" journey convert "$T/trip.json" -o "$T/trip3.mmd" &&
    run 0 "diff of the round trip" journey diff "$T/trip.mmd" "$T/trip3.mmd" --format json &&
    check_py "round trip changes nothing" 'assert d["changes"] == [], d["changes"]'
  run 0 "diff json and mermaid" journey diff "$T/trip.json" "$T/trip2.mmd" --format json &&
    check_py "formats mix in a diff" 'assert d["counts"]["moved"] == 1'
  run 0 "render full.json" journey render "$T/full.json" -o "$T/full.svg" &&
    well_formed "$T/full.svg" "full journey SVG well-formed"
  run 0 "known members pass --reject-unknown" journey validate "$T/full.json" --reject-unknown
  printf '{"format": "libcx-journey", "version": 1, "id": "x", "colour": "red", "stages": []}\n' >"$T/unknown.json"
  run 1 "unknown member refused" journey validate "$T/unknown.json" --reject-unknown &&
    contains "$T/out" "colour" "names the member"
  run 0 "unknown member kept" journey validate "$T/unknown.json"
  printf '{"format": "libcx-journey", "version": 1,\n "id": 5}\n' >"$T/badtype.json"
  run 1 "JSON error place" journey score "$T/badtype.json" &&
    contains "$T/err" "badtype.json:2:" "names the line"
fi

# --- the bundled journeys ---
if [ -n "$DATA" ] && [ -d "$DATA/journeys" ]; then
  for f in "$DATA"/journeys/*.json "$DATA"/journeys/*.mmd; do
    [ -f "$f" ] || continue
    [ "$json_ok" = 1 ] || [ "${f%.json}" = "$f" ] || continue
    b=$(basename "$f")
    run 0 "sample $b validates" journey validate "$f"
    run 0 "sample $b scores" journey score "$f" --format json &&
      check_py "sample $b: scores in [-1, 1]" '
s = d["scores"]
assert s["n"] > 0 and -1 <= s["mean"] <= 1 and 0 <= s["success"] <= 1'
    run 0 "sample $b renders" journey render "$f" -o "$T/sample.svg" --width 1400 &&
      well_formed "$T/sample.svg" "sample $b SVG well-formed"
  done
fi

if [ "$failures" -ne 0 ]; then
  printf '%d check(s) failed\n' "$failures"
  exit 1
fi
echo "all checks passed"
