/* Tests of include/cx/common.h: status strings, the thread-local error
 * record, versions, allocator hooks and dtype sizes. */
#include <locale.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <cx/cx.h>

#include "internal.h"
#include "tight_alloc.h"

static void test_strerror(void **state) {
  (void)state;
  const cx_status all[] = {CX_OK,     CX_EINVAL,   CX_ENOMEM,    CX_EPARSE,
                           CX_ERANGE, CX_ENOTFOUND, CX_EIO,      CX_ESTATE,
                           CX_EVERSION, CX_EUNDEFINED};
  for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
    const char *s = cx_strerror(all[i]);
    assert_non_null(s);
    assert_true(strlen(s) > 3);
    for (size_t j = 0; j < i; j++)
      assert_string_not_equal(s, cx_strerror(all[j]));
  }
  assert_string_equal(cx_strerror((cx_status)-1000), "unknown status");
  assert_string_equal(cx_strerror(CX_OK), "success");
}

static void test_version(void **state) {
  (void)state;
  int ma = -1, mi = -1, pa = -1;
  const char *v = cx_version(&ma, &mi, &pa);
  assert_string_equal(v, CX_VERSION_STRING);
  assert_int_equal(ma, CX_VERSION_MAJOR);
  assert_int_equal(mi, CX_VERSION_MINOR);
  assert_int_equal(pa, CX_VERSION_PATCH);
  assert_non_null(cx_version(NULL, NULL, NULL));
  assert_true(CX_VERSION_CHECK(0, 0, 0));
  assert_false(CX_VERSION_CHECK(CX_VERSION_MAJOR + 1, 0, 0));
}

static void test_error_record(void **state) {
  (void)state;
  cx_error_clear();
  assert_string_equal(cx_error_last(), "");
  assert_int_equal(cx_error_info_last()->status, CX_OK);
  cx_kano_answer a;
  assert_int_equal(cx_kano_labels_parse(NULL, "I adore it", 10, &a), CX_EPARSE);
  const cx_error_info *e = cx_error_info_last();
  assert_int_equal(e->status, CX_EPARSE);
  assert_non_null(e->value);
  assert_string_equal(e->value, "I adore it");
  assert_non_null(strstr(cx_error_last(), "I adore it"));
  /* A success does not erase the last failure. */
  assert_int_equal(cx_kano_labels_parse(NULL, "like", 4, &a), CX_OK);
  assert_int_equal(cx_error_info_last()->status, CX_EPARSE);
  cx_error_clear();
  assert_string_equal(cx_error_last(), "");
  assert_null(cx_error_info_last()->value);
}

static void test_error_value_escaped(void **state) {
  (void)state;
  /* Bytes that are not valid UTF-8 are shown escaped, so messages stay
   * valid text. */
  const char bad[] = {'x', (char)0xFF, 'y'};
  cx_kano_answer a;
  assert_int_equal(cx_kano_labels_parse(NULL, bad, 3, &a), CX_EPARSE);
  assert_string_equal(cx_error_info_last()->value, "x\\xFFy");
  assert_non_null(strstr(cx_error_last(), "UTF-8"));
  /* A very long value is clipped with an ellipsis. */
  char longv[2000];
  memset(longv, 'q', sizeof longv);
  assert_int_equal(cx_kano_labels_parse(NULL, longv, sizeof longv, &a), CX_EPARSE);
  const char *v = cx_error_info_last()->value;
  assert_true(strlen(v) < 300);
  assert_non_null(strstr(v, "..."));
}

static void *thread_fails(void *arg) {
  (void)arg;
  cx_kano_survey *s = NULL;
  cx_kano_survey_new(&s);
  /* Fail here with an ENOTFOUND; the main thread's record must not move. */
  cx_status st = cx_kano_survey_add(s, 99, 0, 1, 1, 0.0 / 0.0, 1.0);
  cx_kano_survey_free(s);
  return (void *)(intptr_t)(st == CX_ENOTFOUND &&
                            cx_error_info_last()->status == CX_ENOTFOUND);
}

static void test_error_thread_local(void **state) {
  (void)state;
  cx_kano_answer a;
  assert_int_equal(cx_kano_labels_parse(NULL, "nope", 4, &a), CX_EPARSE);
  pthread_t t;
  void *ok = NULL;
  assert_int_equal(pthread_create(&t, NULL, thread_fails, NULL), 0);
  assert_int_equal(pthread_join(t, &ok), 0);
  assert_true((intptr_t)ok);
  assert_int_equal(cx_error_info_last()->status, CX_EPARSE);
  assert_string_equal(cx_error_info_last()->value, "nope");
}

static size_t n_malloc, n_free;
static void *count_malloc(size_t n) { n_malloc++; return malloc(n); }
static void *count_realloc(void *p, size_t n) {
  if (!p)
    n_malloc++;
  return realloc(p, n);
}
static void count_free(void *p) { n_free++; free(p); }

static void test_allocator(void **state) {
  (void)state;
  assert_int_equal(cx_set_allocator(count_malloc, NULL, count_free), CX_EINVAL);
  assert_int_equal(cx_set_allocator(count_malloc, count_realloc, count_free), CX_OK);
  cx_kano_survey *s;
  assert_int_equal(cx_kano_survey_new(&s), CX_OK);
  assert_int_equal(cx_kano_survey_add_feature(s, "f", NULL), CX_OK);
  uint8_t *bytes;
  size_t len;
  assert_int_equal(cx_kano_survey_serialize(s, &bytes, &len), CX_OK);
  cx_free(bytes);
  cx_kano_survey_free(s);
  assert_true(n_malloc > 0);
  assert_int_equal(n_malloc, n_free);
  assert_int_equal(cx_set_allocator(NULL, NULL, NULL), CX_OK);
  cx_free(NULL);
}

typedef cx_status (*read_fn)(const uint8_t *data, size_t len);
static cx_status read_kano(const uint8_t *d, size_t n) {
  cx_kano_survey *s = NULL;
  cx_status st = cx_kano_survey_deserialize(&s, d, n);
  cx_kano_survey_free(s);
  return st;
}
static cx_status read_metric(const uint8_t *d, size_t n) {
  cx_metric_survey *s = NULL;
  cx_status st = cx_metric_survey_deserialize(&s, d, n);
  cx_metric_survey_free(s);
  return st;
}
static cx_status read_gap(const uint8_t *d, size_t n) {
  cx_gap_survey *s = NULL;
  cx_status st = cx_gap_survey_deserialize(&s, d, n);
  cx_gap_survey_free(s);
  return st;
}

/* Reading good bytes with every allocation failing in turn: always
 * CX_ENOMEM until it succeeds, never "corrupt". */
static void expect_enomem_then_ok(read_fn read, const uint8_t *d, size_t n) {
  assert_int_equal(cx_set_allocator(tight_malloc, tight_realloc, free),
                   CX_OK);
  long limit = 0;
  for (;; limit++) {
    budget = limit;
    cx_status st = read(d, n);
    budget = -1;
    if (st == CX_OK)
      break;
    if (st != CX_ENOMEM)
      print_error("allocation %ld: %s\n", limit, cx_error_last());
    assert_int_equal(st, CX_ENOMEM);
  }
  assert_true(limit > 2);
  assert_int_equal(cx_set_allocator(NULL, NULL, NULL), CX_OK);
}

/* A name that cannot be copied is out of memory, not bad bytes; bytes
 * that end inside the name are. */
static void test_read_names_out_of_memory(void **state) {
  (void)state;
  const uint8_t bytes[] = {3, 0, 0, 0, 'a', 'b', 'c'};
  cx_reader r = {bytes, sizeof bytes, false};
  assert_int_equal(cx_set_allocator(tight_malloc, tight_realloc, free),
                   CX_OK);
  budget = 0;
  assert_null(cx__rd_str(&r, 64));
  budget = -1;
  assert_false(r.failed);
  assert_int_equal(cx_set_allocator(NULL, NULL, NULL), CX_OK);
  r = (cx_reader){bytes, sizeof bytes - 1, false};
  assert_null(cx__rd_str(&r, 64));
  assert_true(r.failed);

  /* Every kind of saved survey, with names to read. */
  uint8_t *d;
  size_t n;
  cx_kano_survey *k;
  assert_int_equal(cx_kano_survey_new(&k), CX_OK);
  assert_int_equal(cx_kano_survey_add_feature(k, "dark mode", NULL), CX_OK);
  assert_int_equal(cx_kano_survey_add_feature(k, "export", NULL), CX_OK);
  assert_int_equal(cx_kano_survey_add_segment(k, "web", NULL), CX_OK);
  assert_int_equal(cx_kano_survey_serialize(k, &d, &n), CX_OK);
  expect_enomem_then_ok(read_kano, d, n);
  cx_free(d);
  cx_kano_survey_free(k);
  cx_metric_survey *m;
  assert_int_equal(cx_metric_survey_new_nps(&m, NULL), CX_OK);
  assert_int_equal(cx_metric_survey_add_segment(m, "branch", NULL), CX_OK);
  assert_int_equal(cx_metric_survey_add_segment(m, "phone", NULL), CX_OK);
  assert_int_equal(cx_metric_survey_serialize(m, &d, &n), CX_OK);
  expect_enomem_then_ok(read_metric, d, n);
  cx_free(d);
  cx_metric_survey_free(m);
  cx_gap_survey *g;
  assert_int_equal(cx_gap_survey_new(&g, NULL), CX_OK);
  assert_int_equal(cx_gap_survey_add_item(g, "q1", "Staff are polite",
                                          "assurance", 0, NULL),
                   CX_OK);
  assert_int_equal(cx_gap_survey_add_item(g, "q2", NULL, NULL, 0, NULL),
                   CX_OK);
  assert_int_equal(cx_gap_survey_serialize(g, &d, &n), CX_OK);
  expect_enomem_then_ok(read_gap, d, n);
  cx_free(d);
  cx_gap_survey_free(g);
}

static void test_dtype_size(void **state) {
  (void)state;
  assert_int_equal(cx_dtype_size(CX_DTYPE_U8), 1);
  assert_int_equal(cx_dtype_size(CX_DTYPE_I16), 2);
  assert_int_equal(cx_dtype_size(CX_DTYPE_F32), 4);
  assert_int_equal(cx_dtype_size(CX_DTYPE_I64), 8);
  assert_int_equal(cx_dtype_size(CX_DTYPE_F64), 8);
  assert_int_equal(cx_dtype_size((cx_dtype)42), 0);
}

/* The name table behind every by-name lookup: every name found after many
 * growths (each growth takes a new hash key), unknown names not, and the
 * keyed hash depends on its key. */
static void test_names_table(void **state) {
  (void)state;
  cx_names n;
  cx__names_init(&n);
  char buf[32];
  for (int i = 0; i < 50000; i++) {
    int len = snprintf(buf, sizeof buf, "touchpoint-%d", i);
    assert_int_equal(cx__names_add(&n, buf, (size_t)len), (size_t)i);
  }
  for (int i = 0; i < 50000; i += 7) {
    int len = snprintf(buf, sizeof buf, "touchpoint-%d", i);
    assert_int_equal(cx__names_find(&n, buf, (size_t)len), (size_t)i);
  }
  assert_int_equal(cx__names_find(&n, "touchpoint-50000", 16), SIZE_MAX);
  assert_int_equal(cx__names_find(&n, "", 0), SIZE_MAX);
  /* Prefixes and extensions of a name are other names; the bytes looked
   * up need no NUL after them; a NUL inside is never a name. */
  assert_int_equal(cx__names_find(&n, "touchpoint-1", 11), SIZE_MAX);
  assert_int_equal(cx__names_find(&n, "touchpoint-12x", 13), 12);
  assert_int_equal(cx__names_find(&n, "touchpoint-12345x", 17), SIZE_MAX);
  assert_int_equal(cx__names_find(&n, "touchpoint-1\0", 13), SIZE_MAX);
  assert_int_equal(cx__names_find(&n, "touchpoint-49999-and-more", 25),
                   SIZE_MAX);
  /* Many lookups at once agree with one at a time, for names there and
   * not, prefixes, a NUL inside and the empty name. */
  enum { MANY = 3000 };
  static char many[MANY][32];
  const char *s[MANY];
  size_t len[MANY], out[MANY];
  uint64_t hash[MANY];
  for (int i = 0; i < MANY; i++) {
    int k = i % 5 == 4 ? snprintf(many[i], 32, "touchpoint-%d", 60000 + i)
            : i % 5 == 3 ? snprintf(many[i], 32, "touchpoint-%d", i / 10)
                         : snprintf(many[i], 32, "touchpoint-%d", i * 16);
    s[i] = many[i];
    len[i] = (size_t)k - (i % 7 == 6 ? 1 : 0);
  }
  s[0] = "touchpoint-1\0";
  len[0] = 13;
  s[1] = "";
  len[1] = 0;
  cx__names_find_many(&n, MANY, s, len, hash, out);
  size_t hits = 0;
  for (int i = 0; i < MANY; i++) {
    /* Present exactly when the bytes are "touchpoint-N" for a number N
     * below 50,000 written without leading zeros; then at index N. */
    size_t want = SIZE_MAX, digits = len[i] > 11 ? len[i] - 11 : 0;
    if (digits && digits <= 5 && memcmp(s[i], "touchpoint-", 11) == 0 &&
        (s[i][11] != '0' || digits == 1)) {
      size_t v = 0;
      for (size_t k = 11; k < len[i] && v != SIZE_MAX; k++)
        v = s[i][k] >= '0' && s[i][k] <= '9' ? v * 10 + (size_t)(s[i][k] - '0')
                                             : SIZE_MAX;
      want = v < 50000 ? v : SIZE_MAX;
    }
    assert_int_equal(out[i], want);
    assert_int_equal(out[i], cx__names_find(&n, s[i], len[i]));
    hits += out[i] != SIZE_MAX;
  }
  assert_true(hits > MANY / 2 && hits < MANY);
  assert_int_equal(out[0], SIZE_MAX);
  assert_int_equal(out[1], SIZE_MAX);
  cx__names_free(&n);
  cx__names_find_many(&n, 2, s, len, hash, out);
  assert_int_equal(out[0], SIZE_MAX);
  assert_int_equal(out[1], SIZE_MAX);
  assert_true(cx__hash_keyed("abc", 3, 1) != cx__hash_keyed("abc", 3, 2));
  assert_true(cx__hash_keyed("abc", 3, 1) == cx__hash_keyed("abc", 3, 1));
  assert_true(cx__hash_keyed("abc", 3, 1) != cx__hash_keyed("abd", 3, 1));
}

/* The one decimal reader of every text format. */
static void test_parse_decimal(void **state) {
  (void)state;
  static const struct {
    const char *text;
    double value;
  } good[] = {{"0", 0},       {"7", 7},         {"-3", -3},
              {"+2.5", 2.5},  {".5", 0.5},      {"5.", 5},
              {"1e3", 1000},  {"-1.25E-2", -0.0125}, {"007", 7},
              {"1e400", HUGE_VAL}, {"-1e400", -HUGE_VAL}, {"1e-400", 0}};
  for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
    double v = -99;
    assert_true(cx__parse_decimal(good[i].text, strlen(good[i].text), &v));
    assert_true(v == good[i].value);
  }
  static const char *const bad[] = {"",    "-",   ".",    "e5",  "1e",
                                    "1e+", " 1",  "1 ",   "inf", "nan",
                                    "0x1", "1,5", "1.2.3", "--1", "1e5x",
                                    "Infinity"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    double v = -99;
    assert_false(cx__parse_decimal(bad[i], strlen(bad[i]), &v));
    assert_true(v == -99);
  }
  /* Not NUL-terminated: only len bytes count. */
  double v = 0;
  assert_true(cx__parse_decimal("12345", 2, &v));
  assert_true(v == 12);
  /* Over 500 bytes of digits: off every scale. */
  char longnum[600];
  memset(longnum, '9', sizeof longnum);
  assert_true(cx__parse_decimal(longnum, sizeof longnum, &v));
  assert_true(v == HUGE_VAL);
  /* A host that switched LC_NUMERIC to a comma locale still reads '.'. */
  static const char *const comma_locales[] = {"de_DE.UTF-8", "de_DE.utf8",
                                              "fr_FR.UTF-8", "C.UTF-8"};
  for (size_t i = 0; i < sizeof comma_locales / sizeof comma_locales[0]; i++) {
    if (!setlocale(LC_NUMERIC, comma_locales[i]))
      continue;
    assert_true(cx__parse_decimal("2.75", 4, &v));
    assert_true(v == 2.75);
    assert_false(cx__parse_decimal("2,75", 4, &v));
  }
  setlocale(LC_NUMERIC, "C");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_strerror),
      cmocka_unit_test(test_version),
      cmocka_unit_test(test_error_record),
      cmocka_unit_test(test_error_value_escaped),
      cmocka_unit_test(test_error_thread_local),
      cmocka_unit_test(test_allocator),
      cmocka_unit_test(test_dtype_size),
      cmocka_unit_test(test_read_names_out_of_memory),
      cmocka_unit_test(test_parse_decimal),
      cmocka_unit_test(test_names_table),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
