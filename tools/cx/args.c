/*
 * Command-line parsing shared by the cx commands (see args.h).
 */
#include "args.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cx_tool.h"

int args_usage_error(const char *cmd, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fprintf(stderr, "cx %s: ", cmd);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fprintf(stderr, "\nTry 'cx %s --help'.\n", cmd);
  return EXIT_USAGE;
}

static bool belongs(const args_spec *s, const args_option *o) {
  return o->only == 0 || (o->only & s->variant) != 0;
}

/* The option named by "--NAME" or "--NAME=VALUE", or NULL. */
static const args_option *find_long(const args_spec *s, const char *name,
                                    size_t len) {
  for (size_t k = 0; k < s->n_options; k++) {
    const args_option *o = &s->options[k];
    if (strlen(o->name) == len && memcmp(o->name, name, len) == 0 &&
        belongs(s, o))
      return o;
  }
  return NULL;
}

static const args_option *find_short(const args_spec *s, const char *arg) {
  if (arg[0] != '-' || arg[1] == '\0' || arg[1] == '-' || arg[2] != '\0')
    return NULL;
  for (size_t k = 0; k < s->n_options; k++) {
    const args_option *o = &s->options[k];
    if (o->short_name && o->short_name == arg[1] && belongs(s, o))
      return o;
  }
  return NULL;
}

int args_parse(const args_spec *s, int argc, char **argv, void *ctx) {
  bool only_files = false;
  for (int i = 1; i < argc; i++) {
    const char *arg = argv[i];
    if (!only_files && strcmp(arg, "--") == 0) {
      only_files = true;
      continue;
    }
    if (!only_files && strcmp(arg, "-h") == 0) {
      s->help(ctx);
      return EXIT_DONE;
    }
    const args_option *o = only_files ? NULL : find_short(s, arg);
    const char *value = NULL;
    if (o) {
      if (i + 1 >= argc)
        return args_usage_error(s->cmd, "option '%s' needs a value", arg);
      value = argv[++i];
    } else if (!only_files && arg[0] == '-' && arg[1] == '-') {
      const char *name = arg + 2, *eq = strchr(name, '=');
      size_t len = eq ? (size_t)(eq - name) : strlen(name);
      if (!(o = find_long(s, name, len)))
        return args_usage_error(s->cmd, "unknown option '%s'", arg);
      value = eq ? eq + 1 : NULL;
      if (o->value && !value) {
        if (i + 1 >= argc)
          return args_usage_error(s->cmd, "option '%s' needs a value", arg);
        value = argv[++i];
      } else if (!o->value && value) {
        return args_usage_error(s->cmd, "option '%s' takes no value", arg);
      }
    } else if (!only_files && arg[0] == '-' && arg[1] != '\0') {
      return args_usage_error(s->cmd, "unknown option '%s'", arg);
    }
    int rc;
    if (o)
      rc = s->apply(ctx, o->id, value);
    else if (s->operand)
      rc = s->operand(ctx, arg);
    else if (*s->file)
      rc = args_usage_error(s->cmd, "only one input file, got another: '%s'",
                            arg);
    else
      rc = (*s->file = arg, -1);
    if (rc >= 0)
      return rc;
  }
  if (!s->operand && !*s->file)
    return args_usage_error(s->cmd, "%s",
                            "no input file (use '-' for standard input)");
  return -1;
}

/* ---- values -------------------------------------------------------------- */

bool args_double(const char *s, double *out) {
  char *e;
  errno = 0;
  double v = strtod(s, &e);
  if (e == s || *e || errno || !isfinite(v))
    return false;
  *out = v;
  return true;
}

bool args_u64(const char *s, uint64_t *out) {
  if (!*s || strspn(s, "0123456789") != strlen(s))
    return false;
  errno = 0;
  unsigned long long v = strtoull(s, NULL, 10);
  if (errno)
    return false;
  *out = (uint64_t)v;
  return true;
}

bool args_int(const char *s, const char *end, int32_t *out) {
  char *e;
  errno = 0;
  long v = strtol(s, &e, 10);
  if (e == s || e != end || errno || v < -1000000 || v > 1000000)
    return false;
  *out = (int32_t)v;
  return true;
}

static int pick(const char *v, const char *const *names, int n) {
  for (int i = 0; i < n; i++)
    if (strcmp(v, names[i]) == 0)
      return i;
  return -1;
}

int args_format(const char *cmd, const char *v, format *out) {
  static const char *const names[] = {"text", "csv", "json"};
  int k = pick(v, names, 3);
  if (k < 0)
    return args_usage_error(cmd, "unknown format '%s' (text, csv or json)",
                            v);
  *out = (format)k;
  return -1;
}

int args_layout(const char *cmd, const char *v, int *out) {
  static const char *const names[] = {"auto", "long", "wide"};
  int k = pick(v, names, 3);
  if (k < 0)
    return args_usage_error(cmd, "unknown layout '%s' (auto, long or wide)",
                            v);
  *out = k;
  return -1;
}

int args_delimiter(const char *cmd, const char *v, char *out) {
  if (strcmp(v, "\\t") == 0 || strcmp(v, "tab") == 0)
    v = "\t";
  if (strlen(v) != 1 || *v == '"' || *v == '\n' || *v == '\r')
    return args_usage_error(cmd, "--delimiter needs one character (not a "
                                 "quote or line end), not '%s'",
                            v);
  *out = *v;
  return -1;
}

int args_progress(const char *cmd, const char *v, progress_mode *out) {
  static const char *const names[] = {"auto", "always", "never"};
  int k = pick(v, names, 3);
  if (k < 0)
    return args_usage_error(
        cmd, "--progress takes auto, always or never, not '%s'", v);
  *out = k == 0 ? PROGRESS_AUTO : k == 1 ? PROGRESS_ALWAYS : PROGRESS_NEVER;
  return -1;
}

int args_level(const char *cmd, const char *name, const char *v,
               double *out) {
  double x;
  if (!args_double(v, &x) || x <= 0 || x >= 1)
    return args_usage_error(cmd, "--%s needs a number between 0 and 1, not "
                                 "'%s'",
                            name, v);
  *out = x;
  return -1;
}

int args_share(const char *cmd, const char *name, const char *v,
               double *out) {
  double x;
  if (!args_double(v, &x) || x < 0 || x > 1)
    return args_usage_error(cmd, "--%s needs a number from 0 to 1, not '%s'",
                            name, v);
  *out = x;
  return -1;
}

int args_bootstrap(const char *cmd, const char *v, unsigned *out) {
  uint64_t u;
  if (!args_u64(v, &u) || u > 1000000)
    return args_usage_error(cmd, "--bootstrap needs a count from 0 to "
                                 "1000000, not '%s'",
                            v);
  *out = (unsigned)u;
  return -1;
}

int args_seed(const char *cmd, const char *v, uint64_t *out) {
  if (!args_u64(v, out))
    return args_usage_error(cmd, "--seed needs a whole number >= 0, not '%s'",
                            v);
  return -1;
}

int args_code(const char *cmd, const char *name, const char *v,
              int32_t *code, bool *given) {
  if (!args_int(v, v + strlen(v), code))
    return args_usage_error(cmd, "--%s needs a whole number, not '%s'", name,
                            v);
  *given = true;
  return -1;
}

int args_check_codes(const char *cmd, bool has_na, int32_t na, bool has_dk,
                     int32_t dk) {
  if (has_na && has_dk && na == dk)
    return args_usage_error(cmd, "%s", "--na-code and --dk-code must differ");
  return -1;
}
