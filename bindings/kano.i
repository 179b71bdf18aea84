/*
 * Kano model (kano.h, io.h, render.h): handles as classes, option and
 * result structs as plain records, the rest as module functions.
 *
 * Methods declared here without a body call the library function
 * cx_<type>_<method> directly; the few with a body are named so that the
 * helper SWIG generates for them (cx_<type>_<method>) is not a library
 * symbol.
 */

/* --- out-parameters of this module ------------------------------------- */

%apply size_t *OUT_SIZE { size_t *index };
%apply uint64_t *OUT_U64 { uint64_t *added, uint64_t *dropped };
%apply int *OUT_INT { int *dropped_flag };
CXB_ENUM_OUT(cx_kano_category, out)
CXB_ENUM_OUT(cx_kano_rule, out)
CXB_ENUM_OUT(cx_kano_answer, out)
CXB_OWNED_OUT(cx_kano_survey)
CXB_OWNED_OUT(cx_kano_result)
CXB_BORROWED_OUT(cx_kano_feature_result)
CXB_STRUCT_OUT(cx_kano_table)
CXB_STRUCT_OUT(cx_kano_cells)

%apply (const char *BYTES, size_t LEN) { (const uint8_t *data, size_t len),
                                          (const char *text, size_t len),
                                          (const char *data, size_t len),
                                          (const uint8_t *functional, size_t functional_len),
                                          (const uint8_t *dysfunctional, size_t dysfunctional_len) };
%apply (const double *DOUBLES, size_t LEN) { (const double *importance, size_t importance_len) };
%apply (uint8_t **BYTES_OUT, size_t *LEN_OUT) { (uint8_t **out, size_t *len) };
%apply (char **TEXT_OUT, size_t *LEN_OUT) { (char **svg, size_t *svg_len) };

/* --- names ------------------------------------------------------------- */

%rename(KanoSurvey) cx_kano_survey;
%rename(KanoResult) cx_kano_result;
%rename(KanoLabels) cx_kano_labels;
%rename(KanoOptions) cx_kano_options;
%rename(KanoFilter) cx_kano_filter;
%rename(KanoTable) cx_kano_table;
%rename(KanoCells) cx_kano_cells;
%rename(KanoFeatureResult) cx_kano_feature_result;

/* Bound as methods below, or replaced by a helper that takes plain
 * arguments instead of a struct of borrowed strings. */
%rename("$ignore", regextarget=1) "^cx_kano_survey_(?!deserialize$)";
%rename("$ignore", regextarget=1) "^cx_kano_result_(?!compute$)";
%rename("$ignore", regextarget=1) "^cx_kano_labels_(?!parse$)";
%ignore cx_kano_read_csv;
%ignore cx_kano_read_csv_buffer;
%ignore cx_kano_csv_options;
%ignore cx_render_kano_svg;
%ignore cx_kano_svg_options;
%ignore CX_KANO_ALL;
%ignore CX_KANO_TABLE_BERGER_INIT;
%ignore CX_KANO_OPTIONS_INIT;
%ignore CX_KANO_FILTER_INIT;
%ignore CX_KANO_CSV_OPTIONS_INIT;
%ignore CX_KANO_SVG_OPTIONS_INIT;

/* Fixed-size arrays are read through accessor methods instead. */
%ignore cx_kano_table::cell;
%ignore cx_kano_cells::raw;
%ignore cx_kano_cells::weighted;
%ignore cx_kano_options::precedence;
%ignore cx_kano_options::functional_scores;
%ignore cx_kano_options::dysfunctional_scores;
%ignore cx_kano_feature_result::count;
%ignore cx_kano_feature_result::share;
%ignore cx_kano_feature_result::by_rule;
%ignore cx_kano_feature_result::stability;

/* A feature result points into its KanoResult: read-only. */
%define CXB_READONLY(FIELD) %immutable cx_kano_feature_result::FIELD; %enddef
CXB_READONLY(feature) CXB_READONLY(segment) CXB_READONLY(n_raw)
CXB_READONLY(n_missing) CXB_READONLY(n) CXB_READONLY(n_effective)
CXB_READONLY(category) CXB_READONLY(total_strength)
CXB_READONLY(category_strength) CXB_READONLY(better) CXB_READONLY(worse)
CXB_READONLY(fong_a) CXB_READONLY(fong_b) CXB_READONLY(fong_limit)
CXB_READONLY(fong_significant) CXB_READONLY(chi2) CXB_READONLY(chi2_p)
CXB_READONLY(functional_mean) CXB_READONLY(functional_sd)
CXB_READONLY(dysfunctional_mean) CXB_READONLY(dysfunctional_sd)
CXB_READONLY(importance_mean) CXB_READONLY(importance_sd)
CXB_READONLY(importance_n) CXB_READONLY(bootstrap) CXB_READONLY(better_lo)
CXB_READONLY(better_hi) CXB_READONLY(worse_lo) CXB_READONLY(worse_hi)
CXB_READONLY(segment_chi2) CXB_READONLY(segment_df) CXB_READONLY(segment_p)

%{
/* Answers are numbered 1-5 in the tables, as in the C API's comments. */
static int cxb_check_answers(long functional, long dysfunctional) {
  char msg[128];
  if (functional >= 1 && functional <= 5 && dysfunctional >= 1 &&
      dysfunctional <= 5)
    return 1;
  snprintf(msg, sizeof msg, "answer pair (%ld, %ld) out of range: both must be 1-5",
           functional, dysfunctional);
  CXB_RAISE_MSG(CX_ERANGE, msg);
  return 0;
}
%}

%nodefaultctor cx_kano_survey;
%nodefaultctor cx_kano_result;
%nodefaultctor cx_kano_labels;
%nodefaultctor cx_kano_feature_result;
%nodefaultctor cx_kano_cells;
%nodefaultdtor cx_kano_feature_result;

%include <cx/kano.h>

/* The handles are opaque in C; SWIG needs a definition, even an empty one,
 * to attach a class to.  These lines are read by SWIG only. */
struct cx_kano_survey {};
struct cx_kano_result {};
struct cx_kano_labels {};

/* "All segments pooled", as an ordinary integer. */
%constant unsigned long long KANO_ALL = CX_KANO_ALL;

/* --- methods ----------------------------------------------------------- */


/* Handles: the constructor and destructor have bodies (they would
 * otherwise look for cx_kano_survey_cx_kano_survey); everything else binds
 * straight to the library. */
%extend cx_kano_survey {
  /** Create an empty survey: no features, no segments, no answers. */
  cx_kano_survey() {
    cx_kano_survey *s = NULL;
    cx_status st = cx_kano_survey_new(&s);
    if (st != CX_OK) CXB_RAISE(st);
    return s;
  }
  ~cx_kano_survey() { cx_kano_survey_free($self); }

  /** Add a feature by name (unique in the survey); returns its index. */
  cx_status add_feature(const char *name, size_t *index);
  /** Index of the feature called @p name; NotFound when there is none. */
  cx_status find_feature(const char *name, size_t *index);
  /** Number of features. */
  size_t n_features();
  /** Name of feature @p index, or nothing when out of range. */
  const char *feature_name(size_t index);
  /** Add a named segment (before any unsegmented answer); returns its index. */
  cx_status add_segment(const char *name, size_t *index);
  /** Index of the segment called @p name; NotFound when there is none. */
  cx_status find_segment(const char *name, size_t *index);
  /** Number of named segments (0 when unsegmented). */
  size_t n_segments();
  /** Name of segment @p index, or nothing when out of range. */
  const char *segment_name(size_t index);
  /** Set the respondent filter used by add_respondent (nothing removes it). */
  cx_status set_filter(const cx_kano_filter *filter);
  /** Add one answer pair (answers 0-5, 0 = missing; importance NaN = none). */
  cx_status add(size_t feature, size_t segment, int functional,
                int dysfunctional, double importance, double weight);
  /** Add everything in @p src to this survey (features and segments
      matched by name); unchanged on failure. */
  cx_status merge(const cx_kano_survey *src);
  /** Copy of the 5x5 tables of one feature and segment (KANO_ALL pools). */
  cx_status cells(size_t feature, size_t segment, cx_kano_cells *out);
  /** Respondents counted and dropped by the filter: (added, dropped). */
  cx_status respondents(size_t segment, uint64_t *added, uint64_t *dropped);
  /** The survey as a versioned, checksummed byte string. */
  cx_status serialize(uint8_t **out, size_t *len);

  /** Add one respondent's answers to every feature, applying the filter.
      @p functional and @p dysfunctional hold one byte per feature,
      @p importance one double per feature (or nothing).  Returns 1 when
      the filter dropped the respondent. */
  cx_status add_respondent_bytes(size_t segment, double weight,
                                 const uint8_t *functional, size_t functional_len,
                                 const uint8_t *dysfunctional, size_t dysfunctional_len,
                                 const double *importance, size_t importance_len,
                                 int *dropped_flag) {
    size_t n = cx_kano_survey_n_features($self);
    char msg[160];
    if (functional_len != n || dysfunctional_len != n ||
        (importance && importance_len != n)) {
      snprintf(msg, sizeof msg,
               "a respondent needs one answer per feature: %zu features, got "
               "%zu functional, %zu dysfunctional, %zu importance",
               n, functional_len, dysfunctional_len,
               importance ? importance_len : n);
      CXB_RAISE_MSG(CX_EINVAL, msg);
      return CX_OK; /* the pending exception is reported by the wrapper */
    }
    return cx_kano_survey_add_respondent($self, segment, weight, functional,
                                         dysfunctional, importance, dropped_flag);
  }
}

%extend cx_kano_result {
  ~cx_kano_result() { cx_kano_result_free($self); }
  /** Number of features. */
  size_t n_features();
  /** Number of named segments (0 when unsegmented). */
  size_t n_segments();
  /** Name of segment @p index, or nothing when out of range. */
  const char *segment_name(size_t index);
  /** The options the result was computed with (borrowed). */
  const cx_kano_options *options();
  /** Result of one feature and segment (KANO_ALL pools), borrowed. */
  cx_status get(size_t feature, size_t segment,
                const cx_kano_feature_result **out);
  /** Respondents counted and dropped, as in the survey: (added, dropped). */
  cx_status respondents(size_t segment, uint64_t *added, uint64_t *dropped);
}

%extend cx_kano_labels {
  /** A label dictionary with the built-in wordings; coding 0 reads the
      digits 1-5 as Like..Dislike, 1 reads them reversed. */
  cx_kano_labels(int coding = 0) {
    cx_kano_labels *l = NULL;
    cx_status st = cx_kano_labels_new(&l, (cx_kano_coding)coding);
    if (st != CX_OK) CXB_RAISE(st);
    return l;
  }
  ~cx_kano_labels() { cx_kano_labels_free($self); }
  /** Register a wording (answer 0 registers a "no answer" marker). */
  cx_status add(const char *label, cx_kano_answer answer);
}

/* Plain records: constructors start from the library's defaults. */
%extend cx_kano_table {
  /** A built-in table: 0 Berger (1993), 1 Pouliot (1993). */
  cx_kano_table(int kind = 0) {
    cx_kano_table *t = (cx_kano_table *)calloc(1, sizeof *t);
    cx_status st;
    if (!t) {
      CXB_RAISE_MSG(CX_ENOMEM, "out of memory");
      return NULL;
    }
    st = cx_kano_table_init(t, (cx_kano_table_kind)kind);
    if (st != CX_OK) {
      free(t);
      CXB_RAISE(st);
      return NULL;
    }
    return t;
  }
  /** Category of the answer pair (1-5, 1-5). */
  int category(int functional, int dysfunctional) {
    if (!cxb_check_answers(functional, dysfunctional)) return CX_KANO_UNDEFINED;
    return $self->cell[functional - 1][dysfunctional - 1];
  }
  /** Change the category of the answer pair (1-5, 1-5); checked by
      table_validate / result computation, not here. */
  void set_category(int functional, int dysfunctional, int category) {
    if (!cxb_check_answers(functional, dysfunctional)) return;
    $self->cell[functional - 1][dysfunctional - 1] = (int8_t)category;
  }
}

%extend cx_kano_options {
  /** The default options (CX_KANO_OPTIONS_INIT). */
  cx_kano_options() {
    static const cx_kano_options init = CX_KANO_OPTIONS_INIT;
    cx_kano_options *o = (cx_kano_options *)malloc(sizeof *o);
    if (!o) {
      CXB_RAISE_MSG(CX_ENOMEM, "out of memory");
      return NULL;
    }
    *o = init;
    return o;
  }
  /** Category in tie-break position @p i (0 = wins first). */
  int precedence_at(int i) {
    if (!cxb_check_index("precedence", i, CX_KANO_NCATEGORIES)) return 0;
    return $self->precedence[i];
  }
  void set_precedence_at(int i, int category) {
    if (!cxb_check_index("precedence", i, CX_KANO_NCATEGORIES)) return;
    $self->precedence[i] = (int8_t)category;
  }
  /** DuMouchel score of functional answer @p i + 1. */
  double functional_score(int i) {
    if (!cxb_check_index("functional score", i, 5)) return 0;
    return $self->functional_scores[i];
  }
  void set_functional_score(int i, double v) {
    if (!cxb_check_index("functional score", i, 5)) return;
    $self->functional_scores[i] = v;
  }
  /** DuMouchel score of dysfunctional answer @p i + 1. */
  double dysfunctional_score(int i) {
    if (!cxb_check_index("dysfunctional score", i, 5)) return 0;
    return $self->dysfunctional_scores[i];
  }
  void set_dysfunctional_score(int i, double v) {
    if (!cxb_check_index("dysfunctional score", i, 5)) return;
    $self->dysfunctional_scores[i] = v;
  }
}

%extend cx_kano_filter {
  /** A filter that drops nobody (CX_KANO_FILTER_INIT). */
  cx_kano_filter() {
    static const cx_kano_filter init = CX_KANO_FILTER_INIT;
    cx_kano_filter *f = (cx_kano_filter *)malloc(sizeof *f);
    if (!f) {
      CXB_RAISE_MSG(CX_ENOMEM, "out of memory");
      return NULL;
    }
    *f = init;
    return f;
  }
}

%extend cx_kano_cells {
  /** Answer pairs counted for (functional, dysfunctional), both 1-5. */
  unsigned long long raw_count(int functional, int dysfunctional) {
    if (!cxb_check_answers(functional, dysfunctional)) return 0;
    return $self->raw[functional - 1][dysfunctional - 1];
  }
  /** Sum of weights for (functional, dysfunctional), both 1-5. */
  double weighted_count(int functional, int dysfunctional) {
    if (!cxb_check_answers(functional, dysfunctional)) return 0;
    return $self->weighted[functional - 1][dysfunctional - 1];
  }
}

%extend cx_kano_feature_result {
  /** Weighted count of category @p c (0 A, 1 O, 2 M, 3 I, 4 R, 5 Q). */
  double count_of(int c) {
    if (!cxb_check_index("category", c, CX_KANO_NCATEGORIES)) return NAN;
    return $self->count[c];
  }
  /** Share of category @p c. */
  double share_of(int c) {
    if (!cxb_check_index("category", c, CX_KANO_NCATEGORIES)) return NAN;
    return $self->share[c];
  }
  /** Share of bootstrap resamples assigning category @p c. */
  double stability_of(int c) {
    if (!cxb_check_index("category", c, CX_KANO_NCATEGORIES)) return NAN;
    return $self->stability[c];
  }
  /** Category under rule @p r (0 mode, 1 moai, 2 oam-irq). */
  int category_by_rule(int r) {
    if (!cxb_check_index("rule", r, CX_KANO_NRULES)) return CX_KANO_UNDEFINED;
    return $self->by_rule[r];
  }
}

/* Readers and the renderer take their options as plain arguments, so no
 * string in an options struct ever has to outlive a call. */
%rename(kano_read_csv) cxb_kano_read_csv;
%rename(render_kano_svg) cxb_render_kano_svg;
%inline %{
/** Read a Kano survey CSV file (@p path) or buffer (@p path NULL, then
 *  @p data and @p name) into @p survey.  String arguments left empty use
 *  nothing for that column; @p layout is 0 auto, 1 long, 2 wide. */
static cx_status cxb_kano_read_csv(
    cx_kano_survey *survey, const char *path, const char *data, size_t len,
    const char *name, int layout, const char *delimiter,
    const cx_kano_labels *labels, const char *respondent_column,
    const char *feature_column, const char *functional_column,
    const char *dysfunctional_column, const char *importance_column,
    const char *segment_column, const char *weight_column,
    const char *functional_suffix, const char *dysfunctional_suffix,
    const char *importance_suffix, const char *swapped, int require_segment,
    int require_weight,
    const cx_read_limits *limits) {
  cx_kano_csv_options o = CX_KANO_CSV_OPTIONS_INIT;
  if (!delimiter || strlen(delimiter) != 1) {
    CXB_RAISE_MSG(CX_EINVAL, "the delimiter must be exactly one byte");
    return CX_OK;
  }
  o.layout = (cx_kano_csv_layout)layout;
  o.delimiter = delimiter[0];
  o.labels = labels;
  o.respondent_column = respondent_column;
  o.feature_column = feature_column;
  o.functional_column = functional_column;
  o.dysfunctional_column = dysfunctional_column;
  o.importance_column = importance_column;
  o.segment_column = segment_column;
  o.weight_column = weight_column;
  o.functional_suffix = functional_suffix;
  o.dysfunctional_suffix = dysfunctional_suffix;
  o.importance_suffix = importance_suffix;
  o.swapped = swapped;
  o.require_segment = require_segment;
  o.require_weight = require_weight;
  if (limits) o.limits = *limits;
  if (path) return cx_kano_read_csv(survey, path, &o);
  return cx_kano_read_csv_buffer(survey, data ? data : "", len, name, &o);
}

/** The Kano diagram of @p result as SVG text; @p theme 0 light, 1 dark,
 *  2 print; @p title NULL for the default. */
static cx_status cxb_render_kano_svg(const cx_kano_result *result,
                                     unsigned width, unsigned height,
                                     const char *title,
                                     unsigned long long segment, int theme,
                                     char **svg, size_t *svg_len) {
  cx_kano_svg_options o = CX_KANO_SVG_OPTIONS_INIT;
  o.width = width;
  o.height = height;
  o.title = title;
  o.segment = (size_t)segment;
  o.theme = (cx_theme)theme;
  return cx_render_kano_svg(result, &o, svg, svg_len);
}
%}

/* io.h and render.h are wrapped by cx.i, after every module; their enums
 * (layouts, themes) serve the layer above. */
%rename("$ignore", regextarget=1) "^cx_kano_read_csv";
