/*
 * Helper of check_mermaid.sh: exports journeys as Mermaid and says what
 * each exported file should mean, so that Mermaid's own parser can be
 * compared with it.
 *
 *   export_mermaid [--lenient] IN OUT.mmd   one journey (.json or Mermaid)
 *   export_mermaid --builtin DIR            journeys built here, into DIR
 *
 * For each file written it prints one JSON line
 *   {"file": OUT, "meant": J, "reread": J}
 * where "meant" describes the journey that was exported (names as the
 * model holds them, before the writer cleans them; a missing score as the
 * neutral point) and "reread" what libcx reads back from OUT.  For a
 * Mermaid input it also prints {"file": IN, "reread": J} with what libcx
 * read from IN.  J = {"title", "accTitle", "accDescr", "sections",
 * "tasks": [{"section", "task", "score", "people"}]}.
 *
 * Exit status: 0, 1 on an error, 77 when IN is JSON and this build cannot
 * read JSON journeys yet.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include <cx/cx.h>

#include "journey_internal.h"

static json_t *describe(const cx_journey *j) {
  json_t *o = json_object(), *sections = json_array(), *tasks = json_array();
  const char *acc = NULL;
  json_t *extra = j->extra ? json_loads(j->extra, 0, NULL) : NULL;
  if (json_is_string(json_object_get(extra, "accTitle")))
    acc = json_string_value(json_object_get(extra, "accTitle"));
  json_object_set_new(o, "title", json_string(j->title ? j->title : ""));
  json_object_set_new(o, "accTitle", json_string(acc ? acc : ""));
  json_object_set_new(o, "accDescr",
                      json_string(j->description ? j->description : ""));
  json_decref(extra);
  for (size_t si = 0; si < j->n_stages; si++) {
    const cx__jstage *s = j->stage[si];
    const char *sname = s->name && s->name[0] ? s->name : s->id;
    json_array_append_new(sections, json_string(sname));
    for (size_t k = 0; k < s->n_tp; k++) {
      const cx__jtp *tp = s->tp[k];
      double v = tp->num[CX_TP_SCORE];
      json_t *people = json_array();
      for (size_t a = 0; a < tp->list[CX_TP_ACTORS].count; a++) {
        const char *id = tp->list[CX_TP_ACTORS].item[a], *name = id;
        for (size_t i = 0; i < j->n_actors; i++)
          if (strcmp(j->actor[i].id, id) == 0 && j->actor[i].name[0])
            name = j->actor[i].name;
        json_array_append_new(people, json_string(name));
      }
      json_array_append_new(
          tasks, json_pack("{s:s, s:s, s:f, s:o}", "section", sname, "task",
                           tp->text[CX_TP_NAME][0] ? tp->text[CX_TP_NAME]
                                                   : tp->id,
                           "score", isfinite(v) ? v : j->neutral, "people",
                           people));
    }
  }
  json_object_set_new(o, "sections", sections);
  json_object_set_new(o, "tasks", tasks);
  return o;
}

static void print_line(json_t *o) {
  char *s = json_dumps(o, JSON_COMPACT | JSON_ENSURE_ASCII);
  puts(s);
  free(s);
  json_decref(o);
}

/* Write j to path and print what it means and what libcx reads back. */
static int export_one(const cx_journey *j, const char *path,
                      const cx_mermaid_options *o) {
  char *text = NULL;
  size_t len = 0;
  if (cx_journey_to_mermaid(j, &text, &len) != CX_OK) {
    fprintf(stderr, "export_mermaid: %s\n", cx_error_last());
    return 1;
  }
  FILE *f = fopen(path, "wb");
  if (!f || fwrite(text, 1, len, f) != len || fclose(f) != 0) {
    fprintf(stderr, "export_mermaid: cannot write %s\n", path);
    cx_free(text);
    return 1;
  }
  cx_free(text);
  cx_journey *back = NULL;
  if (cx_journey_read_mermaid(&back, path, o) != CX_OK) {
    fprintf(stderr, "export_mermaid: libcx cannot read its own export: %s\n",
            cx_error_last());
    return 1;
  }
  print_line(json_pack("{s:s, s:o, s:o}", "file", path, "meant", describe(j),
                       "reread", describe(back)));
  cx_journey_free(back);
  return 0;
}

/* Journeys that exercise the writer's cleaning. */
static int builtin(const char *dir) {
  static const char *const names[][3] = {
      /* stage, touchpoint, actor */
      {"Step 1: sign up", "Time: 10:30; room #4", "Smith, John"},
      {"Tabs\tand\nbreaks", "Title page", "%% not a comment"},
      {"100% sure", "section two", "A; B: C"},
      {"x", "journey", "a #b; c"},
      {"Stage", "%start", "\xE2\x80\x8Bzero width"},
      {"accDescr {", "accDescr { x }", "\xC3\xA9l\xC3\xA8ve"},
  };
  int rc = 0;
  for (int k = 0; k < 2 && rc == 0; k++) {
    cx_journey *j = NULL;
    cx_journey_new(&j, "builtin");
    cx_journey_set_text(j, CX_JOURNEY_TITLE,
                        k ? "Title: with #hash; and %%percent"
                          : "A journey built in C");
    cx_journey_set_text(j, CX_JOURNEY_DESCRIPTION,
                        k ? "Line one;\n   line two #x; {braces}\n\n  three"
                          : "One line: with a colon");
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
      char sid[16], tid[16], aid[16];
      snprintf(sid, sizeof sid, "s%zu", i);
      snprintf(tid, sizeof tid, "t%zu", i);
      snprintf(aid, sizeof aid, "a%zu", i);
      cx_journey_stage_add(j, sid, names[i][0]);
      cx_journey_touchpoint_add(j, sid, tid, names[i][1]);
      cx_journey_actor_add(j, aid, names[i][2]);
      cx_journey_touchpoint_list_add(j, tid, CX_TP_ACTORS, aid);
      if (i % 3 != 2)
        cx_journey_touchpoint_set_number(j, tid, CX_TP_SCORE,
                                         1.0 + (double)i * 0.75);
    }
    char path[4096];
    snprintf(path, sizeof path, "%s/builtin-%d.mmd", dir, k);
    rc = export_one(j, path, NULL);
    cx_journey_free(j);
  }
  return rc;
}

int main(int argc, char **argv) {
  cx_mermaid_options o = CX_MERMAID_OPTIONS_INIT;
  int a = 1;
  if (argc == 3 && strcmp(argv[1], "--builtin") == 0)
    return builtin(argv[2]);
  if (a < argc && strcmp(argv[a], "--lenient") == 0)
    o.lenient = 1, a++;
  if (argc - a != 2) {
    fprintf(stderr, "usage: export_mermaid [--lenient] IN OUT.mmd\n"
                    "       export_mermaid --builtin DIR\n");
    return 2;
  }
  const char *in = argv[a], *out = argv[a + 1];
  size_t n = strlen(in);
  bool json = n > 5 && strcmp(in + n - 5, ".json") == 0;
  cx_journey *j = NULL;
  cx_status st = json ? cx_journey_read_json(&j, in, NULL)
                      : cx_journey_read_mermaid(&j, in, &o);
  if (st == CX_ESTATE && json) {
    fprintf(stderr, "export_mermaid: %s: %s\n", in, cx_error_last());
    return 77;
  }
  if (st != CX_OK) {
    fprintf(stderr, "export_mermaid: %s\n", cx_error_last());
    return 1;
  }
  if (!json)
    print_line(json_pack("{s:s, s:o}", "file", in, "reread", describe(j)));
  int rc = export_one(j, out, &o);
  cx_journey_free(j);
  return rc;
}
