/*
 * Gap survey CSV reader (cx_gap_read_csv*, cx_gap_read_csv_segments*).
 *
 * One engine serves both entry points: it reads the file into fresh
 * surveys, one per segment (or a single one without a segment column),
 * and hands them over only when the whole input has been read, so a
 * failure leaves the caller's objects as they were.  Every answer is
 * checked here, where the line and column are known, so that adding a
 * completed respondent to a survey cannot fail on a value.
 *
 * Items must be declared before a survey takes answers.  When they are
 * known when the header has been read (the caller's survey declares them,
 * or the wide header names them) respondents go straight into the
 * surveys.  In the long layout with undeclared items the item list is
 * complete only at the end of the file, so respondents are kept in a
 * compact staging buffer and replayed then.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cx/io.h>

#include "../gap_internal.h"
#include "csv.h"

enum { V_E, V_P, V_A, V_D, V_IMP, V_DISC, NV };
enum { RESPONDENT_SHOWN = 64 };
#define NONE SIZE_MAX

static const char *const value_name[NV] = {
    "expectation", "perception", "adequate", "desired", "importance",
    "disconfirmation"};

struct cx_gap_segments {
  cx_names names;
  cx_gap_survey **survey; /* per named segment */
  cx_gap_survey *pooled;
};

/* A text kept from a respondent's first row, compared with later rows. */
typedef struct kept {
  char *p;
  size_t len, cap;
} kept;

typedef struct reader {
  cx_csv *csv;
  const char *name;
  const cx_gap_csv_options *o;
  cx_gap_config config;
  const cx_scale *scale[NV];
  const cx_gap_survey *like; /* NULL or without items: items from the file */
  struct cx_gap_segments *out;
  cx_gap_survey *solo; /* the survey of an unsegmented file */

  size_t ncols;
  char *header;
  cx_csv_field *hdr;
  bool long_layout, segmented;
  size_t c_resp, c_seg, c_wt, c_item, c_label, c_dim, c_val[NV];
  size_t *w_item; /* wide: per column the item, or NONE */
  int *w_kind;    /* wide: per column the value kind */
  size_t np;      /* points columns */
  size_t *p_col;  /* their columns */
  size_t *p_dim;  /* their dimensions (once known) */

  /* Items: ids, labels and dimension names (NULL: none), flags. */
  cx_names items;
  char **ilabel, **idim;
  unsigned *iflags;
  size_t icap;
  bool items_fixed; /* no new items may appear */
  bool staged;
  cx_buf stage;
  bool points_mapped;

  /* The respondent being read. */
  bool open, skip;
  kept rid, rseg, rwt, rpts;
  uint64_t rline, pline, pcol; /* first row, first points cell */
  size_t seg;
  double weight;
  double *val[NV];
  unsigned char *seen;
  double *points;
  bool has_points;
  char who[RESPONDENT_SHOWN + 8];

  uint64_t kept_respondents;
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

static void field_text(const cx_csv_record *rec, size_t col, const char **p,
                       size_t *len) {
  *p = rec->field[col].ptr;
  *len = rec->field[col].len;
  trim(p, len);
}

static bool same_nocase(const char *a, size_t alen, const char *b,
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

static bool in_list(const char *list, const char *p, size_t len) {
  if (!list)
    return false;
  while (*list) {
    const char *q = strchr(list, ',');
    size_t n = q ? (size_t)(q - list) : strlen(list);
    const char *item = list;
    size_t ilen = n;
    trim(&item, &ilen);
    if (ilen && same_nocase(item, ilen, p, len))
      return true;
    list += n + (q != NULL);
  }
  return false;
}

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

static bool kept_is(const kept *k, const char *p, size_t len) {
  return k->len == len && memcmp(k->p, p, len) == 0;
}

static const char *col_name(const reader *r, size_t col) {
  return r->hdr[col].ptr;
}

static cx_status err_field(const reader *r, const cx_csv_record *rec,
                           cx_status st, size_t col, const char *what) {
  const cx_csv_field *f = &rec->field[col];
  return cx__error_at(st, r->name, f->line, f->column, f->ptr, f->len,
                      "%s in column '%s'%s", what, col_name(r, col), r->who);
}

static cx_status err_header(const reader *r, cx_status st, size_t col,
                            const char *what) {
  const cx_csv_field *h = &r->hdr[col];
  return cx__error_at(st, r->name, h->line, h->column, h->ptr, h->len, "%s",
                      what);
}

/* A plain decimal number: sign, digits, point, exponent (no "inf", "nan"
 * or hexadecimal, which strtod would take). */
static bool is_decimal(const char *p, size_t len) {
  size_t i = 0;
  bool digits = false;
  if (i < len && (p[i] == '+' || p[i] == '-'))
    i++;
  while (i < len && p[i] >= '0' && p[i] <= '9') {
    i++;
    digits = true;
  }
  if (i < len && p[i] == '.') {
    i++;
    while (i < len && p[i] >= '0' && p[i] <= '9') {
      i++;
      digits = true;
    }
  }
  if (!digits)
    return false;
  if (i < len && (p[i] == 'e' || p[i] == 'E')) {
    i++;
    if (i < len && (p[i] == '+' || p[i] == '-'))
      i++;
    if (!(i < len && p[i] >= '0' && p[i] <= '9'))
      return false;
    while (i < len && p[i] >= '0' && p[i] <= '9')
      i++;
  }
  return i == len;
}

static double to_double(const char *p, size_t len) {
  char tmp[64];
  if (len >= sizeof tmp)
    return HUGE_VAL; /* hundreds of digits: off any scale */
  memcpy(tmp, p, len);
  tmp[len] = '\0';
  return strtod(tmp, NULL);
}

/* ---- cells -------------------------------------------------------------- */

static cx_status read_answer(const reader *r, const cx_csv_record *rec,
                             size_t col, int v, double *out) {
  const cx_scale *sc = r->scale[v];
  const char *p = rec->field[col].ptr;
  size_t len = rec->field[col].len;
  if (len == 1 && p[0] >= '0' && p[0] <= '9') {
    double x = p[0] - '0';
    if (x >= sc->min && x <= sc->max) {
      *out = x;
      return CX_OK;
    }
  }
  trim(&p, &len);
  if (len == 0 || in_list("na,nan,null,missing", p, len)) {
    *out = NAN;
    return CX_OK;
  }
  char what[160];
  if (!is_decimal(p, len)) {
    if (in_list(r->o->na_text, p, len)) {
      *out = sc->has_na_code ? (double)sc->na_code : NAN;
      return CX_OK;
    }
    if (in_list(r->o->dk_text, p, len)) {
      *out = sc->has_dk_code ? (double)sc->dk_code : NAN;
      return CX_OK;
    }
    snprintf(what, sizeof what, "%s answer is %s", value_name[v],
             cx__utf8_valid(p, len) ? "not a number" : "not valid UTF-8");
    return err_field(r, rec, CX_EPARSE, col, what);
  }
  double x = to_double(p, len);
  bool code = (sc->has_na_code && x == (double)sc->na_code) ||
              (sc->has_dk_code && x == (double)sc->dk_code);
  cx_scale_answer_kind kind = code && !r->o->numeric_codes
                                  ? CX_SCALE_OUT_OF_SCALE
                                  : cx_scale_classify(sc, x);
  if (kind == CX_SCALE_OUT_OF_SCALE || kind == CX_SCALE_NON_INTEGER) {
    snprintf(what, sizeof what, "%s answer %s %d-%d", value_name[v],
             kind == CX_SCALE_NON_INTEGER ? "is not a whole point of the scale"
                                          : "is outside the scale",
             (int)sc->min, (int)sc->max);
    return err_field(r, rec, CX_ERANGE, col, what);
  }
  *out = x;
  return CX_OK;
}

/* A finite number >= 0 (weights, points); empty gives NaN when allowed. */
static cx_status read_nonneg(const reader *r, const cx_csv_record *rec,
                             size_t col, const char *what, bool empty_ok,
                             double *out) {
  const char *p;
  size_t len;
  field_text(rec, col, &p, &len);
  if (len == 0 && empty_ok) {
    *out = NAN;
    return CX_OK;
  }
  char msg[96];
  if (!is_decimal(p, len)) {
    bool utf8 = cx__utf8_valid(p, len);
    snprintf(msg, sizeof msg, "%s is %s", what,
             utf8 ? "not a finite number >= 0" : "not valid UTF-8");
    return err_field(r, rec, utf8 ? CX_ERANGE : CX_EPARSE, col, msg);
  }
  double v = to_double(p, len);
  if (!isfinite(v) || !(v >= 0.0)) {
    snprintf(msg, sizeof msg, "%s is not a finite number >= 0", what);
    return err_field(r, rec, CX_ERANGE, col, msg);
  }
  *out = v + 0.0;
  return CX_OK;
}

/* A name cell (item, segment, label, dimension): non-empty valid UTF-8 of
 * at most GAP_NAME_MAX_BYTES bytes. */
static cx_status check_name(const reader *r, const cx_csv_record *rec,
                            size_t col, const char *what, bool empty_ok) {
  const char *p;
  size_t len;
  field_text(rec, col, &p, &len);
  char msg[96];
  const char *why = len == 0 && !empty_ok     ? "is empty"
                    : !cx__utf8_valid(p, len) ? "is not valid UTF-8"
                    : len > GAP_NAME_MAX_BYTES ? "is too long"
                                               : NULL;
  if (!why)
    return CX_OK;
  snprintf(msg, sizeof msg, "%s %s", what, why);
  return err_field(r, rec, CX_EPARSE, col, msg);
}

/* ---- surveys ------------------------------------------------------------ */

static cx_status make_survey(const reader *r, cx_gap_survey **out) {
  cx_gap_survey *s = NULL;
  cx_status st = cx_gap_survey_new(&s, &r->config);
  for (size_t i = 0; !st && i < r->items.count; i++)
    st = cx_gap_survey_add_item(s, r->items.name[i], r->ilabel[i],
                                r->idim[i], r->iflags[i], NULL);
  if (st) {
    cx_gap_survey_free(s);
    return st;
  }
  *out = s;
  return CX_OK;
}

static cx_status survey_of(reader *r, size_t seg, cx_gap_survey **out) {
  cx_gap_survey **slot = r->segmented ? &r->out->survey[seg] : &r->solo;
  if (!*slot) {
    cx_status st = make_survey(r, slot);
    if (st)
      return st;
  }
  *out = *slot;
  return CX_OK;
}

static bool grow_items(reader *r, size_t need) {
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

static cx_status add_item(reader *r, const char *id, size_t len,
                          const char *label, const char *dim, unsigned flags,
                          size_t *index) {
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

static cx_status items_from_like(reader *r) {
  const cx_gap_survey *s = r->like;
  for (size_t i = 0; i < s->items.count; i++) {
    const char *dim = s->item_dim[i] == CX_GAP_NO_DIMENSION
                          ? NULL
                          : s->dims.name[s->item_dim[i]];
    cx_status st = add_item(r, s->items.name[i], s->items.len[i],
                            s->labels[i], dim, s->flags[i], NULL);
    if (st)
      return st;
  }
  return CX_OK;
}

/* Match the points columns to the dimensions of the items: each names a
 * dimension, and every dimension has one. */
static cx_status map_points(reader *r) {
  r->points_mapped = true;
  if (r->np == 0)
    return CX_OK;
  cx_gap_survey *t = NULL;
  cx_status st = make_survey(r, &t);
  if (st)
    return st;
  size_t nd = cx_gap_survey_n_dimensions(t);
  size_t suffix = strlen(r->o->points_suffix);
  for (size_t j = 0; j < r->np && !st; j++) {
    const cx_csv_field *h = &r->hdr[r->p_col[j]];
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
      st = cx__error_at(CX_EPARSE, r->name, 1, 1, dn, strlen(dn),
                        "the header has points columns but none for this "
                        "dimension ('%s%s')",
                        dn, r->o->points_suffix);
    }
  }
  cx_gap_survey_free(t);
  return st;
}

/* ---- respondents -------------------------------------------------------- */

static void reset_respondent(reader *r) {
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

static bool value_asked(const reader *r, int v) {
  if (r->long_layout)
    return r->c_val[v] != NONE;
  for (size_t c = 0; c < r->ncols; c++)
    if (r->w_item[c] != NONE && r->w_kind[c] == v)
      return true;
  return false;
}

/* Add one respondent (values per item, points per points column). */
static cx_status dispatch(reader *r, size_t seg, double weight,
                          double *const *val, const double *points) {
  cx_gap_survey *s;
  cx_status st = survey_of(r, seg, &s);
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

static cx_status stage_respondent(reader *r) {
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

static cx_status replay(reader *r) {
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

static cx_status finish_respondent(reader *r) {
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
      return cx__error_at(CX_ERANGE, r->name, r->pline, r->pcol, v,
                          strlen(v), "%s%s",
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

static cx_status read_segment(reader *r, const cx_csv_record *rec) {
  const char *p;
  size_t len;
  field_text(rec, r->c_seg, &p, &len);
  if (r->o->segment && !(strlen(r->o->segment) == len &&
                         memcmp(r->o->segment, p, len) == 0)) {
    r->skip = true;
    return CX_OK;
  }
  cx_status st = check_name(r, rec, r->c_seg, "segment name", false);
  if (st)
    return st;
  cx_names *names = &r->out->names;
  size_t k = cx__names_find(names, p, len);
  if (k == NONE) {
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

static void set_who(reader *r, const char *p, size_t len, uint64_t line) {
  if (len && cx__utf8_valid(p, len)) {
    size_t shown = len < RESPONDENT_SHOWN ? len : RESPONDENT_SHOWN;
    /* Do not cut inside a character. */
    while (shown < len && shown > 0 && ((unsigned char)p[shown] & 0xC0) == 0x80)
      shown--;
    snprintf(r->who, sizeof r->who, " (respondent %.*s%s)", (int)shown, p,
             shown < len ? "..." : "");
  } else if (!len) {
    snprintf(r->who, sizeof r->who, " (respondent on line %llu)",
             (unsigned long long)line);
  } else {
    r->who[0] = '\0';
  }
}

/* Start a respondent at this row: segment, weight and points. */
static cx_status open_respondent(reader *r, const cx_csv_record *rec) {
  cx_status st;
  reset_respondent(r);
  r->open = true;
  r->rline = rec->line;
  if (r->c_resp != NONE) {
    const char *p;
    size_t len;
    field_text(rec, r->c_resp, &p, &len);
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
      field_text(rec, r->c_seg, &p, &len);
      ok = kept_set(&r->rseg, p, len);
    }
    if (ok && r->c_wt != NONE) {
      field_text(rec, r->c_wt, &p, &len);
      ok = kept_set(&r->rwt, p, len);
    }
    cx_buf pts;
    cx__buf_init(&pts);
    for (size_t j = 0; ok && j < r->np; j++) {
      field_text(rec, r->p_col[j], &p, &len);
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
static cx_status check_repeat(reader *r, const cx_csv_record *rec) {
  const char *p;
  size_t len;
  if (r->c_seg != NONE) {
    field_text(rec, r->c_seg, &p, &len);
    if (!kept_is(&r->rseg, p, len))
      return err_field(r, rec, CX_EPARSE, r->c_seg,
                       "segment differs from the respondent's first row");
  }
  if (r->c_wt != NONE) {
    field_text(rec, r->c_wt, &p, &len);
    if (!kept_is(&r->rwt, p, len))
      return err_field(r, rec, CX_EPARSE, r->c_wt,
                       "weight differs from the respondent's first row");
  }
  size_t off = 0;
  for (size_t j = 0; j < r->np; j++) {
    field_text(rec, r->p_col[j], &p, &len);
    size_t klen = strlen(r->rpts.p + off);
    if (len && !(klen == len && memcmp(r->rpts.p + off, p, len) == 0))
      return err_field(r, rec, CX_EPARSE, r->p_col[j],
                       "dimension points differ from the respondent's first "
                       "row");
    off += klen + 1;
  }
  return CX_OK;
}

/* ---- header ------------------------------------------------------------- */

static cx_status keep_header(reader *r, const cx_csv_record *rec) {
  size_t total = 0;
  for (size_t i = 0; i < rec->n; i++)
    total += rec->field[i].len + 1;
  r->header = cx__malloc(total);
  r->hdr = cx__malloc(rec->n * sizeof *r->hdr);
  r->w_item = cx__malloc(rec->n * sizeof *r->w_item);
  r->w_kind = cx__calloc(rec->n, sizeof *r->w_kind);
  r->p_col = cx__malloc(rec->n * sizeof *r->p_col);
  r->p_dim = cx__malloc(rec->n * sizeof *r->p_dim);
  r->points = cx__malloc(rec->n * sizeof *r->points);
  if (!r->header || !r->hdr || !r->w_item || !r->w_kind || !r->p_col ||
      !r->p_dim || !r->points)
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
    r->w_item[i] = NONE;
    w += len + 1;
  }
  r->ncols = rec->n;
  return CX_OK;
}

static cx_status find_column(const reader *r, const char *name, size_t *out) {
  *out = NONE;
  if (!name)
    return CX_OK;
  size_t len = strlen(name);
  for (size_t i = 0; i < r->ncols; i++) {
    if (r->hdr[i].len != len || memcmp(r->hdr[i].ptr, name, len) != 0)
      continue;
    if (*out != NONE)
      return err_header(r, CX_EPARSE, i, "column appears twice in the header");
    *out = i;
  }
  return CX_OK;
}

static cx_status missing_column(const reader *r, const char *what,
                                const char *name) {
  return cx__error_at(CX_EPARSE, r->name, 1, 1, name, strlen(name),
                      "the header has no %s column", what);
}

static bool ends_with(const cx_csv_field *h, const char *suffix) {
  size_t n = suffix ? strlen(suffix) : 0;
  return n && h->len > n && memcmp(h->ptr + h->len - n, suffix, n) == 0;
}

static bool is_named(const reader *r, size_t col) {
  return col == r->c_resp || col == r->c_seg || col == r->c_wt;
}

/* Wide: the item columns, item + suffix (the longest suffix wins). */
static cx_status wide_columns(reader *r) {
  const char *suffix[NV] = {r->o->expectation_suffix, r->o->perception_suffix,
                            r->o->adequate_suffix,    r->o->desired_suffix,
                            r->o->importance_suffix,
                            r->o->disconfirmation_suffix};
  size_t found = 0;
  for (size_t c = 0; c < r->ncols; c++) {
    const cx_csv_field *h = &r->hdr[c];
    if (is_named(r, c) || ends_with(h, r->o->points_suffix))
      continue;
    int kind = -1;
    size_t best = 0;
    for (int v = 0; v < NV; v++)
      if (ends_with(h, suffix[v]) && strlen(suffix[v]) > best) {
        best = strlen(suffix[v]);
        kind = v;
      }
    if (kind < 0)
      continue;
    size_t len = h->len - best;
    if (!cx__utf8_valid(h->ptr, len) || len > GAP_NAME_MAX_BYTES)
      return err_header(r, CX_EPARSE, c, "item name is not valid UTF-8 or "
                                         "too long");
    size_t item = cx__names_find(&r->items, h->ptr, len);
    if (item == NONE) {
      if (r->items_fixed)
        return err_header(r, CX_EPARSE, c,
                          "column of an item the survey does not have");
      cx_status st = add_item(r, h->ptr, len, NULL, NULL, 0, &item);
      if (st)
        return st;
    }
    for (size_t k = 0; k < c; k++)
      if (r->w_item[k] == item && r->w_kind[k] == kind)
        return err_header(r, CX_EPARSE, c,
                          "second column of one item and question");
    r->w_item[c] = item;
    r->w_kind[c] = kind;
    found++;
  }
  if (!found)
    return cx__error_at(CX_EPARSE, r->name, 1, 1, NULL, 0,
                        "the header has no item columns (names ending in "
                        "'%s', '%s' ...)",
                        suffix[0] ? suffix[0] : "", suffix[1] ? suffix[1] : "");
  return CX_OK;
}

static cx_status setup(reader *r, const cx_csv_record *rec) {
  const cx_gap_csv_options *o = r->o;
  cx_status st = keep_header(r, rec);
  if (st)
    return st;
  if ((st = find_column(r, o->respondent_column, &r->c_resp)) ||
      (st = find_column(r, o->segment_column, &r->c_seg)) ||
      (st = find_column(r, o->weight_column, &r->c_wt)) ||
      (st = find_column(r, o->item_column, &r->c_item)))
    return st;
  cx_gap_csv_layout layout = o->layout;
  if (layout == CX_GAP_CSV_AUTO)
    layout = r->c_item != NONE ? CX_GAP_CSV_LONG : CX_GAP_CSV_WIDE;
  r->long_layout = layout == CX_GAP_CSV_LONG;
  if (o->require_segment && r->c_seg == NONE)
    return missing_column(r, "segment", o->segment_column);
  if (o->require_weight && r->c_wt == NONE)
    return missing_column(r, "weight", o->weight_column);
  r->segmented = r->c_seg != NONE;
  if (o->segment && !r->segmented)
    return missing_column(r, "segment", o->segment_column ? o->segment_column
                                                          : "segment");
  if (r->long_layout) {
    if (r->c_item == NONE)
      return missing_column(r, "item", o->item_column ? o->item_column : "");
    if (r->c_resp == NONE)
      return missing_column(r, "respondent (needed in the long layout)",
                            o->respondent_column ? o->respondent_column : "");
    const char *vc[NV] = {o->expectation_column, o->perception_column,
                          o->adequate_column,    o->desired_column,
                          o->importance_column,  o->disconfirmation_column};
    bool any = false;
    for (int v = 0; v < NV; v++) {
      if ((st = find_column(r, vc[v], &r->c_val[v])))
        return st;
      any = any || r->c_val[v] != NONE;
    }
    if (!any)
      return missing_column(r, "answer", vc[V_P] ? vc[V_P] : "perception");
    if (!r->items_fixed) {
      if ((st = find_column(r, o->label_column, &r->c_label)) ||
          (st = find_column(r, o->dimension_column, &r->c_dim)))
        return st;
    }
  } else {
    r->c_item = NONE;
    if ((st = wide_columns(r)))
      return st;
    r->items_fixed = true;
  }
  /* One column cannot play two parts. */
  size_t used[5 + NV] = {r->c_resp, r->c_seg, r->c_wt, r->c_item, r->c_label};
  for (int v = 0; v < NV; v++)
    used[5 + v] = r->c_val[v];
  for (size_t i = 0; i < 5 + NV; i++)
    for (size_t j = i + 1; j < 5 + NV; j++)
      if (used[i] != NONE && used[i] == used[j])
        return err_header(r, CX_EINVAL, used[i],
                          "one column cannot play two parts (respondent, "
                          "segment, weight, item, label or an answer)");
  for (size_t c = 0; c < r->ncols; c++)
    if (ends_with(&r->hdr[c], o->points_suffix) && !is_named(r, c))
      r->p_col[r->np++] = c;
  r->staged = !r->items_fixed;
  if (r->items_fixed)
    return map_points(r);
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

/* The item of a long row, declared from the row when items come from the
 * file. */
static cx_status long_item(reader *r, const cx_csv_record *rec,
                           size_t *out) {
  const char *p;
  size_t len;
  field_text(rec, r->c_item, &p, &len);
  size_t i = cx__names_find(&r->items, p, len);
  const char *lp = NULL, *dp = NULL;
  size_t ll = 0, dl = 0;
  if (r->c_label != NONE)
    field_text(rec, r->c_label, &lp, &ll);
  if (r->c_dim != NONE)
    field_text(rec, r->c_dim, &dp, &dl);
  cx_status st;
  if (i == NONE) {
    if (r->items_fixed)
      return err_field(r, rec, CX_EPARSE, r->c_item,
                       "item the survey does not have");
    if ((st = check_name(r, rec, r->c_item, "item id", false)) ||
        (r->c_label != NONE &&
         (st = check_name(r, rec, r->c_label, "item label", true))) ||
        (r->c_dim != NONE &&
         (st = check_name(r, rec, r->c_dim, "dimension name", true))))
      return st;
    char *label = lp ? cx__strndup(lp, ll) : NULL;
    char *dim = dp ? cx__strndup(dp, dl) : NULL;
    if ((lp && !label) || (dp && !dim))
      st = cx__enomem();
    else
      st = add_item(r, p, len, label, dim, 0, &i);
    cx__free(label);
    cx__free(dim);
    if (st)
      return st;
  } else if (!r->items_fixed) {
    const char *kd = r->idim[i] ? r->idim[i] : "";
    const char *kl = r->ilabel[i] ? r->ilabel[i] : "";
    if (dp && !(strlen(kd) == dl && memcmp(kd, dp, dl) == 0))
      return err_field(r, rec, CX_EPARSE, r->c_dim,
                       "dimension differs from the item's first row");
    if (lp && !(strlen(kl) == ll && memcmp(kl, lp, ll) == 0))
      return err_field(r, rec, CX_EPARSE, r->c_label,
                       "label differs from the item's first row");
  }
  *out = i;
  return CX_OK;
}

static cx_status long_row(reader *r, const cx_csv_record *rec) {
  const char *p;
  size_t len;
  cx_status st;
  field_text(rec, r->c_resp, &p, &len);
  if (!r->open || !kept_is(&r->rid, p, len)) {
    if ((st = finish_respondent(r)))
      return st;
    if (len == 0)
      return err_field(r, rec, CX_EPARSE, r->c_resp, "empty respondent id");
    if ((st = open_respondent(r, rec)))
      return st;
  } else if (!r->skip && (st = check_repeat(r, rec))) {
    return st;
  }
  size_t item = 0;
  if ((st = long_item(r, rec, &item)))
    return st;
  if (r->skip)
    return CX_OK;
  if (r->seen[item])
    return err_field(r, rec, CX_EPARSE, r->c_item,
                     "item given twice for one respondent");
  r->seen[item] = 1;
  for (int v = 0; v < NV; v++)
    if (r->c_val[v] != NONE &&
        (st = read_answer(r, rec, r->c_val[v], v, &r->val[v][item])))
      return st;
  return CX_OK;
}

static cx_status wide_row(reader *r, const cx_csv_record *rec) {
  cx_status st = open_respondent(r, rec);
  if (st)
    return st;
  if (!r->skip)
    for (size_t c = 0; c < r->ncols; c++)
      if (r->w_item[c] != NONE &&
          (st = read_answer(r, rec, c, r->w_kind[c],
                            &r->val[r->w_kind[c]][r->w_item[c]])))
        return st;
  return finish_respondent(r);
}

/* ---- driver ------------------------------------------------------------- */

static cx_status check_options(const cx_gap_csv_options *o) {
  if (o->version != CX_GAP_CSV_OPTIONS_VERSION)
    return cx__error(CX_EINVAL, "cx_gap_read_csv: options version %u, "
                                "expected %u",
                     o->version, CX_GAP_CSV_OPTIONS_VERSION);
  if (o->layout != CX_GAP_CSV_AUTO && o->layout != CX_GAP_CSV_LONG &&
      o->layout != CX_GAP_CSV_WIDE)
    return cx__error(CX_EINVAL, "cx_gap_read_csv: unknown layout %d",
                     (int)o->layout);
  if (o->delimiter == '"' || o->delimiter == '\n' || o->delimiter == '\r' ||
      o->delimiter == '\0')
    return cx__error(CX_EINVAL, "cx_gap_read_csv: the delimiter cannot be a "
                                "quote, a line end or NUL");
  if (o->layout == CX_GAP_CSV_LONG && (!o->item_column ||
                                       !o->respondent_column))
    return cx__error(CX_EINVAL, "cx_gap_read_csv: the long layout needs item "
                                "and respondent column names");
  if ((o->require_segment || o->segment) && !o->segment_column)
    return cx__error(CX_EINVAL, "cx_gap_read_csv: a segment is required "
                                "without a segment column name");
  if (o->require_weight && !o->weight_column)
    return cx__error(CX_EINVAL, "cx_gap_read_csv: require_weight without a "
                                "weight column name");
  return CX_OK;
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
  uint64_t header_end = rec.end_line, rows = 0;
  for (;;) {
    if ((st = cx__csv_next(r->csv, &rec, &eof)))
      return st;
    if (eof)
      break;
    rows++;
    if ((st = check_width(r, &rec)))
      return st;
    st = r->long_layout ? long_row(r, &rec) : wide_row(r, &rec);
    if (st)
      return st;
  }
  if (rows == 0)
    return cx__error_at(CX_EPARSE, r->name, header_end + 1, 1, NULL, 0,
                        "no data rows after the header");
  if ((st = finish_respondent(r)))
    return st;
  if (r->kept_respondents == 0) {
    const char *seg = r->o->segment ? r->o->segment : "";
    const cx_csv_field *h = &r->hdr[r->c_seg];
    return cx__error_at(CX_EPARSE, r->name, h->line, h->column, seg,
                        strlen(seg), "no row has this segment in column '%s'",
                        h->ptr);
  }
  if (r->staged) {
    if ((st = map_points(r)) || (st = replay(r)))
      return st;
  }
  /* Every segment gets a survey, and the pooled one merges them. */
  if (!r->segmented)
    return survey_of(r, 0, &r->out->pooled);
  if ((st = make_survey(r, &r->out->pooled)))
    return st;
  for (size_t k = 0; k < r->out->names.count; k++) {
    cx_gap_survey *s;
    if ((st = survey_of(r, k, &s)) ||
        (st = cx_gap_survey_merge(r->out->pooled, s)))
      return st;
  }
  return CX_OK;
}

static void reader_free(reader *r) {
  cx__csv_close(r->csv);
  cx__free(r->header);
  cx__free(r->hdr);
  cx__free(r->w_item);
  cx__free(r->w_kind);
  cx__free(r->p_col);
  cx__free(r->p_dim);
  cx__free(r->points);
  for (size_t i = 0; i < r->items.count; i++) {
    cx__free(r->ilabel[i]);
    cx__free(r->idim[i]);
  }
  cx__names_free(&r->items);
  cx__free(r->ilabel);
  cx__free(r->idim);
  cx__free(r->iflags);
  cx__free(r->seen);
  for (int v = 0; v < NV; v++)
    cx__free(r->val[v]);
  cx__free(r->rid.p);
  cx__free(r->rseg.p);
  cx__free(r->rwt.p);
  cx__free(r->rpts.p);
  cx__buf_free(&r->stage);
  if (r->solo && (!r->out || r->out->pooled != r->solo))
    cx_gap_survey_free(r->solo);
  cx__free(r);
}

CX_API void cx_gap_segments_free(cx_gap_segments *g) {
  if (!g)
    return;
  for (size_t k = 0; k < g->names.count; k++)
    cx_gap_survey_free(g->survey[k]);
  cx__free(g->survey);
  cx__names_free(&g->names);
  cx_gap_survey_free(g->pooled);
  cx__free(g);
}

static cx_status read_segments(cx_gap_segments **out,
                               const cx_gap_survey *like, const char *path,
                               const char *data, size_t len, const char *name,
                               const cx_gap_csv_options *options) {
  static const cx_gap_csv_options defaults = CX_GAP_CSV_OPTIONS_INIT;
  const cx_gap_csv_options *o = options ? options : &defaults;
  cx_status st = check_options(o);
  if (st)
    return st;
  reader *r = cx__calloc(1, sizeof *r);
  cx_gap_segments *g = cx__calloc(1, sizeof *g);
  if (!r || !g) {
    cx__free(r);
    cx__free(g);
    return cx__enomem();
  }
  cx__names_init(&g->names);
  cx__names_init(&r->items);
  cx__buf_init(&r->stage);
  r->out = g;
  r->o = o;
  if (like) {
    r->config = like->config;
  } else {
    cx_gap_config dc = CX_GAP_CONFIG_INIT;
    r->config = dc;
  }
  r->scale[V_E] = r->scale[V_P] = r->scale[V_A] = r->scale[V_D] =
      &r->config.scale;
  r->scale[V_IMP] = &r->config.importance;
  r->scale[V_DISC] = &r->config.disconfirmation;
  r->like = like;
  r->c_resp = r->c_seg = r->c_wt = r->c_item = r->c_label = r->c_dim = NONE;
  for (int v = 0; v < NV; v++)
    r->c_val[v] = NONE;
  if (like && like->items.count) {
    r->items_fixed = true;
    if ((st = items_from_like(r)))
      goto done;
  }
  st = path ? cx__csv_open_file(&r->csv, path, o->delimiter)
            : cx__csv_open_buffer(&r->csv, data, len, name, o->delimiter);
  if (st)
    goto done;
  r->name = cx__csv_name(r->csv);
  if (o->progress)
    cx__csv_set_progress(r->csv, o->progress, o->progress_ctx);
  st = run(r);
done:
  reader_free(r);
  if (st) {
    cx_gap_segments_free(g);
    return st;
  }
  *out = g;
  return CX_OK;
}

/* Into the caller's survey: merge when it has items, else take over the
 * read survey's contents (items and answers) in one step. */
static cx_status read_into(cx_gap_survey *survey, const char *path,
                           const char *data, size_t len, const char *name,
                           const cx_gap_csv_options *options) {
  cx_gap_segments *g = NULL;
  cx_status st = read_segments(&g, survey, path, data, len, name, options);
  if (st)
    return st;
  if (survey->items.count) {
    st = cx_gap_survey_merge(survey, g->pooled);
  } else {
    cx_gap_survey tmp = *survey;
    *survey = *g->pooled;
    *g->pooled = tmp;
  }
  cx_gap_segments_free(g);
  return st;
}

CX_API cx_status cx_gap_read_csv(cx_gap_survey *survey, const char *path,
                                 const cx_gap_csv_options *options) {
  if (!survey || !path)
    return cx__error(CX_EINVAL, "cx_gap_read_csv: NULL argument");
  return read_into(survey, path, NULL, 0, NULL, options);
}

CX_API cx_status cx_gap_read_csv_buffer(cx_gap_survey *survey,
                                        const char *data, size_t len,
                                        const char *name,
                                        const cx_gap_csv_options *options) {
  if (!survey || (!data && len))
    return cx__error(CX_EINVAL, "cx_gap_read_csv_buffer: NULL argument");
  return read_into(survey, NULL, data ? data : "", len, name, options);
}

CX_API cx_status cx_gap_read_csv_segments(cx_gap_segments **out,
                                          const cx_gap_survey *like,
                                          const char *path,
                                          const cx_gap_csv_options *options) {
  if (!out || !path)
    return cx__error(CX_EINVAL, "cx_gap_read_csv_segments: NULL argument");
  return read_segments(out, like, path, NULL, 0, NULL, options);
}

CX_API cx_status cx_gap_read_csv_segments_buffer(
    cx_gap_segments **out, const cx_gap_survey *like, const char *data,
    size_t len, const char *name, const cx_gap_csv_options *options) {
  if (!out || (!data && len))
    return cx__error(CX_EINVAL,
                     "cx_gap_read_csv_segments_buffer: NULL argument");
  return read_segments(out, like, NULL, data ? data : "", len, name, options);
}

CX_API size_t cx_gap_segments_count(const cx_gap_segments *g) {
  return g ? g->names.count : 0;
}

CX_API const char *cx_gap_segments_name(const cx_gap_segments *g,
                                        size_t index) {
  return g && index < g->names.count ? g->names.name[index] : NULL;
}

CX_API const cx_gap_survey *cx_gap_segments_survey(const cx_gap_segments *g,
                                                   size_t index) {
  return g && index < g->names.count ? g->survey[index] : NULL;
}

CX_API const cx_gap_survey *cx_gap_segments_pooled(const cx_gap_segments *g) {
  return g ? g->pooled : NULL;
}
