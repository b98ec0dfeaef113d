/* kill -9 at random moments during bursts of check-ins: nothing acknowledged is lost. */
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cli_support.h"
#include "store/store.h"

#define PER_BURST 20
#define BURSTS 400 /* at most; it stops after KILLS kills */
#define KILLS 220
#define NOW "2026-11-23 09:30"

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Start "classkiosk checkin" for people [first, first + PER_BURST), kill it after delay_ms
 * (never, if negative), and return what it printed. */
static char *burst(const char *db, int first, double delay_ms, bool *killed)
{
    const char *argv[PER_BURST + 8];
    static char emails[PER_BURST][32];
    int n = 0;
    argv[n++] = ck_test_binary();
    argv[n++] = "--db";
    argv[n++] = db;
    argv[n++] = "checkin";
    for (int i = 0; i < PER_BURST; i++) {
        snprintf(emails[i], sizeof emails[i], "p%d@example.org", first + i);
        argv[n++] = emails[i];
    }
    argv[n] = NULL;
    int out[2];
    if (pipe(out) != 0)
        return NULL;
    pid_t pid = fork();
    if (pid == 0) {
        dup2(out[1], 1);
        int devnull = open("/dev/null", O_WRONLY);
        dup2(devnull, 2);
        close(out[0]);
        close(out[1]);
        execv(argv[0], (char *const *)argv);
        _exit(127);
    }
    close(out[1]);
    if (delay_ms >= 0) {
        struct timespec ts = {(time_t)(delay_ms / 1000), (long)(fmod(delay_ms, 1000) * 1e6)};
        nanosleep(&ts, NULL);
        kill(pid, SIGKILL);
    }
    char *text = calloc(1, 65536);
    size_t len = 0;
    ssize_t got;
    while ((got = read(out[0], text + len, 65535 - len)) > 0)
        len += (size_t)got;
    close(out[0]);
    int st = 0;
    waitpid(pid, &st, 0);
    *killed = WIFSIGNALED(st);
    return text;
}

static void kill_nine_loses_nothing(void)
{
    const char *db = ck_test_path("durable.db");
    const char *roster = ck_test_path("roster.csv");
    ck_proc p = {0};
    FILE *f = fopen(roster, "w");
    fprintf(f, "name,email\n");
    for (int i = 0; i < PER_BURST * (BURSTS + 1); i++)
        fprintf(f, "Person %d,p%d@example.org\n", i, i);
    fclose(f);
    CLI_OK(&p, db, NOW, "init");
    CLI_OK(&p, db, NOW, "course", "create", "--title", "Durability", "--trainer", "T", "--day",
           "2026-11-23");
    CLI_OK(&p, db, NOW, "roster", "import", roster);
    setenv("CLASSKIOSK_NOW", NOW, 1);

    /* One undisturbed burst tells how long a burst takes. */
    bool killed = false;
    double t0 = now_ms();
    char *text = burst(db, PER_BURST * BURSTS, -1, &killed);
    double full = now_ms() - t0;
    CK_CHECK(!killed);
    CK_CHECK_INT(text ? (long long)(strstr(text, "checked in") != NULL) : 0, 1);
    free(text);

    static bool acked[PER_BURST * BURSTS];
    srand((unsigned)time(NULL));
    int kills = 0, partial = 0;
    double window = full;
    for (int b = 0; b < BURSTS && kills < KILLS; b++) {
        double delay = window * (rand() / (double)RAND_MAX);
        text = burst(db, b * PER_BURST, delay, &killed);
        kills += killed;
        /* Aim the kills inside the burst: shrink the window when a burst finished first. */
        if (!killed)
            window *= 0.9;
        int acks = 0;
        for (char *line = text; line && *line;) {
            char *nl = strchr(line, '\n');
            if (!nl)
                break; /* a torn last line is not an acknowledgement */
            int who;
            if (sscanf(line, "Person %d checked in at", &who) == 1 && who >= 0 &&
                who < PER_BURST * BURSTS) {
                acked[who] = true;
                acks++;
            }
            line = nl + 1;
        }
        partial += killed && acks > 0 && acks < PER_BURST;
        free(text);
        if (b % 20 == 19) {
            /* Reopening recovers the WAL; the file must be whole each time. */
            ck_store *st = NULL;
            ck_err err = {0};
            CK_CHECK_INT(ck_store_open(&st, db, CK_STORE_EXISTING, &err), CK_OK);
            CK_CHECK_INT(ck_store_integrity(st, &err), CK_OK);
            ck_store_close(st);
        }
    }
    printf("one burst of %d check-ins: %.1f ms; %d kills, %d mid-burst\n", PER_BURST, full, kills,
           partial);
    CK_CHECK(kills >= KILLS);

    /* Compare what was acknowledged with what is stored. */
    static int stored[PER_BURST * BURSTS];
    sqlite3 *raw = NULL;
    sqlite3_stmt *s = NULL;
    CK_CHECK_INT(sqlite3_open_v2(db, &raw, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    sqlite3_prepare_v2(raw,
                       "SELECT a.email, count(*) FROM event e JOIN attendee a"
                       " ON a.id = e.attendee_id WHERE e.kind = 'in' GROUP BY a.id",
                       -1, &s, NULL);
    int extra = 0;
    while (sqlite3_step(s) == SQLITE_ROW) {
        int who = -1;
        sscanf((const char *)sqlite3_column_text(s, 0), "p%d@", &who);
        if (who >= 0 && who < PER_BURST * BURSTS)
            stored[who] = sqlite3_column_int(s, 1);
        else if (who < PER_BURST * BURSTS || who >= PER_BURST * (BURSTS + 1))
            extra++;
    }
    sqlite3_finalize(s);
    sqlite3_close(raw);
    int lost = 0, doubled = 0, committed_unacked = 0;
    for (int i = 0; i < PER_BURST * BURSTS; i++) {
        lost += acked[i] && stored[i] == 0;
        doubled += stored[i] > 1;
        committed_unacked += !acked[i] && stored[i] == 1;
    }
    printf("acknowledged check-ins lost: %d; duplicated: %d; unknown: %d; committed but killed "
           "before printing: %d\n",
           lost, doubled, extra, committed_unacked);
    CK_CHECK_INT(lost, 0);
    CK_CHECK_INT(doubled, 0);
    CK_CHECK_INT(extra, 0);

    CLI_OK(&p, db, NOW, "audit", "verify");
    ck_store *st = NULL;
    ck_err err = {0};
    CK_CHECK_INT(ck_store_open(&st, db, CK_STORE_EXISTING, &err), CK_OK);
    CK_CHECK_INT(ck_store_integrity(st, &err), CK_OK);
    ck_store_close(st);
    ck_proc_clear(&p);
}

int main(int argc, char **argv)
{
    ck_test_init(argc, argv);
    CK_RUN(kill_nine_loses_nothing);
    return ck_test_done();
}
