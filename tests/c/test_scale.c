/* Tests of declared answer scales (lib/scale.c).  Expected values are
 * worked out by hand in the comments. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <cx/scale.h>

#define assert_close(a, b, tol) assert_true(fabs((a) - (b)) <= (tol))

static void test_presets(void **state) {
  (void)state;
  cx_scale s;
  assert_int_equal(cx_scale_preset(&s, CX_SCALE_NPS), CX_OK);
  assert_int_equal(s.min, 0);
  assert_int_equal(s.max, 10);
  assert_int_equal(cx_scale_points(&s), 11);
  assert_string_equal(cx_scale_label(&s, 10), "extremely likely");
  assert_null(cx_scale_label(&s, 5));
  assert_null(cx_scale_label(&s, 11));
  assert_int_equal(cx_scale_validate(&s), CX_OK);

  assert_int_equal(cx_scale_preset(&s, CX_SCALE_LIKERT7), CX_OK);
  assert_int_equal(s.min, 1);
  assert_int_equal(s.max, 7);
  assert_close(s.neutral, 4.0, 0);
  assert_string_equal(cx_scale_label(&s, 1), "strongly disagree");

  assert_int_equal(cx_scale_preset(&s, CX_SCALE_CES1), CX_OK);
  assert_int_equal(s.direction, CX_SCALE_HIGHER_IS_WORSE);
  assert_int_equal(cx_scale_preset(&s, CX_SCALE_CES2), CX_OK);
  assert_int_equal(s.direction, CX_SCALE_HIGHER_IS_BETTER);
  assert_int_equal(cx_scale_points(&s), 7);
  assert_string_equal(cx_scale_label(&s, 5), "somewhat agree");
  assert_int_equal(cx_scale_preset(&s, CX_SCALE_CSAT5), CX_OK);
  assert_string_equal(cx_scale_label(&s, 4), "satisfied");
  assert_int_equal(cx_scale_preset(&s, CX_SCALE_LIKERT5), CX_OK);
  assert_int_equal(cx_scale_validate(&s), CX_OK);

  assert_int_equal(cx_scale_preset(NULL, CX_SCALE_NPS), CX_EINVAL);
  assert_int_equal(cx_scale_preset(&s, (cx_scale_preset_kind)42), CX_EINVAL);
}

static void test_validate(void **state) {
  (void)state;
  cx_scale s = CX_SCALE_INIT;
  assert_int_equal(cx_scale_validate(&s), CX_OK);
  assert_int_equal(cx_scale_validate(NULL), CX_EINVAL);

  cx_scale b = s;
  b.version = 99;
  assert_int_equal(cx_scale_validate(&b), CX_EINVAL);
  b = s;
  b.max = 1;
  assert_int_equal(cx_scale_validate(&b), CX_EINVAL);
  assert_non_null(strstr(cx_error_last(), "not below"));
  b = s;
  b.neutral = 5.0; /* must lie strictly inside */
  assert_int_equal(cx_scale_validate(&b), CX_EINVAL);
  b.neutral = NAN;
  assert_int_equal(cx_scale_validate(&b), CX_EINVAL);
  b = s;
  b.has_na_code = 1;
  b.na_code = 3; /* inside 1-5 */
  assert_int_equal(cx_scale_validate(&b), CX_EINVAL);
  b.na_code = 99;
  assert_int_equal(cx_scale_validate(&b), CX_OK);
  b.has_dk_code = 1;
  b.dk_code = 99;
  assert_int_equal(cx_scale_validate(&b), CX_EINVAL);
  assert_non_null(strstr(cx_error_last(), "share the code 99"));
  b.dk_code = 2;
  assert_int_equal(cx_scale_validate(&b), CX_EINVAL);
  b = s;
  b.direction = (cx_scale_direction)7;
  assert_int_equal(cx_scale_validate(&b), CX_EINVAL);
  b = s;
  b.min = -INT32_MAX;
  b.max = INT32_MAX; /* far more than CX_SCALE_MAX_POINTS points */
  b.neutral = 0;
  assert_int_equal(cx_scale_validate(&b), CX_EINVAL);
  static const char *const three[] = {"a", "b", "c"};
  b = s;
  b.labels = three;
  b.nlabels = 3; /* five points */
  assert_int_equal(cx_scale_validate(&b), CX_EINVAL);
  b.labels = NULL;
  assert_int_equal(cx_scale_validate(&b), CX_EINVAL);
}

static void test_classify_and_check(void **state) {
  (void)state;
  cx_scale s = CX_SCALE_INIT;
  s.max = 7;
  s.neutral = 4;
  s.has_na_code = 1;
  s.na_code = 98;
  s.has_dk_code = 1;
  s.dk_code = 99;
  assert_int_equal(cx_scale_classify(&s, 1), CX_SCALE_VALID);
  assert_int_equal(cx_scale_classify(&s, 7), CX_SCALE_VALID);
  assert_int_equal(cx_scale_classify(&s, NAN), CX_SCALE_MISSING);
  assert_int_equal(cx_scale_classify(&s, 98), CX_SCALE_NOT_APPLICABLE);
  assert_int_equal(cx_scale_classify(&s, 99), CX_SCALE_DONT_KNOW);
  assert_int_equal(cx_scale_classify(&s, 8), CX_SCALE_OUT_OF_SCALE);
  assert_int_equal(cx_scale_classify(&s, 0), CX_SCALE_OUT_OF_SCALE);
  assert_int_equal(cx_scale_classify(&s, INFINITY), CX_SCALE_OUT_OF_SCALE);
  assert_int_equal(cx_scale_classify(&s, 2.5), CX_SCALE_NON_INTEGER);
  assert_int_equal(cx_scale_classify(NULL, 3), CX_SCALE_OUT_OF_SCALE);
  assert_string_equal(cx_scale_answer_kind_name(CX_SCALE_DONT_KNOW),
                      "don't know");
  assert_string_equal(cx_scale_answer_kind_name((cx_scale_answer_kind)9),
                      "invalid");

  cx_scale_answer_kind k;
  assert_int_equal(cx_scale_check(&s, 98, "r17", "q3", &k), CX_OK);
  assert_int_equal(k, CX_SCALE_NOT_APPLICABLE);
  assert_int_equal(cx_scale_check(&s, NAN, "r17", "q3", NULL), CX_OK);
  assert_int_equal(cx_scale_check(&s, 8, "r17", "q3", &k), CX_ERANGE);
  assert_int_equal(k, CX_SCALE_OUT_OF_SCALE);
  assert_string_equal(cx_error_last(),
                      "respondent r17, item q3: 8 is outside the scale 1-7");
  assert_int_equal(cx_scale_check(&s, 2.5, "r17", "q3", &k), CX_ERANGE);
  assert_int_equal(k, CX_SCALE_NON_INTEGER);
  assert_string_equal(
      cx_error_last(),
      "respondent r17, item q3: 2.5 is not a whole point of the scale 1-7");
  assert_int_equal(cx_scale_check(&s, 0.1, NULL, "q3", NULL), CX_ERANGE);
  assert_string_equal(cx_error_last(),
                      "item q3: 0.1 is not a whole point of the scale 1-7");
  assert_int_equal(cx_scale_check(&s, -3, "r1", NULL, NULL), CX_ERANGE);
  assert_string_equal(cx_error_last(),
                      "respondent r1: -3 is outside the scale 1-7");
  assert_int_equal(cx_scale_check(&s, -3, NULL, NULL, NULL), CX_ERANGE);
  assert_string_equal(cx_error_last(), "-3 is outside the scale 1-7");
  assert_int_equal(cx_scale_check(NULL, 3, NULL, NULL, NULL), CX_EINVAL);
}

static void test_reverse_and_normalise(void **state) {
  (void)state;
  cx_scale s = CX_SCALE_INIT; /* 1-5, neutral 3 */
  s.has_na_code = 1;
  s.na_code = 0;
  /* min + max - x = 6 - x */
  assert_close(cx_scale_reverse(&s, 1), 5, 0);
  assert_close(cx_scale_reverse(&s, 4), 2, 0);
  assert_close(cx_scale_reverse(&s, 0), 0, 0); /* the N/A code survives */
  assert_true(isnan(cx_scale_reverse(&s, NAN)));
  assert_true(isnan(cx_scale_reverse(&s, 6)));
  assert_true(isnan(cx_scale_reverse(NULL, 3)));

  /* 100 (x - 1) / 4: 1 -> 0, 2 -> 25, 3.5 -> 62.5, 5 -> 100 */
  assert_close(cx_scale_to_percent(&s, 1), 0, 0);
  assert_close(cx_scale_to_percent(&s, 2), 25, 1e-12);
  assert_close(cx_scale_to_percent(&s, 3.5), 62.5, 1e-12);
  assert_close(cx_scale_to_percent(&s, 5), 100, 1e-12);
  assert_true(isnan(cx_scale_to_percent(&s, 0)));
  assert_true(isnan(cx_scale_to_percent(&s, NAN)));
  /* (x - 3) / 2 on both sides: 1 -> -1, 2 -> -0.5, 3 -> 0, 4.5 -> 0.75 */
  assert_close(cx_scale_to_centered(&s, 1), -1, 0);
  assert_close(cx_scale_to_centered(&s, 2), -0.5, 1e-12);
  assert_close(cx_scale_to_centered(&s, 3), 0, 0);
  assert_close(cx_scale_to_centered(&s, 4.5), 0.75, 1e-12);
  assert_true(isnan(cx_scale_to_centered(&s, 5.5)));

  /* NPS 0-10 with neutral 7 (asymmetric): below (x - 7) / 7, above
   * (x - 7) / 3: 0 -> -1, 3.5 -> -0.5, 8.5 -> 0.5, 10 -> 1. */
  cx_scale n;
  cx_scale_preset(&n, CX_SCALE_NPS);
  n.neutral = 7;
  assert_close(cx_scale_to_centered(&n, 0), -1, 1e-12);
  assert_close(cx_scale_to_centered(&n, 3.5), -0.5, 1e-12);
  assert_close(cx_scale_to_centered(&n, 8.5), 0.5, 1e-12);
  assert_close(cx_scale_to_centered(&n, 10), 1, 1e-12);

  /* Higher is worse (CES 1.0, 1-5): 1 is the good end.
   * percent 100 (5 - x) / 4: 1 -> 100, 4 -> 25; centred -(x - 3) / 2:
   * 1 -> 1, 4 -> -0.5. */
  cx_scale c;
  cx_scale_preset(&c, CX_SCALE_CES1);
  assert_close(cx_scale_to_percent(&c, 1), 100, 1e-12);
  assert_close(cx_scale_to_percent(&c, 4), 25, 1e-12);
  assert_close(cx_scale_to_centered(&c, 1), 1, 1e-12);
  assert_close(cx_scale_to_centered(&c, 4), -0.5, 1e-12);
  assert_false(signbit(cx_scale_to_centered(&c, 3)));
  assert_int_equal(cx_scale_points(NULL), 0);
  assert_null(cx_scale_label(NULL, 1));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_presets),
      cmocka_unit_test(test_validate),
      cmocka_unit_test(test_classify_and_check),
      cmocka_unit_test(test_reverse_and_normalise),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
