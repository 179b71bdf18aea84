/* Tests of the journey JSON reader and writer: round trips of journeys
 * built in C with every field set, output checked against hand-written
 * text and against an independent JSON parser (jansson), the bundled
 * example files (written by Python's json module) byte for byte, every
 * error with its line, column, member path and value, the limits (also
 * that they hold before memory is taken), unknown members, and that a
 * failed call leaves the caller's pointer alone and leaks nothing, even
 * when allocations fail. */
#include <locale.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include <cx/io.h>
#include <cx/journey.h>

#include "journey_internal.h"

#ifndef CX_TEST_SOURCE_DIR
#define CX_TEST_SOURCE_DIR "."
#endif

/* ---- helpers ------------------------------------------------------------ */

static cx_journey *const SENTINEL = (cx_journey *)&SENTINEL;

static cx_journey *load_opt(const char *text, const cx_journey_json_options *o) {
  cx_journey *j = NULL;
  cx_status st = cx_journey_from_json(&j, text, strlen(text), "t.json", o);
  if (st != CX_OK)
    print_error("unexpected failure: %s\n", cx_error_last());
  assert_int_equal(st, CX_OK);
  assert_non_null(j);
  return j;
}

static cx_journey *load(const char *text) { return load_opt(text, NULL); }

static char *save(const cx_journey *j, int indent) {
  char *s = NULL;
  size_t n = 0;
  cx_status st = cx_journey_to_json(j, indent, &s, &n);
  if (st != CX_OK)
    print_error("unexpected failure: %s\n", cx_error_last());
  assert_int_equal(st, CX_OK);
  assert_int_equal(n, strlen(s));
  return s;
}

/* Load must fail with @p status at @p line:@p col, the message naming
 * @p path, the value @p value (NULL: none), and *out untouched. */
static void fails_len(const char *text, size_t len,
                      const cx_journey_json_options *o, cx_status status,
                      uint64_t line, uint64_t col, const char *path,
                      const char *value) {
  cx_journey *j = SENTINEL;
  cx_status st = cx_journey_from_json(&j, text, len, "t.json", o);
  const cx_error_info *e = cx_error_info_last();
  if (st != status || e->line != line || e->column != col ||
      (path && !strstr(e->message, path)))
    print_error("doc %s\n  got %d: %s\n", text, st, e->message);
  assert_int_equal(st, status);
  assert_ptr_equal(j, SENTINEL);
  assert_int_equal(e->status, status);
  assert_string_equal(e->path, "t.json");
  assert_int_equal(e->line, line);
  assert_int_equal(e->column, col);
  if (path) {
    char want[300];
    snprintf(want, sizeof want, ":%llu:%llu: %s: ", (unsigned long long)line,
             (unsigned long long)col, path);
    assert_non_null(strstr(e->message, want));
  }
  if (value) {
    assert_non_null(e->value);
    assert_string_equal(e->value, value);
  } else {
    assert_null(e->value);
  }
}

static void fails(const char *text, const cx_journey_json_options *o,
                  cx_status status, uint64_t line, uint64_t col,
                  const char *path, const char *value) {
  fails_len(text, strlen(text), o, status, line, col, path, value);
}

static void assert_round_trip(const cx_journey *j) {
  for (int indent = 0; indent <= 4; indent += 2) {
    char *a = save(j, indent);
    cx_journey *k = load(a);
    assert_true(cx_journey_equal(j, k));
    char *b = save(k, indent);
    assert_string_equal(a, b);
    if (indent == 0)
      assert_null(strchr(a, '\n'));
    else
      assert_true(a[strlen(a) - 1] == '\n');
    cx_free(a);
    cx_free(b);
    cx_journey_free(k);
  }
}

static char *read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  assert_non_null(f);
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *s = malloc((size_t)n + 1);
  assert_non_null(s);
  assert_int_equal(fread(s, 1, (size_t)n, f), (size_t)n);
  s[n] = '\0';
  fclose(f);
  *len = (size_t)n;
  return s;
}

static const char *examples_dir(void) {
  const char *d = getenv("CX_EXAMPLES_DATA");
  return d ? d : CX_TEST_SOURCE_DIR "/../examples/data";
}

/* A journey with every field set, through the public API (plus reader
 * data, as a reader would keep it). */
static cx_journey *build_full(void) {
  cx_journey *j = NULL;
  assert_int_equal(cx_journey_new(&j, "full"), CX_OK);
  assert_int_equal(cx_journey_set_text(j, CX_JOURNEY_TITLE,
                   "Ünïcödé ✓ 🚀 <script>alert(1)</script>"), CX_OK);
  assert_int_equal(cx_journey_set_text(j, CX_JOURNEY_DESCRIPTION,
                   "quote \" backslash \\ slash / newline \n tab \t "
                   "bell \a unit \x1f del \x7f end"), CX_OK);
  assert_int_equal(cx_journey_set_scale(j, 0, 0, 10), CX_OK);
  assert_int_equal(cx_journey_actor_add(j, "a1", "Ann"), CX_OK);
  assert_int_equal(cx_journey_actor_add(j, "a2", NULL), CX_OK);
  assert_int_equal(cx_journey_actor_add(j, "b", ""), CX_OK);
  assert_int_equal(cx_journey_stage_add(j, "s1", "Stage one"), CX_OK);
  assert_int_equal(cx_journey_stage_set_text(j, "s1", CX_STAGE_DESCRIPTION,
                                             "First\r\nstage"), CX_OK);
  assert_int_equal(cx_journey_stage_add(j, "s2", NULL), CX_OK);
  assert_int_equal(cx_journey_stage_add(j, "s3", "Empty"), CX_OK);
  assert_int_equal(cx_journey_touchpoint_add(j, "s1", "t1", "Touch 1"), CX_OK);
  assert_int_equal(cx_journey_touchpoint_set_text(j, "t1", CX_TP_DESCRIPTION,
                                                  "Desc 日本語"), CX_OK);
  assert_int_equal(cx_journey_touchpoint_set_text(j, "t1", CX_TP_DEPARTMENT,
                                                  "Ops"), CX_OK);
  const double v[CX_TP_NUMBER_COUNT] = {0.1, 1.0 / 3, 7, 2.5, 9, 1e-7, 12.75,
                                        1e15};
  for (int f = 0; f < CX_TP_NUMBER_COUNT; f++)
    assert_int_equal(cx_journey_touchpoint_set_number(j, "t1", (cx_tp_number)f,
                                                      v[f]), CX_OK);
  assert_int_equal(cx_journey_touchpoint_set_channel(j, "t1",
                   CX_CHANNEL_CUSTOM, "kiosk"), CX_OK);
  assert_int_equal(cx_journey_touchpoint_set_owner(j, "t1", CX_OWNER_PARTNER),
                   CX_OK);
  assert_int_equal(cx_journey_touchpoint_set_layer(j, "t1", CX_LAYER_BACKSTAGE),
                   CX_OK);
  assert_int_equal(cx_journey_touchpoint_set_moment_of_truth(j, "t1", 1), CX_OK);
  assert_int_equal(cx_journey_touchpoint_list_add(j, "t1", CX_TP_ACTORS, "a2"),
                   CX_OK);
  assert_int_equal(cx_journey_touchpoint_list_add(j, "t1", CX_TP_ACTORS, "a1"),
                   CX_OK);
  const char *items[] = {"Slow", "Lent — très", "\"Quoted\"\nline two"};
  for (int l = CX_TP_PAIN_POINTS; l < CX_TP_LIST_COUNT; l++)
    for (int i = 0; i < 3; i++)
      assert_int_equal(cx_journey_touchpoint_list_add(j, "t1", (cx_tp_list)l,
                                                      items[(i + l) % 3]),
                       CX_OK);
  assert_int_equal(cx_journey_touchpoint_metric_set(j, "t1", "NPS", -12), CX_OK);
  assert_int_equal(cx_journey_touchpoint_metric_set(j, "t1", "CSAT", 4.25),
                   CX_OK);
  assert_int_equal(cx_journey_touchpoint_metric_set(j, "t1", "a \"b\" c", 0.5),
                   CX_OK);
  assert_int_equal(cx_journey_touchpoint_add(j, "s1", "t2", "Touch 2"), CX_OK);
  assert_int_equal(cx_journey_touchpoint_set_channel(j, "t2",
                   CX_CHANNEL_CUSTOM, "Web"), CX_OK);
  assert_int_equal(cx_journey_touchpoint_add(j, "s2", "t3", ""), CX_OK);
  assert_int_equal(cx_journey_touchpoint_set_channel(j, "t3", CX_CHANNEL_EMAIL,
                                                     NULL), CX_OK);
  assert_int_equal(cx_journey_touchpoint_set_owner(j, "t3", CX_OWNER_SOCIAL),
                   CX_OK);
  assert_int_equal(cx_journey_touchpoint_set_layer(j, "t3", CX_LAYER_FRONTSTAGE),
                   CX_OK);
  assert_int_equal(cx_journey_touchpoint_set_number(j, "t3", CX_TP_SCORE, 0),
                   CX_OK);
  assert_int_equal(cx_journey_touchpoint_set_number(j, "t3", CX_TP_EXPECTATION,
                                                    -0.0), CX_OK);
  assert_int_equal(cx_journey_touchpoint_add(j, "s2", "t4", "Touch 4"), CX_OK);
  assert_int_equal(cx_journey_touchpoint_set_channel(j, "t4",
                   CX_CHANNEL_CUSTOM, "custom"), CX_OK);
  assert_int_equal(cx__journey_set_extra(j, CX_JOURNEY_ELEMENT_JOURNEY, NULL,
                   "{\"x-app\":{\"v\":[1,2.50,\"s\",true,false,null]}}"),
                   CX_OK);
  assert_int_equal(cx__journey_set_extra(j, CX_JOURNEY_ELEMENT_ACTOR, "a1",
                   "{\"colour\":\"#f00\"}"), CX_OK);
  assert_int_equal(cx__journey_set_extra(j, CX_JOURNEY_ELEMENT_STAGE, "s1",
                   "{\"k\":[],\"e\":{}}"), CX_OK);
  assert_int_equal(cx__journey_set_extra(j, CX_JOURNEY_ELEMENT_TOUCHPOINT, "t1",
                   "{\"z\":{\"deep\":{\"deeper\":[{},[[]],\"\\u0001\"]}}}"),
                   CX_OK);
  return j;
}

/* ---- round trips ---------------------------------------------------------- */

static void round_trip_full(void **state) {
  (void)state;
  cx_journey *j = build_full();
  assert_round_trip(j);
  cx_journey *empty = NULL;
  assert_int_equal(cx_journey_new(&empty, NULL), CX_OK);
  assert_round_trip(empty);
  cx_journey_free(empty);
  cx_journey_free(j);
}

/* The writer's output read by jansson, an independent parser: every value
 * as it was set. */
static void output_read_by_jansson(void **state) {
  (void)state;
  cx_journey *j = build_full();
  char *text = save(j, 2);
  json_error_t err;
  json_t *doc = json_loads(text, JSON_REJECT_DUPLICATES, &err);
  if (!doc)
    print_error("jansson: %s at %d:%d\n", err.text, err.line, err.column);
  assert_non_null(doc);
  const char *title = NULL, *descr = NULL, *fmt = NULL;
  int version = 0;
  json_t *scale = NULL, *actors = NULL, *stages = NULL, *xapp = NULL;
  assert_int_equal(json_unpack(doc, "{s:s, s:i, s:s, s:s, s:o, s:o, s:o, s:o}",
                               "format", &fmt, "version", &version, "title",
                               &title, "description", &descr, "scale", &scale,
                               "actors", &actors, "stages", &stages, "x-app",
                               &xapp), 0);
  assert_string_equal(fmt, "libcx-journey");
  assert_int_equal(version, 1);
  assert_string_equal(title, "Ünïcödé ✓ 🚀 <script>alert(1)</script>");
  assert_string_equal(descr, "quote \" backslash \\ slash / newline \n tab \t "
                             "bell \a unit \x1f del \x7f end");
  assert_string_equal(json_string_value(json_object_get(doc, "id")), "full");
  assert_true(json_number_value(json_object_get(scale, "max")) == 10);
  assert_int_equal(json_array_size(actors), 3);
  assert_string_equal(json_string_value(json_object_get(
                      json_array_get(actors, 1), "name")), "a2");
  assert_string_equal(json_string_value(json_object_get(
                      json_array_get(actors, 0), "colour")), "#f00");
  assert_int_equal(json_array_size(stages), 3);
  json_t *s1 = json_array_get(stages, 0);
  assert_string_equal(json_string_value(json_object_get(s1, "description")),
                      "First\r\nstage");
  json_t *t1 = json_array_get(json_object_get(s1, "touchpoints"), 0);
  const char *names[] = {"score", "expectation", "experience", "adequate",
                         "desired", "importance", "duration", "reach"};
  const double v[] = {0.1, 1.0 / 3, 7, 2.5, 9, 1e-7, 12.75, 1e15};
  for (int f = 0; f < 8; f++)
    assert_true(json_number_value(json_object_get(t1, names[f])) == v[f]);
  assert_string_equal(json_string_value(json_object_get(t1, "channel")),
                      "kiosk");
  assert_string_equal(json_string_value(json_object_get(t1, "owner")),
                      "partner");
  assert_string_equal(json_string_value(json_object_get(t1, "layer")),
                      "backstage");
  assert_true(json_is_true(json_object_get(t1, "moment_of_truth")));
  json_t *quotes = json_object_get(t1, "quotes");
  assert_string_equal(json_string_value(json_array_get(quotes, 0)), "Slow");
  assert_string_equal(json_string_value(json_array_get(quotes, 2)),
                      "\"Quoted\"\nline two");
  json_t *metrics = json_object_get(t1, "metrics");
  assert_true(json_number_value(json_object_get(metrics, "NPS")) == -12);
  assert_true(json_number_value(json_object_get(metrics, "a \"b\" c")) == 0.5);
  json_t *deep = json_object_get(json_object_get(t1, "z"), "deep");
  assert_string_equal(json_string_value(json_array_get(
                      json_object_get(deep, "deeper"), 2)), "\x01");
  json_t *t2 = json_array_get(json_object_get(s1, "touchpoints"), 1);
  assert_string_equal(json_string_value(json_object_get(
                      json_object_get(t2, "channel"), "custom")), "Web");
  assert_null(json_object_get(t2, "score"));
  json_t *s2 = json_array_get(stages, 1);
  assert_string_equal(json_string_value(json_object_get(s2, "name")), "s2");
  json_t *t4 = json_array_get(json_object_get(s2, "touchpoints"), 1);
  assert_string_equal(json_string_value(json_object_get(t4, "channel")),
                      "custom");
  assert_int_equal(json_array_size(json_object_get(json_array_get(stages, 2),
                                                   "touchpoints")), 0);
  /* Members in the documented order, unknown ones last. */
  const char *order[] = {"\"id\": \"t1\"", "\"description\": \"Desc",
                         "\"channel\": \"kiosk\"", "\"owner\"",
                         "\"department\"", "\"layer\"", "\"actors\"",
                         "\"score\"", "\"reach\"", "\"pain_points\"",
                         "\"opportunities\"", "\"quotes\"",
                         "\"moment_of_truth\"", "\"metrics\"", "\"z\""};
  const char *at = text;
  for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
    const char *p = strstr(at, order[i]);
    assert_non_null(p);
    at = p;
  }
  json_decref(doc);
  cx_free(text);
  cx_journey_free(j);
}

/* A small journey, written out by hand: the exact bytes of both forms. */
static void exact_output(void **state) {
  (void)state;
  cx_journey *j = NULL;
  assert_int_equal(cx_journey_new(&j, "j"), CX_OK);
  assert_int_equal(cx_journey_set_text(j, CX_JOURNEY_TITLE, "T\u00e9"), CX_OK);
  assert_int_equal(cx_journey_actor_add(j, "a", "Ann"), CX_OK);
  assert_int_equal(cx_journey_stage_add(j, "s", "S"), CX_OK);
  assert_int_equal(cx_journey_touchpoint_add(j, "s", "t", "Tab\there"), CX_OK);
  assert_int_equal(cx_journey_touchpoint_set_number(j, "t", CX_TP_SCORE, 4.5),
                   CX_OK);
  assert_int_equal(cx_journey_touchpoint_list_add(j, "t", CX_TP_ACTORS, "a"),
                   CX_OK);
  assert_int_equal(cx_journey_touchpoint_metric_set(j, "t", "NPS", 30), CX_OK);
  char *one = save(j, 0);
  assert_string_equal(one,
      "{\"format\":\"libcx-journey\",\"version\":1,\"id\":\"j\",\"title\":"
      "\"T\xc3\xa9\",\"scale\":{\"min\":1,\"max\":5,\"neutral\":3},"
      "\"actors\":[{\"id\":\"a\",\"name\":\"Ann\"}],\"stages\":[{\"id\":\"s\","
      "\"name\":\"S\",\"touchpoints\":[{\"id\":\"t\",\"name\":\"Tab\\there\","
      "\"actors\":[\"a\"],\"score\":4.5,\"metrics\":{\"NPS\":30}}]}]}");
  char *two = save(j, 2);
  assert_string_equal(two,
      "{\n"
      "  \"format\": \"libcx-journey\",\n"
      "  \"version\": 1,\n"
      "  \"id\": \"j\",\n"
      "  \"title\": \"T\xc3\xa9\",\n"
      "  \"scale\": {\n"
      "    \"min\": 1,\n"
      "    \"max\": 5,\n"
      "    \"neutral\": 3\n"
      "  },\n"
      "  \"actors\": [\n"
      "    {\n"
      "      \"id\": \"a\",\n"
      "      \"name\": \"Ann\"\n"
      "    }\n"
      "  ],\n"
      "  \"stages\": [\n"
      "    {\n"
      "      \"id\": \"s\",\n"
      "      \"name\": \"S\",\n"
      "      \"touchpoints\": [\n"
      "        {\n"
      "          \"id\": \"t\",\n"
      "          \"name\": \"Tab\\there\",\n"
      "          \"actors\": [\n"
      "            \"a\"\n"
      "          ],\n"
      "          \"score\": 4.5,\n"
      "          \"metrics\": {\n"
      "            \"NPS\": 30\n"
      "          }\n"
      "        }\n"
      "      ]\n"
      "    }\n"
      "  ]\n"
      "}\n");
  cx_free(one);
  cx_free(two);
  cx_journey_free(j);
}

/* The text the writer gives a score. */
static char *score_text(double v) {
  cx_journey *j = NULL;
  assert_int_equal(cx_journey_new(&j, NULL), CX_OK);
  assert_int_equal(cx_journey_stage_add(j, "s", NULL), CX_OK);
  assert_int_equal(cx_journey_touchpoint_add(j, "s", "t", NULL), CX_OK);
  assert_int_equal(cx_journey_touchpoint_set_number(j, "t", CX_TP_SCORE, v),
                   CX_OK);
  char *s = save(j, 0);
  char *p = strstr(s, "\"score\":");
  assert_non_null(p);
  p += 8;
  size_t n = strcspn(p, ",}");
  char *out = malloc(n + 1);
  memcpy(out, p, n);
  out[n] = '\0';
  cx_free(s);
  cx_journey_free(j);
  return out;
}

static void number_format(void **state) {
  (void)state;
  /* Expected texts: the shortest decimal that reads back as the value
   * (as Python's repr gives them), whole numbers in plain digits. */
  static const struct {
    double v;
    const char *text;
  } cases[] = {
      {0.1, "0.1"}, {1.0 / 3, "0.3333333333333333"}, {2.0 / 3, "0.6666666666666666"},
      {0.1 + 0.2, "0.30000000000000004"}, {1e-7, "1e-07"}, {1.5e-5, "1.5e-05"},
      {0.0001, "0.0001"}, {123456.789, "123456.789"}, {-2.5, "-2.5"},
      {0, "0"}, {-0.0, "-0"}, {12000, "12000"}, {1e15, "1000000000000000"},
      {9007199254740991.0, "9007199254740991"}, {9007199254740992.0, "9007199254740992"},
      {1e300, "1e+300"}, {5e-324, "5e-324"}, {1.7976931348623157e308, "1.7976931348623157e+308"},
      {4.35, "4.35"}, {1e21, "1e+21"}, {3.14159, "3.14159"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char *t = score_text(cases[i].v);
    if (strcmp(t, cases[i].text) != 0)
      print_error("case %zu: got %s\n", i, t);
    assert_string_equal(t, cases[i].text);
    free(t);
  }
  /* Random doubles: the text reads back bit for bit, and one digit fewer
   * would not (for those not printed as whole numbers). */
  uint64_t x = 88172645463325252ull;
  for (int i = 0; i < 3000; i++) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    double v;
    memcpy(&v, &x, sizeof v);
    if (!isfinite(v))
      continue;
    char *t = score_text(v);
    double back = strtod(t, NULL);
    assert_memory_equal(&back, &v, sizeof v);
    int digits = 0; /* significant digits */
    for (const char *c = t; *c && *c != 'e'; c++)
      if (*c >= '1' && *c <= '9')
        digits++;
      else if (*c == '0' && digits)
        digits++;
    if (v != floor(v) && digits > 1) {
      char shorter[400];
      snprintf(shorter, sizeof shorter, "%.*g", digits - 1, v);
      assert_true(strtod(shorter, NULL) != v);
    }
    free(t);
  }
}

static void null_and_defaults(void **state) {
  (void)state;
  cx_journey *j = load(
      "{\"version\":1,\"id\":null,\"title\":null,\"scale\":null,"
      "\"actors\":[{\"id\":\"a\",\"name\":null}],\"stages\":[{\"id\":\"s\","
      "\"name\":null,\"description\":null,\"touchpoints\":[{\"id\":\"t\","
      "\"name\":null,\"score\":null,\"channel\":null,\"actors\":null,"
      "\"metrics\":null,\"moment_of_truth\":null}]},{\"id\":\"e\","
      "\"touchpoints\":null}]}");
  cx_journey *k = NULL;
  assert_int_equal(cx_journey_new(&k, NULL), CX_OK);
  assert_int_equal(cx_journey_actor_add(k, "a", NULL), CX_OK);
  assert_int_equal(cx_journey_stage_add(k, "s", NULL), CX_OK);
  assert_int_equal(cx_journey_stage_add(k, "e", NULL), CX_OK);
  assert_int_equal(cx_journey_touchpoint_add(k, "s", "t", NULL), CX_OK);
  assert_true(cx_journey_equal(j, k));
  double lo, mid, hi;
  assert_int_equal(cx_journey_get_scale(j, &lo, &mid, &hi), CX_OK);
  assert_true(lo == 1 && mid == 3 && hi == 5);
  cx_journey_free(j);
  cx_journey_free(k);
  /* Aliases are read and written by their canonical names. */
  j = load("{\"version\":1.0,\"format\":\"libcx-journey\",\"stages\":[{\"id\":"
           "\"s\",\"touchpoints\":[{\"id\":\"t\",\"owner\":\"Brand-Owned\","
           "\"layer\":\"front stage\",\"channel\":\"E-Mail\"},{\"id\":\"u\","
           "\"channel\":\"\",\"owner\":\"none\",\"moment_of_truth\":false}]}]}");
  char *s = save(j, 0);
  assert_non_null(strstr(s, "\"channel\":\"email\",\"owner\":\"brand\","
                            "\"layer\":\"frontstage\""));
  assert_non_null(strstr(s, "{\"id\":\"u\",\"name\":\"u\"}"));
  cx_free(s);
  cx_journey_free(j);
  /* A byte-order mark is skipped; CR LF line ends count as one. */
  j = load("\xEF\xBB\xBF{\r\n\"version\": 1\r\n}\r\n");
  cx_journey_free(j);
}

static void examples(void **state) {
  (void)state;
  static const struct {
    const char *name;
    size_t actors, stages, touchpoints, moments;
  } ex[] = {{"onboarding", 2, 4, 16, 3},
            {"support", 3, 4, 10, 2},
            {"offboarding", 2, 3, 8, 2}};
  for (size_t i = 0; i < 3; i++) {
    char path[1024];
    snprintf(path, sizeof path, "%s/journeys/%s.json", examples_dir(),
             ex[i].name);
    size_t len;
    char *file = read_file(path, &len);
    cx_journey *j = NULL;
    cx_journey_json_options o = CX_JOURNEY_JSON_OPTIONS_INIT;
    o.validate = 1;
    if (cx_journey_read_json(&j, path, &o) != CX_OK)
      print_error("%s\n", cx_error_last());
    assert_non_null(j);
    assert_int_equal(cx_journey_n_actors(j), ex[i].actors);
    assert_int_equal(cx_journey_n_stages(j), ex[i].stages);
    assert_int_equal(cx_journey_n_touchpoints(j), ex[i].touchpoints);
    size_t moments = 0;
    for (size_t k = 0; k < ex[i].touchpoints; k++) {
      int m = 0;
      assert_int_equal(cx_journey_touchpoint_get_moment_of_truth(j,
                       cx_journey_touchpoint_id(j, k), &m), CX_OK);
      moments += (size_t)m;
    }
    assert_int_equal(moments, ex[i].moments);
    /* The file is in the writer's canonical form. */
    char *text = save(j, 2);
    assert_int_equal(strlen(text), len);
    assert_string_equal(text, file);
    cx_free(text);
    assert_round_trip(j);
    cx_journey_free(j);
    free(file);
  }
  /* Values read from the files, as Python's json module reads them. */
  char path[1024];
  snprintf(path, sizeof path, "%s/journeys/onboarding.json", examples_dir());
  cx_journey *j = NULL;
  assert_int_equal(cx_journey_read_json(&j, path, NULL), CX_OK);
  double csat = 0, score = 0;
  assert_int_equal(cx_journey_touchpoint_metric_get(j, "fee-calculator", "CSAT",
                                                    &csat), CX_OK);
  assert_true(csat == 4.3);
  assert_int_equal(cx_journey_touchpoint_get_number(j, "friend-post",
                   CX_TP_SCORE, &score), CX_OK);
  assert_true(score == 3.5);
  cx_channel ch;
  const char *chname;
  assert_int_equal(cx_journey_touchpoint_get_channel(j, "app-reviews", &ch,
                                                     &chname), CX_OK);
  assert_int_equal(ch, CX_CHANNEL_CUSTOM);
  assert_string_equal(chname, "app store");
  assert_string_equal(cx__journey_get_extra(j, CX_JOURNEY_ELEMENT_JOURNEY, NULL),
                      "{\"duration_unit\":\"minutes\"}");
  cx_journey_free(j);
}

/* ---- unknown members ------------------------------------------------------ */

static void unknown_preserved(void **state) {
  (void)state;
  const char *doc =
      "{\"z0\":[1, 2.50, -0, 1E+2, 123456789012345678901234567890],"
      "\"version\":1,\"actors\":[{\"id\":\"a\",\"x\":{ \"b\" : [ ] }}],"
      "\"stages\":[{\"y\":\"\\u00e9t\\u00e9 \\ud83d\\ude00 \\/\",\"id\":\"s\","
      "\"touchpoints\":[{\"id\":\"t\",\"\\u0063olour\":\"red\",\"n\":null,"
      "\"score\":3}]}],\"accTitle\":\"\\u001f\\t\"}";
  cx_journey *j = load(doc);
  assert_string_equal(cx__journey_get_extra(j, CX_JOURNEY_ELEMENT_JOURNEY, NULL),
                      "{\"z0\":[1,2.50,-0,1E+2,123456789012345678901234567890],"
                      "\"accTitle\":\"\\u001F\\t\"}");
  assert_string_equal(cx__journey_get_extra(j, CX_JOURNEY_ELEMENT_ACTOR, "a"),
                      "{\"x\":{\"b\":[]}}");
  assert_string_equal(cx__journey_get_extra(j, CX_JOURNEY_ELEMENT_STAGE, "s"),
                      "{\"y\":\"\xc3\xa9t\xc3\xa9 \xf0\x9f\x98\x80 /\"}");
  assert_string_equal(cx__journey_get_extra(j, CX_JOURNEY_ELEMENT_TOUCHPOINT,
                                            "t"),
                      "{\"colour\":\"red\",\"n\":null}");
  assert_round_trip(j);
  char *s = save(j, 0);
  assert_non_null(strstr(s, "\"score\":3,\"colour\":\"red\",\"n\":null}"));
  cx_free(s);
  cx_journey_free(j);
}

static void unknown_rejected(void **state) {
  (void)state;
  cx_journey_json_options o = CX_JOURNEY_JSON_OPTIONS_INIT;
  o.unknown = CX_UNKNOWN_REJECT;
  cx_journey_free(load_opt("{\"version\":1,\"stages\":[{\"id\":\"s\","
                           "\"touchpoints\":[{\"id\":\"t\"}]}]}", &o));
  fails("{\"version\":1,\"extra\":1}", &o, CX_EPARSE, 1, 14, "extra",
        "\"extra\"");
  fails("{\"version\":1,\"actors\":[{\"id\":\"a\"},{\"id\":\"b\",\"age\":3}]}",
        &o, CX_EPARSE, 1, 45, "actors[1].age", "\"age\"");
  fails("{\"version\":1,\"stages\":[{\"id\":\"s\",\n\"a b\":[]}]}", &o,
        CX_EPARSE, 2, 1, "stages[0][\"a b\"]", "\"a b\"");
  fails("{\"version\":1,\"stages\":[{\"id\":\"s\",\"touchpoints\":[{\"id\":"
        "\"t\"},{\"id\":\"u\",\"colour\":\"red\"}]}]}", &o, CX_EPARSE, 1, 70,
        "stages[0].touchpoints[1].colour", "\"colour\"");
}

/* ---- errors --------------------------------------------------------------- */

static void syntax_errors(void **state) {
  (void)state;
  fails("", NULL, CX_EPARSE, 1, 1, "(document)", NULL);
  fails(" \n ", NULL, CX_EPARSE, 2, 2, "(document)", NULL);
  fails("[1]", NULL, CX_EPARSE, 1, 1, "(document)", "[");
  fails("\"x\"", NULL, CX_EPARSE, 1, 1, "(document)", "\"x\"");
  fails("{\"version\":1", NULL, CX_EPARSE, 1, 13, NULL, NULL);
  fails("{\"version\":1,", NULL, CX_EPARSE, 1, 14, NULL, NULL);
  fails("{\"version\":1,}", NULL, CX_EPARSE, 1, 14, NULL, "}");
  fails("{\"version\":1} {}", NULL, CX_EPARSE, 1, 15, "(document)", "{");
  fails("{\"version\":1} x", NULL, CX_EPARSE, 1, 15, "(document)", "x");
  fails("{\"version\":1,\"x\":[1,]}", NULL, CX_EPARSE, 1, 21, "x[1]", "]");
  fails("{\"version\":1,\"x\":[1 2]}", NULL, CX_EPARSE, 1, 21, "x[0]", "2");
  fails("{\"version\":1,\"x\":{\"a\" 1}}", NULL, CX_EPARSE, 1, 23, "x.a", "1");
  fails("{\"version\":1,\"x\":{1:2}}", NULL, CX_EPARSE, 1, 19, "x", "1");
  fails("{\"version\":1,\"x\":\"abc", NULL, CX_EPARSE, 1, 18, "x", "\"abc");
  fails("{\"version\":1,\n\"x\":[[[{\"a\":[\n1,\n]}]]]}", NULL, CX_EPARSE,
        4, 1, "x[0][0][0].a[1]", "]");
  /* Literals and numbers. */
  fails("{\"version\":1,\"x\":NaN}", NULL, CX_EPARSE, 1, 18, "x", "NaN");
  fails("{\"version\":1,\"x\":Infinity}", NULL, CX_EPARSE, 1, 18, "x",
        "Infinity");
  fails("{\"version\":1,\"x\":-Infinity}", NULL, CX_EPARSE, 1, 18, "x",
        "-Infinity");
  fails("{\"version\":1,\"x\":-nan}", NULL, CX_EPARSE, 1, 18, "x", "-nan");
  fails("{\"version\":1,\"x\":True}", NULL, CX_EPARSE, 1, 18, "x", "True");
  fails("{\"version\":1,\"x\":nul}", NULL, CX_EPARSE, 1, 18, "x", "nul");
  fails("{\"version\":1,\"x\":1e999}", NULL, CX_ERANGE, 1, 18, "x", "1e999");
  fails("{\"version\":1,\"x\":-1e309}", NULL, CX_ERANGE, 1, 18, "x", "-1e309");
  static const char *bad_numbers[] = {"01", "1.", ".5", "-", "+1", "1e",
                                      "1e+", "0x10", "1.5.3", "-.5", "2a"};
  for (size_t i = 0; i < sizeof bad_numbers / sizeof bad_numbers[0]; i++) {
    char doc[64];
    snprintf(doc, sizeof doc, "{\"version\":1,\"x\":%s}", bad_numbers[i]);
    cx_journey *j = SENTINEL;
    assert_int_equal(cx_journey_from_json(&j, doc, strlen(doc), NULL, NULL),
                     CX_EPARSE);
    assert_ptr_equal(j, SENTINEL);
    assert_int_equal(cx_error_info_last()->column, 18);
    assert_string_equal(cx_error_info_last()->path, "<buffer>");
  }
  /* A number that underflows is a finite number: zero. */
  cx_journey *j = load("{\"version\":1,\"stages\":[{\"id\":\"s\",\"touchpoints\":"
                       "[{\"id\":\"t\",\"reach\":1e-400}]}]}");
  double reach = -1;
  assert_int_equal(cx_journey_touchpoint_get_number(j, "t", CX_TP_REACH,
                                                    &reach), CX_OK);
  assert_true(reach == 0);
  cx_journey_free(j);
}

static void string_errors(void **state) {
  (void)state;
  const char *p = "{\"version\":1,\"x\":\"";
  struct {
    const char *tail;
    size_t tail_len;
    uint64_t col;
    const char *value;
  } cases[] = {
      {"a\xff\"}", 4, 20, "\\xFF\"}"},          /* bad byte */
      {"\xc0\xaf\"}", 4, 19, "\\xC0\\xAF\"}"},  /* overlong '/' */
      {"\xed\xa0\x80\"}", 5, 19, "\\xED\\xA0\\x80\""}, /* surrogate */
      {"\xf4\x90\x80\x80\"}", 6, 19, "\\xF4\\x90\\x80\\x80"}, /* > U+10FFFF */
      {"ab\xe2\x82", 4, 21, "\\xE2\\x82"},        /* cut at the end */
      {"a\x01\"}", 4, 20, "\\x01"},              /* raw control */
      {"a\nb\"}", 5, 20, "\\x0A"},               /* raw line feed */
      {"\\u0000\"}", 8, 19, "\\u0000"},
      {"\\udc00\"}", 8, 19, "\\udc00"},
      {"\\ud800x\"}", 9, 19, "\\ud800"},
      {"\\ud800\\u0041\"}", 14, 19, "\\ud800"},
      {"\\u12g4\"}", 8, 19, "\\u12g4"},
      {"\\x41\"}", 6, 19, "\\x"},
      {"\\u12", 4, 19, "\\u12"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char doc[64];
    size_t n = strlen(p);
    memcpy(doc, p, n);
    memcpy(doc + n, cases[i].tail, cases[i].tail_len);
    fails_len(doc, n + cases[i].tail_len, NULL, CX_EPARSE, 1, cases[i].col,
              "x", cases[i].value);
  }
  /* Bytes outside strings that are not JSON. */
  fails("{\"version\":1,\"x\":\xc3\xa9}", NULL, CX_EPARSE, 1, 18, "x",
        "\xc3\xa9");
  fails("{\"version\":1,\"x\":1}\xff", NULL, CX_EPARSE, 1, 20, "(document)",
        "\\xFF");
  /* The same rules hold for member names. */
  fails("{\"version\":1,\"\xff\":1}", NULL, CX_EPARSE, 1, 15, NULL, "\\xFF\":1");
}

static void duplicates(void **state) {
  (void)state;
  fails("{\"version\":1,\"title\":\"a\",\"title\":\"b\"}", NULL, CX_EPARSE, 1,
        26, "title", "\"title\"");
  fails("{\"version\":1,\"title\":\"a\",\"\\u0074itle\":\"b\"}", NULL,
        CX_EPARSE, 1, 26, "[\"\\u0074itle\"]", "\"\\u0074itle\"");
  fails("{\"version\":1,\"version\":1}", NULL, CX_EPARSE, 1, 14, "version",
        "\"version\"");
  fails("{\"version\":1,\"stages\":[{\"id\":\"s\",\"touchpoints\":[{\"id\":\"t\","
        "\"score\":1,\"score\":2}]}]}", NULL, CX_EPARSE, 1, 69,
        "stages[0].touchpoints[0].score", "\"score\"");
  fails("{\"version\":1,\"stages\":[{\"id\":\"s\",\"touchpoints\":[{\"id\":\"t\","
        "\"metrics\":{\"NPS\":1,\"NPS\":2}}]}]}", NULL, CX_EPARSE, 1, 78,
        "stages[0].touchpoints[0].metrics.NPS", "\"NPS\"");
  fails("{\"version\":1,\"x\":[{\"a\":{\"b\":1,\"b\":1}}]}", NULL, CX_EPARSE,
        1, 31, "x[0].a.b", "\"b\"");
  /* Equal names in different objects are fine. */
  cx_journey_free(load("{\"version\":1,\"x\":{\"a\":{\"a\":1},\"b\":{\"a\":2}}}"));
}

static void semantic_errors(void **state) {
  (void)state;
  fails("{\"version\":1,\n\"stages\":[{\"id\":\"a\",\"touchpoints\":[\n"
        "  {\"id\":\"x\",\"score\":\"high\"}]}]}", NULL, CX_EPARSE, 3, 21,
        "stages[0].touchpoints[0].score", "\"high\"");
  fails("{\"title\":\"t\"}", NULL, CX_EPARSE, 1, 1, "version", NULL);
  fails("{}", NULL, CX_EPARSE, 1, 1, "version", NULL);
  fails("{\"version\":2,\"stages\":{}}", NULL, CX_EPARSE, 1, 12, "version",
        "2");
  fails("{\"version\":1.5}", NULL, CX_EPARSE, 1, 12, "version", "1.5");
  fails("{\"version\":\"1\"}", NULL, CX_EPARSE, 1, 12, "version", "\"1\"");
  fails("{\"version\":1,\"format\":\"other\"}", NULL, CX_EPARSE, 1, 23,
        "format", "\"other\"");
  fails("{\"version\":1,\"title\":5}", NULL, CX_EPARSE, 1, 22, "title", "5");
  fails("{\"version\":1,\"stages\":{}}", NULL, CX_EPARSE, 1, 23, "stages", "{");
  fails("{\"version\":1,\"actors\":[\"ann\"]}", NULL, CX_EPARSE, 1, 24,
        "actors[0]", "\"ann\"");
  fails("{\"version\":1,\"actors\":[{\"name\":\"Ann\"}]}", NULL, CX_EPARSE, 1,
        24, "actors[0].id", NULL);
  fails("{\"version\":1,\"stages\":[{\"id\":\"s\"},{\"name\":\"S\"}]}", NULL,
        CX_EPARSE, 1, 35, "stages[1].id", NULL);
  fails("{\"version\":1,\"stages\":[{\"id\":\"s\",\"touchpoints\":[{\"id\":\"t\"},"
        "{\"id\":null}]}]}", NULL, CX_EPARSE, 1, 66,
        "stages[0].touchpoints[1].id", "null");
  fails("{\"version\":1,\"scale\":{\"min\":0,\"max\":10}}", NULL, CX_EPARSE, 1,
        22, "scale.neutral", NULL);
  fails("{\"version\":1,\"scale\":{\"min\":0,\"max\":10,\"neutral\":5,\"x\":1}}",
        NULL, CX_EPARSE, 1, 52, "scale.x", "\"x\"");
  fails("{\"version\":1,\"scale\":{\"min\":\"0\"}}", NULL, CX_EPARSE, 1, 29,
        "scale.min", "\"0\"");
  const char *tp = "{\"version\":1,\"stages\":[{\"id\":\"s\",\"touchpoints\":"
                   "[{\"id\":\"t\",";
  static const struct {
    const char *member;
    uint64_t col;
    const char *path, *value;
  } cases[] = {
      {"\"channel\":{}", 69, "channel.custom", NULL},
      {"\"channel\":{\"custom\":1}", 79, "channel.custom", "1"},
      {"\"channel\":{\"name\":\"x\"}", 70, "channel.name", "\"name\""},
      {"\"channel\":5", 69, "channel", "5"},
      {"\"owner\":\"boss\"", 67, "owner", "\"boss\""},
      {"\"layer\":\"middle\"", 67, "layer", "\"middle\""},
      {"\"quotes\":[\"a\",\"\"]", 73, "quotes[1]", "\"\""},
      {"\"actors\":[\"a\",3]", 73, "actors[1]", "3"},
      {"\"pain_points\":\"slow\"", 73, "pain_points", "\"slow\""},
      {"\"moment_of_truth\":\"yes\"", 77, "moment_of_truth", "\"yes\""},
      {"\"moment_of_truth\":1", 77, "moment_of_truth", "1"},
      {"\"metrics\":{\"NPS\":\"high\"}", 76, "metrics.NPS", "\"high\""},
      {"\"metrics\":{\"a b\":true}", 76, "metrics[\"a b\"]", "true"},
      {"\"metrics\":[1]", 69, "metrics", "["},
      {"\"reach\":[]", 67, "reach", "["},
      {"\"description\":false", 73, "description", "false"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char doc[256], path[128];
    snprintf(doc, sizeof doc, "%s%s}]}]}", tp, cases[i].member);
    snprintf(path, sizeof path, "stages[0].touchpoints[0].%s", cases[i].path);
    fails(doc, NULL, CX_EPARSE, 1, cases[i].col, path, cases[i].value);
  }
  /* Faults that validate reports are loaded as they are. */
  cx_journey *j = load(
      "{\"version\":1,\"scale\":{\"min\":5,\"max\":1,\"neutral\":3},"
      "\"actors\":[{\"id\":\"\"},{\"id\":\"a\"},{\"id\":\"a\"}],\"stages\":["
      "{\"id\":\"s\",\"name\":\"\",\"touchpoints\":[{\"id\":\"s\",\"score\":9,"
      "\"reach\":-1,\"actors\":[\"zz\",\"a\",\"a\"],\"channel\":{\"custom\":"
      "\"\"},\"metrics\":{\"\":1}}]}]}");
  cx_journey_problems *pr = NULL;
  assert_int_equal(cx_journey_validate(j, &pr), CX_OK);
  assert_true(cx_journey_problems_count(pr) >= 8);
  cx_journey_problems_free(pr);
  assert_round_trip(j);
  cx_journey_free(j);
}

static void validate_option(void **state) {
  (void)state;
  cx_journey_json_options o = CX_JOURNEY_JSON_OPTIONS_INIT;
  o.validate = 1;
  fails("{\"version\":1,\"stages\":[{\"id\":\"s\",\"touchpoints\":[{\"id\":\"t\"},"
        "\n  {\"id\":\"u\",\"score\":7}]}]}", &o, CX_EPARSE, 2, 3,
        "stages[0].touchpoints[1].score", "7");
  fails("{\"version\":1,\"stages\":[{\"id\":\"s\",\"touchpoints\":[{\"id\":\"t\"}]},"
        "{\"id\":\"r\",\"touchpoints\":[{\"id\":\"x\"},{\"id\":\"t\"}]}]}", &o,
        CX_EPARSE, 1, 98, "stages[1].touchpoints[1].id", "t");
  fails("{\"version\":1,\"actors\":[{\"id\":\"a\"}],\"stages\":[{\"id\":\"s\","
        "\"touchpoints\":[{\"id\":\"t\",\"actors\":[\"b\"]}]}]}", &o, CX_EPARSE,
        1, 71, "stages[0].touchpoints[0].actors", NULL);
  fails("{\"version\":1,\"scale\":{\"min\":1,\"max\":1,\"neutral\":1}}", &o,
        CX_EPARSE, 1, 22, "scale", NULL);
  fails("{\"version\":1,\"actors\":[{\"id\":\"a\"},{\"id\":\"a\"}]}", &o,
        CX_EPARSE, 1, 35, "actors[1].id", "a");
  fails("{\"version\":1,\"stages\":[{\"id\":\"s\",\"touchpoints\":[{\"id\":\"t\","
        "\"metrics\":{\"\":1}}]}]}", &o, CX_EPARSE, 1, 49,
        "stages[0].touchpoints[0].metrics[\"\"]", NULL);
  assert_non_null(strstr(cx_error_last(), "(empty-name)"));
  cx_journey_free(load_opt("{\"version\":1,\"actors\":[{\"id\":\"a\"}],"
                           "\"stages\":[{\"id\":\"s\",\"touchpoints\":[{\"id\":"
                           "\"t\",\"actors\":[\"a\"],\"score\":5}]}]}", &o));
}

static void arguments(void **state) {
  (void)state;
  cx_journey *j = SENTINEL;
  assert_int_equal(cx_journey_from_json(NULL, "{}", 2, NULL, NULL), CX_EINVAL);
  assert_int_equal(cx_journey_from_json(&j, NULL, 0, NULL, NULL), CX_EINVAL);
  cx_journey_json_options o = CX_JOURNEY_JSON_OPTIONS_INIT;
  o.version = 99;
  assert_int_equal(cx_journey_from_json(&j, "{}", 2, NULL, &o), CX_EINVAL);
  o.version = CX_JOURNEY_JSON_OPTIONS_VERSION;
  o.unknown = (cx_unknown_fields)7;
  assert_int_equal(cx_journey_from_json(&j, "{}", 2, NULL, &o), CX_EINVAL);
  assert_ptr_equal(j, SENTINEL);
  assert_int_equal(cx_journey_read_json(NULL, "x", NULL), CX_EINVAL);
  assert_int_equal(cx_journey_read_json(&j, NULL, NULL), CX_EINVAL);
  char *s = (char *)"untouched";
  assert_int_equal(cx_journey_to_json(NULL, 2, &s, NULL), CX_EINVAL);
  cx_journey *k = NULL;
  assert_int_equal(cx_journey_new(&k, NULL), CX_OK);
  assert_int_equal(cx_journey_to_json(k, 2, NULL, NULL), CX_EINVAL);
  assert_int_equal(cx_journey_to_json(k, -1, &s, NULL), CX_EINVAL);
  assert_int_equal(cx_journey_to_json(k, 17, &s, NULL), CX_EINVAL);
  assert_string_equal(s, "untouched");
  s = save(k, 16);
  assert_non_null(strstr(s, "\n                \"version\": 1,"));
  cx_free(s);
  cx_journey_free(k);
  /* Text need not end with a NUL: only len bytes are read. */
  const char text[] = "{\"version\":1,\"title\":\"ab\"}garbage";
  assert_int_equal(cx_journey_from_json(&j, text, 26, NULL, NULL), CX_OK);
  const char *title;
  assert_int_equal(cx_journey_get_text(j, CX_JOURNEY_TITLE, &title), CX_OK);
  assert_string_equal(title, "ab");
  cx_journey_free(j);
}

/* Every cut of a document fails cleanly; every byte of it matters. */
static void truncated(void **state) {
  (void)state;
  const char *doc =
      "{\"version\":1,\"title\":\"caf\\u00e9 \xe2\x82\xac\",\"stages\":[{\"id\":"
      "\"s\",\"touchpoints\":[{\"id\":\"t\",\"score\":-1.5e0,\"moment_of_truth\":"
      "true,\"x\":[null,false,{}]}]}]}";
  size_t n = strlen(doc);
  for (size_t len = 0; len < n; len++) {
    cx_journey *j = SENTINEL;
    cx_status st = cx_journey_from_json(&j, doc, len, NULL, NULL);
    assert_int_equal(st, CX_EPARSE);
    assert_ptr_equal(j, SENTINEL);
    assert_true(cx_error_info_last()->line == 1);
  }
  cx_journey_free(load(doc));
}

/* ---- limits ------------------------------------------------------------------ */

static void limits(void **state) {
  (void)state;
  cx_journey_json_options o = CX_JOURNEY_JSON_OPTIONS_INIT;
  const char *doc = "{\"version\":1}";
  o.max_bytes = 13;
  cx_journey_free(load_opt(doc, &o));
  o.max_bytes = 12;
  cx_journey *j = SENTINEL;
  assert_int_equal(cx_journey_from_json(&j, doc, 13, "t.json", &o), CX_ERANGE);
  assert_ptr_equal(j, SENTINEL);
  assert_non_null(strstr(cx_error_last(), "max_bytes"));
  assert_string_equal(cx_error_info_last()->path, "t.json");
  o = (cx_journey_json_options)CX_JOURNEY_JSON_OPTIONS_INIT;
  /* Depth: the journey is level 1; x's array level 2, and so on. */
  o.max_depth = 4;
  cx_journey_free(load_opt("{\"version\":1,\"x\":[[{\"a\":1}]]}", &o));
  fails("{\"version\":1,\"x\":[[{\"a\":[]}]]}", &o, CX_ERANGE, 1, 25,
        "x[0][0].a", "[");
  assert_non_null(strstr(cx_error_last(), "max_depth (4)"));
  fails("{\"version\":1,\"stages\":[{\"id\":\"s\",\"touchpoints\":[{\"id\":\"t\"}]}]}",
        &o, CX_ERANGE, 1, 49, "stages[0].touchpoints[0]", "{");
  o.max_depth = 0;
  fails("{\"version\":1}", &o, CX_ERANGE, 1, 1, "(document)", "{");
  o = (cx_journey_json_options)CX_JOURNEY_JSON_OPTIONS_INIT;
  /* Strings: decoded bytes, names too; numbers by their length. */
  o.max_string = 7;
  cx_journey_free(load_opt("{\"version\":1,\"title\":\"\\u00e9\\u00e9\\u00e9x\"}",
                           &o));
  fails("{\"version\":1,\"title\":\"\\u00e9\\u00e9\\u00e9\\u00e9\"}", &o,
        CX_ERANGE, 1, 22, "title", "\"\\u00e9\\u00e9\\u00e9\\u00e9");
  assert_non_null(strstr(cx_error_last(), "max_string (7 bytes)"));
  fails("{\"version\":1,\"abcdefgh\":1}", &o, CX_ERANGE, 1, 14, NULL,
        "\"abcdefgh");
  cx_journey_free(load_opt("{\"version\":1,\"x\":1234567}", &o));
  fails("{\"version\":1,\"x\":12345678}", &o, CX_ERANGE, 1, 18, "x",
        "12345678");
  o = (cx_journey_json_options)CX_JOURNEY_JSON_OPTIONS_INIT;
  o.max_touchpoints = 2;
  const char *three = "{\"version\":1,\"stages\":[{\"id\":\"s\",\"touchpoints\":"
                      "[{\"id\":\"a\"},{\"id\":\"b\"}]},{\"id\":\"r\",\"touchpoints\":"
                      "[{\"id\":\"c\"}]}]}";
  fails(three, &o, CX_ERANGE, 1, 98, "stages[1].touchpoints[0]", NULL);
  assert_non_null(strstr(cx_error_last(), "max_touchpoints (2)"));
  o.max_touchpoints = 3;
  cx_journey_free(load_opt(three, &o));
}

/* Allocation hooks that count, measure the peak and can fail. */
static size_t live, peak, n_alloc, fail_at;
static void *t_malloc(size_t n) {
  if (fail_at && ++n_alloc >= fail_at)
    return NULL;
  size_t *p = malloc(n + sizeof(size_t) * 2);
  if (!p)
    return NULL;
  p[0] = n;
  live += n;
  if (live > peak)
    peak = live;
  return p + 2;
}
static void t_free(void *q) {
  if (!q)
    return;
  size_t *p = (size_t *)q - 2;
  live -= p[0];
  free(p);
}
static void *t_realloc(void *q, size_t n) {
  if (!q)
    return t_malloc(n);
  if (fail_at && ++n_alloc >= fail_at)
    return NULL;
  size_t *p = (size_t *)q - 2;
  size_t old = p[0];
  size_t *r = realloc(p, n + sizeof(size_t) * 2);
  if (!r)
    return NULL;
  r[0] = n;
  live = live - old + n;
  if (live > peak)
    peak = live;
  return r + 2;
}

static void hooks(size_t fail) {
  live = peak = n_alloc = 0;
  fail_at = fail;
  assert_int_equal(cx_set_allocator(t_malloc, t_realloc, t_free), CX_OK);
}

static void unhook(void) {
  assert_int_equal(cx_set_allocator(NULL, NULL, NULL), CX_OK);
  assert_int_equal(live, 0); /* nothing leaked through the hooks */
}

/* What the input asks for is refused before it is allocated. */
static void limits_before_allocation(void **state) {
  (void)state;
  /* A 4 MiB string over a 1 MiB limit. */
  size_t big = (size_t)4 << 20;
  char *doc = malloc(big + 64);
  int n = sprintf(doc, "{\"version\":1,\"title\":\"");
  memset(doc + n, 'a', big);
  strcpy(doc + n + big, "\"}");
  cx_journey *j = SENTINEL;
  hooks(0);
  assert_int_equal(cx_journey_from_json(&j, doc, strlen(doc), NULL, NULL),
                   CX_ERANGE);
  unhook();
  assert_true(peak < 64 * 1024);
  /* 200000 touchpoints over a limit of 10. */
  size_t tps = 200000;
  free(doc);
  doc = malloc(tps * 12 + 128);
  char *p = doc + sprintf(doc, "{\"version\":1,\"stages\":[{\"id\":\"s\","
                               "\"touchpoints\":[");
  for (size_t i = 0; i < tps; i++)
    p += sprintf(p, "%s{\"id\":\"\"}", i ? "," : "");
  strcpy(p, "]}]}");
  cx_journey_json_options o = CX_JOURNEY_JSON_OPTIONS_INIT;
  o.max_touchpoints = 10;
  hooks(0);
  assert_int_equal(cx_journey_from_json(&j, doc, strlen(doc), NULL, &o),
                   CX_ERANGE);
  unhook();
  assert_true(peak < 64 * 1024);
  o.max_touchpoints = tps; /* for comparison: loading them all */
  hooks(0);
  assert_int_equal(cx_journey_from_json(&j, doc, strlen(doc), NULL, &o), CX_OK);
  cx_journey_free(j);
  unhook();
  assert_true(peak > tps * sizeof(cx__jtp));
  /* 100000 open arrays over a depth of 64. */
  size_t deep = 100000;
  free(doc);
  doc = malloc(deep + 64);
  n = sprintf(doc, "{\"version\":1,\"x\":");
  memset(doc + n, '[', deep);
  doc[n + deep] = '\0';
  j = SENTINEL;
  hooks(0);
  assert_int_equal(cx_journey_from_json(&j, doc, strlen(doc), NULL, NULL),
                   CX_ERANGE);
  unhook();
  assert_true(peak < 64 * 1024);
  assert_ptr_equal(j, SENTINEL);
  /* Over max_bytes: nothing is allocated at all. */
  o = (cx_journey_json_options)CX_JOURNEY_JSON_OPTIONS_INIT;
  o.max_bytes = 100;
  hooks(0);
  assert_int_equal(cx_journey_from_json(&j, doc, strlen(doc), NULL, &o),
                   CX_ERANGE);
  unhook();
  assert_int_equal(peak, 0);
  free(doc);
}

/* Each allocation in turn fails: the call fails with CX_ENOMEM, leaves
 * *out alone and frees what it took. */
static void out_of_memory(void **state) {
  (void)state;
  cx_journey *full = build_full();
  char *text = save(full, 2);
  bool done = false;
  for (size_t k = 1; !done; k++) {
    cx_journey *j = SENTINEL;
    hooks(k);
    cx_status st = cx_journey_from_json(&j, text, strlen(text), NULL, NULL);
    fail_at = 0;
    if (st == CX_OK) {
      assert_true(cx_journey_equal(j, full));
      cx_journey_free(j);
      done = true;
    } else {
      assert_int_equal(st, CX_ENOMEM);
      assert_ptr_equal(j, SENTINEL);
    }
    unhook();
  }
  done = false;
  for (size_t k = 1; !done; k++) {
    char *s = (char *)"untouched";
    hooks(k);
    cx_status st = cx_journey_to_json(full, 2, &s, NULL);
    fail_at = 0;
    if (st == CX_OK) {
      assert_string_equal(s, text);
      cx_free(s);
      done = true;
    } else {
      assert_int_equal(st, CX_ENOMEM);
      assert_string_equal(s, "untouched");
    }
    unhook();
  }
  cx_free(text);
  cx_journey_free(full);
}

/* ---- files ---------------------------------------------------------------- */

static void files(void **state) {
  (void)state;
  cx_journey *j = SENTINEL;
  const char *missing = "/nonexistent/dir/journey.json";
  assert_int_equal(cx_journey_read_json(&j, missing, NULL), CX_EIO);
  assert_ptr_equal(j, SENTINEL);
  assert_non_null(strstr(cx_error_last(), missing));
  assert_string_equal(cx_error_info_last()->path, missing);
  assert_int_equal(cx_journey_read_json(&j, CX_TEST_SOURCE_DIR, NULL), CX_EIO);
  assert_non_null(strstr(cx_error_last(), CX_TEST_SOURCE_DIR));
  assert_ptr_equal(j, SENTINEL);
  char path[] = "/tmp/cx_journey_json_XXXXXX";
  int fd = mkstemp(path);
  assert_true(fd >= 0);
  FILE *f = fdopen(fd, "wb");
  fputs("{\"version\":1,\n \"title\":3}", f);
  fclose(f);
  assert_int_equal(cx_journey_read_json(&j, path, NULL), CX_EPARSE);
  assert_string_equal(cx_error_info_last()->path, path);
  assert_int_equal(cx_error_info_last()->line, 2);
  assert_int_equal(cx_error_info_last()->column, 10);
  cx_journey_json_options o = CX_JOURNEY_JSON_OPTIONS_INIT;
  o.max_bytes = 10;
  assert_int_equal(cx_journey_read_json(&j, path, &o), CX_ERANGE);
  assert_ptr_equal(j, SENTINEL);
  /* "-" is standard input. */
  f = fopen(path, "wb");
  fputs("{\"version\":1,\"title\":\"from stdin\"}", f);
  fclose(f);
  assert_non_null(freopen(path, "rb", stdin));
  assert_int_equal(cx_journey_read_json(&j, "-", NULL), CX_OK);
  const char *title;
  assert_int_equal(cx_journey_get_text(j, CX_JOURNEY_TITLE, &title), CX_OK);
  assert_string_equal(title, "from stdin");
  cx_journey_free(j);
  f = fopen(path, "wb");
  fputs("{\"version\":1,\"title\":null,\"x\":-}", f);
  fclose(f);
  assert_non_null(freopen(path, "rb", stdin));
  j = SENTINEL;
  assert_int_equal(cx_journey_read_json(&j, "-", NULL), CX_EPARSE);
  assert_string_equal(cx_error_info_last()->path, "<stdin>");
  assert_ptr_equal(j, SENTINEL);
  remove(path);
}

/* ---- the writer refuses what the format cannot hold ------------------------- */

static void writer_refuses(void **state) {
  (void)state;
  static const char *const bad_extra[] = {
      "[1]", "{\"name\":1}", "{\"a\":1} x", "{\"a\":1,\"a\":2}", "{\"a\":NaN}",
      "{\"a\"}", "{", "\"\xff\""};
  for (int c = 0; c < 16; c++) {
    cx_journey *j = load("{\"version\":1,\"stages\":[{\"id\":\"s\","
                         "\"touchpoints\":[{\"id\":\"t\"}]}]}");
    cx__jtp *tp = cx__journey_tp_at(j, 0, 0);
    const char *where = "stages[0].touchpoints[0]";
    switch (c) {
    case 0: cx__jtp_set_number(tp, CX_TP_SCORE, INFINITY); break;
    case 1: cx__jtp_set_text(tp, CX_TP_NAME, "bad \xff"); break;
    case 2: cx__jtp_list_add(tp, CX_TP_QUOTES, ""); break;
    case 3: cx__jtp_metric_set(tp, "m", NAN); break;
    case 4: cx__jtp_set_owner(tp, (cx_owner)9); break;
    case 5: cx__jtp_set_channel(tp, (cx_channel)99, NULL); break;
    case 6: cx__jtp_set_layer(tp, (cx_layer)5); break;
    case 7: cx__journey_set_scale_unchecked(j, -INFINITY, 0, 1);
            where = "scale"; break;
    default:
      assert_int_equal(cx__jtp_set_extra(tp, bad_extra[c - 8]), CX_OK);
    }
    char *s = (char *)"untouched";
    assert_int_equal(cx_journey_to_json(j, 0, &s, NULL), CX_EINVAL);
    assert_string_equal(s, "untouched");
    if (!strstr(cx_error_last(), where))
      print_error("case %d: %s\n", c, cx_error_last());
    assert_non_null(strstr(cx_error_last(), where));
    cx_journey_free(j);
  }
}

/* A custom channel whose name reads as a built-in one, or as none. */
static void channel_forms(void **state) {
  (void)state;
  static const char *const names[] = {"Web", "e-mail", "NONE", "custom",
                                      "kiosk", "Social"};
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
    cx_journey *j = NULL;
    assert_int_equal(cx_journey_new(&j, NULL), CX_OK);
    assert_int_equal(cx_journey_stage_add(j, "s", NULL), CX_OK);
    assert_int_equal(cx_journey_touchpoint_add(j, "s", "t", NULL), CX_OK);
    assert_int_equal(cx_journey_touchpoint_set_channel(j, "t",
                     CX_CHANNEL_CUSTOM, names[i]), CX_OK);
    char *s = save(j, 0);
    char want[64];
    bool plain = strcmp(names[i], "custom") == 0 ||
                 strcmp(names[i], "kiosk") == 0;
    snprintf(want, sizeof want, plain ? "\"channel\":\"%s\""
                                      : "\"channel\":{\"custom\":\"%s\"}",
             names[i]);
    assert_non_null(strstr(s, want));
    cx_free(s);
    assert_round_trip(j);
    cx_journey_free(j);
  }
}

/* A locale whose decimal point is a comma: an installed one, or one made
 * with localedef from the locale sources (Debian package locales). */
static char made_locale[] = "/tmp/cx_locale_XXXXXX";
static bool made;

static bool comma_locale(void) {
  static const char *const names[] = {"de_DE.UTF-8", "de_DE.utf8",
                                      "fr_FR.UTF-8", "fr_FR.utf8"};
  for (int pass = 0; pass < 2; pass++) {
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
      if (setlocale(LC_NUMERIC, names[i]) &&
          strcmp(localeconv()->decimal_point, ",") == 0)
        return true;
    if (pass == 0) {
      char cmd[256];
      if (!mkdtemp(made_locale))
        break;
      made = true;
      snprintf(cmd, sizeof cmd, "localedef -i de_DE -f UTF-8 %s/de_DE.UTF-8 "
               ">/dev/null 2>&1", made_locale);
      if (system(cmd) != 0)
        break;
      setenv("LOCPATH", made_locale, 1);
    }
  }
  setlocale(LC_NUMERIC, "C");
  return false;
}

static void drop_made_locale(void) {
  if (!made)
    return;
  char cmd[256];
  snprintf(cmd, sizeof cmd, "rm -rf %s", made_locale);
  assert_int_equal(system(cmd), 0);
  made = false;
}

/* A program whose locale writes decimal commas still reads and writes
 * JSON numbers with a point. */
static void decimal_comma_locale(void **state) {
  (void)state;
  if (!comma_locale()) {
    drop_made_locale();
    print_message("SKIPPED decimal_comma_locale: no locale with a decimal "
                  "comma, and localedef could not make one\n");
    return;
  }
  cx_journey *j = load("{\"version\":1,\"stages\":[{\"id\":\"s\","
                       "\"touchpoints\":[{\"id\":\"t\",\"score\":2.5,"
                       "\"reach\":1.25e3,\"metrics\":{\"m\":0.1}}]}]}");
  double score = 0, reach = 0;
  cx_journey_touchpoint_get_number(j, "t", CX_TP_SCORE, &score);
  cx_journey_touchpoint_get_number(j, "t", CX_TP_REACH, &reach);
  char *text = save(j, 0);
  setlocale(LC_NUMERIC, "C");
  drop_made_locale();
  assert_true(score == 2.5);
  assert_true(reach == 1250);
  assert_non_null(strstr(text, "\"score\":2.5,\"reach\":1250,"
                               "\"metrics\":{\"m\":0.1}"));
  cx_free(text);
  cx_journey_free(j);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(round_trip_full),
      cmocka_unit_test(output_read_by_jansson),
      cmocka_unit_test(exact_output),
      cmocka_unit_test(number_format),
      cmocka_unit_test(null_and_defaults),
      cmocka_unit_test(examples),
      cmocka_unit_test(unknown_preserved),
      cmocka_unit_test(unknown_rejected),
      cmocka_unit_test(syntax_errors),
      cmocka_unit_test(string_errors),
      cmocka_unit_test(duplicates),
      cmocka_unit_test(semantic_errors),
      cmocka_unit_test(validate_option),
      cmocka_unit_test(arguments),
      cmocka_unit_test(truncated),
      cmocka_unit_test(limits),
      cmocka_unit_test(limits_before_allocation),
      cmocka_unit_test(out_of_memory),
      cmocka_unit_test(files),
      cmocka_unit_test(writer_refuses),
      cmocka_unit_test(channel_forms),
      cmocka_unit_test(decimal_comma_locale),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
