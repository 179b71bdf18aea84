/*
 * Kano survey CSV reader (cx_kano_read_csv, cx_kano_read_csv_buffer).
 *
 * Rows are loaded into a fresh survey that is merged into the caller's
 * only when the whole input has been read, so a failure leaves the
 * caller's survey as it was.  Without a respondent filter, long rows are
 * collected into column batches for cx_kano_survey_add_batch(); with one,
 * each respondent's rows are gathered and added whole.  Answer texts repeat
 * endlessly (a handful of wordings), so they are looked up once and then
 * served from a small cache keyed by their raw bytes.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cx/io.h>

#include "../kano_internal.h"
#include "csv_columns.h"

enum { BATCH = 4096, LCACHE = 64, LCACHE_TEXT = 48 };
#define NONE CX_CSV_NONE

typedef struct label_slot {
  uint8_t len;   /* 0: empty slot (empty text never reaches the cache) */
  uint8_t answer;
  char text[LCACHE_TEXT];
} label_slot;

/* One feature of a wide file: its columns and index in the survey. */
typedef struct wide_feature {
  size_t index;
  size_t fun_col, dys_col, imp_col;
  const char *name; /* into the header copy */
  size_t name_len;
} wide_feature;

typedef struct reader {
  cx_csv_table t;       /* the input and its header */
  cx_kano_survey *s;
  const cx_kano_survey *dst; /* the caller's survey */
  const cx_kano_csv_options *o;
  const cx_kano_labels *labels;
  uint8_t digit[6];
  label_slot lcache[LCACHE];

  size_t c_resp, c_feat, c_fun, c_dys, c_imp, c_seg, c_wt;
  bool segmented;       /* rows carry a segment */

  size_t prev_feature;
  size_t prev_segment;
  size_t new_features;  /* names created from the file */
  size_t new_segments;

  /* long layout, no filter: column batches */
  size_t nb;
  uint32_t b_feat[BATCH];
  uint8_t b_fun[BATCH];
  uint8_t b_dys[BATCH];
  uint32_t b_seg[BATCH];
  double b_wt[BATCH];
  double b_imp[BATCH];

  /* respondent-wise input (wide, or long with a filter) */
  size_t rcap;
  uint8_t *r_fun, *r_dys, *r_seen;
  double *r_imp;
  bool any_imp;
  char *cur_resp;       /* current respondent of a long file, owned */
  size_t cur_resp_len;
  size_t cur_resp_cap;
  bool have_resp;
  uint64_t cur_line;
  size_t cur_seg;
  double cur_wt;
  cx_names seen;        /* respondents already added (long + filter) */

  wide_feature *wf;
  size_t nwf;
} reader;

/* ---- small helpers ------------------------------------------------------ */

static cx_status err_at(const reader *r, cx_status st, const cx_csv_field *f,
                        const char *what, size_t col) {
  return cx__csv_field_error(&r->t, st, f, col, what, "");
}

/* A decimal number such as "3", "0.5" or "1e-3" (cx__parse_decimal());
 * spaces around it are allowed.
 * Returns 0 for a number, 1 for text that is not one. */
static int parse_number(const char *p, size_t len, double *out) {
  cx__csv_trim(&p, &len);
  return cx__parse_decimal(p, len, out) ? 0 : 1;
}

/* ---- field readers ------------------------------------------------------ */

static cx_status read_answer(reader *r, const cx_csv_field *f, size_t col,
                             uint8_t *out) {
  const char *p = f->ptr;
  size_t len = f->len;
  if (len == 1 && p[0] >= '1' && p[0] <= '5') {
    *out = r->digit[p[0] - '0'];
    return CX_OK;
  }
  if (len == 0) {
    *out = CX_KANO_ANSWER_MISSING;
    return CX_OK;
  }
  label_slot *slot = NULL;
  if (len < LCACHE_TEXT) {
    unsigned h = (unsigned)len * 31u + (unsigned char)p[0] * 7u +
                 (unsigned char)p[len - 1] + (unsigned char)p[len / 2] * 3u;
    slot = &r->lcache[h % LCACHE];
    if (slot->len == len && memcmp(slot->text, p, len) == 0) {
      *out = slot->answer;
      return CX_OK;
    }
  }
  if (!cx__utf8_valid(p, len))
    return err_at(r, CX_EPARSE, f, "answer is not valid UTF-8", col);
  cx_kano_answer a;
  cx_status st = cx_kano_labels_parse(r->labels, p, len, &a);
  if (st == CX_EPARSE)
    return err_at(r, CX_EPARSE, f, "unknown Kano answer", col);
  if (st != CX_OK)
    return st;
  if (slot) {
    slot->len = (uint8_t)len;
    slot->answer = (uint8_t)a;
    memcpy(slot->text, p, len);
  }
  *out = (uint8_t)a;
  return CX_OK;
}

static cx_status read_importance(reader *r, const cx_csv_field *f, size_t col,
                                 double *out) {
  if (parse_number(f->ptr, f->len, out) != 0) {
    if (cx__csv_is_missing(f->ptr, f->len, CX_CSV_MISSING_KANO)) {
      *out = NAN;
      return CX_OK;
    }
    if (!cx__utf8_valid(f->ptr, f->len))
      return err_at(r, CX_EPARSE, f, "importance is not valid UTF-8", col);
    return err_at(r, CX_EPARSE, f, "importance is not a number", col);
  }
  if (!isfinite(*out))
    return err_at(r, CX_ERANGE, f, "importance is not finite", col);
  return CX_OK;
}

static cx_status read_weight(reader *r, const cx_csv_field *f, double *out) {
  char what[CX_CSV_WHAT_MAX];
  cx_status st =
      cx__csv_parse_nonneg(f->ptr, f->len, "weight", false, out, what);
  return st ? err_at(r, st, f, what, r->c_wt) : CX_OK;
}

static cx_status read_name(reader *r, const cx_csv_field *f, size_t col,
                           bool segment, size_t *out) {
  const char *p = f->ptr;
  size_t len = f->len;
  cx__csv_trim(&p, &len);
  cx_names *names = segment ? &r->s->segments : &r->s->features;
  size_t *prev = segment ? &r->prev_segment : &r->prev_feature;
  size_t k = cx__csv_find_name(names, prev, p, len);
  if (k == NONE) {
    const char *what = segment ? "segment" : "feature";
    if (len == 0)
      return cx__error_at(CX_EPARSE, r->t.name, f->line, f->column, NULL, 0,
                          "empty %s name in column '%s'", what,
                          cx__csv_col_name(&r->t, col));
    if (!cx__utf8_valid(p, len))
      return cx__error_at(CX_EPARSE, r->t.name, f->line, f->column, p, len,
                          "%s name is not valid UTF-8 in column '%s'", what,
                          cx__csv_col_name(&r->t, col));
    /* Names the caller's survey has are not created from the file. */
    bool known = cx__names_find(segment ? &r->dst->segments
                                        : &r->dst->features,
                                p, len) != SIZE_MAX;
    size_t *created = segment ? &r->new_segments : &r->new_features;
    cx_status st = known ? CX_OK
                         : cx__csv_name_limit(&r->t, f, *created,
                                              segment ? "segments"
                                                      : "features");
    if (st)
      return st;
    st = segment ? cx__kano_survey_intern_segment(r->s, p, len, &k)
                 : cx__kano_survey_intern_feature(r->s, p, len, &k);
    if (st != CX_OK) /* keep the survey's reason but add the place */
      return cx__csv_refused(&r->t, st, f, p, len);
    *created += !known;
  }
  *prev = k;
  *out = k;
  return CX_OK;
}

/* ---- header ------------------------------------------------------------- */

static bool ends_with(const char *s, size_t len, const char *suffix,
                      size_t *prefix_len) {
  size_t n = strlen(suffix);
  if (n == 0 || len <= n || memcmp(s + len - n, suffix, n) != 0)
    return false;
  *prefix_len = len - n;
  return true;
}

/* Kind of a wide column: 0 functional, 1 dysfunctional, 2 importance,
 * -1 other, with the feature name's length in *plen.  The longer of the
 * two answer suffixes is tried first in case one ends with the other. */
static int classify(const char *s, size_t len, const char *const sfx[3],
                    size_t *plen) {
  int first = strlen(sfx[1]) > strlen(sfx[0]) ? 1 : 0;
  if (ends_with(s, len, sfx[first], plen))
    return first;
  if (ends_with(s, len, sfx[1 - first], plen))
    return 1 - first;
  if (sfx[2] && ends_with(s, len, sfx[2], plen))
    return 2;
  return -1;
}

static wide_feature *find_wide(reader *r, const char *p, size_t len) {
  for (size_t k = 0; k < r->nwf; k++)
    if (r->wf[k].name_len == len && memcmp(r->wf[k].name, p, len) == 0)
      return &r->wf[k];
  return NULL;
}

static cx_status setup_wide(reader *r) {
  const cx_kano_csv_options *o = r->o;
  if (!o->functional_suffix || !o->dysfunctional_suffix ||
      !*o->functional_suffix || !*o->dysfunctional_suffix)
    return cx__error(CX_EINVAL, "cx_kano_read_csv: the wide layout needs "
                                "functional and dysfunctional suffixes");
  r->wf = cx__calloc(r->t.ncols ? r->t.ncols : 1, sizeof *r->wf);
  if (!r->wf)
    return cx__enomem();
  const char *const sfx[3] = {o->functional_suffix, o->dysfunctional_suffix,
                              o->importance_suffix};
  /* First pass: features in the order of their functional columns. */
  for (size_t c = 0; c < r->t.ncols; c++) {
    if (c == r->c_resp || c == r->c_seg || c == r->c_wt)
      continue;
    const cx_csv_field *h = &r->t.col[c];
    size_t plen;
    if (classify(h->ptr, h->len, sfx, &plen) != 0)
      continue;
    if (!cx__utf8_valid(h->ptr, plen))
      return cx__error_at(CX_EPARSE, r->t.name, h->line, h->column, h->ptr,
                          h->len, "column name is not valid UTF-8");
    if (find_wide(r, h->ptr, plen))
      return cx__error_at(CX_EPARSE, r->t.name, h->line, h->column, h->ptr,
                          h->len, "column appears twice in the header");
    wide_feature *w = &r->wf[r->nwf++];
    w->name = h->ptr;
    w->name_len = plen;
    w->fun_col = c;
    w->dys_col = w->imp_col = NONE;
  }
  /* Second pass: dysfunctional and importance columns. */
  for (size_t c = 0; c < r->t.ncols; c++) {
    if (c == r->c_resp || c == r->c_seg || c == r->c_wt)
      continue;
    const cx_csv_field *h = &r->t.col[c];
    size_t plen;
    int kind = classify(h->ptr, h->len, sfx, &plen);
    if (kind == 1) {
      wide_feature *w = find_wide(r, h->ptr, plen);
      if (!w)
        return cx__error_at(CX_EPARSE, r->t.name, h->line, h->column, h->ptr,
                            h->len, "column has no matching '%.*s%s' column",
                            (int)plen, h->ptr, sfx[0]);
      if (w->dys_col != NONE)
        return cx__error_at(CX_EPARSE, r->t.name, h->line, h->column, h->ptr,
                            h->len, "column appears twice in the header");
      w->dys_col = c;
    } else if (kind == 2) {
      wide_feature *w = find_wide(r, h->ptr, plen);
      if (!w)
        continue; /* e.g. an overall importance question */
      if (w->imp_col != NONE)
        return cx__error_at(CX_EPARSE, r->t.name, h->line, h->column, h->ptr,
                            h->len, "column appears twice in the header");
      w->imp_col = c;
      r->any_imp = true;
    }
  }
  if (r->nwf == 0)
    return cx__error_at(CX_EPARSE, r->t.name, 1, 1, NULL, 0,
                        "no Kano columns: a long file needs '%s', '%s' and "
                        "'%s'; a wide file '<feature>%s' and '<feature>%s'",
                        o->feature_column ? o->feature_column : "feature",
                        o->functional_column ? o->functional_column
                                             : "functional",
                        o->dysfunctional_column ? o->dysfunctional_column
                                                : "dysfunctional",
                        sfx[0], sfx[1]);
  for (size_t k = 0; k < r->nwf; k++) {
    wide_feature *w = &r->wf[k];
    if (w->dys_col == NONE) {
      char want[512];
      snprintf(want, sizeof want, "%.*s%s", (int)w->name_len, w->name, sfx[1]);
      return cx__csv_missing_column(&r->t, "dysfunctional", want);
    }
    cx_status st = CX_OK;
    if (cx__names_find(&r->dst->features, w->name, w->name_len) ==
            SIZE_MAX &&
        cx__names_find(&r->s->features, w->name, w->name_len) == SIZE_MAX &&
        (st = cx__csv_name_limit(&r->t, &r->t.col[w->fun_col],
                                 r->new_features++, "features")))
      return st;
    st = cx__kano_survey_intern_feature(r->s, w->name, w->name_len, &w->index);
    if (st != CX_OK) {
      if (st == CX_ENOMEM)
        return st;
      const cx_csv_field *h = &r->t.col[w->fun_col];
      return cx__csv_refused(&r->t, CX_EINVAL, h, h->ptr, h->len);
    }
  }
  /* Features whose two columns hold the questions the other way round. */
  if (o->swapped) {
    const char *p = o->swapped;
    while (*p) {
      const char *q = strchr(p, ',');
      size_t len = q ? (size_t)(q - p) : strlen(p);
      const char *name = p;
      size_t nlen = len;
      cx__csv_trim(&name, &nlen);
      if (nlen) {
        wide_feature *w = find_wide(r, name, nlen);
        if (!w)
          return cx__error_at(CX_EINVAL, r->t.name, 0, 0, name, nlen,
                              "swapped feature is not in the header");
        size_t t = w->fun_col;
        w->fun_col = w->dys_col;
        w->dys_col = t;
      }
      p += len + (q != NULL);
    }
  }
  return CX_OK;
}

static cx_status setup(reader *r) {
  const cx_kano_csv_options *o = r->o;
  cx_status st;
  if ((st = cx__csv_find_column(&r->t, o->respondent_column, &r->c_resp)) ||
      (st = cx__csv_find_column(&r->t, o->feature_column, &r->c_feat)) ||
      (st = cx__csv_find_column(&r->t, o->functional_column, &r->c_fun)) ||
      (st = cx__csv_find_column(&r->t, o->dysfunctional_column, &r->c_dys)) ||
      (st = cx__csv_find_column(&r->t, o->segment_column, &r->c_seg)) ||
      (st = cx__csv_find_column(&r->t, o->weight_column, &r->c_wt)))
    return st;
  if (o->require_segment && r->c_seg == NONE)
    return cx__csv_missing_column(&r->t, "segment", o->segment_column);
  if (o->require_weight && r->c_wt == NONE)
    return cx__csv_missing_column(&r->t, "weight", o->weight_column);
  r->segmented = r->c_seg != NONE;
  if (!r->segmented && r->s->segments.count)
    return cx__error_at(CX_EPARSE, r->t.name, 1, 1, NULL, 0,
                        "the survey has segments but the header has no "
                        "segment column '%s'",
                        o->segment_column ? o->segment_column : "");

  cx_kano_csv_layout layout = o->layout;
  if (layout == CX_KANO_CSV_AUTO)
    layout = r->c_feat != NONE && r->c_fun != NONE && r->c_dys != NONE
                 ? CX_KANO_CSV_LONG
                 : CX_KANO_CSV_WIDE;
  if (layout == CX_KANO_CSV_WIDE) {
    r->c_feat = r->c_fun = r->c_dys = NONE;
    return setup_wide(r);
  }
  if (!o->feature_column || !o->functional_column || !o->dysfunctional_column)
    return cx__error(CX_EINVAL, "cx_kano_read_csv: the long layout needs "
                                "feature, functional and dysfunctional "
                                "column names");
  if (r->c_feat == NONE)
    return cx__csv_missing_column(&r->t, "feature", o->feature_column);
  if (r->c_fun == NONE)
    return cx__csv_missing_column(&r->t, "functional", o->functional_column);
  if (r->c_dys == NONE)
    return cx__csv_missing_column(&r->t, "dysfunctional",
                                  o->dysfunctional_column);
  if ((st = cx__csv_find_column(&r->t, o->importance_column, &r->c_imp)))
    return st;
  if (r->s->has_filter && r->c_resp == NONE)
    return cx__error_at(
        CX_EPARSE, r->t.name, 1, 1, NULL, 0,
        "a respondent filter needs the respondent column '%s' in a long file",
        o->respondent_column ? o->respondent_column : "");
  return CX_OK;
}

/* ---- rows --------------------------------------------------------------- */

static cx_status flush_batch(reader *r) {
  if (r->nb == 0)
    return CX_OK;
  cx_array feat = CX_ARRAY(r->b_feat, CX_DTYPE_U32);
  cx_array fun = CX_ARRAY(r->b_fun, CX_DTYPE_U8);
  cx_array dys = CX_ARRAY(r->b_dys, CX_DTYPE_U8);
  cx_array seg = CX_ARRAY(r->b_seg, CX_DTYPE_U32);
  cx_array wt = CX_ARRAY(r->b_wt, CX_DTYPE_F64);
  cx_array imp = CX_ARRAY(r->b_imp, CX_DTYPE_F64);
  cx_status st = cx_kano_survey_add_batch(
      r->s, r->nb, &feat, &fun, &dys, r->segmented ? &seg : NULL,
      r->c_wt != NONE ? &wt : NULL, r->c_imp != NONE ? &imp : NULL);
  r->nb = 0;
  return st;
}

/* Room for one answer per feature of the survey in the respondent arrays. */
static cx_status reserve_respondent(reader *r, size_t nf) {
  if (nf <= r->rcap)
    return CX_OK;
  size_t cap = r->rcap ? r->rcap : 16;
  while (cap < nf)
    cap *= 2;
  uint8_t *fun = cx__realloc(r->r_fun, cap);
  if (fun)
    r->r_fun = fun;
  uint8_t *dys = cx__realloc(r->r_dys, cap);
  if (dys)
    r->r_dys = dys;
  uint8_t *seen = cx__realloc(r->r_seen, cap);
  if (seen)
    r->r_seen = seen;
  double *imp = cx__realloc(r->r_imp, cap * sizeof *imp);
  if (imp)
    r->r_imp = imp;
  if (!fun || !dys || !seen || !imp)
    return cx__enomem();
  for (size_t i = r->rcap; i < cap; i++) {
    r->r_fun[i] = r->r_dys[i] = r->r_seen[i] = 0;
    r->r_imp[i] = NAN;
  }
  r->rcap = cap;
  return CX_OK;
}

static void clear_respondent(reader *r) {
  size_t nf = r->s->features.count;
  memset(r->r_fun, 0, nf);
  memset(r->r_dys, 0, nf);
  memset(r->r_seen, 0, nf);
  for (size_t i = 0; i < nf; i++)
    r->r_imp[i] = NAN;
}

static cx_status add_respondent(reader *r) {
  cx_status st = reserve_respondent(r, r->s->features.count);
  if (st)
    return st;
  return cx_kano_survey_add_respondent(r->s, r->cur_seg, r->cur_wt, r->r_fun,
                                       r->r_dys,
                                       r->any_imp ? r->r_imp : NULL, NULL);
}

static cx_status long_row_grouped(reader *r, const cx_csv_record *rec,
                                  size_t feature, uint8_t fun, uint8_t dys,
                                  double imp, size_t seg, double wt) {
  const cx_csv_field *f = &rec->field[r->c_resp];
  const char *p = f->ptr;
  size_t len = f->len;
  cx__csv_trim(&p, &len);
  if (len == 0)
    return cx__error_at(CX_EPARSE, r->t.name, f->line, f->column, NULL, 0,
                        "empty respondent in column '%s'",
                        cx__csv_col_name(&r->t, r->c_resp));
  cx_status st;
  if (!r->have_resp || len != r->cur_resp_len ||
      memcmp(p, r->cur_resp, len) != 0) {
    if (r->have_resp && (st = add_respondent(r)))
      return st;
    if (cx__names_find(&r->seen, p, len) != SIZE_MAX)
      return cx__error_at(CX_EPARSE, r->t.name, f->line, f->column, p, len,
                          "respondent appears again after other "
                          "respondents (a long file must keep each "
                          "respondent's rows together)");
    if (cx__names_add(&r->seen, p, len) == SIZE_MAX)
      return cx__enomem();
    if (len > r->cur_resp_cap) {
      char *c = cx__realloc(r->cur_resp, len);
      if (!c)
        return cx__enomem();
      r->cur_resp = c;
      r->cur_resp_cap = len;
    }
    memcpy(r->cur_resp, p, len);
    r->cur_resp_len = len;
    r->have_resp = true;
    r->cur_line = f->line;
    r->cur_seg = seg;
    r->cur_wt = wt;
    if ((st = reserve_respondent(r, r->s->features.count)))
      return st;
    clear_respondent(r);
  } else {
    if (seg != r->cur_seg) {
      const cx_csv_field *g = &rec->field[r->c_seg];
      return cx__error_at(CX_EPARSE, r->t.name, g->line, g->column, g->ptr,
                          g->len,
                          "segment differs from the respondent's earlier "
                          "rows (line %llu)",
                          (unsigned long long)r->cur_line);
    }
    if (wt != r->cur_wt) {
      const cx_csv_field *g = &rec->field[r->c_wt];
      return cx__error_at(CX_EPARSE, r->t.name, g->line, g->column, g->ptr,
                          g->len,
                          "weight differs from the respondent's earlier "
                          "rows (line %llu)",
                          (unsigned long long)r->cur_line);
    }
    if ((st = reserve_respondent(r, r->s->features.count)))
      return st;
  }
  if (r->r_seen[feature]) {
    const cx_csv_field *g = &rec->field[r->c_feat];
    return cx__error_at(CX_EPARSE, r->t.name, g->line, g->column, g->ptr,
                        g->len, "feature answered twice by respondent '%.*s'",
                        (int)(len < 200 ? len : 200), p);
  }
  r->r_seen[feature] = 1;
  r->r_fun[feature] = fun;
  r->r_dys[feature] = dys;
  r->r_imp[feature] = imp;
  if (!isnan(imp))
    r->any_imp = true;
  return CX_OK;
}

static cx_status long_row(reader *r, const cx_csv_record *rec) {
  const cx_csv_field *fld = rec->field;
  size_t feature, seg = 0;
  uint8_t fun, dys;
  double imp = NAN, wt = 1.0;
  cx_status st;
  if ((st = read_name(r, &fld[r->c_feat], r->c_feat, false, &feature)) ||
      (st = read_answer(r, &fld[r->c_fun], r->c_fun, &fun)) ||
      (st = read_answer(r, &fld[r->c_dys], r->c_dys, &dys)))
    return st;
  if (r->c_imp != NONE &&
      (st = read_importance(r, &fld[r->c_imp], r->c_imp, &imp)))
    return st;
  if (r->segmented && (st = read_name(r, &fld[r->c_seg], r->c_seg, true, &seg)))
    return st;
  if (r->c_wt != NONE && (st = read_weight(r, &fld[r->c_wt], &wt)))
    return st;
  if (r->s->has_filter)
    return long_row_grouped(r, rec, feature, fun, dys, imp, seg, wt);
  size_t i = r->nb++;
  r->b_feat[i] = (uint32_t)feature;
  r->b_fun[i] = fun;
  r->b_dys[i] = dys;
  r->b_seg[i] = (uint32_t)seg;
  r->b_wt[i] = wt;
  r->b_imp[i] = imp;
  return r->nb == BATCH ? flush_batch(r) : CX_OK;
}

static cx_status wide_row(reader *r, const cx_csv_record *rec) {
  const cx_csv_field *fld = rec->field;
  cx_status st;
  r->cur_seg = 0;
  r->cur_wt = 1.0;
  if (r->segmented &&
      (st = read_name(r, &fld[r->c_seg], r->c_seg, true, &r->cur_seg)))
    return st;
  if (r->c_wt != NONE && (st = read_weight(r, &fld[r->c_wt], &r->cur_wt)))
    return st;
  for (size_t k = 0; k < r->nwf; k++) {
    const wide_feature *w = &r->wf[k];
    if ((st = read_answer(r, &fld[w->fun_col], w->fun_col,
                          &r->r_fun[w->index])) ||
        (st = read_answer(r, &fld[w->dys_col], w->dys_col,
                          &r->r_dys[w->index])))
      return st;
    if (w->imp_col != NONE &&
        (st = read_importance(r, &fld[w->imp_col], w->imp_col,
                              &r->r_imp[w->index])))
      return st;
  }
  return add_respondent(r);
}

/* ---- driver ------------------------------------------------------------- */

static cx_status check_options(const cx_kano_csv_options *o) {
  static const char fn[] = "cx_kano_read_csv";
  cx_status st;
  if ((st = cx__csv_check_options(fn, o->version, CX_KANO_CSV_OPTIONS_VERSION,
                                  (int)o->layout)) ||
      (st = cx__csv_check_required(fn, "segment", o->require_segment,
                                   o->segment_column)) ||
      (st = cx__csv_check_required(fn, "weight", o->require_weight,
                                   o->weight_column)))
    return st;
  return CX_OK;
}

static void reader_free(reader *r) {
  cx__csv_table_free(&r->t);
  cx_kano_survey_free(r->s);
  cx__free(r->r_fun);
  cx__free(r->r_dys);
  cx__free(r->r_seen);
  cx__free(r->r_imp);
  cx__free(r->cur_resp);
  cx__free(r->wf);
  cx__names_free(&r->seen);
  cx__free(r);
}

static cx_status on_header(void *ctx, const cx_csv_record *rec) {
  reader *r = ctx;
  (void)rec;
  cx_status st = setup(r);
  if (st || !r->wf)
    return st;
  if ((st = reserve_respondent(r, r->s->features.count)))
    return st;
  clear_respondent(r);
  return CX_OK;
}

static cx_status on_row(void *ctx, const cx_csv_record *rec) {
  reader *r = ctx;
  return r->wf ? wide_row(r, rec) : long_row(r, rec);
}

static cx_status read_any(cx_kano_survey *survey, const char *path,
                          const char *data, size_t len, const char *name,
                          const cx_kano_csv_options *options) {
  static const cx_kano_csv_options defaults = CX_KANO_CSV_OPTIONS_INIT;
  const cx_kano_csv_options *o = options ? options : &defaults;
  cx_status st = check_options(o);
  if (st)
    return st;
  reader *r = cx__calloc(1, sizeof *r);
  if (!r)
    return cx__enomem();
  r->o = o;
  r->dst = survey;
  r->labels = o->labels;
  r->c_resp = r->c_feat = r->c_fun = r->c_dys = NONE;
  r->c_imp = r->c_seg = r->c_wt = NONE;
  r->prev_feature = r->prev_segment = NONE;
  cx__names_init(&r->seen);
  for (int d = 1; d <= 5; d++) {
    char text = (char)('0' + d);
    cx_kano_answer a;
    if ((st = cx_kano_labels_parse(r->labels, &text, 1, &a)))
      goto done;
    r->digit[d] = (uint8_t)a;
  }
  if ((st = cx__kano_survey_new_like(survey, &r->s)))
    goto done;
  const cx_csv_input in = {path, data, len, name, o->delimiter, o->progress,
                           o->progress_ctx, &o->limits};
  /* Rows go to a fresh survey, merged into the caller's at the end. */
  if ((st = cx__csv_table_read(&r->t, &in, on_header, on_row, r)) ||
      (st = flush_batch(r)) ||
      (!r->wf && r->have_resp && (st = add_respondent(r))))
    goto done;
  st = cx_kano_survey_merge(survey, r->s);
done:
  reader_free(r);
  return st;
}

CX_API cx_status cx_kano_read_csv(cx_kano_survey *survey, const char *path,
                                  const cx_kano_csv_options *options) {
  if (!survey || !path)
    return cx__error(CX_EINVAL, "cx_kano_read_csv: NULL argument");
  return read_any(survey, path, NULL, 0, NULL, options);
}

CX_API cx_status cx_kano_read_csv_buffer(cx_kano_survey *survey,
                                         const char *data, size_t len,
                                         const char *name,
                                         const cx_kano_csv_options *options) {
  if (!survey || (!data && len))
    return cx__error(CX_EINVAL, "cx_kano_read_csv_buffer: NULL argument");
  return read_any(survey, NULL, data, len, name, options);
}
