/* Tests of the gap survey CSV reader: small files in both layouts whose
 * figures are worked out by hand, the reader against the accumulator fed
 * directly with the same answers (identical serialized bytes), segments,
 * weights, points, the missing / not applicable / don't know answers,
 * every error with its line, column and value, and that a failed load
 * leaves the caller's survey unchanged. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <cx/gap.h>
#include <cx/io.h>

/* cmocka 1.1 has no double comparison. */
#define assert_double_equal(a, b, tol)                                         \
  assert_true(fabs((double)(a) - (double)(b)) <= (tol))

#ifndef CX_TEST_SOURCE_DIR
#define CX_TEST_SOURCE_DIR "."
#endif

/* ---- helpers ------------------------------------------------------------ */

static cx_status read_str(cx_gap_survey *s, const char *csv,
                          const cx_gap_csv_options *o) {
  return cx_gap_read_csv_buffer(s, csv, strlen(csv), "t.csv", o);
}

static cx_gap_survey *survey_with(const cx_gap_config *c) {
  cx_gap_survey *s;
  assert_int_equal(cx_gap_survey_new(&s, c), CX_OK);
  return s;
}

static cx_gap_survey *load(const char *csv, const cx_gap_csv_options *o) {
  cx_gap_survey *s = survey_with(NULL);
  cx_status st = read_str(s, csv, o);
  if (st != CX_OK)
    print_error("unexpected failure: %s\n", cx_error_last());
  assert_int_equal(st, CX_OK);
  return s;
}

static cx_gap_result *result_of(const cx_gap_survey *s) {
  cx_gap_result *r;
  assert_int_equal(cx_gap_result_compute(&r, s, NULL), CX_OK);
  return r;
}

static uint8_t *bytes_of(const cx_gap_survey *s, size_t *len) {
  uint8_t *b;
  assert_int_equal(cx_gap_survey_serialize(s, &b, len), CX_OK);
  return b;
}

static void assert_same_survey(const cx_gap_survey *a, const cx_gap_survey *b) {
  size_t na, nb;
  uint8_t *x = bytes_of(a, &na), *y = bytes_of(b, &nb);
  assert_int_equal(na, nb);
  assert_memory_equal(x, y, na);
  cx_free(x);
  cx_free(y);
}

/* The read must fail with @p st at @p line:@p col (0: not checked) naming
 * @p value (NULL: not checked) with @p what in the message, and leave the
 * survey exactly as it was. */
static void expect_error_in(cx_gap_survey *s, const char *csv,
                            const cx_gap_csv_options *o, cx_status st,
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

static void expect_error(const char *csv, const cx_gap_csv_options *o,
                         cx_status st, uint64_t line, uint64_t col,
                         const char *value, const char *what) {
  /* Once into an empty survey and once into one with items of its own. */
  cx_gap_survey *s = survey_with(NULL);
  expect_error_in(s, csv, o, st, line, col, value, what);
  assert_int_equal(cx_gap_survey_n_items(s), 0);
  cx_gap_survey_free(s);
}

/* ---- long layout --------------------------------------------------------- */

/* Three respondents, two items.
 *   q1: (E, P) = (5, 3), (6, 6), (4, 5): gaps -2, 0, 1, mean -1/3
 *   q2: (7, 4), (5, missing), (6, 7): gaps -3, 1, mean -1 */
static const char long_csv[] =
    "respondent,item,dimension,expectation,perception\n"
    "r1,q1,speed,5,3\n"
    "r1,q2,care,7,4\n"
    "r2,q1,speed,6,6\n"
    "r2,q2,care,5,\n"
    "r3,q1,speed,4,5\n"
    "r3,q2,care,6,7\n";

static void long_layout_by_hand(void **state) {
  (void)state;
  cx_gap_survey *s = load(long_csv, NULL);
  assert_int_equal(cx_gap_survey_n_respondents(s), 3);
  assert_int_equal(cx_gap_survey_n_items(s), 2);
  assert_string_equal(cx_gap_survey_item_id(s, 0), "q1");
  assert_string_equal(cx_gap_survey_item_id(s, 1), "q2");
  assert_int_equal(cx_gap_survey_n_dimensions(s), 2);
  assert_string_equal(cx_gap_survey_dimension_name(s, 0), "speed");
  assert_int_equal(cx_gap_survey_item_dimension(s, 1), 1);
  cx_gap_result *r = result_of(s);
  const cx_gap_item_result *q1 = cx_gap_result_item(r, 0);
  const cx_gap_item_result *q2 = cx_gap_result_item(r, 1);
  assert_int_equal(q1->gap.n, 3);
  assert_double_equal(q1->gap.mean, -1.0 / 3.0, 1e-12);
  assert_double_equal(q1->gap.mean_e, 5.0, 1e-12);
  assert_double_equal(q1->gap.mean_p, 14.0 / 3.0, 1e-12);
  assert_int_equal(q2->gap.n, 2);
  assert_int_equal(q2->n_missing, 1);
  assert_double_equal(q2->gap.mean, -1.0, 1e-12);
  /* Performance counts every valid P: 4 and 7. */
  assert_int_equal(q2->performance_n, 2);
  assert_double_equal(q2->performance_mean, 5.5, 1e-12);
  cx_gap_result_free(r);
  cx_gap_survey_free(s);
}

/* The reader gives the same accumulator as feeding the answers directly. */
static void long_equals_direct_feed(void **state) {
  (void)state;
  cx_gap_survey *s = load(long_csv, NULL);
  cx_gap_survey *d = survey_with(NULL);
  assert_int_equal(cx_gap_survey_add_item(d, "q1", NULL, "speed", 0, NULL),
                   CX_OK);
  assert_int_equal(cx_gap_survey_add_item(d, "q2", NULL, "care", 0, NULL),
                   CX_OK);
  const double e[3][2] = {{5, 7}, {6, 5}, {4, 6}};
  const double p[3][2] = {{3, 4}, {6, NAN}, {5, 7}};
  for (int i = 0; i < 3; i++) {
    cx_gap_response r = CX_GAP_RESPONSE_INIT;
    r.expectation = e[i];
    r.perception = p[i];
    assert_int_equal(cx_gap_survey_add_respondent(d, &r), CX_OK);
  }
  assert_same_survey(s, d);
  cx_gap_survey_free(s);
  cx_gap_survey_free(d);
}

/* The same answers in the wide layout, into a survey with the items. */
static void wide_equals_long(void **state) {
  (void)state;
  static const char wide[] =
      "respondent,q1_expectation,q1_perception,q2_expectation,"
      "q2_perception,age\n"
      "r1,5,3,7,4,41\n"
      "r2,6,6,5,,33\n"
      "r3,4,5,6,7,29\n";
  cx_gap_survey *s = load(long_csv, NULL);
  cx_gap_survey *w = survey_with(NULL);
  assert_int_equal(cx_gap_survey_add_item(w, "q1", NULL, "speed", 0, NULL),
                   CX_OK);
  assert_int_equal(cx_gap_survey_add_item(w, "q2", NULL, "care", 0, NULL),
                   CX_OK);
  assert_int_equal(read_str(w, wide, NULL), CX_OK);
  assert_same_survey(s, w);
  /* Into an empty survey the wide header declares the items, without
   * dimensions. */
  cx_gap_survey *e = load(wide, NULL);
  assert_int_equal(cx_gap_survey_n_items(e), 2);
  assert_int_equal(cx_gap_survey_n_dimensions(e), 0);
  assert_int_equal(cx_gap_survey_n_respondents(e), 3);
  cx_gap_survey_free(e);
  cx_gap_survey_free(s);
  cx_gap_survey_free(w);
}

/* Reading twice merges: the counts double. */
static void second_read_adds(void **state) {
  (void)state;
  cx_gap_survey *s = load(long_csv, NULL);
  assert_int_equal(read_str(s, long_csv, NULL), CX_OK);
  assert_int_equal(cx_gap_survey_n_respondents(s), 6);
  cx_gap_result *r = result_of(s);
  assert_int_equal(cx_gap_result_item(r, 0)->gap.n, 6);
  assert_double_equal(cx_gap_result_item(r, 0)->gap.mean, -1.0 / 3.0, 1e-12);
  cx_gap_result_free(r);
  cx_gap_survey_free(s);
}

/* ---- weights, codes, zone of tolerance, importance ----------------------- */

static void weights_by_hand(void **state) {
  (void)state;
  /* Gaps -2 (w 1), 0 (w 3): weighted mean -0.5; Kish n (4^2)/10 = 1.6. */
  static const char csv[] = "respondent,weight,item,expectation,perception\n"
                            "a,1,q,5,3\n"
                            "b, 3 ,q,6,6\n";
  cx_gap_survey *s = load(csv, NULL);
  cx_gap_result *r = result_of(s);
  const cx_gap_item_result *q = cx_gap_result_item(r, 0);
  assert_double_equal(q->gap.mean, -0.5, 1e-12);
  assert_double_equal(q->gap.sum_weights, 4.0, 1e-12);
  assert_double_equal(q->gap.n_eff, 1.6, 1e-12);
  cx_gap_result_free(r);
  cx_gap_survey_free(s);
  /* Without a weight column name the column is an ordinary one. */
  cx_gap_csv_options o = CX_GAP_CSV_OPTIONS_INIT;
  o.weight_column = NULL;
  s = load(csv, &o);
  r = result_of(s);
  assert_double_equal(cx_gap_result_item(r, 0)->gap.mean, -1.0, 1e-12);
  cx_gap_result_free(r);
  cx_gap_survey_free(s);
}

static void codes_and_texts(void **state) {
  (void)state;
  cx_gap_config c = CX_GAP_CONFIG_INIT;
  c.scale.has_na_code = 1;
  c.scale.na_code = 98;
  c.scale.has_dk_code = 1;
  c.scale.dk_code = 99;
  static const char csv[] = "respondent,item,expectation,perception\n"
                            "a,q,5,N/A\n"
                            "b,q,98,4\n"
                            "c,q,Don't Know,4\n"
                            "d,q,99,4\n"
                            "e,q,NA,4\n"
                            "f,q,null,\n"
                            "g,q,6,7\n";
  cx_gap_survey *s = survey_with(&c);
  assert_int_equal(read_str(s, csv, NULL), CX_OK);
  cx_gap_result *r = result_of(s);
  const cx_gap_item_result *q = cx_gap_result_item(r, 0);
  assert_int_equal(q->n_not_applicable, 2);
  assert_int_equal(q->n_dont_know, 2);
  assert_int_equal(q->n_missing, 2);
  assert_int_equal(q->gap.n, 1);
  cx_gap_result_free(r);
  cx_gap_survey_free(s);
  /* numeric_codes = 0: the number 98 is off the scale. */
  cx_gap_csv_options o = CX_GAP_CSV_OPTIONS_INIT;
  o.numeric_codes = 0;
  s = survey_with(&c);
  expect_error_in(s, csv, &o, CX_ERANGE, 3, 5, "98", "outside the scale");
  cx_gap_survey_free(s);
  /* A scale without codes counts the texts as missing. */
  s = load("respondent,item,expectation,perception\n"
           "a,q,5,n/a\nb,q,dk,4\nc,q,6,7\n",
           NULL);
  r = result_of(s);
  q = cx_gap_result_item(r, 0);
  assert_int_equal(q->n_missing, 2);
  assert_int_equal(q->n_not_applicable, 0);
  assert_int_equal(q->gap.n, 1);
  cx_gap_result_free(r);
  cx_gap_survey_free(s);
}

static void zone_and_importance(void **state) {
  (void)state;
  /* Triples (A, D, P): (3, 6, 2) below, (4, 6, 5) within, (2, 3, 7)
   * above; MSA = P - A = -1, 1, 5: mean 5/3.  Importance 7, 5, 6: 6. */
  static const char csv[] =
      "respondent,item,expectation,perception,adequate,desired,importance\n"
      "a,q,4,2,3,6,7\n"
      "b,q,5,5,4,6,5\n"
      "c,q,6,7,2,3,6\n";
  cx_gap_survey *s = load(csv, NULL);
  cx_gap_result *r = result_of(s);
  const cx_gap_item_result *q = cx_gap_result_item(r, 0);
  assert_int_equal(q->zot_n, 3);
  assert_int_equal(q->zot_below, 1);
  assert_int_equal(q->zot_within, 1);
  assert_int_equal(q->zot_above, 1);
  assert_double_equal(q->msa_mean, 5.0 / 3.0, 1e-12);
  assert_double_equal(q->importance_mean, 6.0, 1e-12);
  cx_gap_result_free(r);
  cx_gap_survey_free(s);
}

/* A reversed item declared by the caller is reversed as it is read. */
static void reversed_item(void **state) {
  (void)state;
  cx_gap_survey *s = survey_with(NULL);
  assert_int_equal(
      cx_gap_survey_add_item(s, "q", NULL, NULL, CX_GAP_ITEM_REVERSED, NULL),
      CX_OK);
  assert_int_equal(read_str(s, "respondent,item,expectation,perception\n"
                               "a,q,2,7\n",
                            NULL),
                   CX_OK);
  cx_gap_result *r = result_of(s);
  /* 8 - 2 = 6, 8 - 7 = 1: gap -5. */
  assert_double_equal(cx_gap_result_item(r, 0)->gap.mean, -5.0, 1e-12);
  cx_gap_result_free(r);
  cx_gap_survey_free(s);
}

/* ---- dimension points ---------------------------------------------------- */

static const char points_csv[] =
    "respondent,item,dimension,expectation,perception,a_points,b_points\n"
    "r1,x,a,5,3,40,60\n"
    "r1,y,b,5,6,40,60\n"
    "r2,x,a,4,4,,\n"
    "r2,y,b,4,5,,\n";

static void points_by_hand(void **state) {
  (void)state;
  /* r1: 0.4 * (-2) + 0.6 * (+1) = -0.2; r2 gave no points. */
  cx_gap_survey *s = load(points_csv, NULL);
  cx_gap_result *r = result_of(s);
  const cx_gap_score *w = cx_gap_result_weighted(r);
  assert_int_equal(w->n, 1);
  assert_int_equal(w->n_no_points, 1);
  assert_double_equal(w->mean, -0.2, 1e-12);
  cx_gap_result_free(r);
  cx_gap_survey_free(s);
}

static void points_errors(void **state) {
  (void)state;
  expect_error("respondent,item,dimension,expectation,perception,a_points,"
               "b_points\n"
               "r1,x,a,5,3,40,50\n"
               "r1,y,b,5,6,40,50\n",
               NULL, CX_ERANGE, 2, 12, "90", "do not sum to 100");
  expect_error("respondent,item,dimension,expectation,perception,a_points,"
               "b_points\n"
               "r1,x,a,5,3,,100\n",
               NULL, CX_ERANGE, 2, 13, NULL, "some dimensions only");
  expect_error("respondent,item,dimension,expectation,perception,a_points,"
               "b_points\n"
               "r1,x,a,5,3,40,60\n"
               "r1,y,b,5,6,50,50\n",
               NULL, CX_EPARSE, 3, 12, "50", "differ");
  expect_error("respondent,item,dimension,expectation,perception,a_points,"
               "z_points\n"
               "r1,x,a,5,3,40,60\n",
               NULL, CX_EPARSE, 1, 59, "z_points", "does not have");
  expect_error("respondent,item,dimension,expectation,perception,a_points\n"
               "r1,x,a,5,3,-1\n",
               NULL, CX_ERANGE, 2, 12, "-1", "finite number >= 0");
}

/* ---- segments ------------------------------------------------------------ */

static const char seg_csv[] =
    "respondent,segment,item,expectation,perception\n"
    "a,north,q,5,3\n"
    "b,south,q,6,6\n"
    "c,north,q,4,5\n";

static void segments_and_pooled(void **state) {
  (void)state;
  cx_gap_segments *g = NULL;
  assert_int_equal(cx_gap_read_csv_segments_buffer(&g, NULL, seg_csv,
                                                   strlen(seg_csv), "t.csv",
                                                   NULL),
                   CX_OK);
  assert_int_equal(cx_gap_segments_count(g), 2);
  assert_string_equal(cx_gap_segments_name(g, 0), "north");
  assert_string_equal(cx_gap_segments_name(g, 1), "south");
  assert_null(cx_gap_segments_name(g, 2));
  assert_null(cx_gap_segments_survey(g, 2));
  assert_int_equal(cx_gap_survey_n_respondents(cx_gap_segments_survey(g, 0)),
                   2);
  assert_int_equal(cx_gap_survey_n_respondents(cx_gap_segments_survey(g, 1)),
                   1);
  /* Pooled equals reading the file into one survey. */
  cx_gap_survey *all = load(seg_csv, NULL);
  assert_same_survey(cx_gap_segments_pooled(g), all);
  cx_gap_result *r = result_of(cx_gap_segments_survey(g, 0));
  assert_double_equal(cx_gap_result_item(r, 0)->gap.mean, -0.5, 1e-12);
  cx_gap_result_free(r);
  cx_gap_survey_free(all);
  cx_gap_segments_free(g);
  assert_int_equal(cx_gap_segments_count(NULL), 0);
  assert_null(cx_gap_segments_pooled(NULL));
  cx_gap_segments_free(NULL);
}

static void segment_filter(void **state) {
  (void)state;
  cx_gap_csv_options o = CX_GAP_CSV_OPTIONS_INIT;
  o.segment = "north";
  cx_gap_survey *s = load(seg_csv, &o);
  assert_int_equal(cx_gap_survey_n_respondents(s), 2);
  cx_gap_survey_free(s);
  o.segment = "west";
  expect_error(seg_csv, &o, CX_EPARSE, 1, 12, "west", "no row has this");
  o.segment_column = "region";
  expect_error(seg_csv, &o, CX_EPARSE, 1, 1, "region", "no segment column");
}

/* ---- errors -------------------------------------------------------------- */

static void answer_errors(void **state) {
  (void)state;
  expect_error("respondent,item,expectation,perception\nr1,q,8,3\n", NULL,
               CX_ERANGE, 2, 6, "8", "outside the scale 1-7");
  expect_error("respondent,item,expectation,perception\nr1,q,5,2.5\n", NULL,
               CX_ERANGE, 2, 8, "2.5", "not a whole point");
  expect_error("respondent,item,expectation,perception\nr1,q,5,good\n", NULL,
               CX_EPARSE, 2, 8, "good", "not a number");
  expect_error("respondent,item,expectation,perception\nr1,q,5,inf\n", NULL,
               CX_EPARSE, 2, 8, "inf", "not a number");
  expect_error("respondent,item,expectation,perception\nr1,q,5,\xff\n", NULL,
               CX_EPARSE, 2, 8, NULL, "UTF-8");
  expect_error("respondent,item,expectation,perception\nr1,q,5,3\n"
               "r1,q,5,4\n",
               NULL, CX_EPARSE, 3, 4, "q", "twice");
  expect_error("respondent,weight,item,expectation,perception\n"
               "r1,1,q,5,3\nr1,2,p,5,4\n",
               NULL, CX_EPARSE, 3, 4, "2", "weight differs");
  expect_error("respondent,weight,item,expectation,perception\n"
               "r1,-2,q,5,3\n",
               NULL, CX_ERANGE, 2, 4, "-2", "finite number >= 0");
  expect_error("respondent,weight,item,expectation,perception\n"
               "r1,nan,q,5,3\n",
               NULL, CX_ERANGE, 2, 4, "nan", "weight");
  expect_error("respondent,item,expectation,perception\n,q,5,3\n", NULL,
               CX_EPARSE, 2, 1, NULL, "empty respondent");
  expect_error("respondent,item,expectation,perception\nr1,,5,3\n", NULL,
               CX_EPARSE, 2, 4, NULL, "item id is empty");
  /* The message names the respondent. */
  expect_error("respondent,item,expectation,perception\nr17,q,9,3\n", NULL,
               CX_ERANGE, 2, 7, "9", "respondent r17");
}

static void structure_errors(void **state) {
  (void)state;
  expect_error("", NULL, CX_EPARSE, 1, 1, NULL, "empty file");
  expect_error("respondent,item,expectation,perception\n", NULL, CX_EPARSE,
               2, 1, NULL, "no data rows");
  expect_error("respondent,item,expectation,perception\nr1,q,5\n", NULL,
               CX_EPARSE, 2, 7, NULL, "short row");
  expect_error("respondent,item,expectation,perception\nr1,q,5,3,1\n", NULL,
               CX_EPARSE, 2, 10, "1", "long row");
  expect_error("item,expectation,perception\nq,5,3\n", NULL, CX_EPARSE, 1, 1,
               "respondent", "respondent");
  expect_error("respondent,item,x,y\nr1,q,5,3\n", NULL, CX_EPARSE, 1, 1, NULL,
               "no answer column");
  expect_error("respondent,item,item,expectation\nr1,q,q,5\n", NULL,
               CX_EPARSE, 1, 17, "item", "twice");
  expect_error("respondent,a,b\nr1,5,3\n", NULL, CX_EPARSE, 1, 1, NULL,
               "no item columns");
  expect_error("respondent,q_expectation,q_expectation\nr1,5,3\n", NULL,
               CX_EPARSE, 1, 26, "q_expectation", "second column");
  expect_error("respondent,item,expectation,perception\nr1,\"q,5,3\n", NULL,
               CX_EPARSE, 0, 0, NULL, NULL);
  cx_gap_csv_options o = CX_GAP_CSV_OPTIONS_INIT;
  o.require_weight = 1;
  expect_error(long_csv, &o, CX_EPARSE, 1, 1, "weight", "no weight column");
  o = (cx_gap_csv_options)CX_GAP_CSV_OPTIONS_INIT;
  o.version = 99;
  expect_error(long_csv, &o, CX_EINVAL, 0, 0, NULL, "version");
  o = (cx_gap_csv_options)CX_GAP_CSV_OPTIONS_INIT;
  o.layout = (cx_gap_csv_layout)7;
  expect_error(long_csv, &o, CX_EINVAL, 0, 0, NULL, "layout");
  o = (cx_gap_csv_options)CX_GAP_CSV_OPTIONS_INIT;
  o.weight_column = "perception";
  expect_error(long_csv, &o, CX_EINVAL, 1, 39, NULL, "two parts");
}

/* A survey with items refuses unknown items and stays as it was. */
static void unknown_item_leaves_survey(void **state) {
  (void)state;
  cx_gap_survey *s = survey_with(NULL);
  assert_int_equal(cx_gap_survey_declare_servqual(s), CX_OK);
  assert_int_equal(read_str(s, "respondent,item,expectation,perception\n"
                               "a,SQ1,5,3\n",
                            NULL),
                   CX_OK);
  expect_error_in(s,
                  "respondent,item,expectation,perception\n"
                  "a,SQ2,5,3\nb,SQ23,5,3\n",
                  NULL, CX_EPARSE, 3, 3, "SQ23", "does not have");
  expect_error_in(s, "respondent,SQ1_perception,Q9_perception\na,5,3\n", NULL,
                  CX_EPARSE, 1, 27, "Q9_perception", "does not have");
  assert_int_equal(cx_gap_survey_n_respondents(s), 1);
  cx_gap_survey_free(s);
}

static void null_arguments(void **state) {
  (void)state;
  cx_gap_survey *s = survey_with(NULL);
  assert_int_equal(cx_gap_read_csv(NULL, "x", NULL), CX_EINVAL);
  assert_int_equal(cx_gap_read_csv(s, NULL, NULL), CX_EINVAL);
  assert_int_equal(cx_gap_read_csv_buffer(s, NULL, 3, NULL, NULL), CX_EINVAL);
  cx_gap_segments *g = NULL;
  assert_int_equal(cx_gap_read_csv_segments(NULL, NULL, "x", NULL),
                   CX_EINVAL);
  assert_int_equal(cx_gap_read_csv_segments_buffer(&g, NULL, NULL, 1, NULL,
                                                   NULL),
                   CX_EINVAL);
  assert_null(g);
  assert_int_equal(cx_gap_read_csv(s, "/nonexistent/file.csv", NULL), CX_EIO);
  assert_int_equal(cx_gap_survey_n_items(s), 0);
  cx_gap_survey_free(s);
}

/* ---- the bundled sample --------------------------------------------------- */

static char *data_path(const char *name) {
  const char *dir = getenv("CX_EXAMPLES_DATA");
  static char buf[4096];
  snprintf(buf, sizeof buf, "%s/%s",
           dir ? dir : CX_TEST_SOURCE_DIR "/../examples/data", name);
  return buf;
}

static void count_progress(void *ctx, uint64_t done, uint64_t total) {
  (void)done;
  (void)total;
  (*(int *)ctx)++;
}

static void sample_long_equals_wide(void **state) {
  (void)state;
  cx_gap_survey *l = survey_with(NULL), *w = survey_with(NULL);
  assert_int_equal(cx_gap_survey_declare_servqual(l), CX_OK);
  assert_int_equal(cx_gap_survey_declare_servqual(w), CX_OK);
  int calls = 0;
  cx_gap_csv_options o = CX_GAP_CSV_OPTIONS_INIT;
  o.progress = count_progress;
  o.progress_ctx = &calls;
  assert_int_equal(cx_gap_read_csv(l, data_path("servqual_survey.csv"), &o),
                   CX_OK);
  assert_true(calls > 0);
  assert_int_equal(
      cx_gap_read_csv(w, data_path("servqual_survey_wide.csv"), NULL), CX_OK);
  assert_int_equal(cx_gap_survey_n_respondents(l), 320);
  assert_same_survey(l, w);
  /* Items declared from the long file (staged) give the same gaps. */
  cx_gap_survey *f = survey_with(NULL);
  assert_int_equal(cx_gap_read_csv(f, data_path("servqual_survey.csv"), NULL),
                   CX_OK);
  assert_int_equal(cx_gap_survey_n_items(f), 22);
  assert_int_equal(cx_gap_survey_n_dimensions(f), 5);
  cx_gap_result *a = result_of(l), *b = result_of(f);
  for (size_t i = 0; i < 22; i++) {
    assert_int_equal(cx_gap_result_item(a, i)->gap.n,
                     cx_gap_result_item(b, i)->gap.n);
    assert_double_equal(cx_gap_result_item(a, i)->gap.mean,
                        cx_gap_result_item(b, i)->gap.mean, 1e-12);
  }
  assert_double_equal(cx_gap_result_weighted(a)->mean,
                      cx_gap_result_weighted(b)->mean, 1e-12);
  cx_gap_result_free(a);
  cx_gap_result_free(b);
  cx_gap_survey_free(f);
  cx_gap_survey_free(l);
  cx_gap_survey_free(w);
}

/* ---- limits -------------------------------------------------------------- */

static void limits(void **state) {
  (void)state;
  const cx_gap_csv_options d = CX_GAP_CSV_OPTIONS_INIT;
  const cx_read_limits dl = CX_READ_LIMITS_INIT;
  assert_memory_equal(&d.limits, &dl, sizeof dl);
  cx_gap_csv_options o = CX_GAP_CSV_OPTIONS_INIT;
  /* Items declared from a long file. */
  const char lng[] = "respondent,item,expectation,perception\n"
                     "r1,q1,5,3\nr1,q2,6,6\nr1,q3,4,5\n";
  o.limits.max_names = 2;
  expect_error(lng, &o, CX_ERANGE, 4, 4, "q3",
               "t.csv:4:4: 3 items exceed the limit max_names = 2");
  o.limits.max_names = 3;
  cx_gap_survey *s = load(lng, &o);
  assert_int_equal(cx_gap_survey_n_items(s), 3);
  /* Items the survey has are not created: a second read needs none. */
  o.limits.max_names = 1;
  assert_int_equal(read_str(s, lng, &o), CX_OK);
  assert_int_equal(cx_gap_survey_n_respondents(s), 2);
  cx_gap_survey_free(s);
  /* Items declared from a wide header. */
  const char wide[] = "respondent,q1_expectation,q1_perception,"
                      "q2_expectation,q2_perception\nr1,5,3,6,6\n";
  o.limits.max_names = 1;
  expect_error(wide, &o, CX_ERANGE, 1, 41, "q2_expectation",
               "2 items exceed the limit max_names = 1");
  o.limits.max_names = 2;
  s = load(wide, &o);
  assert_int_equal(cx_gap_survey_n_items(s), 2);
  cx_gap_survey_free(s);
  /* Segments, in one survey and one survey per segment. */
  o.limits.max_names = 1;
  expect_error(seg_csv, &o, CX_ERANGE, 3, 3, "south",
               "2 segments exceed the limit max_names = 1");
  cx_gap_segments *g = NULL;
  assert_int_equal(cx_gap_read_csv_segments_buffer(&g, NULL, seg_csv,
                                                   strlen(seg_csv), "t.csv",
                                                   &o),
                   CX_ERANGE);
  assert_null(g);
  assert_non_null(strstr(cx_error_last(), "t.csv:3:3: 2 segments exceed"));
  o.limits.max_names = 2;
  assert_int_equal(cx_gap_read_csv_segments_buffer(&g, NULL, seg_csv,
                                                   strlen(seg_csv), "t.csv",
                                                   &o),
                   CX_OK);
  assert_int_equal(cx_gap_segments_count(g), 2);
  cx_gap_segments_free(g);
  /* Columns: "perception" is the fifth field, at column 37. */
  o = (cx_gap_csv_options)CX_GAP_CSV_OPTIONS_INIT;
  o.limits.max_columns = 4;
  expect_error(seg_csv, &o, CX_ERANGE, 1, 37, NULL,
               "5 columns exceed the limit max_columns = 4");
  /* Record and whole input (the header is 47 bytes, the file 89). */
  o = (cx_gap_csv_options)CX_GAP_CSV_OPTIONS_INIT;
  o.limits.max_record = 46;
  expect_error(seg_csv, &o, CX_ERANGE, 1, 1, NULL, "max_record = 46");
  o = (cx_gap_csv_options)CX_GAP_CSV_OPTIONS_INIT;
  o.limits.max_bytes = 88;
  expect_error(seg_csv, &o, CX_ERANGE, 1, 1, NULL,
               "89 bytes exceed the limit max_bytes = 88");
  const cx_read_limits ok[] = {{89, 47, 5, 2},
                               {UINT64_MAX, SIZE_MAX, SIZE_MAX, SIZE_MAX}};
  for (size_t i = 0; i < 2; i++) {
    o.limits = ok[i];
    s = load(seg_csv, &o);
    assert_int_equal(cx_gap_survey_n_respondents(s), 3);
    cx_gap_survey_free(s);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(long_layout_by_hand),
      cmocka_unit_test(long_equals_direct_feed),
      cmocka_unit_test(wide_equals_long),
      cmocka_unit_test(second_read_adds),
      cmocka_unit_test(weights_by_hand),
      cmocka_unit_test(codes_and_texts),
      cmocka_unit_test(zone_and_importance),
      cmocka_unit_test(reversed_item),
      cmocka_unit_test(points_by_hand),
      cmocka_unit_test(points_errors),
      cmocka_unit_test(segments_and_pooled),
      cmocka_unit_test(segment_filter),
      cmocka_unit_test(answer_errors),
      cmocka_unit_test(structure_errors),
      cmocka_unit_test(unknown_item_leaves_survey),
      cmocka_unit_test(null_arguments),
      cmocka_unit_test(sample_long_equals_wide),
      cmocka_unit_test(limits),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
