/* The SQLite store: pragmas, migrations, append-only tables, the audit chain. */
#include <sqlite3.h>
#include <stdlib.h>

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
    CK_CHECK_INT(ck_store_open(&st, path, CK_STORE_CREATE, &err), CK_OK);
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

/* A schema-1 file with records, as the first release left it: made by taking today's schema
 * back to 1 (dropping what later migrations add). */
static void make_schema_1(const char *path)
{
    ck_store *st = NULL;
    ck_err err = {0};
    CK_CHECK_INT(ck_store_open(&st, path, CK_STORE_CREATE, &err), CK_OK);
    CK_CHECK_INT(ck_store_begin(st, &err), CK_OK);
    CK_CHECK_INT(ck_store_setting_set(st, "config.issuer", "Old Academy", &err), CK_OK);
    CK_CHECK_INT(ck_store_audit_append(st, 1000, "trainer", "before", "{}", &err), CK_OK);
    CK_CHECK_INT(ck_store_commit(st, &err), CK_OK);
    ck_store_close(st);
    raw_exec(path, "DROP TABLE print_job; DROP TABLE revocation; DROP TABLE certificate;"
                   "PRAGMA user_version = 1");
}

static void populated_file_is_upgraded(void)
{
    const char *path = ck_test_path("v1.db");
    ck_store *st = NULL;
    ck_err err = {0};
    char value[64] = "";
    size_t checked = 0;
    make_schema_1(path);
    CK_CHECK_INT(ck_store_open(&st, path, CK_STORE_EXISTING, &err), CK_OK);
    ck_store_close(st);
    CK_CHECK_INT(raw_int(path, "PRAGMA user_version"), ck_store_schema_version());
    CK_CHECK_INT(raw_int(path, "SELECT count(*) FROM sqlite_master WHERE name IN"
                               " ('certificate', 'revocation', 'print_job')"),
                 3);
    /* What was there is still there, and the audit chain still holds. */
    CK_CHECK_INT(ck_store_open(&st, path, CK_STORE_EXISTING, &err), CK_OK);
    CK_CHECK_INT(ck_store_setting_get(st, "config.issuer", value, sizeof value, &err), CK_OK);
    CK_CHECK_STR(value, "Old Academy");
    CK_CHECK_INT(ck_store_audit_verify(st, &checked, &err), CK_OK);
    CK_CHECK_INT(checked, 1);
    ck_store_close(st);
}

static void failed_upgrade_changes_nothing(void)
{
    const char *path = ck_test_path("v1-broken.db");
    ck_store *st = NULL;
    ck_err err = {0};
    make_schema_1(path);
    /* Something in the way of the last migration: it fails half-way through the upgrade. */
    raw_exec(path, "CREATE TABLE print_job (x)");
    CK_CHECK_INT(ck_store_open(&st, path, CK_STORE_EXISTING, &err), CK_EDB);
    CK_CHECK_CONTAINS(err.msg, "upgrading the database to schema 3");
    CK_CHECK(st == NULL);
    /* One transaction: the earlier step (schema 2) was rolled back with it. */
    CK_CHECK_INT(raw_int(path, "PRAGMA user_version"), 1);
    CK_CHECK_INT(raw_int(path, "SELECT count(*) FROM sqlite_master WHERE name = 'certificate'"),
                 0);
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
    CK_CHECK_INT(ck_store_course_insert(st, &c, &err), CK_OK);
    ck_attendee_rec a = {.course_id = c.id};
    snprintf(a.name, sizeof a.name, "Ann");
    snprintf(a.name_key, sizeof a.name_key, "ann");
    CK_CHECK_INT(ck_store_attendee_insert(st, &a, &err), CK_OK);
    ck_event_rec e = {.ev = {.kind = CK_EVENT_IN, .at = 100}, .attendee_id = a.id,
                      .source = CK_SOURCE_KIOSK};
    CK_CHECK_INT(ck_store_event_append(st, &e, &err), CK_OK);
    CK_CHECK(e.ev.id > 0);
    CK_CHECK_INT(strlen(e.uid), CK_UID_LEN);
    const char *path = ck_store_path(st);
    sqlite3 *db = NULL;
    sqlite3_open(path, &db);
    CK_CHECK(sqlite3_exec(db, "UPDATE event SET at = 5", NULL, NULL, NULL) != SQLITE_OK);
    CK_CHECK_CONTAINS(sqlite3_errmsg(db), "append-only");
    CK_CHECK(sqlite3_exec(db, "DELETE FROM event", NULL, NULL, NULL) != SQLITE_OK);
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

static void audit_chain_detects_tampering(void)
{
    const char *names[] = {"edit.db", "delete.db", "tail.db", "insert.db"};
    for (int kind = 0; kind < 4; kind++) {
        ck_store *st = fresh(names[kind]);
        ck_err err = {0};
        size_t checked = 0;
        for (int i = 0; i < 5; i++)
            audit(st, "step");
        CK_CHECK_INT(ck_store_audit_verify(st, &checked, &err), CK_OK);
        CK_CHECK_INT(checked, 5);
        char path[4096];
        snprintf(path, sizeof path, "%s", ck_store_path(st));
        ck_store_close(st);
        /* Someone with the file and sqlite3 drops the guard and edits history. */
        const char *attack[] = {
            "DROP TRIGGER audit_append_only_u; UPDATE audit SET detail = '{\"x\":2}' WHERE id = 3",
            "DROP TRIGGER audit_append_only_d; DELETE FROM audit WHERE id = 2",
            "DROP TRIGGER audit_append_only_d; DELETE FROM audit WHERE id = 5",
            "INSERT INTO audit VALUES (6, 1, 'x', 'forged', '{}', 'bad', 'bad')",
        };
        const char *expect[] = {"record 3 (step) was edited", "audit record 2 is missing",
                                "records were removed from the end", "does not follow"};
        raw_exec(path, attack[kind]);
        CK_CHECK_INT(ck_store_open(&st, path, CK_STORE_EXISTING, &err), CK_OK);
        CK_CHECK_INT(ck_store_audit_verify(st, &checked, &err), CK_EDB);
        CK_CHECK_CONTAINS(err.msg, expect[kind]);
        /* New records are refused on a cut-off chain instead of hiding the cut. */
        if (kind == 2) {
            CK_CHECK_INT(ck_store_begin(st, &err), CK_OK);
            CK_CHECK_INT(ck_store_audit_append(st, 1, "t", "a", "{}", &err), CK_EDB);
            ck_store_rollback(st);
        }
        ck_store_close(st);
    }
}

int main(int argc, char **argv)
{
    ck_test_init(argc, argv);
    CK_RUN(create_and_pragmas);
    CK_RUN(newer_schema_is_refused);
    CK_RUN(older_schema_is_upgraded);
    CK_RUN(populated_file_is_upgraded);
    CK_RUN(failed_upgrade_changes_nothing);
    CK_RUN(not_a_database);
    CK_RUN(events_are_append_only);
    CK_RUN(audit_chain_detects_tampering);
    return ck_test_done();
}
