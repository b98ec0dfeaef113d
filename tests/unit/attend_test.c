/* Attendance rules: core/attend.h. */
#include "ck_test.h"
#include "core/attend.h"

static void smoke(void)
{
    ck_day d = {.date = {0, 86400}, .window = {9 * 3600, 17 * 3600}};
    CK_CHECK_INT(ck_attend_required_minutes(&d), 480);
}

int main(int argc, char **argv)
{
    ck_test_init(argc, argv);
    CK_RUN(smoke);
    return ck_test_done();
}
