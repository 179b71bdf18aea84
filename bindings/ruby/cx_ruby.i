/*
 * Ruby layer of the interface: exceptions, strings as bytes, packed
 * batch columns.
 *
 * The exception classes are defined here in C (CX::Error < StandardError
 * and one subclass per status) so that the extension can raise them even
 * before the pure-Ruby part (cx/kano.rb, required at the end of Init_cx:
 * see the end of cx.i) has loaded.
 */

%{
#define CXB_VOID Qnil
#define CXB_CHECK_PENDING

/* Ruby class name of each status, indexed by -status. */
static const char *const cxb_error_names[] = {
    "Error",        "InvalidArgument", "OutOfMemory", "ParseError",
    "RangeError",   "NotFound",        "IOError",     "StateError",
    "VersionError", "Undefined"};

static VALUE cxb_text(const char *s) {
  return s ? rb_utf8_str_new_cstr(s) : Qnil;
}

/* Raise the exception for a failed call (never returns).  With @p message
 * NULL the thread's error record supplies the message and the place. */
static void cxb_raise(cx_status status, const char *message) {
  const cx_error_info *info = cx_error_info_last();
  int from_record = message == NULL && info->status == status;
  int idx = -(int)status;
  VALUE mod = rb_define_module("CX");
  VALUE cls, exc;

  if (idx <= 0 || idx >= (int)(sizeof cxb_error_names / sizeof *cxb_error_names))
    idx = 0;
  if (!message)
    message = from_record && info->message && info->message[0]
                  ? info->message
                  : cx_strerror(status);
  cls = rb_const_get(mod, rb_intern(cxb_error_names[idx]));
  exc = rb_exc_new_str(cls, rb_utf8_str_new_cstr(message));
  rb_iv_set(exc, "@status", INT2NUM((int)status));
  rb_iv_set(exc, "@path", cxb_text(from_record ? info->path : NULL));
  rb_iv_set(exc, "@line", ULL2NUM(from_record ? info->line : 0));
  rb_iv_set(exc, "@column", ULL2NUM(from_record ? info->column : 0));
  rb_iv_set(exc, "@value", cxb_text(from_record ? info->value : NULL));
  rb_exc_raise(exc);
}
#define CXB_RAISE(st) cxb_raise((st), NULL)
#define CXB_RAISE_MSG(st, msg) cxb_raise((st), (msg))
%}

/* --- bytes in: a String (any encoding, read as bytes); nil passes NULL. */
%typemap(in) (const char *BYTES, size_t LEN) {
  if (NIL_P($input)) {
    $1 = NULL;
    $2 = 0;
  } else {
    StringValue($input);
    $1 = ($1_ltype)RSTRING_PTR($input);
    $2 = (size_t)RSTRING_LEN($input);
  }
}

/* --- doubles in: a String of native doubles (Array#pack('D*')). ------- */
%typemap(in) (const double *DOUBLES, size_t LEN) {
  if (NIL_P($input)) {
    $1 = NULL;
    $2 = 0;
  } else {
    StringValue($input);
    if (RSTRING_LEN($input) % (long)sizeof(double) != 0)
      rb_raise(rb_eArgError, "packed doubles: length %ld is not a multiple of %d",
               RSTRING_LEN($input), (int)sizeof(double));
    $1 = ($1_ltype)RSTRING_PTR($input);
    $2 = (size_t)RSTRING_LEN($input) / sizeof(double);
  }
}

/* --- owned bytes and text out (freed with cx_free). ------------------- */
%typemap(in, numinputs=0) (uint8_t **BYTES_OUT, size_t *LEN_OUT)
    (uint8_t *buf = NULL, size_t n = 0) {
  $1 = &buf;
  $2 = &n;
}
%typemap(argout) (uint8_t **BYTES_OUT, size_t *LEN_OUT) {
  VALUE s = rb_str_new((const char *)*$1, (long)*$2);
  cx_free(*$1);
  *$1 = NULL;
  %append_output(s);
}
%typemap(freearg) (uint8_t **BYTES_OUT, size_t *LEN_OUT) { cx_free(buf$argnum); }

%typemap(in, numinputs=0) (char **TEXT_OUT, size_t *LEN_OUT)
    (char *buf = NULL, size_t n = 0) {
  $1 = &buf;
  $2 = &n;
}
%typemap(argout) (char **TEXT_OUT, size_t *LEN_OUT) {
  VALUE s = rb_utf8_str_new(*$1, (long)*$2);
  cx_free(*$1);
  *$1 = NULL;
  %append_output(s);
}
%typemap(freearg) (char **TEXT_OUT, size_t *LEN_OUT) { cx_free(buf$argnum); }

/* --- batch columns: packed Strings with their element type ------------- */
%{
/* View a packed String as a column of @p n elements of @p dtype. */
static void cxb_column(VALUE str, int dtype, size_t n, const char *name,
                       cx_array *a) {
  size_t size = cx_dtype_size((cx_dtype)dtype);
  a->data = NULL;
  a->dtype = (cx_dtype)dtype;
  a->stride = 0;
  if (NIL_P(str)) return;
  StringValue(str);
  if (size == 0)
    rb_raise(rb_eArgError, "column '%s': unknown element type %d", name, dtype);
  if ((size_t)RSTRING_LEN(str) != n * size)
    rb_raise(rb_eArgError, "column '%s' holds %ld bytes, expected %zu rows of %zu bytes",
             name, RSTRING_LEN(str), n, size);
  a->data = RSTRING_PTR(str);
}
%}

%extend cx_kano_survey {
  /** Add @p n answer pairs from packed columns (Strings of @p n elements
      of the given cx_dtype; nil for an absent optional column). */
  cx_status add_batch_packed(size_t n, VALUE feature, int feature_dtype,
                             VALUE functional, int functional_dtype,
                             VALUE dysfunctional, int dysfunctional_dtype,
                             VALUE segment, int segment_dtype, VALUE weight,
                             int weight_dtype, VALUE importance,
                             int importance_dtype) {
    cx_array f, fu, dy, se, we, im;
    if (NIL_P(feature) || NIL_P(functional) || NIL_P(dysfunctional))
      rb_raise(rb_eArgError, "feature, functional and dysfunctional are required");
    cxb_column(feature, feature_dtype, n, "feature", &f);
    cxb_column(functional, functional_dtype, n, "functional", &fu);
    cxb_column(dysfunctional, dysfunctional_dtype, n, "dysfunctional", &dy);
    cxb_column(segment, segment_dtype, n, "segment", &se);
    cxb_column(weight, weight_dtype, n, "weight", &we);
    cxb_column(importance, importance_dtype, n, "importance", &im);
    return cx_kano_survey_add_batch($self, n, &f, &fu, &dy,
                                    se.data ? &se : NULL,
                                    we.data ? &we : NULL,
                                    im.data ? &im : NULL);
  }
}

%init %{
  {
    VALUE mod = rb_define_module("CX");
    VALUE base = rb_define_class_under(mod, "Error", rb_eStandardError);
    size_t i;
    rb_define_attr(base, "status", 1, 0);
    rb_define_attr(base, "path", 1, 0);
    rb_define_attr(base, "line", 1, 0);
    rb_define_attr(base, "column", 1, 0);
    rb_define_attr(base, "value", 1, 0);
    for (i = 1; i < sizeof cxb_error_names / sizeof *cxb_error_names; i++)
      rb_define_class_under(mod, cxb_error_names[i], base);
  }
%}
