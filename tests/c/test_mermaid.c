/* Tests of the Mermaid `journey` reader and writer.  Expected journeys are
 * written out by hand from Mermaid's grammar (mermaid 11.12: the lexer
 * rules of journey.jison and the preprocessing of mermaidAPI), the
 * diagrams from Mermaid's documentation, and the rules of docs/mermaid.md;
 * tests/mermaid/check_mermaid.sh compares the same files with Mermaid's own
 * parser. */
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

#ifndef CX_TEST_SOURCE_DIR
#define CX_TEST_SOURCE_DIR "."
#endif
#define DATA CX_TEST_SOURCE_DIR "/data/mermaid/"
#define ZWSP "\xE2\x80\x8B"

/* ---- helpers ------------------------------------------------------------ */

static void put(char **buf, size_t *len, size_t *cap, const char *fmt, ...) {
  va_list ap;
  for (;;) {
    va_start(ap, fmt);
    int n = vsnprintf(*buf + *len, *cap - *len, fmt, ap);
    va_end(ap);
    assert_true(n >= 0);
    if ((size_t)n < *cap - *len) {
      *len += (size_t)n;
      return;
    }
    *cap = 2 * *cap + (size_t)n;
    *buf = realloc(*buf, *cap);
    assert_non_null(*buf);
  }
}

/* The journey as text through the public API only:
 *   T title / D description / S id "name" / P id "name" score actor-ids /
 *   A id "name".  The caller frees it. */
static char *describe(const cx_journey *j) {
  size_t len = 0, cap = 256;
  char *b = malloc(cap);
  const char *s;
  assert_non_null(b);
  b[0] = '\0';
  assert_int_equal(cx_journey_get_text(j, CX_JOURNEY_TITLE, &s), CX_OK);
  put(&b, &len, &cap, "T %s\n", s);
  assert_int_equal(cx_journey_get_text(j, CX_JOURNEY_DESCRIPTION, &s), CX_OK);
  if (*s)
    put(&b, &len, &cap, "D %s\n", s);
  for (size_t i = 0; i < cx_journey_n_stages(j); i++) {
    const char *sid = cx_journey_stage_id(j, i);
    assert_int_equal(cx_journey_stage_get_text(j, sid, CX_STAGE_NAME, &s),
                     CX_OK);
    put(&b, &len, &cap, "S %s \"%s\"\n", sid, s);
    for (size_t k = 0; k < cx_journey_stage_size(j, i); k++) {
      const char *id = cx_journey_touchpoint_at(j, i, k);
      double v;
      size_t n;
      assert_int_equal(cx_journey_touchpoint_get_text(j, id, CX_TP_NAME, &s),
                       CX_OK);
      assert_int_equal(
          cx_journey_touchpoint_get_number(j, id, CX_TP_SCORE, &v), CX_OK);
      put(&b, &len, &cap, "P %s \"%s\" ", id, s);
      if (isnan(v))
        put(&b, &len, &cap, "-");
      else
        put(&b, &len, &cap, "%.17g", v);
      assert_int_equal(
          cx_journey_touchpoint_list_count(j, id, CX_TP_ACTORS, &n), CX_OK);
      for (size_t a = 0; a < n; a++) {
        assert_int_equal(
            cx_journey_touchpoint_list_get(j, id, CX_TP_ACTORS, a, &s), CX_OK);
        put(&b, &len, &cap, "%s%s", a ? "," : " ", s);
      }
      put(&b, &len, &cap, "\n");
    }
  }
  for (size_t i = 0; i < cx_journey_n_actors(j); i++) {
    const char *id = cx_journey_actor_id(j, i);
    assert_int_equal(cx_journey_actor_get_name(j, id, &s), CX_OK);
    put(&b, &len, &cap, "A %s \"%s\"\n", id, s);
  }
  return b;
}

static cx_journey *load_opt(const char *text, const cx_mermaid_options *o) {
  cx_journey *j = NULL;
  cx_status st = cx_journey_from_mermaid(&j, text, strlen(text), "t.mmd", o);
  if (st != CX_OK)
    print_error("unexpected failure: %s\n", cx_error_last());
  assert_int_equal(st, CX_OK);
  assert_non_null(j);
  return j;
}

static const cx_mermaid_options *lenient(void) {
  static cx_mermaid_options o = CX_MERMAID_OPTIONS_INIT;
  o.lenient = 1;
  return &o;
}

/* Import with options and compare with the expected description. */
static void expect_opt(const char *text, const cx_mermaid_options *o,
                       const char *expected) {
  cx_journey *j = load_opt(text, o);
  char *d = describe(j);
  if (strcmp(d, expected) != 0)
    print_error("input:\n%s\ngot:\n%s\nexpected:\n%s\n", text, d, expected);
  assert_string_equal(d, expected);
  free(d);
  cx_journey_free(j);
}

static void expect(const char *text, const char *expected) {
  expect_opt(text, NULL, expected);
}

/* An import that must fail: status, place, offending text (NULL: none)
 * and a piece of the message; the output pointer stays untouched. */
static void fails_opt(const char *text, size_t len,
                      const cx_mermaid_options *o, cx_status status,
                      uint64_t line, uint64_t col, const char *value,
                      const char *what) {
  cx_journey *sentinel = (cx_journey *)&sentinel, *j = sentinel;
  cx_status st = cx_journey_from_mermaid(&j, text, len, "bad.mmd", o);
  const cx_error_info *e = cx_error_info_last();
  if (st != status || e->line != line || e->column != col)
    print_error("input:\n%s\ngot %d at %llu:%llu: %s\n", text, (int)st,
                (unsigned long long)e->line, (unsigned long long)e->column,
                cx_error_last());
  assert_int_equal(st, status);
  assert_ptr_equal(j, sentinel);
  assert_int_equal(e->line, line);
  assert_int_equal(e->column, col);
  assert_string_equal(e->path, "bad.mmd");
  if (value) {
    assert_non_null(e->value);
    assert_string_equal(e->value, value);
  }
  if (what && !strstr(cx_error_last(), what))
    fail_msg("message '%s' lacks '%s'", cx_error_last(), what);
}

static void fails(const char *text, cx_status status, uint64_t line,
                  uint64_t col, const char *value, const char *what) {
  fails_opt(text, strlen(text), NULL, status, line, col, value, what);
}

static char *export(const cx_journey *j) {
  char *out = NULL;
  size_t len = 0;
  assert_int_equal(cx_journey_to_mermaid(j, &out, &len), CX_OK);
  assert_int_equal(len, strlen(out));
  return out;
}

static char *slurp(const char *path) {
  FILE *f = fopen(path, "rb");
  assert_non_null(f);
  char *buf = malloc(1 << 20);
  assert_non_null(buf);
  size_t n = fread(buf, 1, (1 << 20) - 1, f);
  fclose(f);
  buf[n] = '\0';
  return buf;
}

/* ---- files -------------------------------------------------------------- */

/* The example of Mermaid's documentation (user-journey.md). */
static void test_docs_example(void **state) {
  (void)state;
  cx_journey *j = NULL;
  assert_int_equal(cx_journey_read_mermaid(&j, DATA "working_day.mmd", NULL),
                   CX_OK);
  char *d = describe(j);
  assert_string_equal(d, "T My working day\n"
                         "S go-to-work \"Go to work\"\n"
                         "P make-tea \"Make tea\" 5 me\n"
                         "P go-upstairs \"Go upstairs\" 3 me\n"
                         "P do-work \"Do work\" 1 me,cat\n"
                         "S go-home \"Go home\"\n"
                         "P go-downstairs \"Go downstairs\" 5 me\n"
                         "P sit-down \"Sit down\" 5 me\n"
                         "A me \"Me\"\n"
                         "A cat \"Cat\"\n");
  free(d);
  double lo, mid, hi;
  assert_int_equal(cx_journey_get_scale(j, &lo, &mid, &hi), CX_OK);
  assert_true(lo == 1 && mid == 3 && hi == 5);
  cx_journey_free(j);
  /* The README's copy is indented as a whole. */
  assert_int_equal(
      cx_journey_read_mermaid(&j, DATA "working_day_readme.mmd", NULL), CX_OK);
  assert_int_equal(cx_journey_n_touchpoints(j), 5);
  cx_journey_free(j);
}

/* BOM, CRLF, front matter, comments before the diagram, a directive,
 * keywords in other cases, a task before any section, a tab, a '#'
 * comment after a task and on its own line, a task without actors, a
 * repeated section name and actors that differ in case. */
static void test_features_file(void **state) {
  (void)state;
  cx_journey *j = NULL;
  assert_int_equal(cx_journey_read_mermaid(&j, DATA "features.mmd", NULL),
                   CX_OK);
  char *d = describe(j);
  assert_string_equal(
      d, "T Visiting the doctor\n"
         "D One patient's visit, from booking to the pharmacy\n"
         "S tasks \"Tasks\"\n"
         "P wake-up \"Wake up\" 3 me\n"
         "S booking \"Booking\"\n"
         "P call-the-practice \"Call the practice\" 2 patient,receptionist\n"
         "P get-a-slot \"Get a slot\" 4 patient\n"
         "P write-it-down \"Write it down\" 3\n"
         "S at-the-practice \"At the practice\"\n"
         "P wait \"Wait\" 1 patient\n"
         "P see-the-doctor \"See the doctor\" 5 patient,doctor\n"
         "S booking-2 \"Booking\"\n"
         "P book-a-follow-up \"Book a follow-up\" 4 patient-2\n"
         "A me \"Me\"\n"
         "A patient \"Patient\"\n"
         "A receptionist \"Receptionist\"\n"
         "A doctor \"Doctor\"\n"
         "A patient-2 \"patient\"\n");
  free(d);
  cx_journey_free(j);
}

/* accTitle, a multi-line accDescr (Mermaid drops the indentation). */
static void test_accessible_file(void **state) {
  (void)state;
  cx_journey *j = NULL;
  assert_int_equal(cx_journey_read_mermaid(&j, DATA "accessible.mmd", NULL),
                   CX_OK);
  const char *s;
  cx_journey_get_text(j, CX_JOURNEY_DESCRIPTION, &s);
  assert_string_equal(s, "How a traveller buys a ticket,\n"
                         "from the station hall to the platform.");
  char *out = export(j);
  assert_non_null(strstr(out, "\n  accTitle: Ticket purchase journey\n"));
  assert_non_null(strstr(out, "  accDescr {\n    How a traveller buys a "
                              "ticket,\n    from the station hall to the "
                              "platform.\n  }\n"));
  cx_free(out);
  cx_journey_free(j);
}

/* Lexer corners, each as Mermaid reads it. */
static void test_lexer_file(void **state) {
  (void)state;
  cx_journey *j = NULL;
  assert_int_equal(cx_journey_read_mermaid(&j, DATA "lexer.mmd", NULL), CX_OK);
  char *d = describe(j);
  assert_string_equal(
      d, "T Spaces around the title\n"
         "D first\nsecond\n"
         "S leading-spaces \"Leading spaces\"\n"
         "P task-with-trailing-spaces \"Task with trailing spaces\" 5 me,you\n"
         "P tab-inside \"Tab\tinside\" 4\n"
         "S trailing-hash \"Trailing hash\"\n"
         "P task-then-comment \"Task then comment\" 3 me\n"
         "P plus-sign \"Plus sign\" 2\n"
         "S case \"Case\"\n"
         "P section-like-task \"SeCtIoN-like task\" 1.5\n"
         "P acctitle-like-task \"accTitle-like task\" 2 you,me\n"
         "S upper-case-keyword \"Upper case keyword\"\n"
         "P titles-are-not-titles \"TITLEs are not titles\" 4\n"
         "A me \"Me\"\n"
         "A you \"You\"\n");
  free(d);
  char *out = export(j);
  assert_non_null(strstr(out, "accTitle: Access title with ; and # kept\n"));
  cx_free(out);
  cx_journey_free(j);
}

/* ---- syntax ------------------------------------------------------------- */

static void test_syntax(void **state) {
  (void)state;
  /* A task with no actors; blank lines; leading whitespace; CR line ends. */
  expect("journey\r\rsection A\r   T: 3\r\n\n", "T \nS a \"A\"\nP t \"T\" 3\n");
  /* An empty diagram. */
  expect("journey", "T \n");
  expect("  \n\njourney\n\n", "T \n");
  /* Statements may follow `journey` on its line. */
  expect("journey title X\nT: 2", "T X\nS tasks \"Tasks\"\nP t \"T\" 2\n");
  /* Front matter: plain, quoted, single-quoted, with a comment; the last
   * title statement wins over it. */
  expect("---\ntitle: Plain # c\n---\njourney\n", "T Plain\n");
  expect("---\nconfig:\n  theme: dark\ntitle: \"Say \\\"hi\\\"\"\n---\n"
         "journey\n",
         "T Say \"hi\"\n");
  expect("---\ntitle: 'it''s'\n---\njourney\n", "T it's\n");
  expect("---\ntitle: null\n---\njourney\n", "T \n");
  expect("---\ntitle: Old\n---\njourney\ntitle New\ntitle Newer\n",
         "T Newer\n");
}

static void test_syntax_comments(void **state) {
  (void)state;
  /* Whole-line %% comments, indented or not; a directive over lines; a
   * single '%'; a character then %%; ';' then %%; '#' comments. */
  expect("%% before\n%%{init: {\n 'theme': 'dark'}}%%\njourney\n"
         "  %% inside\n% single percent\nx%% one character first\n"
         "section S %%{wrap}%%\n# hash line\n"
         "T: 3;%% after a semicolon\nU: 4 # trailing\n",
         "T \nS s \"S\"\nP t \"T\" 3\nP u \"U\" 4\n");
  /* %% comment lines inside an accDescr block are removed first. */
  expect("journey\naccDescr {\n  a\n  %% gone\n  b }\n",
         "T \nD a\nb\n");
  /* An empty block leaves the description as it was; a single-line
   * accDescr replaces it; accTitle goes to the reader data. */
  expect("journey\naccDescr: one\naccDescr {  }\n", "T \nD one\n");
  expect("journey\naccDescr {x}\naccDescr:   two  \n", "T \nD two\n");
  /* `accTitle:` may take its text from the next line, as in Mermaid. */
  cx_journey *j = load_opt("journey\naccTitle :\n  Hello ; # there\n", NULL);
  char *out = export(j);
  assert_string_equal(out, "journey\n  accTitle: Hello ; # there\n");
  cx_free(out);
  cx_journey_free(j);
}

/* What the lexer takes for keywords and what it takes for task names. */
static void test_syntax_keywords(void **state) {
  (void)state;
  /* "Title page: 3" is a title statement to Mermaid (title\s[^#\n;]+). */
  expect("journey\nTitle page: 3\n", "T page: 3\n");
  /* Without a space after the keyword it is a task name. */
  expect("journey\ntitle: 3\nsection: 4\njourneyman: 5\naccTitle x: 1\n",
         "T \nS tasks \"Tasks\"\nP title \"title\" 3\n"
         "P section \"section\" 4\nP journeyman \"journeyman\" 5\n"
         "P acctitle-x \"accTitle x\" 1\n");
  /* `section` takes its name from the next line when nothing follows it
   * on its own (\s matches the line end). */
  expect("journey\nsection\nNext line\nT: 2\n",
         "T \nS next-line \"Next line\"\nP t \"T\" 2\n");
  /* The writer's U+200B before a task name is dropped. */
  expect("journey\n" ZWSP "Title page: 3\n",
         "T \nS tasks \"Tasks\"\nP title-page \"Title page\" 3\n");
  /* "accTitle" alone before ':' is a statement; the writer escapes it. */
  expect("journey\n" ZWSP "accTitle : 3\n",
         "T \nS tasks \"Tasks\"\nP acctitle \"accTitle\" 3\n");
  cx_journey *j = load_opt("journey\n" ZWSP "accTitle : 3\n", NULL);
  char *out = export(j);
  assert_string_equal(out, "journey\n  section Tasks\n    " ZWSP
                           "accTitle: 3\n");
  cx_free(out);
  cx_journey_free(j);
  /* Names keep inner spaces, '}' and non-ASCII text. */
  expect("journey\nsection Über }\n  Café crème: 4: Zoë\n",
         "T \nS über \"Über }\"\nP café-crème \"Café crème\" 4 zoë\n"
         "A zoë \"Zoë\"\n");
}

/* ---- ids ---------------------------------------------------------------- */

static void test_ids(void **state) {
  (void)state;
  /* Stages and touchpoints share a namespace; actors have their own;
   * names that leave nothing get kind-N; taken ids get -2, -3. */
  expect("journey\nsection Me\n  Me: 1: Me\n  me: 2: me\n  ME!: 3\n"
         "section ***\n  ???: 4: ???, Ünï\n  Me-2: 5\n",
         "T \nS me \"Me\"\nP me-2 \"Me\" 1 me\nP me-3 \"me\" 2 me-2\n"
         "P me-4 \"ME!\" 3\nS stage-2 \"***\"\nP tp-4 \"???\" 4 actor-3,ünï\n"
         "P me-2-2 \"Me-2\" 5\n"
         "A me \"Me\"\nA me-2 \"me\"\nA actor-3 \"???\"\nA ünï \"Ünï\"\n");
  /* At most 64 bytes, cut before a whole character. */
  char text[400];
  snprintf(text, sizeof text, "journey\nsection %s\n",
           "Aaaaaaaaaa bbbbbbbbbb cccccccccc dddddddddd eeeeeeeeee "
           "fffffffff\xC3\xA9 gggg");
  cx_journey *j = load_opt(text, NULL);
  assert_string_equal(cx_journey_stage_id(j, 0),
                      "aaaaaaaaaa-bbbbbbbbbb-cccccccccc-dddddddddd-eeeeeeeeee-"
                      "fffffffff");
  cx_journey_free(j);
  /* Many equal names stay fast and unique. */
  size_t n = 20000, len = 0;
  char *big = malloc(n * 16 + 16);
  assert_non_null(big);
  len += (size_t)sprintf(big, "journey\n");
  for (size_t i = 0; i < n; i++)
    len += (size_t)sprintf(big + len, "T: 3: A\n");
  assert_int_equal(cx_journey_from_mermaid(&j, big, len, NULL, NULL), CX_OK);
  assert_int_equal(cx_journey_n_touchpoints(j), n);
  assert_string_equal(cx_journey_touchpoint_id(j, n - 1), "t-20000");
  assert_int_equal(cx_journey_n_actors(j), 1);
  cx_journey_free(j);
  /* Many actors on one task. */
  len = (size_t)sprintf(big, "journey\nT: 3: ");
  for (size_t i = 0; i < n / 2; i++)
    len += (size_t)sprintf(big + len, "%sa%zu", i ? "," : "", i);
  assert_int_equal(cx_journey_from_mermaid(&j, big, len, NULL, NULL), CX_OK);
  assert_int_equal(cx_journey_n_actors(j), n / 2);
  cx_journey_free(j);
  free(big);
}

/* ---- scores ------------------------------------------------------------- */

static void test_scale_options(void **state) {
  (void)state;
  cx_mermaid_options o = CX_MERMAID_OPTIONS_INIT;
  o.scale_min = 0, o.scale_neutral = 5, o.scale_max = 10;
  expect_opt("journey\nA: 0\nB: 10\nC: 7.25\n", &o,
             "T \nS tasks \"Tasks\"\nP a \"A\" 0\nP b \"B\" 10\n"
             "P c \"C\" 7.25\n");
  fails_opt("journey\nA: 10.5\n", 16, &o, CX_ERANGE, 2, 4, "10.5",
            "outside the scale 0..10");
  cx_journey *j = load_opt("journey\n", &o);
  double lo, mid, hi;
  cx_journey_get_scale(j, &lo, &mid, &hi);
  assert_true(lo == 0 && mid == 5 && hi == 10);
  cx_journey_free(j);
  o.scale_min = -2, o.scale_neutral = 0, o.scale_max = 2;
  expect_opt("journey\nA: -2\nB: +1.5e0\n", &o,
             "T \nS tasks \"Tasks\"\nP a \"A\" -2\nP b \"B\" 1.5\n");
  /* Bad options. */
  cx_mermaid_options bad = CX_MERMAID_OPTIONS_INIT;
  bad.scale_neutral = 5;
  assert_int_equal(cx_journey_from_mermaid(&j, "journey", 7, NULL, &bad),
                   CX_EINVAL);
  bad = (cx_mermaid_options)CX_MERMAID_OPTIONS_INIT;
  bad.scale_max = NAN;
  assert_int_equal(cx_journey_from_mermaid(&j, "journey", 7, NULL, &bad),
                   CX_EINVAL);
  bad = (cx_mermaid_options)CX_MERMAID_OPTIONS_INIT;
  bad.version = 99;
  assert_int_equal(cx_journey_from_mermaid(&j, "journey", 7, NULL, &bad),
                   CX_EINVAL);
  assert_int_equal(cx_journey_read_mermaid(&j, DATA "working_day.mmd", &bad),
                   CX_EINVAL);
}

/* Lenient mode reads scores as JavaScript's Number() does, widens the
 * scale, and skips what strict mode rejects. */
static void test_lenient(void **state) {
  (void)state;
  expect_opt("journey\nHex: 0x10: A, , A\nOct: 0o17\nBin: 0b101\n"
             "Empty:  : B\nWord: abc\nInf: -Infinity\nBig: 1e400\n"
             "Extra: 4: C: ignored\nNeg: -0.5\nBadhex: -0x10\n",
             lenient(),
             "T \nS tasks \"Tasks\"\nP hex \"Hex\" 16 a\nP oct \"Oct\" 15\n"
             "P bin \"Bin\" 5\nP empty \"Empty\" - b\nP word \"Word\" -\n"
             "P inf \"Inf\" -\nP big \"Big\" -\nP extra \"Extra\" 4 c\n"
             "P neg \"Neg\" -0.5\nP badhex \"Badhex\" -\n"
             "A a \"A\"\nA b \"B\"\nA c \"C\"\n");
  cx_journey *j = load_opt("journey\nHex: 0x10\nNeg: -0.5\n", lenient());
  double lo, mid, hi;
  cx_journey_get_scale(j, &lo, &mid, &hi);
  assert_true(lo == -0.5 && mid == 3 && hi == 16);
  cx_journey_free(j);
  /* Also the rest of what strict mode rejects. */
  expect_opt("Journey\nsection  \n" ZWSP ": 3\nT %% x: 2: Me, Me\n"
             "U: 1 #a;\n",
             lenient(),
             "T \nS stage-1 \"\"\nP tp-1 \"\" 3\nP t-x \"T %% x\" 2 me\n"
             "P u \"U\" -\nA me \"Me\"\n");
}

/* ---- errors ------------------------------------------------------------- */

static void test_errors(void **state) {
  (void)state;
  fails("", CX_EPARSE, 1, 1, "", "expected 'journey' first");
  fails("\n\n  graph TD\n", CX_EPARSE, 3, 3, "graph TD",
        "expected 'journey' first");
  fails("# hash\njourney\n", CX_EPARSE, 1, 1, "# hash", "'journey' first");
  fails("%%\njourney\n", CX_EPARSE, 1, 1, "%%", "'journey' first");
  fails("JOURNEY\n", CX_EPARSE, 1, 1, "JOURNEY", "lowercase");
  fails("journey\njourney\n", CX_EPARSE, 2, 1, "journey", "only once");
  fails("journey\nsection A; B\n", CX_EPARSE, 2, 10, ";", "';'");
  fails("journey\n  : 3\n", CX_EPARSE, 2, 3, ": 3", "without a task name");
  fails("journey\nsection A: x\n", CX_EPARSE, 2, 10, ": x",
        "without a task name");
  fails("journey\n  Make tea\n", CX_EPARSE, 2, 11, "Make tea", "no ':'");
  fails("journey\nMake tea # 5\n", CX_EPARSE, 2, 10, "Make tea ", "no ':'");
  fails("journey\nMake tea:%% 5\n", CX_EPARSE, 2, 9, "Make tea", "no ':'");
  fails("journey\nMake tea:\n", CX_EPARSE, 2, 10, NULL, "missing score");
  fails("journey\nMake tea: : Me\n", CX_EPARSE, 2, 11, NULL, "missing score");
  fails("journey\nMake tea: five\n", CX_EPARSE, 2, 11, "five",
        "not a number");
  fails("journey\nMake tea: 0x5\n", CX_EPARSE, 2, 11, "0x5", "not a number");
  fails("journey\nMake tea: 6: Me\n", CX_ERANGE, 2, 11, "6",
        "outside the scale 1..5");
  fails("journey\nMake tea: 0.99\n", CX_ERANGE, 2, 11, "0.99", "outside");
  fails("journey\nT: 1e999\n", CX_ERANGE, 2, 4, "1e999", "outside");
  fails("journey\nT: 3: Me: x\n", CX_EPARSE, 2, 9, ": x", "after the actors");
  fails("journey\nT: 3: Me,\n", CX_EPARSE, 2, 10, NULL, "empty actor");
  fails("journey\nT: 3:\n", CX_EPARSE, 2, 6, NULL, "empty actor");
  fails("journey\nT: 3: Me, You,  Me\n", CX_EPARSE, 2, 17, "Me",
        "listed twice");
  fails("journey\nsection    \n", CX_EPARSE, 2, 1, "section    ",
        "section without a name");
  fails("journey\n" ZWSP ": 3\n", CX_EPARSE, 2, 4, NULL, "empty task name");
  fails("journey\ntitle 100%% sure\n", CX_EPARSE, 2, 10, "%% sure", "'%%'");
  fails("journey\nT: 3: Me %% comment?\n", CX_EPARSE, 2, 10, "%% comment?",
        "'%%'");
  fails("journey\nLove #9829; : 3\n", CX_EPARSE, 2, 6, "#9829;",
        "entity");
  fails("journey\naccDescr {\n  never closed\n", CX_EPARSE, 2, 10, "{",
        "not closed");
  fails("---\ntitle: x\n", CX_EPARSE, 1, 1, "---", "front matter");
  fails("---\ntitle: x\n---", CX_EPARSE, 1, 1, "---", "front matter");
  fails("---\ntitle: a\ntitle: b\n---\njourney\n", CX_EPARSE, 3, 1,
        "title: b", "title given twice");
  /* Empty front matter needs a line between the two '---' (as Mermaid's
   * pattern); without one the text does not start with `journey`. */
  fails("---\n---\njourney\n", CX_EPARSE, 1, 1, "---", "front matter");
  fails_opt("journey\nT: 3: M\xC3\n", 16, NULL, CX_EPARSE, 2, 8, "\\xC3",
            "invalid UTF-8");
  fails_opt("journey\nT: 3\0\n", 13, NULL, CX_EPARSE, 2, 5, NULL, "NUL");
  /* Places stay those of the input after a BOM, CRLF line ends, removed
   * comment lines and a directive over several lines. */
  fails("\xEF\xBB\xBFjourney\r\n%% c\r\n%%{init: {\r\n}}%%\r\n  T: 9\r\n",
        CX_ERANGE, 5, 6, "9", "outside");
  fails("journey\n  x %%{init: {}}%% y: 9\n", CX_ERANGE, 2, 23, "9",
        "outside");
  fails("---\ntitle: t\n---\n\n%% c\n  journey\nT: x\n", CX_EPARSE, 7, 4, "x",
        "not a number");
}

static void test_limits(void **state) {
  (void)state;
  const char *text = "journey\nT: 3\n";
  size_t len = strlen(text);
  cx_mermaid_options o = CX_MERMAID_OPTIONS_INIT;
  o.max_bytes = len - 1;
  cx_journey *sentinel = (cx_journey *)&sentinel, *j = sentinel;
  assert_int_equal(cx_journey_from_mermaid(&j, text, len, "x.mmd", &o),
                   CX_ERANGE);
  assert_ptr_equal(j, sentinel);
  assert_non_null(strstr(cx_error_last(), "max_bytes"));
  assert_int_equal(
      cx_journey_read_mermaid(&j, DATA "working_day.mmd", &o), CX_ERANGE);
  assert_ptr_equal(j, sentinel);
  o.max_bytes = len;
  assert_int_equal(cx_journey_from_mermaid(&j, text, len, "x.mmd", &o), CX_OK);
  cx_journey_free(j);
  /* Touchpoints: the third task line is one too many, at its name. */
  const char *three = "journey\n  section S\n    A: 3\n    B: 4\n    C: 5\n";
  o = (cx_mermaid_options)CX_MERMAID_OPTIONS_INIT;
  assert_int_equal(o.max_touchpoints, 100000);
  o.max_touchpoints = 2;
  fails_opt(three, strlen(three), &o, CX_ERANGE, 5, 5, "C",
            "more than max_touchpoints (2) touchpoints");
  o.max_touchpoints = 3;
  j = sentinel;
  assert_int_equal(
      cx_journey_from_mermaid(&j, three, strlen(three), "x.mmd", &o), CX_OK);
  assert_int_equal(cx_journey_n_touchpoints(j), 3);
  cx_journey_free(j);
  /* Arguments. */
  j = sentinel;
  assert_int_equal(cx_journey_from_mermaid(NULL, text, len, NULL, NULL),
                   CX_EINVAL);
  assert_int_equal(cx_journey_from_mermaid(&j, NULL, 3, NULL, NULL),
                   CX_EINVAL);
  assert_int_equal(cx_journey_read_mermaid(&j, NULL, NULL), CX_EINVAL);
  assert_int_equal(cx_journey_read_mermaid(&j, DATA "missing.mmd", NULL),
                   CX_EIO);
  assert_ptr_equal(j, sentinel);
  assert_non_null(strstr(cx_error_last(), "missing.mmd"));
  /* A NULL text of length 0 is the empty text. */
  assert_int_equal(cx_journey_from_mermaid(&j, NULL, 0, NULL, NULL),
                   CX_EPARSE);
  assert_non_null(strstr(cx_error_last(), "<buffer>"));
}

/* ---- export ------------------------------------------------------------- */

static cx_journey *built(void) {
  cx_journey *j = NULL;
  assert_int_equal(cx_journey_new(&j, "b"), CX_OK);
  return j;
}

static void test_export_escaping(void **state) {
  (void)state;
  cx_journey *j = built();
  cx_journey_set_text(j, CX_JOURNEY_TITLE, "Plan: A #1; 50%% off\nnow");
  cx_journey_set_text(j, CX_JOURNEY_DESCRIPTION, "About #x; and: this");
  cx_journey_stage_add(j, "s1", "Step 1: sign\tup; #2");
  cx_journey_touchpoint_add(j, "s1", "t1", "Call: 10:30 #3;");
  cx_journey_touchpoint_set_number(j, "t1", CX_TP_SCORE, 4);
  cx_journey_actor_add(j, "a1", "Smith, John: Jr; #1");
  cx_journey_actor_add(j, "a2", "Smith\xEF\xBC\x8C John\xEF\xBC\x9A "
                                "Jr\xEF\xBC\x9B \xEF\xBC\x83" "1");
  cx_journey_actor_add(j, "a3", " \n ");
  cx_journey_actor_add(j, "a4", "");
  cx_journey_touchpoint_list_add(j, "t1", CX_TP_ACTORS, "a1");
  cx_journey_touchpoint_list_add(j, "t1", CX_TP_ACTORS, "a3");
  cx_journey_touchpoint_list_add(j, "t1", CX_TP_ACTORS, "a4");
  cx_journey_stage_add(j, "s2", "");
  cx_journey_touchpoint_add(j, "s2", "t2", "title page");
  cx_journey_touchpoint_add(j, "s2", "t3", "section B");
  cx_journey_touchpoint_add(j, "s2", "t4", "journey");
  cx_journey_touchpoint_add(j, "s2", "t5", "%% x");
  cx_journey_touchpoint_add(j, "s2", "t6", ZWSP "z");
  cx_journey_touchpoint_add(j, "s2", "t7", "journeys");
  cx_journey_touchpoint_add(j, "s2", "t8", "");
  cx_journey_touchpoint_add(j, "s2", "t9", "accDescr {x}");
  char *out = export(j);
  assert_string_equal(
      out,
      "journey\n"
      "  title Plan: A \xEF\xBC\x83" "1\xEF\xBC\x9B 50%" ZWSP "% off now\n"
      "  accDescr: About \xEF\xBC\x83x; and: this\n"
      "  section Step 1\xEF\xBC\x9A sign\tup\xEF\xBC\x9B \xEF\xBC\x83" "2\n"
      "    Call\xEF\xBC\x9A 10\xEF\xBC\x9A" "30 \xEF\xBC\x83" "3\xEF\xBC\x9B: 4: "
      "Smith\xEF\xBC\x8C John\xEF\xBC\x9A Jr\xEF\xBC\x9B \xEF\xBC\x83" "1, a4\n"
      "  section s2\n"
      "    " ZWSP "title page: 3\n"
      "    " ZWSP "section B: 3\n"
      "    " ZWSP "journey: 3\n"
      "    " ZWSP "%" ZWSP "% x: 3\n"
      "    " ZWSP ZWSP "z: 3\n"
      "    journeys: 3\n"
      "    t8: 3\n"
      "    " ZWSP "accDescr {x}: 3\n");
  cx_free(out);
  /* Two actors whose names clean to the same text are written once. */
  cx_journey_touchpoint_list_add(j, "t1", CX_TP_ACTORS, "a2");
  out = export(j);
  assert_non_null(strstr(out, "Jr\xEF\xBC\x9B \xEF\xBC\x83" "1, a4\n"));
  cx_free(out);
  /* A multi-line description becomes a block; '}' cannot close it. */
  cx_journey_set_text(j, CX_JOURNEY_DESCRIPTION, "a }\r\n\n   b %%{x}\r");
  out = export(j);
  assert_non_null(strstr(out, "  accDescr {\n    a \xEF\xBD\x9D\n    b %"
                              ZWSP "%{x\xEF\xBD\x9D\n  }\n"));
  cx_free(out);
  assert_int_equal(cx_journey_to_mermaid(NULL, &out, NULL), CX_EINVAL);
  assert_int_equal(cx_journey_to_mermaid(j, NULL, NULL), CX_EINVAL);
  cx_journey_free(j);
}

static void test_export_scores(void **state) {
  (void)state;
  cx_journey *j = built();
  cx_journey_set_scale(j, -100, 0, 1e20);
  cx_journey_stage_add(j, "s", "S");
  const double v[] = {NAN, 0.1, 1.0 / 3, -2.5, 1e17, 12345678901234567.0,
                      -0.0};
  for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
    char id[8];
    snprintf(id, sizeof id, "t%zu", i);
    cx_journey_touchpoint_add(j, "s", id, id);
    cx_journey_touchpoint_set_number(j, id, CX_TP_SCORE, v[i]);
  }
  char *out = export(j);
  assert_string_equal(out, "journey\n  section S\n    t0: 0\n    t1: 0.1\n"
                           "    t2: 0.3333333333333333\n    t3: -2.5\n"
                           "    t4: 1e+17\n    t5: 12345678901234568\n"
                           "    t6: -0\n");
  cx_free(out);
  cx_journey_free(j);
}

/* ---- round trips -------------------------------------------------------- */

/* mermaid -> journey -> mermaid is stable from the first export on, and
 * the second import holds what the first one did. */
static void roundtrip_text(const char *text, const cx_mermaid_options *o) {
  cx_journey *a = NULL, *b = NULL, *c = NULL;
  assert_int_equal(
      cx_journey_from_mermaid(&a, text, strlen(text), "a", o), CX_OK);
  char *e1 = export(a);
  assert_int_equal(cx_journey_from_mermaid(&b, e1, strlen(e1), "b", o), CX_OK);
  char *e2 = export(b);
  assert_string_equal(e1, e2);
  assert_int_equal(cx_journey_from_mermaid(&c, e2, strlen(e2), "c", o), CX_OK);
  assert_true(cx_journey_equal(b, c));
  char *da = describe(a), *db = describe(b);
  assert_string_equal(da, db);
  free(da), free(db);
  cx_free(e1), cx_free(e2);
  cx_journey_free(a), cx_journey_free(b), cx_journey_free(c);
}

static void test_roundtrip_files(void **state) {
  (void)state;
  const char *files[] = {"working_day.mmd", "working_day_readme.mmd",
                         "features.mmd", "accessible.mmd", "lexer.mmd",
                         "front_matter.mmd"};
  for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
    char path[1024];
    snprintf(path, sizeof path, DATA "%s", files[i]);
    char *text = slurp(path);
    roundtrip_text(text, NULL);
    free(text);
  }
  /* Exactly: a file written as libcx writes comes back byte for byte. */
  const char *canon = "journey\n  title T: x\n  accTitle: A\n"
                      "  accDescr {\n    one\n    two\n  }\n"
                      "  section S\n    Task: 2.5: Me, You\n    Other: 3\n";
  cx_journey *j = load_opt(canon, NULL);
  char *out = export(j);
  assert_string_equal(out, canon);
  cx_free(out);
  cx_journey_free(j);
}

/* journey -> mermaid -> journey keeps title, description, stage and task
 * names, scores and actor names (ids are made again from the names). */
static void test_roundtrip_journey(void **state) {
  (void)state;
  cx_journey *j = built();
  cx_journey_set_text(j, CX_JOURNEY_TITLE, "Onboarding: the first week");
  cx_journey_set_text(j, CX_JOURNEY_DESCRIPTION, "From sign-up\nto first use");
  cx_journey_actor_add(j, "new-customer", "New customer");
  cx_journey_actor_add(j, "agent", "Agent");
  cx_journey_actor_add(j, "unused", "Unused");
  cx_journey_stage_add(j, "sign-up", "Sign up");
  cx_journey_touchpoint_add(j, "sign-up", "fill-the-form", "Fill the form");
  cx_journey_touchpoint_set_number(j, "fill-the-form", CX_TP_SCORE, 2.5);
  cx_journey_touchpoint_list_add(j, "fill-the-form", CX_TP_ACTORS,
                                 "new-customer");
  cx_journey_touchpoint_set_channel(j, "fill-the-form", CX_CHANNEL_WEB, NULL);
  cx_journey_touchpoint_set_number(j, "fill-the-form", CX_TP_EXPECTATION, 4);
  cx_journey_stage_add(j, "first-call", "First call");
  cx_journey_touchpoint_add(j, "first-call", "welcome-call", "Welcome call");
  cx_journey_touchpoint_set_number(j, "welcome-call", CX_TP_SCORE, 5);
  cx_journey_touchpoint_list_add(j, "welcome-call", CX_TP_ACTORS, "agent");
  cx_journey_touchpoint_list_add(j, "welcome-call", CX_TP_ACTORS,
                                 "new-customer");
  char *out = export(j);
  cx_journey *back = load_opt(out, NULL);
  char *d = describe(back);
  assert_string_equal(
      d, "T Onboarding: the first week\nD From sign-up\nto first use\n"
         "S sign-up \"Sign up\"\n"
         "P fill-the-form \"Fill the form\" 2.5 new-customer\n"
         "S first-call \"First call\"\n"
         "P welcome-call \"Welcome call\" 5 agent,new-customer\n"
         "A new-customer \"New customer\"\nA agent \"Agent\"\n");
  free(d);
  /* What the syntax cannot hold is gone. */
  double e;
  cx_journey_touchpoint_get_number(back, "fill-the-form", CX_TP_EXPECTATION,
                                   &e);
  assert_true(isnan(e));
  cx_free(out);
  cx_journey_free(back);
  cx_journey_free(j);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_docs_example),
      cmocka_unit_test(test_features_file),
      cmocka_unit_test(test_accessible_file),
      cmocka_unit_test(test_lexer_file),
      cmocka_unit_test(test_syntax),
      cmocka_unit_test(test_syntax_comments),
      cmocka_unit_test(test_syntax_keywords),
      cmocka_unit_test(test_ids),
      cmocka_unit_test(test_scale_options),
      cmocka_unit_test(test_lenient),
      cmocka_unit_test(test_errors),
      cmocka_unit_test(test_limits),
      cmocka_unit_test(test_export_escaping),
      cmocka_unit_test(test_export_scores),
      cmocka_unit_test(test_roundtrip_files),
      cmocka_unit_test(test_roundtrip_journey),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
