/* Tests of the Kano diagram renderer: placement against coordinates
 * computed by hand from the answers, escaping of hostile names,
 * determinism, well-formed XML and option checks. */
#include <locale.h>
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

#include <cx/kano.h>
#include <cx/render.h>

#define HOSTILE "<script>alert(1)</script>"
#define LONG_NAME                                                              \
  "\xC3\x9C" "berweisung in Echtzeit mit Best\xC3\xA4tigung per Push"

/* Feature indexes of the survey below. */
enum { F_ATTRACTIVE, F_ONE_DIM, F_HOSTILE, F_INDIFFERENT, F_EMPTY, F_LONG,
       F_ONLY_Q, NF };

static void add_n(cx_kano_survey *s, size_t f, int fu, int dy, int n) {
  for (int i = 0; i < n; i++)
    assert_int_equal(cx_kano_survey_add(s, f, 0, fu, dy, NAN, 1.0), CX_OK);
}

/*
 * Answers chosen so each point's place is known (Berger table):
 *   "Attractive thing": Like/Neutral x6 -> A 6: better 1, worse 0
 *       (top left corner);
 *   "One-dim thing": Like/Dislike x4 -> O, Neutral/Dislike x1 -> M:
 *       better 4/5 = 0.8, worse -5/5 = -1 (top right);
 *   HOSTILE: Neutral/Dislike x3 -> M 3: better 0, worse -1 (bottom right);
 *   "Indifferent thing": Neutral/Neutral x4, Like/Neutral x1 -> I 4, A 1:
 *       better 1/5 = 0.2, worse 0 (bottom left);
 *   "Nobody answered": nothing -> not plotted, in the note;
 *   LONG_NAME: Like/Live-with x1, Must-be/Must-be x1 -> A 1, I 1:
 *       better 0.5, worse 0;
 *   "Only contradictions": Like/Like x2 -> Q only: better undefined, so
 *       not plotted either.
 */
static cx_kano_result *make_result(void) {
  static const char *const names[NF] = {
      "Attractive thing", "One-dim thing",       HOSTILE, "Indifferent thing",
      "Nobody answered",  LONG_NAME, "Only contradictions"};
  cx_kano_survey *s;
  assert_int_equal(cx_kano_survey_new(&s), CX_OK);
  for (size_t i = 0; i < NF; i++)
    assert_int_equal(cx_kano_survey_add_feature(s, names[i], NULL), CX_OK);
  add_n(s, F_ATTRACTIVE, 1, 3, 6);
  add_n(s, F_ONE_DIM, 1, 5, 4);
  add_n(s, F_ONE_DIM, 3, 5, 1);
  add_n(s, F_HOSTILE, 3, 5, 3);
  add_n(s, F_INDIFFERENT, 3, 3, 4);
  add_n(s, F_INDIFFERENT, 1, 3, 1);
  add_n(s, F_LONG, 1, 4, 1);
  add_n(s, F_LONG, 2, 2, 1);
  add_n(s, F_ONLY_Q, 1, 1, 2);
  cx_kano_result *r;
  assert_int_equal(cx_kano_result_compute(&r, s, NULL), CX_OK);
  cx_kano_survey_free(s);
  return r;
}

static char *render(const cx_kano_result *r, const cx_kano_svg_options *o,
                    size_t *len) {
  char *svg = NULL;
  size_t n = 0;
  assert_int_equal(cx_render_kano_svg(r, o, &svg, &n), CX_OK);
  assert_non_null(svg);
  assert_int_equal(strlen(svg), n);
  if (len)
    *len = n;
  return svg;
}

/* ------------------------------------------------------------------------ */
/* Reading the output back                                                   */

static double attr(const char *from, const char *name) {
  char key[32];
  snprintf(key, sizeof key, " %s=\"", name);
  const char *p = strstr(from, key);
  assert_non_null(p);
  return strtod(p + strlen(key), NULL);
}

/* The plot frame is the only rectangle without fill. */
static void frame(const char *svg, double *x, double *y, double *w,
                  double *h) {
  const char *p = svg;
  while ((p = strstr(p, "<rect")) != NULL) {
    const char *end = strchr(p, '>');
    assert_non_null(end);
    const char *none = strstr(p, "fill=\"none\"");
    if (none && none < end) {
      *x = attr(p, "x");
      *y = attr(p, "y");
      *w = attr(p, "width");
      *h = attr(p, "height");
      return;
    }
    p = end;
  }
  fail_msg("no plot frame in the SVG");
}

/* Centre of the marker that follows the tooltip starting with @p tip.
 * Markers are drawn around their centre: circles by cx/cy, squares from
 * the corner at -4.5, triangles and diamonds from their top vertex at -6. */
static void marker(const char *svg, const char *tip, double *x, double *y) {
  const char *p = strstr(svg, tip);
  assert_non_null(p);
  p = strstr(p, "</title>");
  assert_non_null(p);
  p += strlen("</title>\n");
  if (strncmp(p, "<circle", 7) == 0) {
    *x = attr(p, "cx");
    *y = attr(p, "cy");
  } else if (strncmp(p, "<rect", 5) == 0) {
    *x = attr(p, "x") + 4.5;
    *y = attr(p, "y") + 4.5;
  } else {
    assert_int_equal(strncmp(p, "<path d=\"M", 10), 0);
    char *end;
    *x = strtod(p + 10, &end);
    *y = strtod(end, NULL) + 6.0;
  }
}

/* Check that tags nest and close, and that every '&' starts an entity:
 * a fallback for machines without xmllint, run everywhere anyway. */
static void check_balanced(const char *svg) {
  const char *stack[64];
  size_t stack_len[64];
  size_t depth = 0;
  int roots = 0;
  for (const char *p = svg; *p; p++) {
    if (*p == '&') {
      static const char *const ents[] = {"&amp;", "&lt;", "&gt;", "&quot;",
                                         "&#39;"};
      int ok = 0;
      for (size_t k = 0; k < 5; k++)
        ok |= strncmp(p, ents[k], strlen(ents[k])) == 0;
      assert_true(ok);
      continue;
    }
    if (*p != '<')
      continue;
    if (p[1] == '?') {
      p = strstr(p, "?>");
      assert_non_null(p);
      continue;
    }
    const char *end = strchr(p, '>');
    assert_non_null(end);
    assert_null(memchr(p + 1, '<', (size_t)(end - p - 1)));
    if (p[1] == '/') {
      size_t n = (size_t)(end - p - 2);
      assert_true(depth > 0);
      depth--;
      assert_int_equal(stack_len[depth], n);
      assert_memory_equal(stack[depth], p + 2, n);
    } else if (end[-1] != '/') {
      const char *name = p + 1;
      size_t n = strcspn(name, " \t\n/>");
      assert_true(depth < 64);
      if (depth == 0)
        roots++;
      stack[depth] = name;
      stack_len[depth] = n;
      depth++;
    } else if (depth == 0) {
      roots++;
    }
    p = end;
  }
  assert_int_equal(depth, 0);
  assert_int_equal(roots, 1);
}

static void check_well_formed(const char *svg, size_t len) {
  check_balanced(svg);
  if (access("/usr/bin/xmllint", X_OK) != 0)
    return;
  char path[] = "/tmp/cx_render_kano_XXXXXX";
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

/* ------------------------------------------------------------------------ */
/* Tests                                                                     */

static void test_document(void **state) {
  (void)state;
  cx_kano_result *r = make_result();
  size_t len;
  char *svg = render(r, NULL, &len);
  assert_int_equal(strncmp(svg, "<svg", 4), 0);
  assert_non_null(strstr(svg, "xmlns=\"http://www.w3.org/2000/svg\""));
  assert_non_null(strstr(svg, "width=\"640\" height=\"560\" viewBox=\"0 0 640 560\""));
  assert_non_null(strstr(svg, "<title>Kano diagram</title>"));
  assert_int_equal(strcmp(svg + len - 7, "</svg>\n"), 0);
  /* Quadrant names, axes and legend. */
  const char *const words[] = {">Attractive<",   ">One-dimensional<",
                               ">Must-be<",      ">Indifferent<",
                               "Satisfaction (Better)",
                               "Dissatisfaction |Worse|", ">0.50<",
                               "Must-be (M)",    "Attractive (A)",
                               "rule: mode"};
  for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
    assert_non_null(strstr(svg, words[i]));
  check_well_formed(svg, len);
  cx_free(svg);
  cx_kano_result_free(r);
}

static void test_points_land_where_computed(void **state) {
  (void)state;
  cx_kano_result *r = make_result();
  char *svg = render(r, NULL, NULL);
  double fx = 0, fy = 0, fw = 0, fh = 0;
  frame(svg, &fx, &fy, &fw, &fh);
  /* (|worse|, better) of each feature, from the comment of make_result. */
  static const struct {
    const char *tip;
    double worse, better;
  } want[] = {
      {"<title>Attractive thing: attractive; better 1.00, worse 0.00", 0, 1},
      {"<title>One-dim thing: one-dimensional; better 0.80, worse -1.00", 1,
       0.8},
      {"<title>&lt;script&gt;alert(1)&lt;/script&gt;: must-be; better 0.00, "
       "worse -1.00",
       1, 0},
      {"<title>Indifferent thing: indifferent; better 0.20, worse 0.00", 0,
       0.2},
      {"<title>" LONG_NAME ": attractive; better 0.50, worse 0.00", 0, 0.5},
  };
  for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
    double x = 0, y = 0;
    marker(svg, want[i].tip, &x, &y);
    assert_true(fabs(x - (fx + want[i].worse * fw)) < 0.011);
    assert_true(fabs(y - (fy + fh - want[i].better * fh)) < 0.011);
  }
  /* The I/A tie of LONG_NAME goes to A (precedence M > O > A > I). */
  cx_free(svg);
  cx_kano_result_free(r);
}

static void test_hostile_names_are_escaped(void **state) {
  (void)state;
  cx_kano_result *r = make_result();
  cx_kano_svg_options o = CX_KANO_SVG_OPTIONS_INIT;
  o.title = "Q3 <b>\"survey\"</b> & 'friends'";
  size_t len;
  char *svg = render(r, &o, &len);
  assert_non_null(strstr(svg, "&lt;script&gt;alert(1)&lt;/script&gt;"));
  assert_null(strstr(svg, "<script"));
  assert_null(strstr(svg, "<b>"));
  assert_non_null(strstr(
      svg, "Q3 &lt;b&gt;&quot;survey&quot;&lt;/b&gt; &amp; &#39;friends&#39;"));
  check_well_formed(svg, len);
  cx_free(svg);
  cx_kano_result_free(r);
}

static void test_names_labels_and_note(void **state) {
  (void)state;
  cx_kano_result *r = make_result();
  char *svg = render(r, NULL, NULL);
  const char *plotted[] = {">Attractive thing</text>", ">One-dim thing</text>",
                           ">&lt;script&gt;alert(1)&lt;/script&gt;</text>",
                           ">Indifferent thing</text>"};
  for (size_t i = 0; i < 4; i++)
    assert_non_null(strstr(svg, plotted[i]));
  /* The long name is cut after 27 code points (U+00DC counts as one) with
   * an ellipsis on the label; the tooltip keeps all of it. */
  assert_non_null(strstr(svg, ">" "\xC3\x9C" "berweisung in Echtzeit mit"
                              "\xE2\x80\xA6" "</text>"));
  assert_non_null(strstr(svg, "<title>" LONG_NAME ": "));
  /* The two features without a place are in the note, nowhere else. */
  const char *note = strstr(svg, "Not plotted");
  assert_non_null(note);
  assert_non_null(strstr(note, "Nobody answered"));
  assert_non_null(strstr(note, "Only contradictions"));
  assert_null(strstr(svg, "<title>Nobody answered"));
  assert_null(strstr(svg, "<title>Only contradictions"));
  cx_free(svg);
  cx_kano_result_free(r);
}

static void test_deterministic(void **state) {
  (void)state;
  cx_kano_result *r = make_result();
  size_t n1, n2;
  char *a = render(r, NULL, &n1);
  char *b = render(r, NULL, &n2);
  assert_int_equal(n1, n2);
  assert_memory_equal(a, b, n1);
  /* A decimal comma in the numeric locale must not reach the output. */
  if (setlocale(LC_NUMERIC, "de_DE.UTF-8") ||
      setlocale(LC_NUMERIC, "fr_FR.UTF-8")) {
    char *c = render(r, NULL, &n2);
    setlocale(LC_NUMERIC, "C");
    assert_int_equal(n1, n2);
    assert_memory_equal(a, c, n1);
    cx_free(c);
  }
  cx_free(a);
  cx_free(b);
  cx_kano_result_free(r);
}

static void test_themes_and_sizes(void **state) {
  (void)state;
  cx_kano_result *r = make_result();
  cx_kano_svg_options o = CX_KANO_SVG_OPTIONS_INIT;
  char *svg[3];
  size_t len[3];
  for (int t = 0; t < 3; t++) {
    o.theme = (cx_theme)t;
    svg[t] = render(r, &o, &len[t]);
    check_well_formed(svg[t], len[t]);
  }
  assert_true(strcmp(svg[0], svg[1]) != 0);
  assert_true(strcmp(svg[0], svg[2]) != 0);
  assert_true(strcmp(svg[1], svg[2]) != 0);
  /* Print has no background: the first rectangle is the plot frame. */
  assert_non_null(strstr(svg[0], "height=\"100%\""));
  assert_null(strstr(svg[2], "height=\"100%\""));
  for (int t = 0; t < 3; t++)
    cx_free(svg[t]);

  /* The extremes of the allowed size still give a valid picture. */
  const unsigned sizes[][2] = {{200, 200}, {4000, 4000}, {200, 4000}};
  for (size_t i = 0; i < 3; i++) {
    o.theme = CX_THEME_LIGHT;
    o.width = sizes[i][0];
    o.height = sizes[i][1];
    size_t n;
    char *s = render(r, &o, &n);
    char want[64];
    snprintf(want, sizeof want, "viewBox=\"0 0 %u %u\"", sizes[i][0],
             sizes[i][1]);
    assert_non_null(strstr(s, want));
    check_well_formed(s, n);
    cx_free(s);
  }
  cx_kano_result_free(r);
}

static void test_segments(void **state) {
  (void)state;
  cx_kano_survey *s;
  assert_int_equal(cx_kano_survey_new(&s), CX_OK);
  assert_int_equal(cx_kano_survey_add_segment(s, "north", NULL), CX_OK);
  assert_int_equal(cx_kano_survey_add_segment(s, "<south>", NULL), CX_OK);
  assert_int_equal(cx_kano_survey_add_feature(s, "f", NULL), CX_OK);
  /* North: Like/Dislike (O); south: Neutral/Neutral (I). */
  assert_int_equal(cx_kano_survey_add(s, 0, 0, 1, 5, NAN, 1.0), CX_OK);
  assert_int_equal(cx_kano_survey_add(s, 0, 1, 3, 3, NAN, 1.0), CX_OK);
  cx_kano_result *r;
  assert_int_equal(cx_kano_result_compute(&r, s, NULL), CX_OK);
  cx_kano_survey_free(s);

  cx_kano_svg_options o = CX_KANO_SVG_OPTIONS_INIT;
  o.segment = 1;
  char *svg = render(r, &o, NULL);
  assert_non_null(strstr(svg, "Segment: &lt;south&gt;"));
  assert_non_null(strstr(svg, "<title>f: indifferent; better 0.00, worse 0.00"));
  cx_free(svg);
  o.segment = 0;
  svg = render(r, &o, NULL);
  assert_non_null(strstr(svg, "Segment: north"));
  assert_non_null(strstr(svg, "<title>f: one-dimensional; better 1.00, worse -1.00"));
  cx_free(svg);
  /* Pooled: O 1, I 1; better 1/2, worse -1/2; the tie goes to O. */
  o.segment = CX_KANO_ALL;
  svg = render(r, &o, NULL);
  assert_non_null(strstr(svg, "All respondents"));
  assert_non_null(strstr(svg, "<title>f: one-dimensional; better 0.50, worse -0.50"));
  cx_free(svg);
  o.segment = 2;
  char *out = (char *)"untouched";
  assert_int_equal(cx_render_kano_svg(r, &o, &out, NULL), CX_ENOTFOUND);
  assert_string_equal(out, "untouched");
  assert_non_null(strstr(cx_error_last(), "segment 2"));
  cx_kano_result_free(r);
}

static void test_bad_options(void **state) {
  (void)state;
  cx_kano_result *r = make_result();
  char *out = NULL;
  size_t len = 0;
  cx_kano_svg_options o = CX_KANO_SVG_OPTIONS_INIT;
  assert_int_equal(cx_render_kano_svg(NULL, &o, &out, &len), CX_EINVAL);
  assert_int_equal(cx_render_kano_svg(r, &o, NULL, &len), CX_EINVAL);

  o.version = 99;
  assert_int_equal(cx_render_kano_svg(r, &o, &out, &len), CX_EINVAL);
  assert_non_null(strstr(cx_error_last(), "version"));
  o = (cx_kano_svg_options)CX_KANO_SVG_OPTIONS_INIT;
  o.width = 199;
  assert_int_equal(cx_render_kano_svg(r, &o, &out, &len), CX_EINVAL);
  assert_non_null(strstr(cx_error_last(), "width 199"));
  o.width = 4001;
  assert_int_equal(cx_render_kano_svg(r, &o, &out, &len), CX_EINVAL);
  o = (cx_kano_svg_options)CX_KANO_SVG_OPTIONS_INIT;
  o.height = 100;
  assert_int_equal(cx_render_kano_svg(r, &o, &out, &len), CX_EINVAL);
  assert_non_null(strstr(cx_error_last(), "height 100"));
  o = (cx_kano_svg_options)CX_KANO_SVG_OPTIONS_INIT;
  o.theme = (cx_theme)3;
  assert_int_equal(cx_render_kano_svg(r, &o, &out, &len), CX_EINVAL);
  assert_non_null(strstr(cx_error_last(), "theme"));
  o = (cx_kano_svg_options)CX_KANO_SVG_OPTIONS_INIT;
  o.title = "bad \xFF byte";
  assert_int_equal(cx_render_kano_svg(r, &o, &out, &len), CX_EINVAL);
  /* Failures hand nothing back. */
  assert_null(out);
  assert_int_equal(len, 0);
  cx_kano_result_free(r);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_document),
      cmocka_unit_test(test_points_land_where_computed),
      cmocka_unit_test(test_hostile_names_are_escaped),
      cmocka_unit_test(test_names_labels_and_note),
      cmocka_unit_test(test_deterministic),
      cmocka_unit_test(test_themes_and_sizes),
      cmocka_unit_test(test_segments),
      cmocka_unit_test(test_bad_options),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
