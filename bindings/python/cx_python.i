/*
 * Python layer of the interface: exceptions, bytes and buffers.
 *
 * Failures become instances of the classes in cx/errors.py, built by
 * cx.errors._from_status() so the class hierarchy (which mixes in
 * ValueError, KeyError, OSError...) is ordinary Python.  Batch columns are
 * read through the buffer protocol and handed to libcx as cx_array views
 * of the caller's memory: nothing is copied.
 */

%{
#define CXB_VOID SWIG_Py_Void()
#define CXB_CHECK_PENDING \
  if (PyErr_Occurred()) SWIG_fail

/* A new reference to the text, or to None for NULL.  Messages may quote
 * input that is not valid UTF-8, hence "replace". */
static PyObject *cxb_text(const char *s) {
  if (!s) Py_RETURN_NONE;
  return PyUnicode_DecodeUTF8(s, (Py_ssize_t)strlen(s), "replace");
}

/* Set the pending exception for a failed call.  With @p message NULL the
 * thread's error record supplies the message and, for parse errors, the
 * place; a binding-side check passes its own message. */
static void cxb_set_error(cx_status status, const char *message) {
  const cx_error_info *info = cx_error_info_last();
  int from_record = message == NULL && info->status == status;
  PyObject *mod, *exc;

  if (!message)
    message = from_record && info->message && info->message[0]
                  ? info->message
                  : cx_strerror(status);
  mod = PyImport_ImportModule("cx.errors");
  if (!mod) return;
  exc = PyObject_CallMethod(
      mod, "_from_status", "iNNKKN", (int)status, cxb_text(message),
      cxb_text(from_record ? info->path : NULL),
      (unsigned long long)(from_record ? info->line : 0),
      (unsigned long long)(from_record ? info->column : 0),
      cxb_text(from_record ? info->value : NULL));
  Py_DECREF(mod);
  if (!exc) return;
  PyErr_SetObject((PyObject *)Py_TYPE(exc), exc);
  Py_DECREF(exc);
}
#define CXB_RAISE(st) cxb_set_error((st), NULL)
#define CXB_RAISE_MSG(st, msg) cxb_set_error((st), (msg))
%}

/* --- bytes in: bytes, bytearray, memoryview, any contiguous buffer; str
 * is encoded as UTF-8; None passes NULL. ------------------------------- */
%typemap(in) (const char *BYTES, size_t LEN) (Py_buffer view, int held = 0) {
  if ($input == Py_None) {
    $1 = NULL;
    $2 = 0;
  } else if (PyUnicode_Check($input)) {
    Py_ssize_t n = 0;
    const char *s = PyUnicode_AsUTF8AndSize($input, &n);
    if (!s) SWIG_fail;
    $1 = ($1_ltype)s;
    $2 = (size_t)n;
  } else {
    if (PyObject_GetBuffer($input, &view, PyBUF_SIMPLE) != 0) SWIG_fail;
    held = 1;
    $1 = ($1_ltype)view.buf;
    $2 = (size_t)view.len;
  }
}
%typemap(freearg) (const char *BYTES, size_t LEN) {
  if (held$argnum) PyBuffer_Release(&view$argnum);
}

/* --- doubles in: a contiguous buffer of float64 (array('d'), NumPy). --- */
%typemap(in) (const double *DOUBLES, size_t LEN) (Py_buffer view, int held = 0) {
  if ($input == Py_None) {
    $1 = NULL;
    $2 = 0;
  } else {
    const char *f;
    if (PyObject_GetBuffer($input, &view, PyBUF_C_CONTIGUOUS | PyBUF_FORMAT) != 0)
      SWIG_fail;
    held = 1;
    f = view.format ? view.format : "B";
    if (*f == '@' || *f == '=' || *f == '<') f++;
    if (strcmp(f, "d") != 0 || view.itemsize != (Py_ssize_t)sizeof(double)) {
      PyErr_Format(PyExc_TypeError,
                   "expected a buffer of float64 values, got format '%s'",
                   view.format ? view.format : "B");
      SWIG_fail;
    }
    $1 = ($1_ltype)view.buf;
    $2 = (size_t)(view.len / view.itemsize);
  }
}
%typemap(freearg) (const double *DOUBLES, size_t LEN) {
  if (held$argnum) PyBuffer_Release(&view$argnum);
}

/* --- owned bytes and text out (freed with cx_free). ------------------- */
%typemap(in, numinputs=0) (uint8_t **BYTES_OUT, size_t *LEN_OUT)
    (uint8_t *buf = NULL, size_t n = 0) {
  $1 = &buf;
  $2 = &n;
}
%typemap(argout) (uint8_t **BYTES_OUT, size_t *LEN_OUT) {
  PyObject *o = PyBytes_FromStringAndSize((const char *)*$1, (Py_ssize_t)*$2);
  if (!o) SWIG_fail;
  %append_output(o);
}
%typemap(freearg) (uint8_t **BYTES_OUT, size_t *LEN_OUT) { cx_free(buf$argnum); }

%typemap(in, numinputs=0) (char **TEXT_OUT, size_t *LEN_OUT)
    (char *buf = NULL, size_t n = 0) {
  $1 = &buf;
  $2 = &n;
}
%typemap(argout) (char **TEXT_OUT, size_t *LEN_OUT) {
  PyObject *o = PyUnicode_DecodeUTF8(*$1, (Py_ssize_t)*$2, "replace");
  if (!o) SWIG_fail;
  %append_output(o);
}
%typemap(freearg) (char **TEXT_OUT, size_t *LEN_OUT) { cx_free(buf$argnum); }

/* --- batch columns through the buffer protocol ------------------------- */
%{
typedef struct cxb_column {
  Py_buffer view;
  int held;
} cxb_column;

/* The cx_dtype of a one-letter struct format, or -1.  Only native and
 * little-endian layouts are read: libcx reads elements in host order. */
static int cxb_dtype_of(const Py_buffer *v) {
  const char *f = v->format ? v->format : "B";
  int is_signed;
  if (*f == '@' || *f == '=') f++;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  else if (*f == '<') f++;
#endif
  if (f[0] == '\0' || f[1] != '\0') return -1;
  switch (f[0]) {
  case 'f': return v->itemsize == 4 ? CX_DTYPE_F32 : -1;
  case 'd': return v->itemsize == 8 ? CX_DTYPE_F64 : -1;
  case 'b': case 'h': case 'i': case 'l': case 'q': case 'n':
    is_signed = 1;
    break;
  case 'B': case 'H': case 'I': case 'L': case 'Q': case 'N':
    is_signed = 0;
    break;
  default:
    return -1;
  }
  switch (v->itemsize) {
  case 1: return is_signed ? CX_DTYPE_I8 : CX_DTYPE_U8;
  case 2: return is_signed ? CX_DTYPE_I16 : CX_DTYPE_U16;
  case 4: return is_signed ? CX_DTYPE_I32 : CX_DTYPE_U32;
  case 8: return is_signed ? CX_DTYPE_I64 : CX_DTYPE_U64;
  default: return -1;
  }
}

/* Open @p obj as a column named @p name.  None leaves @p a absent.  On
 * failure an exception is set and -1 returned. */
static int cxb_column_open(PyObject *obj, const char *name, cxb_column *c,
                           cx_array *a, Py_ssize_t *n) {
  int dt;
  Py_ssize_t stride;
  a->data = NULL;
  a->dtype = CX_DTYPE_U8;
  a->stride = 0;
  if (obj == Py_None) return 0;
  if (PyObject_GetBuffer(obj, &c->view, PyBUF_STRIDES | PyBUF_FORMAT) != 0) {
    PyErr_Clear();
    PyErr_Format(PyExc_TypeError,
                 "column '%s' must support the buffer protocol (a NumPy "
                 "array, bytes, array.array or memoryview), not %s",
                 name, Py_TYPE(obj)->tp_name);
    return -1;
  }
  c->held = 1;
  if (c->view.ndim != 1) {
    PyErr_Format(PyExc_ValueError,
                 "column '%s' must be one-dimensional, not %d-dimensional",
                 name, c->view.ndim);
    return -1;
  }
  dt = cxb_dtype_of(&c->view);
  if (dt < 0) {
    PyErr_Format(PyExc_TypeError,
                 "column '%s' has element format '%s' (%zd bytes); expected "
                 "integers or floats (int8-64, uint8-64, float32, float64) "
                 "in native byte order",
                 name, c->view.format ? c->view.format : "B",
                 c->view.itemsize);
    return -1;
  }
  stride = c->view.strides ? c->view.strides[0] : c->view.itemsize;
  if (stride == 0 && c->view.shape[0] > 1) {
    /* cx_array reads a zero stride as "contiguous". */
    PyErr_Format(PyExc_ValueError,
                 "column '%s' repeats one element (zero stride, e.g. from "
                 "numpy.broadcast_to); pass a real array", name);
    return -1;
  }
  a->data = c->view.buf;
  a->dtype = (cx_dtype)dt;
  a->stride = stride == c->view.itemsize ? 0 : stride;
  *n = c->view.shape[0];
  return 0;
}

/* Release the buffers opened by cxb_columns_open(). */
static void cxb_columns_release(cxb_column *cols, int ncols) {
  int i;
  for (i = 0; i < ncols; i++)
    if (cols[i].held) {
      PyBuffer_Release(&cols[i].view);
      cols[i].held = 0;
    }
}

/* Open the @p ncols columns @p objs (None: absent; the first @p nrequired
 * must be present) and check that the present ones have one length, put in
 * @p n (-1 when none is present).  On failure an exception is set, every
 * buffer already opened is released and -1 is returned; on success the
 * caller releases them with cxb_columns_release() once libcx is done. */
static int cxb_columns_open(PyObject *const *objs, const char *const *names,
                            int ncols, int nrequired, cxb_column *cols,
                            cx_array *arrays, Py_ssize_t *n) {
  int i, first = -1;
  Py_ssize_t len;
  memset(cols, 0, (size_t)ncols * sizeof *cols);
  *n = -1;
  for (i = 0; i < ncols; i++) {
    len = -1;
    if (i < nrequired && objs[i] == Py_None) {
      PyErr_Format(PyExc_TypeError, "column '%s' is required", names[i]);
      break;
    }
    if (cxb_column_open(objs[i], names[i], &cols[i], &arrays[i], &len) != 0)
      break;
    if (len < 0) continue;
    if (first < 0) {
      first = i;
      *n = len;
    } else if (len != *n) {
      PyErr_Format(PyExc_ValueError,
                   "columns differ in length: '%s' has %zd rows, '%s' %zd",
                   names[first], *n, names[i], len);
      break;
    }
  }
  if (i == ncols) return 0;
  cxb_columns_release(cols, ncols);
  return -1;
}
%}

%extend cx_kano_survey {
  /** Add one answer pair per row from columns read in place (see
      cx_kano_survey_add_batch); the GIL is released while counting. */
  cx_status add_batch_buffers(PyObject *feature, PyObject *functional,
                              PyObject *dysfunctional, PyObject *segment,
                              PyObject *weight, PyObject *importance) {
    static const char *const names[6] = {"feature", "functional",
                                         "dysfunctional", "segment", "weight",
                                         "importance"};
    PyObject *objs[6];
    cxb_column cols[6];
    cx_array arrays[6];
    Py_ssize_t n;
    cx_status st;
    objs[0] = feature; objs[1] = functional; objs[2] = dysfunctional;
    objs[3] = segment; objs[4] = weight; objs[5] = importance;
    if (cxb_columns_open(objs, names, 6, 3, cols, arrays, &n) != 0)
      return CX_OK; /* the pending exception is reported by the wrapper */
    Py_BEGIN_ALLOW_THREADS
    st = cx_kano_survey_add_batch(
        $self, (size_t)n, &arrays[0], &arrays[1], &arrays[2],
        arrays[3].data ? &arrays[3] : NULL,
        arrays[4].data ? &arrays[4] : NULL,
        arrays[5].data ? &arrays[5] : NULL);
    Py_END_ALLOW_THREADS
    cxb_columns_release(cols, 6);
    return st;
  }
}
