/* cx paths: placeholder until the command lands. */
#include <stdio.h>

#include "cx_tool.h"

int cmd_paths(int argc, char **argv) {
  (void)argc, (void)argv;
  fputs("cx: 'paths' is not available yet\n", stderr);
  return EXIT_USAGE;
}
