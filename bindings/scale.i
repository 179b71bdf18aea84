/*
 * Answer scales (scale.h) as one class, Scale, used by every module that
 * reads ratings (metrics, gap analysis, journeys).
 *
 * A cx_scale borrows its labels; a script cannot promise to keep strings
 * alive, so the class is a box (cxb_scale) holding the scale and its own
 * copy of the labels.  Every Scale a script sees is such a box:
 *
 *   - any `cx_scale *` or `const cx_scale *` argument accepts a Scale (or
 *     None / nil for NULL) and passes the scale inside the box; a struct
 *     member of type cx_scale is therefore set from a Scale too.  The
 *     member then borrows the box's labels: the layer above keeps the
 *     Scale alive as long as the struct (or sets no labels);
 *   - a scale returned through `cx_scale *out`, or read from a struct
 *     member, comes back as a new box with a deep copy of the labels, so it
 *     never depends on the object it came from.
 *
 * The numeric fields are attributes; labels are set with
 * set_label_count() and set_label_at() and read with label_at() or
 * label(point).
 */

%{
typedef struct cxb_scale {
  cx_scale scale; /* first, so a cxb_scale * is also a cx_scale * */
  char **owned;   /* label strings owned by the box (entries may be NULL) */
  size_t nowned;
} cxb_scale;

static void cxb_scale_drop_labels(cxb_scale *b) {
  size_t i;
  for (i = 0; i < b->nowned; i++) free(b->owned[i]);
  free(b->owned);
  b->owned = NULL;
  b->nowned = 0;
  b->scale.labels = NULL;
  b->scale.nlabels = 0;
}

/* Replace the labels by @p n empty entries (n = 0: no labels).  0 on
 * success; -1 with the exception raised or pending. */
static int cxb_scale_label_count(cxb_scale *b, size_t n) {
  char **owned = NULL;
  char msg[128];
  if (n > CX_SCALE_MAX_POINTS) {
    snprintf(msg, sizeof msg, "%zu labels: a scale has at most %d points", n,
             CX_SCALE_MAX_POINTS);
    CXB_RAISE_MSG(CX_ERANGE, msg);
    return -1;
  }
  if (n > 0) {
    owned = (char **)calloc(n, sizeof *owned);
    if (!owned) {
      CXB_RAISE_MSG(CX_ENOMEM, "out of memory");
      return -1;
    }
  }
  cxb_scale_drop_labels(b);
  b->owned = owned;
  b->nowned = n;
  b->scale.labels = (const char *const *)owned;
  b->scale.nlabels = n;
  return 0;
}

static int cxb_scale_label_set(cxb_scale *b, size_t i, const char *text) {
  char *copy = NULL;
  if (!cxb_check_index("label", (long)i, (long)b->nowned)) return -1;
  if (text) {
    copy = (char *)malloc(strlen(text) + 1);
    if (!copy) {
      CXB_RAISE_MSG(CX_ENOMEM, "out of memory");
      return -1;
    }
    strcpy(copy, text);
  }
  free(b->owned[i]);
  b->owned[i] = copy;
  return 0;
}

/* A new box holding a copy of @p from (CX_SCALE_INIT for NULL), labels
 * included; NULL with the exception raised or pending. */
static cxb_scale *cxb_scale_new(const cx_scale *from) {
  static const cx_scale init = CX_SCALE_INIT;
  cxb_scale *b = (cxb_scale *)calloc(1, sizeof *b);
  size_t i, n;
  if (!b) {
    CXB_RAISE_MSG(CX_ENOMEM, "out of memory");
    return NULL;
  }
  b->scale = from ? *from : init;
  b->scale.labels = NULL;
  b->scale.nlabels = 0;
  n = from && from->labels ? from->nlabels : 0;
  if (n > 0 && cxb_scale_label_count(b, n) != 0) {
    free(b);
    return NULL;
  }
  for (i = 0; i < n; i++)
    if (cxb_scale_label_set(b, i, from->labels[i]) != 0) {
      cxb_scale_drop_labels(b);
      free(b);
      return NULL;
    }
  return b;
}

static void cxb_scale_free(cxb_scale *b) {
  if (!b) return;
  cxb_scale_drop_labels(b);
  free(b);
}

/* Attribute accessors of the numeric fields (SWIG's %extend members). */
#define CXB_SCALE_FIELD(TYPE, NAME)                                            \
  static TYPE cxb_scale_##NAME##_get(cxb_scale *b) { return b->scale.NAME; }   \
  static void cxb_scale_##NAME##_set(cxb_scale *b, TYPE v) { b->scale.NAME = v; }
CXB_SCALE_FIELD(unsigned, version)
CXB_SCALE_FIELD(int32_t, min)
CXB_SCALE_FIELD(int32_t, max)
CXB_SCALE_FIELD(double, neutral)
CXB_SCALE_FIELD(int, has_na_code)
CXB_SCALE_FIELD(int32_t, na_code)
CXB_SCALE_FIELD(int, has_dk_code)
CXB_SCALE_FIELD(int32_t, dk_code)
static size_t cxb_scale_nlabels_get(cxb_scale *b) { return b->scale.nlabels; }
static int cxb_scale_direction_get(cxb_scale *b) { return (int)b->scale.direction; }
static void cxb_scale_direction_set(cxb_scale *b, int v) {
  b->scale.direction = (cx_scale_direction)v;
}
%}

/* --- cx_scale arguments and results ------------------------------------ */

%typemap(in) cx_scale *, const cx_scale * (void *argp = 0, int res = 0) {
  res = SWIG_ConvertPtr($input, &argp, $descriptor(cxb_scale *), 0);
  if (!SWIG_IsOK(res))
    SWIG_exception_fail(SWIG_ArgError(res),
                        "in method '$symname', argument $argnum must be a Scale");
  $1 = argp ? &((cxb_scale *)argp)->scale : NULL;
}
%typemap(typecheck, precedence=SWIG_TYPECHECK_POINTER) cx_scale *, const cx_scale * {
  void *vptr = 0;
  $1 = SWIG_IsOK(SWIG_ConvertPtr($input, &vptr, $descriptor(cxb_scale *), 0));
}
%typemap(out) cx_scale *, const cx_scale * {
  cxb_scale *copy = $1 ? cxb_scale_new($1) : NULL;
  if ($1 && !copy) SWIG_fail;
  $result = SWIG_NewPointerObj((void *)copy, $descriptor(cxb_scale *),
                               copy ? SWIG_POINTER_OWN : 0);
}
%typemap(in, numinputs=0) cx_scale *out (cx_scale temp) {
  memset(&temp, 0, sizeof temp);
  $1 = &temp;
}
%typemap(argout) cx_scale *out {
  cxb_scale *copy = cxb_scale_new($1);
  if (!copy) SWIG_fail;
  %append_output(SWIG_NewPointerObj((void *)copy, $descriptor(cxb_scale *),
                                    SWIG_POINTER_OWN));
}

CXB_ENUM_OUT(cx_scale_answer_kind, kind)

/* --- names ------------------------------------------------------------- */

%rename(Scale) cxb_scale;
%ignore cx_scale;
%ignore CX_SCALE_INIT;
%ignore cx_scale_validate;
%ignore cx_scale_classify;
%ignore cx_scale_check;
%ignore cx_scale_reverse;
%ignore cx_scale_to_percent;
%ignore cx_scale_to_centered;
%ignore cx_scale_points;
%ignore cx_scale_label;

%include <cx/scale.h>

/* Read by SWIG only: the class's C definition is the one above. */
typedef struct cxb_scale cxb_scale;
struct cxb_scale {};

%extend cxb_scale {
  /** A 1-5 scale, neutral 3, higher is better, no codes, no labels
      (CX_SCALE_INIT); change the attributes as needed. */
  cxb_scale() { return cxb_scale_new(NULL); }
  ~cxb_scale() { cxb_scale_free($self); }

  unsigned version;
  int32_t min;
  int32_t max;
  double neutral;
  /** 0 higher is better, 1 higher is worse. */
  int direction;
  int has_na_code;
  int32_t na_code;
  int has_dk_code;
  int32_t dk_code;
  /** Number of labels (0 when none); set with set_label_count(). */
  const size_t nlabels;

  /** Replace the labels by @p n empty ones (0 removes them); a valid
      scale has one per point. */
  cx_status set_label_count(size_t n) {
    if (cxb_scale_label_count($self, n) != 0) return CX_OK; /* pending */
    return CX_OK;
  }
  /** Set label @p i (0 = the lowest point); nothing clears it. */
  cx_status set_label_at(size_t i, const char *text) {
    if (cxb_scale_label_set($self, i, text) != 0) return CX_OK; /* pending */
    return CX_OK;
  }
  /** Label @p i (0 = the lowest point), or nothing. */
  const char *label_at(size_t i) {
    if (!cxb_check_index("label", (long)i, (long)$self->nowned)) return NULL;
    return $self->owned[i];
  }
  /** Label of scale point @p point, or nothing (cx_scale_label). */
  const char *label(int32_t point) { return cx_scale_label(&$self->scale, point); }

  /** InvalidArgument naming the first problem (cx_scale_validate). */
  cx_status validate() { return cx_scale_validate(&$self->scale); }
  /** Kind of one raw answer (cx_scale_classify); NaN is missing. */
  int classify(double value) { return (int)cx_scale_classify(&$self->scale, value); }
  /** Check one raw answer (cx_scale_check): RangeError naming the
      respondent and item for a value off the scale; returns its kind. */
  cx_status check(double value, const char *respondent_id,
                  const char *item_id, cx_scale_answer_kind *kind) {
    return cx_scale_check(&$self->scale, value, respondent_id, item_id, kind);
  }
  /** min + max - x for a valid answer (cx_scale_reverse). */
  double reverse(double x) { return cx_scale_reverse(&$self->scale, x); }
  /** Position on 0-100, 100 the good end (cx_scale_to_percent). */
  double to_percent(double x) { return cx_scale_to_percent(&$self->scale, x); }
  /** Position in [-1, 1] around the neutral point (cx_scale_to_centered). */
  double to_centered(double x) { return cx_scale_to_centered(&$self->scale, x); }
  /** Number of points, max - min + 1. */
  size_t points() { return cx_scale_points(&$self->scale); }
}
