/**
 * @file journey.h
 * @brief Customer-journey maps: a model of stages and touchpoints, and the
 *        scores and analyses computed from it.
 *
 * A ::cx_journey owns everything it holds: its actors (personas), its
 * stages in order and the touchpoints in order within each stage.  Stages
 * and touchpoints are addressed by stable string ids, never by pointers, so
 * an edit never leaves the caller holding a dangling reference; ids cannot
 * be renamed and survive every move.  Stage and touchpoint ids share one
 * namespace per journey; actor ids have their own.
 *
 * Numbers that are not set are NaN.  Texts that are not set read as "".
 * Every touchpoint score and level (emotion score, expectation, experience,
 * adequate and desired level) is on the journey's declared scale.
 *
 * Strings returned as `const char *` are borrowed from the journey and stay
 * valid until the journey is next changed or freed.  Lookups by id are
 * linear in the size of the journey.
 *
 * Methods and sources of every formula: docs/methodology/journey.md.
 *
 * Threads: a journey may be read from several threads at once, but must
 * not be changed while another thread uses it.
 */
#ifndef CX_JOURNEY_H
#define CX_JOURNEY_H

#include <cx/common.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * A journey map (opaque).
 * @since 0.1
 */
typedef struct cx_journey cx_journey;

/** Position meaning "at the end" for insert and move functions. @since 0.1 */
#define CX_JOURNEY_END ((size_t)-1)

/* ------------------------------------------------------------------------ */
/* Enumerations                                                              */

/**
 * Channel of a touchpoint.
 * @since 0.1
 */
typedef enum cx_channel {
  CX_CHANNEL_NONE = 0,   /**< Not stated. */
  CX_CHANNEL_WEB = 1,    /**< Web site. */
  CX_CHANNEL_APP = 2,    /**< Mobile or desktop application. */
  CX_CHANNEL_EMAIL = 3,  /**< E-mail. */
  CX_CHANNEL_PHONE = 4,  /**< Telephone (call centre, IVR, SMS). */
  CX_CHANNEL_CHAT = 5,   /**< Chat (live agent or bot). */
  CX_CHANNEL_STORE = 6,  /**< Physical store, branch or counter. */
  CX_CHANNEL_LETTER = 7, /**< Paper mail. */
  CX_CHANNEL_SOCIAL = 8, /**< Social media. */
  CX_CHANNEL_EVENT = 9,  /**< Event, fair, visit. */
  CX_CHANNEL_OTHER = 10, /**< Some other channel, not named. */
  CX_CHANNEL_CUSTOM = 11 /**< A channel named by the caller (see
                              cx_journey_touchpoint_set_channel()). */
} cx_channel;

/**
 * Lowercase name of a channel: "none", "web", "app", "email", "phone",
 * "chat", "store", "letter", "social", "event", "other", "custom".
 *
 * @return a static string; "invalid" for values outside the enum.
 * @since 0.1
 */
CX_API const char *cx_channel_name(cx_channel channel);

/**
 * Parse a built-in channel name, ignoring ASCII case ("" and "none" give
 * CX_CHANNEL_NONE; "e-mail" is accepted for email).
 *
 * @param text NUL-terminated name.
 * @param[out] out the channel.
 * @return CX_OK, CX_EINVAL for NULL arguments, or CX_EPARSE naming the text
 *         when it is not a built-in name (callers then store it as
 *         CX_CHANNEL_CUSTOM with the text as its name).  "custom" itself is
 *         not accepted.
 * @since 0.1
 */
CX_API cx_status cx_channel_parse(const char *text, cx_channel *out);

/**
 * Who owns a touchpoint (Lemon & Verhoef 2016, J. Marketing 80(6)).
 * @since 0.1
 */
typedef enum cx_owner {
  CX_OWNER_NONE = 0,     /**< Not stated. */
  CX_OWNER_BRAND = 1,    /**< Brand-owned: designed and run by the firm. */
  CX_OWNER_PARTNER = 2,  /**< Partner-owned: run by a partner of the firm. */
  CX_OWNER_CUSTOMER = 3, /**< Customer-owned: the customer's own actions. */
  CX_OWNER_SOCIAL = 4    /**< Social/external: others, independent sources,
                              the environment. */
} cx_owner;

/**
 * Lowercase name of an owner type: "none", "brand", "partner", "customer",
 * "social".
 *
 * @return a static string; "invalid" for values outside the enum.
 * @since 0.1
 */
CX_API const char *cx_owner_name(cx_owner owner);

/**
 * Parse an owner type, ignoring ASCII case.  Accepts the names of
 * cx_owner_name(), the forms "brand-owned", "partner-owned",
 * "customer-owned", and "external" for CX_OWNER_SOCIAL.
 *
 * @return CX_OK, CX_EINVAL for NULL arguments, or CX_EPARSE naming the text.
 * @since 0.1
 */
CX_API cx_status cx_owner_parse(const char *text, cx_owner *out);

/**
 * Service-blueprint layer of a touchpoint: seen by the customer or not.
 * @since 0.1
 */
typedef enum cx_layer {
  CX_LAYER_NONE = 0,       /**< Not stated. */
  CX_LAYER_FRONTSTAGE = 1, /**< Visible to the customer. */
  CX_LAYER_BACKSTAGE = 2   /**< Invisible to the customer. */
} cx_layer;

/**
 * Lowercase name of a layer: "none", "frontstage", "backstage".
 *
 * @return a static string; "invalid" for values outside the enum.
 * @since 0.1
 */
CX_API const char *cx_layer_name(cx_layer layer);

/**
 * Parse a layer, ignoring ASCII case; also accepts "front-stage",
 * "front stage", "front", and the same forms of back stage.
 *
 * @return CX_OK, CX_EINVAL for NULL arguments, or CX_EPARSE naming the text.
 * @since 0.1
 */
CX_API cx_status cx_layer_parse(const char *text, cx_layer *out);

/**
 * Text fields of a journey.
 * @since 0.1
 */
typedef enum cx_journey_text {
  CX_JOURNEY_TITLE = 0,      /**< Title. */
  CX_JOURNEY_DESCRIPTION = 1 /**< Free description. */
} cx_journey_text;

/**
 * Text fields of a stage.
 * @since 0.1
 */
typedef enum cx_stage_text {
  CX_STAGE_NAME = 0,       /**< Display name. */
  CX_STAGE_DESCRIPTION = 1 /**< Free description. */
} cx_stage_text;

/**
 * Text fields of a touchpoint.
 * @since 0.1
 */
typedef enum cx_tp_text {
  CX_TP_NAME = 0,        /**< Display name. */
  CX_TP_DESCRIPTION = 1, /**< Free description. */
  CX_TP_DEPARTMENT = 2   /**< Department responsible inside the firm. */
} cx_tp_text;

/** Number of ::cx_tp_text fields. @since 0.1 */
#define CX_TP_TEXT_COUNT 3

/**
 * Numeric fields of a touchpoint.  Unset is NaN.
 * @since 0.1
 */
typedef enum cx_tp_number {
  CX_TP_SCORE = 0,       /**< Emotion (experience) score on the scale. */
  CX_TP_EXPECTATION = 1, /**< Expected level E on the scale. */
  CX_TP_EXPERIENCE = 2,  /**< Experienced (perceived) level P on the scale. */
  CX_TP_ADEQUATE = 3,    /**< Adequate (minimum acceptable) level A. */
  CX_TP_DESIRED = 4,     /**< Desired level D. */
  CX_TP_IMPORTANCE = 5,  /**< Importance weight, >= 0, any unit. */
  CX_TP_DURATION = 6,    /**< Duration, >= 0, in a unit of the caller's
                              choosing (the same for the whole journey). */
  CX_TP_REACH = 7        /**< Customers who reach this touchpoint, >= 0. */
} cx_tp_number;

/** Number of ::cx_tp_number fields. @since 0.1 */
#define CX_TP_NUMBER_COUNT 8

/**
 * String-list fields of a touchpoint.
 * @since 0.1
 */
typedef enum cx_tp_list {
  CX_TP_ACTORS = 0,        /**< Ids of the journey's actors involved. */
  CX_TP_PAIN_POINTS = 1,   /**< Pain points, free text. */
  CX_TP_OPPORTUNITIES = 2, /**< Opportunities, free text. */
  CX_TP_QUOTES = 3         /**< Customer quotes, free text. */
} cx_tp_list;

/** Number of ::cx_tp_list fields. @since 0.1 */
#define CX_TP_LIST_COUNT 4

/**
 * Field names, as used in diff records and problem reports:
 * "name", "description", "department" for ::cx_tp_text.
 * @return a static string; "invalid" for values outside the enum.
 * @since 0.1
 */
CX_API const char *cx_tp_text_name(cx_tp_text field);

/**
 * Field names "score", "expectation", "experience", "adequate", "desired",
 * "importance", "duration", "reach" for ::cx_tp_number.
 * @return a static string; "invalid" for values outside the enum.
 * @since 0.1
 */
CX_API const char *cx_tp_number_name(cx_tp_number field);

/**
 * Field names "actors", "pain_points", "opportunities", "quotes" for
 * ::cx_tp_list.
 * @return a static string; "invalid" for values outside the enum.
 * @since 0.1
 */
CX_API const char *cx_tp_list_name(cx_tp_list field);

/**
 * Kind of element a problem or a change concerns.
 * @since 0.1
 */
typedef enum cx_journey_element {
  CX_JOURNEY_ELEMENT_JOURNEY = 0,   /**< The journey itself. */
  CX_JOURNEY_ELEMENT_ACTOR = 1,     /**< An actor. */
  CX_JOURNEY_ELEMENT_STAGE = 2,     /**< A stage. */
  CX_JOURNEY_ELEMENT_TOUCHPOINT = 3 /**< A touchpoint. */
} cx_journey_element;

/**
 * Lowercase name: "journey", "actor", "stage", "touchpoint".
 * @return a static string; "invalid" for values outside the enum.
 * @since 0.1
 */
CX_API const char *cx_journey_element_name(cx_journey_element element);

/* ------------------------------------------------------------------------ */
/* The journey                                                               */

/**
 * Create an empty journey with the default scale 1..5, neutral 3 (as
 * Mermaid's journey diagrams).
 *
 * @param[out] out the new journey, owned by the caller (cx_journey_free()).
 * @param id the journey's id, fixed for its lifetime; NULL or "" for none.
 *        Must be valid UTF-8.
 * @return CX_OK, CX_EINVAL (NULL @p out, invalid UTF-8) or CX_ENOMEM.
 * @since 0.1
 */
CX_API cx_status cx_journey_new(cx_journey **out, const char *id);

/**
 * Free a journey and everything it owns.
 * @param journey the journey, or NULL.
 * @since 0.1
 */
CX_API void cx_journey_free(cx_journey *journey);

/**
 * Deep copy of a journey (including data kept for readers and writers).
 *
 * @param[out] out the copy, owned by the caller.
 * @param journey the journey to copy.
 * @return CX_OK, CX_EINVAL for NULL arguments, or CX_ENOMEM.
 * @since 0.1
 */
CX_API cx_status cx_journey_copy(cx_journey **out, const cx_journey *journey);

/**
 * Deep equality: same id, texts, scale, actors, stages and touchpoints in
 * the same order with equal fields, list items in the same order, metrics
 * in the same order, and equal data kept for readers (unknown JSON fields,
 * compared as text).  Unset numbers (NaN) equal each other; other numbers
 * compare with ==.
 *
 * @return 1 when equal, 0 otherwise (also when either is NULL, unless both
 *         are).
 * @since 0.1
 */
CX_API int cx_journey_equal(const cx_journey *a, const cx_journey *b);

/**
 * The journey's id.
 * @return a borrowed string ("" when it has none); NULL for a NULL journey.
 * @since 0.1
 */
CX_API const char *cx_journey_id(const cx_journey *journey);

/**
 * Set a text field of the journey.
 *
 * @param text NUL-terminated UTF-8; NULL or "" clears the field.
 * @return CX_OK, CX_EINVAL (NULL journey, unknown field, invalid UTF-8) or
 *         CX_ENOMEM.
 * @since 0.1
 */
CX_API cx_status cx_journey_set_text(cx_journey *journey,
                                     cx_journey_text field, const char *text);

/**
 * Read a text field of the journey.
 *
 * @param[out] out borrowed text, "" when unset.
 * @return CX_OK or CX_EINVAL (NULL arguments, unknown field).
 * @since 0.1
 */
CX_API cx_status cx_journey_get_text(const cx_journey *journey,
                                     cx_journey_text field, const char **out);

/**
 * Declare the score scale of the journey.  Touchpoint values are not
 * checked against it here (cx_journey_validate() reports values outside).
 *
 * Bipolar scales have min < neutral < max.  A unipolar scale (no negative
 * side, for example "0 = no emotion ... 10 = delight") sets neutral equal
 * to min: normalised scores then lie in [0, 1].
 *
 * @param min lowest score, finite.
 * @param neutral the neutral point, finite, min <= neutral < max.
 * @param max highest score, finite.
 * @return CX_OK, CX_EINVAL for a NULL journey, or CX_ERANGE when the values
 *         are not finite or not ordered as above.
 * @since 0.1
 */
CX_API cx_status cx_journey_set_scale(cx_journey *journey, double min,
                                      double neutral, double max);

/**
 * Read the score scale.
 *
 * @param[out] min, neutral, max the scale; each may be NULL.
 * @return CX_OK or CX_EINVAL for a NULL journey.
 * @since 0.1
 */
CX_API cx_status cx_journey_get_scale(const cx_journey *journey, double *min,
                                      double *neutral, double *max);

/* ------------------------------------------------------------------------ */
/* Actors (personas)                                                         */

/**
 * Add an actor at the end of the actor list.
 *
 * @param id non-empty UTF-8 id, unique among the journey's actors.
 * @param name display name; NULL uses the id.
 * @return CX_OK, CX_EINVAL (NULL or empty id, invalid UTF-8, id already
 *         used by an actor) or CX_ENOMEM.
 * @since 0.1
 */
CX_API cx_status cx_journey_actor_add(cx_journey *journey, const char *id,
                                      const char *name);

/**
 * Remove an actor; it is also removed from the actor list of every
 * touchpoint that names it.
 *
 * @return CX_OK, CX_EINVAL for NULL arguments, or CX_ENOTFOUND.
 * @since 0.1
 */
CX_API cx_status cx_journey_actor_remove(cx_journey *journey, const char *id);

/**
 * Number of actors.
 * @return the count; 0 for a NULL journey.
 * @since 0.1
 */
CX_API size_t cx_journey_n_actors(const cx_journey *journey);

/**
 * Id of the actor at @p index (in order of addition).
 * @return a borrowed string, or NULL (error set) when out of range.
 * @since 0.1
 */
CX_API const char *cx_journey_actor_id(const cx_journey *journey,
                                       size_t index);

/**
 * Index of an actor.
 *
 * @param[out] index the index; may be NULL to test existence.
 * @return CX_OK, CX_EINVAL for NULL arguments, or CX_ENOTFOUND.
 * @since 0.1
 */
CX_API cx_status cx_journey_actor_find(const cx_journey *journey,
                                       const char *id, size_t *index);

/**
 * Change an actor's display name.
 *
 * @param name NUL-terminated UTF-8 (may be "").
 * @return CX_OK, CX_EINVAL (NULL arguments, invalid UTF-8), CX_ENOTFOUND or
 *         CX_ENOMEM.
 * @since 0.1
 */
CX_API cx_status cx_journey_actor_set_name(cx_journey *journey,
                                           const char *id, const char *name);

/**
 * Read an actor's display name.
 *
 * @param[out] out borrowed name.
 * @return CX_OK, CX_EINVAL for NULL arguments, or CX_ENOTFOUND.
 * @since 0.1
 */
CX_API cx_status cx_journey_actor_get_name(const cx_journey *journey,
                                           const char *id, const char **out);

/* ------------------------------------------------------------------------ */
/* Stages                                                                    */

/** Flag of cx_journey_stage_remove(): also remove the stage's touchpoints.
 *  @since 0.1 */
#define CX_JOURNEY_REMOVE_TOUCHPOINTS 1u

/**
 * Append a stage.
 *
 * @param id non-empty UTF-8 id, not used by any stage or touchpoint of the
 *        journey.
 * @param name display name (UTF-8, may be ""); NULL uses the id.
 * @return CX_OK, CX_EINVAL (NULL journey or id, empty id, invalid UTF-8, id
 *         already used) or CX_ENOMEM.
 * @since 0.1
 */
CX_API cx_status cx_journey_stage_add(cx_journey *journey, const char *id,
                                      const char *name);

/**
 * Insert a stage before the stage now at @p index.
 *
 * @param index 0 .. cx_journey_n_stages(), or CX_JOURNEY_END to append.
 * @return as cx_journey_stage_add(), and CX_ERANGE when @p index is past
 *         the end.
 * @since 0.1
 */
CX_API cx_status cx_journey_stage_insert(cx_journey *journey, size_t index,
                                         const char *id, const char *name);

/**
 * Move a stage (with its touchpoints) so that it ends up at @p index.
 *
 * @param index the stage's index after the move, 0 .. n_stages - 1, or
 *        CX_JOURNEY_END for last.
 * @return CX_OK, CX_EINVAL for NULL arguments, CX_ENOTFOUND or CX_ERANGE.
 * @since 0.1
 */
CX_API cx_status cx_journey_stage_move(cx_journey *journey, const char *id,
                                       size_t index);

/**
 * Remove a stage.
 *
 * A stage that still has touchpoints is removed only with the flag
 * CX_JOURNEY_REMOVE_TOUCHPOINTS (which removes them too); without it the
 * call is refused, so touchpoints are never lost by accident.
 *
 * @param flags 0 or CX_JOURNEY_REMOVE_TOUCHPOINTS.
 * @return CX_OK, CX_EINVAL (NULL arguments, unknown flags), CX_ENOTFOUND,
 *         or CX_ESTATE when the stage has touchpoints and the flag is not
 *         given.
 * @since 0.1
 */
CX_API cx_status cx_journey_stage_remove(cx_journey *journey, const char *id,
                                         unsigned flags);

/**
 * Number of stages.
 * @return the count; 0 for a NULL journey.
 * @since 0.1
 */
CX_API size_t cx_journey_n_stages(const cx_journey *journey);

/**
 * Id of the stage at @p index.
 * @return a borrowed string, or NULL (error set) when out of range.
 * @since 0.1
 */
CX_API const char *cx_journey_stage_id(const cx_journey *journey,
                                       size_t index);

/**
 * Index of a stage.
 *
 * @param[out] index the index; may be NULL to test existence.
 * @return CX_OK, CX_EINVAL for NULL arguments, or CX_ENOTFOUND (also when
 *         the id belongs to a touchpoint).
 * @since 0.1
 */
CX_API cx_status cx_journey_stage_find(const cx_journey *journey,
                                       const char *id, size_t *index);

/**
 * Set a text field of a stage.
 *
 * @param text UTF-8; for CX_STAGE_NAME it must not be NULL (it may be "");
 *        for other fields NULL or "" clears the field.
 * @return CX_OK, CX_EINVAL, CX_ENOTFOUND or CX_ENOMEM.
 * @since 0.1
 */
CX_API cx_status cx_journey_stage_set_text(cx_journey *journey,
                                           const char *id, cx_stage_text field,
                                           const char *text);

/**
 * Read a text field of a stage.
 *
 * @param[out] out borrowed text, "" when unset.
 * @return CX_OK, CX_EINVAL or CX_ENOTFOUND.
 * @since 0.1
 */
CX_API cx_status cx_journey_stage_get_text(const cx_journey *journey,
                                           const char *id, cx_stage_text field,
                                           const char **out);

/**
 * Number of touchpoints of the stage at @p stage_index.
 * @return the count; 0 when the index is out of range.
 * @since 0.1
 */
CX_API size_t cx_journey_stage_size(const cx_journey *journey,
                                    size_t stage_index);

/* ------------------------------------------------------------------------ */
/* Touchpoints: structure                                                    */

/**
 * Append a touchpoint to a stage.
 *
 * @param stage_id the stage.
 * @param id non-empty UTF-8 id, not used by any stage or touchpoint.
 * @param name display name (UTF-8, may be ""); NULL uses the id.
 * @return CX_OK, CX_EINVAL (NULL or empty id, invalid UTF-8, id already
 *         used), CX_ENOTFOUND (no such stage) or CX_ENOMEM.
 * @since 0.1
 */
CX_API cx_status cx_journey_touchpoint_add(cx_journey *journey,
                                           const char *stage_id,
                                           const char *id, const char *name);

/**
 * Insert a touchpoint into a stage before the one now at @p position.
 *
 * @param position 0 .. stage size, or CX_JOURNEY_END to append.
 * @return as cx_journey_touchpoint_add(), and CX_ERANGE when @p position is
 *         past the end.
 * @since 0.1
 */
CX_API cx_status cx_journey_touchpoint_insert(cx_journey *journey,
                                              const char *stage_id,
                                              size_t position, const char *id,
                                              const char *name);

/**
 * Move a touchpoint within its stage or to another stage.  Its id and all
 * its fields are kept.
 *
 * @param stage_id the target stage; NULL keeps the current one.
 * @param position the touchpoint's position in the target stage after the
 *        move (0 .. size of the target stage without it), or
 *        CX_JOURNEY_END for last.
 * @return CX_OK, CX_EINVAL for NULL journey or id, CX_ENOTFOUND (touchpoint
 *         or stage) or CX_ERANGE.
 * @since 0.1
 */
CX_API cx_status cx_journey_touchpoint_move(cx_journey *journey,
                                            const char *id,
                                            const char *stage_id,
                                            size_t position);

/**
 * Remove a touchpoint.
 * @return CX_OK, CX_EINVAL for NULL arguments, or CX_ENOTFOUND.
 * @since 0.1
 */
CX_API cx_status cx_journey_touchpoint_remove(cx_journey *journey,
                                              const char *id);

/**
 * Number of touchpoints in the whole journey.
 * @return the count; 0 for a NULL journey.
 * @since 0.1
 */
CX_API size_t cx_journey_n_touchpoints(const cx_journey *journey);

/**
 * Id of the touchpoint at @p index in journey order (stages in order, then
 * touchpoints in order within each stage).
 * @return a borrowed string, or NULL (error set) when out of range.
 * @since 0.1
 */
CX_API const char *cx_journey_touchpoint_id(const cx_journey *journey,
                                            size_t index);

/**
 * Id of the touchpoint at @p position in the stage at @p stage_index.
 * @return a borrowed string, or NULL (error set) when out of range.
 * @since 0.1
 */
CX_API const char *cx_journey_touchpoint_at(const cx_journey *journey,
                                            size_t stage_index,
                                            size_t position);

/**
 * Where a touchpoint is.
 *
 * @param[out] stage_index index of its stage; may be NULL.
 * @param[out] position its position in the stage; may be NULL.
 * @return CX_OK, CX_EINVAL for NULL journey or id, or CX_ENOTFOUND (also
 *         when the id belongs to a stage).
 * @since 0.1
 */
CX_API cx_status cx_journey_touchpoint_find(const cx_journey *journey,
                                            const char *id,
                                            size_t *stage_index,
                                            size_t *position);

/* ------------------------------------------------------------------------ */
/* Touchpoints: fields                                                       */

/**
 * Set a text field of a touchpoint.
 *
 * @param text UTF-8; for CX_TP_NAME it must not be NULL (it may be ""); for
 *        other fields NULL or "" clears the field.
 * @return CX_OK, CX_EINVAL (NULL arguments, unknown field, invalid UTF-8),
 *         CX_ENOTFOUND or CX_ENOMEM.
 * @since 0.1
 */
CX_API cx_status cx_journey_touchpoint_set_text(cx_journey *journey,
                                                const char *id,
                                                cx_tp_text field,
                                                const char *text);

/**
 * Read a text field of a touchpoint.
 *
 * @param[out] out borrowed text, "" when unset.
 * @return CX_OK, CX_EINVAL or CX_ENOTFOUND.
 * @since 0.1
 */
CX_API cx_status cx_journey_touchpoint_get_text(const cx_journey *journey,
                                                const char *id,
                                                cx_tp_text field,
                                                const char **out);

/**
 * Set a numeric field of a touchpoint.
 *
 * NaN unsets the field.  Scores and levels are not checked against the
 * scale here (the scale may change later; cx_journey_validate() reports
 * values outside it), and adequate may exceed desired while the two are
 * being edited (validate reports it).
 *
 * @return CX_OK, CX_EINVAL (NULL arguments, unknown field), CX_ENOTFOUND,
 *         or CX_ERANGE for an infinite value or a negative importance,
 *         duration or reach.
 * @since 0.1
 */
CX_API cx_status cx_journey_touchpoint_set_number(cx_journey *journey,
                                                  const char *id,
                                                  cx_tp_number field,
                                                  double value);

/**
 * Read a numeric field of a touchpoint.
 *
 * @param[out] out the value, NaN when unset.
 * @return CX_OK, CX_EINVAL or CX_ENOTFOUND.
 * @since 0.1
 */
CX_API cx_status cx_journey_touchpoint_get_number(const cx_journey *journey,
                                                  const char *id,
                                                  cx_tp_number field,
                                                  double *out);

/**
 * Set the channel of a touchpoint.
 *
 * @param channel the channel.
 * @param custom_name for CX_CHANNEL_CUSTOM, the channel's non-empty UTF-8
 *        name (for example "kiosk"); must be NULL for other channels.
 * @return CX_OK, CX_EINVAL (NULL journey or id, channel outside the enum,
 *         missing or unexpected custom name, invalid UTF-8), CX_ENOTFOUND
 *         or CX_ENOMEM.
 * @since 0.1
 */
CX_API cx_status cx_journey_touchpoint_set_channel(cx_journey *journey,
                                                   const char *id,
                                                   cx_channel channel,
                                                   const char *custom_name);

/**
 * Read the channel of a touchpoint.
 *
 * @param[out] channel the channel; may be NULL.
 * @param[out] name the display name: the custom name for CX_CHANNEL_CUSTOM,
 *             else cx_channel_name() ("none" when not stated); borrowed;
 *             may be NULL.
 * @return CX_OK, CX_EINVAL or CX_ENOTFOUND.
 * @since 0.1
 */
CX_API cx_status cx_journey_touchpoint_get_channel(const cx_journey *journey,
                                                   const char *id,
                                                   cx_channel *channel,
                                                   const char **name);

/**
 * Set the owner type of a touchpoint.
 * @return CX_OK, CX_EINVAL (also for a value outside the enum) or
 *         CX_ENOTFOUND.
 * @since 0.1
 */
CX_API cx_status cx_journey_touchpoint_set_owner(cx_journey *journey,
                                                 const char *id,
                                                 cx_owner owner);

/**
 * Read the owner type of a touchpoint.
 * @return CX_OK, CX_EINVAL or CX_ENOTFOUND.
 * @since 0.1
 */
CX_API cx_status cx_journey_touchpoint_get_owner(const cx_journey *journey,
                                                 const char *id,
                                                 cx_owner *out);

/**
 * Set the layer (front stage or back stage) of a touchpoint.
 * @return CX_OK, CX_EINVAL (also for a value outside the enum) or
 *         CX_ENOTFOUND.
 * @since 0.1
 */
CX_API cx_status cx_journey_touchpoint_set_layer(cx_journey *journey,
                                                 const char *id,
                                                 cx_layer layer);

/**
 * Read the layer of a touchpoint.
 * @return CX_OK, CX_EINVAL or CX_ENOTFOUND.
 * @since 0.1
 */
CX_API cx_status cx_journey_touchpoint_get_layer(const cx_journey *journey,
                                                 const char *id,
                                                 cx_layer *out);

/**
 * Mark or unmark a touchpoint as a moment of truth.
 *
 * @param flag nonzero marks it.
 * @return CX_OK, CX_EINVAL or CX_ENOTFOUND.
 * @since 0.1
 */
CX_API cx_status cx_journey_touchpoint_set_moment_of_truth(cx_journey *journey,
                                                           const char *id,
                                                           int flag);

/**
 * Whether a touchpoint is a moment of truth.
 *
 * @param[out] out 1 or 0.
 * @return CX_OK, CX_EINVAL or CX_ENOTFOUND.
 * @since 0.1
 */
CX_API cx_status cx_journey_touchpoint_get_moment_of_truth(
    const cx_journey *journey, const char *id, int *out);

/* ------------------------------------------------------------------------ */
/* Touchpoints: lists and metrics                                            */

/**
 * Append an item to a list field of a touchpoint.
 *
 * For CX_TP_ACTORS the item is an actor id that must already be declared
 * with cx_journey_actor_add() and not yet be in the list.  Items of other
 * lists may repeat.
 *
 * @param text non-empty UTF-8.
 * @return CX_OK, CX_EINVAL (NULL arguments, unknown list, empty text,
 *         invalid UTF-8, actor already listed), CX_ENOTFOUND (touchpoint,
 *         or an undeclared actor) or CX_ENOMEM.
 * @since 0.1
 */
CX_API cx_status cx_journey_touchpoint_list_add(cx_journey *journey,
                                                const char *id,
                                                cx_tp_list list,
                                                const char *text);

/**
 * Number of items in a list field.
 *
 * @param[out] out the count.
 * @return CX_OK, CX_EINVAL or CX_ENOTFOUND.
 * @since 0.1
 */
CX_API cx_status cx_journey_touchpoint_list_count(const cx_journey *journey,
                                                  const char *id,
                                                  cx_tp_list list,
                                                  size_t *out);

/**
 * Item @p index of a list field.
 *
 * @param[out] out borrowed text.
 * @return CX_OK, CX_EINVAL, CX_ENOTFOUND or CX_ERANGE.
 * @since 0.1
 */
CX_API cx_status cx_journey_touchpoint_list_get(const cx_journey *journey,
                                                const char *id,
                                                cx_tp_list list, size_t index,
                                                const char **out);

/**
 * Position of the first item equal to @p text in a list field.
 *
 * @param[out] index the position; may be NULL to test membership.
 * @return CX_OK, CX_EINVAL, or CX_ENOTFOUND (touchpoint or item).
 * @since 0.1
 */
CX_API cx_status cx_journey_touchpoint_list_find(const cx_journey *journey,
                                                 const char *id,
                                                 cx_tp_list list,
                                                 const char *text,
                                                 size_t *index);

/**
 * Remove item @p index of a list field; later items move up.
 * @return CX_OK, CX_EINVAL, CX_ENOTFOUND or CX_ERANGE.
 * @since 0.1
 */
CX_API cx_status cx_journey_touchpoint_list_remove(cx_journey *journey,
                                                   const char *id,
                                                   cx_tp_list list,
                                                   size_t index);

/**
 * Set a named metric of a touchpoint (for example "NPS", "CSAT"); a new
 * name goes to the end, an existing one keeps its place.
 *
 * @param name non-empty UTF-8 name (case-sensitive).
 * @param value finite value.
 * @return CX_OK, CX_EINVAL (NULL arguments, empty name, invalid UTF-8),
 *         CX_ENOTFOUND, CX_ERANGE (NaN or infinite value) or CX_ENOMEM.
 * @since 0.1
 */
CX_API cx_status cx_journey_touchpoint_metric_set(cx_journey *journey,
                                                  const char *id,
                                                  const char *name,
                                                  double value);

/**
 * Read a named metric.
 *
 * @param[out] out the value.
 * @return CX_OK, CX_EINVAL, or CX_ENOTFOUND (touchpoint or metric).
 * @since 0.1
 */
CX_API cx_status cx_journey_touchpoint_metric_get(const cx_journey *journey,
                                                  const char *id,
                                                  const char *name,
                                                  double *out);

/**
 * Number of metrics of a touchpoint.
 *
 * @param[out] out the count.
 * @return CX_OK, CX_EINVAL or CX_ENOTFOUND.
 * @since 0.1
 */
CX_API cx_status cx_journey_touchpoint_metric_count(const cx_journey *journey,
                                                    const char *id,
                                                    size_t *out);

/**
 * Name of metric @p index (in order of first setting).
 *
 * @param[out] out borrowed name.
 * @return CX_OK, CX_EINVAL, CX_ENOTFOUND or CX_ERANGE.
 * @since 0.1
 */
CX_API cx_status cx_journey_touchpoint_metric_name(const cx_journey *journey,
                                                   const char *id,
                                                   size_t index,
                                                   const char **out);

/**
 * Remove a named metric.
 * @return CX_OK, CX_EINVAL, or CX_ENOTFOUND (touchpoint or metric).
 * @since 0.1
 */
CX_API cx_status cx_journey_touchpoint_metric_remove(cx_journey *journey,
                                                     const char *id,
                                                     const char *name);

/* ------------------------------------------------------------------------ */
/* Validation                                                                */

/**
 * Kinds of problem cx_journey_validate() reports.
 * @since 0.1
 */
typedef enum cx_journey_problem_code {
  CX_JOURNEY_PROBLEM_DUPLICATE_ID = 1,   /**< A stage or touchpoint id is
                                              used more than once, or an
                                              actor id twice. */
  CX_JOURNEY_PROBLEM_EMPTY_ID = 2,       /**< An id is empty. */
  CX_JOURNEY_PROBLEM_EMPTY_NAME = 3,     /**< A stage, touchpoint or actor
                                              has an empty name. */
  CX_JOURNEY_PROBLEM_UNKNOWN_ACTOR = 4,  /**< A touchpoint names an actor
                                              the journey does not declare,
                                              or names one twice. */
  CX_JOURNEY_PROBLEM_BAD_SCALE = 5,      /**< The scale is not
                                              min <= neutral < max, finite. */
  CX_JOURNEY_PROBLEM_OUT_OF_SCALE = 6,   /**< A score or level lies outside
                                              [min, max]. */
  CX_JOURNEY_PROBLEM_NOT_FINITE = 7,     /**< Infinite number, or NaN where
                                              a number is required (metric
                                              values). */
  CX_JOURNEY_PROBLEM_NEGATIVE = 8,       /**< Negative importance, duration
                                              or reach. */
  CX_JOURNEY_PROBLEM_INVERTED_ZONE = 9,  /**< Adequate level above the
                                              desired level. */
  CX_JOURNEY_PROBLEM_CHANNEL_NAME = 10   /**< A custom channel without a
                                              name. */
} cx_journey_problem_code;

/**
 * Short name of a problem code ("duplicate-id", "empty-id", "empty-name",
 * "unknown-actor", "bad-scale", "out-of-scale", "not-finite", "negative",
 * "inverted-zone", "channel-name").
 * @return a static string; "invalid" for values outside the enum.
 * @since 0.1
 */
CX_API const char *cx_journey_problem_code_name(cx_journey_problem_code code);

/**
 * The problems found in a journey (opaque list).
 * @since 0.1
 */
typedef struct cx_journey_problems cx_journey_problems;

/**
 * Check a journey and list every problem at once, in a stable order:
 * journey-level problems, then actors, then stages and touchpoints in
 * journey order, fields in declaration order.
 *
 * Data built through the public API cannot hold duplicate or empty ids, but
 * data loaded by a reader may; both are reported here.
 *
 * @param journey the journey.
 * @param[out] out the list, owned by the caller
 *             (cx_journey_problems_free()); empty when the journey is valid.
 * @return CX_OK (whether or not problems were found), CX_EINVAL for NULL
 *         arguments, or CX_ENOMEM.
 * @since 0.1
 */
CX_API cx_status cx_journey_validate(const cx_journey *journey,
                                     cx_journey_problems **out);

/**
 * Free a problem list.
 * @param problems the list, or NULL.
 * @since 0.1
 */
CX_API void cx_journey_problems_free(cx_journey_problems *problems);

/**
 * Number of problems.
 * @return the count; 0 for NULL.
 * @since 0.1
 */
CX_API size_t cx_journey_problems_count(const cx_journey_problems *problems);

/**
 * Code of problem @p index.
 * @return the code, or 0 when out of range.
 * @since 0.1
 */
CX_API cx_journey_problem_code cx_journey_problems_code(
    const cx_journey_problems *problems, size_t index);

/**
 * Kind of element problem @p index concerns.
 * @return the element kind; CX_JOURNEY_ELEMENT_JOURNEY when out of range.
 * @since 0.1
 */
CX_API cx_journey_element cx_journey_problems_element(
    const cx_journey_problems *problems, size_t index);

/**
 * Id of the element problem @p index concerns ("" for the journey itself).
 * @return a string borrowed from the list, or NULL when out of range.
 * @since 0.1
 */
CX_API const char *cx_journey_problems_id(const cx_journey_problems *problems,
                                          size_t index);

/**
 * Field problem @p index concerns ("score", "id", "name", "actors",
 * "metric:NPS", "scale", ...), or "" when it concerns no single field.
 * @return a string borrowed from the list, or NULL when out of range.
 * @since 0.1
 */
CX_API const char *cx_journey_problems_field(
    const cx_journey_problems *problems, size_t index);

/**
 * Human-readable message of problem @p index, naming the element and the
 * offending value.
 * @return a string borrowed from the list, or NULL when out of range.
 * @since 0.1
 */
CX_API const char *cx_journey_problems_message(
    const cx_journey_problems *problems, size_t index);

/* ------------------------------------------------------------------------ */
/* Scores                                                                    */

/**
 * Map a score on the journey's scale to [-1, 1] around the neutral point:
 * (s - neutral) / (max - neutral) when s >= neutral, else
 * (s - neutral) / (neutral - min).  Values outside the scale map outside
 * [-1, 1]; they are not clipped.
 *
 * @return the normalised score; NaN for NaN input or a NULL journey.
 * @since 0.1
 */
CX_API double cx_journey_normalize(const cx_journey *journey, double score);

/**
 * Options of the scoring functions.
 * @since 0.1
 */
typedef struct cx_journey_score_options {
  unsigned version;       /**< CX_JOURNEY_SCORE_OPTIONS_VERSION. */
  double peak_end_weight; /**< w of peak-end = w * most intense +
                               (1 - w) * end; in [0, 1], default 0.5. */
  int unassigned_for_all; /**< For cx_journey_score_actor(): 1 (default)
                               counts a touchpoint that lists no actor for
                               every actor; 0 counts only touchpoints that
                               list the actor. */
} cx_journey_score_options;

/** Current version of ::cx_journey_score_options. @since 0.1 */
#define CX_JOURNEY_SCORE_OPTIONS_VERSION 1u
/** Default scoring options. @since 0.1 */
#define CX_JOURNEY_SCORE_OPTIONS_INIT                                          \
  {CX_JOURNEY_SCORE_OPTIONS_VERSION, 0.5, 1}

/**
 * The aggregate scores of ::cx_journey_scores, for access by name.
 * @since 0.1
 */
typedef enum cx_journey_aggregate {
  CX_JOURNEY_AGG_MEAN = 0,          /**< Mean. */
  CX_JOURNEY_AGG_WEIGHTED_MEAN = 1, /**< Duration-weighted mean. */
  CX_JOURNEY_AGG_PEAK = 2,          /**< Highest. */
  CX_JOURNEY_AGG_TROUGH = 3,        /**< Lowest (the minimum). */
  CX_JOURNEY_AGG_MOST_INTENSE = 4,  /**< Largest |x|, sign kept. */
  CX_JOURNEY_AGG_BEGINNING = 5,     /**< First. */
  CX_JOURNEY_AGG_END = 6,           /**< Last. */
  CX_JOURNEY_AGG_PEAK_END = 7,      /**< Peak-end rule. */
  CX_JOURNEY_AGG_SLOPE = 8,         /**< Least-squares trend. */
  CX_JOURNEY_AGG_VARIABILITY = 9,   /**< Sample standard deviation. */
  CX_JOURNEY_AGG_SUCCESS = 10       /**< Multiplicative success. */
} cx_journey_aggregate;

/** Number of ::cx_journey_aggregate values. @since 0.1 */
#define CX_JOURNEY_AGG_COUNT 11

/**
 * Name of an aggregate: "mean", "weighted_mean", "peak", "trough",
 * "most_intense", "beginning", "end", "peak_end", "slope", "variability",
 * "success".
 * @return a static string; "invalid" for values outside the enum.
 * @since 0.1
 */
CX_API const char *cx_journey_aggregate_name(cx_journey_aggregate aggregate);

/**
 * Parse an aggregate name (as cx_journey_aggregate_name(), ASCII case
 * ignored, '-' accepted for '_').
 * @return CX_OK, CX_EINVAL for NULL arguments, or CX_EPARSE naming the text.
 * @since 0.1
 */
CX_API cx_status cx_journey_aggregate_parse(const char *text,
                                            cx_journey_aggregate *out);

/**
 * Aggregate scores over the normalised scores x_1..x_n (each in [-1, 1] on
 * a bipolar scale) of the touchpoints that have a score, in journey order.
 * Every value is NaN when it is undefined (for example all of them when
 * n = 0); see docs/methodology/journey.md for each formula.
 * @since 0.1
 */
typedef struct cx_journey_scores {
  uint64_t n;           /**< Touchpoints with a score. */
  uint64_t n_weighted;  /**< Of those, touchpoints with a duration. */
  double mean;          /**< Mean of x. */
  double weighted_mean; /**< Sum(d x) / Sum(d) over touchpoints with a
                             duration d; NaN when Sum(d) = 0. */
  double peak;          /**< Highest x. */
  double trough;        /**< Lowest x (the minimum). */
  double most_intense;  /**< x with the largest |x|, sign kept; ties go to
                             the later touchpoint. */
  double beginning;     /**< First x. */
  double end;           /**< Last x. */
  double peak_end;      /**< w * most_intense + (1 - w) * end. */
  double slope;         /**< Least-squares slope of x against position
                             t_k = k / (n - 1), k = 0..n-1 (the scored
                             touchpoints span 0..1); NaN for n < 2. */
  double variability;   /**< Sample standard deviation of x; NaN for
                             n < 2. */
  double success;       /**< Product of p = (s - min) / (max - min) over
                             the raw scores s. */
} cx_journey_scores;

/**
 * One aggregate of @p scores by its enum value.
 * @return the value; NaN for NULL or a value outside the enum.
 * @since 0.1
 */
CX_API double cx_journey_scores_get(const cx_journey_scores *scores,
                                    cx_journey_aggregate aggregate);

/**
 * Aggregate scores of the whole journey.
 *
 * @param options NULL for the defaults.
 * @param[out] out the scores.
 * @return CX_OK (also when no touchpoint has a score: n = 0 and every value
 *         NaN), CX_EINVAL (NULL journey or @p out, bad options version,
 *         peak-end weight outside [0, 1]) or CX_ERANGE when the journey's
 *         scale is invalid.
 * @since 0.1
 */
CX_API cx_status cx_journey_score(const cx_journey *journey,
                                  const cx_journey_score_options *options,
                                  cx_journey_scores *out);

/**
 * Aggregate scores of the touchpoints of one stage (positions and slope
 * are relative to the stage).
 *
 * @return as cx_journey_score(), and CX_ENOTFOUND for an unknown stage.
 * @since 0.1
 */
CX_API cx_status cx_journey_score_stage(const cx_journey *journey,
                                        const char *stage_id,
                                        const cx_journey_score_options *options,
                                        cx_journey_scores *out);

/**
 * Aggregate scores of the touchpoints that involve one actor: those whose
 * actor list contains it and, when options->unassigned_for_all is set (the
 * default), those that list no actor at all.
 *
 * @return as cx_journey_score(), and CX_ENOTFOUND for an undeclared actor.
 * @since 0.1
 */
CX_API cx_status cx_journey_score_actor(const cx_journey *journey,
                                        const char *actor_id,
                                        const cx_journey_score_options *options,
                                        cx_journey_scores *out);

/* ------------------------------------------------------------------------ */
/* Gaps, zone of tolerance, priorities                                       */

/**
 * Where the experienced level P lies relative to the zone of tolerance
 * [adequate A, desired D] (Parasuraman, Zeithaml & Berry 1994).
 * @since 0.1
 */
typedef enum cx_journey_zone {
  CX_JOURNEY_ZONE_UNKNOWN = 0, /**< P, A or D missing. */
  CX_JOURNEY_ZONE_BELOW = 1,   /**< P < A. */
  CX_JOURNEY_ZONE_WITHIN = 2,  /**< A <= P <= D. */
  CX_JOURNEY_ZONE_ABOVE = 3,   /**< P > D. */
  CX_JOURNEY_ZONE_INVERTED = 4 /**< A > D: no zone (validate reports it). */
} cx_journey_zone;

/**
 * Name of a zone: "unknown", "below", "within", "above", "inverted".
 * @return a static string; "invalid" for values outside the enum.
 * @since 0.1
 */
CX_API const char *cx_journey_zone_name(cx_journey_zone zone);

/**
 * Gap figures of one touchpoint.
 * @since 0.1
 */
typedef struct cx_journey_gap {
  double gap;         /**< Experience - expectation (P - E); NaN when
                           either is missing. */
  double adequacy;    /**< P - A (measure of service adequacy); NaN when
                           either is missing. */
  double superiority; /**< P - D (measure of service superiority); NaN when
                           either is missing. */
  cx_journey_zone zone; /**< Zone of tolerance. */
} cx_journey_gap;

/**
 * Gap figures of one touchpoint.
 *
 * @param[out] out the figures.
 * @return CX_OK, CX_EINVAL for NULL arguments, or CX_ENOTFOUND.
 * @since 0.1
 */
CX_API cx_status cx_journey_touchpoint_gap(const cx_journey *journey,
                                           const char *id,
                                           cx_journey_gap *out);

/**
 * Touchpoints ranked by improvement priority (opaque list).
 * @since 0.1
 */
typedef struct cx_journey_ranking cx_journey_ranking;

/**
 * Rank the touchpoints whose experience falls short of expectation
 * (gap < 0) by priority = -gap * importance * reach, highest first, ties in
 * journey order.  A missing importance or reach counts as 1, so it neither
 * raises nor lowers the priority.  Touchpoints without a gap or with
 * gap >= 0 are not listed.
 *
 * @param[out] out the ranking, owned by the caller
 *             (cx_journey_ranking_free()).
 * @return CX_OK, CX_EINVAL for NULL arguments, or CX_ENOMEM.
 * @since 0.1
 */
CX_API cx_status cx_journey_rank_pain_points(const cx_journey *journey,
                                             cx_journey_ranking **out);

/**
 * Free a ranking.
 * @param ranking the ranking, or NULL.
 * @since 0.1
 */
CX_API void cx_journey_ranking_free(cx_journey_ranking *ranking);

/**
 * Number of ranked touchpoints.
 * @return the count; 0 for NULL.
 * @since 0.1
 */
CX_API size_t cx_journey_ranking_count(const cx_journey_ranking *ranking);

/**
 * Id of the touchpoint at rank @p index (0 = highest priority).
 * @return a string borrowed from the ranking, or NULL when out of range.
 * @since 0.1
 */
CX_API const char *cx_journey_ranking_id(const cx_journey_ranking *ranking,
                                         size_t index);

/**
 * Priority of the touchpoint at rank @p index.
 * @return the priority (> 0 unless importance or reach is 0); NaN when out
 *         of range.
 * @since 0.1
 */
CX_API double cx_journey_ranking_priority(const cx_journey_ranking *ranking,
                                          size_t index);

/**
 * Gap (P - E, negative) of the touchpoint at rank @p index.
 * @return the gap; NaN when out of range.
 * @since 0.1
 */
CX_API double cx_journey_ranking_gap(const cx_journey_ranking *ranking,
                                     size_t index);

/* ------------------------------------------------------------------------ */
/* Drop-off and ending                                                       */

/**
 * Reach of a stage and the drop-off into it.
 * @since 0.1
 */
typedef struct cx_journey_dropoff {
  double reach;      /**< Reach of the stage's first touchpoint that has a
                          reach; NaN when none has. */
  double previous;   /**< Reach of the nearest earlier stage that has one;
                          NaN for none. */
  double drop;       /**< previous - reach; NaN when either is NaN. */
  double drop_share; /**< drop / previous; NaN when undefined. */
} cx_journey_dropoff;

/**
 * Reach of one stage and the drop-off from the nearest earlier stage that
 * has a reach.
 *
 * @param[out] out the figures.
 * @return CX_OK, CX_EINVAL for NULL arguments, or CX_ENOTFOUND.
 * @since 0.1
 */
CX_API cx_status cx_journey_stage_dropoff(const cx_journey *journey,
                                          const char *stage_id,
                                          cx_journey_dropoff *out);

/**
 * Result of the "end on a positive note" check.
 * @since 0.1
 */
typedef struct cx_journey_ending {
  int flagged;          /**< 1 when the final stage scores below the
                             journey's mean. */
  size_t final_stage;   /**< Index of the last stage that has a scored
                             touchpoint; (size_t)-1 when none has. */
  double final_mean;    /**< Mean normalised score of that stage. */
  double journey_mean;  /**< Mean normalised score of the journey. */
  double shortfall;     /**< journey_mean - final_mean (positive when
                             flagged); NaN when undefined. */
} cx_journey_ending;

/**
 * Check whether the journey ends on a positive note: the final stage (the
 * last stage with at least one scored touchpoint) should not score below
 * the journey's own mean normalised score.
 *
 * @param[out] out the result; with no scored touchpoint, flagged is 0 and
 *             the numbers are NaN.
 * @return CX_OK, CX_EINVAL for NULL arguments, or CX_ERANGE for an invalid
 *         scale.
 * @since 0.1
 */
CX_API cx_status cx_journey_check_ending(const cx_journey *journey,
                                         cx_journey_ending *out);

/* ------------------------------------------------------------------------ */
/* Comparing two journeys                                                    */

/**
 * What happened to an element between two journeys.
 * @since 0.1
 */
typedef enum cx_journey_change_kind {
  CX_JOURNEY_CHANGE_ADDED = 1,   /**< Only in the second journey. */
  CX_JOURNEY_CHANGE_REMOVED = 2, /**< Only in the first journey. */
  CX_JOURNEY_CHANGE_MOVED = 3,   /**< Touchpoint in another stage, or out of
                                      order among the touchpoints its stage
                                      shares with the other journey; stage
                                      out of order among the shared
                                      stages. */
  CX_JOURNEY_CHANGE_CHANGED = 4  /**< A field has another value. */
} cx_journey_change_kind;

/**
 * Name of a change kind: "added", "removed", "moved", "changed".
 * @return a static string; "invalid" for values outside the enum.
 * @since 0.1
 */
CX_API const char *cx_journey_change_kind_name(cx_journey_change_kind kind);

/**
 * Differences between two journeys (opaque list of change records).
 * @since 0.1
 */
typedef struct cx_journey_diff cx_journey_diff;

/**
 * Compare two journeys, for example as-is against to-be, or two periods.
 *
 * Elements are matched by id.  The records come in this order: journey
 * fields (title, description, scale), actors, stages, then touchpoints;
 * within each group in the order of the second journey, with removed
 * elements in the order of the first journey after them.  A touchpoint
 * gives one "moved" record (field "stage" when its stage changed, with the
 * stage ids as values, else field "position" with the 0-based positions)
 * plus one "changed" record per field that differs.  Which touchpoints
 * count as moved within a stage is decided by keeping the longest run of
 * shared touchpoints whose order is unchanged.  Values are text: numbers in
 * shortest round-trip form ("" when unset), enums by name, lists with
 * items joined by "\n", metrics as field "metric:NAME".
 *
 * The aggregate scores of both journeys are computed with @p options.
 *
 * @param[out] out the diff, owned by the caller (cx_journey_diff_free()).
 * @param before, after the journeys.
 * @param options scoring options, NULL for the defaults.
 * @return CX_OK, CX_EINVAL (NULL arguments, bad options), CX_ERANGE (an
 *         invalid scale) or CX_ENOMEM.
 * @since 0.1
 */
CX_API cx_status cx_journey_diff_new(cx_journey_diff **out,
                                     const cx_journey *before,
                                     const cx_journey *after,
                                     const cx_journey_score_options *options);

/**
 * Free a diff.
 * @param diff the diff, or NULL.
 * @since 0.1
 */
CX_API void cx_journey_diff_free(cx_journey_diff *diff);

/**
 * Number of change records.
 * @return the count; 0 for NULL.
 * @since 0.1
 */
CX_API size_t cx_journey_diff_count(const cx_journey_diff *diff);

/**
 * Kind of change record @p index.
 * @return the kind, or 0 when out of range.
 * @since 0.1
 */
CX_API cx_journey_change_kind cx_journey_diff_kind(const cx_journey_diff *diff,
                                                   size_t index);

/**
 * Kind of element change record @p index concerns.
 * @return the element kind; CX_JOURNEY_ELEMENT_JOURNEY when out of range.
 * @since 0.1
 */
CX_API cx_journey_element cx_journey_diff_element(const cx_journey_diff *diff,
                                                  size_t index);

/**
 * Id of the element of record @p index ("" for the journey itself).
 * @return a string borrowed from the diff, or NULL when out of range.
 * @since 0.1
 */
CX_API const char *cx_journey_diff_id(const cx_journey_diff *diff,
                                      size_t index);

/**
 * Field of record @p index: "" for added and removed elements, "stage" or
 * "position" for moves, a field name for changes.
 * @return a string borrowed from the diff, or NULL when out of range.
 * @since 0.1
 */
CX_API const char *cx_journey_diff_field(const cx_journey_diff *diff,
                                         size_t index);

/**
 * Old value of record @p index as text ("" for added elements; the name
 * of a removed element).
 * @return a string borrowed from the diff, or NULL when out of range.
 * @since 0.1
 */
CX_API const char *cx_journey_diff_old_value(const cx_journey_diff *diff,
                                             size_t index);

/**
 * New value of record @p index as text ("" for removed elements; the name
 * of an added element).
 * @return a string borrowed from the diff, or NULL when out of range.
 * @since 0.1
 */
CX_API const char *cx_journey_diff_new_value(const cx_journey_diff *diff,
                                             size_t index);

/**
 * Aggregate scores of both journeys.
 *
 * @param[out] before, after the scores; either may be NULL.
 * @return CX_OK or CX_EINVAL for a NULL diff.
 * @since 0.1
 */
CX_API cx_status cx_journey_diff_scores(const cx_journey_diff *diff,
                                        cx_journey_scores *before,
                                        cx_journey_scores *after);

/**
 * Change of one aggregate score: after - before.
 * @return the change; NaN when either is undefined, for NULL, or for a
 *         value outside the enum.
 * @since 0.1
 */
CX_API double cx_journey_diff_score_change(const cx_journey_diff *diff,
                                           cx_journey_aggregate aggregate);

#ifdef __cplusplus
}
#endif

#endif /* CX_JOURNEY_H */
