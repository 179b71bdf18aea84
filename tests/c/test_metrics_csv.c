/* Tests of the NPS, CSAT and CES CSV reader: scores, segments and weights
 * worked out by hand from small files in both layouts, the missing / not
 * applicable / don't know answers, every error with its line, column and
 * value, and that a failed load leaves the accumulator unchanged. */
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
#include <cx/metrics.h>

/* ---- helpers ------------------------------------------------------------ */

static cx_status read_str(cx_metric_survey *s, const char *csv,
                          const cx_metric_csv_options *o) {
  return cx_metric_read_csv_buffer(s, csv, strlen(csv), "t.csv", o);
}

static cx_metric_survey *new_nps(void) {
  cx_metric_survey *s;
  assert_int_equal(cx_metric_survey_new_nps(&s, NULL), CX_OK);
  return s;
}

static void load_into(cx_metric_survey *s, const char *csv,
                      const cx_metric_csv_options *o) {
  cx_status st = read_str(s, csv, o);
  if (st != CX_OK)
    print_error("unexpected failure: %s\n", cx_error_last());
  assert_int_equal(st, CX_OK);
}

static cx_nps_result *nps_of(const cx_metric_survey *s, size_t seg) {
  cx_nps_options o = CX_NPS_OPTIONS_INIT;
  o.bootstrap = 0;
  cx_nps_result *r;
  assert_int_equal(cx_nps_compute(&r, s, seg, &o), CX_OK);
  return r;
}

static size_t segment(const cx_metric_survey *s, const char *name) {
  size_t i = 999;
  assert_int_equal(cx_metric_survey_find_segment(s, name, &i), CX_OK);
  return i;
}

static uint8_t *bytes_of(const cx_metric_survey *s, size_t *len) {
  uint8_t *b;
  assert_int_equal(cx_metric_survey_serialize(s, &b, len), CX_OK);
  return b;
}

/* The read must fail with @p st at @p line:@p col (0: not checked) naming
 * @p value (NULL: not checked), with @p what in the message, and leave a
 * non-empty accumulator exactly as it was. */
static void expect_error_s(cx_metric_survey *s, const char *csv,
                           const cx_metric_csv_options *o, cx_status st,
                           uint64_t line, uint64_t col, const char *value,
                           const char *what) {
  size_t n0, n1;
  uint8_t *before = bytes_of(s, &n0);
  cx_status got = read_str(s, csv, o);
  const cx_error_info *e = cx_error_info_last();
  if (got != st || (what && !strstr(e->message, what)))
    print_error("got %d '%s'\n", got, e->message);
  assert_int_equal(got, st);
  if (line) {
    assert_non_null(e->path);
    assert_string_equal(e->path, "t.csv");
    assert_int_equal(e->line, line);
    assert_int_equal(e->column, col);
  }
  if (value) {
    assert_non_null(e->value);
    assert_string_equal(e->value, value);
  }
  if (what)
    assert_non_null(strstr(e->message, what));
  uint8_t *after = bytes_of(s, &n1);
  assert_int_equal(n0, n1);
  assert_memory_equal(before, after, n0);
  cx_free(before);
  cx_free(after);
}

/* An NPS accumulator that already holds one answer, so "unchanged" means
 * more than "still empty". */
static void expect_error(const char *csv, const cx_metric_csv_options *o,
                         cx_status st, uint64_t line, uint64_t col,
                         const char *value, const char *what) {
  cx_metric_survey *s = new_nps();
  assert_int_equal(cx_metric_survey_add(s, 0, 10, 1.0, "prior"), CX_OK);
  expect_error_s(s, csv, o, st, line, col, value, what);
  cx_metric_survey_free(s);
}

/* ---- wide layout -------------------------------------------------------- */

/* Ten answers 9 10 9 10 9 | 7 8 7 | 0 6: 5 promoters, 3 passives,
 * 2 detractors, NPS = 0.5 - 0.2 = 0.3, variance 0.5 + 0.2 - 0.09 = 0.61;
 * mean score (9+10+9+10+9+7+8+7+0+6)/10 = 7.5.  Three more rows carry no
 * score: empty, "n/a" and "Don't know"; without codes on the scale all
 * three are missing. */
static const char *const TEN =
    "respondent,nps,csat\n"
    "r1,9,5\nr2,10,4\nr3,9,5\nr4,10,5\nr5,9,3\n"
    "r6,7,4\nr7,8,4\nr8,7,2\nr9,0,1\nr10,6,3\n"
    "r11,,5\nr12,n/a,4\nr13,Don't know,\n";

static void test_wide_nps_ten_rows(void **state) {
  (void)state;
  cx_metric_survey *s = new_nps();
  load_into(s, TEN, NULL);
  cx_nps_result *r = nps_of(s, CX_METRIC_ALL);
  assert_int_equal(r->sample.n_raw, 10);
  assert_int_equal(r->sample.n_missing, 3);
  assert_int_equal(r->sample.n_not_applicable, 0);
  assert_int_equal(r->sample.n_dont_know, 0);
  assert_true(r->promoters == 5 && r->passives == 3 && r->detractors == 2);
  assert_true(fabs(r->nps - 0.3) < 1e-15);
  assert_true(fabs(r->variance - 0.61) < 1e-15);
  assert_true(fabs(r->mean_score - 7.5) < 1e-15);
  assert_true(r->sample.count[0] == 1 && r->sample.count[6] == 1 &&
              r->sample.count[9] == 3 && r->sample.count[10] == 2);
  cx_nps_result_free(r);
  cx_metric_survey_free(s);
}

/* The same file's csat column: 5 4 5 5 3 4 4 2 1 3 5 4 and one empty.
 * Top two boxes (4, 5): 8 of 12 = 2/3; mean 45/12 = 3.75. */
static void test_wide_csat_column(void **state) {
  (void)state;
  cx_metric_survey *s;
  assert_int_equal(cx_metric_survey_new_csat(&s, NULL), CX_OK);
  load_into(s, TEN, NULL);
  cx_csat_options o = CX_CSAT_OPTIONS_INIT;
  o.method = CX_CSAT_TOP2BOX;
  cx_csat_result *r;
  assert_int_equal(cx_csat_compute(&r, s, CX_METRIC_ALL, &o), CX_OK);
  assert_int_equal(r->sample.n_raw, 12);
  assert_int_equal(r->sample.n_missing, 1);
  assert_true(fabs(r->top2 - 2.0 / 3.0) < 1e-15);
  assert_true(fabs(r->mean - 3.75) < 1e-15);
  cx_csat_result_free(r);
  cx_metric_survey_free(s);
}

/* Codes declared on the scale: 98 not applicable, 99 don't know.  The
 * texts map onto them and so do the numbers (numeric_codes default 1). */
static void test_codes_and_texts(void **state) {
  (void)state;
  cx_scale sc;
  assert_int_equal(cx_scale_preset(&sc, CX_SCALE_NPS), CX_OK);
  sc.has_na_code = 1;
  sc.na_code = 98;
  sc.has_dk_code = 1;
  sc.dk_code = 99;
  cx_metric_survey *s;
  assert_int_equal(cx_metric_survey_new_nps(&s, &sc), CX_OK);
  load_into(s,
            "nps\n10\n98\n99\n N/A \nnot applicable\nDK\ndo not know\n"
            "NA\nnull\nNaN\nmissing\n\"\"\n3\n",
            NULL);
  cx_nps_result *r = nps_of(s, CX_METRIC_ALL);
  /* 10 and 3 are answers; 98, N/A, not applicable are n/a (3); 99, DK,
   * do not know are don't know (3); NA, null, NaN, missing and the empty
   * quoted cell are missing (5).  NPS = (1 - 1)/2 = 0. */
  assert_int_equal(r->sample.n_raw, 2);
  assert_int_equal(r->sample.n_not_applicable, 3);
  assert_int_equal(r->sample.n_dont_know, 3);
  assert_int_equal(r->sample.n_missing, 5);
  assert_true(r->nps == 0.0);
  cx_nps_result_free(r);
  /* numeric_codes = 0: the texts still count, the number 98 is an error. */
  cx_metric_csv_options o = CX_METRIC_CSV_OPTIONS_INIT;
  o.numeric_codes = 0;
  load_into(s, "nps\nn/a\ndk\n", &o);
  r = nps_of(s, CX_METRIC_ALL);
  assert_int_equal(r->sample.n_not_applicable, 4);
  assert_int_equal(r->sample.n_dont_know, 4);
  cx_nps_result_free(r);
  expect_error_s(s, "nps\n5\n98\n", &o, CX_ERANGE, 3, 1, "98",
                 "outside the scale 0-10");
  /* Own texts: only "skip" means not applicable now, "n/a" is an error. */
  o = (cx_metric_csv_options)CX_METRIC_CSV_OPTIONS_INIT;
  o.na_text = "skip, nvt";
  o.dk_text = NULL;
  load_into(s, "nps\nSKIP\nnvt\n", &o);
  r = nps_of(s, CX_METRIC_ALL);
  assert_int_equal(r->sample.n_not_applicable, 6);
  cx_nps_result_free(r);
  expect_error_s(s, "nps\nn/a\n", &o, CX_EPARSE, 2, 1, "n/a",
                 "not a number");
  expect_error_s(s, "nps\ndk\n", &o, CX_EPARSE, 2, 1, "dk", "not a number");
  cx_metric_survey_free(s);
}

/* ---- long layout -------------------------------------------------------- */

/* Long file with three questions.  CSAT rows (metric written "CSAT" and
 * " csat "): 1 2 3 3 4 4 4 5 5 5: top-2 0.6, mean 3.6.  NPS rows: 10, 10,
 * 2: NPS (2 - 1)/3 = 1/3.  CES rows: 7, 5, 4, 2: agreeing (5-7) 2 of 4. */
static const char *const LONG =
    "respondent,metric,score\n"
    "a,nps,10\na,CSAT,1\na,ces,7\n"
    "b,nps,10\nb,csat,2\nb,ces,5\n"
    "c,nps,2\nc, csat ,3\nc,ces,4\n"
    "d,csat,3\nd,ces,2\ne,csat,4\nf,csat,4\ng,csat,4\n"
    "h,csat,5\ni,csat,5\nj,csat,5\n";

static void test_long_picks_metric_rows(void **state) {
  (void)state;
  cx_metric_survey *s;
  assert_int_equal(cx_metric_survey_new_csat(&s, NULL), CX_OK);
  load_into(s, LONG, NULL);
  cx_csat_options co = CX_CSAT_OPTIONS_INIT;
  co.method = CX_CSAT_MEAN;
  cx_csat_result *c;
  assert_int_equal(cx_csat_compute(&c, s, CX_METRIC_ALL, &co), CX_OK);
  assert_int_equal(c->sample.n_raw, 10);
  assert_true(fabs(c->top2 - 0.6) < 1e-15);
  assert_true(fabs(c->value - 3.6) < 1e-15);
  cx_csat_result_free(c);
  cx_metric_survey_free(s);

  s = new_nps();
  load_into(s, LONG, NULL);
  cx_nps_result *r = nps_of(s, CX_METRIC_ALL);
  assert_int_equal(r->sample.n_raw, 3);
  assert_true(fabs(r->nps - 1.0 / 3.0) < 1e-15);
  cx_nps_result_free(r);
  cx_metric_survey_free(s);

  assert_int_equal(cx_metric_survey_new_ces(&s, CX_CES_2, NULL), CX_OK);
  load_into(s, LONG, NULL);
  cx_ces_result *e;
  assert_int_equal(cx_ces_compute(&e, s, CX_METRIC_ALL, NULL), CX_OK);
  assert_int_equal(e->sample.n_raw, 4);
  assert_true(e->share_easy == 0.5);
  assert_true(e->mean == 4.5);
  cx_ces_result_free(e);
  cx_metric_survey_free(s);
}

/* Own column names and a metric text that is not the metric's name: the
 * rows of question "ltr" (likelihood to recommend) are 9 and 0. */
static void test_long_custom_names(void **state) {
  (void)state;
  cx_metric_csv_options o = CX_METRIC_CSV_OPTIONS_INIT;
  o.layout = CX_METRIC_CSV_LONG;
  o.metric_column = "question";
  o.metric = "LTR";
  o.score_column = "answer";
  cx_metric_survey *s = new_nps();
  load_into(s, "question,answer\nltr,9\nosat,2\nltr,0\n", &o);
  cx_nps_result *r = nps_of(s, CX_METRIC_ALL);
  assert_int_equal(r->sample.n_raw, 2);
  assert_true(r->nps == 0.0);
  cx_nps_result_free(r);
  cx_metric_survey_free(s);
}

/* ---- segments and weights ---------------------------------------------- */

/* Segment a: 10 (w 2), 0 (w 1), 8 (w 1): promoters 2, passives 1,
 * detractors 1, n = 4, NPS = (2 - 1)/4 = 0.25, n_eff = 16/(4+1+1) = 8/3.
 * Segment b: 9 and 9 with weight 0.5: NPS 1, n = 1, n_eff = 1/0.5 = 2.
 * Pooled: promoters 3, detractors 1, n = 5: NPS 0.4. */
static void test_segments_and_weights(void **state) {
  (void)state;
  cx_metric_survey *s = new_nps();
  load_into(s,
            "segment,weight,nps\n"
            "a,2,10\nb,0.5,9\na,1,0\n\" b \",.5,9\na,1.0,8\n",
            NULL);
  assert_int_equal(cx_metric_survey_n_segments(s), 2);
  assert_string_equal(cx_metric_survey_segment_name(s, 0), "a");
  assert_string_equal(cx_metric_survey_segment_name(s, 1), "b");
  cx_nps_result *r = nps_of(s, segment(s, "a"));
  assert_true(r->sample.n == 4.0 && r->sample.n_raw == 3);
  assert_true(fabs(r->nps - 0.25) < 1e-15);
  assert_true(fabs(r->sample.n_effective - 8.0 / 3.0) < 1e-12);
  cx_nps_result_free(r);
  r = nps_of(s, segment(s, "b"));
  assert_true(r->sample.n == 1.0 && r->nps == 1.0);
  assert_true(fabs(r->sample.n_effective - 2.0) < 1e-12);
  cx_nps_result_free(r);
  r = nps_of(s, CX_METRIC_ALL);
  assert_true(fabs(r->nps - 0.4) < 1e-15);
  cx_nps_result_free(r);
  cx_metric_survey_free(s);
}

/* A segment or weight column is used only when its name is given and
 * present: naming none ignores columns that happen to be called so. */
static void test_optional_columns_off(void **state) {
  (void)state;
  cx_metric_csv_options o = CX_METRIC_CSV_OPTIONS_INIT;
  o.segment_column = NULL;
  o.weight_column = NULL;
  cx_metric_survey *s = new_nps();
  load_into(s, "segment,weight,nps\na,3,10\nb,1,0\n", &o);
  assert_int_equal(cx_metric_survey_n_segments(s), 0);
  cx_nps_result *r = nps_of(s, CX_METRIC_ALL);
  assert_true(r->sample.n == 2.0 && r->nps == 0.0);
  cx_nps_result_free(r);
  cx_metric_survey_free(s);
}

/* Loading into an accumulator that has segments: matched by name, new
 * ones added after the existing ones; loading twice doubles the counts. */
static void test_merge_into_existing(void **state) {
  (void)state;
  cx_metric_survey *s = new_nps();
  assert_int_equal(cx_metric_survey_add_segment(s, "z", NULL), CX_OK);
  assert_int_equal(cx_metric_survey_add(s, 0, 9, 1.0, NULL), CX_OK);
  const char *csv = "segment,nps\ny,10\nz,0\n";
  load_into(s, csv, NULL);
  load_into(s, csv, NULL);
  assert_int_equal(cx_metric_survey_n_segments(s), 2);
  assert_string_equal(cx_metric_survey_segment_name(s, 1), "y");
  cx_nps_result *r = nps_of(s, segment(s, "z"));
  /* z: 9 once, 0 twice: (1 - 2)/3. */
  assert_true(r->sample.n_raw == 3 && fabs(r->nps + 1.0 / 3.0) < 1e-15);
  cx_nps_result_free(r);
  r = nps_of(s, segment(s, "y"));
  assert_true(r->sample.n_raw == 2 && r->nps == 1.0);
  cx_nps_result_free(r);
  cx_metric_survey_free(s);
}

/* ---- CSV details -------------------------------------------------------- */

static void test_bom_crlf_quotes_delimiter(void **state) {
  (void)state;
  cx_metric_survey *s = new_nps();
  /* Byte-order mark, CRLF, quoted header and cells, spaces around. */
  load_into(s, "\xEF\xBB\xBF\"respondent\",\"nps\"\r\nr1,\" 10 \"\r\n"
               "r2,9.0\r\nr3,+0\r\n",
            NULL);
  cx_nps_result *r = nps_of(s, CX_METRIC_ALL);
  assert_int_equal(r->sample.n_raw, 3);
  assert_true(fabs(r->nps - 1.0 / 3.0) < 1e-15);
  cx_nps_result_free(r);
  cx_metric_csv_options o = CX_METRIC_CSV_OPTIONS_INIT;
  o.delimiter = ';';
  load_into(s, "nps;csat\n0;1,5\n", &o);
  r = nps_of(s, CX_METRIC_ALL);
  assert_int_equal(r->sample.n_raw, 4);
  assert_true(r->detractors == 2.0);
  cx_nps_result_free(r);
  cx_metric_survey_free(s);
}

/* More rows than one batch: 10007 rows cycling 0..10 give 910 of each
 * score for 0..10 (10010 = 910 * 11 minus the last three: 8, 9, 10 have
 * one fewer) - so promoters 909 + 909, detractors 7 * 910. */
static void test_many_rows(void **state) {
  (void)state;
  size_t cap = 10007 * 4 + 16;
  char *csv = malloc(cap);
  assert_non_null(csv);
  size_t len = (size_t)snprintf(csv, cap, "nps\n");
  for (int i = 0; i < 10007; i++)
    len += (size_t)snprintf(csv + len, cap - len, "%d\n", i % 11);
  cx_metric_survey *s = new_nps();
  assert_int_equal(cx_metric_read_csv_buffer(s, csv, len, NULL, NULL), CX_OK);
  cx_nps_result *r = nps_of(s, CX_METRIC_ALL);
  assert_int_equal(r->sample.n_raw, 10007);
  assert_true(r->detractors == 7 * 910.0);
  assert_true(r->passives == 910.0 + 909.0);
  assert_true(r->promoters == 909.0 + 909.0);
  cx_nps_result_free(r);
  cx_metric_survey_free(s);
  free(csv);
}

/* ---- errors ------------------------------------------------------------- */

static void test_error_scores(void **state) {
  (void)state;
  const char *h = "respondent,nps\n";
  char csv[256];
  snprintf(csv, sizeof csv, "%sr1,9\nr2,11\n", h);
  expect_error(csv, NULL, CX_ERANGE, 3, 4, "11",
               "nps score is outside the scale 0-10 in column 'nps' "
               "(respondent r2)");
  snprintf(csv, sizeof csv, "%sr1,-1\n", h);
  expect_error(csv, NULL, CX_ERANGE, 2, 4, "-1", "outside the scale");
  snprintf(csv, sizeof csv, "%sr1,7.5\n", h);
  expect_error(csv, NULL, CX_ERANGE, 2, 4, "7.5", "not a whole point");
  snprintf(csv, sizeof csv, "%sr1,great\n", h);
  expect_error(csv, NULL, CX_EPARSE, 2, 4, "great", "not a number");
  snprintf(csv, sizeof csv, "%sr1,inf\n", h);
  expect_error(csv, NULL, CX_EPARSE, 2, 4, "inf", "not a number");
  snprintf(csv, sizeof csv, "%sr1,0x9\n", h);
  expect_error(csv, NULL, CX_EPARSE, 2, 4, "0x9", "not a number");
  snprintf(csv, sizeof csv, "%sr1,1e400\n", h);
  expect_error(csv, NULL, CX_ERANGE, 2, 4, "1e400", "outside the scale");
  snprintf(csv, sizeof csv, "%sr1,\"9 \xFF\"\n", h);
  expect_error(csv, NULL, CX_EPARSE, 2, 4, NULL, "UTF-8");
  /* Without a respondent column the message has no respondent. */
  expect_error("nps\n12\n", NULL, CX_ERANGE, 2, 1, "12",
               "outside the scale 0-10 in column 'nps'");
  /* CSAT on 1-5: 0 and 6 are off the scale. */
  cx_metric_survey *s;
  assert_int_equal(cx_metric_survey_new_csat(&s, NULL), CX_OK);
  expect_error_s(s, "csat\n0\n", NULL, CX_ERANGE, 2, 1, "0",
                 "csat score is outside the scale 1-5");
  cx_metric_survey_free(s);
}

static void test_error_weight_and_segment(void **state) {
  (void)state;
  /* A segmented accumulator that already holds an answer. */
  cx_metric_survey *s = new_nps();
  assert_int_equal(cx_metric_survey_add_segment(s, "a", NULL), CX_OK);
  assert_int_equal(cx_metric_survey_add(s, 0, 7, 1.0, NULL), CX_OK);
  const char *h = "segment,weight,nps\n";
  char csv[256];
  snprintf(csv, sizeof csv, "%sa,1,9\na,-2,9\n", h);
  expect_error_s(s, csv, NULL, CX_ERANGE, 3, 3, "-2", "weight");
  snprintf(csv, sizeof csv, "%sa,heavy,9\n", h);
  expect_error_s(s, csv, NULL, CX_ERANGE, 2, 3, "heavy", "weight");
  snprintf(csv, sizeof csv, "%sa,,9\n", h);
  expect_error_s(s, csv, NULL, CX_ERANGE, 2, 3, "", "weight");
  snprintf(csv, sizeof csv, "%sa,nan,9\n", h);
  expect_error_s(s, csv, NULL, CX_ERANGE, 2, 3, "nan", "weight");
  snprintf(csv, sizeof csv, "%sa,1e999,9\n", h);
  expect_error_s(s, csv, NULL, CX_ERANGE, 2, 3, "1e999", "weight");
  snprintf(csv, sizeof csv, "%s  ,1,9\n", h);
  expect_error_s(s, csv, NULL, CX_EPARSE, 2, 1, NULL, "empty segment name");
  snprintf(csv, sizeof csv, "%s\xC3(,1,9\n", h);
  expect_error_s(s, csv, NULL, CX_EPARSE, 2, 1, NULL, "UTF-8");
  cx_metric_survey_free(s);
}

static void test_error_rows_and_file_shape(void **state) {
  (void)state;
  expect_error("respondent,nps\nr1,9\nr2\n", NULL, CX_EPARSE, 3, 3, NULL,
               "short row");
  expect_error("respondent,nps\nr1,9,x\n", NULL, CX_EPARSE, 2, 6, "x",
               "long row");
  expect_error("", NULL, CX_EPARSE, 1, 1, NULL, "empty file");
  expect_error("respondent,nps\n", NULL, CX_EPARSE, 2, 1, NULL,
               "no data rows");
  expect_error("respondent,nps\nr1,\"9\n", NULL, CX_EPARSE, 2, 4, NULL,
               "unterminated");
  const char nul[] = "nps\n9\0\n";
  cx_metric_survey *s = new_nps();
  assert_int_equal(cx_metric_read_csv_buffer(s, nul, sizeof nul - 1, "t.csv",
                                             NULL),
                   CX_EPARSE);
  assert_int_equal(cx_error_info_last()->line, 2);
  assert_non_null(strstr(cx_error_last(), "NUL"));
  cx_metric_survey_free(s);
}

static void test_error_columns(void **state) {
  (void)state;
  expect_error("respondent,csat\nr1,4\n", NULL, CX_EPARSE, 1, 1, "nps",
               "no score column");
  cx_metric_csv_options o = CX_METRIC_CSV_OPTIONS_INIT;
  o.layout = CX_METRIC_CSV_LONG;
  expect_error("respondent,score\nr1,4\n", &o, CX_EPARSE, 1, 1, "metric",
               "no metric column");
  /* Long (auto, from the metric column) without a score column. */
  expect_error("metric,value\nnps,4\n", NULL, CX_EPARSE, 1, 1, "score",
               "no score column");
  /* Long file without a row of the metric. */
  expect_error("metric,score\ncsat,4\nces,5\n", NULL, CX_EPARSE, 1, 1, "nps",
               "no row has this metric in column 'metric'");
  o = (cx_metric_csv_options)CX_METRIC_CSV_OPTIONS_INIT;
  o.require_segment = 1;
  o.segment_column = "region";
  expect_error("nps\n9\n", &o, CX_EPARSE, 1, 1, "region", "segment");
  o.require_segment = 0;
  o.require_weight = 1;
  expect_error("nps\n9\n", &o, CX_EPARSE, 1, 1, "weight", "weight");
  expect_error("nps,x,nps\n9,1,9\n", NULL, CX_EPARSE, 1, 7, "nps", "twice");
  o = (cx_metric_csv_options)CX_METRIC_CSV_OPTIONS_INIT;
  o.score_column = "weight";
  expect_error("weight,nps\n1,9\n", &o, CX_EINVAL, 1, 1, "weight",
               "both the score and the weight column");
}

static void test_error_segments_mismatch(void **state) {
  (void)state;
  /* The accumulator has segments, the file has none. */
  cx_metric_survey *s = new_nps();
  assert_int_equal(cx_metric_survey_add_segment(s, "a", NULL), CX_OK);
  assert_int_equal(cx_metric_survey_add(s, 0, 3, 1.0, NULL), CX_OK);
  expect_error_s(s, "nps\n9\n", NULL, CX_EPARSE, 1, 1, NULL,
                 "has segments");
  cx_metric_survey_free(s);
  /* The accumulator holds unsegmented answers, the file has segments. */
  expect_error("nps,segment\n9,a\n", NULL, CX_ESTATE, 1, 5, "segment",
               "unsegmented");
}

static void test_error_arguments(void **state) {
  (void)state;
  cx_metric_survey *s = new_nps();
  assert_int_equal(cx_metric_read_csv(NULL, "x.csv", NULL), CX_EINVAL);
  assert_int_equal(cx_metric_read_csv(s, NULL, NULL), CX_EINVAL);
  assert_int_equal(cx_metric_read_csv_buffer(s, NULL, 3, NULL, NULL),
                   CX_EINVAL);
  cx_metric_csv_options o = CX_METRIC_CSV_OPTIONS_INIT;
  o.version = 99;
  expect_error("nps\n9\n", &o, CX_EINVAL, 0, 0, NULL, "version");
  o = (cx_metric_csv_options)CX_METRIC_CSV_OPTIONS_INIT;
  o.layout = (cx_metric_csv_layout)7;
  expect_error("nps\n9\n", &o, CX_EINVAL, 0, 0, NULL, "layout");
  o = (cx_metric_csv_options)CX_METRIC_CSV_OPTIONS_INIT;
  o.layout = CX_METRIC_CSV_LONG;
  o.metric_column = NULL;
  expect_error("nps\n9\n", &o, CX_EINVAL, 0, 0, NULL, "metric column");
  o = (cx_metric_csv_options)CX_METRIC_CSV_OPTIONS_INIT;
  o.require_weight = 1;
  o.weight_column = NULL;
  expect_error("nps\n9\n", &o, CX_EINVAL, 0, 0, NULL, "require_weight");
  o = (cx_metric_csv_options)CX_METRIC_CSV_OPTIONS_INIT;
  o.delimiter = '"';
  expect_error("nps\n9\n", &o, CX_EINVAL, 0, 0, NULL, "delimiter");
  cx_metric_survey_free(s);
}

static void test_error_file(void **state) {
  (void)state;
  cx_metric_survey *s = new_nps();
  assert_int_equal(cx_metric_read_csv(s, "/nonexistent/dir/x.csv", NULL),
                   CX_EIO);
  assert_non_null(strstr(cx_error_last(), "/nonexistent/dir/x.csv"));
  cx_metric_survey_free(s);
}

/* ---- the bundled sample ------------------------------------------------- */

/* Every one of the 600 respondents lands in exactly one count, in both
 * layouts the file can be read as, for each question. */
static void test_sample_file(void **state) {
  (void)state;
  const char *dir = getenv("CX_EXAMPLES_DATA");
  if (!dir)
    skip();
  char path[1024];
  snprintf(path, sizeof path, "%s/cx_metrics.csv", dir);
  cx_metric_survey *n = new_nps(), *c, *e;
  assert_int_equal(cx_metric_survey_new_csat(&c, NULL), CX_OK);
  assert_int_equal(cx_metric_survey_new_ces(&e, CX_CES_2, NULL), CX_OK);
  cx_metric_survey *all[] = {n, c, e};
  for (int k = 0; k < 3; k++) {
    cx_status st = cx_metric_read_csv(all[k], path, NULL);
    if (st)
      print_error("%s\n", cx_error_last());
    assert_int_equal(st, CX_OK);
    assert_int_equal(cx_metric_survey_n_segments(all[k]), 3);
    assert_int_equal(cx_metric_survey_find_segment(all[k], "private-banking",
                                                   &(size_t){0}),
                     CX_OK);
  }
  cx_nps_result *r = nps_of(n, CX_METRIC_ALL);
  assert_int_equal(r->sample.n_raw + r->sample.n_missing +
                       r->sample.n_not_applicable + r->sample.n_dont_know,
                   600);
  assert_true(r->sample.n_missing > 0);
  cx_nps_result_free(r);
  cx_metric_survey_free(n);
  cx_metric_survey_free(c);
  cx_metric_survey_free(e);
}

/* ---- limits ------------------------------------------------------------- */

static void test_limits(void **state) {
  (void)state;
  const cx_metric_csv_options d = CX_METRIC_CSV_OPTIONS_INIT;
  const cx_read_limits dl = CX_READ_LIMITS_INIT;
  assert_memory_equal(&d.limits, &dl, sizeof dl);
  const char csv[] = "respondent,segment,nps\n"
                     "r1,s1,9\nr2,s2,10\nr3,s3,7\nr4,s1,0\n";
  /* s1 is the survey's already; s2 is the first segment the file creates
   * and s3 the second. */
  cx_metric_survey *s = new_nps();
  size_t k;
  assert_int_equal(cx_metric_survey_add_segment(s, "s1", &k), CX_OK);
  assert_int_equal(cx_metric_survey_add(s, k, 10, 1.0, "prior"), CX_OK);
  cx_metric_csv_options o = CX_METRIC_CSV_OPTIONS_INIT;
  o.limits.max_names = 1;
  expect_error_s(s, csv, &o, CX_ERANGE, 4, 4, "s3",
                 "t.csv:4:4: 2 segments exceed the limit max_names = 1");
  o.limits.max_names = 2;
  load_into(s, csv, &o);
  assert_int_equal(cx_metric_survey_n_segments(s), 3);
  /* Columns: "nps" is the third field, at column 20. */
  o = (cx_metric_csv_options)CX_METRIC_CSV_OPTIONS_INIT;
  o.limits.max_columns = 2;
  expect_error_s(s, csv, &o, CX_ERANGE, 1, 20, NULL,
                 "3 columns exceed the limit max_columns = 2");
  /* Record bytes: "respondent,segment,nps\n" is 23. */
  o = (cx_metric_csv_options)CX_METRIC_CSV_OPTIONS_INIT;
  o.limits.max_record = 22;
  expect_error_s(s, csv, &o, CX_ERANGE, 1, 1, NULL,
                 "exceeds the limit max_record = 22");
  /* Whole input. */
  o = (cx_metric_csv_options)CX_METRIC_CSV_OPTIONS_INIT;
  o.limits.max_bytes = sizeof csv - 2;
  expect_error_s(s, csv, &o, CX_ERANGE, 1, 1, NULL,
                 "56 bytes exceed the limit max_bytes = 55");
  cx_metric_survey_free(s);
  /* At the limits (and with huge ones) the file loads. */
  const cx_read_limits ok[] = {{56, 23, 3, 3},
                               {UINT64_MAX, SIZE_MAX, SIZE_MAX, SIZE_MAX}};
  for (size_t i = 0; i < 2; i++) {
    s = new_nps();
    o.limits = ok[i];
    load_into(s, csv, &o);
    assert_int_equal(cx_metric_survey_n_segments(s), 3);
    cx_metric_survey_free(s);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_wide_nps_ten_rows),
      cmocka_unit_test(test_wide_csat_column),
      cmocka_unit_test(test_codes_and_texts),
      cmocka_unit_test(test_long_picks_metric_rows),
      cmocka_unit_test(test_long_custom_names),
      cmocka_unit_test(test_segments_and_weights),
      cmocka_unit_test(test_optional_columns_off),
      cmocka_unit_test(test_merge_into_existing),
      cmocka_unit_test(test_bom_crlf_quotes_delimiter),
      cmocka_unit_test(test_many_rows),
      cmocka_unit_test(test_error_scores),
      cmocka_unit_test(test_error_weight_and_segment),
      cmocka_unit_test(test_error_rows_and_file_shape),
      cmocka_unit_test(test_error_columns),
      cmocka_unit_test(test_error_segments_mismatch),
      cmocka_unit_test(test_error_arguments),
      cmocka_unit_test(test_error_file),
      cmocka_unit_test(test_sample_file),
      cmocka_unit_test(test_limits),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
