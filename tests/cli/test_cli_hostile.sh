#!/bin/sh
# Hostile files fed to the cx program: a 2 GB sparse file (all NUL bytes,
# with and without a valid header line), a file of one 3 MB line, and
# bytes that are not text.  Every command that reads a file must refuse
# it quickly, with a message naming the file, line and column, exit 1,
# and stay within bounded memory (a 256 MiB address-space limit when the
# binary is not built with AddressSanitizer, which needs more).
# Usage: test_cli_hostile.sh PATH/TO/cx
set -u

CX=${1:?usage: $0 PATH/TO/cx}
T=$(mktemp -d "${TMPDIR:-/tmp}/cx-cli-hostile.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT INT TERM

failures=0
ok() { printf 'ok: %s\n' "$1"; }
bad() { printf 'FAIL: %s\n' "$1"; failures=$((failures + 1)); }

limit=""
if ! ldd "$CX" 2>/dev/null | grep -q 'libasan\|libtsan' &&
  ! nm "$CX" 2>/dev/null | grep -q '__asan_init'; then
  limit=262144 # KiB of address space
fi

# refuse NAME FILE COMMAND...: the command must exit 1 within 60 s and
# name the file and a line in its message.
refuse() {
  name=$1
  file=$2
  shift 2
  start=$(date +%s)
  (
    [ -n "$limit" ] && ulimit -v "$limit"
    exec "$CX" "$@" "$file"
  ) >"$T/out" 2>"$T/err"
  got=$?
  took=$(($(date +%s) - start))
  if [ "$got" -ne 1 ]; then
    bad "$name: exit $got, expected 1"
    sed 's/^/  stderr: /' "$T/err" | head -5
    return
  fi
  if ! grep -q "$(basename "$file"):[0-9]*:[0-9]*" "$T/err"; then
    bad "$name: message does not name file:line:column"
    sed 's/^/  stderr: /' "$T/err" | head -5
    return
  fi
  if [ "$took" -gt 60 ]; then
    bad "$name: took ${took}s"
    return
  fi
  ok "$name: $(head -1 "$T/err")"
}

# Commands that read one survey or log file (with the options they
# require), when this cx has them.
commands="kano|nps|csat --method top2|ces --version 2"
for c in gap paths; do
  if "$CX" "$c" --help >/dev/null 2>&1; then
    commands="$commands|$c"
  fi
done

truncate -s 2G "$T/sparse.csv"
{ printf 'respondent,feature,functional,dysfunctional,nps,csat,ces\n'; } >"$T/header.csv"
cp "$T/header.csv" "$T/sparse_header.csv"
truncate -s 2G "$T/sparse_header.csv"
awk 'BEGIN { printf "respondent,nps\nr1,"; for (i = 0; i < 3145728; i++) printf "9"; printf "\n" }' \
  >"$T/long_line.csv"
printf '\x89PNG\r\n\x1a\n\0\0\0\rIHDR' >"$T/image.csv"

IFS='|'
for c in $commands; do
  unset IFS
  # shellcheck disable=SC2086 # the command and its options are words
  refuse "$c: 2 GB of NUL bytes" "$T/sparse.csv" $c
  # shellcheck disable=SC2086
  refuse "$c: header then 2 GB of NUL bytes" "$T/sparse_header.csv" $c
  # shellcheck disable=SC2086
  refuse "$c: one 3 MB line" "$T/long_line.csv" $c
  # shellcheck disable=SC2086
  refuse "$c: a PNG image" "$T/image.csv" $c
  IFS='|'
done
unset IFS

if [ "$failures" -gt 0 ]; then
  echo "$failures failure(s)"
  exit 1
fi
echo "all passed"
