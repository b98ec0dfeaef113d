/* Printing through a real CUPS scheduler: print/print.h against the cups-pdf queue CK-PDF set
 * up by scripts/test.d/20-cups; what cups-pdf writes is read back with scan/scan.h.
 * Skips (77), saying why, when no scheduler or queue is there. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ck_test.h"
#include "cups_rig.h"
#include "print/print.h"
#include "qr_rig.h"
#include "scan/scan.h"

#define QUEUE CK_CUPS_RIG_QUEUE
#define DONE_MS 30000

static ck_print *cups;

/* A certificate-like code: prefix and 900 digits, different for each call. */
static char *cert_text(void)
{
    static unsigned calls;
    char *s = malloc(8 + 900 + 1);
    unsigned x = (unsigned)getpid() * 7919u + ++calls;
    memcpy(s, "CKCERT:/", 8);
    for (int i = 0; i < 900; i++) {
        x = x * 1103515245u + 12345u;
        s[8 + i] = (char)('0' + (x >> 16) % 10);
    }
    s[908] = '\0';
    return s;
}

/* A PDF at tmp/name holding text as a QR code. */
static const char *cert_pdf(const char *name, const char *text)
{
    const char *path = ck_test_path(name);
    CK_CHECK(ck_qr_pdf(path, text, strlen(text), &(ck_qr_look){.module = 1.5}));
    return path;
}

/* Find what cups-pdf wrote for job, check its QR code is text, then delete it. */
static void expect_output(int job, const char *text)
{
    char *out = ck_cups_rig_output(job, 10000);
    CK_CHECK(out != NULL);
    if (!out) {
        fprintf(stderr, "  no cups-pdf output for job %d under %s\n", job, CK_CUPS_RIG_OUT);
        return;
    }
    ck_scan_list *list = NULL;
    ck_err err = {0};
    CK_CHECK_INT(ck_scan_file(&list, out, &err), CK_OK);
    if (list) {
        CK_CHECK_INT(list->kind, CK_SCAN_PDF);
        CK_CHECK_INT(list->count, 1);
        CK_CHECK_STR(list->codes[0].data, text);
    } else {
        fprintf(stderr, "  %s\n", err.msg);
    }
    ck_scan_list_free(list);
    unlink(out);
    free(out);
}

static void print_and_read_back(void)
{
    char *text = cert_text();
    const char *pdf = cert_pdf("cert.pdf", text);
    ck_err err = {0};
    int job = 0;
    CK_CHECK_INT(
        ck_print_submit(
            &job, cups,
            &(ck_print_request){.path = pdf, .printer = QUEUE, .title = "Certificate Ada Lovelace"},
            &err),
        CK_OK);
    CK_CHECK(job > 0);
    ck_print_job js;
    ck_rc rc = ck_print_wait(&js, cups, job, DONE_MS, &err);
    CK_CHECK_INT(rc, CK_OK);
    if (rc != CK_OK)
        fprintf(stderr, "  %s\n", err.msg);
    CK_CHECK_INT(js.state, CK_PRINT_JOB_COMPLETED);
    CK_CHECK_INT(js.id, job);
    CK_CHECK_STR(js.title, "Certificate Ada Lovelace");
    CK_CHECK_STR(js.printer.name, QUEUE);
    char want[64];
    snprintf(want, sizeof want, "job %d on %s is completed", job, QUEUE);
    CK_CHECK_STR(js.sentence, want);
    expect_output(job, text);
    free(text);
}

static void stopped_printer_holds_the_job(void)
{
    char *text = cert_text();
    const char *pdf = cert_pdf("held.pdf", text);
    ck_err err = {0};
    CK_CHECK(ck_cups_rig_admin("cupsdisable"));

    ck_print_printer ps;
    CK_CHECK_INT(ck_print_printer_status(&ps, cups, QUEUE, &err), CK_OK);
    CK_CHECK_INT(ps.state, CK_PRINTER_STOPPED);
    CK_CHECK(ps.accepting);
    CK_CHECK_CONTAINS(ps.reasons, "paused");
    CK_CHECK_CONTAINS(ps.sentence, "the printer " QUEUE " is stopped (paused by an operator)");
    CK_CHECK_CONTAINS(ps.sentence, "`cupsenable " QUEUE "`");
    printf("     %s\n", ps.sentence);

    int job = 0;
    CK_CHECK_INT(
        ck_print_submit(&job, cups, &(ck_print_request){.path = pdf, .printer = QUEUE}, &err),
        CK_OK);
    CK_CHECK(job > 0);
    /* It stays queued: the wait runs out and says why. */
    ck_print_job js;
    CK_CHECK_INT(ck_print_wait(&js, cups, job, 1500, &err), CK_EBUSY);
    CK_CHECK_INT(js.state, CK_PRINT_JOB_PENDING); /* waiting for the printer, not held back */
    CK_CHECK_CONTAINS(js.sentence, "is waiting: the printer " QUEUE " is stopped");
    CK_CHECK_CONTAINS(err.msg, "after 1.5 s, job ");
    CK_CHECK_INT(js.printer.state, CK_PRINTER_STOPPED);
    printf("     %s\n", err.msg);

    CK_CHECK(ck_cups_rig_admin("cupsenable"));
    CK_CHECK_INT(ck_print_wait(&js, cups, job, DONE_MS, &err), CK_OK);
    CK_CHECK_INT(js.state, CK_PRINT_JOB_COMPLETED);
    CK_CHECK_INT(js.printer.state == CK_PRINTER_STOPPED, 0);
    expect_output(job, text);
    free(text);
}

static void cancel_a_queued_job(void)
{
    const char *pdf = cert_pdf("cancel.pdf", "CKCERT:/1234");
    ck_err err = {0};
    CK_CHECK(ck_cups_rig_admin("cupsdisable"));
    int job = 0;
    CK_CHECK_INT(
        ck_print_submit(&job, cups, &(ck_print_request){.path = pdf, .printer = QUEUE}, &err),
        CK_OK);
    CK_CHECK_INT(ck_print_cancel(cups, job, &err), CK_OK);
    ck_print_job js;
    CK_CHECK_INT(ck_print_job_status(&js, cups, job, &err), CK_OK);
    CK_CHECK_INT(js.state, CK_PRINT_JOB_CANCELED);
    CK_CHECK_CONTAINS(js.sentence, "was canceled");
    CK_CHECK_INT(ck_print_wait(&js, cups, job, 1000, &err), CK_ESTATE);
    CK_CHECK_CONTAINS(err.msg, "was canceled");
    CK_CHECK_INT(ck_print_cancel(cups, job, &err), CK_ESTATE);
    CK_CHECK_CONTAINS(err.msg, "nothing left to cancel");
    CK_CHECK(ck_cups_rig_admin("cupsenable"));

    CK_CHECK_INT(ck_print_job_status(&js, cups, 99999999, &err), CK_ENOTFOUND);
    CK_CHECK_CONTAINS(err.msg, "no print job 99999999");
    CK_CHECK_INT(ck_print_cancel(cups, 99999999, &err), CK_ENOTFOUND);
}

static void rejecting_printer(void)
{
    const char *pdf = cert_pdf("rejected.pdf", "CKCERT:/42");
    ck_err err = {0};
    CK_CHECK(ck_cups_rig_admin("cupsreject"));
    int job = 0;
    CK_CHECK_INT(
        ck_print_submit(&job, cups, &(ck_print_request){.path = pdf, .printer = QUEUE}, &err),
        CK_ESTATE);
    CK_CHECK_INT(job, 0);
    CK_CHECK_CONTAINS(err.msg, "rejected.pdf cannot be printed now");
    CK_CHECK_CONTAINS(err.msg, "refuses new jobs until `cupsaccept " QUEUE "`");
    CK_CHECK(ck_cups_rig_admin("cupsaccept"));
}

static void missing_printer(void)
{
    const char *pdf = cert_pdf("lost.pdf", "CKCERT:/7");
    ck_err err = {0};
    int job = -1;
    CK_CHECK_INT(ck_print_submit(&job, cups,
                                 &(ck_print_request){.path = pdf, .printer = "NO-SUCH-PRINTER"},
                                 &err),
                 CK_ENOTFOUND);
    CK_CHECK_INT(job, 0);
    CK_CHECK_CONTAINS(err.msg, "no printer named NO-SUCH-PRINTER on the scheduler at ");
    CK_CHECK_CONTAINS(err.msg, QUEUE); /* the names there are */
    printf("     %s\n", err.msg);
    ck_print_printer ps;
    CK_CHECK_INT(ck_print_printer_status(&ps, cups, "NO-SUCH-PRINTER", &err), CK_ENOTFOUND);
    /* An instance without saved options is the queue itself, as lp has it. */
    CK_CHECK_INT(ck_print_submit(&job, cups,
                                 &(ck_print_request){.path = pdf, .printer = QUEUE "/plain"}, &err),
                 CK_OK);
    ck_print_job js;
    CK_CHECK_INT(ck_print_wait(&js, cups, job, DONE_MS, &err), CK_OK);
    CK_CHECK_STR(js.printer.name, QUEUE);
    expect_output(job, "CKCERT:/7");
}

static void default_printer(void)
{
    const char *pdf = cert_pdf("default.pdf", "CKCERT:/99");
    ck_err err = {0};
    int job = 0;
    unsetenv("PRINTER");
    setenv("LPDEST", QUEUE, 1);
    CK_CHECK_INT(ck_print_submit(&job, cups, &(ck_print_request){.path = pdf}, &err), CK_OK);
    ck_print_job js;
    CK_CHECK_INT(ck_print_wait(&js, cups, job, DONE_MS, &err), CK_OK);
    CK_CHECK_STR(js.printer.name, QUEUE);
    expect_output(job, "CKCERT:/99");
    ck_print_printer ps;
    CK_CHECK_INT(ck_print_printer_status(&ps, cups, NULL, &err), CK_OK);
    CK_CHECK_STR(ps.name, QUEUE);
    CK_CHECK(ps.is_default);
    ck_print_list *list = NULL;
    CK_CHECK_INT(ck_print_list_printers(&list, cups, &err), CK_OK);
    bool seen = false;
    for (size_t i = 0; list && i < list->count; i++) {
        if (strcmp(list->printers[i].name, QUEUE) == 0) {
            seen = true;
            CK_CHECK(list->printers[i].is_default);
            CK_CHECK(list->printers[i].accepting);
            CK_CHECK_INT(list->printers[i].state, CK_PRINTER_IDLE);
            CK_CHECK_STR(list->printers[i].info, "classkiosk test printer (cups-pdf)");
            CK_CHECK_CONTAINS(list->printers[i].sentence, "the printer " QUEUE " is ready");
        }
    }
    CK_CHECK(seen);
    ck_print_list_free(list);

    setenv("LPDEST", "GONE-PRINTER", 1);
    CK_CHECK_INT(ck_print_submit(&job, cups, &(ck_print_request){.path = pdf}, &err), CK_ENOTFOUND);
    CK_CHECK_CONTAINS(err.msg, "the default printer GONE-PRINTER (set by LPDEST) does not exist");
    unsetenv("LPDEST");

    /* With no default anywhere: only checkable when this machine has none. */
    ck_proc p = {0};
    const char *argv[] = {"lpstat", "-d", NULL};
    ck_test_exec(&p, NULL, argv);
    if (strstr(p.out, "no system default destination")) {
        CK_CHECK_INT(ck_print_submit(&job, cups, &(ck_print_request){.path = pdf}, &err),
                     CK_ENOTFOUND);
        CK_CHECK_CONTAINS(err.msg, "no default printer is set");
        CK_CHECK_CONTAINS(err.msg, "lpoptions -d");
    } else {
        printf("     (this machine has a default printer: \"%s\" not checked)\n",
               "no default printer is set");
    }
    ck_proc_clear(&p);
}

int main(int argc, char **argv)
{
    char why[1024];
    ck_test_init(argc, argv);
    if (!ck_cups_rig_ready(why, sizeof why)) {
        printf("skipped: %s\n", why);
        ck_test_done();
        return CK_TEST_SKIP;
    }
    ck_err err = {0};
    if (ck_print_open(&cups, NULL, &err) != CK_OK) {
        fprintf(stderr, "%s\n", err.msg);
        return 1;
    }
    CK_RUN(print_and_read_back);
    CK_RUN(stopped_printer_holds_the_job);
    CK_RUN(cancel_a_queued_job);
    CK_RUN(rejecting_printer);
    CK_RUN(missing_printer);
    CK_RUN(default_printer);
    /* Whatever failed above, leave the queue usable. */
    ck_cups_rig_admin("cupsenable");
    ck_cups_rig_admin("cupsaccept");
    ck_print_free(cups);
    return ck_test_done();
}
