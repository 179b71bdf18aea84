/*
 * Internal layout of the event-log accumulator and its summaries, shared
 * by the log (paths.c), the summaries, results and funnels
 * (paths_analysis.c), attribution and conformance (paths_attribution.c),
 * the CSV reader (io/paths_csv.c) and the graph export
 * (render/paths_svg.c).  Never installed.
 *
 * What a closed case leaves behind (the "stats") is everything every
 * analysis needs and nothing more: per touchpoint its counts, per
 * directly-follows pair its count and durations, per distinct path (with
 * the case's segment and where its first conversion happened) its count,
 * duration and value, the case durations, and per declared funnel its
 * counts and times.  Events themselves are never kept once their case is
 * closed.
 */
#ifndef CX_PATHS_INTERNAL_H
#define CX_PATHS_INTERNAL_H

#include <string.h>

#include <cx/paths.h>

#include "internal.h"

#define P_NONE UINT32_MAX

enum { P_NAME_MAX = 4096 };

/* Timestamps of years 0000 to 9999, so that any difference fits in
 * int64 microseconds with room to spare. */
#define P_TS_MIN INT64_C(-62167219200000000)
#define P_TS_MAX INT64_C(253402300799999999)

/* ---- 128-bit sums of microseconds ---------------------------------------- */

typedef struct p_u128 {
  uint64_t lo, hi;
} p_u128;

static inline void p_u128_add(p_u128 *a, uint64_t v) {
  uint64_t lo = a->lo + v;
  a->hi += lo < a->lo;
  a->lo = lo;
}

static inline void p_u128_addw(p_u128 *a, p_u128 b) {
  p_u128_add(a, b.lo);
  a->hi += b.hi;
}

static inline double p_u128_double(p_u128 a) {
  return (double)a.hi * 18446744073709551616.0 + (double)a.lo;
}

/* ---- duration sketch --------------------------------------------------- */

/* Durations (microseconds, >= 0) with their counts: exact while at most
 * P_SKETCH_EXACT distinct values were seen, then log-scale buckets with
 * 2^P_SKETCH_SUB_BITS buckets per power of two.  The state depends only on
 * the multiset of values added, never on their order, so sketches merge
 * exactly. */
#define P_SKETCH_EXACT 1024u
#define P_SKETCH_SUB_BITS 7
#define P_EMPTY UINT64_MAX

/* Blocks of bucket numbers: a bucket number is at most
 * (63 - P_SKETCH_SUB_BITS) << (P_SKETCH_SUB_BITS + 1) | (2^(SUB_BITS+1)-1). */
#define P_SKETCH_BLOCKS ((size_t)(64 - P_SKETCH_SUB_BITS) * 2)

typedef struct p_sketch {
  uint64_t *key;  /* exact: open addressing, P_EMPTY marks a free slot */
  uint64_t *cnt;
  uint64_t **blk; /* binned: P_SKETCH_BLOCKS blocks of counts (or NULL),
                     block b holding buckets b * 2^SUB_BITS onwards */
  uint32_t cap;   /* exact: slots, a power of two, or 0 */
  uint32_t n;     /* keys (values or buckets) with a count */
  uint8_t binned; /* keys are bucket numbers */
} p_sketch;

/* A sorted view: value (representative microseconds) and count. */
typedef struct p_sorted {
  double *value;
  uint64_t *count;
  size_t n;
  uint64_t total;
} p_sorted;

void p_sketch_free(p_sketch *s);
bool p_sketch_add(p_sketch *s, uint64_t v, uint64_t count);
bool p_sketch_merge(p_sketch *dst, const p_sketch *src);
bool p_sketch_copy(p_sketch *dst, const p_sketch *src);
/* Keys in increasing order with counts (caller frees both with cx__free). */
bool p_sketch_entries(const p_sketch *s, uint64_t **key, uint64_t **cnt);
/* Install sorted entries read back from bytes; false when they are not a
 * possible sketch (order, counts, bucket numbers) or out of memory (set
 * *nomem). */
bool p_sketch_load(p_sketch *s, bool binned, const uint64_t *key,
                   const uint64_t *cnt, uint32_t n, bool *nomem);
bool p_sketch_sorted(const p_sketch *s, p_sorted *out);
void p_sorted_free(p_sorted *s);
/* Type 7 quantile in microseconds, NaN when empty. */
double p_sorted_quantile(const p_sorted *s, double q);

/* ---- integer map ------------------------------------------------------- */

/* uint64 key -> uint32 value, open addressing; key P_EMPTY is reserved. */
typedef struct p_map {
  uint64_t *key;
  uint32_t *val;
  size_t cap; /* power of two or 0 */
  size_t n;
} p_map;

void p_map_free(p_map *m);
/* Value of key or P_NONE. */
uint32_t p_map_get(const p_map *m, uint64_t key);
/* Insert (key must be absent); false when out of memory. */
bool p_map_put(p_map *m, uint64_t key, uint32_t val);
bool p_map_copy(p_map *dst, const p_map *src);

static inline uint64_t p_mix(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdull;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ull;
  x ^= x >> 33;
  return x;
}

/* ---- summaries ----------------------------------------------------------- */

/* Touchpoint pairs of dictionaries up to this size are found through a
 * dense table (1 Mi cells at most) instead of the edge map. */
#define P_CELL_MAX 1024

/* Hash of a touchpoint sequence, one step per touchpoint. */
#define P_SEQ_SEED 0x243f6a8885a308d3ull
static inline uint64_t p_seq_step(uint64_t h, uint32_t t) {
  h = (h ^ t) * 0x9e3779b97f4a7c15ull;
  return h ^ (h >> 32);
}

typedef struct p_edge {
  uint32_t from, to;
  uint64_t count;
  p_u128 sum;
  uint64_t min, max;
  p_sketch sk;
} p_edge;

/* A variant: 48 bytes.  Its sequence's hash is worked out again from the
 * pool when needed, and its sum of conversion values lives in the stats'
 * var_value (most logs have none). */
typedef struct p_variant {
  size_t off;       /* into the pool */
  uint32_t len;
  uint32_t segment;
  uint32_t conv;    /* position of the first conversion event, or P_NONE */
  uint32_t head;    /* the first variant with the same sequence */
  uint64_t count;
  p_u128 dur;       /* sum of case durations */
} p_variant;

typedef struct p_funnel {
  char **step;      /* names, owned */
  uint32_t nsteps;
  cx_paths_funnel_mode mode;
  int64_t window;
  int32_t *step_of; /* per touchpoint code: step index or -1 */
  size_t known;     /* touchpoint codes resolved in step_of */
  size_t nslots;    /* segments slots counted */
  uint64_t *cases;  /* per slot */
  uint64_t *reached;/* slot * nsteps + step */
  p_u128 *tsum;     /* idem: sum of times to the step */
  p_sketch *tsk;    /* idem */
} p_funnel;

typedef struct p_stats {
  uint64_t n_events, n_cases, n_converted;
  double value;
  size_t tp_cap;
  uint64_t *tp_events, *tp_cases, *tp_starts, *tp_ends;
  uint64_t *tp_stamp;   /* scratch: last case that counted (not saved) */
  uint64_t serial;      /* scratch: cases seen, for tp_stamp */
  p_edge *edge;
  size_t n_edges, edge_cap;
  p_map edge_map;
  uint32_t *cell;       /* dictionaries up to P_CELL_MAX: edge index + 1
                           per (from * cell_dim + to), 0 for none */
  size_t cell_dim;
  p_variant *var;
  size_t n_var, var_cap;
  uint64_t *var_slot;   /* high half of the hash | index + 1; 0 empty */
  size_t var_nslots;
  double *var_value;    /* per variant: sum of conversion values, from
                           the first that is not +0.0 (p_var_value) */
  size_t var_value_len;
  uint8_t *pool;        /* variant sequences: touchpoint codes of
                           1 << pool_shift bytes, as wide as the largest
                           code so far needs (p_pool_get) */
  size_t pool_len, pool_cap; /* codes */
  unsigned pool_shift;  /* 0, 1 or 2 */
  p_u128 dur_sum;
  uint64_t dur_min, dur_max;
  p_sketch dur_sk;
  p_funnel *funnel;
  size_t n_funnels;
  bool funnels_only;    /* scratch: count cases for the funnels only */
} p_stats;

/* One case, ordered: touchpoint codes, timestamps, values (NULL: none),
 * outcomes (NULL: none). */
typedef struct p_case {
  const uint32_t *tp;
  const int64_t *ts;
  const double *val;
  const uint8_t *out;
  uint32_t n;
  uint32_t segment;
} p_case;

/* Durations of directly-follows pairs waiting to be added to their edges
 * while many cases are closed in one go: the first P_PEND_EDGES edges
 * collect P_PEND durations each, then add them together, so that the
 * sketch cells of one edge are updated while they are in cache instead
 * of costing a miss per pair.  The order of adding never changes a
 * result: counts, sums, extremes and sketches depend only on the
 * multiset of durations. */
#define P_PEND 64
#define P_PEND_EDGES 4096
typedef struct p_pend {
  size_t n;       /* edges with a buffer: those of index below n */
  uint8_t *fill;  /* per edge */
  uint64_t *dur;  /* edge * P_PEND onwards */
} p_pend;

void p_pend_free(p_pend *p);
/* Add every waiting duration to its edge (of @p s); false when out of
 * memory. */
bool p_pend_flush(p_pend *p, p_stats *s);

void p_stats_init(p_stats *s);
void p_stats_free(p_stats *s);
bool p_stats_copy(p_stats *dst, const p_stats *src);
/* The same, leaving the edges' duration sketches empty when
 * @p edge_sketches is false. */
bool p_stats_copy_ex(p_stats *dst, const p_stats *src, bool edge_sketches);
/* Summarise one case; @p names is the dictionary (for funnels resolving
 * step names); @p pend (or NULL) holds pair durations back until
 * p_pend_flush.  CX_OK or CX_ENOMEM. */
cx_status p_stats_close(p_stats *s, const p_case *c, const cx_names *names,
                        size_t nslots, p_pend *pend);
/* The key of a variant in the table: its sequence's hash (p_seq_step)
 * with the length.  Variants of one sequence (in other segments, or
 * converting at other places) share it, so they lie together in the
 * table and a new one learns the first of its sequence (head) there. */
static inline uint64_t p_var_hash(uint64_t shash, uint32_t len) {
  return p_mix(shash ^ len);
}
/* Ask for what finding the variant of key @p vh will read: at @p stage 0
 * its first hash slot, at 1 the variant that slot names, at 2 that
 * variant's sequence (each stage after the one before has had time to
 * load). */
void p_variant_prefetch(const p_stats *s, uint64_t vh, int stage);
/* Add src into dst; tp_map / seg_map translate src codes to dst codes. */
cx_status p_stats_merge(p_stats *dst, const p_stats *src,
                        const uint32_t *tp_map, const uint32_t *seg_map,
                        const cx_names *names, size_t nslots);
bool p_stats_closed_any(const p_stats *s);
/* Variant lookup/insert helpers used by merge and deserialize. */
p_variant *p_variant_get(p_stats *s, const uint32_t *seq, uint32_t len,
                         uint32_t segment, uint32_t conv, bool *nomem);
/* The same with the sequence's hash @p shash already computed. */
p_variant *p_variant_find(p_stats *s, const uint32_t *seq, uint32_t len,
                          uint32_t segment, uint32_t conv, uint64_t shash,
                          bool *nomem);
p_edge *p_edge_get(p_stats *s, uint32_t from, uint32_t to, bool *nomem);
/* Code @p i of codes of 1 << @p shift bytes from @p pool. */
static inline uint32_t p_code_get(const uint8_t *pool, unsigned shift,
                                  size_t i) {
  const uint8_t *p = pool + (i << shift);
  if (shift == 0)
    return *p;
  if (shift == 1) {
    uint16_t v;
    memcpy(&v, p, sizeof v);
    return v;
  }
  uint32_t v;
  memcpy(&v, p, sizeof v);
  return v;
}
/* Code @p i of the variant sequences' pool. */
static inline uint32_t p_pool_get(const p_stats *s, size_t i) {
  return p_code_get(s->pool, s->pool_shift, i);
}
/* Hash (p_seq_step) of the @p len codes of the pool from @p off. */
static inline uint64_t p_pool_hash(const p_stats *s, size_t off,
                                   uint32_t len) {
  uint64_t h = P_SEQ_SEED;
  for (uint32_t i = 0; i < len; i++)
    h = p_seq_step(h, p_pool_get(s, off + i));
  return h;
}
/* Sum of the conversion values of variant @p i. */
static inline double p_var_value(const p_stats *s, size_t i) {
  return i < s->var_value_len ? s->var_value[i] : 0.0;
}
/* Add @p x to it (nothing for zeros, which leave a sum as it is); false
 * when out of memory. */
bool p_var_value_add(p_stats *s, size_t i, double x);
/* Set it to @p x, which is then read back bit for bit; false when out of
 * memory. */
bool p_var_value_set(p_stats *s, size_t i, double x);
/* Whether the @p len codes of the pool from @p off are @p seq. */
bool p_pool_equal(const p_stats *s, size_t off, const uint32_t *seq,
                  uint32_t len);
/* Before closing @p extra cases (of @p events events): hash slots for
 * half as many more variants (cases share variants; the table grows past
 * that as needed), so that it does not grow step by step; for many cases,
 * room in the variant and sequence arrays for as many as they could
 * make. */
bool p_stats_reserve_variants(p_stats *s, size_t extra, size_t events);
bool p_stats_reserve_tp(p_stats *s, size_t ntp);
bool p_stats_reserve_slots(p_stats *s, size_t nslots);

/* Funnels. */
cx_status p_funnel_check(const char *const *steps, size_t n,
                         const cx_paths_funnel_options *o);
/* Grow the per-segment figures to @p nslots slots. */
bool p_funnel_slots(p_funnel *f, size_t nslots);
bool p_funnel_init(p_funnel *f, const char *const *steps, size_t n,
                   const cx_paths_funnel_options *o, size_t nslots);
void p_funnel_free(p_funnel *f);
bool p_funnel_same(const p_funnel *f, const char *const *steps, size_t n,
                   cx_paths_funnel_mode mode, int64_t window);
bool p_funnel_copy(p_funnel *dst, const p_funnel *src);
bool p_funnel_resolve(p_funnel *f, const cx_names *names);
void p_funnel_eval(p_funnel *f, const p_case *c);

/* ---- the log ------------------------------------------------------------- */

/* Held events live in P_PARTS partitions by the low bits of their case
 * number, each in order of arrival, so that closing the log reads one
 * partition after the other (grouping its cases in cache) instead of
 * gathering every case's events from anywhere in memory.  An event takes
 * 8 bytes in the usual case:
 *   a[i]  = local case number (case >> P_PART_BITS) << 8 | outcome << 7 |
 *           touchpoint, the touchpoint P_TP_WIDE meaning "the next entry
 *           of xtp" (codes from P_TP_WIDE up);
 *   dt[i] = its timestamp minus the one before it in the partition (0
 *           before the first), P_DT_WIDE meaning "the next entry of xts"
 *           (differences that do not fit 32 bits);
 * and values, when some event of the partition has one, in val. */
enum { P_PART_BITS = 8, P_PARTS = 1 << P_PART_BITS, P_TP_WIDE = 127 };
#define P_DT_WIDE INT32_MIN

typedef struct p_part {
  uint32_t *a;
  int32_t *dt;
  double *val;          /* NULL: no value in this partition */
  uint32_t *xtp;
  int64_t *xts;
  size_t n, cap, nxtp, xtp_cap, nxts, xts_cap;
  int64_t last;         /* timestamp of the last event */
} p_part;

/* A stable counting sort: order lists 0..n-1 grouped by key[i] (each
 * below @p nkeys), and the group of key k ends at end[k] (end has room
 * for nkeys + 1). */
void p_group(const uint32_t *key, size_t n, size_t nkeys, uint32_t *end,
             uint32_t *order);

/* The events of a partition decoded in arrival order: local case numbers,
 * touchpoints, timestamps, outcomes (and values when @p val is not
 * NULL: NaN where the partition has none). */
void p_part_decode(const p_part *q, uint32_t *lc, uint32_t *tp, int64_t *ts,
                   uint8_t *out, double *val);

/* What a graph-only log keeps of a held case (paths_graph.c), in the 16
 * bytes its next event reads and writes; the time of its first event,
 * needed only when it closes, is kept apart (cx_paths_log.gfirst).  The
 * word holds, from bit 0 up: the touchpoints below p_gbits(log) that the
 * case visited (bit t for t; higher ones go in the log's gseen), whether
 * it converted (bit p_gbits(log)), and the touchpoint of its last event
 * (the bits above, as many as max_touchpoints - 1 needs). */
typedef struct p_gcase {
  int64_t last;  /* time of its last event */
  uint64_t word;
} p_gcase;

/* A held case in the form its serialization uses: visited touchpoints
 * below 64 as a mask (higher ones: the log's gseen). */
typedef struct p_gheld {
  int64_t first, last;
  uint64_t seen;
  uint32_t tp;
  uint8_t conv;
} p_gheld;

enum { P_IDS_NONE = 0, P_IDS_TEXT = 1, P_IDS_CODES = 2 };
/* Key of the text case id that is the decimal number v (< 10^18). */
#define P_NUM_KEY(v) (-1 - (int64_t)(v))

struct cx_paths_log {
  cx_paths_options opt;
  cx_names tps;
  char **tp_channel;     /* per touchpoint: owned text or NULL */
  size_t tp_channel_cap;
  cx_names segs;
  int ids;               /* P_IDS_* */
  cx_names case_ids;     /* text ids of held cases (unsorted mode) */
  bool num_ids;          /* unsorted mode, text ids: an id written as a
                            decimal number v (see p_decimal_id)
                            has the key P_NUM_KEY(v) instead of an index
                            of case_ids */
  char *open_id;         /* text id of the open case (sorted mode) */
  size_t open_len;
  uint64_t next_key;     /* sorted mode, text ids: key of the next case */
  /* Held cases are numbered in order of first arrival, case_key[k] being
   * the key of case k.  Keys in a range not much wider than the number
   * of cases find their number through case_table (indexed by key -
   * case_lo modulo 2^64, P_NONE for none), others through case_map. */
  size_t np;             /* held events */
  int64_t *case_key;
  uint32_t *case_seg;    /* segment of each held case, or NULL: all 0 */
  size_t case_key_cap;
  uint32_t *case_table;
  uint64_t case_lo;
  size_t case_width;
  int64_t case_min, case_max; /* keys of the held cases lie in between */
  p_map case_map;
  p_part *part;          /* P_PARTS of them, or NULL before any event */
  bool p_out;            /* some held event had an outcome (a column of
                            its own in the serialized form) */
  bool p_val;            /* some held event had a value (idem) */
  size_t held_cases;     /* numbered held cases */
  /* Graph-only logs (opt.graph_only) hold no events: each one goes into
   * st at once, and of each held case what p_gcase says; tp_ends and the
   * case durations wait for the case to close. */
  p_gcase *gcase;        /* per held case, case_key_cap of them */
  int64_t *gfirst;       /* per held case, the time of its first event */
  p_map gseen;           /* case << 32 | touchpoint, touchpoints from
                            p_gbits(log) up that held cases visited */
  int64_t glast;         /* no held case's last event is later */
  p_stats st;
};

static inline size_t p_slots(const cx_paths_log *log) {
  return log->segs.count ? log->segs.count : 1;
}

/* Deep copy (a failed copy frees what it made and returns CX_ENOMEM). */
cx_status p_log_copy(cx_paths_log **out, const cx_paths_log *src);
/* Swap the contents of two logs. */
void p_log_swap(cx_paths_log *a, cx_paths_log *b);
/* Order the held events and summarise them into @p st (which may be the
 * log's own or a copy), checking max_cases.  Held events are not
 * released. */
cx_status p_log_close_held(const cx_paths_log *log, p_stats *st);
/* Find or add a touchpoint / segment by bytes (checks names and limits). */
cx_status p_log_touchpoint(cx_paths_log *log, const char *name, size_t len,
                           const char *channel, size_t channel_len,
                           uint32_t *code);
cx_status p_log_segment(cx_paths_log *log, const char *name, size_t len,
                        uint32_t *code);
/* Check a touchpoint, segment or case name: non-empty, at most
 * P_NAME_MAX bytes, UTF-8 without NUL. */
cx_status p_check_name(const char *what, const char *name, size_t len);
/* Segments are kept per held case once some case has a segment other
 * than 0.  False when out of memory. */
bool p_log_need_seg(cx_paths_log *log);
/* Room for about @p extra more events in every partition (spread evenly
 * by case number); false when out of memory. */
bool p_log_reserve(cx_paths_log *log, size_t extra);
/* The number of the held case of key @p key, numbering it when new
 * (CX_OK, CX_ENOMEM or CX_ERANGE). */
cx_status p_log_case(cx_paths_log *log, int64_t key, uint32_t *num);
/* Before @p extra events whose case keys lie in [lo, hi] are added: index
 * the held cases in a table that covers that range too, when those events
 * will make it dense enough.  False when out of memory. */
bool p_log_case_range(cx_paths_log *log, int64_t lo, int64_t hi,
                      size_t extra);
/* The number of the held case of key @p key, or P_NONE. */
static inline uint32_t p_case_find(const cx_paths_log *log, int64_t key) {
  uint64_t off = (uint64_t)key - log->case_lo;
  return log->case_map.cap ? p_map_get(&log->case_map, (uint64_t)key)
         : off < log->case_width ? log->case_table[off]
                                 : P_NONE;
}
/* Append one event (already checked) to the held ones. */
cx_status p_log_push(cx_paths_log *log, int64_t key, uint32_t tp, int64_t ts,
                     double value, int outcome, uint32_t seg);
/* Close the open case of a sorted log and forget its events. */
cx_status p_log_close_open(cx_paths_log *log);
/* The max_cases error. */
cx_status p_too_many_cases(const cx_paths_log *log);
/* Words of eight bytes are read little-endian where the compiler says so. */
#if defined(__GNUC__) && defined(__BYTE_ORDER__) &&                            \
    __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define P_WORDS 1
#else
#define P_WORDS 0
#endif

#if P_WORDS
/* The eight ASCII digits in @p x (first digit in the lowest byte) as a
 * number; false when some byte is not a digit.  Checked, then paired up
 * into two-, four- and eight-digit numbers. */
static inline bool p_digits8(uint64_t x, uint64_t *out) {
  const uint64_t zeros = 0x3030303030303030ull, hi = 0xf0f0f0f0f0f0f0f0ull;
  if ((x & hi) != zeros || ((x + 0x0606060606060606ull) & hi) != zeros)
    return false;
  x -= zeros;
  x = (x * 10 + (x >> 8)) & 0x00ff00ff00ff00ffull;
  x = (x * 100 + (x >> 16)) & 0x0000ffff0000ffffull;
  *out = (x * 10000 + (x >> 32)) & 0xffffffffull;
  return true;
}
#endif

/* The value of p[0..len) when it is 1 to 18 decimal digits; @p end is
 * where the readable bytes end (at or after p + len). */
static inline bool p_digits(const char *p, size_t len, const char *end,
                            int64_t *out) {
  if (!len || len > 18)
    return false;
  int64_t v = 0;
  size_t i = 0;
#if P_WORDS
  uint64_t x, d;
  /* Fewer than eight digits, with eight bytes readable: the digits are
   * shifted up and led by zeros. */
  if (len < 8 && end - p >= 8) {
    memcpy(&x, p, 8);
    unsigned pad = 8 * (8 - (unsigned)len);
    x = x << pad | (0x3030303030303030ull >> (64 - pad));
    if (!p_digits8(x, &d))
      return false;
    *out = (int64_t)d;
    return true;
  }
  for (; i + 8 <= len; i += 8) {
    memcpy(&x, p + i, 8);
    if (!p_digits8(x, &d))
      return false;
    v = v * 100000000 + (int64_t)d;
  }
#else
  (void)end;
#endif
  for (; i < len; i++) {
    unsigned digit = (unsigned char)p[i] - '0';
    if (digit > 9)
      return false;
    v = v * 10 + (int64_t)digit;
  }
  *out = v;
  return true;
}

/* A case id written as a decimal number without sign or leading zero, of
 * at most 18 digits (bytes up to @p end may be read): in an unsorted log
 * such ids are their own key (P_NUM_KEY), with no lookup. */
static inline bool p_decimal_id(const char *id, size_t len, const char *end,
                                uint64_t *out) {
  int64_t v;
  if (!len || (id[0] == '0' && len > 1) || !p_digits(id, len, end, &v))
    return false;
  *out = (uint64_t)v;
  return true;
}
/* Append @p m events (already checked) of an unsorted log, the one of
 * case key key[i] at touchpoint tp[i] and time ts[i] with outcome out[i]
 * (NULL: 0), value val[i] (NULL: none) and segment seg[i] (NULL: 0; the
 * segment of a case is that of its first event, and the segment column
 * must exist already when some case needs it).  On an error the events
 * before the failing one stay added. */
cx_status p_log_append(cx_paths_log *log, size_t m, const int64_t *key,
                       const uint32_t *tp, const int64_t *ts,
                       const uint8_t *out, const double *val,
                       const uint32_t *seg);
/* Add one event whose case id is text of @p id_len bytes (CSV reader). */
cx_status p_log_add_text(cx_paths_log *log, const char *id, size_t id_len,
                         uint32_t tp, int64_t ts, double value, int outcome,
                         uint32_t segment);

/* ---- graph-only logs (paths_graph.c) -------------------------------------- */

/* A check of a batch's order before it is added to a graph-only log. */
typedef struct p_gcheck {
  p_map seen;      /* key of a case the batch names -> index into last */
  int64_t *last;   /* time of that case's latest event so far */
  size_t cap;
  size_t fresh;    /* of those cases, how many are new to the log */
} p_gcheck;

void p_gcheck_free(p_gcheck *c);
/* Check rows @p row0 onwards (@p m of them, case keys @p key, times
 * @p ts) of a batch: each no earlier than the one before it of its case.
 * CX_EINVAL naming the first row that is; CX_ENOMEM. */
cx_status p_graph_check(const cx_paths_log *log, p_gcheck *c, size_t m,
                        const int64_t *key, const int64_t *ts, size_t row0);
/* Whether a batch of @p n rows may skip the check: its times never
 * decrease and start no earlier than any held case's last event. */
bool p_graph_in_order(const cx_paths_log *log, size_t n, bool ts_sorted,
                      int64_t ts_first);
/* Add @p m events (checked but for their order and max_cases, which are
 * checked here) to a graph-only log, as p_log_append; @p pend (or NULL)
 * collects pair durations until p_pend_flush. */
cx_status p_graph_append(cx_paths_log *log, size_t m, const int64_t *key,
                         const uint32_t *tp, const int64_t *ts,
                         const uint8_t *out, const double *val,
                         const uint32_t *seg, p_pend *pend);
/* The error of an event at @p ts after its case's last event at
 * @p last in a graph-only log: of row @p row and case key @p key of a
 * batch, or (@p row SIZE_MAX) of an event whose key means nothing to the
 * caller. */
cx_status p_graph_late(size_t row, int64_t key, int64_t ts, int64_t last);
/* Close the held cases of a graph-only log into @p st: their last
 * touchpoints and durations. */
cx_status p_graph_close_held(const cx_paths_log *log, p_stats *st);
/* Pairs (a[i], b[i]) of durations d[i] into the graph; false when out of
 * memory. */
bool p_stats_pairs(p_stats *s, size_t m, const uint32_t *a,
                   const uint32_t *b, const uint64_t *d, p_pend *pend);
/* A closed case's duration into the case durations; false when out of
 * memory. */
bool p_stats_duration(p_stats *s, uint64_t d);
/* Room for the per-case state of @p cap held cases (p_log_case). */
bool p_graph_room(cx_paths_log *log, size_t cap);
/* Bits of a p_gcase word that mark visited touchpoints: 63 less the bits
 * of the largest touchpoint code max_touchpoints allows (46 for the
 * default 100000). */
static inline unsigned p_gbits(const cx_paths_log *log) {
  uint64_t top = (uint64_t)log->opt.max_touchpoints - 1;
#if defined(__GNUC__)
  return top ? 63 - (64 - (unsigned)__builtin_clzll(top)) : 63;
#else
  unsigned b = 0;
  while (b < 64 && top >> b)
    b++;
  return 63 - b;
#endif
}
/* The touchpoint of held case @p k's last event. */
uint32_t p_graph_tp(const cx_paths_log *log, size_t k);
/* The visited touchpoints from p_gbits(log) to 63 of each held case, as
 * masks in *high (NULL when no case has any); false when out of memory. */
bool p_graph_seen_high(const cx_paths_log *log, uint64_t **high);
/* Held case @p k as it is serialized (@p high from p_graph_seen_high) /
 * set from that form (false when out of memory); @p k < held_cases. */
void p_graph_get(const cx_paths_log *log, size_t k, const uint64_t *high,
                 p_gheld *h);
bool p_graph_set(cx_paths_log *log, size_t k, const p_gheld *h);
/* Copy a graph-only log's held cases (false when out of memory). */
bool p_graph_copy(cx_paths_log *d, const cx_paths_log *s);
/* Forget the held cases' state / free it. */
void p_graph_forget(cx_paths_log *log);
void p_graph_free(cx_paths_log *log);

/* ---- CSV fast path (io/paths_csv_fast.c) ---------------------------------- */

/* What the general reader learnt from the header. */
typedef struct p_csv_fast {
  size_t ncols;
  size_t c_case, c_tp, c_ts;
  size_t c_out;               /* SIZE_MAX: no outcome column */
  char delim;
  cx_paths_time_format fmt;   /* AUTO: decided by the first row */
  uint32_t conv_tp;           /* conversion touchpoint's code or P_NONE */
  cx_progress_fn progress;
  void *progress_ctx;
} p_csv_fast;

/* Add the data rows of the file @p path (or of data[0..len) when @p path
 * is NULL) to @p log.  True when every row was read; false when the input
 * needs the general reader, and then @p log holds some of the rows and
 * must be thrown away. */
bool p_csv_fast_run(cx_paths_log *log, const char *path, const char *data,
                    size_t len, const p_csv_fast *plan);
/* Whether a timestamp of the automatic format is ISO 8601 (by its first
 * row). */
bool p_csv_looks_iso(const char *p, size_t len);

/* ---- results ------------------------------------------------------------- */

typedef struct p_agg {
  size_t off;       /* into the stats pool */
  uint32_t len;
  uint64_t count, converted;
  double value;
  p_u128 dur;
} p_agg;

struct cx_paths_result {
  cx_names tps;
  char **tp_channel;
  cx_names segs;
  p_stats st;
  size_t *edge_order;
  double *edge_median;
  uint8_t *edge_exact;
  p_agg *agg;       /* variants over segments, or NULL: see p_result_agg */
  size_t n_agg;
  uint32_t *agg_order; /* agg index of each variant in sorted order */
  p_sorted dur;     /* case durations */
  bool graph_only;  /* from a graph-only log: no variants */
};

/* Variant @p k pooled over segments and conversion positions: r->agg[k],
 * or when r->agg is NULL (every sequence has one variant) variant k of
 * the stats itself. */
static inline p_agg p_result_agg(const cx_paths_result *r, size_t k) {
  if (r->agg)
    return r->agg[k];
  const p_variant *v = &r->st.var[k];
  p_agg a = {v->off, v->len, v->count, v->conv != P_NONE ? v->count : 0,
             p_var_value(&r->st, k), v->dur};
  return a;
}

/* Order the variants of @p r (r->agg) by count, highest first, then by
 * their sequences of touchpoint names, into r->agg_order; rank[t] is the
 * place of touchpoint t's name in sorted order.  False when out of
 * memory. */
bool p_sort_variants(cx_paths_result *r, const uint32_t *rank);

#endif
