#!/bin/sh
# The ABI guard itself is tested: two versions of a tiny library are built
# and check_abi.sh must accept an identical build, an addition and a
# SONAME bump, and refuse a grown struct and a removed function.
#
#   check_abi_selftest.sh CHECK_ABI_SH CC
set -eu
guard=$1 cc=$2
if ! command -v abidw >/dev/null 2>&1; then
  echo "SKIPPED: abidw not found (Debian package abigail-tools)"
  exit 77
fi
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
mkdir "$dir/v1" "$dir/v2"

build() { # build VERSION_DIR SONAME HEADER SOURCE
  printf '%s\n' "$3" >"$1/t.h"
  printf '#include "t.h"\n%s\n' "$4" >"$1/t.c"
  "$cc" -g -shared -fPIC -I"$1" -Wl,-soname,"$2" -o "$1/libt.so" "$1/t.c"
}
expect() { # expect STATUS WHAT
  set +e
  sh "$guard" "$dir/v2/libt.so" "$dir/base.abi" "$dir/v2" "$dir/v2" >"$dir/out" 2>&1
  got=$?
  set -e
  if [ "$got" -ne "$1" ]; then
    cat "$dir/out"
    echo "FAIL: $2: guard exited $got, expected $1"
    exit 1
  fi
  echo "ok: $2"
}

H1='typedef struct t_opts { int a; } t_opts;
int t_run(const t_opts *o);
int t_old(void);'
S1='int t_run(const t_opts *o) { return o->a; }
int t_old(void) { return 1; }'
build "$dir/v1" libt.so.0 "$H1" "$S1"
abidw --headers-dir "$dir/v1" --no-corpus-path --out-file "$dir/base.abi" "$dir/v1/libt.so"

build "$dir/v2" libt.so.0 "$H1" "$S1"
expect 0 "identical build accepted"

build "$dir/v2" libt.so.0 "$H1
int t_new(void);" "$S1
int t_new(void) { return 2; }"
expect 0 "added function accepted"

build "$dir/v2" libt.so.0 'typedef struct t_opts { int a; double b; } t_opts;
int t_run(const t_opts *o);
int t_old(void);' "$S1"
expect 1 "grown struct refused"

build "$dir/v2" libt.so.0 'typedef struct t_opts { int a; } t_opts;
int t_run(const t_opts *o);' 'int t_run(const t_opts *o) { return o->a; }'
expect 1 "removed function refused"

build "$dir/v2" libt.so.1 'typedef struct t_opts { int a; } t_opts;
int t_run(const t_opts *o);' 'int t_run(const t_opts *o) { return o->a; }'
expect 0 "removed function accepted with a new SONAME"
