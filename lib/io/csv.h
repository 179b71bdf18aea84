/*
 * Streaming RFC 4180 CSV tokenizer shared by the readers in lib/io/.
 * Never installed.
 *
 * The reader owns one block buffer (1-4 MiB) and hands out records whose
 * fields point into it, so memory stays bounded whatever the input size
 * and nothing is allocated per field.  Records are valid until the next
 * call to cx__csv_next().
 *
 * Accepted input: UTF-8 text with an optional byte-order mark; LF, CRLF or
 * lone CR line ends; fields separated by one delimiter byte; a field that
 * starts with '"' is quoted and may hold the delimiter, line ends and
 * doubled quotes ("" stands for one ").  A '"' inside an unquoted field is
 * kept as an ordinary byte.  Lines that are completely empty are skipped
 * (they still count for line numbers).  NUL bytes, an unterminated quoted
 * field, text after a closing quote and records longer than the limit are
 * errors that name the input, line and column.
 */
#ifndef CX_IO_CSV_H
#define CX_IO_CSV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cx/common.h>

/* Longest record (raw bytes, quotes included) the reader accepts unless
 * cx__csv_set_limits() says otherwise. */
#define CX_CSV_MAX_RECORD ((size_t)1 << 20)
/* Size of the block buffer for large inputs. */
#define CX_CSV_BLOCK ((size_t)4 << 20)

typedef struct cx_csv_field {
  const char *ptr;  /* first byte of the (unquoted) text; not NUL-ended */
  size_t len;       /* its length in bytes */
  uint64_t line;    /* 1-based line where the field starts */
  uint64_t column;  /* 1-based byte column where it starts (the opening
                       quote for a quoted field; the byte-order mark is
                       not counted) */
} cx_csv_field;

typedef struct cx_csv_record {
  cx_csv_field *field;  /* field[0 .. n-1] */
  size_t n;
  uint64_t line;        /* line of the first field */
  uint64_t end_line;    /* where the record's line end is, for messages */
  uint64_t end_column;  /* about missing fields */
} cx_csv_record;

typedef struct cx_csv cx_csv;

/* Progress hook: bytes consumed so far and the input size (0 if unknown).
 * Called once per block read. */
typedef void (*cx_csv_progress_fn)(void *ctx, uint64_t done, uint64_t total);

/* Open a file ("-" is standard input, named "<stdin>" in messages).
 * CX_EIO names the path and the system's reason. */
cx_status cx__csv_open_file(cx_csv **out, const char *path, char delimiter);
/* Read from memory; the bytes are copied block by block, never modified.
 * @p name is used in messages (NULL: "<buffer>"). */
cx_status cx__csv_open_buffer(cx_csv **out, const char *data, size_t len,
                              const char *name, char delimiter);
void cx__csv_close(cx_csv *csv);

void cx__csv_set_progress(cx_csv *csv, cx_csv_progress_fn fn, void *ctx);

/* Limits of one input, set before the first record is read; 0 means no
 * limit.  @p max_bytes bounds the whole input: a known size (a regular
 * file, a buffer) is checked here, and the bytes read are counted as they
 * arrive (never more than max_bytes + 1 are read).  @p max_record bounds
 * the raw bytes of one record (the buffer never grows much past it) and
 * @p max_columns the fields of one record.  Without this call a reader
 * has max_record CX_CSV_MAX_RECORD and no other limit.  Each exceeded
 * limit is CX_ERANGE naming the limit, its value and the place; here when
 * the known size is too large. */
cx_status cx__csv_set_limits(cx_csv *csv, uint64_t max_bytes,
                             size_t max_record, size_t max_columns);

/* Next record.  CX_OK with *eof false and @p rec filled; CX_OK with *eof
 * true at the end of input; or an error (CX_EPARSE, CX_ERANGE, CX_EIO,
 * CX_ENOMEM) with the place in the thread's error record. */
cx_status cx__csv_next(cx_csv *csv, cx_csv_record *rec, bool *eof);

/* Name used in messages ("<stdin>", the path or the buffer's name). */
const char *cx__csv_name(const cx_csv *csv);
/* Bytes consumed and total input size (0 when unknown). */
uint64_t cx__csv_done(const cx_csv *csv);
uint64_t cx__csv_total(const cx_csv *csv);

#endif
