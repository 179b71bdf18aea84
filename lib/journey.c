/*
 * The journey model: actors, stages in order, touchpoints in order within
 * stages, and their fields.  Elements are found by id with a linear scan:
 * journey maps hold tens to hundreds of touchpoints, and a scan keeps
 * removal and moves trivial.  Every mutating function checks first and
 * allocates before it changes anything, so a failed call leaves the
 * journey as it was.  Touchpoints live in journey_touchpoint.c and
 * validation in journey_validate.c.
 */
#include <math.h>
#include <string.h>
#include <strings.h>

#include "internal.h"
#include "journey_internal.h"

/* ------------------------------------------------------------------------ */
/* Names of enum values                                                      */

static const char *const channel_names[] = {
    "none", "web",    "app",    "email", "phone", "chat",
    "store", "letter", "social", "event", "other", "custom"};
static const char *const owner_names[] = {"none", "brand", "partner",
                                          "customer", "social"};
static const char *const layer_names[] = {"none", "frontstage", "backstage"};
static const char *const tp_text_names[] = {"name", "description",
                                            "department"};
static const char *const tp_number_names[] = {
    "score",      "expectation", "experience", "adequate",
    "desired",    "importance",  "duration",   "reach"};
static const char *const tp_list_names[] = {"actors", "pain_points",
                                            "opportunities", "quotes"};
static const char *const element_names[] = {"journey", "actor", "stage",
                                            "touchpoint"};

#define NAME_OF(table, v)                                                      \
  (((int)(v) >= 0 && (size_t)(v) < sizeof table / sizeof table[0])            \
       ? table[(int)(v)]                                                       \
       : "invalid")

CX_API const char *cx_channel_name(cx_channel c) {
  return NAME_OF(channel_names, c);
}
CX_API const char *cx_owner_name(cx_owner o) { return NAME_OF(owner_names, o); }
CX_API const char *cx_layer_name(cx_layer l) { return NAME_OF(layer_names, l); }
CX_API const char *cx_tp_text_name(cx_tp_text f) {
  return NAME_OF(tp_text_names, f);
}
CX_API const char *cx_tp_number_name(cx_tp_number f) {
  return NAME_OF(tp_number_names, f);
}
CX_API const char *cx_tp_list_name(cx_tp_list f) {
  return NAME_OF(tp_list_names, f);
}
CX_API const char *cx_journey_element_name(cx_journey_element e) {
  return NAME_OF(element_names, e);
}

/* Look @p text up in a table of aliases (ASCII case ignored). */
typedef struct alias {
  const char *text;
  int value;
} alias;

static cx_status parse_alias(const alias *a, size_t n, const char *what,
                             const char *text, int *out) {
  if (!text || !out)
    return cx__error(CX_EINVAL, "cx_%s_parse: NULL argument", what);
  for (size_t i = 0; i < n; i++)
    if (strcasecmp(a[i].text, text) == 0) {
      *out = a[i].value;
      return CX_OK;
    }
  return cx__error_at(CX_EPARSE, NULL, 0, 0, text, strlen(text),
                      "not a known %s", what);
}

CX_API cx_status cx_channel_parse(const char *text, cx_channel *out) {
  static const alias a[] = {
      {"", 0},        {"none", 0},   {"web", 1},    {"app", 2},
      {"email", 3},   {"e-mail", 3}, {"phone", 4},  {"chat", 5},
      {"store", 6},   {"letter", 7}, {"social", 8}, {"event", 9},
      {"other", 10}};
  int v = 0;
  cx_status st = parse_alias(a, sizeof a / sizeof a[0], "channel", text, &v);
  if (st == CX_OK)
    *out = (cx_channel)v;
  return st;
}

CX_API cx_status cx_owner_parse(const char *text, cx_owner *out) {
  static const alias a[] = {
      {"", 0},        {"none", 0},          {"brand", 1},
      {"partner", 2}, {"customer", 3},      {"social", 4},
      {"external", 4}, {"brand-owned", 1},  {"partner-owned", 2},
      {"customer-owned", 3}, {"social/external", 4}};
  int v = 0;
  cx_status st = parse_alias(a, sizeof a / sizeof a[0], "owner", text, &v);
  if (st == CX_OK)
    *out = (cx_owner)v;
  return st;
}

CX_API cx_status cx_layer_parse(const char *text, cx_layer *out) {
  static const alias a[] = {
      {"", 0},           {"none", 0},         {"frontstage", 1},
      {"front-stage", 1}, {"front stage", 1}, {"front", 1},
      {"backstage", 2},  {"back-stage", 2},   {"back stage", 2},
      {"back", 2}};
  int v = 0;
  cx_status st = parse_alias(a, sizeof a / sizeof a[0], "layer", text, &v);
  if (st == CX_OK)
    *out = (cx_layer)v;
  return st;
}

/* ------------------------------------------------------------------------ */
/* Small helpers                                                             */

static bool utf8_ok(const char *s) { return cx__utf8_valid(s, strlen(s)); }

/* Check a text argument: NULL is allowed only when @p optional. */
cx_status cx__jcheck_text(const char *what, const char *s, bool optional) {
  if (!s)
    return optional ? CX_OK : cx__error(CX_EINVAL, "%s is NULL", what);
  if (!utf8_ok(s))
    return cx__error_at(CX_EINVAL, NULL, 0, 0, s, strlen(s),
                        "%s is not valid UTF-8", what);
  return CX_OK;
}

static cx_status check_id(const char *what, const char *id) {
  cx_status st = cx__jcheck_text(what, id, false);
  if (st)
    return st;
  if (!*id)
    return cx__error(CX_EINVAL, "%s is empty", what);
  return CX_OK;
}

/* Replace *slot by a copy of @p s; for optional fields NULL or "" stores
 * NULL.  Leaves *slot alone on failure. */
cx_status cx__jreplace_str(char **slot, const char *s, bool optional) {
  char *copy = NULL;
  if (s && (*s || !optional)) {
    copy = cx__strdup(s);
    if (!copy)
      return cx__enomem();
  }
  cx__free(*slot);
  *slot = copy;
  return CX_OK;
}

const char *cx__jor_empty(const char *s) { return s ? s : ""; }

bool cx__jstr_eq(const char *a, const char *b) {
  return strcmp(cx__jor_empty(a), cx__jor_empty(b)) == 0;
}

bool cx__jnum_eq(double a, double b) {
  return (isnan(a) && isnan(b)) || a == b;
}

/* Grow an array of @p size-byte elements to hold one more. */
bool cx__jgrow(void **arr, size_t *cap, size_t count, size_t size) {
  if (count < *cap)
    return true;
  size_t ncap = *cap ? *cap * 2 : 4, bytes;
  if (!cx__mul_size(ncap, size, &bytes))
    return false;
  void *p = cx__realloc(*arr, bytes);
  if (!p)
    return false;
  *arr = p;
  *cap = ncap;
  return true;
}

/* ------------------------------------------------------------------------ */
/* Elements: creation, destruction, copy, equality                           */

/* Copy an optional string; false only when allocation failed. */
static bool dup_opt(char **dst, const char *src) {
  *dst = src ? cx__strdup(src) : NULL;
  return !src || *dst;
}

static void stage_free(cx__jstage *s) {
  if (!s)
    return;
  for (size_t i = 0; i < s->n_tp; i++)
    cx__jtp_free(s->tp[i]);
  cx__free(s->tp);
  cx__free(s->id);
  cx__free(s->name);
  cx__free(s->description);
  cx__free(s->extra);
  cx__free(s);
}

static cx__jstage *stage_new(const char *id, const char *name) {
  cx__jstage *s = cx__calloc(1, sizeof *s);
  if (!s)
    return NULL;
  s->id = cx__strdup(id);
  s->name = cx__strdup(name ? name : id);
  if (!s->id || !s->name) {
    stage_free(s);
    return NULL;
  }
  return s;
}

static cx__jstage *stage_copy(const cx__jstage *src) {
  cx__jstage *s = cx__calloc(1, sizeof *s);
  if (!s)
    return NULL;
  bool ok = dup_opt(&s->id, src->id) && dup_opt(&s->name, src->name) &&
            dup_opt(&s->description, src->description) &&
            dup_opt(&s->extra, src->extra);
  if (ok && src->n_tp) {
    s->tp = cx__calloc(src->n_tp, sizeof *s->tp);
    ok = s->tp != NULL;
    if (ok)
      s->cap_tp = src->n_tp;
    for (size_t i = 0; ok && i < src->n_tp; i++) {
      s->tp[i] = cx__jtp_copy(src->tp[i]);
      ok = s->tp[i] != NULL;
      s->n_tp = i + 1;
    }
  }
  if (!ok) {
    stage_free(s);
    return NULL;
  }
  return s;
}

CX_API cx_status cx_journey_new(cx_journey **out, const char *id) {
  if (!out)
    return cx__error(CX_EINVAL, "cx_journey_new: out is NULL");
  cx_status st = cx__jcheck_text("journey id", id, true);
  if (st)
    return st;
  cx_journey *j = cx__calloc(1, sizeof *j);
  if (!j)
    return cx__enomem();
  if (cx__jreplace_str(&j->id, id, true) != CX_OK) {
    cx__free(j);
    return cx__enomem();
  }
  j->min = 1;
  j->neutral = 3;
  j->max = 5;
  cx__jindex_rebuild(j);
  *out = j;
  return CX_OK;
}

CX_API void cx_journey_free(cx_journey *j) {
  if (!j)
    return;
  for (size_t i = 0; i < j->n_actors; i++) {
    cx__free(j->actor[i].id);
    cx__free(j->actor[i].name);
    cx__free(j->actor[i].extra);
  }
  cx__free(j->actor);
  for (size_t i = 0; i < j->n_stages; i++)
    stage_free(j->stage[i]);
  cx__free(j->stage);
  cx__free(j->id);
  cx__free(j->title);
  cx__free(j->description);
  cx__free(j->extra);
  cx__jindex_free(&j->index);
  cx__free(j);
}

CX_API cx_status cx_journey_copy(cx_journey **out, const cx_journey *src) {
  if (!out || !src)
    return cx__error(CX_EINVAL, "cx_journey_copy: NULL argument");
  cx_journey *j = cx__calloc(1, sizeof *j);
  if (!j)
    return cx__enomem();
  j->min = src->min;
  j->neutral = src->neutral;
  j->max = src->max;
  bool ok = dup_opt(&j->id, src->id) && dup_opt(&j->title, src->title) &&
            dup_opt(&j->description, src->description) &&
            dup_opt(&j->extra, src->extra);
  if (ok && src->n_actors) {
    j->actor = cx__calloc(src->n_actors, sizeof *j->actor);
    ok = j->actor != NULL;
    if (ok)
      j->cap_actors = src->n_actors;
    for (size_t i = 0; ok && i < src->n_actors; i++) {
      j->n_actors = i + 1;
      ok = dup_opt(&j->actor[i].id, src->actor[i].id) &&
           dup_opt(&j->actor[i].name, src->actor[i].name) &&
           dup_opt(&j->actor[i].extra, src->actor[i].extra);
    }
  }
  if (ok && src->n_stages) {
    j->stage = cx__calloc(src->n_stages, sizeof *j->stage);
    ok = j->stage != NULL;
    if (ok)
      j->cap_stages = src->n_stages;
    for (size_t i = 0; ok && i < src->n_stages; i++) {
      j->stage[i] = stage_copy(src->stage[i]);
      ok = j->stage[i] != NULL;
      j->n_stages = i + 1;
    }
  }
  if (!ok) {
    cx_journey_free(j);
    return cx__enomem();
  }
  cx__jindex_rebuild(j);
  *out = j;
  return CX_OK;
}

CX_API int cx_journey_equal(const cx_journey *a, const cx_journey *b) {
  if (!a || !b)
    return a == b;
  if (!cx__jstr_eq(a->id, b->id) || !cx__jstr_eq(a->title, b->title) ||
      !cx__jstr_eq(a->description, b->description) || !cx__jstr_eq(a->extra, b->extra) ||
      !cx__jnum_eq(a->min, b->min) || !cx__jnum_eq(a->neutral, b->neutral) ||
      !cx__jnum_eq(a->max, b->max) || a->n_actors != b->n_actors ||
      a->n_stages != b->n_stages)
    return 0;
  for (size_t i = 0; i < a->n_actors; i++)
    if (!cx__jstr_eq(a->actor[i].id, b->actor[i].id) ||
        !cx__jstr_eq(a->actor[i].name, b->actor[i].name) ||
        !cx__jstr_eq(a->actor[i].extra, b->actor[i].extra))
      return 0;
  for (size_t i = 0; i < a->n_stages; i++) {
    const cx__jstage *s = a->stage[i], *t = b->stage[i];
    if (!cx__jstr_eq(s->id, t->id) || !cx__jstr_eq(s->name, t->name) ||
        !cx__jstr_eq(s->description, t->description) ||
        !cx__jstr_eq(s->extra, t->extra) || s->n_tp != t->n_tp)
      return 0;
    for (size_t k = 0; k < s->n_tp; k++)
      if (!cx__jtp_equal(s->tp[k], t->tp[k]))
        return 0;
  }
  return 1;
}

/* ------------------------------------------------------------------------ */
/* Journey fields                                                            */

CX_API const char *cx_journey_id(const cx_journey *j) {
  return j ? cx__jor_empty(j->id) : NULL;
}

static char **journey_text_slot(cx_journey *j, cx_journey_text f) {
  switch (f) {
  case CX_JOURNEY_TITLE:
    return &j->title;
  case CX_JOURNEY_DESCRIPTION:
    return &j->description;
  }
  return NULL;
}

CX_API cx_status cx_journey_set_text(cx_journey *j, cx_journey_text field,
                                     const char *text) {
  char **slot = j ? journey_text_slot(j, field) : NULL;
  if (!slot)
    return cx__error(CX_EINVAL, "cx_journey_set_text: NULL journey or "
                                "unknown field %d", (int)field);
  cx_status st = cx__jcheck_text("journey text", text, true);
  return st ? st : cx__jreplace_str(slot, text, true);
}

CX_API cx_status cx_journey_get_text(const cx_journey *j,
                                     cx_journey_text field, const char **out) {
  char **slot = j ? journey_text_slot((cx_journey *)j, field) : NULL;
  if (!slot || !out)
    return cx__error(CX_EINVAL, "cx_journey_get_text: NULL argument or "
                                "unknown field %d", (int)field);
  *out = cx__jor_empty(*slot);
  return CX_OK;
}

CX_API cx_status cx_journey_set_scale(cx_journey *j, double min,
                                      double neutral, double max) {
  if (!j)
    return cx__error(CX_EINVAL, "cx_journey_set_scale: journey is NULL");
  if (!isfinite(min) || !isfinite(neutral) || !isfinite(max) ||
      !(min <= neutral && neutral < max))
    return cx__error(CX_ERANGE,
                     "scale needs finite min <= neutral < max, got "
                     "min %g, neutral %g, max %g",
                     min, neutral, max);
  cx__journey_set_scale_unchecked(j, min, neutral, max);
  return CX_OK;
}

void cx__journey_set_scale_unchecked(cx_journey *j, double min,
                                     double neutral, double max) {
  j->min = min;
  j->neutral = neutral;
  j->max = max;
}

CX_API cx_status cx_journey_get_scale(const cx_journey *j, double *min,
                                      double *neutral, double *max) {
  if (!j)
    return cx__error(CX_EINVAL, "cx_journey_get_scale: journey is NULL");
  if (min)
    *min = j->min;
  if (neutral)
    *neutral = j->neutral;
  if (max)
    *max = j->max;
  return CX_OK;
}

/* ------------------------------------------------------------------------ */
/* Lookups                                                                   */

static cx__jactor *actor_find(const cx_journey *j, const char *id,
                              size_t *index) {
  for (size_t i = 0; i < j->n_actors; i++)
    if (strcmp(j->actor[i].id, id) == 0) {
      if (index)
        *index = i;
      return &j->actor[i];
    }
  return NULL;
}

cx__jstage *cx__journey_find_stage(const cx_journey *j, const char *id,
                              size_t *index) {
  for (size_t i = 0; i < j->n_stages; i++)
    if (strcmp(j->stage[i]->id, id) == 0) {
      if (index)
        *index = i;
      return j->stage[i];
    }
  return NULL;
}

/* An id for a new stage or touchpoint: valid, non-empty, unused. */
cx_status cx__jcheck_new_id(const cx_journey *j, const char *id,
                              const char *name) {
  cx_status st = check_id("id", id);
  if (!st)
    st = cx__jcheck_text("name", name, true);
  if (st)
    return st;
  if (cx__journey_find_stage(j, id, NULL) || cx__journey_find_tp(j, id, NULL, NULL))
    return cx__error_at(CX_EINVAL, NULL, 0, 0, id, strlen(id),
                        "id already used by a stage or touchpoint");
  return CX_OK;
}

cx_status cx__journey_lookup_stage(const cx_journey *j, const char *id,
                              cx__jstage **out, size_t *index) {
  if (!j || !id)
    return cx__error(CX_EINVAL, "journey and stage id must not be NULL");
  *out = cx__journey_find_stage(j, id, index);
  if (!*out)
    return cx__error_at(CX_ENOTFOUND, NULL, 0, 0, id, strlen(id),
                        "no such stage");
  return CX_OK;
}

cx_status cx__journey_lookup_tp(const cx_journey *j, const char *id,
                           cx__jtp **out) {
  if (!j || !id)
    return cx__error(CX_EINVAL, "journey and touchpoint id must not be NULL");
  *out = cx__journey_find_tp(j, id, NULL, NULL);
  if (!*out)
    return cx__error_at(CX_ENOTFOUND, NULL, 0, 0, id, strlen(id),
                        "no such touchpoint");
  return CX_OK;
}

cx__jstage *cx__journey_stage_at(const cx_journey *j, size_t i) {
  return j && i < j->n_stages ? j->stage[i] : NULL;
}

cx__jtp *cx__journey_tp_at(const cx_journey *j, size_t si, size_t pos) {
  cx__jstage *s = cx__journey_stage_at(j, si);
  return s && pos < s->n_tp ? s->tp[pos] : NULL;
}

/* ------------------------------------------------------------------------ */
/* Actors                                                                    */

cx_status cx__journey_actor_add_unchecked(cx_journey *j, const char *id,
                                          const char *name) {
  if (!j || !id)
    return cx__error(CX_EINVAL, "journey and actor id must not be NULL");
  cx__jactor a = {cx__strdup(id), cx__strdup(name ? name : id), NULL};
  if (!a.id || !a.name ||
      !cx__jgrow((void **)&j->actor, &j->cap_actors, j->n_actors, sizeof a)) {
    cx__free(a.id);
    cx__free(a.name);
    return cx__enomem();
  }
  j->actor[j->n_actors++] = a;
  return CX_OK;
}

CX_API cx_status cx_journey_actor_add(cx_journey *j, const char *id,
                                      const char *name) {
  if (!j)
    return cx__error(CX_EINVAL, "cx_journey_actor_add: journey is NULL");
  cx_status st = check_id("actor id", id);
  if (!st)
    st = cx__jcheck_text("actor name", name, true);
  if (st)
    return st;
  if (actor_find(j, id, NULL))
    return cx__error_at(CX_EINVAL, NULL, 0, 0, id, strlen(id),
                        "actor id already used");
  return cx__journey_actor_add_unchecked(j, id, name);
}

CX_API cx_status cx_journey_actor_remove(cx_journey *j, const char *id) {
  size_t index = 0;
  if (!j || !id)
    return cx__error(CX_EINVAL, "journey and actor id must not be NULL");
  if (!actor_find(j, id, &index))
    return cx__error_at(CX_ENOTFOUND, NULL, 0, 0, id, strlen(id),
                        "no such actor");
  for (size_t i = 0; i < j->n_stages; i++)
    for (size_t k = 0; k < j->stage[i]->n_tp; k++) {
      cx__strlist *l = &j->stage[i]->tp[k]->list[CX_TP_ACTORS];
      for (size_t m = l->count; m-- > 0;)
        if (strcmp(l->item[m], id) == 0)
          cx__strlist_remove(l, m);
    }
  cx__free(j->actor[index].id);
  cx__free(j->actor[index].name);
  cx__free(j->actor[index].extra);
  memmove(j->actor + index, j->actor + index + 1,
          (j->n_actors - index - 1) * sizeof *j->actor);
  j->n_actors--;
  return CX_OK;
}

CX_API size_t cx_journey_n_actors(const cx_journey *j) {
  return j ? j->n_actors : 0;
}

CX_API const char *cx_journey_actor_id(const cx_journey *j, size_t i) {
  if (!j || i >= j->n_actors) {
    cx__error(CX_ERANGE, "actor index %zu out of range", i);
    return NULL;
  }
  return j->actor[i].id;
}

CX_API cx_status cx_journey_actor_find(const cx_journey *j, const char *id,
                                       size_t *index) {
  if (!j || !id)
    return cx__error(CX_EINVAL, "journey and actor id must not be NULL");
  if (!actor_find(j, id, index))
    return cx__error_at(CX_ENOTFOUND, NULL, 0, 0, id, strlen(id),
                        "no such actor");
  return CX_OK;
}

CX_API cx_status cx_journey_actor_set_name(cx_journey *j, const char *id,
                                           const char *name) {
  size_t i = 0;
  cx_status st = cx_journey_actor_find(j, id, &i);
  if (!st)
    st = cx__jcheck_text("actor name", name, false);
  return st ? st : cx__jreplace_str(&j->actor[i].name, name, false);
}

CX_API cx_status cx_journey_actor_get_name(const cx_journey *j, const char *id,
                                           const char **out) {
  size_t i = 0;
  cx_status st = cx_journey_actor_find(j, id, &i);
  if (st)
    return st;
  if (!out)
    return cx__error(CX_EINVAL, "cx_journey_actor_get_name: out is NULL");
  *out = j->actor[i].name;
  return CX_OK;
}

/* ------------------------------------------------------------------------ */
/* Stages                                                                    */

/* Insert @p s at @p index (<= n_stages), taking ownership; frees it on
 * failure. */
static cx_status stage_put(cx_journey *j, cx__jstage *s, size_t index) {
  if (!s || !cx__jgrow((void **)&j->stage, &j->cap_stages, j->n_stages,
                  sizeof *j->stage)) {
    stage_free(s);
    return cx__enomem();
  }
  memmove(j->stage + index + 1, j->stage + index,
          (j->n_stages - index) * sizeof *j->stage);
  j->stage[index] = s;
  j->n_stages++;
  if (index + 1 < j->n_stages)
    cx__jindex_rebuild(j); /* later stages moved one index on */
  return CX_OK;
}

cx_status cx__journey_stage_add_unchecked(cx_journey *j, const char *id,
                                          const char *name, size_t *index) {
  if (!j || !id)
    return cx__error(CX_EINVAL, "journey and stage id must not be NULL");
  cx_status st = stage_put(j, stage_new(id, name), j->n_stages);
  if (!st && index)
    *index = j->n_stages - 1;
  return st;
}

CX_API cx_status cx_journey_stage_insert(cx_journey *j, size_t index,
                                         const char *id, const char *name) {
  if (!j)
    return cx__error(CX_EINVAL, "cx_journey_stage_insert: journey is NULL");
  cx_status st = cx__jcheck_new_id(j, id, name);
  if (st)
    return st;
  if (index == CX_JOURNEY_END)
    index = j->n_stages;
  if (index > j->n_stages)
    return cx__error(CX_ERANGE, "stage index %zu past the end (%zu stages)",
                     index, j->n_stages);
  return stage_put(j, stage_new(id, name), index);
}

CX_API cx_status cx_journey_stage_add(cx_journey *j, const char *id,
                                      const char *name) {
  return cx_journey_stage_insert(j, CX_JOURNEY_END, id, name);
}

CX_API cx_status cx_journey_stage_move(cx_journey *j, const char *id,
                                       size_t index) {
  cx__jstage *s = NULL;
  size_t from = 0;
  cx_status st = cx__journey_lookup_stage(j, id, &s, &from);
  if (st)
    return st;
  if (index == CX_JOURNEY_END)
    index = j->n_stages - 1;
  if (index >= j->n_stages)
    return cx__error(CX_ERANGE, "stage index %zu past the end (%zu stages)",
                     index, j->n_stages);
  if (from < index)
    memmove(j->stage + from, j->stage + from + 1,
            (index - from) * sizeof *j->stage);
  else
    memmove(j->stage + index + 1, j->stage + index,
            (from - index) * sizeof *j->stage);
  j->stage[index] = s;
  cx__jindex_rebuild(j);
  return CX_OK;
}

CX_API cx_status cx_journey_stage_remove(cx_journey *j, const char *id,
                                         unsigned flags) {
  cx__jstage *s = NULL;
  size_t index = 0;
  cx_status st = cx__journey_lookup_stage(j, id, &s, &index);
  if (st)
    return st;
  if (flags & ~CX_JOURNEY_REMOVE_TOUCHPOINTS)
    return cx__error(CX_EINVAL, "unknown flags 0x%x", flags);
  if (s->n_tp && !(flags & CX_JOURNEY_REMOVE_TOUCHPOINTS))
    return cx__error_at(CX_ESTATE, NULL, 0, 0, id, strlen(id),
                        "stage still has %zu touchpoints (pass "
                        "CX_JOURNEY_REMOVE_TOUCHPOINTS to remove them too)",
                        s->n_tp);
  stage_free(s);
  memmove(j->stage + index, j->stage + index + 1,
          (j->n_stages - index - 1) * sizeof *j->stage);
  j->n_stages--;
  cx__jindex_rebuild(j);
  return CX_OK;
}

CX_API size_t cx_journey_n_stages(const cx_journey *j) {
  return j ? j->n_stages : 0;
}

CX_API const char *cx_journey_stage_id(const cx_journey *j, size_t i) {
  if (!j || i >= j->n_stages) {
    cx__error(CX_ERANGE, "stage index %zu out of range", i);
    return NULL;
  }
  return j->stage[i]->id;
}

CX_API cx_status cx_journey_stage_find(const cx_journey *j, const char *id,
                                       size_t *index) {
  cx__jstage *s = NULL;
  return cx__journey_lookup_stage(j, id, &s, index);
}

CX_API cx_status cx_journey_stage_set_text(cx_journey *j, const char *id,
                                           cx_stage_text field,
                                           const char *text) {
  cx__jstage *s = NULL;
  cx_status st = cx__journey_lookup_stage(j, id, &s, NULL);
  if (st)
    return st;
  if (field != CX_STAGE_NAME && field != CX_STAGE_DESCRIPTION)
    return cx__error(CX_EINVAL, "unknown stage field %d", (int)field);
  bool name = field == CX_STAGE_NAME;
  st = cx__jcheck_text(name ? "stage name" : "stage description", text, !name);
  return st ? st : cx__jreplace_str(name ? &s->name : &s->description, text, !name);
}

CX_API cx_status cx_journey_stage_get_text(const cx_journey *j, const char *id,
                                           cx_stage_text field,
                                           const char **out) {
  cx__jstage *s = NULL;
  cx_status st = cx__journey_lookup_stage(j, id, &s, NULL);
  if (st)
    return st;
  if (!out || (field != CX_STAGE_NAME && field != CX_STAGE_DESCRIPTION))
    return cx__error(CX_EINVAL, "NULL out or unknown stage field %d",
                     (int)field);
  *out = cx__jor_empty(field == CX_STAGE_NAME ? s->name : s->description);
  return CX_OK;
}

CX_API size_t cx_journey_stage_size(const cx_journey *j, size_t i) {
  return j && i < j->n_stages ? j->stage[i]->n_tp : 0;
}
