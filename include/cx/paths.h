/**
 * @file paths.h
 * @brief Observed journeys from touchpoint event logs: directly-follows
 *        graphs, variants, case durations, funnels, Markov and heuristic
 *        attribution, conformance to a journey map, and the event-log CSV
 *        reader.
 *
 * An event says that a customer (the case) met a touchpoint at a moment
 * (a timestamp in microseconds since 1970-01-01T00:00:00Z), optionally with
 * a value, an outcome (a conversion event) and the case's segment.  A
 * ::cx_paths_log accumulates events.  Events of a case are ordered by
 * timestamp; events with equal timestamps keep the order in which they
 * were added.  Input need not be sorted: by default the log holds events
 * until a result is computed (memory grows with the log).  When the input
 * is grouped by case, the option @c sorted_by_case closes each case as the
 * next one starts, so only the open case's events are held; what is kept
 * then is a summary per distinct path, per touchpoint pair and per
 * declared funnel, never the events.
 *
 * Logs merge exactly across partitions that split the events by case and
 * serialize to a versioned, checksummed byte string.
 *
 * Durations are reported in seconds.  Means, minima and maxima are exact;
 * medians and percentiles are exact while a statistic has seen at most
 * 1024 distinct durations, and beyond that come from a log-scale
 * histogram with 128 buckets per power of two (relative error at most
 * 0.4%); every result says which.
 *
 * Statistics that are undefined for the data (a share of zero cases, the
 * median of no durations) are NaN.
 *
 * Formulas and sources: docs/methodology/paths.md.
 *
 * Threads: separate objects may be used from separate threads; one object
 * must not be changed while another thread uses it.
 */
#ifndef CX_PATHS_H
#define CX_PATHS_H

#include <cx/common.h>
#include <cx/io.h>
#include <cx/journey.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Segment index meaning "all segments pooled". @since 0.1 */
#define CX_PATHS_ALL ((size_t)-1)

/** Outcome of an ordinary event. @since 0.1 */
#define CX_PATHS_OUTCOME_NONE 0
/** Outcome of a conversion event (for example "account opened"). @since 0.1 */
#define CX_PATHS_OUTCOME_CONVERSION 1

/* ------------------------------------------------------------------------ */
/* The event log                                                             */

/**
 * An accumulator of touchpoint events (opaque).
 * @since 0.1
 */
typedef struct cx_paths_log cx_paths_log;

/**
 * Options of a log.  Start from CX_PATHS_OPTIONS_INIT.
 * @since 0.1
 */
typedef struct cx_paths_options {
  unsigned version;       /**< CX_PATHS_OPTIONS_VERSION. */
  int sorted_by_case;     /**< 0 (default): events may come in any order;
                               they are held until a result is computed or
                               cx_paths_log_flush() is called.  1: the input
                               is grouped by case: a case is closed when an
                               event of another case arrives, so memory
                               holds only the open case.  A case that comes
                               back after another case counts as a new
                               case. */
  uint64_t max_cases;     /**< Most cases the log accepts; exceeding it is
                               CX_ERANGE (0 = no limit, the default). */
  size_t max_touchpoints; /**< Most distinct touchpoints (default 100000);
                               exceeding it is CX_ERANGE.  In a graph-only
                               log a lower limit also leaves more codes a
                               bit each among a case's visited touchpoints
                               (below 46 with the default; higher codes
                               take a hash-table entry). */
  int graph_only;         /**< 0 (default): the log serves every analysis.
                               1: the log keeps only what the
                               directly-follows graph, the touchpoint
                               figures, the conversions and the case
                               durations need: each event is added to the
                               graph as it arrives, and of a case only its
                               first and last times, last touchpoint and
                               the touchpoints it visited are kept, so
                               memory grows with the cases, never with the
                               events.  Each case's events must then come
                               in time order (equal times in any order): an
                               event earlier than its case's previous one
                               is CX_EINVAL, and nothing of its batch is
                               added.  Results have no variants; funnels,
                               attribution and conformance are CX_ESTATE.
                               Needs sorted_by_case 0.  @since 0.1 */
} cx_paths_options;

/** Current version of ::cx_paths_options. @since 0.1 */
#define CX_PATHS_OPTIONS_VERSION 1u
/** Default log options. @since 0.1 */
#define CX_PATHS_OPTIONS_INIT {CX_PATHS_OPTIONS_VERSION, 0, 0, 100000, 0}

/**
 * Create an empty log.
 *
 * @param[out] out the log, owned by the caller (cx_paths_log_free()).
 * @param options options, or NULL for CX_PATHS_OPTIONS_INIT.
 * @return CX_OK; CX_EINVAL for a NULL @p out or bad options; CX_ENOMEM.
 * @since 0.1
 */
CX_API cx_status cx_paths_log_new(cx_paths_log **out,
                                  const cx_paths_options *options);

/**
 * Free a log.
 * @param log the log, or NULL.
 * @since 0.1
 */
CX_API void cx_paths_log_free(cx_paths_log *log);

/**
 * Copy the options of a log.
 * @return CX_OK, or CX_EINVAL for NULL arguments.
 * @since 0.1
 */
CX_API cx_status cx_paths_log_get_options(const cx_paths_log *log,
                                          cx_paths_options *out);

/**
 * Add a touchpoint to the log's dictionary, or find it when it is there.
 *
 * Touchpoints are also added implicitly by cx_paths_log_add() and
 * cx_paths_log_add_batch(); declaring them first fixes their indices.
 *
 * @param name non-empty UTF-8 name (at most 4096 bytes); copied.
 * @param channel the touchpoint's channel (for example "web"), or NULL.
 *        The first channel given for a touchpoint is kept; a different one
 *        later is ignored.
 * @param[out] index the touchpoint's index (may be NULL).
 * @return CX_OK; CX_EINVAL (NULL log or name, empty name, invalid UTF-8);
 *         CX_ERANGE (name too long, or more than @c max_touchpoints);
 *         CX_ENOMEM.
 * @since 0.1
 */
CX_API cx_status cx_paths_log_add_touchpoint(cx_paths_log *log,
                                             const char *name,
                                             const char *channel,
                                             size_t *index);

/**
 * Find a touchpoint by name.
 * @return CX_OK with @p index set; CX_EINVAL; CX_ENOTFOUND.
 * @since 0.1
 */
CX_API cx_status cx_paths_log_find_touchpoint(const cx_paths_log *log,
                                              const char *name,
                                              size_t *index);

/**
 * Number of touchpoints in the log's dictionary (0 for NULL).
 * @since 0.1
 */
CX_API size_t cx_paths_log_n_touchpoints(const cx_paths_log *log);

/**
 * Name of touchpoint @p index.
 * @return a string borrowed from the log (valid until it is freed or
 *         merged into), or NULL when out of range.
 * @since 0.1
 */
CX_API const char *cx_paths_log_touchpoint_name(const cx_paths_log *log,
                                                size_t index);

/**
 * Channel of touchpoint @p index.
 * @return a borrowed string, "" when none was given, NULL when out of
 *         range.
 * @since 0.1
 */
CX_API const char *cx_paths_log_touchpoint_channel(const cx_paths_log *log,
                                                   size_t index);

/**
 * Add a segment (for example a customer group or a region), or find it.
 *
 * A case belongs to the segment of its first event; without segments
 * every case is in segment 0, the implicit one.
 *
 * @param name non-empty UTF-8 name (at most 4096 bytes); copied.
 * @param[out] index the segment's index (may be NULL).
 * @return CX_OK; CX_EINVAL; CX_ERANGE; CX_ENOMEM.
 * @since 0.1
 */
CX_API cx_status cx_paths_log_add_segment(cx_paths_log *log, const char *name,
                                          size_t *index);

/**
 * Number of named segments (0 for NULL or an unsegmented log).
 * @since 0.1
 */
CX_API size_t cx_paths_log_n_segments(const cx_paths_log *log);

/**
 * Name of segment @p index.
 * @return a borrowed string, or NULL when out of range.
 * @since 0.1
 */
CX_API const char *cx_paths_log_segment_name(const cx_paths_log *log,
                                             size_t index);

/**
 * Add one event.
 *
 * Case ids given as text here and integer case codes given to
 * cx_paths_log_add_batch() are different namespaces: one log takes one
 * kind (CX_ESTATE for the other).
 *
 * @param log the log.
 * @param case_id the customer or case, non-empty text (compared
 *        byte-wise).
 * @param touchpoint the touchpoint's name (added to the dictionary when
 *        new).
 * @param timestamp microseconds since 1970-01-01T00:00:00Z (negative
 *        before).
 * @param value the event's value (for example the revenue of a
 *        conversion); NaN when none.  Only values of conversion events
 *        count, as the case's conversion value.
 * @param outcome CX_PATHS_OUTCOME_NONE or CX_PATHS_OUTCOME_CONVERSION.
 * @param segment segment name (added when new), or NULL for segment 0.
 * @param channel channel of the touchpoint, or NULL (see
 *        cx_paths_log_add_touchpoint()).
 * @return CX_OK; CX_EINVAL (NULL or empty arguments, invalid UTF-8, an
 *         outcome other than 0 or 1, an infinite value; in a graph-only
 *         log, an event earlier than its case's previous one); CX_ERANGE (a
 *         limit); CX_ESTATE (the log already holds integer case codes);
 *         CX_ENOMEM.  Nothing is added on failure, not even a name.
 * @since 0.1
 */
CX_API cx_status cx_paths_log_add(cx_paths_log *log, const char *case_id,
                                  const char *touchpoint, int64_t timestamp,
                                  double value, int outcome,
                                  const char *segment, const char *channel);

/**
 * Add @p n events from columns, without a function call per event.
 *
 * Columns are read in place through their ::cx_array views (any integer
 * type; a floating column must hold whole numbers).  Touchpoints and
 * segments come as integer codes with a dictionary: code k names
 * @p touchpoint_names[k].  The whole batch is checked before anything is
 * added, so a bad row leaves the log unchanged.
 *
 * @param log the log.
 * @param n number of events.
 * @param case_codes case per event (required): any integers; equal codes
 *        are the same case.
 * @param touchpoint_codes touchpoint code per event (required).
 * @param timestamps microseconds since 1970 per event (required; integer
 *        types are read exactly, floating ones must be whole).
 * @param values value per event, or NULL (floating: NaN means none).
 * @param outcomes 0 or 1 per event, or NULL for 0.
 * @param segment_codes segment code per event, or NULL for segment 0.
 * @param touchpoint_names dictionary of the touchpoint codes (names are
 *        found or added in the log); NULL means the codes are the log's
 *        own touchpoint indices.
 * @param n_touchpoint_names its length.
 * @param segment_names dictionary of the segment codes; NULL means the
 *        log's own segment indices.
 * @param n_segment_names its length.
 * @return CX_OK; CX_EINVAL (a missing required column, unknown dtype, bad
 *         dictionary entry; in a graph-only log, the first row earlier
 *         than its case's previous event); CX_ERANGE naming the first bad
 *         row and value (a code outside the dictionary, a fraction, an
 *         outcome other than 0 or 1, a limit); CX_ESTATE (the log already
 *         holds text case ids); CX_ENOMEM.
 * @since 0.1
 */
CX_API cx_status cx_paths_log_add_batch(
    cx_paths_log *log, size_t n, const cx_array *case_codes,
    const cx_array *touchpoint_codes, const cx_array *timestamps,
    const cx_array *values, const cx_array *outcomes,
    const cx_array *segment_codes, const char *const *touchpoint_names,
    size_t n_touchpoint_names, const char *const *segment_names,
    size_t n_segment_names);

/**
 * Close every case the log holds open: their events are summarised and
 * released.  Events of those cases added later start new cases.  Results
 * computed afterwards are cheaper (the held events need not be sorted
 * again), but funnels can then only be computed for funnels declared with
 * cx_paths_log_declare_funnel() before the flush.
 *
 * @return CX_OK; CX_EINVAL; CX_ERANGE (more cases than @c max_cases);
 *         CX_ENOMEM.  The log is unchanged on failure.
 * @since 0.1
 */
CX_API cx_status cx_paths_log_flush(cx_paths_log *log);

/**
 * Events added so far (closed and held), 0 for NULL.
 * @since 0.1
 */
CX_API uint64_t cx_paths_log_n_events(const cx_paths_log *log);

/**
 * Events held in memory, not yet summarised (0 for NULL).
 * @since 0.1
 */
CX_API uint64_t cx_paths_log_n_pending(const cx_paths_log *log);

/**
 * Add everything in @p src to @p dst.
 *
 * The partitions must split the events by case: every case of @p src is
 * taken as complete and closed in @p dst, whatever @p dst holds open.
 * Touchpoints and segments are matched by name.  Funnels declared in
 * @p dst must be declared in @p src too, unless @p src has no closed case
 * (and the other way round), or the funnel figures could not be exact.
 * The result equals one log that saw both inputs (sums of values up to
 * floating-point rounding).
 *
 * @return CX_OK; CX_EINVAL (NULL arguments, @p dst == @p src); CX_ESTATE
 *         (funnels declared on one side only; one log graph-only and the
 *         other not); CX_ERANGE (a limit of @p dst); CX_ENOMEM.  @p dst is
 *         unchanged on failure.
 * @since 0.1
 */
CX_API cx_status cx_paths_log_merge(cx_paths_log *dst,
                                    const cx_paths_log *src);

/**
 * Serialize the log (summaries, held events, dictionaries, declared
 * funnels) to a versioned, checksummed, little-endian byte string.
 *
 * @param[out] out the bytes, owned by the caller (cx_free()).
 * @param[out] len their length.
 * @return CX_OK, CX_EINVAL or CX_ENOMEM.
 * @since 0.1
 */
CX_API cx_status cx_paths_log_serialize(const cx_paths_log *log,
                                        uint8_t **out, size_t *len);

/**
 * Rebuild a log from cx_paths_log_serialize() output.  Serializing the
 * result gives the same bytes, so only what the writer produces is read:
 * held events case after case in the order their cases were first seen,
 * one segment per case, NaN values of one bit pattern.
 *
 * @param[out] out the new log, owned by the caller.
 * @return CX_OK; CX_EPARSE for truncated, altered or inconsistent bytes;
 *         CX_EVERSION for a format this library does not read; CX_EINVAL;
 *         CX_ENOMEM.
 * @since 0.1
 */
CX_API cx_status cx_paths_log_deserialize(cx_paths_log **out,
                                          const uint8_t *data, size_t len);

/* ------------------------------------------------------------------------ */
/* Graph, variants and durations                                             */

/**
 * Everything computed from a log at one moment: the directly-follows
 * graph, the variants, the case durations (opaque).  It does not borrow
 * the log.
 * @since 0.1
 */
typedef struct cx_paths_result cx_paths_result;

/**
 * Summarise a log.  Events the log holds are ordered and summarised in a
 * copy; the log itself is not changed.
 *
 * @param[out] out the result, owned by the caller (cx_paths_result_free()).
 * @param log the log.
 * @return CX_OK; CX_EINVAL; CX_ERANGE (more cases than @c max_cases);
 *         CX_ENOMEM.
 * @since 0.1
 */
CX_API cx_status cx_paths_result_compute(cx_paths_result **out,
                                         const cx_paths_log *log);

/**
 * Free a result.
 * @param result the result, or NULL.
 * @since 0.1
 */
CX_API void cx_paths_result_free(cx_paths_result *result);

/**
 * Totals of a result.
 * @since 0.1
 */
typedef struct cx_paths_summary {
  uint64_t n_events;      /**< Events. */
  uint64_t n_cases;       /**< Cases. */
  uint64_t n_converted;   /**< Cases with at least one conversion event. */
  double value;           /**< Sum of the conversion values. */
  size_t n_touchpoints;   /**< Touchpoints in the dictionary. */
  size_t n_segments;      /**< Named segments (0: unsegmented). */
  size_t n_variants;      /**< Distinct touchpoint sequences. */
  size_t n_edges;         /**< Distinct directly-follows pairs. */
  double duration_mean;   /**< Mean case duration (last event minus first),
                               seconds; NaN without cases. */
  double duration_median; /**< Median case duration; NaN without cases. */
  double duration_min;    /**< Shortest case; NaN without cases. */
  double duration_max;    /**< Longest case; NaN without cases. */
  int duration_exact;     /**< 1 when the median and percentiles are
                               exact, 0 when from the histogram. */
} cx_paths_summary;

/**
 * Totals of a result.
 * @return CX_OK, or CX_EINVAL for NULL arguments.
 * @since 0.1
 */
CX_API cx_status cx_paths_result_summary(const cx_paths_result *result,
                                         cx_paths_summary *out);

/**
 * A percentile of the case durations, in seconds, interpolated linearly
 * between order statistics (NumPy's default, Hyndman and Fan type 7).
 *
 * @param q the quantile, 0 to 1 (0.5 is the median).
 * @param[out] out the duration; NaN without cases.
 * @return CX_OK, or CX_EINVAL for NULL arguments or @p q outside [0, 1].
 * @since 0.1
 */
CX_API cx_status cx_paths_result_duration_quantile(
    const cx_paths_result *result, double q, double *out);

/**
 * Figures of one touchpoint.
 * @since 0.1
 */
typedef struct cx_paths_touchpoint {
  const char *name;    /**< Name (borrowed from the result). */
  const char *channel; /**< Channel, "" when none. */
  uint64_t events;     /**< Events at this touchpoint. */
  uint64_t cases;      /**< Cases with at least one such event. */
  uint64_t starts;     /**< Cases whose first event is here. */
  uint64_t ends;       /**< Cases whose last event is here. */
} cx_paths_touchpoint;

/**
 * Figures of touchpoint @p index (an index of the log's dictionary;
 * cx_paths_summary::n_touchpoints of them).
 * @return CX_OK; CX_EINVAL; CX_ENOTFOUND when out of range.
 * @since 0.1
 */
CX_API cx_status cx_paths_result_touchpoint(const cx_paths_result *result,
                                            size_t index,
                                            cx_paths_touchpoint *out);

/**
 * One edge of the directly-follows graph: a case's event at @c from
 * directly followed by its next event at @c to.
 * @since 0.1
 */
typedef struct cx_paths_edge {
  size_t from;           /**< Touchpoint index of the earlier event. */
  size_t to;             /**< Touchpoint index of the later event. */
  const char *from_name; /**< Its name (borrowed). */
  const char *to_name;   /**< Its name (borrowed). */
  uint64_t count;        /**< How often. */
  double share;          /**< count over all edges leaving @c from. */
  double mean;           /**< Mean time between the two events, seconds. */
  double median;         /**< Median time (see @c exact). */
  double min;            /**< Shortest time. */
  double max;            /**< Longest time. */
  int exact;             /**< 1 when @c median is exact. */
} cx_paths_edge;

/**
 * Number of edges (cx_paths_summary::n_edges).
 * @since 0.1
 */
CX_API size_t cx_paths_result_n_edges(const cx_paths_result *result);

/**
 * Edge @p index; edges are sorted by count, highest first, then by the
 * names of their touchpoints.
 * @return CX_OK; CX_EINVAL; CX_ENOTFOUND when out of range.
 * @since 0.1
 */
CX_API cx_status cx_paths_result_edge(const cx_paths_result *result,
                                      size_t index, cx_paths_edge *out);

/**
 * One variant: a distinct sequence of touchpoints, over all segments.
 * @since 0.1
 */
typedef struct cx_paths_variant {
  size_t length;        /**< Events in the sequence. */
  uint64_t count;       /**< Cases that followed it. */
  double share;         /**< count / cases. */
  uint64_t converted;   /**< Of them, cases with a conversion event. */
  double value;         /**< Their conversion value. */
  double mean_duration; /**< Mean case duration, seconds. */
} cx_paths_variant;

/**
 * Number of variants (cx_paths_summary::n_variants).
 * @since 0.1
 */
CX_API size_t cx_paths_result_n_variants(const cx_paths_result *result);

/**
 * Variant @p index; variants are sorted by count, highest first, then by
 * their sequence of names, so the first k are the top k.
 * @return CX_OK; CX_EINVAL; CX_ENOTFOUND when out of range.
 * @since 0.1
 */
CX_API cx_status cx_paths_result_variant(const cx_paths_result *result,
                                         size_t index,
                                         cx_paths_variant *out);

/**
 * Touchpoint at @p position of variant @p index.
 *
 * @return the touchpoint index; SIZE_MAX when either is out of range.
 * @since 0.1
 */
CX_API size_t cx_paths_result_variant_step(const cx_paths_result *result,
                                           size_t index, size_t position);

/**
 * Name of a touchpoint of the result's dictionary.
 * @return a borrowed string, or NULL when out of range.
 * @since 0.1
 */
CX_API const char *cx_paths_result_touchpoint_name(
    const cx_paths_result *result, size_t index);

/* ------------------------------------------------------------------------ */
/* Graph export                                                              */

/**
 * Options of the graph export.  Start from CX_PATHS_GRAPH_OPTIONS_INIT.
 * @since 0.1
 */
typedef struct cx_paths_graph_options {
  unsigned version;   /**< CX_PATHS_GRAPH_OPTIONS_VERSION. */
  uint64_t min_count; /**< Leave out edges seen fewer times (default 1). */
  size_t max_edges;   /**< Keep at most this many edges, the most frequent
                           (0, the default: all). */
  const char *title;  /**< Title, or NULL for none. */
} cx_paths_graph_options;

/** Current version of ::cx_paths_graph_options. @since 0.1 */
#define CX_PATHS_GRAPH_OPTIONS_VERSION 1u
/** Default graph options. @since 0.1 */
#define CX_PATHS_GRAPH_OPTIONS_INIT                                            \
  {CX_PATHS_GRAPH_OPTIONS_VERSION, 1, 0, NULL}

/**
 * Write the directly-follows graph in Graphviz DOT: one node per
 * touchpoint with its event count, a start and an end node with the
 * number of cases starting and ending at each touchpoint, and one edge per
 * pair with its count and median time.
 *
 * @param[out] out NUL-terminated text, owned by the caller (cx_free()).
 * @param[out] len its length without the NUL (may be NULL).
 * @param options options, or NULL for the defaults.
 * @return CX_OK, CX_EINVAL or CX_ENOMEM.
 * @since 0.1
 */
CX_API cx_status cx_paths_result_to_dot(const cx_paths_result *result,
                                        const cx_paths_graph_options *options,
                                        char **out, size_t *len);

/**
 * Draw the directly-follows graph as a standalone SVG, with a layered
 * layout of libcx's own (layers by longest path from the start after
 * removing cycles, order within layers by the barycentre heuristic;
 * Sugiyama, Tagawa & Toda 1981).  The picture says which layout drew it.
 * Texts from the data are escaped.
 *
 * @param[out] out NUL-terminated SVG text, owned by the caller (cx_free()).
 * @param[out] len its length without the NUL (may be NULL).
 * @return CX_OK, CX_EINVAL or CX_ENOMEM.
 * @since 0.1
 */
CX_API cx_status cx_paths_render_svg(const cx_paths_result *result,
                                     const cx_paths_graph_options *options,
                                     char **out, size_t *len);

/* ------------------------------------------------------------------------ */
/* Funnels                                                                   */

/**
 * How the events of a case must match the steps of a funnel.
 * @since 0.1
 */
typedef enum cx_paths_funnel_mode {
  CX_PATHS_FUNNEL_ORDERED = 0,  /**< Steps in order, other events allowed
                                     between them; the funnel starts at the
                                     case's first event at step 1 and each
                                     later step is matched at its earliest
                                     event after the previous match. */
  CX_PATHS_FUNNEL_STRICT = 1,   /**< Steps in order with nothing between:
                                     each event at step 1 may start, the
                                     start that gets furthest counts (the
                                     earliest among equals). */
  CX_PATHS_FUNNEL_ANY_ORDER = 2 /**< Steps in any order: the funnel starts
                                     at the case's first event at any step;
                                     step k is reached when steps 1..k have
                                     all occurred. */
} cx_paths_funnel_mode;

/**
 * Name of a funnel mode ("ordered", "strict", "any-order").
 * @return a static string; "invalid" outside the enum.
 * @since 0.1
 */
CX_API const char *cx_paths_funnel_mode_name(cx_paths_funnel_mode mode);

/**
 * Options of a funnel.  Start from CX_PATHS_FUNNEL_OPTIONS_INIT.
 * @since 0.1
 */
typedef struct cx_paths_funnel_options {
  unsigned version;          /**< CX_PATHS_FUNNEL_OPTIONS_VERSION. */
  cx_paths_funnel_mode mode; /**< Matching (default ordered). */
  int64_t window;            /**< Conversion window in microseconds: a step
                                  counts only when reached at most this long
                                  after the funnel's start (0, the default:
                                  no window). */
} cx_paths_funnel_options;

/** Current version of ::cx_paths_funnel_options. @since 0.1 */
#define CX_PATHS_FUNNEL_OPTIONS_VERSION 1u
/** Default funnel options. @since 0.1 */
#define CX_PATHS_FUNNEL_OPTIONS_INIT                                           \
  {CX_PATHS_FUNNEL_OPTIONS_VERSION, CX_PATHS_FUNNEL_ORDERED, 0}

/** Most steps of a funnel. @since 0.1 */
#define CX_PATHS_FUNNEL_MAX_STEPS 64

/**
 * Declare a funnel, so that cases closed from now on are counted for it.
 * Needed only for logs that close cases before the funnel is computed
 * (@c sorted_by_case, cx_paths_log_flush(), merged logs).  Declaring the
 * same funnel twice does nothing.
 *
 * @param steps touchpoint names, 1 to CX_PATHS_FUNNEL_MAX_STEPS of them,
 *        each at most once; names not yet seen are allowed.
 * @param n_steps their number.
 * @param options options, or NULL for the defaults.
 * @return CX_OK; CX_EINVAL (NULL arguments, bad options, no step, a
 *         repeated or empty step); CX_ERANGE (too many steps); CX_ESTATE
 *         (the log already has closed cases: they would be missing; the
 *         log is graph-only); CX_ENOMEM.
 * @since 0.1
 */
CX_API cx_status cx_paths_log_declare_funnel(
    cx_paths_log *log, const char *const *steps, size_t n_steps,
    const cx_paths_funnel_options *options);

/**
 * A funnel computed from a log (opaque).
 * @since 0.1
 */
typedef struct cx_paths_funnel cx_paths_funnel;

/**
 * Compute a funnel, pooled and per segment.
 *
 * @param[out] out the funnel, owned by the caller (cx_paths_funnel_free()).
 * @param log the log (not changed).
 * @param steps, n_steps, options as for cx_paths_log_declare_funnel().
 * @return CX_OK; CX_EINVAL; CX_ERANGE; CX_ESTATE when the log has closed
 *         cases and the funnel was not declared before they closed, or the
 *         log is graph-only; CX_ENOMEM.
 * @since 0.1
 */
CX_API cx_status cx_paths_funnel_compute(
    cx_paths_funnel **out, const cx_paths_log *log, const char *const *steps,
    size_t n_steps, const cx_paths_funnel_options *options);

/**
 * Free a funnel.
 * @param funnel the funnel, or NULL.
 * @since 0.1
 */
CX_API void cx_paths_funnel_free(cx_paths_funnel *funnel);

/**
 * Number of steps (0 for NULL).
 * @since 0.1
 */
CX_API size_t cx_paths_funnel_n_steps(const cx_paths_funnel *funnel);

/**
 * Number of segments of the funnel (0 when unsegmented).
 * @since 0.1
 */
CX_API size_t cx_paths_funnel_n_segments(const cx_paths_funnel *funnel);

/**
 * Name of segment @p index of the funnel.
 * @return a borrowed string, or NULL when out of range.
 * @since 0.1
 */
CX_API const char *cx_paths_funnel_segment_name(
    const cx_paths_funnel *funnel, size_t index);

/**
 * Figures of one funnel step.
 * @since 0.1
 */
typedef struct cx_paths_funnel_step {
  const char *name;     /**< The step's touchpoint (borrowed). */
  uint64_t cases;       /**< Cases in the segment (or all). */
  uint64_t reached;     /**< Cases that reached this step. */
  double from_previous; /**< reached / reached at the previous step (1 for
                             step 1 with cases, NaN when 0/0). */
  double from_first;    /**< reached / reached at step 1. */
  uint64_t dropoff;     /**< reached at the previous step - reached (for
                             step 1: cases - reached). */
  double dropoff_share; /**< dropoff / reached at the previous step (step
                             1: / cases). */
  double median_time;   /**< Median time from the funnel's start to this
                             step, seconds, over cases that reached it;
                             NaN when none did. */
  double mean_time;     /**< Mean of the same times. */
  int exact;            /**< 1 when @c median_time is exact. */
} cx_paths_funnel_step;

/**
 * Figures of step @p step, for segment @p segment or CX_PATHS_ALL.
 * @return CX_OK; CX_EINVAL; CX_ENOTFOUND when out of range.
 * @since 0.1
 */
CX_API cx_status cx_paths_funnel_step_get(const cx_paths_funnel *funnel,
                                          size_t segment, size_t step,
                                          cx_paths_funnel_step *out);

/* ------------------------------------------------------------------------ */
/* Attribution                                                               */

/**
 * Options of the attribution.  Start from CX_PATHS_ATTRIBUTION_OPTIONS_INIT.
 *
 * A case's path is its touchpoints in order up to, and without, its first
 * conversion event; it ends in "conversion" when it has one and in "null"
 * otherwise.
 * @since 0.1
 */
typedef struct cx_paths_attribution_options {
  unsigned version;  /**< CX_PATHS_ATTRIBUTION_OPTIONS_VERSION. */
  unsigned order;    /**< Markov order: 1 (default) to 4; the states of
                          order k are the last k channels of a path. */
  int by_channel;    /**< 1: credit the touchpoints' channels instead of
                          the touchpoints (those without a channel form
                          the channel "(none)"). */
  size_t max_states; /**< Refuse chains with more transient states
                          (default 4000): the exact solution costs about
                          channels x states^3 / 3 operations. */
} cx_paths_attribution_options;

/** Current version of ::cx_paths_attribution_options. @since 0.1 */
#define CX_PATHS_ATTRIBUTION_OPTIONS_VERSION 1u
/** Default attribution options. @since 0.1 */
#define CX_PATHS_ATTRIBUTION_OPTIONS_INIT                                      \
  {CX_PATHS_ATTRIBUTION_OPTIONS_VERSION, 1u, 0, 4000}

/**
 * An attribution (opaque).
 * @since 0.1
 */
typedef struct cx_paths_attribution cx_paths_attribution;

/**
 * Attribute the conversions of a result to its touchpoints (or channels):
 * Markov removal effects (Anderl et al. 2016) computed exactly from the
 * absorbing chain's fundamental matrix N = (I - Q)^-1, and the first-touch,
 * last-touch and linear heuristics.
 *
 * @param[out] out the attribution, owned by the caller
 *             (cx_paths_attribution_free()).
 * @param result the result to attribute.
 * @param options options, or NULL for the defaults.
 * @return CX_OK; CX_EINVAL (NULL arguments, bad options); CX_ERANGE (more
 *         states than @c max_states); CX_ESTATE (a result of a graph-only
 *         log, which has no paths); CX_ENOMEM.
 * @since 0.1
 */
CX_API cx_status cx_paths_attribution_compute(
    cx_paths_attribution **out, const cx_paths_result *result,
    const cx_paths_attribution_options *options);

/**
 * Free an attribution.
 * @param attribution the attribution, or NULL.
 * @since 0.1
 */
CX_API void cx_paths_attribution_free(cx_paths_attribution *attribution);

/**
 * Totals of an attribution.
 * @since 0.1
 */
typedef struct cx_paths_attribution_summary {
  unsigned order;        /**< Markov order used. */
  size_t n_states;       /**< Transient states of the chain (start
                              included). */
  uint64_t n_paths;      /**< Cases. */
  uint64_t n_conversions;/**< Cases that converted. */
  uint64_t n_unattributed; /**< Conversions with an empty path (the first
                              event converted): no channel is credited. */
  double value;          /**< Total conversion value. */
  double p_conversion;   /**< Probability of reaching conversion from the
                              start in the fitted chain; NaN without
                              cases. */
} cx_paths_attribution_summary;

/**
 * Totals of an attribution.
 * @return CX_OK, or CX_EINVAL for NULL arguments.
 * @since 0.1
 */
CX_API cx_status cx_paths_attribution_summary_get(
    const cx_paths_attribution *attribution,
    cx_paths_attribution_summary *out);

/**
 * Credit of one channel (a touchpoint, or a channel with @c by_channel).
 * Conversion and value credits of each model add up to the attributed
 * conversions and their value.
 * @since 0.1
 */
typedef struct cx_paths_credit {
  const char *name;         /**< Touchpoint or channel (borrowed). */
  uint64_t paths;           /**< Paths through it. */
  double removal_effect;    /**< 1 - P(conversion | removed) / P(conversion);
                                 NaN when P(conversion) is 0. */
  double markov;            /**< Conversions credited: removal effect
                                 normalised over channels, times the
                                 attributed conversions. */
  double markov_value;      /**< The same share of the attributed value. */
  double first_touch;       /**< Conversions whose path starts here. */
  double first_touch_value; /**< Their value. */
  double last_touch;        /**< Conversions whose path ends here. */
  double last_touch_value;  /**< Their value. */
  double linear;            /**< Each conversion split equally over the
                                 events of its path. */
  double linear_value;      /**< Value split the same way. */
} cx_paths_credit;

/**
 * Number of channels credited (0 for NULL).
 * @since 0.1
 */
CX_API size_t cx_paths_attribution_n_channels(
    const cx_paths_attribution *attribution);

/**
 * Credit of channel @p index (in the order of the log's dictionary, or of
 * first appearance of the channel names).
 * @return CX_OK; CX_EINVAL; CX_ENOTFOUND when out of range.
 * @since 0.1
 */
CX_API cx_status cx_paths_attribution_channel(
    const cx_paths_attribution *attribution, size_t index,
    cx_paths_credit *out);

/* ------------------------------------------------------------------------ */
/* Conformance to a journey map                                              */

/**
 * Conformance of observed paths to a designed journey (opaque).
 * @since 0.1
 */
typedef struct cx_paths_conformance cx_paths_conformance;

/**
 * Compare every case with a journey map.  Events are matched to the map's
 * touchpoints by id; the map's order is its journey order (stages in
 * order, touchpoints in order within them).
 *
 * A case follows the map when the journey positions of its mapped events
 * never decrease (repeating a touchpoint is allowed; events of touchpoints
 * the map lacks are ignored for this and counted as unexpected).  A case
 * skips a map touchpoint when it reached a later one without visiting it.
 * A case drops off at the map touchpoint furthest along the journey it
 * reached, unless that is the map's last touchpoint.
 *
 * @param[out] out the conformance, owned by the caller
 *             (cx_paths_conformance_free()).
 * @param result the observed paths.
 * @param journey the designed journey (at least one touchpoint).
 * @return CX_OK; CX_EINVAL (NULL arguments, a journey without
 *         touchpoints); CX_ESTATE (a result of a graph-only log, which has
 *         no paths); CX_ENOMEM.
 * @since 0.1
 */
CX_API cx_status cx_paths_conformance_compute(cx_paths_conformance **out,
                                              const cx_paths_result *result,
                                              const cx_journey *journey);

/**
 * Free a conformance.
 * @param conformance the conformance, or NULL.
 * @since 0.1
 */
CX_API void cx_paths_conformance_free(cx_paths_conformance *conformance);

/**
 * Totals of a conformance.
 * @since 0.1
 */
typedef struct cx_paths_conformance_summary {
  uint64_t cases;          /**< Cases. */
  uint64_t on_map;         /**< Cases with at least one mapped event. */
  uint64_t following;      /**< Cases that follow the map's order. */
  double share_following;  /**< following / cases (NaN without cases). */
  uint64_t with_skips;     /**< Cases that skip a map touchpoint. */
  uint64_t with_unexpected;/**< Cases with an event the map lacks. */
  uint64_t unexpected_events; /**< Events the map lacks. */
} cx_paths_conformance_summary;

/**
 * Totals of a conformance.
 * @return CX_OK, or CX_EINVAL for NULL arguments.
 * @since 0.1
 */
CX_API cx_status cx_paths_conformance_summary_get(
    const cx_paths_conformance *conformance,
    cx_paths_conformance_summary *out);

/**
 * Observed figures of one touchpoint of the map.
 * @since 0.1
 */
typedef struct cx_paths_conformance_touchpoint {
  const char *id;       /**< The map's touchpoint id (borrowed). */
  uint64_t reach;       /**< Cases that visited it. */
  double reach_share;   /**< reach / cases. */
  uint64_t skipped;     /**< Cases that skipped it. */
  uint64_t dropoff;     /**< Cases that dropped off here. */
  double dropoff_share; /**< dropoff / reach (NaN when reach is 0). */
} cx_paths_conformance_touchpoint;

/**
 * Number of map touchpoints (0 for NULL).
 * @since 0.1
 */
CX_API size_t cx_paths_conformance_n_touchpoints(
    const cx_paths_conformance *conformance);

/**
 * Figures of map touchpoint @p index (journey order).
 * @return CX_OK; CX_EINVAL; CX_ENOTFOUND when out of range.
 * @since 0.1
 */
CX_API cx_status cx_paths_conformance_touchpoint_get(
    const cx_paths_conformance *conformance, size_t index,
    cx_paths_conformance_touchpoint *out);

/**
 * A touchpoint of the log that the map lacks.
 * @since 0.1
 */
typedef struct cx_paths_unexpected {
  const char *name; /**< Touchpoint name (borrowed). */
  uint64_t events;  /**< Its events. */
  uint64_t cases;   /**< Cases with at least one. */
} cx_paths_unexpected;

/**
 * Number of unexpected touchpoints (0 for NULL).
 * @since 0.1
 */
CX_API size_t cx_paths_conformance_n_unexpected(
    const cx_paths_conformance *conformance);

/**
 * Unexpected touchpoint @p index, most cases first, then by name.
 * @return CX_OK; CX_EINVAL; CX_ENOTFOUND when out of range.
 * @since 0.1
 */
CX_API cx_status cx_paths_conformance_unexpected_get(
    const cx_paths_conformance *conformance, size_t index,
    cx_paths_unexpected *out);

/**
 * Write the observed figures into a journey: for each touchpoint of the
 * conformance's map found in @p journey by id, the reach field
 * (CX_TP_REACH) and the metrics "observed_reach_share",
 * "observed_dropoff", "observed_dropoff_share" (when defined) and
 * "observed_skipped".  Touchpoints @p journey lacks are passed over.
 *
 * @return CX_OK; CX_EINVAL; CX_ENOMEM.  On failure the journey may hold
 *         some of the figures.
 * @since 0.1
 */
CX_API cx_status cx_paths_conformance_apply(
    const cx_paths_conformance *conformance, cx_journey *journey);

/* ------------------------------------------------------------------------ */
/* Event log files                                                           */

/**
 * How timestamps are written in an event-log file.
 * @since 0.1
 */
typedef enum cx_paths_time_format {
  CX_PATHS_TIME_AUTO = 0,     /**< ISO 8601 when the first timestamp holds
                                   a '-' after its first digit, else epoch
                                   seconds. */
  CX_PATHS_TIME_ISO8601 = 1,  /**< `YYYY-MM-DD`, optionally `T` or a space
                                   and `hh:mm`, `:ss`, a fraction of up to 9
                                   digits (cut to microseconds), and `Z` or
                                   an offset `+hh:mm`, `+hhmm`, `+hh`.
                                   Without an offset the time is read as
                                   UTC. */
  CX_PATHS_TIME_EPOCH_S = 2,  /**< Seconds since 1970, optionally with a
                                   fraction. */
  CX_PATHS_TIME_EPOCH_MS = 3, /**< Milliseconds since 1970, optionally with
                                   a fraction. */
  CX_PATHS_TIME_EPOCH_US = 4  /**< Microseconds since 1970 (whole). */
} cx_paths_time_format;

/**
 * Parse one timestamp.
 *
 * @param text the text (need not be NUL-terminated); spaces around it are
 *        ignored.
 * @param len its length.
 * @param format the format (AUTO decides for this text alone).
 * @param[out] out microseconds since 1970-01-01T00:00:00Z.
 * @return CX_OK; CX_EPARSE for text that is not such a timestamp or an
 *         impossible date (30 February, hour 24); CX_ERANGE for years
 *         outside 0000-9999 or numbers beyond int64 microseconds;
 *         CX_EINVAL for NULL arguments or an unknown format.
 * @since 0.1
 */
CX_API cx_status cx_paths_parse_timestamp(const char *text, size_t len,
                                          cx_paths_time_format format,
                                          int64_t *out);

/**
 * Options of cx_paths_read_csv().  Start from CX_PATHS_CSV_OPTIONS_INIT.
 *
 * Column names are matched exactly after trimming spaces.  The case,
 * touchpoint and timestamp columns are required; channel, value, outcome
 * and segment are used when the header has them (NULL ignores one), and
 * required when the matching @c require_ flag is set.
 *
 * An outcome cell holds `1`, `true`, `yes`, `conversion` or `converted`
 * for a conversion (ASCII case ignored), and nothing, `0`, `false` or
 * `no` otherwise; anything else is an error.  A value cell holds a
 * decimal number or nothing.
 * @since 0.1
 */
typedef struct cx_paths_csv_options {
  unsigned version;                 /**< CX_PATHS_CSV_OPTIONS_VERSION. */
  char delimiter;                   /**< Field separator (','). */
  const char *case_column;          /**< "case". */
  const char *touchpoint_column;    /**< "touchpoint". */
  const char *timestamp_column;     /**< "timestamp". */
  const char *channel_column;       /**< "channel" (optional). */
  const char *value_column;         /**< "value" (optional). */
  const char *outcome_column;       /**< "outcome" (optional). */
  const char *segment_column;       /**< "segment" (optional). */
  int require_optional;             /**< 1: every optional column named must
                                         exist (default 0). */
  cx_paths_time_format time_format; /**< Timestamps (default auto). */
  const char *conversion_touchpoint;/**< Events at this touchpoint are
                                         conversion events too (NULL:
                                         none). */
  cx_progress_fn progress;          /**< Called now and then; may be NULL. */
  void *progress_ctx;               /**< Passed to @c progress. */
  cx_read_limits limits;            /**< Input bytes, bytes of a row,
                                         columns, and segments created
                                         (max_names), as for the survey
                                         readers (CX_READ_LIMITS_INIT);
                                         cases and touchpoints are bounded
                                         by the log's own options.
                                         @since 0.1 */
} cx_paths_csv_options;

/** Current version of ::cx_paths_csv_options. @since 0.1 */
#define CX_PATHS_CSV_OPTIONS_VERSION 1u
/** Default event-log CSV options. @since 0.1 */
#define CX_PATHS_CSV_OPTIONS_INIT                                              \
  {CX_PATHS_CSV_OPTIONS_VERSION, ',', "case", "touchpoint", "timestamp",       \
   "channel", "value", "outcome", "segment", 0, CX_PATHS_TIME_AUTO, NULL,      \
   NULL, NULL, CX_READ_LIMITS_INIT}

/**
 * Read an event-log CSV file into @p log (one row per event, in any
 * order, or grouped by case for a @c sorted_by_case log).
 *
 * @param log the log to add to; it must take text case ids.
 * @param path file name ("-" reads standard input).
 * @param options options, or NULL for the defaults.
 * @return CX_OK; CX_EIO when the file cannot be read; CX_EPARSE for a
 *         malformed file, a missing column, an empty case or touchpoint,
 *         a bad timestamp, value or outcome, invalid UTF-8, a short or long
 *         row, no data rows; CX_ERANGE for a limit of the log or of
 *         @c limits (naming it) or a timestamp out of range; every one with the input name, line,
 *         column and value in cx_error_info_last().  CX_EINVAL for bad
 *         options; CX_ESTATE for a log holding integer case codes;
 *         CX_ENOMEM.  The log is unchanged on failure.
 * @since 0.1
 */
CX_API cx_status cx_paths_read_csv(cx_paths_log *log, const char *path,
                                   const cx_paths_csv_options *options);

/**
 * Read an event-log CSV from memory.  Same as cx_paths_read_csv().
 *
 * @param data the bytes (not NUL-terminated).
 * @param len their length.
 * @param name the name errors use for the input (NULL: "<buffer>").
 * @since 0.1
 */
CX_API cx_status cx_paths_read_csv_buffer(cx_paths_log *log, const char *data,
                                          size_t len, const char *name,
                                          const cx_paths_csv_options *options);

#ifdef __cplusplus
}
#endif

#endif /* CX_PATHS_H */
