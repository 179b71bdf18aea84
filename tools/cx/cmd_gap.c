/* cx gap: placeholder until the command lands. */
#include <stdio.h>

#include "cx_tool.h"

int cmd_gap(int argc, char **argv) {
  (void)argc, (void)argv;
  fputs("cx: 'gap' is not available yet\n", stderr);
  return EXIT_USAGE;
}
