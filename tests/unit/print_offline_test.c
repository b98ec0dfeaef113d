/* Printing without a scheduler: print/print.h's errors for bad input and an unreachable CUPS.
 * Needs no running cupsd, so it never skips. */
#include <stdlib.h>
#include <string.h>

#include "ck_test.h"
#include "print/print.h"
#include "qr_rig.h"

static const char url[] = "https://verify.example.org/c#5665614754";

static void open_and_server_names(void)
{
    ck_print *p = NULL;
    ck_err err = {0};
    CK_CHECK_INT(ck_print_open(&p, "printhost:8631", &err), CK_OK);
    CK_CHECK_STR(ck_print_server(p), "printhost:8631");
    ck_print_free(p);
    CK_CHECK_INT(ck_print_open(&p, "/run/x/cups.sock", &err), CK_OK);
    CK_CHECK_STR(ck_print_server(p), "/run/x/cups.sock");
    ck_print_free(p);
    CK_CHECK_INT(ck_print_open(&p, "[::1]:631", &err), CK_OK);
    CK_CHECK_STR(ck_print_server(p), "[::1]:631");
    ck_print_free(p);
    /* NULL: what libcups picks, here taken from CUPS_SERVER. */
    CK_CHECK_INT(ck_print_open(&p, NULL, &err), CK_OK);
    CK_CHECK(strlen(ck_print_server(p)) > 0);
    ck_print_free(p);

    p = (ck_print *)&p;
    CK_CHECK_INT(ck_print_open(&p, "printhost:port", &err), CK_EINVAL);
    CK_CHECK(p == NULL);
    CK_CHECK_CONTAINS(err.msg, "\"printhost:port\" is not a CUPS server");
    CK_CHECK_INT(ck_print_open(&p, "printhost:70000", &err), CK_EINVAL);
    CK_CHECK_INT(ck_print_open(NULL, NULL, &err), CK_EINVAL);
    ck_print_free(NULL);
    ck_print_list_free(NULL);
}

static void unreachable_scheduler(void)
{
    const char *pdf = ck_test_path("cert.pdf");
    CK_CHECK(ck_qr_pdf(pdf, url, strlen(url), NULL));
    const char *servers[] = {"/nonexistent/cups.sock", "127.0.0.1:9"};
    for (size_t i = 0; i < 2; i++) {
        ck_print *p = NULL;
        ck_err err = {0};
        CK_CHECK_INT(ck_print_open(&p, servers[i], &err), CK_OK);
        int job = -1;
        CK_CHECK_INT(ck_print_submit(&job, p, &(ck_print_request){.path = pdf}, &err), CK_EIO);
        CK_CHECK_INT(job, 0);
        CK_CHECK_CONTAINS(err.msg, "cannot reach the CUPS scheduler at ");
        CK_CHECK_CONTAINS(err.msg, servers[i]);
        CK_CHECK_CONTAINS(err.msg, "start it");

        ck_print_job js;
        CK_CHECK_INT(ck_print_job_status(&js, p, 12, &err), CK_EIO);
        ck_print_printer ps;
        CK_CHECK_INT(ck_print_printer_status(&ps, p, "CK-PDF", &err), CK_EIO);
        ck_print_list *list = (ck_print_list *)&list;
        CK_CHECK_INT(ck_print_list_printers(&list, p, &err), CK_EIO);
        CK_CHECK(list == NULL);
        CK_CHECK_INT(ck_print_cancel(p, 12, &err), CK_EIO);
        ck_print_free(p);
    }
}

static void bad_requests(void)
{
    ck_print *p = NULL;
    ck_err err = {0};
    CK_CHECK_INT(ck_print_open(&p, "/nonexistent/cups.sock", &err), CK_OK);
    const char *pdf = ck_test_path("cert.pdf");
    CK_CHECK(ck_qr_pdf(pdf, url, strlen(url), NULL));
    const char *png = ck_test_path("cert.png");
    CK_CHECK(ck_qr_png(png, url, strlen(url), NULL));
    const char *empty = ck_test_path("empty.pdf");
    CK_CHECK(ck_test_write_file(empty, ""));
    int job = -1;

    /* All refused before any connection is tried. */
    CK_CHECK_INT(ck_print_submit(&job, p, &(ck_print_request){.path = png}, &err), CK_EINVAL);
    CK_CHECK_CONTAINS(err.msg, "cert.png is not a PDF file");
    CK_CHECK_INT(ck_print_submit(&job, p, &(ck_print_request){.path = empty}, &err), CK_EINVAL);
    CK_CHECK_CONTAINS(err.msg, "empty.pdf is empty");
    CK_CHECK_INT(
        ck_print_submit(&job, p, &(ck_print_request){.path = ck_test_path("nope.pdf")}, &err),
        CK_ENOTFOUND);
    CK_CHECK_CONTAINS(err.msg, "nope.pdf does not exist");
    CK_CHECK_INT(ck_print_submit(&job, p, &(ck_print_request){.path = ck_test_tmpdir()}, &err),
                 CK_EINVAL);
    CK_CHECK_CONTAINS(err.msg, "is not a regular file");
    CK_CHECK_INT(ck_print_submit(&job, p, &(ck_print_request){.path = ""}, &err), CK_EINVAL);
    CK_CHECK_CONTAINS(err.msg, "no file to print was named");
    CK_CHECK_INT(ck_print_submit(&job, p, &(ck_print_request){.path = pdf, .copies = 500}, &err),
                 CK_EINVAL);
    CK_CHECK_CONTAINS(err.msg, "500 copies");
    CK_CHECK_INT(ck_print_submit(&job, p, &(ck_print_request){.path = pdf, .copies = -1}, &err),
                 CK_EINVAL);
    const char *names[] = {"bad name", "a#b", "x/y/z", "/lead", "trail/", "quote\"d"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        CK_CHECK_INT(
            ck_print_submit(&job, p, &(ck_print_request){.path = pdf, .printer = names[i]}, &err),
            CK_EINVAL);
        CK_CHECK_CONTAINS(err.msg, "is not a printer name");
        ck_print_printer ps;
        CK_CHECK_INT(ck_print_printer_status(&ps, p, names[i], &err), CK_EINVAL);
    }
    CK_CHECK_INT(job, 0);
    CK_CHECK_INT(ck_print_submit(NULL, p, &(ck_print_request){.path = pdf}, &err), CK_EINVAL);
    CK_CHECK_INT(ck_print_submit(&job, p, NULL, &err), CK_EINVAL);

    ck_print_job js;
    CK_CHECK_INT(ck_print_job_status(&js, p, 0, &err), CK_EINVAL);
    CK_CHECK_CONTAINS(err.msg, "0 is not a print job number");
    CK_CHECK_INT(ck_print_cancel(p, -3, &err), CK_EINVAL);
    CK_CHECK_INT(ck_print_wait(&js, p, 5, -1, &err), CK_EINVAL);
    ck_print_free(p);

    CK_CHECK_STR(ck_print_job_state_name(CK_PRINT_JOB_HELD), "held");
    CK_CHECK(ck_print_job_done(CK_PRINT_JOB_ABORTED));
    CK_CHECK(!ck_print_job_done(CK_PRINT_JOB_STOPPED));
}

int main(int argc, char **argv)
{
    ck_test_init(argc, argv);
    CK_RUN(open_and_server_names);
    CK_RUN(unreachable_scheduler);
    CK_RUN(bad_requests);
    return ck_test_done();
}
