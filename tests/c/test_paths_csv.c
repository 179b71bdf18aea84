/* Tests of the event-log CSV reader and the timestamp parser: timestamps
 * worked out by hand (offsets, fractions, leap days, before 1970, epoch
 * seconds and milliseconds), a small log read in every timestamp format
 * giving the same graph, configurable columns, every error with its line,
 * column and value, a failed load leaving the log unchanged, limits, and
 * the bundled sample log. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <cx/paths.h>

static int64_t ts(const char *text, cx_paths_time_format f) {
  int64_t v = 0;
  cx_status st = cx_paths_parse_timestamp(text, strlen(text), f, &v);
  if (st)
    print_error("%s: %s\n", text, cx_error_last());
  assert_int_equal(st, CX_OK);
  return v;
}

static cx_status ts_err(const char *text, cx_paths_time_format f) {
  int64_t v = 12345;
  cx_status st = cx_paths_parse_timestamp(text, strlen(text), f, &v);
  assert_int_equal(v, 12345);
  return st;
}

static void test_timestamps(void **state) {
  (void)state;
  const cx_paths_time_format I = CX_PATHS_TIME_ISO8601;
  assert_int_equal(ts("1970-01-01T00:00:00Z", I), 0);
  assert_int_equal(ts("1970-01-01", I), 0);
  /* 2024-02-29 (leap day): 19782 days after 1970-01-01. */
  assert_int_equal(ts("2024-02-29T00:00:00Z", I), 19782LL * 86400 * 1000000);
  assert_int_equal(ts("2024-03-01T00:00:00Z", I), 19783LL * 86400 * 1000000);
  /* 2000 was a leap year, 1900 was not. */
  assert_int_equal(ts("2000-02-29", I), 11016LL * 86400 * 1000000);
  assert_int_equal(ts_err("1900-02-29", I), CX_EPARSE);
  assert_int_equal(ts_err("2023-02-29", I), CX_EPARSE);
  /* Offsets: 10:00+02:00 is 08:00Z. */
  assert_int_equal(ts("2024-01-15T10:00:00+02:00", I),
                   ts("2024-01-15T08:00:00Z", I));
  assert_int_equal(ts("2024-01-15T10:00:00+0200", I),
                   ts("2024-01-15T08:00:00Z", I));
  assert_int_equal(ts("2024-01-15T10:00-05", I), ts("2024-01-15T15:00Z", I));
  assert_int_equal(ts("2024-01-15 10:00:00", I), ts("2024-01-15T10:00:00Z", I));
  /* Fractions: cut to microseconds. */
  assert_int_equal(ts("1970-01-01T00:00:01.5Z", I), 1500000);
  assert_int_equal(ts("1970-01-01T00:00:00.123456789Z", I), 123456);
  assert_int_equal(ts("1970-01-01T00:00:00,25Z", I), 250000);
  /* Before 1970. */
  assert_int_equal(ts("1969-12-31T23:59:59.999999Z", I), -1);
  assert_int_equal(ts("1969-12-31T23:59:59Z", I), -1000000);
  assert_int_equal(ts("1900-01-01T00:00:00Z", I), -2208988800LL * 1000000);
  assert_int_equal(ts("0000-01-01", I), -62167219200LL * 1000000);
  assert_int_equal(ts_err("0000-01-01T00:00+01:00", I), CX_ERANGE);
  assert_int_equal(ts(" 1970-01-02 ", I), 86400LL * 1000000);
  /* Impossible or malformed. */
  assert_int_equal(ts_err("2024-13-01", I), CX_EPARSE);
  assert_int_equal(ts_err("2024-04-31", I), CX_EPARSE);
  assert_int_equal(ts_err("2024-01-01T24:00:00Z", I), CX_EPARSE);
  assert_int_equal(ts_err("2024-01-01T10:60Z", I), CX_EPARSE);
  assert_int_equal(ts_err("2024-01-01T10:00:60Z", I), CX_EPARSE);
  assert_int_equal(ts_err("2024-01-01T10:00:00.Z", I), CX_EPARSE);
  assert_int_equal(ts_err("2024-01-01T10:00:00.1234567890Z", I), CX_EPARSE);
  assert_int_equal(ts_err("2024-01-01T10:00:00+25:00", I), CX_EPARSE);
  assert_int_equal(ts_err("2024-01-01T10", I), CX_EPARSE);
  assert_int_equal(ts_err("2024-1-01", I), CX_EPARSE);
  assert_int_equal(ts_err("2024-01-01X", I), CX_EPARSE);
  assert_int_equal(ts_err("", I), CX_EPARSE);
  assert_int_equal(ts_err("tomorrow", CX_PATHS_TIME_AUTO), CX_EPARSE);
  /* Epoch numbers, exactly. */
  assert_int_equal(ts("1700000000", CX_PATHS_TIME_EPOCH_S),
                   1700000000LL * 1000000);
  assert_int_equal(ts("1700000000.25", CX_PATHS_TIME_EPOCH_S),
                   1700000000250000LL);
  assert_int_equal(ts("-1.5", CX_PATHS_TIME_EPOCH_S), -1500000);
  assert_int_equal(ts("1700000000123", CX_PATHS_TIME_EPOCH_MS),
                   1700000000123000LL);
  assert_int_equal(ts("1.0005", CX_PATHS_TIME_EPOCH_MS), 1000);
  assert_int_equal(ts("42", CX_PATHS_TIME_EPOCH_US), 42);
  assert_int_equal(ts("1700000000", CX_PATHS_TIME_AUTO),
                   1700000000LL * 1000000);
  assert_int_equal(ts("2023-11-14T22:13:20Z", CX_PATHS_TIME_AUTO),
                   1700000000LL * 1000000);
  assert_int_equal(ts_err("1.5", CX_PATHS_TIME_EPOCH_US), CX_EPARSE);
  assert_int_equal(ts_err("1e9", CX_PATHS_TIME_EPOCH_S), CX_EPARSE);
  assert_int_equal(ts_err("nan", CX_PATHS_TIME_EPOCH_S), CX_EPARSE);
  assert_int_equal(ts_err("99999999999999999999", CX_PATHS_TIME_EPOCH_S),
                   CX_ERANGE);
  assert_int_equal(ts_err("253402300800", CX_PATHS_TIME_EPOCH_S), CX_ERANGE);
  int64_t v;
  assert_int_equal(cx_paths_parse_timestamp(NULL, 0, 0, &v), CX_EINVAL);
  assert_int_equal(cx_paths_parse_timestamp("1", 1, (cx_paths_time_format)9, &v),
                   CX_EINVAL);
}

/* ---- reading ------------------------------------------------------------- */

static cx_paths_log *new_log(void) {
  cx_paths_log *log;
  assert_int_equal(cx_paths_log_new(&log, NULL), CX_OK);
  return log;
}

static void load(cx_paths_log *log, const char *csv,
                 const cx_paths_csv_options *o) {
  cx_status st = cx_paths_read_csv_buffer(log, csv, strlen(csv), "t.csv", o);
  if (st)
    print_error("%s\n", cx_error_last());
  assert_int_equal(st, CX_OK);
}

/* Graph of a log as text, by names. */
static void graph_text(const cx_paths_log *log, char *out, size_t size) {
  cx_paths_result *r;
  assert_int_equal(cx_paths_result_compute(&r, log), CX_OK);
  size_t n = 0;
  cx_paths_summary s;
  cx_paths_result_summary(r, &s);
  n += (size_t)snprintf(out + n, size - n, "%llu/%llu/%llu/%g|",
                        (unsigned long long)s.n_events,
                        (unsigned long long)s.n_cases,
                        (unsigned long long)s.n_converted, s.value);
  for (size_t i = 0; i < cx_paths_result_n_edges(r); i++) {
    cx_paths_edge e;
    cx_paths_result_edge(r, i, &e);
    n += (size_t)snprintf(out + n, size - n, "%s>%s:%llu:%g ", e.from_name,
                          e.to_name, (unsigned long long)e.count, e.mean);
  }
  cx_paths_result_free(r);
}

static void test_formats_agree(void **state) {
  (void)state;
  /* The same three cases, rows shuffled, in four timestamp styles. */
  static const char *iso =
      "case,touchpoint,timestamp,channel,value,outcome\n"
      "k2,visit,2024-03-01T09:00:00+01:00,web,,\n"
      "k1,visit,2024-03-01T08:00:00Z,web,,\n"
      "k1,call,2024-03-01T08:01:30Z,phone,,\n"
      "k2,open,2024-03-01T08:30:00Z,branch,120.5,yes\n"
      "k1,open,2024-03-01T08:05:00.5Z,branch,99,1\n"
      "k3,call,2024-02-29T23:59:59Z,phone,,0\n";
  static const char *epoch =
      "case,touchpoint,timestamp,channel,value,outcome\n"
      "k2,visit,1709280000,web,,\n"
      "k1,visit,1709280000,web,,\n"
      "k1,call,1709280090,phone,,\n"
      "k2,open,1709281800,branch,120.5,conversion\n"
      "k1,open,1709280300.5,branch,99,TRUE\n"
      "k3,call,1709251199,phone,,false\n";
  static const char *ms =
      "touchpoint;when;who;outcome;value\n"
      "visit;1709280000000;k2;;\n"
      "visit;1709280000000;k1;;\n"
      "call;1709280090000;k1;;\n"
      "open;1709281800000;k2;converted;120.5\n"
      "open;1709280300500;k1;1;99\n"
      "call;1709251199000;k3;no;\n";
  char a[2048], b[2048], c[2048];
  cx_paths_log *l1 = new_log(), *l2 = new_log(), *l3 = new_log();
  load(l1, iso, NULL);
  load(l2, epoch, NULL);
  cx_paths_csv_options o = CX_PATHS_CSV_OPTIONS_INIT;
  o.delimiter = ';';
  o.case_column = "who";
  o.timestamp_column = "when";
  o.time_format = CX_PATHS_TIME_EPOCH_MS;
  load(l3, ms, &o);
  graph_text(l1, a, sizeof a);
  graph_text(l2, b, sizeof b);
  graph_text(l3, c, sizeof c);
  assert_string_equal(a, "6/3/2/219.5|call>open:1:210.5 visit>call:1:90 "
                         "visit>open:1:1800 ");
  assert_string_equal(b, a);
  assert_string_equal(c, a);
  /* Channels came from the channel column. */
  size_t k;
  assert_int_equal(cx_paths_log_find_touchpoint(l1, "call", &k), CX_OK);
  assert_string_equal(cx_paths_log_touchpoint_channel(l1, k), "phone");
  /* A second file adds to the log. */
  load(l1, "case,touchpoint,timestamp\nk9,visit,2024-03-02\n", NULL);
  assert_int_equal(cx_paths_log_n_events(l1), 7);
  cx_paths_log_free(l1);
  cx_paths_log_free(l2);
  cx_paths_log_free(l3);
}

static void test_conversion_touchpoint_and_segments(void **state) {
  (void)state;
  cx_paths_log *log = new_log();
  cx_paths_csv_options o = CX_PATHS_CSV_OPTIONS_INIT;
  o.conversion_touchpoint = "open";
  load(log,
       "\xEF\xBB\xBF" "case,touchpoint,timestamp,segment\r\n"
       "a,visit,10,retail\r\n"
       "a,open,20,retail\r\n"
       "b,visit,5,business\r\n",
       &o);
  cx_paths_result *r;
  assert_int_equal(cx_paths_result_compute(&r, log), CX_OK);
  cx_paths_summary s;
  cx_paths_result_summary(r, &s);
  assert_int_equal(s.n_converted, 1);
  assert_int_equal(s.n_segments, 2);
  cx_paths_result_free(r);
  cx_paths_log_free(log);
}

/* The read must fail with @p st at @p line:@p col naming @p value, and
 * leave the log as it was. */
static void expect_error(const char *csv, const cx_paths_csv_options *o,
                         cx_status st, uint64_t line, uint64_t col,
                         const char *value) {
  cx_paths_log *log = new_log();
  load(log, "case,touchpoint,timestamp\nold,x,1\n", NULL);
  uint8_t *before, *after;
  size_t nb, na;
  assert_int_equal(cx_paths_log_serialize(log, &before, &nb), CX_OK);
  cx_status got = cx_paths_read_csv_buffer(log, csv, strlen(csv), "t.csv", o);
  if (got != st)
    fail_msg("status %d, expected %d: %s", got, st, cx_error_last());
  const cx_error_info *e = cx_error_info_last();
  if (line && (e->line != line || e->column != col))
    fail_msg("place %llu:%llu, expected %llu:%llu: %s",
             (unsigned long long)e->line, (unsigned long long)e->column,
             (unsigned long long)line, (unsigned long long)col,
             cx_error_last());
  if (value) {
    assert_non_null(e->value);
    assert_string_equal(e->value, value);
  }
  if (line)
    assert_non_null(strstr(cx_error_last(), "t.csv"));
  assert_int_equal(cx_paths_log_serialize(log, &after, &na), CX_OK);
  assert_int_equal(na, nb);
  assert_memory_equal(after, before, nb);
  cx_free(before);
  cx_free(after);
  cx_paths_log_free(log);
}

static void test_errors(void **state) {
  (void)state;
  const char *h = "case,touchpoint,timestamp,value,outcome\n";
  char buf[512];
#define ERR(body, st, line, col, value)                                         \
  do {                                                                         \
    snprintf(buf, sizeof buf, "%s%s", h, body);                                \
    expect_error(buf, NULL, st, line, col, value);                             \
  } while (0)
  ERR("a,x,2024-02-30,,\n", CX_EPARSE, 2, 5, "2024-02-30");
  ERR("a,x,2024-01-01,,\nb,y,10:00,,\n", CX_EPARSE, 3, 5, "10:00");
  ERR("a,x,1,abc,\n", CX_EPARSE, 2, 7, "abc");
  ERR("a,x,1,1e999,\n", CX_ERANGE, 2, 7, "1e999");
  ERR("a,x,1,,maybe\n", CX_EPARSE, 2, 8, "maybe");
  ERR(",x,1,,\n", CX_EPARSE, 2, 1, "");
  ERR("a,,1,,\n", CX_EPARSE, 2, 3, "");
  ERR("a,x,,,\n", CX_EPARSE, 2, 5, "");
  ERR("a,x,1,,\nb,x,1\n", CX_EPARSE, 3, 6, NULL);
  ERR("a,x,1,,,extra\n", CX_EPARSE, 2, 9, "extra");
  ERR("a\xff,x,1,,\n", CX_EPARSE, 2, 1, NULL);
  ERR("a,x\xc3,1,,\n", CX_EPARSE, 2, 3, NULL);
  ERR("a,x,99999999999999,,\n", CX_ERANGE, 2, 5, "99999999999999");
  ERR("a,\"x,1,,\n", CX_EPARSE, 0, 0, NULL);
  ERR("", CX_EPARSE, 2, 1, NULL);
  expect_error("", NULL, CX_EPARSE, 1, 1, NULL);
  expect_error("case,touchpoint\na,x\n", NULL, CX_EPARSE, 1, 1, "timestamp");
  expect_error("case,touchpoint,timestamp,case\na,x,1,a\n", NULL, CX_EPARSE, 1,
               27, "case");
  cx_paths_csv_options o = CX_PATHS_CSV_OPTIONS_INIT;
  o.require_optional = 1;
  expect_error("case,touchpoint,timestamp\na,x,1\n", &o, CX_EPARSE, 1, 1,
               "channel");
  o = (cx_paths_csv_options)CX_PATHS_CSV_OPTIONS_INIT;
  o.time_format = CX_PATHS_TIME_ISO8601;
  expect_error("case,touchpoint,timestamp\na,x,1700000000\n", &o, CX_EPARSE, 2,
               5, "1700000000");
  o.version = 7;
  expect_error("case,touchpoint,timestamp\na,x,1\n", &o, CX_EINVAL, 0, 0, NULL);
  /* Limits of the log name the row that broke them. */
  cx_paths_options lo = CX_PATHS_OPTIONS_INIT;
  lo.max_touchpoints = 2;
  lo.max_cases = 3;
  cx_paths_log *log;
  assert_int_equal(cx_paths_log_new(&log, &lo), CX_OK);
  const char *many = "case,touchpoint,timestamp\na,x,1\nb,y,1\nc,z,1\n";
  assert_int_equal(cx_paths_read_csv_buffer(log, many, strlen(many), "m.csv",
                                            NULL),
                   CX_ERANGE);
  assert_int_equal(cx_error_info_last()->line, 4);
  assert_int_equal(cx_error_info_last()->column, 3);
  const char *cases = "case,touchpoint,timestamp\na,x,1\nb,x,1\nc,x,1\nd,x,1\n";
  assert_int_equal(cx_paths_read_csv_buffer(log, cases, strlen(cases), "m.csv",
                                            NULL),
                   CX_ERANGE);
  assert_int_equal(cx_error_info_last()->line, 5);
  assert_int_equal(cx_paths_log_n_events(log), 0);
  assert_int_equal(cx_paths_read_csv(log, "/nonexistent/x.csv", NULL), CX_EIO);
  assert_int_equal(cx_paths_read_csv(NULL, "x", NULL), CX_EINVAL);
  cx_paths_log_free(log);
#undef ERR
}

static void test_sample_log(void **state) {
  (void)state;
  const char *dir = getenv("CX_EXAMPLES_DATA");
  if (!dir)
    skip();
  char path[1024];
  snprintf(path, sizeof path, "%s/events/onboarding_events.csv", dir);
  cx_paths_log *log = new_log();
  cx_status st = cx_paths_read_csv(log, path, NULL);
  if (st)
    print_error("%s\n", cx_error_last());
  assert_int_equal(st, CX_OK);
  cx_paths_result *r;
  assert_int_equal(cx_paths_result_compute(&r, log), CX_OK);
  cx_paths_summary s;
  cx_paths_result_summary(r, &s);
  assert_true(s.n_cases >= 1000);
  assert_true(s.n_converted > 0 && s.n_converted < s.n_cases);
  assert_true(s.n_segments >= 2);
  cx_paths_result_free(r);
  cx_paths_log_free(log);
}

/* Case ids written as plain decimal numbers are keys of their own (no
 * lookup); "7" and "007" are still different cases, and the log behaves
 * exactly as one whose ids are not numbers. */
static void test_numeric_case_ids(void **state) {
  (void)state;
  static const char numeric[] =
      "case,touchpoint,timestamp\n"
      "7,A,10\n" "007,A,11\n" "c7,B,12\n" "7,B,13\n" "007,C,14\n"
      "c7,A,15\n" "18446744073709551616,A,16\n" "7,C,17\n"
      "18446744073709551616,B,18\n" "0,C,19\n" "0,A,20\n";
  static const char renamed[] =
      "case,touchpoint,timestamp\n"
      "x7,A,10\n" "x007,A,11\n" "xc7,B,12\n" "x7,B,13\n" "x007,C,14\n"
      "xc7,A,15\n" "big,A,16\n" "x7,C,17\n"
      "big,B,18\n" "x0,C,19\n" "x0,A,20\n";
  cx_paths_log *a = new_log(), *b = new_log();
  load(a, numeric, NULL);
  load(b, renamed, NULL);
  char ga[1024], gb[1024];
  graph_text(a, ga, sizeof ga);
  graph_text(b, gb, sizeof gb);
  assert_string_equal(ga, gb);
  /* 5 cases: 7 A>B>C, 007 A>C, c7 B>A, the 20-digit id A>B, 0 C>A. */
  assert_string_equal(ga, "11/5/0/0|A>B:2:2.5 A>C:1:3 B>A:1:3 B>C:1:4 "
                          "C>A:1:1 ");
  /* The bytes list the ids in order of first arrival, as text, and read
   * back to a log that gives the same bytes and results. */
  uint8_t *bytes;
  size_t len;
  assert_int_equal(cx_paths_log_serialize(a, &bytes, &len), CX_OK);
  static const char order[] = "\x01\x00\x00\x00" "7" "\x03\x00\x00\x00" "007"
                              "\x02\x00\x00\x00" "c7";
  bool found = false;
  for (size_t i = 0; i + sizeof order - 1 <= len && !found; i++)
    found = memcmp(bytes + i, order, sizeof order - 1) == 0;
  assert_true(found);
  cx_paths_log *c;
  assert_int_equal(cx_paths_log_deserialize(&c, bytes, len), CX_OK);
  uint8_t *again;
  size_t len2;
  assert_int_equal(cx_paths_log_serialize(c, &again, &len2), CX_OK);
  assert_int_equal(len2, len);
  assert_memory_equal(again, bytes, len);
  char gc[1024];
  graph_text(c, gc, sizeof gc);
  assert_string_equal(gc, ga);
  /* More rows after the round trip join the same cases. */
  load(c, "case,touchpoint,timestamp\n7,A,30\n", NULL);
  load(a, "case,touchpoint,timestamp\n7,A,30\n", NULL);
  graph_text(a, ga, sizeof ga);
  graph_text(c, gc, sizeof gc);
  assert_string_equal(gc, ga);
  assert_non_null(strstr(ga, "C>A:2:"));
  cx_free(bytes);
  cx_free(again);
  cx_paths_log_free(a);
  cx_paths_log_free(b);
  cx_paths_log_free(c);
}

/* ---- the fast path against the general reader ------------------------------ */

/* The bytes of a log. */
static void log_bytes(const cx_paths_log *log, uint8_t **b, size_t *n) {
  assert_int_equal(cx_paths_log_serialize(log, b, n), CX_OK);
}

/* Rows read as given (plain files of the case, touchpoint, timestamp and
 * outcome columns go through the fast path) and with an empty value
 * column added, which the fast path leaves to the general reader: the same
 * log, byte for byte, or the same error at the same place. */
static void agree(const char *header, const char *const *rows, size_t n,
                  const char *eol, bool last_eol,
                  const cx_paths_csv_options *o, const cx_paths_options *lo) {
  char fast[4096], slow[4096];
  size_t a = 0, b = 0;
  char d = o ? o->delimiter : ',';
  a += (size_t)snprintf(fast + a, sizeof fast - a, "%s%s", header, eol);
  b += (size_t)snprintf(slow + b, sizeof slow - b, "%s%cvalue%s", header, d,
                        eol);
  for (size_t i = 0; i < n; i++) {
    const char *end = i + 1 < n || last_eol ? eol : "";
    a += (size_t)snprintf(fast + a, sizeof fast - a, "%s%s", rows[i], end);
    if (rows[i][0])
      b += (size_t)snprintf(slow + b, sizeof slow - b, "%s%c%s", rows[i], d,
                            end);
    else
      b += (size_t)snprintf(slow + b, sizeof slow - b, "%s", end);
  }
  assert_true(a < sizeof fast && b < sizeof slow);
  cx_paths_log *lf, *ls;
  assert_int_equal(cx_paths_log_new(&lf, lo), CX_OK);
  assert_int_equal(cx_paths_log_new(&ls, lo), CX_OK);
  cx_status sf = cx_paths_read_csv_buffer(lf, fast, a, "t.csv", o);
  cx_error_info ef = *cx_error_info_last();
  bool width = sf && strstr(cx_error_last(), " row: ") != NULL;
  cx_status ss = cx_paths_read_csv_buffer(ls, slow, b, "t.csv", o);
  const cx_error_info *es = cx_error_info_last();
  assert_int_equal(sf, ss);
  if (sf) {
    /* A row of the wrong width is named at its end or its extra cell,
     * which the added column moves. */
    assert_int_equal(ef.line, es->line);
    if (!width)
      assert_int_equal(ef.column, es->column);
    assert_int_equal(cx_paths_log_n_events(lf), 0);
  }
  uint8_t *bf, *bs;
  size_t nf, ns;
  log_bytes(lf, &bf, &nf);
  log_bytes(ls, &bs, &ns);
  assert_int_equal(nf, ns);
  assert_memory_equal(bf, bs, nf);
  cx_free(bf);
  cx_free(bs);
  cx_paths_log_free(lf);
  cx_paths_log_free(ls);
}

static void test_fast_path_agrees(void **state) {
  (void)state;
  const char *h = "case,touchpoint,timestamp,outcome";
#define AGREE(eol, last, o, lo, ...)                                           \
  do {                                                                         \
    static const char *const r[] = {__VA_ARGS__};                              \
    agree(h, r, sizeof r / sizeof *r, eol, last, o, lo);                       \
  } while (0)
  /* Plain rows: numeric and text ids, blanks around cells, empty outcome
   * cells, names longer than the touchpoint cache takes, empty lines, the
   * last row with or without a line end. */
  AGREE("\n", true, NULL, NULL, "1,visit,1700000000,0", "2, visit ,1700000005,",
        " k1 ,a-very-long-touchpoint-name,1700000001 ,1", "",
        "1,call,1700000090,1", "2,call,1699999999,0", "", "");
  AGREE("\n", false, NULL, NULL, "7,A,10,0", "007,B,11,1", "7,C,12,");
  /* Timestamps the fast path hands to the general parser: ISO 8601 with
   * offsets, fractions, signs, leading zeros; and the automatic format. */
  AGREE("\n", true, NULL, NULL, "a,x,2024-02-29T10:00:00+02:00,0",
        "a,y,2024-02-29T08:00:01.5Z,1", "b,x,1970-01-01,");
  AGREE("\n", true, NULL, NULL, "a,x,1709280300.5,", "a,y,-12,",
        "b,x,+0001709280000,1", "b,y,0000000000000000001,0");
  cx_paths_csv_options o = CX_PATHS_CSV_OPTIONS_INIT;
  o.time_format = CX_PATHS_TIME_EPOCH_US;
  AGREE("\n", true, &o, NULL, "a,x,1700000000000000,", "a,y,253402300799999999,",
        "b,x,123456789012345678,1", "b,y,1,0");
  /* Input the fast path gives up on, for the general reader: quotes,
   * carriage returns, text beyond ASCII, outcome words, rows of the wrong
   * width, bad cells, limits. */
  AGREE("\r\n", true, NULL, NULL, "a,x,1,0", "a,y,2,1");
  AGREE("\n", true, NULL, NULL, "a,\"x\",1,0", "a,y,2,1");
  AGREE("\n", true, NULL, NULL, "a,caf\xc3\xa9,1,0", "a,y,2,1");
  AGREE("\n", true, NULL, NULL, "a,x,1,yes", "a,y,2,FALSE");
  AGREE("\n", true, NULL, NULL, "a,x,1,0", "a,y,2");
  AGREE("\n", true, NULL, NULL, "a,x,1,0", "a,y,abc,0");
  AGREE("\n", true, NULL, NULL, "a,x,1,0", ",y,2,0");
  AGREE("\n", true, NULL, NULL, "a,x,1,0", "a,,2,0");
  AGREE("\n", true, NULL, NULL, "a,x,1,0", "a,y,2,2");
  AGREE("\n", true, NULL, NULL, "a,x,99999999999999,0");
  cx_paths_options lo = CX_PATHS_OPTIONS_INIT;
  lo.max_touchpoints = 2;
  AGREE("\n", true, NULL, &lo, "a,x,1,0", "b,y,1,0", "c,z,1,0");
  lo = (cx_paths_options)CX_PATHS_OPTIONS_INIT;
  lo.max_cases = 2;
  AGREE("\n", true, NULL, &lo, "a,x,1,0", "b,y,1,0", "c,z,1,0");
  /* A log grouped by case, another delimiter, a conversion touchpoint. */
  lo = (cx_paths_options)CX_PATHS_OPTIONS_INIT;
  lo.sorted_by_case = 1;
  AGREE("\n", true, NULL, &lo, "a,x,3,0", "a,y,1,0", "b,x,5,", "b,z,9,1");
  /* Numeric case ids of every length up to 19 digits, with and without a
   * leading zero (then text), mixed with other ids; and ids as the last
   * cell of a row, up to the very end of the input. */
  lo = (cx_paths_options)CX_PATHS_OPTIONS_INIT;
  AGREE("\n", true, NULL, NULL, "1,x,1,0", "12,x,2,0", "123,y,3,0",
        "1234,x,4,0", "12345,y,5,1", "123456,x,6,", "1234567,y,7,0",
        "12345678,x,8,0", "123456789,y,9,0", "0123,x,10,0", "0,y,11,0",
        "123456789012345678,x,12,0", "1234567890123456789,y,13,0",
        "12a4,x,14,0", "1234567,x,15,0", "123456,y,16,0", "01,x,17,0",
        "1,y,18,1", "9999999,x,19,0", "99999999,y,20,0");
  /* Text ids new in a batch and seen again in it, among numeric ones. */
  AGREE("\n", true, NULL, NULL, "u1,x,1,0", "u2,y,2,0", "u1,y,3,1", "7,x,4,0",
        "u3,x,5,0", "u2,x,6,0", "007,y,7,0", "u3,y,8,0", "7,y,9,0");
  h = "touchpoint,timestamp,case";
  AGREE("\n", false, NULL, NULL, "x,1,12", "y,2,1234567", "x,3,12",
        "y,4,7", "x,5,1234567");
  AGREE("\n", true, NULL, NULL, "x,1,7", "y,2,7");
  h = "touchpoint;when;who";
  o = (cx_paths_csv_options)CX_PATHS_CSV_OPTIONS_INIT;
  o.delimiter = ';';
  o.case_column = "who";
  o.timestamp_column = "when";
  o.time_format = CX_PATHS_TIME_EPOCH_MS;
  o.conversion_touchpoint = "buy";
  AGREE("\n", true, &o, NULL, "visit;1709280000000;k2", "buy;1709280000001;k2",
        "visit;1709280000000.5;k1");
#undef AGREE
}

/* A file of many blocks: rows cut by block ends, a thousand touchpoints
 * (more than the touchpoint cache holds); read from the file, from memory
 * and through the general tokenizer, the same log; and a bad row near the
 * end reported at its line and column, the log left as it was. */
static void test_fast_path_blocks(void **state) {
  (void)state;
  enum { ROWS = 300000 };
  size_t cap = (size_t)ROWS * 64 + 64, n = 0, m = 0;
  char *fast = malloc(cap), *slow = malloc(cap);
  assert_non_null(fast);
  assert_non_null(slow);
  n += (size_t)sprintf(fast, "case,touchpoint,timestamp,outcome\n");
  m += (size_t)sprintf(slow, "case,touchpoint,timestamp,outcome,value\n");
  uint64_t x = 88172645463325252ull;
  for (int i = 0; i < ROWS; i++) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    unsigned id = (unsigned)(x % 40000), tp = (unsigned)(x >> 20) % 1000;
    long long t = 1700000000000000LL + (long long)(x >> 24) % 900000000000LL;
    const char *out = (x >> 40) % 7 == 0 ? "1" : (x >> 40) % 7 == 1 ? "" : "0";
    char row[128];
    int k = (x >> 50) % 3 == 0
                ? snprintf(row, sizeof row, "c%u,tp%u,%lld,%s", id, tp, t, out)
                : snprintf(row, sizeof row, "%u,t%u-long-name,%lld,%s", id, tp,
                           t, out);
    n += (size_t)sprintf(fast + n, "%s\n", row);
    m += (size_t)sprintf(slow + m, "%s,\n", row);
    assert_true(k > 0);
  }
  char path[] = "/tmp/cx-test-paths-fast-XXXXXX";
  int fd = mkstemp(path);
  assert_true(fd >= 0);
  FILE *f = fdopen(fd, "wb");
  assert_non_null(f);
  assert_int_equal(fwrite(fast, 1, n, f), n);
  assert_int_equal(fclose(f), 0);
  cx_paths_csv_options o = CX_PATHS_CSV_OPTIONS_INIT;
  o.time_format = CX_PATHS_TIME_EPOCH_US;
  cx_paths_log *a = new_log(), *b = new_log(), *c = new_log();
  assert_int_equal(cx_paths_read_csv(a, path, &o), CX_OK);
  assert_int_equal(cx_paths_read_csv_buffer(b, fast, n, "f.csv", &o), CX_OK);
  assert_int_equal(cx_paths_read_csv_buffer(c, slow, m, "s.csv", &o), CX_OK);
  assert_int_equal(cx_paths_log_n_events(a), ROWS);
  uint8_t *ba, *bb, *bc;
  size_t na, nb, nc;
  log_bytes(a, &ba, &na);
  log_bytes(b, &bb, &nb);
  log_bytes(c, &bc, &nc);
  assert_int_equal(na, nc);
  assert_int_equal(nb, nc);
  assert_memory_equal(ba, bc, nc);
  assert_memory_equal(bb, bc, nc);
  cx_free(ba);
  cx_free(bb);
  cx_free(bc);
  /* Row 290000 (line 290001) gets a bad timestamp: "1x" over its first
   * two digits, at the column after the case and touchpoint cells. */
  const char *p = fast;
  for (int line = 1; line < 290001; line++)
    p = strchr(p, '\n') + 1;
  char *cell = strchr(strchr((char *)p, ',') + 1, ',') + 1;
  cell[1] = 'x';
  f = fopen(path, "wb");
  assert_non_null(f);
  assert_int_equal(fwrite(fast, 1, n, f), n);
  assert_int_equal(fclose(f), 0);
  cx_paths_log *d = new_log();
  assert_int_equal(cx_paths_read_csv(d, path, &o), CX_EPARSE);
  assert_int_equal(cx_error_info_last()->line, 290001);
  assert_int_equal(cx_error_info_last()->column, (uint64_t)(cell - p) + 1);
  assert_int_equal(cx_paths_log_n_events(d), 0);
  remove(path);
  free(fast);
  free(slow);
  cx_paths_log_free(a);
  cx_paths_log_free(b);
  cx_paths_log_free(c);
  cx_paths_log_free(d);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_timestamps),
      cmocka_unit_test(test_formats_agree),
      cmocka_unit_test(test_conversion_touchpoint_and_segments),
      cmocka_unit_test(test_errors),
      cmocka_unit_test(test_numeric_case_ids),
      cmocka_unit_test(test_sample_log),
      cmocka_unit_test(test_fast_path_agrees),
      cmocka_unit_test(test_fast_path_blocks),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
