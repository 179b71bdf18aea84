/*
 * Tests of the journey map picture (lib/render/journey_svg.c).
 *
 * Geometry checked below is computed by hand from the layout the renderer
 * documents in its constants: a 140 px gutter, 156 px per touchpoint
 * (cards of 144 with 8 px padding), a 20 px right margin, at least 720 px;
 * with every lane on, the emotion frame spans y = 274 to 424 and the
 * expectation frame y = 468 to 578.
 */
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <cx/journey.h>
#include <cx/render.h>

#include "internal.h"
#include "journey_internal.h"

#define OK(call) assert_int_equal((call), CX_OK)

/* ------------------------------------------------------------------------ */
/* Building journeys                                                         */

static cx_journey *new_journey(const char *title) {
  cx_journey *j = NULL;
  OK(cx_journey_new(&j, "j1"));
  if (title)
    OK(cx_journey_set_text(j, CX_JOURNEY_TITLE, title));
  return j;
}

static void add_tp(cx_journey *j, const char *stage, const char *id,
                   const char *name, double score) {
  OK(cx_journey_touchpoint_add(j, stage, id, name));
  if (!isnan(score))
    OK(cx_journey_touchpoint_set_number(j, id, CX_TP_SCORE, score));
}

/* Three stages, five touchpoints, two actors, gaps on two touchpoints, two
 * pain points on one and a moment of truth on another. */
static cx_journey *sample(void) {
  cx_journey *j = new_journey("Sample journey");
  OK(cx_journey_actor_add(j, "c", "Customer"));
  OK(cx_journey_actor_add(j, "a", "Agent"));
  OK(cx_journey_stage_add(j, "s1", "Discover"));
  OK(cx_journey_stage_add(j, "s2", "Buy"));
  OK(cx_journey_stage_add(j, "s3", "Use"));
  add_tp(j, "s1", "t1", "Search", 1.0);
  add_tp(j, "s1", "t2", "Compare", 3.0);
  add_tp(j, "s2", "t3", "Checkout", 5.0);
  add_tp(j, "s3", "t4", "Unbox", 2.5);
  add_tp(j, "s3", "t5", "Support call", NAN);
  OK(cx_journey_touchpoint_set_channel(j, "t1", CX_CHANNEL_WEB, NULL));
  OK(cx_journey_touchpoint_list_add(j, "t1", CX_TP_ACTORS, "c"));
  OK(cx_journey_touchpoint_list_add(j, "t5", CX_TP_ACTORS, "c"));
  OK(cx_journey_touchpoint_list_add(j, "t5", CX_TP_ACTORS, "a"));
  OK(cx_journey_touchpoint_list_add(j, "t3", CX_TP_PAIN_POINTS, "Slow"));
  OK(cx_journey_touchpoint_list_add(j, "t3", CX_TP_PAIN_POINTS, "Fees"));
  OK(cx_journey_touchpoint_set_moment_of_truth(j, "t4", 1));
  OK(cx_journey_touchpoint_set_number(j, "t2", CX_TP_EXPECTATION, 4.0));
  OK(cx_journey_touchpoint_set_number(j, "t2", CX_TP_EXPERIENCE, 2.5));
  OK(cx_journey_touchpoint_set_number(j, "t2", CX_TP_ADEQUATE, 3.0));
  OK(cx_journey_touchpoint_set_number(j, "t2", CX_TP_DESIRED, 4.5));
  OK(cx_journey_touchpoint_set_number(j, "t4", CX_TP_EXPECTATION, 3.0));
  OK(cx_journey_touchpoint_set_number(j, "t4", CX_TP_EXPERIENCE, 4.0));
  return j;
}

/* ------------------------------------------------------------------------ */
/* Reading the SVG                                                           */

static char *render(const cx_journey *j, const cx_journey_svg_options *o,
                    size_t *len) {
  char *svg = NULL;
  size_t n = 0;
  cx_status st = cx_journey_render_svg(j, o, &svg, &n);
  if (st != CX_OK)
    fail_msg("render failed: %s", cx_error_last());
  assert_non_null(svg);
  assert_int_equal(n, strlen(svg));
  if (len)
    *len = n;
  return svg;
}

static size_t count(const char *hay, const char *needle) {
  size_t n = 0;
  for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
    n++;
  return n;
}

/* Numeric attribute @p name of the first element at or after @p from. */
static double attr(const char *from, const char *name) {
  char key[64];
  snprintf(key, sizeof key, " %s=\"", name);
  const char *p = strstr(from, key);
  assert_non_null(p);
  return strtod(p + strlen(key), NULL);
}

static double svg_width(const char *svg) { return attr(svg, "width"); }

/* Tags must nest, attributes be quoted, and '&' start one of the five
 * entities the renderer writes (a fallback for machines without xmllint,
 * and a stricter check on escaping). */
static void check_balanced(const char *svg) {
  const char *stack[64];
  size_t depth = 0;
  const char *p = svg;
  while ((p = strpbrk(p, "<&")) != NULL) {
    if (*p == '&') {
      static const char *const ent[] = {"&amp;", "&lt;", "&gt;", "&quot;",
                                        "&#39;"};
      bool known = false;
      for (size_t i = 0; i < 5; i++)
        known |= strncmp(p, ent[i], strlen(ent[i])) == 0;
      if (!known)
        fail_msg("bare '&' at offset %td", p - svg);
      p++;
      continue;
    }
    const char *end = strchr(p, '>');
    assert_non_null(end);
    /* No '<' inside a tag, and quotes in pairs. */
    size_t quotes = 0;
    for (const char *q = p + 1; q < end; q++) {
      if (*q == '<')
        fail_msg("'<' inside a tag at offset %td", q - svg);
      quotes += *q == '"';
    }
    assert_int_equal(quotes % 2, 0);
    if (p[1] == '/') {
      assert_true(depth > 0);
      const char *name = stack[--depth];
      size_t nlen = strcspn(name, " />");
      if (strncmp(p + 2, name, nlen) != 0 || p[2 + nlen] != '>')
        fail_msg("</%.*s> expected at offset %td", (int)nlen, name, p - svg);
    } else if (end[-1] != '/') {
      assert_true(depth < 64);
      stack[depth++] = p + 1;
    }
    p = end + 1;
  }
  assert_int_equal(depth, 0);
}

static void check_well_formed(const char *svg, size_t len) {
  check_balanced(svg);
  assert_true(cx__utf8_valid(svg, len));
  assert_int_equal(
      strncmp(svg, "<svg xmlns=\"http://www.w3.org/2000/svg\"", 39), 0);
  assert_string_equal(svg + len - 7, "</svg>\n");
  if (access("/usr/bin/xmllint", X_OK) != 0)
    return;
  char path[] = "/tmp/cx_journey_svg_XXXXXX";
  int fd = mkstemp(path);
  assert_true(fd >= 0);
  assert_int_equal(write(fd, svg, len), (ssize_t)len);
  close(fd);
  char cmd[128];
  snprintf(cmd, sizeof cmd, "/usr/bin/xmllint --noout %s", path);
  int rc = system(cmd);
  unlink(path);
  assert_int_equal(rc, 0);
}

/* ------------------------------------------------------------------------ */
/* Tests                                                                     */

static void test_document(void **state) {
  (void)state;
  cx_journey *j = sample();
  size_t len;
  char *svg = render(j, NULL, &len);
  check_well_formed(svg, len);
  assert_non_null(strstr(svg, "<title>Sample journey</title>"));
  assert_non_null(strstr(svg, "Scale 1 to 5, neutral 3"));
  assert_non_null(strstr(svg, "3 stages"));
  assert_non_null(strstr(svg, "5 touchpoints"));
  assert_int_equal(count(svg, "class=\"cx-stage\""), 3);
  assert_int_equal(count(svg, "class=\"cx-card\""), 5);
  assert_int_equal(count(svg, "class=\"cx-emotion-point\""), 4);
  assert_int_equal(count(svg, "class=\"cx-pain\""), 1);
  assert_int_equal(count(svg, "class=\"cx-moment\""), 1);
  assert_int_equal(count(svg, "class=\"cx-gap\""), 2);
  assert_int_equal(count(svg, "class=\"cx-zone\""), 1);
  /* Pain point texts are in the tooltip; the count is on the card. */
  assert_non_null(strstr(svg, "2 pain points:\n- Slow\n- Fees</title>"));
  /* Actors: legend and cards. */
  assert_non_null(strstr(svg, ">Customer</text>"));
  assert_non_null(strstr(svg, ">Agent</text>"));
  assert_non_null(strstr(svg, ">Actors</text>"));
  /* The neutral line is labelled, gap signs are printed. */
  assert_non_null(strstr(svg, ">neutral</text>"));
  assert_non_null(strstr(svg, ">-1.5</text>"));
  assert_non_null(strstr(svg, ">+1</text>"));
  /* Natural width: 140 + 5 slots of 156 + 20 = 940 px. */
  assert_true(svg_width(svg) == 940.0);
  cx_free(svg);
  cx_journey_free(j);
}

/* The first fill after @p where is @p colour. */
static void check_fill(const char *svg, const char *where, const char *colour) {
  const char *p = strstr(svg, where);
  assert_non_null(p);
  p = strstr(p, " fill=\"");
  assert_non_null(p);
  assert_memory_equal(p + 7, colour, 7);
}

/* The y of each emotion point: the curve's segments join point centres.
 * With all lanes the frame is y 274..424 for the scale 1..5, so
 * y(s) = 274 + (5 - s) / 4 * 150: y(1) = 424, y(3) = 349, y(5) = 274,
 * y(2.5) = 367.75; x of slot i is 140 + 156 * (i + 0.5). */
static void test_emotion_positions(void **state) {
  (void)state;
  cx_journey *j = sample();
  char *svg = render(j, NULL, NULL);
  const char *frame = strstr(svg, "class=\"cx-emotion-frame\"");
  assert_non_null(frame);
  assert_true(attr(frame, "x") == 140.0);
  assert_true(attr(frame, "y") == 274.0);
  assert_true(attr(frame, "width") == 780.0);
  assert_true(attr(frame, "height") == 150.0);
  static const double want[3][4] = {
      {218, 424, 374, 349}, {374, 349, 530, 274}, {530, 274, 686, 367.75}};
  const char *p = svg;
  for (size_t i = 0; i < 3; i++) {
    p = strstr(p, "class=\"cx-emotion-curve\"");
    assert_non_null(p);
    assert_true(attr(p, "x1") == want[i][0]);
    assert_true(attr(p, "y1") == want[i][1]);
    assert_true(attr(p, "x2") == want[i][2]);
    assert_true(attr(p, "y2") == want[i][3]);
    p++;
  }
  assert_null(strstr(p, "class=\"cx-emotion-curve\""));
  /* The neutral point is a circle on the neutral line. */
  const char *neutral = strstr(svg, "<title>Compare: 3</title><circle");
  assert_non_null(neutral);
  assert_true(attr(neutral, "cy") == 349.0);
  const char *line = strstr(strstr(svg, "cx-lane-emotion"), "cx-neutral");
  assert_true(attr(line, "y1") == 349.0);
  /* Tones: 1 and 5 are far from neutral, 2.5 is mildly below; light theme
   * colours #a40e26, #116329 and #e5534b. */
  check_fill(svg, "<title>Search: 1</title>", "#a40e26");
  check_fill(svg, "<title>Checkout: 5</title>", "#116329");
  check_fill(svg, "<title>Unbox: 2.5</title>", "#e5534b");
  cx_free(svg);

  /* Another scale: 0..10, neutral 5; 7.5 sits at 274 + 2.5/10*150 = 311.5;
   * 12 is outside the scale and drawn on the top edge. */
  cx_journey *k = new_journey("k");
  OK(cx_journey_set_scale(k, 0.0, 5.0, 10.0));
  OK(cx_journey_stage_add(k, "s", "S"));
  add_tp(k, "s", "a", "A", 7.5);
  add_tp(k, "s", "b", "B", 12.0);
  svg = render(k, NULL, NULL);
  p = strstr(svg, "class=\"cx-emotion-curve\"");
  assert_non_null(p);
  assert_true(attr(p, "y1") == 311.5);
  assert_true(attr(p, "y2") == 274.0);
  assert_non_null(strstr(svg, "Scale 0 to 10, neutral 5"));
  cx_free(svg);
  cx_journey_free(k);
  cx_journey_free(j);
}

/* Gaps of "Compare" (slot 1, x 374): expectation 4, experience 2.5, zone
 * 3..4.5; the frame is y 468..578 for 1..5: y(v) = 468 + (5 - v) / 4 * 110,
 * so the zone spans 481.75..523 and the bar 495.5..536.75. */
static void test_gap_positions(void **state) {
  (void)state;
  cx_journey *j = sample();
  char *svg = render(j, NULL, NULL);
  const char *g = strstr(svg, "class=\"cx-gap\"><title>Compare");
  assert_non_null(g);
  assert_non_null(strstr(g, "Gap (experience - expectation): -1.5"));
  const char *zone = strstr(g, "class=\"cx-zone\"");
  assert_true(attr(zone, "y") == 481.75);
  assert_true(attr(zone, "height") == 41.25);
  const char *bar = strstr(zone, "<line");
  assert_true(attr(bar, "x1") == 374.0);
  assert_true(attr(bar, "y1") == 495.5);
  assert_true(attr(bar, "y2") == 536.75);
  cx_free(svg);
  cx_journey_free(j);
}

static void test_hostile_text(void **state) {
  (void)state;
  const char *evil = "<script>alert(\"x\")</script> & 'q' &amp; ]]> <!-- -->";
  cx_journey *j = new_journey(evil);
  OK(cx_journey_actor_add(j, "x", evil));
  OK(cx_journey_stage_add(j, "s", evil));
  OK(cx_journey_stage_set_text(j, "s", CX_STAGE_DESCRIPTION, evil));
  add_tp(j, "s", "t", evil, 2.0);
  OK(cx_journey_touchpoint_list_add(j, "t", CX_TP_ACTORS, "x"));
  OK(cx_journey_touchpoint_list_add(j, "t", CX_TP_PAIN_POINTS, evil));
  OK(cx_journey_touchpoint_list_add(j, "t", CX_TP_QUOTES, evil));
  OK(cx_journey_touchpoint_list_add(j, "t", CX_TP_OPPORTUNITIES, evil));
  OK(cx_journey_touchpoint_set_text(j, "t", CX_TP_DESCRIPTION, evil));
  OK(cx_journey_touchpoint_set_channel(j, "t", CX_CHANNEL_CUSTOM, evil));
  /* Bytes the public API refuses, stored as a reader of a broken file
   * might: invalid UTF-8 and a control character. */
  cx__jtp *tp = cx__journey_tp_at(j, 0, 0);
  assert_non_null(tp);
  OK(cx__jtp_list_add(tp, CX_TP_PAIN_POINTS, "bad \xC3\x28 \xFF \x01 end"));
  size_t len;
  char *svg = render(j, NULL, &len);
  check_well_formed(svg, len);
  assert_null(strstr(svg, "<script"));
  assert_null(strstr(svg, "<!--"));
  assert_null(strstr(svg, "]]>"));
  assert_non_null(strstr(svg, "&lt;script&gt;"));
  assert_non_null(strstr(svg, "&amp;amp;"));
  assert_non_null(strstr(svg, "&quot;x&quot;"));
  assert_non_null(strstr(svg, "&#39;q&#39;"));
  /* Invalid bytes became U+FFFD. */
  assert_non_null(strstr(svg, "bad \xEF\xBF\xBD"));
  cx_free(svg);

  /* A name of 300 stray continuation bytes is written as 300 U+FFFD, so
   * it must wrap like 300 characters.  The one card is 720 - 160 - 12 =
   * 548 px wide, 532 px inside: 69 bold characters of 7.68 px a line. */
  char stray[301];
  memset(stray, 0x80, 300);
  stray[300] = '\0';
  OK(cx__jtp_set_text(tp, CX_TP_NAME, stray));
  svg = render(j, NULL, &len);
  check_well_formed(svg, len);
  const char *card = strstr(svg, "<g class=\"cx-card\">");
  const char *line = strstr(strstr(card, "</title>"), "font-weight");
  line = strchr(line, '>') + 1;
  size_t replaced = 0;
  for (const char *q = line; strncmp(q, "\xEF\xBF\xBD", 3) == 0; q += 3)
    replaced++;
  assert_int_equal(replaced, 69);
  assert_int_equal(strncmp(line + 3 * 69, "</text>", 7), 0);
  cx_free(svg);

  /* The title option is escaped too. */
  cx_journey_svg_options o = CX_JOURNEY_SVG_OPTIONS_INIT;
  o.title = "<b>&";
  svg = render(j, &o, &len);
  check_well_formed(svg, len);
  assert_non_null(strstr(svg, "<title>&lt;b&gt;&amp;</title>"));
  cx_free(svg);
  cx_journey_free(j);
}

static void test_deterministic(void **state) {
  (void)state;
  cx_journey *j = sample();
  cx_journey *copy = NULL;
  OK(cx_journey_copy(&copy, j));
  size_t la, lb, lc;
  char *a = render(j, NULL, &la);
  char *b = render(j, NULL, &lb);
  char *c = render(copy, NULL, &lc);
  assert_int_equal(la, lb);
  assert_memory_equal(a, b, la);
  assert_int_equal(la, lc);
  assert_memory_equal(a, c, la);
  /* A locale with a decimal comma must not change a byte. */
  if (setlocale(LC_NUMERIC, "de_DE.UTF-8") ||
      setlocale(LC_NUMERIC, "fr_FR.UTF-8")) {
    size_t ld;
    char *d = render(j, NULL, &ld);
    setlocale(LC_NUMERIC, "C");
    assert_int_equal(la, ld);
    assert_memory_equal(a, d, la);
    cx_free(d);
  }
  cx_free(a);
  cx_free(b);
  cx_free(c);
  cx_journey_free(copy);
  cx_journey_free(j);
}

static void test_lanes(void **state) {
  (void)state;
  cx_journey *j = sample();
  static const struct {
    unsigned lane;
    const char *marker;
  } lanes[] = {{CX_LANE_TOUCHPOINTS, "class=\"cx-card\""},
               {CX_LANE_EMOTION, "class=\"cx-emotion-point\""},
               {CX_LANE_GAPS, "class=\"cx-gap\""},
               {CX_LANE_PAIN_POINTS, "class=\"cx-pain\""}};
  cx_journey_svg_options o = CX_JOURNEY_SVG_OPTIONS_INIT;
  char *all = render(j, &o, NULL);
  double full_h = attr(all, "height");
  for (size_t i = 0; i < 4; i++) {
    /* Only this lane. */
    o.lanes = lanes[i].lane;
    size_t len;
    char *svg = render(j, &o, &len);
    check_well_formed(svg, len);
    for (size_t k = 0; k < 4; k++) {
      bool want = k == i;
      assert_int_equal(strstr(svg, lanes[k].marker) != NULL, want);
    }
    assert_true(attr(svg, "height") < full_h);
    cx_free(svg);
    /* Every lane but this one. */
    o.lanes = CX_LANE_ALL & ~lanes[i].lane;
    svg = render(j, &o, &len);
    check_well_formed(svg, len);
    for (size_t k = 0; k < 4; k++)
      assert_int_equal(strstr(svg, lanes[k].marker) != NULL, k != i);
    assert_true(attr(svg, "height") <= full_h);
    cx_free(svg);
  }
  /* Pain points without cards get their own row, with the moment of
   * truth; with cards they sit on the card. */
  o.lanes = CX_LANE_PAIN_POINTS;
  char *svg = render(j, &o, NULL);
  assert_non_null(strstr(svg, "class=\"cx-lane-pain-points\""));
  assert_non_null(strstr(svg, "class=\"cx-moment\""));
  assert_null(strstr(svg, ">Actors</text>"));
  cx_free(svg);
  const char *card = strstr(all, "<g class=\"cx-card\">\n<title>Checkout");
  assert_non_null(card);
  const char *next = strstr(card + 1, "<g class=\"cx-card\">");
  const char *pain = strstr(card, "class=\"cx-pain\"");
  assert_true(pain && next && pain < next);
  /* The key lists only what is drawn. */
  o.lanes = CX_LANE_TOUCHPOINTS;
  svg = render(j, &o, NULL);
  assert_null(strstr(svg, ">Key</text>"));
  assert_null(strstr(svg, "class=\"cx-moment\""));
  cx_free(svg);
  o.lanes = CX_LANE_EMOTION;
  svg = render(j, &o, NULL);
  assert_non_null(strstr(svg, ">far below neutral</text>"));
  assert_null(strstr(svg, ">expectation</text>"));
  cx_free(svg);
  cx_free(all);
  cx_journey_free(j);
}

static void test_themes(void **state) {
  (void)state;
  cx_journey *j = sample();
  cx_journey_svg_options o = CX_JOURNEY_SVG_OPTIONS_INIT;
  char *light = render(j, &o, NULL);
  assert_non_null(strstr(light, "height=\"100%\" fill=\"#ffffff\""));
  o.theme = CX_THEME_DARK;
  char *dark = render(j, &o, NULL);
  assert_non_null(strstr(dark, "height=\"100%\" fill=\"#0d1117\""));
  assert_string_not_equal(light, dark);
  o.theme = CX_THEME_PRINT;
  size_t len;
  char *print = render(j, &o, &len);
  check_well_formed(print, len);
  assert_null(strstr(print, "height=\"100%\""));
  /* Print: every colour is a grey (#rrggbb with r = g = b). */
  for (const char *p = strchr(print, '#'); p; p = strchr(p + 1, '#')) {
    assert_true(strspn(p + 1, "0123456789abcdef") >= 6);
    assert_memory_equal(p + 1, p + 3, 2);
    assert_memory_equal(p + 1, p + 5, 2);
  }
  /* Shapes still carry the tone: two triangles down (1 and 2.5), one up,
   * one circle. */
  const char *emo = strstr(print, "cx-lane-emotion");
  assert_int_equal(count(emo, "<title>Checkout: 5</title><path"), 1);
  assert_int_equal(count(emo, "<title>Compare: 3</title><circle"), 1);
  cx_free(light);
  cx_free(dark);
  cx_free(print);
  cx_journey_free(j);
}

static void test_width(void **state) {
  (void)state;
  cx_journey *j = sample();
  cx_journey_svg_options o = CX_JOURNEY_SVG_OPTIONS_INIT;
  /* Fitted: 1000 px leave 1000 - 160 = 840 for 5 slots of 168, cards of
   * 156 from x = 146. */
  o.width = 1000;
  char *svg = render(j, &o, NULL);
  assert_true(svg_width(svg) == 1000.0);
  const char *card = strstr(svg, "<g class=\"cx-card\">");
  const char *rect = strstr(strstr(card, "</title>"), "<rect");
  assert_true(attr(rect, "x") == 146.0);
  assert_true(attr(rect, "width") == 156.0);
  cx_free(svg);
  o.width = 400;
  size_t len;
  svg = render(j, &o, &len);
  check_well_formed(svg, len);
  assert_true(svg_width(svg) == 400.0);
  cx_free(svg);
  o.width = 20000;
  svg = render(j, &o, NULL);
  assert_true(svg_width(svg) == 20000.0);
  cx_free(svg);
  /* Natural width of one touchpoint: the 720 px minimum. */
  cx_journey *one = new_journey("One");
  OK(cx_journey_stage_add(one, "s", "Only"));
  add_tp(one, "s", "t", "Single", 4.0);
  o.width = 0;
  svg = render(one, &o, &len);
  check_well_formed(svg, len);
  assert_true(svg_width(svg) == 720.0);
  assert_int_equal(count(svg, "class=\"cx-emotion-point\""), 1);
  assert_null(strstr(svg, "cx-emotion-curve"));
  cx_free(svg);
  cx_journey_free(one);
  cx_journey_free(j);
}

/* Every <text> of the touchpoint lane, without tooltips, must fit a card
 * of 144 px with 8 px padding (128 px): bold 12 px names at 7.68 px per
 * code point give 16 code points a line, 10.5 px texts at 6.3 px give 20. */
static void check_card_texts(const char *svg, size_t ncards) {
  const char *lane = strstr(svg, "<g class=\"cx-lane-touchpoints\">");
  const char *end = strstr(svg, "<g class=\"cx-lane-emotion\">");
  assert_true(lane && end);
  size_t cards = 0, cut = 0;
  for (const char *card = strstr(lane, "<g class=\"cx-card\">");
       card && card < end;) {
    const char *next = strstr(card + 1, "<g class=\"cx-card\">");
    if (!next || next > end)
      next = end;
    cards++;
    size_t name_lines = 0;
    const char *p = strstr(card, "</title>");
    for (p = strstr(p, "<text"); p && p < next; p = strstr(p + 1, "<text")) {
      const char *open_end = strchr(p, '>');
      const char *close = strstr(open_end, "</text>");
      const char *weight = strstr(p, " font-weight=");
      bool bold = weight && weight < open_end;
      /* "!" inside the pain icon is 8.5 px: skip it. */
      if (strncmp(open_end + 1, "!<", 2) == 0)
        continue;
      size_t len = (size_t)(close - open_end - 1);
      size_t cps = 0;
      for (size_t i = 0; i < len; i++)
        cps += ((unsigned char)open_end[1 + i] & 0xC0) != 0x80;
      assert_true(cx__utf8_valid(open_end + 1, len));
      assert_true(cps <= (bold ? 16u : 20u));
      if (bold && attr(p, "font-size") == 12.0) {
        name_lines++;
        if (len >= 3 && memcmp(close - 3, "\xE2\x80\xA6", 3) == 0)
          cut++;
      }
    }
    assert_true(name_lines >= 1 && name_lines <= 3);
    card = next < end ? next : NULL;
  }
  assert_int_equal(cards, ncards);
  assert_int_equal(cut, ncards);
}

static void test_forty_long_names(void **state) {
  (void)state;
  cx_journey *j = new_journey("Forty touchpoints");
  OK(cx_journey_actor_add(j, "p", "Policy holder with a long name"));
  OK(cx_journey_actor_add(j, "b", "Broker"));
  char id[16], stage[16], name[512];
  for (int s = 0; s < 4; s++) {
    snprintf(stage, sizeof stage, "s%d", s);
    OK(cx_journey_stage_add(j, stage,
                            "A stage name long enough to need cutting"));
    for (int t = 0; t < 10; t++) {
      snprintf(id, sizeof id, "t%d", s * 10 + t);
      /* Multi-byte letters so that cuts fall next to them, and one word
       * longer than a line. */
      snprintf(name, sizeof name,
               "%d Überprüfung der Identität über das Kundenportal mit "
               "Zwei-Faktor-Authentifizierungsverfahren und Rückfrage "
               "beim Kundendienst",
               s * 10 + t);
      add_tp(j, stage, id, name, 1.0 + (double)((s * 10 + t) % 5));
      OK(cx_journey_touchpoint_list_add(j, id, CX_TP_ACTORS, "p"));
      OK(cx_journey_touchpoint_list_add(j, id, CX_TP_ACTORS, "b"));
      OK(cx_journey_touchpoint_set_channel(j, id, CX_CHANNEL_CUSTOM,
                                           "Kundenportal-Selbstbedienung"));
    }
  }
  size_t len;
  char *svg = render(j, NULL, &len);
  check_well_formed(svg, len);
  /* 140 + 40 * 156 + 20. */
  assert_true(svg_width(svg) == 6400.0);
  assert_int_equal(count(svg, "class=\"cx-emotion-point\""), 40);
  check_card_texts(svg, 40);
  /* Full names stay in the tooltips. */
  assert_non_null(strstr(svg, "<title>39 Überprüfung der Identität über das "
                              "Kundenportal mit Zwei-Faktor-"
                              "Authentifizierungsverfahren und Rückfrage beim "
                              "Kundendienst\n"));
  cx_free(svg);
  cx_journey_free(j);
}

static void test_edge_journeys(void **state) {
  (void)state;
  size_t len;
  /* No stages, no title, no id. */
  cx_journey *j = NULL;
  OK(cx_journey_new(&j, NULL));
  char *svg = render(j, NULL, &len);
  check_well_formed(svg, len);
  assert_non_null(strstr(svg, "<title>Customer journey</title>"));
  assert_non_null(strstr(svg, "This journey has no stages."));
  assert_null(strstr(svg, "cx-card"));
  assert_true(svg_width(svg) == 720.0);
  cx_free(svg);

  /* Empty stages only. */
  OK(cx_journey_stage_add(j, "a", "First"));
  OK(cx_journey_stage_add(j, "b", ""));
  svg = render(j, NULL, &len);
  check_well_formed(svg, len);
  assert_int_equal(count(svg, "class=\"cx-stage\""), 2);
  assert_int_equal(count(svg, ">No touchpoints</text>"), 2);
  assert_non_null(strstr(svg, ">No emotion scores</text>"));
  assert_non_null(strstr(svg, ">No expectation or experience levels</text>"));
  /* A stage without a name shows its id. */
  assert_non_null(strstr(svg, "<title>b</title>"));
  cx_free(svg);

  /* One touchpoint without scores, between the empty stages. */
  OK(cx_journey_touchpoint_add(j, "a", "t", ""));
  svg = render(j, NULL, &len);
  check_well_formed(svg, len);
  assert_int_equal(count(svg, "class=\"cx-card\""), 1);
  assert_int_equal(count(svg, ">No touchpoints</text>"), 1);
  assert_null(strstr(svg, "cx-emotion-point"));
  assert_non_null(strstr(svg, ">No emotion scores</text>"));
  /* A touchpoint without a name shows its id. */
  assert_non_null(strstr(svg, "<title>t</title>"));
  cx_free(svg);

  /* An unscored touchpoint between two scored ones: a dashed bridge. */
  add_tp(j, "a", "u", "U", 4.0);
  OK(cx_journey_touchpoint_move(j, "t", NULL, CX_JOURNEY_END));
  add_tp(j, "a", "v", "V", 2.0);
  OK(cx_journey_touchpoint_move(j, "t", NULL, 1));
  svg = render(j, NULL, &len);
  check_well_formed(svg, len);
  const char *curve = strstr(svg, "class=\"cx-emotion-curve\"");
  assert_non_null(curve);
  assert_non_null(strstr(curve, "stroke-dasharray=\"5 4\""));
  assert_true(strstr(curve, "/>") > strstr(curve, "stroke-dasharray"));
  cx_free(svg);

  /* A broken scale loaded from a file still draws. */
  cx__journey_set_scale_unchecked(j, 5.0, 3.0, 1.0);
  svg = render(j, NULL, &len);
  check_well_formed(svg, len);
  assert_non_null(strstr(svg, "Invalid scale"));
  cx_free(svg);
  cx_journey_free(j);

  /* A unipolar scale: neutral at the bottom. */
  j = new_journey("Unipolar");
  OK(cx_journey_set_scale(j, 0.0, 0.0, 10.0));
  OK(cx_journey_stage_add(j, "s", "S"));
  add_tp(j, "s", "t", "T", 0.0);
  add_tp(j, "s", "u", "U", 10.0);
  svg = render(j, NULL, &len);
  check_well_formed(svg, len);
  const char *line = strstr(strstr(svg, "cx-lane-emotion"), "cx-neutral");
  assert_true(attr(line, "y1") == 424.0);
  cx_free(svg);
  cx_journey_free(j);
}

static void test_bad_options(void **state) {
  (void)state;
  cx_journey *j = sample();
  char *out = (char *)"untouched";
  size_t len = 7;
  cx_journey_svg_options o = CX_JOURNEY_SVG_OPTIONS_INIT;
  assert_int_equal(cx_journey_render_svg(NULL, &o, &out, &len), CX_EINVAL);
  assert_int_equal(cx_journey_render_svg(j, &o, NULL, &len), CX_EINVAL);
  struct {
    unsigned version, width;
    int theme;
    unsigned lanes;
    const char *title;
    const char *message;
  } bad[] = {
      {0, 0, 0, CX_LANE_ALL, NULL, "version"},
      {2, 0, 0, CX_LANE_ALL, NULL, "version"},
      {1, 399, 0, CX_LANE_ALL, NULL, "width 399"},
      {1, 1, 0, CX_LANE_ALL, NULL, "width 1"},
      {1, 20001, 0, CX_LANE_ALL, NULL, "width 20001"},
      {1, 0, 3, CX_LANE_ALL, NULL, "theme"},
      {1, 0, -1, CX_LANE_ALL, NULL, "theme"},
      {1, 0, 0, 0, NULL, "lanes"},
      {1, 0, 0, 16, NULL, "lanes"},
      {1, 0, 0, CX_LANE_ALL | 32u, NULL, "lanes"},
      {1, 0, 0, CX_LANE_ALL, "bad \xFF title", "UTF-8"},
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    o.version = bad[i].version;
    o.width = bad[i].width;
    o.theme = (cx_theme)bad[i].theme;
    o.lanes = bad[i].lanes;
    o.title = bad[i].title;
    assert_int_equal(cx_journey_render_svg(j, &o, &out, &len), CX_EINVAL);
    assert_non_null(strstr(cx_error_last(), bad[i].message));
    assert_string_equal(out, "untouched");
    assert_int_equal(len, 7);
  }
  /* The limits themselves are fine, as is len NULL. */
  o = (cx_journey_svg_options)CX_JOURNEY_SVG_OPTIONS_INIT;
  o.width = 400;
  o.lanes = CX_LANE_GAPS;
  assert_int_equal(cx_journey_render_svg(j, &o, &out, NULL), CX_OK);
  cx_free(out);
  cx_journey_free(j);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_document),
      cmocka_unit_test(test_emotion_positions),
      cmocka_unit_test(test_gap_positions),
      cmocka_unit_test(test_hostile_text),
      cmocka_unit_test(test_deterministic),
      cmocka_unit_test(test_lanes),
      cmocka_unit_test(test_themes),
      cmocka_unit_test(test_width),
      cmocka_unit_test(test_forty_long_names),
      cmocka_unit_test(test_edge_journeys),
      cmocka_unit_test(test_bad_options),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
