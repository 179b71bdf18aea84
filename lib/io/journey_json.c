/*
 * Journey maps as JSON: cx_journey_from_json(), cx_journey_read_json() and
 * cx_journey_to_json().  The format is documented in docs/journey-format.md
 * and described by docs/schema/journey.schema.json.
 *
 * Why a tokenizer of our own and not jansson, which libcx links: every
 * error must name the line and column of the member at fault, also for
 * errors found after parsing (a string where a score belongs), but a
 * jansson value carries no position; jansson's nesting limit is fixed when
 * it is compiled (2048), while callers set max_depth; and jansson builds a
 * whole string or array before a caller could check max_string or
 * max_touchpoints, where a server that loads uploads wants to refuse them
 * before allocating.  The tokenizer below is small (RFC 8259 grammar
 * only), decodes strings into one reused buffer and checks every limit
 * before it allocates; it is about as fast as jansson (an 18 MB journey of
 * 100000 touchpoints loads in less time than json_loadb() takes to build
 * its tree, though it reads the text twice).
 *
 * Reading takes two passes over the text.  The first checks the grammar,
 * UTF-8, numbers, duplicate member names and the limits over the whole
 * document, and finds the format version, so a document of another
 * version is refused as such rather than for some member it may have
 * renamed.  The second builds the journey through the unchecked adders of
 * journey_internal.h, so cx_journey_validate() can report every fault of
 * a loaded file; unknown members go into each element's "extra" text as a
 * compact JSON object, in the order of the document.  The writer prints
 * the known members in a fixed order and then those unknown members.
 */
#include <errno.h>
#include <langinfo.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cx/io.h>

#include "../internal.h"
#include "../journey_internal.h"

#define FORMAT_NAME "libcx-journey"
#define FORMAT_VERSION 1
#define MAX_INDENT 16

/* ---- tokens ------------------------------------------------------------- */

typedef enum tkind {
  T_EOF, T_LBRACE, T_RBRACE, T_LBRACKET, T_RBRACKET, T_COLON, T_COMMA,
  T_STRING, T_NUMBER, T_TRUE, T_FALSE, T_NULL
} tkind;

typedef struct tok {
  tkind kind;
  size_t off;  /* first byte in the text */
  size_t len;  /* bytes of the token as written */
  double num;  /* T_NUMBER: its value */
} tok;

/* One open array or object inside a value read by lx_value(). */
typedef struct frame {
  bool obj;
  size_t index;            /* array: index of the current element */
  size_t key_off, key_len; /* object: the current member name as written */
  cx_names keys;           /* object: names seen, for duplicates */
} frame;

typedef struct lexer {
  const char *s;
  size_t len, pos;
  size_t max_depth, max_string;
  cx_buf str; /* decoded text of the last string token, NUL-terminated */
  frame *fr;  /* open containers of lx_value(), kept after a failure so the
                 error can name the path */
  size_t nfr, capfr;
  cx_buf *key_out; /* when set, lx_member() copies each name there */
  cx_status est; /* the failure: status, place, value, what */
  size_t eoff, elen;
  char emsg[200];
} lexer;

static bool lx_fail(lexer *lx, cx_status st, size_t off, size_t len,
                    const char *fmt, ...) CX_PRINTF(5, 6);

static bool lx_fail(lexer *lx, cx_status st, size_t off, size_t len,
                    const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(lx->emsg, sizeof lx->emsg, fmt, ap);
  va_end(ap);
  lx->est = st;
  lx->eoff = off;
  lx->elen = off + len <= lx->len ? len : lx->len - off;
  return false;
}

static void lx_init(lexer *lx, const char *s, size_t len, size_t max_depth,
                    size_t max_string) {
  memset(lx, 0, sizeof *lx);
  lx->s = s;
  lx->len = len;
  lx->max_depth = max_depth;
  lx->max_string = max_string;
  cx__buf_init(&lx->str);
}

static void lx_pop(lexer *lx) {
  cx__names_free(&lx->fr[--lx->nfr].keys);
}

static void lx_free(lexer *lx) {
  while (lx->nfr)
    lx_pop(lx);
  cx__free(lx->fr);
  cx__buf_free(&lx->str);
}

static bool is_digit(char c) { return c >= '0' && c <= '9'; }
static bool is_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Bytes of the UTF-8 sequence a lead byte starts; 0 for a bad lead. */
static size_t utf8_len(unsigned char c) {
  return c < 0x80 ? 1 : c < 0xC2 ? 0 : c < 0xE0 ? 2 : c < 0xF0 ? 3
         : c < 0xF5 ? 4 : 0;
}

static int hex4(const char *p) {
  int v = 0;
  for (int i = 0; i < 4; i++) {
    char c = p[i];
    int d = is_digit(c) ? c - '0' : (c >= 'a' && c <= 'f') ? c - 'a' + 10
            : (c >= 'A' && c <= 'F') ? c - 'A' + 10 : -1;
    if (d < 0)
      return -1;
    v = v * 16 + d;
  }
  return v;
}

/* The escape at s[p] == '\\': its length as written and its code point. */
static bool lx_escape(lexer *lx, size_t p, size_t *step, uint32_t *cp) {
  const char *s = lx->s;
  if (p + 1 >= lx->len)
    return lx_fail(lx, CX_EPARSE, p, 1, "unterminated string");
  static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
  const char *hit = s[p + 1] ? strchr(from, s[p + 1]) : NULL;
  if (hit) {
    *step = 2;
    *cp = (unsigned char)to[hit - from];
    return true;
  }
  if (s[p + 1] != 'u')
    return lx_fail(lx, CX_EPARSE, p, 2, "invalid escape in a string");
  int u = p + 6 <= lx->len ? hex4(s + p + 2) : -1;
  if (u < 0)
    return lx_fail(lx, CX_EPARSE, p, lx->len - p < 6 ? lx->len - p : 6,
                   "invalid \\u escape (four hexadecimal digits needed)");
  if (u == 0)
    return lx_fail(lx, CX_EPARSE, p, 6, "\\u0000 (NUL) is not allowed");
  *step = 6;
  *cp = (uint32_t)u;
  if (u >= 0xDC00 && u <= 0xDFFF)
    return lx_fail(lx, CX_EPARSE, p, 6, "unpaired UTF-16 surrogate");
  if (u >= 0xD800 && u <= 0xDBFF) {
    int lo = p + 12 <= lx->len && s[p + 6] == '\\' && s[p + 7] == 'u'
                 ? hex4(s + p + 8) : -1;
    if (lo < 0xDC00 || lo > 0xDFFF)
      return lx_fail(lx, CX_EPARSE, p, 6, "unpaired UTF-16 surrogate");
    *step = 12;
    *cp = 0x10000 + (((uint32_t)u - 0xD800) << 10) + ((uint32_t)lo - 0xDC00);
  }
  return true;
}

static size_t put_utf8(char *o, uint32_t cp) {
  if (cp < 0x80) {
    o[0] = (char)cp;
    return 1;
  }
  if (cp < 0x800) {
    o[0] = (char)(0xC0 | (cp >> 6));
    o[1] = (char)(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    o[0] = (char)(0xE0 | (cp >> 12));
    o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    o[2] = (char)(0x80 | (cp & 0x3F));
    return 3;
  }
  o[0] = (char)(0xF0 | (cp >> 18));
  o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
  o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
  o[3] = (char)(0x80 | (cp & 0x3F));
  return 4;
}

/* A string token: check it and measure its decoded length first (so the
 * limit holds before anything is allocated), then decode it into lx->str. */
static bool lx_string(lexer *lx, tok *t) {
  const char *s = lx->s;
  size_t p = t->off + 1, dlen = 0;
  for (;;) {
    if (p >= lx->len)
      return lx_fail(lx, CX_EPARSE, t->off, lx->len - t->off,
                     "unterminated string");
    unsigned char c = (unsigned char)s[p];
    if (c == '"')
      break;
    size_t step, add;
    if (c < 0x20)
      return lx_fail(lx, CX_EPARSE, p, 1, "control character in a string "
                     "(write it as an escape)");
    if (c == '\\') {
      uint32_t cp;
      if (!lx_escape(lx, p, &step, &cp))
        return false;
      add = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    } else {
      step = add = utf8_len(c);
      if (!step || step > lx->len - p || !cx__utf8_valid(s + p, step))
        return lx_fail(lx, CX_EPARSE, p, lx->len - p < 4 ? lx->len - p : 4,
                       "invalid UTF-8");
    }
    p += step;
    dlen += add;
    if (dlen > lx->max_string)
      return lx_fail(lx, CX_ERANGE, t->off, p - t->off,
                     "string longer than max_string (%zu bytes)",
                     lx->max_string);
  }
  lx->str.len = 0;
  if (!cx__buf_reserve(&lx->str, dlen))
    return lx_fail(lx, CX_ENOMEM, t->off, 0, "out of memory");
  char *o = lx->str.data;
  for (size_t q = t->off + 1; q < p;) {
    if (s[q] != '\\') {
      *o++ = s[q++];
      continue;
    }
    size_t step;
    uint32_t cp;
    lx_escape(lx, q, &step, &cp); /* checked above */
    o += put_utf8(o, cp);
    q += step;
  }
  *o = '\0';
  lx->str.len = dlen;
  t->kind = T_STRING;
  t->len = p + 1 - t->off;
  lx->pos = p + 1;
  return true;
}

static bool nonfinite_word(const char *w, size_t n) {
  static const char *const words[] = {"nan", "inf", "infinity"};
  for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
    size_t k = strlen(words[i]), m = 0;
    while (m < k && m < n && (w[m] | 0x20) == words[i][m])
      m++;
    if (m == k && k == n)
      return true;
  }
  return false;
}

/* Run of letters, digits, '_' and '.' from p: the extent of a bad token. */
static size_t word_end(const lexer *lx, size_t p) {
  while (p < lx->len && (is_alpha(lx->s[p]) || is_digit(lx->s[p]) ||
                         lx->s[p] == '_' || lx->s[p] == '.'))
    p++;
  return p;
}

static bool lx_number(lexer *lx, tok *t) {
  const char *s = lx->s;
  size_t n = lx->len, p = t->off;
  if (s[p] == '-')
    p++;
  bool ok = p < n && is_digit(s[p]);
  if (ok && s[p++] != '0')
    while (p < n && is_digit(s[p]))
      p++;
  if (ok && p < n && s[p] == '.') {
    ok = ++p < n && is_digit(s[p]);
    while (p < n && is_digit(s[p]))
      p++;
  }
  if (ok && p < n && (s[p] == 'e' || s[p] == 'E')) {
    if (++p < n && (s[p] == '+' || s[p] == '-'))
      p++;
    ok = p < n && is_digit(s[p]);
    while (p < n && is_digit(s[p]))
      p++;
  }
  size_t end = word_end(lx, p);
  if (!ok || end != p) {
    size_t w = s[t->off] == '-' ? t->off + 1 : t->off;
    if (nonfinite_word(s + w, word_end(lx, w) - w))
      return lx_fail(lx, CX_EPARSE, t->off, word_end(lx, w) - t->off,
                     "NaN and infinities are not JSON numbers");
    return lx_fail(lx, CX_EPARSE, t->off, end - t->off, "invalid number");
  }
  t->kind = T_NUMBER;
  t->len = p - t->off;
  if (t->len > lx->max_string)
    return lx_fail(lx, CX_ERANGE, t->off, t->len,
                   "number longer than max_string (%zu bytes)",
                   lx->max_string);
  /* strtod() reads the decimal point of the locale (LC_NUMERIC), which a
   * program may have set to ","; JSON always writes ".".  nl_langinfo(),
   * unlike localeconv(), is safe to call from several threads. */
  const char *dp = nl_langinfo(RADIXCHAR);
  const char *dot = memchr(s + t->off, '.', t->len);
  lx->str.len = 0;
  if (dot && strcmp(dp, ".") != 0) {
    cx__buf_put(&lx->str, s + t->off, (size_t)(dot - (s + t->off)));
    cx__buf_puts(&lx->str, dp);
    cx__buf_put(&lx->str, dot + 1, t->len - (size_t)(dot - (s + t->off)) - 1);
  } else {
    cx__buf_put(&lx->str, s + t->off, t->len);
  }
  if (lx->str.failed)
    return lx_fail(lx, CX_ENOMEM, t->off, 0, "out of memory");
  t->num = strtod(lx->str.data, NULL);
  if (!isfinite(t->num))
    return lx_fail(lx, CX_ERANGE, t->off, t->len,
                   "number too large for a double");
  lx->pos = p;
  return true;
}

static bool lx_next(lexer *lx, tok *t) {
  const char *s = lx->s;
  size_t p = lx->pos;
  while (p < lx->len &&
         (s[p] == ' ' || s[p] == '\t' || s[p] == '\n' || s[p] == '\r'))
    p++;
  lx->pos = p;
  t->off = p;
  t->len = 1;
  if (p >= lx->len) {
    t->kind = T_EOF;
    t->len = 0;
    return true;
  }
  static const char punct[] = "{}[]:,";
  const char *hit = strchr(punct, s[p]);
  if (hit && s[p]) {
    t->kind = (tkind)(T_LBRACE + (hit - punct));
    lx->pos = p + 1;
    return true;
  }
  if (s[p] == '"')
    return lx_string(lx, t);
  if (s[p] == '-' || is_digit(s[p]))
    return lx_number(lx, t);
  if (is_alpha(s[p])) {
    size_t e = word_end(lx, p);
    static const char *const lit[] = {"true", "false", "null"};
    for (int i = 0; i < 3; i++)
      if (e - p == strlen(lit[i]) && memcmp(s + p, lit[i], e - p) == 0) {
        t->kind = (tkind)(T_TRUE + i);
        t->len = e - p;
        lx->pos = e;
        return true;
      }
    if (nonfinite_word(s + p, e - p))
      return lx_fail(lx, CX_EPARSE, p, e - p,
                     "NaN and infinities are not JSON numbers");
    return lx_fail(lx, CX_EPARSE, p, e - p, "invalid literal");
  }
  size_t n = utf8_len((unsigned char)s[p]);
  return lx_fail(lx, CX_EPARSE, p, n ? n : 1, "unexpected character");
}

/* ---- writing JSON text ---------------------------------------------------- */

static void put_string(cx_buf *b, const char *s, size_t len) {
  static const char hexd[] = "0123456789ABCDEF";
  cx__buf_put(b, "\"", 1);
  size_t run = 0;
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c >= 0x20 && c != '"' && c != '\\')
      continue;
    cx__buf_put(b, s + run, i - run);
    run = i + 1;
    char esc[7] = {'\\', 0};
    const char *hit = strchr("\"\\\b\f\n\r\t", c);
    if (c && hit) {
      esc[1] = "\"\\bfnrt"[hit - "\"\\\b\f\n\r\t"];
      cx__buf_put(b, esc, 2);
    } else {
      memcpy(esc + 1, "u00", 3);
      esc[4] = hexd[c >> 4];
      esc[5] = hexd[c & 15];
      cx__buf_put(b, esc, 6);
    }
  }
  cx__buf_put(b, s + run, len - run);
  cx__buf_put(b, "\"", 1);
}

static void put_newline(cx_buf *b, int indent, size_t level) {
  if (indent <= 0)
    return;
  cx__buf_put(b, "\n", 1);
  for (size_t i = 0; i < level * (size_t)indent; i++)
    cx__buf_put(b, " ", 1);
}

/* Shortest text that reads back as the same double: whole numbers below
 * 2^53 in plain digits, others as the shortest %.Ng. */
static void put_number(cx_buf *b, double v) {
  char t[40];
  if (v == floor(v) && fabs(v) < 9007199254740992.0) {
    snprintf(t, sizeof t, "%.0f", v);
  } else {
    for (int prec = 1; prec <= 17; prec++) {
      snprintf(t, sizeof t, "%.*g", prec, v);
      if (strtod(t, NULL) == v)
        break;
    }
    /* Back from the locale's decimal point (see lx_number()) to '.'. */
    const char *dp = nl_langinfo(RADIXCHAR);
    char *at = strcmp(dp, ".") != 0 ? strstr(t, dp) : NULL;
    if (at) {
      size_t n = strlen(dp);
      *at = '.';
      memmove(at + 1, at + n, strlen(at + n) + 1);
    }
  }
  cx__buf_puts(b, t);
}

/* ---- reading or copying any value -------------------------------------- */

static bool lx_push(lexer *lx, bool obj, size_t depth, const tok *t) {
  if (depth + 1 > lx->max_depth)
    return lx_fail(lx, CX_ERANGE, t->off, 1,
                   "nesting deeper than max_depth (%zu)", lx->max_depth);
  if (!cx__jgrow((void **)&lx->fr, &lx->capfr, lx->nfr, sizeof *lx->fr))
    return lx_fail(lx, CX_ENOMEM, t->off, 0, "out of memory");
  frame *f = &lx->fr[lx->nfr++];
  memset(f, 0, sizeof *f);
  f->obj = obj;
  cx__names_init(&f->keys);
  return true;
}

/* With *t the name of a member of the innermost open object: check it is
 * a string not seen before in that object, copy it to @p out at @p level,
 * read the ':' and leave in *t the first token of the member's value. */
static bool lx_member(lexer *lx, tok *t, cx_buf *out, int indent,
                      size_t level) {
  frame *f = &lx->fr[lx->nfr - 1];
  f->key_len = 0;
  if (t->kind != T_STRING)
    return lx_fail(lx, CX_EPARSE, t->off, t->len, t->kind == T_EOF
                   ? "unexpected end of input" : "expected a member name");
  f->key_off = t->off;
  f->key_len = t->len;
  if (cx__names_find(&f->keys, lx->str.data, lx->str.len) != SIZE_MAX)
    return lx_fail(lx, CX_EPARSE, t->off, t->len, "duplicate member name");
  if (cx__names_add(&f->keys, lx->str.data, lx->str.len) == SIZE_MAX)
    return lx_fail(lx, CX_ENOMEM, t->off, 0, "out of memory");
  if (lx->key_out) {
    lx->key_out->len = 0;
    cx__buf_put(lx->key_out, lx->str.data, lx->str.len);
  }
  if (out) {
    put_newline(out, indent, level);
    put_string(out, lx->str.data, lx->str.len);
    cx__buf_put(out, indent > 0 ? ": " : ":", indent > 0 ? 2 : 1);
  }
  if (!lx_next(lx, t))
    return false;
  if (t->kind != T_COLON)
    return lx_fail(lx, CX_EPARSE, t->off, t->len, t->kind == T_EOF
                   ? "unexpected end of input" : "expected ':'");
  return lx_next(lx, t);
}

/* Read the value that starts with token @p t, @p depth containers deep,
 * checking all of it; with @p out, append it as JSON text: compact when
 * @p indent is 0, else indented by @p indent spaces per level from
 * @p level.  Works without recursion, so deep nesting costs heap (bounded
 * by max_depth), not stack. */
static bool lx_value(lexer *lx, tok t, size_t depth, cx_buf *out, int indent,
                     size_t level) {
  const size_t base = lx->nfr;
  for (;;) {
    size_t open = lx->nfr - base;
    switch (t.kind) {
    case T_STRING:
      if (out)
        put_string(out, lx->str.data, lx->str.len);
      break;
    case T_NUMBER: case T_TRUE: case T_FALSE: case T_NULL:
      if (out)
        cx__buf_put(out, lx->s + t.off, t.len);
      break;
    case T_LBRACE: case T_LBRACKET: {
      bool obj = t.kind == T_LBRACE;
      if (!lx_push(lx, obj, depth + open, &t))
        return false;
      if (out)
        cx__buf_put(out, obj ? "{" : "[", 1);
      if (!lx_next(lx, &t))
        return false;
      if (t.kind == (obj ? T_RBRACE : T_RBRACKET)) {
        lx_pop(lx);
        if (out)
          cx__buf_put(out, obj ? "}" : "]", 1);
        break;
      }
      if (obj) {
        if (!lx_member(lx, &t, out, indent, level + open + 1))
          return false;
      } else if (out) {
        put_newline(out, indent, level + open + 1);
      }
      continue;
    }
    case T_EOF:
      return lx_fail(lx, CX_EPARSE, t.off, 0, "unexpected end of input");
    default:
      return lx_fail(lx, CX_EPARSE, t.off, t.len, "expected a value");
    }
    /* A value is complete: close containers or go on to the next item. */
    for (;;) {
      if (lx->nfr == base)
        return !(out && out->failed) ||
               lx_fail(lx, CX_ENOMEM, t.off, 0, "out of memory");
      frame *f = &lx->fr[lx->nfr - 1];
      size_t lv = level + (lx->nfr - base);
      if (!lx_next(lx, &t))
        return false;
      if (t.kind == T_COMMA) {
        if (out)
          cx__buf_put(out, ",", 1);
        if (!lx_next(lx, &t))
          return false;
        if (f->obj) {
          if (!lx_member(lx, &t, out, indent, lv))
            return false;
        } else {
          f->index++;
          if (out)
            put_newline(out, indent, lv);
        }
        break;
      }
      if (t.kind == (f->obj ? T_RBRACE : T_RBRACKET)) {
        bool obj = f->obj;
        lx_pop(lx);
        if (out) {
          put_newline(out, indent, lv - 1);
          cx__buf_put(out, obj ? "}" : "]", 1);
        }
        continue;
      }
      return lx_fail(lx, CX_EPARSE, t.off, t.len, t.kind == T_EOF
                     ? "unexpected end of input"
                     : f->obj ? "expected ',' or '}'" : "expected ',' or ']'");
    }
  }
}

/* ---- the reader: places and errors ---------------------------------------- */

/* One step of the path to a member, linked towards the document root. */
typedef struct pseg {
  const struct pseg *up;
  const char *key; /* member name, or NULL for an array index */
  size_t key_len;
  bool raw;        /* key is a string token as written, quotes included */
  size_t index;
} pseg;

typedef struct offsets {
  size_t *at;
  size_t count, cap;
} offsets;

typedef struct reader {
  lexer lx;
  const char *name;
  const cx_journey_json_options *o;
  size_t base;    /* first byte after a byte-order mark */
  cx_journey *j;
  size_t n_tp;    /* touchpoints so far */
  size_t scale_off;
  offsets actor_off, stage_off, tp_off; /* where each element starts */
  cx_buf key;     /* decoded name of the current member */
  cx_status fail; /* status of the error reported */
} reader;

static bool ident_like(const char *s, size_t n) {
  if (!n)
    return false;
  for (size_t i = 0; i < n; i++)
    if (!is_alpha(s[i]) && !is_digit(s[i]) && s[i] != '_' && s[i] != '-')
      return false;
  return true;
}

static void path_key(cx_buf *b, const char *key, size_t n, bool raw) {
  const char *in = raw ? key + 1 : key;
  size_t in_len = raw ? n - 2 : n;
  if (ident_like(in, in_len)) {
    if (b->len)
      cx__buf_put(b, ".", 1);
    cx__buf_put(b, in, in_len);
  } else {
    cx__buf_put(b, "[", 1);
    if (raw)
      cx__buf_put(b, key, n);
    else
      put_string(b, key, n);
    cx__buf_put(b, "]", 1);
  }
}

/* The path of @p p followed by the containers lx_value() left open. */
static void render_path(const reader *r, const pseg *p, cx_buf *b) {
  const pseg *chain[32];
  size_t n = 0;
  for (; p && n < 32; p = p->up)
    chain[n++] = p;
  while (n--) {
    const pseg *q = chain[n];
    if (q->key)
      path_key(b, q->key, q->key_len, q->raw);
    else
      cx__buf_printf(b, "[%zu]", q->index);
  }
  for (size_t i = 0; i < r->lx.nfr; i++) {
    const frame *f = &r->lx.fr[i];
    if (!f->obj)
      cx__buf_printf(b, "[%zu]", f->index);
    else if (f->key_len)
      path_key(b, r->lx.s + f->key_off, f->key_len, true);
  }
  if (!b->len)
    cx__buf_puts(b, "(document)");
}

static cx_status rd_fail(reader *r, cx_status st, size_t off, const pseg *p,
                         const char *value, size_t value_len,
                         const char *fmt, ...) CX_PRINTF(7, 8);

static cx_status rd_fail(reader *r, cx_status st, size_t off, const pseg *p,
                         const char *value, size_t value_len,
                         const char *fmt, ...) {
  r->fail = st;
  if (st == CX_ENOMEM)
    return cx__enomem();
  char what[320];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(what, sizeof what, fmt, ap);
  va_end(ap);
  uint64_t line = 1;
  size_t start = r->base;
  for (size_t i = r->base; i < off && i < r->lx.len; i++)
    if (r->lx.s[i] == '\n') {
      line++;
      start = i + 1;
    }
  cx_buf path;
  cx__buf_init(&path);
  render_path(r, p, &path);
  while (r->lx.nfr)
    lx_pop(&r->lx);
  st = cx__error_at(st, r->name, line, off - start + 1, value, value_len,
                    "%s: %s", path.failed ? "?" : path.data, what);
  cx__buf_free(&path);
  return st;
}

/* The lexer's failure, at path @p p. */
static cx_status rd_lexfail(reader *r, const pseg *p) {
  return rd_fail(r, r->lx.est, r->lx.eoff, p,
                 r->lx.elen ? r->lx.s + r->lx.eoff : NULL, r->lx.elen, "%s",
                 r->lx.emsg);
}

static cx_status rd_next(reader *r, tok *t, const pseg *p) {
  return lx_next(&r->lx, t) ? CX_OK : rd_lexfail(r, p);
}

static const char *kind_name(tkind k) {
  switch (k) {
  case T_LBRACE: return "an object";
  case T_LBRACKET: return "an array";
  case T_STRING: return "a string";
  case T_NUMBER: return "a number";
  case T_TRUE: case T_FALSE: return "a boolean";
  case T_NULL: return "null";
  default: return "no value";
  }
}

static cx_status rd_type(reader *r, const tok *v, tkind want, const pseg *p) {
  if (v->kind == want || (want == T_TRUE && v->kind == T_FALSE))
    return CX_OK;
  return rd_fail(r, CX_EPARSE, v->off, p, r->lx.s + v->off, v->len,
                 "expected %s, got %s", kind_name(want), kind_name(v->kind));
}

static cx_status push_off(offsets *o, size_t off) {
  if (!cx__jgrow((void **)&o->at, &o->cap, o->count, sizeof *o->at))
    return cx__enomem();
  o->at[o->count++] = off;
  return CX_OK;
}

/* ---- the reader: objects and arrays ----------------------------------------- */

/* Walk the members of an object whose '{' has been read: *state starts at
 * 0.  Returns 1 with the member (its index in @p names, or -1 when
 * unknown), its name token and the first token of its value; 0 after the
 * '}'; -1 after an error (reported).  The first pass already refused
 * duplicate names and every syntax error. */
static int rd_member(reader *r, const pseg *p, int *state,
                     const char *const *names, size_t count, int *which,
                     tok *key, tok *val) {
  tok t;
  if (rd_next(r, &t, p))
    return -1;
  if (*state && t.kind == T_COMMA && rd_next(r, &t, p))
    return -1;
  if (t.kind == T_RBRACE)
    return 0;
  *state = 1;
  *key = t;
  *which = -1;
  if (t.kind != T_STRING) {
    rd_fail(r, CX_EPARSE, t.off, p, r->lx.s + t.off, t.len,
            "expected a member name");
    return -1;
  }
  for (size_t i = 0; i < count; i++)
    if (strlen(names[i]) == r->lx.str.len &&
        memcmp(names[i], r->lx.str.data, r->lx.str.len) == 0)
      *which = (int)i;
  r->key.len = 0;
  cx__buf_put(&r->key, r->lx.str.data, r->lx.str.len);
  if (r->key.failed) {
    rd_fail(r, CX_ENOMEM, t.off, p, NULL, 0, "out of memory");
    return -1;
  }
  if (rd_next(r, &t, p) || rd_next(r, val, p))
    return -1;
  return 1;
}

/* Elements of an array whose '[' has been read, as rd_member(). */
static int rd_element(reader *r, const pseg *p, int *state, tok *val) {
  if (rd_next(r, val, p))
    return -1;
  if (*state && val->kind == T_COMMA && rd_next(r, val, p))
    return -1;
  if (val->kind == T_RBRACKET)
    return 0;
  *state = 1;
  return 1;
}

/* An unknown member: refused, or appended to @p extra as compact JSON. */
static cx_status rd_unknown(reader *r, const pseg *p, const tok *key,
                            const tok *val, cx_buf *extra, size_t depth) {
  pseg at = {p, r->lx.s + key->off, key->len, true, 0};
  if (r->o->unknown == CX_UNKNOWN_REJECT)
    return rd_fail(r, CX_EPARSE, key->off, &at, r->lx.s + key->off, key->len,
                   "unknown member");
  cx__buf_put(extra, extra->len ? "," : "{", 1);
  put_string(extra, r->key.data, r->key.len);
  cx__buf_put(extra, ":", 1);
  if (!lx_value(&r->lx, *val, depth, extra, 0, 0))
    return rd_lexfail(r, &at);
  return extra->failed ? cx__enomem() : CX_OK;
}

/* Close an element's extra text and hand it over (NULL when empty). */
static cx_status finish_extra(cx_buf *extra, char **slot) {
  if (!extra->len)
    return CX_OK;
  cx__buf_put(extra, "}", 1);
  if (extra->failed)
    return cx__enomem();
  return cx__jreplace_str(slot, extra->data, true);
}

static cx_status rd_text(reader *r, const tok *v, const pseg *p, char **slot,
                         bool optional) {
  cx_status st = rd_type(r, v, T_STRING, p);
  return st ? st : cx__jreplace_str(slot, r->lx.str.data, optional);
}

static cx_status missing(reader *r, size_t off, const pseg *p,
                         const char *member) {
  pseg at = {p, member, strlen(member), false, 0};
  return rd_fail(r, CX_EPARSE, off, &at, NULL, 0,
                 "missing required member '%s'", member);
}

/* ---- the reader: the members of each element ------------------------------ */

static const char *const journey_members[] = {
    "format", "version", "id", "title", "description", "scale", "actors",
    "stages"};
static const char *const actor_members[] = {"id", "name"};
static const char *const stage_members[] = {"id", "name", "description",
                                            "touchpoints"};
/* Touchpoint members in the order the writer prints them. */
enum {
  TM_ID, TM_NAME, TM_DESCRIPTION, TM_CHANNEL, TM_OWNER, TM_DEPARTMENT,
  TM_LAYER, TM_ACTORS, TM_SCORE, TM_REACH = TM_SCORE + CX_TP_REACH,
  TM_PAIN_POINTS, TM_OPPORTUNITIES, TM_QUOTES, TM_MOMENT_OF_TRUTH,
  TM_METRICS, TM_COUNT
};
static const char *const tp_members[TM_COUNT] = {
    "id", "name", "description", "channel", "owner", "department", "layer",
    "actors", "score", "expectation", "experience", "adequate", "desired",
    "importance", "duration", "reach", "pain_points", "opportunities",
    "quotes", "moment_of_truth", "metrics"};
static const char *const scale_members[] = {"min", "max", "neutral"};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* A list of non-empty strings (actors, pain points, opportunities,
 * quotes). */
static cx_status rd_list(reader *r, const tok *v, const pseg *p, cx__jtp *tp,
                         cx_tp_list list) {
  cx_status st = rd_type(r, v, T_LBRACKET, p);
  int state = 0, more;
  tok e;
  pseg at = {p, NULL, 0, false, 0};
  while (!st && (more = rd_element(r, p, &state, &e)) == 1) {
    st = rd_type(r, &e, T_STRING, &at);
    if (!st && !r->lx.str.len)
      st = rd_fail(r, CX_EPARSE, e.off, &at, r->lx.s + e.off, e.len,
                   "empty item (leave it out instead)");
    if (!st)
      st = cx__jtp_list_add(tp, list, r->lx.str.data);
    at.index++;
  }
  return st ? st : more < 0 ? r->fail : CX_OK;
}

static cx_status rd_metrics(reader *r, const tok *v, const pseg *p,
                            cx__jtp *tp) {
  cx_status st = rd_type(r, v, T_LBRACE, p);
  int state = 0, more, which;
  tok key, val;
  while (!st && (more = rd_member(r, p, &state, NULL, 0, &which, &key,
                                  &val)) == 1) {
    pseg at = {p, r->lx.s + key.off, key.len, true, 0};
    st = rd_type(r, &val, T_NUMBER, &at);
    if (st)
      break;
    /* Appended in place: the first pass refused repeated names, and
     * cx__jtp_metric_set() would look each name up again (quadratic in
     * the number of metrics of a hostile file). */
    char *name = cx__strndup(r->key.data, r->key.len);
    if (!name || !cx__jgrow((void **)&tp->metric, &tp->cap_metrics,
                            tp->n_metrics, sizeof *tp->metric)) {
      cx__free(name);
      return cx__enomem();
    }
    tp->metric[tp->n_metrics].name = name;
    tp->metric[tp->n_metrics++].value = val.num;
  }
  return st ? st : more < 0 ? r->fail : CX_OK;
}

/* "channel": a built-in name, any other name (a custom channel), or
 * {"custom": NAME} for a custom name that reads as a built-in one. */
static cx_status rd_channel(reader *r, const tok *v, const pseg *p,
                            cx__jtp *tp) {
  if (v->kind == T_STRING) {
    cx_channel ch;
    if (cx_channel_parse(r->lx.str.data, &ch) == CX_OK)
      return cx__jtp_set_channel(tp, ch, NULL);
    cx_error_clear();
    return cx__jtp_set_channel(tp, CX_CHANNEL_CUSTOM, r->lx.str.data);
  }
  if (v->kind != T_LBRACE)
    return rd_fail(r, CX_EPARSE, v->off, p, r->lx.s + v->off, v->len,
                   "expected a string or an object, got %s",
                   kind_name(v->kind));
  static const char *const custom[] = {"custom"};
  int state = 0, more, which;
  bool seen = false;
  tok key, val;
  cx_status st = CX_OK;
  while (!st && (more = rd_member(r, p, &state, custom, 1, &which, &key,
                                  &val)) == 1) {
    pseg at = {p, r->lx.s + key.off, key.len, true, 0};
    if (which < 0)
      return rd_fail(r, CX_EPARSE, key.off, &at, r->lx.s + key.off, key.len,
                     "unknown member (a channel object has only \"custom\")");
    st = rd_type(r, &val, T_STRING, &at);
    if (!st)
      st = cx__jtp_set_channel(tp, CX_CHANNEL_CUSTOM, r->lx.str.data);
    seen = true;
  }
  if (!st && more == 0 && !seen)
    return missing(r, v->off, p, "custom");
  return st ? st : more < 0 ? r->fail : CX_OK;
}

/* "owner" and "layer": names as cx_owner_parse() and cx_layer_parse()
 * read them. */
static cx_status rd_enum(reader *r, const tok *v, const pseg *p, cx__jtp *tp,
                         bool owner) {
  cx_status st = rd_type(r, v, T_STRING, p);
  if (st)
    return st;
  cx_owner ow;
  cx_layer la;
  st = owner ? cx_owner_parse(r->lx.str.data, &ow)
             : cx_layer_parse(r->lx.str.data, &la);
  if (st)
    return rd_fail(r, CX_EPARSE, v->off, p, r->lx.s + v->off, v->len,
                   owner ? "unknown owner (brand, partner, customer or social)"
                         : "unknown layer (frontstage or backstage)");
  if (owner)
    cx__jtp_set_owner(tp, ow);
  else
    cx__jtp_set_layer(tp, la);
  return CX_OK;
}

static cx_status rd_touchpoint(reader *r, const tok *open, const pseg *p,
                               size_t stage_index) {
  cx_status st = rd_type(r, open, T_LBRACE, p);
  if (st)
    return st;
  if (r->n_tp >= r->o->max_touchpoints)
    return rd_fail(r, CX_ERANGE, open->off, p, NULL, 0,
                   "more than max_touchpoints (%zu) touchpoints",
                   r->o->max_touchpoints);
  cx__jtp *tp = NULL;
  st = cx__journey_touchpoint_add_unchecked(r->j, stage_index, "", NULL, &tp);
  if (!st)
    st = push_off(&r->tp_off, open->off);
  r->n_tp++;
  cx_buf extra;
  cx__buf_init(&extra);
  int state = 0, more = 0, which;
  uint32_t seen = 0;
  tok key, v;
  while (!st && (more = rd_member(r, p, &state, tp_members, TM_COUNT, &which,
                                  &key, &v)) == 1) {
    pseg at = {p, tp_members[which < 0 ? 0 : which], 0, false, 0};
    at.key_len = strlen(at.key);
    if (which < 0) {
      st = rd_unknown(r, p, &key, &v, &extra, 5);
      continue;
    }
    if (v.kind == T_NULL && which != TM_ID)
      continue; /* null: not set */
    seen |= 1u << which;
    if (which == TM_ID) {
      st = rd_text(r, &v, &at, &tp->id, false);
    } else if (which == TM_NAME || which == TM_DESCRIPTION ||
               which == TM_DEPARTMENT) {
      cx_tp_text f = which == TM_NAME ? CX_TP_NAME : which == TM_DESCRIPTION
                     ? CX_TP_DESCRIPTION : CX_TP_DEPARTMENT;
      st = rd_type(r, &v, T_STRING, &at);
      if (!st)
        st = cx__jtp_set_text(tp, f, r->lx.str.data);
    } else if (which == TM_CHANNEL) {
      st = rd_channel(r, &v, &at, tp);
    } else if (which == TM_OWNER || which == TM_LAYER) {
      st = rd_enum(r, &v, &at, tp, which == TM_OWNER);
    } else if (which >= TM_SCORE && which <= TM_REACH) {
      st = rd_type(r, &v, T_NUMBER, &at);
      if (!st)
        st = cx__jtp_set_number(tp, (cx_tp_number)(which - TM_SCORE), v.num);
    } else if (which == TM_ACTORS) {
      st = rd_list(r, &v, &at, tp, CX_TP_ACTORS);
    } else if (which >= TM_PAIN_POINTS && which <= TM_QUOTES) {
      st = rd_list(r, &v, &at, tp,
                   (cx_tp_list)(CX_TP_PAIN_POINTS + which - TM_PAIN_POINTS));
    } else if (which == TM_MOMENT_OF_TRUTH) {
      st = rd_type(r, &v, T_TRUE, &at);
      if (!st)
        cx__jtp_set_moment_of_truth(tp, v.kind == T_TRUE);
    } else {
      st = rd_metrics(r, &v, &at, tp);
    }
  }
  if (!st && more < 0)
    st = r->fail;
  if (!st && !(seen & (1u << TM_ID)))
    st = missing(r, open->off, p, "id");
  if (!st && !(seen & (1u << TM_NAME)))
    st = cx__jtp_set_text(tp, CX_TP_NAME, tp->id);
  if (!st)
    st = finish_extra(&extra, &tp->extra);
  cx__buf_free(&extra);
  return st;
}

static cx_status rd_stage(reader *r, const tok *open, const pseg *p) {
  cx_status st = rd_type(r, open, T_LBRACE, p);
  size_t si = 0;
  if (!st)
    st = cx__journey_stage_add_unchecked(r->j, "", NULL, &si);
  if (!st)
    st = push_off(&r->stage_off, open->off);
  if (st)
    return st;
  cx__jstage *s = cx__journey_stage_at(r->j, si);
  cx_buf extra;
  cx__buf_init(&extra);
  int state = 0, more = 0, which;
  bool seen_id = false, seen_name = false;
  tok key, v;
  while (!st && (more = rd_member(r, p, &state, stage_members,
                                  COUNT(stage_members), &which, &key,
                                  &v)) == 1) {
    pseg at = {p, which < 0 ? "" : stage_members[which], 0, false, 0};
    at.key_len = strlen(at.key);
    if (which < 0) {
      st = rd_unknown(r, p, &key, &v, &extra, 3);
    } else if (which == 0) {
      seen_id = true;
      st = rd_text(r, &v, &at, &s->id, false);
    } else if (v.kind == T_NULL) {
      continue;
    } else if (which == 1) {
      seen_name = true;
      st = rd_text(r, &v, &at, &s->name, false);
    } else if (which == 2) {
      st = rd_text(r, &v, &at, &s->description, true);
    } else {
      st = rd_type(r, &v, T_LBRACKET, &at);
      int es = 0, m = 0;
      tok e;
      pseg ep = {&at, NULL, 0, false, 0};
      while (!st && (m = rd_element(r, &at, &es, &e)) == 1) {
        st = rd_touchpoint(r, &e, &ep, si);
        ep.index++;
      }
      if (!st && m < 0)
        st = r->fail;
    }
  }
  if (!st && more < 0)
    st = r->fail;
  if (!st && !seen_id)
    st = missing(r, open->off, p, "id");
  if (!st && !seen_name)
    st = cx__jreplace_str(&s->name, s->id, false);
  if (!st)
    st = finish_extra(&extra, &s->extra);
  cx__buf_free(&extra);
  return st;
}

static cx_status rd_actor(reader *r, const tok *open, const pseg *p) {
  cx_status st = rd_type(r, open, T_LBRACE, p);
  if (!st)
    st = cx__journey_actor_add_unchecked(r->j, "", NULL);
  if (!st)
    st = push_off(&r->actor_off, open->off);
  if (st)
    return st;
  cx__jactor *a = &r->j->actor[r->j->n_actors - 1];
  cx_buf extra;
  cx__buf_init(&extra);
  int state = 0, more = 0, which;
  bool seen_id = false, seen_name = false;
  tok key, v;
  while (!st && (more = rd_member(r, p, &state, actor_members,
                                  COUNT(actor_members), &which, &key,
                                  &v)) == 1) {
    pseg at = {p, which < 0 ? "" : actor_members[which], 0, false, 0};
    at.key_len = strlen(at.key);
    if (which < 0) {
      st = rd_unknown(r, p, &key, &v, &extra, 3);
    } else if (which == 0) {
      seen_id = true;
      st = rd_text(r, &v, &at, &a->id, false);
    } else if (v.kind != T_NULL) {
      seen_name = true;
      st = rd_text(r, &v, &at, &a->name, false);
    }
  }
  if (!st && more < 0)
    st = r->fail;
  if (!st && !seen_id)
    st = missing(r, open->off, p, "id");
  if (!st && !seen_name)
    st = cx__jreplace_str(&a->name, a->id, false);
  if (!st)
    st = finish_extra(&extra, &a->extra);
  cx__buf_free(&extra);
  return st;
}

static cx_status rd_scale(reader *r, const tok *open, const pseg *p) {
  cx_status st = rd_type(r, open, T_LBRACE, p);
  double v3[3] = {NAN, NAN, NAN};
  int state = 0, more = 0, which;
  tok key, v;
  r->scale_off = open->off;
  while (!st && (more = rd_member(r, p, &state, scale_members, 3, &which,
                                  &key, &v)) == 1) {
    pseg at = {p, r->lx.s + key.off, key.len, true, 0};
    if (which < 0)
      return rd_fail(r, CX_EPARSE, key.off, &at, r->lx.s + key.off, key.len,
                     "unknown member (the scale has min, max and neutral)");
    st = rd_type(r, &v, T_NUMBER, &at);
    v3[which] = v.num;
  }
  if (st || more < 0)
    return st ? st : r->fail;
  for (int i = 0; i < 3; i++)
    if (isnan(v3[i]))
      return missing(r, open->off, p, scale_members[i]);
  cx__journey_set_scale_unchecked(r->j, v3[0], v3[2], v3[1]);
  return CX_OK;
}

/* The second pass: the journey itself. */
static cx_status rd_journey(reader *r) {
  tok open, key, v;
  r->lx.pos = r->base;
  cx_status st = rd_next(r, &open, NULL);
  cx_buf extra;
  cx__buf_init(&extra);
  int state = 0, more = 0, which;
  while (!st && (more = rd_member(r, NULL, &state, journey_members,
                                  COUNT(journey_members), &which, &key,
                                  &v)) == 1) {
    pseg at = {NULL, which < 0 ? "" : journey_members[which], 0, false, 0};
    at.key_len = strlen(at.key);
    if (which < 0) {
      st = rd_unknown(r, NULL, &key, &v, &extra, 1);
    } else if (which == 1 || (v.kind == T_NULL && which != 0)) {
      continue; /* version: checked by the first pass */
    } else if (which == 0) {
      st = rd_type(r, &v, T_STRING, &at);
      if (!st && strcmp(r->lx.str.data, FORMAT_NAME) != 0)
        st = rd_fail(r, CX_EPARSE, v.off, &at, r->lx.s + v.off, v.len,
                     "not a journey document (format is \"" FORMAT_NAME
                     "\")");
    } else if (which == 2) {
      st = rd_text(r, &v, &at, &r->j->id, true);
    } else if (which == 3) {
      st = rd_text(r, &v, &at, &r->j->title, true);
    } else if (which == 4) {
      st = rd_text(r, &v, &at, &r->j->description, true);
    } else if (which == 5) {
      st = rd_scale(r, &v, &at);
    } else {
      st = rd_type(r, &v, T_LBRACKET, &at);
      int es = 0, m = 0;
      tok e;
      pseg ep = {&at, NULL, 0, false, 0};
      while (!st && (m = rd_element(r, &at, &es, &e)) == 1) {
        st = which == 6 ? rd_actor(r, &e, &ep) : rd_stage(r, &e, &ep);
        ep.index++;
      }
      if (!st && m < 0)
        st = r->fail;
    }
  }
  if (!st && more < 0)
    st = r->fail;
  if (!st)
    st = finish_extra(&extra, &r->j->extra);
  cx__buf_free(&extra);
  return st;
}

/* The first pass: grammar, limits, duplicates and the format version. */
static cx_status rd_check(reader *r) {
  lexer *lx = &r->lx;
  tok t;
  lx->pos = r->base;
  if (rd_next(r, &t, NULL))
    return r->fail;
  if (t.kind == T_EOF)
    return rd_fail(r, CX_EPARSE, t.off, NULL, NULL, 0, "empty document");
  if (t.kind != T_LBRACE)
    return rd_fail(r, CX_EPARSE, t.off, NULL, lx->s + t.off, t.len,
                   "a journey document is a JSON object, not %s",
                   kind_name(t.kind));
  size_t open = t.off;
  if (!lx_push(lx, true, 0, &t) || !lx_next(lx, &t))
    return rd_lexfail(r, NULL);
  bool have_version = false;
  tok version = t;
  lx->key_out = &r->key;
  while (t.kind != T_RBRACE) {
    if (!lx_member(lx, &t, NULL, 0, 0))
      return rd_lexfail(r, NULL);
    if (r->key.len == 7 && memcmp(r->key.data, "version", 7) == 0) {
      if (t.kind != T_NUMBER) {
        pseg at = {NULL, "version", 7, false, 0};
        lx_pop(lx);
        return rd_type(r, &t, T_NUMBER, &at);
      }
      have_version = true;
      version = t;
    }
    if (!lx_value(lx, t, 1, NULL, 0, 0) || !lx_next(lx, &t))
      return rd_lexfail(r, NULL);
    if (t.kind == T_COMMA) {
      if (!lx_next(lx, &t))
        return rd_lexfail(r, NULL);
      if (t.kind == T_RBRACE)
        return rd_fail(r, CX_EPARSE, t.off, NULL, "}", 1,
                       "expected a member name");
    } else if (t.kind != T_RBRACE) {
      lx_fail(lx, CX_EPARSE, t.off, t.len, t.kind == T_EOF
              ? "unexpected end of input" : "expected ',' or '}'");
      return rd_lexfail(r, NULL);
    }
  }
  lx->key_out = NULL;
  lx_pop(lx);
  if (!lx_next(lx, &t))
    return rd_fail(r, CX_EPARSE, lx->eoff, NULL, lx->s + lx->eoff, lx->elen,
                   "text after the end of the document");
  if (t.kind != T_EOF)
    return rd_fail(r, CX_EPARSE, t.off, NULL, lx->s + t.off, t.len,
                   "text after the end of the document");
  pseg at = {NULL, "version", 7, false, 0};
  if (!have_version)
    return missing(r, open, NULL, "version");
  if (version.num != FORMAT_VERSION)
    return rd_fail(r, CX_EPARSE, version.off, &at, lx->s + version.off,
                   version.len, "unsupported format version (this reader "
                   "reads version %d)", FORMAT_VERSION);
  return CX_OK;
}

/* Index of the n-th (1-based) of @p count ids equal to @p id, else of the
 * first; SIZE_MAX when none is. */
static size_t nth_id(char *const *ids, size_t stride, size_t count,
                     const char *id, int n) {
  size_t first = SIZE_MAX;
  for (size_t i = 0; i < count; i++) {
    const char *s = *(char *const *)((const char *)ids + i * stride);
    if (strcmp(s, id) != 0)
      continue;
    if (first == SIZE_MAX)
      first = i;
    if (--n == 0)
      return i;
  }
  return first;
}

/* The validate option: fail with the first problem, placed at the element
 * it concerns. */
static cx_status rd_validate(reader *r) {
  cx_journey_problems *pr = NULL;
  cx_status st = cx_journey_validate(r->j, &pr);
  if (st || cx_journey_problems_count(pr) == 0) {
    cx_journey_problems_free(pr);
    return st;
  }
  const cx_journey *j = r->j;
  cx_journey_problem_code code = cx_journey_problems_code(pr, 0);
  cx_journey_element el = cx_journey_problems_element(pr, 0);
  const char *id = cx_journey_problems_id(pr, 0);
  const char *field = cx_journey_problems_field(pr, 0);
  int n = code == CX_JOURNEY_PROBLEM_DUPLICATE_ID ? 2 : 1;
  pseg seg[6];
  memset(seg, 0, sizeof seg);
  const pseg *p = NULL;
  size_t off = r->base, i;
  const cx__jtp *tp = NULL;
  if (el == CX_JOURNEY_ELEMENT_ACTOR &&
      (i = nth_id(&j->actor[0].id, sizeof *j->actor, j->n_actors, id, n)) !=
          SIZE_MAX) {
    seg[0] = (pseg){NULL, "actors", 6, false, 0};
    seg[1] = (pseg){&seg[0], NULL, 0, false, i};
    p = &seg[1];
    off = r->actor_off.at[i];
  } else if (el == CX_JOURNEY_ELEMENT_STAGE || el == CX_JOURNEY_ELEMENT_TOUCHPOINT) {
    size_t g = 0, hit = SIZE_MAX, hs = 0, hp = 0;
    for (size_t si = 0; si < j->n_stages; si++) {
      const cx__jstage *s = j->stage[si];
      if (el == CX_JOURNEY_ELEMENT_STAGE && strcmp(s->id, id) == 0 &&
          (hit == SIZE_MAX || n-- > 1))
        hit = hs = si;
      for (size_t k = 0; k < s->n_tp; k++, g++)
        if (el == CX_JOURNEY_ELEMENT_TOUCHPOINT && strcmp(s->tp[k]->id, id) == 0 &&
            (hit == SIZE_MAX || n-- > 1)) {
          hit = g;
          hs = si;
          hp = k;
        }
    }
    if (hit != SIZE_MAX) {
      seg[0] = (pseg){NULL, "stages", 6, false, 0};
      seg[1] = (pseg){&seg[0], NULL, 0, false, hs};
      p = &seg[1];
      if (el == CX_JOURNEY_ELEMENT_TOUCHPOINT) {
        seg[2] = (pseg){&seg[1], "touchpoints", 11, false, 0};
        seg[3] = (pseg){&seg[2], NULL, 0, false, hp};
        p = &seg[3];
        tp = j->stage[hs]->tp[hp];
        off = r->tp_off.at[hit];
      } else {
        off = r->stage_off.at[hit];
      }
    }
  } else if (strcmp(field, "scale") == 0 && r->scale_off) {
    off = r->scale_off;
  }
  /* The field as a member path, and its value when it is a number. */
  if (strncmp(field, "metric:", 7) == 0) {
    seg[4] = (pseg){p, "metrics", 7, false, 0};
    seg[5] = (pseg){&seg[4], field + 7, strlen(field + 7), false, 0};
    p = &seg[5];
  } else if (*field) {
    seg[4] = (pseg){p, field, strlen(field), false, 0};
    p = &seg[4];
  }
  cx_buf value;
  cx__buf_init(&value);
  for (int f = 0; tp && f < CX_TP_NUMBER_COUNT; f++)
    if (strcmp(field, cx_tp_number_name((cx_tp_number)f)) == 0 &&
        isfinite(tp->num[f]))
      put_number(&value, tp->num[f]);
  if (!value.len && (strcmp(field, "id") == 0 || strcmp(field, "name") == 0))
    cx__buf_printf(&value, "%s", strcmp(field, "id") == 0 ? id : "");
  st = rd_fail(r, CX_EPARSE, off, p, value.failed ? NULL : value.data,
               value.len, "%s (%s)", cx_journey_problems_message(pr, 0),
               cx_journey_problem_code_name(code));
  cx__buf_free(&value);
  cx_journey_problems_free(pr);
  return st;
}

CX_API cx_status cx_journey_from_json(cx_journey **out, const char *text,
                                      size_t len, const char *name,
                                      const cx_journey_json_options *options) {
  cx_journey_json_options def = CX_JOURNEY_JSON_OPTIONS_INIT;
  const cx_journey_json_options *o = options ? options : &def;
  if (!out || !text)
    return cx__error(CX_EINVAL, "cx_journey_from_json: NULL argument");
  if (o->version != CX_JOURNEY_JSON_OPTIONS_VERSION)
    return cx__error(CX_EINVAL, "cx_journey_json_options version %u is not %u",
                     o->version, CX_JOURNEY_JSON_OPTIONS_VERSION);
  if (o->unknown != CX_UNKNOWN_PRESERVE && o->unknown != CX_UNKNOWN_REJECT)
    return cx__error(CX_EINVAL, "cx_journey_json_options: unknown policy %d",
                     (int)o->unknown);
  if (!name)
    name = "<buffer>";
  if (len > o->max_bytes)
    return cx__error_at(CX_ERANGE, name, 0, 0, NULL, 0,
                        "document of %zu bytes is over max_bytes (%zu)", len,
                        o->max_bytes);
  reader r;
  memset(&r, 0, sizeof r);
  r.name = name;
  r.o = o;
  lx_init(&r.lx, text, len, o->max_depth, o->max_string);
  cx__buf_init(&r.key);
  if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
    r.base = 3;
  cx_status st = rd_check(&r);
  if (!st)
    st = cx_journey_new(&r.j, NULL);
  if (!st)
    st = rd_journey(&r);
  if (!st)
    cx__jindex_rebuild(r.j); /* ids are all read now */
  if (!st && o->validate)
    st = rd_validate(&r);
  lx_free(&r.lx);
  cx__buf_free(&r.key);
  cx__free(r.actor_off.at);
  cx__free(r.stage_off.at);
  cx__free(r.tp_off.at);
  if (st) {
    cx_journey_free(r.j);
    return st;
  }
  *out = r.j;
  return CX_OK;
}

CX_API cx_status cx_journey_read_json(cx_journey **out, const char *path,
                                      const cx_journey_json_options *options) {
  cx_journey_json_options def = CX_JOURNEY_JSON_OPTIONS_INIT;
  const cx_journey_json_options *o = options ? options : &def;
  if (!out || !path)
    return cx__error(CX_EINVAL, "cx_journey_read_json: NULL argument");
  if (o->version != CX_JOURNEY_JSON_OPTIONS_VERSION)
    return cx__error(CX_EINVAL, "cx_journey_json_options version %u is not %u",
                     o->version, CX_JOURNEY_JSON_OPTIONS_VERSION);
  bool is_stdin = strcmp(path, "-") == 0;
  const char *name = is_stdin ? "<stdin>" : path;
  FILE *f = is_stdin ? stdin : fopen(path, "rb");
  if (!f)
    return cx__error_at(CX_EIO, name, 0, 0, NULL, 0, "cannot open: %s",
                        cx__strerror(errno));
  cx_buf b;
  cx__buf_init(&b);
  char chunk[65536];
  size_t n;
  cx_status st = CX_OK;
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
    if (n > o->max_bytes - b.len) {
      st = cx__error_at(CX_ERANGE, name, 0, 0, NULL, 0,
                        "document is over max_bytes (%zu)", o->max_bytes);
      break;
    }
    cx__buf_put(&b, chunk, n);
  }
  if (!st && ferror(f))
    st = cx__error_at(CX_EIO, name, 0, 0, NULL, 0, "cannot read: %s",
                      cx__strerror(errno));
  if (!is_stdin)
    fclose(f);
  if (!st && b.failed)
    st = cx__enomem();
  if (!st)
    st = cx_journey_from_json(out, b.data ? b.data : "", b.len, name, o);
  cx__buf_free(&b);
  return st;
}

/* The writer: one translation unit with the tokenizer above. */
#define CX_JOURNEY_JSON_READER 1
#include "journey_json_write.c"
