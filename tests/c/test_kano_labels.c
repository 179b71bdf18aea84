/* Tests of answer parsing, category and rule names and the evaluation
 * tables.  The expected tables are typed in from Berger et al. (1993) and
 * Pouliot (1993) as letters, independently of the library's own
 * initializer. */
#include <setjmp.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <cx/kano.h>

static cx_kano_answer parse(const cx_kano_labels *l, const char *text) {
  cx_kano_answer a = (cx_kano_answer)-1;
  assert_int_equal(cx_kano_labels_parse(l, text, strlen(text), &a), CX_OK);
  return a;
}

static void test_builtin_wordings(void **state) {
  (void)state;
  static const struct {
    const char *text;
    cx_kano_answer answer;
  } cases[] = {
      {"I like it", CX_KANO_ANSWER_LIKE},
      {"  i LIKE it.  ", CX_KANO_ANSWER_LIKE},
      {"Like", CX_KANO_ANSWER_LIKE},
      {"I like it that way", CX_KANO_ANSWER_LIKE},
      {"It must be that way", CX_KANO_ANSWER_MUST_BE},
      {"I expect it", CX_KANO_ANSWER_MUST_BE},
      {"Must-be", CX_KANO_ANSWER_MUST_BE},
      {"must be", CX_KANO_ANSWER_MUST_BE},
      {"I am neutral", CX_KANO_ANSWER_NEUTRAL},
      {"I\xE2\x80\x99m neutral", CX_KANO_ANSWER_NEUTRAL},
      {"NEUTRAL", CX_KANO_ANSWER_NEUTRAL},
      {"I can live with it", CX_KANO_ANSWER_LIVE_WITH},
      {"I can tolerate it", CX_KANO_ANSWER_LIVE_WITH},
      {"Live-with", CX_KANO_ANSWER_LIVE_WITH},
      {"live with", CX_KANO_ANSWER_LIVE_WITH},
      {"I dislike it", CX_KANO_ANSWER_DISLIKE},
      {"I dislike it that way!", CX_KANO_ANSWER_DISLIKE},
      {"Dislike", CX_KANO_ANSWER_DISLIKE},
      {"", CX_KANO_ANSWER_MISSING},
      {"   ", CX_KANO_ANSWER_MISSING},
      {"NA", CX_KANO_ANSWER_MISSING},
      {"n/a", CX_KANO_ANSWER_MISSING},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
    assert_int_equal(parse(NULL, cases[i].text), cases[i].answer);
}

static void test_numeric_coding(void **state) {
  (void)state;
  cx_kano_labels *rev;
  assert_int_equal(cx_kano_labels_new(&rev, CX_KANO_CODING_REVERSED), CX_OK);
  for (int d = 1; d <= 5; d++) {
    char t[2] = {(char)('0' + d), 0};
    assert_int_equal(parse(NULL, t), d);
    assert_int_equal(parse(rev, t), 6 - d);
  }
  /* Words mean the same whatever the numeric coding. */
  assert_int_equal(parse(rev, "I like it"), CX_KANO_ANSWER_LIKE);
  cx_kano_answer a;
  assert_int_equal(cx_kano_labels_parse(NULL, "6", 1, &a), CX_EPARSE);
  assert_int_equal(cx_kano_labels_parse(NULL, "0", 1, &a), CX_EPARSE);
  assert_int_equal(cx_kano_labels_parse(NULL, "12", 2, &a), CX_EPARSE);
  cx_kano_labels_free(rev);
  cx_kano_labels *bad = NULL;
  assert_int_equal(cx_kano_labels_new(&bad, (cx_kano_coding)7), CX_EINVAL);
  assert_null(bad);
}

static void test_unknown_label_names_value(void **state) {
  (void)state;
  cx_kano_answer a = CX_KANO_ANSWER_LIKE;
  assert_int_equal(cx_kano_labels_parse(NULL, "I love it", 9, &a), CX_EPARSE);
  assert_int_equal(a, CX_KANO_ANSWER_LIKE); /* untouched on failure */
  assert_string_equal(cx_error_info_last()->value, "I love it");
  assert_non_null(strstr(cx_error_last(), "unknown Kano answer"));
  /* Text need not be NUL-terminated: only len bytes are read. */
  assert_int_equal(cx_kano_labels_parse(NULL, "likeXYZ", 4, &a), CX_OK);
  assert_int_equal(a, CX_KANO_ANSWER_LIKE);
  assert_int_equal(cx_kano_labels_parse(NULL, "x", 1, NULL), CX_EINVAL);
}

static void test_user_labels(void **state) {
  (void)state;
  cx_kano_labels *l;
  assert_int_equal(cx_kano_labels_new(&l, CX_KANO_CODING_CANONICAL), CX_OK);
  assert_int_equal(cx_kano_labels_add(l, "Me gusta", CX_KANO_ANSWER_LIKE), CX_OK);
  assert_int_equal(cx_kano_labels_add(l, "Das setze ich voraus", CX_KANO_ANSWER_MUST_BE), CX_OK);
  assert_int_equal(cx_kano_labels_add(l, "keine Angabe", CX_KANO_ANSWER_MISSING), CX_OK);
  assert_int_equal(parse(l, "me GUSTA"), CX_KANO_ANSWER_LIKE);
  assert_int_equal(parse(l, "das setze ich voraus."), CX_KANO_ANSWER_MUST_BE);
  assert_int_equal(parse(l, "Keine Angabe"), CX_KANO_ANSWER_MISSING);
  /* Built-ins still work and can be overridden. */
  assert_int_equal(parse(l, "I like it"), CX_KANO_ANSWER_LIKE);
  assert_int_equal(cx_kano_labels_add(l, "neutral", CX_KANO_ANSWER_LIVE_WITH), CX_OK);
  assert_int_equal(parse(l, "Neutral"), CX_KANO_ANSWER_LIVE_WITH);
  /* Re-registering changes the meaning. */
  assert_int_equal(cx_kano_labels_add(l, "me gusta", CX_KANO_ANSWER_NEUTRAL), CX_OK);
  assert_int_equal(parse(l, "Me gusta"), CX_KANO_ANSWER_NEUTRAL);
  /* Invalid registrations. */
  assert_int_equal(cx_kano_labels_add(l, "  ", CX_KANO_ANSWER_LIKE), CX_EINVAL);
  assert_int_equal(cx_kano_labels_add(l, "3", CX_KANO_ANSWER_LIKE), CX_EINVAL);
  assert_int_equal(cx_kano_labels_add(l, "ok", (cx_kano_answer)9), CX_EINVAL);
  assert_int_equal(cx_kano_labels_add(l, "\xC3\x28", CX_KANO_ANSWER_LIKE), CX_EINVAL);
  assert_int_equal(cx_kano_labels_add(l, NULL, CX_KANO_ANSWER_LIKE), CX_EINVAL);
  cx_kano_labels_free(l);
  cx_kano_labels_free(NULL);
}

/* Berger et al. (1993), rows functional, columns dysfunctional, both in
 * the order Like, Must-be, Neutral, Live-with, Dislike. */
static const char *const berger_rows[5] = {"QAAAO", "RIIIM", "RIIIM",
                                           "RIIIM", "RRRRQ"};

static cx_kano_category letter(char c) {
  cx_kano_category k;
  char s[2] = {c, 0};
  assert_int_equal(cx_kano_category_parse(s, &k), CX_OK);
  return k;
}

static void test_tables(void **state) {
  (void)state;
  cx_kano_table b, p;
  assert_int_equal(cx_kano_table_init(&b, CX_KANO_TABLE_BERGER), CX_OK);
  assert_int_equal(cx_kano_table_init(&p, CX_KANO_TABLE_POULIOT), CX_OK);
  const cx_kano_table init = CX_KANO_TABLE_BERGER_INIT;
  for (int f = 0; f < 5; f++) {
    for (int d = 0; d < 5; d++) {
      cx_kano_category want = letter(berger_rows[f][d]);
      assert_int_equal(b.cell[f][d], want);
      assert_int_equal(init.cell[f][d], want);
      assert_int_equal(cx_kano_classify(&b, (cx_kano_answer)(f + 1), (cx_kano_answer)(d + 1)), want);
      assert_int_equal(cx_kano_classify(NULL, (cx_kano_answer)(f + 1), (cx_kano_answer)(d + 1)), want);
      /* Pouliot differs only where both answers are Must-be or both are
       * Live-with. */
      bool q = (f == 1 && d == 1) || (f == 3 && d == 3);
      assert_int_equal(p.cell[f][d], q ? CX_KANO_Q : want);
    }
  }
  assert_int_equal(cx_kano_classify(&b, CX_KANO_ANSWER_MISSING, CX_KANO_ANSWER_LIKE), CX_KANO_UNDEFINED);
  assert_int_equal(cx_kano_classify(&b, CX_KANO_ANSWER_LIKE, (cx_kano_answer)6), CX_KANO_UNDEFINED);
  assert_int_equal(cx_kano_table_validate(&b), CX_OK);
  b.cell[2][4] = 6;
  assert_int_equal(cx_kano_table_validate(&b), CX_EINVAL);
  assert_non_null(strstr(cx_error_last(), "[3][5]"));
  assert_int_equal(cx_kano_table_init(&b, (cx_kano_table_kind)5), CX_EINVAL);
  assert_int_equal(cx_kano_table_init(NULL, CX_KANO_TABLE_BERGER), CX_EINVAL);
}

static void test_names(void **state) {
  (void)state;
  assert_string_equal(cx_kano_category_name(CX_KANO_M), "must-be");
  assert_string_equal(cx_kano_category_name(CX_KANO_O), "one-dimensional");
  assert_string_equal(cx_kano_category_name(CX_KANO_UNDEFINED), "undefined");
  assert_string_equal(cx_kano_category_name((cx_kano_category)17), "invalid");
  assert_string_equal(cx_kano_category_letter(CX_KANO_A), "A");
  assert_string_equal(cx_kano_category_letter(CX_KANO_Q), "Q");
  assert_string_equal(cx_kano_category_letter(CX_KANO_UNDEFINED), "-");
  cx_kano_category c;
  assert_int_equal(cx_kano_category_parse("Must be", &c), CX_OK);
  assert_int_equal(c, CX_KANO_M);
  assert_int_equal(cx_kano_category_parse("performance", &c), CX_OK);
  assert_int_equal(c, CX_KANO_O);
  assert_int_equal(cx_kano_category_parse("r", &c), CX_OK);
  assert_int_equal(c, CX_KANO_R);
  assert_int_equal(cx_kano_category_parse("X", &c), CX_EPARSE);
  assert_string_equal(cx_kano_answer_name(CX_KANO_ANSWER_LIVE_WITH), "live-with");
  assert_string_equal(cx_kano_answer_name((cx_kano_answer)8), "invalid");
  cx_kano_rule r;
  for (int i = 0; i < CX_KANO_NRULES; i++) {
    assert_int_equal(cx_kano_rule_parse(cx_kano_rule_name((cx_kano_rule)i), &r), CX_OK);
    assert_int_equal(r, i);
  }
  assert_string_equal(cx_kano_rule_name(CX_KANO_RULE_OAM_IRQ), "oam-irq");
  assert_int_equal(cx_kano_rule_parse("majority", &r), CX_EPARSE);
  assert_string_equal(cx_error_info_last()->value, "majority");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_builtin_wordings),
      cmocka_unit_test(test_numeric_coding),
      cmocka_unit_test(test_unknown_label_names_value),
      cmocka_unit_test(test_user_labels),
      cmocka_unit_test(test_tables),
      cmocka_unit_test(test_names),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
