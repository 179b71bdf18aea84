/*
 * Gap survey CSV reader, part two (see gap_csv.c): the cells of a row, the
 * items, and the respondent being read, checked when complete and handed
 * to the survey of its segment, or staged until the items are known.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gap_csv.h"

/* ---- small helpers ------------------------------------------------------ */

static bool kept_set(kept *k, const char *p, size_t len) {
  if (len + 1 > k->cap) {
    char *b = cx__realloc(k->p, len + 1);
    if (!b)
      return false;
    k->p = b;
    k->cap = len + 1;
  }
  memcpy(k->p, p, len);
  k->p[len] = '\0';
  k->len = len;
  return true;
}

/* ---- cells -------------------------------------------------------------- */

cx_status cx__gap_csv_read_answer(const gap_reader *r, const cx_csv_record *rec,
                                  size_t col, int v, double *out) {
  const cx_csv_field *f = &rec->field[col];
  char what[CX_CSV_WHAT_MAX];
  cx_status st = cx__csv_parse_scale(&r->cell[v], f->ptr, f->len, out, what);
  return st ? err_field(r, rec, st, col, what) : CX_OK;
}

/* A finite number >= 0 (weights, points); empty gives NaN when allowed. */
static cx_status read_nonneg(const gap_reader *r, const cx_csv_record *rec,
                             size_t col, const char *what, bool empty_ok,
                             double *out) {
  const cx_csv_field *f = &rec->field[col];
  char msg[CX_CSV_WHAT_MAX];
  cx_status st = cx__csv_parse_nonneg(f->ptr, f->len, what, empty_ok, out, msg);
  return st ? err_field(r, rec, st, col, msg) : CX_OK;
}

/* A name cell (item, segment, label, dimension): non-empty valid UTF-8 of
 * at most GAP_NAME_MAX_BYTES bytes. */
cx_status cx__gap_csv_check_name(const gap_reader *r, const cx_csv_record *rec,
                                 size_t col, const char *what, bool empty_ok) {
  const char *p;
  size_t len;
  cx__csv_text(rec, col, &p, &len);
  char msg[96];
  const char *why = len == 0 && !empty_ok      ? "is empty"
                    : !cx__utf8_valid(p, len)  ? "is not valid UTF-8"
                    : len > GAP_NAME_MAX_BYTES ? "is too long"
                                               : NULL;
  if (!why)
    return CX_OK;
  snprintf(msg, sizeof msg, "%s %s", what, why);
  return err_field(r, rec, CX_EPARSE, col, msg);
}

/* ---- surveys ------------------------------------------------------------ */

cx_status cx__gap_csv_make_survey(const gap_reader *r, cx_gap_survey **out) {
  cx_gap_survey *s = NULL;
  cx_status st = cx_gap_survey_new(&s, &r->config);
  for (size_t i = 0; !st && i < r->items.count; i++)
    st = cx_gap_survey_add_item(s, r->items.name[i], r->ilabel[i], r->idim[i],
                                r->iflags[i], NULL);
  if (st) {
    cx_gap_survey_free(s);
    return st;
  }
  *out = s;
  return CX_OK;
}

cx_status cx__gap_csv_survey_of(gap_reader *r, size_t seg,
                                cx_gap_survey **out) {
  cx_gap_survey **slot = r->segmented ? &r->out->survey[seg] : &r->solo;
  if (!*slot) {
    cx_status st = cx__gap_csv_make_survey(r, slot);
    if (st)
      return st;
  }
  *out = *slot;
  return CX_OK;
}

static bool grow_items(gap_reader *r, size_t need) {
  if (need <= r->icap)
    return true;
  size_t cap = r->icap ? 2 * r->icap : 32;
  while (cap < need)
    cap *= 2;
  char **l = cx__realloc(r->ilabel, cap * sizeof *l);
  if (l)
    r->ilabel = l;
  char **d = cx__realloc(r->idim, cap * sizeof *d);
  if (d)
    r->idim = d;
  unsigned *f = cx__realloc(r->iflags, cap * sizeof *f);
  if (f)
    r->iflags = f;
  unsigned char *seen = cx__realloc(r->seen, cap);
  if (seen)
    r->seen = seen;
  bool ok = l && d && f && seen;
  for (int v = 0; ok && v < NV; v++) {
    double *a = cx__realloc(r->val[v], cap * sizeof *a);
    if (a)
      r->val[v] = a;
    ok = a != NULL;
  }
  if (!ok)
    return false;
  for (size_t i = r->icap; i < cap; i++) {
    r->seen[i] = 0;
    for (int v = 0; v < NV; v++)
      r->val[v][i] = NAN;
  }
  r->icap = cap;
  return true;
}

cx_status cx__gap_csv_add_item(gap_reader *r, const char *id, size_t len,
                               const char *label, const char *dim,
                               unsigned flags, size_t *index) {
  size_t n = r->items.count;
  if (!grow_items(r, n + 1))
    return cx__enomem();
  r->ilabel[n] = label && *label ? cx__strdup(label) : NULL;
  r->idim[n] = dim && *dim ? cx__strdup(dim) : NULL;
  r->iflags[n] = flags;
  if ((label && *label && !r->ilabel[n]) || (dim && *dim && !r->idim[n]) ||
      cx__names_add(&r->items, id, len) == SIZE_MAX) {
    cx__free(r->ilabel[n]);
    cx__free(r->idim[n]);
    return cx__enomem();
  }
  if (index)
    *index = n;
  return CX_OK;
}

cx_status cx__gap_csv_items_from_like(gap_reader *r) {
  const cx_gap_survey *s = r->like;
  for (size_t i = 0; i < s->items.count; i++) {
    const char *dim = s->item_dim[i] == CX_GAP_NO_DIMENSION
                          ? NULL
                          : s->dims.name[s->item_dim[i]];
    cx_status st = cx__gap_csv_add_item(r, s->items.name[i], s->items.len[i],
                                        s->labels[i], dim, s->flags[i], NULL);
    if (st)
      return st;
  }
  return CX_OK;
}

/* Match the points columns to the dimensions of the items: each names a
 * dimension, and every dimension has one. */
cx_status cx__gap_csv_map_points(gap_reader *r) {
  r->points_mapped = true;
  if (r->np == 0)
    return CX_OK;
  cx_gap_survey *t = NULL;
  cx_status st = cx__gap_csv_make_survey(r, &t);
  if (st)
    return st;
  size_t nd = cx_gap_survey_n_dimensions(t);
  size_t suffix = strlen(r->o->points_suffix);
  for (size_t j = 0; j < r->np && !st; j++) {
    const cx_csv_field *h = &r->t.col[r->p_col[j]];
    size_t d = cx__names_find(&t->dims, h->ptr, h->len - suffix);
    if (d == SIZE_MAX)
      st = err_header(r, CX_EPARSE, r->p_col[j],
                      "points column of a dimension the survey does not have");
    for (size_t k = 0; k < j && !st; k++)
      if (r->p_dim[k] == d)
        st = err_header(r, CX_EPARSE, r->p_col[j],
                        "second points column of one dimension");
    r->p_dim[j] = d;
  }
  for (size_t d = 0; d < nd && !st; d++) {
    bool found = false;
    for (size_t j = 0; j < r->np; j++)
      found = found || r->p_dim[j] == d;
    if (!found) {
      const char *dn = cx_gap_survey_dimension_name(t, d);
      st = cx__error_at(CX_EPARSE, r->t.name, 1, 1, dn, strlen(dn),
                        "the header has points columns but none for this "
                        "dimension ('%s%s')",
                        dn, r->o->points_suffix);
    }
  }
  cx_gap_survey_free(t);
  return st;
}

/* ---- respondents -------------------------------------------------------- */

static void reset_respondent(gap_reader *r) {
  for (size_t i = 0; i < r->items.count; i++) {
    r->seen[i] = 0;
    for (int v = 0; v < NV; v++)
      r->val[v][i] = NAN;
  }
  for (size_t j = 0; j < r->np; j++)
    r->points[j] = NAN;
  r->has_points = false;
  r->skip = false;
  r->weight = 1.0;
  r->seg = 0;
}

static bool value_asked(const gap_reader *r, int v) {
  if (r->long_layout)
    return r->c_val[v] != NONE;
  for (size_t c = 0; c < r->t.ncols; c++)
    if (r->w_item[c] != NONE && r->w_kind[c] == v)
      return true;
  return false;
}

/* Add one respondent (values per item, points per points column). */
static cx_status dispatch(gap_reader *r, size_t seg, double weight,
                          double *const *val, const double *points) {
  cx_gap_survey *s;
  cx_status st = cx__gap_csv_survey_of(r, seg, &s);
  if (st)
    return st;
  double dp[64], *pts = NULL;
  size_t nd = s->dims.count;
  if (points && nd) {
    pts = nd <= 64 ? dp : cx__malloc(nd * sizeof *pts);
    if (!pts)
      return cx__enomem();
    for (size_t j = 0; j < r->np; j++)
      pts[r->p_dim[j]] = points[j];
  }
  cx_gap_response resp = CX_GAP_RESPONSE_INIT;
  resp.weight = weight;
  const double **slot[NV] = {&resp.expectation, &resp.perception,
                             &resp.adequate,    &resp.desired,
                             &resp.importance,  &resp.disconfirmation};
  for (int v = 0; v < NV; v++)
    *slot[v] = value_asked(r, v) ? val[v] : NULL;
  resp.dimension_points = pts;
  st = cx_gap_survey_add_respondent(s, &resp);
  if (pts && pts != dp)
    cx__free(pts);
  return st;
}

/* Staged record: u64 seg, f64 weight, u64 has_points, np f64 points,
 * u64 count, then count x (u64 item, NV f64). */
static void stage_put(cx_buf *b, const void *p, size_t n) {
  cx__buf_put(b, p, n);
}

static cx_status stage_respondent(gap_reader *r) {
  uint64_t seg = r->seg, hp = r->has_points, count = 0;
  for (size_t i = 0; i < r->items.count; i++)
    count += r->seen[i];
  stage_put(&r->stage, &seg, sizeof seg);
  stage_put(&r->stage, &r->weight, sizeof r->weight);
  stage_put(&r->stage, &hp, sizeof hp);
  if (hp)
    stage_put(&r->stage, r->points, r->np * sizeof *r->points);
  stage_put(&r->stage, &count, sizeof count);
  for (size_t i = 0; i < r->items.count; i++) {
    if (!r->seen[i])
      continue;
    uint64_t item = i;
    stage_put(&r->stage, &item, sizeof item);
    for (int v = 0; v < NV; v++)
      stage_put(&r->stage, &r->val[v][i], sizeof(double));
  }
  return r->stage.failed ? cx__enomem() : CX_OK;
}

cx_status cx__gap_csv_replay(gap_reader *r) {
  const char *p = r->stage.data, *end = p + r->stage.len;
  cx_status st = CX_OK;
  while (p < end && !st) {
    uint64_t seg, hp, count;
    double weight;
    memcpy(&seg, p, sizeof seg), p += sizeof seg;
    memcpy(&weight, p, sizeof weight), p += sizeof weight;
    memcpy(&hp, p, sizeof hp), p += sizeof hp;
    reset_respondent(r);
    if (hp) {
      memcpy(r->points, p, r->np * sizeof *r->points);
      p += r->np * sizeof *r->points;
    }
    memcpy(&count, p, sizeof count), p += sizeof count;
    for (uint64_t k = 0; k < count; k++) {
      uint64_t item;
      memcpy(&item, p, sizeof item), p += sizeof item;
      for (int v = 0; v < NV; v++, p += sizeof(double))
        memcpy(&r->val[v][item], p, sizeof(double));
    }
    st = dispatch(r, (size_t)seg, weight, r->val, hp ? r->points : NULL);
  }
  return st;
}

cx_status cx__gap_csv_finish_respondent(gap_reader *r) {
  if (!r->open)
    return CX_OK;
  r->open = false;
  if (r->skip)
    return CX_OK;
  if (r->has_points) {
    double sum = 0.0;
    for (size_t j = 0; j < r->np; j++)
      sum += r->points[j];
    bool all = true;
    for (size_t j = 0; j < r->np; j++)
      all = all && !isnan(r->points[j]);
    if (!all || fabs(sum - 100.0) > 1e-6) {
      char v[48];
      snprintf(v, sizeof v, "%.6g", sum);
      return cx__error_at(CX_ERANGE, r->t.name, r->pline, r->pcol, v, strlen(v),
                          "%s%s",
                          all ? "dimension points do not sum to 100"
                              : "dimension points are given for some "
                                "dimensions only",
                          r->who);
    }
  }
  r->kept_respondents++;
  if (r->staged)
    return stage_respondent(r);
  return dispatch(r, r->seg, r->weight, r->val,
                  r->has_points ? r->points : NULL);
}

static cx_status read_segment(gap_reader *r, const cx_csv_record *rec) {
  const char *p;
  size_t len;
  cx__csv_text(rec, r->c_seg, &p, &len);
  if (r->o->segment &&
      !(strlen(r->o->segment) == len && memcmp(r->o->segment, p, len) == 0)) {
    r->skip = true;
    return CX_OK;
  }
  cx_status st =
      cx__gap_csv_check_name(r, rec, r->c_seg, "segment name", false);
  if (st)
    return st;
  cx_names *names = &r->out->names;
  size_t k = cx__names_find(names, p, len);
  if (k == NONE) {
    if ((st = cx__csv_name_limit(&r->t, &rec->field[r->c_seg], names->count,
                                 "segments")))
      return st;
    cx_gap_survey **s =
        cx__realloc(r->out->survey, (names->count + 1) * sizeof *s);
    if (!s)
      return cx__enomem();
    r->out->survey = s;
    s[names->count] = NULL;
    k = cx__names_add(names, p, len);
    if (k == NONE)
      return cx__enomem();
  }
  r->seg = k;
  return CX_OK;
}

static void set_who(gap_reader *r, const char *p, size_t len, uint64_t line) {
  cx__csv_respondent_note(r->who, sizeof r->who, p, len, line);
}

/* Start a respondent at this row: segment, weight and points. */
cx_status cx__gap_csv_open_respondent(gap_reader *r, const cx_csv_record *rec) {
  cx_status st;
  reset_respondent(r);
  r->open = true;
  r->rline = rec->line;
  if (r->c_resp != NONE) {
    const char *p;
    size_t len;
    cx__csv_text(rec, r->c_resp, &p, &len);
    if (!kept_set(&r->rid, p, len))
      return cx__enomem();
    set_who(r, p, len, rec->line);
  } else {
    set_who(r, NULL, 0, rec->line);
  }
  if (r->segmented && (st = read_segment(r, rec)))
    return st;
  if (r->skip)
    return CX_OK;
  if (r->c_wt != NONE &&
      (st = read_nonneg(r, rec, r->c_wt, "weight", false, &r->weight)))
    return st;
  for (size_t j = 0; j < r->np; j++) {
    if ((st = read_nonneg(r, rec, r->p_col[j], "dimension points", true,
                          &r->points[j])))
      return st;
    if (!isnan(r->points[j]) && !r->has_points) {
      r->has_points = true;
      r->pline = rec->field[r->p_col[j]].line;
      r->pcol = rec->field[r->p_col[j]].column;
    }
  }
  if (r->long_layout) {
    /* Keep the texts later rows of this respondent must repeat. */
    const char *p;
    size_t len;
    bool ok = true;
    if (r->c_seg != NONE) {
      cx__csv_text(rec, r->c_seg, &p, &len);
      ok = kept_set(&r->rseg, p, len);
    }
    if (ok && r->c_wt != NONE) {
      cx__csv_text(rec, r->c_wt, &p, &len);
      ok = kept_set(&r->rwt, p, len);
    }
    cx_buf pts;
    cx__buf_init(&pts);
    for (size_t j = 0; ok && j < r->np; j++) {
      cx__csv_text(rec, r->p_col[j], &p, &len);
      cx__buf_put(&pts, p, len);
      cx__buf_put(&pts, "", 1);
    }
    ok = ok && !pts.failed &&
         kept_set(&r->rpts, pts.data ? pts.data : "", pts.len);
    cx__buf_free(&pts);
    if (!ok)
      return cx__enomem();
  }
  return CX_OK;
}

/* Later rows of a long-layout respondent repeat segment, weight and
 * points (or leave the points empty). */
cx_status cx__gap_csv_check_repeat(gap_reader *r, const cx_csv_record *rec) {
  const char *p;
  size_t len;
  if (r->c_seg != NONE) {
    cx__csv_text(rec, r->c_seg, &p, &len);
    if (!kept_is(&r->rseg, p, len))
      return err_field(r, rec, CX_EPARSE, r->c_seg,
                       "segment differs from the respondent's first row");
  }
  if (r->c_wt != NONE) {
    cx__csv_text(rec, r->c_wt, &p, &len);
    if (!kept_is(&r->rwt, p, len))
      return err_field(r, rec, CX_EPARSE, r->c_wt,
                       "weight differs from the respondent's first row");
  }
  size_t off = 0;
  for (size_t j = 0; j < r->np; j++) {
    cx__csv_text(rec, r->p_col[j], &p, &len);
    size_t klen = strlen(r->rpts.p + off);
    if (len && !(klen == len && memcmp(r->rpts.p + off, p, len) == 0))
      return err_field(r, rec, CX_EPARSE, r->p_col[j],
                       "dimension points differ from the respondent's first "
                       "row");
    off += klen + 1;
  }
  return CX_OK;
}
