/*
 * One SWIG interface for every language binding of libcx.
 *
 * The C API is wrapped almost one to one; the idioms of each language
 * (keyword arguments, iteration, pickling, pandas, Enumerable) live in the
 * small pure-language layer next to the generated code (bindings/python/cx,
 * bindings/ruby/cx).  This file holds what is shared:
 *
 *   - naming: the cx_ / CX_ prefix is dropped (the package is the prefix);
 *   - errors: every function returning cx_status raises on failure, through
 *     one `out` typemap, so no call can fail silently;
 *   - out-parameters become return values (indices, counts, enums, owned
 *     handles, owned byte strings, plain structs copied out);
 *   - handles are classes whose destructor is the library's *_free.
 *
 * A new module adds one file like kano.i and one %include line below; the
 * typemap macros here (CXB_OWNED_OUT, CXB_STRUCT_OUT, CXB_BORROWED_OUT,
 * CXB_ENUM_OUT, CXB_OPTIONS_CTOR) cover its out-parameters and option
 * records, cxb_check_index() its array
 * accessors, scale.i every cx_scale argument, and the language layers read
 * batch columns (cxb_columns_open in Python, cxb_column in Ruby).  io.h and
 * render.h hold functions of several modules, so they are wrapped once,
 * after every module file has declared what it ignores or replaces.
 */

#if defined(SWIGPYTHON)
%module(package="cx", docstring="Low-level wrapper of libcx; use the cx package instead.") core
#elif defined(SWIGRUBY)
%module CX
#else
#error "bindings exist for Python and Ruby only"
#endif

%{
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cx/cx.h>
%}

/* The allocator hook must be installed before anything else runs; by the
 * time a script can call it the interpreter has already used libcx, so it
 * is not offered.  cx_free is internal to the typemaps. */
%ignore cx_set_allocator;
%ignore cx_free;
%ignore cx_error_info;
%ignore cx_error_info_last;
%ignore cx_array;
%ignore CX_ARRAY;

/* cx_kano_survey_new -> kano_survey_new, CX_KANO_A -> KANO_A. */
%rename("%(regex:/^[cC][xX]_(.*)$/\\1/)s") "";

%include <stdint.i>

/* ------------------------------------------------------------------------ */
/* Status codes become exceptions.                                          */

/* Declared before the language layer so that they also apply to the
 * methods it adds.  CXB_RAISE(status) comes from the language layer: it
 * raises (Ruby) or
 * sets the pending exception (Python), using the thread's error record.
 * The %exception below turns a pending Python exception from a helper body
 * into a failed call; in Ruby the raise has already left the wrapper. */
%typemap(out) cx_status {
  if ($1 != CX_OK) {
    CXB_RAISE($1);
    SWIG_fail;
  }
  $result = CXB_VOID;
}

%exception {
  $action
  CXB_CHECK_PENDING;
}

/* ------------------------------------------------------------------------ */
/* Language layer: how to raise, bytes in and out, batch columns.           */

#if defined(SWIGPYTHON)
%include "python/cx_python.i"
#elif defined(SWIGRUBY)
%include "ruby/cx_ruby.i"
#endif

/* ------------------------------------------------------------------------ */
/* Out-parameters.                                                          */

/* size_t and uint64_t counters and indices. */
%typemap(in, numinputs=0) size_t *OUT_SIZE (size_t temp = 0) { $1 = &temp; }
%typemap(argout, fragment=SWIG_From_frag(unsigned long long)) size_t *OUT_SIZE {
  %append_output(SWIG_From_unsigned_SS_long_SS_long((unsigned long long)*$1));
}
%typemap(in, numinputs=0) uint64_t *OUT_U64 (uint64_t temp = 0) { $1 = &temp; }
%typemap(argout, fragment=SWIG_From_frag(unsigned long long)) uint64_t *OUT_U64 {
  %append_output(SWIG_From_unsigned_SS_long_SS_long((unsigned long long)*$1));
}
%typemap(in, numinputs=0) double *OUT_DOUBLE (double temp = 0) { $1 = &temp; }
%typemap(argout, fragment=SWIG_From_frag(double)) double *OUT_DOUBLE {
  %append_output(SWIG_From_double(*$1));
}
%typemap(in, numinputs=0) int *OUT_INT (int temp = 0) { $1 = &temp; }
%typemap(argout, fragment=SWIG_From_frag(int)) int *OUT_INT {
  %append_output(SWIG_From_int(*$1));
}

/* An enum written through a pointer comes back as its integer value. */
%define CXB_ENUM_OUT(TYPE, NAME)
%typemap(in, numinputs=0) TYPE *NAME (TYPE temp) { temp = (TYPE)0; $1 = &temp; }
%typemap(argout, fragment=SWIG_From_frag(int)) TYPE *NAME {
  %append_output(SWIG_From_int((int)*$1));
}
%enddef

/* A handle created through `T **out` is returned owned: the wrapper object
 * frees it (with the class destructor) when it is collected. */
%define CXB_OWNED_OUT(TYPE)
%typemap(in, numinputs=0) TYPE **out (TYPE *temp = NULL) { $1 = &temp; }
%typemap(argout) TYPE **out {
  %append_output(SWIG_NewPointerObj((void *)*$1, $*descriptor, SWIG_POINTER_OWN));
}
%enddef

/* A pointer into another object, returned through `const T **out`; the
 * language layer keeps the owner alive for as long as the wrapper lives. */
%define CXB_BORROWED_OUT(TYPE)
%typemap(in, numinputs=0) const TYPE **out (const TYPE *temp = NULL) { $1 = ($1_ltype)&temp; }
%typemap(argout) const TYPE **out {
  %append_output(SWIG_NewPointerObj((void *)*$1, $*descriptor, 0));
}
%enddef

/* A plain struct filled through `T *out` is copied into a new wrapper that
 * owns it (SWIG's default destructor of a C struct calls free()). */
%define CXB_STRUCT_OUT(TYPE)
%typemap(in, numinputs=0) TYPE *out (TYPE temp) { memset(&temp, 0, sizeof temp); $1 = &temp; }
%typemap(argout) TYPE *out {
  TYPE *copy = (TYPE *)malloc(sizeof *copy);
  if (!copy) SWIG_exception_fail(SWIG_MemoryError, "out of memory");
  *copy = *$1;
  %append_output(SWIG_NewPointerObj((void *)copy, $descriptor, SWIG_POINTER_OWN));
}
%enddef

/* A link report (journey.h types, declared in gap.h) returned owned. */
%typemap(in, numinputs=0) cx_journey_link_report **report
    (cx_journey_link_report *temp = NULL) {
  $1 = &temp;
}
%typemap(argout) cx_journey_link_report **report {
  %append_output(SWIG_NewPointerObj((void *)*$1, $*descriptor, SWIG_POINTER_OWN));
}

/* Option records start from the library's defaults. */
%define CXB_OPTIONS_CTOR(TYPE, INIT)
%extend TYPE {
  TYPE() {
    static const TYPE init = INIT;
    TYPE *o = (TYPE *)malloc(sizeof *o);
    if (!o) {
      CXB_RAISE_MSG(CX_ENOMEM, "out of memory");
      return NULL;
    }
    *o = init;
    return o;
  }
}
%enddef

/* ------------------------------------------------------------------------ */
/* Helpers shared by the module files.                                      */

%{
/* Shared by the array accessors: an index outside [0, n) is a RangeError
 * in every language, with the bounds in the message. */
static int cxb_check_index(const char *what, long i, long n) {
  char msg[128];
  if (i >= 0 && i < n) return 1;
  snprintf(msg, sizeof msg, "%s index %ld out of range [0, %ld)", what, i, n);
  CXB_RAISE_MSG(CX_ERANGE, msg);
  return 0;
}
%}

/* ------------------------------------------------------------------------ */
/* common.h                                                                 */

%apply int *OUT_INT { int *major, int *minor, int *patch };

%include <cx/common.h>

/* ------------------------------------------------------------------------ */
/* Modules                                                                  */

%include "scale.i"
%include "kano.i"
%include "journey.i"
%include "gap.i"
%include "metrics.i"
%include "paths.i"

/* Readers, writers and renderers of every module; each module file has
 * already ignored or replaced its own entries. */
%rename("$ignore") cx_progress_fn;
/* Reader limits are plain numbers, so the struct itself is bound; a new
 * one starts from the library's defaults. */
CXB_OPTIONS_CTOR(cx_read_limits, CX_READ_LIMITS_INIT)
%include <cx/io.h>
%include <cx/render.h>

/* The pure-Ruby layer is loaded last, once every class and constant of the
 * extension exists; one line per module. */
#if defined(SWIGRUBY)
%init %{
  rb_require("cx/limits");
  rb_require("cx/kano");
  rb_require("cx/scale");
  rb_require("cx/metrics");
  rb_require("cx/gap");
  rb_require("cx/journey");
  rb_require("cx/paths");
%}
#endif
