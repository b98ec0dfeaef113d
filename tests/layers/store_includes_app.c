/* Probe, must not compile: store/ is below app/. */
#include "app/app.h"

int main(void)
{
    return CK_APP_PIN_TRIES > 0 ? 0 : 1;
}
