/**
 * @file io.h
 * @brief Readers of survey files into libcx accumulators.
 *
 * Readers stream their input (memory stays bounded whatever the file size),
 * accept RFC 4180 CSV in UTF-8 with or without a byte-order mark and with
 * LF or CRLF line ends, and report every error with the input name, line,
 * column and offending value (cx_error_info_last()).  They load into a
 * fresh accumulator and merge it into the caller's only at the end, so a
 * failed load leaves the caller's object exactly as it was.
 */
#ifndef CX_IO_H
#define CX_IO_H

#include <cx/common.h>
#include <cx/kano.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Progress callback of the readers.
 *
 * @param ctx the caller's pointer from the options.
 * @param done bytes read so far.
 * @param total input size in bytes (0 when unknown, e.g. a pipe).
 * @since 0.1
 */
typedef void (*cx_progress_fn)(void *ctx, uint64_t done, uint64_t total);

/**
 * Layout of a Kano survey file.
 * @since 0.1
 */
typedef enum cx_kano_csv_layout {
  CX_KANO_CSV_AUTO = 0, /**< Long when the header has the feature,
                             functional and dysfunctional columns, else
                             wide. */
  CX_KANO_CSV_LONG = 1, /**< One row per respondent and feature. */
  CX_KANO_CSV_WIDE = 2  /**< One row per respondent, two (or three)
                             columns per feature. */
} cx_kano_csv_layout;

/**
 * Options of cx_kano_read_csv().  Start from CX_KANO_CSV_OPTIONS_INIT.
 *
 * Column names are matched exactly after trimming spaces.  An optional
 * column (importance, segment, weight) is used when the header has it; a
 * segment or weight column named explicitly but absent is an error.
 * @since 0.1
 */
typedef struct cx_kano_csv_options {
  unsigned version;                /**< CX_KANO_CSV_OPTIONS_VERSION. */
  cx_kano_csv_layout layout;       /**< File layout. */
  char delimiter;                  /**< Field separator (','). */
  const cx_kano_labels *labels;    /**< Answer wordings; NULL = built-in
                                        with canonical coding. */
  const char *respondent_column;   /**< "respondent" (long: optional,
                                        needed for filters; wide: optional). */
  const char *feature_column;      /**< "feature" (long). */
  const char *functional_column;   /**< "functional" (long). */
  const char *dysfunctional_column;/**< "dysfunctional" (long). */
  const char *importance_column;   /**< "importance" (long, optional). */
  const char *segment_column;      /**< "segment" (optional). */
  const char *weight_column;       /**< "weight" (optional). */
  const char *functional_suffix;   /**< Wide: "_functional". */
  const char *dysfunctional_suffix;/**< Wide: "_dysfunctional". */
  const char *importance_suffix;   /**< Wide: "_importance" (optional). */
  const char *swapped;             /**< Wide: comma-separated features whose
                                        two columns hold the questions in the
                                        other order; NULL = none. */
  int require_segment;             /**< 1: the segment column must exist. */
  int require_weight;              /**< 1: the weight column must exist. */
  cx_progress_fn progress;         /**< Called now and then; may be NULL. */
  void *progress_ctx;              /**< Passed to @c progress. */
} cx_kano_csv_options;

/** Current version of ::cx_kano_csv_options. @since 0.1 */
#define CX_KANO_CSV_OPTIONS_VERSION 1u
/** Default CSV options. @since 0.1 */
#define CX_KANO_CSV_OPTIONS_INIT                                               \
  {CX_KANO_CSV_OPTIONS_VERSION, CX_KANO_CSV_AUTO, ',', NULL, "respondent",     \
   "feature", "functional", "dysfunctional", "importance", "segment",          \
   "weight", "_functional", "_dysfunctional", "_importance", NULL, 0, 0,       \
   NULL, NULL}

/**
 * Read a Kano survey CSV file into @p survey.
 *
 * Features and segments are matched to the survey's by name and added when
 * new.  When the survey has a respondent filter (cx_kano_survey_set_filter())
 * it is applied per respondent; a long file must then have a respondent
 * column with each respondent's rows together.
 *
 * @param survey the survey to add to.
 * @param path file name ("-" reads standard input).
 * @param options options, or NULL for the defaults.
 * @return CX_OK; CX_EIO when the file cannot be read; CX_EPARSE for a
 *         malformed file, missing column, unknown answer, invalid UTF-8 or
 *         short row (with path, line, column and value); CX_ERANGE for
 *         out-of-range numbers; CX_EINVAL or CX_ENOMEM.  The survey is
 *         unchanged on failure.
 * @since 0.1
 */
CX_API cx_status cx_kano_read_csv(cx_kano_survey *survey, const char *path,
                                  const cx_kano_csv_options *options);

/**
 * Read a Kano survey CSV from memory.  Same as cx_kano_read_csv().
 *
 * @param data the bytes (not NUL-terminated).
 * @param len their length.
 * @param name the name errors use for the input (NULL: "<buffer>").
 * @since 0.1
 */
CX_API cx_status cx_kano_read_csv_buffer(cx_kano_survey *survey,
                                         const char *data, size_t len,
                                         const char *name,
                                         const cx_kano_csv_options *options);

#ifdef __cplusplus
}
#endif

#endif /* CX_IO_H */
