/*
 * Helpers for writing SVG documents, shared by the renderers in
 * lib/render/.  Never installed.
 *
 * Two promises of the renderers rest on these helpers: output that does
 * not depend on the process (numbers are built from integers, so no
 * locale changes a decimal point) and text that never breaks the markup
 * (data text is cut at code-point boundaries and written through
 * cx__buf_put_xml()).  Widths of text are estimates from code-point
 * counts, since a library has no font metrics.
 */
#ifndef CX_SVG_UTIL_H
#define CX_SVG_UTIL_H

#include <stdbool.h>
#include <stddef.h>

#include <cx/render.h>

#include "internal.h"

/* Average glyph width as a fraction of the font size, sans-serif Latin. */
#define CX_SVG_GLYPH 0.6
#define CX_SVG_GLYPH_BOLD 0.64
#define CX_SVG_ELLIPSIS "\xE2\x80\xA6"
/* Font sizes of the title line of cx__svg_open(), and of its subtitle and
 * the tick labels of cx__svg_ticks_x(). */
#define CX_SVG_FS_TITLE 16.0
#define CX_SVG_FS_LABEL 11.0

/* A coordinate with exactly two decimals ("-0.00" prints as "0.00";
 * non-finite values print as 0.00). */
void cx__svg_num(cx_buf *b, double v);
/* A value for people: at most two decimals, no trailing zeros; @p sign
 * adds "+" to positive values. */
void cx__svg_value(cx_buf *b, double v, bool sign);
/* ` name="v"` with cx__svg_num(). */
void cx__svg_attr(cx_buf *b, const char *name, double v);

/* Code points in @p len bytes, and bytes of the first @p k of them. */
size_t cx__svg_codepoints(const char *s, size_t len);
size_t cx__svg_prefix_bytes(const char *s, size_t len, size_t k);
bool cx__svg_is_space(char c);
/* Bytes to keep so that the text, plus an ellipsis when *cut is set, has
 * at most @p max code points. */
size_t cx__svg_clip(const char *s, size_t len, size_t max, bool *cut);
/* Code points of width @p glyph that fit in @p px at size @p fs (>= 1). */
size_t cx__svg_fit_chars(double px, double fs, double glyph);
/* Estimated width of regular text. */
double cx__svg_text_width(const char *s, size_t len, double fs);

/* A line of wrapped text: bytes [start, start + len) of the source. */
typedef struct cx__svg_span {
  size_t start, len;
} cx__svg_span;
/* Greedy word wrap into at most @p max_lines lines of @p cap code points;
 * words longer than a line are broken.  When text is left over, the last
 * line is shortened and *cut set (the caller appends an ellipsis).
 * Returns the number of lines. */
size_t cx__svg_wrap(const char *s, size_t len, size_t cap, size_t max_lines,
                    cx__svg_span *lines, bool *cut);

/* `<text x y font-size [font-weight] fill [text-anchor]>` (anchor NULL:
 * start). */
void cx__svg_text_open(cx_buf *b, double x, double y, double fs,
                       const char *fill, const char *anchor, bool bold);
/* Data text cut to @p max code points with an ellipsis, XML-escaped. */
void cx__svg_clipped(cx_buf *b, const char *s, size_t max);
/* `<line .../>`; @p dash may be NULL. */
void cx__svg_line(cx_buf *b, double xa, double ya, double xb, double yb,
                  const char *stroke, double width, const char *dash);
/* `<rect .../>` with corner radius @p r (0: square); NULL fill is "none",
 * NULL stroke draws no outline. */
void cx__svg_rect(cx_buf *b, double x, double y, double w, double h, double r,
                  const char *fill, const char *stroke);
/* The start of a closed `<path d="..."` through @p n unit points scaled by
 * @p r around (x, y); the caller adds the paint and closes the element. */
void cx__svg_poly(cx_buf *b, const double (*pt)[2], size_t n, double x,
                  double y, double r);

/* A number with exactly @p decimals decimals (0-6) for people, "+" before
 * positive values when @p sign; "n/a" when @p v is not finite, so an
 * undefined statistic never reads as a number (and beyond +-1e12, which
 * no chart value reaches, where the integer arithmetic would overflow). */
void cx__svg_fixed(cx_buf *b, double v, int decimals, bool sign);

/* `<circle .../>`; NULL stroke draws no outline. */
void cx__svg_circle(cx_buf *b, double x, double y, double r, const char *fill,
                    const char *stroke);
/* An interval from @p xa to @p xb at height @p y: a line with end caps
 * reaching @p cap above and below. */
void cx__svg_interval(cx_buf *b, double xa, double xb, double y, double cap,
                      const char *stroke, double width);
/* A horizontal axis from @p lo to @p hi over x0 .. x1 under a plot from y0
 * to y1: a dashed grid line at each inner tick, a tick mark and a label
 * (the value times @p label_scale, then @p suffix, which may be NULL) at
 * each tick lo, lo + step, ... up to hi. */
void cx__svg_ticks_x(cx_buf *b, double lo, double hi, double step, double x0,
                     double x1, double y0, double y1, double label_scale,
                     const char *suffix, const char *grid, const char *ink,
                     const char *muted);

/* Checks shared by the options of every picture: the version, the theme
 * and a title (may be NULL) that must be UTF-8; @p fn names the function
 * in the message. */
cx_status cx__svg_check_common(const char *fn, unsigned version,
                               unsigned expected, cx_theme theme,
                               const char *title);
/* The start of a document: `<svg>` of @p w by @p h pixels, its `<title>`,
 * a background rectangle (NULL: transparent), and the title (bold, cut to
 * the width) and the subtitle centred at y = 26 and 44.  Both texts are
 * escaped. */
void cx__svg_open(cx_buf *b, unsigned w, unsigned h, const char *title,
                  const char *subtitle, const char *background,
                  const char *ink, const char *muted);
/* Hand the finished document over through @p out and @p len (may be
 * NULL); CX_ENOMEM, with the buffer freed and @p out untouched, when any
 * write failed. */
cx_status cx__svg_finish(cx_buf *b, char **out, size_t *len);

#endif
