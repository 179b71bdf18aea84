/*
 * Named columns over the CSV tokenizer (see csv_columns.h).
 */
#include "csv_columns.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* ---- the table -------------------------------------------------------- */

/* Keep a NUL-terminated, trimmed copy of every header name. */
static cx_status keep_header(cx_csv_table *t, const cx_csv_record *rec) {
  size_t total = 0;
  for (size_t i = 0; i < rec->n; i++) {
    if (rec->field[i].len >= SIZE_MAX - total)
      return cx__enomem();
    total += rec->field[i].len + 1;
  }
  if (rec->n > SIZE_MAX / sizeof *t->col)
    return cx__enomem();
  t->text = cx__malloc(total);
  t->col = cx__malloc(rec->n * sizeof *t->col);
  if (!t->text || !t->col)
    return cx__enomem();
  char *w = t->text;
  for (size_t i = 0; i < rec->n; i++) {
    const char *p = rec->field[i].ptr;
    size_t len = rec->field[i].len;
    cx__csv_trim(&p, &len);
    memcpy(w, p, len);
    w[len] = '\0';
    t->col[i] = rec->field[i];
    t->col[i].ptr = w;
    t->col[i].len = len;
    w += len + 1;
  }
  t->ncols = rec->n;
  return CX_OK;
}

cx_status cx__csv_width_error(const cx_csv_table *t, const cx_csv_record *rec) {
  if (rec->n < t->ncols)
    return cx__error_at(CX_EPARSE, t->name, rec->end_line, rec->end_column,
                        NULL, 0, "short row: %zu fields, the header has %zu",
                        rec->n, t->ncols);
  const cx_csv_field *f = &rec->field[t->ncols];
  return cx__error_at(CX_EPARSE, t->name, f->line, f->column, f->ptr, f->len,
                      "long row: %zu fields, the header has %zu", rec->n,
                      t->ncols);
}

cx_status cx__csv_no_rows(const cx_csv_table *t, uint64_t header_end) {
  return cx__error_at(CX_EPARSE, t->name, header_end + 1, 1, NULL, 0,
                      "no data rows after the header");
}

cx_status cx__csv_table_open(cx_csv_table *t, const cx_csv_input *in,
                             cx_csv_record *rec) {
  cx_status st = in->path ? cx__csv_open_file(&t->csv, in->path, in->delimiter)
                          : cx__csv_open_buffer(&t->csv, in->data, in->len,
                                                in->name, in->delimiter);
  if (st)
    return st;
  t->name = cx__csv_name(t->csv);
  static const cx_read_limits defaults = CX_READ_LIMITS_INIT;
  const cx_read_limits *lim = in->limits ? in->limits : &defaults;
  t->max_names = lim->max_names ? lim->max_names : SIZE_MAX;
  if ((st = cx__csv_set_limits(t->csv, lim->max_bytes, lim->max_record,
                               lim->max_columns)))
    return st;
  if (in->progress)
    cx__csv_set_progress(t->csv, in->progress, in->progress_ctx);
  bool eof;
  if ((st = cx__csv_next(t->csv, rec, &eof)))
    return st;
  if (eof)
    return cx__error_at(CX_EPARSE, t->name, 1, 1, NULL, 0,
                        "empty file: no header");
  return keep_header(t, rec);
}

void cx__csv_table_free(cx_csv_table *t) {
  cx__csv_close(t->csv);
  cx__free(t->text);
  cx__free(t->col);
  t->csv = NULL;
  t->text = NULL;
  t->col = NULL;
}

cx_status cx__csv_check_options(const char *fn, unsigned version,
                                unsigned expected, int layout) {
  if (version != expected)
    return cx__error(CX_EINVAL, "%s: options version %u, expected %u", fn,
                     version, expected);
  if (layout < 0 || layout > 2)
    return cx__error(CX_EINVAL, "%s: unknown layout %d", fn, layout);
  return CX_OK;
}

cx_status cx__csv_check_required(const char *fn, const char *what,
                                 bool required, const char *column) {
  if (required && !column)
    return cx__error(CX_EINVAL, "%s: require_%s without a %s column name", fn,
                     what, what);
  return CX_OK;
}

/* ---- text of a cell ------------------------------------------------- */

void cx__csv_text(const cx_csv_record *rec, size_t col, const char **p,
                  size_t *len) {
  *p = rec->field[col].ptr;
  *len = rec->field[col].len;
  cx__csv_trim(p, len);
}

bool cx__csv_same_nocase(const char *a, size_t alen, const char *b,
                         size_t blen) {
  if (alen != blen)
    return false;
  for (size_t i = 0; i < alen; i++) {
    unsigned char x = (unsigned char)a[i], y = (unsigned char)b[i];
    if (x >= 'A' && x <= 'Z')
      x = (unsigned char)(x + 32);
    if (y >= 'A' && y <= 'Z')
      y = (unsigned char)(y + 32);
    if (x != y)
      return false;
  }
  return true;
}

bool cx__csv_in_list(const char *list, const char *p, size_t len) {
  if (!list)
    return false;
  while (*list) {
    const char *q = strchr(list, ',');
    size_t n = q ? (size_t)(q - list) : strlen(list);
    const char *item = list;
    size_t ilen = n;
    cx__csv_trim(&item, &ilen);
    if (ilen && cx__csv_same_nocase(item, ilen, p, len))
      return true;
    list += n + (q != NULL);
  }
  return false;
}

/* ---- columns ---------------------------------------------------------- */

cx_status cx__csv_find_column(const cx_csv_table *t, const char *name,
                              size_t *out) {
  *out = CX_CSV_NONE;
  if (!name)
    return CX_OK;
  size_t len = strlen(name);
  for (size_t i = 0; i < t->ncols; i++) {
    if (t->col[i].len != len || memcmp(t->col[i].ptr, name, len) != 0)
      continue;
    if (*out != CX_CSV_NONE)
      return cx__csv_header_error(t, CX_EPARSE, i,
                                  "column appears twice in the header");
    *out = i;
  }
  return CX_OK;
}

cx_status cx__csv_missing_column(const cx_csv_table *t, const char *what,
                                 const char *name) {
  return cx__error_at(CX_EPARSE, t->name, 1, 1, name, strlen(name),
                      "the header has no %s column", what);
}

cx_status cx__csv_header_error(const cx_csv_table *t, cx_status st, size_t col,
                               const char *what) {
  const cx_csv_field *h = &t->col[col];
  return cx__error_at(st, t->name, h->line, h->column, h->ptr, h->len, "%s",
                      what);
}

/* ---- errors at a cell ------------------------------------------------- */

cx_status cx__csv_field_error(const cx_csv_table *t, cx_status st,
                              const cx_csv_field *f, size_t col,
                              const char *what, const char *who) {
  return cx__error_at(st, t->name, f->line, f->column, f->ptr, f->len,
                      "%s in column '%s'%s", what, cx__csv_col_name(t, col),
                      who ? who : "");
}

cx_status cx__csv_refused(const cx_csv_table *t, cx_status st,
                          const cx_csv_field *f, const char *value,
                          size_t len) {
  if (st == CX_ENOMEM)
    return st;
  char why[256];
  snprintf(why, sizeof why, "%s", cx_error_last());
  return cx__error_at(st == CX_EINVAL ? CX_EPARSE : st, t->name, f->line,
                      f->column, value, len, "%s", why);
}

void cx__csv_respondent_note(char *buf, size_t size, const char *p, size_t len,
                             uint64_t line) {
  if (len && cx__utf8_valid(p, len)) {
    size_t shown =
        len < CX_CSV_RESPONDENT_SHOWN ? len : CX_CSV_RESPONDENT_SHOWN;
    /* Do not cut inside a character. */
    while (shown < len && shown > 0 && ((unsigned char)p[shown] & 0xC0) == 0x80)
      shown--;
    snprintf(buf, size, " (respondent %.*s%s)", (int)shown, p,
             shown < len ? "..." : "");
  } else if (!len && line) {
    snprintf(buf, size, " (respondent on line %llu)", (unsigned long long)line);
  } else if (size) {
    buf[0] = '\0';
  }
}

/* ---- cells ------------------------------------------------------------ */

bool cx__csv_is_missing(const char *p, size_t len, const char *markers) {
  cx__csv_trim(&p, &len);
  return len == 0 || cx__csv_in_list(markers, p, len);
}

cx_status cx__csv_parse_nonneg(const char *p, size_t len, const char *what,
                               bool empty_ok, double *out,
                               char msg[CX_CSV_WHAT_MAX]) {
  if (len == 1 && p[0] == '1') { /* the common weight */
    *out = 1.0;
    return CX_OK;
  }
  cx__csv_trim(&p, &len);
  if (len == 0 && empty_ok) {
    *out = NAN;
    return CX_OK;
  }
  double v;
  if (!cx__parse_decimal(p, len, &v)) {
    bool utf8 = cx__utf8_valid(p, len);
    snprintf(msg, CX_CSV_WHAT_MAX, "%s is %s", what,
             utf8 ? "not a finite number >= 0" : "not valid UTF-8");
    return utf8 ? CX_ERANGE : CX_EPARSE;
  }
  if (!isfinite(v) || !(v >= 0.0)) {
    snprintf(msg, CX_CSV_WHAT_MAX, "%s is not a finite number >= 0", what);
    return CX_ERANGE;
  }
  *out = v + 0.0; /* -0 is 0 */
  return CX_OK;
}

cx_status cx__csv_parse_scale(const cx_csv_scale_cell *how, const char *p,
                              size_t len, double *out,
                              char msg[CX_CSV_WHAT_MAX]) {
  const cx_scale *sc = how->scale;
  /* Fast path for the common one-digit answers. */
  if (len == 1 && p[0] >= '0' && p[0] <= '9') {
    double x = p[0] - '0';
    if (x >= sc->min && x <= sc->max) {
      *out = x;
      return CX_OK;
    }
  }
  cx__csv_trim(&p, &len);
  if (len == 0 || cx__csv_in_list(CX_CSV_MISSING_SCALE, p, len)) {
    *out = NAN;
    return CX_OK;
  }
  double x;
  if (!cx__parse_decimal(p, len, &x)) {
    if (cx__csv_in_list(how->na_text, p, len)) {
      *out = sc->has_na_code ? (double)sc->na_code : NAN;
      return CX_OK;
    }
    if (cx__csv_in_list(how->dk_text, p, len)) {
      *out = sc->has_dk_code ? (double)sc->dk_code : NAN;
      return CX_OK;
    }
    snprintf(msg, CX_CSV_WHAT_MAX, "%s is %s", how->what,
             cx__utf8_valid(p, len) ? "not a number" : "not valid UTF-8");
    return CX_EPARSE;
  }
  bool code = (sc->has_na_code && x == (double)sc->na_code) ||
              (sc->has_dk_code && x == (double)sc->dk_code);
  cx_scale_answer_kind kind = code && !how->numeric_codes
                                  ? CX_SCALE_OUT_OF_SCALE
                                  : cx_scale_classify(sc, x);
  if (kind == CX_SCALE_OUT_OF_SCALE || kind == CX_SCALE_NON_INTEGER) {
    snprintf(msg, CX_CSV_WHAT_MAX, "%s %s %d-%d", how->what_range,
             kind == CX_SCALE_NON_INTEGER ? "is not a whole point of the scale"
                                          : "is outside the scale",
             (int)sc->min, (int)sc->max);
    return CX_ERANGE;
  }
  *out = x;
  return CX_OK;
}
