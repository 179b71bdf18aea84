/* Fuzz target: the gap (expectation/perception) CSV reader, long and wide
 * layouts, into an empty survey (items from the file) and into the
 * SERVQUAL preset, and the per-segment reader.  Any input must load or
 * fail cleanly; a failed load must leave the survey byte-identical; a
 * loaded survey must compute results and draw both charts without raw
 * markup from the data. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cx/cx.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void use(const cx_gap_survey *s) {
  cx_gap_result *r = NULL;
  if (cx_gap_result_compute(&r, s, NULL) != CX_OK)
    return;
  char *svg = NULL;
  if (cx_render_gap_svg(r, NULL, &svg, NULL) == CX_OK && strstr(svg, "<script"))
    abort(); /* unescaped markup from the data */
  cx_free(svg);
  svg = NULL;
  if (cx_render_ipa_svg(r, NULL, &svg, NULL) == CX_OK && strstr(svg, "<script"))
    abort();
  cx_free(svg);
  cx_gap_result_free(r);
}

/* The bytes of a fresh survey (kind 0) and a fresh SERVQUAL survey
 * (kind 1): every run starts from one of these, so they are made once. */
static uint8_t *fresh[2];
static size_t fresh_len[2];

static void fresh_bytes(int kind, const cx_gap_survey *s) {
  if (!fresh[kind] &&
      cx_gap_survey_serialize(s, &fresh[kind], &fresh_len[kind]) != CX_OK)
    abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  for (int variant = 0; variant < 4; variant++) {
    cx_gap_survey *s = NULL;
    if (cx_gap_survey_new(&s, NULL) != CX_OK)
      return 0;
    if (variant >= 2 && cx_gap_survey_declare_servqual(s) != CX_OK) {
      cx_gap_survey_free(s);
      return 0;
    }
    int kind = variant >= 2;
    fresh_bytes(kind, s);
    uint8_t *after = NULL;
    size_t after_len = 0;
    cx_gap_csv_options o = CX_GAP_CSV_OPTIONS_INIT;
    o.layout = variant % 2 ? CX_GAP_CSV_WIDE : CX_GAP_CSV_AUTO;
    cx_status st =
        cx_gap_read_csv_buffer(s, (const char *)data, size, "fuzz", &o);
    if (st != CX_OK) {
      cx_gap_survey_serialize(s, &after, &after_len);
      if (after_len != fresh_len[kind] ||
          memcmp(fresh[kind], after, after_len) != 0)
        abort(); /* a failed load changed the survey */
      cx_free(after);
    } else if (variant == 0 || variant == 3) {
      use(s); /* results and charts once per kind of survey */
    }
    if (variant == 2) {
      cx_gap_segments *seg = NULL;
      if (cx_gap_read_csv_segments_buffer(&seg, s, (const char *)data, size,
                                          "fuzz", &o) == CX_OK) {
        for (size_t i = 0; i < cx_gap_segments_count(seg); i++)
          if (!cx_gap_segments_name(seg, i) || !cx_gap_segments_survey(seg, i))
            abort();
        use(cx_gap_segments_pooled(seg));
      }
      cx_gap_segments_free(seg);
    }
    cx_gap_survey_free(s);
  }
  return 0;
}
