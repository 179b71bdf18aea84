/* Tests of the metric accumulator and the NPS, CSAT and CES results.
 * Every expected number is worked out by hand in the comment next to it
 * (z = 1.959964 for 95%, t(0.975, 9) = 2.262157 from tables). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <cx/metrics.h>

#define Z95 1.959963984540054

static void close_to(double got, double want, double tol, int line) {
  if (!(fabs(got - want) <= tol))
    fail_msg("line %d: got %.12g, want %.12g (tolerance %g)", line, got, want,
             tol);
}
#define assert_close(got, want, tol) close_to((got), (want), (tol), __LINE__)
#define assert_nan(x) assert_true(isnan(x))

static cx_metric_survey *nps_of(const double *scores, size_t n) {
  cx_metric_survey *s;
  assert_int_equal(cx_metric_survey_new_nps(&s, NULL), CX_OK);
  for (size_t i = 0; i < n; i++)
    assert_int_equal(cx_metric_survey_add(s, 0, scores[i], 1.0, NULL), CX_OK);
  return s;
}

static uint8_t *bytes_of(const cx_metric_survey *s, size_t *len) {
  uint8_t *b;
  assert_int_equal(cx_metric_survey_serialize(s, &b, len), CX_OK);
  return b;
}

static void assert_same(const cx_metric_survey *a, const cx_metric_survey *b) {
  size_t la, lb;
  uint8_t *ba = bytes_of(a, &la), *bb = bytes_of(b, &lb);
  assert_int_equal(la, lb);
  assert_memory_equal(ba, bb, la);
  cx_free(ba);
  cx_free(bb);
}

/* 5 promoters (9, 10, 9, 10, 9), 3 passives (7, 8, 7), 2 detractors
 * (0, 6). */
static const double TEN[] = {9, 10, 9, 10, 9, 7, 8, 7, 0, 6};

static cx_nps_options no_bootstrap(void) {
  cx_nps_options o = CX_NPS_OPTIONS_INIT;
  o.bootstrap = 0;
  return o;
}

static void test_nps_by_hand(void **state) {
  (void)state;
  cx_metric_survey *s = nps_of(TEN, 10);
  cx_nps_options o = no_bootstrap();
  cx_nps_result *r;
  assert_int_equal(cx_nps_compute(&r, s, CX_METRIC_ALL, &o), CX_OK);
  assert_null(r->segment);
  assert_int_equal(r->sample.n_raw, 10);
  assert_close(r->sample.n, 10, 0);
  assert_close(r->sample.n_effective, 10, 1e-12);
  assert_int_equal(r->sample.n_points, 11);
  assert_int_equal(r->sample.scale_min, 0);
  assert_close(r->sample.count[9], 3, 0);
  assert_close(r->sample.count[10], 2, 0);
  assert_int_equal(r->sample.count_raw[7], 2);
  assert_close(r->detractors, 2, 0);
  assert_close(r->passives, 3, 0);
  assert_close(r->promoters, 5, 0);
  assert_close(r->share_promoters, 0.5, 1e-15);
  /* NPS = 0.5 - 0.2 = 0.3 */
  assert_close(r->nps, 0.3, 1e-15);
  /* var = p + d - (p - d)^2 = 0.5 + 0.2 - 0.09 = 0.61.  Dropping the
   * covariance would give p(1-p) + d(1-d) = 0.25 + 0.16 = 0.41. */
  assert_close(r->variance, 0.61, 1e-15);
  /* SE = sqrt(0.61 / 10) = sqrt(0.061) = 0.2469818 */
  assert_close(r->se, sqrt(0.061), 1e-15);
  assert_close(r->z, Z95, 1e-9);
  /* Wald: 0.3 -/+ 1.959964 * 0.2469818 = 0.3 -/+ 0.4840754 */
  assert_close(r->wald_lo, -0.1840754, 1e-6);
  assert_close(r->wald_hi, 0.7840754, 1e-6);
  /* Adjusted Wald: n = 13, p = 5.75/13, d = 2.75/13, nps = 3/13 =
   * 0.2307692; var = 8.5/13 - (3/13)^2 = 0.6005917; se = sqrt(var/13) =
   * 0.2149404; interval 0.2307692 -/+ 0.4212754. */
  assert_close(r->adjusted_nps, 3.0 / 13.0, 1e-15);
  assert_close(r->adjusted_se, 0.2149404, 1e-6);
  assert_close(r->adjusted_lo, -0.1905062, 1e-6);
  assert_close(r->adjusted_hi, 0.6520446, 1e-6);
  /* No resamples asked: the bootstrap figures are NaN. */
  assert_int_equal(r->bootstrap, 0);
  assert_nan(r->bootstrap_lo);
  assert_nan(r->bootstrap_se);
  /* mean of the raw answers: (27 + 20 + 14 + 8 + 0 + 6) / 10 = 7.5 */
  assert_close(r->mean_score, 7.5, 1e-15);
  cx_nps_result_free(r);

  /* x100 presentation: 30 points, SE 24.69818, variance 6100. */
  o.percent = 1;
  assert_int_equal(cx_nps_compute(&r, s, CX_METRIC_ALL, &o), CX_OK);
  assert_close(r->nps, 30, 1e-12);
  assert_close(r->se, 24.69818, 1e-5);
  assert_close(r->variance, 6100, 1e-9);
  assert_close(r->wald_lo, -18.40754, 1e-4);
  assert_close(r->adjusted_hi, 65.20446, 1e-4);
  assert_close(r->share_promoters, 0.5, 1e-15);
  cx_nps_result_free(r);
  cx_metric_survey_free(s);
}

static void test_nps_clipping_and_degenerate(void **state) {
  (void)state;
  double all[10];
  for (int i = 0; i < 10; i++)
    all[i] = 10;
  cx_metric_survey *s = nps_of(all, 10);
  cx_nps_result *r;
  assert_int_equal(cx_nps_compute(&r, s, CX_METRIC_ALL, NULL), CX_OK);
  /* All promoters: NPS 1, variance 1 + 0 - 1 = 0, SE 0: Wald undefined. */
  assert_close(r->nps, 1, 0);
  assert_close(r->variance, 0, 0);
  assert_close(r->se, 0, 0);
  assert_nan(r->wald_lo);
  assert_nan(r->wald_hi);
  /* Adjusted: p = 10.75/13, d = 0.75/13, nps = 10/13 = 0.7692308,
   * var = 11.5/13 - (10/13)^2 = 0.2928994, se = 0.1501024;
   * 0.7692308 + 1.959964 * 0.1501024 = 1.063 is clipped to 1. */
  assert_close(r->adjusted_nps, 10.0 / 13.0, 1e-15);
  assert_close(r->adjusted_lo, 0.4750355, 1e-6);
  assert_close(r->adjusted_hi, 1.0, 0);
  /* The default 2000 resamples all give 1: spread 0, interval undefined. */
  assert_int_equal(r->bootstrap, 2000);
  assert_close(r->bootstrap_se, 0, 0);
  assert_nan(r->bootstrap_lo);
  cx_nps_result_free(r);
  cx_metric_survey_free(s);

  /* All detractors: the lower adjusted bound -1.063 is clipped to -1. */
  double det[10] = {0, 1, 2, 3, 4, 5, 6, 0, 1, 2};
  s = nps_of(det, 10);
  assert_int_equal(cx_nps_compute(&r, s, CX_METRIC_ALL, NULL), CX_OK);
  assert_close(r->nps, -1, 0);
  assert_close(r->adjusted_lo, -1.0, 0);
  assert_close(r->adjusted_hi, -0.4750355, 1e-6);
  cx_nps_result_free(r);
  cx_metric_survey_free(s);

  /* One answer: NPS and variance (0) exist; Wald is undefined. */
  double one = 9;
  s = nps_of(&one, 1);
  assert_int_equal(cx_nps_compute(&r, s, CX_METRIC_ALL, NULL), CX_OK);
  assert_close(r->nps, 1, 0);
  assert_nan(r->wald_lo);
  assert_false(isnan(r->adjusted_lo));
  cx_nps_result_free(r);
  cx_metric_survey_free(s);

  /* No answers: everything but the counts is NaN. */
  assert_int_equal(cx_metric_survey_new_nps(&s, NULL), CX_OK);
  assert_int_equal(cx_metric_survey_add(s, 0, NAN, 1.0, "r1"), CX_OK);
  assert_int_equal(cx_nps_compute(&r, s, CX_METRIC_ALL, NULL), CX_OK);
  assert_int_equal(r->sample.n_raw, 0);
  assert_int_equal(r->sample.n_missing, 1);
  assert_close(r->sample.n_effective, 0, 0);
  assert_nan(r->nps);
  assert_nan(r->variance);
  assert_nan(r->se);
  assert_nan(r->share_promoters);
  assert_nan(r->adjusted_lo);
  assert_nan(r->bootstrap_lo);
  assert_nan(r->mean_score);
  assert_int_equal(r->bootstrap, 0);
  cx_nps_result_free(r);
  cx_metric_survey_free(s);
}

/* Weights whose squares overflow make the effective sample size NaN
 * (inf / inf): the bootstrap has no count to resample and reports NaN
 * instead of converting NaN to an integer (found by fuzzing). */
static void test_nps_bootstrap_extreme_weights(void **state) {
  (void)state;
  cx_metric_survey *s = NULL;
  assert_int_equal(cx_metric_survey_new_nps(&s, NULL), CX_OK);
  assert_int_equal(cx_metric_survey_add(s, 0, 10, 1e308, "A"), CX_OK);
  assert_int_equal(cx_metric_survey_add(s, 0, 3, 0.0, "B"), CX_OK);
  cx_nps_options o = CX_NPS_OPTIONS_INIT;
  o.bootstrap = 100;
  cx_nps_result *r = NULL;
  assert_int_equal(cx_nps_compute(&r, s, CX_METRIC_ALL, &o), CX_OK);
  assert_nan(r->sample.n_effective);
  assert_nan(r->bootstrap_lo);
  assert_nan(r->bootstrap_hi);
  assert_nan(r->bootstrap_se);
  cx_nps_result_free(r);
  cx_metric_survey_free(s);
}

static void test_nps_bootstrap(void **state) {
  (void)state;
  cx_metric_survey *s = nps_of(TEN, 10);
  cx_nps_options o = CX_NPS_OPTIONS_INIT;
  o.seed = 42;
  cx_nps_result *a, *b, *c;
  assert_int_equal(cx_nps_compute(&a, s, CX_METRIC_ALL, &o), CX_OK);
  assert_int_equal(cx_nps_compute(&b, s, CX_METRIC_ALL, &o), CX_OK);
  o.seed = 43;
  assert_int_equal(cx_nps_compute(&c, s, CX_METRIC_ALL, &o), CX_OK);
  assert_int_equal(a->bootstrap, 2000);
  /* The same seed reproduces the interval bit for bit. */
  assert_true(a->bootstrap_lo == b->bootstrap_lo);
  assert_true(a->bootstrap_hi == b->bootstrap_hi);
  assert_true(a->bootstrap_se == b->bootstrap_se);
  /* Resampled NPS values are multiples of 1/10 in [-1, 1]; with 2000
   * resamples the 2.5% and 97.5% points land near the Wald bounds
   * (-0.18, 0.78) and the spread near the SE 0.247. */
  assert_true(a->bootstrap_lo < a->nps && a->nps < a->bootstrap_hi);
  assert_close(a->bootstrap_lo, -0.15, 0.15);
  assert_close(a->bootstrap_hi, 0.75, 0.15);
  assert_close(a->bootstrap_se, 0.247, 0.03);
  /* Another seed draws other resamples. */
  assert_true(a->bootstrap_se != c->bootstrap_se);
  cx_nps_result_free(a);
  cx_nps_result_free(b);
  cx_nps_result_free(c);
  cx_metric_survey_free(s);
}

static void test_nps_difference(void **state) {
  (void)state;
  /* B: 4 promoters, 6 passives, 10 detractors: p = 0.2, d = 0.5,
   * NPS = -0.3, var = 0.7 - 0.09 = 0.61, n = 20. */
  double sb[20];
  for (int i = 0; i < 20; i++)
    sb[i] = i < 4 ? 9 : i < 10 ? 7 : 3;
  cx_metric_survey *sa = nps_of(TEN, 10), *sbv = nps_of(sb, 20);
  cx_nps_options o = no_bootstrap();
  cx_nps_result *ra, *rb;
  assert_int_equal(cx_nps_compute(&ra, sa, CX_METRIC_ALL, &o), CX_OK);
  assert_int_equal(cx_nps_compute(&rb, sbv, CX_METRIC_ALL, &o), CX_OK);
  cx_nps_diff *d;
  assert_int_equal(cx_nps_diff_compute(&d, ra, rb), CX_OK);
  /* 0.3 - (-0.3) = 0.6; SE = sqrt(0.61/10 + 0.61/20) = sqrt(0.0915) =
   * 0.3024897; z = 1.983539; p = 2 (1 - Phi(1.983539)) = 0.047307;
   * interval 0.6 -/+ 0.5928689. */
  assert_close(d->difference, 0.6, 1e-15);
  assert_close(d->se, sqrt(0.0915), 1e-15);
  assert_close(d->z, 1.983539, 1e-6);
  assert_close(d->p_value, 0.047307, 1e-6);
  assert_close(d->lo, 0.0071311, 1e-6);
  assert_close(d->hi, 1.1928689, 1e-6);
  assert_close(d->confidence, 0.95, 0);
  cx_nps_diff_free(d);
  /* The sign is kept: b - a = -0.6. */
  assert_int_equal(cx_nps_diff_compute(&d, rb, ra), CX_OK);
  assert_close(d->difference, -0.6, 1e-15);
  assert_close(d->z, -1.983539, 1e-6);
  assert_close(d->p_value, 0.047307, 1e-6);
  cx_nps_diff_free(d);
  /* Options must agree. */
  cx_nps_result_free(rb);
  o.percent = 1;
  assert_int_equal(cx_nps_compute(&rb, sbv, CX_METRIC_ALL, &o), CX_OK);
  assert_int_equal(cx_nps_diff_compute(&d, ra, rb), CX_EINVAL);
  assert_int_equal(cx_nps_diff_compute(NULL, ra, rb), CX_EINVAL);
  cx_nps_result_free(ra);
  cx_nps_result_free(rb);
  cx_metric_survey_free(sa);
  cx_metric_survey_free(sbv);

  /* Clipping at 2: A = 2 promoters + 1 passive (NPS 2/3, var 2/3 - 4/9 =
   * 2/9), B the mirror (-2/3, 2/9), n = 3 each.  Difference 4/3, SE =
   * sqrt(4/27) = 0.3849002, upper bound 4/3 + 0.7543906 = 2.088 -> 2. */
  double a3[] = {9, 10, 8}, b3[] = {0, 5, 8};
  sa = nps_of(a3, 3);
  sbv = nps_of(b3, 3);
  assert_int_equal(cx_nps_compute(&ra, sa, CX_METRIC_ALL, &o), CX_OK);
  assert_int_equal(cx_nps_compute(&rb, sbv, CX_METRIC_ALL, &o), CX_OK);
  assert_int_equal(cx_nps_diff_compute(&d, ra, rb), CX_OK);
  /* With percent: 133.33 points, upper bound clipped to 200. */
  assert_true(d->percent);
  assert_close(d->difference, 400.0 / 3.0, 1e-9);
  assert_close(d->se, 38.49002, 1e-5);
  assert_close(d->lo, 57.89428, 1e-4);
  assert_close(d->hi, 200, 0);
  cx_nps_diff_free(d);
  cx_nps_result_free(ra);
  cx_nps_result_free(rb);
  cx_metric_survey_free(sa);
  cx_metric_survey_free(sbv);
}

static void test_weights(void **state) {
  (void)state;
  cx_metric_survey *s;
  assert_int_equal(cx_metric_survey_new_nps(&s, NULL), CX_OK);
  /* A promoter of weight 2, a detractor and a passive of weight 1:
   * W = 4, p = 0.5, d = 0.25, NPS = 0.25, var = 0.75 - 0.0625 = 0.6875;
   * Kish n_eff = 4^2 / (4 + 1 + 1) = 8/3; SE = sqrt(0.6875 * 3/8) =
   * 0.5077524. */
  assert_int_equal(cx_metric_survey_add(s, 0, 10, 2.0, "a"), CX_OK);
  assert_int_equal(cx_metric_survey_add(s, 0, 0, 1.0, "b"), CX_OK);
  assert_int_equal(cx_metric_survey_add(s, 0, 8, 1.0, "c"), CX_OK);
  cx_nps_options o = no_bootstrap();
  cx_nps_result *r;
  assert_int_equal(cx_nps_compute(&r, s, CX_METRIC_ALL, &o), CX_OK);
  assert_int_equal(r->sample.n_raw, 3);
  assert_close(r->sample.n, 4, 0);
  assert_close(r->sample.n_effective, 8.0 / 3.0, 1e-15);
  assert_close(r->nps, 0.25, 1e-15);
  assert_close(r->variance, 0.6875, 1e-15);
  assert_close(r->se, 0.5077524, 1e-6);
  /* Adjusted Wald on counts rescaled to n_eff: d = (0.25*8/3 + 0.75) /
   * (8/3 + 3) = (2/3 + 3/4) / (17/3) = 0.25, p = (4/3 + 3/4) / (17/3) =
   * 0.3676471, nps = 0.1176471. */
  assert_close(r->adjusted_nps, 2.0 / 17.0, 1e-12);
  cx_nps_result_free(r);
  /* Weight 0 counts as an answer but carries no weight. */
  assert_int_equal(cx_metric_survey_add(s, 0, 0, 0.0, "d"), CX_OK);
  assert_int_equal(cx_nps_compute(&r, s, CX_METRIC_ALL, &o), CX_OK);
  assert_int_equal(r->sample.n_raw, 4);
  assert_close(r->nps, 0.25, 1e-15);
  cx_nps_result_free(r);
  cx_metric_survey_free(s);
}

static void test_segments(void **state) {
  (void)state;
  cx_metric_survey *s;
  assert_int_equal(cx_metric_survey_new_nps(&s, NULL), CX_OK);
  size_t web = 9, store = 9, i;
  assert_int_equal(cx_metric_survey_add_segment(s, "web", &web), CX_OK);
  assert_int_equal(cx_metric_survey_add_segment(s, "store", &store), CX_OK);
  assert_int_equal(web, 0);
  assert_int_equal(store, 1);
  assert_int_equal(cx_metric_survey_n_segments(s), 2);
  assert_string_equal(cx_metric_survey_segment_name(s, 1), "store");
  assert_null(cx_metric_survey_segment_name(s, 2));
  assert_int_equal(cx_metric_survey_find_segment(s, "store", &i), CX_OK);
  assert_int_equal(i, 1);
  assert_int_equal(cx_metric_survey_find_segment(s, "mail", &i), CX_ENOTFOUND);
  assert_int_equal(cx_metric_survey_add_segment(s, "web", NULL), CX_EINVAL);
  assert_int_equal(cx_metric_survey_add_segment(s, "", NULL), CX_EINVAL);
  assert_int_equal(cx_metric_survey_add_segment(s, "\xC3", NULL), CX_EINVAL);
  /* web: 10, 10, 0 (NPS 1/3); store: 7, 3 (NPS -1/2). */
  assert_int_equal(cx_metric_survey_add(s, web, 10, 1, NULL), CX_OK);
  assert_int_equal(cx_metric_survey_add(s, web, 10, 1, NULL), CX_OK);
  assert_int_equal(cx_metric_survey_add(s, web, 0, 1, NULL), CX_OK);
  assert_int_equal(cx_metric_survey_add(s, store, 7, 1, NULL), CX_OK);
  assert_int_equal(cx_metric_survey_add(s, store, 3, 1, NULL), CX_OK);
  assert_int_equal(cx_metric_survey_add(s, 2, 3, 1, NULL), CX_ENOTFOUND);
  cx_nps_options o = no_bootstrap();
  cx_nps_result *r;
  assert_int_equal(cx_nps_compute(&r, s, web, &o), CX_OK);
  assert_string_equal(r->segment, "web");
  assert_close(r->nps, 1.0 / 3.0, 1e-15);
  cx_nps_result_free(r);
  assert_int_equal(cx_nps_compute(&r, s, store, &o), CX_OK);
  assert_string_equal(r->segment, "store");
  assert_close(r->nps, -0.5, 1e-15);
  cx_nps_result_free(r);
  /* Pooled: 2 promoters, 1 passive, 2 detractors: NPS 0. */
  assert_int_equal(cx_nps_compute(&r, s, CX_METRIC_ALL, &o), CX_OK);
  assert_null(r->segment);
  assert_int_equal(r->sample.n_raw, 5);
  assert_close(r->nps, 0, 1e-15);
  cx_nps_result_free(r);
  assert_int_equal(cx_nps_compute(&r, s, 2, &o), CX_ENOTFOUND);
  cx_metric_survey_free(s);

  /* A segment cannot be added once unsegmented answers exist. */
  s = nps_of(TEN, 1);
  assert_int_equal(cx_metric_survey_add_segment(s, "late", NULL), CX_ESTATE);
  assert_int_equal(cx_metric_survey_n_segments(s), 0);
  cx_metric_survey_free(s);
}

/* Rows for the merge test: score, segment, weight (dyadic weights, so
 * every sum is exact in any order). */
static const double ROWS[][3] = {
    {9, 0, 1},   {10, 1, 1}, {3, 0, 0.5}, {7, 2, 2}, {NAN, 1, 1},
    {0, 2, 1},   {8, 0, 1},  {9, 1, 4},   {6, 2, 1}, {10, 0, 0.25},
    {99, 1, 1},  {5, 0, 1},
};
enum { NROWS = sizeof ROWS / sizeof ROWS[0] };

static cx_metric_survey *merge_survey(const char *const *segs, size_t nseg,
                                      const cx_scale *sc) {
  cx_metric_survey *s;
  assert_int_equal(cx_metric_survey_new_nps(&s, sc), CX_OK);
  for (size_t i = 0; i < nseg; i++)
    assert_int_equal(cx_metric_survey_add_segment(s, segs[i], NULL), CX_OK);
  return s;
}

static void test_merge_equals_one_pass(void **state) {
  (void)state;
  cx_scale sc;
  sc = (cx_scale)CX_SCALE_INIT;
  sc.min = 0;
  sc.max = 10;
  sc.neutral = 5;
  sc.has_na_code = 1;
  sc.na_code = 99;
  const char *segs[] = {"a", "b", "c"};
  cx_metric_survey *one = merge_survey(segs, 3, &sc);
  for (size_t i = 0; i < NROWS; i++)
    assert_int_equal(cx_metric_survey_add(one, (size_t)ROWS[i][1], ROWS[i][0],
                                          ROWS[i][2], NULL),
                     CX_OK);
  /* p1 takes the first six rows; p2 the rest, with its segments declared
   * in another order (c, a, b): merging maps them by name. */
  const char *order2[] = {"c", "a", "b"};
  const size_t to2[] = {1, 2, 0};
  cx_metric_survey *p1 = merge_survey(segs, 3, &sc),
                   *p2 = merge_survey(order2, 3, &sc);
  for (size_t i = 0; i < NROWS; i++) {
    size_t g = (size_t)ROWS[i][1];
    assert_int_equal(cx_metric_survey_add(i < 6 ? p1 : p2, i < 6 ? g : to2[g],
                                          ROWS[i][0], ROWS[i][2], NULL),
                     CX_OK);
  }
  assert_int_equal(cx_metric_survey_merge(p1, p2), CX_OK);
  assert_same(p1, one);
  cx_nps_result *r;
  cx_nps_options o = no_bootstrap();
  assert_int_equal(cx_nps_compute(&r, p1, CX_METRIC_ALL, &o), CX_OK);
  /* On the scale: 11 rows minus NaN minus code 99 = 10 answers; weights
   * 1+1+0.5+2+1+1+4+1+0.25+1 = 12.75; the one missing and one N/A are
   * counted apart. */
  assert_int_equal(r->sample.n_raw, 10);
  assert_close(r->sample.n, 12.75, 0);
  assert_int_equal(r->sample.n_missing, 1);
  assert_int_equal(r->sample.n_not_applicable, 1);
  cx_nps_result_free(r);
  /* Merge errors leave dst as it was. */
  cx_metric_survey *csat, *flat = nps_of(TEN, 2);
  assert_int_equal(cx_metric_survey_new_csat(&csat, NULL), CX_OK);
  assert_int_equal(cx_metric_survey_merge(p1, csat), CX_EINVAL);
  assert_int_equal(cx_metric_survey_merge(p1, flat), CX_EINVAL); /* scale */
  assert_int_equal(cx_metric_survey_merge(p1, p1), CX_EINVAL);
  assert_int_equal(cx_metric_survey_merge(NULL, p1), CX_EINVAL);
  assert_same(p1, one);
  cx_metric_survey *seg = merge_survey(segs, 1, NULL);
  assert_int_equal(cx_metric_survey_merge(seg, flat), CX_ESTATE);
  assert_int_equal(cx_metric_survey_merge(flat, seg), CX_ESTATE);
  cx_metric_survey_free(seg);
  cx_metric_survey_free(csat);
  cx_metric_survey_free(flat);
  cx_metric_survey_free(one);
  cx_metric_survey_free(p1);
  cx_metric_survey_free(p2);
}

static void test_batch(void **state) {
  (void)state;
  /* The ten answers as u8, as strided i32 (every other element) and as f64
   * with a NaN: each batch equals adding them one by one. */
  uint8_t u8[10];
  int32_t i32[20];
  double f64[11];
  for (int i = 0; i < 10; i++) {
    u8[i] = (uint8_t)TEN[i];
    i32[2 * i] = (int32_t)TEN[i];
    i32[2 * i + 1] = 77;
    f64[i] = TEN[i];
  }
  f64[10] = NAN;
  cx_metric_survey *one = nps_of(TEN, 10), *b;
  assert_int_equal(cx_metric_survey_new_nps(&b, NULL), CX_OK);
  cx_array col = CX_ARRAY(u8, CX_DTYPE_U8);
  assert_int_equal(cx_metric_survey_add_batch(b, 10, &col, NULL, NULL), CX_OK);
  assert_same(b, one);
  cx_metric_survey_free(b);
  assert_int_equal(cx_metric_survey_new_nps(&b, NULL), CX_OK);
  col = (cx_array){i32, CX_DTYPE_I32, 2 * sizeof(int32_t)};
  assert_int_equal(cx_metric_survey_add_batch(b, 10, &col, NULL, NULL), CX_OK);
  assert_same(b, one);
  cx_metric_survey_free(b);
  assert_int_equal(cx_metric_survey_add(one, 0, NAN, 1, NULL), CX_OK);
  assert_int_equal(cx_metric_survey_new_nps(&b, NULL), CX_OK);
  col = CX_ARRAY(f64, CX_DTYPE_F64);
  assert_int_equal(cx_metric_survey_add_batch(b, 11, &col, NULL, NULL), CX_OK);
  assert_same(b, one);
  cx_metric_survey_free(b);
  cx_metric_survey_free(one);

  /* Segments and weights as columns. */
  assert_int_equal(cx_metric_survey_new_nps(&b, NULL), CX_OK);
  assert_int_equal(cx_metric_survey_add_segment(b, "x", NULL), CX_OK);
  assert_int_equal(cx_metric_survey_add_segment(b, "y", NULL), CX_OK);
  uint16_t seg[3] = {1, 0, 1};
  float w[3] = {2.0f, 1.0f, 1.0f};
  double sc3[3] = {10, 0, 8};
  cx_array scol = CX_ARRAY(sc3, CX_DTYPE_F64), gcol = CX_ARRAY(seg, CX_DTYPE_U16),
           wcol = CX_ARRAY(w, CX_DTYPE_F32);
  assert_int_equal(cx_metric_survey_add_batch(b, 3, &scol, &gcol, &wcol), CX_OK);
  cx_nps_options o = no_bootstrap();
  cx_nps_result *r;
  /* y: 10 (w 2), 8 (w 1): W = 3, p = 2/3, NPS = 2/3. */
  assert_int_equal(cx_nps_compute(&r, b, 1, &o), CX_OK);
  assert_close(r->sample.n, 3, 0);
  assert_close(r->nps, 2.0 / 3.0, 1e-15);
  cx_nps_result_free(r);
  cx_metric_survey_free(b);
}

static void test_input_errors(void **state) {
  (void)state;
  cx_metric_survey *s = nps_of(TEN, 3);
  size_t len0;
  uint8_t *before = bytes_of(s, &len0);
  /* Out of range, non-integer, infinite scores and bad weights are errors
   * that name the respondent and the value; nothing is counted. */
  assert_int_equal(cx_metric_survey_add(s, 0, 11, 1, "r7"), CX_ERANGE);
  assert_non_null(strstr(cx_error_last(), "respondent r7"));
  assert_non_null(strstr(cx_error_last(), "11"));
  assert_non_null(strstr(cx_error_last(), "outside the scale 0-10"));
  assert_string_equal(cx_error_info_last()->value, "11");
  assert_int_equal(cx_metric_survey_add(s, 0, 7.5, 1, "r8"), CX_ERANGE);
  assert_non_null(strstr(cx_error_last(), "respondent r8"));
  assert_non_null(strstr(cx_error_last(), "7.5"));
  assert_non_null(strstr(cx_error_last(), "not a whole point"));
  assert_int_equal(cx_metric_survey_add(s, 0, -1, 1, NULL), CX_ERANGE);
  assert_non_null(strstr(cx_error_last(), "respondent (unnamed)"));
  assert_int_equal(cx_metric_survey_add(s, 0, INFINITY, 1, NULL), CX_ERANGE);
  assert_int_equal(cx_metric_survey_add(s, 0, 99, 1, NULL), CX_ERANGE);
  assert_int_equal(cx_metric_survey_add(s, 0, 5, -1, "r9"), CX_ERANGE);
  assert_non_null(strstr(cx_error_last(), "weight -1"));
  assert_int_equal(cx_metric_survey_add(s, 0, 5, NAN, NULL), CX_ERANGE);
  assert_int_equal(cx_metric_survey_add(s, 0, 5, INFINITY, NULL), CX_ERANGE);
  assert_int_equal(cx_metric_survey_add(s, 1, 5, 1, NULL), CX_ENOTFOUND);
  assert_int_equal(cx_metric_survey_add(NULL, 0, 5, 1, NULL), CX_EINVAL);

  /* Batches are checked whole first: the bad row is named, nothing is
   * counted. */
  double sc[4] = {9, 10, 12, 3};
  cx_array col = CX_ARRAY(sc, CX_DTYPE_F64);
  assert_int_equal(cx_metric_survey_add_batch(s, 4, &col, NULL, NULL), CX_ERANGE);
  assert_non_null(strstr(cx_error_last(), "row 2"));
  assert_non_null(strstr(cx_error_last(), "12"));
  sc[2] = 2.25;
  assert_int_equal(cx_metric_survey_add_batch(s, 4, &col, NULL, NULL), CX_ERANGE);
  assert_non_null(strstr(cx_error_last(), "2.25"));
  sc[2] = 2;
  int8_t neg[4] = {1, 2, -3, 4};
  cx_array ncol = CX_ARRAY(neg, CX_DTYPE_I8);
  assert_int_equal(cx_metric_survey_add_batch(s, 4, &ncol, NULL, NULL), CX_ERANGE);
  assert_non_null(strstr(cx_error_last(), "row 2"));
  double w[4] = {1, 1, 1, -2};
  cx_array wcol = CX_ARRAY(w, CX_DTYPE_F64);
  assert_int_equal(cx_metric_survey_add_batch(s, 4, &col, NULL, &wcol), CX_ERANGE);
  assert_non_null(strstr(cx_error_last(), "row 3: weight -2"));
  uint8_t g[4] = {0, 0, 1, 0};
  cx_array gcol = CX_ARRAY(g, CX_DTYPE_U8);
  assert_int_equal(cx_metric_survey_add_batch(s, 4, &col, &gcol, NULL), CX_ERANGE);
  assert_non_null(strstr(cx_error_last(), "row 2: segment 1"));
  assert_int_equal(cx_metric_survey_add_batch(s, 4, NULL, NULL, NULL), CX_EINVAL);
  cx_array bad = {sc, (cx_dtype)42, 0};
  assert_int_equal(cx_metric_survey_add_batch(s, 4, &bad, NULL, NULL), CX_EINVAL);
  assert_int_equal(cx_metric_survey_add_batch(NULL, 4, &col, NULL, NULL), CX_EINVAL);
  size_t len1;
  uint8_t *after = bytes_of(s, &len1);
  assert_int_equal(len0, len1);
  assert_memory_equal(before, after, len0);
  cx_free(before);
  cx_free(after);

  /* Results: wrong metric, bad options, bad segment, NULLs. */
  cx_nps_result *r;
  cx_nps_options o = CX_NPS_OPTIONS_INIT;
  o.confidence = 1.0;
  assert_int_equal(cx_nps_compute(&r, s, CX_METRIC_ALL, &o), CX_EINVAL);
  o.confidence = NAN;
  assert_int_equal(cx_nps_compute(&r, s, CX_METRIC_ALL, &o), CX_EINVAL);
  o = (cx_nps_options)CX_NPS_OPTIONS_INIT;
  o.version = 99;
  assert_int_equal(cx_nps_compute(&r, s, CX_METRIC_ALL, &o), CX_EINVAL);
  assert_int_equal(cx_nps_compute(&r, s, 1, NULL), CX_ENOTFOUND);
  assert_int_equal(cx_nps_compute(NULL, s, 0, NULL), CX_EINVAL);
  assert_int_equal(cx_nps_compute(&r, NULL, 0, NULL), CX_EINVAL);
  cx_csat_result *cr;
  cx_csat_options co = CX_CSAT_OPTIONS_INIT;
  co.method = CX_CSAT_MEAN;
  assert_int_equal(cx_csat_compute(&cr, s, CX_METRIC_ALL, &co), CX_EINVAL);
  assert_non_null(strstr(cx_error_last(), "nps"));
  cx_ces_result *er;
  assert_int_equal(cx_ces_compute(&er, s, CX_METRIC_ALL, NULL), CX_EINVAL);
  cx_metric_survey_free(s);

  /* Scales that do not suit the metric. */
  cx_scale sc5 = CX_SCALE_INIT;
  assert_int_equal(cx_metric_survey_new_nps(&s, &sc5), CX_EINVAL);
  assert_int_equal(cx_metric_survey_new_nps(NULL, NULL), CX_EINVAL);
  cx_scale two = CX_SCALE_INIT;
  two.min = 1;
  two.max = 2;
  two.neutral = 1.5;
  assert_int_equal(cx_metric_survey_new_csat(&s, &two), CX_EINVAL);
  cx_scale broken = CX_SCALE_INIT;
  broken.neutral = 9;
  assert_int_equal(cx_metric_survey_new_csat(&s, &broken), CX_EINVAL);
  broken = (cx_scale)CX_SCALE_INIT;
  broken.has_na_code = 1;
  broken.na_code = 3;
  assert_int_equal(cx_metric_survey_new_csat(&s, &broken), CX_EINVAL);
  broken = (cx_scale)CX_SCALE_INIT;
  broken.version = 7;
  assert_int_equal(cx_metric_survey_new_csat(&s, &broken), CX_EINVAL);
  assert_int_equal(cx_metric_survey_new_ces(&s, CX_CES_2, &sc5), CX_EINVAL);
  assert_int_equal(cx_metric_survey_new_ces(&s, CX_CES_NONE, NULL), CX_EINVAL);
  assert_int_equal(cx_metric_survey_new_ces(&s, (cx_ces_version)3, NULL),
                   CX_EINVAL);
  assert_string_equal(cx_metric_kind_name((cx_metric_kind)9), "invalid");
  assert_string_equal(cx_metric_kind_name(CX_METRIC_CES), "ces");
}

static void test_serialize(void **state) {
  (void)state;
  cx_metric_survey *s, *t;
  assert_int_equal(cx_metric_survey_new_ces(&s, CX_CES_1, NULL), CX_OK);
  assert_int_equal(cx_metric_survey_add_segment(s, "phone", NULL), CX_OK);
  assert_int_equal(cx_metric_survey_add_segment(s, "chat", NULL), CX_OK);
  assert_int_equal(cx_metric_survey_add(s, 1, 2, 0.3, NULL), CX_OK);
  assert_int_equal(cx_metric_survey_add(s, 0, 5, 1, NULL), CX_OK);
  assert_int_equal(cx_metric_survey_add(s, 0, NAN, 1, NULL), CX_OK);
  size_t len;
  uint8_t *b = bytes_of(s, &len);
  assert_int_equal(cx_metric_survey_deserialize(&t, b, len), CX_OK);
  assert_same(s, t);
  assert_int_equal(cx_metric_survey_kind(t), CX_METRIC_CES);
  assert_int_equal(cx_metric_survey_ces_version(t), CX_CES_1);
  cx_scale sc;
  assert_int_equal(cx_metric_survey_scale(t, &sc), CX_OK);
  assert_int_equal(sc.direction, CX_SCALE_HIGHER_IS_WORSE);
  assert_int_equal(sc.max, 5);
  assert_null(sc.labels);
  assert_string_equal(cx_metric_survey_segment_name(t, 1), "chat");
  cx_metric_survey_free(t);
  /* Any altered byte fails the checksum; truncation and bad magic too. */
  for (size_t i = 8; i < len; i += 7) {
    b[i] ^= 0x40;
    t = (cx_metric_survey *)1;
    assert_int_equal(cx_metric_survey_deserialize(&t, b, len), CX_EPARSE);
    assert_ptr_equal(t, (cx_metric_survey *)1);
    b[i] ^= 0x40;
  }
  assert_int_equal(cx_metric_survey_deserialize(&t, b, len - 1), CX_EPARSE);
  assert_int_equal(cx_metric_survey_deserialize(&t, b, 3), CX_EPARSE);
  b[0] = 'Y';
  assert_int_equal(cx_metric_survey_deserialize(&t, b, len), CX_EPARSE);
  b[0] = 'C';
  b[4] = 2; /* format version 2 */
  assert_int_equal(cx_metric_survey_deserialize(&t, b, len), CX_EVERSION);
  b[4] = 1;
  assert_int_equal(cx_metric_survey_deserialize(NULL, b, len), CX_EINVAL);
  assert_int_equal(cx_metric_survey_deserialize(&t, NULL, 5), CX_EINVAL);
  assert_int_equal(cx_metric_survey_serialize(s, NULL, &len), CX_EINVAL);
  /* A Kano survey's bytes are not a metric accumulator. */
  const uint8_t kano[16] = {'C', 'X', 'K', 'S', 1};
  assert_int_equal(cx_metric_survey_deserialize(&t, kano, 16), CX_EPARSE);
  cx_free(b);
  cx_metric_survey_free(s);
}

static void test_csat(void **state) {
  (void)state;
  /* 1-5 answers: one 1, one 2, two 3s, three 4s, three 5s (n = 10). */
  double x[] = {1, 2, 3, 3, 4, 4, 4, 5, 5, 5};
  cx_metric_survey *s;
  assert_int_equal(cx_metric_survey_new_csat(&s, NULL), CX_OK);
  for (int i = 0; i < 10; i++)
    assert_int_equal(cx_metric_survey_add(s, 0, x[i], 1, NULL), CX_OK);
  cx_csat_result *r;
  cx_csat_options o = CX_CSAT_OPTIONS_INIT;
  /* The method is required. */
  assert_int_equal(cx_csat_compute(&r, s, CX_METRIC_ALL, &o), CX_EINVAL);
  assert_non_null(strstr(cx_error_last(), "method"));
  assert_int_equal(cx_csat_compute(&r, s, CX_METRIC_ALL, NULL), CX_EINVAL);
  o.method = CX_CSAT_TOP2BOX;
  assert_int_equal(cx_csat_compute(&r, s, CX_METRIC_ALL, &o), CX_OK);
  /* Top 2 box: 6/10.  Wilson, n = 10, z^2 = 3.841459: centre =
   * (0.6 + 0.1920729) / 1.3841459 = 0.5722467, half = 1.4160096 *
   * sqrt(0.024 + 0.0096036) = 0.2595730 -> (0.3126738, 0.8318197). */
  assert_close(r->top2, 0.6, 1e-15);
  assert_close(r->top2_lo, 0.3126738, 1e-6);
  assert_close(r->top2_hi, 0.8318197, 1e-6);
  assert_close(r->value, 0.6, 1e-15);
  assert_close(r->lo, r->top2_lo, 0);
  assert_close(r->bottom2, 0.2, 1e-15);
  /* Mean (1 + 2 + 6 + 12 + 15)/10 = 3.6; squares about the mean 6.76 +
   * 2.56 + 0.72 + 0.48 + 5.88 = 16.4, sd = sqrt(16.4/9) = 1.3498971, se =
   * 0.4268749, t(0.975, 9) = 2.2621572 -> (2.6343418, 4.5656582). */
  assert_close(r->mean, 3.6, 1e-15);
  assert_close(r->sd, 1.3498971, 1e-6);
  assert_close(r->se, 0.4268749, 1e-6);
  assert_close(r->df, 9, 1e-12);
  assert_close(r->mean_lo, 2.6343418, 1e-6);
  assert_close(r->mean_hi, 4.5656582, 1e-6);
  assert_int_equal(r->direction, CX_SCALE_HIGHER_IS_BETTER);
  cx_csat_result_free(r);
  o.method = CX_CSAT_MEAN;
  assert_int_equal(cx_csat_compute(&r, s, CX_METRIC_ALL, &o), CX_OK);
  assert_close(r->value, 3.6, 1e-15);
  assert_close(r->hi, 4.5656582, 1e-6);
  assert_int_equal(r->options.method, CX_CSAT_MEAN);
  cx_csat_result_free(r);
  cx_metric_survey_free(s);

  /* A reversed scale (1 = very satisfied): the top two boxes are 1 and 2:
   * 2/10. */
  cx_scale rev = CX_SCALE_INIT;
  rev.direction = CX_SCALE_HIGHER_IS_WORSE;
  assert_int_equal(cx_metric_survey_new_csat(&s, &rev), CX_OK);
  for (int i = 0; i < 10; i++)
    assert_int_equal(cx_metric_survey_add(s, 0, x[i], 1, NULL), CX_OK);
  o.method = CX_CSAT_TOP2BOX;
  assert_int_equal(cx_csat_compute(&r, s, CX_METRIC_ALL, &o), CX_OK);
  assert_close(r->top2, 0.2, 1e-15);
  assert_close(r->bottom2, 0.6, 1e-15);
  cx_csat_result_free(r);
  cx_metric_survey_free(s);

  /* Ten 5s: top2 = 1, Wilson (10 / (10 + z^2), 1) = (0.7224672, 1); the
   * mean 5 has sd 0, so its t interval is undefined. */
  assert_int_equal(cx_metric_survey_new_csat(&s, NULL), CX_OK);
  for (int i = 0; i < 10; i++)
    assert_int_equal(cx_metric_survey_add(s, 0, 5, 1, NULL), CX_OK);
  assert_int_equal(cx_csat_compute(&r, s, CX_METRIC_ALL, &o), CX_OK);
  assert_close(r->top2_lo, 0.7224672, 1e-6);
  assert_close(r->top2_hi, 1.0, 1e-12);
  assert_close(r->sd, 0, 0);
  assert_nan(r->mean_lo);
  cx_csat_result_free(r);
  cx_metric_survey_free(s);

  /* One answer: no sd, no t interval; Wilson still defined. */
  assert_int_equal(cx_metric_survey_new_csat(&s, NULL), CX_OK);
  assert_int_equal(cx_metric_survey_add(s, 0, 4, 1, NULL), CX_OK);
  assert_int_equal(cx_csat_compute(&r, s, CX_METRIC_ALL, &o), CX_OK);
  assert_close(r->mean, 4, 0);
  assert_nan(r->sd);
  assert_nan(r->se);
  assert_nan(r->df);
  assert_nan(r->mean_lo);
  assert_false(isnan(r->top2_lo));
  cx_csat_result_free(r);
  cx_metric_survey_free(s);
}

static void test_ces(void **state) {
  (void)state;
  /* CES 2.0, 1-7: 7, 6, 5, 5, 4, 3, 1, 6.  Agree (5-7): 5/8 = 0.625;
   * neutral (4): 1/8; disagree: 2/8.  Mean 37/8 = 4.625.  Wilson for 5/8,
   * n = 8: (0.3057424, 0.8631557). */
  double x[] = {7, 6, 5, 5, 4, 3, 1, 6};
  cx_metric_survey *s;
  assert_int_equal(cx_metric_survey_new_ces(&s, CX_CES_2, NULL), CX_OK);
  for (int i = 0; i < 8; i++)
    assert_int_equal(cx_metric_survey_add(s, 0, x[i], 1, NULL), CX_OK);
  assert_int_equal(cx_metric_survey_add(s, 0, 8, 1, NULL), CX_ERANGE);
  cx_ces_result *r;
  assert_int_equal(cx_ces_compute(&r, s, CX_METRIC_ALL, NULL), CX_OK);
  assert_int_equal(r->ces_version, CX_CES_2);
  assert_int_equal(r->direction, CX_SCALE_HIGHER_IS_BETTER);
  assert_close(r->neutral, 4, 0);
  assert_close(r->share_easy, 0.625, 1e-15);
  assert_close(r->share_neutral, 0.125, 1e-15);
  assert_close(r->share_difficult, 0.25, 1e-15);
  assert_close(r->easy_lo, 0.3057424, 1e-6);
  assert_close(r->easy_hi, 0.8631557, 1e-6);
  assert_close(r->mean, 4.625, 1e-15);
  /* sd: squares about 4.625 sum to 25.875; sqrt(25.875/7) = 1.9226098;
   * se = 1.9226098 / sqrt(8) = 0.6797452, t(0.975, 7) = 2.3646243,
   * 4.625 -/+ 1.6073420. */
  assert_close(r->sd, 1.9226098, 1e-6);
  assert_close(r->mean_lo, 3.0176580, 1e-6);
  assert_close(r->mean_hi, 6.2323420, 1e-6);
  cx_ces_result_free(r);
  cx_metric_survey_free(s);

  /* CES 1.0, 1-5 effort, higher = more effort: 1, 2, 2, 5, 3.  Easy (low
   * effort, 1-2): 3/5; neutral 1/5; difficult (4-5) 1/5; mean 13/5. */
  double y[] = {1, 2, 2, 5, 3};
  assert_int_equal(cx_metric_survey_new_ces(&s, CX_CES_1, NULL), CX_OK);
  for (int i = 0; i < 5; i++)
    assert_int_equal(cx_metric_survey_add(s, 0, y[i], 1, NULL), CX_OK);
  cx_ces_options o = CX_CES_OPTIONS_INIT;
  assert_int_equal(cx_ces_compute(&r, s, CX_METRIC_ALL, &o), CX_OK);
  assert_int_equal(r->ces_version, CX_CES_1);
  assert_int_equal(r->direction, CX_SCALE_HIGHER_IS_WORSE);
  assert_close(r->share_easy, 0.6, 1e-15);
  assert_close(r->share_neutral, 0.2, 1e-15);
  assert_close(r->share_difficult, 0.2, 1e-15);
  assert_close(r->mean, 2.6, 1e-15);
  cx_ces_result_free(r);
  o.confidence = 0;
  assert_int_equal(cx_ces_compute(&r, s, CX_METRIC_ALL, &o), CX_EINVAL);
  o = (cx_ces_options)CX_CES_OPTIONS_INIT;
  o.version = 0;
  assert_int_equal(cx_ces_compute(&r, s, CX_METRIC_ALL, &o), CX_EINVAL);
  cx_metric_survey_free(s);

  /* No answers: shares and means NaN. */
  assert_int_equal(cx_metric_survey_new_ces(&s, CX_CES_2, NULL), CX_OK);
  assert_int_equal(cx_ces_compute(&r, s, CX_METRIC_ALL, NULL), CX_OK);
  assert_nan(r->share_easy);
  assert_nan(r->easy_lo);
  assert_nan(r->mean);
  assert_nan(r->sd);
  cx_ces_result_free(r);
  cx_metric_survey_free(s);
}

static void test_free_null(void **state) {
  (void)state;
  cx_metric_survey_free(NULL);
  cx_nps_result_free(NULL);
  cx_nps_diff_free(NULL);
  cx_csat_result_free(NULL);
  cx_ces_result_free(NULL);
  assert_int_equal(cx_metric_survey_n_segments(NULL), 0);
  assert_null(cx_metric_survey_segment_name(NULL, 0));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_nps_by_hand),
      cmocka_unit_test(test_nps_clipping_and_degenerate),
      cmocka_unit_test(test_nps_bootstrap),
      cmocka_unit_test(test_nps_difference),
      cmocka_unit_test(test_weights),
      cmocka_unit_test(test_segments),
      cmocka_unit_test(test_merge_equals_one_pass),
      cmocka_unit_test(test_batch),
      cmocka_unit_test(test_input_errors),
      cmocka_unit_test(test_serialize),
      cmocka_unit_test(test_nps_bootstrap_extreme_weights),
      cmocka_unit_test(test_csat),
      cmocka_unit_test(test_ces),
      cmocka_unit_test(test_free_null),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
