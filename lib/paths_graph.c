/*
 * Graph-only logs (cx_paths_options.graph_only): every event goes into the
 * directly-follows graph and the touchpoint figures as it arrives, and of
 * a case only what its next event and its closing need is kept: its last
 * time, last touchpoint, the touchpoints it has visited and whether it
 * converted in 16 bytes (p_gcase), and apart from them its first time.
 * A case's events must come in time order; a batch is checked for that
 * before any of it is added, through a map of the cases it names to the
 * time of their latest event so far, unless its times never decrease and
 * start after every held case's last event, which makes the check
 * needless.
 */
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "paths_internal.h"

/* ---- state ---------------------------------------------------------------- */

bool p_graph_room(cx_paths_log *log, size_t cap) {
  p_gcase *g = cx__realloc(log->gcase, cap * sizeof *g);
  if (!g)
    return false;
  log->gcase = g;
  int64_t *f = cx__realloc(log->gfirst, cap * sizeof *f);
  if (!f)
    return false;
  log->gfirst = f;
  return true;
}

uint32_t p_graph_tp(const cx_paths_log *log, size_t k) {
  return (uint32_t)(log->gcase[k].word >> p_gbits(log) >> 1);
}

bool p_graph_seen_high(const cx_paths_log *log, uint64_t **high) {
  *high = NULL;
  const p_map *m = &log->gseen;
  if (!m->n || !log->held_cases)
    return true;
  *high = cx__calloc(log->held_cases, sizeof **high);
  if (!*high)
    return false;
  for (size_t j = 0; j < m->cap; j++) {
    uint32_t t = (uint32_t)m->key[j];
    if (m->val[j] != P_NONE && t < 64)
      (*high)[m->key[j] >> 32] |= UINT64_C(1) << t;
  }
  return true;
}

void p_graph_get(const cx_paths_log *log, size_t k, const uint64_t *high,
                 p_gheld *h) {
  const unsigned bits = p_gbits(log);
  const uint64_t w = log->gcase[k].word;
  h->first = log->gfirst[k];
  h->last = log->gcase[k].last;
  h->tp = (uint32_t)(w >> bits >> 1);
  h->conv = (uint8_t)(w >> bits & 1);
  h->seen = (w & ((UINT64_C(1) << bits) - 1)) | (high ? high[k] : 0);
}

bool p_graph_set(cx_paths_log *log, size_t k, const p_gheld *h) {
  const unsigned bits = p_gbits(log);
  for (unsigned t = bits; t < 64; t++)
    if ((h->seen >> t & 1) &&
        !p_map_put(&log->gseen, (uint64_t)k << 32 | t, 0))
      return false;
  log->gfirst[k] = h->first;
  log->gcase[k].last = h->last;
  log->gcase[k].word = (h->seen & ((UINT64_C(1) << bits) - 1)) |
                       (uint64_t)h->conv << bits |
                       (uint64_t)h->tp << bits << 1;
  return true;
}

void p_graph_forget(cx_paths_log *log) {
  p_map_free(&log->gseen);
  log->glast = P_TS_MIN;
}

void p_graph_free(cx_paths_log *log) {
  p_graph_forget(log);
  cx__free(log->gcase);
  cx__free(log->gfirst);
  log->gcase = NULL;
  log->gfirst = NULL;
}

bool p_graph_copy(cx_paths_log *d, const cx_paths_log *s) {
  d->glast = s->glast;
  if (s->held_cases) {
    d->gcase = cx__malloc(s->held_cases * sizeof *d->gcase);
    d->gfirst = cx__malloc(s->held_cases * sizeof *d->gfirst);
    if (!d->gcase || !d->gfirst)
      return false;
    memcpy(d->gcase, s->gcase, s->held_cases * sizeof *d->gcase);
    memcpy(d->gfirst, s->gfirst, s->held_cases * sizeof *d->gfirst);
  }
  return p_map_copy(&d->gseen, &s->gseen);
}

/* ---- checking a batch's order --------------------------------------------- */

void p_gcheck_free(p_gcheck *c) {
  p_map_free(&c->seen);
  cx__free(c->last);
  memset(c, 0, sizeof *c);
}

bool p_graph_in_order(const cx_paths_log *log, size_t n, bool ts_sorted,
                      int64_t ts_first) {
  if (!ts_sorted || (log->held_cases && ts_first < log->glast))
    return false;
  uint64_t max = log->opt.max_cases, cases = log->st.n_cases;
  return !max || (cases <= max && n <= max - cases);
}

cx_status p_graph_check(const cx_paths_log *log, p_gcheck *c, size_t m,
                        const int64_t *key, const int64_t *ts, size_t row0) {
  for (size_t i = 0; i < m; i++) {
    uint32_t k = p_map_get(&c->seen, (uint64_t)key[i]);
    if (k == P_NONE) {
      /* The case's first row in the batch follows its held events. */
      k = (uint32_t)c->seen.n;
      if (k == c->cap) {
        size_t cap = c->cap ? 2 * c->cap : 1024;
        int64_t *p = cx__realloc(c->last, cap * sizeof *p);
        if (!p)
          return cx__enomem();
        c->last = p;
        c->cap = cap;
      }
      if (!p_map_put(&c->seen, (uint64_t)key[i], k))
        return cx__enomem();
      uint32_t num = p_case_find(log, key[i]);
      c->last[k] = num == P_NONE ? INT64_MIN : log->gcase[num].last;
      c->fresh += num == P_NONE;
    }
    if (ts[i] < c->last[k])
      return p_graph_late(row0 + i, key[i], ts[i], c->last[k]);
    c->last[k] = ts[i];
  }
  return CX_OK;
}

/* ---- adding events -------------------------------------------------------- */

cx_status p_graph_late(size_t row, int64_t key, int64_t ts, int64_t last) {
  static const char why[] = "a graph-only log needs each case's events in "
                            "time order";
  if (row == SIZE_MAX)
    return cx__error(CX_EINVAL,
                     "timestamp %" PRId64 " is earlier than its case's "
                     "previous event (%" PRId64 "); %s",
                     ts, last, why);
  return cx__error(CX_EINVAL,
                   "row %zu: timestamp %" PRId64 " of case %" PRId64
                   " is earlier than that case's previous event (%" PRId64
                   "); %s",
                   row, ts, key, last, why);
}

/* Pairs waiting for p_stats_pairs. */
enum { PAIRS = 512 };
typedef struct pairs {
  uint32_t a[PAIRS], b[PAIRS];
  uint64_t d[PAIRS];
  size_t n;
} pairs;

static bool pairs_flush(p_stats *s, pairs *p, p_pend *pend) {
  bool ok = p_stats_pairs(s, p->n, p->a, p->b, p->d, pend);
  p->n = 0;
  return ok;
}

/* The numbers of the held cases of keys key[0..m) (P_NONE: not held), in
 * a loop of independent loads that overlap, each slot asked for AHEAD
 * keys early. */
static void find_cases(const cx_paths_log *log, size_t m, const int64_t *key,
                       uint32_t *num) {
  enum { AHEAD = 128 };
  if (log->case_map.cap) {
    for (size_t i = 0; i < m; i++)
      num[i] = p_map_get(&log->case_map, (uint64_t)key[i]);
    return;
  }
  const uint32_t *table = log->case_table;
  const uint64_t lo = log->case_lo, width = log->case_width;
  for (size_t i = 0; i < m && i < AHEAD; i++) {
    uint64_t off = (uint64_t)key[i] - lo;
    if (off < width)
      CX_PREFETCH(&table[off]);
  }
  for (size_t i = 0; i < m; i++) {
    if (i + AHEAD < m) {
      uint64_t ahead = (uint64_t)key[i + AHEAD] - lo;
      if (ahead < width)
        CX_PREFETCH(&table[ahead]);
    }
    uint64_t off = (uint64_t)key[i] - lo;
    num[i] = off < width ? table[off] : P_NONE;
  }
}

cx_status p_graph_append(cx_paths_log *log, size_t m, const int64_t *key,
                         const uint32_t *tp, const int64_t *ts,
                         const uint8_t *out, const double *val,
                         const uint32_t *seg, p_pend *pend) {
  p_stats *s = &log->st;
  if (s->tp_cap < log->tps.count && !p_stats_reserve_tp(s, log->tps.count))
    return cx__enomem();
  pairs p;
  p.n = 0;
  uint32_t nums[PAIRS];
  const unsigned bits = p_gbits(log);
  const uint64_t conv = UINT64_C(1) << bits, keep = (conv << 1) - 1;
  cx_status st = CX_OK;
  /* Blocks of rows: first their case numbers, then their events. */
  for (size_t at = 0; at < m && !st; at += PAIRS) {
    size_t bn = m - at < PAIRS ? m - at : PAIRS;
    int64_t latest = log->glast;
    find_cases(log, bn, key + at, nums);
    for (size_t j = 0; j < bn; j++) {
      const size_t i = at + j;
      const uint32_t t = tp[i];
      uint32_t num = nums[j];
      if (j + 16 < bn && nums[j + 16] != P_NONE)
        CX_PREFETCH(&log->gcase[nums[j + 16]]);
      /* A case first seen earlier in the block has a number now. */
      if (num == P_NONE)
        num = p_case_find(log, key[i]);
      p_gcase *g;
      uint64_t w;
      if (num == P_NONE) {
        if (log->opt.max_cases && s->n_cases >= log->opt.max_cases) {
          st = p_too_many_cases(log);
          break;
        }
        if ((st = p_log_case(log, key[i], &num)))
          break;
        if (log->case_seg)
          log->case_seg[num] = seg ? seg[i] : 0;
        g = &log->gcase[num];
        /* Whole before anything below can fail. */
        log->gfirst[num] = g->last = ts[i];
        g->word = (uint64_t)t << bits << 1;
        w = 0;
        s->n_cases++;
        s->tp_starts[t]++;
      } else {
        g = &log->gcase[num];
        w = g->word;
        if (CX_UNLIKELY(ts[i] < g->last)) {
          st = p_graph_late(SIZE_MAX, key[i], ts[i], g->last);
          break;
        }
        p.a[p.n] = (uint32_t)(w >> bits >> 1);
        p.b[p.n] = t;
        p.d[p.n] = (uint64_t)(ts[i] - g->last);
        p.n++;
      }
      if (t < bits) {
        uint64_t bit = UINT64_C(1) << t;
        s->tp_cases[t] += !(w & bit);
        w |= bit;
      } else if (p_map_get(&log->gseen, (uint64_t)num << 32 | t) == P_NONE) {
        if (!p_map_put(&log->gseen, (uint64_t)num << 32 | t, 0)) {
          st = cx__enomem();
          break;
        }
        s->tp_cases[t]++;
      }
      if (out && out[i]) {
        s->n_converted += !(w & conv);
        w |= conv;
        if (val && !isnan(val[i]))
          s->value += val[i];
      }
      s->tp_events[t]++;
      s->n_events++;
      g->word = (w & keep) | (uint64_t)t << bits << 1;
      g->last = ts[i];
      latest = ts[i] > latest ? ts[i] : latest;
    }
    log->glast = latest;
    /* A block makes at most PAIRS pairs. */
    if (!pairs_flush(s, &p, pend) && !st)
      st = cx__enomem();
  }
  return st;
}

/* ---- closing -------------------------------------------------------------- */

cx_status p_graph_close_held(const cx_paths_log *log, p_stats *st) {
  if (!p_stats_reserve_tp(st, log->tps.count))
    return cx__enomem();
  const unsigned bits = p_gbits(log);
  for (size_t k = 0; k < log->held_cases; k++) {
    const p_gcase *g = &log->gcase[k];
    st->tp_ends[g->word >> bits >> 1]++;
    if (!p_stats_duration(st, (uint64_t)(g->last - log->gfirst[k])))
      return cx__enomem();
  }
  return CX_OK;
}
