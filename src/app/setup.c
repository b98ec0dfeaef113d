/* Setting a station up: the database, the license text, the demo course. */
#include <stdio.h>
#include <string.h>

#include "app/internal.h"

ck_rc ck_app_init(ck_app *app, char *summary, size_t n, ck_err *err)
{
    int version = 0;
    bool added = false;
    ck_rc rc = ck_app_license_update(app, NULL, &version, &added, err);
    if (rc)
        return rc;
    if (summary)
        snprintf(summary, n, "database %s ready (schema %d); license text version %d%s",
                 app->db_path, ck_store_schema_version(), version, added ? " stored" : "");
    return CK_OK;
}
