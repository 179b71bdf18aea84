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

typedef struct scratch {
  uint32_t *idx, *tmp;
  uint32_t *tp;
  int64_t *ts;
  double *val;
  uint8_t *out;
  size_t cap;
} scratch;

static void scratch_free(scratch *s) {
  cx__free(s->idx);
  cx__free(s->tmp);
  cx__free(s->tp);
  cx__free(s->ts);
  cx__free(s->val);
  cx__free(s->out);
  memset(s, 0, sizeof *s);
}

static bool scratch_reserve(scratch *s, size_t n) {
  if (n <= s->cap)
    return true;
  size_t cap = s->cap ? s->cap : 64;
  while (cap < n)
    cap *= 2;
  scratch t = {0};
  t.idx = cx__malloc(cap * sizeof *t.idx);
  t.tmp = cx__malloc(cap * sizeof *t.tmp);
  t.tp = cx__malloc(cap * sizeof *t.tp);
  t.ts = cx__malloc(cap * sizeof *t.ts);
  t.val = cx__malloc(cap * sizeof *t.val);
  t.out = cx__malloc(cap);
  t.cap = cap;
  if (!t.idx || !t.tmp || !t.tp || !t.ts || !t.val || !t.out) {
    scratch_free(&t);
    return false;
  }
  scratch_free(s);
  *s = t;
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

/* Close the case made of held events idx[0..n) (in arrival order); a NULL
 * @p idx means the events first .. first + n - 1. */
static cx_status close_one(const cx_paths_log *log, p_stats *st, scratch *s,
                           uint32_t *idx, size_t first, size_t n) {
  const int64_t *ts = log->p_ts;
  bool sorted = true;
  if (!idx) {
    for (size_t i = first + 1; i < first + n && sorted; i++)
      sorted = ts[i - 1] <= ts[i];
    if (sorted) {
      /* Already in time order: summarised in place, nothing copied. */
      p_case c = {log->p_tp + first, ts + first,
                  log->p_val ? log->p_val + first : NULL,
                  log->p_out ? log->p_out + first : NULL, (uint32_t)n,
                  log->p_seg ? log->p_seg[first] : 0};
      return p_stats_close(st, &c, &log->tps, p_slots(log));
    }
    idx = s->idx;
    for (size_t i = 0; i < n; i++)
      idx[i] = (uint32_t)(first + i);
  } else {
    for (size_t i = 1; i < n && sorted; i++)
      sorted = ts[idx[i - 1]] <= ts[idx[i]];
  }
  if (!sorted)
    sort_by_time(idx, s->tmp, n, ts);
  for (size_t i = 0; i < n; i++) {
    uint32_t e = idx[i];
    s->tp[i] = log->p_tp[e];
    s->ts[i] = ts[e];
  }
  if (log->p_val)
    for (size_t i = 0; i < n; i++)
      s->val[i] = log->p_val[idx[i]];
  if (log->p_out)
    for (size_t i = 0; i < n; i++)
      s->out[i] = log->p_out[idx[i]];
  p_case c = {s->tp, s->ts, log->p_val ? s->val : NULL,
              log->p_out ? s->out : NULL, (uint32_t)n,
              log->p_seg ? log->p_seg[idx[0]] : 0};
  return p_stats_close(st, &c, &log->tps, p_slots(log));
}

cx_status p_too_many_cases(const cx_paths_log *log) {
  return cx__error(CX_ERANGE, "more than %llu cases (max_cases)",
                   (unsigned long long)log->opt.max_cases);
}

/* Held events that are grouped by case already (case keys never decrease,
 * as when the input is sorted by case or text ids arrive case after case):
 * each run is a case, in order of first arrival. */
static cx_status close_runs(const cx_paths_log *log, p_stats *st) {
  size_t n = log->np, ncases = 1, longest = 0, run = 1;
  const int64_t *key = log->p_case;
  for (size_t i = 1; i < n; i++) {
    if (key[i] != key[i - 1]) {
      ncases++;
      if (run > longest)
        longest = run;
      run = 0;
    }
    run++;
  }
  if (run > longest)
    longest = run;
  if (log->opt.max_cases && st->n_cases + ncases > log->opt.max_cases)
    return p_too_many_cases(log);
  scratch s = {0};
  if (!scratch_reserve(&s, longest))
    return cx__enomem();
  cx_status rc = CX_OK;
  for (size_t a = 0, b; a < n && !rc; a = b) {
    for (b = a + 1; b < n && key[b] == key[a]; b++)
      ;
    rc = close_one(log, st, &s, NULL, a, b - a);
  }
  scratch_free(&s);
  return rc;
}

/* Cases in order of first arrival: @p order lists the events case after
 * case (arrival order within a case) and case c ends at end[c]. */
static cx_status close_grouped(const cx_paths_log *log, p_stats *st,
                               uint32_t *order, const uint32_t *end,
                               size_t ncases) {
  size_t longest = 0;
  for (size_t c = 0, a = 0; c < ncases; a = end[c++])
    if (end[c] - a > longest)
      longest = end[c] - a;
  scratch s = {0};
  if (!scratch_reserve(&s, longest))
    return cx__enomem();
  /* The events of a case lie anywhere in the held arrays: ask for those a
   * few cases ahead while this one is summarised. */
  enum { AHEAD = 48 };
  size_t n = log->np, fetched = 0;
  cx_status rc = CX_OK;
  for (size_t c = 0, a = 0; c < ncases && !rc; a = end[c++]) {
    size_t want = end[c] + AHEAD < n ? end[c] + AHEAD : n;
    for (; fetched < want; fetched++) {
      PREFETCH(&log->p_ts[order[fetched]]);
      PREFETCH(&log->p_tp[order[fetched]]);
    }
    rc = close_one(log, st, &s, order + a, 0, end[c] - a);
  }
  scratch_free(&s);
  return rc;
}

/* Number the cases in order of first arrival, then a stable counting sort
 * by that number keeps each case's events in arrival order.  Keys within a
 * range not much wider than the log are numbered through a table indexed
 * by the key itself; others through a hash map. */
static cx_status close_unsorted(const cx_paths_log *log, p_stats *st,
                                int64_t lo, int64_t hi) {
  size_t n = log->np;
  const int64_t *key = log->p_case;
  uint64_t range = (uint64_t)hi - (uint64_t)lo;
  uint32_t *table = NULL, *dense = NULL, *end = NULL, *order = NULL;
  size_t ncases = 0;
  cx_status rc = CX_OK;
  if (range < (uint64_t)n + 65536) {
    size_t width = (size_t)range + 1;
    size_t most = width < n ? width : n;
    table = cx__malloc(width * sizeof *table);
    end = cx__calloc(most + 1, sizeof *end);
    if (!table || !end) {
      rc = cx__enomem();
      goto done;
    }
    memset(table, 0xff, width * sizeof *table);
    for (size_t i = 0; i < n; i++) {
      uint32_t *d = &table[(uint64_t)key[i] - (uint64_t)lo];
      if (*d == P_NONE)
        *d = (uint32_t)ncases++;
      end[*d + 1]++;
    }
  } else {
    p_map ids = {0};
    dense = cx__malloc(n * sizeof *dense);
    if (!dense) {
      rc = cx__enomem();
      goto done;
    }
    for (size_t i = 0; i < n; i++) {
      uint32_t k = p_map_get(&ids, (uint64_t)key[i]);
      if (k == P_NONE) {
        k = (uint32_t)ncases++;
        if (!p_map_put(&ids, (uint64_t)key[i], k)) {
          p_map_free(&ids);
          rc = cx__enomem();
          goto done;
        }
      }
      dense[i] = k;
    }
    p_map_free(&ids);
    end = cx__calloc(ncases + 1, sizeof *end);
    if (!end) {
      rc = cx__enomem();
      goto done;
    }
    for (size_t i = 0; i < n; i++)
      end[dense[i] + 1]++;
  }
  if (log->opt.max_cases && st->n_cases + ncases > log->opt.max_cases) {
    rc = p_too_many_cases(log);
    goto done;
  }
  order = cx__malloc(n * sizeof *order);
  if (!order) {
    rc = cx__enomem();
    goto done;
  }
  /* end[c] becomes the start of case c; placing the events moves it to
   * the case's end. */
  for (size_t c = 0; c < ncases; c++)
    end[c + 1] += end[c];
  if (table) {
    for (size_t i = 0; i < n; i++)
      order[end[table[(uint64_t)key[i] - (uint64_t)lo]]++] = (uint32_t)i;
    cx__free(table);
    table = NULL;
  } else {
    for (size_t i = 0; i < n; i++)
      order[end[dense[i]]++] = (uint32_t)i;
    cx__free(dense);
    dense = NULL;
  }
  rc = close_grouped(log, st, order, end, ncases);
done:
  cx__free(table);
  cx__free(dense);
  cx__free(end);
  cx__free(order);
  return rc;
}

cx_status p_log_close_held(const cx_paths_log *log, p_stats *st) {
  size_t n = log->np;
  if (n == 0)
    return CX_OK;
  if (n >= UINT32_MAX)
    return cx__error(CX_ERANGE, "more than 4294967294 events held: read the "
                                "log grouped by case (sorted_by_case) or "
                                "flush it in parts");
  if (log->opt.sorted_by_case) {
    /* Only the open case is held. */
    if (log->opt.max_cases && st->n_cases + 1 > log->opt.max_cases)
      return p_too_many_cases(log);
    scratch s = {0};
    bool sorted = true;
    for (size_t i = 1; i < n && sorted; i++)
      sorted = log->p_ts[i - 1] <= log->p_ts[i];
    if (!sorted && !scratch_reserve(&s, n))
      return cx__enomem();
    cx_status rc = close_one(log, st, &s, NULL, 0, n);
    scratch_free(&s);
    return rc;
  }
  const int64_t *key = log->p_case;
  int64_t lo = key[0], hi = key[0];
  bool grouped = true;
  for (size_t i = 1; i < n; i++) {
    int64_t k = key[i];
    grouped &= k >= key[i - 1];
    lo = k < lo ? k : lo;
    hi = k > hi ? k : hi;
  }
  if (grouped)
    return close_runs(log, st);
  return close_unsorted(log, st, lo, hi);
}

/* ---- variants by count and names ---------------------------------------- */

/* Sorting the variants: by count (highest first), then by their sequences
 * of name ranks.  Each variant gets a key of its count and the ranks of
 * its first touchpoints packed into 64 bits (rank + 1, 0 after the end,
 * so a shorter sequence comes first), sorted by LSD radix sort on 11-bit
 * digits; variants whose keys tie are then ordered by comparing their
 * whole sequences. */
typedef struct vkey {
  uint64_t hi; /* UINT64_MAX - count */
  uint64_t lo; /* packed leading ranks */
  uint64_t idx;
} vkey;

enum { RADIX_BITS = 11, RADIX = 1 << RADIX_BITS };

static bool radix_vkeys(vkey *k, vkey *tmp, size_t n) {
  enum { DIGITS = (128 + RADIX_BITS - 1) / RADIX_BITS };
  uint32_t *hist = cx__calloc((size_t)DIGITS * RADIX, sizeof *hist);
  if (!hist)
    return false;
  for (size_t i = 0; i < n; i++)
    for (int d = 0; d < DIGITS; d++) {
      int bit = d * RADIX_BITS;
      uint64_t w = bit < 64 ? k[i].lo >> bit : k[i].hi >> (bit - 64);
      if (bit < 64 && bit + RADIX_BITS > 64)
        w |= k[i].hi << (64 - bit);
      hist[(size_t)d * RADIX + (w & (RADIX - 1))]++;
    }
  for (int d = 0; d < DIGITS; d++) {
    uint32_t *h = hist + (size_t)d * RADIX;
    int bit = d * RADIX_BITS;
    bool trivial = false;
    for (size_t b = 0; b < RADIX; b++)
      if (h[b] == n)
        trivial = true;
    if (trivial)
      continue;
    uint32_t sum = 0;
    for (size_t b = 0; b < RADIX; b++) {
      uint32_t c = h[b];
      h[b] = sum;
      sum += c;
    }
    for (size_t i = 0; i < n; i++) {
      uint64_t w = bit < 64 ? k[i].lo >> bit : k[i].hi >> (bit - 64);
      if (bit < 64 && bit + RADIX_BITS > 64)
        w |= k[i].hi << (64 - bit);
      tmp[h[w & (RADIX - 1)]++] = k[i];
    }
    memcpy(k, tmp, n * sizeof *k);
  }
  cx__free(hist);
  return true;
}

/* qsort has no context argument in C11: the context of the tie-breaking
 * comparison is thread-local, so results sorted on other threads do not
 * interfere. */
static _Thread_local const cx_paths_result *tie_ctx;
static _Thread_local const uint32_t *tie_rank;

static int cmp_tied(const void *x, const void *y) {
  const p_agg *a = &tie_ctx->agg[((const vkey *)x)->idx];
  const p_agg *b = &tie_ctx->agg[((const vkey *)y)->idx];
  const uint32_t *sa = tie_ctx->st.pool + a->off;
  const uint32_t *sb = tie_ctx->st.pool + b->off;
  for (uint32_t i = 0; i < a->len && i < b->len; i++)
    if (tie_rank[sa[i]] != tie_rank[sb[i]])
      return tie_rank[sa[i]] < tie_rank[sb[i]] ? -1 : 1;
  return a->len < b->len ? -1 : a->len > b->len;
}

bool p_sort_variants(cx_paths_result *r, const uint32_t *rank) {
  size_t n = r->n_agg, ntp = r->tps.count;
  int bits = 1;
  while (((size_t)1 << bits) <= ntp)
    bits++;
  uint32_t q = (uint32_t)(64 / bits);
  vkey *k = cx__malloc((n ? n : 1) * sizeof *k);
  vkey *tmp = cx__malloc((n ? n : 1) * sizeof *tmp);
  if (!k || !tmp)
    goto fail;
  for (size_t i = 0; i < n; i++) {
    const p_agg *a = &r->agg[i];
    const uint32_t *seq = r->st.pool + a->off;
    uint64_t lo = 0;
    for (uint32_t j = 0; j < q; j++)
      lo = lo << bits | (j < a->len ? rank[seq[j]] + 1u : 0u);
    k[i] = (vkey){UINT64_MAX - a->count, lo << (64 - q * (uint32_t)bits), i};
  }
  if (!radix_vkeys(k, tmp, n))
    goto fail;
  cx__free(tmp);
  tmp = NULL;
  for (size_t i = 0, j; i < n; i = j) {
    for (j = i + 1; j < n && k[j].hi == k[i].hi && k[j].lo == k[i].lo; j++)
      ;
    if (j - i > 1) {
      tie_ctx = r;
      tie_rank = rank;
      qsort(k + i, j - i, sizeof *k, cmp_tied);
      tie_ctx = NULL;
      tie_rank = NULL;
    }
  }
  /* Apply the order in place, cycle by cycle (no second copy of the
   * variants): place i receives variant k[i].idx, and each index is
   * marked done by setting it to n once its place is filled. */
  for (size_t i = 0; i < n; i++) {
    if (k[i].idx == n || k[i].idx == i)
      continue;
    p_agg first = r->agg[i];
    size_t at = i;
    while (k[at].idx != i) {
      size_t from = (size_t)k[at].idx;
      r->agg[at] = r->agg[from];
      k[at].idx = n;
      at = from;
    }
    r->agg[at] = first;
    k[at].idx = n;
  }
  cx__free(k);
  cx__free(tmp);
  return true;
fail:
  cx__free(k);
  cx__free(tmp);
  return false;
}
