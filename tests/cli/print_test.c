/* Printing through a real CUPS scheduler and the cups-pdf queue of scripts/test.d/20-cups:
 * the certificate comes out, a stopped or missing printer loses nothing. */
#include <unistd.h>

#include "cli_support.h"
#include "cups_rig.h"

static const char *db;

static int cups_job_of(const char *out)
{
    const char *p = strstr(out, "CUPS job ");
    return p ? atoi(p + 9) : 0;
}

/* The state of print job id as "print jobs --json" says after asking CUPS. */
static json_t *job_json(const char *now, long long id)
{
    ck_proc p = {0};
    CLI_OK(&p, db, now, "print", "jobs", "--json");
    json_t *arr = json_loads(p.out, 0, NULL), *found = NULL;
    size_t i;
    json_t *j;
    json_array_foreach(arr, i, j)
    {
        if (json_integer_value(json_object_get(j, "id")) == id)
            found = json_incref(j);
    }
    json_decref(arr);
    ck_proc_clear(&p);
    return found;
}

/* Ask "print jobs" (which polls CUPS) until job id completes or 30 s pass; its last state. */
static const char *wait_completed(const char *now, long long id)
{
    static char state[32];
    state[0] = '\0';
    for (int i = 0; i < 60 && strcmp(state, "completed") != 0; i++) {
        if (i)
            usleep(500 * 1000);
        json_t *j = job_json(now, id);
        snprintf(state, sizeof state, "%s", j ? json_string_value(json_object_get(j, "state")) : "");
        json_decref(j);
    }
    return state;
}

static void certificate_comes_out_of_the_printer(void)
{
    ck_proc p = {0};
    CLI_OK(&p, db, AFTER, "certs", "issue", "zoe", "--print", "--printer", CK_CUPS_RIG_QUEUE,
           "--out", ck_test_path("certs"));
    CK_CHECK_CONTAINS(p.out, ": completed (CUPS job ");
    char id[32] = "";
    sscanf(p.out, "issued %31s", id);
    int job = cups_job_of(p.out);
    char *pdf = ck_cups_rig_output(job, 30000);
    CK_CHECK(pdf != NULL);
    /* The page cups-pdf produced carries the same certificate. */
    CLI_OK(&p, db, AFTER, "verify", pdf ? pdf : "-", "--json");
    json_t *v = json_loads(p.out, 0, NULL);
    CK_CHECK(json_is_true(json_object_get(v, "valid")));
    CK_CHECK_STR(json_string_value(json_object_get(json_object_get(v, "certificate"), "id")), id);
    json_decref(v);
    if (pdf)
        unlink(pdf);
    free(pdf);

    /* A reprint is the same certificate. */
    CLI_OK(&p, db, AFTER, "print", "reprint", id, "--printer", CK_CUPS_RIG_QUEUE);
    CK_CHECK_CONTAINS(p.out, "completed");
    pdf = ck_cups_rig_output(cups_job_of(p.out), 30000);
    CLI_OK(&p, db, AFTER, "verify", pdf ? pdf : "-");
    CK_CHECK_CONTAINS(p.out, id);
    if (pdf)
        unlink(pdf);
    free(pdf);
    ck_proc_clear(&p);
}

static void stopped_printer_holds_then_prints(void)
{
    ck_proc p = {0};
    CLI_OK(&p, db, AFTER, "certs", "issue", "anna@example.ru", "--out", ck_test_path("certs"));
    char pdf[4096];
    cli_issued_pdf(p.out, pdf, sizeof pdf);
    CK_CHECK(ck_cups_rig_admin("cupsdisable"));
    CLI(&p, db, AFTER, "print", pdf, "--printer", CK_CUPS_RIG_QUEUE, "--wait", "3");
    CK_CHECK_INT(p.status, 1);
    CK_CHECK_CONTAINS(p.out, ": held");
    CK_CHECK_CONTAINS(p.out, "stopped");
    CK_CHECK_CONTAINS(p.out, "the job is kept and retried");
    long long id = 0;
    sscanf(p.out, "print job %lld", &id);
    int job = cups_job_of(p.out);
    json_t *j = job_json(AFTER, id);
    CK_CHECK_STR(json_string_value(json_object_get(j, "state")), "held");
    CK_CHECK_CONTAINS(json_string_value(json_object_get(j, "last_error")), "cupsenable");
    json_decref(j);

    CK_CHECK(ck_cups_rig_admin("cupsenable"));
    CK_CHECK_STR(wait_completed(AFTER, id), "completed");
    char *out = ck_cups_rig_output(job, 30000);
    CK_CHECK(out != NULL);
    if (out)
        unlink(out);
    free(out);
    ck_proc_clear(&p);
}

static void missing_printer_and_lost_scheduler_lose_nothing(void)
{
    ck_proc p = {0};
    CLI_OK(&p, db, AFTER, "certs", "issue", "alex@example.gr", "--out", ck_test_path("certs"));
    char pdf[4096];
    cli_issued_pdf(p.out, pdf, sizeof pdf);

    /* A printer that does not exist: the job is kept with the reason. */
    CLI(&p, db, AFTER, "print", pdf, "--printer", "NO-SUCH-PRINTER", "--wait", "0");
    CK_CHECK_INT(p.status, 1);
    CK_CHECK_CONTAINS(p.out, "queued");
    CK_CHECK_CONTAINS(p.out, "NO-SUCH-PRINTER");
    long long missing = 0;
    sscanf(p.out, "print job %lld", &missing);

    /* The scheduler is unreachable when the job is made (as after a crash or a restart):
     * the job is recorded, then sent by a later poll once CUPS answers again. */
    setenv("CUPS_SERVER", "/nonexistent/cups.sock", 1);
    CLI(&p, db, AFTER, "print", pdf, "--printer", CK_CUPS_RIG_QUEUE, "--wait", "0");
    unsetenv("CUPS_SERVER");
    CK_CHECK_INT(p.status, 1);
    long long later = 0;
    sscanf(p.out, "print job %lld", &later);
    json_t *j = job_json(AFTER, later);
    CK_CHECK_STR(json_string_value(json_object_get(j, "state")), "queued");
    CK_CHECK_INT(json_integer_value(json_object_get(j, "attempts")), 1);
    json_decref(j);
    /* A minute later the poll resends it and it prints. */
    CK_CHECK_STR(wait_completed(D2 " 17:35", later), "completed");
    j = job_json(D2 " 17:35", missing);
    CK_CHECK_STR(json_string_value(json_object_get(j, "state")), "queued");
    CK_CHECK(json_integer_value(json_object_get(j, "attempts")) >= 2);
    json_decref(j);
    /* Printing something that is not there is refused and records nothing. */
    CLI_FAILS(&p, db, AFTER, "there is no file", "print", ck_test_path("nothing.pdf"));
    ck_proc_clear(&p);
}

int main(int argc, char **argv)
{
    char why[512];
    ck_test_init(argc, argv);
    if (!ck_cups_rig_ready(why, sizeof why)) {
        printf("skipped: %s\n", why);
        ck_test_done();
        return CK_TEST_SKIP;
    }
    static char path[4096];
    snprintf(path, sizeof path, "%s/print.db", ck_test_tmpdir());
    db = path;
    cli_graduates(db, ck_test_path("roster.csv"));
    CK_RUN(certificate_comes_out_of_the_printer);
    CK_RUN(stopped_printer_holds_then_prints);
    CK_RUN(missing_printer_and_lost_scheduler_lose_nothing);
    return ck_test_done();
}
