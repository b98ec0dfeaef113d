/* The schema 3 → 4 upgrade: check the old audit trail's own chain, then carry every record and
 * every audit record into this station's new ledger, in one transaction with the SQL step. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/internal.h"

#define GENESIS "0000000000000000000000000000000000000000000000000000000000000000"

/* The hash of a schema-3 audit record: SHA-256 over length-prefixed prev, id, at, actor,
 * action and detail. */
static void legacy_hash(char out[65], const char *prev, int64_t id, int64_t at, const char *actor,
                        const char *action, const char *detail)
{
    crypto_hash_sha256_state h;
    unsigned char digest[crypto_hash_sha256_BYTES];
    char num[32];
    const char *fields[6] = {prev, num, NULL, actor, action, detail};
    char at_text[32];
    snprintf(num, sizeof num, "%lld", (long long)id);
    snprintf(at_text, sizeof at_text, "%lld", (long long)at);
    fields[2] = at_text;
    crypto_hash_sha256_init(&h);
    for (size_t i = 0; i < 6; i++) {
        char len[24];
        size_t n = strlen(fields[i]);
        int k = snprintf(len, sizeof len, "%zu:", n);
        crypto_hash_sha256_update(&h, (const unsigned char *)len, (unsigned long long)k);
        crypto_hash_sha256_update(&h, (const unsigned char *)fields[i], n);
    }
    crypto_hash_sha256_final(&h, digest);
    sodium_bin2hex(out, 65, digest, sizeof digest);
}

/* The old trail must be whole: carrying an altered one into the new chain would seal it. */
static ck_rc check_legacy_trail(ck_store *st, int64_t *count, char head[128], ck_err *err)
{
    const char *doing = N_("checking the old audit trail");
    sqlite3_stmt *s = NULL;
    ck_rc rc = ck_store_prepare(st, &s,
                                "SELECT id, at, actor, action, detail, prev, hash FROM audit_v3"
                                " ORDER BY id",
                                doing, err);
    if (rc)
        return rc;
    char prev[65] = GENESIS;
    int64_t n = 0;
    int step;
    while ((step = sqlite3_step(s)) == SQLITE_ROW) {
        char actor[64], action[64], stored_prev[65], stored[65], hash[65];
        const unsigned char *detail = sqlite3_column_text(s, 4);
        int64_t id = sqlite3_column_int64(s, 0);
        ck_store_col_text(s, 2, actor, sizeof actor);
        ck_store_col_text(s, 3, action, sizeof action);
        ck_store_col_text(s, 5, stored_prev, sizeof stored_prev);
        ck_store_col_text(s, 6, stored, sizeof stored);
        legacy_hash(hash, prev, id, sqlite3_column_int64(s, 1), actor, action,
                    detail ? (const char *)detail : "");
        if (id != n + 1 || strcmp(stored_prev, prev) != 0 || strcmp(hash, stored) != 0) {
            rc = ck_err_set(err, CK_EDB,
                            "the audit trail of %s was altered before this upgrade (record "
                            "%lld does not hold); carrying it into the new chain would hide "
                            "that, so nothing was changed: restore a backup, or keep using the "
                            "older classkiosk",
                            st->path, (long long)n + 1);
            break;
        }
        memcpy(prev, stored, sizeof prev);
        n++;
    }
    if (rc == CK_OK && step != SQLITE_DONE)
        rc = ck_store_fail(st, err, step, doing);
    sqlite3_finalize(s);
    if (rc)
        return rc;
    /* The old head marker must agree too, or its tail was cut off. */
    char marker[128] = "";
    ck_err quiet = {0};
    snprintf(head, 128, "%lld:%s", (long long)n, prev);
    bool has_marker =
        ck_store_setting_get(st, "audit.head", marker, sizeof marker, &quiet) == CK_OK;
    if ((has_marker && strcmp(marker, head) != 0) || (!has_marker && n > 0))
        return ck_err_set(err, CK_EDB,
                          "the audit trail of %s was cut short before this upgrade (its head "
                          "marker does not match its last record); nothing was changed: restore "
                          "a backup, or keep using the older classkiosk",
                          st->path);
    *count = n;
    return CK_OK;
}

/* Run fn on each row of sql, counting them in *carried: one record carried per row. */
typedef ck_rc (*carry_fn)(ck_store *st, sqlite3_stmt *row, ck_err *err);
static ck_rc each_row(ck_store *st, const char *sql, carry_fn fn, size_t *carried, ck_err *err)
{
    sqlite3_stmt *s = NULL;
    ck_rc rc = ck_store_prepare(st, &s, sql, "upgrading the records", err);
    if (rc)
        return rc;
    int step;
    while (rc == CK_OK && (step = sqlite3_step(s)) == SQLITE_ROW) {
        rc = fn(st, s, err);
        (*carried)++;
    }
    if (rc == CK_OK && step != SQLITE_DONE)
        rc = ck_store_fail(st, err, step, "upgrading the records");
    sqlite3_finalize(s);
    return rc;
}

/* Run UPDATE sql with (text a, int b, int c) — the rows gain what the chain says. */
static ck_rc set_row(ck_store *st, const char *sql, const char *a, int64_t b, int64_t c,
                     ck_err *err)
{
    sqlite3_stmt *s = NULL;
    ck_rc rc = ck_store_prepare(st, &s, sql, "upgrading the records", err);
    if (rc)
        return rc;
    ck_store_bind_text(s, 1, a);
    sqlite3_bind_int64(s, 2, b);
    sqlite3_bind_int64(s, 3, c);
    return ck_store_exec_stmt(st, s, "upgrading the records", err);
}

/* SELECT id, uid, title, trainer, credential, location, printer, contact_hours,
 * tolerance_min, created_at: the course row as schema 4 has it (rooms came with schema 6,
 * certificate languages with 8). */
static ck_rc carry_course(ck_store *st, sqlite3_stmt *row, ck_err *err)
{
    ck_course_rec c;
    memset(&c, 0, sizeof c);
    c.id = sqlite3_column_int64(row, 0);
    ck_store_col_text(row, 1, c.uid, sizeof c.uid);
    ck_store_col_text(row, 2, c.title, sizeof c.title);
    ck_store_col_text(row, 3, c.trainer, sizeof c.trainer);
    ck_store_col_text(row, 4, c.credential, sizeof c.credential);
    ck_store_col_text(row, 5, c.location, sizeof c.location);
    ck_store_col_text(row, 6, c.printer, sizeof c.printer);
    c.hours = sqlite3_column_double(row, 7);
    c.tolerance_min = sqlite3_column_int(row, 8);
    c.created_at = sqlite3_column_int64(row, 9);
    ck_rc rc = ck_store_course_read_days(st, &c, err);
    return rc ? rc
              : ck_ledger_append(st, "course", c.uid, c.created_at, ck_body_course(&c), NULL, err);
}

/* SELECT id, uid, course_id, name, email, name_key, created_at: the columns of schema 4 (a
 * later one's reader would ask for columns this file does not have yet). */
static ck_rc carry_attendee(ck_store *st, sqlite3_stmt *row, ck_err *err)
{
    ck_attendee_rec a;
    json_t *body = NULL;
    memset(&a, 0, sizeof a);
    a.id = sqlite3_column_int64(row, 0);
    ck_store_col_text(row, 1, a.uid, sizeof a.uid);
    a.course_id = sqlite3_column_int64(row, 2);
    ck_store_col_text(row, 3, a.name, sizeof a.name);
    ck_store_col_text(row, 4, a.email, sizeof a.email);
    ck_store_col_text(row, 5, a.name_key, sizeof a.name_key);
    a.created_at = sqlite3_column_int64(row, 6);
    ck_rc rc = ck_body_attendee(st, &a, &body, err);
    if (rc)
        return rc;
    return ck_ledger_append(st, "attendee", a.uid, a.created_at, body, NULL, err);
}

/* SELECT version, sha256, body, added_at */
static ck_rc carry_license(ck_store *st, sqlite3_stmt *row, ck_err *err)
{
    char uid[CK_UID_LEN + 1], sha[65];
    const unsigned char *text = sqlite3_column_text(row, 2);
    int version = sqlite3_column_int(row, 0);
    ck_store_col_text(row, 1, sha, sizeof sha);
    ck_store_new_uid(uid);
    ck_rc rc =
        set_row(st, "UPDATE license_text SET uid = ?1 WHERE version = ?2", uid, version, 0, err);
    if (rc)
        return rc;
    return ck_ledger_append(st, "license", uid, sqlite3_column_int64(row, 3),
                            ck_body_license(version, sha, text ? (const char *)text : ""), NULL,
                            err);
}

static ck_rc carry_event(ck_store *st, sqlite3_stmt *row, ck_err *err)
{
    ck_event_rec e;
    json_t *body = NULL;
    int64_t seq = 0;
    ck_rc rc;
    if ((rc = ck_store_event_get(st, sqlite3_column_int64(row, 0), &e, err)) ||
        (rc = ck_body_event(st, &e, &body, err)) ||
        (rc = ck_ledger_append(st, "event", e.uid, e.recorded_at, body, &seq, err)))
        return rc;
    return set_row(st, "UPDATE event SET origin = ?1, seq = ?2 WHERE id = ?3", st->origin, seq,
                   e.ev.id, err);
}

/* SELECT uid, attendee_id, version, decision, at, source, reason */
static ck_rc carry_decision(ck_store *st, sqlite3_stmt *row, ck_err *err)
{
    ck_acceptance_rec a;
    char decision[16], source[16];
    json_t *body = NULL;
    memset(&a, 0, sizeof a);
    ck_store_col_text(row, 0, a.uid, sizeof a.uid);
    a.attendee_id = sqlite3_column_int64(row, 1);
    a.version = sqlite3_column_int(row, 2);
    ck_store_col_text(row, 3, decision, sizeof decision);
    a.decision = strcmp(decision, "accept") == 0 ? CK_DECISION_ACCEPT : CK_DECISION_DECLINE;
    a.at = a.recorded_at = sqlite3_column_int64(row, 4);
    ck_store_col_text(row, 5, source, sizeof source);
    a.source = strcmp(source, "kiosk") == 0     ? CK_SOURCE_KIOSK
               : strcmp(source, "trainer") == 0 ? CK_SOURCE_TRAINER
                                                : CK_SOURCE_SELF;
    ck_store_col_text(row, 6, a.reason, sizeof a.reason);
    ck_rc rc = ck_body_decision(st, &a, &body, err);
    return rc ? rc
              : ck_ledger_append(st, "license.decision", a.uid, a.recorded_at, body, NULL, err);
}

/* SELECT id, attendee_id, token, kid, issued_at, expires_at */
static ck_rc carry_cert(ck_store *st, sqlite3_stmt *row, ck_err *err)
{
    ck_cert_rec c;
    json_t *body = NULL;
    memset(&c, 0, sizeof c);
    ck_store_col_text(row, 0, c.id, sizeof c.id);
    c.attendee_id = sqlite3_column_int64(row, 1);
    c.token = (char *)sqlite3_column_text(row, 2);
    ck_store_col_text(row, 3, c.kid, sizeof c.kid);
    c.issued_at = sqlite3_column_int64(row, 4);
    c.expires_at = sqlite3_column_int64(row, 5);
    ck_rc rc = ck_body_cert(st, &c, &body, err);
    return rc ? rc : ck_ledger_append(st, "certificate", c.id, c.issued_at, body, NULL, err);
}

/* SELECT cert_id, at, reason, rowid */
static ck_rc carry_revocation(ck_store *st, sqlite3_stmt *row, ck_err *err)
{
    char uid[CK_UID_LEN + 1], id[CK_CERT_ID_MAX], reason[CK_REASON_MAX];
    ck_store_col_text(row, 0, id, sizeof id);
    ck_store_col_text(row, 2, reason, sizeof reason);
    ck_store_new_uid(uid);
    ck_rc rc = set_row(st, "UPDATE revocation SET uid = ?1 WHERE rowid = ?2", uid,
                       sqlite3_column_int64(row, 3), 0, err);
    if (rc)
        return rc;
    return ck_ledger_append(st, "revocation", uid, sqlite3_column_int64(row, 1),
                            ck_body_revocation(id, reason), NULL, err);
}

/* SELECT at, actor, action, detail: an old audit record becomes an entry, and a row of the
 * new audit table through it. */
static ck_rc carry_audit(ck_store *st, sqlite3_stmt *row, ck_err *err)
{
    char uid[CK_UID_LEN + 1], actor[64], action[64];
    const unsigned char *detail = sqlite3_column_text(row, 3);
    ck_store_col_text(row, 1, actor, sizeof actor);
    ck_store_col_text(row, 2, action, sizeof action);
    ck_store_new_uid(uid);
    return ck_ledger_record(st, "audit", uid, sqlite3_column_int64(row, 0),
                            ck_body_audit(actor, action, detail ? (const char *)detail : "{}"),
                            NULL, err);
}

/* What is carried, in an order where each record comes after those it refers to. */
static const struct {
    const char *sql;
    carry_fn fn;
    bool audit;
} CARRY[] = {
    {"SELECT id, uid, title, trainer, credential, location, printer, contact_hours,"
     " tolerance_min, created_at FROM course ORDER BY id",
     carry_course, false},
    {"SELECT id, uid, course_id, name, email, name_key, created_at FROM attendee ORDER BY id",
     carry_attendee, false},
    {"SELECT version, sha256, body, added_at FROM license_text ORDER BY version", carry_license,
     false},
    {"SELECT id FROM event ORDER BY id", carry_event, false},
    {"SELECT uid, attendee_id, version, decision, at, source, reason FROM license_acceptance"
     " ORDER BY id",
     carry_decision, false},
    {"SELECT id, attendee_id, token, kid, issued_at, expires_at FROM certificate"
     " ORDER BY issued_at, rowid",
     carry_cert, false},
    {"SELECT cert_id, at, reason, rowid FROM revocation ORDER BY at, cert_id", carry_revocation,
     false},
    {"SELECT at, actor, action, detail FROM audit_v3 ORDER BY id", carry_audit, true},
};

ck_rc ck_store_upgrade_to_ledger(ck_store *st, ck_err *err)
{
    int64_t legacy = 0;
    char legacy_head[128];
    ck_rc rc = check_legacy_trail(st, &legacy, legacy_head, err);
    if (rc)
        return rc;
    /* This station's id: made once, kept for good. */
    ck_store_new_uid(st->origin);
    if ((rc = ck_store_setting_set(st, "ledger.origin", st->origin, err)))
        return rc;
    /* The rows gain their place in the chain: lift the guards while they do. */
    if ((rc = ck_store_exec(st,
                            "DROP TRIGGER IF EXISTS event_append_only_u;"
                            "DROP TRIGGER IF EXISTS revocation_append_only_u;",
                            "upgrading the records", err)))
        return rc;
    size_t carried = 0, audited = 0;
    for (size_t i = 0; i < sizeof CARRY / sizeof CARRY[0]; i++)
        if ((rc = each_row(st, CARRY[i].sql, CARRY[i].fn, CARRY[i].audit ? &audited : &carried,
                           err)))
            return rc;
    if ((rc = ck_store_exec(st,
                            "CREATE TRIGGER event_append_only_u BEFORE UPDATE ON event"
                            "  BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;"
                            "CREATE TRIGGER revocation_append_only_u BEFORE UPDATE ON revocation"
                            "  BEGIN SELECT RAISE(ABORT, 'revocations are final'); END;"
                            "CREATE UNIQUE INDEX license_text_uid ON license_text(uid);"
                            "CREATE UNIQUE INDEX revocation_uid ON revocation(uid);"
                            "DROP TABLE audit_v3;"
                            "DELETE FROM setting WHERE key = 'audit.head';",
                            "upgrading the records", err)))
        return rc;
    if (carried == 0 && audited == 0)
        return CK_OK; /* a new file: nothing to say */
    char uid[CK_UID_LEN + 1], detail[256];
    ck_store_new_uid(uid);
    snprintf(detail, sizeof detail,
             "{\"from\":3,\"to\":4,\"records\":%zu,\"audit_records\":%zu,\"old_head\":\"%s\"}",
             carried, audited, legacy_head);
    /* The upgrade happens in no person's name: when it ran is when the file was opened. */
    int64_t at = 0;
    sqlite3_stmt *s = NULL;
    if (ck_store_prepare(st, &s, "SELECT CAST(strftime('%s', 'now') AS INTEGER)", "upgrading",
                         err) == CK_OK) {
        if (sqlite3_step(s) == SQLITE_ROW)
            at = sqlite3_column_int64(s, 0);
        sqlite3_finalize(s);
    }
    return ck_ledger_record(st, "audit", uid, at, ck_body_audit("classkiosk", "db.upgrade", detail),
                            NULL, err);
}
