/* stratex match — placeholder until its module lands (owner replaces this file). */
#include <stdio.h>

#include "cli/cli.h"

int cmd_match(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "stratex match: not built yet\n");
    return SX_EXIT_USAGE;
}
