/*
 * Internal layout of the Kano survey accumulator, shared by the survey,
 * result and reader code.  Never installed.
 */
#ifndef CX_KANO_INTERNAL_H
#define CX_KANO_INTERNAL_H

#include <cx/kano.h>

#include "internal.h"

/* The tally of one (feature, segment).  Counts are indexed by
 * functional * 6 + dysfunctional with 0 meaning missing, so counting a row
 * is one branch-free increment; the 5x5 table of complete pairs is the
 * block with both answers >= 1.  Pairs that came with a weight other than
 * 1 are kept apart, so unweighted input only touches the integer counts
 * (the fast path of add_batch). */
typedef struct kano_tally {
  uint64_t n[36];     /* unweighted responses */
  uint64_t nw[36];    /* weighted responses (weight != 1) */
  double w[36];       /* sum of weights of weighted responses */
  double w2;          /* sum of squared weights of weighted complete pairs */
  uint64_t imp_n;     /* responses with an importance answer */
  double imp_w;       /* their weights */
  double imp_w2;      /* their squared weights */
  double imp_sum;     /* weighted importance sum */
  double imp_sum2;    /* weighted squared importance sum */
} kano_tally;

struct cx_kano_survey {
  cx_names features;
  cx_names segments;
  /* tally[f * nseg_slots + s], nseg_slots = max(1, segments.count) */
  kano_tally *tally;
  size_t tally_cap;        /* features the array has room for */
  uint64_t *respondents;   /* per segment slot */
  uint64_t *dropped;       /* per segment slot */
  bool has_filter;
  cx_kano_filter filter;
  bool has_data;           /* anything added to the implicit segment */
};

static inline size_t cx__kano_slots(const cx_kano_survey *s) {
  return s->segments.count ? s->segments.count : 1;
}

/* An empty survey with the same filter as @p like: readers load into it
 * and merge it into @p like on success. */
cx_status cx__kano_survey_new_like(const cx_kano_survey *like,
                                   cx_kano_survey **out);
/* Index of a feature / segment by name, added when new.  The name need not
 * be NUL-terminated; it must be valid UTF-8 (checked). */
cx_status cx__kano_survey_intern_feature(cx_kano_survey *s, const char *name,
                                         size_t len, size_t *index);
cx_status cx__kano_survey_intern_segment(cx_kano_survey *s, const char *name,
                                         size_t len, size_t *index);

/* Sum the tallies of one feature over the given segment (or all). */
void cx__kano_tally_sum(const cx_kano_survey *s, size_t feature,
                        size_t segment, kano_tally *out);

/* Normalise a label for matching: lowercase ASCII, drop white space and a
 * trailing '.' or '!'.  Writes at most cap bytes; returns the length, or
 * SIZE_MAX when the result would not fit. */
size_t cx__kano_label_normalise(const char *s, size_t len, char *out,
                                size_t cap);

#endif
