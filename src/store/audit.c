/* The audit trail: trainer actions as entries of the station's chain, listed from their table. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/internal.h"

json_t *ck_body_audit(const char *actor, const char *action, const char *detail_json)
{
    json_t *detail = json_loads(detail_json ? detail_json : "{}", 0, NULL);
    if (!detail)
        detail = json_string(detail_json ? detail_json : "");
    return json_pack("{s:s, s:s, s:o}", "actor", actor, "action", action, "detail", detail);
}

ck_rc ck_mat_audit(ck_store *st, const ck_ledger_entry *e, ck_body *b, int64_t *row_id, ck_err *err)
{
    const char *doing = N_("writing the audit trail");
    const char *actor = ck_body_str(b, "actor"), *action = ck_body_str(b, "action");
    json_t *detail = json_object_get(b->obj, "detail");
    if (!b->rc && !detail)
        ck_body_str(b, "detail"); /* says it is missing */
    if (b->rc)
        return b->rc;
    char *text = json_is_string(detail)
                     ? strdup(json_string_value(detail))
                     : json_dumps(detail, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY);
    if (!text)
        return ck_err_set(err, CK_ENOMEM, "out of memory %s", CK_MSG_PHRASE(doing));
    sqlite3_stmt *s = NULL;
    ck_rc rc = ck_store_prepare(st, &s,
                                "INSERT INTO audit (uid, at, actor, action, detail)"
                                " VALUES (?, ?, ?, ?, ?)",
                                doing, err);
    if (rc == CK_OK) {
        ck_store_bind_text(s, 1, e->uid);
        sqlite3_bind_int64(s, 2, e->at);
        ck_store_bind_text(s, 3, actor);
        ck_store_bind_text(s, 4, action);
        ck_store_bind_text(s, 5, text);
        if ((rc = ck_store_exec_stmt(st, s, doing, err)) == CK_OK)
            *row_id = sqlite3_last_insert_rowid(st->db);
    }
    free(text);
    return rc;
}

ck_rc ck_store_audit_append(ck_store *st, int64_t at, const char *actor, const char *action,
                            const char *detail_json, ck_err *err)
{
    char uid[CK_UID_LEN + 1];
    json_t *body = ck_body_audit(actor, action, detail_json);
    if (!body)
        return ck_err_set(err, CK_ENOMEM, "out of memory writing the audit trail");
    ck_store_new_uid(uid);
    return ck_ledger_record(st, "audit", uid, at, body, NULL, err);
}

static void audit_row(sqlite3_stmt *s, void *elem)
{
    ck_audit_rec *a = elem;
    const unsigned char *detail = sqlite3_column_text(s, 4);
    a->id = sqlite3_column_int64(s, 0);
    a->at = sqlite3_column_int64(s, 1);
    ck_store_col_text(s, 2, a->actor, sizeof a->actor);
    ck_store_col_text(s, 3, a->action, sizeof a->action);
    a->detail = strdup(detail ? (const char *)detail : "");
    ck_store_col_text(s, 5, a->origin, sizeof a->origin);
    a->seq = sqlite3_column_int64(s, 6);
    ck_store_col_text(s, 7, a->prev, sizeof a->prev);
    ck_store_col_text(s, 8, a->hash, sizeof a->hash);
}

ck_rc ck_store_audit_list(ck_store *st, ck_audit_rec **out, size_t *n, ck_err *err)
{
    const char *doing = N_("reading the audit trail");
    sqlite3_stmt *s = NULL;
    ck_rc rc = ck_store_prepare(st, &s,
                                "SELECT a.id, a.at, a.actor, a.action, a.detail,"
                                " coalesce(l.origin, ''), coalesce(l.seq, 0),"
                                " coalesce(l.prev, ''), coalesce(l.hash, '')"
                                " FROM audit AS a LEFT JOIN ledger AS l ON l.uid = a.uid"
                                " ORDER BY a.at, l.origin, l.seq, a.id",
                                doing, err);
    if (rc)
        return rc;
    if ((rc = ck_store_select_all(st, s, sizeof **out, audit_row, (void **)out, n, doing, err)))
        return rc;
    for (size_t i = 0; i < *n; i++)
        if (!(*out)[i].detail) {
            ck_audit_list_free(*out, *n);
            *out = NULL;
            *n = 0;
            return ck_err_set(err, CK_ENOMEM, "out of memory %s", CK_MSG_PHRASE(doing));
        }
    return CK_OK;
}
