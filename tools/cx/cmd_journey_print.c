/* Printing of cx journey score and diff. */
typedef int cx_placeholder_journey_print_;
