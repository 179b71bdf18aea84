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
#include <cx/gap.h>
#include <cx/journey.h>
#include <cx/kano.h>
#include <cx/metrics.h>

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
 * Limits of the survey CSV readers (Kano, metrics, gap), for a server that
 * loads uploaded files.  Start from CX_READ_LIMITS_INIT.  A value of 0
 * means "no limit".  Exceeding a limit is CX_ERANGE, checked before the
 * reader allocates what the input asks for, with a message that names the
 * limit and its value, and the input, line and column where it was
 * exceeded, for example
 * `survey.csv:1:10001: 12001 columns exceed the limit max_columns = 10000`.
 * @since 0.1
 */
typedef struct cx_read_limits {
  uint64_t max_bytes;   /**< Largest input in bytes (default 0: no limit,
                             since the readers stream).  A file's size is
                             checked when it is opened, standard input and
                             pipes as the bytes arrive. */
  size_t max_record;    /**< Longest record (one row, raw bytes with quotes
                             and line ends inside quotes; default 1 MiB). */
  size_t max_columns;   /**< Most fields in one record (default 10000). */
  size_t max_names;     /**< Most names the reader creates from the file,
                             counted for each kind (features, items,
                             segments; default 100000).  Names the survey
                             already has are not counted. */
} cx_read_limits;

/** Default reader limits. @since 0.1 */
#define CX_READ_LIMITS_INIT {0, (size_t)1 << 20, 10000, 100000}

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
  cx_read_limits limits;           /**< Input limits (CX_READ_LIMITS_INIT). */
} cx_kano_csv_options;

/** Current version of ::cx_kano_csv_options. @since 0.1 */
#define CX_KANO_CSV_OPTIONS_VERSION 1u
/** Default CSV options. @since 0.1 */
#define CX_KANO_CSV_OPTIONS_INIT                                               \
  {CX_KANO_CSV_OPTIONS_VERSION, CX_KANO_CSV_AUTO, ',', NULL, "respondent",     \
   "feature", "functional", "dysfunctional", "importance", "segment",          \
   "weight", "_functional", "_dysfunctional", "_importance", NULL, 0, 0,       \
   NULL, NULL, CX_READ_LIMITS_INIT}

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
 *         out-of-range numbers or an exceeded limit (::cx_read_limits);
 *         CX_EINVAL or CX_ENOMEM.  The survey is
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


/* ------------------------------------------------------------------------ */
/* Journey maps: JSON                                                        */

/**
 * What the JSON reader does with members it does not know.
 * @since 0.1
 */
typedef enum cx_unknown_fields {
  CX_UNKNOWN_PRESERVE = 0, /**< Keep them and write them back on save. */
  CX_UNKNOWN_REJECT = 1    /**< Refuse the document (CX_EPARSE naming the
                                member's path). */
} cx_unknown_fields;

/**
 * Options of the journey JSON reader.  Start from
 * CX_JOURNEY_JSON_OPTIONS_INIT.  The limits protect a server that loads
 * uploaded files; exceeding one is CX_ERANGE naming the limit.
 * @since 0.1
 */
typedef struct cx_journey_json_options {
  unsigned version;            /**< CX_JOURNEY_JSON_OPTIONS_VERSION. */
  cx_unknown_fields unknown;   /**< Unknown members (default preserve). */
  size_t max_bytes;            /**< Largest document (default 64 MiB). */
  size_t max_depth;            /**< Deepest nesting (default 64). */
  size_t max_string;           /**< Longest string in bytes (default 1 MiB). */
  size_t max_touchpoints;      /**< Most touchpoints (default 100000). */
  int validate;                /**< 1: also run cx_journey_validate() and
                                    fail with its first problem (default 0:
                                    load what is well-formed and let the
                                    caller validate). */
} cx_journey_json_options;

/** Current version of ::cx_journey_json_options. @since 0.1 */
#define CX_JOURNEY_JSON_OPTIONS_VERSION 1u
/** Default JSON reader options. @since 0.1 */
#define CX_JOURNEY_JSON_OPTIONS_INIT                                           \
  {CX_JOURNEY_JSON_OPTIONS_VERSION, CX_UNKNOWN_PRESERVE, (size_t)64 << 20,    \
   64, (size_t)1 << 20, 100000, 0}

/**
 * Load a journey from JSON text in the format of docs/journey-format.md.
 *
 * @param[out] out the new journey, owned by the caller (cx_journey_free()).
 * @param text the document (UTF-8, need not be NUL-terminated).
 * @param len its length in bytes.
 * @param name the name errors use for the input (NULL: "<buffer>").
 * @param options options, or NULL for the defaults.
 * @return CX_OK; CX_EPARSE for malformed JSON, a wrong type, a missing
 *         required member, an unsupported format version or invalid UTF-8,
 *         with line, column and the path of the member (for example
 *         `stages[2].touchpoints[0].score`) in cx_error_info_last();
 *         CX_ERANGE for a limit; CX_EINVAL; CX_ENOMEM.  @p out is untouched
 *         on failure.
 * @since 0.1
 */
CX_API cx_status cx_journey_from_json(cx_journey **out, const char *text,
                                      size_t len, const char *name,
                                      const cx_journey_json_options *options);

/**
 * Load a journey from a JSON file ("-" reads standard input).  Same as
 * cx_journey_from_json(), plus CX_EIO when the file cannot be read.
 * @since 0.1
 */
CX_API cx_status cx_journey_read_json(cx_journey **out, const char *path,
                                      const cx_journey_json_options *options);

/**
 * Write a journey as JSON.
 *
 * The output is deterministic (members in a fixed order, numbers in the
 * shortest form that reads back to the same double), so loading it gives
 * an equal journey and saving that again gives the same bytes.
 *
 * @param journey the journey.
 * @param indent spaces per level (0: one line).
 * @param[out] out NUL-terminated UTF-8 text, owned by the caller
 *             (cx_free()).
 * @param[out] len its length without the NUL (may be NULL).
 * @return CX_OK, CX_EINVAL or CX_ENOMEM.
 * @since 0.1
 */
CX_API cx_status cx_journey_to_json(const cx_journey *journey, int indent,
                                    char **out, size_t *len);

/* ------------------------------------------------------------------------ */
/* Journey maps: Mermaid                                                     */

/**
 * Options of the Mermaid `journey` reader.  Start from
 * CX_MERMAID_OPTIONS_INIT.
 * @since 0.1
 */
typedef struct cx_mermaid_options {
  unsigned version;     /**< CX_MERMAID_OPTIONS_VERSION. */
  int lenient;          /**< 0 (default): a score that is not a number
                             inside the scale is an error with line and
                             column; 1: accept what Mermaid itself accepts
                             (any number, stored as given). */
  double scale_min;     /**< Declared scale of the scores (default 1). */
  double scale_max;     /**< (default 5) */
  double scale_neutral; /**< (default 3) */
  size_t max_bytes;     /**< Largest input (default 16 MiB). */
  size_t max_touchpoints; /**< Most task lines, that is touchpoints
                               (default 100000, as for JSON); one more is
                               CX_ERANGE at its line.  @since 0.1 */
} cx_mermaid_options;

/** Current version of ::cx_mermaid_options. @since 0.1 */
#define CX_MERMAID_OPTIONS_VERSION 1u
/** Default Mermaid reader options. @since 0.1 */
#define CX_MERMAID_OPTIONS_INIT                                                \
  {CX_MERMAID_OPTIONS_VERSION, 0, 1.0, 5.0, 3.0, (size_t)16 << 20, 100000}

/**
 * Import a Mermaid `journey` diagram: title (also from front matter),
 * `section` lines as stages, task lines `Task: score: actor, actor` as
 * touchpoints, `%%` comments, `accTitle` / `accDescr`, keywords in any
 * case.  Stage and touchpoint ids are made from the names (stable slugs,
 * made unique with a numeric suffix); actors are created from the names
 * used.
 *
 * @param[out] out the new journey, owned by the caller.
 * @param text the diagram text (need not be NUL-terminated).
 * @param len its length in bytes.
 * @param name the name errors use for the input (NULL: "<buffer>").
 * @param options options, or NULL for the defaults.
 * @return CX_OK; CX_EPARSE with line, column and the offending text;
 *         CX_ERANGE for a score outside the scale (strict) or a limit;
 *         CX_EINVAL; CX_ENOMEM.  @p out is untouched on failure.
 * @since 0.1
 */
CX_API cx_status cx_journey_from_mermaid(cx_journey **out, const char *text,
                                         size_t len, const char *name,
                                         const cx_mermaid_options *options);

/**
 * Import a Mermaid file ("-" reads standard input); see
 * cx_journey_from_mermaid().  CX_EIO when the file cannot be read.
 * @since 0.1
 */
CX_API cx_status cx_journey_read_mermaid(cx_journey **out, const char *path,
                                         const cx_mermaid_options *options);

/**
 * Export a journey as a Mermaid `journey` diagram that Mermaid's own
 * parser accepts.  What the syntax cannot hold (descriptions, channels,
 * gaps, metrics...) is left out; scores are written as they are; names are
 * cleaned of the characters the syntax reserves (`:` in task names,
 * line breaks).
 *
 * @param[out] out NUL-terminated text, owned by the caller (cx_free()).
 * @param[out] len its length without the NUL (may be NULL).
 * @return CX_OK, CX_EINVAL or CX_ENOMEM.
 * @since 0.1
 */
CX_API cx_status cx_journey_to_mermaid(const cx_journey *journey, char **out,
                                       size_t *len);

/* ------------------------------------------------------------------------ */
/* NPS, CSAT and CES survey files                                            */


/**
 * Layout of an NPS, CSAT or CES survey file.
 *
 * - Wide: one row per respondent, one column per question, for example
 *   `respondent,segment,weight,nps,csat,ces`; the reader takes the scores
 *   from one column (@c score_column, by default the metric's name) and
 *   ignores the others, so one file serves all three metrics.
 * - Long: one row per answer, with a column saying which question the
 *   answer belongs to, for example `respondent,segment,weight,metric,score`
 *   with rows `r1,retail,1,nps,9` and `r1,retail,1,csat,4`; only the rows
 *   whose @c metric_column holds @c metric are read.
 * @since 0.1
 */
typedef enum cx_metric_csv_layout {
  CX_METRIC_CSV_AUTO = 0, /**< Long when the header has the metric column
                               (@c metric_column), else wide. */
  CX_METRIC_CSV_LONG = 1, /**< One row per answer. */
  CX_METRIC_CSV_WIDE = 2  /**< One row per respondent. */
} cx_metric_csv_layout;

/**
 * Options of cx_metric_read_csv().  Start from CX_METRIC_CSV_OPTIONS_INIT.
 *
 * Column names are matched exactly after trimming spaces.  The score column
 * is required.  The respondent column, when present, only names the
 * respondent in error messages.  The segment and weight columns are used
 * when the header has them; one that is required but absent is an error.
 *
 * A score cell holds a whole number on the survey's scale, or one of the
 * scale's "not applicable" / "don't know" codes when @c numeric_codes is
 * set.  Besides numbers a cell may hold, ignoring ASCII case and spaces
 * around it:
 * - nothing, `na`, `nan`, `null` or `missing`: a missing answer;
 * - a text listed in @c na_text (default `n/a` and `not applicable`):
 *   "not applicable", counted with the scale's code;
 * - a text listed in @c dk_text (default `don't know`, `dont know`,
 *   `do not know`, `dk`): "don't know", counted with the scale's code.
 * When the scale declares no code for a text it reads, that answer is
 * counted as missing.  Anything else (other text, a number off the scale,
 * a fraction, `inf`, hexadecimal) is an error.
 * @since 0.1
 */
typedef struct cx_metric_csv_options {
  unsigned version;              /**< CX_METRIC_CSV_OPTIONS_VERSION. */
  cx_metric_csv_layout layout;   /**< File layout (default auto). */
  char delimiter;                /**< Field separator (','). */
  const char *score_column;      /**< Column of the scores; NULL (default)
                                      means "score" in the long layout and
                                      the metric's name ("nps", "csat",
                                      "ces") in the wide layout. */
  const char *metric_column;     /**< Long: column naming the question
                                      ("metric"). */
  const char *metric;            /**< Long: the rows to read are those whose
                                      metric column holds this text (ASCII
                                      case ignored); NULL (default) means
                                      the metric's name. */
  const char *respondent_column; /**< "respondent" (optional). */
  const char *segment_column;    /**< "segment" (optional). */
  const char *weight_column;     /**< "weight" (optional). */
  int require_segment;           /**< 1: the segment column must exist. */
  int require_weight;            /**< 1: the weight column must exist. */
  int numeric_codes;             /**< 1 (default): numbers equal to the
                                      scale's "not applicable" / "don't
                                      know" codes count as those answers;
                                      0: only the texts do, and such a
                                      number is an error like any other
                                      number off the scale. */
  const char *na_text;           /**< Comma-separated texts meaning "not
                                      applicable"; NULL = none. */
  const char *dk_text;           /**< Comma-separated texts meaning "don't
                                      know"; NULL = none. */
  cx_progress_fn progress;       /**< Called now and then; may be NULL. */
  void *progress_ctx;            /**< Passed to @c progress. */
  cx_read_limits limits;         /**< Input limits (CX_READ_LIMITS_INIT). */
} cx_metric_csv_options;

/** Current version of ::cx_metric_csv_options. @since 0.1 */
#define CX_METRIC_CSV_OPTIONS_VERSION 1u
/** Default options. @since 0.1 */
#define CX_METRIC_CSV_OPTIONS_INIT                                             \
  {CX_METRIC_CSV_OPTIONS_VERSION, CX_METRIC_CSV_AUTO, ',', NULL, "metric",     \
   NULL, "respondent", "segment", "weight", 0, 0, 1,                           \
   "n/a,not applicable", "don't know,dont know,do not know,dk", NULL, NULL,   \
   CX_READ_LIMITS_INIT}

/**
 * Read the answers to one NPS, CSAT or CES question from a CSV file into
 * @p survey.
 *
 * The file is read as the survey's metric on the survey's scale.  Segments
 * are matched to the survey's by name and added when new.  A survey that
 * has segments needs a segment column; one that holds unsegmented answers
 * cannot take a file with a segment column.
 *
 * @param survey the accumulator to add to.
 * @param path file name ("-" reads standard input).
 * @param options options, or NULL for the defaults.
 * @return CX_OK; CX_EIO when the file cannot be read; CX_EPARSE for a
 *         malformed file, a missing or repeated column, a score that is
 *         not a number, an empty segment name, invalid UTF-8, a short or
 *         long row, no data rows or (long layout) no row of the metric;
 *         CX_ERANGE for a score off the scale or not whole, a weight
 *         that is not a finite number >= 0, or an exceeded limit
 *         (::cx_read_limits); every one with the input name,
 *         line, column and value in cx_error_info_last(), and the
 *         respondent in the message when there is a respondent column.
 *         CX_EINVAL for bad options; CX_ENOMEM.  The survey is unchanged
 *         on failure.
 * @since 0.1
 */
CX_API cx_status cx_metric_read_csv(cx_metric_survey *survey,
                                    const char *path,
                                    const cx_metric_csv_options *options);

/**
 * Read NPS, CSAT or CES answers from CSV text in memory.  Same as
 * cx_metric_read_csv().
 *
 * @param data the bytes (not NUL-terminated).
 * @param len their length.
 * @param name the name errors use for the input (NULL: "<buffer>").
 * @since 0.1
 */
CX_API cx_status cx_metric_read_csv_buffer(
    cx_metric_survey *survey, const char *data, size_t len, const char *name,
    const cx_metric_csv_options *options);

/* ------------------------------------------------------------------------ */
/* Gap (expectation/perception) survey files                                 */


/**
 * Layout of a gap survey file.
 *
 * - Long: one row per respondent and item, for example
 *   `respondent,segment,weight,item,expectation,perception` with rows
 *   `r1,retail,1.2,SQ1,6,5`; the rows of one respondent come together
 *   (a respondent whose rows are split counts as two).  Optional columns
 *   `adequate`, `desired`, `importance`, `disconfirmation`, and, used only
 *   when the items come from the file, `label` and `dimension`.
 * - Wide: one row per respondent, one column per item and question named
 *   item + suffix, for example `SQ1_expectation,SQ1_perception`.  Columns
 *   that are not item columns and not named in the options are ignored.
 *
 * In both layouts, dimension points (weighted SERVQUAL) are read from
 * columns named dimension + @c points_suffix (`tangibles_points`); every
 * dimension then needs one, and a respondent's points are all empty or
 * sum to 100.
 * @since 0.1
 */
typedef enum cx_gap_csv_layout {
  CX_GAP_CSV_AUTO = 0, /**< Long when the header has the item column,
                            else wide. */
  CX_GAP_CSV_LONG = 1, /**< One row per respondent and item. */
  CX_GAP_CSV_WIDE = 2  /**< One row per respondent. */
} cx_gap_csv_layout;

/**
 * Options of the gap survey readers.  Start from CX_GAP_CSV_OPTIONS_INIT.
 *
 * Column names are matched exactly after trimming spaces; a name NULL
 * means "no such column".  The segment and weight columns are used when
 * the header has them; one that is required but absent is an error.
 *
 * An answer cell holds a whole number on the scale of its question (E, P,
 * adequate and desired on the survey's @c scale, importance and
 * disconfirmation on theirs), or one of that scale's "not applicable" /
 * "don't know" codes when @c numeric_codes is set.  Besides numbers a cell
 * may hold, ignoring ASCII case and spaces around it: nothing, `na`,
 * `nan`, `null` or `missing` (a missing answer); a text of @c na_text
 * ("not applicable") or of @c dk_text ("don't know"), counted with the
 * scale's code, or as missing when the scale declares none.  Anything else
 * is an error.
 * @since 0.1
 */
typedef struct cx_gap_csv_options {
  unsigned version;                   /**< CX_GAP_CSV_OPTIONS_VERSION. */
  cx_gap_csv_layout layout;           /**< File layout (default auto). */
  char delimiter;                     /**< Field separator (','). */
  const char *respondent_column;      /**< "respondent": names respondents
                                           in messages; required in the long
                                           layout. */
  const char *item_column;            /**< Long: "item". */
  const char *label_column;           /**< Long: "label" (optional). */
  const char *dimension_column;       /**< Long: "dimension" (optional). */
  const char *expectation_column;     /**< Long: "expectation". */
  const char *perception_column;      /**< Long: "perception". */
  const char *adequate_column;        /**< Long: "adequate". */
  const char *desired_column;         /**< Long: "desired". */
  const char *importance_column;      /**< Long: "importance". */
  const char *disconfirmation_column; /**< Long: "disconfirmation". */
  const char *expectation_suffix;     /**< Wide: "_expectation". */
  const char *perception_suffix;      /**< Wide: "_perception". */
  const char *adequate_suffix;        /**< Wide: "_adequate". */
  const char *desired_suffix;         /**< Wide: "_desired". */
  const char *importance_suffix;      /**< Wide: "_importance". */
  const char *disconfirmation_suffix; /**< Wide: "_disconfirmation". */
  const char *points_suffix;          /**< Both: "_points". */
  const char *segment_column;         /**< "segment" (optional). */
  const char *segment;                /**< Read only the respondents whose
                                           segment cell holds this text;
                                           NULL (default) reads all. */
  const char *weight_column;          /**< "weight" (optional). */
  int require_segment;                /**< 1: the segment column must exist. */
  int require_weight;                 /**< 1: the weight column must exist. */
  int numeric_codes;                  /**< 1 (default): numbers equal to a
                                           scale's codes count as those
                                           answers; 0: only the texts do. */
  const char *na_text;                /**< Comma-separated texts meaning
                                           "not applicable"; NULL = none. */
  const char *dk_text;                /**< Comma-separated texts meaning
                                           "don't know"; NULL = none. */
  cx_progress_fn progress;            /**< Called now and then; may be NULL. */
  void *progress_ctx;                 /**< Passed to @c progress. */
  cx_read_limits limits;              /**< Input limits
                                           (CX_READ_LIMITS_INIT). */
} cx_gap_csv_options;

/** Current version of ::cx_gap_csv_options. @since 0.1 */
#define CX_GAP_CSV_OPTIONS_VERSION 1u
/** Default options. @since 0.1 */
#define CX_GAP_CSV_OPTIONS_INIT                                                \
  {CX_GAP_CSV_OPTIONS_VERSION, CX_GAP_CSV_AUTO, ',', "respondent", "item",     \
   "label", "dimension", "expectation", "perception", "adequate", "desired",   \
   "importance", "disconfirmation", "_expectation", "_perception",            \
   "_adequate", "_desired", "_importance", "_disconfirmation", "_points",     \
   "segment", NULL, "weight", 0, 0, 1, "n/a,not applicable",                  \
   "don't know,dont know,do not know,dk", NULL, NULL, CX_READ_LIMITS_INIT}

/**
 * Read a gap survey CSV file into @p survey.
 *
 * When the survey has items, the file's items are matched to them by id
 * and an item the survey lacks is an error.  When it has none, the items
 * are declared from the file in order of first appearance (long layout:
 * with the label and dimension columns when present; wide layout: without
 * labels or dimensions) and then hold the answers.  In the long layout
 * with undeclared items every answer is kept in memory until the end of
 * the file; otherwise memory stays bounded.
 *
 * @param survey the survey to add to.
 * @param path file name ("-" reads standard input).
 * @param options options, or NULL for the defaults.
 * @return CX_OK; CX_EIO when the file cannot be read; CX_EPARSE for a
 *         malformed file, a missing or repeated column, an unknown item, an
 *         answer that is not a number, an item repeated for one
 *         respondent, a respondent whose rows disagree on segment, weight
 *         or points, invalid UTF-8, a short or long row, no data rows or
 *         no row of the requested segment; CX_ERANGE for an answer off its
 *         scale or not whole, a weight that is not a finite number >= 0 or
 *         dimension points that are negative or do not sum to 100, or an
 *         exceeded limit (::cx_read_limits); every
 *         one with the input name, line, column and value in
 *         cx_error_info_last() and the respondent in the message.
 *         CX_EINVAL for bad options; CX_ENOMEM.  The survey is unchanged
 *         on failure.
 * @since 0.1
 */
CX_API cx_status cx_gap_read_csv(cx_gap_survey *survey, const char *path,
                                 const cx_gap_csv_options *options);

/**
 * Read a gap survey CSV from memory.  Same as cx_gap_read_csv().
 *
 * @param data the bytes (not NUL-terminated).
 * @param len their length.
 * @param name the name errors use for the input (NULL: "<buffer>").
 * @since 0.1
 */
CX_API cx_status cx_gap_read_csv_buffer(cx_gap_survey *survey,
                                        const char *data, size_t len,
                                        const char *name,
                                        const cx_gap_csv_options *options);

/**
 * Gap surveys read from one file, one per segment plus all respondents
 * pooled (opaque).
 * @since 0.1
 */
typedef struct cx_gap_segments cx_gap_segments;

/**
 * Read a gap survey CSV into one new survey per value of the segment
 * column (in order of first appearance) and one of all respondents.
 *
 * Every new survey has the settings and items of @p like (which is not
 * changed and holds no answers of the file), or, when @p like has no
 * items, the items declared from the file as cx_gap_read_csv() does.
 * Without a segment column there are no segments, only the pooled survey.
 *
 * @param[out] out the surveys, owned by the caller (cx_gap_segments_free()).
 * @param like settings and items, or NULL for CX_GAP_CONFIG_INIT without
 *        items.
 * @param path file name ("-" reads standard input).
 * @param options options, or NULL for the defaults.
 * @return as cx_gap_read_csv(); @p out is untouched on failure.
 * @since 0.1
 */
CX_API cx_status cx_gap_read_csv_segments(cx_gap_segments **out,
                                          const cx_gap_survey *like,
                                          const char *path,
                                          const cx_gap_csv_options *options);

/**
 * Read a gap survey CSV from memory into segments.  Same as
 * cx_gap_read_csv_segments().
 *
 * @param data the bytes (not NUL-terminated).
 * @param len their length.
 * @param name the name errors use for the input (NULL: "<buffer>").
 * @since 0.1
 */
CX_API cx_status cx_gap_read_csv_segments_buffer(
    cx_gap_segments **out, const cx_gap_survey *like, const char *data,
    size_t len, const char *name, const cx_gap_csv_options *options);

/**
 * Free the surveys of a segmented read.
 * @param segments the surveys, or NULL.
 * @since 0.1
 */
CX_API void cx_gap_segments_free(cx_gap_segments *segments);

/**
 * Number of segments (0 when the file had no segment column).
 * @since 0.1
 */
CX_API size_t cx_gap_segments_count(const cx_gap_segments *segments);

/**
 * Name of segment @p index.
 * @return a borrowed string (valid until the segments are freed), or NULL
 *         when @p index is out of range.
 * @since 0.1
 */
CX_API const char *cx_gap_segments_name(const cx_gap_segments *segments,
                                        size_t index);

/**
 * Survey of segment @p index.
 * @return a borrowed survey (valid until the segments are freed), or NULL
 *         when @p index is out of range.
 * @since 0.1
 */
CX_API const cx_gap_survey *
cx_gap_segments_survey(const cx_gap_segments *segments, size_t index);

/**
 * Survey of all respondents read (the merge of every segment's survey).
 * @return a borrowed survey, or NULL for a NULL argument.
 * @since 0.1
 */
CX_API const cx_gap_survey *
cx_gap_segments_pooled(const cx_gap_segments *segments);

#ifdef __cplusplus
}
#endif

#endif /* CX_IO_H */
