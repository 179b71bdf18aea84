/* Tests of the CSV tokenizer and the Kano CSV reader: counts worked out
 * by hand from small files in both layouts, every error with its line and
 * column, and that a failed load leaves the survey unchanged. */
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

#include <cx/io.h>
#include <cx/kano.h>

#include "io/csv.h"

#ifndef CX_TEST_SOURCE_DIR
#define CX_TEST_SOURCE_DIR "."
#endif

/* ---- helpers ------------------------------------------------------------ */

static cx_status read_str(cx_kano_survey *s, const char *csv,
                          const cx_kano_csv_options *o) {
  return cx_kano_read_csv_buffer(s, csv, strlen(csv), "t.csv", o);
}

static cx_kano_survey *load(const char *csv, const cx_kano_csv_options *o) {
  cx_kano_survey *s;
  assert_int_equal(cx_kano_survey_new(&s), CX_OK);
  cx_status st = read_str(s, csv, o);
  if (st != CX_OK)
    print_error("unexpected failure: %s\n", cx_error_last());
  assert_int_equal(st, CX_OK);
  return s;
}

static size_t feature(const cx_kano_survey *s, const char *name) {
  size_t i = 999;
  assert_int_equal(cx_kano_survey_find_feature(s, name, &i), CX_OK);
  return i;
}

static size_t segment(const cx_kano_survey *s, const char *name) {
  size_t i = 999;
  assert_int_equal(cx_kano_survey_find_segment(s, name, &i), CX_OK);
  return i;
}

static cx_kano_cells cells(const cx_kano_survey *s, const char *name,
                           size_t seg) {
  cx_kano_cells c;
  assert_int_equal(cx_kano_survey_cells(s, feature(s, name), seg, &c), CX_OK);
  return c;
}

/* Sum of all 25 raw cells. */
static uint64_t complete(const cx_kano_cells *c) {
  uint64_t n = 0;
  for (int i = 0; i < 5; i++)
    for (int j = 0; j < 5; j++)
      n += c->raw[i][j];
  return n;
}

/* A survey that already holds something, so "unchanged" means more than
 * "still empty". */
static cx_kano_survey *prior_survey(void) {
  cx_kano_survey *s;
  size_t f;
  assert_int_equal(cx_kano_survey_new(&s), CX_OK);
  assert_int_equal(cx_kano_survey_add_feature(s, "prior", &f), CX_OK);
  assert_int_equal(cx_kano_survey_add(s, f, 0, 1, 5, NAN, 1.0), CX_OK);
  return s;
}

static uint8_t *bytes_of(const cx_kano_survey *s, size_t *len) {
  uint8_t *b;
  assert_int_equal(cx_kano_survey_serialize(s, &b, len), CX_OK);
  return b;
}

/* Load @p csv into a non-empty survey, expect the failure @p st at the
 * given place (line 0: not checked) and check the survey is unchanged. */
static void expect_error_n(const char *csv, size_t len,
                           const cx_kano_csv_options *o, cx_status st,
                           uint64_t line, uint64_t column, const char *value,
                           const char *message_part) {
  cx_kano_survey *s = prior_survey();
  size_t la, lb;
  uint8_t *before = bytes_of(s, &la);
  cx_status got = cx_kano_read_csv_buffer(s, csv, len, "t.csv", o);
  const cx_error_info *e = cx_error_info_last();
  if (got != st || (line && (e->line != line || e->column != column)))
    print_error("got %d: %s\n", got, cx_error_last());
  assert_int_equal(got, st);
  if (line) {
    assert_string_equal(e->path, "t.csv");
    assert_int_equal(e->line, line);
    assert_int_equal(e->column, column);
  }
  if (value) {
    assert_non_null(e->value);
    assert_string_equal(e->value, value);
  }
  if (message_part && !strstr(e->message, message_part)) {
    print_error("message '%s' lacks '%s'\n", e->message, message_part);
    fail();
  }
  uint8_t *after = bytes_of(s, &lb);
  assert_int_equal(la, lb);
  assert_memory_equal(before, after, la);
  cx_free(before);
  cx_free(after);
  cx_kano_survey_free(s);
}

static void expect_error(const char *csv, const cx_kano_csv_options *o,
                         cx_status st, uint64_t line, uint64_t column,
                         const char *value, const char *message_part) {
  expect_error_n(csv, strlen(csv), o, st, line, column, value, message_part);
}

/* ---- tokenizer ---------------------------------------------------------- */

static void test_tokenizer_fields_and_places(void **state) {
  (void)state;
  /* BOM, CRLF, a quoted field with a delimiter, doubled quotes and a line
   * end, an empty line, a lone CR and a last line without a line end. */
  const char text[] = "\xEF\xBB\xBF"
                      "a,b\r\n"
                      "\"x,\"\"y\"\"\",\"two\nlines\",z\r\n"
                      "\r\n"
                      ",\r"
                      "last";
  cx_csv *c;
  assert_int_equal(cx__csv_open_buffer(&c, text, sizeof text - 1, NULL, ','),
                   CX_OK);
  assert_string_equal(cx__csv_name(c), "<buffer>");
  cx_csv_record r;
  bool eof;
  assert_int_equal(cx__csv_next(c, &r, &eof), CX_OK);
  assert_false(eof);
  assert_int_equal(r.n, 2);
  assert_int_equal(r.line, 1);
  assert_memory_equal(r.field[0].ptr, "a", 1);
  assert_int_equal(r.field[0].column, 1); /* the BOM is not a column */
  assert_int_equal(r.field[1].column, 3);

  assert_int_equal(cx__csv_next(c, &r, &eof), CX_OK);
  assert_int_equal(r.n, 3);
  assert_int_equal(r.line, 2);
  assert_int_equal(r.field[0].len, 5);
  assert_memory_equal(r.field[0].ptr, "x,\"y\"", 5);
  assert_int_equal(r.field[1].column, 11);
  assert_int_equal(r.field[1].len, 9);
  assert_memory_equal(r.field[1].ptr, "two\nlines", 9);
  /* z sits on line 3, after `lines",` */
  assert_int_equal(r.field[2].line, 3);
  assert_int_equal(r.field[2].column, 8);
  assert_memory_equal(r.field[2].ptr, "z", 1);

  /* line 4 is empty and skipped; line 5 is ",\r" */
  assert_int_equal(cx__csv_next(c, &r, &eof), CX_OK);
  assert_int_equal(r.line, 5);
  assert_int_equal(r.n, 2);
  assert_int_equal(r.field[0].len, 0);
  assert_int_equal(r.field[1].len, 0);
  assert_int_equal(r.field[1].column, 2);

  assert_int_equal(cx__csv_next(c, &r, &eof), CX_OK);
  assert_int_equal(r.line, 6);
  assert_int_equal(r.n, 1);
  assert_int_equal(r.field[0].len, 4);
  assert_memory_equal(r.field[0].ptr, "last", 4);

  assert_int_equal(cx__csv_next(c, &r, &eof), CX_OK);
  assert_true(eof);
  assert_int_equal(cx__csv_done(c), sizeof text - 1);
  cx__csv_close(c);
}

/* An input of about @p total bytes where @p special starts at byte @p at:
 * before it rows of 'z' (each at most 80 bytes), after it rows "cd".
 * Returns the text; *len is its length and *records the number of rows. */
static char *aligned_input(size_t total, size_t at, const char *special,
                           size_t *len, size_t *records) {
  char *t = malloc(total + 128);
  assert_non_null(t);
  size_t o = 0, n = 0;
  while (o < at) {
    size_t row = at - o > 80 ? 80 : at - o;
    if (at - o - row == 1) /* never leave a lone byte for the last row */
      row--;
    memset(t + o, 'z', row - 1);
    t[o + row - 1] = '\n';
    o += row;
    n++;
  }
  size_t sl = strlen(special);
  memcpy(t + o, special, sl);
  o += sl;
  n++;
  while (o + 3 <= total) {
    memcpy(t + o, "cd\n", 3);
    o += 3;
    n++;
  }
  *len = o;
  *records = n;
  return t;
}

/* Parse @p text and check every row: z rows, one row whose only field is
 * @p want, cd rows; rows numbered one per line except @p extra_lines. */
static void check_aligned(const char *text, size_t len, size_t records,
                          const char *want, uint64_t extra_lines) {
  cx_csv *c;
  assert_int_equal(cx__csv_open_buffer(&c, text, len, "big", ','), CX_OK);
  cx_csv_record r;
  bool eof;
  size_t n = 0, found = 0;
  uint64_t line = 0;
  for (;;) {
    assert_int_equal(cx__csv_next(c, &r, &eof), CX_OK);
    if (eof)
      break;
    n++;
    assert_int_equal(r.n, 1);
    assert_true(r.line == line + 1 || (found && r.line == line + 1 + extra_lines));
    line = r.line;
    const cx_csv_field *f = &r.field[0];
    if (f->len == strlen(want) && memcmp(f->ptr, want, f->len) == 0) {
      found++;
      continue;
    }
    bool z = f->len > 0, cd = f->len == 2 && memcmp(f->ptr, "cd", 2) == 0;
    for (size_t i = 0; i < f->len; i++)
      z = z && f->ptr[i] == 'z';
    if (!z && !cd)
      fail_msg("unexpected field of %zu bytes at line %llu", f->len,
               (unsigned long long)r.line);
  }
  assert_int_equal(n, records);
  assert_int_equal(found, 1);
  cx__csv_close(c);
}

/* The first read of a large input takes exactly CX_CSV_BLOCK bytes; place
 * the awkward cases across that boundary. */
static void test_tokenizer_block_boundaries(void **state) {
  (void)state;
  const size_t total = CX_CSV_BLOCK + 5000, B = CX_CSV_BLOCK;
  size_t len, records;
  /* CR last byte of the block, LF first of the next. */
  char *t = aligned_input(total, B - 3, "ab\r\n", &len, &records);
  assert_int_equal(t[B - 1], '\r');
  check_aligned(t, len, records, "ab", 0);
  free(t);
  /* A doubled quote split across the boundary. */
  t = aligned_input(total, B - 3, "\"q\"\"q\"\n", &len, &records);
  assert_int_equal(t[B - 1], '"');
  assert_int_equal(t[B], '"');
  check_aligned(t, len, records, "q\"q", 0);
  free(t);
  /* A closing quote as the block's last byte. */
  t = aligned_input(total, B - 4, "\"qq\"\n", &len, &records);
  assert_int_equal(t[B - 1], '"');
  check_aligned(t, len, records, "qq", 0);
  free(t);
  /* A quoted line end across the boundary (the row spans two lines). */
  t = aligned_input(total, B - 3, "\"a\r\nb\"\n", &len, &records);
  assert_int_equal(t[B - 1], '\r');
  check_aligned(t, len, records, "a\r\nb", 1);
  free(t);
}

static void test_tokenizer_record_limit(void **state) {
  (void)state;
  size_t len = CX_CSV_MAX_RECORD + 100;
  char *text = malloc(len);
  assert_non_null(text);
  memcpy(text, "ok\n", 3);
  memset(text + 3, 'x', len - 3);
  cx_csv *c;
  assert_int_equal(cx__csv_open_buffer(&c, text, len, "long", ','), CX_OK);
  cx_csv_record r;
  bool eof;
  assert_int_equal(cx__csv_next(c, &r, &eof), CX_OK);
  assert_int_equal(cx__csv_next(c, &r, &eof), CX_ERANGE);
  const cx_error_info *e = cx_error_info_last();
  assert_int_equal(e->line, 2);
  assert_int_equal(e->column, 1);
  assert_non_null(strstr(e->message, "1048576"));
  cx__csv_close(c);
  free(text);
  /* Larger than one block: the limit trips while the record is still
   * incomplete. */
  len = CX_CSV_BLOCK + 100;
  text = malloc(len);
  assert_non_null(text);
  memset(text, 'y', len);
  assert_int_equal(cx__csv_open_buffer(&c, text, len, "longer", ','), CX_OK);
  assert_int_equal(cx__csv_next(c, &r, &eof), CX_ERANGE);
  assert_int_equal(cx_error_info_last()->line, 1);
  cx__csv_close(c);
  free(text);
}

static void test_tokenizer_other_delimiter(void **state) {
  (void)state;
  const char text[] = "a;b,c;\"d;e\"\n";
  cx_csv *c;
  assert_int_equal(cx__csv_open_buffer(&c, text, sizeof text - 1, NULL, ';'),
                   CX_OK);
  cx_csv_record r;
  bool eof;
  assert_int_equal(cx__csv_next(c, &r, &eof), CX_OK);
  assert_int_equal(r.n, 3);
  assert_memory_equal(r.field[1].ptr, "b,c", 3);
  assert_memory_equal(r.field[2].ptr, "d;e", 3);
  assert_int_equal(r.field[2].column, 7);
  cx__csv_close(c);
  assert_int_equal(cx__csv_open_buffer(&c, text, 1, NULL, '"'), CX_EINVAL);
}

/* ---- long layout -------------------------------------------------------- */

static void test_long_counts(void **state) {
  (void)state;
  const char *csv =
      "respondent,feature,functional,dysfunctional,importance\n"
      "r1,Speed,like,dislike,7\n"
      "r1,Price,I expect it,I dislike it,\n"
      "r2,Speed,I like it,neutral,5\n"
      "r2,Price,must-be,dislike,3\n"
      "r3,Speed,LIKE,I dislike it.,\n"
      "r3,Price,,dislike,9\n";
  cx_kano_survey *s = load(csv, NULL);
  assert_int_equal(cx_kano_survey_n_features(s), 2);
  assert_string_equal(cx_kano_survey_feature_name(s, 0), "Speed");
  assert_string_equal(cx_kano_survey_feature_name(s, 1), "Price");
  assert_int_equal(cx_kano_survey_n_segments(s), 0);
  cx_kano_cells c = cells(s, "Speed", CX_KANO_ALL);
  assert_int_equal(c.raw[0][4], 2); /* like / dislike: r1, r3 */
  assert_int_equal(c.raw[0][2], 1); /* like / neutral: r2 */
  assert_int_equal(complete(&c), 3);
  assert_int_equal(c.missing, 0);
  assert_int_equal(c.importance_n, 2);
  assert_true(c.importance_sum == 12.0);
  c = cells(s, "Price", CX_KANO_ALL);
  assert_int_equal(c.raw[1][4], 2); /* must-be / dislike: r1, r2 */
  assert_int_equal(complete(&c), 2);
  assert_int_equal(c.missing, 1); /* r3 left the functional answer empty */
  cx_kano_survey_free(s);
}

static void test_long_wordings(void **state) {
  (void)state;
  /* Every canonical answer in three wordings, paired with Dislike, so each
   * lands in a different row of the table. */
  const char *csv =
      "feature,functional,dysfunctional\n"
      "f,I like it,1\n"
      "f,like,I dislike it\n"
      "f,It must be that way,dislike\n"
      "f,Must-be,5\n"
      "f,I am neutral,5\n"
      "f,neutral,5\n"
      "f,I can live with it,5\n"
      "f,I can tolerate it,5\n"
      "f,I dislike it,5\n"
      "f,  Dislike  ,5\n"
      "f,n/a,5\n";
  cx_kano_survey *s = load(csv, NULL);
  cx_kano_cells c = cells(s, "f", CX_KANO_ALL);
  assert_int_equal(c.raw[0][0], 1); /* like / like */
  assert_int_equal(c.raw[0][4], 1);
  assert_int_equal(c.raw[1][4], 2);
  assert_int_equal(c.raw[2][4], 2);
  assert_int_equal(c.raw[3][4], 2);
  assert_int_equal(c.raw[4][4], 2);
  assert_int_equal(c.missing, 1);
  cx_kano_survey_free(s);
}

static void test_reversed_coding_and_custom_label(void **state) {
  (void)state;
  cx_kano_labels *l;
  assert_int_equal(cx_kano_labels_new(&l, CX_KANO_CODING_REVERSED), CX_OK);
  assert_int_equal(cx_kano_labels_add(l, "Love it", CX_KANO_ANSWER_LIKE),
                   CX_OK);
  cx_kano_csv_options o = CX_KANO_CSV_OPTIONS_INIT;
  o.labels = l;
  /* Reversed: 5 = like, 1 = dislike, 4 = must-be, 2 = live-with. */
  const char *csv = "feature,functional,dysfunctional\n"
                    "f,5,1\n"
                    "f,4,1\n"
                    "f,Love it,2\n"
                    "f,3,3\n";
  cx_kano_survey *s = load(csv, &o);
  cx_kano_cells c = cells(s, "f", CX_KANO_ALL);
  assert_int_equal(c.raw[0][4], 1);
  assert_int_equal(c.raw[1][4], 1);
  assert_int_equal(c.raw[0][3], 1);
  assert_int_equal(c.raw[2][2], 1);
  assert_int_equal(complete(&c), 4);
  cx_kano_survey_free(s);
  cx_kano_labels_free(l);
}

static void test_quoted_names_bom_crlf(void **state) {
  (void)state;
  const char *csv = "\xEF\xBB\xBF"
                    "feature ,\" functional\",dysfunctional\r\n"
                    "\"Fast, \"\"free\"\" shipping\",like,dislike\r\n"
                    "\"Two\nlines\",like,dislike\r\n"
                    "\r\n"
                    "  Spaced  ,like,must-be\r\n";
  cx_kano_survey *s = load(csv, NULL);
  assert_int_equal(cx_kano_survey_n_features(s), 3);
  assert_string_equal(cx_kano_survey_feature_name(s, 0),
                      "Fast, \"free\" shipping");
  assert_string_equal(cx_kano_survey_feature_name(s, 1), "Two\nlines");
  /* Names are trimmed like header names. */
  assert_string_equal(cx_kano_survey_feature_name(s, 2), "Spaced");
  assert_int_equal(cells(s, "Spaced", CX_KANO_ALL).raw[0][1], 1);
  cx_kano_survey_free(s);
}

static void test_segments_weights_importance(void **state) {
  (void)state;
  cx_kano_survey *s;
  assert_int_equal(cx_kano_survey_new(&s), CX_OK);
  cx_status st = cx_kano_read_csv(
      s, CX_TEST_SOURCE_DIR "/data/kano_long.csv", NULL);
  if (st)
    print_error("%s\n", cx_error_last());
  assert_int_equal(st, CX_OK);
  assert_int_equal(cx_kano_survey_n_segments(s), 2);
  size_t retail = segment(s, "retail"), business = segment(s, "business");
  assert_int_equal(retail, 0);
  assert_int_equal(business, 1);

  /* Fast checkout: r1 like/dislike w1 retail imp 8; r2 must-be/dislike w2
   * business imp 9; r3 like/dislike w0.5 retail imp 7. */
  cx_kano_cells c = cells(s, "Fast checkout", CX_KANO_ALL);
  assert_int_equal(c.raw[0][4], 2);
  assert_int_equal(c.raw[1][4], 1);
  assert_true(c.weighted[0][4] == 1.5);
  assert_true(c.weighted[1][4] == 2.0);
  assert_true(c.sum_weights == 3.5);
  assert_true(c.sum_weights_sq == 1.0 + 4.0 + 0.25);
  assert_int_equal(c.importance_n, 3);
  assert_true(c.importance_sum_w == 3.5);
  assert_true(c.importance_sum == 8.0 + 2 * 9.0 + 0.5 * 7.0);
  c = cells(s, "Fast checkout", retail);
  assert_int_equal(c.raw[0][4], 2);
  assert_int_equal(complete(&c), 2);
  c = cells(s, "Fast checkout", business);
  assert_int_equal(c.raw[1][4], 1);
  assert_int_equal(complete(&c), 1);

  /* Gift wrap: r1 neutral/neutral retail; r2 like/live-with business imp 3
   * w2; r3 like/(missing) retail. */
  c = cells(s, "Gift wrap, \"premium\"", CX_KANO_ALL);
  assert_int_equal(c.raw[2][2], 1);
  assert_int_equal(c.raw[0][3], 1);
  assert_int_equal(complete(&c), 2);
  assert_int_equal(c.missing, 1);
  assert_int_equal(c.importance_n, 1);
  assert_true(c.importance_sum == 6.0);
  cx_kano_survey_free(s);
}

static void test_respondent_filter_long(void **state) {
  (void)state;
  cx_kano_survey *s;
  assert_int_equal(cx_kano_survey_new(&s), CX_OK);
  cx_kano_filter f = CX_KANO_FILTER_INIT;
  f.max_questionable = 0.5;
  assert_int_equal(cx_kano_survey_set_filter(s, &f), CX_OK);
  /* r2 answers like/like (Q) on both features: 100% Q > 50%, dropped.
   * r1 has one Q of two (50%, kept); r3 answers only one feature. */
  const char *csv = "respondent,feature,functional,dysfunctional\n"
                    "r1,a,like,like\n"
                    "r1,b,like,dislike\n"
                    "r2,a,like,like\n"
                    "r2,b,dislike,dislike\n"
                    "r3,b,must-be,dislike\n";
  assert_int_equal(read_str(s, csv, NULL), CX_OK);
  uint64_t added = 0, dropped = 0;
  assert_int_equal(cx_kano_survey_respondents(s, CX_KANO_ALL, &added,
                                               &dropped),
                   CX_OK);
  assert_int_equal(added, 2);
  assert_int_equal(dropped, 1);
  cx_kano_cells c = cells(s, "a", CX_KANO_ALL);
  assert_int_equal(c.raw[0][0], 1); /* r1 only */
  assert_int_equal(complete(&c), 1);
  c = cells(s, "b", CX_KANO_ALL);
  assert_int_equal(c.raw[0][4], 1);
  assert_int_equal(c.raw[1][4], 1);
  assert_int_equal(c.raw[4][4], 0);
  cx_kano_survey_free(s);
}

/* ---- wide layout -------------------------------------------------------- */

static void test_wide_file(void **state) {
  (void)state;
  cx_kano_survey *s;
  assert_int_equal(cx_kano_survey_new(&s), CX_OK);
  cx_status st =
      cx_kano_read_csv(s, CX_TEST_SOURCE_DIR "/data/kano_wide.csv", NULL);
  if (st)
    print_error("%s\n", cx_error_last());
  assert_int_equal(st, CX_OK);
  assert_int_equal(cx_kano_survey_n_features(s), 2);
  assert_string_equal(cx_kano_survey_feature_name(s, 0), "Fast checkout");
  assert_string_equal(cx_kano_survey_feature_name(s, 1), "Gift wrap");
  cx_kano_cells c = cells(s, "Fast checkout", CX_KANO_ALL);
  assert_int_equal(c.raw[0][4], 2);
  assert_int_equal(c.raw[1][4], 1);
  assert_int_equal(c.importance_n, 2);
  assert_true(c.importance_sum == 14.0);
  c = cells(s, "Gift wrap", CX_KANO_ALL);
  assert_int_equal(c.raw[2][2], 1);
  assert_int_equal(c.raw[0][3], 1);
  assert_int_equal(c.raw[0][1], 1);
  uint64_t added = 0;
  assert_int_equal(cx_kano_survey_respondents(s, segment(s, "retail"), &added,
                                              NULL),
                   CX_OK);
  assert_int_equal(added, 2);
  assert_int_equal(cx_kano_survey_respondents(s, CX_KANO_ALL, &added, NULL),
                   CX_OK);
  assert_int_equal(added, 3);
  cx_kano_survey_free(s);
}

/* A wide file loaded into a survey that already has other features
 * touches only the features in the file: "prior" gains no missing
 * answers. */
static void test_wide_into_survey_with_other_features(void **state) {
  (void)state;
  cx_kano_survey *s = prior_survey();
  const char *csv = "respondent,login_functional,login_dysfunctional\n"
                    "r1,I like it,I dislike it\n"
                    "r2,I expect it,I dislike it\n";
  assert_int_equal(read_str(s, csv, NULL), CX_OK);
  cx_kano_cells c = cells(s, "prior", CX_KANO_ALL);
  assert_int_equal(c.missing, 0);
  assert_int_equal(complete(&c), 1);
  c = cells(s, "login", CX_KANO_ALL);
  assert_int_equal(c.raw[0][4], 1);
  assert_int_equal(c.raw[1][4], 1);
  cx_kano_survey_free(s);
}

static void test_wide_swapped_and_suffixes(void **state) {
  (void)state;
  cx_kano_csv_options o = CX_KANO_CSV_OPTIONS_INIT;
  o.functional_suffix = "_f";
  o.dysfunctional_suffix = "_df";
  o.swapped = " b , c";
  /* b and c have their columns the other way round: the "_f" column holds
   * the dysfunctional answer.  The dysfunctional suffix "_df" ends with
   * the functional one "_f", so the longer one must win. */
  const char *csv = "a_f,a_df,b_f,b_df,c_df,c_f\n"
                    "like,dislike,dislike,like,like,dislike\n"
                    "2,5,5,2,3,3\n";
  cx_kano_survey *s = load(csv, &o);
  assert_int_equal(cx_kano_survey_n_features(s), 3);
  assert_int_equal(cells(s, "a", CX_KANO_ALL).raw[0][4], 1);
  assert_int_equal(cells(s, "a", CX_KANO_ALL).raw[1][4], 1);
  assert_int_equal(cells(s, "b", CX_KANO_ALL).raw[0][4], 1);
  assert_int_equal(cells(s, "b", CX_KANO_ALL).raw[1][4], 1);
  /* c: c_df holds the functional answer (swapped) */
  assert_int_equal(cells(s, "c", CX_KANO_ALL).raw[0][4], 1);
  assert_int_equal(cells(s, "c", CX_KANO_ALL).raw[2][2], 1);
  cx_kano_survey_free(s);

  o.swapped = "zzz";
  expect_error(csv, &o, CX_EINVAL, 0, 0, "zzz", "swapped");
}

static void test_layout_forced(void **state) {
  (void)state;
  /* This header has the long columns, but forced wide it has features
   * "x" only. */
  const char *csv = "feature,functional,dysfunctional,x_functional,"
                    "x_dysfunctional\n"
                    "f,like,dislike,neutral,neutral\n";
  cx_kano_csv_options o = CX_KANO_CSV_OPTIONS_INIT;
  cx_kano_survey *s = load(csv, &o);
  assert_int_equal(cx_kano_survey_n_features(s), 1);
  assert_string_equal(cx_kano_survey_feature_name(s, 0), "f");
  cx_kano_survey_free(s);
  o.layout = CX_KANO_CSV_WIDE;
  s = load(csv, &o);
  assert_int_equal(cx_kano_survey_n_features(s), 1);
  assert_string_equal(cx_kano_survey_feature_name(s, 0), "x");
  assert_int_equal(cells(s, "x", CX_KANO_ALL).raw[2][2], 1);
  cx_kano_survey_free(s);
}

/* ---- merge into an existing survey -------------------------------------- */

static void test_loads_add_up(void **state) {
  (void)state;
  const char *csv = "feature,functional,dysfunctional\n"
                    "prior,like,dislike\n"
                    "new,neutral,neutral\n";
  cx_kano_survey *s = prior_survey();
  assert_int_equal(read_str(s, csv, NULL), CX_OK);
  assert_int_equal(read_str(s, csv, NULL), CX_OK);
  assert_int_equal(cells(s, "prior", CX_KANO_ALL).raw[0][4], 3);
  assert_int_equal(cells(s, "new", CX_KANO_ALL).raw[2][2], 2);
  cx_kano_survey_free(s);
}

static void test_many_rows_in_batches(void **state) {
  (void)state;
  /* More rows than one batch and, at ~6 MB, more than one block. */
  const char *rows[] = {"like,dislike\n", "must-be,dislike\n",
                        "\"neutral\",neutral\n"};
  size_t n = 300000;
  size_t cap = 64 + n * 32;
  char *csv = malloc(cap);
  assert_non_null(csv);
  size_t o = (size_t)snprintf(csv, cap, "feature,functional,dysfunctional\n");
  for (size_t i = 0; i < n; i++)
    o += (size_t)snprintf(csv + o, cap - o, "f%u,%s", (unsigned)(i % 7),
                          rows[i % 3]);
  cx_kano_survey *s;
  assert_int_equal(cx_kano_survey_new(&s), CX_OK);
  assert_int_equal(cx_kano_read_csv_buffer(s, csv, o, NULL, NULL), CX_OK);
  assert_int_equal(cx_kano_survey_n_features(s), 7);
  /* Row i goes to feature i % 7 with answer pattern i % 3; over 21
   * consecutive rows every (feature, pattern) pair occurs once, and
   * 300000 = 21 * 14285 + 15. */
  uint64_t like = 0, must = 0, neutral = 0;
  for (size_t f = 0; f < 7; f++) {
    cx_kano_cells c;
    assert_int_equal(cx_kano_survey_cells(s, f, CX_KANO_ALL, &c), CX_OK);
    like += c.raw[0][4];
    must += c.raw[1][4];
    neutral += c.raw[2][2];
  }
  assert_int_equal(like, 100000);
  assert_int_equal(must, 100000);
  assert_int_equal(neutral, 100000);
  cx_kano_cells c;
  assert_int_equal(cx_kano_survey_cells(s, 0, CX_KANO_ALL, &c), CX_OK);
  assert_int_equal(complete(&c), 14285 * 3 + 3);
  cx_kano_survey_free(s);
  free(csv);
}

/* ---- errors ------------------------------------------------------------- */

static void test_error_unknown_label(void **state) {
  (void)state;
  expect_error("feature,functional,dysfunctional\n"
               "a,like,dislike\n"
               "b,like,maybe\n",
               NULL, CX_EPARSE, 3, 8, "maybe", "unknown Kano answer");
}

static void test_error_short_and_long_rows(void **state) {
  (void)state;
  expect_error("feature,functional,dysfunctional\n"
               "a,like,dislike\n"
               "b,like\n",
               NULL, CX_EPARSE, 3, 7, NULL, "short row");
  expect_error("feature,functional,dysfunctional\n"
               "a,like,dislike,extra\n",
               NULL, CX_EPARSE, 2, 16, "extra", "long row");
}

static void test_error_bad_utf8(void **state) {
  (void)state;
  expect_error("feature,functional,dysfunctional\n"
               "ok,like,dislike\n"
               "f\xC3(,like,dislike\n",
               NULL, CX_EPARSE, 3, 1, NULL, "UTF-8");
  expect_error("feature,functional,dysfunctional\n"
               "ok,like,dis\xFFlike\n",
               NULL, CX_EPARSE, 2, 9, NULL, "UTF-8");
}

static void test_error_empty_and_header_only(void **state) {
  (void)state;
  expect_error("", NULL, CX_EPARSE, 1, 1, NULL, "empty");
  expect_error("\n\n", NULL, CX_EPARSE, 1, 1, NULL, "empty");
  expect_error("feature,functional,dysfunctional\n", NULL, CX_EPARSE, 2, 1,
               NULL, "no data rows");
}

static void test_error_missing_columns(void **state) {
  (void)state;
  cx_kano_csv_options o = CX_KANO_CSV_OPTIONS_INIT;
  o.layout = CX_KANO_CSV_LONG;
  expect_error("feature,functional,dysfunctionl\na,like,dislike\n", &o,
               CX_EPARSE, 1, 1, "dysfunctional", "no dysfunctional column");
  /* Auto: neither layout fits. */
  expect_error("feature,functional\na,like\n", NULL, CX_EPARSE, 1, 1, NULL,
               "no Kano columns");
  /* Wide: a functional column without its partner. */
  expect_error("x_functional,y_functional,y_dysfunctional\n1,1,5\n", NULL,
               CX_EPARSE, 1, 1, "x_dysfunctional", "dysfunctional");
  o = (cx_kano_csv_options)CX_KANO_CSV_OPTIONS_INIT;
  o.require_segment = 1;
  o.segment_column = "group";
  expect_error("feature,functional,dysfunctional\na,like,dislike\n", &o,
               CX_EPARSE, 1, 1, "group", "segment");
  o.require_segment = 0;
  o.require_weight = 1;
  expect_error("feature,functional,dysfunctional\na,like,dislike\n", &o,
               CX_EPARSE, 1, 1, "weight", "weight");
  expect_error("feature,feature,functional,dysfunctional\na,a,like,dislike\n",
               NULL, CX_EPARSE, 1, 9, "feature", "twice");
}

static void test_error_bad_weight_and_importance(void **state) {
  (void)state;
  const char *head = "feature,functional,dysfunctional,weight\n";
  char csv[256];
  snprintf(csv, sizeof csv, "%sa,like,dislike,1\na,like,dislike,-2\n", head);
  expect_error(csv, NULL, CX_ERANGE, 3, 16, "-2", "weight");
  snprintf(csv, sizeof csv, "%sa,like,dislike,heavy\n", head);
  expect_error(csv, NULL, CX_ERANGE, 2, 16, "heavy", "weight");
  snprintf(csv, sizeof csv, "%sa,like,dislike,inf\n", head);
  expect_error(csv, NULL, CX_ERANGE, 2, 16, "inf", "weight");
  snprintf(csv, sizeof csv, "%sa,like,dislike,\n", head);
  expect_error(csv, NULL, CX_ERANGE, 2, 16, "", "weight");
  expect_error("feature,functional,dysfunctional,importance\n"
               "a,like,dislike,very\n",
               NULL, CX_EPARSE, 2, 16, "very", "importance");
  expect_error("feature,functional,dysfunctional,importance\n"
               "a,like,dislike,1e999\n",
               NULL, CX_ERANGE, 2, 16, "1e999", "importance");
}

static void test_error_nul_and_quotes(void **state) {
  (void)state;
  const char nul[] = "feature,functional,dysfunctional\na,li\0ke,dislike\n";
  expect_error_n(nul, sizeof nul - 1, NULL, CX_EPARSE, 2, 5, NULL, "NUL");
  expect_error("feature,functional,dysfunctional\n"
               "a,like,dislike\n"
               "b,\"like,dislike\n"
               "c,like,dislike\n",
               NULL, CX_EPARSE, 3, 3, NULL, "unterminated");
  expect_error("feature,functional,dysfunctional\n"
               "a,\"like\"x,dislike\n",
               NULL, CX_EPARSE, 2, 9, "x", "closing quote");
  /* A line after a quoted line end is counted right. */
  expect_error("feature,functional,dysfunctional\n"
               "\"a\nb\",like,dislike\n"
               "c,like,dislikes\n",
               NULL, CX_EPARSE, 4, 8, "dislikes", "unknown");
}

static void test_error_record_too_long(void **state) {
  (void)state;
  size_t n = CX_CSV_MAX_RECORD + 10;
  const char *head = "feature,functional,dysfunctional\n";
  size_t h = strlen(head);
  char *csv = malloc(h + n + 20);
  assert_non_null(csv);
  memcpy(csv, head, h);
  memset(csv + h, 'f', n);
  memcpy(csv + h + n, ",like,dislike\n", 14);
  expect_error_n(csv, h + n + 14, NULL, CX_ERANGE, 2, 1, NULL, "1048576");
  free(csv);
}

static void test_error_respondent_order(void **state) {
  (void)state;
  cx_kano_survey *s;
  assert_int_equal(cx_kano_survey_new(&s), CX_OK);
  cx_kano_filter f = CX_KANO_FILTER_INIT;
  f.max_indifferent = 0.9;
  assert_int_equal(cx_kano_survey_set_filter(s, &f), CX_OK);
  size_t la, lb;
  uint8_t *before = bytes_of(s, &la);
  assert_int_equal(read_str(s,
                            "respondent,feature,functional,dysfunctional\n"
                            "r1,a,like,dislike\n"
                            "r2,a,like,dislike\n"
                            "r1,b,like,dislike\n",
                            NULL),
                   CX_EPARSE);
  const cx_error_info *e = cx_error_info_last();
  assert_int_equal(e->line, 4);
  assert_int_equal(e->column, 1);
  assert_string_equal(e->value, "r1");
  /* Without a respondent column the filter cannot work. */
  assert_int_equal(read_str(s,
                            "feature,functional,dysfunctional\n"
                            "a,like,dislike\n",
                            NULL),
                   CX_EPARSE);
  assert_non_null(strstr(cx_error_last(), "respondent"));
  /* The same feature twice for one respondent. */
  assert_int_equal(read_str(s,
                            "respondent,feature,functional,dysfunctional\n"
                            "r1,a,like,dislike\n"
                            "r1,a,like,dislike\n",
                            NULL),
                   CX_EPARSE);
  assert_int_equal(cx_error_info_last()->line, 3);
  uint8_t *after = bytes_of(s, &lb);
  assert_int_equal(la, lb);
  assert_memory_equal(before, after, la);
  cx_free(before);
  cx_free(after);
  cx_kano_survey_free(s);
}

static void test_error_file(void **state) {
  (void)state;
  cx_kano_survey *s = prior_survey();
  assert_int_equal(cx_kano_read_csv(s, CX_TEST_SOURCE_DIR "/data/no-such.csv",
                                    NULL),
                   CX_EIO);
  assert_non_null(strstr(cx_error_last(), "no-such.csv"));
  assert_int_equal(cx_kano_read_csv(NULL, "x", NULL), CX_EINVAL);
  cx_kano_csv_options o = CX_KANO_CSV_OPTIONS_INIT;
  o.version = 99;
  assert_int_equal(read_str(s, "a_functional,a_dysfunctional\n1,5\n", &o),
                   CX_EINVAL);
  cx_kano_survey_free(s);
}

/* ---- limits ------------------------------------------------------------- */

/* Largest single block libcx asked for, through the allocator hooks that
 * main() installs. */
static size_t largest_block;

static void *track_malloc(size_t n) {
  if (n > largest_block)
    largest_block = n;
  return malloc(n);
}

static void *track_realloc(void *p, size_t n) {
  if (n > largest_block)
    largest_block = n;
  return realloc(p, n);
}

static void test_limits_defaults(void **state) {
  (void)state;
  const cx_read_limits d = CX_READ_LIMITS_INIT;
  assert_true(d.max_bytes == 0);
  assert_true(d.max_record == CX_CSV_MAX_RECORD);
  assert_true(d.max_record == (size_t)1048576);
  assert_true(d.max_columns == 10000);
  assert_true(d.max_names == 100000);
  const cx_kano_csv_options o = CX_KANO_CSV_OPTIONS_INIT;
  assert_memory_equal(&o.limits, &d, sizeof d);
}

/* The tokenizer's own limits: each trips at limit + 1, not at the limit. */
static void test_tokenizer_limits(void **state) {
  (void)state;
  cx_csv *c;
  cx_csv_record r;
  bool eof;
  /* Columns: the error points at the first field past the limit and
   * counts every field of the record. */
  const char cols[] = "a,bb,c\n\"x\",y,z,w\n";
  assert_int_equal(cx__csv_open_buffer(&c, cols, sizeof cols - 1, "c", ','),
                   CX_OK);
  assert_int_equal(cx__csv_set_limits(c, 0, 0, 3), CX_OK);
  assert_int_equal(cx__csv_next(c, &r, &eof), CX_OK);
  assert_int_equal(r.n, 3);
  assert_int_equal(cx__csv_next(c, &r, &eof), CX_ERANGE);
  const cx_error_info *e = cx_error_info_last();
  assert_int_equal(e->line, 2);
  assert_int_equal(e->column, 9);
  assert_string_equal(e->message,
                      "c:2:9: 4 columns exceed the limit max_columns = 3");
  cx__csv_close(c);
  /* Record bytes, line end included: "abcd\n" is 5. */
  const char rec[] = "abcd\nxy";
  for (size_t lim = 4; lim <= 5; lim++) {
    assert_int_equal(cx__csv_open_buffer(&c, rec, sizeof rec - 1, "r", ','),
                     CX_OK);
    assert_int_equal(cx__csv_set_limits(c, 0, lim, 0), CX_OK);
    cx_status st = cx__csv_next(c, &r, &eof);
    if (lim == 4) {
      assert_int_equal(st, CX_ERANGE);
      e = cx_error_info_last();
      assert_int_equal(e->line, 1);
      assert_int_equal(e->column, 1);
      assert_non_null(strstr(e->message, "the limit max_record = 4"));
    } else {
      assert_int_equal(st, CX_OK);
      assert_int_equal(cx__csv_next(c, &r, &eof), CX_OK);
      assert_false(eof);
      assert_int_equal(r.field[0].len, 2);
    }
    cx__csv_close(c);
  }
  /* Bytes of a buffer: known up front. */
  assert_int_equal(cx__csv_open_buffer(&c, rec, 7, "b", ','), CX_OK);
  assert_int_equal(cx__csv_set_limits(c, 6, 0, 0), CX_ERANGE);
  assert_string_equal(cx_error_last(),
                      "b:1:1: 7 bytes exceed the limit max_bytes = 6");
  cx__csv_close(c);
  assert_int_equal(cx__csv_open_buffer(&c, rec, 7, "b", ','), CX_OK);
  assert_int_equal(cx__csv_set_limits(c, 7, 0, 0), CX_OK);
  cx__csv_close(c);
}

/* A record longer than the block: the buffer grows to max_record + 2 at
 * most (one byte past the limit and the sentinel), and huge limits do not
 * overflow. */
static void test_tokenizer_record_growth(void **state) {
  (void)state;
  size_t n = (size_t)6 << 20; /* 'y' x n, then "\n": n + 1 bytes */
  char *text = malloc(n + 1);
  assert_non_null(text);
  memset(text, 'y', n);
  text[n] = '\n';
  const size_t limits[] = {n, n + 1, SIZE_MAX - 1, SIZE_MAX, 0};
  for (size_t i = 0; i < sizeof limits / sizeof limits[0]; i++) {
    cx_csv *c;
    cx_csv_record r;
    bool eof;
    largest_block = 0;
    assert_int_equal(cx__csv_open_buffer(&c, text, n + 1, "g", ','), CX_OK);
    assert_int_equal(
        cx__csv_set_limits(c, UINT64_MAX, limits[i], SIZE_MAX), CX_OK);
    cx_status st = cx__csv_next(c, &r, &eof);
    if (i == 0) {
      assert_int_equal(st, CX_ERANGE);
      assert_non_null(strstr(cx_error_last(), "max_record = 6291456"));
      assert_true(largest_block <= n + 2);
    } else {
      assert_int_equal(st, CX_OK);
      assert_int_equal(r.n, 1);
      assert_int_equal(r.field[0].len, n);
      if (i == 1)
        assert_true(largest_block <= n + 3);
      assert_int_equal(cx__csv_next(c, &r, &eof), CX_OK);
      assert_true(eof);
    }
    cx__csv_close(c);
  }
  free(text);
}

static const char LIM_LONG[] = "feature,functional,dysfunctional\n"
                               "a,like,dislike\n"
                               "b,like,dislike\n"
                               "c,like,dislike\n";

static void test_limit_names(void **state) {
  (void)state;
  cx_kano_csv_options o = CX_KANO_CSV_OPTIONS_INIT;
  o.limits.max_names = 2;
  expect_error(LIM_LONG, &o, CX_ERANGE, 4, 1, "c",
               "3 features exceed the limit max_names = 2");
  o.limits.max_names = 3;
  cx_kano_survey *s = load(LIM_LONG, &o);
  assert_int_equal(cx_kano_survey_n_features(s), 3);
  cx_kano_survey_free(s);
  /* Features the survey already has are not created, so not counted. */
  o.limits.max_names = 2;
  s = prior_survey();
  assert_int_equal(read_str(s,
                            "feature,functional,dysfunctional\n"
                            "prior,like,dislike\na,like,dislike\n"
                            "b,like,dislike\n",
                            &o),
                   CX_OK);
  assert_int_equal(cx_kano_survey_n_features(s), 3);
  cx_kano_survey_free(s);
  /* Segments. */
  const char seg[] = "feature,functional,dysfunctional,segment\n"
                     "a,like,dislike,s1\na,like,dislike,s2\n"
                     "a,like,dislike,s1\n";
  o.limits.max_names = 1;
  s = NULL;
  assert_int_equal(cx_kano_survey_new(&s), CX_OK);
  assert_int_equal(read_str(s, seg, &o), CX_ERANGE);
  const cx_error_info *e = cx_error_info_last();
  assert_int_equal(e->line, 3);
  assert_int_equal(e->column, 16);
  assert_string_equal(e->value, "s2");
  assert_non_null(
      strstr(e->message, "2 segments exceed the limit max_names = 1"));
  assert_int_equal(cx_kano_survey_n_features(s), 0);
  o.limits.max_names = 2;
  assert_int_equal(read_str(s, seg, &o), CX_OK);
  assert_int_equal(cx_kano_survey_n_segments(s), 2);
  cx_kano_survey_free(s);
  /* Wide: features come from the header. */
  const char wide[] = "a_functional,a_dysfunctional,b_functional,"
                      "b_dysfunctional\nlike,dislike,like,dislike\n";
  o.limits.max_names = 1;
  expect_error(wide, &o, CX_ERANGE, 1, 30, "b_functional",
               "2 features exceed the limit max_names = 1");
  o.limits.max_names = 2;
  s = load(wide, &o);
  assert_int_equal(cx_kano_survey_n_features(s), 2);
  cx_kano_survey_free(s);
}

static void test_limit_columns_record_bytes(void **state) {
  (void)state;
  const char wide[] = "a_functional,a_dysfunctional,b_functional,"
                      "b_dysfunctional\nlike,dislike,like,dislike\n";
  cx_kano_csv_options o = CX_KANO_CSV_OPTIONS_INIT;
  o.limits.max_columns = 3;
  expect_error(wide, &o, CX_ERANGE, 1, 43, NULL,
               "t.csv:1:43: 4 columns exceed the limit max_columns = 3");
  o.limits.max_columns = 4;
  cx_kano_survey *s = load(wide, &o);
  cx_kano_survey_free(s);
  /* The header is the longest record: 33 bytes with its line end. */
  o = (cx_kano_csv_options)CX_KANO_CSV_OPTIONS_INIT;
  o.limits.max_record = 32;
  expect_error(LIM_LONG, &o, CX_ERANGE, 1, 1, NULL,
               "exceeds the limit max_record = 32");
  o.limits.max_record = 33;
  s = load(LIM_LONG, &o);
  cx_kano_survey_free(s);
  /* Whole input: 78 bytes. */
  size_t len = strlen(LIM_LONG);
  assert_int_equal(len, 78);
  o = (cx_kano_csv_options)CX_KANO_CSV_OPTIONS_INIT;
  o.limits.max_bytes = 77;
  expect_error(LIM_LONG, &o, CX_ERANGE, 1, 1, NULL,
               "t.csv:1:1: 78 bytes exceed the limit max_bytes = 77");
  o.limits.max_bytes = 78;
  s = load(LIM_LONG, &o);
  cx_kano_survey_free(s);
  /* The default column limit: 10001 columns trip it, 10000 do not (that
   * header fails later, for having no Kano columns). */
  char *hdr = malloc(10001 * 8 + 32);
  assert_non_null(hdr);
  for (size_t ncol = 10000; ncol <= 10001; ncol++) {
    size_t k = 0;
    for (size_t i = 0; i < ncol; i++)
      k += (size_t)sprintf(hdr + k, "x%zu%c", i, i + 1 < ncol ? ',' : '\n');
    k += (size_t)sprintf(hdr + k, "1\n");
    if (ncol == 10000)
      expect_error_n(hdr, k, NULL, CX_EPARSE, 0, 0, NULL, "no Kano columns");
    else
      expect_error_n(hdr, k, NULL, CX_ERANGE, 1, 58891, NULL,
                     "10001 columns exceed the limit max_columns = 10000");
  }
  free(hdr);
  /* Huge limits behave like no limit, without overflow. */
  o = (cx_kano_csv_options)CX_KANO_CSV_OPTIONS_INIT;
  const cx_read_limits huge[] = {
      {UINT64_MAX, SIZE_MAX, SIZE_MAX, SIZE_MAX},
      {UINT64_MAX - 1, SIZE_MAX - 1, SIZE_MAX - 1, SIZE_MAX - 1},
      {0, 0, 0, 0}};
  for (size_t i = 0; i < 3; i++) {
    o.limits = huge[i];
    s = load(LIM_LONG, &o);
    assert_int_equal(cx_kano_survey_n_features(s), 3);
    cx_kano_survey_free(s);
  }
}

/* A pipe has no size: the bytes are counted as they arrive, and the place
 * is where the first byte past the limit is. */
static void test_limit_bytes_streamed(void **state) {
  (void)state;
  const char text[] = "feature,functional,dysfunctional\na,like,dislike\n";
  size_t len = sizeof text - 1; /* 48 */
  for (uint64_t lim = 47; lim <= 48; lim++) {
    int fd[2];
    assert_int_equal(pipe(fd), 0);
    assert_int_equal(write(fd[1], text, len), (ssize_t)len);
    close(fd[1]);
    char path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd[0]);
    cx_kano_csv_options o = CX_KANO_CSV_OPTIONS_INIT;
    o.limits.max_bytes = lim;
    cx_kano_survey *s = prior_survey();
    size_t la, lb;
    uint8_t *before = bytes_of(s, &la);
    cx_status st = cx_kano_read_csv(s, path, &o);
    if (lim == 47) {
      assert_int_equal(st, CX_ERANGE);
      const cx_error_info *e = cx_error_info_last();
      assert_int_equal(e->line, 2);
      assert_int_equal(e->column, 15);
      assert_non_null(strstr(e->message, "more than 47 bytes exceed the "
                                         "limit max_bytes = 47"));
      uint8_t *after = bytes_of(s, &lb);
      assert_int_equal(la, lb);
      assert_memory_equal(before, after, la);
      cx_free(after);
    } else {
      assert_int_equal(st, CX_OK);
      assert_int_equal(cx_kano_survey_n_features(s), 2);
    }
    cx_free(before);
    cx_kano_survey_free(s);
    close(fd[0]);
  }
  /* A regular file is refused from its size before anything is read. */
  char path[] = "/tmp/cx-limit-XXXXXX";
  int fd = mkstemp(path);
  assert_true(fd >= 0);
  assert_int_equal(write(fd, text, len), (ssize_t)len);
  close(fd);
  cx_kano_csv_options o = CX_KANO_CSV_OPTIONS_INIT;
  o.limits.max_bytes = 47;
  cx_kano_survey *s = prior_survey();
  assert_int_equal(cx_kano_read_csv(s, path, &o), CX_ERANGE);
  assert_non_null(strstr(cx_error_last(), ":1:1: 48 bytes exceed the limit "
                                          "max_bytes = 47"));
  assert_int_equal(cx_kano_survey_n_features(s), 1);
  o.limits.max_bytes = 48;
  assert_int_equal(cx_kano_read_csv(s, path, &o), CX_OK);
  assert_int_equal(cx_kano_survey_n_features(s), 2);
  cx_kano_survey_free(s);
  unlink(path);
}

int main(void) {
  /* Installed before any other libcx call, as the hooks require. */
  if (cx_set_allocator(track_malloc, track_realloc, free) != CX_OK)
    return 1;
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_tokenizer_fields_and_places),
      cmocka_unit_test(test_tokenizer_block_boundaries),
      cmocka_unit_test(test_tokenizer_record_limit),
      cmocka_unit_test(test_tokenizer_other_delimiter),
      cmocka_unit_test(test_long_counts),
      cmocka_unit_test(test_long_wordings),
      cmocka_unit_test(test_reversed_coding_and_custom_label),
      cmocka_unit_test(test_quoted_names_bom_crlf),
      cmocka_unit_test(test_segments_weights_importance),
      cmocka_unit_test(test_respondent_filter_long),
      cmocka_unit_test(test_wide_file),
      cmocka_unit_test(test_wide_into_survey_with_other_features),
      cmocka_unit_test(test_wide_swapped_and_suffixes),
      cmocka_unit_test(test_layout_forced),
      cmocka_unit_test(test_loads_add_up),
      cmocka_unit_test(test_many_rows_in_batches),
      cmocka_unit_test(test_error_unknown_label),
      cmocka_unit_test(test_error_short_and_long_rows),
      cmocka_unit_test(test_error_bad_utf8),
      cmocka_unit_test(test_error_empty_and_header_only),
      cmocka_unit_test(test_error_missing_columns),
      cmocka_unit_test(test_error_bad_weight_and_importance),
      cmocka_unit_test(test_error_nul_and_quotes),
      cmocka_unit_test(test_error_record_too_long),
      cmocka_unit_test(test_error_respondent_order),
      cmocka_unit_test(test_error_file),
      cmocka_unit_test(test_limits_defaults),
      cmocka_unit_test(test_tokenizer_limits),
      cmocka_unit_test(test_tokenizer_record_growth),
      cmocka_unit_test(test_limit_names),
      cmocka_unit_test(test_limit_columns_record_bytes),
      cmocka_unit_test(test_limit_bytes_streamed),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
