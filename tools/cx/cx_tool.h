/*
 * Commands of the cx program and their shared exit codes.
 */
#ifndef CX_TOOL_H
#define CX_TOOL_H

/* Exit codes: documented in docs/cli.md. */
enum {
  EXIT_DONE = 0,      /* success */
  EXIT_BAD_INPUT = 1, /* the input could not be read or analysed */
  EXIT_USAGE = 2      /* the command line is wrong */
};

/* `cx kano ARGS`: argv[0] is "kano". */
int cmd_kano(int argc, char **argv);

/* `cx gap ARGS`: expectation-versus-experience gaps, SERVQUAL, IPA. */
int cmd_gap(int argc, char **argv);

/* `cx journey SUBCOMMAND ARGS`: validate, render, convert, score, diff. */
int cmd_journey(int argc, char **argv);

/* `cx paths ARGS`: observed journeys from event logs. */
int cmd_paths(int argc, char **argv);

#endif
