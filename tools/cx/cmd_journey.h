/*
 * Shared parts of cx journey: the parsed command line, what validate and
 * score compute, and the printers (cmd_journey_print.c) the command
 * (cmd_journey.c) calls.
 */
#ifndef CX_TOOL_CMD_JOURNEY_H
#define CX_TOOL_CMD_JOURNEY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <cx/cx.h>

#include "args.h"
#include "cx_tool.h"

/* File formats of journeys. */
typedef enum jformat { JF_AUTO, JF_JSON, JF_MERMAID } jformat;

/* Subcommands, as bits so options can name the ones they belong to. */
enum {
  SUB_VALIDATE = 1,
  SUB_RENDER = 2,
  SUB_CONVERT = 4,
  SUB_SCORE = 8,
  SUB_DIFF = 16,
  SUB_ALL = 31
};

/* Breakdowns of `score --by`. */
enum { BY_STAGE = 1, BY_ACTOR = 2 };

/* Tables of `score --format csv`. */
typedef enum score_table { TABLE_SUMMARY, TABLE_TOUCHPOINTS } score_table;

typedef struct journey_args {
  int sub;
  const char *cmd;  /* "journey validate", ...: for messages */
  const char **files;
  size_t nfiles;
  const char *output;
  format fmt;
  jformat from, to;
  int lenient;
  int has_scale;
  double scale[3]; /* min, neutral, max */
  int reject_unknown;
  unsigned width;
  cx_theme theme;
  unsigned lanes;
  const char *title;
  int indent;
  int by;
  bool agg[CX_JOURNEY_AGG_COUNT];
  cx_journey_score_options score;
  score_table table;
  bool table_given; /* --table was given */
} journey_args;

/* The outcome of checking one file. */
typedef struct checked {
  const char *path;
  jformat format;
  cx_journey *journey;        /* NULL when it could not be loaded */
  char *error;                /* the loader's message, else NULL */
  cx_journey_problems *problems;
} checked;

/* One touchpoint's figures. */
typedef struct tp_row {
  const char *id, *name, *stage;
  double num[CX_TP_NUMBER_COUNT];
  double normalized;
  cx_journey_gap gap;
  size_t rank; /* 1-based rank among the pain points; 0: not ranked */
  double priority;
} tp_row;

/* Everything `score` prints, computed before printing so that the three
 * formats show the same figures. */
typedef struct score_data {
  const cx_journey *j;
  cx_journey_scores all;
  size_t n_stages, n_actors, n_tp;
  cx_journey_scores *stage, *actor;
  cx_journey_dropoff *drop;
  cx_journey_ending ending;
  cx_journey_ranking *ranking;
  tp_row *tp;
  size_t *by_rank; /* row of rank k + 1, or n_tp when none */
} score_data;

/* validate: one report of every file checked. */
void journey_validate_text(const checked *c, size_t n, FILE *f);
void journey_validate_csv(const checked *c, size_t n, FILE *f);
bool journey_validate_json(const checked *c, size_t n, FILE *f);

/* score: the figures of one journey. */
bool journey_score_text(const journey_args *a, const score_data *d, FILE *f);
void journey_score_csv_summary(const journey_args *a, const score_data *d,
                               FILE *f);
void journey_score_csv_touchpoints(const score_data *d, FILE *f);
bool journey_score_json(const journey_args *a, const score_data *d, FILE *f);

/* diff: the changes from old to new and of the aggregate scores. */
bool journey_diff_text(const journey_args *a, const cx_journey_diff *d,
                       FILE *f);
void journey_diff_csv(const journey_args *a, const cx_journey_diff *d,
                      FILE *f);
bool journey_diff_json(const journey_args *a, const cx_journey_diff *d,
                       const cx_journey *old, const cx_journey *new_,
                       FILE *f);

#endif
