/* classkiosk: the trainer command line and the kiosk's entry point. */
#include <stdio.h>

int main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    puts("classkiosk " "0.1.0");
    return 0;
}
