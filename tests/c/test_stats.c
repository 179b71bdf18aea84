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

/* d = (1, -1, 2, 0, 3, 3) as groups |d| = 1: one +, one -; |d| = 2: one +;
 * |d| = 3: two +; and one zero. */
static const uint64_t WPOS[3] = {1, 1, 2}, WNEG[3] = {1, 0, 0};

static void test_wilcoxon_wilcox(void **state) {
  (void)state;
  cx_wilcoxon w;
  /* Zeros dropped: ranks of |d| = 1, 1, 2, 3, 3 are 1.5, 1.5, 3, 4.5, 4.5.
   * W+ = 1.5 + 3 + 4.5 + 4.5 = 13.5, W- = 1.5, n = 5.
   * mean = 5 * 6 / 4 = 7.5; var = 5 * 6 * 11 / 24 - (6 + 6) / 48 = 13.5.
   * z = 6 / sqrt(13.5) = 1.6329931618554521. */
  cx__wilcoxon_grouped(WPOS, WNEG, 3, 1, 0, 1, 0, &w);
  assert_close(w.n_ranked, 5, 0);
  assert_close(w.w_plus, 13.5, 1e-12);
  assert_close(w.w_minus, 1.5, 1e-12);
  assert_close(w.w, 1.5, 1e-12);
  assert_close(w.mean, 7.5, 1e-12);
  assert_close(w.var, 13.5, 1e-12);
  assert_close(w.z, 1.6329931618554521, 1e-12);
  assert_close(w.p, erfc(1.6329931618554521 / sqrt(2.0)), 1e-14);
  /* Continuity: z = (6 - 0.5) / sqrt(13.5) = 1.4969103983674977. */
  cx__wilcoxon_grouped(WPOS, WNEG, 3, 1, 0, 1, 1, &w);
  assert_close(w.z, 1.4969103983674977, 1e-12);
  /* No tie correction: var = 13.75, z = 6 / sqrt(13.75). */
  cx__wilcoxon_grouped(WPOS, WNEG, 3, 1, 0, 0, 0, &w);
  assert_close(w.var, 13.75, 1e-12);
  assert_close(w.z, 6 / sqrt(13.75), 1e-12);
}

static void test_wilcoxon_pratt_zsplit(void **state) {
  (void)state;
  cx_wilcoxon w;
  /* Pratt: the zero takes rank 1; |1| -> 2.5, 2.5; |2| -> 4; |3| -> 5.5.
   * W+ = 2.5 + 4 + 5.5 + 5.5 = 17.5, W- = 2.5, n = 6, n0 = 1.
   * mean = 6 * 7 / 4 - 1 * 2 / 4 = 10; var = 6 * 7 * 13 / 24 - 1 * 2 * 3 / 24
   * - 12 / 48 = 22.75 - 0.25 - 0.25 = 22.25; z = 7.5 / sqrt(22.25). */
  cx__wilcoxon_grouped(WPOS, WNEG, 3, 1, 1, 1, 0, &w);
  assert_close(w.n_ranked, 6, 0);
  assert_close(w.w_plus, 17.5, 1e-12);
  assert_close(w.w_minus, 2.5, 1e-12);
  assert_close(w.mean, 10, 1e-12);
  assert_close(w.var, 22.25, 1e-12);
  assert_close(w.z, 7.5 / sqrt(22.25), 1e-12);
  /* zsplit: the zero's rank 1 is split, W+ = 18, W- = 3; mean = 10.5;
   * var = 22.75 - 12 / 48 = 22.5 (a lone zero is no tie); z = 7.5 /
   * sqrt(22.5). */
  cx__wilcoxon_grouped(WPOS, WNEG, 3, 1, 2, 1, 0, &w);
  assert_close(w.w_plus, 18, 1e-12);
  assert_close(w.w_minus, 3, 1e-12);
  assert_close(w.w, 3, 1e-12);
  assert_close(w.mean, 10.5, 1e-12);
  assert_close(w.var, 22.5, 1e-12);
  assert_close(w.z, 7.5 / sqrt(22.5), 1e-12);
  /* All differences zero: nothing to rank for wilcox and pratt; zsplit
   * gives W+ = W- = 3 (ranks 1..3 split), z = 0, p = 1. */
  cx__wilcoxon_grouped(NULL, NULL, 0, 3, 0, 1, 0, &w);
  assert_true(isnan(w.p) && isnan(w.z) && isnan(w.w));
  cx__wilcoxon_grouped(NULL, NULL, 0, 3, 1, 1, 0, &w);
  assert_true(isnan(w.p));
  cx__wilcoxon_grouped(NULL, NULL, 0, 3, 2, 1, 0, &w);
  assert_close(w.w_plus, 3, 0);
  assert_close(w.z, 0, 0);
  assert_close(w.p, 1, 0);
}

static void test_p_adjust(void **state) {
  (void)state;
  /* Family of four (the NaN is not a test): sorted 0.005, 0.01, 0.03, 0.04.
   * Holm: 4 * 0.005 = 0.02, 3 * 0.01 = 0.03, 2 * 0.03 = 0.06, 1 * 0.04 =
   * 0.04 -> running maximum 0.02, 0.03, 0.06, 0.06.
   * BH: 4/1 * 0.005 = 0.02, 4/2 * 0.01 = 0.02, 4/3 * 0.03 = 0.04,
   * 4/4 * 0.04 = 0.04 -> running minimum from the top: same values. */
  const double p[5] = {0.01, 0.04, 0.03, NAN, 0.005};
  double out[5];
  size_t order[10];
  cx__p_adjust_holm(p, 5, out, order);
  assert_close(out[0], 0.03, 1e-15);
  assert_close(out[1], 0.06, 1e-15);
  assert_close(out[2], 0.06, 1e-15);
  assert_true(isnan(out[3]));
  assert_close(out[4], 0.02, 1e-15);
  cx__p_adjust_bh(p, 5, out, order);
  assert_close(out[0], 0.02, 1e-15);
  assert_close(out[1], 0.04, 1e-15);
  assert_close(out[2], 0.04, 1e-15);
  assert_true(isnan(out[3]));
  assert_close(out[4], 0.02, 1e-15);
  /* Capping at 1: Holm 2 * 0.6 = 1.2 -> 1; BH 2/2 * 0.6 = 0.6 and
   * 2/1 * 0.5 = 1.0 -> min(1.0, 0.6) = 0.6 for both. */
  const double q[2] = {0.6, 0.5};
  cx__p_adjust_holm(q, 2, out, order);
  assert_close(out[1], 1.0, 0);
  assert_close(out[0], 1.0, 0);
  cx__p_adjust_bh(q, 2, out, order);
  assert_close(out[0], 0.6, 1e-15);
  assert_close(out[1], 0.6, 1e-15);
  cx__p_adjust_holm(q, 0, out, order); /* an empty family is fine */
}

static void test_hedges_j(void **state) {
  (void)state;
  /* 1 - 3 / (4 * 9 - 1) = 32 / 35 */
  assert_close(cx__hedges_j(9), 32.0 / 35.0, 1e-15);
  assert_true(isnan(cx__hedges_j(0.25)));
  assert_true(isnan(cx__hedges_j(NAN)));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_chi2_sf),
      cmocka_unit_test(test_normal_t_beta),
      cmocka_unit_test(test_rng_reproducible),
      cmocka_unit_test(test_binomial),
      cmocka_unit_test(test_multinomial),
      cmocka_unit_test(test_quantile),
      cmocka_unit_test(test_wilcoxon_wilcox),
      cmocka_unit_test(test_wilcoxon_pratt_zsplit),
      cmocka_unit_test(test_p_adjust),
      cmocka_unit_test(test_hedges_j),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
