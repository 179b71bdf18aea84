/*
 * Cell formatting for the cx commands (see output.h).
 *
 * The formula rule follows the OWASP advice on CSV injection: a cell that
 * starts with '=', '+', '-', '@', tab or carriage return may be executed by
 * a spreadsheet, so unless it is a plain number it is prefixed with a
 * single quote and quoted.  Feature and segment names come straight from
 * uploaded surveys, hence the care.
 */
#include "output.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cx/cx.h>
#include <jansson.h>

#include "cx_tool.h"

bool out_is_number(const char *s) {
  if (!s || !*s)
    return false;
  /* strtod would also take "inf", "nan" and hex; a spreadsheet cell that
   * reads as a number is plain decimal, so only that counts. */
  const char *p = s;
  if (*p == '-' || *p == '+')
    p++;
  bool digits = false;
  while (*p >= '0' && *p <= '9') {
    p++;
    digits = true;
  }
  if (*p == '.') {
    p++;
    while (*p >= '0' && *p <= '9') {
      p++;
      digits = true;
    }
  }
  if (!digits)
    return false;
  if (*p == 'e' || *p == 'E') {
    p++;
    if (*p == '-' || *p == '+')
      p++;
    if (!(*p >= '0' && *p <= '9'))
      return false;
    while (*p >= '0' && *p <= '9')
      p++;
  }
  return *p == '\0';
}

char *out_num_exact(char buf[OUT_NUM_MAX], double v) {
  if (isnan(v)) {
    buf[0] = '\0';
    return buf;
  }
  if (v == 0.0)
    v = 0.0; /* -0 prints as 0 */
  /* Shortest text that reads back as the same double; plain decimals in
   * the range people read (160, not 1.6e+02), exponents outside it. */
  double a = fabs(v);
  if (isfinite(v) && a >= 1e-5 && a < 1e15) {
    for (int dec = 0; dec <= 20; dec++) {
      snprintf(buf, OUT_NUM_MAX, "%.*f", dec, v);
      if (strtod(buf, NULL) == v)
        return buf;
    }
  }
  for (int prec = 1; prec <= 17; prec++) {
    snprintf(buf, OUT_NUM_MAX, "%.*g", prec, v);
    if (strtod(buf, NULL) == v)
      break;
  }
  return buf;
}

char *out_num_fixed(char buf[OUT_NUM_MAX], double v, int decimals,
                    const char *nan_text) {
  if (isnan(v)) {
    snprintf(buf, OUT_NUM_MAX, "%s", nan_text);
    return buf;
  }
  snprintf(buf, OUT_NUM_MAX, "%.*f", decimals, v);
  if (buf[0] == '-' && strspn(buf + 1, "0.") == strlen(buf + 1))
    memmove(buf, buf + 1, strlen(buf));
  return buf;
}

static bool formula_start(const char *s) {
  return (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' ||
          s[0] == '\t' || s[0] == '\r') &&
         !out_is_number(s);
}

void out_csv_text(FILE *f, const char *s) {
  if (!s)
    s = "";
  bool formula = formula_start(s);
  bool quote = formula || strpbrk(s, ",\"\r\n") != NULL;
  if (!quote) {
    fputs(s, f);
    return;
  }
  fputc('"', f);
  if (formula)
    fputc('\'', f);
  for (const char *p = s; *p; p++) {
    if (*p == '"')
      fputc('"', f);
    fputc(*p, f);
  }
  fputc('"', f);
}

void out_csv_number(FILE *f, double v) {
  char buf[OUT_NUM_MAX];
  fputs(out_num_exact(buf, v), f);
}

char *out_text_cell(const char *s) {
  if (!s)
    s = "";
  bool formula = formula_start(s);
  size_t n = strlen(s);
  char *out = malloc(n + 4);
  if (!out)
    return NULL;
  char *w = out;
  if (formula) {
    *w++ = '"';
    *w++ = '\'';
  }
  for (const char *p = s; *p; p++) {
    unsigned char c = (unsigned char)*p;
    *w++ = c < 0x20 || c == 0x7F ? '?' : (char)c;
  }
  if (formula)
    *w++ = '"';
  *w = '\0';
  return out;
}

json_t *out_json_number(double v) {
  if (isnan(v) || isinf(v))
    return json_null();
  return json_real(v + 0.0);
}

json_t *out_json_text(const char *s) {
  return s ? json_string(s) : json_null();
}

bool out_json_print(const json_t *root, FILE *f) {
  return out_json_print_digits(root, f, 15);
}

bool out_json_print_digits(const json_t *root, FILE *f, int digits) {
  if (!root)
    return false;
  int rc = json_dumpf(root, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
                                   JSON_REAL_PRECISION(digits));
  fputc('\n', f);
  return rc == 0 && !ferror(f);
}

int out_fail(void) {
  fprintf(stderr, "cx: %s\n", cx_error_last());
  return EXIT_BAD_INPUT;
}

int out_finish_stdout(bool ok) {
  if (fflush(stdout) != 0 || ferror(stdout) || !ok) {
    fprintf(stderr, "cx: cannot write the output\n");
    return EXIT_BAD_INPUT;
  }
  return EXIT_DONE;
}

int out_write_file(const char *path, const char *data, size_t len,
                   bool dash_is_stdout) {
  bool to_stdout = dash_is_stdout && strcmp(path, "-") == 0;
  FILE *f = to_stdout ? stdout : fopen(path, "wb");
  bool ok = f && fwrite(data, 1, len, f) == len;
  int err = errno;
  if (f && (to_stdout ? fflush(f) : fclose(f)) != 0) {
    ok = false;
    err = errno;
  }
  if (!ok) {
    fprintf(stderr, "cx: %s: cannot write: %s\n",
            to_stdout ? "standard output" : path, strerror(err));
    return EXIT_BAD_INPUT;
  }
  return EXIT_DONE;
}

void out_table_init(out_table *t, size_t ncols) {
  memset(t, 0, sizeof *t);
  t->ncols = ncols;
  t->right = calloc(ncols ? ncols : 1, sizeof *t->right);
  if (!t->right)
    t->failed = true;
}

void out_table_free(out_table *t) {
  for (size_t i = 0; i < t->ncells; i++)
    free(t->cell[i]);
  free(t->cell);
  free(t->right);
  memset(t, 0, sizeof *t);
}

void out_table_align_right(out_table *t, size_t col, bool right) {
  if (t->right && col < t->ncols)
    t->right[col] = right;
}

void out_table_add_owned(out_table *t, char *text) {
  if (t->failed || !text) {
    free(text);
    t->failed = true;
    return;
  }
  size_t used = t->ncells;
  if (used == t->cap) {
    size_t cap = t->cap ? t->cap * 2 : t->ncols * 16;
    char **c = realloc(t->cell, cap * sizeof *c);
    if (!c) {
      free(text);
      t->failed = true;
      return;
    }
    memset(c + t->cap, 0, (cap - t->cap) * sizeof *c);
    t->cell = c;
    t->cap = cap;
  }
  t->cell[used] = text;
  t->ncells = used + 1;
  t->nrows = (used + 1 + t->ncols - 1) / t->ncols;
}

void out_table_add(out_table *t, const char *text) {
  size_t n = strlen(text);
  char *c = malloc(n + 1);
  if (c)
    memcpy(c, text, n + 1);
  out_table_add_owned(t, c);
}

/* Columns on a terminal: UTF-8 continuation bytes take no room. */
static size_t width(const char *s) {
  size_t w = 0;
  for (; *s; s++)
    w += ((unsigned char)*s & 0xC0) != 0x80;
  return w;
}

bool out_table_print(const out_table *t, FILE *f) {
  if (t->failed)
    return false;
  size_t *wd = calloc(t->ncols ? t->ncols : 1, sizeof *wd);
  if (!wd)
    return false;
  for (size_t r = 0; r < t->nrows; r++)
    for (size_t c = 0; c < t->ncols; c++) {
      size_t i = r * t->ncols + c;
      const char *s = i < t->ncells ? t->cell[i] : NULL;
      size_t w = s ? width(s) : 0;
      if (w > wd[c])
        wd[c] = w;
    }
  for (size_t r = 0; r < t->nrows; r++) {
    for (size_t c = 0; c < t->ncols; c++) {
      size_t i = r * t->ncols + c;
      const char *s = i < t->ncells ? t->cell[i] : NULL;
      if (!s)
        s = "";
      size_t pad = wd[c] - width(s);
      bool last = c + 1 == t->ncols;
      if (c)
        fputs("  ", f);
      if (t->right[c])
        fprintf(f, "%*s%s", (int)pad, "", s);
      else
        fprintf(f, "%s%*s", s, last ? 0 : (int)pad, "");
    }
    fputc('\n', f);
    if (r == 0) {
      size_t total = 0;
      for (size_t c = 0; c < t->ncols; c++)
        total += wd[c] + (c ? 2 : 0);
      for (size_t i = 0; i < total; i++)
        fputc('-', f);
      fputc('\n', f);
    }
  }
  free(wd);
  return true;
}
