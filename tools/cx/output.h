/*
 * Output shared by the cx commands: numbers, spreadsheet-safe text, CSV
 * quoting, JSON values, plain-text tables, files and error messages.
 */
#ifndef CX_TOOL_OUTPUT_H
#define CX_TOOL_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Longest text a number cell takes, NUL included. */
#define OUT_NUM_MAX 40

/* True when the whole text is a finite decimal number ("-0.5", "12"). */
bool out_is_number(const char *s);

/* A number with the fewest digits that read back to the same double; NaN
 * gives "" and -0 gives "0".  Returns buf. */
char *out_num_exact(char buf[OUT_NUM_MAX], double v);
/* A number with @p decimals digits after the point; NaN gives @p nan_text,
 * and a value that rounds to zero never shows a minus sign. */
char *out_num_fixed(char buf[OUT_NUM_MAX], double v, int decimals,
                    const char *nan_text);

/* Write one CSV cell.  Text that is not a number and starts with '=', '+',
 * '-', '@', a tab or a carriage return gets a leading single quote (so a
 * spreadsheet shows it instead of running it as a formula) and is quoted;
 * other text is quoted only when it holds the delimiter, a quote or a line
 * end. */
void out_csv_text(FILE *f, const char *s);
void out_csv_number(FILE *f, double v);

/* A text cell for a table: the same formula rule as CSV (quote prefix,
 * wrapped in double quotes), with control characters shown as '?'.
 * Returns a malloc'ed string, or NULL when out of memory. */
char *out_text_cell(const char *s);

/* JSON values (jansson) for the --format json outputs: a number, with NaN
 * and infinities as null (JSON has no form for them) and -0 as 0; a text,
 * with NULL as null.  Both return a new reference, NULL when out of
 * memory. */
struct json_t *out_json_number(double v);
struct json_t *out_json_text(const char *s);
/* Print a JSON document with two-space indents, members in the order they
 * were added and reals with 15 significant digits, then a line end.
 * Returns false when it could not be written. */
bool out_json_print(const struct json_t *root, FILE *f);
/* The same with reals to @p digits significant digits (1-17). */
bool out_json_print_digits(const struct json_t *root, FILE *f, int digits);

/* Print "cx: <the library's last error message>" on standard error and
 * return EXIT_BAD_INPUT. */
int out_fail(void);
/* Flush standard output after a command printed to it (@p ok false when
 * the printing itself failed): EXIT_DONE, or "cx: cannot write the
 * output" on standard error and EXIT_BAD_INPUT. */
int out_finish_stdout(bool ok);
/* Write @p len bytes to a new file at @p path (with @p dash_is_stdout,
 * "-" is standard output): EXIT_DONE, or "cx: PATH: cannot write: REASON"
 * on standard error and EXIT_BAD_INPUT. */
int out_write_file(const char *path, const char *data, size_t len,
                   bool dash_is_stdout);

/* A plain-text table: cells are added row by row, then printed with each
 * column padded to its widest cell. */
typedef struct out_table {
  size_t ncols;
  size_t nrows;
  size_t ncells;  /* cells added */
  size_t cap;     /* cells allocated */
  char **cell;    /* nrows * ncols, owned */
  bool *right;    /* per column: right-aligned */
  bool failed;    /* an allocation failed */
} out_table;

void out_table_init(out_table *t, size_t ncols);
void out_table_free(out_table *t);
void out_table_align_right(out_table *t, size_t col, bool right);
/* Append a cell (copied); rows fill left to right. */
void out_table_add(out_table *t, const char *text);
/* Append a cell already allocated with malloc (taken over). */
void out_table_add_owned(out_table *t, char *text);
/* Print with two spaces between columns and a rule under the first row. */
bool out_table_print(const out_table *t, FILE *f);

#endif
