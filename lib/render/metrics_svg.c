/*
 * Charts of CX metric results as standalone SVG documents: the NPS chart
 * (cx_render_nps_svg), the CSAT chart (cx_render_csat_svg) and the CES
 * chart (cx_render_ces_svg).
 *
 * They follow the rules of every libcx picture: the output is a pure
 * function of the inputs (numbers are printed from integers by
 * svg_util.c, nothing depends on the locale, time or addresses) and every
 * piece of text from the data goes through cx__buf_put_xml(), so the
 * document is safe to embed in a web page.  An undefined statistic is
 * written "n/a" and never drawn: a group without answers must not look
 * like a group that scored 0.
 *
 * The three charts share one row layout (documented in render.h): a label
 * column with the group's name and size, then one or two panels in which
 * each estimate is a dot with its interval and, under it, its value.
 * Axes are fixed by what the metric can take (-1 .. 1 or -100 .. 100 for
 * NPS, 0% .. 100% for shares, the scale for means), never by the data, so
 * two charts of the same metric compare at a glance.
 */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <cx/render.h>

#include "svg_util.h"

#define FS_TEXT 12.0
#define FS_LABEL 11.0
#define FS_SMALL 10.0
#define MIDDOT "\xC2\xB7"
#define MINUS_SIGN "\xE2\x88\x92"

/* Geometry (documented in render.h). */
#define TOP 58.0
#define ROW 36.0
#define MARK 14.0         /* centre of a row's marks below its top */
#define NUMBERS 32.0      /* baseline of the numbers under them */
#define BOTTOM 60.0       /* ticks and axis titles */
#define BOTTOM_LEGEND 78.0
#define MIN_PART 30.0     /* narrowest bar part with its share under it */
#define MAX_ROWS 10000

typedef struct palette {
  const char *background; /* NULL: transparent (print) */
  const char *ink;
  const char *muted;
  const char *grid;
  const char *divider;
  const char *group[3]; /* detractors, passives, promoters */
  const char *dot;
  const char *interval;
} palette;

/* The print theme tells the groups apart by lightness alone and puts no
 * text on a fill: shares are written under the bars in every theme. */
static const palette palettes[3] = {
    {"#ffffff", "#1f2328", "#57606a", "#d8dee4", "#8c959f",
     {"#cf222e", "#afb8c1", "#1a7f37"}, "#0969da", "#1f2328"},
    {"#0d1117", "#e6edf3", "#9198a1", "#30363d", "#6e7681",
     {"#ff7b72", "#6e7681", "#3fb950"}, "#58a6ff", "#e6edf3"},
    {NULL, "#000000", "#444444", "#bbbbbb", "#666666",
     {"#404040", "#d0d0d0", "#8c8c8c"}, "#000000", "#000000"},
};

static const char *const group_title[3] = {"Detractors 0-6", "Passives 7-8",
                                           "Promoters 9-10"};
static const char *const group_name[3] = {"detractors", "passives",
                                          "promoters"};

/* ---- layout -------------------------------------------------------------- */

typedef struct frame {
  double w, h;
  double lw;     /* label column; its text ends here */
  double y1;     /* bottom of the rows */
  double a0, a1; /* first (or only) panel */
  double b0, b1; /* second panel */
} frame;

static frame make_frame(unsigned width, size_t n, bool two, double bottom) {
  frame f;
  f.w = (double)width;
  f.lw = floor(f.w * 0.25);
  f.y1 = TOP + ROW * (double)n;
  f.h = f.y1 + bottom;
  double a = f.lw + 12.0, z = f.w - 24.0;
  if (two) {
    /* 40 pixels between the panels keep the last tick label of the first
     * ("100%") clear of the first of the second ("-100"). */
    double m = floor((a + z) / 2.0);
    f.a0 = a, f.a1 = m - 20.0, f.b0 = m + 20.0, f.b1 = z;
  } else {
    f.a0 = a, f.a1 = z, f.b0 = f.b1 = z;
  }
  return f;
}

/* A value axis over one panel. */
typedef struct axis {
  double lo, hi, step; /* values */
  double x0, x1;       /* pixels */
  double scale;        /* factor of labels and numbers: 100 for shares */
  const char *suffix;  /* after labels and numbers ("%"), or NULL */
  int decimals;        /* of the numbers under the marks */
  bool sign;           /* "+" before positive numbers */
} axis;

static double px(const axis *a, double v) {
  v = fmax(a->lo, fmin(a->hi, v));
  return a->x0 + (v - a->lo) / (a->hi - a->lo) * (a->x1 - a->x0);
}

static axis share_axis(double x0, double x1) {
  return (axis){0.0, 1.0, 0.25, x0, x1, 100.0, "%", 0, false};
}

/* The whole points of a scale, labelled in steps of 1, 2 or 5 times a
 * power of ten: at most ten steps. */
static axis scale_axis(const cx_metric_sample *s, double x0, double x1) {
  double lo = (double)s->scale_min, span = (double)s->n_points - 1.0;
  static const double steps[] = {1, 2, 5, 10, 20, 50, 100, 200, 500, 1000};
  double step = 1000.0;
  for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++)
    if (span / steps[i] <= 10.0) {
      step = steps[i];
      break;
    }
  return (axis){lo, lo + span, step, x0, x1, 1.0, NULL, 2, false};
}

static double scale_max(const cx_metric_sample *s) {
  return (double)s->scale_min + (double)s->n_points - 1.0;
}

/* ---- pieces -------------------------------------------------------------- */

/* A value in the axis' unit ("62%", "+30", "3.60"); "n/a" when undefined. */
static void put_number(cx_buf *b, const axis *a, double v, int decimals) {
  cx__svg_fixed(b, v * a->scale, decimals, a->sign);
  if (a->suffix && isfinite(v))
    cx__buf_puts(b, a->suffix);
}

/* " [lo, hi]", or ", interval n/a" when a bound is undefined. */
static void put_bounds(cx_buf *b, const axis *a, double lo, double hi,
                       int decimals) {
  if (!isfinite(lo) || !isfinite(hi)) {
    cx__buf_puts(b, ", interval n/a");
    return;
  }
  cx__buf_puts(b, " [");
  put_number(b, a, lo, decimals);
  cx__buf_puts(b, ", ");
  put_number(b, a, hi, decimals);
  cx__buf_puts(b, "]");
}

/* Text of library-made characters (no data) at its place: copied from a
 * scratch buffer so that its width is known before it is written.  With
 * a @p backdrop colour, a rectangle of it keeps grid and reference lines
 * from crossing the text (the print theme has none: no fills there). */
static void put_scratch(cx_buf *b, cx_buf *t, double x, double y, double fs,
                        const char *fill, const char *anchor,
                        const char *backdrop) {
  if (t->failed) {
    b->failed = true;
    return;
  }
  if (backdrop) {
    double tw = cx__svg_text_width(t->data, t->len, fs);
    double x0 = !anchor ? x : x - tw / 2.0;
    cx__svg_rect(b, x0 - 2.0, y - fs * 0.8, tw + 4.0, fs * 1.1, 0.0, backdrop,
                 NULL);
  }
  cx__svg_text_open(b, x, y, fs, fill, anchor, false);
  cx__buf_put(b, t->data, t->len);
  cx__buf_puts(b, "</text>\n");
}

static void put_na(cx_buf *b, double x, double top, const palette *pal) {
  cx__svg_text_open(b, x + 4.0, top + MARK + 4.0, FS_LABEL, pal->muted, NULL,
                    false);
  cx__buf_puts(b, "n/a</text>\n");
}

/* One estimate in its panel: the dot, its interval when both bounds are
 * defined, and under them the value with the interval, centred on the dot
 * as far as the panel allows.  An undefined value is written "n/a". */
static void put_estimate(cx_buf *b, const axis *a, double top, double v,
                         double lo, double hi, const palette *pal) {
  if (!isfinite(v)) {
    put_na(b, a->x0, top, pal);
    return;
  }
  double y = top + MARK, x = px(a, v);
  if (isfinite(lo) && isfinite(hi))
    cx__svg_interval(b, px(a, lo), px(a, hi), y, 5.0, pal->interval, 1.5);
  cx__svg_circle(b, x, y, 4.5, pal->dot, NULL);
  cx_buf t;
  cx__buf_init(&t);
  put_number(&t, a, v, a->decimals);
  put_bounds(&t, a, lo, hi, a->decimals);
  double tw = t.failed ? 0.0 : cx__svg_text_width(t.data, t.len, FS_SMALL);
  const char *anchor = "middle";
  if (tw >= a->x1 - a->x0) {
    x = a->x0;
    anchor = NULL;
  } else {
    x = fmax(a->x0 + tw / 2.0, fmin(a->x1 - tw / 2.0, x));
  }
  put_scratch(b, &t, x, top + NUMBERS, FS_SMALL, pal->ink, anchor,
              pal->background);
  cx__buf_free(&t);
}

/* The row's name (cut to the label column; bold for a pooled result) and
 * under it its size: the answers on the scale, and the effective size when
 * weights make it differ. */
static void put_label(cx_buf *b, const frame *f, double top, const char *name,
                      bool pooled, const cx_metric_sample *s,
                      const palette *pal) {
  size_t fit = cx__svg_fit_chars(f->lw - 8.0, FS_LABEL,
                                 pooled ? CX_SVG_GLYPH_BOLD : CX_SVG_GLYPH);
  cx__svg_text_open(b, f->lw, top + MARK + 4.0, FS_LABEL, pal->ink, "end",
                    pooled);
  cx__svg_clipped(b, name, fit);
  cx__buf_puts(b, "</text>\n");
  cx__svg_text_open(b, f->lw, top + NUMBERS, FS_SMALL, pal->muted, "end",
                    false);
  cx__buf_printf(b, "n %llu", (unsigned long long)s->n_raw);
  if (s->n != (double)s->n_raw || s->n_effective != (double)s->n_raw) {
    cx__buf_puts(b, " " MIDDOT " eff. ");
    cx__svg_fixed(b, s->n_effective, 1, false);
  }
  cx__buf_puts(b, "</text>\n");
}

/* `<g><title>NAME: ` opening a row; the caller writes the rest of the
 * tooltip. */
static void open_row(cx_buf *b, const char *name) {
  cx__buf_puts(b, "<g>\n<title>");
  cx__buf_put_xml(b, name, strlen(name));
  cx__buf_puts(b, ": ");
}

static void close_tooltip(cx_buf *b, const cx_metric_sample *s) {
  cx__buf_printf(b, "; n %llu", (unsigned long long)s->n_raw);
  if (s->n != (double)s->n_raw || s->n_effective != (double)s->n_raw) {
    cx__buf_puts(b, ", weighted ");
    cx__svg_fixed(b, s->n, 2, false);
    cx__buf_puts(b, ", effective ");
    cx__svg_fixed(b, s->n_effective, 2, false);
  }
  cx__buf_puts(b, "</title>\n");
}

static void put_axis_title(cx_buf *b, double x0, double x1, double y,
                           const char *text, const palette *pal) {
  cx__svg_text_open(b, (x0 + x1) / 2.0, y, FS_TEXT, pal->ink, "middle",
                    false);
  cx__buf_puts(b, text);
  cx__buf_puts(b, "</text>\n");
}

/* Ticks at least 36 pixels apart (labels such as "100%" or "-100" are
 * about 24 wide): a narrow panel labels every second or fourth step. */
static void put_ticks(cx_buf *b, const axis *a, const frame *f,
                      const palette *pal) {
  double step = a->step, per = (a->x1 - a->x0) / (a->hi - a->lo);
  while (step * per < 36.0 && step < a->hi - a->lo)
    step *= 2.0;
  cx__svg_ticks_x(b, a->lo, a->hi, step, a->x0, a->x1, TOP, f->y1, a->scale,
                  a->suffix, pal->grid, pal->ink, pal->muted);
}

/* The confidence level as "95%", printed from integers. */
static void put_level(cx_buf *b, double confidence) {
  cx__svg_value(b, 100.0 * confidence, false);
  cx__buf_puts(b, "%");
}

/* ---- checks -------------------------------------------------------------- */

static cx_status check_call(const char *fn, const void *results, size_t n,
                            char **out) {
  if (!results || !out)
    return cx__error(CX_EINVAL, "%s: %s is NULL", fn,
                     results ? "out" : "results");
  if (n == 0)
    return cx__error(CX_EINVAL, "%s: no results to draw (n is 0)", fn);
  if (n > MAX_ROWS)
    return cx__error(CX_ERANGE, "%s: %zu results are more than the %d a "
                     "chart can show", fn, n, MAX_ROWS);
  return CX_OK;
}

static cx_status check_options(const char *fn, unsigned version,
                               unsigned expected, unsigned width,
                               cx_theme theme, const char *title,
                               const char *all_label) {
  cx_status st = cx__svg_check_common(fn, version, expected, theme, title);
  if (st)
    return st;
  if (width < 400 || width > 4000)
    return cx__error(CX_EINVAL, "%s: width %u is outside 400-4000", fn,
                     width);
  if (all_label && !cx__utf8_valid(all_label, strlen(all_label)))
    return cx__error(CX_EINVAL, "%s: all_label is not UTF-8", fn);
  return CX_OK;
}

static cx_status null_result(const char *fn, size_t i) {
  return cx__error(CX_EINVAL, "%s: results[%zu] is NULL", fn, i);
}

static cx_status check_level(const char *fn, size_t i, double c, double c0) {
  if (c != c0)
    return cx__error(CX_EINVAL, "%s: results[%zu] has confidence %g and "
                     "results[0] %g: one chart shows one level", fn, i, c,
                     c0);
  return CX_OK;
}

static cx_status check_scale(const char *fn, size_t i,
                             const cx_metric_sample *s,
                             const cx_metric_sample *s0,
                             cx_scale_direction d, cx_scale_direction d0) {
  if (s->scale_min != s0->scale_min || s->n_points != s0->n_points || d != d0)
    return cx__error(CX_EINVAL, "%s: results[%zu] is on another scale than "
                     "results[0] (%d-%.0f against %d-%.0f, or the other "
                     "direction)", fn, i, (int)s->scale_min, scale_max(s),
                     (int)s0->scale_min, scale_max(s0));
  return CX_OK;
}

/* ---- NPS ----------------------------------------------------------------- */

static const char *interval_name(cx_nps_svg_interval k) {
  return k == CX_NPS_SVG_WALD ? "Wald"
         : k == CX_NPS_SVG_BOOTSTRAP ? "bootstrap"
                                     : "adjusted Wald";
}

static void nps_bounds(const cx_nps_result *r, cx_nps_svg_interval k,
                       double *lo, double *hi) {
  switch (k) {
  case CX_NPS_SVG_WALD:
    *lo = r->wald_lo, *hi = r->wald_hi;
    return;
  case CX_NPS_SVG_BOOTSTRAP:
    *lo = r->bootstrap_lo, *hi = r->bootstrap_hi;
    return;
  case CX_NPS_SVG_ADJUSTED_WALD:
    break;
  }
  *lo = r->adjusted_lo, *hi = r->adjusted_hi;
}

static cx_status nps_check(const cx_nps_result *const *rs, size_t n,
                           const cx_nps_svg_options *o) {
  static const char fn[] = "cx_render_nps_svg";
  cx_status st = check_options(fn, o->version, CX_NPS_SVG_OPTIONS_VERSION,
                               o->width, o->theme, o->title, o->all_label);
  if (st)
    return st;
  if (o->interval != CX_NPS_SVG_WALD &&
      o->interval != CX_NPS_SVG_ADJUSTED_WALD &&
      o->interval != CX_NPS_SVG_BOOTSTRAP)
    return cx__error(CX_EINVAL, "%s: unknown interval %d", fn,
                     (int)o->interval);
  for (size_t i = 0; i < n; i++) {
    if (!rs[i])
      return null_result(fn, i);
    if ((st = check_level(fn, i, rs[i]->options.confidence,
                          rs[0]->options.confidence)))
      return st;
    if ((rs[i]->options.percent != 0) != (rs[0]->options.percent != 0))
      return cx__error(CX_EINVAL, "%s: results[%zu] was computed %s percent "
                       "and results[0] %s: one chart has one unit", fn, i,
                       rs[i]->options.percent ? "with" : "without",
                       rs[0]->options.percent ? "with" : "without");
  }
  return CX_OK;
}

static void nps_row(cx_buf *b, const cx_nps_result *r, const char *name,
                    double top, const frame *f, const axis *sh,
                    const axis *na, cx_nps_svg_interval k,
                    const palette *pal) {
  const double share[3] = {r->share_detractors, r->share_passives,
                           r->share_promoters};
  double lo, hi;
  nps_bounds(r, k, &lo, &hi);
  int tip = na->decimals + 1;
  open_row(b, name);
  cx__buf_puts(b, "NPS ");
  put_number(b, na, r->nps, tip);
  put_bounds(b, na, lo, hi, tip);
  cx__buf_printf(b, " (%s)", interval_name(k));
  for (int g = 0; g < 3; g++) {
    cx__buf_printf(b, "%s%s ", g ? ", " : "; ", group_name[g]);
    put_number(b, sh, share[g], 1);
  }
  close_tooltip(b, &r->sample);
  put_label(b, f, top, name, !r->segment, &r->sample, pal);
  if (isfinite(share[0]) && isfinite(share[1]) && isfinite(share[2])) {
    /* Parts end at cumulative shares, so they meet without gaps. */
    double cut = 0.0;
    for (int g = 0; g < 3; g++) {
      double xa = px(sh, cut), xb = px(sh, cut + share[g]);
      cut += share[g];
      if (!(xb - xa >= 0.005))
        continue;
      cx__svg_rect(b, xa, top + MARK - 7.0, xb - xa, 14.0, 0.0,
                   pal->group[g], NULL);
      if (xb - xa >= MIN_PART) {
        cx__svg_text_open(b, (xa + xb) / 2.0, top + NUMBERS, FS_SMALL,
                          pal->muted, "middle", false);
        put_number(b, sh, share[g], 0);
        cx__buf_puts(b, "</text>\n");
      }
    }
  } else {
    put_na(b, sh->x0, top, pal);
  }
  put_estimate(b, na, top, r->nps, lo, hi, pal);
  cx__buf_puts(b, "</g>\n");
}

/* The legend starts under the bars, or at the left edge when it would run
 * past the right one (it always fits from there at 400 pixels). */
static void nps_legend(cx_buf *b, const frame *f, const palette *pal) {
  double width = 0.0;
  for (int g = 0; g < 3; g++)
    width += 14.0 + cx__svg_text_width(group_title[g], strlen(group_title[g]),
                                       FS_LABEL) + (g < 2 ? 18.0 : 0.0);
  double x = f->a0 + width <= f->w - 24.0 ? f->a0 : 12.0, y = f->y1 + 58.0;
  for (int g = 0; g < 3; g++) {
    cx__svg_rect(b, x, y - 9.0, 10.0, 10.0, 0.0, pal->group[g], NULL);
    cx__svg_text_open(b, x + 14.0, y, FS_LABEL, pal->ink, NULL, false);
    cx__buf_puts(b, group_title[g]);
    cx__buf_puts(b, "</text>\n");
    x += 14.0 + cx__svg_text_width(group_title[g], strlen(group_title[g]),
                                   FS_LABEL) + 18.0;
  }
}

static void nps_draw(cx_buf *b, const cx_nps_result *const *rs, size_t n,
                     const cx_nps_svg_options *o) {
  const palette *pal = &palettes[o->theme];
  const char *all = o->all_label ? o->all_label : "All respondents";
  bool pct = rs[0]->options.percent != 0;
  frame f = make_frame(o->width, n, true, BOTTOM_LEGEND);
  axis sh = share_axis(f.a0, f.a1);
  axis na = {pct ? -100.0 : -1.0, pct ? 100.0 : 1.0, pct ? 50.0 : 0.5,
             f.b0, f.b1, 1.0, NULL, pct ? 0 : 2, true};
  cx_buf sub;
  cx__buf_init(&sub);
  cx__buf_printf(&sub, "%zu group%s " MIDDOT " NPS with ", n,
                 n == 1 ? "" : "s");
  put_level(&sub, rs[0]->options.confidence);
  cx__buf_printf(&sub, " %s intervals", interval_name(o->interval));
  cx__svg_open(b, (unsigned)f.w, (unsigned)f.h,
               o->title ? o->title : "Net Promoter Score",
               sub.failed ? "" : sub.data, pal->background, pal->ink,
               pal->muted);
  b->failed = b->failed || sub.failed;
  cx__buf_free(&sub);
  put_ticks(b, &sh, &f, pal);
  put_ticks(b, &na, &f, pal);
  cx__svg_line(b, px(&na, 0.0), TOP, px(&na, 0.0), f.y1, pal->ink, 1.5,
               NULL);
  for (size_t i = 0; i < n; i++)
    nps_row(b, rs[i], rs[i]->segment ? rs[i]->segment : all,
            TOP + ROW * (double)i, &f, &sh, &na, o->interval, pal);
  put_axis_title(b, sh.x0, sh.x1, f.y1 + 38.0, "Share of answers", pal);
  put_axis_title(b, na.x0, na.x1, f.y1 + 38.0,
                 pct ? "NPS (" MINUS_SIGN "100 to +100)"
                     : "NPS (" MINUS_SIGN "1 to +1)",
                 pal);
  nps_legend(b, &f, pal);
  cx__buf_puts(b, "</svg>\n");
}

CX_API cx_status cx_render_nps_svg(const cx_nps_result *const *results,
                                   size_t n,
                                   const cx_nps_svg_options *options,
                                   char **out, size_t *len) {
  cx_status st = check_call("cx_render_nps_svg", results, n, out);
  if (st)
    return st;
  const cx_nps_svg_options defaults = CX_NPS_SVG_OPTIONS_INIT;
  const cx_nps_svg_options *o = options ? options : &defaults;
  if ((st = nps_check(results, n, o)))
    return st;
  cx_buf b;
  cx__buf_init(&b);
  nps_draw(&b, results, n, o);
  return cx__svg_finish(&b, out, len);
}

/* ---- CSAT ---------------------------------------------------------------- */

/* "4-5": the points counted as the top two boxes. */
static void put_top2_points(cx_buf *b, const cx_metric_sample *s,
                            cx_scale_direction d) {
  long long lo = s->scale_min, hi = (long long)scale_max(s);
  if (d == CX_SCALE_HIGHER_IS_WORSE)
    cx__buf_printf(b, "%lld-%lld", lo, lo + 1);
  else
    cx__buf_printf(b, "%lld-%lld", hi - 1, hi);
}

static void put_range(cx_buf *b, const cx_metric_sample *s) {
  cx__buf_printf(b, "%lld-%lld", (long long)s->scale_min,
                 (long long)scale_max(s));
}

static cx_status csat_check(const cx_csat_result *const *rs, size_t n,
                            const cx_metric_svg_options *o) {
  static const char fn[] = "cx_render_csat_svg";
  cx_status st = check_options(fn, o->version, CX_METRIC_SVG_OPTIONS_VERSION,
                               o->width, o->theme, o->title, o->all_label);
  if (st)
    return st;
  for (size_t i = 0; i < n; i++) {
    if (!rs[i])
      return null_result(fn, i);
    if (rs[i]->options.method != rs[0]->options.method)
      return cx__error(CX_EINVAL, "%s: results[%zu] and results[0] were "
                       "computed with different methods: one chart shows "
                       "one", fn, i);
    if ((st = check_level(fn, i, rs[i]->options.confidence,
                          rs[0]->options.confidence)) ||
        (st = check_scale(fn, i, &rs[i]->sample, &rs[0]->sample,
                          rs[i]->direction, rs[0]->direction)))
      return st;
  }
  if (rs[0]->options.method != CX_CSAT_TOP2BOX &&
      rs[0]->options.method != CX_CSAT_MEAN)
    return cx__error(CX_EINVAL, "%s: results[0] has no method", fn);
  return CX_OK;
}

static void csat_draw(cx_buf *b, const cx_csat_result *const *rs, size_t n,
                      const cx_metric_svg_options *o) {
  const palette *pal = &palettes[o->theme];
  const char *all = o->all_label ? o->all_label : "All respondents";
  const cx_csat_result *r0 = rs[0];
  bool top2 = r0->options.method == CX_CSAT_TOP2BOX;
  bool worse = r0->direction == CX_SCALE_HIGHER_IS_WORSE;
  frame f = make_frame(o->width, n, false, BOTTOM);
  axis a = top2 ? share_axis(f.a0, f.a1) : scale_axis(&r0->sample, f.a0, f.a1);
  cx_buf sub, ax;
  cx__buf_init(&sub);
  cx__buf_init(&ax);
  cx__buf_printf(&sub, "%zu group%s " MIDDOT " ", n, n == 1 ? "" : "s");
  if (top2) {
    cx__buf_puts(&sub, "top-2-box share (");
    put_top2_points(&sub, &r0->sample, r0->direction);
    cx__buf_puts(&sub, " on ");
    put_range(&sub, &r0->sample);
    cx__buf_puts(&sub, ") with ");
    put_level(&sub, r0->options.confidence);
    cx__buf_puts(&sub, " Wilson intervals");
    cx__buf_puts(&ax, "Top-2-box share (answers ");
    put_top2_points(&ax, &r0->sample, r0->direction);
    cx__buf_puts(&ax, ")");
  } else {
    cx__buf_puts(&sub, "mean answer with ");
    put_level(&sub, r0->options.confidence);
    cx__buf_puts(&sub, " t intervals");
    cx__buf_puts(&ax, "Mean answer (");
    put_range(&ax, &r0->sample);
    cx__buf_printf(&ax, ", %s is best)", worse ? "lowest" : "highest");
  }
  cx__svg_open(b, (unsigned)f.w, (unsigned)f.h,
               o->title ? o->title : "Customer satisfaction (CSAT)",
               sub.failed ? "" : sub.data, pal->background, pal->ink,
               pal->muted);
  put_ticks(b, &a, &f, pal);
  for (size_t i = 0; i < n; i++) {
    const cx_csat_result *r = rs[i];
    const char *name = r->segment ? r->segment : all;
    double top = TOP + ROW * (double)i;
    open_row(b, name);
    cx__buf_puts(b, top2 ? "top-2-box " : "mean ");
    put_number(b, &a, r->value, a.decimals + 1);
    put_bounds(b, &a, r->lo, r->hi, a.decimals + 1);
    cx__buf_puts(b, top2 ? "; mean " : "; top-2-box ");
    if (top2) {
      cx__svg_fixed(b, r->mean, 2, false);
    } else {
      cx__svg_fixed(b, 100.0 * r->top2, 1, false);
      if (isfinite(r->top2))
        cx__buf_puts(b, "%");
    }
    close_tooltip(b, &r->sample);
    put_label(b, &f, top, name, !r->segment, &r->sample, pal);
    put_estimate(b, &a, top, r->value, r->lo, r->hi, pal);
    cx__buf_puts(b, "</g>\n");
  }
  if (ax.failed)
    b->failed = true;
  else
    put_axis_title(b, f.a0, f.a1, f.y1 + 38.0, ax.data, pal);
  b->failed = b->failed || sub.failed;
  cx__buf_free(&sub);
  cx__buf_free(&ax);
  cx__buf_puts(b, "</svg>\n");
}

CX_API cx_status cx_render_csat_svg(const cx_csat_result *const *results,
                                    size_t n,
                                    const cx_metric_svg_options *options,
                                    char **out, size_t *len) {
  cx_status st = check_call("cx_render_csat_svg", results, n, out);
  if (st)
    return st;
  const cx_metric_svg_options defaults = CX_METRIC_SVG_OPTIONS_INIT;
  const cx_metric_svg_options *o = options ? options : &defaults;
  if ((st = csat_check(results, n, o)))
    return st;
  cx_buf b;
  cx__buf_init(&b);
  csat_draw(&b, results, n, o);
  return cx__svg_finish(&b, out, len);
}

/* ---- CES ----------------------------------------------------------------- */

static cx_status ces_check(const cx_ces_result *const *rs, size_t n,
                           const cx_metric_svg_options *o) {
  static const char fn[] = "cx_render_ces_svg";
  cx_status st = check_options(fn, o->version, CX_METRIC_SVG_OPTIONS_VERSION,
                               o->width, o->theme, o->title, o->all_label);
  if (st)
    return st;
  for (size_t i = 0; i < n; i++) {
    if (!rs[i])
      return null_result(fn, i);
    if (rs[i]->ces_version != rs[0]->ces_version)
      return cx__error(CX_EINVAL, "%s: results[%zu] is CES %d.0 and "
                       "results[0] CES %d.0: the two questions do not share "
                       "a chart", fn, i, (int)rs[i]->ces_version,
                       (int)rs[0]->ces_version);
    if ((st = check_level(fn, i, rs[i]->options.confidence,
                          rs[0]->options.confidence)) ||
        (st = check_scale(fn, i, &rs[i]->sample, &rs[0]->sample,
                          rs[i]->direction, rs[0]->direction)))
      return st;
    if (rs[i]->neutral != rs[0]->neutral)
      return cx__error(CX_EINVAL, "%s: results[%zu] and results[0] have "
                       "different neutral points", fn, i);
  }
  return CX_OK;
}

/* "5-7": the points on the good side of the neutral point. */
static void put_easy_points(cx_buf *b, const cx_ces_result *r) {
  long long lo = r->sample.scale_min, hi = (long long)scale_max(&r->sample);
  if (r->direction == CX_SCALE_HIGHER_IS_WORSE)
    hi = (long long)ceil(r->neutral) - 1;
  else
    lo = (long long)floor(r->neutral) + 1;
  cx__buf_printf(b, "%lld-%lld", lo, hi);
}

static void ces_draw(cx_buf *b, const cx_ces_result *const *rs, size_t n,
                     const cx_metric_svg_options *o) {
  const palette *pal = &palettes[o->theme];
  const char *all = o->all_label ? o->all_label : "All respondents";
  const cx_ces_result *r0 = rs[0];
  bool worse = r0->direction == CX_SCALE_HIGHER_IS_WORSE;
  /* CES 2.0 asks for agreement that it was easy; CES 1.0 for effort. */
  const char *easy = r0->ces_version == CX_CES_1 ? "low effort" : "agreeing";
  frame f = make_frame(o->width, n, true, BOTTOM);
  axis m = scale_axis(&r0->sample, f.a0, f.a1);
  axis sh = share_axis(f.b0, f.b1);
  char title[32];
  snprintf(title, sizeof title, "Customer effort (CES %d.0)",
           (int)r0->ces_version);
  cx_buf sub, ta, tb;
  cx__buf_init(&sub);
  cx__buf_init(&ta);
  cx__buf_init(&tb);
  cx__buf_printf(&sub, "%zu group%s " MIDDOT " means with ", n,
                 n == 1 ? "" : "s");
  put_level(&sub, r0->options.confidence);
  cx__buf_puts(&sub, " t intervals, shares with Wilson intervals");
  cx__buf_puts(&ta, "Mean answer (");
  put_range(&ta, &r0->sample);
  cx__buf_printf(&ta, ", %s is easier)", worse ? "lower" : "higher");
  cx__buf_printf(&tb, "Share %s (", easy);
  put_easy_points(&tb, r0);
  cx__buf_puts(&tb, ")");
  cx__svg_open(b, (unsigned)f.w, (unsigned)f.h, o->title ? o->title : title,
               sub.failed ? "" : sub.data, pal->background, pal->ink,
               pal->muted);
  put_ticks(b, &m, &f, pal);
  put_ticks(b, &sh, &f, pal);
  if (r0->neutral > m.lo && r0->neutral < m.hi)
    cx__svg_line(b, px(&m, r0->neutral), TOP, px(&m, r0->neutral), f.y1,
                 pal->divider, 1.5, NULL);
  for (size_t i = 0; i < n; i++) {
    const cx_ces_result *r = rs[i];
    const char *name = r->segment ? r->segment : all;
    double top = TOP + ROW * (double)i;
    open_row(b, name);
    cx__buf_puts(b, "mean ");
    put_number(b, &m, r->mean, 3);
    put_bounds(b, &m, r->mean_lo, r->mean_hi, 3);
    cx__buf_printf(b, "; %s ", easy);
    put_number(b, &sh, r->share_easy, 1);
    put_bounds(b, &sh, r->easy_lo, r->easy_hi, 1);
    cx__buf_puts(b, ", neutral ");
    put_number(b, &sh, r->share_neutral, 1);
    cx__buf_puts(b, ", difficult ");
    put_number(b, &sh, r->share_difficult, 1);
    close_tooltip(b, &r->sample);
    put_label(b, &f, top, name, !r->segment, &r->sample, pal);
    put_estimate(b, &m, top, r->mean, r->mean_lo, r->mean_hi, pal);
    put_estimate(b, &sh, top, r->share_easy, r->easy_lo, r->easy_hi, pal);
    cx__buf_puts(b, "</g>\n");
  }
  if (ta.failed || tb.failed) {
    b->failed = true;
  } else {
    put_axis_title(b, m.x0, m.x1, f.y1 + 38.0, ta.data, pal);
    put_axis_title(b, sh.x0, sh.x1, f.y1 + 38.0, tb.data, pal);
  }
  b->failed = b->failed || sub.failed;
  cx__buf_free(&sub);
  cx__buf_free(&ta);
  cx__buf_free(&tb);
  cx__buf_puts(b, "</svg>\n");
}

CX_API cx_status cx_render_ces_svg(const cx_ces_result *const *results,
                                   size_t n,
                                   const cx_metric_svg_options *options,
                                   char **out, size_t *len) {
  cx_status st = check_call("cx_render_ces_svg", results, n, out);
  if (st)
    return st;
  const cx_metric_svg_options defaults = CX_METRIC_SVG_OPTIONS_INIT;
  const cx_metric_svg_options *o = options ? options : &defaults;
  if ((st = ces_check(results, n, o)))
    return st;
  cx_buf b;
  cx__buf_init(&b);
  ces_draw(&b, results, n, o);
  return cx__svg_finish(&b, out, len);
}
