/*
 * Internal layout of the metric accumulator, shared by the accumulator
 * (metrics.c) and the NPS, CSAT and CES results (metrics_result.c).
 * Never installed.
 */
#ifndef CX_METRICS_INTERNAL_H
#define CX_METRICS_INTERNAL_H

#include <cx/metrics.h>

#include "internal.h"

/* One scale point (or code) of one segment.  Answers with weight 1 are
 * counted in n only, so unweighted input stays exact integers; the others
 * are counted in nw with their weights summed in w. */
typedef struct metric_cell {
  uint64_t n;  /* answers with weight 1 */
  uint64_t nw; /* answers with another weight */
  double w;    /* sum of those other weights */
} metric_cell;

/* Cells after the scale points, offsets from `points`. */
enum { CELL_MISSING = 0, CELL_NA = 1, CELL_DK = 2 };

struct cx_metric_survey {
  cx_metric_kind kind;
  cx_ces_version ces;
  cx_scale scale;      /* numeric fields only: labels NULL */
  size_t points;       /* max - min + 1 */
  size_t ncells;       /* points + 3 */
  cx_names segments;
  metric_cell *cells;  /* cells[slot * ncells + cell] */
  double *w2;          /* per slot: squared weights (other than 1) of
                          answers on the scale */
  bool has_data;       /* anything added to the implicit segment */
};

static inline size_t cx__metric_slots(const cx_metric_survey *s) {
  return s->segments.count ? s->segments.count : 1;
}

/* Sum the cells of one segment (or CX_METRIC_ALL) into count / raw (each
 * `points` long) and the sample sizes of @p out (its array pointers are
 * left NULL). */
void cx__metric_gather(const cx_metric_survey *s, size_t segment,
                       double *count, uint64_t *raw, cx_metric_sample *out);

#endif
