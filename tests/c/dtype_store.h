/*
 * Writing one value in any cx_dtype, for the tests and fuzz targets that
 * hand the library columns of every type.
 */
#ifndef CX_TEST_DTYPE_STORE_H
#define CX_TEST_DTYPE_STORE_H

#include <math.h>
#include <stdint.h>
#include <string.h>

#include <cx/common.h>

/* @p v stored at @p at as dtype @p dt (an integer dtype takes its whole
 * part, converted as C converts), and the stored value read back as a
 * double, as the library reads it. */
static double store_as(unsigned char *at, cx_dtype dt, double v) {
  switch (dt) {
#define STORE(DT, T)                                                           \
  case DT: {                                                                   \
    T x = (T)(int64_t)v;                                                       \
    memcpy(at, &x, sizeof x);                                                  \
    return (double)x;                                                          \
  }
    STORE(CX_DTYPE_U8, uint8_t)
    STORE(CX_DTYPE_I8, int8_t)
    STORE(CX_DTYPE_U16, uint16_t)
    STORE(CX_DTYPE_I16, int16_t)
    STORE(CX_DTYPE_U32, uint32_t)
    STORE(CX_DTYPE_I32, int32_t)
    STORE(CX_DTYPE_U64, uint64_t)
    STORE(CX_DTYPE_I64, int64_t)
#undef STORE
  case CX_DTYPE_F32: {
    float x = (float)v;
    memcpy(at, &x, sizeof x);
    return (double)x;
  }
  case CX_DTYPE_F64:
    memcpy(at, &v, sizeof v);
    return v;
  }
  return NAN;
}

#endif
