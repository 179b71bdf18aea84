#!/bin/sh
# Render the example journeys to SVG, convert them to PNG with rsvg-convert
# and check that each PNG has the size the SVG declares and is not blank.
#
#   check_png.sh RENDER_EXAMPLES [JOURNEY_DIR [KEEP_DIR [WIDTH]]]
#
# RENDER_EXAMPLES is the built tests/render/render_examples program;
# JOURNEY_DIR defaults to $CX_EXAMPLES_DATA/journeys.  With KEEP_DIR the
# PNGs are also copied there as journey-NAME.png (docs/images uses this,
# with WIDTH 1400).  Exits 77 (skipped) without rsvg-convert or Python.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
prog=${1:?usage: check_png.sh RENDER_EXAMPLES [JOURNEY_DIR [KEEP_DIR [WIDTH]]]}
journeys=${2:-${CX_EXAMPLES_DATA:-$here/../../examples/data}/journeys}
keep=${3:-}
width=${4:-0}

if ! command -v rsvg-convert >/dev/null 2>&1; then
    echo "SKIPPED: rsvg-convert not found (Debian package librsvg2-bin)"
    exit 77
fi
if [ ! -x /usr/bin/python3 ]; then
    echo "SKIPPED: /usr/bin/python3 not found"
    exit 77
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/cx_png.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM

status=0
for theme in light dark print; do
    mkdir -p "$work/$theme"
    if ! "$prog" "$journeys" "$work/$theme" "$width" "$theme" \
        >"$work/$theme.sizes"; then
        echo "FAIL: $prog could not render $journeys ($theme)"
        exit 1
    fi
    while read -r name w h; do
        svg="$work/$theme/$name.svg"
        png="$work/$theme/$name.png"
        if [ "$width" != 0 ] && [ "$w" != "$width" ]; then
            echo "FAIL: $name ($theme): SVG width $w, asked for $width"
            status=1
            continue
        fi
        if ! rsvg-convert -o "$png" "$svg"; then
            echo "FAIL: rsvg-convert could not read $name ($theme)"
            status=1
            continue
        fi
        if ! /usr/bin/python3 "$here/png_check.py" "$png" "$w" "$h"; then
            status=1
            continue
        fi
        if [ -n "$keep" ] && [ "$theme" = light ]; then
            cp "$png" "$keep/journey-$name.png"
        fi
    done <"$work/$theme.sizes"
done
exit $status
