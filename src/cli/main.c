/* classkiosk: the trainer command line and the kiosk's entry point. */
#include "cli/cli.h"

int main(int argc, char **argv)
{
    return ck_cli_main(argc, argv);
}
