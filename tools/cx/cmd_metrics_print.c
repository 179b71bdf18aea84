/*
 * Printing for cx nps, cx csat and cx ces.
 *
 * Each result (pooled, then one per segment) is flattened into a row of
 * named fields once; CSV and JSON print those rows as they are, so the two
 * formats always carry the same fields under the same names.  The text
 * table picks the few columns a reader scans for.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cmd_metrics.h"
#include "output.h"

typedef enum fkind { F_NUM, F_INT, F_TEXT } fkind;

typedef struct field {
  char name[24];
  fkind kind;
  double v;
  const char *text; /* F_TEXT; NULL prints as empty / null */
} field;

enum { MAX_FIELDS = 96 };

typedef struct row {
  field f[MAX_FIELDS];
  size_t n;
} row;

static field *put(row *r, const char *name, fkind kind) {
  field *f = &r->f[r->n < MAX_FIELDS ? r->n++ : MAX_FIELDS - 1];
  snprintf(f->name, sizeof f->name, "%s", name);
  f->kind = kind;
  f->v = NAN;
  f->text = NULL;
  return f;
}

static void put_num(row *r, const char *name, double v) {
  put(r, name, F_NUM)->v = v;
}

static void put_int(row *r, const char *name, uint64_t v) {
  put(r, name, F_INT)->v = (double)v;
}

static void put_text(row *r, const char *name, const char *s) {
  put(r, name, F_TEXT)->text = s;
}

static void put_sample(row *r, const cx_metric_sample *s) {
  put_int(r, "n_raw", s->n_raw);
  put_int(r, "n_missing", s->n_missing);
  put_int(r, "n_not_applicable", s->n_not_applicable);
  put_int(r, "n_dont_know", s->n_dont_know);
  put_num(r, "n", s->n);
  put_num(r, "n_effective", s->n_effective);
}

static void put_counts(row *r, const cx_metric_sample *s) {
  for (size_t k = 0; k < s->n_points; k++) {
    char name[24];
    snprintf(name, sizeof name, "count_%d", (int)(s->scale_min + (int)k));
    put_num(r, name, s->count[k]);
  }
}

/* ---- results ------------------------------------------------------------ */

/* Every result of one run: slot 0 pooled, slot 1 + i segment i. */
typedef struct results {
  size_t n;
  cx_nps_result **nps;
  cx_csat_result **csat;
  cx_ces_result **ces;
  cx_nps_diff *diff;
  size_t diff_a, diff_b; /* slots compared */
} results;

static void results_free(results *r) {
  for (size_t i = 0; i < r->n; i++) {
    if (r->nps)
      cx_nps_result_free(r->nps[i]);
    if (r->csat)
      cx_csat_result_free(r->csat[i]);
    if (r->ces)
      cx_ces_result_free(r->ces[i]);
  }
  free(r->nps);
  free(r->csat);
  free(r->ces);
  cx_nps_diff_free(r->diff);
}

static int compare_slot(const cx_metric_survey *s, const metric_args *a,
                        const char *name, size_t *slot) {
  size_t k;
  if (cx_metric_survey_find_segment(s, name, &k) != CX_OK) {
    char *shown = out_text_cell(name);
    fprintf(stderr, "cx: --compare: no segment '%s' in column '%s'\n",
            shown ? shown : "?", a->segment);
    free(shown);
    return EXIT_BAD_INPUT;
  }
  *slot = k + 1;
  return -1;
}

static int compute(const cx_metric_survey *s, const metric_args *a,
                   results *r) {
  r->n = 1 + (a->segment ? cx_metric_survey_n_segments(s) : 0);
  void **arr = calloc(r->n, sizeof(void *));
  if (!arr) {
    fputs("cx: out of memory\n", stderr);
    return EXIT_BAD_INPUT;
  }
  cx_nps_options no = CX_NPS_OPTIONS_INIT;
  no.confidence = a->confidence;
  no.bootstrap = a->bootstrap;
  no.seed = a->seed;
  no.percent = a->percent;
  cx_csat_options so = CX_CSAT_OPTIONS_INIT;
  so.method = a->method;
  so.confidence = a->confidence;
  cx_ces_options eo = CX_CES_OPTIONS_INIT;
  eo.confidence = a->confidence;
  if (a->kind == CX_METRIC_NPS)
    r->nps = (cx_nps_result **)arr;
  else if (a->kind == CX_METRIC_CSAT)
    r->csat = (cx_csat_result **)arr;
  else
    r->ces = (cx_ces_result **)arr;
  for (size_t i = 0; i < r->n; i++) {
    size_t seg = i == 0 ? CX_METRIC_ALL : i - 1;
    cx_status st =
        a->kind == CX_METRIC_NPS    ? cx_nps_compute(&r->nps[i], s, seg, &no)
        : a->kind == CX_METRIC_CSAT ? cx_csat_compute(&r->csat[i], s, seg, &so)
                                    : cx_ces_compute(&r->ces[i], s, seg, &eo);
    if (st != CX_OK)
      return out_fail();
  }
  if (a->compare_a) {
    int rc;
    if ((rc = compare_slot(s, a, a->compare_a, &r->diff_a)) >= 0 ||
        (rc = compare_slot(s, a, a->compare_b, &r->diff_b)) >= 0)
      return rc;
    if (cx_nps_diff_compute(&r->diff, r->nps[r->diff_a], r->nps[r->diff_b]) !=
        CX_OK)
      return out_fail();
  }
  return -1;
}

/* ---- rows --------------------------------------------------------------- */

static const char *slot_name(const cx_metric_survey *s, size_t i) {
  return i == 0 ? NULL : cx_metric_survey_segment_name(s, i - 1);
}

static void nps_row(row *w, const cx_nps_result *r, const char *seg,
                    double pct) {
  put_text(w, "segment", seg);
  put_sample(w, &r->sample);
  put_num(w, "detractors", r->detractors);
  put_num(w, "passives", r->passives);
  put_num(w, "promoters", r->promoters);
  put_num(w, "share_detractors", r->share_detractors * pct);
  put_num(w, "share_passives", r->share_passives * pct);
  put_num(w, "share_promoters", r->share_promoters * pct);
  put_num(w, "nps", r->nps);
  put_num(w, "variance", r->variance);
  put_num(w, "se", r->se);
  put_num(w, "confidence", r->options.confidence);
  put_num(w, "wald_lo", r->wald_lo);
  put_num(w, "wald_hi", r->wald_hi);
  put_num(w, "adjusted_nps", r->adjusted_nps);
  put_num(w, "adjusted_se", r->adjusted_se);
  put_num(w, "adjusted_lo", r->adjusted_lo);
  put_num(w, "adjusted_hi", r->adjusted_hi);
  put_int(w, "bootstrap", r->bootstrap);
  put_num(w, "bootstrap_se", r->bootstrap_se);
  put_num(w, "bootstrap_lo", r->bootstrap_lo);
  put_num(w, "bootstrap_hi", r->bootstrap_hi);
  put_num(w, "mean_score", r->mean_score);
  put_counts(w, &r->sample);
}

static void csat_row(row *w, const cx_csat_result *r, const char *seg,
                     double pct) {
  bool top2 = r->options.method == CX_CSAT_TOP2BOX;
  double vp = top2 ? pct : 1.0;
  put_text(w, "segment", seg);
  put_sample(w, &r->sample);
  put_text(w, "method", top2 ? "top2" : "mean");
  put_num(w, "csat", r->value * vp);
  put_num(w, "lo", r->lo * vp);
  put_num(w, "hi", r->hi * vp);
  put_num(w, "top2", r->top2 * pct);
  put_num(w, "top2_lo", r->top2_lo * pct);
  put_num(w, "top2_hi", r->top2_hi * pct);
  put_num(w, "bottom2", r->bottom2 * pct);
  put_num(w, "mean", r->mean);
  put_num(w, "sd", r->sd);
  put_num(w, "se", r->se);
  put_num(w, "df", r->df);
  put_num(w, "mean_lo", r->mean_lo);
  put_num(w, "mean_hi", r->mean_hi);
  put_num(w, "confidence", r->options.confidence);
  put_counts(w, &r->sample);
}

static const char *direction_name(cx_scale_direction d) {
  return d == CX_SCALE_HIGHER_IS_WORSE ? "higher is worse"
                                       : "higher is better";
}

static void ces_row(row *w, const cx_ces_result *r, const char *seg,
                    double pct) {
  put_text(w, "segment", seg);
  put_sample(w, &r->sample);
  put_int(w, "ces_version", (uint64_t)r->ces_version);
  put_text(w, "direction", direction_name(r->direction));
  put_num(w, "neutral", r->neutral);
  put_num(w, "mean", r->mean);
  put_num(w, "sd", r->sd);
  put_num(w, "se", r->se);
  put_num(w, "df", r->df);
  put_num(w, "mean_lo", r->mean_lo);
  put_num(w, "mean_hi", r->mean_hi);
  put_num(w, "share_easy", r->share_easy * pct);
  put_num(w, "easy_lo", r->easy_lo * pct);
  put_num(w, "easy_hi", r->easy_hi * pct);
  put_num(w, "share_neutral", r->share_neutral * pct);
  put_num(w, "share_difficult", r->share_difficult * pct);
  put_num(w, "confidence", r->options.confidence);
  put_counts(w, &r->sample);
}

static void slot_row(row *w, const results *res, const cx_metric_survey *s,
                     size_t i, const metric_args *a) {
  double pct = a->percent ? 100.0 : 1.0;
  w->n = 0;
  if (res->nps)
    nps_row(w, res->nps[i], slot_name(s, i), pct);
  else if (res->csat)
    csat_row(w, res->csat[i], slot_name(s, i), pct);
  else
    ces_row(w, res->ces[i], slot_name(s, i), pct);
}

static void diff_row(row *w, const results *res, const metric_args *a) {
  const cx_nps_result *ra = res->nps[res->diff_a], *rb = res->nps[res->diff_b];
  const cx_nps_diff *d = res->diff;
  w->n = 0;
  put_text(w, "segment_a", a->compare_a);
  put_text(w, "segment_b", a->compare_b);
  put_num(w, "nps_a", ra->nps);
  put_num(w, "nps_b", rb->nps);
  put_num(w, "n_effective_a", ra->sample.n_effective);
  put_num(w, "n_effective_b", rb->sample.n_effective);
  put_num(w, "difference", d->difference);
  put_num(w, "se", d->se);
  put_num(w, "confidence", d->confidence);
  put_num(w, "lo", d->lo);
  put_num(w, "hi", d->hi);
  put_num(w, "z", d->z);
  put_num(w, "p_value", d->p_value);
}

/* ---- CSV ---------------------------------------------------------------- */

static void csv_header(const row *w, FILE *f) {
  for (size_t k = 0; k < w->n; k++) {
    if (k)
      fputc(',', f);
    fputs(w->f[k].name, f);
  }
  fputc('\n', f);
}

/* out_num_exact() takes the shortest form that reads back, which for some
 * whole numbers is an exponent (160 as "1.6e+02"); counts read better in
 * full. */
static void csv_number(FILE *f, double v) {
  if (v == floor(v) && fabs(v) < 1e15)
    fprintf(f, "%.0f", v + 0.0);
  else
    out_csv_number(f, v);
}

static void csv_line(const row *w, FILE *f) {
  for (size_t k = 0; k < w->n; k++) {
    if (k)
      fputc(',', f);
    const field *x = &w->f[k];
    if (x->kind == F_TEXT)
      out_csv_text(f, x->text ? x->text : "");
    else
      csv_number(f, x->v);
  }
  fputc('\n', f);
}

static bool print_csv(const results *res, const cx_metric_survey *s,
                      const metric_args *a, FILE *f) {
  row *w = malloc(sizeof *w);
  if (!w)
    return false;
  if (res->diff) {
    /* The comparison is a table of its own: one header, one row. */
    diff_row(w, res, a);
    csv_header(w, f);
    csv_line(w, f);
  } else {
    for (size_t i = 0; i < res->n; i++) {
      slot_row(w, res, s, i, a);
      if (i == 0)
        csv_header(w, f);
      csv_line(w, f);
    }
  }
  free(w);
  return true;
}

/* ---- JSON --------------------------------------------------------------- */

static json_t *jrow(const row *w) {
  json_t *o = json_object();
  for (size_t k = 0; k < w->n; k++) {
    const field *x = &w->f[k];
    json_t *v = x->kind == F_TEXT  ? out_json_text(x->text)
                : x->kind == F_INT ? json_integer((json_int_t)x->v)
                                   : out_json_number(x->v);
    json_object_set_new(o, x->name, v);
  }
  return o;
}

static json_t *joptions(const metric_args *a) {
  json_t *o = json_object();
  json_object_set_new(o, "column", out_json_text(a->column));
  json_object_set_new(o, "layout", json_string(a->layout == CX_METRIC_CSV_LONG
                                                   ? "long"
                                               : a->layout == CX_METRIC_CSV_WIDE
                                                   ? "wide"
                                                   : "auto"));
  json_object_set_new(o, "metric", out_json_text(a->metric));
  json_object_set_new(o, "segment", out_json_text(a->segment));
  json_object_set_new(o, "weight", out_json_text(a->weight));
  json_object_set_new(o, "confidence", out_json_number(a->confidence));
  json_object_set_new(o, "percent", json_boolean(a->percent));
  json_object_set_new(o, "na_code", a->has_na_code
                                        ? json_integer(a->na_code)
                                        : json_null());
  json_object_set_new(o, "dk_code", a->has_dk_code
                                        ? json_integer(a->dk_code)
                                        : json_null());
  if (a->kind == CX_METRIC_NPS) {
    json_object_set_new(o, "bootstrap", json_integer(a->bootstrap));
    json_object_set_new(o, "seed", json_integer((json_int_t)a->seed));
  } else if (a->kind == CX_METRIC_CSAT) {
    json_object_set_new(
        o, "method",
        json_string(a->method == CX_CSAT_TOP2BOX ? "top2" : "mean"));
  } else {
    json_object_set_new(o, "ces_version", json_integer(a->ces));
  }
  return o;
}

static json_t *jscale(const cx_metric_survey *s) {
  cx_scale sc;
  if (cx_metric_survey_scale(s, &sc) != CX_OK)
    return json_null();
  return json_pack("{s:i, s:i, s:o, s:s}", "min", (int)sc.min, "max",
                   (int)sc.max, "neutral", out_json_number(sc.neutral),
                   "direction", direction_name(sc.direction));
}

static bool print_json(const results *res, const cx_metric_survey *s,
                       const metric_args *a, FILE *f) {
  row *w = malloc(sizeof *w);
  if (!w)
    return false;
  json_t *root = json_object();
  json_object_set_new(root, "cx_version",
                      json_string(cx_version(NULL, NULL, NULL)));
  json_object_set_new(root, "input", json_string(a->file));
  json_object_set_new(root, "metric", json_string(a->cmd));
  json_object_set_new(root, "options", joptions(a));
  json_object_set_new(root, "scale", jscale(s));
  slot_row(w, res, s, 0, a);
  json_object_set_new(root, "overall", jrow(w));
  if (a->segment) {
    json_t *segs = json_array();
    for (size_t i = 1; i < res->n; i++) {
      slot_row(w, res, s, i, a);
      json_array_append_new(segs, jrow(w));
    }
    json_object_set_new(root, "segments", segs);
  }
  if (res->diff) {
    diff_row(w, res, a);
    json_object_set_new(root, "comparison", jrow(w));
  }
  free(w);
  bool ok = out_json_print(root, f);
  json_decref(root);
  return ok;
}

/* ---- text --------------------------------------------------------------- */

static void add_num(out_table *t, double v, int decimals) {
  char buf[OUT_NUM_MAX];
  out_table_add(t, out_num_fixed(buf, v, decimals, "-"));
}

static void add_count(out_table *t, uint64_t v) {
  char buf[OUT_NUM_MAX];
  snprintf(buf, sizeof buf, "%llu", (unsigned long long)v);
  out_table_add(t, buf);
}

static void add_interval(out_table *t, double lo, double hi, int decimals) {
  char x[OUT_NUM_MAX], y[OUT_NUM_MAX], s[2 * OUT_NUM_MAX + 8];
  if (isnan(lo) || isnan(hi)) {
    out_table_add(t, "-");
    return;
  }
  snprintf(s, sizeof s, "[%s, %s]", out_num_fixed(x, lo, decimals, "-"),
           out_num_fixed(y, hi, decimals, "-"));
  out_table_add(t, s);
}

/* Columns every table starts with. */
static size_t head_sample(out_table *t, const metric_args *a) {
  out_table_add(t, "segment");
  out_table_add(t, "n");
  if (a->weight) {
    out_table_add(t, "n_w");
    out_table_add(t, "n_eff");
  }
  out_table_add(t, "missing");
  out_table_add(t, "n/a");
  out_table_add(t, "dk");
  return a->weight ? 7 : 5;
}

static void add_sample(out_table *t, const cx_metric_survey *s, size_t i,
                       const cx_metric_sample *m, const metric_args *a) {
  out_table_add_owned(t, i == 0 ? out_text_cell("(all)")
                                : out_text_cell(slot_name(s, i)));
  add_count(t, m->n_raw);
  if (a->weight) {
    add_num(t, m->n, 1);
    add_num(t, m->n_effective, 1);
  }
  add_count(t, m->n_missing);
  add_count(t, m->n_not_applicable);
  add_count(t, m->n_dont_know);
}

static size_t text_columns(const metric_args *a) {
  size_t base = a->weight ? 7 : 5;
  switch (a->kind) {
  case CX_METRIC_NPS: return base + 7 + (a->bootstrap > 0);
  case CX_METRIC_CSAT: return base + 6;
  case CX_METRIC_CES: return base + 7;
  }
  return base;
}

static bool print_text(const results *res, const cx_metric_survey *s,
                       const metric_args *a, FILE *f) {
  static const char *const title[] = {"NPS", "CSAT", "CES"};
  int sd = a->percent ? 1 : 3; /* decimals of shares and scores */
  double pct = a->percent ? 100.0 : 1.0;
  char ci[64];
  fprintf(f, "%s: %s", title[a->kind], a->file);
  if (a->kind == CX_METRIC_CSAT)
    fprintf(f, " (method %s)",
            a->method == CX_CSAT_TOP2BOX ? "top2" : "mean");
  if (a->kind == CX_METRIC_CES)
    fprintf(f, " (CES %d.0)", (int)a->ces);
  fprintf(f, "\n%g%% intervals%s%s\n\n", a->confidence * 100,
          a->percent ? "; scores and shares x100" : "",
          a->weight ? "; weighted" : "");
  out_table t;
  size_t ncols = text_columns(a);
  out_table_init(&t, ncols);
  for (size_t c = 1; c < ncols; c++)
    out_table_align_right(&t, c, true);
  head_sample(&t, a);
  if (a->kind == CX_METRIC_NPS) {
    static const char *const h[] = {"detractors", "passives", "promoters",
                                    "NPS",        "SE",       "Wald",
                                    "adj. Wald"};
    for (size_t k = 0; k < 7; k++)
      out_table_add(&t, h[k]);
    if (a->bootstrap)
      out_table_add(&t, "bootstrap");
  } else if (a->kind == CX_METRIC_CSAT) {
    static const char *const h[] = {"CSAT", "CI", "top2", "bottom2", "mean",
                                    "sd"};
    for (size_t k = 0; k < 6; k++)
      out_table_add(&t, h[k]);
  } else {
    static const char *const h[] = {"mean", "sd", "CI", "easy", "easy CI",
                                    "neutral", "difficult"};
    for (size_t k = 0; k < 7; k++)
      out_table_add(&t, h[k]);
  }
  for (size_t i = 0; i < res->n; i++) {
    if (res->nps) {
      const cx_nps_result *r = res->nps[i];
      add_sample(&t, s, i, &r->sample, a);
      add_num(&t, r->share_detractors * pct, sd);
      add_num(&t, r->share_passives * pct, sd);
      add_num(&t, r->share_promoters * pct, sd);
      add_num(&t, r->nps, sd);
      add_num(&t, r->se, sd);
      add_interval(&t, r->wald_lo, r->wald_hi, sd);
      add_interval(&t, r->adjusted_lo, r->adjusted_hi, sd);
      if (a->bootstrap)
        add_interval(&t, r->bootstrap_lo, r->bootstrap_hi, sd);
    } else if (res->csat) {
      const cx_csat_result *r = res->csat[i];
      bool top2 = a->method == CX_CSAT_TOP2BOX;
      add_sample(&t, s, i, &r->sample, a);
      add_num(&t, top2 ? r->value * pct : r->value, top2 ? sd : 2);
      add_interval(&t, top2 ? r->lo * pct : r->lo, top2 ? r->hi * pct : r->hi,
                   top2 ? sd : 2);
      add_num(&t, r->top2 * pct, sd);
      add_num(&t, r->bottom2 * pct, sd);
      add_num(&t, r->mean, 2);
      add_num(&t, r->sd, 2);
    } else {
      const cx_ces_result *r = res->ces[i];
      add_sample(&t, s, i, &r->sample, a);
      add_num(&t, r->mean, 2);
      add_num(&t, r->sd, 2);
      add_interval(&t, r->mean_lo, r->mean_hi, 2);
      add_num(&t, r->share_easy * pct, sd);
      add_interval(&t, r->easy_lo * pct, r->easy_hi * pct, sd);
      add_num(&t, r->share_neutral * pct, sd);
      add_num(&t, r->share_difficult * pct, sd);
    }
  }
  bool ok = out_table_print(&t, f);
  out_table_free(&t);
  if (!ok)
    return false;
  if (a->kind == CX_METRIC_NPS)
    fputs("\ndetractors 0-6, passives 7-8, promoters 9-10 (shares); "
          "NPS = promoters - detractors.\n",
          f);
  else if (a->kind == CX_METRIC_CSAT)
    fputs("\ntop2: share of the two best points; bottom2: of the two worst."
          "\n",
          f);
  else
    fprintf(f, "\nmean on the scale as asked (%s); easy: share on the good "
               "side of the neutral point.\n",
            a->ces == CX_CES_1 ? "1-5, higher is more effort"
                               : "1-7, higher is easier");
  fputs("n/a: not applicable, dk: don't know; '-': undefined.\n", f);
  if (res->diff) {
    const cx_nps_diff *d = res->diff;
    char *na = out_text_cell(a->compare_a), *nb = out_text_cell(a->compare_b);
    char x[OUT_NUM_MAX], y[OUT_NUM_MAX], z[OUT_NUM_MAX], p[OUT_NUM_MAX];
    snprintf(ci, sizeof ci, "%g%%", d->confidence * 100);
    fprintf(f, "\nNPS(%s) - NPS(%s) = %s, SE %s, ", na ? na : "?",
            nb ? nb : "?", out_num_fixed(x, d->difference, sd, "-"),
            out_num_fixed(y, d->se, sd, "-"));
    free(na);
    free(nb);
    if (isnan(d->lo))
      fprintf(f, "%s CI -", ci);
    else
      fprintf(f, "%s CI [%s, %s]", ci, out_num_fixed(x, d->lo, sd, "-"),
              out_num_fixed(y, d->hi, sd, "-"));
    fprintf(f, ", z %s, p %s\n", out_num_fixed(z, d->z, 2, "-"),
            out_num_fixed(p, d->p_value, 4, "-"));
  }
  return true;
}

/* ---- chart -------------------------------------------------------------- */

/* Every result, pooled first, as one chart in a->svg.  The NPS chart shows
 * the bootstrap interval when resamples were asked for, otherwise the
 * adjusted Wald interval (defined for every sample). */
static int write_svg(const results *res, const metric_args *a) {
  char *svg = NULL;
  size_t len = 0;
  cx_status st;
  if (res->nps) {
    cx_nps_svg_options o = CX_NPS_SVG_OPTIONS_INIT;
    o.interval =
        a->bootstrap ? CX_NPS_SVG_BOOTSTRAP : CX_NPS_SVG_ADJUSTED_WALD;
    st = cx_render_nps_svg((const cx_nps_result *const *)res->nps, res->n,
                           &o, &svg, &len);
  } else if (res->csat) {
    st = cx_render_csat_svg((const cx_csat_result *const *)res->csat,
                            res->n, NULL, &svg, &len);
  } else {
    st = cx_render_ces_svg((const cx_ces_result *const *)res->ces, res->n,
                           NULL, &svg, &len);
  }
  if (st != CX_OK)
    return out_fail();
  int rc = out_write_file(a->svg, svg, len, false);
  cx_free(svg);
  return rc;
}

/* ---- entry -------------------------------------------------------------- */

int metrics_print(const cx_metric_survey *survey, const metric_args *a) {
  results res;
  memset(&res, 0, sizeof res);
  int rc = compute(survey, a, &res);
  if (rc >= 0) {
    results_free(&res);
    return rc;
  }
  if (a->svg && (rc = write_svg(&res, a)) != EXIT_DONE) {
    results_free(&res);
    return rc;
  }
  bool ok = a->fmt == FORMAT_CSV    ? print_csv(&res, survey, a, stdout)
            : a->fmt == FORMAT_JSON ? print_json(&res, survey, a, stdout)
                                    : print_text(&res, survey, a, stdout);
  results_free(&res);
  return out_finish_stdout(ok);
}
