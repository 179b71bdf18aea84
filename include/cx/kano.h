/**
 * @file kano.h
 * @brief Kano model: answer parsing, evaluation tables, a mergeable survey
 *        accumulator and per-feature results.
 *
 * A Kano survey asks two questions per feature: the functional one ("if the
 * product has X, how do you feel?") and the dysfunctional one ("if it does
 * not have X?").  Each is answered on five options, numbered in canonical
 * order: Like (1), Must-be (2), Neutral (3), Live-with (4), Dislike (5).
 * An evaluation table maps each answer pair to a category.
 *
 * The accumulator (::cx_kano_survey) keeps, per feature and segment, the
 * 5x5 table of answer pairs.  That table is a sufficient statistic for
 * every result here, so accumulators merge exactly and the evaluation table
 * and assignment rule are chosen only when results are computed.
 *
 * Sources of every formula: docs/methodology/kano.md.
 */
#ifndef CX_KANO_H
#define CX_KANO_H

#include <cx/common.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * One answer to a Kano question, in canonical order.
 * @since 0.1
 */
typedef enum cx_kano_answer {
  CX_KANO_ANSWER_MISSING = 0,   /**< No answer. */
  CX_KANO_ANSWER_LIKE = 1,      /**< "I like it". */
  CX_KANO_ANSWER_MUST_BE = 2,   /**< "It must be that way" / "I expect it". */
  CX_KANO_ANSWER_NEUTRAL = 3,   /**< "I am neutral". */
  CX_KANO_ANSWER_LIVE_WITH = 4, /**< "I can live with it" / "I can tolerate it". */
  CX_KANO_ANSWER_DISLIKE = 5    /**< "I dislike it". */
} cx_kano_answer;

/**
 * Kano categories.  The numeric values index the per-category arrays of
 * ::cx_kano_feature_result.
 * @since 0.1
 */
typedef enum cx_kano_category {
  CX_KANO_UNDEFINED = -1,      /**< No category (no answers). */
  CX_KANO_A = 0,          /**< Attractive. */
  CX_KANO_O = 1,          /**< One-dimensional (performance). */
  CX_KANO_M = 2,          /**< Must-be. */
  CX_KANO_I = 3,          /**< Indifferent. */
  CX_KANO_R = 4,          /**< Reverse. */
  CX_KANO_Q = 5           /**< Questionable. */
} cx_kano_category;

/** Number of Kano categories (A, O, M, I, R, Q). @since 0.1 */
#define CX_KANO_NCATEGORIES 6

/** Segment index meaning "all segments pooled". @since 0.1 */
#define CX_KANO_ALL ((size_t)-1)

/**
 * Full lowercase name of a category ("attractive", "one-dimensional",
 * "must-be", "indifferent", "reverse", "questionable", "undefined").
 *
 * @return a static string; "invalid" for values outside the enum.
 * @since 0.1
 */
CX_API const char *cx_kano_category_name(cx_kano_category category);

/**
 * One-letter code of a category ("A", "O", "M", "I", "R", "Q", "-").
 *
 * @return a static string; "?" for values outside the enum.
 * @since 0.1
 */
CX_API const char *cx_kano_category_letter(cx_kano_category category);

/**
 * Parse a category from its letter or name, case-insensitively.
 *
 * @param text NUL-terminated letter ("M") or name ("must-be", "must be").
 * @param[out] out the category.
 * @return CX_OK, CX_EINVAL for NULL arguments, or CX_EPARSE naming the
 *         text when it is not a category.
 * @since 0.1
 */
CX_API cx_status cx_kano_category_parse(const char *text,
                                        cx_kano_category *out);

/**
 * Canonical English label of an answer ("like", "must-be", "neutral",
 * "live-with", "dislike", "missing").
 *
 * @return a static string; "invalid" for values outside the enum.
 * @since 0.1
 */
CX_API const char *cx_kano_answer_name(cx_kano_answer answer);

/* ------------------------------------------------------------------------ */
/* Answer labels                                                             */

/**
 * How numeric answers are coded.
 * @since 0.1
 */
typedef enum cx_kano_coding {
  CX_KANO_CODING_CANONICAL = 0, /**< 1 = Like ... 5 = Dislike. */
  CX_KANO_CODING_REVERSED = 1   /**< 5 = Like ... 1 = Dislike. */
} cx_kano_coding;

/**
 * A dictionary from answer text to ::cx_kano_answer.
 *
 * It knows the usual English wordings of each answer; more can be
 * registered.  Matching ignores ASCII case, white space, hyphens,
 * underscores, apostrophes (straight or typographic) and a trailing '.' or
 * '!'.  Built-in wordings:
 * - Like: "like", "like it", "I like it", "I like it that way",
 *   "I would like it (that way)", "I would be pleased", "(I am) delighted";
 * - Must-be: "must-be", "it must be (that way)", "must be that way",
 *   "(I) expect it", "expected", "I expect it (to be) that way",
 *   "it's a must", "it is a must", "it is basic";
 * - Neutral: "neutral", "I am neutral", "I'm neutral", "I don't care",
 *   "I do not care", "it doesn't matter", "it does not matter",
 *   "(I am) indifferent";
 * - Live-with: "live-with", "live with it", "(I) can live with it",
 *   "I can live with it that way", "(I) can tolerate it", "tolerate (it)",
 *   "I can tolerate it that way";
 * - Dislike: "dislike", "dislike it", "I dislike it", "I dislike it that
 *   way", "I don't like it", "I do not like it", "I don't like it that way";
 * - missing: "NA", "n/a", "NaN", "null" (and empty text).
 * @since 0.1
 */
typedef struct cx_kano_labels cx_kano_labels;

/**
 * Create a label dictionary with the built-in wordings.
 *
 * @param[out] out the new dictionary, owned by the caller
 *             (cx_kano_labels_free()).
 * @param coding how the digits 1-5 are read.
 * @return CX_OK, CX_EINVAL (NULL @p out or unknown coding) or CX_ENOMEM.
 * @since 0.1
 */
CX_API cx_status cx_kano_labels_new(cx_kano_labels **out,
                                    cx_kano_coding coding);

/**
 * Free a label dictionary.
 * @param labels the dictionary, or NULL.
 * @since 0.1
 */
CX_API void cx_kano_labels_free(cx_kano_labels *labels);

/**
 * Register a wording, or change what an existing wording means.
 *
 * @param labels the dictionary.
 * @param label NUL-terminated UTF-8 text; it is normalised like the input
 *        it will match.  Digits alone are reserved for the numeric coding.
 * @param answer what the text means; CX_KANO_ANSWER_MISSING registers a
 *        "no answer" marker such as "n/a".
 * @return CX_OK, CX_EINVAL (NULL arguments, empty or digit-only label,
 *         invalid UTF-8, answer outside the enum) or CX_ENOMEM.
 * @since 0.1
 */
CX_API cx_status cx_kano_labels_add(cx_kano_labels *labels, const char *label,
                                    cx_kano_answer answer);

/**
 * Read one answer.
 *
 * Empty or blank text is CX_KANO_ANSWER_MISSING.  A single digit 1-5 is read with
 * the dictionary's coding.  Anything else must be a known wording.
 *
 * @param labels the dictionary (NULL uses the built-in wordings with the
 *        canonical coding).
 * @param text the answer text; need not be NUL-terminated.
 * @param len its length in bytes.
 * @param[out] out the answer.
 * @return CX_OK, CX_EINVAL for a NULL @p out or @p text with @p len > 0,
 *         or CX_EPARSE naming the text when it is not an answer.
 * @since 0.1
 */
CX_API cx_status cx_kano_labels_parse(const cx_kano_labels *labels,
                                      const char *text, size_t len,
                                      cx_kano_answer *out);

/* ------------------------------------------------------------------------ */
/* Evaluation tables                                                         */

/**
 * An evaluation table: the category of each (functional, dysfunctional)
 * answer pair, indexed `cell[functional - 1][dysfunctional - 1]`, with the
 * values of ::cx_kano_category.
 * @since 0.1
 */
typedef struct cx_kano_table {
  int8_t cell[5][5]; /**< Category per answer pair. */
} cx_kano_table;

/**
 * Initializer of the standard table of Berger et al. (1993).
 * @since 0.1
 */
#define CX_KANO_TABLE_BERGER_INIT                                              \
  {{{5, 0, 0, 0, 1},                                                           \
    {4, 3, 3, 3, 2},                                                           \
    {4, 3, 3, 3, 2},                                                           \
    {4, 3, 3, 3, 2},                                                           \
    {4, 4, 4, 4, 5}}}

/**
 * Built-in evaluation tables.
 * @since 0.1
 */
typedef enum cx_kano_table_kind {
  CX_KANO_TABLE_BERGER = 0, /**< Berger et al. (1993), the standard table. */
  CX_KANO_TABLE_POULIOT = 1 /**< Pouliot (1993): Must-be/Must-be and
                                 Live-with/Live-with are Q. */
} cx_kano_table_kind;

/**
 * Fill @p out with a built-in table.
 *
 * @return CX_OK, or CX_EINVAL for a NULL @p out or unknown @p kind.
 * @since 0.1
 */
CX_API cx_status cx_kano_table_init(cx_kano_table *out,
                                    cx_kano_table_kind kind);

/**
 * Check that every cell of @p table holds a category A..Q.
 *
 * @return CX_OK, or CX_EINVAL naming the first bad cell.
 * @since 0.1
 */
CX_API cx_status cx_kano_table_validate(const cx_kano_table *table);

/**
 * Category of one answer pair.
 *
 * @param table the evaluation table (NULL means Berger's).
 * @param functional, dysfunctional answers 1-5.
 * @return the category, or CX_KANO_UNDEFINED when either answer is missing
 *         or out of range.
 * @since 0.1
 */
CX_API cx_kano_category cx_kano_classify(const cx_kano_table *table,
                                         cx_kano_answer functional,
                                         cx_kano_answer dysfunctional);

/* ------------------------------------------------------------------------ */
/* Survey accumulator                                                        */

/**
 * Accumulator of Kano answers over features and segments.
 *
 * Features and segments are identified by name and by index (in order of
 * addition).  Without segments every answer goes to one implicit group.
 * Not to be shared between threads without a lock.
 * @since 0.1
 */
typedef struct cx_kano_survey cx_kano_survey;

/**
 * Respondent filter applied by cx_kano_survey_add_respondent().
 * @since 0.1
 */
typedef struct cx_kano_filter {
  unsigned version;           /**< CX_KANO_FILTER_VERSION. */
  cx_kano_table table;        /**< Table that decides which pairs are Q / I. */
  double max_questionable;    /**< Drop when the share of Q answers exceeds
                                   this (1 or more: never). */
  double max_indifferent;     /**< Drop when the share of I answers exceeds
                                   this (1 or more: never). */
} cx_kano_filter;

/** Current version of ::cx_kano_filter. @since 0.1 */
#define CX_KANO_FILTER_VERSION 1u
/** A filter that drops nobody. @since 0.1 */
#define CX_KANO_FILTER_INIT                                                    \
  {CX_KANO_FILTER_VERSION, CX_KANO_TABLE_BERGER_INIT, 1.0, 1.0}

/**
 * The 5x5 tables behind one feature and segment.
 * @since 0.1
 */
typedef struct cx_kano_cells {
  uint64_t raw[5][5];      /**< Answer pairs counted, [functional-1][dys-1]. */
  double weighted[5][5];   /**< Sum of weights per pair. */
  uint64_t missing;        /**< Responses with one or both answers missing. */
  double sum_weights;      /**< Sum of weights of complete pairs. */
  double sum_weights_sq;   /**< Sum of squared weights of complete pairs. */
  uint64_t importance_n;   /**< Responses with an importance answer. */
  double importance_sum_w; /**< Sum of weights of those responses. */
  double importance_sum;   /**< Weighted sum of importance answers. */
  double importance_sum_sq;/**< Weighted sum of squared importance. */
} cx_kano_cells;

/**
 * Create an empty survey.
 *
 * @param[out] out the survey, owned by the caller (cx_kano_survey_free()).
 * @return CX_OK, CX_EINVAL or CX_ENOMEM.
 * @since 0.1
 */
CX_API cx_status cx_kano_survey_new(cx_kano_survey **out);

/**
 * Free a survey.
 * @param survey the survey, or NULL.
 * @since 0.1
 */
CX_API void cx_kano_survey_free(cx_kano_survey *survey);

/**
 * Add a feature.
 *
 * @param survey the survey.
 * @param name NUL-terminated UTF-8 name, unique in the survey; copied.
 * @param[out] index the new feature's index (may be NULL).
 * @return CX_OK, CX_EINVAL (NULL, empty, invalid UTF-8 or duplicate name)
 *         or CX_ENOMEM.
 * @since 0.1
 */
CX_API cx_status cx_kano_survey_add_feature(cx_kano_survey *survey,
                                            const char *name, size_t *index);

/**
 * Find a feature by name.
 *
 * @return CX_OK with @p index set, CX_EINVAL, or CX_ENOTFOUND.
 * @since 0.1
 */
CX_API cx_status cx_kano_survey_find_feature(const cx_kano_survey *survey,
                                             const char *name, size_t *index);

/**
 * Number of features.
 * @since 0.1
 */
CX_API size_t cx_kano_survey_n_features(const cx_kano_survey *survey);

/**
 * Name of feature @p index.
 *
 * @return a string borrowed from the survey (valid until it is freed), or
 *         NULL when @p index is out of range.
 * @since 0.1
 */
CX_API const char *cx_kano_survey_feature_name(const cx_kano_survey *survey,
                                               size_t index);

/**
 * Add a named segment (for example a customer group).
 *
 * Segments must be declared before unsegmented answers are added: a survey
 * that already holds answers for the implicit group refuses with
 * CX_ESTATE.  Once segments exist, every answer names one.
 *
 * @param[out] index the new segment's index (may be NULL).
 * @return CX_OK, CX_EINVAL (NULL, empty, invalid UTF-8 or duplicate name),
 *         CX_ESTATE or CX_ENOMEM.
 * @since 0.1
 */
CX_API cx_status cx_kano_survey_add_segment(cx_kano_survey *survey,
                                            const char *name, size_t *index);

/**
 * Find a segment by name.
 *
 * @return CX_OK with @p index set, CX_EINVAL, or CX_ENOTFOUND.
 * @since 0.1
 */
CX_API cx_status cx_kano_survey_find_segment(const cx_kano_survey *survey,
                                             const char *name, size_t *index);

/**
 * Number of named segments (0 when the survey is unsegmented).
 * @since 0.1
 */
CX_API size_t cx_kano_survey_n_segments(const cx_kano_survey *survey);

/**
 * Name of segment @p index.
 *
 * @return a borrowed string, or NULL when @p index is out of range.
 * @since 0.1
 */
CX_API const char *cx_kano_survey_segment_name(const cx_kano_survey *survey,
                                               size_t index);

/**
 * Set the respondent filter used by cx_kano_survey_add_respondent().
 *
 * @param filter the filter (copied); NULL removes filtering.
 * @return CX_OK, or CX_EINVAL for a bad table, version or threshold (NaN
 *         or negative).
 * @since 0.1
 */
CX_API cx_status cx_kano_survey_set_filter(cx_kano_survey *survey,
                                           const cx_kano_filter *filter);

/**
 * Add one answer pair.
 *
 * @param survey the survey.
 * @param feature feature index.
 * @param segment segment index (0 when the survey has no segments).
 * @param functional, dysfunctional answers 0-5 (0 = missing).
 * @param importance self-stated importance, or NaN when not asked.
 * @param weight survey weight, finite and >= 0 (1 for unweighted data).
 * @return CX_OK; CX_ENOTFOUND for a bad index; CX_ERANGE for an answer,
 *         importance or weight out of range.  Nothing is added on failure.
 * @since 0.1
 */
CX_API cx_status cx_kano_survey_add(cx_kano_survey *survey, size_t feature,
                                    size_t segment, int functional,
                                    int dysfunctional, double importance,
                                    double weight);

/**
 * Add one respondent's answers to every feature, applying the filter.
 *
 * @param segment segment index (0 when unsegmented).
 * @param weight survey weight, finite and >= 0.
 * @param functional, dysfunctional arrays of cx_kano_survey_n_features()
 *        answers 0-5.
 * @param importance array of the same length (NaN = not answered), or NULL.
 * @param[out] dropped set to 1 when the filter dropped the respondent, else
 *             0 (may be NULL).
 * @return CX_OK, CX_EINVAL, CX_ENOTFOUND or CX_ERANGE; nothing is added
 *         on failure.
 * @since 0.1
 */
CX_API cx_status cx_kano_survey_add_respondent(
    cx_kano_survey *survey, size_t segment, double weight,
    const uint8_t *functional, const uint8_t *dysfunctional,
    const double *importance, int *dropped);

/**
 * Add @p n answer pairs from columns, without a function call per row.
 *
 * Every column is read in place through its ::cx_array view (any integer or
 * floating type, any stride).  Floating answer columns use NaN for missing.
 * The whole batch is checked before anything is counted, so a bad row
 * leaves the survey unchanged.  The filter does not apply here (it needs
 * whole respondents: see cx_kano_survey_add_respondent()).
 *
 * @param survey the survey.
 * @param n number of rows.
 * @param feature feature index per row (required).
 * @param functional, dysfunctional answer codes 0-5 per row (required).
 * @param segment segment index per row, or NULL / a NULL data pointer for
 *        segment 0.
 * @param weight weights, or NULL for 1.
 * @param importance importance answers (NaN = none), or NULL.
 * @return CX_OK; CX_EINVAL for missing required columns or unknown dtypes;
 *         CX_ERANGE naming the first bad row and value (a feature or
 *         segment index out of range, an answer outside 0-5, a negative or
 *         non-finite weight, an infinite importance); CX_ENOMEM.
 * @since 0.1
 */
CX_API cx_status cx_kano_survey_add_batch(
    cx_kano_survey *survey, size_t n, const cx_array *feature,
    const cx_array *functional, const cx_array *dysfunctional,
    const cx_array *segment, const cx_array *weight,
    const cx_array *importance);

/**
 * Add everything in @p src to @p dst.
 *
 * Features and segments are matched by name; those @p dst lacks are added.
 * The result equals one survey that saw both inputs.
 *
 * @return CX_OK, CX_EINVAL, CX_ESTATE (one is segmented and the other holds
 *         unsegmented answers) or CX_ENOMEM; @p dst is unchanged on failure.
 * @since 0.1
 */
CX_API cx_status cx_kano_survey_merge(cx_kano_survey *dst,
                                      const cx_kano_survey *src);

/**
 * Copy the 5x5 tables of one feature and segment.
 *
 * @param segment a segment index, or CX_KANO_ALL for all pooled.
 * @param[out] out the tables.
 * @return CX_OK, CX_EINVAL or CX_ENOTFOUND.
 * @since 0.1
 */
CX_API cx_status cx_kano_survey_cells(const cx_kano_survey *survey,
                                      size_t feature, size_t segment,
                                      cx_kano_cells *out);

/**
 * Respondents seen by cx_kano_survey_add_respondent().
 *
 * @param segment a segment index, or CX_KANO_ALL.
 * @param[out] added respondents counted (may be NULL).
 * @param[out] dropped respondents the filter dropped (may be NULL).
 * @return CX_OK, CX_EINVAL or CX_ENOTFOUND.
 * @since 0.1
 */
CX_API cx_status cx_kano_survey_respondents(const cx_kano_survey *survey,
                                            size_t segment, uint64_t *added,
                                            uint64_t *dropped);

/**
 * Serialize the survey to a versioned, checksummed byte string.
 *
 * The format is little-endian and the same on every platform; weights are
 * stored bit-exactly.
 *
 * @param[out] out the bytes, owned by the caller (cx_free()).
 * @param[out] len their length.
 * @return CX_OK, CX_EINVAL or CX_ENOMEM.
 * @since 0.1
 */
CX_API cx_status cx_kano_survey_serialize(const cx_kano_survey *survey,
                                          uint8_t **out, size_t *len);

/**
 * Rebuild a survey from cx_kano_survey_serialize() output.
 *
 * @param[out] out the new survey, owned by the caller.
 * @return CX_OK; CX_EPARSE for truncated or corrupted bytes (the checksum
 *         fails); CX_EVERSION for a format this library does not read;
 *         CX_EINVAL or CX_ENOMEM.
 * @since 0.1
 */
CX_API cx_status cx_kano_survey_deserialize(cx_kano_survey **out,
                                            const uint8_t *data, size_t len);

/* ------------------------------------------------------------------------ */
/* Results                                                                   */

/**
 * Rules that assign one category to a feature.
 * @since 0.1
 */
typedef enum cx_kano_rule {
  CX_KANO_RULE_MODE = 0,      /**< Most frequent; ties by precedence. */
  CX_KANO_RULE_MOAI = 1,      /**< Mode, but when the top two shares differ
                                   by less than the threshold, the one first
                                   in the precedence (M > O > A > I). */
  CX_KANO_RULE_OAM_IRQ = 2    /**< If O+A+M > I+R+Q the largest of O, A, M,
                                   else the largest of I, R, Q. */
} cx_kano_rule;

/** Number of rules. @since 0.1 */
#define CX_KANO_NRULES 3

/**
 * Name of a rule ("mode", "moai", "oam-irq").
 * @return a static string; "invalid" outside the enum.
 * @since 0.1
 */
CX_API const char *cx_kano_rule_name(cx_kano_rule rule);

/**
 * Parse a rule name as printed by cx_kano_rule_name().
 * @return CX_OK, CX_EINVAL or CX_EPARSE naming the text.
 * @since 0.1
 */
CX_API cx_status cx_kano_rule_parse(const char *text, cx_kano_rule *out);

/**
 * Options of cx_kano_result_compute().  Start from CX_KANO_OPTIONS_INIT.
 * @since 0.1
 */
typedef struct cx_kano_options {
  unsigned version;          /**< CX_KANO_OPTIONS_VERSION. */
  cx_kano_table table;       /**< Evaluation table (default Berger). */
  cx_kano_rule rule;         /**< Rule for ::cx_kano_feature_result.category. */
  double threshold;          /**< Share gap of the MOAI rule (default 0.05). */
  int8_t precedence[CX_KANO_NCATEGORIES]; /**< Tie order, first wins
                                   (default M, O, A, I, R, Q). */
  double fong_z;             /**< Critical value of the Fong test (1.65). */
  double functional_scores[5];    /**< DuMouchel scores of the functional
                                       answers (4, 2, 0, -1, -2). */
  double dysfunctional_scores[5]; /**< DuMouchel scores of the dysfunctional
                                       answers (-2, -1, 0, 2, 4). */
  unsigned bootstrap;        /**< Bootstrap resamples (0 = none). */
  uint64_t seed;             /**< Seed of the bootstrap generator. */
  double confidence;         /**< Level of bootstrap intervals (0.95). */
} cx_kano_options;

/** Current version of ::cx_kano_options. @since 0.1 */
#define CX_KANO_OPTIONS_VERSION 1u
/** Default options. @since 0.1 */
#define CX_KANO_OPTIONS_INIT                                                   \
  {CX_KANO_OPTIONS_VERSION, CX_KANO_TABLE_BERGER_INIT, CX_KANO_RULE_MODE,      \
   0.05, {2, 1, 0, 3, 4, 5}, 1.65, {4, 2, 0, -1, -2}, {-2, -1, 0, 2, 4},       \
   0u, 0u, 0.95}

/**
 * Every result for one feature in one segment (or all pooled).
 *
 * Arrays of six are indexed by ::cx_kano_category.  Undefined statistics
 * (no answers, zero denominators) are NaN.  With weights, counts and shares
 * are weighted; the Fong and chi-square tests use the weighted counts
 * rescaled to the Kish effective sample size.  Fields may be appended in
 * later minor versions; the struct is only ever read through a pointer.
 * @since 0.1
 */
typedef struct cx_kano_feature_result {
  const char *feature;      /**< Feature name (borrowed from the result). */
  const char *segment;      /**< Segment name, or NULL when pooled. */
  uint64_t n_raw;           /**< Complete answer pairs. */
  uint64_t n_missing;       /**< Responses with a missing answer. */
  double n;                 /**< Weighted complete pairs. */
  double n_effective;       /**< Kish effective n = (sum w)^2 / sum w^2. */
  double count[CX_KANO_NCATEGORIES]; /**< Weighted count per category. */
  double share[CX_KANO_NCATEGORIES]; /**< count / n. */
  cx_kano_category category;         /**< Category under the chosen rule. */
  cx_kano_category by_rule[CX_KANO_NRULES]; /**< Category under each rule. */
  double total_strength;    /**< (A + O + M) / n (Lee & Newcomb 1997). */
  double category_strength; /**< Top share minus second share. */
  double better;            /**< (A + O) / (A + O + M + I). */
  double worse;             /**< -(O + M) / (A + O + M + I). */
  double fong_a;            /**< Largest category count. */
  double fong_b;            /**< Second largest category count. */
  double fong_limit;        /**< z * sqrt((a+b)(2n-a-b)/(2n)). */
  int fong_significant;     /**< 1 when |a - b| >= limit. */
  double chi2;              /**< Chi-square of M, O, A, I vs uniform. */
  double chi2_p;            /**< Its p-value (3 degrees of freedom). */
  double functional_mean;   /**< DuMouchel functional mean. */
  double functional_sd;     /**< Its standard deviation. */
  double dysfunctional_mean;/**< DuMouchel dysfunctional mean. */
  double dysfunctional_sd;  /**< Its standard deviation. */
  double importance_mean;   /**< Mean self-stated importance. */
  double importance_sd;     /**< Its standard deviation. */
  uint64_t importance_n;    /**< Responses with an importance answer. */
  unsigned bootstrap;       /**< Resamples made (0 = none). */
  double better_lo;         /**< Bootstrap percentile interval of better. */
  double better_hi;         /**< Upper bound. */
  double worse_lo;          /**< Bootstrap percentile interval of worse. */
  double worse_hi;          /**< Upper bound. */
  double stability[CX_KANO_NCATEGORIES]; /**< Share of resamples assigning
                                   each category under the chosen rule. */
  double segment_chi2;      /**< Pooled rows: chi-square test that the
                                 category distribution is the same in every
                                 segment (NaN otherwise or when fewer than
                                 two segments have answers). */
  double segment_df;        /**< Its degrees of freedom. */
  double segment_p;         /**< Its p-value. */
} cx_kano_feature_result;

/**
 * Results for every feature and segment of a survey.
 * @since 0.1
 */
typedef struct cx_kano_result cx_kano_result;

/**
 * Compute every result from a survey.
 *
 * @param[out] out the result, owned by the caller (cx_kano_result_free());
 *             it copies what it needs and does not borrow @p survey.
 * @param survey the survey.
 * @param options options, or NULL for the defaults.
 * @return CX_OK; CX_EINVAL for bad options (version, table, threshold,
 *         precedence that is not a permutation, confidence outside (0, 1));
 *         CX_ENOMEM.
 * @since 0.1
 */
CX_API cx_status cx_kano_result_compute(cx_kano_result **out,
                                        const cx_kano_survey *survey,
                                        const cx_kano_options *options);

/**
 * Free a result.
 * @param result the result, or NULL.
 * @since 0.1
 */
CX_API void cx_kano_result_free(cx_kano_result *result);

/**
 * Number of features in the result.
 * @since 0.1
 */
CX_API size_t cx_kano_result_n_features(const cx_kano_result *result);

/**
 * Number of named segments in the result (0 when unsegmented).
 * @since 0.1
 */
CX_API size_t cx_kano_result_n_segments(const cx_kano_result *result);

/**
 * Name of segment @p index, borrowed from the result; NULL out of range.
 * @since 0.1
 */
CX_API const char *cx_kano_result_segment_name(const cx_kano_result *result,
                                               size_t index);

/**
 * The options the result was computed with, borrowed from the result.
 * @since 0.1
 */
CX_API const cx_kano_options *cx_kano_result_options(
    const cx_kano_result *result);

/**
 * Result of one feature.
 *
 * @param feature feature index (as in the survey).
 * @param segment segment index, or CX_KANO_ALL for all pooled.
 * @param[out] out borrowed pointer into @p result, valid until it is freed.
 * @return CX_OK, CX_EINVAL or CX_ENOTFOUND.
 * @since 0.1
 */
CX_API cx_status cx_kano_result_get(const cx_kano_result *result,
                                    size_t feature, size_t segment,
                                    const cx_kano_feature_result **out);

/**
 * Respondents counted and dropped by the filter, as in the survey.
 *
 * @param segment a segment index, or CX_KANO_ALL.
 * @return CX_OK, CX_EINVAL or CX_ENOTFOUND.
 * @since 0.1
 */
CX_API cx_status cx_kano_result_respondents(const cx_kano_result *result,
                                            size_t segment, uint64_t *added,
                                            uint64_t *dropped);

#ifdef __cplusplus
}
#endif

#endif /* CX_KANO_H */
