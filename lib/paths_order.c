/*
 * Ordering: the held events of a log by case and time (ties in order of
 * arrival), each case then summarised; the integer map that numbers cases
 * whose keys are too spread for a table; and the variants of a result by
 * count and names.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "paths_internal.h"

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

/* ---- ordering and closing cases ------------------------------------------ */

void p_group(const uint32_t *key, size_t n, size_t nkeys, uint32_t *end,
             uint32_t *order) {
  memset(end, 0, (nkeys + 1) * sizeof *end);
  for (size_t i = 0; i < n; i++)
    end[key[i] + 1]++;
  for (size_t k = 0; k < nkeys; k++)
    end[k + 1] += end[k];
  /* end[k] is the start of key k; placing the elements moves it to its
   * end. */
  for (size_t i = 0; i < n; i++)
    order[end[key[i]]++] = (uint32_t)i;
}

/* Events as columns, with two index columns a and b: a decoded
 * partition (a: local case numbers, b: its events grouped by case) or
 * one case in time order (a: arrival places, b: room for sorting them). */
typedef struct cols {
  uint32_t *tp, *a, *b;
  int64_t *ts;
  uint8_t *out;
  double *val;
  size_t cap;
} cols;

static void cols_free(cols *c) {
  cx__free(c->tp);
  cx__free(c->a);
  cx__free(c->b);
  cx__free(c->ts);
  cx__free(c->out);
  cx__free(c->val);
  memset(c, 0, sizeof *c);
}

/* Room for @p n events (kept: none). */
static bool cols_reserve(cols *c, size_t n) {
  if (n <= c->cap)
    return true;
  size_t cap = c->cap ? c->cap : 64;
  while (cap < n)
    cap *= 2;
  cols t = {0};
  t.tp = cx__malloc(cap * sizeof *t.tp);
  t.a = cx__malloc(cap * sizeof *t.a);
  t.b = cx__malloc(cap * sizeof *t.b);
  t.ts = cx__malloc(cap * sizeof *t.ts);
  t.out = cx__malloc(cap);
  t.val = cx__malloc(cap * sizeof *t.val);
  t.cap = cap;
  if (!t.tp || !t.a || !t.b || !t.ts || !t.out || !t.val) {
    cols_free(&t);
    return false;
  }
  cols_free(c);
  *c = t;
  return true;
}

/* A decoded partition and, per local case, where its events end in the
 * grouped order. */
typedef struct work {
  cols ev;
  uint32_t *end;
  size_t end_cap;
} work;

static void work_free(work *w) {
  cols_free(&w->ev);
  cx__free(w->end);
  memset(w, 0, sizeof *w);
}

static bool work_reserve(work *w, size_t n, size_t ncases) {
  if (!cols_reserve(&w->ev, n))
    return false;
  if (ncases + 1 > w->end_cap) {
    uint32_t *e = cx__realloc(w->end, (ncases + 1) * sizeof *e);
    if (!e)
      return false;
    w->end = e;
    w->end_cap = ncases + 1;
  }
  return true;
}

/* Stable merge sort of idx[0..n) by ts[idx]. */
static void sort_by_time(uint32_t *idx, uint32_t *tmp, size_t n,
                         const int64_t *ts) {
  if (n < 24) {
    for (size_t i = 1; i < n; i++) {
      uint32_t v = idx[i];
      size_t j = i;
      while (j > 0 && ts[idx[j - 1]] > ts[v]) {
        idx[j] = idx[j - 1];
        j--;
      }
      idx[j] = v;
    }
    return;
  }
  size_t h = n / 2;
  sort_by_time(idx, tmp, h, ts);
  sort_by_time(idx + h, tmp, n - h, ts);
  if (ts[idx[h - 1]] <= ts[idx[h]])
    return;
  memcpy(tmp, idx, h * sizeof *tmp);
  size_t i = 0, j = h, k = 0;
  while (i < h && j < n)
    idx[k++] = ts[idx[j]] < ts[tmp[i]] ? idx[j++] : tmp[i++];
  while (i < h)
    idx[k++] = tmp[i++];
}

/* Close the case made of the decoded events idx[0..n) of @p ev (in
 * arrival order) of segment @p seg: they are copied into @p s in time
 * order. */
static cx_status close_one(const cx_paths_log *log, p_stats *st, cols *s,
                           const cols *ev, const uint32_t *idx, size_t n,
                           uint32_t seg, p_pend *pend) {
  bool sorted = true;
  for (size_t i = 0; i < n; i++) {
    uint32_t e = idx[i];
    s->tp[i] = ev->tp[e];
    s->ts[i] = ev->ts[e];
    s->out[i] = ev->out[e];
    sorted &= i == 0 || s->ts[i - 1] <= s->ts[i];
  }
  /* pos[i]: the arrival place of the i-th event in time. */
  uint32_t *pos = NULL;
  if (!sorted) {
    pos = s->a;
    for (size_t i = 0; i < n; i++)
      pos[i] = (uint32_t)i;
    sort_by_time(pos, s->b, n, s->ts);
    for (size_t i = 0; i < n; i++) {
      uint32_t e = idx[pos[i]];
      s->tp[i] = ev->tp[e];
      s->ts[i] = ev->ts[e];
      s->out[i] = ev->out[e];
    }
  }
  if (log->p_val)
    for (size_t i = 0; i < n; i++)
      s->val[i] = ev->val[idx[pos ? pos[i] : i]];
  p_case c = {s->tp, s->ts, log->p_val ? s->val : NULL,
              log->p_out ? s->out : NULL, (uint32_t)n, seg};
  return p_stats_close(st, &c, &log->tps, p_slots(log), pend);
}

cx_status p_too_many_cases(const cx_paths_log *log) {
  return cx__error(CX_ERANGE, "more than %llu cases (max_cases)",
                   (unsigned long long)log->opt.max_cases);
}

/* The variant key of the case made of decoded events idx[0..n) as it
 * would be if they came in time order, the usual case: only a guess of
 * what to fetch. */
static uint64_t guess_key(const cols *ev, const uint32_t *idx, size_t n) {
  uint64_t h = P_SEQ_SEED;
  for (size_t i = 0; i < n; i++)
    h = p_seq_step(h, ev->tp[idx[i]]);
  return p_var_hash(h, (uint32_t)n);
}

/* Close the held cases of partition @p qi, in order of their numbers.
 * The partition is decoded and its events grouped by case with a
 * counting sort, all in cache; a few cases ahead of the one being
 * summarised, the variant table's slot, variant and sequence they will
 * look up are asked for, one stage after the other, so that those loads
 * overlap instead of each case waiting on them in turn. */
static cx_status close_part(const cx_paths_log *log, p_stats *st, size_t qi,
                            work *w, cols *s, p_pend *pend) {
  const p_part *q = &log->part[qi];
  size_t m = q->n;
  if (!m)
    return CX_OK;
  if (m >= UINT32_MAX)
    return cx__error(CX_ERANGE, "more than 4294967294 events held in one "
                                "part of the log: read the log grouped by "
                                "case (sorted_by_case) or flush it in parts");
  size_t held = log->held_cases;
  size_t ncases = (held - qi + P_PARTS - 1) >> P_PART_BITS;
  if (!work_reserve(w, m, ncases))
    return cx__enomem();
  cols *ev = &w->ev;
  uint32_t *lc = ev->a, *order = ev->b, *end = w->end;
  p_part_decode(q, lc, ev->tp, ev->ts, ev->out, log->p_val ? ev->val : NULL);
  p_group(lc, m, ncases, end, order);
  size_t longest = 0;
  for (size_t c = 0, a = 0; c < ncases; a = end[c++])
    if (end[c] - a > longest)
      longest = end[c] - a;
  if (!cols_reserve(s, longest))
    return cx__enomem();
  const uint32_t *seg = log->case_seg;
  enum { LOOK = 16 };
  uint64_t key[LOOK];
#define START(c) ((c) ? end[(c) - 1] : 0)
#define SEG(c) (seg ? seg[(c) << P_PART_BITS | qi] : 0)
  for (size_t j = 0; j < LOOK && j < ncases; j++)
    key[j] = guess_key(ev, order + START(j), end[j] - START(j));
  cx_status rc = CX_OK;
  for (size_t c = 0; c < ncases && !rc; c++) {
    if (c && c + LOOK - 1 < ncases) {
      size_t j = c + LOOK - 1;
      key[j % LOOK] = guess_key(ev, order + START(j), end[j] - START(j));
    }
    if (c + LOOK - 1 < ncases)
      p_variant_prefetch(st, key[(c + LOOK - 1) % LOOK], 0);
    if (c + LOOK / 2 < ncases)
      p_variant_prefetch(st, key[(c + LOOK / 2) % LOOK], 1);
    if (c + LOOK / 4 < ncases)
      p_variant_prefetch(st, key[(c + LOOK / 4) % LOOK], 2);
    rc = close_one(log, st, s, ev, order + START(c), end[c] - START(c),
                   SEG(c), pend);
  }
#undef START
#undef SEG
  return rc;
}

/* The one held case of a log, as a sorted log has it (case 0, in part 0),
 * when it is short: closed without allocating (false: not short). */
static bool close_single(const cx_paths_log *log, p_stats *st,
                         cx_status *rc) {
  enum { SHORT = 64 };
  const p_part *q = &log->part[0];
  size_t n = q->n;
  if (n > SHORT)
    return false;
  uint32_t tp[SHORT], lc[SHORT], idx[SHORT], stp[SHORT], pos[SHORT],
      tmp[SHORT];
  int64_t ts[SHORT], sts[SHORT];
  uint8_t out[SHORT], sout[SHORT];
  double val[SHORT], sval[SHORT];
  cols ev = {tp, lc, idx, ts, out, val, SHORT};
  cols s = {stp, pos, tmp, sts, sout, sval, SHORT};
  p_part_decode(q, lc, tp, ts, out, log->p_val ? val : NULL);
  for (size_t i = 0; i < n; i++)
    idx[i] = (uint32_t)i;
  *rc = close_one(log, st, &s, &ev, idx, n,
                  log->case_seg ? log->case_seg[0] : 0, NULL);
  return true;
}

cx_status p_log_close_held(const cx_paths_log *log, p_stats *st) {
  if (log->opt.graph_only)
    return p_graph_close_held(log, st);
  if (log->np == 0)
    return CX_OK;
  if (log->opt.max_cases && st->n_cases + log->held_cases > log->opt.max_cases)
    return p_too_many_cases(log);
  cx_status rc = CX_OK;
  if (log->held_cases == 1 && close_single(log, st, &rc))
    return rc;
  if (!p_stats_reserve_variants(st, log->held_cases, log->np))
    return cx__enomem();
  work w = {0};
  cols s = {0};
  p_pend pend = {0};
  /* A sorted log closes one case at a time: its durations go to the
   * edges at once. */
  p_pend *pp = log->held_cases > 1 ? &pend : NULL;
  for (size_t q = 0; q < P_PARTS && !rc; q++)
    rc = close_part(log, st, q, &w, &s, pp);
  if (!p_pend_flush(&pend, st) && !rc)
    rc = cx__enomem();
  p_pend_free(&pend);
  work_free(&w);
  cols_free(&s);
  return rc;
}

/* ---- variants by count and names ---------------------------------------- */

/* Sorting the variants: by count (highest first), then by their sequences
 * of name ranks.  Each variant gets a 16-byte key: its count (as
 * UINT32_MAX minus the count), the ranks of its first touchpoints packed
 * into 64 bits (rank + 1, 0 after the end, so a shorter sequence comes
 * first) and its index; counts from 2^32 up (from merged or deserialized
 * logs of that many cases) all get the key (0, 0).
 * The keys are sorted in place by MSD radix sort on 11-bit digits of the
 * 96-bit (count, ranks) from the highest bit in which keys differ (most
 * variants are rare, so the first digits of the count split little and
 * two digits of ranks leave groups small enough for insertion sort);
 * variants whose keys tie are then ordered by comparing their whole
 * counts and sequences. */
typedef struct vkey {
  uint64_t lo;  /* packed leading ranks */
  uint32_t hi;  /* UINT32_MAX - count, 0 for counts of 2^32 and more */
  uint32_t idx;
} vkey;

enum { RADIX_BITS = 11, RADIX = 1 << RADIX_BITS, SMALL_GROUP = 32 };

/* The @p w bits of the 96-bit key (hi, lo) from bit @p shift up. */
static inline size_t vdigit(const vkey *k, int shift, int w) {
  uint64_t hi = k->hi;
  uint64_t v = shift >= 64  ? hi >> (shift - 64)
               : shift == 0 ? k->lo
                            : k->lo >> shift | hi << (64 - shift);
  return (size_t)(v & ((1u << w) - 1));
}

static bool vless(const vkey *a, const vkey *b) {
  return a->hi < b->hi || (a->hi == b->hi && a->lo < b->lo);
}

/* Sort k[0..n) on the key bits below @p bit, stopping at @p low (below
 * it the keys do not differ), in place (American flag sort); @p hist
 * has 2 * RADIX counts per digit level. */
static void msd_vkeys(vkey *k, size_t n, int bit, int low, uint32_t *hist) {
  if (n <= SMALL_GROUP || bit <= low) {
    for (size_t i = 1; i < n; i++) {
      vkey v = k[i];
      size_t j = i;
      for (; j > 0 && vless(&v, &k[j - 1]); j--)
        k[j] = k[j - 1];
      k[j] = v;
    }
    return;
  }
  int w = bit - low < RADIX_BITS ? bit - low : RADIX_BITS;
  int shift = bit - w;
  size_t nb = (size_t)1 << w;
  uint32_t *end = hist, *next = hist + RADIX;
  memset(end, 0, nb * sizeof *end);
  for (size_t i = 0; i < n; i++)
    end[vdigit(&k[i], shift, w)]++;
  if (end[vdigit(&k[0], shift, w)] == n) {
    msd_vkeys(k, n, shift, low, hist + 2 * RADIX);
    return;
  }
  uint32_t sum = 0;
  for (size_t b = 0; b < nb; b++) {
    next[b] = sum;
    sum += end[b];
    end[b] = sum;
  }
  /* Each key is carried to the next free place of its digit's group,
   * and the key found there carried on, until one belongs here. */
  for (size_t b = 0; b < nb; b++)
    while (next[b] < end[b]) {
      vkey v = k[next[b]];
      size_t d = vdigit(&v, shift, w);
      while (d != b) {
        vkey t = k[next[d]];
        k[next[d]++] = v;
        v = t;
        d = vdigit(&v, shift, w);
      }
      k[next[b]++] = v;
    }
  for (size_t b = 0, start = 0; b < nb; start = end[b++])
    if (end[b] - start > 1)
      msd_vkeys(k + start, end[b] - start, shift, low, hist + 2 * RADIX);
}

static int top_bit64(uint64_t v) {
  int b = -1;
  while (v) {
    v >>= 1;
    b++;
  }
  return b;
}

static bool radix_vkeys(vkey *k, size_t n) {
  enum { LEVELS = (96 + RADIX_BITS - 1) / RADIX_BITS };
  uint64_t dhi = 0, dlo = 0;
  for (size_t i = 1; i < n; i++) {
    dhi |= k[i].hi ^ k[0].hi;
    dlo |= k[i].lo ^ k[0].lo;
  }
  if (!(dhi | dlo))
    return true;
  int top = dhi ? 65 + top_bit64(dhi) : 1 + top_bit64(dlo);
  int low = dlo ? top_bit64(dlo & -dlo) : 64 + top_bit64(dhi & -dhi);
  uint32_t *hist = cx__malloc((size_t)LEVELS * 2 * RADIX * sizeof *hist);
  if (!hist)
    return false;
  msd_vkeys(k, n, top, low, hist);
  cx__free(hist);
  return true;
}

/* qsort has no context argument in C11: the context of the tie-breaking
 * comparison is thread-local, so results sorted on other threads do not
 * interfere. */
static _Thread_local const cx_paths_result *tie_ctx;
static _Thread_local const uint32_t *tie_rank;

static int cmp_tied(const void *x, const void *y) {
  const p_agg a = p_result_agg(tie_ctx, ((const vkey *)x)->idx);
  const p_agg b = p_result_agg(tie_ctx, ((const vkey *)y)->idx);
  if (a.count != b.count)
    return a.count > b.count ? -1 : 1;
  const p_stats *s = &tie_ctx->st;
  for (uint32_t i = 0; i < a.len && i < b.len; i++) {
    uint32_t ra = tie_rank[p_pool_get(s, a.off + i)];
    uint32_t rb = tie_rank[p_pool_get(s, b.off + i)];
    if (ra != rb)
      return ra < rb ? -1 : 1;
  }
  return a.len < b.len ? -1 : a.len > b.len;
}

bool p_sort_variants(cx_paths_result *r, const uint32_t *rank) {
  size_t n = r->n_agg, ntp = r->tps.count;
  int bits = 1;
  while (((size_t)1 << bits) <= ntp)
    bits++;
  uint32_t q = (uint32_t)(64 / bits);
  vkey *k = cx__malloc((n ? n : 1) * sizeof *k);
  if (!k)
    return false;
  for (size_t i = 0; i < n; i++) {
    const p_agg a = p_result_agg(r, i);
    uint64_t lo = 0;
    for (uint32_t j = 0; j < q; j++)
      lo = lo << bits |
           (j < a.len ? rank[p_pool_get(&r->st, a.off + j)] + 1u : 0u);
    /* Counts from 2^32 up all get the key (0, 0): the comparison of
     * whole counts and sequences orders them. */
    uint32_t hi = a.count < UINT32_MAX ? UINT32_MAX - (uint32_t)a.count : 0;
    lo = hi ? lo << (64 - q * (uint32_t)bits) : 0;
    k[i] = (vkey){lo, hi, (uint32_t)i};
  }
  if (!radix_vkeys(k, n)) {
    cx__free(k);
    return false;
  }
  tie_ctx = r;
  tie_rank = rank;
  for (size_t i = 0, j; i < n; i = j) {
    for (j = i + 1; j < n && k[j].hi == k[i].hi && k[j].lo == k[i].lo; j++)
      ;
    if (j - i > 1)
      qsort(k + i, j - i, sizeof *k, cmp_tied);
  }
  tie_ctx = NULL;
  tie_rank = NULL;
  /* The variants stay where they are (moving 1e6 of them in the sorted
   * order would be a chain of cache misses): their order is written over
   * the front of the keys, each index after its key was read, and the
   * block shrunk to it. */
  uint32_t *order = (uint32_t *)(void *)k;
  for (size_t i = 0; i < n; i++) {
    uint32_t idx = k[i].idx;
    order[i] = idx;
  }
  uint32_t *shrunk = cx__realloc(k, (n ? n : 1) * sizeof *order);
  r->agg_order = shrunk ? shrunk : order;
  return true;
}
