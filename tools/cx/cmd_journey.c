/*
 * cx journey: validate, render, convert, score and diff journey maps read
 * from JSON (docs/journey-format.md) or Mermaid `journey` diagrams.  The
 * figures all come from the library (include/cx/journey.h); this file
 * reads options, loads files and prints.
 */
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cx/cx.h>

#include "args.h"
#include "cmd_journey.h"
#include "output.h"

static const struct {
  const char *name;
  int bit;
  const char *cmd;
  const char *summary;
} subcommands[] = {
    {"validate", SUB_VALIDATE, "journey validate",
     "list every problem of one or more journeys"},
    {"render", SUB_RENDER, "journey render", "draw a journey map as SVG"},
    {"convert", SUB_CONVERT, "journey convert",
     "convert between JSON and Mermaid"},
    {"score", SUB_SCORE, "journey score",
     "aggregate scores, gaps, pain points, drop-off"},
    {"diff", SUB_DIFF, "journey diff",
     "compare two journeys (as-is and to-be, periods)"},
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

static const args_option options[] = {
    {"format", true, O_FORMAT, SUB_VALIDATE | SUB_SCORE | SUB_DIFF, 0},
    {"output", true, O_OUTPUT, SUB_RENDER | SUB_CONVERT, 'o'},
    {"from", true, O_FROM, SUB_ALL, 0},
    {"to", true, O_TO, SUB_CONVERT, 0},
    {"lenient", false, O_LENIENT, SUB_ALL, 0},
    {"scale", true, O_SCALE, SUB_ALL, 0},
    {"reject-unknown", false, O_REJECT_UNKNOWN, SUB_ALL, 0},
    {"width", true, O_WIDTH, SUB_RENDER, 0},
    {"theme", true, O_THEME, SUB_RENDER, 0},
    {"lanes", true, O_LANES, SUB_RENDER, 0},
    {"title", true, O_TITLE, SUB_RENDER, 0},
    {"indent", true, O_INDENT, SUB_CONVERT, 0},
    {"by", true, O_BY, SUB_SCORE, 0},
    {"aggregate", true, O_AGGREGATE, SUB_SCORE | SUB_DIFF, 0},
    {"peak-end-weight", true, O_PEAK_END_WEIGHT, SUB_SCORE | SUB_DIFF, 0},
    {"named-actors-only", false, O_NAMED_ACTORS_ONLY, SUB_SCORE, 0},
    {"table", true, O_TABLE, SUB_SCORE, 0},
    {"help", false, O_HELP, SUB_ALL, 0},
};

/* Returns -1 to go on, or an exit code. */
static int apply(void *ctx, int id, const char *v) {
  journey_args *a = ctx;
  unsigned long u;
  switch ((enum opt_id)id) {
  case O_FORMAT: return args_format(a->cmd, v, &a->fmt);
  case O_OUTPUT: a->output = v; break;
  case O_FROM:
  case O_TO: {
    jformat f = format_by_name(v);
    if (f == JF_AUTO)
      return args_usage_error(
          a->cmd, "unknown journey format '%s' (json or mermaid)", v);
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
      return args_usage_error(a->cmd, "%s", "--scale is too long");
    memcpy(buf, v, strlen(v) + 1);
    c1 = strchr(buf, ',');
    c2 = c1 ? strchr(c1 + 1, ',') : NULL;
    if (!c1 || !c2 || strchr(c2 + 1, ','))
      return args_usage_error(a->cmd, "--scale needs MIN,NEUTRAL,MAX, not '%s'",
                              v);
    *c1 = *c2 = '\0';
    if (!args_double(buf, &s[0]) || !args_double(c1 + 1, &s[1]) ||
        !args_double(c2 + 1, &s[2]) || !(s[0] <= s[1] && s[1] < s[2]))
      return args_usage_error(a->cmd,
                              "--scale needs numbers MIN <= NEUTRAL < MAX, "
                              "not '%s'",
                              v);
    a->has_scale = 1;
    break;
  }
  case O_REJECT_UNKNOWN: a->reject_unknown = 1; break;
  case O_WIDTH:
    if (!parse_uint(v, 20000, &u) || (u != 0 && u < 400))
      return args_usage_error(a->cmd,
                              "--width needs 0 or a number of pixels from 400 "
                              "to 20000, not '%s'",
                              v);
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
      return args_usage_error(a->cmd,
                              "unknown theme '%s' (light, dark or print)", v);
    break;
  case O_LANES:
    a->lanes = 0;
    if (each_item(v, lane_item, &a->lanes) != 0)
      return args_usage_error(a->cmd,
                              "--lanes takes touchpoints, emotion, gaps, "
                              "pain-points or all, comma-separated, not '%s'",
                              v);
    break;
  case O_TITLE: a->title = v; break;
  case O_INDENT:
    if (!parse_uint(v, 16, &u))
      return args_usage_error(
          a->cmd, "--indent needs a number from 0 to 16, not '%s'", v);
    a->indent = (int)u;
    break;
  case O_BY:
    a->by = 0;
    if (each_item(v, by_item, &a->by) != 0)
      return args_usage_error(a->cmd,
                              "--by takes stage, actor or stage,actor, not "
                              "'%s'",
                              v);
    break;
  case O_AGGREGATE:
    memset(a->agg, 0, sizeof a->agg);
    if (each_item(v, agg_item, a->agg) != 0)
      return args_usage_error(a->cmd,
                              "--aggregate takes a comma-separated list of "
                              "mean, weighted_mean, peak, trough, "
                              "most_intense, beginning, end, peak_end, slope, "
                              "variability, success or all, not '%s'",
                              v);
    break;
  case O_PEAK_END_WEIGHT:
    return args_share(a->cmd, "peak-end-weight", v, &a->score.peak_end_weight);
  case O_NAMED_ACTORS_ONLY: a->score.unassigned_for_all = 0; break;
  case O_TABLE:
    a->table_given = true;
    if (strcmp(v, "summary") == 0)
      a->table = TABLE_SUMMARY;
    else if (strcmp(v, "touchpoints") == 0)
      a->table = TABLE_TOUCHPOINTS;
    else
      return args_usage_error(a->cmd,
                              "unknown table '%s' (summary or touchpoints)", v);
    break;
  case O_HELP: help(stdout, a->sub); return EXIT_DONE;
  }
  return -1;
}

/* Checks that need every option and file; returns -1 or an exit code. */
static int check_args(journey_args *a) {
  size_t want = a->sub == SUB_DIFF ? 2 : 1;
  if (a->nfiles < want)
    return args_usage_error(a->cmd, "%s",
                            a->sub == SUB_DIFF
                                ? "needs two files, OLD and NEW"
                                : "no input file (use '-' for standard "
                                  "input)");
  if (a->sub != SUB_VALIDATE && a->nfiles > want)
    return args_usage_error(a->cmd, "too many files: '%s'", a->files[want]);
  size_t stdin_uses = 0;
  for (size_t i = 0; i < a->nfiles; i++) {
    stdin_uses += strcmp(a->files[i], "-") == 0;
    if (input_format(a, a->files[i]) == JF_AUTO)
      return args_usage_error(a->cmd,
                              "cannot tell the format of '%s': name it .json, "
                              ".mmd or .mermaid, or give --from json|mermaid",
                              a->files[i]);
  }
  if (stdin_uses > 1)
    return args_usage_error(a->cmd, "%s",
                            "standard input ('-') can be read only once");
  if (a->sub == SUB_CONVERT) {
    if (!a->output)
      return args_usage_error(a->cmd, "%s",
                              "needs -o OUT ('-' for standard output)");
    if (a->to == JF_AUTO)
      a->to = format_by_extension(a->output);
    if (a->to == JF_AUTO)
      return args_usage_error(a->cmd,
                              "cannot tell the format to write to '%s': name "
                              "it .json, .mmd or .mermaid, or give --to "
                              "json|mermaid",
                              a->output);
  }
  if (a->sub == SUB_RENDER && !a->output)
    a->output = "-";
  if (a->sub == SUB_RENDER && a->lanes == 0)
    return args_usage_error(a->cmd, "%s", "--lanes needs at least one lane");
  if (a->table_given && a->fmt != FORMAT_CSV)
    return args_usage_error(a->cmd, "%s", "--table is for --format csv");
  bool any = false;
  for (int k = 0; k < CX_JOURNEY_AGG_COUNT; k++)
    any |= a->agg[k];
  if (!any)
    return args_usage_error(a->cmd, "%s",
                            "--aggregate needs at least one aggregate");
  return -1;
}

static void show_help(void *ctx) {
  const journey_args *a = ctx;
  help(stdout, a->sub);
}

static int add_file(void *ctx, const char *arg) {
  journey_args *a = ctx;
  a->files[a->nfiles++] = arg;
  return -1;
}

static int parse_args(journey_args *a, int argc, char **argv) {
  const args_spec spec = {
      .cmd = a->cmd,
      .options = options,
      .n_options = sizeof options / sizeof options[0],
      .variant = a->sub,
      .apply = apply,
      .help = show_help,
      .operand = add_file,
  };
  int rc = args_parse(&spec, argc, argv, a);
  return rc >= 0 ? rc : check_args(a);
}

/* ---- loading and writing ------------------------------------------------ */

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
    fprintf(stderr, "cx %s: warning: %s has %zu problem%s (see 'cx "
                    "journey validate'); first: %s\n",
            a->cmd, path, n, n == 1 ? "" : "s",
            cx_journey_problems_message(p, 0));
  cx_journey_problems_free(p);
}

/* ---- validate ----------------------------------------------------------- */

static char *copy_text(const char *s) {
  size_t n = strlen(s);
  char *c = malloc(n + 1);
  if (c)
    memcpy(c, s, n + 1);
  return c;
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
      rc = out_fail();
      goto out;
    } else if (cx_journey_problems_count(c[i].problems) > 0) {
      rc = EXIT_BAD_INPUT;
    }
  }
  bool ok = true;
  if (a->fmt == FORMAT_JSON)
    ok = journey_validate_json(c, a->nfiles, stdout);
  else if (a->fmt == FORMAT_CSV)
    journey_validate_csv(c, a->nfiles, stdout);
  else
    journey_validate_text(c, a->nfiles, stdout);
  if (out_finish_stdout(ok) != EXIT_DONE)
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
    return out_fail();
  warn_problems(a, j, a->files[0]);
  cx_journey_svg_options o = CX_JOURNEY_SVG_OPTIONS_INIT;
  o.width = a->width;
  o.theme = a->theme;
  o.lanes = a->lanes;
  o.title = a->title;
  char *svg = NULL;
  size_t len = 0;
  int rc = cx_journey_render_svg(j, &o, &svg, &len) == CX_OK
               ? out_write_file(a->output, svg, len, true)
               : out_fail();
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
    return out_fail();
  char *text = NULL;
  size_t len = 0;
  cx_status st = a->to == JF_JSON
                     ? cx_journey_to_json(j, a->indent, &text, &len)
                     : cx_journey_to_mermaid(j, &text, &len);
  int rc = st == CX_OK ? out_write_file(a->output, text, len, true)
                       : out_fail();
  if (rc == EXIT_DONE && a->to == JF_MERMAID)
    note_losses(j);
  cx_free(text);
  cx_journey_free(j);
  return rc;
}

/* ---- score -------------------------------------------------------------- */

static void score_data_free(score_data *d) {
  free(d->stage);
  free(d->actor);
  free(d->drop);
  free(d->tp);
  free(d->by_rank);
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
    return out_fail(), false;
  for (size_t s = 0; s < d->n_stages; s++) {
    const char *id = cx_journey_stage_id(j, s);
    if (cx_journey_score_stage(j, id, &a->score, &d->stage[s]) != CX_OK ||
        cx_journey_stage_dropoff(j, id, &d->drop[s]) != CX_OK)
      return out_fail(), false;
  }
  for (size_t k = 0; k < d->n_actors; k++)
    if (cx_journey_score_actor(j, cx_journey_actor_id(j, k), &a->score,
                               &d->actor[k]) != CX_OK)
      return out_fail(), false;
  size_t i = 0;
  for (size_t s = 0; s < d->n_stages; s++) {
    for (size_t p = 0; p < cx_journey_stage_size(j, s); p++, i++) {
      tp_row *r = &d->tp[i];
      r->id = cx_journey_touchpoint_at(j, s, p);
      r->stage = cx_journey_stage_id(j, s);
      if (cx_journey_touchpoint_get_text(j, r->id, CX_TP_NAME, &r->name) !=
              CX_OK ||
          cx_journey_touchpoint_gap(j, r->id, &r->gap) != CX_OK)
        return out_fail(), false;
      for (int k = 0; k < CX_TP_NUMBER_COUNT; k++)
        cx_journey_touchpoint_get_number(j, r->id, (cx_tp_number)k,
                                         &r->num[k]);
      r->normalized = cx_journey_normalize(j, r->num[CX_TP_SCORE]);
      r->priority = NAN;
    }
  }
  /* Ranks back onto the rows: the row of the id (found through the
   * journey's index); when an id is used twice (an invalid journey), the
   * first unranked row with it. */
  size_t *first = calloc(d->n_stages + 1, sizeof *first);
  size_t nr = cx_journey_ranking_count(d->ranking);
  d->by_rank = calloc(nr + 1, sizeof *d->by_rank);
  if (!first || !d->by_rank) {
    free(first);
    fputs("cx: out of memory\n", stderr);
    return false;
  }
  for (size_t s = 0; s < d->n_stages; s++)
    first[s + 1] = first[s] + cx_journey_stage_size(j, s);
  for (size_t k = 0; k < nr; k++) {
    const char *id = cx_journey_ranking_id(d->ranking, k);
    size_t s = 0, p = 0, t = d->n_tp;
    if (cx_journey_touchpoint_find(j, id, &s, &p) == CX_OK &&
        d->tp[first[s] + p].rank == 0)
      t = first[s] + p;
    for (size_t u = 0; t == d->n_tp && u < d->n_tp; u++)
      if (d->tp[u].rank == 0 && strcmp(d->tp[u].id, id) == 0)
        t = u;
    if (t < d->n_tp) {
      d->tp[t].rank = k + 1;
      d->tp[t].priority = cx_journey_ranking_priority(d->ranking, k);
    }
    d->by_rank[k] = t;
  }
  free(first);
  return true;
}

static int run_score(const journey_args *a) {
  cx_journey *j = NULL;
  if (load(a, a->files[0], &j) != CX_OK)
    return out_fail();
  warn_problems(a, j, a->files[0]);
  score_data d;
  int rc = EXIT_BAD_INPUT;
  if (compute_scores(a, j, &d)) {
    bool ok = true;
    if (a->fmt == FORMAT_JSON)
      ok = journey_score_json(a, &d, stdout);
    else if (a->fmt == FORMAT_CSV && a->table == TABLE_TOUCHPOINTS)
      journey_score_csv_touchpoints(&d, stdout);
    else if (a->fmt == FORMAT_CSV)
      journey_score_csv_summary(a, &d, stdout);
    else
      ok = journey_score_text(a, &d, stdout);
    rc = out_finish_stdout(ok);
  }
  score_data_free(&d);
  cx_journey_free(j);
  return rc;
}

/* ---- diff --------------------------------------------------------------- */

static int run_diff(const journey_args *a) {
  cx_journey *old = NULL, *new_ = NULL;
  cx_journey_diff *d = NULL;
  int rc = EXIT_BAD_INPUT;
  if (load(a, a->files[0], &old) != CX_OK ||
      load(a, a->files[1], &new_) != CX_OK ||
      (warn_problems(a, old, a->files[0]), warn_problems(a, new_, a->files[1]),
       cx_journey_diff_new(&d, old, new_, &a->score) != CX_OK)) {
    rc = out_fail();
  } else {
    bool ok = true;
    if (a->fmt == FORMAT_JSON)
      ok = journey_diff_json(a, d, old, new_, stdout);
    else if (a->fmt == FORMAT_CSV)
      journey_diff_csv(a, d, stdout);
    else
      ok = journey_diff_text(a, d, stdout);
    rc = out_finish_stdout(ok);
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
      a.cmd = subcommands[i].cmd;
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
