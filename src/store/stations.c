/* The organisation's stations as its server lists them (station-local, not chained: the
 * server is the authority), the public keys every chain recorded, and who issued what. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/internal.h"

const char *ck_store_origin(const ck_store *st)
{
    return st->origin;
}

ck_rc ck_store_stations_set(ck_store *st, const ck_station_rec *list, size_t n, ck_err *err)
{
    const char *doing = N_("saving the organisation's stations");
    ck_rc rc = ck_store_begin(st, err);
    if (rc)
        return rc;
    if ((rc = ck_store_exec(st, "DELETE FROM hub_station", doing, err)))
        goto fail;
    for (size_t i = 0; i < n; i++) {
        if (!list[i].origin[0])
            continue; /* registered, not joined: no chain yet */
        sqlite3_stmt *s = NULL;
        if ((rc = ck_store_prepare(st, &s,
                                   "INSERT INTO hub_station (origin, name, registered_at,"
                                   " revoked_at) VALUES (?, ?, ?, ?)",
                                   doing, err)))
            goto fail;
        ck_store_bind_text(s, 1, list[i].origin);
        ck_store_bind_text(s, 2, list[i].name);
        sqlite3_bind_int64(s, 3, list[i].registered_at);
        sqlite3_bind_int64(s, 4, list[i].revoked_at);
        if ((rc = ck_store_exec_stmt(st, s, doing, err)))
            goto fail;
    }
    return ck_store_commit(st, err);
fail:
    ck_store_rollback(st);
    return rc;
}

static void station_row(sqlite3_stmt *s, void *elem)
{
    ck_station_rec *r = elem;
    ck_store_col_text(s, 0, r->origin, sizeof r->origin);
    ck_store_col_text(s, 1, r->name, sizeof r->name);
    r->registered_at = sqlite3_column_int64(s, 2);
    r->revoked_at = sqlite3_column_int64(s, 3);
}

ck_rc ck_store_stations(ck_store *st, ck_station_rec **out, size_t *n, ck_err *err)
{
    const char *doing = N_("reading the organisation's stations");
    sqlite3_stmt *s = NULL;
    ck_rc rc = ck_store_prepare(
        st, &s, "SELECT origin, name, registered_at, revoked_at FROM hub_station ORDER BY name",
        doing, err);
    return rc ? rc
              : ck_store_select_all(st, s, sizeof **out, station_row, (void **)out, n, doing, err);
}

static void key_row(sqlite3_stmt *s, void *elem)
{
    ck_key_rec *k = elem;
    ck_store_col_text(s, 0, k->kid, sizeof k->kid);
    ck_store_col_text(s, 1, k->origin, sizeof k->origin);
    ck_store_col_text(s, 2, k->x, sizeof k->x);
    k->created_at = sqlite3_column_int64(s, 3);
    k->retired_at = sqlite3_column_int64(s, 4);
}

ck_rc ck_store_keys(ck_store *st, ck_key_rec **out, size_t *n, ck_err *err)
{
    const char *doing = N_("reading the signing keys");
    sqlite3_stmt *s = NULL;
    ck_rc rc = ck_store_prepare(st, &s,
                                "SELECT kid, origin, x, created_at, retired_at FROM signing_key"
                                " ORDER BY origin, created_at, kid",
                                doing, err);
    return rc ? rc : ck_store_select_all(st, s, sizeof **out, key_row, (void **)out, n, doing, err);
}

ck_rc ck_store_cert_origin(ck_store *st, const char *id, char origin[CK_UID_LEN + 1], ck_err *err)
{
    sqlite3_stmt *s = NULL;
    origin[0] = '\0';
    ck_rc rc =
        ck_store_prepare(st, &s, "SELECT origin FROM ledger WHERE uid = ? AND kind = 'certificate'",
                         "finding the certificate's station", err);
    if (rc)
        return rc;
    ck_store_bind_text(s, 1, id);
    int step = sqlite3_step(s);
    if (step == SQLITE_ROW)
        ck_store_col_text(s, 0, origin, CK_UID_LEN + 1);
    else if (step == SQLITE_DONE)
        rc = ck_err_set(err, CK_ENOTFOUND, "no chain here records the certificate %s", id);
    else
        rc = ck_store_fail(st, err, step, "finding the certificate's station");
    sqlite3_finalize(s);
    return rc;
}

ck_rc ck_store_course_for_room(ck_store *st, const char *room, const char *today, int64_t *out,
                               ck_err *err)
{
    sqlite3_stmt *s = NULL;
    /* Today's course in the room, else its newest. */
    ck_rc rc = ck_store_prepare(
        st, &s,
        "SELECT c.id FROM course AS c WHERE c.room = ?1 ORDER BY EXISTS (SELECT 1 FROM course_day"
        " AS d WHERE d.course_id = c.id AND d.date = ?2) DESC, c.created_at DESC,"
        " (SELECT origin FROM ledger WHERE ledger.uid = c.uid) DESC,"
        " (SELECT seq FROM ledger WHERE ledger.uid = c.uid) DESC LIMIT 1",
        "finding the room's course", err);
    if (rc)
        return rc;
    ck_store_bind_text(s, 1, room);
    ck_store_bind_text(s, 2, today);
    int step = sqlite3_step(s);
    if (step == SQLITE_ROW)
        *out = sqlite3_column_int64(s, 0);
    else if (step == SQLITE_DONE)
        rc = ck_err_set(err, CK_ENOTFOUND,
                        "there is no course in the room %s yet; create one with \"classkiosk "
                        "course create … --room %s\" (here or at any station of the "
                        "organisation)",
                        room, room);
    else
        rc = ck_store_fail(st, err, step, "finding the room's course");
    sqlite3_finalize(s);
    return rc;
}
