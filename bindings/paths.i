/*
 * Observed journeys from event logs (paths.h): the log, its result, the
 * funnel, the attribution and the conformance as classes; the summaries,
 * edges, variants, steps and credits as plain records copied out.
 *
 * Records whose names point into their owner (an edge's touchpoint names,
 * a credit's channel) are read-only; the layers above copy every field
 * into plain data at once and keep the owner alive for the raw records.
 * Options of the graph export, the funnel, the attribution and the CSV
 * reader are plain arguments of small helpers, so no string in an options
 * struct has to outlive a call.
 */

/* --- out-parameters of this module ------------------------------------- */

CXB_OWNED_OUT(cx_paths_log)
CXB_OWNED_OUT(cx_paths_result)
CXB_OWNED_OUT(cx_paths_funnel)
CXB_OWNED_OUT(cx_paths_attribution)
CXB_OWNED_OUT(cx_paths_conformance)
CXB_STRUCT_OUT(cx_paths_options)
CXB_STRUCT_OUT(cx_paths_summary)
CXB_STRUCT_OUT(cx_paths_touchpoint)
CXB_STRUCT_OUT(cx_paths_edge)
CXB_STRUCT_OUT(cx_paths_variant)
CXB_STRUCT_OUT(cx_paths_funnel_step)
CXB_STRUCT_OUT(cx_paths_attribution_summary)
CXB_STRUCT_OUT(cx_paths_credit)
CXB_STRUCT_OUT(cx_paths_conformance_summary)
CXB_STRUCT_OUT(cx_paths_conformance_touchpoint)
CXB_STRUCT_OUT(cx_paths_unexpected)

%typemap(in, numinputs=0) int64_t *OUT_I64 (int64_t temp = 0) { $1 = &temp; }
%typemap(argout, fragment=SWIG_From_frag(long long)) int64_t *OUT_I64 {
  %append_output(SWIG_From_long_SS_long((long long)*$1));
}
%apply int64_t *OUT_I64 { int64_t *out };
%apply size_t *OUT_SIZE { size_t *index };
%apply (const char *BYTES, size_t LEN) { (const char *text, size_t len),
                                          (const uint8_t *data, size_t len),
                                          (const char *data, size_t len) };
%apply (uint8_t **BYTES_OUT, size_t *LEN_OUT) { (uint8_t **out, size_t *len) };
%apply (char **TEXT_OUT, size_t *LEN_OUT) { (char **out, size_t *len) };

/* --- names ------------------------------------------------------------- */

%rename(PathsLog) cx_paths_log;
%rename(PathsResult) cx_paths_result;
%rename(PathsFunnel) cx_paths_funnel;
%rename(PathsAttribution) cx_paths_attribution;
%rename(PathsConformance) cx_paths_conformance;
%rename(PathsOptions) cx_paths_options;
%rename(PathsSummary) cx_paths_summary;
%rename(PathsTouchpoint) cx_paths_touchpoint;
%rename(PathsEdge) cx_paths_edge;
%rename(PathsVariant) cx_paths_variant;
%rename(PathsFunnelStep) cx_paths_funnel_step;
%rename(PathsAttributionSummary) cx_paths_attribution_summary;
%rename(PathsCredit) cx_paths_credit;
%rename(PathsConformanceSummary) cx_paths_conformance_summary;
%rename(PathsConformanceTouchpoint) cx_paths_conformance_touchpoint;
%rename(PathsUnexpected) cx_paths_unexpected;

/* Bound as methods below or replaced by helpers; these stay module
 * functions. */
%rename("$ignore", regextarget=1, %$isfunction) "^cx_paths_(?!funnel_mode_name$|parse_timestamp$|log_deserialize$|result_compute$|conformance_compute$)";
%ignore CX_PATHS_ALL;
%ignore CX_PATHS_OPTIONS_INIT;
%ignore cx_paths_graph_options;
%ignore CX_PATHS_GRAPH_OPTIONS_INIT;
%ignore cx_paths_funnel_options;
%ignore CX_PATHS_FUNNEL_OPTIONS_INIT;
%ignore cx_paths_attribution_options;
%ignore CX_PATHS_ATTRIBUTION_OPTIONS_INIT;
%ignore cx_paths_csv_options;
%ignore CX_PATHS_CSV_OPTIONS_INIT;

/* "from" is a Python keyword: an edge's touchpoint indices are called
 * from_index and to_index in both languages. */
%rename(from_index) cx_paths_edge::from;
%rename(to_index) cx_paths_edge::to;

/* Strings inside the records are borrowed from their owner: read-only. */
%immutable cx_paths_touchpoint::name;
%immutable cx_paths_touchpoint::channel;
%immutable cx_paths_edge::from_name;
%immutable cx_paths_edge::to_name;
%immutable cx_paths_funnel_step::name;
%immutable cx_paths_credit::name;
%immutable cx_paths_conformance_touchpoint::id;
%immutable cx_paths_unexpected::name;

%nodefaultctor cx_paths_log;
%nodefaultctor cx_paths_result;
%nodefaultctor cx_paths_funnel;
%nodefaultctor cx_paths_attribution;
%nodefaultctor cx_paths_conformance;
%nodefaultctor cx_paths_summary;
%nodefaultctor cx_paths_touchpoint;
%nodefaultctor cx_paths_edge;
%nodefaultctor cx_paths_variant;
%nodefaultctor cx_paths_funnel_step;
%nodefaultctor cx_paths_attribution_summary;
%nodefaultctor cx_paths_credit;
%nodefaultctor cx_paths_conformance_summary;
%nodefaultctor cx_paths_conformance_touchpoint;
%nodefaultctor cx_paths_unexpected;

/* --- lists of names in: a sequence of str (Python), an Array of String
 * (Ruby); nothing passes NULL. --------------------------------------- */

#if defined(SWIGPYTHON)
%{
/* The UTF-8 texts of a sequence of str, in a new array; @p keep holds a
 * private tuple of the strings, which own the texts, until the caller
 * releases it.  None gives NULL and 0. */
static int cxb_names_open(PyObject *obj, const char *what, PyObject **keep,
                          const char ***names, size_t *n) {
  Py_ssize_t i, len;
  *keep = NULL;
  *names = NULL;
  *n = 0;
  if (obj == Py_None) return 0;
  if (PyUnicode_Check(obj) || PyBytes_Check(obj)) {
    PyErr_Format(PyExc_TypeError, "%s must be a sequence of str, not one "
                 "string", what);
    return -1;
  }
  *keep = PySequence_Tuple(obj);
  if (!*keep) {
    PyErr_Clear();
    PyErr_Format(PyExc_TypeError, "%s must be a sequence of str, not %s",
                 what, Py_TYPE(obj)->tp_name);
    return -1;
  }
  len = PyTuple_GET_SIZE(*keep);
  *names = (const char **)malloc((size_t)(len ? len : 1) * sizeof **names);
  if (!*names) {
    Py_CLEAR(*keep);
    PyErr_NoMemory();
    return -1;
  }
  for (i = 0; i < len; i++) {
    PyObject *s = PyTuple_GET_ITEM(*keep, i);
    if (!PyUnicode_Check(s)) {
      PyErr_Format(PyExc_TypeError, "%s[%zd] must be str, not %s", what, i,
                   Py_TYPE(s)->tp_name);
      break;
    }
    (*names)[i] = PyUnicode_AsUTF8(s);
    if (!(*names)[i]) break;
  }
  if (i < len) {
    free((void *)*names);
    *names = NULL;
    Py_CLEAR(*keep);
    return -1;
  }
  *n = (size_t)len;
  return 0;
}
%}
%typemap(in) (const char *const *NAMES, size_t N_NAMES)
    (PyObject *keep = NULL, const char **arr = NULL) {
  if (cxb_names_open($input, "$1_name", &keep, &arr, &$2) != 0) SWIG_fail;
  $1 = ($1_ltype)arr;
}
%typemap(freearg) (const char *const *NAMES, size_t N_NAMES) {
  free((void *)arr$argnum);
  Py_XDECREF(keep$argnum);
}
#elif defined(SWIGRUBY)
%{
/* The texts of an Array of String as a C array held by a Ruby String
 * (freed by the GC even when a later check raises); nil gives NULL. */
static const char **cxb_names(VALUE ary, const char *what, size_t *n,
                              VALUE *keep) {
  long i, len;
  const char **names;
  *n = 0;
  *keep = Qnil;
  if (NIL_P(ary)) return NULL;
  if (!RB_TYPE_P(ary, T_ARRAY))
    rb_raise(rb_eTypeError, "%s must be an Array of String", what);
  len = RARRAY_LEN(ary);
  *keep = rb_str_new(NULL, (long)((len ? len : 1) * (long)sizeof(char *)));
  names = (const char **)RSTRING_PTR(*keep);
  for (i = 0; i < len; i++) {
    VALUE s = rb_ary_entry(ary, i);
    if (!RB_TYPE_P(s, T_STRING))
      rb_raise(rb_eTypeError, "%s[%ld] must be a String", what, i);
    names[i] = StringValueCStr(s);
  }
  *n = (size_t)len;
  return names;
}
%}
%typemap(in) (const char *const *NAMES, size_t N_NAMES) (VALUE keep = Qnil) {
  $1 = ($1_ltype)cxb_names($input, "$1_name", &$2, &keep);
}
%typemap(freearg) (const char *const *NAMES, size_t N_NAMES) {
  RB_GC_GUARD(keep$argnum);
}
#endif

%apply (const char *const *NAMES, size_t N_NAMES) {
  (const char *const *steps, size_t n_steps) };

%include <cx/paths.h>

/* Opaque in C; read by SWIG only. */
struct cx_paths_log {};
struct cx_paths_result {};
struct cx_paths_funnel {};
struct cx_paths_attribution {};
struct cx_paths_conformance {};

/* "All segments pooled", as an ordinary integer. */
%constant unsigned long long PATHS_ALL = CX_PATHS_ALL;
/* "No touchpoint" of variant_step, as an ordinary integer. */
%constant unsigned long long PATHS_NO_STEP = SIZE_MAX;

CXB_OPTIONS_CTOR(cx_paths_options, CX_PATHS_OPTIONS_INIT)

/* --- methods ----------------------------------------------------------- */

%extend cx_paths_log {
  /** An empty log: @p sorted_by_case 1 streams input grouped by case,
      @p max_cases 0 means no limit, @p graph_only 1 keeps only what the
      directly-follows graph needs (each case's events in time order). */
  cx_paths_log(int sorted_by_case = 0, unsigned long long max_cases = 0,
               unsigned long long max_touchpoints = 100000,
               int graph_only = 0) {
    cx_paths_options o = CX_PATHS_OPTIONS_INIT;
    cx_paths_log *log = NULL;
    cx_status st;
    o.sorted_by_case = sorted_by_case;
    o.max_cases = (uint64_t)max_cases;
    o.max_touchpoints = (size_t)max_touchpoints;
    o.graph_only = graph_only;
    st = cx_paths_log_new(&log, &o);
    if (st != CX_OK) CXB_RAISE(st);
    return log;
  }
  ~cx_paths_log() { cx_paths_log_free($self); }

  /** A copy of the log's options. */
  cx_status get_options(cx_paths_options *out);
  /** Add a touchpoint (or find it); returns its index. */
  cx_status add_touchpoint(const char *name, const char *channel,
                           size_t *index);
  /** Index of a touchpoint; NotFound when there is none. */
  cx_status find_touchpoint(const char *name, size_t *index);
  size_t n_touchpoints();
  /** Name of touchpoint @p index, or nothing when out of range. */
  const char *touchpoint_name(size_t index);
  /** Channel of touchpoint @p index ("" for none), or nothing. */
  const char *touchpoint_channel(size_t index);
  /** Add a segment (or find it); returns its index. */
  cx_status add_segment(const char *name, size_t *index);
  size_t n_segments();
  /** Name of segment @p index, or nothing when out of range. */
  const char *segment_name(size_t index);
  /** Add one event with a text case id (timestamp in microseconds since
      1970, value NaN for none, outcome 0 or 1). */
  cx_status add(const char *case_id, const char *touchpoint,
                int64_t timestamp, double value, int outcome,
                const char *segment, const char *channel);
  /** Close every open case. */
  cx_status flush();
  uint64_t n_events();
  uint64_t n_pending();
  /** Add everything in @p src (a partition of other cases). */
  cx_status merge(const cx_paths_log *src);
  /** The log as a versioned, checksummed byte string. */
  cx_status serialize(uint8_t **out, size_t *len);

  /** Declare a funnel (steps by name; @p mode 0 ordered, 1 strict, 2 any
      order; @p window in microseconds, 0 for none). */
  cx_status declare_funnel_steps(const char *const *steps, size_t n_steps,
                                 int mode, long long window) {
    cx_paths_funnel_options o = CX_PATHS_FUNNEL_OPTIONS_INIT;
    o.mode = (cx_paths_funnel_mode)mode;
    o.window = (int64_t)window;
    return cx_paths_log_declare_funnel($self, steps, n_steps, &o);
  }
}

%extend cx_paths_result {
  ~cx_paths_result() { cx_paths_result_free($self); }
  /** Totals. */
  cx_status summary(cx_paths_summary *out);
  /** Quantile @p q (0-1) of the case durations, seconds. */
  cx_status duration_quantile(double q, double *out);
  /** Figures of touchpoint @p index. */
  cx_status touchpoint(size_t index, cx_paths_touchpoint *out);
  size_t n_edges();
  /** Edge @p index (most frequent first). */
  cx_status edge(size_t index, cx_paths_edge *out);
  size_t n_variants();
  /** Variant @p index (most frequent first). */
  cx_status variant(size_t index, cx_paths_variant *out);
  /** Touchpoint index at @p position of variant @p index (PATHS_NO_STEP
      when out of range). */
  size_t variant_step(size_t index, size_t position);
  /** Name of touchpoint @p index, or nothing when out of range. */
  const char *touchpoint_name(size_t index);
}

%extend cx_paths_funnel {
  ~cx_paths_funnel() { cx_paths_funnel_free($self); }
  size_t n_steps();
  size_t n_segments();
  /** Name of segment @p index, or nothing when out of range. */
  const char *segment_name(size_t index);
  /** Figures of step @p step in segment @p segment (PATHS_ALL pools). */
  cx_status step_get(size_t segment, size_t step, cx_paths_funnel_step *out);
}

%extend cx_paths_attribution {
  ~cx_paths_attribution() { cx_paths_attribution_free($self); }
  cx_status summary_get(cx_paths_attribution_summary *out);
  size_t n_channels();
  /** Credit of channel @p index. */
  cx_status channel(size_t index, cx_paths_credit *out);
}

%extend cx_paths_conformance {
  ~cx_paths_conformance() { cx_paths_conformance_free($self); }
  cx_status summary_get(cx_paths_conformance_summary *out);
  size_t n_touchpoints();
  /** Figures of map touchpoint @p index (journey order). */
  cx_status touchpoint_get(size_t index, cx_paths_conformance_touchpoint *out);
  size_t n_unexpected();
  /** Unexpected touchpoint @p index (most cases first). */
  cx_status unexpected_get(size_t index, cx_paths_unexpected *out);
  /** Write reach and drop-off into the touchpoints of @p journey. */
  cx_status apply(cx_journey *journey);
}

/* --- helpers with plain arguments ------------------------------------- */

%rename(paths_funnel_compute) cxb_paths_funnel_compute;
%rename(paths_attribution_compute) cxb_paths_attribution_compute;
%rename(paths_result_to_dot) cxb_paths_result_to_dot;
%rename(paths_render_svg) cxb_paths_render_svg;
%rename(paths_read_csv) cxb_paths_read_csv;
%inline %{
/** Compute a funnel of @p log (@p mode 0 ordered, 1 strict, 2 any order;
 *  @p window in microseconds, 0 for none). */
static cx_status cxb_paths_funnel_compute(cx_paths_funnel **out,
                                          const cx_paths_log *log,
                                          const char *const *steps,
                                          size_t n_steps, int mode,
                                          long long window) {
  cx_paths_funnel_options o = CX_PATHS_FUNNEL_OPTIONS_INIT;
  o.mode = (cx_paths_funnel_mode)mode;
  o.window = (int64_t)window;
  return cx_paths_funnel_compute(out, log, steps, n_steps, &o);
}

/** Attribute the conversions of @p result (Markov @p order 1-4;
 *  @p by_channel 1 credits channels; @p max_states 0 keeps the default). */
static cx_status cxb_paths_attribution_compute(cx_paths_attribution **out,
                                               const cx_paths_result *result,
                                               unsigned order, int by_channel,
                                               unsigned long long max_states) {
  cx_paths_attribution_options o = CX_PATHS_ATTRIBUTION_OPTIONS_INIT;
  o.order = order;
  o.by_channel = by_channel;
  if (max_states) o.max_states = (size_t)max_states;
  return cx_paths_attribution_compute(out, result, &o);
}

/** The directly-follows graph in Graphviz DOT (@p max_edges 0: all;
 *  @p title nothing for none). */
static cx_status cxb_paths_result_to_dot(const cx_paths_result *result,
                                         unsigned long long min_count,
                                         unsigned long long max_edges,
                                         const char *title, char **out,
                                         size_t *len) {
  cx_paths_graph_options o = CX_PATHS_GRAPH_OPTIONS_INIT;
  o.min_count = (uint64_t)min_count;
  o.max_edges = (size_t)max_edges;
  o.title = title;
  return cx_paths_result_to_dot(result, &o, out, len);
}

/** The directly-follows graph as SVG (libcx's layered layout). */
static cx_status cxb_paths_render_svg(const cx_paths_result *result,
                                      unsigned long long min_count,
                                      unsigned long long max_edges,
                                      const char *title, char **out,
                                      size_t *len) {
  cx_paths_graph_options o = CX_PATHS_GRAPH_OPTIONS_INIT;
  o.min_count = (uint64_t)min_count;
  o.max_edges = (size_t)max_edges;
  o.title = title;
  return cx_paths_render_svg(result, &o, out, len);
}

/** Read an event-log CSV file (@p path) or buffer (@p path NULL, then
 *  @p data and @p name) into @p log.  Column names nothing: no such
 *  column; @p time_format 0 auto, 1 ISO 8601, 2 s, 3 ms, 4 us;
 *  @p conversion_touchpoint nothing for none. */
static cx_status cxb_paths_read_csv(
    cx_paths_log *log, const char *path, const char *data, size_t len,
    const char *name, const char *delimiter, const char *case_column,
    const char *touchpoint_column, const char *timestamp_column,
    const char *channel_column, const char *value_column,
    const char *outcome_column, const char *segment_column,
    int require_optional, int time_format,
    const char *conversion_touchpoint, const cx_read_limits *limits) {
  cx_paths_csv_options o = CX_PATHS_CSV_OPTIONS_INIT;
  if (!delimiter || strlen(delimiter) != 1) {
    CXB_RAISE_MSG(CX_EINVAL, "the delimiter must be exactly one byte");
    return CX_OK;
  }
  o.delimiter = delimiter[0];
  o.case_column = case_column;
  o.touchpoint_column = touchpoint_column;
  o.timestamp_column = timestamp_column;
  o.channel_column = channel_column;
  o.value_column = value_column;
  o.outcome_column = outcome_column;
  o.segment_column = segment_column;
  o.require_optional = require_optional;
  o.time_format = (cx_paths_time_format)time_format;
  o.conversion_touchpoint = conversion_touchpoint;
  if (limits) o.limits = *limits;
  if (path) return cx_paths_read_csv(log, path, &o);
  return cx_paths_read_csv_buffer(log, data ? data : "", len, name, &o);
}
%}

/* --- batch input -------------------------------------------------------- */

#if defined(SWIGPYTHON)
%extend cx_paths_log {
  /** Add one event per row from columns read in place (see
      cx_paths_log_add_batch): case, touchpoint and timestamp are
      required; the dictionaries are sequences of str or nothing.  The GIL
      is released while the events are added. */
  cx_status add_batch_buffers(PyObject *case_codes,
                              PyObject *touchpoint_codes,
                              PyObject *timestamps, PyObject *values,
                              PyObject *outcomes, PyObject *segment_codes,
                              PyObject *touchpoint_names,
                              PyObject *segment_names) {
    static const char *const names[6] = {"case", "touchpoint", "timestamp",
                                         "value", "outcome", "segment"};
    PyObject *objs[6];
    cxb_column cols[6];
    cx_array arrays[6];
    Py_ssize_t n;
    PyObject *tkeep = NULL, *skeep = NULL;
    const char **tnames = NULL, **snames = NULL;
    size_t n_tnames = 0, n_snames = 0;
    cx_status st = CX_OK;
    objs[0] = case_codes; objs[1] = touchpoint_codes; objs[2] = timestamps;
    objs[3] = values; objs[4] = outcomes; objs[5] = segment_codes;
    if (cxb_names_open(touchpoint_names, "touchpoint_names", &tkeep, &tnames,
                       &n_tnames) != 0)
      return CX_OK; /* the pending exception is reported by the wrapper */
    if (cxb_names_open(segment_names, "segment_names", &skeep, &snames,
                       &n_snames) != 0)
      goto done;
    if (cxb_columns_open(objs, names, 6, 3, cols, arrays, &n) != 0) goto done;
    Py_BEGIN_ALLOW_THREADS
    st = cx_paths_log_add_batch(
        $self, (size_t)n, &arrays[0], &arrays[1], &arrays[2],
        arrays[3].data ? &arrays[3] : NULL, arrays[4].data ? &arrays[4] : NULL,
        arrays[5].data ? &arrays[5] : NULL, tnames, n_tnames, snames,
        n_snames);
    Py_END_ALLOW_THREADS
    cxb_columns_release(cols, 6);
  done:
    free((void *)tnames);
    free((void *)snames);
    Py_XDECREF(tkeep);
    Py_XDECREF(skeep);
    return st;
  }
}
#elif defined(SWIGRUBY)
%extend cx_paths_log {
  /** Add @p n events from packed columns (Strings of @p n elements of the
      given cx_dtype; nil for an absent optional column) with the
      dictionaries as Arrays of String (nil: the log's own indices). */
  cx_status add_batch_packed(size_t n, VALUE case_codes, int case_dtype,
                             VALUE touchpoint_codes, int touchpoint_dtype,
                             VALUE timestamps, int timestamp_dtype,
                             VALUE values, int value_dtype, VALUE outcomes,
                             int outcome_dtype, VALUE segment_codes,
                             int segment_dtype, VALUE touchpoint_names,
                             VALUE segment_names) {
    cx_array ca, tp, ts, va, ou, se;
    VALUE tkeep, skeep;
    size_t n_tnames, n_snames;
    const char **tnames, **snames;
    cx_status st;
    if (NIL_P(case_codes) || NIL_P(touchpoint_codes) || NIL_P(timestamps))
      rb_raise(rb_eArgError, "case, touchpoint and timestamp are required");
    cxb_column(case_codes, case_dtype, n, "case", &ca);
    cxb_column(touchpoint_codes, touchpoint_dtype, n, "touchpoint", &tp);
    cxb_column(timestamps, timestamp_dtype, n, "timestamp", &ts);
    cxb_column(values, value_dtype, n, "value", &va);
    cxb_column(outcomes, outcome_dtype, n, "outcome", &ou);
    cxb_column(segment_codes, segment_dtype, n, "segment", &se);
    tnames = cxb_names(touchpoint_names, "touchpoint_names", &n_tnames, &tkeep);
    snames = cxb_names(segment_names, "segment_names", &n_snames, &skeep);
    st = cx_paths_log_add_batch($self, n, &ca, &tp, &ts, va.data ? &va : NULL,
                                ou.data ? &ou : NULL, se.data ? &se : NULL,
                                tnames, n_tnames, snames, n_snames);
    RB_GC_GUARD(tkeep);
    RB_GC_GUARD(skeep);
    RB_GC_GUARD(touchpoint_names);
    RB_GC_GUARD(segment_names);
    return st;
  }
}
#endif
