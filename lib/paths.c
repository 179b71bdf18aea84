/*
 * The event-log accumulator: dictionaries of touchpoints and segments,
 * events one at a time or in column batches, the events held until their
 * case closes (ordered by timestamp, ties in order of arrival), exact
 * merging of logs split by case and a versioned, checksummed
 * serialization.  The summaries of closed cases live in paths_analysis.c.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "paths_internal.h"


/* ---- construction -------------------------------------------------------- */

static cx_status check_options(const cx_paths_options *o) {
  if (o->version != CX_PATHS_OPTIONS_VERSION)
    return cx__error(CX_EINVAL, "cx_paths_log_new: options version %u, "
                                "expected %u",
                     o->version, CX_PATHS_OPTIONS_VERSION);
  if (o->sorted_by_case != 0 && o->sorted_by_case != 1)
    return cx__error(CX_EINVAL, "cx_paths_log_new: sorted_by_case must be 0 "
                                "or 1");
  if (o->graph_only != 0 && o->graph_only != 1)
    return cx__error(CX_EINVAL, "cx_paths_log_new: graph_only must be 0 or 1");
  if (o->graph_only && o->sorted_by_case)
    return cx__error(CX_EINVAL, "cx_paths_log_new: graph_only needs "
                                "sorted_by_case 0 (a sorted log already "
                                "holds only its open case)");
  if (o->max_touchpoints == 0 || o->max_touchpoints > UINT32_MAX - 2)
    return cx__error(CX_EINVAL, "cx_paths_log_new: max_touchpoints must be "
                                "from 1 to %u",
                     (unsigned)(UINT32_MAX - 2));
  return CX_OK;
}

CX_API cx_status cx_paths_log_new(cx_paths_log **out,
                                  const cx_paths_options *options) {
  static const cx_paths_options defaults = CX_PATHS_OPTIONS_INIT;
  if (!out)
    return cx__error(CX_EINVAL, "cx_paths_log_new: out is NULL");
  const cx_paths_options *o = options ? options : &defaults;
  cx_status st = check_options(o);
  if (st)
    return st;
  cx_paths_log *log = cx__calloc(1, sizeof *log);
  if (!log)
    return cx__enomem();
  log->opt = *o;
  cx__names_init(&log->tps);
  cx__names_init(&log->segs);
  cx__names_init(&log->case_ids);
  p_stats_init(&log->st);
  log->glast = P_TS_MIN;
  *out = log;
  return CX_OK;
}

static void part_free(p_part *q) {
  cx__free(q->a);
  cx__free(q->dt);
  cx__free(q->val);
  cx__free(q->xtp);
  cx__free(q->xts);
}

static void held_free(cx_paths_log *log) {
  cx__free(log->case_key);
  cx__free(log->case_seg);
  cx__free(log->case_table);
  p_map_free(&log->case_map);
  log->case_key = NULL;
  log->case_seg = NULL;
  log->case_table = NULL;
  log->case_key_cap = log->case_width = log->held_cases = 0;
  if (log->part)
    for (size_t q = 0; q < P_PARTS; q++)
      part_free(&log->part[q]);
  cx__free(log->part);
  log->part = NULL;
  log->p_out = log->p_val = false;
  log->np = 0;
  p_graph_free(log);
}

CX_API void cx_paths_log_free(cx_paths_log *log) {
  if (!log)
    return;
  if (log->tp_channel)
    for (size_t i = 0; i < log->tps.count; i++)
      cx__free(log->tp_channel[i]);
  cx__free(log->tp_channel);
  cx__names_free(&log->tps);
  cx__names_free(&log->segs);
  cx__names_free(&log->case_ids);
  cx__free(log->open_id);
  held_free(log);
  p_stats_free(&log->st);
  cx__free(log);
}

CX_API cx_status cx_paths_log_get_options(const cx_paths_log *log,
                                          cx_paths_options *out) {
  if (!log || !out)
    return cx__error(CX_EINVAL, "cx_paths_log_get_options: NULL argument");
  *out = log->opt;
  return CX_OK;
}

void p_log_swap(cx_paths_log *a, cx_paths_log *b) {
  cx_paths_log t = *a;
  *a = *b;
  *b = t;
}

static bool dup_array(void **dst, const void *src, size_t bytes) {
  *dst = NULL;
  if (!src)
    return true;
  *dst = cx__malloc(bytes ? bytes : 1);
  if (!*dst)
    return false;
  if (bytes)
    memcpy(*dst, src, bytes);
  return true;
}

cx_status p_log_copy(cx_paths_log **out, const cx_paths_log *src) {
  cx_paths_log *d = cx__calloc(1, sizeof *d);
  if (!d)
    return cx__enomem();
  d->opt = src->opt;
  d->ids = src->ids;
  d->next_key = src->next_key;
  d->open_len = src->open_len;
  d->held_cases = src->held_cases;
  d->num_ids = src->num_ids;
  d->p_out = src->p_out;
  p_stats_init(&d->st);
  bool ok = cx__names_copy(&d->tps, &src->tps) &&
            cx__names_copy(&d->segs, &src->segs) &&
            cx__names_copy(&d->case_ids, &src->case_ids);
  if (ok && src->tps.count) {
    d->tp_channel = cx__calloc(src->tps.count, sizeof *d->tp_channel);
    d->tp_channel_cap = src->tps.count;
    ok = d->tp_channel != NULL;
    for (size_t i = 0; ok && i < src->tps.count; i++)
      if (src->tp_channel[i])
        ok = (d->tp_channel[i] = cx__strdup(src->tp_channel[i])) != NULL;
  }
  if (ok && src->open_id)
    ok = (d->open_id = cx__strndup(src->open_id, src->open_len)) != NULL;
  if (ok && src->held_cases) {
    d->case_lo = src->case_lo;
    d->case_width = src->case_width;
    d->case_min = src->case_min;
    d->case_max = src->case_max;
    d->case_key_cap = src->held_cases;
    ok = dup_array((void **)&d->case_key, src->case_key,
                   src->held_cases * sizeof *d->case_key) &&
         dup_array((void **)&d->case_seg, src->case_seg,
                   src->held_cases * sizeof *d->case_seg) &&
         dup_array((void **)&d->case_table, src->case_table,
                   src->case_width * sizeof *d->case_table) &&
         p_map_copy(&d->case_map, &src->case_map);
  }
  if (ok && src->part) {
    d->part = cx__calloc(P_PARTS, sizeof *d->part);
    ok = d->part != NULL;
    for (size_t q = 0; ok && q < P_PARTS; q++) {
      const p_part *sq = &src->part[q];
      p_part *dq = &d->part[q];
      ok = dup_array((void **)&dq->a, sq->a, sq->n * sizeof *dq->a) &&
           dup_array((void **)&dq->dt, sq->dt, sq->n * sizeof *dq->dt) &&
           dup_array((void **)&dq->val, sq->val, sq->n * sizeof *dq->val) &&
           dup_array((void **)&dq->xtp, sq->xtp, sq->nxtp * sizeof *dq->xtp) &&
           dup_array((void **)&dq->xts, sq->xts, sq->nxts * sizeof *dq->xts);
      dq->n = dq->cap = sq->n;
      dq->nxtp = dq->xtp_cap = sq->nxtp;
      dq->nxts = dq->xts_cap = sq->nxts;
      dq->last = sq->last;
    }
  }
  d->np = src->np;
  d->p_val = src->p_val;
  if (ok && src->opt.graph_only)
    ok = p_graph_copy(d, src);
  if (ok)
    ok = p_stats_copy(&d->st, &src->st);
  if (!ok) {
    cx_paths_log_free(d);
    return cx__enomem();
  }
  *out = d;
  return CX_OK;
}

/* ---- dictionaries -------------------------------------------------------- */

cx_status p_check_name(const char *what, const char *name, size_t len) {
  if (len == 0)
    return cx__error(CX_EINVAL, "%s name is empty", what);
  if (len > P_NAME_MAX)
    return cx__error_at(CX_ERANGE, NULL, 0, 0, name, 64,
                        "%s name longer than %d bytes", what, P_NAME_MAX);
  if (!cx__utf8_valid(name, len) || memchr(name, '\0', len))
    return cx__error_at(CX_EINVAL, NULL, 0, 0, name, len,
                        "%s name is not valid UTF-8 text", what);
  return CX_OK;
}

cx_status p_log_touchpoint(cx_paths_log *log, const char *name, size_t len,
                           const char *channel, size_t channel_len,
                           uint32_t *code) {
  size_t k = cx__names_find(&log->tps, name, len);
  if (k == SIZE_MAX) {
    cx_status st = p_check_name("touchpoint", name, len);
    if (st)
      return st;
    if (log->tps.count >= log->opt.max_touchpoints)
      return cx__error_at(CX_ERANGE, NULL, 0, 0, name, len,
                          "more than %zu touchpoints (max_touchpoints)",
                          log->opt.max_touchpoints);
    if (log->tps.count == log->tp_channel_cap) {
      size_t cap = log->tp_channel_cap ? log->tp_channel_cap * 2 : 16;
      char **c = cx__realloc(log->tp_channel, cap * sizeof *c);
      if (!c)
        return cx__enomem();
      memset(c + log->tp_channel_cap, 0,
             (cap - log->tp_channel_cap) * sizeof *c);
      log->tp_channel = c;
      log->tp_channel_cap = cap;
    }
    if ((k = cx__names_add(&log->tps, name, len)) == SIZE_MAX)
      return cx__enomem();
  }
  if (channel && channel_len && !log->tp_channel[k] &&
      cx__utf8_valid(channel, channel_len) &&
      !memchr(channel, '\0', channel_len) && channel_len <= P_NAME_MAX &&
      !(log->tp_channel[k] = cx__strndup(channel, channel_len)))
    return cx__enomem();
  *code = (uint32_t)k;
  return CX_OK;
}

cx_status p_log_segment(cx_paths_log *log, const char *name, size_t len,
                        uint32_t *code) {
  size_t k = cx__names_find(&log->segs, name, len);
  if (k != SIZE_MAX) {
    *code = (uint32_t)k;
    return CX_OK;
  }
  cx_status st = p_check_name("segment", name, len);
  if (st)
    return st;
  if (log->segs.count >= 65536)
    return cx__error_at(CX_ERANGE, NULL, 0, 0, name, len,
                        "more than 65536 segments");
  /* A log without segments counted everything in slot 0, which becomes
   * the first named segment. */
  if (!p_stats_reserve_slots(&log->st, log->segs.count + 1) ||
      (k = cx__names_add(&log->segs, name, len)) == SIZE_MAX)
    return cx__enomem();
  *code = (uint32_t)k;
  return CX_OK;
}

CX_API cx_status cx_paths_log_add_touchpoint(cx_paths_log *log,
                                             const char *name,
                                             const char *channel,
                                             size_t *index) {
  if (!log || !name)
    return cx__error(CX_EINVAL, "cx_paths_log_add_touchpoint: NULL argument");
  uint32_t k = 0;
  cx_status st = p_log_touchpoint(log, name, strlen(name), channel,
                                  channel ? strlen(channel) : 0, &k);
  if (!st && index)
    *index = k;
  return st;
}

CX_API cx_status cx_paths_log_find_touchpoint(const cx_paths_log *log,
                                              const char *name,
                                              size_t *index) {
  if (!log || !name || !index)
    return cx__error(CX_EINVAL, "cx_paths_log_find_touchpoint: NULL argument");
  size_t k = cx__names_find(&log->tps, name, strlen(name));
  if (k == SIZE_MAX)
    return cx__error_at(CX_ENOTFOUND, NULL, 0, 0, name, strlen(name),
                        "no such touchpoint");
  *index = k;
  return CX_OK;
}

CX_API size_t cx_paths_log_n_touchpoints(const cx_paths_log *log) {
  return log ? log->tps.count : 0;
}

CX_API const char *cx_paths_log_touchpoint_name(const cx_paths_log *log,
                                                size_t i) {
  return log && i < log->tps.count ? log->tps.name[i] : NULL;
}

CX_API const char *cx_paths_log_touchpoint_channel(const cx_paths_log *log,
                                                   size_t i) {
  if (!log || i >= log->tps.count)
    return NULL;
  return log->tp_channel[i] ? log->tp_channel[i] : "";
}

CX_API cx_status cx_paths_log_add_segment(cx_paths_log *log, const char *name,
                                          size_t *index) {
  if (!log || !name)
    return cx__error(CX_EINVAL, "cx_paths_log_add_segment: NULL argument");
  uint32_t k = 0;
  cx_status st = p_log_segment(log, name, strlen(name), &k);
  if (!st && index)
    *index = k;
  return st;
}

CX_API size_t cx_paths_log_n_segments(const cx_paths_log *log) {
  return log ? log->segs.count : 0;
}

CX_API const char *cx_paths_log_segment_name(const cx_paths_log *log,
                                             size_t i) {
  return log && i < log->segs.count ? log->segs.name[i] : NULL;
}

/* ---- adding events ------------------------------------------------------- */

/* Grow an array of @p *cap elements of @p size bytes to hold @p need. */
static bool grow(void **a, size_t *cap, size_t need, size_t size) {
  if (need <= *cap)
    return true;
  size_t c = *cap ? *cap : 16;
  while (c < need)
    c *= 2;
  void *p = cx__realloc(*a, c * size);
  if (!p)
    return false;
  *a = p;
  *cap = c;
  return true;
}

/* Room for @p cap events in @p q's columns (more than it has). */
static bool part_grow(p_part *q, size_t cap) {
  uint32_t *a = cx__realloc(q->a, cap * sizeof *a);
  if (!a)
    return false;
  q->a = a;
  int32_t *dt = cx__realloc(q->dt, cap * sizeof *dt);
  if (!dt)
    return false;
  q->dt = dt;
  if (q->val) {
    double *v = cx__realloc(q->val, cap * sizeof *v);
    if (!v)
      return false;
    q->val = v;
  }
  q->cap = cap;
  return true;
}

/* Room for one more event in @p q, with a value column when @p value is
 * a number. */
static bool part_room(p_part *q, double value) {
  if (q->n == q->cap && !part_grow(q, q->cap ? 2 * q->cap : 16))
    return false;
  if (!q->val && !isnan(value)) {
    q->val = cx__malloc(q->cap * sizeof *q->val);
    if (!q->val)
      return false;
    for (size_t i = 0; i < q->n; i++)
      q->val[i] = NAN;
  }
  return true;
}

/* The difference an event at @p ts keeps from the one before it in @p q. */
static inline int64_t part_delta(const p_part *q, int64_t ts) {
  return ts - (q->n ? q->last : 0);
}

/* Whether an event fits @p q as it is: no growth, no side entry. */
static inline bool part_fits(const p_part *q, uint32_t tp, int64_t d,
                             double value) {
  return q->n < q->cap && tp < P_TP_WIDE && d > P_DT_WIDE && d <= INT32_MAX &&
         (q->val || isnan(value));
}

/* Room in its partition for an event of held case @p num. */
static bool held_room(cx_paths_log *log, uint32_t num, uint32_t tp,
                      int64_t ts, double value) {
  if (!log->part && !(log->part = cx__calloc(P_PARTS, sizeof *log->part)))
    return false;
  p_part *q = &log->part[num & (P_PARTS - 1)];
  if (!part_room(q, value))
    return false;
  int64_t d = part_delta(q, ts);
  return (tp < P_TP_WIDE || grow((void **)&q->xtp, &q->xtp_cap, q->nxtp + 1,
                                 sizeof *q->xtp)) &&
         ((d > P_DT_WIDE && d <= INT32_MAX) ||
          grow((void **)&q->xts, &q->xts_cap, q->nxts + 1, sizeof *q->xts));
}

/* Write the event (held_room made room for it). */
static inline void held_write(cx_paths_log *log, uint32_t num,
                              uint32_t tp, int64_t ts, int outcome,
                              double value) {
  p_part *q = &log->part[num & (P_PARTS - 1)];
  int64_t d = part_delta(q, ts);
  bool wide_t = tp >= P_TP_WIDE, wide_d = d <= P_DT_WIDE || d > INT32_MAX;
  if (wide_t)
    q->xtp[q->nxtp++] = tp;
  if (wide_d)
    q->xts[q->nxts++] = ts;
  q->a[q->n] = (num >> P_PART_BITS) << 8 | (uint32_t)outcome << 7 |
               (wide_t ? P_TP_WIDE : tp);
  q->dt[q->n] = wide_d ? P_DT_WIDE : (int32_t)d;
  if (q->val)
    q->val[q->n] = isnan(value) ? NAN : value;
  q->n++;
  q->last = ts;
  log->np++;
  log->p_out |= outcome != 0;
  log->p_val |= !isnan(value);
}

/* Append one event of held case @p num to its partition; false when out
 * of memory (nothing is added then). */
static bool held_put(cx_paths_log *log, uint32_t num, uint32_t tp, int64_t ts,
                     int outcome, double value) {
  if (!held_room(log, num, tp, ts, value))
    return false;
  held_write(log, num, tp, ts, outcome, value);
  return true;
}

void p_part_decode(const p_part *q, uint32_t *lc, uint32_t *tp, int64_t *ts,
                   uint8_t *out, double *val) {
  size_t xt = 0, xd = 0;
  int64_t t = 0;
  for (size_t i = 0; i < q->n; i++) {
    uint32_t a = q->a[i];
    int32_t d = q->dt[i];
    lc[i] = a >> 8;
    out[i] = (uint8_t)(a >> 7 & 1);
    uint32_t c = a & 127;
    tp[i] = CX_LIKELY(c != P_TP_WIDE) ? c : q->xtp[xt++];
    t = CX_LIKELY(d != P_DT_WIDE) ? t + d : q->xts[xd++];
    ts[i] = t;
  }
  if (val) {
    if (q->val)
      memcpy(val, q->val, q->n * sizeof *val);
    else
      for (size_t i = 0; i < q->n; i++)
        val[i] = NAN;
  }
}

bool p_log_need_seg(cx_paths_log *log) {
  if (log->case_seg)
    return true;
  log->case_seg = cx__calloc(log->case_key_cap ? log->case_key_cap : 1,
                             sizeof *log->case_seg);
  return log->case_seg != NULL;
}

/* ---- held cases ---------------------------------------------------------- */

/* Forget the numbers of the held cases once their events are gone. */
static void forget_cases(cx_paths_log *log) {
  if (log->case_map.cap)
    p_map_free(&log->case_map);
  else
    for (size_t k = 0; k < log->held_cases; k++)
      log->case_table[(uint64_t)log->case_key[k] - log->case_lo] = P_NONE;
  log->held_cases = 0;
  p_graph_forget(log);
}

/* Index the held cases in a table over [lo, hi] (which holds their
 * keys) with room on both sides, at most @p limit slots.  False when out
 * of memory; a map in use then still serves. */
static bool case_table(cx_paths_log *log, int64_t lo, int64_t hi,
                       size_t limit) {
  uint64_t span = (uint64_t)hi - (uint64_t)lo;
  size_t width = 2 * ((size_t)span + 1) < limit ? 2 * ((size_t)span + 1)
                                                : (size_t)span + 1;
  uint64_t first = (uint64_t)lo - (width - 1 - span) / 2;
  uint32_t *t = cx__malloc(width * sizeof *t);
  if (!t)
    return log->case_map.cap != 0;
  memset(t, 0xff, width * sizeof *t);
  for (size_t c = 0; c < log->held_cases; c++)
    t[(uint64_t)log->case_key[c] - first] = (uint32_t)c;
  cx__free(log->case_table);
  p_map_free(&log->case_map);
  log->case_table = t;
  log->case_lo = first;
  log->case_width = width;
  return true;
}

/* Slots a table may have: its keys must not be much more spread than the
 * held events (with @p extra more to come) and cases. */
static size_t case_table_limit(const cx_paths_log *log, size_t extra) {
  return log->np + extra + 4 * log->held_cases + 65536;
}

/* Index the held cases, whose keys lie in [case_min, case_max], anew: in
 * a table when that range is narrow enough, else in the map. */
static bool case_reindex(cx_paths_log *log) {
  uint64_t span = (uint64_t)log->case_max - (uint64_t)log->case_min;
  size_t limit = case_table_limit(log, 0);
  if (span < limit)
    return case_table(log, log->case_min, log->case_max, limit);
  if (log->case_map.cap)
    return true;
  for (size_t c = 0; c < log->held_cases; c++)
    if (!p_map_put(&log->case_map, (uint64_t)log->case_key[c],
                   (uint32_t)c)) {
      p_map_free(&log->case_map);
      return false;
    }
  cx__free(log->case_table);
  log->case_table = NULL;
  log->case_width = 0;
  return true;
}

bool p_log_case_range(cx_paths_log *log, int64_t lo, int64_t hi,
                      size_t extra) {
  if (log->held_cases) {
    lo = log->case_min < lo ? log->case_min : lo;
    hi = log->case_max > hi ? log->case_max : hi;
  }
  uint64_t span = (uint64_t)hi - (uint64_t)lo;
  size_t limit = case_table_limit(log, extra);
  bool covered = !log->case_map.cap && span < log->case_width &&
                 (uint64_t)lo - log->case_lo < log->case_width &&
                 (uint64_t)hi - log->case_lo < log->case_width;
  return covered || span >= limit || case_table(log, lo, hi, limit);
}

cx_status p_log_case(cx_paths_log *log, int64_t key, uint32_t *num) {
  uint32_t k = p_case_find(log, key);
  if (k != P_NONE) {
    *num = k;
    return CX_OK;
  }
  if (log->held_cases >= UINT32_MAX - 1)
    return cx__error(CX_ERANGE, "more than 4294967294 cases held: flush "
                                "the log in parts");
  if (log->held_cases == log->case_key_cap) {
    size_t cap = log->case_key_cap ? log->case_key_cap * 2 : 64;
    int64_t *c = cx__realloc(log->case_key, cap * sizeof *c);
    if (!c)
      return cx__enomem();
    log->case_key = c;
    if (log->case_seg) {
      uint32_t *g = cx__realloc(log->case_seg, cap * sizeof *g);
      if (!g)
        return cx__enomem();
      log->case_seg = g;
    }
    if (log->opt.graph_only && !p_graph_room(log, cap))
      return cx__enomem();
    log->case_key_cap = cap;
  }
  k = (uint32_t)log->held_cases;
  int64_t min = log->case_min, max = log->case_max;
  if (!log->held_cases) {
    log->case_min = log->case_max = key;
    /* An empty table that does not cover the key moves as it is. */
    if (!log->case_map.cap && (uint64_t)key - log->case_lo >= log->case_width)
      log->case_lo = (uint64_t)key - log->case_width / 2;
  } else {
    log->case_min = key < min ? key : min;
    log->case_max = key > max ? key : max;
  }
  log->case_key[log->held_cases++] = key;
  uint64_t off = (uint64_t)key - log->case_lo;
  bool ok = true;
  if (log->case_map.cap)
    ok = p_map_put(&log->case_map, (uint64_t)key, k) && case_reindex(log);
  else if (off < log->case_width)
    log->case_table[off] = k;
  else
    ok = case_reindex(log);
  if (!ok) {
    log->held_cases--;
    log->case_min = min;
    log->case_max = max;
    return cx__enomem();
  }
  *num = k;
  return CX_OK;
}

/* Forget the held events (keeping their memory) and their cases. */
static void held_clear(cx_paths_log *log) {
  if (log->part)
    for (size_t q = 0; q < P_PARTS; q++)
      log->part[q].n = log->part[q].nxtp = log->part[q].nxts = 0;
  log->np = 0;
  forget_cases(log);
}

cx_status p_log_close_open(cx_paths_log *log) {
  cx_status st = p_log_close_held(log, &log->st);
  if (st)
    return st;
  held_clear(log);
  return CX_OK;
}

static cx_status check_event(int64_t ts, double value, int outcome) {
  if (ts < P_TS_MIN || ts > P_TS_MAX)
    return cx__error(CX_ERANGE, "timestamp %lld is outside the years "
                                "0000-9999",
                     (long long)ts);
  if (isinf(value))
    return cx__error(CX_EINVAL, "value is infinite");
  if (outcome != 0 && outcome != 1)
    return cx__error(CX_EINVAL, "outcome %d is neither 0 nor 1", outcome);
  return CX_OK;
}

cx_status p_log_push(cx_paths_log *log, int64_t key, uint32_t tp, int64_t ts,
                     double value, int outcome, uint32_t seg) {
  if (seg && !p_log_need_seg(log))
    return cx__enomem();
  if (log->opt.graph_only) {
    uint8_t o = (uint8_t)outcome;
    return p_graph_append(log, 1, &key, &tp, &ts, &o, &value, &seg, NULL);
  }
  /* Room first, for the number the case has or will get, so that a
   * failure leaves no case numbered without events. */
  uint32_t num = p_case_find(log, key);
  bool fresh = num == P_NONE;
  if (!held_room(log, fresh ? (uint32_t)log->held_cases : num, tp, ts, value))
    return cx__enomem();
  if (fresh) {
    cx_status st = p_log_case(log, key, &num);
    if (st)
      return st;
    if (log->case_seg)
      log->case_seg[num] = seg;
  }
  held_write(log, num, tp, ts, outcome, value);
  return CX_OK;
}

cx_status p_log_append(cx_paths_log *log, size_t m, const int64_t *key,
                       const uint32_t *tp, const int64_t *ts,
                       const uint8_t *out, const double *val,
                       const uint32_t *seg) {
  if (log->opt.graph_only)
    return p_graph_append(log, m, key, tp, ts, out, val, seg, NULL);
  enum { AHEAD = 128 };
  for (size_t i = 0; i < m; i++) {
    /* The case's number, from the table when it is there. */
    uint64_t ahead = i + AHEAD < m ? (uint64_t)key[i + AHEAD] - log->case_lo
                                   : UINT64_MAX;
    if (ahead < log->case_width)
      CX_PREFETCH(&log->case_table[ahead]);
    uint64_t off = (uint64_t)key[i] - log->case_lo;
    uint32_t num = off < log->case_width ? log->case_table[off] : P_NONE;
    if (num == P_NONE) {
      cx_status st = p_log_push(log, key[i], tp[i], ts[i], val ? val[i] : NAN,
                                out ? out[i] : 0, seg ? seg[i] : 0);
      if (st)
        return st;
      continue;
    }
    /* The usual event goes straight into its partition. */
    const p_part *q = &log->part[num & (P_PARTS - 1)];
    double v = val ? val[i] : NAN;
    int o = out ? out[i] : 0;
    if (CX_LIKELY(part_fits(q, tp[i], part_delta(q, ts[i]), v)))
      held_write(log, num, tp[i], ts[i], o, v);
    else if (!held_put(log, num, tp[i], ts[i], o, v))
      return cx__enomem();
  }
  return CX_OK;
}

bool p_log_reserve(cx_paths_log *log, size_t extra) {
  if (!log->part && !(log->part = cx__calloc(P_PARTS, sizeof *log->part)))
    return false;
  /* Cases spread evenly over the partitions by their numbers. */
  size_t each = extra / P_PARTS + extra / P_PARTS / 8 + 16;
  for (size_t k = 0; k < P_PARTS; k++) {
    p_part *q = &log->part[k];
    size_t need = q->n + each;
    if (need > q->cap && !part_grow(q, need))
      return false;
  }
  return true;
}

/* How an event of a text case id would be added: to the open case or the
 * next one (sorted logs), to the case of a key, or to a case of a new
 * id; and the effective num_ids (decided at a fresh log's first event). */
enum { T_OPEN, T_NEXT, T_KEY, T_NEW };
typedef struct text_case {
  int kind;
  int64_t key; /* T_KEY */
  bool num_ids;
} text_case;

/* Decide, without changing the log, how the event of case @p id at
 * @p ts goes in, refusing what p_log_push would refuse for its case: a
 * case past max_cases, and in a graph-only log an event before its
 * case's last.  So cx_paths_log_add() refuses before it adds names. */
static cx_status text_case_of(const cx_paths_log *log, const char *id,
                              size_t id_len, int64_t ts, text_case *c) {
  if (log->ids == P_IDS_CODES)
    return cx__error(CX_ESTATE, "this log holds integer case codes; text case "
                                "ids cannot be mixed with them");
  uint64_t max = log->opt.max_cases, cases = log->st.n_cases;
  if (log->opt.sorted_by_case) {
    bool same = log->np && log->open_len == id_len &&
                memcmp(log->open_id, id, id_len) == 0;
    c->kind = same ? T_OPEN : T_NEXT;
    return !same && max && cases + (log->np ? 1 : 0) + 1 > max
               ? p_too_many_cases(log)
               : CX_OK;
  }
  c->num_ids = !log->np && !log->case_ids.count ? !max : log->num_ids;
  uint64_t v;
  if (c->num_ids && p_decimal_id(id, id_len, id + id_len, &v)) {
    c->key = P_NUM_KEY(v);
  } else {
    size_t k = cx__names_find(&log->case_ids, id, id_len);
    if (k == SIZE_MAX) {
      /* A graph-only log counts its held cases in n_cases already. */
      uint64_t held = log->opt.graph_only ? 0 : log->case_ids.count;
      c->kind = T_NEW;
      return max && cases + held + 1 > max ? p_too_many_cases(log) : CX_OK;
    }
    c->key = (int64_t)k;
  }
  c->kind = T_KEY;
  if (!log->opt.graph_only)
    return CX_OK;
  uint32_t num = p_case_find(log, c->key);
  if (num == P_NONE)
    return max && cases >= max ? p_too_many_cases(log) : CX_OK;
  return ts < log->gcase[num].last
             ? p_graph_late(SIZE_MAX, c->key, ts, log->gcase[num].last)
             : CX_OK;
}

/* Add the event as text_case_of decided. */
static cx_status text_add(cx_paths_log *log, const text_case *c,
                          const char *id, size_t id_len, uint32_t tp,
                          int64_t ts, double value, int outcome,
                          uint32_t segment) {
  int64_t key = c->key;
  if (c->kind == T_NEXT) {
    char *copy = cx__strndup(id, id_len);
    if (!copy)
      return cx__enomem();
    cx_status st;
    if (log->np && (st = p_log_close_open(log))) {
      cx__free(copy);
      return st;
    }
    cx__free(log->open_id);
    log->open_id = copy;
    log->open_len = id_len;
    log->next_key++;
  }
  if (c->kind == T_OPEN || c->kind == T_NEXT) {
    key = (int64_t)log->next_key;
  } else {
    log->num_ids = c->num_ids;
  }
  if (c->kind == T_NEW) {
    size_t k = cx__names_add(&log->case_ids, id, id_len);
    if (k == SIZE_MAX)
      return cx__enomem();
    key = (int64_t)k;
  }
  log->ids = P_IDS_TEXT;
  return p_log_push(log, key, tp, ts, value, outcome, segment);
}

cx_status p_log_add_text(cx_paths_log *log, const char *id, size_t id_len,
                         uint32_t tp, int64_t ts, double value, int outcome,
                         uint32_t segment) {
  text_case c;
  cx_status st = text_case_of(log, id, id_len, ts, &c);
  return st ? st
            : text_add(log, &c, id, id_len, tp, ts, value, outcome, segment);
}

CX_API cx_status cx_paths_log_add(cx_paths_log *log, const char *case_id,
                                  const char *touchpoint, int64_t timestamp,
                                  double value, int outcome,
                                  const char *segment, const char *channel) {
  if (!log || !case_id || !touchpoint)
    return cx__error(CX_EINVAL, "cx_paths_log_add: NULL argument");
  size_t id_len = strlen(case_id);
  cx_status st = p_check_name("case", case_id, id_len);
  if (st)
    return st;
  if ((st = check_event(timestamp, value, outcome)))
    return st;
  text_case c;
  if ((st = text_case_of(log, case_id, id_len, timestamp, &c)))
    return st;
  uint32_t tp, seg = 0;
  if ((st = p_log_touchpoint(log, touchpoint, strlen(touchpoint), channel,
                             channel ? strlen(channel) : 0, &tp)))
    return st;
  if (segment && (st = p_log_segment(log, segment, strlen(segment), &seg)))
    return st;
  return text_add(log, &c, case_id, id_len, tp, timestamp, value, outcome,
                  seg);
}

/* ---- flush, counts, funnels, merge ---------------------------------------- */

CX_API cx_status cx_paths_log_flush(cx_paths_log *log) {
  if (!log)
    return cx__error(CX_EINVAL, "cx_paths_log_flush: log is NULL");
  if (log->np == 0 && log->held_cases == 0)
    return CX_OK;
  p_stats st;
  if (!p_stats_copy(&st, &log->st))
    return cx__enomem();
  cx_status rc = p_log_close_held(log, &st);
  if (rc) {
    p_stats_free(&st);
    return rc;
  }
  p_stats_free(&log->st);
  log->st = st;
  held_clear(log);
  cx__names_free(&log->case_ids);
  cx__free(log->open_id);
  log->open_id = NULL;
  log->open_len = 0;
  return CX_OK;
}

CX_API uint64_t cx_paths_log_n_events(const cx_paths_log *log) {
  return log ? log->st.n_events + log->np : 0;
}

CX_API uint64_t cx_paths_log_n_pending(const cx_paths_log *log) {
  return log ? log->np : 0;
}

CX_API cx_status cx_paths_log_declare_funnel(
    cx_paths_log *log, const char *const *steps, size_t n,
    const cx_paths_funnel_options *options) {
  static const cx_paths_funnel_options defaults = CX_PATHS_FUNNEL_OPTIONS_INIT;
  if (!log)
    return cx__error(CX_EINVAL, "cx_paths_log_declare_funnel: log is NULL");
  const cx_paths_funnel_options *o = options ? options : &defaults;
  cx_status st = p_funnel_check(steps, n, o);
  if (st)
    return st;
  for (size_t i = 0; i < log->st.n_funnels; i++)
    if (p_funnel_same(&log->st.funnel[i], steps, n, o->mode, o->window))
      return CX_OK;
  if (log->opt.graph_only)
    return cx__error(CX_ESTATE, "a graph-only log keeps no paths to count "
                                "funnels on");
  if (p_stats_closed_any(&log->st))
    return cx__error(CX_ESTATE, "the log already has closed cases, which "
                                "this funnel would miss");
  if (log->st.n_funnels >= 1024)
    return cx__error(CX_ERANGE, "more than 1024 funnels declared");
  p_funnel *f = cx__realloc(log->st.funnel,
                            (log->st.n_funnels + 1) * sizeof *f);
  if (!f)
    return cx__enomem();
  log->st.funnel = f;
  if (!p_funnel_init(&f[log->st.n_funnels], steps, n, o, p_slots(log)))
    return cx__enomem();
  log->st.n_funnels++;
  return CX_OK;
}

static bool has_funnel(const p_stats *s, const p_funnel *f) {
  for (size_t i = 0; i < s->n_funnels; i++)
    if (p_funnel_same(&s->funnel[i], (const char *const *)f->step, f->nsteps,
                      f->mode, f->window))
      return true;
  return false;
}

/* Summarise src's held events in src's codes, counting them for the
 * funnels of @p into as well. */
static cx_status close_src_held(const cx_paths_log *src, const p_stats *into,
                                p_stats *tmp) {
  p_stats_init(tmp);
  if (into->n_funnels) {
    tmp->funnel = cx__calloc(into->n_funnels, sizeof *tmp->funnel);
    if (!tmp->funnel)
      return cx__enomem();
    for (size_t i = 0; i < into->n_funnels; i++) {
      const p_funnel *f = &into->funnel[i];
      cx_paths_funnel_options o = CX_PATHS_FUNNEL_OPTIONS_INIT;
      o.mode = f->mode;
      o.window = f->window;
      if (!p_funnel_init(&tmp->funnel[i], (const char *const *)f->step,
                         f->nsteps, &o, p_slots(src)))
        return cx__enomem();
      tmp->n_funnels = i + 1;
    }
  }
  return p_log_close_held(src, tmp);
}

static cx_status merge_into(cx_paths_log *d, const cx_paths_log *src) {
  size_t ntp = src->tps.count, nseg = p_slots(src);
  uint32_t *tp_map = cx__malloc((ntp ? ntp : 1) * sizeof *tp_map);
  uint32_t *seg_map = cx__malloc(nseg * sizeof *seg_map);
  p_stats tmp;
  p_stats_init(&tmp);
  cx_status st = CX_OK;
  if (!tp_map || !seg_map) {
    st = cx__enomem();
    goto done;
  }
  for (size_t t = 0; t < ntp && !st; t++) {
    const char *ch = src->tp_channel[t];
    st = p_log_touchpoint(d, src->tps.name[t], src->tps.len[t], ch,
                          ch ? strlen(ch) : 0, &tp_map[t]);
  }
  for (size_t g = 0; g < src->segs.count && !st; g++)
    st = p_log_segment(d, src->segs.name[g], src->segs.len[g], &seg_map[g]);
  if (!src->segs.count)
    seg_map[0] = 0;
  if (st)
    goto done;
  /* Funnels of src that dst lacks. */
  for (size_t i = 0; i < src->st.n_funnels && !st; i++) {
    const p_funnel *f = &src->st.funnel[i];
    if (has_funnel(&d->st, f))
      continue;
    if (p_stats_closed_any(&d->st)) {
      st = cx__error(CX_ESTATE, "merge: a funnel declared in the source is "
                                "missing from the destination, which already "
                                "has closed cases");
      goto done;
    }
    cx_paths_funnel_options o = CX_PATHS_FUNNEL_OPTIONS_INIT;
    o.mode = f->mode;
    o.window = f->window;
    st = cx_paths_log_declare_funnel(d, (const char *const *)f->step,
                                     f->nsteps, &o);
  }
  if (st)
    goto done;
  if (p_stats_closed_any(&src->st))
    for (size_t i = 0; i < d->st.n_funnels; i++)
      if (!has_funnel(&src->st, &d->st.funnel[i])) {
        st = cx__error(CX_ESTATE, "merge: a funnel declared in the "
                                  "destination is missing from the source, "
                                  "which has closed cases");
        goto done;
      }
  if ((st = p_stats_merge(&d->st, &src->st, tp_map, seg_map, &d->tps,
                          p_slots(d))))
    goto done;
  if ((st = close_src_held(src, &d->st, &tmp)))
    goto done;
  if ((st = p_stats_merge(&d->st, &tmp, tp_map, seg_map, &d->tps,
                          p_slots(d))))
    goto done;
  if (d->opt.max_cases &&
      d->st.n_cases + (d->ids == P_IDS_TEXT && !d->opt.sorted_by_case &&
                               !d->opt.graph_only
                           ? d->case_ids.count
                           : 0) >
          d->opt.max_cases)
    st = p_too_many_cases(d);
done:
  p_stats_free(&tmp);
  cx__free(tp_map);
  cx__free(seg_map);
  return st;
}

CX_API cx_status cx_paths_log_merge(cx_paths_log *dst,
                                    const cx_paths_log *src) {
  if (!dst || !src)
    return cx__error(CX_EINVAL, "cx_paths_log_merge: NULL argument");
  if (dst == src)
    return cx__error(CX_EINVAL, "cx_paths_log_merge: cannot merge a log into "
                                "itself");
  if (dst->opt.graph_only != src->opt.graph_only)
    return cx__error(CX_ESTATE, "cx_paths_log_merge: a graph-only log and a "
                                "full one cannot be merged (the graph-only "
                                "one has no paths)");
  cx_paths_log *copy;
  cx_status st = p_log_copy(&copy, dst);
  if (st)
    return st;
  if ((st = merge_into(copy, src))) {
    cx_paths_log_free(copy);
    return st;
  }
  p_log_swap(dst, copy);
  cx_paths_log_free(copy);
  return CX_OK;
}

