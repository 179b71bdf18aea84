/*
 * The Kano survey accumulator: features and segments by name, a tally of
 * answer pairs per (feature, segment), batch input over typed columns,
 * exact merging and a versioned, checksummed serialization.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "kano_internal.h"

enum { NAME_MAX_BYTES = 4096 };

CX_API cx_status cx_kano_survey_new(cx_kano_survey **out) {
  if (!out)
    return cx__error(CX_EINVAL, "cx_kano_survey_new: out is NULL");
  cx_kano_survey *s = cx__calloc(1, sizeof *s);
  if (!s)
    return cx__enomem();
  cx__names_init(&s->features);
  cx__names_init(&s->segments);
  s->respondents = cx__calloc(1, sizeof *s->respondents);
  s->dropped = cx__calloc(1, sizeof *s->dropped);
  if (!s->respondents || !s->dropped) {
    cx_kano_survey_free(s);
    return cx__enomem();
  }
  *out = s;
  return CX_OK;
}

CX_API void cx_kano_survey_free(cx_kano_survey *s) {
  if (!s)
    return;
  cx__names_free(&s->features);
  cx__names_free(&s->segments);
  cx__free(s->tally);
  cx__free(s->respondents);
  cx__free(s->dropped);
  cx__free(s);
}

static cx_status check_name(const char *what, const char *name, size_t len) {
  if (len == 0)
    return cx__error(CX_EINVAL, "%s name is empty", what);
  if (len > NAME_MAX_BYTES)
    return cx__error_at(CX_ERANGE, NULL, 0, 0, name, len,
                        "%s name longer than %d bytes", what, NAME_MAX_BYTES);
  if (!cx__utf8_valid(name, len))
    return cx__error_at(CX_EINVAL, NULL, 0, 0, name, len,
                        "%s name is not valid UTF-8", what);
  return CX_OK;
}

/* Make room for @p features features; new tallies are zero. */
static bool reserve_features(cx_kano_survey *s, size_t features) {
  if (features <= s->tally_cap)
    return true;
  size_t cap = s->tally_cap ? s->tally_cap : 8;
  while (cap < features)
    cap *= 2;
  size_t slots = cx__kano_slots(s), count, bytes;
  if (!cx__mul_size(cap, slots, &count) ||
      !cx__mul_size(count, sizeof(kano_tally), &bytes))
    return false;
  kano_tally *t = cx__realloc(s->tally, bytes);
  if (!t)
    return false;
  memset(t + s->tally_cap * slots, 0,
         (cap - s->tally_cap) * slots * sizeof(kano_tally));
  s->tally = t;
  s->tally_cap = cap;
  return true;
}

static cx_status add_feature(cx_kano_survey *s, const char *name, size_t len,
                             size_t *index) {
  cx_status st = check_name("feature", name, len);
  if (st)
    return st;
  if (cx__names_find(&s->features, name, len) != SIZE_MAX)
    return cx__error_at(CX_EINVAL, NULL, 0, 0, name, len,
                        "duplicate feature name");
  if (!reserve_features(s, s->features.count + 1))
    return cx__enomem();
  size_t k = cx__names_add(&s->features, name, len);
  if (k == SIZE_MAX)
    return cx__enomem();
  if (index)
    *index = k;
  return CX_OK;
}

CX_API cx_status cx_kano_survey_add_feature(cx_kano_survey *s,
                                            const char *name, size_t *index) {
  if (!s || !name)
    return cx__error(CX_EINVAL, "cx_kano_survey_add_feature: NULL argument");
  return add_feature(s, name, strlen(name), index);
}

cx_status cx__kano_survey_intern_feature(cx_kano_survey *s, const char *name,
                                         size_t len, size_t *index) {
  size_t k = cx__names_find(&s->features, name, len);
  if (k != SIZE_MAX) {
    *index = k;
    return CX_OK;
  }
  return add_feature(s, name, len, index);
}

static cx_status find_name(const cx_names *names, const char *what,
                           const char *name, size_t *index) {
  if (!name || !index)
    return cx__error(CX_EINVAL, "find %s: NULL argument", what);
  size_t len = strlen(name);
  size_t k = cx__names_find(names, name, len);
  if (k == SIZE_MAX)
    return cx__error_at(CX_ENOTFOUND, NULL, 0, 0, name, len, "no such %s",
                        what);
  *index = k;
  return CX_OK;
}

CX_API cx_status cx_kano_survey_find_feature(const cx_kano_survey *s,
                                             const char *name, size_t *index) {
  if (!s)
    return cx__error(CX_EINVAL, "cx_kano_survey_find_feature: survey is NULL");
  return find_name(&s->features, "feature", name, index);
}

CX_API size_t cx_kano_survey_n_features(const cx_kano_survey *s) {
  return s ? s->features.count : 0;
}

CX_API const char *cx_kano_survey_feature_name(const cx_kano_survey *s,
                                               size_t index) {
  return s && index < s->features.count ? s->features.name[index] : NULL;
}

static cx_status add_segment(cx_kano_survey *s, const char *name, size_t len,
                             size_t *index) {
  cx_status st = check_name("segment", name, len);
  if (st)
    return st;
  if (cx__names_find(&s->segments, name, len) != SIZE_MAX)
    return cx__error_at(CX_EINVAL, NULL, 0, 0, name, len,
                        "duplicate segment name");
  if (s->segments.count == 0 && s->has_data)
    return cx__error_at(CX_ESTATE, NULL, 0, 0, name, len,
                        "cannot add a segment to a survey that already holds "
                        "unsegmented answers");
  size_t old_slots = cx__kano_slots(s);
  size_t new_slots = s->segments.count + 1;
  if (new_slots < old_slots)
    new_slots = old_slots;
  uint64_t *resp = cx__calloc(new_slots, sizeof *resp);
  uint64_t *drop = cx__calloc(new_slots, sizeof *drop);
  kano_tally *t = NULL;
  if (resp && drop && new_slots != old_slots && s->tally_cap) {
    size_t count;
    if (cx__mul_size(s->tally_cap, new_slots, &count))
      t = cx__calloc(count, sizeof *t);
  }
  bool need_tally = new_slots != old_slots && s->tally_cap;
  if (!resp || !drop || (need_tally && !t)) {
    cx__free(resp);
    cx__free(drop);
    cx__free(t);
    return cx__enomem();
  }
  size_t k = cx__names_add(&s->segments, name, len);
  if (k == SIZE_MAX) {
    cx__free(resp);
    cx__free(drop);
    cx__free(t);
    return cx__enomem();
  }
  memcpy(resp, s->respondents, old_slots * sizeof *resp);
  memcpy(drop, s->dropped, old_slots * sizeof *drop);
  cx__free(s->respondents);
  cx__free(s->dropped);
  s->respondents = resp;
  s->dropped = drop;
  if (need_tally) {
    for (size_t f = 0; f < s->tally_cap; f++)
      memcpy(t + f * new_slots, s->tally + f * old_slots,
             old_slots * sizeof *t);
    cx__free(s->tally);
    s->tally = t;
  }
  if (index)
    *index = k;
  return CX_OK;
}

CX_API cx_status cx_kano_survey_add_segment(cx_kano_survey *s,
                                            const char *name, size_t *index) {
  if (!s || !name)
    return cx__error(CX_EINVAL, "cx_kano_survey_add_segment: NULL argument");
  return add_segment(s, name, strlen(name), index);
}

cx_status cx__kano_survey_intern_segment(cx_kano_survey *s, const char *name,
                                         size_t len, size_t *index) {
  size_t k = cx__names_find(&s->segments, name, len);
  if (k != SIZE_MAX) {
    *index = k;
    return CX_OK;
  }
  return add_segment(s, name, len, index);
}

CX_API cx_status cx_kano_survey_find_segment(const cx_kano_survey *s,
                                             const char *name, size_t *index) {
  if (!s)
    return cx__error(CX_EINVAL, "cx_kano_survey_find_segment: survey is NULL");
  return find_name(&s->segments, "segment", name, index);
}

CX_API size_t cx_kano_survey_n_segments(const cx_kano_survey *s) {
  return s ? s->segments.count : 0;
}

CX_API const char *cx_kano_survey_segment_name(const cx_kano_survey *s,
                                               size_t index) {
  return s && index < s->segments.count ? s->segments.name[index] : NULL;
}

static cx_status check_filter(const cx_kano_filter *f) {
  if (f->version != CX_KANO_FILTER_VERSION)
    return cx__error(CX_EINVAL, "cx_kano_filter version %u is not %u",
                     f->version, CX_KANO_FILTER_VERSION);
  cx_status st = cx_kano_table_validate(&f->table);
  if (st)
    return st;
  if (!(f->max_questionable >= 0.0) || !(f->max_indifferent >= 0.0))
    return cx__error(CX_EINVAL,
                     "filter thresholds must be numbers >= 0 (got %g, %g)",
                     f->max_questionable, f->max_indifferent);
  return CX_OK;
}

CX_API cx_status cx_kano_survey_set_filter(cx_kano_survey *s,
                                           const cx_kano_filter *filter) {
  if (!s)
    return cx__error(CX_EINVAL, "cx_kano_survey_set_filter: survey is NULL");
  if (!filter) {
    s->has_filter = false;
    return CX_OK;
  }
  cx_status st = check_filter(filter);
  if (st)
    return st;
  s->filter = *filter;
  s->has_filter = true;
  return CX_OK;
}

static cx_status check_index(const cx_kano_survey *s, size_t feature,
                             size_t segment) {
  if (feature >= s->features.count)
    return cx__error(CX_ENOTFOUND, "feature index %zu out of range (%zu features)",
                     feature, s->features.count);
  if (segment >= cx__kano_slots(s))
    return cx__error(CX_ENOTFOUND, "segment index %zu out of range (%zu segments)",
                     segment, s->segments.count);
  return CX_OK;
}

static cx_status check_weight(double w) {
  if (!(w >= 0.0) || isinf(w))
    return cx__error(CX_ERANGE, "weight %g is not a finite number >= 0", w);
  return CX_OK;
}

static cx_status check_importance(double imp) {
  if (isinf(imp))
    return cx__error(CX_ERANGE, "importance %g is not finite", imp);
  return CX_OK;
}

static inline void tally_add(kano_tally *t, unsigned f, unsigned d,
                             double importance, double weight) {
  unsigned k = f * 6 + d;
  if (weight == 1.0) {
    t->n[k]++;
  } else {
    t->nw[k]++;
    t->w[k] += weight;
    if (f && d)
      t->w2 += weight * weight;
  }
  if (!isnan(importance)) {
    t->imp_n++;
    t->imp_w += weight;
    t->imp_w2 += weight * weight;
    t->imp_sum += weight * importance;
    t->imp_sum2 += weight * importance * importance;
  }
}

static void mark_data(cx_kano_survey *s) {
  if (s->segments.count == 0)
    s->has_data = true;
}

CX_API cx_status cx_kano_survey_add(cx_kano_survey *s, size_t feature,
                                    size_t segment, int functional,
                                    int dysfunctional, double importance,
                                    double weight) {
  if (!s)
    return cx__error(CX_EINVAL, "cx_kano_survey_add: survey is NULL");
  cx_status st = check_index(s, feature, segment);
  if (st)
    return st;
  if (functional < 0 || functional > 5 || dysfunctional < 0 ||
      dysfunctional > 5)
    return cx__error(CX_ERANGE,
                     "answer codes must be 0-5 (got functional %d, "
                     "dysfunctional %d)",
                     functional, dysfunctional);
  if ((st = check_weight(weight)) || (st = check_importance(importance)))
    return st;
  tally_add(&s->tally[feature * cx__kano_slots(s) + segment],
            (unsigned)functional, (unsigned)dysfunctional, importance, weight);
  mark_data(s);
  return CX_OK;
}

CX_API cx_status cx_kano_survey_add_respondent(
    cx_kano_survey *s, size_t segment, double weight,
    const uint8_t *functional, const uint8_t *dysfunctional,
    const double *importance, int *dropped) {
  if (!s || ((!functional || !dysfunctional) && s->features.count))
    return cx__error(CX_EINVAL, "cx_kano_survey_add_respondent: NULL argument");
  size_t nf = s->features.count;
  if (segment >= cx__kano_slots(s))
    return cx__error(CX_ENOTFOUND, "segment index %zu out of range (%zu segments)",
                     segment, s->segments.count);
  cx_status st = check_weight(weight);
  if (st)
    return st;
  size_t complete = 0, q = 0, ind = 0;
  for (size_t f = 0; f < nf; f++) {
    if (functional[f] > 5 || dysfunctional[f] > 5)
      return cx__error(CX_ERANGE,
                       "feature '%s': answer codes must be 0-5 (got %u, %u)",
                       s->features.name[f], functional[f], dysfunctional[f]);
    if (importance && (st = check_importance(importance[f])))
      return st;
    if (functional[f] && dysfunctional[f]) {
      complete++;
      int8_t c = s->has_filter
                     ? s->filter.table.cell[functional[f] - 1][dysfunctional[f] - 1]
                     : CX_KANO_UNDEFINED;
      q += c == CX_KANO_Q;
      ind += c == CX_KANO_I;
    }
  }
  bool drop = s->has_filter && complete > 0 &&
              ((double)q / (double)complete > s->filter.max_questionable ||
               (double)ind / (double)complete > s->filter.max_indifferent);
  if (dropped)
    *dropped = drop;
  if (drop) {
    s->dropped[segment]++;
    return CX_OK;
  }
  size_t slots = cx__kano_slots(s);
  for (size_t f = 0; f < nf; f++)
    tally_add(&s->tally[f * slots + segment], functional[f], dysfunctional[f],
              importance ? importance[f] : NAN, weight);
  s->respondents[segment]++;
  mark_data(s);
  return CX_OK;
}

/* ---- batch input ------------------------------------------------------- */

enum { CHUNK = 4096 };

/* Read rows [start, start+n) of an index or code column into out, checking
 * each value is a whole number below limit.  Floating NaN is 0 when
 * nan_ok (missing answers), an error otherwise.  Returns false with *bad set
 * to the first bad row. */
static bool load_codes(const cx_array *a, size_t start, size_t n,
                       uint32_t *out, uint64_t limit, bool nan_ok,
                       size_t *bad) {
  ptrdiff_t stride = a->stride ? a->stride : (ptrdiff_t)cx_dtype_size(a->dtype);
  const char *base = (const char *)a->data + (ptrdiff_t)start * stride;
#define LOAD_INT(T)                                                            \
  for (size_t i = 0; i < n; i++) {                                             \
    T v;                                                                       \
    memcpy(&v, base + (ptrdiff_t)i * stride, sizeof v);                        \
    if ((uint64_t)v >= limit) {                                                \
      *bad = start + i;                                                        \
      return false;                                                            \
    }                                                                          \
    out[i] = (uint32_t)v;                                                      \
  }                                                                            \
  return true;
#define LOAD_FLOAT(T)                                                          \
  for (size_t i = 0; i < n; i++) {                                             \
    T v;                                                                       \
    memcpy(&v, base + (ptrdiff_t)i * stride, sizeof v);                        \
    double d = (double)v;                                                      \
    if (isnan(d) && nan_ok) {                                                  \
      out[i] = 0;                                                              \
      continue;                                                                \
    }                                                                          \
    if (!(d >= 0.0 && d < (double)limit) || d != floor(d)) {                   \
      *bad = start + i;                                                        \
      return false;                                                            \
    }                                                                          \
    out[i] = (uint32_t)d;                                                      \
  }                                                                            \
  return true;
  switch (a->dtype) {
  case CX_DTYPE_U8: LOAD_INT(uint8_t)
  case CX_DTYPE_I8: LOAD_INT(int8_t)
  case CX_DTYPE_U16: LOAD_INT(uint16_t)
  case CX_DTYPE_I16: LOAD_INT(int16_t)
  case CX_DTYPE_U32: LOAD_INT(uint32_t)
  case CX_DTYPE_I32: LOAD_INT(int32_t)
  case CX_DTYPE_U64: LOAD_INT(uint64_t)
  case CX_DTYPE_I64: LOAD_INT(int64_t)
  case CX_DTYPE_F32: LOAD_FLOAT(float)
  case CX_DTYPE_F64: LOAD_FLOAT(double)
  }
#undef LOAD_INT
#undef LOAD_FLOAT
  *bad = start;
  return false;
}

static void load_f64(const cx_array *a, size_t start, size_t n, double *out) {
  for (size_t i = 0; i < n; i++)
    out[i] = cx__array_get_f64(a, start + i);
}

static bool present(const cx_array *a) { return a && a->data; }

static cx_status check_column(const char *name, const cx_array *a,
                              bool required) {
  if (!present(a)) {
    if (required)
      return cx__error(CX_EINVAL, "add_batch: the %s column is required", name);
    return CX_OK;
  }
  if (!cx__dtype_valid(a->dtype))
    return cx__error(CX_EINVAL, "add_batch: the %s column has unknown dtype %d",
                     name, (int)a->dtype);
  return CX_OK;
}

/* Everything add_batch reads for one chunk of rows. */
typedef struct batch_chunk {
  uint32_t feature[CHUNK];
  uint32_t functional[CHUNK];
  uint32_t dysfunctional[CHUNK];
  uint32_t segment[CHUNK];
  double weight[CHUNK];
  double importance[CHUNK];
} batch_chunk;

static cx_status bad_value(const char *column, const cx_array *a, size_t row,
                           const char *why) {
  double v = cx__array_get_f64(a, row);
  char text[64];
  snprintf(text, sizeof text, "%.17g", v);
  return cx__error_at(CX_ERANGE, NULL, 0, 0, text, strlen(text),
                      "add_batch: row %zu, %s %s", row, column, why);
}

/* Load one chunk; on a bad value report it and return its status. */
static cx_status load_chunk(const cx_kano_survey *s, size_t start, size_t n,
                            const cx_array *feature, const cx_array *fu,
                            const cx_array *dy, const cx_array *segment,
                            const cx_array *weight, const cx_array *importance,
                            batch_chunk *c) {
  size_t bad;
  if (!load_codes(feature, start, n, c->feature, s->features.count, false, &bad))
    return bad_value("feature", feature, bad, "is not a feature index");
  if (!load_codes(fu, start, n, c->functional, 6, true, &bad))
    return bad_value("functional answer", fu, bad, "is not a code 0-5");
  if (!load_codes(dy, start, n, c->dysfunctional, 6, true, &bad))
    return bad_value("dysfunctional answer", dy, bad, "is not a code 0-5");
  if (present(segment)) {
    if (!load_codes(segment, start, n, c->segment, cx__kano_slots(s), false, &bad))
      return bad_value("segment", segment, bad, "is not a segment index");
  } else {
    memset(c->segment, 0, n * sizeof c->segment[0]);
  }
  if (present(weight)) {
    load_f64(weight, start, n, c->weight);
    for (size_t i = 0; i < n; i++)
      if (!(c->weight[i] >= 0.0) || isinf(c->weight[i]))
        return bad_value("weight", weight, start + i,
                         "is not a finite number >= 0");
  }
  if (present(importance)) {
    load_f64(importance, start, n, c->importance);
    for (size_t i = 0; i < n; i++)
      if (isinf(c->importance[i]))
        return bad_value("importance", importance, start + i, "is not finite");
  }
  return CX_OK;
}

/* ---- the fast path ----------------------------------------------------

   Unweighted batches of contiguous integer columns with one-byte answer
   codes (what NumPy users and the CSV reader pass) skip the chunked
   conversion.  First every column is checked with a vectorised maximum
   (a bad row anywhere sends the batch to the careful path, which names
   it); then one pass counts into a compact local histogram (36 uint32
   cells per feature and segment: a few KB that stay in L1) that is added
   to the tallies at the end.  Counting straight into the tallies strides
   over their weighted fields and runs several times slower; checking
   inside the counting loop costs twice the time of the separate maxima.
   On x86-64 the maxima are compiled for AVX2 as well as the baseline and
   the loader picks one (GCC function multiversioning). */

#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) &&        \
    defined(__ELF__)
#define CX_VECTOR_CLONES                                                       \
  __attribute__((target_clones("avx2", "default"), optimize("O3")))
#else
#define CX_VECTOR_CLONES
#endif

#define DEFINE_MAX(NAME, T)                                                    \
  CX_VECTOR_CLONES static T NAME(const T *p, size_t n) {                       \
    T m = 0;                                                                   \
    for (size_t i = 0; i < n; i++)                                             \
      m = p[i] > m ? p[i] : m;                                                 \
    return m;                                                                  \
  }
DEFINE_MAX(max_u8, uint8_t)
DEFINE_MAX(max_u16, uint16_t)
DEFINE_MAX(max_u32, uint32_t)
DEFINE_MAX(max_u64, uint64_t)
#undef DEFINE_MAX

static bool contiguous_int(const cx_array *a) {
  return a->dtype <= CX_DTYPE_I64 &&
         (a->stride == 0 || a->stride == (ptrdiff_t)cx_dtype_size(a->dtype));
}

static bool byte_codes(const cx_array *a) {
  return (a->dtype == CX_DTYPE_U8 || a->dtype == CX_DTYPE_I8) &&
         (a->stride == 0 || a->stride == 1);
}

/* True when every value of a contiguous integer column is below limit.
 * Signed values are read as unsigned of the same width, so negatives land
 * at 2^(w-1) or above: that rejects them only while the limit is at most
 * 2^(w-1), so larger limits go to the careful path. */
static bool column_below(const cx_array *a, size_t n, uint64_t limit) {
  size_t w = cx_dtype_size(a->dtype) * 8;
  bool is_signed = a->dtype == CX_DTYPE_I8 || a->dtype == CX_DTYPE_I16 ||
                   a->dtype == CX_DTYPE_I32 || a->dtype == CX_DTYPE_I64;
  if (is_signed && limit > ((uint64_t)1 << (w - 1)))
    return false;
  uint64_t m;
  switch (w) {
  case 8: m = max_u8(a->data, n); break;
  case 16: m = max_u16(a->data, n); break;
  case 32: m = max_u32(a->data, n); break;
  default: m = max_u64(a->data, n); break;
  }
  return m < limit;
}

static bool fast_path_ok(const cx_kano_survey *s, size_t n,
                         const cx_array *feature, const cx_array *fu,
                         const cx_array *dy, const cx_array *segment,
                         const cx_array *weight, const cx_array *importance) {
  if (present(weight) || present(importance) || !contiguous_int(feature) ||
      !byte_codes(fu) || !byte_codes(dy) ||
      (present(segment) && !contiguous_int(segment)))
    return false;
  return column_below(fu, n, 6) && column_below(dy, n, 6) &&
         column_below(feature, n, s->features.count) &&
         (!present(segment) || column_below(segment, n, cx__kano_slots(s)));
}

/* Element i of a contiguous integer column known to be in range. */
static inline size_t int_at(const void *data, cx_dtype dt, size_t i) {
  switch (dt) {
  case CX_DTYPE_U8: return ((const uint8_t *)data)[i];
  case CX_DTYPE_I8: return (size_t)((const int8_t *)data)[i];
  case CX_DTYPE_U16: return ((const uint16_t *)data)[i];
  case CX_DTYPE_I16: return (size_t)((const int16_t *)data)[i];
  case CX_DTYPE_U32: return ((const uint32_t *)data)[i];
  case CX_DTYPE_I32: return (size_t)((const int32_t *)data)[i];
  case CX_DTYPE_U64: return (size_t)((const uint64_t *)data)[i];
  case CX_DTYPE_I64: return (size_t)((const int64_t *)data)[i];
  default: return 0;
  }
}

static cx_status fast_tally(cx_kano_survey *s, size_t n,
                            const cx_array *feature, const cx_array *fu,
                            const cx_array *dy, const cx_array *segment) {
  const uint8_t *f = fu->data, *d = dy->data;
  size_t slots = cx__kano_slots(s), groups = s->features.count * slots, cells;
  if (!cx__mul_size(groups, 36, &cells))
    return cx__enomem();
  uint32_t *h = cx__calloc(cells, sizeof *h);
  if (!h)
    return cx__enomem();
  /* Flush before a uint32 cell could overflow. */
  const size_t block = (size_t)1 << 31;
  for (size_t lo = 0; lo < n; lo += block) {
    size_t hi = n - lo < block ? n : lo + block;
#define COUNT(T)                                                               \
  {                                                                            \
    const T *fe = (const T *)feature->data;                                    \
    if (!present(segment)) {                                                   \
      for (size_t i = lo; i < hi; i++)                                         \
        h[(size_t)fe[i] * 36u + f[i] * 6u + d[i]]++;                           \
    } else {                                                                   \
      for (size_t i = lo; i < hi; i++)                                         \
        h[((size_t)fe[i] * slots + int_at(segment->data, segment->dtype, i)) * \
              36u +                                                            \
          f[i] * 6u + d[i]]++;                                                 \
    }                                                                          \
    break;                                                                     \
  }
    switch (feature->dtype) {
    case CX_DTYPE_U8: COUNT(uint8_t)
    case CX_DTYPE_I8: COUNT(int8_t)
    case CX_DTYPE_U16: COUNT(uint16_t)
    case CX_DTYPE_I16: COUNT(int16_t)
    case CX_DTYPE_U32: COUNT(uint32_t)
    case CX_DTYPE_I32: COUNT(int32_t)
    case CX_DTYPE_U64: COUNT(uint64_t)
    case CX_DTYPE_I64: COUNT(int64_t)
    default: break;
    }
#undef COUNT
    for (size_t k = 0; k < cells; k++) {
      s->tally[k / 36].n[k % 36] += h[k];
      h[k] = 0;
    }
  }
  cx__free(h);
  return CX_OK;
}

CX_API cx_status cx_kano_survey_add_batch(
    cx_kano_survey *s, size_t n, const cx_array *feature,
    const cx_array *functional, const cx_array *dysfunctional,
    const cx_array *segment, const cx_array *weight,
    const cx_array *importance) {
  if (!s)
    return cx__error(CX_EINVAL, "cx_kano_survey_add_batch: survey is NULL");
  cx_status st;
  if ((st = check_column("feature", feature, true)) ||
      (st = check_column("functional", functional, true)) ||
      (st = check_column("dysfunctional", dysfunctional, true)) ||
      (st = check_column("segment", segment, false)) ||
      (st = check_column("weight", weight, false)) ||
      (st = check_column("importance", importance, false)))
    return st;
  if (n == 0)
    return CX_OK;
  if (fast_path_ok(s, n, feature, functional, dysfunctional, segment, weight,
                   importance)) {
    st = fast_tally(s, n, feature, functional, dysfunctional, segment);
    if (st == CX_OK)
      mark_data(s);
    return st;
  }
  batch_chunk *c = cx__malloc(sizeof *c);
  if (!c)
    return cx__enomem();
  /* First pass: check every row, so a bad one leaves the survey as it
   * was.  Second pass: count.  The chunk stays in cache between the two
   * loads, and checking is cheap next to the memory traffic. */
  for (size_t start = 0; start < n; start += CHUNK) {
    size_t m = n - start < CHUNK ? n - start : CHUNK;
    if ((st = load_chunk(s, start, m, feature, functional, dysfunctional,
                         segment, weight, importance, c))) {
      cx__free(c);
      return st;
    }
  }
  size_t slots = cx__kano_slots(s);
  kano_tally *tally = s->tally;
  bool plain = !present(weight) && !present(importance);
  for (size_t start = 0; start < n; start += CHUNK) {
    size_t m = n - start < CHUNK ? n - start : CHUNK;
    load_chunk(s, start, m, feature, functional, dysfunctional, segment,
               weight, importance, c);
    if (plain) {
      for (size_t i = 0; i < m; i++)
        tally[c->feature[i] * slots + c->segment[i]]
            .n[c->functional[i] * 6 + c->dysfunctional[i]]++;
    } else {
      for (size_t i = 0; i < m; i++)
        tally_add(&tally[c->feature[i] * slots + c->segment[i]],
                  c->functional[i], c->dysfunctional[i],
                  present(importance) ? c->importance[i] : NAN,
                  present(weight) ? c->weight[i] : 1.0);
    }
  }
  cx__free(c);
  mark_data(s);
  return CX_OK;
}

/* ---- merging, copying ------------------------------------------------- */

static void tally_merge(kano_tally *dst, const kano_tally *src) {
  for (int k = 0; k < 36; k++) {
    dst->n[k] += src->n[k];
    dst->nw[k] += src->nw[k];
    dst->w[k] += src->w[k];
  }
  dst->w2 += src->w2;
  dst->imp_n += src->imp_n;
  dst->imp_w += src->imp_w;
  dst->imp_w2 += src->imp_w2;
  dst->imp_sum += src->imp_sum;
  dst->imp_sum2 += src->imp_sum2;
}

static cx_status survey_clone(const cx_kano_survey *s, cx_kano_survey **out) {
  cx_kano_survey *c;
  cx_status st = cx_kano_survey_new(&c);
  if (st)
    return st;
  for (size_t i = 0; i < s->segments.count; i++)
    if ((st = add_segment(c, s->segments.name[i], s->segments.len[i], NULL)))
      goto fail;
  for (size_t i = 0; i < s->features.count; i++)
    if ((st = add_feature(c, s->features.name[i], s->features.len[i], NULL)))
      goto fail;
  size_t slots = cx__kano_slots(s);
  if (s->features.count)
    memcpy(c->tally, s->tally, s->features.count * slots * sizeof *c->tally);
  memcpy(c->respondents, s->respondents, slots * sizeof *c->respondents);
  memcpy(c->dropped, s->dropped, slots * sizeof *c->dropped);
  c->has_filter = s->has_filter;
  c->filter = s->filter;
  c->has_data = s->has_data;
  *out = c;
  return CX_OK;
fail:
  cx_kano_survey_free(c);
  return st;
}

cx_status cx__kano_survey_new_like(const cx_kano_survey *like,
                                   cx_kano_survey **out) {
  /* Only the filter carries over: features and segments come from the
   * input and are matched by name when merging, so a wide file does not
   * count "missing" answers for features it never asked about. */
  cx_status st = cx_kano_survey_new(out);
  if (st)
    return st;
  (*out)->has_filter = like->has_filter;
  (*out)->filter = like->filter;
  return CX_OK;
}

CX_API cx_status cx_kano_survey_merge(cx_kano_survey *dst,
                                      const cx_kano_survey *src) {
  if (!dst || !src)
    return cx__error(CX_EINVAL, "cx_kano_survey_merge: NULL argument");
  if (dst == src)
    return cx__error(CX_EINVAL, "cx_kano_survey_merge: cannot merge a survey "
                                "into itself");
  if ((dst->segments.count == 0 && dst->has_data && src->segments.count) ||
      (src->segments.count == 0 && src->has_data && dst->segments.count))
    return cx__error(CX_ESTATE, "cannot merge segmented and unsegmented "
                                "answers");
  cx_kano_survey *m;
  cx_status st = survey_clone(dst, &m);
  if (st)
    return st;
  size_t nseg = src->segments.count, src_slots = cx__kano_slots(src);
  size_t *segmap = cx__calloc(src_slots, sizeof *segmap);
  if (!segmap) {
    cx_kano_survey_free(m);
    return cx__enomem();
  }
  for (size_t i = 0; i < nseg; i++)
    if ((st = cx__kano_survey_intern_segment(m, src->segments.name[i],
                                             src->segments.len[i], &segmap[i])))
      goto done;
  size_t slots = cx__kano_slots(m);
  for (size_t f = 0; f < src->features.count; f++) {
    size_t mf;
    if ((st = cx__kano_survey_intern_feature(m, src->features.name[f],
                                             src->features.len[f], &mf)))
      goto done;
    for (size_t g = 0; g < src_slots; g++)
      tally_merge(&m->tally[mf * slots + segmap[g]],
                  &src->tally[f * src_slots + g]);
  }
  for (size_t g = 0; g < src_slots; g++) {
    m->respondents[segmap[g]] += src->respondents[g];
    m->dropped[segmap[g]] += src->dropped[g];
  }
  m->has_data = m->has_data || src->has_data;
  /* Swap the merged contents into dst; the old ones go with m. */
  {
    cx_kano_survey tmp = *dst;
    *dst = *m;
    *m = tmp;
  }
done:
  cx__free(segmap);
  cx_kano_survey_free(m);
  return st;
}

void cx__kano_tally_sum(const cx_kano_survey *s, size_t feature,
                        size_t segment, kano_tally *out) {
  size_t slots = cx__kano_slots(s);
  if (segment != CX_KANO_ALL) {
    *out = s->tally[feature * slots + segment];
    return;
  }
  memset(out, 0, sizeof *out);
  for (size_t g = 0; g < slots; g++)
    tally_merge(out, &s->tally[feature * slots + g]);
}

CX_API cx_status cx_kano_survey_cells(const cx_kano_survey *s, size_t feature,
                                      size_t segment, cx_kano_cells *out) {
  if (!s || !out)
    return cx__error(CX_EINVAL, "cx_kano_survey_cells: NULL argument");
  cx_status st = check_index(s, feature, segment == CX_KANO_ALL ? 0 : segment);
  if (st)
    return st;
  kano_tally t;
  cx__kano_tally_sum(s, feature, segment, &t);
  memset(out, 0, sizeof *out);
  for (int f = 0; f < 6; f++) {
    for (int d = 0; d < 6; d++) {
      int k = f * 6 + d;
      if (f && d) {
        out->raw[f - 1][d - 1] = t.n[k] + t.nw[k];
        out->weighted[f - 1][d - 1] = (double)t.n[k] + t.w[k];
        out->sum_weights += (double)t.n[k] + t.w[k];
        out->sum_weights_sq += (double)t.n[k];
      } else {
        out->missing += t.n[k] + t.nw[k];
      }
    }
  }
  out->sum_weights_sq += t.w2;
  out->importance_n = t.imp_n;
  out->importance_sum_w = t.imp_w;
  out->importance_sum = t.imp_sum;
  out->importance_sum_sq = t.imp_sum2;
  return CX_OK;
}

CX_API cx_status cx_kano_survey_respondents(const cx_kano_survey *s,
                                            size_t segment, uint64_t *added,
                                            uint64_t *dropped) {
  if (!s)
    return cx__error(CX_EINVAL, "cx_kano_survey_respondents: survey is NULL");
  size_t slots = cx__kano_slots(s);
  if (segment != CX_KANO_ALL && segment >= slots)
    return cx__error(CX_ENOTFOUND, "segment index %zu out of range", segment);
  uint64_t a = 0, d = 0;
  for (size_t g = 0; g < slots; g++) {
    if (segment == CX_KANO_ALL || segment == g) {
      a += s->respondents[g];
      d += s->dropped[g];
    }
  }
  if (added)
    *added = a;
  if (dropped)
    *dropped = d;
  return CX_OK;
}

/* ---- serialization ----------------------------------------------------

   "CXKS" magic, u32 format version, u64 features, u64 segments, names as
   u32 length + bytes, u8 flags (1 has_filter, 2 has_data), the filter
   (25 i8 cells, 2 f64), per segment slot u64 respondents and dropped, then
   per (feature, slot) tally the 36 counts, 36 weighted counts, 36 weight
   sums and six scalars, and last a u64 FNV-1a checksum of all before. */

static const char MAGIC[4] = {'C', 'X', 'K', 'S'};
enum { FORMAT_VERSION = 1, TALLY_BYTES = 36 * 8 * 3 + 6 * 8 };

CX_API cx_status cx_kano_survey_serialize(const cx_kano_survey *s,
                                          uint8_t **out, size_t *len) {
  if (!s || !out || !len)
    return cx__error(CX_EINVAL, "cx_kano_survey_serialize: NULL argument");
  cx_buf b;
  cx__buf_init(&b);
  cx__buf_put(&b, MAGIC, 4);
  cx__buf_put_u32le(&b, FORMAT_VERSION);
  cx__buf_put_u64le(&b, s->features.count);
  cx__buf_put_u64le(&b, s->segments.count);
  for (size_t i = 0; i < s->features.count; i++)
    cx__buf_put_str(&b, s->features.name[i]);
  for (size_t i = 0; i < s->segments.count; i++)
    cx__buf_put_str(&b, s->segments.name[i]);
  cx__buf_put_u8(&b, (uint8_t)((s->has_filter ? 1 : 0) | (s->has_data ? 2 : 0)));
  cx__buf_put(&b, s->filter.table.cell, 25);
  cx__buf_put_f64le(&b, s->filter.max_questionable);
  cx__buf_put_f64le(&b, s->filter.max_indifferent);
  size_t slots = cx__kano_slots(s);
  for (size_t g = 0; g < slots; g++) {
    cx__buf_put_u64le(&b, s->respondents[g]);
    cx__buf_put_u64le(&b, s->dropped[g]);
  }
  for (size_t i = 0; i < s->features.count * slots; i++) {
    const kano_tally *t = &s->tally[i];
    cx__buf_put_u64le_n(&b, t->n, 36);
    cx__buf_put_u64le_n(&b, t->nw, 36);
    cx__buf_put_f64le_n(&b, t->w, 36);
    cx__buf_put_f64le(&b, t->w2);
    cx__buf_put_u64le(&b, t->imp_n);
    cx__buf_put_f64le(&b, t->imp_w);
    cx__buf_put_f64le(&b, t->imp_w2);
    cx__buf_put_f64le(&b, t->imp_sum);
    cx__buf_put_f64le(&b, t->imp_sum2);
  }
  return cx__serial_finish(&b, out, len);
}

static cx_status corrupt(const char *why) {
  return cx__serial_corrupt("Kano survey", why);
}

static bool finite_nonneg(double v) { return v >= 0.0 && !isinf(v); }

CX_API cx_status cx_kano_survey_deserialize(cx_kano_survey **out,
                                            const uint8_t *data, size_t len) {
  if (!out || (!data && len))
    return cx__error(CX_EINVAL, "cx_kano_survey_deserialize: NULL argument");
  cx_reader r;
  cx_status st0 = cx__serial_open(data, len, MAGIC, FORMAT_VERSION, 28,
                                  "Kano survey", &r);
  if (st0)
    return st0;
  uint64_t nf = cx__rd_u64le(&r), nseg = cx__rd_u64le(&r);
  /* Every name takes at least 4 bytes and every tally TALLY_BYTES: refuse
   * counts the remaining bytes cannot hold before allocating anything. */
  if (nf > r.left / 4 || nseg > r.left / 4)
    return corrupt("feature or segment count larger than the data");
  uint64_t slots = nseg ? nseg : 1;
  if (nf && slots > r.left / TALLY_BYTES / nf)
    return corrupt("tally count larger than the data");
  cx_kano_survey *s;
  cx_status st = cx_kano_survey_new(&s);
  if (st)
    return st;
  for (uint64_t i = 0; i < nf + nseg; i++) {
    char *name = cx__rd_str(&r, NAME_MAX_BYTES);
    if (!name) {
      st = r.failed ? corrupt("bad name") : cx__enomem();
      goto fail;
    }
    st = i < nf ? add_feature(s, name, strlen(name), NULL)
                : add_segment(s, name, strlen(name), NULL);
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
  uint8_t flags = cx__rd_u8(&r);
  if (flags & ~3u) {
    st = corrupt("unknown flags");
    goto fail;
  }
  s->has_filter = flags & 1;
  s->has_data = (flags & 2) && nseg == 0;
  s->filter.version = CX_KANO_FILTER_VERSION;
  for (int f = 0; f < 5; f++)
    for (int d = 0; d < 5; d++)
      s->filter.table.cell[f][d] = (int8_t)cx__rd_u8(&r);
  s->filter.max_questionable = cx__rd_f64le(&r);
  s->filter.max_indifferent = cx__rd_f64le(&r);
  if (r.failed || (s->has_filter && check_filter(&s->filter) != CX_OK)) {
    st = corrupt("bad filter");
    goto fail;
  }
  for (uint64_t g = 0; g < slots; g++) {
    s->respondents[g] = cx__rd_u64le(&r);
    s->dropped[g] = cx__rd_u64le(&r);
  }
  for (uint64_t i = 0; i < nf * slots; i++) {
    kano_tally *t = &s->tally[i];
    for (int k = 0; k < 36; k++)
      t->n[k] = cx__rd_u64le(&r);
    for (int k = 0; k < 36; k++)
      t->nw[k] = cx__rd_u64le(&r);
    for (int k = 0; k < 36; k++)
      t->w[k] = cx__rd_f64le(&r);
    t->w2 = cx__rd_f64le(&r);
    t->imp_n = cx__rd_u64le(&r);
    t->imp_w = cx__rd_f64le(&r);
    t->imp_w2 = cx__rd_f64le(&r);
    t->imp_sum = cx__rd_f64le(&r);
    t->imp_sum2 = cx__rd_f64le(&r);
    bool ok = finite_nonneg(t->w2) && finite_nonneg(t->imp_w) &&
              finite_nonneg(t->imp_w2) && isfinite(t->imp_sum) &&
              finite_nonneg(t->imp_sum2);
    for (int k = 0; k < 36; k++)
      ok = ok && finite_nonneg(t->w[k]);
    if (!ok && !r.failed) {
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
  cx_kano_survey_free(s);
  return st;
}
