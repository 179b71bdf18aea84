/*
 * The index of touchpoint ids of a journey (see cx__jindex in
 * journey_internal.h): from an id to its stage and position in constant
 * time, so that loading, scoring, linking results or diffing a journey of
 * 100,000 touchpoints does not compare every id with every other.
 */
#include <string.h>

#include "internal.h"
#include "journey_internal.h"

void cx__jindex_free(cx__jindex *x) {
  cx__free(x->slot);
  memset(x, 0, sizeof *x);
}

void cx__jindex_off(cx_journey *j) { j->index.ok = false; }

static uint64_t id_hash(const cx__jindex *x, const char *id) {
  return cx__hash_keyed(id, strlen(id), x->key);
}

static const char *slot_id(const cx_journey *j, const cx__jslot *e) {
  return j->stage[e->si]->tp[e->pos]->id;
}

/* Put the touchpoint at (si, pos) unless its id is listed already (then
 * only note the duplicate: the first one in order stays). */
static void put(cx_journey *j, size_t si, size_t pos) {
  cx__jindex *x = &j->index;
  const char *id = j->stage[si]->tp[pos]->id;
  uint64_t h = id_hash(x, id);
  size_t mask = x->nslots - 1;
  for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
    cx__jslot *e = &x->slot[i];
    if (e->si == SIZE_MAX) {
      *e = (cx__jslot){h, si, pos};
      x->count++;
      return;
    }
    if (e->hash == h && strcmp(slot_id(j, e), id) == 0) {
      x->dups = true;
      return;
    }
  }
}

void cx__jindex_rebuild(cx_journey *j) {
  cx__jindex *x = &j->index;
  size_t n = 0;
  for (size_t i = 0; i < j->n_stages; i++)
    n += j->stage[i]->n_tp;
  /* At most half full, so probes stay short. */
  size_t want = 16;
  while (want / 2 < n + 1) {
    if (want > SIZE_MAX / 2 / sizeof *x->slot) {
      cx__jindex_free(x);
      return;
    }
    want *= 2;
  }
  if (want != x->nslots) {
    cx__jslot *slot = cx__malloc(want * sizeof *slot);
    if (!slot) {
      cx__jindex_free(x); /* off: lookups walk the stages */
      return;
    }
    cx__free(x->slot);
    x->slot = slot;
    x->nslots = want;
  }
  for (size_t i = 0; i < x->nslots; i++)
    x->slot[i].si = SIZE_MAX;
  x->key = cx__table_key(j, x->slot);
  x->count = 0;
  x->dups = false;
  for (size_t i = 0; i < j->n_stages; i++)
    for (size_t k = 0; k < j->stage[i]->n_tp; k++)
      put(j, i, k);
  x->ok = true;
}

void cx__jindex_appended(cx_journey *j, size_t si) {
  cx__jindex *x = &j->index;
  if (!x->ok || x->dups || 2 * (x->count + 1) > x->nslots) {
    cx__jindex_rebuild(j); /* off, holding duplicates, or growing */
    return;
  }
  put(j, si, j->stage[si]->n_tp - 1);
  if (x->dups)
    cx__jindex_rebuild(j); /* the new one may come first in order */
}

cx__jtp *cx__journey_find_tp(const cx_journey *j, const char *id, size_t *si,
                             size_t *pos) {
  const cx__jindex *x = &j->index;
  if (x->ok) {
    uint64_t h = id_hash(x, id);
    size_t mask = x->nslots - 1;
    for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
      const cx__jslot *e = &x->slot[i];
      if (e->si == SIZE_MAX)
        return NULL;
      if (e->hash == h && strcmp(slot_id(j, e), id) == 0) {
        if (si)
          *si = e->si;
        if (pos)
          *pos = e->pos;
        return j->stage[e->si]->tp[e->pos];
      }
    }
  }
  for (size_t i = 0; i < j->n_stages; i++)
    for (size_t k = 0; k < j->stage[i]->n_tp; k++)
      if (strcmp(j->stage[i]->tp[k]->id, id) == 0) {
        if (si)
          *si = i;
        if (pos)
          *pos = k;
        return j->stage[i]->tp[k];
      }
  return NULL;
}
