/*
 * Byte buffers, little-endian encoding, name tables, UTF-8 checks and
 * typed column access used across libcx.
 */
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "internal.h"

bool cx__utf8_valid(const char *str, size_t len) {
  const unsigned char *s = (const unsigned char *)str;
  size_t i = 0;
  while (i < len) {
    /* Skip ASCII eight bytes at a time. */
    while (i + 8 <= len) {
      uint64_t w;
      memcpy(&w, s + i, 8);
      if (w & 0x8080808080808080ull)
        break;
      i += 8;
    }
    if (i >= len)
      break;
    unsigned char c = s[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    size_t n;
    uint32_t cp;
    if (c >= 0xC2 && c <= 0xDF) {
      n = 2;
      cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
      n = 3;
      cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      n = 4;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (i + n > len)
      return false;
    for (size_t k = 1; k < n; k++) {
      if ((s[i + k] & 0xC0) != 0x80)
        return false;
      cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF))
      return false;
    i += n;
  }
  return true;
}

void cx__buf_init(cx_buf *b) { memset(b, 0, sizeof *b); }

void cx__buf_free(cx_buf *b) {
  cx__free(b->data);
  cx__buf_init(b);
}

bool cx__buf_reserve(cx_buf *b, size_t extra) {
  if (b->failed)
    return false;
  if (b->data && extra < b->cap - b->len) /* room for the NUL too */
    return true;
  if (extra > SIZE_MAX - b->len - 1) {
    b->failed = true;
    return false;
  }
  size_t need = b->len + extra + 1;
  size_t cap = b->cap ? b->cap : 256;
  while (cap < need) {
    if (cap > SIZE_MAX / 2) {
      cap = need;
      break;
    }
    cap *= 2;
  }
  char *p = cx__realloc(b->data, cap);
  if (!p) {
    b->failed = true;
    return false;
  }
  b->data = p;
  b->cap = cap;
  return true;
}

void cx__buf_put(cx_buf *b, const void *data, size_t len) {
  if (!cx__buf_reserve(b, len))
    return;
  if (len)
    memcpy(b->data + b->len, data, len);
  b->len += len;
  b->data[b->len] = '\0';
}

cx_status cx__serial_finish(cx_buf *b, uint8_t **out, size_t *len) {
  if (!b->failed)
    cx__buf_put_u64le(b, cx__hash(b->data, b->len, 0));
  size_t n;
  char *bytes = cx__buf_take(b, &n);
  if (!bytes)
    return cx__enomem();
  *out = (uint8_t *)bytes;
  *len = n;
  return CX_OK;
}

cx_status cx__serial_corrupt(const char *what, const char *why) {
  return cx__error(CX_EPARSE, "serialized %s is corrupt: %s", what, why);
}

cx_status cx__serial_open(const uint8_t *data, size_t len, const char *magic,
                          uint32_t version, size_t min_len, const char *what,
                          cx_reader *r) {
  if (len < 16 || memcmp(data, magic, 4) != 0) {
    char why[128];
    snprintf(why, sizeof why, "not a serialized %s (bad magic or too short)",
             what);
    return cx__serial_corrupt(what, why);
  }
  *r = (cx_reader){data + 4, len - 4, false};
  uint32_t v = cx__rd_u32le(r);
  if (v != version)
    return cx__error(CX_EVERSION,
                     "serialized %s has format version %u; this library "
                     "reads version %u",
                     what, v, version);
  if (len < min_len)
    return cx__serial_corrupt(what, "truncated");
  uint64_t sum = 0;
  for (int i = 0; i < 8; i++)
    sum |= (uint64_t)data[len - 8 + i] << (8 * i);
  if (sum != cx__hash(data, len - 8, 0))
    return cx__serial_corrupt(what,
                              "checksum mismatch (truncated or altered bytes)");
  r->left -= 8; /* the checksum is not part of the body */
  return CX_OK;
}

const char *cx__strerror(int err) {
  static _Thread_local char text[128];
  /* The XSI strerror_r (POSIX 2008) fills our buffer; strerror() itself
   * may share one buffer between threads. */
  if (strerror_r(err, text, sizeof text) != 0)
    snprintf(text, sizeof text, "error %d", err);
  return text;
}

bool cx__parse_decimal(const char *p, size_t len, double *out) {
  size_t i = 0;
  bool digits = false;
  if (i < len && (p[i] == '+' || p[i] == '-'))
    i++;
  while (i < len && p[i] >= '0' && p[i] <= '9') {
    i++;
    digits = true;
  }
  size_t dot = len;
  if (i < len && p[i] == '.') {
    dot = i++;
    while (i < len && p[i] >= '0' && p[i] <= '9') {
      i++;
      digits = true;
    }
  }
  if (!digits)
    return false;
  if (i < len && (p[i] == 'e' || p[i] == 'E')) {
    i++;
    if (i < len && (p[i] == '+' || p[i] == '-'))
      i++;
    if (!(i < len && p[i] >= '0' && p[i] <= '9'))
      return false;
    while (i < len && p[i] >= '0' && p[i] <= '9')
      i++;
  }
  if (i != len)
    return false;
  if (len == 1) { /* the common case of survey answers */
    *out = p[0] - '0';
    return true;
  }
  char tmp[512];
  if (len >= sizeof tmp) {
    *out = p[0] == '-' ? -HUGE_VAL : HUGE_VAL;
    return true;
  }
  memcpy(tmp, p, len);
  tmp[len] = '\0';
  /* strtod() reads the locale's decimal point; the text always has '.'. */
  if (dot < len) {
    const char *dp = localeconv()->decimal_point;
    if (dp && dp[0] && dp[0] != '.' && dp[1] == '\0')
      tmp[dot] = dp[0];
  }
  *out = strtod(tmp, NULL);
  return true;
}

void cx__buf_puts(cx_buf *b, const char *s) { cx__buf_put(b, s, strlen(s)); }

void cx__buf_printf(cx_buf *b, const char *fmt, ...) {
  char small[256];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(small, sizeof small, fmt, ap);
  va_end(ap);
  if (n < 0) {
    b->failed = true;
    return;
  }
  if ((size_t)n < sizeof small) {
    cx__buf_put(b, small, (size_t)n);
    return;
  }
  if (!cx__buf_reserve(b, (size_t)n))
    return;
  va_start(ap, fmt);
  vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
  va_end(ap);
  b->len += (size_t)n;
}

void cx__buf_put_xml(cx_buf *b, const char *str, size_t len) {
  const unsigned char *s = (const unsigned char *)str;
  size_t i = 0;
  while (i < len) {
    unsigned char c = s[i];
    if (c < 0x80) {
      switch (c) {
      case '&': cx__buf_puts(b, "&amp;"); break;
      case '<': cx__buf_puts(b, "&lt;"); break;
      case '>': cx__buf_puts(b, "&gt;"); break;
      case '"': cx__buf_puts(b, "&quot;"); break;
      case '\'': cx__buf_puts(b, "&#39;"); break;
      default:
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
          cx__buf_puts(b, "\xEF\xBF\xBD");
        else
          cx__buf_put(b, &c, 1);
      }
      i++;
      continue;
    }
    size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    if (n > 1 && i + n <= len && cx__utf8_valid(str + i, n)) {
      cx__buf_put(b, s + i, n);
      i += n;
    } else {
      cx__buf_puts(b, "\xEF\xBF\xBD");
      i++;
    }
  }
}

void cx__buf_put_u8(cx_buf *b, uint8_t v) { cx__buf_put(b, &v, 1); }

void cx__buf_put_u32le(cx_buf *b, uint32_t v) {
  uint8_t o[4];
  for (int i = 0; i < 4; i++)
    o[i] = (uint8_t)(v >> (8 * i));
  cx__buf_put(b, o, 4);
}

void cx__buf_put_u64le(cx_buf *b, uint64_t v) {
  uint8_t o[8];
  for (int i = 0; i < 8; i++)
    o[i] = (uint8_t)(v >> (8 * i));
  cx__buf_put(b, o, 8);
}

void cx__buf_put_f64le(cx_buf *b, double v) {
  uint64_t u;
  memcpy(&u, &v, 8);
  cx__buf_put_u64le(b, u);
}

/* n 8-byte values from @p v (read as bytes, so any 8-byte type serves),
 * each written little-endian. */
static void put_le64_n(cx_buf *b, const void *v, size_t n) {
  if (n > SIZE_MAX / 8) {
    b->failed = true;
    return;
  }
  if (!cx__buf_reserve(b, 8 * n))
    return;
  const unsigned char *in = v;
  uint8_t *o = (uint8_t *)b->data + b->len;
  for (size_t k = 0; k < n; k++, o += 8) {
    uint64_t x;
    memcpy(&x, in + 8 * k, 8);
    for (int i = 0; i < 8; i++)
      o[i] = (uint8_t)(x >> (8 * i));
  }
  b->len += 8 * n;
  b->data[b->len] = '\0';
}

void cx__buf_put_u64le_n(cx_buf *b, const uint64_t *v, size_t n) {
  put_le64_n(b, v, n);
}

void cx__buf_put_f64le_n(cx_buf *b, const double *v, size_t n) {
  put_le64_n(b, v, n);
}

void cx__buf_put_str(cx_buf *b, const char *s) {
  size_t n = s ? strlen(s) : 0;
  cx__buf_put_u32le(b, (uint32_t)n);
  if (n)
    cx__buf_put(b, s, n);
}

char *cx__buf_take(cx_buf *b, size_t *len) {
  if (b->failed) {
    cx__buf_free(b);
    return NULL;
  }
  if (!b->data) {
    if (!cx__buf_reserve(b, 0))
      return NULL;
    b->data[0] = '\0';
  }
  char *p = b->data;
  if (len)
    *len = b->len;
  cx__buf_init(b);
  return p;
}

static bool rd_need(cx_reader *r, size_t n) {
  if (r->failed || r->left < n) {
    r->failed = true;
    return false;
  }
  return true;
}

uint8_t cx__rd_u8(cx_reader *r) {
  if (!rd_need(r, 1))
    return 0;
  uint8_t v = r->p[0];
  r->p++;
  r->left--;
  return v;
}

uint32_t cx__rd_u32le(cx_reader *r) {
  if (!rd_need(r, 4))
    return 0;
  uint32_t v = 0;
  for (int i = 0; i < 4; i++)
    v |= (uint32_t)r->p[i] << (8 * i);
  r->p += 4;
  r->left -= 4;
  return v;
}

uint64_t cx__rd_u64le(cx_reader *r) {
  if (!rd_need(r, 8))
    return 0;
  uint64_t v = 0;
  for (int i = 0; i < 8; i++)
    v |= (uint64_t)r->p[i] << (8 * i);
  r->p += 8;
  r->left -= 8;
  return v;
}

double cx__rd_f64le(cx_reader *r) {
  uint64_t u = cx__rd_u64le(r);
  double v;
  memcpy(&v, &u, 8);
  return v;
}

char *cx__rd_str(cx_reader *r, size_t max_len) {
  uint32_t n = cx__rd_u32le(r);
  if (r->failed || n > max_len || !rd_need(r, n)) {
    r->failed = true;
    return NULL;
  }
  /* Out of memory is not bad bytes: r->failed stays clear. */
  char *s = cx__strndup((const char *)r->p, n);
  if (!s)
    return NULL;
  r->p += n;
  r->left -= n;
  return s;
}

uint64_t cx__hash(const void *data, size_t len, uint64_t seed) {
  const unsigned char *p = data;
  uint64_t h = 0xcbf29ce484222325ull ^ seed;
  for (size_t i = 0; i < len; i++) {
    h ^= p[i];
    h *= 0x100000001b3ull;
  }
  return h;
}

/* SipHash-1-3 (Aumasson & Bernstein 2012, with the round counts Python
 * and Rust use for their tables): a keyed hash, so that names crafted to
 * collide under one key do not collide under another. */
static uint64_t rotl64(uint64_t x, int b) { return (x << b) | (x >> (64 - b)); }

#define SIP_ROUND                                                              \
  do {                                                                         \
    v0 += v1;                                                                  \
    v1 = rotl64(v1, 13);                                                       \
    v1 ^= v0;                                                                  \
    v0 = rotl64(v0, 32);                                                       \
    v2 += v3;                                                                  \
    v3 = rotl64(v3, 16);                                                       \
    v3 ^= v2;                                                                  \
    v0 += v3;                                                                  \
    v3 = rotl64(v3, 21);                                                       \
    v3 ^= v0;                                                                  \
    v2 += v1;                                                                  \
    v1 = rotl64(v1, 17);                                                       \
    v1 ^= v2;                                                                  \
    v2 = rotl64(v2, 32);                                                       \
  } while (0)

static uint64_t siphash13(const void *data, size_t len, uint64_t k0,
                          uint64_t k1) {
  const unsigned char *p = data;
  uint64_t v0 = k0 ^ 0x736f6d6570736575ull, v1 = k1 ^ 0x646f72616e646f6dull;
  uint64_t v2 = k0 ^ 0x6c7967656e657261ull, v3 = k1 ^ 0x7465646279746573ull;
  size_t end = len - len % 8;
  for (size_t i = 0; i < end; i += 8) {
    uint64_t m = 0;
    for (int b = 0; b < 8; b++)
      m |= (uint64_t)p[i + (size_t)b] << (8 * b);
    v3 ^= m;
    SIP_ROUND;
    v0 ^= m;
  }
  uint64_t last = (uint64_t)len << 56;
  for (size_t i = end; i < len; i++)
    last |= (uint64_t)p[i] << (8 * (i - end));
  v3 ^= last;
  SIP_ROUND;
  v0 ^= last;
  v2 ^= 0xff;
  SIP_ROUND;
  SIP_ROUND;
  SIP_ROUND;
  return v0 ^ v1 ^ v2 ^ v3;
}
#undef SIP_ROUND

uint64_t cx__hash_keyed(const void *data, size_t len, uint64_t key) {
  return siphash13(data, len, key, key ^ 0x9e3779b97f4a7c15ull);
}

/* A fresh key for a table: where it and its slots live (address-space
 * randomisation) and the time, mixed; nothing an uploader can predict. */
uint64_t cx__table_key(const void *table, const void *slots) {
  struct timespec ts = {0, 0};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  uint64_t parts[4] = {(uint64_t)(uintptr_t)table, (uint64_t)(uintptr_t)slots,
                       (uint64_t)ts.tv_sec, (uint64_t)ts.tv_nsec};
  return siphash13(parts, sizeof parts, 0x243f6a8885a308d3ull,
                   0x13198a2e03707344ull);
}

void cx__names_init(cx_names *n) { memset(n, 0, sizeof *n); }

void cx__names_free(cx_names *n) {
  for (size_t i = 0; i < n->count; i++)
    cx__free(n->name[i]);
  cx__free(n->name);
  cx__free(n->len);
  cx__free(n->slots);
  cx__names_init(n);
}

/* Whether name @p k is the @p len bytes at @p s, which hold no NUL:
 * strncmp stops at the end of a shorter name, so nothing past it is read. */
static bool names_is(const cx_names *n, size_t k, const char *s, size_t len) {
  const char *x = n->name[k];
  return strncmp(x, s, len) == 0 && x[len] == '\0';
}


/* The lookup of cx__names_find with the hash @p h of the name given. */
static size_t names_find_hashed(const cx_names *n, const char *s, size_t len,
                                uint64_t h) {
  uint32_t tag = (uint32_t)(h >> 32);
  size_t mask = n->nslots - 1;
  for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
    cx_name_slot e = n->slots[i];
    if (!e.idx)
      return SIZE_MAX;
    if (e.tag == tag && names_is(n, e.idx - 1, s, len))
      return e.idx - 1;
  }
}

void cx__names_find_many(const cx_names *n, size_t m, const char *const *s,
                         const size_t *len, uint64_t *hash, size_t *out) {
  if (!n->nslots) {
    for (size_t i = 0; i < m; i++)
      out[i] = SIZE_MAX;
    return;
  }
  /* Each name's slot, then the pointer to the name it holds, then that
   * name's bytes are asked for some names ahead, so that the three
   * dependent loads of a lookup overlap with others. */
  enum { AHEAD = 8 };
  const size_t mask = n->nslots - 1;
  /* A name never holds a NUL byte: such a one is not looked up (out[i]
   * says so until the lookups below). */
  for (size_t i = 0; i < m; i++) {
    bool nul = memchr(s[i], '\0', len[i]) != NULL;
    out[i] = nul ? SIZE_MAX : 0;
    hash[i] = nul ? 0 : cx__hash_keyed(s[i], len[i], n->key);
  }
  for (size_t i = 0; i < m; i++) {
    if (i + 3 * AHEAD < m)
      CX_PREFETCH(&n->slots[hash[i + 3 * AHEAD] & mask]);
    if (i + 2 * AHEAD < m) {
      cx_name_slot e = n->slots[hash[i + 2 * AHEAD] & mask];
      if (e.idx && e.tag == (uint32_t)(hash[i + 2 * AHEAD] >> 32))
        CX_PREFETCH(&n->name[e.idx - 1]);
    }
    if (i + AHEAD < m) {
      cx_name_slot e = n->slots[hash[i + AHEAD] & mask];
      if (e.idx && e.tag == (uint32_t)(hash[i + AHEAD] >> 32))
        CX_PREFETCH(n->name[e.idx - 1]);
    }
    if (out[i] != SIZE_MAX)
      out[i] = names_find_hashed(n, s[i], len[i], hash[i]);
  }
}

size_t cx__names_find(const cx_names *n, const char *s, size_t len) {
  /* A name never holds a NUL byte (the readers refuse them). */
  if (!n->nslots || memchr(s, '\0', len))
    return SIZE_MAX;
  return names_find_hashed(n, s, len, cx__hash_keyed(s, len, n->key));
}

/* Place name @p k, of hash @p h, in the first free slot of its chain. */
static void names_place(cx_name_slot *slots, size_t mask, uint64_t h,
                        size_t k) {
  size_t i = (size_t)h & mask;
  while (slots[i].idx)
    i = (i + 1) & mask;
  slots[i] = (cx_name_slot){(uint32_t)(k + 1), (uint32_t)(h >> 32)};
}

static bool names_rehash(cx_names *n, size_t nslots) {
  cx_name_slot *slots = cx__calloc(nslots, sizeof *slots);
  if (!slots)
    return false;
  /* Every name is placed again, so each growth may take a new key. */
  uint64_t key = cx__table_key(n, slots);
  for (size_t k = 0; k < n->count; k++)
    names_place(slots, nslots - 1,
                cx__hash_keyed(n->name[k], n->len[k], key), k);
  cx__free(n->slots);
  n->slots = slots;
  n->nslots = nslots;
  n->key = key;
  return true;
}

size_t cx__names_add(cx_names *n, const char *s, size_t len) {
  if (n->count >= UINT32_MAX - 1)
    return SIZE_MAX;
  if (n->count == n->cap) {
    size_t cap = n->cap ? n->cap * 2 : 8;
    char **name = cx__realloc(n->name, cap * sizeof *name);
    if (!name)
      return SIZE_MAX;
    n->name = name;
    size_t *lens = cx__realloc(n->len, cap * sizeof *lens);
    if (!lens)
      return SIZE_MAX;
    n->len = lens;
    n->cap = cap;
  }
  if ((n->count + 1) * 2 > n->nslots &&
      !names_rehash(n, n->nslots ? n->nslots * 2 : 16))
    return SIZE_MAX;
  char *copy = cx__strndup(s, len);
  if (!copy)
    return SIZE_MAX;
  size_t k = n->count++;
  n->name[k] = copy;
  n->len[k] = len;
  names_place(n->slots, n->nslots - 1, cx__hash_keyed(s, len, n->key), k);
  return k;
}

bool cx__names_copy(cx_names *dst, const cx_names *src) {
  cx__names_init(dst);
  for (size_t k = 0; k < src->count; k++) {
    if (cx__names_add(dst, src->name[k], src->len[k]) == SIZE_MAX) {
      cx__names_free(dst);
      return false;
    }
  }
  return true;
}

bool cx__dtype_valid(cx_dtype dt) { return cx_dtype_size(dt) != 0; }

bool cx__dtype_is_float(cx_dtype dt) {
  return dt == CX_DTYPE_F32 || dt == CX_DTYPE_F64;
}

/* One loop per dtype: the type is switched on once per block, not once
 * per element. */
#define CX__READ_BLOCK(T)                                                      \
  for (size_t k = 0; k < n; k++) {                                            \
    T v;                                                                       \
    memcpy(&v, p + (ptrdiff_t)k * stride, sizeof v);                           \
    out[k] = (double)v;                                                        \
  }                                                                            \
  return

void cx__array_read_f64(const cx_array *a, size_t start, size_t n,
                        double *out) {
  ptrdiff_t stride = a->stride ? a->stride : (ptrdiff_t)cx_dtype_size(a->dtype);
  const char *p = (const char *)a->data + (ptrdiff_t)start * stride;
  switch (a->dtype) {
  case CX_DTYPE_U8: CX__READ_BLOCK(uint8_t);
  case CX_DTYPE_I8: CX__READ_BLOCK(int8_t);
  case CX_DTYPE_U16: CX__READ_BLOCK(uint16_t);
  case CX_DTYPE_I16: CX__READ_BLOCK(int16_t);
  case CX_DTYPE_U32: CX__READ_BLOCK(uint32_t);
  case CX_DTYPE_I32: CX__READ_BLOCK(int32_t);
  case CX_DTYPE_U64: CX__READ_BLOCK(uint64_t);
  case CX_DTYPE_I64: CX__READ_BLOCK(int64_t);
  case CX_DTYPE_F32: CX__READ_BLOCK(float);
  case CX_DTYPE_F64: CX__READ_BLOCK(double);
  }
  for (size_t k = 0; k < n; k++)
    out[k] = NAN;
}
#undef CX__READ_BLOCK

double cx__array_get_f64(const cx_array *a, size_t i) {
  ptrdiff_t stride = a->stride ? a->stride : (ptrdiff_t)cx_dtype_size(a->dtype);
  const char *p = (const char *)a->data + (ptrdiff_t)i * stride;
  switch (a->dtype) {
  case CX_DTYPE_U8: { uint8_t v; memcpy(&v, p, 1); return v; }
  case CX_DTYPE_I8: { int8_t v; memcpy(&v, p, 1); return v; }
  case CX_DTYPE_U16: { uint16_t v; memcpy(&v, p, 2); return v; }
  case CX_DTYPE_I16: { int16_t v; memcpy(&v, p, 2); return v; }
  case CX_DTYPE_U32: { uint32_t v; memcpy(&v, p, 4); return v; }
  case CX_DTYPE_I32: { int32_t v; memcpy(&v, p, 4); return v; }
  case CX_DTYPE_U64: { uint64_t v; memcpy(&v, p, 8); return (double)v; }
  case CX_DTYPE_I64: { int64_t v; memcpy(&v, p, 8); return (double)v; }
  case CX_DTYPE_F32: { float v; memcpy(&v, p, 4); return v; }
  case CX_DTYPE_F64: { double v; memcpy(&v, p, 8); return v; }
  }
  return NAN;
}
