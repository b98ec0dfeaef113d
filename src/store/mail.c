/* The mail outbox: each message stored whole before it is sent, and its state as senders
 * report on it. Station-local, like print jobs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/internal.h"

static ck_mail_state state_from(const char *name)
{
    for (int s = CK_MAIL_QUEUED; s <= CK_MAIL_UNSURE; s++)
        if (strcmp(name, ck_mail_state_name((ck_mail_state)s)) == 0)
            return (ck_mail_state)s;
    return CK_MAIL_FAILED;
}

ck_rc ck_store_mail_insert(ck_store *st, ck_mail_rec *in, ck_err *err)
{
    const char *doing = N_("putting the message in the outbox");
    sqlite3_stmt *s = NULL;
    ck_store_new_uid(in->uid);
    ck_rc rc =
        ck_store_prepare(st, &s,
                         "INSERT INTO mail (uid, kind, attendee_id, cert_id, rcpt, message_id,"
                         " message, state, attempts, next_at, claim_until, last_error, reply,"
                         " created_at, updated_at, sent_at, error)"
                         " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                         doing, err);
    if (rc)
        return rc;
    ck_store_bind_text(s, 1, in->uid);
    ck_store_bind_text(s, 2, ck_mail_kind_name(in->kind));
    sqlite3_bind_int64(s, 3, in->attendee_id);
    if (*in->cert_id)
        ck_store_bind_text(s, 4, in->cert_id);
    else
        sqlite3_bind_null(s, 4);
    ck_store_bind_text(s, 5, in->rcpt);
    ck_store_bind_text(s, 6, in->message_id);
    sqlite3_bind_blob(s, 7, in->message ? in->message : "", (int)in->message_len, SQLITE_TRANSIENT);
    ck_store_bind_text(s, 8, ck_mail_state_name(in->state));
    sqlite3_bind_int(s, 9, in->attempts);
    sqlite3_bind_int64(s, 10, in->next_at);
    sqlite3_bind_int64(s, 11, in->claim_until);
    ck_store_bind_text(s, 12, in->last_error);
    ck_store_bind_text(s, 13, in->reply);
    sqlite3_bind_int64(s, 14, in->created_at);
    sqlite3_bind_int64(s, 15, in->updated_at);
    sqlite3_bind_int64(s, 16, in->sent_at);
    ck_store_bind_msg(s, 17, &in->error);
    if ((rc = ck_store_exec_stmt(st, s, doing, err)))
        return rc;
    in->id = sqlite3_last_insert_rowid(st->db);
    return CK_OK;
}

ck_rc ck_store_mail_update(ck_store *st, const ck_mail_rec *m, ck_err *err)
{
    const char *doing = N_("updating the message in the outbox");
    sqlite3_stmt *s = NULL;
    ck_rc rc = ck_store_prepare(st, &s,
                                "UPDATE mail SET state = ?, attempts = ?, next_at = ?,"
                                " claim_until = ?, last_error = ?, reply = ?, updated_at = ?,"
                                " sent_at = ?, error = ? WHERE id = ?",
                                doing, err);
    if (rc)
        return rc;
    ck_store_bind_text(s, 1, ck_mail_state_name(m->state));
    sqlite3_bind_int(s, 2, m->attempts);
    sqlite3_bind_int64(s, 3, m->next_at);
    sqlite3_bind_int64(s, 4, m->claim_until);
    ck_store_bind_text(s, 5, m->last_error);
    ck_store_bind_text(s, 6, m->reply);
    sqlite3_bind_int64(s, 7, m->updated_at);
    sqlite3_bind_int64(s, 8, m->sent_at);
    ck_store_bind_msg(s, 9, &m->error);
    sqlite3_bind_int64(s, 10, m->id);
    return ck_store_exec_stmt(st, s, doing, err);
}

#define MAIL_COLUMNS                                                                               \
    "m.id, m.uid, m.kind, m.attendee_id, coalesce(m.cert_id, ''), m.rcpt, m.message_id,"           \
    " m.state, m.attempts, m.next_at, m.claim_until, m.last_error, m.reply, m.created_at,"         \
    " m.updated_at, m.sent_at, coalesce(a.name, ''), m.error"
#define MAIL_FROM " FROM mail AS m LEFT JOIN attendee AS a ON a.id = m.attendee_id"

static void mail_row(sqlite3_stmt *s, void *elem)
{
    ck_mail_rec *m = elem;
    char kind[16], state[16];
    m->id = sqlite3_column_int64(s, 0);
    ck_store_col_text(s, 1, m->uid, sizeof m->uid);
    ck_store_col_text(s, 2, kind, sizeof kind);
    m->kind = strcmp(kind, "invite") == 0 ? CK_MAIL_INVITE : CK_MAIL_CERTIFICATE;
    m->attendee_id = sqlite3_column_int64(s, 3);
    ck_store_col_text(s, 4, m->cert_id, sizeof m->cert_id);
    ck_store_col_text(s, 5, m->rcpt, sizeof m->rcpt);
    ck_store_col_text(s, 6, m->message_id, sizeof m->message_id);
    ck_store_col_text(s, 7, state, sizeof state);
    m->state = state_from(state);
    m->attempts = sqlite3_column_int(s, 8);
    m->next_at = sqlite3_column_int64(s, 9);
    m->claim_until = sqlite3_column_int64(s, 10);
    ck_store_col_text(s, 11, m->last_error, sizeof m->last_error);
    ck_store_col_text(s, 12, m->reply, sizeof m->reply);
    m->created_at = sqlite3_column_int64(s, 13);
    m->updated_at = sqlite3_column_int64(s, 14);
    m->sent_at = sqlite3_column_int64(s, 15);
    ck_store_col_text(s, 16, m->holder, sizeof m->holder);
    ck_store_msg_from_json(&m->error, (const char *)sqlite3_column_text(s, 17), m->last_error);
}

/* The one row a prepared statement finds, with the message's bytes (column 18) when asked. */
static ck_rc one_mail(ck_store *st, sqlite3_stmt *s, bool with_message, ck_mail_rec *out,
                      bool *found, const char *doing, ck_err *err)
{
    ck_rc rc = CK_OK;
    memset(out, 0, sizeof *out);
    *found = false;
    int step = sqlite3_step(s);
    if (step == SQLITE_ROW) {
        mail_row(s, out);
        *found = true;
        if (with_message) {
            int len = sqlite3_column_bytes(s, 18);
            const void *bytes = sqlite3_column_blob(s, 18);
            out->message = malloc((size_t)len + 1);
            if (!out->message) {
                rc = ck_err_set(err, CK_ENOMEM, "out of memory %s", CK_MSG_PHRASE(doing));
            } else {
                if (len)
                    memcpy(out->message, bytes, (size_t)len);
                out->message[len] = '\0';
                out->message_len = (size_t)len;
            }
        }
    } else if (step != SQLITE_DONE) {
        rc = ck_store_fail(st, err, step, doing);
    }
    sqlite3_finalize(s);
    return rc;
}

ck_rc ck_store_mail_get(ck_store *st, int64_t id, bool with_message, ck_mail_rec *out, ck_err *err)
{
    const char *doing = N_("reading the message");
    sqlite3_stmt *s = NULL;
    bool found = false;
    ck_rc rc = ck_store_prepare(
        st, &s, "SELECT " MAIL_COLUMNS ", m.message" MAIL_FROM " WHERE m.id = ?", doing, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(s, 1, id);
    if ((rc = one_mail(st, s, with_message, out, &found, doing, err)))
        return rc;
    if (!found)
        return ck_err_set(err, CK_ENOTFOUND,
                          "there is no message %lld in the outbox; \"classkiosk mail list\" "
                          "lists them",
                          (long long)id);
    return CK_OK;
}

ck_rc ck_store_mail_latest(ck_store *st, ck_mail_kind kind, int64_t attendee_id,
                           const char *cert_id, ck_mail_rec *out, bool *found, ck_err *err)
{
    const char *doing = N_("looking in the outbox");
    sqlite3_stmt *s = NULL;
    ck_rc rc = ck_store_prepare(st, &s,
                                "SELECT " MAIL_COLUMNS ", NULL" MAIL_FROM
                                " WHERE m.kind = ? AND m.attendee_id = ?"
                                " AND coalesce(m.cert_id, '') = ? ORDER BY m.id DESC LIMIT 1",
                                doing, err);
    if (rc)
        return rc;
    ck_store_bind_text(s, 1, ck_mail_kind_name(kind));
    sqlite3_bind_int64(s, 2, attendee_id);
    ck_store_bind_text(s, 3, cert_id ? cert_id : "");
    return one_mail(st, s, false, out, found, doing, err);
}

ck_rc ck_store_mail_next_due(ck_store *st, int64_t now, ck_mail_rec *out, bool *found, ck_err *err)
{
    const char *doing = N_("looking for messages to send");
    sqlite3_stmt *s = NULL;
    ck_rc rc = ck_store_prepare(st, &s,
                                "SELECT " MAIL_COLUMNS ", m.message" MAIL_FROM
                                " WHERE m.state = 'queued' AND m.next_at <= ?"
                                " ORDER BY m.next_at, m.id LIMIT 1",
                                doing, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(s, 1, now);
    return one_mail(st, s, true, out, found, doing, err);
}

ck_rc ck_store_mail_pending(ck_store *st, size_t *waiting, int64_t *next_at, ck_err *err)
{
    const char *doing = N_("looking for messages to send");
    sqlite3_stmt *s = NULL;
    *waiting = 0;
    *next_at = 0;
    ck_rc rc = ck_store_prepare(
        st, &s, "SELECT count(*), coalesce(min(next_at), 0) FROM mail WHERE state = 'queued'",
        doing, err);
    if (rc)
        return rc;
    int step = sqlite3_step(s);
    if (step == SQLITE_ROW) {
        *waiting = (size_t)sqlite3_column_int64(s, 0);
        *next_at = sqlite3_column_int64(s, 1);
    } else {
        rc = ck_store_fail(st, err, step, doing);
    }
    sqlite3_finalize(s);
    return rc;
}

ck_rc ck_store_mail_expire(ck_store *st, int64_t now, const ck_msg *unsure_reason, size_t *requeued,
                           size_t *unsure, ck_err *err)
{
    const char *doing = N_("looking for senders that stopped");
    sqlite3_stmt *s = NULL;
    *requeued = *unsure = 0;
    /* Held but never handed over: nothing reached the server for good, so it goes back. */
    ck_rc rc = ck_store_prepare(st, &s,
                                "UPDATE mail SET state = 'queued', claim_until = 0, updated_at = ?"
                                " WHERE state = 'sending' AND claim_until < ?",
                                doing, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(s, 1, now);
    sqlite3_bind_int64(s, 2, now);
    if ((rc = ck_store_exec_stmt(st, s, doing, err)))
        return rc;
    *requeued = (size_t)sqlite3_changes(st->db);
    /* Handed over and then no word: it may have arrived. */
    if ((rc = ck_store_prepare(st, &s,
                               "UPDATE mail SET state = 'unsure', claim_until = 0,"
                               " last_error = ?, error = ?, updated_at = ?"
                               " WHERE state = 'handed' AND claim_until < ?",
                               doing, err)))
        return rc;
    char english[768];
    ck_msg_word(unsure_reason, NULL, english, sizeof english);
    ck_store_bind_text(s, 1, english);
    ck_store_bind_msg(s, 2, unsure_reason);
    sqlite3_bind_int64(s, 3, now);
    sqlite3_bind_int64(s, 4, now);
    if ((rc = ck_store_exec_stmt(st, s, doing, err)))
        return rc;
    *unsure = (size_t)sqlite3_changes(st->db);
    return CK_OK;
}

ck_rc ck_store_mail_list(ck_store *st, int64_t course_id, ck_mail_rec **out, size_t *n, ck_err *err)
{
    const char *doing = N_("listing the outbox");
    sqlite3_stmt *s = NULL;
    ck_rc rc = ck_store_prepare(
        st, &s, "SELECT " MAIL_COLUMNS MAIL_FROM " WHERE a.course_id = ? ORDER BY m.id DESC", doing,
        err);
    if (rc)
        return rc;
    sqlite3_bind_int64(s, 1, course_id);
    return ck_store_select_all(st, s, sizeof **out, mail_row, (void **)out, n, doing, err);
}
