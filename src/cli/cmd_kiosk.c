/* The kiosk command: the touchscreen face of the station, full screen by default. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "core/number.h"
#include "ui/kiosk.h"

static const ck_opt KIOSK_OPTS[] = {
    {"windowed", NULL, false, N_("a window instead of the whole screen (to try it out)")},
    {"size", "WxH", false, N_("with --windowed: the window's size (default 1280x800)")},
    {"inactivity", "SECONDS", false,
     N_("back to the welcome screen after this long untouched (default 30; trainer mode 120)")},
    {"printer", "NAME", false,
     N_("CUPS printer for certificates (default: the course's, the setting, the system's)")},
    {"out", "DIR", false,
     N_("folder for certificate PDFs (default: certificates/ beside the database)")},
    {"software", NULL, false,
     N_("draw with SDL's software renderer (the default on a machine without a GPU)")},
    {NULL, NULL, false, NULL},
};

/* The kiosk's clock: the system's, or CLASSKIOSK_NOW moving on from its start so that
 * animations and timeouts still run in a demo. */
typedef struct kiosk_clock {
    int64_t base_ms; /* 0: the system clock */
    struct timespec start;
} kiosk_clock;

static int64_t clock_ms(void *ctx)
{
    const kiosk_clock *c = ctx;
    struct timespec ts;
    if (!c->base_ms) {
        clock_gettime(CLOCK_REALTIME, &ts);
        return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
    }
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return c->base_ms + ((int64_t)ts.tv_sec - c->start.tv_sec) * 1000 +
           (ts.tv_nsec - c->start.tv_nsec) / 1000000;
}

static int64_t clock_s(void *ctx)
{
    return clock_ms(ctx) / 1000;
}

static bool parse_size(ck_cli *cli, const ck_cmd *cmd, const char *text, int *w, int *h)
{
    char width[8] = "";
    const char *x = strpbrk(text, "xX");
    size_t wlen = x ? (size_t)(x - text) : 0;
    long long vw = 0, vh = 0;
    bool ok = x && wlen < sizeof width;
    if (ok)
        memcpy(width, text, wlen);
    ok = ok && ck_number_int(&vw, width, 320, 16384) && ck_number_int(&vh, x + 1, 240, 16384);
    if (!ok) {
        ck_cli_usage_error(cli, cmd,
                           "--size \"%s\" is not a window size; write WIDTHxHEIGHT, e.g. "
                           "1280x800 or 800x1280, from 320x240 to 16384x16384",
                           text);
        return false;
    }
    *w = (int)vw;
    *h = (int)vh;
    return true;
}

/* Say why no window could be opened, and a command that works. */
static int no_window(ck_cli *cli, const ck_err *err)
{
    const char *db = ck_app_db_path(cli->app);
    char why[1024];
    fprintf(cli->errout, "%s: ", cli->prog);
    fprintf(cli->errout, _("the kiosk cannot open its window: %s"),
            ck_cli_text(cli, ck_err_word(err, ck_cli_lang(), why, sizeof why)));
    fputc('\n', cli->errout);
    if (ck_kiosk_display_missing())
        fprintf(cli->errout,
                _("There is no display here: DISPLAY and WAYLAND_DISPLAY are not set.\n"
                  "Run it in a graphical session, on a station under a kiosk compositor\n"
                  "(cage -- %s --db %s kiosk), or try it without a screen:\n"
                  "  xvfb-run -a %s --db %s kiosk --windowed"),
                cli->prog, db, cli->prog, db);
    else
        fprintf(cli->errout,
                _("Check that the display named by DISPLAY or WAYLAND_DISPLAY is running and\n"
                  "reachable, or try it without a screen:\n"
                  "  xvfb-run -a %s --db %s kiosk --windowed"),
                cli->prog, db);
    fputc('\n', cli->errout);
    return CK_EXIT_FAIL;
}

static int run_kiosk(ck_cli *cli, const ck_cmd *cmd, const ck_args *a)
{
    ck_err err = {0};
    ck_kiosk_opts o = {.windowed = ck_cli_flag(cmd, a, "windowed"),
                       .software = ck_cli_flag(cmd, a, "software"),
                       .printer = ck_cli_value(cmd, a, "printer"),
                       .out_dir = ck_cli_value(cmd, a, "out")};
    const char *size = ck_cli_value(cmd, a, "size");
    const char *idle = ck_cli_value(cmd, a, "inactivity");
    if (size && !o.windowed)
        return ck_cli_usage_error(cli, cmd,
                                  "--size sets the window's size; add --windowed (full screen "
                                  "takes the screen's size)");
    if (size && !parse_size(cli, cmd, size, &o.width, &o.height))
        return CK_EXIT_USAGE;
    if (idle) {
        long v;
        if (!ck_cli_int(cli, cmd, "inactivity", idle, 5, 3600, &v))
            return CK_EXIT_USAGE;
        o.inactivity_s = (int)v;
    }

    /* The app and the screens share one clock. CLASSKIOSK_NOW sets where it starts. */
    static kiosk_clock clk;
    int64_t fixed = 0;
    bool set = false;
    if (ck_app_clock_from_env(&fixed, &set, &err) != CK_OK)
        return ck_cli_fail(cli, &err);
    clk.base_ms = set ? fixed * 1000 : 0;
    clock_gettime(CLOCK_MONOTONIC, &clk.start);
    ck_app_options ao = cli->opt;
    ao.clock = clock_s;
    ao.clock_ctx = &clk;
    if (ck_app_open(&cli->app, &ao, CK_APP_EXISTING, &err) != CK_OK)
        return ck_cli_fail(cli, &err);
    o.now_ms = clock_ms;
    o.clock_ctx = &clk;

    ck_kiosk *k = NULL;
    ck_rc rc = ck_kiosk_new(&k, cli->app, &o, &err);
    if (rc == CK_EIO &&
        (ck_kiosk_display_missing() || strstr(err.msg, "display") || strstr(err.msg, "window")))
        return no_window(cli, &err);
    /* The first frame on screen, then the line that says the kiosk runs (a service manager
     * or a benchmark can count on the window showing Welcome by then). */
    if (rc == CK_OK)
        rc = ck_kiosk_pump(k, &err);
    if (rc != CK_OK) {
        ck_kiosk_free(k);
        return ck_cli_fail(cli, &err);
    }
    int w, h;
    ck_ui_size(ck_kiosk_ui(k), &w, &h);
    char printer[CK_TEXT_MAX];
    ck_app_print_target(cli->app, o.printer, printer, sizeof printer);
    const char *where = o.windowed ? _("in a window") : _("full screen");
    const char *queue = printer[0] ? printer : _("(the system's default)");
    fprintf(cli->out,
            _("kiosk running %s at %dx%d on %s; printer %s; F12 or a 2 s hold in the top-left "
              "corner opens trainer mode"),
            where, w, h, ck_app_db_path(cli->app), queue);
    fputc('\n', cli->out);
    fflush(cli->out);
    rc = ck_kiosk_run(k, &err);
    ck_kiosk_free(k);
    if (rc != CK_OK)
        return ck_cli_fail(cli, &err);
    fprintf(cli->out, "%s\n", _("kiosk closed from trainer mode"));
    return CK_EXIT_OK;
}

const ck_cmd ck_cli_kiosk_cmds[] = {
    {"kiosk",
     "[--windowed [--size WxH]] [--inactivity SECONDS] [--printer NAME] [--out DIR] "
     "[--software]",
     N_("run the touchscreen kiosk (full screen)"),
     N_("Attendees tap to find their name (or scan a badge), check in and out, read and accept\n"
        "the license on the last day and collect their certificate from the printer. Scanning\n"
        "a certificate's QR code shows whether it is valid. After --inactivity seconds without\n"
        "a touch the kiosk returns to the welcome screen.\n"
        "\n"
        "Trainer mode: hold the top-left corner for two seconds, or press F12, then enter the\n"
        "trainer PIN (set it with \"classkiosk trainer set-pin\"). It shows the roster live, "
        "checks\n"
        "people in or out with a reason, closes the day, prints and reprints certificates, shows\n"
        "the audit trail, and is the only way to leave: Escape, Alt+F4 and closing the window\n"
        "are ignored outside it. SIGTERM (systemctl stop) ends the kiosk at any time; everything\n"
        "recorded is already saved.\n"
        "\n"
        "It needs a display: a graphical session, or a kiosk compositor such as cage. To try it\n"
        "without one: xvfb-run -a classkiosk kiosk --windowed. CLASSKIOSK_NOW starts the clock\n"
        "at a given time for demos."),
     KIOSK_OPTS, 0, 0, CK_CLI_NO_DB, run_kiosk},
    {NULL, NULL, NULL, NULL, NULL, 0, 0, CK_CLI_NO_DB, NULL},
};
