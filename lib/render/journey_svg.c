/*
 * Journey map as a standalone SVG document.
 *
 * The picture is a grid: one column ("slot") per touchpoint in journey
 * order, stages spanning the slots of their touchpoints (an empty stage
 * keeps one slot so it stays visible), and horizontal lanes that share the
 * columns: touchpoint cards, the emotion curve, and expectation against
 * experience.  Sharing the columns is what lets a reader follow one
 * touchpoint straight down through every lane.
 *
 * As in kano_svg.c, the output must be safe to embed and a pure function of
 * its input: every text from the journey goes through cx__buf_put_xml(),
 * numbers are built from integers (printf's %f obeys the process locale),
 * and the only floating-point functions used are exact ones (llround,
 * floor), so the bytes do not depend on the libm either.
 *
 * Text widths are estimated from code-point counts; names that do not fit
 * are wrapped or cut with an ellipsis, always at a code-point boundary,
 * and the full text stays in a <title> tooltip.
 */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <cx/render.h>

#include "internal.h"
#include "journey_internal.h"
#include "svg_util.h"

#define FS_TITLE 18.0
#define FS_TEXT 12.0
#define FS_SMALL 10.5

/* Horizontal geometry (pixels).  A card is its slot less CARD_GAP. */
#define GUTTER 140.0 /* lane names and the score axis */
#define MARGIN_R 20.0
#define SLOT 156.0 /* natural slot width: a card of 144 */
#define CARD_GAP 12.0
#define CARD_PAD 8.0
#define MIN_WIDTH 720.0

/* Vertical geometry. */
#define STAGE_Y 66.0
#define STAGE_H 32.0
#define LANE_GAP 14.0
#define CARD_H 126.0
#define MARK_ROW_H 30.0
#define EMO_PAD_T 22.0 /* lane top to frame top */
#define EMO_H 150.0    /* frame height */
#define EMO_PAD_B 22.0
#define GAP_PAD_T 22.0
#define GAP_H 110.0
#define GAP_PAD_B 16.0
#define LEGEND_ROW 22.0
#define NAME_LINES 3
#define NAME_LINE_H 15.0

#define MIDDOT " \xC2\xB7 "

/* Five classes of score around the neutral point; the shape carries the
 * sign (down, circle, up) so the picture reads without colour. */
enum { TONE_NEG2, TONE_NEG1, TONE_NEUTRAL, TONE_POS1, TONE_POS2, NTONES };
#define NACTOR_COLOURS 8

typedef struct palette {
  const char *background; /* NULL: transparent (print) */
  const char *ink, *muted, *grid, *divider;
  const char *card_fill; /* NULL: outline only */
  const char *card_edge;
  const char *stage_fill; /* NULL: outline only */
  const char *column_alt; /* NULL: no shading of every other stage */
  const char *zone_fill, *zone_edge;
  const char *mark_edge; /* outline around score marks */
  const char *pain, *star;
  const char *tone[NTONES];
  const char *actor[NACTOR_COLOURS];
} palette;

/* Light and dark colours keep 3:1 or more against their background (4.5:1
 * for the strong tones used on text); print uses ink and two greys. */
/* clang-format off */
static const palette palettes[3] = {
  {.background = "#ffffff", .ink = "#1f2328", .muted = "#57606a",
   .grid = "#e1e6eb", .divider = "#8c959f", .card_fill = "#ffffff",
   .card_edge = "#afb8c1", .stage_fill = "#dde4ee", .column_alt = "#f6f8fa",
   .zone_fill = "#ddf4ff", .zone_edge = "#54aeff", .mark_edge = "#ffffff",
   .pain = "#cf222e", .star = "#9a6700",
   .tone = {"#a40e26", "#e5534b", "#6e7781", "#2da44e", "#116329"},
   .actor = {"#0969da", "#8250df", "#bf3989", "#9a6700", "#1b7c83",
             "#bc4c00", "#57606a", "#116329"}},
  {.background = "#0d1117", .ink = "#e6edf3", .muted = "#9198a1",
   .grid = "#21262d", .divider = "#6e7681", .card_fill = "#161b22",
   .card_edge = "#3d444d", .stage_fill = "#262c36", .column_alt = "#11161d",
   .zone_fill = "#0c2d6b", .zone_edge = "#388bfd", .mark_edge = "#0d1117",
   .pain = "#f85149", .star = "#e3b341",
   .tone = {"#f85149", "#ffa198", "#9198a1", "#7ee787", "#3fb950"},
   .actor = {"#58a6ff", "#bc8cff", "#ff80c8", "#d29922", "#39c5cf",
             "#f0883e", "#9198a1", "#56d364"}},
  /* Print: no fills behind text; shapes and two greys carry the tones. */
  {.background = NULL, .ink = "#000000", .muted = "#444444",
   .grid = "#cccccc", .divider = "#666666", .card_fill = NULL,
   .card_edge = "#666666", .stage_fill = NULL, .column_alt = NULL,
   .zone_fill = "#e6e6e6", .zone_edge = "#888888", .mark_edge = "#000000",
   .pain = "#000000", .star = "#000000",
   .tone = {"#000000", "#888888", "#ffffff", "#888888", "#000000"},
   .actor = {"#000000", "#000000", "#000000", "#000000", "#000000",
             "#000000", "#000000", "#000000"}},
};
/* clang-format on */

typedef struct slot {
  const cx__jtp *tp; /* NULL: the placeholder of an empty stage */
  size_t stage;
} slot;

typedef struct layout {
  double w, h;
  double slot_w;
  double card_y, marks_y; /* marks_y: own row when cards are off */
  double emo_y0, emo_y1;  /* emotion frame top / bottom */
  double gap_y0, gap_y1;
  double lanes_end;
  double legend_y;
  double smin, sneutral, smax;
  bool scale_ok;
} layout;

typedef struct ctx {
  cx_buf *b;
  const cx_journey *j;
  const palette *pal;
  unsigned lanes;
  slot *slots;
  size_t nslots;
  layout lo;
} ctx;

static const double tri_up[3][2] = {{0, -1.1}, {1.0, 0.7}, {-1.0, 0.7}};
static const double tri_down[3][2] = {{0, 1.1}, {1.0, -0.7}, {-1.0, -0.7}};
/* Unit five-pointed star, inner radius 0.4; listed, not computed, so no
 * trigonometry can change the digits. */
static const double star_pts[10][2] = {
    {0, -1},          {0.235, -0.324}, {0.951, -0.309}, {0.380, 0.124},
    {0.588, 0.809},   {0, 0.4},        {-0.588, 0.809}, {-0.380, 0.124},
    {-0.951, -0.309}, {-0.235, -0.324}};

static void put_tone_mark(cx_buf *b, const palette *pal, int tone, double x,
                          double y, double r) {
  if (tone == TONE_NEUTRAL) {
    cx__buf_puts(b, "<circle");
    cx__svg_attr(b, "cx", x);
    cx__svg_attr(b, "cy", y);
    cx__svg_attr(b, "r", r * 0.8);
  } else {
    cx__svg_poly(b, tone > TONE_NEUTRAL ? tri_up : tri_down, 3, x, y, r);
  }
  cx__buf_printf(b, " fill=\"%s\" stroke=\"%s\" stroke-width=\"1.20\"/>",
                 pal->tone[tone], pal->mark_edge);
}

static void put_star(cx_buf *b, const palette *pal, double x, double y,
                     double r) {
  cx__svg_poly(b, star_pts, 10, x, y, r);
  cx__buf_printf(b, " fill=\"%s\"/>", pal->star);
}

static void put_pain_icon(cx_buf *b, const palette *pal, double x, double y) {
  static const double warn[3][2] = {{0, -1}, {1.1, 0.85}, {-1.1, 0.85}};
  cx__svg_poly(b, warn, 3, x, y, 6.5);
  cx__buf_printf(b, " fill=\"%s\"/>", pal->pain);
  cx__svg_text_open(b, x, y + 4.2, 8.5, "#ffffff", "middle", true);
  cx__buf_puts(b, "!</text>");
}

/* ------------------------------------------------------------------------ */
/* Scale                                                                     */

static int tone_of(const layout *lo, double v) {
  double d = v - lo->sneutral;
  if (fabs(d) < 1e-9)
    return TONE_NEUTRAL;
  double span = d > 0 ? lo->smax - lo->sneutral : lo->sneutral - lo->smin;
  bool strong = span <= 0 || fabs(d) > span / 2.0;
  if (d > 0)
    return strong ? TONE_POS2 : TONE_POS1;
  return strong ? TONE_NEG2 : TONE_NEG1;
}

/* y of a value in a frame; values outside the scale sit on its edge. */
static double scale_y(const layout *lo, double v, double y0, double y1) {
  double t = (lo->smax - v) / (lo->smax - lo->smin);
  t = t < 0 ? 0 : t > 1 ? 1 : t;
  return y0 + t * (y1 - y0);
}

static double slot_x(const ctx *c, size_t i) {
  return GUTTER + ((double)i + 0.5) * c->lo.slot_w;
}

static const char *tp_name(const cx__jtp *tp) {
  return tp->text[CX_TP_NAME][0] ? tp->text[CX_TP_NAME] : tp->id;
}

static const char *channel_text(const cx__jtp *tp) {
  if (tp->channel == CX_CHANNEL_CUSTOM)
    return tp->channel_name ? tp->channel_name : "custom";
  if (tp->channel == CX_CHANNEL_NONE)
    return NULL;
  return cx_channel_name(tp->channel);
}

/* Index of a declared actor, or SIZE_MAX. */
static size_t actor_index(const cx_journey *j, const char *id) {
  for (size_t i = 0; i < j->n_actors; i++)
    if (strcmp(j->actor[i].id, id) == 0)
      return i;
  return SIZE_MAX;
}

static const char *actor_name(const cx_journey *j, size_t i) {
  const cx__jactor *a = &j->actor[i];
  return a->name && a->name[0] ? a->name : a->id;
}

/* ------------------------------------------------------------------------ */
/* Header, stages, columns                                                   */

static void put_header(ctx *c, const char *title) {
  cx_buf *b = c->b;
  const palette *pal = c->pal;
  cx__buf_printf(b,
                 "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%u\" "
                 "height=\"%u\" viewBox=\"0 0 %u %u\" role=\"img\" "
                 "font-family=\"Helvetica, Arial, sans-serif\">\n",
                 (unsigned)c->lo.w, (unsigned)c->lo.h, (unsigned)c->lo.w,
                 (unsigned)c->lo.h);
  cx__buf_puts(b, "<title>");
  cx__buf_put_xml(b, title, strlen(title));
  cx__buf_puts(b, "</title>\n");
  if (pal->background)
    cx__buf_printf(b,
                   "<rect x=\"0\" y=\"0\" width=\"100%%\" height=\"100%%\" "
                   "fill=\"%s\"/>\n",
                   pal->background);
  double room = c->lo.w - 40.0;
  cx__svg_text_open(b, 20.0, 30.0, FS_TITLE, pal->ink, NULL, true);
  cx__svg_clipped(b, title,
                  cx__svg_fit_chars(room, FS_TITLE, CX_SVG_GLYPH_BOLD));
  cx__buf_puts(b, "</text>\n");

  size_t ntp = 0;
  for (size_t i = 0; i < c->nslots; i++)
    ntp += c->slots[i].tp != NULL;
  cx__svg_text_open(b, 20.0, 50.0, FS_TEXT, pal->muted, NULL, false);
  if (c->lo.scale_ok) {
    cx__buf_puts(b, "Scale ");
    cx__svg_value(b, c->lo.smin, false);
    cx__buf_puts(b, " to ");
    cx__svg_value(b, c->lo.smax, false);
    cx__buf_puts(b, ", neutral ");
    cx__svg_value(b, c->lo.sneutral, false);
  } else {
    cx__buf_puts(b, "Invalid scale (drawn as 1 to 5, neutral 3)");
  }
  cx__buf_printf(b, MIDDOT "%zu stage%s" MIDDOT "%zu touchpoint%s</text>\n",
                 c->j->n_stages, c->j->n_stages == 1 ? "" : "s", ntp,
                 ntp == 1 ? "" : "s");
}

/* Stage headers, shading of every other stage and the dividers. */
static void put_stages(ctx *c) {
  cx_buf *b = c->b;
  const palette *pal = c->pal;
  size_t i = 0;
  while (i < c->nslots) {
    size_t s = c->slots[i].stage, k = i;
    while (k < c->nslots && c->slots[k].stage == s)
      k++;
    const cx__jstage *st = c->j->stage[s];
    double x0 = GUTTER + (double)i * c->lo.slot_w;
    double w = (double)(k - i) * c->lo.slot_w;
    double body = c->lo.lanes_end - (STAGE_Y + STAGE_H);
    if (pal->column_alt && s % 2 == 1)
      cx__svg_rect(b, x0, STAGE_Y + STAGE_H, w, body, 0, pal->column_alt, NULL);
    if (i > 0)
      cx__svg_line(b, x0, STAGE_Y, x0, c->lo.lanes_end, pal->grid, 1.0, NULL);
    const char *name = st->name && st->name[0] ? st->name : st->id;
    cx__buf_puts(b, "<g class=\"cx-stage\">\n<title>");
    cx__buf_put_xml(b, name, strlen(name));
    if (st->description) {
      cx__buf_puts(b, "\n");
      cx__buf_put_xml(b, st->description, strlen(st->description));
    }
    cx__buf_puts(b, "</title>\n");
    cx__svg_rect(b, x0 + 3.0, STAGE_Y, w - 6.0, STAGE_H, 4.0, pal->stage_fill,
                 pal->stage_fill ? NULL : pal->divider);
    cx__svg_text_open(b, x0 + w / 2.0, STAGE_Y + 21.0, 13.0, pal->ink, "middle",
                      true);
    cx__svg_clipped(b, name,
                    cx__svg_fit_chars(w - 16.0, 13.0, CX_SVG_GLYPH_BOLD));
    cx__buf_puts(b, "</text>\n</g>\n");
    i = k;
  }
}

static void put_lane_name(ctx *c, double y, const char *l1, const char *l2) {
  cx__svg_text_open(c->b, 20.0, y, FS_TEXT, c->pal->ink, NULL, true);
  cx__buf_printf(c->b, "%s</text>\n", l1);
  if (l2) {
    cx__svg_text_open(c->b, 20.0, y + 15.0, FS_TEXT, c->pal->ink, NULL, true);
    cx__buf_printf(c->b, "%s</text>\n", l2);
  }
}

/* ------------------------------------------------------------------------ */
/* Cards, pain points and moments of truth                                   */

static void put_list_tooltip(cx_buf *b, const char *head, const cx__strlist *l,
                             const char *open, const char *close) {
  if (l->count == 0)
    return;
  cx__buf_printf(b, "\n%s:", head);
  for (size_t i = 0; i < l->count; i++) {
    cx__buf_printf(b, "\n- %s", open);
    cx__buf_put_xml(b, l->item[i], strlen(l->item[i]));
    cx__buf_puts(b, close);
  }
}

static void put_card_tooltip(ctx *c, const cx__jtp *tp) {
  cx_buf *b = c->b;
  const char *name = tp_name(tp);
  cx__buf_puts(b, "<title>");
  cx__buf_put_xml(b, name, strlen(name));
  const char *ch = channel_text(tp);
  if (ch) {
    cx__buf_puts(b, "\nChannel: ");
    cx__buf_put_xml(b, ch, strlen(ch));
  }
  const cx__strlist *actors = &tp->list[CX_TP_ACTORS];
  for (size_t i = 0; i < actors->count; i++) {
    size_t a = actor_index(c->j, actors->item[i]);
    const char *an = a == SIZE_MAX ? actors->item[i] : actor_name(c->j, a);
    cx__buf_puts(b, i ? ", " : "\nActors: ");
    cx__buf_put_xml(b, an, strlen(an));
  }
  static const struct {
    cx_tp_number f;
    const char *label;
  } nums[] = {{CX_TP_SCORE, "Emotion"},
              {CX_TP_EXPECTATION, "Expectation"},
              {CX_TP_EXPERIENCE, "Experience"},
              {CX_TP_ADEQUATE, "Adequate"},
              {CX_TP_DESIRED, "Desired"}};
  for (size_t i = 0; i < sizeof nums / sizeof nums[0]; i++) {
    double v = tp->num[nums[i].f];
    if (!isfinite(v))
      continue;
    cx__buf_printf(b, "\n%s: ", nums[i].label);
    cx__svg_value(b, v, false);
  }
  if (tp->moment_of_truth)
    cx__buf_puts(b, "\nMoment of truth");
  if (tp->text[CX_TP_DESCRIPTION]) {
    cx__buf_puts(b, "\n");
    cx__buf_put_xml(b, tp->text[CX_TP_DESCRIPTION],
                    strlen(tp->text[CX_TP_DESCRIPTION]));
  }
  put_list_tooltip(b, "Pain points", &tp->list[CX_TP_PAIN_POINTS], "", "");
  put_list_tooltip(b, "Opportunities", &tp->list[CX_TP_OPPORTUNITIES], "", "");
  put_list_tooltip(b, "Quotes", &tp->list[CX_TP_QUOTES], "\xE2\x80\x9C",
                   "\xE2\x80\x9D");
  cx__buf_puts(b, "</title>\n");
}

/* The star and the pain icon with its count, between x0 and x1 at y. */
static void put_marks(ctx *c, const cx__jtp *tp, double x0, double x1,
                      double y) {
  cx_buf *b = c->b;
  if (tp->moment_of_truth) {
    cx__buf_puts(b, "<g class=\"cx-moment\"><title>Moment of truth</title>");
    put_star(b, c->pal, x0 + 7.0, y - 4.0, 7.5);
    cx__buf_puts(b, "</g>\n");
  }
  const cx__strlist *pain = &tp->list[CX_TP_PAIN_POINTS];
  if (pain->count == 0)
    return;
  char count[32];
  int n = snprintf(count, sizeof count, "%zu", pain->count);
  double tw = (double)n * FS_SMALL * CX_SVG_GLYPH;
  cx__buf_puts(b, "<g class=\"cx-pain\"><title>");
  cx__buf_printf(b, "%zu pain point%s:", pain->count,
                 pain->count == 1 ? "" : "s");
  for (size_t i = 0; i < pain->count; i++) {
    cx__buf_puts(b, "\n- ");
    cx__buf_put_xml(b, pain->item[i], strlen(pain->item[i]));
  }
  cx__buf_puts(b, "</title>");
  put_pain_icon(b, c->pal, x1 - tw - 11.0, y - 4.0);
  cx__svg_text_open(b, x1, y, FS_SMALL, c->pal->ink, "end", true);
  cx__buf_printf(b, "%s</text></g>\n", count);
}

/* The actors of a card on up to two lines: a dot in the actor's colour and
 * the name, as many as fit, then "+k" for the rest. */
static void put_card_actors(ctx *c, const cx__jtp *tp, double x0, double xe,
                            double y) {
  cx_buf *b = c->b;
  const cx__strlist *l = &tp->list[CX_TP_ACTORS];
  double x = x0;
  int line = 0;
  for (size_t i = 0; i < l->count; i++) {
    size_t a = actor_index(c->j, l->item[i]);
    const char *name = a == SIZE_MAX ? l->item[i] : actor_name(c->j, a);
    size_t len = strlen(name);
    double reserve = i + 1 < l->count && line == 1 ? 26.0 : 0.0;
    double need = 10.0 + cx__svg_text_width(name, len, FS_SMALL);
    if (x > x0 && x + need > xe - reserve) {
      if (line == 1) {
        cx__svg_text_open(b, x, y, FS_SMALL, c->pal->muted, NULL, false);
        cx__buf_printf(b, "+%zu</text>\n", l->count - i);
        return;
      }
      line = 1;
      x = x0;
      y += 14.0;
      reserve = i + 1 < l->count ? 26.0 : 0.0;
    }
    double avail = xe - reserve - x - 10.0;
    cx__buf_puts(b, "<circle class=\"cx-actor\"");
    cx__svg_attr(b, "cx", x + 3.5);
    cx__svg_attr(b, "cy", y - 3.5);
    cx__buf_printf(b, " r=\"3.50\" fill=\"%s\"/>",
                   a == SIZE_MAX ? c->pal->muted
                                 : c->pal->actor[a % NACTOR_COLOURS]);
    cx__svg_text_open(b, x + 10.0, y, FS_SMALL, c->pal->ink, NULL, false);
    size_t max =
        cx__svg_fit_chars(avail < 0 ? 0 : avail, FS_SMALL, CX_SVG_GLYPH);
    cx__svg_clipped(b, name, max);
    cx__buf_puts(b, "</text>\n");
    size_t cps = cx__svg_codepoints(name, len);
    x += 10.0 + (double)(cps < max ? cps : max) * FS_SMALL * CX_SVG_GLYPH + 8.0;
  }
}

static void put_card(ctx *c, size_t i) {
  cx_buf *b = c->b;
  const palette *pal = c->pal;
  const cx__jtp *tp = c->slots[i].tp;
  double cw = c->lo.slot_w - CARD_GAP;
  double x0 = GUTTER + (double)i * c->lo.slot_w + CARD_GAP / 2.0;
  double y0 = c->lo.card_y;
  if (!tp) {
    cx__buf_puts(b, "<rect");
    cx__svg_attr(b, "x", x0);
    cx__svg_attr(b, "y", y0);
    cx__svg_attr(b, "width", cw);
    cx__svg_attr(b, "height", CARD_H);
    cx__buf_printf(b,
                   " rx=\"6.00\" fill=\"none\" stroke=\"%s\" "
                   "stroke-dasharray=\"4 3\"/>\n",
                   pal->divider);
    cx__svg_text_open(b, x0 + cw / 2.0, y0 + CARD_H / 2.0 + 4.0, FS_SMALL,
                      pal->muted, "middle", false);
    cx__svg_clipped(b, "No touchpoints",
                    cx__svg_fit_chars(cw - 8.0, FS_SMALL, CX_SVG_GLYPH));
    cx__buf_puts(b, "</text>\n");
    return;
  }
  cx__buf_puts(b, "<g class=\"cx-card\">\n");
  put_card_tooltip(c, tp);
  cx__svg_rect(b, x0, y0, cw, CARD_H, 6.0, pal->card_fill, pal->card_edge);
  double inner = cw - 2.0 * CARD_PAD;
  const char *name = tp_name(tp);
  cx__svg_span lines[NAME_LINES];
  bool cut;
  size_t cap = cx__svg_fit_chars(inner, FS_TEXT, CX_SVG_GLYPH_BOLD);
  size_t n = cx__svg_wrap(name, strlen(name), cap, NAME_LINES, lines, &cut);
  for (size_t k = 0; k < n; k++) {
    cx__svg_text_open(b, x0 + CARD_PAD, y0 + 20.0 + NAME_LINE_H * (double)k,
                      FS_TEXT, pal->ink, NULL, true);
    cx__buf_put_xml(b, name + lines[k].start, lines[k].len);
    if (cut && k + 1 == n)
      cx__buf_puts(b, CX_SVG_ELLIPSIS);
    cx__buf_puts(b, "</text>\n");
  }
  const char *ch = channel_text(tp);
  if (ch) {
    cx__svg_text_open(b, x0 + CARD_PAD, y0 + 69.0, FS_SMALL, pal->muted, NULL,
                      false);
    cx__svg_clipped(b, ch, cx__svg_fit_chars(inner, FS_SMALL, CX_SVG_GLYPH));
    cx__buf_puts(b, "</text>\n");
  }
  put_card_actors(c, tp, x0 + CARD_PAD, x0 + cw - CARD_PAD, y0 + 86.0);
  if (c->lanes & CX_LANE_PAIN_POINTS)
    put_marks(c, tp, x0 + CARD_PAD, x0 + cw - CARD_PAD, y0 + CARD_H - 8.0);
  cx__buf_puts(b, "</g>\n");
}

/* ------------------------------------------------------------------------ */
/* Score lanes                                                               */

/* Grid lines and tick labels of a score frame. */
static void put_score_axis(ctx *c, double y0, double y1, bool neutral_label) {
  cx_buf *b = c->b;
  const palette *pal = c->pal;
  const layout *lo = &c->lo;
  double x1 = GUTTER + (double)c->nslots * lo->slot_w;
  double ticks[12];
  size_t nt = 0;
  double range = lo->smax - lo->smin;
  bool integral = lo->smin == floor(lo->smin) && lo->smax == floor(lo->smax);
  if (integral && range <= 10.0) {
    for (double v = lo->smin; v <= lo->smax; v += 1.0)
      ticks[nt++] = v;
  } else {
    ticks[nt++] = lo->smin;
    if (lo->sneutral > lo->smin)
      ticks[nt++] = lo->sneutral;
    ticks[nt++] = lo->smax;
  }
  for (size_t i = 0; i < nt; i++) {
    double y = scale_y(lo, ticks[i], y0, y1);
    cx__svg_line(b, GUTTER, y, x1, y, pal->grid, 1.0, NULL);
    cx__svg_text_open(b, GUTTER - 8.0, y + 4.0, FS_SMALL, pal->muted, "end",
                      false);
    cx__svg_value(b, ticks[i], false);
    cx__buf_puts(b, "</text>\n");
  }
  double ny = scale_y(lo, lo->sneutral, y0, y1);
  cx__buf_puts(b, "<g class=\"cx-neutral\">");
  cx__svg_line(b, GUTTER, ny, x1, ny, pal->divider, 1.5, "6 4");
  if (neutral_label) {
    /* Below the lane name unless the neutral line is right under it. */
    double ly = ny + 4.0 < y0 + 24.0 ? ny + 16.0 : ny + 4.0;
    cx__svg_text_open(b, 20.0, ly, FS_SMALL, pal->muted, NULL, false);
    cx__buf_puts(b, "neutral</text>");
  }
  cx__buf_puts(b, "</g>\n");
}

static void put_note(ctx *c, double y, const char *text) {
  double x1 = GUTTER + (double)c->nslots * c->lo.slot_w;
  cx__svg_text_open(c->b, (GUTTER + x1) / 2.0, y, FS_TEXT, c->pal->muted,
                    "middle", false);
  cx__buf_printf(c->b, "%s</text>\n", text);
}

static void put_emotion(ctx *c) {
  cx_buf *b = c->b;
  const palette *pal = c->pal;
  const layout *lo = &c->lo;
  double y0 = lo->emo_y0, y1 = lo->emo_y1;
  put_lane_name(c, y0 + 4.0, "Emotion", NULL);
  cx__buf_puts(b, "<rect class=\"cx-emotion-frame\"");
  cx__svg_attr(b, "x", GUTTER);
  cx__svg_attr(b, "y", y0);
  cx__svg_attr(b, "width", (double)c->nslots * lo->slot_w);
  cx__svg_attr(b, "height", y1 - y0);
  cx__buf_printf(b, " fill=\"none\" stroke=\"%s\" stroke-width=\"1.00\"/>\n",
                 pal->grid);
  put_score_axis(c, y0, y1, true);

  /* The curve: solid between neighbours, dashed across touchpoints that
   * have no score, so a missing value is not read as a straight trend. */
  size_t prev = SIZE_MAX, scored = 0;
  for (size_t i = 0; i < c->nslots; i++) {
    const cx__jtp *tp = c->slots[i].tp;
    if (!tp || !isfinite(tp->num[CX_TP_SCORE]))
      continue;
    scored++;
    if (prev != SIZE_MAX) {
      double xa = slot_x(c, prev), xb = slot_x(c, i);
      double ya = scale_y(lo, c->slots[prev].tp->num[CX_TP_SCORE], y0, y1);
      double yb = scale_y(lo, tp->num[CX_TP_SCORE], y0, y1);
      cx__buf_puts(b, "<line class=\"cx-emotion-curve\"");
      cx__svg_attr(b, "x1", xa);
      cx__svg_attr(b, "y1", ya);
      cx__svg_attr(b, "x2", xb);
      cx__svg_attr(b, "y2", yb);
      cx__buf_printf(b, " stroke=\"%s\" stroke-width=\"2.00\"%s/>\n", pal->ink,
                     i == prev + 1 ? "" : " stroke-dasharray=\"5 4\"");
    }
    prev = i;
  }
  if (scored == 0) {
    put_note(c, (y0 + y1) / 2.0 - 12.0, "No emotion scores");
    return;
  }
  for (size_t i = 0; i < c->nslots; i++) {
    const cx__jtp *tp = c->slots[i].tp;
    if (!tp || !isfinite(tp->num[CX_TP_SCORE]))
      continue;
    double v = tp->num[CX_TP_SCORE];
    double x = slot_x(c, i), y = scale_y(lo, v, y0, y1);
    int tone = tone_of(lo, v);
    cx__buf_puts(b, "<g class=\"cx-emotion-point\"><title>");
    const char *name = tp_name(tp);
    cx__buf_put_xml(b, name, strlen(name));
    cx__buf_puts(b, ": ");
    cx__svg_value(b, v, false);
    cx__buf_puts(b, "</title>");
    put_tone_mark(b, pal, tone, x, y, 7.0);
    /* The value goes on the side away from the neighbouring points, where
     * the curve does not run: below a valley, above a peak. */
    double ny = 0.0;
    int nn = 0;
    for (size_t k = i; k-- > 0;)
      if (c->slots[k].tp && isfinite(c->slots[k].tp->num[CX_TP_SCORE])) {
        ny += scale_y(lo, c->slots[k].tp->num[CX_TP_SCORE], y0, y1);
        nn++;
        break;
      }
    for (size_t k = i + 1; k < c->nslots; k++)
      if (c->slots[k].tp && isfinite(c->slots[k].tp->num[CX_TP_SCORE])) {
        ny += scale_y(lo, c->slots[k].tp->num[CX_TP_SCORE], y0, y1);
        nn++;
        break;
      }
    bool below = nn > 0 && ny / nn < y - 0.5;
    if (y - 12.0 < y0 - 6.0)
      below = true;
    double ly = below ? y + 21.0 : y - 12.0;
    cx__svg_text_open(b, x, ly, FS_SMALL, pal->ink, "middle", true);
    cx__svg_value(b, v, false);
    cx__buf_puts(b, "</text></g>\n");
  }
}

static void put_gaps(ctx *c) {
  cx_buf *b = c->b;
  const palette *pal = c->pal;
  const layout *lo = &c->lo;
  double y0 = lo->gap_y0, y1 = lo->gap_y1;
  put_lane_name(c, y0 + 4.0, "Expectation", "vs experience");
  cx__svg_rect(b, GUTTER, y0, (double)c->nslots * lo->slot_w, y1 - y0, 0, NULL,
               pal->grid);
  put_score_axis(c, y0, y1, false);
  size_t shown = 0;
  double half = c->lo.slot_w * 0.3 > 24.0 ? 24.0 : c->lo.slot_w * 0.3;
  for (size_t i = 0; i < c->nslots; i++) {
    const cx__jtp *tp = c->slots[i].tp;
    if (!tp)
      continue;
    double e = tp->num[CX_TP_EXPECTATION], p = tp->num[CX_TP_EXPERIENCE];
    double a = tp->num[CX_TP_ADEQUATE], d = tp->num[CX_TP_DESIRED];
    bool zone = isfinite(a) && isfinite(d);
    if (!isfinite(e) && !isfinite(p) && !zone)
      continue;
    shown++;
    double x = slot_x(c, i);
    cx__buf_puts(b, "<g class=\"cx-gap\"><title>");
    const char *name = tp_name(tp);
    cx__buf_put_xml(b, name, strlen(name));
    if (isfinite(e)) {
      cx__buf_puts(b, "\nExpectation: ");
      cx__svg_value(b, e, false);
    }
    if (isfinite(p)) {
      cx__buf_puts(b, "\nExperience: ");
      cx__svg_value(b, p, false);
    }
    if (isfinite(e) && isfinite(p)) {
      cx__buf_puts(b, "\nGap (experience - expectation): ");
      cx__svg_value(b, p - e, true);
    }
    if (zone) {
      cx__buf_puts(b, "\nZone of tolerance: ");
      cx__svg_value(b, a, false);
      cx__buf_puts(b, " to ");
      cx__svg_value(b, d, false);
    }
    cx__buf_puts(b, "</title>\n");
    if (zone) {
      double ya = scale_y(lo, a, y0, y1), yd = scale_y(lo, d, y0, y1);
      double top = ya < yd ? ya : yd, h = fabs(ya - yd);
      cx__buf_puts(b, "<rect class=\"cx-zone\"");
      cx__svg_attr(b, "x", x - half);
      cx__svg_attr(b, "y", top);
      cx__svg_attr(b, "width", 2.0 * half);
      cx__svg_attr(b, "height", h < 2.0 ? 2.0 : h);
      cx__buf_printf(b, " fill=\"%s\" stroke=\"%s\" stroke-width=\"1.00\"/>\n",
                     pal->zone_fill, pal->zone_edge);
    }
    int tone = TONE_NEUTRAL;
    if (isfinite(e) && isfinite(p)) {
      double g = p - e;
      tone = fabs(g) < 1e-9 ? TONE_NEUTRAL : g > 0 ? TONE_POS2 : TONE_NEG2;
      double ye = scale_y(lo, e, y0, y1), yp = scale_y(lo, p, y0, y1);
      cx__svg_line(b, x, ye, x, yp,
                   pal->background ? pal->tone[tone] : pal->ink, 3.0, NULL);
      /* Narrow columns leave no room beside the bar; the tooltip says it. */
      if (lo->slot_w >= 64.0) {
        cx__svg_text_open(b, x + 12.0, (ye + yp) / 2.0 + 4.0, FS_SMALL,
                          pal->background ? pal->tone[tone] : pal->ink, NULL,
                          true);
        cx__svg_value(b, g, true);
        cx__buf_puts(b, "</text>\n");
      }
    }
    if (isfinite(e)) {
      double ye = scale_y(lo, e, y0, y1);
      cx__buf_puts(b, "<g class=\"cx-expectation\">");
      cx__svg_line(b, x - 9.0, ye, x + 9.0, ye, pal->ink, 3.0, NULL);
      cx__buf_puts(b, "</g>\n");
    }
    if (isfinite(p)) {
      cx__buf_puts(b, "<g class=\"cx-experience\">");
      put_tone_mark(b, pal, tone, x, scale_y(lo, p, y0, y1), 6.0);
      cx__buf_puts(b, "</g>\n");
    }
    cx__buf_puts(b, "</g>\n");
  }
  if (shown == 0)
    put_note(c, (y0 + y1) / 2.0 + 4.0, "No expectation or experience levels");
}

/* ------------------------------------------------------------------------ */
/* Legend                                                                    */

/* Icons of the legend: the five tones come first, so a tone is its own
 * icon number. */
enum { ICON_EXPECTATION = NTONES, ICON_ZONE, ICON_PAIN, ICON_STAR, ICON_ACTOR };

typedef struct legend_pos {
  double x, y, x0, x1;
  size_t rows;
} legend_pos;

#define LEGEND_INDENT 80.0

static void legend_icon(ctx *c, int icon, size_t actor, double x, double y) {
  cx_buf *b = c->b;
  const palette *pal = c->pal;
  if (icon < NTONES) {
    put_tone_mark(b, pal, icon, x + 6.0, y - 4.0, 6.0);
  } else if (icon == ICON_EXPECTATION) {
    cx__svg_line(b, x, y - 4.0, x + 13.0, y - 4.0, pal->ink, 3.0, NULL);
  } else if (icon == ICON_ZONE) {
    cx__svg_rect(b, x, y - 10.0, 12.0, 12.0, 0, pal->zone_fill, pal->zone_edge);
  } else if (icon == ICON_PAIN) {
    put_pain_icon(b, pal, x + 6.0, y - 4.0);
  } else if (icon == ICON_STAR) {
    put_star(b, pal, x + 6.0, y - 4.0, 7.5);
  } else {
    cx__buf_puts(b, "<circle class=\"cx-actor\"");
    cx__svg_attr(b, "cx", x + 6.0);
    cx__svg_attr(b, "cy", y - 3.5);
    cx__buf_printf(b, " r=\"3.50\" fill=\"%s\"/>\n",
                   pal->actor[actor % NACTOR_COLOURS]);
  }
}

/* An icon and its text, on a new row when the row is full. */
static void legend_entry(ctx *c, legend_pos *p, int icon, size_t actor,
                         const char *s) {
  size_t len = strlen(s);
  bool cut;
  size_t keep = cx__svg_clip(s, len, 40, &cut);
  double w = 18.0 + (double)(cx__svg_codepoints(s, keep) + cut) * FS_SMALL *
                        CX_SVG_GLYPH;
  if (p->x + w > p->x1 && p->x > p->x0 + LEGEND_INDENT) {
    p->rows++;
    p->y += LEGEND_ROW;
    p->x = p->x0 + LEGEND_INDENT;
  }
  if (c->b) {
    legend_icon(c, icon, actor, p->x, p->y);
    cx__svg_text_open(c->b, p->x + 18.0, p->y, FS_SMALL, c->pal->ink, NULL,
                      false);
    cx__buf_put_xml(c->b, s, keep);
    if (cut)
      cx__buf_puts(c->b, CX_SVG_ELLIPSIS);
    cx__buf_puts(c->b, "</text>\n");
  }
  p->x += w + 20.0;
}

static void legend_head(ctx *c, legend_pos *p, const char *s) {
  if (p->rows++)
    p->y += LEGEND_ROW;
  if (c->b) {
    cx__svg_text_open(c->b, p->x0, p->y, FS_SMALL, c->pal->ink, NULL, true);
    cx__buf_printf(c->b, "%s</text>\n", s);
  }
  p->x = p->x0 + LEGEND_INDENT;
}

/* Draws the legend when c->b is non-NULL; returns its rows either way. */
static size_t put_legend(ctx *c, double y) {
  static const struct {
    unsigned lane;
    int icon;
    const char *text;
  } key[] = {
      {CX_LANE_EMOTION, TONE_NEG2, "far below neutral"},
      {CX_LANE_EMOTION, TONE_NEG1, "below"},
      {CX_LANE_EMOTION, TONE_NEUTRAL, "neutral"},
      {CX_LANE_EMOTION, TONE_POS1, "above"},
      {CX_LANE_EMOTION, TONE_POS2, "far above neutral"},
      {CX_LANE_GAPS, ICON_EXPECTATION, "expectation"},
      {CX_LANE_GAPS, TONE_POS2, "experience (above/below)"},
      {CX_LANE_GAPS, ICON_ZONE, "zone of tolerance (adequate to desired)"},
      {CX_LANE_PAIN_POINTS, ICON_PAIN, "pain points (count)"},
      {CX_LANE_PAIN_POINTS, ICON_STAR, "moment of truth"},
  };
  legend_pos p = {20.0, y, 20.0, c->lo.w - 20.0, 0};
  if (c->j->n_actors > 0 && (c->lanes & CX_LANE_TOUCHPOINTS)) {
    legend_head(c, &p, "Actors");
    for (size_t i = 0; i < c->j->n_actors; i++)
      legend_entry(c, &p, ICON_ACTOR, i, actor_name(c->j, i));
  }
  if (c->lanes & (CX_LANE_EMOTION | CX_LANE_GAPS | CX_LANE_PAIN_POINTS)) {
    legend_head(c, &p, "Key");
    for (size_t i = 0; i < sizeof key / sizeof key[0]; i++)
      if (c->lanes & key[i].lane)
        legend_entry(c, &p, key[i].icon, 0, key[i].text);
  }
  return p.rows;
}

/* ------------------------------------------------------------------------ */
/* Layout and entry point                                                    */

static void plan(ctx *c, const cx_journey_svg_options *o) {
  layout *lo = &c->lo;
  const cx_journey *j = c->j;
  lo->scale_ok = isfinite(j->min) && isfinite(j->max) && isfinite(j->neutral) &&
                 j->min < j->max && j->neutral >= j->min &&
                 j->neutral <= j->max;
  lo->smin = lo->scale_ok ? j->min : 1.0;
  lo->smax = lo->scale_ok ? j->max : 5.0;
  lo->sneutral = lo->scale_ok ? j->neutral : 3.0;

  double natural = GUTTER + (double)c->nslots * SLOT + MARGIN_R;
  lo->w =
      o->width ? (double)o->width : (natural < MIN_WIDTH ? MIN_WIDTH : natural);
  lo->slot_w =
      c->nslots ? (lo->w - GUTTER - MARGIN_R) / (double)c->nslots : 0.0;
  double y = STAGE_Y + STAGE_H + LANE_GAP;
  if (c->nslots == 0) {
    y += 30.0;
  } else {
    if (c->lanes & CX_LANE_TOUCHPOINTS) {
      lo->card_y = y;
      y += CARD_H + LANE_GAP;
    } else if (c->lanes & CX_LANE_PAIN_POINTS) {
      lo->marks_y = y + 20.0;
      y += MARK_ROW_H + LANE_GAP;
    }
    if (c->lanes & CX_LANE_EMOTION) {
      lo->emo_y0 = y + EMO_PAD_T;
      lo->emo_y1 = lo->emo_y0 + EMO_H;
      y = lo->emo_y1 + EMO_PAD_B;
    }
    if (c->lanes & CX_LANE_GAPS) {
      lo->gap_y0 = y + GAP_PAD_T;
      lo->gap_y1 = lo->gap_y0 + GAP_H;
      y = lo->gap_y1 + GAP_PAD_B;
    }
  }
  lo->lanes_end = y;
  lo->legend_y = y + 24.0;
  cx_buf *saved = c->b;
  c->b = NULL;
  size_t rows = put_legend(c, lo->legend_y);
  c->b = saved;
  lo->h = floor(lo->legend_y + LEGEND_ROW * (double)rows + 0.5);
}

static void draw(ctx *c, const char *title) {
  cx_buf *b = c->b;
  const layout *lo = &c->lo;
  put_header(c, title);
  if (c->nslots == 0) {
    cx__svg_text_open(b, 20.0, STAGE_Y + 40.0, FS_TEXT, c->pal->muted, NULL,
                      false);
    cx__buf_puts(b, "This journey has no stages.</text>\n");
  } else {
    put_stages(c);
    /* Each lane is a group with a class, for style sheets of the pages
     * that embed the picture. */
    if (c->lanes & CX_LANE_TOUCHPOINTS) {
      cx__buf_puts(b, "<g class=\"cx-lane-touchpoints\">\n");
      put_lane_name(c, lo->card_y + 20.0, "Touchpoints", NULL);
      for (size_t i = 0; i < c->nslots; i++)
        put_card(c, i);
      cx__buf_puts(b, "</g>\n");
    } else if (c->lanes & CX_LANE_PAIN_POINTS) {
      cx__buf_puts(b, "<g class=\"cx-lane-pain-points\">\n");
      put_lane_name(c, lo->marks_y, "Pain points", NULL);
      for (size_t i = 0; i < c->nslots; i++) {
        if (!c->slots[i].tp)
          continue;
        double x = slot_x(c, i);
        put_marks(c, c->slots[i].tp, x - 22.0, x + 22.0, lo->marks_y);
      }
      cx__buf_puts(b, "</g>\n");
    }
    if (c->lanes & CX_LANE_EMOTION) {
      cx__buf_puts(b, "<g class=\"cx-lane-emotion\">\n");
      put_emotion(c);
      cx__buf_puts(b, "</g>\n");
    }
    if (c->lanes & CX_LANE_GAPS) {
      cx__buf_puts(b, "<g class=\"cx-lane-gaps\">\n");
      put_gaps(c);
      cx__buf_puts(b, "</g>\n");
    }
  }
  cx__buf_puts(b, "<g class=\"cx-legend\">\n");
  put_legend(c, lo->legend_y);
  cx__buf_puts(b, "</g>\n");
  cx__buf_puts(b, "</svg>\n");
}

static cx_status check_options(const cx_journey_svg_options *o) {
  static const char fn[] = "cx_journey_render_svg";
  if (o->version != CX_JOURNEY_SVG_OPTIONS_VERSION)
    return cx__error(CX_EINVAL,
                     "%s: options version %u, expected %u (start from "
                     "CX_JOURNEY_SVG_OPTIONS_INIT)",
                     fn, o->version, CX_JOURNEY_SVG_OPTIONS_VERSION);
  if (o->width != 0 && (o->width < 400 || o->width > 20000))
    return cx__error(CX_EINVAL,
                     "%s: width %u is outside 400-20000 (0 fits the "
                     "touchpoints)",
                     fn, o->width);
  if (o->theme != CX_THEME_LIGHT && o->theme != CX_THEME_DARK &&
      o->theme != CX_THEME_PRINT)
    return cx__error(CX_EINVAL, "%s: unknown theme %d", fn, (int)o->theme);
  if (o->lanes == 0 || (o->lanes & ~(unsigned)CX_LANE_ALL) != 0)
    return cx__error(CX_EINVAL,
                     "%s: lanes 0x%x: give one or more of the CX_LANE_* "
                     "bits (CX_LANE_ALL = 0x%x)",
                     fn, o->lanes, (unsigned)CX_LANE_ALL);
  if (o->title && !cx__utf8_valid(o->title, strlen(o->title)))
    return cx__error(CX_EINVAL, "%s: title is not valid UTF-8", fn);
  return CX_OK;
}

CX_API cx_status cx_journey_render_svg(const cx_journey *journey,
                                       const cx_journey_svg_options *options,
                                       char **out, size_t *len) {
  if (!journey || !out)
    return cx__error(CX_EINVAL, "cx_journey_render_svg: %s is NULL",
                     journey ? "out" : "journey");
  const cx_journey_svg_options defaults = CX_JOURNEY_SVG_OPTIONS_INIT;
  const cx_journey_svg_options *o = options ? options : &defaults;
  cx_status st = check_options(o);
  if (st != CX_OK)
    return st;

  size_t nslots = 0;
  for (size_t s = 0; s < journey->n_stages; s++)
    nslots += journey->stage[s]->n_tp ? journey->stage[s]->n_tp : 1;
  ctx c;
  memset(&c, 0, sizeof c);
  c.j = journey;
  c.pal = &palettes[o->theme];
  c.lanes = o->lanes;
  c.nslots = nslots;
  c.slots = cx__calloc(nslots ? nslots : 1, sizeof *c.slots);
  if (!c.slots)
    return cx__enomem();
  size_t k = 0;
  for (size_t s = 0; s < journey->n_stages; s++) {
    const cx__jstage *stage = journey->stage[s];
    if (stage->n_tp == 0)
      c.slots[k++] = (slot){NULL, s};
    for (size_t t = 0; t < stage->n_tp; t++)
      c.slots[k++] = (slot){stage->tp[t], s};
  }

  const char *title = o->title;
  if (!title || !title[0])
    title = journey->title && journey->title[0] ? journey->title
            : journey->id && journey->id[0]     ? journey->id
                                                : "Customer journey";
  cx_buf b;
  cx__buf_init(&b);
  plan(&c, o);
  c.b = &b;
  draw(&c, title);
  cx__free(c.slots);
  return cx__svg_finish(&b, out, len);
}
