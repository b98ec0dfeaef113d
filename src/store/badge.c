/* Badges: each attendee's unguessable check-in code, as entries of the chain (kind "badge"). */
#include <stdio.h>
#include <string.h>

#include "store/internal.h"

ck_rc ck_mat_badge(ck_store *st, const ck_ledger_entry *e, ck_body *b, int64_t *row_id, ck_err *err)
{
    const char *doing = N_("saving the badge");
    int64_t who = 0;
    const char *attendee = ck_body_str(b, "attendee"), *code = ck_body_str(b, "code");
    if (b->rc)
        return b->rc;
    ck_rc rc = ck_store_id_of(st, CK_ATTENDEE_ID_OF_UID, attendee, &who, "attendee", err);
    if (rc)
        return rc;
    sqlite3_stmt *s = NULL;
    if ((rc = ck_store_prepare(st, &s,
                               "INSERT INTO badge (uid, attendee_id, code, created_at)"
                               " VALUES (?, ?, ?, ?)",
                               doing, err)))
        return rc;
    ck_store_bind_text(s, 1, e->uid);
    sqlite3_bind_int64(s, 2, who);
    ck_store_bind_text(s, 3, code);
    sqlite3_bind_int64(s, 4, e->at);
    if ((rc = ck_store_exec_stmt(st, s, doing, err)))
        return rc;
    *row_id = sqlite3_last_insert_rowid(st->db);
    return CK_OK;
}

ck_rc ck_store_badge_add(ck_store *st, int64_t attendee_id, const char *code, int64_t at,
                         ck_err *err)
{
    char who[CK_UID_LEN + 1], uid[CK_UID_LEN + 1];
    ck_rc rc = ck_store_uid_of(st, "SELECT uid FROM attendee WHERE id = ?", attendee_id, who,
                               sizeof who, err);
    if (rc)
        return rc;
    json_t *body = json_pack("{s:s, s:s}", "attendee", who, "code", code);
    if (!body)
        return ck_err_set(err, CK_ENOMEM, "out of memory saving the badge");
    ck_store_new_uid(uid);
    return ck_ledger_record(st, "badge", uid, at, body, NULL, err);
}

ck_rc ck_store_badge_current(ck_store *st, int64_t attendee_id, char *code, size_t n, bool *found,
                             ck_err *err)
{
    const char *doing = N_("reading the badge");
    sqlite3_stmt *s = NULL;
    *found = false;
    if (n)
        code[0] = '\0';
    ck_rc rc = ck_store_prepare(st, &s,
                                "SELECT code FROM badge WHERE attendee_id = ?"
                                " ORDER BY created_at DESC, uid DESC LIMIT 1",
                                doing, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(s, 1, attendee_id);
    int step = sqlite3_step(s);
    if (step == SQLITE_ROW) {
        ck_store_col_text(s, 0, code, n);
        *found = true;
    } else if (step != SQLITE_DONE) {
        rc = ck_store_fail(st, err, step, doing);
    }
    sqlite3_finalize(s);
    return rc;
}

ck_rc ck_store_badge_find(ck_store *st, const char *code, int64_t *attendee_id, bool *current,
                          ck_err *err)
{
    const char *doing = N_("looking the badge up");
    sqlite3_stmt *s = NULL;
    *attendee_id = 0;
    *current = false;
    ck_rc rc = ck_store_prepare(st, &s,
                                "SELECT b.attendee_id, NOT EXISTS (SELECT 1 FROM badge AS n"
                                "  WHERE n.attendee_id = b.attendee_id AND"
                                "  (n.created_at > b.created_at OR"
                                "   (n.created_at = b.created_at AND n.uid > b.uid)))"
                                " FROM badge AS b WHERE b.code = ?",
                                doing, err);
    if (rc)
        return rc;
    ck_store_bind_text(s, 1, code);
    int step = sqlite3_step(s);
    if (step == SQLITE_ROW) {
        *attendee_id = sqlite3_column_int64(s, 0);
        *current = sqlite3_column_int(s, 1) != 0;
    } else if (step != SQLITE_DONE) {
        rc = ck_store_fail(st, err, step, doing);
    }
    sqlite3_finalize(s);
    return rc;
}
