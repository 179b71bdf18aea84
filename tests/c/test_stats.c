/* Tests of the internal statistics (lib/stats.c).  Reference values of
 * the chi-square distribution come from SciPy 1.10 (scipy.stats.chi2.sf)
 * and closed forms. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "stats.h"

#define assert_close(a, b, tol) assert_true(fabs((a) - (b)) <= (tol))

static void test_chi2_sf(void **state) {
  (void)state;
  assert_close(cx__chi2_sf(7.814727903251178, 3), 0.05, 1e-12);
  assert_close(cx__chi2_sf(20.0 / 7.0, 3), 0.4141793659679206, 1e-12);
  assert_close(cx__chi2_sf(20.0, 1), 7.744216431044088e-06, 1e-15);
  assert_close(cx__chi2_sf(0.5, 4), 0.9735009788392561, 1e-12);
  assert_close(cx__chi2_sf(100.0, 50), 3.454931382984871e-05, 1e-15);
  assert_close(cx__chi2_sf(1e-3, 0.5), 0.8350402492315872, 1e-12);
  /* df = 2 has the closed form exp(-x/2). */
  for (double x = 0.1; x < 40; x *= 1.7)
    assert_close(cx__chi2_sf(x, 2), exp(-x / 2), 1e-13);
  assert_close(cx__chi2_sf(0.0, 3), 1.0, 0);
  assert_true(isnan(cx__chi2_sf(NAN, 3)));
  assert_true(isnan(cx__chi2_sf(1.0, 0)));
  /* Q(1, x) = exp(-x). */
  assert_close(cx__gamma_q(1.0, 2.5), exp(-2.5), 1e-14);
}

/* Reference values from SciPy 1.10: scipy.stats.norm, scipy.stats.t and
 * scipy.special.betainc. */
static void test_normal_t_beta(void **state) {
  (void)state;
  assert_close(cx__normal_cdf(-1.96), 0.024997895148220435, 1e-15);
  assert_close(cx__normal_quantile(0.975), 1.959963984540054, 1e-12);
  assert_close(cx__normal_quantile(1e-10), -6.361340902404056, 1e-9);
  assert_close(cx__normal_quantile(0.3), -0.5244005127080409, 1e-12);
  assert_true(isinf(cx__normal_quantile(1.0)) && isnan(cx__normal_quantile(2.0)));
  assert_close(cx__beta_inc(2.5, 1.5, 0.3), 0.0889437231706656, 1e-13);
  assert_close(cx__beta_inc(0.5, 0.5, 0.999), 0.9798649583666225, 1e-12);
  assert_close(cx__beta_inc(30, 40, 0.45), 0.6447480085585666, 1e-12);
  assert_close(cx__t_cdf(2.0, 5), 0.9490302605850709, 1e-13);
  assert_close(cx__t_two_sided_p(2.0, 5), 0.10193947882985828, 1e-13);
  assert_close(cx__t_two_sided_p(-2.0, 5), 0.10193947882985828, 1e-13);
  assert_close(cx__t_cdf(-3.5, 1.5), 0.05411297749482887, 1e-13);
  assert_close(cx__t_quantile(0.975, 10), 2.2281388519649385, 1e-9);
  /* SciPy's ppf is itself good to about 1e-10 relative here: for df = 1
   * the exact quantile is tan(pi (p - 1/2)). */
  assert_close(cx__t_quantile(0.975, 1), tan(3.14159265358979323846 * 0.475), 1e-10);
  assert_close(cx__t_quantile(0.995, 2.5), 7.16372813402124, 1e-8);
  assert_close(cx__t_quantile(0.025, 10), -2.2281388519649385, 1e-9);
  assert_true(isnan(cx__t_cdf(1.0, 0.0)));
}

static void test_rng_reproducible(void **state) {
  (void)state;
  cx_rng a, b;
  cx__rng_seed(&a, 42);
  cx__rng_seed(&b, 42);
  for (int i = 0; i < 100; i++)
    assert_true(cx__rng_next(&a) == cx__rng_next(&b));
  cx__rng_seed(&b, 43);
  assert_true(cx__rng_next(&a) != cx__rng_next(&b));
  for (int i = 0; i < 1000; i++) {
    double u = cx__rng_uniform(&a);
    assert_true(u >= 0.0 && u < 1.0);
  }
}

/* Sample mean and variance of Binomial(n, p) draws against np and
 * np(1-p), within five standard errors, for both the inversion and the
 * rejection branch and for p > 1/2. */
static void check_binomial(uint64_t n, double p) {
  cx_rng r;
  cx__rng_seed(&r, 1234 + n);
  const int draws = 200000;
  double sum = 0.0, sum2 = 0.0;
  for (int i = 0; i < draws; i++) {
    uint64_t x = cx__rng_binomial(&r, n, p);
    assert_true(x <= n);
    sum += (double)x;
    sum2 += (double)x * (double)x;
  }
  double mean = sum / draws, var = sum2 / draws - mean * mean;
  double mu = (double)n * p, sigma2 = (double)n * p * (1 - p);
  assert_true(fabs(mean - mu) < 5 * sqrt(sigma2 / draws));
  /* Var of the sample variance ~ 2 sigma^4 / draws for near-normal data. */
  assert_true(fabs(var - sigma2) < 5 * sigma2 * sqrt(2.0 / draws) + 0.01);
}

static void test_binomial(void **state) {
  (void)state;
  check_binomial(10, 0.3);     /* inversion */
  check_binomial(1000, 0.004); /* inversion, small mean */
  check_binomial(100, 0.4);    /* BTRS */
  check_binomial(1000000, 0.25);
  check_binomial(50, 0.9);     /* mirrored */
  cx_rng r;
  cx__rng_seed(&r, 1);
  assert_true(cx__rng_binomial(&r, 0, 0.5) == 0);
  assert_true(cx__rng_binomial(&r, 7, 0.0) == 0);
  assert_true(cx__rng_binomial(&r, 7, 1.0) == 7);
}

static void test_multinomial(void **state) {
  (void)state;
  cx_rng r;
  cx__rng_seed(&r, 9);
  const double prob[5] = {1, 0, 3, 0, 6};
  double mean[5] = {0};
  const int draws = 20000;
  for (int i = 0; i < draws; i++) {
    uint64_t out[5];
    cx__rng_multinomial(&r, 100, prob, 5, out);
    uint64_t total = 0;
    for (int k = 0; k < 5; k++) {
      total += out[k];
      mean[k] += (double)out[k] / draws;
    }
    assert_true(total == 100);
    assert_true(out[1] == 0 && out[3] == 0);
  }
  assert_close(mean[0], 10.0, 0.15);
  assert_close(mean[2], 30.0, 0.2);
  assert_close(mean[4], 60.0, 0.2);
}

static void test_quantile(void **state) {
  (void)state;
  double v[] = {4, 1, 3, 2};
  cx__sort_f64(v, 4);
  assert_close(v[0], 1, 0);
  assert_close(v[3], 4, 0);
  /* Type 7: h = (n - 1) q. */
  assert_close(cx__quantile_sorted(v, 4, 0.5), 2.5, 1e-15);
  assert_close(cx__quantile_sorted(v, 4, 0.25), 1.75, 1e-15);
  assert_close(cx__quantile_sorted(v, 4, 0.0), 1.0, 0);
  assert_close(cx__quantile_sorted(v, 4, 1.0), 4.0, 0);
  assert_true(isnan(cx__quantile_sorted(v, 0, 0.5)));
  double w[] = {NAN, 2, 1};
  cx__sort_f64(w, 3);
  assert_close(w[0], 1, 0);
  assert_true(isnan(w[2]));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_chi2_sf),
      cmocka_unit_test(test_normal_t_beta),
      cmocka_unit_test(test_rng_reproducible),
      cmocka_unit_test(test_binomial),
      cmocka_unit_test(test_multinomial),
      cmocka_unit_test(test_quantile),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
