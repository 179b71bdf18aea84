/*
 * The gap survey CSV reader's state, shared by gap_csv.c (header, rows,
 * the public entry points) and gap_csv_respondent.c (items, cells and the
 * respondent being read, and their way into the surveys).  Never
 * installed.
 */
#ifndef CX_IO_GAP_CSV_H
#define CX_IO_GAP_CSV_H

#include <string.h>

#include <cx/io.h>

#include "../gap_internal.h"
#include "csv_columns.h"

enum { V_E, V_P, V_A, V_D, V_IMP, V_DISC, NV };
#define NONE CX_CSV_NONE

struct cx_gap_segments {
  cx_names names;
  cx_gap_survey **survey; /* per named segment */
  cx_gap_survey *pooled;
};

/* A text kept from a respondent's first row, compared with later rows. */
typedef struct kept {
  char *p;
  size_t len, cap;
} kept;

typedef struct gap_reader {
  cx_csv_table t; /* the input and its header */
  const cx_gap_csv_options *o;
  cx_gap_config config;
  cx_csv_scale_cell cell[NV]; /* how each kind of answer is read */
  const cx_gap_survey *like;  /* NULL or without items: items from the file */
  struct cx_gap_segments *out;
  cx_gap_survey *solo; /* the survey of an unsegmented file */

  bool long_layout, segmented;
  size_t c_resp, c_seg, c_wt, c_item, c_label, c_dim, c_val[NV];
  size_t *w_item; /* wide: per column the item, or NONE */
  int *w_kind;    /* wide: per column the value kind */
  size_t np;      /* points columns */
  size_t *p_col;  /* their columns */
  size_t *p_dim;  /* their dimensions (once known) */

  /* Items: ids, labels and dimension names (NULL: none), flags. */
  cx_names items;
  char **ilabel, **idim;
  unsigned *iflags;
  size_t icap;
  bool items_fixed; /* no new items may appear */
  size_t new_items; /* items created from the file */
  bool staged;
  cx_buf stage;
  bool points_mapped;

  /* The respondent being read. */
  bool open, skip;
  kept rid, rseg, rwt, rpts;
  uint64_t rline, pline, pcol; /* first row, first points cell */
  size_t seg;
  double weight;
  double *val[NV];
  unsigned char *seen;
  double *points;
  bool has_points;
  char who[CX_CSV_RESPONDENT_SHOWN + 8];

  uint64_t kept_respondents;
} gap_reader;

static inline bool kept_is(const kept *k, const char *p, size_t len) {
  return k->len == len && memcmp(k->p, p, len) == 0;
}

/* Error at a cell of the row, naming the respondent being read. */
static inline cx_status err_field(const gap_reader *r, const cx_csv_record *rec,
                                  cx_status st, size_t col, const char *what) {
  return cx__csv_field_error(&r->t, st, &rec->field[col], col, what, r->who);
}

/* Error at a header cell. */
static inline cx_status err_header(const gap_reader *r, cx_status st,
                                   size_t col, const char *what) {
  return cx__csv_header_error(&r->t, st, col, what);
}

/* ---- gap_csv_respondent.c ------------------------------------------------ */

/* Answer of kind v (V_E ...) in column col of the row. */
cx_status cx__gap_csv_read_answer(const gap_reader *r, const cx_csv_record *rec,
                                  size_t col, int v, double *out);
/* A name cell (item, segment, label, dimension): non-empty (unless
 * empty_ok) valid UTF-8 of at most GAP_NAME_MAX_BYTES bytes. */
cx_status cx__gap_csv_check_name(const gap_reader *r, const cx_csv_record *rec,
                                 size_t col, const char *what, bool empty_ok);
/* Declare an item (label and dim may be NULL); its index in *index. */
cx_status cx__gap_csv_add_item(gap_reader *r, const char *id, size_t len,
                               const char *label, const char *dim,
                               unsigned flags, size_t *index);
/* The items of r->like. */
cx_status cx__gap_csv_items_from_like(gap_reader *r);
/* Match the points columns to the dimensions of the items. */
cx_status cx__gap_csv_map_points(gap_reader *r);
/* A new survey with the reader's configuration and items. */
cx_status cx__gap_csv_make_survey(const gap_reader *r, cx_gap_survey **out);
/* The survey of segment seg (made on first use). */
cx_status cx__gap_csv_survey_of(gap_reader *r, size_t seg, cx_gap_survey **out);
/* Start a respondent at this row: segment, weight and points. */
cx_status cx__gap_csv_open_respondent(gap_reader *r, const cx_csv_record *rec);
/* A later row of a long-layout respondent repeats its segment, weight
 * and points. */
cx_status cx__gap_csv_check_repeat(gap_reader *r, const cx_csv_record *rec);
/* Check the respondent's points and add it (or stage it). */
cx_status cx__gap_csv_finish_respondent(gap_reader *r);
/* Add the staged respondents to the surveys. */
cx_status cx__gap_csv_replay(gap_reader *r);

#endif
