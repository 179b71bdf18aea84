/*
 * Validation of a journey: every problem at once, so that an editor or a
 * reader of untrusted files can show the full list instead of the first
 * fault.  Data built through the public API can only hold the faults that
 * depend on context (scale, actor declarations, adequate vs desired, empty
 * names); the rest come from readers using the unchecked internal path.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"
#include "journey_internal.h"

typedef struct problem {
  cx_journey_problem_code code;
  cx_journey_element element;
  char *id;
  char *field;
  char *message;
} problem;

struct cx_journey_problems {
  problem *item;
  size_t count;
  size_t cap;
  bool failed; /* an allocation failed; reported once at the end */
};

static const char *const code_names[] = {
    "invalid",       "duplicate-id", "empty-id",   "empty-name",
    "unknown-actor", "bad-scale",    "out-of-scale", "not-finite",
    "negative",      "inverted-zone", "channel-name"};

CX_API const char *cx_journey_problem_code_name(cx_journey_problem_code c) {
  if ((int)c < 1 || (size_t)c >= sizeof code_names / sizeof code_names[0])
    return "invalid";
  return code_names[c];
}

static void add(cx_journey_problems *p, cx_journey_problem_code code,
                cx_journey_element element, const char *id, const char *field,
                const char *fmt, ...) CX_PRINTF(6, 7);

static void add(cx_journey_problems *p, cx_journey_problem_code code,
                cx_journey_element element, const char *id, const char *field,
                const char *fmt, ...) {
  if (p->failed)
    return;
  cx_buf b;
  cx__buf_init(&b);
  if (element != CX_JOURNEY_ELEMENT_JOURNEY)
    cx__buf_printf(&b, "%s '%s': ", cx_journey_element_name(element), id);
  va_list ap;
  va_start(ap, fmt);
  char tmp[512];
  vsnprintf(tmp, sizeof tmp, fmt, ap);
  va_end(ap);
  cx__buf_puts(&b, tmp);
  problem q = {code, element, cx__strdup(id ? id : ""),
               cx__strdup(field ? field : ""), cx__buf_take(&b, NULL)};
  if (b.failed || !q.id || !q.field || !q.message ||
      !cx__jgrow((void **)&p->item, &p->cap, p->count, sizeof q)) {
    cx__free(q.id);
    cx__free(q.field);
    cx__free(q.message);
    cx__buf_free(&b);
    p->failed = true;
    return;
  }
  p->item[p->count++] = q;
}

/* Report an empty id, or an id already in @p seen (else remember it). */
static void check_unique(cx_journey_problems *p, cx_names *seen,
                     cx_journey_element element, const char *id) {
  if (!*id) {
    add(p, CX_JOURNEY_PROBLEM_EMPTY_ID, element, id, "id", "empty id");
    return;
  }
  size_t len = strlen(id);
  if (cx__names_find(seen, id, len) != SIZE_MAX)
    add(p, CX_JOURNEY_PROBLEM_DUPLICATE_ID, element, id, "id",
        "id used more than once");
  else if (cx__names_add(seen, id, len) == SIZE_MAX)
    p->failed = true;
}

static bool scale_ok(const cx_journey *j) {
  return isfinite(j->min) && isfinite(j->neutral) && isfinite(j->max) &&
         j->min <= j->neutral && j->neutral < j->max;
}

static void check_tp(cx_journey_problems *p, const cx_journey *j,
                     const cx__jtp *tp, bool scale_valid) {
  const cx_journey_element E = CX_JOURNEY_ELEMENT_TOUCHPOINT;
  if (!*tp->text[CX_TP_NAME])
    add(p, CX_JOURNEY_PROBLEM_EMPTY_NAME, E, tp->id, "name", "empty name");
  if (tp->channel == CX_CHANNEL_CUSTOM &&
      (!tp->channel_name || !*tp->channel_name))
    add(p, CX_JOURNEY_PROBLEM_CHANNEL_NAME, E, tp->id, "channel",
        "custom channel without a name");
  const cx__strlist *actors = &tp->list[CX_TP_ACTORS];
  for (size_t i = 0; i < actors->count; i++) {
    const char *a = actors->item[i];
    bool declared = false, repeated = false;
    for (size_t k = 0; k < j->n_actors && !declared; k++)
      declared = strcmp(j->actor[k].id, a) == 0;
    for (size_t k = 0; k < i && !repeated; k++)
      repeated = strcmp(actors->item[k], a) == 0;
    if (!declared)
      add(p, CX_JOURNEY_PROBLEM_UNKNOWN_ACTOR, E, tp->id, "actors",
          "actor '%s' is not declared in the journey", a);
    else if (repeated)
      add(p, CX_JOURNEY_PROBLEM_UNKNOWN_ACTOR, E, tp->id, "actors",
          "actor '%s' is listed more than once", a);
  }
  for (int f = 0; f < CX_TP_NUMBER_COUNT; f++) {
    double v = tp->num[f];
    const char *name = cx_tp_number_name((cx_tp_number)f);
    if (isnan(v))
      continue;
    if (isinf(v)) {
      add(p, CX_JOURNEY_PROBLEM_NOT_FINITE, E, tp->id, name,
          "%s is %s", name, v > 0 ? "infinite" : "-infinite");
    } else if (f <= CX_TP_DESIRED) {
      if (scale_valid && (v < j->min || v > j->max))
        add(p, CX_JOURNEY_PROBLEM_OUT_OF_SCALE, E, tp->id, name,
            "%s %g is outside the scale %g..%g", name, v, j->min, j->max);
    } else if (v < 0) {
      add(p, CX_JOURNEY_PROBLEM_NEGATIVE, E, tp->id, name,
          "%s %g is negative", name, v);
    }
  }
  double a = tp->num[CX_TP_ADEQUATE], d = tp->num[CX_TP_DESIRED];
  if (isfinite(a) && isfinite(d) && a > d)
    add(p, CX_JOURNEY_PROBLEM_INVERTED_ZONE, E, tp->id, "adequate",
        "adequate level %g is above the desired level %g", a, d);
  for (size_t i = 0; i < tp->n_metrics; i++) {
    const char *m = tp->metric[i].name;
    char field[256];
    snprintf(field, sizeof field, "metric:%s", m);
    if (!*m)
      add(p, CX_JOURNEY_PROBLEM_EMPTY_NAME, E, tp->id, field,
          "metric with an empty name");
    if (!isfinite(tp->metric[i].value))
      add(p, CX_JOURNEY_PROBLEM_NOT_FINITE, E, tp->id, field,
          "metric '%s' is %g, not a finite number", m, tp->metric[i].value);
  }
}

CX_API cx_status cx_journey_validate(const cx_journey *j,
                                     cx_journey_problems **out) {
  if (!j || !out)
    return cx__error(CX_EINVAL, "cx_journey_validate: NULL argument");
  cx_journey_problems *p = cx__calloc(1, sizeof *p);
  if (!p)
    return cx__enomem();
  bool scale_valid = scale_ok(j);
  if (!scale_valid)
    add(p, CX_JOURNEY_PROBLEM_BAD_SCALE, CX_JOURNEY_ELEMENT_JOURNEY, "",
        "scale",
        "scale needs finite min <= neutral < max, got min %g, neutral %g, "
        "max %g",
        j->min, j->neutral, j->max);
  cx_names seen;
  cx__names_init(&seen);
  for (size_t i = 0; i < j->n_actors; i++) {
    check_unique(p, &seen, CX_JOURNEY_ELEMENT_ACTOR, j->actor[i].id);
    if (!*j->actor[i].name)
      add(p, CX_JOURNEY_PROBLEM_EMPTY_NAME, CX_JOURNEY_ELEMENT_ACTOR,
          j->actor[i].id, "name", "empty name");
  }
  /* Actors have their own namespace; stages and touchpoints share one. */
  cx__names_free(&seen);
  cx__names_init(&seen);
  for (size_t i = 0; i < j->n_stages; i++) {
    const cx__jstage *s = j->stage[i];
    check_unique(p, &seen, CX_JOURNEY_ELEMENT_STAGE, s->id);
    if (!*s->name)
      add(p, CX_JOURNEY_PROBLEM_EMPTY_NAME, CX_JOURNEY_ELEMENT_STAGE, s->id,
          "name", "empty name");
    for (size_t k = 0; k < s->n_tp; k++) {
      check_unique(p, &seen, CX_JOURNEY_ELEMENT_TOUCHPOINT, s->tp[k]->id);
      check_tp(p, j, s->tp[k], scale_valid);
    }
  }
  cx__names_free(&seen);
  if (p->failed) {
    cx_journey_problems_free(p);
    return cx__enomem();
  }
  *out = p;
  return CX_OK;
}

CX_API void cx_journey_problems_free(cx_journey_problems *p) {
  if (!p)
    return;
  for (size_t i = 0; i < p->count; i++) {
    cx__free(p->item[i].id);
    cx__free(p->item[i].field);
    cx__free(p->item[i].message);
  }
  cx__free(p->item);
  cx__free(p);
}

CX_API size_t cx_journey_problems_count(const cx_journey_problems *p) {
  return p ? p->count : 0;
}

static const problem *at(const cx_journey_problems *p, size_t i) {
  return p && i < p->count ? &p->item[i] : NULL;
}

CX_API cx_journey_problem_code
cx_journey_problems_code(const cx_journey_problems *p, size_t i) {
  return at(p, i) ? at(p, i)->code : (cx_journey_problem_code)0;
}

CX_API cx_journey_element
cx_journey_problems_element(const cx_journey_problems *p, size_t i) {
  return at(p, i) ? at(p, i)->element : CX_JOURNEY_ELEMENT_JOURNEY;
}

CX_API const char *cx_journey_problems_id(const cx_journey_problems *p,
                                          size_t i) {
  return at(p, i) ? at(p, i)->id : NULL;
}

CX_API const char *cx_journey_problems_field(const cx_journey_problems *p,
                                             size_t i) {
  return at(p, i) ? at(p, i)->field : NULL;
}

CX_API const char *cx_journey_problems_message(const cx_journey_problems *p,
                                               size_t i) {
  return at(p, i) ? at(p, i)->message : NULL;
}
