/* Tests of the journey model: structure edits, fields, lists, metrics,
 * copy and equality, validation, and the promise that failed calls leave
 * the journey unchanged. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <cx/io.h>
#include <cx/journey.h>

#include "journey_internal.h"
#include "tight_alloc.h"

#define OK(x) assert_int_equal((x), CX_OK)
#define FAILS(x, code) assert_int_equal((x), (code))

/* A journey with two stages and three touchpoints:
 *   aware: [ad, site]   buy: [pay]          actors: alice, bob */
static cx_journey *sample(void) {
  cx_journey *j = NULL;
  OK(cx_journey_new(&j, "j1"));
  OK(cx_journey_actor_add(j, "alice", "Alice"));
  OK(cx_journey_actor_add(j, "bob", NULL));
  OK(cx_journey_stage_add(j, "aware", "Awareness"));
  OK(cx_journey_stage_add(j, "buy", "Purchase"));
  OK(cx_journey_touchpoint_add(j, "aware", "ad", "See an ad"));
  OK(cx_journey_touchpoint_add(j, "aware", "site", NULL));
  OK(cx_journey_touchpoint_add(j, "buy", "pay", "Pay"));
  return j;
}

/* Ids of the touchpoints in journey order, joined by spaces. */
static void order(const cx_journey *j, char *buf, size_t size) {
  buf[0] = '\0';
  for (size_t i = 0; i < cx_journey_n_touchpoints(j); i++) {
    if (i)
      strncat(buf, " ", size - strlen(buf) - 1);
    strncat(buf, cx_journey_touchpoint_id(j, i), size - strlen(buf) - 1);
  }
}

static void test_new_and_defaults(void **state) {
  (void)state;
  cx_journey *j = NULL;
  FAILS(cx_journey_new(NULL, "x"), CX_EINVAL);
  FAILS(cx_journey_new(&j, "\xff"), CX_EINVAL);
  assert_null(j);
  OK(cx_journey_new(&j, NULL));
  assert_string_equal(cx_journey_id(j), "");
  double lo, mid, hi;
  OK(cx_journey_get_scale(j, &lo, &mid, &hi));
  assert_true(lo == 1 && mid == 3 && hi == 5);
  assert_int_equal(cx_journey_n_stages(j), 0);
  assert_int_equal(cx_journey_n_touchpoints(j), 0);
  assert_int_equal(cx_journey_n_actors(j), 0);
  const char *t = NULL;
  OK(cx_journey_get_text(j, CX_JOURNEY_TITLE, &t));
  assert_string_equal(t, "");
  OK(cx_journey_set_text(j, CX_JOURNEY_TITLE, "Buying a bike"));
  OK(cx_journey_get_text(j, CX_JOURNEY_TITLE, &t));
  assert_string_equal(t, "Buying a bike");
  FAILS(cx_journey_set_text(j, (cx_journey_text)7, "x"), CX_EINVAL);
  FAILS(cx_journey_get_text(j, CX_JOURNEY_TITLE, NULL), CX_EINVAL);
  cx_journey_free(j);
  cx_journey_free(NULL);
  assert_null(cx_journey_id(NULL));
}

static void test_scale(void **state) {
  (void)state;
  cx_journey *j = NULL;
  OK(cx_journey_new(&j, "s"));
  OK(cx_journey_set_scale(j, -3, 0, 3));
  OK(cx_journey_set_scale(j, 0, 0, 10)); /* unipolar: neutral == min */
  FAILS(cx_journey_set_scale(j, 1, 5, 5), CX_ERANGE);  /* neutral == max */
  FAILS(cx_journey_set_scale(j, 5, 3, 1), CX_ERANGE);
  FAILS(cx_journey_set_scale(j, 1, NAN, 5), CX_ERANGE);
  FAILS(cx_journey_set_scale(j, 1, 3, INFINITY), CX_ERANGE);
  FAILS(cx_journey_set_scale(NULL, 1, 3, 5), CX_EINVAL);
  double lo, mid, hi;
  OK(cx_journey_get_scale(j, &lo, &mid, &hi));
  assert_true(lo == 0 && mid == 0 && hi == 10); /* failures changed nothing */
  cx_journey_free(j);
}

static void test_stages(void **state) {
  (void)state;
  cx_journey *j = sample();
  size_t i = 99;
  /* insert at the front, then in the middle */
  OK(cx_journey_stage_insert(j, 0, "search", "Search"));
  OK(cx_journey_stage_insert(j, 2, "compare", NULL));
  /* order: search aware compare buy */
  assert_int_equal(cx_journey_n_stages(j), 4);
  assert_string_equal(cx_journey_stage_id(j, 0), "search");
  assert_string_equal(cx_journey_stage_id(j, 2), "compare");
  assert_string_equal(cx_journey_stage_id(j, 3), "buy");
  assert_null(cx_journey_stage_id(j, 4));
  const char *name = NULL;
  OK(cx_journey_stage_get_text(j, "compare", CX_STAGE_NAME, &name));
  assert_string_equal(name, "compare"); /* NULL name falls back to the id */
  OK(cx_journey_stage_set_text(j, "compare", CX_STAGE_DESCRIPTION, "Look"));
  OK(cx_journey_stage_get_text(j, "compare", CX_STAGE_DESCRIPTION, &name));
  assert_string_equal(name, "Look");
  FAILS(cx_journey_stage_set_text(j, "compare", CX_STAGE_NAME, NULL),
        CX_EINVAL);
  FAILS(cx_journey_stage_set_text(j, "nope", CX_STAGE_NAME, "x"),
        CX_ENOTFOUND);
  FAILS(cx_journey_stage_set_text(j, "compare", (cx_stage_text)9, "x"),
        CX_EINVAL);

  /* errors */
  FAILS(cx_journey_stage_add(j, "aware", "again"), CX_EINVAL);
  FAILS(cx_journey_stage_add(j, "pay", "a touchpoint's id"), CX_EINVAL);
  FAILS(cx_journey_stage_add(j, "", "empty"), CX_EINVAL);
  FAILS(cx_journey_stage_add(j, NULL, "null"), CX_EINVAL);
  FAILS(cx_journey_stage_add(j, "bad\xc3", NULL), CX_EINVAL);
  FAILS(cx_journey_stage_insert(j, 5, "late", NULL), CX_ERANGE);
  FAILS(cx_journey_stage_find(j, "pay", &i), CX_ENOTFOUND);

  /* move the last stage to the front and the first to the end */
  OK(cx_journey_stage_move(j, "buy", 0));
  OK(cx_journey_stage_move(j, "search", CX_JOURNEY_END));
  /* order: buy aware compare search */
  OK(cx_journey_stage_find(j, "buy", &i));
  assert_int_equal(i, 0);
  OK(cx_journey_stage_find(j, "search", &i));
  assert_int_equal(i, 3);
  FAILS(cx_journey_stage_move(j, "buy", 4), CX_ERANGE);
  FAILS(cx_journey_stage_move(j, "nope", 0), CX_ENOTFOUND);
  /* the touchpoints went with their stages */
  char buf[128];
  order(j, buf, sizeof buf);
  assert_string_equal(buf, "pay ad site");
  assert_int_equal(cx_journey_stage_size(j, 1), 2);
  assert_int_equal(cx_journey_stage_size(j, 9), 0);

  /* a stage with touchpoints is kept unless the flag says otherwise */
  FAILS(cx_journey_stage_remove(j, "aware", 0), CX_ESTATE);
  assert_int_equal(cx_journey_n_touchpoints(j), 3);
  FAILS(cx_journey_stage_remove(j, "aware", 8u), CX_EINVAL);
  OK(cx_journey_stage_remove(j, "compare", 0));
  OK(cx_journey_stage_remove(j, "aware", CX_JOURNEY_REMOVE_TOUCHPOINTS));
  FAILS(cx_journey_touchpoint_find(j, "ad", NULL, NULL), CX_ENOTFOUND);
  assert_int_equal(cx_journey_n_stages(j), 2);
  assert_int_equal(cx_journey_n_touchpoints(j), 1);
  FAILS(cx_journey_stage_remove(j, "aware", 0), CX_ENOTFOUND);
  /* the id is free again */
  OK(cx_journey_stage_add(j, "ad", NULL));
  cx_journey_free(j);
}

static void test_touchpoints(void **state) {
  (void)state;
  cx_journey *j = sample();
  char buf[128];
  size_t si = 9, pos = 9;
  OK(cx_journey_touchpoint_insert(j, "aware", 1, "friend", "Friend tells"));
  order(j, buf, sizeof buf);
  assert_string_equal(buf, "ad friend site pay");
  OK(cx_journey_touchpoint_find(j, "site", &si, &pos));
  assert_int_equal(si, 0);
  assert_int_equal(pos, 2);
  assert_string_equal(cx_journey_touchpoint_at(j, 1, 0), "pay");
  assert_null(cx_journey_touchpoint_at(j, 1, 1));
  assert_null(cx_journey_touchpoint_at(j, 2, 0));
  assert_null(cx_journey_touchpoint_id(j, 4));

  /* within a stage: position counts without the moved touchpoint */
  OK(cx_journey_touchpoint_move(j, "ad", NULL, CX_JOURNEY_END));
  order(j, buf, sizeof buf);
  assert_string_equal(buf, "friend site ad pay");
  OK(cx_journey_touchpoint_move(j, "ad", NULL, 0));
  order(j, buf, sizeof buf);
  assert_string_equal(buf, "ad friend site pay");
  FAILS(cx_journey_touchpoint_move(j, "ad", NULL, 3), CX_ERANGE);
  /* to another stage, fields kept */
  OK(cx_journey_touchpoint_set_number(j, "site", CX_TP_SCORE, 4));
  OK(cx_journey_touchpoint_move(j, "site", "buy", 0));
  order(j, buf, sizeof buf);
  assert_string_equal(buf, "ad friend site pay");
  OK(cx_journey_touchpoint_find(j, "site", &si, &pos));
  assert_int_equal(si, 1);
  assert_int_equal(pos, 0);
  double v = 0;
  OK(cx_journey_touchpoint_get_number(j, "site", CX_TP_SCORE, &v));
  assert_true(v == 4);
  FAILS(cx_journey_touchpoint_move(j, "site", "aware", 3), CX_ERANGE);
  OK(cx_journey_touchpoint_move(j, "site", "aware", 2));
  FAILS(cx_journey_touchpoint_move(j, "site", "nope", 0), CX_ENOTFOUND);
  FAILS(cx_journey_touchpoint_move(j, "nope", "aware", 0), CX_ENOTFOUND);
  FAILS(cx_journey_touchpoint_move(j, "aware", NULL, 0), CX_ENOTFOUND);

  /* errors on adding */
  FAILS(cx_journey_touchpoint_add(j, "nope", "x", NULL), CX_ENOTFOUND);
  FAILS(cx_journey_touchpoint_add(j, "aware", "buy", NULL), CX_EINVAL);
  FAILS(cx_journey_touchpoint_add(j, "aware", "pay", NULL), CX_EINVAL);
  FAILS(cx_journey_touchpoint_add(j, "aware", "", NULL), CX_EINVAL);
  FAILS(cx_journey_touchpoint_insert(j, "buy", 2, "x", NULL), CX_ERANGE);
  FAILS(cx_journey_touchpoint_add(NULL, "buy", "x", NULL), CX_EINVAL);

  OK(cx_journey_touchpoint_remove(j, "friend"));
  FAILS(cx_journey_touchpoint_remove(j, "friend"), CX_ENOTFOUND);
  FAILS(cx_journey_touchpoint_remove(j, "aware"), CX_ENOTFOUND);
  order(j, buf, sizeof buf);
  assert_string_equal(buf, "ad site pay");
  cx_journey_free(j);
}

static void test_fields(void **state) {
  (void)state;
  cx_journey *j = sample();
  const char *t = NULL;
  double v = 0;
  OK(cx_journey_touchpoint_get_text(j, "site", CX_TP_NAME, &t));
  assert_string_equal(t, "site");
  OK(cx_journey_touchpoint_set_text(j, "site", CX_TP_NAME, "Web site"));
  OK(cx_journey_touchpoint_set_text(j, "site", CX_TP_DEPARTMENT, "E-com"));
  OK(cx_journey_touchpoint_get_text(j, "site", CX_TP_DEPARTMENT, &t));
  assert_string_equal(t, "E-com");
  OK(cx_journey_touchpoint_set_text(j, "site", CX_TP_DEPARTMENT, NULL));
  OK(cx_journey_touchpoint_get_text(j, "site", CX_TP_DEPARTMENT, &t));
  assert_string_equal(t, "");
  FAILS(cx_journey_touchpoint_set_text(j, "site", CX_TP_NAME, NULL),
        CX_EINVAL);
  FAILS(cx_journey_touchpoint_set_text(j, "site", (cx_tp_text)3, "x"),
        CX_EINVAL);
  FAILS(cx_journey_touchpoint_set_text(j, "aware", CX_TP_NAME, "x"),
        CX_ENOTFOUND);
  FAILS(cx_journey_touchpoint_get_text(j, "site", CX_TP_NAME, NULL),
        CX_EINVAL);

  for (int f = 0; f < CX_TP_NUMBER_COUNT; f++) {
    OK(cx_journey_touchpoint_get_number(j, "pay", (cx_tp_number)f, &v));
    assert_true(isnan(v)); /* unset */
  }
  OK(cx_journey_touchpoint_set_number(j, "pay", CX_TP_SCORE, 9));
  OK(cx_journey_touchpoint_set_number(j, "pay", CX_TP_REACH, 1000));
  FAILS(cx_journey_touchpoint_set_number(j, "pay", CX_TP_REACH, -1),
        CX_ERANGE);
  FAILS(cx_journey_touchpoint_set_number(j, "pay", CX_TP_DURATION, -0.5),
        CX_ERANGE);
  FAILS(cx_journey_touchpoint_set_number(j, "pay", CX_TP_IMPORTANCE, -2),
        CX_ERANGE);
  FAILS(cx_journey_touchpoint_set_number(j, "pay", CX_TP_SCORE, INFINITY),
        CX_ERANGE);
  FAILS(cx_journey_touchpoint_set_number(j, "pay", (cx_tp_number)8, 1),
        CX_EINVAL);
  OK(cx_journey_touchpoint_get_number(j, "pay", CX_TP_REACH, &v));
  assert_true(v == 1000);
  OK(cx_journey_touchpoint_set_number(j, "pay", CX_TP_REACH, NAN));
  OK(cx_journey_touchpoint_get_number(j, "pay", CX_TP_REACH, &v));
  assert_true(isnan(v));

  cx_channel ch = CX_CHANNEL_OTHER;
  OK(cx_journey_touchpoint_get_channel(j, "pay", &ch, &t));
  assert_int_equal(ch, CX_CHANNEL_NONE);
  assert_string_equal(t, "none");
  OK(cx_journey_touchpoint_set_channel(j, "pay", CX_CHANNEL_CUSTOM, "kiosk"));
  OK(cx_journey_touchpoint_get_channel(j, "pay", &ch, &t));
  assert_int_equal(ch, CX_CHANNEL_CUSTOM);
  assert_string_equal(t, "kiosk");
  FAILS(cx_journey_touchpoint_set_channel(j, "pay", CX_CHANNEL_CUSTOM, ""),
        CX_EINVAL);
  FAILS(cx_journey_touchpoint_set_channel(j, "pay", CX_CHANNEL_WEB, "x"),
        CX_EINVAL);
  FAILS(cx_journey_touchpoint_set_channel(j, "pay", (cx_channel)12, NULL),
        CX_EINVAL);
  OK(cx_journey_touchpoint_set_channel(j, "pay", CX_CHANNEL_STORE, NULL));
  OK(cx_journey_touchpoint_get_channel(j, "pay", &ch, &t));
  assert_int_equal(ch, CX_CHANNEL_STORE);
  assert_string_equal(t, "store");

  cx_owner ow = CX_OWNER_NONE;
  cx_layer ly = CX_LAYER_NONE;
  int mot = 5;
  OK(cx_journey_touchpoint_set_owner(j, "pay", CX_OWNER_PARTNER));
  OK(cx_journey_touchpoint_get_owner(j, "pay", &ow));
  assert_int_equal(ow, CX_OWNER_PARTNER);
  FAILS(cx_journey_touchpoint_set_owner(j, "pay", (cx_owner)5), CX_EINVAL);
  OK(cx_journey_touchpoint_set_layer(j, "pay", CX_LAYER_BACKSTAGE));
  OK(cx_journey_touchpoint_get_layer(j, "pay", &ly));
  assert_int_equal(ly, CX_LAYER_BACKSTAGE);
  FAILS(cx_journey_touchpoint_set_layer(j, "pay", (cx_layer)-1), CX_EINVAL);
  OK(cx_journey_touchpoint_get_moment_of_truth(j, "pay", &mot));
  assert_int_equal(mot, 0);
  OK(cx_journey_touchpoint_set_moment_of_truth(j, "pay", 42));
  OK(cx_journey_touchpoint_get_moment_of_truth(j, "pay", &mot));
  assert_int_equal(mot, 1);
  FAILS(cx_journey_touchpoint_get_moment_of_truth(j, "x", &mot),
        CX_ENOTFOUND);
  cx_journey_free(j);
}

static void test_enum_names(void **state) {
  (void)state;
  cx_channel ch;
  cx_owner ow;
  cx_layer ly;
  assert_string_equal(cx_channel_name(CX_CHANNEL_LETTER), "letter");
  assert_string_equal(cx_channel_name((cx_channel)99), "invalid");
  OK(cx_channel_parse("E-Mail", &ch));
  assert_int_equal(ch, CX_CHANNEL_EMAIL);
  FAILS(cx_channel_parse("kiosk", &ch), CX_EPARSE);
  FAILS(cx_channel_parse("custom", &ch), CX_EPARSE);
  OK(cx_owner_parse("External", &ow));
  assert_int_equal(ow, CX_OWNER_SOCIAL);
  OK(cx_owner_parse("customer-owned", &ow));
  assert_int_equal(ow, CX_OWNER_CUSTOMER);
  OK(cx_layer_parse("Front Stage", &ly));
  assert_int_equal(ly, CX_LAYER_FRONTSTAGE);
  FAILS(cx_layer_parse(NULL, &ly), CX_EINVAL);
  assert_string_equal(cx_tp_number_name(CX_TP_REACH), "reach");
  assert_string_equal(cx_tp_list_name(CX_TP_PAIN_POINTS), "pain_points");
  assert_string_equal(cx_tp_text_name(CX_TP_DEPARTMENT), "department");
  assert_string_equal(cx_journey_element_name(CX_JOURNEY_ELEMENT_STAGE),
                      "stage");
  assert_string_equal(
      cx_journey_problem_code_name(CX_JOURNEY_PROBLEM_INVERTED_ZONE),
      "inverted-zone");
  assert_string_equal(cx_journey_problem_code_name((cx_journey_problem_code)0),
                      "invalid");
}

static void test_lists_and_actors(void **state) {
  (void)state;
  cx_journey *j = sample();
  size_t n = 9, i = 9;
  const char *t = NULL;
  OK(cx_journey_touchpoint_list_add(j, "ad", CX_TP_ACTORS, "bob"));
  OK(cx_journey_touchpoint_list_add(j, "ad", CX_TP_ACTORS, "alice"));
  FAILS(cx_journey_touchpoint_list_add(j, "ad", CX_TP_ACTORS, "alice"),
        CX_EINVAL);
  FAILS(cx_journey_touchpoint_list_add(j, "ad", CX_TP_ACTORS, "carol"),
        CX_ENOTFOUND);
  OK(cx_journey_touchpoint_list_add(j, "ad", CX_TP_PAIN_POINTS, "Too loud"));
  OK(cx_journey_touchpoint_list_add(j, "ad", CX_TP_PAIN_POINTS, "Too loud"));
  FAILS(cx_journey_touchpoint_list_add(j, "ad", CX_TP_QUOTES, ""), CX_EINVAL);
  FAILS(cx_journey_touchpoint_list_add(j, "ad", (cx_tp_list)4, "x"),
        CX_EINVAL);
  OK(cx_journey_touchpoint_list_count(j, "ad", CX_TP_PAIN_POINTS, &n));
  assert_int_equal(n, 2);
  OK(cx_journey_touchpoint_list_get(j, "ad", CX_TP_ACTORS, 0, &t));
  assert_string_equal(t, "bob");
  FAILS(cx_journey_touchpoint_list_get(j, "ad", CX_TP_ACTORS, 2, &t),
        CX_ERANGE);
  OK(cx_journey_touchpoint_list_find(j, "ad", CX_TP_ACTORS, "alice", &i));
  assert_int_equal(i, 1);
  FAILS(cx_journey_touchpoint_list_find(j, "ad", CX_TP_QUOTES, "x", &i),
        CX_ENOTFOUND);
  OK(cx_journey_touchpoint_list_remove(j, "ad", CX_TP_PAIN_POINTS, 0));
  FAILS(cx_journey_touchpoint_list_remove(j, "ad", CX_TP_PAIN_POINTS, 1),
        CX_ERANGE);
  OK(cx_journey_touchpoint_list_count(j, "ad", CX_TP_PAIN_POINTS, &n));
  assert_int_equal(n, 1);

  /* actors */
  FAILS(cx_journey_actor_add(j, "bob", "Bob again"), CX_EINVAL);
  FAILS(cx_journey_actor_add(j, "", "Nobody"), CX_EINVAL);
  OK(cx_journey_actor_get_name(j, "bob", &t));
  assert_string_equal(t, "bob");
  OK(cx_journey_actor_set_name(j, "bob", "Bob"));
  OK(cx_journey_actor_get_name(j, "bob", &t));
  assert_string_equal(t, "Bob");
  FAILS(cx_journey_actor_set_name(j, "carol", "Carol"), CX_ENOTFOUND);
  assert_string_equal(cx_journey_actor_id(j, 1), "bob");
  assert_null(cx_journey_actor_id(j, 2));
  /* removing an actor takes it out of every touchpoint */
  OK(cx_journey_actor_remove(j, "bob"));
  FAILS(cx_journey_actor_remove(j, "bob"), CX_ENOTFOUND);
  assert_int_equal(cx_journey_n_actors(j), 1);
  OK(cx_journey_touchpoint_list_count(j, "ad", CX_TP_ACTORS, &n));
  assert_int_equal(n, 1);
  OK(cx_journey_touchpoint_list_get(j, "ad", CX_TP_ACTORS, 0, &t));
  assert_string_equal(t, "alice");
  OK(cx_journey_actor_find(j, "alice", &i));
  assert_int_equal(i, 0);
  cx_journey_free(j);
}

static void test_metrics(void **state) {
  (void)state;
  cx_journey *j = sample();
  size_t n = 9;
  double v = 0;
  const char *t = NULL;
  OK(cx_journey_touchpoint_metric_set(j, "pay", "NPS", 0.25));
  OK(cx_journey_touchpoint_metric_set(j, "pay", "CSAT", 0.8));
  OK(cx_journey_touchpoint_metric_set(j, "pay", "NPS", 0.5)); /* keeps place */
  OK(cx_journey_touchpoint_metric_count(j, "pay", &n));
  assert_int_equal(n, 2);
  OK(cx_journey_touchpoint_metric_name(j, "pay", 0, &t));
  assert_string_equal(t, "NPS");
  OK(cx_journey_touchpoint_metric_get(j, "pay", "NPS", &v));
  assert_true(v == 0.5);
  FAILS(cx_journey_touchpoint_metric_get(j, "pay", "CES", &v), CX_ENOTFOUND);
  FAILS(cx_journey_touchpoint_metric_set(j, "pay", "CES", NAN), CX_ERANGE);
  FAILS(cx_journey_touchpoint_metric_set(j, "pay", "", 1), CX_EINVAL);
  FAILS(cx_journey_touchpoint_metric_name(j, "pay", 2, &t), CX_ERANGE);
  OK(cx_journey_touchpoint_metric_remove(j, "pay", "NPS"));
  FAILS(cx_journey_touchpoint_metric_remove(j, "pay", "NPS"), CX_ENOTFOUND);
  OK(cx_journey_touchpoint_metric_name(j, "pay", 0, &t));
  assert_string_equal(t, "CSAT");
  cx_journey_free(j);
}

static void test_copy_equal(void **state) {
  (void)state;
  cx_journey *a = sample(), *b = NULL;
  OK(cx_journey_touchpoint_set_number(a, "ad", CX_TP_SCORE, 2));
  OK(cx_journey_touchpoint_list_add(a, "ad", CX_TP_QUOTES, "Meh"));
  OK(cx_journey_touchpoint_metric_set(a, "ad", "NPS", 0.1));
  OK(cx_journey_touchpoint_set_channel(a, "ad", CX_CHANNEL_CUSTOM, "tv"));
  OK(cx__journey_set_extra(a, CX_JOURNEY_ELEMENT_TOUCHPOINT, "ad",
                           "{\"x\":1}"));
  OK(cx__journey_set_extra(a, CX_JOURNEY_ELEMENT_JOURNEY, NULL, "{}"));
  OK(cx_journey_copy(&b, a));
  assert_true(cx_journey_equal(a, b));
  assert_true(cx_journey_equal(a, a));
  assert_false(cx_journey_equal(a, NULL));
  assert_true(cx_journey_equal(NULL, NULL));
  assert_string_equal(
      cx__journey_get_extra(b, CX_JOURNEY_ELEMENT_TOUCHPOINT, "ad"),
      "{\"x\":1}");
  assert_null(cx__journey_get_extra(b, CX_JOURNEY_ELEMENT_STAGE, "aware"));
  FAILS(cx__journey_set_extra(a, CX_JOURNEY_ELEMENT_STAGE, "nope", "{}"),
        CX_ENOTFOUND);

  /* each kind of difference breaks equality */
  OK(cx__journey_set_extra(b, CX_JOURNEY_ELEMENT_TOUCHPOINT, "ad", "{}"));
  assert_false(cx_journey_equal(a, b));
  OK(cx__journey_set_extra(b, CX_JOURNEY_ELEMENT_TOUCHPOINT, "ad",
                           "{\"x\":1}"));
  assert_true(cx_journey_equal(a, b));
  OK(cx_journey_touchpoint_metric_set(b, "ad", "NPS", 0.2));
  assert_false(cx_journey_equal(a, b));
  OK(cx_journey_touchpoint_metric_set(b, "ad", "NPS", 0.1));
  OK(cx_journey_touchpoint_set_number(b, "site", CX_TP_DURATION, 1));
  assert_false(cx_journey_equal(a, b));
  OK(cx_journey_touchpoint_set_number(b, "site", CX_TP_DURATION, NAN));
  assert_true(cx_journey_equal(a, b));
  OK(cx_journey_touchpoint_move(b, "site", NULL, 0));
  assert_false(cx_journey_equal(a, b));
  OK(cx_journey_touchpoint_move(b, "site", NULL, 1));
  OK(cx_journey_actor_set_name(b, "bob", "Robert"));
  assert_false(cx_journey_equal(a, b));
  cx_journey_free(a);
  cx_journey_free(b);
}

/* Every problem at once, in journey order, on data loaded through the
 * unchecked path. */
static void test_validate(void **state) {
  (void)state;
  cx_journey *j = NULL;
  cx_journey_problems *p = NULL;
  cx__jtp *tp = NULL;
  size_t si = 0;
  OK(cx_journey_new(&j, "bad"));
  OK(cx_journey_validate(j, &p));
  assert_int_equal(cx_journey_problems_count(p), 0); /* empty is valid */
  cx_journey_problems_free(p);

  OK(cx__journey_actor_add_unchecked(j, "a", "A"));
  OK(cx__journey_actor_add_unchecked(j, "a", ""));
  OK(cx__journey_stage_add_unchecked(j, "s", "S", &si));
  OK(cx__journey_touchpoint_add_unchecked(j, si, "s", "dup of stage", &tp));
  OK(cx__jtp_list_add(tp, CX_TP_ACTORS, "ghost"));
  OK(cx__jtp_list_add(tp, CX_TP_ACTORS, "a"));
  OK(cx__jtp_list_add(tp, CX_TP_ACTORS, "a"));
  OK(cx__jtp_set_number(tp, CX_TP_SCORE, 6));
  OK(cx__jtp_set_number(tp, CX_TP_REACH, -5));
  OK(cx__jtp_set_number(tp, CX_TP_DURATION, INFINITY));
  OK(cx__jtp_set_number(tp, CX_TP_ADEQUATE, 4));
  OK(cx__jtp_set_number(tp, CX_TP_DESIRED, 2));
  OK(cx__journey_touchpoint_add_unchecked(j, si, "", "", &tp));
  OK(cx__jtp_set_channel(tp, CX_CHANNEL_CUSTOM, NULL));
  OK(cx__jtp_metric_set(tp, "NPS", NAN));
  /* valid in itself, but fine elements are not reported */
  OK(cx__journey_touchpoint_add_unchecked(j, si, "ok", "Fine", &tp));
  OK(cx__jtp_set_number(tp, CX_TP_SCORE, 1));

  OK(cx_journey_validate(j, &p));
  static const struct {
    cx_journey_problem_code code;
    cx_journey_element element;
    const char *id, *field;
  } want[] = {
      {CX_JOURNEY_PROBLEM_DUPLICATE_ID, CX_JOURNEY_ELEMENT_ACTOR, "a", "id"},
      {CX_JOURNEY_PROBLEM_EMPTY_NAME, CX_JOURNEY_ELEMENT_ACTOR, "a", "name"},
      {CX_JOURNEY_PROBLEM_DUPLICATE_ID, CX_JOURNEY_ELEMENT_TOUCHPOINT, "s",
       "id"},
      {CX_JOURNEY_PROBLEM_UNKNOWN_ACTOR, CX_JOURNEY_ELEMENT_TOUCHPOINT, "s",
       "actors"},
      {CX_JOURNEY_PROBLEM_UNKNOWN_ACTOR, CX_JOURNEY_ELEMENT_TOUCHPOINT, "s",
       "actors"},
      {CX_JOURNEY_PROBLEM_OUT_OF_SCALE, CX_JOURNEY_ELEMENT_TOUCHPOINT, "s",
       "score"},
      {CX_JOURNEY_PROBLEM_NOT_FINITE, CX_JOURNEY_ELEMENT_TOUCHPOINT, "s",
       "duration"},
      {CX_JOURNEY_PROBLEM_NEGATIVE, CX_JOURNEY_ELEMENT_TOUCHPOINT, "s",
       "reach"},
      {CX_JOURNEY_PROBLEM_INVERTED_ZONE, CX_JOURNEY_ELEMENT_TOUCHPOINT, "s",
       "adequate"},
      {CX_JOURNEY_PROBLEM_EMPTY_ID, CX_JOURNEY_ELEMENT_TOUCHPOINT, "", "id"},
      {CX_JOURNEY_PROBLEM_EMPTY_NAME, CX_JOURNEY_ELEMENT_TOUCHPOINT, "",
       "name"},
      {CX_JOURNEY_PROBLEM_CHANNEL_NAME, CX_JOURNEY_ELEMENT_TOUCHPOINT, "",
       "channel"},
      {CX_JOURNEY_PROBLEM_NOT_FINITE, CX_JOURNEY_ELEMENT_TOUCHPOINT, "",
       "metric:NPS"},
  };
  size_t n = sizeof want / sizeof want[0];
  assert_int_equal(cx_journey_problems_count(p), n);
  for (size_t i = 0; i < n; i++) {
    assert_int_equal(cx_journey_problems_code(p, i), want[i].code);
    assert_int_equal(cx_journey_problems_element(p, i), want[i].element);
    assert_string_equal(cx_journey_problems_id(p, i), want[i].id);
    assert_string_equal(cx_journey_problems_field(p, i), want[i].field);
  }
  assert_string_equal(cx_journey_problems_message(p, 5),
                      "touchpoint 's': score 6 is outside the scale 1..5");
  assert_string_equal(cx_journey_problems_message(p, 3),
                      "touchpoint 's': actor 'ghost' is not declared in the "
                      "journey");
  assert_string_equal(cx_journey_problems_message(p, 4),
                      "touchpoint 's': actor 'a' is listed more than once");
  assert_null(cx_journey_problems_id(p, n));
  assert_int_equal(cx_journey_problems_code(p, n), 0);
  cx_journey_problems_free(p);

  /* A bad scale is reported and disables the range checks. */
  cx__journey_set_scale_unchecked(j, 5, 3, 1);
  OK(cx_journey_validate(j, &p));
  assert_int_equal(cx_journey_problems_count(p), n);
  assert_int_equal(cx_journey_problems_code(p, 0),
                   CX_JOURNEY_PROBLEM_BAD_SCALE);
  assert_string_equal(cx_journey_problems_field(p, 0), "scale");
  cx_journey_problems_free(p);
  FAILS(cx_journey_validate(NULL, &p), CX_EINVAL);
  FAILS(cx_journey_validate(j, NULL), CX_EINVAL);
  cx_journey_free(j);
}

/* The id index against a model of the journey: random inserts, appends,
 * moves and removals of touchpoints and stages, and copies; after each
 * step every touchpoint is found at its model place and a removed id is
 * not found. */
enum { MS = 12, MT = 64 };
typedef struct model {
  int n_stages;
  int stage[MS];       /* stage number (id "s<n>") */
  int n_tp[MS];
  int tp[MS][MT];      /* touchpoint number (id "t<n>") */
} model;

static uint64_t rnd_state = 88172645463325252ull;
static unsigned rnd(unsigned n) {
  rnd_state ^= rnd_state << 13;
  rnd_state ^= rnd_state >> 7;
  rnd_state ^= rnd_state << 17;
  return (unsigned)(rnd_state % n);
}

static void check_model(const cx_journey *j, const model *m, int gone) {
  char id[16];
  size_t total = 0;
  assert_true(j->index.ok); /* lookups use the index, not a walk */
  for (int s = 0; s < m->n_stages; s++)
    for (int k = 0; k < m->n_tp[s]; k++) {
      size_t si = 99, pos = 99;
      snprintf(id, sizeof id, "t%d", m->tp[s][k]);
      OK(cx_journey_touchpoint_find(j, id, &si, &pos));
      assert_int_equal(si, (size_t)s);
      assert_int_equal(pos, (size_t)k);
      total++;
    }
  assert_int_equal(cx_journey_n_touchpoints(j), total);
  if (gone >= 0) {
    snprintf(id, sizeof id, "t%d", gone);
    FAILS(cx_journey_touchpoint_find(j, id, NULL, NULL), CX_ENOTFOUND);
  }
}

static void test_id_index(void **state) {
  (void)state;
  cx_journey *j = NULL;
  OK(cx_journey_new(&j, "big"));
  model m = {0};
  int next_stage = 0, next_tp = 0;
  char id[16], to[16];
  for (int step = 0; step < 3000; step++) {
    int gone = -1;
    unsigned op = rnd(10);
    if (m.n_stages == 0 || (op == 0 && m.n_stages < MS)) {
      int at = m.n_stages ? (int)rnd((unsigned)m.n_stages + 1) : 0;
      snprintf(id, sizeof id, "s%d", next_stage);
      OK(cx_journey_stage_insert(j, (size_t)at, id, NULL));
      memmove(&m.stage[at + 1], &m.stage[at],
              (size_t)(m.n_stages - at) * sizeof m.stage[0]);
      memmove(&m.n_tp[at + 1], &m.n_tp[at],
              (size_t)(m.n_stages - at) * sizeof m.n_tp[0]);
      memmove(&m.tp[at + 1], &m.tp[at],
              (size_t)(m.n_stages - at) * sizeof m.tp[0]);
      m.stage[at] = next_stage++;
      m.n_tp[at] = 0;
      m.n_stages++;
    } else if (op <= 4) { /* append or insert a touchpoint */
      int s = (int)rnd((unsigned)m.n_stages);
      if (m.n_tp[s] == MT)
        continue;
      int at = op <= 2 ? m.n_tp[s] : (int)rnd((unsigned)m.n_tp[s] + 1);
      snprintf(id, sizeof id, "t%d", next_tp);
      snprintf(to, sizeof to, "s%d", m.stage[s]);
      OK(cx_journey_touchpoint_insert(j, to, (size_t)at, id, NULL));
      /* The id is taken now. */
      FAILS(cx_journey_touchpoint_add(j, to, id, NULL), CX_EINVAL);
      memmove(&m.tp[s][at + 1], &m.tp[s][at],
              (size_t)(m.n_tp[s] - at) * sizeof(int));
      m.tp[s][at] = next_tp++;
      m.n_tp[s]++;
    } else if (op <= 6) { /* move a touchpoint */
      int s = (int)rnd((unsigned)m.n_stages), d = (int)rnd((unsigned)m.n_stages);
      if (!m.n_tp[s] || (d != s && m.n_tp[d] == MT))
        continue;
      int k = (int)rnd((unsigned)m.n_tp[s]), t = m.tp[s][k];
      memmove(&m.tp[s][k], &m.tp[s][k + 1],
              (size_t)(m.n_tp[s] - k - 1) * sizeof(int));
      m.n_tp[s]--;
      int at = (int)rnd((unsigned)m.n_tp[d] + 1);
      memmove(&m.tp[d][at + 1], &m.tp[d][at],
              (size_t)(m.n_tp[d] - at) * sizeof(int));
      m.tp[d][at] = t;
      m.n_tp[d]++;
      snprintf(id, sizeof id, "t%d", t);
      snprintf(to, sizeof to, "s%d", m.stage[d]);
      OK(cx_journey_touchpoint_move(j, id, to, (size_t)at));
    } else if (op == 7) { /* remove a touchpoint */
      int s = (int)rnd((unsigned)m.n_stages);
      if (!m.n_tp[s])
        continue;
      int k = (int)rnd((unsigned)m.n_tp[s]);
      gone = m.tp[s][k];
      snprintf(id, sizeof id, "t%d", gone);
      OK(cx_journey_touchpoint_remove(j, id));
      memmove(&m.tp[s][k], &m.tp[s][k + 1],
              (size_t)(m.n_tp[s] - k - 1) * sizeof(int));
      m.n_tp[s]--;
    } else if (op == 8) { /* move a stage */
      int s = (int)rnd((unsigned)m.n_stages), at = (int)rnd((unsigned)m.n_stages);
      snprintf(id, sizeof id, "s%d", m.stage[s]);
      OK(cx_journey_stage_move(j, id, (size_t)at));
      model c = m;
      int order[MS], n = 0;
      for (int i = 0; i < m.n_stages; i++)
        if (i != s)
          order[n++] = i;
      memmove(&order[at + 1], &order[at], (size_t)(n - at) * sizeof(int));
      order[at] = s;
      for (int i = 0; i < m.n_stages; i++) {
        m.stage[i] = c.stage[order[i]];
        m.n_tp[i] = c.n_tp[order[i]];
        memcpy(m.tp[i], c.tp[order[i]], sizeof m.tp[i]);
      }
    } else if (rnd(4) == 0 && m.n_stages > 1) { /* remove a stage */
      int s = (int)rnd((unsigned)m.n_stages);
      gone = m.n_tp[s] ? m.tp[s][0] : -1;
      snprintf(id, sizeof id, "s%d", m.stage[s]);
      OK(cx_journey_stage_remove(j, id, CX_JOURNEY_REMOVE_TOUCHPOINTS));
      memmove(&m.stage[s], &m.stage[s + 1],
              (size_t)(m.n_stages - s - 1) * sizeof m.stage[0]);
      memmove(&m.n_tp[s], &m.n_tp[s + 1],
              (size_t)(m.n_stages - s - 1) * sizeof m.n_tp[0]);
      memmove(&m.tp[s], &m.tp[s + 1],
              (size_t)(m.n_stages - s - 1) * sizeof m.tp[0]);
      m.n_stages--;
    } else { /* go on with a copy */
      cx_journey *c = NULL;
      OK(cx_journey_copy(&c, j));
      cx_journey_free(j);
      j = c;
    }
    check_model(j, &m, gone);
  }
  assert_true(next_tp > 500);
  cx_journey_free(j);
}

/* Loaded data may use an id twice (validation reports it): lookups find
 * the first in order, before and after edits. */
static void test_id_index_duplicates(void **state) {
  (void)state;
  const char *doc =
      "{\"format\": \"libcx-journey\", \"version\": 1, \"stages\": ["
      "{\"id\": \"a\", \"name\": \"A\", \"touchpoints\": [{\"id\": \"x\", "
      "\"name\": \"first\"}]},"
      "{\"id\": \"b\", \"name\": \"B\", \"touchpoints\": [{\"id\": \"y\", "
      "\"name\": \"y\"}, {\"id\": \"x\", \"name\": \"second\"}]}]}";
  cx_journey *j = NULL;
  OK(cx_journey_from_json(&j, doc, strlen(doc), NULL, NULL));
  assert_true(j->index.ok && j->index.dups);
  size_t si = 9, pos = 9;
  const char *name = NULL;
  OK(cx_journey_touchpoint_find(j, "x", &si, &pos));
  assert_true(si == 0 && pos == 0);
  OK(cx_journey_touchpoint_get_text(j, "x", CX_TP_NAME, &name));
  assert_string_equal(name, "first");
  /* Appending a third "z" keeps the first x first. */
  OK(cx_journey_touchpoint_add(j, "a", "z", NULL));
  OK(cx_journey_touchpoint_find(j, "x", &si, &pos));
  assert_true(si == 0 && pos == 0);
  OK(cx_journey_touchpoint_find(j, "z", &si, &pos));
  assert_true(si == 0 && pos == 1);
  /* Moving stage b first makes its x the first one. */
  OK(cx_journey_stage_move(j, "b", 0));
  OK(cx_journey_touchpoint_get_text(j, "x", CX_TP_NAME, &name));
  assert_string_equal(name, "second");
  OK(cx_journey_touchpoint_remove(j, "x"));
  OK(cx_journey_touchpoint_find(j, "x", &si, &pos));
  assert_true(si == 1 && pos == 0);
  OK(cx_journey_touchpoint_get_text(j, "x", CX_TP_NAME, &name));
  assert_string_equal(name, "first");
  OK(cx_journey_touchpoint_remove(j, "x"));
  FAILS(cx_journey_touchpoint_find(j, "x", NULL, NULL), CX_ENOTFOUND);
  cx_journey_free(j);
}

/* Allocation failures: every call that fails for lack of memory reports
 * CX_ENOMEM and leaves the journey equal to what it was. */
static void test_out_of_memory(void **state) {
  (void)state;
  OK(cx_set_allocator(tight_malloc, tight_realloc, free));
  cx_journey *j = sample(), *ref = NULL;
  OK(cx_journey_copy(&ref, j));
  int failures = 0;
  for (long limit = 0;; limit++) {
    budget = limit;
    cx_status st = cx_journey_touchpoint_insert(j, "aware", 0, "new", "New");
    if (st == CX_OK) {
      budget = -1;
      /* Found whether or not the index could be rebuilt. */
      OK(cx_journey_touchpoint_list_add(j, "new", CX_TP_ACTORS, "bob"));
      OK(cx_journey_touchpoint_find(j, "new", NULL, NULL));
      break;
    }
    budget = -1;
    assert_int_equal(st, CX_ENOMEM);
    assert_true(cx_journey_equal(j, ref));
    failures++;
  }
  assert_true(failures > 0);
  for (long limit = 0;; limit++) {
    cx_journey *c = NULL;
    budget = limit;
    cx_status st = cx_journey_copy(&c, j);
    budget = -1;
    if (st == CX_OK) {
      assert_true(cx_journey_equal(c, j));
      cx_journey_free(c);
      break;
    }
    assert_int_equal(st, CX_ENOMEM);
    assert_null(c);
  }
  cx_journey_free(j);
  cx_journey_free(ref);
  OK(cx_set_allocator(NULL, NULL, NULL));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_new_and_defaults),
      cmocka_unit_test(test_scale),
      cmocka_unit_test(test_stages),
      cmocka_unit_test(test_touchpoints),
      cmocka_unit_test(test_fields),
      cmocka_unit_test(test_enum_names),
      cmocka_unit_test(test_lists_and_actors),
      cmocka_unit_test(test_metrics),
      cmocka_unit_test(test_copy_equal),
      cmocka_unit_test(test_validate),
      cmocka_unit_test(test_id_index),
      cmocka_unit_test(test_id_index_duplicates),
      cmocka_unit_test(test_out_of_memory),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
