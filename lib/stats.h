/*
 * Internal statistics: distribution functions, a seeded generator and
 * sampling.  Never installed.
 */
#ifndef CX_STATS_H
#define CX_STATS_H

#include <stddef.h>
#include <stdint.h>

/* Regularized upper incomplete gamma Q(a, x) = Gamma(a, x) / Gamma(a). */
double cx__gamma_q(double a, double x);
/* Survival function of the chi-square distribution: P(X >= x). */
double cx__chi2_sf(double x, double df);

/* Standard normal distribution function and its inverse. */
double cx__normal_cdf(double x);
double cx__normal_quantile(double p);
/* Regularized incomplete beta I_x(a, b). */
double cx__beta_inc(double a, double b, double x);
/* Student's t distribution with df > 0 degrees of freedom: P(T <= t), the
 * two-sided p-value P(|T| >= |t|), and the inverse of the former. */
double cx__t_cdf(double t, double df);
double cx__t_two_sided_p(double t, double df);
double cx__t_quantile(double p, double df);

/* xoshiro256** seeded through splitmix64: fast, reproducible everywhere. */
typedef struct cx_rng {
  uint64_t s[4];
} cx_rng;
void cx__rng_seed(cx_rng *r, uint64_t seed);
uint64_t cx__rng_next(cx_rng *r);
/* Uniform in [0, 1). */
double cx__rng_uniform(cx_rng *r);
/* Binomial(n, p) variate: inversion for small means, Hormann's BTRS
 * transformed rejection otherwise. */
uint64_t cx__rng_binomial(cx_rng *r, uint64_t n, double p);
/* Multinomial(n, prob[0..k-1]) by conditional binomials; prob need not be
 * normalised. */
void cx__rng_multinomial(cx_rng *r, uint64_t n, const double *prob, size_t k,
                         uint64_t *out);

/* Quantile q of sorted values, linear interpolation between order
 * statistics (Hyndman & Fan type 7, NumPy's default). NaN when n = 0. */
double cx__quantile_sorted(const double *sorted, size_t n, double q);
/* Sort doubles ascending (NaN last). */
void cx__sort_f64(double *v, size_t n);

/* Wilcoxon signed-rank test from grouped differences (normal
 * approximation, as scipy.stats.wilcoxon with mode "approx").  Group i
 * holds the differences of magnitude |d_i| > 0, ascending and distinct:
 * npos[i] positive and nneg[i] negative ones; nzero differences are 0.
 * zero_method: 0 "wilcox" (drop zeros), 1 "pratt" (rank zeros, drop their
 * ranks; Cureton's adjustment of mean and variance), 2 "zsplit" (rank
 * zeros, half their rank sum to each side).  Undefined results are NaN. */
typedef struct cx_wilcoxon {
  double n_ranked; /* differences in the ranking */
  double w_plus, w_minus;
  double w;        /* min(w_plus, w_minus) */
  double mean, var;/* of w_plus under the null hypothesis */
  double z;        /* (w_plus - mean [- 0.5 sign]) / sqrt(var) */
  double p;        /* two-sided */
} cx_wilcoxon;
void cx__wilcoxon_grouped(const uint64_t *npos, const uint64_t *nneg,
                          size_t ngroups, uint64_t nzero, int zero_method,
                          int tie_correction, int continuity,
                          cx_wilcoxon *out);

/* Adjusted p-values for a family of tests: Holm (1979) step-down and
 * Benjamini & Hochberg (1995) step-up.  NaN entries are not part of the
 * family and stay NaN.  @p order is scratch space for 2 n indices. */
void cx__p_adjust_holm(const double *p, size_t n, double *out, size_t *order);
void cx__p_adjust_bh(const double *p, size_t n, double *out, size_t *order);

/* Hedges' small-sample correction J(df) = 1 - 3 / (4 df - 1) (Hedges &
 * Olkin 1985, as recommended by Lakens 2013); NaN when 4 df - 1 <= 0. */
double cx__hedges_j(double df);

#endif
