/* Report commands: status and the audit trail. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "app/timez.h"
#include "cli/cli.h"

static const ck_opt NO_OPTS[] = {{NULL, NULL, false, NULL}};
static const ck_opt JSON_OPTS[] = {
    {"json", NULL, false, "print JSON"},
    {NULL, NULL, false, NULL},
};

static json_t *status_json(const ck_status *s)
{
    json_t *days = json_array();
    for (size_t d = 0; d < s->ndays; d++) {
        const ck_day_status *ds = &s->days[d];
        json_t *o = json_pack("{s:i, s:s, s:i, s:i, s:b}", "day", (int)d + 1, "date", ds->date,
                              "required_minutes", ds->result.required_minutes, "present_minutes",
                              ds->result.present_minutes, "complete", ds->result.complete);
        if (ds->result.open) {
            char iso[26];
            ck_tz_iso(ds->result.open_since, iso);
            json_object_set_new(o, "open_since", json_string(iso));
        }
        json_array_append_new(days, o);
    }
    json_t *reasons = json_array();
    for (size_t r = 0; r < s->nreasons; r++)
        json_array_append_new(reasons, json_string(s->reasons[r]));
    json_t *o = json_pack("{s:I, s:s, s:s, s:o, s:b, s:b, s:b, s:o}", "id",
                          (json_int_t)s->person.id, "name", s->person.name, "email",
                          s->person.email, "days", days, "checked_in", s->in_now,
                          "license_accepted", s->license_accepted, "eligible", s->eligible,
                          "reasons", reasons);
    json_object_set_new(o, "license_version",
                        s->license_version ? json_integer(s->license_version) : json_null());
    return o;
}

static void print_status_line(ck_cli *cli, const ck_status *s)
{
    ck_cli_pad(cli->out, s->person.name, 32);
    for (size_t d = 0; d < s->ndays; d++) {
        const ck_day_result *r = &s->days[d].result;
        char t[32];
        ck_app_format_minutes(r->open ? r->so_far_minutes : r->present_minutes, t, sizeof t);
        fprintf(cli->out, "  day %zu %-12s %s", d + 1, t,
                r->complete ? "ok " : r->open ? "in " : "-- ");
    }
    fprintf(cli->out, "  license %s  %s\n", s->license_accepted ? "ok" : "--",
            s->eligible ? "ELIGIBLE" : "not eligible");
    for (size_t r = 0; r < s->nreasons; r++)
        fprintf(cli->out, "    - %s\n", s->reasons[r]);
}

static int run_status(ck_cli *cli, const ck_cmd *cmd, const ck_args *a)
{
    ck_err err = {0};
    const ck_course_rec *c;
    ck_status *list = NULL;
    size_t n = 0;
    if (ck_app_course(cli->app, &c, &err) != CK_OK || ck_app_status(cli->app, &list, &n, &err))
        return ck_cli_fail(cli, &err);
    size_t eligible = 0;
    for (size_t i = 0; i < n; i++)
        eligible += list[i].eligible;
    if (ck_cli_flag(cmd, a, "json")) {
        json_t *dates = json_array(), *people = json_array();
        for (size_t d = 0; d < c->ndays; d++)
            json_array_append_new(dates, json_string(c->days[d].date));
        for (size_t i = 0; i < n; i++)
            json_array_append_new(people, status_json(&list[i]));
        json_t *course = json_pack("{s:I, s:s, s:s, s:s, s:s, s:f, s:i, s:o}", "id",
                                   (json_int_t)c->id, "title", c->title, "trainer", c->trainer,
                                   "credential", c->credential, "location", c->location,
                                   "contact_hours", c->hours, "tolerance_minutes",
                                   c->tolerance_min, "days", dates);
        ck_status_list_free(list, n);
        return ck_cli_print_json(
            cli, json_pack("{s:o, s:o, s:{s:i, s:i}}", "course", course, "attendees", people,
                           "summary", "attendees", (int)n, "eligible", (int)eligible));
    }
    fprintf(cli->out, "%s — %s, tolerance %d min per day\n", c->title, c->trainer,
            c->tolerance_min);
    for (size_t i = 0; i < n; i++)
        print_status_line(cli, &list[i]);
    fprintf(cli->out, "%zu of %zu eligible\n", eligible, n);
    ck_status_list_free(list, n);
    return CK_EXIT_OK;
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
            json_array_append_new(arr, json_pack("{s:I, s:s, s:s, s:s, s:o, s:s, s:s}", "id",
                                                 (json_int_t)r->id, "at", iso, "actor", r->actor,
                                                 "action", r->action, "detail",
                                                 detail ? detail : json_string(r->detail), "prev",
                                                 r->prev, "hash", r->hash));
        } else {
            fprintf(cli->out, "%5lld  %s  %-8s %-18s %s\n", (long long)r->id, iso, r->actor,
                    r->action, r->detail);
        }
    }
    ck_audit_list_free(list, n);
    if (json)
        return ck_cli_print_json(cli, arr);
    if (n == 0)
        fprintf(cli->out, "the audit trail is empty\n");
    return CK_EXIT_OK;
}

static int run_audit_verify(ck_cli *cli, const ck_cmd *cmd, const ck_args *a)
{
    ck_err err = {0};
    size_t checked = 0;
    if (ck_app_audit_verify(cli->app, &checked, &err) != CK_OK) {
        fprintf(cli->out, "audit trail BROKEN after %zu good record(s)\n", checked);
        return ck_cli_fail(cli, &err);
    }
    fprintf(cli->out, "audit trail intact: %zu record(s), each chained to the one before\n",
            checked);
    return CK_EXIT_OK;
}

const ck_cmd ck_cli_report_cmds[] = {
    {"status", "[--json]", "attendance, license and eligibility of everyone in the course",
     "Per attendee and day: required and present minutes, complete or not; the license\n"
     "decision; eligible or not, and the reasons why not in plain sentences.",
     JSON_OPTS, 0, 0, CK_CLI_DB_EXISTING, run_status},
    {"audit", "[--json]", "print the audit trail", NULL, JSON_OPTS, 0, 0, CK_CLI_DB_EXISTING,
     run_audit},
    {"audit verify", "", "check the audit trail's hash chain; exit 1 if it was altered", NULL,
     NO_OPTS, 0, 0, CK_CLI_DB_EXISTING, run_audit_verify},
    {NULL, NULL, NULL, NULL, NULL, 0, 0, CK_CLI_NO_DB, NULL},
};
