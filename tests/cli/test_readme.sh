#!/bin/sh
# Every `cx` command line shown in README.md runs as written (from the
# source root, with its output files in a scratch folder), so the README
# cannot drift from the tool.
# Usage: test_readme.sh PATH/TO/cx SOURCE_ROOT
set -u
CX=${1:?usage: $0 PATH/TO/cx SOURCE_ROOT}
ROOT=${2:?usage: $0 PATH/TO/cx SOURCE_ROOT}
T=$(mktemp -d "${TMPDIR:-/tmp}/cx-readme.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT INT TERM

# The shell lines of the README's code blocks that start with "cx ",
# without their comments.
sed -n '/^```sh$/,/^```$/p' "$ROOT/README.md" | grep '^cx ' |
  sed 's/[[:space:]]*#.*$//' >"$T/lines"
n=$(wc -l <"$T/lines")
if [ "$n" -lt 5 ]; then
  echo "FAIL: found only $n cx lines in README.md"
  exit 1
fi
failures=0
cd "$ROOT" || exit 1
while IFS= read -r line; do
  # Output files (-o X, --svg X, --ipa-svg X) go to the scratch folder.
  cmd=$(printf '%s\n' "$line" | sed -E \
    -e "s#(-o|--svg|--ipa-svg) ([^ ]+)#\1 $T/\2#g" -e "s#^cx #\"\$CX\" #")
  if eval "$cmd" >"$T/out" 2>"$T/err"; then
    echo "ok: $line"
  else
    echo "FAIL: $line"
    sed 's/^/  stderr: /' "$T/err" | head -5
    failures=$((failures + 1))
  fi
done <"$T/lines"
[ "$failures" -eq 0 ] || { echo "$failures README command(s) failed"; exit 1; }
echo "all $n README commands ran"
