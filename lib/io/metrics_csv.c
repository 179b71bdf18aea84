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
#include "csv_columns.h"

enum { BATCH = 4096 };
#define NONE CX_CSV_NONE

typedef struct reader {
  cx_csv_table t;        /* the input and its header */
  cx_metric_survey *dst; /* the caller's accumulator */
  cx_metric_survey *s;   /* the fresh one rows go to */
  const cx_metric_csv_options *o;
  cx_scale scale;
  const char *metric_name; /* "nps", "csat" or "ces" */
  const char *metric;      /* long: the metric column's text to read */
  cx_csv_scale_cell score; /* how scores are read */

  size_t c_score, c_metric, c_resp, c_seg, c_wt;
  bool long_layout;
  bool segmented;

  size_t prev_segment;
  char *segname; /* NUL-terminated copy of a new segment's name */
  size_t segname_cap;
  size_t new_segments;  /* segments created from the file */

  uint64_t read;  /* rows of the metric */
  size_t nb;
  double b_score[BATCH];
  uint32_t b_seg[BATCH];
  double b_wt[BATCH];
} reader;

/* ---- cells ------------------------------------------------------------ */

/* " (respondent r17)" for messages, or "" without a usable respondent. */
static void respondent_note(const reader *r, const cx_csv_record *rec,
                            char *buf, size_t size) {
  buf[0] = '\0';
  if (r->c_resp == NONE)
    return;
  const char *p;
  size_t len;
  cx__csv_text(rec, r->c_resp, &p, &len);
  cx__csv_respondent_note(buf, size, p, len, 0);
}

static cx_status err_field(const reader *r, const cx_csv_record *rec,
                           cx_status st, size_t col, const char *what) {
  char who[CX_CSV_RESPONDENT_SHOWN + 32];
  respondent_note(r, rec, who, sizeof who);
  return cx__csv_field_error(&r->t, st, &rec->field[col], col, what, who);
}

static cx_status read_score(reader *r, const cx_csv_record *rec,
                            double *out) {
  const cx_csv_field *f = &rec->field[r->c_score];
  char what[CX_CSV_WHAT_MAX];
  cx_status st = cx__csv_parse_scale(&r->score, f->ptr, f->len, out, what);
  return st ? err_field(r, rec, st, r->c_score, what) : CX_OK;
}

static cx_status read_weight(reader *r, const cx_csv_record *rec,
                             double *out) {
  const cx_csv_field *f = &rec->field[r->c_wt];
  char what[CX_CSV_WHAT_MAX];
  cx_status st =
      cx__csv_parse_nonneg(f->ptr, f->len, "weight", false, out, what);
  return st ? err_field(r, rec, st, r->c_wt, what) : CX_OK;
}

static cx_status read_segment(reader *r, const cx_csv_record *rec,
                              size_t *out) {
  const cx_csv_field *f = &rec->field[r->c_seg];
  const char *p;
  size_t len;
  cx__csv_text(rec, r->c_seg, &p, &len);
  /* Rows of one segment tend to come together: try the last hit first. */
  size_t k = cx__csv_find_name(&r->s->segments, &r->prev_segment, p, len);
  if (k == NONE) {
    if (len == 0)
      return err_field(r, rec, CX_EPARSE, r->c_seg, "empty segment name");
    if (!cx__utf8_valid(p, len))
      return err_field(r, rec, CX_EPARSE, r->c_seg,
                       "segment name is not valid UTF-8");
    if (memchr(p, '\0', len))
      return err_field(r, rec, CX_EPARSE, r->c_seg,
                       "segment name holds a NUL byte");
    /* Names the caller's survey has are not created from the file. */
    bool known = cx__names_find(&r->dst->segments, p, len) != SIZE_MAX;
    cx_status st = known ? CX_OK
                         : cx__csv_name_limit(&r->t, f, r->new_segments,
                                              "segments");
    if (st)
      return st;
    if (len + 1 > r->segname_cap) {
      char *b = cx__realloc(r->segname, len + 1);
      if (!b)
        return cx__enomem();
      r->segname = b;
      r->segname_cap = len + 1;
    }
    memcpy(r->segname, p, len);
    r->segname[len] = '\0';
    st = cx_metric_survey_add_segment(r->s, r->segname, &k);
    if (st) /* keep the accumulator's reason but add the place */
      return cx__csv_refused(&r->t, st, f, f->ptr, f->len);
    r->new_segments += !known;
    r->prev_segment = k;
  }
  *out = k;
  return CX_OK;
}

/* ---- header ------------------------------------------------------------- */

/* One header column cannot play two parts (say, scores and segments). */
static cx_status check_distinct(const reader *r) {
  const size_t col[] = {r->c_score, r->c_metric, r->c_seg, r->c_wt};
  static const char *const part[] = {"score", "metric", "segment", "weight"};
  for (size_t i = 0; i < 4; i++)
    for (size_t j = i + 1; j < 4; j++)
      if (col[i] != NONE && col[i] == col[j]) {
        const cx_csv_field *h = &r->t.col[col[i]];
        return cx__error_at(CX_EINVAL, r->t.name, h->line, h->column, h->ptr,
                            h->len, "one column cannot be both the %s and "
                            "the %s column",
                            part[i], part[j]);
      }
  return CX_OK;
}

static cx_status setup(void *ctx, const cx_csv_record *rec) {
  reader *r = ctx;
  const cx_metric_csv_options *o = r->o;
  cx_status st;
  (void)rec;
  if ((st = cx__csv_find_column(&r->t, o->respondent_column, &r->c_resp)) ||
      (st = cx__csv_find_column(&r->t, o->segment_column, &r->c_seg)) ||
      (st = cx__csv_find_column(&r->t, o->weight_column, &r->c_wt)) ||
      (st = cx__csv_find_column(&r->t, o->metric_column, &r->c_metric)))
    return st;
  cx_metric_csv_layout layout = o->layout;
  if (layout == CX_METRIC_CSV_AUTO)
    layout = r->c_metric != NONE ? CX_METRIC_CSV_LONG : CX_METRIC_CSV_WIDE;
  r->long_layout = layout == CX_METRIC_CSV_LONG;
  if (r->long_layout && r->c_metric == NONE)
    return cx__csv_missing_column(&r->t, "metric", o->metric_column);
  if (!r->long_layout)
    r->c_metric = NONE;
  const char *score = o->score_column
                          ? o->score_column
                          : r->long_layout ? "score" : r->metric_name;
  if ((st = cx__csv_find_column(&r->t, score, &r->c_score)))
    return st;
  if (r->c_score == NONE)
    return cx__csv_missing_column(&r->t, "score", score);
  if (o->require_segment && r->c_seg == NONE)
    return cx__csv_missing_column(&r->t, "segment", o->segment_column);
  if (o->require_weight && r->c_wt == NONE)
    return cx__csv_missing_column(&r->t, "weight", o->weight_column);
  if ((st = check_distinct(r)))
    return st;
  r->segmented = r->c_seg != NONE;
  if (!r->segmented && r->dst->segments.count)
    return cx__error_at(CX_EPARSE, r->t.name, 1, 1, NULL, 0,
                        "the accumulator has segments but the header has no "
                        "segment column '%s'",
                        o->segment_column ? o->segment_column : "");
  if (r->segmented && r->dst->segments.count == 0 && r->dst->has_data) {
    const cx_csv_field *h = &r->t.col[r->c_seg];
    return cx__error_at(CX_ESTATE, r->t.name, h->line, h->column, h->ptr,
                        h->len, "the accumulator holds unsegmented answers, "
                        "so a segment column cannot be read into it");
  }
  return CX_OK;
}

/* ---- rows --------------------------------------------------------------- */

/* Does a long row belong to the metric being read? */
static bool row_of_metric(const reader *r, const cx_csv_record *rec) {
  const char *p;
  size_t len;
  cx__csv_text(rec, r->c_metric, &p, &len);
  return cx__csv_same_nocase(p, len, r->metric, strlen(r->metric));
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

static cx_status row(void *ctx, const cx_csv_record *rec) {
  reader *r = ctx;
  if (r->long_layout && !row_of_metric(r, rec))
    return CX_OK;
  r->read++;
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
  static const char fn[] = "cx_metric_read_csv";
  cx_status st = cx__csv_check_options(
      fn, o->version, CX_METRIC_CSV_OPTIONS_VERSION, (int)o->layout);
  if (st)
    return st;
  if (o->layout == CX_METRIC_CSV_LONG && !o->metric_column)
    return cx__error(CX_EINVAL, "cx_metric_read_csv: the long layout needs "
                                "a metric column name");
  if ((st = cx__csv_check_required(fn, "segment", o->require_segment,
                                   o->segment_column)) ||
      (st = cx__csv_check_required(fn, "weight", o->require_weight,
                                   o->weight_column)))
    return st;
  return CX_OK;
}

static void reader_free(reader *r) {
  cx__csv_table_free(&r->t);
  cx_metric_survey_free(r->s);
  cx__free(r->segname);
  cx__free(r);
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
  r->score.scale = &r->scale;
  r->score.na_text = o->na_text;
  r->score.dk_text = o->dk_text;
  r->score.numeric_codes = o->numeric_codes;
  r->score.what = "score";
  char what_range[32];
  snprintf(what_range, sizeof what_range, "%s score", r->metric_name);
  r->score.what_range = what_range;
  r->c_score = r->c_metric = r->c_resp = r->c_seg = r->c_wt = NONE;
  r->prev_segment = NONE;
  if ((st = new_like(survey, &r->s)))
    goto done;
  const cx_csv_input in = {path, data, len, name, o->delimiter, o->progress,
                           o->progress_ctx, &o->limits};
  /* Rows go to a fresh accumulator, merged into the caller's at the end. */
  if ((st = cx__csv_table_read(&r->t, &in, setup, row, r)))
    goto done;
  if (r->read == 0) {
    const cx_csv_field *h = &r->t.col[r->c_metric];
    st = cx__error_at(CX_EPARSE, r->t.name, h->line, h->column, r->metric,
                      strlen(r->metric),
                      "no row has this metric in column '%s'", h->ptr);
    goto done;
  }
  if ((st = flush_batch(r)))
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
