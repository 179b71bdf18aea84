/* Fuzz target: events from columns (cx_paths_log_add_batch) in every
 * dtype and layout, into a full, a sorted and a graph-only log.  The input
 * picks the dtypes, the layout and the rows, and the target works out by
 * itself which rows the library must refuse: a batch with such a row must
 * fail and leave the log's bytes as they were; a batch without must load
 * and give the counts and the graph of the same events added one at a
 * time by name.
 *
 * Input: 6 header bytes, then 5 bytes a row.
 *   0: bit 0 graph-only, bit 1 sorted by case, bits 2-3 layout (packed,
 *      every other element, one byte off alignment), bit 4 a fractional
 *      touchpoint code in row 0, bit 5 an infinite value in row 0
 *   1, 2, 3: dtypes of the touchpoint, outcome and segment columns (% 10)
 *   4: touchpoints in the dictionary (1-6, low bits), segments (1-3)
 *   5: bit 0 an outcome column, bit 1 a segment column, bit 2 values
 *   row: case (% 8), touchpoint, time step, outcome, segment */
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cx/cx.h>
#include <cx/paths.h>

#include "../c/dtype_store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { MAX_ROWS = 512, ROW = 5, HEAD = 6 };

static const char *const TPS[] = {"a", "b", "c", "d", "e", "f"};
static const char *const SEGS[] = {"s0", "s1", "s2"};

/* A column of @p n values in dtype @p dt and the given layout; @p read
 * gets what the library will read. */
static cx_array column(unsigned char *buf, int layout, cx_dtype dt,
                       const double *v, double *read, size_t n) {
  size_t size = cx_dtype_size(dt);
  size_t skip = layout == 2 && size > 1 ? 1 : 0;
  size_t step = layout == 1 ? 2 * size : size;
  for (size_t i = 0; i < n; i++)
    read[i] = store_as(buf + skip + i * step, dt, v[i]);
  return (cx_array){buf + skip, dt, layout == 1 ? (ptrdiff_t)step : 0};
}

static bool is_code(double v, size_t n) {
  return v == floor(v) && v >= 0 && v < (double)n;
}

/* Whether two results agree on the counts and the graph. */
static bool same(const cx_paths_result *a, const cx_paths_result *b) {
  cx_paths_summary x, y;
  cx_paths_result_summary(a, &x);
  cx_paths_result_summary(b, &y);
  if (x.n_events != y.n_events || x.n_cases != y.n_cases ||
      x.n_converted != y.n_converted || x.n_edges != y.n_edges ||
      x.n_variants != y.n_variants)
    return false;
  for (size_t i = 0; i < x.n_edges; i++) {
    cx_paths_edge e, f;
    if (cx_paths_result_edge(a, i, &e) != CX_OK ||
        cx_paths_result_edge(b, i, &f) != CX_OK || e.count != f.count ||
        e.min != f.min || e.max != f.max || strcmp(e.from_name, f.from_name) ||
        strcmp(e.to_name, f.to_name))
      return false;
  }
  return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < HEAD)
    return 0;
  const int graph = data[0] & 1, sorted = !graph && (data[0] >> 1 & 1);
  const int layout = (data[0] >> 2 & 3) % 3;
  const cx_dtype dt_tp = (cx_dtype)(data[1] % 10),
                 dt_out = (cx_dtype)(data[2] % 10),
                 dt_seg = (cx_dtype)(data[3] % 10);
  const size_t ntp = 1 + (data[4] & 15) % 6, nseg = 1 + (data[4] >> 4) % 3;
  const bool has_out = data[5] & 1, has_seg = data[5] & 2,
             has_val = data[5] & 4;
  size_t n = (size - HEAD) / ROW;
  n = n > MAX_ROWS ? MAX_ROWS : n;
  if (n == 0)
    return 0;
  static int64_t cas[MAX_ROWS], ts[MAX_ROWS];
  static double tp[MAX_ROWS], out[MAX_ROWS], seg[MAX_ROWS], val[MAX_ROWS];
  static double tp_r[MAX_ROWS], out_r[MAX_ROWS], seg_r[MAX_ROWS];
  static unsigned char btp[MAX_ROWS * 16 + 8], bout[MAX_ROWS * 16 + 8],
      bseg[MAX_ROWS * 16 + 8];
  int64_t t = 1700000000000000;
  for (size_t i = 0; i < n; i++) {
    const uint8_t *r = data + HEAD + i * ROW;
    cas[i] = r[0] % 8;
    /* Mostly codes of the dictionary, sometimes below or past it. */
    tp[i] = r[1] < 240   ? r[1] % ntp
            : r[1] < 248 ? -(double)(r[1] - 239)
                         : (double)(ntp + r[1] - 248);
    t += ((int64_t)(int8_t)r[2]) * 1000000;
    ts[i] = t;
    out[i] = r[3] < 250 ? r[3] & 1 : r[3] - 248;
    seg[i] = r[4] < 250 ? r[4] % nseg : (double)(nseg + r[4] - 250);
    val[i] = (double)i / 2;
  }
  if (data[0] & 16)
    tp[0] += 0.5;
  if (data[0] & 32)
    val[0] = INFINITY;
  cx_array a_cas = {cas, CX_DTYPE_I64, 0}, a_ts = {ts, CX_DTYPE_I64, 0},
           a_val = {val, CX_DTYPE_F64, 0};
  cx_array a_tp = column(btp, layout, dt_tp, tp, tp_r, n);
  cx_array a_out = column(bout, layout, dt_out, out, out_r, n);
  cx_array a_seg = column(bseg, layout, dt_seg, seg, seg_r, n);

  /* Which rows must be refused, worked out here. */
  bool good = true;
  int64_t last[8] = {0};
  bool seen[8] = {false};
  for (size_t i = 0; i < n; i++) {
    good &= is_code(tp_r[i], ntp);
    good &= !has_out || out_r[i] == 0 || out_r[i] == 1;
    good &= !has_seg || is_code(seg_r[i], nseg);
    good &= !has_val || !isinf(val[i]);
    /* A graph-only log takes each case's events in time order; a sorted
     * one, each case's events together. */
    if (graph && seen[cas[i]] && ts[i] < last[cas[i]])
      good = false;
    seen[cas[i]] = true;
    last[cas[i]] = ts[i];
  }

  cx_paths_options o = CX_PATHS_OPTIONS_INIT;
  o.graph_only = graph;
  o.sorted_by_case = sorted;
  cx_paths_log *log = NULL, *ref = NULL;
  if (cx_paths_log_new(&log, &o) != CX_OK ||
      cx_paths_log_new(&ref, &o) != CX_OK)
    abort();
  uint8_t *before = NULL, *after = NULL;
  size_t nb = 0, na = 0;
  if (cx_paths_log_serialize(log, &before, &nb) != CX_OK)
    abort();
  cx_status st = cx_paths_log_add_batch(
      log, n, &a_cas, &a_tp, &a_ts, has_val ? &a_val : NULL,
      has_out ? &a_out : NULL, has_seg ? &a_seg : NULL, TPS, ntp,
      has_seg ? SEGS : NULL, has_seg ? nseg : 0);
  if (!good) {
    if (st == CX_OK)
      abort(); /* a bad row was taken */
    if (cx_paths_log_serialize(log, &after, &na) != CX_OK || na != nb ||
        memcmp(before, after, na) != 0)
      abort(); /* a refused batch changed the log */
  } else if (st != CX_OK) {
    abort(); /* a good batch was refused */
  } else {
    /* The same events one at a time, by name. */
    for (size_t i = 0; i < n; i++) {
      char id[8];
      snprintf(id, sizeof id, "c%d", (int)cas[i]);
      if (cx_paths_log_add(ref, id, TPS[(size_t)tp_r[i]], ts[i],
                           has_val ? val[i] : NAN,
                           has_out ? (int)out_r[i] : 0,
                           has_seg ? SEGS[(size_t)seg_r[i]] : NULL,
                           NULL) != CX_OK)
        abort(); /* one at a time refused what the batch took */
    }
    cx_paths_result *x = NULL, *y = NULL;
    if (cx_paths_result_compute(&x, log) != CX_OK ||
        cx_paths_result_compute(&y, ref) != CX_OK || !same(x, y))
      abort(); /* the batch's log differs from the one made by name */
    cx_paths_result_free(x);
    cx_paths_result_free(y);
  }
  cx_free(before);
  cx_free(after);
  cx_paths_log_free(log);
  cx_paths_log_free(ref);
  return 0;
}
