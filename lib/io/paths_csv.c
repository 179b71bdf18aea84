/*
 * Event-log CSV reader (cx_paths_read_csv, cx_paths_read_csv_buffer) and
 * the timestamp parser (cx_paths_parse_timestamp).
 *
 * Rows go into a copy of the caller's log, which replaces it only when the
 * whole input has been read, so a failure leaves the caller's log as it
 * was.  Every field is checked here, where the line and column are known.
 * Timestamps are parsed with integer arithmetic only (no strtod, no
 * time zone database, no locale), so 1969-12-31T23:59:59.999999Z is
 * exactly -1 microsecond on every platform.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../paths_internal.h"
#include "csv.h"

#define NONE SIZE_MAX
#define TS_MIN INT64_C(-62167219200000000)
#define TS_MAX INT64_C(253402300799999999)

/* ---- timestamps ---------------------------------------------------------- */

static bool is_blank(char c) { return c == ' ' || c == '\t'; }

static void trim(const char **p, size_t *len) {
  const char *s = *p;
  size_t n = *len;
  while (n && is_blank(*s)) {
    s++;
    n--;
  }
  while (n && is_blank(s[n - 1]))
    n--;
  *p = s;
  *len = n;
}

static bool digit(char c) { return c >= '0' && c <= '9'; }

/* Exactly @p n digits at p[*i]. */
static bool digits(const char *p, size_t len, size_t *i, int n, int *out) {
  int v = 0;
  for (int k = 0; k < n; k++) {
    if (*i >= len || !digit(p[*i]))
      return false;
    v = v * 10 + (p[(*i)++] - '0');
  }
  *out = v;
  return true;
}

static bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int month_days(int y, int m) {
  static const int d[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && leap(y) ? 29 : d[m - 1];
}

/* Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar
 * (the civil-from-days inversion of H. Hinnant's chrono algorithms). */
static int64_t days_from_civil(int64_t y, int m, int d) {
  y -= m <= 2;
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  int64_t yoe = y - era * 400;
  int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

typedef struct ts_error {
  cx_status status;
  const char *why;
} ts_error;

static ts_error ts_fail(cx_status st, const char *why) {
  return (ts_error){st, why};
}

static ts_error parse_iso(const char *p, size_t len, int64_t *out) {
  size_t i = 0;
  int y, mo, d, h = 0, mi = 0, s = 0, off = 0;
  if (!digits(p, len, &i, 4, &y) || i >= len || p[i++] != '-' ||
      !digits(p, len, &i, 2, &mo) || i >= len || p[i++] != '-' ||
      !digits(p, len, &i, 2, &d))
    return ts_fail(CX_EPARSE, "timestamp is not an ISO 8601 date "
                              "YYYY-MM-DD");
  if (mo < 1 || mo > 12 || d < 1 || d > month_days(y, mo))
    return ts_fail(CX_EPARSE, "timestamp has an impossible date");
  int64_t frac = 0;
  if (i < len) {
    if (p[i] != 'T' && p[i] != 't' && p[i] != ' ')
      return ts_fail(CX_EPARSE, "timestamp: expected 'T' or a space after "
                                "the date");
    i++;
    if (!digits(p, len, &i, 2, &h) || i >= len || p[i++] != ':' ||
        !digits(p, len, &i, 2, &mi))
      return ts_fail(CX_EPARSE, "timestamp: expected a time hh:mm");
    if (i < len && p[i] == ':') {
      i++;
      if (!digits(p, len, &i, 2, &s))
        return ts_fail(CX_EPARSE, "timestamp: expected seconds ss");
      if (i < len && (p[i] == '.' || p[i] == ',')) {
        i++;
        int nd = 0;
        while (i < len && digit(p[i])) {
          if (nd < 6)
            frac = frac * 10 + (p[i] - '0');
          nd++;
          i++;
        }
        if (nd == 0 || nd > 9)
          return ts_fail(CX_EPARSE, "timestamp: a fraction of a second has "
                                    "1 to 9 digits");
        for (; nd < 6; nd++)
          frac *= 10;
      }
    }
    if (h > 23 || mi > 59 || s > 59)
      return ts_fail(CX_EPARSE, "timestamp has an impossible time of day");
    if (i < len) {
      if (p[i] == 'Z' || p[i] == 'z') {
        i++;
      } else if (p[i] == '+' || p[i] == '-') {
        int sign = p[i++] == '-' ? -1 : 1, oh, om = 0;
        if (!digits(p, len, &i, 2, &oh))
          return ts_fail(CX_EPARSE, "timestamp: bad UTC offset");
        if (i < len && p[i] == ':')
          i++;
        if (i < len && !digits(p, len, &i, 2, &om))
          return ts_fail(CX_EPARSE, "timestamp: bad UTC offset");
        if (oh > 23 || om > 59)
          return ts_fail(CX_EPARSE, "timestamp: impossible UTC offset");
        off = sign * (oh * 60 + om);
      }
    }
  }
  if (i != len)
    return ts_fail(CX_EPARSE, "timestamp has unexpected text at its end");
  int64_t secs = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s -
                 (int64_t)off * 60;
  int64_t v = secs * 1000000 + frac;
  if (v < TS_MIN || v > TS_MAX)
    return ts_fail(CX_ERANGE, "timestamp is outside the years 0000-9999");
  *out = v;
  return ts_fail(CX_OK, NULL);
}

/* A decimal number of units of @p scale microseconds, exactly. */
static ts_error parse_epoch(const char *p, size_t len, int64_t scale,
                            int64_t *out) {
  size_t i = 0;
  bool neg = false;
  if (i < len && (p[i] == '-' || p[i] == '+'))
    neg = p[i++] == '-';
  int64_t whole = 0;
  size_t start = i;
  while (i < len && digit(p[i])) {
    if (whole > (INT64_MAX - 9) / 10)
      return ts_fail(CX_ERANGE, "timestamp number is too large");
    whole = whole * 10 + (p[i++] - '0');
  }
  bool any = i > start;
  int64_t frac = 0, unit = scale;
  if (i < len && p[i] == '.' && scale > 1) {
    i++;
    while (i < len && digit(p[i])) {
      if (unit > 1) {
        unit /= 10;
        frac += (p[i] - '0') * unit;
      }
      any = true;
      i++;
    }
  }
  if (!any || i != len)
    return ts_fail(CX_EPARSE, scale == 1 ? "timestamp is not a whole number "
                                           "of microseconds"
                                         : "timestamp is not a number");
  if (whole > TS_MAX / scale + 1)
    return ts_fail(CX_ERANGE, "timestamp is outside the years 0000-9999");
  int64_t v = whole * scale + frac;
  if (neg)
    v = -v;
  if (v < TS_MIN || v > TS_MAX)
    return ts_fail(CX_ERANGE, "timestamp is outside the years 0000-9999");
  *out = v;
  return ts_fail(CX_OK, NULL);
}

bool p_csv_looks_iso(const char *p, size_t len) {
  size_t i = 0;
  while (i < len && !digit(p[i]))
    i++;
  for (; i < len; i++)
    if (p[i] == '-' || p[i] == 'T' || p[i] == ':')
      return true;
  return false;
}

static ts_error parse_ts(const char *p, size_t len, cx_paths_time_format f,
                         int64_t *out) {
  trim(&p, &len);
  if (len == 0)
    return ts_fail(CX_EPARSE, "timestamp is empty");
  if (f == CX_PATHS_TIME_AUTO)
    f = p_csv_looks_iso(p, len) ? CX_PATHS_TIME_ISO8601 : CX_PATHS_TIME_EPOCH_S;
  switch (f) {
  case CX_PATHS_TIME_ISO8601: return parse_iso(p, len, out);
  case CX_PATHS_TIME_EPOCH_S: return parse_epoch(p, len, 1000000, out);
  case CX_PATHS_TIME_EPOCH_MS: return parse_epoch(p, len, 1000, out);
  case CX_PATHS_TIME_EPOCH_US: return parse_epoch(p, len, 1, out);
  case CX_PATHS_TIME_AUTO: break;
  }
  return ts_fail(CX_EINVAL, "unknown timestamp format");
}

CX_API cx_status cx_paths_parse_timestamp(const char *text, size_t len,
                                          cx_paths_time_format format,
                                          int64_t *out) {
  if (!text || !out)
    return cx__error(CX_EINVAL, "cx_paths_parse_timestamp: NULL argument");
  if ((unsigned)format > CX_PATHS_TIME_EPOCH_US)
    return cx__error(CX_EINVAL, "cx_paths_parse_timestamp: unknown format %d",
                     (int)format);
  ts_error e = parse_ts(text, len, format, out);
  if (e.status)
    return cx__error_at(e.status, NULL, 0, 0, text, len, "%s", e.why);
  return CX_OK;
}

/* ---- the reader ------------------------------------------------------------ */

typedef struct reader {
  cx_csv *csv;
  const char *name;
  cx_paths_log *log; /* the copy rows go to */
  const cx_paths_csv_options *o;
  cx_paths_time_format fmt;
  size_t ncols;
  char *header;
  cx_csv_field *hdr;
  size_t c_case, c_tp, c_ts, c_ch, c_val, c_out, c_seg;
  uint32_t conv_tp;  /* code of the conversion touchpoint, or P_NONE */
  uint32_t prev_tp, prev_seg;
  uint64_t header_end; /* line where the header ends */
} reader;

static cx_status err_field(const reader *r, const cx_csv_record *rec,
                           cx_status st, size_t col, const char *what) {
  const cx_csv_field *f = &rec->field[col];
  return cx__error_at(st, r->name, f->line, f->column, f->ptr, f->len,
                      "%s in column '%s'", what, r->hdr[col].ptr);
}

/* Re-raise the library's last error with the field's place. */
static cx_status err_again(const reader *r, const cx_csv_record *rec,
                           cx_status st, size_t col) {
  if (st == CX_ENOMEM)
    return st;
  char why[512];
  snprintf(why, sizeof why, "%s", cx_error_last());
  const cx_csv_field *f = &rec->field[col];
  return cx__error_at(st == CX_EINVAL ? CX_EPARSE : st, r->name, f->line,
                      f->column, f->ptr, f->len, "%s", why);
}

static bool same_nocase(const char *a, size_t alen, const char *b) {
  size_t blen = strlen(b);
  if (alen != blen)
    return false;
  for (size_t i = 0; i < alen; i++) {
    char x = a[i];
    if (x >= 'A' && x <= 'Z')
      x = (char)(x + 32);
    if (x != b[i])
      return false;
  }
  return true;
}

static cx_status keep_header(reader *r, const cx_csv_record *rec) {
  size_t total = 0;
  for (size_t i = 0; i < rec->n; i++)
    total += rec->field[i].len + 1;
  r->header = cx__malloc(total);
  r->hdr = cx__malloc(rec->n * sizeof *r->hdr);
  if (!r->header || !r->hdr)
    return cx__enomem();
  char *w = r->header;
  for (size_t i = 0; i < rec->n; i++) {
    const char *p = rec->field[i].ptr;
    size_t len = rec->field[i].len;
    trim(&p, &len);
    memcpy(w, p, len);
    w[len] = '\0';
    r->hdr[i] = rec->field[i];
    r->hdr[i].ptr = w;
    r->hdr[i].len = len;
    w += len + 1;
  }
  r->ncols = rec->n;
  return CX_OK;
}

static cx_status find_column(const reader *r, const char *name, bool required,
                             const char *what, size_t *out) {
  *out = NONE;
  if (!name)
    return CX_OK;
  size_t len = strlen(name);
  for (size_t i = 0; i < r->ncols; i++) {
    if (r->hdr[i].len != len || memcmp(r->hdr[i].ptr, name, len) != 0)
      continue;
    if (*out != NONE)
      return cx__error_at(CX_EPARSE, r->name, r->hdr[i].line,
                          r->hdr[i].column, name, len,
                          "column appears twice in the header");
    *out = i;
  }
  if (*out == NONE && required)
    return cx__error_at(CX_EPARSE, r->name, 1, 1, name, len,
                        "the header has no %s column", what);
  return CX_OK;
}

static cx_status setup(reader *r, const cx_csv_record *rec) {
  const cx_paths_csv_options *o = r->o;
  bool opt = o->require_optional != 0;
  cx_status st = keep_header(r, rec);
  if (st || (st = find_column(r, o->case_column, true, "case", &r->c_case)) ||
      (st = find_column(r, o->touchpoint_column, true, "touchpoint",
                        &r->c_tp)) ||
      (st = find_column(r, o->timestamp_column, true, "timestamp",
                        &r->c_ts)) ||
      (st = find_column(r, o->channel_column, opt, "channel", &r->c_ch)) ||
      (st = find_column(r, o->value_column, opt, "value", &r->c_val)) ||
      (st = find_column(r, o->outcome_column, opt, "outcome", &r->c_out)) ||
      (st = find_column(r, o->segment_column, opt, "segment", &r->c_seg)))
    return st;
  const size_t col[] = {r->c_case, r->c_tp, r->c_ts, r->c_ch,
                        r->c_val,  r->c_out, r->c_seg};
  for (size_t i = 0; i < 7; i++)
    for (size_t j = i + 1; j < 7; j++)
      if (col[i] != NONE && col[i] == col[j]) {
        const cx_csv_field *h = &r->hdr[col[i]];
        return cx__error_at(CX_EINVAL, r->name, h->line, h->column, h->ptr,
                            h->len, "one column cannot play two parts");
      }
  return CX_OK;
}

static cx_status check_width(const reader *r, const cx_csv_record *rec) {
  if (rec->n == r->ncols)
    return CX_OK;
  if (rec->n < r->ncols)
    return cx__error_at(CX_EPARSE, r->name, rec->end_line, rec->end_column,
                        NULL, 0, "short row: %zu fields, the header has %zu",
                        rec->n, r->ncols);
  const cx_csv_field *f = &rec->field[r->ncols];
  return cx__error_at(CX_EPARSE, r->name, f->line, f->column, f->ptr, f->len,
                      "long row: %zu fields, the header has %zu", rec->n,
                      r->ncols);
}

static bool is_decimal(const char *p, size_t len) {
  size_t i = 0;
  bool any = false;
  if (i < len && (p[i] == '+' || p[i] == '-'))
    i++;
  while (i < len && digit(p[i])) {
    i++;
    any = true;
  }
  if (i < len && p[i] == '.')
    for (i++; i < len && digit(p[i]); i++)
      any = true;
  if (!any)
    return false;
  if (i < len && (p[i] == 'e' || p[i] == 'E')) {
    i++;
    if (i < len && (p[i] == '+' || p[i] == '-'))
      i++;
    if (!(i < len && digit(p[i])))
      return false;
    while (i < len && digit(p[i]))
      i++;
  }
  return i == len;
}

static cx_status read_value(const reader *r, const cx_csv_record *rec,
                            double *out) {
  const char *p = rec->field[r->c_val].ptr;
  size_t len = rec->field[r->c_val].len;
  trim(&p, &len);
  *out = NAN;
  if (len == 0)
    return CX_OK;
  char tmp[64];
  if (!is_decimal(p, len) || len >= sizeof tmp)
    return err_field(r, rec, CX_EPARSE, r->c_val, "value is not a number");
  memcpy(tmp, p, len);
  tmp[len] = '\0';
  double v = strtod(tmp, NULL);
  if (!isfinite(v))
    return err_field(r, rec, CX_ERANGE, r->c_val, "value is out of range");
  *out = v;
  return CX_OK;
}

static cx_status read_outcome(const reader *r, const cx_csv_record *rec,
                              int *out) {
  const char *p = rec->field[r->c_out].ptr;
  size_t len = rec->field[r->c_out].len;
  trim(&p, &len);
  static const char *const yes[] = {"1", "true", "yes", "conversion",
                                    "converted"};
  static const char *const no[] = {"0", "false", "no"};
  *out = 0;
  if (len == 0)
    return CX_OK;
  if (len == 1 && (*p == '0' || *p == '1')) {
    *out = *p == '1';
    return CX_OK;
  }
  for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
    if (same_nocase(p, len, yes[i])) {
      *out = 1;
      return CX_OK;
    }
  for (size_t i = 0; i < sizeof no / sizeof *no; i++)
    if (same_nocase(p, len, no[i]))
      return CX_OK;
  return err_field(r, rec, CX_EPARSE, r->c_out,
                   "outcome is not one of 1, true, yes, conversion, "
                   "converted, 0, false, no or empty");
}

static cx_status read_touchpoint(reader *r, const cx_csv_record *rec,
                                 uint32_t *out) {
  const char *p = rec->field[r->c_tp].ptr;
  size_t len = rec->field[r->c_tp].len;
  trim(&p, &len);
  const cx_names *n = &r->log->tps;
  if (r->prev_tp != P_NONE && n->len[r->prev_tp] == len &&
      memcmp(n->name[r->prev_tp], p, len) == 0) {
    *out = r->prev_tp;
  } else {
    size_t k = cx__names_find(n, p, len);
    if (k == SIZE_MAX) {
      if (len == 0)
        return err_field(r, rec, CX_EPARSE, r->c_tp, "empty touchpoint");
      uint32_t code;
      cx_status st = p_log_touchpoint(r->log, p, len, NULL, 0, &code);
      if (st)
        return err_again(r, rec, st, r->c_tp);
      k = code;
    }
    *out = r->prev_tp = (uint32_t)k;
  }
  if (r->c_ch != NONE && !r->log->tp_channel[*out]) {
    const char *c = rec->field[r->c_ch].ptr;
    size_t clen = rec->field[r->c_ch].len;
    trim(&c, &clen);
    if (clen && !cx__utf8_valid(c, clen))
      return err_field(r, rec, CX_EPARSE, r->c_ch,
                       "channel is not valid UTF-8");
    uint32_t same;
    cx_status st = p_log_touchpoint(r->log, r->log->tps.name[*out],
                                    r->log->tps.len[*out], c, clen, &same);
    if (st)
      return err_again(r, rec, st, r->c_ch);
  }
  return CX_OK;
}

static cx_status read_segment(reader *r, const cx_csv_record *rec,
                              uint32_t *out) {
  const char *p = rec->field[r->c_seg].ptr;
  size_t len = rec->field[r->c_seg].len;
  trim(&p, &len);
  const cx_names *n = &r->log->segs;
  if (r->prev_seg != P_NONE && n->len[r->prev_seg] == len &&
      memcmp(n->name[r->prev_seg], p, len) == 0) {
    *out = r->prev_seg;
    return CX_OK;
  }
  if (len == 0)
    return err_field(r, rec, CX_EPARSE, r->c_seg, "empty segment");
  size_t most = r->o->limits.max_names;
  if (most && n->count >= most && cx__names_find(n, p, len) == SIZE_MAX) {
    char what[96];
    snprintf(what, sizeof what, "%zu segments exceed the limit max_names = %zu",
             n->count + 1, most);
    return err_field(r, rec, CX_ERANGE, r->c_seg, what);
  }
  uint32_t code;
  cx_status st = p_log_segment(r->log, p, len, &code);
  if (st)
    return err_again(r, rec, st, r->c_seg);
  *out = r->prev_seg = code;
  return CX_OK;
}

static cx_status row(reader *r, const cx_csv_record *rec) {
  cx_status st;
  const cx_csv_field *cf = &rec->field[r->c_case];
  const char *id = cf->ptr;
  size_t id_len = cf->len;
  trim(&id, &id_len);
  if (id_len == 0)
    return err_field(r, rec, CX_EPARSE, r->c_case, "empty case id");
  if (id_len > P_NAME_MAX)
    return err_field(r, rec, CX_ERANGE, r->c_case, "case id longer than 4096 "
                                                   "bytes");
  /* The tokenizer has refused NUL bytes and text that is not UTF-8. */
  uint32_t tp = 0, seg = 0;
  if ((st = read_touchpoint(r, rec, &tp)))
    return st;
  const cx_csv_field *tf = &rec->field[r->c_ts];
  if (r->fmt == CX_PATHS_TIME_AUTO) {
    const char *p = tf->ptr;
    size_t len = tf->len;
    trim(&p, &len);
    r->fmt = p_csv_looks_iso(p, len) ? CX_PATHS_TIME_ISO8601 : CX_PATHS_TIME_EPOCH_S;
  }
  int64_t ts;
  ts_error e = parse_ts(tf->ptr, tf->len, r->fmt, &ts);
  if (e.status)
    return err_field(r, rec, e.status, r->c_ts, e.why);
  double value = NAN;
  int outcome = 0;
  if (r->c_val != NONE && (st = read_value(r, rec, &value)))
    return st;
  if (r->c_out != NONE && (st = read_outcome(r, rec, &outcome)))
    return st;
  if (tp == r->conv_tp)
    outcome = 1;
  if (r->c_seg != NONE && (st = read_segment(r, rec, &seg)))
    return st;
  if ((st = p_log_add_text(r->log, id, id_len, tp, ts, value, outcome, seg)))
    return err_again(r, rec, st, r->c_case);
  return CX_OK;
}

/* The header record: the columns. */
static cx_status run_header(reader *r) {
  cx_csv_record rec;
  bool eof;
  cx_status st = cx__csv_next(r->csv, &rec, &eof);
  if (st)
    return st;
  if (eof)
    return cx__error_at(CX_EPARSE, r->name, 1, 1, NULL, 0,
                        "empty file: no header");
  r->header_end = rec.end_line;
  return setup(r, &rec);
}

static cx_status run_rows(reader *r) {
  cx_csv_record rec;
  bool eof;
  cx_status st;
  uint64_t rows = 0;
  for (;;) {
    if ((st = cx__csv_next(r->csv, &rec, &eof)))
      return st;
    if (eof)
      break;
    rows++;
    if ((st = check_width(r, &rec)) || (st = row(r, &rec)))
      return st;
  }
  if (rows == 0)
    return cx__error_at(CX_EPARSE, r->name, r->header_end + 1, 1, NULL, 0,
                        "no data rows after the header");
  return CX_OK;
}

/* ---- the fast path --------------------------------------------------------- */

/* Inputs that may go through the fast path: a regular file (which can be
 * read again from the start, unlike standard input or a pipe) or a buffer,
 * whose one-line header has the case, touchpoint, timestamp and at most
 * an outcome column among those the options name. */
/* The longest row the fast path can accept: it gives up on names longer
 * than P_NAME_MAX and on any other long field, so a row of four fields
 * stays below this, and a max_record at least as large cannot be passed
 * by a row it takes. */
#define FAST_ROW_MAX ((size_t)4 * (P_NAME_MAX + 64))

static bool fast_eligible(const reader *r, const char *path) {
  struct stat sb;
  if (path && (!strcmp(path, "-") || stat(path, &sb) != 0 ||
               !S_ISREG(sb.st_mode)))
    return false;
  if (r->o->limits.max_record && r->o->limits.max_record < FAST_ROW_MAX)
    return false;
  return r->header_end == 1 && r->c_ch == NONE && r->c_val == NONE &&
         r->c_seg == NONE;
}

static bool fast(reader *r, const char *path, const char *data, size_t len) {
  p_csv_fast plan = {r->ncols,         r->c_case,    r->c_tp,
                     r->c_ts,          r->c_out,     r->o->delimiter,
                     r->o->time_format, r->conv_tp,  r->o->progress,
                     r->o->progress_ctx};
  return p_csv_fast_run(r->log, path, data, len, &plan);
}

/* Start over on a fresh copy of @p log: the log the rows go to with the
 * conversion touchpoint, the input opened and its header read. */
static cx_status start(reader *r, const cx_paths_log *log, const char *path,
                       const char *data, size_t len, const char *name) {
  const cx_paths_csv_options *o = r->o;
  cx_paths_log_free(r->log);
  r->log = NULL;
  cx__csv_close(r->csv);
  r->csv = NULL;
  cx__free(r->header);
  cx__free(r->hdr);
  r->header = NULL;
  r->hdr = NULL;
  r->fmt = o->time_format;
  r->c_case = r->c_tp = r->c_ts = r->c_ch = r->c_val = r->c_out = r->c_seg =
      NONE;
  r->conv_tp = r->prev_tp = r->prev_seg = P_NONE;
  cx_status st;
  if ((st = p_log_copy(&r->log, log)))
    return st;
  if (o->conversion_touchpoint && o->conversion_touchpoint[0] &&
      (st = p_log_touchpoint(r->log, o->conversion_touchpoint,
                             strlen(o->conversion_touchpoint), NULL, 0,
                             &r->conv_tp)))
    return st;
  st = path ? cx__csv_open_file(&r->csv, path, o->delimiter)
            : cx__csv_open_buffer(&r->csv, data, len, name, o->delimiter);
  if (st)
    return st;
  if ((st = cx__csv_set_limits(r->csv, o->limits.max_bytes,
                               o->limits.max_record, o->limits.max_columns)))
    return st;
  r->name = cx__csv_name(r->csv);
  if (o->progress)
    cx__csv_set_progress(r->csv, o->progress, o->progress_ctx);
  return run_header(r);
}

static cx_status check_options(const cx_paths_csv_options *o) {
  if (o->version != CX_PATHS_CSV_OPTIONS_VERSION)
    return cx__error(CX_EINVAL, "cx_paths_read_csv: options version %u, "
                                "expected %u",
                     o->version, CX_PATHS_CSV_OPTIONS_VERSION);
  if (!o->case_column || !o->touchpoint_column || !o->timestamp_column)
    return cx__error(CX_EINVAL, "cx_paths_read_csv: the case, touchpoint and "
                                "timestamp column names are required");
  if ((unsigned)o->time_format > CX_PATHS_TIME_EPOCH_US)
    return cx__error(CX_EINVAL, "cx_paths_read_csv: unknown time format %d",
                     (int)o->time_format);
  return CX_OK;
}

static cx_status read_any(cx_paths_log *log, const char *path,
                          const char *data, size_t len, const char *name,
                          const cx_paths_csv_options *options) {
  static const cx_paths_csv_options defaults = CX_PATHS_CSV_OPTIONS_INIT;
  const cx_paths_csv_options *o = options ? options : &defaults;
  cx_status st = check_options(o);
  if (st)
    return st;
  if (log->ids == P_IDS_CODES)
    return cx__error(CX_ESTATE, "cx_paths_read_csv: the log holds integer "
                                "case codes; a file has text case ids");
  reader r = {0};
  r.o = o;
  if ((st = start(&r, log, path, data, len, name)))
    goto done;
  /* The fast path reads the rows on its own; when it gives up, the
   * general reader reads the input again from the start. */
  if (fast_eligible(&r, path)) {
    if (fast(&r, path, data, len)) {
      p_log_swap(log, r.log);
      goto done;
    }
    if ((st = start(&r, log, path, data, len, name)))
      goto done;
  }
  if ((st = run_rows(&r)))
    goto done;
  p_log_swap(log, r.log);
done:
  cx__csv_close(r.csv);
  cx_paths_log_free(r.log);
  cx__free(r.header);
  cx__free(r.hdr);
  return st;
}

CX_API cx_status cx_paths_read_csv(cx_paths_log *log, const char *path,
                                   const cx_paths_csv_options *options) {
  if (!log || !path)
    return cx__error(CX_EINVAL, "cx_paths_read_csv: NULL argument");
  return read_any(log, path, NULL, 0, NULL, options);
}

CX_API cx_status cx_paths_read_csv_buffer(cx_paths_log *log, const char *data,
                                          size_t len, const char *name,
                                          const cx_paths_csv_options *options) {
  if (!log || (!data && len))
    return cx__error(CX_EINVAL, "cx_paths_read_csv_buffer: NULL argument");
  return read_any(log, NULL, data, len, name, options);
}
