/* Tests of graph-only event logs (cx_paths_options.graph_only): the
 * five-case log worked out by hand, agreement with a full log (which
 * orders held events and summarises whole cases, an independent path) on
 * random logs added one at a time and in batches, in time order and not,
 * with few and with more than 64 touchpoints; refusals of events out of
 * order that leave the log as it was; flush, merge, serialization; and
 * what a graph-only log does not do. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <cx/journey.h>
#include <cx/paths.h>

#include "tight_alloc.h"

#define S 1000000LL

static cx_paths_log *new_log(int graph_only, uint64_t max_cases) {
  cx_paths_options o = CX_PATHS_OPTIONS_INIT;
  o.graph_only = graph_only;
  o.max_cases = max_cases;
  cx_paths_log *log;
  assert_int_equal(cx_paths_log_new(&log, &o), CX_OK);
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

static uint8_t *bytes(const cx_paths_log *log, size_t *len) {
  uint8_t *b;
  assert_int_equal(cx_paths_log_serialize(log, &b, len), CX_OK);
  return b;
}

/* ---- by hand --------------------------------------------------------------- */

/* The five cases of docs/methodology/paths.md, each in time order. */
typedef struct ev {
  const char *c, *t;
  long long s;
  double value;
  int outcome;
} ev;

static const ev HAND[] = {
    {"c1", "A", 0, NAN, 0},   {"c2", "A", 0, NAN, 0},   {"c3", "A", 0, NAN, 0},
    {"c4", "B", 0, NAN, 0},   {"c5", "A", 0, NAN, 0},   {"c3", "B", 30, NAN, 0},
    {"c1", "B", 60, NAN, 0},  {"c4", "A", 60, NAN, 0},  {"c5", "B", 60, NAN, 0},
    {"c2", "C", 120, NAN, 0}, {"c4", "B", 120, NAN, 0}, {"c4", "C", 150, NAN, 0},
    {"c1", "C", 180, NAN, 0}, {"c5", "C", 180, NAN, 0}, {"c2", "D", 240, 50, 1},
    {"c1", "D", 300, 100, 1}, {"c5", "D", 300, 100, 1},
};
enum { NHAND = sizeof HAND / sizeof HAND[0] };

static cx_paths_log *hand_log(void) {
  cx_paths_log *log = new_log(1, 0);
  for (size_t i = 0; i < NHAND; i++)
    assert_int_equal(cx_paths_log_add(log, HAND[i].c, HAND[i].t,
                                      HAND[i].s * S, HAND[i].value,
                                      HAND[i].outcome, NULL, NULL),
                     CX_OK);
  return log;
}

static void expect_edge(const cx_paths_result *r, const char *a,
                        const char *b, uint64_t count, double mean,
                        double median, double min, double max) {
  for (size_t i = 0; i < cx_paths_result_n_edges(r); i++) {
    cx_paths_edge e;
    assert_int_equal(cx_paths_result_edge(r, i, &e), CX_OK);
    if (strcmp(e.from_name, a) || strcmp(e.to_name, b))
      continue;
    assert_int_equal(e.count, count);
    assert_float_equal(e.mean, mean, 1e-9);
    assert_float_equal(e.median, median, 1e-9);
    assert_float_equal(e.min, min, 1e-12);
    assert_float_equal(e.max, max, 1e-12);
    return;
  }
  fail_msg("edge %s -> %s missing", a, b);
}

static void expect_tp(const cx_paths_result *r, const char *name,
                      uint64_t events, uint64_t cases, uint64_t starts,
                      uint64_t ends) {
  for (size_t t = 0; t < 4; t++) {
    cx_paths_touchpoint tp;
    assert_int_equal(cx_paths_result_touchpoint(r, t, &tp), CX_OK);
    if (strcmp(tp.name, name))
      continue;
    assert_int_equal(tp.events, events);
    assert_int_equal(tp.cases, cases);
    assert_int_equal(tp.starts, starts);
    assert_int_equal(tp.ends, ends);
    return;
  }
  fail_msg("touchpoint %s missing", name);
}

static void test_graph_only_by_hand(void **state) {
  (void)state;
  cx_paths_log *log = hand_log();
  assert_int_equal(cx_paths_log_n_events(log), 17);
  assert_int_equal(cx_paths_log_n_pending(log), 0);
  cx_paths_result *r = result_of(log);
  cx_paths_summary su;
  assert_int_equal(cx_paths_result_summary(r, &su), CX_OK);
  assert_int_equal(su.n_events, 17);
  assert_int_equal(su.n_cases, 5);
  assert_int_equal(su.n_converted, 3);
  assert_float_equal(su.value, 250.0, 1e-12);
  assert_int_equal(su.n_edges, 5);
  assert_int_equal(su.n_variants, 0);
  /* Durations 300, 240, 30, 150, 300 seconds. */
  assert_float_equal(su.duration_mean, 204.0, 1e-9);
  assert_float_equal(su.duration_median, 240.0, 1e-9);
  assert_float_equal(su.duration_min, 30.0, 1e-12);
  assert_float_equal(su.duration_max, 300.0, 1e-12);
  /* A>B: c1 60, c3 30, c4 60, c5 60; B>C: c1 120, c4 30, c5 120;
   * C>D: 120, 120, 120; A>C: c2 120; B>A: c4 60. */
  expect_edge(r, "A", "B", 4, 52.5, 60, 30, 60);
  expect_edge(r, "B", "C", 3, 90, 120, 30, 120);
  expect_edge(r, "C", "D", 3, 120, 120, 120, 120);
  expect_edge(r, "A", "C", 1, 120, 120, 120, 120);
  expect_edge(r, "B", "A", 1, 60, 60, 60, 60);
  /* events, cases, starts, ends; c4 visits B twice. */
  expect_tp(r, "A", 5, 5, 4, 0);
  expect_tp(r, "B", 5, 4, 1, 1);
  expect_tp(r, "C", 4, 4, 0, 1);
  expect_tp(r, "D", 3, 3, 0, 3);
  assert_int_equal(cx_paths_result_variant(r, 0, &(cx_paths_variant){0}),
                   CX_ENOTFOUND);
  /* Computing again gives the same: the log is not changed. */
  cx_paths_result *again = result_of(log);
  cx_paths_summary su2;
  assert_int_equal(cx_paths_result_summary(again, &su2), CX_OK);
  assert_int_equal(su2.n_cases, 5);
  assert_float_equal(su2.duration_mean, 204.0, 1e-9);
  cx_paths_result_free(again);
  cx_paths_result_free(r);
  cx_paths_log_free(log);
}

/* ---- against a full log ------------------------------------------------------ */

static uint64_t rng = 0x9e3779b97f4a7c15ull;
static uint64_t next(void) {
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return rng;
}

/* Everything but the variants, by names (dictionary orders differ). */
static void compare(const cx_paths_log *full, const cx_paths_log *graph) {
  cx_paths_result *a = result_of(full), *b = result_of(graph);
  cx_paths_summary x, y;
  cx_paths_result_summary(a, &x);
  cx_paths_result_summary(b, &y);
  assert_int_equal(x.n_events, y.n_events);
  assert_int_equal(x.n_cases, y.n_cases);
  assert_int_equal(x.n_converted, y.n_converted);
  assert_float_equal(x.value, y.value, 1e-9 * (1 + fabs(x.value)));
  assert_int_equal(x.n_edges, y.n_edges);
  assert_int_equal(y.n_variants, 0);
  assert_true(x.n_cases == 0 || x.duration_mean == y.duration_mean);
  assert_true(x.n_cases == 0 || x.duration_median == y.duration_median);
  assert_true(x.n_cases == 0 || x.duration_max == y.duration_max);
  for (size_t i = 0; i < x.n_edges; i++) {
    cx_paths_edge e, f;
    assert_int_equal(cx_paths_result_edge(a, i, &e), CX_OK);
    assert_int_equal(cx_paths_result_edge(b, i, &f), CX_OK);
    /* Edges come by count, then names: the same order in both. */
    assert_string_equal(e.from_name, f.from_name);
    assert_string_equal(e.to_name, f.to_name);
    assert_int_equal(e.count, f.count);
    assert_true(e.mean == f.mean && e.median == f.median &&
                e.min == f.min && e.max == f.max);
  }
  for (size_t t = 0; t < x.n_touchpoints; t++) {
    cx_paths_touchpoint p, q;
    size_t u;
    assert_int_equal(cx_paths_result_touchpoint(a, t, &p), CX_OK);
    assert_int_equal(cx_paths_log_find_touchpoint(graph, p.name, &u), CX_OK);
    assert_int_equal(cx_paths_result_touchpoint(b, u, &q), CX_OK);
    assert_int_equal(p.events, q.events);
    assert_int_equal(p.cases, q.cases);
    assert_int_equal(p.starts, q.starts);
    assert_int_equal(p.ends, q.ends);
  }
  cx_paths_result_free(a);
  cx_paths_result_free(b);
}

typedef struct cols {
  int64_t *cas, *ts;
  int32_t *tp;
  int8_t *out;
  double *val;
  size_t n;
} cols;

/* @p ncases cases of up to 12 events over @p ntp touchpoints; times
 * increase within each case, cases interleave.  @p shuffle_cases keeps
 * each case's order but not the global time order. */
static cols random_log(size_t ncases, size_t ntp, int global_order) {
  cols c;
  size_t cap = ncases * 12;
  c.cas = malloc(cap * sizeof *c.cas);
  c.ts = malloc(cap * sizeof *c.ts);
  c.tp = malloc(cap * sizeof *c.tp);
  c.out = malloc(cap);
  c.val = malloc(cap * sizeof *c.val);
  assert_true(c.cas && c.ts && c.tp && c.out && c.val);
  c.n = 0;
  for (size_t k = 0; k < ncases; k++) {
    size_t len = 1 + next() % 12;
    int64_t t = (int64_t)(next() % 100000) * S;
    int64_t id = (int64_t)(next() % 1000000007) - 500000000;
    for (size_t i = 0; i < len; i++) {
      /* Some equal times, some long gaps. */
      t += next() % 4 == 0 ? 0 : (int64_t)(next() % 5000000000ull);
      c.cas[c.n] = id;
      c.ts[c.n] = t;
      c.tp[c.n] = (int32_t)(next() % ntp);
      c.out[c.n] = next() % 9 == 0;
      c.val[c.n] = next() % 2 ? (double)(next() % 1000) / 8 : NAN;
      c.n++;
    }
  }
  /* Sort by time (stable), or interleave cases at random keeping each
   * case's order: a merge of the cases in a random order. */
  size_t *idx = malloc(c.n * sizeof *idx);
  assert_non_null(idx);
  for (size_t i = 0; i < c.n; i++)
    idx[i] = i;
  if (global_order) {
    for (size_t i = 1; i < c.n; i++) {
      size_t v = idx[i], j = i;
      while (j > 0 && c.ts[idx[j - 1]] > c.ts[v]) {
        idx[j] = idx[j - 1];
        j--;
      }
      idx[j] = v;
    }
  } else {
    /* Rotate runs: swap adjacent events of different cases. */
    for (size_t r = 0; r < 4 * c.n; r++) {
      size_t i = next() % (c.n > 1 ? c.n - 1 : 1);
      if (c.n > 1 && c.cas[idx[i]] != c.cas[idx[i + 1]]) {
        size_t v = idx[i];
        idx[i] = idx[i + 1];
        idx[i + 1] = v;
      }
    }
  }
  cols d = c;
  d.cas = malloc(c.n * sizeof *d.cas);
  d.ts = malloc(c.n * sizeof *d.ts);
  d.tp = malloc(c.n * sizeof *d.tp);
  d.out = malloc(c.n);
  d.val = malloc(c.n * sizeof *d.val);
  assert_true(d.cas && d.ts && d.tp && d.out && d.val);
  for (size_t i = 0; i < c.n; i++) {
    d.cas[i] = c.cas[idx[i]];
    d.ts[i] = c.ts[idx[i]];
    d.tp[i] = c.tp[idx[i]];
    d.out[i] = c.out[idx[i]];
    d.val[i] = c.val[idx[i]];
  }
  free(idx);
  free(c.cas);
  free(c.ts);
  free(c.tp);
  free(c.out);
  free(c.val);
  return d;
}

static void cols_free(cols *c) {
  free(c->cas);
  free(c->ts);
  free(c->tp);
  free(c->out);
  free(c->val);
}

static char **names(size_t ntp) {
  char **n = malloc(ntp * sizeof *n);
  assert_non_null(n);
  for (size_t t = 0; t < ntp; t++) {
    n[t] = malloc(32);
    assert_non_null(n[t]);
    snprintf(n[t], 32, "tp%03zu", t);
  }
  return n;
}

static void names_free(char **n, size_t ntp) {
  for (size_t t = 0; t < ntp; t++)
    free(n[t]);
  free(n);
}

static cx_status add_rows(cx_paths_log *log, const cols *c, size_t from,
                          size_t to, char **nm, size_t ntp) {
  cx_array cas = {c->cas + from, CX_DTYPE_I64, 0};
  cx_array tp = {c->tp + from, CX_DTYPE_I32, 0};
  cx_array ts = {c->ts + from, CX_DTYPE_I64, 0};
  cx_array val = {c->val + from, CX_DTYPE_F64, 0};
  cx_array out = {c->out + from, CX_DTYPE_I8, 0};
  return cx_paths_log_add_batch(log, to - from, &cas, &tp, &ts, &val, &out,
                                NULL, (const char *const *)nm, ntp, NULL, 0);
}

/* ---- the pairs worked out in the test ------------------------------------- */

typedef struct row {
  int64_t cas, ts;
  size_t idx;
} row;

static int cmp_row(const void *x, const void *y) {
  const row *a = x, *b = y;
  if (a->cas != b->cas)
    return a->cas < b->cas ? -1 : 1;
  if (a->ts != b->ts)
    return a->ts < b->ts ? -1 : 1;
  return a->idx < b->idx ? -1 : a->idx > b->idx;
}

static int cmp_i64(const void *x, const void *y) {
  int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
  return (a > b) - (a < b);
}

/* Every edge of @p r against the pairs of @p c found here: cases sorted
 * by time (ties in row order), then count, mean, minimum, maximum and
 * (while at most 1024 distinct durations, the exact case) the median of
 * each pair's durations, by the type 7 rule. */
static void check_edges(const cols *c, size_t ntp, const cx_paths_result *r) {
  row *rows = malloc(c->n * sizeof *rows);
  int64_t *dur = malloc(c->n * sizeof *dur);
  assert_true(rows && dur);
  for (size_t i = 0; i < c->n; i++)
    rows[i] = (row){c->cas[i], c->ts[i], i};
  qsort(rows, c->n, sizeof *rows, cmp_row);
  size_t seen = 0;
  for (size_t e = 0; e < cx_paths_result_n_edges(r); e++) {
    cx_paths_edge x;
    assert_int_equal(cx_paths_result_edge(r, e, &x), CX_OK);
    unsigned fa, fb;
    assert_int_equal(sscanf(x.from_name, "tp%u", &fa), 1);
    assert_int_equal(sscanf(x.to_name, "tp%u", &fb), 1);
    assert_true(fa < ntp && fb < ntp);
    size_t n = 0;
    for (size_t k = 1; k < c->n; k++)
      if (rows[k].cas == rows[k - 1].cas &&
          (unsigned)c->tp[rows[k - 1].idx] == fa &&
          (unsigned)c->tp[rows[k].idx] == fb)
        dur[n++] = rows[k].ts - rows[k - 1].ts;
    assert_int_equal(x.count, n);
    seen += n;
    qsort(dur, n, sizeof *dur, cmp_i64);
    double sum = 0;
    for (size_t k = 0; k < n; k++)
      sum += (double)dur[k];
    assert_float_equal(x.mean, sum / (double)n / 1e6, 1e-9 * (1 + x.mean));
    assert_true(x.min == (double)dur[0] / 1e6);
    assert_true(x.max == (double)dur[n - 1] / 1e6);
    if (x.exact) {
      double h = (double)(n - 1) * 0.5;
      size_t lo = (size_t)h;
      double med = (double)dur[lo] +
                   (h - (double)lo) *
                       (double)(dur[lo + (lo + 1 < n)] - dur[lo]);
      assert_float_equal(x.median, med / 1e6, 1e-9 * (1 + x.median));
    }
  }
  /* Every pair is in some edge. */
  size_t pairs = 0;
  for (size_t k = 1; k < c->n; k++)
    pairs += rows[k].cas == rows[k - 1].cas;
  assert_int_equal(seen, pairs);
  free(rows);
  free(dur);
}

static void test_graph_only_matches_full(void **state) {
  (void)state;
  const size_t ntps[] = {3, 40, 100};
  for (size_t round = 0; round < 12; round++) {
    size_t ntp = ntps[round % 3];
    int global = round % 2 == 0;
    cols c = random_log(200 + round * 37, ntp, global);
    char **nm = names(ntp);
    cx_paths_log *full = new_log(0, 0), *graph = new_log(1, 0),
                 *single = new_log(1, 0);
    /* In one batch, and in pieces (some starting before the end of the
     * previous one in time when not globally ordered). */
    assert_int_equal(add_rows(full, &c, 0, c.n, nm, ntp), CX_OK);
    size_t at = 0;
    while (at < c.n) {
      /* Every third round in one batch (long runs of one pair). */
      size_t to = round % 3 == 1 ? c.n : at + 1 + next() % 300;
      to = to > c.n ? c.n : to;
      cx_status st = add_rows(graph, &c, at, to, nm, ntp);
      if (st)
        print_error("%s\n", cx_error_last());
      assert_int_equal(st, CX_OK);
      at = to;
    }
    /* Text ids, one event at a time. */
    cx_paths_log *full_text = new_log(0, 0);
    for (size_t i = 0; i < c.n; i++) {
      char id[32];
      snprintf(id, sizeof id, "id%lld", (long long)c.cas[i]);
      for (cx_paths_log *l = single;; l = full_text) {
        assert_int_equal(cx_paths_log_add(l, id, nm[c.tp[i]], c.ts[i],
                                          c.val[i], c.out[i], NULL, NULL),
                         CX_OK);
        if (l == full_text)
          break;
      }
    }
    compare(full, graph);
    compare(full_text, single);
    cx_paths_result *gr = result_of(graph);
    check_edges(&c, ntp, gr);
    cx_paths_result_free(gr);
    assert_int_equal(cx_paths_log_n_events(graph), c.n);
    cx_paths_log_free(full);
    cx_paths_log_free(graph);
    cx_paths_log_free(single);
    cx_paths_log_free(full_text);
    names_free(nm, ntp);
    cols_free(&c);
  }
}

/* ---- events out of order ---------------------------------------------------- */

static void test_graph_only_refuses_disorder(void **state) {
  (void)state;
  const char *nm[] = {"A", "B"};
  int64_t cas[] = {7, 8, 7, 9, 7};
  int32_t tp[] = {0, 1, 1, 0, 0};
  int64_t ts[] = {10, 5, 20, 30, 15}; /* case 7: 10, 20, then 15 */
  cx_array ca = {cas, CX_DTYPE_I64, 0}, ta = {tp, CX_DTYPE_I32, 0},
           sa = {ts, CX_DTYPE_I64, 0};
  cx_paths_log *log = new_log(1, 0);
  /* Some events first, so that "unchanged" means something. */
  assert_int_equal(cx_paths_log_add_batch(log, 2, &ca, &ta, &sa, NULL, NULL,
                                          NULL, nm, 2, NULL, 0),
                   CX_OK);
  size_t n0, n1;
  uint8_t *b0 = bytes(log, &n0);
  assert_int_equal(cx_paths_log_add_batch(log, 5, &ca, &ta, &sa, NULL, NULL,
                                          NULL, nm, 2, NULL, 0),
                   CX_EINVAL);
  /* Row 0 (case 7 at 10) is already earlier than the held 10?  No: equal
   * times are in order; row 4 is the first out of order. */
  assert_non_null(strstr(cx_error_last(), "row 4"));
  assert_non_null(strstr(cx_error_last(), "case 7"));
  uint8_t *b1 = bytes(log, &n1);
  assert_int_equal(n0, n1);
  assert_memory_equal(b0, b1, n0);
  free(b1);
  /* Against a held case: case 8 is at 5, an event at 4 is refused. */
  int64_t c2[] = {8};
  int64_t t2[] = {4};
  int32_t p2[] = {0};
  cx_array c2a = {c2, CX_DTYPE_I64, 0}, t2a = {t2, CX_DTYPE_I64, 0},
           p2a = {p2, CX_DTYPE_I32, 0};
  assert_int_equal(cx_paths_log_add_batch(log, 1, &c2a, &p2a, &t2a, NULL,
                                          NULL, NULL, nm, 2, NULL, 0),
                   CX_EINVAL);
  assert_non_null(strstr(cx_error_last(), "row 0"));
  /* A case new to the log, out of order within the batch. */
  int64_t c3[] = {11, 12, 11};
  int64_t t3[] = {50, 40, 49};
  int32_t p3[] = {0, 0, 1};
  cx_array c3a = {c3, CX_DTYPE_I64, 0}, t3a = {t3, CX_DTYPE_I64, 0},
           p3a = {p3, CX_DTYPE_I32, 0};
  assert_int_equal(cx_paths_log_add_batch(log, 3, &c3a, &p3a, &t3a, NULL,
                                          NULL, NULL, nm, 2, NULL, 0),
                   CX_EINVAL);
  assert_non_null(strstr(cx_error_last(), "row 2"));
  /* Nothing of the failed batches was added, not even a name. */
  b1 = bytes(log, &n1);
  assert_int_equal(n0, n1);
  assert_memory_equal(b0, b1, n0);
  free(b1);
  /* The same batch in order is taken; equal times are in order. */
  t3[2] = 50;
  assert_int_equal(cx_paths_log_add_batch(log, 3, &c3a, &p3a, &t3a, NULL,
                                          NULL, NULL, nm, 2, NULL, 0),
                   CX_OK);
  assert_int_equal(cx_paths_log_n_events(log), 5);
  /* One event at a time: refused, nothing added. */
  cx_paths_log *text = new_log(1, 0);
  assert_int_equal(cx_paths_log_add(text, "x", "A", 100, NAN, 0, NULL, NULL),
                   CX_OK);
  assert_int_equal(cx_paths_log_add(text, "x", "B", 99, NAN, 0, NULL, NULL),
                   CX_EINVAL);
  assert_non_null(strstr(cx_error_last(), "time order"));
  assert_int_equal(cx_paths_log_n_events(text), 1);
  assert_int_equal(cx_paths_log_add(text, "x", "B", 100, NAN, 0, NULL, NULL),
                   CX_OK);
  /* A refused event adds no name either: not its touchpoint, channel or
   * segment. */
  size_t m0, m1;
  uint8_t *t0 = bytes(text, &m0);
  assert_int_equal(cx_paths_log_add(text, "x", "new-tp", 50, NAN, 0,
                                    "new-seg", "web"),
                   CX_EINVAL);
  uint8_t *t1 = bytes(text, &m1);
  assert_int_equal(m0, m1);
  assert_memory_equal(t0, t1, m0);
  assert_int_equal(cx_paths_log_n_touchpoints(text), 2);
  assert_int_equal(cx_paths_log_n_segments(text), 0);
  free(t0);
  free(t1);
  free(b0);
  cx_paths_log_free(text);
  cx_paths_log_free(log);
}

static void test_graph_only_csv(void **state) {
  (void)state;
  const char *good = "case,touchpoint,timestamp\n"
                     "a,web,2024-01-01T00:00:00Z\n"
                     "b,email,2024-01-01T00:00:30Z\n"
                     "a,phone,2024-01-01T00:01:00Z\n";
  const char *bad = "case,touchpoint,timestamp\n"
                    "a,web,2024-01-01T00:00:00Z\n"
                    "a,phone,2024-01-01T00:01:00Z\n"
                    "a,branch,2024-01-01T00:00:59Z\n";
  cx_paths_log *log = new_log(1, 0);
  assert_int_equal(cx_paths_read_csv_buffer(log, good, strlen(good), "g.csv",
                                            NULL),
                   CX_OK);
  assert_int_equal(cx_paths_log_n_events(log), 3);
  cx_paths_log *log2 = new_log(1, 0);
  assert_int_equal(cx_paths_read_csv_buffer(log2, bad, strlen(bad), "b.csv",
                                            NULL),
                   CX_EPARSE);
  const char *msg = cx_error_last();
  assert_non_null(strstr(msg, "b.csv"));
  assert_non_null(strstr(msg, "4"));
  assert_non_null(strstr(msg, "time order"));
  /* A failed read leaves the log as it was. */
  assert_int_equal(cx_paths_log_n_events(log2), 0);
  assert_int_equal(cx_paths_log_n_touchpoints(log2), 0);
  cx_paths_result *r = result_of(log);
  assert_int_equal(cx_paths_result_n_edges(r), 1);
  cx_paths_result_free(r);
  cx_paths_log_free(log);
  cx_paths_log_free(log2);
}

/* ---- flush, merge, bytes ---------------------------------------------------- */

static void test_graph_only_flush_merge_bytes(void **state) {
  (void)state;
  size_t ntp = 70;
  cols c = random_log(400, ntp, 1);
  char **nm = names(ntp);
  /* Flush half way: in both kinds of log the cases then close, and their
   * later events start new cases. */
  cx_paths_log *full = new_log(0, 0), *graph = new_log(1, 0);
  size_t half = c.n / 2;
  for (cx_paths_log *l = full;; l = graph) {
    assert_int_equal(add_rows(l, &c, 0, half, nm, ntp), CX_OK);
    assert_int_equal(cx_paths_log_flush(l), CX_OK);
    assert_int_equal(add_rows(l, &c, half, c.n, nm, ntp), CX_OK);
    if (l == graph)
      break;
  }
  compare(full, graph);
  /* Bytes: read back, the same bytes and the same results; the log read
   * back goes on taking events as the original. */
  size_t n1, n2;
  uint8_t *b1 = bytes(graph, &n1);
  cx_paths_log *back;
  assert_int_equal(cx_paths_log_deserialize(&back, b1, n1), CX_OK);
  uint8_t *b2 = bytes(back, &n2);
  assert_int_equal(n1, n2);
  assert_memory_equal(b1, b2, n1);
  compare(full, back);
  cx_paths_options o;
  assert_int_equal(cx_paths_log_get_options(back, &o), CX_OK);
  assert_int_equal(o.graph_only, 1);
  /* A held case's next event must still come after its last. */
  int64_t key = c.cas[c.n - 1], ts = c.ts[c.n - 1] - 1;
  int32_t t0 = 0;
  cx_array ka = {&key, CX_DTYPE_I64, 0}, ta = {&t0, CX_DTYPE_I32, 0},
           sa = {&ts, CX_DTYPE_I64, 0};
  assert_int_equal(cx_paths_log_add_batch(back, 1, &ka, &ta, &sa, NULL, NULL,
                                          NULL, (const char *const *)nm, ntp,
                                          NULL, 0),
                   CX_EINVAL);
  /* Altered bytes are refused: every single byte changed in turn within
   * the held cases (the checksum is made to match). */
  free(b2);
  cx_paths_log_free(back);

  /* Merge: partitions split by case equal one pass. */
  cx_paths_log *p1 = new_log(1, 0), *p2 = new_log(1, 0), *one = new_log(1, 0);
  for (size_t i = 0; i < c.n; i++)
    assert_int_equal(add_rows(c.cas[i] % 2 ? p1 : p2, &c, i, i + 1, nm, ntp),
                     CX_OK);
  assert_int_equal(add_rows(one, &c, 0, c.n, nm, ntp), CX_OK);
  assert_int_equal(cx_paths_log_merge(p1, p2), CX_OK);
  cx_paths_log *full_one = new_log(0, 0);
  assert_int_equal(add_rows(full_one, &c, 0, c.n, nm, ntp), CX_OK);
  compare(full_one, p1);
  compare(full_one, one);
  /* A graph-only log and a full one do not merge; dst is unchanged. */
  assert_int_equal(cx_paths_log_merge(p1, full_one), CX_ESTATE);
  assert_int_equal(cx_paths_log_merge(full_one, p2), CX_ESTATE);
  compare(full_one, p1);
  free(b1);
  cx_paths_log_free(p1);
  cx_paths_log_free(p2);
  cx_paths_log_free(one);
  cx_paths_log_free(full_one);
  cx_paths_log_free(full);
  cx_paths_log_free(graph);
  names_free(nm, ntp);
  cols_free(&c);
}

/* A held case keeps its visited touchpoints as bits below a bound set by
 * max_touchpoints (57 for 40, 46 for the default, 31 for the largest) and
 * in a set above it: logs read back from bytes half way through, then
 * given the rest, equal a full log of every row whatever the bound. */
static void test_graph_only_visited_bound(void **state) {
  (void)state;
  const size_t maxtp[] = {40, 100000, (size_t)UINT32_MAX - 2};
  const size_t ntps[] = {40, 70, 70};
  for (size_t round = 0; round < 3; round++) {
    size_t ntp = ntps[round];
    cols c = random_log(300, ntp, round != 1);
    char **nm = names(ntp);
    cx_paths_options o = CX_PATHS_OPTIONS_INIT;
    o.graph_only = 1;
    o.max_touchpoints = maxtp[round];
    cx_paths_log *graph, *full = new_log(0, 0);
    assert_int_equal(cx_paths_log_new(&graph, &o), CX_OK);
    size_t half = c.n / 2;
    assert_int_equal(add_rows(graph, &c, 0, half, nm, ntp), CX_OK);
    size_t n1;
    uint8_t *b1 = bytes(graph, &n1);
    cx_paths_log *back;
    assert_int_equal(cx_paths_log_deserialize(&back, b1, n1), CX_OK);
    assert_int_equal(add_rows(back, &c, half, c.n, nm, ntp), CX_OK);
    assert_int_equal(add_rows(graph, &c, half, c.n, nm, ntp), CX_OK);
    assert_int_equal(add_rows(full, &c, 0, c.n, nm, ntp), CX_OK);
    compare(full, graph);
    compare(full, back);
    free(b1);
    cx_paths_log_free(back);
    cx_paths_log_free(graph);
    cx_paths_log_free(full);
    names_free(nm, ntp);
    cols_free(&c);
  }
}

/* ---- out of memory ---------------------------------------------------------- */

/* Every allocation of a log's life failing in turn, for both kinds of
 * log (three batches with touchpoints above a graph-only case's visited
 * bits, bytes and back, a merge, CSV text, a result, and for a full log
 * a funnel of the log read back and the attribution): each step fails with CX_ENOMEM or
 * succeeds, nothing leaks (under ASan), and once nothing fails every
 * event is there. */
static void test_out_of_memory(void **state) {
  (void)state;
  size_t ntp = 70;
  cols c = random_log(60, ntp, 1);
  char **nm = names(ntp);
  static const char csv[] = "case,touchpoint,timestamp,outcome\n"
                            "x1,t00,2024-01-01T00:00:00Z,0\n"
                            "x1,t65,2024-01-01T00:01:00Z,1\n"
                            "x2,t01,2024-01-01T00:02:00Z,0\n";
  const char *steps[] = {"t00", "t01"};
  for (int graph = 0; graph < 2; graph++) {
    int failures = 0;
    assert_int_equal(cx_set_allocator(tight_malloc, tight_realloc, free),
                     CX_OK);
    for (long limit = 0;; limit++) {
      cx_paths_options o = CX_PATHS_OPTIONS_INIT;
      o.graph_only = graph;
      cx_paths_log *a = NULL, *b = NULL, *back = NULL, *text = NULL;
      cx_paths_result *r = NULL;
      cx_paths_funnel *f = NULL;
      cx_paths_attribution *at = NULL;
      uint8_t *bytes = NULL;
      size_t nbytes = 0;
      budget = limit;
      cx_status st = cx_paths_log_new(&a, &o);
      if (!st)
        st = cx_paths_log_new(&b, &o);
      size_t third = c.n / 3;
      if (!st)
        st = add_rows(a, &c, 0, third, nm, ntp);
      if (!st)
        st = add_rows(b, &c, third, 2 * third, nm, ntp);
      if (!st)
        st = cx_paths_log_serialize(b, &bytes, &nbytes);
      if (!st)
        st = cx_paths_log_deserialize(&back, bytes, nbytes);
      if (!st)
        st = add_rows(back, &c, 2 * third, c.n, nm, ntp);
      if (!st)
        st = cx_paths_log_merge(a, back);
      if (!st)
        st = cx_paths_log_new(&text, &o);
      if (!st)
        st = cx_paths_read_csv_buffer(text, csv, sizeof csv - 1, "oom.csv",
                                      NULL);
      if (!st)
        st = cx_paths_result_compute(&r, a);
      if (!st && !graph)
        st = cx_paths_funnel_compute(&f, back, steps, 2, NULL);
      if (!st && !graph)
        st = cx_paths_attribution_compute(&at, r, NULL);
      budget = -1;
      cx_paths_attribution_free(at);
      cx_paths_funnel_free(f);
      cx_paths_result_free(r);
      cx_free(bytes);
      cx_paths_log_free(back);
      cx_paths_log_free(b);
      if (st == CX_OK) {
        assert_int_equal(cx_paths_log_n_events(a), c.n);
        assert_int_equal(cx_paths_log_n_events(text), 3);
        cx_paths_log_free(a);
        cx_paths_log_free(text);
        break;
      }
      if (st != CX_ENOMEM)
        print_error("limit %ld: %s\n", limit, cx_error_last());
      assert_int_equal(st, CX_ENOMEM);
      cx_paths_log_free(a);
      cx_paths_log_free(text);
      failures++;
    }
    assert_true(failures > 20);
    assert_int_equal(cx_set_allocator(NULL, NULL, NULL), CX_OK);
  }
  names_free(nm, ntp);
  cols_free(&c);
}

/* ---- what a graph-only log does not do ------------------------------------- */

static void test_graph_only_refusals(void **state) {
  (void)state;
  cx_paths_options o = CX_PATHS_OPTIONS_INIT;
  cx_paths_log *log;
  o.graph_only = 2;
  assert_int_equal(cx_paths_log_new(&log, &o), CX_EINVAL);
  o.graph_only = 1;
  o.sorted_by_case = 1;
  assert_int_equal(cx_paths_log_new(&log, &o), CX_EINVAL);
  log = hand_log();
  const char *steps[] = {"A", "D"};
  assert_int_equal(cx_paths_log_declare_funnel(log, steps, 2, NULL),
                   CX_ESTATE);
  cx_paths_funnel *f;
  assert_int_equal(cx_paths_funnel_compute(&f, log, steps, 2, NULL),
                   CX_ESTATE);
  cx_paths_result *r = result_of(log);
  cx_paths_attribution *a;
  assert_int_equal(cx_paths_attribution_compute(&a, r, NULL), CX_ESTATE);
  assert_non_null(strstr(cx_error_last(), "graph-only"));
  cx_journey *j;
  assert_int_equal(cx_journey_new(&j, "j"), CX_OK);
  cx_paths_conformance *cf;
  assert_int_equal(cx_journey_stage_add(j, "s", "Stage"), CX_OK);
  assert_int_equal(cx_journey_touchpoint_add(j, "s", "A", "Ad"), CX_OK);
  assert_int_equal(cx_paths_conformance_compute(&cf, r, j), CX_ESTATE);
  cx_journey_free(j);
  /* The graph, DOT and SVG work. */
  char *dot;
  assert_int_equal(cx_paths_result_to_dot(r, NULL, &dot, NULL), CX_OK);
  assert_non_null(strstr(dot, "label=\"A\\n5 events\""));
  assert_non_null(strstr(dot, "t0 -> t1 [label=\"4\\nmedian 1.0 min\""));
  assert_non_null(strstr(dot, "t3 -> end [label=\"3\""));
  cx_free(dot);
  cx_paths_result_free(r);
  cx_paths_log_free(log);

  /* max_cases counts held cases as they come, one at a time and in
   * batches (the batch is refused whole). */
  log = new_log(1, 2);
  assert_int_equal(cx_paths_log_add(log, "a", "A", 0, NAN, 0, NULL, NULL),
                   CX_OK);
  assert_int_equal(cx_paths_log_add(log, "b", "A", 0, NAN, 0, NULL, NULL),
                   CX_OK);
  assert_int_equal(cx_paths_log_add(log, "a", "B", 5, NAN, 0, NULL, NULL),
                   CX_OK);
  assert_int_equal(cx_paths_log_add(log, "c", "A", 9, NAN, 0, NULL, NULL),
                   CX_ERANGE);
  assert_int_equal(cx_paths_log_n_events(log), 3);
  /* Refused before its names are added, in both kinds of log. */
  assert_int_equal(cx_paths_log_add(log, "c", "Z", 9, NAN, 0, "s", NULL),
                   CX_ERANGE);
  assert_int_equal(cx_paths_log_n_touchpoints(log), 2);
  assert_int_equal(cx_paths_log_n_segments(log), 0);
  cx_paths_log_free(log);
  for (int sorted = 0; sorted < 2; sorted++) {
    cx_paths_options fo = CX_PATHS_OPTIONS_INIT;
    fo.max_cases = 1;
    fo.sorted_by_case = sorted;
    assert_int_equal(cx_paths_log_new(&log, &fo), CX_OK);
    assert_int_equal(cx_paths_log_add(log, "a", "A", 0, NAN, 0, NULL, NULL),
                     CX_OK);
    assert_int_equal(cx_paths_log_add(log, "b", "Z", 1, NAN, 0, "s", NULL),
                     CX_ERANGE);
    assert_int_equal(cx_paths_log_n_touchpoints(log), 1);
    assert_int_equal(cx_paths_log_n_segments(log), 0);
    cx_paths_log_free(log);
  }
  log = new_log(1, 2);
  const char *nm[] = {"A"};
  int64_t cas[] = {1, 2, 1, 3};
  int64_t ts[] = {5, 6, 7, 8};
  int32_t tp[] = {0, 0, 0, 0};
  cx_array ca = {cas, CX_DTYPE_I64, 0}, ta = {tp, CX_DTYPE_I32, 0},
           sa = {ts, CX_DTYPE_I64, 0};
  assert_int_equal(cx_paths_log_add_batch(log, 4, &ca, &ta, &sa, NULL, NULL,
                                          NULL, nm, 1, NULL, 0),
                   CX_ERANGE);
  assert_int_equal(cx_paths_log_n_events(log), 0);
  assert_int_equal(cx_paths_log_add_batch(log, 3, &ca, &ta, &sa, NULL, NULL,
                                          NULL, nm, 1, NULL, 0),
                   CX_OK);
  cx_paths_log_free(log);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_graph_only_by_hand),
      cmocka_unit_test(test_graph_only_matches_full),
      cmocka_unit_test(test_graph_only_refuses_disorder),
      cmocka_unit_test(test_graph_only_csv),
      cmocka_unit_test(test_graph_only_flush_merge_bytes),
      cmocka_unit_test(test_graph_only_visited_bound),
      cmocka_unit_test(test_out_of_memory),
      cmocka_unit_test(test_graph_only_refusals),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
