/*
 * Touchpoints of the journey model: their place in the stages, their
 * fields, lists and metrics, and the unchecked setters the format readers
 * use (see journey_internal.h).  Public setters check their arguments and
 * then call the unchecked ones.
 */
#include <math.h>
#include <string.h>

#include "internal.h"
#include "journey_internal.h"

/* Copy an optional string; false only when allocation failed. */
static bool dup_opt(char **dst, const char *src) {
  *dst = src ? cx__strdup(src) : NULL;
  return !src || *dst;
}

/* ------------------------------------------------------------------------ */
/* String lists, creation, copy, equality                                    */

cx_status cx__strlist_push(cx__strlist *l, const char *s) {
  char *copy = cx__strdup(s);
  if (!copy || !cx__jgrow((void **)&l->item, &l->cap, l->count, sizeof(char *))) {
    cx__free(copy);
    return cx__enomem();
  }
  l->item[l->count++] = copy;
  return CX_OK;
}

void cx__strlist_remove(cx__strlist *l, size_t i) {
  cx__free(l->item[i]);
  memmove(l->item + i, l->item + i + 1, (l->count - i - 1) * sizeof(char *));
  l->count--;
}

void cx__strlist_free(cx__strlist *l) {
  for (size_t i = 0; i < l->count; i++)
    cx__free(l->item[i]);
  cx__free(l->item);
  memset(l, 0, sizeof *l);
}

static bool strlist_copy(cx__strlist *dst, const cx__strlist *src) {
  memset(dst, 0, sizeof *dst);
  for (size_t i = 0; i < src->count; i++)
    if (cx__strlist_push(dst, src->item[i]) != CX_OK)
      return false;
  return true;
}

static bool strlist_eq(const cx__strlist *a, const cx__strlist *b) {
  if (a->count != b->count)
    return false;
  for (size_t i = 0; i < a->count; i++)
    if (strcmp(a->item[i], b->item[i]) != 0)
      return false;
  return true;
}


void cx__jtp_free(cx__jtp *tp) {
  if (!tp)
    return;
  cx__free(tp->id);
  for (int i = 0; i < CX_TP_TEXT_COUNT; i++)
    cx__free(tp->text[i]);
  cx__free(tp->channel_name);
  for (int i = 0; i < CX_TP_LIST_COUNT; i++)
    cx__strlist_free(&tp->list[i]);
  for (size_t i = 0; i < tp->n_metrics; i++)
    cx__free(tp->metric[i].name);
  cx__free(tp->metric);
  cx__free(tp->extra);
  cx__free(tp);
}

cx__jtp *cx__jtp_new(const char *id, const char *name) {
  cx__jtp *tp = cx__calloc(1, sizeof *tp);
  if (!tp)
    return NULL;
  for (int i = 0; i < CX_TP_NUMBER_COUNT; i++)
    tp->num[i] = NAN;
  tp->id = cx__strdup(id);
  tp->text[CX_TP_NAME] = cx__strdup(name ? name : id);
  if (!tp->id || !tp->text[CX_TP_NAME]) {
    cx__jtp_free(tp);
    return NULL;
  }
  return tp;
}

cx__jtp *cx__jtp_copy(const cx__jtp *src) {
  cx__jtp *tp = cx__calloc(1, sizeof *tp);
  if (!tp)
    return NULL;
  memcpy(tp->num, src->num, sizeof tp->num);
  tp->channel = src->channel;
  tp->owner = src->owner;
  tp->layer = src->layer;
  tp->moment_of_truth = src->moment_of_truth;
  bool ok = dup_opt(&tp->id, src->id) && dup_opt(&tp->extra, src->extra) &&
            dup_opt(&tp->channel_name, src->channel_name);
  for (int i = 0; ok && i < CX_TP_TEXT_COUNT; i++)
    ok = dup_opt(&tp->text[i], src->text[i]);
  for (int i = 0; ok && i < CX_TP_LIST_COUNT; i++)
    ok = strlist_copy(&tp->list[i], &src->list[i]);
  if (ok && src->n_metrics) {
    tp->metric = cx__calloc(src->n_metrics, sizeof *tp->metric);
    ok = tp->metric != NULL;
    if (ok)
      tp->cap_metrics = src->n_metrics;
    for (size_t i = 0; ok && i < src->n_metrics; i++) {
      tp->metric[i].value = src->metric[i].value;
      ok = dup_opt(&tp->metric[i].name, src->metric[i].name);
      tp->n_metrics = i + 1;
    }
  }
  if (!ok) {
    cx__jtp_free(tp);
    return NULL;
  }
  return tp;
}

bool cx__jtp_equal(const cx__jtp *a, const cx__jtp *b) {
  if (!cx__jstr_eq(a->id, b->id) || !cx__jstr_eq(a->extra, b->extra) ||
      a->channel != b->channel || !cx__jstr_eq(a->channel_name, b->channel_name) ||
      a->owner != b->owner || a->layer != b->layer ||
      a->moment_of_truth != b->moment_of_truth || a->n_metrics != b->n_metrics)
    return false;
  for (int i = 0; i < CX_TP_TEXT_COUNT; i++)
    if (!cx__jstr_eq(a->text[i], b->text[i]))
      return false;
  for (int i = 0; i < CX_TP_NUMBER_COUNT; i++)
    if (!cx__jnum_eq(a->num[i], b->num[i]))
      return false;
  for (int i = 0; i < CX_TP_LIST_COUNT; i++)
    if (!strlist_eq(&a->list[i], &b->list[i]))
      return false;
  for (size_t i = 0; i < a->n_metrics; i++)
    if (strcmp(a->metric[i].name, b->metric[i].name) != 0 ||
        !cx__jnum_eq(a->metric[i].value, b->metric[i].value))
      return false;
  return true;
}

/* ------------------------------------------------------------------------ */
/* Place in the stages                                                       */

/* Insert @p tp at @p pos (<= n_tp), taking ownership; frees it on failure. */
static cx_status tp_put(cx__jstage *s, cx__jtp *tp, size_t pos) {
  if (!tp || !cx__jgrow((void **)&s->tp, &s->cap_tp, s->n_tp, sizeof *s->tp)) {
    cx__jtp_free(tp);
    return cx__enomem();
  }
  memmove(s->tp + pos + 1, s->tp + pos, (s->n_tp - pos) * sizeof *s->tp);
  s->tp[pos] = tp;
  s->n_tp++;
  return CX_OK;
}

cx_status cx__journey_touchpoint_add_unchecked(cx_journey *j, size_t si,
                                               const char *id,
                                               const char *name,
                                               cx__jtp **out) {
  if (!j || !id)
    return cx__error(CX_EINVAL, "journey and touchpoint id must not be NULL");
  cx__jstage *s = cx__journey_stage_at(j, si);
  if (!s)
    return cx__error(CX_ERANGE, "stage index %zu out of range", si);
  cx_status st = tp_put(s, cx__jtp_new(id, name), s->n_tp);
  if (!st && out)
    *out = s->tp[s->n_tp - 1];
  cx__jindex_off(j); /* the loader may still set the id; it rebuilds */
  return st;
}

CX_API cx_status cx_journey_touchpoint_insert(cx_journey *j,
                                              const char *stage_id,
                                              size_t pos, const char *id,
                                              const char *name) {
  cx__jstage *s = NULL;
  size_t si = 0;
  cx_status st = cx__journey_lookup_stage(j, stage_id, &s, &si);
  if (!st)
    st = cx__jcheck_new_id(j, id, name);
  if (st)
    return st;
  if (pos == CX_JOURNEY_END)
    pos = s->n_tp;
  if (pos > s->n_tp)
    return cx__error(CX_ERANGE, "position %zu past the end of stage '%s' "
                     "(%zu touchpoints)", pos, s->id, s->n_tp);
  bool append = pos == s->n_tp;
  st = tp_put(s, cx__jtp_new(id, name), pos);
  if (st == CX_OK && append)
    cx__jindex_appended(j, si);
  else if (st == CX_OK)
    cx__jindex_rebuild(j);
  return st;
}

CX_API cx_status cx_journey_touchpoint_add(cx_journey *j, const char *stage_id,
                                           const char *id, const char *name) {
  return cx_journey_touchpoint_insert(j, stage_id, CX_JOURNEY_END, id, name);
}

CX_API cx_status cx_journey_touchpoint_move(cx_journey *j, const char *id,
                                            const char *stage_id,
                                            size_t pos) {
  size_t si = 0, from = 0;
  if (!j || !id)
    return cx__error(CX_EINVAL, "journey and touchpoint id must not be NULL");
  cx__jtp *tp = cx__journey_find_tp(j, id, &si, &from);
  if (!tp)
    return cx__error_at(CX_ENOTFOUND, NULL, 0, 0, id, strlen(id),
                        "no such touchpoint");
  cx__jstage *src = j->stage[si], *dst = src;
  if (stage_id) {
    cx_status st = cx__journey_lookup_stage(j, stage_id, &dst, NULL);
    if (st)
      return st;
  }
  size_t n = dst->n_tp - (dst == src);
  if (pos == CX_JOURNEY_END)
    pos = n;
  if (pos > n)
    return cx__error(CX_ERANGE, "position %zu past the end of stage '%s' "
                     "(%zu other touchpoints)", pos, dst->id, n);
  if (dst != src &&
      !cx__jgrow((void **)&dst->tp, &dst->cap_tp, dst->n_tp, sizeof *dst->tp))
    return cx__enomem();
  memmove(src->tp + from, src->tp + from + 1,
          (src->n_tp - from - 1) * sizeof *src->tp);
  src->n_tp--;
  memmove(dst->tp + pos + 1, dst->tp + pos, (dst->n_tp - pos) * sizeof *dst->tp);
  dst->tp[pos] = tp;
  dst->n_tp++;
  cx__jindex_rebuild(j);
  return CX_OK;
}

CX_API cx_status cx_journey_touchpoint_remove(cx_journey *j, const char *id) {
  size_t si = 0, pos = 0;
  if (!j || !id)
    return cx__error(CX_EINVAL, "journey and touchpoint id must not be NULL");
  cx__jtp *tp = cx__journey_find_tp(j, id, &si, &pos);
  if (!tp)
    return cx__error_at(CX_ENOTFOUND, NULL, 0, 0, id, strlen(id),
                        "no such touchpoint");
  cx__jstage *s = j->stage[si];
  cx__jtp_free(tp);
  memmove(s->tp + pos, s->tp + pos + 1, (s->n_tp - pos - 1) * sizeof *s->tp);
  s->n_tp--;
  cx__jindex_rebuild(j);
  return CX_OK;
}

CX_API size_t cx_journey_n_touchpoints(const cx_journey *j) {
  size_t n = 0;
  for (size_t i = 0; j && i < j->n_stages; i++)
    n += j->stage[i]->n_tp;
  return n;
}

CX_API const char *cx_journey_touchpoint_id(const cx_journey *j,
                                            size_t index) {
  size_t left = index;
  for (size_t i = 0; j && i < j->n_stages; i++) {
    if (left < j->stage[i]->n_tp)
      return j->stage[i]->tp[left]->id;
    left -= j->stage[i]->n_tp;
  }
  cx__error(CX_ERANGE, "touchpoint index %zu out of range", index);
  return NULL;
}

CX_API const char *cx_journey_touchpoint_at(const cx_journey *j, size_t si,
                                            size_t pos) {
  cx__jtp *tp = cx__journey_tp_at(j, si, pos);
  if (!tp) {
    cx__error(CX_ERANGE, "no touchpoint at stage %zu, position %zu", si, pos);
    return NULL;
  }
  return tp->id;
}

CX_API cx_status cx_journey_touchpoint_find(const cx_journey *j,
                                            const char *id, size_t *si,
                                            size_t *pos) {
  if (!j || !id)
    return cx__error(CX_EINVAL, "journey and touchpoint id must not be NULL");
  if (!cx__journey_find_tp(j, id, si, pos))
    return cx__error_at(CX_ENOTFOUND, NULL, 0, 0, id, strlen(id),
                        "no such touchpoint");
  return CX_OK;
}

/* ------------------------------------------------------------------------ */
/* Fields                                                                    */

/* Look a touchpoint up and check that @p field is below @p count. */
static cx_status tp_field(const cx_journey *j, const char *id, int field,
                          int count, const char *what, cx__jtp **tp) {
  cx_status st = cx__journey_lookup_tp(j, id, tp);
  if (st)
    return st;
  if (field < 0 || field >= count)
    return cx__error(CX_EINVAL, "unknown touchpoint %s field %d", what, field);
  return CX_OK;
}

cx_status cx__jtp_set_text(cx__jtp *tp, cx_tp_text field, const char *text) {
  if (!tp || (int)field < 0 || field >= CX_TP_TEXT_COUNT)
    return cx__error(CX_EINVAL, "NULL touchpoint or unknown text field");
  bool name = field == CX_TP_NAME;
  return cx__jreplace_str(&tp->text[field], name && !text ? "" : text, !name);
}

CX_API cx_status cx_journey_touchpoint_set_text(cx_journey *j, const char *id,
                                                cx_tp_text field,
                                                const char *text) {
  cx__jtp *tp = NULL;
  cx_status st = tp_field(j, id, (int)field, CX_TP_TEXT_COUNT, "text", &tp);
  if (!st)
    st = cx__jcheck_text(cx_tp_text_name(field), text, field != CX_TP_NAME);
  return st ? st : cx__jtp_set_text(tp, field, text);
}

CX_API cx_status cx_journey_touchpoint_get_text(const cx_journey *j,
                                                const char *id,
                                                cx_tp_text field,
                                                const char **out) {
  cx__jtp *tp = NULL;
  cx_status st = tp_field(j, id, (int)field, CX_TP_TEXT_COUNT, "text", &tp);
  if (st)
    return st;
  if (!out)
    return cx__error(CX_EINVAL, "cx_journey_touchpoint_get_text: out is NULL");
  *out = cx__jor_empty(tp->text[field]);
  return CX_OK;
}

cx_status cx__jtp_set_number(cx__jtp *tp, cx_tp_number field, double value) {
  if (!tp || (int)field < 0 || field >= CX_TP_NUMBER_COUNT)
    return cx__error(CX_EINVAL, "NULL touchpoint or unknown number field");
  tp->num[field] = value;
  return CX_OK;
}

CX_API cx_status cx_journey_touchpoint_set_number(cx_journey *j,
                                                  const char *id,
                                                  cx_tp_number field,
                                                  double value) {
  cx__jtp *tp = NULL;
  cx_status st =
      tp_field(j, id, (int)field, CX_TP_NUMBER_COUNT, "number", &tp);
  if (st)
    return st;
  if (isinf(value))
    return cx__error(CX_ERANGE, "%s of touchpoint '%s' must be finite or NaN",
                     cx_tp_number_name(field), id);
  if (value < 0 && (field == CX_TP_IMPORTANCE || field == CX_TP_DURATION ||
                    field == CX_TP_REACH))
    return cx__error(CX_ERANGE, "%s of touchpoint '%s' must not be negative "
                     "(got %g)", cx_tp_number_name(field), id, value);
  return cx__jtp_set_number(tp, field, value);
}

CX_API cx_status cx_journey_touchpoint_get_number(const cx_journey *j,
                                                  const char *id,
                                                  cx_tp_number field,
                                                  double *out) {
  cx__jtp *tp = NULL;
  cx_status st =
      tp_field(j, id, (int)field, CX_TP_NUMBER_COUNT, "number", &tp);
  if (st)
    return st;
  if (!out)
    return cx__error(CX_EINVAL,
                     "cx_journey_touchpoint_get_number: out is NULL");
  *out = tp->num[field];
  return CX_OK;
}

cx_status cx__jtp_set_channel(cx__jtp *tp, cx_channel channel,
                              const char *custom_name) {
  if (!tp)
    return cx__error(CX_EINVAL, "NULL touchpoint");
  cx_status st = cx__jreplace_str(&tp->channel_name, custom_name, true);
  if (!st)
    tp->channel = channel;
  return st;
}

CX_API cx_status cx_journey_touchpoint_set_channel(cx_journey *j,
                                                   const char *id,
                                                   cx_channel channel,
                                                   const char *custom_name) {
  cx__jtp *tp = NULL;
  cx_status st = tp_field(j, id, (int)channel, CX_CHANNEL_CUSTOM + 1,
                          "channel", &tp);
  if (st)
    return st;
  if (channel == CX_CHANNEL_CUSTOM) {
    if (!custom_name || !*custom_name)
      return cx__error(CX_EINVAL, "a custom channel needs a name");
    st = cx__jcheck_text("channel name", custom_name, false);
    if (st)
      return st;
  } else if (custom_name) {
    return cx__error(CX_EINVAL, "only CX_CHANNEL_CUSTOM takes a name "
                     "(channel '%s' was given '%s')",
                     cx_channel_name(channel), custom_name);
  }
  return cx__jtp_set_channel(tp, channel, custom_name);
}

CX_API cx_status cx_journey_touchpoint_get_channel(const cx_journey *j,
                                                   const char *id,
                                                   cx_channel *channel,
                                                   const char **name) {
  cx__jtp *tp = NULL;
  cx_status st = cx__journey_lookup_tp(j, id, &tp);
  if (st)
    return st;
  if (channel)
    *channel = tp->channel;
  if (name)
    *name = tp->channel == CX_CHANNEL_CUSTOM && tp->channel_name
                ? tp->channel_name
                : cx_channel_name(tp->channel);
  return CX_OK;
}

void cx__jtp_set_owner(cx__jtp *tp, cx_owner owner) { tp->owner = owner; }
void cx__jtp_set_layer(cx__jtp *tp, cx_layer layer) { tp->layer = layer; }
void cx__jtp_set_moment_of_truth(cx__jtp *tp, int flag) {
  tp->moment_of_truth = flag != 0;
}

CX_API cx_status cx_journey_touchpoint_set_owner(cx_journey *j, const char *id,
                                                 cx_owner owner) {
  cx__jtp *tp = NULL;
  cx_status st =
      tp_field(j, id, (int)owner, CX_OWNER_SOCIAL + 1, "owner", &tp);
  if (!st)
    cx__jtp_set_owner(tp, owner);
  return st;
}

CX_API cx_status cx_journey_touchpoint_get_owner(const cx_journey *j,
                                                 const char *id,
                                                 cx_owner *out) {
  cx__jtp *tp = NULL;
  cx_status st = cx__journey_lookup_tp(j, id, &tp);
  if (!st && !out)
    st = cx__error(CX_EINVAL, "cx_journey_touchpoint_get_owner: out is NULL");
  if (!st)
    *out = tp->owner;
  return st;
}

CX_API cx_status cx_journey_touchpoint_set_layer(cx_journey *j, const char *id,
                                                 cx_layer layer) {
  cx__jtp *tp = NULL;
  cx_status st =
      tp_field(j, id, (int)layer, CX_LAYER_BACKSTAGE + 1, "layer", &tp);
  if (!st)
    cx__jtp_set_layer(tp, layer);
  return st;
}

CX_API cx_status cx_journey_touchpoint_get_layer(const cx_journey *j,
                                                 const char *id,
                                                 cx_layer *out) {
  cx__jtp *tp = NULL;
  cx_status st = cx__journey_lookup_tp(j, id, &tp);
  if (!st && !out)
    st = cx__error(CX_EINVAL, "cx_journey_touchpoint_get_layer: out is NULL");
  if (!st)
    *out = tp->layer;
  return st;
}

CX_API cx_status cx_journey_touchpoint_set_moment_of_truth(cx_journey *j,
                                                           const char *id,
                                                           int flag) {
  cx__jtp *tp = NULL;
  cx_status st = cx__journey_lookup_tp(j, id, &tp);
  if (!st)
    cx__jtp_set_moment_of_truth(tp, flag);
  return st;
}

CX_API cx_status cx_journey_touchpoint_get_moment_of_truth(
    const cx_journey *j, const char *id, int *out) {
  cx__jtp *tp = NULL;
  cx_status st = cx__journey_lookup_tp(j, id, &tp);
  if (!st && !out)
    st = cx__error(CX_EINVAL, "moment of truth: out is NULL");
  if (!st)
    *out = tp->moment_of_truth;
  return st;
}

/* ------------------------------------------------------------------------ */
/* Lists                                                                     */

static size_t list_index(const cx__strlist *l, const char *text) {
  for (size_t i = 0; i < l->count; i++)
    if (strcmp(l->item[i], text) == 0)
      return i;
  return SIZE_MAX;
}

cx_status cx__jtp_list_add(cx__jtp *tp, cx_tp_list list, const char *text) {
  if (!tp || !text || (int)list < 0 || list >= CX_TP_LIST_COUNT)
    return cx__error(CX_EINVAL, "NULL argument or unknown list field");
  return cx__strlist_push(&tp->list[list], text);
}

CX_API cx_status cx_journey_touchpoint_list_add(cx_journey *j, const char *id,
                                                cx_tp_list list,
                                                const char *text) {
  cx__jtp *tp = NULL;
  cx_status st = tp_field(j, id, (int)list, CX_TP_LIST_COUNT, "list", &tp);
  if (!st)
    st = cx__jcheck_text(cx_tp_list_name(list), text, false);
  if (st)
    return st;
  if (!*text)
    return cx__error(CX_EINVAL, "empty item for %s of touchpoint '%s'",
                     cx_tp_list_name(list), id);
  if (list == CX_TP_ACTORS) {
    if (cx_journey_actor_find(j, text, NULL) != CX_OK)
      return cx__error_at(CX_ENOTFOUND, NULL, 0, 0, text, strlen(text),
                          "actor not declared in the journey");
    if (list_index(&tp->list[list], text) != SIZE_MAX)
      return cx__error_at(CX_EINVAL, NULL, 0, 0, text, strlen(text),
                          "actor already listed for touchpoint '%s'", id);
  }
  return cx__jtp_list_add(tp, list, text);
}

CX_API cx_status cx_journey_touchpoint_list_count(const cx_journey *j,
                                                  const char *id,
                                                  cx_tp_list list,
                                                  size_t *out) {
  cx__jtp *tp = NULL;
  cx_status st = tp_field(j, id, (int)list, CX_TP_LIST_COUNT, "list", &tp);
  if (!st && !out)
    st = cx__error(CX_EINVAL, "cx_journey_touchpoint_list_count: out is NULL");
  if (!st)
    *out = tp->list[list].count;
  return st;
}

CX_API cx_status cx_journey_touchpoint_list_get(const cx_journey *j,
                                                const char *id,
                                                cx_tp_list list, size_t index,
                                                const char **out) {
  cx__jtp *tp = NULL;
  cx_status st = tp_field(j, id, (int)list, CX_TP_LIST_COUNT, "list", &tp);
  if (st)
    return st;
  if (!out)
    return cx__error(CX_EINVAL, "cx_journey_touchpoint_list_get: out is NULL");
  if (index >= tp->list[list].count)
    return cx__error(CX_ERANGE, "item %zu of %s of touchpoint '%s' out of "
                     "range (%zu items)", index, cx_tp_list_name(list), id,
                     tp->list[list].count);
  *out = tp->list[list].item[index];
  return CX_OK;
}

CX_API cx_status cx_journey_touchpoint_list_find(const cx_journey *j,
                                                 const char *id,
                                                 cx_tp_list list,
                                                 const char *text,
                                                 size_t *index) {
  cx__jtp *tp = NULL;
  cx_status st = tp_field(j, id, (int)list, CX_TP_LIST_COUNT, "list", &tp);
  if (st)
    return st;
  if (!text)
    return cx__error(CX_EINVAL, "cx_journey_touchpoint_list_find: NULL text");
  size_t i = list_index(&tp->list[list], text);
  if (i == SIZE_MAX)
    return cx__error_at(CX_ENOTFOUND, NULL, 0, 0, text, strlen(text),
                        "not in %s of touchpoint '%s'", cx_tp_list_name(list),
                        id);
  if (index)
    *index = i;
  return CX_OK;
}

CX_API cx_status cx_journey_touchpoint_list_remove(cx_journey *j,
                                                   const char *id,
                                                   cx_tp_list list,
                                                   size_t index) {
  cx__jtp *tp = NULL;
  cx_status st = tp_field(j, id, (int)list, CX_TP_LIST_COUNT, "list", &tp);
  if (st)
    return st;
  if (index >= tp->list[list].count)
    return cx__error(CX_ERANGE, "item %zu of %s of touchpoint '%s' out of "
                     "range (%zu items)", index, cx_tp_list_name(list), id,
                     tp->list[list].count);
  cx__strlist_remove(&tp->list[list], index);
  return CX_OK;
}

/* ------------------------------------------------------------------------ */
/* Metrics                                                                   */

static size_t metric_index(const cx__jtp *tp, const char *name) {
  for (size_t i = 0; i < tp->n_metrics; i++)
    if (strcmp(tp->metric[i].name, name) == 0)
      return i;
  return SIZE_MAX;
}

cx_status cx__jtp_metric_set(cx__jtp *tp, const char *name, double value) {
  if (!tp || !name)
    return cx__error(CX_EINVAL, "NULL touchpoint or metric name");
  size_t i = metric_index(tp, name);
  if (i != SIZE_MAX) {
    tp->metric[i].value = value;
    return CX_OK;
  }
  char *copy = cx__strdup(name);
  if (!copy || !cx__jgrow((void **)&tp->metric, &tp->cap_metrics,
                          tp->n_metrics, sizeof *tp->metric)) {
    cx__free(copy);
    return cx__enomem();
  }
  tp->metric[tp->n_metrics].name = copy;
  tp->metric[tp->n_metrics++].value = value;
  return CX_OK;
}

/* Look up a touchpoint and the index of a metric (SIZE_MAX if absent). */
static cx_status metric_lookup(const cx_journey *j, const char *id,
                               const char *name, cx__jtp **tp, size_t *i) {
  cx_status st = cx__journey_lookup_tp(j, id, tp);
  if (st)
    return st;
  if (!name)
    return cx__error(CX_EINVAL, "metric name is NULL");
  *i = metric_index(*tp, name);
  return CX_OK;
}

CX_API cx_status cx_journey_touchpoint_metric_set(cx_journey *j,
                                                  const char *id,
                                                  const char *name,
                                                  double value) {
  cx__jtp *tp = NULL;
  size_t i = 0;
  cx_status st = metric_lookup(j, id, name, &tp, &i);
  if (!st)
    st = cx__jcheck_text("metric name", name, false);
  if (st)
    return st;
  if (!*name)
    return cx__error(CX_EINVAL, "metric name is empty");
  if (!isfinite(value))
    return cx__error(CX_ERANGE, "metric '%s' of touchpoint '%s' must be "
                     "finite", name, id);
  return cx__jtp_metric_set(tp, name, value);
}

CX_API cx_status cx_journey_touchpoint_metric_get(const cx_journey *j,
                                                  const char *id,
                                                  const char *name,
                                                  double *out) {
  cx__jtp *tp = NULL;
  size_t i = 0;
  cx_status st = metric_lookup(j, id, name, &tp, &i);
  if (st)
    return st;
  if (!out)
    return cx__error(CX_EINVAL, "metric get: out is NULL");
  if (i == SIZE_MAX)
    return cx__error_at(CX_ENOTFOUND, NULL, 0, 0, name, strlen(name),
                        "touchpoint '%s' has no such metric", id);
  *out = tp->metric[i].value;
  return CX_OK;
}

CX_API cx_status cx_journey_touchpoint_metric_count(const cx_journey *j,
                                                    const char *id,
                                                    size_t *out) {
  cx__jtp *tp = NULL;
  cx_status st = cx__journey_lookup_tp(j, id, &tp);
  if (!st && !out)
    st = cx__error(CX_EINVAL, "metric count: out is NULL");
  if (!st)
    *out = tp->n_metrics;
  return st;
}

CX_API cx_status cx_journey_touchpoint_metric_name(const cx_journey *j,
                                                   const char *id,
                                                   size_t index,
                                                   const char **out) {
  cx__jtp *tp = NULL;
  cx_status st = cx__journey_lookup_tp(j, id, &tp);
  if (st)
    return st;
  if (!out)
    return cx__error(CX_EINVAL, "metric name: out is NULL");
  if (index >= tp->n_metrics)
    return cx__error(CX_ERANGE, "metric %zu of touchpoint '%s' out of range "
                     "(%zu metrics)", index, id, tp->n_metrics);
  *out = tp->metric[index].name;
  return CX_OK;
}

CX_API cx_status cx_journey_touchpoint_metric_remove(cx_journey *j,
                                                     const char *id,
                                                     const char *name) {
  cx__jtp *tp = NULL;
  size_t i = 0;
  cx_status st = metric_lookup(j, id, name, &tp, &i);
  if (st)
    return st;
  if (i == SIZE_MAX)
    return cx__error_at(CX_ENOTFOUND, NULL, 0, 0, name, strlen(name),
                        "touchpoint '%s' has no such metric", id);
  cx__free(tp->metric[i].name);
  memmove(tp->metric + i, tp->metric + i + 1,
          (tp->n_metrics - i - 1) * sizeof *tp->metric);
  tp->n_metrics--;
  return CX_OK;
}

/* ------------------------------------------------------------------------ */
/* Extra data kept for round trips                                           */

cx_status cx__jtp_set_extra(cx__jtp *tp, const char *extra) {
  if (!tp)
    return cx__error(CX_EINVAL, "NULL touchpoint");
  return cx__jreplace_str(&tp->extra, extra, true);
}

cx_status cx__jstage_set_extra(cx__jstage *s, const char *extra) {
  if (!s)
    return cx__error(CX_EINVAL, "NULL stage");
  return cx__jreplace_str(&s->extra, extra, true);
}

/* The extra slot of an element, or NULL when it does not exist. */
static char **extra_slot(const cx_journey *j, cx_journey_element element,
                         const char *id) {
  if (!j)
    return NULL;
  if (element == CX_JOURNEY_ELEMENT_JOURNEY)
    return (char **)&j->extra;
  if (!id)
    return NULL;
  if (element == CX_JOURNEY_ELEMENT_ACTOR) {
    for (size_t i = 0; i < j->n_actors; i++)
      if (strcmp(j->actor[i].id, id) == 0)
        return &j->actor[i].extra;
    return NULL;
  }
  if (element == CX_JOURNEY_ELEMENT_STAGE) {
    cx__jstage *s = cx__journey_find_stage(j, id, NULL);
    return s ? &s->extra : NULL;
  }
  if (element == CX_JOURNEY_ELEMENT_TOUCHPOINT) {
    cx__jtp *tp = cx__journey_find_tp(j, id, NULL, NULL);
    return tp ? &tp->extra : NULL;
  }
  return NULL;
}

cx_status cx__journey_set_extra(cx_journey *j, cx_journey_element element,
                                const char *id, const char *extra) {
  char **slot = extra_slot(j, element, id);
  if (!slot)
    return cx__error(j ? CX_ENOTFOUND : CX_EINVAL, "no %s '%s' to attach "
                     "extra data to", cx_journey_element_name(element),
                     id ? id : "");
  return cx__jreplace_str(slot, extra, true);
}

const char *cx__journey_get_extra(const cx_journey *j,
                                  cx_journey_element element, const char *id) {
  char **slot = extra_slot(j, element, id);
  return slot ? *slot : NULL;
}
