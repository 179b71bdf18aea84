/*
 * Distribution functions and random variates used by the analyses.
 * The incomplete gamma follows the series / continued-fraction split of
 * Press et al., Numerical Recipes (2007), section 6.2; the binomial
 * sampler is BTRS from Hormann (1993), "The generation of binomial random
 * variates", J. Statist. Comput. Simul. 46.  The incomplete beta uses
 * the continued fraction of Numerical Recipes section 6.4 evaluated with
 * the modified Lentz method; quantiles invert the distribution functions
 * by bisection to full double precision (they are never on a hot path).
 */
/* lgamma_r() is a BSD/GNU extension that every libc we build on has. */
#define _DEFAULT_SOURCE 1

#include <float.h>
#include <math.h>
#include <stdlib.h>

#include "stats.h"

/* log Gamma(x).  lgamma() stores the sign of Gamma(x) in the global
 * signgam, a data race when two threads compute statistics at once
 * (ThreadSanitizer found it); the reentrant form keeps it local. */
static double log_gamma(double x) {
  int sign;
  return lgamma_r(x, &sign);
}

static double gamma_p_series(double a, double x) {
  double sum = 1.0 / a, term = sum, ap = a;
  for (int i = 0; i < 10000; i++) {
    ap += 1.0;
    term *= x / ap;
    sum += term;
    if (fabs(term) < fabs(sum) * 1e-16)
      break;
  }
  return sum * exp(-x + a * log(x) - log_gamma(a));
}

static double gamma_q_fraction(double a, double x) {
  const double tiny = DBL_MIN / DBL_EPSILON;
  double b = x + 1.0 - a, c = 1.0 / tiny, d = 1.0 / b, h = d;
  for (int i = 1; i < 10000; i++) {
    double an = -i * (i - a);
    b += 2.0;
    d = an * d + b;
    if (fabs(d) < tiny)
      d = tiny;
    c = b + an / c;
    if (fabs(c) < tiny)
      c = tiny;
    d = 1.0 / d;
    double delta = d * c;
    h *= delta;
    if (fabs(delta - 1.0) < 1e-16)
      break;
  }
  return exp(-x + a * log(x) - log_gamma(a)) * h;
}

double cx__gamma_q(double a, double x) {
  if (isnan(a) || isnan(x) || a <= 0.0 || x < 0.0)
    return NAN;
  if (x == 0.0)
    return 1.0;
  if (isinf(x))
    return 0.0;
  if (x < a + 1.0)
    return 1.0 - gamma_p_series(a, x);
  return gamma_q_fraction(a, x);
}

double cx__chi2_sf(double x, double df) {
  if (isnan(x) || isnan(df) || df <= 0.0)
    return NAN;
  if (x <= 0.0)
    return 1.0;
  return cx__gamma_q(df / 2.0, x / 2.0);
}

double cx__normal_cdf(double x) { return 0.5 * erfc(-x / sqrt(2.0)); }

/* Invert a continuous increasing distribution function by bisection
 * between lo and hi, widening the bracket first when needed. */
static double invert(double (*cdf)(double, double), double param, double p,
                     double lo, double hi) {
  while (cdf(lo, param) > p && lo > -1e300)
    lo *= 2;
  while (cdf(hi, param) < p && hi < 1e300)
    hi *= 2;
  for (int i = 0; i < 2000; i++) {
    double mid = 0.5 * (lo + hi);
    if (mid <= lo || mid >= hi)
      break;
    if (cdf(mid, param) < p)
      lo = mid;
    else
      hi = mid;
  }
  return 0.5 * (lo + hi);
}

static double normal_cdf_param(double x, double unused) {
  (void)unused;
  return cx__normal_cdf(x);
}

double cx__normal_quantile(double p) {
  if (isnan(p) || p < 0.0 || p > 1.0)
    return NAN;
  if (p == 0.0)
    return -INFINITY;
  if (p == 1.0)
    return INFINITY;
  /* Search the lower tail, where the distribution function keeps full
   * relative precision, and mirror. */
  if (p > 0.5)
    return -cx__normal_quantile(1.0 - p);
  return invert(normal_cdf_param, 0.0, p, -10.0, 10.0);
}

static double beta_fraction(double a, double b, double x) {
  const double tiny = DBL_MIN / DBL_EPSILON;
  double qab = a + b, qap = a + 1.0, qam = a - 1.0;
  double c = 1.0, d = 1.0 - qab * x / qap;
  if (fabs(d) < tiny)
    d = tiny;
  d = 1.0 / d;
  double h = d;
  for (int m = 1; m < 10000; m++) {
    double m2 = 2.0 * m;
    double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
    d = 1.0 + aa * d;
    if (fabs(d) < tiny)
      d = tiny;
    c = 1.0 + aa / c;
    if (fabs(c) < tiny)
      c = tiny;
    d = 1.0 / d;
    h *= d * c;
    aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
    d = 1.0 + aa * d;
    if (fabs(d) < tiny)
      d = tiny;
    c = 1.0 + aa / c;
    if (fabs(c) < tiny)
      c = tiny;
    d = 1.0 / d;
    double delta = d * c;
    h *= delta;
    if (fabs(delta - 1.0) < 1e-16)
      break;
  }
  return h;
}

double cx__beta_inc(double a, double b, double x) {
  if (isnan(a) || isnan(b) || isnan(x) || a <= 0.0 || b <= 0.0 || x < 0.0 ||
      x > 1.0)
    return NAN;
  if (x == 0.0 || x == 1.0)
    return x;
  double front = exp(log_gamma(a + b) - log_gamma(a) - log_gamma(b) + a * log(x) +
                     b * log1p(-x));
  /* The fraction converges fast on the side of the mean; use the symmetry
   * I_x(a, b) = 1 - I_{1-x}(b, a) on the other. */
  if (x < (a + 1.0) / (a + b + 2.0))
    return front * beta_fraction(a, b, x) / a;
  return 1.0 - front * beta_fraction(b, a, 1.0 - x) / b;
}

double cx__t_two_sided_p(double t, double df) {
  if (isnan(t) || !(df > 0.0))
    return NAN;
  if (isinf(t))
    return 0.0;
  return cx__beta_inc(df / 2.0, 0.5, df / (df + t * t));
}

double cx__t_cdf(double t, double df) {
  if (isnan(t) || !(df > 0.0))
    return NAN;
  if (isinf(t))
    return t > 0 ? 1.0 : 0.0;
  double tail = 0.5 * cx__beta_inc(df / 2.0, 0.5, df / (df + t * t));
  return t > 0.0 ? 1.0 - tail : tail;
}

double cx__t_quantile(double p, double df) {
  if (isnan(p) || p < 0.0 || p > 1.0 || !(df > 0.0))
    return NAN;
  if (p == 0.0)
    return -INFINITY;
  if (p == 1.0)
    return INFINITY;
  if (p > 0.5)
    return -cx__t_quantile(1.0 - p, df);
  return invert(cx__t_cdf, df, p, -10.0, 10.0);
}

static uint64_t splitmix64(uint64_t *x) {
  uint64_t z = (*x += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

void cx__rng_seed(cx_rng *r, uint64_t seed) {
  for (int i = 0; i < 4; i++)
    r->s[i] = splitmix64(&seed);
}

static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

uint64_t cx__rng_next(cx_rng *r) {
  uint64_t *s = r->s;
  uint64_t result = rotl(s[1] * 5, 7) * 9;
  uint64_t t = s[1] << 17;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl(s[3], 45);
  return result;
}

double cx__rng_uniform(cx_rng *r) {
  return (double)(cx__rng_next(r) >> 11) * 0x1.0p-53;
}

static uint64_t binomial_inversion(cx_rng *r, uint64_t n, double p) {
  double q = 1.0 - p, s = p / q, a = ((double)n + 1.0) * s;
  double prob = exp((double)n * log1p(-p));
  double u = cx__rng_uniform(r);
  uint64_t x = 0;
  while (u > prob) {
    u -= prob;
    x++;
    if (x > n)
      return n; /* rounding left a sliver of mass: stay in range */
    prob *= a / (double)x - s;
  }
  return x;
}

static uint64_t binomial_btrs(cx_rng *r, uint64_t n, double p) {
  double dn = (double)n, q = 1.0 - p;
  double spq = sqrt(dn * p * q);
  double b = 1.15 + 2.53 * spq;
  double a = -0.0873 + 0.0248 * b + 0.01 * p;
  double c = dn * p + 0.5;
  double vr = 0.92 - 4.2 / b;
  double alpha = (2.83 + 5.1 / b) * spq;
  double lpq = log(p / q);
  double m = floor((dn + 1.0) * p);
  double h = log_gamma(m + 1.0) + log_gamma(dn - m + 1.0);
  for (;;) {
    double u = cx__rng_uniform(r) - 0.5;
    double v = cx__rng_uniform(r);
    double us = 0.5 - fabs(u);
    double k = floor((2.0 * a / us + b) * u + c);
    if (k < 0.0 || k > dn)
      continue;
    if (us >= 0.07 && v <= vr)
      return (uint64_t)k;
    if (v <= 0.0)
      continue;
    v = log(v * alpha / (a / (us * us) + b));
    if (v <= h - log_gamma(k + 1.0) - log_gamma(dn - k + 1.0) + (k - m) * lpq)
      return (uint64_t)k;
  }
}

uint64_t cx__rng_binomial(cx_rng *r, uint64_t n, double p) {
  if (n == 0 || !(p > 0.0))
    return 0;
  if (p >= 1.0)
    return n;
  if (p > 0.5)
    return n - cx__rng_binomial(r, n, 1.0 - p);
  if ((double)n * p < 10.0)
    return binomial_inversion(r, n, p);
  return binomial_btrs(r, n, p);
}

void cx__rng_multinomial(cx_rng *r, uint64_t n, const double *prob, size_t k,
                         uint64_t *out) {
  double rest = 0.0;
  for (size_t i = 0; i < k; i++)
    rest += prob[i] > 0.0 ? prob[i] : 0.0;
  for (size_t i = 0; i < k; i++) {
    double pi = prob[i] > 0.0 ? prob[i] : 0.0;
    if (n == 0 || !(rest > 0.0)) {
      out[i] = 0;
      continue;
    }
    uint64_t x = (i + 1 == k || pi >= rest) ? n : cx__rng_binomial(r, n, pi / rest);
    out[i] = x;
    n -= x;
    rest -= pi;
  }
}

double cx__quantile_sorted(const double *v, size_t n, double q) {
  if (n == 0)
    return NAN;
  double h = (double)(n - 1) * q;
  size_t lo = (size_t)floor(h);
  if (lo >= n - 1)
    return v[n - 1];
  double frac = h - (double)lo;
  return v[lo] + frac * (v[lo + 1] - v[lo]);
}

static int cmp_f64(const void *pa, const void *pb) {
  double a = *(const double *)pa, b = *(const double *)pb;
  if (isnan(a))
    return isnan(b) ? 0 : 1;
  if (isnan(b))
    return -1;
  return (a > b) - (a < b);
}

void cx__sort_f64(double *v, size_t n) { qsort(v, n, sizeof *v, cmp_f64); }

/* ---- Wilcoxon signed-rank, grouped ------------------------------------ */

void cx__wilcoxon_grouped(const uint64_t *npos, const uint64_t *nneg,
                          size_t ngroups, uint64_t nzero, int zero_method,
                          int tie_correction, int continuity,
                          cx_wilcoxon *out) {
  double n0 = (double)nzero, rank_base = 0.0, ties = 0.0;
  out->w_plus = out->w_minus = 0.0;
  if (zero_method != 0) {
    /* Zeros have the smallest magnitude: ranks 1 .. n0. */
    rank_base = n0;
    if (zero_method == 2) {
      double zero_ranks = n0 * (n0 + 1.0) / 2.0;
      out->w_plus += zero_ranks / 2.0;
      out->w_minus += zero_ranks / 2.0;
      ties += n0 * n0 * n0 - n0;
    }
  }
  for (size_t i = 0; i < ngroups; i++) {
    double t = (double)npos[i] + (double)nneg[i];
    if (t == 0.0)
      continue;
    double midrank = rank_base + (t + 1.0) / 2.0;
    out->w_plus += (double)npos[i] * midrank;
    out->w_minus += (double)nneg[i] * midrank;
    ties += t * t * t - t;
    rank_base += t;
  }
  double n = rank_base;
  out->n_ranked = n;
  out->w = out->w_plus < out->w_minus ? out->w_plus : out->w_minus;
  double mean = n * (n + 1.0) / 4.0;
  double var = n * (n + 1.0) * (2.0 * n + 1.0) / 24.0;
  if (zero_method == 1) {
    mean -= n0 * (n0 + 1.0) / 4.0;
    var -= n0 * (n0 + 1.0) * (2.0 * n0 + 1.0) / 24.0;
  }
  if (tie_correction)
    var -= ties / 48.0;
  out->mean = mean;
  out->var = var;
  /* With zeros dropped or all differences zero, nothing is left to rank. */
  double nonzero = zero_method == 0 ? n : n - n0;
  if (n == 0.0 || (zero_method != 2 && nonzero == 0.0) || !(var > 0.0)) {
    out->w = n == 0.0 ? NAN : out->w;
    out->z = out->p = NAN;
    if (n == 0.0)
      out->w_plus = out->w_minus = NAN;
    return;
  }
  double diff = out->w_plus - mean;
  if (continuity)
    diff -= diff > 0.0 ? 0.5 : diff < 0.0 ? -0.5 : 0.0;
  out->z = diff / sqrt(var);
  out->p = 2.0 * cx__normal_cdf(-fabs(out->z));
  if (out->p > 1.0)
    out->p = 1.0;
}

/* ---- multiple testing ------------------------------------------------- */

/* Sort indices by p ascending, ties by index: a merge sort keeps it
 * stable without qsort's need for global context. */
static void sort_by_p(const double *p, size_t *idx, size_t *tmp, size_t n) {
  if (n < 2)
    return;
  size_t h = n / 2;
  sort_by_p(p, idx, tmp, h);
  sort_by_p(p, idx + h, tmp, n - h);
  size_t i = 0, j = h, k = 0;
  while (i < h && j < n)
    tmp[k++] = p[idx[j]] < p[idx[i]] ? idx[j++] : idx[i++];
  while (i < h)
    tmp[k++] = idx[i++];
  while (j < n)
    tmp[k++] = idx[j++];
  for (k = 0; k < n; k++)
    idx[k] = tmp[k];
}

/* Indices of the non-NaN p-values in ascending order; returns their count.
 * @p order holds 2 n entries: the second half is merge scratch. */
static size_t family_order(const double *p, size_t n, double *out,
                           size_t *order) {
  size_t m = 0;
  for (size_t i = 0; i < n; i++) {
    out[i] = NAN;
    if (!isnan(p[i]))
      order[m++] = i;
  }
  sort_by_p(p, order, order + n, m);
  return m;
}

void cx__p_adjust_holm(const double *p, size_t n, double *out, size_t *order) {
  size_t m = family_order(p, n, out, order);
  double running = 0.0;
  for (size_t j = 0; j < m; j++) {
    double a = (double)(m - j) * p[order[j]];
    if (a > 1.0)
      a = 1.0;
    if (a > running)
      running = a;
    out[order[j]] = running;
  }
}

void cx__p_adjust_bh(const double *p, size_t n, double *out, size_t *order) {
  size_t m = family_order(p, n, out, order);
  double running = 1.0;
  for (size_t j = m; j-- > 0;) {
    double a = (double)m / (double)(j + 1) * p[order[j]];
    if (a < running)
      running = a;
    out[order[j]] = running;
  }
}

double cx__hedges_j(double df) {
  double den = 4.0 * df - 1.0;
  return den > 0.0 ? 1.0 - 3.0 / den : NAN;
}
