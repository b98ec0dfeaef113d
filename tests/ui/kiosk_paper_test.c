/* The kiosk and the trainer's paperwork: a badge printed on a label sheet, decoded from the
 * PDF and scanned, opens that person's Confirm (a made-up code nobody's); the Done screen's
 * "E-mail it to me" sends the certificate to the roster's address, shown masked, through a
 * real SMTP server; trainer mode prints the attendance register on the worker and follows
 * the job. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "cups_rig.h"
#include "kiosk_rig.h"
#include "smtp_rig.h"

/* The one QR code of page 1 of pdf, read at 300 dpi; into out. */
static bool code_of(const char *pdf, char *out, size_t n)
{
    ck_proc p = {0};
    char base[4096], png[4200];
    snprintf(base, sizeof base, "%s/badge", ck_test_tmpdir());
    const char *render[] = {"pdftoppm", "-r", "300", "-png", "-singlefile", pdf, base, NULL};
    snprintf(png, sizeof png, "%s.png", base);
    const char *decode[] = {"zbarimg", "--raw", "-q", png, NULL};
    bool ok = ck_test_exec(&p, NULL, render) == 0 && ck_test_exec(&p, NULL, decode) == 0;
    snprintf(out, n, "%.*s", ok ? (int)strcspn(p.out, "\n") : 0, ok ? p.out : "");
    ck_proc_clear(&p);
    return ok && *out;
}

static void badge_from_the_sheet(void)
{
    krig g;
    ck_err err = {0};
    if (!rig_station(&g, "badges", "2026-11-25 08:40") || !rig_kiosk(&g, 1280, 800, NULL))
        return;
    int64_t zoe = rig_person(&g, "zoe@example.org");
    /* Zoë's badge on its own sheet, as the printer would get it. */
    ck_badge_result br;
    ck_badge_opts bo = {.out = ck_test_path("zoe.pdf"), .who = &zoe, .nwho = 1};
    CK_CHECK_INT(ck_app_badges(g.app, &bo, &br, &err), CK_OK);
    char code[CK_APP_BADGE_CODE_MAX];
    if (!code_of(ck_test_path("zoe.pdf"), code, sizeof code)) {
        /* With the tools there, a sheet whose code cannot be read is the failure this finds. */
        if (ck_test_have("pdftoppm") && ck_test_have("zbarimg"))
            ck_test_fail(__FILE__, __LINE__, "no code read from Zoë's badge sheet");
        else
            printf("skipped: pdftoppm and zbarimg are needed to read the badge\n");
        rig_close(&g);
        return;
    }
    RIG_PUMP(&g);
    rig_scan(&g, code);
    RIG_SCREEN(&g, "confirm");
    RIG_SAYS(&g, "Zoë");
    rig_shot(&g, "badge-confirm");
    RIG_TAP(&g, "Check in");
    RIG_SCREEN(&g, "checked");
    CK_CHECK_INT(rig_events(&g, zoe, CK_EVENT_IN, CK_SOURCE_KIOSK), 1);
    RIG_TAP(&g, "Done");
    /* A made-up code of the same shape: nobody. */
    code[12] = code[12] == '5' ? '6' : '5';
    rig_scan(&g, code);
    RIG_SCREEN(&g, "message");
    RIG_SAYS(&g, "We could not find that badge");
    rig_shot(&g, "badge-made-up");
    rig_close(&g);
}

/* Zoë through both days, at the end of the last, at the kiosk's Done screen. */
static bool to_done(krig *g, int w, int h)
{
    int64_t zoe = rig_person(g, "zoe@example.org");
    rig_attend(g, zoe, "2026-11-25", "08:50", "17:05");
    rig_attend(g, zoe, "2026-11-26", "08:55", NULL);
    rig_set(g, "2026-11-26 17:02");
    if (!rig_kiosk(g, w, h, NULL) || !rig_to_license(g, "zoe", "Zoë Ångström-Núñez"))
        return false;
    rig_read_license(g, "license-reading");
    RIG_TAP(g, "I accept");
    RIG_SCREEN(g, "done");
    RIG_SETTLE(g);
    return true;
}

static void mail_it_to_me(void)
{
    krig g;
    ck_err err = {0};
    ck_smtp_rig smtp;
    if (!ck_test_python("aiosmtpd")) {
        printf("skipped: python3-aiosmtpd is needed for the SMTP server (scripts/deps test)\n");
        return;
    }
    if (!rig_station(&g, "mail", "2026-11-25 08:00") ||
        !ck_smtp_rig_start(&smtp, ck_test_path("mbox"), 0, NULL))
        return;
    CK_CHECK_INT(ck_app_config_set(g.app, "smtp", smtp.url, &err), CK_OK);
    CK_CHECK_INT(ck_app_config_set(g.app, "mail-from", "courses@example.org", &err), CK_OK);
    if (to_done(&g, 1280, 800)) {
        /* The address on the roster, masked: the screen never shows it whole. */
        RIG_SAYS(&g, "Your certificate is saved");
        CK_CHECK(rig_has(&g, "E-mail it to me"));
        RIG_SAYS(&g, "z•••@example.org, the address on the roster");
        CK_CHECK_NOT_CONTAINS(rig_text(&g), "zoe@example.org");
        rig_shot(&g, "done-mail");
        RIG_TAP(&g, "E-mail it to me");
        RIG_SETTLE(&g);
        RIG_UNTIL_SAYS(&g, "Sent to z•••@example.org.");
        CK_CHECK(!rig_has(&g, "E-mail it to me")); /* once is enough */
        rig_shot(&g, "done-mailed");
        CK_CHECK_INT(ck_smtp_rig_count(&smtp), 1);
        char *msg = ck_smtp_rig_message(&smtp, 1);
        CK_CHECK_CONTAINS(msg, "<zoe@example.org>");
        CK_CHECK_CONTAINS(msg, "Content-Type: application/pdf");
        free(msg);
        ck_mail_rec *list = NULL;
        size_t n = 0;
        CK_CHECK_INT(ck_app_mail_list(g.app, &list, &n, &err), CK_OK);
        CK_CHECK_INT(n, 1);
        if (n)
            CK_CHECK_INT(list[0].state, CK_MAIL_SENT);
        free(list);
    }
    rig_close(&g);
    ck_smtp_rig_stop(&smtp);

    /* The server down: the message waits in the outbox and the kiosk says it will go. (A
     * server of its own, never talked to, so its port has no closed connections lingering
     * and can be kept while it is down.) */
    if (!ck_smtp_rig_start(&smtp, ck_test_path("mbox-down"), 0, NULL))
        return;
    int kept = ck_smtp_rig_down(&smtp);
    if (kept < 0)
        return;
    if (!rig_station(&g, "maildown", "2026-11-25 08:00")) {
        close(kept);
        return;
    }
    CK_CHECK_INT(ck_app_config_set(g.app, "smtp", smtp.url, &err), CK_OK);
    CK_CHECK_INT(ck_app_config_set(g.app, "mail-from", "courses@example.org", &err), CK_OK);
    if (to_done(&g, 800, 1280)) {
        RIG_TAP(&g, "E-mail it to me");
        RIG_SETTLE(&g);
        RIG_UNTIL_SAYS(&g, "It goes to z•••@example.org as soon as the mail server answers");
        rig_shot(&g, "done-mail-waits");
    }
    rig_close(&g);
    close(kept);
}

/* A mail server that takes the connection and never says a word: the message waits with its
 * sender, while the worker goes on checking PINs and making certificates, and closing the
 * kiosk ends the send at once, the message kept in the outbox to be sent later. */
static void mail_server_that_never_answers(void)
{
    krig g;
    ck_err err = {0};
    int mute = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_in at = {.sin_family = AF_INET};
    socklen_t len = sizeof at;
    at.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    /* Listening, never accepting: the kernel completes the connection and nothing answers. */
    if (mute < 0 || bind(mute, (struct sockaddr *)&at, sizeof at) != 0 || listen(mute, 8) != 0 ||
        getsockname(mute, (struct sockaddr *)&at, &len) != 0) {
        ck_test_fail(__FILE__, __LINE__, "cannot make the silent server: %s", strerror(errno));
        return;
    }
    char url[64];
    snprintf(url, sizeof url, "smtp://127.0.0.1:%d", ntohs(at.sin_port));
    if (!rig_station(&g, "mailmute", "2026-11-25 08:00"))
        return;
    CK_CHECK_INT(ck_app_config_set(g.app, "smtp", url, &err), CK_OK);
    CK_CHECK_INT(ck_app_config_set(g.app, "mail-from", "courses@example.org", &err), CK_OK);
    if (to_done(&g, 1280, 800)) {
        RIG_TAP(&g, "E-mail it to me");
        RIG_SETTLE(&g); /* the worker queued it and is free */
        RIG_SAYS(&g, "Sending it to z•••@example.org");
        rig_shot(&g, "done-mail-sending");
        /* The trainer's PIN is checked on the worker meanwhile (Argon2id), and trainer mode
         * opens: nothing there waits for the mail server. */
        RIG_TAP(&g, "Done");
        RIG_SETTLE(&g);
        rig_open_trainer(&g);
        CK_CHECK(rig_has(&g, "Print the attendance register"));
    }
    rig_close_kiosk(&g); /* ends the send under way */
    ck_mail_rec *list = NULL;
    size_t n = 0;
    CK_CHECK_INT(ck_app_mail_list(g.app, &list, &n, &err), CK_OK);
    CK_CHECK_INT(n, 1);
    if (n) {
        CK_CHECK_INT(list[0].state, CK_MAIL_QUEUED);
        CK_CHECK_CONTAINS(list[0].last_error, "because the station is closing");
        CK_CHECK_INT(list[0].attempts, 0); /* the station stopped it: no try of the server */
    }
    free(list);
    rig_close(&g);
    close(mute);
}

static void register_from_trainer_mode(void)
{
    krig g;
    char why[256];
    bool cups = ck_cups_rig_ready(why, sizeof why);
    if (!rig_station(&g, "register", "2026-11-25 12:00") ||
        !rig_kiosk(&g, 1280, 800, cups ? CK_CUPS_RIG_QUEUE : NULL))
        return;
    RIG_PUMP(&g);
    rig_open_trainer(&g);
    CK_CHECK(rig_has(&g, "Print the attendance register"));
    rig_shot(&g, "trainer");
    RIG_TAP(&g, "Print the attendance register");
    RIG_SAYS(&g, "Making the attendance register");
    RIG_SETTLE(&g);
    if (cups) {
        /* CUPS has it: followed until it printed, the PDF the register. */
        for (int i = 0; i < 200 && strcmp(ck_kiosk_screen(g.k), "message") != 0; i++) {
            usleep(50000);
            rig_run(&g, 64);
        }
        RIG_SCREEN(&g, "message");
        RIG_SAYS(&g, "The attendance register has been printed");
    } else {
        printf("printing skipped (%s): the register for a printer that is not there\n", why);
        RIG_SCREEN(&g, "message");
        RIG_SAYS(&g, "The printer needs attention");
        RIG_SAYS(&g, "kept and printed again once the printer works");
    }
    rig_shot(&g, "register-printed");
    ck_job_rec *jobs = NULL;
    size_t n = 0;
    ck_err err = {0};
    CK_CHECK_INT(ck_app_print_jobs(g.app, &jobs, &n, &err), CK_OK);
    CK_CHECK_INT(n, 1);
    if (n) {
        CK_CHECK(strstr(jobs[0].path, "/reports/register-") != NULL);
        CK_CHECK_CONTAINS(jobs[0].path, ".pdf");
        CK_CHECK(access(jobs[0].path, R_OK) == 0);
    }
    free(jobs);
    rig_close(&g);
}

int main(int argc, char **argv)
{
    ck_test_init(argc, argv);
    CK_RUN(badge_from_the_sheet);
    CK_RUN(mail_it_to_me);
    CK_RUN(mail_server_that_never_answers);
    CK_RUN(register_from_trainer_mode);
    return ck_test_done();
}
