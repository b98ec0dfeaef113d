/* The trainer PIN: 4 to 12 digits, a lock that grows with each round of wrong tries and survives
 * restarts, changes only with the old PIN or as root, and a check that lets other connections
 * write while Argon2id runs. */
#include <pthread.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "app/app.h"
#include "ck_test.h"

static int64_t now_s;

static int64_t test_clock(void *ctx)
{
    (void)ctx;
    return now_s;
}

static ck_app *open_app(const char *db)
{
    ck_app *app = NULL;
    ck_err err = {0};
    ck_app_options opt = {.db_path = db, .clock = test_clock};
    CK_CHECK_INT(ck_app_open(&app, &opt, CK_APP_CREATE, &err), CK_OK);
    return app;
}

/* Five wrong tries; the last one's result. */
static ck_rc wrong_round(ck_app *app, int *wait)
{
    ck_err err = {0};
    int tries = 0;
    ck_rc rc = CK_OK;
    for (int i = 0; i < CK_APP_PIN_TRIES; i++)
        rc = ck_app_pin_check(app, "1111", &tries, wait, &err);
    return rc;
}

static void lock_grows_and_survives_restarts(void)
{
    const char *db = ck_test_path("lock.db");
    ck_err err = {0};
    int tries = 0, wait = 0;
    now_s = 1795420800;
    ck_app *app = open_app(db);
    CK_CHECK_INT(ck_app_pin_set(app, NULL, "2468", &err), CK_OK);
    CK_CHECK_INT(ck_app_pin_check(app, "1111", &tries, &wait, &err), CK_EINVAL);
    CK_CHECK_INT(tries, 4);
    CK_CHECK_CONTAINS(err.msg, "4 tries left");
    const int expect[] = {60, 300, 900, 3600, 3600};
    for (int round = 0; round < 5; round++) {
        if (round)
            CK_CHECK_INT(ck_app_pin_check(app, "1111", &tries, &wait, &err), CK_EINVAL);
        for (int i = 0; i < CK_APP_PIN_TRIES - 2; i++)
            ck_app_pin_check(app, "1111", &tries, &wait, &err);
        CK_CHECK_INT(ck_app_pin_check(app, "1111", &tries, &wait, &err), CK_ELOCKED);
        CK_CHECK_INT(wait, expect[round]);
        /* A restart changes nothing: even the right PIN waits. */
        ck_app_close(app);
        app = open_app(db);
        now_s += expect[round] - 1;
        CK_CHECK_INT(ck_app_pin_check(app, "2468", &tries, &wait, &err), CK_ELOCKED);
        CK_CHECK_INT(wait, 1);
        now_s += 1;
    }
    /* The right PIN ends it all: the next round locks for a minute again. */
    CK_CHECK_INT(ck_app_pin_check(app, "2468", &tries, &wait, &err), CK_OK);
    CK_CHECK_INT(wrong_round(app, &wait), CK_ELOCKED);
    CK_CHECK_INT(wait, 60);
    ck_app_close(app);
}

static void pin_lengths(void)
{
    ck_err err = {0};
    int tries = 0, wait = 0;
    ck_app *app = open_app(ck_test_path("len.db"));
    CK_CHECK_INT(ck_app_pin_set(app, NULL, "123", &err), CK_EINVAL);
    CK_CHECK_CONTAINS(err.msg, "4 to 12 digits");
    CK_CHECK_INT(ck_app_pin_set(app, NULL, "1234567890123", &err), CK_EINVAL);
    CK_CHECK_INT(ck_app_pin_set(app, NULL, "12a4", &err), CK_EINVAL);
    CK_CHECK_INT(ck_app_pin_set(app, NULL, "123456789012", &err), CK_OK);
    CK_CHECK_INT(ck_app_pin_check(app, "123456789012", &tries, &wait, &err), CK_OK);
    ck_app_close(app);
}

/* What a user who is not root may do with a set PIN: run in a child as user nobody when the
 * test runs as root. Exit status: 0 when every check held. */
static int as_station_user(const char *dir)
{
    char db[4200];
    ck_err err = {0};
    snprintf(db, sizeof db, "%s/user.db", dir);
    ck_app *app = open_app(db);
    int bad = 0;
    bad |= !app;
    bad |= ck_app_pin_set(app, NULL, "2468", &err) != CK_OK;     /* the first: no old one */
    bad |= ck_app_pin_set(app, NULL, "1357", &err) != CK_EINVAL; /* then it needs the old */
    bad |= !strstr(err.msg, "needs the current one");
    bad |= ck_app_pin_set(app, "0000", "1357", &err) != CK_EINVAL; /* a wrong old one */
    bad |= !strstr(err.msg, "4 tries left");
    bad |= ck_app_pin_set(app, "2468", "1357", &err) != CK_OK;
    int tries = 0, wait = 0;
    bad |= ck_app_pin_check(app, "1357", &tries, &wait, &err) != CK_OK;
    ck_app_close(app);
    return bad ? 1 : 0;
}

static void change_needs_the_old_pin(void)
{
    /* A folder user nobody may use, for the child. */
    char dir[4096], parent[4096];
    snprintf(dir, sizeof dir, "%s", ck_test_path("user"));
    mkdir(dir, 0777);
    chmod(dir, 0777);
    snprintf(parent, sizeof parent, "%s", ck_test_tmpdir());
    chmod(parent, 0755);
    *strrchr(parent, '/') = '\0';
    chmod(parent, 0755);
    if (geteuid() != 0) {
        CK_CHECK_INT(as_station_user(dir), 0);
    } else {
        pid_t pid = fork();
        if (pid == 0) {
            if (setgid(65534) != 0 || setuid(65534) != 0)
                _exit(100);
            _exit(as_station_user(dir));
        }
        int st = 0;
        waitpid(pid, &st, 0);
        CK_CHECK(WIFEXITED(st));
        CK_CHECK_INT(WEXITSTATUS(st), 0);
    }
    if (geteuid() != 0)
        return;
    /* Root sets a new PIN without the old one; a lock in force stays. */
    ck_err err = {0};
    int tries = 0, wait = 0;
    now_s = 1795420800;
    ck_app *app = open_app(ck_test_path("root.db"));
    CK_CHECK_INT(ck_app_pin_set(app, NULL, "2468", &err), CK_OK);
    CK_CHECK_INT(wrong_round(app, &wait), CK_ELOCKED);
    CK_CHECK_INT(ck_app_pin_set(app, NULL, "1357", &err), CK_OK);
    CK_CHECK(ck_app_pin_locked(app, &wait));
    CK_CHECK_INT(ck_app_pin_check(app, "1357", &tries, &wait, &err), CK_ELOCKED);
    /* With the right old PIN the lock would have ended; with a wrong one nothing changes. */
    now_s += 60;
    CK_CHECK_INT(ck_app_pin_set(app, "2468", "9753", &err), CK_EINVAL);
    CK_CHECK_INT(ck_app_pin_check(app, "1357", &tries, &wait, &err), CK_OK);
    ck_audit_rec *list = NULL;
    size_t n = 0;
    CK_CHECK_INT(ck_app_audit(app, &list, &n, &err), CK_OK);
    int resets = 0;
    for (size_t i = 0; i < n; i++)
        resets += strcmp(list[i].action, "pin.reset") == 0;
    CK_CHECK_INT(resets, 1);
    ck_audit_list_free(list, n);
    ck_app_close(app);
}

/* ---- a PIN check does not hold up check-ins ---- */

typedef struct checker {
    ck_app *app;
    atomic_bool done;
    ck_rc rc;
} checker;

static void *check_pin(void *arg)
{
    checker *c = arg;
    ck_err err = {0};
    int tries = 0, wait = 0;
    c->rc = ck_app_pin_check(c->app, "1111", &tries, &wait, &err);
    atomic_store(&c->done, true);
    return NULL;
}

static int failures_now(sqlite3 *raw)
{
    sqlite3_stmt *s = NULL;
    int v = -1;
    if (sqlite3_prepare_v2(raw, "SELECT value FROM setting WHERE key = 'pin.failures'", -1, &s,
                           NULL) == SQLITE_OK &&
        sqlite3_step(s) == SQLITE_ROW)
        v = atoi((const char *)sqlite3_column_text(s, 0));
    sqlite3_finalize(s);
    return v;
}

static void check_in_while_hashing(void)
{
    char db[4096];
    ck_err err = {0};
    snprintf(db, sizeof db, "%s", ck_test_path("busy.db"));
    now_s = 1795424400; /* 2026-11-23 10:00 in Berlin */
    ck_app *kiosk = open_app(db), *worker = open_app(db);
    const char *days[] = {"2026-11-23"};
    ck_course_spec spec = {
        .title = "Course", .trainer = "Trainer", .dates = days, .ndates = 1, .tolerance_min = -1};
    int64_t course = 0, who = 0;
    CK_CHECK_INT(ck_app_course_create(kiosk, &spec, &course, &err), CK_OK);
    CK_CHECK_INT(ck_app_roster_add(kiosk, "Ann Lee", "ann@example.org", &who, &err), CK_OK);
    CK_CHECK_INT(ck_app_pin_set(kiosk, NULL, "2468", &err), CK_OK);
    /* A slow hash (more Argon2id passes than the station uses), so the check takes a while. */
    char hash[crypto_pwhash_STRBYTES];
    CK_CHECK_INT(crypto_pwhash_str(hash, "2468", 4, 16, crypto_pwhash_MEMLIMIT_INTERACTIVE), 0);
    sqlite3 *raw = NULL;
    CK_CHECK_INT(sqlite3_open(db, &raw), SQLITE_OK);
    sqlite3_busy_timeout(raw, 5000);
    char *sql = sqlite3_mprintf("UPDATE setting SET value = '%q' WHERE key = 'pin.hash'", hash);
    CK_CHECK_INT(sqlite3_exec(raw, sql, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_free(sql);

    /* The worker checks a PIN; once its try is counted it is hashing, and a check-in on the
     * kiosk's own connection must go through before the check ends. */
    checker c = {.app = worker};
    pthread_t t;
    CK_CHECK_INT(pthread_create(&t, NULL, check_pin, &c), 0);
    while (failures_now(raw) != 1 && !atomic_load(&c.done))
        usleep(1000);
    ck_presence_req in = {.attendee_id = who, .kind = CK_EVENT_IN, .source = CK_SOURCE_KIOSK};
    ck_presence_result res;
    CK_CHECK_INT(ck_app_presence(kiosk, &in, &res, &err), CK_OK);
    bool during = !atomic_load(&c.done);
    pthread_join(t, NULL);
    CK_CHECK(res.changed);
    CK_CHECK_INT(c.rc, CK_EINVAL);
    if (!during)
        ck_test_fail(__FILE__, __LINE__,
                     "the check-in waited for the PIN check instead of going through while the "
                     "PIN was hashed");
    sqlite3_close(raw);
    ck_app_close(worker);
    ck_app_close(kiosk);
}

int main(int argc, char **argv)
{
    ck_test_init(argc, argv);
    if (sodium_init() < 0)
        return 1;
    CK_RUN(lock_grows_and_survives_restarts);
    CK_RUN(pin_lengths);
    CK_RUN(change_needs_the_old_pin);
    CK_RUN(check_in_while_hashing);
    return ck_test_done();
}
