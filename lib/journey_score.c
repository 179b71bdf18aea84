/*
 * Analysis of a journey map: normalised emotion scores and the aggregates
 * that turn them into one journey score, expectation gaps and the zone of
 * tolerance, improvement priorities, drop-off between stages and the
 * "end on a positive note" check.  Formulas and sources:
 * docs/methodology/journey.md.
 */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "internal.h"
#include "journey_internal.h"

static bool scale_ok(const cx_journey *j) {
  return isfinite(j->min) && isfinite(j->neutral) && isfinite(j->max) &&
         j->min <= j->neutral && j->neutral < j->max;
}

static cx_status check_scale(const cx_journey *j) {
  if (scale_ok(j))
    return CX_OK;
  return cx__error(CX_ERANGE,
                   "the journey's scale is invalid (min %g, neutral %g, "
                   "max %g)",
                   j->min, j->neutral, j->max);
}

/* The two halves of the scale are stretched separately so that both ends
 * map to -1 and +1 even when the neutral point is off-centre.  On a
 * unipolar scale (neutral == min) a value below min would divide by zero;
 * it is stretched like the upper half instead. */
static double normalize(const cx_journey *j, double s) {
  if (isnan(s))
    return NAN;
  double below = j->neutral - j->min, above = j->max - j->neutral;
  if (s >= j->neutral || below <= 0)
    return (s - j->neutral) / above;
  return (s - j->neutral) / below;
}

CX_API double cx_journey_normalize(const cx_journey *j, double score) {
  return j ? normalize(j, score) : NAN;
}

/* ------------------------------------------------------------------------ */
/* Aggregate names                                                           */

static const char *const agg_names[CX_JOURNEY_AGG_COUNT] = {
    "mean",      "weighted_mean", "peak",     "trough",
    "most_intense", "beginning",  "end",      "peak_end",
    "slope",     "variability",   "success"};

static const size_t agg_offset[CX_JOURNEY_AGG_COUNT] = {
    offsetof(cx_journey_scores, mean),
    offsetof(cx_journey_scores, weighted_mean),
    offsetof(cx_journey_scores, peak),
    offsetof(cx_journey_scores, trough),
    offsetof(cx_journey_scores, most_intense),
    offsetof(cx_journey_scores, beginning),
    offsetof(cx_journey_scores, end),
    offsetof(cx_journey_scores, peak_end),
    offsetof(cx_journey_scores, slope),
    offsetof(cx_journey_scores, variability),
    offsetof(cx_journey_scores, success)};

CX_API const char *cx_journey_aggregate_name(cx_journey_aggregate a) {
  return (int)a >= 0 && a < CX_JOURNEY_AGG_COUNT ? agg_names[a] : "invalid";
}

CX_API cx_status cx_journey_aggregate_parse(const char *text,
                                            cx_journey_aggregate *out) {
  if (!text || !out)
    return cx__error(CX_EINVAL, "cx_journey_aggregate_parse: NULL argument");
  char buf[32];
  size_t n = strlen(text);
  if (n < sizeof buf) {
    for (size_t i = 0; i <= n; i++)
      buf[i] = text[i] == '-' ? '_' : text[i];
    for (int a = 0; a < CX_JOURNEY_AGG_COUNT; a++)
      if (strcasecmp(buf, agg_names[a]) == 0) {
        *out = (cx_journey_aggregate)a;
        return CX_OK;
      }
  }
  return cx__error_at(CX_EPARSE, NULL, 0, 0, text, n,
                      "not a journey aggregate");
}

CX_API double cx_journey_scores_get(const cx_journey_scores *s,
                                    cx_journey_aggregate a) {
  if (!s || (int)a < 0 || a >= CX_JOURNEY_AGG_COUNT)
    return NAN;
  double v;
  memcpy(&v, (const char *)s + agg_offset[a], sizeof v);
  return v;
}

/* ------------------------------------------------------------------------ */
/* Aggregates                                                                */

static cx_status check_options(const cx_journey_score_options *o,
                               cx_journey_score_options *use) {
  const cx_journey_score_options def = CX_JOURNEY_SCORE_OPTIONS_INIT;
  *use = o ? *o : def;
  if (use->version != CX_JOURNEY_SCORE_OPTIONS_VERSION)
    return cx__error(CX_EINVAL, "journey score options: version %u, "
                     "expected %u", use->version,
                     CX_JOURNEY_SCORE_OPTIONS_VERSION);
  if (!(use->peak_end_weight >= 0 && use->peak_end_weight <= 1))
    return cx__error(CX_EINVAL, "peak-end weight %g is outside [0, 1]",
                     use->peak_end_weight);
  return CX_OK;
}

/* Every aggregate of the raw scores s[0..n) (durations d, NaN = none), in
 * journey order. */
static void aggregate(const cx_journey *j, const double *s, const double *d,
                      size_t n, double w, cx_journey_scores *out) {
  cx_journey_scores r = {0, 0, NAN, NAN, NAN, NAN, NAN, NAN,
                         NAN, NAN, NAN, NAN, NAN};
  r.n = n;
  if (n == 0) {
    *out = r;
    return;
  }
  double sum = 0, wsum = 0, dsum = 0, success = 1;
  r.peak = -INFINITY;
  r.trough = INFINITY;
  double intense = 0;
  for (size_t k = 0; k < n; k++) {
    double x = normalize(j, s[k]);
    sum += x;
    if (!isnan(d[k])) {
      r.n_weighted++;
      wsum += d[k] * x;
      dsum += d[k];
    }
    r.peak = fmax(r.peak, x);
    r.trough = fmin(r.trough, x);
    /* >= hands ties to the later touchpoint: the later one is nearer the
     * end and so likelier to be the one remembered. */
    if (fabs(x) >= fabs(intense)) {
      intense = x;
    }
    success *= (s[k] - j->min) / (j->max - j->min);
  }
  r.mean = sum / (double)n;
  r.weighted_mean = dsum > 0 ? wsum / dsum : NAN;
  r.most_intense = intense;
  r.beginning = normalize(j, s[0]);
  r.end = normalize(j, s[n - 1]);
  r.peak_end = w * r.most_intense + (1 - w) * r.end;
  r.success = success;
  if (n >= 2) {
    /* t_k = k/(n-1) has mean 1/2. */
    double sxy = 0, sxx = 0, ss = 0;
    for (size_t k = 0; k < n; k++) {
      double t = (double)k / (double)(n - 1) - 0.5;
      double dx = normalize(j, s[k]) - r.mean;
      sxy += t * dx;
      sxx += t * t;
      ss += dx * dx;
    }
    r.slope = sxy / sxx;
    r.variability = sqrt(ss / (double)(n - 1));
  }
  *out = r;
}

/* Which touchpoints a score call looks at. */
typedef struct selection {
  const cx__jstage *stage; /* only this stage, or NULL for all */
  const char *actor;       /* only touchpoints involving it, or NULL */
  bool unassigned_for_all;
} selection;

static bool selected(const selection *sel, const cx__jtp *tp) {
  if (!sel->actor)
    return true;
  const cx__strlist *l = &tp->list[CX_TP_ACTORS];
  if (l->count == 0)
    return sel->unassigned_for_all;
  for (size_t i = 0; i < l->count; i++)
    if (strcmp(l->item[i], sel->actor) == 0)
      return true;
  return false;
}

static cx_status score_selection(const cx_journey *j, const selection *sel,
                                 const cx_journey_score_options *o,
                                 cx_journey_scores *out) {
  cx_journey_score_options use;
  cx_status st = check_options(o, &use);
  if (!st)
    st = check_scale(j);
  if (st)
    return st;
  size_t cap = cx_journey_n_touchpoints(j), n = 0;
  double *s = cx__malloc((cap ? cap : 1) * 2 * sizeof *s);
  if (!s)
    return cx__enomem();
  double *d = s + (cap ? cap : 1);
  for (size_t i = 0; i < j->n_stages; i++) {
    const cx__jstage *stage = j->stage[i];
    if (sel->stage && sel->stage != stage)
      continue;
    for (size_t k = 0; k < stage->n_tp; k++) {
      const cx__jtp *tp = stage->tp[k];
      if (isnan(tp->num[CX_TP_SCORE]) || !selected(sel, tp))
        continue;
      s[n] = tp->num[CX_TP_SCORE];
      d[n++] = tp->num[CX_TP_DURATION];
    }
  }
  aggregate(j, s, d, n, use.peak_end_weight, out);
  cx__free(s);
  return CX_OK;
}

CX_API cx_status cx_journey_score(const cx_journey *j,
                                  const cx_journey_score_options *o,
                                  cx_journey_scores *out) {
  if (!j || !out)
    return cx__error(CX_EINVAL, "cx_journey_score: NULL argument");
  selection sel = {NULL, NULL, true};
  return score_selection(j, &sel, o, out);
}

CX_API cx_status cx_journey_score_stage(const cx_journey *j,
                                        const char *stage_id,
                                        const cx_journey_score_options *o,
                                        cx_journey_scores *out) {
  cx__jstage *stage = NULL;
  cx_status st = cx__journey_lookup_stage(j, stage_id, &stage, NULL);
  if (st)
    return st;
  if (!out)
    return cx__error(CX_EINVAL, "cx_journey_score_stage: out is NULL");
  selection sel = {stage, NULL, true};
  return score_selection(j, &sel, o, out);
}

CX_API cx_status cx_journey_score_actor(const cx_journey *j,
                                        const char *actor_id,
                                        const cx_journey_score_options *o,
                                        cx_journey_scores *out) {
  cx_status st = cx_journey_actor_find(j, actor_id, NULL);
  if (st)
    return st;
  if (!out)
    return cx__error(CX_EINVAL, "cx_journey_score_actor: out is NULL");
  selection sel = {NULL, actor_id, o ? o->unassigned_for_all != 0 : true};
  return score_selection(j, &sel, o, out);
}

/* ------------------------------------------------------------------------ */
/* Gaps and zone of tolerance                                                */

static const char *const zone_names[] = {"unknown", "below", "within",
                                         "above", "inverted"};

CX_API const char *cx_journey_zone_name(cx_journey_zone z) {
  return (int)z >= 0 && (size_t)z < sizeof zone_names / sizeof zone_names[0]
             ? zone_names[z]
             : "invalid";
}

static cx_journey_gap gap_of(const cx__jtp *tp) {
  double e = tp->num[CX_TP_EXPECTATION], p = tp->num[CX_TP_EXPERIENCE];
  double a = tp->num[CX_TP_ADEQUATE], d = tp->num[CX_TP_DESIRED];
  cx_journey_gap g = {p - e, p - a, p - d, CX_JOURNEY_ZONE_UNKNOWN};
  if (isnan(p) || isnan(a) || isnan(d))
    g.zone = CX_JOURNEY_ZONE_UNKNOWN;
  else if (a > d)
    g.zone = CX_JOURNEY_ZONE_INVERTED;
  else if (p < a)
    g.zone = CX_JOURNEY_ZONE_BELOW;
  else if (p > d)
    g.zone = CX_JOURNEY_ZONE_ABOVE;
  else
    g.zone = CX_JOURNEY_ZONE_WITHIN;
  return g;
}

CX_API cx_status cx_journey_touchpoint_gap(const cx_journey *j,
                                           const char *id,
                                           cx_journey_gap *out) {
  cx__jtp *tp = NULL;
  cx_status st = cx__journey_lookup_tp(j, id, &tp);
  if (st)
    return st;
  if (!out)
    return cx__error(CX_EINVAL, "cx_journey_touchpoint_gap: out is NULL");
  *out = gap_of(tp);
  return CX_OK;
}

/* ------------------------------------------------------------------------ */
/* Priorities                                                                */

typedef struct ranked {
  char *id;
  double priority;
  double gap;
  size_t order; /* place in the journey: ties keep it */
} ranked;

static int cmp_ranked(const void *x, const void *y) {
  const ranked *a = x, *b = y;
  if (a->priority != b->priority)
    return a->priority > b->priority ? -1 : 1;
  return a->order < b->order ? -1 : a->order > b->order;
}

struct cx_journey_ranking {
  ranked *item;
  size_t count;
};

CX_API cx_status cx_journey_rank_pain_points(const cx_journey *j,
                                             cx_journey_ranking **out) {
  if (!j || !out)
    return cx__error(CX_EINVAL, "cx_journey_rank_pain_points: NULL argument");
  cx_journey_ranking *r = cx__calloc(1, sizeof *r);
  size_t cap = cx_journey_n_touchpoints(j);
  if (r && cap)
    r->item = cx__calloc(cap, sizeof *r->item);
  if (!r || (cap && !r->item)) {
    cx__free(r);
    return cx__enomem();
  }
  for (size_t i = 0; i < j->n_stages; i++)
    for (size_t k = 0; k < j->stage[i]->n_tp; k++) {
      const cx__jtp *tp = j->stage[i]->tp[k];
      double gap = gap_of(tp).gap;
      if (!(gap < 0))
        continue;
      double imp = tp->num[CX_TP_IMPORTANCE], reach = tp->num[CX_TP_REACH];
      ranked e = {cx__strdup(tp->id),
                  -gap * (isnan(imp) ? 1 : imp) * (isnan(reach) ? 1 : reach),
                  gap, r->count};
      if (!e.id) {
        cx_journey_ranking_free(r);
        return cx__enomem();
      }
      r->item[r->count++] = e;
    }
  if (r->count > 1)
    qsort(r->item, r->count, sizeof *r->item, cmp_ranked);
  *out = r;
  return CX_OK;
}

CX_API void cx_journey_ranking_free(cx_journey_ranking *r) {
  if (!r)
    return;
  for (size_t i = 0; i < r->count; i++)
    cx__free(r->item[i].id);
  cx__free(r->item);
  cx__free(r);
}

CX_API size_t cx_journey_ranking_count(const cx_journey_ranking *r) {
  return r ? r->count : 0;
}

CX_API const char *cx_journey_ranking_id(const cx_journey_ranking *r,
                                         size_t i) {
  return r && i < r->count ? r->item[i].id : NULL;
}

CX_API double cx_journey_ranking_priority(const cx_journey_ranking *r,
                                          size_t i) {
  return r && i < r->count ? r->item[i].priority : NAN;
}

CX_API double cx_journey_ranking_gap(const cx_journey_ranking *r, size_t i) {
  return r && i < r->count ? r->item[i].gap : NAN;
}

/* ------------------------------------------------------------------------ */
/* Drop-off and ending                                                       */

/* The reach of the first touchpoint that states one: customers counted on
 * entering the stage. */
static double stage_reach(const cx__jstage *s) {
  for (size_t k = 0; k < s->n_tp; k++)
    if (!isnan(s->tp[k]->num[CX_TP_REACH]))
      return s->tp[k]->num[CX_TP_REACH];
  return NAN;
}

CX_API cx_status cx_journey_stage_dropoff(const cx_journey *j,
                                          const char *stage_id,
                                          cx_journey_dropoff *out) {
  cx__jstage *s = NULL;
  size_t index = 0;
  cx_status st = cx__journey_lookup_stage(j, stage_id, &s, &index);
  if (st)
    return st;
  if (!out)
    return cx__error(CX_EINVAL, "cx_journey_stage_dropoff: out is NULL");
  cx_journey_dropoff r = {stage_reach(s), NAN, NAN, NAN};
  for (size_t i = index; i-- > 0 && isnan(r.previous);)
    r.previous = stage_reach(j->stage[i]);
  r.drop = r.previous - r.reach;
  r.drop_share = r.previous != 0 ? r.drop / r.previous : NAN;
  *out = r;
  return CX_OK;
}

CX_API cx_status cx_journey_check_ending(const cx_journey *j,
                                         cx_journey_ending *out) {
  if (!j || !out)
    return cx__error(CX_EINVAL, "cx_journey_check_ending: NULL argument");
  cx_status st = check_scale(j);
  if (st)
    return st;
  cx_journey_ending r = {0, (size_t)-1, NAN, NAN, NAN};
  double total = 0;
  size_t n = 0;
  for (size_t i = 0; i < j->n_stages; i++) {
    double sum = 0;
    size_t m = 0;
    for (size_t k = 0; k < j->stage[i]->n_tp; k++) {
      double x = normalize(j, j->stage[i]->tp[k]->num[CX_TP_SCORE]);
      if (isnan(x))
        continue;
      sum += x;
      m++;
    }
    if (m) {
      r.final_stage = i;
      r.final_mean = sum / (double)m;
      total += sum;
      n += m;
    }
  }
  if (n) {
    r.journey_mean = total / (double)n;
    r.shortfall = r.journey_mean - r.final_mean;
    r.flagged = r.final_mean < r.journey_mean;
  }
  *out = r;
  return CX_OK;
}

/* ------------------------------------------------------------------------ */
/* Comparing two journeys (as-is against to-be, or two periods): elements   */
/* are matched by id, and every difference becomes a record with old and    */
/* new values as text, so that a report or a binding can show it without    */
/* knowing each field's type.                                               */

typedef struct change {
  cx_journey_change_kind kind;
  cx_journey_element element;
  char *id;
  char *field;
  char *old_value;
  char *new_value;
} change;

struct cx_journey_diff {
  change *item;
  size_t count;
  size_t cap;
  bool failed;
  cx_journey_scores before;
  cx_journey_scores after;
};

static const char *const kind_names[] = {"invalid", "added", "removed",
                                         "moved", "changed"};

CX_API const char *cx_journey_change_kind_name(cx_journey_change_kind k) {
  return (int)k >= 1 && (size_t)k < sizeof kind_names / sizeof kind_names[0]
             ? kind_names[k]
             : "invalid";
}

static void record(cx_journey_diff *d, cx_journey_change_kind kind,
                   cx_journey_element element, const char *id,
                   const char *field, const char *old_value,
                   const char *new_value) {
  if (d->failed)
    return;
  change c = {kind, element, cx__strdup(id ? id : ""),
              cx__strdup(field ? field : ""),
              cx__strdup(old_value ? old_value : ""),
              cx__strdup(new_value ? new_value : "")};
  if (!c.id || !c.field || !c.old_value || !c.new_value ||
      !cx__jgrow((void **)&d->item, &d->cap, d->count, sizeof c)) {
    cx__free(c.id);
    cx__free(c.field);
    cx__free(c.old_value);
    cx__free(c.new_value);
    d->failed = true;
    return;
  }
  d->item[d->count++] = c;
}

/* Record a change of a text field when the texts differ. */
static void text_change(cx_journey_diff *d, cx_journey_element element,
                        const char *id, const char *field, const char *a,
                        const char *b) {
  if (!cx__jstr_eq(a, b))
    record(d, CX_JOURNEY_CHANGE_CHANGED, element, id, field,
           cx__jor_empty(a), cx__jor_empty(b));
}

/* Shortest "%g" form that reads back as the same double; "" for NaN. */
static void format_number(char *buf, size_t size, double v) {
  if (isnan(v)) {
    buf[0] = '\0';
    return;
  }
  for (int prec = 1; prec <= 17; prec++) {
    snprintf(buf, size, "%.*g", prec, v);
    if (strtod(buf, NULL) == v)
      return;
  }
}

static void number_change(cx_journey_diff *d, const char *id,
                          const char *field, double a, double b) {
  if (cx__jnum_eq(a, b))
    return;
  char x[40], y[40];
  format_number(x, sizeof x, a);
  format_number(y, sizeof y, b);
  record(d, CX_JOURNEY_CHANGE_CHANGED, CX_JOURNEY_ELEMENT_TOUCHPOINT, id,
         field, x, y);
}

/* A list as one text, items joined by newlines. */
static char *join(const cx__strlist *l) {
  if (l->count == 0)
    return cx__strdup("");
  cx_buf b;
  cx__buf_init(&b);
  for (size_t i = 0; i < l->count; i++) {
    if (i)
      cx__buf_put(&b, "\n", 1);
    cx__buf_puts(&b, l->item[i]);
  }
  return cx__buf_take(&b, NULL);
}

static const char *channel_text(const cx__jtp *tp) {
  return tp->channel == CX_CHANNEL_CUSTOM && tp->channel_name
             ? tp->channel_name
             : cx_channel_name(tp->channel);
}

static const cx__jmetric *metric(const cx__jtp *tp, const char *name) {
  for (size_t i = 0; i < tp->n_metrics; i++)
    if (strcmp(tp->metric[i].name, name) == 0)
      return &tp->metric[i];
  return NULL;
}

static void metric_change(cx_journey_diff *d, const char *id,
                          const char *name, const cx__jmetric *a,
                          const cx__jmetric *b) {
  char field[300];
  snprintf(field, sizeof field, "metric:%s", name);
  number_change(d, id, field, a ? a->value : NAN, b ? b->value : NAN);
}

static void field_changes(cx_journey_diff *d, const cx__jtp *a,
                          const cx__jtp *b) {
  const cx_journey_element E = CX_JOURNEY_ELEMENT_TOUCHPOINT;
  for (int f = 0; f < CX_TP_TEXT_COUNT; f++)
    text_change(d, E, b->id, cx_tp_text_name((cx_tp_text)f), a->text[f],
                b->text[f]);
  for (int f = 0; f < CX_TP_NUMBER_COUNT; f++)
    number_change(d, b->id, cx_tp_number_name((cx_tp_number)f), a->num[f],
                  b->num[f]);
  text_change(d, E, b->id, "channel", channel_text(a), channel_text(b));
  text_change(d, E, b->id, "owner", cx_owner_name(a->owner),
              cx_owner_name(b->owner));
  text_change(d, E, b->id, "layer", cx_layer_name(a->layer),
              cx_layer_name(b->layer));
  text_change(d, E, b->id, "moment_of_truth",
              a->moment_of_truth ? "true" : "false",
              b->moment_of_truth ? "true" : "false");
  for (int f = 0; f < CX_TP_LIST_COUNT; f++) {
    char *x = join(&a->list[f]), *y = join(&b->list[f]);
    if (!x || !y)
      d->failed = true;
    else
      text_change(d, E, b->id, cx_tp_list_name((cx_tp_list)f), x, y);
    cx__free(x);
    cx__free(y);
  }
  /* Metrics of the first journey in its order, then new ones. */
  for (size_t i = 0; i < a->n_metrics; i++)
    metric_change(d, b->id, a->metric[i].name, &a->metric[i],
                  metric(b, a->metric[i].name));
  for (size_t i = 0; i < b->n_metrics; i++)
    if (!metric(a, b->metric[i].name))
      metric_change(d, b->id, b->metric[i].name, NULL, &b->metric[i]);
}

/* Mark in kept[] the longest strictly increasing subsequence of pos[0..n):
 * the shared elements whose relative order did not change.  Among equally
 * long ones the choice is fixed (earliest predecessors), so diffs are
 * reproducible.  Returns false when out of memory. */
static bool keep_order(const size_t *pos, size_t n, bool *kept) {
  if (n == 0)
    return true;
  size_t *len = cx__calloc(n, sizeof *len), *prev = cx__calloc(n, sizeof *prev);
  if (!len || !prev) {
    cx__free(len);
    cx__free(prev);
    return false;
  }
  size_t best = 0;
  for (size_t i = 0; i < n; i++) {
    len[i] = 1;
    prev[i] = SIZE_MAX;
    for (size_t k = 0; k < i; k++)
      if (pos[k] < pos[i] && len[k] + 1 > len[i]) {
        len[i] = len[k] + 1;
        prev[i] = k;
      }
    if (len[i] > len[best])
      best = i;
  }
  memset(kept, 0, n * sizeof *kept);
  for (size_t i = best; i != SIZE_MAX; i = prev[i])
    kept[i] = true;
  cx__free(len);
  cx__free(prev);
  return true;
}

static void diff_actors(cx_journey_diff *d, const cx_journey *a,
                        const cx_journey *b) {
  const cx_journey_element E = CX_JOURNEY_ELEMENT_ACTOR;
  for (size_t i = 0; i < b->n_actors; i++) {
    size_t k = 0;
    if (cx_journey_actor_find(a, b->actor[i].id, &k) != CX_OK)
      record(d, CX_JOURNEY_CHANGE_ADDED, E, b->actor[i].id, "", "",
             b->actor[i].name);
    else
      text_change(d, E, b->actor[i].id, "name", a->actor[k].name,
                  b->actor[i].name);
  }
  for (size_t i = 0; i < a->n_actors; i++)
    if (cx_journey_actor_find(b, a->actor[i].id, NULL) != CX_OK)
      record(d, CX_JOURNEY_CHANGE_REMOVED, E, a->actor[i].id, "",
             a->actor[i].name, "");
}

static void diff_stages(cx_journey_diff *d, const cx_journey *a,
                        const cx_journey *b) {
  const cx_journey_element E = CX_JOURNEY_ELEMENT_STAGE;
  size_t n = b->n_stages, m = 0;
  size_t *pos = cx__calloc(n ? n : 1, sizeof *pos);
  bool *kept = cx__calloc(n ? n : 1, sizeof *kept);
  if (!pos || !kept) {
    d->failed = true;
    goto done;
  }
  for (size_t i = 0; i < n; i++)
    if (cx__journey_find_stage(a, b->stage[i]->id, &pos[m]))
      m++;
  if (!keep_order(pos, m, kept)) {
    d->failed = true;
    goto done;
  }
  m = 0;
  for (size_t i = 0; i < n; i++) {
    const cx__jstage *s = b->stage[i];
    size_t k = 0;
    const cx__jstage *r = cx__journey_find_stage(a, s->id, &k);
    if (!r) {
      record(d, CX_JOURNEY_CHANGE_ADDED, E, s->id, "", "", s->name);
      continue;
    }
    if (!kept[m++]) {
      char x[32], y[32];
      snprintf(x, sizeof x, "%zu", k);
      snprintf(y, sizeof y, "%zu", i);
      record(d, CX_JOURNEY_CHANGE_MOVED, E, s->id, "position", x, y);
    }
    text_change(d, E, s->id, "name", r->name, s->name);
    text_change(d, E, s->id, "description", r->description, s->description);
  }
  for (size_t i = 0; i < a->n_stages; i++)
    if (!cx__journey_find_stage(b, a->stage[i]->id, NULL))
      record(d, CX_JOURNEY_CHANGE_REMOVED, E, a->stage[i]->id, "",
             a->stage[i]->name, "");
done:
  cx__free(pos);
  cx__free(kept);
}

/* Touchpoints of one stage of the second journey. */
static void diff_stage_tps(cx_journey_diff *d, const cx_journey *a,
                           const cx__jstage *s, size_t *pos, bool *kept) {
  const cx_journey_element E = CX_JOURNEY_ELEMENT_TOUCHPOINT;
  size_t m = 0, si = 0;
  /* Order is compared only among touchpoints that stay in this stage. */
  for (size_t k = 0; k < s->n_tp; k++) {
    const cx__jtp *r = cx__journey_find_tp(a, s->tp[k]->id, &si, &pos[m]);
    if (r && strcmp(a->stage[si]->id, s->id) == 0)
      m++;
  }
  if (!keep_order(pos, m, kept)) {
    d->failed = true;
    return;
  }
  m = 0;
  for (size_t k = 0; k < s->n_tp; k++) {
    const cx__jtp *tp = s->tp[k];
    size_t old_pos = 0;
    const cx__jtp *r = cx__journey_find_tp(a, tp->id, &si, &old_pos);
    if (!r) {
      record(d, CX_JOURNEY_CHANGE_ADDED, E, tp->id, "", "",
             tp->text[CX_TP_NAME]);
      continue;
    }
    if (strcmp(a->stage[si]->id, s->id) != 0) {
      record(d, CX_JOURNEY_CHANGE_MOVED, E, tp->id, "stage", a->stage[si]->id,
             s->id);
    } else if (!kept[m++]) {
      char x[32], y[32];
      snprintf(x, sizeof x, "%zu", old_pos);
      snprintf(y, sizeof y, "%zu", k);
      record(d, CX_JOURNEY_CHANGE_MOVED, E, tp->id, "position", x, y);
    }
    field_changes(d, r, tp);
  }
}

static void diff_touchpoints(cx_journey_diff *d, const cx_journey *a,
                             const cx_journey *b) {
  size_t cap = 1;
  for (size_t i = 0; i < b->n_stages; i++)
    if (b->stage[i]->n_tp > cap)
      cap = b->stage[i]->n_tp;
  size_t *pos = cx__calloc(cap, sizeof *pos);
  bool *kept = cx__calloc(cap, sizeof *kept);
  if (!pos || !kept)
    d->failed = true;
  for (size_t i = 0; !d->failed && i < b->n_stages; i++)
    diff_stage_tps(d, a, b->stage[i], pos, kept);
  cx__free(pos);
  cx__free(kept);
  for (size_t i = 0; i < a->n_stages; i++)
    for (size_t k = 0; k < a->stage[i]->n_tp; k++) {
      const cx__jtp *tp = a->stage[i]->tp[k];
      if (!cx__journey_find_tp(b, tp->id, NULL, NULL))
        record(d, CX_JOURNEY_CHANGE_REMOVED, CX_JOURNEY_ELEMENT_TOUCHPOINT,
               tp->id, "", tp->text[CX_TP_NAME], "");
    }
}

static void diff_journey(cx_journey_diff *d, const cx_journey *a,
                         const cx_journey *b) {
  const cx_journey_element E = CX_JOURNEY_ELEMENT_JOURNEY;
  text_change(d, E, "", "title", a->title, b->title);
  text_change(d, E, "", "description", a->description, b->description);
  if (!cx__jnum_eq(a->min, b->min) || !cx__jnum_eq(a->neutral, b->neutral) ||
      !cx__jnum_eq(a->max, b->max)) {
    char x[3][40], y[3][40], xs[128], ys[128];
    const double av[3] = {a->min, a->neutral, a->max};
    const double bv[3] = {b->min, b->neutral, b->max};
    for (int i = 0; i < 3; i++) {
      format_number(x[i], sizeof x[i], av[i]);
      format_number(y[i], sizeof y[i], bv[i]);
    }
    snprintf(xs, sizeof xs, "%s,%s,%s", x[0], x[1], x[2]);
    snprintf(ys, sizeof ys, "%s,%s,%s", y[0], y[1], y[2]);
    record(d, CX_JOURNEY_CHANGE_CHANGED, E, "", "scale", xs, ys);
  }
}

CX_API cx_status cx_journey_diff_new(cx_journey_diff **out,
                                     const cx_journey *before,
                                     const cx_journey *after,
                                     const cx_journey_score_options *options) {
  if (!out || !before || !after)
    return cx__error(CX_EINVAL, "cx_journey_diff_new: NULL argument");
  cx_journey_diff *d = cx__calloc(1, sizeof *d);
  if (!d)
    return cx__enomem();
  cx_status st = cx_journey_score(before, options, &d->before);
  if (!st)
    st = cx_journey_score(after, options, &d->after);
  if (st) {
    cx__free(d);
    return st;
  }
  diff_journey(d, before, after);
  diff_actors(d, before, after);
  diff_stages(d, before, after);
  diff_touchpoints(d, before, after);
  if (d->failed) {
    cx_journey_diff_free(d);
    return cx__enomem();
  }
  *out = d;
  return CX_OK;
}

CX_API void cx_journey_diff_free(cx_journey_diff *d) {
  if (!d)
    return;
  for (size_t i = 0; i < d->count; i++) {
    cx__free(d->item[i].id);
    cx__free(d->item[i].field);
    cx__free(d->item[i].old_value);
    cx__free(d->item[i].new_value);
  }
  cx__free(d->item);
  cx__free(d);
}

CX_API size_t cx_journey_diff_count(const cx_journey_diff *d) {
  return d ? d->count : 0;
}

static const change *at(const cx_journey_diff *d, size_t i) {
  return d && i < d->count ? &d->item[i] : NULL;
}

CX_API cx_journey_change_kind cx_journey_diff_kind(const cx_journey_diff *d,
                                                   size_t i) {
  return at(d, i) ? at(d, i)->kind : (cx_journey_change_kind)0;
}

CX_API cx_journey_element cx_journey_diff_element(const cx_journey_diff *d,
                                                  size_t i) {
  return at(d, i) ? at(d, i)->element : CX_JOURNEY_ELEMENT_JOURNEY;
}

CX_API const char *cx_journey_diff_id(const cx_journey_diff *d, size_t i) {
  return at(d, i) ? at(d, i)->id : NULL;
}

CX_API const char *cx_journey_diff_field(const cx_journey_diff *d, size_t i) {
  return at(d, i) ? at(d, i)->field : NULL;
}

CX_API const char *cx_journey_diff_old_value(const cx_journey_diff *d,
                                             size_t i) {
  return at(d, i) ? at(d, i)->old_value : NULL;
}

CX_API const char *cx_journey_diff_new_value(const cx_journey_diff *d,
                                             size_t i) {
  return at(d, i) ? at(d, i)->new_value : NULL;
}

CX_API cx_status cx_journey_diff_scores(const cx_journey_diff *d,
                                        cx_journey_scores *before,
                                        cx_journey_scores *after) {
  if (!d)
    return cx__error(CX_EINVAL, "cx_journey_diff_scores: diff is NULL");
  if (before)
    *before = d->before;
  if (after)
    *after = d->after;
  return CX_OK;
}

CX_API double cx_journey_diff_score_change(const cx_journey_diff *d,
                                           cx_journey_aggregate a) {
  if (!d)
    return NAN;
  return cx_journey_scores_get(&d->after, a) -
         cx_journey_scores_get(&d->before, a);
}
