#!/bin/sh
# Fails when the dynamic symbols exported by the library differ from the
# global symbols listed in the linker version script.
set -eu
lib=$1
map=$2
tmp=${TMPDIR:-/tmp}/cx-abi.$$
trap 'rm -f "$tmp".*' EXIT
nm -D --defined-only "$lib" | awk '$2 ~ /^[TDBR]$/ { sub(/@.*/, "", $3); print $3 }' |
  grep -v '^LIBCX_' | sort -u > "$tmp.exported"
sed -e 's,/\*.*\*/,,g' "$map" | awk '
  /global:/ { g = 1; next }
  /local:/ { g = 0; next }
  g && /;/ { gsub(/[ \t;]/, ""); if ($0 != "") print }' | sort -u > "$tmp.mapped"
if ! diff -u "$tmp.mapped" "$tmp.exported"; then
  echo "FAIL: exported symbols (+) differ from lib/libcx.map (-)" >&2
  exit 1
fi
echo "ok: $(wc -l < "$tmp.exported") exported symbols match lib/libcx.map"
