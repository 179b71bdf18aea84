/* Tests of the journey analyses against values computed by hand (the
 * arithmetic is written next to each expectation). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <cx/journey.h>

#include "journey_internal.h"
#include "tight_alloc.h"

#define OK(x) assert_int_equal((x), CX_OK)
#define FAILS(x, code) assert_int_equal((x), (code))
#define NEAR(a, b) assert_true(fabs((a) - (b)) < 1e-12)

static void tp(cx_journey *j, const char *stage, const char *id, double score,
               double duration) {
  OK(cx_journey_touchpoint_add(j, stage, id, NULL));
  OK(cx_journey_touchpoint_set_number(j, id, CX_TP_SCORE, score));
  OK(cx_journey_touchpoint_set_number(j, id, CX_TP_DURATION, duration));
}

/* Scale 1..5, neutral 3:
 *   s1: t1 score 2 (duration 2), t2 score 5 (duration 1)
 *   s2: t3 score 4 (no duration), t4 (no score), t5 score 2 (duration 3)
 * Normalised: 2 -> (2-3)/(3-1) = -0.5; 5 -> (5-3)/(5-3) = 1; 4 -> 0.5.
 * Actors: t1 alice, t2 bob, t3 none, t5 alice and bob. */
static cx_journey *journey_a(void) {
  cx_journey *j = NULL;
  OK(cx_journey_new(&j, "a"));
  OK(cx_journey_actor_add(j, "alice", NULL));
  OK(cx_journey_actor_add(j, "bob", NULL));
  OK(cx_journey_stage_add(j, "s1", NULL));
  OK(cx_journey_stage_add(j, "s2", NULL));
  tp(j, "s1", "t1", 2, 2);
  tp(j, "s1", "t2", 5, 1);
  tp(j, "s2", "t3", 4, NAN);
  tp(j, "s2", "t4", NAN, 7);
  tp(j, "s2", "t5", 2, 3);
  OK(cx_journey_touchpoint_list_add(j, "t1", CX_TP_ACTORS, "alice"));
  OK(cx_journey_touchpoint_list_add(j, "t2", CX_TP_ACTORS, "bob"));
  OK(cx_journey_touchpoint_list_add(j, "t5", CX_TP_ACTORS, "alice"));
  OK(cx_journey_touchpoint_list_add(j, "t5", CX_TP_ACTORS, "bob"));
  return j;
}

static void test_normalize(void **state) {
  (void)state;
  cx_journey *j = NULL;
  OK(cx_journey_new(&j, NULL));
  NEAR(cx_journey_normalize(j, 1), -1);
  NEAR(cx_journey_normalize(j, 2), -0.5);
  NEAR(cx_journey_normalize(j, 3), 0);
  NEAR(cx_journey_normalize(j, 4.5), 0.75);
  NEAR(cx_journey_normalize(j, 7), 2); /* outside the scale: not clipped */
  assert_true(isnan(cx_journey_normalize(j, NAN)));
  assert_true(isnan(cx_journey_normalize(NULL, 3)));
  /* off-centre neutral 0..10, neutral 2: each half stretched on its own */
  OK(cx_journey_set_scale(j, 0, 2, 10));
  NEAR(cx_journey_normalize(j, 6), 0.5);   /* (6-2)/8 */
  NEAR(cx_journey_normalize(j, 1), -0.5);  /* (1-2)/2 */
  NEAR(cx_journey_normalize(j, 0), -1);
  /* unipolar 0..10, neutral 0: [0, 1]; below min uses the upper half */
  OK(cx_journey_set_scale(j, 0, 0, 10));
  NEAR(cx_journey_normalize(j, 5), 0.5);
  NEAR(cx_journey_normalize(j, -2), -0.2);
  cx_journey_free(j);
}

static void test_aggregates(void **state) {
  (void)state;
  cx_journey *j = journey_a();
  cx_journey_scores s;
  OK(cx_journey_score(j, NULL, &s));
  /* x = [-0.5, 1, 0.5, -0.5] */
  assert_int_equal(s.n, 4);
  assert_int_equal(s.n_weighted, 3);
  NEAR(s.mean, 0.125);           /* 0.5 / 4 */
  NEAR(s.weighted_mean, -0.25);  /* (2*-0.5 + 1*1 + 3*-0.5) / 6 = -1.5/6 */
  NEAR(s.peak, 1);
  NEAR(s.trough, -0.5);
  NEAR(s.most_intense, 1);
  NEAR(s.beginning, -0.5);
  NEAR(s.end, -0.5);
  NEAR(s.peak_end, 0.25);        /* 0.5*1 + 0.5*-0.5 */
  /* t = 0, 1/3, 2/3, 1; t-0.5 = -1/2, -1/6, 1/6, 1/2; x-0.125 = -0.625,
   * 0.875, 0.375, -0.625; Sxy = 0.3125 - 0.875/6 + 0.375/6 - 0.3125
   * = -1/12; Stt = 1/4 + 1/36 + 1/36 + 1/4 = 5/9; slope = -9/60 */
  NEAR(s.slope, -0.15);
  /* Sxx = 0.390625 + 0.765625 + 0.140625 + 0.390625 = 1.6875; /3 = 0.5625 */
  NEAR(s.variability, 0.75);
  /* p = 0.25, 1, 0.75, 0.25 */
  NEAR(s.success, 0.046875);
  NEAR(cx_journey_scores_get(&s, CX_JOURNEY_AGG_SLOPE), -0.15);
  NEAR(cx_journey_scores_get(&s, CX_JOURNEY_AGG_SUCCESS), 0.046875);
  NEAR(cx_journey_scores_get(&s, CX_JOURNEY_AGG_WEIGHTED_MEAN), -0.25);
  assert_true(isnan(cx_journey_scores_get(&s, (cx_journey_aggregate)11)));
  assert_true(isnan(cx_journey_scores_get(NULL, CX_JOURNEY_AGG_MEAN)));

  cx_journey_score_options o = CX_JOURNEY_SCORE_OPTIONS_INIT;
  o.peak_end_weight = 0.2;
  OK(cx_journey_score(j, &o, &s));
  NEAR(s.peak_end, -0.2);        /* 0.2*1 + 0.8*-0.5 */
  o.peak_end_weight = 1.5;
  FAILS(cx_journey_score(j, &o, &s), CX_EINVAL);
  o.peak_end_weight = NAN;
  FAILS(cx_journey_score(j, &o, &s), CX_EINVAL);
  o.peak_end_weight = 0.5;
  o.version = 2;
  FAILS(cx_journey_score(j, &o, &s), CX_EINVAL);
  FAILS(cx_journey_score(NULL, NULL, &s), CX_EINVAL);
  FAILS(cx_journey_score(j, NULL, NULL), CX_EINVAL);
  cx__journey_set_scale_unchecked(j, 5, 3, 1);
  FAILS(cx_journey_score(j, NULL, &s), CX_ERANGE);
  cx_journey_free(j);
}

static void test_stage_and_actor(void **state) {
  (void)state;
  cx_journey *j = journey_a();
  cx_journey_scores s;
  OK(cx_journey_score_stage(j, "s1", NULL, &s));
  /* x = [-0.5, 1] */
  assert_int_equal(s.n, 2);
  NEAR(s.mean, 0.25);
  NEAR(s.weighted_mean, 0);      /* (2*-0.5 + 1*1) / 3 */
  NEAR(s.slope, 1.5);            /* t = 0, 1 */
  NEAR(s.variability, 1.5 / sqrt(2.0));
  NEAR(s.success, 0.25);
  OK(cx_journey_score_stage(j, "s2", NULL, &s));
  /* x = [0.5, -0.5]; t4 has no score and is skipped */
  assert_int_equal(s.n, 2);
  assert_int_equal(s.n_weighted, 1);
  NEAR(s.mean, 0);
  NEAR(s.weighted_mean, -0.5);   /* only t5 has a duration */
  NEAR(s.most_intense, -0.5);    /* |0.5| = |-0.5|: the later one */
  NEAR(s.peak_end, -0.5);
  NEAR(s.slope, -1);
  NEAR(s.success, 0.1875);       /* 0.75 * 0.25 */
  FAILS(cx_journey_score_stage(j, "t1", NULL, &s), CX_ENOTFOUND);

  /* alice: t1, t5 and (no actors, so everyone's) t3: [-0.5, 0.5, -0.5] */
  OK(cx_journey_score_actor(j, "alice", NULL, &s));
  assert_int_equal(s.n, 3);
  NEAR(s.mean, -1.0 / 6);
  cx_journey_score_options o = CX_JOURNEY_SCORE_OPTIONS_INIT;
  o.unassigned_for_all = 0;
  OK(cx_journey_score_actor(j, "alice", &o, &s));
  assert_int_equal(s.n, 2);       /* t1, t5 */
  NEAR(s.mean, -0.5);
  NEAR(s.variability, 0);
  /* bob: t2, t3, t5: [1, 0.5, -0.5] */
  OK(cx_journey_score_actor(j, "bob", NULL, &s));
  NEAR(s.mean, 1.0 / 3);
  FAILS(cx_journey_score_actor(j, "carol", NULL, &s), CX_ENOTFOUND);
  cx_journey_free(j);
}

static void test_edge_cases(void **state) {
  (void)state;
  cx_journey *j = NULL;
  cx_journey_scores s;
  OK(cx_journey_new(&j, NULL));
  OK(cx_journey_score(j, NULL, &s));
  assert_int_equal(s.n, 0);
  for (int a = 0; a < CX_JOURNEY_AGG_COUNT; a++)
    assert_true(isnan(cx_journey_scores_get(&s, (cx_journey_aggregate)a)));
  OK(cx_journey_stage_add(j, "s", NULL));
  tp(j, "s", "only", 4, 0);
  OK(cx_journey_score(j, NULL, &s));
  assert_int_equal(s.n, 1);
  NEAR(s.mean, 0.5);
  assert_true(isnan(s.slope));        /* fewer than two */
  assert_true(isnan(s.variability));
  assert_true(isnan(s.weighted_mean)); /* total duration 0 */
  assert_int_equal(s.n_weighted, 1);
  /* ties of intensity go to the later touchpoint, whatever the sign */
  tp(j, "s", "low", 1, NAN);
  tp(j, "s", "high", 5, NAN);
  OK(cx_journey_score(j, NULL, &s));
  NEAR(s.most_intense, 1);
  OK(cx_journey_touchpoint_move(j, "high", NULL, 1));
  OK(cx_journey_score(j, NULL, &s));
  NEAR(s.most_intense, -1);
  NEAR(s.success, 0);                 /* a score at the minimum: p = 0 */
  cx_journey_free(j);
}

/* 19 touchpoints each with p = 0.95 succeed together with 0.95^19 = 0.377. */
static void test_multiplicative_success(void **state) {
  (void)state;
  cx_journey *j = NULL;
  cx_journey_scores s;
  OK(cx_journey_new(&j, NULL));
  OK(cx_journey_set_scale(j, 0, 0, 1));
  OK(cx_journey_stage_add(j, "s", NULL));
  for (int i = 0; i < 19; i++) {
    char id[8];
    id[0] = 't';
    id[1] = (char)('a' + i);
    id[2] = '\0';
    tp(j, "s", id, 0.95, NAN);
  }
  OK(cx_journey_score(j, NULL, &s));
  assert_int_equal(s.n, 19);
  assert_true(fabs(s.success - 0.377) < 5e-4);
  NEAR(s.success, pow(0.95, 19));
  NEAR(s.mean, 0.95);
  cx_journey_free(j);
}

static void test_aggregate_names(void **state) {
  (void)state;
  cx_journey_aggregate a;
  assert_string_equal(cx_journey_aggregate_name(CX_JOURNEY_AGG_PEAK_END),
                      "peak_end");
  assert_string_equal(cx_journey_aggregate_name((cx_journey_aggregate)-1),
                      "invalid");
  OK(cx_journey_aggregate_parse("Most-Intense", &a));
  assert_int_equal(a, CX_JOURNEY_AGG_MOST_INTENSE);
  FAILS(cx_journey_aggregate_parse("median", &a), CX_EPARSE);
  FAILS(cx_journey_aggregate_parse(NULL, &a), CX_EINVAL);
}

static void levels(cx_journey *j, const char *id, double e, double p,
                   double a, double d) {
  OK(cx_journey_touchpoint_set_number(j, id, CX_TP_EXPECTATION, e));
  OK(cx_journey_touchpoint_set_number(j, id, CX_TP_EXPERIENCE, p));
  OK(cx_journey_touchpoint_set_number(j, id, CX_TP_ADEQUATE, a));
  OK(cx_journey_touchpoint_set_number(j, id, CX_TP_DESIRED, d));
}

static void test_gaps_and_zones(void **state) {
  (void)state;
  cx_journey *j = NULL;
  cx_journey_gap g;
  OK(cx_journey_new(&j, NULL));
  OK(cx_journey_stage_add(j, "s", NULL));
  const char *ids[] = {"in", "below", "above", "at_a", "at_d", "no_d",
                       "inv", "no_e"};
  for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++)
    OK(cx_journey_touchpoint_add(j, "s", ids[i], NULL));
  levels(j, "in", 4, 3, 2, 4);
  levels(j, "below", 3, 1.5, 2, 4);
  levels(j, "above", 4, 4.5, 2, 4);
  levels(j, "at_a", 3, 2, 2, 4);
  levels(j, "at_d", 3, 4, 2, 4);
  levels(j, "no_d", 3, 4, 2, NAN);
  levels(j, "inv", 3, 3, 4, 2);
  levels(j, "no_e", NAN, 3, 2, 4);

  OK(cx_journey_touchpoint_gap(j, "in", &g));
  NEAR(g.gap, -1);         /* 3 - 4 */
  NEAR(g.adequacy, 1);     /* 3 - 2 */
  NEAR(g.superiority, -1); /* 3 - 4 */
  assert_int_equal(g.zone, CX_JOURNEY_ZONE_WITHIN);
  OK(cx_journey_touchpoint_gap(j, "below", &g));
  assert_int_equal(g.zone, CX_JOURNEY_ZONE_BELOW);
  NEAR(g.adequacy, -0.5);
  OK(cx_journey_touchpoint_gap(j, "above", &g));
  assert_int_equal(g.zone, CX_JOURNEY_ZONE_ABOVE);
  NEAR(g.gap, 0.5);
  OK(cx_journey_touchpoint_gap(j, "at_a", &g));
  assert_int_equal(g.zone, CX_JOURNEY_ZONE_WITHIN); /* A <= P */
  OK(cx_journey_touchpoint_gap(j, "at_d", &g));
  assert_int_equal(g.zone, CX_JOURNEY_ZONE_WITHIN); /* P <= D */
  OK(cx_journey_touchpoint_gap(j, "no_d", &g));
  assert_int_equal(g.zone, CX_JOURNEY_ZONE_UNKNOWN);
  assert_true(isnan(g.superiority));
  OK(cx_journey_touchpoint_gap(j, "inv", &g));
  assert_int_equal(g.zone, CX_JOURNEY_ZONE_INVERTED);
  OK(cx_journey_touchpoint_gap(j, "no_e", &g));
  assert_true(isnan(g.gap));
  assert_int_equal(g.zone, CX_JOURNEY_ZONE_WITHIN);
  FAILS(cx_journey_touchpoint_gap(j, "s", &g), CX_ENOTFOUND);
  FAILS(cx_journey_touchpoint_gap(j, "in", NULL), CX_EINVAL);
  assert_string_equal(cx_journey_zone_name(CX_JOURNEY_ZONE_BELOW), "below");
  assert_string_equal(cx_journey_zone_name((cx_journey_zone)5), "invalid");
  cx_journey_free(j);
}

static void test_priorities(void **state) {
  (void)state;
  cx_journey *j = NULL;
  cx_journey_ranking *r = NULL;
  OK(cx_journey_new(&j, NULL));
  OK(cx_journey_stage_add(j, "s1", NULL));
  OK(cx_journey_stage_add(j, "s2", NULL));
  const char *ids[] = {"g1", "g2", "g3", "g4", "g5", "g6"};
  for (size_t i = 0; i < 6; i++)
    OK(cx_journey_touchpoint_add(j, i < 3 ? "s1" : "s2", ids[i], NULL));
  /* gap, importance, reach -> priority = -gap * importance * reach */
  levels(j, "g1", 5, 3, NAN, NAN); /* -2, 2, 100 -> 400 */
  OK(cx_journey_touchpoint_set_number(j, "g1", CX_TP_IMPORTANCE, 2));
  OK(cx_journey_touchpoint_set_number(j, "g1", CX_TP_REACH, 100));
  levels(j, "g2", 4, 2, NAN, NAN); /* -2, missing = 1, 400 -> 800 */
  OK(cx_journey_touchpoint_set_number(j, "g2", CX_TP_REACH, 400));
  levels(j, "g3", 3, 4, NAN, NAN); /* +1: not a pain point */
  OK(cx_journey_touchpoint_set_number(j, "g3", CX_TP_IMPORTANCE, 9));
  levels(j, "g4", 5, 4, NAN, NAN); /* -1, 4, missing = 1 -> 4 */
  OK(cx_journey_touchpoint_set_number(j, "g4", CX_TP_IMPORTANCE, 4));
  levels(j, "g5", 4, 3, NAN, NAN); /* -1, 2, 200 -> 400, tie with g1 */
  OK(cx_journey_touchpoint_set_number(j, "g5", CX_TP_IMPORTANCE, 2));
  OK(cx_journey_touchpoint_set_number(j, "g5", CX_TP_REACH, 200));
  /* g6: no expectation, no gap */
  OK(cx_journey_rank_pain_points(j, &r));
  assert_int_equal(cx_journey_ranking_count(r), 4);
  const char *want[] = {"g2", "g1", "g5", "g4"};
  const double prio[] = {800, 400, 400, 4}, gap[] = {-2, -2, -1, -1};
  for (size_t i = 0; i < 4; i++) {
    assert_string_equal(cx_journey_ranking_id(r, i), want[i]);
    NEAR(cx_journey_ranking_priority(r, i), prio[i]);
    NEAR(cx_journey_ranking_gap(r, i), gap[i]);
  }
  assert_null(cx_journey_ranking_id(r, 4));
  assert_true(isnan(cx_journey_ranking_priority(r, 4)));
  cx_journey_ranking_free(r);
  FAILS(cx_journey_rank_pain_points(NULL, &r), CX_EINVAL);
  cx_journey_free(j);
}

static void test_dropoff(void **state) {
  (void)state;
  cx_journey *j = NULL;
  cx_journey_dropoff d;
  OK(cx_journey_new(&j, NULL));
  const char *stages[] = {"st1", "st2", "st3", "st4"};
  for (int i = 0; i < 4; i++)
    OK(cx_journey_stage_add(j, stages[i], NULL));
  /* stage reach = reach of its first touchpoint that has one */
  tp(j, "st1", "a", NAN, NAN);
  tp(j, "st1", "b", NAN, NAN);
  OK(cx_journey_touchpoint_set_number(j, "b", CX_TP_REACH, 1000));
  tp(j, "st2", "c", NAN, NAN);
  tp(j, "st2", "d", NAN, NAN);
  OK(cx_journey_touchpoint_set_number(j, "c", CX_TP_REACH, 600));
  OK(cx_journey_touchpoint_set_number(j, "d", CX_TP_REACH, 550));
  tp(j, "st3", "e", NAN, NAN);
  tp(j, "st4", "f", NAN, NAN);
  OK(cx_journey_touchpoint_set_number(j, "f", CX_TP_REACH, 150));

  OK(cx_journey_stage_dropoff(j, "st1", &d));
  NEAR(d.reach, 1000);
  assert_true(isnan(d.previous) && isnan(d.drop) && isnan(d.drop_share));
  OK(cx_journey_stage_dropoff(j, "st2", &d));
  NEAR(d.reach, 600);
  NEAR(d.previous, 1000);
  NEAR(d.drop, 400);
  NEAR(d.drop_share, 0.4);   /* 400 / 1000 */
  OK(cx_journey_stage_dropoff(j, "st3", &d));
  assert_true(isnan(d.reach) && isnan(d.drop));
  NEAR(d.previous, 600);
  OK(cx_journey_stage_dropoff(j, "st4", &d));
  NEAR(d.previous, 600);     /* st3 has no reach: skipped */
  NEAR(d.drop, 450);
  NEAR(d.drop_share, 0.75);  /* 450 / 600 */
  FAILS(cx_journey_stage_dropoff(j, "f", &d), CX_ENOTFOUND);
  cx_journey_free(j);
}

static void test_ending(void **state) {
  (void)state;
  cx_journey *j = journey_a();
  cx_journey_ending e;
  OK(cx_journey_stage_add(j, "s3", NULL)); /* no scores: not the final one */
  tp(j, "s3", "t6", NAN, NAN);
  OK(cx_journey_check_ending(j, &e));
  /* stage means: s1 (-0.5 + 1)/2 = 0.25, s2 (0.5 - 0.5)/2 = 0;
   * journey mean 0.5/4 = 0.125 */
  assert_int_equal(e.final_stage, 1);
  NEAR(e.final_mean, 0);
  NEAR(e.journey_mean, 0.125);
  NEAR(e.shortfall, 0.125);
  assert_int_equal(e.flagged, 1);
  /* a strong finish: t6 scores 5 (x = 1); s3 mean 1, journey mean
   * 1.5/5 = 0.3 */
  OK(cx_journey_touchpoint_set_number(j, "t6", CX_TP_SCORE, 5));
  OK(cx_journey_check_ending(j, &e));
  assert_int_equal(e.final_stage, 2);
  NEAR(e.journey_mean, 0.3);
  NEAR(e.shortfall, -0.7);
  assert_int_equal(e.flagged, 0);
  cx_journey_free(j);

  OK(cx_journey_new(&j, NULL));
  OK(cx_journey_check_ending(j, &e));
  assert_int_equal(e.flagged, 0);
  assert_true(e.final_stage == (size_t)-1);
  assert_true(isnan(e.final_mean) && isnan(e.shortfall));
  FAILS(cx_journey_check_ending(j, NULL), CX_EINVAL);
  cx_journey_free(j);
}

/* before:  a [t1 Ad 2, t2 Site 3, t8 Banner]  b [t3 Pay 4, t4 Mail 2, t5]
 *          x (empty); actors alice; title As-is
 * after:   a [t8, t1 2, t2 4, t3 4 web "slow"]  b [t6 Chat, t5 NPS 0.3]
 *          c Care (empty); actors alice, bob; title To-be */
static void test_diff(void **state) {
  (void)state;
  cx_journey *a = NULL, *b = NULL;
  cx_journey_diff *d = NULL;
  OK(cx_journey_new(&a, "j"));
  OK(cx_journey_set_text(a, CX_JOURNEY_TITLE, "As-is"));
  OK(cx_journey_actor_add(a, "alice", "Alice"));
  OK(cx_journey_stage_add(a, "a", "Aware"));
  OK(cx_journey_stage_add(a, "b", "Buy"));
  OK(cx_journey_stage_add(a, "x", "Extra"));
  OK(cx_journey_touchpoint_add(a, "a", "t1", "Ad"));
  OK(cx_journey_touchpoint_add(a, "a", "t2", "Site"));
  OK(cx_journey_touchpoint_add(a, "a", "t8", "Banner"));
  OK(cx_journey_touchpoint_add(a, "b", "t3", "Pay"));
  OK(cx_journey_touchpoint_add(a, "b", "t4", "Mail"));
  OK(cx_journey_touchpoint_add(a, "b", "t5", "Call"));
  OK(cx_journey_touchpoint_set_number(a, "t1", CX_TP_SCORE, 2));
  OK(cx_journey_touchpoint_set_number(a, "t2", CX_TP_SCORE, 3));
  OK(cx_journey_touchpoint_set_number(a, "t3", CX_TP_SCORE, 4));
  OK(cx_journey_touchpoint_set_number(a, "t4", CX_TP_SCORE, 2));

  OK(cx_journey_copy(&b, a));
  OK(cx_journey_diff_new(&d, a, b, NULL));
  assert_int_equal(cx_journey_diff_count(d), 0);
  NEAR(cx_journey_diff_score_change(d, CX_JOURNEY_AGG_MEAN), 0);
  cx_journey_diff_free(d);

  OK(cx_journey_set_text(b, CX_JOURNEY_TITLE, "To-be"));
  OK(cx_journey_actor_add(b, "bob", "Bob"));
  OK(cx_journey_stage_remove(b, "x", 0));
  OK(cx_journey_stage_add(b, "c", "Care"));
  OK(cx_journey_touchpoint_move(b, "t8", NULL, 0));
  OK(cx_journey_touchpoint_set_number(b, "t2", CX_TP_SCORE, 4));
  OK(cx_journey_touchpoint_move(b, "t3", "a", CX_JOURNEY_END));
  OK(cx_journey_touchpoint_set_channel(b, "t3", CX_CHANNEL_WEB, NULL));
  OK(cx_journey_touchpoint_list_add(b, "t3", CX_TP_PAIN_POINTS, "slow"));
  OK(cx_journey_touchpoint_remove(b, "t4"));
  OK(cx_journey_touchpoint_insert(b, "b", 0, "t6", "Chat"));
  OK(cx_journey_touchpoint_metric_set(b, "t5", "NPS", 0.3));

  OK(cx_journey_diff_new(&d, a, b, NULL));
  static const struct {
    cx_journey_change_kind kind;
    cx_journey_element element;
    const char *id, *field, *old_value, *new_value;
  } want[] = {
      {CX_JOURNEY_CHANGE_CHANGED, CX_JOURNEY_ELEMENT_JOURNEY, "", "title",
       "As-is", "To-be"},
      {CX_JOURNEY_CHANGE_ADDED, CX_JOURNEY_ELEMENT_ACTOR, "bob", "", "", "Bob"},
      {CX_JOURNEY_CHANGE_ADDED, CX_JOURNEY_ELEMENT_STAGE, "c", "", "", "Care"},
      {CX_JOURNEY_CHANGE_REMOVED, CX_JOURNEY_ELEMENT_STAGE, "x", "", "Extra",
       ""},
      /* a: shared [t8, t1, t2] had positions [2, 0, 1]: t1, t2 keep their
       * order, t8 moved */
      {CX_JOURNEY_CHANGE_MOVED, CX_JOURNEY_ELEMENT_TOUCHPOINT, "t8",
       "position", "2", "0"},
      {CX_JOURNEY_CHANGE_CHANGED, CX_JOURNEY_ELEMENT_TOUCHPOINT, "t2", "score",
       "3", "4"},
      {CX_JOURNEY_CHANGE_MOVED, CX_JOURNEY_ELEMENT_TOUCHPOINT, "t3", "stage",
       "b", "a"},
      {CX_JOURNEY_CHANGE_CHANGED, CX_JOURNEY_ELEMENT_TOUCHPOINT, "t3",
       "channel", "none", "web"},
      {CX_JOURNEY_CHANGE_CHANGED, CX_JOURNEY_ELEMENT_TOUCHPOINT, "t3",
       "pain_points", "", "slow"},
      {CX_JOURNEY_CHANGE_ADDED, CX_JOURNEY_ELEMENT_TOUCHPOINT, "t6", "", "",
       "Chat"},
      {CX_JOURNEY_CHANGE_CHANGED, CX_JOURNEY_ELEMENT_TOUCHPOINT, "t5",
       "metric:NPS", "", "0.3"},
      {CX_JOURNEY_CHANGE_REMOVED, CX_JOURNEY_ELEMENT_TOUCHPOINT, "t4", "",
       "Mail", ""},
  };
  size_t n = sizeof want / sizeof want[0];
  assert_int_equal(cx_journey_diff_count(d), n);
  for (size_t i = 0; i < n; i++) {
    assert_int_equal(cx_journey_diff_kind(d, i), want[i].kind);
    assert_int_equal(cx_journey_diff_element(d, i), want[i].element);
    assert_string_equal(cx_journey_diff_id(d, i), want[i].id);
    assert_string_equal(cx_journey_diff_field(d, i), want[i].field);
    assert_string_equal(cx_journey_diff_old_value(d, i), want[i].old_value);
    assert_string_equal(cx_journey_diff_new_value(d, i), want[i].new_value);
  }
  assert_null(cx_journey_diff_id(d, n));
  assert_int_equal(cx_journey_diff_kind(d, n), 0);

  /* scores: before x = [-0.5, 0, 0.5, -0.5], mean -0.125, end -0.5;
   * after x = [-0.5, 0.5, 0.5], mean 1/6, end 0.5 */
  cx_journey_scores sb, sa;
  OK(cx_journey_diff_scores(d, &sb, &sa));
  assert_int_equal(sb.n, 4);
  assert_int_equal(sa.n, 3);
  NEAR(cx_journey_diff_score_change(d, CX_JOURNEY_AGG_MEAN), 7.0 / 24);
  NEAR(cx_journey_diff_score_change(d, CX_JOURNEY_AGG_END), 1);
  NEAR(cx_journey_diff_score_change(d, CX_JOURNEY_AGG_PEAK), 0);
  assert_true(isnan(cx_journey_diff_score_change(d, (cx_journey_aggregate)99)));
  assert_string_equal(cx_journey_change_kind_name(CX_JOURNEY_CHANGE_MOVED),
                      "moved");
  cx_journey_diff_free(d);

  /* swapped stages: the first shared stage in the new order keeps its
   * place, the other one is reported as moved */
  OK(cx_journey_stage_move(b, "b", 0));
  OK(cx_journey_diff_new(&d, a, b, NULL));
  int found = 0;
  for (size_t i = 0; i < cx_journey_diff_count(d); i++)
    if (cx_journey_diff_element(d, i) == CX_JOURNEY_ELEMENT_STAGE &&
        cx_journey_diff_kind(d, i) == CX_JOURNEY_CHANGE_MOVED) {
      assert_string_equal(cx_journey_diff_id(d, i), "a");
      assert_string_equal(cx_journey_diff_old_value(d, i), "0");
      assert_string_equal(cx_journey_diff_new_value(d, i), "1");
      found++;
    }
  assert_int_equal(found, 1);
  cx_journey_diff_free(d);
  FAILS(cx_journey_diff_new(&d, a, NULL, NULL), CX_EINVAL);
  cx_journey_free(a);
  cx_journey_free(b);
}

/* Allocation failures in the analyses report CX_ENOMEM and leak nothing
 * (the sanitizer build checks the leaks). */
static void test_out_of_memory(void **state) {
  (void)state;
  cx_journey *a = journey_a(), *b = NULL;
  OK(cx_journey_copy(&b, a));
  OK(cx_journey_touchpoint_move(b, "t1", "s2", 0));
  OK(cx_journey_touchpoint_list_add(b, "t2", CX_TP_QUOTES, "Nice"));
  OK(cx_journey_touchpoint_set_number(b, "t3", CX_TP_EXPECTATION, 5));
  OK(cx_journey_touchpoint_set_number(b, "t3", CX_TP_EXPERIENCE, 2));
  OK(cx_set_allocator(tight_malloc, tight_realloc, free));
  int failures = 0;
  for (long limit = 0;; limit++) {
    cx_journey_diff *d = NULL;
    budget = limit;
    cx_status st = cx_journey_diff_new(&d, a, b, NULL);
    budget = -1;
    if (st == CX_OK) {
      assert_true(cx_journey_diff_count(d) > 0);
      cx_journey_diff_free(d);
      break;
    }
    assert_int_equal(st, CX_ENOMEM);
    failures++;
  }
  for (long limit = 0;; limit++) {
    cx_journey_ranking *r = NULL;
    budget = limit;
    cx_status st = cx_journey_rank_pain_points(b, &r);
    budget = -1;
    if (st == CX_OK) {
      assert_int_equal(cx_journey_ranking_count(r), 1);
      cx_journey_ranking_free(r);
      break;
    }
    assert_int_equal(st, CX_ENOMEM);
    failures++;
  }
  for (long limit = 0;; limit++) {
    cx_journey_problems *p = NULL;
    budget = limit;
    cx__journey_set_scale_unchecked(b, 1, 3, 3);
    cx_status st = cx_journey_validate(b, &p);
    budget = -1;
    if (st == CX_OK) {
      assert_int_equal(cx_journey_problems_count(p), 1);
      cx_journey_problems_free(p);
      break;
    }
    assert_int_equal(st, CX_ENOMEM);
    failures++;
  }
  assert_true(failures > 3);
  OK(cx_set_allocator(NULL, NULL, NULL));
  cx_journey_free(a);
  cx_journey_free(b);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_normalize),
      cmocka_unit_test(test_aggregates),
      cmocka_unit_test(test_stage_and_actor),
      cmocka_unit_test(test_edge_cases),
      cmocka_unit_test(test_multiplicative_success),
      cmocka_unit_test(test_aggregate_names),
      cmocka_unit_test(test_gaps_and_zones),
      cmocka_unit_test(test_priorities),
      cmocka_unit_test(test_dropoff),
      cmocka_unit_test(test_ending),
      cmocka_unit_test(test_diff),
      cmocka_unit_test(test_out_of_memory),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
