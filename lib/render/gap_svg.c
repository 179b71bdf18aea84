/*
 * Charts of a gap result as standalone SVG documents: the
 * importance-performance chart (cx_render_ipa_svg) and the gap chart
 * (cx_render_gap_svg).
 *
 * Both follow the rules of every libcx picture: the output is a pure
 * function of the inputs (numbers are printed from integers by
 * svg_util.c, nothing depends on the locale, time or addresses) and every
 * piece of text from the data goes through cx__buf_put_xml(), so the
 * document is safe to embed in a web page.
 */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cx/render.h>

#include "svg_util.h"

#define FS_TITLE 16.0
#define FS_TEXT 12.0
#define FS_LABEL 11.0
#define LABEL_MAX 28
#define NOTE_MAX 96
#define MIDDOT "\xC2\xB7"
#define MINUS_SIGN "\xE2\x88\x92"

/* Gap chart geometry (documented in render.h). */
#define ROW 24.0
#define TOP 58.0
#define BOTTOM 60.0
#define MAX_GAP_ITEMS 10000

typedef struct palette {
  const char *background; /* NULL: transparent (print) */
  const char *ink;
  const char *muted;
  const char *grid;
  const char *divider;
  const char *quadrant[4]; /* by cx_gap_quadrant */
  const char *negative, *positive, *zone, *interval;
} palette;

static const palette palettes[3] = {
    {"#ffffff", "#1f2328", "#57606a", "#d8dee4", "#8c959f",
     {"#cf222e", "#1a7f37", "#6e7781", "#9a6700"},
     "#cf222e", "#1a7f37", "#ddf4ff", "#1f2328"},
    {"#0d1117", "#e6edf3", "#9198a1", "#30363d", "#6e7681",
     {"#ff7b72", "#3fb950", "#9198a1", "#d29922"},
     "#ff7b72", "#3fb950", "#0c2d6b", "#e6edf3"},
    {NULL, "#000000", "#444444", "#bbbbbb", "#666666",
     {"#000000", "#555555", "#999999", "#777777"},
     "#333333", "#999999", "#eeeeee", "#000000"},
};

static const char *const quadrant_title[4] = {
    "Concentrate here", "Keep up the good work", "Low priority",
    "Possible overkill"};

/* ---- shared pieces ------------------------------------------------------ */

static cx_status check_common(const char *fn, unsigned version,
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

static cx_status check_range(const char *fn, const char *axis, double lo,
                             double hi) {
  if (!isfinite(lo) || !isfinite(hi) || lo > hi)
    return cx__error(CX_EINVAL, "%s: %s range %g to %g is not a finite "
                     "range", fn, axis, lo, hi);
  return CX_OK;
}

/* Whole steps of 1, 2 or 5 times a power of ten: the smallest step that
 * covers [lo, hi] in at most 8 steps, and the range rounded out to it. */
static void nice_range(double lo, double hi, double *out_lo, double *out_hi,
                       double *step) {
  if (!(lo <= hi)) {
    lo = 0.0;
    hi = 1.0;
  }
  double span = hi - lo;
  if (span <= 0.0)
    span = fabs(lo) > 0.0 ? fabs(lo) * 0.5 : 1.0;
  double mag = pow(10.0, floor(log10(span / 8.0)));
  static const double mult[] = {1.0, 2.0, 5.0, 10.0, 20.0, 50.0};
  double s = mag * 10.0, a = lo, b = hi;
  for (size_t i = 0; i < sizeof mult / sizeof mult[0]; i++) {
    double st = mag * mult[i];
    double l = floor(lo / st + 1e-9) * st, h = ceil(hi / st - 1e-9) * st;
    if (h <= l)
      h = l + st;
    if ((h - l) / st <= 8.0 + 1e-9) {
      s = st;
      a = l;
      b = h;
      break;
    }
  }
  *out_lo = a;
  *out_hi = b;
  *step = s;
}

/* Step of a range given by the caller: up to 8 ticks. */
static double given_step(double lo, double hi) {
  double a, b, s;
  nice_range(lo, hi, &a, &b, &s);
  return s;
}

static void put_header(cx_buf *b, double w, double h, const char *title,
                       const char *subtitle, const palette *pal) {
  cx__buf_printf(b,
                 "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%u\" "
                 "height=\"%u\" viewBox=\"0 0 %u %u\" role=\"img\" "
                 "font-family=\"Helvetica, Arial, sans-serif\">\n",
                 (unsigned)w, (unsigned)h, (unsigned)w, (unsigned)h);
  cx__buf_puts(b, "<title>");
  cx__buf_put_xml(b, title, strlen(title));
  cx__buf_puts(b, "</title>\n");
  if (pal->background)
    cx__buf_printf(b,
                   "<rect x=\"0\" y=\"0\" width=\"100%%\" height=\"100%%\" "
                   "fill=\"%s\"/>\n",
                   pal->background);
  cx__svg_text_open(b, w / 2.0, 26.0, FS_TITLE, pal->ink, "middle", true);
  cx__svg_clipped(b, title, cx__svg_fit_chars(w - 24.0, FS_TITLE,
                                              CX_SVG_GLYPH_BOLD));
  cx__buf_puts(b, "</text>\n");
  cx__svg_text_open(b, w / 2.0, 44.0, FS_LABEL, pal->muted, "middle", false);
  cx__buf_puts(b, subtitle);
  cx__buf_puts(b, "</text>\n");
}

static const char *item_name(const cx_gap_item_result *it, int use_labels) {
  return use_labels && it->label && *it->label ? it->label : it->id;
}

/* "Not plotted (no data): a, b, c" in one line, cut to fit. */
static void put_note(cx_buf *b, const char *const *names, size_t n, double x,
                     double y, double width, const palette *pal) {
  if (!n)
    return;
  cx_buf t;
  cx__buf_init(&t);
  cx__buf_puts(&t, "Not plotted (no data): ");
  for (size_t i = 0; i < n; i++) {
    if (i)
      cx__buf_puts(&t, ", ");
    cx__buf_puts(&t, names[i]);
  }
  cx__svg_text_open(b, x, y, FS_LABEL, pal->muted, NULL, false);
  if (t.failed)
    b->failed = true;
  else
    cx__svg_clipped(b, t.data, cx__svg_fit_chars(width, FS_LABEL,
                                                 CX_SVG_GLYPH));
  cx__buf_puts(b, "</text>\n");
  cx__buf_free(&t);
}

/* ---- importance-performance chart --------------------------------------- */

typedef struct ipa_point {
  const cx_gap_item_result *it;
  double x, y;     /* values */
  double px, py;   /* pixels */
  double lx, ly;   /* label anchor */
  bool left;       /* label to the left of the point */
} ipa_point;

typedef struct box {
  double x0, y0, x1, y1;
} box;

static bool overlaps(const box *a, const box *b) {
  return a->x0 < b->x1 && b->x0 < a->x1 && a->y0 < b->y1 && b->y0 < a->y1;
}

/* Labels go right of their point (left near the right edge).  Among a
 * few vertical offsets, on that side and then on the other (where it
 * fits), the first place that meets no earlier label and no other dot
 * wins; when every place meets some, the place meeting the fewest. */
static void place_label(ipa_point *p, const char *name, double x0, double x1,
                        box *placed, size_t nplaced, const ipa_point *pts,
                        size_t np) {
  size_t len = strlen(name);
  bool cut;
  size_t keep = cx__svg_clip(name, len, LABEL_MAX, &cut);
  double w = cx__svg_text_width(name, keep, FS_LABEL) +
             (cut ? FS_LABEL * CX_SVG_GLYPH : 0.0);
  bool prefer_left = p->px + 8.0 + w > x1;
  bool other_fits = prefer_left ? p->px + 8.0 + w <= x1 : p->px - 8.0 - w >= x0;
  static const double dy[] = {0.0, -12.0, 12.0, -24.0, 24.0, -36.0, 36.0};
  size_t best_clashes = SIZE_MAX;
  box best = {0};
  for (int side = 0; side < (other_fits ? 2 : 1); side++) {
    bool left = side ? !prefer_left : prefer_left;
    for (size_t k = 0; k < sizeof dy / sizeof dy[0]; k++) {
      double ly = p->py + 4.0 + dy[k];
      box bx = {left ? p->px - 8.0 - w : p->px + 8.0, ly - FS_LABEL * 0.8,
                left ? p->px - 8.0 : p->px + 8.0 + w, ly + FS_LABEL * 0.2};
      size_t clashes = 0;
      for (size_t j = 0; j < nplaced; j++)
        clashes += overlaps(&bx, &placed[j]);
      /* Other items' dots count too: a label under a dot is unreadable. */
      for (size_t j = 0; j < np; j++) {
        box dot = {pts[j].px - 5.0, pts[j].py - 5.0, pts[j].px + 5.0,
                   pts[j].py + 5.0};
        clashes += &pts[j] != p && overlaps(&bx, &dot);
      }
      if (clashes < best_clashes) {
        best_clashes = clashes;
        best = bx;
        p->left = left;
        p->lx = left ? p->px - 8.0 : p->px + 8.0;
        p->ly = ly;
      }
      if (clashes == 0)
        goto done;
    }
  }
done:
  placed[nplaced] = best;
}

static void put_ticks_x(cx_buf *b, double lo, double hi, double step,
                        double x0, double x1, double y0, double y1,
                        const palette *pal) {
  size_t n = (size_t)llround((hi - lo) / step);
  for (size_t i = 0; i <= n; i++) {
    double v = lo + step * (double)i;
    double x = x0 + (v - lo) / (hi - lo) * (x1 - x0);
    if (i > 0 && i < n)
      cx__svg_line(b, x, y0, x, y1, pal->grid, 1.0, "3 3");
    cx__svg_line(b, x, y1, x, y1 + 5.0, pal->ink, 1.0, NULL);
    cx__svg_text_open(b, x, y1 + 18.0, FS_LABEL, pal->muted, "middle", false);
    cx__svg_value(b, fabs(v) < step * 1e-9 ? 0.0 : v, false);
    cx__buf_puts(b, "</text>\n");
  }
}

static void put_ticks_y(cx_buf *b, double lo, double hi, double step,
                        double x0, double x1, double y0, double y1,
                        const palette *pal) {
  size_t n = (size_t)llround((hi - lo) / step);
  for (size_t i = 0; i <= n; i++) {
    double v = lo + step * (double)i;
    double y = y1 - (v - lo) / (hi - lo) * (y1 - y0);
    if (i > 0 && i < n)
      cx__svg_line(b, x0, y, x1, y, pal->grid, 1.0, "3 3");
    cx__svg_line(b, x0 - 5.0, y, x0, y, pal->ink, 1.0, NULL);
    cx__svg_text_open(b, x0 - 8.0, y + 4.0, FS_LABEL, pal->muted, "end",
                      false);
    cx__svg_value(b, fabs(v) < step * 1e-9 ? 0.0 : v, false);
    cx__buf_puts(b, "</text>\n");
  }
}

static cx_status check_ipa(const cx_ipa_svg_options *o) {
  static const char fn[] = "cx_render_ipa_svg";
  cx_status st = check_common(fn, o->version, CX_IPA_SVG_OPTIONS_VERSION,
                              o->theme, o->title);
  if (st)
    return st;
  if (o->width < 200 || o->width > 4000 || o->height < 200 ||
      o->height > 4000)
    return cx__error(CX_EINVAL, "%s: size %ux%u is outside 200-4000", fn,
                     o->width, o->height);
  if (o->x_axis != CX_IPA_PERFORMANCE && o->x_axis != CX_IPA_GAP)
    return cx__error(CX_EINVAL, "%s: unknown axis %d", fn, (int)o->x_axis);
  if ((st = check_range(fn, "horizontal", o->x_min, o->x_max)) ||
      (st = check_range(fn, "importance", o->y_min, o->y_max)))
    return st;
  return CX_OK;
}

static double x_value(const cx_gap_item_result *it, cx_ipa_axis axis) {
  return axis == CX_IPA_GAP ? it->gap.mean : it->performance_mean;
}

static void ipa_draw(cx_buf *b, const cx_gap_result *result,
                     const cx_ipa_svg_options *o, ipa_point *pts, box *placed,
                     const char **missing) {
  const palette *pal = &palettes[o->theme];
  size_t ni = cx_gap_result_n_items(result), np = 0, nm = 0;
  double ci, cp, cg;
  cx_gap_result_crosshair(result, &ci, &cp, &cg);
  double cx = o->x_axis == CX_IPA_GAP ? cg : cp, cy = ci;
  double xlo = INFINITY, xhi = -INFINITY, ylo = INFINITY, yhi = -INFINITY;
  for (size_t i = 0; i < ni; i++) {
    const cx_gap_item_result *it = cx_gap_result_item(result, i);
    double x = x_value(it, o->x_axis), y = it->importance_mean;
    if (!isfinite(x) || !isfinite(y)) {
      missing[nm++] = item_name(it, o->use_labels);
      continue;
    }
    pts[np++] = (ipa_point){.it = it, .x = x, .y = y};
    xlo = fmin(xlo, x), xhi = fmax(xhi, x);
    ylo = fmin(ylo, y), yhi = fmax(yhi, y);
  }
  if (isfinite(cx))
    xlo = fmin(xlo, cx), xhi = fmax(xhi, cx);
  if (isfinite(cy))
    ylo = fmin(ylo, cy), yhi = fmax(yhi, cy);
  /* A margin of 4% keeps points at the extremes off the frame. */
  if (xlo <= xhi) {
    double m = 0.04 * (xhi - xlo);
    xlo -= m, xhi += m;
  }
  if (ylo <= yhi) {
    double m = 0.04 * (yhi - ylo);
    ylo -= m, yhi += m;
  }
  double x_lo, x_hi, x_step, y_lo, y_hi, y_step;
  if (o->x_min < o->x_max) {
    x_lo = o->x_min, x_hi = o->x_max, x_step = given_step(x_lo, x_hi);
  } else {
    nice_range(xlo, xhi, &x_lo, &x_hi, &x_step);
  }
  if (o->y_min < o->y_max) {
    y_lo = o->y_min, y_hi = o->y_max, y_step = given_step(y_lo, y_hi);
  } else {
    nice_range(ylo, yhi, &y_lo, &y_hi, &y_step);
  }
  double w = o->width, h = o->height;
  double x0 = 64.0, x1 = w - 24.0, y0 = 58.0, y1 = h - 56.0;
#define PX(v) (x0 + ((v) - x_lo) / (x_hi - x_lo) * (x1 - x0))
#define PY(v) (y1 - ((v) - y_lo) / (y_hi - y_lo) * (y1 - y0))

  char sub[160];
  snprintf(sub, sizeof sub, "%zu items " MIDDOT " crosshair: %s",
           ni, cx_gap_result_options(result)->crosshair ==
                       CX_GAP_CROSSHAIR_MEAN ? "mean of the items"
               : cx_gap_result_options(result)->crosshair ==
                       CX_GAP_CROSSHAIR_MEDIAN ? "median of the items"
               : cx_gap_result_options(result)->crosshair ==
                       CX_GAP_CROSSHAIR_MIDPOINT ? "scale midpoint"
                                                 : "custom");
  put_header(b, w, h, o->title ? o->title : "Importance-performance analysis",
             sub, pal);
  cx__svg_rect(b, x0, y0, x1 - x0, y1 - y0, 0.0, NULL, pal->divider);
  put_ticks_x(b, x_lo, x_hi, x_step, x0, x1, y0, y1, pal);
  put_ticks_y(b, y_lo, y_hi, y_step, x0, x1, y0, y1, pal);
  cx__svg_text_open(b, (x0 + x1) / 2.0, y1 + 38.0, FS_TEXT, pal->ink,
                    "middle", false);
  cx__buf_puts(b, o->x_axis == CX_IPA_GAP
                      ? "Mean gap (perception " MINUS_SIGN " expectation)"
                      : "Performance (mean perception)");
  cx__buf_puts(b, "</text>\n");
  double ax = 16.0, ay = (y0 + y1) / 2.0;
  cx__buf_puts(b, "<text");
  cx__svg_attr(b, "x", ax);
  cx__svg_attr(b, "y", ay);
  cx__svg_attr(b, "font-size", FS_TEXT);
  cx__buf_printf(b, " fill=\"%s\" text-anchor=\"middle\" transform=\"rotate("
                    "-90 ", pal->ink);
  cx__svg_num(b, ax);
  cx__buf_puts(b, " ");
  cx__svg_num(b, ay);
  cx__buf_puts(b, ")\">Importance (mean)</text>\n");

  /* Crosshair lines, inside the plot only. */
  bool cross_x = isfinite(cx) && cx >= x_lo && cx <= x_hi;
  bool cross_y = isfinite(cy) && cy >= y_lo && cy <= y_hi;
  if (cross_x)
    cx__svg_line(b, PX(cx), y0, PX(cx), y1, pal->divider, 1.5, NULL);
  if (cross_y)
    cx__svg_line(b, x0, PY(cy), x1, PY(cy), pal->divider, 1.5, NULL);
  if (o->diagonal && o->x_axis == CX_IPA_PERFORMANCE && isfinite(cx) &&
      isfinite(cy)) {
    /* importance - performance = cy - cx, clipped to the plot. */
    double c = cy - cx;
    double a = fmax(x_lo, y_lo - c), z = fmin(x_hi, y_hi - c);
    if (a < z)
      cx__svg_line(b, PX(a), PY(a + c), PX(z), PY(z + c), pal->muted, 1.0,
                   "6 4");
  }
  static const struct {
    bool right, top;
  } q[4] = {{false, true}, {true, true}, {false, false}, {true, false}};
  for (int k = 0; k < 4; k++) {
    double x = q[k].right ? x1 - 8.0 : x0 + 8.0;
    double y = q[k].top ? y0 + 18.0 : y1 - 10.0;
    cx__svg_text_open(b, x, y, FS_TEXT, pal->quadrant[k],
                      q[k].right ? "end" : NULL, false);
    cx__buf_puts(b, quadrant_title[k]);
    cx__buf_puts(b, "</text>\n");
  }
  for (size_t i = 0; i < np; i++) {
    pts[i].px = PX(pts[i].x);
    pts[i].py = PY(pts[i].y);
  }
  for (size_t i = 0; i < np; i++)
    place_label(&pts[i], item_name(pts[i].it, o->use_labels), x0, x1, placed,
                i, pts, np);
  for (size_t i = 0; i < np; i++) {
    const ipa_point *p = &pts[i];
    const cx_gap_item_result *it = p->it;
    cx_gap_quadrant qd = o->x_axis == CX_IPA_GAP ? it->gap_quadrant
                                                 : it->quadrant;
    const char *fill = qd >= 0 && qd < 4 ? pal->quadrant[qd] : pal->muted;
    const char *name = item_name(it, o->use_labels);
    cx__buf_puts(b, "<g>\n<title>");
    cx__buf_put_xml(b, name, strlen(name));
    cx__buf_puts(b, ": ");
    cx__buf_puts(b, cx_gap_quadrant_name(qd));
    cx__buf_puts(b, "; importance ");
    cx__svg_value(b, p->y, false);
    cx__buf_puts(b, o->x_axis == CX_IPA_GAP ? ", gap " : ", performance ");
    cx__svg_value(b, p->x, o->x_axis == CX_IPA_GAP);
    cx__buf_puts(b, "</title>\n<circle");
    cx__svg_attr(b, "cx", p->px);
    cx__svg_attr(b, "cy", p->py);
    cx__buf_printf(b, " r=\"5.00\" fill=\"%s\"/>\n", fill);
    cx__svg_text_open(b, p->lx, p->ly, FS_LABEL, pal->ink,
                      p->left ? "end" : NULL, false);
    cx__svg_clipped(b, name, LABEL_MAX);
    cx__buf_puts(b, "</text>\n</g>\n");
  }
  put_note(b, missing, nm, x0, h - 8.0, w - x0 - 8.0, pal);
  cx__buf_puts(b, "</svg>\n");
#undef PX
#undef PY
}

CX_API cx_status cx_render_ipa_svg(const cx_gap_result *result,
                                   const cx_ipa_svg_options *options,
                                   char **out, size_t *len) {
  if (!result || !out)
    return cx__error(CX_EINVAL, "cx_render_ipa_svg: %s is NULL",
                     result ? "out" : "result");
  const cx_ipa_svg_options defaults = CX_IPA_SVG_OPTIONS_INIT;
  const cx_ipa_svg_options *o = options ? options : &defaults;
  cx_status st = check_ipa(o);
  if (st)
    return st;
  size_t ni = cx_gap_result_n_items(result), n = ni ? ni : 1;
  ipa_point *pts = cx__calloc(n, sizeof *pts);
  box *placed = cx__calloc(n, sizeof *placed);
  const char **missing = cx__calloc(n, sizeof *missing);
  cx_buf b;
  cx__buf_init(&b);
  if (pts && placed && missing)
    ipa_draw(&b, result, o, pts, placed, missing);
  else
    b.failed = true;
  cx__free(pts);
  cx__free(placed);
  cx__free(missing);
  return cx__svg_finish(&b, out, len);
}

/* ---- gap chart ---------------------------------------------------------- */

typedef struct bar {
  const cx_gap_item_result *it;
  size_t index;
  bool has_gap, has_zone;
  double zlo, zhi;
} bar;

static int bar_cmp(const void *pa, const void *pb) {
  const bar *a = pa, *b = pb;
  if (a->has_gap != b->has_gap)
    return a->has_gap ? -1 : 1;
  if (a->has_gap && a->it->gap.mean != b->it->gap.mean)
    return a->it->gap.mean < b->it->gap.mean ? -1 : 1;
  return a->index < b->index ? -1 : a->index > b->index;
}

static cx_status check_gap(const cx_gap_svg_options *o) {
  static const char fn[] = "cx_render_gap_svg";
  cx_status st = check_common(fn, o->version, CX_GAP_SVG_OPTIONS_VERSION,
                              o->theme, o->title);
  if (st)
    return st;
  if (o->width < 300 || o->width > 4000)
    return cx__error(CX_EINVAL, "%s: width %u is outside 300-4000", fn,
                     o->width);
  if (o->order != CX_GAP_ORDER_GAP && o->order != CX_GAP_ORDER_ITEMS)
    return cx__error(CX_EINVAL, "%s: unknown order %d", fn, (int)o->order);
  return check_range(fn, "gap", o->x_min, o->x_max);
}

static void gap_draw(cx_buf *b, const cx_gap_result *result,
                     const cx_gap_svg_options *o, bar *bars) {
  const palette *pal = &palettes[o->theme];
  size_t n = cx_gap_result_n_items(result);
  double lo = 0.0, hi = 0.0;
  size_t with_zone = 0;
  for (size_t i = 0; i < n; i++) {
    const cx_gap_item_result *it = cx_gap_result_item(result, i);
    bar *r = &bars[i];
    *r = (bar){.it = it, .index = i, .has_gap = isfinite(it->gap.mean)};
    if (!r->has_gap)
      continue;
    lo = fmin(lo, it->gap.mean), hi = fmax(hi, it->gap.mean);
    if (isfinite(it->gap.ci_low))
      lo = fmin(lo, it->gap.ci_low), hi = fmax(hi, it->gap.ci_high);
    r->zlo = it->gap.mean - it->msa_mean;
    r->zhi = it->gap.mean - it->mss_mean;
    r->has_zone = o->zone && it->zot_n > 0 && isfinite(r->zlo) &&
                  isfinite(r->zhi);
    if (r->has_zone) {
      if (r->zlo > r->zhi) {
        double t = r->zlo;
        r->zlo = r->zhi;
        r->zhi = t;
      }
      lo = fmin(lo, r->zlo), hi = fmax(hi, r->zhi);
      with_zone++;
    }
  }
  if (o->order == CX_GAP_ORDER_GAP)
    qsort(bars, n, sizeof *bars, bar_cmp);
  double x_lo, x_hi, step;
  if (o->x_min < o->x_max) {
    x_lo = o->x_min, x_hi = o->x_max, step = given_step(x_lo, x_hi);
  } else {
    nice_range(lo, hi, &x_lo, &x_hi, &step);
  }
  double w = o->width, h = TOP + ROW * (double)n + BOTTOM;
  double lw = floor(w * 0.28), x0 = lw + 12.0, x1 = w - 64.0;
  double y1 = TOP + ROW * (double)n;
#define PX(v) (x0 + ((fmax(x_lo, fmin(x_hi, (v)))) - x_lo) / (x_hi - x_lo) * (x1 - x0))

  /* The level is printed from integers, like every number here. */
  cx_buf sub;
  cx__buf_init(&sub);
  cx__buf_printf(&sub, "%zu items " MIDDOT " bars: mean gap with ", n);
  cx__svg_value(&sub, 100.0 * cx_gap_result_options(result)->level, false);
  cx__buf_printf(&sub, "%% interval%s",
                 with_zone ? " " MIDDOT " band: zone of tolerance" : "");
  put_header(b, w, h,
             o->title ? o->title
                      : "Gap per item (perception " MINUS_SIGN " expectation)",
             sub.failed ? "" : sub.data, pal);
  b->failed = b->failed || sub.failed;
  cx__buf_free(&sub);
  if (n)
    put_ticks_x(b, x_lo, x_hi, step, x0, x1, TOP, y1, pal);
  if (0.0 >= x_lo && 0.0 <= x_hi)
    cx__svg_line(b, PX(0.0), TOP, PX(0.0), y1, pal->ink, 1.5, NULL);
  size_t label_chars = cx__svg_fit_chars(lw - 8.0, FS_LABEL, CX_SVG_GLYPH);
  for (size_t k = 0; k < n; k++) {
    const bar *r = &bars[k];
    const cx_gap_item_result *it = r->it;
    const char *name = item_name(it, o->use_labels);
    double top = TOP + ROW * (double)k, mid = top + ROW / 2.0;
    cx__buf_puts(b, "<g>\n<title>");
    cx__buf_put_xml(b, name, strlen(name));
    if (r->has_gap) {
      cx__buf_puts(b, ": gap ");
      cx__svg_value(b, it->gap.mean, true);
      if (isfinite(it->gap.ci_low)) {
        cx__buf_puts(b, " [");
        cx__svg_value(b, it->gap.ci_low, true);
        cx__buf_puts(b, ", ");
        cx__svg_value(b, it->gap.ci_high, true);
        cx__buf_puts(b, "]");
      }
      cx__buf_printf(b, ", n %llu", (unsigned long long)it->gap.n);
    } else {
      cx__buf_puts(b, ": no data");
    }
    cx__buf_puts(b, "</title>\n");
    cx__svg_text_open(b, lw, mid + 4.0, FS_LABEL, pal->ink, "end", false);
    cx__svg_clipped(b, name, label_chars);
    cx__buf_puts(b, "</text>\n");
    if (!r->has_gap) {
      cx__svg_text_open(b, x0 + 4.0, mid + 4.0, FS_LABEL, pal->muted, NULL,
                        false);
      cx__buf_puts(b, "no data</text>\n</g>\n");
      continue;
    }
    if (r->has_zone)
      cx__svg_rect(b, PX(r->zlo), top + 2.0, PX(r->zhi) - PX(r->zlo),
                   ROW - 4.0, 0.0, pal->zone, NULL);
    double g = it->gap.mean, a = PX(fmin(0.0, g)), z = PX(fmax(0.0, g));
    cx__svg_rect(b, a, mid - 6.0, z - a, 12.0, 0.0,
                 g < 0.0 ? pal->negative : pal->positive, NULL);
    if (isfinite(it->gap.ci_low)) {
      double l = PX(it->gap.ci_low), u = PX(it->gap.ci_high);
      cx__svg_line(b, l, mid, u, mid, pal->interval, 1.5, NULL);
      cx__svg_line(b, l, mid - 5.0, l, mid + 5.0, pal->interval, 1.5, NULL);
      cx__svg_line(b, u, mid - 5.0, u, mid + 5.0, pal->interval, 1.5, NULL);
    }
    cx__svg_text_open(b, w - 8.0, mid + 4.0, FS_LABEL, pal->ink, "end",
                      false);
    cx__svg_value(b, g, true);
    cx__buf_puts(b, "</text>\n</g>\n");
  }
  cx__svg_text_open(b, (x0 + x1) / 2.0, y1 + 38.0, FS_TEXT, pal->ink,
                    "middle", false);
  cx__buf_puts(b, "Mean gap (perception " MINUS_SIGN " expectation)</text>\n");
  cx__buf_puts(b, "</svg>\n");
#undef PX
}

CX_API cx_status cx_render_gap_svg(const cx_gap_result *result,
                                   const cx_gap_svg_options *options,
                                   char **out, size_t *len) {
  if (!result || !out)
    return cx__error(CX_EINVAL, "cx_render_gap_svg: %s is NULL",
                     result ? "out" : "result");
  const cx_gap_svg_options defaults = CX_GAP_SVG_OPTIONS_INIT;
  const cx_gap_svg_options *o = options ? options : &defaults;
  cx_status st = check_gap(o);
  if (st)
    return st;
  size_t n = cx_gap_result_n_items(result);
  if (n > MAX_GAP_ITEMS)
    return cx__error(CX_ERANGE, "cx_render_gap_svg: %zu items are more than "
                     "the %d a chart can show", n, MAX_GAP_ITEMS);
  bar *bars = cx__calloc(n ? n : 1, sizeof *bars);
  cx_buf b;
  cx__buf_init(&b);
  if (bars)
    gap_draw(&b, result, o, bars);
  else
    b.failed = true;
  cx__free(bars);
  return cx__svg_finish(&b, out, len);
}
