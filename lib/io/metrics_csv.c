/*
 * NPS, CSAT and CES survey CSV reader (cx_metric_read_csv,
 * cx_metric_read_csv_buffer).
 *
 * Rows are loaded into a fresh accumulator of the same metric and scale,
 * merged into the caller's only when the whole input has been read, so a
 * failure leaves the caller's accumulator as it was.  Every score is
 * checked here, where the line and column are known, and then handed to
 * cx_metric_survey_add_batch() in column batches, which therefore cannot
 * fail on a value.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cx/io.h>

#include "../metrics_internal.h"
#include "csv.h"

enum { BATCH = 4096, RESPONDENT_SHOWN = 64 };
#define NONE SIZE_MAX

typedef struct reader {
  cx_csv *csv;
  const char *name;
  cx_metric_survey *dst; /* the caller's accumulator */
  cx_metric_survey *s;   /* the fresh one rows go to */
  const cx_metric_csv_options *o;
  cx_scale scale;
  const char *metric_name; /* "nps", "csat" or "ces" */
  const char *metric;      /* long: the metric column's text to read */

  size_t ncols;
  char *header;      /* the header record's text, for column names */
  cx_csv_field *hdr; /* header fields, pointing into header */
  size_t c_score, c_metric, c_resp, c_seg, c_wt;
  bool long_layout;
  bool segmented;

  size_t prev_segment;
  char *segname; /* NUL-terminated copy of a new segment's name */
  size_t segname_cap;

  size_t nb;
  double b_score[BATCH];
  uint32_t b_seg[BATCH];
  double b_wt[BATCH];
} reader;

/* ---- small helpers ------------------------------------------------------ */

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

static bool same_text_nocase(const char *a, size_t alen, const char *b,
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

/* Is the text one of the comma-separated entries of @p list? */
static bool in_list(const char *list, const char *p, size_t len) {
  if (!list)
    return false;
  while (*list) {
    const char *q = strchr(list, ',');
    size_t n = q ? (size_t)(q - list) : strlen(list);
    const char *item = list;
    size_t ilen = n;
    trim(&item, &ilen);
    if (ilen && same_text_nocase(item, ilen, p, len))
      return true;
    list += n + (q != NULL);
  }
  return false;
}

static const char *col_name(const reader *r, size_t col) {
  /* Header names were NUL-terminated when the header was copied. */
  return r->hdr[col].ptr;
}

/* " (respondent r17)" for messages, or "" without a usable respondent. */
static void respondent_note(const reader *r, const cx_csv_record *rec,
                            char *buf, size_t size) {
  buf[0] = '\0';
  if (r->c_resp == NONE)
    return;
  const char *p = rec->field[r->c_resp].ptr;
  size_t len = rec->field[r->c_resp].len;
  trim(&p, &len);
  if (len == 0 || !cx__utf8_valid(p, len))
    return;
  int shown = (int)(len < RESPONDENT_SHOWN ? len : RESPONDENT_SHOWN);
  snprintf(buf, size, " (respondent %.*s%s)", shown, p,
           len > RESPONDENT_SHOWN ? "..." : "");
}

static cx_status err_field(const reader *r, const cx_csv_record *rec,
                           cx_status st, size_t col, const char *what) {
  const cx_csv_field *f = &rec->field[col];
  char who[RESPONDENT_SHOWN + 32];
  respondent_note(r, rec, who, sizeof who);
  return cx__error_at(st, r->name, f->line, f->column, f->ptr, f->len,
                      "%s in column '%s'%s", what, col_name(r, col), who);
}

/* ---- field readers ------------------------------------------------------ */

static cx_status read_score(reader *r, const cx_csv_record *rec,
                            double *out) {
  const cx_csv_field *f = &rec->field[r->c_score];
  const char *p = f->ptr;
  size_t len = f->len;
  /* Fast path for the common one- and two-digit answers. */
  if (len == 1 && p[0] >= '0' && p[0] <= '9') {
    double v = p[0] - '0';
    if (v >= r->scale.min && v <= r->scale.max) {
      *out = v;
      return CX_OK;
    }
  }
  trim(&p, &len);
  static const char *const missing = "na,nan,null,missing";
  if (len == 0 || in_list(missing, p, len)) {
    *out = NAN;
    return CX_OK;
  }
  double v;
  if (!cx__parse_decimal(p, len, &v)) {
    const cx_scale *sc = &r->scale;
    if (in_list(r->o->na_text, p, len)) {
      *out = sc->has_na_code ? (double)sc->na_code : NAN;
      return CX_OK;
    }
    if (in_list(r->o->dk_text, p, len)) {
      *out = sc->has_dk_code ? (double)sc->dk_code : NAN;
      return CX_OK;
    }
    if (!cx__utf8_valid(f->ptr, f->len))
      return err_field(r, rec, CX_EPARSE, r->c_score,
                       "score is not valid UTF-8");
    return err_field(r, rec, CX_EPARSE, r->c_score,
                     "score is not a number");
  }
  const cx_scale *sc = &r->scale;
  bool code = (sc->has_na_code && v == (double)sc->na_code) ||
              (sc->has_dk_code && v == (double)sc->dk_code);
  cx_scale_answer_kind kind =
      code && !r->o->numeric_codes ? CX_SCALE_OUT_OF_SCALE
                                   : cx_scale_classify(sc, v);
  if (kind == CX_SCALE_OUT_OF_SCALE || kind == CX_SCALE_NON_INTEGER) {
    char what[128];
    snprintf(what, sizeof what, "%s score %s %d-%d", r->metric_name,
             kind == CX_SCALE_NON_INTEGER
                 ? "is not a whole point of the scale"
                 : "is outside the scale",
             (int)sc->min, (int)sc->max);
    return err_field(r, rec, CX_ERANGE, r->c_score, what);
  }
  *out = v;
  return CX_OK;
}

static cx_status read_weight(reader *r, const cx_csv_record *rec,
                             double *out) {
  const cx_csv_field *f = &rec->field[r->c_wt];
  const char *p = f->ptr;
  size_t len = f->len;
  if (len == 1 && p[0] == '1') {
    *out = 1.0;
    return CX_OK;
  }
  trim(&p, &len);
  double v;
  if (!cx__parse_decimal(p, len, &v)) {
    if (!cx__utf8_valid(f->ptr, f->len))
      return err_field(r, rec, CX_EPARSE, r->c_wt,
                       "weight is not valid UTF-8");
    return err_field(r, rec, CX_ERANGE, r->c_wt,
                     "weight is not a finite number >= 0");
  }
  if (!isfinite(v) || !(v >= 0.0))
    return err_field(r, rec, CX_ERANGE, r->c_wt,
                     "weight is not a finite number >= 0");
  *out = v + 0.0; /* -0 is 0 */
  return CX_OK;
}

static cx_status read_segment(reader *r, const cx_csv_record *rec,
                              size_t *out) {
  const cx_csv_field *f = &rec->field[r->c_seg];
  const char *p = f->ptr;
  size_t len = f->len;
  trim(&p, &len);
  const cx_names *names = &r->s->segments;
  /* Rows of one segment tend to come together: try the last hit first. */
  size_t k = NONE;
  if (r->prev_segment < names->count && names->len[r->prev_segment] == len &&
      memcmp(names->name[r->prev_segment], p, len) == 0)
    k = r->prev_segment;
  else
    k = cx__names_find(names, p, len);
  if (k == NONE) {
    if (len == 0)
      return err_field(r, rec, CX_EPARSE, r->c_seg, "empty segment name");
    if (!cx__utf8_valid(p, len))
      return err_field(r, rec, CX_EPARSE, r->c_seg,
                       "segment name is not valid UTF-8");
    if (memchr(p, '\0', len))
      return err_field(r, rec, CX_EPARSE, r->c_seg,
                       "segment name holds a NUL byte");
    if (len + 1 > r->segname_cap) {
      char *b = cx__realloc(r->segname, len + 1);
      if (!b)
        return cx__enomem();
      r->segname = b;
      r->segname_cap = len + 1;
    }
    memcpy(r->segname, p, len);
    r->segname[len] = '\0';
    cx_status st = cx_metric_survey_add_segment(r->s, r->segname, &k);
    if (st == CX_ENOMEM)
      return st;
    if (st) {
      /* Keep the accumulator's reason but add the place. */
      char why[256];
      snprintf(why, sizeof why, "%s", cx_error_last());
      return cx__error_at(st == CX_EINVAL ? CX_EPARSE : st, r->name, f->line,
                          f->column, f->ptr, f->len, "%s", why);
    }
  }
  r->prev_segment = k;
  *out = k;
  return CX_OK;
}

/* ---- header ------------------------------------------------------------- */

/* Keep a NUL-terminated, trimmed copy of every header name. */
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

/* Column of a header name, NONE when absent; a name used twice is an
 * error because either column could be meant. */
static cx_status find_column(const reader *r, const char *name, size_t *out) {
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
  return CX_OK;
}

static cx_status missing_column(const reader *r, const char *what,
                                const char *name) {
  return cx__error_at(CX_EPARSE, r->name, 1, 1, name, strlen(name),
                      "the header has no %s column", what);
}

/* One header column cannot play two parts (say, scores and segments). */
static cx_status check_distinct(const reader *r) {
  const size_t col[] = {r->c_score, r->c_metric, r->c_seg, r->c_wt};
  static const char *const part[] = {"score", "metric", "segment", "weight"};
  for (size_t i = 0; i < 4; i++)
    for (size_t j = i + 1; j < 4; j++)
      if (col[i] != NONE && col[i] == col[j]) {
        const cx_csv_field *h = &r->hdr[col[i]];
        return cx__error_at(CX_EINVAL, r->name, h->line, h->column, h->ptr,
                            h->len, "one column cannot be both the %s and "
                            "the %s column",
                            part[i], part[j]);
      }
  return CX_OK;
}

static cx_status setup(reader *r, const cx_csv_record *rec) {
  const cx_metric_csv_options *o = r->o;
  cx_status st = keep_header(r, rec);
  if (st)
    return st;
  if ((st = find_column(r, o->respondent_column, &r->c_resp)) ||
      (st = find_column(r, o->segment_column, &r->c_seg)) ||
      (st = find_column(r, o->weight_column, &r->c_wt)) ||
      (st = find_column(r, o->metric_column, &r->c_metric)))
    return st;
  cx_metric_csv_layout layout = o->layout;
  if (layout == CX_METRIC_CSV_AUTO)
    layout = r->c_metric != NONE ? CX_METRIC_CSV_LONG : CX_METRIC_CSV_WIDE;
  r->long_layout = layout == CX_METRIC_CSV_LONG;
  if (r->long_layout && r->c_metric == NONE)
    return missing_column(r, "metric", o->metric_column);
  if (!r->long_layout)
    r->c_metric = NONE;
  const char *score = o->score_column
                          ? o->score_column
                          : r->long_layout ? "score" : r->metric_name;
  if ((st = find_column(r, score, &r->c_score)))
    return st;
  if (r->c_score == NONE)
    return missing_column(r, "score", score);
  if (o->require_segment && r->c_seg == NONE)
    return missing_column(r, "segment", o->segment_column);
  if (o->require_weight && r->c_wt == NONE)
    return missing_column(r, "weight", o->weight_column);
  if ((st = check_distinct(r)))
    return st;
  r->segmented = r->c_seg != NONE;
  if (!r->segmented && r->dst->segments.count)
    return cx__error_at(CX_EPARSE, r->name, 1, 1, NULL, 0,
                        "the accumulator has segments but the header has no "
                        "segment column '%s'",
                        o->segment_column ? o->segment_column : "");
  if (r->segmented && r->dst->segments.count == 0 && r->dst->has_data) {
    const cx_csv_field *h = &r->hdr[r->c_seg];
    return cx__error_at(CX_ESTATE, r->name, h->line, h->column, h->ptr,
                        h->len, "the accumulator holds unsegmented answers, "
                        "so a segment column cannot be read into it");
  }
  return CX_OK;
}

/* ---- rows --------------------------------------------------------------- */

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

/* Does a long row belong to the metric being read? */
static bool row_of_metric(const reader *r, const cx_csv_record *rec) {
  const char *p = rec->field[r->c_metric].ptr;
  size_t len = rec->field[r->c_metric].len;
  trim(&p, &len);
  return same_text_nocase(p, len, r->metric, strlen(r->metric));
}

static cx_status flush_batch(reader *r) {
  if (r->nb == 0)
    return CX_OK;
  cx_array score = CX_ARRAY(r->b_score, CX_DTYPE_F64);
  cx_array seg = CX_ARRAY(r->b_seg, CX_DTYPE_U32);
  cx_array wt = CX_ARRAY(r->b_wt, CX_DTYPE_F64);
  cx_status st = cx_metric_survey_add_batch(r->s, r->nb, &score,
                                            r->segmented ? &seg : NULL,
                                            r->c_wt != NONE ? &wt : NULL);
  r->nb = 0;
  return st;
}

static cx_status row(reader *r, const cx_csv_record *rec) {
  double score = NAN, wt = 1.0;
  size_t seg = 0;
  cx_status st;
  if ((st = read_score(r, rec, &score)))
    return st;
  if (r->segmented && (st = read_segment(r, rec, &seg)))
    return st;
  if (r->c_wt != NONE && (st = read_weight(r, rec, &wt)))
    return st;
  size_t i = r->nb++;
  r->b_score[i] = score;
  r->b_seg[i] = (uint32_t)seg;
  r->b_wt[i] = wt;
  return r->nb == BATCH ? flush_batch(r) : CX_OK;
}

/* ---- driver ------------------------------------------------------------- */

static cx_status check_options(const cx_metric_csv_options *o) {
  if (o->version != CX_METRIC_CSV_OPTIONS_VERSION)
    return cx__error(CX_EINVAL, "cx_metric_read_csv: options version %u, "
                                "expected %u",
                     o->version, CX_METRIC_CSV_OPTIONS_VERSION);
  if (o->layout != CX_METRIC_CSV_AUTO && o->layout != CX_METRIC_CSV_LONG &&
      o->layout != CX_METRIC_CSV_WIDE)
    return cx__error(CX_EINVAL, "cx_metric_read_csv: unknown layout %d",
                     (int)o->layout);
  if (o->layout == CX_METRIC_CSV_LONG && !o->metric_column)
    return cx__error(CX_EINVAL, "cx_metric_read_csv: the long layout needs "
                                "a metric column name");
  if (o->require_segment && !o->segment_column)
    return cx__error(CX_EINVAL, "cx_metric_read_csv: require_segment "
                                "without a segment column name");
  if (o->require_weight && !o->weight_column)
    return cx__error(CX_EINVAL, "cx_metric_read_csv: require_weight without "
                                "a weight column name");
  return CX_OK;
}

static void reader_free(reader *r) {
  cx__csv_close(r->csv);
  cx_metric_survey_free(r->s);
  cx__free(r->header);
  cx__free(r->hdr);
  cx__free(r->segname);
  cx__free(r);
}

static cx_status run(reader *r) {
  cx_csv_record rec;
  bool eof;
  cx_status st = cx__csv_next(r->csv, &rec, &eof);
  if (st)
    return st;
  if (eof)
    return cx__error_at(CX_EPARSE, r->name, 1, 1, NULL, 0,
                        "empty file: no header");
  if ((st = setup(r, &rec)))
    return st;
  uint64_t header_end = rec.end_line;
  uint64_t rows = 0, read = 0;
  for (;;) {
    if ((st = cx__csv_next(r->csv, &rec, &eof)))
      return st;
    if (eof)
      break;
    rows++;
    if ((st = check_width(r, &rec)))
      return st;
    if (r->long_layout && !row_of_metric(r, &rec))
      continue;
    read++;
    if ((st = row(r, &rec)))
      return st;
  }
  if (rows == 0)
    return cx__error_at(CX_EPARSE, r->name, header_end + 1, 1, NULL, 0,
                        "no data rows after the header");
  if (read == 0) {
    const cx_csv_field *h = &r->hdr[r->c_metric];
    return cx__error_at(CX_EPARSE, r->name, h->line, h->column, r->metric,
                        strlen(r->metric),
                        "no row has this metric in column '%s'",
                        col_name(r, r->c_metric));
  }
  return flush_batch(r);
}

static cx_status new_like(const cx_metric_survey *dst, cx_metric_survey **out) {
  switch (dst->kind) {
  case CX_METRIC_NPS: return cx_metric_survey_new_nps(out, &dst->scale);
  case CX_METRIC_CSAT: return cx_metric_survey_new_csat(out, &dst->scale);
  case CX_METRIC_CES:
    return cx_metric_survey_new_ces(out, dst->ces, &dst->scale);
  }
  return cx__error(CX_EINVAL, "metric kind %d is unknown", (int)dst->kind);
}

static cx_status read_any(cx_metric_survey *survey, const char *path,
                          const char *data, size_t len, const char *name,
                          const cx_metric_csv_options *options) {
  static const cx_metric_csv_options defaults = CX_METRIC_CSV_OPTIONS_INIT;
  const cx_metric_csv_options *o = options ? options : &defaults;
  cx_status st = check_options(o);
  if (st)
    return st;
  reader *r = cx__calloc(1, sizeof *r);
  if (!r)
    return cx__enomem();
  r->o = o;
  r->dst = survey;
  r->scale = survey->scale;
  r->metric_name = cx_metric_kind_name(survey->kind);
  r->metric = o->metric ? o->metric : r->metric_name;
  r->c_score = r->c_metric = r->c_resp = r->c_seg = r->c_wt = NONE;
  r->prev_segment = NONE;
  if ((st = new_like(survey, &r->s)))
    goto done;
  st = path ? cx__csv_open_file(&r->csv, path, o->delimiter)
            : cx__csv_open_buffer(&r->csv, data, len, name, o->delimiter);
  if (st)
    goto done;
  r->name = cx__csv_name(r->csv);
  if (o->progress)
    cx__csv_set_progress(r->csv, o->progress, o->progress_ctx);
  if ((st = run(r)))
    goto done;
  st = cx_metric_survey_merge(survey, r->s);
done:
  reader_free(r);
  return st;
}

CX_API cx_status cx_metric_read_csv(cx_metric_survey *survey,
                                    const char *path,
                                    const cx_metric_csv_options *options) {
  if (!survey || !path)
    return cx__error(CX_EINVAL, "cx_metric_read_csv: NULL argument");
  return read_any(survey, path, NULL, 0, NULL, options);
}

CX_API cx_status cx_metric_read_csv_buffer(
    cx_metric_survey *survey, const char *data, size_t len, const char *name,
    const cx_metric_csv_options *options) {
  if (!survey || (!data && len))
    return cx__error(CX_EINVAL, "cx_metric_read_csv_buffer: NULL argument");
  return read_any(survey, NULL, data, len, name, options);
}
