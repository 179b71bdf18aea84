/**
 * @file gap.h
 * @brief Expectation versus experience: SERVQUAL-style gap analysis, zone
 *        of tolerance, importance-performance analysis and subjective
 *        disconfirmation, over a mergeable survey accumulator.
 *
 * A ::cx_gap_survey holds items (id, label, dimension) and takes one
 * respondent at a time, or columns of many: per item an expectation E and
 * a perception P, optionally an adequate A and desired D level (zone of
 * tolerance), an importance rating and a direct disconfirmation rating
 * ("much worse ... much better than expected"); per respondent a survey
 * weight and optionally 100 points split over the dimensions.
 *
 * **What is stored, and why.**  Answers lie on declared integer scales, so
 * the accumulator keeps count tables rather than moments:
 * - per item, the table of (E, P) pairs (k x k cells for a k-point
 *   scale): it gives the means and SDs of E, P and the gap P - E over
 *   complete pairs, and the full distribution of the integer gaps, from
 *   which medians and the ranks of |P - E| (with ties) for the Wilcoxon
 *   signed-rank test follow exactly;
 * - per item, tables of P - A, P - D and D - A (2k - 1 cells each) and
 *   the below / within / above counts, kept apart for consistent (A <= D)
 *   and inverted (A > D) answers so that dropping inversions is a result
 *   option;
 * - per item, histograms of importance, of every valid P and of the
 *   disconfirmation rating;
 * - per dimension, the table of (m, s) where m is the number of items the
 *   respondent answered in that dimension and s the sum of their integer
 *   gaps: the respondent's dimension gap is s / m, so this table is the
 *   exact distribution of dimension gaps (ranks compare s1 m2 with s2 m1);
 * - per respondent-level score (the weighted SERVQUAL score), sums of
 *   weights and of weighted values and squares.
 * Each cell holds a count and a sum of survey weights.  Every part is a
 * sum over respondents, so merging adds arrays: merge(a, b) equals one
 * pass over both inputs exactly for counts, and up to floating-point
 * rounding of the weight sums (exactly when the weights are 1).
 *
 * Because dimension scores are formed per respondent, the minimum share
 * of answered items and the items themselves are fixed when the survey is
 * created and must agree when surveys are merged.
 *
 * **Weights.**  Means, SDs and proportions use the survey weights; where a
 * sample size enters a test or an interval (SE, t, degrees of freedom,
 * Hedges' correction) it is the Kish effective n = (sum w)^2 / sum w^2,
 * which equals n when every weight is 1.  The Wilcoxon test, counts and
 * medians use the unweighted answers.
 *
 * Formulas, sources, options and defaults: docs/methodology/gap.md.
 */
#ifndef CX_GAP_H
#define CX_GAP_H

#include <cx/common.h>
#include <cx/scale.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------ */
/* Survey accumulator                                                        */

/**
 * Accumulator of gap-analysis answers.  Not to be shared between threads
 * without a lock.
 * @since 0.1
 */
typedef struct cx_gap_survey cx_gap_survey;

/**
 * Settings fixed when a survey is created.  Start from CX_GAP_CONFIG_INIT.
 * @since 0.1
 */
typedef struct cx_gap_config {
  unsigned version;        /**< CX_GAP_CONFIG_VERSION. */
  cx_scale scale;          /**< Scale of E, P, A and D answers (at most
                                101 points); default 1-7, neutral 4. */
  cx_scale importance;     /**< Scale of importance answers; default 1-7. */
  cx_scale disconfirmation;/**< Scale of the direct "worse ... better than
                                expected" rating; default 1-7, neutral 4. */
  double min_share;        /**< A respondent's dimension gap is defined when
                                they answered at least this share of the
                                dimension's items (complete E-P pairs);
                                in (0, 1], default 0.75. */
} cx_gap_config;

/** Current version of ::cx_gap_config. @since 0.1 */
#define CX_GAP_CONFIG_VERSION 1u

/** A 1-7 scale with neutral 4, no codes (used by CX_GAP_CONFIG_INIT). @since 0.1 */
#define CX_GAP_SCALE7_INIT                                                     \
  {CX_SCALE_VERSION, 1, 7, 4.0, CX_SCALE_HIGHER_IS_BETTER, 0, 0, 0, 0, NULL, 0}

/** Default settings: 1-7 scales (SERVQUAL), min_share 0.75. @since 0.1 */
#define CX_GAP_CONFIG_INIT                                                     \
  {CX_GAP_CONFIG_VERSION, CX_GAP_SCALE7_INIT, CX_GAP_SCALE7_INIT,             \
   CX_GAP_SCALE7_INIT, 0.75}

/** Largest number of points of the E/P scale in a gap survey. @since 0.1 */
#define CX_GAP_MAX_POINTS 101

/** Dimension index of an item that belongs to no dimension. @since 0.1 */
#define CX_GAP_NO_DIMENSION ((size_t)-1)

/** Item flag: negatively worded, answers are reverse-scored
 *  (min + max - x) as they are added. @since 0.1 */
#define CX_GAP_ITEM_REVERSED 1u

/**
 * Create an empty survey.
 *
 * @param[out] out the survey, owned by the caller (cx_gap_survey_free()).
 * @param config settings (copied; scale labels are not kept), or NULL for
 *        CX_GAP_CONFIG_INIT.
 * @return CX_OK; CX_EINVAL for a NULL @p out, a bad version, an invalid
 *         scale, an E/P scale of more than CX_GAP_MAX_POINTS points or a
 *         min_share outside (0, 1]; CX_ENOMEM.
 * @since 0.1
 */
CX_API cx_status cx_gap_survey_new(cx_gap_survey **out,
                                   const cx_gap_config *config);

/**
 * Free a survey.
 * @param survey the survey, or NULL.
 * @since 0.1
 */
CX_API void cx_gap_survey_free(cx_gap_survey *survey);

/**
 * Copy the survey's settings (scales without labels).
 *
 * @return CX_OK, or CX_EINVAL for NULL arguments.
 * @since 0.1
 */
CX_API cx_status cx_gap_survey_config(const cx_gap_survey *survey,
                                      cx_gap_config *out);

/**
 * Declare an item.  Items are declared before any answer is added.
 *
 * @param survey the survey.
 * @param id NUL-terminated UTF-8 identifier, unique; copied.
 * @param label description (copied), or NULL for none.
 * @param dimension name of its dimension (dimensions are created on first
 *        use, in order), or NULL for none.
 * @param flags 0 or CX_GAP_ITEM_REVERSED.
 * @param[out] index the item's index (may be NULL).
 * @return CX_OK; CX_EINVAL (NULL survey or id, empty or invalid UTF-8
 *         text, duplicate id, unknown flags); CX_ESTATE when answers were
 *         already added; CX_ENOMEM.
 * @since 0.1
 */
CX_API cx_status cx_gap_survey_add_item(cx_gap_survey *survey, const char *id,
                                        const char *label,
                                        const char *dimension, unsigned flags,
                                        size_t *index);

/**
 * Declare the 22 SERVQUAL items of Parasuraman, Zeithaml & Berry (1988)
 * in five dimensions: "tangibles" (items 1-4), "reliability" (5-9),
 * "responsiveness" (10-13), "assurance" (14-17) and "empathy" (18-22).
 * Item ids are "SQ1" .. "SQ22" and labels "tangibles 1" .. "empathy 5";
 * none is reversed (the 1991 revision words every item positively).
 *
 * @return CX_OK; CX_EINVAL for NULL; CX_ESTATE when the survey already has
 *         items; CX_ENOMEM.
 * @since 0.1
 */
CX_API cx_status cx_gap_survey_declare_servqual(cx_gap_survey *survey);

/** Number of items. @since 0.1 */
CX_API size_t cx_gap_survey_n_items(const cx_gap_survey *survey);

/** Number of dimensions. @since 0.1 */
CX_API size_t cx_gap_survey_n_dimensions(const cx_gap_survey *survey);

/**
 * Id of item @p index.
 * @return a borrowed string (valid until the survey is freed), or NULL
 *         when @p index is out of range.
 * @since 0.1
 */
CX_API const char *cx_gap_survey_item_id(const cx_gap_survey *survey,
                                         size_t index);

/**
 * Label of item @p index.
 * @return a borrowed string, "" when the item has no label, or NULL when
 *         @p index is out of range.
 * @since 0.1
 */
CX_API const char *cx_gap_survey_item_label(const cx_gap_survey *survey,
                                            size_t index);

/**
 * Dimension of item @p index.
 * @return the dimension index, or CX_GAP_NO_DIMENSION (also for a bad
 *         index).
 * @since 0.1
 */
CX_API size_t cx_gap_survey_item_dimension(const cx_gap_survey *survey,
                                           size_t index);

/**
 * Name of dimension @p index.
 * @return a borrowed string, or NULL when @p index is out of range.
 * @since 0.1
 */
CX_API const char *cx_gap_survey_dimension_name(const cx_gap_survey *survey,
                                                size_t index);

/**
 * Find an item by id.
 * @return CX_OK with @p index set, CX_EINVAL, or CX_ENOTFOUND.
 * @since 0.1
 */
CX_API cx_status cx_gap_survey_find_item(const cx_gap_survey *survey,
                                         const char *id, size_t *index);

/**
 * Find a dimension by name.
 * @return CX_OK with @p index set, CX_EINVAL, or CX_ENOTFOUND.
 * @since 0.1
 */
CX_API cx_status cx_gap_survey_find_dimension(const cx_gap_survey *survey,
                                              const char *name, size_t *index);

/**
 * One respondent's answers.  Start from CX_GAP_RESPONSE_INIT.  Each
 * answer array has cx_gap_survey_n_items() values on the matching scale,
 * NaN meaning missing; a NULL array means the question was not asked.
 * @since 0.1
 */
typedef struct cx_gap_response {
  unsigned version;              /**< CX_GAP_RESPONSE_VERSION. */
  const char *respondent;        /**< Id used in error messages, or NULL
                                      ("#<number>", counting from 1). */
  double weight;                 /**< Survey weight, finite and >= 0. */
  const double *expectation;     /**< E per item. */
  const double *perception;      /**< P per item. */
  const double *adequate;        /**< A per item (zone of tolerance). */
  const double *desired;         /**< D per item (zone of tolerance). */
  const double *importance;      /**< Importance per item. */
  const double *disconfirmation; /**< Direct rating per item. */
  const double *dimension_points;/**< Points per dimension summing to 100
                                      (cx_gap_survey_n_dimensions() values,
                                      each finite and >= 0), or NULL. */
} cx_gap_response;

/** Current version of ::cx_gap_response. @since 0.1 */
#define CX_GAP_RESPONSE_VERSION 1u
/** An empty response with weight 1. @since 0.1 */
#define CX_GAP_RESPONSE_INIT                                                   \
  {CX_GAP_RESPONSE_VERSION, NULL, 1.0, NULL, NULL, NULL, NULL, NULL, NULL, NULL}

/**
 * Add one respondent.
 *
 * Per item, the "not applicable" and "don't know" codes and NaN are
 * counted apart and excluded; an (E, P) pair counts as not applicable when
 * either answer is the N/A code, else as don't know when either is the
 * don't-know code, else as missing when either is NaN.  Reverse-scored
 * items are reversed before anything is counted.
 *
 * @return CX_OK; CX_EINVAL for NULL or a bad version; CX_ERANGE naming the
 *         respondent, item and value for an answer outside its scale or a
 *         non-integer answer, and naming the respondent for a bad weight
 *         or dimension points that are negative or do not sum to 100
 *         (within 1e-6); CX_ESTATE when the survey has no items.  Nothing
 *         is added on failure.
 * @since 0.1
 */
CX_API cx_status cx_gap_survey_add_respondent(cx_gap_survey *survey,
                                              const cx_gap_response *response);

/**
 * Columns for cx_gap_survey_add_batch(): one row per respondent.  Each
 * answer member points to cx_gap_survey_n_items() column views (one per
 * item), or is NULL when that question was not asked; a view with a NULL
 * data pointer is an absent column too.  Floating columns use NaN for
 * missing.  Start from CX_GAP_COLUMNS_INIT.
 * @since 0.1
 */
typedef struct cx_gap_columns {
  unsigned version;                 /**< CX_GAP_COLUMNS_VERSION. */
  const cx_array *expectation;      /**< E, one column per item. */
  const cx_array *perception;       /**< P, one column per item. */
  const cx_array *adequate;         /**< A, one column per item. */
  const cx_array *desired;          /**< D, one column per item. */
  const cx_array *importance;       /**< Importance, one column per item. */
  const cx_array *disconfirmation;  /**< Direct rating, one per item. */
  const cx_array *dimension_points; /**< One column per dimension. */
  const cx_array *weight;           /**< One column of weights, or NULL. */
} cx_gap_columns;

/** Current version of ::cx_gap_columns. @since 0.1 */
#define CX_GAP_COLUMNS_VERSION 1u
/** No columns. @since 0.1 */
#define CX_GAP_COLUMNS_INIT                                                    \
  {CX_GAP_COLUMNS_VERSION, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL}

/**
 * Add @p n respondents from columns, read in place (any dtype, any
 * stride).  A row whose dimension points are all NaN gave no points (a
 * row with only some NaN is an error).  Every row is checked before
 * anything is added.  Error
 * messages name the respondent as "row <i>" (counting from 0 within the
 * batch).
 *
 * @return as cx_gap_survey_add_respondent(), plus CX_EINVAL for an unknown
 *         dtype or version.
 * @since 0.1
 */
CX_API cx_status cx_gap_survey_add_batch(cx_gap_survey *survey, size_t n,
                                         const cx_gap_columns *columns);

/**
 * Number of respondents added.
 * @since 0.1
 */
CX_API uint64_t cx_gap_survey_n_respondents(const cx_gap_survey *survey);

/**
 * Add everything in @p src to @p dst.
 *
 * Both must have the same settings and the same items (ids, labels,
 * dimensions and flags, in the same order).
 *
 * @return CX_OK; CX_EINVAL for NULL or @p dst == @p src; CX_ESTATE when
 *         settings or items differ; CX_ENOMEM.  @p dst is unchanged on
 *         failure.
 * @since 0.1
 */
CX_API cx_status cx_gap_survey_merge(cx_gap_survey *dst,
                                     const cx_gap_survey *src);

/**
 * Serialize the survey to a versioned, checksummed, little-endian byte
 * string (the same on every platform; weight sums stored bit-exactly).
 *
 * @param[out] out the bytes, owned by the caller (cx_free()).
 * @param[out] len their length.
 * @return CX_OK, CX_EINVAL or CX_ENOMEM.
 * @since 0.1
 */
CX_API cx_status cx_gap_survey_serialize(const cx_gap_survey *survey,
                                         uint8_t **out, size_t *len);

/**
 * Rebuild a survey from cx_gap_survey_serialize() bytes.
 *
 * @param[out] out the survey, owned by the caller.
 * @return CX_OK; CX_EINVAL for NULL; CX_EVERSION for another format
 *         version; CX_EPARSE for corrupt, truncated or altered bytes;
 *         CX_ENOMEM.
 * @since 0.1
 */
CX_API cx_status cx_gap_survey_deserialize(cx_gap_survey **out,
                                           const uint8_t *data, size_t len);

/* ------------------------------------------------------------------------ */
/* Results                                                                   */

/**
 * How zero differences enter the Wilcoxon signed-rank test (SciPy's
 * names).
 * @since 0.1
 */
typedef enum cx_gap_zero_method {
  CX_GAP_ZERO_WILCOX = 0, /**< Drop zeros, then rank (Wilcoxon 1945). */
  CX_GAP_ZERO_PRATT = 1,  /**< Rank with zeros, then drop their ranks
                               (Pratt 1959). */
  CX_GAP_ZERO_ZSPLIT = 2  /**< Rank with zeros, split their rank sum
                               equally between W+ and W-. */
} cx_gap_zero_method;

/**
 * Overall unweighted score.
 * @since 0.1
 */
typedef enum cx_gap_overall {
  CX_GAP_OVERALL_DIMENSIONS = 0, /**< Mean of the dimension mean gaps. */
  CX_GAP_OVERALL_ITEMS = 1       /**< Mean of the item mean gaps. */
} cx_gap_overall;

/**
 * Where the IPA crosshair lies.
 * @since 0.1
 */
typedef enum cx_gap_crosshair {
  CX_GAP_CROSSHAIR_MEAN = 0,     /**< Mean of the item means. */
  CX_GAP_CROSSHAIR_MEDIAN = 1,   /**< Median of the item means. */
  CX_GAP_CROSSHAIR_MIDPOINT = 2, /**< (min + max) / 2 of each scale; 0 on
                                      the gap axis. */
  CX_GAP_CROSSHAIR_CUSTOM = 3    /**< The custom_* values of the options. */
} cx_gap_crosshair;

/**
 * IPA quadrant (Martilla & James 1977).
 * @since 0.1
 */
typedef enum cx_gap_quadrant {
  CX_GAP_QUADRANT_NONE = -1,       /**< Importance or performance unknown. */
  CX_GAP_CONCENTRATE_HERE = 0,     /**< High importance, low performance. */
  CX_GAP_KEEP_UP_THE_GOOD_WORK = 1,/**< High importance, high performance. */
  CX_GAP_LOW_PRIORITY = 2,         /**< Low importance, low performance. */
  CX_GAP_POSSIBLE_OVERKILL = 3     /**< Low importance, high performance. */
} cx_gap_quadrant;

/**
 * Name of a quadrant ("concentrate here", "keep up the good work",
 * "low priority", "possible overkill", "none").
 * @return a static string; "invalid" outside the enum.
 * @since 0.1
 */
CX_API const char *cx_gap_quadrant_name(cx_gap_quadrant quadrant);

/**
 * Options of cx_gap_result_compute().  Start from CX_GAP_OPTIONS_INIT.
 * @since 0.1
 */
typedef struct cx_gap_options {
  unsigned version;               /**< CX_GAP_OPTIONS_VERSION. */
  double level;                   /**< Confidence level in (0, 1); 0.95. */
  cx_gap_zero_method zero_method; /**< Default CX_GAP_ZERO_WILCOX (SciPy's
                                       default). */
  int tie_correction;             /**< Non-zero (default): reduce the
                                       Wilcoxon variance for tied |gaps|. */
  int continuity;                 /**< Non-zero: continuity correction of
                                       0.5 in the Wilcoxon z; default 0
                                       (SciPy's default). */
  cx_gap_overall overall;         /**< Default CX_GAP_OVERALL_DIMENSIONS. */
  int drop_inversions;            /**< Non-zero: leave answers with A > D
                                       out of the zone of tolerance; default
                                       0 (counted and kept). */
  cx_gap_crosshair crosshair;     /**< Default CX_GAP_CROSSHAIR_MEAN. */
  double custom_importance;       /**< Crosshair importance (CUSTOM). */
  double custom_performance;      /**< Crosshair performance (CUSTOM). */
  double custom_gap;              /**< Crosshair gap (CUSTOM). */
} cx_gap_options;

/** Current version of ::cx_gap_options. @since 0.1 */
#define CX_GAP_OPTIONS_VERSION 1u
/** Default options. @since 0.1 */
#define CX_GAP_OPTIONS_INIT                                                    \
  {CX_GAP_OPTIONS_VERSION, 0.95, CX_GAP_ZERO_WILCOX, 1, 0,                     \
   CX_GAP_OVERALL_DIMENSIONS, 0, CX_GAP_CROSSHAIR_MEAN, 0.0, 0.0, 0.0}

/**
 * Statistics of one gap variable (an item's P - E, or a dimension's
 * respondent gaps).  Undefined values are NaN: every mean when no pair has
 * positive weight; SD, SE, the interval, t, p and effect sizes when the
 * effective n is at most 1; t, p and d_z also when the SD is 0 (a constant
 * gap); d_av when s_E + s_P = 0; the Wilcoxon results when no difference is
 * left to rank (or its variance is 0).  Appended fields may follow in
 * later versions: read it only through a pointer.
 * @since 0.1
 */
typedef struct cx_gap_stats {
  uint64_t n;          /**< Complete pairs (respondents with a gap). */
  double sum_weights;  /**< Sum of their survey weights. */
  double n_eff;        /**< Kish effective n, (sum w)^2 / sum w^2. */
  double mean_e;       /**< Weighted mean expectation. */
  double mean_p;       /**< Weighted mean perception. */
  double sd_e;         /**< SD of expectations. */
  double sd_p;         /**< SD of perceptions. */
  double mean;         /**< Mean gap P - E (= mean_p - mean_e). */
  double median;       /**< Median gap (unweighted, NumPy's default
                            interpolation). */
  double sd;           /**< SD of the gaps (divisor n_eff - 1, scaled for
                            weights: see docs). */
  double se;           /**< sd / sqrt(n_eff). */
  double ci_low;       /**< mean - t(1 - alpha/2, df) se. */
  double ci_high;      /**< mean + t(1 - alpha/2, df) se. */
  double t;            /**< Paired t = mean / se. */
  double df;           /**< n_eff - 1. */
  double p_t;          /**< Two-sided p of the t-test. */
  double p_t_holm;     /**< Holm-adjusted p_t (across items, or across
                            dimensions). */
  double p_t_bh;       /**< Benjamini-Hochberg-adjusted p_t. */
  uint64_t n_zero;     /**< Pairs with gap 0. */
  uint64_t n_ranked;   /**< Differences that count in the Wilcoxon test
                            (without zeros for "wilcox"; all for "pratt"
                            and "zsplit"). */
  double w_plus;       /**< Rank sum of positive gaps (P > E). */
  double w_minus;      /**< Rank sum of negative gaps. */
  double w;            /**< min(w_plus, w_minus), as SciPy reports it. */
  double z;            /**< Normal score of w_plus: positive when
                            perception exceeds expectation. */
  double p_w;          /**< Two-sided p of the Wilcoxon test (normal
                            approximation). */
  double p_w_holm;     /**< Holm-adjusted p_w. */
  double p_w_bh;       /**< Benjamini-Hochberg-adjusted p_w. */
  double d_z;          /**< mean / sd. */
  double d_av;         /**< mean / ((sd_e + sd_p) / 2). */
  double g_z;          /**< d_z with Hedges' correction J(df). */
  double g_av;         /**< d_av with Hedges' correction J(df). */
} cx_gap_stats;

/**
 * Results of one item.  Read only through a pointer.
 * @since 0.1
 */
typedef struct cx_gap_item_result {
  const char *id;            /**< Item id (borrowed from the result). */
  const char *label;         /**< Label, "" when none. */
  size_t dimension;          /**< Dimension index or CX_GAP_NO_DIMENSION. */
  uint64_t n_missing;        /**< Pairs with a missing E or P. */
  uint64_t n_not_applicable; /**< Pairs with an N/A answer. */
  uint64_t n_dont_know;      /**< Pairs with a don't-know answer. */
  cx_gap_stats gap;          /**< Statistics of P - E. */
  /* Zone of tolerance */
  uint64_t zot_n;            /**< Complete (A, D, P) triples used. */
  uint64_t zot_inversions;   /**< Triples with A > D (counted whether or not
                                  they are dropped). */
  uint64_t zot_below;        /**< P < A. */
  uint64_t zot_within;       /**< A <= P <= D. */
  uint64_t zot_above;        /**< P > D. */
  double msa_mean;           /**< Mean of P - A (adequacy). */
  double msa_sd;             /**< Its SD. */
  double mss_mean;           /**< Mean of P - D (superiority). */
  double mss_sd;             /**< Its SD. */
  double width_mean;         /**< Mean of D - A. */
  double width_sd;           /**< Its SD. */
  /* Importance-performance analysis */
  uint64_t importance_n;     /**< Valid importance answers. */
  double importance_mean;    /**< Their weighted mean. */
  double importance_sd;      /**< Their SD. */
  uint64_t performance_n;    /**< Valid P answers (complete pair or not). */
  double performance_mean;   /**< Their weighted mean. */
  cx_gap_quadrant quadrant;  /**< Importance against performance. */
  cx_gap_quadrant gap_quadrant; /**< Importance against the mean gap. */
  double priority;           /**< importance_mean - performance_mean
                                  (Slack 1994). */
  /* Subjective disconfirmation */
  uint64_t disconfirmation_n;    /**< Valid direct ratings. */
  double disconfirmation_mean;   /**< Their weighted mean. */
  double disconfirmation_sd;     /**< Their SD. */
} cx_gap_item_result;

/**
 * Results of one dimension, over respondents whose dimension gap is
 * defined (see ::cx_gap_config min_share).  @c gap.mean_e / @c mean_p and
 * their SDs are those of the respondents' dimension means of E and P.
 * Read only through a pointer.
 * @since 0.1
 */
typedef struct cx_gap_dimension_result {
  const char *name;         /**< Dimension name (borrowed). */
  size_t n_items;           /**< Items in the dimension. */
  uint64_t n_too_few;       /**< Respondents who answered some but fewer
                                 than the required share of its items. */
  uint64_t n_none;          /**< Respondents who answered none. */
  cx_gap_stats gap;         /**< Statistics of the respondent gaps. */
} cx_gap_dimension_result;

/**
 * A respondent-level score (the weighted SERVQUAL score).
 * @since 0.1
 */
typedef struct cx_gap_score {
  uint64_t n;          /**< Respondents with a score. */
  uint64_t n_no_points;/**< Respondents who gave no dimension points. */
  uint64_t n_incomplete; /**< Respondents with points but some dimension
                              gap undefined (no score). */
  double sum_weights;  /**< Sum of survey weights of scored respondents. */
  double n_eff;        /**< Kish effective n. */
  double mean;         /**< Weighted mean score. */
  double sd;           /**< SD. */
  double se;           /**< sd / sqrt(n_eff). */
  double ci_low;       /**< Lower t-interval limit. */
  double ci_high;      /**< Upper t-interval limit. */
} cx_gap_score;

/**
 * Results computed from a survey.
 * @since 0.1
 */
typedef struct cx_gap_result cx_gap_result;

/**
 * Compute every statistic.
 *
 * @param[out] out the result, owned by the caller (cx_gap_result_free());
 *             it does not refer to the survey.
 * @param survey the survey.
 * @param options options, or NULL for CX_GAP_OPTIONS_INIT.
 * @return CX_OK; CX_EINVAL for NULL arguments or bad options (version,
 *         level outside (0, 1), unknown enum values, non-finite custom
 *         crosshair when CUSTOM is chosen); CX_ENOMEM.
 * @since 0.1
 */
CX_API cx_status cx_gap_result_compute(cx_gap_result **out,
                                       const cx_gap_survey *survey,
                                       const cx_gap_options *options);

/**
 * Free a result.
 * @param result the result, or NULL.
 * @since 0.1
 */
CX_API void cx_gap_result_free(cx_gap_result *result);

/**
 * The options the result was computed with.
 * @return a borrowed pointer, or NULL for a NULL result.
 * @since 0.1
 */
CX_API const cx_gap_options *cx_gap_result_options(const cx_gap_result *result);

/** Number of item rows. @since 0.1 */
CX_API size_t cx_gap_result_n_items(const cx_gap_result *result);

/** Number of dimension rows. @since 0.1 */
CX_API size_t cx_gap_result_n_dimensions(const cx_gap_result *result);

/**
 * Row of item @p index.
 * @return a pointer borrowed from the result, or NULL for a bad index.
 * @since 0.1
 */
CX_API const cx_gap_item_result *
cx_gap_result_item(const cx_gap_result *result, size_t index);

/**
 * Row of dimension @p index.
 * @return a pointer borrowed from the result, or NULL for a bad index.
 * @since 0.1
 */
CX_API const cx_gap_dimension_result *
cx_gap_result_dimension(const cx_gap_result *result, size_t index);

/**
 * Overall unweighted score, by the rule of the options' @c overall.
 * @return the score; NaN when a dimension or item mean it averages is
 *         NaN, when there is none, or for a NULL result.
 * @since 0.1
 */
CX_API double cx_gap_result_overall(const cx_gap_result *result);

/**
 * The weighted SERVQUAL score: per respondent sum over dimensions of
 * (points / 100) times the respondent's dimension gap.
 * @return a borrowed pointer, or NULL for a NULL result.
 * @since 0.1
 */
CX_API const cx_gap_score *cx_gap_result_weighted(const cx_gap_result *result);

/**
 * The IPA crosshair used.
 *
 * @param[out] importance, performance, gap the crosshair on each axis
 *             (each may be NULL); NaN when no item has the data.
 * @return CX_OK, or CX_EINVAL for a NULL result.
 * @since 0.1
 */
CX_API cx_status cx_gap_result_crosshair(const cx_gap_result *result,
                                         double *importance,
                                         double *performance, double *gap);

/* ------------------------------------------------------------------------ */
/* Links into journey maps                                                   */

#include <cx/journey.h>

/**
 * The lists of a link report.
 * @since 0.1
 */
typedef enum cx_journey_link_list {
  CX_LINK_MATCHED = 0,        /**< Ids of both sides; values were written. */
  CX_LINK_NO_DATA = 1,        /**< Ids of both sides without a value to
                                   write (no answers): the touchpoint was
                                   left as it was. */
  CX_LINK_ITEM_ONLY = 2,      /**< Item or segment ids that name no
                                   touchpoint of the journey. */
  CX_LINK_TOUCHPOINT_ONLY = 3 /**< Touchpoint ids that no item or segment
                                   names, in journey order. */
} cx_journey_link_list;

/**
 * Which ids matched when results were written into a journey (opaque).
 * @since 0.1
 */
typedef struct cx_journey_link_report cx_journey_link_report;

/**
 * Free a link report.
 * @param report the report, or NULL.
 * @since 0.1
 */
CX_API void cx_journey_link_report_free(cx_journey_link_report *report);

/**
 * Number of ids in one list of a report.
 * @return the count; 0 for NULL or a list outside the enum.
 * @since 0.1
 */
CX_API size_t cx_journey_link_report_count(
    const cx_journey_link_report *report, cx_journey_link_list list);

/**
 * Id @p index of one list of a report.
 * @return a string borrowed from the report, or NULL when out of range.
 * @since 0.1
 */
CX_API const char *cx_journey_link_report_id(
    const cx_journey_link_report *report, cx_journey_link_list list,
    size_t index);

/**
 * Options of cx_gap_result_link_journey().  Start from
 * CX_GAP_LINK_OPTIONS_INIT.
 * @since 0.1
 */
typedef struct cx_gap_link_options {
  unsigned version;  /**< CX_GAP_LINK_OPTIONS_VERSION. */
  double scale_min;  /**< Scale of the E, P, A and D answers: when
                          scale_min < scale_max, levels are mapped linearly
                          from it onto the journey's scale (min to min, max
                          to max); default 0, 0: written as they are. */
  double scale_max;  /**< Upper end. */
  int zone;          /**< Non-zero (default): write adequate and desired
                          levels where the item has zone-of-tolerance
                          answers. */
  int importance;    /**< Non-zero (default): write the mean importance. */
} cx_gap_link_options;

/** Current version of ::cx_gap_link_options. @since 0.1 */
#define CX_GAP_LINK_OPTIONS_VERSION 1u
/** Default link options. @since 0.1 */
#define CX_GAP_LINK_OPTIONS_INIT {CX_GAP_LINK_OPTIONS_VERSION, 0.0, 0.0, 1, 1}

/**
 * Write per-item gap results into the touchpoints of a journey whose ids
 * equal the item ids, so that the journey's gaps, zone of tolerance,
 * picture and pain-point ranking (cx_journey_rank_pain_points()) use the
 * measured data.
 *
 * Per matched touchpoint: expectation = mean E and experience = mean P of
 * the item's complete pairs (so the touchpoint's gap is the item's mean
 * gap); with @c zone, adequate = experience - MSA and desired =
 * experience - MSS (so the touchpoint's adequacy and superiority are the
 * item's MSA and MSS); with @c importance, importance = mean importance
 * (not rescaled).  A value the item lacks leaves the touchpoint's field as
 * it was.  Other fields and touchpoints are not touched.
 *
 * @param result the gap result.
 * @param journey the journey to write into.
 * @param options options, or NULL for the defaults.
 * @param[out] report which ids matched (owned by the caller,
 *             cx_journey_link_report_free()); may be NULL.
 * @return CX_OK (also when nothing matched); CX_EINVAL for NULL arguments
 *         or bad options (version, a scale with min > max or not finite);
 *         CX_ERANGE naming the item for a negative mean importance (the
 *         journey takes none); CX_ENOMEM.  The journey is unchanged on
 *         failure.
 * @since 0.1
 */
CX_API cx_status cx_gap_result_link_journey(const cx_gap_result *result,
                                            cx_journey *journey,
                                            const cx_gap_link_options *options,
                                            cx_journey_link_report **report);

#ifdef __cplusplus
}
#endif

#endif /* CX_GAP_H */
