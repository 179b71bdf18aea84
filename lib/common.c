/*
 * Status messages, the thread-local error record, versions and the
 * allocator hooks.  The hooks are the only process-wide state.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static void *(*hook_malloc)(size_t) = malloc;
static void *(*hook_realloc)(void *, size_t) = realloc;
static void (*hook_free)(void *) = free;

CX_API cx_status cx_set_allocator(void *(*malloc_fn)(size_t),
                                  void *(*realloc_fn)(void *, size_t),
                                  void (*free_fn)(void *)) {
  if (!malloc_fn && !realloc_fn && !free_fn) {
    hook_malloc = malloc;
    hook_realloc = realloc;
    hook_free = free;
    return CX_OK;
  }
  if (!malloc_fn || !realloc_fn || !free_fn)
    return cx__error(CX_EINVAL,
                     "cx_set_allocator: give all three functions or none");
  hook_malloc = malloc_fn;
  hook_realloc = realloc_fn;
  hook_free = free_fn;
  return CX_OK;
}

void *cx__malloc(size_t size) { return hook_malloc(size ? size : 1); }

void *cx__calloc(size_t count, size_t size) {
  size_t total;
  if (!cx__mul_size(count, size, &total))
    return NULL;
  /* The C library's calloc gets large blocks as fresh zero pages that
   * are only touched when used. */
  if (hook_malloc == malloc)
    return calloc(total ? total : 1, 1);
  void *p = hook_malloc(total ? total : 1);
  if (p)
    memset(p, 0, total);
  return p;
}

void *cx__realloc(void *ptr, size_t size) {
  return hook_realloc(ptr, size ? size : 1);
}

void cx__free(void *ptr) {
  if (ptr)
    hook_free(ptr);
}

CX_API void cx_free(void *ptr) { cx__free(ptr); }

bool cx__mul_size(size_t a, size_t b, size_t *out) {
  if (b && a > SIZE_MAX / b)
    return false;
  *out = a * b;
  return true;
}

char *cx__strndup(const char *s, size_t len) {
  char *p = cx__malloc(len + 1);
  if (p) {
    if (len)
      memcpy(p, s, len);
    p[len] = '\0';
  }
  return p;
}

char *cx__strdup(const char *s) { return cx__strndup(s, strlen(s)); }

CX_API const char *cx_strerror(cx_status status) {
  switch (status) {
  case CX_OK: return "success";
  case CX_EINVAL: return "invalid argument";
  case CX_ENOMEM: return "out of memory";
  case CX_EPARSE: return "parse error";
  case CX_ERANGE: return "value out of range";
  case CX_ENOTFOUND: return "not found";
  case CX_EIO: return "input/output error";
  case CX_ESTATE: return "invalid state for this operation";
  case CX_EVERSION: return "incompatible data version";
  case CX_EUNDEFINED: return "statistic undefined for this data";
  }
  return "unknown status";
}

CX_API const char *cx_version(int *major, int *minor, int *patch) {
  if (major)
    *major = CX_VERSION_MAJOR;
  if (minor)
    *minor = CX_VERSION_MINOR;
  if (patch)
    *patch = CX_VERSION_PATCH;
  return CX_VERSION_STRING;
}

/* The error record lives in fixed thread-local buffers, so reporting an
 * error never allocates (it must work when allocation is what failed). */
enum { MSG_MAX = 1024, PATH_MAX_ = 512, VALUE_MAX = 256 };
static _Thread_local struct {
  cx_error_info info;
  char message[MSG_MAX];
  char path[PATH_MAX_];
  char value[VALUE_MAX];
} tls_error;

static void clear_place(void) {
  tls_error.info.path = NULL;
  tls_error.info.value = NULL;
  tls_error.info.line = 0;
  tls_error.info.column = 0;
}

cx_status cx__error(cx_status status, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(tls_error.message, MSG_MAX, fmt, ap);
  va_end(ap);
  clear_place();
  tls_error.info.status = status;
  tls_error.info.message = tls_error.message;
  return status;
}

/* Copy at most cap-1 bytes, cutting at a UTF-8 character boundary and
 * marking the cut with "..." so messages stay valid text. */
static void copy_clipped(char *dst, size_t cap, const char *src, size_t len) {
  if (len < cap) {
    memcpy(dst, src, len);
    dst[len] = '\0';
    return;
  }
  size_t keep = cap - 4;
  while (keep > 0 && ((unsigned char)src[keep] & 0xC0) == 0x80)
    keep--;
  memcpy(dst, src, keep);
  memcpy(dst + keep, "...", 4);
}

cx_status cx__error_at(cx_status status, const char *path, uint64_t line,
                       uint64_t column, const char *value, size_t value_len,
                       const char *fmt, ...) {
  char what[MSG_MAX / 2];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(what, sizeof what, fmt, ap);
  va_end(ap);
  clear_place();
  if (path) {
    copy_clipped(tls_error.path, PATH_MAX_, path, strlen(path));
    tls_error.info.path = tls_error.path;
  }
  if (value) {
    /* The offending text is shown as it is, but bytes that are not
     * printable ASCII or valid UTF-8 are escaped so the message stays
     * valid text; a long value is cut with "...". */
    char *esc = tls_error.value;
    size_t o = 0, i = 0;
    while (i < value_len && o + 12 < VALUE_MAX) {
      unsigned char c = (unsigned char)value[i];
      size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
      if (c >= 0x20 && c < 0x7F) {
        esc[o++] = (char)c;
      } else if (n > 1 && i + n <= value_len && cx__utf8_valid(value + i, n)) {
        memcpy(esc + o, value + i, n);
        o += n;
        i += n - 1;
      } else {
        o += (size_t)snprintf(esc + o, VALUE_MAX - o, "\\x%02X", c);
      }
      i++;
    }
    if (i < value_len) {
      memcpy(esc + o, "...", 3);
      o += 3;
    }
    esc[o] = '\0';
    tls_error.info.value = tls_error.value;
  }
  tls_error.info.line = line;
  tls_error.info.column = column;
  tls_error.info.status = status;
  tls_error.info.message = tls_error.message;
  size_t off = 0;
  if (path && line)
    off = (size_t)snprintf(tls_error.message, MSG_MAX, "%s:%llu:%llu: ",
                           tls_error.path, (unsigned long long)line,
                           (unsigned long long)column);
  else if (path)
    off = (size_t)snprintf(tls_error.message, MSG_MAX, "%s: ", tls_error.path);
  else if (line)
    off = (size_t)snprintf(tls_error.message, MSG_MAX, "line %llu, column %llu: ",
                           (unsigned long long)line, (unsigned long long)column);
  if (off >= MSG_MAX)
    off = MSG_MAX - 1;
  if (value)
    snprintf(tls_error.message + off, MSG_MAX - off, "%s ('%s')", what,
             tls_error.value);
  else
    snprintf(tls_error.message + off, MSG_MAX - off, "%s", what);
  return status;
}

cx_status cx__enomem(void) { return cx__error(CX_ENOMEM, "out of memory"); }

CX_API const char *cx_error_last(void) {
  return tls_error.info.message ? tls_error.info.message : "";
}

CX_API const cx_error_info *cx_error_info_last(void) {
  if (!tls_error.info.message)
    tls_error.info.message = "";
  return &tls_error.info;
}

CX_API void cx_error_clear(void) {
  clear_place();
  tls_error.info.status = CX_OK;
  tls_error.message[0] = '\0';
  tls_error.info.message = tls_error.message;
}

CX_API size_t cx_dtype_size(cx_dtype dtype) {
  switch (dtype) {
  case CX_DTYPE_U8: case CX_DTYPE_I8: return 1;
  case CX_DTYPE_U16: case CX_DTYPE_I16: return 2;
  case CX_DTYPE_U32: case CX_DTYPE_I32: case CX_DTYPE_F32: return 4;
  case CX_DTYPE_U64: case CX_DTYPE_I64: case CX_DTYPE_F64: return 8;
  }
  return 0;
}
