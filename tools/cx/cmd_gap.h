/*
 * Shared parts of cx gap: the parsed command line, the groups of results
 * (pooled, then one per segment) and the printers (cmd_gap_print.c) the
 * command (cmd_gap.c) calls.
 */
#ifndef CX_TOOL_CMD_GAP_H
#define CX_TOOL_CMD_GAP_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <cx/cx.h>

#include "args.h"
#include "cx_tool.h"
#include "progress.h"

typedef struct gap_args {
  const char *file;
  format fmt;
  const char *svg, *ipa_svg, *journey, *journey_out;
  const char *segment, *weight, *respondent;
  cx_gap_csv_layout layout;
  bool servqual, bh, drop_inversions, diagonal, ipa_gap;
  int32_t min, max;
  bool has_na_code, has_dk_code;
  int32_t na_code, dk_code;
  cx_gap_options opt;
  double min_share;
  char delimiter;
  progress_mode progress;
} gap_args;

/* The results of one group of respondents. */
typedef struct group {
  const char *segment; /* NULL: all respondents */
  const cx_gap_survey *survey;
  cx_gap_result *result;
} group;

/* Print the groups (and the journey link report, NULL when no journey
 * was given) in the format asked for; false when the output could not be
 * written. */
bool gap_print_csv(const group *g, size_t ng, const gap_args *a, FILE *f);
bool gap_print_json(const group *g, size_t ng, const gap_args *a,
                    const cx_journey_link_report *rep, FILE *f);
bool gap_print_text(const group *g, size_t ng, const gap_args *a,
                    const cx_journey_link_report *rep, FILE *f);

#endif
