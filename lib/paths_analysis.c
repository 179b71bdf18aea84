/*
 * Funnels (matching one case against the steps) and the results computed
 * from a log: graph, variants, durations and funnels.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "paths_internal.h"

/* ---- funnels ------------------------------------------------------------- */

cx_status p_funnel_check(const char *const *steps, size_t n,
                         const cx_paths_funnel_options *o) {
  if (!steps)
    return cx__error(CX_EINVAL, "funnel: steps is NULL");
  if (o->version != CX_PATHS_FUNNEL_OPTIONS_VERSION)
    return cx__error(CX_EINVAL, "funnel: options version %u, expected %u",
                     o->version, CX_PATHS_FUNNEL_OPTIONS_VERSION);
  if (o->mode != CX_PATHS_FUNNEL_ORDERED && o->mode != CX_PATHS_FUNNEL_STRICT &&
      o->mode != CX_PATHS_FUNNEL_ANY_ORDER)
    return cx__error(CX_EINVAL, "funnel: unknown mode %d", (int)o->mode);
  if (o->window < 0)
    return cx__error(CX_EINVAL, "funnel: negative window");
  if (n == 0)
    return cx__error(CX_EINVAL, "funnel: no steps");
  if (n > CX_PATHS_FUNNEL_MAX_STEPS)
    return cx__error(CX_ERANGE, "funnel: %zu steps, at most %d", n,
                     CX_PATHS_FUNNEL_MAX_STEPS);
  for (size_t i = 0; i < n; i++) {
    if (!steps[i] || !steps[i][0])
      return cx__error(CX_EINVAL, "funnel: step %zu is empty", i + 1);
    for (size_t j = 0; j < i; j++)
      if (strcmp(steps[i], steps[j]) == 0)
        return cx__error_at(CX_EINVAL, NULL, 0, 0, steps[i], strlen(steps[i]),
                            "funnel: step %zu repeats step %zu", i + 1, j + 1);
  }
  return CX_OK;
}

void p_funnel_free(p_funnel *f) {
  if (f->step)
    for (uint32_t i = 0; i < f->nsteps; i++)
      cx__free(f->step[i]);
  cx__free(f->step);
  cx__free(f->step_of);
  cx__free(f->cases);
  cx__free(f->reached);
  cx__free(f->tsum);
  if (f->tsk)
    for (size_t i = 0; i < f->nslots * f->nsteps; i++)
      p_sketch_free(&f->tsk[i]);
  cx__free(f->tsk);
  memset(f, 0, sizeof *f);
}

bool p_funnel_slots(p_funnel *f, size_t nslots) {
  if (nslots <= f->nslots)
    return true;
  size_t ns = f->nsteps, old = f->nslots;
  uint64_t *cases = cx__calloc(nslots, sizeof *cases);
  uint64_t *reached = cx__calloc(nslots * ns, sizeof *reached);
  p_u128 *tsum = cx__calloc(nslots * ns, sizeof *tsum);
  p_sketch *tsk = cx__calloc(nslots * ns, sizeof *tsk);
  if (!cases || !reached || !tsum || !tsk) {
    cx__free(cases);
    cx__free(reached);
    cx__free(tsum);
    cx__free(tsk);
    return false;
  }
  if (old) {
    memcpy(cases, f->cases, old * sizeof *cases);
    memcpy(reached, f->reached, old * ns * sizeof *reached);
    memcpy(tsum, f->tsum, old * ns * sizeof *tsum);
    memcpy(tsk, f->tsk, old * ns * sizeof *tsk);
  }
  cx__free(f->cases);
  cx__free(f->reached);
  cx__free(f->tsum);
  cx__free(f->tsk);
  f->cases = cases;
  f->reached = reached;
  f->tsum = tsum;
  f->tsk = tsk;
  f->nslots = nslots;
  return true;
}

bool p_funnel_init(p_funnel *f, const char *const *steps, size_t n,
                   const cx_paths_funnel_options *o, size_t nslots) {
  memset(f, 0, sizeof *f);
  f->step = cx__calloc(n, sizeof *f->step);
  if (!f->step)
    return false;
  f->nsteps = (uint32_t)n;
  for (size_t i = 0; i < n; i++)
    if (!(f->step[i] = cx__strdup(steps[i]))) {
      p_funnel_free(f);
      return false;
    }
  f->mode = o->mode;
  f->window = o->window;
  if (!p_funnel_slots(f, nslots)) {
    p_funnel_free(f);
    return false;
  }
  return true;
}

bool p_funnel_same(const p_funnel *f, const char *const *steps, size_t n,
                   cx_paths_funnel_mode mode, int64_t window) {
  if (f->nsteps != n || f->mode != mode || f->window != window)
    return false;
  for (size_t i = 0; i < n; i++)
    if (strcmp(f->step[i], steps[i]) != 0)
      return false;
  return true;
}

bool p_funnel_copy(p_funnel *dst, const p_funnel *src) {
  cx_paths_funnel_options o = CX_PATHS_FUNNEL_OPTIONS_INIT;
  o.mode = src->mode;
  o.window = src->window;
  if (!p_funnel_init(dst, (const char *const *)src->step, src->nsteps, &o,
                     src->nslots))
    return false;
  size_t cells = src->nslots * src->nsteps;
  memcpy(dst->cases, src->cases, src->nslots * sizeof *dst->cases);
  memcpy(dst->reached, src->reached, cells * sizeof *dst->reached);
  memcpy(dst->tsum, src->tsum, cells * sizeof *dst->tsum);
  for (size_t i = 0; i < cells; i++)
    if (!p_sketch_copy(&dst->tsk[i], &src->tsk[i])) {
      p_funnel_free(dst);
      return false;
    }
  return true;
}

bool p_funnel_resolve(p_funnel *f, const cx_names *names) {
  if (names->count <= f->known)
    return true;
  int32_t *so = cx__realloc(f->step_of, names->count * sizeof *so);
  if (!so)
    return false;
  f->step_of = so;
  for (size_t t = f->known; t < names->count; t++) {
    so[t] = -1;
    for (uint32_t j = 0; j < f->nsteps; j++)
      if (strcmp(names->name[t], f->step[j]) == 0)
        so[t] = (int32_t)j;
  }
  f->known = names->count;
  return true;
}

static bool in_window(const p_funnel *f, int64_t t, int64_t t0) {
  return f->window == 0 || t - t0 <= f->window;
}

/* Steps reached by one case and the time to each from the start. */
static uint32_t funnel_match(const p_funnel *f, const p_case *c, int64_t *t) {
  const int32_t *so = f->step_of;
  uint32_t ns = f->nsteps, n = c->n, best = 0;
  if (f->mode == CX_PATHS_FUNNEL_ORDERED) {
    uint32_t i = 0;
    while (i < n && so[c->tp[i]] != 0)
      i++;
    if (i == n)
      return 0;
    int64_t t0 = c->ts[i];
    t[0] = 0;
    best = 1;
    for (i++; i < n && best < ns && in_window(f, c->ts[i], t0); i++)
      if (so[c->tp[i]] == (int32_t)best)
        t[best++] = c->ts[i] - t0;
    return best;
  }
  if (f->mode == CX_PATHS_FUNNEL_STRICT) {
    uint32_t start = 0;
    for (uint32_t i = 0; i < n && best < ns; i++) {
      if (so[c->tp[i]] != 0)
        continue;
      uint32_t k = 1;
      while (k < ns && i + k < n && so[c->tp[i + k]] == (int32_t)k &&
             in_window(f, c->ts[i + k], c->ts[i]))
        k++;
      if (k > best) {
        best = k;
        start = i;
      }
    }
    for (uint32_t k = 0; k < best; k++)
      t[k] = c->ts[start + k] - c->ts[start];
    return best;
  }
  /* Any order: first time each step occurs within the window. */
  uint32_t i = 0;
  while (i < n && so[c->tp[i]] < 0)
    i++;
  if (i == n)
    return 0;
  int64_t t0 = c->ts[i];
  int64_t first[CX_PATHS_FUNNEL_MAX_STEPS];
  uint64_t seen = 0;
  for (; i < n && in_window(f, c->ts[i], t0); i++) {
    int32_t s = so[c->tp[i]];
    if (s >= 0 && !(seen >> s & 1)) {
      seen |= (uint64_t)1 << s;
      first[s] = c->ts[i] - t0;
    }
  }
  int64_t latest = 0;
  while (best < ns && (seen >> best & 1)) {
    if (first[best] > latest)
      latest = first[best];
    t[best++] = latest;
  }
  return best;
}

void p_funnel_eval(p_funnel *f, const p_case *c) {
  int64_t t[CX_PATHS_FUNNEL_MAX_STEPS];
  size_t slot = c->segment;
  f->cases[slot]++;
  uint32_t k = funnel_match(f, c, t);
  for (uint32_t j = 0; j < k; j++) {
    size_t cell = slot * f->nsteps + j;
    f->reached[cell]++;
    p_u128_add(&f->tsum[cell], (uint64_t)t[j]);
    /* An allocation failure here only loses precision of one median;
     * the counts stay exact. */
    (void)p_sketch_add(&f->tsk[cell], (uint64_t)t[j], 1);
  }
}

/* ---- results ------------------------------------------------------------- */

static _Thread_local const cx_paths_result *sort_ctx;
static _Thread_local const uint32_t *sort_rank;

/* Sequences compared by the names of their touchpoints, through the rank
 * of each name in sorted order (one strcmp sort instead of one per
 * comparison). */
static int names_cmp(const uint32_t *a, uint32_t la, const uint32_t *b,
                     uint32_t lb) {
  for (uint32_t i = 0; i < la && i < lb; i++)
    if (sort_rank[a[i]] != sort_rank[b[i]])
      return sort_rank[a[i]] < sort_rank[b[i]] ? -1 : 1;
  return la < lb ? -1 : la > lb;
}

static int cmp_name_index(const void *x, const void *y) {
  return strcmp(sort_ctx->tps.name[*(const uint32_t *)x],
                sort_ctx->tps.name[*(const uint32_t *)y]);
}

static int cmp_edge(const void *x, const void *y) {
  const p_edge *a = &sort_ctx->st.edge[*(const size_t *)x];
  const p_edge *b = &sort_ctx->st.edge[*(const size_t *)y];
  if (a->count != b->count)
    return a->count > b->count ? -1 : 1;
  uint32_t sa[2] = {a->from, a->to}, sb[2] = {b->from, b->to};
  return names_cmp(sa, 2, sb, 2);
}

static bool copy_channels(char ***dst, char *const *src, size_t n) {
  *dst = cx__calloc(n ? n : 1, sizeof **dst);
  if (!*dst)
    return false;
  for (size_t i = 0; i < n; i++)
    if (src[i] && !((*dst)[i] = cx__strdup(src[i])))
      return false;
  return true;
}

/* Variants pooled over segments and conversion positions, in order of
 * first appearance (so that the sums of values add up in the same order
 * however the variants are later sorted), into r->agg, or left NULL when
 * no sequence has more than one variant (see p_result_agg).  Each variant
 * names the first of its sequence (head), so this is one pass. */
static bool aggregate(cx_paths_result *r) {
  p_stats *s = &r->st;
  /* A result never looks variants up again. */
  cx__free(s->var_slot);
  s->var_slot = NULL;
  s->var_nslots = 0;
  /* Often every sequence has one variant only (no segments, conversions
   * at fixed places): then the variants are their own pool and no copy
   * is made. */
  size_t i = 0;
  while (i < s->n_var && s->var[i].head == i)
    i++;
  if (i == s->n_var) {
    r->n_agg = s->n_var;
    return true;
  }
  uint32_t *first = cx__malloc(s->n_var * sizeof *first);
  r->agg = cx__calloc(s->n_var, sizeof *r->agg);
  if (!first || !r->agg) {
    cx__free(first);
    return false;
  }
  /* first[i] becomes the pooled variant of variant i: a new one for the
   * first of its sequence, else that of the first (numbered already). */
  for (i = 0; i < s->n_var; i++) {
    const p_variant *v = &s->var[i];
    bool fresh = v->head == i;
    first[i] = fresh ? (uint32_t)r->n_agg++ : first[v->head];
    p_agg *a = &r->agg[first[i]];
    if (fresh) {
      a->off = v->off;
      a->len = v->len;
    }
    a->count += v->count;
    if (v->conv != P_NONE)
      a->converted += v->count;
    a->value += p_var_value(s, i);
    p_u128_addw(&a->dur, v->dur);
  }
  cx__free(first);
  return true;
}

CX_API cx_status cx_paths_result_compute(cx_paths_result **out,
                                         const cx_paths_log *log) {
  if (!out || !log)
    return cx__error(CX_EINVAL, "cx_paths_result_compute: NULL argument");
  cx_paths_result *r = cx__calloc(1, sizeof *r);
  if (!r)
    return cx__enomem();
  cx_status st = CX_ENOMEM;
  if (!cx__names_copy(&r->tps, &log->tps) ||
      !cx__names_copy(&r->segs, &log->segs) ||
      !copy_channels(&r->tp_channel, log->tp_channel, log->tps.count) ||
      !p_stats_copy_ex(&r->st, &log->st, !log->opt.graph_only))
    goto fail;
  /* Funnels are not part of a result. */
  for (size_t i = 0; i < r->st.n_funnels; i++)
    p_funnel_free(&r->st.funnel[i]);
  r->st.n_funnels = 0;
  r->graph_only = log->opt.graph_only != 0;
  if ((st = p_log_close_held(log, &r->st)))
    goto fail;
  st = CX_ENOMEM;
  if (!p_stats_reserve_tp(&r->st, r->tps.count))
    goto fail;
  size_t ne = r->st.n_edges;
  r->edge_order = cx__malloc((ne ? ne : 1) * sizeof *r->edge_order);
  r->edge_median = cx__malloc((ne ? ne : 1) * sizeof *r->edge_median);
  r->edge_exact = cx__malloc(ne ? ne : 1);
  if (!r->edge_order || !r->edge_median || !r->edge_exact)
    goto fail;
  /* Closing a graph-only log's held cases adds no pair, so its edges'
   * durations are read where they are instead of copied. */
  const p_stats *dur = log->opt.graph_only ? &log->st : &r->st;
  for (size_t i = 0; i < ne; i++) {
    p_sorted so;
    if (!p_sketch_sorted(&dur->edge[i].sk, &so))
      goto fail;
    r->edge_median[i] = p_sorted_quantile(&so, 0.5) / 1e6;
    r->edge_exact[i] = !dur->edge[i].sk.binned;
    p_sorted_free(&so);
    r->edge_order[i] = i;
  }
  if (!aggregate(r) || !p_sketch_sorted(&r->st.dur_sk, &r->dur))
    goto fail;
  /* qsort has no context argument in C11: the context is thread-local, so
   * results computed on other threads do not interfere. */
  size_t ntp = r->tps.count;
  uint32_t *by_name = cx__malloc((ntp ? ntp : 1) * sizeof *by_name);
  uint32_t *rank = cx__malloc((ntp ? ntp : 1) * sizeof *rank);
  if (!by_name || !rank) {
    cx__free(by_name);
    cx__free(rank);
    goto fail;
  }
  for (size_t t = 0; t < ntp; t++)
    by_name[t] = (uint32_t)t;
  sort_ctx = r;
  qsort(by_name, ntp, sizeof *by_name, cmp_name_index);
  for (size_t t = 0; t < ntp; t++)
    rank[by_name[t]] = (uint32_t)t;
  sort_rank = rank;
  qsort(r->edge_order, ne, sizeof *r->edge_order, cmp_edge);
  bool ok = p_sort_variants(r, rank);
  sort_ctx = NULL;
  sort_rank = NULL;
  cx__free(by_name);
  cx__free(rank);
  if (!ok)
    goto fail;
  *out = r;
  return CX_OK;
fail:
  cx_paths_result_free(r);
  return st == CX_ENOMEM ? cx__enomem() : st;
}

CX_API void cx_paths_result_free(cx_paths_result *r) {
  if (!r)
    return;
  if (r->tp_channel)
    for (size_t i = 0; i < r->tps.count; i++)
      cx__free(r->tp_channel[i]);
  cx__free(r->tp_channel);
  cx__names_free(&r->tps);
  cx__names_free(&r->segs);
  p_stats_free(&r->st);
  cx__free(r->edge_order);
  cx__free(r->edge_median);
  cx__free(r->edge_exact);
  cx__free(r->agg);
  cx__free(r->agg_order);
  p_sorted_free(&r->dur);
  cx__free(r);
}

static double us(uint64_t v) { return (double)v / 1e6; }

CX_API cx_status cx_paths_result_summary(const cx_paths_result *r,
                                         cx_paths_summary *out) {
  if (!r || !out)
    return cx__error(CX_EINVAL, "cx_paths_result_summary: NULL argument");
  const p_stats *s = &r->st;
  memset(out, 0, sizeof *out);
  out->n_events = s->n_events;
  out->n_cases = s->n_cases;
  out->n_converted = s->n_converted;
  out->value = s->value;
  out->n_touchpoints = r->tps.count;
  out->n_segments = r->segs.count;
  out->n_variants = r->n_agg;
  out->n_edges = s->n_edges;
  bool any = s->n_cases > 0;
  out->duration_mean = any ? p_u128_double(s->dur_sum) / 1e6 / (double)s->n_cases
                           : NAN;
  out->duration_median = p_sorted_quantile(&r->dur, 0.5) / 1e6;
  out->duration_min = any ? us(s->dur_min) : NAN;
  out->duration_max = any ? us(s->dur_max) : NAN;
  out->duration_exact = !s->dur_sk.binned;
  return CX_OK;
}

CX_API cx_status cx_paths_result_duration_quantile(const cx_paths_result *r,
                                                   double q, double *out) {
  if (!r || !out || !(q >= 0.0 && q <= 1.0))
    return cx__error(CX_EINVAL, "cx_paths_result_duration_quantile: NULL "
                                "argument or q outside [0, 1]");
  *out = p_sorted_quantile(&r->dur, q) / 1e6;
  return CX_OK;
}

CX_API cx_status cx_paths_result_touchpoint(const cx_paths_result *r,
                                            size_t i,
                                            cx_paths_touchpoint *out) {
  if (!r || !out)
    return cx__error(CX_EINVAL, "cx_paths_result_touchpoint: NULL argument");
  if (i >= r->tps.count)
    return cx__error(CX_ENOTFOUND, "touchpoint index %zu out of range (%zu)",
                     i, r->tps.count);
  out->name = r->tps.name[i];
  out->channel = r->tp_channel[i] ? r->tp_channel[i] : "";
  out->events = r->st.tp_events[i];
  out->cases = r->st.tp_cases[i];
  out->starts = r->st.tp_starts[i];
  out->ends = r->st.tp_ends[i];
  return CX_OK;
}

CX_API const char *cx_paths_result_touchpoint_name(const cx_paths_result *r,
                                                   size_t i) {
  return r && i < r->tps.count ? r->tps.name[i] : NULL;
}

CX_API size_t cx_paths_result_n_edges(const cx_paths_result *r) {
  return r ? r->st.n_edges : 0;
}

CX_API cx_status cx_paths_result_edge(const cx_paths_result *r, size_t i,
                                      cx_paths_edge *out) {
  if (!r || !out)
    return cx__error(CX_EINVAL, "cx_paths_result_edge: NULL argument");
  if (i >= r->st.n_edges)
    return cx__error(CX_ENOTFOUND, "edge index %zu out of range (%zu)", i,
                     r->st.n_edges);
  size_t k = r->edge_order[i];
  const p_edge *e = &r->st.edge[k];
  /* Edges leaving a touchpoint are its events that are not a case's
   * last. */
  uint64_t leaving = r->st.tp_events[e->from] - r->st.tp_ends[e->from];
  out->from = e->from;
  out->to = e->to;
  out->from_name = r->tps.name[e->from];
  out->to_name = r->tps.name[e->to];
  out->count = e->count;
  out->share = leaving ? (double)e->count / (double)leaving : NAN;
  out->mean = p_u128_double(e->sum) / 1e6 / (double)e->count;
  out->median = r->edge_median[k];
  out->min = us(e->min);
  out->max = us(e->max);
  out->exact = r->edge_exact[k];
  return CX_OK;
}

CX_API size_t cx_paths_result_n_variants(const cx_paths_result *r) {
  return r ? r->n_agg : 0;
}

CX_API cx_status cx_paths_result_variant(const cx_paths_result *r, size_t i,
                                         cx_paths_variant *out) {
  if (!r || !out)
    return cx__error(CX_EINVAL, "cx_paths_result_variant: NULL argument");
  if (i >= r->n_agg)
    return cx__error(CX_ENOTFOUND, "variant index %zu out of range (%zu)", i,
                     r->n_agg);
  const p_agg a = p_result_agg(r, r->agg_order[i]);
  out->length = a.len;
  out->count = a.count;
  out->share = (double)a.count / (double)r->st.n_cases;
  out->converted = a.converted;
  out->value = a.value;
  out->mean_duration = p_u128_double(a.dur) / 1e6 / (double)a.count;
  return CX_OK;
}

CX_API size_t cx_paths_result_variant_step(const cx_paths_result *r, size_t i,
                                           size_t pos) {
  if (!r || i >= r->n_agg)
    return SIZE_MAX;
  const p_agg a = p_result_agg(r, r->agg_order[i]);
  return pos < a.len ? p_pool_get(&r->st, a.off + pos) : SIZE_MAX;
}

/* ---- funnels ------------------------------------------------------------- */

struct cx_paths_funnel {
  p_funnel f;
  cx_names segs;
  size_t rows;        /* slots + 1 (pooled last) */
  uint64_t *cases;    /* per row */
  uint64_t *reached;  /* row * nsteps + step */
  double *mean, *median;
  uint8_t *exact;
};

CX_API const char *cx_paths_funnel_mode_name(cx_paths_funnel_mode m) {
  switch (m) {
  case CX_PATHS_FUNNEL_ORDERED: return "ordered";
  case CX_PATHS_FUNNEL_STRICT: return "strict";
  case CX_PATHS_FUNNEL_ANY_ORDER: return "any-order";
  }
  return "invalid";
}

static cx_status funnel_finish(cx_paths_funnel *fu) {
  p_funnel *f = &fu->f;
  size_t ns = f->nsteps, slots = f->nslots, rows = slots + 1;
  fu->rows = rows;
  fu->cases = cx__calloc(rows, sizeof *fu->cases);
  fu->reached = cx__calloc(rows * ns, sizeof *fu->reached);
  fu->mean = cx__calloc(rows * ns, sizeof *fu->mean);
  fu->median = cx__calloc(rows * ns, sizeof *fu->median);
  fu->exact = cx__calloc(rows * ns, 1);
  if (!fu->cases || !fu->reached || !fu->mean || !fu->median || !fu->exact)
    return cx__enomem();
  for (size_t j = 0; j < ns; j++) {
    p_sketch pooled = {0};
    p_u128 psum = {0, 0};
    for (size_t g = 0; g < rows; g++) {
      size_t cell = g * ns + j;
      const p_sketch *sk;
      p_u128 sum;
      if (g < slots) {
        sk = &f->tsk[g * ns + j];
        sum = f->tsum[g * ns + j];
        fu->reached[cell] = f->reached[g * ns + j];
        fu->cases[g] = f->cases[g];
        fu->reached[slots * ns + j] += fu->reached[cell];
        p_u128_addw(&psum, sum);
        if (!p_sketch_merge(&pooled, sk)) {
          p_sketch_free(&pooled);
          return cx__enomem();
        }
      } else {
        sk = &pooled;
        sum = psum;
      }
      p_sorted so;
      if (!p_sketch_sorted(sk, &so)) {
        p_sketch_free(&pooled);
        return cx__enomem();
      }
      fu->median[cell] = p_sorted_quantile(&so, 0.5) / 1e6;
      p_sorted_free(&so);
      fu->mean[cell] = fu->reached[cell]
                           ? p_u128_double(sum) / 1e6 / (double)fu->reached[cell]
                           : NAN;
      fu->exact[cell] = !sk->binned;
    }
    p_sketch_free(&pooled);
  }
  for (size_t g = 0; g < slots; g++)
    fu->cases[slots] += f->cases[g];
  return CX_OK;
}

CX_API cx_status cx_paths_funnel_compute(cx_paths_funnel **out,
                                         const cx_paths_log *log,
                                         const char *const *steps, size_t n,
                                         const cx_paths_funnel_options *o) {
  static const cx_paths_funnel_options defaults = CX_PATHS_FUNNEL_OPTIONS_INIT;
  if (!out || !log)
    return cx__error(CX_EINVAL, "cx_paths_funnel_compute: NULL argument");
  if (!o)
    o = &defaults;
  cx_status st = p_funnel_check(steps, n, o);
  if (st)
    return st;
  if (log->opt.graph_only)
    return cx__error(CX_ESTATE, "funnel: a graph-only log keeps no paths to "
                                "count funnels on");
  const p_funnel *declared = NULL;
  for (size_t i = 0; i < log->st.n_funnels; i++)
    if (p_funnel_same(&log->st.funnel[i], steps, n, o->mode, o->window))
      declared = &log->st.funnel[i];
  if (p_stats_closed_any(&log->st) && !declared)
    return cx__error(CX_ESTATE, "funnel: the log has closed cases that were "
                                "not counted for this funnel; declare it with "
                                "cx_paths_log_declare_funnel() before cases "
                                "close");
  cx_paths_funnel *fu = cx__calloc(1, sizeof *fu);
  if (!fu)
    return cx__enomem();
  p_stats tmp;
  p_stats_init(&tmp);
  tmp.funnel = cx__calloc(1, sizeof *tmp.funnel);
  st = CX_ENOMEM;
  if (!tmp.funnel)
    goto done;
  if (declared ? !p_funnel_copy(&tmp.funnel[0], declared)
               : !p_funnel_init(&tmp.funnel[0], steps, n, o, p_slots(log)))
    goto done;
  tmp.n_funnels = 1;
  tmp.funnels_only = true;
  tmp.funnel[0].known = 0;
  if (!p_funnel_slots(&tmp.funnel[0], p_slots(log)) ||
      !cx__names_copy(&fu->segs, &log->segs))
    goto done;
  /* Only the funnel is needed from the held events: a stats object whose
   * other parts are dropped afterwards. */
  if ((st = p_log_close_held(log, &tmp)))
    goto done;
  fu->f = tmp.funnel[0];
  memset(&tmp.funnel[0], 0, sizeof tmp.funnel[0]);
  st = funnel_finish(fu);
done:
  p_stats_free(&tmp);
  if (st) {
    cx_paths_funnel_free(fu);
    return st;
  }
  *out = fu;
  return CX_OK;
}

CX_API void cx_paths_funnel_free(cx_paths_funnel *fu) {
  if (!fu)
    return;
  p_funnel_free(&fu->f);
  cx__names_free(&fu->segs);
  cx__free(fu->cases);
  cx__free(fu->reached);
  cx__free(fu->mean);
  cx__free(fu->median);
  cx__free(fu->exact);
  cx__free(fu);
}

CX_API size_t cx_paths_funnel_n_steps(const cx_paths_funnel *fu) {
  return fu ? fu->f.nsteps : 0;
}

CX_API size_t cx_paths_funnel_n_segments(const cx_paths_funnel *fu) {
  return fu ? fu->segs.count : 0;
}

CX_API const char *cx_paths_funnel_segment_name(const cx_paths_funnel *fu,
                                                size_t i) {
  return fu && i < fu->segs.count ? fu->segs.name[i] : NULL;
}

static double ratio(uint64_t a, uint64_t b) {
  return b ? (double)a / (double)b : NAN;
}

CX_API cx_status cx_paths_funnel_step_get(const cx_paths_funnel *fu,
                                          size_t segment, size_t step,
                                          cx_paths_funnel_step *out) {
  if (!fu || !out)
    return cx__error(CX_EINVAL, "cx_paths_funnel_step_get: NULL argument");
  size_t slots = fu->rows - 1;
  size_t row = segment == CX_PATHS_ALL ? slots : segment;
  if ((segment != CX_PATHS_ALL && segment >= fu->segs.count &&
       !(segment == 0 && fu->segs.count == 0)) ||
      step >= fu->f.nsteps)
    return cx__error(CX_ENOTFOUND, "funnel: segment %zu or step %zu out of "
                                   "range",
                     segment, step);
  size_t ns = fu->f.nsteps, cell = row * ns + step;
  uint64_t first = fu->reached[row * ns];
  uint64_t prev = step ? fu->reached[cell - 1] : fu->cases[row];
  out->name = fu->f.step[step];
  out->cases = fu->cases[row];
  out->reached = fu->reached[cell];
  out->from_previous = step ? ratio(out->reached, prev)
                            : (first ? 1.0 : NAN);
  out->from_first = ratio(out->reached, first);
  out->dropoff = prev - out->reached;
  out->dropoff_share = ratio(out->dropoff, prev);
  out->median_time = fu->median[cell];
  out->mean_time = fu->mean[cell];
  out->exact = fu->exact[cell];
  return CX_OK;
}
