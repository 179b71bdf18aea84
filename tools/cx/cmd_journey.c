/* cx journey: placeholder until the command lands. */
#include <stdio.h>

#include "cx_tool.h"

int cmd_journey(int argc, char **argv) {
  (void)argc, (void)argv;
  fputs("cx: 'journey' is not available yet\n", stderr);
  return EXIT_USAGE;
}
