/* Tests of gap analysis (lib/gap.c, lib/gap_stats.c, lib/gap_serialize.c).
 *
 * The reference survey: scale 1-5 (neutral 3), "not applicable" = 8,
 * "don't know" = 9; importance 1-5; disconfirmation 1-7; min_share 0.5.
 * Items q1 and q2 in dimension "A", q3 (reverse-scored: 6 - x) in "B".
 *
 *          q1 E P   q2 E P   q3 E P (raw -> reversed)   A  D of q1
 *   r1     3 4      4 4      2 5  -> 4 1  gap -3        2  4
 *   r2     4 2      5 3      - 3  -> - 3  missing       3  5
 *   r3     2 5      8 4 (NA) 4 4  -> 2 2  gap 0         4  3 (inversion)
 *   r4     5 5      3 9 (DK) 3 1  -> 3 5  gap 2         -  -
 *
 * Gaps: q1 1, -2, 3, 0; q2 0, -2; q3 -3, 0, 2.
 * Every expected value below is worked out from this table in comments.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <cx/gap.h>

#define assert_close(a, b, tol) assert_true(fabs((a) - (b)) <= (tol))
#define N NAN

static const double E[4][3] = {{3, 4, 2}, {4, 5, N}, {2, 8, 4}, {5, 3, 3}};
static const double P[4][3] = {{4, 4, 5}, {2, 3, 3}, {5, 4, 4}, {5, 9, 1}};
static const double A[4][3] = {{2, N, N}, {3, N, N}, {4, N, N}, {N, N, N}};
static const double D[4][3] = {{4, N, N}, {5, N, N}, {3, N, N}, {N, N, N}};
static const double IMP[4][3] = {{5, 2, 4}, {4, 3, N}, {N, N, 5}, {N, N, N}};
static const double DISC[4][3] = {{6, N, N}, {2, N, N}, {7, N, N}, {N, N, N}};
static const double POINTS[4][2] = {{60, 40}, {50, 50}, {100, 0}, {N, N}};
static const char *const WHO[4] = {"r1", "r2", "r3", "r4"};

static cx_gap_config config(double min_share) {
  cx_gap_config c = CX_GAP_CONFIG_INIT;
  cx_scale s = CX_SCALE_INIT;
  s.has_na_code = 1;
  s.na_code = 8;
  s.has_dk_code = 1;
  s.dk_code = 9;
  c.scale = s;
  cx_scale i = CX_SCALE_INIT;
  c.importance = i;
  c.min_share = min_share;
  return c;
}

static cx_gap_survey *make(double min_share) {
  cx_gap_config c = config(min_share);
  cx_gap_survey *s = NULL;
  assert_int_equal(cx_gap_survey_new(&s, &c), CX_OK);
  assert_int_equal(cx_gap_survey_add_item(s, "q1", "first", "A", 0, NULL),
                   CX_OK);
  assert_int_equal(cx_gap_survey_add_item(s, "q2", NULL, "A", 0, NULL), CX_OK);
  assert_int_equal(cx_gap_survey_add_item(s, "q3", "third", "B",
                                          CX_GAP_ITEM_REVERSED, NULL),
                   CX_OK);
  return s;
}

static void add(cx_gap_survey *s, int r) {
  cx_gap_response x = CX_GAP_RESPONSE_INIT;
  x.respondent = WHO[r];
  x.expectation = E[r];
  x.perception = P[r];
  x.adequate = A[r];
  x.desired = D[r];
  x.importance = IMP[r];
  x.disconfirmation = DISC[r];
  x.dimension_points = isnan(POINTS[r][0]) ? NULL : POINTS[r];
  assert_int_equal(cx_gap_survey_add_respondent(s, &x), CX_OK);
}

static cx_gap_survey *reference(double min_share) {
  cx_gap_survey *s = make(min_share);
  for (int r = 0; r < 4; r++)
    add(s, r);
  return s;
}

static cx_gap_result *compute(const cx_gap_survey *s,
                              const cx_gap_options *o) {
  cx_gap_result *r = NULL;
  assert_int_equal(cx_gap_result_compute(&r, s, o), CX_OK);
  return r;
}

static void test_items_and_layout(void **state) {
  (void)state;
  cx_gap_survey *s = make(0.5);
  assert_int_equal(cx_gap_survey_n_items(s), 3);
  assert_int_equal(cx_gap_survey_n_dimensions(s), 2);
  assert_string_equal(cx_gap_survey_item_id(s, 2), "q3");
  assert_string_equal(cx_gap_survey_item_label(s, 1), "");
  assert_string_equal(cx_gap_survey_item_label(s, 0), "first");
  assert_int_equal(cx_gap_survey_item_dimension(s, 2), 1);
  assert_int_equal(cx_gap_survey_item_dimension(s, 9), CX_GAP_NO_DIMENSION);
  assert_string_equal(cx_gap_survey_dimension_name(s, 1), "B");
  assert_null(cx_gap_survey_dimension_name(s, 2));
  assert_null(cx_gap_survey_item_id(s, 3));
  size_t k;
  assert_int_equal(cx_gap_survey_find_item(s, "q2", &k), CX_OK);
  assert_int_equal(k, 1);
  assert_int_equal(cx_gap_survey_find_item(s, "q9", &k), CX_ENOTFOUND);
  assert_int_equal(cx_gap_survey_find_dimension(s, "B", &k), CX_OK);
  assert_int_equal(k, 1);
  assert_int_equal(cx_gap_survey_find_dimension(s, "C", &k), CX_ENOTFOUND);
  /* Errors: duplicate id, empty id, bad flags, NULL. */
  assert_int_equal(cx_gap_survey_add_item(s, "q1", NULL, NULL, 0, NULL),
                   CX_EINVAL);
  assert_int_equal(cx_gap_survey_add_item(s, "", NULL, NULL, 0, NULL),
                   CX_EINVAL);
  assert_int_equal(cx_gap_survey_add_item(s, "q4", NULL, "", 0, NULL),
                   CX_EINVAL);
  assert_int_equal(cx_gap_survey_add_item(s, "q4", NULL, NULL, 4, NULL),
                   CX_EINVAL);
  assert_int_equal(cx_gap_survey_add_item(s, "\xff", NULL, NULL, 0, NULL),
                   CX_EINVAL);
  assert_int_equal(cx_gap_survey_add_item(NULL, "q4", NULL, NULL, 0, NULL),
                   CX_EINVAL);
  assert_int_equal(cx_gap_survey_n_items(s), 3);
  /* The SERVQUAL layout needs an empty survey. */
  assert_int_equal(cx_gap_survey_declare_servqual(s), CX_ESTATE);
  add(s, 0);
  assert_int_equal(cx_gap_survey_add_item(s, "q4", NULL, NULL, 0, NULL),
                   CX_ESTATE);
  cx_gap_config c;
  assert_int_equal(cx_gap_survey_config(s, &c), CX_OK);
  assert_int_equal(c.scale.na_code, 8);
  assert_close(c.min_share, 0.5, 0);
  cx_gap_survey_free(s);
  cx_gap_survey_free(NULL);
}

static void test_servqual_layout(void **state) {
  (void)state;
  cx_gap_survey *s;
  assert_int_equal(cx_gap_survey_new(&s, NULL), CX_OK);
  assert_int_equal(cx_gap_survey_declare_servqual(s), CX_OK);
  assert_int_equal(cx_gap_survey_n_items(s), 22);
  assert_int_equal(cx_gap_survey_n_dimensions(s), 5);
  /* tangibles 1-4, reliability 5-9, responsiveness 10-13, assurance
   * 14-17, empathy 18-22 */
  const char *dim[22] = {"tangibles", "tangibles", "tangibles", "tangibles",
                         "reliability", "reliability", "reliability",
                         "reliability", "reliability", "responsiveness",
                         "responsiveness", "responsiveness", "responsiveness",
                         "assurance", "assurance", "assurance", "assurance",
                         "empathy", "empathy", "empathy", "empathy",
                         "empathy"};
  for (size_t i = 0; i < 22; i++)
    assert_string_equal(
        cx_gap_survey_dimension_name(s, cx_gap_survey_item_dimension(s, i)),
        dim[i]);
  assert_string_equal(cx_gap_survey_item_id(s, 4), "SQ5");
  assert_string_equal(cx_gap_survey_item_label(s, 4), "reliability 1");
  assert_string_equal(cx_gap_survey_item_label(s, 21), "empathy 5");
  cx_gap_config c;
  cx_gap_survey_config(s, &c);
  assert_int_equal(c.scale.min, 1);
  assert_int_equal(c.scale.max, 7);
  assert_close(c.min_share, 0.75, 0);
  cx_gap_result *r = compute(s, NULL);
  assert_int_equal(cx_gap_result_n_dimensions(r), 5);
  assert_int_equal(cx_gap_result_dimension(r, 1)->n_items, 5);
  assert_int_equal(cx_gap_result_dimension(r, 2)->n_items, 4);
  cx_gap_result_free(r);
  cx_gap_survey_free(s);
}

static void test_item_statistics(void **state) {
  (void)state;
  cx_gap_survey *s = reference(0.5);
  assert_int_equal(cx_gap_survey_n_respondents(s), 4);
  cx_gap_result *r = compute(s, NULL);
  assert_int_equal(cx_gap_result_n_items(r), 3);
  const cx_gap_item_result *q1 = cx_gap_result_item(r, 0);
  assert_string_equal(q1->id, "q1");
  assert_string_equal(q1->label, "first");
  assert_int_equal(q1->dimension, 0);
  const cx_gap_stats *g = &q1->gap;
  /* q1 gaps 1, -2, 3, 0: n = 4, mean 2 / 4 = 0.5; deviations 0.5, -2.5,
   * 2.5, -0.5, sum of squares 13, var 13 / 3, sd sqrt(13/3). */
  assert_int_equal(g->n, 4);
  assert_close(g->sum_weights, 4, 0);
  assert_close(g->n_eff, 4, 1e-12);
  assert_close(g->mean, 0.5, 1e-12);
  assert_close(g->sd, sqrt(13.0 / 3.0), 1e-12);
  /* se = sd / 2; t = 0.5 / se = 0.48038446141526137, df 3 */
  assert_close(g->se, sqrt(13.0 / 3.0) / 2, 1e-12);
  assert_close(g->t, 0.48038446141526137, 1e-12);
  assert_close(g->df, 3, 1e-12);
  /* two-sided p of t(3) at 0.4804: SciPy 1.10 2 * t.sf = 0.66380801203237 */
  assert_close(g->p_t, 0.6638080120323688, 1e-10);
  /* CI 0.5 -/+ t(0.975, 3) se, t(0.975, 3) = 3.182446305284263 */
  assert_close(g->ci_low, 0.5 - 3.182446305284263 * g->se, 1e-8);
  assert_close(g->ci_high, 0.5 + 3.182446305284263 * g->se, 1e-8);
  /* E 3, 4, 2, 5: mean 3.5, SS 5, sd sqrt(5/3); P 4, 2, 5, 5: mean 4,
   * SS 6, sd sqrt(2). */
  assert_close(g->mean_e, 3.5, 1e-12);
  assert_close(g->mean_p, 4, 1e-12);
  assert_close(g->sd_e, sqrt(5.0 / 3.0), 1e-12);
  assert_close(g->sd_p, sqrt(2.0), 1e-12);
  /* median of -2, 0, 1, 3 = (0 + 1) / 2 */
  assert_close(g->median, 0.5, 1e-12);
  /* d_z = 0.5 / sqrt(13/3); d_av = 0.5 / ((sqrt(5/3) + sqrt 2) / 2);
   * Hedges J(3) = 1 - 3 / 11 = 8 / 11. */
  double dz = 0.5 / sqrt(13.0 / 3.0);
  double dav = 0.5 / ((sqrt(5.0 / 3.0) + sqrt(2.0)) / 2.0);
  assert_close(g->d_z, dz, 1e-12);
  assert_close(g->d_av, dav, 1e-12);
  assert_close(g->g_z, dz * 8.0 / 11.0, 1e-12);
  assert_close(g->g_av, dav * 8.0 / 11.0, 1e-12);
  /* Wilcoxon (wilcox): one zero dropped; |1|, |-2|, |3| rank 1, 2, 3;
   * W+ = 4, W- = 2; mean 3, var 3 * 4 * 7 / 24 = 3.5; z = 1 / sqrt(3.5). */
  assert_int_equal(g->n_zero, 1);
  assert_int_equal(g->n_ranked, 3);
  assert_close(g->w_plus, 4, 0);
  assert_close(g->w_minus, 2, 0);
  assert_close(g->w, 2, 0);
  assert_close(g->z, 1 / sqrt(3.5), 1e-12);
  assert_close(g->p_w, erfc(1 / sqrt(3.5) / sqrt(2.0)), 1e-12);
  assert_int_equal(q1->n_missing, 0);

  /* q2: pairs (4, 4), (5, 3); r3 not applicable, r4 don't know.
   * gaps 0, -2: mean -1, sd sqrt 2, se 1, t = -1, df 1, p = 0.5. */
  const cx_gap_item_result *q2 = cx_gap_result_item(r, 1);
  assert_int_equal(q2->n_not_applicable, 1);
  assert_int_equal(q2->n_dont_know, 1);
  assert_int_equal(q2->n_missing, 0);
  assert_int_equal(q2->gap.n, 2);
  assert_close(q2->gap.mean, -1, 1e-12);
  assert_close(q2->gap.t, -1, 1e-12);
  assert_close(q2->gap.p_t, 0.5, 1e-10);
  /* Hedges J(1) = 1 - 3 / 3 = 0 */
  assert_close(q2->gap.g_z, 0, 1e-15);

  /* q3 reversed: gaps -3, 0, 2; r2 missing.  mean -1/3, deviations
   * -8/3, 1/3, 7/3, SS 114 / 9, var 57 / 9. */
  const cx_gap_item_result *q3 = cx_gap_result_item(r, 2);
  assert_int_equal(q3->n_missing, 1);
  assert_int_equal(q3->gap.n, 3);
  assert_close(q3->gap.mean, -1.0 / 3.0, 1e-12);
  assert_close(q3->gap.sd, sqrt(57.0 / 9.0), 1e-12);
  /* reversed E 4, 2, 3 -> mean 3; P 1, 2, 5 -> mean 8 / 3 */
  assert_close(q3->gap.mean_e, 3, 1e-12);
  assert_close(q3->gap.mean_p, 8.0 / 3.0, 1e-12);

  /* Holm across the three items: the smallest p times 3, capped, and
   * never below the raw p; BH never above Holm. */
  double pmin = fmin(q1->gap.p_t, fmin(q2->gap.p_t, q3->gap.p_t));
  const cx_gap_item_result *rows[3] = {q1, q2, q3};
  for (int i = 0; i < 3; i++) {
    assert_true(rows[i]->gap.p_t_holm >= rows[i]->gap.p_t);
    assert_true(rows[i]->gap.p_t_bh <= rows[i]->gap.p_t_holm + 1e-15);
    if (rows[i]->gap.p_t == pmin)
      assert_close(rows[i]->gap.p_t_holm, fmin(1.0, 3 * pmin), 1e-15);
    assert_true(rows[i]->gap.p_t_bh >= rows[i]->gap.p_t);
  }
  cx_gap_result_free(r);
  cx_gap_survey_free(s);
}

static void test_dimensions_and_overall(void **state) {
  (void)state;
  cx_gap_survey *s = reference(0.5);
  cx_gap_result *r = compute(s, NULL);
  /* Dimension A (q1, q2), at least 1 of 2 answered:
   * r1 (1 + 0) / 2 = 0.5, r2 (-2 - 2) / 2 = -2, r3 3 / 1 = 3, r4 0 / 1 = 0.
   * mean 1.5 / 4 = 0.375; median of -2, 0, 0.5, 3 = 0.25.
   * E means 3.5, 4.5, 2, 5 -> 3.75; P means 4, 2.5, 5, 5 -> 4.125. */
  const cx_gap_dimension_result *a = cx_gap_result_dimension(r, 0);
  assert_string_equal(a->name, "A");
  assert_int_equal(a->n_items, 2);
  assert_int_equal(a->gap.n, 4);
  assert_int_equal(a->n_too_few, 0);
  assert_int_equal(a->n_none, 0);
  assert_close(a->gap.mean, 0.375, 1e-12);
  assert_close(a->gap.median, 0.25, 1e-12);
  assert_close(a->gap.mean_e, 3.75, 1e-12);
  assert_close(a->gap.mean_p, 4.125, 1e-12);
  /* SD of E means: deviations -0.25, 0.75, -1.75, 1.25, squares 0.0625,
   * 0.5625, 3.0625, 1.5625, SS 5.25, var 5.25 / 3 = 1.75. */
  assert_close(a->gap.sd_e, sqrt(1.75), 1e-12);
  /* Wilcoxon: nonzero 0.5, -2, 3 rank 1, 2, 3: W+ 4, W- 2. */
  assert_close(a->gap.w_plus, 4, 0);
  assert_close(a->gap.w_minus, 2, 0);
  /* Dimension B: r2 answered none. */
  const cx_gap_dimension_result *b = cx_gap_result_dimension(r, 1);
  assert_int_equal(b->n_none, 1);
  assert_int_equal(b->gap.n, 3);
  assert_close(b->gap.mean, -1.0 / 3.0, 1e-12);
  /* Overall by dimensions (3/8 - 1/3) / 2 = 1/48. */
  assert_close(cx_gap_result_overall(r), 1.0 / 48.0, 1e-12);
  /* Weighted: r1 0.6 * 0.5 + 0.4 * (-3) = -0.9; r2 has no B gap
   * (incomplete); r3 1.0 * 3 + 0 * 0 = 3; r4 gave no points.
   * mean 1.05, deviations -/+1.95, SS 7.605, sd sqrt(7.605). */
  const cx_gap_score *w = cx_gap_result_weighted(r);
  assert_int_equal(w->n, 2);
  assert_int_equal(w->n_incomplete, 1);
  assert_int_equal(w->n_no_points, 1);
  assert_close(w->mean, 1.05, 1e-12);
  assert_close(w->sd, sqrt(7.605), 1e-12);
  assert_close(w->se, sqrt(7.605) / sqrt(2.0), 1e-12);
  cx_gap_result_free(r);

  /* Overall by items: (0.5 - 1 - 1/3) / 3 = -5/18. */
  cx_gap_options o = CX_GAP_OPTIONS_INIT;
  o.overall = CX_GAP_OVERALL_ITEMS;
  r = compute(s, &o);
  assert_close(cx_gap_result_overall(r), -5.0 / 18.0, 1e-12);
  assert_int_equal(cx_gap_result_options(r)->overall, CX_GAP_OVERALL_ITEMS);
  cx_gap_result_free(r);
  cx_gap_survey_free(s);

  /* min_share 1: dimension A needs both items, so r3 and r4 (one answer
   * each) have too few; gaps 0.5 and -2, mean -0.75. */
  s = reference(1.0);
  r = compute(s, NULL);
  a = cx_gap_result_dimension(r, 0);
  assert_int_equal(a->gap.n, 2);
  assert_int_equal(a->n_too_few, 2);
  assert_close(a->gap.mean, -0.75, 1e-12);
  cx_gap_result_free(r);
  cx_gap_survey_free(s);
}

static void test_zone_of_tolerance(void **state) {
  (void)state;
  cx_gap_survey *s = reference(0.5);
  cx_gap_result *r = compute(s, NULL);
  /* q1 triples (A, D, P): r1 (2, 4, 4) MSA 2, MSS 0, width 2, within;
   * r2 (3, 5, 2) MSA -1, MSS -3, width 2, below; r3 (4, 3, 5) inverted,
   * MSA 1, MSS 2, width -1, above.  Means 2/3, -1/3, 1. */
  const cx_gap_item_result *q1 = cx_gap_result_item(r, 0);
  assert_int_equal(q1->zot_n, 3);
  assert_int_equal(q1->zot_inversions, 1);
  assert_int_equal(q1->zot_below, 1);
  assert_int_equal(q1->zot_within, 1);
  assert_int_equal(q1->zot_above, 1);
  assert_close(q1->msa_mean, 2.0 / 3.0, 1e-12);
  assert_close(q1->mss_mean, -1.0 / 3.0, 1e-12);
  assert_close(q1->width_mean, 1, 1e-12);
  /* width 2, 2, -1: deviations 1, 1, -2, SS 6, sd sqrt 3 */
  assert_close(q1->width_sd, sqrt(3.0), 1e-12);
  assert_int_equal(cx_gap_result_item(r, 1)->zot_n, 0);
  assert_true(isnan(cx_gap_result_item(r, 1)->msa_mean));
  cx_gap_result_free(r);
  /* Dropping the inversion: MSA 0.5, MSS -1.5, width 2 with sd 0. */
  cx_gap_options o = CX_GAP_OPTIONS_INIT;
  o.drop_inversions = 1;
  r = compute(s, &o);
  q1 = cx_gap_result_item(r, 0);
  assert_int_equal(q1->zot_n, 2);
  assert_int_equal(q1->zot_inversions, 1);
  assert_int_equal(q1->zot_above, 0);
  assert_close(q1->msa_mean, 0.5, 1e-12);
  assert_close(q1->mss_mean, -1.5, 1e-12);
  assert_close(q1->width_mean, 2, 1e-12);
  assert_close(q1->width_sd, 0, 1e-12);
  cx_gap_result_free(r);
  cx_gap_survey_free(s);
}

static void test_ipa_and_disconfirmation(void **state) {
  (void)state;
  cx_gap_survey *s = reference(0.5);
  cx_gap_result *r = compute(s, NULL);
  const cx_gap_item_result *q1 = cx_gap_result_item(r, 0),
                           *q2 = cx_gap_result_item(r, 1),
                           *q3 = cx_gap_result_item(r, 2);
  /* Importance: q1 5, 4 -> 4.5; q2 2, 3 -> 2.5; q3 4, 5 -> 4.5.
   * Performance (every valid P): q1 4, 2, 5, 5 -> 4; q2 4, 3, 4 -> 11/3;
   * q3 reversed 1, 3, 2, 5 -> 11/4. */
  assert_int_equal(q1->importance_n, 2);
  assert_close(q1->importance_mean, 4.5, 1e-12);
  assert_close(q1->importance_sd, sqrt(0.5), 1e-12);
  assert_close(q2->importance_mean, 2.5, 1e-12);
  assert_close(q3->importance_mean, 4.5, 1e-12);
  assert_int_equal(q3->performance_n, 4);
  assert_close(q1->performance_mean, 4, 1e-12);
  assert_close(q2->performance_mean, 11.0 / 3.0, 1e-12);
  assert_close(q3->performance_mean, 2.75, 1e-12);
  /* Slack priority: 4.5 - 4 = 0.5 */
  assert_close(q1->priority, 0.5, 1e-12);
  /* Crosshair at the means: importance (4.5 + 2.5 + 4.5) / 3 = 23/6,
   * performance
   * (4 + 11/3 + 11/4) / 3 = 125/36, gap (0.5 - 1 - 1/3) / 3 = -5/18. */
  double ci, cp, cg;
  assert_int_equal(cx_gap_result_crosshair(r, &ci, &cp, &cg), CX_OK);
  assert_close(ci, 23.0 / 6.0, 1e-12);
  assert_close(cp, 125.0 / 36.0, 1e-12);
  assert_close(cg, -5.0 / 18.0, 1e-12);
  assert_int_equal(q1->quadrant, CX_GAP_KEEP_UP_THE_GOOD_WORK);
  assert_int_equal(q2->quadrant, CX_GAP_POSSIBLE_OVERKILL);
  assert_int_equal(q3->quadrant, CX_GAP_CONCENTRATE_HERE);
  /* Gap-based: q1 gap 0.5 >= -5/18 high; q2 -1 low with low importance;
   * q3 -1/3 < -5/18 low with high importance. */
  assert_int_equal(q1->gap_quadrant, CX_GAP_KEEP_UP_THE_GOOD_WORK);
  assert_int_equal(q2->gap_quadrant, CX_GAP_LOW_PRIORITY);
  assert_int_equal(q3->gap_quadrant, CX_GAP_CONCENTRATE_HERE);
  /* Disconfirmation of q1: 6, 2, 7 -> mean 5, SS 14, sd sqrt 7. */
  assert_int_equal(q1->disconfirmation_n, 3);
  assert_close(q1->disconfirmation_mean, 5, 1e-12);
  assert_close(q1->disconfirmation_sd, sqrt(7.0), 1e-12);
  assert_int_equal(q2->disconfirmation_n, 0);
  assert_true(isnan(q2->disconfirmation_mean));
  cx_gap_result_free(r);

  /* Median crosshair: importance median(4.5, 2.5, 4.5) = 4.5, performance
   * median(4, 11/3, 2.75) = 11/3.  q2 lies on the performance line and
   * counts as high: possible overkill; q1 on the importance line: high. */
  cx_gap_options o = CX_GAP_OPTIONS_INIT;
  o.crosshair = CX_GAP_CROSSHAIR_MEDIAN;
  r = compute(s, &o);
  cx_gap_result_crosshair(r, &ci, &cp, NULL);
  assert_close(ci, 4.5, 1e-12);
  assert_close(cp, 11.0 / 3.0, 1e-12);
  assert_int_equal(cx_gap_result_item(r, 1)->quadrant,
                   CX_GAP_POSSIBLE_OVERKILL);
  assert_int_equal(cx_gap_result_item(r, 0)->quadrant,
                   CX_GAP_KEEP_UP_THE_GOOD_WORK);
  cx_gap_result_free(r);

  /* Midpoint: 3 and 3, gap 0.  q3 gap -1/3 < 0: concentrate here. */
  o.crosshair = CX_GAP_CROSSHAIR_MIDPOINT;
  r = compute(s, &o);
  cx_gap_result_crosshair(r, &ci, &cp, &cg);
  assert_close(ci, 3, 0);
  assert_close(cp, 3, 0);
  assert_close(cg, 0, 0);
  assert_int_equal(cx_gap_result_item(r, 2)->gap_quadrant,
                   CX_GAP_CONCENTRATE_HERE);
  cx_gap_result_free(r);

  /* Custom crosshair exactly on q1 (4.5, 4): both lines count as high. */
  o.crosshair = CX_GAP_CROSSHAIR_CUSTOM;
  o.custom_importance = 4.5;
  o.custom_performance = 4;
  o.custom_gap = 0.5;
  r = compute(s, &o);
  assert_int_equal(cx_gap_result_item(r, 0)->quadrant,
                   CX_GAP_KEEP_UP_THE_GOOD_WORK);
  assert_int_equal(cx_gap_result_item(r, 0)->gap_quadrant,
                   CX_GAP_KEEP_UP_THE_GOOD_WORK);
  assert_int_equal(cx_gap_result_item(r, 2)->quadrant,
                   CX_GAP_CONCENTRATE_HERE);
  assert_int_equal(cx_gap_result_item(r, 1)->quadrant,
                   CX_GAP_LOW_PRIORITY);
  cx_gap_result_free(r);
  assert_string_equal(cx_gap_quadrant_name(CX_GAP_CONCENTRATE_HERE),
                      "concentrate here");
  assert_string_equal(cx_gap_quadrant_name(CX_GAP_QUADRANT_NONE), "none");
  assert_string_equal(cx_gap_quadrant_name((cx_gap_quadrant)9), "invalid");
  cx_gap_survey_free(s);
}

/* One item, answers given as (E, P, weight) triples. */
static cx_gap_survey *one_item(const double (*rows)[3], int n) {
  cx_gap_survey *s;
  assert_int_equal(cx_gap_survey_new(&s, NULL), CX_OK);
  assert_int_equal(cx_gap_survey_add_item(s, "x", NULL, NULL, 0, NULL),
                   CX_OK);
  for (int i = 0; i < n; i++) {
    cx_gap_response x = CX_GAP_RESPONSE_INIT;
    x.expectation = &rows[i][0];
    x.perception = &rows[i][1];
    x.weight = rows[i][2];
    assert_int_equal(cx_gap_survey_add_respondent(s, &x), CX_OK);
  }
  return s;
}

static void test_undefined_and_weighted(void **state) {
  (void)state;
  /* No pairs: everything NaN, n = 0. */
  cx_gap_survey *s = one_item(NULL, 0);
  cx_gap_result *r = compute(s, NULL);
  const cx_gap_stats *g = &cx_gap_result_item(r, 0)->gap;
  assert_int_equal(g->n, 0);
  assert_true(isnan(g->mean) && isnan(g->sd) && isnan(g->t) &&
              isnan(g->p_t) && isnan(g->w) && isnan(g->p_w) &&
              isnan(g->median) && isnan(g->p_t_holm) && isnan(g->d_z));
  assert_true(isnan(cx_gap_result_overall(r))); /* no dimensions */
  cx_gap_result_free(r);
  cx_gap_survey_free(s);

  /* One pair: mean defined, SD and t undefined. */
  static const double one[1][3] = {{3, 5, 1}};
  s = one_item(one, 1);
  r = compute(s, NULL);
  g = &cx_gap_result_item(r, 0)->gap;
  assert_close(g->mean, 2, 0);
  assert_close(g->median, 2, 0);
  assert_true(isnan(g->sd) && isnan(g->se) && isnan(g->t) &&
              isnan(g->ci_low) && isnan(g->d_z) && isnan(g->g_z));
  cx_gap_result_free(r);
  cx_gap_survey_free(s);

  /* Constant gap 1, 1, 1: sd 0, so t and d_z are undefined; the interval
   * has zero width.  Wilcoxon: ranks 2, 2, 2 (one tie group of 3):
   * W+ = 6, mean 3, var 3.5 - (27 - 3) / 48 = 3, z = 3 / sqrt 3 = sqrt 3.
   * d_av: E 2, 3, 4 and P 3, 4, 5 both have sd 1, so d_av = 1 / 1. */
  static const double same[3][3] = {{2, 3, 1}, {3, 4, 1}, {4, 5, 1}};
  s = one_item(same, 3);
  r = compute(s, NULL);
  g = &cx_gap_result_item(r, 0)->gap;
  assert_close(g->sd, 0, 0);
  assert_true(isnan(g->t) && isnan(g->p_t) && isnan(g->d_z));
  assert_close(g->ci_low, 1, 0);
  assert_close(g->ci_high, 1, 0);
  assert_close(g->d_av, 1, 1e-12);
  assert_close(g->w_plus, 6, 0);
  assert_close(g->z, sqrt(3.0), 1e-12);
  cx_gap_result_free(r);
  cx_gap_survey_free(s);

  /* Weights 1, 1, 2 on gaps 0, 0, 3: sum w 4, sum w^2 6, n_eff 16/6;
   * mean 6/4 = 1.5; sum w (g - 1.5)^2 = 2.25 + 2.25 + 4.5 = 9, divided by
   * 4 - 6/4 = 2.5 gives var 3.6; se = sqrt(3.6 / (8/3)); df 5/3. */
  static const double wt[3][3] = {{4, 4, 1}, {2, 2, 1}, {1, 4, 2}};
  s = one_item(wt, 3);
  r = compute(s, NULL);
  g = &cx_gap_result_item(r, 0)->gap;
  assert_close(g->sum_weights, 4, 0);
  assert_close(g->n_eff, 8.0 / 3.0, 1e-12);
  assert_close(g->mean, 1.5, 1e-12);
  assert_close(g->sd, sqrt(3.6), 1e-12);
  assert_close(g->se, sqrt(3.6 / (8.0 / 3.0)), 1e-12);
  assert_close(g->df, 5.0 / 3.0, 1e-12);
  /* weighted E mean (4 + 2 + 2) / 4 = 2, P (4 + 2 + 8) / 4 = 3.5 */
  assert_close(g->mean_e, 2, 1e-12);
  assert_close(g->mean_p, 3.5, 1e-12);
  /* The Wilcoxon test counts answers, not weights: one nonzero gap. */
  assert_int_equal(g->n_ranked, 1);
  assert_close(g->w_plus, 1, 0);
  cx_gap_result_free(r);
  cx_gap_survey_free(s);
}

static void test_input_errors(void **state) {
  (void)state;
  cx_gap_survey *s = make(0.5);
  uint8_t *before, *after;
  size_t nb, na;
  assert_int_equal(cx_gap_survey_serialize(s, &before, &nb), CX_OK);
  cx_gap_response x = CX_GAP_RESPONSE_INIT;
  double e[3] = {1, 2, 3}, p[3] = {1, 6, 3}, half[3] = {1, 2.5, 3};
  x.respondent = "r9";
  x.expectation = e;
  x.perception = p;
  assert_int_equal(cx_gap_survey_add_respondent(s, &x), CX_ERANGE);
  assert_string_equal(cx_error_last(),
                      "respondent r9, item q2: 6 is outside the scale 1-5");
  x.perception = half;
  assert_int_equal(cx_gap_survey_add_respondent(s, &x), CX_ERANGE);
  assert_string_equal(
      cx_error_last(),
      "respondent r9, item q2: 2.5 is not a whole point of the scale 1-5");
  x.perception = e;
  x.respondent = NULL;
  x.weight = -1;
  assert_int_equal(cx_gap_survey_add_respondent(s, &x), CX_ERANGE);
  assert_non_null(strstr(cx_error_last(), "respondent #1: weight -1"));
  x.weight = 1;
  double bad_points[2] = {50, 40};
  x.dimension_points = bad_points;
  assert_int_equal(cx_gap_survey_add_respondent(s, &x), CX_ERANGE);
  assert_non_null(strstr(cx_error_last(), "sum to 90"));
  double neg_points[2] = {110, -10};
  x.dimension_points = neg_points;
  assert_int_equal(cx_gap_survey_add_respondent(s, &x), CX_ERANGE);
  x.dimension_points = NULL;
  double imp[3] = {1, 2, 7};
  x.importance = imp; /* importance scale 1-5 */
  assert_int_equal(cx_gap_survey_add_respondent(s, &x), CX_ERANGE);
  assert_string_equal(cx_error_last(),
                      "respondent #1, item q3: 7 is outside the scale 1-5");
  x.importance = NULL;
  x.version = 7;
  assert_int_equal(cx_gap_survey_add_respondent(s, &x), CX_EINVAL);
  assert_int_equal(cx_gap_survey_add_respondent(s, NULL), CX_EINVAL);
  assert_int_equal(cx_gap_survey_add_respondent(NULL, &x), CX_EINVAL);
  /* Nothing was added. */
  assert_int_equal(cx_gap_survey_serialize(s, &after, &na), CX_OK);
  assert_int_equal(na, nb);
  assert_memory_equal(before, after, nb);
  cx_free(before);
  cx_free(after);
  cx_gap_survey_free(s);

  /* A survey without items takes no answers. */
  assert_int_equal(cx_gap_survey_new(&s, NULL), CX_OK);
  x.version = CX_GAP_RESPONSE_VERSION;
  assert_int_equal(cx_gap_survey_add_respondent(s, &x), CX_ESTATE);
  cx_gap_survey_free(s);

  /* Bad configurations. */
  cx_gap_config c = CX_GAP_CONFIG_INIT;
  c.min_share = 0;
  assert_int_equal(cx_gap_survey_new(&s, &c), CX_EINVAL);
  c.min_share = 1.5;
  assert_int_equal(cx_gap_survey_new(&s, &c), CX_EINVAL);
  c = (cx_gap_config)CX_GAP_CONFIG_INIT;
  c.scale.max = 200; /* 200 points: more than CX_GAP_MAX_POINTS */
  assert_int_equal(cx_gap_survey_new(&s, &c), CX_EINVAL);
  c = (cx_gap_config)CX_GAP_CONFIG_INIT;
  c.importance.neutral = 9;
  assert_int_equal(cx_gap_survey_new(&s, &c), CX_EINVAL);
  assert_non_null(strstr(cx_error_last(), "importance scale"));
  c = (cx_gap_config)CX_GAP_CONFIG_INIT;
  c.version = 0;
  assert_int_equal(cx_gap_survey_new(&s, &c), CX_EINVAL);
  assert_int_equal(cx_gap_survey_new(NULL, NULL), CX_EINVAL);

  /* Bad options. */
  s = reference(0.5);
  cx_gap_result *r = NULL;
  cx_gap_options o = CX_GAP_OPTIONS_INIT;
  o.level = 1;
  assert_int_equal(cx_gap_result_compute(&r, s, &o), CX_EINVAL);
  o = (cx_gap_options)CX_GAP_OPTIONS_INIT;
  o.zero_method = (cx_gap_zero_method)3;
  assert_int_equal(cx_gap_result_compute(&r, s, &o), CX_EINVAL);
  o = (cx_gap_options)CX_GAP_OPTIONS_INIT;
  o.crosshair = CX_GAP_CROSSHAIR_CUSTOM;
  o.custom_gap = NAN;
  assert_int_equal(cx_gap_result_compute(&r, s, &o), CX_EINVAL);
  o = (cx_gap_options)CX_GAP_OPTIONS_INIT;
  o.overall = (cx_gap_overall)5;
  assert_int_equal(cx_gap_result_compute(&r, s, &o), CX_EINVAL);
  o.overall = CX_GAP_OVERALL_ITEMS;
  o.version = 0;
  assert_int_equal(cx_gap_result_compute(&r, s, &o), CX_EINVAL);
  assert_int_equal(cx_gap_result_compute(&r, NULL, NULL), CX_EINVAL);
  assert_null(r);
  assert_null(cx_gap_result_item(NULL, 0));
  assert_null(cx_gap_result_weighted(NULL));
  assert_true(isnan(cx_gap_result_overall(NULL)));
  assert_int_equal(cx_gap_result_crosshair(NULL, NULL, NULL, NULL),
                   CX_EINVAL);
  cx_gap_result_free(NULL);
  cx_gap_survey_free(s);
}

static void serialize(const cx_gap_survey *s, uint8_t **b, size_t *n) {
  assert_int_equal(cx_gap_survey_serialize(s, b, n), CX_OK);
}

static void test_batch_equals_respondents(void **state) {
  (void)state;
  cx_gap_survey *one = reference(0.5), *batch = make(0.5);
  /* Columns: one per item, rows are respondents. */
  double ec[3][4], pc[3][4], ac[3][4], dc[3][4], ic[3][4], xc[3][4];
  double pts[2][4], w[4] = {1, 1, 1, 1};
  for (int i = 0; i < 3; i++)
    for (int r = 0; r < 4; r++) {
      ec[i][r] = E[r][i];
      pc[i][r] = P[r][i];
      ac[i][r] = A[r][i];
      dc[i][r] = D[r][i];
      ic[i][r] = IMP[r][i];
      xc[i][r] = DISC[r][i];
    }
  for (int d = 0; d < 2; d++)
    for (int r = 0; r < 4; r++)
      pts[d][r] = POINTS[r][d];
  cx_array E3[3], P3[3], A3[3], D3[3], I3[3], X3[3], PT[2];
  for (int i = 0; i < 3; i++) {
    E3[i] = CX_ARRAY(ec[i], CX_DTYPE_F64);
    P3[i] = CX_ARRAY(pc[i], CX_DTYPE_F64);
    A3[i] = CX_ARRAY(ac[i], CX_DTYPE_F64);
    D3[i] = CX_ARRAY(dc[i], CX_DTYPE_F64);
    I3[i] = CX_ARRAY(ic[i], CX_DTYPE_F64);
    X3[i] = CX_ARRAY(xc[i], CX_DTYPE_F64);
  }
  PT[0] = CX_ARRAY(pts[0], CX_DTYPE_F64);
  PT[1] = CX_ARRAY(pts[1], CX_DTYPE_F64);
  cx_array W = CX_ARRAY(w, CX_DTYPE_F64);
  cx_gap_columns c = CX_GAP_COLUMNS_INIT;
  c.expectation = E3;
  c.perception = P3;
  c.adequate = A3;
  c.desired = D3;
  c.importance = I3;
  c.disconfirmation = X3;
  c.dimension_points = PT;
  c.weight = &W;
  /* r4's points are all NaN: no points, as in add_respondent(). */
  assert_int_equal(cx_gap_survey_add_batch(batch, 4, &c), CX_OK);
  uint8_t *a, *b;
  size_t na, nb;
  serialize(one, &a, &na);
  serialize(batch, &b, &nb);
  assert_int_equal(na, nb);
  assert_memory_equal(a, b, na);
  cx_free(a);
  cx_free(b);

  /* Integer columns, and errors: nothing is added. */
  int32_t bad[2] = {3, 0}; /* 0 is outside 1-5 */
  cx_array col = CX_ARRAY(bad, CX_DTYPE_I32), cols[3] = {col, col, col};
  cx_gap_columns c2 = CX_GAP_COLUMNS_INIT;
  c2.perception = cols;
  assert_int_equal(cx_gap_survey_add_batch(batch, 2, &c2), CX_ERANGE);
  assert_string_equal(cx_error_last(),
                      "respondent row 1, item q1: 0 is outside the scale 1-5");
  cols[1].dtype = (cx_dtype)42;
  assert_int_equal(cx_gap_survey_add_batch(batch, 1, &c2), CX_EINVAL);
  c2.version = 0;
  assert_int_equal(cx_gap_survey_add_batch(batch, 1, &c2), CX_EINVAL);
  assert_int_equal(cx_gap_survey_add_batch(batch, 1, NULL), CX_EINVAL);
  pts[0][0] = 70; /* 70 + 40 */
  c.dimension_points = PT;
  assert_int_equal(cx_gap_survey_add_batch(batch, 4, &c), CX_ERANGE);
  assert_string_equal(cx_error_last(),
                      "respondent row 0: dimension points sum to 110, not 100");
  assert_int_equal(cx_gap_survey_n_respondents(batch), 4);
  cx_gap_survey_free(one);
  cx_gap_survey_free(batch);
}

static void test_merge_and_serialize(void **state) {
  (void)state;
  cx_gap_survey *all = reference(0.5), *a = make(0.5), *b = make(0.5);
  add(a, 0);
  add(a, 2);
  add(b, 1);
  add(b, 3);
  assert_int_equal(cx_gap_survey_merge(a, b), CX_OK);
  uint8_t *x, *y;
  size_t nx, ny;
  serialize(all, &x, &nx);
  serialize(a, &y, &ny);
  assert_int_equal(nx, ny);
  assert_memory_equal(x, y, nx);
  cx_free(y);

  /* Round trip: the same bytes and the same results. */
  cx_gap_survey *back;
  assert_int_equal(cx_gap_survey_deserialize(&back, x, nx), CX_OK);
  serialize(back, &y, &ny);
  assert_int_equal(nx, ny);
  assert_memory_equal(x, y, nx);
  cx_free(y);
  cx_gap_result *r = compute(back, NULL);
  assert_close(cx_gap_result_item(r, 0)->gap.mean, 0.5, 1e-12);
  assert_close(cx_gap_result_overall(r), 1.0 / 48.0, 1e-12);
  assert_string_equal(cx_gap_result_item(r, 2)->label, "third");
  cx_gap_result_free(r);
  cx_gap_survey_free(back);

  /* Corruption: a flipped byte, a truncation, bad magic, another
   * version, NULL. */
  uint8_t *bad = malloc(nx);
  memcpy(bad, x, nx);
  bad[nx / 2] ^= 0x40;
  assert_int_equal(cx_gap_survey_deserialize(&back, bad, nx), CX_EPARSE);
  assert_non_null(strstr(cx_error_last(), "checksum"));
  assert_int_equal(cx_gap_survey_deserialize(&back, x, nx - 9), CX_EPARSE);
  assert_int_equal(cx_gap_survey_deserialize(&back, x, 10), CX_EPARSE);
  memcpy(bad, x, nx);
  bad[0] = 'Z';
  assert_int_equal(cx_gap_survey_deserialize(&back, bad, nx), CX_EPARSE);
  memcpy(bad, x, nx);
  bad[4] = 2;
  assert_int_equal(cx_gap_survey_deserialize(&back, bad, nx), CX_EVERSION);
  assert_int_equal(cx_gap_survey_deserialize(NULL, x, nx), CX_EINVAL);
  assert_int_equal(cx_gap_survey_deserialize(&back, NULL, 5), CX_EINVAL);
  free(bad);
  cx_free(x);

  /* Merge errors leave dst unchanged. */
  cx_gap_survey *other = make(1.0);
  assert_int_equal(cx_gap_survey_merge(a, other), CX_ESTATE);
  cx_gap_survey_free(other);
  assert_int_equal(cx_gap_survey_new(&other, NULL), CX_OK);
  cx_gap_config c = config(0.5);
  cx_gap_survey_free(other);
  assert_int_equal(cx_gap_survey_new(&other, &c), CX_OK);
  cx_gap_survey_add_item(other, "q1", "first", "A", 0, NULL);
  cx_gap_survey_add_item(other, "q2", NULL, "A", 0, NULL);
  cx_gap_survey_add_item(other, "q3", "third", "B", 0, NULL); /* not reversed */
  assert_int_equal(cx_gap_survey_merge(a, other), CX_ESTATE);
  assert_non_null(strstr(cx_error_last(), "item 2"));
  assert_int_equal(cx_gap_survey_merge(a, a), CX_EINVAL);
  assert_int_equal(cx_gap_survey_merge(a, NULL), CX_EINVAL);
  assert_int_equal(cx_gap_survey_n_respondents(a), 4);
  cx_gap_survey_free(other);
  cx_gap_survey_free(all);
  cx_gap_survey_free(a);
  cx_gap_survey_free(b);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_items_and_layout),
      cmocka_unit_test(test_servqual_layout),
      cmocka_unit_test(test_item_statistics),
      cmocka_unit_test(test_dimensions_and_overall),
      cmocka_unit_test(test_zone_of_tolerance),
      cmocka_unit_test(test_ipa_and_disconfirmation),
      cmocka_unit_test(test_undefined_and_weighted),
      cmocka_unit_test(test_input_errors),
      cmocka_unit_test(test_batch_equals_respondents),
      cmocka_unit_test(test_merge_and_serialize),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
