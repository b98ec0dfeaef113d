/* The organisation's server: server init, add-station, revoke-station; join, sync, sync status. */
#include <jansson.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "app/timez.h"
#include "cli/cli.h"
#include "common/file.h"
#include "common/mem.h"

static const ck_opt SERVER_OPTS[] = {
    {"server", "URL", false, N_("the organisation's server: a connection URI of its owner role")},
    {NULL, NULL, false, NULL},
};

static const ck_opt NO_OPTS[] = {{NULL, NULL, false, NULL}};

static const ck_opt JSON_OPTS[] = {
    {"json", NULL, false, N_("print JSON")},
    {NULL, NULL, false, NULL},
};

static int run_server_init(ck_cli *cli, const ck_cmd *cmd, const ck_args *a)
{
    ck_err err = {0};
    ck_server_info info;
    if (ck_app_server_init(a->pos[0], &info, &err) != CK_OK)
        return ck_cli_fail(cli, &err);
    const char *where = ck_cli_text(cli, info.where);
    if (info.from == info.to)
        fprintf(cli->out,
                _("the server at %s holds the classkiosk schema %d already; nothing to do"), where,
                info.to);
    else if (info.from == 0)
        fprintf(cli->out, _("the server at %s holds the classkiosk schema %d now"), where, info.to);
    else
        fprintf(cli->out, _("the server at %s holds the classkiosk schema %d now (it held %d)"),
                where, info.to, info.from);
    fputc('\n', cli->out);
    if (!info.tls)
        fprintf(cli->out, "%s\n",
                _("note: the connection was not encrypted; stations should connect with "
                  "sslmode=verify-full (see kiosk/README.md)"));
    return CK_EXIT_OK;
}

/* The owner's URI, which server add-station and revoke-station need; NULL after a usage error. */
static const char *owner_url(ck_cli *cli, const ck_cmd *cmd, const ck_args *a)
{
    const char *server = ck_cli_value(cmd, a, "server");
    if (!server)
        ck_cli_usage_error(cli, cmd, "--server URL is required: the owner's connection URI");
    return server;
}

static int run_add_station(ck_cli *cli, const ck_cmd *cmd, const ck_args *a)
{
    ck_err err = {0};
    char uri[CK_APP_URI_MAX];
    const char *server = owner_url(cli, cmd, a);
    if (!server)
        return CK_EXIT_USAGE;
    if (ck_app_server_add_station(server, a->pos[0], uri, sizeof uri, &err) != CK_OK)
        return ck_cli_fail(cli, &err);
    fprintf(cli->out,
            _("registered the station %s; on it, run \"classkiosk join -\" and paste this URI "
              "(it holds the station's password, shown only now):"),
            ck_cli_text(cli, a->pos[0]));
    fprintf(cli->out, "\n%s\n", uri);
    ck_wipe(uri, sizeof uri);
    return CK_EXIT_OK;
}

static int run_revoke_station(ck_cli *cli, const ck_cmd *cmd, const ck_args *a)
{
    ck_err err = {0};
    int64_t when = 0;
    char at[17];
    const char *server = owner_url(cli, cmd, a);
    if (!server)
        return CK_EXIT_USAGE;
    if (ck_app_server_revoke_station(server, a->pos[0], &when, &err) != CK_OK)
        return ck_cli_fail(cli, &err);
    ck_tz_datetime(when, at);
    fprintf(cli->out,
            _("revoked the station %s at %s: its role may not log in and the server takes nothing "
              "more from it; its certificates recorded before then stay valid"),
            ck_cli_text(cli, a->pos[0]), at);
    fputc('\n', cli->out);
    return CK_EXIT_OK;
}

static int run_join(ck_cli *cli, const ck_cmd *cmd, const ck_args *a)
{
    ck_err err = {0};
    ck_join_result res;
    char *text = NULL;
    size_t len = 0;
    const char *uri = a->pos[0];
    /* "-": the URI from stdin, so the password stays out of the shell's history and ps. */
    if (strcmp(uri, "-") == 0) {
        if (ck_file_read_stream(&text, &len, stdin, 8192, "the URI on stdin", &err) != CK_OK)
            return ck_cli_fail(cli, &err);
        char *p = text;
        while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
            p++;
        p[strcspn(p, "\r\n")] = '\0';
        uri = p;
    }
    ck_rc rc = ck_app_join(cli->app, uri, &res, &err);
    if (text) {
        ck_wipe(text, len);
        free(text);
    }
    if (rc != CK_OK)
        return ck_cli_fail(cli, &err);
    const char *server = ck_cli_text(cli, res.server), *station = ck_cli_text(cli, res.station),
               *passfile = ck_cli_text(cli, res.passfile);
    if (res.tls)
        fprintf(cli->out,
                _("joined %s as the station %s over TLS; the password is in %s (mode 0600)"),
                server, station, passfile);
    else
        fprintf(cli->out, _("joined %s as the station %s; the password is in %s (mode 0600)"),
                server, station, passfile);
    fprintf(cli->out, "\n%s\n",
            _("\"classkiosk sync\" sends this station's records and fetches the others'"));
    return CK_EXIT_OK;
}

/* How far this station's clock is from the server's, in a whole sentence of fmt_behind or
 * fmt_ahead (each with one %s: "45 s", "3 min"). */
static void print_clock(ck_cli *cli, int64_t offset_ms, const char *fmt_behind,
                        const char *fmt_ahead)
{
    int64_t s = (offset_ms < 0 ? -offset_ms : offset_ms) / 1000;
    char dur[64];
    if (s < 60)
        snprintf(dur, sizeof dur, _("%lld s"), (long long)s);
    else
        ck_lang_minutes(ck_cli_lang(), (int)(s / 60), dur, sizeof dur);
    /* offset is the server's clock minus ours: positive means ours is behind. */
    fprintf(cli->out, offset_ms > 0 ? fmt_behind : fmt_ahead, dur);
    fputc('\n', cli->out);
}

static int run_sync(ck_cli *cli, const ck_cmd *cmd, const ck_args *a)
{
    ck_err err = {0};
    ck_sync_result r;
    ck_rc rc = ck_app_sync(cli->app, &r, &err);
    if (rc != CK_OK) {
        ck_cli_fail(cli, &err);
        if (r.pushed || r.pulled) {
            fprintf(cli->errout, "%s: ", cli->prog);
            fprintf(cli->errout,
                    _("before that, %zu records were sent and %zu taken in; they are safe"),
                    r.pushed, r.pulled);
            fputc('\n', cli->errout);
        }
        return CK_EXIT_FAIL;
    }
    if (r.restored) {
        fprintf(cli->out,
                ngettext_cli("took back %zu of this station's own records from the server: the "
                             "file had lost it (a backup put back?)",
                             "took back %zu of this station's own records from the server: the "
                             "file had lost them (a backup put back?)",
                             r.restored),
                r.restored);
        fputc('\n', cli->out);
    }
    /* TRANSLATORS: the second %zu counts the records taken in, the third the stations. */
    fprintf(cli->out,
            ngettext_cli("sent %zu records, took in %zu from %zu other station",
                         "sent %zu records, took in %zu from %zu other stations", r.from),
            r.pushed, r.pulled, r.from);
    fputc('\n', cli->out);
    if (r.aside) {
        fprintf(cli->out,
                ngettext_cli("%zu record of other stations could not be used here (a newer "
                             "classkiosk wrote it?): kept, and set aside; \"classkiosk sync "
                             "status\" says why",
                             "%zu records of other stations could not be used here (a newer "
                             "classkiosk wrote them?): kept, and set aside; \"classkiosk sync "
                             "status\" says why",
                             r.aside),
                r.aside);
        fputc('\n', cli->out);
    }
    if (r.waiting) {
        fprintf(cli->out,
                ngettext_cli("%zu record waits for a record of a station not fetched yet; the "
                             "next sync completes it",
                             "%zu records wait for a record of a station not fetched yet; the "
                             "next sync completes them",
                             r.waiting),
                r.waiting);
        fputc('\n', cli->out);
    }
    int64_t off = r.offset_ms < 0 ? -r.offset_ms : r.offset_ms;
    if (off > CK_APP_CLOCK_SKEW_S * 1000)
        print_clock(cli, r.offset_ms,
                    /* TRANSLATORS: %s is a duration, e.g. "3 min". */
                    _("warning: this station's clock is %s behind the server's; check-ins carry "
                      "this station's time, so set its clock right"),
                    _("warning: this station's clock is %s ahead of the server's; check-ins "
                      "carry this station's time, so set its clock right"));
    if (r.tls)
        fprintf(cli->out, _("in step as the station %s (over TLS)"), ck_cli_text(cli, r.station));
    else
        fprintf(cli->out, _("in step as the station %s"), ck_cli_text(cli, r.station));
    fputc('\n', cli->out);
    return CK_EXIT_OK;
}

static json_t *when_json(int64_t t)
{
    char iso[26];
    if (!t)
        return json_null();
    ck_tz_iso(t, iso);
    return json_string(iso);
}

/* One line of sync status: a label's sentence with its figures, then a line break. */
static void status_line(ck_cli *cli, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void status_line(ck_cli *cli, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfprintf(cli->out, fmt, ap);
    va_end(ap);
    fputc('\n', cli->out);
}

static int run_sync_status(ck_cli *cli, const ck_cmd *cmd, const ck_args *a)
{
    ck_err err = {0};
    ck_sync_status s;
    char why[2048] = "", aside[2048] = "";
    if (ck_app_sync_status(cli->app, &s, &err) != CK_OK)
        return ck_cli_fail(cli, &err);
    bool in_step = s.joined && s.last_ok && ck_msg_empty(&s.last_error);
    if (!ck_msg_empty(&s.last_error))
        ck_msg_word(&s.last_error, ck_cli_lang(), why, sizeof why);
    if (s.aside)
        ck_msg_word(&s.aside_why, ck_cli_lang(), aside, sizeof aside);
    if (ck_cli_flag(cmd, a, "json")) {
        json_t *o = json_pack(
            "{s:b, s:s, s:s, s:o, s:o, s:o, s:b, s:b, s:s, s:I, s:b, s:I}", "joined", s.joined,
            "server", s.server, "station", s.station, "last_sync", when_json(s.last_ok), "last_try",
            when_json(s.last_try), "unreachable_since", when_json(s.unreachable_since), "in_step",
            in_step, "refused", s.refused, "error", why, "waiting", (json_int_t)s.waiting,
            "clock_off", s.clock_off, "stations", (json_int_t)s.stations);
        if (o)
            json_object_set_new(o, "clock_offset_ms",
                                s.offset_known ? json_integer(s.offset_ms) : json_null());
        if (o)
            json_object_set_new(o, "set_aside", json_integer((json_int_t)s.aside));
        return ck_cli_print_json(cli, o);
    }
    if (!s.joined) {
        status_line(cli, "%s",
                    _("this station has joined no organisation's server (\"classkiosk join "
                      "URI\")"));
        return CK_EXIT_OK;
    }
    char when[17];
    status_line(cli, _("server:   %s"), ck_cli_text(cli, s.server));
    status_line(cli,
                ngettext_cli("station:  %s (%zu station known)",
                             "station:  %s (%zu stations known)", s.stations),
                ck_cli_text(cli, s.station), s.stations);
    if (s.last_ok) {
        ck_tz_datetime(s.last_ok, when);
        status_line(cli, _("in step:  %s"), when);
    } else {
        status_line(cli, "%s", _("in step:  never yet"));
    }
    status_line(cli,
                ngettext_cli("waiting:  %lld record of this station not on the server yet",
                             "waiting:  %lld records of this station not on the server yet",
                             (unsigned long)s.waiting),
                (long long)s.waiting);
    if (s.unreachable_since) {
        ck_tz_datetime(s.unreachable_since, when);
        status_line(cli, _("server:   unreachable since %s"), when);
    } else if (s.refused) {
        status_line(cli, "%s", _("server:   reachable, but it refused the last sync"));
    } else if (s.last_try) {
        status_line(cli, "%s", _("server:   reachable at the last try"));
    }
    if (*why)
        status_line(cli, _("why:      %s"), ck_cli_text(cli, why));
    if (s.aside)
        status_line(
            cli,
            ngettext_cli("aside:    %zu record of other stations could not be used here: %s",
                         "aside:    %zu records of other stations could not be used here: "
                         "%s",
                         s.aside),
            s.aside, ck_cli_text(cli, aside));
    if (s.offset_known) {
        /* TRANSLATORS: %s is a duration, e.g. "45 s" or "3 min". */
        print_clock(cli, s.offset_ms, _("clock:    %s behind the server's"),
                    _("clock:    %s ahead of the server's"));
        if (s.clock_off)
            status_line(cli, "%s",
                        _("          more than 2 minutes: set this station's clock right"));
    }
    return CK_EXIT_OK;
}

const ck_cmd ck_cli_sync_cmds[] = {
    {"server init", "URL", N_("create or upgrade the organisation's schema on a PostgreSQL server"),
     N_("URL is a libpq connection URI of a role that owns the database and may create roles,\n"
        "e.g. postgresql://owner@db.example.org/academy?sslmode=verify-full (give the password\n"
        "in ~/.pgpass or PGPASSWORD, not in the URI). Creates the tables, the stations' group\n"
        "role and the row-level security policies, or upgrades an older schema; a newer one is\n"
        "refused. Needs no station database."),
     NO_OPTS, 1, 1, CK_CLI_NO_DB, run_server_init},
    {"server add-station", "NAME --server URL",
     N_("register a station; prints the URI it joins with"),
     N_("Creates the station's own role on the server, with a fresh random password. The last\n"
        "line printed is the connection URI the station joins with (\"classkiosk join -\" on it);\n"
        "it holds the password, which is shown only this once."),
     SERVER_OPTS, 1, 1, CK_CLI_NO_DB, run_add_station},
    {"server revoke-station", "NAME --server URL",
     N_("revoke a lost or stolen station: its role may not log in any more"),
     N_("The server takes nothing more from the station; every station refuses its signing keys\n"
        "for certificates its chain does not hold from before the revocation."),
     SERVER_OPTS, 1, 1, CK_CLI_NO_DB, run_revoke_station},
    {"join", "URI | -", N_("join the organisation's server with the URI add-station printed"),
     N_("Connects as the station's role and claims its registration for this database. The\n"
        "password goes into a pgpass file beside the database (mode 0600), the URI without it\n"
        "into the settings, and the station takes the name it was registered under. Give \"-\"\n"
        "to read the URI from stdin, so it stays out of the shell's history."),
     NO_OPTS, 1, 1, CK_CLI_DB_EXISTING, run_join},
    {"sync", "", N_("send this station's records to the server and fetch the other stations'"),
     N_("Pushes this station's chain entries the server lacks, then pulls every other station's\n"
        "entries this file lacks, each chain checked before it is replayed. Stopping it at any\n"
        "moment loses nothing; running it again goes on. Exit status 0 when in step, 1 with a\n"
        "sentence when the server cannot be reached or refuses."),
     NO_OPTS, 0, 0, CK_CLI_DB_EXISTING, run_sync},
    {"sync status", "[--json]",
     N_("the last sync: when in step, records waiting, whether the server answers, the clock"),
     NULL, JSON_OPTS, 0, 0, CK_CLI_DB_READ, run_sync_status},
    {NULL, NULL, NULL, NULL, NULL, 0, 0, CK_CLI_NO_DB, NULL},
};
