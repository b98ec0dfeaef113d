/* Probe, must not link: core/ code that calls up into store/ (declared by hand, since the
 * header cannot be included) finds no such function among the layers core/ may use. */
#include "common/err.h"

void ck_store_close(void *st);

int main(void)
{
    ck_store_close(0);
    return 0;
}
