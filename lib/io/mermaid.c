/*
 * Mermaid `journey` diagrams: import into a cx_journey and export from one.
 *
 * The reader follows the lexer of Mermaid's journey grammar (checked
 * against mermaid 11.12) rather than a tidier line grammar, so that what
 * Mermaid draws and what libcx loads agree:
 *
 * - Before lexing, Mermaid removes front matter (`---` lines at the very
 *   top; only its top-level `title:` is used here), `%%{...}%%` directives
 *   and whole-line `%%` comments.  A `%` (or any character followed by
 *   `%%`) where a statement starts, and a `#` anywhere outside a task's
 *   data, start a comment that runs to the end of the line.  A `%%` later
 *   in a line is ordinary text to Mermaid; strict mode reports it, because
 *   it is almost always a comment that Mermaid would have shown as text.
 * - Statements: `journey` (first, once), `title <text>`, `section <name>`
 *   (no `:`), `accTitle: <text>`, `accDescr: <text>`, `accDescr { ... }`,
 *   and tasks `<name>: <score>[: <actor>, <actor>...]`.  Keywords ignore
 *   case.  Names end at `:`, `#`, `;` or the line end and are trimmed; a
 *   `;` anywhere but inside accTitle/accDescr is rejected, as Mermaid does.
 *   A single U+200B at the start of a task name is dropped: the writer
 *   below puts it there to keep names such as "Title page" from reading as
 *   keywords.
 * - Scores: Mermaid reads the text before the second `:` with JavaScript's
 *   Number(), so it takes any number and turns other text into NaN.
 *   Strict mode (the default) wants a decimal number inside the declared
 *   scale.  Lenient mode stores any finite decimal number and widens the
 *   journey's scale (min and max only; the neutral point stays) so that it
 *   holds every score; a score that is empty, not a decimal number (hex,
 *   words) or not finite is stored as "no score".  Text after a third `:`
 *   (ignored by Mermaid) and empty or repeated actor names (kept by
 *   Mermaid) are errors in strict mode and skipped in lenient mode.
 * - Tasks before the first section go into a stage with id "tasks" and
 *   name "Tasks" (Mermaid draws them under an unnamed section; an empty
 *   name would fail cx_journey_validate()).
 * - Ids: stages and touchpoints share one namespace, actors have their
 *   own.  An id is the name in lowercase ASCII with every run of other
 *   ASCII characters turned into one '-' (no '-' at either end); non-ASCII
 *   letters are kept as they are, non-ASCII spaces and punctuation act
 *   like ASCII punctuation; at most 64 bytes.  A name that leaves nothing
 *   gives "stage-N", "tp-N" or "actor-N" (N counts that kind from 1).  A
 *   taken id gets "-2", "-3"... so ids depend only on the names in order.
 * - The title is the last `title` statement, else the front matter's.
 *   accDescr becomes the journey's description; accTitle is kept in the
 *   journey's reader data as the JSON object {"accTitle": "..."} (the JSON
 *   writer then keeps it as a member, and the Mermaid writer writes it
 *   back).
 * - Lines end in LF, CRLF or CR; a UTF-8 byte-order mark is skipped and not
 *   counted in columns; columns count bytes from 1.  Invalid UTF-8 and NUL
 *   bytes are errors with their place.
 *
 * The writer's rules are in the comment above cx_journey_to_mermaid().
 */
#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include <cx/io.h>

#include "internal.h"
#include "journey_internal.h"

#define ZWSP "\xE2\x80\x8B" /* U+200B, the writer's keyword escape */
enum { SLUG_MAX = 64 };

/* ---- UTF-8 and character classes ----------------------------------------- */

/* Length of the valid UTF-8 sequence at s (1..4) with its code point, or 0
 * when the bytes there are not valid UTF-8. */
static size_t u8_next(const unsigned char *s, size_t n, uint32_t *cp) {
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

/* JavaScript's \s, which is what Mermaid's lexer skips and trims. */
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
  size_t n = u8_next((const unsigned char *)p, (size_t)(end - p), &c);
  return n && js_space(c) ? n : 0;
}

static void trim(const char **p, const char **e) {
  size_t n;
  while ((n = space_at(*p, *e)) != 0)
    *p += n;
  while (*e > *p) {
    const char *q = *e - 1;
    while (q > *p && ((unsigned char)*q & 0xC0) == 0x80)
      q--;
    if (!space_at(q, *e))
      break;
    *e = q;
  }
}

/* Non-ASCII characters that separate words in an id like ASCII
 * punctuation: Latin-1 signs, general and CJK punctuation, variation
 * selectors, and the spaces. */
static bool u_separator(uint32_t c) {
  return js_space(c) || (c >= 0x80 && c <= 0xBF) || c == 0xD7 || c == 0xF7 ||
         (c >= 0x2000 && c <= 0x206F) || (c >= 0x3000 && c <= 0x303F) ||
         (c >= 0xFE00 && c <= 0xFE0F) || (c >= 0xFF01 && c <= 0xFF0F);
}

/* ---- ids ----------------------------------------------------------------- */

/* Write the slug of name[0..len) into out (SLUG_MAX + 1 bytes). */
static void slugify(const char *name, size_t len, char *out) {
  size_t o = 0, i = 0;
  bool dash = false;
  while (i < len) {
    uint32_t c;
    size_t n = u8_next((const unsigned char *)name + i, len - i, &c);
    if (n == 0)
      n = 1, c = '-';
    bool keep = (c < 0x80 && ((c >= 'a' && c <= 'z') || (c >= 'A' &&
                 c <= 'Z') || (c >= '0' && c <= '9'))) ||
                (c >= 0x80 && !u_separator(c));
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
    if (c < 0x80)
      out[o++] = (char)(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
    else
      memcpy(out + o, name + i, n), o += n;
    i += n;
  }
  out[o] = '\0';
}

/* A unique id for a name: its slug, or fallback-N, with -2, -3... while
 * taken.  The id is recorded in @p taken and copied to out. */
static cx_status unique_id(cx_names *taken, const char *name, size_t len,
                           const char *fallback, size_t ordinal,
                           char out[SLUG_MAX + 32]) {
  char base[SLUG_MAX + 1];
  slugify(name, len, base);
  if (base[0] == '\0')
    snprintf(base, sizeof base, "%s-%zu", fallback, ordinal);
  snprintf(out, SLUG_MAX + 32, "%s", base);
  for (size_t k = 2; cx__names_find(taken, out, strlen(out)) != SIZE_MAX; k++)
    snprintf(out, SLUG_MAX + 32, "%s-%zu", base, k);
  if (cx__names_add(taken, out, strlen(out)) == SIZE_MAX)
    return cx__enomem();
  return CX_OK;
}

/* ---- the reader ----------------------------------------------------------- */

typedef struct rd {
  const char *name;     /* input name for messages */
  const char *text;     /* normalised text: no BOM, LF line ends */
  const char *end;
  const char *p;        /* lexer position */
  bool lenient;
  double smin, smax, neutral; /* declared scale */
  double lo, hi;        /* scores seen (lenient widening) */
  cx_journey *j;
  size_t cur_stage;     /* SIZE_MAX before the first stage */
  size_t n_stages, n_tps;
  cx_names ids;         /* stage and touchpoint ids */
  cx_names actor_names; /* index = actor index */
  cx_names actor_ids;
  char *acc_title;
} rd;

/* Error at a place in the normalised text. */
static cx_status fail_at(const rd *r, cx_status st, const char *at,
                         const char *val, size_t vlen, const char *what) {
  uint64_t line = 1;
  const char *ls = r->text;
  for (const char *q = r->text; q < at; q++)
    if (*q == '\n')
      line++, ls = q + 1;
  return cx__error_at(st, r->name, line, (uint64_t)(at - ls) + 1, val, vlen,
                      "%s", what);
}

static const char *eol(const char *p, const char *end) {
  const char *q = memchr(p, '\n', (size_t)(end - p));
  return q ? q : end;
}

/* Case-insensitive keyword at p. */
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

static bool word_char(const char *p, const char *end) {
  return p < end && ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                     (*p >= '0' && *p <= '9') || *p == '_');
}

/* Skip spaces (not line ends) from p. */
static const char *skip_blank(const char *p, const char *end) {
  size_t n;
  while (p < end && *p != '\n' && (n = space_at(p, end)) != 0)
    p += n;
  return p;
}

/* End of a run of text that stops at any byte of @p stops or the line. */
static const char *run_end(const char *p, const char *end, const char *stops) {
  while (p < end && *p != '\n' && !strchr(stops, *p))
    p++;
  return p;
}

/* Strict mode: '%%' inside a statement is text to Mermaid, not a
 * comment, and is nearly always a mistake. */
static cx_status check_pct(const rd *r, const char *p, const char *e) {
  if (r->lenient)
    return CX_OK;
  for (const char *q = p; q + 1 < e; q++)
    if (q[0] == '%' && q[1] == '%')
      return fail_at(r, CX_EPARSE, q, q, (size_t)(e - q),
                     "'%%' here is not a comment to Mermaid (comments take "
                     "a whole line)");
  return CX_OK;
}

static cx_status new_stage(rd *r, const char *name, size_t len) {
  char id[SLUG_MAX + 32];
  char *copy = cx__strndup(name, len);
  if (!copy)
    return cx__enomem();
  cx_status st = unique_id(&r->ids, name, len, "stage", ++r->n_stages, id);
  if (st == CX_OK)
    st = cx_journey_stage_add(r->j, id, copy);
  cx__free(copy);
  r->cur_stage = cx_journey_n_stages(r->j) - 1;
  return st;
}

/* Strict: a decimal number "[+-]digits[.digits][e[+-]digits]" (also ".5"
 * and "5."), the subset of JavaScript's Number() syntax people write. */
static bool decimal(const char *p, const char *e, double *out) {
  const char *q = p;
  size_t digits = 0;
  if (q < e && (*q == '+' || *q == '-'))
    q++;
  for (; q < e && *q >= '0' && *q <= '9'; q++)
    digits++;
  if (q < e && *q == '.')
    for (q++; q < e && *q >= '0' && *q <= '9'; q++)
      digits++;
  if (digits == 0)
    return false;
  if (q < e && (*q == 'e' || *q == 'E')) {
    q++;
    if (q < e && (*q == '+' || *q == '-'))
      q++;
    if (q == e || *q < '0' || *q > '9')
      return false;
    while (q < e && *q >= '0' && *q <= '9')
      q++;
  }
  if (q != e || e - p > 400)
    return false;
  char tmp[402];
  memcpy(tmp, p, (size_t)(e - p));
  tmp[e - p] = '\0';
  /* strtod follows LC_NUMERIC; the text always uses '.'. */
  const char *dp = localeconv()->decimal_point;
  char *dot = strchr(tmp, '.');
  if (dot && dp && dp[0] && dp[0] != '.' && dp[1] == '\0')
    *dot = dp[0];
  *out = strtod(tmp, NULL);
  return true;
}

static cx_status add_actor(rd *r, const char *tp_id, const char *a,
                           const char *ae) {
  size_t len = (size_t)(ae - a);
  size_t idx = cx__names_find(&r->actor_names, a, len);
  char id[SLUG_MAX + 32];
  cx_status st;
  if (idx == SIZE_MAX) {
    char *nm = cx__strndup(a, len);
    if (!nm)
      return cx__enomem();
    st = unique_id(&r->actor_ids, a, len, "actor", r->actor_names.count + 1,
                   id);
    if (st == CX_OK)
      st = cx_journey_actor_add(r->j, id, nm);
    cx__free(nm);
    if (st != CX_OK)
      return st;
    if (cx__names_add(&r->actor_names, a, len) == SIZE_MAX)
      return cx__enomem();
    idx = r->actor_names.count - 1;
  }
  const char *aid = cx_journey_actor_id(r->j, idx);
  if (cx_journey_touchpoint_list_find(r->j, tp_id, CX_TP_ACTORS, aid, NULL) ==
      CX_OK) {
    if (r->lenient)
      return CX_OK;
    return fail_at(r, CX_EPARSE, a, a, len, "actor listed twice in one task");
  }
  return cx_journey_touchpoint_list_add(r->j, tp_id, CX_TP_ACTORS, aid);
}

/* A task: name [p, ne) then ':' at ne and its data up to '#', ';' or the
 * line end. */
static cx_status task(rd *r, const char *p, const char *ne) {
  const char *n0 = p, *n1 = ne;
  trim(&n0, &n1);
  if ((size_t)(n1 - n0) >= 3 && memcmp(n0, ZWSP, 3) == 0)
    n0 += 3;
  cx_status st = check_pct(r, n0, n1);
  if (st != CX_OK)
    return st;
  const char *d = ne + 1, *de = run_end(d, r->end, "#;");
  if (de == d)
    return fail_at(r, CX_EPARSE, ne + 1, NULL, 0, "missing score after ':'");
  if ((st = check_pct(r, d, de)) != CX_OK)
    return st;
  if (r->cur_stage == SIZE_MAX && (st = new_stage(r, "Tasks", 5)) != CX_OK)
    return st;

  char id[SLUG_MAX + 32];
  char *nm = cx__strndup(n0, (size_t)(n1 - n0));
  if (!nm)
    return cx__enomem();
  st = unique_id(&r->ids, n0, (size_t)(n1 - n0), "tp", ++r->n_tps, id);
  if (st == CX_OK)
    st = cx_journey_touchpoint_add(r->j, cx_journey_stage_id(r->j,
                                   r->cur_stage), id, nm);
  cx__free(nm);
  if (st != CX_OK)
    return st;

  /* Score: up to the next ':' */
  const char *c1 = memchr(d, ':', (size_t)(de - d));
  const char *s0 = d, *s1 = c1 ? c1 : de;
  trim(&s0, &s1);
  double v = NAN;
  if (s0 == s1) {
    if (!r->lenient)
      return fail_at(r, CX_EPARSE, s0, NULL, 0, "missing score");
  } else if (!decimal(s0, s1, &v)) {
    if (!r->lenient)
      return fail_at(r, CX_EPARSE, s0, s0, (size_t)(s1 - s0),
                     "score is not a number");
    v = NAN;
  } else if (!isfinite(v)) {
    if (!r->lenient)
      return fail_at(r, CX_ERANGE, s0, s0, (size_t)(s1 - s0),
                     "score is too large");
    v = NAN;
  } else if (!r->lenient && (v < r->smin || v > r->smax)) {
    char msg[128];
    snprintf(msg, sizeof msg, "score outside the scale %g..%g", r->smin,
             r->smax);
    return fail_at(r, CX_ERANGE, s0, s0, (size_t)(s1 - s0), msg);
  }
  if (!isnan(v)) {
    r->lo = v < r->lo ? v : r->lo;
    r->hi = v > r->hi ? v : r->hi;
    if ((st = cx_journey_touchpoint_set_number(r->j, id, CX_TP_SCORE, v)) !=
        CX_OK)
      return st;
  }
  if (!c1)
    return CX_OK;

  /* Actors: up to a third ':' (Mermaid ignores what follows it). */
  const char *c2 = memchr(c1 + 1, ':', (size_t)(de - c1 - 1));
  if (c2 && !r->lenient)
    return fail_at(r, CX_EPARSE, c2, c2, (size_t)(de - c2),
                   "unexpected ':' after the actors");
  const char *ae = c2 ? c2 : de;
  for (const char *a = c1 + 1; a <= ae;) {
    const char *comma = memchr(a, ',', (size_t)(ae - a));
    const char *x0 = a, *x1 = comma ? comma : ae;
    trim(&x0, &x1);
    if (x0 == x1) {
      if (!r->lenient)
        return fail_at(r, CX_EPARSE, x0, NULL, 0, "empty actor name");
    } else if ((st = add_actor(r, id, x0, x1)) != CX_OK) {
      return st;
    }
    if (!comma)
      break;
    a = comma + 1;
  }
  return CX_OK;
}

/* `accDescr {` ... `}`: whole-line comments inside are dropped, as
 * Mermaid's preprocessing removes them before lexing. */
static cx_status acc_block(rd *r, const char *brace) {
  const char *close = memchr(brace, '}', (size_t)(r->end - brace));
  if (!close)
    return fail_at(r, CX_EPARSE, brace, "{", 1,
                   "accDescr block is not closed with '}'");
  cx_buf b;
  cx__buf_init(&b);
  for (const char *q = brace + 1; q < close;) {
    const char *le = eol(q, close), *t = q;
    while (t < le && space_at(t, le))
      t += space_at(t, le);
    bool comment = q != brace + 1 && le - t > 2 && t[0] == '%' &&
                   t[1] == '%' && t[2] != '{';
    if (!comment)
      cx__buf_put(&b, q, (size_t)(le - q) + (le < close ? 1 : 0));
    q = le < close ? le + 1 : le;
  }
  cx__buf_put(&b, "", 1);
  cx_status st = CX_ENOMEM;
  if (!b.failed) {
    const char *v0 = b.data, *v1 = b.data + b.len - 1;
    trim(&v0, &v1);
    char *v = cx__strndup(v0, (size_t)(v1 - v0));
    st = v ? cx_journey_set_text(r->j, CX_JOURNEY_DESCRIPTION, v)
           : cx__enomem();
    cx__free(v);
  } else {
    st = cx__enomem();
  }
  cx__buf_free(&b);
  r->p = close + 1;
  return st;
}

/* accTitle / accDescr with ':' : the rest of the line, trimmed. */
static cx_status acc_line(rd *r, const char *colon, bool is_title) {
  const char *v0 = colon + 1, *v1 = eol(v0, r->end);
  r->p = v1;
  trim(&v0, &v1);
  char *v = cx__strndup(v0, (size_t)(v1 - v0));
  if (!v)
    return cx__enomem();
  if (is_title) {
    cx__free(r->acc_title);
    r->acc_title = v;
    return CX_OK;
  }
  cx_status st = cx_journey_set_text(r->j, CX_JOURNEY_DESCRIPTION, v);
  cx__free(v);
  return st;
}

static cx_status set_title(rd *r, const char *t0, const char *t1) {
  trim(&t0, &t1);
  char *v = cx__strndup(t0, (size_t)(t1 - t0));
  if (!v)
    return cx__enomem();
  cx_status st = cx_journey_set_text(r->j, CX_JOURNEY_TITLE, v);
  cx__free(v);
  return st;
}

/* Skip a comment, directive or whitespace at r->p; false when none. */
static bool skip_trivia(rd *r) {
  const char *p = r->p, *end = r->end;
  size_t n;
  if (p[0] == '%' && end - p >= 3 && p[1] == '%' && p[2] == '{') {
    const char *q = p + 3;
    while (q + 2 < end && !(q[0] == '}' && q[1] == '%' && q[2] == '%'))
      q++;
    r->p = q + 2 < end ? q + 3 : end;
    return true;
  }
  if ((p[0] == '%' && !(end - p >= 2 && p[1] == '{')) || p[0] == '#') {
    r->p = eol(p, end);
    return true;
  }
  if ((n = u8_next((const unsigned char *)p, (size_t)(end - p),
                   &(uint32_t){0})) != 0 &&
      p[0] != '}' && end - p >= (ptrdiff_t)n + 2 && p[n] == '%' &&
      p[n + 1] == '%') {
    r->p = eol(p + n, end); /* Mermaid: any character, then "%%" */
    return true;
  }
  if ((n = space_at(p, end)) != 0) {
    r->p = p + n;
    return true;
  }
  return false;
}

/* Keyword followed by optional spaces and then @p c: position of c. */
static const char *kw_then(const char *p, const char *end, const char *word,
                           char c) {
  if (!kw(p, end, word))
    return NULL;
  const char *q = p + strlen(word);
  size_t n;
  while ((n = space_at(q, end)) != 0)
    q += n;
  return q < end && *q == c ? q : NULL;
}

static cx_status statement(rd *r) {
  const char *p = r->p, *end = r->end, *q;
  size_t n;
  if (*p == ';')
    return fail_at(r, CX_EPARSE, p, p, 1,
                   "';' is not allowed in a Mermaid journey");
  if (*p == ':')
    return fail_at(r, CX_EPARSE, p, p, (size_t)(eol(p, end) - p),
                   "':' without a task name before it (section names "
                   "cannot contain ':')");
  if (kw(p, end, "journey") && !word_char(p + 7, end))
    return fail_at(r, CX_EPARSE, p, p, 7,
                   "'journey' may appear only once, at the start");
  if (kw(p, end, "title") && p + 5 < end && p[5] != '\n' &&
      (n = space_at(p + 5, end)) != 0 && run_end(p + 5 + n, end, "#;") >
      p + 5 + n) {
    const char *e = run_end(p + 5 + n, end, "#;");
    r->p = e;
    cx_status st = check_pct(r, p + 5 + n, e);
    return st != CX_OK ? st : set_title(r, p + 5 + n, e);
  }
  if ((q = kw_then(p, end, "acctitle", ':')) != NULL)
    return acc_line(r, q, true);
  if ((q = kw_then(p, end, "accdescr", ':')) != NULL)
    return acc_line(r, q, false);
  if ((q = kw_then(p, end, "accdescr", '{')) != NULL)
    return acc_block(r, q);
  if (kw(p, end, "section") && (n = space_at(p + 7, end)) != 0 &&
      p[7] != '\n') {
    const char *s0 = p + 7 + n, *s1 = run_end(s0, end, "#:;");
    r->p = s1;
    trim(&s0, &s1);
    if (s0 == s1)
      return fail_at(r, CX_EPARSE, p, p, (size_t)(eol(p, end) - p),
                     "section without a name");
    cx_status st = check_pct(r, s0, s1);
    return st != CX_OK ? st : new_stage(r, s0, (size_t)(s1 - s0));
  }
  q = run_end(p, end, "#:;");
  if (q == end || *q != ':')
    return fail_at(r, CX_EPARSE, q, p, (size_t)(q - p),
                   "expected a statement (title, section, accTitle, "
                   "accDescr) or a task 'name: score'; missing ':'");
  cx_status st = task(r, p, q);
  r->p = run_end(q + 1, end, "#;");
  return st;
}

/* Front matter: "---" alone on the first line, up to the next "---" line
 * (which Mermaid wants followed by a line end).  Only a top-level title
 * is read: plain, or quoted with '...' or "..." (escapes not decoded). */
static cx_status front_matter(rd *r, char **title) {
  const char *p = r->text, *end = r->end;
  if (end - p < 3 || memcmp(p, "---", 3) != 0)
    return CX_OK;
  const char *le = eol(p, end), *q = skip_blank(p + 3, end);
  if (q != le || le == end)
    return CX_OK;
  for (const char *ln = le + 1; ln < end;) {
    const char *lend = eol(ln, end);
    if (lend - ln >= 3 && memcmp(ln, "---", 3) == 0 &&
        skip_blank(ln + 3, end) == lend) {
      if (lend == end)
        break;
      r->p = lend;
      return CX_OK;
    }
    if (lend - ln >= 5 && memcmp(ln, "title", 5) == 0) {
      const char *c = skip_blank(ln + 5, lend);
      if (c < lend && *c == ':') {
        const char *v0 = c + 1, *v1 = lend;
        trim(&v0, &v1);
        if (v1 - v0 >= 2 && (*v0 == '"' || *v0 == '\'') && v1[-1] == *v0)
          v0++, v1--;
        else
          for (const char *h = v0; h < v1; h++)
            if (*h == '#' && h > v0 && (h[-1] == ' ' || h[-1] == '\t')) {
              v1 = h;
              trim(&v0, &v1);
              break;
            }
        cx__free(*title);
        if (!(*title = cx__strndup(v0, (size_t)(v1 - v0))))
          return cx__enomem();
      }
    }
    ln = lend < end ? lend + 1 : end;
  }
  return fail_at(r, CX_EPARSE, p, "---", 3,
                 "front matter is not closed by a '---' line");
}

static cx_status parse(rd *r) {
  char *fm_title = NULL;
  cx_status st = front_matter(r, &fm_title);
  if (st == CX_OK && fm_title && fm_title[0])
    st = cx_journey_set_text(r->j, CX_JOURNEY_TITLE, fm_title);
  cx__free(fm_title);
  if (st != CX_OK)
    return st;
  while (r->p < r->end && skip_trivia(r))
    ;
  if (r->p == r->end || !kw(r->p, r->end, "journey") ||
      word_char(r->p + 7, r->end)) {
    const char *e = r->p < r->end ? eol(r->p, r->end) : r->p;
    return fail_at(r, CX_EPARSE, r->p, r->p, (size_t)(e - r->p),
                   "expected 'journey' first");
  }
  r->p += 7;
  while (r->p < r->end) {
    if (*r->p == '\n' || skip_trivia(r)) {
      if (*r->p == '\n')
        r->p++;
      continue;
    }
    if ((st = statement(r)) != CX_OK)
      return st;
  }
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

/* Copy the input without its BOM and with LF line ends, then check its
 * UTF-8 (places refer to the copy, whose lines and columns are those of
 * the input). */
static cx_status normalise(rd *r, const char *text, size_t len, char **out) {
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
  r->text = r->p = buf;
  r->end = buf + o;
  *out = buf;
  for (size_t k = 0; k < o;) {
    uint32_t c;
    size_t n = u8_next((const unsigned char *)buf + k, o - k, &c);
    if (n == 0 || c == 0)
      return fail_at(r, CX_EPARSE, buf + k, buf + k, 1,
                     n ? "NUL byte in the text" : "invalid UTF-8");
    k += n;
  }
  return CX_OK;
}

CX_API cx_status cx_journey_from_mermaid(cx_journey **out, const char *text,
                                         size_t len, const char *name,
                                         const cx_mermaid_options *options) {
  cx_mermaid_options def = CX_MERMAID_OPTIONS_INIT;
  const cx_mermaid_options *o = options ? options : &def;
  if (!out || (!text && len))
    return cx__error(CX_EINVAL, "cx_journey_from_mermaid: NULL argument");
  if (o->version != CX_MERMAID_OPTIONS_VERSION)
    return cx__error(CX_EINVAL, "cx_mermaid_options version %u is not %u",
                     o->version, CX_MERMAID_OPTIONS_VERSION);
  if (!isfinite(o->scale_min) || !isfinite(o->scale_max) ||
      !isfinite(o->scale_neutral) || !(o->scale_min <= o->scale_neutral) ||
      !(o->scale_neutral < o->scale_max))
    return cx__error(CX_EINVAL, "Mermaid options: the scale must be finite "
                     "with min <= neutral < max (got %g, %g, %g)",
                     o->scale_min, o->scale_neutral, o->scale_max);
  name = name ? name : "<buffer>";
  if (len > o->max_bytes)
    return cx__error_at(CX_ERANGE, name, 0, 0, NULL, 0,
                        "input of %zu bytes is over the limit of %zu bytes "
                        "(max_bytes)", len, o->max_bytes);
  rd r;
  memset(&r, 0, sizeof r);
  r.name = name;
  r.lenient = o->lenient != 0;
  r.smin = o->scale_min, r.smax = o->scale_max, r.neutral = o->scale_neutral;
  r.lo = INFINITY, r.hi = -INFINITY;
  r.cur_stage = SIZE_MAX;
  cx__names_init(&r.ids);
  cx__names_init(&r.actor_names);
  cx__names_init(&r.actor_ids);
  char *buf = NULL;
  cx_status st = normalise(&r, text ? text : "", len, &buf);
  if (st == CX_OK)
    st = cx_journey_new(&r.j, NULL);
  if (st == CX_OK)
    st = cx_journey_set_scale(r.j, r.smin, r.neutral, r.smax);
  if (st == CX_OK)
    st = parse(&r);
  cx__free(buf);
  cx__free(r.acc_title);
  cx__names_free(&r.ids);
  cx__names_free(&r.actor_names);
  cx__names_free(&r.actor_ids);
  if (st != CX_OK) {
    cx_journey_free(r.j);
    return st;
  }
  *out = r.j;
  return CX_OK;
}

CX_API cx_status cx_journey_read_mermaid(cx_journey **out, const char *path,
                                         const cx_mermaid_options *options) {
  cx_mermaid_options def = CX_MERMAID_OPTIONS_INIT;
  const cx_mermaid_options *o = options ? options : &def;
  if (!out || !path)
    return cx__error(CX_EINVAL, "cx_journey_read_mermaid: NULL argument");
  if (o->version != CX_MERMAID_OPTIONS_VERSION)
    return cx__error(CX_EINVAL, "cx_mermaid_options version %u is not %u",
                     o->version, CX_MERMAID_OPTIONS_VERSION);
  bool is_stdin = strcmp(path, "-") == 0;
  const char *name = is_stdin ? "<stdin>" : path;
  FILE *f = is_stdin ? stdin : fopen(path, "rb");
  if (!f)
    return cx__error_at(CX_EIO, name, 0, 0, NULL, 0, "cannot open: %s",
                        strerror(errno));
  cx_buf b;
  cx__buf_init(&b);
  char chunk[65536];
  size_t n;
  cx_status st = CX_OK;
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
                      strerror(errno));
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
  CLEAN_TASK = 1,   /* task name: keyword starts matter */
  CLEAN_ACTOR = 2,  /* actor: ',' matters too */
  CLEAN_BLOCK = 4,  /* accDescr block: keeps line breaks, ':', '#', ';';
                       '}' matters */
  CLEAN_COLON = 8,  /* title: ':' is text */
  CLEAN_LINE = 16   /* accTitle, accDescr: only line breaks matter */
};

/* Append text cleaned for one spot of a Mermaid journey (the mapping is
 * documented above cx_journey_to_mermaid()).  Returns the bytes written. */
static size_t put_clean(cx_buf *b, const char *s, unsigned how) {
  cx_buf t;
  cx__buf_init(&t);
  bool space = false;
  for (size_t i = 0, len = strlen(s); i < len;) {
    uint32_t c;
    size_t n = u8_next((const unsigned char *)s + i, len - i, &c);
    if (n == 0)
      n = 1, c = 0xFFFD;
    bool brk = (how & CLEAN_BLOCK) && c == '\n';
    if (!brk && (c < 0x20 || c == 0x7F || js_space(c))) {
      space = true;
      i += n;
      continue;
    }
    if (space && t.len && !brk && t.data[t.len - 1] != '\n')
      cx__buf_put(&t, " ", 1);
    space = false;
    bool keep = how & (CLEAN_BLOCK | CLEAN_LINE);
    if (c == ':' && !keep && !(how & CLEAN_COLON))
      cx__buf_puts(&t, t.len ? " - " : "- ");
    else if (c == ';' && !keep)
      cx__buf_puts(&t, ",");
    else if (c == '#' && !keep)
      cx__buf_puts(&t, "\xEF\xBC\x83"); /* U+FF03 fullwidth number sign */
    else if (c == ',' && (how & CLEAN_ACTOR))
      space = true;
    else if (c == '}' && (how & CLEAN_BLOCK))
      cx__buf_puts(&t, ")");
    else if (c == '%' && t.len && t.data[t.len - 1] == '%')
      cx__buf_puts(&t, ZWSP "%");
    else if (c == 0xFFFD && n == 1)
      cx__buf_puts(&t, "\xEF\xBF\xBD");
    else
      cx__buf_put(&t, s + i, n);
    i += n;
  }
  /* The " - " of a ':' may leave spaces to collapse and trim. */
  size_t start = 0, stop = t.len, w = 0;
  while (start < stop && t.data[start] == ' ')
    start++;
  while (stop > start && t.data[stop - 1] == ' ')
    stop--;
  char *d = t.data;
  for (size_t i = start; i < stop; i++) {
    if (d[i] == ' ' && w > 0 && d[w - 1] == ' ')
      continue;
    d[w++] = d[i];
  }
  if (w && (how & CLEAN_TASK)) {
    static const char *const words[] = {"journey", "title", "section",
                                        "acctitle", "accdescr"};
    bool escape = d[0] == '%';
    for (size_t k = 0; k < 5 && !escape; k++)
      escape = kw(d, d + w, words[k]);
    if (escape)
      cx__buf_puts(b, ZWSP);
  }
  if (t.failed)
    b->failed = true;
  else
    cx__buf_put(b, d ? d : "", w);
  cx__buf_free(&t);
  return w;
}

static void put_number(cx_buf *b, double v) {
  char s[40];
  double back;
  for (int prec = 1; prec <= 17; prec++) {
    /* Whole numbers as such ("10", not "1e+01"). */
    if (v == floor(v) && fabs(v) < 1e15)
      snprintf(s, sizeof s, "%.0f", v);
    else
      snprintf(s, sizeof s, "%.*g", prec, v);
    for (char *q = s; *q; q++)
      if (!strchr("0123456789eE+-", *q))
        *q = '.'; /* whatever LC_NUMERIC says */
    if (decimal(s, s + strlen(s), &back) && back == v)
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

/*
 * Writing: "journey", then "title", "accTitle" (from the reader data) and
 * "accDescr" (the description; a block "accDescr { }" when it has line
 * breaks), then "section <name>" per stage and
 * "<name>: <score>: <actor>, <actor>" per touchpoint with actor names.
 * Text is cleaned so Mermaid reads back the same words:
 * - line breaks, tabs and other controls become spaces; runs of spaces
 *   become one; leading and trailing spaces go;
 * - ':' becomes " - " (not in the title or accDescr, where Mermaid takes
 *   it), ';' becomes ',', '#' becomes U+FF03 (a full-width #), '%%' gets a
 *   U+200B between the two '%' so it never reads as a comment or
 *   directive, ',' in an actor name becomes a space, '}' in an accDescr
 *   block becomes ')';
 * - a task name that starts with a keyword (journey, title, section,
 *   accTitle, accDescr, any case) or with '%' gets a leading U+200B
 *   (invisible; the reader drops it again);
 * - an empty stage or touchpoint name is replaced by the element's id;
 *   an actor whose name cleans to nothing is left out.
 * Numbers are written in the shortest form that reads back exactly.  A
 * touchpoint without a score (or with an infinite one) is written with the
 * scale's neutral point, since Mermaid needs a score, and a %% comment on
 * the line before says so.  Names that clean to the same text are the same
 * to Mermaid (actors merge).
 */
CX_API cx_status cx_journey_to_mermaid(const cx_journey *journey, char **out,
                                       size_t *len) {
  if (!journey || !out)
    return cx__error(CX_EINVAL, "cx_journey_to_mermaid: NULL argument");
  const cx_journey *j = journey;
  cx_buf b;
  cx__buf_init(&b);
  cx__buf_puts(&b, "journey\n");
  if (j->title && j->title[0]) {
    cx_buf t;
    cx__buf_init(&t);
    if (put_clean(&t, j->title, CLEAN_COLON) && !t.failed) {
      cx__buf_puts(&b, "  title ");
      cx__buf_put(&b, t.data, t.len);
      cx__buf_puts(&b, "\n");
    }
    cx__buf_free(&t);
  }
  char *acc = acc_title_of(j);
  if (acc && acc[0]) {
    cx__buf_puts(&b, "  accTitle: ");
    put_clean(&b, acc, CLEAN_LINE);
    cx__buf_puts(&b, "\n");
  }
  cx__free(acc);
  if (j->description && j->description[0]) {
    bool multi = strpbrk(j->description, "\r\n") != NULL;
    cx__buf_puts(&b, multi ? "  accDescr {\n" : "  accDescr: ");
    if (multi) {
      char *d = cx__strdup(j->description);
      if (!d) {
        cx__buf_free(&b);
        return cx__enomem();
      }
      for (char *q = d; *q; q++)
        if (*q == '\r')
          *q = q[1] == '\n' ? ' ' : '\n';
      put_clean(&b, d, CLEAN_BLOCK);
      cx__free(d);
      cx__buf_puts(&b, "\n  }\n");
    } else {
      put_clean(&b, j->description, CLEAN_LINE);
      cx__buf_puts(&b, "\n");
    }
  }
  double neutral = isfinite(j->neutral) ? j->neutral : 3.0;
  for (size_t si = 0; si < j->n_stages; si++) {
    const cx__jstage *s = j->stage[si];
    cx__buf_puts(&b, "  section ");
    if (!put_clean(&b, s->name ? s->name : "", 0) &&
        !put_clean(&b, s->id, 0))
      cx__buf_printf(&b, "Stage %zu", si + 1);
    cx__buf_puts(&b, "\n");
    for (size_t ti = 0; ti < s->n_tp; ti++) {
      const cx__jtp *tp = s->tp[ti];
      double v = tp->num[CX_TP_SCORE];
      if (!isfinite(v)) {
        cx__buf_puts(&b, "    %% no score: written as the neutral point ");
        put_number(&b, neutral);
        cx__buf_puts(&b, "\n");
        v = neutral;
      }
      cx__buf_puts(&b, "    ");
      if (!put_clean(&b, tp->text[CX_TP_NAME], CLEAN_TASK) &&
          !put_clean(&b, tp->id, CLEAN_TASK))
        cx__buf_printf(&b, "Touchpoint %zu", ti + 1);
      cx__buf_puts(&b, ": ");
      put_number(&b, v);
      const cx__strlist *al = &tp->list[CX_TP_ACTORS];
      bool first = true;
      for (size_t k = 0; k < al->count; k++) {
        size_t mark = b.len;
        cx__buf_puts(&b, first ? ": " : ", ");
        if (put_clean(&b, actor_name(j, al->item[k]), CLEAN_ACTOR))
          first = false;
        else if (!b.failed)
          b.len = mark;
      }
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
