/*
 * Summaries of closed cases: the duration sketch behind every median, the
 * integer map, and per case the touchpoint counts, the directly-follows
 * pairs with their durations, the variants and the case durations, with
 * exact copies and merges of all of them.
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
  if (s->blk)
    for (size_t b = 0; b < P_SKETCH_BLOCKS; b++)
      cx__free(s->blk[b]);
  cx__free(s->blk);
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

/* Exact mode: open addressing over the values seen. */
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

/* Binned mode: bucket numbers index the counts directly, in blocks of
 * 2^P_SKETCH_SUB_BITS made when first needed (a bucket number is the
 * power of two and the leading bits, so one block covers one power of
 * two).  Adding is one shift and one increment, and the blocks list the
 * buckets in increasing order. */
static bool sk_bin_put(p_sketch *s, uint64_t key, uint64_t c) {
  uint64_t *blk = s->blk[key >> P_SKETCH_SUB_BITS];
  if (CX_UNLIKELY(!blk)) {
    blk = cx__calloc(SUB, sizeof *blk);
    if (!blk)
      return false;
    s->blk[key >> P_SKETCH_SUB_BITS] = blk;
  }
  uint64_t *cell = &blk[key & (SUB - 1)];
  s->n += *cell == 0;
  *cell += c;
  return true;
}

/* Turn an exact sketch into buckets. */
static bool sk_bin(p_sketch *s) {
  p_sketch b = {0};
  b.binned = 1;
  b.blk = cx__calloc(P_SKETCH_BLOCKS, sizeof *b.blk);
  if (!b.blk)
    return false;
  for (uint32_t i = 0; i < s->cap; i++)
    if (s->key[i] != P_EMPTY &&
        !sk_bin_put(&b, bucket_of(s->key[i]), s->cnt[i])) {
      p_sketch_free(&b);
      return false;
    }
  p_sketch_free(s);
  *s = b;
  return true;
}

bool p_sketch_add(p_sketch *s, uint64_t v, uint64_t count) {
  if (s->binned)
    return sk_bin_put(s, bucket_of(v), count);
  if (!sk_put(s, v, count))
    return false;
  return s->n <= P_SKETCH_EXACT || sk_bin(s);
}

bool p_sketch_merge(p_sketch *dst, const p_sketch *src) {
  if (src->binned && !dst->binned && !sk_bin(dst))
    return false;
  if (src->binned) {
    for (size_t b = 0; b < P_SKETCH_BLOCKS; b++)
      for (size_t j = 0; src->blk[b] && j < SUB; j++)
        if (src->blk[b][j] && !sk_bin_put(dst, b * SUB + j, src->blk[b][j]))
          return false;
    return true;
  }
  for (uint32_t i = 0; i < src->cap; i++)
    if (src->key[i] != P_EMPTY &&
        !p_sketch_add(dst, src->key[i], src->cnt[i]))
      return false;
  return true;
}

bool p_sketch_copy(p_sketch *dst, const p_sketch *src) {
  memset(dst, 0, sizeof *dst);
  dst->binned = src->binned;
  dst->n = src->n;
  if (src->binned) {
    dst->blk = cx__calloc(P_SKETCH_BLOCKS, sizeof *dst->blk);
    if (!dst->blk)
      return false;
    for (size_t b = 0; b < P_SKETCH_BLOCKS; b++) {
      if (!src->blk[b])
        continue;
      if (!(dst->blk[b] = cx__malloc(SUB * sizeof *dst->blk[b]))) {
        p_sketch_free(dst);
        return false;
      }
      memcpy(dst->blk[b], src->blk[b], SUB * sizeof *dst->blk[b]);
    }
    return true;
  }
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
  return true;
}

/* Sort keys key[0..n) (distinct) and their counts by key: least
 * significant byte first, skipping the bytes every key shares; @p tk and
 * @p tc are scratch of n each. */
static void sort_by_key(uint64_t *key, uint64_t *cnt, uint64_t *tk,
                        uint64_t *tc, size_t n) {
  uint64_t differ = 0;
  for (size_t i = 1; i < n; i++)
    differ |= key[i] ^ key[0];
  for (unsigned shift = 0; shift < 64; shift += 8) {
    if (!(differ >> shift & 0xff))
      continue;
    size_t at[256] = {0};
    for (size_t i = 0; i < n; i++)
      at[key[i] >> shift & 0xff]++;
    size_t sum = 0;
    for (size_t b = 0; b < 256; b++) {
      size_t c = at[b];
      at[b] = sum;
      sum += c;
    }
    for (size_t i = 0; i < n; i++) {
      size_t j = at[key[i] >> shift & 0xff]++;
      tk[j] = key[i];
      tc[j] = cnt[i];
    }
    memcpy(key, tk, n * sizeof *key);
    memcpy(cnt, tc, n * sizeof *cnt);
  }
}

bool p_sketch_entries(const p_sketch *s, uint64_t **key, uint64_t **cnt) {
  *key = cx__malloc(((size_t)s->n + 1) * sizeof **key);
  *cnt = cx__malloc(((size_t)s->n + 1) * sizeof **cnt);
  uint64_t *tmp = s->binned ? NULL
                            : cx__malloc(((size_t)s->n + 1) * 2 * sizeof *tmp);
  if (!*key || !*cnt || (!s->binned && !tmp)) {
    cx__free(tmp);
    cx__free(*key);
    cx__free(*cnt);
    *key = *cnt = NULL;
    return false;
  }
  size_t k = 0;
  if (s->binned) {
    for (size_t b = 0; b < P_SKETCH_BLOCKS; b++)
      for (size_t j = 0; s->blk[b] && j < SUB; j++)
        if (s->blk[b][j]) {
          (*key)[k] = b * SUB + j;
          (*cnt)[k++] = s->blk[b][j];
        }
    return true;
  }
  for (uint32_t i = 0; i < s->cap; i++)
    if (s->key[i] != P_EMPTY) {
      (*key)[k] = s->key[i];
      (*cnt)[k++] = s->cnt[i];
    }
  sort_by_key(*key, *cnt, tmp, tmp + k, k);
  cx__free(tmp);
  return true;
}

bool p_sketch_load(p_sketch *s, bool binned, const uint64_t *key,
                   const uint64_t *cnt, uint32_t n, bool *nomem) {
  *nomem = false;
  memset(s, 0, sizeof *s);
  if (!binned && n > P_SKETCH_EXACT)
    return false;
  if (binned) {
    s->binned = 1;
    if (!(s->blk = cx__calloc(P_SKETCH_BLOCKS, sizeof *s->blk))) {
      *nomem = true;
      return false;
    }
  }
  for (uint32_t i = 0; i < n; i++) {
    if (cnt[i] == 0 || (i && key[i] <= key[i - 1]) ||
        (binned ? !bucket_valid(key[i]) : key[i] >= ((uint64_t)1 << 63))) {
      p_sketch_free(s);
      return false;
    }
    if (!(binned ? sk_bin_put(s, key[i], cnt[i]) : sk_put(s, key[i], cnt[i]))) {
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
  cx__free(s->cell);
  p_map_free(&s->edge_map);
  cx__free(s->var);
  cx__free(s->var_slot);
  cx__free(s->var_value);
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

/* The table from a pair of touchpoint codes to its edge, for dictionaries
 * of up to P_CELL_MAX touchpoints (beyond, the edge map alone). */
static bool edge_cells(p_stats *s) {
  size_t dim = s->tp_cap <= P_CELL_MAX ? s->tp_cap : 0;
  cx__free(s->cell);
  s->cell = NULL;
  s->cell_dim = 0;
  if (!dim)
    return true;
  if (!(s->cell = cx__calloc(dim * dim, sizeof *s->cell)))
    return false;
  s->cell_dim = dim;
  for (size_t i = 0; i < s->n_edges; i++)
    s->cell[(size_t)s->edge[i].from * dim + s->edge[i].to] = (uint32_t)i + 1;
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
  return edge_cells(s);
}

bool p_stats_reserve_slots(p_stats *s, size_t nslots) {
  for (size_t i = 0; i < s->n_funnels; i++)
    if (!p_funnel_slots(&s->funnel[i], nslots))
      return false;
  return true;
}

p_edge *p_edge_get(p_stats *s, uint32_t from, uint32_t to, bool *nomem) {
  uint64_t key = (uint64_t)from << 32 | to;
  bool in_cells = from < s->cell_dim && to < s->cell_dim;
  if (in_cells) {
    uint32_t c = s->cell[(size_t)from * s->cell_dim + to];
    if (c)
      return &s->edge[c - 1];
  } else {
    uint32_t k = p_map_get(&s->edge_map, key);
    if (k != P_NONE)
      return &s->edge[k];
  }
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
  if (in_cells)
    s->cell[(size_t)from * s->cell_dim + to] = (uint32_t)s->n_edges + 1;
  p_edge *e = &s->edge[s->n_edges++];
  memset(e, 0, sizeof *e);
  e->from = from;
  e->to = to;
  e->min = UINT64_MAX;
  return e;
}

#define var_hash p_var_hash

/* Slots hold the variant's index + 1 in the low half and the high half of
 * its hash, so most probes that miss never touch the variant itself. */
static bool var_rehash(p_stats *s, size_t nslots) {
  uint64_t *slot = cx__calloc(nslots, sizeof *slot);
  if (!slot)
    return false;
  for (size_t k = 0; k < s->n_var; k++) {
    const p_variant *v = &s->var[k];
    uint64_t h = var_hash(p_pool_hash(s, v->off, v->len), v->len);
    size_t j = (size_t)h & (nslots - 1);
    while (slot[j])
      j = (j + 1) & (nslots - 1);
    slot[j] = (h & ~(uint64_t)UINT32_MAX) | (uint64_t)(k + 1);
  }
  cx__free(s->var_slot);
  s->var_slot = slot;
  s->var_nslots = nslots;
  return true;
}

bool p_stats_reserve_variants(p_stats *s, size_t extra, size_t events) {
  size_t nslots = s->var_nslots ? s->var_nslots : 64;
  while (nslots / 4 * 3 < s->n_var + extra / 2 + 1)
    nslots *= 2;
  if (nslots != s->var_nslots && !var_rehash(s, nslots))
    return false;
  /* Many cases at once: room for as many variants and sequence entries as
   * they could make, so that the arrays are never copied to grow (large
   * blocks take memory only where they are written).  Without that room
   * they grow as needed. */
  enum { MANY = 1 << 16 };
  if (extra >= MANY && s->var_cap < s->n_var + extra) {
    p_variant *v = cx__realloc(s->var, (s->n_var + extra) * sizeof *v);
    if (v) {
      s->var = v;
      s->var_cap = s->n_var + extra;
    }
  }
  if (events >= MANY && s->pool_cap < s->pool_len + events) {
    uint8_t *p =
        cx__realloc(s->pool, (s->pool_len + events) << s->pool_shift);
    if (p) {
      s->pool = p;
      s->pool_cap = s->pool_len + events;
    }
  }
  return true;
}

/* Room in var_value for variant @p i, the new sums zero. */
static bool var_value_room(p_stats *s, size_t i) {
  if (i < s->var_value_len)
    return true;
  size_t n = s->var_value_len ? 2 * s->var_value_len : 64;
  while (n <= i)
    n *= 2;
  double *v = cx__realloc(s->var_value, n * sizeof *v);
  if (!v)
    return false;
  for (size_t k = s->var_value_len; k < n; k++)
    v[k] = 0.0;
  s->var_value = v;
  s->var_value_len = n;
  return true;
}

bool p_var_value_add(p_stats *s, size_t i, double x) {
  if (x == 0.0)
    return true;
  if (!var_value_room(s, i))
    return false;
  s->var_value[i] += x;
  return true;
}

bool p_var_value_set(p_stats *s, size_t i, double x) {
  uint64_t bits;
  memcpy(&bits, &x, sizeof bits);
  if (!bits && i >= s->var_value_len)
    return true;
  if (!var_value_room(s, i))
    return false;
  s->var_value[i] = x;
  return true;
}

static inline bool codes_equal(const uint8_t *pool, unsigned shift,
                               size_t off, const uint32_t *seq,
                               uint32_t len) {
  for (uint32_t i = 0; i < len; i++)
    if (p_code_get(pool, shift, off + i) != seq[i])
      return false;
  return true;
}

bool p_pool_equal(const p_stats *s, size_t off, const uint32_t *seq,
                  uint32_t len) {
  /* One loop per width, each with its width known. */
  switch (s->pool_shift) {
  case 0: return codes_equal(s->pool, 0, off, seq, len);
  case 1: return codes_equal(s->pool, 1, off, seq, len);
  default: return codes_equal(s->pool, 2, off, seq, len);
  }
}

/* Write code @p v as code @p i of codes of 1 << @p shift bytes. */
static inline void code_put(uint8_t *pool, unsigned shift, size_t i,
                            uint32_t v) {
  uint8_t *p = pool + (i << shift);
  if (shift == 0) {
    *p = (uint8_t)v;
  } else if (shift == 1) {
    uint16_t w = (uint16_t)v;
    memcpy(p, &w, sizeof w);
  } else {
    memcpy(p, &v, sizeof v);
  }
}

/* Room in the pool for @p len more codes as wide as @p top needs,
 * widening the codes held when it is wider than they are. */
static bool pool_room(p_stats *s, size_t len, uint32_t top) {
  unsigned shift = top <= UINT8_MAX ? 0 : top <= UINT16_MAX ? 1 : 2;
  if (shift < s->pool_shift)
    shift = s->pool_shift;
  size_t cap = s->pool_cap;
  if (s->pool_len + len > cap) {
    cap = cap ? cap : 1024;
    while (cap < s->pool_len + len)
      cap *= 2;
  }
  if (cap != s->pool_cap || shift != s->pool_shift) {
    uint8_t *p = cx__realloc(s->pool, cap << shift);
    if (!p)
      return false;
    s->pool = p;
    s->pool_cap = cap;
  }
  if (shift != s->pool_shift) {
    /* From the last code back, so that none is overwritten unread. */
    unsigned from = s->pool_shift;
    s->pool_shift = shift;
    for (size_t i = s->pool_len; i-- > 0;)
      code_put(s->pool, shift, i, p_code_get(s->pool, from, i));
  }
  return true;
}

p_variant *p_variant_find(p_stats *s, const uint32_t *seq, uint32_t len,
                          uint32_t segment, uint32_t conv, uint64_t shash,
                          bool *nomem) {
  uint64_t h = var_hash(shash, len);
  uint64_t tag = h & ~(uint64_t)UINT32_MAX;
  /* The first variant of this sequence once one is met: the others of
   * the sequence name it too, so they need no comparing of codes. */
  uint32_t head = P_NONE;
  if (s->var_nslots) {
    size_t mask = s->var_nslots - 1;
    for (size_t j = (size_t)h & mask; s->var_slot[j]; j = (j + 1) & mask) {
      uint64_t sl = s->var_slot[j];
      if ((sl & ~(uint64_t)UINT32_MAX) != tag)
        continue;
      p_variant *v = &s->var[(uint32_t)sl - 1];
      if (v->len != len)
        continue;
      if (head == P_NONE) {
        if (!p_pool_equal(s, v->off, seq, len))
          continue;
        head = v->head;
      } else if (v->head != head) {
        continue;
      }
      if (v->segment == segment && v->conv == conv)
        return v;
    }
  }
  if (s->n_var >= UINT32_MAX - 1) {
    *nomem = true;
    return NULL;
  }
  if (s->n_var + 1 > s->var_nslots / 4 * 3 &&
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
  uint32_t top = 0;
  for (uint32_t i = 0; head == P_NONE && i < len; i++)
    top = seq[i] > top ? seq[i] : top;
  if (head == P_NONE && !pool_room(s, len, top)) {
    *nomem = true;
    return NULL;
  }
  p_variant *v = &s->var[s->n_var];
  memset(v, 0, sizeof *v);
  v->len = len;
  v->segment = segment;
  v->conv = conv;
  if (head != P_NONE) {
    /* A sequence met before: shared with the first of its variants. */
    v->head = head;
    v->off = s->var[head].off;
  } else {
    v->head = (uint32_t)s->n_var;
    v->off = s->pool_len;
    for (uint32_t i = 0; i < len; i++)
      code_put(s->pool, s->pool_shift, s->pool_len + i, seq[i]);
    s->pool_len += len;
  }
  size_t mask = s->var_nslots - 1;
  size_t j = (size_t)h & mask;
  while (s->var_slot[j])
    j = (j + 1) & mask;
  s->var_slot[j] = tag | (uint64_t)(++s->n_var);
  return v;
}

p_variant *p_variant_get(p_stats *s, const uint32_t *seq, uint32_t len,
                         uint32_t segment, uint32_t conv, bool *nomem) {
  uint64_t h = P_SEQ_SEED;
  for (uint32_t i = 0; i < len; i++)
    h = p_seq_step(h, seq[i]);
  return p_variant_find(s, seq, len, segment, conv, h, nomem);
}

void p_variant_prefetch(const p_stats *s, uint64_t vh, int stage) {
  if (!s->var_nslots)
    return;
  const uint64_t *slot = &s->var_slot[vh & (s->var_nslots - 1)];
  if (stage == 0) {
    CX_PREFETCH(slot);
    return;
  }
  uint64_t sl = *slot;
  if (!sl || (sl & ~(uint64_t)UINT32_MAX) != (vh & ~(uint64_t)UINT32_MAX))
    return;
  const p_variant *v = &s->var[(uint32_t)sl - 1];
  if (stage == 1)
    CX_PREFETCH(v);
  else
    CX_PREFETCH(s->pool + (v->off << s->pool_shift));
}

/* One duration into a sketch: the common case (a binned sketch whose
 * bucket already has a count) inline. */
static inline bool sk_add1(p_sketch *s, uint64_t v) {
  if (CX_LIKELY(s->binned)) {
    uint64_t key = bucket_of(v);
    uint64_t *blk = s->blk[key >> P_SKETCH_SUB_BITS];
    if (CX_LIKELY(blk != NULL)) {
      uint64_t *cell = &blk[key & (SUB - 1)];
      s->n += *cell == 0;
      (*cell)++;
      return true;
    }
  }
  return p_sketch_add(s, v, 1);
}

static void edge_add(p_edge *e, uint64_t d, bool *nomem) {
  e->count++;
  if (d < e->min)
    e->min = d;
  if (d > e->max)
    e->max = d;
  p_u128_add(&e->sum, d);
  if (!sk_add1(&e->sk, d))
    *nomem = true;
}

void p_pend_free(p_pend *p) {
  cx__free(p->fill);
  cx__free(p->dur);
  memset(p, 0, sizeof *p);
}

/* Durations d[0..n) into edge @p k: counts, sum and extremes in one loop,
 * then the sketch, with their bucket numbers @p key when it is binned. */
static void pend_apply(p_stats *s, size_t k, const uint64_t *d,
                       const uint64_t *key, unsigned n, bool *nomem) {
  p_edge *e = &s->edge[k];
  uint64_t mn = e->min, mx = e->max, lo = 0, hi = 0;
  for (unsigned i = 0; i < n; i++) {
    uint64_t v = d[i], t = lo + v;
    mn = v < mn ? v : mn;
    mx = v > mx ? v : mx;
    hi += t < lo;
    lo = t;
  }
  e->count += n;
  e->min = mn;
  e->max = mx;
  p_u128_addw(&e->sum, (p_u128){lo, hi});
  p_sketch *sk = &e->sk;
  if (sk->binned) {
    for (unsigned i = 0; i < n; i++)
      if (!sk_bin_put(sk, key[i], 1))
        *nomem = true;
  } else {
    for (unsigned i = 0; i < n; i++)
      if (!p_sketch_add(sk, d[i], 1))
        *nomem = true;
  }
}

/* The bucket numbers of d[0..n) for edge @p k's sketch, when it is
 * binned, into @p key; its cells (or, while it is exact, hash slots) are
 * asked for. */
static void pend_ask(const p_stats *s, size_t k, const uint64_t *d,
                     uint64_t *key, unsigned n) {
  const p_sketch *sk = &s->edge[k].sk;
  if (!sk->binned) {
    if (sk->cap)
      for (unsigned i = 0; i < n; i++) {
        size_t j = (size_t)p_mix(d[i]) & (sk->cap - 1);
        CX_PREFETCH(&sk->key[j]);
        CX_PREFETCH(&sk->cnt[j]);
      }
    return;
  }
  for (unsigned i = 0; i < n; i++) {
    key[i] = bucket_of(d[i]);
    const uint64_t *blk = sk->blk[key[i] >> P_SKETCH_SUB_BITS];
    if (blk)
      CX_PREFETCH(&blk[key[i] & (SUB - 1)]);
  }
}

/* Edge @p k's waiting durations into it. */
static void pend_edge(p_pend *p, p_stats *s, size_t k, bool *nomem) {
  const uint64_t *d = p->dur + k * P_PEND;
  uint64_t key[P_PEND];
  pend_ask(s, k, d, key, p->fill[k]);
  pend_apply(s, k, d, key, p->fill[k], nomem);
  p->fill[k] = 0;
}

bool p_pend_flush(p_pend *p, p_stats *s) {
  bool nomem = false;
  for (size_t k = 0; k < p->n && k < s->n_edges; k++)
    if (p->fill[k])
      pend_edge(p, s, k, &nomem);
  return !nomem;
}

/* Hold the duration @p d of edge @p k back; false when the edge has no
 * buffer (then it is added at once). */
static bool pend_push(p_pend *p, p_stats *s, size_t k, uint64_t d,
                      bool *nomem) {
  if (CX_UNLIKELY(k >= p->n)) {
    if (k >= P_PEND_EDGES)
      return false;
    size_t n = p->n ? p->n : 64;
    while (n <= k)
      n *= 2;
    uint8_t *fill = cx__realloc(p->fill, n);
    if (!fill)
      return false;
    p->fill = fill;
    uint64_t *dur = cx__realloc(p->dur, n * P_PEND * sizeof *dur);
    if (!dur)
      return false;
    p->dur = dur;
    memset(p->fill + p->n, 0, n - p->n);
    p->n = n;
  }
  if (CX_UNLIKELY(p->fill[k] == P_PEND))
    pend_edge(p, s, k, nomem);
  p->dur[k * P_PEND + p->fill[k]++] = d;
  return true;
}

/* 1 + the index of edge (a, b), made if new, or 0 when out of memory:
 * pair_put's rare case, out of line so that its loops stay short. */
CX_NOINLINE static uint32_t edge_number(p_stats *s, uint32_t a, uint32_t b,
                                        bool *nomem) {
  p_edge *e = p_edge_get(s, a, b, nomem);
  return e ? (uint32_t)(e - s->edge) + 1 : 0;
}

/* The pair (a, b) of duration @p d: its edge found (or made) through the
 * cell table (@p dim: s->cell_dim, read once by the caller), and the
 * duration into the edge's buffer (the usual case, inline) or, without
 * buffers, into the edge at once. */
static inline void pair_put(p_stats *s, size_t dim, p_pend *p, uint32_t a,
                            uint32_t b, uint64_t d, bool *nomem) {
  uint32_t k = dim ? s->cell[(size_t)a * dim + b] : 0;
  if (CX_UNLIKELY(!k) && !(k = edge_number(s, a, b, nomem)))
    return;
  if (CX_LIKELY(p && k - 1 < p->n && p->fill[k - 1] < P_PEND))
    p->dur[(size_t)(k - 1) * P_PEND + p->fill[k - 1]++] = d;
  else if (!p || !pend_push(p, s, k - 1, d, nomem))
    edge_add(&s->edge[k - 1], d, nomem);
}

bool p_stats_pairs(p_stats *s, size_t m, const uint32_t *a,
                   const uint32_t *b, const uint64_t *d, p_pend *pend) {
  bool nomem = false;
  const size_t dim = s->cell_dim;
  for (size_t i = 0; i < m; i++)
    pair_put(s, dim, pend, a[i], b[i], d[i], &nomem);
  return !nomem;
}

bool p_stats_duration(p_stats *s, uint64_t d) {
  p_u128_add(&s->dur_sum, d);
  if (d < s->dur_min)
    s->dur_min = d;
  if (d > s->dur_max)
    s->dur_max = d;
  return sk_add1(&s->dur_sk, d);
}

cx_status p_stats_close(p_stats *s, const p_case *c, const cx_names *names,
                        size_t nslots, p_pend *pend) {
  if (CX_UNLIKELY(s->tp_cap < names->count) &&
      !p_stats_reserve_tp(s, names->count))
    return cx__enomem();
  if (s->n_funnels && !p_stats_reserve_slots(s, nslots))
    return cx__enomem();
  for (size_t f = 0; f < s->n_funnels; f++)
    if (!p_funnel_resolve(&s->funnel[f], names))
      return cx__enomem();
  for (size_t f = 0; f < s->n_funnels; f++)
    p_funnel_eval(&s->funnel[f], c);
  const uint32_t n = c->n, *tp = c->tp;
  const int64_t *ts = c->ts;
  s->n_events += n;
  s->n_cases++;
  if (n == 0 || s->funnels_only)
    return CX_OK;
  bool nomem = false;
  uint64_t stamp = ++s->serial;
  uint32_t conv = P_NONE;
  double value = 0.0;
  uint64_t h = P_SEQ_SEED;
  for (uint32_t i = 0; i < n; i++) {
    uint32_t t = tp[i];
    h = p_seq_step(h, t);
    s->tp_events[t]++;
    if (s->tp_stamp[t] != stamp) {
      s->tp_stamp[t] = stamp;
      s->tp_cases[t]++;
    }
  }
  if (c->out)
    for (uint32_t i = 0; i < n; i++)
      if (c->out[i]) {
        if (conv == P_NONE)
          conv = i;
        if (c->val && !isnan(c->val[i]))
          value += c->val[i];
      }
  /* The variant's first slot is asked for now, and the variant it names
   * after the pairs. */
  const uint64_t vh = var_hash(h, n);
  p_variant_prefetch(s, vh, 0);
  const size_t dim = s->cell_dim;
  for (uint32_t i = 0; i + 1 < n; i++)
    pair_put(s, dim, pend, tp[i], tp[i + 1], (uint64_t)(ts[i + 1] - ts[i]),
             &nomem);
  p_variant_prefetch(s, vh, 1);
  s->tp_starts[tp[0]]++;
  s->tp_ends[tp[n - 1]]++;
  uint64_t d = (uint64_t)(ts[n - 1] - ts[0]);
  if (!p_stats_duration(s, d))
    nomem = true;
  if (conv != P_NONE) {
    s->n_converted++;
    s->value += value;
  }
  p_variant *v = p_variant_find(s, tp, n, c->segment, conv, h, &nomem);
  if (v) {
    v->count++;
    p_u128_add(&v->dur, d);
    if (!p_var_value_add(s, (size_t)(v - s->var), value))
      nomem = true;
  }
  return nomem ? cx__enomem() : CX_OK;
}

bool p_stats_copy(p_stats *d, const p_stats *s) {
  return p_stats_copy_ex(d, s, true);
}

bool p_stats_copy_ex(p_stats *d, const p_stats *s, bool edge_sketches) {
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
      memset(&d->edge[i].sk, 0, sizeof d->edge[i].sk);
      if (edge_sketches && !p_sketch_copy(&d->edge[i].sk, &s->edge[i].sk)) {
        d->n_edges = i;
        goto fail;
      }
      d->n_edges = i + 1;
    }
  }
  if (!edge_cells(d))
    goto fail;
  if (!p_map_copy(&d->edge_map, &s->edge_map))
    goto fail;
  if (s->n_var) {
    d->var = cx__malloc(s->n_var * sizeof *d->var);
    d->var_slot = cx__malloc(s->var_nslots * sizeof *d->var_slot);
    d->pool = cx__malloc((s->pool_len ? s->pool_len : 1) << s->pool_shift);
    if (!d->var || !d->var_slot || !d->pool)
      goto fail;
    memcpy(d->var, s->var, s->n_var * sizeof *d->var);
    memcpy(d->var_slot, s->var_slot, s->var_nslots * sizeof *d->var_slot);
    if (s->pool_len)
      memcpy(d->pool, s->pool, s->pool_len << s->pool_shift);
    d->n_var = d->var_cap = s->n_var;
    d->var_nslots = s->var_nslots;
    d->pool_len = d->pool_cap = s->pool_len;
    d->pool_shift = s->pool_shift;
    if (s->var_value_len) {
      d->var_value = cx__malloc(s->var_value_len * sizeof *d->var_value);
      if (!d->var_value)
        goto fail;
      memcpy(d->var_value, s->var_value,
             s->var_value_len * sizeof *d->var_value);
      d->var_value_len = s->var_value_len;
    }
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
      seq[k] = tp_map[p_pool_get(s, sv->off + k)];
    p_variant *v = p_variant_get(d, seq, sv->len, seg_map[sv->segment],
                                 sv->conv, &nomem);
    if (!v)
      break;
    v->count += sv->count;
    p_u128_addw(&v->dur, sv->dur);
    if (!p_var_value_add(d, (size_t)(v - d->var), p_var_value(s, i))) {
      nomem = true;
      break;
    }
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

