/* The SQLite store: opening, pragmas, schema migrations, transactions, settings. */
#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "store/internal.h"

/* Each entry upgrades the schema from version i to i + 1. Never edit a shipped entry:
 * append a new one. */
static const char *const MIGRATIONS[] = {
    /* 0 → 1: the foundation. */
    "CREATE TABLE setting ("
    "  key TEXT PRIMARY KEY, value TEXT NOT NULL);"

    "CREATE TABLE course ("
    "  id INTEGER PRIMARY KEY, uid TEXT NOT NULL UNIQUE,"
    "  title TEXT NOT NULL, trainer TEXT NOT NULL, credential TEXT NOT NULL DEFAULT '',"
    "  location TEXT NOT NULL DEFAULT '', printer TEXT NOT NULL DEFAULT '',"
    "  contact_hours REAL NOT NULL CHECK (contact_hours > 0),"
    "  tolerance_min INTEGER NOT NULL CHECK (tolerance_min >= 0),"
    "  created_at INTEGER NOT NULL);"

    "CREATE TABLE course_day ("
    "  course_id INTEGER NOT NULL REFERENCES course(id),"
    "  day_no INTEGER NOT NULL CHECK (day_no >= 1),"
    "  date TEXT NOT NULL,"
    "  start_min INTEGER NOT NULL, end_min INTEGER NOT NULL CHECK (end_min > start_min),"
    "  PRIMARY KEY (course_id, day_no), UNIQUE (course_id, date));"

    "CREATE TABLE course_break ("
    "  course_id INTEGER NOT NULL, day_no INTEGER NOT NULL,"
    "  start_min INTEGER NOT NULL, end_min INTEGER NOT NULL CHECK (end_min > start_min),"
    "  FOREIGN KEY (course_id, day_no) REFERENCES course_day(course_id, day_no));"

    "CREATE TABLE attendee ("
    "  id INTEGER PRIMARY KEY, uid TEXT NOT NULL UNIQUE,"
    "  course_id INTEGER NOT NULL REFERENCES course(id),"
    "  name TEXT NOT NULL CHECK (name <> ''), email TEXT NOT NULL DEFAULT '',"
    "  name_key TEXT NOT NULL, created_at INTEGER NOT NULL);"
    "CREATE UNIQUE INDEX attendee_email ON attendee(course_id, email) WHERE email <> '';"
    "CREATE INDEX attendee_course ON attendee(course_id, name_key);"

    "CREATE TABLE event ("
    "  id INTEGER PRIMARY KEY, uid TEXT NOT NULL UNIQUE,"
    "  attendee_id INTEGER NOT NULL REFERENCES attendee(id),"
    "  kind TEXT NOT NULL CHECK (kind IN ('in', 'out', 'void')),"
    "  at INTEGER NOT NULL, recorded_at INTEGER NOT NULL,"
    "  source TEXT NOT NULL CHECK (source IN ('kiosk', 'self', 'trainer')),"
    "  reason TEXT NOT NULL DEFAULT '', device TEXT NOT NULL DEFAULT '',"
    "  target_id INTEGER REFERENCES event(id),"
    "  CHECK ((kind = 'void') = (target_id IS NOT NULL)));"
    "CREATE INDEX event_attendee ON event(attendee_id, at, id);"
    "CREATE TRIGGER event_append_only_u BEFORE UPDATE ON event"
    "  BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;"
    "CREATE TRIGGER event_append_only_d BEFORE DELETE ON event"
    "  BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;"

    "CREATE TABLE license_text ("
    "  version INTEGER PRIMARY KEY, sha256 TEXT NOT NULL, body TEXT NOT NULL,"
    "  added_at INTEGER NOT NULL);"

    "CREATE TABLE license_acceptance ("
    "  id INTEGER PRIMARY KEY, uid TEXT NOT NULL UNIQUE,"
    "  attendee_id INTEGER NOT NULL REFERENCES attendee(id),"
    "  version INTEGER NOT NULL REFERENCES license_text(version),"
    "  decision TEXT NOT NULL CHECK (decision IN ('accept', 'decline')),"
    "  at INTEGER NOT NULL, source TEXT NOT NULL, reason TEXT NOT NULL DEFAULT '');"
    "CREATE INDEX acceptance_attendee ON license_acceptance(attendee_id, at, id);"
    "CREATE TRIGGER acceptance_append_only_u BEFORE UPDATE ON license_acceptance"
    "  BEGIN SELECT RAISE(ABORT, 'acceptances are append-only'); END;"
    "CREATE TRIGGER acceptance_append_only_d BEFORE DELETE ON license_acceptance"
    "  BEGIN SELECT RAISE(ABORT, 'acceptances are append-only'); END;"

    "CREATE TABLE audit ("
    "  id INTEGER PRIMARY KEY, at INTEGER NOT NULL, actor TEXT NOT NULL,"
    "  action TEXT NOT NULL, detail TEXT NOT NULL, prev TEXT NOT NULL, hash TEXT NOT NULL);"
    "CREATE TRIGGER audit_append_only_u BEFORE UPDATE ON audit"
    "  BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END;"
    "CREATE TRIGGER audit_append_only_d BEFORE DELETE ON audit"
    "  BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END;",

    /* 1 → 2: certificates and their revocations. */
    "CREATE TABLE certificate ("
    "  id TEXT PRIMARY KEY, attendee_id INTEGER NOT NULL REFERENCES attendee(id),"
    "  token TEXT NOT NULL, kid TEXT NOT NULL,"
    "  issued_at INTEGER NOT NULL, expires_at INTEGER NOT NULL);"
    "CREATE INDEX certificate_attendee ON certificate(attendee_id, issued_at);"
    "CREATE TRIGGER certificate_append_only_u BEFORE UPDATE ON certificate"
    "  BEGIN SELECT RAISE(ABORT, 'certificates are never changed; revoke and reissue'); END;"
    "CREATE TRIGGER certificate_append_only_d BEFORE DELETE ON certificate"
    "  BEGIN SELECT RAISE(ABORT, 'certificates are never deleted; revoke instead'); END;"
    "CREATE TABLE revocation ("
    "  cert_id TEXT PRIMARY KEY REFERENCES certificate(id),"
    "  at INTEGER NOT NULL, reason TEXT NOT NULL);"
    "CREATE TRIGGER revocation_append_only_u BEFORE UPDATE ON revocation"
    "  BEGIN SELECT RAISE(ABORT, 'revocations are final'); END;"
    "CREATE TRIGGER revocation_append_only_d BEFORE DELETE ON revocation"
    "  BEGIN SELECT RAISE(ABORT, 'revocations are final'); END;",

    /* 2 → 3: print jobs, recorded before they are sent and followed until done. */
    "CREATE TABLE print_job ("
    "  id INTEGER PRIMARY KEY, uid TEXT NOT NULL UNIQUE,"
    "  cert_id TEXT REFERENCES certificate(id), path TEXT NOT NULL,"
    "  printer TEXT NOT NULL DEFAULT '', cups_job INTEGER NOT NULL DEFAULT 0,"
    "  state TEXT NOT NULL CHECK (state IN"
    "    ('queued', 'sent', 'held', 'completed', 'failed', 'canceled')),"
    "  attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT NOT NULL DEFAULT '',"
    "  created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);"
    "CREATE INDEX print_job_open ON print_job(state) WHERE state NOT IN ('completed', "
    "'canceled');",
};

#define SCHEMA_VERSION ((int)(sizeof MIGRATIONS / sizeof MIGRATIONS[0]))

int ck_store_schema_version(void)
{
    return SCHEMA_VERSION;
}

ck_rc ck_store_fail(ck_store *st, ck_err *err, int sqlite_rc, const char *doing)
{
    int primary = sqlite_rc & 0xff;
    const char *detail = st && st->db ? sqlite3_errmsg(st->db) : sqlite3_errstr(sqlite_rc);
    const char *path = st ? st->path : "the database";
    switch (primary) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return ck_err_set(err, CK_EBUSY,
                          "%s: the database %s is busy (another classkiosk is writing); try "
                          "again in a moment",
                          doing, path);
    case SQLITE_FULL:
        return ck_err_set(err, CK_EIO, "%s: the disk holding %s is full; free some space",
                          doing, path);
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
    case SQLITE_PERM:
        return ck_err_set(err, CK_EIO, "%s: cannot write %s (%s); check the disk and permissions",
                          doing, path, detail);
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
        return ck_err_set(err, CK_EDB,
                          "%s: %s is damaged or not a classkiosk database (%s); restore a backup",
                          doing, path, detail);
    case SQLITE_NOMEM:
        return ck_err_set(err, CK_ENOMEM, "%s: out of memory", doing);
    default:
        return ck_err_set(err, CK_EDB, "%s: %s (%s)", doing, detail, path);
    }
}

ck_rc ck_store_prepare(ck_store *st, sqlite3_stmt **out, const char *sql, const char *doing,
                       ck_err *err)
{
    int rc = sqlite3_prepare_v2(st->db, sql, -1, out, NULL);
    if (rc != SQLITE_OK) {
        *out = NULL;
        return ck_store_fail(st, err, rc, doing);
    }
    return CK_OK;
}

ck_rc ck_store_exec_stmt(ck_store *st, sqlite3_stmt *stmt, const char *doing, ck_err *err)
{
    int rc = sqlite3_step(stmt);
    ck_rc out = CK_OK;
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        out = ck_store_fail(st, err, rc, doing);
    sqlite3_finalize(stmt);
    return out;
}

void ck_store_col_text(sqlite3_stmt *stmt, int col, char *out, size_t n)
{
    const unsigned char *t = sqlite3_column_text(stmt, col);
    snprintf(out, n, "%s", t ? (const char *)t : "");
}

int ck_store_bind_text(sqlite3_stmt *stmt, int idx, const char *s)
{
    return sqlite3_bind_text(stmt, idx, s ? s : "", -1, SQLITE_TRANSIENT);
}

static ck_rc exec(ck_store *st, const char *sql, const char *doing, ck_err *err)
{
    char *msg = NULL;
    int rc = sqlite3_exec(st->db, sql, NULL, NULL, &msg);
    sqlite3_free(msg);
    return rc == SQLITE_OK ? CK_OK : ck_store_fail(st, err, rc, doing);
}

static ck_rc user_version(ck_store *st, int *out, ck_err *err)
{
    sqlite3_stmt *s = NULL;
    ck_rc rc = ck_store_prepare(st, &s, "PRAGMA user_version", "reading the schema version", err);
    if (rc)
        return rc;
    int step = sqlite3_step(s);
    if (step == SQLITE_ROW)
        *out = sqlite3_column_int(s, 0);
    else
        rc = ck_store_fail(st, err, step, "reading the schema version");
    sqlite3_finalize(s);
    return rc;
}

/* Bring the schema up to date in one transaction. */
static ck_rc migrate(ck_store *st, ck_err *err)
{
    int version = 0;
    ck_rc rc = user_version(st, &version, err);
    if (rc)
        return rc;
    if (version > SCHEMA_VERSION)
        return ck_err_set(err, CK_EVERSION,
                          "%s was written by a newer classkiosk (schema %d; this one knows up "
                          "to %d); install the newer classkiosk to use it",
                          st->path, version, SCHEMA_VERSION);
    if (version == SCHEMA_VERSION)
        return CK_OK;
    if ((rc = ck_store_begin(st, err)))
        return rc;
    /* Re-read under the write lock: another process may have migrated meanwhile. */
    if ((rc = user_version(st, &version, err)))
        goto fail;
    for (int v = version; v < SCHEMA_VERSION; v++) {
        char doing[64];
        snprintf(doing, sizeof doing, "upgrading the database to schema %d", v + 1);
        if ((rc = exec(st, MIGRATIONS[v], doing, err)))
            goto fail;
    }
    char pragma[64];
    snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", SCHEMA_VERSION);
    if ((rc = exec(st, pragma, "recording the schema version", err)))
        goto fail;
    return ck_store_commit(st, err);
fail:
    ck_store_rollback(st);
    return rc;
}

ck_rc ck_store_open(ck_store **out, const char *path, ck_store_mode mode, ck_err *err)
{
    ck_rc rc = CK_OK;
    *out = NULL;
    if (sodium_init() < 0)
        return ck_err_set(err, CK_EINTERNAL, "libsodium could not start");
    if (!path || !*path)
        return ck_err_set(err, CK_EINVAL, "no database path given; use --db FILE");
    struct stat sb;
    if (mode == CK_STORE_EXISTING && stat(path, &sb) != 0)
        return ck_err_set(err, CK_ENOTFOUND,
                          "no database at %s; create it with \"classkiosk init\" or point "
                          "--db (or CLASSKIOSK_DB) at the right file",
                          path);
    ck_store *st = calloc(1, sizeof *st);
    if (!st)
        return ck_err_set(err, CK_ENOMEM, "out of memory opening %s", path);
    snprintf(st->path, sizeof st->path, "%s", path);

    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX |
                (mode == CK_STORE_CREATE ? SQLITE_OPEN_CREATE : 0);
    int src = sqlite3_open_v2(path, &st->db, flags, NULL);
    if (src != SQLITE_OK) {
        rc = ck_store_fail(st, err, src, "opening the database");
        goto fail;
    }
    sqlite3_extended_result_codes(st->db, 1);
    sqlite3_busy_timeout(st->db, 5000);
    /* WAL keeps readers and the writer apart; FULL syncs the WAL at every commit, so an
     * acknowledged write survives a power cut. */
    if ((rc = exec(st, "PRAGMA journal_mode = WAL", "opening the database", err)) ||
        (rc = exec(st, "PRAGMA synchronous = FULL", "opening the database", err)) ||
        (rc = exec(st, "PRAGMA foreign_keys = ON", "opening the database", err)))
        goto fail;
    if ((rc = migrate(st, err)))
        goto fail;
    *out = st;
    return CK_OK;
fail:
    ck_store_close(st);
    return rc;
}

void ck_store_close(ck_store *st)
{
    if (!st)
        return;
    ck_store_rollback(st);
    sqlite3_close_v2(st->db);
    free(st);
}

const char *ck_store_path(const ck_store *st)
{
    return st->path;
}

ck_rc ck_store_begin_read(ck_store *st, ck_err *err)
{
    ck_rc rc = exec(st, "BEGIN", "reading", err);
    if (rc == CK_OK)
        st->in_tx = 1;
    return rc;
}

ck_rc ck_store_begin(ck_store *st, ck_err *err)
{
    ck_rc rc = exec(st, "BEGIN IMMEDIATE", "starting a write", err);
    if (rc == CK_OK)
        st->in_tx = 1;
    return rc;
}

ck_rc ck_store_commit(ck_store *st, ck_err *err)
{
    ck_rc rc = exec(st, "COMMIT", "saving", err);
    if (rc == CK_OK)
        st->in_tx = 0;
    else
        ck_store_rollback(st);
    return rc;
}

void ck_store_rollback(ck_store *st)
{
    if (st && st->db && !sqlite3_get_autocommit(st->db))
        sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
    if (st)
        st->in_tx = 0;
}

void ck_store_new_uid(char *out)
{
    unsigned char raw[CK_UID_LEN / 2];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2hex(out, CK_UID_LEN + 1, raw, sizeof raw);
}

ck_rc ck_store_integrity(ck_store *st, ck_err *err)
{
    sqlite3_stmt *s = NULL;
    ck_rc rc = ck_store_prepare(st, &s, "PRAGMA integrity_check", "checking integrity", err);
    if (rc)
        return rc;
    char first[512] = "";
    int step = sqlite3_step(s);
    if (step == SQLITE_ROW)
        ck_store_col_text(s, 0, first, sizeof first);
    else
        rc = ck_store_fail(st, err, step, "checking integrity");
    sqlite3_finalize(s);
    if (rc == CK_OK && strcmp(first, "ok") != 0)
        rc = ck_err_set(err, CK_EDB, "%s failed its integrity check: %s", st->path, first);
    return rc;
}

ck_rc ck_store_setting_get(ck_store *st, const char *key, char *out, size_t n, ck_err *err)
{
    sqlite3_stmt *s = NULL;
    ck_rc rc = ck_store_prepare(st, &s, "SELECT value FROM setting WHERE key = ?",
                                "reading a setting", err);
    if (rc)
        return rc;
    ck_store_bind_text(s, 1, key);
    int step = sqlite3_step(s);
    if (step == SQLITE_ROW)
        ck_store_col_text(s, 0, out, n);
    else if (step == SQLITE_DONE)
        rc = ck_err_set(err, CK_ENOTFOUND, "the setting %s is not set", key);
    else
        rc = ck_store_fail(st, err, step, "reading a setting");
    sqlite3_finalize(s);
    return rc;
}

ck_rc ck_store_setting_set(ck_store *st, const char *key, const char *value, ck_err *err)
{
    sqlite3_stmt *s = NULL;
    ck_rc rc = ck_store_prepare(st, &s,
                                "INSERT INTO setting (key, value) VALUES (?, ?)"
                                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                                "saving a setting", err);
    if (rc)
        return rc;
    ck_store_bind_text(s, 1, key);
    ck_store_bind_text(s, 2, value);
    return ck_store_exec_stmt(st, s, "saving a setting", err);
}

ck_rc ck_store_setting_delete(ck_store *st, const char *key, ck_err *err)
{
    sqlite3_stmt *s = NULL;
    ck_rc rc = ck_store_prepare(st, &s, "DELETE FROM setting WHERE key = ?",
                                "removing a setting", err);
    if (rc)
        return rc;
    ck_store_bind_text(s, 1, key);
    return ck_store_exec_stmt(st, s, "removing a setting", err);
}

ck_rc ck_store_select_all(ck_store *st, sqlite3_stmt *stmt, size_t elem, ck_store_row_fn read_row,
                          void **out, size_t *n, const char *doing, ck_err *err)
{
    void *list = NULL;
    size_t count = 0, cap = 0;
    ck_rc rc = CK_OK;
    int step;
    while ((step = sqlite3_step(stmt)) == SQLITE_ROW) {
        if (!ck_array_reserve(&list, &cap, count + 1, elem)) {
            rc = ck_err_set(err, CK_ENOMEM, "out of memory %s", doing);
            break;
        }
        void *slot = (char *)list + count * elem;
        memset(slot, 0, elem);
        read_row(stmt, slot);
        count++;
    }
    if (rc == CK_OK && step != SQLITE_DONE)
        rc = ck_store_fail(st, err, step, doing);
    sqlite3_finalize(stmt);
    if (rc) {
        free(list);
        *out = NULL;
        *n = 0;
        return rc;
    }
    *out = list;
    *n = count;
    return CK_OK;
}
