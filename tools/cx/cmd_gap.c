/*
 * cx gap: expectation versus experience from a survey CSV: per item and
 * per dimension the gap P - E with its tests and effect sizes, SERVQUAL
 * scores, zone of tolerance and importance-performance quadrants, pooled
 * and per segment, as a text table, CSV or JSON; the gap chart and the
 * IPA chart as SVG; and the results written into a journey map.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cx/cx.h>
#include <jansson.h>

#include "cx_tool.h"
#include "output.h"
#include "progress.h"

/* Codes declared when the user names none: no survey uses them, and
 * numeric_codes = 0 makes the reader refuse them as numbers, so only the
 * texts ("n/a", "don't know") produce them. */
#define HIDDEN_NA_CODE INT32_MIN
#define HIDDEN_DK_CODE (INT32_MIN + 1)

typedef enum format { FORMAT_TEXT, FORMAT_CSV, FORMAT_JSON } format;

typedef struct gap_args {
  const char *file;
  format fmt;
  const char *svg, *ipa_svg, *journey, *journey_out;
  const char *segment, *weight, *respondent;
  cx_gap_csv_layout layout;
  bool servqual, bh, drop_inversions, diagonal, ipa_gap;
  int32_t min, max;
  bool has_na_code, has_dk_code;
  int32_t na_code, dk_code;
  cx_gap_options opt;
  double min_share;
  char delimiter;
  progress_mode progress;
} gap_args;

static void help(FILE *f) {
  fputs(
      "Usage: cx gap FILE [OPTIONS]\n"
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

#if defined(__GNUC__)
__attribute__((format(printf, 1, 2)))
#endif
static int usage_error(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fputs("cx gap: ", stderr);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputs("\nTry 'cx gap --help'.\n", stderr);
  return EXIT_USAGE;
}

static int fail(void) {
  fprintf(stderr, "cx: %s\n", cx_error_last());
  return EXIT_BAD_INPUT;
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

static bool parse_int(const char *s, const char *end, int32_t *out) {
  char *e;
  errno = 0;
  long v = strtol(s, &e, 10);
  if (e == s || e != end || errno || v < -1000000 || v > 1000000)
    return false;
  *out = (int32_t)v;
  return true;
}

static int set_scale(gap_args *a, const char *v) {
  const char *colon = strchr(v, ':');
  if (!colon || !parse_int(v, colon, &a->min) ||
      !parse_int(colon + 1, colon + strlen(colon), &a->max) ||
      a->max <= a->min || a->max - a->min > 100)
    return usage_error("--scale needs MIN:MAX, whole numbers with MIN < MAX "
                       "and at most 101 points, not '%s'", v);
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
      return usage_error("--crosshair value is too long");
    strcpy(buf, v);
    for (char *tok = strtok(buf, ","); tok; tok = strtok(NULL, ","))
      if (n >= 3 || !parse_double(tok, &x[n++]))
        n = 4;
    if (n < 2 || n > 3)
      return usage_error("--crosshair takes mean, median, midpoint, X,Y or "
                         "X,Y,G, not '%s'", v);
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
  if (!parse_double(pct ? buf : v, &x) || (pct && (x /= 100.0, false)) ||
      !(x > 0.0 && x <= 1.0))
    return usage_error("--min-answered needs a share in (0, 1] or a "
                       "percentage, not '%s'", v);
  a->min_share = x;
  return -1;
}

enum opt_id {
  O_FORMAT, O_SVG, O_IPA_SVG, O_IPA_AXIS, O_DIAGONAL, O_JOURNEY,
  O_JOURNEY_OUT, O_SERVQUAL, O_SCALE, O_CROSSHAIR, O_ZERO, O_ADJUST,
  O_MIN_ANSWERED, O_LEVEL, O_OVERALL, O_DROP, O_LAYOUT, O_SEGMENT, O_WEIGHT,
  O_RESPONDENT, O_NA_CODE, O_DK_CODE, O_DELIMITER, O_PROGRESS, O_HELP
};

static const struct {
  const char *name;
  bool arg;
  enum opt_id id;
} options[] = {
    {"format", true, O_FORMAT},       {"svg", true, O_SVG},
    {"ipa-svg", true, O_IPA_SVG},     {"ipa-axis", true, O_IPA_AXIS},
    {"diagonal", false, O_DIAGONAL},  {"journey", true, O_JOURNEY},
    {"journey-out", true, O_JOURNEY_OUT},
    {"servqual", false, O_SERVQUAL},  {"scale", true, O_SCALE},
    {"crosshair", true, O_CROSSHAIR}, {"zero-method", true, O_ZERO},
    {"adjust", true, O_ADJUST},       {"min-answered", true, O_MIN_ANSWERED},
    {"level", true, O_LEVEL},         {"overall", true, O_OVERALL},
    {"drop-inversions", false, O_DROP},
    {"layout", true, O_LAYOUT},       {"segment", true, O_SEGMENT},
    {"weight", true, O_WEIGHT},       {"respondent", true, O_RESPONDENT},
    {"na-code", true, O_NA_CODE},     {"dk-code", true, O_DK_CODE},
    {"delimiter", true, O_DELIMITER}, {"progress", true, O_PROGRESS},
    {"help", false, O_HELP},
};

static int pick(const char *v, const char *const *names, int n) {
  for (int i = 0; i < n; i++)
    if (strcmp(v, names[i]) == 0)
      return i;
  return -1;
}

static int apply(gap_args *a, enum opt_id id, const char *v) {
  static const char *const formats[] = {"text", "csv", "json"};
  static const char *const layouts[] = {"auto", "long", "wide"};
  static const char *const zeros[] = {"wilcox", "pratt", "zsplit"};
  static const char *const progress[] = {"auto", "always", "never"};
  int k;
  switch (id) {
  case O_FORMAT:
    if ((k = pick(v, formats, 3)) < 0)
      return usage_error("unknown format '%s' (text, csv or json)", v);
    a->fmt = (format)k;
    break;
  case O_SVG: a->svg = v; break;
  case O_IPA_SVG: a->ipa_svg = v; break;
  case O_IPA_AXIS:
    if (strcmp(v, "performance") && strcmp(v, "gap"))
      return usage_error("--ipa-axis takes performance or gap, not '%s'", v);
    a->ipa_gap = strcmp(v, "gap") == 0;
    break;
  case O_DIAGONAL: a->diagonal = true; break;
  case O_JOURNEY: a->journey = v; break;
  case O_JOURNEY_OUT: a->journey_out = v; break;
  case O_SERVQUAL: a->servqual = true; break;
  case O_SCALE: return set_scale(a, v);
  case O_CROSSHAIR: return set_crosshair(a, v);
  case O_ZERO:
    if ((k = pick(v, zeros, 3)) < 0)
      return usage_error("unknown zero method '%s' (wilcox, pratt or "
                         "zsplit)", v);
    a->opt.zero_method = (cx_gap_zero_method)k;
    break;
  case O_ADJUST:
    if (strcmp(v, "holm") && strcmp(v, "bh"))
      return usage_error("--adjust takes holm or bh, not '%s'", v);
    a->bh = strcmp(v, "bh") == 0;
    break;
  case O_MIN_ANSWERED: return set_share(a, v);
  case O_LEVEL:
    if (!parse_double(v, &a->opt.level) || a->opt.level <= 0 ||
        a->opt.level >= 1)
      return usage_error("--level needs a number between 0 and 1, not '%s'",
                         v);
    break;
  case O_OVERALL:
    if (strcmp(v, "dimensions") && strcmp(v, "items"))
      return usage_error("--overall takes dimensions or items, not '%s'", v);
    a->opt.overall = strcmp(v, "items") == 0 ? CX_GAP_OVERALL_ITEMS
                                             : CX_GAP_OVERALL_DIMENSIONS;
    break;
  case O_DROP: a->opt.drop_inversions = 1; break;
  case O_LAYOUT:
    if ((k = pick(v, layouts, 3)) < 0)
      return usage_error("unknown layout '%s' (auto, long or wide)", v);
    a->layout = (cx_gap_csv_layout)k;
    break;
  case O_SEGMENT: a->segment = v; break;
  case O_WEIGHT: a->weight = v; break;
  case O_RESPONDENT: a->respondent = v; break;
  case O_NA_CODE:
  case O_DK_CODE: {
    int32_t c;
    if (!parse_int(v, v + strlen(v), &c))
      return usage_error("--%s needs a whole number, not '%s'",
                         id == O_NA_CODE ? "na-code" : "dk-code", v);
    if (id == O_NA_CODE)
      a->na_code = c, a->has_na_code = true;
    else
      a->dk_code = c, a->has_dk_code = true;
    break;
  }
  case O_DELIMITER:
    if (strcmp(v, "\\t") == 0 || strcmp(v, "tab") == 0)
      v = "\t";
    if (strlen(v) != 1 || *v == '"' || *v == '\n' || *v == '\r')
      return usage_error("--delimiter needs one character (not a quote or "
                         "line end), not '%s'", v);
    a->delimiter = *v;
    break;
  case O_PROGRESS:
    if ((k = pick(v, progress, 3)) < 0)
      return usage_error("--progress takes auto, always or never, not '%s'",
                         v);
    a->progress = (progress_mode)k;
    break;
  case O_HELP: help(stdout); return EXIT_DONE;
  }
  return -1;
}

static int parse_args(gap_args *a, int argc, char **argv) {
  bool only_files = false;
  for (int i = 1; i < argc; i++) {
    const char *arg = argv[i];
    if (!only_files && strcmp(arg, "--") == 0) {
      only_files = true;
      continue;
    }
    if (!only_files && strcmp(arg, "-h") == 0) {
      help(stdout);
      return EXIT_DONE;
    }
    if (!only_files && arg[0] == '-' && arg[1] == '-') {
      const char *name = arg + 2, *eq = strchr(name, '=');
      size_t len = eq ? (size_t)(eq - name) : strlen(name);
      size_t k = 0, n = sizeof options / sizeof options[0];
      while (k < n && !(strlen(options[k].name) == len &&
                        memcmp(options[k].name, name, len) == 0))
        k++;
      if (k == n)
        return usage_error("unknown option '%s'", arg);
      const char *value = eq ? eq + 1 : NULL;
      if (options[k].arg && !value) {
        if (i + 1 >= argc)
          return usage_error("option '%s' needs a value", arg);
        value = argv[++i];
      } else if (!options[k].arg && value) {
        return usage_error("option '%s' takes no value", arg);
      }
      int rc = apply(a, options[k].id, value);
      if (rc >= 0)
        return rc;
      continue;
    }
    if (!only_files && arg[0] == '-' && arg[1] != '\0')
      return usage_error("unknown option '%s'", arg);
    if (a->file)
      return usage_error("only one input file, got another: '%s'", arg);
    a->file = arg;
  }
  if (!a->file)
    return usage_error("no input file (use '-' for standard input)");
  if (a->journey_out && !a->journey)
    return usage_error("--journey-out needs --journey MAP.json");
  if (a->has_na_code && a->has_dk_code && a->na_code == a->dk_code)
    return usage_error("--na-code and --dk-code must differ");
  if ((a->has_na_code && a->na_code >= a->min && a->na_code <= a->max) ||
      (a->has_dk_code && a->dk_code >= a->min && a->dk_code <= a->max))
    return usage_error("--na-code and --dk-code must lie outside the scale "
                       "%d-%d", (int)a->min, (int)a->max);
  return -1;
}

/* ---- rows of numbers ---------------------------------------------------- */

/* One output row: named cells, printed as CSV, JSON or a text table. */
typedef struct cell {
  const char *name;
  bool text, integer;
  const char *s;
  double v;
} cell;

enum { MAX_CELLS = 48 };
typedef struct row {
  cell c[MAX_CELLS];
  size_t n;
} row;

static void r_text(row *r, const char *name, const char *s) {
  r->c[r->n++] = (cell){name, true, false, s, 0.0};
}
static void r_num(row *r, const char *name, double v) {
  r->c[r->n++] = (cell){name, false, false, NULL, v};
}
static void r_int(row *r, const char *name, uint64_t v) {
  r->c[r->n++] = (cell){name, false, true, NULL, (double)v};
}

static void stats_cells(row *r, const cx_gap_stats *g, bool bh) {
  r_int(r, "n", g->n);
  r_num(r, "n_eff", g->n_eff);
  r_num(r, "mean_e", g->mean_e);
  r_num(r, "mean_p", g->mean_p);
  r_num(r, "gap", g->mean);
  r_num(r, "median", g->median);
  r_num(r, "sd", g->sd);
  r_num(r, "se", g->se);
  r_num(r, "ci_low", g->ci_low);
  r_num(r, "ci_high", g->ci_high);
  r_num(r, "t", g->t);
  r_num(r, "df", g->df);
  r_num(r, "p_t", g->p_t);
  r_num(r, "p_t_adjusted", bh ? g->p_t_bh : g->p_t_holm);
  r_int(r, "n_zero", g->n_zero);
  r_num(r, "w", g->w);
  r_num(r, "z", g->z);
  r_num(r, "p_w", g->p_w);
  r_num(r, "p_w_adjusted", bh ? g->p_w_bh : g->p_w_holm);
  r_num(r, "d_z", g->d_z);
  r_num(r, "d_av", g->d_av);
  r_num(r, "g_z", g->g_z);
  r_num(r, "g_av", g->g_av);
}

static void item_row(row *r, const char *seg, const cx_gap_result *res,
                     const cx_gap_item_result *it, bool bh) {
  r->n = 0;
  r_text(r, "segment", seg);
  r_text(r, "level", "item");
  r_text(r, "id", it->id);
  r_text(r, "label", it->label);
  const cx_gap_dimension_result *d =
      it->dimension == CX_GAP_NO_DIMENSION
          ? NULL
          : cx_gap_result_dimension(res, it->dimension);
  r_text(r, "dimension", d ? d->name : "");
  r_int(r, "n_missing", it->n_missing);
  r_int(r, "n_not_applicable", it->n_not_applicable);
  r_int(r, "n_dont_know", it->n_dont_know);
  stats_cells(r, &it->gap, bh);
  r_num(r, "importance", it->importance_mean);
  r_num(r, "performance", it->performance_mean);
  r_text(r, "quadrant", cx_gap_quadrant_name(it->quadrant));
  r_text(r, "gap_quadrant", cx_gap_quadrant_name(it->gap_quadrant));
  r_num(r, "priority", it->priority);
  r_int(r, "zot_n", it->zot_n);
  r_num(r, "msa", it->msa_mean);
  r_num(r, "mss", it->mss_mean);
  r_int(r, "zot_below", it->zot_below);
  r_int(r, "zot_within", it->zot_within);
  r_int(r, "zot_above", it->zot_above);
}

static void dim_row(row *r, const char *seg, const cx_gap_dimension_result *d,
                    bool bh) {
  r->n = 0;
  r_text(r, "segment", seg);
  r_text(r, "level", "dimension");
  r_text(r, "id", d->name);
  r_text(r, "label", "");
  r_text(r, "dimension", d->name);
  r_int(r, "n_too_few", d->n_too_few);
  r_int(r, "n_none", d->n_none);
  r_int(r, "n_items", d->n_items);
  stats_cells(r, &d->gap, bh);
}

/* ---- printing ------------------------------------------------------------ */

typedef struct group {
  const char *segment; /* NULL: all respondents */
  const cx_gap_survey *survey;
  cx_gap_result *result;
} group;

static void csv_cell(FILE *f, const cell *c) {
  if (c->text)
    out_csv_text(f, c->s ? c->s : "");
  else
    out_csv_number(f, c->v);
}

static bool print_csv(const group *g, size_t ng, const gap_args *a, FILE *f) {
  row r;
  bool header = false;
  for (size_t k = 0; k < ng; k++) {
    const char *seg = g[k].segment ? g[k].segment : "";
    size_t ni = cx_gap_result_n_items(g[k].result);
    size_t nd = cx_gap_result_n_dimensions(g[k].result);
    for (size_t i = 0; i < ni + nd; i++) {
      if (i < ni)
        item_row(&r, seg, g[k].result, cx_gap_result_item(g[k].result, i),
                 a->bh);
      else
        dim_row(&r, seg, cx_gap_result_dimension(g[k].result, i - ni), a->bh);
      /* Item rows have every column; dimension rows fill the ones they
       * share by name. */
      static const char *const cols[] = {
          "segment", "level", "id", "label", "dimension", "n", "n_eff",
          "mean_e", "mean_p", "gap", "median", "sd", "se", "ci_low",
          "ci_high", "t", "df", "p_t", "p_t_adjusted", "n_zero", "w", "z",
          "p_w", "p_w_adjusted", "d_z", "d_av", "g_z", "g_av", "n_missing",
          "n_not_applicable", "n_dont_know", "importance", "performance",
          "quadrant", "gap_quadrant", "priority", "zot_n", "msa", "mss",
          "zot_below", "zot_within", "zot_above"};
      size_t nc = sizeof cols / sizeof cols[0];
      if (!header) {
        for (size_t c = 0; c < nc; c++)
          fprintf(f, "%s%s", c ? "," : "", cols[c]);
        fputc('\n', f);
        header = true;
      }
      for (size_t c = 0; c < nc; c++) {
        if (c)
          fputc(',', f);
        for (size_t j = 0; j < r.n; j++)
          if (strcmp(r.c[j].name, cols[c]) == 0)
            csv_cell(f, &r.c[j]);
      }
      fputc('\n', f);
    }
  }
  return !ferror(f);
}

static json_t *jnum(double v) {
  return isfinite(v) ? json_real(v + 0.0) : json_null();
}

static json_t *jrow(const row *r, size_t from) {
  json_t *o = json_object();
  for (size_t j = from; j < r->n; j++) {
    const cell *c = &r->c[j];
    json_object_set_new(o, c->name,
                        c->text      ? json_string(c->s ? c->s : "")
                        : c->integer ? json_integer((json_int_t)c->v)
                                     : jnum(c->v));
  }
  return o;
}

static json_t *jscore(const cx_gap_score *s) {
  return json_pack("{s:I, s:I, s:I, s:o, s:o, s:o, s:o, s:o, s:o}", "n",
                   (json_int_t)s->n, "n_no_points", (json_int_t)s->n_no_points,
                   "n_incomplete", (json_int_t)s->n_incomplete, "n_eff",
                   jnum(s->n_eff), "mean", jnum(s->mean), "sd", jnum(s->sd),
                   "se", jnum(s->se), "ci_low", jnum(s->ci_low), "ci_high",
                   jnum(s->ci_high));
}

static json_t *jgroup(const group *g, const gap_args *a) {
  json_t *o = json_object(), *items = json_array(), *dims = json_array();
  row r;
  for (size_t i = 0; i < cx_gap_result_n_items(g->result); i++) {
    item_row(&r, "", g->result, cx_gap_result_item(g->result, i), a->bh);
    json_array_append_new(items, jrow(&r, 2));
  }
  for (size_t i = 0; i < cx_gap_result_n_dimensions(g->result); i++) {
    dim_row(&r, "", cx_gap_result_dimension(g->result, i), a->bh);
    json_array_append_new(dims, jrow(&r, 2));
  }
  double ci, cp, cg;
  cx_gap_result_crosshair(g->result, &ci, &cp, &cg);
  json_object_set_new(o, "segment",
                      g->segment ? json_string(g->segment) : json_null());
  json_object_set_new(
      o, "respondents",
      json_integer((json_int_t)cx_gap_survey_n_respondents(g->survey)));
  json_object_set_new(o, "items", items);
  json_object_set_new(o, "dimensions", dims);
  json_object_set_new(o, "overall", jnum(cx_gap_result_overall(g->result)));
  json_object_set_new(o, "weighted",
                      jscore(cx_gap_result_weighted(g->result)));
  json_object_set_new(o, "crosshair",
                      json_pack("{s:o, s:o, s:o}", "importance", jnum(ci),
                                "performance", jnum(cp), "gap", jnum(cg)));
  return o;
}

static const char *const link_list_name[4] = {
    "matched", "no_data", "items_without_touchpoint",
    "touchpoints_without_item"};

static json_t *jreport(const cx_journey_link_report *rep) {
  json_t *o = json_object();
  for (int l = 0; l < 4; l++) {
    json_t *arr = json_array();
    size_t n = cx_journey_link_report_count(rep, (cx_journey_link_list)l);
    for (size_t i = 0; i < n; i++)
      json_array_append_new(arr, json_string(cx_journey_link_report_id(
                                     rep, (cx_journey_link_list)l, i)));
    json_object_set_new(o, link_list_name[l], arr);
  }
  return o;
}

static bool print_json(const group *g, size_t ng, const gap_args *a,
                       const cx_journey_link_report *rep, FILE *f) {
  static const char *const zeros[] = {"wilcox", "pratt", "zsplit"};
  json_t *root = json_object(), *groups = json_array();
  json_object_set_new(root, "cx_version",
                      json_string(cx_version(NULL, NULL, NULL)));
  json_object_set_new(root, "input", json_string(a->file));
  json_object_set_new(
      root, "options",
      json_pack("{s:i, s:i, s:o, s:s, s:s, s:o, s:s, s:b}", "scale_min",
                (int)a->min, "scale_max", (int)a->max, "level",
                jnum(a->opt.level), "zero_method", zeros[a->opt.zero_method],
                "adjust", a->bh ? "bh" : "holm", "min_answered",
                jnum(a->min_share), "overall",
                a->opt.overall == CX_GAP_OVERALL_ITEMS ? "items"
                                                       : "dimensions",
                "drop_inversions", a->opt.drop_inversions));
  for (size_t k = 0; k < ng; k++)
    json_array_append_new(groups, jgroup(&g[k], a));
  json_object_set_new(root, "groups", groups);
  if (rep)
    json_object_set_new(root, "journey", jreport(rep));
  int rc = json_dumpf(root, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
                                   JSON_REAL_PRECISION(17));
  json_decref(root);
  fputc('\n', f);
  return rc == 0 && !ferror(f);
}

static void add_num(out_table *t, double v, int decimals) {
  char buf[OUT_NUM_MAX];
  out_table_add(t, out_num_fixed(buf, v, decimals, "-"));
}

static void add_int(out_table *t, uint64_t v) {
  char buf[32];
  snprintf(buf, sizeof buf, "%llu", (unsigned long long)v);
  out_table_add(t, buf);
}

static void stats_columns(out_table *t, const cx_gap_stats *s, bool bh) {
  add_int(t, s->n);
  add_num(t, s->mean_e, 2);
  add_num(t, s->mean_p, 2);
  add_num(t, s->mean, 2);
  add_num(t, s->ci_low, 2);
  add_num(t, s->ci_high, 2);
  add_num(t, bh ? s->p_t_bh : s->p_t_holm, 4);
  add_num(t, bh ? s->p_w_bh : s->p_w_holm, 4);
  add_num(t, s->d_z, 2);
}

static bool print_text(const group *g, size_t ng, const gap_args *a,
                       const cx_journey_link_report *rep, FILE *f) {
  const char *adj = a->bh ? "BH" : "Holm";
  char lvl[OUT_NUM_MAX], pt[32], pw[32];
  out_num_exact(lvl, 100.0 * a->opt.level);
  snprintf(pt, sizeof pt, "p t (%s)", adj);
  snprintf(pw, sizeof pw, "p W (%s)", adj);
  bool ok = true;
  for (size_t k = 0; k < ng && ok; k++) {
    const cx_gap_result *res = g[k].result;
    char *name = g[k].segment ? out_text_cell(g[k].segment) : NULL;
    fprintf(f, "%s%s%s: %llu respondents, scale %d-%d\n", k ? "\n" : "",
            g[k].segment ? "Segment " : "All respondents",
            g[k].segment ? (name ? name : "?") : "",
            (unsigned long long)cx_gap_survey_n_respondents(g[k].survey),
            (int)a->min, (int)a->max);
    free(name);
    static const char *const head[] = {"item", "dimension", "n", "E", "P",
                                       "gap", "lo", "hi", NULL, NULL, "d_z",
                                       "importance", "performance",
                                       "quadrant"};
    out_table t;
    out_table_init(&t, 14);
    for (size_t c = 0; c < 14; c++) {
      out_table_add(&t, c == 8 ? pt : c == 9 ? pw : head[c]);
      out_table_align_right(&t, c, c >= 2 && c != 13);
    }
    for (size_t i = 0; i < cx_gap_result_n_items(res); i++) {
      const cx_gap_item_result *it = cx_gap_result_item(res, i);
      const cx_gap_dimension_result *d =
          it->dimension == CX_GAP_NO_DIMENSION
              ? NULL
              : cx_gap_result_dimension(res, it->dimension);
      out_table_add_owned(&t, out_text_cell(it->id));
      out_table_add_owned(&t, out_text_cell(d ? d->name : ""));
      stats_columns(&t, &it->gap, a->bh);
      add_num(&t, it->importance_mean, 2);
      add_num(&t, it->performance_mean, 2);
      out_table_add(&t, cx_gap_quadrant_name(it->quadrant));
    }
    fprintf(f, "Items (gap = P - E, %s%% interval)\n", lvl);
    ok = out_table_print(&t, f) && !t.failed;
    out_table_free(&t);
    size_t nd = cx_gap_result_n_dimensions(res);
    if (nd && ok) {
      static const char *const dhead[] = {"dimension", "items", "n", "E",
                                          "P", "gap", "lo", "hi"};
      out_table_init(&t, 10);
      for (size_t c = 0; c < 10; c++) {
        out_table_add(&t, c == 8 ? pt : c == 9 ? pw : dhead[c]);
        out_table_align_right(&t, c, c >= 1);
      }
      for (size_t i = 0; i < nd; i++) {
        const cx_gap_dimension_result *d = cx_gap_result_dimension(res, i);
        out_table_add_owned(&t, out_text_cell(d->name));
        add_int(&t, d->n_items);
        add_int(&t, d->gap.n);
        add_num(&t, d->gap.mean_e, 2);
        add_num(&t, d->gap.mean_p, 2);
        add_num(&t, d->gap.mean, 2);
        add_num(&t, d->gap.ci_low, 2);
        add_num(&t, d->gap.ci_high, 2);
        add_num(&t, a->bh ? d->gap.p_t_bh : d->gap.p_t_holm, 4);
        add_num(&t, a->bh ? d->gap.p_w_bh : d->gap.p_w_holm, 4);
      }
      fputs("\nDimensions (respondent gaps)\n", f);
      ok = out_table_print(&t, f) && !t.failed;
      out_table_free(&t);
      char b1[OUT_NUM_MAX], b2[OUT_NUM_MAX], b3[OUT_NUM_MAX];
      const cx_gap_score *w = cx_gap_result_weighted(res);
      fprintf(f, "\nOverall gap (%s): %s\n",
              a->opt.overall == CX_GAP_OVERALL_ITEMS ? "mean of the items"
                                                     : "mean of the "
                                                       "dimensions",
              out_num_fixed(b1, cx_gap_result_overall(res), 3, "-"));
      fprintf(f, "Weighted SERVQUAL score: %s [%s, %s], %llu respondents\n",
              out_num_fixed(b1, w->mean, 3, "-"),
              out_num_fixed(b2, w->ci_low, 3, "-"),
              out_num_fixed(b3, w->ci_high, 3, "-"),
              (unsigned long long)w->n);
    }
  }
  if (rep && ok) {
    fputs("\nJourney link\n", f);
    for (int l = 0; l < 4; l++) {
      size_t n = cx_journey_link_report_count(rep, (cx_journey_link_list)l);
      fprintf(f, "  %s (%zu):", link_list_name[l], n);
      for (size_t i = 0; i < n; i++) {
        char *s = out_text_cell(
            cx_journey_link_report_id(rep, (cx_journey_link_list)l, i));
        fprintf(f, " %s", s ? s : "?");
        free(s);
      }
      fputc('\n', f);
    }
  }
  return ok && !ferror(f);
}

/* ---- the command -------------------------------------------------------- */

static uint64_t input_size(const char *path) {
  struct stat st;
  int rc = strcmp(path, "-") == 0 ? fstat(0, &st) : stat(path, &st);
  return rc == 0 && S_ISREG(st.st_mode) ? (uint64_t)st.st_size : 0;
}

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
      return fail();
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
      return fail();
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
    return fail();
  cx_gap_link_options lo = CX_GAP_LINK_OPTIONS_INIT;
  lo.scale_min = a->min;
  lo.scale_max = a->max;
  int rc = -1;
  char *text = NULL;
  size_t len = 0;
  if (cx_gap_result_link_journey(res, j, &lo, rep))
    rc = fail();
  else if (a->journey_out && cx_journey_to_json(j, 2, &text, &len))
    rc = fail();
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
    return fail();
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
  progress_init(&bar, a->progress, a->file, input_size(a->file));
  if (bar.enabled) {
    co.progress = progress_update;
    co.progress_ctx = &bar;
  }
  cx_status st = cx_gap_read_csv_segments(&segs, like, a->file, &co);
  progress_finish(&bar);
  cx_gap_survey_free(like);
  if (st)
    return fail();
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
      rc = fail();
  }
  if (rc < 0)
    rc = pictures(a, g[0].result);
  if (rc < 0 && a->journey)
    rc = link_journey(a, g[0].result, &rep);
  if (rc < 0) {
    bool ok = a->fmt == FORMAT_CSV    ? print_csv(g, ng, a, stdout)
              : a->fmt == FORMAT_JSON ? print_json(g, ng, a, rep, stdout)
                                      : print_text(g, ng, a, rep, stdout);
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
