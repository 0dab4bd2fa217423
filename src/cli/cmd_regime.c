/* stratex regime — placeholder until its module lands (owner replaces this file). */
#include <stdio.h>

#include "cli/cli.h"

int cmd_regime(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "stratex regime: not built yet\n");
    return SX_EXIT_USAGE;
}
