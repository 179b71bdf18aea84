/*
 * cx: command-line front end of libcx.  Each analysis is a subcommand; the
 * work happens in the library, this program only reads options and prints.
 */
#include <stdio.h>
#include <string.h>

#include <cx/cx.h>

#include "cmd_metrics.h"
#include "cx_tool.h"

static void usage(FILE *f) {
  fputs("Usage: cx COMMAND [OPTIONS] [FILE]\n"
        "\n"
        "Customer-experience analytics from the command line.\n"
        "\n"
        "Commands:\n"
        "  kano      Kano survey: categories, better/worse, strength, tests\n"
        "  nps       Net Promoter Score with intervals, per segment\n"
        "  csat      customer satisfaction: top-2-box share or mean\n"
        "  ces       customer effort score (CES 1.0 or 2.0)\n"
        "  gap       expectation versus experience: gaps, SERVQUAL, IPA\n"
        "  journey   journey maps: validate, render, convert, score, diff\n"
        "  paths     event logs: paths, funnels, attribution, conformance\n"
        "\n"
        "Options:\n"
        "  -h, --help     show this help and exit\n"
        "  --version      show the version of cx and libcx and exit\n"
        "\n"
        "Run 'cx COMMAND --help' for the options of a command.\n"
        "Manual: docs/cli.md.\n",
        f);
}

static const struct {
  const char *name;
  int (*run)(int argc, char **argv);
} commands[] = {
    {"kano", cmd_kano},
    {"nps", cmd_nps},
    {"csat", cmd_csat},
    {"ces", cmd_ces},
    {"gap", cmd_gap},
    {"journey", cmd_journey},
    {"paths", cmd_paths},
};

int main(int argc, char **argv) {
  if (argc < 2) {
    usage(stderr);
    return EXIT_USAGE;
  }
  const char *cmd = argv[1];
  if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0 ||
      strcmp(cmd, "help") == 0) {
    if (argc > 2 && strcmp(cmd, "help") == 0) {
      static char help[] = "--help";
      char *args[] = {argv[2], help, NULL};
      for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(argv[2], commands[i].name) == 0)
          return commands[i].run(2, args);
    }
    usage(stdout);
    return EXIT_DONE;
  }
  if (strcmp(cmd, "--version") == 0) {
    printf("cx %s (libcx %s)\n", CX_VERSION_STRING,
           cx_version(NULL, NULL, NULL));
    return EXIT_DONE;
  }
  for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
    if (strcmp(cmd, commands[i].name) == 0)
      return commands[i].run(argc - 1, argv + 1);
  fprintf(stderr, "cx: unknown command '%s'\nTry 'cx --help'.\n", cmd);
  return EXIT_USAGE;
}
