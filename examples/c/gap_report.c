/*
 * gap_report: the libcx gap-analysis API from file to pictures.
 *
 *     gap_report SERVQUAL.csv [GAPS.svg [IPA.svg]]
 *
 * Reads a SERVQUAL survey (for example examples/data/servqual_survey.csv)
 * into the 22 SERVQUAL items, computes the gaps P - E with their tests,
 * prints one line per dimension and the overall scores and, when more
 * arguments are given, writes the gap chart and the importance-performance
 * chart there as SVG.
 *
 * Every libcx call that can fail returns a cx_status; on failure
 * cx_error_last() holds a message that says what and, for input errors,
 * where (file:line:column).  This file may be copied freely.
 */
#include <stdio.h>
#include <stdlib.h>

#include <cx/cx.h>

static int fail(const char *what, cx_status st) {
  fprintf(stderr, "gap_report: %s failed (%s): %s\n", what, cx_strerror(st),
          cx_error_last());
  return EXIT_FAILURE;
}

static int write_file(const char *path, const char *data, size_t len) {
  FILE *f = fopen(path, "wb");
  if (!f || fwrite(data, 1, len, f) != len) {
    perror(path);
    if (f)
      fclose(f);
    return -1;
  }
  return fclose(f) == 0 ? 0 : -1;
}

int main(int argc, char **argv) {
  if (argc < 2 || argc > 4) {
    fputs("usage: gap_report SERVQUAL.csv [GAPS.svg [IPA.svg]]\n", stderr);
    return EXIT_FAILURE;
  }
  /* "n/a" and "don't know" in the file are counted with these codes,
   * apart from blank answers. */
  cx_gap_config config = CX_GAP_CONFIG_INIT;
  config.scale.has_na_code = 1;
  config.scale.na_code = -1;
  config.scale.has_dk_code = 1;
  config.scale.dk_code = -2;
  cx_gap_survey *survey = NULL;
  cx_gap_result *result = NULL;
  cx_status st;
  if ((st = cx_gap_survey_new(&survey, &config)))
    return fail("cx_gap_survey_new", st);
  if ((st = cx_gap_survey_declare_servqual(survey)) ||
      (st = cx_gap_read_csv(survey, argv[1], NULL)) ||
      (st = cx_gap_result_compute(&result, survey, NULL))) {
    cx_gap_survey_free(survey);
    return fail("reading and computing", st);
  }
  printf("%llu respondents\n\n",
         (unsigned long long)cx_gap_survey_n_respondents(survey));
  printf("%-16s %5s %6s %6s %7s %18s %10s\n", "dimension", "n", "E", "P",
         "gap", "95% interval", "p (Holm)");
  for (size_t d = 0; d < cx_gap_result_n_dimensions(result); d++) {
    const cx_gap_dimension_result *r = cx_gap_result_dimension(result, d);
    printf("%-16s %5llu %6.2f %6.2f %+7.2f   [%+6.2f, %+6.2f] %10.2g\n",
           r->name, (unsigned long long)r->gap.n, r->gap.mean_e,
           r->gap.mean_p, r->gap.mean, r->gap.ci_low, r->gap.ci_high,
           r->gap.p_t_holm);
  }
  const cx_gap_score *w = cx_gap_result_weighted(result);
  printf("\noverall (mean of dimensions) %+.3f\n",
         cx_gap_result_overall(result));
  printf("weighted SERVQUAL score      %+.3f  [%+.3f, %+.3f], n = %llu\n",
         w->mean, w->ci_low, w->ci_high, (unsigned long long)w->n);

  int rc = EXIT_SUCCESS;
  for (int k = 2; k < argc && rc == EXIT_SUCCESS; k++) {
    char *svg = NULL;
    size_t len = 0;
    st = k == 2 ? cx_render_gap_svg(result, NULL, &svg, &len)
                : cx_render_ipa_svg(result, NULL, &svg, &len);
    if (st)
      rc = fail("rendering", st);
    else if (write_file(argv[k], svg, len))
      rc = EXIT_FAILURE;
    cx_free(svg);
  }
  cx_gap_result_free(result);
  cx_gap_survey_free(survey);
  return rc;
}
