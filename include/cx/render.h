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

#ifdef __cplusplus
}
#endif

#endif /* CX_RENDER_H */
