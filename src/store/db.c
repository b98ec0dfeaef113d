/* The SQLite store: opening, pragmas, schema migrations, transactions, settings. */
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "common/file.h"
#include "core/text.h"
#include "store/internal.h"

/* One schema step: SQL, then (when the step needs more than SQL can say, such as hashing)
 * a C function, both inside the one transaction of the whole upgrade. */
typedef struct migration {
    const char *sql;
    ck_rc (*step)(ck_store *st, ck_err *err); /* NULL: SQL only */
} migration;

/* Each entry upgrades the schema from version i to i + 1. Never edit a shipped entry:
 * append a new one. */
static const migration MIGRATIONS[] = {
    /* 0 → 1: the foundation. */
    {"CREATE TABLE setting ("
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
     NULL},

    /* 1 → 2: certificates and their revocations. */
    {"CREATE TABLE certificate ("
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
     NULL},

    /* 2 → 3: print jobs, recorded before they are sent and followed until done. */
    {"CREATE TABLE print_job ("
     "  id INTEGER PRIMARY KEY, uid TEXT NOT NULL UNIQUE,"
     "  cert_id TEXT REFERENCES certificate(id), path TEXT NOT NULL,"
     "  printer TEXT NOT NULL DEFAULT '', cups_job INTEGER NOT NULL DEFAULT 0,"
     "  state TEXT NOT NULL CHECK (state IN"
     "    ('queued', 'sent', 'held', 'completed', 'failed', 'canceled')),"
     "  attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT NOT NULL DEFAULT '',"
     "  created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);"
     "CREATE INDEX print_job_open ON print_job(state) WHERE state NOT IN ('completed', "
     "'canceled');",
     NULL},

    /* 3 → 4: the ledger. Every record that decides eligibility or validity becomes an entry
     * of this station's hash chain; the tables stay as its materialised form. Rows gain the
     * global ids replication needs; the audit trail moves into the chain. The C step carries
     * every existing record and audit record into the chain (see upgrade.c). */
    {"CREATE TABLE ledger ("
     "  origin TEXT NOT NULL, seq INTEGER NOT NULL CHECK (seq >= 1), kind TEXT NOT NULL,"
     "  uid TEXT NOT NULL UNIQUE, at INTEGER NOT NULL, body TEXT NOT NULL,"
     "  prev TEXT NOT NULL, hash TEXT NOT NULL,"
     "  PRIMARY KEY (origin, seq));"
     "CREATE INDEX ledger_kind ON ledger(kind);"
     "CREATE TRIGGER ledger_append_only_u BEFORE UPDATE ON ledger"
     "  BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;"
     "CREATE TRIGGER ledger_append_only_d BEFORE DELETE ON ledger"
     "  BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;"

     /* Events: their station and place in its chain, the rules' order everywhere. */
     "ALTER TABLE event ADD COLUMN origin TEXT NOT NULL DEFAULT '';"
     "ALTER TABLE event ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;"
     "DROP INDEX event_attendee;"
     "CREATE INDEX event_attendee ON event(attendee_id, at, origin, seq);"
     "ALTER TABLE license_text ADD COLUMN uid TEXT NOT NULL DEFAULT '';"
     "ALTER TABLE revocation ADD COLUMN uid TEXT NOT NULL DEFAULT '';"

     "CREATE TABLE signing_key ("
     "  kid TEXT PRIMARY KEY, origin TEXT NOT NULL, x TEXT NOT NULL,"
     "  created_at INTEGER NOT NULL, retired_at INTEGER NOT NULL DEFAULT 0);"

     /* The audit trail without its own chain: the ledger is the chain now. */
     "DROP TRIGGER IF EXISTS audit_append_only_u;"
     "DROP TRIGGER IF EXISTS audit_append_only_d;"
     "ALTER TABLE audit RENAME TO audit_v3;"
     "CREATE TABLE audit ("
     "  id INTEGER PRIMARY KEY, uid TEXT NOT NULL UNIQUE, at INTEGER NOT NULL,"
     "  actor TEXT NOT NULL, action TEXT NOT NULL, detail TEXT NOT NULL);"
     "CREATE TRIGGER audit_append_only_u BEFORE UPDATE ON audit"
     "  BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END;"
     "CREATE TRIGGER audit_append_only_d BEFORE DELETE ON audit"
     "  BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END;",
     ck_store_upgrade_to_ledger},

    /* 4 → 5: a print job's error kept as a message (its format and arguments, JSON), so it
     * can be worded later in whatever language the person reading it uses. last_error keeps
     * the English sentence; rows from before have only that (error NULL). */
    {"ALTER TABLE print_job ADD COLUMN error TEXT;", NULL},

    /* 5 → 6: several stations. Chains of other stations arrive through the organisation's
     * server and are materialised like this station's own, in whatever order they come, so
     * every table must end the same whatever the order: two stations storing the same
     * license text each keep their row (a version number may repeat; the text is the
     * sha256), a certificate may be revoked at two stations, one e-mail in one course is one
     * person whichever station added it first (attendee_uid maps every uid that names them),
     * a name shows the newest word on it by (time, station, place in its chain), decisions
     * order by the same. Courses get a room. hub_station is the server's list of stations;
     * ledger_wait holds pulled entries whose record refers to one not pulled yet, and (with
     * why) those whose record this classkiosk cannot make at all: set aside, the same at every
     * station, instead of stopping every later entry of that chain. */
    {"ALTER TABLE course ADD COLUMN room TEXT NOT NULL DEFAULT '';"

     "CREATE TABLE license_text_v5 ("
     "  id INTEGER PRIMARY KEY, uid TEXT NOT NULL UNIQUE,"
     "  version INTEGER NOT NULL CHECK (version >= 1), sha256 TEXT NOT NULL,"
     "  body TEXT NOT NULL, added_at INTEGER NOT NULL);"
     "INSERT INTO license_text_v5 (uid, version, sha256, body, added_at)"
     "  SELECT uid, version, sha256, body, added_at FROM license_text ORDER BY version;"
     "CREATE TABLE license_acceptance_v5 ("
     "  id INTEGER PRIMARY KEY, uid TEXT NOT NULL UNIQUE,"
     "  attendee_id INTEGER NOT NULL REFERENCES attendee(id),"
     "  license_id INTEGER NOT NULL REFERENCES license_text_v5(id),"
     "  decision TEXT NOT NULL CHECK (decision IN ('accept', 'decline')),"
     "  at INTEGER NOT NULL, source TEXT NOT NULL, reason TEXT NOT NULL DEFAULT '',"
     "  origin TEXT NOT NULL DEFAULT '', seq INTEGER NOT NULL DEFAULT 0);"
     "INSERT INTO license_acceptance_v5 (id, uid, attendee_id, license_id, decision, at, source,"
     "  reason, origin, seq)"
     "  SELECT a.id, a.uid, a.attendee_id, l.id, a.decision, a.at, a.source, a.reason,"
     "   coalesce(g.origin, ''), coalesce(g.seq, 0)"
     "  FROM license_acceptance AS a JOIN license_text_v5 AS l ON l.version = a.version"
     "  LEFT JOIN ledger AS g ON g.uid = a.uid;"
     "DROP TABLE license_acceptance;"
     "DROP TABLE license_text;"
     "ALTER TABLE license_text_v5 RENAME TO license_text;"
     "ALTER TABLE license_acceptance_v5 RENAME TO license_acceptance;"
     "CREATE INDEX license_text_version ON license_text(version);"
     "CREATE INDEX acceptance_attendee ON license_acceptance(attendee_id, at, origin, seq);"
     "CREATE TRIGGER acceptance_append_only_u BEFORE UPDATE ON license_acceptance"
     "  BEGIN SELECT RAISE(ABORT, 'acceptances are append-only'); END;"
     "CREATE TRIGGER acceptance_append_only_d BEFORE DELETE ON license_acceptance"
     "  BEGIN SELECT RAISE(ABORT, 'acceptances are append-only'); END;"

     "CREATE TABLE revocation_v5 ("
     "  uid TEXT PRIMARY KEY, cert_id TEXT NOT NULL REFERENCES certificate(id),"
     "  at INTEGER NOT NULL, reason TEXT NOT NULL);"
     "INSERT INTO revocation_v5 (uid, cert_id, at, reason)"
     "  SELECT uid, cert_id, at, reason FROM revocation;"
     "DROP TABLE revocation;"
     "ALTER TABLE revocation_v5 RENAME TO revocation;"
     "CREATE INDEX revocation_cert ON revocation(cert_id, at, uid);"
     "CREATE TRIGGER revocation_append_only_u BEFORE UPDATE ON revocation"
     "  BEGIN SELECT RAISE(ABORT, 'revocations are final'); END;"
     "CREATE TRIGGER revocation_append_only_d BEFORE DELETE ON revocation"
     "  BEGIN SELECT RAISE(ABORT, 'revocations are final'); END;"

     "CREATE TABLE attendee_uid ("
     "  uid TEXT PRIMARY KEY, attendee_id INTEGER NOT NULL REFERENCES attendee(id),"
     "  created_at INTEGER NOT NULL);"
     "INSERT INTO attendee_uid (uid, attendee_id, created_at)"
     "  SELECT uid, id, created_at FROM attendee;"
     "ALTER TABLE attendee ADD COLUMN name_at INTEGER NOT NULL DEFAULT 0;"
     "ALTER TABLE attendee ADD COLUMN name_origin TEXT NOT NULL DEFAULT '';"
     "ALTER TABLE attendee ADD COLUMN name_seq INTEGER NOT NULL DEFAULT 0;"
     "UPDATE attendee SET (name_at, name_origin, name_seq) = (SELECT g.at, g.origin, g.seq"
     "  FROM ledger AS g WHERE g.uid = attendee.uid OR (g.kind = 'attendee.rename'"
     "   AND json_extract(g.body, '$.attendee') = attendee.uid)"
     "  ORDER BY g.at DESC, g.origin DESC, g.seq DESC LIMIT 1)"
     "  WHERE EXISTS (SELECT 1 FROM ledger AS g WHERE g.uid = attendee.uid);"

     "CREATE TABLE hub_station ("
     "  origin TEXT PRIMARY KEY, name TEXT NOT NULL, registered_at INTEGER NOT NULL,"
     "  revoked_at INTEGER NOT NULL DEFAULT 0);"
     "CREATE TABLE ledger_wait ("
     "  origin TEXT NOT NULL, seq INTEGER NOT NULL, why TEXT NOT NULL DEFAULT '',"
     "  PRIMARY KEY (origin, seq));",
     NULL},

    /* 6 → 7: languages. An attendee may have one (from the roster's language column; ''
     * for none), stamped like the name with the entry that said it, so the newest word on it
     * wins in any order of arrival. A license version holds a text per language: the English
     * one stays in license_text, each other language's is a row here naming that row by uid.
     * A decision records the language of the text the person read ('en' for every earlier
     * one: there was only English). */
    {"ALTER TABLE attendee ADD COLUMN lang TEXT NOT NULL DEFAULT '';"
     "ALTER TABLE attendee ADD COLUMN lang_at INTEGER NOT NULL DEFAULT 0;"
     "ALTER TABLE attendee ADD COLUMN lang_origin TEXT NOT NULL DEFAULT '';"
     "ALTER TABLE attendee ADD COLUMN lang_seq INTEGER NOT NULL DEFAULT 0;"
     "ALTER TABLE license_acceptance ADD COLUMN lang TEXT NOT NULL DEFAULT 'en';"
     "CREATE TABLE license_translation ("
     "  id INTEGER PRIMARY KEY, uid TEXT NOT NULL UNIQUE,"
     "  license TEXT NOT NULL, lang TEXT NOT NULL CHECK (lang <> ''),"
     "  sha256 TEXT NOT NULL, body TEXT NOT NULL, added_at INTEGER NOT NULL);"
     "CREATE INDEX license_translation_of ON license_translation(license, lang);"
     "CREATE TRIGGER license_translation_append_only_u BEFORE UPDATE ON license_translation"
     "  BEGIN SELECT RAISE(ABORT, 'license texts are never changed; store a new version');"
     "  END;"
     "CREATE TRIGGER license_translation_append_only_d BEFORE DELETE ON license_translation"
     "  BEGIN SELECT RAISE(ABORT, 'license texts are never deleted'); END;",
     NULL},
    /* 7 → 8: each course has the language its certificates are worded in (issue 11); the
     * courses before were English. Its entry's body carries "lang"; older bodies have none
     * and read as English. */
    {"ALTER TABLE course ADD COLUMN lang TEXT NOT NULL DEFAULT 'en';", NULL},

    /* 8 → 9: the trainer's paperwork. Badges: an unguessable code per attendee, an entry of
     * the chain (kind "badge") so every station of the organisation recognises it; the
     * newest of a person's badges is the one that counts. The mail outbox: station-local like
     * print jobs, each message stored whole (its Message-ID inside) and committed before
     * anything is sent; why it was not sent yet is kept as a message (error, JSON) beside its
     * English words (last_error), as a print job's. Attendees keep the given and family names
     * a roster had apart. */
    {"CREATE TABLE badge ("
     "  id INTEGER PRIMARY KEY, uid TEXT NOT NULL UNIQUE,"
     "  attendee_id INTEGER NOT NULL REFERENCES attendee(id),"
     "  code TEXT NOT NULL UNIQUE, created_at INTEGER NOT NULL);"
     "CREATE INDEX badge_attendee ON badge(attendee_id, created_at, uid);"
     "CREATE TRIGGER badge_append_only_u BEFORE UPDATE ON badge"
     "  BEGIN SELECT RAISE(ABORT, 'badges are never changed; make a new one'); END;"
     "CREATE TRIGGER badge_append_only_d BEFORE DELETE ON badge"
     "  BEGIN SELECT RAISE(ABORT, 'badges are never deleted; make a new one'); END;"

     "CREATE TABLE mail ("
     "  id INTEGER PRIMARY KEY, uid TEXT NOT NULL UNIQUE,"
     "  kind TEXT NOT NULL CHECK (kind IN ('certificate', 'invite')),"
     "  attendee_id INTEGER NOT NULL REFERENCES attendee(id),"
     "  cert_id TEXT REFERENCES certificate(id),"
     "  rcpt TEXT NOT NULL, message_id TEXT NOT NULL UNIQUE, message BLOB NOT NULL,"
     "  state TEXT NOT NULL CHECK (state IN"
     "    ('queued', 'sending', 'handed', 'sent', 'failed', 'unsure')),"
     "  attempts INTEGER NOT NULL DEFAULT 0, next_at INTEGER NOT NULL,"
     "  claim_until INTEGER NOT NULL DEFAULT 0,"
     "  last_error TEXT NOT NULL DEFAULT '', error TEXT, reply TEXT NOT NULL DEFAULT '',"
     "  created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,"
     "  sent_at INTEGER NOT NULL DEFAULT 0);"
     "CREATE INDEX mail_open ON mail(state, next_at) WHERE state IN"
     "  ('queued', 'sending', 'handed');"
     "CREATE INDEX mail_attendee ON mail(attendee_id, kind);"

     "ALTER TABLE attendee ADD COLUMN given TEXT NOT NULL DEFAULT '';"
     "ALTER TABLE attendee ADD COLUMN family TEXT NOT NULL DEFAULT '';",
     NULL},
};

#define SCHEMA_VERSION ((int)(sizeof MIGRATIONS / sizeof MIGRATIONS[0]))

int ck_store_schema_version(void)
{
    return SCHEMA_VERSION;
}

/* Why a file cannot be written, in words: the disk, the file system, the file or its folder. */
static ck_rc io_fail(ck_store *st, ck_err *err, int sqlite_rc, int sys_errno, const char *doing)
{
    const char *path = st ? st->path : "the database";
    const char *detail = st && st->db ? sqlite3_errmsg(st->db) : sqlite3_errstr(sqlite_rc);
    char folder[4096];
    struct statvfs vfs;
    ck_file_folder_of(path, folder, sizeof folder);
    if (sys_errno == ENOSPC || sys_errno == EDQUOT || (sqlite_rc & 0xff) == SQLITE_FULL)
        return ck_err_set(err, CK_EIO,
                          "%s: the disk holding %s is full, so nothing was saved; free some space "
                          "and try again",
                          CK_MSG_PHRASE(doing), path);
    if (sys_errno == EROFS || (statvfs(folder, &vfs) == 0 && (vfs.f_flag & ST_RDONLY)))
        return ck_err_set(err, CK_EIO,
                          "%s: %s is on a read-only file system; it can be read but not changed "
                          "there (copy it somewhere writable to change it)",
                          CK_MSG_PHRASE(doing), path);
    if (access(path, F_OK) == 0 && access(path, W_OK) != 0)
        return ck_err_set(err, CK_EIO,
                          "%s: %s is read-only for this user (%s); run as the station's user, "
                          "or give that user write permission",
                          CK_MSG_PHRASE(doing), path, detail);
    if (access(folder, W_OK) != 0)
        return ck_err_set(err, CK_EIO,
                          "%s: the folder %s is read-only for this user, and SQLite must create "
                          "files beside %s there; give the station's user write permission on "
                          "the folder",
                          CK_MSG_PHRASE(doing), folder, path);
    if (sys_errno == EACCES || sys_errno == EPERM || (sqlite_rc & 0xff) == SQLITE_PERM)
        return ck_err_set(err, CK_EIO,
                          "%s: permission denied on %s (%s); run as the station's user",
                          CK_MSG_PHRASE(doing), path, detail);
    return ck_err_set(err, CK_EIO, "%s: cannot write %s (%s); check the disk", CK_MSG_PHRASE(doing),
                      path, detail);
}

ck_rc ck_store_fail(ck_store *st, ck_err *err, int sqlite_rc, const char *doing)
{
    int primary = sqlite_rc & 0xff;
    const char *detail = st && st->db ? sqlite3_errmsg(st->db) : sqlite3_errstr(sqlite_rc);
    const char *path = st ? st->path : "the database";
    int sys_errno = st && st->db ? sqlite3_system_errno(st->db) : 0;
    switch (primary) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return ck_err_set(err, CK_EBUSY,
                          "%s: the database %s is busy (another classkiosk is writing); try "
                          "again in a moment",
                          CK_MSG_PHRASE(doing), path);
    case SQLITE_FULL:
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
    case SQLITE_PERM: return io_fail(st, err, sqlite_rc, sys_errno, doing);
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
        return ck_err_set(err, CK_EDB,
                          "%s: %s is damaged or not a classkiosk database (%s); restore a backup",
                          CK_MSG_PHRASE(doing), path, detail);
    case SQLITE_NOMEM: return ck_err_set(err, CK_ENOMEM, "%s: out of memory", CK_MSG_PHRASE(doing));
    default: return ck_err_set(err, CK_EDB, "%s: %s (%s)", CK_MSG_PHRASE(doing), detail, path);
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
    /* Text longer than its field (written by hand or by an older station) is cut at a
     * character, never inside one. */
    ck_text_copy(out, n, t ? (const char *)t : "");
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

ck_rc ck_store_exec(ck_store *st, const char *sql, const char *doing, ck_err *err)
{
    return exec(st, sql, doing, err);
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
        if ((rc = exec(st, MIGRATIONS[v].sql, N_("changing the tables"), err)) ||
            (MIGRATIONS[v].step && (rc = MIGRATIONS[v].step(st, err)))) {
            ck_err_prefix(err, "upgrading the database to schema %d: ", v + 1);
            goto fail;
        }
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

/* This station's origin, kept in a setting since the upgrade to schema 4 made it. */
static void load_origin(ck_store *st)
{
    ck_err quiet = {0};
    st->origin[0] = '\0';
    ck_store_setting_get(st, "ledger.origin", st->origin, sizeof st->origin, &quiet);
}

/* Create path for the store, 0600 whatever the umask, unless it exists. */
static ck_rc create_private(const char *path, ck_err *err)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        if (errno == EEXIST)
            return CK_OK;
        char folder[4096];
        ck_file_folder_of(path, folder, sizeof folder);
        return ck_err_set(err, CK_EIO,
                          "cannot create the database %s: %s; check that the folder %s exists "
                          "and that this user may write there",
                          path, CK_MSG_ERRNO(errno), folder);
    }
    int rc = fchmod(fd, 0600);
    int saved = errno;
    close(fd);
    if (rc != 0)
        return ck_err_set(err, CK_EIO, "cannot make %s private (mode 0600): %s", path,
                          CK_MSG_ERRNO(saved));
    return CK_OK;
}

/* A group-readable store keeps its -wal and -shm between runs, so they keep the group and
 * mode init gave them and the group's readers can always open them. */
static void keep_wal_if_shared(ck_store *st)
{
    struct stat sb;
    int one = 1;
    if (stat(st->path, &sb) == 0 && (sb.st_mode & S_IRGRP))
        sqlite3_file_control(st->db, "main", SQLITE_FCNTL_PERSIST_WAL, &one);
}

static bool exists(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0;
}

/* "file:" URI of path with immutable=1, for a copy in a folder where SQLite cannot make its
 * -shm file (and with no -wal, so nothing newer is left out). */
static void immutable_uri(const char *path, char *out, size_t n)
{
    size_t w = (size_t)snprintf(out, n, "file:");
    for (const unsigned char *p = (const unsigned char *)path; *p && w + 4 < n; p++) {
        bool plain = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                     (*p >= '0' && *p <= '9') || strchr("/-._~", *p);
        w += plain ? (size_t)snprintf(out + w, n - w, "%c", *p)
                   : (size_t)snprintf(out + w, n - w, "%%%02X", *p);
    }
    snprintf(out + w, n - w, "?immutable=1");
}

/* Open for reading only: nothing is written or upgraded, so a read-only file, folder or
 * file system can still be read. */
static ck_rc open_readonly(ck_store *st, ck_err *err)
{
    const char *doing = N_("opening the database to read it");
    int version = 0;
    st->readonly = true;
    int src =
        sqlite3_open_v2(st->path, &st->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_FULLMUTEX, NULL);
    if (src == SQLITE_OK) {
        sqlite3_extended_result_codes(st->db, 1);
        sqlite3_busy_timeout(st->db, 5000);
    }
    ck_err first = {0};
    ck_rc rc = src == SQLITE_OK ? user_version(st, &version, &first)
                                : ck_store_fail(st, &first, src, doing);
    if (rc == CK_EIO) {
        /* A WAL file needs its -shm beside it; in a read-only folder SQLite cannot make one,
         * nor on a full disk. */
        char wal[4096 + 8], uri[3 * 4096 + 32];
        struct stat wsb;
        int sys_errno = st->db ? sqlite3_system_errno(st->db) : 0;
        snprintf(wal, sizeof wal, "%s-wal", st->path);
        bool pending = stat(wal, &wsb) == 0 && wsb.st_size > 0;
        if (pending && (sys_errno == ENOSPC || sys_errno == EDQUOT))
            return ck_err_set(err, CK_EIO,
                              "%s cannot be read: the disk holding it is full, and reading its "
                              "recent changes needs room for SQLite's small -shm file; free some "
                              "space",
                              st->path);
        if (pending)
            return ck_err_set(err, CK_EIO,
                              "%s cannot be read here: its recent changes are in %s, and SQLite "
                              "cannot open or create the -shm file it needs to read them (the "
                              "folder or that file is read-only for this user); copy the "
                              "database with its -wal file to a writable folder",
                              st->path, wal);
        sqlite3_close_v2(st->db);
        st->db = NULL;
        immutable_uri(st->path, uri, sizeof uri);
        src = sqlite3_open_v2(uri, &st->db,
                              SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_FULLMUTEX, NULL);
        rc =
            src == SQLITE_OK ? user_version(st, &version, err) : ck_store_fail(st, err, src, doing);
        if (rc)
            return rc;
    } else if (rc) {
        return ck_err_msg(err, first.rc, &first.m);
    }
    sqlite3_extended_result_codes(st->db, 1);
    if (version > SCHEMA_VERSION)
        return ck_err_set(err, CK_EVERSION,
                          "%s was written by a newer classkiosk (schema %d; this one knows up "
                          "to %d); install the newer classkiosk to use it",
                          st->path, version, SCHEMA_VERSION);
    if (version < SCHEMA_VERSION)
        return ck_err_set(err, CK_EVERSION,
                          "%s has an older schema (%d; this classkiosk writes %d) and is only "
                          "read here; upgrade it first with \"classkiosk init\"",
                          st->path, version, SCHEMA_VERSION);
    if ((rc = exec(st, "PRAGMA foreign_keys = ON", doing, err)))
        return rc;
    load_origin(st);
    return CK_OK;
}

ck_rc ck_store_open(ck_store **out, const char *path, ck_store_mode mode, ck_err *err)
{
    ck_rc rc = CK_OK;
    *out = NULL;
    if (sodium_init() < 0)
        return ck_err_set(err, CK_EINTERNAL, "libsodium could not start");
    if (!path || !*path)
        return ck_err_set(err, CK_EINVAL, "no database path given; use --db FILE");
    if (mode != CK_STORE_CREATE && !exists(path))
        return ck_err_set(err, CK_ENOTFOUND,
                          "no database at %s; create it with \"classkiosk init\" or point "
                          "--db (or CLASSKIOSK_DB) at the right file",
                          path);
    ck_store *st = calloc(1, sizeof *st);
    if (!st)
        return ck_err_set(err, CK_ENOMEM, "out of memory opening %s", path);
    snprintf(st->path, sizeof st->path, "%s", path);
    if (mode == CK_STORE_READONLY) {
        if ((rc = open_readonly(st, err)))
            goto fail;
        *out = st;
        return CK_OK;
    }
    if (mode == CK_STORE_CREATE && (rc = create_private(path, err)))
        goto fail;
    int src = sqlite3_open_v2(path, &st->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX, NULL);
    if (src != SQLITE_OK) {
        rc = ck_store_fail(st, err, src, "opening the database");
        goto fail;
    }
    sqlite3_extended_result_codes(st->db, 1);
    sqlite3_busy_timeout(st->db, 5000);
    keep_wal_if_shared(st);
    /* WAL keeps readers and the writer apart; FULL syncs the WAL at every commit, so an
     * acknowledged write survives a power cut. */
    if ((rc = exec(st, "PRAGMA journal_mode = WAL", "opening the database", err)) ||
        (rc = exec(st, "PRAGMA synchronous = FULL", "opening the database", err)) ||
        (rc = exec(st, "PRAGMA foreign_keys = ON", "opening the database", err)))
        goto fail;
    if ((rc = migrate(st, err)))
        goto fail;
    load_origin(st);
    *out = st;
    return CK_OK;
fail:
    ck_store_close(st);
    return rc;
}

ck_rc ck_store_open_memory(ck_store **out, ck_err *err)
{
    *out = NULL;
    ck_store *st = calloc(1, sizeof *st);
    if (!st)
        return ck_err_set(err, CK_ENOMEM, "out of memory");
    /* Named in messages where a file's path would be: a phrase, worded with them. */
    ck_msg_phrase(st->path, sizeof st->path, N_("the replayed chain"));
    int src =
        sqlite3_open_v2(":memory:", &st->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
    ck_rc rc = src == SQLITE_OK ? CK_OK : ck_store_fail(st, err, src, "replaying the chain");
    if (rc == CK_OK)
        sqlite3_extended_result_codes(st->db, 1);
    if (rc == CK_OK && !(rc = exec(st, "PRAGMA foreign_keys = ON", "replaying the chain", err)))
        rc = migrate(st, err);
    if (rc) {
        ck_store_close(st);
        return rc;
    }
    load_origin(st);
    *out = st;
    return CK_OK;
}

/* Give path (if it exists) the mode and, when gid >= 0, the group. */
static ck_rc set_file_access(const char *path, mode_t mode, long gid, bool *changed, ck_err *err)
{
    struct stat sb;
    if (stat(path, &sb) != 0)
        return CK_OK;
    if ((sb.st_mode & 0777) != mode) {
        if (chmod(path, mode) != 0)
            return ck_err_set(err, CK_EIO, "cannot change the permissions of %s: %s", path,
                              CK_MSG_ERRNO(errno));
        *changed = true;
    }
    if (gid >= 0 && sb.st_gid != (gid_t)gid) {
        if (chown(path, (uid_t)-1, (gid_t)gid) != 0)
            return ck_err_set(err, CK_EIO,
                              "cannot give %s to the group: %s; run as root, or as a member of "
                              "the group who owns the file",
                              path, CK_MSG_ERRNO(errno));
        *changed = true;
    }
    return CK_OK;
}

ck_rc ck_store_set_access(ck_store *st, long gid, bool *changed, ck_err *err)
{
    struct stat sb;
    *changed = false;
    if (stat(st->path, &sb) != 0)
        return ck_err_set(err, CK_EIO, "cannot read the permissions of %s: %s", st->path,
                          CK_MSG_ERRNO(errno));
    /* The owner reads and writes; the group named reads; nobody else. */
    mode_t mode = gid >= 0 ? 0640 : 0600;
    if (gid >= 0) {
        int one = 1;
        sqlite3_file_control(st->db, "main", SQLITE_FCNTL_PERSIST_WAL, &one);
    }
    const char *suffix[] = {"", "-wal", "-shm"};
    for (size_t i = 0; i < 3; i++) {
        char path[4096 + 8];
        snprintf(path, sizeof path, "%s%s", st->path, suffix[i]);
        ck_rc rc = set_file_access(path, mode, gid, changed, err);
        if (rc)
            return rc;
    }
    return CK_OK;
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
    if (st->readonly)
        return ck_err_set(err, CK_EINTERNAL,
                          "starting a write: %s was opened only for reading (a bug: this command "
                          "should not write)",
                          st->path);
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
    ck_rc rc =
        ck_store_prepare(st, &s, "DELETE FROM setting WHERE key = ?", "removing a setting", err);
    if (rc)
        return rc;
    ck_store_bind_text(s, 1, key);
    return ck_store_exec_stmt(st, s, "removing a setting", err);
}

ck_rc ck_store_select_int64(ck_store *st, sqlite3_stmt *stmt, int64_t *out, const char *doing,
                            ck_err *err)
{
    int step = sqlite3_step(stmt);
    *out = step == SQLITE_ROW ? sqlite3_column_int64(stmt, 0) : 0;
    ck_rc rc =
        step == SQLITE_ROW || step == SQLITE_DONE ? CK_OK : ck_store_fail(st, err, step, doing);
    sqlite3_finalize(stmt);
    return rc;
}

ck_rc ck_store_setting_set_msg(ck_store *st, const char *key, const ck_msg *m, ck_err *err)
{
    char *json = ck_store_msg_json(m);
    if (!json)
        return ck_store_setting_delete(st, key, err);
    ck_rc rc = ck_store_setting_set(st, key, json, err);
    free(json);
    return rc;
}

void ck_store_setting_get_msg(ck_store *st, const char *key, ck_msg *out)
{
    char json[4 * CK_MSG_POOL];
    ck_err quiet = {0};
    if (ck_store_setting_get(st, key, json, sizeof json, &quiet))
        *json = '\0';
    ck_store_msg_from_json(out, *json ? json : NULL, json);
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
            rc = ck_err_set(err, CK_ENOMEM, "out of memory %s", CK_MSG_PHRASE(doing));
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

ck_rc ck_store_data_version(ck_store *st, int64_t *out, ck_err *err)
{
    sqlite3_stmt *s = NULL;
    ck_rc rc =
        ck_store_prepare(st, &s, "PRAGMA data_version", "reading the database's version", err);
    if (rc)
        return rc;
    int step = sqlite3_step(s);
    if (step == SQLITE_ROW)
        *out = sqlite3_column_int64(s, 0);
    else
        rc = ck_store_fail(st, err, step, "reading the database's version");
    sqlite3_finalize(s);
    return rc;
}
