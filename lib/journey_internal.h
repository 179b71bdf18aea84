/*
 * Internal view of the journey model, for the format readers and writers in
 * lib/io/ and the renderers in lib/render/.  Never installed.
 *
 * Two needs are served here that the public API deliberately does not
 * serve:
 *
 * 1. Loaded data may be wrong.  A reader that wants cx_journey_validate()
 *    to report every fault of a file at once (duplicate or empty ids,
 *    negative reach, infinite numbers, undeclared actors...) instead of
 *    failing on the first one adds elements with the *_unchecked functions
 *    and fills fields through a touchpoint pointer with the cx__jtp_*
 *    setters, which store any value.  With duplicate ids the public
 *    by-id functions address the first element in journey order, so
 *    readers work by position (stage index, position) instead.
 *
 * 2. Round trips keep what libcx does not model.  Each journey, actor,
 *    stage and touchpoint carries an optional "extra" string: opaque UTF-8
 *    text owned by the element (for the JSON format, a serialized JSON
 *    object holding the unknown members, written compactly so that
 *    cx_journey_equal(), which compares it byte for byte, sees equal
 *    documents as equal).  The model never interprets it; copy and equal
 *    include it; the diff ignores it.
 *
 * Pointers to internal structures (cx__jtp *, cx__jstage *) stay valid
 * until the element is removed or the journey freed; moves keep them valid
 * (stages and touchpoints are held by pointer).  Readers may read the
 * struct members directly; they write them only through the functions
 * below, which keep ownership straight.
 */
#ifndef CX_JOURNEY_INTERNAL_H
#define CX_JOURNEY_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include <cx/journey.h>

/* A growable list of owned strings. */
typedef struct cx__strlist {
  char **item;
  size_t count;
  size_t cap;
} cx__strlist;

typedef struct cx__jmetric {
  char *name;
  double value;
} cx__jmetric;

typedef struct cx__jtp {
  char *id;                   /* never NULL (may be "" in loaded data) */
  char *text[CX_TP_TEXT_COUNT]; /* text[CX_TP_NAME] never NULL; others
                                   NULL when unset */
  double num[CX_TP_NUMBER_COUNT]; /* NaN when unset */
  cx_channel channel;
  char *channel_name;         /* custom channel name, else NULL */
  cx_owner owner;
  cx_layer layer;
  int moment_of_truth;        /* 0 or 1 */
  cx__strlist list[CX_TP_LIST_COUNT];
  cx__jmetric *metric;
  size_t n_metrics;
  size_t cap_metrics;
  char *extra;                /* NULL when none */
} cx__jtp;

typedef struct cx__jstage {
  char *id;
  char *name;
  char *description;          /* NULL when unset */
  cx__jtp **tp;
  size_t n_tp;
  size_t cap_tp;
  char *extra;
} cx__jstage;

typedef struct cx__jactor {
  char *id;
  char *name;
  char *extra;
} cx__jactor;

/* Where each touchpoint id is: an open-addressing table (linear probing)
 * from the id's keyed hash to its stage index and position, so a lookup by
 * id takes constant time however large the journey.  Only functions that
 * change the journey change the index (read-only calls may run on several
 * threads at once, see docs/threading.md).  While @c ok is false (after
 * loaders add touchpoints unchecked, or when memory ran out) lookups walk
 * the stages instead, which is always right, only slower. */
typedef struct cx__jslot {
  uint64_t hash;
  size_t si, pos;             /* si == SIZE_MAX: empty slot */
} cx__jslot;

typedef struct cx__jindex {
  cx__jslot *slot;
  size_t nslots;              /* power of two, or 0 */
  size_t count;
  uint64_t key;               /* of cx__hash_keyed(), new at each rebuild */
  bool ok;                    /* lists the first touchpoint of every id */
  bool dups;                  /* some id is used twice (loaded data) */
} cx__jindex;

struct cx_journey {
  char *id;                   /* NULL when none */
  char *title;                /* NULL when unset */
  char *description;          /* NULL when unset */
  double min, neutral, max;
  cx__jactor *actor;
  size_t n_actors;
  size_t cap_actors;
  cx__jstage **stage;
  size_t n_stages;
  size_t cap_stages;
  char *extra;
  cx__jindex index;
};

/* --- Building loaded data without the public checks --------------------- */

/* Append a stage; the id may be empty or a duplicate.  NULL name uses the
 * id.  On success *index (if not NULL) is the new stage's index.  Errors:
 * CX_EINVAL (NULL journey or id), CX_ENOMEM. */
cx_status cx__journey_stage_add_unchecked(cx_journey *j, const char *id,
                                          const char *name, size_t *index);

/* Append a touchpoint to the stage at stage_index; the id may be empty or
 * a duplicate.  On success *tp (if not NULL) points at the new touchpoint.
 * Errors: CX_EINVAL, CX_ERANGE (stage_index), CX_ENOMEM. */
cx_status cx__journey_touchpoint_add_unchecked(cx_journey *j,
                                               size_t stage_index,
                                               const char *id,
                                               const char *name,
                                               cx__jtp **tp);

/* Append an actor; the id may be empty or a duplicate. */
cx_status cx__journey_actor_add_unchecked(cx_journey *j, const char *id,
                                          const char *name);

/* Store the scale without checking it (validate reports a bad one). */
void cx__journey_set_scale_unchecked(cx_journey *j, double min,
                                     double neutral, double max);

/* Internal pointers by place; NULL when out of range. */
cx__jstage *cx__journey_stage_at(const cx_journey *j, size_t stage_index);
cx__jtp *cx__journey_tp_at(const cx_journey *j, size_t stage_index,
                           size_t position);

/* --- Setting touchpoint fields without checks ---------------------------- */
/* They store what they are given (any double, any channel and custom name,
 * actors not declared in the journey).  Strings are copied; "" or NULL
 * clears optional texts.  Those returning cx_status fail only with
 * CX_EINVAL for a NULL tp or an unknown field, or CX_ENOMEM, leaving the
 * touchpoint unchanged; the void ones need a non-NULL tp. */
cx_status cx__jtp_set_text(cx__jtp *tp, cx_tp_text field, const char *text);
cx_status cx__jtp_set_number(cx__jtp *tp, cx_tp_number field, double value);
cx_status cx__jtp_set_channel(cx__jtp *tp, cx_channel channel,
                              const char *custom_name);
void cx__jtp_set_owner(cx__jtp *tp, cx_owner owner);
void cx__jtp_set_layer(cx__jtp *tp, cx_layer layer);
void cx__jtp_set_moment_of_truth(cx__jtp *tp, int flag);
cx_status cx__jtp_list_add(cx__jtp *tp, cx_tp_list list, const char *text);
cx_status cx__jtp_metric_set(cx__jtp *tp, const char *name, double value);

/* --- Extra (unknown) data kept for round trips --------------------------- */
/* Set or clear (NULL) the extra text; the text is copied.  The id-based
 * form addresses the first element with that id; for the journey itself
 * pass CX_JOURNEY_ELEMENT_JOURNEY and a NULL id.  Errors: CX_EINVAL,
 * CX_ENOTFOUND, CX_ENOMEM. */
cx_status cx__journey_set_extra(cx_journey *j, cx_journey_element element,
                                const char *id, const char *extra);
/* The extra text, or NULL when none (or when the element is not found). */
const char *cx__journey_get_extra(const cx_journey *j,
                                  cx_journey_element element, const char *id);
/* Direct forms for elements reached by place. */
cx_status cx__jtp_set_extra(cx__jtp *tp, const char *extra);
cx_status cx__jstage_set_extra(cx__jstage *stage, const char *extra);

/* --- Shared between the journey source files ---------------------------- */
/* lib/journey.c: journey, actors, stages.
 * lib/journey_touchpoint.c: touchpoints, their fields, lists and metrics.
 * lib/journey_validate.c: cx_journey_validate().
 * lib/journey_score.c: scores, gaps, priorities, drop-off, ending, diff. */

/* First stage / touchpoint with this id, or NULL; outputs may be NULL. */
cx__jstage *cx__journey_find_stage(const cx_journey *j, const char *id,
                                   size_t *index);
/* The index after a change: cx__jindex_appended() after a touchpoint was
 * put at the end of its stage; cx__jindex_rebuild() after anything else
 * that moved, removed or renamed touchpoints or stages (a failed rebuild
 * leaves the index off, not wrong); cx__jindex_off() where the caller
 * rebuilds later (loaders); cx__jindex_free() with the journey. */
void cx__jindex_appended(cx_journey *j, size_t si);
void cx__jindex_rebuild(cx_journey *j);
void cx__jindex_off(cx_journey *j);
void cx__jindex_free(cx__jindex *x);

cx__jtp *cx__journey_find_tp(const cx_journey *j, const char *id, size_t *si,
                             size_t *pos);
/* Same, with an error (CX_EINVAL for NULLs, CX_ENOTFOUND) when absent. */
cx_status cx__journey_lookup_stage(const cx_journey *j, const char *id,
                                   cx__jstage **out, size_t *index);
cx_status cx__journey_lookup_tp(const cx_journey *j, const char *id,
                                cx__jtp **out);
/* Argument checks with an error message naming @p what. */
cx_status cx__jcheck_text(const char *what, const char *s, bool optional);
cx_status cx__jcheck_new_id(const cx_journey *j, const char *id,
                            const char *name);
/* Replace *slot by a copy of s (optional: NULL or "" store NULL). */
cx_status cx__jreplace_str(char **slot, const char *s, bool optional);
/* Room for one more element in a growable array. */
bool cx__jgrow(void **arr, size_t *cap, size_t count, size_t size);
const char *cx__jor_empty(const char *s);
bool cx__jstr_eq(const char *a, const char *b);
bool cx__jnum_eq(double a, double b);

cx_status cx__strlist_push(cx__strlist *l, const char *s);
void cx__strlist_remove(cx__strlist *l, size_t i);
void cx__strlist_free(cx__strlist *l);

cx__jtp *cx__jtp_new(const char *id, const char *name);
void cx__jtp_free(cx__jtp *tp);
cx__jtp *cx__jtp_copy(const cx__jtp *tp);
bool cx__jtp_equal(const cx__jtp *a, const cx__jtp *b);

#endif
