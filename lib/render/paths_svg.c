/*
 * The directly-follows graph of a result, as Graphviz DOT
 * (cx_paths_result_to_dot) and as an SVG picture with a layered layout of
 * our own (cx_paths_render_svg), so a picture needs no Graphviz.
 *
 * Layout (after Sugiyama, Tagawa & Toda 1981, simplified): a depth-first
 * search from the start node, heaviest edges first, marks the edges that
 * close a cycle; the others form a DAG whose longest-path layering puts
 * each touchpoint one row below its furthest predecessor; the end node
 * gets the last row.  Nodes in a row are ordered by the barycentre of
 * their neighbours in the rows above and below, four sweeps each way.
 * Cycle-closing edges are drawn as arcs on the right.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../paths_internal.h"
#include "svg_util.h"

typedef struct gedge {
  uint32_t from, to; /* graph nodes: 0 start, 1 end, 2 + touchpoint */
  uint64_t count;
  double median;     /* seconds, NaN for start/end edges */
  bool back;
} gedge;

typedef struct graph {
  size_t nn;         /* nodes */
  uint64_t *weight;  /* node: events (start/end: cases) */
  const char **label;
  gedge *e;
  size_t ne;
  int *layer;
  double *pos;       /* order within the layer */
  double *x, *y;
  int nlayers;
} graph;

static void graph_free(graph *g) {
  cx__free(g->weight);
  cx__free(g->label);
  cx__free(g->e);
  cx__free(g->layer);
  cx__free(g->pos);
  cx__free(g->x);
  cx__free(g->y);
}

static cx_status check(const cx_paths_result *r,
                       const cx_paths_graph_options *o, char **out) {
  if (!r || !out)
    return cx__error(CX_EINVAL, "paths graph: NULL argument");
  if (o->version != CX_PATHS_GRAPH_OPTIONS_VERSION)
    return cx__error(CX_EINVAL, "paths graph: options version %u, expected %u",
                     o->version, CX_PATHS_GRAPH_OPTIONS_VERSION);
  if (o->title && !cx__utf8_valid(o->title, strlen(o->title)))
    return cx__error(CX_EINVAL, "paths graph: the title is not valid UTF-8");
  return CX_OK;
}

/* Nodes and the edges kept by the options. */
static bool build(graph *g, const cx_paths_result *r,
                  const cx_paths_graph_options *o) {
  size_t ntp = r->tps.count;
  g->nn = ntp + 2;
  size_t cap = r->st.n_edges + 2 * ntp + 1;
  g->weight = cx__calloc(g->nn, sizeof *g->weight);
  g->label = cx__calloc(g->nn, sizeof *g->label);
  g->e = cx__calloc(cap, sizeof *g->e);
  if (!g->weight || !g->label || !g->e)
    return false;
  g->label[0] = "start";
  g->label[1] = "end";
  g->weight[0] = g->weight[1] = r->st.n_cases;
  for (size_t t = 0; t < ntp; t++) {
    g->label[t + 2] = r->tps.name[t];
    g->weight[t + 2] = t < r->st.tp_cap ? r->st.tp_events[t] : 0;
  }
  size_t kept = 0;
  for (size_t i = 0; i < r->st.n_edges; i++) {
    const p_edge *e = &r->st.edge[r->edge_order[i]];
    if (e->count < o->min_count || (o->max_edges && kept >= o->max_edges))
      continue;
    g->e[g->ne++] = (gedge){e->from + 2, e->to + 2, e->count,
                            r->edge_median[r->edge_order[i]], false};
    kept++;
  }
  for (size_t t = 0; t < ntp && t < r->st.tp_cap; t++) {
    if (r->st.tp_starts[t])
      g->e[g->ne++] = (gedge){0, (uint32_t)t + 2, r->st.tp_starts[t], NAN,
                              false};
    if (r->st.tp_ends[t])
      g->e[g->ne++] = (gedge){(uint32_t)t + 2, 1, r->st.tp_ends[t], NAN,
                              false};
  }
  return true;
}

/* ---- DOT ----------------------------------------------------------------- */

static void dot_text(cx_buf *b, const char *s) {
  cx__buf_puts(b, "\"");
  for (; *s; s++) {
    if (*s == '"' || *s == '\\')
      cx__buf_put(b, "\\", 1);
    if (*s == '\n' || *s == '\r')
      cx__buf_puts(b, "\\n");
    else
      cx__buf_put(b, s, 1);
  }
  cx__buf_puts(b, "\"");
}

/* A duration for people: "45 s", "12 min", "3.5 h", "2.1 d". */
static void duration_text(char *buf, size_t size, double s) {
  if (isnan(s))
    snprintf(buf, size, "-");
  else if (s < 60)
    snprintf(buf, size, "%.0f s", s);
  else if (s < 3600)
    snprintf(buf, size, "%.1f min", s / 60);
  else if (s < 86400)
    snprintf(buf, size, "%.1f h", s / 3600);
  else
    snprintf(buf, size, "%.1f d", s / 86400);
}

static const char *node_id(uint32_t v, char *buf) {
  if (v == 0)
    return "start";
  if (v == 1)
    return "end";
  snprintf(buf, 24, "t%u", v - 2);
  return buf;
}

CX_API cx_status cx_paths_result_to_dot(const cx_paths_result *r,
                                        const cx_paths_graph_options *options,
                                        char **out, size_t *len) {
  static const cx_paths_graph_options defaults = CX_PATHS_GRAPH_OPTIONS_INIT;
  const cx_paths_graph_options *o = options ? options : &defaults;
  cx_status st = check(r, o, out);
  if (st)
    return st;
  graph g = {0};
  if (!build(&g, r, o)) {
    graph_free(&g);
    return cx__enomem();
  }
  cx_buf b;
  cx__buf_init(&b);
  cx__buf_puts(&b, "digraph paths {\n");
  if (o->title) {
    cx__buf_puts(&b, "  label=");
    dot_text(&b, o->title);
    cx__buf_puts(&b, ";\n  labelloc=t;\n");
  }
  cx__buf_puts(&b, "  node [shape=box, style=rounded, fontname=\"Helvetica\"];\n"
                   "  edge [fontname=\"Helvetica\", fontsize=10];\n"
                   "  start [shape=circle, label=\"start\"];\n"
                   "  end [shape=doublecircle, label=\"end\"];\n");
  char id[24], id2[24], label[P_NAME_MAX + 64], dur[32];
  for (uint32_t v = 2; v < g.nn; v++) {
    if (!g.weight[v])
      continue;
    snprintf(label, sizeof label, "%s\n%llu events", g.label[v],
             (unsigned long long)g.weight[v]);
    cx__buf_printf(&b, "  %s [label=", node_id(v, id));
    dot_text(&b, label);
    cx__buf_puts(&b, "];\n");
  }
  uint64_t top = 1;
  for (size_t i = 0; i < g.ne; i++)
    if (g.e[i].count > top)
      top = g.e[i].count;
  for (size_t i = 0; i < g.ne; i++) {
    const gedge *e = &g.e[i];
    if (isnan(e->median)) {
      snprintf(label, sizeof label, "%llu", (unsigned long long)e->count);
    } else {
      duration_text(dur, sizeof dur, e->median);
      snprintf(label, sizeof label, "%llu\nmedian %s",
               (unsigned long long)e->count, dur);
    }
    cx__buf_printf(&b, "  %s -> %s [label=", node_id(e->from, id),
                   node_id(e->to, id2));
    dot_text(&b, label);
    double w = 1.0 + 4.0 * (double)e->count / (double)top;
    cx__buf_printf(&b, ", penwidth=%d.%d%s];\n", (int)w,
                   (int)((w - floor(w)) * 10),
                   e->from == 0 || e->to == 1 ? ", style=dashed" : "");
  }
  cx__buf_puts(&b, "}\n");
  graph_free(&g);
  return cx__svg_finish(&b, out, len);
}

/* ---- layout -------------------------------------------------------------- */

static _Thread_local const graph *sort_graph;

static int cmp_heavier(const void *x, const void *y) {
  const gedge *a = &sort_graph->e[*(const size_t *)x];
  const gedge *b = &sort_graph->e[*(const size_t *)y];
  if (a->count != b->count)
    return a->count > b->count ? -1 : 1;
  return *(const size_t *)x < *(const size_t *)y ? -1 : 1;
}

/* Mark back edges with an iterative DFS (heaviest edges first) and give
 * the nodes a topological order of the rest. */
static bool mark_back_edges(graph *g, size_t *topo) {
  size_t nn = g->nn, ne = g->ne;
  size_t *order = cx__malloc((ne ? ne : 1) * sizeof *order);
  size_t *first = cx__calloc(nn + 1, sizeof *first);
  size_t *adj = cx__malloc((ne ? ne : 1) * sizeof *adj);
  uint8_t *state = cx__calloc(nn, 1);
  size_t *stack = cx__malloc(nn * sizeof *stack);
  size_t *next = cx__calloc(nn, sizeof *next);
  bool ok = order && first && adj && state && stack && next;
  if (ok) {
    for (size_t i = 0; i < ne; i++)
      order[i] = i;
    sort_graph = g;
    qsort(order, ne, sizeof *order, cmp_heavier);
    sort_graph = NULL;
    for (size_t i = 0; i < ne; i++)
      first[g->e[i].from + 1]++;
    for (size_t v = 0; v < nn; v++)
      first[v + 1] += first[v];
    memcpy(next, first, nn * sizeof *next);
    for (size_t i = 0; i < ne; i++)
      adj[next[g->e[order[i]].from]++] = order[i];
    memcpy(next, first, nn * sizeof *next);
    size_t nt = nn;
    /* The start first, so that its edges define the forward direction. */
    for (size_t r = 0; r < nn; r++) {
      if (state[r])
        continue;
      size_t sp = 0;
      stack[sp++] = r;
      state[r] = 1;
      while (sp) {
        size_t v = stack[sp - 1];
        if (next[v] < first[v + 1]) {
          gedge *e = &g->e[adj[next[v]++]];
          if (state[e->to] == 1)
            e->back = true;
          else if (state[e->to] == 0) {
            state[e->to] = 1;
            stack[sp++] = e->to;
          }
        } else {
          state[v] = 2;
          topo[--nt] = v;
          sp--;
        }
      }
    }
  }
  cx__free(order);
  cx__free(first);
  cx__free(adj);
  cx__free(state);
  cx__free(stack);
  cx__free(next);
  return ok;
}

static _Thread_local const double *sort_key;

static int cmp_key(const void *x, const void *y) {
  double a = sort_key[*(const size_t *)x], b = sort_key[*(const size_t *)y];
  if (a != b)
    return a < b ? -1 : 1;
  return *(const size_t *)x < *(const size_t *)y ? -1 : 1;
}

static bool layout(graph *g) {
  size_t nn = g->nn;
  size_t *topo = cx__malloc(nn * sizeof *topo);
  size_t *members = cx__malloc(nn * sizeof *members);
  double *sum = cx__calloc(nn, sizeof *sum), *cnt = cx__calloc(nn, sizeof *cnt);
  g->layer = cx__calloc(nn, sizeof *g->layer);
  g->pos = cx__calloc(nn, sizeof *g->pos);
  g->x = cx__calloc(nn, sizeof *g->x);
  g->y = cx__calloc(nn, sizeof *g->y);
  bool ok = topo && members && sum && cnt && g->layer && g->pos && g->x &&
            g->y && mark_back_edges(g, topo);
  if (ok) {
    /* Longest path over forward edges, in topological order, through the
     * edges grouped by their source: one pass over the edges, not one per
     * node (members is the fill cursor of each group). */
    size_t *out = cx__malloc((g->ne ? g->ne : 1) * sizeof *out);
    size_t *start = cx__calloc(nn + 1, sizeof *start);
    ok = out && start;
    for (size_t i = 0; ok && i < g->ne; i++)
      start[g->e[i].from + 1]++;
    for (size_t v = 0; ok && v < nn; v++)
      start[v + 1] += start[v];
    for (size_t v = 0; ok && v < nn; v++)
      members[v] = start[v];
    for (size_t i = 0; ok && i < g->ne; i++)
      out[members[g->e[i].from]++] = i;
    for (size_t k = 0; ok && k < nn; k++) {
      size_t v = topo[k];
      for (size_t q = start[v]; q < start[v + 1]; q++) {
        const gedge *e = &g->e[out[q]];
        if (!e->back && e->to != 1 && g->layer[e->to] < g->layer[v] + 1)
          g->layer[e->to] = g->layer[v] + 1;
      }
    }
    cx__free(out);
    cx__free(start);
  }
  size_t *lstart = NULL;
  if (ok) {
    int top = 0;
    for (size_t v = 2; v < nn; v++)
      if (g->weight[v] && g->layer[v] > top)
        top = g->layer[v];
    g->layer[1] = top + 1;
    g->nlayers = top + 2;
    for (size_t v = 0; v < nn; v++)
      g->pos[v] = (double)v;
    /* The drawn nodes grouped by layer, once: layer l is
     * members[lstart[l] .. lstart[l + 1]). */
    lstart = cx__calloc((size_t)g->nlayers + 1, sizeof *lstart);
    ok = lstart != NULL;
    for (size_t v = 0; ok && v < nn; v++)
      if (v < 2 || g->weight[v])
        lstart[g->layer[v] + 1]++;
    for (int l = 0; ok && l < g->nlayers; l++)
      lstart[l + 1] += lstart[l];
    for (size_t v = 0, *fill = lstart; ok && v < nn; v++)
      if (v < 2 || g->weight[v])
        members[fill[g->layer[v]]++] = v;
    for (int l = g->nlayers; ok && l > 0; l--)
      lstart[l] = lstart[l - 1];
    if (ok)
      lstart[0] = 0;
  }
  if (ok) {
    for (int sweep = 0; sweep < 8; sweep++) {
      memset(sum, 0, nn * sizeof *sum);
      memset(cnt, 0, nn * sizeof *cnt);
      bool down = sweep % 2 == 0;
      for (size_t i = 0; i < g->ne; i++) {
        const gedge *e = &g->e[i];
        size_t a = down ? e->to : e->from, b = down ? e->from : e->to;
        if (e->back || g->layer[b] == g->layer[a])
          continue;
        sum[a] += g->pos[b] * (double)e->count;
        cnt[a] += (double)e->count;
      }
      double *key = sum;
      for (size_t v = 0; v < nn; v++)
        key[v] = cnt[v] > 0 ? sum[v] / cnt[v] : g->pos[v];
      for (int l = 0; l < g->nlayers; l++) {
        size_t *m = members + lstart[l], n = lstart[l + 1] - lstart[l];
        sort_key = key;
        qsort(m, n, sizeof *m, cmp_key);
        sort_key = NULL;
        for (size_t k = 0; k < n; k++)
          g->pos[m[k]] = (double)k;
      }
    }
  }
  cx__free(lstart);
  cx__free(topo);
  cx__free(members);
  cx__free(sum);
  cx__free(cnt);
  return ok;
}

/* ---- SVG ----------------------------------------------------------------- */

enum { NODE_W = 170, NODE_H = 44, GAP_X = 50, ROW_H = 110, MARGIN = 40,
       TOP = 70 };

static void node_svg(cx_buf *b, const graph *g, uint32_t v) {
  double x = g->x[v], y = g->y[v];
  if (v < 2) {
    cx__buf_puts(b, "<circle");
    cx__svg_attr(b, "cx", x);
    cx__svg_attr(b, "cy", y);
    cx__buf_puts(b, " r=\"16\" fill=\"#374151\"/>\n");
    cx__svg_text_open(b, x + 22, y + 4, 12, "#374151", NULL, true);
    cx__buf_printf(b, "%s (%llu cases)</text>\n", g->label[v],
                   (unsigned long long)g->weight[v]);
    return;
  }
  cx__svg_rect(b, x - NODE_W / 2.0, y - NODE_H / 2.0, NODE_W, NODE_H, 8,
               "#eef2ff", "#4f46e5");
  cx__svg_text_open(b, x, y - 3, 12, "#111827", "middle", true);
  cx__svg_clipped(b, g->label[v], 24);
  cx__buf_puts(b, "</text>\n");
  cx__svg_text_open(b, x, y + 13, 10, "#4b5563", "middle", false);
  cx__buf_printf(b, "%llu events</text>\n", (unsigned long long)g->weight[v]);
}

/* An edge's label and the places it may go, best first: along its curve
 * (or beside its loop), so that labels of edges sharing a row gap can move
 * apart instead of printing over each other. */
enum { LABEL_SPOTS = 9, LABEL_FS = 9, LABEL_H = 11 };
typedef struct glabel {
  char text[64];
  double w;
  double x[LABEL_SPOTS], y[LABEL_SPOTS];
} glabel;

static void bezier(const double p[4][2], double t, double *x, double *y) {
  double u = 1 - t;
  double a = u * u * u, bb = 3 * u * u * t, c = 3 * u * t * t, d = t * t * t;
  *x = a * p[0][0] + bb * p[1][0] + c * p[2][0] + d * p[3][0];
  *y = a * p[0][1] + bb * p[1][1] + c * p[2][1] + d * p[3][1];
}

/* Spots at these fractions of a curve, from its middle outwards. */
static const double SPOT_T[LABEL_SPOTS] = {0.5,  0.38, 0.62, 0.27, 0.73,
                                           0.17, 0.83, 0.08, 0.92};

static void edge_svg(cx_buf *b, const graph *g, const gedge *e, uint64_t top,
                     double right, glabel *lab) {
  double w = 1.0 + 5.0 * (double)e->count / (double)top;
  double xa = g->x[e->from], ya = g->y[e->from];
  double xb = g->x[e->to], yb = g->y[e->to];
  double ha = e->from < 2 ? 16 : NODE_H / 2.0, hb = e->to < 2 ? 16 : NODE_H / 2.0;
  cx__buf_puts(b, "<path d=\"M");
  if (e->from == e->to) {
    /* A repeat: a small loop on the node's right side. */
    double x0 = xa + NODE_W / 2.0, y0 = ya - 8;
    cx__svg_num(b, x0);
    cx__buf_puts(b, " ");
    cx__svg_num(b, y0);
    cx__buf_puts(b, " C");
    cx__svg_num(b, x0 + 40);
    cx__buf_puts(b, " ");
    cx__svg_num(b, y0 - 20);
    cx__buf_puts(b, " ");
    cx__svg_num(b, x0 + 40);
    cx__buf_puts(b, " ");
    cx__svg_num(b, y0 + 36);
    cx__buf_puts(b, " ");
    cx__svg_num(b, x0);
    cx__buf_puts(b, " ");
    cx__svg_num(b, y0 + 16);
    for (int k = 0; k < LABEL_SPOTS; k++) { /* beside the loop, then above
                                               and below it */
      lab->x[k] = x0 + 34;
      lab->y[k] = y0 + 8 + LABEL_H * ((k + 1) / 2) * (k % 2 ? 1 : -1);
    }
  } else if (e->back || g->layer[e->to] <= g->layer[e->from]) {
    double x0 = xa + (e->from < 2 ? 16 : NODE_W / 2.0);
    double x1 = xb + (e->to < 2 ? 16 : NODE_W / 2.0);
    double bulge = right + 20 + 10 * fabs(ya - yb) / ROW_H;
    cx__svg_num(b, x0);
    cx__buf_puts(b, " ");
    cx__svg_num(b, ya);
    cx__buf_puts(b, " C");
    cx__svg_num(b, bulge);
    cx__buf_puts(b, " ");
    cx__svg_num(b, ya);
    cx__buf_puts(b, " ");
    cx__svg_num(b, bulge);
    cx__buf_puts(b, " ");
    cx__svg_num(b, yb);
    cx__buf_puts(b, " ");
    cx__svg_num(b, x1 + 6);
    cx__buf_puts(b, " ");
    cx__svg_num(b, yb);
    const double pt[4][2] = {{x0, ya}, {bulge, ya}, {bulge, yb}, {x1 + 6, yb}};
    for (int k = 0; k < LABEL_SPOTS; k++) {
      bezier(pt, SPOT_T[k], &lab->x[k], &lab->y[k]);
      lab->x[k] += 4;
    }
  } else {
    double y0 = ya + ha, y1 = yb - hb - 4;
    cx__svg_num(b, xa);
    cx__buf_puts(b, " ");
    cx__svg_num(b, y0);
    cx__buf_puts(b, " C");
    cx__svg_num(b, xa);
    cx__buf_puts(b, " ");
    cx__svg_num(b, (y0 + y1) / 2);
    cx__buf_puts(b, " ");
    cx__svg_num(b, xb);
    cx__buf_puts(b, " ");
    cx__svg_num(b, (y0 + y1) / 2);
    cx__buf_puts(b, " ");
    cx__svg_num(b, xb);
    cx__buf_puts(b, " ");
    cx__svg_num(b, y1);
    double ym = (y0 + y1) / 2;
    const double pt[4][2] = {{xa, y0}, {xa, ym}, {xb, ym}, {xb, y1}};
    for (int k = 0; k < LABEL_SPOTS; k++) {
      bezier(pt, SPOT_T[k], &lab->x[k], &lab->y[k]);
      lab->x[k] += 4;
      lab->y[k] -= 2;
    }
  }
  bool dashed = e->from == 0 || e->to == 1;
  cx__buf_puts(b, "\" fill=\"none\" stroke=\"");
  cx__buf_puts(b, dashed ? "#9ca3af" : "#6366f1");
  cx__buf_puts(b, "\" stroke-opacity=\"0.75\" stroke-width=\"");
  cx__svg_num(b, w);
  cx__buf_printf(b, "\"%s marker-end=\"url(#arrow)\"/>\n",
                 dashed ? " stroke-dasharray=\"4 3\"" : "");
  int n = snprintf(lab->text, sizeof lab->text, "%llu",
                   (unsigned long long)e->count);
  if (!isnan(e->median)) {
    char dur[32];
    duration_text(dur, sizeof dur, e->median);
    snprintf(lab->text + n, sizeof lab->text - (size_t)n, " \xC2\xB7 %s", dur);
  }
  lab->w = cx__svg_text_width(lab->text, strlen(lab->text), LABEL_FS);
}

/* Overlap area of two boxes given as left, top, right, bottom. */
static double overlap(const double a[4], const double c[4]) {
  double w = fmin(a[2], c[2]) - fmax(a[0], c[0]);
  double h = fmin(a[3], c[3]) - fmax(a[1], c[1]);
  return w > 0 && h > 0 ? w * h : 0;
}

/* Graphs up to this many edges and nodes together get their labels moved
 * apart (the search compares every pair); larger ones, unreadable as a
 * picture anyway, keep each label at the middle of its edge. */
enum { LABEL_APART_MAX = 3000 };

/* The box (left, top, right, bottom) of label @p l at spot @p k. */
static void label_box(const glabel *l, int k, double c[4]) {
  c[0] = l->x[k];
  c[1] = l->y[k] - LABEL_FS;
  c[2] = l->x[k] + l->w;
  c[3] = l->y[k] + LABEL_H - LABEL_FS;
}

/* Place the labels, heaviest edges first, each at its first spot that
 * covers no node and no label placed before it, or else at the spot that
 * covers least; then draw them (on a white halo, over the lines).  False
 * when out of memory. */
static bool labels_svg(cx_buf *b, const graph *g, const glabel *lab) {
  size_t ne = g->ne, placed = 0;
  int spots = ne + g->nn <= LABEL_APART_MAX ? LABEL_SPOTS : 0;
  size_t *order = cx__malloc((ne ? ne : 1) * sizeof *order);
  /* The drawn nodes first, then each label as it is placed. */
  double(*box)[4] = cx__malloc((g->nn + ne) * sizeof *box);
  if (!order || !box) {
    cx__free(order);
    cx__free(box);
    return false;
  }
  for (size_t v = 0; spots && v < g->nn; v++)
    if (v < 2 || g->weight[v]) {
      double hw = v < 2 ? 16 : NODE_W / 2.0, hh = v < 2 ? 16 : NODE_H / 2.0;
      double *c = box[placed++];
      c[0] = g->x[v] - hw, c[1] = g->y[v] - hh;
      c[2] = g->x[v] + hw, c[3] = g->y[v] + hh;
    }
  for (size_t i = 0; i < ne; i++)
    order[i] = i;
  sort_graph = g;
  qsort(order, ne, sizeof *order, cmp_heavier);
  sort_graph = NULL;
  for (size_t q = 0; q < ne; q++) {
    const glabel *l = &lab[order[q]];
    double best = INFINITY;
    int spot = 0; /* also where a label goes when none are moved */
    for (int k = 0; k < spots && best > 0; k++) {
      double c[4], cover = 0;
      label_box(l, k, c);
      for (size_t p = 0; p < placed; p++)
        cover += overlap(c, box[p]);
      if (cover < best) {
        best = cover;
        spot = k;
      }
    }
    label_box(l, spot, box[placed++]);
    cx__buf_puts(b, "<text class=\"edge-label\" x=\"");
    cx__svg_num(b, l->x[spot]);
    cx__buf_puts(b, "\" y=\"");
    cx__svg_num(b, l->y[spot]);
    cx__buf_printf(b, "\" font-size=\"%d\" fill=\"#374151\" stroke=\"#ffffff\" "
                      "stroke-width=\"3\" paint-order=\"stroke\">",
                   (int)LABEL_FS);
    cx__buf_put_xml(b, l->text, strlen(l->text));
    cx__buf_puts(b, "</text>\n");
  }
  cx__free(order);
  cx__free(box);
  return true;
}

CX_API cx_status cx_paths_render_svg(const cx_paths_result *r,
                                     const cx_paths_graph_options *options,
                                     char **out, size_t *len) {
  static const cx_paths_graph_options defaults = CX_PATHS_GRAPH_OPTIONS_INIT;
  const cx_paths_graph_options *o = options ? options : &defaults;
  cx_status st = check(r, o, out);
  if (st)
    return st;
  graph g = {0};
  if (!build(&g, r, o) || !layout(&g)) {
    graph_free(&g);
    return cx__enomem();
  }
  /* Widest row decides the width. */
  size_t widest = 1;
  for (int l = 0; l < g.nlayers; l++) {
    size_t m = 0;
    for (size_t v = 0; v < g.nn; v++)
      if (g.layer[v] == l && (v < 2 || g.weight[v]))
        m++;
    if (m > widest)
      widest = m;
  }
  double inner = (double)widest * (NODE_W + GAP_X);
  double right = MARGIN + inner;
  double width = right + 140, height = TOP + g.nlayers * ROW_H + 30;
  for (int l = 0; l < g.nlayers; l++) {
    size_t m = 0;
    for (size_t v = 0; v < g.nn; v++)
      if (g.layer[v] == l && (v < 2 || g.weight[v]))
        m++;
    double row = (double)m * (NODE_W + GAP_X);
    for (size_t v = 0; v < g.nn; v++)
      if (g.layer[v] == l) {
        g.x[v] = MARGIN + (inner - row) / 2 + (g.pos[v] + 0.5) * (NODE_W + GAP_X);
        g.y[v] = TOP + l * ROW_H + NODE_H / 2.0;
      }
  }
  uint64_t top = 1;
  for (size_t i = 0; i < g.ne; i++)
    if (g.e[i].count > top)
      top = g.e[i].count;
  cx_buf b;
  cx__buf_init(&b);
  cx__buf_printf(&b, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
                     "height=\"%d\" viewBox=\"0 0 %d %d\" "
                     "font-family=\"Helvetica, Arial, sans-serif\">\n",
                 (int)width, (int)height, (int)width, (int)height);
  cx__buf_puts(&b, "<title>");
  cx__buf_put_xml(&b, o->title ? o->title : "Directly-follows graph",
                  strlen(o->title ? o->title : "Directly-follows graph"));
  cx__buf_puts(&b, "</title>\n<desc>Layout: libcx layered (longest-path "
                   "layers, barycentre order); Graphviz was not used.</desc>\n"
                   "<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" "
                   "refY=\"5\" markerWidth=\"9\" markerHeight=\"9\" "
                   "markerUnits=\"userSpaceOnUse\" "
                   "orient=\"auto-start-reverse\"><path d=\"M0 0L10 5L0 10z\" "
                   "fill=\"#4b5563\"/></marker></defs>\n"
                   "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
  cx__svg_text_open(&b, MARGIN, 30, 16, "#111827", NULL, true);
  cx__svg_clipped(&b, o->title ? o->title : "Directly-follows graph", 80);
  cx__buf_puts(&b, "</text>\n");
  cx__svg_text_open(&b, MARGIN, 48, 10, "#6b7280", NULL, false);
  cx__buf_printf(&b, "%llu cases, %llu events; edge labels: cases \xC2\xB7 "
                     "median time; layout: libcx layered</text>\n",
                 (unsigned long long)r->st.n_cases,
                 (unsigned long long)r->st.n_events);
  glabel *lab = cx__calloc(g.ne ? g.ne : 1, sizeof *lab);
  bool ok = lab != NULL;
  for (size_t i = 0; ok && i < g.ne; i++)
    edge_svg(&b, &g, &g.e[i], top, right, &lab[i]);
  for (uint32_t v = 0; ok && v < g.nn; v++)
    if (v < 2 || g.weight[v])
      node_svg(&b, &g, v);
  ok = ok && labels_svg(&b, &g, lab);
  cx__buf_puts(&b, "</svg>\n");
  cx__free(lab);
  graph_free(&g);
  b.failed = b.failed || !ok;
  return cx__svg_finish(&b, out, len);
}
