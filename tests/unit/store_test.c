/* The SQLite store: pragmas, migrations, append-only tables, the audit chain. */
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ck_test.h"
#include "store/store.h"

static void raw_exec(const char *path, const char *sql)
{
    sqlite3 *db = NULL;
    CK_CHECK_INT(sqlite3_open(path, &db), SQLITE_OK);
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
        ck_test_fail(__FILE__, __LINE__, "%s: %s", sql, msg);
    sqlite3_free(msg);
    sqlite3_close(db);
}

static int raw_int(const char *path, const char *sql)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *s = NULL;
    int v = -1;
    sqlite3_open(path, &db);
    if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
        v = sqlite3_column_int(s, 0);
    sqlite3_finalize(s);
    sqlite3_close(db);
    return v;
}

static void create_and_pragmas(void)
{
    const char *path = ck_test_path("a.db");
    ck_store *st = NULL;
    ck_err err = {0};
    CK_CHECK_INT(ck_store_open(&st, path, CK_STORE_EXISTING, &err), CK_ENOTFOUND);
    CK_CHECK_CONTAINS(err.msg, "classkiosk init");
    /* Private from the first byte, whatever the umask says. */
    mode_t mask = umask(0);
    CK_CHECK_INT(ck_store_open(&st, path, CK_STORE_CREATE, &err), CK_OK);
    umask(mask);
    struct stat sb;
    CK_CHECK_INT(stat(path, &sb), 0);
    CK_CHECK_INT(sb.st_mode & 0777, 0600);
    CK_CHECK_INT(ck_store_integrity(st, &err), CK_OK);
    ck_store_close(st);
    CK_CHECK_INT(raw_int(path, "PRAGMA user_version"), ck_store_schema_version());
    sqlite3 *db = NULL;
    sqlite3_open(path, &db);
    sqlite3_stmt *s = NULL;
    sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &s, NULL);
    sqlite3_step(s);
    CK_CHECK_STR((const char *)sqlite3_column_text(s, 0), "wal");
    sqlite3_finalize(s);
    sqlite3_close(db);
}

/* A print job's error is kept as a message (its formats and argument texts, JSON in the
 * error column, migration 5) so it can be worded later in any language; a row from before
 * (only the English last_error) reads back as that text. */
static void job_errors_are_kept_as_messages(void)
{
    const char *path = ck_test_path("jobs.db");
    ck_store *st = NULL;
    ck_err err = {0};
    CK_CHECK_INT(ck_store_open(&st, path, CK_STORE_CREATE, &err), CK_OK);
    ck_job_rec job;
    memset(&job, 0, sizeof job);
    snprintf(job.path, sizeof job.path, "/tmp/x.pdf");
    job.state = CK_JOB_HELD;
    ck_msg_set(&job.error, "the printer %s is stopped", "CK-PDF");
    ck_msg_add(&job.error, " (%s)", CK_MSG_PHRASE("out of paper"));
    ck_msg_addn(&job.error, "; %d job waits", "; %d jobs wait", 2, 2);
    ck_msg_set_code(&job.error, "printer.stopped");
    ck_msg_word(&job.error, NULL, job.last_error, sizeof job.last_error);
    CK_CHECK_STR(job.last_error, "the printer CK-PDF is stopped (out of paper); 2 jobs wait");
    CK_CHECK_INT(ck_store_begin(st, &err), CK_OK);
    CK_CHECK_INT(ck_store_job_insert(st, &job, &err), CK_OK);
    CK_CHECK_INT(ck_store_commit(st, &err), CK_OK);
    ck_job_rec back;
    CK_CHECK_INT(ck_store_job_get(st, job.id, &back, &err), CK_OK);
    char a[512], b[512];
    CK_CHECK_STR(ck_msg_word(&back.error, NULL, a, sizeof a), job.last_error);
    CK_CHECK_STR(ck_msg_code(&back.error), "printer.stopped");
    CK_CHECK_INT(ck_msg_nparts(&back.error), 3);
    for (size_t i = 0; i < 3; i++) {
        ck_msg_view x, y;
        ck_msg_part_view(&job.error, i, &x);
        ck_msg_part_view(&back.error, i, &y);
        CK_CHECK_STR(y.fmt, x.fmt);
        CK_CHECK_INT(y.nargs, x.nargs);
        CK_CHECK(!x.plural == !y.plural);
        CK_CHECK_INT(y.n, x.n);
        for (size_t k = 0; k < x.nargs; k++)
            CK_CHECK_STR(y.args[k], x.args[k]);
    }
    /* No error: nothing stored, nothing read. */
    ck_msg_clear(&back.error);
    back.last_error[0] = '\0';
    CK_CHECK_INT(ck_store_job_update(st, &back, &err), CK_OK);
    CK_CHECK_INT(ck_store_job_get(st, job.id, &back, &err), CK_OK);
    CK_CHECK(ck_msg_empty(&back.error));
    ck_store_close(st);
    CK_CHECK_INT(raw_int(path, "SELECT count(*) FROM print_job WHERE error IS NULL"), 1);
    /* A row as classkiosk 0.1 wrote it, and one whose message was damaged by hand: the
     * English words. */
    raw_exec(path, "UPDATE print_job SET error = NULL, last_error = 'the printer P is stopped'");
    CK_CHECK_INT(ck_store_open(&st, path, CK_STORE_EXISTING, &err), CK_OK);
    CK_CHECK_INT(ck_store_job_get(st, job.id, &back, &err), CK_OK);
    CK_CHECK_STR(ck_msg_word(&back.error, NULL, b, sizeof b), "the printer P is stopped");
    ck_store_close(st);
    raw_exec(path, "UPDATE print_job SET error = '{\"parts\":[{\"fmt\":\"%s and %s\","
                   "\"args\":[\"one\"]}]}'");
    CK_CHECK_INT(ck_store_open(&st, path, CK_STORE_EXISTING, &err), CK_OK);
    CK_CHECK_INT(ck_store_job_get(st, job.id, &back, &err), CK_OK);
    CK_CHECK_STR(ck_msg_word(&back.error, NULL, b, sizeof b), "the printer P is stopped");
    ck_store_close(st);
}

static void newer_schema_is_refused(void)
{
    const char *path = ck_test_path("new.db");
    ck_store *st = NULL;
    ck_err err = {0};
    CK_CHECK_INT(ck_store_open(&st, path, CK_STORE_CREATE, &err), CK_OK);
    ck_store_close(st);
    raw_exec(path, "PRAGMA user_version = 99");
    CK_CHECK_INT(ck_store_open(&st, path, CK_STORE_EXISTING, &err), CK_EVERSION);
    CK_CHECK_CONTAINS(err.msg, "newer classkiosk (schema 99");
    CK_CHECK(st == NULL);
    /* Nothing was changed by the refusal. */
    CK_CHECK_INT(raw_int(path, "PRAGMA user_version"), 99);
}

static void older_schema_is_upgraded(void)
{
    const char *path = ck_test_path("old.db");
    ck_store *st = NULL;
    ck_err err = {0};
    /* An empty file at schema 0 stands for the oldest release: every migration runs. */
    raw_exec(path, "PRAGMA user_version = 0");
    CK_CHECK_INT(ck_store_open(&st, path, CK_STORE_EXISTING, &err), CK_OK);
    ck_store_close(st);
    CK_CHECK_INT(raw_int(path, "PRAGMA user_version"), ck_store_schema_version());
    CK_CHECK_INT(raw_int(path, "SELECT count(*) FROM sqlite_master WHERE name = 'event'"), 1);
}

/* The schema-3 file in tests/data: a two-day course with check-ins, a trainer correction, an
 * undo, license decisions, three certificates and a revocation, written by classkiosk 0.1 at
 * schema 3 (see tests/data/README). */
static void make_schema_3(const char *path)
{
    char fixture[4096];
    snprintf(fixture, sizeof fixture, "%s/tests/data/schema3.sql", ck_test_source_dir());
    char *sql = ck_test_read_file(fixture, NULL);
    CK_CHECK(sql != NULL);
    if (sql)
        raw_exec(path, sql);
    free(sql);
}

static void populated_file_is_upgraded(void)
{
    const char *path = ck_test_path("v3.db");
    ck_store *st = NULL;
    ck_err err = {0};
    char value[64] = "";
    ck_ledger_report rep;
    make_schema_3(path);
    CK_CHECK_INT(raw_int(path, "PRAGMA user_version"), 3);
    CK_CHECK_INT(ck_store_open(&st, path, CK_STORE_EXISTING, &err), CK_OK);
    ck_store_close(st);
    CK_CHECK_INT(raw_int(path, "PRAGMA user_version"), ck_store_schema_version());
    /* What was there is still there, every record and audit record is in the chain, and the
     * tables match it. */
    CK_CHECK_INT(raw_int(path, "SELECT count(*) FROM event"), 20);
    CK_CHECK_INT(raw_int(path, "SELECT count(*) FROM audit"), 14); /* 13 + the upgrade */
    CK_CHECK_INT(raw_int(path, "SELECT count(*) FROM ledger"), 1 + 4 + 1 + 20 + 5 + 3 + 1 + 14);
    CK_CHECK_INT(raw_int(path, "SELECT count(*) FROM event WHERE seq = 0 OR origin = ''"), 0);
    CK_CHECK_INT(raw_int(path, "SELECT count(*) FROM sqlite_master WHERE name = 'audit_v3'"), 0);
    CK_CHECK_INT(ck_store_open(&st, path, CK_STORE_EXISTING, &err), CK_OK);
    CK_CHECK_INT(ck_store_setting_get(st, "config.issuer", value, sizeof value, &err), CK_OK);
    CK_CHECK_STR(value, "Old Academy");
    CK_CHECK_INT(ck_store_ledger_verify(st, 0, NULL, &rep, &err), CK_OK);
    CK_CHECK_INT(rep.entries, 49);
    CK_CHECK_INT(rep.origins, 1);
    CK_CHECK_INT(rep.head.seq, 49);
    ck_store_close(st);
}

static void failed_upgrade_changes_nothing(void)
{
    const char *path = ck_test_path("v3-broken.db");
    ck_store *st = NULL;
    ck_err err = {0};
    make_schema_3(path);
    /* Something in the way of the C step: it fails half-way through the upgrade. */
    raw_exec(path, "CREATE TABLE signing_key (x)");
    CK_CHECK_INT(ck_store_open(&st, path, CK_STORE_EXISTING, &err), CK_EDB);
    CK_CHECK_CONTAINS(err.msg, "upgrading the database to schema 4");
    CK_CHECK(st == NULL);
    /* One transaction: the SQL part of the step was rolled back with it. */
    CK_CHECK_INT(raw_int(path, "PRAGMA user_version"), 3);
    CK_CHECK_INT(raw_int(path, "SELECT count(*) FROM sqlite_master WHERE name = 'ledger'"), 0);
    CK_CHECK_INT(raw_int(path, "SELECT count(*) FROM audit"), 13);
}

static void altered_old_trail_is_not_sealed(void)
{
    const char *paths[] = {"v3-edited.db", "v3-cut.db"};
    const char *attack[] = {
        "DROP TRIGGER audit_append_only_u; UPDATE audit SET detail = '{}' WHERE id = 4",
        "DROP TRIGGER audit_append_only_d; DELETE FROM audit WHERE id = 13;"
        "DELETE FROM setting WHERE key = 'audit.head'",
    };
    const char *expect[] = {"record 4 does not hold", "cut short"};
    for (int i = 0; i < 2; i++) {
        const char *path = ck_test_path(paths[i]);
        ck_store *st = NULL;
        ck_err err = {0};
        make_schema_3(path);
        raw_exec(path, attack[i]);
        CK_CHECK_INT(ck_store_open(&st, path, CK_STORE_EXISTING, &err), CK_EDB);
        CK_CHECK_CONTAINS(err.msg, expect[i]);
        CK_CHECK_INT(raw_int(path, "PRAGMA user_version"), 3);
    }
}

static void readonly_open_writes_nothing(void)
{
    const char *path = ck_test_path("ro.db");
    ck_store *st = NULL;
    ck_err err = {0};
    make_schema_3(path);
    /* An older file read-only: refused with the way out, and not upgraded. */
    CK_CHECK_INT(ck_store_open(&st, path, CK_STORE_READONLY, &err), CK_EVERSION);
    CK_CHECK_CONTAINS(err.msg, "classkiosk init");
    CK_CHECK_INT(raw_int(path, "PRAGMA user_version"), 3);
    CK_CHECK_INT(ck_store_open(&st, path, CK_STORE_EXISTING, &err), CK_OK);
    ck_store_close(st);
    CK_CHECK_INT(ck_store_open(&st, path, CK_STORE_READONLY, &err), CK_OK);
    ck_ledger_head head;
    CK_CHECK_INT(ck_store_ledger_head(st, &head, &err), CK_OK);
    CK_CHECK_INT(head.seq, 49);
    /* A write on it is a bug, and says so. */
    CK_CHECK(ck_store_begin(st, &err) != CK_OK);
    ck_store_close(st);
}

static void not_a_database(void)
{
    const char *path = ck_test_path("junk.db");
    ck_store *st = NULL;
    ck_err err = {0};
    CK_CHECK(ck_test_write_file(path, "this is a text file, not SQLite, and it is long enough"));
    CK_CHECK_INT(ck_store_open(&st, path, CK_STORE_EXISTING, &err), CK_EDB);
    CK_CHECK_CONTAINS(err.msg, "not a classkiosk database");
    size_t len = 0;
    char *back = ck_test_read_file(path, &len);
    CK_CHECK_STR(back, "this is a text file, not SQLite, and it is long enough");
    free(back);
}

static ck_store *fresh(const char *name)
{
    ck_store *st = NULL;
    ck_err err = {0};
    CK_CHECK_INT(ck_store_open(&st, ck_test_path(name), CK_STORE_CREATE, &err), CK_OK);
    return st;
}

static void events_are_append_only(void)
{
    ck_store *st = fresh("events.db");
    ck_err err = {0};
    ck_course_rec c = {.hours = 16, .tolerance_min = 10, .ndays = 1};
    snprintf(c.title, sizeof c.title, "T");
    snprintf(c.trainer, sizeof c.trainer, "Tr");
    snprintf(c.days[0].date, sizeof c.days[0].date, "2026-11-23");
    c.days[0].day_no = 1;
    c.days[0].window = (ck_clock_span){540, 1020};
    /* A record is written in a transaction, or not at all. */
    CK_CHECK_INT(ck_store_course_insert(st, &c, &err), CK_EINTERNAL);
    CK_CHECK_INT(ck_store_begin(st, &err), CK_OK);
    CK_CHECK_INT(ck_store_course_insert(st, &c, &err), CK_OK);
    ck_attendee_rec a = {.course_id = c.id};
    snprintf(a.name, sizeof a.name, "Ann");
    snprintf(a.name_key, sizeof a.name_key, "ann");
    CK_CHECK_INT(ck_store_attendee_insert(st, &a, &err), CK_OK);
    ck_event_rec e = {
        .ev = {.kind = CK_EVENT_IN, .at = 100}, .attendee_id = a.id, .source = CK_SOURCE_KIOSK};
    CK_CHECK_INT(ck_store_event_append(st, &e, &err), CK_OK);
    CK_CHECK_INT(ck_store_commit(st, &err), CK_OK);
    CK_CHECK(e.ev.id > 0);
    CK_CHECK_INT(strlen(e.uid), CK_UID_LEN);
    const char *path = ck_store_path(st);
    sqlite3 *db = NULL;
    sqlite3_open(path, &db);
    CK_CHECK(sqlite3_exec(db, "UPDATE event SET at = 5", NULL, NULL, NULL) != SQLITE_OK);
    CK_CHECK_CONTAINS(sqlite3_errmsg(db), "append-only");
    CK_CHECK(sqlite3_exec(db, "DELETE FROM event", NULL, NULL, NULL) != SQLITE_OK);
    CK_CHECK(sqlite3_exec(db, "DELETE FROM ledger", NULL, NULL, NULL) != SQLITE_OK);
    CK_CHECK_CONTAINS(sqlite3_errmsg(db), "append-only");
    sqlite3_close(db);
    ck_event_rec *list = NULL;
    size_t n = 0;
    CK_CHECK_INT(ck_store_event_list(st, a.id, &list, &n, &err), CK_OK);
    CK_CHECK_INT(n, 1);
    free(list);
    ck_store_close(st);
}

static void audit(ck_store *st, const char *action)
{
    ck_err err = {0};
    CK_CHECK_INT(ck_store_begin(st, &err), CK_OK);
    CK_CHECK_INT(ck_store_audit_append(st, 1000, "trainer", action, "{\"x\":1}", &err), CK_OK);
    CK_CHECK_INT(ck_store_commit(st, &err), CK_OK);
}

static void chain_detects_tampering(void)
{
    const char *names[] = {"edit.db", "delete.db", "tail.db", "insert.db", "row.db", "gone.db"};
    for (int kind = 0; kind < 6; kind++) {
        ck_store *st = fresh(names[kind]);
        ck_err err = {0};
        ck_ledger_report rep;
        for (int i = 0; i < 5; i++)
            audit(st, "step");
        CK_CHECK_INT(ck_store_ledger_verify(st, 0, NULL, &rep, &err), CK_OK);
        CK_CHECK_INT(rep.entries, 5);
        ck_ledger_head head = rep.head;
        char path[4096];
        snprintf(path, sizeof path, "%s", ck_store_path(st));
        ck_store_close(st);
        /* Someone with the file and sqlite3 drops the guards and edits history. */
        const char *attack[] = {
            "DROP TRIGGER ledger_append_only_u;"
            "UPDATE ledger SET body = replace(body, '\"x\":1', '\"x\":2') WHERE seq = 3",
            "DROP TRIGGER ledger_append_only_d; DELETE FROM ledger WHERE seq = 2",
            "DROP TRIGGER ledger_append_only_d; DROP TRIGGER audit_append_only_d;"
            "DELETE FROM ledger WHERE seq = 5; DELETE FROM audit WHERE id = 5",
            "INSERT INTO ledger SELECT origin, 6, kind, 'forged', at, body, 'bad', 'bad'"
            " FROM ledger WHERE seq = 5",
            "DROP TRIGGER audit_append_only_u; UPDATE audit SET actor = 'kiosk' WHERE id = 2",
            "DROP TRIGGER audit_append_only_d; DELETE FROM audit WHERE id = 4",
        };
        const char *expect[] = {"entry 3 of chain",
                                "entry 2 of chain",
                                "no longer holds entry 5",
                                "entry 6 of chain",
                                "its actor reads \"kiosk\" there but "
                                "\"trainer\" in the chain",
                                "is missing from the database"};
        raw_exec(path, attack[kind]);
        CK_CHECK_INT(ck_store_open(&st, path, CK_STORE_EXISTING, &err), CK_OK);
        /* The cut-off tail is found only with the head written down before. */
        CK_CHECK_INT(ck_store_ledger_verify(st, kind == 2 ? head.seq : 0, head.hash, &rep, &err),
                     CK_EDB);
        CK_CHECK_CONTAINS(err.msg, expect[kind]);
        if (kind == 2)
            CK_CHECK_INT(ck_store_ledger_verify(st, 0, NULL, &rep, &err), CK_OK);
        ck_store_close(st);
    }
}

int main(int argc, char **argv)
{
    ck_test_init(argc, argv);
    CK_RUN(create_and_pragmas);
    CK_RUN(job_errors_are_kept_as_messages);
    CK_RUN(newer_schema_is_refused);
    CK_RUN(older_schema_is_upgraded);
    CK_RUN(populated_file_is_upgraded);
    CK_RUN(failed_upgrade_changes_nothing);
    CK_RUN(altered_old_trail_is_not_sealed);
    CK_RUN(readonly_open_writes_nothing);
    CK_RUN(not_a_database);
    CK_RUN(events_are_append_only);
    CK_RUN(chain_detects_tampering);
    return ck_test_done();
}
