/**
 * @file render.h
 * @brief SVG pictures of libcx results.
 *
 * Every renderer writes a standalone, deterministic SVG document (the same
 * input gives the same bytes) in which all text from the data is
 * XML-escaped, so it is safe to embed in a web page.
 */
#ifndef CX_RENDER_H
#define CX_RENDER_H

#include <cx/common.h>
#include <cx/journey.h>
#include <cx/kano.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Colour themes of the pictures.
 * @since 0.1
 */
typedef enum cx_theme {
  CX_THEME_LIGHT = 0, /**< Dark ink on white. */
  CX_THEME_DARK = 1,  /**< Light ink on a dark background. */
  CX_THEME_PRINT = 2  /**< Black and grey only, no fills behind text. */
} cx_theme;

/**
 * Options of cx_render_kano_svg().  Start from CX_KANO_SVG_OPTIONS_INIT.
 * @since 0.1
 */
typedef struct cx_kano_svg_options {
  unsigned version;   /**< CX_KANO_SVG_OPTIONS_VERSION. */
  unsigned width;     /**< Width in pixels (default 640; 200-4000). */
  unsigned height;    /**< Height in pixels (default 560; 200-4000). */
  const char *title;  /**< Title above the plot; NULL = "Kano diagram". */
  size_t segment;     /**< Segment to plot, or CX_KANO_ALL (pooled). */
  cx_theme theme;     /**< Colours. */
} cx_kano_svg_options;

/** Current version of ::cx_kano_svg_options. @since 0.1 */
#define CX_KANO_SVG_OPTIONS_VERSION 1u
/** Default Kano diagram options. @since 0.1 */
#define CX_KANO_SVG_OPTIONS_INIT                                               \
  {CX_KANO_SVG_OPTIONS_VERSION, 640u, 560u, NULL, CX_KANO_ALL, CX_THEME_LIGHT}

/**
 * Draw the Kano diagram of a result: one labelled point per feature at
 * (|worse|, better), quadrant lines at 0.5, quadrants named
 * attractive (top left), one-dimensional (top right), must-be (bottom
 * right) and indifferent (bottom left).  Features without answers are
 * left out and listed in a note.
 *
 * @param result the result.
 * @param options options, or NULL for the defaults.
 * @param[out] out the NUL-terminated SVG text, owned by the caller
 *             (cx_free()).
 * @param[out] len its length in bytes, without the NUL (may be NULL).
 * @return CX_OK; CX_EINVAL for bad options; CX_ENOTFOUND for an unknown
 *         segment; CX_ENOMEM.
 * @since 0.1
 */
CX_API cx_status cx_render_kano_svg(const cx_kano_result *result,
                                    const cx_kano_svg_options *options,
                                    char **out, size_t *len);


/**
 * Lanes of the journey picture, combined with `|`.
 * @since 0.1
 */
typedef enum cx_journey_lane {
  CX_LANE_TOUCHPOINTS = 1,  /**< Cards with name, channel and actors. */
  CX_LANE_EMOTION = 2,      /**< The emotion curve with its neutral line. */
  CX_LANE_GAPS = 4,         /**< Expectation versus experience. */
  CX_LANE_PAIN_POINTS = 8,  /**< Pain points and moments of truth. */
  CX_LANE_ALL = 15          /**< Everything. */
} cx_journey_lane;

/**
 * Options of cx_journey_render_svg().  Start from
 * CX_JOURNEY_SVG_OPTIONS_INIT.
 * @since 0.1
 */
typedef struct cx_journey_svg_options {
  unsigned version; /**< CX_JOURNEY_SVG_OPTIONS_VERSION. */
  unsigned width;   /**< Width in pixels (0 = fit the touchpoints;
                         otherwise 400-20000). */
  cx_theme theme;   /**< Colours. */
  unsigned lanes;   /**< Which lanes (::cx_journey_lane bits). */
  const char *title;/**< Title; NULL = the journey's title. */
} cx_journey_svg_options;

/** Current version of ::cx_journey_svg_options. @since 0.1 */
#define CX_JOURNEY_SVG_OPTIONS_VERSION 1u
/** Default journey picture options. @since 0.1 */
#define CX_JOURNEY_SVG_OPTIONS_INIT                                            \
  {CX_JOURNEY_SVG_OPTIONS_VERSION, 0u, CX_THEME_LIGHT, CX_LANE_ALL, NULL}

/**
 * Draw a journey map: stages as columns with their names, touchpoints as
 * cards (name, channel, actors), the emotion curve across all touchpoints
 * with points coloured by score and a neutral line, expectation versus
 * experience per touchpoint where given, pain points and moments of truth
 * marked, and an actors legend.  Long names wrap or are cut with the full
 * text in a tooltip; 40 touchpoints stay readable.
 *
 * @param journey the journey.
 * @param options options, or NULL for the defaults.
 * @param[out] out the NUL-terminated SVG text, owned by the caller
 *             (cx_free()).
 * @param[out] len its length in bytes, without the NUL (may be NULL).
 * @return CX_OK; CX_EINVAL for bad options; CX_ENOMEM.
 * @since 0.1
 */
CX_API cx_status cx_journey_render_svg(const cx_journey *journey,
                                       const cx_journey_svg_options *options,
                                       char **out, size_t *len);

/* ------------------------------------------------------------------------ */
/* Gap analysis charts                                                       */

#include <cx/gap.h>

/**
 * Horizontal axis of the importance-performance chart.
 * @since 0.1
 */
typedef enum cx_ipa_axis {
  CX_IPA_PERFORMANCE = 0, /**< Mean perception (classic IPA). */
  CX_IPA_GAP = 1          /**< Mean gap P - E (gap-based IPA). */
} cx_ipa_axis;

/**
 * Options of cx_render_ipa_svg().  Start from CX_IPA_SVG_OPTIONS_INIT.
 *
 * An axis range with min equal to max (the default 0, 0) is taken from
 * the data: the smallest range of whole steps (1, 2 or 5 times a power of
 * ten, at most 8 steps) that holds every plotted value and the crosshair.
 * @since 0.1
 */
typedef struct cx_ipa_svg_options {
  unsigned version;   /**< CX_IPA_SVG_OPTIONS_VERSION. */
  unsigned width;     /**< Width in pixels (default 640; 200-4000). */
  unsigned height;    /**< Height in pixels (default 560; 200-4000). */
  const char *title;  /**< Title; NULL = "Importance-performance analysis". */
  cx_theme theme;     /**< Colours. */
  cx_ipa_axis x_axis; /**< Performance (default) or gap. */
  int diagonal;       /**< Non-zero: draw the iso-priority line through the
                           crosshair, importance - performance constant
                           (Slack 1994); performance axis only.  Default 0. */
  int use_labels;     /**< Non-zero: name points by item label where there
                           is one; default 0 (item ids). */
  double x_min;       /**< Horizontal range (see above). */
  double x_max;       /**< Upper end. */
  double y_min;       /**< Importance range (see above). */
  double y_max;       /**< Upper end. */
} cx_ipa_svg_options;

/** Current version of ::cx_ipa_svg_options. @since 0.1 */
#define CX_IPA_SVG_OPTIONS_VERSION 1u
/** Default importance-performance chart options. @since 0.1 */
#define CX_IPA_SVG_OPTIONS_INIT                                                \
  {CX_IPA_SVG_OPTIONS_VERSION, 640u, 560u, NULL, CX_THEME_LIGHT,              \
   CX_IPA_PERFORMANCE, 0, 0, 0.0, 0.0, 0.0, 0.0}

/**
 * Draw the importance-performance chart of a gap result (Martilla & James
 * 1977): one labelled point per item at (performance or gap, importance),
 * the result's crosshair as a vertical and a horizontal line, the four
 * quadrants named "Concentrate here" (top left), "Keep up the good work"
 * (top right), "Low priority" (bottom left) and "Possible overkill"
 * (bottom right), points coloured by quadrant, and optionally the
 * iso-priority line.  Items without importance or without the horizontal
 * value are left out and listed in a note.
 *
 * Geometry: the plot spans x from 64 to width - 24 and y from 58 to
 * height - 56 pixels; values map linearly onto it.
 *
 * @param result the result.
 * @param options options, or NULL for the defaults.
 * @param[out] out the NUL-terminated SVG text, owned by the caller
 *             (cx_free()).
 * @param[out] len its length in bytes, without the NUL (may be NULL).
 * @return CX_OK; CX_EINVAL for NULL arguments or bad options (version,
 *         size, theme, axis, a range with min > max or not finite, a title
 *         that is not UTF-8); CX_ENOMEM.
 * @since 0.1
 */
CX_API cx_status cx_render_ipa_svg(const cx_gap_result *result,
                                   const cx_ipa_svg_options *options,
                                   char **out, size_t *len);

/**
 * Order of the bars of the gap chart.
 * @since 0.1
 */
typedef enum cx_gap_chart_order {
  CX_GAP_ORDER_GAP = 0,  /**< Most negative gap first (ties in item order);
                              items without a gap last. */
  CX_GAP_ORDER_ITEMS = 1 /**< Item order. */
} cx_gap_chart_order;

/**
 * Options of cx_render_gap_svg().  Start from CX_GAP_SVG_OPTIONS_INIT.
 * @since 0.1
 */
typedef struct cx_gap_svg_options {
  unsigned version;         /**< CX_GAP_SVG_OPTIONS_VERSION. */
  unsigned width;           /**< Width in pixels (default 720; 300-4000);
                                 the height follows from the items. */
  const char *title;        /**< Title; NULL = "Gap per item (perception -
                                 expectation)". */
  cx_theme theme;           /**< Colours. */
  cx_gap_chart_order order; /**< Default CX_GAP_ORDER_GAP. */
  int zone;                 /**< Non-zero (default): draw the zone of
                                 tolerance behind items that have one. */
  int use_labels;           /**< Non-zero: name bars by item label where
                                 there is one; default 0 (item ids). */
  double x_min;             /**< Gap range; min equal to max (default 0, 0)
                                 takes it from the data, as for
                                 ::cx_ipa_svg_options, always with 0. */
  double x_max;             /**< Upper end. */
} cx_gap_svg_options;

/** Current version of ::cx_gap_svg_options. @since 0.1 */
#define CX_GAP_SVG_OPTIONS_VERSION 1u
/** Default gap chart options. @since 0.1 */
#define CX_GAP_SVG_OPTIONS_INIT                                                \
  {CX_GAP_SVG_OPTIONS_VERSION, 720u, NULL, CX_THEME_LIGHT, CX_GAP_ORDER_GAP,  \
   1, 0, 0.0, 0.0}

/**
 * Draw the gap chart of a gap result: one row per item with a bar from 0
 * to the mean gap P - E, its confidence interval as a line with end caps,
 * a vertical zero line and the gap as a number at the right.  With
 * @c zone set, an item with zone-of-tolerance answers gets a band from
 * gap - MSA to gap - MSS (mean adequate minus mean expected to mean
 * desired minus mean expected, when the same respondents answered both):
 * a bar that ends inside its band lies within the zone.  Items without a
 * gap are listed last as "no data".
 *
 * Geometry: rows of 24 pixels start at y = 58; the label column takes 28%
 * of the width (rounded down), the plot spans x from that plus 12 to
 * width - 64; the height is 58 + 24 n + 60 for n items.
 *
 * @param result the result.
 * @param options options, or NULL for the defaults.
 * @param[out] out the NUL-terminated SVG text, owned by the caller
 *             (cx_free()).
 * @param[out] len its length in bytes, without the NUL (may be NULL).
 * @return CX_OK; CX_EINVAL for NULL arguments or bad options; CX_ERANGE
 *         when the result has more than 10000 items; CX_ENOMEM.
 * @since 0.1
 */
CX_API cx_status cx_render_gap_svg(const cx_gap_result *result,
                                   const cx_gap_svg_options *options,
                                   char **out, size_t *len);

/* ------------------------------------------------------------------------ */
/* CX metric charts                                                          */

#include <cx/metrics.h>

/*
 * The three metric charts draw one row per result, in the order given (a
 * pooled result, with segment NULL, is labelled with @c all_label), and
 * share one geometry:
 *
 *   - rows of 36 pixels start at y = 58; a row's marks are centred at
 *     14 pixels below its top, the numbers under them sit on the line 32
 *     pixels below its top;
 *   - the label column takes 25% of the width (rounded down): the name,
 *     and under it the number of answers ("n 120", with the effective size
 *     when weighted);
 *   - the plot area runs from x = A = label column + 12 to Z = width - 24;
 *     a chart with two panels splits it at M = floor((A + Z) / 2) into
 *     A .. M - 20 and M + 20 .. Z;
 *   - values map linearly onto their panel; an estimate is a dot with its
 *     interval as a line with end caps, and its value (and interval) is
 *     written under it.
 *
 * A value that is undefined (NaN, for example every figure of a group
 * without answers) is written "n/a" and never drawn as 0; an interval with
 * a NaN bound is left out.  Results of one chart must have been computed
 * with the same options that change the meaning of the axis (the interval
 * level, NPS @c percent, the CSAT method, the scale, the CES version).
 */

/**
 * Which NPS interval the NPS chart draws.
 * @since 0.1
 */
typedef enum cx_nps_svg_interval {
  CX_NPS_SVG_WALD = 0,          /**< Wald interval (wald_lo, wald_hi). */
  CX_NPS_SVG_ADJUSTED_WALD = 1, /**< Adjusted Wald interval (Rocks 2016). */
  CX_NPS_SVG_BOOTSTRAP = 2      /**< Bootstrap percentile interval; absent
                                     for results computed without
                                     resamples. */
} cx_nps_svg_interval;

/**
 * Options of cx_render_nps_svg().  Start from CX_NPS_SVG_OPTIONS_INIT.
 * @since 0.1
 */
typedef struct cx_nps_svg_options {
  unsigned version;             /**< CX_NPS_SVG_OPTIONS_VERSION. */
  unsigned width;               /**< Width in pixels (default 720;
                                     400-4000); the height follows from the
                                     rows. */
  const char *title;            /**< Title; NULL = "Net Promoter Score". */
  const char *all_label;        /**< Label of a pooled result; NULL = "All
                                     respondents". */
  cx_theme theme;               /**< Colours. */
  cx_nps_svg_interval interval; /**< Interval drawn; default adjusted Wald,
                                     the one defined for every sample. */
} cx_nps_svg_options;

/** Current version of ::cx_nps_svg_options. @since 0.1 */
#define CX_NPS_SVG_OPTIONS_VERSION 1u
/** Default NPS chart options. @since 0.1 */
#define CX_NPS_SVG_OPTIONS_INIT                                                \
  {CX_NPS_SVG_OPTIONS_VERSION, 720u, NULL, NULL, CX_THEME_LIGHT,              \
   CX_NPS_SVG_ADJUSTED_WALD}

/**
 * Draw the NPS chart: one row per result with, in the left panel, a 100%
 * stacked bar of the shares of detractors, passives and promoters (in that
 * order from the left, each share written under its part when the part is
 * at least 30 pixels wide) and, in the right panel, the NPS as a dot with
 * the chosen interval on an axis from -1 to 1, or -100 to 100 when the
 * results were computed with @c percent, with a line at 0.  A legend of the
 * three groups sits under the axes.
 *
 * Geometry: as described above, with two panels; the height is
 * 58 + 36 n + 78 for n results.
 *
 * @param results the results, in the order of the rows (none NULL); they
 *        are only read.
 * @param n their number, 1 to 10000.
 * @param options options, or NULL for the defaults.
 * @param[out] out the NUL-terminated SVG text, owned by the caller
 *             (cx_free()).
 * @param[out] len its length in bytes, without the NUL (may be NULL).
 * @return CX_OK; CX_EINVAL for NULL arguments, n = 0, a NULL result, bad
 *         options (version, width, theme, interval, a title or label that
 *         is not UTF-8) or results computed with different confidence
 *         levels or @c percent settings; CX_ERANGE for more than 10000
 *         results; CX_ENOMEM.  @p out is unchanged on failure.
 * @since 0.1
 */
CX_API cx_status cx_render_nps_svg(const cx_nps_result *const *results,
                                   size_t n,
                                   const cx_nps_svg_options *options,
                                   char **out, size_t *len);

/**
 * Options of cx_render_csat_svg() and cx_render_ces_svg().  Start from
 * CX_METRIC_SVG_OPTIONS_INIT.
 * @since 0.1
 */
typedef struct cx_metric_svg_options {
  unsigned version;      /**< CX_METRIC_SVG_OPTIONS_VERSION. */
  unsigned width;        /**< Width in pixels (default 720; 400-4000); the
                              height follows from the rows. */
  const char *title;     /**< Title; NULL = "Customer satisfaction (CSAT)"
                              or "Customer effort (CES 1.0)" / "(CES
                              2.0)". */
  const char *all_label; /**< Label of a pooled result; NULL = "All
                              respondents". */
  cx_theme theme;        /**< Colours. */
} cx_metric_svg_options;

/** Current version of ::cx_metric_svg_options. @since 0.1 */
#define CX_METRIC_SVG_OPTIONS_VERSION 1u
/** Default CSAT and CES chart options. @since 0.1 */
#define CX_METRIC_SVG_OPTIONS_INIT                                             \
  {CX_METRIC_SVG_OPTIONS_VERSION, 720u, NULL, NULL, CX_THEME_LIGHT}

/**
 * Draw the CSAT chart: one row per result with its score as a dot and
 * interval, by the method the results were computed with: the top-2-box
 * share with its Wilson interval on an axis from 0% to 100%, or the mean
 * answer with its t interval on an axis spanning the scale (min to max).
 *
 * Geometry: as described above, with one panel; the height is
 * 58 + 36 n + 60 for n results.
 *
 * @param results the results, in the order of the rows (none NULL).
 * @param n their number, 1 to 10000.
 * @param options options, or NULL for the defaults.
 * @param[out] out the NUL-terminated SVG text, owned by the caller
 *             (cx_free()).
 * @param[out] len its length in bytes, without the NUL (may be NULL).
 * @return CX_OK; CX_EINVAL for NULL arguments, n = 0, a NULL result, bad
 *         options (version, width, theme, a title or label that is not
 *         UTF-8) or results that differ in method, confidence level, scale
 *         or direction; CX_ERANGE for more than 10000 results; CX_ENOMEM.
 * @since 0.1
 */
CX_API cx_status cx_render_csat_svg(const cx_csat_result *const *results,
                                    size_t n,
                                    const cx_metric_svg_options *options,
                                    char **out, size_t *len);

/**
 * Draw the CES chart: one row per result with, in the left panel, the mean
 * answer and its t interval on an axis spanning the scale as asked (for
 * CES 1.0 higher means more effort; the axis title says which way is
 * easier) with a line at the neutral point and, in the right panel, the
 * share of answers on the easy side of the neutral point (CES 2.0: the
 * share agreeing) with its Wilson interval, from 0% to 100%.
 *
 * Geometry: as described above, with two panels; the height is
 * 58 + 36 n + 60 for n results.
 *
 * @param results the results, in the order of the rows (none NULL).
 * @param n their number, 1 to 10000.
 * @param options options, or NULL for the defaults.
 * @param[out] out the NUL-terminated SVG text, owned by the caller
 *             (cx_free()).
 * @param[out] len its length in bytes, without the NUL (may be NULL).
 * @return CX_OK; CX_EINVAL for NULL arguments, n = 0, a NULL result, bad
 *         options (version, width, theme, a title or label that is not
 *         UTF-8) or results that differ in CES version, confidence level,
 *         scale, direction or neutral point; CX_ERANGE for more than 10000
 *         results; CX_ENOMEM.
 * @since 0.1
 */
CX_API cx_status cx_render_ces_svg(const cx_ces_result *const *results,
                                   size_t n,
                                   const cx_metric_svg_options *options,
                                   char **out, size_t *len);

#ifdef __cplusplus
}
#endif

#endif /* CX_RENDER_H */
