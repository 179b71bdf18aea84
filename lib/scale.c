/*
 * Declared answer scales: validation, classification of raw answers,
 * reverse-scoring and normalisation.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cx/scale.h>

#include "internal.h"

static const char *const LIKERT5[] = {"strongly disagree", "disagree",
                                      "neither agree nor disagree", "agree",
                                      "strongly agree"};
static const char *const LIKERT7[] = {"strongly disagree", NULL, NULL, NULL,
                                      NULL, NULL, "strongly agree"};
static const char *const NPS[] = {"not at all likely", NULL, NULL, NULL,
                                  NULL, NULL, NULL, NULL, NULL, NULL,
                                  "extremely likely"};
static const char *const CSAT5[] = {"very dissatisfied", "dissatisfied",
                                    "neither satisfied nor dissatisfied",
                                    "satisfied", "very satisfied"};
static const char *const CES2[] = {"strongly disagree", "disagree",
                                   "somewhat disagree",
                                   "neither agree nor disagree",
                                   "somewhat agree", "agree",
                                   "strongly agree"};
static const char *const CES1[] = {"very low effort", "low effort",
                                   "neither low nor high effort",
                                   "high effort", "very high effort"};

static void fill(cx_scale *out, int32_t min, int32_t max, double neutral,
                 cx_scale_direction dir, const char *const *labels) {
  cx_scale s = CX_SCALE_INIT;
  s.min = min;
  s.max = max;
  s.neutral = neutral;
  s.direction = dir;
  s.labels = labels;
  s.nlabels = (size_t)(max - min + 1);
  *out = s;
}

CX_API cx_status cx_scale_preset(cx_scale *out, cx_scale_preset_kind kind) {
  if (!out)
    return cx__error(CX_EINVAL, "cx_scale_preset: out is NULL");
  switch (kind) {
  case CX_SCALE_LIKERT5:
    fill(out, 1, 5, 3.0, CX_SCALE_HIGHER_IS_BETTER, LIKERT5);
    return CX_OK;
  case CX_SCALE_LIKERT7:
    fill(out, 1, 7, 4.0, CX_SCALE_HIGHER_IS_BETTER, LIKERT7);
    return CX_OK;
  case CX_SCALE_NPS:
    fill(out, 0, 10, 5.0, CX_SCALE_HIGHER_IS_BETTER, NPS);
    return CX_OK;
  case CX_SCALE_CSAT5:
    fill(out, 1, 5, 3.0, CX_SCALE_HIGHER_IS_BETTER, CSAT5);
    return CX_OK;
  case CX_SCALE_CES2:
    fill(out, 1, 7, 4.0, CX_SCALE_HIGHER_IS_BETTER, CES2);
    return CX_OK;
  case CX_SCALE_CES1:
    fill(out, 1, 5, 3.0, CX_SCALE_HIGHER_IS_WORSE, CES1);
    return CX_OK;
  }
  return cx__error(CX_EINVAL, "unknown scale preset %d", (int)kind);
}

CX_API cx_status cx_scale_validate(const cx_scale *s) {
  if (!s)
    return cx__error(CX_EINVAL, "scale is NULL");
  if (s->version != CX_SCALE_VERSION)
    return cx__error(CX_EINVAL, "scale has version %u; this library knows %u",
                     s->version, CX_SCALE_VERSION);
  if (s->direction != CX_SCALE_HIGHER_IS_BETTER &&
      s->direction != CX_SCALE_HIGHER_IS_WORSE)
    return cx__error(CX_EINVAL, "scale direction %d is unknown",
                     (int)s->direction);
  if (s->min >= s->max)
    return cx__error(CX_EINVAL, "scale minimum %d is not below its maximum %d",
                     (int)s->min, (int)s->max);
  /* Computed in 64 bits: max - min overflows int32 for extreme ranges. */
  if ((int64_t)s->max - (int64_t)s->min + 1 > CX_SCALE_MAX_POINTS)
    return cx__error(CX_EINVAL, "scale %d-%d has more than %d points",
                     (int)s->min, (int)s->max, CX_SCALE_MAX_POINTS);
  if (!(s->neutral > s->min && s->neutral < s->max))
    return cx__error(CX_EINVAL,
                     "scale neutral point %g is not strictly between %d and %d",
                     s->neutral, (int)s->min, (int)s->max);
  if (s->has_na_code && s->na_code >= s->min && s->na_code <= s->max)
    return cx__error(CX_EINVAL,
                     "\"not applicable\" code %d lies inside the scale %d-%d",
                     (int)s->na_code, (int)s->min, (int)s->max);
  if (s->has_dk_code && s->dk_code >= s->min && s->dk_code <= s->max)
    return cx__error(CX_EINVAL,
                     "\"don't know\" code %d lies inside the scale %d-%d",
                     (int)s->dk_code, (int)s->min, (int)s->max);
  if (s->has_na_code && s->has_dk_code && s->na_code == s->dk_code)
    return cx__error(CX_EINVAL,
                     "\"not applicable\" and \"don't know\" share the code %d",
                     (int)s->na_code);
  size_t points = (size_t)(s->max - s->min) + 1;
  if (s->labels && s->nlabels != points)
    return cx__error(CX_EINVAL, "scale %d-%d has %zu points but %zu labels",
                     (int)s->min, (int)s->max, points, s->nlabels);
  if (!s->labels && s->nlabels != 0)
    return cx__error(CX_EINVAL, "scale has nlabels %zu but no labels",
                     s->nlabels);
  return CX_OK;
}

CX_API const char *cx_scale_answer_kind_name(cx_scale_answer_kind kind) {
  switch (kind) {
  case CX_SCALE_VALID: return "valid";
  case CX_SCALE_MISSING: return "missing";
  case CX_SCALE_NOT_APPLICABLE: return "not applicable";
  case CX_SCALE_DONT_KNOW: return "don't know";
  case CX_SCALE_OUT_OF_SCALE: return "out of scale";
  case CX_SCALE_NON_INTEGER: return "non-integer";
  }
  return "invalid";
}

CX_API cx_scale_answer_kind cx_scale_classify(const cx_scale *s, double v) {
  /* The common case first, without a libm call: a whole point in range
   * that is not one of the codes. */
  if (s && v >= (double)s->min && v <= (double)s->max &&
      (double)(int64_t)v == v && !(s->has_na_code && v == (double)s->na_code) &&
      !(s->has_dk_code && v == (double)s->dk_code))
    return CX_SCALE_VALID;
  if (isnan(v))
    return CX_SCALE_MISSING;
  if (!s || isinf(v))
    return CX_SCALE_OUT_OF_SCALE;
  if (v != floor(v))
    return CX_SCALE_NON_INTEGER;
  if (s->has_na_code && v == (double)s->na_code)
    return CX_SCALE_NOT_APPLICABLE;
  if (s->has_dk_code && v == (double)s->dk_code)
    return CX_SCALE_DONT_KNOW;
  if (v < s->min || v > s->max)
    return CX_SCALE_OUT_OF_SCALE;
  return CX_SCALE_VALID;
}

CX_API cx_status cx_scale_check(const cx_scale *s, double value,
                                const char *respondent_id, const char *item_id,
                                cx_scale_answer_kind *kind) {
  cx_status st = cx_scale_validate(s);
  if (st)
    return st;
  cx_scale_answer_kind k = cx_scale_classify(s, value);
  if (kind)
    *kind = k;
  if (k != CX_SCALE_OUT_OF_SCALE && k != CX_SCALE_NON_INTEGER)
    return CX_OK;
  char where[256] = "";
  if (respondent_id && item_id)
    snprintf(where, sizeof where, "respondent %.100s, item %.100s: ",
             respondent_id, item_id);
  else if (respondent_id)
    snprintf(where, sizeof where, "respondent %.100s: ", respondent_id);
  else if (item_id)
    snprintf(where, sizeof where, "item %.100s: ", item_id);
  /* The shortest of %.15g and %.17g that reads back as the same value:
   * "0.1", not "0.10000000000000001". */
  char val[64];
  snprintf(val, sizeof val, "%.15g", value);
  if (strtod(val, NULL) != value)
    snprintf(val, sizeof val, "%.17g", value);
  return cx__error(CX_ERANGE, "%s%s %s the scale %d-%d", where, val,
                      k == CX_SCALE_OUT_OF_SCALE ? "is outside"
                                                  : "is not a whole point of",
                      (int)s->min, (int)s->max);
}

CX_API double cx_scale_reverse(const cx_scale *s, double x) {
  switch (cx_scale_classify(s, x)) {
  case CX_SCALE_VALID:
    return (double)s->min + (double)s->max - x;
  case CX_SCALE_MISSING:
  case CX_SCALE_NOT_APPLICABLE:
  case CX_SCALE_DONT_KNOW:
    return x;
  default:
    return NAN;
  }
}

static bool in_range(const cx_scale *s, double x) {
  return s && x >= s->min && x <= s->max && s->max > s->min;
}

CX_API double cx_scale_to_percent(const cx_scale *s, double x) {
  if (!in_range(s, x))
    return NAN;
  double span = (double)s->max - (double)s->min;
  double up = s->direction == CX_SCALE_HIGHER_IS_WORSE ? s->max - x
                                                        : x - s->min;
  return 100.0 * up / span;
}

CX_API double cx_scale_to_centered(const cx_scale *s, double x) {
  if (!in_range(s, x) || !(s->neutral > s->min && s->neutral < s->max))
    return NAN;
  double c = x >= s->neutral ? (x - s->neutral) / (s->max - s->neutral)
                             : (x - s->neutral) / (s->neutral - s->min);
  /* 0.0 - c rather than -c keeps the neutral point at +0. */
  return s->direction == CX_SCALE_HIGHER_IS_WORSE ? 0.0 - c : c;
}

CX_API size_t cx_scale_points(const cx_scale *s) {
  if (!s || s->max < s->min)
    return 0;
  return (size_t)((int64_t)s->max - (int64_t)s->min + 1);
}

CX_API const char *cx_scale_label(const cx_scale *s, int32_t point) {
  if (!s || !s->labels || point < s->min || point > s->max)
    return NULL;
  size_t i = (size_t)((int64_t)point - s->min);
  return i < s->nlabels ? s->labels[i] : NULL;
}
