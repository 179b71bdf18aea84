/*
 * Kano answer wordings: a dictionary from survey text to answer codes,
 * category and rule names.
 */
#include <ctype.h>
#include <string.h>

#include "kano_internal.h"

struct cx_kano_labels {
  cx_kano_coding coding;
  cx_names names;    /* normalised user wordings */
  uint8_t *answer;   /* answer[i] for names.name[i] */
  size_t answer_cap;
};

/* Built-in wordings, already normalised (lowercase ASCII, no white space,
 * hyphens, underscores or apostrophes).  The survey literature and tools
 * word the five options in many ways; these are the common English ones. */
static const struct {
  const char *text;
  uint8_t answer;
} builtin[] = {
    {"like", 1}, {"ilikeit", 1}, {"likeit", 1}, {"ilikeitthatway", 1},
    {"iwouldlikeit", 1}, {"iwouldlikeitthatway", 1}, {"iwouldbepleased", 1},
    {"iamdelighted", 1}, {"delighted", 1},
    {"mustbe", 2}, {"itmustbe", 2}, {"itmustbethatway", 2},
    {"mustbethatway", 2}, {"iexpectit", 2}, {"expectit", 2}, {"expected", 2},
    {"iexpectitthatway", 2}, {"itsamust", 2}, {"itisamust", 2},
    {"itisbasic", 2}, {"iexpectittobethatway", 2},
    {"neutral", 3}, {"iamneutral", 3}, {"imneutral", 3}, {"idontcare", 3},
    {"idonotcare", 3}, {"itdoesntmatter", 3}, {"itdoesnotmatter", 3},
    {"indifferent", 3}, {"iamindifferent", 3},
    {"livewith", 4}, {"icanlivewithit", 4}, {"canlivewithit", 4},
    {"livewithit", 4}, {"icanlivewithitthatway", 4}, {"icantolerateit", 4},
    {"cantolerateit", 4}, {"tolerateit", 4}, {"tolerate", 4},
    {"icantolerateitthatway", 4},
    {"dislike", 5}, {"idislikeit", 5}, {"dislikeit", 5},
    {"idislikeitthatway", 5}, {"idontlikeit", 5}, {"idonotlikeit", 5},
    {"idontlikeitthatway", 5},
    {"na", 0}, {"n/a", 0}, {"nan", 0}, {"null", 0},
};

size_t cx__kano_label_normalise(const char *s, size_t len, char *out,
                                size_t cap) {
  size_t o = 0;
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '-' ||
        c == '_' || c == '\'')
      continue;
    /* U+00A0 (no-break space) and U+2019 (right single quotation mark) are
     * what spreadsheets put in place of a space and an apostrophe. */
    if (c == 0xC2 && i + 1 < len && (unsigned char)s[i + 1] == 0xA0) {
      i++;
      continue;
    }
    if (c == 0xE2 && i + 2 < len && (unsigned char)s[i + 1] == 0x80 &&
        (unsigned char)s[i + 2] == 0x99) {
      i += 2;
      continue;
    }
    if (o >= cap)
      return SIZE_MAX;
    out[o++] = c < 0x80 ? (char)tolower(c) : (char)c;
  }
  while (o > 0 && (out[o - 1] == '.' || out[o - 1] == '!'))
    o--;
  return o;
}

CX_API cx_status cx_kano_labels_new(cx_kano_labels **out,
                                    cx_kano_coding coding) {
  if (!out)
    return cx__error(CX_EINVAL, "cx_kano_labels_new: out is NULL");
  if (coding != CX_KANO_CODING_CANONICAL && coding != CX_KANO_CODING_REVERSED)
    return cx__error(CX_EINVAL, "cx_kano_labels_new: unknown coding %d",
                     (int)coding);
  cx_kano_labels *l = cx__calloc(1, sizeof *l);
  if (!l)
    return cx__enomem();
  l->coding = coding;
  cx__names_init(&l->names);
  *out = l;
  return CX_OK;
}

CX_API void cx_kano_labels_free(cx_kano_labels *labels) {
  if (!labels)
    return;
  cx__names_free(&labels->names);
  cx__free(labels->answer);
  cx__free(labels);
}

enum { LABEL_MAX = 256 };

static bool all_digits(const char *s, size_t len) {
  for (size_t i = 0; i < len; i++)
    if (s[i] < '0' || s[i] > '9')
      return false;
  return len > 0;
}

CX_API cx_status cx_kano_labels_add(cx_kano_labels *labels, const char *label,
                                    cx_kano_answer answer) {
  if (!labels || !label)
    return cx__error(CX_EINVAL, "cx_kano_labels_add: NULL argument");
  if ((int)answer < 0 || (int)answer > 5)
    return cx__error(CX_EINVAL, "cx_kano_labels_add: answer %d is not 0-5",
                     (int)answer);
  size_t len = strlen(label);
  if (!cx__utf8_valid(label, len))
    return cx__error_at(CX_EINVAL, NULL, 0, 0, label, len,
                        "label is not valid UTF-8");
  char norm[LABEL_MAX];
  size_t n = cx__kano_label_normalise(label, len, norm, sizeof norm);
  if (n == SIZE_MAX)
    return cx__error_at(CX_EINVAL, NULL, 0, 0, label, len,
                        "label longer than %d bytes", LABEL_MAX);
  if (n == 0)
    return cx__error_at(CX_EINVAL, NULL, 0, 0, label, len, "label is blank");
  if (all_digits(norm, n))
    return cx__error_at(CX_EINVAL, NULL, 0, 0, label, len,
                        "digits are reserved for the numeric coding");
  size_t k = cx__names_find(&labels->names, norm, n);
  if (k == SIZE_MAX) {
    if (labels->names.count == labels->answer_cap) {
      size_t cap = labels->answer_cap ? labels->answer_cap * 2 : 8;
      uint8_t *a = cx__realloc(labels->answer, cap);
      if (!a)
        return cx__enomem();
      labels->answer = a;
      labels->answer_cap = cap;
    }
    k = cx__names_add(&labels->names, norm, n);
    if (k == SIZE_MAX)
      return cx__enomem();
  }
  labels->answer[k] = (uint8_t)answer;
  return CX_OK;
}

CX_API cx_status cx_kano_labels_parse(const cx_kano_labels *labels,
                                      const char *text, size_t len,
                                      cx_kano_answer *out) {
  if (!out || (!text && len))
    return cx__error(CX_EINVAL, "cx_kano_labels_parse: NULL argument");
  char norm[LABEL_MAX];
  size_t n = cx__kano_label_normalise(text, len, norm, sizeof norm);
  if (n == 0) {
    *out = CX_KANO_ANSWER_MISSING;
    return CX_OK;
  }
  if (n == 1 && norm[0] >= '1' && norm[0] <= '5') {
    int v = norm[0] - '0';
    if (labels && labels->coding == CX_KANO_CODING_REVERSED)
      v = 6 - v;
    *out = (cx_kano_answer)v;
    return CX_OK;
  }
  if (n != SIZE_MAX) {
    if (labels) {
      size_t k = cx__names_find(&labels->names, norm, n);
      if (k != SIZE_MAX) {
        *out = (cx_kano_answer)labels->answer[k];
        return CX_OK;
      }
    }
    for (size_t i = 0; i < sizeof builtin / sizeof builtin[0]; i++) {
      if (strlen(builtin[i].text) == n && memcmp(builtin[i].text, norm, n) == 0) {
        *out = (cx_kano_answer)builtin[i].answer;
        return CX_OK;
      }
    }
  }
  if (!cx__utf8_valid(text, len))
    return cx__error_at(CX_EPARSE, NULL, 0, 0, text, len,
                        "answer is not valid UTF-8");
  return cx__error_at(CX_EPARSE, NULL, 0, 0, text, len,
                      "unknown Kano answer");
}

static const char *const category_names[] = {
    "attractive", "one-dimensional", "must-be",
    "indifferent", "reverse", "questionable"};
static const char category_letters[] = "AOMIRQ";

CX_API const char *cx_kano_category_name(cx_kano_category c) {
  if (c == CX_KANO_UNDEFINED)
    return "undefined";
  if ((int)c < 0 || (int)c >= CX_KANO_NCATEGORIES)
    return "invalid";
  return category_names[c];
}

CX_API const char *cx_kano_category_letter(cx_kano_category c) {
  static const char *const letters[] = {"A", "O", "M", "I", "R", "Q"};
  if (c == CX_KANO_UNDEFINED)
    return "-";
  if ((int)c < 0 || (int)c >= CX_KANO_NCATEGORIES)
    return "?";
  return letters[c];
}

CX_API cx_status cx_kano_category_parse(const char *text,
                                        cx_kano_category *out) {
  if (!text || !out)
    return cx__error(CX_EINVAL, "cx_kano_category_parse: NULL argument");
  size_t len = strlen(text);
  char norm[64];
  size_t n = cx__kano_label_normalise(text, len, norm, sizeof norm);
  if (n == 1) {
    const char *p = strchr(category_letters, toupper((unsigned char)norm[0]));
    if (p && *p) {
      *out = (cx_kano_category)(p - category_letters);
      return CX_OK;
    }
  }
  for (int c = 0; c < CX_KANO_NCATEGORIES && n != SIZE_MAX; c++) {
    char cn[64];
    size_t m = cx__kano_label_normalise(category_names[c],
                                        strlen(category_names[c]), cn,
                                        sizeof cn);
    if (m == n && memcmp(cn, norm, n) == 0) {
      *out = (cx_kano_category)c;
      return CX_OK;
    }
  }
  /* "performance" is the other common name of one-dimensional. */
  if (n == 11 && memcmp(norm, "performance", 11) == 0) {
    *out = CX_KANO_O;
    return CX_OK;
  }
  return cx__error_at(CX_EPARSE, NULL, 0, 0, text, len,
                      "unknown Kano category");
}

CX_API const char *cx_kano_answer_name(cx_kano_answer a) {
  static const char *const names[] = {"missing", "like", "must-be",
                                      "neutral", "live-with", "dislike"};
  if ((int)a < 0 || (int)a > 5)
    return "invalid";
  return names[a];
}

static const char *const rule_names[] = {"mode", "moai", "oam-irq"};

CX_API const char *cx_kano_rule_name(cx_kano_rule rule) {
  if ((int)rule < 0 || (int)rule >= CX_KANO_NRULES)
    return "invalid";
  return rule_names[rule];
}

CX_API cx_status cx_kano_rule_parse(const char *text, cx_kano_rule *out) {
  if (!text || !out)
    return cx__error(CX_EINVAL, "cx_kano_rule_parse: NULL argument");
  for (int r = 0; r < CX_KANO_NRULES; r++) {
    if (strcmp(text, rule_names[r]) == 0) {
      *out = (cx_kano_rule)r;
      return CX_OK;
    }
  }
  return cx__error_at(CX_EPARSE, NULL, 0, 0, text, strlen(text),
                      "unknown Kano rule (expected mode, moai or oam-irq)");
}

CX_API cx_status cx_kano_table_init(cx_kano_table *out,
                                    cx_kano_table_kind kind) {
  static const cx_kano_table berger = CX_KANO_TABLE_BERGER_INIT;
  if (!out)
    return cx__error(CX_EINVAL, "cx_kano_table_init: out is NULL");
  switch (kind) {
  case CX_KANO_TABLE_BERGER:
    *out = berger;
    return CX_OK;
  case CX_KANO_TABLE_POULIOT:
    *out = berger;
    out->cell[1][1] = CX_KANO_Q;
    out->cell[3][3] = CX_KANO_Q;
    return CX_OK;
  }
  return cx__error(CX_EINVAL, "cx_kano_table_init: unknown table kind %d",
                   (int)kind);
}

CX_API cx_status cx_kano_table_validate(const cx_kano_table *table) {
  if (!table)
    return cx__error(CX_EINVAL, "cx_kano_table_validate: table is NULL");
  for (int f = 0; f < 5; f++)
    for (int d = 0; d < 5; d++)
      if (table->cell[f][d] < 0 || table->cell[f][d] >= CX_KANO_NCATEGORIES)
        return cx__error(CX_EINVAL,
                         "evaluation table cell [%d][%d] holds %d, not a "
                         "category 0-5",
                         f + 1, d + 1, (int)table->cell[f][d]);
  return CX_OK;
}

CX_API cx_kano_category cx_kano_classify(const cx_kano_table *table,
                                         cx_kano_answer functional,
                                         cx_kano_answer dysfunctional) {
  static const cx_kano_table berger = CX_KANO_TABLE_BERGER_INIT;
  if ((int)functional < 1 || (int)functional > 5 || (int)dysfunctional < 1 ||
      (int)dysfunctional > 5)
    return CX_KANO_UNDEFINED;
  const cx_kano_table *t = table ? table : &berger;
  int8_t c = t->cell[functional - 1][dysfunctional - 1];
  if (c < 0 || c >= CX_KANO_NCATEGORIES)
    return CX_KANO_UNDEFINED;
  return (cx_kano_category)c;
}
