/*
 * SVG writing helpers of the renderers (see svg_util.h).
 */
#include <math.h>
#include <stdbool.h>
#include <string.h>

#include "svg_util.h"

void cx__svg_num(cx_buf *b, double v) {
  if (!isfinite(v))
    v = 0.0;
  long long r = llround(v * 100.0);
  if (r < 0) {
    cx__buf_puts(b, "-");
    r = -r;
  }
  cx__buf_printf(b, "%lld.%02lld", r / 100, r % 100);
}

void cx__svg_value(cx_buf *b, double v, bool sign) {
  long long r = llround(v * 100.0);
  if (r < 0) {
    cx__buf_puts(b, "-");
    r = -r;
  } else if (sign && r > 0) {
    cx__buf_puts(b, "+");
  }
  cx__buf_printf(b, "%lld", r / 100);
  long long f = r % 100;
  if (f % 10 == 0 && f != 0)
    cx__buf_printf(b, ".%lld", f / 10);
  else if (f != 0)
    cx__buf_printf(b, ".%02lld", f);
}

void cx__svg_attr(cx_buf *b, const char *name, double v) {
  cx__buf_printf(b, " %s=\"", name);
  cx__svg_num(b, v);
  cx__buf_puts(b, "\"");
}

/* End of the character that starts at @p i.  A byte that cannot start or
 * continue a sequence counts as one character, as cx__buf_put_xml() writes
 * it as one U+FFFD; so widths and cuts hold for invalid text too. */
static size_t next_char(const char *s, size_t len, size_t i) {
  unsigned char c = (unsigned char)s[i];
  size_t more = c >= 0xF0 && c < 0xF8   ? 3
                : c >= 0xE0 && c < 0xF0 ? 2
                : c >= 0xC0 && c < 0xE0 ? 1
                                        : 0;
  i++;
  while (more-- > 0 && i < len && ((unsigned char)s[i] & 0xC0) == 0x80)
    i++;
  return i;
}

size_t cx__svg_codepoints(const char *s, size_t len) {
  size_t n = 0;
  for (size_t i = 0; i < len; i = next_char(s, len, i))
    n++;
  return n;
}

size_t cx__svg_prefix_bytes(const char *s, size_t len, size_t k) {
  size_t i = 0;
  for (size_t seen = 0; i < len && seen < k; seen++)
    i = next_char(s, len, i);
  return i;
}

bool cx__svg_is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

size_t cx__svg_clip(const char *s, size_t len, size_t max, bool *cut) {
  *cut = cx__svg_codepoints(s, len) > max;
  if (!*cut)
    return len;
  size_t keep = cx__svg_prefix_bytes(s, len, max > 1 ? max - 1 : 0);
  while (keep > 0 && cx__svg_is_space(s[keep - 1]))
    keep--;
  return keep;
}

size_t cx__svg_fit_chars(double px, double fs, double glyph) {
  double n = floor(px / (fs * glyph));
  return n < 1.0 ? 1 : (size_t)n;
}

double cx__svg_text_width(const char *s, size_t len, double fs) {
  return (double)cx__svg_codepoints(s, len) * fs * CX_SVG_GLYPH;
}

size_t cx__svg_wrap(const char *s, size_t len, size_t cap, size_t max_lines,
                    cx__svg_span *lines, bool *cut) {
  size_t n = 0, pos = 0;
  *cut = false;
  while (n < max_lines) {
    while (pos < len && cx__svg_is_space(s[pos]))
      pos++;
    if (pos >= len)
      break;
    const char *p = s + pos;
    size_t rest = len - pos;
    if (cx__svg_codepoints(p, rest) <= cap) {
      lines[n++] = (cx__svg_span){pos, rest};
      break;
    }
    if (n + 1 == max_lines) {
      bool c;
      lines[n++] = (cx__svg_span){pos, cx__svg_clip(p, rest, cap, &c)};
      *cut = true;
      break;
    }
    /* The longest prefix of cap code points, ended at the last space. */
    size_t lim = cx__svg_prefix_bytes(p, rest, cap);
    size_t brk = lim;
    if (!cx__svg_is_space(p[lim])) {
      while (brk > 0 && !cx__svg_is_space(p[brk - 1]))
        brk--;
      if (brk == 0)
        brk = lim;
    }
    size_t end = brk;
    while (end > 0 && cx__svg_is_space(p[end - 1]))
      end--;
    lines[n++] = (cx__svg_span){pos, end};
    pos += brk;
  }
  return n;
}

void cx__svg_text_open(cx_buf *b, double x, double y, double fs,
                       const char *fill, const char *anchor, bool bold) {
  cx__buf_puts(b, "<text");
  cx__svg_attr(b, "x", x);
  cx__svg_attr(b, "y", y);
  cx__svg_attr(b, "font-size", fs);
  if (bold)
    cx__buf_puts(b, " font-weight=\"bold\"");
  cx__buf_printf(b, " fill=\"%s\"", fill);
  if (anchor)
    cx__buf_printf(b, " text-anchor=\"%s\"", anchor);
  cx__buf_puts(b, ">");
}

void cx__svg_clipped(cx_buf *b, const char *s, size_t max) {
  bool cut;
  size_t len = strlen(s);
  size_t keep = cx__svg_clip(s, len, max, &cut);
  cx__buf_put_xml(b, s, keep);
  if (cut)
    cx__buf_puts(b, CX_SVG_ELLIPSIS);
}

void cx__svg_line(cx_buf *b, double xa, double ya, double xb, double yb,
                  const char *stroke, double width, const char *dash) {
  cx__buf_puts(b, "<line");
  cx__svg_attr(b, "x1", xa);
  cx__svg_attr(b, "y1", ya);
  cx__svg_attr(b, "x2", xb);
  cx__svg_attr(b, "y2", yb);
  cx__buf_printf(b, " stroke=\"%s\"", stroke);
  cx__svg_attr(b, "stroke-width", width);
  if (dash)
    cx__buf_printf(b, " stroke-dasharray=\"%s\"", dash);
  cx__buf_puts(b, "/>\n");
}

void cx__svg_rect(cx_buf *b, double x, double y, double w, double h, double r,
                  const char *fill, const char *stroke) {
  cx__buf_puts(b, "<rect");
  cx__svg_attr(b, "x", x);
  cx__svg_attr(b, "y", y);
  cx__svg_attr(b, "width", w);
  cx__svg_attr(b, "height", h);
  if (r > 0)
    cx__svg_attr(b, "rx", r);
  cx__buf_printf(b, " fill=\"%s\"", fill ? fill : "none");
  if (stroke)
    cx__buf_printf(b, " stroke=\"%s\" stroke-width=\"1.00\"", stroke);
  cx__buf_puts(b, "/>\n");
}

void cx__svg_poly(cx_buf *b, const double (*pt)[2], size_t n, double x,
                  double y, double r) {
  cx__buf_puts(b, "<path d=\"");
  for (size_t i = 0; i < n; i++) {
    cx__buf_puts(b, i ? "L" : "M");
    cx__svg_num(b, x + pt[i][0] * r);
    cx__buf_puts(b, " ");
    cx__svg_num(b, y + pt[i][1] * r);
  }
  cx__buf_puts(b, "Z\"");
}

void cx__svg_fixed(cx_buf *b, double v, int decimals, bool sign) {
  static const long long pow10[] = {1, 10, 100, 1000, 10000, 100000,
                                    1000000};
  if (!isfinite(v) || fabs(v) > 1e12) {
    cx__buf_puts(b, "n/a");
    return;
  }
  if (decimals < 0)
    decimals = 0;
  if (decimals > 6)
    decimals = 6;
  long long p = pow10[decimals];
  long long r = llround(v * (double)p);
  if (r < 0) {
    cx__buf_puts(b, "-");
    r = -r;
  } else if (sign && r > 0) {
    cx__buf_puts(b, "+");
  }
  cx__buf_printf(b, "%lld", r / p);
  if (decimals > 0)
    cx__buf_printf(b, ".%0*lld", decimals, r % p);
}

void cx__svg_circle(cx_buf *b, double x, double y, double r, const char *fill,
                    const char *stroke) {
  cx__buf_puts(b, "<circle");
  cx__svg_attr(b, "cx", x);
  cx__svg_attr(b, "cy", y);
  cx__svg_attr(b, "r", r);
  cx__buf_printf(b, " fill=\"%s\"", fill);
  if (stroke)
    cx__buf_printf(b, " stroke=\"%s\" stroke-width=\"1.00\"", stroke);
  cx__buf_puts(b, "/>\n");
}

void cx__svg_interval(cx_buf *b, double xa, double xb, double y, double cap,
                      const char *stroke, double width) {
  cx__svg_line(b, xa, y, xb, y, stroke, width, NULL);
  cx__svg_line(b, xa, y - cap, xa, y + cap, stroke, width, NULL);
  cx__svg_line(b, xb, y - cap, xb, y + cap, stroke, width, NULL);
}

void cx__svg_ticks_x(cx_buf *b, double lo, double hi, double step, double x0,
                     double x1, double y0, double y1, double label_scale,
                     const char *suffix, const char *grid, const char *ink,
                     const char *muted) {
  if (!(hi > lo) || !(step > 0.0))
    return;
  /* Ticks are counted, not accumulated, so rounding cannot add or drop
   * the last one. */
  size_t n = (size_t)floor((hi - lo) / step + 1e-9);
  for (size_t i = 0; i <= n; i++) {
    double v = lo + step * (double)i;
    double x = x0 + (v - lo) / (hi - lo) * (x1 - x0);
    if (i > 0 && v < hi - step * 1e-9)
      cx__svg_line(b, x, y0, x, y1, grid, 1.0, "3 3");
    cx__svg_line(b, x, y1, x, y1 + 5.0, ink, 1.0, NULL);
    cx__svg_text_open(b, x, y1 + 18.0, CX_SVG_FS_LABEL, muted, "middle", false);
    cx__svg_value(b, fabs(v) < step * 1e-9 ? 0.0 : v * label_scale, false);
    if (suffix)
      cx__buf_puts(b, suffix);
    cx__buf_puts(b, "</text>\n");
  }
}

cx_status cx__svg_check_common(const char *fn, unsigned version,
                               unsigned expected, cx_theme theme,
                               const char *title) {
  if (version != expected)
    return cx__error(CX_EINVAL, "%s: options version %u, expected %u", fn,
                     version, expected);
  if (theme != CX_THEME_LIGHT && theme != CX_THEME_DARK &&
      theme != CX_THEME_PRINT)
    return cx__error(CX_EINVAL, "%s: unknown theme %d", fn, (int)theme);
  if (title && !cx__utf8_valid(title, strlen(title)))
    return cx__error(CX_EINVAL, "%s: title is not UTF-8", fn);
  return CX_OK;
}

void cx__svg_open(cx_buf *b, unsigned w, unsigned h, const char *title,
                  const char *subtitle, const char *background,
                  const char *ink, const char *muted) {
  cx__buf_printf(b,
                 "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%u\" "
                 "height=\"%u\" viewBox=\"0 0 %u %u\" role=\"img\" "
                 "font-family=\"Helvetica, Arial, sans-serif\">\n",
                 w, h, w, h);
  cx__buf_puts(b, "<title>");
  cx__buf_put_xml(b, title, strlen(title));
  cx__buf_puts(b, "</title>\n");
  if (background)
    cx__buf_printf(b,
                   "<rect x=\"0\" y=\"0\" width=\"100%%\" height=\"100%%\" "
                   "fill=\"%s\"/>\n",
                   background);
  cx__svg_text_open(b, w / 2.0, 26.0, CX_SVG_FS_TITLE, ink, "middle", true);
  cx__svg_clipped(b, title, cx__svg_fit_chars(w - 24.0, CX_SVG_FS_TITLE,
                                              CX_SVG_GLYPH_BOLD));
  cx__buf_puts(b, "</text>\n");
  cx__svg_text_open(b, w / 2.0, 44.0, CX_SVG_FS_LABEL, muted, "middle",
                    false);
  cx__svg_clipped(b, subtitle, cx__svg_fit_chars(w - 24.0, CX_SVG_FS_LABEL,
                                                 CX_SVG_GLYPH));
  cx__buf_puts(b, "</text>\n");
}

cx_status cx__svg_finish(cx_buf *b, char **out, size_t *len) {
  if (b->failed) {
    cx__buf_free(b);
    return cx__enomem();
  }
  size_t n;
  char *text = cx__buf_take(b, &n);
  if (!text)
    return cx__enomem();
  *out = text;
  if (len)
    *len = n;
  return CX_OK;
}
