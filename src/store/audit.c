/* The audit trail: append-only records, each holding the SHA-256 of the one before. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/internal.h"

#define GENESIS "0000000000000000000000000000000000000000000000000000000000000000"

/* Feed one field as "<length>:<bytes>" so no two different records hash alike. */
static void feed(crypto_hash_sha256_state *h, const char *field)
{
    char len[24];
    size_t n = strlen(field);
    int k = snprintf(len, sizeof len, "%zu:", n);
    crypto_hash_sha256_update(h, (const unsigned char *)len, (unsigned long long)k);
    crypto_hash_sha256_update(h, (const unsigned char *)field, n);
}

static void record_hash(char out[65], const char *prev, int64_t id, int64_t at, const char *actor,
                        const char *action, const char *detail)
{
    crypto_hash_sha256_state h;
    unsigned char digest[crypto_hash_sha256_BYTES];
    char num[32];
    crypto_hash_sha256_init(&h);
    feed(&h, prev);
    snprintf(num, sizeof num, "%lld", (long long)id);
    feed(&h, num);
    snprintf(num, sizeof num, "%lld", (long long)at);
    feed(&h, num);
    feed(&h, actor);
    feed(&h, action);
    feed(&h, detail);
    crypto_hash_sha256_final(&h, digest);
    sodium_bin2hex(out, 65, digest, sizeof digest);
}

/* The last record's id and hash, or 0 and the genesis hash. */
static ck_rc chain_head(ck_store *st, int64_t *id, char hash[65], ck_err *err)
{
    sqlite3_stmt *s = NULL;
    ck_rc rc = ck_store_prepare(st, &s, "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1",
                                "reading the audit trail", err);
    if (rc)
        return rc;
    int step = sqlite3_step(s);
    *id = 0;
    memcpy(hash, GENESIS, 65);
    if (step == SQLITE_ROW) {
        *id = sqlite3_column_int64(s, 0);
        ck_store_col_text(s, 1, hash, 65);
    } else if (step != SQLITE_DONE) {
        rc = ck_store_fail(st, err, step, "reading the audit trail");
    }
    sqlite3_finalize(s);
    return rc;
}

ck_rc ck_store_audit_append(ck_store *st, int64_t at, const char *actor, const char *action,
                            const char *detail_json, ck_err *err)
{
    const char *doing = "writing the audit trail";
    if (!st->in_tx)
        return ck_err_set(err, CK_EINTERNAL, "%s outside a transaction", doing);
    int64_t last = 0;
    char prev[65], hash[65];
    ck_rc rc = chain_head(st, &last, prev, err);
    if (rc)
        return rc;
    /* The head stored in a setting must agree, or the tail was cut off. */
    char head[128] = "";
    ck_err quiet = {0};
    if (ck_store_setting_get(st, "audit.head", head, sizeof head, &quiet) == CK_OK) {
        char expect[128];
        snprintf(expect, sizeof expect, "%lld:%s", (long long)last, prev);
        if (strcmp(head, expect) != 0)
            return ck_err_set(err, CK_EDB,
                              "the audit trail of %s has been tampered with (its last record "
                              "is not the one recorded); run \"classkiosk audit verify\"",
                              st->path);
    }
    int64_t id = last + 1;
    const char *detail = detail_json ? detail_json : "{}";
    record_hash(hash, prev, id, at, actor, action, detail);

    sqlite3_stmt *s = NULL;
    if ((rc = ck_store_prepare(st, &s,
                               "INSERT INTO audit (id, at, actor, action, detail, prev, hash)"
                               " VALUES (?, ?, ?, ?, ?, ?, ?)",
                               doing, err)))
        return rc;
    sqlite3_bind_int64(s, 1, id);
    sqlite3_bind_int64(s, 2, at);
    ck_store_bind_text(s, 3, actor);
    ck_store_bind_text(s, 4, action);
    ck_store_bind_text(s, 5, detail);
    ck_store_bind_text(s, 6, prev);
    ck_store_bind_text(s, 7, hash);
    if ((rc = ck_store_exec_stmt(st, s, doing, err)))
        return rc;
    snprintf(head, sizeof head, "%lld:%s", (long long)id, hash);
    return ck_store_setting_set(st, "audit.head", head, err);
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
    ck_store_col_text(s, 5, a->prev, sizeof a->prev);
    ck_store_col_text(s, 6, a->hash, sizeof a->hash);
}

ck_rc ck_store_audit_list(ck_store *st, ck_audit_rec **out, size_t *n, ck_err *err)
{
    const char *doing = "reading the audit trail";
    sqlite3_stmt *s = NULL;
    ck_rc rc = ck_store_prepare(st, &s,
                                "SELECT id, at, actor, action, detail, prev, hash FROM audit"
                                " ORDER BY id",
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
            return ck_err_set(err, CK_ENOMEM, "out of memory %s", doing);
        }
    return CK_OK;
}

ck_rc ck_store_audit_verify(ck_store *st, size_t *checked, ck_err *err)
{
    ck_audit_rec *recs = NULL;
    size_t n = 0;
    *checked = 0;
    ck_rc rc = ck_store_audit_list(st, &recs, &n, err);
    if (rc)
        return rc;
    const char *prev = GENESIS;
    for (size_t i = 0; i < n; i++) {
        const ck_audit_rec *r = &recs[i];
        char hash[65];
        if (r->id != (int64_t)i + 1) {
            rc = ck_err_set(err, CK_EDB,
                            "audit record %lld is missing: the records jump from %lld to %lld",
                            (long long)i + 1, (long long)i, (long long)r->id);
            goto done;
        }
        if (strcmp(r->prev, prev) != 0) {
            rc = ck_err_set(err, CK_EDB,
                            "audit record %lld does not follow record %lld: a record was "
                            "removed or replaced",
                            (long long)r->id, (long long)r->id - 1);
            goto done;
        }
        record_hash(hash, prev, r->id, r->at, r->actor, r->action, r->detail);
        if (strcmp(hash, r->hash) != 0) {
            rc = ck_err_set(err, CK_EDB, "audit record %lld (%s) was edited after it was written",
                            (long long)r->id, r->action);
            goto done;
        }
        prev = r->hash;
        (*checked)++;
    }
    char head[128] = "", expect[128];
    ck_err quiet = {0};
    snprintf(expect, sizeof expect, "%lld:%s", (long long)n, n ? recs[n - 1].hash : GENESIS);
    if (ck_store_setting_get(st, "audit.head", head, sizeof head, &quiet) == CK_OK) {
        if (strcmp(head, expect) != 0) {
            long long written = strtoll(head, NULL, 10);
            rc = written > (long long)n
                     ? ck_err_set(err, CK_EDB,
                                  "the audit trail ends at record %zu but %lld records were "
                                  "written: records were removed from the end",
                                  n, written)
                     : ck_err_set(err, CK_EDB,
                                  "the audit trail's last record does not match the one "
                                  "written: the end of the trail was replaced");
        }
    } else if (n > 0) {
        rc = ck_err_set(err, CK_EDB, "the audit trail's head marker is missing: it was removed");
    }
done:
    ck_audit_list_free(recs, n);
    return rc;
}
