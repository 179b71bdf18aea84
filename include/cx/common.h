/**
 * @file common.h
 * @brief Status codes, error reporting, versions, memory and typed arrays.
 *
 * Every libcx module builds on the conventions in this header:
 * - fallible functions return a ::cx_status (`CX_OK` is zero, failures are
 *   negative) and write their results through out-parameters;
 * - on failure the calling thread's error record (cx_error_last(),
 *   cx_error_info_last()) says what went wrong and where, and the objects
 *   passed in are left as they were;
 * - memory handed to the caller is released with the matching `*_free`
 *   function, or with cx_free() for plain buffers and strings.
 */
#ifndef CX_COMMON_H
#define CX_COMMON_H

#include <stddef.h>
#include <stdint.h>

#include <cx/version.h>

#ifdef __cplusplus
extern "C" {
#endif

#ifndef CX_API
#if defined(CX_BUILDING_LIBRARY) && defined(__GNUC__)
#define CX_API __attribute__((visibility("default")))
#else
#define CX_API
#endif
#endif

/**
 * Result of every fallible libcx call.
 *
 * The values are stable: they are part of the ABI and bindings map each one
 * to its own exception class.
 * @since 0.1
 */
typedef enum cx_status {
  CX_OK = 0,           /**< Success. */
  CX_EINVAL = -1,      /**< An argument is invalid (NULL, out of domain). */
  CX_ENOMEM = -2,      /**< Memory could not be allocated. */
  CX_EPARSE = -3,      /**< Input text or bytes could not be parsed. */
  CX_ERANGE = -4,      /**< A value or size is outside the allowed range. */
  CX_ENOTFOUND = -5,   /**< A named or indexed thing does not exist. */
  CX_EIO = -6,         /**< Reading or writing a file failed. */
  CX_ESTATE = -7,      /**< The object is not in a state that allows this. */
  CX_EVERSION = -8,    /**< Serialized data from an incompatible version. */
  CX_EUNDEFINED = -9   /**< A statistic is undefined for this data (0/0). */
} cx_status;

/**
 * Describe a status code in a few words.
 *
 * @param status any value; unknown values give "unknown status".
 * @return a static string, never NULL; not to be freed.
 * @since 0.1
 */
CX_API const char *cx_strerror(cx_status status);

/**
 * Details of the calling thread's last failure.
 *
 * Parse errors fill @c path, @c line, @c column and @c value; other errors
 * leave them NULL or zero.  All strings are borrowed from thread-local
 * storage and stay valid until the next failing libcx call on the same
 * thread.
 * @since 0.1
 */
typedef struct cx_error_info {
  cx_status status;    /**< Status of the failure, CX_OK if none yet. */
  const char *message; /**< Full message, as returned by cx_error_last(). */
  const char *path;    /**< Input name (file or buffer name), or NULL. */
  uint64_t line;       /**< 1-based line of the error, 0 if unknown. */
  uint64_t column;     /**< 1-based column (byte), 0 if unknown. */
  const char *value;   /**< The offending text, or NULL. */
} cx_error_info;

/**
 * Message of the calling thread's last failure.
 *
 * Parse errors read `path:line:column: what ('value')`.  The message is
 * thread-local: failures on other threads never change it.
 *
 * @return a borrowed string, valid until the next failing libcx call on
 *         this thread; "" when nothing has failed yet.  Never NULL.
 * @since 0.1
 */
CX_API const char *cx_error_last(void);

/**
 * Structured details of the calling thread's last failure.
 *
 * @return a borrowed pointer to thread-local storage, valid until the next
 *         failing libcx call on this thread.  Never NULL; @c status is
 *         CX_OK when nothing has failed yet.
 * @since 0.1
 */
CX_API const cx_error_info *cx_error_info_last(void);

/**
 * Forget the calling thread's last failure.
 * @since 0.1
 */
CX_API void cx_error_clear(void);

/**
 * Version of the library that is running (which may be newer than the
 * headers the program was compiled with).
 *
 * @param[out] major, minor, patch the version numbers; each may be NULL.
 * @return the version as a static "MAJOR.MINOR.PATCH" string.
 * @since 0.1
 */
CX_API const char *cx_version(int *major, int *minor, int *patch);

/**
 * Route every allocation libcx makes through the given functions.
 *
 * Call it once, before any other libcx call, from one thread; the hooks
 * are the only process-wide state libcx keeps.  Objects allocated under one
 * set of hooks must be freed under the same set.
 *
 * @param malloc_fn, realloc_fn, free_fn replacements with the semantics of
 *        malloc(3), realloc(3) and free(3); all three NULL restores the C
 *        library's functions.
 * @return CX_OK, or CX_EINVAL when only some are NULL.
 * @since 0.1
 */
CX_API cx_status cx_set_allocator(void *(*malloc_fn)(size_t),
                                  void *(*realloc_fn)(void *, size_t),
                                  void (*free_fn)(void *));

/**
 * Free a buffer or string that libcx returned as owned (for example the
 * bytes of a serialized accumulator or a rendered SVG).
 *
 * @param ptr the pointer, or NULL (nothing happens).
 * @since 0.1
 */
CX_API void cx_free(void *ptr);

/**
 * Element type of a ::cx_array.
 * @since 0.1
 */
typedef enum cx_dtype {
  CX_DTYPE_U8 = 0,  /**< uint8_t */
  CX_DTYPE_I8 = 1,  /**< int8_t */
  CX_DTYPE_U16 = 2, /**< uint16_t */
  CX_DTYPE_I16 = 3, /**< int16_t */
  CX_DTYPE_U32 = 4, /**< uint32_t */
  CX_DTYPE_I32 = 5, /**< int32_t */
  CX_DTYPE_U64 = 6, /**< uint64_t */
  CX_DTYPE_I64 = 7, /**< int64_t */
  CX_DTYPE_F32 = 8, /**< float */
  CX_DTYPE_F64 = 9  /**< double */
} cx_dtype;

/**
 * A borrowed, typed, possibly strided column of numbers.
 *
 * Batch functions read their input through this view, so any integer or
 * floating type (a NumPy array, a column of a pandas DataFrame, a plain C
 * array) is read in place without a copy.  Integer columns that hold
 * category codes must be integral; a floating column used for codes must
 * hold whole numbers (NaN meaning missing where the function says so).
 * @since 0.1
 */
typedef struct cx_array {
  const void *data;  /**< First element; NULL means "column absent". */
  cx_dtype dtype;    /**< Element type. */
  ptrdiff_t stride;  /**< Bytes between elements; 0 means contiguous. */
} cx_array;

#ifndef __cplusplus
/** A contiguous array view of @p ptr with type @p dt (C only). @since 0.1 */
#define CX_ARRAY(ptr, dt) ((cx_array){(const void *)(ptr), (dt), 0})
#endif

/**
 * Size in bytes of one element of @p dtype.
 *
 * @return the size, or 0 for an unknown type.
 * @since 0.1
 */
CX_API size_t cx_dtype_size(cx_dtype dtype);

#ifdef __cplusplus
}
#endif

#endif /* CX_COMMON_H */
