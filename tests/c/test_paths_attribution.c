/* Tests of attribution, conformance and the graph export: removal effects
 * and heuristics of a five-case log worked out on paper, agreement of the
 * exact solution with step-by-step propagation of probability mass on
 * random chains, higher orders, conformance to a small journey map and
 * the figures written into it, DOT and SVG output. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <cx/journey.h>
#include <cx/paths.h>

#include "render/svg_util.h"

#ifndef CX_TEST_SOURCE_DIR
#define CX_TEST_SOURCE_DIR "."
#endif

#define S 1000000LL

/* Paths of the hand log: A B C > conv (x2, 100 each), A C > conv (50),
 * A B > null, B A B C > null.  D is the conversion event. */
static cx_paths_log *hand_log(void) {
  static const struct {
    const char *c, *t;
    int s;
    double v;
    int out;
  } ev[] = {{"c1", "A", 0, NAN, 0},   {"c1", "B", 60, NAN, 0},
            {"c1", "C", 180, NAN, 0}, {"c1", "D", 300, 100, 1},
            {"c2", "A", 0, NAN, 0},   {"c2", "C", 120, NAN, 0},
            {"c2", "D", 240, 50, 1},  {"c3", "A", 0, NAN, 0},
            {"c3", "B", 30, NAN, 0},  {"c4", "B", 0, NAN, 0},
            {"c4", "A", 60, NAN, 0},  {"c4", "B", 120, NAN, 0},
            {"c4", "C", 150, NAN, 0}, {"c5", "A", 0, NAN, 0},
            {"c5", "B", 60, NAN, 0},  {"c5", "C", 180, NAN, 0},
            {"c5", "D", 300, 100, 1}};
  cx_paths_log *log;
  assert_int_equal(cx_paths_log_new(&log, NULL), CX_OK);
  static const char *const channel[] = {"web", "email", "web", "branch"};
  for (size_t i = 0; i < sizeof ev / sizeof *ev; i++)
    assert_int_equal(cx_paths_log_add(log, ev[i].c, ev[i].t, ev[i].s * S,
                                      ev[i].v, ev[i].out, NULL,
                                      channel[ev[i].t[0] - 'A']),
                     CX_OK);
  return log;
}

static cx_paths_result *result_of(const cx_paths_log *log) {
  cx_paths_result *r;
  assert_int_equal(cx_paths_result_compute(&r, log), CX_OK);
  return r;
}

static cx_paths_attribution *attribute(const cx_paths_result *r,
                                       unsigned order, int by_channel) {
  cx_paths_attribution_options o = CX_PATHS_ATTRIBUTION_OPTIONS_INIT;
  o.order = order;
  o.by_channel = by_channel;
  cx_paths_attribution *a;
  cx_status st = cx_paths_attribution_compute(&a, r, &o);
  if (st)
    print_error("%s\n", cx_error_last());
  assert_int_equal(st, CX_OK);
  return a;
}

static void test_attribution_by_hand(void **state) {
  (void)state;
  cx_paths_log *log = hand_log();
  cx_paths_result *r = result_of(log);
  cx_paths_attribution *a = attribute(r, 1, 0);
  cx_paths_attribution_summary s;
  assert_int_equal(cx_paths_attribution_summary_get(a, &s), CX_OK);
  /* start: A .8, B .2; A: B .8, C .2; B: C .6, A .2, null .2;
   * C: conv .75, null .25.  x_A = 17/28, x_B = 4/7, P = 0.6. */
  assert_float_equal(s.p_conversion, 0.6, 1e-12);
  assert_int_equal(s.n_states, 4);
  assert_int_equal(s.n_paths, 5);
  assert_int_equal(s.n_conversions, 3);
  assert_int_equal(s.n_unattributed, 0);
  assert_float_equal(s.value, 250.0, 1e-12);
  assert_int_equal(cx_paths_attribution_n_channels(a), 4);
  static const struct {
    const char *name;
    unsigned paths;
    double re, first, last, linear, linear_value;
  } want[] = {{"A", 5, 0.85, 3, 0, 7.0 / 6, 200.0 / 3 + 25},
              {"B", 4, 0.80, 0, 0, 2.0 / 3, 200.0 / 3},
              {"C", 4, 1.00, 0, 3, 7.0 / 6, 200.0 / 3 + 25},
              {"D", 0, 0.00, 0, 0, 0, 0}};
  double sum_markov = 0, sum_value = 0;
  for (size_t k = 0; k < 4; k++) {
    cx_paths_credit c;
    assert_int_equal(cx_paths_attribution_channel(a, k, &c), CX_OK);
    assert_string_equal(c.name, want[k].name);
    assert_int_equal(c.paths, want[k].paths);
    assert_float_equal(c.removal_effect, want[k].re, 1e-12);
    assert_float_equal(c.markov, 3 * want[k].re / 2.65, 1e-12);
    assert_float_equal(c.markov_value, 250 * want[k].re / 2.65, 1e-9);
    assert_float_equal(c.first_touch, want[k].first, 1e-12);
    assert_float_equal(c.last_touch, want[k].last, 1e-12);
    assert_float_equal(c.linear, want[k].linear, 1e-12);
    assert_float_equal(c.linear_value, want[k].linear_value, 1e-9);
    sum_markov += c.markov;
    sum_value += c.markov_value;
  }
  assert_float_equal(sum_markov, 3.0, 1e-12);
  assert_float_equal(sum_value, 250.0, 1e-9);
  cx_paths_credit c;
  assert_int_equal(cx_paths_attribution_channel(a, 0, &c), CX_OK);
  assert_float_equal(c.first_touch_value, 250.0, 1e-12);
  assert_int_equal(cx_paths_attribution_channel(a, 4, &c), CX_ENOTFOUND);
  cx_paths_attribution_free(a);

  /* By channel: A and C are both "web"; removing web leaves start -> B ->
   * (A or C: null), so P = 0 and RE(web) = 1.  With email removed,
   * x_web = x_web / 9 + 3 / 9 = 3/8 and P = 0.8 * 3/8 = 0.3 of 0.6:
   * RE = 0.5. */
  a = attribute(r, 1, 1);
  assert_int_equal(cx_paths_attribution_n_channels(a), 3);
  assert_int_equal(cx_paths_attribution_channel(a, 0, &c), CX_OK);
  assert_string_equal(c.name, "web");
  assert_float_equal(c.removal_effect, 1.0, 1e-12);
  assert_float_equal(c.last_touch, 3.0, 0);
  assert_int_equal(cx_paths_attribution_channel(a, 1, &c), CX_OK);
  assert_string_equal(c.name, "email");
  assert_float_equal(c.removal_effect, 0.5, 1e-12);
  cx_paths_attribution_free(a);

  /* Order 2: states are pairs; P(conversion) of the fitted chain is again
   * the observed rate here, and removing C still removes every
   * conversion. */
  a = attribute(r, 2, 0);
  assert_int_equal(cx_paths_attribution_summary_get(a, &s), CX_OK);
  assert_int_equal(s.order, 2);
  /* start, (A), (B), (A,B), (A,C), (B,C), (B,A), (A,B) from (B,A) is the
   * same pair: 7 states in all. */
  assert_int_equal(s.n_states, 7);
  assert_float_equal(s.p_conversion, 0.6, 1e-12);
  assert_int_equal(cx_paths_attribution_channel(a, 2, &c), CX_OK);
  assert_float_equal(c.removal_effect, 1.0, 1e-12);
  cx_paths_attribution_free(a);

  /* Options. */
  cx_paths_attribution_options o = CX_PATHS_ATTRIBUTION_OPTIONS_INIT;
  cx_paths_attribution *none = NULL;
  o.order = 5;
  assert_int_equal(cx_paths_attribution_compute(&none, r, &o), CX_EINVAL);
  o.order = 2;
  o.max_states = 3;
  assert_int_equal(cx_paths_attribution_compute(&none, r, &o), CX_ERANGE);
  o.version = 0;
  assert_int_equal(cx_paths_attribution_compute(&none, r, &o), CX_EINVAL);
  assert_null(none);
  cx_paths_attribution_free(NULL);
  cx_paths_result_free(r);
  cx_paths_log_free(log);
}

/* Probability of reaching conversion in the chain fitted to the paths,
 * by pushing probability mass step by step until almost none is left:
 * the sum over all paths of their probabilities, grouped by length.  It
 * shares nothing with the library's elimination. */
typedef struct rchain {
  int n;              /* channels */
  double t[8][10];    /* from state (0 start, 1+c) to 1+c, 8 conv, 9 null */
} rchain;

static double propagate(const rchain *ch, int removed) {
  double mass[8] = {1, 0, 0, 0, 0, 0, 0, 0}, conv = 0;
  for (int step = 0; step < 100000; step++) {
    double next[8] = {0}, left = 0;
    for (int i = 0; i < 8; i++) {
      if (mass[i] == 0)
        continue;
      for (int j = 0; j < 10; j++) {
        double m = mass[i] * ch->t[i][j];
        if (j == 8)
          conv += m;
        else if (j < 8 && j != removed)
          next[j] += m;
      }
    }
    for (int i = 0; i < 8; i++)
      left += (mass[i] = next[i]);
    if (left < 1e-15)
      break;
  }
  return conv;
}

static uint64_t rng_state = 88172645463325252ull;
static unsigned rnd(unsigned n) {
  rng_state ^= rng_state << 13;
  rng_state ^= rng_state >> 7;
  rng_state ^= rng_state << 17;
  return (unsigned)(rng_state % n);
}

static void test_attribution_against_propagation(void **state) {
  (void)state;
  for (int trial = 0; trial < 40; trial++) {
    int n = 2 + (int)rnd(5); /* 2..6 channels */
    cx_paths_log *log;
    assert_int_equal(cx_paths_log_new(&log, NULL), CX_OK);
    int cases = 20 + (int)rnd(200);
    static const char *const name[] = {"c0", "c1", "c2", "c3", "c4", "c5"};
    for (int k = 0; k < cases; k++) {
      char id[16];
      snprintf(id, sizeof id, "k%d", k);
      int len = 1 + (int)rnd(6);
      long long t = 0;
      for (int i = 0; i < len; i++)
        assert_int_equal(cx_paths_log_add(log, id, name[rnd((unsigned)n)],
                                          (t += 1 + rnd(100)) * S, NAN, 0,
                                          NULL, NULL),
                         CX_OK);
      if (rnd(3) == 0)
        assert_int_equal(cx_paths_log_add(log, id, "conv", (t + 1) * S, 1.0, 1,
                                          NULL, NULL),
                         CX_OK);
    }
    cx_paths_result *r = result_of(log);
    /* Fit the chain from the variants, independently of the library. */
    double cnt[8][10] = {{0}};
    for (size_t v = 0; v < cx_paths_result_n_variants(r); v++) {
      cx_paths_variant var;
      cx_paths_result_variant(r, v, &var);
      int from = 0;
      bool conv = false;
      for (size_t p = 0; p < var.length; p++) {
        const char *tp = cx_paths_result_touchpoint_name(
            r, cx_paths_result_variant_step(r, v, p));
        if (strcmp(tp, "conv") == 0) {
          conv = true;
          break;
        }
        int to = 1 + (tp[1] - '0');
        cnt[from][to] += (double)var.count;
        from = to;
      }
      cnt[from][conv ? 8 : 9] += (double)var.count;
    }
    rchain ch = {n, {{0}}};
    for (int i = 0; i < 8; i++) {
      double tot = 0;
      for (int j = 0; j < 10; j++)
        tot += cnt[i][j];
      for (int j = 0; j < 10; j++)
        ch.t[i][j] = tot > 0 ? cnt[i][j] / tot : 0;
    }
    double base = propagate(&ch, -1);
    cx_paths_attribution *a = attribute(r, 1, 0);
    cx_paths_attribution_summary s;
    cx_paths_attribution_summary_get(a, &s);
    assert_float_equal(s.p_conversion, base, 1e-9);
    for (size_t k = 0; k < cx_paths_attribution_n_channels(a); k++) {
      cx_paths_credit c;
      cx_paths_attribution_channel(a, k, &c);
      if (c.name[0] != 'c' || c.name[1] == 'o')
        continue;
      int state_of = 1 + (c.name[1] - '0');
      double re = base > 0 ? 1 - propagate(&ch, state_of) / base : NAN;
      if (isnan(re))
        assert_true(isnan(c.removal_effect));
      else
        assert_float_equal(c.removal_effect, re, 1e-9);
    }
    cx_paths_attribution_free(a);
    cx_paths_result_free(r);
    cx_paths_log_free(log);
  }
}

/* ---- conformance ------------------------------------------------------------ */

static cx_journey *map_abce(void) {
  cx_journey *j;
  assert_int_equal(cx_journey_new(&j, "map"), CX_OK);
  assert_int_equal(cx_journey_stage_add(j, "s1", "First"), CX_OK);
  assert_int_equal(cx_journey_stage_add(j, "s2", "Second"), CX_OK);
  assert_int_equal(cx_journey_touchpoint_add(j, "s1", "A", "Ad"), CX_OK);
  assert_int_equal(cx_journey_touchpoint_add(j, "s1", "B", "Brochure"), CX_OK);
  assert_int_equal(cx_journey_touchpoint_add(j, "s2", "C", "Call"), CX_OK);
  assert_int_equal(cx_journey_touchpoint_add(j, "s2", "E", "Email"), CX_OK);
  return j;
}

static void test_conformance_by_hand(void **state) {
  (void)state;
  cx_paths_log *log = hand_log();
  cx_paths_result *r = result_of(log);
  cx_journey *j = map_abce();
  cx_paths_conformance *c;
  assert_int_equal(cx_paths_conformance_compute(&c, r, j), CX_OK);
  cx_paths_conformance_summary s;
  assert_int_equal(cx_paths_conformance_summary_get(c, &s), CX_OK);
  assert_int_equal(s.cases, 5);
  assert_int_equal(s.on_map, 5);
  assert_int_equal(s.following, 4); /* c4 goes B then A */
  assert_float_equal(s.share_following, 0.8, 1e-12);
  assert_int_equal(s.with_skips, 1); /* c2 skips B */
  assert_int_equal(s.with_unexpected, 3);
  assert_int_equal(s.unexpected_events, 3);
  static const struct {
    const char *id;
    unsigned reach, skipped, dropoff;
  } want[] = {{"A", 5, 0, 0}, {"B", 4, 1, 1}, {"C", 4, 0, 4}, {"E", 0, 0, 0}};
  assert_int_equal(cx_paths_conformance_n_touchpoints(c), 4);
  for (size_t i = 0; i < 4; i++) {
    cx_paths_conformance_touchpoint t;
    assert_int_equal(cx_paths_conformance_touchpoint_get(c, i, &t), CX_OK);
    assert_string_equal(t.id, want[i].id);
    assert_int_equal(t.reach, want[i].reach);
    assert_int_equal(t.skipped, want[i].skipped);
    assert_int_equal(t.dropoff, want[i].dropoff);
  }
  cx_paths_conformance_touchpoint t;
  cx_paths_conformance_touchpoint_get(c, 1, &t);
  assert_float_equal(t.dropoff_share, 0.25, 1e-12);
  assert_float_equal(t.reach_share, 0.8, 1e-12);
  cx_paths_conformance_touchpoint_get(c, 3, &t);
  assert_true(isnan(t.dropoff_share));
  assert_int_equal(cx_paths_conformance_n_unexpected(c), 1);
  cx_paths_unexpected u;
  assert_int_equal(cx_paths_conformance_unexpected_get(c, 0, &u), CX_OK);
  assert_string_equal(u.name, "D");
  assert_int_equal(u.events, 3);
  assert_int_equal(u.cases, 3);
  assert_int_equal(cx_paths_conformance_unexpected_get(c, 1, &u),
                   CX_ENOTFOUND);
  /* The figures go into the journey. */
  assert_int_equal(cx_paths_conformance_apply(c, j), CX_OK);
  double v;
  assert_int_equal(cx_journey_touchpoint_get_number(j, "B", CX_TP_REACH, &v),
                   CX_OK);
  assert_float_equal(v, 4.0, 0);
  assert_int_equal(
      cx_journey_touchpoint_metric_get(j, "B", "observed_dropoff_share", &v),
      CX_OK);
  assert_float_equal(v, 0.25, 1e-12);
  assert_int_equal(
      cx_journey_touchpoint_metric_get(j, "B", "observed_skipped", &v), CX_OK);
  assert_float_equal(v, 1.0, 0);
  assert_int_equal(cx_journey_touchpoint_metric_get(
                       j, "E", "observed_dropoff_share", &v),
                   CX_ENOTFOUND);
  cx_paths_conformance_free(c);
  /* A journey without touchpoints cannot be a map. */
  cx_journey *empty;
  assert_int_equal(cx_journey_new(&empty, "empty"), CX_OK);
  c = NULL;
  assert_int_equal(cx_paths_conformance_compute(&c, r, empty), CX_EINVAL);
  assert_null(c);
  cx_journey_free(empty);
  cx_journey_free(j);
  cx_paths_result_free(r);
  cx_paths_log_free(log);
}

/* ---- graph export ------------------------------------------------------------- */

static void test_dot_and_svg(void **state) {
  (void)state;
  cx_paths_log *log = hand_log();
  assert_int_equal(cx_paths_log_add(log, "c6", "<b>&\"x\"", 0, NAN, 0, NULL,
                                    NULL),
                   CX_OK);
  cx_paths_result *r = result_of(log);
  char *dot;
  size_t len;
  assert_int_equal(cx_paths_result_to_dot(r, NULL, &dot, &len), CX_OK);
  assert_int_equal(strlen(dot), len);
  assert_non_null(strstr(dot, "digraph paths {"));
  assert_non_null(strstr(dot, "t0 -> t1 [label=\"4\\nmedian 1.0 min\""));
  assert_non_null(strstr(dot, "start -> t0 [label=\"4\""));
  assert_non_null(strstr(dot, "t3 -> end [label=\"3\""));
  assert_non_null(strstr(dot, "<b>&\\\"x\\\""));
  cx_free(dot);
  cx_paths_graph_options o = CX_PATHS_GRAPH_OPTIONS_INIT;
  o.min_count = 2;
  o.title = "Onboarding \"paths\"";
  assert_int_equal(cx_paths_result_to_dot(r, &o, &dot, NULL), CX_OK);
  assert_null(strstr(dot, "t0 -> t2"));
  assert_non_null(strstr(dot, "label=\"Onboarding \\\"paths\\\"\""));
  cx_free(dot);
  char *svg;
  assert_int_equal(cx_paths_render_svg(r, &o, &svg, &len), CX_OK);
  assert_non_null(strstr(svg, "<svg xmlns"));
  assert_non_null(strstr(svg, "layout: libcx layered"));
  assert_non_null(strstr(svg, "&lt;b&gt;&amp;&quot;x&quot;"));
  assert_null(strstr(svg, "<b>"));
  assert_non_null(strstr(svg, "</svg>\n"));
  cx_free(svg);
  o.version = 2;
  assert_int_equal(cx_paths_render_svg(r, &o, &svg, &len), CX_EINVAL);
  assert_int_equal(cx_paths_result_to_dot(NULL, NULL, &dot, &len), CX_EINVAL);
  cx_paths_result_free(r);
  cx_paths_log_free(log);
}

/* The graph of the sample log (40 edges, several sharing each row gap):
 * no edge label is drawn over another, each measured as the renderer
 * measures text. */
static void test_svg_labels_apart(void **state) {
  (void)state;
  const char *dir = getenv("CX_EXAMPLES_DATA");
  char path[1024];
  snprintf(path, sizeof path, "%s/events/onboarding_events.csv",
           dir ? dir : CX_TEST_SOURCE_DIR "/../examples/data");
  cx_paths_log *log = NULL;
  assert_int_equal(cx_paths_log_new(&log, NULL), CX_OK);
  assert_int_equal(cx_paths_read_csv(log, path, NULL), CX_OK);
  cx_paths_result *r = result_of(log);
  char *svg;
  size_t len;
  assert_int_equal(cx_paths_render_svg(r, NULL, &svg, &len), CX_OK);
  enum { MAX_LABELS = 256 };
  static double box[MAX_LABELS][4];
  size_t n = 0;
  for (const char *p = svg; (p = strstr(p, "<text class=\"edge-label\" x=\""));) {
    double x, y;
    p += strlen("<text class=\"edge-label\" x=\"");
    assert_int_equal(sscanf(p, "%lf\" y=\"%lf", &x, &y), 2);
    const char *t = strchr(p, '>') + 1, *e = strstr(t, "</text>");
    assert_true(n < MAX_LABELS);
    double w = cx__svg_text_width(t, (size_t)(e - t), 9);
    box[n][0] = x, box[n][1] = y - 9, box[n][2] = x + w, box[n][3] = y + 2;
    n++;
    p = e;
  }
  assert_true(n >= 30);
  for (size_t i = 0; i < n; i++)
    for (size_t j = 0; j < i; j++) {
      bool apart = box[i][2] <= box[j][0] || box[j][2] <= box[i][0] ||
                   box[i][3] <= box[j][1] || box[j][3] <= box[i][1];
      if (!apart)
        fail_msg("labels %zu and %zu overlap", j, i);
    }
  cx_free(svg);
  cx_paths_result_free(r);
  cx_paths_log_free(log);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_attribution_by_hand),
      cmocka_unit_test(test_attribution_against_propagation),
      cmocka_unit_test(test_conformance_by_hand),
      cmocka_unit_test(test_dot_and_svg),
      cmocka_unit_test(test_svg_labels_apart),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
