/* Fuzz target: cx_gap_survey_deserialize.  Whatever the bytes, it must
 * refuse cleanly or give a survey that serializes back to the same bytes
 * and computes results. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cx/cx.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  cx_gap_survey *s = NULL;
  if (cx_gap_survey_deserialize(&s, data, size) != CX_OK)
    return 0;
  uint8_t *back = NULL;
  size_t len = 0;
  if (cx_gap_survey_serialize(s, &back, &len) != CX_OK)
    abort();
  if (len != size || memcmp(back, data, size) != 0)
    abort(); /* round trip must be exact */
  cx_free(back);
  cx_gap_result *r = NULL;
  cx_gap_result_compute(&r, s, NULL);
  cx_gap_result_free(r);
  cx_gap_survey_free(s);
  return 0;
}
