/*
 * The journey JSON writer, cx_journey_to_json().  This part of
 * journey_json.c is kept in its own file for length; journey_json.c
 * includes it, so that both share the tokenizer and the text helpers
 * there without exporting them.
 *
 * Members come in a fixed order (that of the tables in journey_json.c),
 * unset ones are left out, and the unknown members a reader kept come
 * last, in the order they had.  Data the format cannot hold (an infinite
 * number, text that is not UTF-8, an empty list item, an enum value out of
 * range, extra text that is not a JSON object of unknown members) is
 * refused with CX_EINVAL, so the output always reads back.
 */
#ifndef CX_JOURNEY_JSON_READER
#error "journey_json_write.c is part of journey_json.c; do not build it alone"
#endif

typedef struct writer {
  cx_buf b;
  int indent;
  size_t level; /* objects and arrays open */
  bool first;   /* nothing written yet in the innermost one */
  char where[96]; /* the element being written, for messages */
} writer;

static void w_sep(writer *w) {
  if (!w->first)
    cx__buf_put(&w->b, ",", 1);
  w->first = false;
  put_newline(&w->b, w->indent, w->level);
}

static void w_key(writer *w, const char *key) {
  w_sep(w);
  put_string(&w->b, key, strlen(key));
  cx__buf_put(&w->b, w->indent > 0 ? ": " : ":", w->indent > 0 ? 2 : 1);
}

static void w_open(writer *w, const char *c) {
  cx__buf_put(&w->b, c, 1);
  w->level++;
  w->first = true;
}

static void w_close(writer *w, const char *c) {
  w->level--;
  if (!w->first)
    put_newline(&w->b, w->indent, w->level);
  cx__buf_put(&w->b, c, 1);
  w->first = false;
}

static cx_status w_bad(const writer *w, const char *field, const char *what) {
  return cx__error(CX_EINVAL, "cx_journey_to_json: %s%s%s %s", w->where,
                   *w->where ? "." : "", field, what);
}

/* A string member (key) or array item (key NULL). */
static cx_status w_text(writer *w, const char *key, const char *s) {
  size_t n = strlen(s);
  if (!cx__utf8_valid(s, n))
    return w_bad(w, key ? key : "item", "is not valid UTF-8");
  if (key)
    w_key(w, key);
  else
    w_sep(w);
  put_string(&w->b, s, n);
  return CX_OK;
}

static cx_status w_number(writer *w, const char *key, double v) {
  if (isnan(v))
    return CX_OK;
  if (!isfinite(v))
    return w_bad(w, key, "is infinite");
  w_key(w, key);
  put_number(&w->b, v);
  return CX_OK;
}

/* The unknown members kept in @p extra, after the known ones. */
static cx_status w_extra(writer *w, const char *extra,
                         const char *const *known, size_t n_known) {
  if (!extra || !*extra)
    return CX_OK;
  lexer lx;
  lx_init(&lx, extra, strlen(extra), SIZE_MAX, SIZE_MAX);
  tok t;
  bool ok = lx_next(&lx, &t) && (t.kind == T_LBRACE ||
            lx_fail(&lx, CX_EPARSE, t.off, 0, "not an object")) &&
            lx_push(&lx, true, 0, &t) && lx_next(&lx, &t);
  while (ok && t.kind != T_RBRACE) {
    for (size_t i = 0; ok && t.kind == T_STRING && i < n_known; i++)
      if (strlen(known[i]) == lx.str.len &&
          memcmp(known[i], lx.str.data, lx.str.len) == 0)
        ok = lx_fail(&lx, CX_EPARSE, t.off, 0, "repeats the member '%s'",
                     known[i]);
    if (!ok)
      break;
    if (!w->first)
      cx__buf_put(&w->b, ",", 1);
    w->first = false;
    ok = lx_member(&lx, &t, &w->b, w->indent, w->level) &&
         lx_value(&lx, t, 1, &w->b, w->indent, w->level) && lx_next(&lx, &t);
    if (ok && t.kind == T_COMMA)
      ok = lx_next(&lx, &t);
    else if (ok && t.kind != T_RBRACE)
      ok = lx_fail(&lx, CX_EPARSE, t.off, 0, "expected ',' or '}'");
  }
  if (ok)
    ok = lx_next(&lx, &t) && (t.kind == T_EOF ||
         lx_fail(&lx, CX_EPARSE, t.off, 0, "text after the object"));
  cx_status st = ok ? CX_OK : lx.est == CX_ENOMEM ? cx__enomem()
                 : w_bad(w, "(unknown members)", lx.emsg);
  lx_free(&lx);
  return st;
}

static cx_status w_list(writer *w, const cx__strlist *l, const char *key) {
  if (!l->count)
    return CX_OK;
  w_key(w, key);
  w_open(w, "[");
  cx_status st = CX_OK;
  for (size_t i = 0; !st && i < l->count; i++)
    st = *l->item[i] ? w_text(w, NULL, l->item[i])
                     : w_bad(w, key, "has an empty item");
  w_close(w, "]");
  return st;
}

static cx_status w_channel(writer *w, const cx__jtp *tp) {
  if (tp->channel == CX_CHANNEL_NONE)
    return CX_OK;
  if (tp->channel > CX_CHANNEL_NONE && tp->channel < CX_CHANNEL_CUSTOM)
    return w_text(w, "channel", cx_channel_name(tp->channel));
  if (tp->channel != CX_CHANNEL_CUSTOM)
    return w_bad(w, "channel", "is not a cx_channel value");
  const char *name = tp->channel_name ? tp->channel_name : "";
  cx_channel ch;
  /* A custom name that would read back as a built-in channel (or as
   * none) is written as {"custom": NAME}. */
  if (*name && cx_channel_parse(name, &ch) != CX_OK)
    return w_text(w, "channel", name);
  w_key(w, "channel");
  w_open(w, "{");
  cx_status st = w_text(w, "custom", name);
  w_close(w, "}");
  return st;
}

static cx_status w_touchpoint(writer *w, const cx__jtp *tp) {
  w_sep(w);
  w_open(w, "{");
  cx_status st = w_text(w, "id", tp->id);
  if (!st)
    st = w_text(w, "name", tp->text[CX_TP_NAME]);
  if (!st && tp->text[CX_TP_DESCRIPTION])
    st = w_text(w, "description", tp->text[CX_TP_DESCRIPTION]);
  if (!st)
    st = w_channel(w, tp);
  if (!st && tp->owner != CX_OWNER_NONE)
    st = tp->owner > CX_OWNER_SOCIAL
             ? w_bad(w, "owner", "is not a cx_owner value")
             : w_text(w, "owner", cx_owner_name(tp->owner));
  if (!st && tp->text[CX_TP_DEPARTMENT])
    st = w_text(w, "department", tp->text[CX_TP_DEPARTMENT]);
  if (!st && tp->layer != CX_LAYER_NONE)
    st = tp->layer > CX_LAYER_BACKSTAGE
             ? w_bad(w, "layer", "is not a cx_layer value")
             : w_text(w, "layer", cx_layer_name(tp->layer));
  if (!st)
    st = w_list(w, &tp->list[CX_TP_ACTORS], "actors");
  for (int f = 0; !st && f < CX_TP_NUMBER_COUNT; f++)
    st = w_number(w, tp_members[TM_SCORE + f], tp->num[f]);
  for (int l = CX_TP_PAIN_POINTS; !st && l < CX_TP_LIST_COUNT; l++)
    st = w_list(w, &tp->list[l], tp_members[TM_PAIN_POINTS + l - 1]);
  if (!st && tp->moment_of_truth) {
    w_key(w, "moment_of_truth");
    cx__buf_puts(&w->b, "true");
  }
  if (!st && tp->n_metrics) {
    w_key(w, "metrics");
    w_open(w, "{");
    for (size_t i = 0; !st && i < tp->n_metrics; i++) {
      const cx__jmetric *m = &tp->metric[i];
      if (!cx__utf8_valid(m->name, strlen(m->name)))
        st = w_bad(w, "metrics", "has a name that is not valid UTF-8");
      else if (!isfinite(m->value))
        st = w_bad(w, "metrics", "has a value that is not a finite number");
      else {
        w_key(w, m->name);
        put_number(&w->b, m->value);
      }
    }
    w_close(w, "}");
  }
  if (!st)
    st = w_extra(w, tp->extra, tp_members, TM_COUNT);
  w_close(w, "}");
  return st;
}

static cx_status w_stage(writer *w, const cx__jstage *s, size_t si) {
  w_sep(w);
  w_open(w, "{");
  snprintf(w->where, sizeof w->where, "stages[%zu]", si);
  cx_status st = w_text(w, "id", s->id);
  if (!st)
    st = w_text(w, "name", s->name);
  if (!st && s->description)
    st = w_text(w, "description", s->description);
  if (!st) {
    w_key(w, "touchpoints");
    w_open(w, "[");
    for (size_t k = 0; !st && k < s->n_tp; k++) {
      snprintf(w->where, sizeof w->where, "stages[%zu].touchpoints[%zu]", si,
               k);
      st = w_touchpoint(w, s->tp[k]);
    }
    w_close(w, "]");
  }
  snprintf(w->where, sizeof w->where, "stages[%zu]", si);
  if (!st)
    st = w_extra(w, s->extra, stage_members, COUNT(stage_members));
  w_close(w, "}");
  return st;
}

static cx_status w_journey(writer *w, const cx_journey *j) {
  w_open(w, "{");
  cx_status st = w_text(w, "format", FORMAT_NAME);
  w_key(w, "version");
  cx__buf_printf(&w->b, "%d", FORMAT_VERSION);
  if (!st && j->id && *j->id)
    st = w_text(w, "id", j->id);
  if (!st && j->title)
    st = w_text(w, "title", j->title);
  if (!st && j->description)
    st = w_text(w, "description", j->description);
  if (!st) {
    w_key(w, "scale");
    w_open(w, "{");
    snprintf(w->where, sizeof w->where, "scale");
    double v[3] = {j->min, j->max, j->neutral};
    for (int i = 0; !st && i < 3; i++)
      st = isfinite(v[i]) ? w_number(w, scale_members[i], v[i])
                          : w_bad(w, scale_members[i], "is not finite");
    w_close(w, "}");
  }
  if (!st && j->n_actors) {
    w_key(w, "actors");
    w_open(w, "[");
    for (size_t i = 0; !st && i < j->n_actors; i++) {
      const cx__jactor *a = &j->actor[i];
      snprintf(w->where, sizeof w->where, "actors[%zu]", i);
      w_sep(w);
      w_open(w, "{");
      st = w_text(w, "id", a->id);
      if (!st)
        st = w_text(w, "name", a->name);
      if (!st)
        st = w_extra(w, a->extra, actor_members, COUNT(actor_members));
      w_close(w, "}");
    }
    w_close(w, "]");
  }
  if (!st) {
    w_key(w, "stages");
    w_open(w, "[");
    for (size_t i = 0; !st && i < j->n_stages; i++)
      st = w_stage(w, j->stage[i], i);
    w_close(w, "]");
  }
  *w->where = '\0';
  if (!st)
    st = w_extra(w, j->extra, journey_members, COUNT(journey_members));
  w_close(w, "}");
  return st;
}

CX_API cx_status cx_journey_to_json(const cx_journey *journey, int indent,
                                    char **out, size_t *len) {
  if (!journey || !out)
    return cx__error(CX_EINVAL, "cx_journey_to_json: NULL argument");
  if (indent < 0 || indent > MAX_INDENT)
    return cx__error(CX_EINVAL, "cx_journey_to_json: indent %d is not in "
                     "0..%d", indent, MAX_INDENT);
  writer w;
  memset(&w, 0, sizeof w);
  cx__buf_init(&w.b);
  w.indent = indent;
  w.first = true;
  cx_status st = w_journey(&w, journey);
  if (!st && indent > 0)
    cx__buf_put(&w.b, "\n", 1);
  if (!st && w.b.failed)
    st = cx__enomem();
  if (st) {
    cx__buf_free(&w.b);
    return st;
  }
  char *text = cx__buf_take(&w.b, len);
  if (!text)
    return cx__enomem();
  *out = text;
  return CX_OK;
}
