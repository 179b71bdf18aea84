/* Tests of Kano results against values computed by hand (shown in the
 * comments) and, for p-values, against SciPy's chi2.sf. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <cx/kano.h>

#define assert_close(a, b, tol) assert_true(fabs((a) - (b)) <= (tol))

static void add_n(cx_kano_survey *s, size_t f, size_t seg, int fu, int dy,
                  int n) {
  for (int i = 0; i < n; i++)
    assert_int_equal(cx_kano_survey_add(s, f, seg, fu, dy, NAN, 1.0), CX_OK);
}

/* The worked example of docs/methodology/kano.md: 30 answers,
 * Like/Dislike 10 (O), Like/Neutral 6 (A), Neutral/Dislike 8 (M),
 * Neutral/Neutral 4 (I), Dislike/Like 1 (R), Like/Like 1 (Q), plus two
 * responses with a missing answer. */
static cx_kano_survey *worked_example(void) {
  cx_kano_survey *s;
  assert_int_equal(cx_kano_survey_new(&s), CX_OK);
  assert_int_equal(cx_kano_survey_add_feature(s, "Video identity check", NULL), CX_OK);
  add_n(s, 0, 0, 1, 5, 10);
  add_n(s, 0, 0, 1, 3, 6);
  add_n(s, 0, 0, 3, 5, 8);
  add_n(s, 0, 0, 3, 3, 4);
  add_n(s, 0, 0, 5, 1, 1);
  add_n(s, 0, 0, 1, 1, 1);
  add_n(s, 0, 0, 0, 5, 1);
  add_n(s, 0, 0, 2, 0, 1);
  return s;
}

static const cx_kano_feature_result *get(const cx_kano_result *r, size_t f,
                                         size_t seg) {
  const cx_kano_feature_result *row = NULL;
  assert_int_equal(cx_kano_result_get(r, f, seg, &row), CX_OK);
  assert_non_null(row);
  return row;
}

static void test_worked_example(void **state) {
  (void)state;
  cx_kano_survey *s = worked_example();
  cx_kano_result *r;
  assert_int_equal(cx_kano_result_compute(&r, s, NULL), CX_OK);
  assert_int_equal(cx_kano_result_n_features(r), 1);
  assert_int_equal(cx_kano_result_n_segments(r), 0);
  const cx_kano_feature_result *x = get(r, 0, CX_KANO_ALL);
  assert_string_equal(x->feature, "Video identity check");
  assert_null(x->segment);
  assert_true(x->n_raw == 30);
  assert_true(x->n_missing == 2);
  assert_close(x->n, 30, 0);
  assert_close(x->n_effective, 30, 1e-12);
  const double want[6] = {6, 10, 8, 4, 1, 1}; /* A O M I R Q */
  for (int c = 0; c < 6; c++) {
    assert_close(x->count[c], want[c], 0);
    assert_close(x->share[c], want[c] / 30, 1e-15);
  }
  /* Mode: O (10).  MOAI with 0.05: (10 - 8) / 30 = 0.067 >= 0.05, so O.
   * O+A+M = 24 > I+R+Q = 6: largest of O, A, M is O. */
  assert_int_equal(x->category, CX_KANO_O);
  assert_int_equal(x->by_rule[CX_KANO_RULE_MODE], CX_KANO_O);
  assert_int_equal(x->by_rule[CX_KANO_RULE_MOAI], CX_KANO_O);
  assert_int_equal(x->by_rule[CX_KANO_RULE_OAM_IRQ], CX_KANO_O);
  /* Better = (6 + 10) / 28, Worse = -(10 + 8) / 28. */
  assert_close(x->better, 16.0 / 28, 1e-15);
  assert_close(x->worse, -18.0 / 28, 1e-15);
  /* Strength: (A+O+M)/n = 24/30; category strength 10/30 - 8/30. */
  assert_close(x->total_strength, 0.8, 1e-15);
  assert_close(x->category_strength, 2.0 / 30, 1e-15);
  /* Fong: a = 10, b = 8, limit 1.65 sqrt(18 * 42 / 60) = 5.85692. */
  assert_close(x->fong_a, 10, 1e-12);
  assert_close(x->fong_b, 8, 1e-12);
  assert_close(x->fong_limit, 5.85691898526862, 1e-10);
  assert_int_equal(x->fong_significant, 0);
  /* Chi-square of M, O, A, I = 8, 10, 6, 4 against 7 each: 20/7, df 3;
   * p from scipy.stats.chi2.sf(20/7, 3). */
  assert_close(x->chi2, 20.0 / 7, 1e-12);
  assert_close(x->chi2_p, 0.4141793659679206, 1e-12);
  /* DuMouchel: functional 17 x 4, 12 x 0, 1 x -2 -> 66/30 = 2.2, SD
   * sqrt(130.8 / 29); dysfunctional 18 x 4, 10 x 0, 2 x -2 -> 68/30. */
  assert_close(x->functional_mean, 2.2, 1e-14);
  assert_close(x->functional_sd, 2.1237572430921117, 1e-12);
  assert_close(x->dysfunctional_mean, 68.0 / 30, 1e-14);
  assert_close(x->dysfunctional_sd, 2.211776214491083, 1e-12);
  assert_true(isnan(x->importance_mean));
  assert_true(x->importance_n == 0);
  assert_int_equal(x->bootstrap, 0);
  assert_true(isnan(x->better_lo));
  assert_true(isnan(x->segment_chi2));
  cx_kano_result_free(r);

  /* MOAI with threshold 0.1: 0.067 < 0.1 and M precedes O. */
  cx_kano_options o = CX_KANO_OPTIONS_INIT;
  o.rule = CX_KANO_RULE_MOAI;
  o.threshold = 0.1;
  assert_int_equal(cx_kano_result_compute(&r, s, &o), CX_OK);
  x = get(r, 0, CX_KANO_ALL);
  assert_int_equal(x->category, CX_KANO_M);
  assert_int_equal(x->by_rule[CX_KANO_RULE_MODE], CX_KANO_O);
  assert_int_equal(cx_kano_result_options(r)->rule, CX_KANO_RULE_MOAI);
  assert_close(cx_kano_result_options(r)->threshold, 0.1, 0);
  cx_kano_result_free(r);
  cx_kano_survey_free(s);
}

static void test_pouliot_table(void **state) {
  (void)state;
  /* Must-be/Must-be is I under Berger and Q under Pouliot. */
  cx_kano_survey *s;
  assert_int_equal(cx_kano_survey_new(&s), CX_OK);
  assert_int_equal(cx_kano_survey_add_feature(s, "f", NULL), CX_OK);
  add_n(s, 0, 0, 2, 2, 3);
  add_n(s, 0, 0, 4, 4, 2);
  add_n(s, 0, 0, 1, 5, 1);
  cx_kano_options o = CX_KANO_OPTIONS_INIT;
  cx_kano_result *r;
  assert_int_equal(cx_kano_result_compute(&r, s, &o), CX_OK);
  assert_close(get(r, 0, CX_KANO_ALL)->count[CX_KANO_I], 5, 0);
  assert_int_equal(get(r, 0, CX_KANO_ALL)->category, CX_KANO_I);
  cx_kano_result_free(r);
  assert_int_equal(cx_kano_table_init(&o.table, CX_KANO_TABLE_POULIOT), CX_OK);
  assert_int_equal(cx_kano_result_compute(&r, s, &o), CX_OK);
  const cx_kano_feature_result *x = get(r, 0, CX_KANO_ALL);
  assert_close(x->count[CX_KANO_Q], 5, 0);
  assert_close(x->count[CX_KANO_I], 0, 0);
  assert_int_equal(x->category, CX_KANO_Q);
  /* Q is excluded from Better/Worse: only the one O counts. */
  assert_close(x->better, 1.0, 0);
  assert_close(x->worse, -1.0, 0);
  cx_kano_result_free(r);
  /* A custom table: everything attractive. */
  memset(&o.table, CX_KANO_A, sizeof o.table);
  assert_int_equal(cx_kano_result_compute(&r, s, &o), CX_OK);
  assert_close(get(r, 0, CX_KANO_ALL)->count[CX_KANO_A], 6, 0);
  cx_kano_result_free(r);
  cx_kano_survey_free(s);
}

static void test_ties_and_precedence(void **state) {
  (void)state;
  cx_kano_survey *s;
  assert_int_equal(cx_kano_survey_new(&s), CX_OK);
  assert_int_equal(cx_kano_survey_add_feature(s, "tie A O", NULL), CX_OK);
  assert_int_equal(cx_kano_survey_add_feature(s, "oam equals irq", NULL), CX_OK);
  assert_int_equal(cx_kano_survey_add_feature(s, "only R and Q", NULL), CX_OK);
  assert_int_equal(cx_kano_survey_add_feature(s, "only A", NULL), CX_OK);
  assert_int_equal(cx_kano_survey_add_feature(s, "no answers", NULL), CX_OK);
  /* Feature 0: A 3, O 3, I 1. Default precedence M > O > A: O. */
  add_n(s, 0, 0, 1, 3, 3);
  add_n(s, 0, 0, 1, 5, 3);
  add_n(s, 0, 0, 3, 3, 1);
  /* Feature 1: A 2, I 1, R 1: O+A+M = 2 = I+R+Q, so the I,R,Q side;
   * I and R tie at 1 and I precedes R. */
  add_n(s, 1, 0, 1, 2, 2);
  add_n(s, 1, 0, 3, 3, 1);
  add_n(s, 1, 0, 5, 2, 1);
  /* Feature 2: R 2, Q 1. */
  add_n(s, 2, 0, 5, 1, 2);
  add_n(s, 2, 0, 1, 1, 1);
  /* Feature 3: A only, so Worse is -0/1 and must print as 0. */
  add_n(s, 3, 0, 1, 4, 2);

  cx_kano_options o = CX_KANO_OPTIONS_INIT;
  cx_kano_result *r;
  assert_int_equal(cx_kano_result_compute(&r, s, &o), CX_OK);
  const cx_kano_feature_result *x = get(r, 0, CX_KANO_ALL);
  assert_int_equal(x->by_rule[CX_KANO_RULE_MODE], CX_KANO_O);
  assert_int_equal(x->by_rule[CX_KANO_RULE_MOAI], CX_KANO_O);
  assert_close(x->category_strength, 0.0, 0);
  /* Fong on a tie: |a - b| = 0 is never significant. */
  assert_int_equal(x->fong_significant, 0);
  x = get(r, 1, CX_KANO_ALL);
  assert_int_equal(x->by_rule[CX_KANO_RULE_MODE], CX_KANO_A);
  assert_int_equal(x->by_rule[CX_KANO_RULE_OAM_IRQ], CX_KANO_I);
  x = get(r, 2, CX_KANO_ALL);
  assert_int_equal(x->category, CX_KANO_R);
  assert_true(isnan(x->better) && isnan(x->worse));
  assert_true(isnan(x->chi2));
  x = get(r, 3, CX_KANO_ALL);
  assert_close(x->better, 1.0, 0);
  assert_true(x->worse == 0.0 && !signbit(x->worse));
  x = get(r, 4, CX_KANO_ALL);
  assert_int_equal(x->category, CX_KANO_UNDEFINED);
  assert_true(x->n_raw == 0);
  assert_true(isnan(x->share[0]) && isnan(x->better) && isnan(x->total_strength));
  assert_true(isnan(x->functional_mean) && isnan(x->n_effective));
  cx_kano_result_free(r);

  /* Custom precedence A first: the A/O tie goes to A. */
  const int8_t prec[6] = {CX_KANO_A, CX_KANO_O, CX_KANO_M, CX_KANO_I, CX_KANO_R, CX_KANO_Q};
  memcpy(o.precedence, prec, sizeof prec);
  assert_int_equal(cx_kano_result_compute(&r, s, &o), CX_OK);
  assert_int_equal(get(r, 0, CX_KANO_ALL)->category, CX_KANO_A);
  cx_kano_result_free(r);
  cx_kano_survey_free(s);
}

static void test_weights_and_importance(void **state) {
  (void)state;
  cx_kano_survey *s;
  assert_int_equal(cx_kano_survey_new(&s), CX_OK);
  assert_int_equal(cx_kano_survey_add_feature(s, "f", NULL), CX_OK);
  /* O with weight 2, A with weight 1: n = 3, n_eff = 9 / 5. */
  assert_int_equal(cx_kano_survey_add(s, 0, 0, 1, 5, 5.0, 2.0), CX_OK);
  assert_int_equal(cx_kano_survey_add(s, 0, 0, 1, 3, 8.0, 1.0), CX_OK);
  cx_kano_result *r;
  assert_int_equal(cx_kano_result_compute(&r, s, NULL), CX_OK);
  const cx_kano_feature_result *x = get(r, 0, CX_KANO_ALL);
  assert_close(x->n, 3, 0);
  assert_true(x->n_raw == 2);
  assert_close(x->n_effective, 1.8, 1e-15);
  assert_close(x->share[CX_KANO_O], 2.0 / 3, 1e-15);
  assert_close(x->better, 1.0, 0);
  assert_close(x->worse, -2.0 / 3, 1e-15);
  /* Fong counts are rescaled to n_eff: a = 2 * 0.6, b = 1 * 0.6. */
  assert_close(x->fong_a, 1.2, 1e-14);
  assert_close(x->fong_b, 0.6, 1e-14);
  /* Importance: weighted mean (2*5 + 8) / 3 = 6; reliability-weighted
   * variance sum w (x - m)^2 / (V1 - V2/V1) = (2 + 4) / (3 - 5/3) = 4.5. */
  assert_close(x->importance_mean, 6.0, 1e-14);
  assert_close(x->importance_sd, sqrt(4.5), 1e-12);
  assert_true(x->importance_n == 2);
  cx_kano_result_free(r);
  cx_kano_survey_free(s);

  /* Unweighted importance 5, 7, 9: mean 7, SD 2. */
  assert_int_equal(cx_kano_survey_new(&s), CX_OK);
  assert_int_equal(cx_kano_survey_add_feature(s, "g", NULL), CX_OK);
  assert_int_equal(cx_kano_survey_add(s, 0, 0, 1, 5, 5.0, 1.0), CX_OK);
  assert_int_equal(cx_kano_survey_add(s, 0, 0, 1, 5, 7.0, 1.0), CX_OK);
  assert_int_equal(cx_kano_survey_add(s, 0, 0, 1, 5, 9.0, 1.0), CX_OK);
  assert_int_equal(cx_kano_result_compute(&r, s, NULL), CX_OK);
  x = get(r, 0, CX_KANO_ALL);
  assert_close(x->importance_mean, 7.0, 1e-14);
  assert_close(x->importance_sd, 2.0, 1e-12);
  /* One distinct answer: functional SD is 0, not NaN. */
  assert_close(x->functional_sd, 0.0, 0);
  cx_kano_result_free(r);
  cx_kano_survey_free(s);
}

static void test_segments(void **state) {
  (void)state;
  cx_kano_survey *s;
  assert_int_equal(cx_kano_survey_new(&s), CX_OK);
  assert_int_equal(cx_kano_survey_add_segment(s, "retail", NULL), CX_OK);
  assert_int_equal(cx_kano_survey_add_segment(s, "business", NULL), CX_OK);
  assert_int_equal(cx_kano_survey_add_feature(s, "f", NULL), CX_OK);
  assert_int_equal(cx_kano_survey_add_feature(s, "same", NULL), CX_OK);
  /* Feature 0: retail all A (10), business all O (10): the 2x2 table
   * [[10, 0], [0, 10]] has X^2 = 20, df 1, p = chi2.sf(20, 1). */
  add_n(s, 0, 0, 1, 3, 10);
  add_n(s, 0, 1, 1, 5, 10);
  /* Feature 1: the same mix in both segments: X^2 = 0, p = 1. */
  add_n(s, 1, 0, 1, 3, 2);
  add_n(s, 1, 0, 3, 5, 4);
  add_n(s, 1, 1, 1, 3, 1);
  add_n(s, 1, 1, 3, 5, 2);
  cx_kano_result *r;
  assert_int_equal(cx_kano_result_compute(&r, s, NULL), CX_OK);
  assert_int_equal(cx_kano_result_n_segments(r), 2);
  assert_string_equal(cx_kano_result_segment_name(r, 1), "business");
  assert_null(cx_kano_result_segment_name(r, 2));
  const cx_kano_feature_result *x = get(r, 0, 0);
  assert_string_equal(x->segment, "retail");
  assert_int_equal(x->category, CX_KANO_A);
  assert_true(isnan(x->segment_chi2));
  x = get(r, 0, 1);
  assert_int_equal(x->category, CX_KANO_O);
  x = get(r, 0, CX_KANO_ALL);
  assert_null(x->segment);
  assert_true(x->n_raw == 20);
  assert_close(x->segment_chi2, 20.0, 1e-12);
  assert_close(x->segment_df, 1.0, 0);
  assert_close(x->segment_p, 7.744216431044088e-06, 1e-15);
  x = get(r, 1, CX_KANO_ALL);
  assert_close(x->segment_chi2, 0.0, 1e-12);
  assert_close(x->segment_p, 1.0, 1e-12);
  const cx_kano_feature_result *y;
  assert_int_equal(cx_kano_result_get(r, 0, 2, &y), CX_ENOTFOUND);
  assert_int_equal(cx_kano_result_get(r, 2, 0, &y), CX_ENOTFOUND);
  assert_int_equal(cx_kano_result_get(r, 0, 0, NULL), CX_EINVAL);
  cx_kano_result_free(r);
  cx_kano_survey_free(s);
}

static void test_respondents_in_result(void **state) {
  (void)state;
  cx_kano_survey *s;
  assert_int_equal(cx_kano_survey_new(&s), CX_OK);
  assert_int_equal(cx_kano_survey_add_segment(s, "x", NULL), CX_OK);
  assert_int_equal(cx_kano_survey_add_segment(s, "y", NULL), CX_OK);
  assert_int_equal(cx_kano_survey_add_feature(s, "f", NULL), CX_OK);
  cx_kano_filter flt = CX_KANO_FILTER_INIT;
  flt.max_questionable = 0.5;
  assert_int_equal(cx_kano_survey_set_filter(s, &flt), CX_OK);
  uint8_t like = 1, dislike = 5;
  assert_int_equal(cx_kano_survey_add_respondent(s, 0, 1, &like, &dislike, NULL, NULL), CX_OK);
  assert_int_equal(cx_kano_survey_add_respondent(s, 1, 1, &like, &like, NULL, NULL), CX_OK);
  assert_int_equal(cx_kano_survey_add_respondent(s, 1, 1, &like, &dislike, NULL, NULL), CX_OK);
  cx_kano_result *r;
  assert_int_equal(cx_kano_result_compute(&r, s, NULL), CX_OK);
  uint64_t added, dropped;
  assert_int_equal(cx_kano_result_respondents(r, 1, &added, &dropped), CX_OK);
  assert_true(added == 1 && dropped == 1);
  assert_int_equal(cx_kano_result_respondents(r, CX_KANO_ALL, &added, &dropped), CX_OK);
  assert_true(added == 2 && dropped == 1);
  assert_int_equal(cx_kano_result_respondents(r, 5, &added, &dropped), CX_ENOTFOUND);
  cx_kano_result_free(r);
  cx_kano_survey_free(s);
}

static void test_bootstrap(void **state) {
  (void)state;
  cx_kano_survey *s = worked_example();
  cx_kano_options o = CX_KANO_OPTIONS_INIT;
  o.bootstrap = 2000;
  o.seed = 11;
  cx_kano_result *r1, *r2, *r3;
  assert_int_equal(cx_kano_result_compute(&r1, s, &o), CX_OK);
  assert_int_equal(cx_kano_result_compute(&r2, s, &o), CX_OK);
  o.seed = 12;
  assert_int_equal(cx_kano_result_compute(&r3, s, &o), CX_OK);
  const cx_kano_feature_result *a = get(r1, 0, CX_KANO_ALL), *b = get(r2, 0, CX_KANO_ALL),
                               *c = get(r3, 0, CX_KANO_ALL);
  assert_int_equal(a->bootstrap, 2000);
  /* Same seed, same numbers; another seed, other numbers. */
  assert_true(a->better_lo == b->better_lo && a->worse_hi == b->worse_hi);
  assert_true(a->better_lo != c->better_lo || a->better_hi != c->better_hi);
  /* The interval holds the estimate, and its width is near the normal
   * approximation 2 * 1.96 * sqrt(p (1 - p) / n) with n = 28 answers
   * entering better: 2 * 1.96 * sqrt(0.571 * 0.429 / 28) = 0.367. */
  assert_true(a->better_lo < a->better && a->better < a->better_hi);
  assert_true(a->worse_lo < a->worse && a->worse < a->worse_hi);
  double width = a->better_hi - a->better_lo;
  assert_true(width > 0.30 && width < 0.43);
  /* Stability: O wins most resamples, M some; shares sum to 1 here since
   * no resample is empty. */
  double total = 0;
  for (int k = 0; k < 6; k++) {
    assert_true(a->stability[k] >= 0 && a->stability[k] <= 1);
    total += a->stability[k];
  }
  assert_close(total, 1.0, 1e-12);
  assert_true(a->stability[CX_KANO_O] > 0.5);
  assert_true(a->stability[CX_KANO_M] > 0.1);
  cx_kano_result_free(r1);
  cx_kano_result_free(r2);
  cx_kano_result_free(r3);
  cx_kano_survey_free(s);
}

static void test_bad_options(void **state) {
  (void)state;
  cx_kano_survey *s = worked_example();
  cx_kano_result *r = NULL;
  cx_kano_options o = CX_KANO_OPTIONS_INIT;
  o.version = 0;
  assert_int_equal(cx_kano_result_compute(&r, s, &o), CX_EINVAL);
  o.version = CX_KANO_OPTIONS_VERSION;
  o.threshold = -0.1;
  assert_int_equal(cx_kano_result_compute(&r, s, &o), CX_EINVAL);
  o.threshold = 0.05;
  o.precedence[0] = o.precedence[1];
  assert_int_equal(cx_kano_result_compute(&r, s, &o), CX_EINVAL);
  assert_non_null(strstr(cx_error_last(), "precedence"));
  cx_kano_options o2 = CX_KANO_OPTIONS_INIT;
  o2.confidence = 1.0;
  assert_int_equal(cx_kano_result_compute(&r, s, &o2), CX_EINVAL);
  o2.confidence = 0.9;
  o2.rule = (cx_kano_rule)3;
  assert_int_equal(cx_kano_result_compute(&r, s, &o2), CX_EINVAL);
  o2.rule = CX_KANO_RULE_MODE;
  o2.table.cell[0][0] = 9;
  assert_int_equal(cx_kano_result_compute(&r, s, &o2), CX_EINVAL);
  o2.table.cell[0][0] = CX_KANO_Q;
  o2.fong_z = 0;
  assert_int_equal(cx_kano_result_compute(&r, s, &o2), CX_EINVAL);
  o2.fong_z = 1.96;
  o2.functional_scores[2] = NAN;
  assert_int_equal(cx_kano_result_compute(&r, s, &o2), CX_EINVAL);
  assert_null(r);
  assert_int_equal(cx_kano_result_compute(&r, NULL, NULL), CX_EINVAL);
  cx_kano_result_free(NULL);
  cx_kano_survey_free(s);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_worked_example),
      cmocka_unit_test(test_pouliot_table),
      cmocka_unit_test(test_ties_and_precedence),
      cmocka_unit_test(test_weights_and_importance),
      cmocka_unit_test(test_segments),
      cmocka_unit_test(test_respondents_in_result),
      cmocka_unit_test(test_bootstrap),
      cmocka_unit_test(test_bad_options),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
