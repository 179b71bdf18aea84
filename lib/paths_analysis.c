/*
 * Summaries of closed cases (the directly-follows pairs, the variants, the
 * case durations and the declared funnels), the duration sketch behind
 * every median, and the results computed from a log: graph, variants,
 * durations and funnels.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "paths_internal.h"

/* ---- duration sketch ----------------------------------------------------- */

enum { SUB = 1 << P_SKETCH_SUB_BITS, EXACT_BELOW = 2 * SUB };

static int top_bit(uint64_t v) {
#if defined(__GNUC__)
  return 63 - __builtin_clzll(v);
#else
  int e = 0;
  while (v >>= 1)
    e++;
  return e;
#endif
}

static uint64_t bucket_of(uint64_t v) {
  if (v < EXACT_BELOW)
    return v;
  int shift = top_bit(v) - P_SKETCH_SUB_BITS;
  return ((uint64_t)shift << (P_SKETCH_SUB_BITS + 1)) | (v >> shift);
}

static bool bucket_valid(uint64_t key) {
  if (key < EXACT_BELOW)
    return true;
  uint64_t shift = key >> (P_SKETCH_SUB_BITS + 1);
  uint64_t m = key & (EXACT_BELOW - 1);
  return shift >= 1 && shift <= 62 - P_SKETCH_SUB_BITS && m >= SUB;
}

/* Midpoint of the values a key stands for. */
static double key_value(uint64_t key, bool binned) {
  if (!binned || key < EXACT_BELOW)
    return (double)key;
  int shift = (int)(key >> (P_SKETCH_SUB_BITS + 1));
  double lo = ldexp((double)(key & (EXACT_BELOW - 1)), shift);
  return lo + (ldexp(1.0, shift) - 1.0) / 2.0;
}

void p_sketch_free(p_sketch *s) {
  cx__free(s->key);
  cx__free(s->cnt);
  memset(s, 0, sizeof *s);
}

static bool sk_rehash(p_sketch *s, uint32_t cap) {
  uint64_t *key = cx__malloc((size_t)cap * sizeof *key);
  uint64_t *cnt = cx__malloc((size_t)cap * sizeof *cnt);
  if (!key || !cnt) {
    cx__free(key);
    cx__free(cnt);
    return false;
  }
  for (uint32_t i = 0; i < cap; i++)
    key[i] = P_EMPTY;
  for (uint32_t i = 0; i < s->cap; i++) {
    if (s->key[i] == P_EMPTY)
      continue;
    size_t j = (size_t)p_mix(s->key[i]) & (cap - 1);
    while (key[j] != P_EMPTY)
      j = (j + 1) & (cap - 1);
    key[j] = s->key[i];
    cnt[j] = s->cnt[i];
  }
  cx__free(s->key);
  cx__free(s->cnt);
  s->key = key;
  s->cnt = cnt;
  s->cap = cap;
  return true;
}

static bool sk_put(p_sketch *s, uint64_t k, uint64_t c) {
  if ((s->n + 1) * 4 > s->cap * 3 && !sk_rehash(s, s->cap ? s->cap * 2 : 8))
    return false;
  size_t mask = s->cap - 1;
  size_t j = (size_t)p_mix(k) & mask;
  while (s->key[j] != P_EMPTY && s->key[j] != k)
    j = (j + 1) & mask;
  if (s->key[j] == k) {
    s->cnt[j] += c;
  } else {
    s->key[j] = k;
    s->cnt[j] = c;
    s->n++;
  }
  return true;
}

/* Turn an exact sketch into buckets. */
static bool sk_bin(p_sketch *s) {
  p_sketch b = {0};
  b.binned = 1;
  for (uint32_t i = 0; i < s->cap; i++)
    if (s->key[i] != P_EMPTY && !sk_put(&b, bucket_of(s->key[i]), s->cnt[i])) {
      p_sketch_free(&b);
      return false;
    }
  p_sketch_free(s);
  *s = b;
  return true;
}

bool p_sketch_add(p_sketch *s, uint64_t v, uint64_t count) {
  if (!sk_put(s, s->binned ? bucket_of(v) : v, count))
    return false;
  return s->binned || s->n <= P_SKETCH_EXACT || sk_bin(s);
}

bool p_sketch_merge(p_sketch *dst, const p_sketch *src) {
  if (src->binned && !dst->binned && !sk_bin(dst))
    return false;
  for (uint32_t i = 0; i < src->cap; i++) {
    if (src->key[i] == P_EMPTY)
      continue;
    bool ok = src->binned ? sk_put(dst, src->key[i], src->cnt[i])
                          : p_sketch_add(dst, src->key[i], src->cnt[i]);
    if (!ok)
      return false;
  }
  return true;
}

bool p_sketch_copy(p_sketch *dst, const p_sketch *src) {
  memset(dst, 0, sizeof *dst);
  dst->binned = src->binned;
  if (!src->cap)
    return true;
  dst->key = cx__malloc((size_t)src->cap * sizeof *dst->key);
  dst->cnt = cx__malloc((size_t)src->cap * sizeof *dst->cnt);
  if (!dst->key || !dst->cnt) {
    p_sketch_free(dst);
    return false;
  }
  memcpy(dst->key, src->key, (size_t)src->cap * sizeof *dst->key);
  memcpy(dst->cnt, src->cnt, (size_t)src->cap * sizeof *dst->cnt);
  dst->cap = src->cap;
  dst->n = src->n;
  return true;
}

static int cmp_pair(const void *a, const void *b) {
  const uint64_t *x = a, *y = b;
  return x[0] < y[0] ? -1 : x[0] > y[0];
}

bool p_sketch_entries(const p_sketch *s, uint64_t **key, uint64_t **cnt) {
  uint64_t *pair = cx__malloc(((size_t)s->n + 1) * 2 * sizeof *pair);
  *key = cx__malloc(((size_t)s->n + 1) * sizeof **key);
  *cnt = cx__malloc(((size_t)s->n + 1) * sizeof **cnt);
  if (!pair || !*key || !*cnt) {
    cx__free(pair);
    cx__free(*key);
    cx__free(*cnt);
    *key = *cnt = NULL;
    return false;
  }
  size_t k = 0;
  for (uint32_t i = 0; i < s->cap; i++)
    if (s->key[i] != P_EMPTY) {
      pair[2 * k] = s->key[i];
      pair[2 * k + 1] = s->cnt[i];
      k++;
    }
  qsort(pair, k, 2 * sizeof *pair, cmp_pair);
  for (size_t i = 0; i < k; i++) {
    (*key)[i] = pair[2 * i];
    (*cnt)[i] = pair[2 * i + 1];
  }
  cx__free(pair);
  return true;
}

bool p_sketch_load(p_sketch *s, bool binned, const uint64_t *key,
                   const uint64_t *cnt, uint32_t n, bool *nomem) {
  *nomem = false;
  memset(s, 0, sizeof *s);
  s->binned = binned;
  if (!binned && n > P_SKETCH_EXACT)
    return false;
  for (uint32_t i = 0; i < n; i++) {
    if (cnt[i] == 0 || (i && key[i] <= key[i - 1]) ||
        (binned ? !bucket_valid(key[i]) : key[i] >= ((uint64_t)1 << 63))) {
      p_sketch_free(s);
      return false;
    }
    if (!sk_put(s, key[i], cnt[i])) {
      p_sketch_free(s);
      *nomem = true;
      return false;
    }
  }
  return true;
}

bool p_sketch_sorted(const p_sketch *s, p_sorted *out) {
  memset(out, 0, sizeof *out);
  uint64_t *key, *cnt;
  if (!p_sketch_entries(s, &key, &cnt))
    return false;
  out->value = cx__malloc(((size_t)s->n + 1) * sizeof *out->value);
  if (!out->value) {
    cx__free(key);
    cx__free(cnt);
    return false;
  }
  for (uint32_t i = 0; i < s->n; i++) {
    out->value[i] = key_value(key[i], s->binned);
    out->total += cnt[i];
  }
  cx__free(key);
  out->count = cnt;
  out->n = s->n;
  return true;
}

void p_sorted_free(p_sorted *s) {
  cx__free(s->value);
  cx__free(s->count);
  memset(s, 0, sizeof *s);
}

/* Value of the order statistic of 0-based rank @p r. */
static double rank_value(const p_sorted *s, uint64_t r, size_t *i,
                         uint64_t *below) {
  while (*i < s->n && *below + s->count[*i] <= r) {
    *below += s->count[*i];
    (*i)++;
  }
  return s->value[*i < s->n ? *i : s->n - 1];
}

double p_sorted_quantile(const p_sorted *s, double q) {
  if (s->total == 0)
    return NAN;
  double h = (double)(s->total - 1) * q;
  double fl = floor(h);
  uint64_t lo = (uint64_t)fl;
  size_t i = 0;
  uint64_t below = 0;
  double a = rank_value(s, lo, &i, &below);
  if (h == fl || lo + 1 >= s->total)
    return a;
  double b = rank_value(s, lo + 1, &i, &below);
  return a + (h - fl) * (b - a);
}

/* ---- integer map --------------------------------------------------------- */

void p_map_free(p_map *m) {
  cx__free(m->key);
  cx__free(m->val);
  memset(m, 0, sizeof *m);
}

uint32_t p_map_get(const p_map *m, uint64_t key) {
  if (!m->cap)
    return P_NONE;
  size_t mask = m->cap - 1;
  for (size_t j = (size_t)p_mix(key) & mask;; j = (j + 1) & mask) {
    if (m->val[j] == P_NONE)
      return P_NONE;
    if (m->key[j] == key)
      return m->val[j];
  }
}

static bool map_rehash(p_map *m, size_t cap) {
  uint64_t *key = cx__malloc(cap * sizeof *key);
  uint32_t *val = cx__malloc(cap * sizeof *val);
  if (!key || !val) {
    cx__free(key);
    cx__free(val);
    return false;
  }
  for (size_t i = 0; i < cap; i++)
    val[i] = P_NONE;
  for (size_t i = 0; i < m->cap; i++) {
    if (m->val[i] == P_NONE)
      continue;
    size_t j = (size_t)p_mix(m->key[i]) & (cap - 1);
    while (val[j] != P_NONE)
      j = (j + 1) & (cap - 1);
    key[j] = m->key[i];
    val[j] = m->val[i];
  }
  cx__free(m->key);
  cx__free(m->val);
  m->key = key;
  m->val = val;
  m->cap = cap;
  return true;
}

bool p_map_put(p_map *m, uint64_t key, uint32_t val) {
  if ((m->n + 1) * 2 > m->cap && !map_rehash(m, m->cap ? m->cap * 2 : 16))
    return false;
  size_t mask = m->cap - 1;
  size_t j = (size_t)p_mix(key) & mask;
  while (m->val[j] != P_NONE)
    j = (j + 1) & mask;
  m->key[j] = key;
  m->val[j] = val;
  m->n++;
  return true;
}

bool p_map_copy(p_map *dst, const p_map *src) {
  memset(dst, 0, sizeof *dst);
  if (!src->cap)
    return true;
  dst->key = cx__malloc(src->cap * sizeof *dst->key);
  dst->val = cx__malloc(src->cap * sizeof *dst->val);
  if (!dst->key || !dst->val) {
    p_map_free(dst);
    return false;
  }
  memcpy(dst->key, src->key, src->cap * sizeof *dst->key);
  memcpy(dst->val, src->val, src->cap * sizeof *dst->val);
  dst->cap = src->cap;
  dst->n = src->n;
  return true;
}

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

static bool funnel_slots(p_funnel *f, size_t nslots) {
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
  if (!funnel_slots(f, nslots)) {
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

/* ---- summaries ----------------------------------------------------------- */

void p_stats_init(p_stats *s) {
  memset(s, 0, sizeof *s);
  s->dur_min = UINT64_MAX;
}

void p_stats_free(p_stats *s) {
  cx__free(s->tp_events);
  cx__free(s->tp_cases);
  cx__free(s->tp_starts);
  cx__free(s->tp_ends);
  cx__free(s->tp_stamp);
  for (size_t i = 0; i < s->n_edges; i++)
    p_sketch_free(&s->edge[i].sk);
  cx__free(s->edge);
  p_map_free(&s->edge_map);
  cx__free(s->var);
  cx__free(s->var_slot);
  cx__free(s->pool);
  p_sketch_free(&s->dur_sk);
  for (size_t i = 0; i < s->n_funnels; i++)
    p_funnel_free(&s->funnel[i]);
  cx__free(s->funnel);
  p_stats_init(s);
}

bool p_stats_closed_any(const p_stats *s) { return s->n_cases > 0; }

static bool grow_u64(uint64_t **a, size_t old, size_t cap) {
  uint64_t *p = cx__realloc(*a, cap * sizeof *p);
  if (!p)
    return false;
  memset(p + old, 0, (cap - old) * sizeof *p);
  *a = p;
  return true;
}

bool p_stats_reserve_tp(p_stats *s, size_t ntp) {
  if (ntp <= s->tp_cap)
    return true;
  size_t cap = s->tp_cap ? s->tp_cap : 16;
  while (cap < ntp)
    cap *= 2;
  if (!grow_u64(&s->tp_events, s->tp_cap, cap) ||
      !grow_u64(&s->tp_cases, s->tp_cap, cap) ||
      !grow_u64(&s->tp_starts, s->tp_cap, cap) ||
      !grow_u64(&s->tp_ends, s->tp_cap, cap) ||
      !grow_u64(&s->tp_stamp, s->tp_cap, cap))
    return false; /* the grown arrays stay usable; tp_cap is unchanged */
  s->tp_cap = cap;
  return true;
}

bool p_stats_reserve_slots(p_stats *s, size_t nslots) {
  for (size_t i = 0; i < s->n_funnels; i++)
    if (!funnel_slots(&s->funnel[i], nslots))
      return false;
  return true;
}

p_edge *p_edge_get(p_stats *s, uint32_t from, uint32_t to, bool *nomem) {
  uint64_t key = (uint64_t)from << 32 | to;
  uint32_t k = p_map_get(&s->edge_map, key);
  if (k != P_NONE)
    return &s->edge[k];
  if (s->n_edges == s->edge_cap) {
    size_t cap = s->edge_cap ? s->edge_cap * 2 : 64;
    p_edge *e = cx__realloc(s->edge, cap * sizeof *e);
    if (!e) {
      *nomem = true;
      return NULL;
    }
    s->edge = e;
    s->edge_cap = cap;
  }
  if (!p_map_put(&s->edge_map, key, (uint32_t)s->n_edges)) {
    *nomem = true;
    return NULL;
  }
  p_edge *e = &s->edge[s->n_edges++];
  memset(e, 0, sizeof *e);
  e->from = from;
  e->to = to;
  e->min = UINT64_MAX;
  return e;
}

static uint64_t seq_hash(const uint32_t *seq, uint32_t len, uint32_t segment,
                         uint32_t conv) {
  uint64_t h = p_mix(((uint64_t)segment << 32 | conv) ^ len);
  for (uint32_t i = 0; i < len; i++)
    h = p_mix(h ^ seq[i]) + 0x9e3779b97f4a7c15ull;
  return h;
}

static bool var_rehash(p_stats *s, size_t nslots) {
  uint32_t *slot = cx__calloc(nslots, sizeof *slot);
  if (!slot)
    return false;
  for (size_t k = 0; k < s->n_var; k++) {
    size_t j = (size_t)s->var[k].hash & (nslots - 1);
    while (slot[j])
      j = (j + 1) & (nslots - 1);
    slot[j] = (uint32_t)(k + 1);
  }
  cx__free(s->var_slot);
  s->var_slot = slot;
  s->var_nslots = nslots;
  return true;
}

p_variant *p_variant_get(p_stats *s, const uint32_t *seq, uint32_t len,
                         uint32_t segment, uint32_t conv, bool *nomem) {
  uint64_t h = seq_hash(seq, len, segment, conv);
  if (s->var_nslots) {
    size_t mask = s->var_nslots - 1;
    for (size_t j = (size_t)h & mask; s->var_slot[j]; j = (j + 1) & mask) {
      p_variant *v = &s->var[s->var_slot[j] - 1];
      if (v->hash == h && v->len == len && v->segment == segment &&
          v->conv == conv &&
          memcmp(s->pool + v->off, seq, len * sizeof *seq) == 0)
        return v;
    }
  }
  if (s->n_var >= UINT32_MAX - 1) {
    *nomem = true;
    return NULL;
  }
  if ((s->n_var + 1) * 2 > s->var_nslots &&
      !var_rehash(s, s->var_nslots ? s->var_nslots * 2 : 64)) {
    *nomem = true;
    return NULL;
  }
  if (s->n_var == s->var_cap) {
    size_t cap = s->var_cap ? s->var_cap * 2 : 64;
    p_variant *v = cx__realloc(s->var, cap * sizeof *v);
    if (!v) {
      *nomem = true;
      return NULL;
    }
    s->var = v;
    s->var_cap = cap;
  }
  if (s->pool_len + len > s->pool_cap) {
    size_t cap = s->pool_cap ? s->pool_cap : 1024;
    while (cap < s->pool_len + len)
      cap *= 2;
    uint32_t *p = cx__realloc(s->pool, cap * sizeof *p);
    if (!p) {
      *nomem = true;
      return NULL;
    }
    s->pool = p;
    s->pool_cap = cap;
  }
  p_variant *v = &s->var[s->n_var];
  memset(v, 0, sizeof *v);
  v->off = s->pool_len;
  v->len = len;
  v->segment = segment;
  v->conv = conv;
  v->hash = h;
  if (len)
    memcpy(s->pool + s->pool_len, seq, len * sizeof *seq);
  s->pool_len += len;
  size_t mask = s->var_nslots - 1;
  size_t j = (size_t)h & mask;
  while (s->var_slot[j])
    j = (j + 1) & mask;
  s->var_slot[j] = (uint32_t)(++s->n_var);
  return v;
}

static void edge_add(p_edge *e, uint64_t d, bool *nomem) {
  e->count++;
  if (d < e->min)
    e->min = d;
  if (d > e->max)
    e->max = d;
  p_u128_add(&e->sum, d);
  if (!p_sketch_add(&e->sk, d, 1))
    *nomem = true;
}

cx_status p_stats_close(p_stats *s, const p_case *c, const cx_names *names,
                        size_t nslots) {
  if (!p_stats_reserve_tp(s, names->count) ||
      !p_stats_reserve_slots(s, nslots))
    return cx__enomem();
  for (size_t f = 0; f < s->n_funnels; f++)
    if (!p_funnel_resolve(&s->funnel[f], names))
      return cx__enomem();
  for (size_t f = 0; f < s->n_funnels; f++)
    p_funnel_eval(&s->funnel[f], c);
  s->n_events += c->n;
  s->n_cases++;
  if (c->n == 0 || s->funnels_only)
    return CX_OK;
  bool nomem = false;
  uint64_t stamp = ++s->serial;
  uint32_t conv = P_NONE;
  double value = 0.0;
  for (uint32_t i = 0; i < c->n; i++) {
    uint32_t t = c->tp[i];
    s->tp_events[t]++;
    if (s->tp_stamp[t] != stamp) {
      s->tp_stamp[t] = stamp;
      s->tp_cases[t]++;
    }
    if (c->out[i]) {
      if (conv == P_NONE)
        conv = i;
      if (!isnan(c->val[i]))
        value += c->val[i];
    }
    if (i + 1 < c->n) {
      p_edge *e = p_edge_get(s, t, c->tp[i + 1], &nomem);
      if (e)
        edge_add(e, (uint64_t)(c->ts[i + 1] - c->ts[i]), &nomem);
    }
  }
  s->tp_starts[c->tp[0]]++;
  s->tp_ends[c->tp[c->n - 1]]++;
  uint64_t d = (uint64_t)(c->ts[c->n - 1] - c->ts[0]);
  p_u128_add(&s->dur_sum, d);
  if (d < s->dur_min)
    s->dur_min = d;
  if (d > s->dur_max)
    s->dur_max = d;
  if (!p_sketch_add(&s->dur_sk, d, 1))
    nomem = true;
  if (conv != P_NONE) {
    s->n_converted++;
    s->value += value;
  }
  p_variant *v = p_variant_get(s, c->tp, c->n, c->segment, conv, &nomem);
  if (v) {
    v->count++;
    p_u128_add(&v->dur, d);
    v->value += value;
  }
  return nomem ? cx__enomem() : CX_OK;
}

bool p_stats_copy(p_stats *d, const p_stats *s) {
  p_stats_init(d);
  d->n_events = s->n_events;
  d->n_cases = s->n_cases;
  d->n_converted = s->n_converted;
  d->value = s->value;
  d->dur_sum = s->dur_sum;
  d->dur_min = s->dur_min;
  d->dur_max = s->dur_max;
  if (!p_stats_reserve_tp(d, s->tp_cap))
    goto fail;
  if (s->tp_cap) {
    memcpy(d->tp_events, s->tp_events, s->tp_cap * sizeof(uint64_t));
    memcpy(d->tp_cases, s->tp_cases, s->tp_cap * sizeof(uint64_t));
    memcpy(d->tp_starts, s->tp_starts, s->tp_cap * sizeof(uint64_t));
    memcpy(d->tp_ends, s->tp_ends, s->tp_cap * sizeof(uint64_t));
  }
  if (s->n_edges) {
    d->edge = cx__malloc(s->n_edges * sizeof *d->edge);
    if (!d->edge)
      goto fail;
    d->edge_cap = s->n_edges;
    for (size_t i = 0; i < s->n_edges; i++) {
      d->edge[i] = s->edge[i];
      if (!p_sketch_copy(&d->edge[i].sk, &s->edge[i].sk)) {
        d->n_edges = i;
        goto fail;
      }
      d->n_edges = i + 1;
    }
  }
  if (!p_map_copy(&d->edge_map, &s->edge_map))
    goto fail;
  if (s->n_var) {
    d->var = cx__malloc(s->n_var * sizeof *d->var);
    d->var_slot = cx__malloc(s->var_nslots * sizeof *d->var_slot);
    d->pool = cx__malloc((s->pool_len ? s->pool_len : 1) * sizeof *d->pool);
    if (!d->var || !d->var_slot || !d->pool)
      goto fail;
    memcpy(d->var, s->var, s->n_var * sizeof *d->var);
    memcpy(d->var_slot, s->var_slot, s->var_nslots * sizeof *d->var_slot);
    if (s->pool_len)
      memcpy(d->pool, s->pool, s->pool_len * sizeof *d->pool);
    d->n_var = d->var_cap = s->n_var;
    d->var_nslots = s->var_nslots;
    d->pool_len = d->pool_cap = s->pool_len;
  }
  if (!p_sketch_copy(&d->dur_sk, &s->dur_sk))
    goto fail;
  if (s->n_funnels) {
    d->funnel = cx__calloc(s->n_funnels, sizeof *d->funnel);
    if (!d->funnel)
      goto fail;
    for (size_t i = 0; i < s->n_funnels; i++) {
      if (!p_funnel_copy(&d->funnel[i], &s->funnel[i]))
        goto fail;
      d->n_funnels = i + 1;
    }
  }
  return true;
fail:
  p_stats_free(d);
  return false;
}

cx_status p_stats_merge(p_stats *d, const p_stats *s, const uint32_t *tp_map,
                        const uint32_t *seg_map, const cx_names *names,
                        size_t nslots) {
  if (!p_stats_reserve_tp(d, names->count) || !p_stats_reserve_slots(d, nslots))
    return cx__enomem();
  bool nomem = false;
  d->n_events += s->n_events;
  d->n_cases += s->n_cases;
  d->n_converted += s->n_converted;
  d->value += s->value;
  p_u128_addw(&d->dur_sum, s->dur_sum);
  if (s->dur_min < d->dur_min)
    d->dur_min = s->dur_min;
  if (s->n_cases && s->dur_max > d->dur_max)
    d->dur_max = s->dur_max;
  if (!p_sketch_merge(&d->dur_sk, &s->dur_sk))
    nomem = true;
  for (size_t t = 0; t < s->tp_cap; t++) {
    if (!(s->tp_events[t] | s->tp_starts[t] | s->tp_ends[t] | s->tp_cases[t]))
      continue;
    uint32_t u = tp_map[t];
    d->tp_events[u] += s->tp_events[t];
    d->tp_cases[u] += s->tp_cases[t];
    d->tp_starts[u] += s->tp_starts[t];
    d->tp_ends[u] += s->tp_ends[t];
  }
  for (size_t i = 0; i < s->n_edges && !nomem; i++) {
    const p_edge *se = &s->edge[i];
    p_edge *e = p_edge_get(d, tp_map[se->from], tp_map[se->to], &nomem);
    if (!e)
      break;
    e->count += se->count;
    p_u128_addw(&e->sum, se->sum);
    if (se->min < e->min)
      e->min = se->min;
    if (se->max > e->max)
      e->max = se->max;
    if (!p_sketch_merge(&e->sk, &se->sk))
      nomem = true;
  }
  uint32_t *seq = NULL;
  size_t seq_cap = 0;
  for (size_t i = 0; i < s->n_var && !nomem; i++) {
    const p_variant *sv = &s->var[i];
    if (sv->len > seq_cap) {
      cx__free(seq);
      seq_cap = sv->len * 2;
      if (!(seq = cx__malloc(seq_cap * sizeof *seq))) {
        nomem = true;
        break;
      }
    }
    for (uint32_t k = 0; k < sv->len; k++)
      seq[k] = tp_map[s->pool[sv->off + k]];
    p_variant *v = p_variant_get(d, seq, sv->len, seg_map[sv->segment],
                                 sv->conv, &nomem);
    if (!v)
      break;
    v->count += sv->count;
    p_u128_addw(&v->dur, sv->dur);
    v->value += sv->value;
  }
  cx__free(seq);
  /* Funnels: figures of src's funnels go to dst's equal ones, slot by
   * slot through the segment map. */
  for (size_t f = 0; f < d->n_funnels && !nomem; f++) {
    p_funnel *df = &d->funnel[f];
    for (size_t g = 0; g < s->n_funnels; g++) {
      const p_funnel *sf = &s->funnel[g];
      if (!p_funnel_same(df, (const char *const *)sf->step, sf->nsteps,
                         sf->mode, sf->window))
        continue;
      for (size_t slot = 0; slot < sf->nslots; slot++) {
        size_t ds = seg_map[slot];
        df->cases[ds] += sf->cases[slot];
        for (uint32_t j = 0; j < sf->nsteps; j++) {
          size_t a = ds * df->nsteps + j, b = slot * sf->nsteps + j;
          df->reached[a] += sf->reached[b];
          p_u128_addw(&df->tsum[a], sf->tsum[b]);
          if (!p_sketch_merge(&df->tsk[a], &sf->tsk[b]))
            nomem = true;
        }
      }
      break;
    }
  }
  return nomem ? cx__enomem() : CX_OK;
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

static int cmp_agg(const void *x, const void *y) {
  const p_agg *a = x, *b = y;
  if (a->count != b->count)
    return a->count > b->count ? -1 : 1;
  return names_cmp(sort_ctx->st.pool + a->off, a->len,
                   sort_ctx->st.pool + b->off, b->len);
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

/* Variants pooled over segments and conversion positions. */
static bool aggregate(cx_paths_result *r) {
  const p_stats *s = &r->st;
  p_stats tmp;
  p_stats_init(&tmp);
  bool nomem = false;
  r->agg = cx__calloc(s->n_var ? s->n_var : 1, sizeof *r->agg);
  if (!r->agg)
    return false;
  for (size_t i = 0; i < s->n_var && !nomem; i++) {
    const p_variant *v = &s->var[i];
    p_variant *t = p_variant_get(&tmp, s->pool + v->off, v->len, 0, 0, &nomem);
    if (!t)
      break;
    size_t k = (size_t)(t - tmp.var);
    if (k == r->n_agg) {
      r->agg[k].off = v->off;
      r->agg[k].len = v->len;
      r->n_agg++;
    }
    p_agg *a = &r->agg[k];
    a->count += v->count;
    if (v->conv != P_NONE)
      a->converted += v->count;
    a->value += v->value;
    p_u128_addw(&a->dur, v->dur);
  }
  p_stats_free(&tmp);
  return !nomem;
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
      !p_stats_copy(&r->st, &log->st))
    goto fail;
  /* Funnels are not part of a result. */
  for (size_t i = 0; i < r->st.n_funnels; i++)
    p_funnel_free(&r->st.funnel[i]);
  r->st.n_funnels = 0;
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
  for (size_t i = 0; i < ne; i++) {
    p_sorted so;
    if (!p_sketch_sorted(&r->st.edge[i].sk, &so))
      goto fail;
    r->edge_median[i] = p_sorted_quantile(&so, 0.5) / 1e6;
    r->edge_exact[i] = !r->st.edge[i].sk.binned;
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
  qsort(r->agg, r->n_agg, sizeof *r->agg, cmp_agg);
  sort_ctx = NULL;
  sort_rank = NULL;
  cx__free(by_name);
  cx__free(rank);
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
  const p_agg *a = &r->agg[i];
  out->length = a->len;
  out->count = a->count;
  out->share = (double)a->count / (double)r->st.n_cases;
  out->converted = a->converted;
  out->value = a->value;
  out->mean_duration = p_u128_double(a->dur) / 1e6 / (double)a->count;
  return CX_OK;
}

CX_API size_t cx_paths_result_variant_step(const cx_paths_result *r, size_t i,
                                           size_t pos) {
  if (!r || i >= r->n_agg || pos >= r->agg[i].len)
    return SIZE_MAX;
  return r->st.pool[r->agg[i].off + pos];
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
  if (!funnel_slots(&tmp.funnel[0], p_slots(log)) ||
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
