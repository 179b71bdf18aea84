#!/bin/sh
# Each public header must compile alone, as C11 (strict) and as C++.
set -eu
src=$1
gen=$2
cc=${CC:-cc}
cxx=${CXX:-g++}
status=0
for h in "$src"/cx/*.h; do
  name=cx/$(basename "$h")
  printf '#include <%s>\n' "$name" > "${TMPDIR:-/tmp}/cx-hdr.$$.c"
  if ! "$cc" -std=c11 -Wall -Wextra -Wpedantic -Werror -fsyntax-only \
      -I"$src" -I"$gen" "${TMPDIR:-/tmp}/cx-hdr.$$.c"; then
    echo "FAIL: $name does not compile alone as C11" >&2
    status=1
  fi
  if ! "$cxx" -x c++ -std=c++11 -Wall -Wextra -Werror -fsyntax-only \
      -I"$src" -I"$gen" "${TMPDIR:-/tmp}/cx-hdr.$$.c"; then
    echo "FAIL: $name does not compile as C++" >&2
    status=1
  fi
done
rm -f "${TMPDIR:-/tmp}/cx-hdr.$$.c"
[ $status -eq 0 ] && echo "ok: every public header compiles alone as C11 and C++"
exit $status
