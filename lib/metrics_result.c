/*
 * NPS, CSAT and CES results computed from the metric accumulator's
 * weighted counts.  Formulas and sources: docs/methodology/metrics.md.
 */
#include <math.h>
#include <string.h>

#include "metrics_internal.h"
#include "stats.h"

/* ---- shared pieces ----------------------------------------------------- */

static cx_status check_confidence(double c) {
  if (!(c > 0.0 && c < 1.0))
    return cx__error(CX_EINVAL, "confidence %g is not in (0, 1)", c);
  return CX_OK;
}

static cx_status check_target(const cx_metric_survey *s, size_t segment,
                              cx_metric_kind kind, const char *fn) {
  if (s->kind != kind)
    return cx__error(CX_EINVAL, "%s: the accumulator collects %s answers, "
                                "not %s",
                     fn, cx_metric_kind_name(s->kind), cx_metric_kind_name(kind));
  if (segment != CX_METRIC_ALL && segment >= cx__metric_slots(s))
    return cx__error(CX_ENOTFOUND, "%s: segment index %zu out of range (%zu "
                                   "segments)",
                     fn, segment, s->segments.count);
  return CX_OK;
}

/* Allocate a result of @p size bytes followed by its count arrays and
 * segment name, and fill the sample.  Everything lives in one block, so
 * one cx__free() releases it. */
static void *result_new(size_t size, const cx_metric_survey *s, size_t segment,
                        cx_metric_sample *sample, const char **name) {
  size = (size + 15) & ~(size_t)15;
  const char *seg = segment == CX_METRIC_ALL || s->segments.count == 0
                        ? NULL
                        : s->segments.name[segment];
  size_t name_len = seg ? strlen(seg) + 1 : 0;
  size_t arrays = s->points * (sizeof(double) + sizeof(uint64_t));
  char *p = cx__calloc(1, size + arrays + name_len);
  if (!p)
    return NULL;
  double *count = (double *)(void *)(p + size);
  uint64_t *raw = (uint64_t *)(void *)(p + size + s->points * sizeof(double));
  cx__metric_gather(s, segment, count, raw, sample);
  sample->count = count;
  sample->count_raw = raw;
  *name = NULL;
  if (seg) {
    char *copy = p + size + arrays;
    memcpy(copy, seg, name_len);
    *name = copy;
  }
  return p;
}

static double clip(double x, double lo, double hi) {
  return x < lo ? lo : x > hi ? hi : x;
}

/* Two-sided normal quantile of a confidence level. */
static double z_of(double confidence) {
  return -cx__normal_quantile((1.0 - confidence) / 2.0);
}

/* Wilson (1927) score interval for a share p out of n (n may be a Kish
 * effective size); NaN when n is 0. */
static void wilson(double p, double n, double z, double *lo, double *hi) {
  if (!(n > 0.0) || isnan(p)) {
    *lo = *hi = NAN;
    return;
  }
  double z2 = z * z, denom = 1.0 + z2 / n;
  double centre = (p + z2 / (2.0 * n)) / denom;
  double half = z / denom * sqrt(p * (1.0 - p) / n + z2 / (4.0 * n * n));
  *lo = clip(centre - half, 0.0, 1.0);
  *hi = clip(centre + half, 0.0, 1.0);
}

/* Weighted mean of the points, its standard deviation with n_eff - 1 in
 * the denominator, standard error and t interval clipped to the scale. */
typedef struct mean_stats {
  double mean, sd, se, df, lo, hi;
} mean_stats;

static mean_stats mean_of(const cx_metric_sample *sm, double confidence) {
  mean_stats m = {NAN, NAN, NAN, NAN, NAN, NAN};
  if (!(sm->n > 0.0))
    return m;
  double sum = 0.0;
  for (size_t k = 0; k < sm->n_points; k++)
    sum += sm->count[k] * (double)((int64_t)sm->scale_min + (int64_t)k);
  m.mean = sum / sm->n;
  double ne = sm->n_effective;
  if (!(ne > 1.0))
    return m;
  double ss = 0.0;
  for (size_t k = 0; k < sm->n_points; k++) {
    double d = (double)((int64_t)sm->scale_min + (int64_t)k) - m.mean;
    ss += sm->count[k] * d * d;
  }
  /* The weighted population variance times n_eff / (n_eff - 1): with unit
   * weights exactly the usual sample variance. */
  m.sd = sqrt(ss / sm->n * ne / (ne - 1.0));
  m.se = m.sd / sqrt(ne);
  m.df = ne - 1.0;
  if (m.sd > 0.0) {
    double t = cx__t_quantile(1.0 - (1.0 - confidence) / 2.0, m.df);
    double top = (double)sm->scale_min + (double)(sm->n_points - 1);
    m.lo = clip(m.mean - t * m.se, (double)sm->scale_min, top);
    m.hi = clip(m.mean + t * m.se, (double)sm->scale_min, top);
  }
  return m;
}

/* ---- NPS --------------------------------------------------------------- */

/* Percentile bootstrap of the NPS: resample the three group counts from a
 * multinomial with the observed shares.  N is the (rounded) effective size
 * so that weighted data resample with the precision they carry. */
static cx_status nps_bootstrap(cx_nps_result *r, double confidence) {
  unsigned B = r->options.bootstrap;
  double ne = r->sample.n_effective;
  /* Weights so extreme that the effective size is not a finite count
   * (their squares overflow) leave nothing to resample: the bootstrap is
   * undefined, like every other statistic of such data. */
  if (!(ne >= 0.0) || ne > 0x1p62)
    return CX_OK;
  double N = floor(ne + 0.5) < 1.0 ? 1.0 : floor(ne + 0.5);
  size_t bytes;
  double *rep = cx__mul_size(B, sizeof *rep, &bytes) ? cx__malloc(bytes) : NULL;
  if (!rep)
    return cx__enomem();
  cx_rng rng;
  cx__rng_seed(&rng, r->options.seed);
  double prob[3] = {r->detractors, r->passives, r->promoters};
  double sum = 0.0, sum2 = 0.0;
  for (unsigned b = 0; b < B; b++) {
    uint64_t x[3];
    cx__rng_multinomial(&rng, (uint64_t)N, prob, 3, x);
    rep[b] = ((double)x[2] - (double)x[0]) / N;
    sum += rep[b];
  }
  double mean = sum / B;
  for (unsigned b = 0; b < B; b++)
    sum2 += (rep[b] - mean) * (rep[b] - mean);
  r->bootstrap = B;
  r->bootstrap_se = B > 1 ? sqrt(sum2 / (B - 1)) : NAN;
  if (r->variance > 0.0) {
    cx__sort_f64(rep, B);
    double alpha = 1.0 - confidence;
    r->bootstrap_lo = clip(cx__quantile_sorted(rep, B, alpha / 2.0), -1, 1);
    r->bootstrap_hi =
        clip(cx__quantile_sorted(rep, B, 1.0 - alpha / 2.0), -1, 1);
  }
  cx__free(rep);
  return CX_OK;
}

CX_API cx_status cx_nps_compute(cx_nps_result **out,
                                const cx_metric_survey *s, size_t segment,
                                const cx_nps_options *options) {
  if (!out || !s)
    return cx__error(CX_EINVAL, "cx_nps_compute: NULL argument");
  cx_nps_options opt = CX_NPS_OPTIONS_INIT;
  if (options) {
    if (options->version != CX_NPS_OPTIONS_VERSION)
      return cx__error(CX_EINVAL, "cx_nps_options version %u is not %u",
                       options->version, CX_NPS_OPTIONS_VERSION);
    opt = *options;
  }
  cx_status st = check_confidence(opt.confidence);
  if (st || (st = check_target(s, segment, CX_METRIC_NPS, "cx_nps_compute")))
    return st;
  cx_metric_sample sm;
  const char *name;
  cx_nps_result *r = result_new(sizeof *r, s, segment, &sm, &name);
  if (!r)
    return cx__enomem();
  r->segment = name;
  r->options = opt;
  r->sample = sm;
  for (size_t k = 0; k <= 10; k++) {
    double c = sm.count[k];
    if (k <= 6)
      r->detractors += c;
    else if (k <= 8)
      r->passives += c;
    else
      r->promoters += c;
    r->mean_score += c * (double)k;
  }
  double n = sm.n, ne = sm.n_effective, z = z_of(opt.confidence);
  r->z = z;
  double nan = NAN;
  r->share_detractors = r->share_passives = r->share_promoters = nan;
  r->nps = r->variance = r->se = r->wald_lo = r->wald_hi = nan;
  r->adjusted_nps = r->adjusted_se = r->adjusted_lo = r->adjusted_hi = nan;
  r->bootstrap_se = r->bootstrap_lo = r->bootstrap_hi = nan;
  r->mean_score = n > 0.0 ? r->mean_score / n : nan;
  if (n > 0.0) {
    double d = r->detractors / n, p = r->promoters / n;
    r->share_detractors = d;
    r->share_passives = r->passives / n;
    r->share_promoters = p;
    r->nps = p - d;
    /* Var(+1/0/-1) = E[x^2] - E[x]^2 = p + d - (p - d)^2
     * = p(1-p) + d(1-d) + 2pd: the 2pd is minus twice the covariance of
     * the two shares, which adding two binomial variances leaves out. */
    double var = p + d - r->nps * r->nps;
    r->variance = var > 0.0 ? var : 0.0;
    r->se = sqrt(r->variance / ne);
    if (r->se > 0.0) {
      r->wald_lo = clip(r->nps - z * r->se, -1.0, 1.0);
      r->wald_hi = clip(r->nps + z * r->se, -1.0, 1.0);
    }
    /* Rocks (2016): three pseudo-answers split 3/4, 3/2, 3/4.  Counts are
     * rescaled to the effective size first (a no-op without weights). */
    double scale = ne / n, na = ne + 3.0;
    double da = (r->detractors * scale + 0.75) / na;
    double pa = (r->promoters * scale + 0.75) / na;
    r->adjusted_nps = pa - da;
    double va = pa + da - r->adjusted_nps * r->adjusted_nps;
    r->adjusted_se = sqrt((va > 0.0 ? va : 0.0) / na);
    r->adjusted_lo = clip(r->adjusted_nps - z * r->adjusted_se, -1.0, 1.0);
    r->adjusted_hi = clip(r->adjusted_nps + z * r->adjusted_se, -1.0, 1.0);
    if (opt.bootstrap > 0 && (st = nps_bootstrap(r, opt.confidence))) {
      cx__free(r);
      return st;
    }
  }
  if (opt.percent) {
    double *hundred[] = {&r->nps, &r->se, &r->wald_lo, &r->wald_hi,
                         &r->adjusted_nps, &r->adjusted_se, &r->adjusted_lo,
                         &r->adjusted_hi, &r->bootstrap_se, &r->bootstrap_lo,
                         &r->bootstrap_hi};
    for (size_t i = 0; i < sizeof hundred / sizeof hundred[0]; i++)
      *hundred[i] *= 100.0;
    r->variance *= 10000.0;
  }
  *out = r;
  return CX_OK;
}

CX_API void cx_nps_result_free(cx_nps_result *r) { cx__free(r); }

CX_API cx_status cx_nps_diff_compute(cx_nps_diff **out, const cx_nps_result *a,
                                     const cx_nps_result *b) {
  if (!out || !a || !b)
    return cx__error(CX_EINVAL, "cx_nps_diff_compute: NULL argument");
  if (a->options.confidence != b->options.confidence ||
      !a->options.percent != !b->options.percent)
    return cx__error(CX_EINVAL,
                     "cx_nps_diff_compute: the results differ in confidence "
                     "(%g, %g) or percent option (%d, %d)",
                     a->options.confidence, b->options.confidence,
                     a->options.percent != 0, b->options.percent != 0);
  cx_status st = check_confidence(a->options.confidence);
  if (st)
    return st;
  cx_nps_diff *d = cx__calloc(1, sizeof *d);
  if (!d)
    return cx__enomem();
  double bound = a->options.percent ? 200.0 : 2.0;
  d->percent = a->options.percent != 0;
  d->confidence = a->options.confidence;
  d->difference = a->nps - b->nps;
  d->se = sqrt(a->se * a->se + b->se * b->se);
  d->lo = d->hi = d->z = d->p_value = NAN;
  if (d->se > 0.0) {
    double zc = z_of(d->confidence);
    d->lo = clip(d->difference - zc * d->se, -bound, bound);
    d->hi = clip(d->difference + zc * d->se, -bound, bound);
    d->z = d->difference / d->se;
    d->p_value = erfc(fabs(d->z) / sqrt(2.0));
  }
  *out = d;
  return CX_OK;
}

CX_API void cx_nps_diff_free(cx_nps_diff *d) { cx__free(d); }

/* ---- CSAT -------------------------------------------------------------- */

CX_API cx_status cx_csat_compute(cx_csat_result **out,
                                 const cx_metric_survey *s, size_t segment,
                                 const cx_csat_options *options) {
  if (!out || !s)
    return cx__error(CX_EINVAL, "cx_csat_compute: NULL argument");
  if (!options)
    return cx__error(CX_EINVAL, "cx_csat_compute: options are required (the "
                                "method has no default: top-2-box or mean)");
  if (options->version != CX_CSAT_OPTIONS_VERSION)
    return cx__error(CX_EINVAL, "cx_csat_options version %u is not %u",
                     options->version, CX_CSAT_OPTIONS_VERSION);
  if (options->method != CX_CSAT_TOP2BOX && options->method != CX_CSAT_MEAN)
    return cx__error(CX_EINVAL,
                     "cx_csat_compute: choose a method (CX_CSAT_TOP2BOX or "
                     "CX_CSAT_MEAN); got %d",
                     (int)options->method);
  cx_status st = check_confidence(options->confidence);
  if (st || (st = check_target(s, segment, CX_METRIC_CSAT, "cx_csat_compute")))
    return st;
  cx_metric_sample sm;
  const char *name;
  cx_csat_result *r = result_new(sizeof *r, s, segment, &sm, &name);
  if (!r)
    return cx__enomem();
  r->segment = name;
  r->options = *options;
  r->direction = s->scale.direction;
  r->sample = sm;
  size_t K = sm.n_points;
  bool up = s->scale.direction == CX_SCALE_HIGHER_IS_BETTER;
  double best2 = up ? sm.count[K - 1] + sm.count[K - 2]
                    : sm.count[0] + sm.count[1];
  double worst2 = up ? sm.count[0] + sm.count[1]
                     : sm.count[K - 1] + sm.count[K - 2];
  r->top2 = sm.n > 0.0 ? best2 / sm.n : NAN;
  r->bottom2 = sm.n > 0.0 ? worst2 / sm.n : NAN;
  wilson(r->top2, sm.n_effective, z_of(options->confidence), &r->top2_lo,
         &r->top2_hi);
  mean_stats m = mean_of(&sm, options->confidence);
  r->mean = m.mean;
  r->sd = m.sd;
  r->se = m.se;
  r->df = m.df;
  r->mean_lo = m.lo;
  r->mean_hi = m.hi;
  if (options->method == CX_CSAT_TOP2BOX) {
    r->value = r->top2;
    r->lo = r->top2_lo;
    r->hi = r->top2_hi;
  } else {
    r->value = r->mean;
    r->lo = r->mean_lo;
    r->hi = r->mean_hi;
  }
  *out = r;
  return CX_OK;
}

CX_API void cx_csat_result_free(cx_csat_result *r) { cx__free(r); }

/* ---- CES --------------------------------------------------------------- */

CX_API cx_status cx_ces_compute(cx_ces_result **out,
                                const cx_metric_survey *s, size_t segment,
                                const cx_ces_options *options) {
  if (!out || !s)
    return cx__error(CX_EINVAL, "cx_ces_compute: NULL argument");
  cx_ces_options opt = CX_CES_OPTIONS_INIT;
  if (options) {
    if (options->version != CX_CES_OPTIONS_VERSION)
      return cx__error(CX_EINVAL, "cx_ces_options version %u is not %u",
                       options->version, CX_CES_OPTIONS_VERSION);
    opt = *options;
  }
  cx_status st = check_confidence(opt.confidence);
  if (st || (st = check_target(s, segment, CX_METRIC_CES, "cx_ces_compute")))
    return st;
  cx_metric_sample sm;
  const char *name;
  cx_ces_result *r = result_new(sizeof *r, s, segment, &sm, &name);
  if (!r)
    return cx__enomem();
  r->segment = name;
  r->options = opt;
  r->ces_version = s->ces;
  r->direction = s->scale.direction;
  r->neutral = s->scale.neutral;
  r->sample = sm;
  double easy = 0.0, neutral = 0.0, hard = 0.0;
  bool up = s->scale.direction == CX_SCALE_HIGHER_IS_BETTER;
  for (size_t k = 0; k < sm.n_points; k++) {
    double x = (double)((int64_t)sm.scale_min + (int64_t)k);
    if (x == r->neutral)
      neutral += sm.count[k];
    else if ((x > r->neutral) == up)
      easy += sm.count[k];
    else
      hard += sm.count[k];
  }
  bool any = sm.n > 0.0;
  r->share_easy = any ? easy / sm.n : NAN;
  r->share_neutral = any ? neutral / sm.n : NAN;
  r->share_difficult = any ? hard / sm.n : NAN;
  wilson(r->share_easy, sm.n_effective, z_of(opt.confidence), &r->easy_lo,
         &r->easy_hi);
  mean_stats m = mean_of(&sm, opt.confidence);
  r->mean = m.mean;
  r->sd = m.sd;
  r->se = m.se;
  r->df = m.df;
  r->mean_lo = m.lo;
  r->mean_hi = m.hi;
  *out = r;
  return CX_OK;
}

CX_API void cx_ces_result_free(cx_ces_result *r) { cx__free(r); }
