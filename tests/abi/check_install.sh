#!/bin/sh
# Install into a scratch folder, then build the README's C example with
# nothing but `pkg-config --cflags --libs libcx` and run it on the sample
# survey.  Proves the installed headers, library and .pc file work.
set -eu
build=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
meson install -C "$build" --destdir "$tmp/root" --no-rebuild --quiet >/dev/null
pc=$(find "$tmp/root" -name libcx.pc | head -n 1)
[ -n "$pc" ] || { echo "FAIL: libcx.pc was not installed" >&2; exit 1; }
pcdir=$(dirname "$pc")
# The sysroot makes pkg-config's paths point into the scratch install.
pc() { PKG_CONFIG_PATH="$pcdir" PKG_CONFIG_SYSROOT_DIR="$tmp/root" pkg-config "$@"; }
flags=$(pc --cflags --libs libcx)
case "$flags" in
  *"$tmp/root"*) ;;
  *) echo "FAIL: pkg-config flags do not point into the install: $flags" >&2; exit 1 ;;
esac
# The first C block of the README is the example newcomers copy.
awk '/^```c$/ { on = 1; next } on && /^```$/ { exit } on { print }' \
  "$src/README.md" > "$tmp/first.c"
[ -s "$tmp/first.c" ] || { echo "FAIL: no C example in README.md" >&2; exit 1; }
# shellcheck disable=SC2086
cc -std=c11 -Wall -Werror "$tmp/first.c" -o "$tmp/first" $flags
libdir=$tmp/root$(pc --variable=libdir libcx | sed "s,^$tmp/root,,")
(cd "$src" && LD_LIBRARY_PATH="$libdir" "$tmp/first") > "$tmp/out"
lines=$(wc -l < "$tmp/out")
[ "$lines" -ge 8 ] || { echo "FAIL: README example printed $lines lines" >&2; cat "$tmp/out" >&2; exit 1; }
for h in cx.h common.h kano.h io.h render.h version.h; do
  [ -n "$(find "$tmp/root" -path "*/include/cx/$h")" ] || { echo "FAIL: cx/$h not installed" >&2; exit 1; }
done
echo "ok: installed headers, library and libcx.pc build and run the README example"
