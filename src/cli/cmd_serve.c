/* stratex serve — placeholder until its module lands (owner replaces this file). */
#include <stdio.h>

#include "cli/cli.h"

int cmd_serve(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "stratex serve: not built yet\n");
    return SX_EXIT_USAGE;
}
