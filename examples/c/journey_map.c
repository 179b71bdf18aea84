/*
 * journey_map: the libcx journey API from map to picture.
 *
 *     journey_map [JOURNEY [MAP.svg]]
 *     journey_map --built-in [MAP.svg]
 *
 * Loads a journey map from JSON (.json) or Mermaid (.mmd) or, without a
 * file or with --built-in, builds a small onboarding journey in code.
 * Then it validates the map, prints its aggregate scores, the mean and
 * drop-off of every stage, the pain points ranked by priority and the
 * "end on a positive note" check, and, when a second argument is given,
 * writes the journey map there as SVG.
 *
 * Every libcx call that can fail returns a cx_status; on failure
 * cx_error_last() holds a message that says what and, for input errors,
 * where (file:line:column).  This file may be copied freely.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cx/cx.h>

static int fail(const char *what, cx_status st) {
  fprintf(stderr, "journey_map: %s failed (%s): %s\n", what, cx_strerror(st),
          cx_error_last());
  return EXIT_FAILURE;
}

static int ends_with(const char *s, const char *tail) {
  size_t n = strlen(s), t = strlen(tail);
  return n >= t && strcmp(s + n - t, tail) == 0;
}

/* One touchpoint of the built-in journey: score, expectation, experience,
 * importance and reach (NAN: not known). */
typedef struct step {
  const char *stage, *id, *name, *actor;
  cx_channel channel;
  double score, expectation, experience, importance, reach;
} step;

/* A small onboarding journey of a bank, built with the editing API: the
 * way a CRM would fill a journey from its own tables. */
static cx_status build_onboarding(cx_journey **out) {
  static const struct {
    const char *id, *name;
  } stages[] = {{"orientation", "Orientation"},
                {"sign-up", "Sign-up"},
                {"onboarding", "Onboarding"}};
  static const step steps[] = {
      {"orientation", "account-page", "Reads the current-account page",
       "customer", CX_CHANNEL_WEB, 4, 3.5, 4, 5, 6800},
      {"orientation", "advisor-call", "Calls an advisor with questions",
       "advisor", CX_CHANNEL_PHONE, 4.5, 3, 4.5, 6, 950},
      {"sign-up", "id-upload", "Uploads a photo of the identity card",
       "customer", CX_CHANNEL_APP, 2.5, 4, 2.5, 7, 2950},
      {"sign-up", "video-ident", "Video identity check", "customer",
       CX_CHANNEL_APP, 1.5, 3.5, 1.5, 9, 2600},
      {"onboarding", "welcome-email", "Welcome e-mail with the first steps",
       "customer", CX_CHANNEL_EMAIL, 4, NAN, NAN, 4, 2400},
      {"onboarding", "first-payment", "Makes the first transfer", "customer",
       CX_CHANNEL_APP, 4.5, 4, 4.5, 7, 1800},
  };
  cx_journey *j = NULL;
  cx_status st = cx_journey_new(&j, "onboarding");
  if (!st)
    st = cx_journey_set_text(j, CX_JOURNEY_TITLE, "Becoming a customer");
  if (!st)
    st = cx_journey_actor_add(j, "customer", "New customer");
  if (!st)
    st = cx_journey_actor_add(j, "advisor", "Advisor");
  for (size_t i = 0; !st && i < sizeof stages / sizeof stages[0]; i++)
    st = cx_journey_stage_add(j, stages[i].id, stages[i].name);
  for (size_t i = 0; !st && i < sizeof steps / sizeof steps[0]; i++) {
    const step *s = &steps[i];
    st = cx_journey_touchpoint_add(j, s->stage, s->id, s->name);
    if (!st)
      st = cx_journey_touchpoint_set_channel(j, s->id, s->channel, NULL);
    if (!st)
      st = cx_journey_touchpoint_list_add(j, s->id, CX_TP_ACTORS, s->actor);
    /* Unset numbers are NaN; setting NaN leaves the field unset. */
    const double v[] = {s->score, s->expectation, s->experience,
                        s->importance, s->reach};
    const cx_tp_number f[] = {CX_TP_SCORE, CX_TP_EXPECTATION,
                              CX_TP_EXPERIENCE, CX_TP_IMPORTANCE,
                              CX_TP_REACH};
    for (size_t k = 0; !st && k < 5; k++)
      st = cx_journey_touchpoint_set_number(j, s->id, f[k], v[k]);
  }
  if (!st)
    st = cx_journey_touchpoint_list_add(j, "video-ident", CX_TP_PAIN_POINTS,
                                        "The call drops when the light is "
                                        "poor");
  if (!st)
    st = cx_journey_touchpoint_set_moment_of_truth(j, "first-payment", 1);
  if (st) {
    cx_journey_free(j);
    return st;
  }
  *out = j;
  return CX_OK;
}

static cx_status load(const char *path, cx_journey **out) {
  if (ends_with(path, ".json"))
    return cx_journey_read_json(out, path, NULL);
  return cx_journey_read_mermaid(out, path, NULL);
}

/* Every problem at once, each with the element and field it concerns. */
static int check(const cx_journey *j) {
  cx_journey_problems *p = NULL;
  cx_status st = cx_journey_validate(j, &p);
  if (st)
    return fail("cx_journey_validate", st);
  size_t n = cx_journey_problems_count(p);
  for (size_t i = 0; i < n; i++)
    fprintf(stderr, "problem: %s (%s, field '%s')\n",
            cx_journey_problems_message(p, i),
            cx_journey_problem_code_name(cx_journey_problems_code(p, i)),
            cx_journey_problems_field(p, i));
  cx_journey_problems_free(p);
  return n == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

static void print_scores(const cx_journey_scores *s) {
  printf("%llu scored touchpoints; normalised to [-1, 1]:\n",
         (unsigned long long)s->n);
  for (int a = 0; a < CX_JOURNEY_AGG_COUNT; a++) {
    double v = cx_journey_scores_get(s, (cx_journey_aggregate)a);
    if (isnan(v))
      printf("  %-14s undefined\n",
             cx_journey_aggregate_name((cx_journey_aggregate)a));
    else
      printf("  %-14s %7.3f\n",
             cx_journey_aggregate_name((cx_journey_aggregate)a), v);
  }
}

static int print_stages(const cx_journey *j) {
  printf("\n%-16s %6s %8s %8s %7s\n", "stage", "mean", "reach", "drop",
         "drop %");
  for (size_t i = 0; i < cx_journey_n_stages(j); i++) {
    const char *id = cx_journey_stage_id(j, i);
    cx_journey_scores s;
    cx_journey_dropoff d;
    cx_status st = cx_journey_score_stage(j, id, NULL, &s);
    if (!st)
      st = cx_journey_stage_dropoff(j, id, &d);
    if (st)
      return fail("stage figures", st);
    /* The first stage with a reach has no drop-off (NaN). */
    printf("%-16s %6.3f %8.0f", id, s.mean, d.reach);
    if (isnan(d.drop))
      printf(" %8s %7s\n", "-", "-");
    else
      printf(" %8.0f %6.1f%%\n", d.drop, 100.0 * d.drop_share);
  }
  return EXIT_SUCCESS;
}

static int print_pain_points(const cx_journey *j) {
  cx_journey_ranking *r = NULL;
  cx_status st = cx_journey_rank_pain_points(j, &r);
  if (st)
    return fail("cx_journey_rank_pain_points", st);
  printf("\npain points, by -gap x importance x reach:\n");
  for (size_t i = 0; i < cx_journey_ranking_count(r); i++) {
    const char *id = cx_journey_ranking_id(r, i), *name = "";
    cx_journey_touchpoint_get_text(j, id, CX_TP_NAME, &name);
    printf("  %zu. %-40s gap %5.2f  priority %9.1f\n", i + 1, name,
           cx_journey_ranking_gap(r, i), cx_journey_ranking_priority(r, i));
  }
  if (cx_journey_ranking_count(r) == 0)
    printf("  none: no touchpoint falls short of expectation\n");
  cx_journey_ranking_free(r);
  return EXIT_SUCCESS;
}

static int print_ending(const cx_journey *j) {
  cx_journey_ending e;
  cx_status st = cx_journey_check_ending(j, &e);
  if (st)
    return fail("cx_journey_check_ending", st);
  if (e.final_stage == (size_t)-1)
    printf("\nending: no stage has a score\n");
  else if (e.flagged)
    printf("\nending: the last stage '%s' scores %.3f, %.3f below the "
           "journey's mean: it does not end on a positive note\n",
           cx_journey_stage_id(j, e.final_stage), e.final_mean, e.shortfall);
  else
    printf("\nending: the last stage '%s' scores %.3f, not below the "
           "journey's mean %.3f\n",
           cx_journey_stage_id(j, e.final_stage), e.final_mean,
           e.journey_mean);
  return EXIT_SUCCESS;
}

static int write_svg(const cx_journey *j, const char *path) {
  cx_journey_svg_options o = CX_JOURNEY_SVG_OPTIONS_INIT;
  char *svg = NULL;
  size_t len = 0;
  cx_status st = cx_journey_render_svg(j, &o, &svg, &len);
  if (st)
    return fail("cx_journey_render_svg", st);
  FILE *f = fopen(path, "wb");
  int ok = f && fwrite(svg, 1, len, f) == len;
  if (f && fclose(f) != 0)
    ok = 0;
  cx_free(svg);
  if (!ok) {
    perror(path);
    return EXIT_FAILURE;
  }
  printf("\njourney map written to %s\n", path);
  return EXIT_SUCCESS;
}

int main(int argc, char **argv) {
  if (argc > 3) {
    fprintf(stderr, "usage: %s [JOURNEY.json|JOURNEY.mmd|--built-in "
                    "[MAP.svg]]\n",
            argv[0]);
    return EXIT_FAILURE;
  }
  const char *in = argc > 1 ? argv[1] : "--built-in";
  cx_journey *j = NULL;
  cx_status st = strcmp(in, "--built-in") == 0 ? build_onboarding(&j)
                                                : load(in, &j);
  if (st)
    return fail(strcmp(in, "--built-in") == 0 ? "building the journey"
                                              : "loading the journey",
                st);

  const char *title = "";
  cx_journey_get_text(j, CX_JOURNEY_TITLE, &title);
  printf("%s: %zu stages, %zu touchpoints\n", *title ? title : "(untitled)",
         cx_journey_n_stages(j), cx_journey_n_touchpoints(j));

  /* Scores of a map with problems (scores off the scale, duplicate ids)
   * would mislead, so stop after listing them. */
  int rc = check(j);
  cx_journey_scores scores;
  if (rc == EXIT_SUCCESS) {
    st = cx_journey_score(j, NULL, &scores);
    if (st)
      rc = fail("cx_journey_score", st);
  }
  if (rc == EXIT_SUCCESS) {
    print_scores(&scores);
    rc = print_stages(j);
  }
  if (rc == EXIT_SUCCESS)
    rc = print_pain_points(j);
  if (rc == EXIT_SUCCESS)
    rc = print_ending(j);
  if (rc == EXIT_SUCCESS && argc > 2)
    rc = write_svg(j, argv[2]);
  cx_journey_free(j);
  return rc;
}
