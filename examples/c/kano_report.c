/*
 * kano_report: the libcx Kano API from file to picture.
 *
 *     kano_report SURVEY.csv [DIAGRAM.svg]
 *
 * Reads a Kano survey (for example examples/data/kano_survey.csv), drops
 * careless respondents, classifies every feature with the M > O > A > I
 * rule, estimates the uncertainty with a small bootstrap, prints one line
 * per feature and, when a second argument is given, writes the Kano
 * diagram there as SVG.
 *
 * Every libcx call that can fail returns a cx_status; on failure
 * cx_error_last() holds a message that says what and, for input errors,
 * where (file:line:column).  This file may be copied freely.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include <cx/cx.h>

/* Print the library's message for a failed call and say which call it was. */
static int fail(const char *what, cx_status st) {
  fprintf(stderr, "kano_report: %s failed (%s): %s\n", what, cx_strerror(st),
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
  if (fclose(f) != 0) {
    perror(path);
    return -1;
  }
  return 0;
}

/* One feature's line: category, coefficients with their intervals, how
 * often resampling agrees with the category, and the Fong test. */
static void print_feature(const cx_kano_feature_result *r) {
  if (r->category == CX_KANO_UNDEFINED) {
    printf("%-36s no answers\n", r->feature);
    return;
  }
  const char *fong = isnan(r->fong_limit)   ? "n/a"
                     : r->fong_significant ? "clear"
                                           : "not significant";
  printf("%-36s %-16s %4.2f [%4.2f, %4.2f]  %5.2f [%5.2f, %5.2f]  %4.0f%%  %s\n",
         r->feature, cx_kano_category_name(r->category), r->better,
         r->better_lo, r->better_hi, r->worse, r->worse_lo, r->worse_hi,
         100.0 * r->stability[r->category], fong);
}

int main(int argc, char **argv) {
  if (argc < 2 || argc > 3) {
    fprintf(stderr, "usage: %s SURVEY.csv [DIAGRAM.svg]\n", argv[0]);
    return EXIT_FAILURE;
  }

  cx_kano_survey *survey = NULL;
  cx_kano_result *result = NULL;
  char *svg = NULL;
  int rc = EXIT_FAILURE;

  cx_status st = cx_kano_survey_new(&survey);
  if (st != CX_OK)
    return fail("cx_kano_survey_new", st);

  /* Drop respondents whose answers are mostly contradictory (Q) or who
   * answered "neutral" to nearly everything (I): they carry no signal.
   * The filter works per respondent, which the long file allows because
   * its respondent column keeps each person's rows together. */
  cx_kano_filter filter = CX_KANO_FILTER_INIT;
  filter.max_questionable = 0.5;
  filter.max_indifferent = 0.9;
  st = cx_kano_survey_set_filter(survey, &filter);
  if (st != CX_OK) {
    fail("cx_kano_survey_set_filter", st);
    goto done;
  }

  /* The defaults read the column names of the bundled file (respondent,
   * segment, feature, functional, dysfunctional, importance) and the usual
   * English wordings of the answers, in any letter case. */
  cx_kano_csv_options csv = CX_KANO_CSV_OPTIONS_INIT;
  st = cx_kano_read_csv(survey, argv[1], &csv);
  if (st != CX_OK) {
    fail("cx_kano_read_csv", st);
    goto done;
  }

  /* The M > O > A > I rule settles close calls (top two shares within 5
   * points) in favour of the category that matters more to the product;
   * 500 resamples are plenty for 95% percentile intervals here. */
  cx_kano_options options = CX_KANO_OPTIONS_INIT;
  options.rule = CX_KANO_RULE_MOAI;
  options.threshold = 0.05;
  options.bootstrap = 500;
  options.seed = 2024;
  st = cx_kano_result_compute(&result, survey, &options);
  if (st != CX_OK) {
    fail("cx_kano_result_compute", st);
    goto done;
  }

  uint64_t kept = 0, dropped = 0;
  st = cx_kano_result_respondents(result, CX_KANO_ALL, &kept, &dropped);
  if (st != CX_OK) {
    fail("cx_kano_result_respondents", st);
    goto done;
  }
  printf("%llu respondents, %llu dropped by the filter; rule %s\n\n",
         (unsigned long long)kept, (unsigned long long)dropped,
         cx_kano_rule_name(options.rule));
  printf("%-36s %-16s %-18s  %-21s  %-5s  %s\n", "feature", "category",
         "better [95% CI]", "worse [95% CI]", "stable", "Fong");

  size_t nf = cx_kano_result_n_features(result);
  for (size_t f = 0; f < nf; f++) {
    const cx_kano_feature_result *r;
    st = cx_kano_result_get(result, f, CX_KANO_ALL, &r);
    if (st != CX_OK) {
      fail("cx_kano_result_get", st);
      goto done;
    }
    print_feature(r);
  }

  if (argc == 3) {
    cx_kano_svg_options look = CX_KANO_SVG_OPTIONS_INIT;
    look.title = "Mobile banking onboarding: Kano diagram";
    size_t len = 0;
    st = cx_render_kano_svg(result, &look, &svg, &len);
    if (st != CX_OK) {
      fail("cx_render_kano_svg", st);
      goto done;
    }
    if (write_file(argv[2], svg, len) != 0)
      goto done;
    printf("\ndiagram written to %s\n", argv[2]);
  }
  rc = EXIT_SUCCESS;

done:
  /* Every free function accepts NULL, so one exit path serves all. */
  cx_free(svg);
  cx_kano_result_free(result);
  cx_kano_survey_free(survey);
  return rc;
}
