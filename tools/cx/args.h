/*
 * Command-line parsing shared by the cx commands: the option loop, usage
 * errors, and the options several commands take with the same words
 * (--format, --layout, --delimiter, --progress, --confidence, --bootstrap,
 * --seed, --na-code, --dk-code).
 */
#ifndef CX_TOOL_ARGS_H
#define CX_TOOL_ARGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "progress.h"

/* Output formats of the analysis commands, in the order of their names. */
typedef enum format { FORMAT_TEXT, FORMAT_CSV, FORMAT_JSON } format;

/* Print "cx CMD: MESSAGE" and "Try 'cx CMD --help'." on standard error
 * and return EXIT_USAGE.  @p cmd is the command as typed ("kano",
 * "journey score"). */
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
int args_usage_error(const char *cmd, const char *fmt, ...);

/* One long option: --name, --name VALUE or --name=VALUE. */
typedef struct args_option {
  const char *name; /* without the dashes */
  bool value;       /* takes a value */
  int id;           /* handed to apply */
  int only;         /* variants it belongs to (bits); 0: every variant */
  char short_name;  /* '-x' form (value options only), or 0 */
} args_option;

/* An option of every variant, without a short form. */
#define ARGS_OPTION(name, value, id)                                          \
  { (name), (value), (id), 0, 0 }

/* How one command reads its arguments. */
typedef struct args_spec {
  const char *cmd; /* for messages */
  const args_option *options;
  size_t n_options;
  int variant; /* the bit of the running variant, matched against only */
  /* Apply option @p id with its value (NULL for a flag); -1 to go on, or
   * an exit code to stop with. */
  int (*apply)(void *ctx, int id, const char *value);
  /* Print the help on standard output (for -h). */
  void (*help)(void *ctx);
  /* A non-option argument: -1 to go on, or an exit code.  NULL: the
   * command takes one input file, stored in *file. */
  int (*operand)(void *ctx, const char *arg);
  const char **file;
} args_spec;

/* Read argv[1 ..]: options (also after the file), "--" ending them, "-h".
 * Returns -1 when the command should run, or an exit code (EXIT_DONE
 * after a help, EXIT_USAGE after a usage error).  With one input file, a
 * second one and none at all are usage errors. */
int args_parse(const args_spec *spec, int argc, char **argv, void *ctx);

/* ---- values -------------------------------------------------------------- */

/* A finite decimal number (strtod, the whole text). */
bool args_double(const char *s, double *out);
/* Digits only, as a 64-bit count. */
bool args_u64(const char *s, uint64_t *out);
/* A whole number of [-1000000, 1000000] filling [s, end). */
bool args_int(const char *s, const char *end, int32_t *out);

/* Each of these reads the value of one option into *out; returns -1, or
 * a usage error (EXIT_USAGE) worded as every command words it. */
int args_format(const char *cmd, const char *v, format *out);
/* --layout: auto, long or wide (0, 1, 2 of the readers' layout enums). */
int args_layout(const char *cmd, const char *v, int *out);
int args_delimiter(const char *cmd, const char *v, char *out);
int args_progress(const char *cmd, const char *v, progress_mode *out);
/* --NAME X with 0 < X < 1 ("between 0 and 1"). */
int args_level(const char *cmd, const char *name, const char *v,
               double *out);
/* --NAME X with 0 <= X <= 1 ("from 0 to 1"). */
int args_share(const char *cmd, const char *name, const char *v,
               double *out);
int args_bootstrap(const char *cmd, const char *v, unsigned *out);
int args_seed(const char *cmd, const char *v, uint64_t *out);
/* --na-code N or --dk-code N (@p name without dashes). */
int args_code(const char *cmd, const char *name, const char *v,
              int32_t *code, bool *given);
/* The N/A and don't-know codes, when both are given, must differ. */
int args_check_codes(const char *cmd, bool has_na, int32_t na, bool has_dk,
                     int32_t dk);

#endif
