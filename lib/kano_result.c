/*
 * Kano results: categories under each rule, coefficients, strength, the
 * Fong and chi-square tests, DuMouchel's continuous analysis, importance,
 * a multinomial bootstrap and the segment comparison.  Formulas and
 * sources: docs/methodology/kano.md.
 */
#include <math.h>
#include <string.h>

#include "kano_internal.h"
#include "stats.h"

struct cx_kano_result {
  cx_kano_options options;
  cx_names features;
  cx_names segments;
  /* rows[f * (nseg + 1) + g], g = nseg for the pooled row */
  cx_kano_feature_result *rows;
  uint64_t *respondents; /* per segment, then pooled */
  uint64_t *dropped;
};

static cx_status check_options(const cx_kano_options *o) {
  if (o->version != CX_KANO_OPTIONS_VERSION)
    return cx__error(CX_EINVAL, "cx_kano_options version %u is not %u",
                     o->version, CX_KANO_OPTIONS_VERSION);
  cx_status st = cx_kano_table_validate(&o->table);
  if (st)
    return st;
  if ((int)o->rule < 0 || (int)o->rule >= CX_KANO_NRULES)
    return cx__error(CX_EINVAL, "unknown Kano rule %d", (int)o->rule);
  if (!(o->threshold >= 0.0 && o->threshold <= 1.0))
    return cx__error(CX_EINVAL, "threshold %g is not between 0 and 1",
                     o->threshold);
  int seen = 0;
  for (int i = 0; i < CX_KANO_NCATEGORIES; i++) {
    int c = o->precedence[i];
    if (c < 0 || c >= CX_KANO_NCATEGORIES || (seen & (1 << c)))
      return cx__error(CX_EINVAL, "precedence is not an ordering of the six "
                                  "categories");
    seen |= 1 << c;
  }
  if (!(o->fong_z > 0.0) || isinf(o->fong_z))
    return cx__error(CX_EINVAL, "Fong critical value %g is not positive",
                     o->fong_z);
  for (int i = 0; i < 5; i++)
    if (!isfinite(o->functional_scores[i]) ||
        !isfinite(o->dysfunctional_scores[i]))
      return cx__error(CX_EINVAL, "DuMouchel scores must be finite");
  if (!(o->confidence > 0.0 && o->confidence < 1.0))
    return cx__error(CX_EINVAL, "confidence %g is not in (0, 1)",
                     o->confidence);
  if (o->bootstrap > 1000000u)
    return cx__error(CX_EINVAL, "bootstrap resamples %u exceed 1000000",
                     o->bootstrap);
  return CX_OK;
}

/* Categories ordered by count (descending), ties by precedence. */
static void rank_categories(const double *count, const int *rank, int *order) {
  for (int i = 0; i < CX_KANO_NCATEGORIES; i++)
    order[i] = i;
  for (int i = 1; i < CX_KANO_NCATEGORIES; i++) {
    int c = order[i], j = i;
    while (j > 0 && (count[order[j - 1]] < count[c] ||
                     (count[order[j - 1]] == count[c] &&
                      rank[order[j - 1]] > rank[c]))) {
      order[j] = order[j - 1];
      j--;
    }
    order[j] = c;
  }
}

/* The best of a subset of categories by count, ties by precedence. */
static int best_of(const double *count, const int *rank, const int *set,
                   int n) {
  int best = set[0];
  for (int i = 1; i < n; i++) {
    int c = set[i];
    if (count[c] > count[best] ||
        (count[c] == count[best] && rank[c] < rank[best]))
      best = c;
  }
  return best;
}

static void assign(const double *count, double n, const cx_kano_options *o,
                   const int *rank, cx_kano_category *by_rule) {
  if (!(n > 0.0)) {
    for (int r = 0; r < CX_KANO_NRULES; r++)
      by_rule[r] = CX_KANO_UNDEFINED;
    return;
  }
  int order[CX_KANO_NCATEGORIES];
  rank_categories(count, rank, order);
  by_rule[CX_KANO_RULE_MODE] = (cx_kano_category)order[0];
  int a = order[0], b = order[1];
  /* Compare counts, not rounded shares: (a - b) / n < threshold. */
  if (count[a] - count[b] < o->threshold * n && rank[b] < rank[a])
    by_rule[CX_KANO_RULE_MOAI] = (cx_kano_category)b;
  else
    by_rule[CX_KANO_RULE_MOAI] = (cx_kano_category)a;
  static const int oam[3] = {CX_KANO_O, CX_KANO_A, CX_KANO_M};
  static const int irq[3] = {CX_KANO_I, CX_KANO_R, CX_KANO_Q};
  double s_oam = count[CX_KANO_O] + count[CX_KANO_A] + count[CX_KANO_M];
  double s_irq = count[CX_KANO_I] + count[CX_KANO_R] + count[CX_KANO_Q];
  by_rule[CX_KANO_RULE_OAM_IRQ] =
      (cx_kano_category)(s_oam > s_irq ? best_of(count, rank, oam, 3)
                                       : best_of(count, rank, irq, 3));
}

static double nz(double v) { return v + 0.0; } /* -0 becomes +0 */

static void coefficients(const double *count, double *better, double *worse) {
  double den = count[CX_KANO_A] + count[CX_KANO_O] + count[CX_KANO_M] +
               count[CX_KANO_I];
  if (den > 0.0) {
    *better = nz((count[CX_KANO_A] + count[CX_KANO_O]) / den);
    *worse = nz(-(count[CX_KANO_O] + count[CX_KANO_M]) / den);
  } else {
    *better = NAN;
    *worse = NAN;
  }
}

/* Mean and reliability-weighted SD of a score over the 5x5 cells. */
static void cell_moments(const double *wcell, double n, double sum_w2,
                         const double *score, bool by_row, double *mean,
                         double *sd) {
  if (!(n > 0.0)) {
    *mean = NAN;
    *sd = NAN;
    return;
  }
  double m = 0.0;
  for (int f = 0; f < 5; f++)
    for (int d = 0; d < 5; d++)
      m += wcell[f * 5 + d] * score[by_row ? f : d];
  m /= n;
  double ss = 0.0;
  for (int f = 0; f < 5; f++)
    for (int d = 0; d < 5; d++) {
      double x = score[by_row ? f : d] - m;
      ss += wcell[f * 5 + d] * x * x;
    }
  double den = n - sum_w2 / n;
  *mean = nz(m);
  *sd = den > 0.0 ? sqrt(ss / den) : NAN;
}

typedef struct row_input {
  double wcell[25]; /* weighted count per answer pair */
  uint64_t raw[25];
  uint64_t missing;
  double n, sum_w2;
} row_input;

static void row_input_from(const kano_tally *t, row_input *in) {
  memset(in, 0, sizeof *in);
  for (int f = 0; f < 6; f++)
    for (int d = 0; d < 6; d++) {
      int k = f * 6 + d;
      if (f && d) {
        int c = (f - 1) * 5 + (d - 1);
        in->wcell[c] = (double)t->n[k] + t->w[k];
        in->raw[c] = t->n[k] + t->nw[k];
        in->n += in->wcell[c];
        in->sum_w2 += (double)t->n[k];
      } else {
        in->missing += t->n[k] + t->nw[k];
      }
    }
  in->sum_w2 += t->w2;
}

static void category_counts(const double *wcell, const cx_kano_table *table,
                            double *count) {
  memset(count, 0, CX_KANO_NCATEGORIES * sizeof *count);
  for (int f = 0; f < 5; f++)
    for (int d = 0; d < 5; d++)
      count[table->cell[f][d]] += wcell[f * 5 + d];
}

static void bootstrap(const row_input *in, const cx_kano_options *o,
                      const int *rank, uint64_t stream,
                      cx_kano_feature_result *r, double *better_draws,
                      double *worse_draws) {
  r->better_lo = r->better_hi = r->worse_lo = r->worse_hi = NAN;
  for (int c = 0; c < CX_KANO_NCATEGORIES; c++)
    r->stability[c] = NAN;
  r->bootstrap = 0;
  if (o->bootstrap == 0 || !(in->n > 0.0))
    return;
  /* Resample as many answers as the data carry information: the raw count
   * unweighted, the Kish effective n with weights. */
  uint64_t size = (uint64_t)llround(r->n_effective);
  if (size == 0)
    size = 1;
  cx_rng rng;
  cx__rng_seed(&rng, o->seed ^ (stream * 0x9e3779b97f4a7c15ull));
  uint64_t hits[CX_KANO_NCATEGORIES] = {0};
  size_t nb = 0, nw = 0;
  for (unsigned b = 0; b < o->bootstrap; b++) {
    uint64_t draw[25];
    double dcell[25], count[CX_KANO_NCATEGORIES];
    cx__rng_multinomial(&rng, size, in->wcell, 25, draw);
    for (int c = 0; c < 25; c++)
      dcell[c] = (double)draw[c];
    category_counts(dcell, &o->table, count);
    cx_kano_category by_rule[CX_KANO_NRULES];
    assign(count, (double)size, o, rank, by_rule);
    if (by_rule[o->rule] != CX_KANO_UNDEFINED)
      hits[by_rule[o->rule]]++;
    double bt, wt;
    coefficients(count, &bt, &wt);
    if (!isnan(bt)) {
      better_draws[nb++] = bt;
      worse_draws[nw++] = wt;
    }
  }
  r->bootstrap = o->bootstrap;
  for (int c = 0; c < CX_KANO_NCATEGORIES; c++)
    r->stability[c] = (double)hits[c] / (double)o->bootstrap;
  double alpha = 1.0 - o->confidence;
  cx__sort_f64(better_draws, nb);
  cx__sort_f64(worse_draws, nw);
  r->better_lo = cx__quantile_sorted(better_draws, nb, alpha / 2);
  r->better_hi = cx__quantile_sorted(better_draws, nb, 1 - alpha / 2);
  r->worse_lo = cx__quantile_sorted(worse_draws, nw, alpha / 2);
  r->worse_hi = cx__quantile_sorted(worse_draws, nw, 1 - alpha / 2);
}

static void compute_row(const kano_tally *t, const cx_kano_options *o,
                        const int *rank, uint64_t stream,
                        cx_kano_feature_result *r, double *scratch_b,
                        double *scratch_w) {
  row_input in;
  row_input_from(t, &in);
  r->n = in.n;
  r->n_missing = in.missing;
  r->n_raw = 0;
  for (int c = 0; c < 25; c++)
    r->n_raw += in.raw[c];
  r->n_effective = in.sum_w2 > 0.0 ? in.n * in.n / in.sum_w2 : NAN;
  if (!(in.n > 0.0))
    r->n_effective = NAN;
  category_counts(in.wcell, &o->table, r->count);
  for (int c = 0; c < CX_KANO_NCATEGORIES; c++)
    r->share[c] = in.n > 0.0 ? r->count[c] / in.n : NAN;
  assign(r->count, in.n, o, rank, r->by_rule);
  r->category = r->by_rule[o->rule];
  coefficients(r->count, &r->better, &r->worse);

  double *cnt = r->count;
  if (in.n > 0.0) {
    int order[CX_KANO_NCATEGORIES];
    rank_categories(cnt, rank, order);
    r->total_strength =
        (cnt[CX_KANO_A] + cnt[CX_KANO_O] + cnt[CX_KANO_M]) / in.n;
    r->category_strength = r->share[order[0]] - r->share[order[1]];
    /* Tests use counts rescaled to the effective sample size, so weights
     * neither inflate nor deflate the evidence. */
    double scale = r->n_effective / in.n;
    double a = cnt[order[0]] * scale, b = cnt[order[1]] * scale;
    double nn = in.n * scale;
    r->fong_a = a;
    r->fong_b = b;
    r->fong_limit = o->fong_z * sqrt((a + b) * (2 * nn - a - b) / (2 * nn));
    r->fong_significant = fabs(a - b) >= r->fong_limit;
    double moai = (cnt[CX_KANO_M] + cnt[CX_KANO_O] + cnt[CX_KANO_A] +
                   cnt[CX_KANO_I]) * scale;
    if (moai > 0.0) {
      double e = moai / 4.0, x2 = 0.0;
      static const int cats[4] = {CX_KANO_M, CX_KANO_O, CX_KANO_A, CX_KANO_I};
      for (int i = 0; i < 4; i++) {
        double dlt = cnt[cats[i]] * scale - e;
        x2 += dlt * dlt / e;
      }
      r->chi2 = x2;
      r->chi2_p = cx__chi2_sf(x2, 3.0);
    } else {
      r->chi2 = r->chi2_p = NAN;
    }
  } else {
    r->total_strength = r->category_strength = NAN;
    r->fong_a = r->fong_b = r->fong_limit = NAN;
    r->fong_significant = 0;
    r->chi2 = r->chi2_p = NAN;
  }
  cell_moments(in.wcell, in.n, in.sum_w2, o->functional_scores, true,
               &r->functional_mean, &r->functional_sd);
  cell_moments(in.wcell, in.n, in.sum_w2, o->dysfunctional_scores, false,
               &r->dysfunctional_mean, &r->dysfunctional_sd);
  r->importance_n = t->imp_n;
  if (t->imp_w > 0.0) {
    double m = t->imp_sum / t->imp_w;
    double ss = t->imp_sum2 - t->imp_w * m * m;
    double den = t->imp_w - t->imp_w2 / t->imp_w;
    r->importance_mean = m;
    r->importance_sd = den > 0.0 ? sqrt(ss > 0.0 ? ss / den : 0.0) : NAN;
  } else {
    r->importance_mean = r->importance_sd = NAN;
  }
  bootstrap(&in, o, rank, stream, r, scratch_b, scratch_w);
  r->segment_chi2 = r->segment_df = r->segment_p = NAN;
}

/* Chi-square test of independence of segment and category, on counts
 * rescaled per segment to its effective n; empty rows and columns are
 * dropped. */
static void segment_test(cx_kano_feature_result *rows, size_t nseg,
                         cx_kano_feature_result *pooled) {
  double col[CX_KANO_NCATEGORIES] = {0}, total = 0.0;
  size_t used_rows = 0;
  for (size_t g = 0; g < nseg; g++) {
    const cx_kano_feature_result *r = &rows[g];
    if (!(r->n > 0.0))
      continue;
    used_rows++;
    double scale = r->n_effective / r->n;
    for (int c = 0; c < CX_KANO_NCATEGORIES; c++) {
      col[c] += r->count[c] * scale;
      total += r->count[c] * scale;
    }
  }
  size_t used_cols = 0;
  for (int c = 0; c < CX_KANO_NCATEGORIES; c++)
    used_cols += col[c] > 0.0;
  if (used_rows < 2 || used_cols < 2)
    return;
  double x2 = 0.0;
  for (size_t g = 0; g < nseg; g++) {
    const cx_kano_feature_result *r = &rows[g];
    if (!(r->n > 0.0))
      continue;
    double scale = r->n_effective / r->n, rowsum = r->n_effective;
    for (int c = 0; c < CX_KANO_NCATEGORIES; c++) {
      if (!(col[c] > 0.0))
        continue;
      double e = rowsum * col[c] / total;
      double d = r->count[c] * scale - e;
      x2 += d * d / e;
    }
  }
  pooled->segment_chi2 = x2;
  pooled->segment_df = (double)((used_rows - 1) * (used_cols - 1));
  pooled->segment_p = cx__chi2_sf(x2, pooled->segment_df);
}

CX_API cx_status cx_kano_result_compute(cx_kano_result **out,
                                        const cx_kano_survey *s,
                                        const cx_kano_options *options) {
  static const cx_kano_options defaults = CX_KANO_OPTIONS_INIT;
  if (!out || !s)
    return cx__error(CX_EINVAL, "cx_kano_result_compute: NULL argument");
  const cx_kano_options *o = options ? options : &defaults;
  cx_status st = check_options(o);
  if (st)
    return st;
  int rank[CX_KANO_NCATEGORIES];
  for (int i = 0; i < CX_KANO_NCATEGORIES; i++)
    rank[o->precedence[i]] = i;

  size_t nf = s->features.count, nseg = s->segments.count;
  size_t per = nseg + 1, nrows;
  cx_kano_result *r = cx__calloc(1, sizeof *r);
  if (!r)
    return cx__enomem();
  r->options = *o;
  double *scratch_b = NULL, *scratch_w = NULL;
  if (!cx__mul_size(nf, per, &nrows) ||
      !cx__names_copy(&r->features, &s->features) ||
      !cx__names_copy(&r->segments, &s->segments) ||
      !(r->rows = cx__calloc(nrows ? nrows : 1, sizeof *r->rows)) ||
      !(r->respondents = cx__calloc(per, sizeof *r->respondents)) ||
      !(r->dropped = cx__calloc(per, sizeof *r->dropped)) ||
      !(scratch_b = cx__malloc((o->bootstrap + 1) * sizeof(double))) ||
      !(scratch_w = cx__malloc((o->bootstrap + 1) * sizeof(double)))) {
    cx__free(scratch_b);
    cx__free(scratch_w);
    cx_kano_result_free(r);
    return cx__enomem();
  }
  for (size_t f = 0; f < nf; f++) {
    for (size_t g = 0; g < per; g++) {
      bool pooled = g == nseg;
      kano_tally t;
      cx__kano_tally_sum(s, f, pooled ? CX_KANO_ALL : g, &t);
      cx_kano_feature_result *row = &r->rows[f * per + g];
      compute_row(&t, o, rank, (uint64_t)(f * per + g) + 1, row, scratch_b,
                  scratch_w);
      row->feature = r->features.name[f];
      row->segment = pooled ? NULL : r->segments.name[g];
    }
    if (nseg >= 2)
      segment_test(&r->rows[f * per], nseg, &r->rows[f * per + nseg]);
  }
  cx__free(scratch_b);
  cx__free(scratch_w);
  for (size_t g = 0; g < nseg; g++) {
    cx_kano_survey_respondents(s, g, &r->respondents[g], &r->dropped[g]);
  }
  cx_kano_survey_respondents(s, CX_KANO_ALL, &r->respondents[nseg],
                             &r->dropped[nseg]);
  *out = r;
  return CX_OK;
}

CX_API void cx_kano_result_free(cx_kano_result *r) {
  if (!r)
    return;
  cx__names_free(&r->features);
  cx__names_free(&r->segments);
  cx__free(r->rows);
  cx__free(r->respondents);
  cx__free(r->dropped);
  cx__free(r);
}

CX_API size_t cx_kano_result_n_features(const cx_kano_result *r) {
  return r ? r->features.count : 0;
}

CX_API size_t cx_kano_result_n_segments(const cx_kano_result *r) {
  return r ? r->segments.count : 0;
}

CX_API const char *cx_kano_result_segment_name(const cx_kano_result *r,
                                               size_t index) {
  return r && index < r->segments.count ? r->segments.name[index] : NULL;
}

CX_API const cx_kano_options *cx_kano_result_options(const cx_kano_result *r) {
  return r ? &r->options : NULL;
}

static cx_status segment_slot(const cx_kano_result *r, size_t segment,
                              size_t *slot) {
  if (segment == CX_KANO_ALL) {
    *slot = r->segments.count;
    return CX_OK;
  }
  if (segment >= r->segments.count)
    return cx__error(CX_ENOTFOUND, "segment index %zu out of range (%zu "
                                   "segments)",
                     segment, r->segments.count);
  *slot = segment;
  return CX_OK;
}

CX_API cx_status cx_kano_result_get(const cx_kano_result *r, size_t feature,
                                    size_t segment,
                                    const cx_kano_feature_result **out) {
  if (!r || !out)
    return cx__error(CX_EINVAL, "cx_kano_result_get: NULL argument");
  if (feature >= r->features.count)
    return cx__error(CX_ENOTFOUND, "feature index %zu out of range (%zu "
                                   "features)",
                     feature, r->features.count);
  size_t slot = 0;
  cx_status st = segment_slot(r, segment, &slot);
  if (st)
    return st;
  *out = &r->rows[feature * (r->segments.count + 1) + slot];
  return CX_OK;
}

CX_API cx_status cx_kano_result_respondents(const cx_kano_result *r,
                                            size_t segment, uint64_t *added,
                                            uint64_t *dropped) {
  if (!r)
    return cx__error(CX_EINVAL, "cx_kano_result_respondents: NULL result");
  size_t slot = 0;
  cx_status st = segment_slot(r, segment, &slot);
  if (st)
    return st;
  if (added)
    *added = r->respondents[slot];
  if (dropped)
    *dropped = r->dropped[slot];
  return CX_OK;
}
