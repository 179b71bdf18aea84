/*
 * Internal helpers shared by the modules of libcx: allocation through the
 * caller's hooks, the thread-local error record, growable byte buffers,
 * name tables and UTF-8 checks.  Never installed.
 */
#ifndef CX_INTERNAL_H
#define CX_INTERNAL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cx/common.h>

#if defined(__GNUC__)
#define CX_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define CX_LIKELY(x) __builtin_expect(!!(x), 1)
#define CX_UNLIKELY(x) __builtin_expect(!!(x), 0)
/* Ask for the cache line of p ahead of its use. */
#define CX_PREFETCH(p) __builtin_prefetch(p)
#define CX_NOINLINE __attribute__((noinline))
#else
#define CX_NOINLINE
#define CX_PRINTF(f, a)
#define CX_LIKELY(x) (x)
#define CX_UNLIKELY(x) (x)
#define CX_PREFETCH(p) ((void)(p))
#endif

/* A function built twice, for AVX2 and for the baseline, the build run
 * being chosen when the library is loaded (GCC on x86-64 with glibc, whose
 * loader makes the choice): for loops over columns that the baseline's
 * SSE2 cannot compare 64 bits at a time in. */
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) &&     \
    defined(__ELF__) && defined(__GLIBC__)
#define CX_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define CX_CLONES
#endif

/* Allocation through the hooks of cx_set_allocator(). */
void *cx__malloc(size_t size);
void *cx__calloc(size_t count, size_t size);
void *cx__realloc(void *ptr, size_t size);
void cx__free(void *ptr);
char *cx__strdup(const char *s);
char *cx__strndup(const char *s, size_t len);
/* Multiply with overflow check; false on overflow. */
bool cx__mul_size(size_t a, size_t b, size_t *out);

/* Set the thread's error record and return @p status. */
cx_status cx__error(cx_status status, const char *fmt, ...) CX_PRINTF(2, 3);
/* Parse error with a place: message "path:line:column: what ('value')". */
cx_status cx__error_at(cx_status status, const char *path, uint64_t line,
                       uint64_t column, const char *value, size_t value_len,
                       const char *fmt, ...) CX_PRINTF(7, 8);
/* Shorthand for an allocation failure. */
cx_status cx__enomem(void);

/* UTF-8 validation (no overlongs, no surrogates, at most U+10FFFF). */
bool cx__utf8_valid(const char *s, size_t len);

/* The system's text for errno value @p err, in a buffer of the calling
 * thread (valid until its next call): strerror() is not thread-safe. */
const char *cx__strerror(int err);

/* Read a plain decimal number: optional sign, digits with an optional
 * '.', optional exponent; no spaces, "inf", "nan" or hexadecimal, which
 * strtod() alone would take, and '.' whatever the host's LC_NUMERIC.
 * Returns false when the text is not such a number.  A number too large
 * for a double reads as +-HUGE_VAL, one too small as 0, and text over 500
 * bytes as +-HUGE_VAL (off every scale), so callers range-check once. */
bool cx__parse_decimal(const char *p, size_t len, double *out);

/* Growable byte buffer; on allocation failure it sets failed and drops
 * further writes, so callers check once at the end. */
typedef struct cx_buf {
  char *data;
  size_t len;
  size_t cap;
  bool failed;
} cx_buf;
void cx__buf_init(cx_buf *b);
void cx__buf_free(cx_buf *b);
bool cx__buf_reserve(cx_buf *b, size_t extra);
void cx__buf_put(cx_buf *b, const void *data, size_t len);
void cx__buf_puts(cx_buf *b, const char *s);
void cx__buf_printf(cx_buf *b, const char *fmt, ...) CX_PRINTF(2, 3);
/* Append text with &, <, >, " and ' replaced by entities; bytes that are
 * not valid UTF-8 or are XML-forbidden controls become U+FFFD. */
void cx__buf_put_xml(cx_buf *b, const char *s, size_t len);
/* Append a number with the shortest "%.17g"-exact form, "NaN" etc. never
 * appear: callers print non-finite values themselves. */
void cx__buf_put_u8(cx_buf *b, uint8_t v);
void cx__buf_put_u32le(cx_buf *b, uint32_t v);
void cx__buf_put_u64le(cx_buf *b, uint64_t v);
void cx__buf_put_f64le(cx_buf *b, double v);
/* n values in one step (one reservation), the same bytes as n single puts. */
void cx__buf_put_u64le_n(cx_buf *b, const uint64_t *v, size_t n);
void cx__buf_put_f64le_n(cx_buf *b, const double *v, size_t n);
/* Hand over the bytes (NUL-terminated) and reset the buffer. */
char *cx__buf_take(cx_buf *b, size_t *len);

/* Little-endian reader over a byte string with bounds checks. */
typedef struct cx_reader {
  const uint8_t *p;
  size_t left;
  bool failed;
} cx_reader;
uint8_t cx__rd_u8(cx_reader *r);
uint32_t cx__rd_u32le(cx_reader *r);
uint64_t cx__rd_u64le(cx_reader *r);
double cx__rd_f64le(cx_reader *r);
/* A length-prefixed (u32) string, copied and NUL-terminated; NULL on
 * failure: bad bytes set r->failed, running out of memory does not. */
char *cx__rd_str(cx_reader *r, size_t max_len);
void cx__buf_put_str(cx_buf *b, const char *s);

/* 64-bit FNV-1a, the checksum of serialized accumulators. */
uint64_t cx__hash(const void *data, size_t len, uint64_t seed);
/* SipHash-1-3 of the bytes under @p key: for hash tables that hold names
 * from the input, where a fixed hash could be flooded with collisions. */
uint64_t cx__hash_keyed(const void *data, size_t len, uint64_t key);
/* A fresh key for such a table (from where the table and its slots live
 * and the time): nothing an uploader can predict. */
uint64_t cx__table_key(const void *table, const void *slots);

/* Envelope of every serialized accumulator: 4-byte magic, u32 format
 * version, body, u64 FNV-1a checksum of everything before it.
 * cx__serial_finish() appends the checksum and hands the bytes over
 * (CX_ENOMEM if the buffer failed).  cx__serial_open() checks magic,
 * version (CX_EVERSION), a minimum size and the checksum (CX_EPARSE,
 * "serialized <what> is corrupt: ...") and points @p r at the body. */
cx_status cx__serial_finish(cx_buf *b, uint8_t **out, size_t *len);
cx_status cx__serial_open(const uint8_t *data, size_t len, const char *magic,
                          uint32_t version, size_t min_len, const char *what,
                          cx_reader *r);
/* "serialized <what> is corrupt: <why>" (CX_EPARSE). */
cx_status cx__serial_corrupt(const char *what, const char *why);

/* A slot of a name table: the name's index + 1 (0: empty) and the high
 * half of its hash, so a probe reads another name only when the halves
 * match; a found name is compared through name[] alone (its terminating
 * NUL ends the comparison), so a lookup reads three places in memory. */
typedef struct cx_name_slot {
  uint32_t idx;
  uint32_t tag;
} cx_name_slot;

/* A set of unique names, indexed in order of insertion. */
typedef struct cx_names {
  char **name;      /* name[i], owned, NUL-terminated */
  size_t *len;      /* byte length of name[i] */
  size_t count;
  size_t cap;
  cx_name_slot *slots; /* open addressing */
  size_t nslots;    /* power of two */
  uint64_t key;     /* key of the slot hash (cx__hash_keyed), new at each
                       growth, so crafted names cannot flood one chain */
} cx_names;
void cx__names_init(cx_names *n);
void cx__names_free(cx_names *n);
/* Index of the name, or SIZE_MAX. */
size_t cx__names_find(const cx_names *n, const char *s, size_t len);
/* cx__names_find for @p m names at once (s[i] of len[i] bytes), each
 * found index or SIZE_MAX in out[i]; @p hash is room for m hashes.  The
 * lookups overlap their memory accesses, which makes many of them faster
 * than one at a time. */
void cx__names_find_many(const cx_names *n, size_t m, const char *const *s,
                         const size_t *len, uint64_t *hash, size_t *out);
/* Add a new name (must not be present); returns its index or SIZE_MAX when
 * out of memory. */
size_t cx__names_add(cx_names *n, const char *s, size_t len);
/* Deep copy; false when out of memory. */
bool cx__names_copy(cx_names *dst, const cx_names *src);

/* Reading typed columns (cx_array) in chunks. */
bool cx__dtype_valid(cx_dtype dt);
bool cx__dtype_is_float(cx_dtype dt);
/* Element i of the column as a double / as an int64 (floats truncated;
 * callers check integrality with the double form). */
double cx__array_get_f64(const cx_array *a, size_t i);
/* Elements start .. start + n - 1 of @p a as doubles into @p out; the
 * fast way to walk a column (the dtype is decided once). */
void cx__array_read_f64(const cx_array *a, size_t start, size_t n,
                        double *out);

#endif
