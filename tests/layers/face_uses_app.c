/* Probe, must build (the control): a face uses app/ with core/'s records and common/. */
#include "app/app.h"
#include "common/err.h"
#include "core/records.h"

int main(void)
{
    ck_app *app = 0;
    ck_err err = {0};
    ck_app_options opt = {.db_path = "/nonexistent/probe.db"};
    if (ck_app_open(&app, &opt, CK_APP_EXISTING, &err) == CK_OK)
        ck_app_close(app);
    return ck_source_name(CK_SOURCE_KIOSK)[0] ? 0 : 1;
}
