/* Setting a station up: the database, the license text, the demo course. */
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "app/internal.h"
#include "app/timez.h"

/* The group a name (or number) gives: its id, or an error naming it. */
static ck_rc group_id(const char *name, long *gid, ck_err *err)
{
    char *end = NULL;
    long v = strtol(name, &end, 10);
    if (*name && end && !*end && v >= 0) {
        *gid = v;
        return CK_OK;
    }
    struct group *g = getgrnam(name);
    if (!g)
        return ck_err_set(err, CK_EINVAL,
                          "there is no group \"%s\" on this machine; create it (e.g. \"groupadd "
                          "%s\") or give an existing one",
                          name, name);
    *gid = (long)g->gr_gid;
    return CK_OK;
}

/* The database is ready, and who may read it, for init's summary. */
static void access_words(ck_msg *m, const char *path, int schema)
{
    struct stat sb;
    if (stat(path, &sb) != 0) {
        ck_msg_add(m, "database %s ready (schema %d)", path, schema);
        return;
    }
    struct group *g = getgrgid(sb.st_gid);
    unsigned mode = (unsigned)(sb.st_mode & 0777);
    if (sb.st_mode & S_IROTH)
        ck_msg_add(m, "database %s ready (schema %d); everyone may read it (mode %04o)", path,
                   schema, mode);
    else if (sb.st_mode & S_IRGRP)
        ck_msg_add(m,
                   "database %s ready (schema %d); its owner, and the group %s may read it "
                   "(mode %04o)",
                   path, schema, g ? g->gr_name : "?", mode);
    else
        ck_msg_add(m, "database %s ready (schema %d); only its owner may read it (mode %04o)", path,
                   schema, mode);
}

ck_rc ck_app_init(ck_app *app, const char *group, ck_msg *summary, ck_err *err)
{
    int version = 0;
    bool added = false, access_changed = false;
    long gid = -1;
    char kept[32] = "";
    ck_rc rc;
    /* Names, e-mails and the PIN hash: nobody else reads them unless a group was named, now
     * or by an earlier init (remembered, so running init again keeps it). */
    if (group && *group && (rc = group_id(group, &gid, err)))
        return rc;
    if (!group && ck_store_setting_get(app->store, "access.gid", kept, sizeof kept, NULL) == CK_OK)
        gid = strtol(kept, NULL, 10);
    if (group) {
        snprintf(kept, sizeof kept, "%ld", gid);
        rc = gid >= 0 ? ck_store_setting_set(app->store, "access.gid", kept, err)
                      : ck_store_setting_delete(app->store, "access.gid", err);
        if (rc)
            return rc;
    }
    if ((rc = ck_store_set_access(app->store, gid, &access_changed, err)))
        return rc;
    if ((rc = ck_app_license_store(app, NULL, true, &version, &added, err)))
        return rc;
    ck_cred_keyring *kr = NULL;
    struct stat sb;
    if ((rc = ck_app_finish_rotation(app, err)))
        return rc;
    bool new_key = stat(app->key_path, &sb) != 0;
    if ((rc = ck_cred_keyring_open_or_create(&kr, app->key_path, ck_app_now(app), err)))
        return rc;
    char kid[CK_APP_KID_LEN + 1];
    snprintf(kid, sizeof kid, "%s", ck_cred_keyring_kid(kr));
    /* The keyring's public keys belong in the chain (a file from before the chain has none). */
    if ((rc = ck_store_begin(app->store, err)))
        goto done;
    if ((rc = ck_app_keys_into_chain(app, kr, err)) ||
        (new_key && (rc = ck_app_audit_write(
                         app, "trainer", CK_AUDIT_KEYS_CREATE,
                         json_pack("{s:s, s:s}", "kid", kid, "file", app->key_path), err))) ||
        (rc = ck_store_commit(app->store, err))) {
        ck_store_rollback(app->store);
        goto done;
    }
    if (summary) {
        /* One sentence a line. */
        ck_msg_clear(summary);
        access_words(summary, app->db_path, ck_store_schema_version());
        if (access_changed)
            ck_msg_add(summary, " (changed just now)");
        ck_msg_add_text(summary, "\n");
        if (added)
            ck_msg_add(summary, "license text version %d stored", version);
        else
            ck_msg_add(summary, "license text version %d", version);
        ck_msg_add_text(summary, "\n");
        if (new_key)
            ck_msg_add(summary, "signing key %s created (%s)", kid, app->key_path);
        else
            ck_msg_add(summary, "signing key %s (%s)", kid, app->key_path);
    }
done:
    ck_cred_keyring_free(kr);
    return rc;
}

ck_rc ck_app_demo(ck_app *app, const char *demo_pin, ck_msg *summary, ck_err *err)
{
    char roster[4096 + 32], today[11], tomorrow[11];
    ck_rc rc = ck_app_init(app, NULL, summary, err);
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
                               /* contact hours: the schedule's, 2 × 7 h 15 min = 14.5 */
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
        if ((rc = ck_app_pin_set(app, NULL, demo_pin, err)))
            return rc;
        pin_set = true;
    }
    if (summary) {
        char dates[2][11], buf[64];
        memcpy(dates[0], today, sizeof today);
        memcpy(dates[1], tomorrow, sizeof tomorrow);
        const char *when = ck_msg_dates(buf, sizeof buf, (const char(*)[11])dates, 2);
        ck_msg_add_text(summary, "\n");
        if (pin_set)
            ck_msg_addn(summary, "demo course %lld (%s), %zu attendee added, trainer PIN %s",
                        "demo course %lld (%s), %zu attendees added, trainer PIN %s",
                        imported.added, (long long)id, when, imported.added, demo_pin);
        else
            ck_msg_addn(summary, "demo course %lld (%s), %zu attendee added",
                        "demo course %lld (%s), %zu attendees added", imported.added, (long long)id,
                        when, imported.added);
    }
    return CK_OK;
}
