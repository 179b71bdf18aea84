/*
 * Journey maps (journey.h, and the journey parts of io.h and render.h).
 *
 * cx_journey is a class whose methods are the library's cx_journey_*
 * functions with the journey as `self`; stages, touchpoints and actors are
 * addressed by id, so the layer above builds its Stage and Touchpoint
 * objects from a journey and an id, never from a pointer.  The problem
 * list, the pain-point ranking and the diff are classes of their own; the
 * score, gap, drop-off and ending structs are plain records copied out.
 * Readers, writers and the picture take their options as plain arguments.
 */

/* --- out-parameters of this module ------------------------------------- */

/* A borrowed string written through `const char **`, copied out. */
%typemap(in, numinputs=0) const char **OUT_STR (const char *temp = NULL) {
  $1 = ($1_ltype)&temp;
}
%typemap(argout) const char **OUT_STR { %append_output(cxb_text(*$1)); }

CXB_OWNED_OUT(cx_journey)
CXB_OWNED_OUT(cx_journey_problems)
CXB_OWNED_OUT(cx_journey_ranking)
CXB_OWNED_OUT(cx_journey_diff)
CXB_STRUCT_OUT(cx_journey_scores)
CXB_STRUCT_OUT(cx_journey_gap)
CXB_STRUCT_OUT(cx_journey_dropoff)
CXB_STRUCT_OUT(cx_journey_ending)
CXB_ENUM_OUT(cx_channel, channel)
CXB_ENUM_OUT(cx_channel, out)
CXB_ENUM_OUT(cx_owner, out)
CXB_ENUM_OUT(cx_layer, out)
CXB_ENUM_OUT(cx_journey_aggregate, out)
%apply const char **OUT_STR { const char **out, const char **name };
%apply double *OUT_DOUBLE { double *out, double *min, double *neutral,
                            double *max };
%apply int *OUT_INT { int *out };
%apply size_t *OUT_SIZE { size_t *out, size_t *stage_index,
                          size_t *position };
%apply (char **TEXT_OUT, size_t *LEN_OUT) { (char **out, size_t *len) };

/* --- names ------------------------------------------------------------- */

%rename(Journey) cx_journey;
%rename(JourneyProblems) cx_journey_problems;
%rename(JourneyRanking) cx_journey_ranking;
%rename(JourneyDiff) cx_journey_diff;
%rename(JourneyScores) cx_journey_scores;
%rename(JourneyScoreOptions) cx_journey_score_options;
%rename(JourneyGap) cx_journey_gap;
%rename(JourneyDropoff) cx_journey_dropoff;
%rename(JourneyEnding) cx_journey_ending;

/* Methods below; the name and parse functions of the enums stay module
 * functions.  The readers, writers and the picture are replaced by
 * helpers taking plain arguments (the io.h and render.h entries are
 * ignored here, before cx.i wraps those headers). */
%rename("$ignore", regextarget=1, %$isfunction) "^cx_journey_(?!element_name$|problem_code_name$|aggregate_name$|aggregate_parse$|zone_name$|change_kind_name$)";
%ignore CX_JOURNEY_END;
%ignore CX_JOURNEY_REMOVE_TOUCHPOINTS;
%ignore CX_JOURNEY_SCORE_OPTIONS_INIT;
%ignore cx_journey_json_options;
%ignore CX_JOURNEY_JSON_OPTIONS_INIT;
%ignore cx_mermaid_options;
%ignore CX_MERMAID_OPTIONS_INIT;
%ignore cx_journey_svg_options;
%ignore CX_JOURNEY_SVG_OPTIONS_INIT;

%nodefaultctor cx_journey;
%nodefaultctor cx_journey_problems;
%nodefaultctor cx_journey_ranking;
%nodefaultctor cx_journey_diff;

%include <cx/journey.h>

/* Opaque in C; read by SWIG only. */
struct cx_journey {};
struct cx_journey_problems {};
struct cx_journey_ranking {};
struct cx_journey_diff {};

%constant unsigned long long JOURNEY_END = CX_JOURNEY_END;
%constant unsigned JOURNEY_REMOVE_TOUCHPOINTS = CX_JOURNEY_REMOVE_TOUCHPOINTS;

CXB_OPTIONS_CTOR(cx_journey_score_options, CX_JOURNEY_SCORE_OPTIONS_INIT)

/* --- methods ----------------------------------------------------------- */

%extend cx_journey {
  /** An empty journey with the id @p id (nothing or "" for none) and the
      scale 1..5, neutral 3. */
  cx_journey(const char *id = NULL) {
    cx_journey *j = NULL;
    cx_status st = cx_journey_new(&j, id);
    if (st != CX_OK) CXB_RAISE(st);
    return j;
  }
  ~cx_journey() { cx_journey_free($self); }

  /** 1 when @p other is deeply equal (cx_journey_equal). */
  int equal(const cx_journey *other);
  /** The journey's id ("" for none). */
  const char *id();
  /** Set a text field (0 title, 1 description); nothing clears it. */
  cx_status set_text(cx_journey_text field, const char *text);
  /** Read a text field ("" when unset). */
  cx_status get_text(cx_journey_text field, const char **out);
  /** Declare the score scale. */
  cx_status set_scale(double min, double neutral, double max);
  /** The score scale: (min, neutral, max). */
  cx_status get_scale(double *min, double *neutral, double *max);

  /** Add an actor (persona); nothing as name uses the id. */
  cx_status actor_add(const char *id, const char *name);
  /** Remove an actor, also from every touchpoint. */
  cx_status actor_remove(const char *id);
  size_t n_actors();
  /** Id of actor @p index, or nothing when out of range. */
  const char *actor_id(size_t index);
  /** Index of an actor; NotFound when there is none. */
  cx_status actor_find(const char *id, size_t *index);
  cx_status actor_set_name(const char *id, const char *name);
  cx_status actor_get_name(const char *id, const char **out);

  /** Append a stage; nothing as name uses the id. */
  cx_status stage_add(const char *id, const char *name);
  /** Insert a stage before index @p index (JOURNEY_END appends). */
  cx_status stage_insert(size_t index, const char *id, const char *name);
  /** Move a stage to index @p index (JOURNEY_END: last). */
  cx_status stage_move(const char *id, size_t index);
  /** Remove a stage (JOURNEY_REMOVE_TOUCHPOINTS: with its touchpoints). */
  cx_status stage_remove(const char *id, unsigned flags);
  size_t n_stages();
  /** Id of stage @p index, or nothing when out of range. */
  const char *stage_id(size_t index);
  /** Index of a stage; NotFound when there is none. */
  cx_status stage_find(const char *id, size_t *index);
  cx_status stage_set_text(const char *id, cx_stage_text field,
                           const char *text);
  cx_status stage_get_text(const char *id, cx_stage_text field,
                           const char **out);
  /** Touchpoints in the stage at @p stage_index (0 when out of range). */
  size_t stage_size(size_t stage_index);

  cx_status touchpoint_add(const char *stage_id, const char *id,
                           const char *name);
  cx_status touchpoint_insert(const char *stage_id, size_t position,
                              const char *id, const char *name);
  /** Move a touchpoint; nothing as stage keeps its stage. */
  cx_status touchpoint_move(const char *id, const char *stage_id,
                            size_t position);
  cx_status touchpoint_remove(const char *id);
  size_t n_touchpoints();
  /** Id of touchpoint @p index in journey order, or nothing. */
  const char *touchpoint_id(size_t index);
  /** Id of the touchpoint at @p position of stage @p stage_index. */
  const char *touchpoint_at(size_t stage_index, size_t position);
  /** Where a touchpoint is: (stage index, position). */
  cx_status touchpoint_find(const char *id, size_t *stage_index,
                            size_t *position);
  cx_status touchpoint_set_text(const char *id, cx_tp_text field,
                                const char *text);
  cx_status touchpoint_get_text(const char *id, cx_tp_text field,
                                const char **out);
  /** Set a numeric field; NaN unsets it. */
  cx_status touchpoint_set_number(const char *id, cx_tp_number field,
                                  double value);
  cx_status touchpoint_get_number(const char *id, cx_tp_number field,
                                  double *out);
  /** Set the channel; @p custom_name only for CHANNEL_CUSTOM. */
  cx_status touchpoint_set_channel(const char *id, cx_channel channel,
                                   const char *custom_name);
  /** The channel: (enum value, display name). */
  cx_status touchpoint_get_channel(const char *id, cx_channel *channel,
                                   const char **name);
  cx_status touchpoint_set_owner(const char *id, cx_owner owner);
  cx_status touchpoint_get_owner(const char *id, cx_owner *out);
  cx_status touchpoint_set_layer(const char *id, cx_layer layer);
  cx_status touchpoint_get_layer(const char *id, cx_layer *out);
  cx_status touchpoint_set_moment_of_truth(const char *id, int flag);
  cx_status touchpoint_get_moment_of_truth(const char *id, int *out);
  cx_status touchpoint_list_add(const char *id, cx_tp_list list,
                                const char *text);
  cx_status touchpoint_list_count(const char *id, cx_tp_list list,
                                  size_t *out);
  cx_status touchpoint_list_get(const char *id, cx_tp_list list, size_t index,
                                const char **out);
  cx_status touchpoint_list_find(const char *id, cx_tp_list list,
                                 const char *text, size_t *index);
  cx_status touchpoint_list_remove(const char *id, cx_tp_list list,
                                   size_t index);
  cx_status touchpoint_metric_set(const char *id, const char *name,
                                  double value);
  cx_status touchpoint_metric_get(const char *id, const char *name,
                                  double *out);
  cx_status touchpoint_metric_count(const char *id, size_t *out);
  cx_status touchpoint_metric_name(const char *id, size_t index,
                                   const char **out);
  cx_status touchpoint_metric_remove(const char *id, const char *name);

  /** Every problem at once (cx_journey_validate). */
  cx_status validate(cx_journey_problems **out);
  /** A score mapped to [-1, 1] around the neutral point. */
  double normalize(double score);
  /** Aggregate scores of the whole journey (options may be nothing). */
  cx_status score(const cx_journey_score_options *options,
                  cx_journey_scores *out);
  /** Aggregate scores of one stage. */
  cx_status score_stage(const char *stage_id,
                        const cx_journey_score_options *options,
                        cx_journey_scores *out);
  /** Aggregate scores of the touchpoints of one actor. */
  cx_status score_actor(const char *actor_id,
                        const cx_journey_score_options *options,
                        cx_journey_scores *out);
  /** Gap figures of one touchpoint. */
  cx_status touchpoint_gap(const char *id, cx_journey_gap *out);
  /** Touchpoints ranked by improvement priority. */
  cx_status rank_pain_points(cx_journey_ranking **out);
  /** Reach of a stage and the drop-off into it. */
  cx_status stage_dropoff(const char *stage_id, cx_journey_dropoff *out);
  /** The "end on a positive note" check. */
  cx_status check_ending(cx_journey_ending *out);
  /** The journey as JSON text (@p indent spaces per level; 0 one line). */
  cx_status to_json(int indent, char **out, size_t *len);
  /** The journey as a Mermaid journey diagram. */
  cx_status to_mermaid(char **out, size_t *len);
}

%extend cx_journey_problems {
  ~cx_journey_problems() { cx_journey_problems_free($self); }
  size_t count();
  /** Code of problem @p index (0 when out of range). */
  cx_journey_problem_code code(size_t index);
  cx_journey_element element(size_t index);
  const char *id(size_t index);
  const char *field(size_t index);
  const char *message(size_t index);
}

%extend cx_journey_ranking {
  ~cx_journey_ranking() { cx_journey_ranking_free($self); }
  size_t count();
  const char *id(size_t index);
  double priority(size_t index);
  double gap(size_t index);
}

%extend cx_journey_diff {
  ~cx_journey_diff() { cx_journey_diff_free($self); }
  size_t count();
  cx_journey_change_kind kind(size_t index);
  cx_journey_element element(size_t index);
  const char *id(size_t index);
  const char *field(size_t index);
  const char *old_value(size_t index);
  const char *new_value(size_t index);
  /** after - before of one aggregate score. */
  double score_change(cx_journey_aggregate aggregate);
  /** Aggregate scores of the first journey. */
  cx_status scores_before(cx_journey_scores *out) {
    return cx_journey_diff_scores($self, out, NULL);
  }
  /** Aggregate scores of the second journey. */
  cx_status scores_after(cx_journey_scores *out) {
    return cx_journey_diff_scores($self, NULL, out);
  }
}

%extend cx_journey_scores {
  /** One aggregate by its enum value (NaN outside the enum). */
  double value_of(cx_journey_aggregate aggregate) {
    return cx_journey_scores_get($self, aggregate);
  }
}

/* --- helpers with plain arguments ---------------------------------------- */

%rename(journey_copy) cxb_journey_copy;
%rename(journey_diff_new) cxb_journey_diff_new;
%rename(journey_from_json) cxb_journey_from_json;
%rename(journey_from_mermaid) cxb_journey_from_mermaid;
%rename(journey_render_svg) cxb_journey_render_svg;
%apply (char **TEXT_OUT, size_t *LEN_OUT) { (char **svg, size_t *svg_len) };
%inline %{
/** A deep copy of @p journey. */
static cx_status cxb_journey_copy(cx_journey **out,
                                  const cx_journey *journey) {
  return cx_journey_copy(out, journey);
}

/** Compare @p before with @p after (options may be nothing). */
static cx_status cxb_journey_diff_new(cx_journey_diff **out,
                                      const cx_journey *before,
                                      const cx_journey *after,
                                      const cx_journey_score_options *options) {
  return cx_journey_diff_new(out, before, after, options);
}

/** Load a journey from JSON text (@p path NULL) or a JSON file; @p unknown
 *  0 preserves unknown members, 1 rejects them; a limit of 0 keeps the
 *  default. */
static cx_status cxb_journey_from_json(
    cx_journey **out, const char *path, const char *text, size_t len,
    const char *name, int unknown, unsigned long long max_bytes,
    unsigned long long max_depth, unsigned long long max_string,
    unsigned long long max_touchpoints, int validate) {
  cx_journey_json_options o = CX_JOURNEY_JSON_OPTIONS_INIT;
  o.unknown = (cx_unknown_fields)unknown;
  if (max_bytes) o.max_bytes = (size_t)max_bytes;
  if (max_depth) o.max_depth = (size_t)max_depth;
  if (max_string) o.max_string = (size_t)max_string;
  if (max_touchpoints) o.max_touchpoints = (size_t)max_touchpoints;
  o.validate = validate;
  if (path) return cx_journey_read_json(out, path, &o);
  return cx_journey_from_json(out, text ? text : "", len, name, &o);
}

/** Import a Mermaid journey diagram from text (@p path NULL) or a file. */
static cx_status cxb_journey_from_mermaid(
    cx_journey **out, const char *path, const char *text, size_t len,
    const char *name, int lenient, double scale_min, double scale_neutral,
    double scale_max, unsigned long long max_bytes,
    unsigned long long max_touchpoints) {
  cx_mermaid_options o = CX_MERMAID_OPTIONS_INIT;
  o.lenient = lenient;
  o.scale_min = scale_min;
  o.scale_neutral = scale_neutral;
  o.scale_max = scale_max;
  if (max_bytes) o.max_bytes = (size_t)max_bytes;
  if (max_touchpoints) o.max_touchpoints = (size_t)max_touchpoints;
  if (path) return cx_journey_read_mermaid(out, path, &o);
  return cx_journey_from_mermaid(out, text ? text : "", len, name, &o);
}

/** The journey map as SVG text; @p width 0 fits the touchpoints, @p theme
 *  0 light, 1 dark, 2 print; @p lanes a combination of the LANE_ bits;
 *  @p title nothing for the journey's title. */
static cx_status cxb_journey_render_svg(const cx_journey *journey,
                                        unsigned width, int theme,
                                        unsigned lanes, const char *title,
                                        char **svg, size_t *svg_len) {
  cx_journey_svg_options o = CX_JOURNEY_SVG_OPTIONS_INIT;
  o.width = width;
  o.theme = (cx_theme)theme;
  o.lanes = lanes;
  o.title = title;
  return cx_journey_render_svg(journey, &o, svg, svg_len);
}
%}
