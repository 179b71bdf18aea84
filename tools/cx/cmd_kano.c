/*
 * cx kano: read a Kano survey CSV, compute every result and print it as a
 * text table, CSV or JSON, optionally with an SVG diagram.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cx/cx.h>
#include <jansson.h>

#include "args.h"
#include "cx_tool.h"
#include "output.h"
#include "progress.h"

typedef struct kano_args {
  const char *file;
  format fmt;
  const char *svg;
  cx_kano_table_kind table;
  cx_kano_rule rule;
  double threshold;
  const char *segment;
  const char *weight;
  const char *respondent;
  const char *swapped;
  cx_kano_csv_layout layout;
  char delimiter;
  int reversed;
  unsigned bootstrap;
  uint64_t seed;
  double confidence;
  double drop_q;   /* NaN: not given */
  double drop_i;
  progress_mode progress;
} kano_args;

static const char *const layout_names[] = {"auto", "long", "wide"};
static const char *const table_names[] = {"berger", "pouliot"};

static void help(FILE *f) {
  fputs(
      "Usage: cx kano FILE [OPTIONS]\n"
      "\n"
      "Classify the features of a Kano survey (FILE is CSV; '-' reads\n"
      "standard input) and print, per feature: answers, category shares,\n"
      "category, better/worse coefficients, total and category strength and\n"
      "the Fong test.\n"
      "\n"
      "Output:\n"
      "  --format FORMAT         text (default), csv or json\n"
      "  --svg FILE              also draw the Kano diagram into FILE\n"
      "\n"
      "Analysis:\n"
      "  --table TABLE           evaluation table: berger (default), pouliot\n"
      "  --rule RULE             category rule: mode (default), moai, oam-irq\n"
      "  --threshold X           share gap of the moai rule (default 0.05)\n"
      "  --bootstrap N           N bootstrap resamples: intervals of better and\n"
      "                          worse, category stability (default 0: none)\n"
      "  --seed S                seed of the bootstrap (default 0)\n"
      "  --confidence X          level of the intervals (default 0.95)\n"
      "  --drop-questionable X   drop respondents whose share of Q answers\n"
      "                          exceeds X (0-1)\n"
      "  --drop-indifferent X    drop respondents whose share of I answers\n"
      "                          exceeds X (0-1)\n"
      "\n"
      "Input:\n"
      "  --layout LAYOUT         auto (default), long or wide\n"
      "  --segment COLUMN        results per segment of COLUMN as well\n"
      "  --weight COLUMN         weight respondents by COLUMN\n"
      "  --respondent COLUMN     respondent id column (default respondent)\n"
      "  --swapped LIST          wide: comma-separated features whose two\n"
      "                          columns are in the other order\n"
      "  --reversed              digits are coded 5 = like ... 1 = dislike\n"
      "  --delimiter CHAR        field separator (default ',')\n"
      "  --progress WHEN         progress bar: auto (default: files over 50 MB\n"
      "                          when standard error is a terminal), always,\n"
      "                          never\n"
      "  -h, --help              show this help and exit\n"
      "\n"
      "Exit status: 0 success, 1 bad input, 2 usage error.\n",
      f);
}

enum opt_id {
  O_FORMAT, O_SVG, O_TABLE, O_RULE, O_THRESHOLD, O_SEGMENT, O_WEIGHT,
  O_RESPONDENT, O_SWAPPED, O_LAYOUT, O_REVERSED, O_BOOTSTRAP, O_SEED,
  O_CONFIDENCE, O_DROP_Q, O_DROP_I, O_DELIMITER, O_PROGRESS, O_HELP
};

static const args_option options[] = {
    ARGS_OPTION("format", true, O_FORMAT),
    ARGS_OPTION("svg", true, O_SVG),
    ARGS_OPTION("table", true, O_TABLE),
    ARGS_OPTION("rule", true, O_RULE),
    ARGS_OPTION("threshold", true, O_THRESHOLD),
    ARGS_OPTION("segment", true, O_SEGMENT),
    ARGS_OPTION("weight", true, O_WEIGHT),
    ARGS_OPTION("respondent", true, O_RESPONDENT),
    ARGS_OPTION("swapped", true, O_SWAPPED),
    ARGS_OPTION("layout", true, O_LAYOUT),
    ARGS_OPTION("reversed", false, O_REVERSED),
    ARGS_OPTION("bootstrap", true, O_BOOTSTRAP),
    ARGS_OPTION("seed", true, O_SEED),
    ARGS_OPTION("confidence", true, O_CONFIDENCE),
    ARGS_OPTION("drop-questionable", true, O_DROP_Q),
    ARGS_OPTION("drop-indifferent", true, O_DROP_I),
    ARGS_OPTION("delimiter", true, O_DELIMITER),
    ARGS_OPTION("progress", true, O_PROGRESS),
    ARGS_OPTION("help", false, O_HELP),
};

/* Returns -1 to go on, or an exit code. */
static int apply(void *ctx, int id, const char *v) {
  kano_args *a = ctx;
  int k;
  switch ((enum opt_id)id) {
  case O_FORMAT: return args_format("kano", v, &a->fmt);
  case O_SVG: a->svg = v; break;
  case O_TABLE:
    if (strcmp(v, table_names[0]) && strcmp(v, table_names[1]))
      return args_usage_error("kano", "unknown table '%s' (berger or "
                                      "pouliot)",
                              v);
    a->table = strcmp(v, table_names[0]) == 0 ? CX_KANO_TABLE_BERGER
                                              : CX_KANO_TABLE_POULIOT;
    break;
  case O_RULE:
    if (cx_kano_rule_parse(v, &a->rule) != CX_OK)
      return args_usage_error("kano", "unknown rule '%s' (mode, moai or "
                                      "oam-irq)",
                              v);
    break;
  case O_THRESHOLD: return args_share("kano", "threshold", v, &a->threshold);
  case O_SEGMENT: a->segment = v; break;
  case O_WEIGHT: a->weight = v; break;
  case O_RESPONDENT: a->respondent = v; break;
  case O_SWAPPED: a->swapped = v; break;
  case O_LAYOUT: {
    int rc = args_layout("kano", v, &k);
    a->layout = (cx_kano_csv_layout)k;
    return rc;
  }
  case O_REVERSED: a->reversed = 1; break;
  case O_BOOTSTRAP: return args_bootstrap("kano", v, &a->bootstrap);
  case O_SEED: return args_seed("kano", v, &a->seed);
  case O_CONFIDENCE:
    return args_level("kano", "confidence", v, &a->confidence);
  case O_DROP_Q:
  case O_DROP_I: {
    double x;
    if (!args_double(v, &x) || x < 0 || x > 1)
      return args_usage_error("kano", "the drop share must be a number from "
                                      "0 to 1, not '%s'",
                              v);
    if (id == O_DROP_Q)
      a->drop_q = x;
    else
      a->drop_i = x;
    break;
  }
  case O_DELIMITER: return args_delimiter("kano", v, &a->delimiter);
  case O_PROGRESS: return args_progress("kano", v, &a->progress);
  case O_HELP:
    help(stdout);
    return EXIT_DONE;
  }
  return -1;
}

static void show_help(void *ctx) {
  (void)ctx;
  help(stdout);
}

static int parse_args(kano_args *a, int argc, char **argv) {
  const args_spec spec = {
      .cmd = "kano",
      .options = options,
      .n_options = sizeof options / sizeof options[0],
      .apply = apply,
      .help = show_help,
      .file = &a->file,
  };
  return args_parse(&spec, argc, argv, a);
}

/* ---- text output -------------------------------------------------------- */

static const char *category_text(cx_kano_category c) {
  return c == CX_KANO_UNDEFINED ? "-" : cx_kano_category_name(c);
}

static void add_num(out_table *t, double v, int decimals) {
  char buf[OUT_NUM_MAX];
  out_table_add(t, out_num_fixed(buf, v, decimals, "-"));
}

static void add_share(out_table *t, double v) {
  char buf[OUT_NUM_MAX];
  out_table_add(t, out_num_fixed(buf, isnan(v) ? v : v * 100.0, 1, "-"));
}

static void add_interval(out_table *t, double lo, double hi) {
  char a[OUT_NUM_MAX], b[OUT_NUM_MAX], s[2 * OUT_NUM_MAX + 8];
  if (isnan(lo) || isnan(hi)) {
    out_table_add(t, "-");
    return;
  }
  snprintf(s, sizeof s, "[%s, %s]", out_num_fixed(a, lo, 3, "-"),
           out_num_fixed(b, hi, 3, "-"));
  out_table_add(t, s);
}

static bool print_text_block(const cx_kano_result *res, size_t seg,
                             const kano_args *a, FILE *f) {
  static const char *const head[] = {"feature", "n",      "A%",    "O%",
                                     "M%",      "I%",     "R%",    "Q%",
                                     "category", "better", "worse", "TS",
                                     "CS",      "fong"};
  size_t nhead = sizeof head / sizeof head[0];
  bool weighted = a->weight != NULL;
  bool boot = a->bootstrap > 0;
  bool seg_test = seg == CX_KANO_ALL && cx_kano_result_n_segments(res) > 1;
  size_t ncols = nhead + weighted + (boot ? 2 : 0) + seg_test;
  out_table t;
  out_table_init(&t, ncols);
  for (size_t c = 1; c < ncols; c++)
    out_table_align_right(&t, c, true);
  out_table_align_right(&t, 8 + weighted, false);
  out_table_align_right(&t, 13 + weighted, false);
  for (size_t c = 0; c < nhead; c++) {
    out_table_add(&t, head[c]);
    if (c == 1 && weighted)
      out_table_add(&t, "n_w");
  }
  char ci[64];
  if (boot) {
    snprintf(ci, sizeof ci, "better %g%% CI", a->confidence * 100);
    out_table_add(&t, ci);
    snprintf(ci, sizeof ci, "worse %g%% CI", a->confidence * 100);
    out_table_add(&t, ci);
  }
  if (seg_test)
    out_table_add(&t, "segments p");
  size_t nf = cx_kano_result_n_features(res);
  for (size_t i = 0; i < nf; i++) {
    const cx_kano_feature_result *r;
    if (cx_kano_result_get(res, i, seg, &r) != CX_OK) {
      out_table_free(&t);
      return false;
    }
    out_table_add_owned(&t, out_text_cell(r->feature));
    char buf[OUT_NUM_MAX];
    snprintf(buf, sizeof buf, "%llu", (unsigned long long)r->n_raw);
    out_table_add(&t, buf);
    if (weighted)
      add_num(&t, r->n, 1);
    static const cx_kano_category order[] = {CX_KANO_A, CX_KANO_O, CX_KANO_M,
                                             CX_KANO_I, CX_KANO_R, CX_KANO_Q};
    for (int k = 0; k < CX_KANO_NCATEGORIES; k++)
      add_share(&t, r->share[order[k]]);
    out_table_add(&t, category_text(r->category));
    add_num(&t, r->better, 3);
    add_num(&t, r->worse, 3);
    add_num(&t, r->total_strength, 3);
    add_num(&t, r->category_strength, 3);
    out_table_add(&t, r->category == CX_KANO_UNDEFINED || isnan(r->fong_limit)
                          ? "-"
                          : r->fong_significant ? "significant"
                                                : "not significant");
    if (boot) {
      add_interval(&t, r->better_lo, r->better_hi);
      add_interval(&t, r->worse_lo, r->worse_hi);
    }
    if (seg_test)
      add_num(&t, r->segment_p, 3);
  }
  bool ok = out_table_print(&t, f);
  out_table_free(&t);
  return ok;
}

static void print_respondents(const cx_kano_result *res, size_t seg, FILE *f) {
  uint64_t added = 0, dropped = 0;
  if (cx_kano_result_respondents(res, seg, &added, &dropped) != CX_OK ||
      added + dropped == 0)
    return;
  fprintf(f, "respondents: %llu", (unsigned long long)added);
  if (dropped)
    fprintf(f, " (%llu more dropped by the filter)",
            (unsigned long long)dropped);
  fputc('\n', f);
}

static bool print_text(const cx_kano_result *res, const kano_args *a,
                       FILE *f) {
  fprintf(f, "Kano survey: %s (table %s, rule %s", a->file,
          table_names[a->table], cx_kano_rule_name(a->rule));
  if (a->rule == CX_KANO_RULE_MOAI)
    fprintf(f, ", threshold %g", a->threshold);
  fputs(")\n", f);
  print_respondents(res, CX_KANO_ALL, f);
  fputc('\n', f);
  if (!print_text_block(res, CX_KANO_ALL, a, f))
    return false;
  size_t ns = a->segment ? cx_kano_result_n_segments(res) : 0;
  for (size_t s = 0; s < ns; s++) {
    char *name = out_text_cell(cx_kano_result_segment_name(res, s));
    if (!name)
      return false;
    fprintf(f, "\nsegment: %s\n", name);
    free(name);
    print_respondents(res, s, f);
    fputc('\n', f);
    if (!print_text_block(res, s, a, f))
      return false;
  }
  fputs("\nA attractive, O one-dimensional, M must-be, I indifferent, "
        "R reverse, Q questionable;\nTS total strength, CS category strength,"
        " fong: top two categories differ significantly.\n",
        f);
  return true;
}

/* ---- CSV output --------------------------------------------------------- */

static const char *const csv_head[] = {
    "segment", "feature", "n_raw", "n_missing", "n", "n_effective",
    "count_A", "count_O", "count_M", "count_I", "count_R", "count_Q",
    "share_A", "share_O", "share_M", "share_I", "share_R", "share_Q",
    "category", "category_mode", "category_moai", "category_oam_irq",
    "better", "worse", "total_strength", "category_strength",
    "fong_a", "fong_b", "fong_limit", "fong_significant", "chi2", "chi2_p",
    "functional_mean", "functional_sd", "dysfunctional_mean",
    "dysfunctional_sd", "importance_mean", "importance_sd", "importance_n",
    "bootstrap", "better_lo", "better_hi", "worse_lo", "worse_hi",
    "stability_A", "stability_O", "stability_M", "stability_I",
    "stability_R", "stability_Q", "segment_chi2", "segment_df", "segment_p"};

static void csv_sep(FILE *f) { fputc(',', f); }

static void csv_row(const cx_kano_feature_result *r, const char *segment,
                    FILE *f) {
  out_csv_text(f, segment ? segment : "");
  csv_sep(f);
  out_csv_text(f, r->feature);
  fprintf(f, ",%llu,%llu,", (unsigned long long)r->n_raw,
          (unsigned long long)r->n_missing);
  out_csv_number(f, r->n);
  csv_sep(f);
  out_csv_number(f, r->n_effective);
  for (int k = 0; k < CX_KANO_NCATEGORIES; k++) {
    csv_sep(f);
    out_csv_number(f, r->count[k]);
  }
  for (int k = 0; k < CX_KANO_NCATEGORIES; k++) {
    csv_sep(f);
    out_csv_number(f, r->share[k]);
  }
  csv_sep(f);
  out_csv_text(f, r->category == CX_KANO_UNDEFINED
                      ? ""
                      : cx_kano_category_name(r->category));
  for (int k = 0; k < CX_KANO_NRULES; k++) {
    csv_sep(f);
    out_csv_text(f, r->by_rule[k] == CX_KANO_UNDEFINED
                        ? ""
                        : cx_kano_category_name(r->by_rule[k]));
  }
  const double v1[] = {r->better, r->worse, r->total_strength,
                       r->category_strength, r->fong_a, r->fong_b,
                       r->fong_limit};
  for (size_t k = 0; k < sizeof v1 / sizeof v1[0]; k++) {
    csv_sep(f);
    out_csv_number(f, v1[k]);
  }
  fprintf(f, ",%d", r->category == CX_KANO_UNDEFINED ? 0 : r->fong_significant);
  const double v2[] = {r->chi2, r->chi2_p, r->functional_mean,
                       r->functional_sd, r->dysfunctional_mean,
                       r->dysfunctional_sd, r->importance_mean,
                       r->importance_sd};
  for (size_t k = 0; k < sizeof v2 / sizeof v2[0]; k++) {
    csv_sep(f);
    out_csv_number(f, v2[k]);
  }
  fprintf(f, ",%llu,%u", (unsigned long long)r->importance_n, r->bootstrap);
  bool boot = r->bootstrap > 0;
  const double v3[] = {r->better_lo, r->better_hi, r->worse_lo, r->worse_hi};
  for (size_t k = 0; k < 4; k++) {
    csv_sep(f);
    out_csv_number(f, boot ? v3[k] : NAN);
  }
  for (int k = 0; k < CX_KANO_NCATEGORIES; k++) {
    csv_sep(f);
    out_csv_number(f, boot ? r->stability[k] : NAN);
  }
  const double v4[] = {r->segment_chi2, r->segment_df, r->segment_p};
  for (size_t k = 0; k < 3; k++) {
    csv_sep(f);
    out_csv_number(f, v4[k]);
  }
  fputc('\n', f);
}

static bool print_csv(const cx_kano_result *res, const kano_args *a,
                      FILE *f) {
  size_t nh = sizeof csv_head / sizeof csv_head[0];
  for (size_t k = 0; k < nh; k++) {
    if (k)
      csv_sep(f);
    fputs(csv_head[k], f);
  }
  fputc('\n', f);
  size_t nf = cx_kano_result_n_features(res);
  size_t ns = a->segment ? cx_kano_result_n_segments(res) : 0;
  for (size_t s = 0; s <= ns; s++) {
    size_t seg = s == 0 ? CX_KANO_ALL : s - 1;
    const char *name = s == 0 ? NULL : cx_kano_result_segment_name(res, seg);
    for (size_t i = 0; i < nf; i++) {
      const cx_kano_feature_result *r;
      if (cx_kano_result_get(res, i, seg, &r) != CX_OK)
        return false;
      csv_row(r, name, f);
    }
  }
  return true;
}

/* ---- JSON output -------------------------------------------------------- */

static json_t *jcat(cx_kano_category c) {
  return c == CX_KANO_UNDEFINED ? json_null()
                                : json_string(cx_kano_category_name(c));
}

static json_t *jcats(const double v[CX_KANO_NCATEGORIES]) {
  json_t *o = json_object();
  for (int k = 0; k < CX_KANO_NCATEGORIES; k++)
    json_object_set_new(o, cx_kano_category_letter((cx_kano_category)k),
                        out_json_number(v[k]));
  return o;
}

static json_t *jfeature(const cx_kano_feature_result *r, bool pooled_segs) {
  json_t *o = json_object();
  json_object_set_new(o, "feature", json_string(r->feature));
  json_object_set_new(o, "n_raw", json_integer((json_int_t)r->n_raw));
  json_object_set_new(o, "n_missing", json_integer((json_int_t)r->n_missing));
  json_object_set_new(o, "n", out_json_number(r->n));
  json_object_set_new(o, "n_effective", out_json_number(r->n_effective));
  json_object_set_new(o, "count", jcats(r->count));
  json_object_set_new(o, "share", jcats(r->share));
  json_object_set_new(o, "category", jcat(r->category));
  json_t *by = json_object();
  for (int k = 0; k < CX_KANO_NRULES; k++)
    json_object_set_new(by, cx_kano_rule_name((cx_kano_rule)k),
                        jcat(r->by_rule[k]));
  json_object_set_new(o, "by_rule", by);
  json_object_set_new(o, "better", out_json_number(r->better));
  json_object_set_new(o, "worse", out_json_number(r->worse));
  json_object_set_new(o, "total_strength", out_json_number(r->total_strength));
  json_object_set_new(o, "category_strength",
                      out_json_number(r->category_strength));
  json_t *fong = json_object();
  json_object_set_new(fong, "a", out_json_number(r->fong_a));
  json_object_set_new(fong, "b", out_json_number(r->fong_b));
  json_object_set_new(fong, "limit", out_json_number(r->fong_limit));
  json_object_set_new(fong, "significant",
                      r->category == CX_KANO_UNDEFINED
                          ? json_null()
                          : json_boolean(r->fong_significant));
  json_object_set_new(o, "fong", fong);
  json_t *chi = json_object();
  json_object_set_new(chi, "statistic", out_json_number(r->chi2));
  json_object_set_new(chi, "p", out_json_number(r->chi2_p));
  json_object_set_new(o, "chi2", chi);
  json_t *cont = json_object();
  json_object_set_new(cont, "functional_mean",
                      out_json_number(r->functional_mean));
  json_object_set_new(cont, "functional_sd", out_json_number(r->functional_sd));
  json_object_set_new(cont, "dysfunctional_mean",
                      out_json_number(r->dysfunctional_mean));
  json_object_set_new(cont, "dysfunctional_sd",
                      out_json_number(r->dysfunctional_sd));
  json_object_set_new(o, "continuous", cont);
  json_t *imp = json_object();
  json_object_set_new(imp, "n", json_integer((json_int_t)r->importance_n));
  json_object_set_new(imp, "mean", out_json_number(r->importance_mean));
  json_object_set_new(imp, "sd", out_json_number(r->importance_sd));
  json_object_set_new(o, "importance", imp);
  if (r->bootstrap > 0) {
    json_t *b = json_object();
    json_object_set_new(b, "resamples", json_integer(r->bootstrap));
    json_object_set_new(b, "better",
                        json_pack("[o, o]", out_json_number(r->better_lo),
                                  out_json_number(r->better_hi)));
    json_object_set_new(b, "worse",
                        json_pack("[o, o]", out_json_number(r->worse_lo),
                                  out_json_number(r->worse_hi)));
    json_object_set_new(b, "stability", jcats(r->stability));
    json_object_set_new(o, "bootstrap", b);
  }
  if (pooled_segs) {
    json_t *t = json_object();
    json_object_set_new(t, "chi2", out_json_number(r->segment_chi2));
    json_object_set_new(t, "df", out_json_number(r->segment_df));
    json_object_set_new(t, "p", out_json_number(r->segment_p));
    json_object_set_new(o, "segment_test", t);
  }
  return o;
}

static json_t *jrespondents(const cx_kano_result *res, size_t seg) {
  uint64_t added = 0, dropped = 0;
  if (cx_kano_result_respondents(res, seg, &added, &dropped) != CX_OK ||
      added + dropped == 0)
    return json_null();
  return json_pack("{s:I, s:I}", "counted", (json_int_t)added, "dropped",
                   (json_int_t)dropped);
}

static json_t *jfeatures(const cx_kano_result *res, size_t seg, bool segs) {
  json_t *arr = json_array();
  size_t nf = cx_kano_result_n_features(res);
  for (size_t i = 0; i < nf; i++) {
    const cx_kano_feature_result *r;
    if (cx_kano_result_get(res, i, seg, &r) != CX_OK) {
      json_decref(arr);
      return NULL;
    }
    json_array_append_new(arr, jfeature(r, segs));
  }
  return arr;
}

static bool print_json(const cx_kano_result *res, const kano_args *a,
                       FILE *f) {
  json_t *root = json_object();
  json_object_set_new(root, "cx_version",
                      json_string(cx_version(NULL, NULL, NULL)));
  json_object_set_new(root, "input", json_string(a->file));
  json_t *opt = json_object();
  json_object_set_new(opt, "table", json_string(table_names[a->table]));
  json_object_set_new(opt, "rule", json_string(cx_kano_rule_name(a->rule)));
  json_object_set_new(opt, "threshold", out_json_number(a->threshold));
  json_object_set_new(opt, "layout", json_string(layout_names[a->layout]));
  json_object_set_new(opt, "coding",
                      json_string(a->reversed ? "reversed" : "canonical"));
  json_object_set_new(opt, "segment", out_json_text(a->segment));
  json_object_set_new(opt, "weight", out_json_text(a->weight));
  json_object_set_new(opt, "bootstrap", json_integer(a->bootstrap));
  json_object_set_new(opt, "seed", json_integer((json_int_t)a->seed));
  json_object_set_new(opt, "confidence", out_json_number(a->confidence));
  json_object_set_new(opt, "drop_questionable", out_json_number(a->drop_q));
  json_object_set_new(opt, "drop_indifferent", out_json_number(a->drop_i));
  json_object_set_new(root, "options", opt);
  json_object_set_new(root, "respondents", jrespondents(res, CX_KANO_ALL));
  size_t ns = a->segment ? cx_kano_result_n_segments(res) : 0;
  json_t *features = jfeatures(res, CX_KANO_ALL, ns > 0);
  if (!features) {
    json_decref(root);
    return false;
  }
  json_object_set_new(root, "features", features);
  if (a->segment) {
    json_t *segs = json_array();
    for (size_t s = 0; s < ns; s++) {
      json_t *fs = jfeatures(res, s, false);
      if (!fs) {
        json_decref(segs);
        json_decref(root);
        return false;
      }
      json_t *o = json_object();
      json_object_set_new(o, "name",
                          json_string(cx_kano_result_segment_name(res, s)));
      json_object_set_new(o, "respondents", jrespondents(res, s));
      json_object_set_new(o, "features", fs);
      json_array_append_new(segs, o);
    }
    json_object_set_new(root, "segments", segs);
  }
  bool ok = out_json_print(root, f);
  json_decref(root);
  return ok;
}

/* ---- the command -------------------------------------------------------- */

static int write_svg(const cx_kano_result *res, const kano_args *a) {
  cx_kano_svg_options so = CX_KANO_SVG_OPTIONS_INIT;
  char *svg = NULL;
  size_t len = 0;
  if (cx_render_kano_svg(res, &so, &svg, &len) != CX_OK)
    return out_fail();
  int rc = out_write_file(a->svg, svg, len, false);
  cx_free(svg);
  return rc;
}

static int run(const kano_args *a) {
  int rc = EXIT_BAD_INPUT;
  cx_kano_labels *labels = NULL;
  cx_kano_survey *survey = NULL;
  cx_kano_result *res = NULL;
  if (a->reversed &&
      cx_kano_labels_new(&labels, CX_KANO_CODING_REVERSED) != CX_OK)
    goto done;
  if (cx_kano_survey_new(&survey) != CX_OK)
    goto done;
  if (!isnan(a->drop_q) || !isnan(a->drop_i)) {
    cx_kano_filter filter = CX_KANO_FILTER_INIT;
    cx_kano_table_init(&filter.table, a->table);
    filter.max_questionable = isnan(a->drop_q) ? 1.0 : a->drop_q;
    filter.max_indifferent = isnan(a->drop_i) ? 1.0 : a->drop_i;
    if (cx_kano_survey_set_filter(survey, &filter) != CX_OK)
      goto done;
  }
  cx_kano_csv_options co = CX_KANO_CSV_OPTIONS_INIT;
  co.layout = a->layout;
  co.delimiter = a->delimiter;
  co.labels = labels;
  co.respondent_column = a->respondent;
  /* Segments and weights only when asked for: a column that happens to be
   * called "weight" must not change the results silently. */
  co.segment_column = a->segment;
  co.require_segment = a->segment != NULL;
  co.weight_column = a->weight;
  co.require_weight = a->weight != NULL;
  co.swapped = a->swapped;
  progress_bar bar;
  progress_start(&bar, a->progress, a->file, &co.progress, &co.progress_ctx);
  cx_status st = cx_kano_read_csv(survey, a->file, &co);
  progress_finish(&bar);
  if (st != CX_OK)
    goto done;
  cx_kano_options ko = CX_KANO_OPTIONS_INIT;
  cx_kano_table_init(&ko.table, a->table);
  ko.rule = a->rule;
  ko.threshold = a->threshold;
  ko.bootstrap = a->bootstrap;
  ko.seed = a->seed;
  ko.confidence = a->confidence;
  if (cx_kano_result_compute(&res, survey, &ko) != CX_OK)
    goto done;
  bool ok = a->fmt == FORMAT_CSV    ? print_csv(res, a, stdout)
            : a->fmt == FORMAT_JSON ? print_json(res, a, stdout)
                                    : print_text(res, a, stdout);
  rc = out_finish_stdout(ok);
  if (rc == EXIT_DONE && a->svg)
    rc = write_svg(res, a);
  goto out;
done:
  rc = out_fail();
out:
  cx_kano_result_free(res);
  cx_kano_survey_free(survey);
  cx_kano_labels_free(labels);
  return rc;
}

int cmd_kano(int argc, char **argv) {
  kano_args a = {
      .fmt = FORMAT_TEXT,
      .table = CX_KANO_TABLE_BERGER,
      .rule = CX_KANO_RULE_MODE,
      .threshold = 0.05,
      .respondent = "respondent",
      .layout = CX_KANO_CSV_AUTO,
      .delimiter = ',',
      .confidence = 0.95,
      .drop_q = NAN,
      .drop_i = NAN,
      .progress = PROGRESS_AUTO,
  };
  int rc = parse_args(&a, argc, argv);
  if (rc >= 0)
    return rc;
  return run(&a);
}
