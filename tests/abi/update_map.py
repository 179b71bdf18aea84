#!/usr/bin/env python3
"""Rewrite lib/libcx.map from the CX_API declarations in include/cx/.

Until the first release every public function lives in the LIBCX_0.1
node; the check_exports test then compares the built library with it.
Run from the source root: python3 tests/abi/update_map.py
"""
import pathlib
import re

root = pathlib.Path(__file__).resolve().parents[2]
decl = re.compile(r"CX_API[^;{]*?\b(cx_\w+)\s*\(", re.S)
names = set()
for header in sorted((root / "include" / "cx").glob("*.h")):
    text = re.sub(r"/\*.*?\*/", "", header.read_text(encoding="utf-8"), flags=re.S)
    text = re.sub(r"#\s*define[^\n]*(\\\n[^\n]*)*", "", text)
    names.update(decl.findall(text))

head = """/* Exported symbols of libcx, one node per release that added symbols.
 * A symbol may only be added in a new node; removing one needs a new
 * SONAME (see docs/api-stability.md). */
LIBCX_0.1 {
  global:
"""
body = "".join(f"    {n};\n" for n in sorted(names))
tail = "  local:\n    *;\n};\n"
(root / "lib" / "libcx.map").write_text(head + body + tail, encoding="utf-8")
print(f"{len(names)} symbols")
