#!/bin/sh
# Mermaid's own parser (the pinned npm package, run by Node.js) against
# libcx's Mermaid reader and writer:
# - every diagram in tests/data/mermaid and examples/data/journeys must be
#   read by Mermaid exactly as libcx reads it;
# - every example journey (.mmd, and .json once libcx reads JSON), every
#   test diagram and the journeys built by export_mermaid --builtin are
#   exported by libcx; Mermaid must accept each export and read the title,
#   sections, tasks, scores and people that libcx meant to write.
#
#   check_mermaid.sh EXPORT_MERMAID SOURCE_ROOT
#
# Exit status 0 when all agree, 1 otherwise, 77 (skipped) when Node.js or
# the npm packages are missing: install them with
#   apt-get install nodejs npm && npm ci --prefix tests/mermaid
set -u

helper=$1
root=$2
here=$root/tests/mermaid

if ! command -v node >/dev/null 2>&1; then
  echo "SKIPPED: Node.js is not installed (apt-get install nodejs npm);" \
       "Mermaid's parser was not run"
  exit 77
fi
if [ ! -f "$here/node_modules/mermaid/package.json" ] ||
   [ ! -f "$here/node_modules/jsdom/package.json" ]; then
  echo "SKIPPED: $here/node_modules lacks mermaid or jsdom" \
       "(run: npm ci --prefix tests/mermaid); Mermaid's parser was not run"
  exit 77
fi

tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
lines=$tmp/expect.jsonl
: >"$lines"
status=0
n=0
json_skipped=0

for f in "$root"/tests/data/mermaid/*.mmd "$root"/examples/data/journeys/*.mmd \
         "$root"/examples/data/journeys/*.json; do
  [ -f "$f" ] || continue
  n=$((n + 1))
  base=$(basename "$f")
  "$helper" "$f" "$tmp/$n-${base%.*}.mmd" >>"$lines"
  rc=$?
  if [ $rc -eq 77 ]; then
    json_skipped=$((json_skipped + 1))
  elif [ $rc -ne 0 ]; then
    echo "fail $f: libcx could not read or export it"
    status=1
  fi
done
if ! "$helper" --builtin "$tmp" >>"$lines"; then
  echo "fail: export_mermaid --builtin"
  status=1
fi
if [ "$json_skipped" -gt 0 ]; then
  echo "NOTE: $json_skipped JSON journey(s) not checked: this build of libcx" \
       "cannot read JSON journeys yet"
fi

(cd "$here" && node check_parse.mjs --expect "$lines") || status=1
exit $status
