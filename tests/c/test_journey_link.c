/* Tests of the links from gap results and metrics into journey maps: the
 * values written (worked out by hand), the rescaling onto the journey's
 * scale, the report of matched and unmatched ids, pain-point ranking on
 * the measured data, and that a failed link leaves the journey as it
 * was. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include <cx/gap.h>
#include <cx/journey.h>
#include <cx/metrics.h>

#define assert_close(a, b) assert_true(fabs((double)(a) - (double)(b)) < 1e-12)

/* Stage s with touchpoints t1, t2, t3 on the scale 1-5; t1 reach 100,
 * t2 reach 50, t3 expectation 4 and experience 2 already set. */
static cx_journey *make_journey(void) {
  cx_journey *j;
  assert_int_equal(cx_journey_new(&j, "j"), CX_OK);
  assert_int_equal(cx_journey_stage_add(j, "s", "Stage"), CX_OK);
  assert_int_equal(cx_journey_touchpoint_add(j, "s", "t1", "One"), CX_OK);
  assert_int_equal(cx_journey_touchpoint_add(j, "s", "t2", "Two"), CX_OK);
  assert_int_equal(cx_journey_touchpoint_add(j, "s", "t3", "Three"), CX_OK);
  assert_int_equal(cx_journey_touchpoint_set_number(j, "t1", CX_TP_REACH, 100),
                   CX_OK);
  assert_int_equal(cx_journey_touchpoint_set_number(j, "t2", CX_TP_REACH, 50),
                   CX_OK);
  assert_int_equal(
      cx_journey_touchpoint_set_number(j, "t3", CX_TP_EXPECTATION, 4), CX_OK);
  assert_int_equal(
      cx_journey_touchpoint_set_number(j, "t3", CX_TP_EXPERIENCE, 2), CX_OK);
  return j;
}

/* Items t1, t2, x, t3 answered on a 1-5 scale by two respondents:
 *   t1: (E, P) = (4, 2), (5, 2): mean E 4.5, P 2, gap -2.5; importance 4, 2
 *       (3); (A, D) = (3, 5), (2, 4): MSA = -1, 0 (-0.5), MSS = -3, -2
 *       (-2.5);
 *   t2: (3, 2), (3, 3): E 3, P 2.5, gap -0.5; importance the top of its
 *       scale twice (5 on 1-5);
 *   x:  (2, 4), (2, 4): gap 2, not in the journey;
 *   t3: no answers. */
static cx_gap_result *make_result(int32_t imp_min, int32_t imp_max,
                                  double imp) {
  cx_gap_config c = CX_GAP_CONFIG_INIT;
  c.scale.min = 1;
  c.scale.max = 5;
  c.scale.neutral = 3;
  c.importance.min = imp_min;
  c.importance.max = imp_max;
  c.importance.neutral = (imp_min + imp_max) / 2.0;
  cx_gap_survey *s;
  assert_int_equal(cx_gap_survey_new(&s, &c), CX_OK);
  const char *ids[] = {"t1", "t2", "x", "t3"};
  for (int i = 0; i < 4; i++)
    assert_int_equal(cx_gap_survey_add_item(s, ids[i], NULL, NULL, 0, NULL),
                     CX_OK);
  const double e[2][4] = {{4, 3, 2, NAN}, {5, 3, 2, NAN}};
  const double p[2][4] = {{2, 2, 4, NAN}, {2, 3, 4, NAN}};
  const double a[2][4] = {{3, NAN, NAN, NAN}, {2, NAN, NAN, NAN}};
  const double d[2][4] = {{5, NAN, NAN, NAN}, {4, NAN, NAN, NAN}};
  const double im[2][4] = {{imp, imp_max, NAN, NAN}, {2, imp_max, NAN, NAN}};
  for (int r = 0; r < 2; r++) {
    cx_gap_response resp = CX_GAP_RESPONSE_INIT;
    resp.expectation = e[r];
    resp.perception = p[r];
    resp.adequate = a[r];
    resp.desired = d[r];
    resp.importance = im[r];
    assert_int_equal(cx_gap_survey_add_respondent(s, &resp), CX_OK);
  }
  cx_gap_result *res;
  assert_int_equal(cx_gap_result_compute(&res, s, NULL), CX_OK);
  cx_gap_survey_free(s);
  return res;
}

static double number(const cx_journey *j, const char *id, cx_tp_number f) {
  double v;
  assert_int_equal(cx_journey_touchpoint_get_number(j, id, f, &v), CX_OK);
  return v;
}

static void assert_list(const cx_journey_link_report *r,
                        cx_journey_link_list list, const char *const *ids,
                        size_t n) {
  assert_int_equal(cx_journey_link_report_count(r, list), n);
  for (size_t i = 0; i < n; i++)
    assert_string_equal(cx_journey_link_report_id(r, list, i), ids[i]);
  assert_null(cx_journey_link_report_id(r, list, n));
}

static void gap_values_and_report(void **state) {
  (void)state;
  cx_journey *j = make_journey();
  cx_gap_result *res = make_result(1, 5, 4);
  cx_journey_link_report *rep = NULL;
  assert_int_equal(cx_gap_result_link_journey(res, j, NULL, &rep), CX_OK);
  assert_close(number(j, "t1", CX_TP_EXPECTATION), 4.5);
  assert_close(number(j, "t1", CX_TP_EXPERIENCE), 2.0);
  assert_close(number(j, "t1", CX_TP_IMPORTANCE), 3.0);
  /* adequate = P - MSA = 2.5, desired = P - MSS = 4.5: the means of A and
   * D, since the same respondents answered. */
  assert_close(number(j, "t1", CX_TP_ADEQUATE), 2.5);
  assert_close(number(j, "t1", CX_TP_DESIRED), 4.5);
  assert_close(number(j, "t2", CX_TP_EXPECTATION), 3.0);
  assert_close(number(j, "t2", CX_TP_EXPERIENCE), 2.5);
  assert_close(number(j, "t2", CX_TP_IMPORTANCE), 5.0);
  assert_true(isnan(number(j, "t2", CX_TP_ADEQUATE)));
  /* t3 has no data: its own values stay. */
  assert_close(number(j, "t3", CX_TP_EXPECTATION), 4.0);
  assert_close(number(j, "t3", CX_TP_EXPERIENCE), 2.0);
  /* The journey's own gap figures now show the survey's. */
  cx_journey_gap g;
  assert_int_equal(cx_journey_touchpoint_gap(j, "t1", &g), CX_OK);
  assert_close(g.gap, -2.5);
  assert_close(g.adequacy, -0.5);
  assert_close(g.superiority, -2.5);
  assert_int_equal(g.zone, CX_JOURNEY_ZONE_BELOW);
  static const char *const matched[] = {"t1", "t2"};
  static const char *const nodata[] = {"t3"};
  static const char *const items[] = {"x"};
  assert_list(rep, CX_LINK_MATCHED, matched, 2);
  assert_list(rep, CX_LINK_NO_DATA, nodata, 1);
  assert_list(rep, CX_LINK_ITEM_ONLY, items, 1);
  assert_list(rep, CX_LINK_TOUCHPOINT_ONLY, NULL, 0);
  assert_int_equal(cx_journey_link_report_count(rep, (cx_journey_link_list)9),
                   0);
  assert_int_equal(cx_journey_link_report_count(NULL, CX_LINK_MATCHED), 0);
  cx_journey_link_report_free(rep);
  cx_journey_link_report_free(NULL);
  cx_gap_result_free(res);
  cx_journey_free(j);
}

static void touchpoints_without_items(void **state) {
  (void)state;
  cx_journey *j = make_journey();
  assert_int_equal(cx_journey_touchpoint_add(j, "s", "t4", "Four"), CX_OK);
  cx_gap_result *res = make_result(1, 5, 4);
  cx_journey_link_report *rep = NULL;
  assert_int_equal(cx_gap_result_link_journey(res, j, NULL, &rep), CX_OK);
  static const char *const tp[] = {"t4"};
  assert_list(rep, CX_LINK_TOUCHPOINT_ONLY, tp, 1);
  cx_journey_link_report_free(rep);
  /* The report is optional. */
  assert_int_equal(cx_gap_result_link_journey(res, j, NULL, NULL), CX_OK);
  cx_gap_result_free(res);
  cx_journey_free(j);
}

static void rescaled_onto_the_journey(void **state) {
  (void)state;
  cx_journey *j = make_journey();
  assert_int_equal(cx_journey_set_scale(j, 0.0, 5.0, 10.0), CX_OK);
  cx_gap_result *res = make_result(1, 5, 4);
  cx_gap_link_options o = CX_GAP_LINK_OPTIONS_INIT;
  o.scale_min = 1;
  o.scale_max = 5;
  o.zone = 0;
  o.importance = 0;
  assert_int_equal(cx_gap_result_link_journey(res, j, &o, NULL), CX_OK);
  /* f(x) = 0 + (x - 1) * 10 / 4. */
  assert_close(number(j, "t1", CX_TP_EXPECTATION), 8.75);
  assert_close(number(j, "t1", CX_TP_EXPERIENCE), 2.5);
  assert_true(isnan(number(j, "t1", CX_TP_ADEQUATE)));
  assert_true(isnan(number(j, "t1", CX_TP_IMPORTANCE)));
  cx_gap_result_free(res);
  cx_journey_free(j);
}

/* Before the link no touchpoint of s1/s2 has a gap; afterwards the ranking
 * uses the measured gaps: priority = -gap * importance * reach:
 * t1 2.5 * 3 * 100 = 750, t3 (its own gap -2, importance and reach
 * missing: 1) 2, t2 0.5 * 5 * 50 = 125. */
static void pain_points_use_measured_data(void **state) {
  (void)state;
  cx_journey *j = make_journey();
  cx_journey_ranking *rk = NULL;
  assert_int_equal(cx_journey_rank_pain_points(j, &rk), CX_OK);
  assert_int_equal(cx_journey_ranking_count(rk), 1);
  assert_string_equal(cx_journey_ranking_id(rk, 0), "t3");
  cx_journey_ranking_free(rk);
  cx_gap_result *res = make_result(1, 5, 4);
  assert_int_equal(cx_gap_result_link_journey(res, j, NULL, NULL), CX_OK);
  assert_int_equal(cx_journey_rank_pain_points(j, &rk), CX_OK);
  assert_int_equal(cx_journey_ranking_count(rk), 3);
  assert_string_equal(cx_journey_ranking_id(rk, 0), "t1");
  assert_close(cx_journey_ranking_priority(rk, 0), 750.0);
  assert_string_equal(cx_journey_ranking_id(rk, 1), "t2");
  assert_close(cx_journey_ranking_priority(rk, 1), 125.0);
  assert_string_equal(cx_journey_ranking_id(rk, 2), "t3");
  assert_close(cx_journey_ranking_priority(rk, 2), 2.0);
  cx_journey_ranking_free(rk);
  cx_gap_result_free(res);
  cx_journey_free(j);
}

static void failures_leave_journey(void **state) {
  (void)state;
  cx_journey *j = make_journey(), *before = NULL;
  assert_int_equal(cx_journey_copy(&before, j), CX_OK);
  /* Importance on -3..3 with answers -3 and 2: mean -0.5 for t1. */
  cx_gap_result *res = make_result(-3, 3, -3);
  cx_journey_link_report *rep = NULL;
  assert_int_equal(cx_gap_result_link_journey(res, j, NULL, &rep),
                   CX_ERANGE);
  assert_non_null(strstr(cx_error_last(), "t1"));
  assert_null(rep);
  assert_true(cx_journey_equal(j, before));
  /* Without importance it goes through. */
  cx_gap_link_options o = CX_GAP_LINK_OPTIONS_INIT;
  o.importance = 0;
  assert_int_equal(cx_gap_result_link_journey(res, j, &o, NULL), CX_OK);
  assert_false(cx_journey_equal(j, before));
  o.version = 7;
  assert_int_equal(cx_gap_result_link_journey(res, j, &o, NULL), CX_EINVAL);
  o = (cx_gap_link_options)CX_GAP_LINK_OPTIONS_INIT;
  o.scale_min = 5;
  o.scale_max = 1;
  assert_int_equal(cx_gap_result_link_journey(res, j, &o, NULL), CX_EINVAL);
  assert_int_equal(cx_gap_result_link_journey(NULL, j, NULL, NULL),
                   CX_EINVAL);
  assert_int_equal(cx_gap_result_link_journey(res, NULL, NULL, NULL),
                   CX_EINVAL);
  cx_gap_result_free(res);
  cx_journey_free(before);
  cx_journey_free(j);
}

/* ---- metrics ---------------------------------------------------------------- */

static cx_metric_survey *nps_by_touchpoint(void) {
  cx_metric_survey *s;
  assert_int_equal(cx_metric_survey_new_nps(&s, NULL), CX_OK);
  const char *seg[] = {"t1", "t2", "zz"};
  for (size_t i = 0; i < 3; i++)
    assert_int_equal(cx_metric_survey_add_segment(s, seg[i], NULL), CX_OK);
  /* t1: 10, 9, 3, 7: promoters 2/4, detractors 1/4: NPS 0.25.
   * t2: no answers.  zz: 10. */
  const double t1[] = {10, 9, 3, 7};
  for (size_t i = 0; i < 4; i++)
    assert_int_equal(cx_metric_survey_add(s, 0, t1[i], 1.0, NULL), CX_OK);
  assert_int_equal(cx_metric_survey_add(s, 2, 10, 1.0, NULL), CX_OK);
  return s;
}

static void metric_values_and_report(void **state) {
  (void)state;
  cx_journey *j = make_journey();
  cx_metric_survey *s = nps_by_touchpoint();
  cx_journey_link_report *rep = NULL;
  assert_int_equal(cx_metric_survey_link_journey(s, j, NULL, &rep), CX_OK);
  double v;
  assert_int_equal(cx_journey_touchpoint_metric_get(j, "t1", "nps", &v),
                   CX_OK);
  assert_close(v, 0.25);
  assert_int_equal(cx_journey_touchpoint_metric_get(j, "t2", "nps", &v),
                   CX_ENOTFOUND);
  static const char *const matched[] = {"t1"}, *const nodata[] = {"t2"},
                           *const items[] = {"zz"}, *const tps[] = {"t3"};
  assert_list(rep, CX_LINK_MATCHED, matched, 1);
  assert_list(rep, CX_LINK_NO_DATA, nodata, 1);
  assert_list(rep, CX_LINK_ITEM_ONLY, items, 1);
  assert_list(rep, CX_LINK_TOUCHPOINT_ONLY, tps, 1);
  cx_journey_link_report_free(rep);
  cx_metric_link_options o = CX_METRIC_LINK_OPTIONS_INIT;
  o.name = "NPS x100";
  o.percent = 1;
  assert_int_equal(cx_metric_survey_link_journey(s, j, &o, NULL), CX_OK);
  assert_int_equal(cx_journey_touchpoint_metric_get(j, "t1", "NPS x100", &v),
                   CX_OK);
  assert_close(v, 25.0);
  o.name = "";
  assert_int_equal(cx_metric_survey_link_journey(s, j, &o, NULL), CX_EINVAL);
  o = (cx_metric_link_options)CX_METRIC_LINK_OPTIONS_INIT;
  o.version = 0;
  assert_int_equal(cx_metric_survey_link_journey(s, j, &o, NULL), CX_EINVAL);
  cx_metric_survey_free(s);
  cx_journey_free(j);
}

static void csat_ces_and_states(void **state) {
  (void)state;
  cx_journey *j = make_journey(), *before = NULL;
  assert_int_equal(cx_journey_copy(&before, j), CX_OK);
  cx_metric_survey *c;
  assert_int_equal(cx_metric_survey_new_csat(&c, NULL), CX_OK);
  assert_int_equal(cx_metric_survey_add_segment(c, "t2", NULL), CX_OK);
  /* 5, 4, 2: top-2-box 2/3, mean 11/3. */
  const double a[] = {5, 4, 2};
  for (size_t i = 0; i < 3; i++)
    assert_int_equal(cx_metric_survey_add(c, 0, a[i], 1.0, NULL), CX_OK);
  assert_int_equal(cx_metric_survey_link_journey(c, j, NULL, NULL),
                   CX_EINVAL);
  assert_true(cx_journey_equal(j, before));
  cx_metric_link_options o = CX_METRIC_LINK_OPTIONS_INIT;
  o.csat_method = CX_CSAT_MEAN;
  assert_int_equal(cx_metric_survey_link_journey(c, j, &o, NULL), CX_OK);
  double v;
  assert_int_equal(cx_journey_touchpoint_metric_get(j, "t2", "csat", &v),
                   CX_OK);
  assert_close(v, 11.0 / 3.0);
  o.csat_method = CX_CSAT_TOP2BOX;
  o.name = "csat top2";
  assert_int_equal(cx_metric_survey_link_journey(c, j, &o, NULL), CX_OK);
  assert_int_equal(
      cx_journey_touchpoint_metric_get(j, "t2", "csat top2", &v), CX_OK);
  assert_close(v, 2.0 / 3.0);
  cx_metric_survey_free(c);
  /* CES 2.0: 7, 5, 3: mean 5. */
  cx_metric_survey *e;
  assert_int_equal(cx_metric_survey_new_ces(&e, CX_CES_2, NULL), CX_OK);
  assert_int_equal(cx_metric_survey_add_segment(e, "t3", NULL), CX_OK);
  const double b[] = {7, 5, 3};
  for (size_t i = 0; i < 3; i++)
    assert_int_equal(cx_metric_survey_add(e, 0, b[i], 1.0, NULL), CX_OK);
  assert_int_equal(cx_metric_survey_link_journey(e, j, NULL, NULL), CX_OK);
  assert_int_equal(cx_journey_touchpoint_metric_get(j, "t3", "ces", &v),
                   CX_OK);
  assert_close(v, 5.0);
  cx_metric_survey_free(e);
  /* An unsegmented survey cannot be linked. */
  cx_metric_survey *n;
  assert_int_equal(cx_metric_survey_new_nps(&n, NULL), CX_OK);
  assert_int_equal(cx_metric_survey_add(n, 0, 9, 1.0, NULL), CX_OK);
  assert_int_equal(cx_metric_survey_link_journey(n, j, NULL, NULL),
                   CX_ESTATE);
  assert_int_equal(cx_metric_survey_link_journey(NULL, j, NULL, NULL),
                   CX_EINVAL);
  cx_metric_survey_free(n);
  cx_journey_free(before);
  cx_journey_free(j);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(gap_values_and_report),
      cmocka_unit_test(touchpoints_without_items),
      cmocka_unit_test(rescaled_onto_the_journey),
      cmocka_unit_test(pain_points_use_measured_data),
      cmocka_unit_test(failures_leave_journey),
      cmocka_unit_test(metric_values_and_report),
      cmocka_unit_test(csat_ces_and_states),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
