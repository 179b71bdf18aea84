/*
 * cx paths: observed journeys from an event-log CSV.  One analysis per
 * run (the directly-follows graph, variants, a funnel, attribution or
 * conformance to a journey map), printed as a text table, CSV or JSON,
 * and optionally the graph as SVG or Graphviz DOT.
 *
 * Every analysis is flattened into rows of named fields once; the three
 * formats print those rows, so CSV and JSON carry the same fields under
 * the same names.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <jansson.h>

#include <cx/cx.h>
#include <cx/paths.h>

#include "cx_tool.h"
#include "output.h"
#include "progress.h"

typedef enum format { FORMAT_TEXT, FORMAT_CSV, FORMAT_JSON } format;
typedef enum analysis {
  A_SUMMARY, A_DFG, A_VARIANTS, A_FUNNEL, A_ATTRIBUTION, A_CONFORMANCE
} analysis;

typedef struct args {
  const char *file;
  analysis what;
  int n_analyses;
  format fmt;
  const char *funnel;
  const char *map;
  const char *journey_out;
  const char *svg, *dot;
  cx_paths_funnel_mode mode;
  int64_t window;
  size_t top;
  unsigned order;
  int by_channel;
  uint64_t min_count;
  int sorted;
  int graph_only;
  cx_paths_csv_options csv;
  progress_mode progress;
} args;

static void help(FILE *f) {
  fputs("Usage: cx paths FILE [ANALYSIS] [OPTIONS]\n"
        "\n"
        "Observed journeys from an event log (CSV, one row per event: case,\n"
        "touchpoint, timestamp; '-' reads standard input).  Without an\n"
        "analysis, prints the totals and the touchpoints.\n"
        "\nAnalysis (one of):\n"
        "  --dfg                 directly-follows graph: count, share and\n"
        "                        durations (mean, median, min, max) per pair\n"
        "  --variants            distinct paths, most frequent first\n"
        "  --funnel A,B,C        funnel over these touchpoints, pooled and per\n"
        "                        segment\n"
        "  --attribution         Markov removal effects (exact) and first-,\n"
        "                        last-touch and linear credit\n"
        "  --conformance MAP     compare with a journey map (JSON)\n"
        "\nOutput:\n"
        "  --format FORMAT       text (default), csv or json\n"
        "  --svg FILE            draw the graph (libcx layered layout)\n"
        "  --dot FILE            write the graph in Graphviz DOT\n"
        "  --min-count N         graph: leave out pairs seen fewer times\n"
        "  --top K               variants: only the K most frequent\n"
        "  --journey-out FILE    conformance: write the map with the observed\n"
        "                        reach and drop-off as JSON\n"
        "\nAnalysis options:\n"
        "  --mode MODE           funnel: ordered (default), strict, any-order\n"
        "  --window DURATION     funnel: conversion window from the first\n"
        "                        step, e.g. 30d, 12h, 90m, 45s (default none)\n"
        "  --order K             attribution: Markov order 1 (default) to 4\n"
        "  --by-channel          attribution: credit channels, not touchpoints\n"
        "  --conversion NAME     events at touchpoint NAME are conversions\n"
        "\nInput:\n"
        "  --case COLUMN         case column (default case)\n"
        "  --touchpoint COLUMN   touchpoint column (default touchpoint)\n"
        "  --timestamp COLUMN    timestamp column (default timestamp)\n"
        "  --channel COLUMN      channel column (default channel, optional)\n"
        "  --value COLUMN        value column (default value, optional)\n"
        "  --outcome COLUMN      outcome column (default outcome, optional)\n"
        "  --segment COLUMN      segment column (default segment, optional)\n"
        "  --time-format F       auto (default), iso, s, ms or us\n"
        "  --sorted              the file is grouped by case: stream it with\n"
        "                        one case in memory\n"
        "  --graph-only          keep only the graph (with --dfg or no\n"
        "                        analysis): memory grows with the cases, not\n"
        "                        the events; each case's rows must be in time\n"
        "                        order\n"
        "  --delimiter CHAR      field separator (default ',')\n"
        "  --progress WHEN       auto (default), always, never\n"
        "  -h, --help            show this help and exit\n"
        "\nExit status: 0 success, 1 bad input, 2 usage error.\n",
        f);
}

#if defined(__GNUC__)
__attribute__((format(printf, 1, 2)))
#endif
static int usage(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fputs("cx paths: ", stderr);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputs("\nTry 'cx paths --help'.\n", stderr);
  return EXIT_USAGE;
}

static int fail(void) {
  fprintf(stderr, "cx: %s\n", cx_error_last());
  return EXIT_BAD_INPUT;
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

/* "30d", "12h", "90m", "90min", "45s" or seconds. */
static bool parse_duration(const char *s, int64_t *out) {
  char *e;
  errno = 0;
  double v = strtod(s, &e);
  if (e == s || errno || !(v > 0) || !isfinite(v))
    return false;
  double unit = 1;
  if (strcmp(e, "d") == 0)
    unit = 86400;
  else if (strcmp(e, "h") == 0)
    unit = 3600;
  else if (strcmp(e, "m") == 0 || strcmp(e, "min") == 0)
    unit = 60;
  else if (*e && strcmp(e, "s") != 0)
    return false;
  double us = v * unit * 1e6;
  if (us >= 9e18)
    return false;
  *out = (int64_t)us;
  return true;
}

/* ---- rows of fields -------------------------------------------------------- */

typedef enum fkind { F_NUM, F_INT, F_TEXT } fkind;
typedef struct field {
  const char *name;
  fkind kind;
  union {
    double v;   /* F_NUM */
    uint64_t u; /* F_INT */
    char *text; /* F_TEXT, owned (NULL: none) */
  };
} field;
/* A row holds only the fields it has: a graph of many pairs makes many
 * rows, so their size is what the command's memory grows with. */
typedef struct row {
  field *f;
  size_t n, cap;
  bool failed; /* a field could not be added (out of memory) */
} row;
typedef struct sheet {
  row *rows;
  size_t n, cap;
  bool failed;
} sheet;

static row *new_row(sheet *s) {
  if (s->n == s->cap) {
    size_t cap = s->cap ? s->cap * 2 : 64;
    row *r = realloc(s->rows, cap * sizeof *r);
    if (!r) {
      s->failed = true;
      return NULL;
    }
    s->rows = r;
    s->cap = cap;
  }
  row *r = &s->rows[s->n++];
  *r = (row){NULL, 0, 0, false};
  return r;
}

static field *put(row *r, const char *name, fkind kind) {
  static field lost; /* where a field goes when there is no room */
  if (r->n == r->cap) {
    size_t cap = r->cap ? 2 * r->cap : 10;
    field *f = realloc(r->f, cap * sizeof *f);
    if (!f) {
      r->failed = true;
      lost = (field){name, F_NUM, {.v = NAN}};
      return &lost;
    }
    r->f = f;
    r->cap = cap;
  }
  field *f = &r->f[r->n++];
  *f = (field){name, kind, {.u = 0}};
  return f;
}

static void num(row *r, const char *name, double v) { put(r, name, F_NUM)->v = v; }
static void cnt(row *r, const char *name, uint64_t v) { put(r, name, F_INT)->u = v; }
static void txt(row *r, const char *name, const char *s) {
  put(r, name, F_TEXT)->text = s ? strdup(s) : NULL;
}

static void row_free(row *r) {
  for (size_t k = 0; k < r->n; k++)
    if (r->f[k].kind == F_TEXT)
      free(r->f[k].text);
  free(r->f);
}

static void sheet_free(sheet *s) {
  for (size_t i = 0; i < s->n; i++)
    row_free(&s->rows[i]);
  free(s->rows);
}

static void cell_text(const field *f, char *buf) {
  if (f->kind == F_INT)
    snprintf(buf, OUT_NUM_MAX, "%llu", (unsigned long long)f->u);
  else
    out_num_fixed(buf, f->v, fabs(f->v) >= 1000 ? 1 : 4, "-");
}

static void print_text(const sheet *s, FILE *out) {
  if (s->n == 0) {
    fputs("(nothing)\n", out);
    return;
  }
  size_t nc = s->rows[0].n;
  out_table t;
  out_table_init(&t, nc);
  for (size_t k = 0; k < nc; k++) {
    out_table_add(&t, s->rows[0].f[k].name);
    out_table_align_right(&t, k, s->rows[0].f[k].kind != F_TEXT);
  }
  for (size_t i = 0; i < s->n; i++)
    for (size_t k = 0; k < nc; k++) {
      if (k >= s->rows[i].n) { /* rows are alike; never read past one */
        out_table_add(&t, "");
        continue;
      }
      const field *f = &s->rows[i].f[k];
      if (f->kind == F_TEXT) {
        char *c = out_text_cell(f->text ? f->text : "");
        out_table_add_owned(&t, c);
      } else {
        char buf[OUT_NUM_MAX];
        cell_text(f, buf);
        out_table_add(&t, buf);
      }
    }
  out_table_print(&t, out);
  out_table_free(&t);
}

static void print_csv(const sheet *s, FILE *out) {
  if (s->n == 0)
    return;
  for (size_t k = 0; k < s->rows[0].n; k++) {
    if (k)
      fputc(',', out);
    out_csv_text(out, s->rows[0].f[k].name);
  }
  fputc('\n', out);
  for (size_t i = 0; i < s->n; i++) {
    for (size_t k = 0; k < s->rows[i].n; k++) {
      const field *f = &s->rows[i].f[k];
      if (k)
        fputc(',', out);
      if (f->kind == F_TEXT)
        out_csv_text(out, f->text ? f->text : "");
      else if (f->kind == F_INT)
        fprintf(out, "%llu", (unsigned long long)f->u);
      else
        out_csv_number(out, f->v);
    }
    fputc('\n', out);
  }
}

static json_t *row_json(const row *r) {
  json_t *o = json_object();
  for (size_t k = 0; k < r->n; k++) {
    const field *f = &r->f[k];
    json_t *v = f->kind == F_TEXT  ? (f->text ? json_string(f->text) : json_null())
                : f->kind == F_INT ? json_integer((json_int_t)f->u)
                : isfinite(f->v)   ? json_real(f->v)
                                   : json_null();
    json_object_set_new(o, f->name, v ? v : json_null());
  }
  return o;
}

static json_t *sheet_json(const sheet *s) {
  json_t *a = json_array();
  for (size_t i = 0; i < s->n; i++)
    json_array_append_new(a, row_json(&s->rows[i]));
  return a;
}

/* ---- analyses ---------------------------------------------------------------- */

static void summary_row(row *w, const cx_paths_result *r, bool paths) {
  cx_paths_summary s;
  cx_paths_result_summary(r, &s);
  cnt(w, "cases", s.n_cases);
  cnt(w, "events", s.n_events);
  cnt(w, "converted", s.n_converted);
  num(w, "conversion_rate",
      s.n_cases ? (double)s.n_converted / (double)s.n_cases : NAN);
  num(w, "value", s.value);
  cnt(w, "touchpoints", s.n_touchpoints);
  if (paths)
    cnt(w, "variants", s.n_variants);
  cnt(w, "edges", s.n_edges);
  num(w, "duration_mean_s", s.duration_mean);
  num(w, "duration_median_s", s.duration_median);
  double q;
  cx_paths_result_duration_quantile(r, 0.9, &q);
  num(w, "duration_p90_s", q);
  num(w, "duration_max_s", s.duration_max);
}

static void touchpoints(sheet *sh, const cx_paths_result *r) {
  cx_paths_summary s;
  cx_paths_result_summary(r, &s);
  for (size_t t = 0; t < s.n_touchpoints; t++) {
    cx_paths_touchpoint tp;
    cx_paths_result_touchpoint(r, t, &tp);
    row *w = new_row(sh);
    if (!w)
      return;
    txt(w, "touchpoint", tp.name);
    txt(w, "channel", tp.channel);
    cnt(w, "events", tp.events);
    cnt(w, "cases", tp.cases);
    cnt(w, "starts", tp.starts);
    cnt(w, "ends", tp.ends);
  }
}

static void dfg(sheet *sh, const cx_paths_result *r, const args *a) {
  cx_paths_summary s;
  cx_paths_result_summary(r, &s);
  for (size_t i = 0; i < cx_paths_result_n_edges(r); i++) {
    cx_paths_edge e;
    cx_paths_result_edge(r, i, &e);
    if (e.count < a->min_count)
      continue;
    row *w = new_row(sh);
    if (!w)
      return;
    txt(w, "from", e.from_name);
    txt(w, "to", e.to_name);
    cnt(w, "count", e.count);
    num(w, "share", e.share);
    num(w, "mean_s", e.mean);
    num(w, "median_s", e.median);
    num(w, "min_s", e.min);
    num(w, "max_s", e.max);
    cnt(w, "median_exact", (uint64_t)e.exact);
  }
  /* Start and end as edges from and to pseudo-touchpoints. */
  for (int end = 0; end < 2; end++)
    for (size_t t = 0; t < s.n_touchpoints; t++) {
      cx_paths_touchpoint tp;
      cx_paths_result_touchpoint(r, t, &tp);
      uint64_t n = end ? tp.ends : tp.starts;
      if (!n || n < a->min_count)
        continue;
      row *w = new_row(sh);
      if (!w)
        return;
      txt(w, "from", end ? tp.name : "(start)");
      txt(w, "to", end ? "(end)" : tp.name);
      cnt(w, "count", n);
      num(w, "share", (double)n / (double)s.n_cases);
      num(w, "mean_s", NAN);
      num(w, "median_s", NAN);
      num(w, "min_s", NAN);
      num(w, "max_s", NAN);
      cnt(w, "median_exact", 1);
    }
}

static void variants(sheet *sh, const cx_paths_result *r, const args *a) {
  size_t n = cx_paths_result_n_variants(r);
  if (a->top && a->top < n)
    n = a->top;
  for (size_t i = 0; i < n; i++) {
    cx_paths_variant v;
    cx_paths_result_variant(r, i, &v);
    size_t len = 1;
    for (size_t k = 0; k < v.length; k++)
      len += strlen(cx_paths_result_touchpoint_name(
                 r, cx_paths_result_variant_step(r, i, k))) + 3;
    char *path = malloc(len);
    if (!path) {
      sh->failed = true;
      return;
    }
    path[0] = '\0';
    for (size_t k = 0; k < v.length; k++) {
      if (k)
        strcat(path, " > ");
      strcat(path, cx_paths_result_touchpoint_name(
                       r, cx_paths_result_variant_step(r, i, k)));
    }
    row *w = new_row(sh);
    if (!w) {
      free(path);
      return;
    }
    cnt(w, "rank", i + 1);
    cnt(w, "cases", v.count);
    num(w, "share", v.share);
    cnt(w, "converted", v.converted);
    num(w, "value", v.value);
    num(w, "mean_duration_s", v.mean_duration);
    cnt(w, "length", v.length);
    put(w, "path", F_TEXT)->text = path;
  }
}

static int funnel(sheet *sh, const cx_paths_log *log, const args *a,
                  char **steps, size_t n) {
  cx_paths_funnel_options o = CX_PATHS_FUNNEL_OPTIONS_INIT;
  o.mode = a->mode;
  o.window = a->window;
  cx_paths_funnel *f;
  if (cx_paths_funnel_compute(&f, log, (const char *const *)steps, n, &o))
    return fail();
  size_t segs = cx_paths_funnel_n_segments(f);
  for (size_t g = 0; g <= segs; g++) {
    size_t seg = g == 0 ? CX_PATHS_ALL : g - 1;
    if (g == 1 && segs == 1)
      break;
    for (size_t j = 0; j < n; j++) {
      cx_paths_funnel_step s;
      cx_paths_funnel_step_get(f, seg, j, &s);
      row *w = new_row(sh);
      if (!w)
        break;
      txt(w, "segment", g == 0 ? "(all)" : cx_paths_funnel_segment_name(f, seg));
      cnt(w, "step", j + 1);
      txt(w, "touchpoint", s.name);
      cnt(w, "cases", s.cases);
      cnt(w, "reached", s.reached);
      num(w, "from_previous", s.from_previous);
      num(w, "from_first", s.from_first);
      cnt(w, "dropoff", s.dropoff);
      num(w, "dropoff_share", s.dropoff_share);
      num(w, "median_time_s", s.median_time);
      num(w, "mean_time_s", s.mean_time);
    }
  }
  cx_paths_funnel_free(f);
  return -1;
}

static int attribution(sheet *sh, const cx_paths_result *r, const args *a) {
  cx_paths_attribution_options o = CX_PATHS_ATTRIBUTION_OPTIONS_INIT;
  o.order = a->order;
  o.by_channel = a->by_channel;
  cx_paths_attribution *at;
  if (cx_paths_attribution_compute(&at, r, &o))
    return fail();
  for (size_t k = 0; k < cx_paths_attribution_n_channels(at); k++) {
    cx_paths_credit c;
    cx_paths_attribution_channel(at, k, &c);
    if (!c.paths)
      continue;
    row *w = new_row(sh);
    if (!w)
      break;
    txt(w, a->by_channel ? "channel" : "touchpoint", c.name);
    cnt(w, "paths", c.paths);
    num(w, "removal_effect", c.removal_effect);
    num(w, "markov", c.markov);
    num(w, "markov_value", c.markov_value);
    num(w, "first_touch", c.first_touch);
    num(w, "first_touch_value", c.first_touch_value);
    num(w, "last_touch", c.last_touch);
    num(w, "last_touch_value", c.last_touch_value);
    num(w, "linear", c.linear);
    num(w, "linear_value", c.linear_value);
  }
  cx_paths_attribution_free(at);
  return -1;
}

static int conformance(sheet *sh, row *extra, const cx_paths_result *r,
                       const args *a) {
  cx_journey *j;
  if (cx_journey_read_json(&j, a->map, NULL))
    return fail();
  cx_paths_conformance *c;
  if (cx_paths_conformance_compute(&c, r, j)) {
    cx_journey_free(j);
    return fail();
  }
  cx_paths_conformance_summary s;
  cx_paths_conformance_summary_get(c, &s);
  cnt(extra, "on_map", s.on_map);
  cnt(extra, "following", s.following);
  num(extra, "share_following", s.share_following);
  cnt(extra, "with_skips", s.with_skips);
  cnt(extra, "with_unexpected", s.with_unexpected);
  for (size_t i = 0; i < cx_paths_conformance_n_touchpoints(c); i++) {
    cx_paths_conformance_touchpoint t;
    cx_paths_conformance_touchpoint_get(c, i, &t);
    row *w = new_row(sh);
    if (!w)
      break;
    txt(w, "kind", "map");
    txt(w, "touchpoint", t.id);
    cnt(w, "cases", t.reach);
    num(w, "share", t.reach_share);
    cnt(w, "skipped", t.skipped);
    cnt(w, "dropoff", t.dropoff);
    num(w, "dropoff_share", t.dropoff_share);
    cnt(w, "events", 0);
  }
  for (size_t i = 0; i < cx_paths_conformance_n_unexpected(c); i++) {
    cx_paths_unexpected u;
    cx_paths_conformance_unexpected_get(c, i, &u);
    row *w = new_row(sh);
    if (!w)
      break;
    txt(w, "kind", "unexpected");
    txt(w, "touchpoint", u.name);
    cnt(w, "cases", u.cases);
    num(w, "share", s.cases ? (double)u.cases / (double)s.cases : NAN);
    cnt(w, "skipped", 0);
    cnt(w, "dropoff", 0);
    num(w, "dropoff_share", NAN);
    cnt(w, "events", u.events);
  }
  int rc = -1;
  if (a->journey_out) {
    char *json = NULL;
    FILE *f = NULL;
    if (cx_paths_conformance_apply(c, j) || cx_journey_to_json(j, 2, &json, NULL))
      rc = fail();
    else if (!(f = fopen(a->journey_out, "w")) || fputs(json, f) < 0) {
      fprintf(stderr, "cx: cannot write %s: %s\n", a->journey_out,
              strerror(errno));
      rc = EXIT_BAD_INPUT;
    }
    if (f && fclose(f) != 0 && rc < 0) {
      fprintf(stderr, "cx: cannot write %s\n", a->journey_out);
      rc = EXIT_BAD_INPUT;
    }
    cx_free(json);
  }
  cx_paths_conformance_free(c);
  cx_journey_free(j);
  return rc;
}

static int write_graph(const cx_paths_result *r, const args *a) {
  cx_paths_graph_options o = CX_PATHS_GRAPH_OPTIONS_INIT;
  o.min_count = a->min_count ? a->min_count : 1;
  for (int k = 0; k < 2; k++) {
    const char *path = k ? a->dot : a->svg;
    if (!path)
      continue;
    char *text;
    if ((k ? cx_paths_result_to_dot(r, &o, &text, NULL)
           : cx_paths_render_svg(r, &o, &text, NULL)))
      return fail();
    FILE *f = fopen(path, "w");
    bool ok = f && fputs(text, f) >= 0;
    if (f && fclose(f) != 0)
      ok = false;
    cx_free(text);
    if (!ok) {
      fprintf(stderr, "cx: cannot write %s: %s\n", path, strerror(errno));
      return EXIT_BAD_INPUT;
    }
  }
  return -1;
}

/* ---- command line ------------------------------------------------------------ */

static int set_analysis(args *a, analysis w) {
  a->what = w;
  a->n_analyses++;
  return -1;
}

static int apply(args *a, const char *name, const char *v) {
  uint64_t u;
  if (!strcmp(name, "dfg"))
    return set_analysis(a, A_DFG);
  if (!strcmp(name, "variants"))
    return set_analysis(a, A_VARIANTS);
  if (!strcmp(name, "attribution"))
    return set_analysis(a, A_ATTRIBUTION);
  if (!strcmp(name, "funnel")) {
    a->funnel = v;
    return set_analysis(a, A_FUNNEL);
  }
  if (!strcmp(name, "conformance")) {
    a->map = v;
    return set_analysis(a, A_CONFORMANCE);
  }
  if (!strcmp(name, "format")) {
    if (!strcmp(v, "text"))
      a->fmt = FORMAT_TEXT;
    else if (!strcmp(v, "csv"))
      a->fmt = FORMAT_CSV;
    else if (!strcmp(v, "json"))
      a->fmt = FORMAT_JSON;
    else
      return usage("unknown format '%s' (text, csv or json)", v);
  } else if (!strcmp(name, "svg")) {
    a->svg = v;
  } else if (!strcmp(name, "dot")) {
    a->dot = v;
  } else if (!strcmp(name, "journey-out")) {
    a->journey_out = v;
  } else if (!strcmp(name, "min-count")) {
    if (!parse_u64(v, &a->min_count))
      return usage("--min-count needs a whole number, not '%s'", v);
  } else if (!strcmp(name, "top")) {
    if (!parse_u64(v, &u) || u == 0)
      return usage("--top needs a whole number > 0, not '%s'", v);
    a->top = (size_t)u;
  } else if (!strcmp(name, "mode")) {
    if (!strcmp(v, "ordered"))
      a->mode = CX_PATHS_FUNNEL_ORDERED;
    else if (!strcmp(v, "strict"))
      a->mode = CX_PATHS_FUNNEL_STRICT;
    else if (!strcmp(v, "any-order"))
      a->mode = CX_PATHS_FUNNEL_ANY_ORDER;
    else
      return usage("unknown mode '%s' (ordered, strict or any-order)", v);
  } else if (!strcmp(name, "window")) {
    if (!parse_duration(v, &a->window))
      return usage("--window needs a duration such as 30d, 12h, 90m or 45s, "
                   "not '%s'", v);
  } else if (!strcmp(name, "order")) {
    if (!parse_u64(v, &u) || u < 1 || u > 4)
      return usage("--order takes 1 to 4, not '%s'", v);
    a->order = (unsigned)u;
  } else if (!strcmp(name, "by-channel")) {
    a->by_channel = 1;
  } else if (!strcmp(name, "conversion")) {
    a->csv.conversion_touchpoint = v;
  } else if (!strcmp(name, "case")) {
    a->csv.case_column = v;
  } else if (!strcmp(name, "touchpoint")) {
    a->csv.touchpoint_column = v;
  } else if (!strcmp(name, "timestamp")) {
    a->csv.timestamp_column = v;
  } else if (!strcmp(name, "channel")) {
    a->csv.channel_column = v;
  } else if (!strcmp(name, "value")) {
    a->csv.value_column = v;
  } else if (!strcmp(name, "outcome")) {
    a->csv.outcome_column = v;
  } else if (!strcmp(name, "segment")) {
    a->csv.segment_column = v;
  } else if (!strcmp(name, "time-format")) {
    static const char *const names[] = {"auto", "iso", "s", "ms", "us"};
    size_t k = 0;
    while (k < 5 && strcmp(v, names[k]))
      k++;
    if (k == 5)
      return usage("unknown time format '%s' (auto, iso, s, ms or us)", v);
    a->csv.time_format = (cx_paths_time_format)k;
  } else if (!strcmp(name, "sorted")) {
    a->sorted = 1;
  } else if (!strcmp(name, "graph-only")) {
    a->graph_only = 1;
  } else if (!strcmp(name, "delimiter")) {
    if (!strcmp(v, "\\t") || !strcmp(v, "tab"))
      v = "\t";
    if (strlen(v) != 1 || *v == '"' || *v == '\n' || *v == '\r')
      return usage("--delimiter needs one character, not '%s'", v);
    a->csv.delimiter = *v;
  } else if (!strcmp(name, "progress")) {
    if (!strcmp(v, "auto"))
      a->progress = PROGRESS_AUTO;
    else if (!strcmp(v, "always"))
      a->progress = PROGRESS_ALWAYS;
    else if (!strcmp(v, "never"))
      a->progress = PROGRESS_NEVER;
    else
      return usage("--progress takes auto, always or never, not '%s'", v);
  } else if (!strcmp(name, "help")) {
    help(stdout);
    return EXIT_DONE;
  } else {
    return usage("unknown option '--%s'", name);
  }
  return -1;
}

static bool takes_value(const char *name) {
  static const char *const flags[] = {"dfg", "variants", "attribution",
                                      "by-channel", "sorted", "graph-only",
                                      "help"};
  for (size_t i = 0; i < sizeof flags / sizeof *flags; i++)
    if (!strcmp(name, flags[i]))
      return false;
  return true;
}

static int parse_args(args *a, int argc, char **argv) {
  bool only_files = false;
  for (int i = 1; i < argc; i++) {
    const char *arg = argv[i];
    if (!only_files && !strcmp(arg, "--")) {
      only_files = true;
    } else if (!only_files && !strcmp(arg, "-h")) {
      help(stdout);
      return EXIT_DONE;
    } else if (!only_files && arg[0] == '-' && arg[1] == '-') {
      char name[32];
      const char *eq = strchr(arg + 2, '=');
      size_t len = eq ? (size_t)(eq - arg - 2) : strlen(arg + 2);
      if (len >= sizeof name)
        return usage("unknown option '%s'", arg);
      memcpy(name, arg + 2, len);
      name[len] = '\0';
      const char *value = eq ? eq + 1 : NULL;
      if (takes_value(name) && !value) {
        if (i + 1 >= argc)
          return usage("option '%s' needs a value", arg);
        value = argv[++i];
      } else if (!takes_value(name) && value) {
        return usage("option '%s' takes no value", arg);
      }
      int rc = apply(a, name, value);
      if (rc >= 0)
        return rc;
    } else if (!only_files && arg[0] == '-' && arg[1]) {
      return usage("unknown option '%s'", arg);
    } else if (a->file) {
      return usage("only one input file, got another: '%s'", arg);
    } else {
      a->file = arg;
    }
  }
  if (!a->file)
    return usage("no input file (use '-' for standard input)");
  if (a->n_analyses > 1)
    return usage("choose one analysis: --dfg, --variants, --funnel, "
                 "--attribution or --conformance");
  if (a->journey_out && a->what != A_CONFORMANCE)
    return usage("--journey-out goes with --conformance");
  if (a->graph_only && a->what != A_SUMMARY && a->what != A_DFG)
    return usage("--graph-only keeps no paths: it goes with --dfg or no "
                 "analysis");
  if (a->graph_only && a->sorted)
    return usage("--graph-only and --sorted exclude each other (a sorted "
                 "file is already read one case at a time)");
  return -1;
}

/* Split "a,b,c" into steps (pointers into @p buf). */
static size_t split_steps(char *buf, char **steps) {
  size_t n = 0;
  for (char *p = strtok(buf, ","); p && n < CX_PATHS_FUNNEL_MAX_STEPS + 1;
       p = strtok(NULL, ","))
    steps[n++] = p;
  return n;
}

static uint64_t input_size(const char *path) {
  struct stat st;
  int rc = strcmp(path, "-") == 0 ? fstat(0, &st) : stat(path, &st);
  return rc == 0 && S_ISREG(st.st_mode) ? (uint64_t)st.st_size : 0;
}

static int emit(const args *a, sheet *sh, row *head, const char *key) {
  bool failed = sh->failed || head->failed;
  for (size_t i = 0; i < sh->n; i++)
    failed |= sh->rows[i].failed;
  if (failed) {
    fputs("cx: out of memory\n", stderr);
    return EXIT_BAD_INPUT;
  }
  if (a->fmt == FORMAT_JSON) {
    json_t *root = json_object();
    json_object_set_new(root, "summary", row_json(head));
    json_object_set_new(root, key, sheet_json(sh));
    char *text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(root);
    if (!text) {
      fputs("cx: out of memory\n", stderr);
      return EXIT_BAD_INPUT;
    }
    puts(text);
    free(text);
  } else if (a->fmt == FORMAT_CSV) {
    print_csv(sh, stdout);
  } else {
    sheet top = {head, 1, 1, false};
    print_text(&top, stdout);
    fputc('\n', stdout);
    print_text(sh, stdout);
  }
  return EXIT_DONE;
}

static int run(args *a) {
  cx_paths_options lo = CX_PATHS_OPTIONS_INIT;
  lo.sorted_by_case = a->sorted;
  lo.graph_only = a->graph_only;
  cx_paths_log *log = NULL;
  cx_paths_result *r = NULL;
  char *buf = NULL, *steps[CX_PATHS_FUNNEL_MAX_STEPS + 1];
  size_t nsteps = 0;
  sheet sh = {0};
  row head = {.n = 0};
  int rc = -1;
  if (cx_paths_log_new(&log, &lo))
    return fail();
  if (a->what == A_FUNNEL) {
    buf = strdup(a->funnel);
    nsteps = buf ? split_steps(buf, steps) : 0;
    if (nsteps == 0 || nsteps > CX_PATHS_FUNNEL_MAX_STEPS) {
      rc = usage("--funnel needs 1 to %d touchpoints separated by commas",
                 CX_PATHS_FUNNEL_MAX_STEPS);
      goto done;
    }
    cx_paths_funnel_options fo = CX_PATHS_FUNNEL_OPTIONS_INIT;
    fo.mode = a->mode;
    fo.window = a->window;
    /* Declared first, so a streamed file is counted as it passes. */
    if (cx_paths_log_declare_funnel(log, (const char *const *)steps, nsteps,
                                    &fo)) {
      rc = usage("%s", cx_error_last());
      goto done;
    }
  }
  progress_bar bar;
  progress_init(&bar, a->progress, a->file, input_size(a->file));
  if (bar.enabled) {
    a->csv.progress = progress_update;
    a->csv.progress_ctx = &bar;
  }
  cx_status st = cx_paths_read_csv(log, a->file, &a->csv);
  progress_finish(&bar);
  if (st || cx_paths_result_compute(&r, log)) {
    rc = fail();
    goto done;
  }
  summary_row(&head, r, !a->graph_only);
  const char *key = "touchpoints";
  switch (a->what) {
  case A_SUMMARY: touchpoints(&sh, r); break;
  case A_DFG: dfg(&sh, r, a); key = "edges"; break;
  case A_VARIANTS: variants(&sh, r, a); key = "variants"; break;
  case A_FUNNEL: rc = funnel(&sh, log, a, steps, nsteps); key = "funnel"; break;
  case A_ATTRIBUTION: rc = attribution(&sh, r, a); key = "attribution"; break;
  case A_CONFORMANCE:
    rc = conformance(&sh, &head, r, a);
    key = "conformance";
    break;
  }
  if (rc >= 0 || (rc = write_graph(r, a)) >= 0)
    goto done;
  rc = emit(a, &sh, &head, key);
done:
  row_free(&head);
  sheet_free(&sh);
  free(buf);
  cx_paths_result_free(r);
  cx_paths_log_free(log);
  return rc;
}

int cmd_paths(int argc, char **argv) {
  args a = {0};
  a.order = 1;
  a.csv = (cx_paths_csv_options)CX_PATHS_CSV_OPTIONS_INIT;
  a.progress = PROGRESS_AUTO;
  int rc = parse_args(&a, argc, argv);
  if (rc >= 0)
    return rc;
  return run(&a);
}
