/* The kiosk's last day: check out → license (scrolled to the end by finger) → accept → the
 * certificate issued and printed, or the printer needing attention; Decline recorded; not
 * eligible explained; certificate QR codes scanned at the kiosk: VALID, altered, revoked. */
#include "cups_rig.h"
#include "kiosk_rig.h"
#include "store/store.h"

/* The person's latest decision, read through a store connection of the test's own. */
static int64_t acceptance(krig *g, int64_t who, ck_acceptance_rec *out)
{
    ck_err err = {0};
    ck_store *st = NULL;
    if (ck_store_open(&st, g->db, CK_STORE_EXISTING, &err) != CK_OK ||
        ck_store_acceptance_latest(st, who, out, &err) != CK_OK) {
        ck_test_fail(__FILE__, __LINE__, "no decision stored: %s", err.msg);
        ck_store_close(st);
        return 0;
    }
    ck_store_close(st);
    return out->id;
}

static int current_license(krig *g)
{
    ck_license_rec lic = {0};
    ck_err err = {0};
    CK_CHECK_INT(ck_app_license_current(g->app, &lic, &err), CK_OK);
    int v = lic.version;
    ck_license_rec_clear(&lic);
    return v;
}

/* The certificate of who, or "" (copied into id). */
static bool cert_of(krig *g, int64_t who, char id[CK_CERT_ID_MAX], char **token)
{
    ck_cert_rec *list = NULL;
    size_t n = 0;
    ck_err err = {0};
    bool found = false;
    CK_CHECK_INT(ck_app_cert_list(g->app, &list, &n, &err), CK_OK);
    for (size_t i = 0; i < n && !found; i++)
        if (list[i].attendee_id == who) {
            snprintf(id, CK_CERT_ID_MAX, "%s", list[i].id);
            if (token)
                *token = strdup(list[i].token);
            found = true;
        }
    ck_cert_list_free(list, n);
    return found;
}

static bool job_for(krig *g, const char *cert_id, ck_job_rec *out)
{
    ck_job_rec *jobs = NULL;
    size_t n = 0;
    ck_err err = {0};
    bool found = false;
    CK_CHECK_INT(ck_app_print_jobs(g->app, &jobs, &n, &err), CK_OK);
    for (size_t i = 0; i < n && !found; i++)
        if (strcmp(jobs[i].cert_id, cert_id) == 0) {
            *out = jobs[i];
            found = true;
        }
    free(jobs);
    return found;
}

static void last_day_flow(int w, int h)
{
    krig g;
    if (!rig_station(&g, "lastday", "2026-11-25 08:00"))
        return;
    int64_t zoe = rig_person(&g, "zoe@example.org"), amelie = rig_person(&g, "amelie@example.fr");
    int64_t chidi = rig_person(&g, "chidi@example.ng");
    rig_attend(&g, zoe, "2026-11-25", "08:50", "17:05");
    rig_attend(&g, zoe, "2026-11-26", "08:55", NULL);
    rig_attend(&g, amelie, "2026-11-25", "08:58", "17:01");
    rig_attend(&g, amelie, "2026-11-26", "08:59", NULL);
    rig_attend(&g, chidi, "2026-11-26", "09:00", NULL); /* missed day 1 */
    rig_set(&g, "2026-11-26 17:02");
    if (!rig_kiosk(&g, w, h, NULL))
        return;

    /* Zoë: check out, read, accept; the certificate is issued and its job recorded. */
    if (rig_to_license(&g, "zoe", "Zoë Ångström-Núñez")) {
        RIG_SAYS(&g, "the end is not reached yet");
        CK_CHECK(!rig_has(&g, "I accept")); /* not before the end */
        CK_CHECK(rig_has(&g, "Decline"));
        rig_shot(&g, "license");
        rig_read_license(&g, "license-reading");
        rig_shot(&g, "license-end");
        RIG_TAP(&g, "I accept");
        RIG_SCREEN(&g, "done");
        RIG_SAYS(&g, "Preparing your certificate");
        rig_shot(&g, "done-preparing");
        RIG_SETTLE(&g);
        RIG_SAYS(&g, "The printer needs attention");
        RIG_SAYS(&g, "Your certificate is saved — your trainer can reprint it.");
        rig_shot(&g, "done-attention");
    }
    ck_acceptance_rec a;
    if (acceptance(&g, zoe, &a)) {
        CK_CHECK_INT(a.decision, CK_DECISION_ACCEPT);
        CK_CHECK_INT(a.version, current_license(&g));
        CK_CHECK_INT(a.source, CK_SOURCE_KIOSK);
    }
    CK_CHECK_INT(rig_events(&g, zoe, CK_EVENT_OUT, CK_SOURCE_KIOSK), 1);
    char id[CK_CERT_ID_MAX], zoe_cert[CK_CERT_ID_MAX] = "";
    char *token = NULL;
    ck_job_rec job;
    bool has = cert_of(&g, zoe, zoe_cert, &token);
    snprintf(id, sizeof id, "%s", zoe_cert);
    CK_CHECK(has);
    if (has) {
        RIG_SAYS(&g, id);
        CK_CHECK(job_for(&g, id, &job));
        /* Sent once and refused (there is no such printer): kept queued, with why, to retry. */
        CK_CHECK_INT(job.state, CK_JOB_QUEUED);
        CK_CHECK(job.attempts >= 1);
        CK_CHECK_INT(job.cups_job, 0);
        CK_CHECK(job.last_error[0] != '\0');
        CK_CHECK_STR(job.printer, RIG_NO_PRINTER);
        CK_CHECK(access(job.path, R_OK) == 0); /* the PDF is there to reprint */
    }
    RIG_TAP(&g, "Done");
    RIG_SCREEN(&g, "welcome");

    /* Amélie declines: recorded; no certificate. Then she changes her mind. */
    rig_advance(&g, 60000);
    if (rig_to_license(&g, "amelie", "Amélie Dubois")) {
        RIG_TAP(&g, "Decline");
        RIG_SCREEN(&g, "message");
        RIG_SAYS(&g, "You declined the license agreement");
        rig_shot(&g, "declined");
    }
    if (acceptance(&g, amelie, &a)) {
        CK_CHECK_INT(a.decision, CK_DECISION_DECLINE);
        CK_CHECK_INT(a.source, CK_SOURCE_KIOSK);
        CK_CHECK_INT(a.version, current_license(&g));
    }
    CK_CHECK(!cert_of(&g, amelie, id, NULL));
    RIG_TAP(&g, "Done");
    RIG_SCREEN(&g, "welcome");
    /* Her way back: her name, then the license and certificate button. */
    RIG_TAP(&g, "Tap to check in or out");
    rig_type(&g, "amelie");
    rig_run(&g, 32);
    RIG_TAP(&g, "Amélie Dubois");
    RIG_SCREEN(&g, "confirm");
    rig_shot(&g, "confirm-after-checkout");
    if (RIG_TAP(&g, "License and certificate") && RIG_SCREEN(&g, "license")) {
        rig_read_license(&g, "license-reading");
        RIG_TAP(&g, "I accept");
        RIG_SCREEN(&g, "done");
        RIG_SETTLE(&g);
        RIG_SAYS(&g, "The printer needs attention");
    }
    CK_CHECK(cert_of(&g, amelie, id, NULL));
    RIG_TAP(&g, "Done");

    /* Chidi missed day 1: accepted, but the reasons, and no certificate. */
    if (rig_to_license(&g, "chidi", "Chidi Okafor")) {
        rig_read_license(&g, "license-reading");
        RIG_TAP(&g, "I accept");
        RIG_SCREEN(&g, "done");
        RIG_SETTLE(&g);
        RIG_SAYS(&g, "Your certificate cannot be issued yet");
        RIG_SAYS(&g, "Day 1: no attendance recorded.");
        RIG_SAYS(&g, "Please see your trainer.");
        rig_shot(&g, "done-not-eligible");
    }
    CK_CHECK(!cert_of(&g, chidi, id, NULL));
    RIG_TAP(&g, "Done");

    /* Zoë's certificate scanned at the kiosk: VALID, with what it says. */
    char *qr = NULL;
    ck_err err = {0};
    if (token && ck_app_cert_qr_text(g.app, token, &qr, &err) == CK_OK) {
        rig_scan(&g, qr);
        RIG_SCREEN(&g, "verify");
        RIG_SAYS(&g, "VALID\n");
        RIG_SAYS(&g, "Zoë Ångström-Núñez");
        RIG_SAYS(&g, "Certified Scrum Product Owner (demo)");
        RIG_SAYS(&g, "25–26 November 2026");
        rig_shot(&g, "verify-valid");
        RIG_TAP(&g, "Close");
        RIG_SCREEN(&g, "welcome");
        /* One digit pair of the signed part changed: a forgery. */
        char *bad = strdup(qr);
        size_t len = strlen(bad);
        for (size_t i = len / 2; i + 1 < len; i += 2)
            if (bad[i] == '1' && bad[i + 1] >= '0' && bad[i + 1] <= '8') {
                bad[i + 1]++; /* another base64url letter */
                break;
            }
        rig_scan(&g, bad);
        RIG_SCREEN(&g, "verify");
        RIG_SAYS(&g, "INVALID");
        CK_CHECK_NOT_CONTAINS(rig_text(&g), "Zoë"); /* a forged code's claims are not shown */
        rig_shot(&g, "verify-invalid");
        /* A scan while someone types their name: the code, not a search. */
        RIG_TAP(&g, "Close");
        RIG_TAP(&g, "Tap to check in or out");
        rig_type(&g, "ab");
        rig_scan(&g, qr);
        RIG_SCREEN(&g, "verify");
        RIG_SAYS(&g, "VALID\n");
        RIG_TAP(&g, "Close");
        /* Revoked: still the claims, and why it fails. */
        CK_CHECK_INT(ck_app_cert_revoke(g.app, zoe_cert, "issued by mistake", &err), CK_OK);
        rig_scan(&g, qr);
        RIG_SCREEN(&g, "verify");
        RIG_SAYS(&g, "INVALID");
        RIG_SAYS(&g, "revoked");
        rig_shot(&g, "verify-revoked");
        free(bad);
    } else {
        ck_test_fail(__FILE__, __LINE__, "no QR text for the certificate: %s", err.msg);
    }
    free(qr);
    free(token);
    rig_close(&g);
}

static void last_day_1280x800(void)
{
    last_day_flow(1280, 800);
}

static void last_day_800x1280(void)
{
    last_day_flow(800, 1280);
}

/* With a real CUPS queue (cups-pdf): "printing", then "has been printed" once CUPS says so,
 * while the screen stays responsive. */
static void printed(void)
{
    char why[512];
    if (!ck_cups_rig_ready(why, sizeof why)) {
        printf("skipped: %s\n", why);
        return;
    }
    krig g;
    if (!rig_station(&g, "printed", "2026-11-25 08:00"))
        return;
    int64_t jurgen = rig_person(&g, "juergen.weiss@example.de");
    rig_attend(&g, jurgen, "2026-11-25", "08:45", "17:10");
    rig_attend(&g, jurgen, "2026-11-26", "08:45", "17:10");
    ck_err err = {0};
    ck_decision_req d = {
        .attendee_id = jurgen, .decision = CK_DECISION_ACCEPT, .source = CK_SOURCE_SELF};
    CK_CHECK_INT(ck_app_license_decide(g.app, &d, &err), CK_OK);
    rig_set(&g, "2026-11-26 17:15");
    if (!rig_kiosk(&g, 1280, 800, CK_CUPS_RIG_QUEUE))
        return;
    RIG_PUMP(&g);
    RIG_TAP(&g, "Tap to check in or out");
    rig_type(&g, "jurgen");
    rig_run(&g, 32);
    RIG_TAP(&g, "Jürgen Weiß");
    RIG_SCREEN(&g, "confirm");
    RIG_TAP(&g, "Get my certificate");
    RIG_SCREEN(&g, "done");
    RIG_SETTLE(&g);
    RIG_SAYS(&g, "Your certificate is");
    rig_shot(&g, "done-printing");
    /* The worker follows the job with CUPS; the loop keeps drawing meanwhile. */
    for (int i = 0; i < 600 && !strstr(rig_text(&g), "has been printed"); i++) {
        usleep(50000);
        rig_run(&g, 16);
    }
    RIG_SAYS(&g, "Your certificate has been printed");
    rig_shot(&g, "done-printed");
    char id[CK_CERT_ID_MAX];
    ck_job_rec job;
    bool has = cert_of(&g, jurgen, id, NULL);
    CK_CHECK(has);
    if (has && job_for(&g, id, &job)) {
        CK_CHECK_INT(job.state, CK_JOB_COMPLETED);
        char *pdf = ck_cups_rig_output(job.cups_job, 20000);
        CK_CHECK(pdf != NULL);
        free(pdf);
    }
    rig_close(&g);
}

int main(int argc, char **argv)
{
    ck_test_init(argc, argv);
    CK_RUN(last_day_1280x800);
    CK_RUN(last_day_800x1280);
    CK_RUN(printed);
    return ck_test_done();
}
