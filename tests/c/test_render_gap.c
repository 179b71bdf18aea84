/* Tests of the gap charts: points, lines and bars where the documented
 * geometry puts them (coordinates worked out by hand), escaping of every
 * data text, determinism, well-formed XML (xmllint when installed) and
 * option checks. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include <cx/gap.h>
#include <cx/render.h>

#define EVIL "<b>&\"x'"
#define EVIL_ESCAPED "&lt;b&gt;&amp;&quot;x&#39;"

/* Items, three respondents each:
 *   a:    (E, P) = (5, 4) three times: gap -1 (SD 0: interval [-1, -1]),
 *         importance 7, performance 4;
 *   b:    (3, 5), (4, 5), (3, 4): gaps 2, 1, 1, mean 4/3; importance
 *         2, 3, 4: mean 3; performance 14/3; zone (A, D) = (2, 6) each;
 *   EVIL: (4, 3), (5, 3), (4, 2): gaps -1, -2, -2, mean -5/3; importance 5;
 *   none: no answers. */
static cx_gap_result *make_result(const cx_gap_options *opt) {
  cx_gap_survey *s;
  assert_int_equal(cx_gap_survey_new(&s, NULL), CX_OK);
  assert_int_equal(cx_gap_survey_add_item(s, "a", "Alpha", NULL, 0, NULL),
                   CX_OK);
  assert_int_equal(cx_gap_survey_add_item(s, "b", NULL, NULL, 0, NULL),
                   CX_OK);
  assert_int_equal(cx_gap_survey_add_item(s, EVIL, NULL, NULL, 0, NULL),
                   CX_OK);
  assert_int_equal(cx_gap_survey_add_item(s, "none", NULL, NULL, 0, NULL),
                   CX_OK);
  const double e[3][4] = {{5, 3, 4, NAN}, {5, 4, 5, NAN}, {5, 3, 4, NAN}};
  const double p[3][4] = {{4, 5, 3, NAN}, {4, 5, 3, NAN}, {4, 4, 2, NAN}};
  const double imp[3][4] = {{7, 2, 5, NAN}, {7, 3, 5, NAN}, {7, 4, 5, NAN}};
  const double ad[4] = {NAN, 2, NAN, NAN}, de[4] = {NAN, 6, NAN, NAN};
  for (int i = 0; i < 3; i++) {
    cx_gap_response r = CX_GAP_RESPONSE_INIT;
    r.expectation = e[i];
    r.perception = p[i];
    r.importance = imp[i];
    r.adequate = ad;
    r.desired = de;
    assert_int_equal(cx_gap_survey_add_respondent(s, &r), CX_OK);
  }
  cx_gap_result *res;
  assert_int_equal(cx_gap_result_compute(&res, s, opt), CX_OK);
  cx_gap_survey_free(s);
  return res;
}

static cx_gap_result *make_custom(void) {
  cx_gap_options o = CX_GAP_OPTIONS_INIT;
  o.crosshair = CX_GAP_CROSSHAIR_CUSTOM;
  o.custom_importance = 4.0;
  o.custom_performance = 4.0;
  o.custom_gap = 0.0;
  return make_result(&o);
}

/* Tags open and close in order (a small well-formedness check that needs
 * no tool). */
static void check_balanced(const char *svg) {
  const char *stack[64];
  size_t depth = 0;
  for (const char *p = strchr(svg, '<'); p; p = strchr(p + 1, '<')) {
    const char *end = strchr(p, '>');
    assert_non_null(end);
    if (p[1] == '/') {
      assert_true(depth > 0);
      size_t n = strcspn(p + 2, ">");
      assert_int_equal(strncmp(stack[depth - 1], p + 2, n), 0);
      depth--;
    } else if (end[-1] != '/') {
      assert_true(depth < 64);
      stack[depth++] = p + 1;
    }
  }
  assert_int_equal(depth, 0);
}

static void check_well_formed(const char *svg, size_t len) {
  check_balanced(svg);
  if (access("/usr/bin/xmllint", X_OK) != 0)
    return;
  char path[] = "/tmp/cx_render_gap_XXXXXX";
  int fd = mkstemp(path);
  assert_true(fd >= 0);
  FILE *f = fdopen(fd, "wb");
  assert_non_null(f);
  assert_int_equal(fwrite(svg, 1, len, f), len);
  assert_int_equal(fclose(f), 0);
  char cmd[128];
  snprintf(cmd, sizeof cmd, "/usr/bin/xmllint --noout %s", path);
  int rc = system(cmd);
  remove(path);
  assert_int_equal(rc, 0);
}

static char *ipa(const cx_gap_result *r, const cx_ipa_svg_options *o,
                 size_t *len) {
  char *svg = NULL;
  cx_status st = cx_render_ipa_svg(r, o, &svg, len);
  if (st)
    print_error("%s\n", cx_error_last());
  assert_int_equal(st, CX_OK);
  return svg;
}

static char *gap(const cx_gap_result *r, const cx_gap_svg_options *o,
                 size_t *len) {
  char *svg = NULL;
  cx_status st = cx_render_gap_svg(r, o, &svg, len);
  if (st)
    print_error("%s\n", cx_error_last());
  assert_int_equal(st, CX_OK);
  return svg;
}

/* "12.34" as the renderer prints coordinates. */
static void fmt(char *buf, double v) {
  long long r = llround(v * 100.0);
  snprintf(buf, 32, "%s%lld.%02lld", r < 0 ? "-" : "", llabs(r) / 100,
           llabs(r) % 100);
}

static void assert_has(const char *svg, const char *s) {
  if (!strstr(svg, s))
    print_error("missing: %s\n", s);
  assert_non_null(strstr(svg, s));
}

/* ---- importance-performance chart ----------------------------------------- */

static void ipa_geometry(void **state) {
  (void)state;
  cx_gap_result *r = make_custom();
  cx_ipa_svg_options o = CX_IPA_SVG_OPTIONS_INIT;
  o.x_min = o.y_min = 1.0;
  o.x_max = o.y_max = 7.0;
  size_t len;
  char *svg = ipa(r, &o, &len);
  /* Plot 64..616 by 58..504; a: (4, 7) -> (340, 58). */
  assert_has(svg, "<circle cx=\"340.00\" cy=\"58.00\"");
  /* b: performance 14/3, importance 3. */
  char x[32], y[32], want[128];
  fmt(x, 64.0 + (14.0 / 3.0 - 1.0) / 6.0 * 552.0);
  fmt(y, 504.0 - 2.0 / 6.0 * 446.0);
  snprintf(want, sizeof want, "<circle cx=\"%s\" cy=\"%s\"", x, y);
  assert_has(svg, want);
  /* Crosshair (4, 4): x = 340, y = 504 - 3/6 * 446 = 281. */
  assert_has(svg, "<line x1=\"340.00\" y1=\"58.00\" x2=\"340.00\" "
                  "y2=\"504.00\"");
  assert_has(svg, "<line x1=\"64.00\" y1=\"281.00\" x2=\"616.00\" "
                  "y2=\"281.00\"");
  /* Quadrant of each point, in its tooltip. */
  assert_has(svg, "<title>a: keep up the good work; importance 7, "
                  "performance 4</title>");
  assert_has(svg, "<title>b: possible overkill;");
  assert_has(svg, "Concentrate here</text>");
  assert_has(svg, "Low priority</text>");
  /* The item without data is named in the note. */
  assert_has(svg, "Not plotted (no data): none</text>");
  /* No diagonal unless asked. */
  assert_null(strstr(svg, "stroke-dasharray=\"6 4\""));
  check_well_formed(svg, len);
  cx_free(svg);
  cx_gap_result_free(r);
}

static void ipa_diagonal_and_gap_axis(void **state) {
  (void)state;
  cx_gap_result *r = make_custom();
  cx_ipa_svg_options o = CX_IPA_SVG_OPTIONS_INIT;
  o.x_min = o.y_min = 1.0;
  o.x_max = o.y_max = 7.0;
  o.diagonal = 1;
  char *svg = ipa(r, &o, NULL);
  /* importance - performance = 0 through (4, 4): from (1, 1) to (7, 7). */
  assert_has(svg, "<line x1=\"64.00\" y1=\"504.00\" x2=\"616.00\" "
                  "y2=\"58.00\" stroke=\"#57606a\" stroke-width=\"1.00\" "
                  "stroke-dasharray=\"6 4\"/>");
  cx_free(svg);
  /* Gap axis -2..2: a (gap -1, importance 7) -> x = 64 + 1/4 * 552. */
  o.x_axis = CX_IPA_GAP;
  o.x_min = -2.0;
  o.x_max = 2.0;
  svg = ipa(r, &o, NULL);
  assert_has(svg, "<circle cx=\"202.00\" cy=\"58.00\"");
  assert_has(svg, "Mean gap (perception");
  assert_null(strstr(svg, "stroke-dasharray=\"6 4\""));
  cx_free(svg);
  cx_gap_result_free(r);
}

static void ipa_escapes_and_is_deterministic(void **state) {
  (void)state;
  cx_gap_result *r = make_result(NULL);
  cx_ipa_svg_options o = CX_IPA_SVG_OPTIONS_INIT;
  o.title = "Q&A <2025>";
  size_t l1, l2;
  char *a = ipa(r, &o, &l1), *b = ipa(r, &o, &l2);
  assert_int_equal(l1, l2);
  assert_memory_equal(a, b, l1);
  assert_has(a, EVIL_ESCAPED);
  assert_null(strstr(a, EVIL));
  assert_has(a, "<title>Q&amp;A &lt;2025&gt;</title>");
  check_well_formed(a, l1);
  cx_free(a);
  cx_free(b);
  /* Labels instead of ids where an item has one. */
  o.use_labels = 1;
  a = ipa(r, &o, NULL);
  assert_has(a, "<title>Alpha:");
  cx_free(a);
  /* Print theme: no background. */
  o.theme = CX_THEME_PRINT;
  a = ipa(r, &o, &l1);
  assert_null(strstr(a, "height=\"100%\""));
  check_well_formed(a, l1);
  cx_free(a);
  cx_gap_result_free(r);
}

static void ipa_options(void **state) {
  (void)state;
  cx_gap_result *r = make_result(NULL);
  char *svg = NULL;
  cx_ipa_svg_options o = CX_IPA_SVG_OPTIONS_INIT;
  assert_int_equal(cx_render_ipa_svg(NULL, &o, &svg, NULL), CX_EINVAL);
  assert_int_equal(cx_render_ipa_svg(r, &o, NULL, NULL), CX_EINVAL);
  o.version = 2;
  assert_int_equal(cx_render_ipa_svg(r, &o, &svg, NULL), CX_EINVAL);
  o = (cx_ipa_svg_options)CX_IPA_SVG_OPTIONS_INIT;
  o.width = 100;
  assert_int_equal(cx_render_ipa_svg(r, &o, &svg, NULL), CX_EINVAL);
  o = (cx_ipa_svg_options)CX_IPA_SVG_OPTIONS_INIT;
  o.theme = (cx_theme)9;
  assert_int_equal(cx_render_ipa_svg(r, &o, &svg, NULL), CX_EINVAL);
  o = (cx_ipa_svg_options)CX_IPA_SVG_OPTIONS_INIT;
  o.x_min = 3.0;
  o.x_max = 1.0;
  assert_int_equal(cx_render_ipa_svg(r, &o, &svg, NULL), CX_EINVAL);
  o = (cx_ipa_svg_options)CX_IPA_SVG_OPTIONS_INIT;
  o.y_max = INFINITY;
  assert_int_equal(cx_render_ipa_svg(r, &o, &svg, NULL), CX_EINVAL);
  o = (cx_ipa_svg_options)CX_IPA_SVG_OPTIONS_INIT;
  o.title = "\xff";
  assert_int_equal(cx_render_ipa_svg(r, &o, &svg, NULL), CX_EINVAL);
  assert_null(svg);
  /* Defaults: the range comes from the data. */
  assert_int_equal(cx_render_ipa_svg(r, NULL, &svg, NULL), CX_OK);
  cx_free(svg);
  cx_gap_result_free(r);
}

/* ---- gap chart -------------------------------------------------------------- */

static void gap_geometry_and_order(void **state) {
  (void)state;
  cx_gap_result *r = make_result(NULL);
  cx_gap_svg_options o = CX_GAP_SVG_OPTIONS_INIT;
  o.x_min = -2.0;
  o.x_max = 2.0;
  size_t len;
  char *svg = gap(r, &o, &len);
  /* 4 items: height 58 + 96 + 60 = 214. */
  assert_has(svg, "width=\"720\" height=\"214\"");
  /* Label column 201 px, plot 213..656 (443 px): x(v) = 213 + (v + 2) / 4
   * * 443.  Order by gap: EVIL (-5/3), a (-1), b (4/3), none. */
  const char *pe = strstr(svg, "<title>" EVIL_ESCAPED ": gap");
  const char *pa = strstr(svg, "<title>a: gap -1 [-1, -1], n 3</title>");
  const char *pb = strstr(svg, "<title>b: gap +1.33");
  const char *pn = strstr(svg, "<title>none: no data</title>");
  assert_non_null(pe);
  assert_non_null(pa);
  assert_non_null(pb);
  assert_non_null(pn);
  assert_true(pe < pa && pa < pb && pb < pn);
  char x[32], w[32], want[160];
  /* Row 1 (a): bar from x(-1) to x(0), y = 58 + 24 + 12 - 6 = 88. */
  fmt(x, 213.0 + 0.25 * 443.0);
  fmt(w, 0.25 * 443.0);
  snprintf(want, sizeof want,
           "<rect x=\"%s\" y=\"88.00\" width=\"%s\" height=\"12.00\" "
           "fill=\"#cf222e\"/>",
           x, w);
  assert_has(svg, want);
  /* Row 2 (b): zone band from gap - MSA to gap - MSS, i.e. mean A - mean E
   * = 2 - 10/3 to mean D - mean E = 6 - 10/3 (cut at the end of the range,
   * 2), from y = 58 + 48 + 2. */
  fmt(x, 213.0 + (2.0 - 10.0 / 3.0 + 2.0) / 4.0 * 443.0);
  fmt(w, (2.0 - (2.0 - 10.0 / 3.0)) / 4.0 * 443.0);
  snprintf(want, sizeof want,
           "<rect x=\"%s\" y=\"108.00\" width=\"%s\" height=\"20.00\" "
           "fill=\"#ddf4ff\"/>",
           x, w);
  assert_has(svg, want);
  /* Zero line at x(0) = 434.5 from the first row to the last. */
  assert_has(svg, "<line x1=\"434.50\" y1=\"58.00\" x2=\"434.50\" "
                  "y2=\"154.00\"");
  /* a has an empty interval (SD 0); b has: t(0.975, 2) * sd / sqrt(3) with
   * sd = 1/sqrt(3): 4.302653 / 3 = 1.434218. */
  fmt(x, 213.0 + (4.0 / 3.0 - 4.30265272974946 / 3.0 + 2.0) / 4.0 * 443.0);
  snprintf(want, sizeof want, "<line x1=\"%s\" y1=\"118.00\"", x);
  assert_has(svg, want);
  check_well_formed(svg, len);
  cx_free(svg);
  /* Item order, and no zone. */
  o.order = CX_GAP_ORDER_ITEMS;
  o.zone = 0;
  svg = gap(r, &o, NULL);
  pa = strstr(svg, "<title>a: gap");
  pb = strstr(svg, "<title>b: gap");
  pe = strstr(svg, "<title>" EVIL_ESCAPED);
  assert_true(pa < pb && pb < pe);
  assert_null(strstr(svg, "#ddf4ff"));
  cx_free(svg);
  cx_gap_result_free(r);
}

static void gap_escapes_deterministic_options(void **state) {
  (void)state;
  cx_gap_result *r = make_result(NULL);
  size_t l1, l2;
  char *a = gap(r, NULL, &l1), *b = gap(r, NULL, &l2);
  assert_int_equal(l1, l2);
  assert_memory_equal(a, b, l1);
  assert_null(strstr(a, EVIL));
  check_well_formed(a, l1);
  cx_free(a);
  cx_free(b);
  char *svg = NULL;
  cx_gap_svg_options o = CX_GAP_SVG_OPTIONS_INIT;
  o.width = 299;
  assert_int_equal(cx_render_gap_svg(r, &o, &svg, NULL), CX_EINVAL);
  o = (cx_gap_svg_options)CX_GAP_SVG_OPTIONS_INIT;
  o.order = (cx_gap_chart_order)5;
  assert_int_equal(cx_render_gap_svg(r, &o, &svg, NULL), CX_EINVAL);
  o = (cx_gap_svg_options)CX_GAP_SVG_OPTIONS_INIT;
  o.x_min = NAN;
  assert_int_equal(cx_render_gap_svg(r, &o, &svg, NULL), CX_EINVAL);
  o = (cx_gap_svg_options)CX_GAP_SVG_OPTIONS_INIT;
  o.version = 0;
  assert_int_equal(cx_render_gap_svg(r, &o, &svg, NULL), CX_EINVAL);
  assert_int_equal(cx_render_gap_svg(NULL, NULL, &svg, NULL), CX_EINVAL);
  assert_null(svg);
  cx_gap_result_free(r);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(ipa_geometry),
      cmocka_unit_test(ipa_diagonal_and_gap_axis),
      cmocka_unit_test(ipa_escapes_and_is_deterministic),
      cmocka_unit_test(ipa_options),
      cmocka_unit_test(gap_geometry_and_order),
      cmocka_unit_test(gap_escapes_deterministic_options),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
