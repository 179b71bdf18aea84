/*
 * Printing for cx journey validate, score and diff: text reports, CSV
 * tables and JSON documents of what cmd_journey.c computed.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cmd_journey.h"
#include "output.h"

static const char *jformat_name(jformat f) {
  return f == JF_JSON ? "json" : f == JF_MERMAID ? "mermaid" : "auto";
}

/* A file name for a text report ("standard input" for "-"), with control
 * characters shown as '?'; malloc'ed, NULL when out of memory. */
static char *shown_path(const char *path) {
  return out_text_cell(strcmp(path, "-") == 0 ? "standard input" : path);
}

/* ---- validate ----------------------------------------------------------- */

void journey_validate_text(const checked *c, size_t n, FILE *f) {
  for (size_t i = 0; i < n; i++) {
    char *path = shown_path(c[i].path);
    if (!c[i].journey) {
      char *err = out_text_cell(c[i].error ? c[i].error : "");
      fprintf(f, "%s: cannot be loaded: %s\n", path ? path : "?",
              err ? err : "?");
      free(err);
      free(path);
      continue;
    }
    const cx_journey *j = c[i].journey;
    size_t np = cx_journey_problems_count(c[i].problems);
    if (np == 0) {
      size_t ns = cx_journey_n_stages(j), nt = cx_journey_n_touchpoints(j),
             na = cx_journey_n_actors(j);
      fprintf(f, "%s: valid (%zu stage%s, %zu touchpoint%s, %zu actor%s)\n",
              path ? path : "?", ns, ns == 1 ? "" : "s", nt,
              nt == 1 ? "" : "s", na, na == 1 ? "" : "s");
      free(path);
      continue;
    }
    fprintf(f, "%s: %zu problem%s\n\n", path ? path : "?", np,
            np == 1 ? "" : "s");
    free(path);
    out_table t;
    out_table_init(&t, 5);
    static const char *const head[] = {"code", "element", "id", "field",
                                       "message"};
    for (size_t k = 0; k < 5; k++)
      out_table_add(&t, head[k]);
    for (size_t k = 0; k < np; k++) {
      const cx_journey_problems *p = c[i].problems;
      out_table_add(&t, cx_journey_problem_code_name(
                            cx_journey_problems_code(p, k)));
      out_table_add(&t, cx_journey_element_name(
                            cx_journey_problems_element(p, k)));
      out_table_add_owned(&t, out_text_cell(cx_journey_problems_id(p, k)));
      out_table_add_owned(&t, out_text_cell(cx_journey_problems_field(p, k)));
      out_table_add_owned(&t,
                          out_text_cell(cx_journey_problems_message(p, k)));
    }
    out_table_print(&t, f);
    out_table_free(&t);
    if (i + 1 < n)
      fputc('\n', f);
  }
}

void journey_validate_csv(const checked *c, size_t n, FILE *f) {
  fputs("file,code,element,id,field,message\n", f);
  for (size_t i = 0; i < n; i++) {
    const cx_journey_problems *p = c[i].problems;
    if (!c[i].journey) {
      out_csv_text(f, c[i].path);
      fputs(",load-error,,,,", f);
      out_csv_text(f, c[i].error);
      fputc('\n', f);
      continue;
    }
    for (size_t k = 0; k < cx_journey_problems_count(p); k++) {
      out_csv_text(f, c[i].path);
      fputc(',', f);
      out_csv_text(f, cx_journey_problem_code_name(
                          cx_journey_problems_code(p, k)));
      fputc(',', f);
      out_csv_text(f, cx_journey_element_name(
                          cx_journey_problems_element(p, k)));
      fputc(',', f);
      out_csv_text(f, cx_journey_problems_id(p, k));
      fputc(',', f);
      out_csv_text(f, cx_journey_problems_field(p, k));
      fputc(',', f);
      out_csv_text(f, cx_journey_problems_message(p, k));
      fputc('\n', f);
    }
  }
}

bool journey_validate_json(const checked *c, size_t n, FILE *f) {
  json_t *root = json_object(), *files = json_array();
  bool all_valid = true;
  json_object_set_new(root, "cx_version",
                      json_string(cx_version(NULL, NULL, NULL)));
  for (size_t i = 0; i < n; i++) {
    const cx_journey *j = c[i].journey;
    const cx_journey_problems *p = c[i].problems;
    size_t np = cx_journey_problems_count(p);
    json_t *o = json_object(), *list = json_array();
    json_object_set_new(o, "input", json_string(c[i].path));
    json_object_set_new(o, "format", json_string(jformat_name(c[i].format)));
    json_object_set_new(o, "loaded", json_boolean(j != NULL));
    json_object_set_new(o, "error", out_json_text(c[i].error));
    json_object_set_new(o, "valid", json_boolean(j && np == 0));
    json_object_set_new(o, "stages",
                        json_integer((json_int_t)cx_journey_n_stages(j)));
    json_object_set_new(o, "touchpoints",
                        json_integer((json_int_t)cx_journey_n_touchpoints(j)));
    json_object_set_new(o, "actors",
                        json_integer((json_int_t)cx_journey_n_actors(j)));
    for (size_t k = 0; k < np; k++) {
      cx_journey_problem_code code = cx_journey_problems_code(p, k);
      cx_journey_element el = cx_journey_problems_element(p, k);
      json_array_append_new(
          list, json_pack("{s:s, s:s, s:s, s:s, s:s}", "code",
                          cx_journey_problem_code_name(code), "element",
                          cx_journey_element_name(el), "id",
                          cx_journey_problems_id(p, k), "field",
                          cx_journey_problems_field(p, k), "message",
                          cx_journey_problems_message(p, k)));
    }
    json_object_set_new(o, "problems", list);
    json_array_append_new(files, o);
    all_valid &= j && np == 0;
  }
  json_object_set_new(root, "valid", json_boolean(all_valid));
  json_object_set_new(root, "files", files);
  bool ok = out_json_print(root, f);
  json_decref(root);
  return ok;
}

/* ---- score -------------------------------------------------------------- */

static const tp_row *ranked_row(const score_data *d, size_t rank) {
  size_t t = d->by_rank[rank - 1];
  return t < d->n_tp ? &d->tp[t] : NULL;
}

static const char *stage_name(const cx_journey *j, const char *id) {
  const char *name = "";
  cx_journey_stage_get_text(j, id, CX_STAGE_NAME, &name);
  return name;
}

static const char *actor_name(const cx_journey *j, const char *id) {
  const char *name = "";
  cx_journey_actor_get_name(j, id, &name);
  return name;
}

static const char *final_stage_id(const score_data *d) {
  return d->ending.final_stage < d->n_stages
             ? cx_journey_stage_id(d->j, d->ending.final_stage)
             : NULL;
}

/* -- text -- */

static void add_fixed(out_table *t, double v) {
  char buf[OUT_NUM_MAX];
  out_table_add(t, out_num_fixed(buf, v, 3, "-"));
}

/* A value as the map states it (3.5, 12000); a measured one with a long
 * fraction (a mean of survey answers, say) is rounded to 3 decimals in
 * the text table.  CSV and JSON keep every digit. */
static void add_exact(out_table *t, double v) {
  char buf[OUT_NUM_MAX];
  if (isnan(v)) {
    out_table_add(t, "-");
    return;
  }
  out_num_exact(buf, v);
  const char *dot = strchr(buf, '.');
  if (dot && !strpbrk(buf, "eE") && strlen(dot + 1) > 3) {
    out_num_fixed(buf, v, 3, "-");
    size_t n = strlen(buf);
    while (n > 0 && buf[n - 1] == '0')
      buf[--n] = '\0';
    if (n > 0 && buf[n - 1] == '.')
      buf[--n] = '\0';
  }
  out_table_add(t, buf);
}

static void add_count(out_table *t, uint64_t v) {
  char buf[OUT_NUM_MAX];
  snprintf(buf, sizeof buf, "%llu", (unsigned long long)v);
  out_table_add(t, buf);
}

/* Aggregates as rows, one column per scope (journey, then stages or
 * actors), so the table stays narrow. */
static bool print_aggregates(const journey_args *a, const score_data *d,
                             bool actors, FILE *f) {
  size_t n = actors ? d->n_actors : d->n_stages;
  const cx_journey_scores *sc = actors ? d->actor : d->stage;
  out_table t;
  out_table_init(&t, n + 2);
  for (size_t c = 1; c < n + 2; c++)
    out_table_align_right(&t, c, true);
  out_table_add(&t, "aggregate");
  out_table_add(&t, "journey");
  for (size_t k = 0; k < n; k++)
    out_table_add_owned(&t, out_text_cell(actors
                                              ? cx_journey_actor_id(d->j, k)
                                              : cx_journey_stage_id(d->j, k)));
  out_table_add(&t, "n");
  add_count(&t, d->all.n);
  for (size_t k = 0; k < n; k++)
    add_count(&t, sc[k].n);
  out_table_add(&t, "n_weighted");
  add_count(&t, d->all.n_weighted);
  for (size_t k = 0; k < n; k++)
    add_count(&t, sc[k].n_weighted);
  for (int g = 0; g < CX_JOURNEY_AGG_COUNT; g++) {
    if (!a->agg[g])
      continue;
    out_table_add(&t, cx_journey_aggregate_name((cx_journey_aggregate)g));
    add_fixed(&t, cx_journey_scores_get(&d->all, (cx_journey_aggregate)g));
    for (size_t k = 0; k < n; k++)
      add_fixed(&t, cx_journey_scores_get(&sc[k], (cx_journey_aggregate)g));
  }
  bool ok = out_table_print(&t, f);
  out_table_free(&t);
  return ok;
}

static bool print_stages(const score_data *d, FILE *f) {
  out_table t;
  out_table_init(&t, 7);
  for (size_t c = 2; c < 7; c++)
    out_table_align_right(&t, c, true);
  static const char *const head[] = {"stage", "name", "touchpoints", "reach",
                                     "previous", "drop", "drop share"};
  for (size_t c = 0; c < 7; c++)
    out_table_add(&t, head[c]);
  for (size_t s = 0; s < d->n_stages; s++) {
    const char *id = cx_journey_stage_id(d->j, s);
    out_table_add_owned(&t, out_text_cell(id));
    out_table_add_owned(&t, out_text_cell(stage_name(d->j, id)));
    add_count(&t, cx_journey_stage_size(d->j, s));
    add_exact(&t, d->drop[s].reach);
    add_exact(&t, d->drop[s].previous);
    add_exact(&t, d->drop[s].drop);
    add_fixed(&t, d->drop[s].drop_share);
  }
  bool ok = out_table_print(&t, f);
  out_table_free(&t);
  return ok;
}

static bool print_touchpoints(const score_data *d, FILE *f) {
  static const char *const head[] = {
      "stage", "touchpoint", "score", "x",      "E",        "P",
      "gap",   "A",          "D",     "zone",   "importance", "reach",
      "priority", "rank"};
  enum { NC = sizeof head / sizeof head[0] };
  out_table t;
  out_table_init(&t, NC);
  for (size_t c = 2; c < NC; c++)
    out_table_align_right(&t, c, c != 9);
  for (size_t c = 0; c < NC; c++)
    out_table_add(&t, head[c]);
  for (size_t i = 0; i < d->n_tp; i++) {
    const tp_row *r = &d->tp[i];
    out_table_add_owned(&t, out_text_cell(r->stage));
    out_table_add_owned(&t, out_text_cell(r->id));
    add_exact(&t, r->num[CX_TP_SCORE]);
    add_fixed(&t, r->normalized);
    add_exact(&t, r->num[CX_TP_EXPECTATION]);
    add_exact(&t, r->num[CX_TP_EXPERIENCE]);
    add_exact(&t, r->gap.gap);
    add_exact(&t, r->num[CX_TP_ADEQUATE]);
    add_exact(&t, r->num[CX_TP_DESIRED]);
    out_table_add(&t, r->gap.zone == CX_JOURNEY_ZONE_UNKNOWN
                          ? "-"
                          : cx_journey_zone_name(r->gap.zone));
    add_exact(&t, r->num[CX_TP_IMPORTANCE]);
    add_exact(&t, r->num[CX_TP_REACH]);
    add_exact(&t, r->priority);
    if (r->rank)
      add_count(&t, r->rank);
    else
      out_table_add(&t, "-");
  }
  bool ok = out_table_print(&t, f);
  out_table_free(&t);
  return ok;
}

static bool print_pain_points(const score_data *d, FILE *f) {
  size_t n = cx_journey_ranking_count(d->ranking);
  if (n == 0) {
    fputs("No touchpoint falls short of expectation (or none has both "
          "levels).\n",
          f);
    return true;
  }
  static const char *const head[] = {"rank", "touchpoint", "name", "gap",
                                     "importance", "reach", "priority"};
  out_table t;
  out_table_init(&t, 7);
  out_table_align_right(&t, 0, true);
  for (size_t c = 3; c < 7; c++)
    out_table_align_right(&t, c, true);
  for (size_t c = 0; c < 7; c++)
    out_table_add(&t, head[c]);
  for (size_t k = 0; k < n; k++) {
    const tp_row *r = ranked_row(d, k + 1);
    add_count(&t, k + 1);
    out_table_add_owned(&t,
                        out_text_cell(cx_journey_ranking_id(d->ranking, k)));
    out_table_add_owned(&t, out_text_cell(r ? r->name : ""));
    add_exact(&t, cx_journey_ranking_gap(d->ranking, k));
    add_exact(&t, r ? r->num[CX_TP_IMPORTANCE] : NAN);
    add_exact(&t, r ? r->num[CX_TP_REACH] : NAN);
    add_exact(&t, cx_journey_ranking_priority(d->ranking, k));
  }
  bool ok = out_table_print(&t, f);
  out_table_free(&t);
  return ok;
}

static void print_ending(const score_data *d, FILE *f) {
  char x[OUT_NUM_MAX], y[OUT_NUM_MAX], z[OUT_NUM_MAX];
  const char *id = final_stage_id(d);
  if (!id) {
    fputs("Ending: no stage has a scored touchpoint.\n", f);
    return;
  }
  char *shown = out_text_cell(id);
  out_num_fixed(x, d->ending.final_mean, 3, "-");
  out_num_fixed(y, d->ending.journey_mean, 3, "-");
  out_num_fixed(z, d->ending.shortfall, 3, "-");
  if (d->ending.flagged)
    fprintf(f, "Ending: FLAGGED: the final stage '%s' scores %s, below the "
               "journey mean %s by %s.\n",
            shown ? shown : "?", x, y, z);
  else
    fprintf(f, "Ending: positive: the final stage '%s' scores %s, not below "
               "the journey mean %s.\n",
            shown ? shown : "?", x, y);
  free(shown);
}

bool journey_score_text(const journey_args *a, const score_data *d, FILE *f) {
  const cx_journey *j = d->j;
  const char *title = "";
  double mn, ne, mx;
  char x[OUT_NUM_MAX], y[OUT_NUM_MAX], z[OUT_NUM_MAX];
  cx_journey_get_text(j, CX_JOURNEY_TITLE, &title);
  cx_journey_get_scale(j, &mn, &ne, &mx);
  bool has_id = *cx_journey_id(j) != '\0';
  char *t = out_text_cell(*title ? title : "(untitled)");
  char *id = out_text_cell(cx_journey_id(j)), *path = shown_path(a->files[0]);
  fprintf(f, "Journey: %s%s%s%s (%s)\n", t ? t : "?", has_id ? " [" : "",
          has_id && id ? id : "", has_id ? "]" : "", path ? path : "?");
  free(t);
  free(id);
  free(path);
  fprintf(f, "Scale %s..%s, neutral %s; %zu stage%s, %zu touchpoint%s (%llu "
             "scored), %zu actor%s\n",
          out_num_exact(x, mn), out_num_exact(z, mx), out_num_exact(y, ne),
          d->n_stages, d->n_stages == 1 ? "" : "s", d->n_tp,
          d->n_tp == 1 ? "" : "s", (unsigned long long)d->all.n, d->n_actors,
          d->n_actors == 1 ? "" : "s");
  fprintf(f, "Scores normalised to [-1, 1] around the neutral point; "
             "peak-end weight %g%s.\n",
          a->score.peak_end_weight,
          a->score.unassigned_for_all
              ? ""
              : "; per actor only touchpoints that name the actor");
  bool ok = true;
  if (a->by & BY_STAGE) {
    fputs("\nAggregate scores, journey and stages\n\n", f);
    ok &= print_aggregates(a, d, false, f);
  }
  if (a->by & BY_ACTOR) {
    fputs("\nAggregate scores, journey and actors\n\n", f);
    if (d->n_actors)
      ok &= print_aggregates(a, d, true, f);
    else
      fputs("The journey declares no actors.\n", f);
  }
  fputs("\nStages: reach and drop-off\n\n", f);
  ok &= print_stages(d, f);
  fputs("\nTouchpoints: x normalised score, E expectation, P experience, "
        "gap P - E,\nA adequate, D desired, zone of tolerance\n\n",
        f);
  ok &= print_touchpoints(d, f);
  fputs("\nPain points, by priority = -gap x importance x reach (missing "
        "importance\nor reach counts as 1)\n\n",
        f);
  ok &= print_pain_points(d, f);
  fputc('\n', f);
  print_ending(d, f);
  fputs("'-': undefined or not given.\n", f);
  return ok;
}

/* -- csv -- */

static void csv_sep(FILE *f) { fputc(',', f); }

static void csv_scores(const journey_args *a, const cx_journey_scores *s,
                       FILE *f) {
  fprintf(f, "%llu,%llu", (unsigned long long)s->n,
          (unsigned long long)s->n_weighted);
  for (int g = 0; g < CX_JOURNEY_AGG_COUNT; g++)
    if (a->agg[g]) {
      csv_sep(f);
      out_csv_number(f, cx_journey_scores_get(s, (cx_journey_aggregate)g));
    }
}

/* "LEVEL,ID,NAME,n,n_weighted,<aggregates>": the journey, a stage or an
 * actor. */
static void csv_scope(const journey_args *a, const char *level,
                      const char *id, const char *name,
                      const cx_journey_scores *s, FILE *f) {
  fprintf(f, "%s,", level);
  out_csv_text(f, id);
  csv_sep(f);
  out_csv_text(f, name);
  csv_sep(f);
  csv_scores(a, s, f);
}

void journey_score_csv_summary(const journey_args *a, const score_data *d,
                              FILE *f) {
  fputs("level,id,name,n,n_weighted", f);
  for (int g = 0; g < CX_JOURNEY_AGG_COUNT; g++)
    if (a->agg[g])
      fprintf(f, ",%s", cx_journey_aggregate_name((cx_journey_aggregate)g));
  fputs(",reach,previous_reach,drop,drop_share,ending_flagged,"
        "ending_final_stage,ending_shortfall\n",
        f);
  const char *title = "";
  cx_journey_get_text(d->j, CX_JOURNEY_TITLE, &title);
  csv_scope(a, "journey", cx_journey_id(d->j), title, &d->all, f);
  fprintf(f, ",,,,,%d,", d->ending.flagged);
  out_csv_text(f, final_stage_id(d));
  csv_sep(f);
  out_csv_number(f, d->ending.shortfall);
  fputc('\n', f);
  if (a->by & BY_STAGE)
    for (size_t s = 0; s < d->n_stages; s++) {
      const char *id = cx_journey_stage_id(d->j, s);
      csv_scope(a, "stage", id, stage_name(d->j, id), &d->stage[s], f);
      const double v[] = {d->drop[s].reach, d->drop[s].previous,
                          d->drop[s].drop, d->drop[s].drop_share};
      for (size_t k = 0; k < 4; k++) {
        csv_sep(f);
        out_csv_number(f, v[k]);
      }
      fputs(",,,\n", f);
    }
  if (a->by & BY_ACTOR)
    for (size_t k = 0; k < d->n_actors; k++) {
      const char *id = cx_journey_actor_id(d->j, k);
      csv_scope(a, "actor", id, actor_name(d->j, id), &d->actor[k], f);
      fputs(",,,,,,,\n", f);
    }
}

void journey_score_csv_touchpoints(const score_data *d, FILE *f) {
  fputs("stage,id,name,score,normalized,expectation,experience,adequate,"
        "desired,importance,duration,reach,gap,adequacy,superiority,zone,"
        "priority,rank\n",
        f);
  static const cx_tp_number nums[] = {
      CX_TP_EXPECTATION, CX_TP_EXPERIENCE, CX_TP_ADEQUATE, CX_TP_DESIRED,
      CX_TP_IMPORTANCE,  CX_TP_DURATION,   CX_TP_REACH};
  for (size_t i = 0; i < d->n_tp; i++) {
    const tp_row *r = &d->tp[i];
    out_csv_text(f, r->stage);
    csv_sep(f);
    out_csv_text(f, r->id);
    csv_sep(f);
    out_csv_text(f, r->name);
    csv_sep(f);
    out_csv_number(f, r->num[CX_TP_SCORE]);
    csv_sep(f);
    out_csv_number(f, r->normalized);
    for (size_t k = 0; k < sizeof nums / sizeof nums[0]; k++) {
      csv_sep(f);
      out_csv_number(f, r->num[nums[k]]);
    }
    const double g[] = {r->gap.gap, r->gap.adequacy, r->gap.superiority};
    for (size_t k = 0; k < 3; k++) {
      csv_sep(f);
      out_csv_number(f, g[k]);
    }
    csv_sep(f);
    out_csv_text(f, r->gap.zone == CX_JOURNEY_ZONE_UNKNOWN
                        ? ""
                        : cx_journey_zone_name(r->gap.zone));
    csv_sep(f);
    out_csv_number(f, r->priority);
    if (r->rank)
      fprintf(f, ",%zu\n", r->rank);
    else
      fputs(",\n", f);
  }
}

/* -- json -- */

static json_t *jscores(const journey_args *a, const cx_journey_scores *s) {
  json_t *o = json_object();
  json_object_set_new(o, "n", json_integer((json_int_t)s->n));
  json_object_set_new(o, "n_weighted", json_integer((json_int_t)s->n_weighted));
  for (int g = 0; g < CX_JOURNEY_AGG_COUNT; g++)
    if (a->agg[g])
      json_object_set_new(
          o, cx_journey_aggregate_name((cx_journey_aggregate)g),
          out_json_number(cx_journey_scores_get(s, (cx_journey_aggregate)g)));
  return o;
}

static json_t *jjourney(const cx_journey *j) {
  const char *title = "";
  double mn, ne, mx;
  cx_journey_get_text(j, CX_JOURNEY_TITLE, &title);
  cx_journey_get_scale(j, &mn, &ne, &mx);
  json_t *o = json_object();
  json_object_set_new(o, "id", json_string(cx_journey_id(j)));
  json_object_set_new(o, "title", json_string(title));
  json_object_set_new(o, "scale",
                      json_pack("{s:o, s:o, s:o}", "min", out_json_number(mn),
                                "neutral", out_json_number(ne), "max",
                                out_json_number(mx)));
  json_object_set_new(o, "stages",
                      json_integer((json_int_t)cx_journey_n_stages(j)));
  json_object_set_new(o, "touchpoints",
                      json_integer((json_int_t)cx_journey_n_touchpoints(j)));
  json_object_set_new(o, "actors",
                      json_integer((json_int_t)cx_journey_n_actors(j)));
  return o;
}

static json_t *jaggregates(const journey_args *a) {
  json_t *arr = json_array();
  for (int g = 0; g < CX_JOURNEY_AGG_COUNT; g++)
    if (a->agg[g])
      json_array_append_new(
          arr, json_string(cx_journey_aggregate_name((cx_journey_aggregate)g)));
  return arr;
}

static json_t *jtouchpoint(const tp_row *r) {
  json_t *o = json_object();
  json_object_set_new(o, "id", json_string(r->id));
  json_object_set_new(o, "name", json_string(r->name));
  json_object_set_new(o, "stage", json_string(r->stage));
  for (int k = 0; k < CX_TP_NUMBER_COUNT; k++)
    json_object_set_new(o, cx_tp_number_name((cx_tp_number)k),
                        out_json_number(r->num[k]));
  json_object_set_new(o, "normalized", out_json_number(r->normalized));
  json_object_set_new(o, "gap", out_json_number(r->gap.gap));
  json_object_set_new(o, "adequacy", out_json_number(r->gap.adequacy));
  json_object_set_new(o, "superiority", out_json_number(r->gap.superiority));
  json_object_set_new(o, "zone", r->gap.zone == CX_JOURNEY_ZONE_UNKNOWN
                                     ? json_null()
                                     : json_string(cx_journey_zone_name(
                                           r->gap.zone)));
  json_object_set_new(o, "priority", out_json_number(r->priority));
  json_object_set_new(o, "rank", r->rank ? json_integer((json_int_t)r->rank)
                                         : json_null());
  return o;
}

bool journey_score_json(const journey_args *a, const score_data *d, FILE *f) {
  const cx_journey *j = d->j;
  json_t *root = json_object();
  json_object_set_new(root, "cx_version",
                      json_string(cx_version(NULL, NULL, NULL)));
  json_object_set_new(root, "input", json_string(a->files[0]));
  json_object_set_new(root, "journey", jjourney(j));
  json_object_set_new(
      root, "options",
      json_pack("{s:o, s:b, s:o}", "peak_end_weight",
                out_json_number(a->score.peak_end_weight),
                "unassigned_for_all", a->score.unassigned_for_all != 0,
                "aggregates", jaggregates(a)));
  json_object_set_new(root, "scores", jscores(a, &d->all));
  json_t *stages = json_array();
  for (size_t s = 0; s < d->n_stages; s++) {
    const char *id = cx_journey_stage_id(j, s);
    json_t *o = json_object();
    json_object_set_new(o, "id", json_string(id));
    json_object_set_new(o, "name", json_string(stage_name(j, id)));
    json_object_set_new(o, "touchpoints",
                        json_integer((json_int_t)cx_journey_stage_size(j, s)));
    if (a->by & BY_STAGE)
      json_object_set_new(o, "scores", jscores(a, &d->stage[s]));
    json_object_set_new(o, "reach", out_json_number(d->drop[s].reach));
    json_object_set_new(o, "previous_reach",
                        out_json_number(d->drop[s].previous));
    json_object_set_new(o, "drop", out_json_number(d->drop[s].drop));
    json_object_set_new(o, "drop_share",
                        out_json_number(d->drop[s].drop_share));
    json_array_append_new(stages, o);
  }
  json_object_set_new(root, "stages", stages);
  if (a->by & BY_ACTOR) {
    json_t *actors = json_array();
    for (size_t k = 0; k < d->n_actors; k++) {
      const char *id = cx_journey_actor_id(j, k);
      json_array_append_new(actors,
                            json_pack("{s:s, s:s, s:o}", "id", id, "name",
                                      actor_name(j, id), "scores",
                                      jscores(a, &d->actor[k])));
    }
    json_object_set_new(root, "actors", actors);
  }
  json_object_set_new(
      root, "ending",
      json_pack("{s:b, s:o, s:o, s:o, s:o}", "flagged", d->ending.flagged,
                "final_stage", out_json_text(final_stage_id(d)), "final_mean",
                out_json_number(d->ending.final_mean), "journey_mean",
                out_json_number(d->ending.journey_mean), "shortfall",
                out_json_number(d->ending.shortfall)));
  json_t *tps = json_array();
  for (size_t i = 0; i < d->n_tp; i++)
    json_array_append_new(tps, jtouchpoint(&d->tp[i]));
  json_object_set_new(root, "touchpoints", tps);
  json_t *pains = json_array();
  for (size_t k = 0; k < cx_journey_ranking_count(d->ranking); k++) {
    const tp_row *r = ranked_row(d, k + 1);
    json_array_append_new(
        pains,
        json_pack("{s:I, s:s, s:s, s:o, s:o, s:o, s:o}", "rank",
                  (json_int_t)(k + 1), "id",
                  cx_journey_ranking_id(d->ranking, k), "name",
                  r ? r->name : "", "gap",
                  out_json_number(cx_journey_ranking_gap(d->ranking, k)),
                  "importance",
                  out_json_number(r ? r->num[CX_TP_IMPORTANCE] : NAN),
                  "reach", out_json_number(r ? r->num[CX_TP_REACH] : NAN),
                  "priority",
                  out_json_number(cx_journey_ranking_priority(d->ranking, k))));
  }
  json_object_set_new(root, "pain_points", pains);
  bool ok = out_json_print(root, f);
  json_decref(root);
  return ok;
}

/* ---- diff --------------------------------------------------------------- */

/* A diff value for a text table: list items (joined by line breaks in the
 * diff) separated by " | ", cut to 48 characters with "...". */
static char *diff_cell(const char *v) {
  enum { MAX_CHARS = 48 };
  size_t n = strlen(v), chars = 0;
  char *buf = malloc(3 * n + 8), *w = buf;
  if (!buf)
    return NULL;
  for (const char *p = v; *p; p++) {
    bool lead = ((unsigned char)*p & 0xC0) != 0x80;
    if (lead && chars == MAX_CHARS) {
      memcpy(w, "...", 3);
      w += 3;
      break;
    }
    chars += lead;
    if (*p == '\n') {
      memcpy(w, " | ", 3);
      w += 3;
    } else {
      *w++ = *p;
    }
  }
  *w = '\0';
  char *cell = out_text_cell(buf);
  free(buf);
  return cell;
}

bool journey_diff_text(const journey_args *a, const cx_journey_diff *d,
                      FILE *f) {
  size_t n = cx_journey_diff_count(d);
  size_t kinds[5] = {0};
  for (size_t i = 0; i < n; i++)
    kinds[cx_journey_diff_kind(d, i) % 5]++;
  char *p0 = shown_path(a->files[0]), *p1 = shown_path(a->files[1]);
  fprintf(f, "Journey diff: %s -> %s\n", p0 ? p0 : "?", p1 ? p1 : "?");
  free(p0);
  free(p1);
  fprintf(f, "%zu added, %zu removed, %zu moved, %zu changed\n\n",
          kinds[CX_JOURNEY_CHANGE_ADDED], kinds[CX_JOURNEY_CHANGE_REMOVED],
          kinds[CX_JOURNEY_CHANGE_MOVED], kinds[CX_JOURNEY_CHANGE_CHANGED]);
  bool ok = true;
  if (n == 0) {
    fputs("No differences in the elements.\n", f);
  } else {
    static const char *const head[] = {"change", "element", "id", "field",
                                       "old",    "new"};
    out_table t;
    out_table_init(&t, 6);
    for (size_t c = 0; c < 6; c++)
      out_table_add(&t, head[c]);
    for (size_t i = 0; i < n; i++) {
      out_table_add(&t,
                    cx_journey_change_kind_name(cx_journey_diff_kind(d, i)));
      out_table_add(&t,
                    cx_journey_element_name(cx_journey_diff_element(d, i)));
      out_table_add_owned(&t, out_text_cell(cx_journey_diff_id(d, i)));
      out_table_add_owned(&t, out_text_cell(cx_journey_diff_field(d, i)));
      out_table_add_owned(&t, diff_cell(cx_journey_diff_old_value(d, i)));
      out_table_add_owned(&t, diff_cell(cx_journey_diff_new_value(d, i)));
    }
    ok &= out_table_print(&t, f);
    out_table_free(&t);
  }
  cx_journey_scores before, after;
  cx_journey_diff_scores(d, &before, &after);
  fputs("\nAggregate scores (normalised to [-1, 1])\n\n", f);
  out_table t;
  out_table_init(&t, 4);
  for (size_t c = 1; c < 4; c++)
    out_table_align_right(&t, c, true);
  static const char *const head[] = {"aggregate", "old", "new", "change"};
  for (size_t c = 0; c < 4; c++)
    out_table_add(&t, head[c]);
  out_table_add(&t, "n");
  add_count(&t, before.n);
  add_count(&t, after.n);
  {
    char buf[OUT_NUM_MAX];
    snprintf(buf, sizeof buf, "%+lld",
             (long long)after.n - (long long)before.n);
    out_table_add(&t, buf);
  }
  for (int g = 0; g < CX_JOURNEY_AGG_COUNT; g++) {
    if (!a->agg[g])
      continue;
    cx_journey_aggregate ag = (cx_journey_aggregate)g;
    out_table_add(&t, cx_journey_aggregate_name(ag));
    add_fixed(&t, cx_journey_scores_get(&before, ag));
    add_fixed(&t, cx_journey_scores_get(&after, ag));
    add_fixed(&t, cx_journey_diff_score_change(d, ag));
  }
  ok &= out_table_print(&t, f);
  out_table_free(&t);
  fputs("'-': undefined.\n", f);
  return ok;
}

/* One CSV table: the change records, then one "score" row per aggregate
 * with the old and new value and the change. */
void journey_diff_csv(const journey_args *a, const cx_journey_diff *d,
                     FILE *f) {
  fputs("change,element,id,field,old,new,difference\n", f);
  for (size_t i = 0; i < cx_journey_diff_count(d); i++) {
    out_csv_text(f, cx_journey_change_kind_name(cx_journey_diff_kind(d, i)));
    csv_sep(f);
    out_csv_text(f, cx_journey_element_name(cx_journey_diff_element(d, i)));
    csv_sep(f);
    out_csv_text(f, cx_journey_diff_id(d, i));
    csv_sep(f);
    out_csv_text(f, cx_journey_diff_field(d, i));
    csv_sep(f);
    out_csv_text(f, cx_journey_diff_old_value(d, i));
    csv_sep(f);
    out_csv_text(f, cx_journey_diff_new_value(d, i));
    fputs(",\n", f);
  }
  cx_journey_scores before, after;
  cx_journey_diff_scores(d, &before, &after);
  fprintf(f, "score,journey,,n,%llu,%llu,%lld\n",
          (unsigned long long)before.n, (unsigned long long)after.n,
          (long long)after.n - (long long)before.n);
  for (int g = 0; g < CX_JOURNEY_AGG_COUNT; g++) {
    if (!a->agg[g])
      continue;
    cx_journey_aggregate ag = (cx_journey_aggregate)g;
    fprintf(f, "score,journey,,%s,", cx_journey_aggregate_name(ag));
    out_csv_number(f, cx_journey_scores_get(&before, ag));
    csv_sep(f);
    out_csv_number(f, cx_journey_scores_get(&after, ag));
    csv_sep(f);
    out_csv_number(f, cx_journey_diff_score_change(d, ag));
    fputc('\n', f);
  }
}

bool journey_diff_json(const journey_args *a, const cx_journey_diff *d,
                      const cx_journey *old, const cx_journey *new_,
                      FILE *f) {
  json_t *root = json_object(), *changes = json_array(), *scores;
  json_object_set_new(root, "cx_version",
                      json_string(cx_version(NULL, NULL, NULL)));
  json_object_set_new(root, "old", json_string(a->files[0]));
  json_object_set_new(root, "new", json_string(a->files[1]));
  json_object_set_new(root, "old_journey", jjourney(old));
  json_object_set_new(root, "new_journey", jjourney(new_));
  json_object_set_new(
      root, "options",
      json_pack("{s:o, s:o}", "peak_end_weight",
                out_json_number(a->score.peak_end_weight), "aggregates",
                jaggregates(a)));
  size_t kinds[5] = {0};
  for (size_t i = 0; i < cx_journey_diff_count(d); i++) {
    kinds[cx_journey_diff_kind(d, i) % 5]++;
    json_array_append_new(
        changes,
        json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "change",
                  cx_journey_change_kind_name(cx_journey_diff_kind(d, i)),
                  "element",
                  cx_journey_element_name(cx_journey_diff_element(d, i)),
                  "id", cx_journey_diff_id(d, i), "field",
                  cx_journey_diff_field(d, i), "old",
                  cx_journey_diff_old_value(d, i), "new",
                  cx_journey_diff_new_value(d, i)));
  }
  json_object_set_new(
      root, "counts",
      json_pack("{s:I, s:I, s:I, s:I}", "added",
                (json_int_t)kinds[CX_JOURNEY_CHANGE_ADDED], "removed",
                (json_int_t)kinds[CX_JOURNEY_CHANGE_REMOVED], "moved",
                (json_int_t)kinds[CX_JOURNEY_CHANGE_MOVED], "changed",
                (json_int_t)kinds[CX_JOURNEY_CHANGE_CHANGED]));
  json_object_set_new(root, "changes", changes);
  cx_journey_scores before, after;
  cx_journey_diff_scores(d, &before, &after);
  scores = json_object();
  json_object_set_new(scores, "n",
                      json_pack("{s:I, s:I, s:I}", "old", (json_int_t)before.n,
                                "new", (json_int_t)after.n, "change",
                                (json_int_t)after.n - (json_int_t)before.n));
  for (int g = 0; g < CX_JOURNEY_AGG_COUNT; g++) {
    if (!a->agg[g])
      continue;
    cx_journey_aggregate ag = (cx_journey_aggregate)g;
    json_object_set_new(
        scores, cx_journey_aggregate_name(ag),
        json_pack("{s:o, s:o, s:o}", "old",
                  out_json_number(cx_journey_scores_get(&before, ag)), "new",
                  out_json_number(cx_journey_scores_get(&after, ag)), "change",
                  out_json_number(cx_journey_diff_score_change(d, ag))));
  }
  json_object_set_new(root, "scores", scores);
  bool ok = out_json_print(root, f);
  json_decref(root);
  return ok;
}
