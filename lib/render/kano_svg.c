/*
 * Kano diagram as a standalone SVG document.
 *
 * The picture is built for two audiences at once: a person reading it in a
 * report, and a web page embedding it as untrusted output of a server.  So
 * every piece of text that comes from the data (feature, segment and title
 * strings) goes through cx__buf_put_xml(), and the output is a pure
 * function of its inputs: numbers are formatted from integers (printf's %f
 * follows the C locale of the process, which an embedding program may
 * change), and nothing depends on time or addresses.
 *
 * Text widths are estimated from the number of code points (no font
 * metrics are available in a library), which is good enough to keep labels
 * apart and inside the picture in ordinary cases.
 */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <cx/render.h>

#include "internal.h"
#include "svg_util.h"

/* Font sizes and the average glyph width as a fraction of the size for a
 * sans-serif face (Latin text). */
#define FS_TITLE 16.0
#define FS_TEXT 12.0
#define FS_LABEL 11.0
#define GLYPH 0.6

/* Labels longer than this many code points are cut with an ellipsis; the
 * full name stays in the point's tooltip. */
#define LABEL_MAX 28
#define NOTE_NAME_MAX 48

#define ELLIPSIS "\xE2\x80\xA6"
#define MIDDOT "\xC2\xB7"

typedef struct palette {
  const char *background; /* NULL: transparent (print) */
  const char *ink;
  const char *muted;      /* tick labels, quadrant names */
  const char *grid;
  const char *divider;    /* quadrant lines */
  const char *marker_edge;/* NULL: no outline */
  const char *category[CX_KANO_NCATEGORIES]; /* A, O, M, I, R, Q */
} palette;

static const palette palettes[3] = {
  {"#ffffff", "#1f2328", "#57606a", "#d8dee4", "#8c959f", "#ffffff",
   {"#1a7f37", "#0969da", "#cf222e", "#6e7781", "#8250df", "#9a6700"}},
  {"#0d1117", "#e6edf3", "#9198a1", "#30363d", "#6e7681", "#0d1117",
   {"#3fb950", "#58a6ff", "#ff7b72", "#9198a1", "#bc8cff", "#d29922"}},
  /* Print: shapes carry the category, ink only separates strong (A, O, M)
   * from weak (I, R, Q) categories. */
  {NULL, "#000000", "#444444", "#bbbbbb", "#666666", NULL,
   {"#000000", "#000000", "#000000", "#777777", "#555555", "#555555"}},
};

static const char *const category_title[CX_KANO_NCATEGORIES] = {
  "Attractive (A)", "One-dimensional (O)", "Must-be (M)",
  "Indifferent (I)", "Reverse (R)",        "Questionable (Q)",
};

/* Legend order follows the default precedence, which is also the order in
 * which the categories matter to a product team. */
static const cx_kano_category legend_order[CX_KANO_NCATEGORIES] = {
  CX_KANO_M, CX_KANO_O, CX_KANO_A, CX_KANO_I, CX_KANO_R, CX_KANO_Q};

typedef struct box {
  double x0, y0, x1, y1;
} box;

typedef struct point {
  const cx_kano_feature_result *r;
  double px, py;
  double lx, ly;    /* label anchor */
  bool anchor_end;  /* label drawn to the left of lx */
  size_t label_len; /* bytes of the name shown (before any ellipsis) */
  bool cut;         /* name shortened */
} point;

typedef struct layout {
  double w, h;
  double x0, y0, x1, y1; /* plot area */
  size_t legend_rows;
  double legend_y;
  double note_y;
} layout;

/* ------------------------------------------------------------------------ */
/* Text and numbers                                                          */

static size_t codepoints(const char *s, size_t len) {
  size_t n = 0;
  for (size_t i = 0; i < len; i++)
    if (((unsigned char)s[i] & 0xC0) != 0x80)
      n++;
  return n;
}

/* Bytes of the first @p k code points of @p s. */
static size_t prefix_bytes(const char *s, size_t len, size_t k) {
  size_t i = 0, seen = 0;
  while (i < len) {
    if (((unsigned char)s[i] & 0xC0) != 0x80) {
      if (seen == k)
        break;
      seen++;
    }
    i++;
  }
  return i;
}

/* Shorten to at most @p max code points, the last being an ellipsis. */
static size_t clip(const char *s, size_t len, size_t max, bool *cut) {
  *cut = codepoints(s, len) > max;
  if (!*cut)
    return len;
  size_t keep = prefix_bytes(s, len, max - 1);
  /* "word …" reads as a separate symbol; keep the ellipsis on the word. */
  while (keep > 1 && s[keep - 1] == ' ')
    keep--;
  return keep;
}

static double text_width(size_t cps, double size) {
  return (double)cps * size * GLYPH;
}

/* A fixed two-decimal number built from integers, so no locale can change
 * the decimal separator.  Rounding half away from zero; -0.00 prints as
 * 0.00. */
static void put_num(cx_buf *b, double v) {
  if (!isfinite(v))
    v = 0.0;
  long long r = llround(v * 100.0);
  if (r < 0) {
    cx__buf_puts(b, "-");
    r = -r;
  }
  cx__buf_printf(b, "%lld.%02lld", r / 100, r % 100);
}

static void put_attr(cx_buf *b, const char *name, double v) {
  cx__buf_printf(b, " %s=\"", name);
  put_num(b, v);
  cx__buf_puts(b, "\"");
}

static void put_text_open(cx_buf *b, double x, double y, double size,
                          const char *fill, const char *anchor) {
  cx__buf_puts(b, "<text");
  put_attr(b, "x", x);
  put_attr(b, "y", y);
  put_attr(b, "font-size", size);
  cx__buf_printf(b, " fill=\"%s\"", fill);
  if (anchor)
    cx__buf_printf(b, " text-anchor=\"%s\"", anchor);
  cx__buf_puts(b, ">");
}

static void put_line(cx_buf *b, double xa, double ya, double xb, double yb,
                     const char *stroke, double width, const char *dash) {
  cx__buf_puts(b, "<line");
  put_attr(b, "x1", xa);
  put_attr(b, "y1", ya);
  put_attr(b, "x2", xb);
  put_attr(b, "y2", yb);
  cx__buf_printf(b, " stroke=\"%s\"", stroke);
  put_attr(b, "stroke-width", width);
  if (dash)
    cx__buf_printf(b, " stroke-dasharray=\"%s\"", dash);
  cx__buf_puts(b, "/>\n");
}

/* ------------------------------------------------------------------------ */
/* Markers                                                                   */

/* One shape per category, so the picture still reads in black and white
 * and for readers who do not tell the colours apart. */
static void put_marker(cx_buf *b, const palette *pal, cx_kano_category c,
                       double x, double y) {
  const char *fill =
      (c >= 0 && c < CX_KANO_NCATEGORIES) ? pal->category[c] : pal->muted;
  switch (c) {
  case CX_KANO_M:
    cx__buf_puts(b, "<rect");
    put_attr(b, "x", x - 4.5);
    put_attr(b, "y", y - 4.5);
    put_attr(b, "width", 9.0);
    put_attr(b, "height", 9.0);
    break;
  case CX_KANO_A:
  case CX_KANO_R: {
    double s = c == CX_KANO_A ? 1.0 : -1.0; /* R points down */
    cx__buf_puts(b, "<path d=\"M");
    put_num(b, x);
    cx__buf_puts(b, " ");
    put_num(b, y - 6.0 * s);
    cx__buf_puts(b, "L");
    put_num(b, x + 5.5);
    cx__buf_puts(b, " ");
    put_num(b, y + 4.0 * s);
    cx__buf_puts(b, "L");
    put_num(b, x - 5.5);
    cx__buf_puts(b, " ");
    put_num(b, y + 4.0 * s);
    cx__buf_puts(b, "Z\"");
    break;
  }
  case CX_KANO_I:
    cx__buf_puts(b, "<path d=\"M");
    put_num(b, x);
    cx__buf_puts(b, " ");
    put_num(b, y - 6.0);
    cx__buf_puts(b, "L");
    put_num(b, x + 6.0);
    cx__buf_puts(b, " ");
    put_num(b, y);
    cx__buf_puts(b, "L");
    put_num(b, x);
    cx__buf_puts(b, " ");
    put_num(b, y + 6.0);
    cx__buf_puts(b, "L");
    put_num(b, x - 6.0);
    cx__buf_puts(b, " ");
    put_num(b, y);
    cx__buf_puts(b, "Z\"");
    break;
  case CX_KANO_Q:
    /* A cross has no area: it is drawn with its stroke. */
    cx__buf_puts(b, "<path d=\"M");
    put_num(b, x - 4.0);
    cx__buf_puts(b, " ");
    put_num(b, y - 4.0);
    cx__buf_puts(b, "L");
    put_num(b, x + 4.0);
    cx__buf_puts(b, " ");
    put_num(b, y + 4.0);
    cx__buf_puts(b, "M");
    put_num(b, x - 4.0);
    cx__buf_puts(b, " ");
    put_num(b, y + 4.0);
    cx__buf_puts(b, "L");
    put_num(b, x + 4.0);
    cx__buf_puts(b, " ");
    put_num(b, y - 4.0);
    cx__buf_printf(b, "\" fill=\"none\" stroke=\"%s\" stroke-width=\"2.00\"/>",
                   fill);
    return;
  default: /* O, and anything unexpected */
    cx__buf_puts(b, "<circle");
    put_attr(b, "cx", x);
    put_attr(b, "cy", y);
    put_attr(b, "r", 5.0);
    break;
  }
  cx__buf_printf(b, " fill=\"%s\"", fill);
  if (pal->marker_edge)
    cx__buf_printf(b, " stroke=\"%s\" stroke-width=\"1.00\"", pal->marker_edge);
  cx__buf_puts(b, "/>");
}

/* ------------------------------------------------------------------------ */
/* Label placement                                                           */

static bool overlaps(const box *a, const box *b) {
  return a->x0 < b->x1 && b->x0 < a->x1 && a->y0 < b->y1 && b->y0 < a->y1;
}

static box label_box(double x, double y, double w, bool end) {
  box r = {end ? x - w : x, y - FS_LABEL * 0.8, end ? x : x + w,
           y + FS_LABEL * 0.25};
  return r;
}

static box marker_box(double x, double y) {
  box r = {x - 6.5, y - 6.5, x + 6.5, y + 6.5};
  return r;
}

/*
 * Greedy placement, in feature order: try the spots next to the point
 * (right, left, above, below, then further up and down on either side) and
 * take the first that stays inside the plot and clears every label placed
 * so far, every marker and the quadrant names.  When no spot is clear (many
 * points on one place) the spot with the fewest collisions wins, which
 * spreads a pile of labels instead of stacking them on one line.
 */
static void place_labels(point *pts, size_t n, const layout *lo,
                         const box *fixed, size_t nfixed, box *placed) {
  static const struct {
    double dx, dy;
    bool end;
  } spots[] = {
      {9, 4, false},   {-9, 4, true},   {6, -9, false},  {-6, -9, true},
      {6, 17, false},  {-6, 17, true},  {9, -10, false}, {9, 18, false},
      {-9, -10, true}, {-9, 18, true},  {9, -23, false}, {9, 31, false},
      {-9, -23, true}, {-9, 31, true},  {9, -36, false}, {9, 44, false},
      {-9, -36, true}, {-9, 44, true},
  };
  const size_t nspots = sizeof spots / sizeof spots[0];
  for (size_t i = 0; i < n; i++) {
    point *p = &pts[i];
    size_t cps = codepoints(p->r->feature, p->label_len) + (p->cut ? 1 : 0);
    double w = text_width(cps, FS_LABEL);
    size_t chosen = p->px + 9 + w > lo->x1 ? 1 : 0;
    size_t fewest = SIZE_MAX;
    for (size_t s = 0; s < nspots && fewest > 0; s++) {
      box c = label_box(p->px + spots[s].dx, p->py + spots[s].dy, w,
                        spots[s].end);
      if (c.x0 < lo->x0 + 1 || c.x1 > lo->x1 - 1 || c.y0 < lo->y0 + 1 ||
          c.y1 > lo->y1 - 1)
        continue;
      size_t hits = 0;
      for (size_t k = 0; k < i; k++)
        hits += overlaps(&c, &placed[k]);
      for (size_t k = 0; k < n; k++) {
        box m = marker_box(pts[k].px, pts[k].py);
        hits += overlaps(&c, &m);
      }
      for (size_t k = 0; k < nfixed; k++)
        hits += overlaps(&c, &fixed[k]);
      if (hits < fewest) {
        fewest = hits;
        chosen = s;
      }
    }
    p->lx = p->px + spots[chosen].dx;
    p->ly = p->py + spots[chosen].dy;
    p->anchor_end = spots[chosen].end;
    placed[i] = label_box(p->lx, p->ly, w, p->anchor_end);
  }
}

/* ------------------------------------------------------------------------ */
/* Note on features that cannot be placed                                    */

#define NOTE_LINE 15.0
#define NOTE_LEAD "Not plotted (no A, O, M or I answers): "

/* Wrap the names of the unplaced features into at most @p max_lines lines
 * of @p avail pixels.  Writes the lines when @p b is non-NULL, and returns
 * how many lines are needed (or used). */
static size_t put_note(cx_buf *b, const cx_kano_feature_result **missing,
                       size_t nmissing, double x, double y, double avail,
                       size_t max_lines, const palette *pal) {
  if (nmissing == 0)
    return 0;
  double cap = avail / (FS_LABEL * GLYPH); /* code points per line */
  size_t line = 0;
  double used = (double)codepoints(NOTE_LEAD, strlen(NOTE_LEAD));
  if (b) {
    put_text_open(b, x, y, FS_LABEL, pal->muted, NULL);
    cx__buf_puts(b, NOTE_LEAD);
  }
  for (size_t i = 0; i < nmissing; i++) {
    const char *name = missing[i]->feature;
    size_t len = strlen(name);
    bool cut;
    size_t keep = clip(name, len, NOTE_NAME_MAX, &cut);
    double need = (double)codepoints(name, keep) + (cut ? 1 : 0) +
                  (i + 1 < nmissing ? 2 : 0);
    if (used > 0 && used + need > cap && i > 0) {
      if (line + 1 >= max_lines) {
        /* Out of room: say how many are left instead of clipping. */
        if (b)
          cx__buf_printf(b, "and %zu more", nmissing - i);
        break;
      }
      line++;
      used = 0;
      if (b) {
        cx__buf_puts(b, "</text>\n");
        put_text_open(b, x, y + NOTE_LINE * (double)line, FS_LABEL,
                      pal->muted, NULL);
      }
    }
    if (b) {
      cx__buf_put_xml(b, name, keep);
      if (cut)
        cx__buf_puts(b, ELLIPSIS);
      if (i + 1 < nmissing)
        cx__buf_puts(b, ", ");
    }
    used += need;
  }
  if (b)
    cx__buf_puts(b, "</text>\n");
  return line + 1;
}

/* ------------------------------------------------------------------------ */
/* Legend                                                                    */

#define LEGEND_ROW 18.0

static double legend_entry_width(cx_kano_category c) {
  const char *t = category_title[c];
  return 16.0 + text_width(strlen(t), FS_LABEL) + 14.0;
}

/* Lay the entries out in rows that fit between @p x0 and @p x1; draws
 * them when @p b is non-NULL; returns the number of rows. */
static size_t put_legend(cx_buf *b, const bool *shown, double x0, double x1,
                         double y, const palette *pal) {
  size_t rows = 0;
  double x = x0;
  for (size_t i = 0; i < CX_KANO_NCATEGORIES; i++) {
    cx_kano_category c = legend_order[i];
    if (!shown[c])
      continue;
    double w = legend_entry_width(c);
    if (rows == 0) {
      rows = 1;
    } else if (x + w - 14.0 > x1 && x > x0) {
      rows++;
      x = x0;
    }
    double cy = y + LEGEND_ROW * (double)(rows - 1);
    if (b) {
      put_marker(b, pal, c, x + 6.0, cy - 4.0);
      cx__buf_puts(b, "\n");
      put_text_open(b, x + 16.0, cy, FS_LABEL, pal->ink, NULL);
      cx__buf_puts(b, category_title[c]);
      cx__buf_puts(b, "</text>\n");
    }
    x += w;
  }
  return rows;
}

/* ------------------------------------------------------------------------ */
/* The document                                                              */

static cx_status check_options(const cx_kano_result *result,
                               const cx_kano_svg_options *o) {
  if (o->version != CX_KANO_SVG_OPTIONS_VERSION)
    return cx__error(CX_EINVAL,
                     "cx_render_kano_svg: options version %u, expected %u "
                     "(start from CX_KANO_SVG_OPTIONS_INIT)",
                     o->version, CX_KANO_SVG_OPTIONS_VERSION);
  if (o->width < 200 || o->width > 4000)
    return cx__error(CX_EINVAL,
                     "cx_render_kano_svg: width %u is outside 200-4000",
                     o->width);
  if (o->height < 200 || o->height > 4000)
    return cx__error(CX_EINVAL,
                     "cx_render_kano_svg: height %u is outside 200-4000",
                     o->height);
  if (o->theme != CX_THEME_LIGHT && o->theme != CX_THEME_DARK &&
      o->theme != CX_THEME_PRINT)
    return cx__error(CX_EINVAL, "cx_render_kano_svg: unknown theme %d",
                     (int)o->theme);
  if (o->title && !cx__utf8_valid(o->title, strlen(o->title)))
    return cx__error(CX_EINVAL, "cx_render_kano_svg: title is not UTF-8");
  size_t nseg = cx_kano_result_n_segments(result);
  if (o->segment != CX_KANO_ALL && o->segment >= nseg)
    return cx__error(CX_ENOTFOUND,
                     "cx_render_kano_svg: segment %zu does not exist (the "
                     "result has %zu named segments)",
                     o->segment, nseg);
  return CX_OK;
}

static void put_header(cx_buf *b, const layout *lo, const char *title,
                       const char *subtitle_segment, const char *rule,
                       const palette *pal) {
  cx__buf_printf(b,
                 "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%u\" "
                 "height=\"%u\" viewBox=\"0 0 %u %u\" role=\"img\" "
                 "font-family=\"Helvetica, Arial, sans-serif\">\n",
                 (unsigned)lo->w, (unsigned)lo->h, (unsigned)lo->w,
                 (unsigned)lo->h);
  cx__buf_puts(b, "<title>");
  cx__buf_put_xml(b, title, strlen(title));
  cx__buf_puts(b, "</title>\n");
  if (pal->background)
    cx__buf_printf(b,
                   "<rect x=\"0\" y=\"0\" width=\"100%%\" height=\"100%%\" "
                   "fill=\"%s\"/>\n",
                   pal->background);

  size_t tlen = strlen(title);
  double room = (lo->w - 24.0) / (FS_TITLE * GLYPH);
  bool cut;
  size_t keep = clip(title, tlen, room < 4 ? 4 : (size_t)room, &cut);
  put_text_open(b, lo->w / 2.0, 26.0, FS_TITLE, pal->ink, "middle");
  cx__buf_put_xml(b, title, keep);
  if (cut)
    cx__buf_puts(b, ELLIPSIS);
  cx__buf_puts(b, "</text>\n");

  put_text_open(b, lo->w / 2.0, 44.0, FS_LABEL, pal->muted, "middle");
  if (subtitle_segment) {
    cx__buf_puts(b, "Segment: ");
    size_t slen = strlen(subtitle_segment);
    keep = clip(subtitle_segment, slen, NOTE_NAME_MAX, &cut);
    cx__buf_put_xml(b, subtitle_segment, keep);
    if (cut)
      cx__buf_puts(b, ELLIPSIS);
  } else {
    cx__buf_puts(b, "All respondents");
  }
  cx__buf_puts(b, " " MIDDOT " rule: ");
  cx__buf_put_xml(b, rule, strlen(rule));
  cx__buf_puts(b, "</text>\n");
}

static void put_axes(cx_buf *b, const layout *lo, const palette *pal) {
  double pw = lo->x1 - lo->x0, ph = lo->y1 - lo->y0;
  cx__buf_puts(b, "<rect");
  put_attr(b, "x", lo->x0);
  put_attr(b, "y", lo->y0);
  put_attr(b, "width", pw);
  put_attr(b, "height", ph);
  cx__buf_printf(b, " fill=\"none\" stroke=\"%s\" stroke-width=\"1.00\"/>\n",
                 pal->divider);
  static const char *const tick_text[5] = {"0.00", "0.25", "0.50", "0.75",
                                           "1.00"};
  /* Narrow axes label every other tick so the numbers do not collide. */
  bool sparse_x = pw < 220.0, sparse_y = ph < 120.0;
  for (int i = 0; i < 5; i++) {
    double v = 0.25 * i;
    double x = lo->x0 + v * pw, y = lo->y1 - v * ph;
    if (i == 1 || i == 3) {
      put_line(b, x, lo->y0, x, lo->y1, pal->grid, 1.0, "3 3");
      put_line(b, lo->x0, y, lo->x1, y, pal->grid, 1.0, "3 3");
    }
    put_line(b, x, lo->y1, x, lo->y1 + 5.0, pal->ink, 1.0, NULL);
    put_line(b, lo->x0 - 5.0, y, lo->x0, y, pal->ink, 1.0, NULL);
    if (!(sparse_x && i % 2)) {
      put_text_open(b, x, lo->y1 + 18.0, FS_LABEL, pal->muted, "middle");
      cx__buf_printf(b, "%s</text>\n", tick_text[i]);
    }
    if (!(sparse_y && i % 2)) {
      put_text_open(b, lo->x0 - 8.0, y + 4.0, FS_LABEL, pal->muted, "end");
      cx__buf_printf(b, "%s</text>\n", tick_text[i]);
    }
  }
  /* The quadrant lines of Berger et al.: coefficients above 0.5. */
  double mx = lo->x0 + 0.5 * pw, my = lo->y1 - 0.5 * ph;
  put_line(b, mx, lo->y0, mx, lo->y1, pal->divider, 1.5, NULL);
  put_line(b, lo->x0, my, lo->x1, my, pal->divider, 1.5, NULL);

  put_text_open(b, lo->x0 + pw / 2.0, lo->y1 + 36.0, FS_TEXT, pal->ink,
                "middle");
  cx__buf_puts(b, "Dissatisfaction |Worse|</text>\n");
  double ax = 16.0, ay = lo->y0 + ph / 2.0;
  cx__buf_puts(b, "<text");
  put_attr(b, "x", ax);
  put_attr(b, "y", ay);
  put_attr(b, "font-size", FS_TEXT);
  cx__buf_printf(b, " fill=\"%s\" text-anchor=\"middle\" transform=\"rotate(-90 ",
                 pal->ink);
  put_num(b, ax);
  cx__buf_puts(b, " ");
  put_num(b, ay);
  cx__buf_puts(b, ")\">Satisfaction (Better)</text>\n");
}

/* Quadrant names sit in the outer corners, away from the centre where
 * points crowd; their boxes are returned so labels avoid them. */
static size_t put_quadrants(cx_buf *b, const layout *lo, const palette *pal,
                            box *fixed) {
  static const struct {
    const char *name, *letter;
    bool right, top;
  } q[4] = {{"Attractive", "A", false, true},
            {"One-dimensional", "O", true, true},
            {"Must-be", "M", true, false},
            {"Indifferent", "I", false, false}};
  /* When the two top names do not fit side by side, the usual one-letter
   * codes stand in for all four. */
  bool letters = text_width(strlen("AttractiveOne-dimensional"), FS_TEXT) +
                     24.0 > lo->x1 - lo->x0;
  for (size_t i = 0; i < 4; i++) {
    const char *name = letters ? q[i].letter : q[i].name;
    double x = q[i].right ? lo->x1 - 8.0 : lo->x0 + 8.0;
    double y = q[i].top ? lo->y0 + 18.0 : lo->y1 - 10.0;
    double w = text_width(strlen(name), FS_TEXT);
    put_text_open(b, x, y, FS_TEXT, pal->muted, q[i].right ? "end" : NULL);
    cx__buf_printf(b, "%s</text>\n", name);
    fixed[i] = (box){q[i].right ? x - w : x, y - FS_TEXT * 0.8,
                     q[i].right ? x : x + w, y + FS_TEXT * 0.25};
  }
  return 4;
}

static void put_point(cx_buf *b, const point *p, const palette *pal) {
  const cx_kano_feature_result *r = p->r;
  cx__buf_puts(b, "<g>\n<title>");
  cx__buf_put_xml(b, r->feature, strlen(r->feature));
  cx__buf_puts(b, ": ");
  cx__buf_puts(b, cx_kano_category_name(r->category));
  cx__buf_puts(b, "; better ");
  put_num(b, r->better);
  cx__buf_puts(b, ", worse ");
  put_num(b, r->worse);
  cx__buf_printf(b, "; %llu answers</title>\n", (unsigned long long)r->n_raw);
  put_marker(b, pal, r->category, p->px, p->py);
  cx__buf_puts(b, "\n");
  put_text_open(b, p->lx, p->ly, FS_LABEL, pal->ink,
                p->anchor_end ? "end" : NULL);
  cx__buf_put_xml(b, r->feature, p->label_len);
  if (p->cut)
    cx__buf_puts(b, ELLIPSIS);
  cx__buf_puts(b, "</text>\n</g>\n");
}

static double clamp01(double v) { return v < 0.0 ? 0.0 : v > 1.0 ? 1.0 : v; }

static cx_status render(const cx_kano_result *result,
                        const cx_kano_svg_options *o, cx_buf *b, point *pts,
                        box *placed, const cx_kano_feature_result **missing) {
  const palette *pal = &palettes[o->theme];
  size_t nf = cx_kano_result_n_features(result);
  size_t npts = 0, nmissing = 0;
  bool shown[CX_KANO_NCATEGORIES] = {false};
  shown[CX_KANO_M] = shown[CX_KANO_O] = shown[CX_KANO_A] = shown[CX_KANO_I] =
      true;
  for (size_t f = 0; f < nf; f++) {
    const cx_kano_feature_result *r;
    cx_status st = cx_kano_result_get(result, f, o->segment, &r);
    if (st != CX_OK)
      return st;
    if (!isfinite(r->better) || !isfinite(r->worse)) {
      missing[nmissing++] = r;
      continue;
    }
    if (r->category >= 0 && r->category < CX_KANO_NCATEGORIES)
      shown[r->category] = true;
    pts[npts++].r = r;
  }

  layout lo;
  lo.w = (double)o->width;
  lo.h = (double)o->height;
  lo.x0 = 64.0;
  lo.x1 = lo.w - 20.0;
  lo.y0 = 58.0;
  /* The plot comes first: in a small picture the legend goes when it would
   * leave the plot less than 60% of the height below the title, and the
   * note gets at most the rows that keep that 60% (one row at least, so
   * unplaced features are never silently left out). */
  double body = lo.h - lo.y0;
  lo.legend_rows = put_legend(NULL, shown, lo.x0, lo.x1, 0.0, pal);
  if (58.0 + LEGEND_ROW * (double)lo.legend_rows > 0.4 * body)
    lo.legend_rows = 0;
  double fixed_bottom = 58.0 + LEGEND_ROW * (double)lo.legend_rows;
  size_t note_lines = put_note(NULL, missing, nmissing, 0, 0, lo.x1 - lo.x0,
                               SIZE_MAX, pal);
  double room = body * 0.4 - fixed_bottom;
  size_t max_lines = room > NOTE_LINE ? (size_t)(room / NOTE_LINE) : 1;
  if (note_lines > max_lines)
    note_lines = max_lines;
  lo.y1 = lo.h - fixed_bottom - NOTE_LINE * (double)note_lines;
  lo.legend_y = lo.y1 + 60.0;
  lo.note_y = lo.legend_y + LEGEND_ROW * (double)lo.legend_rows;

  const char *segname = o->segment == CX_KANO_ALL
                            ? NULL
                            : cx_kano_result_segment_name(result, o->segment);
  const cx_kano_options *ko = cx_kano_result_options(result);
  const char *rule = ko ? cx_kano_rule_name(ko->rule) : "unknown";
  put_header(b, &lo, o->title ? o->title : "Kano diagram", segname, rule, pal);
  put_axes(b, &lo, pal);
  box fixed[4];
  size_t nfixed = put_quadrants(b, &lo, pal, fixed);

  double pw = lo.x1 - lo.x0, ph = lo.y1 - lo.y0;
  for (size_t i = 0; i < npts; i++) {
    point *p = &pts[i];
    p->px = lo.x0 + clamp01(fabs(p->r->worse)) * pw;
    p->py = lo.y1 - clamp01(p->r->better) * ph;
    p->label_len = clip(p->r->feature, strlen(p->r->feature), LABEL_MAX,
                        &p->cut);
  }
  place_labels(pts, npts, &lo, fixed, nfixed, placed);
  for (size_t i = 0; i < npts; i++)
    put_point(b, &pts[i], pal);

  if (lo.legend_rows)
    put_legend(b, shown, lo.x0, lo.x1, lo.legend_y, pal);
  put_note(b, missing, nmissing, lo.x0, lo.note_y, lo.x1 - lo.x0,
           note_lines, pal);
  cx__buf_puts(b, "</svg>\n");
  return CX_OK;
}

CX_API cx_status cx_render_kano_svg(const cx_kano_result *result,
                                    const cx_kano_svg_options *options,
                                    char **out, size_t *len) {
  if (!result || !out)
    return cx__error(CX_EINVAL, "cx_render_kano_svg: %s is NULL",
                     result ? "out" : "result");
  const cx_kano_svg_options defaults = CX_KANO_SVG_OPTIONS_INIT;
  const cx_kano_svg_options *o = options ? options : &defaults;
  cx_status st = check_options(result, o);
  if (st != CX_OK)
    return st;

  size_t nf = cx_kano_result_n_features(result);
  point *pts = cx__calloc(nf ? nf : 1, sizeof *pts);
  box *placed = cx__calloc(nf ? nf : 1, sizeof *placed);
  const cx_kano_feature_result **missing =
      cx__calloc(nf ? nf : 1, sizeof *missing);
  cx_buf b;
  cx__buf_init(&b);
  if (!pts || !placed || !missing) {
    st = cx__enomem();
  } else {
    st = render(result, o, &b, pts, placed, missing);
  }
  cx__free(pts);
  cx__free(placed);
  cx__free(missing);
  if (st != CX_OK) {
    cx__buf_free(&b);
    return st;
  }
  return cx__svg_finish(&b, out, len);
}
