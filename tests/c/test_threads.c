/* Independent objects on several threads at once.
 *
 * libcx has no global mutable state besides the allocator hooks (set once
 * before anything else) and the thread-local last error, so threads that
 * each own their objects must never interfere.  Each thread runs the same
 * workload over every module (Kano accumulator, CSV reader, results and
 * SVG; NPS with a bootstrap; SERVQUAL gaps; a Mermaid journey with scores
 * and its picture) and reduces what it produced to a digest; every thread
 * must get the digest the main thread got alone, and the error each
 * thread provokes must be its own in cx_error_last().  Run under
 * ThreadSanitizer (`./run test` builds build-tsan with clang), a data
 * race anywhere in that code fails the test. */
#include <math.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <cx/cx.h>

enum { THREADS = 4, ROUNDS = 3 };

/* FNV-1a over everything a workload produces. */
typedef struct digest {
  uint64_t h;
  int failed; /* a step that should work did not */
} digest;

static void feed(digest *d, const void *p, size_t n) {
  const unsigned char *b = p;
  for (size_t i = 0; i < n; i++)
    d->h = (d->h ^ b[i]) * 0x100000001b3ull;
}

static void feed_num(digest *d, double v) { feed(d, &v, sizeof v); }

static void feed_owned(digest *d, void *p, size_t n) {
  if (!p) {
    d->failed = 1;
    return;
  }
  feed(d, p, n);
  cx_free(p);
}

static void check(digest *d, cx_status st) {
  if (st != CX_OK)
    d->failed = 1;
}

static const char KANO_CSV[] =
    "respondent,feature,functional,dysfunctional,segment\n"
    "r1,Card freeze,I like it,I dislike it,retail\n"
    "r1,Instant transfer,I expect it,I dislike it,retail\n"
    "r2,Card freeze,I like it,I am neutral,business\n"
    "r2,Instant transfer,I am neutral,I dislike it,business\n"
    "r3,Card freeze,I like it,I can tolerate it,retail\n"
    "r3,Instant transfer,I like it,I dislike it,retail\n";

static const char MERMAID[] = "journey\n"
                              "  title Opening an account\n"
                              "  section Discover\n"
                              "    Reads the website: 4: Customer\n"
                              "    Calls the hotline: 2: Customer, Agent\n"
                              "  section Open\n"
                              "    Fills in the form: 3: Customer\n"
                              "    Gets the card: 5: Customer\n";

static void kano_work(digest *d) {
  cx_kano_survey *s = NULL;
  check(d, cx_kano_survey_new(&s));
  check(d, cx_kano_read_csv_buffer(s, KANO_CSV, sizeof KANO_CSV - 1, "mem",
                                   NULL));
  /* A batch on top of the file. */
  enum { N = 5000 };
  static const uint8_t answers[5] = {1, 2, 3, 4, 5};
  uint8_t f[N], fn[N], dy[N];
  for (int i = 0; i < N; i++) {
    f[i] = (uint8_t)(i % 2);
    fn[i] = answers[(i * 7) % 5];
    dy[i] = answers[(i * 3) % 5];
  }
  cx_array af = CX_ARRAY(f, CX_DTYPE_U8), afn = CX_ARRAY(fn, CX_DTYPE_U8),
           ady = CX_ARRAY(dy, CX_DTYPE_U8);
  check(d, cx_kano_survey_add_batch(s, N, &af, &afn, &ady, NULL, NULL, NULL));
  uint8_t *bytes = NULL;
  size_t len = 0;
  check(d, cx_kano_survey_serialize(s, &bytes, &len));
  cx_kano_survey *back = NULL;
  check(d, cx_kano_survey_deserialize(&back, bytes, len));
  feed_owned(d, bytes, len);
  cx_kano_options o = CX_KANO_OPTIONS_INIT;
  o.bootstrap = 200;
  o.seed = 11;
  cx_kano_result *r = NULL;
  check(d, cx_kano_result_compute(&r, back, &o));
  char *svg = NULL;
  check(d, cx_render_kano_svg(r, NULL, &svg, &len));
  feed_owned(d, svg, len);
  cx_kano_result_free(r);
  cx_kano_survey_free(back);
  cx_kano_survey_free(s);
}

static void nps_work(digest *d) {
  cx_metric_survey *s = NULL;
  check(d, cx_metric_survey_new_nps(&s, NULL));
  for (int i = 0; i < 500; i++)
    check(d, cx_metric_survey_add(s, 0, (i * 7) % 11, 1.0 + (i % 3), NULL));
  cx_nps_options o = CX_NPS_OPTIONS_INIT;
  o.bootstrap = 500;
  o.seed = 3;
  cx_nps_result *r = NULL;
  check(d, cx_nps_compute(&r, s, CX_METRIC_ALL, &o));
  if (r) {
    feed_num(d, r->nps);
    feed_num(d, r->se);
    feed_num(d, r->bootstrap_lo);
    feed_num(d, r->bootstrap_hi);
  }
  cx_nps_result_free(r);
  cx_metric_survey_free(s);
}

static void gap_work(digest *d) {
  cx_gap_survey *s = NULL;
  check(d, cx_gap_survey_new(&s, NULL));
  check(d, cx_gap_survey_declare_servqual(s));
  size_t n = cx_gap_survey_n_items(s);
  double e[64], p[64];
  for (int r = 0; r < 60; r++) {
    for (size_t i = 0; i < n && i < 64; i++) {
      e[i] = 1 + (double)((r + (int)i) % 7);
      p[i] = 1 + (double)((r * 5 + (int)i * 3) % 7);
    }
    cx_gap_response resp = CX_GAP_RESPONSE_INIT;
    resp.expectation = e;
    resp.perception = p;
    check(d, cx_gap_survey_add_respondent(s, &resp));
  }
  cx_gap_result *res = NULL;
  check(d, cx_gap_result_compute(&res, s, NULL));
  feed_num(d, cx_gap_result_overall(res));
  for (size_t i = 0; i < cx_gap_result_n_items(res); i++) {
    const cx_gap_item_result *it = cx_gap_result_item(res, i);
    if (it) {
      feed_num(d, it->gap.mean);
      feed_num(d, it->gap.p_t);
      feed_num(d, it->gap.p_t_holm);
      feed_num(d, it->gap.w_plus);
    }
  }
  cx_gap_result_free(res);
  cx_gap_survey_free(s);
}

static void journey_work(digest *d) {
  cx_journey *j = NULL;
  check(d, cx_journey_from_mermaid(&j, MERMAID, sizeof MERMAID - 1, "mem",
                                   NULL));
  cx_journey_scores sc;
  check(d, cx_journey_score(j, NULL, &sc));
  feed(d, &sc, sizeof sc);
  char *text = NULL;
  size_t len = 0;
  check(d, cx_journey_to_mermaid(j, &text, &len));
  feed_owned(d, text, len);
  check(d, cx_journey_render_svg(j, NULL, &text, &len));
  feed_owned(d, text, len);
  cx_journey_free(j);
}

/* A failure of this thread's own making must be the one it reads back. */
static void error_work(digest *d, int id) {
  char csv[128];
  int n = snprintf(csv, sizeof csv,
                   "feature,functional,dysfunctional\nf,I like it,bad%d\n",
                   id);
  cx_kano_survey *s = NULL;
  check(d, cx_kano_survey_new(&s));
  if (cx_kano_read_csv_buffer(s, csv, (size_t)n, "mem", NULL) != CX_EPARSE)
    d->failed = 1;
  char want[16];
  snprintf(want, sizeof want, "bad%d", id);
  const char *msg = cx_error_last();
  if (!msg || !strstr(msg, want))
    d->failed = 1;
  const cx_error_info *info = cx_error_info_last();
  if (!info || info->line != 2)
    d->failed = 1;
  cx_kano_survey_free(s);
}

static digest workload(int id) {
  digest d = {0xcbf29ce484222325ull, 0};
  for (int round = 0; round < ROUNDS; round++) {
    kano_work(&d);
    error_work(&d, id);
    nps_work(&d);
    gap_work(&d);
    journey_work(&d);
  }
  return d;
}

typedef struct job {
  int id;
  digest out;
} job;

static void *run_job(void *arg) {
  job *jb = arg;
  jb->out = workload(jb->id);
  return NULL;
}

static void test_threads_agree(void **state) {
  (void)state;
  digest alone = workload(99);
  assert_false(alone.failed);
  pthread_t t[THREADS];
  job jobs[THREADS];
  for (int i = 0; i < THREADS; i++) {
    jobs[i].id = i;
    assert_int_equal(pthread_create(&t[i], NULL, run_job, &jobs[i]), 0);
  }
  for (int i = 0; i < THREADS; i++)
    assert_int_equal(pthread_join(t[i], NULL), 0);
  for (int i = 0; i < THREADS; i++) {
    assert_false(jobs[i].out.failed);
    assert_true(jobs[i].out.h == alone.h);
  }
}

/* The last error is per thread: an error set here is not visible from a
 * thread that had none, and that thread's success does not clear ours. */
static void *read_error(void *arg) {
  const char **out = arg;
  *out = cx_error_last();
  return NULL;
}

static void test_error_is_thread_local(void **state) {
  (void)state;
  cx_kano_survey *s = NULL;
  assert_int_equal(cx_kano_survey_new(&s), CX_OK);
  assert_int_equal(cx_kano_survey_add(s, 7, 0, 1, 1, NAN, 1.0), CX_ENOTFOUND);
  const char *mine = cx_error_last();
  assert_non_null(mine);
  assert_true(mine[0] != '\0');
  const char *theirs = "unset";
  pthread_t t;
  assert_int_equal(pthread_create(&t, NULL, read_error, &theirs), 0);
  assert_int_equal(pthread_join(t, NULL), 0);
  assert_string_equal(theirs, "");
  assert_true(cx_error_last() != NULL && cx_error_last()[0] != '\0');
  cx_kano_survey_free(s);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_threads_agree),
      cmocka_unit_test(test_error_is_thread_local),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
