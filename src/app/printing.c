/* Printing: every job is recorded before it is sent, followed until CUPS says it printed,
 * and retried when the printer was missing, stopped or failed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "app/internal.h"
#include "print/print.h"

/* Seconds to wait before resending a job that has been tried n times. */
static int64_t retry_after(int attempts)
{
    int64_t s = 5LL << (attempts > 6 ? 6 : attempts);
    return s > 300 ? 300 : s;
}

void ck_app_print_target(ck_app *app, const char *asked, char *out, size_t n)
{
    const ck_course_rec *c = NULL;
    out[0] = '\0';
    if (asked && *asked) {
        snprintf(out, n, "%s", asked);
        return;
    }
    if (ck_app_course(app, &c, NULL) == CK_OK && *c->printer) {
        snprintf(out, n, "%s", c->printer);
        return;
    }
    ck_app_config_get(app, "printer", out, n, NULL);
}

/* Why the job did not print (yet): the message, and its English words for the file. */
static void set_error(ck_job_rec *job, const ck_msg *why)
{
    if (why)
        job->error = *why;
    else
        ck_msg_clear(&job->error);
    ck_msg_word(&job->error, NULL, job->last_error, sizeof job->last_error);
}

static ck_rc save(ck_app *app, ck_job_rec *job, ck_err *err)
{
    job->updated_at = ck_app_now(app);
    ck_rc rc = ck_store_begin(app->store, err);
    if (rc)
        return rc;
    if ((rc = ck_store_job_update(app->store, job, err))) {
        ck_store_rollback(app->store);
        return rc;
    }
    return ck_store_commit(app->store, err);
}

/* Hand a recorded job to CUPS once; the outcome is written to the job. */
static void send_job(ck_app *app, ck_print *cups, ck_job_rec *job)
{
    ck_err why = {0};
    char title[160];
    snprintf(title, sizeof title, "classkiosk %s%s#%lld", *job->cert_id ? job->cert_id : "",
             *job->cert_id ? " " : "", (long long)job->id);
    ck_print_request req = {.path = job->path, .printer = job->printer, .title = title};
    int cups_job = 0;
    job->attempts++;
    struct stat sb;
    if (stat(job->path, &sb) != 0) {
        job->state = CK_JOB_FAILED;
        ck_msg_set(&why.m, "the file %s is gone; reprint the certificate from trainer mode",
                   job->path);
        set_error(job, &why.m);
        job->attempts = CK_APP_PRINT_MAX_ATTEMPTS;
    } else if (ck_print_submit(&cups_job, cups, &req, &why) == CK_OK) {
        job->cups_job = cups_job;
        job->state = CK_JOB_SENT;
        set_error(job, NULL);
    } else {
        job->state = CK_JOB_QUEUED;
        set_error(job, &why.m);
    }
}

/* Ask CUPS how a sent job is doing and record it. */
static void check_job(ck_print *cups, ck_job_rec *job)
{
    ck_print_job st;
    ck_err why = {0};
    if (ck_print_job_status(&st, cups, job->cups_job, &why) != CK_OK) {
        /* The scheduler cannot be asked (restarted, gone): try again later. */
        set_error(job, &why.m);
        if (why.rc == CK_ENOTFOUND) {
            job->state = CK_JOB_FAILED; /* CUPS forgot the job: send it again */
            job->cups_job = 0;
        }
        return;
    }
    bool printer_trouble = st.printer.state == CK_PRINTER_STOPPED || !st.printer.accepting;
    switch (st.state) {
    case CK_PRINT_JOB_COMPLETED:
        job->state = CK_JOB_COMPLETED;
        set_error(job, NULL);
        break;
    case CK_PRINT_JOB_CANCELED:
        job->state = CK_JOB_CANCELED;
        set_error(job, &st.said);
        break;
    case CK_PRINT_JOB_ABORTED:
        job->state = CK_JOB_FAILED;
        job->cups_job = 0;
        set_error(job, &st.said);
        break;
    case CK_PRINT_JOB_HELD:
    case CK_PRINT_JOB_STOPPED:
        job->state = CK_JOB_HELD;
        set_error(job, &st.said);
        break;
    default: /* pending or processing */
        job->state = printer_trouble ? CK_JOB_HELD : CK_JOB_SENT;
        set_error(job, printer_trouble ? &st.said : NULL);
        break;
    }
}

ck_rc ck_app_print(ck_app *app, ck_source source, const char *path, const char *cert_id,
                   const char *printer, ck_job_rec *out, ck_err *err)
{
    ck_print *cups = NULL;
    struct stat sb;
    memset(out, 0, sizeof *out);
    if (!path || stat(path, &sb) != 0 || !S_ISREG(sb.st_mode))
        return ck_err_set(err, CK_ENOTFOUND, "there is no file %s to print; check the path",
                          path ? path : "");
    char real[4096];
    if (!realpath(path, real))
        snprintf(real, sizeof real, "%s", path);
    snprintf(out->path, sizeof out->path, "%s", real);
    snprintf(out->cert_id, sizeof out->cert_id, "%s", cert_id ? cert_id : "");
    ck_app_print_target(app, printer, out->printer, sizeof out->printer);
    out->state = CK_JOB_QUEUED;
    out->created_at = out->updated_at = ck_app_now(app);

    /* Recorded first: a crash from here on loses no job. */
    ck_rc rc = ck_store_begin(app->store, err);
    if (rc)
        return rc;
    json_t *d = json_pack("{s:s, s:s, s:s}", "file", out->path, "printer",
                          *out->printer ? out->printer : "(default)", "certificate", out->cert_id);
    if ((rc = ck_store_job_insert(app->store, out, err)) ||
        (rc = ck_app_audit_write(app, ck_app_actor(source ? source : CK_SOURCE_TRAINER),
                                 CK_AUDIT_PRINT_SUBMIT, d, err)) ||
        (rc = ck_store_commit(app->store, err))) {
        ck_store_rollback(app->store);
        return rc;
    }
    if ((rc = ck_print_open(&cups, NULL, err)))
        return rc;
    send_job(app, cups, out);
    ck_print_free(cups);
    return save(app, out, err);
}

ck_rc ck_app_print_poll(ck_app *app, ck_poll_result *out, ck_err *err)
{
    ck_job_rec *jobs = NULL;
    ck_print *cups = NULL;
    size_t n = 0;
    memset(out, 0, sizeof *out);
    ck_rc rc = ck_store_job_list(app->store, true, &jobs, &n, err);
    if (rc || n == 0) {
        free(jobs);
        return rc;
    }
    if ((rc = ck_print_open(&cups, NULL, err))) {
        free(jobs);
        return rc;
    }
    int64_t now = ck_app_now(app);
    for (size_t i = 0; i < n && rc == CK_OK; i++) {
        ck_job_rec *job = &jobs[i];
        ck_job_rec before = *job;
        if (job->state == CK_JOB_SENT || job->state == CK_JOB_HELD)
            check_job(cups, job);
        if ((job->state == CK_JOB_QUEUED || job->state == CK_JOB_FAILED) &&
            job->attempts < CK_APP_PRINT_MAX_ATTEMPTS &&
            now - job->updated_at >= retry_after(job->attempts))
            send_job(app, cups, job);
        if (job->state != before.state || job->cups_job != before.cups_job ||
            job->attempts != before.attempts || strcmp(job->last_error, before.last_error) != 0)
            rc = save(app, job, err);
        out->completed += job->state == CK_JOB_COMPLETED;
        out->open += job->state != CK_JOB_COMPLETED && job->state != CK_JOB_CANCELED;
        out->attention += job->state == CK_JOB_HELD || job->state == CK_JOB_FAILED ||
                          (job->state == CK_JOB_QUEUED && job->last_error[0]);
    }
    ck_print_free(cups);
    free(jobs);
    return rc;
}

ck_rc ck_app_print_follow(ck_app *app, int64_t job_id, int timeout_ms, ck_job_rec *out, ck_err *err)
{
    struct timespec start, now, pause = {0, 250 * 1000000L};
    clock_gettime(CLOCK_MONOTONIC, &start);
    for (;;) {
        ck_poll_result r;
        ck_rc rc = ck_app_print_poll(app, &r, err);
        if (rc == CK_OK)
            rc = ck_store_job_get(app->store, job_id, out, err);
        if (rc)
            return rc;
        if (out->state == CK_JOB_COMPLETED || out->state == CK_JOB_CANCELED)
            return CK_OK;
        clock_gettime(CLOCK_MONOTONIC, &now);
        long ms = (now.tv_sec - start.tv_sec) * 1000 + (now.tv_nsec - start.tv_nsec) / 1000000;
        if (ms >= timeout_ms)
            return CK_OK;
        nanosleep(&pause, NULL);
    }
}

ck_rc ck_app_print_jobs(ck_app *app, ck_job_rec **out, size_t *n, ck_err *err)
{
    return ck_store_job_list(app->store, false, out, n, err);
}

ck_rc ck_app_print_job(ck_app *app, int64_t job_id, ck_job_rec *out, ck_err *err)
{
    return ck_store_job_get(app->store, job_id, out, err);
}

ck_rc ck_app_print_reprint(ck_app *app, ck_source source, int64_t job_id, ck_job_rec *out,
                           ck_err *err)
{
    ck_job_rec old;
    ck_rc rc = ck_store_job_get(app->store, job_id, &old, err);
    if (rc)
        return rc;
    if (*old.cert_id)
        return ck_app_print_cert(app, source, old.cert_id, old.printer, out, err);
    return ck_app_print(app, source, old.path, NULL, old.printer, out, err);
}

ck_rc ck_app_print_cert(ck_app *app, ck_source source, const char *cert_id, const char *printer,
                        ck_job_rec *out, ck_err *err)
{
    ck_issue_result pdf;
    ck_rc rc = ck_app_cert_render(app, cert_id, NULL, &pdf, err);
    if (rc)
        return rc;
    return ck_app_print(app, source, pdf.pdf_path, pdf.id, printer, out, err);
}
