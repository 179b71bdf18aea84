/* Tests of the NPS, CSAT and CES charts: marks where the documented
 * geometry puts them (pixel positions worked out by hand from hand-computed
 * statistics and SciPy's quantiles), "n/a" for undefined values, escaping
 * of every data text, determinism, well-formed XML (xmllint when
 * installed) and option checks. */
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

#include <cx/metrics.h>
#include <cx/render.h>

/* SciPy: norm.ppf(0.975), t.ppf(0.975, 5), t.ppf(0.975, 9). */
#define Z95 1.959963984540054
#define T5 2.5705818366147395
#define T9 2.2621571627409915

/* ---- helpers ------------------------------------------------------------- */

/* "12.34" as the renderers print coordinates. */
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

static void assert_lacks(const char *svg, const char *s) {
  if (strstr(svg, s))
    print_error("unexpected: %s\n", s);
  assert_null(strstr(svg, s));
}

/* The group of the row whose tooltip starts with @p title_start, as a new
 * string (freed by the caller). */
static char *row_of(const char *svg, const char *title_start) {
  char want[256];
  snprintf(want, sizeof want, "<g>\n<title>%s", title_start);
  const char *p = strstr(svg, want);
  if (!p)
    print_error("no row: %s\n", title_start);
  assert_non_null(p);
  const char *e = strstr(p, "</g>");
  assert_non_null(e);
  size_t n = (size_t)(e - p);
  char *row = malloc(n + 1);
  assert_non_null(row);
  memcpy(row, p, n);
  row[n] = '\0';
  return row;
}

/* Tags open and close in order (a well-formedness check that needs no
 * tool). */
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
  assert_int_equal(strlen(svg), len);
  check_balanced(svg);
  if (access("/usr/bin/xmllint", X_OK) != 0)
    return;
  char path[] = "/tmp/cx_render_metrics_XXXXXX";
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

static void add_all(cx_metric_survey *s, size_t seg, const double *x,
                    size_t n) {
  for (size_t i = 0; i < n; i++)
    assert_int_equal(cx_metric_survey_add(s, seg, x[i], 1.0, NULL), CX_OK);
}

/* ---- NPS ----------------------------------------------------------------- */

/* Segments:
 *   North:    9 10 9 10 9 7 8 7 0 6 (the worked example of metrics.md):
 *             shares 0.2 / 0.3 / 0.5, NPS 0.3;
 *   <script>: 10 10: all promoters, NPS 1, variance 0 (no Wald interval);
 *   &:        no answers;
 * pooled: 12 answers, 2 detractors, 3 passives, 7 promoters: NPS 5/12. */
static cx_metric_survey *nps_survey(void) {
  cx_metric_survey *s;
  assert_int_equal(cx_metric_survey_new_nps(&s, NULL), CX_OK);
  assert_int_equal(cx_metric_survey_add_segment(s, "North", NULL), CX_OK);
  assert_int_equal(cx_metric_survey_add_segment(s, "<script>", NULL), CX_OK);
  assert_int_equal(cx_metric_survey_add_segment(s, "&", NULL), CX_OK);
  const double north[] = {9, 10, 9, 10, 9, 7, 8, 7, 0, 6};
  const double script[] = {10, 10};
  add_all(s, 0, north, 10);
  add_all(s, 1, script, 2);
  return s;
}

/* Rows North, <script>, &, pooled: the pooled result last, as given. */
static void nps_results(cx_nps_result *r[4], int percent, unsigned boot) {
  cx_metric_survey *s = nps_survey();
  cx_nps_options o = CX_NPS_OPTIONS_INIT;
  o.percent = percent;
  o.bootstrap = boot;
  for (size_t i = 0; i < 3; i++)
    assert_int_equal(cx_nps_compute(&r[i], s, i, &o), CX_OK);
  assert_int_equal(cx_nps_compute(&r[3], s, CX_METRIC_ALL, &o), CX_OK);
  cx_metric_survey_free(s);
}

static void nps_free(cx_nps_result *r[4]) {
  for (size_t i = 0; i < 4; i++)
    cx_nps_result_free(r[i]);
}

static char *nps_svg(cx_nps_result *r[4], const cx_nps_svg_options *o,
                     size_t *len) {
  char *svg = NULL;
  cx_status st = cx_render_nps_svg((const cx_nps_result *const *)r, 4, o,
                                   &svg, len);
  if (st)
    print_error("%s\n", cx_error_last());
  assert_int_equal(st, CX_OK);
  return svg;
}

/* Width 720: label column 180, A = 192, Z = 696, M = 444; bars over
 * 192..424 (232 px), NPS over 464..696: x = 580 + 116 v.  Rows of 36 from
 * 58; marks at top + 14, numbers at top + 32. */
static double nps_x(double v) { return 580.0 + 116.0 * v; }

static void nps_geometry(void **state) {
  (void)state;
  cx_nps_result *r[4];
  nps_results(r, 0, 0);
  size_t len;
  char *svg = nps_svg(r, NULL, &len);
  char a[32], b[32], want[256];
  /* Height 58 + 4 * 36 + 78. */
  assert_has(svg, "width=\"720\" height=\"280\" viewBox=\"0 0 720 280\"");
  assert_has(svg, "<title>Net Promoter Score</title>");
  assert_has(svg, "4 groups \xC2\xB7 NPS with 95% adjusted Wald intervals");

  /* North (top 58): parts 0.2, 0.3, 0.5 of 232 px from 192, y 65. */
  char *row = row_of(svg, "North: ");
  assert_has(row, "<rect x=\"192.00\" y=\"65.00\" width=\"46.40\" "
                  "height=\"14.00\" fill=\"#cf222e\"/>");
  assert_has(row, "<rect x=\"238.40\" y=\"65.00\" width=\"69.60\" "
                  "height=\"14.00\" fill=\"#afb8c1\"/>");
  assert_has(row, "<rect x=\"308.00\" y=\"65.00\" width=\"116.00\" "
                  "height=\"14.00\" fill=\"#1a7f37\"/>");
  /* Shares under the parts' centres. */
  assert_has(row, "<text x=\"215.20\" y=\"90.00\" font-size=\"10.00\" "
                  "fill=\"#57606a\" text-anchor=\"middle\">20%</text>");
  assert_has(row, "x=\"273.20\" y=\"90.00\"");
  assert_has(row, ">30%</text>");
  assert_has(row, "x=\"366.00\" y=\"90.00\"");
  assert_has(row, ">50%</text>");
  /* NPS 0.3 at 614.8; adjusted Wald (Rocks 2016): (D + 3/4, P + 3/4) over
   * n + 3 = 13: centre 3/13, variance 8.5/13 - (3/13)^2. */
  double c = 3.0 / 13.0, se = sqrt((8.5 / 13.0 - c * c) / 13.0);
  double lo = c - Z95 * se, hi = c + Z95 * se;
  assert_true(fabs(lo - -0.19051) < 1e-5 && fabs(hi - 0.65204) < 1e-5);
  assert_has(row, "<circle cx=\"614.80\" cy=\"72.00\" r=\"4.50\" "
                  "fill=\"#0969da\"/>");
  fmt(a, nps_x(lo));
  fmt(b, nps_x(hi));
  snprintf(want, sizeof want,
           "<line x1=\"%s\" y1=\"72.00\" x2=\"%s\" y2=\"72.00\" "
           "stroke=\"#1f2328\" stroke-width=\"1.50\"/>",
           a, b);
  assert_has(row, want);
  snprintf(want, sizeof want, "<line x1=\"%s\" y1=\"67.00\" x2=\"%s\" "
           "y2=\"77.00\"", a, a);
  assert_has(row, want);
  /* The value, centred under the dot. */
  assert_has(row, "<text x=\"614.80\" y=\"90.00\" font-size=\"10.00\" "
                  "fill=\"#1f2328\" text-anchor=\"middle\">+0.30 [-0.19, "
                  "+0.65]</text>");
  assert_has(row, "<title>North: NPS +0.300 [-0.191, +0.652] (adjusted "
                  "Wald); detractors 20.0%, passives 30.0%, promoters "
                  "50.0%; n 10</title>");
  assert_has(row, ">n 10</text>");
  free(row);

  /* <script> (top 94): one part only, the dot at the right end; the
   * adjusted interval for n = 2: centre 0.4, SE sqrt(0.54 / 5), the upper
   * bound clipped to 1. */
  row = row_of(svg, "&lt;script&gt;: ");
  assert_has(row, "<rect x=\"192.00\" y=\"101.00\" width=\"232.00\" "
                  "height=\"14.00\" fill=\"#1a7f37\"/>");
  assert_lacks(row, "#cf222e");
  assert_lacks(row, "#afb8c1");
  assert_has(row, "<circle cx=\"696.00\" cy=\"108.00\"");
  fmt(a, nps_x(0.4 - Z95 * sqrt(0.54 / 5.0)));
  snprintf(want, sizeof want, "<line x1=\"%s\" y1=\"108.00\" x2=\"696.00\" "
           "y2=\"108.00\"", a);
  assert_has(row, want);
  /* The text (20 characters of 6 px) is kept inside the panel: centred at
   * 696 - 60. */
  assert_has(row, "<text x=\"636.00\" y=\"126.00\" font-size=\"10.00\" "
                  "fill=\"#1f2328\" text-anchor=\"middle\">+1.00 [-0.24, "
                  "+1.00]</text>");
  free(row);

  /* & (top 130): no answers: "n/a" in both panels, nothing drawn. */
  row = row_of(svg, "&amp;: ");
  assert_has(row, "<title>&amp;: NPS n/a, interval n/a (adjusted Wald); "
                  "detractors n/a, passives n/a, promoters n/a; n 0</title>");
  assert_has(row, "<text x=\"196.00\" y=\"148.00\" font-size=\"11.00\" "
                  "fill=\"#57606a\">n/a</text>");
  assert_has(row, "<text x=\"468.00\" y=\"148.00\" font-size=\"11.00\" "
                  "fill=\"#57606a\">n/a</text>");
  assert_has(row, ">n 0</text>");
  assert_lacks(row, "<circle");
  assert_lacks(row, "<rect");
  assert_lacks(row, "<line");
  free(row);

  /* Pooled (top 166), in bold: NPS 5/12. */
  row = row_of(svg, "All respondents: ");
  fmt(a, nps_x(5.0 / 12.0));
  snprintf(want, sizeof want, "<circle cx=\"%s\" cy=\"180.00\"", a);
  assert_has(row, want);
  assert_has(row, "<text x=\"180.00\" y=\"184.00\" font-size=\"11.00\" "
                  "font-weight=\"bold\" fill=\"#1f2328\" "
                  "text-anchor=\"end\">All respondents</text>");
  assert_has(row, ">n 12</text>");
  free(row);

  /* Rows in the order given. */
  assert_true(strstr(svg, "<title>North:") <
              strstr(svg, "<title>&lt;script&gt;:"));
  assert_true(strstr(svg, "<title>&amp;:") <
              strstr(svg, "<title>All respondents:"));
  /* Zero line over the rows, 58 to 202; ticks under both panels. */
  assert_has(svg, "<line x1=\"580.00\" y1=\"58.00\" x2=\"580.00\" "
                  "y2=\"202.00\" stroke=\"#1f2328\" stroke-width=\"1.50\"/>");
  assert_has(svg, "<text x=\"250.00\" y=\"220.00\" font-size=\"11.00\" "
                  "fill=\"#57606a\" text-anchor=\"middle\">25%</text>");
  assert_has(svg, "<text x=\"464.00\" y=\"220.00\" font-size=\"11.00\" "
                  "fill=\"#57606a\" text-anchor=\"middle\">-1</text>");
  assert_has(svg, "<text x=\"638.00\" y=\"220.00\" font-size=\"11.00\" "
                  "fill=\"#57606a\" text-anchor=\"middle\">0.5</text>");
  /* Legend under the axis titles, from A. */
  assert_has(svg, "<rect x=\"192.00\" y=\"251.00\" width=\"10.00\" "
                  "height=\"10.00\" fill=\"#cf222e\"/>");
  assert_has(svg, "Detractors 0-6</text>");
  check_well_formed(svg, len);
  cx_free(svg);
  nps_free(r);
}

static void nps_intervals_and_percent(void **state) {
  (void)state;
  cx_nps_result *r[4];
  nps_results(r, 1, 0);
  cx_nps_svg_options o = CX_NPS_SVG_OPTIONS_INIT;
  o.interval = CX_NPS_SVG_WALD;
  o.all_label = "Everyone";
  size_t len;
  char *svg = nps_svg(r, &o, &len);
  char a[32], b[32], want[200];
  /* Percent: the same pixels on -100 .. 100; Wald 30 -/+ z sqrt(0.61/10)
   * (x100). */
  char *row = row_of(svg, "North: ");
  double se = sqrt(0.61 / 10.0);
  fmt(a, nps_x(0.3 - Z95 * se));
  fmt(b, nps_x(0.3 + Z95 * se));
  snprintf(want, sizeof want, "<line x1=\"%s\" y1=\"72.00\" x2=\"%s\"", a, b);
  assert_has(row, want);
  assert_has(row, ">+30 [-18, +78]</text>");
  assert_has(row, "NPS +30.0 [-18.4, +78.4] (Wald)");
  free(row);
  /* Zero variance: no Wald interval, and the text says so. */
  row = row_of(svg, "&lt;script&gt;: ");
  assert_lacks(row, "<line");
  assert_has(row, "<circle cx=\"696.00\" cy=\"108.00\"");
  assert_has(row, ">+100, interval n/a</text>");
  free(row);
  assert_has(svg, "<title>Everyone: NPS +41.7");
  assert_has(svg, ">Everyone</text>");
  assert_has(svg, "-100</text>");
  assert_has(svg, "NPS (\xE2\x88\x92" "100 to +100)</text>");
  check_well_formed(svg, len);
  cx_free(svg);

  /* Bootstrap without resamples: every interval absent. */
  o.interval = CX_NPS_SVG_BOOTSTRAP;
  svg = nps_svg(r, &o, &len);
  row = row_of(svg, "North: ");
  assert_lacks(row, "<line");
  assert_has(row, ">+30, interval n/a</text>");
  free(row);
  cx_free(svg);
  nps_free(r);

  /* With resamples, the result's percentile bounds are drawn. */
  nps_results(r, 0, 500);
  svg = nps_svg(r, &o, &len);
  row = row_of(svg, "North: ");
  assert_true(isfinite(r[0]->bootstrap_lo));
  fmt(a, nps_x(r[0]->bootstrap_lo));
  fmt(b, nps_x(r[0]->bootstrap_hi));
  snprintf(want, sizeof want, "<line x1=\"%s\" y1=\"72.00\" x2=\"%s\"", a, b);
  assert_has(row, want);
  free(row);
  cx_free(svg);
  nps_free(r);
}

static void nps_escapes_determinism_themes(void **state) {
  (void)state;
  cx_nps_result *r[4];
  nps_results(r, 0, 0);
  cx_nps_svg_options o = CX_NPS_SVG_OPTIONS_INIT;
  o.title = "Q&A <2025> \"NPS\"";
  o.all_label = "<all> & 'more'";
  size_t l1, l2;
  char *a = nps_svg(r, &o, &l1), *b = nps_svg(r, &o, &l2);
  assert_int_equal(l1, l2);
  assert_memory_equal(a, b, l1);
  assert_lacks(a, "<script>");
  assert_lacks(a, "<all>");
  assert_lacks(a, ">&<");
  assert_has(a, "<title>Q&amp;A &lt;2025&gt; &quot;NPS&quot;</title>");
  assert_has(a, ">&lt;script&gt;</text>");
  assert_has(a, ">&amp;</text>");
  assert_has(a, ">&lt;all&gt; &amp; &#39;more&#39;</text>");
  check_well_formed(a, l1);
  cx_free(a);
  cx_free(b);
  /* Dark: a background; print: none, and grey parts. */
  o.theme = CX_THEME_DARK;
  a = nps_svg(r, &o, &l1);
  assert_has(a, "fill=\"#0d1117\"/>");
  check_well_formed(a, l1);
  cx_free(a);
  o.theme = CX_THEME_PRINT;
  a = nps_svg(r, &o, &l1);
  assert_lacks(a, "height=\"100%\"");
  assert_lacks(a, "#cf222e");
  assert_has(a, "fill=\"#404040\"/>");
  check_well_formed(a, l1);
  cx_free(a);
  /* Width 400: label column 100, A = 112, Z = 376, M = 244; bars over
   * 112..224, so ticks every 50% (25% would be 28 px apart); the legend
   * (342 px) starts at the left edge. */
  o.theme = CX_THEME_LIGHT;
  o.width = 400;
  a = nps_svg(r, &o, &l1);
  assert_has(a, "<text x=\"168.00\" y=\"220.00\" font-size=\"11.00\" "
                "fill=\"#57606a\" text-anchor=\"middle\">50%</text>");
  assert_lacks(a, ">25%</text>");
  assert_has(a, "<rect x=\"12.00\" y=\"251.00\" width=\"10.00\"");
  check_well_formed(a, l1);
  cx_free(a);
  nps_free(r);
}

static void nps_weighted_label(void **state) {
  (void)state;
  /* Weights 2 and 1: n 2, weighted 3, effective 9 / 5 = 1.8. */
  cx_metric_survey *s;
  assert_int_equal(cx_metric_survey_new_nps(&s, NULL), CX_OK);
  assert_int_equal(cx_metric_survey_add(s, 0, 10, 2.0, NULL), CX_OK);
  assert_int_equal(cx_metric_survey_add(s, 0, 0, 1.0, NULL), CX_OK);
  cx_nps_result *r;
  assert_int_equal(cx_nps_compute(&r, s, CX_METRIC_ALL, NULL), CX_OK);
  char *svg = NULL;
  size_t len;
  assert_int_equal(cx_render_nps_svg((const cx_nps_result *const *)&r, 1,
                                     NULL, &svg, &len),
                   CX_OK);
  assert_has(svg, ">n 2 \xC2\xB7 eff. 1.8</text>");
  assert_has(svg, "; n 2, weighted 3.00, effective 1.80</title>");
  assert_has(svg, "1 group \xC2\xB7");
  /* NPS (2 - 1) / 3 = 1/3; height 58 + 36 + 78. */
  char a[32], want[64];
  fmt(a, nps_x(1.0 / 3.0));
  snprintf(want, sizeof want, "<circle cx=\"%s\" cy=\"72.00\"", a);
  assert_has(svg, want);
  assert_has(svg, "height=\"172\"");
  check_well_formed(svg, len);
  cx_free(svg);
  cx_nps_result_free(r);
  cx_metric_survey_free(s);
}

static void nps_errors(void **state) {
  (void)state;
  cx_nps_result *r[4];
  nps_results(r, 0, 0);
  const cx_nps_result *const *rs = (const cx_nps_result *const *)r;
  char *const sentinel = (char *)"unchanged";
  char *svg = sentinel;
  size_t len = 7;
  cx_nps_svg_options o = CX_NPS_SVG_OPTIONS_INIT;
  assert_int_equal(cx_render_nps_svg(NULL, 4, &o, &svg, &len), CX_EINVAL);
  assert_int_equal(cx_render_nps_svg(rs, 4, &o, NULL, &len), CX_EINVAL);
  assert_int_equal(cx_render_nps_svg(rs, 0, &o, &svg, &len), CX_EINVAL);
  assert_non_null(strstr(cx_error_last(), "no results"));
  o.version = 2;
  assert_int_equal(cx_render_nps_svg(rs, 4, &o, &svg, &len), CX_EINVAL);
  assert_non_null(strstr(cx_error_last(), "version 2"));
  o = (cx_nps_svg_options)CX_NPS_SVG_OPTIONS_INIT;
  o.version = 0;
  assert_int_equal(cx_render_nps_svg(rs, 4, &o, &svg, &len), CX_EINVAL);
  o = (cx_nps_svg_options)CX_NPS_SVG_OPTIONS_INIT;
  o.width = 399;
  assert_int_equal(cx_render_nps_svg(rs, 4, &o, &svg, &len), CX_EINVAL);
  o.width = 4001;
  assert_int_equal(cx_render_nps_svg(rs, 4, &o, &svg, &len), CX_EINVAL);
  o = (cx_nps_svg_options)CX_NPS_SVG_OPTIONS_INIT;
  o.theme = (cx_theme)3;
  assert_int_equal(cx_render_nps_svg(rs, 4, &o, &svg, &len), CX_EINVAL);
  o = (cx_nps_svg_options)CX_NPS_SVG_OPTIONS_INIT;
  o.interval = (cx_nps_svg_interval)3;
  assert_int_equal(cx_render_nps_svg(rs, 4, &o, &svg, &len), CX_EINVAL);
  o = (cx_nps_svg_options)CX_NPS_SVG_OPTIONS_INIT;
  o.title = "\xff";
  assert_int_equal(cx_render_nps_svg(rs, 4, &o, &svg, &len), CX_EINVAL);
  o = (cx_nps_svg_options)CX_NPS_SVG_OPTIONS_INIT;
  o.all_label = "a\xc3";
  assert_int_equal(cx_render_nps_svg(rs, 4, &o, &svg, &len), CX_EINVAL);
  assert_non_null(strstr(cx_error_last(), "all_label"));
  /* A NULL result. */
  const cx_nps_result *holes[2] = {r[0], NULL};
  assert_int_equal(cx_render_nps_svg(holes, 2, NULL, &svg, &len), CX_EINVAL);
  assert_non_null(strstr(cx_error_last(), "results[1] is NULL"));
  /* Results in different units or at different levels. */
  cx_metric_survey *s = nps_survey();
  cx_nps_options po = CX_NPS_OPTIONS_INIT;
  po.percent = 1;
  po.bootstrap = 0;
  cx_nps_result *p;
  assert_int_equal(cx_nps_compute(&p, s, 0, &po), CX_OK);
  const cx_nps_result *mixed[2] = {r[0], p};
  assert_int_equal(cx_render_nps_svg(mixed, 2, NULL, &svg, &len), CX_EINVAL);
  assert_non_null(strstr(cx_error_last(), "results[1]"));
  cx_nps_result_free(p);
  po.percent = 0;
  po.confidence = 0.9;
  assert_int_equal(cx_nps_compute(&p, s, 0, &po), CX_OK);
  mixed[1] = p;
  assert_int_equal(cx_render_nps_svg(mixed, 2, NULL, &svg, &len), CX_EINVAL);
  assert_non_null(strstr(cx_error_last(), "confidence"));
  cx_nps_result_free(p);
  cx_metric_survey_free(s);
  /* More rows than a chart shows. */
  const cx_nps_result **many = malloc(10001 * sizeof *many);
  assert_non_null(many);
  for (size_t i = 0; i < 10001; i++)
    many[i] = r[0];
  assert_int_equal(cx_render_nps_svg(many, 10001, NULL, &svg, &len),
                   CX_ERANGE);
  assert_ptr_equal(svg, sentinel);
  assert_int_equal(len, 7);
  /* 10000 is allowed. */
  assert_int_equal(cx_render_nps_svg(many, 10000, NULL, &svg, &len), CX_OK);
  assert_int_equal(strlen(svg), len);
  cx_free(svg);
  free(many);
  nps_free(r);
}

/* ---- CSAT ---------------------------------------------------------------- */

/* A: 1 2 3 3 4 4 4 5 5 5 (the worked example: top-2-box 0.6, mean 3.6,
 * sd sqrt(16.4 / 9)); B: one 5; C: no answers. */
static void csat_results(cx_csat_result *r[3], cx_csat_method method) {
  cx_metric_survey *s;
  assert_int_equal(cx_metric_survey_new_csat(&s, NULL), CX_OK);
  assert_int_equal(cx_metric_survey_add_segment(s, "A", NULL), CX_OK);
  assert_int_equal(cx_metric_survey_add_segment(s, "B", NULL), CX_OK);
  assert_int_equal(cx_metric_survey_add_segment(s, "C", NULL), CX_OK);
  const double a[] = {1, 2, 3, 3, 4, 4, 4, 5, 5, 5}, b[] = {5};
  add_all(s, 0, a, 10);
  add_all(s, 1, b, 1);
  cx_csat_options o = CX_CSAT_OPTIONS_INIT;
  o.method = method;
  for (size_t i = 0; i < 3; i++)
    assert_int_equal(cx_csat_compute(&r[i], s, i, &o), CX_OK);
  cx_metric_survey_free(s);
}

static char *csat_svg(cx_csat_result *r[3], const cx_metric_svg_options *o,
                      size_t *len) {
  char *svg = NULL;
  cx_status st = cx_render_csat_svg((const cx_csat_result *const *)r, 3, o,
                                    &svg, len);
  if (st)
    print_error("%s\n", cx_error_last());
  assert_int_equal(st, CX_OK);
  return svg;
}

/* Wilson score interval (Wilson 1927), by hand. */
static void wilson(double p, double n, double *lo, double *hi) {
  double z2 = Z95 * Z95, d = 1.0 + z2 / n;
  double c = (p + z2 / (2.0 * n)) / d;
  double h = Z95 / d * sqrt(p * (1.0 - p) / n + z2 / (4.0 * n * n));
  *lo = c - h;
  *hi = c + h;
}

/* One panel over 192..696 (504 px). */
static void csat_top2(void **state) {
  (void)state;
  cx_csat_result *r[3];
  csat_results(r, CX_CSAT_TOP2BOX);
  size_t len;
  char *svg = csat_svg(r, NULL, &len);
  char a[32], b[32], want[200];
  /* Height 58 + 3 * 36 + 60. */
  assert_has(svg, "width=\"720\" height=\"226\"");
  assert_has(svg, "<title>Customer satisfaction (CSAT)</title>");
  assert_has(svg, "3 groups \xC2\xB7 top-2-box share (4-5 on 1-5) with 95% "
                  "Wilson intervals");
  double lo, hi;
  wilson(0.6, 10.0, &lo, &hi);
  /* SciPy binomtest(6, 10).proportion_ci(method='wilson'). */
  assert_true(fabs(lo - 0.3126737697336583) < 1e-12);
  assert_true(fabs(hi - 0.8318196702937639) < 1e-12);
  char *row = row_of(svg, "A: ");
  assert_has(row, "<circle cx=\"494.40\" cy=\"72.00\"");
  fmt(a, 192.0 + 504.0 * lo);
  fmt(b, 192.0 + 504.0 * hi);
  snprintf(want, sizeof want, "<line x1=\"%s\" y1=\"72.00\" x2=\"%s\"", a, b);
  assert_has(row, want);
  assert_has(row, "<text x=\"494.40\" y=\"90.00\" font-size=\"10.00\" "
                  "fill=\"#1f2328\" text-anchor=\"middle\">60% [31%, "
                  "83%]</text>");
  assert_has(row, "<title>A: top-2-box 60.0% [31.3%, 83.2%]; mean 3.60; "
                  "n 10</title>");
  free(row);
  /* B: one answer of 5: top-2-box 1, Wilson (1 / (1 + z^2), 1). */
  row = row_of(svg, "B: ");
  assert_has(row, "<circle cx=\"696.00\" cy=\"108.00\"");
  fmt(a, 192.0 + 504.0 / (1.0 + Z95 * Z95));
  snprintf(want, sizeof want,
           "<line x1=\"%s\" y1=\"108.00\" x2=\"696.00\" y2=\"108.00\"", a);
  assert_has(row, want);
  assert_has(row, ">100% [21%, 100%]</text>");
  free(row);
  /* C: no answers. */
  row = row_of(svg, "C: ");
  assert_has(row, "<title>C: top-2-box n/a, interval n/a; mean n/a; n 0"
                  "</title>");
  assert_has(row, "<text x=\"196.00\" y=\"148.00\" font-size=\"11.00\" "
                  "fill=\"#57606a\">n/a</text>");
  assert_lacks(row, "<circle");
  assert_lacks(row, "<line");
  free(row);
  assert_has(svg, "<text x=\"318.00\" y=\"184.00\" font-size=\"11.00\" "
                  "fill=\"#57606a\" text-anchor=\"middle\">25%</text>");
  assert_has(svg, ">Top-2-box share (answers 4-5)</text>");
  check_well_formed(svg, len);
  cx_free(svg);
  for (size_t i = 0; i < 3; i++)
    cx_csat_result_free(r[i]);
}

static void csat_mean(void **state) {
  (void)state;
  cx_csat_result *r[3];
  csat_results(r, CX_CSAT_MEAN);
  cx_metric_svg_options o = CX_METRIC_SVG_OPTIONS_INIT;
  o.title = "CSAT <mean>";
  size_t len;
  char *svg = csat_svg(r, &o, &len);
  char a[32], b[32], want[200];
  assert_has(svg, "<title>CSAT &lt;mean&gt;</title>");
  assert_has(svg, "3 groups \xC2\xB7 mean answer with 95% t intervals");
  /* Axis 1..5 over 192..696: x = 192 + 126 (v - 1). */
  double half = T9 * sqrt(16.4 / 9.0) / sqrt(10.0);
  char *row = row_of(svg, "A: ");
  assert_has(row, "<circle cx=\"519.60\" cy=\"72.00\"");
  fmt(a, 192.0 + 126.0 * (3.6 - half - 1.0));
  fmt(b, 192.0 + 126.0 * (3.6 + half - 1.0));
  snprintf(want, sizeof want, "<line x1=\"%s\" y1=\"72.00\" x2=\"%s\"", a, b);
  assert_has(row, want);
  assert_has(row, ">3.60 [2.63, 4.57]</text>");
  assert_has(row, "<title>A: mean 3.600 [2.634, 4.566]; top-2-box 60.0%;");
  free(row);
  /* One answer: no sd, no interval. */
  row = row_of(svg, "B: ");
  assert_has(row, "<circle cx=\"696.00\" cy=\"108.00\"");
  assert_lacks(row, "<line");
  assert_has(row, ">5.00, interval n/a</text>");
  free(row);
  row = row_of(svg, "C: ");
  assert_lacks(row, "<circle");
  assert_has(row, ">n/a</text>");
  free(row);
  for (int v = 1; v <= 5; v++) {
    fmt(a, 192.0 + 126.0 * (v - 1));
    snprintf(want, sizeof want, "<text x=\"%s\" y=\"184.00\" "
             "font-size=\"11.00\" fill=\"#57606a\" "
             "text-anchor=\"middle\">%d</text>", a, v);
    assert_has(svg, want);
  }
  assert_has(svg, ">Mean answer (1-5, highest is best)</text>");
  check_well_formed(svg, len);
  cx_free(svg);
  /* Methods do not mix. */
  cx_csat_result *t[3];
  csat_results(t, CX_CSAT_TOP2BOX);
  const cx_csat_result *mixed[2] = {r[0], t[0]};
  svg = NULL;
  assert_int_equal(cx_render_csat_svg(mixed, 2, NULL, &svg, &len),
                   CX_EINVAL);
  assert_non_null(strstr(cx_error_last(), "method"));
  assert_null(svg);
  for (size_t i = 0; i < 3; i++) {
    cx_csat_result_free(r[i]);
    cx_csat_result_free(t[i]);
  }
}

static void csat_errors_and_scales(void **state) {
  (void)state;
  cx_csat_result *r[3];
  csat_results(r, CX_CSAT_MEAN);
  const cx_csat_result *const *rs = (const cx_csat_result *const *)r;
  char *svg = NULL;
  size_t len;
  cx_metric_svg_options o = CX_METRIC_SVG_OPTIONS_INIT;
  assert_int_equal(cx_render_csat_svg(NULL, 1, &o, &svg, &len), CX_EINVAL);
  assert_int_equal(cx_render_csat_svg(rs, 1, &o, NULL, &len), CX_EINVAL);
  assert_int_equal(cx_render_csat_svg(rs, 0, &o, &svg, &len), CX_EINVAL);
  o.version = 99;
  assert_int_equal(cx_render_csat_svg(rs, 3, &o, &svg, &len), CX_EINVAL);
  o = (cx_metric_svg_options)CX_METRIC_SVG_OPTIONS_INIT;
  o.theme = (cx_theme)-1;
  assert_int_equal(cx_render_csat_svg(rs, 3, &o, &svg, &len), CX_EINVAL);
  const cx_csat_result *holes[2] = {NULL, r[0]};
  assert_int_equal(cx_render_csat_svg(holes, 2, NULL, &svg, &len),
                   CX_EINVAL);
  assert_non_null(strstr(cx_error_last(), "results[0] is NULL"));
  assert_null(svg);
  /* A 0-10 scale, higher is worse: another scale, refused together; alone
   * it is drawn on 0..10 with a tick at every point (50.4 px apart). */
  cx_scale sc = CX_SCALE_INIT;
  sc.min = 0;
  sc.max = 10;
  sc.neutral = 5.0;
  sc.direction = CX_SCALE_HIGHER_IS_WORSE;
  cx_metric_survey *s;
  assert_int_equal(cx_metric_survey_new_csat(&s, &sc), CX_OK);
  assert_int_equal(cx_metric_survey_add(s, 0, 2, 1.0, NULL), CX_OK);
  assert_int_equal(cx_metric_survey_add(s, 0, 0, 1.0, NULL), CX_OK);
  cx_csat_options co = CX_CSAT_OPTIONS_INIT;
  co.method = CX_CSAT_TOP2BOX;
  cx_csat_result *w;
  assert_int_equal(cx_csat_compute(&w, s, CX_METRIC_ALL, &co), CX_OK);
  const cx_csat_result *mixed[2] = {r[0], w};
  co.method = CX_CSAT_MEAN;
  cx_csat_result *wm;
  assert_int_equal(cx_csat_compute(&wm, s, CX_METRIC_ALL, &co), CX_OK);
  mixed[1] = wm;
  assert_int_equal(cx_render_csat_svg(mixed, 2, NULL, &svg, &len),
                   CX_EINVAL);
  assert_non_null(strstr(cx_error_last(), "scale"));
  /* Top two boxes of a higher-is-worse scale are 0 and 1. */
  assert_int_equal(cx_render_csat_svg((const cx_csat_result *const *)&w, 1,
                                      NULL, &svg, &len),
                   CX_OK);
  assert_has(svg, "top-2-box share (0-1 on 0-10)");
  /* Both answers 0 or 2: one of two in the top boxes. */
  assert_has(svg, "<circle cx=\"444.00\" cy=\"72.00\"");
  check_well_formed(svg, len);
  cx_free(svg);
  assert_int_equal(cx_render_csat_svg((const cx_csat_result *const *)&wm, 1,
                                      NULL, &svg, &len),
                   CX_OK);
  /* Mean 1 on 0..10 over 192..696: 242.4; a tick at each point. */
  assert_has(svg, "<circle cx=\"242.40\" cy=\"72.00\"");
  assert_has(svg, ">Mean answer (0-10, lowest is best)</text>");
  assert_has(svg, "<text x=\"645.60\" y=\"112.00\" font-size=\"11.00\" "
                  "fill=\"#57606a\" text-anchor=\"middle\">9</text>");
  check_well_formed(svg, len);
  cx_free(svg);
  cx_csat_result_free(w);
  cx_csat_result_free(wm);
  cx_metric_survey_free(s);
  for (size_t i = 0; i < 3; i++)
    cx_csat_result_free(r[i]);
}

/* ---- CES ----------------------------------------------------------------- */

/* CES 2.0, 1-7: Phone 7 6 6 5 5 4 (mean 5.5, sd sqrt(1.1), 5 of 6 agree);
 * Chat: no answers; pooled = Phone. */
static void ces_results(cx_ces_result *r[3], cx_ces_version v) {
  cx_metric_survey *s;
  assert_int_equal(cx_metric_survey_new_ces(&s, v, NULL), CX_OK);
  assert_int_equal(cx_metric_survey_add_segment(s, "Phone", NULL), CX_OK);
  assert_int_equal(cx_metric_survey_add_segment(s, "Chat", NULL), CX_OK);
  const double phone2[] = {7, 6, 6, 5, 5, 4}, phone1[] = {1, 2, 2, 3, 4, 5};
  add_all(s, 0, v == CX_CES_2 ? phone2 : phone1, 6);
  assert_int_equal(cx_ces_compute(&r[0], s, CX_METRIC_ALL, NULL), CX_OK);
  assert_int_equal(cx_ces_compute(&r[1], s, 0, NULL), CX_OK);
  assert_int_equal(cx_ces_compute(&r[2], s, 1, NULL), CX_OK);
  cx_metric_survey_free(s);
}

static void ces_chart(void **state) {
  (void)state;
  cx_ces_result *r[3];
  ces_results(r, CX_CES_2);
  char *svg = NULL;
  size_t len;
  assert_int_equal(cx_render_ces_svg((const cx_ces_result *const *)r, 3, NULL,
                                     &svg, &len),
                   CX_OK);
  char a[32], b[32], want[200];
  assert_has(svg, "<title>Customer effort (CES 2.0)</title>");
  assert_has(svg, "3 groups \xC2\xB7 means with 95% t intervals, shares with "
                  "Wilson intervals");
  /* Mean panel 192..424 over 1..7: x = 192 + 232 (v - 1) / 6; share panel
   * 464..696.  Neutral line at 4: x = 308. */
  assert_has(svg, "<line x1=\"308.00\" y1=\"58.00\" x2=\"308.00\" "
                  "y2=\"166.00\" stroke=\"#8c959f\" stroke-width=\"1.50\"/>");
  char *row = row_of(svg, "Phone: ");
  assert_has(row, "<circle cx=\"366.00\" cy=\"108.00\"");
  double half = T5 * sqrt(1.1 / 6.0);
  fmt(a, 192.0 + 232.0 * (5.5 - half - 1.0) / 6.0);
  fmt(b, 192.0 + 232.0 * (5.5 + half - 1.0) / 6.0);
  snprintf(want, sizeof want, "<line x1=\"%s\" y1=\"108.00\" x2=\"%s\"", a,
           b);
  assert_has(row, want);
  assert_has(row, ">5.50 [4.40, 6.60]</text>");
  /* Share agreeing 5/6; SciPy's Wilson interval (0.43650, 0.96995). */
  fmt(a, 464.0 + 232.0 * 5.0 / 6.0);
  snprintf(want, sizeof want, "<circle cx=\"%s\" cy=\"108.00\"", a);
  assert_has(row, want);
  fmt(a, 464.0 + 232.0 * 0.43649717781352976);
  fmt(b, 464.0 + 232.0 * 0.9699466302516933);
  snprintf(want, sizeof want, "<line x1=\"%s\" y1=\"108.00\" x2=\"%s\"", a,
           b);
  assert_has(row, want);
  assert_has(row, ">83% [44%, 97%]</text>");
  assert_has(row, "<title>Phone: mean 5.500 [4.399, 6.601]; agreeing 83.3% "
                  "[43.6%, 97.0%], neutral 16.7%, difficult 0.0%; n 6"
                  "</title>");
  free(row);
  /* Chat: nothing drawn, "n/a" in both panels. */
  row = row_of(svg, "Chat: ");
  assert_lacks(row, "<circle");
  assert_lacks(row, "<line");
  assert_has(row, "<text x=\"196.00\" y=\"148.00\" font-size=\"11.00\" "
                  "fill=\"#57606a\">n/a</text>");
  assert_has(row, "<text x=\"468.00\" y=\"148.00\" font-size=\"11.00\" "
                  "fill=\"#57606a\">n/a</text>");
  free(row);
  assert_has(svg, ">Mean answer (1-7, higher is easier)</text>");
  assert_has(svg, ">Share agreeing (5-7)</text>");
  check_well_formed(svg, len);
  size_t len2;
  char *again = NULL;
  assert_int_equal(cx_render_ces_svg((const cx_ces_result *const *)r, 3, NULL,
                                     &again, &len2),
                   CX_OK);
  assert_int_equal(len, len2);
  assert_memory_equal(svg, again, len);
  cx_free(again);
  cx_free(svg);

  /* CES 1.0: effort 1-5, lower is easier, "easy" is 1-2. */
  cx_ces_result *e[3];
  ces_results(e, CX_CES_1);
  assert_int_equal(cx_render_ces_svg((const cx_ces_result *const *)e, 3, NULL,
                                     &svg, &len),
                   CX_OK);
  assert_has(svg, "<title>Customer effort (CES 1.0)</title>");
  assert_has(svg, ">Mean answer (1-5, lower is easier)</text>");
  assert_has(svg, ">Share low effort (1-2)</text>");
  /* Mean 17 / 6 on 1..5: x = 192 + 232 (17/6 - 1) / 4; neutral 3 at 308. */
  fmt(a, 192.0 + 232.0 * (17.0 / 6.0 - 1.0) / 4.0);
  snprintf(want, sizeof want, "<circle cx=\"%s\" cy=\"72.00\"", a);
  assert_has(svg, want);
  assert_has(svg, "<line x1=\"308.00\" y1=\"58.00\" x2=\"308.00\"");
  check_well_formed(svg, len);
  cx_free(svg);
  /* The two versions do not share a chart. */
  const cx_ces_result *mixed[2] = {r[1], e[1]};
  svg = NULL;
  assert_int_equal(cx_render_ces_svg(mixed, 2, NULL, &svg, &len), CX_EINVAL);
  assert_non_null(strstr(cx_error_last(), "CES"));
  assert_null(svg);
  assert_int_equal(cx_render_ces_svg(NULL, 2, NULL, &svg, &len), CX_EINVAL);
  const cx_ces_result *holes[1] = {NULL};
  assert_int_equal(cx_render_ces_svg(holes, 1, NULL, &svg, &len), CX_EINVAL);
  cx_metric_svg_options o = CX_METRIC_SVG_OPTIONS_INIT;
  o.width = 100;
  assert_int_equal(cx_render_ces_svg((const cx_ces_result *const *)r, 3, &o,
                                     &svg, &len),
                   CX_EINVAL);
  assert_null(svg);
  for (size_t i = 0; i < 3; i++) {
    cx_ces_result_free(r[i]);
    cx_ces_result_free(e[i]);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(nps_geometry),
      cmocka_unit_test(nps_intervals_and_percent),
      cmocka_unit_test(nps_escapes_determinism_themes),
      cmocka_unit_test(nps_weighted_label),
      cmocka_unit_test(nps_errors),
      cmocka_unit_test(csat_top2),
      cmocka_unit_test(csat_mean),
      cmocka_unit_test(csat_errors_and_scales),
      cmocka_unit_test(ces_chart),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
