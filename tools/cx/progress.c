/*
 * Progress bar (see progress.h).  It redraws only when the shown
 * per-mille changes, so a fast read pays nothing for it, and it writes to
 * standard error so piped output stays clean.
 */
#include "progress.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { BAR = 30 };

void progress_init(progress_bar *p, progress_mode mode, const char *label,
                   uint64_t size) {
  p->drawn = false;
  p->label = label;
  p->last_permille = -1;
  clock_gettime(CLOCK_MONOTONIC, &p->start);
  switch (mode) {
  case PROGRESS_ALWAYS: p->enabled = size > 0; break;
  case PROGRESS_NEVER: p->enabled = false; break;
  default:
    p->enabled = size >= PROGRESS_MIN_BYTES && isatty(STDERR_FILENO);
  }
}

uint64_t progress_input_size(const char *path) {
  struct stat st;
  int rc = strcmp(path, "-") == 0 ? fstat(0, &st) : stat(path, &st);
  return rc == 0 && S_ISREG(st.st_mode) ? (uint64_t)st.st_size : 0;
}

void progress_start(progress_bar *p, progress_mode mode, const char *path,
                    cx_progress_fn *fn, void **ctx) {
  progress_init(p, mode, path, progress_input_size(path));
  if (p->enabled) {
    *fn = progress_update;
    *ctx = p;
  }
}

void progress_update(void *ctx, uint64_t done, uint64_t total) {
  progress_bar *p = ctx;
  if (!p->enabled || total == 0)
    return;
  int permille = (int)(done >= total ? 1000 : done * 1000 / total);
  if (permille == p->last_permille)
    return;
  p->last_permille = permille;
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  double secs = (double)(now.tv_sec - p->start.tv_sec) +
                (double)(now.tv_nsec - p->start.tv_nsec) * 1e-9;
  double rate = secs > 0 ? (double)done / secs / 1e6 : 0.0;
  char bar[BAR + 1];
  int fill = permille * BAR / 1000;
  for (int i = 0; i < BAR; i++)
    bar[i] = i < fill ? '#' : '.';
  bar[BAR] = '\0';
  fprintf(stderr, "\rcx: reading %s %5.1f%% [%s] %.0f MB/s ", p->label,
          permille / 10.0, bar, rate);
  fflush(stderr);
  p->drawn = true;
}

void progress_finish(progress_bar *p) {
  if (p->drawn) {
    /* Clear the line so later messages start at column one. */
    fputs("\r\033[K", stderr);
    fflush(stderr);
  }
  p->drawn = false;
}
