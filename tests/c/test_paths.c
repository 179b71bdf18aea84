/* Tests of the event-log accumulator and its results: a five-case log
 * worked out on paper (graph, durations, variants, funnels in the three
 * modes, windows, segments), equal timestamps, unsorted against sorted
 * input, merging partitions, serialization, batches with dictionaries,
 * limits and misuse. */
#include <limits.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <cx/paths.h>

#include "dtype_store.h"
#include "internal.h"

#define S 1000000LL /* microseconds per second */

/* The log worked out by hand (docs/methodology/paths.md uses it too).
 * D is the conversion event.  Times in seconds. */
typedef struct ev {
  const char *c, *t;
  long long s;
  double value;
  int outcome;
  const char *seg;
} ev;

static const ev HAND[] = {
    {"c1", "A", 0, NAN, 0, "web"},   {"c1", "B", 60, NAN, 0, "web"},
    {"c1", "C", 180, NAN, 0, "web"}, {"c1", "D", 300, 100, 1, "web"},
    {"c2", "A", 0, NAN, 0, "web"},   {"c2", "C", 120, NAN, 0, "web"},
    {"c2", "D", 240, 50, 1, "web"},  {"c3", "A", 0, NAN, 0, "shop"},
    {"c3", "B", 30, NAN, 0, "shop"}, {"c4", "B", 0, NAN, 0, "shop"},
    {"c4", "A", 60, NAN, 0, "shop"}, {"c4", "B", 120, NAN, 0, "shop"},
    {"c4", "C", 150, NAN, 0, "shop"}, {"c5", "A", 0, NAN, 0, "web"},
    {"c5", "B", 60, NAN, 0, "web"},  {"c5", "C", 180, NAN, 0, "web"},
    {"c5", "D", 300, 100, 1, "web"},
};
enum { NHAND = sizeof HAND / sizeof HAND[0] };

static cx_paths_log *new_log(int sorted) {
  cx_paths_options o = CX_PATHS_OPTIONS_INIT;
  o.sorted_by_case = sorted;
  cx_paths_log *log;
  assert_int_equal(cx_paths_log_new(&log, &o), CX_OK);
  return log;
}

static void add(cx_paths_log *log, const ev *e) {
  cx_status st = cx_paths_log_add(log, e->c, e->t, e->s * S, e->value,
                                  e->outcome, e->seg, NULL);
  if (st)
    print_error("%s\n", cx_error_last());
  assert_int_equal(st, CX_OK);
}

/* The hand log in the order given by @p order (NULL: as listed). */
static cx_paths_log *hand_log(int sorted, const size_t *order) {
  cx_paths_log *log = new_log(sorted);
  for (size_t i = 0; i < NHAND; i++)
    add(log, &HAND[order ? order[i] : i]);
  return log;
}

static cx_paths_result *result_of(const cx_paths_log *log) {
  cx_paths_result *r;
  cx_status st = cx_paths_result_compute(&r, log);
  if (st)
    print_error("%s\n", cx_error_last());
  assert_int_equal(st, CX_OK);
  return r;
}

static const cx_paths_edge *find_edge(const cx_paths_result *r, const char *a,
                                      const char *b, cx_paths_edge *e) {
  for (size_t i = 0; i < cx_paths_result_n_edges(r); i++) {
    assert_int_equal(cx_paths_result_edge(r, i, e), CX_OK);
    if (strcmp(e->from_name, a) == 0 && strcmp(e->to_name, b) == 0)
      return e;
  }
  fail_msg("edge %s -> %s missing", a, b);
  return NULL;
}

/* Everything a result says, by names, so logs with different dictionary
 * orders compare equal when their analyses agree. */
static char *fingerprint(const cx_paths_result *r) {
  size_t cap = 1 << 16, n = 0;
  char *s = malloc(cap);
  assert_non_null(s);
  cx_paths_summary su;
  assert_int_equal(cx_paths_result_summary(r, &su), CX_OK);
  n += (size_t)snprintf(s + n, cap - n, "%llu %llu %llu %.9g %zu %zu %.9g "
                                        "%.9g %.9g %.9g\n",
                        (unsigned long long)su.n_events,
                        (unsigned long long)su.n_cases,
                        (unsigned long long)su.n_converted, su.value,
                        su.n_variants, su.n_edges, su.duration_mean,
                        su.duration_median, su.duration_min, su.duration_max);
  for (size_t i = 0; i < cx_paths_result_n_edges(r) && n < cap - 256; i++) {
    cx_paths_edge e;
    cx_paths_result_edge(r, i, &e);
    n += (size_t)snprintf(s + n, cap - n, "%s>%s %llu %.9g %.9g %.9g %.9g\n",
                          e.from_name, e.to_name,
                          (unsigned long long)e.count, e.mean, e.median,
                          e.min, e.max);
  }
  for (size_t i = 0; i < cx_paths_result_n_variants(r) && n < cap - 256;
       i++) {
    cx_paths_variant v;
    cx_paths_result_variant(r, i, &v);
    for (size_t k = 0; k < v.length; k++)
      n += (size_t)snprintf(s + n, cap - n, "%s,",
                            cx_paths_result_touchpoint_name(
                                r, cx_paths_result_variant_step(r, i, k)));
    n += (size_t)snprintf(s + n, cap - n, " %llu %llu %.9g %.9g\n",
                          (unsigned long long)v.count,
                          (unsigned long long)v.converted, v.value,
                          v.mean_duration);
  }
  for (size_t t = 0; t < su.n_touchpoints && n < cap - 256; t++) {
    cx_paths_touchpoint tp;
    cx_paths_result_touchpoint(r, t, &tp);
    n += (size_t)snprintf(s + n, cap - n, "tp %s %llu %llu %llu %llu\n",
                          tp.name, (unsigned long long)tp.events,
                          (unsigned long long)tp.cases,
                          (unsigned long long)tp.starts,
                          (unsigned long long)tp.ends);
  }
  return s;
}

/* Touchpoint lines are in dictionary order; sort the lines so that two
 * logs that met the touchpoints in different orders compare. */
static int cmp_line(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *canonical(const cx_paths_log *log) {
  cx_paths_result *r = result_of(log);
  char *s = fingerprint(r);
  cx_paths_result_free(r);
  char *lines[4096];
  size_t n = 0;
  for (char *p = strtok(s, "\n"); p && n < 4096; p = strtok(NULL, "\n"))
    lines[n++] = p;
  qsort(lines, n, sizeof *lines, cmp_line);
  size_t total = 1;
  for (size_t i = 0; i < n; i++)
    total += strlen(lines[i]) + 1;
  char *out = malloc(total);
  assert_non_null(out);
  out[0] = '\0';
  for (size_t i = 0; i < n; i++) {
    strcat(out, lines[i]);
    strcat(out, "\n");
  }
  free(s);
  return out;
}

/* ---- the hand-computed log ------------------------------------------------- */

static void test_graph_by_hand(void **state) {
  (void)state;
  cx_paths_log *log = hand_log(0, NULL);
  cx_paths_result *r = result_of(log);
  cx_paths_summary su;
  assert_int_equal(cx_paths_result_summary(r, &su), CX_OK);
  assert_int_equal(su.n_events, 17);
  assert_int_equal(su.n_cases, 5);
  assert_int_equal(su.n_converted, 3);
  assert_float_equal(su.value, 250.0, 1e-12);
  assert_int_equal(su.n_edges, 5);
  assert_int_equal(su.n_variants, 4);
  assert_int_equal(su.n_touchpoints, 4);
  assert_int_equal(su.n_segments, 2);
  assert_float_equal(su.duration_mean, 204.0, 1e-9);
  assert_float_equal(su.duration_median, 240.0, 1e-9);
  assert_float_equal(su.duration_min, 30.0, 1e-12);
  assert_float_equal(su.duration_max, 300.0, 1e-12);
  assert_int_equal(su.duration_exact, 1);
  double q;
  assert_int_equal(cx_paths_result_duration_quantile(r, 0.25, &q), CX_OK);
  assert_float_equal(q, 150.0, 1e-9);
  assert_int_equal(cx_paths_result_duration_quantile(r, 0.1, &q), CX_OK);
  assert_float_equal(q, 78.0, 1e-9);
  assert_int_equal(cx_paths_result_duration_quantile(r, 1.5, &q), CX_EINVAL);

  cx_paths_edge e;
  find_edge(r, "A", "B", &e);
  assert_int_equal(e.count, 4);
  assert_float_equal(e.share, 0.8, 1e-12);
  assert_float_equal(e.mean, 52.5, 1e-12);
  assert_float_equal(e.median, 60.0, 1e-12);
  assert_float_equal(e.min, 30.0, 1e-12);
  assert_float_equal(e.max, 60.0, 1e-12);
  assert_int_equal(e.exact, 1);
  find_edge(r, "B", "C", &e);
  assert_int_equal(e.count, 3);
  assert_float_equal(e.mean, 90.0, 1e-12);
  assert_float_equal(e.median, 120.0, 1e-12);
  find_edge(r, "C", "D", &e);
  assert_int_equal(e.count, 3);
  assert_float_equal(e.median, 120.0, 1e-12);
  find_edge(r, "A", "C", &e);
  assert_int_equal(e.count, 1);
  assert_float_equal(e.share, 0.2, 1e-12);
  find_edge(r, "B", "A", &e);
  assert_int_equal(e.count, 1);
  /* Sorted by count, then names: A>B, B>C, C>D, A>C, B>A. */
  assert_int_equal(cx_paths_result_edge(r, 0, &e), CX_OK);
  assert_string_equal(e.from_name, "A");
  assert_int_equal(cx_paths_result_edge(r, 1, &e), CX_OK);
  assert_string_equal(e.from_name, "B");
  assert_string_equal(e.to_name, "C");
  assert_int_equal(cx_paths_result_edge(r, 3, &e), CX_OK);
  assert_string_equal(e.to_name, "C");
  assert_int_equal(cx_paths_result_edge(r, 5, &e), CX_ENOTFOUND);

  static const struct {
    const char *name;
    unsigned events, cases, starts, ends;
  } tp[] = {{"A", 5, 5, 4, 0}, {"B", 5, 4, 1, 1}, {"C", 4, 4, 0, 1},
            {"D", 3, 3, 0, 3}};
  for (size_t i = 0; i < 4; i++) {
    cx_paths_touchpoint t;
    assert_int_equal(cx_paths_result_touchpoint(r, i, &t), CX_OK);
    assert_string_equal(t.name, tp[i].name);
    assert_int_equal(t.events, tp[i].events);
    assert_int_equal(t.cases, tp[i].cases);
    assert_int_equal(t.starts, tp[i].starts);
    assert_int_equal(t.ends, tp[i].ends);
  }

  /* Variants: ABCD x2, then AB, ACD, BABC (one each, by name). */
  static const char *const seq[] = {"ABCD", "AB", "ACD", "BABC"};
  static const unsigned count[] = {2, 1, 1, 1}, conv[] = {2, 1, 0, 0};
  assert_int_equal(cx_paths_result_n_variants(r), 4);
  for (size_t i = 0; i < 4; i++) {
    cx_paths_variant v;
    assert_int_equal(cx_paths_result_variant(r, i, &v), CX_OK);
    assert_int_equal(v.length, strlen(seq[i]));
    for (size_t k = 0; k < v.length; k++)
      assert_int_equal(
          cx_paths_result_touchpoint_name(r, cx_paths_result_variant_step(r, i, k))[0],
          seq[i][k]);
    assert_int_equal(v.count, count[i]);
    assert_int_equal(v.converted, i == 0 ? 2 : i == 2 ? 1 : 0);
    (void)conv;
  }
  cx_paths_variant v;
  cx_paths_result_variant(r, 0, &v);
  assert_float_equal(v.share, 0.4, 1e-12);
  assert_float_equal(v.value, 200.0, 1e-12);
  assert_float_equal(v.mean_duration, 300.0, 1e-12);
  assert_int_equal(cx_paths_result_variant_step(r, 0, 4), SIZE_MAX);
  cx_paths_result_free(r);
  cx_paths_log_free(log);
}

static cx_paths_funnel *funnel(const cx_paths_log *log, const char *const *s,
                               size_t n, cx_paths_funnel_mode mode,
                               long long window_s) {
  cx_paths_funnel_options o = CX_PATHS_FUNNEL_OPTIONS_INIT;
  o.mode = mode;
  o.window = window_s * S;
  cx_paths_funnel *f;
  cx_status st = cx_paths_funnel_compute(&f, log, s, n, &o);
  if (st)
    print_error("%s\n", cx_error_last());
  assert_int_equal(st, CX_OK);
  return f;
}

static void expect_reached(const cx_paths_funnel *f, size_t seg,
                           const unsigned *want, size_t n) {
  for (size_t j = 0; j < n; j++) {
    cx_paths_funnel_step s;
    assert_int_equal(cx_paths_funnel_step_get(f, seg, j, &s), CX_OK);
    if (s.reached != want[j])
      fail_msg("step %zu: reached %llu, expected %u", j,
               (unsigned long long)s.reached, want[j]);
  }
}

static void test_funnels_by_hand(void **state) {
  (void)state;
  cx_paths_log *log = hand_log(0, NULL);
  static const char *const abcd[] = {"A", "B", "C", "D"};
  cx_paths_funnel *f = funnel(log, abcd, 4, CX_PATHS_FUNNEL_ORDERED, 0);
  static const unsigned r1[] = {5, 4, 3, 2};
  expect_reached(f, CX_PATHS_ALL, r1, 4);
  cx_paths_funnel_step s;
  assert_int_equal(cx_paths_funnel_step_get(f, CX_PATHS_ALL, 0, &s), CX_OK);
  assert_int_equal(s.cases, 5);
  assert_int_equal(s.dropoff, 0);
  assert_float_equal(s.from_previous, 1.0, 0);
  assert_float_equal(s.median_time, 0.0, 0);
  assert_int_equal(cx_paths_funnel_step_get(f, CX_PATHS_ALL, 1, &s), CX_OK);
  assert_float_equal(s.from_previous, 0.8, 1e-12);
  assert_int_equal(s.dropoff, 1);
  assert_float_equal(s.dropoff_share, 0.2, 1e-12);
  assert_float_equal(s.median_time, 60.0, 1e-12);
  assert_float_equal(s.mean_time, 52.5, 1e-12);
  assert_int_equal(cx_paths_funnel_step_get(f, CX_PATHS_ALL, 2, &s), CX_OK);
  assert_float_equal(s.from_previous, 0.75, 1e-12);
  assert_float_equal(s.from_first, 0.6, 1e-12);
  assert_float_equal(s.median_time, 180.0, 1e-12);
  assert_float_equal(s.mean_time, 150.0, 1e-12);
  assert_int_equal(cx_paths_funnel_step_get(f, CX_PATHS_ALL, 3, &s), CX_OK);
  assert_float_equal(s.from_previous, 2.0 / 3.0, 1e-12);
  assert_float_equal(s.from_first, 0.4, 1e-12);
  assert_float_equal(s.median_time, 300.0, 1e-12);
  assert_int_equal(s.exact, 1);
  /* By segment: web = c1, c2, c5; shop = c3, c4. */
  assert_int_equal(cx_paths_funnel_n_segments(f), 2);
  assert_string_equal(cx_paths_funnel_segment_name(f, 0), "web");
  static const unsigned web[] = {3, 2, 2, 2}, shop[] = {2, 2, 1, 0};
  expect_reached(f, 0, web, 4);
  expect_reached(f, 1, shop, 4);
  assert_int_equal(cx_paths_funnel_step_get(f, 1, 3, &s), CX_OK);
  assert_true(isnan(s.median_time));
  assert_true(isnan(s.from_previous) == 0 && s.from_previous == 0.0);
  assert_int_equal(cx_paths_funnel_step_get(f, 2, 0, &s), CX_ENOTFOUND);
  assert_int_equal(cx_paths_funnel_step_get(f, 0, 4, &s), CX_ENOTFOUND);
  cx_paths_funnel_free(f);

  /* A 100 s window from the start. */
  f = funnel(log, abcd, 4, CX_PATHS_FUNNEL_ORDERED, 100);
  static const unsigned r2[] = {5, 4, 1, 0};
  expect_reached(f, CX_PATHS_ALL, r2, 4);
  cx_paths_funnel_free(f);

  /* Strict: nothing between the steps. */
  f = funnel(log, abcd, 3, CX_PATHS_FUNNEL_STRICT, 0);
  static const unsigned r3[] = {5, 4, 3};
  expect_reached(f, CX_PATHS_ALL, r3, 3);
  assert_int_equal(cx_paths_funnel_step_get(f, CX_PATHS_ALL, 2, &s), CX_OK);
  /* c1, c5 at 180 s, c4 at 90 s (starting at its A at 60 s). */
  assert_float_equal(s.median_time, 180.0, 1e-12);
  assert_float_equal(s.mean_time, 150.0, 1e-12);
  cx_paths_funnel_free(f);
  static const char *const acd[] = {"A", "C", "D"};
  f = funnel(log, acd, 3, CX_PATHS_FUNNEL_STRICT, 0);
  static const unsigned r4[] = {5, 1, 1};
  expect_reached(f, CX_PATHS_ALL, r4, 3);
  cx_paths_funnel_free(f);

  /* Any order: C then A counts for cases with both. */
  static const char *const ca[] = {"C", "A"};
  f = funnel(log, ca, 2, CX_PATHS_FUNNEL_ANY_ORDER, 0);
  static const unsigned r5[] = {4, 4};
  expect_reached(f, CX_PATHS_ALL, r5, 2);
  cx_paths_funnel_free(f);
  static const char *const ab[] = {"A", "B"};
  f = funnel(log, ab, 2, CX_PATHS_FUNNEL_ANY_ORDER, 0);
  static const unsigned r6[] = {5, 4};
  expect_reached(f, CX_PATHS_ALL, r6, 2);
  assert_int_equal(cx_paths_funnel_step_get(f, CX_PATHS_ALL, 0, &s), CX_OK);
  assert_float_equal(s.mean_time, 12.0, 1e-12); /* c4: A 60 s after B */
  assert_int_equal(cx_paths_funnel_step_get(f, CX_PATHS_ALL, 1, &s), CX_OK);
  assert_float_equal(s.median_time, 60.0, 1e-12);
  cx_paths_funnel_free(f);

  /* Steps never seen reach nobody; bad specifications are refused. */
  static const char *const zz[] = {"A", "Z"};
  f = funnel(log, zz, 2, CX_PATHS_FUNNEL_ORDERED, 0);
  static const unsigned r7[] = {5, 0};
  expect_reached(f, CX_PATHS_ALL, r7, 2);
  cx_paths_funnel_free(f);
  static const char *const dup[] = {"A", "A"};
  cx_paths_funnel *g = NULL;
  assert_int_equal(cx_paths_funnel_compute(&g, log, dup, 2, NULL), CX_EINVAL);
  assert_int_equal(cx_paths_funnel_compute(&g, log, ab, 0, NULL), CX_EINVAL);
  cx_paths_funnel_options bad = CX_PATHS_FUNNEL_OPTIONS_INIT;
  bad.window = -1;
  assert_int_equal(cx_paths_funnel_compute(&g, log, ab, 2, &bad), CX_EINVAL);
  bad.window = 0;
  bad.mode = (cx_paths_funnel_mode)7;
  assert_int_equal(cx_paths_funnel_compute(&g, log, ab, 2, &bad), CX_EINVAL);
  assert_null(g);
  assert_string_equal(cx_paths_funnel_mode_name(CX_PATHS_FUNNEL_ANY_ORDER),
                      "any-order");
  cx_paths_log_free(log);
}

/* ---- order of input ---------------------------------------------------- */

static void test_unsorted_equals_sorted(void **state) {
  (void)state;
  cx_paths_log *sorted = hand_log(1, NULL);
  char *want = canonical(sorted);
  /* Shuffle deterministically: every case interleaved, reversed. */
  size_t order[NHAND];
  for (size_t i = 0; i < NHAND; i++)
    order[i] = (i * 7) % NHAND;
  cx_paths_log *shuffled = hand_log(0, order);
  char *got = canonical(shuffled);
  assert_string_equal(got, want);
  for (size_t i = 0; i < NHAND; i++)
    order[i] = NHAND - 1 - i;
  cx_paths_log *reversed = hand_log(0, order);
  char *got2 = canonical(reversed);
  assert_string_equal(got2, want);
  assert_int_equal(cx_paths_log_n_pending(sorted), 4); /* open case c5 */
  assert_int_equal(cx_paths_log_n_pending(reversed), NHAND);
  free(want);
  free(got);
  free(got2);
  cx_paths_log_free(sorted);
  cx_paths_log_free(shuffled);
  cx_paths_log_free(reversed);
}

static void test_equal_timestamps_keep_input_order(void **state) {
  (void)state;
  cx_paths_log *log = new_log(0);
  /* x: P then Q at the same moment, R later; added out of time order. */
  assert_int_equal(cx_paths_log_add(log, "x", "R", 9 * S, NAN, 0, NULL, NULL), 0);
  assert_int_equal(cx_paths_log_add(log, "x", "P", 5 * S, NAN, 0, NULL, NULL), 0);
  assert_int_equal(cx_paths_log_add(log, "x", "Q", 5 * S, NAN, 0, NULL, NULL), 0);
  assert_int_equal(cx_paths_log_add(log, "y", "Q", 5 * S, NAN, 0, NULL, NULL), 0);
  assert_int_equal(cx_paths_log_add(log, "y", "P", 5 * S, NAN, 0, NULL, NULL), 0);
  cx_paths_result *r = result_of(log);
  cx_paths_edge e;
  find_edge(r, "P", "Q", &e);
  assert_int_equal(e.count, 1);
  assert_float_equal(e.median, 0.0, 0);
  find_edge(r, "Q", "P", &e);
  assert_int_equal(e.count, 1);
  find_edge(r, "Q", "R", &e);
  assert_float_equal(e.mean, 4.0, 0);
  assert_int_equal(cx_paths_result_n_edges(r), 3);
  cx_paths_result_free(r);
  cx_paths_log_free(log);
}

static void test_long_unsorted_case(void **state) {
  (void)state;
  /* 300 events of one case in reverse order exercise the merge sort, in a
   * log sorted by case too (a longer case than closes without
   * allocating). */
  for (int sorted = 0; sorted < 2; sorted++) {
    cx_paths_log *log = new_log(sorted);
    for (int i = 299; i >= 0; i--) {
      char t[8];
      snprintf(t, sizeof t, "T%d", i % 3);
      assert_int_equal(cx_paths_log_add(log, "z", t, (long long)i * S, NAN, 0,
                                        NULL, NULL),
                       CX_OK);
    }
    cx_paths_result *r = result_of(log);
    cx_paths_edge e;
    find_edge(r, "T0", "T1", &e);
    assert_int_equal(e.count, 100);
    find_edge(r, "T2", "T0", &e);
    assert_int_equal(e.count, 99);
    assert_float_equal(e.max, 1.0, 0);
    cx_paths_summary su;
    cx_paths_result_summary(r, &su);
    assert_float_equal(su.duration_max, 299.0, 0);
    cx_paths_result_free(r);
    cx_paths_log_free(log);
  }
}

/* One case of 40 events, A and B in turn at i * i seconds: the pair
 * after event i takes 2i + 1 seconds, so A>B (i even) has 1, 5, .., 77
 * and B>A (i odd) 3, 7, .., 75; both means and medians are 39. */
static void test_long_case_durations(void **state) {
  (void)state;
  cx_paths_log *log = new_log(0);
  for (int i = 0; i < 40; i++)
    assert_int_equal(cx_paths_log_add(log, "w", i % 2 ? "B" : "A",
                                      (long long)i * i * S, NAN, 0, NULL,
                                      NULL),
                     CX_OK);
  cx_paths_result *r = result_of(log);
  cx_paths_edge e;
  find_edge(r, "A", "B", &e);
  assert_int_equal(e.count, 20);
  assert_float_equal(e.mean, 39.0, 1e-12);
  assert_float_equal(e.median, 39.0, 1e-12);
  assert_float_equal(e.min, 1.0, 0);
  assert_float_equal(e.max, 77.0, 0);
  assert_int_equal(e.exact, 1);
  find_edge(r, "B", "A", &e);
  assert_int_equal(e.count, 19);
  assert_float_equal(e.mean, 39.0, 1e-12);
  assert_float_equal(e.median, 39.0, 1e-12);
  assert_float_equal(e.min, 3.0, 0);
  assert_float_equal(e.max, 75.0, 0);
  assert_int_equal(cx_paths_result_n_edges(r), 2);
  cx_paths_result_free(r);
  cx_paths_log_free(log);
}

/* ---- merge and serialization ------------------------------------------- */

static uint8_t *bytes(const cx_paths_log *log, size_t *len) {
  uint8_t *b;
  assert_int_equal(cx_paths_log_serialize(log, &b, len), CX_OK);
  return b;
}

/* The log read back from its bytes, which serializes to the same bytes
 * and gives the same results; *out (owned by the caller) is its bytes. */
static cx_paths_log *round_trip(const cx_paths_log *log, uint8_t **out,
                                size_t *len) {
  size_t n2;
  uint8_t *b1 = bytes(log, len);
  cx_paths_log *back;
  assert_int_equal(cx_paths_log_deserialize(&back, b1, *len), CX_OK);
  uint8_t *b2 = bytes(back, &n2);
  assert_int_equal(*len, n2);
  assert_memory_equal(b1, b2, n2);
  char *x = canonical(log), *y = canonical(back);
  assert_string_equal(x, y);
  free(x);
  free(y);
  cx_free(b2);
  *out = b1;
  return back;
}

static void test_merge_equals_one_pass(void **state) {
  (void)state;
  cx_paths_log *one = hand_log(0, NULL);
  char *want = canonical(one);
  /* Partitions by case: {c1, c4}, {c2, c3, c5}; one flushed, one not,
   * one sorted. */
  cx_paths_log *a = new_log(0), *b = new_log(1), *all = new_log(0);
  for (size_t i = 0; i < NHAND; i++) {
    const char *c = HAND[i].c;
    add(strcmp(c, "c1") == 0 || strcmp(c, "c4") == 0 ? a : b, &HAND[i]);
  }
  assert_int_equal(cx_paths_log_flush(a), CX_OK);
  assert_int_equal(cx_paths_log_n_pending(a), 0);
  assert_int_equal(cx_paths_log_merge(all, a), CX_OK);
  assert_int_equal(cx_paths_log_merge(all, b), CX_OK);
  char *got = canonical(all);
  assert_string_equal(got, want);
  assert_int_equal(cx_paths_log_n_events(all), NHAND);
  /* Merging into a log that holds other events keeps them. */
  cx_paths_log *c = new_log(0);
  for (size_t i = 0; i < NHAND; i++)
    if (strcmp(HAND[i].c, "c2") == 0)
      add(c, &HAND[i]);
  assert_int_equal(cx_paths_log_merge(c, a), CX_OK);
  cx_paths_log *rest = new_log(0);
  for (size_t i = 0; i < NHAND; i++)
    if (strcmp(HAND[i].c, "c3") == 0 || strcmp(HAND[i].c, "c5") == 0)
      add(rest, &HAND[i]);
  assert_int_equal(cx_paths_log_merge(c, rest), CX_OK);
  char *got2 = canonical(c);
  assert_string_equal(got2, want);
  assert_int_equal(cx_paths_log_merge(c, c), CX_EINVAL);
  assert_int_equal(cx_paths_log_merge(NULL, c), CX_EINVAL);
  free(want);
  free(got);
  free(got2);
  cx_paths_log_free(one);
  cx_paths_log_free(a);
  cx_paths_log_free(b);
  cx_paths_log_free(all);
  cx_paths_log_free(c);
  cx_paths_log_free(rest);
}

static void test_serialize_round_trip(void **state) {
  (void)state;
  static const char *const abc[] = {"A", "B", "C"};
  cx_paths_log *log = new_log(0);
  assert_int_equal(cx_paths_log_declare_funnel(log, abc, 3, NULL), CX_OK);
  for (size_t i = 0; i < 9; i++)
    add(log, &HAND[i]);
  assert_int_equal(cx_paths_log_flush(log), CX_OK);
  for (size_t i = 9; i < NHAND; i++)
    add(log, &HAND[i]);
  size_t n1;
  uint8_t *b1;
  cx_paths_log *back = round_trip(log, &b1, &n1);
  cx_paths_log *whole = hand_log(0, NULL);
  char *x = canonical(log), *z = canonical(whole);
  assert_string_equal(x, z);
  /* The declared funnel survived and counts the flushed cases. */
  cx_paths_funnel *f = funnel(back, abc, 3, CX_PATHS_FUNNEL_ORDERED, 0);
  static const unsigned want[] = {5, 4, 3};
  expect_reached(f, CX_PATHS_ALL, want, 3);
  cx_paths_funnel_free(f);
  /* An undeclared funnel cannot see flushed cases. */
  static const char *const ab[] = {"A", "B"};
  cx_paths_funnel *g = NULL;
  assert_int_equal(cx_paths_funnel_compute(&g, back, ab, 2, NULL), CX_ESTATE);
  assert_int_equal(cx_paths_log_declare_funnel(back, ab, 2, NULL), CX_ESTATE);
  /* Damaged bytes are refused. */
  cx_paths_log *bad = NULL;
  for (size_t cut = 0; cut < n1; cut += 7)
    assert_int_not_equal(cx_paths_log_deserialize(&bad, b1, cut), CX_OK);
  b1[n1 / 2] ^= 0x40;
  assert_int_equal(cx_paths_log_deserialize(&bad, b1, n1), CX_EPARSE);
  b1[n1 / 2] ^= 0x40;
  b1[4] = 9;
  assert_int_equal(cx_paths_log_deserialize(&bad, b1, n1), CX_EVERSION);
  assert_null(bad);
  free(x);
  free(z);
  cx_free(b1);
  cx_paths_log_free(log);
  cx_paths_log_free(back);
  cx_paths_log_free(whole);
}

/* ---- batches --------------------------------------------------------------- */

static void test_batch_with_dictionary(void **state) {
  (void)state;
  /* The hand log as integer columns: cases 1..5, codes into a dictionary
   * in another order than the log meets them. */
  static const char *const dict[] = {"D", "C", "B", "A"};
  static const char *const segs[] = {"shop", "web"};
  int64_t cas[NHAND], ts[NHAND];
  int32_t tp[NHAND];
  uint8_t out[NHAND], seg[NHAND];
  double val[NHAND];
  for (size_t i = 0; i < NHAND; i++) {
    cas[i] = 100 + HAND[i].c[1] - '0';
    tp[i] = 3 - (HAND[i].t[0] - 'A');
    ts[i] = HAND[i].s * S;
    out[i] = (uint8_t)HAND[i].outcome;
    val[i] = HAND[i].value;
    seg[i] = strcmp(HAND[i].seg, "web") == 0;
  }
  cx_array a_cas = CX_ARRAY(cas, CX_DTYPE_I64), a_tp = CX_ARRAY(tp, CX_DTYPE_I32),
           a_ts = CX_ARRAY(ts, CX_DTYPE_I64), a_out = CX_ARRAY(out, CX_DTYPE_U8),
           a_val = CX_ARRAY(val, CX_DTYPE_F64), a_seg = CX_ARRAY(seg, CX_DTYPE_U8);
  cx_paths_log *log = new_log(0);
  /* Two batches: any split gives the same log. */
  assert_int_equal(cx_paths_log_add_batch(log, 6, &a_cas, &a_tp, &a_ts, &a_val,
                                          &a_out, &a_seg, dict, 4, segs, 2),
                   CX_OK);
  cx_array b_cas = {cas + 6, CX_DTYPE_I64, 0}, b_tp = {tp + 6, CX_DTYPE_I32, 0},
           b_ts = {ts + 6, CX_DTYPE_I64, 0}, b_out = {out + 6, CX_DTYPE_U8, 0},
           b_val = {val + 6, CX_DTYPE_F64, 0}, b_seg = {seg + 6, CX_DTYPE_U8, 0};
  assert_int_equal(cx_paths_log_add_batch(log, NHAND - 6, &b_cas, &b_tp, &b_ts,
                                          &b_val, &b_out, &b_seg, dict, 4,
                                          segs, 2),
                   CX_OK);
  cx_paths_log *ref = hand_log(0, NULL);
  char *want = canonical(ref), *got = canonical(log);
  assert_string_equal(got, want);
  /* Text ids cannot join integer codes. */
  assert_int_equal(cx_paths_log_add(log, "c9", "A", 0, NAN, 0, NULL, NULL),
                   CX_ESTATE);
  assert_int_equal(cx_paths_log_add_batch(ref, 1, &a_cas, &a_tp, &a_ts, NULL,
                                          NULL, NULL, dict, 4, NULL, 0),
                   CX_ESTATE);
  /* Bad rows: nothing is added and the place is named. */
  uint64_t before = cx_paths_log_n_events(log);
  tp[3] = 4;
  assert_int_equal(cx_paths_log_add_batch(log, NHAND, &a_cas, &a_tp, &a_ts,
                                          NULL, NULL, NULL, dict, 4, NULL, 0),
                   CX_ERANGE);
  assert_non_null(strstr(cx_error_last(), "row 3"));
  tp[3] = 0;
  out[2] = 2;
  assert_int_equal(cx_paths_log_add_batch(log, NHAND, &a_cas, &a_tp, &a_ts,
                                          NULL, &a_out, NULL, dict, 4, NULL, 0),
                   CX_ERANGE);
  out[2] = 0;
  double fts[2] = {1.5, 2.0};
  cx_array a_fts = CX_ARRAY(fts, CX_DTYPE_F64);
  assert_int_equal(cx_paths_log_add_batch(log, 2, &a_cas, &a_tp, &a_fts, NULL,
                                          NULL, NULL, dict, 4, NULL, 0),
                   CX_ERANGE);
  ts[1] = INT64_MAX;
  assert_int_equal(cx_paths_log_add_batch(log, 2, &a_cas, &a_tp, &a_ts, NULL,
                                          NULL, NULL, dict, 4, NULL, 0),
                   CX_ERANGE);
  assert_int_equal(cx_paths_log_add_batch(log, 2, &a_cas, NULL, &a_ts, NULL,
                                          NULL, NULL, dict, 4, NULL, 0),
                   CX_EINVAL);
  assert_int_equal(cx_paths_log_n_events(log), before);
  free(want);
  free(got);
  cx_paths_log_free(log);
  cx_paths_log_free(ref);
}

/* @p n values of @p v as dtype @p dt into @p buf, @p skip bytes in and
 * @p stride bytes apart (0: packed). */
static cx_array typed(unsigned char *buf, size_t skip, ptrdiff_t stride,
                      cx_dtype dt, const int64_t *v, size_t n) {
  size_t size = cx_dtype_size(dt);
  size_t step = stride ? (size_t)stride : size;
  for (size_t i = 0; i < n; i++)
    store_as(buf + skip + i * step, dt, (double)v[i]);
  return (cx_array){buf + skip, dt, stride};
}

static void test_batch_column_types(void **state) {
  (void)state;
  /* The hand log with its touchpoint, outcome and segment columns in
   * every dtype, packed, strided and misaligned, into both kinds of log
   * (the touchpoint codes in a dictionary's order, outcomes 0/1, segment
   * codes 0/1); the dictionary in another order than the log's codes
   * (with a name no row uses), and in the same (then the codes are the
   * log's own).  The full log is
   * always the hand log; the graph-only one, given the rows in time
   * order, always the same.  A bad value in any of the columns is refused
   * at its row and adds nothing. */
  static const char *const dicts[2][5] = {{"X", "D", "C", "B", "A"},
                                          {"A", "B", "C", "D"}};
  const size_t ndicts[2] = {5, 4};
  static const char *const segs[] = {"shop", "web"};
  int64_t cas[2][NHAND], ts[2][NHAND], tp[2][NHAND], out[2][NHAND],
      seg[2][NHAND];
  double val[2][NHAND];
  /* [0]: the hand order; [1]: in time order (stable). */
  size_t ord[NHAND];
  for (size_t i = 0; i < NHAND; i++) {
    size_t j = i;
    for (; j > 0 && HAND[ord[j - 1]].s > HAND[i].s; j--)
      ord[j] = ord[j - 1];
    ord[j] = i;
  }
  for (int same = 0; same < 2; same++) {
    const char *const *dict = dicts[same];
    const size_t ndict = ndicts[same];
    for (size_t r = 0; r < 2; r++)
      for (size_t k = 0; k < NHAND; k++) {
        size_t i = r ? ord[k] : k;
        cas[r][k] = 100 + HAND[i].c[1] - '0';
        tp[r][k] = same ? HAND[i].t[0] - 'A' : 4 - (HAND[i].t[0] - 'A');
        ts[r][k] = HAND[i].s * S;
        out[r][k] = HAND[i].outcome;
        val[r][k] = HAND[i].value;
        seg[r][k] = strcmp(HAND[i].seg, "web") == 0;
      }
    cx_paths_log *ref = hand_log(0, NULL);
    char *want[2] = {canonical(ref), NULL};
    cx_paths_log_free(ref);
    static unsigned char bt[NHAND * 16 + 8], bo[NHAND * 16 + 8],
        bs[NHAND * 16 + 8];
    for (int dt = CX_DTYPE_U8; dt <= CX_DTYPE_F64; dt++) {
      size_t size = cx_dtype_size((cx_dtype)dt);
      for (int layout = 0; layout < 3; layout++) {
        /* packed, every other element, one byte off alignment */
        size_t skip = layout == 2 && size > 1 ? 1 : 0;
        ptrdiff_t stride = layout == 1 ? (ptrdiff_t)(2 * size) : 0;
        for (int g = 0; g < 2; g++) {
          cx_array a_cas = CX_ARRAY(cas[g], CX_DTYPE_I64),
                   a_ts = CX_ARRAY(ts[g], CX_DTYPE_I64),
                   a_val = CX_ARRAY(val[g], CX_DTYPE_F64);
          const cx_dtype d = (cx_dtype)dt;
          cx_array a_tp = typed(bt, skip, stride, d, tp[g], NHAND),
                   a_out = typed(bo, skip, stride, d, out[g], NHAND),
                   a_seg = typed(bs, skip, stride, d, seg[g], NHAND);
          cx_paths_options o = CX_PATHS_OPTIONS_INIT;
          o.graph_only = g;
          cx_paths_log *log;
          assert_int_equal(cx_paths_log_new(&log, &o), CX_OK);
          /* A bad code (one past the dictionary, or -1 where signed), a bad
           * outcome (2) and a bad segment code (2), each in row 3. */
          const int64_t bad[] = {(int64_t)ndict, -1};
          for (size_t k = 0; k < 2; k++) {
            if (k == 1 && (dt == CX_DTYPE_U8 || dt == CX_DTYPE_U16 ||
                           dt == CX_DTYPE_U32 || dt == CX_DTYPE_U64))
              continue;
            int64_t keep = tp[g][3];
            tp[g][3] = bad[k];
            typed(bt, skip, stride, d, tp[g], NHAND);
            assert_int_equal(
                cx_paths_log_add_batch(log, NHAND, &a_cas, &a_tp, &a_ts,
                                       &a_val, &a_out, &a_seg, dict, ndict,
                                       segs, 2),
                CX_ERANGE);
            assert_non_null(strstr(cx_error_last(), "row 3: touchpoint code"));
            tp[g][3] = keep;
            typed(bt, skip, stride, d, tp[g], NHAND);
          }
          for (int col = 0; col < 2; col++) {
            int64_t *v = col ? seg[g] : out[g];
            unsigned char *b = col ? bs : bo;
            int64_t keep = v[3];
            v[3] = 2;
            typed(b, skip, stride, d, v, NHAND);
            assert_int_equal(
                cx_paths_log_add_batch(log, NHAND, &a_cas, &a_tp, &a_ts,
                                       &a_val, &a_out, &a_seg, dict, ndict,
                                       segs, 2),
                CX_ERANGE);
            assert_non_null(strstr(cx_error_last(),
                                   col ? "row 3: segment code"
                                       : "row 3: outcome"));
            v[3] = keep;
            typed(b, skip, stride, d, v, NHAND);
          }
          assert_int_equal(cx_paths_log_n_events(log), 0);
          assert_int_equal(cx_paths_log_n_touchpoints(log), 0);
          assert_int_equal(cx_paths_log_add_batch(log, NHAND, &a_cas, &a_tp,
                                                  &a_ts, &a_val, &a_out, &a_seg,
                                                  dict, ndict, segs, 2),
                           CX_OK);
          char *got = canonical(log);
          if (!want[g])
            want[g] = strdup(got);
          assert_string_equal(got, want[g]);
          free(got);
          cx_paths_log_free(log);
        }
      }
    }
    /* The graph-only log's edges and touchpoints are the hand log's (it
     * has no variants). */
    assert_non_null(want[1]);
    char *lines[2];
    for (int g = 0; g < 2; g++) {
      lines[g] = calloc(strlen(want[g]) + 1, 1);
      assert_non_null(lines[g]);
      for (char *p = strtok(want[g], "\n"); p; p = strtok(NULL, "\n"))
        if (strchr(p, '>') || strncmp(p, "tp ", 3) == 0) {
          strcat(lines[g], p);
          strcat(lines[g], "\n");
        }
    }
    assert_true(strlen(lines[0]) > 100);
    assert_string_equal(lines[1], lines[0]);
    free(lines[0]);
    free(lines[1]);
    free(want[0]);
    free(want[1]);
  }
}

static void test_batch_sorted_streams(void **state) {
  (void)state;
  /* Sorted by case, codes of the log's own dictionary: only the open case
   * is held. */
  cx_paths_log *log = new_log(1);
  size_t a, b;
  assert_int_equal(cx_paths_log_add_touchpoint(log, "a", "web", &a), CX_OK);
  assert_int_equal(cx_paths_log_add_touchpoint(log, "b", NULL, &b), CX_OK);
  assert_string_equal(cx_paths_log_touchpoint_channel(log, a), "web");
  assert_string_equal(cx_paths_log_touchpoint_channel(log, b), "");
  enum { N = 30000 };
  int64_t *cas = malloc(N * sizeof *cas), *ts = malloc(N * sizeof *ts);
  uint16_t *tp = malloc(N * sizeof *tp);
  assert_non_null(cas);
  assert_non_null(ts);
  assert_non_null(tp);
  for (size_t i = 0; i < N; i++) {
    cas[i] = (int64_t)(i / 3);
    tp[i] = (uint16_t)(i % 3 == 1);
    ts[i] = (int64_t)(i % 3) * 1000;
  }
  cx_array ac = CX_ARRAY(cas, CX_DTYPE_I64), at = CX_ARRAY(tp, CX_DTYPE_U16),
           as = CX_ARRAY(ts, CX_DTYPE_I64);
  assert_int_equal(cx_paths_log_add_batch(log, N, &ac, &at, &as, NULL, NULL,
                                          NULL, NULL, 0, NULL, 0),
                   CX_OK);
  assert_int_equal(cx_paths_log_n_pending(log), 3);
  cx_paths_result *r = result_of(log);
  cx_paths_summary su;
  cx_paths_result_summary(r, &su);
  assert_int_equal(su.n_cases, N / 3);
  assert_int_equal(su.n_variants, 1);
  cx_paths_edge e;
  find_edge(r, "a", "b", &e);
  assert_int_equal(e.count, N / 3);
  assert_float_equal(e.median, 0.001, 1e-15);
  cx_paths_result_free(r);
  /* Codes outside the log's dictionary. */
  tp[0] = 2;
  assert_int_equal(cx_paths_log_add_batch(log, 1, &ac, &at, &as, NULL, NULL,
                                          NULL, NULL, 0, NULL, 0),
                   CX_ERANGE);
  free(cas);
  free(ts);
  free(tp);
  cx_paths_log_free(log);
}

/* ---- sketches beyond the exact range --------------------------------------- */

static void test_many_distinct_durations(void **state) {
  (void)state;
  /* 5000 cases of P then Q, gaps 1..5000 ms: the median gap (2500.5 ms)
   * comes from the histogram, within its 0.4% bound. */
  cx_paths_log *log = new_log(1);
  for (int i = 1; i <= 5000; i++) {
    char c[16];
    snprintf(c, sizeof c, "k%d", i);
    assert_int_equal(cx_paths_log_add(log, c, "P", 0, NAN, 0, NULL, NULL), 0);
    assert_int_equal(
        cx_paths_log_add(log, c, "Q", (long long)i * 1000, NAN, 0, NULL, NULL),
        0);
  }
  cx_paths_result *r = result_of(log);
  cx_paths_edge e;
  find_edge(r, "P", "Q", &e);
  assert_int_equal(e.exact, 0);
  assert_true(fabs(e.median - 2.5005) <= 2.5005 * 0.004);
  assert_float_equal(e.mean, 2.5005, 1e-12);
  assert_float_equal(e.min, 0.001, 0);
  assert_float_equal(e.max, 5.0, 0);
  cx_paths_summary su;
  cx_paths_result_summary(r, &su);
  assert_int_equal(su.duration_exact, 0);
  /* Splitting and merging gives the same sketch as one pass. */
  size_t n1, n2;
  uint8_t *one = bytes(log, &n1);
  cx_paths_log *p = new_log(1), *q = new_log(1);
  for (int i = 1; i <= 5000; i++) {
    char c[16];
    snprintf(c, sizeof c, "k%d", i);
    cx_paths_log *to = i % 3 ? p : q;
    cx_paths_log_add(to, c, "P", 0, NAN, 0, NULL, NULL);
    cx_paths_log_add(to, c, "Q", (long long)i * 1000, NAN, 0, NULL, NULL);
  }
  assert_int_equal(cx_paths_log_merge(p, q), CX_OK);
  cx_paths_result *r2 = result_of(p);
  cx_paths_edge e2;
  find_edge(r2, "P", "Q", &e2);
  assert_float_equal(e2.median, e.median, 0);
  /* The histogram reads back from bytes to the same bytes and median. */
  cx_paths_log *back;
  assert_int_equal(cx_paths_log_deserialize(&back, one, n1), CX_OK);
  uint8_t *two = bytes(back, &n2);
  assert_int_equal(n2, n1);
  assert_memory_equal(two, one, n1);
  cx_paths_result *r3 = result_of(back);
  cx_paths_edge e3;
  find_edge(r3, "P", "Q", &e3);
  assert_float_equal(e3.median, e.median, 0);
  assert_int_equal(e3.exact, 0);
  cx_paths_result_free(r3);
  cx_paths_log_free(back);
  cx_free(two);
  cx_free(one);
  cx_paths_result_free(r);
  cx_paths_result_free(r2);
  cx_paths_log_free(log);
  cx_paths_log_free(p);
  cx_paths_log_free(q);
}

/* ---- case codes and variant order at scale --------------------------------- */

/* Random cases over two touchpoints named so that their names sort against
 * their codes, with paths long enough that many variants share a count and
 * a long prefix.  Relabelling the case codes (dense, sparse, negative) or
 * grouping the rows by case must not change anything; the variants must
 * come by count, then by their sequences of names. */
static void test_codes_and_variant_order(void **state) {
  (void)state;
  enum { N = 60000, CASES = 1500 };
  static const char *const dict[] = {"z", "a"};
  int64_t *cas = malloc(N * sizeof *cas), *ts = malloc(N * sizeof *ts);
  int32_t *tp = malloc(N * sizeof *tp);
  assert_true(cas && ts && tp);
  uint64_t x = 88172645463325252ull;
  for (size_t i = 0; i < N; i++) {
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    cas[i] = (int64_t)(x % CASES);
    tp[i] = (x >> 20 & 31) == 0;
    ts[i] = (int64_t)i * S;
  }
  char *want = NULL;
  for (int relabel = 0; relabel < 4; relabel++) {
    int64_t *c = malloc(N * sizeof *c), *t2 = malloc(N * sizeof *t2);
    int32_t *p2 = malloc(N * sizeof *p2);
    assert_true(c && t2 && p2);
    memcpy(t2, ts, N * sizeof *t2);
    memcpy(p2, tp, N * sizeof *p2);
    for (size_t i = 0; i < N; i++)
      c[i] = relabel == 0 ? cas[i]
             : relabel == 1 ? (cas[i] * INT64_C(6700417) << 20) - (INT64_C(1) << 40)
             : relabel == 2 ? -cas[i] - 5
                            : cas[i];
    if (relabel == 3) {
      /* Grouped by case (codes increasing), times reversed within. */
      size_t k = 0;
      for (int64_t g = 0; g < CASES; g++)
        for (size_t i = N; i-- > 0;)
          if (cas[i] == g) {
            c[k] = g;
            p2[k] = tp[i];
            t2[k++] = ts[i];
          }
      assert_int_equal(k, N);
    }
    cx_array a_cas = CX_ARRAY(c, CX_DTYPE_I64),
             a_tp = CX_ARRAY(p2, CX_DTYPE_I32),
             a_ts = CX_ARRAY(t2, CX_DTYPE_I64);
    cx_paths_log *log = new_log(0);
    assert_int_equal(cx_paths_log_add_batch(log, N, &a_cas, &a_tp, &a_ts,
                                            NULL, NULL, NULL, dict, 2, NULL,
                                            0),
                     CX_OK);
    char *got = canonical(log);
    if (!want)
      want = got;
    else {
      assert_string_equal(got, want);
      free(got);
    }
    cx_paths_result *r = result_of(log);
    size_t nv = cx_paths_result_n_variants(r), ties = 0;
    assert_true(nv > 100);
    for (size_t i = 1; i < nv; i++) {
      cx_paths_variant a, b;
      cx_paths_result_variant(r, i - 1, &a);
      cx_paths_result_variant(r, i, &b);
      assert_true(a.count >= b.count);
      if (a.count != b.count)
        continue;
      ties++;
      int order = 0;
      for (size_t k = 0; !order && k < a.length && k < b.length; k++)
        order = strcmp(
            cx_paths_result_touchpoint_name(
                r, cx_paths_result_variant_step(r, i - 1, k)),
            cx_paths_result_touchpoint_name(
                r, cx_paths_result_variant_step(r, i, k)));
      assert_true(order < 0 || (order == 0 && a.length < b.length));
    }
    assert_true(ties > 100);
    /* Each variant once: the counts add up to the cases. */
    uint64_t total = 0;
    for (size_t i = 0; i < nv; i++) {
      cx_paths_variant v;
      cx_paths_result_variant(r, i, &v);
      total += v.count;
    }
    assert_int_equal(total, CASES);
    cx_paths_result_free(r);
    cx_paths_log_free(log);
    free(c);
    free(t2);
    free(p2);
  }
  free(want);
  free(cas);
  free(ts);
  free(tp);
}

/* Case codes anywhere in the int64 range, arriving in random order:
 * spread codes that the held events later make dense enough, codes at
 * either end of the range, and both ends at once.  Every labelling gives
 * the same analyses as codes 0 .. CASES - 1, also after the held events
 * went through bytes; the counts are those of the generated log. */
static void test_case_codes_anywhere(void **state) {
  (void)state;
  enum { N = 20000, CASES = 900 };
  static const char *const dict[] = {"p", "q", "r"};
  int64_t *cas = malloc(N * sizeof *cas), *ts = malloc(N * sizeof *ts);
  int64_t *c = malloc(N * sizeof *c);
  int32_t *tp = malloc(N * sizeof *tp);
  assert_true(cas && ts && c && tp);
  uint64_t x = 2463534242ull;
  unsigned seen[CASES] = {0};
  size_t ncases = 0;
  for (size_t i = 0; i < N; i++) {
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    cas[i] = (int64_t)(x % CASES);
    ncases += seen[cas[i]]++ == 0;
    tp[i] = (int32_t)(x >> 33) % 3;
    ts[i] = (int64_t)i * S;
  }
  char *want = NULL;
  for (int label = 0; label < 5; label++) {
    for (size_t i = 0; i < N; i++) {
      int64_t g = cas[i];
      c[i] = label == 0   ? g
             : label == 1 ? g * 80 /* too spread at first, dense later */
             : label == 2 ? INT64_MAX - g
             : label == 3 ? INT64_MIN + g
                          : (g == 0 ? INT64_MIN : g == 1 ? INT64_MAX : g);
    }
    cx_array a_cas = CX_ARRAY(c, CX_DTYPE_I64),
             a_tp = CX_ARRAY(tp, CX_DTYPE_I32),
             a_ts = CX_ARRAY(ts, CX_DTYPE_I64);
    cx_paths_log *log = new_log(0);
    /* In two batches, so that the second meets the first's numbering. */
    assert_int_equal(cx_paths_log_add_batch(log, N / 2, &a_cas, &a_tp, &a_ts,
                                            NULL, NULL, NULL, dict, 3, NULL,
                                            0),
                     CX_OK);
    cx_array b_cas = CX_ARRAY(c + N / 2, CX_DTYPE_I64),
             b_tp = CX_ARRAY(tp + N / 2, CX_DTYPE_I32),
             b_ts = CX_ARRAY(ts + N / 2, CX_DTYPE_I64);
    assert_int_equal(cx_paths_log_add_batch(log, N - N / 2, &b_cas, &b_tp,
                                            &b_ts, NULL, NULL, NULL, dict, 3,
                                            NULL, 0),
                     CX_OK);
    size_t nb;
    uint8_t *b = bytes(log, &nb);
    cx_paths_log *back;
    assert_int_equal(cx_paths_log_deserialize(&back, b, nb), CX_OK);
    cx_free(b);
    char *got = canonical(log), *got2 = canonical(back);
    assert_string_equal(got, got2);
    free(got2);
    if (!want)
      want = got;
    else {
      assert_string_equal(got, want);
      free(got);
    }
    cx_paths_result *r = result_of(back);
    cx_paths_summary su;
    cx_paths_result_summary(r, &su);
    assert_int_equal(su.n_cases, ncases);
    assert_int_equal(su.n_events, N);
    cx_paths_result_free(r);
    cx_paths_log_free(log);
    cx_paths_log_free(back);
  }
  free(want);
  free(cas);
  free(ts);
  free(c);
  free(tp);
}

/* ---- limits and misuse ----------------------------------------------------- */

static void test_limits_and_errors(void **state) {
  (void)state;
  cx_paths_options o = CX_PATHS_OPTIONS_INIT;
  o.max_cases = 2;
  o.max_touchpoints = 2;
  cx_paths_log *log;
  assert_int_equal(cx_paths_log_new(&log, &o), CX_OK);
  assert_int_equal(cx_paths_log_add(log, "a", "X", 0, NAN, 0, NULL, NULL), 0);
  assert_int_equal(cx_paths_log_add(log, "b", "Y", 0, NAN, 0, NULL, NULL), 0);
  assert_int_equal(cx_paths_log_add(log, "c", "X", 0, NAN, 0, NULL, NULL),
                   CX_ERANGE);
  assert_int_equal(cx_paths_log_add(log, "a", "Z", 0, NAN, 0, NULL, NULL),
                   CX_ERANGE);
  assert_int_equal(cx_paths_log_n_events(log), 2);
  assert_int_equal(cx_paths_log_add(log, "", "X", 0, NAN, 0, NULL, NULL),
                   CX_EINVAL);
  assert_int_equal(cx_paths_log_add(log, "a", "\xff", 0, NAN, 0, NULL, NULL),
                   CX_EINVAL);
  assert_int_equal(cx_paths_log_add(log, "a", "X", 0, INFINITY, 1, NULL, NULL),
                   CX_EINVAL);
  assert_int_equal(cx_paths_log_add(log, "a", "X", 0, NAN, 2, NULL, NULL),
                   CX_EINVAL);
  assert_int_equal(
      cx_paths_log_add(log, "a", "X", INT64_MIN, NAN, 0, NULL, NULL),
      CX_ERANGE);
  assert_int_equal(cx_paths_log_add(NULL, "a", "X", 0, NAN, 0, NULL, NULL),
                   CX_EINVAL);
  size_t k;
  assert_int_equal(cx_paths_log_find_touchpoint(log, "Y", &k), CX_OK);
  assert_int_equal(k, 1);
  assert_int_equal(cx_paths_log_find_touchpoint(log, "Q", &k), CX_ENOTFOUND);
  assert_null(cx_paths_log_touchpoint_name(log, 2));
  cx_paths_options got;
  assert_int_equal(cx_paths_log_get_options(log, &got), CX_OK);
  assert_int_equal(got.max_cases, 2);
  cx_paths_log_free(log);
  /* A sorted log: the third case is refused. */
  o.sorted_by_case = 1;
  o.max_touchpoints = 10;
  assert_int_equal(cx_paths_log_new(&log, &o), CX_OK);
  assert_int_equal(cx_paths_log_add(log, "a", "X", 0, NAN, 0, NULL, NULL), 0);
  assert_int_equal(cx_paths_log_add(log, "b", "X", 0, NAN, 0, NULL, NULL), 0);
  assert_int_equal(cx_paths_log_add(log, "c", "X", 0, NAN, 0, NULL, NULL),
                   CX_ERANGE);
  assert_int_equal(cx_paths_log_add(log, "b", "Y", 1, NAN, 0, NULL, NULL), 0);
  cx_paths_log_free(log);
  /* Batches check max_cases when the cases close. */
  o.sorted_by_case = 0;
  assert_int_equal(cx_paths_log_new(&log, &o), CX_OK);
  int64_t c[3] = {1, 2, 3}, t[3] = {0, 0, 0};
  uint8_t p[3] = {0, 0, 0};
  cx_array ac = CX_ARRAY(c, CX_DTYPE_I64), ap = CX_ARRAY(p, CX_DTYPE_U8),
           at = CX_ARRAY(t, CX_DTYPE_I64);
  static const char *const names[] = {"X"};
  assert_int_equal(cx_paths_log_add_batch(log, 3, &ac, &ap, &at, NULL, NULL,
                                          NULL, names, 1, NULL, 0),
                   CX_OK);
  cx_paths_result *r = NULL;
  assert_int_equal(cx_paths_result_compute(&r, log), CX_ERANGE);
  assert_int_equal(cx_paths_log_flush(log), CX_ERANGE);
  assert_int_equal(cx_paths_log_n_pending(log), 3);
  cx_paths_log_free(log);
  o.version = 99;
  assert_int_equal(cx_paths_log_new(&log, &o), CX_EINVAL);
  o = (cx_paths_options)CX_PATHS_OPTIONS_INIT;
  o.max_touchpoints = 0;
  assert_int_equal(cx_paths_log_new(&log, &o), CX_EINVAL);
  assert_int_equal(cx_paths_log_new(NULL, NULL), CX_EINVAL);
  cx_paths_log_free(NULL);
  cx_paths_result_free(NULL);
  cx_paths_funnel_free(NULL);
  /* An empty log gives an empty result with NaN statistics. */
  assert_int_equal(cx_paths_log_new(&log, NULL), CX_OK);
  r = result_of(log);
  cx_paths_summary su;
  cx_paths_result_summary(r, &su);
  assert_int_equal(su.n_cases, 0);
  assert_true(isnan(su.duration_mean) && isnan(su.duration_median));
  double q;
  assert_int_equal(cx_paths_result_duration_quantile(r, 0.5, &q), CX_OK);
  assert_true(isnan(q));
  cx_paths_result_free(r);
  cx_paths_log_free(log);
}


/* ---- held events: wide codes, far-apart and unordered times --------------- */

/* A log the held-event store must encode in every way it knows: 300
 * touchpoints (codes past the one-byte field), 1,000 cases (spread over
 * every partition), times from before 1970 to centuries later with gaps
 * of up to ten years, events added in shuffled order.  The expected graph
 * and variants are worked out here from the events themselves. */
enum { W_TP = 300, W_CASES = 1000, W_LEN = 6 };

typedef struct wcase {
  int n;
  int tp[W_LEN];
  long long ts[W_LEN];
} wcase;

static uint64_t w_rng = 88172645463325252ull;
static uint64_t w_next(void) {
  w_rng ^= w_rng << 13;
  w_rng ^= w_rng >> 7;
  w_rng ^= w_rng << 17;
  return w_rng;
}

static int cmp_seq(const void *a, const void *b) {
  const wcase *x = a, *y = b;
  for (int i = 0; i < x->n && i < y->n; i++)
    if (x->tp[i] != y->tp[i])
      return x->tp[i] < y->tp[i] ? -1 : 1;
  return x->n - y->n;
}

static void test_held_encoding(void **state) {
  (void)state;
  static wcase cs[W_CASES];
  static char names[W_TP][8];
  const char *dict[W_TP];
  for (int t = 0; t < W_TP; t++) {
    snprintf(names[t], sizeof names[t], "p%03d", t);
    dict[t] = names[t];
  }
  size_t nev = 0;
  for (int c = 0; c < W_CASES; c++) {
    wcase *w = &cs[c];
    w->n = 1 + (int)(w_next() % W_LEN);
    /* From about 900 to 2900 AD, in microseconds. */
    long long t = -33000000000000000LL +
                  (long long)(w_next() % 63000000000000000ull);
    for (int i = 0; i < w->n; i++) {
      w->tp[i] = (int)(w_next() % W_TP);
      w->ts[i] = t;
      /* Gaps from 1 us to 10 years, most far beyond 32 bits. */
      t += 1 + (long long)(w_next() % 315360000000000ull >>
                           (w_next() % 40));
    }
    nev += (size_t)w->n;
  }
  /* Every event as (case, step), shuffled. */
  int(*order)[2] = malloc(nev * sizeof *order);
  assert_non_null(order);
  for (int c = 0, k = 0; c < W_CASES; c++)
    for (int i = 0; i < cs[c].n; i++, k++) {
      order[k][0] = c;
      order[k][1] = i;
    }
  for (size_t k = nev - 1; k > 0; k--) {
    size_t j = w_next() % (k + 1);
    int a = order[k][0], b = order[k][1];
    order[k][0] = order[j][0];
    order[k][1] = order[j][1];
    order[j][0] = a;
    order[j][1] = b;
  }
  int64_t *cas = malloc(nev * 8), *ts = malloc(nev * 8);
  int32_t *tp = malloc(nev * 4);
  assert_true(cas && ts && tp);
  for (size_t k = 0; k < nev; k++) {
    const wcase *w = &cs[order[k][0]];
    cas[k] = 7 * order[k][0] - 3000; /* negative and positive keys */
    tp[k] = w->tp[order[k][1]];
    ts[k] = w->ts[order[k][1]];
  }
  cx_array ac = {cas, CX_DTYPE_I64, 0}, at = {tp, CX_DTYPE_I32, 0},
           as = {ts, CX_DTYPE_I64, 0};
  cx_paths_log *log = new_log(0);
  /* In two batches, so that the second adds to partitions in use. */
  size_t half = nev / 2;
  assert_int_equal(cx_paths_log_add_batch(log, half, &ac, &at, &as, NULL, NULL,
                                          NULL, dict, W_TP, NULL, 0),
                   CX_OK);
  ac.data = cas + half;
  at.data = tp + half;
  as.data = ts + half;
  assert_int_equal(cx_paths_log_add_batch(log, nev - half, &ac, &at, &as,
                                          NULL, NULL, NULL, dict, W_TP, NULL,
                                          0),
                   CX_OK);
  assert_int_equal(cx_paths_log_n_pending(log), nev);
  cx_paths_result *r = result_of(log);
  cx_paths_summary su;
  assert_int_equal(cx_paths_result_summary(r, &su), CX_OK);
  assert_int_equal(su.n_events, nev);
  assert_int_equal(su.n_cases, W_CASES);
  /* Edges: count, shortest and longest gap of every pair, by hand. */
  size_t checked = 0;
  for (int c = 0; c < W_CASES; c++)
    for (int i = 0; i + 1 < cs[c].n; i++) {
      int a = cs[c].tp[i], b = cs[c].tp[i + 1];
      uint64_t count = 0;
      long long lo = LLONG_MAX, hi = LLONG_MIN;
      for (int d = 0; d < W_CASES; d++)
        for (int j = 0; j + 1 < cs[d].n; j++)
          if (cs[d].tp[j] == a && cs[d].tp[j + 1] == b) {
            long long g = cs[d].ts[j + 1] - cs[d].ts[j];
            count++;
            lo = g < lo ? g : lo;
            hi = g > hi ? g : hi;
          }
      cx_paths_edge e;
      find_edge(r, dict[a], dict[b], &e);
      assert_int_equal(e.count, count);
      assert_true(e.min == (double)lo / 1e6);
      assert_true(e.max == (double)hi / 1e6);
      checked++;
    }
  assert_true(checked > 2000);
  /* Variants: the distinct sequences and how often each came. */
  qsort(cs, W_CASES, sizeof *cs, cmp_seq);
  size_t distinct = 0;
  for (int c = 0; c < W_CASES; c++)
    distinct += c == 0 || cmp_seq(&cs[c - 1], &cs[c]) != 0;
  assert_int_equal(su.n_variants, distinct);
  for (size_t v = 0; v < cx_paths_result_n_variants(r); v++) {
    cx_paths_variant var;
    assert_int_equal(cx_paths_result_variant(r, v, &var), CX_OK);
    wcase want = {(int)var.length, {0}, {0}};
    assert_true(var.length <= W_LEN);
    for (size_t k = 0; k < var.length; k++)
      want.tp[k] = atoi(cx_paths_result_touchpoint_name(
                            r, cx_paths_result_variant_step(r, v, k)) +
                        1);
    uint64_t count = 0;
    for (int c = 0; c < W_CASES; c++)
      count += cmp_seq(&cs[c], &want) == 0;
    assert_int_equal(var.count, count);
  }
  /* The bytes give the same log back, and the same results. */
  size_t n1;
  uint8_t *b1;
  cx_paths_log *back = round_trip(log, &b1, &n1);
  cx_free(b1);
  cx_paths_log_free(back);
  cx_paths_result_free(r);
  cx_paths_log_free(log);
  free(order);
  free(cas);
  free(ts);
  free(tp);
}

/* Reseal altered bytes with their checksum, as a writer would. */
static void reseal(uint8_t *b, size_t n) {
  uint64_t sum = cx__hash(b, n - 8, 0);
  for (int i = 0; i < 8; i++)
    b[n - 8 + i] = (uint8_t)(sum >> (8 * i));
}

/* Where the 8 bytes of @p v (little-endian) are in @p b. */
static size_t find_u64(const uint8_t *b, size_t n, uint64_t v) {
  for (size_t i = 0; i + 8 <= n; i++) {
    uint64_t x = 0;
    for (int k = 0; k < 8; k++)
      x |= (uint64_t)b[i + k] << (8 * k);
    if (x == v)
      return i;
  }
  fail_msg("pattern not found");
  return 0;
}

static void test_held_bytes_refused(void **state) {
  (void)state;
  /* Two cases of two events: x at times T1, T2 and y at T3, T4. */
  const long long T1 = 0x1111111111LL, T2 = 0x2222222222LL,
                  T3 = 0x3333333333LL, T4 = 0x4444444444LL;
  cx_paths_log *log = new_log(0);
  assert_int_equal(cx_paths_log_add(log, "x", "A", T1, NAN, 0, NULL, NULL),
                   CX_OK);
  assert_int_equal(cx_paths_log_add(log, "y", "B", T3, NAN, 0, NULL, NULL),
                   CX_OK);
  assert_int_equal(cx_paths_log_add(log, "x", "B", T2, NAN, 0, NULL, NULL),
                   CX_OK);
  assert_int_equal(cx_paths_log_add(log, "y", "C", T4, NAN, 0, NULL, NULL),
                   CX_OK);
  size_t n;
  uint8_t *b = bytes(log, &n);
  /* Written case after case: x's two events, then y's. */
  size_t p1 = find_u64(b, n, (uint64_t)T1), p2 = find_u64(b, n, (uint64_t)T2),
         p3 = find_u64(b, n, (uint64_t)T3), p4 = find_u64(b, n, (uint64_t)T4);
  assert_true(p1 < p2 && p2 < p3 && p3 < p4);
  size_t rec = p2 - p1; /* key, touchpoint, time */
  assert_int_equal(rec, 20);
  /* x, y, x, y: the cases interleave, which the writer never does. */
  uint8_t tmp[20];
  memcpy(tmp, b + p2 - 12, rec);
  memcpy(b + p2 - 12, b + p3 - 12, rec);
  memcpy(b + p3 - 12, tmp, rec);
  reseal(b, n);
  cx_paths_log *bad = NULL;
  assert_int_equal(cx_paths_log_deserialize(&bad, b, n), CX_EPARSE);
  assert_non_null(strstr(cx_error_last(), "held events out of case order"));
  assert_null(bad);
  cx_free(b);
  cx_paths_log_free(log);

  /* A value that is a NaN with a payload the writer would not keep. */
  log = new_log(0);
  assert_int_equal(cx_paths_log_add(log, "x", "A", T1, 1.5, 1, NULL, NULL),
                   CX_OK);
  b = bytes(log, &n);
  double v = 1.5;
  uint64_t bits;
  memcpy(&bits, &v, 8);
  size_t pv = find_u64(b, n, bits);
  const uint64_t odd_nan = 0x7ff8000000000001ull;
  for (int k = 0; k < 8; k++)
    b[pv + (size_t)k] = (uint8_t)(odd_nan >> (8 * k));
  reseal(b, n);
  assert_int_equal(cx_paths_log_deserialize(&bad, b, n), CX_EPARSE);
  assert_null(bad);
  cx_free(b);
  cx_paths_log_free(log);

  /* A case whose events disagree on its segment. */
  log = new_log(0);
  assert_int_equal(cx_paths_log_add(log, "x", "A", T1, NAN, 0, "web", NULL),
                   CX_OK);
  assert_int_equal(cx_paths_log_add(log, "y", "A", T3, NAN, 0, "shop", NULL),
                   CX_OK);
  assert_int_equal(cx_paths_log_add(log, "x", "B", T2, NAN, 0, "shop", NULL),
                   CX_OK);
  b = bytes(log, &n);
  /* Each record ends with its case's segment: web (0) for both of x. */
  p2 = find_u64(b, n, (uint64_t)T2);
  assert_int_equal(b[p2 + 8], 0);
  b[p2 + 8] = 1;
  reseal(b, n);
  assert_int_equal(cx_paths_log_deserialize(&bad, b, n), CX_EPARSE);
  assert_null(bad);
  b[p2 + 8] = 0;
  reseal(b, n);
  assert_int_equal(cx_paths_log_deserialize(&bad, b, n), CX_OK);
  cx_paths_log_free(bad);
  cx_free(b);
  cx_paths_log_free(log);
}

/* Counts beyond 32 bits (as logs of more than 4 billion cases would have,
 * here written into the bytes of a small log): [B] with 2^32 + 9 cases,
 * [A] with 2^32 + 8, [C] with 2^32 + 7 and [D] with one come in that order,
 * by count, whatever their names. */
static void test_variant_order_huge_counts(void **state) {
  (void)state;
  cx_paths_log *log = new_log(1);
  static const char *const seq[] = {"A", "B", "C", "D"};
  char id[8];
  for (int i = 0; i < 4; i++) {
    snprintf(id, sizeof id, "k%d", i);
    assert_int_equal(cx_paths_log_add(log, id, seq[i], 0, NAN, 0, NULL, NULL),
                     CX_OK);
  }
  assert_int_equal(cx_paths_log_flush(log), CX_OK);
  size_t n;
  uint8_t *b = bytes(log, &n);
  /* Each variant: length 1, segment 0, no conversion, count 1, ... and
   * its touchpoint code (A = 0 ... D = 3) after the duration and the
   * value, 44 bytes from the start. */
  static const uint8_t head[] = {1, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff,
                                 0xff, 0xff, 1, 0, 0, 0, 0, 0, 0, 0};
  const uint64_t big[] = {(1ull << 32) + 8, (1ull << 32) + 9,
                          (1ull << 32) + 7};
  int patched = 0;
  for (size_t p = 0; p + 48 <= n; p++)
    if (!memcmp(b + p, head, sizeof head) && b[p + 45] == 0 &&
        b[p + 46] == 0 && b[p + 47] == 0 && b[p + 44] < 3) {
      uint64_t c = big[b[p + 44]];
      for (int k = 0; k < 8; k++)
        b[p + 12 + (size_t)k] = (uint8_t)(c >> (8 * k));
      patched++;
    }
  assert_int_equal(patched, 3);
  reseal(b, n);
  cx_paths_log *back;
  assert_int_equal(cx_paths_log_deserialize(&back, b, n), CX_OK);
  cx_paths_result *r = result_of(back);
  static const char *const want[] = {"B", "A", "C", "D"};
  const uint64_t counts[] = {big[1], big[0], big[2], 1};
  assert_int_equal(cx_paths_result_n_variants(r), 4);
  for (size_t v = 0; v < 4; v++) {
    cx_paths_variant var;
    assert_int_equal(cx_paths_result_variant(r, v, &var), CX_OK);
    assert_true(var.count == counts[v]);
    assert_string_equal(cx_paths_result_touchpoint_name(
                            r, cx_paths_result_variant_step(r, v, 0)),
                        want[v]);
  }
  cx_paths_result_free(r);
  cx_paths_log_free(back);
  cx_free(b);
  cx_paths_log_free(log);
}

/* Variants pool the cases of one sequence over segments and conversion
 * places: [A, B] comes in web with a conversion at B (twice) and in shop
 * without one; [B] in web and then in shop, after the variants of [A, B],
 * so that its pooled variant is not numbered as its first variant. */
static void test_variants_pooled(void **state) {
  (void)state;
  static const ev log4[] = {
      {"s1", "A", 0, NAN, 0, "web"},  {"s1", "B", 60, 10, 1, "web"},
      {"s2", "A", 0, NAN, 0, "shop"}, {"s2", "B", 30, NAN, 0, "shop"},
      {"s3", "A", 0, NAN, 0, "web"},  {"s3", "B", 90, 5, 1, "web"},
      {"s4", "B", 0, NAN, 0, "web"},  {"s5", "B", 0, NAN, 0, "shop"},
  };
  cx_paths_log *log = new_log(0);
  for (size_t i = 0; i < sizeof log4 / sizeof log4[0]; i++)
    add(log, &log4[i]);
  cx_paths_result *r = result_of(log);
  assert_int_equal(cx_paths_result_n_variants(r), 2);
  cx_paths_variant v;
  assert_int_equal(cx_paths_result_variant(r, 0, &v), CX_OK);
  assert_int_equal(v.length, 2);
  assert_string_equal(
      cx_paths_result_touchpoint_name(r, cx_paths_result_variant_step(r, 0, 0)),
      "A");
  assert_string_equal(
      cx_paths_result_touchpoint_name(r, cx_paths_result_variant_step(r, 0, 1)),
      "B");
  assert_int_equal(v.count, 3);
  assert_int_equal(v.converted, 2);
  assert_true(v.value == 15.0);
  assert_true(v.mean_duration == 60.0); /* (60 + 30 + 90) / 3 */
  assert_true(fabs(v.share - 0.6) < 1e-15);
  assert_int_equal(cx_paths_result_variant(r, 1, &v), CX_OK);
  assert_int_equal(v.length, 1);
  assert_int_equal(v.count, 2);
  assert_int_equal(v.converted, 0);
  assert_true(v.mean_duration == 0.0);
  assert_int_equal(cx_paths_result_variant_step(r, 1, 1), SIZE_MAX);
  assert_int_equal(cx_paths_result_variant(r, 2, &v), CX_ENOTFOUND);
  cx_paths_result_free(r);
  cx_paths_log_free(log);
}

/* Many variants of few sequences: random cases over 3 touchpoints, of 1
 * to 4 steps, in 5 segments, converting at a random step or not.  The
 * pooled variants must be the distinct sequences, each with the cases,
 * conversions and values counted here by grouping the generated cases by
 * their sequence strings; also after bytes and after a merge of two
 * halves of the cases. */
static void test_variants_pooled_random(void **state) {
  (void)state;
  enum { CASES = 3000, MAXSEQ = 3 + 9 + 27 + 81 };
  static const char *const tpn[] = {"a", "b", "c"};
  static const char *const segn[] = {"s0", "s1", "s2", "s3", "s4"};
  struct {
    char seq[5];
    uint64_t count, converted;
    double value;
  } want[MAXSEQ];
  size_t nwant = 0;
  memset(want, 0, sizeof want);
  cx_paths_log *all = new_log(0), *half[2] = {new_log(0), new_log(1)};
  uint64_t x = 0x9e3779b97f4a7c15ull;
  char id[16];
  for (int c = 0; c < CASES; c++) {
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    int len = 1 + (int)(x % 4), conv = (int)(x >> 8 & 7);
    const char *seg = segn[x >> 16 & 3 ? (x >> 20) % 5 : 0];
    char seq[5] = {0};
    for (int k = 0; k < len; k++)
      seq[k] = (char)('a' + (x >> (24 + 2 * k)) % 3);
    snprintf(id, sizeof id, "k%d", c);
    double value = conv < len ? (double)(1 + c % 7) : 0.0;
    for (int k = 0; k < len; k++) {
      int out = k == conv;
      cx_paths_log *logs[2] = {all, half[c & 1]};
      for (int l = 0; l < 2; l++)
        assert_int_equal(cx_paths_log_add(logs[l], id, tpn[seq[k] - 'a'],
                                          k * S, out ? value : NAN, out, seg,
                                          NULL),
                         CX_OK);
    }
    size_t w = 0;
    while (w < nwant && strcmp(want[w].seq, seq))
      w++;
    if (w == nwant)
      memcpy(want[nwant++].seq, seq, sizeof seq);
    want[w].count++;
    want[w].converted += conv < len;
    want[w].value += value;
  }
  assert_int_equal(cx_paths_log_merge(half[0], half[1]), CX_OK);
  size_t len;
  uint8_t *b;
  cx_paths_log *back = round_trip(all, &b, &len);
  cx_free(b);
  const cx_paths_log *logs[] = {all, back, half[0]};
  for (int l = 0; l < 3; l++) {
    cx_paths_result *r = result_of(logs[l]);
    assert_int_equal(cx_paths_result_n_variants(r), nwant);
    for (size_t v = 0; v < nwant; v++) {
      cx_paths_variant var;
      assert_int_equal(cx_paths_result_variant(r, v, &var), CX_OK);
      char seq[5] = {0};
      for (size_t k = 0; k < var.length && k < 4; k++)
        seq[k] = cx_paths_result_touchpoint_name(
            r, cx_paths_result_variant_step(r, v, k))[0];
      size_t w = 0;
      while (w < nwant && strcmp(want[w].seq, seq))
        w++;
      assert_true(w < nwant);
      assert_int_equal(var.count, want[w].count);
      assert_int_equal(var.converted, want[w].converted);
      assert_true(var.value == want[w].value); /* small integers: exact */
      want[w].count += 1u << 30; /* each sequence once */
    }
    for (size_t w = 0; w < nwant; w++)
      want[w].count -= 1u << 30;
    cx_paths_result_free(r);
  }
  cx_paths_log_free(back);
  cx_paths_log_free(all);
  cx_paths_log_free(half[0]);
  cx_paths_log_free(half[1]);
}

/* Variant sequences are kept in codes as narrow as the dictionary allows,
 * widened when a wider code comes: a sorted log closes a case of codes
 * below 256, then one with code 300, then one with code 69999 (and the
 * other way round: straight from one byte to four).  Every variant must
 * still read back its own touchpoints, after bytes and after a merge
 * into a log whose own variants came first. */
static void test_variant_code_widths(void **state) {
  (void)state;
  enum { NTP = 70000 };
  static const struct {
    const char *c;
    int tp[3];
  } cases[] = {{"a", {1, 2, 3}},    {"b", {300, 1, 299}},
               {"c", {69999, 5, 256}}, {"d", {1, 2, 3}},
               {"e", {65536, 65535, 0}}};
  static const size_t orders[2][5] = {{0, 1, 2, 3, 4}, {0, 2, 3, 1, 4}};
  char name[16];
  for (int o = 0; o < 2; o++) {
    cx_paths_log *log = new_log(1);
    for (int t = 0; t < NTP; t++) {
      snprintf(name, sizeof name, "t%05d", t);
      assert_int_equal(cx_paths_log_add_touchpoint(log, name, NULL, NULL),
                       CX_OK);
    }
    for (size_t i = 0; i < 5; i++)
      for (int k = 0; k < 3; k++) {
        snprintf(name, sizeof name, "t%05d", cases[orders[o][i]].tp[k]);
        assert_int_equal(cx_paths_log_add(log, cases[orders[o][i]].c, name,
                                          k * S, NAN, 0, NULL, NULL),
                         CX_OK);
      }
    /* Another log whose variants (narrow codes) come first. */
    cx_paths_log *other = new_log(0);
    assert_int_equal(cx_paths_log_add(other, "x", "t00007", 0, NAN, 0, NULL,
                                      NULL),
                     CX_OK);
    assert_int_equal(cx_paths_log_add(other, "x", "t00009", S, NAN, 0, NULL,
                                      NULL),
                     CX_OK);
    assert_int_equal(cx_paths_log_flush(other), CX_OK);
    assert_int_equal(cx_paths_log_merge(other, log), CX_OK);
    size_t len;
    uint8_t *b;
    cx_paths_log *back = round_trip(log, &b, &len);
    cx_free(b);
    const cx_paths_log *logs[] = {log, back, other};
    for (int l = 0; l < 3; l++) {
      cx_paths_result *r = result_of(logs[l]);
      size_t nv = cx_paths_result_n_variants(r);
      assert_int_equal(nv, l == 2 ? 5 : 4);
      uint64_t total = 0;
      for (size_t v = 0; v < nv; v++) {
        cx_paths_variant var;
        assert_int_equal(cx_paths_result_variant(r, v, &var), CX_OK);
        total += var.count;
        if (var.length == 2) {
          assert_string_equal(cx_paths_result_touchpoint_name(
                                  r, cx_paths_result_variant_step(r, v, 1)),
                              "t00009");
          continue;
        }
        assert_int_equal(var.length, 3);
        /* The case of this variant: the one whose first code matches. */
        const char *first = cx_paths_result_touchpoint_name(
            r, cx_paths_result_variant_step(r, v, 0));
        size_t c = 0;
        for (; c < 5; c++) {
          snprintf(name, sizeof name, "t%05d", cases[c].tp[0]);
          if (!strcmp(name, first))
            break;
        }
        assert_true(c < 5);
        assert_int_equal(var.count, c == 0 ? 2 : 1);
        for (int k = 0; k < 3; k++) {
          snprintf(name, sizeof name, "t%05d", cases[c].tp[k]);
          assert_string_equal(cx_paths_result_touchpoint_name(
                                  r, cx_paths_result_variant_step(r, v,
                                                                  (size_t)k)),
                              name);
        }
      }
      assert_int_equal(total, l == 2 ? 6 : 5);
      cx_paths_result_free(r);
    }
    cx_paths_log_free(back);
    cx_paths_log_free(other);
    cx_paths_log_free(log);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_graph_by_hand),
      cmocka_unit_test(test_funnels_by_hand),
      cmocka_unit_test(test_unsorted_equals_sorted),
      cmocka_unit_test(test_equal_timestamps_keep_input_order),
      cmocka_unit_test(test_long_unsorted_case),
      cmocka_unit_test(test_long_case_durations),
      cmocka_unit_test(test_merge_equals_one_pass),
      cmocka_unit_test(test_serialize_round_trip),
      cmocka_unit_test(test_batch_with_dictionary),
      cmocka_unit_test(test_batch_column_types),
      cmocka_unit_test(test_batch_sorted_streams),
      cmocka_unit_test(test_many_distinct_durations),
      cmocka_unit_test(test_codes_and_variant_order),
      cmocka_unit_test(test_case_codes_anywhere),
      cmocka_unit_test(test_limits_and_errors),
      cmocka_unit_test(test_held_encoding),
      cmocka_unit_test(test_held_bytes_refused),
      cmocka_unit_test(test_variant_order_huge_counts),
      cmocka_unit_test(test_variants_pooled),
      cmocka_unit_test(test_variants_pooled_random),
      cmocka_unit_test(test_variant_code_widths),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
