/* Fuzz target: cx_metric_survey_deserialize.  Whatever the bytes, it must
 * refuse cleanly or give an accumulator that serializes back to the same
 * bytes and computes its result. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cx/cx.h>

#include "fuzz_metrics_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  cx_metric_survey *s = NULL;
  if (cx_metric_survey_deserialize(&s, data, size) != CX_OK)
    return 0;
  uint8_t *back = NULL;
  size_t len = 0;
  if (cx_metric_survey_serialize(s, &back, &len) != CX_OK)
    abort();
  if (len != size || memcmp(back, data, size) != 0)
    abort(); /* round trip must be exact */
  cx_free(back);
  fuzz_metrics_compute(s);
  cx_metric_survey_free(s);
  return 0;
}
