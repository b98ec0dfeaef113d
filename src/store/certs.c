/* Certificates, revocations and the stations' signing keys. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/internal.h"

ck_rc ck_body_cert(ck_store *st, const ck_cert_rec *c, json_t **out, ck_err *err)
{
    char who[CK_UID_LEN + 1];
    ck_rc rc = ck_store_uid_of(st, "SELECT uid FROM attendee WHERE id = ?", c->attendee_id, who,
                               sizeof who, err);
    if (rc)
        return rc;
    *out = json_pack("{s:s, s:s, s:s, s:I}", "attendee", who, "token", c->token ? c->token : "",
                     "kid", c->kid, "expires_at", (json_int_t)c->expires_at);
    return *out ? CK_OK : ck_err_set(err, CK_ENOMEM, "out of memory saving the certificate");
}

ck_rc ck_mat_cert(ck_store *st, const ck_ledger_entry *e, ck_body *b, int64_t *row_id, ck_err *err)
{
    const char *doing = N_("saving the certificate");
    int64_t who = 0;
    const char *attendee = ck_body_str(b, "attendee"), *token = ck_body_str(b, "token");
    const char *kid = ck_body_str(b, "kid");
    int64_t expires = ck_body_int(b, "expires_at");
    if (b->rc)
        return b->rc;
    ck_rc rc = ck_store_id_of(st, CK_ATTENDEE_ID_OF_UID, attendee, &who, "attendee", err);
    if (rc)
        return rc;
    sqlite3_stmt *s = NULL;
    if ((rc = ck_store_prepare(st, &s,
                               "INSERT INTO certificate (id, attendee_id, token, kid, issued_at,"
                               " expires_at) VALUES (?, ?, ?, ?, ?, ?)",
                               doing, err)))
        return rc;
    ck_store_bind_text(s, 1, e->uid);
    sqlite3_bind_int64(s, 2, who);
    ck_store_bind_text(s, 3, token);
    ck_store_bind_text(s, 4, kid);
    sqlite3_bind_int64(s, 5, e->at);
    sqlite3_bind_int64(s, 6, expires);
    *row_id = 0;
    return ck_store_exec_stmt(st, s, doing, err);
}

ck_rc ck_store_cert_insert(ck_store *st, const ck_cert_rec *in, ck_err *err)
{
    json_t *body = NULL;
    ck_rc rc = ck_body_cert(st, in, &body, err);
    if (rc)
        return rc;
    return ck_ledger_record(st, "certificate", in->id, in->issued_at, body, NULL, err);
}

/* A certificate with its first revocation (two stations may each have revoked it). */
#define CERT_SELECT                                                                                \
    "SELECT c.id, c.attendee_id, c.token, c.kid, c.issued_at, c.expires_at,"                       \
    " coalesce(r.at, 0), coalesce(r.reason, ''), a.name FROM certificate AS c"                     \
    " JOIN attendee AS a ON a.id = c.attendee_id"                                                  \
    " LEFT JOIN revocation AS r ON r.uid = (SELECT q.uid FROM revocation AS q"                     \
    "  WHERE q.cert_id = c.id ORDER BY q.at, q.uid LIMIT 1) "
/* Each person's certificates in the order every station agrees on. */
#define CERT_ORDER " ORDER BY c.attendee_id, c.issued_at, c.id"

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

/* Two stations out of touch may each issue one person's certificate. Walking each person's
 * certificates in (issue time, id) order, a certificate issued while an earlier one was not
 * revoked is a duplicate of it: genuine (its token verifies), never listed, never reused,
 * and revoked when its original is. list is in CERT_ORDER. */
static void fold_duplicates(ck_cert_rec *list, size_t n)
{
    const ck_cert_rec *original = NULL;
    for (size_t i = 0; i < n; i++) {
        ck_cert_rec *c = &list[i];
        if (original && original->attendee_id != c->attendee_id)
            original = NULL;
        bool shadowed =
            original && (original->revoked_at == 0 || original->revoked_at > c->issued_at);
        if (!shadowed) {
            original = c;
            continue;
        }
        snprintf(c->duplicate_of, sizeof c->duplicate_of, "%s", original->id);
        if (original->revoked_at && (!c->revoked_at || original->revoked_at < c->revoked_at)) {
            c->revoked_at = original->revoked_at;
            snprintf(c->revoke_reason, sizeof c->revoke_reason, "%s", original->revoke_reason);
        }
    }
}

/* Certificates a statement selects (in CERT_ORDER), duplicates marked. */
static ck_rc select_certs(ck_store *st, sqlite3_stmt *s, ck_cert_rec **out, size_t *n,
                          const char *doing, ck_err *err)
{
    ck_rc rc = ck_store_select_all(st, s, sizeof **out, cert_row, (void **)out, n, doing, err);
    if (rc)
        return rc;
    for (size_t i = 0; i < *n; i++)
        if (!(*out)[i].token) {
            ck_cert_list_free(*out, *n);
            *out = NULL;
            *n = 0;
            return ck_err_set(err, CK_ENOMEM, "out of memory %s", CK_MSG_PHRASE(doing));
        }
    fold_duplicates(*out, *n);
    return CK_OK;
}

/* One person's certificates, duplicates marked. */
static ck_rc person_certs(ck_store *st, int64_t attendee_id, ck_cert_rec **out, size_t *n,
                          ck_err *err)
{
    const char *doing = N_("reading the certificates");
    sqlite3_stmt *s = NULL;
    ck_rc rc =
        ck_store_prepare(st, &s, CERT_SELECT "WHERE c.attendee_id = ?" CERT_ORDER, doing, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(s, 1, attendee_id);
    return select_certs(st, s, out, n, doing, err);
}

/* Move list[i] into *out (the token with it). */
static void take_cert(ck_cert_rec *list, size_t i, ck_cert_rec *out)
{
    *out = list[i];
    list[i].token = NULL;
}

ck_rc ck_store_cert_get(ck_store *st, const char *id, ck_cert_rec *out, ck_err *err)
{
    int64_t attendee = 0;
    ck_err quiet = {0};
    memset(out, 0, sizeof *out);
    ck_rc rc = ck_store_id_of(st, "SELECT attendee_id FROM certificate WHERE id = ?", id, &attendee,
                              "certificate", &quiet);
    if (rc == CK_ENOTFOUND)
        return ck_err_set(err, rc,
                          "there is no certificate %s; \"classkiosk certs list\" shows them", id);
    if (rc)
        return ck_err_msg(err, rc, &quiet.m);
    ck_cert_rec *list = NULL;
    size_t n = 0;
    if ((rc = person_certs(st, attendee, &list, &n, err)))
        return rc;
    bool found = false;
    for (size_t i = 0; i < n && !found; i++)
        if (strcmp(list[i].id, id) == 0) {
            take_cert(list, i, out);
            found = true;
        }
    ck_cert_list_free(list, n);
    return found ? CK_OK : ck_err_set(err, CK_ENOTFOUND, "there is no certificate %s", id);
}

ck_rc ck_store_cert_current(ck_store *st, int64_t attendee_id, ck_cert_rec *out, ck_err *err)
{
    ck_cert_rec *list = NULL;
    size_t n = 0;
    memset(out, 0, sizeof *out);
    ck_rc rc = person_certs(st, attendee_id, &list, &n, err);
    if (rc)
        return rc;
    /* At most one certificate is neither revoked nor a duplicate. */
    bool found = false;
    for (size_t i = 0; i < n && !found; i++)
        if (!list[i].duplicate_of[0] && !list[i].revoked_at) {
            take_cert(list, i, out);
            found = true;
        }
    ck_cert_list_free(list, n);
    return found ? CK_OK : ck_err_set(err, CK_ENOTFOUND, "no current certificate");
}

static int newest_first(const void *a, const void *b)
{
    const ck_cert_rec *x = a, *y = b;
    if (x->issued_at != y->issued_at)
        return x->issued_at > y->issued_at ? -1 : 1;
    return strcmp(y->id, x->id);
}

ck_rc ck_store_cert_list(ck_store *st, int64_t course_id, ck_cert_rec **out, size_t *n, ck_err *err)
{
    const char *doing = N_("listing the certificates");
    sqlite3_stmt *s = NULL;
    ck_rc rc = ck_store_prepare(st, &s, CERT_SELECT "WHERE a.course_id = ?" CERT_ORDER, doing, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(s, 1, course_id);
    if ((rc = select_certs(st, s, out, n, doing, err)))
        return rc;
    /* Duplicates are not listed: one certificate per person and course. */
    size_t kept = 0;
    for (size_t i = 0; i < *n; i++) {
        if ((*out)[i].duplicate_of[0]) {
            free((*out)[i].token);
            continue;
        }
        (*out)[kept++] = (*out)[i];
    }
    *n = kept;
    if (kept)
        qsort(*out, kept, sizeof **out, newest_first);
    return CK_OK;
}

json_t *ck_body_revocation(const char *cert_id, const char *reason)
{
    return json_pack("{s:s, s:s}", "certificate", cert_id, "reason", reason);
}

ck_rc ck_mat_revocation(ck_store *st, const ck_ledger_entry *e, ck_body *b, int64_t *row_id,
                        ck_err *err)
{
    const char *doing = N_("revoking the certificate");
    const char *id = ck_body_str(b, "certificate"), *reason = ck_body_str(b, "reason");
    if (b->rc)
        return b->rc;
    int64_t found = 0;
    /* The certificate must be there first (it may come from another station's chain). */
    ck_rc rc = ck_store_id_of(st, "SELECT rowid FROM certificate WHERE id = ?", id, &found,
                              "certificate", err);
    if (rc)
        return rc;
    sqlite3_stmt *s = NULL;
    if ((rc = ck_store_prepare(st, &s,
                               "INSERT INTO revocation (cert_id, at, reason, uid)"
                               " VALUES (?, ?, ?, ?)",
                               doing, err)))
        return rc;
    ck_store_bind_text(s, 1, id);
    sqlite3_bind_int64(s, 2, e->at);
    ck_store_bind_text(s, 3, reason);
    ck_store_bind_text(s, 4, e->uid);
    *row_id = 0;
    return ck_store_exec_stmt(st, s, doing, err);
}

ck_rc ck_store_cert_revoke(ck_store *st, const char *id, int64_t at, const char *reason,
                           ck_err *err)
{
    char uid[CK_UID_LEN + 1];
    json_t *body = ck_body_revocation(id, reason);
    if (!body)
        return ck_err_set(err, CK_ENOMEM, "out of memory revoking the certificate");
    ck_store_new_uid(uid);
    return ck_ledger_record(st, "revocation", uid, at, body, NULL, err);
}

static void revocation_row(sqlite3_stmt *s, void *elem)
{
    ck_revocation_rec *r = elem;
    ck_store_col_text(s, 0, r->id, sizeof r->id);
    r->at = sqlite3_column_int64(s, 1);
}

static int by_id(const void *a, const void *b)
{
    return strcmp(((const ck_revocation_rec *)a)->id, ((const ck_revocation_rec *)b)->id);
}

static void brief_cert_row(sqlite3_stmt *s, void *elem)
{
    ck_cert_rec *c = elem;
    ck_store_col_text(s, 0, c->id, sizeof c->id);
    c->attendee_id = sqlite3_column_int64(s, 1);
    c->issued_at = sqlite3_column_int64(s, 2);
}

/* The duplicates of revoked certificates (see fold_duplicates) are revoked with them: add them
 * to the n revocations of *list (sorted by id, one each), keeping it sorted. */
static ck_rc add_duplicates(ck_store *st, ck_revocation_rec **list, size_t *n, ck_err *err)
{
    const char *doing = N_("reading the revocations");
    sqlite3_stmt *s = NULL;
    ck_cert_rec *certs = NULL;
    size_t ncerts = 0, cap = *n;
    ck_rc rc = ck_store_prepare(
        st, &s, "SELECT c.id, c.attendee_id, c.issued_at FROM certificate AS c" CERT_ORDER, doing,
        err);
    if (rc || (rc = ck_store_select_all(st, s, sizeof *certs, brief_cert_row, (void **)&certs,
                                        &ncerts, doing, err)))
        return rc;
    size_t given = *n;
    for (size_t i = 0; i < ncerts; i++) {
        ck_revocation_rec key;
        snprintf(key.id, sizeof key.id, "%s", certs[i].id);
        const ck_revocation_rec *hit =
            given ? bsearch(&key, *list, given, sizeof key, by_id) : NULL;
        certs[i].revoked_at = hit ? hit->at : 0;
    }
    fold_duplicates(certs, ncerts);
    for (size_t i = 0; rc == CK_OK && i < ncerts; i++) {
        ck_revocation_rec key;
        snprintf(key.id, sizeof key.id, "%s", certs[i].id);
        if (!certs[i].duplicate_of[0] || !certs[i].revoked_at ||
            (given && bsearch(&key, *list, given, sizeof key, by_id)))
            continue;
        if (!ck_array_reserve(list, &cap, *n + 1, sizeof **list)) {
            rc = ck_err_set(err, CK_ENOMEM, "out of memory %s", CK_MSG_PHRASE(doing));
            break;
        }
        key.at = certs[i].revoked_at;
        (*list)[(*n)++] = key;
    }
    free(certs);
    if (rc == CK_OK && *n > given)
        qsort(*list, *n, sizeof **list, by_id);
    return rc;
}

ck_rc ck_store_revocations(ck_store *st, ck_revocation_rec **out, size_t *n, ck_err *err)
{
    const char *doing = N_("reading the revocations");
    sqlite3_stmt *s = NULL;
    size_t entries = 0, origins = 0;
    *out = NULL;
    *n = 0;
    /* One snapshot: the chains checked are the chains read. */
    bool own_tx = !st->in_tx;
    ck_rc rc = own_tx ? ck_store_begin_read(st, err) : CK_OK;
    if (rc)
        return rc;
    if ((rc = ck_ledger_check_chains(st, &entries, &origins, err))) {
        ck_err_prefix(err, "certificates cannot be checked against this station's revocations: ");
        goto done;
    }
    /* Every station's revocations; a certificate revoked at two stations counts from the
     * first. */
    if ((rc = ck_store_prepare(
             st, &s,
             "SELECT json_extract(body, '$.certificate') AS id, min(at) FROM ledger"
             " WHERE kind = 'revocation' GROUP BY id ORDER BY id",
             doing, err)))
        goto done;
    if ((rc = ck_store_select_all(st, s, sizeof **out, revocation_row, (void **)out, n, doing,
                                  err)) == CK_OK)
        rc = add_duplicates(st, out, n, err);
    if (rc) {
        free(*out);
        *out = NULL;
        *n = 0;
    }
done:
    if (own_tx)
        ck_store_rollback(st);
    return rc;
}

/* ---- signing keys ---- */

ck_rc ck_mat_key(ck_store *st, const ck_ledger_entry *e, ck_body *b, int64_t *row_id, ck_err *err)
{
    const char *doing = N_("recording the signing key");
    const char *x = ck_body_str(b, "x"), *retires = ck_body_str_opt(b, "retires");
    if (b->rc)
        return b->rc;
    sqlite3_stmt *s = NULL;
    ck_rc rc = ck_store_prepare(st, &s,
                                "INSERT INTO signing_key (kid, origin, x, created_at)"
                                " VALUES (?, ?, ?, ?)",
                                doing, err);
    if (rc)
        return rc;
    ck_store_bind_text(s, 1, e->uid);
    ck_store_bind_text(s, 2, e->origin);
    ck_store_bind_text(s, 3, x);
    sqlite3_bind_int64(s, 4, e->at);
    if ((rc = ck_store_exec_stmt(st, s, doing, err)) || !retires)
        return rc;
    /* The key it replaces signs no more from now on. */
    if ((rc = ck_store_prepare(st, &s,
                               "UPDATE signing_key SET retired_at = ? WHERE kid = ? AND origin = ?",
                               doing, err)))
        return rc;
    sqlite3_bind_int64(s, 1, e->at);
    ck_store_bind_text(s, 2, retires);
    ck_store_bind_text(s, 3, e->origin);
    *row_id = 0;
    return ck_store_exec_stmt(st, s, doing, err);
}

ck_rc ck_store_key_add(ck_store *st, const char *kid, const char *x, int64_t created,
                       const char *retires, ck_err *err)
{
    json_t *body = json_pack("{s:s}", "x", x);
    if (body && retires && *retires)
        json_object_set_new(body, "retires", json_string(retires));
    if (!body)
        return ck_err_set(err, CK_ENOMEM, "out of memory recording the signing key");
    return ck_ledger_record(st, "key", kid, created, body, NULL, err);
}

ck_rc ck_store_key_known(ck_store *st, const char *kid, bool *known, ck_err *err)
{
    int64_t rowid = 0;
    ck_err quiet = {0};
    ck_rc rc = ck_store_id_of(st, "SELECT rowid FROM signing_key WHERE kid = ?", kid, &rowid,
                              "signing key", &quiet);
    *known = rc == CK_OK;
    if (rc == CK_ENOTFOUND)
        return CK_OK;
    return rc ? ck_err_msg(err, rc, &quiet.m) : CK_OK;
}
