/*
 * Named columns over the CSV tokenizer: what the Kano, metrics and gap
 * readers share.  Never installed.
 *
 * A reader opens its input (a file, standard input or a buffer) through
 * cx__csv_table_read(), which keeps the header, checks that every row has
 * as many fields as the header and hands each row to the reader.  The
 * helpers below look columns up by name, read the usual cells (weights,
 * answers on a scale, missing-value markers) and word the errors the same
 * way in every reader: the input, line, column and offending value, the
 * column's name and, where one is known, the respondent.
 */
#ifndef CX_IO_CSV_COLUMNS_H
#define CX_IO_CSV_COLUMNS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cx/io.h>
#include <cx/scale.h>

#include "../internal.h"
#include "csv.h"

/* Column index meaning "not in the header". */
#define CX_CSV_NONE SIZE_MAX

/* Bytes of a respondent id shown in messages before "...". */
#define CX_CSV_RESPONDENT_SHOWN 64

/* An open input and its header. */
typedef struct cx_csv_table {
  cx_csv *csv;
  const char *name;  /* the input's name in messages (owned by csv) */
  size_t ncols;      /* fields of the header, and of every row */
  char *text;        /* the header names, each NUL-terminated */
  cx_csv_field *col; /* header cells; col[i].ptr is name i, trimmed and
                        NUL-terminated, with the cell's line and column */
  size_t max_names;  /* names a reader may create of each kind (SIZE_MAX:
                        no limit) */
} cx_csv_table;

/* Where the rows come from: a file (path; "-" is standard input) or,
 * when path is NULL, len bytes at data named name in messages. */
typedef struct cx_csv_input {
  const char *path;
  const char *data;
  size_t len;
  const char *name;
  char delimiter;
  cx_progress_fn progress; /* may be NULL */
  void *progress_ctx;
  const cx_read_limits *limits; /* NULL: CX_READ_LIMITS_INIT */
} cx_csv_input;

/* Called with the header once it is kept in the table, then with every
 * row (as wide as the header); an error stops the read. */
typedef cx_status (*cx_csv_header_fn)(void *ctx, const cx_csv_record *rec);
typedef cx_status (*cx_csv_row_fn)(void *ctx, const cx_csv_record *rec);

/* Open the input into @p t (zeroed by the caller), read the header into
 * @p rec and keep a copy of its names.  An empty input is an error. */
cx_status cx__csv_table_open(cx_csv_table *t, const cx_csv_input *in,
                             cx_csv_record *rec);
/* Before a reader creates one more name of a kind (a feature, item or
 * segment) when it has created @p created of them from this input: an
 * error at field @p f when that would exceed max_names, "<created + 1>
 * <what> exceed the limit max_names = <max>" (@p what plural). */
static inline cx_status cx__csv_name_limit(const cx_csv_table *t,
                                           const cx_csv_field *f,
                                           size_t created, const char *what) {
  if (CX_LIKELY(created < t->max_names))
    return CX_OK;
  return cx__error_at(CX_ERANGE, t->name, f->line, f->column, f->ptr, f->len,
                      "%zu %s exceed the limit max_names = %zu", created + 1,
                      what, t->max_names);
}
/* Error for a row of another width than the header (rec->n != ncols). */
cx_status cx__csv_width_error(const cx_csv_table *t, const cx_csv_record *rec);
/* Error for a header without rows; @p header_end is its last line. */
cx_status cx__csv_no_rows(const cx_csv_table *t, uint64_t header_end);

/* Open the input into @p t (zeroed by the caller), keep the header, call
 * @p header, then @p row for every row.  An empty input, a file with a
 * header and no rows, and rows of another width are errors.  The table
 * stays open for the caller's last checks: free it with
 * cx__csv_table_free(), also after a failure.  Inline, so that the row
 * loop calls the reader's own functions directly: it runs once per row
 * of inputs with millions of rows. */
static inline cx_status cx__csv_table_read(cx_csv_table *t,
                                           const cx_csv_input *in,
                                           cx_csv_header_fn header,
                                           cx_csv_row_fn row, void *ctx) {
  cx_csv_record rec;
  bool eof;
  cx_status st = cx__csv_table_open(t, in, &rec);
  if (st || (st = header(ctx, &rec)))
    return st;
  uint64_t header_end = rec.end_line, rows = 0;
  for (;;) {
    if ((st = cx__csv_next(t->csv, &rec, &eof)))
      return st;
    if (eof)
      break;
    rows++;
    if (CX_UNLIKELY(rec.n != t->ncols))
      return cx__csv_width_error(t, &rec);
    if ((st = row(ctx, &rec)))
      return st;
  }
  return rows ? CX_OK : cx__csv_no_rows(t, header_end);
}
void cx__csv_table_free(cx_csv_table *t);

/* The first checks every reader makes of its options: their version, then
 * a known layout (0 auto, 1 long, 2 wide).  Errors (CX_EINVAL) start with
 * @p fn, the public function's name. */
cx_status cx__csv_check_options(const char *fn, unsigned version,
                                unsigned expected, int layout);
/* "FN: require_WHAT without a WHAT column name" when @p required is set
 * and @p column is NULL. */
cx_status cx__csv_check_required(const char *fn, const char *what,
                                 bool required, const char *column);

/* ---- text of a cell ------------------------------------------------- */

/* Drop spaces and tabs at both ends. */
static inline void cx__csv_trim(const char **p, size_t *len) {
  const char *s = *p;
  size_t n = *len;
  while (n && (*s == ' ' || *s == '\t')) {
    s++;
    n--;
  }
  while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
    n--;
  *p = s;
  *len = n;
}

/* The trimmed text of field @p col of a row. */
void cx__csv_text(const cx_csv_record *rec, size_t col, const char **p,
                  size_t *len);

/* Equal texts, ignoring the case of ASCII letters. */
bool cx__csv_same_nocase(const char *a, size_t alen, const char *b,
                         size_t blen);

/* Is the text one of the comma-separated entries of @p list (entries
 * trimmed, ASCII case ignored)?  False for a NULL list. */
bool cx__csv_in_list(const char *list, const char *p, size_t len);

/* Look a name up, trying the previous hit (*prev) and its successor first:
 * rows cycle through a few names in order.  Updates *prev on a hit;
 * returns the index or CX_CSV_NONE.  Inline: the Kano reader looks up a
 * feature on every row. */
static inline size_t cx__csv_find_name(const cx_names *names, size_t *prev,
                                       const char *p, size_t len) {
  size_t k = *prev;
  if (k < names->count) {
    if (names->len[k] == len && memcmp(names->name[k], p, len) == 0)
      return k;
    k = k + 1 < names->count ? k + 1 : 0;
    if (names->len[k] == len && memcmp(names->name[k], p, len) == 0)
      return *prev = k;
  }
  k = cx__names_find(names, p, len);
  if (k != SIZE_MAX)
    *prev = k;
  return k;
}

/* ---- columns ---------------------------------------------------------- */

/* The name of header column @p col. */
static inline const char *cx__csv_col_name(const cx_csv_table *t, size_t col) {
  return t->col[col].ptr;
}

/* Column of a header name (CX_CSV_NONE when absent or when @p name is
 * NULL); a name used twice is an error, since either column could be
 * meant. */
cx_status cx__csv_find_column(const cx_csv_table *t, const char *name,
                              size_t *out);

/* Error for a column that was asked for by name but is not in the header:
 * "the header has no <what> column ('<name>')". */
cx_status cx__csv_missing_column(const cx_csv_table *t, const char *what,
                                 const char *name);

/* Error at a header cell: "<what>" with the cell's name as the value. */
cx_status cx__csv_header_error(const cx_csv_table *t, cx_status st, size_t col,
                               const char *what);

/* ---- errors at a cell ------------------------------------------------- */

/* Error at field @p f of column @p col: "<what> in column '<name>'<who>",
 * with the field's text as the value; @p who is "" or a respondent note
 * from cx__csv_respondent_note(). */
cx_status cx__csv_field_error(const cx_csv_table *t, cx_status st,
                              const cx_csv_field *f, size_t col,
                              const char *what, const char *who);

/* An accumulator refused a value read at field @p f: keep its reason
 * (cx_error_last()) and add the place and @p value.  CX_EINVAL becomes
 * CX_EPARSE, since the input is at fault. */
cx_status cx__csv_refused(const cx_csv_table *t, cx_status st,
                          const cx_csv_field *f, const char *value, size_t len);

/* " (respondent <id>)" into buf, the id cut to CX_CSV_RESPONDENT_SHOWN
 * bytes (at a character boundary, then "...").  For an empty id it is
 * " (respondent on line <line>)" when @p line is not 0, else "", as it is
 * for an id that is not UTF-8.  Cut to @p size like snprintf(). */
void cx__csv_respondent_note(char *buf, size_t size, const char *p, size_t len,
                             uint64_t line);

/* ---- cells ------------------------------------------------------------ */

/* Empty, or one of the markers of a missing value that every reader
 * knows (spaces around are ignored, ASCII case too). */
bool cx__csv_is_missing(const char *p, size_t len, const char *markers);

/* Markers of the Kano reader's importance, and of the scale readers. */
#define CX_CSV_MISSING_KANO "na,n/a,nan,null"
#define CX_CSV_MISSING_SCALE "na,nan,null,missing"

/* Room for the wording of a cell's problem (cx__csv_parse_*). */
#define CX_CSV_WHAT_MAX 192

/* A finite number >= 0 (weights, dimension points) in the text of a field,
 * spaces around allowed; -0 reads as 0.  With @p empty_ok an empty field
 * gives NaN.  On failure returns CX_EPARSE ("<what> is not valid UTF-8")
 * or CX_ERANGE ("<what> is not a finite number >= 0") with that wording
 * in @p msg, for cx__csv_field_error(); the error record is not set. */
cx_status cx__csv_parse_nonneg(const char *p, size_t len, const char *what,
                               bool empty_ok, double *out,
                               char msg[CX_CSV_WHAT_MAX]);

/* How to read answers on a scale (cx__csv_parse_scale). */
typedef struct cx_csv_scale_cell {
  const cx_scale *scale;
  const char *na_text, *dk_text; /* comma-separated texts, or NULL */
  bool numeric_codes;            /* the scale's codes may stand as numbers */
  const char *what;              /* "score", "expectation answer" */
  const char *what_range;        /* in range errors: "nps score" */
} cx_csv_scale_cell;

/* An answer on a scale in the text of a field: a whole point of the
 * scale, NaN for a missing value (CX_CSV_MISSING_SCALE), the scale's N/A
 * or don't-know code (NaN without one) for the texts of na_text and
 * dk_text.  A number equal to a code is out of the scale unless
 * numeric_codes is set.  Fails like cx__csv_parse_nonneg(). */
cx_status cx__csv_parse_scale(const cx_csv_scale_cell *how, const char *p,
                              size_t len, double *out,
                              char msg[CX_CSV_WHAT_MAX]);

#endif
