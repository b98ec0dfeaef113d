/* Certificates and revocations. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/internal.h"

ck_rc ck_store_cert_insert(ck_store *st, const ck_cert_rec *in, ck_err *err)
{
    const char *doing = "saving the certificate";
    sqlite3_stmt *s = NULL;
    ck_rc rc = ck_store_prepare(st, &s,
                                "INSERT INTO certificate (id, attendee_id, token, kid, issued_at,"
                                " expires_at) VALUES (?, ?, ?, ?, ?, ?)",
                                doing, err);
    if (rc)
        return rc;
    ck_store_bind_text(s, 1, in->id);
    sqlite3_bind_int64(s, 2, in->attendee_id);
    ck_store_bind_text(s, 3, in->token);
    ck_store_bind_text(s, 4, in->kid);
    sqlite3_bind_int64(s, 5, in->issued_at);
    sqlite3_bind_int64(s, 6, in->expires_at);
    return ck_store_exec_stmt(st, s, doing, err);
}

#define CERT_SELECT                                                                            \
    "SELECT c.id, c.attendee_id, c.token, c.kid, c.issued_at, c.expires_at,"                   \
    " coalesce(r.at, 0), coalesce(r.reason, ''), a.name FROM certificate AS c"                 \
    " JOIN attendee AS a ON a.id = c.attendee_id"                                              \
    " LEFT JOIN revocation AS r ON r.cert_id = c.id "

static void cert_row(sqlite3_stmt *s, void *elem)
{
    ck_cert_rec *c = elem;
    const unsigned char *token = sqlite3_column_text(s, 2);
    ck_store_col_text(s, 0, c->id, sizeof c->id);
    c->attendee_id = sqlite3_column_int64(s, 1);
    c->token = strdup(token ? (const char *)token : "");
    ck_store_col_text(s, 3, c->kid, sizeof c->kid);
    c->issued_at = sqlite3_column_int64(s, 4);
    c->expires_at = sqlite3_column_int64(s, 5);
    c->revoked_at = sqlite3_column_int64(s, 6);
    ck_store_col_text(s, 7, c->revoke_reason, sizeof c->revoke_reason);
    ck_store_col_text(s, 8, c->holder, sizeof c->holder);
}

/* Run a query for at most one certificate. */
static ck_rc one_cert(ck_store *st, sqlite3_stmt *s, ck_cert_rec *out, const char *missing,
                      ck_err *err)
{
    ck_rc rc = CK_OK;
    memset(out, 0, sizeof *out);
    int step = sqlite3_step(s);
    if (step == SQLITE_ROW) {
        cert_row(s, out);
        if (!out->token)
            rc = ck_err_set(err, CK_ENOMEM, "out of memory reading the certificate");
    } else if (step == SQLITE_DONE) {
        rc = ck_err_set(err, CK_ENOTFOUND, "%s", missing);
    } else {
        rc = ck_store_fail(st, err, step, "reading the certificate");
    }
    sqlite3_finalize(s);
    return rc;
}

ck_rc ck_store_cert_get(ck_store *st, const char *id, ck_cert_rec *out, ck_err *err)
{
    sqlite3_stmt *s = NULL;
    ck_rc rc = ck_store_prepare(st, &s, CERT_SELECT "WHERE c.id = ?", "reading the certificate",
                                err);
    if (rc)
        return rc;
    ck_store_bind_text(s, 1, id);
    char missing[96];
    snprintf(missing, sizeof missing,
             "there is no certificate %s; \"classkiosk certs list\" shows them", id);
    return one_cert(st, s, out, missing, err);
}

ck_rc ck_store_cert_current(ck_store *st, int64_t attendee_id, ck_cert_rec *out, ck_err *err)
{
    sqlite3_stmt *s = NULL;
    ck_rc rc = ck_store_prepare(st, &s,
                                CERT_SELECT "WHERE c.attendee_id = ? AND r.cert_id IS NULL"
                                            " ORDER BY c.issued_at DESC, c.rowid DESC LIMIT 1",
                                "reading the certificate", err);
    if (rc)
        return rc;
    sqlite3_bind_int64(s, 1, attendee_id);
    return one_cert(st, s, out, "no current certificate", err);
}

ck_rc ck_store_cert_list(ck_store *st, int64_t course_id, ck_cert_rec **out, size_t *n,
                         ck_err *err)
{
    const char *doing = "listing the certificates";
    sqlite3_stmt *s = NULL;
    ck_rc rc = ck_store_prepare(st, &s,
                                CERT_SELECT "WHERE a.course_id = ?"
                                            " ORDER BY c.issued_at DESC, c.rowid DESC",
                                doing, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(s, 1, course_id);
    if ((rc = ck_store_select_all(st, s, sizeof **out, cert_row, (void **)out, n, doing, err)))
        return rc;
    for (size_t i = 0; i < *n; i++)
        if (!(*out)[i].token) {
            ck_cert_list_free(*out, *n);
            *out = NULL;
            *n = 0;
            return ck_err_set(err, CK_ENOMEM, "out of memory %s", doing);
        }
    return CK_OK;
}

ck_rc ck_store_cert_revoke(ck_store *st, const char *id, int64_t at, const char *reason,
                           ck_err *err)
{
    const char *doing = "revoking the certificate";
    sqlite3_stmt *s = NULL;
    ck_rc rc = ck_store_prepare(st, &s,
                                "INSERT INTO revocation (cert_id, at, reason) VALUES (?, ?, ?)",
                                doing, err);
    if (rc)
        return rc;
    ck_store_bind_text(s, 1, id);
    sqlite3_bind_int64(s, 2, at);
    ck_store_bind_text(s, 3, reason);
    return ck_store_exec_stmt(st, s, doing, err);
}

static void revocation_row(sqlite3_stmt *s, void *elem)
{
    ck_revocation_rec *r = elem;
    ck_store_col_text(s, 0, r->id, sizeof r->id);
    r->at = sqlite3_column_int64(s, 1);
}

ck_rc ck_store_revocations(ck_store *st, ck_revocation_rec **out, size_t *n, ck_err *err)
{
    const char *doing = "reading the revocations";
    sqlite3_stmt *s = NULL;
    ck_rc rc = ck_store_prepare(st, &s, "SELECT cert_id, at FROM revocation ORDER BY at, cert_id",
                                doing, err);
    if (rc)
        return rc;
    return ck_store_select_all(st, s, sizeof **out, revocation_row, (void **)out, n, doing, err);
}
