/* Setting a station up: the database, the license text, the demo course. */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "app/internal.h"
#include "app/timez.h"

ck_rc ck_app_init(ck_app *app, char *summary, size_t n, ck_err *err)
{
    int version = 0;
    bool added = false;
    ck_rc rc = ck_app_license_update(app, NULL, &version, &added, err);
    if (rc)
        return rc;
    ck_cred_keyring *kr = NULL;
    struct stat sb;
    bool new_key = stat(app->key_path, &sb) != 0;
    if ((rc = ck_cred_keyring_open_or_create(&kr, app->key_path, ck_app_now(app), err)))
        return rc;
    char kid[CK_CRED_KID_LEN + 1];
    snprintf(kid, sizeof kid, "%s", ck_cred_keyring_kid(kr));
    ck_cred_keyring_free(kr);
    if (new_key) {
        if ((rc = ck_store_begin(app->store, err)))
            return rc;
        if ((rc = ck_app_audit_write(app, "trainer", "keys.create",
                                     json_pack("{s:s, s:s}", "kid", kid, "file", app->key_path),
                                     err)) ||
            (rc = ck_store_commit(app->store, err))) {
            ck_store_rollback(app->store);
            return rc;
        }
    }
    if (summary)
        snprintf(summary, n,
                 "database %s ready (schema %d)\nlicense text version %d%s\nsigning key %s%s "
                 "(%s)",
                 app->db_path, ck_store_schema_version(), version, added ? " stored" : "", kid,
                 new_key ? " created" : "", app->key_path);
    return CK_OK;
}

ck_rc ck_app_demo(ck_app *app, const char *demo_pin, char *summary, size_t n, ck_err *err)
{
    char init[512], roster[4096 + 32], today[11], tomorrow[11];
    ck_rc rc = ck_app_init(app, init, sizeof init, err);
    if (rc)
        return rc;
    int64_t now = ck_app_now(app);
    ck_tz_date(now, today);
    ck_tz_date(ck_tz_local(today, 12 * 60) + 24 * 3600, tomorrow);

    /* Reuse a demo course that already starts today. */
    const ck_course_rec *c = NULL;
    ck_err quiet = {0};
    bool reuse = ck_app_course(app, &c, &quiet) == CK_OK && c->ndays &&
                 strcmp(c->days[0].date, today) == 0 && strstr(c->title, "(demo)");
    int64_t id = reuse ? c->id : 0;
    if (!reuse) {
        const char *dates[] = {today, tomorrow};
        const char *breaks[] = {"12:30-13:15"};
        ck_course_spec spec = {.title = "Certified Scrum Product Owner (demo)",
                               .trainer = "Maria Schmidt",
                               .credential = "Certified Scrum Trainer",
                               .location = "Classroom 1, Berlin",
                               .hours = 16,
                               .dates = dates,
                               .ndates = 2,
                               .breaks = breaks,
                               .nbreaks = 1,
                               .tolerance_min = 10};
        if ((rc = ck_app_course_create(app, &spec, &id, err)))
            return rc;
    }
    ck_import_result imported;
    ck_app_data_path(app, "assets/demo-roster.csv", roster, sizeof roster);
    if ((rc = ck_app_roster_import(app, roster, &imported, err)))
        return rc;
    bool pin_set = false;
    if (demo_pin && !ck_app_pin_is_set(app)) {
        if ((rc = ck_app_pin_set(app, demo_pin, err)))
            return rc;
        pin_set = true;
    }
    if (summary)
        snprintf(summary, n,
                 "%s\ndemo course %lld (%s and %s), %zu attendees added%s%s", init,
                 (long long)id, today, tomorrow, imported.added,
                 pin_set ? ", trainer PIN " : "", pin_set ? demo_pin : "");
    return CK_OK;
}
