/* Tests of the Kano survey accumulator: features and segments, adding
 * answers one by one, by respondent and in batches over every dtype,
 * merging, the 5x5 cell tables and serialization. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <cx/kano.h>

static cx_kano_survey *survey_with(const char *const *features, size_t n) {
  cx_kano_survey *s;
  assert_int_equal(cx_kano_survey_new(&s), CX_OK);
  for (size_t i = 0; i < n; i++) {
    size_t idx = 99;
    assert_int_equal(cx_kano_survey_add_feature(s, features[i], &idx), CX_OK);
    assert_int_equal(idx, i);
  }
  return s;
}

/* Serialized bytes, for "unchanged" and "equal" checks. */
static uint8_t *bytes_of(const cx_kano_survey *s, size_t *len) {
  uint8_t *b;
  assert_int_equal(cx_kano_survey_serialize(s, &b, len), CX_OK);
  return b;
}

static void assert_same(const cx_kano_survey *a, const cx_kano_survey *b) {
  size_t la, lb;
  uint8_t *ba = bytes_of(a, &la), *bb = bytes_of(b, &lb);
  assert_int_equal(la, lb);
  assert_memory_equal(ba, bb, la);
  cx_free(ba);
  cx_free(bb);
}

static void test_features_and_segments(void **state) {
  (void)state;
  const char *f[] = {"Biometric login", "Paper statements"};
  cx_kano_survey *s = survey_with(f, 2);
  assert_int_equal(cx_kano_survey_n_features(s), 2);
  assert_string_equal(cx_kano_survey_feature_name(s, 1), "Paper statements");
  assert_null(cx_kano_survey_feature_name(s, 2));
  size_t i;
  assert_int_equal(cx_kano_survey_find_feature(s, "Paper statements", &i), CX_OK);
  assert_int_equal(i, 1);
  assert_int_equal(cx_kano_survey_find_feature(s, "nope", &i), CX_ENOTFOUND);
  assert_int_equal(cx_kano_survey_add_feature(s, "Biometric login", NULL), CX_EINVAL);
  assert_int_equal(cx_kano_survey_add_feature(s, "", NULL), CX_EINVAL);
  assert_int_equal(cx_kano_survey_add_feature(s, "\xFF", NULL), CX_EINVAL);
  assert_int_equal(cx_kano_survey_n_segments(s), 0);
  assert_int_equal(cx_kano_survey_add_segment(s, "retail", &i), CX_OK);
  assert_int_equal(i, 0);
  assert_int_equal(cx_kano_survey_add_segment(s, "business", &i), CX_OK);
  assert_int_equal(i, 1);
  assert_int_equal(cx_kano_survey_add_segment(s, "retail", NULL), CX_EINVAL);
  assert_string_equal(cx_kano_survey_segment_name(s, 1), "business");
  assert_int_equal(cx_kano_survey_find_segment(s, "business", &i), CX_OK);
  assert_int_equal(i, 1);
  /* Adding a feature after segments keeps earlier tallies in place. */
  assert_int_equal(cx_kano_survey_add(s, 1, 1, 1, 5, NAN, 1.0), CX_OK);
  assert_int_equal(cx_kano_survey_add_feature(s, "Cashback", NULL), CX_OK);
  assert_int_equal(cx_kano_survey_add_segment(s, "students", NULL), CX_OK);
  cx_kano_cells c;
  assert_int_equal(cx_kano_survey_cells(s, 1, 1, &c), CX_OK);
  assert_true(c.raw[0][4] == 1);
  assert_int_equal(cx_kano_survey_cells(s, 1, 2, &c), CX_OK);
  assert_true(c.raw[0][4] == 0);
  assert_int_equal(cx_kano_survey_cells(s, 1, CX_KANO_ALL, &c), CX_OK);
  assert_true(c.raw[0][4] == 1);
  cx_kano_survey_free(s);
}

static void test_segment_after_unsegmented_data(void **state) {
  (void)state;
  const char *f[] = {"x"};
  cx_kano_survey *s = survey_with(f, 1);
  assert_int_equal(cx_kano_survey_add(s, 0, 0, 1, 5, NAN, 1.0), CX_OK);
  assert_int_equal(cx_kano_survey_add_segment(s, "late", NULL), CX_ESTATE);
  assert_int_equal(cx_kano_survey_n_segments(s), 0);
  cx_kano_survey_free(s);
}

static void test_add_validates(void **state) {
  (void)state;
  const char *f[] = {"x"};
  cx_kano_survey *s = survey_with(f, 1);
  size_t len0;
  uint8_t *before = bytes_of(s, &len0);
  assert_int_equal(cx_kano_survey_add(s, 1, 0, 1, 5, NAN, 1.0), CX_ENOTFOUND);
  assert_int_equal(cx_kano_survey_add(s, 0, 1, 1, 5, NAN, 1.0), CX_ENOTFOUND);
  assert_int_equal(cx_kano_survey_add(s, 0, 0, 6, 5, NAN, 1.0), CX_ERANGE);
  assert_int_equal(cx_kano_survey_add(s, 0, 0, 1, -1, NAN, 1.0), CX_ERANGE);
  assert_int_equal(cx_kano_survey_add(s, 0, 0, 1, 5, NAN, -1.0), CX_ERANGE);
  assert_int_equal(cx_kano_survey_add(s, 0, 0, 1, 5, NAN, NAN), CX_ERANGE);
  assert_int_equal(cx_kano_survey_add(s, 0, 0, 1, 5, NAN, INFINITY), CX_ERANGE);
  assert_int_equal(cx_kano_survey_add(s, 0, 0, 1, 5, INFINITY, 1.0), CX_ERANGE);
  size_t len1;
  uint8_t *after = bytes_of(s, &len1);
  assert_int_equal(len0, len1);
  assert_memory_equal(before, after, len0);
  cx_free(before);
  cx_free(after);
  cx_kano_survey_free(s);
}

static void test_add_counts(void **state) {
  (void)state;
  const char *f[] = {"x"};
  cx_kano_survey *s = survey_with(f, 1);
  assert_int_equal(cx_kano_survey_add(s, 0, 0, 1, 5, 7.0, 1.0), CX_OK);
  assert_int_equal(cx_kano_survey_add(s, 0, 0, 1, 5, NAN, 2.5), CX_OK);
  assert_int_equal(cx_kano_survey_add(s, 0, 0, 3, 3, 9.0, 1.0), CX_OK);
  assert_int_equal(cx_kano_survey_add(s, 0, 0, 0, 3, NAN, 1.0), CX_OK);
  assert_int_equal(cx_kano_survey_add(s, 0, 0, 2, 0, 4.0, 1.0), CX_OK);
  cx_kano_cells c;
  assert_int_equal(cx_kano_survey_cells(s, 0, 0, &c), CX_OK);
  assert_true(c.raw[0][4] == 2);
  assert_true(c.weighted[0][4] == 3.5);
  assert_true(c.raw[2][2] == 1);
  assert_true(c.missing == 2);
  assert_true(c.sum_weights == 4.5);
  assert_true(c.sum_weights_sq == 1.0 + 6.25 + 1.0);
  assert_true(c.importance_n == 3);
  assert_true(c.importance_sum == 20.0);
  assert_true(c.importance_sum_sq == 49.0 + 81.0 + 16.0);
  assert_int_equal(cx_kano_survey_cells(s, 1, 0, &c), CX_ENOTFOUND);
  cx_kano_survey_free(s);
}

/* Five answer pairs over two features and two segments, added one at a
 * time; add_batch over the same rows in every dtype must give identical
 * bytes. */
static const uint32_t B_FEAT[] = {0, 1, 1, 0, 1, 0, 1};
static const uint32_t B_FUN[] = {1, 3, 0, 1, 5, 2, 1};
static const uint32_t B_DYS[] = {5, 5, 3, 3, 1, 4, 5};
static const uint32_t B_SEG[] = {0, 1, 1, 0, 0, 1, 1};
enum { BN = 7 };

static cx_kano_survey *reference_survey(void) {
  const char *f[] = {"a", "b"};
  cx_kano_survey *s = survey_with(f, 2);
  assert_int_equal(cx_kano_survey_add_segment(s, "s0", NULL), CX_OK);
  assert_int_equal(cx_kano_survey_add_segment(s, "s1", NULL), CX_OK);
  for (int i = 0; i < BN; i++)
    assert_int_equal(cx_kano_survey_add(s, B_FEAT[i], B_SEG[i], (int)B_FUN[i],
                                        (int)B_DYS[i], NAN, 1.0), CX_OK);
  return s;
}

static cx_kano_survey *empty_like_reference(void) {
  const char *f[] = {"a", "b"};
  cx_kano_survey *s = survey_with(f, 2);
  assert_int_equal(cx_kano_survey_add_segment(s, "s0", NULL), CX_OK);
  assert_int_equal(cx_kano_survey_add_segment(s, "s1", NULL), CX_OK);
  return s;
}

/* Write the reference rows into a buffer of the given dtype. */
static void *column(const uint32_t *v, cx_dtype dt, ptrdiff_t stride) {
  size_t es = cx_dtype_size(dt);
  size_t step = stride ? (size_t)stride : es;
  char *buf = calloc(BN, step);
  for (int i = 0; i < BN; i++) {
    char *p = buf + (size_t)i * step;
    switch (dt) {
    case CX_DTYPE_U8: { uint8_t x = (uint8_t)v[i]; memcpy(p, &x, 1); break; }
    case CX_DTYPE_I8: { int8_t x = (int8_t)v[i]; memcpy(p, &x, 1); break; }
    case CX_DTYPE_U16: { uint16_t x = (uint16_t)v[i]; memcpy(p, &x, 2); break; }
    case CX_DTYPE_I16: { int16_t x = (int16_t)v[i]; memcpy(p, &x, 2); break; }
    case CX_DTYPE_U32: { uint32_t x = v[i]; memcpy(p, &x, 4); break; }
    case CX_DTYPE_I32: { int32_t x = (int32_t)v[i]; memcpy(p, &x, 4); break; }
    case CX_DTYPE_U64: { uint64_t x = v[i]; memcpy(p, &x, 8); break; }
    case CX_DTYPE_I64: { int64_t x = v[i]; memcpy(p, &x, 8); break; }
    case CX_DTYPE_F32: { float x = (float)v[i]; memcpy(p, &x, 4); break; }
    case CX_DTYPE_F64: { double x = v[i]; memcpy(p, &x, 8); break; }
    }
  }
  return buf;
}

static void test_batch_every_dtype(void **state) {
  (void)state;
  cx_kano_survey *ref = reference_survey();
  for (int dt = CX_DTYPE_U8; dt <= CX_DTYPE_F64; dt++) {
    for (int strided = 0; strided < 2; strided++) {
      ptrdiff_t stride = strided ? 16 : 0;
      void *fe = column(B_FEAT, (cx_dtype)dt, stride);
      void *fu = column(B_FUN, (cx_dtype)dt, stride);
      void *dy = column(B_DYS, (cx_dtype)dt, stride);
      void *sg = column(B_SEG, (cx_dtype)dt, stride);
      cx_array a_fe = {fe, (cx_dtype)dt, stride}, a_fu = {fu, (cx_dtype)dt, stride},
               a_dy = {dy, (cx_dtype)dt, stride}, a_sg = {sg, (cx_dtype)dt, stride};
      cx_kano_survey *s = empty_like_reference();
      assert_int_equal(cx_kano_survey_add_batch(s, BN, &a_fe, &a_fu, &a_dy, &a_sg,
                                                NULL, NULL), CX_OK);
      assert_same(ref, s);
      cx_kano_survey_free(s);
      free(fe);
      free(fu);
      free(dy);
      free(sg);
    }
  }
  cx_kano_survey_free(ref);
}

static void test_batch_rejects_and_leaves_unchanged(void **state) {
  (void)state;
  cx_kano_survey *s = empty_like_reference();
  size_t n0;
  uint8_t *before = bytes_of(s, &n0);
  uint32_t fe[BN], fu[BN], dy[BN], sg[BN];
  memcpy(fe, B_FEAT, sizeof fe);
  memcpy(fu, B_FUN, sizeof fu);
  memcpy(dy, B_DYS, sizeof dy);
  memcpy(sg, B_SEG, sizeof sg);
  cx_array a_fe = CX_ARRAY(fe, CX_DTYPE_U32), a_fu = CX_ARRAY(fu, CX_DTYPE_U32),
           a_dy = CX_ARRAY(dy, CX_DTYPE_U32), a_sg = CX_ARRAY(sg, CX_DTYPE_U32);
  /* A bad value in the last row: nothing of the earlier rows is kept. */
  dy[BN - 1] = 6;
  assert_int_equal(cx_kano_survey_add_batch(s, BN, &a_fe, &a_fu, &a_dy, &a_sg, NULL, NULL),
                   CX_ERANGE);
  assert_non_null(strstr(cx_error_last(), "row 6"));
  assert_string_equal(cx_error_info_last()->value, "6");
  dy[BN - 1] = 5;
  fe[3] = 2;
  assert_int_equal(cx_kano_survey_add_batch(s, BN, &a_fe, &a_fu, &a_dy, &a_sg, NULL, NULL),
                   CX_ERANGE);
  assert_non_null(strstr(cx_error_last(), "row 3"));
  fe[3] = 0;
  sg[2] = 2;
  assert_int_equal(cx_kano_survey_add_batch(s, BN, &a_fe, &a_fu, &a_dy, &a_sg, NULL, NULL),
                   CX_ERANGE);
  sg[2] = 1;
  double w[BN] = {1, 1, 1, 1, 1, 1, -0.5};
  cx_array a_w = CX_ARRAY(w, CX_DTYPE_F64);
  assert_int_equal(cx_kano_survey_add_batch(s, BN, &a_fe, &a_fu, &a_dy, &a_sg, &a_w, NULL),
                   CX_ERANGE);
  double fud[BN] = {1, 3, 0, 1.5, 5, 2, 1};
  cx_array a_fud = CX_ARRAY(fud, CX_DTYPE_F64);
  assert_int_equal(cx_kano_survey_add_batch(s, BN, &a_fe, &a_fud, &a_dy, &a_sg, NULL, NULL),
                   CX_ERANGE);
  int64_t neg[BN] = {0, 1, 1, 0, 1, 0, -1};
  cx_array a_neg = CX_ARRAY(neg, CX_DTYPE_I64);
  assert_int_equal(cx_kano_survey_add_batch(s, BN, &a_neg, &a_fu, &a_dy, &a_sg, NULL, NULL),
                   CX_ERANGE);
  /* Missing required columns and unknown dtypes. */
  assert_int_equal(cx_kano_survey_add_batch(s, BN, NULL, &a_fu, &a_dy, NULL, NULL, NULL),
                   CX_EINVAL);
  cx_array bad = {fe, (cx_dtype)77, 0};
  assert_int_equal(cx_kano_survey_add_batch(s, BN, &bad, &a_fu, &a_dy, NULL, NULL, NULL),
                   CX_EINVAL);
  size_t n1;
  uint8_t *after = bytes_of(s, &n1);
  assert_int_equal(n0, n1);
  assert_memory_equal(before, after, n0);
  cx_free(after);
  /* One-byte codes take the fast path; a bad code there still gets the
   * careful path's message and leaves the survey as it was. */
  uint8_t fe8[BN] = {0, 1, 1, 0, 1, 0, 1}, fu8[BN] = {1, 3, 0, 1, 5, 2, 1},
          dy8[BN] = {5, 5, 3, 3, 9, 4, 5};
  cx_array a_fe8 = CX_ARRAY(fe8, CX_DTYPE_U8), a_fu8 = CX_ARRAY(fu8, CX_DTYPE_U8),
           a_dy8 = CX_ARRAY(dy8, CX_DTYPE_U8);
  assert_int_equal(cx_kano_survey_add_batch(s, BN, &a_fe8, &a_fu8, &a_dy8, NULL, NULL, NULL),
                   CX_ERANGE);
  assert_non_null(strstr(cx_error_last(), "row 4"));
  dy8[4] = 1;
  fe8[6] = 2;
  assert_int_equal(cx_kano_survey_add_batch(s, BN, &a_fe8, &a_fu8, &a_dy8, NULL, NULL, NULL),
                   CX_ERANGE);
  assert_non_null(strstr(cx_error_last(), "row 6"));
  int8_t neg8[BN] = {1, 1, 1, 1, 1, 1, -1};
  cx_array a_neg8 = CX_ARRAY(neg8, CX_DTYPE_I8);
  fe8[6] = 1;
  assert_int_equal(cx_kano_survey_add_batch(s, BN, &a_fe8, &a_neg8, &a_dy8, NULL, NULL, NULL),
                   CX_ERANGE);
  size_t n2;
  uint8_t *after2 = bytes_of(s, &n2);
  assert_int_equal(n0, n2);
  assert_memory_equal(before, after2, n0);
  cx_free(after2);
  cx_free(before);
  /* Zero rows is fine. */
  assert_int_equal(cx_kano_survey_add_batch(s, 0, &a_fe, &a_fu, &a_dy, NULL, NULL, NULL), CX_OK);
  cx_kano_survey_free(s);
}

static void test_batch_nan_is_missing_and_weights(void **state) {
  (void)state;
  const char *f[] = {"x"};
  cx_kano_survey *a = survey_with(f, 1), *b = survey_with(f, 1);
  double fu[3] = {1, NAN, 3}, dy[3] = {5, 5, NAN}, w[3] = {2, 1, 0.5},
         imp[3] = {9, NAN, 3};
  uint8_t fe[3] = {0, 0, 0};
  cx_array a_fe = CX_ARRAY(fe, CX_DTYPE_U8), a_fu = CX_ARRAY(fu, CX_DTYPE_F64),
           a_dy = CX_ARRAY(dy, CX_DTYPE_F64), a_w = CX_ARRAY(w, CX_DTYPE_F64),
           a_imp = CX_ARRAY(imp, CX_DTYPE_F64);
  assert_int_equal(cx_kano_survey_add_batch(a, 3, &a_fe, &a_fu, &a_dy, NULL, &a_w, &a_imp),
                   CX_OK);
  assert_int_equal(cx_kano_survey_add(b, 0, 0, 1, 5, 9, 2), CX_OK);
  assert_int_equal(cx_kano_survey_add(b, 0, 0, 0, 5, NAN, 1), CX_OK);
  assert_int_equal(cx_kano_survey_add(b, 0, 0, 3, 0, 3, 0.5), CX_OK);
  assert_same(a, b);
  cx_kano_cells c;
  assert_int_equal(cx_kano_survey_cells(a, 0, 0, &c), CX_OK);
  assert_true(c.missing == 2);
  assert_true(c.weighted[0][4] == 2.0);
  assert_true(c.importance_sum == 2 * 9 + 0.5 * 3);
  /* NaN is not a feature index. */
  double fen[3] = {0, NAN, 0};
  cx_array a_fen = CX_ARRAY(fen, CX_DTYPE_F64);
  assert_int_equal(cx_kano_survey_add_batch(a, 3, &a_fen, &a_fu, &a_dy, NULL, NULL, NULL),
                   CX_ERANGE);
  cx_kano_survey_free(a);
  cx_kano_survey_free(b);
}

static void test_batch_large_chunks(void **state) {
  (void)state;
  /* More rows than one internal chunk, checked against per-row adds. */
  enum { N = 10007 };
  const char *f[] = {"a", "b", "c"};
  cx_kano_survey *a = survey_with(f, 3), *b = survey_with(f, 3);
  uint16_t *fe = malloc(N * sizeof *fe);
  uint8_t *fu = malloc(N), *dy = malloc(N);
  uint32_t x = 12345;
  for (int i = 0; i < N; i++) {
    x = x * 1103515245u + 12345u;
    fe[i] = (uint16_t)((x >> 16) % 3);
    fu[i] = (uint8_t)((x >> 8) % 6);
    dy[i] = (uint8_t)((x >> 20) % 6);
    assert_int_equal(cx_kano_survey_add(b, fe[i], 0, fu[i], dy[i], NAN, 1.0), CX_OK);
  }
  cx_array a_fe = CX_ARRAY(fe, CX_DTYPE_U16), a_fu = CX_ARRAY(fu, CX_DTYPE_U8),
           a_dy = CX_ARRAY(dy, CX_DTYPE_U8);
  assert_int_equal(cx_kano_survey_add_batch(a, N, &a_fe, &a_fu, &a_dy, NULL, NULL, NULL), CX_OK);
  assert_same(a, b);
  free(fe);
  free(fu);
  free(dy);
  cx_kano_survey_free(a);
  cx_kano_survey_free(b);
}

static void test_respondent_filter(void **state) {
  (void)state;
  const char *f[] = {"a", "b", "c", "d"};
  cx_kano_survey *s = survey_with(f, 4);
  cx_kano_filter flt = CX_KANO_FILTER_INIT;
  flt.max_questionable = 0.25; /* drop when more than 1 in 4 is Q */
  assert_int_equal(cx_kano_survey_set_filter(s, &flt), CX_OK);
  /* Respondent 1: one Q (Like/Like) of four answered: 25%, kept. */
  uint8_t fu1[4] = {1, 1, 3, 3}, dy1[4] = {1, 5, 5, 3};
  /* Respondent 2: two Q of three answered (one missing): dropped. */
  uint8_t fu2[4] = {1, 5, 0, 1}, dy2[4] = {1, 5, 3, 5};
  /* Respondent 3: nothing answered: kept (nothing to judge). */
  uint8_t z[4] = {0, 0, 0, 0};
  int dropped = -1;
  assert_int_equal(cx_kano_survey_add_respondent(s, 0, 1.0, fu1, dy1, NULL, &dropped), CX_OK);
  assert_int_equal(dropped, 0);
  assert_int_equal(cx_kano_survey_add_respondent(s, 0, 1.0, fu2, dy2, NULL, &dropped), CX_OK);
  assert_int_equal(dropped, 1);
  assert_int_equal(cx_kano_survey_add_respondent(s, 0, 1.0, z, z, NULL, &dropped), CX_OK);
  assert_int_equal(dropped, 0);
  uint64_t added, drop;
  assert_int_equal(cx_kano_survey_respondents(s, CX_KANO_ALL, &added, &drop), CX_OK);
  assert_true(added == 2 && drop == 1);
  cx_kano_cells c;
  assert_int_equal(cx_kano_survey_cells(s, 0, 0, &c), CX_OK);
  assert_true(c.raw[0][0] == 1); /* only respondent 1's Q */
  assert_true(c.missing == 1);   /* respondent 3 */
  /* The indifferent filter: respondent 1 has one I of four. */
  flt.max_questionable = 1.0;
  flt.max_indifferent = 0.2;
  assert_int_equal(cx_kano_survey_set_filter(s, &flt), CX_OK);
  assert_int_equal(cx_kano_survey_add_respondent(s, 0, 1.0, fu1, dy1, NULL, &dropped), CX_OK);
  assert_int_equal(dropped, 1);
  /* Bad filters and bad answers. */
  flt.max_indifferent = NAN;
  assert_int_equal(cx_kano_survey_set_filter(s, &flt), CX_EINVAL);
  flt.max_indifferent = 1;
  flt.version = 99;
  assert_int_equal(cx_kano_survey_set_filter(s, &flt), CX_EINVAL);
  uint8_t bad[4] = {1, 7, 1, 1};
  assert_int_equal(cx_kano_survey_add_respondent(s, 0, 1.0, bad, dy1, NULL, NULL), CX_ERANGE);
  assert_int_equal(cx_kano_survey_add_respondent(s, 3, 1.0, fu1, dy1, NULL, NULL), CX_ENOTFOUND);
  assert_int_equal(cx_kano_survey_set_filter(s, NULL), CX_OK);
  assert_int_equal(cx_kano_survey_add_respondent(s, 0, 1.0, fu2, dy2, NULL, &dropped), CX_OK);
  assert_int_equal(dropped, 0);
  cx_kano_survey_free(s);
}

static void test_merge_equals_one_pass(void **state) {
  (void)state;
  /* Split the reference rows over two surveys whose features and segments
   * were declared in other orders; the merge must equal one pass. */
  cx_kano_survey *ref = reference_survey();
  cx_kano_survey *a = empty_like_reference(), *b;
  assert_int_equal(cx_kano_survey_new(&b), CX_OK);
  assert_int_equal(cx_kano_survey_add_segment(b, "s1", NULL), CX_OK);
  assert_int_equal(cx_kano_survey_add_segment(b, "s0", NULL), CX_OK);
  assert_int_equal(cx_kano_survey_add_feature(b, "b", NULL), CX_OK);
  assert_int_equal(cx_kano_survey_add_feature(b, "a", NULL), CX_OK);
  for (int i = 0; i < BN; i++) {
    if (i < 3)
      assert_int_equal(cx_kano_survey_add(a, B_FEAT[i], B_SEG[i], (int)B_FUN[i],
                                          (int)B_DYS[i], NAN, 1.0), CX_OK);
    else
      assert_int_equal(cx_kano_survey_add(b, 1 - B_FEAT[i], 1 - B_SEG[i], (int)B_FUN[i],
                                          (int)B_DYS[i], NAN, 1.0), CX_OK);
  }
  assert_int_equal(cx_kano_survey_merge(a, b), CX_OK);
  assert_same(ref, a);
  /* Merging into an empty survey adopts names. */
  cx_kano_survey *e;
  assert_int_equal(cx_kano_survey_new(&e), CX_OK);
  assert_int_equal(cx_kano_survey_merge(e, ref), CX_OK);
  assert_same(ref, e);
  assert_int_equal(cx_kano_survey_merge(e, e), CX_EINVAL);
  /* Segmented into unsegmented-with-data is refused, unchanged. */
  const char *f[] = {"a"};
  cx_kano_survey *u = survey_with(f, 1);
  assert_int_equal(cx_kano_survey_add(u, 0, 0, 1, 1, NAN, 1.0), CX_OK);
  size_t n0;
  uint8_t *before = bytes_of(u, &n0);
  assert_int_equal(cx_kano_survey_merge(u, ref), CX_ESTATE);
  size_t n1;
  uint8_t *after = bytes_of(u, &n1);
  assert_int_equal(n0, n1);
  assert_memory_equal(before, after, n0);
  cx_free(before);
  cx_free(after);
  cx_kano_survey_free(u);
  cx_kano_survey_free(e);
  cx_kano_survey_free(a);
  cx_kano_survey_free(b);
  cx_kano_survey_free(ref);
}

static void test_serialize_round_trip(void **state) {
  (void)state;
  cx_kano_survey *ref = reference_survey();
  assert_int_equal(cx_kano_survey_add(ref, 0, 1, 2, 4, 6.5, 0.75), CX_OK);
  cx_kano_filter flt = CX_KANO_FILTER_INIT;
  flt.max_questionable = 0.5;
  assert_int_equal(cx_kano_survey_set_filter(ref, &flt), CX_OK);
  size_t len;
  uint8_t *b = bytes_of(ref, &len);
  cx_kano_survey *back = NULL;
  assert_int_equal(cx_kano_survey_deserialize(&back, b, len), CX_OK);
  assert_same(ref, back);
  assert_string_equal(cx_kano_survey_feature_name(back, 1), "b");
  assert_string_equal(cx_kano_survey_segment_name(back, 1), "s1");
  cx_kano_survey_free(back);

  /* Every truncation is refused. */
  for (size_t n = 0; n < len; n++) {
    cx_kano_survey *t = NULL;
    cx_status st = cx_kano_survey_deserialize(&t, b, n);
    assert_true(st == CX_EPARSE);
    assert_null(t);
  }
  /* Every single-byte change is refused (the checksum or a check). */
  for (size_t i = 0; i < len; i++) {
    uint8_t *c = malloc(len);
    memcpy(c, b, len);
    c[i] ^= 0x5A;
    cx_kano_survey *t = NULL;
    cx_status st = cx_kano_survey_deserialize(&t, c, len);
    assert_true(st == CX_EPARSE || st == CX_EVERSION);
    assert_null(t);
    free(c);
  }
  /* Another format version says so. */
  uint8_t *v = malloc(len);
  memcpy(v, b, len);
  v[4] = 2;
  cx_kano_survey *t = NULL;
  assert_int_equal(cx_kano_survey_deserialize(&t, v, len), CX_EVERSION);
  assert_non_null(strstr(cx_error_last(), "version 2"));
  free(v);
  assert_int_equal(cx_kano_survey_deserialize(NULL, b, len), CX_EINVAL);
  cx_free(b);
  cx_kano_survey_free(ref);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_features_and_segments),
      cmocka_unit_test(test_segment_after_unsegmented_data),
      cmocka_unit_test(test_add_validates),
      cmocka_unit_test(test_add_counts),
      cmocka_unit_test(test_batch_every_dtype),
      cmocka_unit_test(test_batch_rejects_and_leaves_unchanged),
      cmocka_unit_test(test_batch_nan_is_missing_and_weights),
      cmocka_unit_test(test_batch_large_chunks),
      cmocka_unit_test(test_respondent_filter),
      cmocka_unit_test(test_merge_equals_one_pass),
      cmocka_unit_test(test_serialize_round_trip),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
