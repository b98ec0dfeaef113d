/* classkiosk: the trainer command line and the kiosk's entry point. */
#include <stdio.h>

#include "cli/cli.h"

int main(int argc, char **argv)
{
    /* Line-buffered even into a pipe: a line printed is a line the caller can count on. */
    setvbuf(stdout, NULL, _IOLBF, 0);
    return ck_cli_main(argc, argv);
}
