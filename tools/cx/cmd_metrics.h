/*
 * Shared parts of cx nps, cx csat and cx ces: the parsed command line and
 * the printer (cmd_metrics_print.c) the command (cmd_metrics.c) calls.
 */
#ifndef CX_TOOL_CMD_METRICS_H
#define CX_TOOL_CMD_METRICS_H

#include <stdbool.h>
#include <stdint.h>

#include <cx/cx.h>

#include "args.h"
#include "cx_tool.h"
#include "progress.h"

typedef struct metric_args {
  cx_metric_kind kind;
  const char *cmd; /* "nps", "csat" or "ces" */
  const char *file;
  format fmt;
  int percent;
  double confidence;
  unsigned bootstrap;
  uint64_t seed;
  const char *compare_a, *compare_b; /* into compare_buf */
  char compare_buf[1024];
  cx_csat_method method;
  cx_ces_version ces;
  const char *column;
  cx_metric_csv_layout layout;
  const char *metric;
  const char *metric_column;
  const char *segment;
  const char *weight;
  const char *respondent;
  bool has_na_code, has_dk_code;
  int32_t na_code, dk_code;
  char delimiter;
  progress_mode progress;
  const char *svg; /* --svg FILE, or NULL */
} metric_args;

/* `cx nps ARGS`, `cx csat ARGS`, `cx ces ARGS`: argv[0] is the command. */
int cmd_nps(int argc, char **argv);
int cmd_csat(int argc, char **argv);
int cmd_ces(int argc, char **argv);

/* Compute and print every result of the loaded accumulator; returns the
 * exit code. */
int metrics_print(const cx_metric_survey *survey, const metric_args *a);

#endif
