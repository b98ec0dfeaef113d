/* Printing commands: print a file, list and follow jobs, reprint. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app/timez.h"
#include "cli/cli.h"

#define DEFAULT_WAIT_S 60

/* A job's state in the CLI's language; --json and the database keep its name ("sent"). */
static const char *job_state_words(ck_job_state state)
{
    const ck_lang *l = ck_cli_lang();
    /* TRANSLATORS: a print job's state in the command line ("print job 3: sent"). */
    switch (state) {
    case CK_JOB_QUEUED: return ck_lang_ptext(l, "print job", "queued");
    case CK_JOB_SENT: return ck_lang_ptext(l, "print job", "sent");
    case CK_JOB_HELD: return ck_lang_ptext(l, "print job", "held");
    case CK_JOB_COMPLETED: return ck_lang_ptext(l, "print job", "completed");
    case CK_JOB_FAILED: return ck_lang_ptext(l, "print job", "failed");
    case CK_JOB_CANCELED: return ck_lang_ptext(l, "print job", "canceled");
    }
    return ck_job_state_name(state);
}

static void describe(ck_cli *cli, const ck_job_rec *j)
{
    if (*j->cert_id)
        fprintf(cli->out, _("print job %lld for %s: %s"), (long long)j->id, j->cert_id,
                job_state_words(j->state));
    else
        fprintf(cli->out, _("print job %lld: %s"), (long long)j->id, job_state_words(j->state));
    if (j->cups_job && *j->printer)
        fprintf(cli->out, _(" (CUPS job %d on %s)"), j->cups_job, ck_cli_text(cli, j->printer));
    else if (j->cups_job)
        fprintf(cli->out, _(" (CUPS job %d on the default printer)"), j->cups_job);
    if (!ck_msg_empty(&j->error)) {
        char why[1024];
        fprintf(cli->out, " — %s",
                ck_cli_text(cli, ck_msg_word(&j->error, ck_cli_lang(), why, sizeof why)));
    }
    fputc('\n', cli->out);
}

int ck_cli_follow_job(ck_cli *cli, const ck_job_rec *job, int wait_s)
{
    ck_err err = {0};
    ck_job_rec j = *job;
    if (wait_s > 0 && ck_app_print_follow(cli->app, job->id, wait_s * 1000, &j, &err) != CK_OK)
        return ck_cli_fail(cli, &err);
    describe(cli, &j);
    if (j.state == CK_JOB_COMPLETED || (wait_s == 0 && j.state == CK_JOB_SENT))
        return CK_EXIT_OK;
    if (j.state != CK_JOB_CANCELED)
        fprintf(cli->out, "%s\n", _("the job is kept and retried; see \"classkiosk print jobs\""));
    return CK_EXIT_FAIL;
}

static const ck_opt PRINT_OPTS[] = {
    {"printer", "NAME", false,
     N_("CUPS printer (default: the course's, the setting, the system's)")},
    {"wait", "SECONDS", false, N_("follow the job this long (default 60; 0: just send it)")},
    {NULL, NULL, false, NULL},
};

static bool wait_seconds(ck_cli *cli, const ck_cmd *cmd, const ck_args *a, int *out)
{
    const char *w = ck_cli_value(cmd, a, "wait");
    long v = DEFAULT_WAIT_S;
    if (w && !ck_cli_int(cli, cmd, "wait", w, 0, 3600, &v))
        return false;
    *out = (int)v;
    return true;
}

static int run_print(ck_cli *cli, const ck_cmd *cmd, const ck_args *a)
{
    ck_err err = {0};
    ck_job_rec job;
    int wait_s;
    if (!wait_seconds(cli, cmd, a, &wait_s))
        return CK_EXIT_USAGE;
    if (ck_app_print(cli->app, CK_SOURCE_TRAINER, a->pos[0], NULL, ck_cli_value(cmd, a, "printer"),
                     &job, &err) != CK_OK)
        return ck_cli_fail(cli, &err);
    return ck_cli_follow_job(cli, &job, wait_s);
}

static int run_print_jobs(ck_cli *cli, const ck_cmd *cmd, const ck_args *a)
{
    ck_err err = {0};
    ck_poll_result poll;
    ck_job_rec *jobs = NULL;
    size_t n = 0;
    /* Ask CUPS first, so the list says what is true now (and due retries go out). */
    if (ck_app_print_poll(cli->app, &poll, &err) != CK_OK) {
        char why[1024];
        fprintf(cli->errout, "%s: ", cli->prog);
        fprintf(cli->errout, _("%s (showing the last known states)"),
                ck_cli_text(cli, ck_err_word(&err, ck_cli_lang(), why, sizeof why)));
        fputc('\n', cli->errout);
    }
    if (ck_app_print_jobs(cli->app, &jobs, &n, &err) != CK_OK)
        return ck_cli_fail(cli, &err);
    if (ck_cli_flag(cmd, a, "json")) {
        json_t *arr = json_array();
        for (size_t i = 0; i < n; i++) {
            const ck_job_rec *j = &jobs[i];
            char created[26], updated[26], why[1024];
            ck_msg_word(&j->error, ck_cli_lang(), why, sizeof why);
            ck_tz_iso(j->created_at, created);
            ck_tz_iso(j->updated_at, updated);
            json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:i, s:s, s:i, s:s, s:s, s:s}", "id",
                                  (json_int_t)j->id, "file", j->path, "printer", j->printer,
                                  "state", ck_job_state_name(j->state), "cups_job", j->cups_job,
                                  "last_error", why, "attempts", j->attempts, "created_at", created,
                                  "updated_at", updated, "uid", j->uid);
            json_object_set_new(o, "certificate",
                                *j->cert_id ? json_string(j->cert_id) : json_null());
            json_array_append_new(arr, o);
        }
        free(jobs);
        return ck_cli_print_json(cli, arr);
    }
    if (n == 0)
        fprintf(cli->out, "%s\n", _("no print jobs yet"));
    for (size_t i = 0; i < n; i++)
        describe(cli, &jobs[i]);
    free(jobs);
    return CK_EXIT_OK;
}

static const ck_opt REPRINT_OPTS[] = {
    {"printer", "NAME", false, N_("another printer than the job's")},
    {"wait", "SECONDS", false, N_("follow the job this long (default 60; 0: just send it)")},
    {NULL, NULL, false, NULL},
};

static int run_reprint(ck_cli *cli, const ck_cmd *cmd, const ck_args *a)
{
    ck_err err = {0};
    ck_job_rec job;
    int wait_s;
    long id = 0;
    if (!wait_seconds(cli, cmd, a, &wait_s))
        return CK_EXIT_USAGE;
    const char *printer = ck_cli_value(cmd, a, "printer");
    ck_rc rc;
    /* A certificate id reprints that certificate; a number reprints that job. */
    if (strncasecmp(a->pos[0], "CK", 2) == 0)
        rc = ck_app_print_cert(cli->app, CK_SOURCE_TRAINER, a->pos[0], printer, &job, &err);
    else if (!ck_cli_int(cli, cmd, "job id", a->pos[0], 1, 1L << 40, &id))
        return CK_EXIT_USAGE;
    else if (printer) {
        ck_job_rec old;
        rc = ck_app_print_job(cli->app, id, &old, &err);
        if (rc == CK_OK)
            rc = *old.cert_id ? ck_app_print_cert(cli->app, CK_SOURCE_TRAINER, old.cert_id, printer,
                                                  &job, &err)
                              : ck_app_print(cli->app, CK_SOURCE_TRAINER, old.path, NULL, printer,
                                             &job, &err);
    } else {
        rc = ck_app_print_reprint(cli->app, CK_SOURCE_TRAINER, id, &job, &err);
    }
    if (rc != CK_OK)
        return ck_cli_fail(cli, &err);
    return ck_cli_follow_job(cli, &job, wait_s);
}

const ck_cmd ck_cli_print_cmds[] = {
    {"print", "FILE.pdf [--printer NAME] [--wait SECONDS]", N_("print a PDF through CUPS"),
     N_("The job is recorded before it is sent and followed until CUPS reports it printed.\n"
        "If the printer is missing, stopped or fails, the job is kept and retried (by the\n"
        "kiosk, or by \"classkiosk print jobs\"). Exit status 0 once it printed."),
     PRINT_OPTS, 1, 1, CK_CLI_DB_EXISTING, run_print},
    {"print jobs", "[--json]", N_("list print jobs, after asking CUPS how they are doing"), NULL,
     (const ck_opt[]){{"json", NULL, false, N_("print JSON")}, {NULL, NULL, false, NULL}}, 0, 0,
     CK_CLI_DB_EXISTING, run_print_jobs},
    {"print reprint", "JOB-ID|CERT-ID [--printer NAME]",
     N_("print a job's document, or a certificate, again (same certificate id and token)"), NULL,
     REPRINT_OPTS, 1, 1, CK_CLI_DB_EXISTING, run_reprint},
    {NULL, NULL, NULL, NULL, NULL, 0, 0, CK_CLI_NO_DB, NULL},
};
