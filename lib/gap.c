/*
 * The gap-analysis accumulator: items and dimensions, respondent and
 * column input, exact merging and a versioned, checksummed serialization.
 * Results are computed in lib/gap_stats.c, bytes read and written in
 * lib/gap_serialize.c.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "gap_internal.h"

/* ---- layout ----------------------------------------------------------- */

size_t cx__gap_dim_row(size_t m, size_t k) {
  /* sum_{j=1}^{m-1} (2 j (k-1) + 1) = (k-1) (m-1) m + (m-1) */
  return (k - 1) * (m - 1) * m + (m - 1);
}

size_t cx__gap_dim_table_cells(size_t n, size_t k) {
  return cx__gap_dim_row(n + 1, k);
}

/* Cells and moments for the current items, plus one more item in
 * dimension @p extra when @p extra_item (CX_GAP_NO_DIMENSION: none;
 * dims.count: a dimension not declared yet). */
static void layout_sizes(const cx_gap_survey *s, bool extra_item,
                         size_t extra, size_t *cells, size_t *mom) {
  size_t k = s->k, ni = s->items.count + (extra_item ? 1 : 0);
  size_t stride = k * k + 2 * (3 * (2 * k - 1) + 3) + s->ki + s->kd + k + 3;
  size_t c = ni * stride, m = ni * GAP_MOM_ITEM;
  size_t nd = s->dims.count + (extra_item && extra == s->dims.count ? 1 : 0);
  for (size_t d = 0; d < nd; d++) {
    size_t n = d < s->dims.count ? s->dim[d].n_items : 0;
    if (extra_item && extra == d)
      n++;
    c += cx__gap_dim_table_cells(n, k) + 2;
    m += n * GAP_DIM_MOM;
  }
  *cells = c + GAP_SCORE_CELLS + 1;
  *mom = m + GAP_SCORE_MOM;
}

/* Offsets of every table for the current items (pure arithmetic). */
static void set_offsets(cx_gap_survey *s) {
  size_t k = s->k, g = 2 * k - 1;
  gap_item_layout *l = &s->lay;
  l->pair = 0;
  l->zot[0] = k * k;
  l->zot[1] = l->zot[0] + 3 * g + 3;
  l->importance = l->zot[1] + 3 * g + 3;
  l->disc = l->importance + s->ki;
  l->pall = l->disc + s->kd;
  l->status = l->pall + k;
  l->stride = l->status + 3;
  size_t cells = s->items.count * l->stride;
  size_t mom = s->items.count * GAP_MOM_ITEM;
  for (size_t d = 0; d < s->dims.count; d++) {
    s->dim[d].cells = cells;
    s->dim[d].mom = mom;
    cells += cx__gap_dim_table_cells(s->dim[d].n_items, k) + 2;
    mom += s->dim[d].n_items * GAP_DIM_MOM;
  }
  s->score_cells = cells;
  s->score_mom = mom;
  s->resp_cell = cells + GAP_SCORE_CELLS;
  s->ncells = s->resp_cell + 1;
  s->nmom = mom + GAP_SCORE_MOM;
}

typedef struct state {
  uint64_t *cnt;
  double *wsum, *mom;
} state;

static bool state_alloc(state *st, size_t cells, size_t mom) {
  st->cnt = cx__calloc(cells, sizeof *st->cnt);
  st->wsum = cx__calloc(cells, sizeof *st->wsum);
  st->mom = cx__calloc(mom ? mom : 1, sizeof *st->mom);
  if (st->cnt && st->wsum && st->mom)
    return true;
  cx__free(st->cnt);
  cx__free(st->wsum);
  cx__free(st->mom);
  return false;
}

/* Replace the (empty) state with @p st, sized for the current items. */
static void state_install(cx_gap_survey *s, state *st) {
  cx__free(s->cnt);
  cx__free(s->wsum);
  cx__free(s->mom);
  s->cnt = st->cnt;
  s->wsum = st->wsum;
  s->mom = st->mom;
  set_offsets(s);
}

/* ---- creation --------------------------------------------------------- */

static cx_status check_scale(const char *what, const cx_scale *sc,
                             size_t max_points) {
  if (cx_scale_validate(sc) != CX_OK) {
    char why[256];
    snprintf(why, sizeof why, "%s", cx_error_last());
    return cx__error(CX_EINVAL, "%s scale: %s", what, why);
  }
  if (cx_scale_points(sc) > max_points)
    return cx__error(CX_EINVAL, "%s scale %d-%d has more than %zu points",
                     what, (int)sc->min, (int)sc->max, max_points);
  return CX_OK;
}

static cx_status check_config(const cx_gap_config *c) {
  if (c->version != CX_GAP_CONFIG_VERSION)
    return cx__error(CX_EINVAL, "gap config has version %u; this library "
                     "knows %u", c->version, CX_GAP_CONFIG_VERSION);
  cx_status st;
  if ((st = check_scale("answer", &c->scale, CX_GAP_MAX_POINTS)) ||
      (st = check_scale("importance", &c->importance, CX_SCALE_MAX_POINTS)) ||
      (st = check_scale("disconfirmation", &c->disconfirmation,
                        CX_SCALE_MAX_POINTS)))
    return st;
  if (!(c->min_share > 0.0 && c->min_share <= 1.0))
    return cx__error(CX_EINVAL, "min_share %g is outside (0, 1]",
                     c->min_share);
  return CX_OK;
}

static void drop_labels(cx_scale *sc) {
  sc->labels = NULL;
  sc->nlabels = 0;
}

CX_API cx_status cx_gap_survey_new(cx_gap_survey **out,
                                   const cx_gap_config *config) {
  if (!out)
    return cx__error(CX_EINVAL, "cx_gap_survey_new: out is NULL");
  cx_gap_config c = CX_GAP_CONFIG_INIT;
  if (config)
    c = *config;
  cx_status st = check_config(&c);
  if (st)
    return st;
  drop_labels(&c.scale);
  drop_labels(&c.importance);
  drop_labels(&c.disconfirmation);
  cx_gap_survey *s = cx__calloc(1, sizeof *s);
  if (!s)
    return cx__enomem();
  s->config = c;
  s->k = cx_scale_points(&c.scale);
  s->ki = cx_scale_points(&c.importance);
  s->kd = cx_scale_points(&c.disconfirmation);
  cx__names_init(&s->items);
  cx__names_init(&s->dims);
  size_t cells, mom;
  layout_sizes(s, false, CX_GAP_NO_DIMENSION, &cells, &mom);
  state fresh;
  if (!state_alloc(&fresh, cells, mom)) {
    cx_gap_survey_free(s);
    return cx__enomem();
  }
  state_install(s, &fresh);
  *out = s;
  return CX_OK;
}

CX_API void cx_gap_survey_free(cx_gap_survey *s) {
  if (!s)
    return;
  for (size_t i = 0; i < s->items.count; i++)
    cx__free(s->labels[i]);
  cx__free(s->labels);
  cx__free(s->item_dim);
  cx__free(s->flags);
  cx__free(s->dim);
  cx__names_free(&s->items);
  cx__names_free(&s->dims);
  cx__free(s->cnt);
  cx__free(s->wsum);
  cx__free(s->mom);
  cx__free(s);
}

CX_API cx_status cx_gap_survey_config(const cx_gap_survey *s,
                                      cx_gap_config *out) {
  if (!s || !out)
    return cx__error(CX_EINVAL, "cx_gap_survey_config: NULL argument");
  *out = s->config;
  return CX_OK;
}

/* ---- items -------------------------------------------------------------- */

static cx_status check_text(const char *what, const char *t, size_t len) {
  if (len == 0)
    return cx__error(CX_EINVAL, "%s is empty", what);
  if (len > GAP_NAME_MAX_BYTES)
    return cx__error_at(CX_ERANGE, NULL, 0, 0, t, len,
                        "%s longer than %d bytes", what, GAP_NAME_MAX_BYTES);
  if (!cx__utf8_valid(t, len))
    return cx__error_at(CX_EINVAL, NULL, 0, 0, t, len,
                        "%s is not valid UTF-8", what);
  return CX_OK;
}

static bool grow_items(cx_gap_survey *s) {
  if (s->items.count < s->item_cap)
    return true;
  size_t cap = s->item_cap ? 2 * s->item_cap : 16;
  char **l = cx__realloc(s->labels, cap * sizeof *l);
  if (!l)
    return false;
  s->labels = l;
  size_t *d = cx__realloc(s->item_dim, cap * sizeof *d);
  if (!d)
    return false;
  s->item_dim = d;
  unsigned *f = cx__realloc(s->flags, cap * sizeof *f);
  if (!f)
    return false;
  s->flags = f;
  s->item_cap = cap;
  return true;
}

CX_API cx_status cx_gap_survey_add_item(cx_gap_survey *s, const char *id,
                                        const char *label,
                                        const char *dimension, unsigned flags,
                                        size_t *index) {
  if (!s || !id)
    return cx__error(CX_EINVAL, "cx_gap_survey_add_item: NULL argument");
  if (s->has_data)
    return cx__error(CX_ESTATE, "items must be declared before answers are "
                                "added");
  if (flags & ~CX_GAP_ITEM_REVERSED)
    return cx__error(CX_EINVAL, "unknown item flags 0x%x", flags);
  size_t len = strlen(id);
  cx_status st = check_text("item id", id, len);
  if (st)
    return st;
  if (label && label[0] &&
      (st = check_text("item label", label, strlen(label))))
    return st;
  if (dimension && (st = check_text("dimension name", dimension,
                                    strlen(dimension))))
    return st;
  if (cx__names_find(&s->items, id, len) != SIZE_MAX)
    return cx__error_at(CX_EINVAL, NULL, 0, 0, id, len, "duplicate item id");
  size_t dl = dimension ? strlen(dimension) : 0;
  size_t d = dimension ? cx__names_find(&s->dims, dimension, dl)
                       : CX_GAP_NO_DIMENSION;
  if (dimension && d == SIZE_MAX)
    d = s->dims.count;
  /* Allocate everything first, so that a failure changes nothing. */
  if (!grow_items(s))
    return cx__enomem();
  if (d == s->dims.count) {
    gap_dim *nd = cx__realloc(s->dim, (s->dims.count + 1) * sizeof *nd);
    if (!nd)
      return cx__enomem();
    s->dim = nd;
  }
  size_t cells, mom;
  layout_sizes(s, true, d, &cells, &mom);
  state fresh;
  if (!state_alloc(&fresh, cells, mom))
    return cx__enomem();
  char *lab = cx__strdup(label ? label : "");
  if (!lab) {
    cx__free(fresh.cnt);
    cx__free(fresh.wsum);
    cx__free(fresh.mom);
    return cx__enomem();
  }
  if (d == s->dims.count) {
    if (cx__names_add(&s->dims, dimension, dl) == SIZE_MAX)
      goto oom;
    s->dim[d].n_items = 0;
  }
  /* If this fails after a new dimension was added, that dimension stays
   * declared without items; the fresh state is large enough for it. */
  size_t k = cx__names_add(&s->items, id, len);
  if (k == SIZE_MAX) {
    state_install(s, &fresh);
    cx__free(lab);
    return cx__enomem();
  }
  s->labels[k] = lab;
  s->item_dim[k] = d;
  s->flags[k] = flags;
  if (d != CX_GAP_NO_DIMENSION)
    s->dim[d].n_items++;
  state_install(s, &fresh);
  if (index)
    *index = k;
  return CX_OK;
oom:
  cx__free(lab);
  cx__free(fresh.cnt);
  cx__free(fresh.wsum);
  cx__free(fresh.mom);
  return cx__enomem();
}

CX_API cx_status cx_gap_survey_declare_servqual(cx_gap_survey *s) {
  if (!s)
    return cx__error(CX_EINVAL, "cx_gap_survey_declare_servqual: NULL");
  if (s->items.count)
    return cx__error(CX_ESTATE, "the SERVQUAL items can only be declared in "
                                "a survey without items");
  static const struct {
    const char *name;
    int first, last;
  } dims[5] = {{"tangibles", 1, 4},
               {"reliability", 5, 9},
               {"responsiveness", 10, 13},
               {"assurance", 14, 17},
               {"empathy", 18, 22}};
  for (int d = 0; d < 5; d++) {
    for (int i = dims[d].first; i <= dims[d].last; i++) {
      char id[16], label[64];
      snprintf(id, sizeof id, "SQ%d", i);
      snprintf(label, sizeof label, "%s %d", dims[d].name,
               i - dims[d].first + 1);
      cx_status st = cx_gap_survey_add_item(s, id, label, dims[d].name, 0,
                                            NULL);
      if (st)
        return st;
    }
  }
  return CX_OK;
}

CX_API size_t cx_gap_survey_n_items(const cx_gap_survey *s) {
  return s ? s->items.count : 0;
}

CX_API size_t cx_gap_survey_n_dimensions(const cx_gap_survey *s) {
  return s ? s->dims.count : 0;
}

CX_API const char *cx_gap_survey_item_id(const cx_gap_survey *s, size_t i) {
  return s && i < s->items.count ? s->items.name[i] : NULL;
}

CX_API const char *cx_gap_survey_item_label(const cx_gap_survey *s,
                                            size_t i) {
  return s && i < s->items.count ? s->labels[i] : NULL;
}

CX_API size_t cx_gap_survey_item_dimension(const cx_gap_survey *s, size_t i) {
  return s && i < s->items.count ? s->item_dim[i] : CX_GAP_NO_DIMENSION;
}

CX_API const char *cx_gap_survey_dimension_name(const cx_gap_survey *s,
                                                size_t i) {
  return s && i < s->dims.count ? s->dims.name[i] : NULL;
}

static cx_status find(const cx_names *n, const char *what, const char *name,
                      size_t *index) {
  if (!name || !index)
    return cx__error(CX_EINVAL, "find %s: NULL argument", what);
  size_t len = strlen(name), k = cx__names_find(n, name, len);
  if (k == SIZE_MAX)
    return cx__error_at(CX_ENOTFOUND, NULL, 0, 0, name, len, "no such %s",
                        what);
  *index = k;
  return CX_OK;
}

CX_API cx_status cx_gap_survey_find_item(const cx_gap_survey *s,
                                         const char *id, size_t *index) {
  if (!s)
    return cx__error(CX_EINVAL, "cx_gap_survey_find_item: survey is NULL");
  return find(&s->items, "item", id, index);
}

CX_API cx_status cx_gap_survey_find_dimension(const cx_gap_survey *s,
                                              const char *name,
                                              size_t *index) {
  if (!s)
    return cx__error(CX_EINVAL,
                     "cx_gap_survey_find_dimension: survey is NULL");
  return find(&s->dims, "dimension", name, index);
}

/* ---- input -------------------------------------------------------------- */

/* One respondent's answers, as arrays of doubles (NULL = not asked). */
typedef struct row {
  const char *who;
  double weight;
  const double *v[6]; /* E, P, A, D, importance, disconfirmation */
  const double *points;
} row;

enum { V_E, V_P, V_A, V_D, V_IMP, V_DISC };

static const cx_scale *scale_of(const cx_gap_survey *s, int which) {
  return which == V_IMP    ? &s->config.importance
         : which == V_DISC ? &s->config.disconfirmation
                           : &s->config.scale;
}

static cx_status check_row(const cx_gap_survey *s, const row *r) {
  if (!(r->weight >= 0.0) || isinf(r->weight))
    return cx__error(CX_ERANGE, "respondent %s: weight %g is not a finite "
                     "number >= 0", r->who, r->weight);
  for (int v = 0; v < 6; v++) {
    if (!r->v[v])
      continue;
    const cx_scale *sc = scale_of(s, v);
    for (size_t i = 0; i < s->items.count; i++) {
      /* The scales were validated when the survey was made: classify
       * first, and build the message only for a bad answer. */
      cx_scale_answer_kind k = cx_scale_classify(sc, r->v[v][i]);
      if (k != CX_SCALE_OUT_OF_SCALE && k != CX_SCALE_NON_INTEGER)
        continue;
      cx_status st = cx_scale_check(sc, r->v[v][i], r->who,
                                    s->items.name[i], NULL);
      if (st)
        return st;
    }
  }
  if (r->points && s->dims.count) {
    double sum = 0.0;
    for (size_t d = 0; d < s->dims.count; d++) {
      double p = r->points[d];
      if (!(p >= 0.0) || isinf(p))
        return cx__error(CX_ERANGE, "respondent %s, dimension %s: %g points "
                         "is not a finite number >= 0", r->who,
                         s->dims.name[d], p);
      sum += p;
    }
    if (fabs(sum - 100.0) > 1e-6)
      return cx__error(CX_ERANGE, "respondent %s: dimension points sum to %g, "
                       "not 100", r->who, sum);
  }
  return CX_OK;
}

static void put(cx_gap_survey *s, size_t cell, double w) {
  s->cnt[cell]++;
  s->wsum[cell] += w;
}

/* Value of answer v of item i, reversed where the item says so; valid
 * answers only (the caller checked the kind). */
static double value(const cx_gap_survey *s, const row *r, int v, size_t i,
                    cx_scale_answer_kind *kind) {
  if (!r->v[v]) {
    *kind = CX_SCALE_MISSING;
    return NAN;
  }
  const cx_scale *sc = scale_of(s, v);
  double x = r->v[v][i];
  *kind = cx_scale_classify(sc, x);
  if ((s->flags[i] & CX_GAP_ITEM_REVERSED) && v <= V_D)
    x = cx_scale_reverse(sc, x);
  return x;
}

/* Count one checked row; @p acc is scratch for 4 values per dimension. */
static void add_row(cx_gap_survey *s, const row *r, int64_t *acc) {
  const int32_t lo = s->config.scale.min;
  const size_t k = s->k, g = 2 * k - 1, nd = s->dims.count;
  const double w = r->weight, w2 = w * w;
  /* Per dimension: answered items, sums of gaps, of E and of P. */
  memset(acc, 0, 4 * nd * sizeof *acc);
  for (size_t i = 0; i < s->items.count; i++) {
    size_t base = i * s->lay.stride;
    double *mom = s->mom + i * GAP_MOM_ITEM;
    cx_scale_answer_kind ke, kp, ka, kd, ki, kx;
    double e = value(s, r, V_E, i, &ke), p = value(s, r, V_P, i, &kp);
    double a = value(s, r, V_A, i, &ka), d = value(s, r, V_D, i, &kd);
    double im = value(s, r, V_IMP, i, &ki), x = value(s, r, V_DISC, i, &kx);
    /* Indexes only of valid answers: a missing one is NaN, which must
     * never be converted to an integer. */
    long ie = ke == CX_SCALE_VALID ? (long)e - lo : 0;
    long ip = kp == CX_SCALE_VALID ? (long)p - lo : 0;
    if (ke == CX_SCALE_VALID && kp == CX_SCALE_VALID) {
      put(s, base + s->lay.pair + (size_t)ie * k + (size_t)ip, w);
      mom[GAP_MOM_PAIR_W2] += w2;
      size_t dd = s->item_dim[i];
      if (dd != CX_GAP_NO_DIMENSION) {
        acc[4 * dd]++;
        acc[4 * dd + 1] += ip - ie;
        acc[4 * dd + 2] += (int64_t)e;
        acc[4 * dd + 3] += (int64_t)p;
      }
    } else {
      int st = ke == CX_SCALE_NOT_APPLICABLE || kp == CX_SCALE_NOT_APPLICABLE
                   ? 1
               : ke == CX_SCALE_DONT_KNOW || kp == CX_SCALE_DONT_KNOW ? 2
                                                                      : 0;
      put(s, base + s->lay.status + (size_t)st, w);
    }
    if (kp == CX_SCALE_VALID) {
      put(s, base + s->lay.pall + (size_t)ip, w);
      mom[GAP_MOM_PALL_W2] += w2;
    }
    if (ka == CX_SCALE_VALID && kd == CX_SCALE_VALID && kp == CX_SCALE_VALID) {
      long ia = (long)a - lo, id = (long)d - lo, off = (long)k - 1;
      int inv = ia > id;
      size_t z = base + s->lay.zot[inv];
      put(s, z + (size_t)(ip - ia + off), w);
      put(s, z + g + (size_t)(ip - id + off), w);
      put(s, z + 2 * g + (size_t)(id - ia + off), w);
      put(s, z + 3 * g + (ip < ia ? 0u : ip > id ? 2u : 1u), w);
      mom[GAP_MOM_ZOT_W2 + inv] += w2;
    }
    if (ki == CX_SCALE_VALID) {
      put(s, base + s->lay.importance +
                 (size_t)((long)im - s->config.importance.min), w);
      mom[GAP_MOM_IMP_W2] += w2;
    }
    if (kx == CX_SCALE_VALID) {
      put(s, base + s->lay.disc +
                 (size_t)((long)x - s->config.disconfirmation.min), w);
      mom[GAP_MOM_DISC_W2] += w2;
    }
  }
  bool all_defined = nd > 0;
  double score = 0.0;
  for (size_t d = 0; d < nd; d++) {
    const gap_dim *dm = &s->dim[d];
    int64_t m = acc[4 * d], sum = acc[4 * d + 1];
    size_t tab = dm->cells, tail = tab + cx__gap_dim_table_cells(dm->n_items, k);
    /* A small tolerance so that 0.75 x 4 = 3 answered items qualify even
     * when the product rounds up. */
    if (m == 0) {
      put(s, tail + 1, w);
      all_defined = false;
    } else if ((double)m < s->config.min_share * (double)dm->n_items - 1e-9) {
      put(s, tail, w);
      all_defined = false;
    } else {
      size_t mm = (size_t)m;
      put(s, tab + cx__gap_dim_row(mm, k) +
                 (size_t)(sum + m * (int64_t)(k - 1)), w);
      double *dmom = s->mom + dm->mom + (mm - 1) * GAP_DIM_MOM;
      double se = (double)acc[4 * d + 2], sp = (double)acc[4 * d + 3];
      dmom[0] += w2;
      dmom[1] += w * se;
      dmom[2] += w * se * se;
      dmom[3] += w * sp;
      dmom[4] += w * sp * sp;
      if (r->points)
        score += r->points[d] / 100.0 * ((double)sum / (double)m);
    }
  }
  if (nd) {
    if (!r->points) {
      put(s, s->score_cells + 1, w);
    } else if (!all_defined) {
      put(s, s->score_cells + 2, w);
    } else {
      put(s, s->score_cells, w);
      double *sm = s->mom + s->score_mom;
      sm[0] += w2;
      sm[1] += w * score;
      sm[2] += w * score * score;
    }
  }
  put(s, s->resp_cell, w);
  s->has_data = true;
}

static int64_t *row_scratch(const cx_gap_survey *s) {
  return cx__malloc((4 * s->dims.count + 1) * sizeof(int64_t));
}

CX_API cx_status cx_gap_survey_add_respondent(cx_gap_survey *s,
                                              const cx_gap_response *resp) {
  if (!s || !resp)
    return cx__error(CX_EINVAL, "cx_gap_survey_add_respondent: NULL argument");
  if (resp->version != CX_GAP_RESPONSE_VERSION)
    return cx__error(CX_EINVAL, "gap response has version %u; this library "
                     "knows %u", resp->version, CX_GAP_RESPONSE_VERSION);
  if (s->items.count == 0)
    return cx__error(CX_ESTATE, "the survey has no items");
  char who[128];
  if (resp->respondent)
    snprintf(who, sizeof who, "%.100s", resp->respondent);
  else
    snprintf(who, sizeof who, "#%llu",
             (unsigned long long)(s->cnt[s->resp_cell] + 1));
  row r = {who, resp->weight,
           {resp->expectation, resp->perception, resp->adequate,
            resp->desired, resp->importance, resp->disconfirmation},
           resp->dimension_points};
  cx_status st = check_row(s, &r);
  if (st)
    return st;
  int64_t *acc = row_scratch(s);
  if (!acc)
    return cx__enomem();
  add_row(s, &r, acc);
  cx__free(acc);
  return CX_OK;
}

/* ---- batch input ------------------------------------------------------ */

static cx_status check_columns(const char *what, const cx_array *cols,
                               size_t n) {
  if (!cols)
    return CX_OK;
  for (size_t i = 0; i < n; i++)
    if (cols[i].data && !cx__dtype_valid(cols[i].dtype))
      return cx__error(CX_EINVAL, "%s column %zu has unknown dtype %d", what,
                       i, (int)cols[i].dtype);
  return CX_OK;
}

/* Copy row j of the columns into the scratch arrays of @p r. */
static void load_row(const cx_gap_survey *s, const cx_gap_columns *c,
                     size_t j, double *buf, row *r) {
  const cx_array *cols[6] = {c->expectation, c->perception, c->adequate,
                             c->desired, c->importance, c->disconfirmation};
  size_t ni = s->items.count;
  for (int v = 0; v < 6; v++) {
    r->v[v] = NULL;
    if (!cols[v])
      continue;
    double *dst = buf + (size_t)v * ni;
    for (size_t i = 0; i < ni; i++)
      dst[i] = cols[v][i].data ? cx__array_get_f64(&cols[v][i], j) : NAN;
    r->v[v] = dst;
  }
  r->points = NULL;
  if (c->dimension_points && s->dims.count) {
    double *dst = buf + 6 * ni;
    /* A row whose points are all missing gave no points. */
    bool any = false;
    for (size_t d = 0; d < s->dims.count; d++) {
      dst[d] = c->dimension_points[d].data
                   ? cx__array_get_f64(&c->dimension_points[d], j)
                   : NAN;
      any = any || !isnan(dst[d]);
    }
    r->points = any ? dst : NULL;
  }
  r->weight = c->weight && c->weight->data ? cx__array_get_f64(c->weight, j)
                                           : 1.0;
}

CX_API cx_status cx_gap_survey_add_batch(cx_gap_survey *s, size_t n,
                                         const cx_gap_columns *c) {
  if (!s || !c)
    return cx__error(CX_EINVAL, "cx_gap_survey_add_batch: NULL argument");
  if (c->version != CX_GAP_COLUMNS_VERSION)
    return cx__error(CX_EINVAL, "gap columns have version %u; this library "
                     "knows %u", c->version, CX_GAP_COLUMNS_VERSION);
  if (s->items.count == 0)
    return cx__error(CX_ESTATE, "the survey has no items");
  size_t ni = s->items.count, nd = s->dims.count;
  cx_status st;
  if ((st = check_columns("expectation", c->expectation, ni)) ||
      (st = check_columns("perception", c->perception, ni)) ||
      (st = check_columns("adequate", c->adequate, ni)) ||
      (st = check_columns("desired", c->desired, ni)) ||
      (st = check_columns("importance", c->importance, ni)) ||
      (st = check_columns("disconfirmation", c->disconfirmation, ni)) ||
      (st = check_columns("dimension points", c->dimension_points, nd)) ||
      (st = check_columns("weight", c->weight, 1)))
    return st;
  if (n == 0)
    return CX_OK;
  double *buf = cx__malloc((6 * ni + nd + 1) * sizeof *buf);
  int64_t *acc = row_scratch(s);
  if (!buf || !acc) {
    cx__free(buf);
    cx__free(acc);
    return cx__enomem();
  }
  char who[48];
  row r = {who, 1.0, {NULL}, NULL};
  /* Check every row before counting any, so a bad row changes nothing. */
  for (size_t j = 0; j < n; j++) {
    snprintf(who, sizeof who, "row %zu", j);
    load_row(s, c, j, buf, &r);
    if ((st = check_row(s, &r))) {
      cx__free(buf);
      cx__free(acc);
      return st;
    }
  }
  for (size_t j = 0; j < n; j++) {
    load_row(s, c, j, buf, &r);
    add_row(s, &r, acc);
  }
  cx__free(buf);
  cx__free(acc);
  return CX_OK;
}

CX_API uint64_t cx_gap_survey_n_respondents(const cx_gap_survey *s) {
  return s ? s->cnt[s->resp_cell] : 0;
}

/* ---- merge ---------------------------------------------------------------- */

static bool same_scale(const cx_scale *a, const cx_scale *b) {
  return a->min == b->min && a->max == b->max && a->neutral == b->neutral &&
         a->direction == b->direction && !a->has_na_code == !b->has_na_code &&
         (!a->has_na_code || a->na_code == b->na_code) &&
         !a->has_dk_code == !b->has_dk_code &&
         (!a->has_dk_code || a->dk_code == b->dk_code);
}

CX_API cx_status cx_gap_survey_merge(cx_gap_survey *dst,
                                     const cx_gap_survey *src) {
  if (!dst || !src)
    return cx__error(CX_EINVAL, "cx_gap_survey_merge: NULL argument");
  if (dst == src)
    return cx__error(CX_EINVAL, "cx_gap_survey_merge: cannot merge a survey "
                                "into itself");
  const cx_gap_config *a = &dst->config, *b = &src->config;
  if (!same_scale(&a->scale, &b->scale) ||
      !same_scale(&a->importance, &b->importance) ||
      !same_scale(&a->disconfirmation, &b->disconfirmation) ||
      a->min_share != b->min_share)
    return cx__error(CX_ESTATE, "cannot merge gap surveys with different "
                                "scales or min_share");
  if (dst->items.count != src->items.count)
    return cx__error(CX_ESTATE, "cannot merge gap surveys with %zu and %zu "
                     "items", dst->items.count, src->items.count);
  for (size_t i = 0; i < dst->items.count; i++) {
    if (strcmp(dst->items.name[i], src->items.name[i]) ||
        strcmp(dst->labels[i], src->labels[i]) ||
        strcmp(cx__gap_dim_name(dst, i), cx__gap_dim_name(src, i)) ||
        dst->flags[i] != src->flags[i])
      return cx__error(CX_ESTATE, "cannot merge gap surveys: item %zu differs "
                       "('%s' and '%s')", i, dst->items.name[i],
                       src->items.name[i]);
  }
  /* Same items in the same order give the same layout. */
  for (size_t c = 0; c < dst->ncells; c++) {
    dst->cnt[c] += src->cnt[c];
    dst->wsum[c] += src->wsum[c];
  }
  for (size_t m = 0; m < dst->nmom; m++)
    dst->mom[m] += src->mom[m];
  dst->has_data = dst->has_data || src->has_data;
  return CX_OK;
}
