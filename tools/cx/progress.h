/*
 * A one-line progress bar on standard error for long reads.
 */
#ifndef CX_TOOL_PROGRESS_H
#define CX_TOOL_PROGRESS_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include <cx/io.h>

/* Inputs smaller than this read fast enough to need no bar. */
#define PROGRESS_MIN_BYTES ((uint64_t)50 * 1000 * 1000)

typedef enum progress_mode {
  PROGRESS_AUTO = 0,   /* big file and standard error is a terminal */
  PROGRESS_ALWAYS = 1, /* whenever the size is known */
  PROGRESS_NEVER = 2
} progress_mode;

typedef struct progress_bar {
  bool enabled;
  bool drawn;
  const char *label;
  int last_permille;
  struct timespec start;
} progress_bar;

/* Decide whether to draw, from the mode and the input size (0: unknown). */
void progress_init(progress_bar *p, progress_mode mode, const char *label,
                   uint64_t size);
/* Size of the file at @p path ("-": standard input) when it is a regular
 * file, else 0. */
uint64_t progress_input_size(const char *path);
/* progress_init() for reading @p path; when the bar is drawn, point the
 * reader's progress hook (*fn, *ctx) at it. */
void progress_start(progress_bar *p, progress_mode mode, const char *path,
                    cx_progress_fn *fn, void **ctx);
/* A cx_progress_fn: ctx is the progress_bar. */
void progress_update(void *ctx, uint64_t done, uint64_t total);
/* Erase the bar. */
void progress_finish(progress_bar *p);

#endif
