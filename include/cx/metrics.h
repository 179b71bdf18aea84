/**
 * @file metrics.h
 * @brief Customer-experience metrics: Net Promoter Score, customer
 *        satisfaction (CSAT) and customer effort (CES), over a mergeable,
 *        serializable accumulator with survey weights and segments.
 *
 * Each metric is one question answered on a small integer scale, so the
 * accumulator (::cx_metric_survey) keeps, per named segment, the weighted
 * and unweighted count of every scale point, plus the counts of missing,
 * "not applicable" and "don't know" answers and the sum of squared
 * weights.  Those counts are a sufficient statistic for every figure
 * below: accumulators merge exactly and results are computed from them.
 *
 * With survey weights, counts and shares are weighted and every interval
 * uses Kish's effective sample size n_eff = (sum w)^2 / sum w^2 in place
 * of n.  Unweighted data (every weight 1) give n_eff = n.
 *
 * Statistics that are undefined for the data at hand (no answers, one
 * answer, zero variance) are NaN; each result field says when.
 *
 * Sources of every formula: docs/methodology/metrics.md.
 */
#ifndef CX_METRICS_H
#define CX_METRICS_H

#include <cx/common.h>
#include <cx/scale.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Which metric an accumulator collects answers for.
 * @since 0.1
 */
typedef enum cx_metric_kind {
  CX_METRIC_NPS = 0,  /**< Net Promoter Score, 0-10 likelihood to recommend. */
  CX_METRIC_CSAT = 1, /**< Customer satisfaction on a declared scale. */
  CX_METRIC_CES = 2   /**< Customer effort score, version 1.0 or 2.0. */
} cx_metric_kind;

/**
 * Name of a metric kind ("nps", "csat", "ces").
 *
 * @return a static string; "invalid" for values outside the enum.
 * @since 0.1
 */
CX_API const char *cx_metric_kind_name(cx_metric_kind kind);

/**
 * Version of the customer effort question.
 * @since 0.1
 */
typedef enum cx_ces_version {
  CX_CES_NONE = 0, /**< Not a CES accumulator. */
  CX_CES_1 = 1,    /**< CES 1.0 (Dixon, Freeman & Toman 2010): "How much
                        effort did you personally have to put forth to
                        handle your request?", 5 points, higher means more
                        effort. */
  CX_CES_2 = 2     /**< CES 2.0 (Dixon, Toman & DeLisi 2013): agreement with
                        "The company made it easy for me to handle my
                        issue", 7 points, higher means easier. */
} cx_ces_version;

/** Segment index meaning "all segments pooled". @since 0.1 */
#define CX_METRIC_ALL ((size_t)-1)

/* ------------------------------------------------------------------------ */
/* Accumulator                                                               */

/**
 * Accumulator of answers to one metric question, over named segments.
 *
 * Without segments every answer goes to one implicit group.  Not to be
 * shared between threads without a lock.
 * @since 0.1
 */
typedef struct cx_metric_survey cx_metric_survey;

/**
 * Create an empty NPS accumulator.
 *
 * @param[out] out the accumulator, owned by the caller
 *             (cx_metric_survey_free()).
 * @param scale the answer scale, or NULL for cx_scale_preset(CX_SCALE_NPS).
 *        It must run 0-10 with higher better; its "not applicable" and
 *        "don't know" codes are honoured.  Numeric fields are copied,
 *        labels are not kept.
 * @return CX_OK; CX_EINVAL for a NULL @p out, an invalid scale or one that
 *         is not 0-10 higher-is-better; CX_ENOMEM.
 * @since 0.1
 */
CX_API cx_status cx_metric_survey_new_nps(cx_metric_survey **out,
                                          const cx_scale *scale);

/**
 * Create an empty CSAT accumulator.
 *
 * @param[out] out the accumulator, owned by the caller.
 * @param scale the answer scale, or NULL for cx_scale_preset(CX_SCALE_CSAT5)
 *        (1-5, higher better).  It needs at least three points; its
 *        direction decides which end is the "top" two boxes.
 * @return CX_OK; CX_EINVAL for a NULL @p out or an invalid scale or one
 *         with fewer than three points; CX_ENOMEM.
 * @since 0.1
 */
CX_API cx_status cx_metric_survey_new_csat(cx_metric_survey **out,
                                           const cx_scale *scale);

/**
 * Create an empty CES accumulator.
 *
 * @param[out] out the accumulator, owned by the caller.
 * @param version CX_CES_1 or CX_CES_2; stored with the accumulator.
 * @param scale the answer scale, or NULL for the version's preset
 *        (CX_SCALE_CES1: 1-5, higher is worse; CX_SCALE_CES2: 1-7, higher
 *        is better).  CES 1.0 needs 5 points and CES 2.0 needs 7; either
 *        direction is accepted (some tools code 1 = strongly agree) and is
 *        stored.  Answers on the good side of the scale's neutral point
 *        count as "easy".
 * @return CX_OK; CX_EINVAL for a NULL @p out, an unknown version, or an
 *         invalid or wrongly sized scale; CX_ENOMEM.
 * @since 0.1
 */
CX_API cx_status cx_metric_survey_new_ces(cx_metric_survey **out,
                                          cx_ces_version version,
                                          const cx_scale *scale);

/**
 * Free an accumulator.
 * @param survey the accumulator, or NULL.
 * @since 0.1
 */
CX_API void cx_metric_survey_free(cx_metric_survey *survey);

/**
 * The metric an accumulator collects (CX_METRIC_NPS for NULL).
 * @since 0.1
 */
CX_API cx_metric_kind cx_metric_survey_kind(const cx_metric_survey *survey);

/**
 * The CES version of an accumulator (CX_CES_NONE for other metrics and
 * NULL).
 * @since 0.1
 */
CX_API cx_ces_version
cx_metric_survey_ces_version(const cx_metric_survey *survey);

/**
 * Copy the accumulator's scale (without labels: @c labels is NULL).
 *
 * @return CX_OK, or CX_EINVAL for NULL arguments.
 * @since 0.1
 */
CX_API cx_status cx_metric_survey_scale(const cx_metric_survey *survey,
                                        cx_scale *out);

/**
 * Add a named segment (for example a region or a customer group).
 *
 * Segments must be declared before unsegmented answers are added: an
 * accumulator that already holds answers for the implicit group refuses
 * with CX_ESTATE.  Once segments exist, every answer names one.
 *
 * @param name NUL-terminated UTF-8 name, unique in the accumulator; copied.
 * @param[out] index the new segment's index (may be NULL).
 * @return CX_OK, CX_EINVAL (NULL, empty, invalid UTF-8 or duplicate name),
 *         CX_ERANGE (name over 4096 bytes), CX_ESTATE or CX_ENOMEM.
 * @since 0.1
 */
CX_API cx_status cx_metric_survey_add_segment(cx_metric_survey *survey,
                                              const char *name,
                                              size_t *index);

/**
 * Find a segment by name.
 *
 * @return CX_OK with @p index set, CX_EINVAL, or CX_ENOTFOUND.
 * @since 0.1
 */
CX_API cx_status cx_metric_survey_find_segment(const cx_metric_survey *survey,
                                               const char *name,
                                               size_t *index);

/**
 * Number of named segments (0 when the accumulator is unsegmented).
 * @since 0.1
 */
CX_API size_t cx_metric_survey_n_segments(const cx_metric_survey *survey);

/**
 * Name of segment @p index.
 *
 * @return a string borrowed from the accumulator (valid until it is freed
 *         or merged into), or NULL when @p index is out of range.
 * @since 0.1
 */
CX_API const char *cx_metric_survey_segment_name(
    const cx_metric_survey *survey, size_t index);

/**
 * Add one answer.
 *
 * @param survey the accumulator.
 * @param segment segment index (0 when the accumulator has no segments).
 * @param score the answer: a whole point of the scale, NaN for a missing
 *        answer, or one of the scale's "not applicable" / "don't know"
 *        codes.  Missing and coded answers are counted apart and never
 *        enter a statistic.
 * @param weight survey weight, finite and >= 0 (1 for unweighted data).
 * @param respondent a name for the respondent used only in error messages
 *        (may be NULL).
 * @return CX_OK; CX_EINVAL for a NULL @p survey; CX_ENOTFOUND for a bad
 *         segment index; CX_ERANGE for a score outside the scale or not a
 *         whole number (never rounded or bucketed), or a bad weight: the
 *         message names the respondent and the value.  Nothing is added on
 *         failure.
 * @since 0.1
 */
CX_API cx_status cx_metric_survey_add(cx_metric_survey *survey,
                                      size_t segment, double score,
                                      double weight, const char *respondent);

/**
 * Add @p n answers from columns, without a function call per row.
 *
 * Every column is read in place through its ::cx_array view (any integer or
 * floating type, any stride).  In a floating score column NaN is a missing
 * answer.  The whole batch is checked before anything is counted, so a bad
 * row leaves the accumulator unchanged.
 *
 * @param survey the accumulator.
 * @param n number of rows.
 * @param score answers per row (required).
 * @param segment segment index per row, or NULL / a NULL data pointer for
 *        segment 0.
 * @param weight weights, or NULL for 1.
 * @return CX_OK; CX_EINVAL for a missing score column or an unknown dtype;
 *         CX_ERANGE naming the first bad row and its value (a score outside
 *         the scale or not whole, a segment index out of range, a negative
 *         or non-finite weight); CX_ENOMEM.
 * @since 0.1
 */
CX_API cx_status cx_metric_survey_add_batch(cx_metric_survey *survey,
                                            size_t n, const cx_array *score,
                                            const cx_array *segment,
                                            const cx_array *weight);

/**
 * Add everything in @p src to @p dst.
 *
 * Segments are matched by name; those @p dst lacks are added.  The result
 * equals one accumulator that saw both inputs (bit for bit when the
 * weights are 1, or sums of weights are exact in binary floating point).
 *
 * @return CX_OK; CX_EINVAL (NULL arguments, @p dst == @p src, different
 *         metric, CES version or scale); CX_ESTATE (one is segmented and the
 *         other holds unsegmented answers); CX_ENOMEM.  @p dst is unchanged
 *         on failure.
 * @since 0.1
 */
CX_API cx_status cx_metric_survey_merge(cx_metric_survey *dst,
                                        const cx_metric_survey *src);

/**
 * Serialize the accumulator to a versioned, checksummed byte string.
 *
 * The format is little-endian and the same on every platform; weights are
 * stored bit-exactly.
 *
 * @param[out] out the bytes, owned by the caller (cx_free()).
 * @param[out] len their length.
 * @return CX_OK, CX_EINVAL or CX_ENOMEM.
 * @since 0.1
 */
CX_API cx_status cx_metric_survey_serialize(const cx_metric_survey *survey,
                                            uint8_t **out, size_t *len);

/**
 * Rebuild an accumulator from cx_metric_survey_serialize() output.
 *
 * @param[out] out the new accumulator, owned by the caller.
 * @return CX_OK; CX_EPARSE for truncated, altered or inconsistent bytes;
 *         CX_EVERSION for a format this library does not read; CX_EINVAL
 *         or CX_ENOMEM.
 * @since 0.1
 */
CX_API cx_status cx_metric_survey_deserialize(cx_metric_survey **out,
                                              const uint8_t *data,
                                              size_t len);

/* ------------------------------------------------------------------------ */
/* Results                                                                   */

/**
 * Sample sizes and the distribution over the scale, shared by every result.
 *
 * The arrays are borrowed from the result that holds this struct.
 * @since 0.1
 */
typedef struct cx_metric_sample {
  uint64_t n_raw;            /**< Answers on the scale (unweighted). */
  uint64_t n_missing;        /**< Missing answers (NaN). */
  uint64_t n_not_applicable; /**< Answers with the "not applicable" code. */
  uint64_t n_dont_know;      /**< Answers with the "don't know" code. */
  double n;                  /**< Sum of weights of answers on the scale. */
  double n_effective;        /**< Kish (sum w)^2 / sum w^2; 0 without
                                  answers of positive weight. */
  int32_t scale_min;         /**< Scale point of count[0]. */
  size_t n_points;           /**< Points of the scale. */
  const double *count;       /**< Weighted count per point, lowest first. */
  const uint64_t *count_raw; /**< Unweighted count per point. */
} cx_metric_sample;

/**
 * Options of cx_nps_compute().  Start from CX_NPS_OPTIONS_INIT.
 * @since 0.1
 */
typedef struct cx_nps_options {
  unsigned version;     /**< CX_NPS_OPTIONS_VERSION. */
  double confidence;    /**< Level of every interval, in (0, 1); 0.95. */
  unsigned bootstrap;   /**< Bootstrap resamples; 2000 (0 = none). */
  uint64_t seed;        /**< Seed of the bootstrap generator; 0.  The same
                             seed and counts give the same interval on every
                             platform. */
  int percent;          /**< Non-zero: report the score, its standard error
                             and every interval bound multiplied by 100
                             (-100 .. 100), the variance by 10000; shares
                             stay proportions.  Default 0 (-1 .. 1). */
} cx_nps_options;

/** Current version of ::cx_nps_options. @since 0.1 */
#define CX_NPS_OPTIONS_VERSION 1u
/** Default options. @since 0.1 */
#define CX_NPS_OPTIONS_INIT {CX_NPS_OPTIONS_VERSION, 0.95, 2000u, 0u, 0}

/**
 * Every NPS figure for one segment (or all pooled).
 *
 * Scores 0-6 are detractors, 7-8 passives, 9-10 promoters.  With no answer
 * of positive weight every figure except the counts is NaN.  Intervals are
 * clipped to [-1, 1] (or [-100, 100] with @c percent).  Fields may be
 * appended in later minor versions: the struct is only ever read through
 * the pointer the library returns.
 * @since 0.1
 */
typedef struct cx_nps_result {
  const char *segment;       /**< Segment name, or NULL when pooled
                                  (borrowed from the result). */
  cx_nps_options options;    /**< Options used. */
  cx_metric_sample sample;   /**< Sample sizes and distribution. */
  double detractors;         /**< Weighted count of scores 0-6. */
  double passives;           /**< Weighted count of scores 7-8. */
  double promoters;          /**< Weighted count of scores 9-10. */
  double share_detractors;   /**< d = detractors / n. */
  double share_passives;     /**< passives / n. */
  double share_promoters;    /**< p = promoters / n. */
  double nps;                /**< p - d. */
  double variance;           /**< Per-respondent variance of the +1/0/-1
                                  scores, p + d - (p - d)^2 (includes the
                                  covariance of p and d). */
  double se;                 /**< sqrt(variance / n_eff). */
  double z;                  /**< Normal quantile of the level used. */
  double wald_lo;            /**< Wald interval nps -/+ z se; NaN when the
                                  variance is zero (for example one answer
                                  or every answer in one group). */
  double wald_hi;            /**< Upper bound. */
  double adjusted_nps;       /**< Centre of the adjusted Wald interval
                                  (Rocks 2016): counts + 3/4, 3/2, 3/4 over
                                  n_eff + 3. */
  double adjusted_se;        /**< Its standard error. */
  double adjusted_lo;        /**< Adjusted Wald interval. */
  double adjusted_hi;        /**< Upper bound. */
  unsigned bootstrap;        /**< Resamples made (0 = none). */
  double bootstrap_se;       /**< Standard deviation of the resampled
                                  scores (NaN without resamples). */
  double bootstrap_lo;       /**< Percentile interval of the resampled
                                  scores; NaN without resamples or when the
                                  variance is zero. */
  double bootstrap_hi;       /**< Upper bound. */
  double mean_score;         /**< Weighted mean of the 0-10 answers. */
} cx_nps_result;

/**
 * Compute the NPS of one segment, or of all pooled.
 *
 * @param[out] out the result, owned by the caller (cx_nps_result_free());
 *             it does not borrow @p survey.
 * @param survey an NPS accumulator.
 * @param segment a segment index, or CX_METRIC_ALL.
 * @param options options, or NULL for CX_NPS_OPTIONS_INIT.
 * @return CX_OK; CX_EINVAL (NULL arguments, not an NPS accumulator, bad
 *         options version or confidence); CX_ENOTFOUND (segment out of
 *         range); CX_ENOMEM.
 * @since 0.1
 */
CX_API cx_status cx_nps_compute(cx_nps_result **out,
                                const cx_metric_survey *survey, size_t segment,
                                const cx_nps_options *options);

/**
 * Free an NPS result.
 * @param result the result, or NULL.
 * @since 0.1
 */
CX_API void cx_nps_result_free(cx_nps_result *result);

/**
 * Difference of two NPS from independent samples, a - b.
 *
 * Values are in the unit of the inputs (multiplied by 100 when both were
 * computed with @c percent).
 * @since 0.1
 */
typedef struct cx_nps_diff {
  double difference; /**< nps(a) - nps(b), sign kept. */
  double se;         /**< sqrt(se(a)^2 + se(b)^2) =
                          sqrt(var_a / n_a + var_b / n_b). */
  double confidence; /**< Level of the interval (that of the inputs). */
  double lo;         /**< Wald interval difference -/+ z se, clipped to
                          [-2, 2] (or [-200, 200]); NaN when se is 0. */
  double hi;         /**< Upper bound. */
  double z;          /**< difference / se; NaN when se is 0 or NaN. */
  double p_value;    /**< Two-sided normal p-value of z; NaN with z. */
  int percent;       /**< Non-zero when values are multiplied by 100. */
} cx_nps_diff;

/**
 * Compare two NPS results from independent samples (two segments, two
 * waves, two products).
 *
 * @param[out] out the difference, owned by the caller (cx_nps_diff_free()).
 * @param a, b the results; they must share the confidence level and the
 *        @c percent option.
 * @return CX_OK; CX_EINVAL for NULL arguments or mismatched options;
 *         CX_ENOMEM.
 * @since 0.1
 */
CX_API cx_status cx_nps_diff_compute(cx_nps_diff **out,
                                     const cx_nps_result *a,
                                     const cx_nps_result *b);

/**
 * Free an NPS difference.
 * @param diff the difference, or NULL.
 * @since 0.1
 */
CX_API void cx_nps_diff_free(cx_nps_diff *diff);

/**
 * How a CSAT score is reported.  There is no default: vendors disagree, so
 * the caller must choose.
 * @since 0.1
 */
typedef enum cx_csat_method {
  CX_CSAT_METHOD_UNSET = 0, /**< Not chosen: cx_csat_compute() refuses. */
  CX_CSAT_TOP2BOX = 1,      /**< Share of answers in the two best points
                                 (4 or 5 on 1-5), Wilson interval. */
  CX_CSAT_MEAN = 2          /**< Mean answer, t interval. */
} cx_csat_method;

/**
 * Options of cx_csat_compute().  Start from CX_CSAT_OPTIONS_INIT and set
 * @c method.
 * @since 0.1
 */
typedef struct cx_csat_options {
  unsigned version;      /**< CX_CSAT_OPTIONS_VERSION. */
  cx_csat_method method; /**< Required: CX_CSAT_TOP2BOX or CX_CSAT_MEAN. */
  double confidence;     /**< Level of the intervals, in (0, 1); 0.95. */
} cx_csat_options;

/** Current version of ::cx_csat_options. @since 0.1 */
#define CX_CSAT_OPTIONS_VERSION 1u
/** Defaults, with the method left unset on purpose. @since 0.1 */
#define CX_CSAT_OPTIONS_INIT                                                   \
  {CX_CSAT_OPTIONS_VERSION, CX_CSAT_METHOD_UNSET, 0.95}

/**
 * Every CSAT figure for one segment (or all pooled).  Both the top-2-box
 * share and the mean are computed; @c value, @c lo and @c hi repeat the
 * ones of the chosen method.
 * @since 0.1
 */
typedef struct cx_csat_result {
  const char *segment;          /**< Segment name, or NULL when pooled. */
  cx_csat_options options;      /**< Options used. */
  cx_scale_direction direction; /**< Which end of the scale is good. */
  cx_metric_sample sample;      /**< Sample sizes and distribution. */
  double value;                 /**< top2 or mean, by method. */
  double lo;                    /**< Interval of the chosen method. */
  double hi;                    /**< Upper bound. */
  double top2;                  /**< Weighted share of the two best points;
                                     NaN without answers. */
  double top2_lo;               /**< Wilson interval with n_eff. */
  double top2_hi;               /**< Upper bound. */
  double bottom2;               /**< Weighted share of the two worst
                                     points. */
  double mean;                  /**< Weighted mean answer. */
  double sd;                    /**< Standard deviation (n_eff - 1 in the
                                     denominator); NaN when n_eff <= 1. */
  double se;                    /**< sd / sqrt(n_eff). */
  double df;                    /**< Degrees of freedom n_eff - 1. */
  double mean_lo;               /**< t interval mean -/+ t se; NaN when
                                     n_eff <= 1 or sd is 0. */
  double mean_hi;               /**< Upper bound. */
} cx_csat_result;

/**
 * Compute CSAT for one segment, or all pooled.
 *
 * @param[out] out the result, owned by the caller (cx_csat_result_free()).
 * @param survey a CSAT accumulator.
 * @param segment a segment index, or CX_METRIC_ALL.
 * @param options options with @c method set (required: NULL or an unset
 *        method is CX_EINVAL).
 * @return CX_OK; CX_EINVAL; CX_ENOTFOUND; CX_ENOMEM.
 * @since 0.1
 */
CX_API cx_status cx_csat_compute(cx_csat_result **out,
                                 const cx_metric_survey *survey,
                                 size_t segment,
                                 const cx_csat_options *options);

/**
 * Free a CSAT result.
 * @param result the result, or NULL.
 * @since 0.1
 */
CX_API void cx_csat_result_free(cx_csat_result *result);

/**
 * Options of cx_ces_compute().  Start from CX_CES_OPTIONS_INIT.
 * @since 0.1
 */
typedef struct cx_ces_options {
  unsigned version;   /**< CX_CES_OPTIONS_VERSION. */
  double confidence;  /**< Level of the intervals, in (0, 1); 0.95. */
} cx_ces_options;

/** Current version of ::cx_ces_options. @since 0.1 */
#define CX_CES_OPTIONS_VERSION 1u
/** Default options. @since 0.1 */
#define CX_CES_OPTIONS_INIT {CX_CES_OPTIONS_VERSION, 0.95}

/**
 * Every CES figure for one segment (or all pooled).
 *
 * The mean is on the scale as asked: for CES 2.0 higher means easier, for
 * CES 1.0 higher means more effort (see @c direction).  "Easy" answers are
 * those on the good side of the scale's neutral point: 5-7 ("agree") on the
 * CES 2.0 scale, 1-2 (low effort) on the CES 1.0 scale.
 * @since 0.1
 */
typedef struct cx_ces_result {
  const char *segment;          /**< Segment name, or NULL when pooled. */
  cx_ces_options options;       /**< Options used. */
  cx_ces_version ces_version;   /**< Version of the question. */
  cx_scale_direction direction; /**< Which end of the scale is good. */
  double neutral;               /**< Neutral point of the scale. */
  cx_metric_sample sample;      /**< Sample sizes and distribution. */
  double mean;                  /**< Weighted mean answer. */
  double sd;                    /**< Standard deviation; NaN when
                                     n_eff <= 1. */
  double se;                    /**< sd / sqrt(n_eff). */
  double df;                    /**< n_eff - 1. */
  double mean_lo;               /**< t interval; NaN when n_eff <= 1 or
                                     sd is 0. */
  double mean_hi;               /**< Upper bound. */
  double share_easy;            /**< Share on the good side (CES 2.0: share
                                     agreeing). */
  double easy_lo;               /**< Wilson interval with n_eff. */
  double easy_hi;               /**< Upper bound. */
  double share_neutral;         /**< Share at the neutral point. */
  double share_difficult;       /**< Share on the bad side. */
} cx_ces_result;

/**
 * Compute CES for one segment, or all pooled.
 *
 * @param[out] out the result, owned by the caller (cx_ces_result_free()).
 * @param survey a CES accumulator.
 * @param segment a segment index, or CX_METRIC_ALL.
 * @param options options, or NULL for CX_CES_OPTIONS_INIT.
 * @return CX_OK; CX_EINVAL; CX_ENOTFOUND; CX_ENOMEM.
 * @since 0.1
 */
CX_API cx_status cx_ces_compute(cx_ces_result **out,
                                const cx_metric_survey *survey, size_t segment,
                                const cx_ces_options *options);

/**
 * Free a CES result.
 * @param result the result, or NULL.
 * @since 0.1
 */
CX_API void cx_ces_result_free(cx_ces_result *result);

/* ------------------------------------------------------------------------ */
/* Links into journey maps                                                   */

#include <cx/gap.h>
#include <cx/journey.h>

/**
 * Options of cx_metric_survey_link_journey().  Start from
 * CX_METRIC_LINK_OPTIONS_INIT.
 * @since 0.1
 */
typedef struct cx_metric_link_options {
  unsigned version;           /**< CX_METRIC_LINK_OPTIONS_VERSION. */
  const char *name;           /**< Name of the touchpoint metric written;
                                   NULL (default) = the metric's name
                                   ("nps", "csat" or "ces"). */
  cx_csat_method csat_method; /**< CSAT only, required: the value written
                                   is the top-2-box share or the mean. */
  int percent;                /**< NPS only: non-zero writes the score
                                   times 100 (-100 .. 100); default 0. */
} cx_metric_link_options;

/** Current version of ::cx_metric_link_options. @since 0.1 */
#define CX_METRIC_LINK_OPTIONS_VERSION 1u
/** Default link options (CSAT method unset on purpose). @since 0.1 */
#define CX_METRIC_LINK_OPTIONS_INIT                                            \
  {CX_METRIC_LINK_OPTIONS_VERSION, NULL, CX_CSAT_METHOD_UNSET, 0}

/**
 * Write a metric per segment into the touchpoints of a journey whose ids
 * equal the segment names (a survey segmented by touchpoint), as a named
 * touchpoint metric (cx_journey_touchpoint_metric_set()): the NPS (a
 * proportion, or times 100 with @c percent), the CSAT value of the chosen
 * method, or the CES mean.  A segment without answers is reported under
 * CX_LINK_NO_DATA and writes nothing.
 *
 * @param survey the metric accumulator, with segments.
 * @param journey the journey to write into.
 * @param options options (required for CSAT, for the method), or NULL.
 * @param[out] report which ids matched (owned by the caller,
 *             cx_journey_link_report_free()); may be NULL.
 * @return CX_OK (also when nothing matched); CX_EINVAL for NULL arguments,
 *         bad options (version, an empty or invalid name, a CSAT survey
 *         without a method); CX_ESTATE for a survey without segments;
 *         CX_ENOMEM.  The journey is unchanged on failure.
 * @since 0.1
 */
CX_API cx_status cx_metric_survey_link_journey(
    const cx_metric_survey *survey, cx_journey *journey,
    const cx_metric_link_options *options, cx_journey_link_report **report);

#ifdef __cplusplus
}
#endif

#endif /* CX_METRICS_H */
