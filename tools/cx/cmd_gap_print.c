/*
 * Printing for cx gap: each item and dimension result becomes a row of
 * named cells, printed as CSV or JSON; the text report picks the columns
 * a reader scans for.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cmd_gap.h"
#include "output.h"

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

static void csv_cell(FILE *f, const cell *c) {
  if (c->text)
    out_csv_text(f, c->s ? c->s : "");
  else
    out_csv_number(f, c->v);
}

bool gap_print_csv(const group *g, size_t ng, const gap_args *a, FILE *f) {
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

static json_t *jrow(const row *r, size_t from) {
  json_t *o = json_object();
  for (size_t j = from; j < r->n; j++) {
    const cell *c = &r->c[j];
    json_object_set_new(o, c->name,
                        c->text      ? json_string(c->s ? c->s : "")
                        : c->integer ? json_integer((json_int_t)c->v)
                                     : out_json_number(c->v));
  }
  return o;
}

static json_t *jscore(const cx_gap_score *s) {
  return json_pack("{s:I, s:I, s:I, s:o, s:o, s:o, s:o, s:o, s:o}", "n",
                   (json_int_t)s->n, "n_no_points", (json_int_t)s->n_no_points,
                   "n_incomplete", (json_int_t)s->n_incomplete, "n_eff",
                   out_json_number(s->n_eff), "mean", out_json_number(s->mean),
                   "sd", out_json_number(s->sd), "se", out_json_number(s->se),
                   "ci_low", out_json_number(s->ci_low), "ci_high",
                   out_json_number(s->ci_high));
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
  json_object_set_new(o, "overall",
                      out_json_number(cx_gap_result_overall(g->result)));
  json_object_set_new(o, "weighted", jscore(cx_gap_result_weighted(g->result)));
  json_object_set_new(o, "crosshair",
                      json_pack("{s:o, s:o, s:o}", "importance",
                                out_json_number(ci), "performance",
                                out_json_number(cp), "gap",
                                out_json_number(cg)));
  return o;
}

static const char *const link_list_name[4] = {"matched", "no_data",
                                              "items_without_touchpoint",
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

bool gap_print_json(const group *g, size_t ng, const gap_args *a,
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
                out_json_number(a->opt.level), "zero_method",
                zeros[a->opt.zero_method], "adjust", a->bh ? "bh" : "holm",
                "min_answered", out_json_number(a->min_share), "overall",
                a->opt.overall == CX_GAP_OVERALL_ITEMS ? "items" : "dimensions",
                "drop_inversions", a->opt.drop_inversions));
  for (size_t k = 0; k < ng; k++)
    json_array_append_new(groups, jgroup(&g[k], a));
  json_object_set_new(root, "groups", groups);
  if (rep)
    json_object_set_new(root, "journey", jreport(rep));
  bool ok = out_json_print_digits(root, f, 17);
  json_decref(root);
  return ok;
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

bool gap_print_text(const group *g, size_t ng, const gap_args *a,
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
