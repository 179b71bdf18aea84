/*
 * cx nps, cx csat, cx ces: read the answers to one question from a survey
 * CSV, compute the metric pooled and per segment, and print it as a text
 * table, CSV or JSON.  The three commands share everything but their
 * analysis options and result fields, so one file serves all three; the
 * printing lives in cmd_metrics_print.c.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cmd_metrics.h"

/* Codes the CLI declares when the user names none: no survey uses them,
 * and numeric_codes = 0 makes the reader refuse them as numbers, so only
 * the texts ("n/a", "don't know") ever produce them. */
#define HIDDEN_NA_CODE INT32_MIN
#define HIDDEN_DK_CODE (INT32_MIN + 1)

enum { FOR_NPS = 1, FOR_CSAT = 2, FOR_CES = 4, FOR_ALL = 7 };

static const char *const format_names[] = {"text", "csv", "json"};
static const char *const layout_names[] = {"auto", "long", "wide"};

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

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static int usage_error(const metric_args *a, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fprintf(stderr, "cx %s: ", a->cmd);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fprintf(stderr, "\nTry 'cx %s --help'.\n", a->cmd);
  return EXIT_USAGE;
}

static int pick(const char *value, const char *const *names, int n) {
  for (int i = 0; i < n; i++)
    if (strcmp(value, names[i]) == 0)
      return i;
  return -1;
}

static bool parse_double(const char *s, double *out) {
  char *e;
  errno = 0;
  double v = strtod(s, &e);
  if (e == s || *e || errno || !isfinite(v))
    return false;
  *out = v;
  return true;
}

static bool parse_u64(const char *s, uint64_t *out) {
  if (!*s || strspn(s, "0123456789") != strlen(s))
    return false;
  errno = 0;
  unsigned long long v = strtoull(s, NULL, 10);
  if (errno)
    return false;
  *out = (uint64_t)v;
  return true;
}

static bool parse_code(const char *s, int32_t *out) {
  char *e;
  errno = 0;
  long v = strtol(s, &e, 10);
  if (e == s || *e || errno || v < -1000000 || v > 1000000)
    return false;
  *out = (int32_t)v;
  return true;
}

enum opt_id {
  O_FORMAT, O_PERCENT, O_CONFIDENCE, O_BOOTSTRAP, O_SEED, O_COMPARE,
  O_METHOD, O_VERSION, O_COLUMN, O_LAYOUT, O_METRIC, O_METRIC_COLUMN,
  O_SEGMENT, O_WEIGHT, O_RESPONDENT, O_NA_CODE, O_DK_CODE, O_DELIMITER,
  O_PROGRESS, O_HELP
};

static const struct {
  const char *name;
  bool arg;
  int for_kinds;
  enum opt_id id;
} options[] = {
    {"format", true, FOR_ALL, O_FORMAT},
    {"percent", false, FOR_ALL, O_PERCENT},
    {"confidence", true, FOR_ALL, O_CONFIDENCE},
    {"bootstrap", true, FOR_NPS, O_BOOTSTRAP},
    {"seed", true, FOR_NPS, O_SEED},
    {"compare", true, FOR_NPS, O_COMPARE},
    {"method", true, FOR_CSAT, O_METHOD},
    {"version", true, FOR_CES, O_VERSION},
    {"column", true, FOR_ALL, O_COLUMN},
    {"layout", true, FOR_ALL, O_LAYOUT},
    {"metric", true, FOR_ALL, O_METRIC},
    {"metric-column", true, FOR_ALL, O_METRIC_COLUMN},
    {"segment", true, FOR_ALL, O_SEGMENT},
    {"weight", true, FOR_ALL, O_WEIGHT},
    {"respondent", true, FOR_ALL, O_RESPONDENT},
    {"na-code", true, FOR_ALL, O_NA_CODE},
    {"dk-code", true, FOR_ALL, O_DK_CODE},
    {"delimiter", true, FOR_ALL, O_DELIMITER},
    {"progress", true, FOR_ALL, O_PROGRESS},
    {"help", false, FOR_ALL, O_HELP},
};

/* Split "A,B" into the two segment names (kept in a->compare_buf). */
static int set_compare(metric_args *a, const char *v) {
  size_t len = strlen(v);
  const char *comma = strchr(v, ',');
  if (!comma || comma == v || comma == v + len - 1 || strchr(comma + 1, ',') ||
      len >= sizeof a->compare_buf)
    return usage_error(a, "--compare needs two segment names as A,B, not "
                          "'%s'", v);
  memcpy(a->compare_buf, v, len + 1);
  a->compare_buf[comma - v] = '\0';
  a->compare_a = a->compare_buf;
  a->compare_b = a->compare_buf + (comma - v) + 1;
  if (strcmp(a->compare_a, a->compare_b) == 0)
    return usage_error(a, "--compare needs two different segments, not "
                          "'%s'", v);
  return -1;
}

/* Returns -1 to go on, or an exit code. */
static int apply(metric_args *a, enum opt_id id, const char *v) {
  int k;
  uint64_t u;
  switch (id) {
  case O_FORMAT:
    if ((k = pick(v, format_names, 3)) < 0)
      return usage_error(a, "unknown format '%s' (text, csv or json)", v);
    a->fmt = (format)k;
    break;
  case O_PERCENT: a->percent = 1; break;
  case O_CONFIDENCE:
    if (!parse_double(v, &a->confidence) || a->confidence <= 0 ||
        a->confidence >= 1)
      return usage_error(a, "--confidence needs a number between 0 and 1, "
                            "not '%s'", v);
    break;
  case O_BOOTSTRAP:
    if (!parse_u64(v, &u) || u > 1000000)
      return usage_error(a, "--bootstrap needs a count from 0 to 1000000, "
                            "not '%s'", v);
    a->bootstrap = (unsigned)u;
    break;
  case O_SEED:
    if (!parse_u64(v, &a->seed))
      return usage_error(a, "--seed needs a whole number >= 0, not '%s'", v);
    break;
  case O_COMPARE: return set_compare(a, v);
  case O_METHOD:
    if (strcmp(v, "top2") == 0)
      a->method = CX_CSAT_TOP2BOX;
    else if (strcmp(v, "mean") == 0)
      a->method = CX_CSAT_MEAN;
    else
      return usage_error(a, "unknown method '%s' (top2 or mean)", v);
    break;
  case O_VERSION:
    if (strcmp(v, "1") == 0)
      a->ces = CX_CES_1;
    else if (strcmp(v, "2") == 0)
      a->ces = CX_CES_2;
    else
      return usage_error(a, "--version takes 1 or 2, not '%s'", v);
    break;
  case O_COLUMN: a->column = v; break;
  case O_LAYOUT:
    if ((k = pick(v, layout_names, 3)) < 0)
      return usage_error(a, "unknown layout '%s' (auto, long or wide)", v);
    a->layout = (cx_metric_csv_layout)k;
    break;
  case O_METRIC: a->metric = v; break;
  case O_METRIC_COLUMN: a->metric_column = v; break;
  case O_SEGMENT: a->segment = v; break;
  case O_WEIGHT: a->weight = v; break;
  case O_RESPONDENT: a->respondent = v; break;
  case O_NA_CODE:
  case O_DK_CODE: {
    int32_t c;
    if (!parse_code(v, &c))
      return usage_error(a, "--%s needs a whole number, not '%s'",
                         id == O_NA_CODE ? "na-code" : "dk-code", v);
    if (id == O_NA_CODE) {
      a->na_code = c;
      a->has_na_code = true;
    } else {
      a->dk_code = c;
      a->has_dk_code = true;
    }
    break;
  }
  case O_DELIMITER:
    if (strcmp(v, "\\t") == 0 || strcmp(v, "tab") == 0)
      v = "\t";
    if (strlen(v) != 1 || *v == '"' || *v == '\n' || *v == '\r')
      return usage_error(a, "--delimiter needs one character (not a quote or "
                            "line end), not '%s'", v);
    a->delimiter = *v;
    break;
  case O_PROGRESS:
    if (strcmp(v, "auto") == 0)
      a->progress = PROGRESS_AUTO;
    else if (strcmp(v, "always") == 0)
      a->progress = PROGRESS_ALWAYS;
    else if (strcmp(v, "never") == 0)
      a->progress = PROGRESS_NEVER;
    else
      return usage_error(a, "--progress takes auto, always or never, not "
                            "'%s'", v);
    break;
  case O_HELP:
    help(stdout, a->kind);
    return EXIT_DONE;
  }
  return -1;
}

static int kind_bit(cx_metric_kind k) {
  return k == CX_METRIC_NPS ? FOR_NPS : k == CX_METRIC_CSAT ? FOR_CSAT
                                                            : FOR_CES;
}

static int parse_args(metric_args *a, int argc, char **argv) {
  bool only_files = false;
  for (int i = 1; i < argc; i++) {
    const char *arg = argv[i];
    if (!only_files && strcmp(arg, "--") == 0) {
      only_files = true;
      continue;
    }
    if (!only_files && strcmp(arg, "-h") == 0) {
      help(stdout, a->kind);
      return EXIT_DONE;
    }
    if (!only_files && arg[0] == '-' && arg[1] == '-') {
      const char *name = arg + 2;
      const char *eq = strchr(name, '=');
      size_t len = eq ? (size_t)(eq - name) : strlen(name);
      size_t k = 0, n = sizeof options / sizeof options[0];
      while (k < n && !(strlen(options[k].name) == len &&
                        memcmp(options[k].name, name, len) == 0 &&
                        (options[k].for_kinds & kind_bit(a->kind))))
        k++;
      if (k == n)
        return usage_error(a, "unknown option '%s'", arg);
      const char *value = eq ? eq + 1 : NULL;
      if (options[k].arg && !value) {
        if (i + 1 >= argc)
          return usage_error(a, "option '%s' needs a value", arg);
        value = argv[++i];
      } else if (!options[k].arg && value) {
        return usage_error(a, "option '%s' takes no value", arg);
      }
      int rc = apply(a, options[k].id, value);
      if (rc >= 0)
        return rc;
      continue;
    }
    if (!only_files && arg[0] == '-' && arg[1] != '\0')
      return usage_error(a, "unknown option '%s'", arg);
    if (a->file)
      return usage_error(a, "only one input file, got another: '%s'", arg);
    a->file = arg;
  }
  if (!a->file)
    return usage_error(a, "%s", "no input file (use '-' for standard input)");
  if (a->kind == CX_METRIC_CSAT && a->method == CX_CSAT_METHOD_UNSET)
    return usage_error(a, "%s", "--method top2 or --method mean is required: "
                                "vendors report CSAT both ways");
  if (a->kind == CX_METRIC_CES && a->ces == CX_CES_NONE)
    return usage_error(a, "%s", "--version 1 or --version 2 is required: the "
                                "two CES questions point in opposite "
                                "directions");
  if (a->compare_a && !a->segment)
    return usage_error(a, "%s", "--compare needs --segment COLUMN");
  if (a->has_na_code && a->has_dk_code && a->na_code == a->dk_code)
    return usage_error(a, "%s", "--na-code and --dk-code must differ");
  return -1;
}

/* ---- the command -------------------------------------------------------- */

int metrics_fail(void) {
  fprintf(stderr, "cx: %s\n", cx_error_last());
  return EXIT_BAD_INPUT;
}

static uint64_t input_size(const char *path) {
  struct stat st;
  int rc = strcmp(path, "-") == 0 ? fstat(0, &st) : stat(path, &st);
  return rc == 0 && S_ISREG(st.st_mode) ? (uint64_t)st.st_size : 0;
}

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
   * user chose INT32_MIN, which parse_code refuses. */
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
    return usage_error(a, "%s", cx_error_last());
  if (made != CX_OK)
    return metrics_fail();
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
  progress_init(&bar, a->progress, a->file, input_size(a->file));
  if (bar.enabled) {
    co.progress = progress_update;
    co.progress_ctx = &bar;
  }
  cx_status st = cx_metric_read_csv(survey, a->file, &co);
  progress_finish(&bar);
  int rc = st == CX_OK ? metrics_print(survey, a) : metrics_fail();
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
