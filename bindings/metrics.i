/*
 * NPS, CSAT and CES (metrics.h, and the metric CSV reader of io.h): the
 * accumulator and the results as classes, the option structs as plain
 * records, the rest as module functions.
 *
 * Results are owned copies in C (they do not borrow the accumulator), so
 * only their string and array fields are read-only; the layer above copies
 * every field out into plain data at once.
 */

/* --- out-parameters of this module ------------------------------------- */

%apply size_t *OUT_SIZE { size_t *index };
CXB_OWNED_OUT(cx_metric_survey)
CXB_OWNED_OUT(cx_nps_result)
CXB_OWNED_OUT(cx_nps_diff)
CXB_OWNED_OUT(cx_csat_result)
CXB_OWNED_OUT(cx_ces_result)

%apply (const char *BYTES, size_t LEN) { (const uint8_t *data, size_t len),
                                          (const char *data, size_t len) };
%apply (uint8_t **BYTES_OUT, size_t *LEN_OUT) { (uint8_t **out, size_t *len) };

/* --- names ------------------------------------------------------------- */

%rename(MetricSurvey) cx_metric_survey;
%rename(MetricSample) cx_metric_sample;
%rename(NpsOptions) cx_nps_options;
%rename(NpsResult) cx_nps_result;
%rename(NpsDiffResult) cx_nps_diff; /* NpsDiff is the plain record above it */
%rename(CsatOptions) cx_csat_options;
%rename(CsatResult) cx_csat_result;
%rename(CesOptions) cx_ces_options;
%rename(CesResult) cx_ces_result;

/* Bound as methods below; the constructors and deserialize stay module
 * functions, the *_free functions are the destructors. */
%rename("$ignore", regextarget=1) "^cx_metric_survey_(?!new_|deserialize$)";
%ignore cx_nps_result_free;
%ignore cx_nps_diff_free;
%ignore cx_csat_result_free;
%ignore cx_ces_result_free;
%ignore CX_METRIC_ALL;
%ignore CX_NPS_OPTIONS_INIT;
%ignore CX_CSAT_OPTIONS_INIT;
%ignore CX_CES_OPTIONS_INIT;
%ignore cx_metric_link_options;
%ignore CX_METRIC_LINK_OPTIONS_INIT;

/* Replaced by a helper taking plain arguments (see cxb_metric_read_csv). */
%rename("$ignore", regextarget=1) "^cx_metric_read_csv";
%ignore cx_metric_csv_options;
%ignore CX_METRIC_CSV_OPTIONS_INIT;

/* The distribution is read through count_at() / count_raw_at(), which
 * check the index; the sample and the segment names are read-only. */
%ignore cx_metric_sample::count;
%ignore cx_metric_sample::count_raw;
%define CXB_SAMPLE_READONLY(FIELD) %immutable cx_metric_sample::FIELD; %enddef
CXB_SAMPLE_READONLY(n_raw) CXB_SAMPLE_READONLY(n_missing)
CXB_SAMPLE_READONLY(n_not_applicable) CXB_SAMPLE_READONLY(n_dont_know)
CXB_SAMPLE_READONLY(n) CXB_SAMPLE_READONLY(n_effective)
CXB_SAMPLE_READONLY(scale_min) CXB_SAMPLE_READONLY(n_points)
%immutable cx_nps_result::segment;
%immutable cx_nps_result::sample;
%immutable cx_csat_result::segment;
%immutable cx_csat_result::sample;
%immutable cx_ces_result::segment;
%immutable cx_ces_result::sample;

%nodefaultctor cx_metric_survey;
%nodefaultctor cx_metric_sample;
%nodefaultctor cx_nps_result;
%nodefaultctor cx_nps_diff;
%nodefaultctor cx_csat_result;
%nodefaultctor cx_ces_result;
%nodefaultdtor cx_metric_sample;

%include <cx/metrics.h>

/* Opaque in C; read by SWIG only. */
struct cx_metric_survey {};

/* "All segments pooled", as an ordinary integer. */
%constant unsigned long long METRIC_ALL = CX_METRIC_ALL;

/* --- methods ----------------------------------------------------------- */

%extend cx_metric_survey {
  ~cx_metric_survey() { cx_metric_survey_free($self); }

  /** The metric collected (0 NPS, 1 CSAT, 2 CES). */
  cx_metric_kind kind();
  /** CES version (0 for other metrics, 1 or 2). */
  cx_ces_version ces_version();
  /** A copy of the answer scale (without labels). */
  cx_status scale(cx_scale *out);
  /** Add a named segment (before any unsegmented answer); returns its index. */
  cx_status add_segment(const char *name, size_t *index);
  /** Index of the segment called @p name; NotFound when there is none. */
  cx_status find_segment(const char *name, size_t *index);
  /** Number of named segments (0 when unsegmented). */
  size_t n_segments();
  /** Name of segment @p index, or nothing when out of range. */
  const char *segment_name(size_t index);
  /** Add one answer (NaN = missing, or a code of the scale) with a survey
      weight; @p respondent only names it in error messages. */
  cx_status add(size_t segment, double score, double weight,
                const char *respondent);
  /** Add everything in @p src (segments matched by name); unchanged on
      failure. */
  cx_status merge(const cx_metric_survey *src);
  /** The accumulator as a versioned, checksummed byte string. */
  cx_status serialize(uint8_t **out, size_t *len);
}

%extend cx_metric_sample {
  /** Weighted count of scale point scale_min + @p i. */
  double count_at(size_t i) {
    if (!cxb_check_index("scale point", (long)i, (long)$self->n_points))
      return NAN;
    return $self->count[i];
  }
  /** Unweighted count of scale point scale_min + @p i. */
  unsigned long long count_raw_at(size_t i) {
    if (!cxb_check_index("scale point", (long)i, (long)$self->n_points))
      return 0;
    return $self->count_raw[i];
  }
}

%extend cx_nps_result { ~cx_nps_result() { cx_nps_result_free($self); } }
%extend cx_nps_diff { ~cx_nps_diff() { cx_nps_diff_free($self); } }
%extend cx_csat_result { ~cx_csat_result() { cx_csat_result_free($self); } }
%extend cx_ces_result { ~cx_ces_result() { cx_ces_result_free($self); } }

CXB_OPTIONS_CTOR(cx_nps_options, CX_NPS_OPTIONS_INIT)
CXB_OPTIONS_CTOR(cx_csat_options, CX_CSAT_OPTIONS_INIT)
CXB_OPTIONS_CTOR(cx_ces_options, CX_CES_OPTIONS_INIT)

/* --- batch input -------------------------------------------------------- */

#if defined(SWIGPYTHON)
%extend cx_metric_survey {
  /** Add one answer per row from columns read in place (see
      cx_metric_survey_add_batch); the GIL is released while counting. */
  cx_status add_batch_buffers(PyObject *score, PyObject *segment,
                              PyObject *weight) {
    static const char *const names[3] = {"score", "segment", "weight"};
    PyObject *objs[3];
    cxb_column cols[3];
    cx_array arrays[3];
    Py_ssize_t n;
    cx_status st;
    objs[0] = score; objs[1] = segment; objs[2] = weight;
    if (cxb_columns_open(objs, names, 3, 1, cols, arrays, &n) != 0)
      return CX_OK; /* the pending exception is reported by the wrapper */
    Py_BEGIN_ALLOW_THREADS
    st = cx_metric_survey_add_batch($self, (size_t)n, &arrays[0],
                                    arrays[1].data ? &arrays[1] : NULL,
                                    arrays[2].data ? &arrays[2] : NULL);
    Py_END_ALLOW_THREADS
    cxb_columns_release(cols, 3);
    return st;
  }
}
#elif defined(SWIGRUBY)
%extend cx_metric_survey {
  /** Add @p n answers from packed columns (Strings of @p n elements of the
      given cx_dtype; nil for an absent segment or weight column). */
  cx_status add_batch_packed(size_t n, VALUE score, int score_dtype,
                             VALUE segment, int segment_dtype, VALUE weight,
                             int weight_dtype) {
    cx_array sc, se, we;
    if (NIL_P(score)) rb_raise(rb_eArgError, "the score column is required");
    cxb_column(score, score_dtype, n, "score", &sc);
    cxb_column(segment, segment_dtype, n, "segment", &se);
    cxb_column(weight, weight_dtype, n, "weight", &we);
    return cx_metric_survey_add_batch($self, n, &sc, se.data ? &se : NULL,
                                      we.data ? &we : NULL);
  }
}
#endif

/* --- links into journey maps (metrics.h) ------------------------------- */

%rename(metric_survey_link_journey) cxb_metric_survey_link_journey;
%inline %{
/** Write the figure of every segment whose name is a touchpoint id of
 *  @p journey into that touchpoint's metrics (see
 *  cx_metric_survey_link_journey); @p name nothing for the metric's name,
 *  @p csat_method required for CSAT (1 top-2-box, 2 mean), @p percent NPS
 *  times 100.  Returns the link report. */
static cx_status cxb_metric_survey_link_journey(
    const cx_metric_survey *survey, cx_journey *journey, const char *name,
    int csat_method, int percent, cx_journey_link_report **report) {
  cx_metric_link_options o = CX_METRIC_LINK_OPTIONS_INIT;
  o.name = name;
  o.csat_method = (cx_csat_method)csat_method;
  o.percent = percent;
  return cx_metric_survey_link_journey(survey, journey, &o, report);
}
%}

/* --- CSV ---------------------------------------------------------------- */

%rename(metric_read_csv) cxb_metric_read_csv;
%inline %{
/** Read the answers to one question from a CSV file (@p path) or buffer
 *  (@p path NULL, then @p data and @p name) into @p survey.  A NULL string
 *  option takes the library's meaning for NULL (see cx_metric_csv_options);
 *  @p layout is 0 auto, 1 long, 2 wide. */
static cx_status cxb_metric_read_csv(
    cx_metric_survey *survey, const char *path, const char *data, size_t len,
    const char *name, int layout, const char *delimiter,
    const char *score_column, const char *metric_column, const char *metric,
    const char *respondent_column, const char *segment_column,
    const char *weight_column, int require_segment, int require_weight,
    int numeric_codes, const char *na_text, const char *dk_text,
    const cx_read_limits *limits) {
  cx_metric_csv_options o = CX_METRIC_CSV_OPTIONS_INIT;
  if (!delimiter || strlen(delimiter) != 1) {
    CXB_RAISE_MSG(CX_EINVAL, "the delimiter must be exactly one byte");
    return CX_OK;
  }
  o.layout = (cx_metric_csv_layout)layout;
  o.delimiter = delimiter[0];
  o.score_column = score_column;
  o.metric_column = metric_column;
  o.metric = metric;
  o.respondent_column = respondent_column;
  o.segment_column = segment_column;
  o.weight_column = weight_column;
  o.require_segment = require_segment;
  o.require_weight = require_weight;
  o.numeric_codes = numeric_codes;
  o.na_text = na_text;
  o.dk_text = dk_text;
  if (limits) o.limits = *limits;
  if (path) return cx_metric_read_csv(survey, path, &o);
  return cx_metric_read_csv_buffer(survey, data ? data : "", len, name, &o);
}
%}

/* --- charts (render.h) -------------------------------------------------- */

/* A chart takes a list of results (a Python sequence, a Ruby Array) of its
 * metric, viewed as the C array for the length of the call.  The list and
 * its elements are held until the call returns, so a list made on the fly
 * (a generator, Kernel#Array of an Enumerable) cannot be collected under
 * the library.  None / nil elements reach the library, which refuses them
 * by position; an element of another type is a TypeError here. */
%{
#if defined(SWIGPYTHON)
/* The pointers of the sequence @p in, in a malloc'ed array; @p keep gets
 * the sequence (a new reference) that holds the elements alive. */
static int cxb_result_list(PyObject *in, swig_type_info *ty,
                           const char *what, PyObject **keep, void ***out,
                           size_t *n) {
  PyObject *seq;
  Py_ssize_t k, i;
  void **list;
  if (PyUnicode_Check(in) || PyBytes_Check(in)) {
    PyErr_Format(PyExc_TypeError, "expected a list of %s objects, not %s",
                 what, Py_TYPE(in)->tp_name);
    return 0;
  }
  seq = PySequence_Fast(in, "expected a list of results");
  if (!seq) return 0;
  k = PySequence_Fast_GET_SIZE(seq);
  list = (void **)calloc(k > 0 ? (size_t)k : 1, sizeof *list);
  if (!list) {
    Py_DECREF(seq);
    PyErr_NoMemory();
    return 0;
  }
  for (i = 0; i < k; i++) {
    PyObject *item = PySequence_Fast_GET_ITEM(seq, i);
    if (!SWIG_IsOK(SWIG_ConvertPtr(item, &list[i], ty, 0))) {
      PyErr_Format(PyExc_TypeError, "element %zd is a %s, not a %s", i,
                   Py_TYPE(item)->tp_name, what);
      free(list);
      Py_DECREF(seq);
      return 0;
    }
  }
  *keep = seq;
  *out = list;
  *n = (size_t)k;
  return 1;
}
#else
/* The pointers of the Array @p in (Kernel#Array rules), in a Ruby String
 * so that a raise cannot leak them; @p keep_ary gets the Array holding the
 * elements. */
static VALUE cxb_result_list(VALUE in, swig_type_info *ty, const char *what,
                             VALUE *keep_ary, void ***out, size_t *n) {
  VALUE ary = rb_Array(in);
  long k = RARRAY_LEN(ary), i;
  VALUE keep = rb_str_new(NULL, (long)sizeof(void *) * (k > 0 ? k : 1));
  void **list = (void **)RSTRING_PTR(keep);
  *keep_ary = ary;
  for (i = 0; i < k; i++) {
    VALUE item = rb_ary_entry(ary, i);
    if (!SWIG_IsOK(SWIG_ConvertPtr(item, &list[i], ty, 0)))
      rb_raise(rb_eTypeError, "element %ld is a %s, not a %s", i,
               rb_obj_classname(item), what);
  }
  *out = list;
  *n = (size_t)k;
  return keep;
}
#endif
%}

%define CXB_RESULT_LIST(TYPE, WHAT)
#if defined(SWIGPYTHON)
%typemap(in) (const TYPE *const *results, size_t n)
    (void **list = NULL, PyObject *keep = NULL) {
  if (!cxb_result_list($input, $descriptor(TYPE *), WHAT, &keep, &list, &$2))
    SWIG_fail;
  $1 = ($1_ltype)list;
}
%typemap(freearg) (const TYPE *const *results, size_t n) {
  free(list$argnum);
  Py_XDECREF(keep$argnum);
}
#else
%typemap(in) (const TYPE *const *results, size_t n)
    (void **list = NULL, VALUE keep = Qnil, VALUE keep_ary = Qnil) {
  VALUE ary = Qnil;
  keep = cxb_result_list($input, $descriptor(TYPE *), WHAT, &ary, &list, &$2);
  keep_ary = ary;
  $1 = ($1_ltype)list;
}
%typemap(freearg) (const TYPE *const *results, size_t n) {
  RB_GC_GUARD(keep$argnum);
  RB_GC_GUARD(keep_ary$argnum);
}
#endif
%enddef
#if defined(SWIGPYTHON)
CXB_RESULT_LIST(cx_nps_result, "cx.core.NpsResult")
CXB_RESULT_LIST(cx_csat_result, "cx.core.CsatResult")
CXB_RESULT_LIST(cx_ces_result, "cx.core.CesResult")
#else
CXB_RESULT_LIST(cx_nps_result, "CX::NpsResult")
CXB_RESULT_LIST(cx_csat_result, "CX::CsatResult")
CXB_RESULT_LIST(cx_ces_result, "CX::CesResult")
#endif

/* Like the other charts, these take their options as plain arguments (no
 * string in an options struct has to outlive a call); the option structs
 * and the C functions are replaced by the helpers below.  The interval
 * constants (NPS_SVG_WALD ...) and the themes stay for the layer above. */
%ignore cx_render_nps_svg;
%ignore cx_render_csat_svg;
%ignore cx_render_ces_svg;
%ignore cx_nps_svg_options;
%ignore cx_metric_svg_options;
%ignore CX_NPS_SVG_OPTIONS_INIT;
%ignore CX_METRIC_SVG_OPTIONS_INIT;
%apply (char **TEXT_OUT, size_t *LEN_OUT) { (char **svg, size_t *svg_len) };
%rename(render_nps_svg) cxb_render_nps_svg;
%rename(render_csat_svg) cxb_render_csat_svg;
%rename(render_ces_svg) cxb_render_ces_svg;
%inline %{
/** The NPS chart of @p results (one row each, in order) as SVG text:
 *  @p title and @p all_label nothing for the defaults, @p theme 0 light,
 *  1 dark, 2 print, @p interval 0 Wald, 1 adjusted Wald, 2 bootstrap
 *  (see cx_render_nps_svg). */
static cx_status cxb_render_nps_svg(const cx_nps_result *const *results,
                                    size_t n, unsigned width,
                                    const char *title, const char *all_label,
                                    int theme, int interval, char **svg,
                                    size_t *svg_len) {
  cx_nps_svg_options o = CX_NPS_SVG_OPTIONS_INIT;
  o.width = width;
  o.title = title;
  o.all_label = all_label;
  o.theme = (cx_theme)theme;
  o.interval = (cx_nps_svg_interval)interval;
  return cx_render_nps_svg(results, n, &o, svg, svg_len);
}

/** The CSAT chart of @p results as SVG text (see cx_render_csat_svg). */
static cx_status cxb_render_csat_svg(const cx_csat_result *const *results,
                                     size_t n, unsigned width,
                                     const char *title,
                                     const char *all_label, int theme,
                                     char **svg, size_t *svg_len) {
  cx_metric_svg_options o = CX_METRIC_SVG_OPTIONS_INIT;
  o.width = width;
  o.title = title;
  o.all_label = all_label;
  o.theme = (cx_theme)theme;
  return cx_render_csat_svg(results, n, &o, svg, svg_len);
}

/** The CES chart of @p results as SVG text (see cx_render_ces_svg). */
static cx_status cxb_render_ces_svg(const cx_ces_result *const *results,
                                    size_t n, unsigned width,
                                    const char *title, const char *all_label,
                                    int theme, char **svg, size_t *svg_len) {
  cx_metric_svg_options o = CX_METRIC_SVG_OPTIONS_INIT;
  o.width = width;
  o.title = title;
  o.all_label = all_label;
  o.theme = (cx_theme)theme;
  return cx_render_ces_svg(results, n, &o, svg, svg_len);
}
%}
