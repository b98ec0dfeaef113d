/* Probe, must not link: app/ code that calls the kiosk (a face above it). */
#include "app/app.h"

void ck_kiosk_free(void *k);

int main(void)
{
    ck_kiosk_free(0);
    return 0;
}
