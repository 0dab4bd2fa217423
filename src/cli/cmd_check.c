/* stratex check — placeholder until its module lands (owner replaces this file). */
#include <stdio.h>

#include "cli/cli.h"

int cmd_check(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "stratex check: not built yet\n");
    return SX_EXIT_USAGE;
}
