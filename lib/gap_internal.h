/*
 * Internal layout of the gap-analysis accumulator, shared by lib/gap.c
 * (input, merge, serialization) and lib/gap_stats.c (results).  Never
 * installed.
 *
 * All state that grows with answers lives in two flat arrays, so merging
 * is element-wise addition and serialization a dump:
 * - cells: a count (uint64) and a weight sum (double) per cell;
 * - mom: other additive sums (sums of squared weights, weighted sums of
 *   respondent-level values).
 * The offsets below are derived from the configuration and the items
 * alone, so two surveys with the same items have the same layout.
 */
#ifndef CX_GAP_INTERNAL_H
#define CX_GAP_INTERNAL_H

#include <cx/gap.h>

#include "internal.h"

/* Per-item tables, as cell offsets from the item's first cell. */
typedef struct gap_item_layout {
  size_t pair;       /* k x k: [(e - min) * k + (p - min)] */
  size_t zot[2];     /* consistent (A <= D) and inverted triples, each:
                        msa, mss, width (2k - 1 each), then below, within,
                        above */
  size_t importance; /* ki */
  size_t disc;       /* kd */
  size_t pall;       /* k: every valid P */
  size_t status;     /* 3: missing, not applicable, don't know pairs */
  size_t stride;     /* cells per item */
} gap_item_layout;

/* Moments per item (offsets from the item's first moment). */
enum {
  GAP_MOM_PAIR_W2 = 0,
  GAP_MOM_ZOT_W2 = 1, /* 2 entries: consistent, inverted */
  GAP_MOM_IMP_W2 = 3,
  GAP_MOM_DISC_W2 = 4,
  GAP_MOM_PALL_W2 = 5,
  GAP_MOM_ITEM = 6
};

/* Per dimension and m (answered items, 1 .. n_d) the moments of the
 * respondents with that m: sum w^2, sum w sE, sum w sE^2, sum w sP,
 * sum w sP^2, where sE and sP are sums over the answered items. */
enum { GAP_DIM_MOM = 5 };

/* Cells of the weighted score: scored, no points, incomplete; its moments:
 * sum w^2, sum w x, sum w x^2. */
enum { GAP_SCORE_CELLS = 3, GAP_SCORE_MOM = 3 };

typedef struct gap_dim {
  size_t n_items;
  size_t cells;  /* first cell: the (m, s) table, then too_few, none */
  size_t mom;    /* first moment */
} gap_dim;

struct cx_gap_survey {
  cx_gap_config config;
  size_t k, ki, kd; /* points of the E/P, importance, disconfirmation scales */
  cx_names items;
  char **labels;    /* per item, owned, never NULL */
  size_t *item_dim; /* per item, CX_GAP_NO_DIMENSION or an index */
  unsigned *flags;  /* per item */
  size_t item_cap;
  cx_names dims;
  gap_dim *dim;     /* per dimension */
  gap_item_layout lay;
  size_t score_cells, score_mom, resp_cell; /* offsets */
  size_t ncells, nmom;
  uint64_t *cnt;    /* ncells */
  double *wsum;     /* ncells */
  double *mom;      /* nmom */
  bool has_data;
};

/* Longest item id, label or dimension name, in bytes. */
#define GAP_NAME_MAX_BYTES 4096

/* Dimension name of item i, "" for none. */
static inline const char *cx__gap_dim_name(const cx_gap_survey *s, size_t i) {
  return s->item_dim[i] == CX_GAP_NO_DIMENSION ? ""
                                               : s->dims.name[s->item_dim[i]];
}

/* Width of the table of one dimension with n items and gap range k - 1:
 * sum over m = 1 .. n of (2 m (k - 1) + 1) cells. */
size_t cx__gap_dim_table_cells(size_t n, size_t k);
/* Offset of row m (1-based) in a dimension table; the cell of sum s is at
 * row + s + m (k - 1). */
size_t cx__gap_dim_row(size_t m, size_t k);

#endif
