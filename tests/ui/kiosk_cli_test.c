/* classkiosk kiosk, the real binary: help, bad options, no display (a message with a command
 * that works), a real X server (Xvfb) in a window and full screen, and SIGTERM ending it. */
#include "app/app.h"
#include "ck_test.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Run the binary with the arguments, NULL-terminated, into a fresh p. */
#define RUN(p, ...) (ck_proc_clear(p), CK_BIN((p), __VA_ARGS__))

/* A station with the demo course, made by the binary itself, at a fixed time. */
static const char *station(void)
{
    static char db[4096];
    ck_proc p = {0};
    snprintf(db, sizeof db, "%s", ck_test_path("station.db"));
    setenv("CLASSKIOSK_NOW", "2026-11-25 08:30", 1);
    if (RUN(&p, "--db", db, "demo") != 0)
        ck_test_fail(__FILE__, __LINE__, "station: %s%s", p.out, p.err);
    ck_proc_clear(&p);
    return db;
}

static void help_and_options(void)
{
    ck_proc p = {0};
    const char *db = station();
    CK_CHECK_INT(RUN(&p, "kiosk", "--help"), 0);
    CK_CHECK_CONTAINS(p.out, "usage: classkiosk kiosk");
    CK_CHECK_CONTAINS(p.out, "--inactivity SECONDS");
    CK_CHECK_CONTAINS(p.out, "--printer NAME");
    CK_CHECK_CONTAINS(p.out, "trainer set-pin");
    CK_CHECK_CONTAINS(p.out, "xvfb-run -a classkiosk kiosk --windowed");
    CK_CHECK_CONTAINS(p.out, "SIGTERM");
    CK_CHECK_INT(RUN(&p, "--help"), 0);
    CK_CHECK_CONTAINS(p.out, "kiosk ");
    CK_CHECK_INT(RUN(&p, "--db", db, "kiosk", "--size", "800x600"), 2);
    CK_CHECK_CONTAINS(p.err, "add --windowed");
    CK_CHECK_INT(RUN(&p, "--db", db, "kiosk", "--windowed", "--size", "100x80"), 2);
    CK_CHECK_CONTAINS(p.err, "is not a window size");
    CK_CHECK_INT(RUN(&p, "--db", db, "kiosk", "--windowed", "--size", "1280x"), 2);
    CK_CHECK_INT(RUN(&p, "--db", db, "kiosk", "--inactivity", "2"), 2);
    CK_CHECK_CONTAINS(p.err, "--inactivity \"2\" must be a whole number from 5 to 3600");
    CK_CHECK_INT(RUN(&p, "--db", db, "kiosk", "--frobnicate"), 2);
    CK_CHECK_INT(RUN(&p, "--db", ck_test_path("none.db"), "kiosk", "--windowed"), 1);
    CK_CHECK_CONTAINS(p.err, "none.db");
    ck_proc_clear(&p);
}

/* No DISPLAY, no WAYLAND_DISPLAY, no SDL_VIDEODRIVER: a clear message and a command. */
static void no_display(void)
{
    ck_proc p = {0};
    const char *db = station();
    const char *argv[] = {
        "env",  "-u", "DISPLAY", "-u", "WAYLAND_DISPLAY", "-u", "SDL_VIDEODRIVER", ck_test_binary(),
        "--db", db,   "kiosk",   NULL};
    ck_proc_clear(&p);
    CK_CHECK_INT(ck_test_exec(&p, NULL, argv), 1);
    CK_CHECK_CONTAINS(p.err, "the kiosk cannot open its window");
    CK_CHECK_CONTAINS(p.err, "There is no display here");
    char want[4300];
    snprintf(want, sizeof want, "xvfb-run -a classkiosk --db %s kiosk --windowed", db);
    CK_CHECK_CONTAINS(p.err, want);
    CK_CHECK_NOT_CONTAINS(p.out, "kiosk running");
    ck_proc_clear(&p);
}

/* Start the binary with env vars set, read its stdout until want appears (or timeout_ms). */
typedef struct child {
    pid_t pid;
    int out;
    char buf[4096];
    size_t len;
} child;

static bool start(child *c, const char *const *argv, const char *const *env)
{
    int fds[2];
    memset(c, 0, sizeof *c);
    if (pipe(fds) != 0)
        return false;
    c->pid = fork();
    if (c->pid == 0) {
        dup2(fds[1], 1);
        close(fds[0]);
        close(fds[1]);
        for (int i = 0; env[i]; i += 2) {
            if (env[i + 1])
                setenv(env[i], env[i + 1], 1);
            else
                unsetenv(env[i]);
        }
        execvp(argv[0], (char *const *)argv);
        _exit(127);
    }
    close(fds[1]);
    c->out = fds[0];
    return c->pid > 0;
}

static bool wait_output(child *c, const char *want, int timeout_ms)
{
    for (int waited = 0; waited < timeout_ms && !strstr(c->buf, want); waited += 50) {
        struct pollfd pf = {.fd = c->out, .events = POLLIN};
        if (poll(&pf, 1, 50) > 0) {
            ssize_t n = read(c->out, c->buf + c->len, sizeof c->buf - 1 - c->len);
            if (n <= 0)
                break;
            c->len += (size_t)n;
            c->buf[c->len] = '\0';
        }
    }
    return strstr(c->buf, want) != NULL;
}

/* Wait up to timeout_ms for the child to end; its status, or -1 (then it is killed). */
static int finish(child *c, int timeout_ms)
{
    int status = -1;
    for (int waited = 0; waited < timeout_ms; waited += 20) {
        pid_t r = waitpid(c->pid, &status, WNOHANG);
        if (r == c->pid) {
            close(c->out);
            return status;
        }
        usleep(20000);
    }
    kill(c->pid, SIGKILL);
    waitpid(c->pid, &status, 0);
    close(c->out);
    return -1;
}

/* systemctl stop: SIGTERM ends the kiosk at once, whatever screen it shows. */
static void sigterm_ends_it(void)
{
    const char *db = station();
    const char *argv[] = {ck_test_binary(), "--db", db, "kiosk", "--windowed", "--software", NULL};
#if defined(__SANITIZE_ADDRESS__)
    const char *driver = "dummy";
#else
    const char *driver = "offscreen";
#endif
    const char *env[] = {"SDL_VIDEODRIVER", driver, NULL, NULL};
    child c;
    CK_CHECK(start(&c, argv, env));
    bool up = wait_output(&c, "kiosk running in a window at 1280x800", 30000);
    CK_CHECK(up);
    if (!up)
        printf("its output: %s\n", c.buf);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    kill(c.pid, SIGTERM);
    int status = finish(&c, 5000);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    CK_CHECK(status != -1 && WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM);
    double ms = (double)(t1.tv_sec - t0.tv_sec) * 1000 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
    printf("SIGTERM ended the kiosk in %.0f ms\n", ms);
    CK_CHECK(ms < 2000);
}

/* A real X server: SDL's x11 driver, a window of the asked size, and full screen at the
 * screen's size. */
static void on_xvfb(void)
{
    ck_proc p = {0};
    const char *which[] = {"sh", "-c", "command -v xvfb-run && command -v Xvfb", NULL};
    ck_proc_clear(&p);
    if (ck_test_exec(&p, NULL, which) != 0) {
        printf("skipped: xvfb-run and Xvfb are not installed (scripts/deps test)\n");
        ck_proc_clear(&p);
        return;
    }
    const char *db = station();
    /* timeout sends SIGTERM after 4 s: the kiosk must be up and drawing by then. */
    const char *windowed[] = {"xvfb-run",
                              "-a",
                              "-s",
                              "-screen 0 1920x1080x24",
                              "timeout",
                              "-s",
                              "TERM",
                              "4",
                              ck_test_binary(),
                              "--db",
                              db,
                              "kiosk",
                              "--windowed",
                              "--size",
                              "800x1280",
                              "--software",
                              NULL};
    const char *full[] = {"xvfb-run",       "-a",   "-s",   "-screen 0 1024x600x24",
                          "timeout",        "-s",   "TERM", "4",
                          ck_test_binary(), "--db", db,     "kiosk",
                          "--software",     NULL};
    unsetenv("SDL_VIDEODRIVER");
    ck_proc_clear(&p);
    CK_CHECK_INT(ck_test_exec(&p, NULL, windowed), 124);
    CK_CHECK_CONTAINS(p.out, "kiosk running in a window at 800x1280");
    ck_proc_clear(&p);
    CK_CHECK_INT(ck_test_exec(&p, NULL, full), 124);
    CK_CHECK_CONTAINS(p.out, "kiosk running full screen at 1024x600");
    ck_proc_clear(&p);
}

int main(int argc, char **argv)
{
    ck_test_init(argc, argv);
    CK_RUN(help_and_options);
    CK_RUN(no_display);
    CK_RUN(sigterm_ends_it);
    CK_RUN(on_xvfb);
    return ck_test_done();
}
