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

/* Timestamps of years 0000 to 9999, so that any difference fits in
 * int64 microseconds with room to spare. */
#define TS_MIN INT64_C(-62167219200000000)
#define TS_MAX INT64_C(253402300799999999)

static const char MAGIC[4] = {'C', 'X', 'P', 'L'};
enum { FORMAT_VERSION = 1, CHUNK = 2048 };

/* ---- construction -------------------------------------------------------- */

static cx_status check_options(const cx_paths_options *o) {
  if (o->version != CX_PATHS_OPTIONS_VERSION)
    return cx__error(CX_EINVAL, "cx_paths_log_new: options version %u, "
                                "expected %u",
                     o->version, CX_PATHS_OPTIONS_VERSION);
  if (o->sorted_by_case != 0 && o->sorted_by_case != 1)
    return cx__error(CX_EINVAL, "cx_paths_log_new: sorted_by_case must be 0 "
                                "or 1");
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
  *out = log;
  return CX_OK;
}

static void held_free(cx_paths_log *log) {
  cx__free(log->p_case);
  cx__free(log->p_tp);
  cx__free(log->p_ts);
  cx__free(log->p_val);
  cx__free(log->p_out);
  cx__free(log->p_seg);
  log->p_case = log->p_ts = NULL;
  log->p_tp = log->p_seg = NULL;
  log->p_val = NULL;
  log->p_out = NULL;
  log->np = log->pcap = 0;
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
  p_stats_init(&d->st);
  size_t n = src->np, cap = src->np;
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
  if (ok && n) {
    ok = dup_array((void **)&d->p_case, src->p_case, n * 8) &&
         dup_array((void **)&d->p_tp, src->p_tp, n * 4) &&
         dup_array((void **)&d->p_ts, src->p_ts, n * 8) &&
         dup_array((void **)&d->p_val, src->p_val, n * 8) &&
         dup_array((void **)&d->p_out, src->p_out, n) &&
         dup_array((void **)&d->p_seg, src->p_seg, n * 4);
    d->np = n;
    d->pcap = cap;
  }
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

static cx_status check_name(const char *what, const char *name, size_t len) {
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
    cx_status st = check_name("touchpoint", name, len);
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
  cx_status st = check_name("segment", name, len);
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
  uint32_t k;
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
  uint32_t k;
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

/* Close the case made of held events idx[0..n) (in arrival order). */
static cx_status close_one(const cx_paths_log *log, p_stats *st, scratch *s,
                           uint32_t *idx, size_t n) {
  bool sorted = true;
  for (size_t i = 1; i < n && sorted; i++)
    sorted = log->p_ts[idx[i - 1]] <= log->p_ts[idx[i]];
  if (!sorted)
    sort_by_time(idx, s->tmp, n, log->p_ts);
  for (size_t i = 0; i < n; i++) {
    uint32_t e = idx[i];
    s->tp[i] = log->p_tp[e];
    s->ts[i] = log->p_ts[e];
    s->val[i] = log->p_val ? log->p_val[e] : NAN;
    s->out[i] = log->p_out ? log->p_out[e] : 0;
  }
  p_case c = {s->tp, s->ts, s->val, s->out, (uint32_t)n,
              log->p_seg ? log->p_seg[idx[0]] : 0};
  return p_stats_close(st, &c, &log->tps, p_slots(log));
}

static cx_status too_many_cases(const cx_paths_log *log) {
  return cx__error(CX_ERANGE, "more than %llu cases (max_cases)",
                   (unsigned long long)log->opt.max_cases);
}

cx_status p_log_close_held(const cx_paths_log *log, p_stats *st) {
  size_t n = log->np;
  if (n == 0)
    return CX_OK;
  if (n >= UINT32_MAX)
    return cx__error(CX_ERANGE, "more than 4294967294 events held: read the "
                                "log grouped by case (sorted_by_case) or "
                                "flush it in parts");
  scratch s = {0};
  cx_status rc = CX_OK;
  uint32_t *dense = NULL, *start = NULL;
  p_map ids = {0};
  if (log->opt.sorted_by_case) {
    /* Only the open case is held. */
    if (log->opt.max_cases && st->n_cases + 1 > log->opt.max_cases)
      return too_many_cases(log);
    if (!scratch_reserve(&s, n))
      return cx__enomem();
    for (size_t i = 0; i < n; i++)
      s.idx[i] = (uint32_t)i;
    rc = close_one(log, st, &s, s.idx, n);
    scratch_free(&s);
    return rc;
  }
  /* Number the cases in order of first arrival, then a stable counting
   * sort by that number keeps each case's events in arrival order. */
  dense = cx__malloc(n * sizeof *dense);
  if (!dense)
    return cx__enomem();
  uint32_t ncases = 0;
  for (size_t i = 0; i < n; i++) {
    uint64_t key = (uint64_t)log->p_case[i];
    uint32_t k = p_map_get(&ids, key);
    if (k == P_NONE) {
      k = ncases++;
      if (!p_map_put(&ids, key, k)) {
        rc = cx__enomem();
        goto done;
      }
    }
    dense[i] = k;
  }
  p_map_free(&ids);
  if (log->opt.max_cases && st->n_cases + ncases > log->opt.max_cases) {
    rc = too_many_cases(log);
    goto done;
  }
  start = cx__calloc((size_t)ncases + 1, sizeof *start);
  uint32_t *cursor = cx__malloc(((size_t)ncases + 1) * sizeof *cursor);
  uint32_t *order = cx__malloc(n * sizeof *order);
  if (!start || !cursor || !order) {
    cx__free(cursor);
    cx__free(order);
    rc = cx__enomem();
    goto done;
  }
  for (size_t i = 0; i < n; i++)
    start[dense[i] + 1]++;
  for (uint32_t c = 0; c < ncases; c++)
    start[c + 1] += start[c];
  memcpy(cursor, start, ((size_t)ncases + 1) * sizeof *cursor);
  for (size_t i = 0; i < n; i++)
    order[cursor[dense[i]]++] = (uint32_t)i;
  cx__free(cursor);
  size_t longest = 0;
  for (uint32_t c = 0; c < ncases; c++)
    if (start[c + 1] - start[c] > longest)
      longest = start[c + 1] - start[c];
  if (!scratch_reserve(&s, longest)) {
    cx__free(order);
    rc = cx__enomem();
    goto done;
  }
  for (uint32_t c = 0; c < ncases && !rc; c++)
    rc = close_one(log, st, &s, order + start[c], start[c + 1] - start[c]);
  cx__free(order);
done:
  p_map_free(&ids);
  cx__free(dense);
  cx__free(start);
  scratch_free(&s);
  return rc;
}

/* ---- adding events ------------------------------------------------------- */

static bool held_reserve(cx_paths_log *log, size_t extra) {
  if (log->np + extra <= log->pcap)
    return true;
  size_t cap = log->pcap ? log->pcap : 256;
  while (cap < log->np + extra)
    cap *= 2;
  int64_t *c = cx__realloc(log->p_case, cap * sizeof *c);
  if (!c)
    return false;
  log->p_case = c;
  uint32_t *t = cx__realloc(log->p_tp, cap * sizeof *t);
  if (!t)
    return false;
  log->p_tp = t;
  int64_t *s = cx__realloc(log->p_ts, cap * sizeof *s);
  if (!s)
    return false;
  log->p_ts = s;
  if (log->p_val) {
    double *v = cx__realloc(log->p_val, cap * sizeof *v);
    if (!v)
      return false;
    log->p_val = v;
  }
  if (log->p_out) {
    uint8_t *o = cx__realloc(log->p_out, cap);
    if (!o)
      return false;
    log->p_out = o;
  }
  if (log->p_seg) {
    uint32_t *g = cx__realloc(log->p_seg, cap * sizeof *g);
    if (!g)
      return false;
    log->p_seg = g;
  }
  log->pcap = cap;
  return true;
}

/* Columns that are absent until an event needs them. */
static bool need_val(cx_paths_log *log) {
  if (log->p_val)
    return true;
  log->p_val = cx__malloc((log->pcap ? log->pcap : 1) * sizeof *log->p_val);
  if (!log->p_val)
    return false;
  for (size_t i = 0; i < log->np; i++)
    log->p_val[i] = NAN;
  return true;
}

static bool need_out(cx_paths_log *log) {
  if (log->p_out)
    return true;
  log->p_out = cx__calloc(log->pcap ? log->pcap : 1, 1);
  return log->p_out != NULL;
}

static bool need_seg(cx_paths_log *log) {
  if (log->p_seg)
    return true;
  log->p_seg = cx__calloc(log->pcap ? log->pcap : 1, sizeof *log->p_seg);
  return log->p_seg != NULL;
}

/* Close the open case of a sorted log and forget its events. */
static cx_status close_open(cx_paths_log *log) {
  cx_status st = p_log_close_held(log, &log->st);
  if (st)
    return st;
  log->np = 0;
  return CX_OK;
}

static cx_status check_event(int64_t ts, double value, int outcome) {
  if (ts < TS_MIN || ts > TS_MAX)
    return cx__error(CX_ERANGE, "timestamp %lld is outside the years "
                                "0000-9999",
                     (long long)ts);
  if (isinf(value))
    return cx__error(CX_EINVAL, "value is infinite");
  if (outcome != 0 && outcome != 1)
    return cx__error(CX_EINVAL, "outcome %d is neither 0 nor 1", outcome);
  return CX_OK;
}

/* Append one event (already checked) to the held ones. */
static cx_status push(cx_paths_log *log, int64_t key, uint32_t tp, int64_t ts,
                      double value, int outcome, uint32_t seg) {
  if (!held_reserve(log, 1) || (!isnan(value) && !need_val(log)) ||
      (outcome && !need_out(log)) || (seg && !need_seg(log)))
    return cx__enomem();
  size_t i = log->np++;
  log->p_case[i] = key;
  log->p_tp[i] = tp;
  log->p_ts[i] = ts;
  if (log->p_val)
    log->p_val[i] = value;
  if (log->p_out)
    log->p_out[i] = (uint8_t)outcome;
  if (log->p_seg)
    log->p_seg[i] = seg;
  return CX_OK;
}

cx_status p_log_add_text(cx_paths_log *log, const char *id, size_t id_len,
                         uint32_t tp, int64_t ts, double value, int outcome,
                         uint32_t segment) {
  if (log->ids == P_IDS_CODES)
    return cx__error(CX_ESTATE, "this log holds integer case codes; text case "
                                "ids cannot be mixed with them");
  cx_status st;
  int64_t key;
  if (log->opt.sorted_by_case) {
    bool same = log->np && log->open_len == id_len &&
                memcmp(log->open_id, id, id_len) == 0;
    if (!same) {
      uint64_t open = log->np ? 1 : 0;
      if (log->opt.max_cases &&
          log->st.n_cases + open + 1 > log->opt.max_cases)
        return too_many_cases(log);
      char *copy = cx__strndup(id, id_len);
      if (!copy)
        return cx__enomem();
      if (log->np && (st = close_open(log))) {
        cx__free(copy);
        return st;
      }
      cx__free(log->open_id);
      log->open_id = copy;
      log->open_len = id_len;
      log->next_key++;
    }
    key = (int64_t)log->next_key;
  } else {
    size_t k = cx__names_find(&log->case_ids, id, id_len);
    if (k == SIZE_MAX) {
      if (log->opt.max_cases &&
          log->st.n_cases + log->case_ids.count + 1 > log->opt.max_cases)
        return too_many_cases(log);
      if ((k = cx__names_add(&log->case_ids, id, id_len)) == SIZE_MAX)
        return cx__enomem();
    }
    key = (int64_t)k;
  }
  log->ids = P_IDS_TEXT;
  return push(log, key, tp, ts, value, outcome, segment);
}

CX_API cx_status cx_paths_log_add(cx_paths_log *log, const char *case_id,
                                  const char *touchpoint, int64_t timestamp,
                                  double value, int outcome,
                                  const char *segment, const char *channel) {
  if (!log || !case_id || !touchpoint)
    return cx__error(CX_EINVAL, "cx_paths_log_add: NULL argument");
  size_t id_len = strlen(case_id);
  cx_status st = check_name("case", case_id, id_len);
  if (st)
    return st;
  if ((st = check_event(timestamp, value, outcome)))
    return st;
  if (log->ids == P_IDS_CODES)
    return cx__error(CX_ESTATE, "this log holds integer case codes; text case "
                                "ids cannot be mixed with them");
  uint32_t tp, seg = 0;
  if ((st = p_log_touchpoint(log, touchpoint, strlen(touchpoint), channel,
                             channel ? strlen(channel) : 0, &tp)))
    return st;
  if (segment && (st = p_log_segment(log, segment, strlen(segment), &seg)))
    return st;
  return p_log_add_text(log, case_id, id_len, tp, timestamp, value, outcome,
                        seg);
}

/* ---- batches ------------------------------------------------------------- */

static bool present(const cx_array *a) { return a && a->data; }

/* Read n elements from @p start as int64; *bad is the first element that
 * is not a whole number in range, or SIZE_MAX. */
static void read_i64(const cx_array *a, size_t start, size_t n, int64_t *out,
                     size_t *bad) {
  ptrdiff_t step = a->stride ? a->stride : (ptrdiff_t)cx_dtype_size(a->dtype);
  const char *p = (const char *)a->data + (ptrdiff_t)start * step;
  *bad = SIZE_MAX;
  switch (a->dtype) {
#define CASE(DT, T)                                                            \
  case DT:                                                                     \
    for (size_t i = 0; i < n; i++, p += step) {                                \
      T v;                                                                     \
      memcpy(&v, p, sizeof v);                                                 \
      out[i] = (int64_t)v;                                                     \
    }                                                                          \
    break;
    CASE(CX_DTYPE_U8, uint8_t)
    CASE(CX_DTYPE_I8, int8_t)
    CASE(CX_DTYPE_U16, uint16_t)
    CASE(CX_DTYPE_I16, int16_t)
    CASE(CX_DTYPE_U32, uint32_t)
    CASE(CX_DTYPE_I32, int32_t)
    CASE(CX_DTYPE_I64, int64_t)
#undef CASE
  case CX_DTYPE_U64:
    for (size_t i = 0; i < n; i++, p += step) {
      uint64_t v;
      memcpy(&v, p, sizeof v);
      if (v > (uint64_t)INT64_MAX && *bad == SIZE_MAX)
        *bad = i;
      out[i] = (int64_t)v;
    }
    break;
  case CX_DTYPE_F32:
  case CX_DTYPE_F64:
    for (size_t i = 0; i < n; i++, p += step) {
      double v;
      if (a->dtype == CX_DTYPE_F32) {
        float f;
        memcpy(&f, p, sizeof f);
        v = f;
      } else {
        memcpy(&v, p, sizeof v);
      }
      if (!(v == floor(v) && v >= -9.2e18 && v <= 9.2e18)) {
        if (*bad == SIZE_MAX)
          *bad = i;
        out[i] = 0;
      } else {
        out[i] = (int64_t)v;
      }
    }
    break;
  }
}

static cx_status bad_cell(const cx_array *a, const char *column, size_t row,
                          const char *why) {
  char text[64];
  snprintf(text, sizeof text, "%.17g", cx__array_get_f64(a, row));
  return cx__error_at(CX_ERANGE, NULL, 0, 0, text, strlen(text),
                      "add_batch: row %zu: %s %s %s", row, column, text, why);
}

static cx_status check_column(const char *name, const cx_array *a,
                              bool required) {
  if (!present(a))
    return required ? cx__error(CX_EINVAL,
                                "add_batch: the %s column is required", name)
                    : CX_OK;
  if (!cx__dtype_valid(a->dtype))
    return cx__error(CX_EINVAL, "add_batch: the %s column has unknown dtype %d",
                     name, (int)a->dtype);
  return CX_OK;
}

/* Map dictionary codes to the log's codes, adding the names used. */
static cx_status map_dictionary(cx_paths_log *log, bool touchpoints,
                                const char *const *names, size_t n_names,
                                const uint8_t *used, uint32_t *map) {
  size_t fresh = 0;
  const cx_names *have = touchpoints ? &log->tps : &log->segs;
  for (size_t k = 0; k < n_names; k++) {
    if (!used[k])
      continue;
    if (!names[k])
      return cx__error(CX_EINVAL, "add_batch: %s name %zu is NULL",
                       touchpoints ? "touchpoint" : "segment", k);
    size_t len = strlen(names[k]);
    cx_status st = check_name(touchpoints ? "touchpoint" : "segment",
                              names[k], len);
    if (st)
      return st;
    if (cx__names_find(have, names[k], len) == SIZE_MAX)
      fresh++;
  }
  size_t limit = touchpoints ? log->opt.max_touchpoints : 65536;
  if (have->count + fresh > limit)
    return cx__error(CX_ERANGE, "add_batch: more than %zu %s", limit,
                     touchpoints ? "touchpoints (max_touchpoints)"
                                 : "segments");
  for (size_t k = 0; k < n_names; k++) {
    if (!used[k])
      continue;
    cx_status st = touchpoints
                       ? p_log_touchpoint(log, names[k], strlen(names[k]),
                                          NULL, 0, &map[k])
                       : p_log_segment(log, names[k], strlen(names[k]),
                                       &map[k]);
    if (st)
      return st;
  }
  return CX_OK;
}

typedef struct batch {
  const cx_array *cas, *tp, *ts, *val, *out, *seg;
  size_t ntp, nseg; /* dictionary sizes */
  uint8_t *tp_used, *seg_used;
} batch;

/* Check every row; mark the dictionary codes used. */
static cx_status check_batch(const cx_paths_log *log, size_t n, batch *b,
                             int64_t *buf) {
  size_t bad;
  for (size_t at = 0; at < n; at += CHUNK) {
    size_t m = n - at < CHUNK ? n - at : CHUNK;
    read_i64(b->cas, at, m, buf, &bad);
    if (bad != SIZE_MAX)
      return bad_cell(b->cas, "case code", at + bad, "is not a whole number");
    read_i64(b->tp, at, m, buf, &bad);
    for (size_t i = 0; i < m; i++) {
      if (bad == i || buf[i] < 0 || (uint64_t)buf[i] >= b->ntp)
        return bad_cell(b->tp, "touchpoint code", at + i,
                        "is not a code of the dictionary");
      b->tp_used[buf[i]] = 1;
    }
    read_i64(b->ts, at, m, buf, &bad);
    for (size_t i = 0; i < m; i++)
      if (bad == i || buf[i] < TS_MIN || buf[i] > TS_MAX)
        return bad_cell(b->ts, "timestamp", at + i,
                        "is not a whole number of microseconds in the years "
                        "0000-9999");
    if (present(b->out)) {
      read_i64(b->out, at, m, buf, &bad);
      for (size_t i = 0; i < m; i++)
        if (bad == i || (buf[i] != 0 && buf[i] != 1))
          return bad_cell(b->out, "outcome", at + i, "is neither 0 nor 1");
    }
    if (present(b->seg)) {
      read_i64(b->seg, at, m, buf, &bad);
      for (size_t i = 0; i < m; i++) {
        if (bad == i || buf[i] < 0 || (uint64_t)buf[i] >= b->nseg)
          return bad_cell(b->seg, "segment code", at + i,
                          "is not a code of the dictionary");
        b->seg_used[buf[i]] = 1;
      }
    }
    if (present(b->val))
      for (size_t i = 0; i < m; i++)
        if (isinf(cx__array_get_f64(b->val, at + i)))
          return bad_cell(b->val, "value", at + i, "is infinite");
  }
  (void)log;
  return CX_OK;
}

static cx_status add_rows(cx_paths_log *log, size_t n, const batch *b,
                          const uint32_t *tp_map, const uint32_t *seg_map,
                          int64_t *buf) {
  int64_t *cas = buf, *tp = buf + CHUNK, *ts = buf + 2 * CHUNK,
          *out = buf + 3 * CHUNK, *seg = buf + 4 * CHUNK;
  size_t bad;
  cx_status st;
  for (size_t at = 0; at < n; at += CHUNK) {
    size_t m = n - at < CHUNK ? n - at : CHUNK;
    read_i64(b->cas, at, m, cas, &bad);
    read_i64(b->tp, at, m, tp, &bad);
    read_i64(b->ts, at, m, ts, &bad);
    if (present(b->out))
      read_i64(b->out, at, m, out, &bad);
    if (present(b->seg))
      read_i64(b->seg, at, m, seg, &bad);
    if (!log->opt.sorted_by_case && !present(b->val) && !present(b->out) &&
        !present(b->seg) && !log->p_val && !log->p_out && !log->p_seg) {
      /* The common case: three columns appended as they are. */
      if (!held_reserve(log, m))
        return cx__enomem();
      for (size_t i = 0; i < m; i++) {
        size_t k = log->np + i;
        log->p_case[k] = cas[i];
        log->p_tp[k] = tp_map ? tp_map[tp[i]] : (uint32_t)tp[i];
        log->p_ts[k] = ts[i];
      }
      log->np += m;
      continue;
    }
    for (size_t i = 0; i < m; i++) {
      if (log->opt.sorted_by_case && log->np && log->p_case[0] != cas[i]) {
        if (log->opt.max_cases &&
            log->st.n_cases + 2 > log->opt.max_cases)
          return too_many_cases(log);
        if ((st = close_open(log)))
          return st;
      }
      double v = present(b->val) ? cx__array_get_f64(b->val, at + i) : NAN;
      uint32_t g = present(b->seg) ? (seg_map ? seg_map[seg[i]]
                                              : (uint32_t)seg[i])
                                   : 0;
      uint32_t t = tp_map ? tp_map[tp[i]] : (uint32_t)tp[i];
      if ((st = push(log, cas[i], t, ts[i], v,
                     present(b->out) ? (int)out[i] : 0, g)))
        return st;
    }
  }
  return CX_OK;
}

CX_API cx_status cx_paths_log_add_batch(
    cx_paths_log *log, size_t n, const cx_array *case_codes,
    const cx_array *touchpoint_codes, const cx_array *timestamps,
    const cx_array *values, const cx_array *outcomes,
    const cx_array *segment_codes, const char *const *touchpoint_names,
    size_t n_touchpoint_names, const char *const *segment_names,
    size_t n_segment_names) {
  if (!log)
    return cx__error(CX_EINVAL, "cx_paths_log_add_batch: log is NULL");
  cx_status st;
  if ((st = check_column("case", case_codes, true)) ||
      (st = check_column("touchpoint", touchpoint_codes, true)) ||
      (st = check_column("timestamp", timestamps, true)) ||
      (st = check_column("value", values, false)) ||
      (st = check_column("outcome", outcomes, false)) ||
      (st = check_column("segment", segment_codes, false)))
    return st;
  if (log->ids == P_IDS_TEXT)
    return cx__error(CX_ESTATE, "this log holds text case ids; integer case "
                                "codes cannot be mixed with them");
  if (n == 0)
    return CX_OK;
  batch b = {case_codes, touchpoint_codes, timestamps, values, outcomes,
             segment_codes,
             touchpoint_names ? n_touchpoint_names : log->tps.count,
             segment_names ? n_segment_names : p_slots(log), NULL, NULL};
  int64_t *buf = cx__malloc(5 * CHUNK * sizeof *buf);
  b.tp_used = cx__calloc(b.ntp ? b.ntp : 1, 1);
  b.seg_used = cx__calloc(b.nseg ? b.nseg : 1, 1);
  uint32_t *tp_map = touchpoint_names
                         ? cx__calloc(b.ntp ? b.ntp : 1, sizeof *tp_map)
                         : NULL;
  uint32_t *seg_map = segment_names
                          ? cx__calloc(b.nseg ? b.nseg : 1, sizeof *seg_map)
                          : NULL;
  if (!buf || !b.tp_used || !b.seg_used || (touchpoint_names && !tp_map) ||
      (segment_names && !seg_map)) {
    st = cx__enomem();
    goto done;
  }
  if ((st = check_batch(log, n, &b, buf)))
    goto done;
  /* Dictionary names are added only when the whole batch is good. */
  if (touchpoint_names &&
      (st = map_dictionary(log, true, touchpoint_names, n_touchpoint_names,
                           b.tp_used, tp_map)))
    goto done;
  if (segment_names && present(segment_codes) &&
      (st = map_dictionary(log, false, segment_names, n_segment_names,
                           b.seg_used, seg_map)))
    goto done;
  log->ids = P_IDS_CODES;
  st = add_rows(log, n, &b, tp_map, seg_map, buf);
done:
  cx__free(buf);
  cx__free(b.tp_used);
  cx__free(b.seg_used);
  cx__free(tp_map);
  cx__free(seg_map);
  return st;
}

/* ---- flush, counts, funnels, merge ---------------------------------------- */

CX_API cx_status cx_paths_log_flush(cx_paths_log *log) {
  if (!log)
    return cx__error(CX_EINVAL, "cx_paths_log_flush: log is NULL");
  if (log->np == 0)
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
  log->np = 0;
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
      d->st.n_cases + (d->ids == P_IDS_TEXT && !d->opt.sorted_by_case
                           ? d->case_ids.count
                           : 0) >
          d->opt.max_cases)
    st = too_many_cases(d);
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

static void put_u128(cx_buf *b, p_u128 v) {
  cx__buf_put_u64le(b, v.lo);
  cx__buf_put_u64le(b, v.hi);
}

CX_API cx_status cx_paths_log_serialize(const cx_paths_log *log,
                                        uint8_t **out, size_t *len) {
  if (!log || !out || !len)
    return cx__error(CX_EINVAL, "cx_paths_log_serialize: NULL argument");
  cx_buf b;
  cx__buf_init(&b);
  const p_stats *s = &log->st;
  cx__buf_put(&b, MAGIC, 4);
  cx__buf_put_u32le(&b, FORMAT_VERSION);
  cx__buf_put_u8(&b, (uint8_t)log->opt.sorted_by_case);
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
  /* Held events. */
  cx__buf_put_u64le(&b, log->np);
  cx__buf_put_u8(&b, (uint8_t)((log->p_val ? 1 : 0) | (log->p_out ? 2 : 0) |
                               (log->p_seg ? 4 : 0)));
  for (size_t i = 0; i < log->np; i++) {
    cx__buf_put_u64le(&b, (uint64_t)log->p_case[i]);
    cx__buf_put_u32le(&b, log->p_tp[i]);
    cx__buf_put_u64le(&b, (uint64_t)log->p_ts[i]);
    if (log->p_val)
      cx__buf_put_f64le(&b, log->p_val[i]);
    if (log->p_out)
      cx__buf_put_u8(&b, log->p_out[i]);
    if (log->p_seg)
      cx__buf_put_u32le(&b, log->p_seg[i]);
  }
  cx__buf_put_u32le(&b, (uint32_t)log->case_ids.count);
  for (size_t i = 0; i < log->case_ids.count; i++)
    cx__buf_put_str(&b, log->case_ids.name[i]);
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
    cx__buf_put_f64le(&b, v->value);
    for (uint32_t k = 0; k < v->len; k++)
      cx__buf_put_u32le(&b, s->pool[v->off + k]);
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
static cx_status rd_log(cx_reader *r, cx_paths_log *log) {
  bool nomem = false;
  cx_status st;
  uint32_t ntp = cx__rd_u32le(r);
  if (r->failed || ntp > log->opt.max_touchpoints || ntp > r->left / 5)
    return corrupt("touchpoint count");
  for (uint32_t i = 0; i < ntp; i++) {
    bool fail = false;
    char *name = rd_text(r, &fail);
    uint8_t has = cx__rd_u8(r);
    char *ch = has == 1 ? rd_text(r, &fail) : NULL;
    uint32_t code;
    if (fail || (has == 1 && !ch) || !name) {
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
  size_t row = 20 + (cols & 1 ? 8 : 0) + (cols & 2 ? 1 : 0) + (cols & 4 ? 4 : 0);
  if (r->failed || cols > 7 || np > r->left / row || np >= UINT32_MAX)
    return corrupt("held events");
  if ((np && !held_reserve(log, np)) || ((cols & 1) && !need_val(log)) ||
      ((cols & 2) && !need_out(log)) || ((cols & 4) && !need_seg(log)))
    return cx__enomem();
  for (uint64_t i = 0; i < np; i++) {
    log->p_case[i] = (int64_t)cx__rd_u64le(r);
    log->p_tp[i] = cx__rd_u32le(r);
    log->p_ts[i] = (int64_t)cx__rd_u64le(r);
    if (cols & 1)
      log->p_val[i] = cx__rd_f64le(r);
    if (cols & 2)
      log->p_out[i] = cx__rd_u8(r);
    if (cols & 4)
      log->p_seg[i] = cx__rd_u32le(r);
    if (log->p_tp[i] >= ntp || log->p_ts[i] < TS_MIN || log->p_ts[i] > TS_MAX ||
        ((cols & 1) && isinf(log->p_val[i])) ||
        ((cols & 2) && log->p_out[i] > 1) ||
        ((cols & 4) && log->p_seg[i] >= slots) ||
        (log->opt.sorted_by_case && log->p_case[i] != log->p_case[0]))
      return corrupt("held event");
  }
  log->np = np;
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
    v->value = value;
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
  o.sorted_by_case = cx__rd_u8(&r);
  o.max_cases = cx__rd_u64le(&r);
  uint64_t maxtp = cx__rd_u64le(&r);
  uint8_t ids = cx__rd_u8(&r);
  if (r.failed || maxtp == 0 || maxtp > UINT32_MAX - 2 || o.sorted_by_case > 1)
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
