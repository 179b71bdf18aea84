/*
 * Events in column batches (cx_paths_log_add_batch): the whole batch is
 * checked before anything is added.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "paths_internal.h"

/* Rows read at a time. */
enum { CHUNK = 2048 };

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

/* Elements start .. start + n - 1 as int64: the column itself when it is
 * contiguous, aligned int64, else converted into @p buf (see read_i64). */
static const int64_t *view_i64(const cx_array *a, size_t start, size_t n,
                               int64_t *buf, size_t *bad) {
  if (a->dtype == CX_DTYPE_I64 && (a->stride == 0 || a->stride == 8) &&
      (uintptr_t)a->data % _Alignof(int64_t) == 0) {
    *bad = SIZE_MAX;
    return (const int64_t *)a->data + start;
  }
  read_i64(a, start, n, buf, bad);
  return buf;
}

/* Every integer dtype with its C type. */
#define INTEGER_DTYPES(X)                                                      \
  X(CX_DTYPE_U8, uint8_t)                                                      \
  X(CX_DTYPE_I8, int8_t)                                                       \
  X(CX_DTYPE_U16, uint16_t)                                                    \
  X(CX_DTYPE_I16, int16_t)                                                     \
  X(CX_DTYPE_U32, uint32_t)                                                    \
  X(CX_DTYPE_I32, int32_t)                                                     \
  X(CX_DTYPE_U64, uint64_t)                                                    \
  X(CX_DTYPE_I64, int64_t)

/* The column's elements from @p start as a plain C array of @p size-byte
 * elements, or NULL when it is strided or misaligned. */
static const void *plain(const cx_array *a, size_t start, size_t size) {
  if ((a->stride != 0 && a->stride != (ptrdiff_t)size) ||
      (uintptr_t)a->data % size != 0)
    return NULL;
  return (const char *)a->data + start * size;
}

/* The smallest and largest of v[0..n) folded into *lo and *hi. */
CX_CLONES static void extremes(const int64_t *v, size_t n, int64_t *lo,
                               int64_t *hi) {
  int64_t a = *lo, b = *hi;
  for (size_t i = 0; i < n; i++) {
    a = v[i] < a ? v[i] : a;
    b = v[i] > b ? v[i] : b;
  }
  *lo = a;
  *hi = b;
}

/* Whether v[0..n) never decreases. */
CX_CLONES static bool never_down(const int64_t *v, size_t n) {
  bool down = false;
  for (size_t i = 1; i < n; i++)
    down |= v[i] < v[i - 1];
  return !down;
}

/* Whether the smallest and largest of some codes lie in [0, ncodes). */
static bool codes_within(int64_t lo, int64_t hi, size_t ncodes) {
  return lo >= 0 && (uint64_t)hi < ncodes;
}

/* Check that elements start .. start + n - 1 are codes below @p ncodes
 * and mark them in @p used: the row (from start) of the first that is
 * not, or SIZE_MAX.  Integer columns are read as they are; others go
 * through read_i64 into @p buf. */
CX_CLONES static size_t scan_codes(const cx_array *a, size_t start,
                                   size_t n, size_t ncodes, uint8_t *used,
                                   int64_t *buf) {
  switch (a->dtype) {
#define CASE(DT, T)                                                            \
  case DT: {                                                                   \
    const T *v = plain(a, start, sizeof(T));                                   \
    if (!v)                                                                    \
      break;                                                                   \
    T lo = v[0], hi = v[0];                                                    \
    for (size_t i = 1; i < n; i++) {                                           \
      lo = v[i] < lo ? v[i] : lo;                                              \
      hi = v[i] > hi ? v[i] : hi;                                              \
    }                                                                          \
    if (!codes_within((int64_t)lo, (int64_t)hi, ncodes))                       \
      break;                                                                   \
    for (size_t i = 0; i < n; i++)                                             \
      used[v[i]] = 1;                                                          \
    return SIZE_MAX;                                                           \
  }
    INTEGER_DTYPES(CASE)
#undef CASE
  default:
    break;
  }
  size_t bad;
  read_i64(a, start, n, buf, &bad);
  for (size_t i = 0; i < n; i++) {
    if (bad == i || buf[i] < 0 || (uint64_t)buf[i] >= ncodes)
      return i;
    used[buf[i]] = 1;
  }
  return SIZE_MAX;
}

/* Codes start .. start + n - 1 (checked by scan_codes) through @p map
 * (none: as they are): the column itself when it holds them as they are
 * in 32 bits, else converted into @p code. */
static const uint32_t *read_codes(const cx_array *a, size_t start, size_t n,
                                  const uint32_t *map, uint32_t *code,
                                  int64_t *buf) {
  if (!map && (a->dtype == CX_DTYPE_I32 || a->dtype == CX_DTYPE_U32)) {
    /* Checked to be from 0 up: the same values read unsigned. */
    const uint32_t *v = plain(a, start, sizeof *v);
    if (v)
      return v;
  }
  switch (a->dtype) {
#define CASE(DT, T)                                                            \
  case DT: {                                                                   \
    const T *v = plain(a, start, sizeof(T));                                   \
    if (!v)                                                                    \
      break;                                                                   \
    if (map)                                                                   \
      for (size_t i = 0; i < n; i++)                                           \
        code[i] = map[v[i]];                                                   \
    else                                                                       \
      for (size_t i = 0; i < n; i++)                                           \
        code[i] = (uint32_t)v[i];                                              \
    return code;                                                               \
  }
    INTEGER_DTYPES(CASE)
#undef CASE
  default:
    break;
  }
  size_t bad;
  read_i64(a, start, n, buf, &bad);
  for (size_t i = 0; i < n; i++)
    code[i] = map ? map[buf[i]] : (uint32_t)buf[i];
  return code;
}

/* Check that elements start .. start + n - 1 are 0 or 1: the row of the
 * first that is not, or SIZE_MAX. */
CX_CLONES static size_t scan_flags(const cx_array *a, size_t start,
                                   size_t n, int64_t *buf) {
  if (a->dtype == CX_DTYPE_U8 || a->dtype == CX_DTYPE_I8) {
    const uint8_t *v = plain(a, start, 1);
    uint8_t other = 0;
    for (size_t i = 0; v && i < n; i++)
      other |= v[i] & 0xfe;
    if (v && !other)
      return SIZE_MAX;
  }
  size_t bad;
  read_i64(a, start, n, buf, &bad);
  for (size_t i = 0; i < n; i++)
    if (bad == i || (buf[i] != 0 && buf[i] != 1))
      return i;
  return SIZE_MAX;
}

/* Flags start .. start + n - 1 (checked by scan_flags) as bytes: the
 * column itself when it is one of bytes, else converted into @p o8;
 * NULL when none is 1. */
static const uint8_t *read_flags(const cx_array *a, size_t start, size_t n,
                                 uint8_t *o8, int64_t *buf) {
  const uint8_t *v = a->dtype == CX_DTYPE_U8 || a->dtype == CX_DTYPE_I8
                         ? plain(a, start, 1)
                         : NULL;
  if (!v) {
    size_t bad;
    read_i64(a, start, n, buf, &bad);
    for (size_t i = 0; i < n; i++)
      o8[i] = (uint8_t)buf[i];
    v = o8;
  }
  uint8_t any = 0;
  for (size_t i = 0; i < n; i++)
    any |= v[i];
  return any ? v : NULL;
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
    cx_status st = p_check_name(touchpoints ? "touchpoint" : "segment",
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
  int64_t cas_lo, cas_hi; /* range of the case codes */
  bool ts_sorted;         /* the times never decrease */
  int64_t ts_first, ts_last;
} batch;

/* Check every row; mark the dictionary codes used. */
static cx_status check_batch(const cx_paths_log *log, size_t n, batch *b,
                             int64_t *buf) {
  size_t bad;
  for (size_t at = 0; at < n; at += CHUNK) {
    size_t m = n - at < CHUNK ? n - at : CHUNK;
    const int64_t *cas = view_i64(b->cas, at, m, buf, &bad);
    if (bad != SIZE_MAX)
      return bad_cell(b->cas, "case code", at + bad, "is not a whole number");
    extremes(cas, m, &b->cas_lo, &b->cas_hi);
    if ((bad = scan_codes(b->tp, at, m, b->ntp, b->tp_used, buf)) !=
        SIZE_MAX)
      return bad_cell(b->tp, "touchpoint code", at + bad,
                      "is not a code of the dictionary");
    const int64_t *ts = view_i64(b->ts, at, m, buf, &bad);
    int64_t first = INT64_MAX, last = INT64_MIN;
    extremes(ts, m, &first, &last);
    if (first < P_TS_MIN || last > P_TS_MAX || bad != SIZE_MAX)
      for (size_t i = 0; i < m; i++)
        if (bad == i || ts[i] < P_TS_MIN || ts[i] > P_TS_MAX)
          return bad_cell(b->ts, "timestamp", at + i,
                          "is not a whole number of microseconds in the "
                          "years 0000-9999");
    if (at == 0)
      b->ts_first = b->ts_last = ts[0];
    b->ts_sorted &= ts[0] >= b->ts_last && never_down(ts, m);
    b->ts_last = ts[m - 1];
    if (present(b->out) &&
        (bad = scan_flags(b->out, at, m, buf)) != SIZE_MAX)
      return bad_cell(b->out, "outcome", at + bad, "is neither 0 nor 1");
    if (present(b->seg) &&
        (bad = scan_codes(b->seg, at, m, b->nseg, b->seg_used, buf)) !=
            SIZE_MAX)
      return bad_cell(b->seg, "segment code", at + bad,
                      "is not a code of the dictionary");
    if (present(b->val))
      for (size_t i = 0; i < m; i++)
        if (isinf(cx__array_get_f64(b->val, at + i)))
          return bad_cell(b->val, "value", at + i, "is infinite");
  }
  (void)log;
  return CX_OK;
}

/* A graph-only log: whether every case's events in the batch come in
 * time order after its held ones, and the batch brings no more cases
 * than max_cases allows. */
static cx_status check_order(const cx_paths_log *log, size_t n,
                             const batch *b, int64_t *buf) {
  if (p_graph_in_order(log, n, b->ts_sorted, b->ts_first))
    return CX_OK;
  p_gcheck c = {0};
  size_t bad;
  cx_status st = CX_OK;
  for (size_t at = 0; at < n && !st; at += CHUNK) {
    size_t m = n - at < CHUNK ? n - at : CHUNK;
    const int64_t *cas = view_i64(b->cas, at, m, buf, &bad);
    const int64_t *ts = view_i64(b->ts, at, m, buf + CHUNK, &bad);
    st = p_graph_check(log, &c, m, cas, ts, at);
  }
  uint64_t max = log->opt.max_cases, cases = log->st.n_cases;
  if (!st && max && (cases > max || c.fresh > max - cases))
    st = p_too_many_cases(log);
  p_gcheck_free(&c);
  return st;
}

/* Rows of a log sorted by case: one at a time, closing each case as the
 * next begins. */
static cx_status add_sorted(cx_paths_log *log, size_t at, size_t m,
                            const batch *b, const int64_t *cas,
                            const uint32_t *code, const int64_t *ts,
                            const uint8_t *out, const uint32_t *seg) {
  cx_status st;
  for (size_t i = 0; i < m; i++) {
    if (log->np && log->case_key[0] != cas[i]) {
      if (log->opt.max_cases && log->st.n_cases + 2 > log->opt.max_cases)
        return p_too_many_cases(log);
      if ((st = p_log_close_open(log)))
        return st;
    }
    double v = present(b->val) ? cx__array_get_f64(b->val, at + i) : NAN;
    if ((st = p_log_push(log, cas[i], code[i], ts[i], v, out ? out[i] : 0,
                         seg ? seg[i] : 0)))
      return st;
  }
  return CX_OK;
}

static cx_status add_rows(cx_paths_log *log, size_t n, const batch *b,
                          const uint32_t *tp_map, const uint32_t *seg_map,
                          int64_t *buf, p_pend *pend) {
  int64_t *tsb = buf + CHUNK, *tmp = buf + 2 * CHUNK;
  uint32_t code[CHUNK], g32[CHUNK];
  uint8_t o8[CHUNK];
  double val[CHUNK];
  size_t bad;
  cx_status st;
  for (size_t at = 0; at < n; at += CHUNK) {
    size_t m = n - at < CHUNK ? n - at : CHUNK;
    const int64_t *cas = view_i64(b->cas, at, m, buf, &bad);
    const int64_t *ts = view_i64(b->ts, at, m, tsb, &bad);
    const uint32_t *tp = read_codes(b->tp, at, m, tp_map, code, tmp);
    /* Columns without an outcome or a segment other than 0 go as none. */
    const uint8_t *o =
        present(b->out) ? read_flags(b->out, at, m, o8, tmp) : NULL;
    const uint32_t *g = NULL;
    if (present(b->seg)) {
      const uint32_t *v = read_codes(b->seg, at, m, seg_map, g32, tmp);
      uint32_t any = 0;
      for (size_t i = 0; i < m; i++)
        any |= v[i];
      g = any ? v : NULL;
    }
    if (log->opt.sorted_by_case) {
      if ((st = add_sorted(log, at, m, b, cas, tp, ts, o, g)))
        return st;
      continue;
    }
    /* A value or segment column is made only once some row needs it, as
     * for events added one at a time. */
    if (g && !p_log_need_seg(log))
      return cx__enomem();
    const double *v = NULL;
    if (present(b->val)) {
      for (size_t i = 0; i < m; i++)
        val[i] = cx__array_get_f64(b->val, at + i);
      v = val;
    }
    if ((st = log->opt.graph_only
                  ? p_graph_append(log, m, cas, tp, ts, o, v, g, pend)
                  : p_log_append(log, m, cas, tp, ts, o, v, g)))
      return st;
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
             segment_names ? n_segment_names : p_slots(log), NULL, NULL,
             INT64_MAX, INT64_MIN, true, 0, 0};
  p_pend pend = {0};
  int64_t *buf = cx__malloc(3 * CHUNK * sizeof *buf);
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
  if (log->opt.graph_only && (st = check_order(log, n, &b, buf)))
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
  /* Codes in a range the batch fills densely are numbered through a table
   * from the first row. */
  if (!log->opt.sorted_by_case &&
      (!p_log_case_range(log, b.cas_lo, b.cas_hi, n) ||
       (!log->opt.graph_only && !p_log_reserve(log, n)))) {
    st = cx__enomem();
    goto done;
  }
  /* A dictionary whose codes are the log's own is no map at all. */
  bool same_tp = true, same_seg = true;
  for (size_t k = 0; tp_map && k < b.ntp; k++)
    same_tp &= !b.tp_used[k] || tp_map[k] == k;
  for (size_t k = 0; seg_map && k < b.nseg; k++)
    same_seg &= !b.seg_used[k] || seg_map[k] == k;
  st = add_rows(log, n, &b, same_tp ? NULL : tp_map,
                same_seg ? NULL : seg_map, buf, &pend);
  if (!p_pend_flush(&pend, &log->st) && !st)
    st = cx__enomem();
done:
  p_pend_free(&pend);
  cx__free(buf);
  cx__free(b.tp_used);
  cx__free(b.seg_used);
  cx__free(tp_map);
  cx__free(seg_map);
  return st;
}

