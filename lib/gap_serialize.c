/*
 * Serialization of the gap-analysis accumulator: a versioned,
 * little-endian, checksummed byte string that rebuilds the same survey on
 * any platform.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "gap_internal.h"

/* ---- serialization -----------------------------------------------------

   "CXGS" magic, u32 format version, the three scales (i32 min, max as
   u32, f64 neutral, u8 direction, u8 has_na, u32 na, u8 has_dk, u32 dk),
   f64 min_share, u64 items, per item id, label and dimension name ("" for
   none) as u32 length + bytes and u32 flags, u8 has_data, u64 cell count,
   the cell counts (u64) and weight sums (f64), u64 moment count, the
   moments (f64), and last a u64 FNV-1a checksum of all before. */

static const char MAGIC[4] = {'C', 'X', 'G', 'S'};
enum { FORMAT_VERSION = 1 };

static void put_scale(cx_buf *b, const cx_scale *sc) {
  cx__buf_put_u32le(b, (uint32_t)sc->min);
  cx__buf_put_u32le(b, (uint32_t)sc->max);
  cx__buf_put_f64le(b, sc->neutral);
  cx__buf_put_u8(b, (uint8_t)sc->direction);
  cx__buf_put_u8(b, sc->has_na_code ? 1 : 0);
  cx__buf_put_u32le(b, (uint32_t)sc->na_code);
  cx__buf_put_u8(b, sc->has_dk_code ? 1 : 0);
  cx__buf_put_u32le(b, (uint32_t)sc->dk_code);
}

CX_API cx_status cx_gap_survey_serialize(const cx_gap_survey *s,
                                         uint8_t **out, size_t *len) {
  if (!s || !out || !len)
    return cx__error(CX_EINVAL, "cx_gap_survey_serialize: NULL argument");
  cx_buf b;
  cx__buf_init(&b);
  cx__buf_put(&b, MAGIC, 4);
  cx__buf_put_u32le(&b, FORMAT_VERSION);
  put_scale(&b, &s->config.scale);
  put_scale(&b, &s->config.importance);
  put_scale(&b, &s->config.disconfirmation);
  cx__buf_put_f64le(&b, s->config.min_share);
  cx__buf_put_u64le(&b, s->items.count);
  for (size_t i = 0; i < s->items.count; i++) {
    cx__buf_put_str(&b, s->items.name[i]);
    cx__buf_put_str(&b, s->labels[i]);
    cx__buf_put_str(&b, cx__gap_dim_name(s, i));
    cx__buf_put_u32le(&b, s->flags[i]);
  }
  cx__buf_put_u8(&b, s->has_data ? 1 : 0);
  cx__buf_put_u64le(&b, s->ncells);
  cx__buf_put_u64le_n(&b, s->cnt, s->ncells);
  cx__buf_put_f64le_n(&b, s->wsum, s->ncells);
  cx__buf_put_u64le(&b, s->nmom);
  cx__buf_put_f64le_n(&b, s->mom, s->nmom);
  return cx__serial_finish(&b, out, len);
}

static cx_status corrupt(const char *why) {
  return cx__serial_corrupt("gap survey", why);
}

static void get_scale(cx_reader *r, cx_scale *sc) {
  cx_scale init = CX_SCALE_INIT;
  *sc = init;
  sc->min = (int32_t)cx__rd_u32le(r);
  sc->max = (int32_t)cx__rd_u32le(r);
  sc->neutral = cx__rd_f64le(r);
  sc->direction = (cx_scale_direction)cx__rd_u8(r);
  sc->has_na_code = cx__rd_u8(r);
  sc->na_code = (int32_t)cx__rd_u32le(r);
  sc->has_dk_code = cx__rd_u8(r);
  sc->dk_code = (int32_t)cx__rd_u32le(r);
}

/* Rebuild the survey's items from the reader; the survey is new. */
static cx_status read_items(cx_reader *r, cx_gap_survey *s, uint64_t ni) {
  for (uint64_t i = 0; i < ni; i++) {
    char *id = cx__rd_str(r, GAP_NAME_MAX_BYTES);
    char *label = id ? cx__rd_str(r, GAP_NAME_MAX_BYTES) : NULL;
    char *dim = label ? cx__rd_str(r, GAP_NAME_MAX_BYTES) : NULL;
    unsigned flags = cx__rd_u32le(r);
    cx_status st;
    if (!dim)
      st = r->failed ? corrupt("bad item") : cx__enomem();
    else
      st = cx_gap_survey_add_item(s, id, label[0] ? label : NULL,
                                  dim[0] ? dim : NULL, flags, NULL);
    cx__free(id);
    cx__free(label);
    cx__free(dim);
    if (st && st != CX_ENOMEM && !r->failed) {
      char why[256];
      snprintf(why, sizeof why, "%s", cx_error_last());
      st = corrupt(why);
    }
    if (st)
      return st;
  }
  return CX_OK;
}

CX_API cx_status cx_gap_survey_deserialize(cx_gap_survey **out,
                                           const uint8_t *data, size_t len) {
  if (!out || (!data && len))
    return cx__error(CX_EINVAL, "cx_gap_survey_deserialize: NULL argument");
  cx_reader r;
  cx_status st0 = cx__serial_open(data, len, MAGIC, FORMAT_VERSION, 16,
                                  "gap survey", &r);
  if (st0)
    return st0;
  cx_gap_config c = CX_GAP_CONFIG_INIT;
  get_scale(&r, &c.scale);
  get_scale(&r, &c.importance);
  get_scale(&r, &c.disconfirmation);
  c.min_share = cx__rd_f64le(&r);
  uint64_t ni = cx__rd_u64le(&r);
  if (r.failed)
    return corrupt("truncated");
  /* Each item takes at least 16 bytes: refuse counts the data cannot hold
   * before allocating anything. */
  if (ni > r.left / 16)
    return corrupt("item count larger than the data");
  cx_gap_survey *s;
  cx_status st = cx_gap_survey_new(&s, &c);
  if (st) {
    if (st == CX_ENOMEM)
      return st;
    char why[256];
    snprintf(why, sizeof why, "%s", cx_error_last());
    return corrupt(why);
  }
  if ((st = read_items(&r, s, ni)))
    goto fail;
  uint8_t has_data = cx__rd_u8(&r);
  uint64_t ncells = cx__rd_u64le(&r);
  if (r.failed || has_data > 1 || ncells != s->ncells) {
    st = corrupt("cell count does not match the items");
    goto fail;
  }
  for (size_t i = 0; i < s->ncells; i++)
    s->cnt[i] = cx__rd_u64le(&r);
  bool ok = true;
  for (size_t i = 0; i < s->ncells; i++) {
    s->wsum[i] = cx__rd_f64le(&r);
    ok = ok && s->wsum[i] >= 0.0 && !isinf(s->wsum[i]);
  }
  uint64_t nmom = cx__rd_u64le(&r);
  if (r.failed || nmom != s->nmom) {
    st = corrupt("moment count does not match the items");
    goto fail;
  }
  for (size_t i = 0; i < s->nmom; i++) {
    s->mom[i] = cx__rd_f64le(&r);
    ok = ok && isfinite(s->mom[i]);
  }
  if (r.failed || r.left != 0) {
    st = corrupt(r.failed ? "truncated" : "trailing bytes");
    goto fail;
  }
  if (!ok) {
    st = corrupt("negative or non-finite sums");
    goto fail;
  }
  s->has_data = has_data;
  *out = s;
  return CX_OK;
fail:
  cx_gap_survey_free(s);
  return st;
}
