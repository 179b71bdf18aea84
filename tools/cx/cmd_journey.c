/*
 * cx journey: validate, render, convert, score and diff journey maps read
 * from JSON (docs/journey-format.md) or Mermaid `journey` diagrams.  The
 * figures all come from the library (include/cx/journey.h); this file
 * reads options, loads files and prints.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cx/cx.h>
#include <jansson.h>

#include "cx_tool.h"
#include "output.h"

typedef enum format { FORMAT_TEXT, FORMAT_CSV, FORMAT_JSON } format;

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
  const char *name; /* "validate", ... */
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
} journey_args;

static const struct {
  const char *name;
  int bit;
  const char *summary;
} subcommands[] = {
    {"validate", SUB_VALIDATE, "list every problem of one or more journeys"},
    {"render", SUB_RENDER, "draw a journey map as SVG"},
    {"convert", SUB_CONVERT, "convert between JSON and Mermaid"},
    {"score", SUB_SCORE, "aggregate scores, gaps, pain points, drop-off"},
    {"diff", SUB_DIFF, "compare two journeys (as-is and to-be, periods)"},
};
enum { N_SUBCOMMANDS = sizeof subcommands / sizeof subcommands[0] };

/* ---- help --------------------------------------------------------------- */

static void overview(FILE *f) {
  fputs("Usage: cx journey COMMAND [OPTIONS] FILE...\n"
        "\n"
        "Customer-journey maps in JSON (.json) or Mermaid (.mmd, .mermaid)\n"
        "files; '-' reads standard input (give --from).\n"
        "\n"
        "Commands:\n",
        f);
  for (size_t i = 0; i < N_SUBCOMMANDS; i++)
    fprintf(f, "  %-9s %s\n", subcommands[i].name, subcommands[i].summary);
  fputs("\nRun 'cx journey COMMAND --help' for the options of a command.\n"
        "Exit status: 0 success, 1 bad input (or problems found by\n"
        "validate), 2 usage error.\n",
        f);
}

static const char input_help[] =
    "\nInput:\n"
    "  --from FORMAT         json or mermaid (default: by the file's\n"
    "                        extension; needed for '-')\n"
    "  --lenient             Mermaid: accept any number as a score, as\n"
    "                        Mermaid does, widening the scale to hold it\n"
    "  --scale MIN,NEUTRAL,MAX\n"
    "                        Mermaid: the scale of the scores (default\n"
    "                        1,3,5)\n"
    "  --reject-unknown      JSON: refuse members the format does not know\n"
    "                        (default: keep them)\n"
    "  -h, --help            show this help and exit\n";

static void help(FILE *f, int sub) {
  switch (sub) {
  case SUB_VALIDATE:
    fputs("Usage: cx journey validate FILE... [OPTIONS]\n"
          "\n"
          "Check each journey and list every problem at once: duplicate or\n"
          "empty ids, undeclared actors, scores and levels outside the\n"
          "scale, negative or infinite numbers, inverted zones of tolerance,\n"
          "empty names.  Each problem names its code, the element and id it\n"
          "concerns, and the field.\n"
          "\nOutput:\n"
          "  --format FORMAT       text (default), csv or json\n",
          f);
    break;
  case SUB_RENDER:
    fputs("Usage: cx journey render FILE [-o OUT.svg] [OPTIONS]\n"
          "\n"
          "Draw the journey map as a standalone SVG picture: stages,\n"
          "touchpoint cards, the emotion curve, expectation versus\n"
          "experience, pain points and moments of truth, actors.\n"
          "\nOutput:\n"
          "  -o, --output FILE     the SVG file (default '-': standard\n"
          "                        output)\n"
          "  --width N             width in pixels: 0 (default) fits the\n"
          "                        touchpoints, else 400-20000\n"
          "  --theme THEME         light (default), dark or print\n"
          "  --lanes LIST          comma-separated lanes to draw:\n"
          "                        touchpoints, emotion, gaps, pain-points\n"
          "                        (default all)\n"
          "  --title TEXT          title (default: the journey's)\n",
          f);
    break;
  case SUB_CONVERT:
    fputs("Usage: cx journey convert IN -o OUT [OPTIONS]\n"
          "\n"
          "Convert a journey between JSON and Mermaid.  Mermaid holds only\n"
          "titles, stages, touchpoint names, scores and actors: what it\n"
          "cannot hold is left out, and a note on standard error says what.\n"
          "\nOutput:\n"
          "  -o, --output FILE     the converted file ('-': standard output)\n"
          "  --to FORMAT           json or mermaid (default: by the extension\n"
          "                        of -o; needed for '-')\n"
          "  --indent N            JSON: spaces per level, 0-16 (default 2;\n"
          "                        0 writes one line)\n",
          f);
    break;
  case SUB_SCORE:
    fputs("Usage: cx journey score FILE [OPTIONS]\n"
          "\n"
          "Aggregate scores of the journey over its touchpoint scores\n"
          "normalised to [-1, 1] (mean, duration-weighted mean, peak,\n"
          "trough, most intense, beginning, end, peak-end, slope,\n"
          "variability, multiplicative success), the same per stage and per\n"
          "actor, the gap and zone of tolerance of every touchpoint, pain\n"
          "points ranked by -gap x importance x reach, drop-off between\n"
          "stages and the end-on-a-positive-note check.\n"
          "\nOutput:\n"
          "  --format FORMAT       text (default), csv or json\n"
          "  --by LIST             breakdowns: stage, actor or stage,actor\n"
          "                        (default stage,actor)\n"
          "  --aggregate LIST      comma-separated aggregates to show\n"
          "                        (default all)\n"
          "  --table TABLE         csv: summary (default: journey, stages and\n"
          "                        actors) or touchpoints\n"
          "\nAnalysis:\n"
          "  --peak-end-weight W   weight of the most intense moment in\n"
          "                        peak-end, 0-1 (default 0.5)\n"
          "  --named-actors-only   per actor, count only touchpoints that\n"
          "                        name the actor (default: touchpoints that\n"
          "                        name no actor count for every actor)\n",
          f);
    break;
  case SUB_DIFF:
    fputs("Usage: cx journey diff OLD NEW [OPTIONS]\n"
          "\n"
          "Compare two journeys, matching elements by id: what was added,\n"
          "removed, moved and changed (field by field, old and new value),\n"
          "and the change of every aggregate score.\n"
          "\nOutput:\n"
          "  --format FORMAT       text (default), csv or json\n"
          "  --aggregate LIST      comma-separated aggregates to show\n"
          "                        (default all)\n"
          "\nAnalysis:\n"
          "  --peak-end-weight W   weight of the most intense moment in\n"
          "                        peak-end, 0-1 (default 0.5)\n",
          f);
    break;
  }
  fputs(input_help, f);
  fputs("\nExit status: 0 success, 1 bad input", f);
  fputs(sub == SUB_VALIDATE ? " or problems found" : "", f);
  fputs(", 2 usage error.\n", f);
}

/* ---- arguments ---------------------------------------------------------- */

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static int usage_error(const journey_args *a, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fprintf(stderr, "cx journey%s%s: ", a->name ? " " : "",
          a->name ? a->name : "");
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fprintf(stderr, "\nTry 'cx journey%s%s --help'.\n", a->name ? " " : "",
          a->name ? a->name : "");
  return EXIT_USAGE;
}

static bool parse_double(const char *s, double *out) {
  char *e;
  errno = 0;
  double v = strtod(s, &e);
  if (e == s || *e || errno || !isfinite(v))
    return false;
  *out = v;
  return true;
}

static bool parse_uint(const char *s, unsigned long max, unsigned long *out) {
  if (!*s || strspn(s, "0123456789") != strlen(s) || strlen(s) > 9)
    return false;
  unsigned long v = strtoul(s, NULL, 10);
  if (v > max)
    return false;
  *out = v;
  return true;
}

static jformat format_by_name(const char *s) {
  if (strcmp(s, "json") == 0)
    return JF_JSON;
  if (strcmp(s, "mermaid") == 0 || strcmp(s, "mmd") == 0)
    return JF_MERMAID;
  return JF_AUTO;
}

static jformat format_by_extension(const char *path) {
  const char *dot = strrchr(path, '.');
  const char *slash = strrchr(path, '/');
  if (!dot || (slash && dot < slash))
    return JF_AUTO;
  if (strcasecmp(dot, ".json") == 0)
    return JF_JSON;
  if (strcasecmp(dot, ".mmd") == 0 || strcasecmp(dot, ".mermaid") == 0)
    return JF_MERMAID;
  return JF_AUTO;
}

static const char *jformat_name(jformat f) {
  return f == JF_JSON ? "json" : f == JF_MERMAID ? "mermaid" : "auto";
}

/* The format a file is read in; JF_AUTO when it cannot be told. */
static jformat input_format(const journey_args *a, const char *path) {
  return a->from != JF_AUTO ? a->from : format_by_extension(path);
}

/* Call fn on each item of a comma-separated list; returns the first
 * nonzero result of fn, or -2 for an empty or overlong item. */
static int each_item(const char *list, int (*fn)(void *, const char *),
                     void *ctx) {
  char item[64];
  const char *p = list;
  for (;;) {
    size_t n = strcspn(p, ",");
    if (n == 0 || n >= sizeof item)
      return -2; /* empty or absurdly long item */
    memcpy(item, p, n);
    item[n] = '\0';
    int rc = fn(ctx, item);
    if (rc)
      return rc;
    if (!p[n])
      return 0;
    p += n + 1;
  }
}

static int lane_item(void *ctx, const char *s) {
  unsigned *lanes = ctx;
  if (strcmp(s, "touchpoints") == 0)
    *lanes |= CX_LANE_TOUCHPOINTS;
  else if (strcmp(s, "emotion") == 0)
    *lanes |= CX_LANE_EMOTION;
  else if (strcmp(s, "gaps") == 0)
    *lanes |= CX_LANE_GAPS;
  else if (strcmp(s, "pain-points") == 0 || strcmp(s, "pain_points") == 0)
    *lanes |= CX_LANE_PAIN_POINTS;
  else if (strcmp(s, "all") == 0)
    *lanes |= CX_LANE_ALL;
  else
    return -1;
  return 0;
}

static int by_item(void *ctx, const char *s) {
  int *by = ctx;
  if (strcmp(s, "stage") == 0)
    *by |= BY_STAGE;
  else if (strcmp(s, "actor") == 0)
    *by |= BY_ACTOR;
  else
    return -1;
  return 0;
}

static int agg_item(void *ctx, const char *s) {
  bool *agg = ctx;
  cx_journey_aggregate g;
  if (strcmp(s, "all") == 0) {
    for (int k = 0; k < CX_JOURNEY_AGG_COUNT; k++)
      agg[k] = true;
    return 0;
  }
  if (cx_journey_aggregate_parse(s, &g) != CX_OK)
    return -1;
  agg[g] = true;
  return 0;
}

enum opt_id {
  O_FORMAT, O_OUTPUT, O_FROM, O_TO, O_LENIENT, O_SCALE, O_REJECT_UNKNOWN,
  O_WIDTH, O_THEME, O_LANES, O_TITLE, O_INDENT, O_BY, O_AGGREGATE,
  O_PEAK_END_WEIGHT, O_NAMED_ACTORS_ONLY, O_TABLE, O_HELP
};

static const struct {
  const char *name;
  bool arg;
  int subs;
  enum opt_id id;
} options[] = {
    {"format", true, SUB_VALIDATE | SUB_SCORE | SUB_DIFF, O_FORMAT},
    {"output", true, SUB_RENDER | SUB_CONVERT, O_OUTPUT},
    {"from", true, SUB_ALL, O_FROM},
    {"to", true, SUB_CONVERT, O_TO},
    {"lenient", false, SUB_ALL, O_LENIENT},
    {"scale", true, SUB_ALL, O_SCALE},
    {"reject-unknown", false, SUB_ALL, O_REJECT_UNKNOWN},
    {"width", true, SUB_RENDER, O_WIDTH},
    {"theme", true, SUB_RENDER, O_THEME},
    {"lanes", true, SUB_RENDER, O_LANES},
    {"title", true, SUB_RENDER, O_TITLE},
    {"indent", true, SUB_CONVERT, O_INDENT},
    {"by", true, SUB_SCORE, O_BY},
    {"aggregate", true, SUB_SCORE | SUB_DIFF, O_AGGREGATE},
    {"peak-end-weight", true, SUB_SCORE | SUB_DIFF, O_PEAK_END_WEIGHT},
    {"named-actors-only", false, SUB_SCORE, O_NAMED_ACTORS_ONLY},
    {"table", true, SUB_SCORE, O_TABLE},
    {"help", false, SUB_ALL, O_HELP},
};

/* Returns -1 to go on, or an exit code. */
static int apply(journey_args *a, enum opt_id id, const char *v) {
  unsigned long u;
  switch (id) {
  case O_FORMAT:
    if (strcmp(v, "text") == 0)
      a->fmt = FORMAT_TEXT;
    else if (strcmp(v, "csv") == 0)
      a->fmt = FORMAT_CSV;
    else if (strcmp(v, "json") == 0)
      a->fmt = FORMAT_JSON;
    else
      return usage_error(a, "unknown format '%s' (text, csv or json)", v);
    break;
  case O_OUTPUT: a->output = v; break;
  case O_FROM:
  case O_TO: {
    jformat f = format_by_name(v);
    if (f == JF_AUTO)
      return usage_error(a, "unknown journey format '%s' (json or mermaid)",
                         v);
    if (id == O_FROM)
      a->from = f;
    else
      a->to = f;
    break;
  }
  case O_LENIENT: a->lenient = 1; break;
  case O_SCALE: {
    char buf[128];
    double *s = a->scale;
    char *c1, *c2;
    if (strlen(v) >= sizeof buf)
      return usage_error(a, "%s", "--scale is too long");
    memcpy(buf, v, strlen(v) + 1);
    c1 = strchr(buf, ',');
    c2 = c1 ? strchr(c1 + 1, ',') : NULL;
    if (!c1 || !c2 || strchr(c2 + 1, ','))
      return usage_error(a, "--scale needs MIN,NEUTRAL,MAX, not '%s'", v);
    *c1 = *c2 = '\0';
    if (!parse_double(buf, &s[0]) || !parse_double(c1 + 1, &s[1]) ||
        !parse_double(c2 + 1, &s[2]) || !(s[0] <= s[1] && s[1] < s[2]))
      return usage_error(a, "--scale needs numbers MIN <= NEUTRAL < MAX, "
                            "not '%s'", v);
    a->has_scale = 1;
    break;
  }
  case O_REJECT_UNKNOWN: a->reject_unknown = 1; break;
  case O_WIDTH:
    if (!parse_uint(v, 20000, &u) || (u != 0 && u < 400))
      return usage_error(a, "--width needs 0 or a number of pixels from 400 "
                            "to 20000, not '%s'", v);
    a->width = (unsigned)u;
    break;
  case O_THEME:
    if (strcmp(v, "light") == 0)
      a->theme = CX_THEME_LIGHT;
    else if (strcmp(v, "dark") == 0)
      a->theme = CX_THEME_DARK;
    else if (strcmp(v, "print") == 0)
      a->theme = CX_THEME_PRINT;
    else
      return usage_error(a, "unknown theme '%s' (light, dark or print)", v);
    break;
  case O_LANES:
    a->lanes = 0;
    if (each_item(v, lane_item, &a->lanes) != 0)
      return usage_error(a, "--lanes takes touchpoints, emotion, gaps, "
                            "pain-points or all, comma-separated, not '%s'",
                         v);
    break;
  case O_TITLE: a->title = v; break;
  case O_INDENT:
    if (!parse_uint(v, 16, &u))
      return usage_error(a, "--indent needs a number from 0 to 16, not '%s'",
                         v);
    a->indent = (int)u;
    break;
  case O_BY:
    a->by = 0;
    if (each_item(v, by_item, &a->by) != 0)
      return usage_error(a, "--by takes stage, actor or stage,actor, not "
                            "'%s'", v);
    break;
  case O_AGGREGATE:
    memset(a->agg, 0, sizeof a->agg);
    if (each_item(v, agg_item, a->agg) != 0)
      return usage_error(a, "--aggregate takes a comma-separated list of "
                            "mean, weighted_mean, peak, trough, "
                            "most_intense, beginning, end, peak_end, slope, "
                            "variability, success or all, not '%s'", v);
    break;
  case O_PEAK_END_WEIGHT:
    if (!parse_double(v, &a->score.peak_end_weight) ||
        a->score.peak_end_weight < 0 || a->score.peak_end_weight > 1)
      return usage_error(a, "--peak-end-weight needs a number from 0 to 1, "
                            "not '%s'", v);
    break;
  case O_NAMED_ACTORS_ONLY: a->score.unassigned_for_all = 0; break;
  case O_TABLE:
    if (strcmp(v, "summary") == 0)
      a->table = TABLE_SUMMARY;
    else if (strcmp(v, "touchpoints") == 0)
      a->table = TABLE_TOUCHPOINTS;
    else
      return usage_error(a, "unknown table '%s' (summary or touchpoints)", v);
    break;
  case O_HELP:
    help(stdout, a->sub);
    return EXIT_DONE;
  }
  return -1;
}

/* Checks that need every option and file; returns -1 or an exit code. */
static int check_args(journey_args *a, bool table_given) {
  size_t want = a->sub == SUB_DIFF ? 2 : 1;
  if (a->nfiles < want)
    return usage_error(a, "%s", a->sub == SUB_DIFF
                                    ? "needs two files, OLD and NEW"
                                    : "no input file (use '-' for standard "
                                      "input)");
  if (a->sub != SUB_VALIDATE && a->nfiles > want)
    return usage_error(a, "too many files: '%s'", a->files[want]);
  size_t stdin_uses = 0;
  for (size_t i = 0; i < a->nfiles; i++) {
    stdin_uses += strcmp(a->files[i], "-") == 0;
    if (input_format(a, a->files[i]) == JF_AUTO)
      return usage_error(a, "cannot tell the format of '%s': name it .json, "
                            ".mmd or .mermaid, or give --from json|mermaid",
                         a->files[i]);
  }
  if (stdin_uses > 1)
    return usage_error(a, "%s", "standard input ('-') can be read only once");
  if (a->sub == SUB_CONVERT) {
    if (!a->output)
      return usage_error(a, "%s", "needs -o OUT ('-' for standard output)");
    if (a->to == JF_AUTO)
      a->to = format_by_extension(a->output);
    if (a->to == JF_AUTO)
      return usage_error(a, "cannot tell the format to write to '%s': name "
                            "it .json, .mmd or .mermaid, or give --to "
                            "json|mermaid", a->output);
  }
  if (a->sub == SUB_RENDER && !a->output)
    a->output = "-";
  if (a->sub == SUB_RENDER && a->lanes == 0)
    return usage_error(a, "%s", "--lanes needs at least one lane");
  if (table_given && a->fmt != FORMAT_CSV)
    return usage_error(a, "%s", "--table is for --format csv");
  bool any = false;
  for (int k = 0; k < CX_JOURNEY_AGG_COUNT; k++)
    any |= a->agg[k];
  if (!any)
    return usage_error(a, "%s", "--aggregate needs at least one aggregate");
  return -1;
}

static int parse_args(journey_args *a, int argc, char **argv) {
  bool only_files = false, table_given = false;
  for (int i = 1; i < argc; i++) {
    const char *arg = argv[i];
    if (!only_files && strcmp(arg, "--") == 0) {
      only_files = true;
      continue;
    }
    if (!only_files && strcmp(arg, "-h") == 0) {
      help(stdout, a->sub);
      return EXIT_DONE;
    }
    if (!only_files && strcmp(arg, "-o") == 0 &&
        (a->sub & (SUB_RENDER | SUB_CONVERT))) {
      if (i + 1 >= argc)
        return usage_error(a, "%s", "option '-o' needs a value");
      a->output = argv[++i];
      continue;
    }
    if (!only_files && arg[0] == '-' && arg[1] == '-') {
      const char *name = arg + 2;
      const char *eq = strchr(name, '=');
      size_t len = eq ? (size_t)(eq - name) : strlen(name);
      size_t k = 0, n = sizeof options / sizeof options[0];
      while (k < n && !(strlen(options[k].name) == len &&
                        memcmp(options[k].name, name, len) == 0 &&
                        (options[k].subs & a->sub)))
        k++;
      if (k == n)
        return usage_error(a, "unknown option '%s'", arg);
      const char *value = eq ? eq + 1 : NULL;
      if (options[k].arg && !value) {
        if (i + 1 >= argc)
          return usage_error(a, "option '%s' needs a value", arg);
        value = argv[++i];
      } else if (!options[k].arg && value) {
        return usage_error(a, "option '%s' takes no value", arg);
      }
      table_given |= options[k].id == O_TABLE;
      int rc = apply(a, options[k].id, value);
      if (rc >= 0)
        return rc;
      continue;
    }
    if (!only_files && arg[0] == '-' && arg[1] != '\0')
      return usage_error(a, "unknown option '%s'", arg);
    a->files[a->nfiles++] = arg;
  }
  return check_args(a, table_given);
}

/* ---- loading and writing ------------------------------------------------ */

static int fail(void) {
  fprintf(stderr, "cx: %s\n", cx_error_last());
  return EXIT_BAD_INPUT;
}

static cx_status load(const journey_args *a, const char *path,
                      cx_journey **out) {
  if (input_format(a, path) == JF_JSON) {
    cx_journey_json_options o = CX_JOURNEY_JSON_OPTIONS_INIT;
    if (a->reject_unknown)
      o.unknown = CX_UNKNOWN_REJECT;
    return cx_journey_read_json(out, path, &o);
  }
  cx_mermaid_options o = CX_MERMAID_OPTIONS_INIT;
  o.lenient = a->lenient;
  if (a->has_scale) {
    o.scale_min = a->scale[0];
    o.scale_neutral = a->scale[1];
    o.scale_max = a->scale[2];
  }
  return cx_journey_read_mermaid(out, path, &o);
}

/* Write the bytes to a file, or to standard output for "-". */
static int write_output(const char *path, const char *data, size_t len) {
  bool to_stdout = strcmp(path, "-") == 0;
  FILE *f = to_stdout ? stdout : fopen(path, "wb");
  bool ok = f && fwrite(data, 1, len, f) == len;
  int err = errno;
  if (f && (to_stdout ? fflush(f) : fclose(f)) != 0) {
    ok = false;
    err = errno;
  }
  if (!ok) {
    fprintf(stderr, "cx: %s: cannot write: %s\n",
            to_stdout ? "standard output" : path, strerror(err));
    return EXIT_BAD_INPUT;
  }
  return EXIT_DONE;
}

/* Finish printing to standard output; returns the exit code. */
static int finish_stdout(bool ok) {
  if (fflush(stdout) != 0 || ferror(stdout) || !ok) {
    fprintf(stderr, "cx: cannot write the output\n");
    return EXIT_BAD_INPUT;
  }
  return EXIT_DONE;
}

/* A file name for a text report ("standard input" for "-"), with control
 * characters shown as '?'; malloc'ed, NULL when out of memory. */
static char *shown_path(const char *path) {
  return out_text_cell(strcmp(path, "-") == 0 ? "standard input" : path);
}

/* A warning on standard error when a journey that is about to be scored,
 * drawn or compared has problems: the figures are still computed, but the
 * reader should know. */
static void warn_problems(const journey_args *a, const cx_journey *j,
                          const char *path) {
  cx_journey_problems *p = NULL;
  if (cx_journey_validate(j, &p) != CX_OK)
    return;
  size_t n = cx_journey_problems_count(p);
  if (n > 0)
    fprintf(stderr, "cx journey %s: warning: %s has %zu problem%s (see 'cx "
                    "journey validate'); first: %s\n",
            a->name, path, n, n == 1 ? "" : "s",
            cx_journey_problems_message(p, 0));
  cx_journey_problems_free(p);
}

/* ---- validate ----------------------------------------------------------- */

/* The outcome of checking one file. */
typedef struct checked {
  const char *path;
  jformat format;
  cx_journey *journey;        /* NULL when it could not be loaded */
  char *error;                /* the loader's message, else NULL */
  cx_journey_problems *problems;
} checked;

static char *copy_text(const char *s) {
  size_t n = strlen(s);
  char *c = malloc(n + 1);
  if (c)
    memcpy(c, s, n + 1);
  return c;
}

static void validate_text(const checked *c, size_t n, FILE *f) {
  for (size_t i = 0; i < n; i++) {
    char *path = shown_path(c[i].path);
    if (!c[i].journey) {
      char *err = out_text_cell(c[i].error ? c[i].error : "");
      fprintf(f, "%s: cannot be loaded: %s\n", path ? path : "?",
              err ? err : "?");
      free(err);
      free(path);
      continue;
    }
    const cx_journey *j = c[i].journey;
    size_t np = cx_journey_problems_count(c[i].problems);
    if (np == 0) {
      size_t ns = cx_journey_n_stages(j), nt = cx_journey_n_touchpoints(j),
             na = cx_journey_n_actors(j);
      fprintf(f, "%s: valid (%zu stage%s, %zu touchpoint%s, %zu actor%s)\n",
              path ? path : "?", ns, ns == 1 ? "" : "s", nt,
              nt == 1 ? "" : "s", na, na == 1 ? "" : "s");
      free(path);
      continue;
    }
    fprintf(f, "%s: %zu problem%s\n\n", path ? path : "?", np,
            np == 1 ? "" : "s");
    free(path);
    out_table t;
    out_table_init(&t, 5);
    static const char *const head[] = {"code", "element", "id", "field",
                                       "message"};
    for (size_t k = 0; k < 5; k++)
      out_table_add(&t, head[k]);
    for (size_t k = 0; k < np; k++) {
      const cx_journey_problems *p = c[i].problems;
      out_table_add(&t, cx_journey_problem_code_name(
                            cx_journey_problems_code(p, k)));
      out_table_add(&t, cx_journey_element_name(
                            cx_journey_problems_element(p, k)));
      out_table_add_owned(&t, out_text_cell(cx_journey_problems_id(p, k)));
      out_table_add_owned(&t, out_text_cell(cx_journey_problems_field(p, k)));
      out_table_add_owned(&t,
                          out_text_cell(cx_journey_problems_message(p, k)));
    }
    out_table_print(&t, f);
    out_table_free(&t);
    if (i + 1 < n)
      fputc('\n', f);
  }
}

static void validate_csv(const checked *c, size_t n, FILE *f) {
  fputs("file,code,element,id,field,message\n", f);
  for (size_t i = 0; i < n; i++) {
    const cx_journey_problems *p = c[i].problems;
    if (!c[i].journey) {
      out_csv_text(f, c[i].path);
      fputs(",load-error,,,,", f);
      out_csv_text(f, c[i].error);
      fputc('\n', f);
      continue;
    }
    for (size_t k = 0; k < cx_journey_problems_count(p); k++) {
      out_csv_text(f, c[i].path);
      fputc(',', f);
      out_csv_text(f, cx_journey_problem_code_name(
                          cx_journey_problems_code(p, k)));
      fputc(',', f);
      out_csv_text(f, cx_journey_element_name(
                          cx_journey_problems_element(p, k)));
      fputc(',', f);
      out_csv_text(f, cx_journey_problems_id(p, k));
      fputc(',', f);
      out_csv_text(f, cx_journey_problems_field(p, k));
      fputc(',', f);
      out_csv_text(f, cx_journey_problems_message(p, k));
      fputc('\n', f);
    }
  }
}

static bool validate_json(const checked *c, size_t n, FILE *f) {
  json_t *root = json_object(), *files = json_array();
  bool all_valid = true;
  json_object_set_new(root, "cx_version",
                      json_string(cx_version(NULL, NULL, NULL)));
  for (size_t i = 0; i < n; i++) {
    const cx_journey *j = c[i].journey;
    const cx_journey_problems *p = c[i].problems;
    size_t np = cx_journey_problems_count(p);
    json_t *o = json_object(), *list = json_array();
    json_object_set_new(o, "input", json_string(c[i].path));
    json_object_set_new(o, "format", json_string(jformat_name(c[i].format)));
    json_object_set_new(o, "loaded", json_boolean(j != NULL));
    json_object_set_new(o, "error", out_json_text(c[i].error));
    json_object_set_new(o, "valid", json_boolean(j && np == 0));
    json_object_set_new(o, "stages",
                        json_integer((json_int_t)cx_journey_n_stages(j)));
    json_object_set_new(o, "touchpoints",
                        json_integer((json_int_t)cx_journey_n_touchpoints(j)));
    json_object_set_new(o, "actors",
                        json_integer((json_int_t)cx_journey_n_actors(j)));
    for (size_t k = 0; k < np; k++) {
      cx_journey_problem_code code = cx_journey_problems_code(p, k);
      cx_journey_element el = cx_journey_problems_element(p, k);
      json_array_append_new(
          list, json_pack("{s:s, s:s, s:s, s:s, s:s}", "code",
                          cx_journey_problem_code_name(code), "element",
                          cx_journey_element_name(el), "id",
                          cx_journey_problems_id(p, k), "field",
                          cx_journey_problems_field(p, k), "message",
                          cx_journey_problems_message(p, k)));
    }
    json_object_set_new(o, "problems", list);
    json_array_append_new(files, o);
    all_valid &= j && np == 0;
  }
  json_object_set_new(root, "valid", json_boolean(all_valid));
  json_object_set_new(root, "files", files);
  bool ok = out_json_print(root, f);
  json_decref(root);
  return ok;
}

static int run_validate(const journey_args *a) {
  checked *c = calloc(a->nfiles, sizeof *c);
  if (!c) {
    fputs("cx: out of memory\n", stderr);
    return EXIT_BAD_INPUT;
  }
  int rc = EXIT_DONE;
  for (size_t i = 0; i < a->nfiles; i++) {
    c[i].path = a->files[i];
    c[i].format = input_format(a, a->files[i]);
    if (load(a, a->files[i], &c[i].journey) != CX_OK) {
      c[i].journey = NULL;
      c[i].error = copy_text(cx_error_last());
      rc = EXIT_BAD_INPUT;
      if (a->fmt != FORMAT_TEXT) /* text prints it with the others */
        fprintf(stderr, "cx: %s\n", cx_error_last());
    } else if (cx_journey_validate(c[i].journey, &c[i].problems) != CX_OK) {
      rc = fail();
      goto out;
    } else if (cx_journey_problems_count(c[i].problems) > 0) {
      rc = EXIT_BAD_INPUT;
    }
  }
  bool ok = true;
  if (a->fmt == FORMAT_JSON)
    ok = validate_json(c, a->nfiles, stdout);
  else if (a->fmt == FORMAT_CSV)
    validate_csv(c, a->nfiles, stdout);
  else
    validate_text(c, a->nfiles, stdout);
  if (finish_stdout(ok) != EXIT_DONE)
    rc = EXIT_BAD_INPUT;
out:
  for (size_t i = 0; i < a->nfiles; i++) {
    cx_journey_free(c[i].journey);
    cx_journey_problems_free(c[i].problems);
    free(c[i].error);
  }
  free(c);
  return rc;
}

/* ---- render ------------------------------------------------------------- */

static int run_render(const journey_args *a) {
  cx_journey *j = NULL;
  if (load(a, a->files[0], &j) != CX_OK)
    return fail();
  warn_problems(a, j, a->files[0]);
  cx_journey_svg_options o = CX_JOURNEY_SVG_OPTIONS_INIT;
  o.width = a->width;
  o.theme = a->theme;
  o.lanes = a->lanes;
  o.title = a->title;
  char *svg = NULL;
  size_t len = 0;
  int rc = cx_journey_render_svg(j, &o, &svg, &len) == CX_OK
               ? write_output(a->output, svg, len)
               : fail();
  cx_free(svg);
  cx_journey_free(j);
  return rc;
}

/* ---- convert ------------------------------------------------------------ */

/* What a Mermaid diagram cannot hold, counted over the journey. */
typedef struct losses {
  size_t number[CX_TP_NUMBER_COUNT];
  size_t list[CX_TP_LIST_COUNT];
  size_t description, department, channel, owner, layer, moment, metrics;
  size_t stage_description;
  bool scale;
} losses;

static void count_losses(const cx_journey *j, losses *l) {
  memset(l, 0, sizeof *l);
  double mn, ne, mx;
  cx_journey_get_scale(j, &mn, &ne, &mx);
  l->scale = !(mn == 1 && ne == 3 && mx == 5);
  for (size_t s = 0; s < cx_journey_n_stages(j); s++) {
    const char *text;
    if (cx_journey_stage_get_text(j, cx_journey_stage_id(j, s),
                                  CX_STAGE_DESCRIPTION, &text) == CX_OK &&
        *text)
      l->stage_description++;
  }
  for (size_t i = 0; i < cx_journey_n_touchpoints(j); i++) {
    const char *id = cx_journey_touchpoint_id(j, i), *text;
    double v;
    cx_channel ch;
    cx_owner ow;
    cx_layer la;
    int flag;
    size_t n;
    for (int k = 1; k < CX_TP_NUMBER_COUNT; k++) /* the score is kept */
      if (cx_journey_touchpoint_get_number(j, id, (cx_tp_number)k, &v) ==
              CX_OK &&
          !isnan(v))
        l->number[k]++;
    for (int k = 1; k < CX_TP_LIST_COUNT; k++) /* actors are kept */
      if (cx_journey_touchpoint_list_count(j, id, (cx_tp_list)k, &n) ==
              CX_OK &&
          n > 0)
        l->list[k]++;
    if (cx_journey_touchpoint_get_text(j, id, CX_TP_DESCRIPTION, &text) ==
            CX_OK &&
        *text)
      l->description++;
    if (cx_journey_touchpoint_get_text(j, id, CX_TP_DEPARTMENT, &text) ==
            CX_OK &&
        *text)
      l->department++;
    if (cx_journey_touchpoint_get_channel(j, id, &ch, NULL) == CX_OK &&
        ch != CX_CHANNEL_NONE)
      l->channel++;
    if (cx_journey_touchpoint_get_owner(j, id, &ow) == CX_OK &&
        ow != CX_OWNER_NONE)
      l->owner++;
    if (cx_journey_touchpoint_get_layer(j, id, &la) == CX_OK &&
        la != CX_LAYER_NONE)
      l->layer++;
    if (cx_journey_touchpoint_get_moment_of_truth(j, id, &flag) == CX_OK &&
        flag)
      l->moment++;
    if (cx_journey_touchpoint_metric_count(j, id, &n) == CX_OK && n > 0)
      l->metrics++;
  }
}

/* One line on standard error naming what the Mermaid output leaves out. */
static void note_losses(const cx_journey *j) {
  losses l;
  count_losses(j, &l);
  char line[1024] = "";
  size_t used = 0;
#define LOSS(count, what)                                                     \
  do {                                                                        \
    if ((count) > 0 && used < sizeof line)                                    \
      used += (size_t)snprintf(line + used, sizeof line - used, "%s%s (%zu)", \
                               used ? ", " : "", (what), (size_t)(count));    \
  } while (0)
  LOSS(l.stage_description, "stage descriptions");
  LOSS(l.description, "descriptions");
  LOSS(l.channel, "channel");
  LOSS(l.owner, "owner");
  LOSS(l.department, "department");
  LOSS(l.layer, "layer");
  for (int k = 1; k < CX_TP_NUMBER_COUNT; k++)
    LOSS(l.number[k], cx_tp_number_name((cx_tp_number)k));
  for (int k = 1; k < CX_TP_LIST_COUNT; k++)
    LOSS(l.list[k], cx_tp_list_name((cx_tp_list)k));
  LOSS(l.moment, "moment_of_truth");
  LOSS(l.metrics, "metrics");
#undef LOSS
  if (l.scale) {
    double mn, ne, mx;
    char x[OUT_NUM_MAX], y[OUT_NUM_MAX], z[OUT_NUM_MAX];
    cx_journey_get_scale(j, &mn, &ne, &mx);
    if (used < sizeof line)
      used += (size_t)snprintf(line + used, sizeof line - used,
                               "%sthe scale %s,%s,%s (read it back with "
                               "--scale)",
                               used ? "; " : "", out_num_exact(x, mn),
                               out_num_exact(y, ne), out_num_exact(z, mx));
  }
  if (used)
    fprintf(stderr, "cx journey convert: note: Mermaid cannot hold these, "
                    "left out (touchpoints or stages with them): %s\n",
            line);
}

static int run_convert(const journey_args *a) {
  cx_journey *j = NULL;
  if (load(a, a->files[0], &j) != CX_OK)
    return fail();
  char *text = NULL;
  size_t len = 0;
  cx_status st = a->to == JF_JSON
                     ? cx_journey_to_json(j, a->indent, &text, &len)
                     : cx_journey_to_mermaid(j, &text, &len);
  int rc = st == CX_OK ? write_output(a->output, text, len) : fail();
  if (rc == EXIT_DONE && a->to == JF_MERMAID)
    note_losses(j);
  cx_free(text);
  cx_journey_free(j);
  return rc;
}

/* ---- score -------------------------------------------------------------- */

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
} score_data;

static void score_data_free(score_data *d) {
  free(d->stage);
  free(d->actor);
  free(d->drop);
  free(d->tp);
  cx_journey_ranking_free(d->ranking);
}

static bool compute_scores(const journey_args *a, const cx_journey *j,
                           score_data *d) {
  memset(d, 0, sizeof *d);
  d->j = j;
  d->n_stages = cx_journey_n_stages(j);
  d->n_actors = cx_journey_n_actors(j);
  d->n_tp = cx_journey_n_touchpoints(j);
  d->stage = calloc(d->n_stages + 1, sizeof *d->stage);
  d->drop = calloc(d->n_stages + 1, sizeof *d->drop);
  d->actor = calloc(d->n_actors + 1, sizeof *d->actor);
  d->tp = calloc(d->n_tp + 1, sizeof *d->tp);
  if (!d->stage || !d->drop || !d->actor || !d->tp) {
    fputs("cx: out of memory\n", stderr);
    return false;
  }
  if (cx_journey_score(j, &a->score, &d->all) != CX_OK ||
      cx_journey_check_ending(j, &d->ending) != CX_OK ||
      cx_journey_rank_pain_points(j, &d->ranking) != CX_OK)
    return fail(), false;
  for (size_t s = 0; s < d->n_stages; s++) {
    const char *id = cx_journey_stage_id(j, s);
    if (cx_journey_score_stage(j, id, &a->score, &d->stage[s]) != CX_OK ||
        cx_journey_stage_dropoff(j, id, &d->drop[s]) != CX_OK)
      return fail(), false;
  }
  for (size_t k = 0; k < d->n_actors; k++)
    if (cx_journey_score_actor(j, cx_journey_actor_id(j, k), &a->score,
                               &d->actor[k]) != CX_OK)
      return fail(), false;
  size_t i = 0;
  for (size_t s = 0; s < d->n_stages; s++) {
    for (size_t p = 0; p < cx_journey_stage_size(j, s); p++, i++) {
      tp_row *r = &d->tp[i];
      r->id = cx_journey_touchpoint_at(j, s, p);
      r->stage = cx_journey_stage_id(j, s);
      if (cx_journey_touchpoint_get_text(j, r->id, CX_TP_NAME, &r->name) !=
              CX_OK ||
          cx_journey_touchpoint_gap(j, r->id, &r->gap) != CX_OK)
        return fail(), false;
      for (int k = 0; k < CX_TP_NUMBER_COUNT; k++)
        cx_journey_touchpoint_get_number(j, r->id, (cx_tp_number)k,
                                         &r->num[k]);
      r->normalized = cx_journey_normalize(j, r->num[CX_TP_SCORE]);
      r->priority = NAN;
    }
  }
  /* Ranks back onto the rows: the first unranked row with the id (ids are
   * unique in a valid journey). */
  for (size_t k = 0; k < cx_journey_ranking_count(d->ranking); k++) {
    const char *id = cx_journey_ranking_id(d->ranking, k);
    for (size_t t = 0; t < d->n_tp; t++)
      if (d->tp[t].rank == 0 && strcmp(d->tp[t].id, id) == 0) {
        d->tp[t].rank = k + 1;
        d->tp[t].priority = cx_journey_ranking_priority(d->ranking, k);
        break;
      }
  }
  return true;
}

static const tp_row *ranked_row(const score_data *d, size_t rank) {
  for (size_t t = 0; t < d->n_tp; t++)
    if (d->tp[t].rank == rank)
      return &d->tp[t];
  return NULL;
}

static const char *stage_name(const cx_journey *j, const char *id) {
  const char *name = "";
  cx_journey_stage_get_text(j, id, CX_STAGE_NAME, &name);
  return name;
}

static const char *actor_name(const cx_journey *j, const char *id) {
  const char *name = "";
  cx_journey_actor_get_name(j, id, &name);
  return name;
}

static const char *final_stage_id(const score_data *d) {
  return d->ending.final_stage < d->n_stages
             ? cx_journey_stage_id(d->j, d->ending.final_stage)
             : NULL;
}

/* -- text -- */

static void add_fixed(out_table *t, double v) {
  char buf[OUT_NUM_MAX];
  out_table_add(t, out_num_fixed(buf, v, 3, "-"));
}

static void add_exact(out_table *t, double v) {
  char buf[OUT_NUM_MAX];
  out_table_add(t, isnan(v) ? "-" : out_num_exact(buf, v));
}

static void add_count(out_table *t, uint64_t v) {
  char buf[OUT_NUM_MAX];
  snprintf(buf, sizeof buf, "%llu", (unsigned long long)v);
  out_table_add(t, buf);
}

/* Aggregates as rows, one column per scope (journey, then stages or
 * actors), so the table stays narrow. */
static bool print_aggregates(const journey_args *a, const score_data *d,
                             bool actors, FILE *f) {
  size_t n = actors ? d->n_actors : d->n_stages;
  const cx_journey_scores *sc = actors ? d->actor : d->stage;
  out_table t;
  out_table_init(&t, n + 2);
  for (size_t c = 1; c < n + 2; c++)
    out_table_align_right(&t, c, true);
  out_table_add(&t, "aggregate");
  out_table_add(&t, "journey");
  for (size_t k = 0; k < n; k++)
    out_table_add_owned(&t, out_text_cell(actors
                                              ? cx_journey_actor_id(d->j, k)
                                              : cx_journey_stage_id(d->j, k)));
  out_table_add(&t, "n");
  add_count(&t, d->all.n);
  for (size_t k = 0; k < n; k++)
    add_count(&t, sc[k].n);
  out_table_add(&t, "n_weighted");
  add_count(&t, d->all.n_weighted);
  for (size_t k = 0; k < n; k++)
    add_count(&t, sc[k].n_weighted);
  for (int g = 0; g < CX_JOURNEY_AGG_COUNT; g++) {
    if (!a->agg[g])
      continue;
    out_table_add(&t, cx_journey_aggregate_name((cx_journey_aggregate)g));
    add_fixed(&t, cx_journey_scores_get(&d->all, (cx_journey_aggregate)g));
    for (size_t k = 0; k < n; k++)
      add_fixed(&t, cx_journey_scores_get(&sc[k], (cx_journey_aggregate)g));
  }
  bool ok = out_table_print(&t, f);
  out_table_free(&t);
  return ok;
}

static bool print_stages(const score_data *d, FILE *f) {
  out_table t;
  out_table_init(&t, 7);
  for (size_t c = 2; c < 7; c++)
    out_table_align_right(&t, c, true);
  static const char *const head[] = {"stage", "name", "touchpoints", "reach",
                                     "previous", "drop", "drop share"};
  for (size_t c = 0; c < 7; c++)
    out_table_add(&t, head[c]);
  for (size_t s = 0; s < d->n_stages; s++) {
    const char *id = cx_journey_stage_id(d->j, s);
    out_table_add_owned(&t, out_text_cell(id));
    out_table_add_owned(&t, out_text_cell(stage_name(d->j, id)));
    add_count(&t, cx_journey_stage_size(d->j, s));
    add_exact(&t, d->drop[s].reach);
    add_exact(&t, d->drop[s].previous);
    add_exact(&t, d->drop[s].drop);
    add_fixed(&t, d->drop[s].drop_share);
  }
  bool ok = out_table_print(&t, f);
  out_table_free(&t);
  return ok;
}

static bool print_touchpoints(const score_data *d, FILE *f) {
  static const char *const head[] = {
      "stage", "touchpoint", "score", "x",      "E",        "P",
      "gap",   "A",          "D",     "zone",   "importance", "reach",
      "priority", "rank"};
  enum { NC = sizeof head / sizeof head[0] };
  out_table t;
  out_table_init(&t, NC);
  for (size_t c = 2; c < NC; c++)
    out_table_align_right(&t, c, c != 9);
  for (size_t c = 0; c < NC; c++)
    out_table_add(&t, head[c]);
  for (size_t i = 0; i < d->n_tp; i++) {
    const tp_row *r = &d->tp[i];
    out_table_add_owned(&t, out_text_cell(r->stage));
    out_table_add_owned(&t, out_text_cell(r->id));
    add_exact(&t, r->num[CX_TP_SCORE]);
    add_fixed(&t, r->normalized);
    add_exact(&t, r->num[CX_TP_EXPECTATION]);
    add_exact(&t, r->num[CX_TP_EXPERIENCE]);
    add_exact(&t, r->gap.gap);
    add_exact(&t, r->num[CX_TP_ADEQUATE]);
    add_exact(&t, r->num[CX_TP_DESIRED]);
    out_table_add(&t, r->gap.zone == CX_JOURNEY_ZONE_UNKNOWN
                          ? "-"
                          : cx_journey_zone_name(r->gap.zone));
    add_exact(&t, r->num[CX_TP_IMPORTANCE]);
    add_exact(&t, r->num[CX_TP_REACH]);
    add_exact(&t, r->priority);
    if (r->rank)
      add_count(&t, r->rank);
    else
      out_table_add(&t, "-");
  }
  bool ok = out_table_print(&t, f);
  out_table_free(&t);
  return ok;
}

static bool print_pain_points(const score_data *d, FILE *f) {
  size_t n = cx_journey_ranking_count(d->ranking);
  if (n == 0) {
    fputs("No touchpoint falls short of expectation (or none has both "
          "levels).\n",
          f);
    return true;
  }
  static const char *const head[] = {"rank", "touchpoint", "name", "gap",
                                     "importance", "reach", "priority"};
  out_table t;
  out_table_init(&t, 7);
  out_table_align_right(&t, 0, true);
  for (size_t c = 3; c < 7; c++)
    out_table_align_right(&t, c, true);
  for (size_t c = 0; c < 7; c++)
    out_table_add(&t, head[c]);
  for (size_t k = 0; k < n; k++) {
    const tp_row *r = ranked_row(d, k + 1);
    add_count(&t, k + 1);
    out_table_add_owned(&t,
                        out_text_cell(cx_journey_ranking_id(d->ranking, k)));
    out_table_add_owned(&t, out_text_cell(r ? r->name : ""));
    add_exact(&t, cx_journey_ranking_gap(d->ranking, k));
    add_exact(&t, r ? r->num[CX_TP_IMPORTANCE] : NAN);
    add_exact(&t, r ? r->num[CX_TP_REACH] : NAN);
    add_exact(&t, cx_journey_ranking_priority(d->ranking, k));
  }
  bool ok = out_table_print(&t, f);
  out_table_free(&t);
  return ok;
}

static void print_ending(const score_data *d, FILE *f) {
  char x[OUT_NUM_MAX], y[OUT_NUM_MAX], z[OUT_NUM_MAX];
  const char *id = final_stage_id(d);
  if (!id) {
    fputs("Ending: no stage has a scored touchpoint.\n", f);
    return;
  }
  char *shown = out_text_cell(id);
  out_num_fixed(x, d->ending.final_mean, 3, "-");
  out_num_fixed(y, d->ending.journey_mean, 3, "-");
  out_num_fixed(z, d->ending.shortfall, 3, "-");
  if (d->ending.flagged)
    fprintf(f, "Ending: FLAGGED: the final stage '%s' scores %s, below the "
               "journey mean %s by %s.\n",
            shown ? shown : "?", x, y, z);
  else
    fprintf(f, "Ending: positive: the final stage '%s' scores %s, not below "
               "the journey mean %s.\n",
            shown ? shown : "?", x, y);
  free(shown);
}

static bool score_text(const journey_args *a, const score_data *d, FILE *f) {
  const cx_journey *j = d->j;
  const char *title = "";
  double mn, ne, mx;
  char x[OUT_NUM_MAX], y[OUT_NUM_MAX], z[OUT_NUM_MAX];
  cx_journey_get_text(j, CX_JOURNEY_TITLE, &title);
  cx_journey_get_scale(j, &mn, &ne, &mx);
  bool has_id = *cx_journey_id(j) != '\0';
  char *t = out_text_cell(*title ? title : "(untitled)");
  char *id = out_text_cell(cx_journey_id(j)), *path = shown_path(a->files[0]);
  fprintf(f, "Journey: %s%s%s%s (%s)\n", t ? t : "?", has_id ? " [" : "",
          has_id && id ? id : "", has_id ? "]" : "", path ? path : "?");
  free(t);
  free(id);
  free(path);
  fprintf(f, "Scale %s..%s, neutral %s; %zu stage%s, %zu touchpoint%s (%llu "
             "scored), %zu actor%s\n",
          out_num_exact(x, mn), out_num_exact(z, mx), out_num_exact(y, ne),
          d->n_stages, d->n_stages == 1 ? "" : "s", d->n_tp,
          d->n_tp == 1 ? "" : "s", (unsigned long long)d->all.n, d->n_actors,
          d->n_actors == 1 ? "" : "s");
  fprintf(f, "Scores normalised to [-1, 1] around the neutral point; "
             "peak-end weight %g%s.\n",
          a->score.peak_end_weight,
          a->score.unassigned_for_all
              ? ""
              : "; per actor only touchpoints that name the actor");
  bool ok = true;
  if (a->by & BY_STAGE) {
    fputs("\nAggregate scores, journey and stages\n\n", f);
    ok &= print_aggregates(a, d, false, f);
  }
  if (a->by & BY_ACTOR) {
    fputs("\nAggregate scores, journey and actors\n\n", f);
    if (d->n_actors)
      ok &= print_aggregates(a, d, true, f);
    else
      fputs("The journey declares no actors.\n", f);
  }
  fputs("\nStages: reach and drop-off\n\n", f);
  ok &= print_stages(d, f);
  fputs("\nTouchpoints: x normalised score, E expectation, P experience, "
        "gap P - E,\nA adequate, D desired, zone of tolerance\n\n",
        f);
  ok &= print_touchpoints(d, f);
  fputs("\nPain points, by priority = -gap x importance x reach (missing "
        "importance\nor reach counts as 1)\n\n",
        f);
  ok &= print_pain_points(d, f);
  fputc('\n', f);
  print_ending(d, f);
  fputs("'-': undefined or not given.\n", f);
  return ok;
}

/* -- csv -- */

static void csv_sep(FILE *f) { fputc(',', f); }

static void csv_scores(const journey_args *a, const cx_journey_scores *s,
                       FILE *f) {
  fprintf(f, "%llu,%llu", (unsigned long long)s->n,
          (unsigned long long)s->n_weighted);
  for (int g = 0; g < CX_JOURNEY_AGG_COUNT; g++)
    if (a->agg[g]) {
      csv_sep(f);
      out_csv_number(f, cx_journey_scores_get(s, (cx_journey_aggregate)g));
    }
}

static void score_csv_summary(const journey_args *a, const score_data *d,
                              FILE *f) {
  fputs("level,id,name,n,n_weighted", f);
  for (int g = 0; g < CX_JOURNEY_AGG_COUNT; g++)
    if (a->agg[g])
      fprintf(f, ",%s", cx_journey_aggregate_name((cx_journey_aggregate)g));
  fputs(",reach,previous_reach,drop,drop_share,ending_flagged,"
        "ending_final_stage,ending_shortfall\n",
        f);
  const char *title = "";
  cx_journey_get_text(d->j, CX_JOURNEY_TITLE, &title);
  fputs("journey,", f);
  out_csv_text(f, cx_journey_id(d->j));
  csv_sep(f);
  out_csv_text(f, title);
  csv_sep(f);
  csv_scores(a, &d->all, f);
  fprintf(f, ",,,,,%d,", d->ending.flagged);
  out_csv_text(f, final_stage_id(d));
  csv_sep(f);
  out_csv_number(f, d->ending.shortfall);
  fputc('\n', f);
  if (a->by & BY_STAGE)
    for (size_t s = 0; s < d->n_stages; s++) {
      const char *id = cx_journey_stage_id(d->j, s);
      fputs("stage,", f);
      out_csv_text(f, id);
      csv_sep(f);
      out_csv_text(f, stage_name(d->j, id));
      csv_sep(f);
      csv_scores(a, &d->stage[s], f);
      const double v[] = {d->drop[s].reach, d->drop[s].previous,
                          d->drop[s].drop, d->drop[s].drop_share};
      for (size_t k = 0; k < 4; k++) {
        csv_sep(f);
        out_csv_number(f, v[k]);
      }
      fputs(",,,\n", f);
    }
  if (a->by & BY_ACTOR)
    for (size_t k = 0; k < d->n_actors; k++) {
      const char *id = cx_journey_actor_id(d->j, k);
      fputs("actor,", f);
      out_csv_text(f, id);
      csv_sep(f);
      out_csv_text(f, actor_name(d->j, id));
      csv_sep(f);
      csv_scores(a, &d->actor[k], f);
      fputs(",,,,,,,\n", f);
    }
}

static void score_csv_touchpoints(const score_data *d, FILE *f) {
  fputs("stage,id,name,score,normalized,expectation,experience,adequate,"
        "desired,importance,duration,reach,gap,adequacy,superiority,zone,"
        "priority,rank\n",
        f);
  static const cx_tp_number nums[] = {
      CX_TP_EXPECTATION, CX_TP_EXPERIENCE, CX_TP_ADEQUATE, CX_TP_DESIRED,
      CX_TP_IMPORTANCE,  CX_TP_DURATION,   CX_TP_REACH};
  for (size_t i = 0; i < d->n_tp; i++) {
    const tp_row *r = &d->tp[i];
    out_csv_text(f, r->stage);
    csv_sep(f);
    out_csv_text(f, r->id);
    csv_sep(f);
    out_csv_text(f, r->name);
    csv_sep(f);
    out_csv_number(f, r->num[CX_TP_SCORE]);
    csv_sep(f);
    out_csv_number(f, r->normalized);
    for (size_t k = 0; k < sizeof nums / sizeof nums[0]; k++) {
      csv_sep(f);
      out_csv_number(f, r->num[nums[k]]);
    }
    const double g[] = {r->gap.gap, r->gap.adequacy, r->gap.superiority};
    for (size_t k = 0; k < 3; k++) {
      csv_sep(f);
      out_csv_number(f, g[k]);
    }
    csv_sep(f);
    out_csv_text(f, r->gap.zone == CX_JOURNEY_ZONE_UNKNOWN
                        ? ""
                        : cx_journey_zone_name(r->gap.zone));
    csv_sep(f);
    out_csv_number(f, r->priority);
    if (r->rank)
      fprintf(f, ",%zu\n", r->rank);
    else
      fputs(",\n", f);
  }
}

/* -- json -- */

static json_t *jscores(const journey_args *a, const cx_journey_scores *s) {
  json_t *o = json_object();
  json_object_set_new(o, "n", json_integer((json_int_t)s->n));
  json_object_set_new(o, "n_weighted", json_integer((json_int_t)s->n_weighted));
  for (int g = 0; g < CX_JOURNEY_AGG_COUNT; g++)
    if (a->agg[g])
      json_object_set_new(
          o, cx_journey_aggregate_name((cx_journey_aggregate)g),
          out_json_number(cx_journey_scores_get(s, (cx_journey_aggregate)g)));
  return o;
}

static json_t *jjourney(const cx_journey *j) {
  const char *title = "";
  double mn, ne, mx;
  cx_journey_get_text(j, CX_JOURNEY_TITLE, &title);
  cx_journey_get_scale(j, &mn, &ne, &mx);
  json_t *o = json_object();
  json_object_set_new(o, "id", json_string(cx_journey_id(j)));
  json_object_set_new(o, "title", json_string(title));
  json_object_set_new(o, "scale",
                      json_pack("{s:o, s:o, s:o}", "min", out_json_number(mn),
                                "neutral", out_json_number(ne), "max",
                                out_json_number(mx)));
  json_object_set_new(o, "stages",
                      json_integer((json_int_t)cx_journey_n_stages(j)));
  json_object_set_new(o, "touchpoints",
                      json_integer((json_int_t)cx_journey_n_touchpoints(j)));
  json_object_set_new(o, "actors",
                      json_integer((json_int_t)cx_journey_n_actors(j)));
  return o;
}

static json_t *jaggregates(const journey_args *a) {
  json_t *arr = json_array();
  for (int g = 0; g < CX_JOURNEY_AGG_COUNT; g++)
    if (a->agg[g])
      json_array_append_new(
          arr, json_string(cx_journey_aggregate_name((cx_journey_aggregate)g)));
  return arr;
}

static json_t *jtouchpoint(const tp_row *r) {
  json_t *o = json_object();
  json_object_set_new(o, "id", json_string(r->id));
  json_object_set_new(o, "name", json_string(r->name));
  json_object_set_new(o, "stage", json_string(r->stage));
  for (int k = 0; k < CX_TP_NUMBER_COUNT; k++)
    json_object_set_new(o, cx_tp_number_name((cx_tp_number)k),
                        out_json_number(r->num[k]));
  json_object_set_new(o, "normalized", out_json_number(r->normalized));
  json_object_set_new(o, "gap", out_json_number(r->gap.gap));
  json_object_set_new(o, "adequacy", out_json_number(r->gap.adequacy));
  json_object_set_new(o, "superiority", out_json_number(r->gap.superiority));
  json_object_set_new(o, "zone", r->gap.zone == CX_JOURNEY_ZONE_UNKNOWN
                                     ? json_null()
                                     : json_string(cx_journey_zone_name(
                                           r->gap.zone)));
  json_object_set_new(o, "priority", out_json_number(r->priority));
  json_object_set_new(o, "rank", r->rank ? json_integer((json_int_t)r->rank)
                                         : json_null());
  return o;
}

static bool score_json(const journey_args *a, const score_data *d, FILE *f) {
  const cx_journey *j = d->j;
  json_t *root = json_object();
  json_object_set_new(root, "cx_version",
                      json_string(cx_version(NULL, NULL, NULL)));
  json_object_set_new(root, "input", json_string(a->files[0]));
  json_object_set_new(root, "journey", jjourney(j));
  json_object_set_new(
      root, "options",
      json_pack("{s:o, s:b, s:o}", "peak_end_weight",
                out_json_number(a->score.peak_end_weight),
                "unassigned_for_all", a->score.unassigned_for_all != 0,
                "aggregates", jaggregates(a)));
  json_object_set_new(root, "scores", jscores(a, &d->all));
  json_t *stages = json_array();
  for (size_t s = 0; s < d->n_stages; s++) {
    const char *id = cx_journey_stage_id(j, s);
    json_t *o = json_object();
    json_object_set_new(o, "id", json_string(id));
    json_object_set_new(o, "name", json_string(stage_name(j, id)));
    json_object_set_new(o, "touchpoints",
                        json_integer((json_int_t)cx_journey_stage_size(j, s)));
    if (a->by & BY_STAGE)
      json_object_set_new(o, "scores", jscores(a, &d->stage[s]));
    json_object_set_new(o, "reach", out_json_number(d->drop[s].reach));
    json_object_set_new(o, "previous_reach",
                        out_json_number(d->drop[s].previous));
    json_object_set_new(o, "drop", out_json_number(d->drop[s].drop));
    json_object_set_new(o, "drop_share",
                        out_json_number(d->drop[s].drop_share));
    json_array_append_new(stages, o);
  }
  json_object_set_new(root, "stages", stages);
  if (a->by & BY_ACTOR) {
    json_t *actors = json_array();
    for (size_t k = 0; k < d->n_actors; k++) {
      const char *id = cx_journey_actor_id(j, k);
      json_array_append_new(actors,
                            json_pack("{s:s, s:s, s:o}", "id", id, "name",
                                      actor_name(j, id), "scores",
                                      jscores(a, &d->actor[k])));
    }
    json_object_set_new(root, "actors", actors);
  }
  json_object_set_new(
      root, "ending",
      json_pack("{s:b, s:o, s:o, s:o, s:o}", "flagged", d->ending.flagged,
                "final_stage", out_json_text(final_stage_id(d)), "final_mean",
                out_json_number(d->ending.final_mean), "journey_mean",
                out_json_number(d->ending.journey_mean), "shortfall",
                out_json_number(d->ending.shortfall)));
  json_t *tps = json_array();
  for (size_t i = 0; i < d->n_tp; i++)
    json_array_append_new(tps, jtouchpoint(&d->tp[i]));
  json_object_set_new(root, "touchpoints", tps);
  json_t *pains = json_array();
  for (size_t k = 0; k < cx_journey_ranking_count(d->ranking); k++) {
    const tp_row *r = ranked_row(d, k + 1);
    json_array_append_new(
        pains,
        json_pack("{s:I, s:s, s:s, s:o, s:o, s:o, s:o}", "rank",
                  (json_int_t)(k + 1), "id",
                  cx_journey_ranking_id(d->ranking, k), "name",
                  r ? r->name : "", "gap",
                  out_json_number(cx_journey_ranking_gap(d->ranking, k)),
                  "importance",
                  out_json_number(r ? r->num[CX_TP_IMPORTANCE] : NAN),
                  "reach", out_json_number(r ? r->num[CX_TP_REACH] : NAN),
                  "priority",
                  out_json_number(cx_journey_ranking_priority(d->ranking, k))));
  }
  json_object_set_new(root, "pain_points", pains);
  bool ok = out_json_print(root, f);
  json_decref(root);
  return ok;
}

static int run_score(const journey_args *a) {
  cx_journey *j = NULL;
  if (load(a, a->files[0], &j) != CX_OK)
    return fail();
  warn_problems(a, j, a->files[0]);
  score_data d;
  int rc = EXIT_BAD_INPUT;
  if (compute_scores(a, j, &d)) {
    bool ok = true;
    if (a->fmt == FORMAT_JSON)
      ok = score_json(a, &d, stdout);
    else if (a->fmt == FORMAT_CSV && a->table == TABLE_TOUCHPOINTS)
      score_csv_touchpoints(&d, stdout);
    else if (a->fmt == FORMAT_CSV)
      score_csv_summary(a, &d, stdout);
    else
      ok = score_text(a, &d, stdout);
    rc = finish_stdout(ok);
  }
  score_data_free(&d);
  cx_journey_free(j);
  return rc;
}

/* ---- diff --------------------------------------------------------------- */

/* A diff value for a text table: list items (joined by line breaks in the
 * diff) separated by " | ", cut to 48 characters with "...". */
static char *diff_cell(const char *v) {
  enum { MAX_CHARS = 48 };
  size_t n = strlen(v), chars = 0;
  char *buf = malloc(3 * n + 8), *w = buf;
  if (!buf)
    return NULL;
  for (const char *p = v; *p; p++) {
    bool lead = ((unsigned char)*p & 0xC0) != 0x80;
    if (lead && chars == MAX_CHARS) {
      memcpy(w, "...", 3);
      w += 3;
      break;
    }
    chars += lead;
    if (*p == '\n') {
      memcpy(w, " | ", 3);
      w += 3;
    } else {
      *w++ = *p;
    }
  }
  *w = '\0';
  char *cell = out_text_cell(buf);
  free(buf);
  return cell;
}

static bool diff_text(const journey_args *a, const cx_journey_diff *d,
                      FILE *f) {
  size_t n = cx_journey_diff_count(d);
  size_t kinds[5] = {0};
  for (size_t i = 0; i < n; i++)
    kinds[cx_journey_diff_kind(d, i) % 5]++;
  char *p0 = shown_path(a->files[0]), *p1 = shown_path(a->files[1]);
  fprintf(f, "Journey diff: %s -> %s\n", p0 ? p0 : "?", p1 ? p1 : "?");
  free(p0);
  free(p1);
  fprintf(f, "%zu added, %zu removed, %zu moved, %zu changed\n\n",
          kinds[CX_JOURNEY_CHANGE_ADDED], kinds[CX_JOURNEY_CHANGE_REMOVED],
          kinds[CX_JOURNEY_CHANGE_MOVED], kinds[CX_JOURNEY_CHANGE_CHANGED]);
  bool ok = true;
  if (n == 0) {
    fputs("No differences in the elements.\n", f);
  } else {
    static const char *const head[] = {"change", "element", "id", "field",
                                       "old",    "new"};
    out_table t;
    out_table_init(&t, 6);
    for (size_t c = 0; c < 6; c++)
      out_table_add(&t, head[c]);
    for (size_t i = 0; i < n; i++) {
      out_table_add(&t,
                    cx_journey_change_kind_name(cx_journey_diff_kind(d, i)));
      out_table_add(&t,
                    cx_journey_element_name(cx_journey_diff_element(d, i)));
      out_table_add_owned(&t, out_text_cell(cx_journey_diff_id(d, i)));
      out_table_add_owned(&t, out_text_cell(cx_journey_diff_field(d, i)));
      out_table_add_owned(&t, diff_cell(cx_journey_diff_old_value(d, i)));
      out_table_add_owned(&t, diff_cell(cx_journey_diff_new_value(d, i)));
    }
    ok &= out_table_print(&t, f);
    out_table_free(&t);
  }
  cx_journey_scores before, after;
  cx_journey_diff_scores(d, &before, &after);
  fputs("\nAggregate scores (normalised to [-1, 1])\n\n", f);
  out_table t;
  out_table_init(&t, 4);
  for (size_t c = 1; c < 4; c++)
    out_table_align_right(&t, c, true);
  static const char *const head[] = {"aggregate", "old", "new", "change"};
  for (size_t c = 0; c < 4; c++)
    out_table_add(&t, head[c]);
  out_table_add(&t, "n");
  add_count(&t, before.n);
  add_count(&t, after.n);
  {
    char buf[OUT_NUM_MAX];
    snprintf(buf, sizeof buf, "%+lld",
             (long long)after.n - (long long)before.n);
    out_table_add(&t, buf);
  }
  for (int g = 0; g < CX_JOURNEY_AGG_COUNT; g++) {
    if (!a->agg[g])
      continue;
    cx_journey_aggregate ag = (cx_journey_aggregate)g;
    out_table_add(&t, cx_journey_aggregate_name(ag));
    add_fixed(&t, cx_journey_scores_get(&before, ag));
    add_fixed(&t, cx_journey_scores_get(&after, ag));
    add_fixed(&t, cx_journey_diff_score_change(d, ag));
  }
  ok &= out_table_print(&t, f);
  out_table_free(&t);
  fputs("'-': undefined.\n", f);
  return ok;
}

/* One CSV table: the change records, then one "score" row per aggregate
 * with the old and new value and the change. */
static void diff_csv(const journey_args *a, const cx_journey_diff *d,
                     FILE *f) {
  fputs("change,element,id,field,old,new,difference\n", f);
  for (size_t i = 0; i < cx_journey_diff_count(d); i++) {
    out_csv_text(f, cx_journey_change_kind_name(cx_journey_diff_kind(d, i)));
    csv_sep(f);
    out_csv_text(f, cx_journey_element_name(cx_journey_diff_element(d, i)));
    csv_sep(f);
    out_csv_text(f, cx_journey_diff_id(d, i));
    csv_sep(f);
    out_csv_text(f, cx_journey_diff_field(d, i));
    csv_sep(f);
    out_csv_text(f, cx_journey_diff_old_value(d, i));
    csv_sep(f);
    out_csv_text(f, cx_journey_diff_new_value(d, i));
    fputs(",\n", f);
  }
  cx_journey_scores before, after;
  cx_journey_diff_scores(d, &before, &after);
  fprintf(f, "score,journey,,n,%llu,%llu,%lld\n",
          (unsigned long long)before.n, (unsigned long long)after.n,
          (long long)after.n - (long long)before.n);
  for (int g = 0; g < CX_JOURNEY_AGG_COUNT; g++) {
    if (!a->agg[g])
      continue;
    cx_journey_aggregate ag = (cx_journey_aggregate)g;
    fprintf(f, "score,journey,,%s,", cx_journey_aggregate_name(ag));
    out_csv_number(f, cx_journey_scores_get(&before, ag));
    csv_sep(f);
    out_csv_number(f, cx_journey_scores_get(&after, ag));
    csv_sep(f);
    out_csv_number(f, cx_journey_diff_score_change(d, ag));
    fputc('\n', f);
  }
}

static bool diff_json(const journey_args *a, const cx_journey_diff *d,
                      const cx_journey *old, const cx_journey *new_,
                      FILE *f) {
  json_t *root = json_object(), *changes = json_array(), *scores;
  json_object_set_new(root, "cx_version",
                      json_string(cx_version(NULL, NULL, NULL)));
  json_object_set_new(root, "old", json_string(a->files[0]));
  json_object_set_new(root, "new", json_string(a->files[1]));
  json_object_set_new(root, "old_journey", jjourney(old));
  json_object_set_new(root, "new_journey", jjourney(new_));
  json_object_set_new(
      root, "options",
      json_pack("{s:o, s:o}", "peak_end_weight",
                out_json_number(a->score.peak_end_weight), "aggregates",
                jaggregates(a)));
  size_t kinds[5] = {0};
  for (size_t i = 0; i < cx_journey_diff_count(d); i++) {
    kinds[cx_journey_diff_kind(d, i) % 5]++;
    json_array_append_new(
        changes,
        json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "change",
                  cx_journey_change_kind_name(cx_journey_diff_kind(d, i)),
                  "element",
                  cx_journey_element_name(cx_journey_diff_element(d, i)),
                  "id", cx_journey_diff_id(d, i), "field",
                  cx_journey_diff_field(d, i), "old",
                  cx_journey_diff_old_value(d, i), "new",
                  cx_journey_diff_new_value(d, i)));
  }
  json_object_set_new(
      root, "counts",
      json_pack("{s:I, s:I, s:I, s:I}", "added",
                (json_int_t)kinds[CX_JOURNEY_CHANGE_ADDED], "removed",
                (json_int_t)kinds[CX_JOURNEY_CHANGE_REMOVED], "moved",
                (json_int_t)kinds[CX_JOURNEY_CHANGE_MOVED], "changed",
                (json_int_t)kinds[CX_JOURNEY_CHANGE_CHANGED]));
  json_object_set_new(root, "changes", changes);
  cx_journey_scores before, after;
  cx_journey_diff_scores(d, &before, &after);
  scores = json_object();
  json_object_set_new(scores, "n",
                      json_pack("{s:I, s:I, s:I}", "old", (json_int_t)before.n,
                                "new", (json_int_t)after.n, "change",
                                (json_int_t)after.n - (json_int_t)before.n));
  for (int g = 0; g < CX_JOURNEY_AGG_COUNT; g++) {
    if (!a->agg[g])
      continue;
    cx_journey_aggregate ag = (cx_journey_aggregate)g;
    json_object_set_new(
        scores, cx_journey_aggregate_name(ag),
        json_pack("{s:o, s:o, s:o}", "old",
                  out_json_number(cx_journey_scores_get(&before, ag)), "new",
                  out_json_number(cx_journey_scores_get(&after, ag)), "change",
                  out_json_number(cx_journey_diff_score_change(d, ag))));
  }
  json_object_set_new(root, "scores", scores);
  bool ok = out_json_print(root, f);
  json_decref(root);
  return ok;
}

static int run_diff(const journey_args *a) {
  cx_journey *old = NULL, *new_ = NULL;
  cx_journey_diff *d = NULL;
  int rc = EXIT_BAD_INPUT;
  if (load(a, a->files[0], &old) != CX_OK ||
      load(a, a->files[1], &new_) != CX_OK ||
      (warn_problems(a, old, a->files[0]), warn_problems(a, new_, a->files[1]),
       cx_journey_diff_new(&d, old, new_, &a->score) != CX_OK)) {
    rc = fail();
  } else {
    bool ok = true;
    if (a->fmt == FORMAT_JSON)
      ok = diff_json(a, d, old, new_, stdout);
    else if (a->fmt == FORMAT_CSV)
      diff_csv(a, d, stdout);
    else
      ok = diff_text(a, d, stdout);
    rc = finish_stdout(ok);
  }
  cx_journey_diff_free(d);
  cx_journey_free(new_);
  cx_journey_free(old);
  return rc;
}

/* ---- the command -------------------------------------------------------- */

int cmd_journey(int argc, char **argv) {
  journey_args a;
  memset(&a, 0, sizeof a);
  if (argc < 2) {
    overview(stderr);
    return EXIT_USAGE;
  }
  const char *sub = argv[1];
  if (strcmp(sub, "-h") == 0 || strcmp(sub, "--help") == 0 ||
      strcmp(sub, "help") == 0) {
    if (strcmp(sub, "help") == 0 && argc > 2)
      for (size_t i = 0; i < N_SUBCOMMANDS; i++)
        if (strcmp(argv[2], subcommands[i].name) == 0) {
          help(stdout, subcommands[i].bit);
          return EXIT_DONE;
        }
    overview(stdout);
    return EXIT_DONE;
  }
  for (size_t i = 0; i < N_SUBCOMMANDS; i++)
    if (strcmp(sub, subcommands[i].name) == 0) {
      a.sub = subcommands[i].bit;
      a.name = subcommands[i].name;
    }
  if (!a.sub) {
    fprintf(stderr, "cx journey: unknown command '%s' (validate, render, "
                    "convert, score or diff)\nTry 'cx journey --help'.\n",
            sub);
    return EXIT_USAGE;
  }
  a.files = malloc((size_t)argc * sizeof *a.files);
  if (!a.files) {
    fputs("cx: out of memory\n", stderr);
    return EXIT_BAD_INPUT;
  }
  a.fmt = FORMAT_TEXT;
  a.theme = CX_THEME_LIGHT;
  a.lanes = CX_LANE_ALL;
  a.indent = 2;
  a.by = BY_STAGE | BY_ACTOR;
  for (int k = 0; k < CX_JOURNEY_AGG_COUNT; k++)
    a.agg[k] = true;
  cx_journey_score_options so = CX_JOURNEY_SCORE_OPTIONS_INIT;
  a.score = so;
  a.table = TABLE_SUMMARY;
  int rc = parse_args(&a, argc - 1, argv + 1);
  if (rc < 0) {
    switch (a.sub) {
    case SUB_VALIDATE: rc = run_validate(&a); break;
    case SUB_RENDER: rc = run_render(&a); break;
    case SUB_CONVERT: rc = run_convert(&a); break;
    case SUB_SCORE: rc = run_score(&a); break;
    default: rc = run_diff(&a); break;
    }
  }
  free(a.files);
  return rc;
}
