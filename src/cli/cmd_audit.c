/* stratex audit — placeholder until its module lands (owner replaces this file). */
#include <stdio.h>

#include "cli/cli.h"

int cmd_audit(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "stratex audit: not built yet\n");
    return SX_EXIT_USAGE;
}
