/*
 * Gap survey CSV reader (cx_gap_read_csv*, cx_gap_read_csv_segments*).
 *
 * One engine serves both entry points: it reads the file into fresh
 * surveys, one per segment (or a single one without a segment column),
 * and hands them over only when the whole input has been read, so a
 * failure leaves the caller's objects as they were.  Every answer is
 * checked here, where the line and column are known, so that adding a
 * completed respondent to a survey cannot fail on a value.
 *
 * Items must be declared before a survey takes answers.  When they are
 * known when the header has been read (the caller's survey declares them,
 * or the wide header names them) respondents go straight into the
 * surveys.  In the long layout with undeclared items the item list is
 * complete only at the end of the file, so respondents are kept in a
 * compact staging buffer and replayed then.
 *
 * This file reads the header and the rows and holds the entry points; the
 * cells, the items and the respondent being read are in
 * gap_csv_respondent.c, and the state both share in gap_csv.h.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gap_csv.h"

static const char *const answer_name[NV] = {
    "expectation answer", "perception answer",  "adequate answer",
    "desired answer",     "importance answer",  "disconfirmation answer"};

/* ---- header ------------------------------------------------------------- */

static bool ends_with(const cx_csv_field *h, const char *suffix) {
  size_t n = suffix ? strlen(suffix) : 0;
  return n && h->len > n && memcmp(h->ptr + h->len - n, suffix, n) == 0;
}

static bool is_named(const gap_reader *r, size_t col) {
  return col == r->c_resp || col == r->c_seg || col == r->c_wt;
}

/* Wide: the item columns, item + suffix (the longest suffix wins). */
static cx_status wide_columns(gap_reader *r) {
  const char *suffix[NV] = {r->o->expectation_suffix, r->o->perception_suffix,
                            r->o->adequate_suffix,    r->o->desired_suffix,
                            r->o->importance_suffix,
                            r->o->disconfirmation_suffix};
  size_t found = 0;
  for (size_t c = 0; c < r->t.ncols; c++) {
    const cx_csv_field *h = &r->t.col[c];
    if (is_named(r, c) || ends_with(h, r->o->points_suffix))
      continue;
    int kind = -1;
    size_t best = 0;
    for (int v = 0; v < NV; v++)
      if (ends_with(h, suffix[v]) && strlen(suffix[v]) > best) {
        best = strlen(suffix[v]);
        kind = v;
      }
    if (kind < 0)
      continue;
    size_t len = h->len - best;
    if (!cx__utf8_valid(h->ptr, len) || len > GAP_NAME_MAX_BYTES)
      return err_header(r, CX_EPARSE, c, "item name is not valid UTF-8 or "
                                         "too long");
    size_t item = cx__names_find(&r->items, h->ptr, len);
    if (item == NONE) {
      if (r->items_fixed)
        return err_header(r, CX_EPARSE, c,
                          "column of an item the survey does not have");
      cx_status st = cx__csv_name_limit(&r->t, h, r->new_items, "items");
      if (st ||
          (st = cx__gap_csv_add_item(r, h->ptr, len, NULL, NULL, 0, &item)))
        return st;
      r->new_items++;
    }
    for (size_t k = 0; k < c; k++)
      if (r->w_item[k] == item && r->w_kind[k] == kind)
        return err_header(r, CX_EPARSE, c,
                          "second column of one item and question");
    r->w_item[c] = item;
    r->w_kind[c] = kind;
    found++;
  }
  if (!found)
    return cx__error_at(CX_EPARSE, r->t.name, 1, 1, NULL, 0,
                        "the header has no item columns (names ending in "
                        "'%s', '%s' ...)",
                        suffix[0] ? suffix[0] : "", suffix[1] ? suffix[1] : "");
  return CX_OK;
}

static cx_status setup(void *ctx, const cx_csv_record *rec) {
  gap_reader *r = ctx;
  const cx_gap_csv_options *o = r->o;
  size_t n = rec->n;
  r->w_item = cx__malloc(n * sizeof *r->w_item);
  r->w_kind = cx__calloc(n, sizeof *r->w_kind);
  r->p_col = cx__malloc(n * sizeof *r->p_col);
  r->p_dim = cx__malloc(n * sizeof *r->p_dim);
  r->points = cx__malloc(n * sizeof *r->points);
  if (!r->w_item || !r->w_kind || !r->p_col || !r->p_dim || !r->points)
    return cx__enomem();
  for (size_t i = 0; i < n; i++)
    r->w_item[i] = NONE;
  cx_status st;
  if ((st = cx__csv_find_column(&r->t, o->respondent_column, &r->c_resp)) ||
      (st = cx__csv_find_column(&r->t, o->segment_column, &r->c_seg)) ||
      (st = cx__csv_find_column(&r->t, o->weight_column, &r->c_wt)) ||
      (st = cx__csv_find_column(&r->t, o->item_column, &r->c_item)))
    return st;
  cx_gap_csv_layout layout = o->layout;
  if (layout == CX_GAP_CSV_AUTO)
    layout = r->c_item != NONE ? CX_GAP_CSV_LONG : CX_GAP_CSV_WIDE;
  r->long_layout = layout == CX_GAP_CSV_LONG;
  if (o->require_segment && r->c_seg == NONE)
    return cx__csv_missing_column(&r->t, "segment", o->segment_column);
  if (o->require_weight && r->c_wt == NONE)
    return cx__csv_missing_column(&r->t, "weight", o->weight_column);
  r->segmented = r->c_seg != NONE;
  if (o->segment && !r->segmented)
    return cx__csv_missing_column(
        &r->t, "segment", o->segment_column ? o->segment_column : "segment");
  if (r->long_layout) {
    if (r->c_item == NONE)
      return cx__csv_missing_column(&r->t, "item",
                                    o->item_column ? o->item_column : "");
    if (r->c_resp == NONE)
      return cx__csv_missing_column(
          &r->t, "respondent (needed in the long layout)",
          o->respondent_column ? o->respondent_column : "");
    const char *vc[NV] = {o->expectation_column, o->perception_column,
                          o->adequate_column,    o->desired_column,
                          o->importance_column,  o->disconfirmation_column};
    bool any = false;
    for (int v = 0; v < NV; v++) {
      if ((st = cx__csv_find_column(&r->t, vc[v], &r->c_val[v])))
        return st;
      any = any || r->c_val[v] != NONE;
    }
    if (!any)
      return cx__csv_missing_column(&r->t, "answer",
                                    vc[V_P] ? vc[V_P] : "perception");
    if (!r->items_fixed) {
      if ((st = cx__csv_find_column(&r->t, o->label_column, &r->c_label)) ||
          (st = cx__csv_find_column(&r->t, o->dimension_column, &r->c_dim)))
        return st;
    }
  } else {
    r->c_item = NONE;
    if ((st = wide_columns(r)))
      return st;
    r->items_fixed = true;
  }
  /* One column cannot play two parts. */
  size_t used[5 + NV] = {r->c_resp, r->c_seg, r->c_wt, r->c_item, r->c_label};
  for (int v = 0; v < NV; v++)
    used[5 + v] = r->c_val[v];
  for (size_t i = 0; i < 5 + NV; i++)
    for (size_t j = i + 1; j < 5 + NV; j++)
      if (used[i] != NONE && used[i] == used[j])
        return err_header(r, CX_EINVAL, used[i],
                          "one column cannot play two parts (respondent, "
                          "segment, weight, item, label or an answer)");
  for (size_t c = 0; c < r->t.ncols; c++)
    if (ends_with(&r->t.col[c], o->points_suffix) && !is_named(r, c))
      r->p_col[r->np++] = c;
  r->staged = !r->items_fixed;
  if (r->items_fixed)
    return cx__gap_csv_map_points(r);
  return CX_OK;
}

/* ---- rows --------------------------------------------------------------- */

/* The item of a long row, declared from the row when items come from the
 * file. */
static cx_status long_item(gap_reader *r, const cx_csv_record *rec,
                           size_t *out) {
  const char *p;
  size_t len;
  cx__csv_text(rec, r->c_item, &p, &len);
  size_t i = cx__names_find(&r->items, p, len);
  const char *lp = NULL, *dp = NULL;
  size_t ll = 0, dl = 0;
  if (r->c_label != NONE)
    cx__csv_text(rec, r->c_label, &lp, &ll);
  if (r->c_dim != NONE)
    cx__csv_text(rec, r->c_dim, &dp, &dl);
  cx_status st;
  if (i == NONE) {
    if (r->items_fixed)
      return err_field(r, rec, CX_EPARSE, r->c_item,
                       "item the survey does not have");
    if ((st = cx__gap_csv_check_name(r, rec, r->c_item, "item id", false)) ||
        (r->c_label != NONE && (st = cx__gap_csv_check_name(
                                    r, rec, r->c_label, "item label", true))) ||
        (r->c_dim != NONE && (st = cx__gap_csv_check_name(
                                  r, rec, r->c_dim, "dimension name", true))) ||
        (st = cx__csv_name_limit(&r->t, &rec->field[r->c_item], r->new_items,
                                 "items")))
      return st;
    char *label = lp ? cx__strndup(lp, ll) : NULL;
    char *dim = dp ? cx__strndup(dp, dl) : NULL;
    if ((lp && !label) || (dp && !dim))
      st = cx__enomem();
    else
      st = cx__gap_csv_add_item(r, p, len, label, dim, 0, &i);
    cx__free(label);
    cx__free(dim);
    if (st)
      return st;
    r->new_items++;
  } else if (!r->items_fixed) {
    const char *kd = r->idim[i] ? r->idim[i] : "";
    const char *kl = r->ilabel[i] ? r->ilabel[i] : "";
    if (dp && !(strlen(kd) == dl && memcmp(kd, dp, dl) == 0))
      return err_field(r, rec, CX_EPARSE, r->c_dim,
                       "dimension differs from the item's first row");
    if (lp && !(strlen(kl) == ll && memcmp(kl, lp, ll) == 0))
      return err_field(r, rec, CX_EPARSE, r->c_label,
                       "label differs from the item's first row");
  }
  *out = i;
  return CX_OK;
}

static cx_status long_row(gap_reader *r, const cx_csv_record *rec) {
  const char *p;
  size_t len;
  cx_status st;
  cx__csv_text(rec, r->c_resp, &p, &len);
  if (!r->open || !kept_is(&r->rid, p, len)) {
    if ((st = cx__gap_csv_finish_respondent(r)))
      return st;
    if (len == 0)
      return err_field(r, rec, CX_EPARSE, r->c_resp, "empty respondent id");
    if ((st = cx__gap_csv_open_respondent(r, rec)))
      return st;
  } else if (!r->skip && (st = cx__gap_csv_check_repeat(r, rec))) {
    return st;
  }
  size_t item = 0;
  if ((st = long_item(r, rec, &item)))
    return st;
  if (r->skip)
    return CX_OK;
  if (r->seen[item])
    return err_field(r, rec, CX_EPARSE, r->c_item,
                     "item given twice for one respondent");
  r->seen[item] = 1;
  for (int v = 0; v < NV; v++)
    if (r->c_val[v] != NONE && (st = cx__gap_csv_read_answer(
                                    r, rec, r->c_val[v], v, &r->val[v][item])))
      return st;
  return CX_OK;
}

static cx_status wide_row(gap_reader *r, const cx_csv_record *rec) {
  cx_status st = cx__gap_csv_open_respondent(r, rec);
  if (st)
    return st;
  if (!r->skip)
    for (size_t c = 0; c < r->t.ncols; c++)
      if (r->w_item[c] != NONE &&
          (st = cx__gap_csv_read_answer(r, rec, c, r->w_kind[c],
                            &r->val[r->w_kind[c]][r->w_item[c]])))
        return st;
  return cx__gap_csv_finish_respondent(r);
}

/* ---- driver ------------------------------------------------------------- */

static cx_status check_options(const cx_gap_csv_options *o) {
  static const char fn[] = "cx_gap_read_csv";
  cx_status st = cx__csv_check_options(fn, o->version,
                                       CX_GAP_CSV_OPTIONS_VERSION,
                                       (int)o->layout);
  if (st)
    return st;
  if (o->delimiter == '"' || o->delimiter == '\n' || o->delimiter == '\r' ||
      o->delimiter == '\0')
    return cx__error(CX_EINVAL, "cx_gap_read_csv: the delimiter cannot be a "
                                "quote, a line end or NUL");
  if (o->layout == CX_GAP_CSV_LONG && (!o->item_column ||
                                       !o->respondent_column))
    return cx__error(CX_EINVAL, "cx_gap_read_csv: the long layout needs item "
                                "and respondent column names");
  if ((o->require_segment || o->segment) && !o->segment_column)
    return cx__error(CX_EINVAL, "cx_gap_read_csv: a segment is required "
                                "without a segment column name");
  return cx__csv_check_required(fn, "weight", o->require_weight,
                                o->weight_column);
}

static cx_status on_row(void *ctx, const cx_csv_record *rec) {
  gap_reader *r = ctx;
  return r->long_layout ? long_row(r, rec) : wide_row(r, rec);
}

static cx_status run(gap_reader *r, const cx_csv_input *in) {
  cx_status st;
  if ((st = cx__csv_table_read(&r->t, in, setup, on_row, r)) ||
      (st = cx__gap_csv_finish_respondent(r)))
    return st;
  if (r->kept_respondents == 0) {
    const char *seg = r->o->segment ? r->o->segment : "";
    const cx_csv_field *h = &r->t.col[r->c_seg];
    return cx__error_at(CX_EPARSE, r->t.name, h->line, h->column, seg,
                        strlen(seg), "no row has this segment in column '%s'",
                        h->ptr);
  }
  if (r->staged) {
    if ((st = cx__gap_csv_map_points(r)) || (st = cx__gap_csv_replay(r)))
      return st;
  }
  /* Every segment gets a survey, and the pooled one merges them. */
  if (!r->segmented)
    return cx__gap_csv_survey_of(r, 0, &r->out->pooled);
  if ((st = cx__gap_csv_make_survey(r, &r->out->pooled)))
    return st;
  for (size_t k = 0; k < r->out->names.count; k++) {
    cx_gap_survey *s;
    if ((st = cx__gap_csv_survey_of(r, k, &s)) ||
        (st = cx_gap_survey_merge(r->out->pooled, s)))
      return st;
  }
  return CX_OK;
}

static void reader_free(gap_reader *r) {
  cx__csv_table_free(&r->t);
  cx__free(r->w_item);
  cx__free(r->w_kind);
  cx__free(r->p_col);
  cx__free(r->p_dim);
  cx__free(r->points);
  for (size_t i = 0; i < r->items.count; i++) {
    cx__free(r->ilabel[i]);
    cx__free(r->idim[i]);
  }
  cx__names_free(&r->items);
  cx__free(r->ilabel);
  cx__free(r->idim);
  cx__free(r->iflags);
  cx__free(r->seen);
  for (int v = 0; v < NV; v++)
    cx__free(r->val[v]);
  cx__free(r->rid.p);
  cx__free(r->rseg.p);
  cx__free(r->rwt.p);
  cx__free(r->rpts.p);
  cx__buf_free(&r->stage);
  if (r->solo && (!r->out || r->out->pooled != r->solo))
    cx_gap_survey_free(r->solo);
  cx__free(r);
}

CX_API void cx_gap_segments_free(cx_gap_segments *g) {
  if (!g)
    return;
  for (size_t k = 0; k < g->names.count; k++)
    cx_gap_survey_free(g->survey[k]);
  cx__free(g->survey);
  cx__names_free(&g->names);
  cx_gap_survey_free(g->pooled);
  cx__free(g);
}

static cx_status read_segments(cx_gap_segments **out,
                               const cx_gap_survey *like, const char *path,
                               const char *data, size_t len, const char *name,
                               const cx_gap_csv_options *options) {
  static const cx_gap_csv_options defaults = CX_GAP_CSV_OPTIONS_INIT;
  const cx_gap_csv_options *o = options ? options : &defaults;
  cx_status st = check_options(o);
  if (st)
    return st;
  gap_reader *r = cx__calloc(1, sizeof *r);
  cx_gap_segments *g = cx__calloc(1, sizeof *g);
  if (!r || !g) {
    cx__free(r);
    cx__free(g);
    return cx__enomem();
  }
  cx__names_init(&g->names);
  cx__names_init(&r->items);
  cx__buf_init(&r->stage);
  r->out = g;
  r->o = o;
  if (like) {
    r->config = like->config;
  } else {
    cx_gap_config dc = CX_GAP_CONFIG_INIT;
    r->config = dc;
  }
  for (int v = 0; v < NV; v++) {
    cx_csv_scale_cell *c = &r->cell[v];
    c->scale = v == V_IMP    ? &r->config.importance
               : v == V_DISC ? &r->config.disconfirmation
                             : &r->config.scale;
    c->na_text = o->na_text;
    c->dk_text = o->dk_text;
    c->numeric_codes = o->numeric_codes;
    c->what = c->what_range = answer_name[v];
  }
  r->like = like;
  r->c_resp = r->c_seg = r->c_wt = r->c_item = r->c_label = r->c_dim = NONE;
  for (int v = 0; v < NV; v++)
    r->c_val[v] = NONE;
  if (like && like->items.count) {
    r->items_fixed = true;
    if ((st = cx__gap_csv_items_from_like(r)))
      goto done;
  }
  const cx_csv_input in = {path, data, len, name, o->delimiter, o->progress,
                           o->progress_ctx, &o->limits};
  st = run(r, &in);
done:
  reader_free(r);
  if (st) {
    cx_gap_segments_free(g);
    return st;
  }
  *out = g;
  return CX_OK;
}

/* Into the caller's survey: merge when it has items, else take over the
 * read survey's contents (items and answers) in one step. */
static cx_status read_into(cx_gap_survey *survey, const char *path,
                           const char *data, size_t len, const char *name,
                           const cx_gap_csv_options *options) {
  cx_gap_segments *g = NULL;
  cx_status st = read_segments(&g, survey, path, data, len, name, options);
  if (st)
    return st;
  if (survey->items.count) {
    st = cx_gap_survey_merge(survey, g->pooled);
  } else {
    cx_gap_survey tmp = *survey;
    *survey = *g->pooled;
    *g->pooled = tmp;
  }
  cx_gap_segments_free(g);
  return st;
}

CX_API cx_status cx_gap_read_csv(cx_gap_survey *survey, const char *path,
                                 const cx_gap_csv_options *options) {
  if (!survey || !path)
    return cx__error(CX_EINVAL, "cx_gap_read_csv: NULL argument");
  return read_into(survey, path, NULL, 0, NULL, options);
}

CX_API cx_status cx_gap_read_csv_buffer(cx_gap_survey *survey,
                                        const char *data, size_t len,
                                        const char *name,
                                        const cx_gap_csv_options *options) {
  if (!survey || (!data && len))
    return cx__error(CX_EINVAL, "cx_gap_read_csv_buffer: NULL argument");
  return read_into(survey, NULL, data ? data : "", len, name, options);
}

CX_API cx_status cx_gap_read_csv_segments(cx_gap_segments **out,
                                          const cx_gap_survey *like,
                                          const char *path,
                                          const cx_gap_csv_options *options) {
  if (!out || !path)
    return cx__error(CX_EINVAL, "cx_gap_read_csv_segments: NULL argument");
  return read_segments(out, like, path, NULL, 0, NULL, options);
}

CX_API cx_status cx_gap_read_csv_segments_buffer(
    cx_gap_segments **out, const cx_gap_survey *like, const char *data,
    size_t len, const char *name, const cx_gap_csv_options *options) {
  if (!out || (!data && len))
    return cx__error(CX_EINVAL,
                     "cx_gap_read_csv_segments_buffer: NULL argument");
  return read_segments(out, like, NULL, data ? data : "", len, name, options);
}

CX_API size_t cx_gap_segments_count(const cx_gap_segments *g) {
  return g ? g->names.count : 0;
}

CX_API const char *cx_gap_segments_name(const cx_gap_segments *g,
                                        size_t index) {
  return g && index < g->names.count ? g->names.name[index] : NULL;
}

CX_API const cx_gap_survey *cx_gap_segments_survey(const cx_gap_segments *g,
                                                   size_t index) {
  return g && index < g->names.count ? g->survey[index] : NULL;
}

CX_API const cx_gap_survey *cx_gap_segments_pooled(const cx_gap_segments *g) {
  return g ? g->pooled : NULL;
}
