/*
 * Gap analysis (gap.h): the accumulator and its result as classes, the
 * options as a plain record, the per-item and per-dimension rows as
 * read-only records borrowed from their result.
 *
 * The settings struct (cx_gap_config) holds three scales; it is replaced by
 * a constructor taking them as Scale arguments, and read back through
 * methods returning copies.  A respondent's answers come in as buffers of
 * doubles (Python: anything with the buffer protocol; Ruby: packed
 * Strings), batches as columns read in place.
 */

/* --- out-parameters of this module ------------------------------------- */

CXB_OWNED_OUT(cx_gap_survey)
CXB_OWNED_OUT(cx_gap_result)
CXB_OWNED_OUT(cx_gap_segments)
%apply double *OUT_DOUBLE { double *importance, double *performance,
                            double *gap };

%apply (const double *DOUBLES, size_t LEN) {
  (const double *expectation, size_t n_expectation),
  (const double *perception, size_t n_perception),
  (const double *adequate, size_t n_adequate),
  (const double *desired, size_t n_desired),
  (const double *importance_answers, size_t n_importance),
  (const double *disconfirmation, size_t n_disconfirmation),
  (const double *dimension_points, size_t n_points) };

/* --- names ------------------------------------------------------------- */

%rename(GapSurvey) cx_gap_survey;
%rename(GapResult) cx_gap_result;
%rename(GapOptions) cx_gap_options;
%rename(GapStats) cx_gap_stats;
%rename(GapItemResult) cx_gap_item_result;
%rename(GapDimensionResult) cx_gap_dimension_result;
%rename(GapScore) cx_gap_score;
%rename(JourneyLinkReport) cx_journey_link_report;
%ignore cx_gap_link_options;
%ignore CX_GAP_LINK_OPTIONS_INIT;
%nodefaultctor cx_journey_link_report;

/* Bound as methods below; deserialize stays a module function. */
%rename("$ignore", regextarget=1) "^cx_gap_survey_(?!deserialize$)";
%rename("$ignore", regextarget=1) "^cx_gap_result_(?!compute$)";
%ignore cx_gap_config;
%ignore cx_gap_response;
%ignore cx_gap_columns;
%ignore CX_GAP_CONFIG_INIT;
%ignore CX_GAP_SCALE7_INIT;
%ignore CX_GAP_RESPONSE_INIT;
%ignore CX_GAP_COLUMNS_INIT;
%ignore CX_GAP_OPTIONS_INIT;
%ignore CX_GAP_NO_DIMENSION;

/* Rows, their statistics and the weighted score live inside a result:
 * read-only, never created or freed by a script. */
%immutable cx_gap_item_result::id;
%immutable cx_gap_item_result::label;
%immutable cx_gap_item_result::gap;
%immutable cx_gap_dimension_result::name;
%immutable cx_gap_dimension_result::gap;
%nodefaultctor cx_gap_survey;
%nodefaultctor cx_gap_result;
%nodefaultctor cx_gap_stats;
%nodefaultctor cx_gap_item_result;
%nodefaultctor cx_gap_dimension_result;
%nodefaultctor cx_gap_score;
%nodefaultdtor cx_gap_stats;
%nodefaultdtor cx_gap_item_result;
%nodefaultdtor cx_gap_dimension_result;
%nodefaultdtor cx_gap_score;

%{
/* The config of @p s with field @p which (0 answers, 1 importance,
 * 2 disconfirmation) copied into a new Scale box. */
static cxb_scale *cxb_gap_config_scale(const cx_gap_survey *s, int which) {
  cx_gap_config c;
  cx_status st = cx_gap_survey_config(s, &c);
  if (st != CX_OK) {
    CXB_RAISE(st);
    return NULL;
  }
  return cxb_scale_new(which == 0 ? &c.scale
                       : which == 1 ? &c.importance
                                    : &c.disconfirmation);
}

/* Check that an answer vector has one value per item (or per dimension). */
static int cxb_gap_check_len(const char *what, size_t got, size_t want) {
  char msg[160];
  if (got == want) return 1;
  snprintf(msg, sizeof msg, "%s has %zu values; the survey has %zu %s", what,
           got, want, strcmp(what, "dimension_points") == 0 ? "dimensions"
                                                            : "items");
  CXB_RAISE_MSG(CX_EINVAL, msg);
  return 0;
}
%}

%{
/* The answer kinds of cx_gap_columns, in member order. */
static const char *const cxb_gap_kinds[6] = {
    "expectation", "perception", "adequate", "desired", "importance",
    "disconfirmation"};

static void cxb_gap_set_kind(cx_gap_columns *c, int kind, const cx_array *a) {
  switch (kind) {
  case 0: c->expectation = a; break;
  case 1: c->perception = a; break;
  case 2: c->adequate = a; break;
  case 3: c->desired = a; break;
  case 4: c->importance = a; break;
  default: c->disconfirmation = a; break;
  }
}
%}

%include <cx/gap.h>

/* Opaque in C; read by SWIG only. */
struct cx_gap_survey {};
struct cx_gap_result {};
struct cx_journey_link_report {};

%extend cx_journey_link_report {
  ~cx_journey_link_report() { cx_journey_link_report_free($self); }
  /** Number of ids in list @p list (LINK_MATCHED .. LINK_TOUCHPOINT_ONLY). */
  size_t count(cx_journey_link_list list);
  /** Id @p index of list @p list, or nothing when out of range. */
  const char *id(cx_journey_link_list list, size_t index);
}

%rename(gap_result_link_journey) cxb_gap_result_link_journey;
%inline %{
/** Write the item results of @p result into the touchpoints of @p journey
 *  whose id is an item id (see cx_gap_result_link_journey): expectation,
 *  experience and, with @p zone and @p importance, the zone of tolerance
 *  and importance; levels mapped from [@p scale_min, @p scale_max] onto
 *  the journey's scale when scale_min < scale_max.  Returns the report. */
static cx_status cxb_gap_result_link_journey(
    const cx_gap_result *result, cx_journey *journey, double scale_min,
    double scale_max, int zone, int importance,
    cx_journey_link_report **report) {
  cx_gap_link_options o = CX_GAP_LINK_OPTIONS_INIT;
  o.scale_min = scale_min;
  o.scale_max = scale_max;
  o.zone = zone;
  o.importance = importance;
  return cx_gap_result_link_journey(result, journey, &o, report);
}
%}

/* "No dimension", as an ordinary integer. */
%constant unsigned long long GAP_NO_DIMENSION = CX_GAP_NO_DIMENSION;

CXB_OPTIONS_CTOR(cx_gap_options, CX_GAP_OPTIONS_INIT)



%newobject cx_gap_survey::scale;
%newobject cx_gap_survey::importance_scale;
%newobject cx_gap_survey::disconfirmation_scale;

%extend cx_gap_survey {
  /** An empty survey: E/P scale @p scale, importance and disconfirmation
      scales (None: 1-7, neutral 4), @p min_share of a dimension's items a
      respondent must answer for a dimension gap (0.75). */
  cx_gap_survey(const cx_scale *scale = NULL,
                const cx_scale *importance = NULL,
                const cx_scale *disconfirmation = NULL,
                double min_share = 0.75) {
    cx_gap_config c = CX_GAP_CONFIG_INIT;
    cx_gap_survey *s = NULL;
    cx_status st;
    if (scale) c.scale = *scale;
    if (importance) c.importance = *importance;
    if (disconfirmation) c.disconfirmation = *disconfirmation;
    c.min_share = min_share;
    st = cx_gap_survey_new(&s, &c);
    if (st != CX_OK) CXB_RAISE(st);
    return s;
  }
  ~cx_gap_survey() { cx_gap_survey_free($self); }

  /** Copy of the E/P scale (without labels). */
  cxb_scale *scale() { return cxb_gap_config_scale($self, 0); }
  /** Copy of the importance scale. */
  cxb_scale *importance_scale() { return cxb_gap_config_scale($self, 1); }
  /** Copy of the disconfirmation scale. */
  cxb_scale *disconfirmation_scale() { return cxb_gap_config_scale($self, 2); }
  /** Minimum share of a dimension's items for a dimension gap. */
  double min_share() {
    cx_gap_config c;
    if (cx_gap_survey_config($self, &c) != CX_OK) return NAN;
    return c.min_share;
  }

  /** Declare an item (before any answer); returns its index. */
  cx_status add_item(const char *id, const char *label, const char *dimension,
                     unsigned flags, size_t *index);
  /** Declare the 22 SERVQUAL items in five dimensions. */
  cx_status declare_servqual();
  /** Number of items. */
  size_t n_items();
  /** Number of dimensions. */
  size_t n_dimensions();
  /** Id of item @p index, or nothing when out of range. */
  const char *item_id(size_t index);
  /** Label of item @p index ("" for none), or nothing when out of range. */
  const char *item_label(size_t index);
  /** Dimension index of item @p index, GAP_NO_DIMENSION for none. */
  unsigned long long dimension_of(size_t index) {
    return (unsigned long long)cx_gap_survey_item_dimension($self, index);
  }
  /** Name of dimension @p index, or nothing when out of range. */
  const char *dimension_name(size_t index);
  /** Index of the item with id @p id; NotFound when there is none. */
  cx_status find_item(const char *id, size_t *index);
  /** Index of the dimension called @p name; NotFound when there is none. */
  cx_status find_dimension(const char *name, size_t *index);
  /** Number of respondents added. */
  unsigned long long respondents() {
    return (unsigned long long)cx_gap_survey_n_respondents($self);
  }
  /** Add everything in @p src (same settings and items); unchanged on
      failure. */
  cx_status merge(const cx_gap_survey *src);
  /** The survey as a versioned, checksummed byte string. */
  cx_status serialize(uint8_t **out, size_t *len);

  /** Add one respondent (see cx_gap_survey_add_respondent): each answer
      vector holds one double per item (NaN missing) or is nothing when
      the question was not asked; @p dimension_points one per dimension. */
  cx_status add_respondent_doubles(
      const char *respondent, double weight,
      const double *expectation, size_t n_expectation,
      const double *perception, size_t n_perception,
      const double *adequate, size_t n_adequate,
      const double *desired, size_t n_desired,
      const double *importance_answers, size_t n_importance,
      const double *disconfirmation, size_t n_disconfirmation,
      const double *dimension_points, size_t n_points) {
    cx_gap_response r = CX_GAP_RESPONSE_INIT;
    size_t k = cx_gap_survey_n_items($self);
    if ((expectation && !cxb_gap_check_len("expectation", n_expectation, k)) ||
        (perception && !cxb_gap_check_len("perception", n_perception, k)) ||
        (adequate && !cxb_gap_check_len("adequate", n_adequate, k)) ||
        (desired && !cxb_gap_check_len("desired", n_desired, k)) ||
        (importance_answers &&
         !cxb_gap_check_len("importance", n_importance, k)) ||
        (disconfirmation &&
         !cxb_gap_check_len("disconfirmation", n_disconfirmation, k)) ||
        (dimension_points &&
         !cxb_gap_check_len("dimension_points", n_points,
                            cx_gap_survey_n_dimensions($self))))
      return CX_OK; /* the pending exception is reported by the wrapper */
    r.respondent = respondent;
    r.weight = weight;
    r.expectation = expectation;
    r.perception = perception;
    r.adequate = adequate;
    r.desired = desired;
    r.importance = importance_answers;
    r.disconfirmation = disconfirmation;
    r.dimension_points = dimension_points;
    return cx_gap_survey_add_respondent($self, &r);
  }
}

%extend cx_gap_result {
  ~cx_gap_result() { cx_gap_result_free($self); }
  /** The options the result was computed with (borrowed). */
  const cx_gap_options *options();
  /** Number of item rows. */
  size_t n_items();
  /** Number of dimension rows. */
  size_t n_dimensions();
  /** Overall unweighted score (by the options' rule); NaN when undefined. */
  double overall();
  /** The weighted SERVQUAL score (borrowed). */
  const cx_gap_score *weighted();
  /** The IPA crosshair: (importance, performance, gap). */
  cx_status crosshair(double *importance, double *performance, double *gap);
  /** Row of item @p index (borrowed); RangeError when out of range. */
  const cx_gap_item_result *item_row(size_t index) {
    if (!cxb_check_index("item", (long)index,
                         (long)cx_gap_result_n_items($self)))
      return NULL;
    return cx_gap_result_item($self, index);
  }
  /** Row of dimension @p index (borrowed); RangeError when out of range. */
  const cx_gap_dimension_result *dimension_row(size_t index) {
    if (!cxb_check_index("dimension", (long)index,
                         (long)cx_gap_result_n_dimensions($self)))
      return NULL;
    return cx_gap_result_dimension($self, index);
  }
}

%extend cx_gap_item_result {
  /** Dimension index, GAP_NO_DIMENSION for none. */
  unsigned long long dimension_index() {
    return (unsigned long long)$self->dimension;
  }
}
%ignore cx_gap_item_result::dimension;

/* --- batch input -------------------------------------------------------- */


#if defined(SWIGPYTHON)
%extend cx_gap_survey {
  /** Add one respondent per row from columns read in place (see
      cx_gap_survey_add_batch).  @p answers is a sequence of six entries
      (expectation, perception, adequate, desired, importance,
      disconfirmation), each None or a sequence of one column per item;
      @p dimension_points None or one column per dimension; @p weight None
      or one column.  The GIL is released while counting. */
  cx_status add_batch_buffers(PyObject *answers, PyObject *dimension_points,
                              PyObject *weight) {
    size_t k = cx_gap_survey_n_items($self);
    size_t m = cx_gap_survey_n_dimensions($self);
    size_t total, i, pos = 0;
    int kind, present[8] = {0};
    PyObject **objs = NULL;
    const char **names = NULL;
    char (*labels)[48] = NULL;
    cxb_column *cols = NULL;
    cx_array *arrays = NULL;
    cx_gap_columns gc = CX_GAP_COLUMNS_INIT;
    Py_ssize_t n = -1;
    cx_status st = CX_OK;

    if (!PySequence_Check(answers) || PySequence_Size(answers) != 6) {
      PyErr_SetString(PyExc_TypeError, "answers must be a sequence of six "
                      "entries (expectation .. disconfirmation)");
      return CX_OK;
    }
    total = 6 * k + m + 1;
    objs = (PyObject **)calloc(total, sizeof *objs);
    names = (const char **)calloc(total, sizeof *names);
    labels = (char (*)[48])calloc(total, sizeof *labels);
    cols = (cxb_column *)calloc(total, sizeof *cols);
    arrays = (cx_array *)calloc(total, sizeof *arrays);
    if (!objs || !names || !labels || !cols || !arrays) {
      free(objs);
      objs = NULL;
      PyErr_NoMemory();
      goto done;
    }
    /* objs holds a reference to every column (None for an absent one)
     * until the end: a column may be made on the fly (a row of a 2-D
     * array taken from a sequence). */
    for (i = 0; i < total; i++) {
      Py_INCREF(Py_None);
      objs[i] = Py_None;
      names[i] = "absent";
    }
    for (kind = 0; kind < 8; kind++) {
      PyObject *seq = kind < 6 ? PySequence_GetItem(answers, kind)
                      : kind == 6 ? dimension_points : weight;
      size_t want = kind < 6 ? k : kind == 6 ? m : 1;
      const char *what = kind < 6 ? cxb_gap_kinds[kind]
                         : kind == 6 ? "dimension_points" : "weight";
      if (!seq) goto done;
      if (kind >= 6) Py_INCREF(seq);
      if (seq == Py_None) {
        Py_DECREF(seq);
        pos += want;
        continue;
      }
      present[kind] = 1;
      if (kind == 7) {
        Py_DECREF(objs[pos]);
        objs[pos] = seq; /* the reference moves to objs */
        names[pos] = "weight";
        pos++;
        continue;
      }
      if (!PySequence_Check(seq) || PySequence_Size(seq) != (Py_ssize_t)want) {
        PyErr_Clear();
        PyErr_Format(PyExc_ValueError,
                     "%s needs one column per %s (%zu)", what,
                     kind < 6 ? "item" : "dimension", want);
        Py_DECREF(seq);
        goto done;
      }
      for (i = 0; i < want; i++) {
        PyObject *col = PySequence_GetItem(seq, (Py_ssize_t)i);
        if (!col) {
          Py_DECREF(seq);
          goto done;
        }
        Py_DECREF(objs[pos + i]);
        objs[pos + i] = col;
        snprintf(labels[pos + i], sizeof labels[pos + i], "%s[%zu]", what, i);
        names[pos + i] = labels[pos + i];
      }
      Py_DECREF(seq);
      pos += want;
    }
    if (cxb_columns_open(objs, names, (int)total, 0, cols, arrays, &n) != 0)
      goto done;
    if (n < 0) {
      PyErr_SetString(PyExc_ValueError, "no column given");
      cxb_columns_release(cols, (int)total);
      goto done;
    }
    pos = 0;
    for (kind = 0; kind < 6; kind++, pos += k)
      if (present[kind]) cxb_gap_set_kind(&gc, kind, &arrays[pos]);
    if (present[6]) gc.dimension_points = &arrays[pos];
    pos += m;
    if (present[7]) gc.weight = &arrays[pos];
    Py_BEGIN_ALLOW_THREADS
    st = cx_gap_survey_add_batch($self, (size_t)n, &gc);
    Py_END_ALLOW_THREADS
    cxb_columns_release(cols, (int)total);
  done:
    if (objs)
      for (i = 0; i < total; i++) Py_XDECREF(objs[i]);
    free(objs);
    free(names);
    free(labels);
    free(cols);
    free(arrays);
    return st;
  }
}
#elif defined(SWIGRUBY)
%extend cx_gap_survey {
  /** Add @p n respondents from packed float64 columns: @p answers is an
      Array of six entries (expectation .. disconfirmation), each nil or
      an Array of one packed String per item; @p dimension_points nil or
      one String per dimension; @p weight nil or one String. */
  cx_status add_batch_packed(size_t n, VALUE answers, VALUE dimension_points,
                             VALUE weight) {
    size_t k = cx_gap_survey_n_items($self);
    size_t m = cx_gap_survey_n_dimensions($self);
    size_t total = 6 * k + m + 1, pos = 0, i;
    int kind;
    cx_array *arrays;
    VALUE keep;
    cx_gap_columns gc = CX_GAP_COLUMNS_INIT;
    cx_status st;
    Check_Type(answers, T_ARRAY);
    if (RARRAY_LEN(answers) != 6)
      rb_raise(rb_eArgError, "answers must have six entries (expectation .. disconfirmation)");
    /* A Ruby String holds the arrays, so a raise frees them with the GC. */
    keep = rb_str_new(NULL, (long)(total * sizeof(cx_array)));
    arrays = (cx_array *)RSTRING_PTR(keep);
    memset(arrays, 0, total * sizeof(cx_array));
    for (kind = 0; kind < 8; kind++) {
      VALUE cols = kind < 6 ? rb_ary_entry(answers, kind)
                   : kind == 6 ? dimension_points : weight;
      size_t want = kind < 6 ? k : kind == 6 ? m : 1;
      if (NIL_P(cols)) {
        pos += want;
        continue;
      }
      if (kind == 7) {
        cxb_column(cols, CX_DTYPE_F64, n, "weight", &arrays[pos]);
        gc.weight = &arrays[pos];
        pos++;
        continue;
      }
      Check_Type(cols, T_ARRAY);
      if ((size_t)RARRAY_LEN(cols) != want)
        rb_raise(rb_eArgError, "%s needs one column per %s (%zu), got %ld",
                 kind < 6 ? cxb_gap_kinds[kind] : "dimension_points",
                 kind < 6 ? "item" : "dimension", want, RARRAY_LEN(cols));
      for (i = 0; i < want; i++) {
        VALUE col = rb_ary_entry(cols, (long)i);
        if (NIL_P(col))
          rb_raise(rb_eArgError, "%s column %zu is nil",
                   kind < 6 ? cxb_gap_kinds[kind] : "dimension_points", i);
        cxb_column(col, CX_DTYPE_F64, n,
                   kind < 6 ? cxb_gap_kinds[kind] : "dimension_points",
                   &arrays[pos + i]);
      }
      if (kind < 6)
        cxb_gap_set_kind(&gc, kind, &arrays[pos]);
      else
        gc.dimension_points = &arrays[pos];
      pos += want;
    }
    st = cx_gap_survey_add_batch($self, n, &gc);
    RB_GC_GUARD(keep);
    RB_GC_GUARD(answers);
    return st;
  }
}
#endif

/* --- charts (render.h) ---------------------------------------------------- */

%ignore cx_render_ipa_svg;
%ignore cx_render_gap_svg;
%ignore cx_ipa_svg_options;
%ignore cx_gap_svg_options;
%ignore CX_IPA_SVG_OPTIONS_INIT;
%ignore CX_GAP_SVG_OPTIONS_INIT;
%rename(render_ipa_svg) cxb_render_ipa_svg;
%rename(render_gap_svg) cxb_render_gap_svg;
%inline %{
/** The importance-performance chart of @p result as SVG text (see
 *  cx_ipa_svg_options; @p title nothing for the default, @p theme 0 light,
 *  1 dark, 2 print, @p x_axis 0 performance, 1 gap). */
static cx_status cxb_render_ipa_svg(const cx_gap_result *result,
                                    unsigned width, unsigned height,
                                    const char *title, int theme, int x_axis,
                                    int diagonal, int use_labels,
                                    double x_min, double x_max, double y_min,
                                    double y_max, char **svg,
                                    size_t *svg_len) {
  cx_ipa_svg_options o = CX_IPA_SVG_OPTIONS_INIT;
  o.width = width;
  o.height = height;
  o.title = title;
  o.theme = (cx_theme)theme;
  o.x_axis = (cx_ipa_axis)x_axis;
  o.diagonal = diagonal;
  o.use_labels = use_labels;
  o.x_min = x_min;
  o.x_max = x_max;
  o.y_min = y_min;
  o.y_max = y_max;
  return cx_render_ipa_svg(result, &o, svg, svg_len);
}

/** The gap chart of @p result (a bar per item with its interval) as SVG
 *  text (see cx_gap_svg_options; @p order 0 by gap, 1 item order). */
static cx_status cxb_render_gap_svg(const cx_gap_result *result,
                                    unsigned width, const char *title,
                                    int theme, int order, int zone,
                                    int use_labels, double x_min,
                                    double x_max, char **svg,
                                    size_t *svg_len) {
  cx_gap_svg_options o = CX_GAP_SVG_OPTIONS_INIT;
  o.width = width;
  o.title = title;
  o.theme = (cx_theme)theme;
  o.order = (cx_gap_chart_order)order;
  o.zone = zone;
  o.use_labels = use_labels;
  o.x_min = x_min;
  o.x_max = x_max;
  return cx_render_gap_svg(result, &o, svg, svg_len);
}
%}

/* --- CSV (io.h) ---------------------------------------------------------- */

/* The readers take their options as plain arguments; a segmented read
 * hands out owned copies of its surveys, so nothing a script holds
 * borrows from the segment set. */
%rename("$ignore", regextarget=1) "^cx_gap_read_csv";
%rename("$ignore", regextarget=1) "^cx_gap_segments_";
%ignore cx_gap_csv_options;
%ignore CX_GAP_CSV_OPTIONS_INIT;
%rename(GapSegments) cx_gap_segments;
%nodefaultctor cx_gap_segments;
struct cx_gap_segments {}; /* opaque in C; read by SWIG only */

%{
/* The reader options from plain arguments: @p names holds the 20 column
 * names and suffixes in the struct's order (respondent_column ..
 * points_suffix, segment_column, segment, weight_column), each NULL for
 * none. */
static int cxb_gap_csv_options(cx_gap_csv_options *o, int layout,
                               const char *delimiter,
                               const char *const *names, int require_segment,
                               int require_weight, int numeric_codes,
                               const char *na_text, const char *dk_text) {
  static const cx_gap_csv_options init = CX_GAP_CSV_OPTIONS_INIT;
  *o = init;
  if (!delimiter || strlen(delimiter) != 1) {
    CXB_RAISE_MSG(CX_EINVAL, "the delimiter must be exactly one byte");
    return 0;
  }
  o->layout = (cx_gap_csv_layout)layout;
  o->delimiter = delimiter[0];
  o->respondent_column = names[0];
  o->item_column = names[1];
  o->label_column = names[2];
  o->dimension_column = names[3];
  o->expectation_column = names[4];
  o->perception_column = names[5];
  o->adequate_column = names[6];
  o->desired_column = names[7];
  o->importance_column = names[8];
  o->disconfirmation_column = names[9];
  o->expectation_suffix = names[10];
  o->perception_suffix = names[11];
  o->adequate_suffix = names[12];
  o->desired_suffix = names[13];
  o->importance_suffix = names[14];
  o->disconfirmation_suffix = names[15];
  o->points_suffix = names[16];
  o->segment_column = names[17];
  o->segment = names[18];
  o->weight_column = names[19];
  o->require_segment = require_segment;
  o->require_weight = require_weight;
  o->numeric_codes = numeric_codes;
  o->na_text = na_text;
  o->dk_text = dk_text;
  return 1;
}
%}

%extend cx_gap_segments {
  ~cx_gap_segments() { cx_gap_segments_free($self); }
  /** Number of segments (0 without a segment column). */
  size_t count();
  /** Name of segment @p index, or nothing when out of range. */
  const char *name(size_t index);
  /** An owned copy of the survey of segment @p index (GAP_NO_DIMENSION:
      the pooled survey). */
  cx_status survey_copy(unsigned long long index, cx_gap_survey **out) {
    const cx_gap_survey *s;
    uint8_t *bytes = NULL;
    size_t len = 0;
    cx_status st;
    if (index == (unsigned long long)CX_GAP_NO_DIMENSION) {
      s = cx_gap_segments_pooled($self);
    } else {
      if (!cxb_check_index("segment", (long)index,
                           (long)cx_gap_segments_count($self)))
        return CX_OK; /* pending */
      s = cx_gap_segments_survey($self, (size_t)index);
    }
    st = cx_gap_survey_serialize(s, &bytes, &len);
    if (st != CX_OK) return st;
    st = cx_gap_survey_deserialize(out, bytes, len);
    cx_free(bytes);
    return st;
  }
}

%rename(gap_read_csv) cxb_gap_read_csv;
%rename(gap_read_csv_segments) cxb_gap_read_csv_segments;
%inline %{
/** Read a gap survey CSV file (@p path) or buffer (@p path NULL, then
 *  @p data and @p name) into @p survey.  The 20 column names and suffixes
 *  follow the order of cx_gap_csv_options (nothing: no such column);
 *  @p layout is 0 auto, 1 long, 2 wide. */
static cx_status cxb_gap_read_csv(
    cx_gap_survey *survey, const char *path, const char *data, size_t len,
    const char *name, int layout, const char *delimiter,
    const char *n0, const char *n1, const char *n2, const char *n3,
    const char *n4, const char *n5, const char *n6, const char *n7,
    const char *n8, const char *n9, const char *n10, const char *n11,
    const char *n12, const char *n13, const char *n14, const char *n15,
    const char *n16, const char *n17, const char *n18, const char *n19,
    int require_segment, int require_weight, int numeric_codes,
    const char *na_text, const char *dk_text,
    const cx_read_limits *limits) {
  const char *names[20];
  cx_gap_csv_options o;
  names[0] = n0; names[1] = n1; names[2] = n2; names[3] = n3;
  names[4] = n4; names[5] = n5; names[6] = n6; names[7] = n7;
  names[8] = n8; names[9] = n9; names[10] = n10; names[11] = n11;
  names[12] = n12; names[13] = n13; names[14] = n14; names[15] = n15;
  names[16] = n16; names[17] = n17; names[18] = n18; names[19] = n19;
  if (!cxb_gap_csv_options(&o, layout, delimiter, names, require_segment,
                           require_weight, numeric_codes, na_text, dk_text))
    return CX_OK; /* pending */
  if (limits) o.limits = *limits;
  if (path) return cx_gap_read_csv(survey, path, &o);
  return cx_gap_read_csv_buffer(survey, data ? data : "", len, name, &o);
}

/** Read a gap survey CSV into one survey per segment and one pooled, with
 *  the settings and items of @p like (nothing: the defaults, items from
 *  the file).  Arguments as for gap_read_csv. */
static cx_status cxb_gap_read_csv_segments(
    cx_gap_segments **out, const cx_gap_survey *like, const char *path,
    const char *data, size_t len, const char *name, int layout,
    const char *delimiter,
    const char *n0, const char *n1, const char *n2, const char *n3,
    const char *n4, const char *n5, const char *n6, const char *n7,
    const char *n8, const char *n9, const char *n10, const char *n11,
    const char *n12, const char *n13, const char *n14, const char *n15,
    const char *n16, const char *n17, const char *n18, const char *n19,
    int require_segment, int require_weight, int numeric_codes,
    const char *na_text, const char *dk_text,
    const cx_read_limits *limits) {
  const char *names[20];
  cx_gap_csv_options o;
  names[0] = n0; names[1] = n1; names[2] = n2; names[3] = n3;
  names[4] = n4; names[5] = n5; names[6] = n6; names[7] = n7;
  names[8] = n8; names[9] = n9; names[10] = n10; names[11] = n11;
  names[12] = n12; names[13] = n13; names[14] = n14; names[15] = n15;
  names[16] = n16; names[17] = n17; names[18] = n18; names[19] = n19;
  if (!cxb_gap_csv_options(&o, layout, delimiter, names, require_segment,
                           require_weight, numeric_codes, na_text, dk_text))
    return CX_OK; /* pending */
  if (limits) o.limits = *limits;
  if (path) return cx_gap_read_csv_segments(out, like, path, &o);
  return cx_gap_read_csv_segments_buffer(out, like, data ? data : "", len,
                                         name, &o);
}
%}
