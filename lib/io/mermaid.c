/*
 * Mermaid `journey` diagrams: import into a cx_journey and export from one.
 *
 * The reader repeats what Mermaid 11.12 does with a diagram, step by step,
 * so that what Mermaid draws and what libcx loads agree (docs/mermaid.md
 * has the user's view):
 *
 * 1. A UTF-8 byte-order mark is skipped (it is not counted in columns);
 *    CRLF and CR line ends become LF.  Invalid UTF-8 and NUL bytes are
 *    errors.
 * 2. Front matter: "---" at the very start, up to a line "---" that a line
 *    end follows (Mermaid's frontMatterRegex).  Only a top-level `title:`
 *    is read (plain, '...' or "..."); it is the title unless a `title`
 *    statement follows.
 * 3. Directives `%%{...}%%` are removed wherever they are, then every line
 *    whose first non-space text is `%%` and something else (not `%%{`) is
 *    removed, then leading space.  These steps keep a map of what they
 *    removed, so errors still name the line and column of the input.
 * 4. The text must then start with `journey` (lowercase: Mermaid's
 *    detector ignores "Journey"; lenient mode accepts any case).
 * 5. Then Mermaid's journey lexer, rule by rule in its order (first match
 *    wins): `%` not before `{` and any character but `}` before `%%` start
 *    a comment to the line end; `#` starts one too, except in `#word;`,
 *    which Mermaid turns into an HTML entity first; `title<space>text`,
 *    `accTitle:`, `accDescr:` and `accDescr {...}`, `section<space>name`,
 *    and otherwise a task name up to `:`, `#`, `;` or the line end, which
 *    must be followed at once by `:` and its data.  Keywords ignore case.
 *    A task's data is split at `:` as Mermaid does: score, then actors
 *    separated by `,`, and anything after a third `:` is ignored.
 *
 * Strict mode (the default) also rejects what Mermaid reads in a way the
 * writer of the diagram hardly meant: a score that is not a decimal number
 * inside the declared scale, text after a third `:`, empty or repeated
 * actors, empty names, `%%` inside a statement (Mermaid shows it as text),
 * `#word;` entity codes, and a `journey` keyword not in lowercase.
 * Lenient mode accepts all of these: a score is read as JavaScript's
 * Number() reads it (hex and "Infinity" included); an empty, non-numeric
 * or infinite score is stored as no score, and the journey's scale grows
 * to hold every finite score (the neutral point stays).
 *
 * Tasks before the first section go into a stage "Tasks" (id "tasks").
 * Ids: stages and touchpoints share one namespace, actors have their own.
 * An id is the name in lowercase ASCII letters and digits, every run of
 * other ASCII characters (and of non-ASCII spaces and punctuation) turned
 * into one '-' and none at either end; other non-ASCII characters are
 * kept, capitals of the Latin, Greek and Cyrillic blocks in lowercase; at
 * most 64 bytes.  A name that leaves nothing gives "stage-N",
 * "tp-N" or "actor-N" (N counts that kind from 1); a taken id gets "-2",
 * "-3"..., so ids depend only on the names in order.
 *
 * The title is the last `title` statement, else the front matter's.  The
 * last accDescr becomes the journey's description, with Mermaid's own
 * clean-up (trimmed; line breaks lose the space after them).  The last
 * accTitle is kept in the journey's reader data as the JSON object
 * {"accTitle": "..."}, which the JSON writer keeps as a member and the
 * writer below writes back.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include <cx/io.h>

#include "internal.h"
#include "journey_internal.h"

#define ZWSP "\xE2\x80\x8B" /* U+200B, the writer's keyword escape */
enum { SLUG_MAX = 64, ID_MAX = SLUG_MAX + 32 };

/* ---- UTF-8 and character classes ----------------------------------------- */

/* Length of the valid UTF-8 sequence at s (1..4) with its code point, or 0
 * when the bytes there are not valid UTF-8. */
static size_t u8_next(const char *str, size_t n, uint32_t *cp) {
  const unsigned char *s = (const unsigned char *)str;
  unsigned c = s[0];
  size_t len;
  uint32_t v, min;
  if (c < 0x80) {
    *cp = c;
    return 1;
  } else if (c >= 0xC2 && c <= 0xDF) {
    len = 2, v = c & 0x1F, min = 0x80;
  } else if (c >= 0xE0 && c <= 0xEF) {
    len = 3, v = c & 0x0F, min = 0x800;
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4, v = c & 0x07, min = 0x10000;
  } else {
    return 0;
  }
  if (n < len)
    return 0;
  for (size_t i = 1; i < len; i++) {
    if ((s[i] & 0xC0) != 0x80)
      return 0;
    v = (v << 6) | (s[i] & 0x3F);
  }
  if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
    return 0;
  *cp = v;
  return len;
}

/* JavaScript's \s, which Mermaid's lexer skips and trim() removes. */
static bool js_space(uint32_t c) {
  return c == ' ' || (c >= 0x09 && c <= 0x0D) || c == 0xA0 || c == 0x1680 ||
         (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 ||
         c == 0x202F || c == 0x205F || c == 0x3000 || c == 0xFEFF;
}

/* Width of the whitespace character at p (0 when there is none). */
static size_t space_at(const char *p, const char *end) {
  uint32_t c;
  if (p >= end)
    return 0;
  size_t n = u8_next(p, (size_t)(end - p), &c);
  return n && js_space(c) ? n : 0;
}

static const char *skip_space(const char *p, const char *end) {
  size_t n;
  while ((n = space_at(p, end)) != 0)
    p += n;
  return p;
}

static void trim(const char **p, const char **e) {
  *p = skip_space(*p, *e);
  while (*e > *p) {
    const char *q = *e - 1;
    while (q > *p && ((unsigned char)*q & 0xC0) == 0x80)
      q--;
    if (!space_at(q, *e))
      break;
    *e = q;
  }
}

/* JavaScript regular expressions' \w. */
static bool is_word(const char *p, const char *end) {
  return p < end && ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                     (*p >= '0' && *p <= '9') || *p == '_');
}

/* Length of a `#word;` at p, which Mermaid replaces by an HTML entity
 * before lexing (so its '#' and ';' are text); 0 when there is none. */
static size_t entity_at(const char *p, const char *end) {
  if (p >= end || *p != '#')
    return 0;
  const char *q = p + 1;
  while (is_word(q, end))
    q++;
  return q > p + 1 && q < end && *q == ';' ? (size_t)(q + 1 - p) : 0;
}

/* End of a run of characters none of which is in @p stops, where '#' and
 * ';' inside an entity do not stop the run. */
static const char *run_end(const char *p, const char *end, const char *stops) {
  while (p < end && !strchr(stops, *p)) {
    p++;
  }
  while (p < end && (*p == '#' || *p == ';') && entity_at(p, end)) {
    p += entity_at(p, end);
    while (p < end && !strchr(stops, *p))
      p++;
  }
  return p;
}

static const char *eol(const char *p, const char *end) {
  const char *q = memchr(p, '\n', (size_t)(end - p));
  return q ? q : end;
}

/* Case-insensitive ASCII keyword at p. */
static bool kw(const char *p, const char *end, const char *word) {
  size_t n = strlen(word);
  if ((size_t)(end - p) < n)
    return false;
  for (size_t i = 0; i < n; i++) {
    char c = p[i];
    if (c >= 'A' && c <= 'Z')
      c = (char)(c + ('a' - 'A'));
    if (c != word[i])
      return false;
  }
  return true;
}

/* Non-ASCII characters that separate words in an id like ASCII
 * punctuation: Latin-1 signs, spaces, general and CJK punctuation,
 * variation selectors, full-width ASCII punctuation. */
static bool u_separator(uint32_t c) {
  return js_space(c) || (c >= 0x80 && c <= 0xBF) || c == 0xD7 || c == 0xF7 ||
         (c >= 0x2000 && c <= 0x206F) || (c >= 0x3000 && c <= 0x303F) ||
         (c >= 0xFE00 && c <= 0xFE0F) || (c >= 0xFF01 && c <= 0xFF0F) ||
         (c >= 0xFF1A && c <= 0xFF20) || (c >= 0xFF3B && c <= 0xFF40) ||
         (c >= 0xFF5B && c <= 0xFF65);
}

/* ---- ids ----------------------------------------------------------------- */

/* Lowercase of the capital letters of the Latin-1, Latin Extended-A,
 * Greek and Cyrillic blocks; other characters as they are. */
static uint32_t u_lower(uint32_t c) {
  if ((c >= 0xC0 && c <= 0xDE && c != 0xD7) || (c >= 0x391 && c <= 0x3AB &&
      c != 0x3A2) || (c >= 0x410 && c <= 0x42F))
    return c + 0x20;
  if (c >= 0x400 && c <= 0x40F)
    return c + 0x50;
  if (c == 0x178)
    return 0xFF;
  if ((c >= 0x100 && c <= 0x137 && c % 2 == 0) ||
      (c >= 0x139 && c <= 0x148 && c % 2 == 1) ||
      (c >= 0x14A && c <= 0x177 && c % 2 == 0) ||
      (c >= 0x179 && c <= 0x17E && c % 2 == 1))
    return c + 1;
  return c;
}

static size_t u8_put(uint32_t c, char *out) {
  if (c < 0x800) {
    out[0] = (char)(0xC0 | (c >> 6));
    out[1] = (char)(0x80 | (c & 0x3F));
    return 2;
  }
  out[0] = (char)(0xE0 | (c >> 12));
  out[1] = (char)(0x80 | ((c >> 6) & 0x3F));
  out[2] = (char)(0x80 | (c & 0x3F));
  return 3;
}

/* Write the slug of name[0..len) (valid UTF-8) into out (SLUG_MAX + 1). */
static void slugify(const char *name, size_t len, char *out) {
  size_t o = 0, i = 0;
  bool dash = false;
  while (i < len) {
    uint32_t c;
    size_t n = u8_next(name + i, len - i, &c);
    if (n == 0)
      n = 1, c = '-';
    bool keep = c < 0x80 ? ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                            (c >= '0' && c <= '9'))
                         : !u_separator(c);
    if (!keep) {
      dash = o > 0;
      i += n;
      continue;
    }
    if (o + (dash ? 1 : 0) + n > SLUG_MAX)
      break;
    if (dash)
      out[o++] = '-';
    dash = false;
    uint32_t lc = u_lower(c);
    if (c < 0x80)
      out[o++] = (char)(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
    else if (lc != c)
      o += u8_put(lc, out + o); /* same width as c in these blocks */
    else
      memcpy(out + o, name + i, n), o += n;
    i += n;
  }
  out[o] = '\0';
}

/* One id namespace: the ids taken, and per slug the next suffix to try, so
 * that n equal names cost O(n), not O(n^2). */
typedef struct idspace {
  cx_names taken;
  cx_names bases;
  size_t *next;
  size_t cap;
} idspace;

static void ids_init(idspace *s) {
  memset(s, 0, sizeof *s);
  cx__names_init(&s->taken);
  cx__names_init(&s->bases);
}

static void ids_free(idspace *s) {
  cx__names_free(&s->taken);
  cx__names_free(&s->bases);
  cx__free(s->next);
}

/* A unique id for a name: its slug, or fallback-ordinal, then -2, -3...
 * while taken. */
static cx_status ids_make(idspace *s, const char *name, size_t len,
                          const char *fallback, size_t ordinal,
                          char out[ID_MAX]) {
  char base[SLUG_MAX + 1];
  slugify(name, len, base);
  if (base[0] == '\0')
    snprintf(base, sizeof base, "%s-%zu", fallback, ordinal);
  size_t blen = strlen(base);
  snprintf(out, ID_MAX, "%s", base);
  if (cx__names_find(&s->taken, out, blen) != SIZE_MAX) {
    size_t b = cx__names_find(&s->bases, base, blen);
    if (b == SIZE_MAX) {
      if (s->bases.count == s->cap) {
        size_t cap = s->cap ? 2 * s->cap : 16;
        size_t *nx = cx__realloc(s->next, cap * sizeof *nx);
        if (!nx)
          return cx__enomem();
        s->next = nx, s->cap = cap;
      }
      if ((b = cx__names_add(&s->bases, base, blen)) == SIZE_MAX)
        return cx__enomem();
      s->next[b] = 2;
    }
    do
      snprintf(out, ID_MAX, "%.*s-%zu", (int)SLUG_MAX, base, s->next[b]++);
    while (cx__names_find(&s->taken, out, strlen(out)) != SIZE_MAX);
  }
  if (cx__names_add(&s->taken, out, strlen(out)) == SIZE_MAX)
    return cx__enomem();
  return CX_OK;
}

/* ---- places: maps from the cleaned text back to the input --------------- */

/* Spans removed by a clean-up step: at output offset at[i], the input had
 * removed bytes; sum[i] counts every byte removed up to and including it. */
typedef struct omap {
  size_t *at, *sum;
  size_t n, cap;
  bool failed;
} omap;

static void omap_add(omap *m, size_t at, size_t removed) {
  if (m->failed)
    return;
  if (m->n == m->cap) {
    size_t cap = m->cap ? 2 * m->cap : 16;
    size_t *a = cx__realloc(m->at, cap * sizeof *a);
    if (a)
      m->at = a;
    size_t *s = a ? cx__realloc(m->sum, cap * sizeof *s) : NULL;
    if (!s) {
      m->failed = true;
      return;
    }
    m->sum = s, m->cap = cap;
  }
  m->at[m->n] = at;
  m->sum[m->n] = removed + (m->n ? m->sum[m->n - 1] : 0);
  m->n++;
}

static size_t omap_back(const omap *m, size_t off) {
  size_t lo = 0, hi = m->n; /* first span with at > off */
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (m->at[mid] <= off)
      lo = mid + 1;
    else
      hi = mid;
  }
  return off + (lo ? m->sum[lo - 1] : 0);
}

/* ---- the reader ----------------------------------------------------------- */

typedef struct rd {
  const char *name;   /* input name for messages */
  char *norm;         /* input without BOM, LF line ends */
  size_t norm_len;
  size_t body;        /* offset in norm after the front matter */
  omap dmap, cmap;    /* directive and comment-line removal */
  char *text;         /* what the lexer reads */
  const char *end;
  const char *p;      /* lexer position */
  bool lenient;
  double smin, smax, neutral; /* declared scale */
  double lo, hi;      /* finite scores seen (lenient widening) */
  cx_journey *j;
  size_t cur_stage;   /* SIZE_MAX before the first stage */
  size_t n_stages, n_tps, n_tasks;
  size_t max_tasks;   /* max_touchpoints */
  idspace ids;        /* stages and touchpoints */
  idspace actor_ids;
  cx_names actor_names; /* index = actor index */
  size_t *actor_seen; /* per actor: 1 + the last task that listed it */
  size_t actor_cap;
  char *acc_title;
} rd;

/* Error at a byte offset of the normalised input. */
static cx_status fail_norm(const rd *r, cx_status st, size_t off,
                           const char *val, size_t vlen, const char *what) {
  uint64_t line = 1;
  size_t ls = 0;
  for (size_t q = 0; q < off && q < r->norm_len; q++)
    if (r->norm[q] == '\n')
      line++, ls = q + 1;
  return cx__error_at(st, r->name, line, (uint64_t)(off - ls) + 1, val, vlen,
                      "%s", what);
}

/* Error at a place in the lexer's text. */
static cx_status fail_at(const rd *r, cx_status st, const char *at,
                         const char *val, size_t vlen, const char *what) {
  size_t off = omap_back(&r->dmap, omap_back(&r->cmap, (size_t)(at - r->text)));
  return fail_norm(r, st, r->body + off, val, vlen, what);
}

/* Strict mode: text that Mermaid reads otherwise than its writer meant. */
static cx_status check_text(const rd *r, const char *p, const char *e) {
  if (r->lenient)
    return CX_OK;
  for (const char *q = p; q < e; q++) {
    if (q[0] == '%' && q + 1 < e && q[1] == '%')
      return fail_at(r, CX_EPARSE, q, q, (size_t)(e - q),
                     "'%%' inside a statement is text to Mermaid, not a "
                     "comment (a comment takes a line of its own)");
    size_t n = entity_at(q, e);
    if (n)
      return fail_at(r, CX_EPARSE, q, q, n,
                     "Mermaid reads '#...;' as an HTML entity code; write "
                     "the character itself");
  }
  return CX_OK;
}

static cx_status set_journey_text(rd *r, cx_journey_text f, const char *p,
                                  size_t len) {
  char *v = cx__strndup(p, len);
  if (!v)
    return cx__enomem();
  cx_status st = cx_journey_set_text(r->j, f, v);
  cx__free(v);
  return st;
}

static cx_status new_stage(rd *r, const char *name, size_t len) {
  char id[ID_MAX];
  char *copy = cx__strndup(name, len);
  if (!copy)
    return cx__enomem();
  cx_status st = ids_make(&r->ids, name, len, "stage", ++r->n_stages, id);
  if (st == CX_OK)
    st = cx__journey_stage_add_unchecked(r->j, id, copy, &r->cur_stage);
  cx__free(copy);
  return st;
}

/* JavaScript's Number() on trimmed text: decimal, 0x/0o/0b integers,
 * "Infinity"; NaN for anything else.  Empty text (0 to JavaScript) is NaN
 * here: a score left out is no score. */
static double js_number(const char *p, size_t len) {
  double v;
  if (len > 2 && p[0] == '0' && strchr("xXoObB", p[1])) {
    int base = (p[1] | 0x20) == 'x' ? 16 : (p[1] | 0x20) == 'o' ? 8 : 2;
    v = 0;
    for (size_t i = 2; i < len; i++) {
      int d = p[i] >= '0' && p[i] <= '9'   ? p[i] - '0'
              : (p[i] | 0x20) >= 'a' && (p[i] | 0x20) <= 'f'
                  ? (p[i] | 0x20) - 'a' + 10
                  : 99;
      if (d >= base)
        return NAN;
      v = v * base + d;
    }
    return v;
  }
  size_t s = len && (p[0] == '+' || p[0] == '-');
  if (len - s == 8 && memcmp(p + s, "Infinity", 8) == 0)
    return p[0] == '-' ? -INFINITY : INFINITY;
  return len && cx__parse_decimal(p, len, &v) ? v : NAN;
}

static cx_status read_score(rd *r, cx__jtp *tp, const char *s0,
                            const char *s1) {
  trim(&s0, &s1);
  size_t len = (size_t)(s1 - s0);
  double v;
  if (r->lenient) {
    v = js_number(s0, len);
    if (!isfinite(v))
      return CX_OK;
    r->lo = v < r->lo ? v : r->lo;
    r->hi = v > r->hi ? v : r->hi;
    return cx__jtp_set_number(tp, CX_TP_SCORE, v);
  }
  if (len == 0)
    return fail_at(r, CX_EPARSE, s0, NULL, 0, "missing score");
  if (!cx__parse_decimal(s0, len, &v))
    return fail_at(r, CX_EPARSE, s0, s0, len, "score is not a number");
  if (!(v >= r->smin && v <= r->smax)) {
    char msg[160];
    snprintf(msg, sizeof msg, "score outside the scale %g..%g", r->smin,
             r->smax);
    return fail_at(r, CX_ERANGE, s0, s0, len, msg);
  }
  return cx__jtp_set_number(tp, CX_TP_SCORE, v);
}

static cx_status add_actor(rd *r, cx__jtp *tp, const char *a, const char *ae) {
  size_t len = (size_t)(ae - a);
  size_t idx = cx__names_find(&r->actor_names, a, len);
  cx_status st;
  if (idx == SIZE_MAX) {
    char id[ID_MAX];
    char *nm = cx__strndup(a, len);
    if (!nm)
      return cx__enomem();
    st = ids_make(&r->actor_ids, a, len, "actor", r->actor_names.count + 1,
                  id);
    if (st == CX_OK)
      st = cx__journey_actor_add_unchecked(r->j, id, nm);
    cx__free(nm);
    if (st != CX_OK)
      return st;
    if (r->actor_names.count == r->actor_cap) {
      size_t cap = r->actor_cap ? 2 * r->actor_cap : 16;
      size_t *seen = cx__realloc(r->actor_seen, cap * sizeof *seen);
      if (!seen)
        return cx__enomem();
      r->actor_seen = seen, r->actor_cap = cap;
    }
    if ((idx = cx__names_add(&r->actor_names, a, len)) == SIZE_MAX)
      return cx__enomem();
    r->actor_seen[idx] = 0;
  }
  if (r->actor_seen[idx] == r->n_tasks) {
    if (r->lenient)
      return CX_OK;
    return fail_at(r, CX_EPARSE, a, a, len, "actor listed twice in one task");
  }
  r->actor_seen[idx] = r->n_tasks;
  return cx__jtp_list_add(tp, CX_TP_ACTORS, r->j->actor[idx].id);
}

/* A task: name [n0, n1), data [d, de) after its ':'. */
static cx_status task(rd *r, const char *n0, const char *n1, const char *d,
                      const char *de) {
  cx_status st;
  trim(&n0, &n1);
  if ((size_t)(n1 - n0) >= 3 && memcmp(n0, ZWSP, 3) == 0) {
    n0 += 3;
    trim(&n0, &n1);
  }
  if (n0 == n1 && !r->lenient)
    return fail_at(r, CX_EPARSE, n0, NULL, 0, "empty task name");
  if ((st = check_text(r, n0, n1)) != CX_OK ||
      (st = check_text(r, d, de)) != CX_OK)
    return st;
  if (r->n_tasks >= r->max_tasks) {
    char what[80];
    snprintf(what, sizeof what, "more than max_touchpoints (%zu) touchpoints",
             r->max_tasks);
    return fail_at(r, CX_ERANGE, n0, n0, (size_t)(n1 - n0), what);
  }
  if (r->cur_stage == SIZE_MAX && (st = new_stage(r, "Tasks", 5)) != CX_OK)
    return st;

  char id[ID_MAX];
  char *nm = cx__strndup(n0, (size_t)(n1 - n0));
  if (!nm)
    return cx__enomem();
  cx__jtp *tp = NULL;
  st = ids_make(&r->ids, n0, (size_t)(n1 - n0), "tp", ++r->n_tps, id);
  if (st == CX_OK)
    st = cx__journey_touchpoint_add_unchecked(r->j, r->cur_stage, id, nm, &tp);
  cx__free(nm);
  r->n_tasks++;
  const char *c1 = memchr(d, ':', (size_t)(de - d));
  if (st == CX_OK)
    st = read_score(r, tp, d, c1 ? c1 : de);
  if (st != CX_OK || !c1)
    return st;

  /* Actors: up to a third ':' (Mermaid ignores what follows it). */
  const char *c2 = memchr(c1 + 1, ':', (size_t)(de - c1 - 1));
  if (c2 && !r->lenient)
    return fail_at(r, CX_EPARSE, c2, c2, (size_t)(de - c2),
                   "unexpected ':' after the actors (Mermaid ignores the "
                   "rest of the line)");
  const char *ae = c2 ? c2 : de;
  for (const char *a = c1 + 1;;) {
    const char *comma = memchr(a, ',', (size_t)(ae - a));
    const char *x0 = a, *x1 = comma ? comma : ae;
    trim(&x0, &x1);
    if (x0 == x1) {
      if (!r->lenient)
        return fail_at(r, CX_EPARSE, x0, NULL, 0, "empty actor name");
    } else if ((st = add_actor(r, tp, x0, x1)) != CX_OK) {
      return st;
    }
    if (!comma)
      return CX_OK;
    a = comma + 1;
  }
}

/* Mermaid's accDescription clean-up: trim, then drop the space after each
 * line break (which also drops empty lines). */
static cx_status set_description(rd *r, const char *v0, const char *v1) {
  trim(&v0, &v1);
  char *v = cx__malloc((size_t)(v1 - v0) + 1);
  if (!v)
    return cx__enomem();
  size_t o = 0;
  for (const char *q = v0; q < v1;) {
    v[o++] = *q;
    if (*q++ == '\n')
      q = skip_space(q, v1);
  }
  v[o] = '\0';
  cx_status st = cx_journey_set_text(r->j, CX_JOURNEY_DESCRIPTION, v);
  cx__free(v);
  return st;
}

/* Keyword, optional spaces, then @p c: the position after c, or NULL. */
static const char *kw_then(const char *p, const char *end, const char *word,
                           char c) {
  if (!kw(p, end, word))
    return NULL;
  const char *q = skip_space(p + strlen(word), end);
  return q < end && *q == c ? q + 1 : NULL;
}

/* `title` or `section` followed by one space character and at least one
 * character of text: the text, else NULL. */
static const char *kw_text(const char *p, const char *end, const char *word,
                           const char *stops, const char **te) {
  if (!kw(p, end, word))
    return NULL;
  const char *q = p + strlen(word);
  size_t n = space_at(q, end);
  if (!n)
    return NULL;
  *te = run_end(q + n, end, stops);
  return *te > q + n ? q + n : NULL;
}

/* One token of Mermaid's lexer at r->p, with its statement. */
static cx_status token(rd *r) {
  const char *p = r->p, *end = r->end, *q, *e;
  uint32_t c;
  size_t n = u8_next(p, (size_t)(end - p), &c);
  cx_status st;
  if ((*p == '%' && !(p + 1 < end && p[1] == '{')) ||
      (*p != '}' && n <= 3 && end - p > (ptrdiff_t)n + 1 && p[n] == '%' &&
       p[n + 1] == '%')) {
    r->p = eol(p + n, end); /* comment */
    return CX_OK;
  }
  if (js_space(c)) {
    r->p = skip_space(p, end);
    return CX_OK;
  }
  if (*p == '#' && !entity_at(p, end)) {
    r->p = eol(p, end);
    return CX_OK;
  }
  if (kw(p, end, "journey") && !is_word(p + 7, end))
    return fail_at(r, CX_EPARSE, p, p, 7,
                   "'journey' may appear only once, at the start");
  if ((q = kw_text(p, end, "title", "#\n;", &e)) != NULL) {
    r->p = e;
    trim(&q, &e);
    if ((st = check_text(r, q, e)) != CX_OK)
      return st;
    return set_journey_text(r, CX_JOURNEY_TITLE, q, (size_t)(e - q));
  }
  if ((q = kw_then(p, end, "acctitle", ':')) != NULL ||
      (q = kw_then(p, end, "accdescr", ':')) != NULL) {
    bool title = (p[3] | 0x20) == 't';
    q = skip_space(q, end);
    e = eol(q, end);
    r->p = e;
    trim(&q, &e);
    if ((st = check_text(r, q, e)) != CX_OK)
      return st;
    if (!title)
      return set_description(r, q, e);
    cx__free(r->acc_title);
    r->acc_title = cx__strndup(q, (size_t)(e - q));
    return r->acc_title ? CX_OK : cx__enomem();
  }
  if ((q = kw_then(p, end, "accdescr", '{')) != NULL) {
    e = memchr(q, '}', (size_t)(end - q));
    if (!e)
      return fail_at(r, CX_EPARSE, q - 1, "{", 1,
                     "accDescr block is not closed with '}'");
    r->p = e + 1;
    if ((st = check_text(r, q, e)) != CX_OK)
      return st;
    const char *v0 = q, *v1 = e;
    trim(&v0, &v1);
    /* An empty block gives Mermaid no value: the description stays. */
    return v0 == v1 ? CX_OK : set_description(r, v0, v1);
  }
  if ((q = kw_text(p, end, "section", "#:\n;", &e)) != NULL) {
    r->p = e;
    trim(&q, &e);
    if (q == e && !r->lenient)
      return fail_at(r, CX_EPARSE, p, p, (size_t)(r->p - p),
                     "section without a name");
    if ((st = check_text(r, q, e)) != CX_OK)
      return st;
    return new_stage(r, q, (size_t)(e - q));
  }
  if (*p == ';')
    return fail_at(r, CX_EPARSE, p, p, 1,
                   "';' is not allowed here in a Mermaid journey");
  if (*p == ':')
    return fail_at(r, CX_EPARSE, p, p, (size_t)(eol(p, end) - p),
                   "':' without a task name before it (a section name "
                   "cannot hold ':')");
  /* A task name, then at once ':' and the task's data. */
  q = run_end(p, end, "#:\n;");
  if (q == end || *q != ':' ||
      (end - q > 2 && q[1] == '%' && q[2] == '%'))
    return fail_at(r, CX_EPARSE, q, p, (size_t)(q - p),
                   "expected a statement (title, section, accTitle, "
                   "accDescr) or a task 'name: score'; no ':' after this");
  e = run_end(q + 1, end, "#\n;");
  if (e == q + 1)
    return fail_at(r, CX_EPARSE, q + 1, NULL, 0, "missing score after ':'");
  r->p = e;
  return task(r, p, q, q + 1, e);
}

/* Unquote a front-matter value [v0, v1), trimmed: '...' with '' for a
 * quote, "..." with backslash escapes of quote and backslash, else plain
 * text up to a " #" comment. */
static char *yaml_value(const char *v0, const char *v1) {
  char *s = cx__malloc((size_t)(v1 - v0) + 1);
  if (!s)
    return NULL;
  size_t o = 0;
  if (v1 > v0 && (*v0 == '"' || *v0 == '\'')) {
    char qc = *v0;
    for (const char *q = v0 + 1; q < v1; q++) {
      if (*q == qc && qc == '\'' && q + 1 < v1 && q[1] == '\'') {
        s[o++] = *q++;
        continue;
      }
      if (*q == qc)
        break;
      if (qc == '"' && *q == '\\' && q + 1 < v1)
        q++;
      s[o++] = *q;
    }
  } else {
    for (const char *q = v0; q < v1; q++) {
      if (*q == '#' && q > v0 && (q[-1] == ' ' || q[-1] == '\t'))
        break;
      s[o++] = *q;
    }
    while (o && (s[o - 1] == ' ' || s[o - 1] == '\t'))
      o--;
    s[o] = '\0';
    double z;
    if (strcmp(s, "null") == 0 || strcmp(s, "false") == 0 ||
        (cx__parse_decimal(s, o, &z) && z == 0))
      o = 0; /* YAML values that Mermaid takes for "no title" */
  }
  s[o] = '\0';
  return s;
}

/* A line "---" after the line end at q, with only space and at least one
 * line end after it. */
static bool closes_front_matter(const char *q, const char *end) {
  if (end - q < 4 || memcmp(q + 1, "---", 3) != 0)
    return false;
  const char *s = skip_space(q + 4, end);
  return memchr(q + 4, '\n', (size_t)(s - q - 4)) != NULL;
}

/* Front matter at the start of the normalised text (Mermaid's
 * frontMatterRegex, /^---\s*\n(.*?)\n---\s*\n+/s); its title, if any. */
static cx_status front_matter(rd *r, char **title) {
  const char *t = r->norm, *end = t + r->norm_len;
  if (r->norm_len < 3 || memcmp(t, "---", 3) != 0)
    return CX_OK;
  const char *w = skip_space(t + 3, end);
  const char *first = memchr(t + 3, '\n', (size_t)(w - t - 3)), *last = NULL;
  if (!first)
    return CX_OK;
  for (const char *q = first; q < w; q++)
    if (*q == '\n')
      last = q;
  /* Lazy content after the last line end of that space; only when no
   * later line closes it may the closing line follow at once. */
  const char *close = NULL, *c0 = last + 1;
  for (const char *q = memchr(c0, '\n', (size_t)(end - c0)); q && !close;
       q = q + 1 < end ? memchr(q + 1, '\n', (size_t)(end - q - 1)) : NULL)
    if (closes_front_matter(q, end))
      close = q;
  if (!close && last != first && closes_front_matter(last, end))
    close = c0 = last;
  if (!close)
    return fail_norm(r, CX_EPARSE, 0, "---", 3,
                     "front matter is not closed by a '---' line (and a "
                     "line end after it)");
  for (const char *ln = c0; ln < close;) {
    const char *le = eol(ln, close);
    if (le - ln >= 5 && memcmp(ln, "title", 5) == 0) {
      const char *c = ln + 5;
      while (c < le && (*c == ' ' || *c == '\t'))
        c++;
      if (c < le && *c == ':' && (c + 1 == le || c[1] == ' ' || c[1] == '\t')) {
        if (*title)
          return fail_norm(r, CX_EPARSE, (size_t)(ln - t), ln,
                           (size_t)(le - ln), "front matter: title given twice");
        const char *v0 = c + 1, *v1 = le;
        trim(&v0, &v1);
        if (!(*title = yaml_value(v0, v1)))
          return cx__enomem();
      }
    }
    ln = le + 1;
  }
  r->body = (size_t)(close + 4 - t);
  return CX_OK;
}

/* Length of a directive at t[i] as Mermaid's directiveRegex matches it:
 * %%{ \s* (\w+ \s* : | \w+) \s* (\w+ | anything up to }%%)? \s* (}%%)? */
static size_t directive_at(const char *t, size_t i, size_t n) {
  const char *p = t + i, *end = t + n;
  if (n - i < 3 || memcmp(p, "%%{", 3) != 0)
    return 0;
  const char *q = skip_space(p + 3, end);
  if (!is_word(q, end))
    return 0;
  while (is_word(q, end))
    q++;
  const char *c = skip_space(q, end);
  if (c < end && *c == ':')
    q = c + 1;
  q = skip_space(q, end);
  if (is_word(q, end)) {
    while (is_word(q, end))
      q++;
  } else {
    while (q < end && !(end - q >= 3 && memcmp(q, "}%%", 3) == 0) &&
           !(end - q >= 3 && memcmp(q, "\xE2\x80\xA8", 3) == 0) &&
           !(end - q >= 3 && memcmp(q, "\xE2\x80\xA9", 3) == 0))
      q++;
  }
  q = skip_space(q, end);
  if (end - q >= 3 && memcmp(q, "}%%", 3) == 0)
    q += 3;
  return (size_t)(q - p);
}

/* Length of a comment line at line start t[i] (Mermaid's cleanupComments:
 * /^\s*%%(?!{)[^\n]+\n?/m), or 0. */
static size_t comment_line_at(const char *t, size_t i, size_t n) {
  bool start = i == 0 || t[i - 1] == '\n' ||
               (i >= 3 && (memcmp(t + i - 3, "\xE2\x80\xA8", 3) == 0 ||
                           memcmp(t + i - 3, "\xE2\x80\xA9", 3) == 0));
  if (!start)
    return 0;
  const char *p = t + i, *end = t + n, *q = skip_space(p, end);
  if (end - q < 3 || q[0] != '%' || q[1] != '%' || q[2] == '{' ||
      q[2] == '\n')
    return 0;
  q = eol(q, end);
  return (size_t)((q < end ? q + 1 : q) - p);
}

/* Copy in[0..n) into *out without what @p at matches; map the removals. */
static cx_status strip(const char *in, size_t n,
                       size_t (*at)(const char *, size_t, size_t), omap *m,
                       char **out, size_t *out_len) {
  char *buf = cx__malloc(n + 1);
  if (!buf)
    return cx__enomem();
  size_t o = 0;
  for (size_t i = 0; i < n;) {
    size_t k = in[i] == '%' || in[i] == ' ' || in[i] == '\t' ||
                       in[i] == '\n' || (unsigned char)in[i] >= 0x80 ||
                       (in[i] >= 0x0B && in[i] <= 0x0D)
                   ? at(in, i, n)
                   : 0;
    if (k) {
      omap_add(m, o, k);
      i += k;
    } else {
      buf[o++] = in[i++];
    }
  }
  buf[o] = '\0';
  if (m->failed) {
    cx__free(buf);
    return cx__enomem();
  }
  *out = buf;
  *out_len = o;
  return CX_OK;
}

static cx_status parse(rd *r) {
  char *fm_title = NULL;
  cx_status st = front_matter(r, &fm_title);
  if (st == CX_OK && fm_title && fm_title[0])
    st = cx_journey_set_text(r->j, CX_JOURNEY_TITLE, fm_title);
  cx__free(fm_title);
  if (st != CX_OK)
    return st;
  char *d = NULL;
  size_t dlen = 0, tlen = 0;
  st = strip(r->norm + r->body, r->norm_len - r->body, directive_at, &r->dmap,
             &d, &dlen);
  if (st == CX_OK)
    st = strip(d, dlen, comment_line_at, &r->cmap, &r->text, &tlen);
  cx__free(d);
  if (st != CX_OK)
    return st;
  r->end = r->text + tlen;
  r->p = skip_space(r->text, r->end);
  const char *p = r->p, *end = r->end;
  if (!kw(p, end, "journey") || is_word(p + 7, end)) {
    const char *e = eol(p, end);
    return fail_at(r, CX_EPARSE, p, p, (size_t)(e - p),
                   "expected 'journey' first");
  }
  if (!r->lenient && memcmp(p, "journey", 7) != 0)
    return fail_at(r, CX_EPARSE, p, p, 7,
                   "Mermaid recognises only 'journey' in lowercase");
  r->p += 7;
  while (r->p < r->end)
    if ((st = token(r)) != CX_OK)
      return st;
  if (r->acc_title) {
    json_t *o = json_pack("{s:s}", "accTitle", r->acc_title);
    char *txt = o ? json_dumps(o, JSON_COMPACT) : NULL;
    json_decref(o);
    if (!txt)
      return cx__enomem();
    st = cx__journey_set_extra(r->j, CX_JOURNEY_ELEMENT_JOURNEY, NULL, txt);
    free(txt);
    if (st != CX_OK)
      return st;
  }
  if (r->lenient)
    return cx_journey_set_scale(r->j, r->lo < r->smin ? r->lo : r->smin,
                                r->neutral, r->hi > r->smax ? r->hi : r->smax);
  return CX_OK;
}

/* Copy the input without its BOM and with LF line ends (lines and columns
 * stay those of the input), then check its UTF-8. */
static cx_status normalise(rd *r, const char *text, size_t len) {
  size_t i = 0, o = 0;
  if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
    i = 3;
  char *buf = cx__malloc(len - i + 1);
  if (!buf)
    return cx__enomem();
  for (; i < len; i++) {
    if (text[i] == '\r') {
      buf[o++] = '\n';
      if (i + 1 < len && text[i + 1] == '\n')
        i++;
    } else {
      buf[o++] = text[i];
    }
  }
  buf[o] = '\0';
  r->norm = buf;
  r->norm_len = o;
  for (size_t k = 0; k < o;) {
    uint32_t c;
    size_t n = u8_next(buf + k, o - k, &c);
    if (n == 0 || c == 0)
      return fail_norm(r, CX_EPARSE, k, buf + k, 1,
                       n ? "NUL byte in the text" : "invalid UTF-8");
    k += n;
  }
  return CX_OK;
}

static cx_status check_options(const cx_mermaid_options *o) {
  if (o->version != CX_MERMAID_OPTIONS_VERSION)
    return cx__error(CX_EINVAL, "cx_mermaid_options version %u is not %u",
                     o->version, CX_MERMAID_OPTIONS_VERSION);
  if (!isfinite(o->scale_min) || !isfinite(o->scale_max) ||
      !isfinite(o->scale_neutral) || !(o->scale_min <= o->scale_neutral) ||
      !(o->scale_neutral < o->scale_max))
    return cx__error(CX_EINVAL, "Mermaid options: the scale must be finite "
                     "with min <= neutral < max (got %g, %g, %g)",
                     o->scale_min, o->scale_neutral, o->scale_max);
  return CX_OK;
}

CX_API cx_status cx_journey_from_mermaid(cx_journey **out, const char *text,
                                         size_t len, const char *name,
                                         const cx_mermaid_options *options) {
  cx_mermaid_options def = CX_MERMAID_OPTIONS_INIT;
  const cx_mermaid_options *o = options ? options : &def;
  if (!out || (!text && len))
    return cx__error(CX_EINVAL, "cx_journey_from_mermaid: NULL argument");
  cx_status st = check_options(o);
  if (st != CX_OK)
    return st;
  name = name ? name : "<buffer>";
  if (len > o->max_bytes)
    return cx__error_at(CX_ERANGE, name, 0, 0, NULL, 0,
                        "input of %zu bytes is over the limit of %zu bytes "
                        "(max_bytes)", len, o->max_bytes);
  rd r;
  memset(&r, 0, sizeof r);
  r.name = name;
  r.lenient = o->lenient != 0;
  r.max_tasks = o->max_touchpoints;
  r.smin = o->scale_min, r.smax = o->scale_max, r.neutral = o->scale_neutral;
  r.lo = INFINITY, r.hi = -INFINITY;
  r.cur_stage = SIZE_MAX;
  ids_init(&r.ids);
  ids_init(&r.actor_ids);
  cx__names_init(&r.actor_names);
  st = normalise(&r, text ? text : "", len);
  if (st == CX_OK)
    st = cx_journey_new(&r.j, NULL);
  if (st == CX_OK)
    st = cx_journey_set_scale(r.j, r.smin, r.neutral, r.smax);
  if (st == CX_OK)
    st = parse(&r);
  cx__free(r.norm);
  cx__free(r.text);
  cx__free(r.dmap.at), cx__free(r.dmap.sum);
  cx__free(r.cmap.at), cx__free(r.cmap.sum);
  cx__free(r.acc_title);
  cx__free(r.actor_seen);
  ids_free(&r.ids);
  ids_free(&r.actor_ids);
  cx__names_free(&r.actor_names);
  if (st != CX_OK) {
    cx_journey_free(r.j);
    return st;
  }
  cx__jindex_rebuild(r.j);
  *out = r.j;
  return CX_OK;
}

CX_API cx_status cx_journey_read_mermaid(cx_journey **out, const char *path,
                                         const cx_mermaid_options *options) {
  cx_mermaid_options def = CX_MERMAID_OPTIONS_INIT;
  const cx_mermaid_options *o = options ? options : &def;
  if (!out || !path)
    return cx__error(CX_EINVAL, "cx_journey_read_mermaid: NULL argument");
  cx_status st = check_options(o);
  if (st != CX_OK)
    return st;
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
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
    if (b.len + n > o->max_bytes) {
      st = cx__error_at(CX_ERANGE, name, 0, 0, NULL, 0,
                        "input is over the limit of %zu bytes (max_bytes)",
                        o->max_bytes);
      break;
    }
    cx__buf_put(&b, chunk, n);
  }
  if (st == CX_OK && ferror(f))
    st = cx__error_at(CX_EIO, name, 0, 0, NULL, 0, "read error: %s",
                      cx__strerror(errno));
  if (!is_stdin)
    fclose(f);
  if (st == CX_OK && b.failed)
    st = cx__enomem();
  if (st == CX_OK)
    st = cx_journey_from_mermaid(out, b.data ? b.data : "", b.len, name, o);
  cx__buf_free(&b);
  return st;
}

/* ---- the writer ----------------------------------------------------------- */

enum {
  CLEAN_NAME = 1,  /* section name: ':', '#', ';' are syntax */
  CLEAN_TASK = 2,  /* task name: also keyword starts */
  CLEAN_ACTOR = 4, /* actor: also ',' */
  CLEAN_TITLE = 8, /* title: '#' and ';' are syntax, ':' is text */
  CLEAN_LINE = 16, /* accTitle, accDescr: only entities and '%%' matter */
  CLEAN_BLOCK = 32 /* accDescr block: keeps line breaks; '}' matters */
};

/* Does a task name (cleaned) start with what Mermaid's lexer would take
 * for something else than a task name? */
static bool needs_escape(const char *d, size_t w) {
  const char *e = d + w;
  return d[0] == '%' || (w >= 3 && memcmp(d, ZWSP, 3) == 0) ||
         (kw(d, e, "journey") && !is_word(d + 7, e)) ||
         (kw(d, e, "title") && space_at(d + 5, e)) ||
         (kw(d, e, "section") && space_at(d + 7, e)) ||
         kw_then(d, e, "accdescr", '{') != NULL ||
         /* "accTitle" or "accDescr" alone, before the task's ':' */
         ((kw(d, e, "acctitle") || kw(d, e, "accdescr")) &&
          skip_space(d + 8, e) == e);
}

/* Append text cleaned for one place of a Mermaid journey (the rules are
 * listed above cx_journey_to_mermaid()).  Returns the bytes of text
 * written (0 when the text cleans to nothing). */
static size_t put_clean(cx_buf *b, const char *s, unsigned how) {
  cx_buf t;
  cx__buf_init(&t);
  size_t len = strlen(s);
  bool syntax = !(how & (CLEAN_LINE | CLEAN_BLOCK));
  for (size_t i = 0; i < len;) {
    uint32_t c;
    size_t n = u8_next(s + i, len - i, &c);
    if (n == 0) {
      cx__buf_puts(&t, "\xEF\xBF\xBD");
      i++;
      continue;
    }
    if ((c == '\n' || c == '\r') && (how & CLEAN_BLOCK)) {
      /* Mermaid drops the space after a line break, and so empty lines;
       * continuation lines are indented for the reader's eye only. */
      while (t.len && t.data[t.len - 1] == ' ')
        t.len--;
      if (t.len && t.data[t.len - 1] != '\n')
        cx__buf_puts(&t, "\n    ");
      for (i += n; i < len; i++) {
        size_t m = space_at(s + i, s + len);
        if (m)
          i += m - 1;
        else if (!((unsigned char)s[i] < 0x20 || s[i] == 0x7F))
          break;
      }
      continue;
    }
    if ((c < 0x20 && c != '\t') || c == 0x7F || c == 0x2028 || c == 0x2029)
      cx__buf_put(&t, " ", 1);
    else if (c == ':' && syntax && !(how & CLEAN_TITLE))
      cx__buf_puts(&t, "\xEF\xBC\x9A"); /* U+FF1A fullwidth colon */
    else if (c == ';' && syntax)
      cx__buf_puts(&t, "\xEF\xBC\x9B"); /* U+FF1B fullwidth semicolon */
    else if (c == '#' && (syntax || entity_at(s + i, s + len)))
      cx__buf_puts(&t, "\xEF\xBC\x83"); /* U+FF03 fullwidth number sign */
    else if (c == ',' && (how & CLEAN_ACTOR))
      cx__buf_puts(&t, "\xEF\xBC\x8C"); /* U+FF0C fullwidth comma */
    else if (c == '}' && (how & CLEAN_BLOCK))
      cx__buf_puts(&t, "\xEF\xBD\x9D"); /* U+FF5D fullwidth right brace */
    else if (c == '%' && t.len && t.data[t.len - 1] == '%')
      cx__buf_puts(&t, ZWSP "%");
    else
      cx__buf_put(&t, s + i, n);
    i += n;
  }
  const char *d = t.data ? t.data : "", *e = d + t.len;
  trim(&d, &e);
  size_t w = (size_t)(e - d);
  if (w && (how & CLEAN_TASK) && needs_escape(d, w))
    cx__buf_puts(b, ZWSP);
  if (t.failed)
    b->failed = true;
  else
    cx__buf_put(b, d, w);
  cx__buf_free(&t);
  return w;
}

/* Shortest decimal text that reads back as exactly v. */
static void put_number(cx_buf *b, double v) {
  char s[40];
  double back = NAN;
  for (int prec = 1; prec <= 17; prec++) {
    if (v == floor(v) && fabs(v) < 1e15)
      snprintf(s, sizeof s, "%.0f", v); /* "10", not "1e+01" */
    else
      snprintf(s, sizeof s, "%.*g", prec, v);
    for (char *q = s; *q; q++)
      if (!strchr("0123456789eE+-", *q))
        *q = '.'; /* whatever LC_NUMERIC says */
    if (cx__parse_decimal(s, strlen(s), &back) && back == v)
      break;
  }
  cx__buf_puts(b, s);
}

static const char *actor_name(const cx_journey *j, const char *id) {
  for (size_t i = 0; i < j->n_actors; i++)
    if (strcmp(j->actor[i].id, id) == 0)
      return j->actor[i].name && j->actor[i].name[0] ? j->actor[i].name : id;
  return id;
}

/* accTitle kept by the reader in the journey's reader data. */
static char *acc_title_of(const cx_journey *j) {
  if (!j->extra)
    return NULL;
  json_t *o = json_loads(j->extra, 0, NULL);
  json_t *v = json_object_get(o, "accTitle");
  char *s = json_is_string(v) ? cx__strdup(json_string_value(v)) : NULL;
  json_decref(o);
  return s;
}

/* A statement "<prefix><cleaned text>\n", or nothing when the text cleans
 * to nothing. */
static void put_statement(cx_buf *b, const char *prefix, const char *text,
                          unsigned how, const char *suffix) {
  size_t mark = b->len;
  cx__buf_puts(b, prefix);
  if (put_clean(b, text, how) == 0 && !b->failed) {
    b->len = mark;
    b->data[mark] = '\0';
  } else
    cx__buf_puts(b, suffix);
}

/* Actors of one task by cleaned name, each once. */
static void put_actors(cx_buf *b, const cx_journey *j, const cx__jtp *tp) {
  const cx__strlist *al = &tp->list[CX_TP_ACTORS];
  cx_names seen;
  cx__names_init(&seen);
  for (size_t k = 0; k < al->count && !b->failed; k++) {
    size_t mark = b->len;
    cx__buf_puts(b, seen.count ? ", " : ": ");
    size_t start = b->len;
    size_t w = put_clean(b, actor_name(j, al->item[k]), CLEAN_ACTOR);
    if (b->failed)
      break;
    if (w == 0 || cx__names_find(&seen, b->data + start, w) != SIZE_MAX) {
      b->len = mark;
      b->data[mark] = '\0';
    } else if (cx__names_add(&seen, b->data + start, w) == SIZE_MAX) {
      b->failed = true;
    }
  }
  cx__names_free(&seen);
}

/*
 * Writing: "journey", then "title", "accTitle" (from the reader data) and
 * "accDescr" (the description; a block "accDescr { }" when it has line
 * breaks), then "section <name>" per stage and
 * "<name>: <score>: <actor>, <actor>" per touchpoint with actor names.
 * Text is cleaned so that Mermaid reads back the same words:
 * - line breaks, tabs and other control characters become spaces (the
 *   accDescr block keeps line breaks, without space after them and
 *   without empty lines, as Mermaid would read them); text is trimmed;
 * - in names and actors ':' becomes U+FF1A, ';' U+FF1B and '#' U+FF03
 *   (their full-width forms); the title keeps ':'; in actors ',' becomes
 *   U+FF0C; in accTitle and accDescr only a '#' that starts "#word;" (an
 *   entity code to Mermaid) changes; in the accDescr block '}' becomes
 *   U+FF5D; "%%" gets a U+200B between its two '%' everywhere, so it never
 *   reads as a comment or a directive;
 * - a task name that Mermaid would read as a keyword ("journey",
 *   "title ...", "section ...", "accDescr {", "accTitle" or "accDescr"
 *   before the ':') or a comment ('%'), or that
 *   starts with U+200B, gets a leading U+200B (invisible; the reader drops
 *   one again);
 * - an empty stage or touchpoint name is replaced by the element's id; an
 *   actor whose name cleans to nothing, or to the name of an actor already
 *   on the line, is left out.
 * Numbers are written in the shortest form that reads back exactly.  A
 * touchpoint without a score (or with an infinite one) is written with the
 * journey's neutral point, since Mermaid needs a score.
 */
CX_API cx_status cx_journey_to_mermaid(const cx_journey *journey, char **out,
                                       size_t *len) {
  if (!journey || !out)
    return cx__error(CX_EINVAL, "cx_journey_to_mermaid: NULL argument");
  const cx_journey *j = journey;
  cx_buf b;
  cx__buf_init(&b);
  cx__buf_puts(&b, "journey\n");
  if (j->title)
    put_statement(&b, "  title ", j->title, CLEAN_TITLE, "\n");
  char *acc = acc_title_of(j);
  if (acc)
    put_statement(&b, "  accTitle: ", acc, CLEAN_LINE, "\n");
  cx__free(acc);
  if (j->description) {
    cx_buf t;
    cx__buf_init(&t);
    put_clean(&t, j->description, CLEAN_BLOCK);
    if (t.failed)
      b.failed = true;
    else if (t.len && memchr(t.data, '\n', t.len))
      put_statement(&b, "  accDescr {\n    ", j->description, CLEAN_BLOCK,
                    "\n  }\n");
    else if (t.len)
      put_statement(&b, "  accDescr: ", j->description, CLEAN_LINE, "\n");
    cx__buf_free(&t);
  }
  double neutral = isfinite(j->neutral) ? j->neutral : 3.0;
  for (size_t si = 0; si < j->n_stages; si++) {
    const cx__jstage *s = j->stage[si];
    cx__buf_puts(&b, "  section ");
    if (!put_clean(&b, s->name ? s->name : "", CLEAN_NAME) &&
        !put_clean(&b, s->id, CLEAN_NAME))
      cx__buf_printf(&b, "Stage %zu", si + 1);
    cx__buf_puts(&b, "\n");
    for (size_t ti = 0; ti < s->n_tp; ti++) {
      const cx__jtp *tp = s->tp[ti];
      double v = tp->num[CX_TP_SCORE];
      cx__buf_puts(&b, "    ");
      if (!put_clean(&b, tp->text[CX_TP_NAME], CLEAN_TASK) &&
          !put_clean(&b, tp->id, CLEAN_TASK))
        cx__buf_printf(&b, "Touchpoint %zu", ti + 1);
      cx__buf_puts(&b, ": ");
      put_number(&b, isfinite(v) ? v : neutral);
      put_actors(&b, j, tp);
      cx__buf_puts(&b, "\n");
    }
  }
  if (b.failed) {
    cx__buf_free(&b);
    return cx__enomem();
  }
  *out = cx__buf_take(&b, len);
  return *out ? CX_OK : cx__enomem();
}
