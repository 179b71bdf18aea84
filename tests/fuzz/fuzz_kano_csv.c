/* Fuzz target: the Kano CSV reader, long and wide layouts, with and
 * without a respondent filter.  Any input must load or fail cleanly; a
 * failed load must leave the survey as it was. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cx/cx.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  for (int variant = 0; variant < 3; variant++) {
    cx_kano_survey *s = NULL;
    if (cx_kano_survey_new(&s) != CX_OK)
      return 0;
    if (variant == 2) {
      cx_kano_filter f = CX_KANO_FILTER_INIT;
      f.max_questionable = 0.5;
      cx_kano_survey_set_filter(s, &f);
    }
    uint8_t *before = NULL;
    size_t before_len = 0;
    cx_kano_survey_serialize(s, &before, &before_len);
    cx_kano_csv_options o = CX_KANO_CSV_OPTIONS_INIT;
    o.layout = variant == 1 ? CX_KANO_CSV_WIDE : CX_KANO_CSV_AUTO;
    cx_status st = cx_kano_read_csv_buffer(s, (const char *)data, size, "fuzz", &o);
    if (st != CX_OK) {
      uint8_t *after = NULL;
      size_t after_len = 0;
      cx_kano_survey_serialize(s, &after, &after_len);
      if (after_len != before_len || memcmp(before, after, after_len) != 0)
        abort(); /* a failed load changed the survey */
      cx_free(after);
    } else {
      cx_kano_result *r = NULL;
      if (cx_kano_result_compute(&r, s, NULL) == CX_OK) {
        char *svg = NULL;
        if (cx_render_kano_svg(r, NULL, &svg, NULL) == CX_OK && strstr(svg, "<script"))
          abort(); /* unescaped markup from the data */
        cx_free(svg);
      }
      cx_kano_result_free(r);
    }
    cx_free(before);
    cx_kano_survey_free(s);
  }
  return 0;
}
