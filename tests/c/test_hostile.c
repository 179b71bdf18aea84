/* Hostile input for every parser and deserializer: NUL bytes, invalid
 * UTF-8, overlong lines, a million columns, NaN and infinities where
 * numbers go, negative weights, empty input, and serialized accumulators
 * cut short, bit-flipped or from another format version.  Each must be
 * refused with a clear status (and, for text, the input name, line and
 * column), leave the caller's object as it was, and neither crash nor
 * leak (this suite also runs under ASan+UBSan and valgrind). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include <cx/cx.h>

/* ------------------------------------------------------------------------ */
/* Text readers behind one interface                                        */

typedef struct reader {
  const char *name;
  /* Load @p data into a fresh object (or the given one) and report the
   * status; @p before / @p after receive a byte image of the caller's
   * object before and after the call, to show nothing changed. */
  cx_status (*load)(const char *data, size_t len, uint8_t **before,
                    size_t *before_len, uint8_t **after, size_t *after_len);
} reader;

static cx_status load_kano(const char *data, size_t len, uint8_t **before,
                           size_t *blen, uint8_t **after, size_t *alen) {
  cx_kano_survey *s = NULL;
  assert_int_equal(cx_kano_survey_new(&s), CX_OK);
  /* Something already in the survey, which a failed load must keep. */
  size_t f;
  assert_int_equal(cx_kano_survey_add_feature(s, "existing", &f), CX_OK);
  assert_int_equal(cx_kano_survey_add(s, f, 0, 2, 4, NAN, 1.0), CX_OK);
  assert_int_equal(cx_kano_survey_serialize(s, before, blen), CX_OK);
  cx_status st = cx_kano_read_csv_buffer(s, data, len, "hostile.csv", NULL);
  assert_int_equal(cx_kano_survey_serialize(s, after, alen), CX_OK);
  cx_kano_survey_free(s);
  return st;
}

static cx_status load_nps(const char *data, size_t len, uint8_t **before,
                          size_t *blen, uint8_t **after, size_t *alen) {
  cx_metric_survey *s = NULL;
  assert_int_equal(cx_metric_survey_new_nps(&s, NULL), CX_OK);
  assert_int_equal(cx_metric_survey_add(s, 0, 9, 1.0, "kept"), CX_OK);
  assert_int_equal(cx_metric_survey_serialize(s, before, blen), CX_OK);
  cx_status st = cx_metric_read_csv_buffer(s, data, len, "hostile.csv", NULL);
  assert_int_equal(cx_metric_survey_serialize(s, after, alen), CX_OK);
  cx_metric_survey_free(s);
  return st;
}

static cx_status load_gap(const char *data, size_t len, uint8_t **before,
                          size_t *blen, uint8_t **after, size_t *alen) {
  cx_gap_survey *s = NULL;
  assert_int_equal(cx_gap_survey_new(&s, NULL), CX_OK);
  assert_int_equal(cx_gap_survey_add_item(s, "q1", NULL, NULL, 0, NULL), CX_OK);
  double e = 3, p = 5;
  cx_gap_response r = CX_GAP_RESPONSE_INIT;
  r.expectation = &e;
  r.perception = &p;
  assert_int_equal(cx_gap_survey_add_respondent(s, &r), CX_OK);
  assert_int_equal(cx_gap_survey_serialize(s, before, blen), CX_OK);
  cx_status st = cx_gap_read_csv_buffer(s, data, len, "hostile.csv", NULL);
  assert_int_equal(cx_gap_survey_serialize(s, after, alen), CX_OK);
  cx_gap_survey_free(s);
  return st;
}

static cx_status load_paths(const char *data, size_t len, uint8_t **before,
                            size_t *blen, uint8_t **after, size_t *alen) {
  cx_paths_log *log = NULL;
  assert_int_equal(cx_paths_log_new(&log, NULL), CX_OK);
  assert_int_equal(cx_paths_log_add(log, "kept", "web", 1000, NAN, 0, NULL,
                                    NULL),
                   CX_OK);
  assert_int_equal(cx_paths_log_serialize(log, before, blen), CX_OK);
  cx_status st = cx_paths_read_csv_buffer(log, data, len, "hostile.csv", NULL);
  assert_int_equal(cx_paths_log_serialize(log, after, alen), CX_OK);
  cx_paths_log_free(log);
  return st;
}

/* The journey readers make a new object: on failure *out must keep the
 * caller's value.  The "image" is that pointer's value. */
static cx_status journey_image(cx_status st, cx_journey *out,
                               cx_journey *sentinel, uint8_t **before,
                               size_t *blen, uint8_t **after, size_t *alen) {
  *before = malloc(sizeof sentinel);
  *after = malloc(sizeof out);
  memcpy(*before, &sentinel, sizeof sentinel);
  memcpy(*after, st == CX_OK ? (void *)&sentinel : (void *)&out, sizeof out);
  *blen = *alen = sizeof out;
  if (st == CX_OK)
    cx_journey_free(out);
  return st;
}

static cx_status load_json(const char *data, size_t len, uint8_t **before,
                           size_t *blen, uint8_t **after, size_t *alen) {
  cx_journey *sentinel = (cx_journey *)(uintptr_t)0x5ca1ab1e, *out = sentinel;
  cx_status st = cx_journey_from_json(&out, data, len, "hostile.csv", NULL);
  return journey_image(st, out, sentinel, before, blen, after, alen);
}

static cx_status load_mermaid(const char *data, size_t len, uint8_t **before,
                              size_t *blen, uint8_t **after, size_t *alen) {
  cx_journey *sentinel = (cx_journey *)(uintptr_t)0x5ca1ab1e, *out = sentinel;
  cx_status st = cx_journey_from_mermaid(&out, data, len, "hostile.csv", NULL);
  return journey_image(st, out, sentinel, before, blen, after, alen);
}

static const reader READERS[] = {
    {"kano csv", load_kano},       {"nps csv", load_nps},
    {"gap csv", load_gap},         {"paths csv", load_paths},
    {"journey json", load_json},   {"mermaid", load_mermaid},
};
enum { N_READERS = sizeof READERS / sizeof READERS[0] };

/* Load @p data with every reader; each must fail with one of the allowed
 * statuses, name the input and a position, and keep the object as it
 * was. */
static void expect_refused(const char *data, size_t len, cx_status allowed1,
                           cx_status allowed2) {
  for (int i = 0; i < N_READERS; i++) {
    uint8_t *before = NULL, *after = NULL;
    size_t blen = 0, alen = 0;
    cx_status st = READERS[i].load(data, len, &before, &blen, &after, &alen);
    if (st == CX_OK && i >= 4) {
      /* Text that is not a journey at all cannot load as one. */
      fprintf(stderr, "%s: accepted\n", READERS[i].name);
      fail();
    }
    if (st != allowed1 && st != allowed2) {
      fprintf(stderr, "%s: status %d (%s)\n", READERS[i].name, (int)st,
              cx_error_last());
      fail();
    }
    const cx_error_info *e = cx_error_info_last();
    assert_int_equal(e->status, st);
    assert_true(strlen(e->message) > 0);
    if (st == CX_EPARSE) {
      assert_non_null(e->path);
      assert_string_equal(e->path, "hostile.csv");
      assert_true(e->line >= 1);
      assert_true(e->column >= 1);
    }
    assert_int_equal(blen, alen);
    assert_memory_equal(before, after, blen);
    if (i >= 4) {
      free(before);
      free(after);
    } else {
      cx_free(before);
      cx_free(after);
    }
  }
}

static void test_nul_bytes(void **state) {
  (void)state;
  static const char a[] = "feature,functional,dysfunctional,nps,score\n"
                          "f,I like it,I dislike it,9,9\nf,\0x,1,2,3\n";
  expect_refused(a, sizeof a - 1, CX_EPARSE, CX_EPARSE);
  static const char b[] = "\0";
  expect_refused(b, 1, CX_EPARSE, CX_EPARSE);
}

static void test_invalid_utf8(void **state) {
  (void)state;
  /* Overlong '/', lone continuation byte, truncated sequence, UTF-16
   * surrogate, a byte that never occurs in UTF-8. */
  static const char *const bad[] = {"\xc0\xaf", "\x80", "\xe2\x82",
                                    "\xed\xa0\x80", "\xff"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    char buf[256];
    int n = snprintf(buf, sizeof buf,
                     "respondent,feature,functional,dysfunctional,nps\n"
                     "r1,caf%s,I like it,I dislike it,9\n",
                     bad[i]);
    expect_refused(buf, (size_t)n, CX_EPARSE, CX_EPARSE);
  }
  /* A UTF-16 file (with its byte-order mark) is refused, not misread. */
  static const char u16[] = "\xff\xfe"
                            "f\0e\0a\0t\0u\0r\0e\0\n\0";
  expect_refused(u16, sizeof u16 - 1, CX_EPARSE, CX_EPARSE);
}

static void test_overlong_line(void **state) {
  (void)state;
  size_t n = (size_t)5 << 20;
  char *big = malloc(n + 64);
  assert_non_null(big);
  int h = snprintf(big, 64, "feature,functional,dysfunctional,nps\n");
  memset(big + h, 'x', n);
  memcpy(big + h + n, ",1,2,3\n", 7);
  expect_refused(big, (size_t)h + n + 7, CX_ERANGE, CX_EPARSE);
  free(big);
}

/* A header of a million one-letter columns and a data row; *len gets its
 * size.  The caller frees it. */
static char *million_columns(size_t *len) {
  size_t cols = 1000000;
  char *big = malloc(cols * 2 + 16);
  assert_non_null(big);
  size_t k = 0;
  for (size_t i = 0; i < cols; i++) {
    big[k++] = 'c';
    big[k++] = i + 1 < cols ? ',' : '\n';
  }
  memcpy(big + k, "1\n", 2);
  *len = k + 2;
  return big;
}

static void test_million_columns(void **state) {
  (void)state;
  size_t k;
  char *big = million_columns(&k);
  expect_refused(big, k, CX_ERANGE, CX_EPARSE);
  free(big);
}

static void test_non_finite_numbers(void **state) {
  (void)state;
  static const char *const values[] = {"nan", "NaN", "inf", "-inf",
                                       "Infinity", "1e400", "-1e400", "0x10",
                                       "1e-400x", " "};
  for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
    char buf[256];
    /* As a weight in both readers. */
    int n = snprintf(buf, sizeof buf,
                     "respondent,feature,functional,dysfunctional,nps,weight\n"
                     "r1,f,I like it,I dislike it,9,%s\n",
                     values[i]);
    expect_refused(buf, (size_t)n, CX_ERANGE, CX_EPARSE);
  }
  /* As an NPS score ("nan" as a whole cell is a missing-answer marker, like
   * "NA", and is counted as missing). */
  static const char *const scores[] = {"inf", "-inf", "Infinity", "1e400",
                                       "10.5", "11", "-1", "0x5", "5e"};
  for (size_t i = 0; i < sizeof scores / sizeof scores[0]; i++) {
    char buf[128];
    int n = snprintf(buf, sizeof buf, "respondent,nps\nr1,%s\n", scores[i]);
    uint8_t *before = NULL, *after = NULL;
    size_t blen = 0, alen = 0;
    cx_status st = load_nps(buf, (size_t)n, &before, &blen, &after, &alen);
    assert_true(st == CX_ERANGE || st == CX_EPARSE);
    assert_non_null(strstr(cx_error_last(), scores[i]));
    assert_memory_equal(before, after, blen);
    cx_free(before);
    cx_free(after);
  }
}

static void test_negative_weight(void **state) {
  (void)state;
  static const char a[] =
      "respondent,feature,functional,dysfunctional,nps,weight\n"
      "r1,f,I like it,I dislike it,9,1\n"
      "r2,f,I like it,I dislike it,9,-0.5\n";
  expect_refused(a, sizeof a - 1, CX_ERANGE, CX_EPARSE);
  /* The Kano and NPS readers (this file has their columns) name the
   * weight they refuse. */
  for (int i = 0; i < 2; i++) {
    uint8_t *before = NULL, *after = NULL;
    size_t blen = 0, alen = 0;
    assert_int_equal(READERS[i].load(a, sizeof a - 1, &before, &blen, &after,
                                     &alen),
                     CX_ERANGE);
    assert_non_null(strstr(cx_error_last(), "-0.5"));
    cx_free(before);
    cx_free(after);
  }
}

static void test_empty_inputs(void **state) {
  (void)state;
  expect_refused("", 0, CX_EPARSE, CX_EPARSE);
  expect_refused("\xef\xbb\xbf", 3, CX_EPARSE, CX_EPARSE);
  expect_refused("\n\n\r\n", 4, CX_EPARSE, CX_EPARSE);
}

/* JSON built to exhaust a naive parser: a million nested arrays, and
 * numbers no journey can hold. */
static void test_json_nesting_and_numbers(void **state) {
  (void)state;
  size_t depth = 1000000;
  char *deep = malloc(2 * depth + 64);
  assert_non_null(deep);
  size_t k = (size_t)sprintf(deep, "{\"format\":\"libcx-journey\",\"x\":");
  memset(deep + k, '[', depth);
  k += depth;
  memset(deep + k, ']', depth);
  k += depth;
  deep[k++] = '}';
  cx_journey *j = NULL;
  assert_int_equal(cx_journey_from_json(&j, deep, k, "deep.json", NULL),
                   CX_ERANGE);
  assert_null(j);
  assert_non_null(strstr(cx_error_last(), "depth"));
  free(deep);
  static const char *const numbers[] = {"NaN", "Infinity", "-Infinity",
                                        "1e999", "0x10", "01"};
  for (size_t i = 0; i < sizeof numbers / sizeof numbers[0]; i++) {
    char doc[512];
    int n = snprintf(doc, sizeof doc,
                     "{\"format\":\"libcx-journey\",\"version\":1,"
                     "\"id\":\"j\",\"stages\":[{\"id\":\"s\",\"name\":\"S\","
                     "\"touchpoints\":[{\"id\":\"t\",\"name\":\"T\","
                     "\"score\":%s}]}]}",
                     numbers[i]);
    cx_status st = cx_journey_from_json(&j, doc, (size_t)n, "n.json", NULL);
    assert_true(st == CX_EPARSE || st == CX_ERANGE);
    assert_null(j);
    assert_int_equal(cx_error_info_last()->line, 1);
    assert_true(cx_error_info_last()->column > 1);
  }
}

/* ------------------------------------------------------------------------ */
/* Deserializers                                                            */

typedef struct blob_kind {
  const char *name;
  cx_status (*load)(const uint8_t *data, size_t len);
} blob_kind;

static cx_status load_kano_blob(const uint8_t *d, size_t n) {
  cx_kano_survey *s = NULL;
  cx_status st = cx_kano_survey_deserialize(&s, d, n);
  if (st == CX_OK)
    assert_non_null(s);
  else
    assert_null(s);
  cx_kano_survey_free(s);
  return st;
}

static cx_status load_metric_blob(const uint8_t *d, size_t n) {
  cx_metric_survey *s = NULL;
  cx_status st = cx_metric_survey_deserialize(&s, d, n);
  if (st == CX_OK)
    assert_non_null(s);
  else
    assert_null(s);
  cx_metric_survey_free(s);
  return st;
}

static cx_status load_gap_blob(const uint8_t *d, size_t n) {
  cx_gap_survey *s = NULL;
  cx_status st = cx_gap_survey_deserialize(&s, d, n);
  if (st == CX_OK)
    assert_non_null(s);
  else
    assert_null(s);
  cx_gap_survey_free(s);
  return st;
}

static uint8_t *kano_blob(size_t *len) {
  cx_kano_survey *s = NULL;
  assert_int_equal(cx_kano_survey_new(&s), CX_OK);
  size_t f, g;
  assert_int_equal(cx_kano_survey_add_feature(s, "freeze", &f), CX_OK);
  assert_int_equal(cx_kano_survey_add_segment(s, "retail", &g), CX_OK);
  for (int i = 0; i < 30; i++)
    assert_int_equal(cx_kano_survey_add(s, f, g, 1 + i % 5, 1 + (i * 3) % 5,
                                        1 + i % 9, 0.5 + i % 2),
                     CX_OK);
  uint8_t *b = NULL;
  assert_int_equal(cx_kano_survey_serialize(s, &b, len), CX_OK);
  cx_kano_survey_free(s);
  return b;
}

static uint8_t *metric_blob(size_t *len) {
  cx_metric_survey *s = NULL;
  assert_int_equal(cx_metric_survey_new_csat(&s, NULL), CX_OK);
  size_t g;
  assert_int_equal(cx_metric_survey_add_segment(s, "retail", &g), CX_OK);
  for (int i = 0; i < 30; i++)
    assert_int_equal(cx_metric_survey_add(s, g, 1 + i % 5, 1.0, NULL), CX_OK);
  uint8_t *b = NULL;
  assert_int_equal(cx_metric_survey_serialize(s, &b, len), CX_OK);
  cx_metric_survey_free(s);
  return b;
}

static uint8_t *gap_blob(size_t *len) {
  cx_gap_survey *s = NULL;
  assert_int_equal(cx_gap_survey_new(&s, NULL), CX_OK);
  assert_int_equal(cx_gap_survey_add_item(s, "q1", "Speed", "Service", 0, NULL),
                   CX_OK);
  assert_int_equal(cx_gap_survey_add_item(s, "q2", NULL, "Service", 0, NULL),
                   CX_OK);
  for (int r = 0; r < 10; r++) {
    double e[2] = {1 + r % 7, 7 - r % 7}, p[2] = {1 + (r * 3) % 7, 4};
    cx_gap_response resp = CX_GAP_RESPONSE_INIT;
    resp.expectation = e;
    resp.perception = p;
    assert_int_equal(cx_gap_survey_add_respondent(s, &resp), CX_OK);
  }
  uint8_t *b = NULL;
  assert_int_equal(cx_gap_survey_serialize(s, &b, len), CX_OK);
  cx_gap_survey_free(s);
  return b;
}

/* Every proper prefix is refused; every single-bit flip is refused or
 * (when it lands in a value the checksum does not cover, which a format
 * with a checksum must not have) accepted; a changed version byte is
 * CX_EVERSION or CX_EPARSE.  Nothing may crash or leak. */
static void hammer(const blob_kind *k, uint8_t *blob, size_t len) {
  assert_int_equal(k->load(blob, len), CX_OK);
  for (size_t cut = 0; cut < len; cut++) {
    /* An exact-size copy so ASan sees any read past the end. */
    uint8_t *part = malloc(cut ? cut : 1);
    memcpy(part, blob, cut);
    cx_status st = k->load(part, cut);
    if (st == CX_OK) {
      fprintf(stderr, "%s: prefix of %zu/%zu bytes accepted\n", k->name, cut,
              len);
      fail();
    }
    free(part);
  }
  size_t accepted = 0;
  for (size_t i = 0; i < len; i++) {
    for (int bit = 0; bit < 8; bit += 3) {
      blob[i] ^= (uint8_t)(1u << bit);
      if (k->load(blob, len) == CX_OK)
        accepted++;
      blob[i] ^= (uint8_t)(1u << bit);
    }
  }
  if (accepted) {
    fprintf(stderr, "%s: %zu corrupted copies accepted\n", k->name, accepted);
    fail();
  }
}

static void test_deserializers(void **state) {
  (void)state;
  static const blob_kind kinds[] = {{"kano", load_kano_blob},
                                    {"metric", load_metric_blob},
                                    {"gap", load_gap_blob}};
  uint8_t *(*makers[])(size_t *) = {kano_blob, metric_blob, gap_blob};
  for (int i = 0; i < 3; i++) {
    size_t len = 0;
    uint8_t *b = makers[i](&len);
    hammer(&kinds[i], b, len);
    cx_free(b);
  }
}

/* Bytes of one kind of accumulator are refused by the others. */
static void test_wrong_kind(void **state) {
  (void)state;
  size_t len = 0;
  uint8_t *b = kano_blob(&len);
  assert_int_not_equal(load_metric_blob(b, len), CX_OK);
  assert_int_not_equal(load_gap_blob(b, len), CX_OK);
  cx_free(b);
  b = metric_blob(&len);
  assert_int_not_equal(load_kano_blob(b, len), CX_OK);
  assert_int_not_equal(load_gap_blob(b, len), CX_OK);
  cx_free(b);
}

/* ---- limits of the survey readers ---------------------------------------- */

static cx_status read_limited(int which, const char *path, const char *data,
                              size_t len, const cx_read_limits *lim) {
  cx_status st = CX_OK;
  if (which == 0) {
    cx_kano_survey *s = NULL;
    assert_int_equal(cx_kano_survey_new(&s), CX_OK);
    cx_kano_csv_options o = CX_KANO_CSV_OPTIONS_INIT;
    o.limits = *lim;
    st = path ? cx_kano_read_csv(s, path, &o)
              : cx_kano_read_csv_buffer(s, data, len, "hostile.csv", &o);
    assert_int_equal(cx_kano_survey_n_features(s), 0);
    cx_kano_survey_free(s);
  } else if (which == 1) {
    cx_metric_survey *s = NULL;
    assert_int_equal(cx_metric_survey_new_nps(&s, NULL), CX_OK);
    cx_metric_csv_options o = CX_METRIC_CSV_OPTIONS_INIT;
    o.limits = *lim;
    st = path ? cx_metric_read_csv(s, path, &o)
              : cx_metric_read_csv_buffer(s, data, len, "hostile.csv", &o);
    assert_int_equal(cx_metric_survey_n_segments(s), 0);
    cx_metric_survey_free(s);
  } else if (which == 2) {
    cx_gap_segments *g = NULL;
    cx_gap_csv_options o = CX_GAP_CSV_OPTIONS_INIT;
    o.limits = *lim;
    st = path ? cx_gap_read_csv_segments(&g, NULL, path, &o)
              : cx_gap_read_csv_segments_buffer(&g, NULL, data, len,
                                                "hostile.csv", &o);
    assert_null(g);
  } else {
    cx_paths_log *log = NULL;
    assert_int_equal(cx_paths_log_new(&log, NULL), CX_OK);
    cx_paths_csv_options o = CX_PATHS_CSV_OPTIONS_INIT;
    o.limits = *lim;
    st = path ? cx_paths_read_csv(log, path, &o)
              : cx_paths_read_csv_buffer(log, data, len, "hostile.csv", &o);
    if (st != CX_OK) { /* nothing half-loaded */
      assert_int_equal(cx_paths_log_n_events(log), 0);
      assert_int_equal(cx_paths_log_n_segments(log), 0);
    }
    cx_paths_log_free(log);
  }
  return st;
}

enum { N_LIMITED = 4 }; /* Kano, metrics, gap and event-log readers */

/* The event-log reader's own uses of the limits: max_names bounds the
 * segments, and a small max_record holds for rows the fast path would
 * otherwise take. */
static void test_event_log_limits(void **state) {
  (void)state;
  const char *seg = "case,touchpoint,timestamp,segment\n"
                    "c1,a,1,s1\nc2,a,2,s1\nc3,a,3,s2\n";
  cx_read_limits lim = CX_READ_LIMITS_INIT;
  lim.max_names = 1;
  assert_int_equal(read_limited(3, NULL, seg, strlen(seg), &lim), CX_ERANGE);
  assert_string_equal(cx_error_last(),
                      "hostile.csv:4:8: 2 segments exceed the limit "
                      "max_names = 1 in column 'segment' ('s2')");
  lim.max_names = 2; /* at the limit it loads */
  assert_int_equal(read_limited(3, NULL, seg, strlen(seg), &lim), CX_OK);
  const char *plain = "case,touchpoint,timestamp\nc1,a,1\n"
                      "c2,a-touchpoint-with-a-long-name,2\n";
  lim = (cx_read_limits)CX_READ_LIMITS_INIT;
  lim.max_record = 30;
  assert_int_equal(read_limited(3, NULL, plain, strlen(plain), &lim),
                   CX_ERANGE);
  const cx_error_info *e = cx_error_info_last();
  assert_int_equal(e->line, 3);
  assert_non_null(strstr(e->message, "max_record = 30"));
}

/* A million columns in a record the record limit lets through: the column
 * limit refuses it, naming the first column past the limit, without
 * keeping a field for each column. */
static void test_million_columns_limit(void **state) {
  (void)state;
  size_t k;
  char *big = million_columns(&k);
  cx_read_limits lim = CX_READ_LIMITS_INIT;
  lim.max_record = (size_t)8 << 20;
  for (int which = 0; which < N_LIMITED; which++) {
    assert_int_equal(read_limited(which, NULL, big, k, &lim), CX_ERANGE);
    const cx_error_info *e = cx_error_info_last();
    assert_int_equal(e->line, 1);
    assert_int_equal(e->column, 20001);
    assert_string_equal(e->message, "hostile.csv:1:20001: 1000000 columns "
                                    "exceed the limit max_columns = 10000");
  }
  free(big);
}

/* A 2 GiB sparse file is refused from its size, before it is read. */
static void test_sparse_file_max_bytes(void **state) {
  (void)state;
  char path[] = "/tmp/cx-hostile-XXXXXX";
  int fd = mkstemp(path);
  assert_true(fd >= 0);
  assert_int_equal(ftruncate(fd, (off_t)2 << 30), 0);
  close(fd);
  cx_read_limits lim = CX_READ_LIMITS_INIT;
  lim.max_bytes = (uint64_t)1 << 20;
  char want[128];
  snprintf(want, sizeof want,
           "%s:1:1: 2147483648 bytes exceed the limit max_bytes = 1048576",
           path);
  for (int which = 0; which < N_LIMITED; which++) {
    assert_int_equal(read_limited(which, path, NULL, 0, &lim), CX_ERANGE);
    assert_string_equal(cx_error_last(), want);
  }
  unlink(path);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_nul_bytes),
      cmocka_unit_test(test_invalid_utf8),
      cmocka_unit_test(test_overlong_line),
      cmocka_unit_test(test_million_columns),
      cmocka_unit_test(test_non_finite_numbers),
      cmocka_unit_test(test_negative_weight),
      cmocka_unit_test(test_empty_inputs),
      cmocka_unit_test(test_json_nesting_and_numbers),
      cmocka_unit_test(test_deserializers),
      cmocka_unit_test(test_wrong_kind),
      cmocka_unit_test(test_million_columns_limit),
      cmocka_unit_test(test_sparse_file_max_bytes),
      cmocka_unit_test(test_event_log_limits),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
