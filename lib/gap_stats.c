/*
 * Results of a gap survey: per item and per dimension the paired
 * statistics of the gap (t-test, interval, Wilcoxon signed-rank, effect
 * sizes, adjusted p-values), the zone of tolerance, importance-performance
 * quadrants, subjective disconfirmation and the overall scores.  Every
 * number is computed from the count tables of lib/gap.c; formulas and
 * sources are in docs/methodology/gap.md.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gap_internal.h"
#include "stats.h"

struct cx_gap_result {
  cx_gap_options opt;
  size_t ni, nd;
  cx_gap_item_result *items;
  cx_gap_dimension_result *dims;
  char **strings; /* owned copies: ni ids, ni labels, nd names */
  double overall;
  cx_gap_score weighted;
  double cross_imp, cross_perf, cross_gap;
};

/* One distinct value of a gap variable with its count and weight. */
typedef struct vt {
  double x;
  uint64_t n;
  double w;
} vt;

static cx_status check_options(const cx_gap_options *o) {
  if (o->version != CX_GAP_OPTIONS_VERSION)
    return cx__error(CX_EINVAL, "gap options have version %u; this library "
                     "knows %u", o->version, CX_GAP_OPTIONS_VERSION);
  if (!(o->level > 0.0 && o->level < 1.0))
    return cx__error(CX_EINVAL, "confidence level %g is outside (0, 1)",
                     o->level);
  if ((unsigned)o->zero_method > CX_GAP_ZERO_ZSPLIT)
    return cx__error(CX_EINVAL, "unknown Wilcoxon zero method %d",
                     (int)o->zero_method);
  if ((unsigned)o->overall > CX_GAP_OVERALL_ITEMS)
    return cx__error(CX_EINVAL, "unknown overall score rule %d",
                     (int)o->overall);
  if ((unsigned)o->crosshair > CX_GAP_CROSSHAIR_CUSTOM)
    return cx__error(CX_EINVAL, "unknown crosshair rule %d",
                     (int)o->crosshair);
  if (o->crosshair == CX_GAP_CROSSHAIR_CUSTOM &&
      !(isfinite(o->custom_importance) && isfinite(o->custom_performance) &&
        isfinite(o->custom_gap)))
    return cx__error(CX_EINVAL, "a custom crosshair needs finite importance, "
                                "performance and gap values");
  return CX_OK;
}

CX_API const char *cx_gap_quadrant_name(cx_gap_quadrant q) {
  switch (q) {
  case CX_GAP_QUADRANT_NONE: return "none";
  case CX_GAP_CONCENTRATE_HERE: return "concentrate here";
  case CX_GAP_KEEP_UP_THE_GOOD_WORK: return "keep up the good work";
  case CX_GAP_LOW_PRIORITY: return "low priority";
  case CX_GAP_POSSIBLE_OVERKILL: return "possible overkill";
  }
  return "invalid";
}

/* ---- moments ------------------------------------------------------------ */

/* Weighted mean and SD of values with weight sum sw and squared-weight
 * sum w2.  The variance divides by sw - w2 / sw, which is n - 1 for unit
 * weights and equals the variance with divisor sw scaled by
 * n_eff / (n_eff - 1) in general.  NaN when undefined. */
typedef struct moments {
  uint64_t n;
  double sw, w2, mean, sd;
} moments;

static void finish_sd(moments *m, double ss) {
  double den = m->sw - m->w2 / m->sw;
  m->sd = m->sw > 0.0 && den > 0.0 ? sqrt(ss / den) : NAN;
}

static moments vt_moments(const vt *v, size_t nv, double w2) {
  moments m = {0, 0.0, w2, NAN, NAN};
  double sx = 0.0;
  for (size_t i = 0; i < nv; i++) {
    m.n += v[i].n;
    m.sw += v[i].w;
    sx += v[i].w * v[i].x;
  }
  if (!(m.sw > 0.0))
    return m;
  m.mean = sx / m.sw;
  double ss = 0.0;
  for (size_t i = 0; i < nv; i++)
    ss += v[i].w * (v[i].x - m.mean) * (v[i].x - m.mean);
  finish_sd(&m, ss);
  return m;
}

/* Moments of a histogram over x0, x0 + 1, ...; @p nb, @p wb (may be
 * NULL) hold a second histogram of the same shape added to the first. */
static moments hist_moments(const uint64_t *na, const double *wa,
                            const uint64_t *nb, const double *wb, size_t len,
                            double x0, double w2) {
  moments m = {0, 0.0, w2, NAN, NAN};
  double sx = 0.0;
  for (size_t i = 0; i < len; i++) {
    double w = wa[i] + (wb ? wb[i] : 0.0);
    m.n += na[i] + (nb ? nb[i] : 0);
    m.sw += w;
    sx += w * (x0 + (double)i);
  }
  if (!(m.sw > 0.0))
    return m;
  m.mean = sx / m.sw;
  double ss = 0.0;
  for (size_t i = 0; i < len; i++) {
    double w = wa[i] + (wb ? wb[i] : 0.0), d = x0 + (double)i - m.mean;
    ss += w * d * d;
  }
  finish_sd(&m, ss);
  return m;
}

/* ---- one gap variable ---------------------------------------------------- */

static int cmp_abs(const void *pa, const void *pb) {
  const vt *a = pa, *b = pb;
  double x = fabs(a->x), y = fabs(b->x);
  return x < y ? -1 : x > y ? 1 : a->x < b->x ? -1 : a->x > b->x ? 1 : 0;
}

static int cmp_x(const void *pa, const void *pb) {
  const vt *a = pa, *b = pb;
  return a->x < b->x ? -1 : a->x > b->x ? 1 : 0;
}

/* Value of the order statistic of rank r (0-based) of values sorted by x. */
static double order_stat(const vt *v, size_t nv, uint64_t r) {
  uint64_t seen = 0;
  for (size_t i = 0; i < nv; i++) {
    seen += v[i].n;
    if (r < seen)
      return v[i].x;
  }
  return NAN;
}

/* Unweighted median, linear interpolation between order statistics
 * (Hyndman & Fan type 7).  Sorts @p v by x. */
static double vt_median(vt *v, size_t nv, uint64_t n) {
  if (n == 0)
    return NAN;
  qsort(v, nv, sizeof *v, cmp_x);
  double h = (double)(n - 1) * 0.5;
  uint64_t lo = (uint64_t)floor(h);
  double a = order_stat(v, nv, lo);
  if (lo + 1 >= n)
    return a;
  double b = order_stat(v, nv, lo + 1);
  return a + (h - (double)lo) * (b - a);
}

/* Wilcoxon signed-rank on the grouped values (unweighted counts).  Sorts
 * @p v by |x|; @p scratch holds 2 nv counts. */
static void vt_wilcoxon(vt *v, size_t nv, const cx_gap_options *o,
                        uint64_t *scratch, cx_gap_stats *out) {
  qsort(v, nv, sizeof *v, cmp_abs);
  uint64_t *npos = scratch, *nneg = scratch + nv, nzero = 0;
  size_t ng = 0;
  double last = -1.0;
  for (size_t i = 0; i < nv; i++) {
    if (v[i].n == 0)
      continue;
    if (v[i].x == 0.0) {
      nzero += v[i].n;
      continue;
    }
    /* Equal doubles are equal values: every value here is a ratio of
     * small integers, and distinct such ratios never round together. */
    if (fabs(v[i].x) != last) {
      npos[ng] = nneg[ng] = 0;
      ng++;
      last = fabs(v[i].x);
    }
    if (v[i].x > 0.0)
      npos[ng - 1] += v[i].n;
    else
      nneg[ng - 1] += v[i].n;
  }
  cx_wilcoxon w;
  cx__wilcoxon_grouped(npos, nneg, ng, nzero, (int)o->zero_method,
                       o->tie_correction, o->continuity, &w);
  out->n_zero = nzero;
  out->n_ranked = (uint64_t)w.n_ranked;
  out->w_plus = w.w_plus;
  out->w_minus = w.w_minus;
  out->w = w.w;
  out->z = w.z;
  out->p_w = w.p;
}

/* Everything about one gap variable except the E / P moments, which the
 * caller sets before (they feed d_av). */
static void gap_stats(vt *v, size_t nv, double w2, const cx_gap_options *o,
                      uint64_t *scratch, cx_gap_stats *g) {
  moments m = vt_moments(v, nv, w2);
  g->n = m.n;
  g->sum_weights = m.sw;
  g->n_eff = m.sw > 0.0 && w2 > 0.0 ? m.sw * m.sw / w2 : NAN;
  g->mean = m.mean;
  g->sd = m.sd;
  g->df = g->n_eff - 1.0;
  g->se = g->sd / sqrt(g->n_eff);
  double q = cx__t_quantile(1.0 - (1.0 - o->level) / 2.0, g->df);
  g->ci_low = g->mean - q * g->se;
  g->ci_high = g->mean + q * g->se;
  /* A constant gap has no sampling variance: t and d_z are undefined. */
  g->t = g->sd > 0.0 ? g->mean / g->se : NAN;
  g->p_t = cx__t_two_sided_p(g->t, g->df);
  g->p_t_holm = g->p_t_bh = g->p_w_holm = g->p_w_bh = NAN;
  g->d_z = g->sd > 0.0 ? g->mean / g->sd : NAN;
  double sav = (g->sd_e + g->sd_p) / 2.0;
  g->d_av = sav > 0.0 ? g->mean / sav : NAN;
  double j = cx__hedges_j(g->df);
  g->g_z = g->d_z * j;
  g->g_av = g->d_av * j;
  vt_wilcoxon(v, nv, o, scratch, g);
  g->median = vt_median(v, nv, g->n);
}

/* ---- items ------------------------------------------------------------- */

static const uint64_t *cnt_at(const cx_gap_survey *s, size_t item,
                              size_t off) {
  return s->cnt + item * s->lay.stride + off;
}

static const double *w_at(const cx_gap_survey *s, size_t item, size_t off) {
  return s->wsum + item * s->lay.stride + off;
}

static void item_gap(const cx_gap_survey *s, size_t i,
                     const cx_gap_options *o, vt *v, uint64_t *scratch,
                     cx_gap_item_result *r) {
  size_t k = s->k;
  double lo = s->config.scale.min;
  const uint64_t *n = cnt_at(s, i, s->lay.pair);
  const double *w = w_at(s, i, s->lay.pair);
  double w2 = s->mom[i * GAP_MOM_ITEM + GAP_MOM_PAIR_W2];
  /* E and P margins of the pair table. */
  vt ev[CX_GAP_MAX_POINTS], pv[CX_GAP_MAX_POINTS];
  for (size_t a = 0; a < k; a++) {
    ev[a] = (vt){lo + (double)a, 0, 0.0};
    pv[a] = (vt){lo + (double)a, 0, 0.0};
  }
  size_t g = 2 * k - 1;
  for (size_t d = 0; d < g; d++)
    v[d] = (vt){(double)d - (double)(k - 1), 0, 0.0};
  for (size_t a = 0; a < k; a++) {
    for (size_t b = 0; b < k; b++) {
      size_t c = a * k + b;
      ev[a].n += n[c];
      ev[a].w += w[c];
      pv[b].n += n[c];
      pv[b].w += w[c];
      v[b + k - 1 - a].n += n[c];
      v[b + k - 1 - a].w += w[c];
    }
  }
  moments me = vt_moments(ev, k, w2), mp = vt_moments(pv, k, w2);
  r->gap.mean_e = me.mean;
  r->gap.mean_p = mp.mean;
  r->gap.sd_e = me.sd;
  r->gap.sd_p = mp.sd;
  gap_stats(v, g, w2, o, scratch, &r->gap);
  const uint64_t *st = cnt_at(s, i, s->lay.status);
  r->n_missing = st[0];
  r->n_not_applicable = st[1];
  r->n_dont_know = st[2];
}

static void item_zot(const cx_gap_survey *s, size_t i, const cx_gap_options *o,
                     cx_gap_item_result *r) {
  size_t k = s->k, g = 2 * k - 1;
  size_t z0 = s->lay.zot[0], z1 = s->lay.zot[1];
  bool both = !o->drop_inversions;
  const double *mom = s->mom + i * GAP_MOM_ITEM;
  double w2 = mom[GAP_MOM_ZOT_W2] + (both ? mom[GAP_MOM_ZOT_W2 + 1] : 0.0);
  double x0 = -(double)(k - 1);
  moments m[3];
  for (int t = 0; t < 3; t++) {
    size_t off = (size_t)t * g;
    m[t] = hist_moments(cnt_at(s, i, z0 + off), w_at(s, i, z0 + off),
                        both ? cnt_at(s, i, z1 + off) : NULL,
                        both ? w_at(s, i, z1 + off) : NULL, g, x0, w2);
  }
  r->msa_mean = m[0].mean;
  r->msa_sd = m[0].sd;
  r->mss_mean = m[1].mean;
  r->mss_sd = m[1].sd;
  r->width_mean = m[2].mean;
  r->width_sd = m[2].sd;
  const uint64_t *zc = cnt_at(s, i, z0 + 3 * g), *zi = cnt_at(s, i, z1 + 3 * g);
  r->zot_inversions = zi[0] + zi[1] + zi[2];
  r->zot_below = zc[0] + (both ? zi[0] : 0);
  r->zot_within = zc[1] + (both ? zi[1] : 0);
  r->zot_above = zc[2] + (both ? zi[2] : 0);
  r->zot_n = r->zot_below + r->zot_within + r->zot_above;
}

static void item_other(const cx_gap_survey *s, size_t i,
                       cx_gap_item_result *r) {
  const double *mom = s->mom + i * GAP_MOM_ITEM;
  moments mi = hist_moments(cnt_at(s, i, s->lay.importance),
                            w_at(s, i, s->lay.importance), NULL, NULL, s->ki,
                            s->config.importance.min, mom[GAP_MOM_IMP_W2]);
  r->importance_n = mi.n;
  r->importance_mean = mi.mean;
  r->importance_sd = mi.sd;
  moments mp = hist_moments(cnt_at(s, i, s->lay.pall),
                            w_at(s, i, s->lay.pall), NULL, NULL, s->k,
                            s->config.scale.min, mom[GAP_MOM_PALL_W2]);
  r->performance_n = mp.n;
  r->performance_mean = mp.mean;
  moments md = hist_moments(cnt_at(s, i, s->lay.disc),
                            w_at(s, i, s->lay.disc), NULL, NULL, s->kd,
                            s->config.disconfirmation.min,
                            mom[GAP_MOM_DISC_W2]);
  r->disconfirmation_n = md.n;
  r->disconfirmation_mean = md.mean;
  r->disconfirmation_sd = md.sd;
  r->priority = r->importance_mean - r->performance_mean;
}

/* ---- dimensions --------------------------------------------------------- */

static void dimension(const cx_gap_survey *s, size_t d,
                      const cx_gap_options *o, vt *v, uint64_t *scratch,
                      cx_gap_dimension_result *r) {
  const gap_dim *dm = &s->dim[d];
  size_t k = s->k, nv = 0;
  double w2 = 0.0, se = 0.0, se2 = 0.0, sp = 0.0, sp2 = 0.0;
  for (size_t m = 1; m <= dm->n_items; m++) {
    size_t row = dm->cells + cx__gap_dim_row(m, k), width = 2 * m * (k - 1) + 1;
    for (size_t c = 0; c < width; c++) {
      if (s->cnt[row + c] == 0)
        continue;
      double sum = (double)c - (double)(m * (k - 1));
      v[nv++] = (vt){sum / (double)m, s->cnt[row + c], s->wsum[row + c]};
    }
    const double *mom = s->mom + dm->mom + (m - 1) * GAP_DIM_MOM;
    double md = (double)m;
    w2 += mom[0];
    se += mom[1] / md;
    se2 += mom[2] / (md * md);
    sp += mom[3] / md;
    sp2 += mom[4] / (md * md);
  }
  size_t tail = dm->cells + cx__gap_dim_table_cells(dm->n_items, k);
  r->n_items = dm->n_items;
  r->n_too_few = s->cnt[tail];
  r->n_none = s->cnt[tail + 1];
  /* The means of E and P per respondent are not integers, so their moments
   * come from the running sums (one-pass formula). */
  double sw = 0.0;
  for (size_t i = 0; i < nv; i++)
    sw += v[i].w;
  moments me = {0, sw, w2, NAN, NAN}, mp = me;
  if (sw > 0.0) {
    me.mean = se / sw;
    mp.mean = sp / sw;
    finish_sd(&me, fmax(0.0, se2 - se * se / sw));
    finish_sd(&mp, fmax(0.0, sp2 - sp * sp / sw));
  }
  r->gap.mean_e = me.mean;
  r->gap.mean_p = mp.mean;
  r->gap.sd_e = me.sd;
  r->gap.sd_p = mp.sd;
  gap_stats(v, nv, w2, o, scratch, &r->gap);
}

/* ---- crosshair and quadrants ------------------------------------------- */

static double center(double *x, size_t n, cx_gap_crosshair how) {
  size_t m = 0;
  for (size_t i = 0; i < n; i++)
    if (!isnan(x[i]))
      x[m++] = x[i];
  if (m == 0)
    return NAN;
  if (how == CX_GAP_CROSSHAIR_MEDIAN) {
    cx__sort_f64(x, m);
    return cx__quantile_sorted(x, m, 0.5);
  }
  double sum = 0.0;
  for (size_t i = 0; i < m; i++)
    sum += x[i];
  return sum / (double)m;
}

/* A point on a line counts as high on that axis. */
static cx_gap_quadrant quadrant(double imp, double perf, double ci,
                                double cp) {
  if (isnan(imp) || isnan(perf) || isnan(ci) || isnan(cp))
    return CX_GAP_QUADRANT_NONE;
  bool hi = imp >= ci, hp = perf >= cp;
  return hi ? (hp ? CX_GAP_KEEP_UP_THE_GOOD_WORK : CX_GAP_CONCENTRATE_HERE)
            : (hp ? CX_GAP_POSSIBLE_OVERKILL : CX_GAP_LOW_PRIORITY);
}

static void ipa(const cx_gap_survey *s, cx_gap_result *res, double *tmp) {
  const cx_gap_options *o = &res->opt;
  size_t n = res->ni;
  double ci, cp, cg;
  if (o->crosshair == CX_GAP_CROSSHAIR_MIDPOINT) {
    ci = ((double)s->config.importance.min + s->config.importance.max) / 2.0;
    cp = ((double)s->config.scale.min + s->config.scale.max) / 2.0;
    cg = 0.0;
  } else if (o->crosshair == CX_GAP_CROSSHAIR_CUSTOM) {
    ci = o->custom_importance;
    cp = o->custom_performance;
    cg = o->custom_gap;
  } else {
    for (size_t i = 0; i < n; i++)
      tmp[i] = res->items[i].importance_mean;
    ci = center(tmp, n, o->crosshair);
    for (size_t i = 0; i < n; i++)
      tmp[i] = res->items[i].performance_mean;
    cp = center(tmp, n, o->crosshair);
    for (size_t i = 0; i < n; i++)
      tmp[i] = res->items[i].gap.mean;
    cg = center(tmp, n, o->crosshair);
  }
  res->cross_imp = ci;
  res->cross_perf = cp;
  res->cross_gap = cg;
  for (size_t i = 0; i < n; i++) {
    cx_gap_item_result *r = &res->items[i];
    r->quadrant = quadrant(r->importance_mean, r->performance_mean, ci, cp);
    r->gap_quadrant = quadrant(r->importance_mean, r->gap.mean, ci, cg);
  }
}

/* Holm and BH across a family of stats (items or dimensions). */
static void adjust(cx_gap_stats **g, size_t n, double *p, double *adj,
                   size_t *order) {
  for (int which = 0; which < 2; which++) {
    for (size_t i = 0; i < n; i++)
      p[i] = which ? g[i]->p_w : g[i]->p_t;
    cx__p_adjust_holm(p, n, adj, order);
    for (size_t i = 0; i < n; i++)
      *(which ? &g[i]->p_w_holm : &g[i]->p_t_holm) = adj[i];
    cx__p_adjust_bh(p, n, adj, order);
    for (size_t i = 0; i < n; i++)
      *(which ? &g[i]->p_w_bh : &g[i]->p_t_bh) = adj[i];
  }
}

static void weighted_score(const cx_gap_survey *s, cx_gap_result *res) {
  cx_gap_score *w = &res->weighted;
  const uint64_t *c = s->cnt + s->score_cells;
  const double *m = s->mom + s->score_mom;
  moments mm = {c[0], s->wsum[s->score_cells], m[0], NAN, NAN};
  w->n = c[0];
  w->n_no_points = c[1];
  w->n_incomplete = c[2];
  if (mm.sw > 0.0) {
    mm.mean = m[1] / mm.sw;
    finish_sd(&mm, fmax(0.0, m[2] - m[1] * m[1] / mm.sw));
  }
  w->sum_weights = mm.sw;
  w->n_eff = mm.sw > 0.0 && mm.w2 > 0.0 ? mm.sw * mm.sw / mm.w2 : NAN;
  w->mean = mm.mean;
  w->sd = mm.sd;
  w->se = w->sd / sqrt(w->n_eff);
  double q = cx__t_quantile(1.0 - (1.0 - res->opt.level) / 2.0, w->n_eff - 1);
  w->ci_low = w->mean - q * w->se;
  w->ci_high = w->mean + q * w->se;
}

/* ---- the result object ------------------------------------------------ */

CX_API void cx_gap_result_free(cx_gap_result *r) {
  if (!r)
    return;
  if (r->strings)
    for (size_t i = 0; i < 2 * r->ni + r->nd; i++)
      cx__free(r->strings[i]);
  cx__free(r->strings);
  cx__free(r->items);
  cx__free(r->dims);
  cx__free(r);
}

static cx_status copy_strings(const cx_gap_survey *s, cx_gap_result *r) {
  size_t total = 2 * r->ni + r->nd;
  r->strings = cx__calloc(total ? total : 1, sizeof *r->strings);
  if (!r->strings)
    return cx__enomem();
  for (size_t i = 0; i < total; i++) {
    const char *src = i < r->ni       ? s->items.name[i]
                      : i < 2 * r->ni ? s->labels[i - r->ni]
                                      : s->dims.name[i - 2 * r->ni];
    if (!(r->strings[i] = cx__strdup(src)))
      return cx__enomem();
  }
  return CX_OK;
}

/* The largest number of distinct values of one gap variable. */
static size_t max_values(const cx_gap_survey *s) {
  size_t most = 2 * s->k - 1;
  for (size_t d = 0; d < s->dims.count; d++) {
    size_t c = cx__gap_dim_table_cells(s->dim[d].n_items, s->k);
    if (c > most)
      most = c;
  }
  return most;
}

CX_API cx_status cx_gap_result_compute(cx_gap_result **out,
                                       const cx_gap_survey *s,
                                       const cx_gap_options *options) {
  if (!out || !s)
    return cx__error(CX_EINVAL, "cx_gap_result_compute: NULL argument");
  cx_gap_options o = CX_GAP_OPTIONS_INIT;
  if (options)
    o = *options;
  cx_status st = check_options(&o);
  if (st)
    return st;
  cx_gap_result *r = cx__calloc(1, sizeof *r);
  if (!r)
    return cx__enomem();
  r->opt = o;
  r->ni = s->items.count;
  r->nd = s->dims.count;
  size_t nv = max_values(s), fam = r->ni > r->nd ? r->ni : r->nd;
  r->items = cx__calloc(r->ni ? r->ni : 1, sizeof *r->items);
  r->dims = cx__calloc(r->nd ? r->nd : 1, sizeof *r->dims);
  vt *v = cx__malloc(nv * sizeof *v);
  uint64_t *scratch = cx__malloc(2 * nv * sizeof *scratch);
  double *p = cx__malloc((2 * fam + 1) * sizeof *p);
  size_t *order = cx__malloc((2 * fam + 1) * sizeof *order);
  cx_gap_stats **fam_ptr = cx__malloc((fam + 1) * sizeof *fam_ptr);
  if (!r->items || !r->dims || !v || !scratch || !p || !order || !fam_ptr) {
    st = cx__enomem();
    goto done;
  }
  if ((st = copy_strings(s, r)))
    goto done;
  for (size_t i = 0; i < r->ni; i++) {
    cx_gap_item_result *it = &r->items[i];
    it->id = r->strings[i];
    it->label = r->strings[r->ni + i];
    it->dimension = s->item_dim[i];
    item_gap(s, i, &o, v, scratch, it);
    item_zot(s, i, &o, it);
    item_other(s, i, it);
    fam_ptr[i] = &it->gap;
  }
  adjust(fam_ptr, r->ni, p, p + fam, order);
  for (size_t d = 0; d < r->nd; d++) {
    r->dims[d].name = r->strings[2 * r->ni + d];
    dimension(s, d, &o, v, scratch, &r->dims[d]);
    fam_ptr[d] = &r->dims[d].gap;
  }
  adjust(fam_ptr, r->nd, p, p + fam, order);
  ipa(s, r, p);
  double sum = 0.0;
  size_t n = o.overall == CX_GAP_OVERALL_ITEMS ? r->ni : r->nd;
  for (size_t i = 0; i < n; i++)
    sum += o.overall == CX_GAP_OVERALL_ITEMS ? r->items[i].gap.mean
                                             : r->dims[i].gap.mean;
  r->overall = n ? sum / (double)n : NAN;
  weighted_score(s, r);
done:
  cx__free(v);
  cx__free(scratch);
  cx__free(p);
  cx__free(order);
  cx__free(fam_ptr);
  if (st) {
    cx_gap_result_free(r);
    return st;
  }
  *out = r;
  return CX_OK;
}

CX_API const cx_gap_options *cx_gap_result_options(const cx_gap_result *r) {
  return r ? &r->opt : NULL;
}

CX_API size_t cx_gap_result_n_items(const cx_gap_result *r) {
  return r ? r->ni : 0;
}

CX_API size_t cx_gap_result_n_dimensions(const cx_gap_result *r) {
  return r ? r->nd : 0;
}

CX_API const cx_gap_item_result *cx_gap_result_item(const cx_gap_result *r,
                                                    size_t i) {
  return r && i < r->ni ? &r->items[i] : NULL;
}

CX_API const cx_gap_dimension_result *
cx_gap_result_dimension(const cx_gap_result *r, size_t i) {
  return r && i < r->nd ? &r->dims[i] : NULL;
}

CX_API double cx_gap_result_overall(const cx_gap_result *r) {
  return r ? r->overall : NAN;
}

CX_API const cx_gap_score *cx_gap_result_weighted(const cx_gap_result *r) {
  return r ? &r->weighted : NULL;
}

CX_API cx_status cx_gap_result_crosshair(const cx_gap_result *r,
                                         double *importance,
                                         double *performance, double *gap) {
  if (!r)
    return cx__error(CX_EINVAL, "cx_gap_result_crosshair: result is NULL");
  if (importance)
    *importance = r->cross_imp;
  if (performance)
    *performance = r->cross_perf;
  if (gap)
    *gap = r->cross_gap;
  return CX_OK;
}
