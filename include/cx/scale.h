/**
 * @file scale.h
 * @brief Declared answer scales: range, neutral point, direction, special
 *        codes, labels, checks and normalisation.
 *
 * Every rating in libcx (gap analysis, NPS, CSAT, CES, journey scores) is
 * read against a declared ::cx_scale: the integer points @c min .. @c max,
 * a neutral point, which end is good, and optional integer codes for "not
 * applicable" and "don't know".  Those codes are kept apart from a missing
 * answer (NaN): all three are excluded from statistics but counted
 * separately, and none is ever imputed.
 *
 * A scale is a plain struct: fill it from CX_SCALE_INIT or cx_scale_preset()
 * and change fields as needed.  Functions that keep a scale copy the
 * numeric fields; labels are borrowed (see ::cx_scale).
 *
 * Sources: docs/methodology/gap.md.
 */
#ifndef CX_SCALE_H
#define CX_SCALE_H

#include <cx/common.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Which end of a scale is the good one.
 * @since 0.1
 */
typedef enum cx_scale_direction {
  CX_SCALE_HIGHER_IS_BETTER = 0, /**< Agreement, satisfaction, NPS. */
  CX_SCALE_HIGHER_IS_WORSE = 1   /**< Effort (CES 1.0), problems, waiting. */
} cx_scale_direction;

/**
 * A declared answer scale.
 *
 * The valid answers are the integers @c min .. @c max.  The codes for "not
 * applicable" and "don't know" are integers outside that range, used only
 * when the matching @c has_ flag is non-zero.
 *
 * @c labels, when not NULL, points to @c nlabels = max - min + 1 strings,
 * one per point from @c min up (an entry may be NULL: no label).  The
 * array and strings are borrowed: the caller keeps them alive while the
 * scale is used.  Accumulators that copy a scale drop the labels.
 * @since 0.1
 */
typedef struct cx_scale {
  unsigned version;             /**< CX_SCALE_VERSION. */
  int32_t min;                  /**< Lowest valid answer. */
  int32_t max;                  /**< Highest valid answer (> min). */
  double neutral;               /**< Neutral point, min < neutral < max
                                     (need not be a point: 3.5 on 1-6). */
  cx_scale_direction direction; /**< Which end is good. */
  int has_na_code;              /**< Non-zero: @c na_code is in use. */
  int32_t na_code;              /**< Code of "not applicable". */
  int has_dk_code;              /**< Non-zero: @c dk_code is in use. */
  int32_t dk_code;              /**< Code of "don't know". */
  const char *const *labels;    /**< Borrowed point labels, or NULL. */
  size_t nlabels;               /**< Number of labels (0 when none). */
} cx_scale;

/** Current version of ::cx_scale. @since 0.1 */
#define CX_SCALE_VERSION 1u

/**
 * A 1-5 scale, neutral 3, higher is better, no codes, no labels.
 * @since 0.1
 */
#define CX_SCALE_INIT                                                          \
  {CX_SCALE_VERSION, 1, 5, 3.0, CX_SCALE_HIGHER_IS_BETTER, 0, 0, 0, 0, NULL, 0}

/** Largest number of points (max - min + 1) a scale may have. @since 0.1 */
#define CX_SCALE_MAX_POINTS 1001

/**
 * Built-in scales for cx_scale_preset().
 * @since 0.1
 */
typedef enum cx_scale_preset_kind {
  CX_SCALE_LIKERT5 = 0,  /**< 1-5 agreement, neutral 3, labels "strongly
                              disagree" .. "strongly agree". */
  CX_SCALE_LIKERT7 = 1,  /**< 1-7, neutral 4, endpoints labelled "strongly
                              disagree" / "strongly agree" as in SERVQUAL
                              (Parasuraman, Zeithaml & Berry 1988). */
  CX_SCALE_NPS = 2,      /**< 0-10 likelihood to recommend, neutral 5,
                              endpoints "not at all likely" / "extremely
                              likely" (Reichheld 2003). */
  CX_SCALE_CSAT5 = 3,    /**< 1-5 satisfaction, neutral 3, "very
                              dissatisfied" .. "very satisfied". */
  CX_SCALE_CES2 = 4,     /**< CES 2.0: 1-7 agreement with "the company made
                              it easy for me to handle my issue", neutral 4,
                              "strongly disagree" .. "strongly agree". */
  CX_SCALE_CES1 = 5      /**< CES 1.0: 1-5 effort, higher is worse, neutral
                              3, "very low effort" .. "very high effort". */
} cx_scale_preset_kind;

/**
 * Fill @p out with a built-in scale (labels point to static strings; no
 * "not applicable" or "don't know" codes: set them afterwards if needed).
 *
 * @param[out] out the scale.
 * @param kind which scale.
 * @return CX_OK, or CX_EINVAL for a NULL @p out or an unknown @p kind.
 * @since 0.1
 */
CX_API cx_status cx_scale_preset(cx_scale *out, cx_scale_preset_kind kind);

/**
 * Check a scale: known version and direction, min < max, at most
 * CX_SCALE_MAX_POINTS points, a finite neutral point strictly between min
 * and max, codes outside min..max and different from each other, and
 * @c nlabels equal to the number of points when @c labels is set (0 when
 * it is not).
 *
 * @return CX_OK, or CX_EINVAL with a message naming the first problem.
 * @since 0.1
 */
CX_API cx_status cx_scale_validate(const cx_scale *scale);

/**
 * What one raw answer is.
 * @since 0.1
 */
typedef enum cx_scale_answer_kind {
  CX_SCALE_VALID = 0,          /**< An integer in min .. max. */
  CX_SCALE_MISSING = 1,        /**< NaN: no answer. */
  CX_SCALE_NOT_APPLICABLE = 2, /**< The "not applicable" code. */
  CX_SCALE_DONT_KNOW = 3,      /**< The "don't know" code. */
  CX_SCALE_OUT_OF_SCALE = 4,   /**< An integer (or infinity) outside the
                                    scale that is not a code. */
  CX_SCALE_NON_INTEGER = 5     /**< A finite value that is not a whole
                                    number. */
} cx_scale_answer_kind;

/**
 * Name of an answer kind ("valid", "missing", "not applicable",
 * "don't know", "out of scale", "non-integer").
 *
 * @return a static string; "invalid" for values outside the enum.
 * @since 0.1
 */
CX_API const char *cx_scale_answer_kind_name(cx_scale_answer_kind kind);

/**
 * Classify one raw answer.  Never fails: the scale is assumed valid
 * (cx_scale_validate()); a NULL scale classifies everything as
 * CX_SCALE_OUT_OF_SCALE except NaN (missing).
 *
 * @param scale the scale.
 * @param value the answer; NaN means missing.
 * @return the kind of answer.
 * @since 0.1
 */
CX_API cx_scale_answer_kind cx_scale_classify(const cx_scale *scale,
                                              double value);

/**
 * Check one raw answer and say where a bad one came from.
 *
 * Valid answers, missing values and the two codes pass.  A value outside
 * the scale or a non-integer fails with CX_ERANGE and a message such as
 * "respondent r17, item q3: 8 is outside the scale 1-7" or "respondent
 * r17, item q3: 2.5 is not a whole point of the scale 1-7".
 *
 * @param scale the scale (must be valid).
 * @param value the answer; NaN means missing.
 * @param respondent_id, item_id names used in the message; either may be
 *        NULL, and its part of the message is then left out.
 * @param[out] kind the classification (may be NULL); set on CX_ERANGE too.
 * @return CX_OK, CX_ERANGE, or CX_EINVAL for a NULL or invalid scale.
 * @since 0.1
 */
CX_API cx_status cx_scale_check(const cx_scale *scale, double value,
                                const char *respondent_id, const char *item_id,
                                cx_scale_answer_kind *kind);

/**
 * Reverse-score an answer: min + max - x, for negatively worded items.
 *
 * @param scale the scale (must be valid).
 * @param x the answer.
 * @return the reversed answer for a valid answer; @p x itself for NaN and
 *         the two codes (so a reversed column keeps its codes); NaN for
 *         anything out of scale or non-integer, or a NULL scale.
 * @since 0.1
 */
CX_API double cx_scale_reverse(const cx_scale *scale, double x);

/**
 * Position of a value on a 0-100 scale, oriented so that 100 is the good
 * end: 100 (x - min) / (max - min), or 100 (max - x) / (max - min) when
 * higher is worse.
 *
 * Any finite value in [min, max] is accepted, so means normalise too.
 *
 * @return the position; NaN for NaN, codes, values outside [min, max] or
 *         a NULL scale.
 * @since 0.1
 */
CX_API double cx_scale_to_percent(const cx_scale *scale, double x);

/**
 * Position of a value in [-1, 1] around the neutral point, oriented so that
 * +1 is the good end.  Each side is stretched separately so that min, the
 * neutral point and max always map to -1, 0 and +1:
 * (x - neutral) / (max - neutral) above the neutral point,
 * (x - neutral) / (neutral - min) below it; the sign is flipped when
 * higher is worse.
 *
 * @return the position; NaN for NaN, codes, values outside [min, max] or
 *         a NULL scale.
 * @since 0.1
 */
CX_API double cx_scale_to_centered(const cx_scale *scale, double x);

/**
 * Number of points of a scale, max - min + 1.
 *
 * @return the count, or 0 for a NULL scale or max < min.
 * @since 0.1
 */
CX_API size_t cx_scale_points(const cx_scale *scale);

/**
 * Label of one point.
 *
 * @return the borrowed label, or NULL when the scale has no labels, the
 *         point has none, or @p point is outside the scale.
 * @since 0.1
 */
CX_API const char *cx_scale_label(const cx_scale *scale, int32_t point);

#ifdef __cplusplus
}
#endif

#endif /* CX_SCALE_H */
