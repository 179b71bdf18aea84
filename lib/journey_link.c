/*
 * Measured results into journey maps: gap results per item and metrics per
 * segment, written into the touchpoints whose ids they name
 * (cx_gap_result_link_journey, cx_metric_survey_link_journey), with a
 * report of what matched.
 *
 * Both links write into a copy of the journey and exchange the contents
 * only when everything has been written, so a failure (a value the
 * journey refuses, memory) leaves the caller's journey as it was.
 */
#include <math.h>
#include <string.h>

#include <cx/gap.h>
#include <cx/metrics.h>

#include "internal.h"
#include "journey_internal.h"

enum { NLISTS = 4 };

struct cx_journey_link_report {
  char **id[NLISTS];
  size_t n[NLISTS], cap[NLISTS];
};

CX_API void cx_journey_link_report_free(cx_journey_link_report *r) {
  if (!r)
    return;
  for (int l = 0; l < NLISTS; l++) {
    for (size_t i = 0; i < r->n[l]; i++)
      cx__free(r->id[l][i]);
    cx__free(r->id[l]);
  }
  cx__free(r);
}

static bool list_ok(cx_journey_link_list list) {
  return list >= CX_LINK_MATCHED && list <= CX_LINK_TOUCHPOINT_ONLY;
}

CX_API size_t cx_journey_link_report_count(const cx_journey_link_report *r,
                                           cx_journey_link_list list) {
  return r && list_ok(list) ? r->n[list] : 0;
}

CX_API const char *cx_journey_link_report_id(const cx_journey_link_report *r,
                                             cx_journey_link_list list,
                                             size_t index) {
  if (!r || !list_ok(list) || index >= r->n[list])
    return NULL;
  return r->id[list][index];
}

static bool report_add(cx_journey_link_report *r, int list, const char *id) {
  if (r->n[list] == r->cap[list]) {
    size_t cap = r->cap[list] ? 2 * r->cap[list] : 16;
    char **p = cx__realloc(r->id[list], cap * sizeof *p);
    if (!p)
      return false;
    r->id[list] = p;
    r->cap[list] = cap;
  }
  char *copy = cx__strdup(id);
  if (!copy)
    return false;
  r->id[list][r->n[list]++] = copy;
  return true;
}

/* Touchpoints of the journey that @p ids does not name. */
static cx_status add_unmatched(cx_journey_link_report *r,
                               const cx_journey *j, const cx_names *ids) {
  for (size_t s = 0; s < j->n_stages; s++) {
    const cx__jstage *st = j->stage[s];
    for (size_t t = 0; t < st->n_tp; t++) {
      const char *id = st->tp[t]->id ? st->tp[t]->id : "";
      if (cx__names_find(ids, id, strlen(id)) == SIZE_MAX &&
          !report_add(r, CX_LINK_TOUCHPOINT_ONLY, id))
        return cx__enomem();
    }
  }
  return CX_OK;
}

/* Put the written copy in place of the caller's journey. */
static void take_over(cx_journey *journey, cx_journey *work) {
  cx_journey tmp = *journey;
  *journey = *work;
  *work = tmp;
  cx_journey_free(work);
}

static bool has_touchpoint(const cx_journey *j, const char *id) {
  for (size_t s = 0; s < j->n_stages; s++)
    for (size_t t = 0; t < j->stage[s]->n_tp; t++) {
      const char *tid = j->stage[s]->tp[t]->id;
      if (tid && strcmp(tid, id) == 0)
        return true;
    }
  return false;
}

/* ---- gap results -------------------------------------------------------- */

static cx_status check_gap_options(const cx_gap_link_options *o) {
  if (o->version != CX_GAP_LINK_OPTIONS_VERSION)
    return cx__error(CX_EINVAL, "cx_gap_result_link_journey: options version "
                     "%u, expected %u", o->version,
                     CX_GAP_LINK_OPTIONS_VERSION);
  if (!isfinite(o->scale_min) || !isfinite(o->scale_max) ||
      o->scale_min > o->scale_max)
    return cx__error(CX_EINVAL, "cx_gap_result_link_journey: scale %g to %g "
                     "is not a finite range", o->scale_min, o->scale_max);
  return CX_OK;
}

/* Write one item; *wrote says whether any field was set. */
static cx_status write_item(cx_journey *w, const cx_gap_item_result *it,
                            const cx_gap_link_options *o, double from,
                            double k, double to, bool *wrote) {
  *wrote = false;
  cx_status st = CX_OK;
  const cx_gap_stats *g = &it->gap;
  if (isfinite(g->mean_e) && isfinite(g->mean_p)) {
    double e = to + (g->mean_e - from) * k, p = to + (g->mean_p - from) * k;
    if ((st = cx_journey_touchpoint_set_number(w, it->id, CX_TP_EXPECTATION,
                                               e)) ||
        (st = cx_journey_touchpoint_set_number(w, it->id, CX_TP_EXPERIENCE,
                                               p)))
      return st;
    *wrote = true;
    if (o->zone && it->zot_n > 0 && isfinite(it->msa_mean) &&
        isfinite(it->mss_mean)) {
      if ((st = cx_journey_touchpoint_set_number(
               w, it->id, CX_TP_ADEQUATE, p - k * it->msa_mean)) ||
          (st = cx_journey_touchpoint_set_number(
               w, it->id, CX_TP_DESIRED, p - k * it->mss_mean)))
        return st;
    }
  }
  if (o->importance && isfinite(it->importance_mean)) {
    if ((st = cx_journey_touchpoint_set_number(w, it->id, CX_TP_IMPORTANCE,
                                               it->importance_mean)))
      return st;
    *wrote = true;
  }
  return CX_OK;
}

static cx_status link_items(const cx_gap_result *result, cx_journey *w,
                            const cx_gap_link_options *o,
                            cx_journey_link_report *rep, cx_names *ids) {
  /* Linear map from the answer scale onto the journey's. */
  double from = 0.0, k = 1.0, to = 0.0;
  if (o->scale_min < o->scale_max) {
    from = o->scale_min;
    to = w->min;
    k = (w->max - w->min) / (o->scale_max - o->scale_min);
  }
  size_t n = cx_gap_result_n_items(result);
  for (size_t i = 0; i < n; i++) {
    const cx_gap_item_result *it = cx_gap_result_item(result, i);
    if (o->importance && it->importance_mean < 0.0)
      return cx__error(CX_ERANGE, "item %s: mean importance %g is negative; "
                       "a journey takes importance >= 0", it->id,
                       it->importance_mean);
    if (cx__names_add(ids, it->id, strlen(it->id)) == SIZE_MAX)
      return cx__enomem();
    int list = CX_LINK_ITEM_ONLY;
    if (has_touchpoint(w, it->id)) {
      bool wrote;
      cx_status st = write_item(w, it, o, from, k, to, &wrote);
      if (st)
        return st;
      list = wrote ? CX_LINK_MATCHED : CX_LINK_NO_DATA;
    }
    if (!report_add(rep, list, it->id))
      return cx__enomem();
  }
  return add_unmatched(rep, w, ids);
}

/* Shared frame of both links: copy, write, report, take over. */
typedef cx_status (*link_fn)(const void *src, cx_journey *w, const void *o,
                             cx_journey_link_report *rep, cx_names *ids);

static cx_status link_run(const void *src, cx_journey *journey,
                          const void *o, link_fn fn,
                          cx_journey_link_report **report) {
  cx_journey *w = NULL;
  cx_journey_link_report *rep = cx__calloc(1, sizeof *rep);
  cx_names ids;
  cx__names_init(&ids);
  cx_status st = rep ? cx_journey_copy(&w, journey) : cx__enomem();
  if (!st)
    st = fn(src, w, o, rep, &ids);
  cx__names_free(&ids);
  if (st) {
    cx_journey_free(w);
    cx_journey_link_report_free(rep);
    return st;
  }
  take_over(journey, w);
  if (report)
    *report = rep;
  else
    cx_journey_link_report_free(rep);
  return CX_OK;
}

static cx_status gap_fn(const void *src, cx_journey *w, const void *o,
                        cx_journey_link_report *rep, cx_names *ids) {
  return link_items(src, w, o, rep, ids);
}

CX_API cx_status cx_gap_result_link_journey(const cx_gap_result *result,
                                            cx_journey *journey,
                                            const cx_gap_link_options *options,
                                            cx_journey_link_report **report) {
  if (!result || !journey)
    return cx__error(CX_EINVAL, "cx_gap_result_link_journey: NULL argument");
  const cx_gap_link_options defaults = CX_GAP_LINK_OPTIONS_INIT;
  const cx_gap_link_options *o = options ? options : &defaults;
  cx_status st = check_gap_options(o);
  if (st)
    return st;
  return link_run(result, journey, o, gap_fn, report);
}

/* ---- metrics ------------------------------------------------------------ */

typedef struct metric_link {
  const cx_metric_survey *survey;
  const cx_metric_link_options *o;
  const char *name;
} metric_link;

/* The value of segment @p s: NaN when it has no answers. */
static cx_status metric_value(const metric_link *m, size_t s, double *out) {
  cx_metric_kind kind = cx_metric_survey_kind(m->survey);
  cx_status st;
  if (kind == CX_METRIC_NPS) {
    cx_nps_options no = CX_NPS_OPTIONS_INIT;
    no.bootstrap = 0;
    no.percent = m->o->percent;
    cx_nps_result *r = NULL;
    if ((st = cx_nps_compute(&r, m->survey, s, &no)))
      return st;
    *out = r->nps;
    cx_nps_result_free(r);
  } else if (kind == CX_METRIC_CSAT) {
    cx_csat_options co = CX_CSAT_OPTIONS_INIT;
    co.method = m->o->csat_method;
    cx_csat_result *r = NULL;
    if ((st = cx_csat_compute(&r, m->survey, s, &co)))
      return st;
    *out = r->value;
    cx_csat_result_free(r);
  } else {
    cx_ces_result *r = NULL;
    if ((st = cx_ces_compute(&r, m->survey, s, NULL)))
      return st;
    *out = r->mean;
    cx_ces_result_free(r);
  }
  return CX_OK;
}

static cx_status metric_fn(const void *src, cx_journey *w, const void *o,
                           cx_journey_link_report *rep, cx_names *ids) {
  (void)o;
  const metric_link *m = src;
  size_t n = cx_metric_survey_n_segments(m->survey);
  for (size_t s = 0; s < n; s++) {
    const char *id = cx_metric_survey_segment_name(m->survey, s);
    if (cx__names_add(ids, id, strlen(id)) == SIZE_MAX)
      return cx__enomem();
    int list = CX_LINK_ITEM_ONLY;
    if (has_touchpoint(w, id)) {
      double v;
      cx_status st = metric_value(m, s, &v);
      if (st)
        return st;
      list = CX_LINK_NO_DATA;
      if (isfinite(v)) {
        if ((st = cx_journey_touchpoint_metric_set(w, id, m->name, v)))
          return st;
        list = CX_LINK_MATCHED;
      }
    }
    if (!report_add(rep, list, id))
      return cx__enomem();
  }
  return add_unmatched(rep, w, ids);
}

CX_API cx_status cx_metric_survey_link_journey(
    const cx_metric_survey *survey, cx_journey *journey,
    const cx_metric_link_options *options, cx_journey_link_report **report) {
  static const char fn[] = "cx_metric_survey_link_journey";
  if (!survey || !journey)
    return cx__error(CX_EINVAL, "%s: NULL argument", fn);
  const cx_metric_link_options defaults = CX_METRIC_LINK_OPTIONS_INIT;
  const cx_metric_link_options *o = options ? options : &defaults;
  if (o->version != CX_METRIC_LINK_OPTIONS_VERSION)
    return cx__error(CX_EINVAL, "%s: options version %u, expected %u", fn,
                     o->version, CX_METRIC_LINK_OPTIONS_VERSION);
  cx_metric_kind kind = cx_metric_survey_kind(survey);
  if (o->name && (!*o->name || !cx__utf8_valid(o->name, strlen(o->name))))
    return cx__error(CX_EINVAL, "%s: the metric name is empty or not UTF-8",
                     fn);
  if (kind == CX_METRIC_CSAT && o->csat_method != CX_CSAT_TOP2BOX &&
      o->csat_method != CX_CSAT_MEAN)
    return cx__error(CX_EINVAL, "%s: CSAT needs a method (top-2-box or mean) "
                     "in the options", fn);
  if (cx_metric_survey_n_segments(survey) == 0)
    return cx__error(CX_ESTATE, "%s: the survey has no segments; a link needs "
                     "one segment per touchpoint id", fn);
  metric_link m = {survey, o, o->name ? o->name : cx_metric_kind_name(kind)};
  return link_run(&m, journey, o, metric_fn, report);
}
