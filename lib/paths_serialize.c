/*
 * Serialization of the event log: a versioned, checksummed, little-endian
 * byte string holding the dictionaries, the held events, the summaries of
 * closed cases and the declared funnels, and its strict reader.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "paths_internal.h"

static const char MAGIC[4] = {'C', 'X', 'P', 'L'};
enum { FORMAT_VERSION = 1 };

/* ---- serialization ------------------------------------------------------- */

static void put_sketch(cx_buf *b, const p_sketch *s) {
  uint64_t *key = NULL, *cnt = NULL;
  if (!p_sketch_entries(s, &key, &cnt)) {
    b->failed = true;
    return;
  }
  cx__buf_put_u8(b, s->binned);
  cx__buf_put_u32le(b, s->n);
  for (uint32_t i = 0; i < s->n; i++) {
    cx__buf_put_u64le(b, key[i]);
    cx__buf_put_u64le(b, cnt[i]);
  }
  cx__free(key);
  cx__free(cnt);
}

static int cmp_u64(const void *a, const void *b) {
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return (x > y) - (x < y);
}

static void put_u128(cx_buf *b, p_u128 v) {
  cx__buf_put_u64le(b, v.lo);
  cx__buf_put_u64le(b, v.hi);
}

/* Write the held events grouped by case number: every partition is
 * decoded, then a counting sort by case number gives the order. */
static bool put_held(cx_buf *b, const cx_paths_log *log) {
  size_t n = log->np, ncases = log->held_cases;
  uint32_t *num = cx__malloc(n * sizeof *num), *tp = cx__malloc(n * sizeof *tp);
  uint32_t *order = cx__malloc(n * sizeof *order);
  uint32_t *end = cx__malloc((ncases + 1) * sizeof *end);
  int64_t *ts = cx__malloc(n * sizeof *ts);
  uint8_t *out = cx__malloc(n);
  double *val = log->p_val ? cx__malloc(n * sizeof *val) : NULL;
  bool ok = num && tp && order && end && ts && out && (val || !log->p_val);
  for (size_t q = 0, at = 0; ok && q < P_PARTS; q++) {
    const p_part *pq = &log->part[q];
    /* Local case numbers first, made whole in place. */
    p_part_decode(pq, num + at, tp + at, ts + at, out + at,
                  val ? val + at : NULL);
    for (size_t i = at; i < at + pq->n; i++)
      num[i] = num[i] << P_PART_BITS | (uint32_t)q;
    at += pq->n;
  }
  if (ok) {
    p_group(num, n, ncases, end, order);
    for (size_t k = 0; k < n; k++) {
      size_t i = order[k];
      cx__buf_put_u64le(b, log->num_ids ? num[i]
                                        : (uint64_t)log->case_key[num[i]]);
      cx__buf_put_u32le(b, tp[i]);
      cx__buf_put_u64le(b, (uint64_t)ts[i]);
      if (val)
        cx__buf_put_f64le(b, val[i]);
      if (log->p_out)
        cx__buf_put_u8(b, out[i]);
      if (log->case_seg)
        cx__buf_put_u32le(b, log->case_seg[num[i]]);
    }
  }
  cx__free(tp);
  cx__free(num);
  cx__free(order);
  cx__free(end);
  cx__free(ts);
  cx__free(out);
  cx__free(val);
  return ok;
}

/* A graph-only log's held cases in the order of their numbers, then the
 * touchpoints from 64 they visited, in increasing order. */
static bool put_gheld(cx_buf *b, const cx_paths_log *log) {
  uint64_t *high;
  if (!p_graph_seen_high(log, &high))
    return false;
  for (size_t k = 0; k < log->held_cases; k++) {
    p_gheld g;
    p_graph_get(log, k, high, &g);
    cx__buf_put_u64le(b, log->num_ids ? k : (uint64_t)log->case_key[k]);
    cx__buf_put_u32le(b, g.tp);
    cx__buf_put_u64le(b, (uint64_t)g.last);
    cx__buf_put_u64le(b, (uint64_t)g.first);
    cx__buf_put_u64le(b, g.seen);
    cx__buf_put_u8(b, g.conv);
    if (log->case_seg)
      cx__buf_put_u32le(b, log->case_seg[k]);
  }
  cx__free(high);
  const p_map *m = &log->gseen;
  uint64_t *key = cx__malloc((m->n ? m->n : 1) * sizeof *key);
  if (!key)
    return false;
  size_t n = 0;
  for (size_t j = 0; j < m->cap; j++)
    if (m->val[j] != P_NONE && (uint32_t)m->key[j] >= 64)
      key[n++] = m->key[j];
  qsort(key, n, sizeof *key, cmp_u64);
  cx__buf_put_u64le(b, n);
  for (size_t i = 0; i < n; i++)
    cx__buf_put_u64le(b, key[i]);
  cx__free(key);
  return true;
}

/* The bytes hold text case ids as an index into the list of ids, in order
 * of first arrival.  A log whose numeric ids are keys of their own
 * (num_ids) writes its case numbers instead, with the ids of its held
 * cases in that order. */

CX_API cx_status cx_paths_log_serialize(const cx_paths_log *log,
                                        uint8_t **out, size_t *len) {
  if (!log || !out || !len)
    return cx__error(CX_EINVAL, "cx_paths_log_serialize: NULL argument");
  cx_buf b;
  cx__buf_init(&b);
  const p_stats *s = &log->st;
  cx__buf_put(&b, MAGIC, 4);
  cx__buf_put_u32le(&b, FORMAT_VERSION);
  /* The mode: 0 unsorted, 1 sorted by case, 2 graph-only. */
  cx__buf_put_u8(&b, log->opt.graph_only ? 2
                                         : (uint8_t)log->opt.sorted_by_case);
  cx__buf_put_u64le(&b, log->opt.max_cases);
  cx__buf_put_u64le(&b, log->opt.max_touchpoints);
  cx__buf_put_u8(&b, (uint8_t)log->ids);
  cx__buf_put_u32le(&b, (uint32_t)log->tps.count);
  for (size_t i = 0; i < log->tps.count; i++) {
    cx__buf_put_str(&b, log->tps.name[i]);
    cx__buf_put_u8(&b, log->tp_channel[i] != NULL);
    if (log->tp_channel[i])
      cx__buf_put_str(&b, log->tp_channel[i]);
  }
  cx__buf_put_u32le(&b, (uint32_t)log->segs.count);
  for (size_t i = 0; i < log->segs.count; i++)
    cx__buf_put_str(&b, log->segs.name[i]);
  /* Held events, case after case in the order of their numbers (so that
   * reading them back numbers the cases the same), each case's in order
   * of arrival; for a graph-only log, its held cases. */
  cx__buf_put_u64le(&b, log->opt.graph_only ? log->held_cases : log->np);
  cx__buf_put_u8(&b, (uint8_t)((log->p_val ? 1 : 0) | (log->p_out ? 2 : 0) |
                               (log->case_seg ? 4 : 0)));
  if (log->opt.graph_only ? !put_gheld(&b, log)
                          : log->np && !put_held(&b, log))
    b.failed = true;
  if (log->num_ids) {
    cx__buf_put_u32le(&b, (uint32_t)log->held_cases);
    for (size_t k = 0; k < log->held_cases; k++) {
      char num[24];
      int64_t key = log->case_key[k];
      if (key < 0)
        snprintf(num, sizeof num, "%llu", (unsigned long long)(-1 - key));
      cx__buf_put_str(&b, key < 0 ? num : log->case_ids.name[key]);
    }
  } else {
    cx__buf_put_u32le(&b, (uint32_t)log->case_ids.count);
    for (size_t i = 0; i < log->case_ids.count; i++)
      cx__buf_put_str(&b, log->case_ids.name[i]);
  }
  cx__buf_put_u8(&b, log->open_id != NULL);
  if (log->open_id)
    cx__buf_put_str(&b, log->open_id);
  cx__buf_put_u64le(&b, log->next_key);
  /* Summaries. */
  cx__buf_put_u64le(&b, s->n_events);
  cx__buf_put_u64le(&b, s->n_cases);
  cx__buf_put_u64le(&b, s->n_converted);
  cx__buf_put_f64le(&b, s->value);
  for (size_t t = 0; t < log->tps.count; t++) {
    bool in = t < s->tp_cap;
    cx__buf_put_u64le(&b, in ? s->tp_events[t] : 0);
    cx__buf_put_u64le(&b, in ? s->tp_cases[t] : 0);
    cx__buf_put_u64le(&b, in ? s->tp_starts[t] : 0);
    cx__buf_put_u64le(&b, in ? s->tp_ends[t] : 0);
  }
  put_u128(&b, s->dur_sum);
  cx__buf_put_u64le(&b, s->dur_min);
  cx__buf_put_u64le(&b, s->dur_max);
  put_sketch(&b, &s->dur_sk);
  cx__buf_put_u64le(&b, s->n_edges);
  for (size_t i = 0; i < s->n_edges; i++) {
    const p_edge *e = &s->edge[i];
    cx__buf_put_u32le(&b, e->from);
    cx__buf_put_u32le(&b, e->to);
    cx__buf_put_u64le(&b, e->count);
    put_u128(&b, e->sum);
    cx__buf_put_u64le(&b, e->min);
    cx__buf_put_u64le(&b, e->max);
    put_sketch(&b, &e->sk);
  }
  cx__buf_put_u64le(&b, s->n_var);
  for (size_t i = 0; i < s->n_var; i++) {
    const p_variant *v = &s->var[i];
    cx__buf_put_u32le(&b, v->len);
    cx__buf_put_u32le(&b, v->segment);
    cx__buf_put_u32le(&b, v->conv);
    cx__buf_put_u64le(&b, v->count);
    put_u128(&b, v->dur);
    cx__buf_put_f64le(&b, p_var_value(s, i));
    for (uint32_t k = 0; k < v->len; k++)
      cx__buf_put_u32le(&b, p_pool_get(s, v->off + k));
  }
  cx__buf_put_u32le(&b, (uint32_t)s->n_funnels);
  for (size_t i = 0; i < s->n_funnels; i++) {
    const p_funnel *f = &s->funnel[i];
    cx__buf_put_u32le(&b, f->nsteps);
    cx__buf_put_u8(&b, (uint8_t)f->mode);
    cx__buf_put_u64le(&b, (uint64_t)f->window);
    for (uint32_t j = 0; j < f->nsteps; j++)
      cx__buf_put_str(&b, f->step[j]);
    /* Slots beyond the log's are never used; write the log's count. */
    size_t slots = p_slots(log);
    for (size_t g = 0; g < slots; g++) {
      bool in = g < f->nslots;
      cx__buf_put_u64le(&b, in ? f->cases[g] : 0);
      for (uint32_t j = 0; j < f->nsteps; j++) {
        size_t c = g * f->nsteps + j;
        cx__buf_put_u64le(&b, in ? f->reached[c] : 0);
        put_u128(&b, in ? f->tsum[c] : (p_u128){0, 0});
        if (in) {
          put_sketch(&b, &f->tsk[c]);
        } else {
          cx__buf_put_u8(&b, 0);
          cx__buf_put_u32le(&b, 0);
        }
      }
    }
  }
  if (!b.failed)
    cx__buf_put_u64le(&b, cx__hash(b.data, b.len, 0));
  size_t n;
  char *bytes = cx__buf_take(&b, &n);
  if (!bytes)
    return cx__enomem();
  *out = (uint8_t *)bytes;
  *len = n;
  return CX_OK;
}

static cx_status corrupt(const char *why) {
  return cx__error(CX_EPARSE, "serialized event log is corrupt: %s", why);
}

static p_u128 rd_u128(cx_reader *r) {
  p_u128 v;
  v.lo = cx__rd_u64le(r);
  v.hi = cx__rd_u64le(r);
  return v;
}

/* A length-prefixed text without NUL bytes; NULL with *fail set when the
 * bytes are bad, NULL alone when out of memory. */
static char *rd_text(cx_reader *r, bool *fail) {
  uint32_t n = 0;
  if (r->left >= 4)
    for (int i = 0; i < 4; i++)
      n |= (uint32_t)r->p[i] << (8 * i);
  char *s = cx__rd_str(r, P_NAME_MAX);
  if (!s) {
    *fail = r->failed;
    return NULL;
  }
  if (strlen(s) != n) {
    cx__free(s);
    *fail = r->failed = true;
    return NULL;
  }
  return s;
}

/* A sketch; false when the bytes are bad (*nomem when memory ran out). */
static bool rd_sketch(cx_reader *r, p_sketch *s, bool *nomem) {
  *nomem = false;
  memset(s, 0, sizeof *s);
  uint8_t binned = cx__rd_u8(r);
  uint32_t n = cx__rd_u32le(r);
  if (r->failed || binned > 1 || n > r->left / 16)
    return false;
  uint64_t *key = cx__malloc(((size_t)n + 1) * sizeof *key);
  uint64_t *cnt = cx__malloc(((size_t)n + 1) * sizeof *cnt);
  if (!key || !cnt) {
    cx__free(key);
    cx__free(cnt);
    *nomem = true;
    return false;
  }
  for (uint32_t i = 0; i < n; i++) {
    key[i] = cx__rd_u64le(r);
    cnt[i] = cx__rd_u64le(r);
  }
  bool ok = !r->failed && p_sketch_load(s, binned, key, cnt, n, nomem);
  cx__free(key);
  cx__free(cnt);
  return ok;
}

/* The body of deserialize; @p log is fresh and freed by the caller on
 * failure. */
/* A graph-only log's @p n held cases and the touchpoints from 64 they
 * visited (put_gheld). */
static cx_status rd_gheld(cx_reader *r, cx_paths_log *log, size_t n,
                          bool segs) {
  size_t ntp = log->tps.count, slots = p_slots(log);
  uint64_t low = ntp >= 64 ? UINT64_MAX : (UINT64_C(1) << ntp) - 1;
  cx_status st;
  if (n && log->ids == P_IDS_NONE)
    return corrupt("held cases");
  if (segs && !p_log_need_seg(log))
    return cx__enomem();
  for (size_t k = 0; k < n; k++) {
    int64_t key = (int64_t)cx__rd_u64le(r);
    uint32_t tp = cx__rd_u32le(r);
    int64_t last = (int64_t)cx__rd_u64le(r), first = (int64_t)cx__rd_u64le(r);
    uint64_t seen = cx__rd_u64le(r);
    uint8_t conv = cx__rd_u8(r);
    uint32_t seg = segs ? cx__rd_u32le(r) : 0;
    if (r->failed || tp >= ntp || first < P_TS_MIN || last > P_TS_MAX ||
        first > last || (seen & ~low) || (tp < 64 && !(seen >> tp & 1)) ||
        conv > 1 || seg >= slots || p_case_find(log, key) != P_NONE)
      return corrupt("held case");
    uint32_t num;
    if ((st = p_log_case(log, key, &num)))
      return st;
    p_gheld g = {first, last, seen, tp, conv};
    if (!p_graph_set(log, num, &g))
      return cx__enomem();
    if (log->case_seg)
      log->case_seg[num] = seg;
    if (last > log->glast)
      log->glast = last;
  }
  uint64_t ns = cx__rd_u64le(r);
  if (r->failed || ns > r->left / 8)
    return corrupt("visited touchpoints");
  uint64_t prev = 0;
  for (uint64_t i = 0; i < ns; i++) {
    uint64_t key = cx__rd_u64le(r);
    uint32_t tp = (uint32_t)key;
    if (r->failed || (i && key <= prev) || (key >> 32) >= n || tp < 64 ||
        tp >= ntp)
      return corrupt("visited touchpoints");
    if (!p_map_put(&log->gseen, key, 0))
      return cx__enomem();
    prev = key;
  }
  /* A case has visited its last touchpoint. */
  for (size_t k = 0; k < n; k++) {
    uint32_t tp = p_graph_tp(log, k);
    if (tp >= 64 &&
        p_map_get(&log->gseen, (uint64_t)k << 32 | tp) == P_NONE)
      return corrupt("visited touchpoints");
  }
  return CX_OK;
}

static cx_status rd_log(cx_reader *r, cx_paths_log *log) {
  bool nomem = false;
  cx_status st;
  uint32_t ntp = cx__rd_u32le(r);
  if (r->failed || ntp > log->opt.max_touchpoints || ntp > r->left / 5)
    return corrupt("touchpoint count");
  for (uint32_t i = 0; i < ntp; i++) {
    bool fail = false;
    char *name = rd_text(r, &fail);
    /* Nothing after a name that could not be read is read. */
    if (!name)
      return fail ? corrupt("touchpoint names") : cx__enomem();
    uint8_t has = cx__rd_u8(r);
    char *ch = has == 1 ? rd_text(r, &fail) : NULL;
    uint32_t code;
    if (fail || (has == 1 && !ch)) {
      cx__free(name);
      cx__free(ch);
      return r->failed || fail ? corrupt("touchpoint names") : cx__enomem();
    }
    bool bad = has > 1 || (ch && !*ch) ||
               cx__names_find(&log->tps, name, strlen(name)) != SIZE_MAX;
    st = bad ? CX_EPARSE
             : p_log_touchpoint(log, name, strlen(name), ch,
                                ch ? strlen(ch) : 0, &code);
    bool channel_ok = st || !ch ||
                      (log->tp_channel[code] &&
                       strcmp(log->tp_channel[code], ch) == 0);
    cx__free(name);
    cx__free(ch);
    if (st)
      return st == CX_ENOMEM ? st : corrupt("touchpoint names");
    if (!channel_ok)
      return corrupt("touchpoint channel");
  }
  uint32_t nseg = cx__rd_u32le(r);
  if (r->failed || nseg > 65536 || nseg > r->left / 4)
    return corrupt("segment count");
  for (uint32_t i = 0; i < nseg; i++) {
    bool fail = false;
    char *name = rd_text(r, &fail);
    uint32_t code;
    if (!name)
      return fail ? corrupt("segment names") : cx__enomem();
    bool dup = cx__names_find(&log->segs, name, strlen(name)) != SIZE_MAX;
    st = dup ? CX_EPARSE : p_log_segment(log, name, strlen(name), &code);
    cx__free(name);
    if (st)
      return st == CX_ENOMEM ? st : corrupt("segment names");
  }
  size_t slots = p_slots(log);
  /* Held events. */
  uint64_t np = cx__rd_u64le(r);
  uint8_t cols = cx__rd_u8(r);
  if (log->opt.graph_only) {
    if (r->failed || (cols & ~4) || np > r->left / 33 || np >= UINT32_MAX)
      return corrupt("held cases");
    if ((st = rd_gheld(r, log, (size_t)np, cols & 4)))
      return st;
    np = 0;
  }
  size_t row = 20 + (cols & 1 ? 8 : 0) + (cols & 2 ? 1 : 0) + (cols & 4 ? 4 : 0);
  if (r->failed || cols > 7 || np > r->left / row || np >= UINT32_MAX)
    return corrupt("held events");
  if (log->opt.graph_only)
    cols = 0;
  if ((cols & 4) && !p_log_need_seg(log))
    return cx__enomem();
  for (uint64_t i = 0; i < np; i++) {
    int64_t key = (int64_t)cx__rd_u64le(r);
    uint32_t tp = cx__rd_u32le(r);
    int64_t ts = (int64_t)cx__rd_u64le(r);
    double val = cols & 1 ? cx__rd_f64le(r) : NAN;
    uint8_t out = cols & 2 ? cx__rd_u8(r) : 0;
    uint32_t seg = cols & 4 ? cx__rd_u32le(r) : 0;
    uint64_t bits, nan_bits;
    double nan = NAN;
    memcpy(&bits, &val, 8);
    memcpy(&nan_bits, &nan, 8);
    if (tp >= ntp || ts < P_TS_MIN || ts > P_TS_MAX || isinf(val) || out > 1 ||
        seg >= slots || (isnan(val) && bits != nan_bits) ||
        (log->opt.sorted_by_case && i && key != log->case_key[0]))
      return corrupt("held event");
    /* Events come case after case, in the order of the case numbers
     * they get, as the writer puts them; a case's segment is that of its
     * events. */
    size_t held = log->held_cases;
    if ((st = p_log_push(log, key, tp, ts, val, out, seg)))
      return st;
    uint32_t num = log->held_cases == held ? P_NONE : (uint32_t)held;
    if (num == P_NONE) {
      num = (uint32_t)log->held_cases - 1;
      if (log->case_key[num] != key ||
          (log->case_seg && log->case_seg[num] != seg))
        return corrupt("held events out of case order");
    }
  }
  log->p_out = (cols & 2) != 0;
  log->p_val = (cols & 1) != 0;
  uint32_t nids = cx__rd_u32le(r);
  if (r->failed || nids > r->left / 4)
    return corrupt("case ids");
  for (uint32_t i = 0; i < nids; i++) {
    bool fail = false;
    char *id = rd_text(r, &fail);
    if (!id)
      return fail ? corrupt("case ids") : cx__enomem();
    size_t len = strlen(id);
    bool bad = len == 0 || cx__names_find(&log->case_ids, id, len) != SIZE_MAX;
    size_t k = bad ? SIZE_MAX : cx__names_add(&log->case_ids, id, len);
    cx__free(id);
    if (bad)
      return corrupt("case ids");
    if (k == SIZE_MAX)
      return cx__enomem();
  }
  uint8_t has_open = cx__rd_u8(r);
  if (has_open == 1) {
    bool fail = false;
    log->open_id = rd_text(r, &fail);
    if (!log->open_id)
      return fail ? corrupt("open case") : cx__enomem();
    log->open_len = strlen(log->open_id);
  }
  log->next_key = cx__rd_u64le(r);
  if (r->failed || has_open > 1 || (has_open && !log->open_len) ||
      log->ids > P_IDS_CODES || (log->ids != P_IDS_TEXT && (nids || has_open)) ||
      (np && log->ids == P_IDS_NONE) ||
      (log->opt.sorted_by_case && nids) ||
      (!log->opt.sorted_by_case && has_open))
    return corrupt("case ids");
  /* Summaries. */
  p_stats *s = &log->st;
  s->n_events = cx__rd_u64le(r);
  s->n_cases = cx__rd_u64le(r);
  s->n_converted = cx__rd_u64le(r);
  s->value = cx__rd_f64le(r);
  if (!p_stats_reserve_tp(s, ntp))
    return cx__enomem();
  for (uint32_t t = 0; t < ntp; t++) {
    s->tp_events[t] = cx__rd_u64le(r);
    s->tp_cases[t] = cx__rd_u64le(r);
    s->tp_starts[t] = cx__rd_u64le(r);
    s->tp_ends[t] = cx__rd_u64le(r);
  }
  s->dur_sum = rd_u128(r);
  s->dur_min = cx__rd_u64le(r);
  s->dur_max = cx__rd_u64le(r);
  if (r->failed || !rd_sketch(r, &s->dur_sk, &nomem))
    return nomem ? cx__enomem() : corrupt("case durations");
  uint64_t ne = cx__rd_u64le(r);
  if (r->failed || ne > r->left / 57)
    return corrupt("edge count");
  for (uint64_t i = 0; i < ne; i++) {
    uint32_t from = cx__rd_u32le(r), to = cx__rd_u32le(r);
    if (r->failed || from >= ntp || to >= ntp ||
        p_map_get(&s->edge_map, (uint64_t)from << 32 | to) != P_NONE)
      return corrupt("edge");
    p_edge *e = p_edge_get(s, from, to, &nomem);
    if (!e)
      return cx__enomem();
    e->count = cx__rd_u64le(r);
    e->sum = rd_u128(r);
    e->min = cx__rd_u64le(r);
    e->max = cx__rd_u64le(r);
    if (r->failed || e->count == 0 || !rd_sketch(r, &e->sk, &nomem))
      return nomem ? cx__enomem() : corrupt("edge");
  }
  uint64_t nv = cx__rd_u64le(r);
  if (r->failed || nv > r->left / 48)
    return corrupt("variant count");
  uint32_t *seq = NULL;
  for (uint64_t i = 0; i < nv; i++) {
    uint32_t len = cx__rd_u32le(r), seg = cx__rd_u32le(r),
             conv = cx__rd_u32le(r);
    uint64_t count = cx__rd_u64le(r);
    p_u128 dur = rd_u128(r);
    double value = cx__rd_f64le(r);
    if (r->failed || len > r->left / 4 || seg >= slots ||
        (conv != P_NONE && conv >= len) || count == 0) {
      cx__free(seq);
      return corrupt("variant");
    }
    uint32_t *q = cx__realloc(seq, ((size_t)len + 1) * sizeof *q);
    if (!q) {
      cx__free(seq);
      return cx__enomem();
    }
    seq = q;
    for (uint32_t k = 0; k < len; k++)
      if ((seq[k] = cx__rd_u32le(r)) >= ntp) {
        cx__free(seq);
        return corrupt("variant touchpoint");
      }
    size_t before = s->n_var;
    p_variant *v = p_variant_get(s, seq, len, seg, conv, &nomem);
    if (!v || s->n_var == before) {
      cx__free(seq);
      return v ? corrupt("repeated variant") : cx__enomem();
    }
    v->count = count;
    v->dur = dur;
    if (!p_var_value_set(s, s->n_var - 1, value)) {
      cx__free(seq);
      return cx__enomem();
    }
  }
  cx__free(seq);
  uint32_t nf = cx__rd_u32le(r);
  if (r->failed || nf > 1024 || nf > r->left / 13)
    return corrupt("funnel count");
  for (uint32_t i = 0; i < nf; i++) {
    uint32_t ns = cx__rd_u32le(r);
    uint8_t mode = cx__rd_u8(r);
    cx_paths_funnel_options o = CX_PATHS_FUNNEL_OPTIONS_INIT;
    o.mode = (cx_paths_funnel_mode)mode;
    o.window = (int64_t)cx__rd_u64le(r);
    if (r->failed || ns == 0 || ns > CX_PATHS_FUNNEL_MAX_STEPS)
      return corrupt("funnel");
    char *step[CX_PATHS_FUNNEL_MAX_STEPS] = {0};
    bool ok = true, fail = false;
    for (uint32_t j = 0; j < ns && ok; j++)
      ok = (step[j] = rd_text(r, &fail)) != NULL;
    if (!ok && !fail) {
      for (uint32_t j = 0; j < ns; j++)
        cx__free(step[j]);
      return cx__enomem();
    }
    size_t before = s->n_funnels;
    st = ok ? p_funnel_check((const char *const *)step, ns, &o) : CX_EPARSE;
    if (!st) {
      /* Declaring needs a log without closed cases: count them after. */
      uint64_t cases = s->n_cases;
      s->n_cases = 0;
      st = cx_paths_log_declare_funnel(log, (const char *const *)step, ns, &o);
      s->n_cases = cases;
    }
    for (uint32_t j = 0; j < ns; j++)
      cx__free(step[j]);
    if (st || s->n_funnels == before)
      return st == CX_ENOMEM ? st : corrupt("funnel");
    p_funnel *f = &s->funnel[before];
    for (size_t g = 0; g < slots; g++) {
      f->cases[g] = cx__rd_u64le(r);
      for (uint32_t j = 0; j < ns; j++) {
        size_t c = g * ns + j;
        f->reached[c] = cx__rd_u64le(r);
        f->tsum[c] = rd_u128(r);
        if (r->failed || !rd_sketch(r, &f->tsk[c], &nomem))
          return nomem ? cx__enomem() : corrupt("funnel figures");
      }
    }
  }
  if (r->failed || r->left != 0)
    return corrupt(r->failed ? "truncated" : "trailing bytes");
  return CX_OK;
}

CX_API cx_status cx_paths_log_deserialize(cx_paths_log **out,
                                          const uint8_t *data, size_t len) {
  if (!out || (!data && len))
    return cx__error(CX_EINVAL, "cx_paths_log_deserialize: NULL argument");
  if (len < 16 || memcmp(data, MAGIC, 4) != 0)
    return corrupt("not a serialized event log (bad magic or too short)");
  cx_reader r = {data + 4, len - 4, false};
  uint32_t version = cx__rd_u32le(&r);
  if (version != FORMAT_VERSION)
    return cx__error(CX_EVERSION,
                     "serialized event log has format version %u; this "
                     "library reads version %d",
                     version, FORMAT_VERSION);
  uint64_t sum = 0;
  for (int i = 0; i < 8; i++)
    sum |= (uint64_t)data[len - 8 + i] << (8 * i);
  if (sum != cx__hash(data, len - 8, 0))
    return corrupt("checksum mismatch (truncated or altered bytes)");
  r.left -= 8;
  cx_paths_options o = CX_PATHS_OPTIONS_INIT;
  uint8_t mode = cx__rd_u8(&r);
  o.sorted_by_case = mode == 1;
  o.graph_only = mode == 2;
  o.max_cases = cx__rd_u64le(&r);
  uint64_t maxtp = cx__rd_u64le(&r);
  uint8_t ids = cx__rd_u8(&r);
  if (r.failed || maxtp == 0 || maxtp > UINT32_MAX - 2 || mode > 2)
    return corrupt("options");
  o.max_touchpoints = (size_t)maxtp;
  cx_paths_log *log;
  cx_status st = cx_paths_log_new(&log, &o);
  if (st)
    return st;
  log->ids = ids;
  if ((st = rd_log(&r, log))) {
    cx_paths_log_free(log);
    return st;
  }
  *out = log;
  return CX_OK;
}
