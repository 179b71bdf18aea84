/*
 * The event-log CSV reader's fast path: plain files of unquoted ASCII
 * rows with the case, touchpoint, timestamp and optionally outcome
 * columns, read in blocks and cut at line ends and delimiters in one pass
 * over the bytes, without the general tokenizer's per-field bookkeeping.
 *
 * It accepts only what the general reader (paths_csv.c) reads into
 * exactly the same events, and gives up on anything else: a quote, a
 * carriage return, NUL, a byte outside ASCII, a row of the wrong width,
 * an overlong row, a cell it does not parse the same way, any error.
 * Giving up costs a second read: the caller throws away the log the rows
 * went to and reads the input again with the general reader, which then
 * reports the problem with its line and column.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../paths_internal.h"
#include "csv.h"

enum { K_TEXT = 0, K_DELIM = 1, K_LF = 2, K_ODD = 3 };
enum { TP_CACHE = 256, BATCH = 1024 };

typedef struct fast {
  cx_paths_log *log;
  const p_csv_fast *plan;
  cx_paths_time_format fmt;
  uint8_t kind[256];
  struct {
    uint64_t key; /* bytes of the name and its length; 0: empty */
    uint32_t code;
  } tp[TP_CACHE];
  uint32_t *idx;             /* delimiters and line feeds of a block */
  uint64_t rows;
  /* In an unsorted log that keys decimal case ids (p_decimal_id) by their
   * value, rows wait here as columns and are added BATCH at a time, at
   * the latest when their block ends.  Other ids are looked up in the
   * log's list of ids all together: text[j] is the id of row tpos[j]. */
  bool batch;
  bool avx2; /* the processor has AVX2 */
  bool sized;  /* size_log was called */
  uint64_t input_left; /* bytes of input after those given to rows() */
  size_t nb, nt;
  int64_t key[BATCH];
  uint32_t code[BATCH];
  int64_t ts[BATCH];
  uint8_t out[BATCH];
  const char *text[BATCH];
  size_t tlen[BATCH], tpos[BATCH], found[BATCH];
  uint64_t hash[BATCH];
  p_pend pend; /* a graph-only log's pair durations, until the end */
} fast;

/* The keys of the rows with text ids: their index in the log's list of
 * ids, new ids added in order of rows. */
static bool text_keys(fast *f) {
  cx_names *ids = &f->log->case_ids;
  cx__names_find_many(ids, f->nt, f->text, f->tlen, f->hash, f->found);
  for (size_t j = 0; j < f->nt; j++) {
    size_t k = f->found[j];
    /* Not there before the batch: maybe added by an earlier row of it. */
    if (k == SIZE_MAX && (k = cx__names_find(ids, f->text[j], f->tlen[j])) ==
                             SIZE_MAX &&
        (k = cx__names_add(ids, f->text[j], f->tlen[j])) == SIZE_MAX)
      return false;
    f->key[f->tpos[j]] = (int64_t)k;
  }
  f->nt = 0;
  return true;
}

static bool flush(fast *f) {
  size_t n = f->nb;
  f->nb = 0;
  if (!n)
    return true;
  f->log->ids = P_IDS_TEXT;
  if (f->nt && !text_keys(f))
    return false;
  /* A graph-only log's pairs wait by edge for the whole input. */
  return (f->log->opt.graph_only
              ? p_graph_append(f->log, n, f->key, f->code, f->ts, f->out,
                               NULL, NULL, &f->pend)
              : p_log_append(f->log, n, f->key, f->code, f->ts, f->out, NULL,
                             NULL)) == CX_OK;
}

#if P_WORDS
static inline uint64_t zero_bytes(uint64_t x) {
  const uint64_t low7 = 0x7f7f7f7f7f7f7f7full;
  return ~(((x & low7) + low7) | x | low7);
}
#endif

static void trim(const char **p, const char **e) {
  while (*p < *e && (**p == ' ' || **p == '\t'))
    (*p)++;
  while (*e > *p && ((*e)[-1] == ' ' || (*e)[-1] == '\t'))
    (*e)--;
}

/* Touchpoint names of up to 7 bytes are found through a small cache keyed
 * by their bytes, longer ones through the dictionary; @p end is where the
 * readable bytes end. */
static bool touchpoint(fast *f, const char *p, size_t len, const char *end,
                       uint32_t *code) {
  uint64_t key = 0;
  size_t slot = 0;
  if (len <= 7) {
#if P_WORDS
    if (end - p >= 8) {
      memcpy(&key, p, 8);
      key &= ((uint64_t)1 << (8 * len)) - 1;
    } else
#else
    (void)end;
#endif
      for (size_t i = 0; i < len; i++)
        key |= (uint64_t)(unsigned char)p[i] << (8 * i);
    key |= (uint64_t)len << 56;
    slot = (size_t)((key * 0x9e3779b97f4a7c15ull) >> 56) & (TP_CACHE - 1);
    if (f->tp[slot].key == key) {
      *code = f->tp[slot].code;
      return true;
    }
  }
  size_t k = cx__names_find(&f->log->tps, p, len);
  if (k == SIZE_MAX) {
    uint32_t c;
    if (p_log_touchpoint(f->log, p, len, NULL, 0, &c))
      return false;
    k = c;
  }
  *code = (uint32_t)k;
  if (key) {
    f->tp[slot].key = key;
    f->tp[slot].code = *code;
  }
  return true;
}

/* Epoch timestamps that are plain digits are read here; anything else goes
 * through the general parser. */
static bool timestamp(fast *f, const char *p, size_t len, const char *end,
                      int64_t *out) {
  int64_t scale = f->fmt == CX_PATHS_TIME_EPOCH_US   ? 1
                  : f->fmt == CX_PATHS_TIME_EPOCH_MS ? 1000
                  : f->fmt == CX_PATHS_TIME_EPOCH_S  ? 1000000
                                                     : 0;
  int64_t v;
  if (scale && p_digits(p, len, end, &v) && v <= P_TS_MAX / scale) {
    *out = v * scale;
    return true;
  }
  return cx_paths_parse_timestamp(p, len, f->fmt, out) == CX_OK;
}

/* A cell: [s, e) of the row. */
typedef struct cellx {
  const char *s, *e;
} cellx;

/* Cell @p c of the row that starts at @p at and whose delimiters and line
 * end are the positions pos[0..]. */
static inline cellx cell_of(const char *p, size_t at, const uint32_t *pos,
                            size_t c) {
  cellx x = {c ? p + pos[c - 1] + 1 : p + at, p + pos[c]};
  if (CX_UNLIKELY(x.s < x.e && (*x.s == ' ' || *x.s == '\t' ||
                                x.e[-1] == ' ' || x.e[-1] == '\t')))
    trim(&x.s, &x.e);
  return x;
}

/* One row of the block p[0..n); false to give up. */
static bool row(fast *f, const char *p, size_t n, size_t at,
                const uint32_t *pos) {
  const p_csv_fast *pl = f->plan;
  cellx id = cell_of(p, at, pos, pl->c_case), tp = cell_of(p, at, pos, pl->c_tp),
        ts = cell_of(p, at, pos, pl->c_ts);
  size_t id_len = (size_t)(id.e - id.s);
  if (id_len == 0 || id_len > P_NAME_MAX || tp.s == tp.e)
    return false;
  uint32_t code;
  if (!touchpoint(f, tp.s, (size_t)(tp.e - tp.s), p + n, &code))
    return false;
  if (f->fmt == CX_PATHS_TIME_AUTO)
    f->fmt = p_csv_looks_iso(ts.s, (size_t)(ts.e - ts.s))
                 ? CX_PATHS_TIME_ISO8601
                 : CX_PATHS_TIME_EPOCH_S;
  int64_t t;
  if (!timestamp(f, ts.s, (size_t)(ts.e - ts.s), p + n, &t))
    return false;
  int outcome = 0;
  if (pl->c_out != SIZE_MAX) {
    cellx o = cell_of(p, at, pos, pl->c_out);
    if (o.e - o.s > 1 || (o.e - o.s == 1 && *o.s != '0' && *o.s != '1'))
      return false;
    outcome = o.e - o.s == 1 && *o.s == '1';
  }
  if (code == pl->conv_tp)
    outcome = 1;
  f->rows++;
  if (f->batch) {
    size_t i = f->nb++;
    uint64_t v;
    if (p_decimal_id(id.s, id_len, p + n, &v)) {
      f->key[i] = P_NUM_KEY(v);
    } else {
      f->text[f->nt] = id.s;
      f->tlen[f->nt] = id_len;
      f->tpos[f->nt++] = i;
    }
    f->code[i] = code;
    f->ts[i] = t;
    f->out[i] = (uint8_t)outcome;
    return f->nb < BATCH || flush(f);
  }
  return p_log_add_text(f->log, id.s, id_len, code, t, NAN, outcome, 0) ==
         CX_OK;
}

/* ---- structure of a block ------------------------------------------------ */

/* Offsets of the delimiters and line feeds of p[0..n) are listed first,
 * whole rows are cut from the list after.  Eight bytes at a time where
 * words are little-endian: each kind of byte sought becomes a mask with
 * the high bit of every matching byte set, and the positions are taken
 * from the mask without a branch per byte. */

/* Byte by byte from @p i; false when an odd byte is found. */
static bool index_bytes(const fast *f, const char *p, size_t i, size_t n,
                        uint32_t *idx, size_t *k) {
  for (; i < n; i++) {
    uint8_t c = f->kind[(unsigned char)p[i]];
    if (c == K_ODD)
      return false;
    if (c != K_TEXT)
      idx[(*k)++] = (uint32_t)i;
  }
  return true;
}

#if defined(__GNUC__) && defined(__x86_64__)
#define AVX2 1
#include <immintrin.h>

/* Thirty-two bytes at a time with AVX2: a compare per kind of byte gives
 * a bit mask, and the positions of the set bits are written eight at a
 * time whatever their count (the count decides how many stay). */
__attribute__((target("avx2,bmi"))) static bool
index_avx2(const fast *f, const char *p, size_t n, uint32_t *idx, size_t *k,
           size_t *at) {
  const __m256i d = _mm256_set1_epi8(f->plan->delim),
                lf = _mm256_set1_epi8('\n'), q = _mm256_set1_epi8('"'),
                cr = _mm256_set1_epi8('\r'), zero = _mm256_setzero_si256();
  uint32_t odd = 0;
  size_t i = 0, kk = *k;
  for (; i + 32 <= n; i += 32) {
    __m256i x = _mm256_loadu_si256((const __m256i *)(const void *)(p + i));
    uint32_t m = (uint32_t)_mm256_movemask_epi8(_mm256_or_si256(
        _mm256_cmpeq_epi8(x, d), _mm256_cmpeq_epi8(x, lf)));
    odd |= (uint32_t)_mm256_movemask_epi8(x) |
           (uint32_t)_mm256_movemask_epi8(_mm256_or_si256(
               _mm256_or_si256(_mm256_cmpeq_epi8(x, q), _mm256_cmpeq_epi8(x, cr)),
               _mm256_cmpeq_epi8(x, zero)));
    int c = __builtin_popcount(m);
    uint32_t *out = idx + kk;
    for (int j = 0; j < 8; j++) {
      out[j] = (uint32_t)i + (uint32_t)__builtin_ctz(m | 0x80000000u);
      m &= m - 1;
    }
    for (int j = 8; j < c; j++) {
      out[j] = (uint32_t)i + (uint32_t)__builtin_ctz(m);
      m &= m - 1;
    }
    kk += (size_t)c;
  }
  *k = kk;
  *at = i;
  return odd == 0;
}
#else
#define AVX2 0
#endif

static bool index_block(const fast *f, const char *p, size_t n, uint32_t *idx,
                        size_t *count) {
  size_t k = 0, i = 0;
#if AVX2
  if (f->avx2 && !index_avx2(f, p, n, idx, &k, &i))
    return false;
#endif
#if P_WORDS
  const uint64_t ones = 0x0101010101010101ull, high = ones << 7;
  const uint64_t d = ones * (unsigned char)f->plan->delim, lf = ones * '\n',
                 q = ones * '"', cr = ones * '\r';
  uint64_t odd = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t x;
    memcpy(&x, p + i, 8);
    odd |= (x & high) | zero_bytes(x ^ q) | zero_bytes(x ^ cr) | zero_bytes(x);
    uint64_t m = zero_bytes(x ^ d) | zero_bytes(x ^ lf);
    /* Count of the marked bytes: their high bits summed into the top
     * byte. */
    int c = (int)(((m >> 7) * ones) >> 56);
    /* Two positions are written whatever the count (a row of short cells
     * rarely has more in eight bytes); the count decides how many stay. */
    uint64_t a = m | high << 56;
    idx[k] = (uint32_t)(i + ((unsigned)__builtin_ctzll(a) >> 3));
    m &= m - 1;
    idx[k + 1] = (uint32_t)(i + ((unsigned)__builtin_ctzll(m | high << 56) >> 3));
    if (CX_UNLIKELY(c > 2)) {
      m &= m - 1;
      for (int j = 2; j < c; j++, m &= m - 1)
        idx[k + (size_t)j] =
            (uint32_t)(i + ((unsigned)__builtin_ctzll(m) >> 3));
    }
    k += (size_t)c;
  }
  if (odd)
    return false;
#endif
  if (!index_bytes(f, p, i, n, idx, &k))
    return false;
  *count = k;
  return true;
}

/* The rows of p[0..n), every one ending with a line feed. */
static bool block(fast *f, const char *p, size_t n) {
  size_t count;
  if (!index_block(f, p, n, f->idx, &count))
    return false;
  const uint32_t *idx = f->idx;
  const size_t w = f->plan->ncols;
  const char delim = f->plan->delim;
  size_t at = 0, k = 0;
  while (k < count) {
    if (idx[k] == at && p[at] == '\n') {
      /* Completely empty lines are skipped, as by the tokenizer. */
      at++;
      k++;
      continue;
    }
    if (count - k < w || p[idx[k + w - 1]] != '\n' ||
        idx[k + w - 1] - at >= CX_CSV_MAX_RECORD / 2)
      return false;
    for (size_t c = 0; c + 1 < w; c++)
      if (p[idx[k + c]] != delim)
        return false;
    if (!row(f, p, n, at, idx + k))
      return false;
    at = idx[k + w - 1] + 1;
    k += w;
  }
  /* The ids of waiting rows point into this block. */
  return at == n && flush(f);
}

/* After the first @p read bytes, which held f->rows rows: room for as
 * many more events as the @p left bytes seem to hold, and the numbers of
 * the cases seen so far in a table over their keys when that many events
 * make it dense enough (guesses: both grow as needed anyway). */
static bool size_log(fast *f, size_t read, uint64_t left) {
  cx_paths_log *log = f->log;
  if (!f->batch || !f->rows || !read || !left)
    return true;
  double more = (double)left / ((double)read / (double)f->rows) * 1.02;
  if (!(more > 0 && more < 1e10))
    return true;
  /* A graph-only log holds no events. */
  return (log->opt.graph_only || p_log_reserve(log, (size_t)more)) &&
         (!log->held_cases ||
          p_log_case_range(log, log->case_min, log->case_max, (size_t)more));
}

/* Rows are cut and parsed in blocks of this size: a block and the
 * positions of its delimiters stay in the processor's cache between the
 * two passes over it. */
#define FAST_BLOCK ((size_t)256 << 10)

/* Whole rows of [p, e), in blocks; *used is where the first incomplete
 * row starts.  When @p last, the input ends at @p e: its last row may lack
 * a line end. */
static bool rows(fast *f, const char *p, const char *e, bool last,
                 const char **used) {
  while (p < e) {
    const char *ce = (size_t)(e - p) > FAST_BLOCK ? p + FAST_BLOCK : e;
    const char *lim = ce;
    while (lim > p && lim[-1] != '\n')
      lim--;
    if (lim == p) {
      if (ce < e)
        return false; /* a row longer than a block */
      if (!last)
        break;
      /* The last row, without a line end: one is added to a copy. */
      size_t n = (size_t)(e - p);
      if (n > CX_CSV_MAX_RECORD)
        return false;
      char *tail = cx__malloc(n + 1);
      if (!tail)
        return false;
      memcpy(tail, p, n);
      tail[n] = '\n';
      bool ok = block(f, tail, n + 1);
      cx__free(tail);
      if (!ok)
        return false;
      p = e;
      break;
    }
    if (!block(f, p, (size_t)(lim - p)))
      return false;
    if (!f->sized) {
      f->sized = true;
      if (!size_log(f, (size_t)(lim - p), (uint64_t)(e - lim) + f->input_left))
        return false;
    }
    p = lim;
  }
  *used = p;
  return true;
}

/* The header line ends at the first line feed; a header that has quotes
 * or carriage returns before it is left to the general reader. */
static const char *after_header(const char *p, const char *e) {
  for (const char *q = p; q < e; q++) {
    if (*q == '\n')
      return q + 1;
    if (*q == '"' || *q == '\r')
      return NULL;
  }
  return NULL;
}

static bool from_memory(fast *f, const char *data, size_t len) {
  const char *start = after_header(data, data + len), *used;
  return start && rows(f, start, data + len, true, &used);
}

static bool from_file(fast *f, const char *path) {
  FILE *in = fopen(path, "rb");
  if (!in)
    return false;
  uint64_t total = 0, done = 0;
  if (fseek(in, 0, SEEK_END) == 0) {
    long size = ftell(in);
    total = size > 0 ? (uint64_t)size : 0;
    rewind(in);
  }
  size_t cap = CX_CSV_BLOCK + CX_CSV_MAX_RECORD + 2;
  char *buf = cx__malloc(cap);
  bool ok = buf != NULL, header = true;
  size_t have = 0;
  while (ok) {
    size_t got = fread(buf + have, 1, cap - have, in);
    if (got == 0 && ferror(in)) {
      ok = false;
      break;
    }
    done += got;
    if (f->plan->progress)
      f->plan->progress(f->plan->progress_ctx, done, total);
    have += got;
    bool last = got == 0 || feof(in);
    const char *p = buf, *e = buf + have, *used = p;
    if (header) {
      if (!(p = after_header(buf, e))) {
        ok = false;
        break;
      }
      header = false;
    }
    f->input_left = total > done ? total - done : 0;
    if (!(ok = rows(f, p, e, last, &used)) || last)
      break;

    have = (size_t)(e - used);
    if (have > CX_CSV_MAX_RECORD) {
      ok = false;
      break;
    }
    memmove(buf, used, have);
  }
  cx__free(buf);
  fclose(in);
  return ok;
}

bool p_csv_fast_run(cx_paths_log *log, const char *path, const char *data,
                    size_t len, const p_csv_fast *plan) {
  if (plan->ncols == 0 || plan->ncols > 64 ||
      (unsigned char)plan->delim >= 0x80 || (path && !strcmp(path, "-")))
    return false;
  fast *f = cx__calloc(1, sizeof *f);
  if (!f)
    return false;
  f->idx = cx__malloc((CX_CSV_BLOCK + CX_CSV_MAX_RECORD + 8) * sizeof *f->idx);
  bool ok = f->idx != NULL;
  f->log = log;
  f->plan = plan;
  f->fmt = plan->fmt;
  for (int c = 0; c < 256; c++)
    f->kind[c] = c >= 0x80 || c == '"' || c == '\r' || c == 0 ? K_ODD
                                                               : K_TEXT;
  f->kind['\n'] = K_LF;
  f->kind[(unsigned char)plan->delim] = K_DELIM;
#if AVX2
  f->avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("bmi");
#endif
  /* As p_log_add_text decides at the first event of a fresh log. */
  if (!log->np && !log->case_ids.count && !log->opt.sorted_by_case &&
      log->ids != P_IDS_CODES)
    log->num_ids = !log->opt.max_cases;
  f->batch = log->num_ids && !log->opt.sorted_by_case &&
             log->ids != P_IDS_CODES;
  if (ok)
    ok = path ? from_file(f, path) : from_memory(f, data, len);
  ok = ok && flush(f) && f->rows > 0;
  ok = p_pend_flush(&f->pend, &log->st) && ok;
  p_pend_free(&f->pend);
  cx__free(f->idx);
  cx__free(f);
  return ok;
}
