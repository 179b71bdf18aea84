/*
 * cx nps, cx csat, cx ces: read the answers to one question from a survey
 * CSV, compute the metric pooled and per segment, and print it as a text
 * table, CSV or JSON.  The three commands share everything but their
 * analysis options and result fields, so one file serves all three; the
 * printing lives in cmd_metrics_print.c.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_metrics.h"
#include "output.h"

/* Codes the CLI declares when the user names none: no survey uses them,
 * and numeric_codes = 0 makes the reader refuse them as numbers, so only
 * the texts ("n/a", "don't know") ever produce them. */
#define HIDDEN_NA_CODE INT32_MIN
#define HIDDEN_DK_CODE (INT32_MIN + 1)

enum { FOR_NPS = 1, FOR_CSAT = 2, FOR_CES = 4, FOR_ALL = 7 };

static void help(FILE *f, cx_metric_kind kind) {
  switch (kind) {
  case CX_METRIC_NPS:
    fputs("Usage: cx nps FILE [OPTIONS]\n"
          "\n"
          "Net Promoter Score of the 0-10 answers in FILE (CSV; '-' reads\n"
          "standard input): shares of detractors (0-6), passives (7-8) and\n"
          "promoters (9-10), NPS = promoters - detractors, its standard\n"
          "error (trinomial variance) and Wald, adjusted Wald and bootstrap\n"
          "intervals, pooled and per segment.\n",
          f);
    break;
  case CX_METRIC_CSAT:
    fputs("Usage: cx csat FILE --method top2|mean [OPTIONS]\n"
          "\n"
          "Customer satisfaction of the 1-5 answers in FILE (CSV; '-' reads\n"
          "standard input): the top-2-box share (4 or 5) with a Wilson\n"
          "interval and the mean with a t interval, pooled and per segment.\n"
          "--method says which of the two is the CSAT score (required).\n",
          f);
    break;
  case CX_METRIC_CES:
    fputs("Usage: cx ces FILE --version 1|2 [OPTIONS]\n"
          "\n"
          "Customer effort score of the answers in FILE (CSV; '-' reads\n"
          "standard input): mean with a t interval, and the shares on the\n"
          "easy side (CES 2.0: 5-7, agreeing), at the neutral point and on\n"
          "the difficult side, pooled and per segment.  --version says\n"
          "which question was asked (required): 1 = CES 1.0, effort 1-5,\n"
          "higher is more effort; 2 = CES 2.0, \"made it easy\" 1-7.\n",
          f);
    break;
  }
  fputs("\nOutput:\n"
        "  --format FORMAT       text (default), csv or json\n"
        "  --percent             multiply scores, shares and their intervals\n"
        "                        by 100\n"
        "  --svg FILE            also draw the results (pooled, then each\n"
        "                        segment) as an SVG chart into FILE\n"
        "\nAnalysis:\n",
        f);
  if (kind == CX_METRIC_CSAT)
    fputs("  --method METHOD       top2 or mean (required)\n", f);
  if (kind == CX_METRIC_CES)
    fputs("  --version N           1 (CES 1.0) or 2 (CES 2.0) (required)\n", f);
  fputs("  --confidence X        level of the intervals (default 0.95)\n", f);
  if (kind == CX_METRIC_NPS)
    fputs("  --bootstrap N         N bootstrap resamples (default 0: none)\n"
          "  --seed S              seed of the bootstrap (default 0)\n"
          "  --compare A,B         difference NPS(A) - NPS(B) of two segments\n"
          "                        of --segment, with SE, interval and p\n",
          f);
  fputs("\nInput:\n"
        "  --column NAME         column of the scores (default: the metric's\n"
        "                        name in a wide file, 'score' in a long one)\n"
        "  --layout LAYOUT       auto (default), long or wide\n"
        "  --metric NAME         long: read the rows whose metric column\n"
        "                        holds NAME (default: the metric's name)\n"
        "  --metric-column NAME  long: column naming the question (default\n"
        "                        metric)\n"
        "  --segment COLUMN      results per segment of COLUMN as well\n"
        "  --weight COLUMN       weight respondents by COLUMN\n"
        "  --respondent COLUMN   respondent id for messages (default\n"
        "                        respondent)\n"
        "  --na-code N           the number N in the file means \"not\n"
        "                        applicable\" (the text n/a always does)\n"
        "  --dk-code N           the number N means \"don't know\" (the text\n"
        "                        don't know always does)\n"
        "  --delimiter CHAR      field separator (default ',')\n"
        "  --progress WHEN       progress bar: auto (default: files over\n"
        "                        50 MB when standard error is a terminal),\n"
        "                        always, never\n"
        "  -h, --help            show this help and exit\n"
        "\n"
        "Exit status: 0 success, 1 bad input, 2 usage error.\n",
        f);
}

enum opt_id {
  O_FORMAT, O_PERCENT, O_CONFIDENCE, O_BOOTSTRAP, O_SEED, O_COMPARE,
  O_METHOD, O_VERSION, O_COLUMN, O_LAYOUT, O_METRIC, O_METRIC_COLUMN,
  O_SEGMENT, O_WEIGHT, O_RESPONDENT, O_NA_CODE, O_DK_CODE, O_DELIMITER,
  O_PROGRESS, O_SVG, O_HELP
};

static const args_option options[] = {
    {"format", true, O_FORMAT, FOR_ALL, 0},
    {"percent", false, O_PERCENT, FOR_ALL, 0},
    {"confidence", true, O_CONFIDENCE, FOR_ALL, 0},
    {"bootstrap", true, O_BOOTSTRAP, FOR_NPS, 0},
    {"seed", true, O_SEED, FOR_NPS, 0},
    {"compare", true, O_COMPARE, FOR_NPS, 0},
    {"method", true, O_METHOD, FOR_CSAT, 0},
    {"version", true, O_VERSION, FOR_CES, 0},
    {"column", true, O_COLUMN, FOR_ALL, 0},
    {"layout", true, O_LAYOUT, FOR_ALL, 0},
    {"metric", true, O_METRIC, FOR_ALL, 0},
    {"metric-column", true, O_METRIC_COLUMN, FOR_ALL, 0},
    {"segment", true, O_SEGMENT, FOR_ALL, 0},
    {"weight", true, O_WEIGHT, FOR_ALL, 0},
    {"respondent", true, O_RESPONDENT, FOR_ALL, 0},
    {"na-code", true, O_NA_CODE, FOR_ALL, 0},
    {"dk-code", true, O_DK_CODE, FOR_ALL, 0},
    {"delimiter", true, O_DELIMITER, FOR_ALL, 0},
    {"progress", true, O_PROGRESS, FOR_ALL, 0},
    {"svg", true, O_SVG, FOR_ALL, 0},
    {"help", false, O_HELP, FOR_ALL, 0},
};

/* Split "A,B" into the two segment names (kept in a->compare_buf). */
static int set_compare(metric_args *a, const char *v) {
  size_t len = strlen(v);
  const char *comma = strchr(v, ',');
  if (!comma || comma == v || comma == v + len - 1 || strchr(comma + 1, ',') ||
      len >= sizeof a->compare_buf)
    return args_usage_error(a->cmd,
                            "--compare needs two segment names as A,B, not "
                            "'%s'",
                            v);
  memcpy(a->compare_buf, v, len + 1);
  a->compare_buf[comma - v] = '\0';
  a->compare_a = a->compare_buf;
  a->compare_b = a->compare_buf + (comma - v) + 1;
  if (strcmp(a->compare_a, a->compare_b) == 0)
    return args_usage_error(a->cmd,
                            "--compare needs two different segments, not "
                            "'%s'",
                            v);
  return -1;
}

/* Returns -1 to go on, or an exit code. */
static int apply(void *ctx, int id, const char *v) {
  metric_args *a = ctx;
  const char *cmd = a->cmd;
  int k;
  switch ((enum opt_id)id) {
  case O_FORMAT: return args_format(cmd, v, &a->fmt);
  case O_PERCENT: a->percent = 1; break;
  case O_CONFIDENCE: return args_level(cmd, "confidence", v, &a->confidence);
  case O_BOOTSTRAP: return args_bootstrap(cmd, v, &a->bootstrap);
  case O_SEED: return args_seed(cmd, v, &a->seed);
  case O_COMPARE: return set_compare(a, v);
  case O_METHOD:
    if (strcmp(v, "top2") == 0)
      a->method = CX_CSAT_TOP2BOX;
    else if (strcmp(v, "mean") == 0)
      a->method = CX_CSAT_MEAN;
    else
      return args_usage_error(cmd, "unknown method '%s' (top2 or mean)", v);
    break;
  case O_VERSION:
    if (strcmp(v, "1") == 0)
      a->ces = CX_CES_1;
    else if (strcmp(v, "2") == 0)
      a->ces = CX_CES_2;
    else
      return args_usage_error(cmd, "--version takes 1 or 2, not '%s'", v);
    break;
  case O_COLUMN: a->column = v; break;
  case O_LAYOUT: {
    int rc = args_layout(cmd, v, &k);
    a->layout = (cx_metric_csv_layout)k;
    return rc;
  }
  case O_METRIC: a->metric = v; break;
  case O_METRIC_COLUMN: a->metric_column = v; break;
  case O_SEGMENT: a->segment = v; break;
  case O_WEIGHT: a->weight = v; break;
  case O_RESPONDENT: a->respondent = v; break;
  case O_NA_CODE:
    return args_code(cmd, "na-code", v, &a->na_code, &a->has_na_code);
  case O_DK_CODE:
    return args_code(cmd, "dk-code", v, &a->dk_code, &a->has_dk_code);
  case O_DELIMITER: return args_delimiter(cmd, v, &a->delimiter);
  case O_PROGRESS: return args_progress(cmd, v, &a->progress);
  case O_SVG: a->svg = v; break;
  case O_HELP:
    help(stdout, a->kind);
    return EXIT_DONE;
  }
  return -1;
}

static void show_help(void *ctx) {
  const metric_args *a = ctx;
  help(stdout, a->kind);
}

static int kind_bit(cx_metric_kind k) {
  return k == CX_METRIC_NPS ? FOR_NPS : k == CX_METRIC_CSAT ? FOR_CSAT
                                                            : FOR_CES;
}

static int parse_args(metric_args *a, int argc, char **argv) {
  const args_spec spec = {
      .cmd = a->cmd,
      .options = options,
      .n_options = sizeof options / sizeof options[0],
      .variant = kind_bit(a->kind),
      .apply = apply,
      .help = show_help,
      .file = &a->file,
  };
  int rc = args_parse(&spec, argc, argv, a);
  if (rc >= 0)
    return rc;
  if (a->kind == CX_METRIC_CSAT && a->method == CX_CSAT_METHOD_UNSET)
    return args_usage_error(a->cmd, "%s",
                            "--method top2 or --method mean is required: "
                            "vendors report CSAT both ways");
  if (a->kind == CX_METRIC_CES && a->ces == CX_CES_NONE)
    return args_usage_error(a->cmd, "%s",
                            "--version 1 or --version 2 is required: the "
                            "two CES questions point in opposite "
                            "directions");
  if (a->compare_a && !a->segment)
    return args_usage_error(a->cmd, "%s", "--compare needs --segment COLUMN");
  if ((rc = args_check_codes(a->cmd, a->has_na_code, a->na_code,
                             a->has_dk_code, a->dk_code)) >= 0)
    return rc;
  return -1;
}

/* ---- the command -------------------------------------------------------- */

static cx_status new_survey(const metric_args *a, cx_metric_survey **out) {
  cx_scale sc;
  cx_scale_preset_kind preset =
      a->kind == CX_METRIC_NPS    ? CX_SCALE_NPS
      : a->kind == CX_METRIC_CSAT ? CX_SCALE_CSAT5
      : a->ces == CX_CES_1        ? CX_SCALE_CES1
                                  : CX_SCALE_CES2;
  cx_status st = cx_scale_preset(&sc, preset);
  if (st)
    return st;
  sc.has_na_code = 1;
  sc.na_code = a->has_na_code ? a->na_code : HIDDEN_NA_CODE;
  sc.has_dk_code = 1;
  sc.dk_code = a->has_dk_code ? a->dk_code : HIDDEN_DK_CODE;
  /* A hidden code may collide with the user's other code only if the
   * user chose INT32_MIN, which args_code() refuses. */
  switch (a->kind) {
  case CX_METRIC_NPS: return cx_metric_survey_new_nps(out, &sc);
  case CX_METRIC_CSAT: return cx_metric_survey_new_csat(out, &sc);
  case CX_METRIC_CES: return cx_metric_survey_new_ces(out, a->ces, &sc);
  }
  return CX_EINVAL;
}

static int run(const metric_args *a) {
  cx_metric_survey *survey = NULL;
  cx_status made = new_survey(a, &survey);
  if (made == CX_EINVAL) /* a code inside the scale */
    return args_usage_error(a->cmd, "%s", cx_error_last());
  if (made != CX_OK)
    return out_fail();
  cx_metric_csv_options co = CX_METRIC_CSV_OPTIONS_INIT;
  co.layout = a->layout;
  co.delimiter = a->delimiter;
  co.score_column = a->column;
  co.metric_column = a->metric_column;
  co.metric = a->metric;
  co.respondent_column = a->respondent;
  /* Segments and weights only when asked for: a column that happens to be
   * called "weight" must not change the results silently. */
  co.segment_column = a->segment;
  co.require_segment = a->segment != NULL;
  co.weight_column = a->weight;
  co.require_weight = a->weight != NULL;
  co.numeric_codes = a->has_na_code || a->has_dk_code;
  progress_bar bar;
  progress_start(&bar, a->progress, a->file, &co.progress, &co.progress_ctx);
  cx_status st = cx_metric_read_csv(survey, a->file, &co);
  progress_finish(&bar);
  int rc = st == CX_OK ? metrics_print(survey, a) : out_fail();
  cx_metric_survey_free(survey);
  return rc;
}

static int cmd(cx_metric_kind kind, const char *name, int argc, char **argv) {
  metric_args a = {
      .kind = kind,
      .cmd = name,
      .fmt = FORMAT_TEXT,
      .confidence = 0.95,
      .layout = CX_METRIC_CSV_AUTO,
      .metric_column = "metric",
      .respondent = "respondent",
      .delimiter = ',',
      .progress = PROGRESS_AUTO,
  };
  int rc = parse_args(&a, argc, argv);
  if (rc >= 0)
    return rc;
  return run(&a);
}

int cmd_nps(int argc, char **argv) {
  return cmd(CX_METRIC_NPS, "nps", argc, argv);
}

int cmd_csat(int argc, char **argv) {
  return cmd(CX_METRIC_CSAT, "csat", argc, argv);
}

int cmd_ces(int argc, char **argv) {
  return cmd(CX_METRIC_CES, "ces", argc, argv);
}
