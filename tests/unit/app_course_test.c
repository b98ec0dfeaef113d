/* The app's current course: the newest, even when another process created it meanwhile. */
#include "app/app.h"
#include "ck_test.h"

static void newest_course_follows_other_processes(void)
{
    ck_app *a = NULL, *b = NULL;
    ck_err err = {0};
    ck_app_options opt = {.db_path = ck_test_path("c.db")};
    CK_CHECK_INT(ck_app_open(&a, &opt, CK_STORE_CREATE, &err), CK_OK);
    CK_CHECK_INT(ck_app_open(&b, &opt, CK_STORE_EXISTING, &err), CK_OK);
    const char *days[] = {"2026-11-23", "2026-11-24"};
    ck_course_spec spec = {.title = "First", .trainer = "T", .dates = days, .ndates = 2,
                           .tolerance_min = -1};
    int64_t first = 0, second = 0;
    CK_CHECK_INT(ck_app_course_create(a, &spec, &first, &err), CK_OK);
    const ck_course_rec *c = NULL;
    CK_CHECK_INT(ck_app_course(b, &c, &err), CK_OK);
    CK_CHECK_INT(c->id, first);
    /* Another connection (the CLI beside a running kiosk) adds a course. */
    spec.title = "Second";
    CK_CHECK_INT(ck_app_course_create(a, &spec, &second, &err), CK_OK);
    CK_CHECK_INT(ck_app_course(b, &c, &err), CK_OK);
    CK_CHECK_INT(c->id, second);
    CK_CHECK_STR(c->title, "Second");
    /* A course chosen by id stays chosen. */
    ck_app *pinned = NULL;
    opt.course_id = first;
    CK_CHECK_INT(ck_app_open(&pinned, &opt, CK_STORE_EXISTING, &err), CK_OK);
    CK_CHECK_INT(ck_app_course(pinned, &c, &err), CK_OK);
    CK_CHECK_STR(c->title, "First");
    ck_app_close(pinned);
    ck_app_close(a);
    ck_app_close(b);
}

int main(int argc, char **argv)
{
    ck_test_init(argc, argv);
    CK_RUN(newest_course_follows_other_processes);
    return ck_test_done();
}
