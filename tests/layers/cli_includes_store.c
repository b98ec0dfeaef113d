/* Probe, must not compile: a face (cli/) uses app/, never the store beneath it. */
#include "store/store.h"

int main(void)
{
    return ck_store_schema_version() > 0 ? 0 : 1;
}
