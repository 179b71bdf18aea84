/*
 * Render every journey file (*.json) of a folder as an SVG journey map.
 *
 *   render_examples IN_DIR OUT_DIR [WIDTH [THEME]]
 *
 * writes OUT_DIR/NAME.svg for each IN_DIR/NAME.json, in name order, and
 * prints one line "NAME WIDTH HEIGHT" per picture (the size the SVG
 * declares), which tests/render/check_png.sh compares with the PNG.
 * WIDTH is the width option (0, the default, fits the touchpoints); THEME
 * is light, dark or print.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cx/io.h>
#include <cx/journey.h>
#include <cx/render.h>

static int by_name(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static int ends_with(const char *s, const char *tail) {
  size_t n = strlen(s), t = strlen(tail);
  return n > t && strcmp(s + n - t, tail) == 0;
}

static int render_one(const char *in_dir, const char *out_dir, const char *file,
                      const cx_journey_svg_options *o) {
  char in[4096], out[4096];
  size_t stem = strlen(file) - strlen(".json");
  snprintf(in, sizeof in, "%s/%s", in_dir, file);
  snprintf(out, sizeof out, "%s/%.*s.svg", out_dir, (int)stem, file);
  cx_journey *j = NULL;
  if (cx_journey_read_json(&j, in, NULL) != CX_OK) {
    fprintf(stderr, "render_examples: %s\n", cx_error_last());
    return 1;
  }
  char *svg = NULL;
  size_t len = 0;
  cx_status st = cx_journey_render_svg(j, o, &svg, &len);
  cx_journey_free(j);
  if (st != CX_OK) {
    fprintf(stderr, "render_examples: %s: %s\n", in, cx_error_last());
    return 1;
  }
  FILE *f = fopen(out, "wb");
  int bad = !f || fwrite(svg, 1, len, f) != len;
  if (f && fclose(f) != 0)
    bad = 1;
  if (bad) {
    fprintf(stderr, "render_examples: cannot write %s\n", out);
    cx_free(svg);
    return 1;
  }
  unsigned w = 0, h = 0;
  const char *p = strstr(svg, " width=\"");
  const char *q = strstr(svg, " height=\"");
  if (p && q) {
    w = (unsigned)strtoul(p + 8, NULL, 10);
    h = (unsigned)strtoul(q + 9, NULL, 10);
  }
  printf("%.*s %u %u\n", (int)stem, file, w, h);
  cx_free(svg);
  return 0;
}

int main(int argc, char **argv) {
  if (argc < 3 || argc > 5) {
    fprintf(stderr, "usage: %s IN_DIR OUT_DIR [WIDTH [light|dark|print]]\n",
            argv[0]);
    return 2;
  }
  cx_journey_svg_options o = CX_JOURNEY_SVG_OPTIONS_INIT;
  if (argc > 3)
    o.width = (unsigned)strtoul(argv[3], NULL, 10);
  if (argc > 4) {
    if (strcmp(argv[4], "dark") == 0)
      o.theme = CX_THEME_DARK;
    else if (strcmp(argv[4], "print") == 0)
      o.theme = CX_THEME_PRINT;
    else if (strcmp(argv[4], "light") != 0) {
      fprintf(stderr, "render_examples: unknown theme '%s'\n", argv[4]);
      return 2;
    }
  }
  DIR *d = opendir(argv[1]);
  if (!d) {
    fprintf(stderr, "render_examples: cannot open folder %s\n", argv[1]);
    return 1;
  }
  char **names = NULL;
  size_t n = 0, cap = 0;
  int rc = 0;
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    if (!ends_with(e->d_name, ".json"))
      continue;
    if (n == cap) {
      cap = cap ? 2 * cap : 16;
      char **grown = realloc(names, cap * sizeof *names);
      if (!grown) {
        rc = 1;
        break;
      }
      names = grown;
    }
    names[n] = malloc(strlen(e->d_name) + 1);
    if (!names[n]) {
      rc = 1;
      break;
    }
    strcpy(names[n++], e->d_name);
  }
  closedir(d);
  if (rc == 0 && n == 0) {
    fprintf(stderr, "render_examples: no *.json files in %s\n", argv[1]);
    rc = 1;
  }
  if (rc == 0) {
    qsort(names, n, sizeof *names, by_name);
    for (size_t i = 0; i < n; i++)
      rc |= render_one(argv[1], argv[2], names[i], &o);
  }
  for (size_t i = 0; i < n; i++)
    free(names[i]);
  free(names);
  return rc;
}
