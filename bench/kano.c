/*
 * bench_kano: speed of cx_kano_survey_add_batch() over plain C arrays.
 *
 * The driver (bench/kano.py) writes three little-endian columns of one
 * length: feature indices (uint32), functional and dysfunctional answer
 * codes (uint8, 0 = missing).  This program loads them, counts them into a
 * fresh survey several times and keeps the fastest run, so the figure is
 * the cost of counting and not of page faults or a cold cache.  It then
 * computes the results once more and prints every per-feature count, so
 * the driver can check that libcx and the NumPy baseline agree before it
 * compares their speed: a fast wrong answer is no answer.
 *
 * Output is one `key=value` per line (the driver parses it), followed by
 * one `feature ...` line per feature.
 *
 * `bench_kano --measure PROGRAM ARGS...` runs another program and reports
 * its wall time and peak resident memory.  The driver cannot measure that
 * itself: Linux carries the peak RSS of the process that forks over into
 * the child's ru_maxrss at exec, so every child of a driver holding
 * hundreds of MB of test data would seem to use as much.  Forked from this
 * small process, the figure is the child's own (within about 1 MiB).
 *
 * Usage: bench_kano [--runs N] [--features N] FEATURE FUNCTIONAL DYSFUNCTIONAL
 *        bench_kano --measure PROGRAM [ARGS...]
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cx/cx.h>

static double now_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void die(const char *what, const char *detail) {
  fprintf(stderr, "bench_kano: %s%s%s\n", what, detail ? ": " : "",
          detail ? detail : "");
  exit(1);
}

static void die_cx(const char *what) {
  die(what, cx_error_last());
}

/* Read a whole file; its size must be a multiple of @p elem. */
static void *read_column(const char *path, size_t elem, size_t *count) {
  FILE *f = fopen(path, "rb");
  if (!f)
    die(path, strerror(errno));
  if (fseek(f, 0, SEEK_END) != 0)
    die(path, strerror(errno));
  long end = ftell(f);
  if (end < 0 || fseek(f, 0, SEEK_SET) != 0)
    die(path, strerror(errno));
  size_t bytes = (size_t)end;
  if (bytes % elem != 0)
    die(path, "size is not a whole number of elements");
  void *data = malloc(bytes ? bytes : 1);
  if (!data)
    die(path, "out of memory");
  if (fread(data, 1, bytes, f) != bytes)
    die(path, ferror(f) ? strerror(errno) : "file shrank while reading");
  fclose(f);
  *count = bytes / elem;
  return data;
}

static unsigned long parse_count(const char *text, const char *option) {
  char *end;
  errno = 0;
  unsigned long v = strtoul(text, &end, 10);
  if (errno || end == text || *end || v == 0)
    die(option, "expects a positive whole number");
  return v;
}

static cx_kano_survey *new_survey(size_t n_features) {
  cx_kano_survey *s;
  if (cx_kano_survey_new(&s))
    die_cx("cx_kano_survey_new");
  for (size_t i = 0; i < n_features; i++) {
    char name[32];
    snprintf(name, sizeof name, "f%zu", i);
    if (cx_kano_survey_add_feature(s, name, NULL))
      die_cx("cx_kano_survey_add_feature");
  }
  return s;
}

/* Run argv[0] with its arguments; report on stderr after it ends. */
static int measure(char **args) {
  fflush(NULL);
  double t0 = now_seconds();
  pid_t pid = fork();
  if (pid < 0)
    die("fork", strerror(errno));
  if (pid == 0) {
    execvp(args[0], args);
    fprintf(stderr, "bench_kano: %s: %s\n", args[0], strerror(errno));
    _exit(127);
  }
  int status;
  while (waitpid(pid, &status, 0) < 0)
    if (errno != EINTR)
      die("waitpid", strerror(errno));
  double wall = now_seconds() - t0;
  /* Only one child was ever waited for, so the children's figure is its. */
  struct rusage ru;
  getrusage(RUSAGE_CHILDREN, &ru);
  int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  fprintf(stderr, "bench_kano-measure: wall_seconds=%.9f peak_rss_kib=%ld "
          "exit=%d\n", wall, ru.ru_maxrss, code);
  return code;
}

static void usage(void) {
  fputs("Usage: bench_kano [--runs N] [--features N] FEATURE FUNCTIONAL "
        "DYSFUNCTIONAL\n"
        "  FEATURE        feature index per row, uint32 little-endian\n"
        "  FUNCTIONAL     functional answer code 0-5 per row, uint8\n"
        "  DYSFUNCTIONAL  dysfunctional answer code 0-5 per row, uint8\n"
        "  --runs N       timed runs, the fastest is reported (5)\n"
        "  --features N   number of features (largest index + 1)\n"
        "  --measure      run PROGRAM, then print its wall time and peak RSS\n"
        "                 on stderr\n",
        stderr);
  exit(2);
}

int main(int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], "--measure") == 0) {
    if (argc < 3)
      usage();
    return measure(argv + 2);
  }
  unsigned long runs = 5, features_opt = 0;
  const char *paths[3];
  int npaths = 0;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--runs") == 0 && i + 1 < argc)
      runs = parse_count(argv[++i], "--runs");
    else if (strcmp(argv[i], "--features") == 0 && i + 1 < argc)
      features_opt = parse_count(argv[++i], "--features");
    else if (argv[i][0] == '-' && argv[i][1] != '\0')
      usage();
    else if (npaths < 3)
      paths[npaths++] = argv[i];
    else
      usage();
  }
  if (npaths != 3)
    usage();

  size_t n, n_fu, n_dy;
  uint32_t *feature = read_column(paths[0], sizeof(uint32_t), &n);
  uint8_t *functional = read_column(paths[1], 1, &n_fu);
  uint8_t *dysfunctional = read_column(paths[2], 1, &n_dy);
  if (n_fu != n || n_dy != n)
    die("the three columns differ in length", NULL);

  size_t n_features = features_opt;
  if (n_features == 0) {
    uint32_t top = 0;
    for (size_t i = 0; i < n; i++)
      if (feature[i] > top)
        top = feature[i];
    n_features = n ? (size_t)top + 1 : 1;
  }

  cx_array fcol = CX_ARRAY(feature, CX_DTYPE_U32);
  cx_array fucol = CX_ARRAY(functional, CX_DTYPE_U8);
  cx_array dycol = CX_ARRAY(dysfunctional, CX_DTYPE_U8);

  /* A fresh survey per run: counting into a warm one would measure the
   * same loop, but a fresh one keeps every run identical to the first. */
  double best_add = 0.0, best_compute = 0.0;
  cx_kano_survey *survey = NULL;
  for (unsigned long r = 0; r < runs; r++) {
    cx_kano_survey_free(survey);
    survey = new_survey(n_features);
    double t0 = now_seconds();
    if (cx_kano_survey_add_batch(survey, n, &fcol, &fucol, &dycol, NULL, NULL,
                                 NULL))
      die_cx("cx_kano_survey_add_batch");
    double t1 = now_seconds();
    cx_kano_result *result;
    if (cx_kano_result_compute(&result, survey, NULL))
      die_cx("cx_kano_result_compute");
    double t2 = now_seconds();
    cx_kano_result_free(result);
    if (r == 0 || t1 - t0 < best_add)
      best_add = t1 - t0;
    if (r == 0 || t2 - t1 < best_compute)
      best_compute = t2 - t1;
  }

  cx_kano_result *result;
  if (cx_kano_result_compute(&result, survey, NULL))
    die_cx("cx_kano_result_compute");

  /* Every row is either a complete pair or a missing one: anything else
   * means rows were lost or counted twice. */
  uint64_t total = 0;
  for (size_t f = 0; f < n_features; f++) {
    const cx_kano_feature_result *fr;
    if (cx_kano_result_get(result, f, CX_KANO_ALL, &fr))
      die_cx("cx_kano_result_get");
    total += fr->n_raw + fr->n_missing;
  }
  if (total != (uint64_t)n) {
    fprintf(stderr, "bench_kano: counted %llu rows of %zu\n",
            (unsigned long long)total, n);
    return 1;
  }

  size_t input_bytes = n * (sizeof *feature + 2);
  printf("rows=%zu\n", n);
  printf("features=%zu\n", n_features);
  printf("runs=%lu\n", runs);
  printf("input_bytes=%zu\n", input_bytes);
  printf("add_batch_seconds=%.9f\n", best_add);
  printf("rows_per_second=%.1f\n", best_add > 0 ? (double)n / best_add : 0.0);
  printf("bytes_per_second=%.1f\n",
         best_add > 0 ? (double)input_bytes / best_add : 0.0);
  printf("result_compute_seconds=%.9f\n", best_compute);
  printf("counted_rows=%llu\n", (unsigned long long)total);
  for (size_t f = 0; f < n_features; f++) {
    const cx_kano_feature_result *fr;
    if (cx_kano_result_get(result, f, CX_KANO_ALL, &fr))
      die_cx("cx_kano_result_get");
    printf("feature %zu", f);
    for (int c = 0; c < CX_KANO_NCATEGORIES; c++)
      printf(" %s=%.0f", cx_kano_category_letter((cx_kano_category)c),
             fr->count[c]);
    printf(" missing=%llu better=%.17g worse=%.17g\n",
           (unsigned long long)fr->n_missing, fr->better, fr->worse);
  }

  cx_kano_result_free(result);
  cx_kano_survey_free(survey);
  free(feature);
  free(functional);
  free(dysfunctional);
  return 0;
}
