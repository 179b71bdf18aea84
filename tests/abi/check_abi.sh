#!/bin/sh
# ABI guard: compare the built shared library with the ABI baseline of the
# current SONAME (tests/abi/libcx.abi, written by `./run abi-baseline` when
# a release is made).  Additions are reported and accepted; an incompatible
# change (a removed function, a changed struct or signature) fails unless
# the SONAME was bumped, as docs/api-stability.md promises.
#
#   check_abi.sh LIBRARY BASELINE INCLUDE_DIR BUILD_INCLUDE_DIR
set -eu
lib=$1 baseline=$2 inc=$3 binc=$4

if ! command -v abidiff >/dev/null 2>&1; then
  echo "SKIPPED: abidiff not found (Debian package abigail-tools)"
  exit 77
fi
if [ ! -f "$baseline" ]; then
  echo "no ABI baseline at $baseline (./run abi-baseline writes it)" >&2
  exit 1
fi

old_soname=$(sed -n "s/.*<abi-corpus [^>]*soname='\([^']*\)'.*/\1/p" "$baseline" | head -1)
new_soname=$(objdump -p "$lib" | awk '$1 == "SONAME" { print $2 }')
echo "baseline SONAME: ${old_soname:-?}, built SONAME: ${new_soname:-?}"

report=$(mktemp)
trap 'rm -f "$report"' EXIT
set +e
abidiff --no-added-syms --headers-dir1 "$inc" --headers-dir1 "$binc" \
  --headers-dir2 "$inc" --headers-dir2 "$binc" "$baseline" "$lib" >"$report" 2>&1
rc=$?
set -e
cat "$report"
# abidiff's exit status is a bit field: 1 error, 2 usage, 4 change,
# 8 incompatible change.
if [ $((rc & 3)) -ne 0 ]; then
  echo "abidiff failed (status $rc)" >&2
  exit 1
fi
# Only additions pass.  abidiff calls a changed type behind a pointer
# "compatible" (status 4), but a caller compiled against the old header
# would pass the old layout, so any removed or changed function or
# variable counts as a break here.
changed=$(sed -n 's/.*changes summary: \([0-9]*\) Removed[^,]*, \([0-9]*\) Changed.*/\1 \2/p' "$report" |
  awk '{ n += $1 + $2 } END { print n + 0 }')
if [ $((rc & 8)) -ne 0 ] || [ "$changed" -gt 0 ]; then
  if [ -n "$old_soname" ] && [ "$old_soname" != "$new_soname" ]; then
    echo "incompatible ABI change with a new SONAME ($old_soname -> $new_soname): accepted"
    exit 0
  fi
  echo "INCOMPATIBLE ABI change without a SONAME bump: see the report above." >&2
  echo "Bump soversion in meson.build, or undo the change (docs/api-stability.md)." >&2
  exit 1
fi
if [ $((rc & 4)) -ne 0 ]; then
  echo "compatible ABI changes (additions only): accepted"
else
  echo "ABI identical to the baseline"
fi
