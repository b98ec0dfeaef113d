/* Probe, must not compile: a face (ui/) verifies through app/, never with cred/ itself. */
#include "cred/token.h"

int main(void)
{
    return ck_cred_status_name(CK_CRED_VALID)[0] ? 0 : 1;
}
