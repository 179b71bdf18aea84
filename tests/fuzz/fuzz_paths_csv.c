/* Fuzz target: the event-log CSV reader, unsorted, grouped by case and
 * graph-only, then every analysis on what loaded.  Any input must load or
 * fail cleanly; a failed load must leave the log as it was; the SVG must
 * not carry markup from the data; a graph-only log that loads must have
 * the unsorted log's graph. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cx/cx.h>
#include <cx/paths.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void analyse(const cx_paths_log *log) {
  cx_paths_result *r = NULL;
  if (cx_paths_result_compute(&r, log) != CX_OK)
    return;
  cx_paths_attribution_options ao = CX_PATHS_ATTRIBUTION_OPTIONS_INIT;
  ao.max_states = 200;
  for (unsigned order = 1; order <= 2; order++) {
    cx_paths_attribution *a = NULL;
    ao.order = order;
    cx_paths_attribution_compute(&a, r, &ao);
    cx_paths_attribution_free(a);
  }
  char *svg = NULL;
  if (cx_paths_render_svg(r, NULL, &svg, NULL) == CX_OK &&
      (strstr(svg, "<script") || strstr(svg, "<b>")))
    abort();
  cx_free(svg);
  char *dot = NULL;
  cx_paths_result_to_dot(r, NULL, &dot, NULL);
  cx_free(dot);
  cx_paths_result_free(r);
  static const char *const steps[] = {"a", "b", "c"};
  for (int m = 0; m < 3; m++) {
    cx_paths_funnel_options fo = CX_PATHS_FUNNEL_OPTIONS_INIT;
    fo.mode = (cx_paths_funnel_mode)m;
    fo.window = m == 1 ? 60000000 : 0;
    cx_paths_funnel *f = NULL;
    cx_paths_funnel_compute(&f, log, steps, 3, &fo);
    cx_paths_funnel_free(f);
  }
}

/* Whether two results have the same edges (counts and extremes). */
static bool same_graph(const cx_paths_result *a, const cx_paths_result *b) {
  size_t n = cx_paths_result_n_edges(a);
  if (n != cx_paths_result_n_edges(b))
    return false;
  for (size_t i = 0; i < n; i++) {
    cx_paths_edge x, y;
    if (cx_paths_result_edge(a, i, &x) != CX_OK ||
        cx_paths_result_edge(b, i, &y) != CX_OK || x.count != y.count ||
        x.min != y.min || x.max != y.max || strcmp(x.from_name, y.from_name) ||
        strcmp(x.to_name, y.to_name))
      return false;
  }
  return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  cx_paths_result *unsorted = NULL;
  for (int mode = 0; mode < 3; mode++) {
    int sorted = mode == 1;
    cx_paths_options o = CX_PATHS_OPTIONS_INIT;
    o.sorted_by_case = sorted;
    o.graph_only = mode == 2;
    o.max_touchpoints = 64;
    cx_paths_log *log = NULL;
    if (cx_paths_log_new(&log, &o) != CX_OK)
      return 0;
    uint8_t *before = NULL, *after = NULL;
    size_t nb = 0, na = 0;
    cx_paths_log_serialize(log, &before, &nb);
    cx_paths_csv_options co = CX_PATHS_CSV_OPTIONS_INIT;
    co.conversion_touchpoint = sorted ? "c" : NULL;
    if (cx_paths_read_csv_buffer(log, (const char *)data, size, "fuzz", &co) !=
        CX_OK) {
      cx_paths_log_serialize(log, &after, &na);
      if (na != nb || memcmp(before, after, na) != 0)
        abort(); /* a failed load changed the log */
    } else {
      analyse(log);
      cx_paths_result *r = NULL;
      if (mode == 0)
        cx_paths_result_compute(&unsorted, log);
      if (mode == 2 && unsorted && cx_paths_result_compute(&r, log) == CX_OK &&
          !same_graph(unsorted, r))
        abort(); /* the graph-only log's graph differs */
      cx_paths_result_free(r);
      uint8_t *bytes = NULL;
      size_t n = 0;
      cx_paths_log *back = NULL;
      if (cx_paths_log_serialize(log, &bytes, &n) != CX_OK ||
          cx_paths_log_deserialize(&back, bytes, n) != CX_OK)
        abort(); /* what loaded must serialize and read back */
      cx_paths_log_free(back);
      cx_free(bytes);
    }
    cx_free(before);
    cx_free(after);
    cx_paths_log_free(log);
  }
  cx_paths_result_free(unsorted);
  return 0;
}
