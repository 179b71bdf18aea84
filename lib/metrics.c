/*
 * The metric accumulator behind NPS, CSAT and CES: weighted counts per
 * scale point and segment, batch input over typed columns, exact merging
 * and a versioned, checksummed serialization.  Results are computed in
 * lib/metrics_result.c.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "metrics_internal.h"

enum { NAME_MAX_BYTES = 4096 };

CX_API const char *cx_metric_kind_name(cx_metric_kind kind) {
  switch (kind) {
  case CX_METRIC_NPS: return "nps";
  case CX_METRIC_CSAT: return "csat";
  case CX_METRIC_CES: return "ces";
  }
  return "invalid";
}

/* ---- scales ------------------------------------------------------------ */

/* Does the scale suit the metric?  Sets the error when not. */
static cx_status check_spec(cx_metric_kind kind, cx_ces_version ces,
                            const cx_scale *sc) {
  cx_status st = cx_scale_validate(sc);
  if (st)
    return st;
  int64_t points = (int64_t)sc->max - sc->min + 1;
  switch (kind) {
  case CX_METRIC_NPS:
    if (sc->min != 0 || sc->max != 10 ||
        sc->direction != CX_SCALE_HIGHER_IS_BETTER)
      return cx__error(CX_EINVAL, "an NPS scale runs 0-10 with higher "
                                  "better (got %d-%d)",
                       (int)sc->min, (int)sc->max);
    return ces == CX_CES_NONE ? CX_OK
                              : cx__error(CX_EINVAL, "NPS has no CES version");
  case CX_METRIC_CSAT:
    if (points < 3)
      return cx__error(CX_EINVAL, "a CSAT scale needs at least 3 points "
                                  "(got %d-%d)",
                       (int)sc->min, (int)sc->max);
    return ces == CX_CES_NONE ? CX_OK
                              : cx__error(CX_EINVAL, "CSAT has no CES version");
  case CX_METRIC_CES:
    if (ces == CX_CES_1 && points != 5)
      return cx__error(CX_EINVAL, "a CES 1.0 scale has 5 points (got %d-%d)",
                       (int)sc->min, (int)sc->max);
    if (ces == CX_CES_2 && points != 7)
      return cx__error(CX_EINVAL, "a CES 2.0 scale has 7 points (got %d-%d)",
                       (int)sc->min, (int)sc->max);
    if (ces != CX_CES_1 && ces != CX_CES_2)
      return cx__error(CX_EINVAL, "CES version %d is unknown", (int)ces);
    return CX_OK;
  }
  return cx__error(CX_EINVAL, "metric kind %d is unknown", (int)kind);
}

static bool same_scale(const cx_scale *a, const cx_scale *b) {
  return a->min == b->min && a->max == b->max && a->neutral == b->neutral &&
         a->direction == b->direction && a->has_na_code == b->has_na_code &&
         (!a->has_na_code || a->na_code == b->na_code) &&
         a->has_dk_code == b->has_dk_code &&
         (!a->has_dk_code || a->dk_code == b->dk_code);
}

/* ---- construction ------------------------------------------------------ */

static cx_status survey_new(cx_metric_survey **out, cx_metric_kind kind,
                            cx_ces_version ces, const cx_scale *scale) {
  cx_status st = check_spec(kind, ces, scale);
  if (st)
    return st;
  cx_metric_survey *s = cx__calloc(1, sizeof *s);
  if (!s)
    return cx__enomem();
  s->kind = kind;
  s->ces = ces;
  s->scale = *scale;
  /* Labels are borrowed by cx_scale: a copy must not outlive them. */
  s->scale.labels = NULL;
  s->scale.nlabels = 0;
  s->points = (size_t)((int64_t)scale->max - scale->min + 1);
  s->ncells = s->points + 3;
  cx__names_init(&s->segments);
  s->cells = cx__calloc(s->ncells, sizeof *s->cells);
  s->w2 = cx__calloc(1, sizeof *s->w2);
  if (!s->cells || !s->w2) {
    cx_metric_survey_free(s);
    return cx__enomem();
  }
  *out = s;
  return CX_OK;
}

CX_API cx_status cx_metric_survey_new_nps(cx_metric_survey **out,
                                          const cx_scale *scale) {
  if (!out)
    return cx__error(CX_EINVAL, "cx_metric_survey_new_nps: out is NULL");
  cx_scale preset;
  if (!scale) {
    cx_scale_preset(&preset, CX_SCALE_NPS);
    scale = &preset;
  }
  return survey_new(out, CX_METRIC_NPS, CX_CES_NONE, scale);
}

CX_API cx_status cx_metric_survey_new_csat(cx_metric_survey **out,
                                           const cx_scale *scale) {
  if (!out)
    return cx__error(CX_EINVAL, "cx_metric_survey_new_csat: out is NULL");
  cx_scale preset;
  if (!scale) {
    cx_scale_preset(&preset, CX_SCALE_CSAT5);
    scale = &preset;
  }
  return survey_new(out, CX_METRIC_CSAT, CX_CES_NONE, scale);
}

CX_API cx_status cx_metric_survey_new_ces(cx_metric_survey **out,
                                          cx_ces_version version,
                                          const cx_scale *scale) {
  if (!out)
    return cx__error(CX_EINVAL, "cx_metric_survey_new_ces: out is NULL");
  if (version != CX_CES_1 && version != CX_CES_2)
    return cx__error(CX_EINVAL, "CES version %d is unknown (use CX_CES_1 or "
                                "CX_CES_2)",
                     (int)version);
  cx_scale preset;
  if (!scale) {
    cx_scale_preset(&preset,
                    version == CX_CES_1 ? CX_SCALE_CES1 : CX_SCALE_CES2);
    scale = &preset;
  }
  return survey_new(out, CX_METRIC_CES, version, scale);
}

CX_API void cx_metric_survey_free(cx_metric_survey *s) {
  if (!s)
    return;
  cx__names_free(&s->segments);
  cx__free(s->cells);
  cx__free(s->w2);
  cx__free(s);
}

CX_API cx_metric_kind cx_metric_survey_kind(const cx_metric_survey *s) {
  return s ? s->kind : CX_METRIC_NPS;
}

CX_API cx_ces_version cx_metric_survey_ces_version(const cx_metric_survey *s) {
  return s ? s->ces : CX_CES_NONE;
}

CX_API cx_status cx_metric_survey_scale(const cx_metric_survey *s,
                                        cx_scale *out) {
  if (!s || !out)
    return cx__error(CX_EINVAL, "cx_metric_survey_scale: NULL argument");
  *out = s->scale;
  return CX_OK;
}

/* ---- segments ---------------------------------------------------------- */

static cx_status add_segment(cx_metric_survey *s, const char *name, size_t len,
                             size_t *index) {
  if (len == 0)
    return cx__error(CX_EINVAL, "segment name is empty");
  if (len > NAME_MAX_BYTES)
    return cx__error_at(CX_ERANGE, NULL, 0, 0, name, 64,
                        "segment name longer than %d bytes", NAME_MAX_BYTES);
  if (!cx__utf8_valid(name, len))
    return cx__error_at(CX_EINVAL, NULL, 0, 0, name, len,
                        "segment name is not valid UTF-8");
  if (cx__names_find(&s->segments, name, len) != SIZE_MAX)
    return cx__error_at(CX_EINVAL, NULL, 0, 0, name, len,
                        "duplicate segment name");
  if (s->segments.count == 0 && s->has_data)
    return cx__error_at(CX_ESTATE, NULL, 0, 0, name, len,
                        "cannot add a segment to an accumulator that already "
                        "holds unsegmented answers");
  size_t old_slots = cx__metric_slots(s);
  size_t new_slots = s->segments.count + 1;
  if (new_slots > old_slots) {
    size_t count;
    if (!cx__mul_size(new_slots, s->ncells, &count))
      return cx__enomem();
    metric_cell *c = cx__calloc(count, sizeof *c);
    double *w2 = cx__calloc(new_slots, sizeof *w2);
    if (!c || !w2) {
      cx__free(c);
      cx__free(w2);
      return cx__enomem();
    }
    if (cx__names_add(&s->segments, name, len) == SIZE_MAX) {
      cx__free(c);
      cx__free(w2);
      return cx__enomem();
    }
    memcpy(c, s->cells, old_slots * s->ncells * sizeof *c);
    memcpy(w2, s->w2, old_slots * sizeof *w2);
    cx__free(s->cells);
    cx__free(s->w2);
    s->cells = c;
    s->w2 = w2;
  } else if (cx__names_add(&s->segments, name, len) == SIZE_MAX) {
    return cx__enomem();
  }
  if (index)
    *index = s->segments.count - 1;
  return CX_OK;
}

CX_API cx_status cx_metric_survey_add_segment(cx_metric_survey *s,
                                              const char *name,
                                              size_t *index) {
  if (!s || !name)
    return cx__error(CX_EINVAL, "cx_metric_survey_add_segment: NULL argument");
  return add_segment(s, name, strlen(name), index);
}

CX_API cx_status cx_metric_survey_find_segment(const cx_metric_survey *s,
                                               const char *name,
                                               size_t *index) {
  if (!s || !name || !index)
    return cx__error(CX_EINVAL, "cx_metric_survey_find_segment: NULL argument");
  size_t len = strlen(name);
  size_t k = cx__names_find(&s->segments, name, len);
  if (k == SIZE_MAX)
    return cx__error_at(CX_ENOTFOUND, NULL, 0, 0, name, len, "no such segment");
  *index = k;
  return CX_OK;
}

CX_API size_t cx_metric_survey_n_segments(const cx_metric_survey *s) {
  return s ? s->segments.count : 0;
}

CX_API const char *cx_metric_survey_segment_name(const cx_metric_survey *s,
                                                 size_t index) {
  return s && index < s->segments.count ? s->segments.name[index] : NULL;
}

/* ---- adding answers ---------------------------------------------------- */

/* Cell index of an answer, or SIZE_MAX for one that is neither on the
 * scale nor a declared code. */
static size_t cell_of(const cx_metric_survey *s, double v) {
  /* The common case first, without a libm call: a whole point in range. */
  if (v >= (double)s->scale.min && v <= (double)s->scale.max) {
    int64_t iv = (int64_t)v;
    if ((double)iv == v)
      return (size_t)(iv - s->scale.min);
  }
  if (isnan(v))
    return s->points + CELL_MISSING;
  if (s->scale.has_na_code && v == (double)s->scale.na_code)
    return s->points + CELL_NA;
  if (s->scale.has_dk_code && v == (double)s->scale.dk_code)
    return s->points + CELL_DK;
  if (v != floor(v) || v < (double)s->scale.min || v > (double)s->scale.max)
    return SIZE_MAX;
  return (size_t)(v - (double)s->scale.min);
}

/* Error for a score cell_of() refused; @p who names the respondent. */
static cx_status bad_score(const cx_metric_survey *s, const char *who,
                           double v) {
  char text[64];
  snprintf(text, sizeof text, "%.17g", v);
  const char *why = isfinite(v) && v != floor(v)
                        ? "is not a whole point of the scale"
                        : "is outside the scale";
  return cx__error_at(CX_ERANGE, NULL, 0, 0, text, strlen(text),
                      "%s: %s score %s %s %d-%d", who,
                      cx_metric_kind_name(s->kind), text, why,
                      (int)s->scale.min, (int)s->scale.max);
}

static bool weight_ok(double w) { return w >= 0.0 && !isinf(w); }

static void count_one(cx_metric_survey *s, size_t slot, size_t cell,
                      double weight) {
  metric_cell *c = &s->cells[slot * s->ncells + cell];
  /* Weight-1 answers stay integer counts, so unweighted data merge and
   * serialize exactly whatever the order of addition. */
  if (weight == 1.0) {
    c->n++;
  } else {
    c->nw++;
    c->w += weight;
    if (cell < s->points)
      s->w2[slot] += weight * weight;
  }
}

static void mark_data(cx_metric_survey *s) {
  if (s->segments.count == 0)
    s->has_data = true;
}

CX_API cx_status cx_metric_survey_add(cx_metric_survey *s, size_t segment,
                                      double score, double weight,
                                      const char *respondent) {
  if (!s)
    return cx__error(CX_EINVAL, "cx_metric_survey_add: survey is NULL");
  char who[128];
  if (respondent)
    snprintf(who, sizeof who, "respondent %s", respondent);
  else
    snprintf(who, sizeof who, "respondent (unnamed)");
  if (segment >= cx__metric_slots(s))
    return cx__error(CX_ENOTFOUND, "%s: segment index %zu out of range (%zu "
                                   "segments)",
                     who, segment, s->segments.count);
  size_t cell = cell_of(s, score);
  if (cell == SIZE_MAX)
    return bad_score(s, who, score);
  if (!weight_ok(weight)) {
    char text[64];
    snprintf(text, sizeof text, "%.17g", weight);
    return cx__error_at(CX_ERANGE, NULL, 0, 0, text, strlen(text),
                        "%s: weight %s is not a finite number >= 0", who,
                        text);
  }
  count_one(s, segment, cell, weight);
  mark_data(s);
  return CX_OK;
}

static bool present(const cx_array *a) { return a && a->data; }

static cx_status check_column(const char *name, const cx_array *a,
                              bool required) {
  if (!present(a))
    return required ? cx__error(CX_EINVAL,
                                "add_batch: the %s column is required", name)
                    : CX_OK;
  if (!cx__dtype_valid(a->dtype))
    return cx__error(CX_EINVAL, "add_batch: the %s column has unknown dtype %d",
                     name, (int)a->dtype);
  return CX_OK;
}

static cx_status bad_row(const char *column, size_t row, double v,
                         const char *why) {
  char text[64];
  snprintf(text, sizeof text, "%.17g", v);
  return cx__error_at(CX_ERANGE, NULL, 0, 0, text, strlen(text),
                      "add_batch: row %zu: %s %s %s", row, column, text, why);
}

CX_API cx_status cx_metric_survey_add_batch(cx_metric_survey *s, size_t n,
                                            const cx_array *score,
                                            const cx_array *segment,
                                            const cx_array *weight) {
  if (!s)
    return cx__error(CX_EINVAL, "cx_metric_survey_add_batch: survey is NULL");
  cx_status st;
  if ((st = check_column("score", score, true)) ||
      (st = check_column("segment", segment, false)) ||
      (st = check_column("weight", weight, false)))
    return st;
  size_t slots = cx__metric_slots(s);
  /* Columns are read in blocks (the dtype is decided once per block).
   * The first pass checks every row, so a bad one leaves the accumulator
   * as it was; the second counts. */
  enum { BLOCK = 1024 };
  double sv[BLOCK], gv[BLOCK], wv[BLOCK];
  bool has_seg = present(segment), has_w = present(weight);
  for (size_t start = 0; start < n; start += BLOCK) {
    size_t m = n - start < BLOCK ? n - start : BLOCK;
    cx__array_read_f64(score, start, m, sv);
    if (has_seg)
      cx__array_read_f64(segment, start, m, gv);
    if (has_w)
      cx__array_read_f64(weight, start, m, wv);
    for (size_t k = 0; k < m; k++) {
      size_t i = start + k;
      if (cell_of(s, sv[k]) == SIZE_MAX) {
        char who[64];
        snprintf(who, sizeof who, "add_batch: row %zu", i);
        return bad_score(s, who, sv[k]);
      }
      if (has_seg && (!(gv[k] >= 0.0 && gv[k] < (double)slots) ||
                      (double)(size_t)gv[k] != gv[k]))
        return bad_row("segment", i, gv[k], "is not a segment index");
      if (has_w && !weight_ok(wv[k]))
        return bad_row("weight", i, wv[k], "is not a finite number >= 0");
    }
  }
  for (size_t start = 0; start < n; start += BLOCK) {
    size_t m = n - start < BLOCK ? n - start : BLOCK;
    cx__array_read_f64(score, start, m, sv);
    if (has_seg)
      cx__array_read_f64(segment, start, m, gv);
    if (has_w)
      cx__array_read_f64(weight, start, m, wv);
    for (size_t k = 0; k < m; k++)
      count_one(s, has_seg ? (size_t)gv[k] : 0, cell_of(s, sv[k]),
                has_w ? wv[k] : 1.0);
  }
  if (n)
    mark_data(s);
  return CX_OK;
}

/* ---- merging ----------------------------------------------------------- */

CX_API cx_status cx_metric_survey_merge(cx_metric_survey *dst,
                                        const cx_metric_survey *src) {
  if (!dst || !src)
    return cx__error(CX_EINVAL, "cx_metric_survey_merge: NULL argument");
  if (dst == src)
    return cx__error(CX_EINVAL, "cx_metric_survey_merge: cannot merge an "
                                "accumulator into itself");
  if (dst->kind != src->kind || dst->ces != src->ces ||
      !same_scale(&dst->scale, &src->scale))
    return cx__error(CX_EINVAL,
                     "cannot merge accumulators of different metrics or "
                     "scales (%s %d-%d and %s %d-%d)",
                     cx_metric_kind_name(dst->kind), (int)dst->scale.min,
                     (int)dst->scale.max, cx_metric_kind_name(src->kind),
                     (int)src->scale.min, (int)src->scale.max);
  if ((dst->segments.count == 0 && dst->has_data && src->segments.count) ||
      (src->segments.count == 0 && src->has_data && dst->segments.count))
    return cx__error(CX_ESTATE, "cannot merge segmented and unsegmented "
                                "answers");
  /* Work on a copy, so that a failure half way leaves dst as it was. */
  cx_metric_survey *m;
  cx_status st = survey_new(&m, dst->kind, dst->ces, &dst->scale);
  if (st)
    return st;
  size_t nseg = dst->segments.count + src->segments.count;
  size_t src_slots = cx__metric_slots(src);
  size_t *map = cx__calloc(src_slots, sizeof *map);
  if (!map) {
    cx_metric_survey_free(m);
    return cx__enomem();
  }
  for (size_t i = 0; i < nseg && st == CX_OK; i++) {
    const cx_names *names = i < dst->segments.count ? &dst->segments
                                                    : &src->segments;
    size_t k = i < dst->segments.count ? i : i - dst->segments.count;
    size_t at = cx__names_find(&m->segments, names->name[k], names->len[k]);
    if (at == SIZE_MAX)
      st = add_segment(m, names->name[k], names->len[k], &at);
    if (st == CX_OK && i >= dst->segments.count)
      map[k] = at;
  }
  if (st == CX_OK) {
    size_t nc = m->ncells, dst_slots = cx__metric_slots(dst);
    for (size_t g = 0; g < dst_slots; g++) {
      memcpy(&m->cells[g * nc], &dst->cells[g * nc], nc * sizeof *m->cells);
      m->w2[g] = dst->w2[g];
    }
    for (size_t g = 0; g < src_slots; g++) {
      metric_cell *to = &m->cells[map[g] * nc];
      const metric_cell *from = &src->cells[g * nc];
      for (size_t k = 0; k < nc; k++) {
        to[k].n += from[k].n;
        to[k].nw += from[k].nw;
        to[k].w += from[k].w;
      }
      m->w2[map[g]] += src->w2[g];
    }
    m->has_data = dst->has_data || src->has_data;
    cx_metric_survey tmp = *dst;
    *dst = *m;
    *m = tmp;
  }
  cx__free(map);
  cx_metric_survey_free(m);
  return st;
}

/* ---- sums for the results ---------------------------------------------- */

void cx__metric_gather(const cx_metric_survey *s, size_t segment,
                       double *count, uint64_t *raw, cx_metric_sample *out) {
  size_t slots = cx__metric_slots(s), nc = s->ncells;
  memset(out, 0, sizeof *out);
  memset(count, 0, s->points * sizeof *count);
  memset(raw, 0, s->points * sizeof *raw);
  double w2 = 0.0;
  for (size_t g = 0; g < slots; g++) {
    if (segment != CX_METRIC_ALL && segment != g)
      continue;
    const metric_cell *c = &s->cells[g * nc];
    for (size_t k = 0; k < s->points; k++) {
      count[k] += (double)c[k].n + c[k].w;
      raw[k] += c[k].n + c[k].nw;
      w2 += (double)c[k].n;
    }
    w2 += s->w2[g];
    out->n_missing += c[s->points + CELL_MISSING].n +
                      c[s->points + CELL_MISSING].nw;
    out->n_not_applicable += c[s->points + CELL_NA].n + c[s->points + CELL_NA].nw;
    out->n_dont_know += c[s->points + CELL_DK].n + c[s->points + CELL_DK].nw;
  }
  for (size_t k = 0; k < s->points; k++) {
    out->n += count[k];
    out->n_raw += raw[k];
  }
  out->n_effective = out->n > 0.0 && w2 > 0.0 ? out->n * out->n / w2 : 0.0;
  out->scale_min = s->scale.min;
  out->n_points = s->points;
}

/* ---- serialization ------------------------------------------------------

   "CXMS" magic, u32 format version, u8 kind, u8 CES version, the scale
   (i32 min, i32 max, f64 neutral, u8 direction, u8 has_na, i32 na, u8
   has_dk, i32 dk), u8 flags (1 = has_data), u64 segments, their names as
   u32 length + bytes, then per segment slot the cells (points, missing,
   not applicable, don't know) as u64 count, u64 weighted count, f64 weight
   sum, and the slot's f64 sum of squared weights; last a u64 FNV-1a
   checksum of everything before. */

static const char MAGIC[4] = {'C', 'X', 'M', 'S'};
enum { FORMAT_VERSION = 1, CELL_BYTES = 24 };

CX_API cx_status cx_metric_survey_serialize(const cx_metric_survey *s,
                                            uint8_t **out, size_t *len) {
  if (!s || !out || !len)
    return cx__error(CX_EINVAL, "cx_metric_survey_serialize: NULL argument");
  cx_buf b;
  cx__buf_init(&b);
  cx__buf_put(&b, MAGIC, 4);
  cx__buf_put_u32le(&b, FORMAT_VERSION);
  cx__buf_put_u8(&b, (uint8_t)s->kind);
  cx__buf_put_u8(&b, (uint8_t)s->ces);
  cx__buf_put_u32le(&b, (uint32_t)s->scale.min);
  cx__buf_put_u32le(&b, (uint32_t)s->scale.max);
  cx__buf_put_f64le(&b, s->scale.neutral);
  cx__buf_put_u8(&b, (uint8_t)s->scale.direction);
  cx__buf_put_u8(&b, (uint8_t)(s->scale.has_na_code != 0));
  cx__buf_put_u32le(&b, (uint32_t)s->scale.na_code);
  cx__buf_put_u8(&b, (uint8_t)(s->scale.has_dk_code != 0));
  cx__buf_put_u32le(&b, (uint32_t)s->scale.dk_code);
  cx__buf_put_u8(&b, (uint8_t)(s->has_data ? 1 : 0));
  cx__buf_put_u64le(&b, s->segments.count);
  for (size_t i = 0; i < s->segments.count; i++)
    cx__buf_put_str(&b, s->segments.name[i]);
  size_t slots = cx__metric_slots(s);
  for (size_t g = 0; g < slots; g++) {
    for (size_t k = 0; k < s->ncells; k++) {
      const metric_cell *c = &s->cells[g * s->ncells + k];
      cx__buf_put_u64le(&b, c->n);
      cx__buf_put_u64le(&b, c->nw);
      cx__buf_put_f64le(&b, c->w);
    }
    cx__buf_put_f64le(&b, s->w2[g]);
  }
  return cx__serial_finish(&b, out, len);
}

static cx_status corrupt(const char *why) {
  return cx__serial_corrupt("metric accumulator", why);
}

static bool finite_nonneg(double v) { return v >= 0.0 && !isinf(v); }

CX_API cx_status cx_metric_survey_deserialize(cx_metric_survey **out,
                                              const uint8_t *data,
                                              size_t len) {
  if (!out || (!data && len))
    return cx__error(CX_EINVAL, "cx_metric_survey_deserialize: NULL argument");
  cx_reader r;
  cx_status st0 = cx__serial_open(data, len, MAGIC, FORMAT_VERSION, 16,
                                  "metric accumulator", &r);
  if (st0)
    return st0;
  uint8_t kind = cx__rd_u8(&r), ces = cx__rd_u8(&r);
  cx_scale sc = CX_SCALE_INIT;
  sc.min = (int32_t)cx__rd_u32le(&r);
  sc.max = (int32_t)cx__rd_u32le(&r);
  sc.neutral = cx__rd_f64le(&r);
  sc.direction = (cx_scale_direction)cx__rd_u8(&r);
  sc.has_na_code = cx__rd_u8(&r);
  sc.na_code = (int32_t)cx__rd_u32le(&r);
  sc.has_dk_code = cx__rd_u8(&r);
  sc.dk_code = (int32_t)cx__rd_u32le(&r);
  uint8_t flags = cx__rd_u8(&r);
  uint64_t nseg = cx__rd_u64le(&r);
  if (r.failed)
    return corrupt("truncated");
  if (kind > CX_METRIC_CES || sc.has_na_code > 1 || sc.has_dk_code > 1 ||
      (flags & ~1u))
    return corrupt("unknown metric, flag or code marker");
  cx_metric_survey *s;
  cx_status st = survey_new(&s, (cx_metric_kind)kind, (cx_ces_version)ces, &sc);
  if (st) {
    char why[256];
    snprintf(why, sizeof why, "%s", cx_error_last());
    return st == CX_ENOMEM ? st : corrupt(why);
  }
  /* Each name takes at least 4 bytes and each slot its cells: refuse
   * counts the remaining bytes cannot hold before allocating. */
  uint64_t slot_bytes = (uint64_t)s->ncells * CELL_BYTES + 8;
  if (nseg > r.left / 4 || (nseg ? nseg : 1) > r.left / slot_bytes) {
    cx_metric_survey_free(s);
    return corrupt("segment count larger than the data");
  }
  for (uint64_t i = 0; i < nseg; i++) {
    char *name = cx__rd_str(&r, NAME_MAX_BYTES);
    if (!name) {
      st = r.failed ? corrupt("bad segment name") : cx__enomem();
      goto fail;
    }
    st = add_segment(s, name, strlen(name), NULL);
    cx__free(name);
    if (st) {
      if (st != CX_ENOMEM) {
        char why[256];
        snprintf(why, sizeof why, "%s", cx_error_last());
        st = corrupt(why);
      }
      goto fail;
    }
  }
  s->has_data = (flags & 1) && nseg == 0;
  size_t slots = cx__metric_slots(s);
  for (size_t g = 0; g < slots; g++) {
    bool ok = true;
    for (size_t k = 0; k < s->ncells; k++) {
      metric_cell *c = &s->cells[g * s->ncells + k];
      c->n = cx__rd_u64le(&r);
      c->nw = cx__rd_u64le(&r);
      c->w = cx__rd_f64le(&r);
      ok = ok && finite_nonneg(c->w);
    }
    s->w2[g] = cx__rd_f64le(&r);
    if (!r.failed && (!ok || !finite_nonneg(s->w2[g]))) {
      st = corrupt("negative or non-finite weight sums");
      goto fail;
    }
  }
  if (r.failed || r.left != 0) {
    st = corrupt(r.failed ? "truncated" : "trailing bytes");
    goto fail;
  }
  *out = s;
  return CX_OK;
fail:
  cx_metric_survey_free(s);
  return st;
}
