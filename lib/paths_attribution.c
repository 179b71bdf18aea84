/*
 * Attribution of conversions to touchpoints (Markov removal effects,
 * solved exactly on the absorbing chain, and the first-touch, last-touch
 * and linear heuristics) and conformance of observed paths to a designed
 * journey map.  Both work on the variants of a result: a path and its
 * count stand for every case that followed it.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "paths_internal.h"

/* ---- channels ------------------------------------------------------------ */

struct cx_paths_attribution {
  cx_paths_attribution_summary sum;
  size_t nch;
  char **name;
  cx_paths_credit *credit;
};

CX_API void cx_paths_attribution_free(cx_paths_attribution *a) {
  if (!a)
    return;
  if (a->name)
    for (size_t i = 0; i < a->nch; i++)
      cx__free(a->name[i]);
  cx__free(a->name);
  cx__free(a->credit);
  cx__free(a);
}

/* Channel of every touchpoint: the touchpoint itself, or its channel name
 * numbered in order of first appearance. */
static bool make_channels(cx_paths_attribution *a, const cx_paths_result *r,
                          bool by_channel, uint32_t *ch_of) {
  size_t ntp = r->tps.count;
  a->name = cx__calloc(ntp ? ntp : 1, sizeof *a->name);
  if (!a->name)
    return false;
  if (!by_channel) {
    for (size_t t = 0; t < ntp; t++) {
      if (!(a->name[t] = cx__strdup(r->tps.name[t])))
        return false;
      a->nch = t + 1;
      ch_of[t] = (uint32_t)t;
    }
    return true;
  }
  for (size_t t = 0; t < ntp; t++) {
    const char *c = r->tp_channel[t] ? r->tp_channel[t] : "(none)";
    size_t k = 0;
    while (k < a->nch && strcmp(a->name[k], c) != 0)
      k++;
    if (k == a->nch) {
      if (!(a->name[k] = cx__strdup(c)))
        return false;
      a->nch++;
    }
    ch_of[t] = (uint32_t)k;
  }
  return true;
}

/* ---- the chain ----------------------------------------------------------- */

/* States are tuples of the last `order` channels (shorter at the start);
 * state 0 is the start (the empty tuple). */
typedef struct chain {
  unsigned order;
  uint32_t *tuple;  /* state * order, P_NONE padded */
  size_t n, cap;
  uint32_t *slot;   /* hash slots: state + 1 */
  size_t nslots;
  p_map trans;      /* (from << 32 | to) -> index into count */
  uint64_t *count;
  uint64_t *key;
  size_t ntrans, tcap;
  uint64_t *out;    /* per state: transitions leaving it */
} chain;

#define TO_CONV (UINT32_MAX - 1)
#define TO_NULL (UINT32_MAX - 2)

static void chain_free(chain *c) {
  cx__free(c->tuple);
  cx__free(c->slot);
  p_map_free(&c->trans);
  cx__free(c->count);
  cx__free(c->key);
  cx__free(c->out);
  memset(c, 0, sizeof *c);
}

static uint64_t tuple_hash(const uint32_t *t, unsigned k) {
  uint64_t h = 0x243f6a8885a308d3ull;
  for (unsigned i = 0; i < k; i++)
    h = p_mix(h ^ t[i]) + i;
  return h;
}

static bool chain_rehash(chain *c, size_t nslots) {
  uint32_t *slot = cx__calloc(nslots, sizeof *slot);
  if (!slot)
    return false;
  for (size_t s = 0; s < c->n; s++) {
    size_t j = (size_t)tuple_hash(c->tuple + s * c->order, c->order) &
               (nslots - 1);
    while (slot[j])
      j = (j + 1) & (nslots - 1);
    slot[j] = (uint32_t)(s + 1);
  }
  cx__free(c->slot);
  c->slot = slot;
  c->nslots = nslots;
  return true;
}

/* State of a tuple, added when new; P_NONE when out of memory. */
static uint32_t chain_state(chain *c, const uint32_t *t) {
  unsigned k = c->order;
  uint64_t h = tuple_hash(t, k);
  if (c->nslots) {
    size_t mask = c->nslots - 1;
    for (size_t j = (size_t)h & mask; c->slot[j]; j = (j + 1) & mask) {
      uint32_t s = c->slot[j] - 1;
      if (memcmp(c->tuple + (size_t)s * k, t, k * sizeof *t) == 0)
        return s;
    }
  }
  if ((c->n + 1) * 2 > c->nslots &&
      !chain_rehash(c, c->nslots ? c->nslots * 2 : 64))
    return P_NONE;
  if (c->n == c->cap) {
    size_t cap = c->cap ? c->cap * 2 : 64;
    uint32_t *tu = cx__realloc(c->tuple, cap * k * sizeof *tu);
    uint64_t *out = tu ? cx__realloc(c->out, cap * sizeof *out) : NULL;
    if (tu)
      c->tuple = tu;
    if (!out)
      return P_NONE;
    c->out = out;
    c->cap = cap;
  }
  memcpy(c->tuple + c->n * k, t, k * sizeof *t);
  c->out[c->n] = 0;
  size_t mask = c->nslots - 1;
  size_t j = (size_t)h & mask;
  while (c->slot[j])
    j = (j + 1) & mask;
  c->slot[j] = (uint32_t)(c->n + 1);
  return (uint32_t)c->n++;
}

static bool chain_add(chain *c, uint32_t from, uint32_t to, uint64_t n) {
  uint64_t key = (uint64_t)from << 32 | to;
  uint32_t k = p_map_get(&c->trans, key);
  if (k == P_NONE) {
    if (c->ntrans == c->tcap) {
      size_t cap = c->tcap ? c->tcap * 2 : 256;
      uint64_t *cnt = cx__realloc(c->count, cap * sizeof *cnt);
      if (!cnt)
        return false;
      c->count = cnt;
      uint64_t *ky = cx__realloc(c->key, cap * sizeof *ky);
      if (!ky)
        return false;
      c->key = ky;
      c->tcap = cap;
    }
    k = (uint32_t)c->ntrans;
    if (!p_map_put(&c->trans, key, k))
      return false;
    c->count[k] = 0;
    c->key[k] = key;
    c->ntrans++;
  }
  c->count[k] += n;
  c->out[from] += n;
  return true;
}

/* Feed one path (channels p[0..len)) with its count and ending. */
static bool chain_path(chain *c, const uint32_t *p, uint32_t len,
                       uint64_t count, bool converted) {
  uint32_t t[4] = {P_NONE, P_NONE, P_NONE, P_NONE};
  uint32_t from = 0;
  unsigned k = c->order;
  for (uint32_t i = 0; i < len; i++) {
    /* Shift the tuple left and append the channel. */
    memmove(t, t + 1, (k - 1) * sizeof *t);
    t[k - 1] = p[i];
    uint32_t to = chain_state(c, t);
    if (to == P_NONE || !chain_add(c, from, to, count))
      return false;
    from = to;
  }
  return chain_add(c, from, converted ? TO_CONV : TO_NULL, count);
}

/* Solve (I - Q) x = r for the probability of conversion from the start,
 * with the states flagged in @p removed turned into null.  Gaussian
 * elimination with partial pivoting on a dense copy in @p m. */
static double absorb(const chain *c, const uint8_t *removed, double *m,
                     double *x) {
  size_t n = c->n;
  memset(m, 0, n * n * sizeof *m);
  memset(x, 0, n * sizeof *x);
  for (size_t i = 0; i < n; i++)
    m[i * n + i] = 1.0;
  for (size_t e = 0; e < c->ntrans; e++) {
    uint32_t from = (uint32_t)(c->key[e] >> 32), to = (uint32_t)c->key[e];
    if (removed && removed[from])
      continue;
    double p = (double)c->count[e] / (double)c->out[from];
    if (to == TO_CONV)
      x[from] += p;
    else if (to != TO_NULL && !(removed && removed[to]))
      m[(size_t)from * n + to] -= p;
  }
  for (size_t col = 0; col < n; col++) {
    size_t piv = col;
    for (size_t i = col + 1; i < n; i++)
      if (fabs(m[i * n + col]) > fabs(m[piv * n + col]))
        piv = i;
    if (m[piv * n + col] == 0.0)
      return NAN;
    if (piv != col) {
      for (size_t j = 0; j < n; j++) {
        double t = m[col * n + j];
        m[col * n + j] = m[piv * n + j];
        m[piv * n + j] = t;
      }
      double t = x[col];
      x[col] = x[piv];
      x[piv] = t;
    }
    double d = m[col * n + col];
    for (size_t i = col + 1; i < n; i++) {
      double f = m[i * n + col] / d;
      if (f == 0.0)
        continue;
      for (size_t j = col; j < n; j++)
        m[i * n + j] -= f * m[col * n + j];
      x[i] -= f * x[col];
    }
  }
  for (size_t i = n; i-- > 0;) {
    double s = x[i];
    for (size_t j = i + 1; j < n; j++)
      s -= m[i * n + j] * x[j];
    x[i] = s / m[i * n + i];
  }
  return x[0];
}

/* ---- attribution --------------------------------------------------------- */

static cx_status heuristics(cx_paths_attribution *a, const p_stats *s,
                            const uint32_t *ch_of, chain *c, uint32_t *path,
                            uint64_t *stamp) {
  uint64_t serial = 0;
  for (size_t i = 0; i < s->n_var; i++) {
    const p_variant *v = &s->var[i];
    uint32_t len = v->conv == P_NONE ? v->len : v->conv;
    bool conv = v->conv != P_NONE;
    double value = p_var_value(s, i);
    for (uint32_t k = 0; k < len; k++)
      path[k] = ch_of[p_pool_get(s, v->off + k)];
    a->sum.n_paths += v->count;
    if (conv) {
      a->sum.n_conversions += v->count;
      a->sum.value += value;
      if (len == 0)
        a->sum.n_unattributed += v->count;
    }
    serial++;
    for (uint32_t k = 0; k < len; k++)
      if (stamp[path[k]] != serial) {
        stamp[path[k]] = serial;
        a->credit[path[k]].paths += v->count;
      }
    if (conv && len) {
      double cnt = (double)v->count;
      a->credit[path[0]].first_touch += cnt;
      a->credit[path[0]].first_touch_value += value;
      a->credit[path[len - 1]].last_touch += cnt;
      a->credit[path[len - 1]].last_touch_value += value;
      for (uint32_t k = 0; k < len; k++) {
        a->credit[path[k]].linear += cnt / len;
        a->credit[path[k]].linear_value += value / len;
      }
    }
    if (!chain_path(c, path, len, v->count, conv))
      return cx__enomem();
  }
  return CX_OK;
}

CX_API cx_status cx_paths_attribution_compute(
    cx_paths_attribution **out, const cx_paths_result *r,
    const cx_paths_attribution_options *options) {
  static const cx_paths_attribution_options defaults =
      CX_PATHS_ATTRIBUTION_OPTIONS_INIT;
  if (!out || !r)
    return cx__error(CX_EINVAL, "cx_paths_attribution_compute: NULL argument");
  const cx_paths_attribution_options *o = options ? options : &defaults;
  if (o->version != CX_PATHS_ATTRIBUTION_OPTIONS_VERSION)
    return cx__error(CX_EINVAL, "attribution: options version %u, expected %u",
                     o->version, CX_PATHS_ATTRIBUTION_OPTIONS_VERSION);
  if (o->order < 1 || o->order > 4)
    return cx__error(CX_EINVAL, "attribution: order %u is not 1 to 4",
                     o->order);
  if (o->by_channel != 0 && o->by_channel != 1)
    return cx__error(CX_EINVAL, "attribution: by_channel must be 0 or 1");
  if (o->max_states < 1)
    return cx__error(CX_EINVAL, "attribution: max_states must be positive");
  if (r->graph_only)
    return cx__error(CX_ESTATE, "attribution: the result comes from a "
                                "graph-only log, which keeps no paths");
  const p_stats *s = &r->st;
  size_t ntp = r->tps.count;
  size_t longest = 1;
  for (size_t i = 0; i < s->n_var; i++)
    if (s->var[i].len > longest)
      longest = s->var[i].len;
  cx_paths_attribution *a = cx__calloc(1, sizeof *a);
  uint32_t *ch_of = cx__calloc(ntp ? ntp : 1, sizeof *ch_of);
  uint32_t *path = cx__malloc(longest * sizeof *path);
  uint64_t *stamp = cx__calloc(ntp ? ntp : 1, sizeof *stamp);
  chain c = {0};
  double *m = NULL, *x = NULL;
  uint8_t *removed = NULL;
  cx_status st = CX_ENOMEM;
  c.order = o->order;
  if (!a || !ch_of || !path || !stamp || !make_channels(a, r, o->by_channel, ch_of))
    goto fail;
  a->credit = cx__calloc(a->nch ? a->nch : 1, sizeof *a->credit);
  if (!a->credit)
    goto fail;
  for (size_t k = 0; k < a->nch; k++)
    a->credit[k].name = a->name[k];
  uint32_t start[4] = {P_NONE, P_NONE, P_NONE, P_NONE};
  if (chain_state(&c, start) != 0)
    goto fail;
  if ((st = heuristics(a, s, ch_of, &c, path, stamp)))
    goto fail;
  a->sum.order = o->order;
  a->sum.n_states = c.n;
  if (c.n > o->max_states) {
    st = cx__error(CX_ERANGE, "attribution: the chain of order %u has %zu "
                              "states, more than max_states (%zu)",
                   o->order, c.n, o->max_states);
    goto fail;
  }
  size_t cells;
  if (!cx__mul_size(c.n, c.n, &cells) ||
      !(m = cx__malloc(cells * sizeof *m)) ||
      !(x = cx__malloc(c.n * sizeof *x)) || !(removed = cx__malloc(c.n))) {
    st = cx__enomem();
    goto fail;
  }
  double base = a->sum.n_paths ? absorb(&c, NULL, m, x) : NAN;
  a->sum.p_conversion = base;
  double total_re = 0.0;
  for (size_t k = 0; k < a->nch; k++) {
    bool any = false;
    for (size_t q = 0; q < c.n; q++) {
      removed[q] = 0;
      for (unsigned i = 0; i < c.order; i++)
        if (c.tuple[q * c.order + i] == k)
          removed[q] = 1;
      any |= removed[q];
    }
    double re;
    if (!(base > 0.0))
      re = NAN;
    else if (!any)
      re = 0.0;
    else
      re = 1.0 - absorb(&c, removed, m, x) / base;
    a->credit[k].removal_effect = re;
    if (!isnan(re))
      total_re += re;
  }
  double conv = (double)(a->sum.n_conversions - a->sum.n_unattributed);
  double value = a->sum.value;
  /* The value of unattributed conversions is not shared out either. */
  for (size_t i = 0; i < s->n_var; i++)
    if (s->var[i].conv == 0)
      value -= p_var_value(s, i);
  for (size_t k = 0; k < a->nch; k++) {
    double re = a->credit[k].removal_effect;
    double share = total_re > 0.0 && !isnan(re) ? re / total_re : NAN;
    a->credit[k].markov = share * conv;
    a->credit[k].markov_value = share * value;
  }
  *out = a;
  st = CX_OK;
  a = NULL;
fail:
  if (st == CX_ENOMEM)
    st = cx__enomem();
  cx_paths_attribution_free(a);
  cx__free(ch_of);
  cx__free(path);
  cx__free(stamp);
  cx__free(m);
  cx__free(x);
  cx__free(removed);
  chain_free(&c);
  return st;
}

CX_API cx_status cx_paths_attribution_summary_get(
    const cx_paths_attribution *a, cx_paths_attribution_summary *out) {
  if (!a || !out)
    return cx__error(CX_EINVAL, "cx_paths_attribution_summary_get: NULL "
                                "argument");
  *out = a->sum;
  return CX_OK;
}

CX_API size_t cx_paths_attribution_n_channels(const cx_paths_attribution *a) {
  return a ? a->nch : 0;
}

CX_API cx_status cx_paths_attribution_channel(const cx_paths_attribution *a,
                                              size_t i, cx_paths_credit *out) {
  if (!a || !out)
    return cx__error(CX_EINVAL, "cx_paths_attribution_channel: NULL argument");
  if (i >= a->nch)
    return cx__error(CX_ENOTFOUND, "channel index %zu out of range (%zu)", i,
                     a->nch);
  *out = a->credit[i];
  return CX_OK;
}

/* ---- conformance --------------------------------------------------------- */

typedef struct unexpected {
  uint32_t tp;
  uint64_t events, cases;
} unexpected;

struct cx_paths_conformance {
  cx_paths_conformance_summary sum;
  size_t m;
  char **id;
  cx_paths_conformance_touchpoint *tp;
  unexpected *un;
  size_t n_un;
  cx_names names; /* the result's touchpoint names */
};

CX_API void cx_paths_conformance_free(cx_paths_conformance *c) {
  if (!c)
    return;
  if (c->id)
    for (size_t i = 0; i < c->m; i++)
      cx__free(c->id[i]);
  cx__free(c->id);
  cx__free(c->tp);
  cx__free(c->un);
  cx__names_free(&c->names);
  cx__free(c);
}

static _Thread_local const cx_paths_conformance *un_ctx;

static int cmp_unexpected(const void *x, const void *y) {
  const unexpected *a = x, *b = y;
  if (a->cases != b->cases)
    return a->cases > b->cases ? -1 : 1;
  return strcmp(un_ctx->names.name[a->tp], un_ctx->names.name[b->tp]);
}

/* One variant against the map. */
static void conform_variant(cx_paths_conformance *c, const p_stats *s,
                            const p_variant *v, const int32_t *pos,
                            uint64_t *seen, uint64_t serial, uint64_t *tp_ev,
                            uint64_t *tp_cs, uint64_t *tp_seen) {
  uint64_t n = v->count;
  int32_t furthest = -1, last = -1;
  bool order = true, any_unexpected = false;
  for (uint32_t k = 0; k < v->len; k++) {
    uint32_t t = p_pool_get(s, v->off + k);
    int32_t p = pos[t];
    if (p < 0) {
      any_unexpected = true;
      tp_ev[t] += n;
      if (tp_seen[t] != serial) {
        tp_seen[t] = serial;
        tp_cs[t] += n;
      }
      c->sum.unexpected_events += n;
      continue;
    }
    if (p < last)
      order = false;
    last = p;
    if (p > furthest)
      furthest = p;
    if (seen[p] != serial) {
      seen[p] = serial;
      c->tp[p].reach += n;
    }
  }
  c->sum.cases += n;
  if (order)
    c->sum.following += n;
  if (any_unexpected)
    c->sum.with_unexpected += n;
  if (furthest < 0)
    return;
  c->sum.on_map += n;
  bool skips = false;
  for (int32_t p = 0; p < furthest; p++)
    if (seen[p] != serial) {
      c->tp[p].skipped += n;
      skips = true;
    }
  if (skips)
    c->sum.with_skips += n;
  if ((size_t)furthest + 1 < c->m)
    c->tp[furthest].dropoff += n;
}

CX_API cx_status cx_paths_conformance_compute(cx_paths_conformance **out,
                                              const cx_paths_result *r,
                                              const cx_journey *journey) {
  if (!out || !r || !journey)
    return cx__error(CX_EINVAL, "cx_paths_conformance_compute: NULL argument");
  size_t m = cx_journey_n_touchpoints(journey);
  if (m == 0)
    return cx__error(CX_EINVAL, "conformance: the journey has no touchpoints");
  if (m > INT32_MAX)
    return cx__error(CX_ERANGE, "conformance: the journey is too large");
  if (r->graph_only)
    return cx__error(CX_ESTATE, "conformance: the result comes from a "
                                "graph-only log, which keeps no paths");
  size_t ntp = r->tps.count;
  cx_paths_conformance *c = cx__calloc(1, sizeof *c);
  int32_t *pos = cx__malloc((ntp ? ntp : 1) * sizeof *pos);
  uint64_t *seen = cx__calloc(m, sizeof *seen);
  uint64_t *tp_ev = cx__calloc(ntp ? ntp : 1, sizeof *tp_ev);
  uint64_t *tp_cs = cx__calloc(ntp ? ntp : 1, sizeof *tp_cs);
  uint64_t *tp_seen = cx__calloc(ntp ? ntp : 1, sizeof *tp_seen);
  cx_status st = CX_ENOMEM;
  if (!c || !pos || !seen || !tp_ev || !tp_cs || !tp_seen)
    goto done;
  c->m = m;
  c->id = cx__calloc(m, sizeof *c->id);
  c->tp = cx__calloc(m, sizeof *c->tp);
  if (!c->id || !c->tp || !cx__names_copy(&c->names, &r->tps))
    goto done;
  for (size_t t = 0; t < ntp; t++)
    pos[t] = -1;
  for (size_t j = 0; j < m; j++) {
    const char *id = cx_journey_touchpoint_id(journey, j);
    if (!id || !(c->id[j] = cx__strdup(id)))
      goto done;
    c->tp[j].id = c->id[j];
    size_t t = cx__names_find(&r->tps, id, strlen(id));
    if (t != SIZE_MAX && pos[t] < 0)
      pos[t] = (int32_t)j;
  }
  for (size_t i = 0; i < r->st.n_var; i++)
    conform_variant(c, &r->st, &r->st.var[i], pos, seen, i + 1, tp_ev, tp_cs,
                    tp_seen);
  for (size_t j = 0; j < m; j++) {
    cx_paths_conformance_touchpoint *t = &c->tp[j];
    t->reach_share = c->sum.cases ? (double)t->reach / (double)c->sum.cases
                                  : NAN;
    t->dropoff_share = t->reach ? (double)t->dropoff / (double)t->reach : NAN;
  }
  c->sum.share_following =
      c->sum.cases ? (double)c->sum.following / (double)c->sum.cases : NAN;
  for (size_t t = 0; t < ntp; t++)
    if (tp_ev[t])
      c->n_un++;
  c->un = cx__calloc(c->n_un ? c->n_un : 1, sizeof *c->un);
  if (!c->un)
    goto done;
  size_t k = 0;
  for (size_t t = 0; t < ntp; t++)
    if (tp_ev[t])
      c->un[k++] = (unexpected){(uint32_t)t, tp_ev[t], tp_cs[t]};
  un_ctx = c;
  qsort(c->un, c->n_un, sizeof *c->un, cmp_unexpected);
  un_ctx = NULL;
  st = CX_OK;
done:
  cx__free(pos);
  cx__free(seen);
  cx__free(tp_ev);
  cx__free(tp_cs);
  cx__free(tp_seen);
  if (st) {
    cx_paths_conformance_free(c);
    return cx__enomem();
  }
  *out = c;
  return CX_OK;
}

CX_API cx_status cx_paths_conformance_summary_get(
    const cx_paths_conformance *c, cx_paths_conformance_summary *out) {
  if (!c || !out)
    return cx__error(CX_EINVAL, "cx_paths_conformance_summary_get: NULL "
                                "argument");
  *out = c->sum;
  return CX_OK;
}

CX_API size_t cx_paths_conformance_n_touchpoints(
    const cx_paths_conformance *c) {
  return c ? c->m : 0;
}

CX_API cx_status cx_paths_conformance_touchpoint_get(
    const cx_paths_conformance *c, size_t i,
    cx_paths_conformance_touchpoint *out) {
  if (!c || !out)
    return cx__error(CX_EINVAL, "cx_paths_conformance_touchpoint_get: NULL "
                                "argument");
  if (i >= c->m)
    return cx__error(CX_ENOTFOUND, "map touchpoint %zu out of range (%zu)", i,
                     c->m);
  *out = c->tp[i];
  return CX_OK;
}

CX_API size_t cx_paths_conformance_n_unexpected(
    const cx_paths_conformance *c) {
  return c ? c->n_un : 0;
}

CX_API cx_status cx_paths_conformance_unexpected_get(
    const cx_paths_conformance *c, size_t i, cx_paths_unexpected *out) {
  if (!c || !out)
    return cx__error(CX_EINVAL, "cx_paths_conformance_unexpected_get: NULL "
                                "argument");
  if (i >= c->n_un)
    return cx__error(CX_ENOTFOUND, "unexpected touchpoint %zu out of range "
                                   "(%zu)",
                     i, c->n_un);
  out->name = c->names.name[c->un[i].tp];
  out->events = c->un[i].events;
  out->cases = c->un[i].cases;
  return CX_OK;
}

CX_API cx_status cx_paths_conformance_apply(const cx_paths_conformance *c,
                                            cx_journey *journey) {
  if (!c || !journey)
    return cx__error(CX_EINVAL, "cx_paths_conformance_apply: NULL argument");
  for (size_t j = 0; j < c->m; j++) {
    const cx_paths_conformance_touchpoint *t = &c->tp[j];
    if (cx_journey_touchpoint_find(journey, t->id, NULL, NULL) != CX_OK)
      continue;
    cx_status st;
    if ((st = cx_journey_touchpoint_set_number(journey, t->id, CX_TP_REACH,
                                               (double)t->reach)))
      return st;
    if (!isnan(t->reach_share) &&
        (st = cx_journey_touchpoint_metric_set(
             journey, t->id, "observed_reach_share", t->reach_share)))
      return st;
    if ((st = cx_journey_touchpoint_metric_set(
             journey, t->id, "observed_dropoff", (double)t->dropoff)))
      return st;
    if (!isnan(t->dropoff_share) &&
        (st = cx_journey_touchpoint_metric_set(
             journey, t->id, "observed_dropoff_share", t->dropoff_share)))
      return st;
    if ((st = cx_journey_touchpoint_metric_set(
             journey, t->id, "observed_skipped", (double)t->skipped)))
      return st;
  }
  return CX_OK;
}
