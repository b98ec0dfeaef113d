/* Probe, must not compile: core/ is below store/, so store's header is not there to include. */
#include "store/store.h"

int main(void)
{
    return ck_store_schema_version() > 0 ? 0 : 1;
}
