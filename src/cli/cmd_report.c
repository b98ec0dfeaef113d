/* Report commands: status, the attendance register, exports, the audit trail. */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app/timez.h"
#include "cli/cli.h"
#include "cli/json_out.h"

static const ck_opt JSON_OPTS[] = {
    {"json", NULL, false, N_("print JSON")},
    {NULL, NULL, false, NULL},
};

/* One attendee's status, two levels deep in the document; each reason as its stable code
 * (never worded) and its sentence in the CLI's language. */
static void status_json(ck_json_out *w, const ck_status *s)
{
    ck_json_out_object(w);
    ck_json_out_member_int(w, "id", s->person.id);
    ck_json_out_member_string(w, "name", s->person.name);
    ck_json_out_member_string(w, "email", s->person.email);
    ck_json_out_key(w, "days");
    ck_json_out_array(w);
    for (size_t d = 0; d < s->ndays; d++) {
        const ck_day_status *ds = &s->days[d];
        ck_json_out_object(w);
        ck_json_out_member_int(w, "day", (int64_t)d + 1);
        ck_json_out_member_string(w, "date", ds->date);
        ck_json_out_member_int(w, "required_minutes", ds->result.required_minutes);
        ck_json_out_member_int(w, "present_minutes", ds->result.present_minutes);
        ck_json_out_member_bool(w, "complete", ds->result.complete);
        if (ds->result.open) {
            char iso[26];
            ck_tz_iso(ds->result.open_since, iso);
            ck_json_out_member_string(w, "open_since", iso);
        }
        ck_json_out_end(w);
    }
    ck_json_out_end(w);
    ck_json_out_member_bool(w, "checked_in", s->in_now);
    ck_json_out_member_bool(w, "license_accepted", s->license_accepted);
    ck_json_out_member_bool(w, "eligible", s->eligible);
    ck_json_out_key(w, "reasons");
    ck_json_out_array(w);
    for (size_t r = 0; r < s->nreasons; r++) {
        char words[1024];
        ck_json_out_object(w);
        ck_json_out_member_string(w, "code", ck_msg_code(&s->reasons[r]));
        ck_json_out_member_string(w, "text",
                                  ck_msg_word(&s->reasons[r], ck_cli_lang(), words, sizeof words));
        ck_json_out_end(w);
    }
    ck_json_out_end(w);
    ck_json_out_key(w, "license_version");
    if (s->license_version)
        ck_json_out_int(w, s->license_version);
    else
        ck_json_out_null(w);
    ck_json_out_end(w);
}

static void print_status_line(ck_cli *cli, const ck_status *s)
{
    ck_cli_pad(cli, s->person.name, 32);
    for (size_t d = 0; d < s->ndays; d++) {
        const ck_day_result *r = &s->days[d].result;
        char t[32], day[32];
        ck_lang_minutes(ck_cli_lang(), r->open ? r->so_far_minutes : r->present_minutes, t,
                        sizeof t);
        /* TRANSLATORS: a column of the status table: the day's number; keep it short. */
        snprintf(day, sizeof day, _("day %zu"), d + 1);
        fprintf(cli->out, "  %s ", day);
        ck_cli_pad(cli, t, 12);
        /* TRANSLATORS: a day's mark in the status table: complete, still checked in, or not
           complete; at most 3 characters. */
        fprintf(cli->out, " %-3s", r->complete ? _("ok") : r->open ? _("in") : "--");
    }
    fprintf(cli->out, "  ");
    /* TRANSLATORS: the license column of the status table ("license ok", "license --"). */
    fprintf(cli->out, _("license %s"), s->license_accepted ? _("ok") : "--");
    fprintf(cli->out, "  %s\n", s->eligible ? _("ELIGIBLE") : _("not eligible"));
    for (size_t r = 0; r < s->nreasons; r++) {
        char words[1024];
        fprintf(cli->out, "    - %s\n",
                ck_cli_text(cli, ck_msg_word(&s->reasons[r], ck_cli_lang(), words, sizeof words)));
    }
}

/* Write j (taken) as a member's value depth levels deep in a JSON document indented by two,
 * as jansson would have written it inside the whole document (the course and the summary;
 * the attendees go through json_out). f is the status's memory buffer. */
static bool put_nested(FILE *f, json_t *j, int depth)
{
    char *text = j ? json_dumps(j, JSON_INDENT(2)) : NULL;
    json_decref(j);
    bool ok = text != NULL;
    for (const char *p = text; ok && *p; p++)
        ok = fputc(*p, f) != EOF && (*p != '\n' || fprintf(f, "%*s", 2 * depth, "") >= 0);
    free(text);
    return ok;
}

/* The status is written as each attendee's is worked out, into one buffer (one write at the
 * end, so a failure halfway prints nothing): 5,000 people need neither a list nor a JSON
 * tree of them all. */
typedef struct status_out {
    ck_cli *cli;
    bool json;
    ck_json_out w; /* the attendees array's members, written as each is worked out */
    bool failed;   /* the course could not be written */
    size_t n, eligible;
} status_out;

static ck_rc put_status(void *ctx, const ck_status *s, ck_err *err)
{
    status_out *o = ctx;
    o->eligible += s->eligible;
    if (!o->json)
        print_status_line(o->cli, s);
    else {
        status_json(&o->w, s);
        if (!ck_json_out_flush(&o->w, o->cli->out))
            return ck_err_set(err, CK_ENOMEM, "out of memory writing the status");
    }
    o->n++;
    return CK_OK;
}

static int run_status(ck_cli *cli, const ck_cmd *cmd, const ck_args *a)
{
    ck_err err = {0};
    const ck_course_rec *c;
    char *doc = NULL;
    size_t len = 0;
    status_out o = {.cli = cli, .json = ck_cli_flag(cmd, a, "json")};
    if (ck_app_course(cli->app, &c, &err) != CK_OK)
        return ck_cli_fail(cli, &err);
    FILE *out = cli->out, *buf = open_memstream(&doc, &len);
    if (!buf)
        return ck_cli_out_of_memory(cli);
    cli->out = buf; /* what the printing helpers write goes to the buffer */
    if (o.json) {
        json_t *dates = json_array();
        for (size_t d = 0; d < c->ndays; d++)
            json_array_append_new(dates, json_string(c->days[d].date));
        json_t *course = json_pack(
            "{s:I, s:s, s:s, s:s, s:s, s:f, s:i, s:o}", "id", (json_int_t)c->id, "title", c->title,
            "trainer", c->trainer, "credential", c->credential, "location", c->location,
            "contact_hours", c->hours, "tolerance_minutes", c->tolerance_min, "days", dates);
        fputs("{\n  \"course\": ", buf);
        if (!put_nested(buf, course, 1))
            o.failed = true;
        fputs(",\n  \"attendees\": ", buf);
        ck_json_out_init(&o.w, 1);
        ck_json_out_array(&o.w);
    } else {
        fprintf(buf, "%s — %s, ", ck_cli_text(cli, c->title), ck_cli_text(cli, c->trainer));
        fprintf(buf, _("tolerance %d min per day"), c->tolerance_min);
        fputc('\n', buf);
    }
    ck_rc rc = ck_app_status_each(cli->app, put_status, &o, &err);
    if (rc == CK_OK && o.json) {
        ck_json_out_end(&o.w);
        bool ok = ck_json_out_flush(&o.w, buf) && !o.failed;
        fputs(",\n  \"summary\": ", buf);
        if (!ok ||
            !put_nested(buf,
                        json_pack("{s:i, s:i}", "attendees", (int)o.n, "eligible", (int)o.eligible),
                        1))
            rc = ck_err_set(&err, CK_ENOMEM, "out of memory writing the status");
        fputs("\n}\n", buf);
    } else if (rc == CK_OK) {
        fprintf(buf, ngettext_cli("%zu of %zu eligible", "%zu of %zu eligible", o.eligible),
                o.eligible, o.n);
        fputc('\n', buf);
    }
    cli->out = out;
    ck_json_out_free(&o.w);
    bool written = fclose(buf) == 0;
    if (rc != CK_OK) {
        free(doc);
        return ck_cli_fail(cli, &err);
    }
    if (!written || !doc) {
        free(doc);
        return ck_cli_out_of_memory(cli);
    }
    int code = ck_cli_write(cli, doc, len);
    free(doc);
    return code;
}

static int run_audit(ck_cli *cli, const ck_cmd *cmd, const ck_args *a)
{
    ck_err err = {0};
    ck_audit_rec *list = NULL;
    size_t n = 0;
    if (ck_app_audit(cli->app, &list, &n, &err) != CK_OK)
        return ck_cli_fail(cli, &err);
    bool json = ck_cli_flag(cmd, a, "json");
    json_t *arr = json ? json_array() : NULL;
    for (size_t i = 0; i < n; i++) {
        const ck_audit_rec *r = &list[i];
        char iso[26];
        ck_tz_iso(r->at, iso);
        if (json) {
            json_t *detail = json_loads(r->detail, 0, NULL);
            json_array_append_new(arr, json_pack("{s:I, s:s, s:s, s:s, s:o, s:s, s:I, s:s, s:s}",
                                                 "id", (json_int_t)r->id, "at", iso, "actor",
                                                 r->actor, "action", r->action, "detail",
                                                 detail ? detail : json_string(r->detail), "origin",
                                                 r->origin, "seq", (json_int_t)r->seq, "prev",
                                                 r->prev, "hash", r->hash));
        } else {
            fprintf(cli->out, "%5lld  %s  %-8s %-18s %s\n", (long long)r->id, iso,
                    ck_cli_text(cli, r->actor), ck_cli_text(cli, r->action),
                    ck_cli_text(cli, r->detail));
        }
    }
    ck_audit_list_free(list, n);
    if (json)
        return ck_cli_print_json(cli, arr);
    if (n == 0)
        fprintf(cli->out, "%s\n", _("the audit trail is empty"));
    return CK_EXIT_OK;
}

static const ck_opt VERIFY_OPTS[] = {
    {"expect", "SEQ:HASH", false,
     "a chain head written down earlier (from \"audit head\"): it must still be there"},
    {NULL, NULL, false, NULL},
};

static int run_audit_verify(ck_cli *cli, const ck_cmd *cmd, const ck_args *a)
{
    ck_err err = {0};
    ck_audit_check c;
    const char *expect = ck_cli_value(cmd, a, "expect");
    if (ck_app_audit_verify(cli->app, expect, &c, &err) != CK_OK) {
        if (err.rc == CK_EINVAL)
            return ck_cli_fail(cli, &err);
        fprintf(cli->out, "%s\n",
                _("audit trail BROKEN: the records were changed outside classkiosk"));
        return ck_cli_fail(cli, &err);
    }
    fprintf(cli->out,
            ngettext_cli("audit trail intact: %zu chain entries from %zu station, each chained to "
                         "the one before; the %zu records in the tables match them",
                         "audit trail intact: %zu chain entries from %zu stations, each chained to "
                         "the one before; the %zu records in the tables match them",
                         c.stations),
            c.entries, c.stations, c.records);
    fputc('\n', cli->out);
    if (expect) {
        fprintf(cli->out, _("the chain still holds the head written down (%s)"),
                ck_cli_text(cli, expect));
        fputc('\n', cli->out);
    }
    fprintf(cli->out, _("chain head now: %s"), c.head.text);
    fputc('\n', cli->out);
    return CK_EXIT_OK;
}

static int run_audit_head(ck_cli *cli, const ck_cmd *cmd, const ck_args *a)
{
    ck_err err = {0};
    ck_chain_head h;
    if (ck_app_chain_head(cli->app, &h, &err) != CK_OK)
        return ck_cli_fail(cli, &err);
    if (ck_cli_flag(cmd, a, "json"))
        return ck_cli_print_json(cli, json_pack("{s:s, s:I, s:s, s:s}", "origin", h.origin, "seq",
                                                (json_int_t)h.seq, "hash", h.hash, "head", h.text));
    fprintf(cli->out, _("chain head %s"), h.text);
    fputc('\n', cli->out);
    /* TRANSLATORS: the labels of "audit head"; keep each 8 characters wide. */
    fprintf(cli->out, _("  station  %s\n  entry    %lld\n  hash     %s"),
            ck_cli_text(cli, h.origin), (long long)h.seq, h.hash);
    fputc('\n', cli->out);
    fprintf(cli->out,
            _("Write the first line down with the date and keep it away from this "
              "station;\n\"classkiosk audit verify --expect %s\" shows later whether "
              "records were\nremoved or rewritten since."),
            h.text);
    fputc('\n', cli->out);
    return CK_EXIT_OK;
}

/* ---- the register and the exports ---- */

static const ck_opt REGISTER_OPTS[] = {
    {"out", "FILE.pdf", false,
     N_("where to write it (default: reports/ beside the database; - for stdout)")},
    {"letter", NULL, false, N_("US Letter paper instead of A4")},
    {"print", NULL, false, N_("also print it (followed like certificates)")},
    {"printer", "NAME", false, N_("with --print: the CUPS printer")},
    {NULL, NULL, false, NULL},
};

static const ck_opt EXPORT_OPTS[] = {
    {"format", "csv|xlsx", false, N_("CSV (the default) or an Excel workbook")},
    {"out", "FILE", false,
     N_("where to write it (default: reports/ beside the database; - for stdout)")},
    {"bom", NULL, false, N_("CSV: start with a UTF-8 byte-order mark (for spreadsheet programs)")},
    {NULL, NULL, false, NULL},
};

/* The bytes to stdout ("-"), or where the file went. */
static int report_done(ck_cli *cli, ck_report_result *r)
{
    int rc = r->data ? ck_cli_write(cli, (const char *)r->data, r->size) : CK_EXIT_OK;
    ck_report_result_clear(r);
    return rc;
}

static bool report_format(ck_cli *cli, const ck_cmd *cmd, const ck_args *a, ck_report_opts *o)
{
    const char *f = ck_cli_value(cmd, a, "format");
    memset(o, 0, sizeof *o);
    o->out = ck_cli_value(cmd, a, "out");
    o->bom = ck_cli_flag(cmd, a, "bom");
    if (!f || strcasecmp(f, "csv") == 0) {
        o->format = CK_REPORT_CSV;
    } else if (strcasecmp(f, "xlsx") == 0) {
        o->format = CK_REPORT_XLSX;
        if (o->bom) {
            ck_cli_usage_error(cli, cmd, "%s", _("--bom is for CSV; an XLSX workbook needs none"));
            return false;
        }
    } else {
        ck_cli_usage_error(cli, cmd, _("--format \"%s\" is neither csv nor xlsx"), f);
        return false;
    }
    return true;
}

static int run_report_register(ck_cli *cli, const ck_cmd *cmd, const ck_args *a)
{
    ck_err err = {0};
    ck_report_result r;
    ck_report_opts o = {.out = ck_cli_value(cmd, a, "out"),
                        .letter = ck_cli_flag(cmd, a, "letter")};
    bool print = ck_cli_flag(cmd, a, "print");
    if (print && o.out && strcmp(o.out, "-") == 0)
        return ck_cli_usage_error(cli, cmd, "%s", _("--print needs a file; leave out --out -"));
    if (ck_app_report_register(cli->app, &o, &r, &err) != CK_OK)
        return ck_cli_fail(cli, &err);
    if (r.data)
        return report_done(cli, &r);
    fprintf(cli->out,
            ngettext_cli("attendance register of %zu attendees, %d page: %s\n",
                         "attendance register of %zu attendees, %d pages: %s\n",
                         (unsigned long)r.pages),
            r.rows, r.pages, ck_cli_text(cli, r.path));
    fprintf(cli->out, _("its footer carries the chain head %s\n"), r.head.text);
    if (!print)
        return CK_EXIT_OK;
    ck_job_rec job;
    if (ck_app_print(cli->app, CK_SOURCE_TRAINER, r.path, NULL, ck_cli_value(cmd, a, "printer"),
                     &job, &err) != CK_OK)
        return ck_cli_fail(cli, &err);
    return ck_cli_follow_job(cli, &job, 60);
}

static int run_report_export(ck_cli *cli, const ck_cmd *cmd, const ck_args *a)
{
    ck_err err = {0};
    ck_report_result r;
    ck_report_opts o;
    if (!report_format(cli, cmd, a, &o))
        return CK_EXIT_USAGE;
    if (ck_app_report_export(cli->app, &o, &r, &err) != CK_OK)
        return ck_cli_fail(cli, &err);
    if (r.data)
        return report_done(cli, &r);
    fprintf(cli->out,
            ngettext_cli("attendance of %zu attendee written to %s\n",
                         "attendance of %zu attendees written to %s\n", r.rows),
            r.rows, ck_cli_text(cli, r.path));
    return CK_EXIT_OK;
}

static int run_report_completed(ck_cli *cli, const ck_cmd *cmd, const ck_args *a)
{
    ck_err err = {0};
    ck_report_result r;
    ck_report_opts o;
    if (!report_format(cli, cmd, a, &o))
        return CK_EXIT_USAGE;
    if (ck_app_report_completed(cli->app, &o, &r, &err) != CK_OK)
        return ck_cli_fail(cli, &err);
    size_t uncertified = r.uncertified;
    int status = CK_EXIT_OK;
    if (r.data)
        status = report_done(cli, &r);
    else
        fprintf(cli->out, _("%zu who completed written to %s\n"), r.rows, ck_cli_text(cli, r.path));
    if (uncertified)
        fprintf(cli->errout,
                _("%s: %zu of them have no certificate yet, so no certificate id or verify link; "
                  "issue them first (\"classkiosk certs issue --all\")\n"),
                cli->prog, uncertified);
    return status;
}

const ck_cmd ck_cli_report_cmds[] = {
    {"status", "[--json]", N_("attendance, license and eligibility of everyone in the course"),
     N_("Per attendee and day: required and present minutes, complete or not; the license\n"
        "decision; eligible or not, and the reasons why not in plain sentences."),
     JSON_OPTS, 0, 0, CK_CLI_DB_READ, run_status},
    {"report register", "[--out FILE.pdf] [--letter] [--print]",
     N_("the attendance register as a PDF, to print, sign and file"),
     N_("Per course day every attendee with each check-in and check-out, present time against\n"
        "the required, and whether the day is complete; the trainer's corrections are marked\n"
        "[1], [2]… and listed with their reasons below each day. Then a summary: the license\n"
        "version accepted and when, eligible, the certificate id. Every page repeats the\n"
        "header and says \"Page 2 of 5\"; its footer holds the course id and this station's\n"
        "chain head (the SHA-256 of its newest record), so a printed register can be matched\n"
        "to the records later (\"audit verify --expect\"). A line for the trainer's signature\n"
        "and the date ends it."),
     REGISTER_OPTS, 0, 0, CK_CLI_DB_EXISTING, run_report_register},
    {"report export", "[--format csv|xlsx] [--out FILE] [--bom]",
     N_("everyone's attendance, one row per attendee, as CSV or XLSX"),
     N_("Columns: name, e-mail; per day the first check-in, the last check-out, present and\n"
        "required minutes and complete; the license version, accepted and when; eligible; the\n"
        "reasons why not; the certificate id. The XLSX has that as its summary sheet and a\n"
        "sheet per day with every interval; numbers and times are real cells. CSV is RFC 4180\n"
        "in UTF-8; a cell starting with =, +, -, @, tab or CR gets a ' in front, so a\n"
        "spreadsheet shows it as text instead of running it as a formula."),
     EXPORT_OPTS, 0, 0, CK_CLI_DB_READ, run_report_export},
    {"report completed", "[--format csv|xlsx] [--out FILE] [--bom]",
     N_("the list of who completed, for the certification body"),
     N_("Everyone eligible: first name, last name, e-mail, course title, start and end date,\n"
        "contact hours, trainer, certificate id and verify link. First and last name are the\n"
        "roster's when it had First name and Last name columns; otherwise the name is split\n"
        "before its last word."),
     EXPORT_OPTS, 0, 0, CK_CLI_DB_READ, run_report_completed},
    {"audit", "[--json]", N_("print the audit trail"), NULL, JSON_OPTS, 0, 0, CK_CLI_DB_READ,
     run_audit},
    {"audit verify", "[--expect SEQ:HASH]",
     N_("check the records' hash chain and the tables against it; exit 1 if altered"),
     N_("Checks every station's chain (entries numbered without gaps, each holding the hash of\n"
        "the one before, each hash right), then replays it and compares the result with the\n"
        "tables, naming the first record that differs. Entries removed from the end of the file\n"
        "cannot be seen from inside it: give --expect with a head written down earlier."),
     VERIFY_OPTS, 0, 0, CK_CLI_DB_READ, run_audit_verify},
    {"audit head", "[--json]", N_("print this station's chain head, to write down or print"),
     N_("The newest entry of the station's chain: its number and hash. Kept outside the file\n"
        "(on paper, a printed register, a server), it lets \"audit verify --expect\" find\n"
        "records removed from the end of the file."),
     JSON_OPTS, 0, 0, CK_CLI_DB_READ, run_audit_head},
    {NULL, NULL, NULL, NULL, NULL, 0, 0, CK_CLI_NO_DB, NULL},
};
