/*
 * cx gap: expectation versus experience from a survey CSV: per item and
 * per dimension the gap P - E with its tests and effect sizes, SERVQUAL
 * scores, zone of tolerance and importance-performance quadrants, pooled
 * and per segment, as a text table, CSV or JSON; the gap chart and the
 * IPA chart as SVG; and the results written into a journey map.  The
 * printing lives in cmd_gap_print.c.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_gap.h"
#include "output.h"

/* Codes declared when the user names none: no survey uses them, and
 * numeric_codes = 0 makes the reader refuse them as numbers, so only the
 * texts ("n/a", "don't know") produce them. */
#define HIDDEN_NA_CODE INT32_MIN
#define HIDDEN_DK_CODE (INT32_MIN + 1)

static void help(FILE *f) {
  fputs("Usage: cx gap FILE [OPTIONS]\n"
        "\n"
        "Expectation versus experience in FILE (CSV; '-' reads standard\n"
        "input): per item and dimension the mean gap P - E over complete\n"
        "pairs, its interval, the paired t-test and the Wilcoxon signed-rank\n"
        "test with adjusted p-values, effect sizes, zone of tolerance and\n"
        "importance-performance quadrants; SERVQUAL overall and weighted\n"
        "scores; pooled and per segment.\n"
        "\nOutput:\n"
        "  --format FORMAT       text (default), csv or json\n"
        "  --svg FILE            gap chart (bar and interval per item)\n"
        "  --ipa-svg FILE        importance-performance chart\n"
        "  --ipa-axis AXIS       performance (default) or gap\n"
        "  --diagonal            draw the iso-priority line in the IPA chart\n"
        "  --journey MAP.json    write the pooled item results into the\n"
        "                        touchpoints of this journey (ids = item ids)\n"
        "  --journey-out FILE    where to save that journey (JSON)\n"
        "\nAnalysis:\n"
        "  --servqual            the 22 SERVQUAL items SQ1..SQ22 in five\n"
        "                        dimensions (else items come from the file)\n"
        "  --scale MIN:MAX       scale of E, P, adequate, desired and\n"
        "                        importance answers (default 1:7)\n"
        "  --crosshair WHERE     IPA crosshair: mean (default), median,\n"
        "                        midpoint, or X,Y (performance, importance)\n"
        "                        or X,Y,G (also the gap crosshair)\n"
        "  --zero-method M       Wilcoxon zeros: wilcox (default), pratt,\n"
        "                        zsplit\n"
        "  --adjust METHOD       adjusted p-values shown: holm (default), bh\n"
        "  --min-answered SHARE  share of a dimension's items a respondent\n"
        "                        must answer, in (0, 1] or a percentage\n"
        "                        (default 0.75)\n"
        "  --level X             confidence level (default 0.95)\n"
        "  --overall RULE        dimensions (default) or items\n"
        "  --drop-inversions     leave adequate > desired answers out\n"
        "\nInput:\n"
        "  --layout LAYOUT       auto (default), long or wide\n"
        "  --segment COLUMN      results per segment of COLUMN as well\n"
        "  --weight COLUMN       weight respondents by COLUMN\n"
        "  --respondent COLUMN   respondent id (default respondent)\n"
        "  --na-code N           the number N means \"not applicable\" (the\n"
        "                        text n/a always does)\n"
        "  --dk-code N           the number N means \"don't know\"\n"
        "  --delimiter CHAR      field separator (default ',')\n"
        "  --progress WHEN       auto (default), always, never\n"
        "  -h, --help            show this help and exit\n"
        "\nExit status: 0 success, 1 bad input, 2 usage error.\n",
        f);
}

static int set_scale(gap_args *a, const char *v) {
  const char *colon = strchr(v, ':');
  if (!colon || !args_int(v, colon, &a->min) ||
      !args_int(colon + 1, colon + strlen(colon), &a->max) ||
      a->max <= a->min || a->max - a->min > 100)
    return args_usage_error(
        "gap",
        "--scale needs MIN:MAX, whole numbers with MIN < MAX "
        "and at most 101 points, not '%s'",
        v);
  return -1;
}

static int set_crosshair(gap_args *a, const char *v) {
  cx_gap_options *o = &a->opt;
  if (strcmp(v, "mean") == 0) {
    o->crosshair = CX_GAP_CROSSHAIR_MEAN;
  } else if (strcmp(v, "median") == 0) {
    o->crosshair = CX_GAP_CROSSHAIR_MEDIAN;
  } else if (strcmp(v, "midpoint") == 0) {
    o->crosshair = CX_GAP_CROSSHAIR_MIDPOINT;
  } else {
    char buf[256];
    double x[3] = {0.0, 0.0, 0.0};
    size_t n = 0;
    if (strlen(v) >= sizeof buf)
      return args_usage_error("gap", "--crosshair value is too long");
    strcpy(buf, v);
    for (char *tok = strtok(buf, ","); tok; tok = strtok(NULL, ","))
      if (n >= 3 || !args_double(tok, &x[n++]))
        n = 4;
    if (n < 2 || n > 3)
      return args_usage_error(
          "gap",
          "--crosshair takes mean, median, midpoint, X,Y or "
          "X,Y,G, not '%s'",
          v);
    o->crosshair = CX_GAP_CROSSHAIR_CUSTOM;
    o->custom_performance = x[0];
    o->custom_importance = x[1];
    o->custom_gap = x[2];
  }
  return -1;
}

static int set_share(gap_args *a, const char *v) {
  char buf[64];
  size_t len = strlen(v);
  bool pct = len > 1 && v[len - 1] == '%' && len < sizeof buf;
  double x;
  if (pct) {
    memcpy(buf, v, len - 1);
    buf[len - 1] = '\0';
  }
  if (!args_double(pct ? buf : v, &x) || (pct && (x /= 100.0, false)) ||
      !(x > 0.0 && x <= 1.0))
    return args_usage_error("gap",
                            "--min-answered needs a share in (0, 1] or a "
                            "percentage, not '%s'",
                            v);
  a->min_share = x;
  return -1;
}

enum opt_id {
  O_FORMAT, O_SVG, O_IPA_SVG, O_IPA_AXIS, O_DIAGONAL, O_JOURNEY,
  O_JOURNEY_OUT, O_SERVQUAL, O_SCALE, O_CROSSHAIR, O_ZERO, O_ADJUST,
  O_MIN_ANSWERED, O_LEVEL, O_OVERALL, O_DROP, O_LAYOUT, O_SEGMENT, O_WEIGHT,
  O_RESPONDENT, O_NA_CODE, O_DK_CODE, O_DELIMITER, O_PROGRESS, O_HELP
};

static const args_option options[] = {
    ARGS_OPTION("format", true, O_FORMAT),
    ARGS_OPTION("svg", true, O_SVG),
    ARGS_OPTION("ipa-svg", true, O_IPA_SVG),
    ARGS_OPTION("ipa-axis", true, O_IPA_AXIS),
    ARGS_OPTION("diagonal", false, O_DIAGONAL),
    ARGS_OPTION("journey", true, O_JOURNEY),
    ARGS_OPTION("journey-out", true, O_JOURNEY_OUT),
    ARGS_OPTION("servqual", false, O_SERVQUAL),
    ARGS_OPTION("scale", true, O_SCALE),
    ARGS_OPTION("crosshair", true, O_CROSSHAIR),
    ARGS_OPTION("zero-method", true, O_ZERO),
    ARGS_OPTION("adjust", true, O_ADJUST),
    ARGS_OPTION("min-answered", true, O_MIN_ANSWERED),
    ARGS_OPTION("level", true, O_LEVEL),
    ARGS_OPTION("overall", true, O_OVERALL),
    ARGS_OPTION("drop-inversions", false, O_DROP),
    ARGS_OPTION("layout", true, O_LAYOUT),
    ARGS_OPTION("segment", true, O_SEGMENT),
    ARGS_OPTION("weight", true, O_WEIGHT),
    ARGS_OPTION("respondent", true, O_RESPONDENT),
    ARGS_OPTION("na-code", true, O_NA_CODE),
    ARGS_OPTION("dk-code", true, O_DK_CODE),
    ARGS_OPTION("delimiter", true, O_DELIMITER),
    ARGS_OPTION("progress", true, O_PROGRESS),
    ARGS_OPTION("help", false, O_HELP),
};

static int apply(void *ctx, int id, const char *v) {
  static const char *const zeros[] = {"wilcox", "pratt", "zsplit"};
  gap_args *a = ctx;
  int k;
  switch ((enum opt_id)id) {
  case O_FORMAT: return args_format("gap", v, &a->fmt);
  case O_SVG: a->svg = v; break;
  case O_IPA_SVG: a->ipa_svg = v; break;
  case O_IPA_AXIS:
    if (strcmp(v, "performance") && strcmp(v, "gap"))
      return args_usage_error(
          "gap", "--ipa-axis takes performance or gap, not '%s'", v);
    a->ipa_gap = strcmp(v, "gap") == 0;
    break;
  case O_DIAGONAL: a->diagonal = true; break;
  case O_JOURNEY: a->journey = v; break;
  case O_JOURNEY_OUT: a->journey_out = v; break;
  case O_SERVQUAL: a->servqual = true; break;
  case O_SCALE: return set_scale(a, v);
  case O_CROSSHAIR: return set_crosshair(a, v);
  case O_ZERO:
    for (k = 0; k < 3 && strcmp(v, zeros[k]); k++)
      ;
    if (k == 3)
      return args_usage_error("gap", "unknown zero method '%s' (wilcox, "
                                     "pratt or zsplit)",
                              v);
    a->opt.zero_method = (cx_gap_zero_method)k;
    break;
  case O_ADJUST:
    if (strcmp(v, "holm") && strcmp(v, "bh"))
      return args_usage_error("gap", "--adjust takes holm or bh, not '%s'",
                              v);
    a->bh = strcmp(v, "bh") == 0;
    break;
  case O_MIN_ANSWERED: return set_share(a, v);
  case O_LEVEL: return args_level("gap", "level", v, &a->opt.level);
  case O_OVERALL:
    if (strcmp(v, "dimensions") && strcmp(v, "items"))
      return args_usage_error(
          "gap", "--overall takes dimensions or items, not '%s'", v);
    a->opt.overall = strcmp(v, "items") == 0 ? CX_GAP_OVERALL_ITEMS
                                             : CX_GAP_OVERALL_DIMENSIONS;
    break;
  case O_DROP: a->opt.drop_inversions = 1; break;
  case O_LAYOUT: {
    int rc = args_layout("gap", v, &k);
    a->layout = (cx_gap_csv_layout)k;
    return rc;
  }
  case O_SEGMENT: a->segment = v; break;
  case O_WEIGHT: a->weight = v; break;
  case O_RESPONDENT: a->respondent = v; break;
  case O_NA_CODE:
    return args_code("gap", "na-code", v, &a->na_code, &a->has_na_code);
  case O_DK_CODE:
    return args_code("gap", "dk-code", v, &a->dk_code, &a->has_dk_code);
  case O_DELIMITER: return args_delimiter("gap", v, &a->delimiter);
  case O_PROGRESS: return args_progress("gap", v, &a->progress);
  case O_HELP: help(stdout); return EXIT_DONE;
  }
  return -1;
}

static void show_help(void *ctx) {
  (void)ctx;
  help(stdout);
}

static int parse_args(gap_args *a, int argc, char **argv) {
  const args_spec spec = {
      .cmd = "gap",
      .options = options,
      .n_options = sizeof options / sizeof options[0],
      .apply = apply,
      .help = show_help,
      .file = &a->file,
  };
  int rc = args_parse(&spec, argc, argv, a);
  if (rc >= 0)
    return rc;
  if (a->journey_out && !a->journey)
    return args_usage_error("gap", "--journey-out needs --journey MAP.json");
  if ((rc = args_check_codes("gap", a->has_na_code, a->na_code,
                             a->has_dk_code, a->dk_code)) >= 0)
    return rc;
  if ((a->has_na_code && a->na_code >= a->min && a->na_code <= a->max) ||
      (a->has_dk_code && a->dk_code >= a->min && a->dk_code <= a->max))
    return args_usage_error("gap", "--na-code and --dk-code must lie outside "
                                   "the scale %d-%d",
                            (int)a->min, (int)a->max);
  return -1;
}

/* ---- the command -------------------------------------------------------- */

static bool write_file(const char *path, const char *text, size_t len) {
  FILE *f = fopen(path, "wb");
  if (!f) {
    fprintf(stderr, "cx: %s: %s\n", path, strerror(errno));
    return false;
  }
  bool ok = fwrite(text, 1, len, f) == len;
  ok = fclose(f) == 0 && ok;
  if (!ok)
    fprintf(stderr, "cx: %s: could not write the file\n", path);
  return ok;
}

static int pictures(const gap_args *a, const cx_gap_result *res) {
  char *svg = NULL;
  size_t len = 0;
  if (a->svg) {
    if (cx_render_gap_svg(res, NULL, &svg, &len))
      return out_fail();
    bool ok = write_file(a->svg, svg, len);
    cx_free(svg);
    if (!ok)
      return EXIT_BAD_INPUT;
  }
  if (a->ipa_svg) {
    cx_ipa_svg_options io = CX_IPA_SVG_OPTIONS_INIT;
    io.x_axis = a->ipa_gap ? CX_IPA_GAP : CX_IPA_PERFORMANCE;
    io.diagonal = a->diagonal;
    if (!a->ipa_gap) {
      io.x_min = a->min, io.x_max = a->max;
    }
    io.y_min = a->min, io.y_max = a->max;
    if (cx_render_ipa_svg(res, &io, &svg, &len))
      return out_fail();
    bool ok = write_file(a->ipa_svg, svg, len);
    cx_free(svg);
    if (!ok)
      return EXIT_BAD_INPUT;
  }
  return -1;
}

static int link_journey(const gap_args *a, const cx_gap_result *res,
                        cx_journey_link_report **rep) {
  cx_journey *j = NULL;
  if (cx_journey_read_json(&j, a->journey, NULL))
    return out_fail();
  cx_gap_link_options lo = CX_GAP_LINK_OPTIONS_INIT;
  lo.scale_min = a->min;
  lo.scale_max = a->max;
  int rc = -1;
  char *text = NULL;
  size_t len = 0;
  if (cx_gap_result_link_journey(res, j, &lo, rep))
    rc = out_fail();
  else if (a->journey_out && cx_journey_to_json(j, 2, &text, &len))
    rc = out_fail();
  else if (a->journey_out && !write_file(a->journey_out, text, len))
    rc = EXIT_BAD_INPUT;
  cx_free(text);
  cx_journey_free(j);
  return rc;
}

static int run(const gap_args *a) {
  cx_gap_config cfg = CX_GAP_CONFIG_INIT;
  cx_scale sc = cfg.scale;
  sc.min = a->min;
  sc.max = a->max;
  sc.neutral = (a->min + a->max) / 2.0;
  sc.has_na_code = sc.has_dk_code = 1;
  sc.na_code = a->has_na_code ? a->na_code : HIDDEN_NA_CODE;
  sc.dk_code = a->has_dk_code ? a->dk_code : HIDDEN_DK_CODE;
  cfg.scale = cfg.importance = cfg.disconfirmation = sc;
  cfg.min_share = a->min_share;
  cx_gap_survey *like = NULL;
  cx_gap_segments *segs = NULL;
  if (cx_gap_survey_new(&like, &cfg) ||
      (a->servqual && cx_gap_survey_declare_servqual(like))) {
    cx_gap_survey_free(like);
    return out_fail();
  }
  cx_gap_csv_options co = CX_GAP_CSV_OPTIONS_INIT;
  co.layout = a->layout;
  co.delimiter = a->delimiter;
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
  cx_status st = cx_gap_read_csv_segments(&segs, like, a->file, &co);
  progress_finish(&bar);
  cx_gap_survey_free(like);
  if (st)
    return out_fail();
  size_t ng = 1 + cx_gap_segments_count(segs);
  group *g = calloc(ng, sizeof *g);
  int rc = -1;
  cx_journey_link_report *rep = NULL;
  if (!g) {
    fputs("cx: out of memory\n", stderr);
    rc = EXIT_BAD_INPUT;
  }
  for (size_t k = 0; k < ng && rc < 0; k++) {
    g[k].segment = k ? cx_gap_segments_name(segs, k - 1) : NULL;
    g[k].survey = k ? cx_gap_segments_survey(segs, k - 1)
                    : cx_gap_segments_pooled(segs);
    if (cx_gap_result_compute(&g[k].result, g[k].survey, &a->opt))
      rc = out_fail();
  }
  if (rc < 0)
    rc = pictures(a, g[0].result);
  if (rc < 0 && a->journey)
    rc = link_journey(a, g[0].result, &rep);
  if (rc < 0) {
    bool ok = a->fmt == FORMAT_CSV    ? gap_print_csv(g, ng, a, stdout)
              : a->fmt == FORMAT_JSON ? gap_print_json(g, ng, a, rep, stdout)
                                      : gap_print_text(g, ng, a, rep, stdout);
    ok = fflush(stdout) == 0 && ok;
    rc = ok ? EXIT_DONE : EXIT_BAD_INPUT;
    if (!ok)
      fputs("cx: could not write the output\n", stderr);
  }
  for (size_t k = 0; g && k < ng; k++)
    cx_gap_result_free(g[k].result);
  free(g);
  cx_journey_link_report_free(rep);
  cx_gap_segments_free(segs);
  return rc;
}

int cmd_gap(int argc, char **argv) {
  gap_args a = {
      .fmt = FORMAT_TEXT,
      .respondent = "respondent",
      .layout = CX_GAP_CSV_AUTO,
      .min = 1,
      .max = 7,
      .min_share = 0.75,
      .delimiter = ',',
      .progress = PROGRESS_AUTO,
  };
  cx_gap_options o = CX_GAP_OPTIONS_INIT;
  a.opt = o;
  int rc = parse_args(&a, argc, argv);
  if (rc >= 0)
    return rc;
  return run(&a);
}
