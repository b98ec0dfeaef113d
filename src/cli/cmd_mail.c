/* Mail commands: certificates and invitations by e-mail, the outbox, the server's login. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/timez.h"
#include "cli/cli.h"
#include "common/mem.h"

/* A message's state and kind in the CLI's language; --json and the database keep their names
 * ("handed", "invite"). */
static const char *mail_state_words(ck_mail_state state)
{
    const ck_lang *l = ck_cli_lang();
    /* TRANSLATORS: an e-mail message's state in the command line's outbox ("message 4 to
       zoe@example.org is unsure"): handed: given to the mail server, which may have taken it;
       unsure: it may have been delivered, so it is not sent again unless asked. */
    switch (state) {
    case CK_MAIL_QUEUED: return ck_lang_ptext(l, "mail", "queued");
    case CK_MAIL_SENDING: return ck_lang_ptext(l, "mail", "sending");
    case CK_MAIL_HANDED: return ck_lang_ptext(l, "mail", "handed");
    case CK_MAIL_SENT: return ck_lang_ptext(l, "mail", "sent");
    case CK_MAIL_FAILED: return ck_lang_ptext(l, "mail", "failed");
    case CK_MAIL_UNSURE: return ck_lang_ptext(l, "mail", "unsure");
    }
    return ck_mail_state_name(state);
}

static const char *mail_kind_words(ck_mail_kind kind)
{
    /* TRANSLATORS: what an e-mail message carries, in the outbox list. */
    return kind == CK_MAIL_CERTIFICATE ? ck_lang_ptext(ck_cli_lang(), "mail", "certificate")
           : kind == CK_MAIL_INVITE    ? ck_lang_ptext(ck_cli_lang(), "mail", "invite")
                                       : ck_mail_kind_name(kind);
}

static const ck_opt NO_OPTS[] = {{NULL, NULL, false, NULL}};

/* What a send run did, and for each message it left unsent, why. */
static int report_run(ck_cli *cli, const ck_mail_run *r, int64_t since)
{
    ck_err err = {0};
    ck_mail_rec *list = NULL;
    size_t n = 0;
    fprintf(cli->out, _("sent %zu, refused %zu, fate unknown %zu; %zu waiting in the outbox\n"),
            r->sent, r->refused, r->unsure, r->waiting);
    if (ck_app_mail_list(cli->app, &list, &n, &err) != CK_OK)
        return ck_cli_fail(cli, &err);
    for (size_t i = 0; i < n; i++) {
        const ck_mail_rec *m = &list[i];
        char why[1024];
        if (m->updated_at < since || m->state == CK_MAIL_SENT || ck_msg_empty(&m->error))
            continue;
        if (m->state == CK_MAIL_QUEUED) {
            char at[17];
            ck_tz_datetime(m->next_at, at);
            fprintf(cli->out, _("  message %lld to %s waits (next try %s): %s\n"), (long long)m->id,
                    ck_cli_text(cli, m->rcpt), at,
                    ck_cli_text(cli, ck_msg_word(&m->error, ck_cli_lang(), why, sizeof why)));
        } else {
            fprintf(cli->out, _("  message %lld to %s is %s: %s\n"), (long long)m->id,
                    ck_cli_text(cli, m->rcpt), mail_state_words(m->state),
                    ck_cli_text(cli, ck_msg_word(&m->error, ck_cli_lang(), why, sizeof why)));
        }
    }
    free(list);
    return r->refused || r->unsure ? CK_EXIT_FAIL : CK_EXIT_OK;
}

static int send_now(ck_cli *cli)
{
    ck_err err = {0};
    ck_mail_run run;
    int64_t since = ck_app_now(cli->app);
    if (ck_app_mail_send(cli->app, 0, &run, &err) != CK_OK)
        return ck_cli_fail(cli, &err);
    return report_run(cli, &run, since);
}

static const ck_opt SEND_OPTS[] = {
    {"all", NULL, false, N_("everyone eligible (certs send) or on the roster (roster invite)")},
    {"again", NULL, false, N_("queue a new message even if one was queued or sent before")},
    {"queue", NULL, false, N_("only put the messages in the outbox (\"mail send\" sends them)")},
    {NULL, NULL, false, NULL},
};

typedef struct send_ctx {
    const ck_cmd *cmd;
    const ck_args *a;
    bool invite;
    size_t queued;
} send_ctx;

static ck_rc queue_one(ck_cli *cli, const ck_attendee_rec *who, void *ctx, ck_err *err)
{
    send_ctx *sc = ctx;
    ck_mail_rec m;
    bool fresh = false;
    bool again = ck_cli_flag(sc->cmd, sc->a, "again");
    ck_rc rc = sc->invite
                   ? ck_app_mail_invite(cli->app, who->id, again, &m, &fresh, err)
                   : ck_app_mail_cert(cli->app, who->id, CK_SOURCE_TRAINER, again, &m, &fresh, err);
    if (rc)
        return rc;
    if (!fresh) {
        char when[17];
        ck_tz_datetime(m.updated_at, when);
        fprintf(cli->out,
                _("%s: message %lld to %s is already %s (%s); give --again for another\n"),
                ck_cli_text(cli, who->name), (long long)m.id, ck_cli_text(cli, m.rcpt),
                mail_state_words(m.state), when);
        return CK_OK;
    }
    sc->queued++;
    if (sc->invite)
        fprintf(cli->out, _("queued the invitation for %s to %s (message %lld)\n"),
                ck_cli_text(cli, who->name), ck_cli_text(cli, m.rcpt), (long long)m.id);
    else
        fprintf(cli->out, _("queued certificate %s for %s to %s (message %lld)\n"), m.cert_id,
                ck_cli_text(cli, who->name), ck_cli_text(cli, m.rcpt), (long long)m.id);
    return CK_OK;
}

/* certs send and roster invite: WHO… or --all, queued, then sent unless --queue. */
static int run_queue(ck_cli *cli, const ck_cmd *cmd, const ck_args *a, bool invite)
{
    send_ctx ctx = {cmd, a, invite, 0};
    bool all = ck_cli_flag(cmd, a, "all");
    int status = CK_EXIT_OK;
    if (all == (a->npos > 0))
        return ck_cli_usage_error(cli, cmd, "name who gets the message, or give --all");
    if (!ck_app_mail_ready(cli->app)) {
        ck_err err = {0};
        ck_err_set(&err, CK_ESTATE,
                   "mail is not set up; give the server and the sender first: \"classkiosk "
                   "config set smtp smtp://HOST:587\" and \"classkiosk config set mail-from "
                   "ADDRESS\"");
        return ck_cli_fail(cli, &err);
    }
    if (!all) {
        status = ck_cli_each_who(cli, a, queue_one, &ctx);
    } else {
        ck_err err = {0};
        ck_status *list = NULL;
        size_t n = 0;
        if (ck_app_status(cli->app, &list, &n, &err) != CK_OK)
            return ck_cli_fail(cli, &err);
        for (size_t i = 0; i < n; i++) {
            ck_err one = {0};
            if ((!invite && !list[i].eligible) || !*list[i].person.email)
                continue;
            if (queue_one(cli, &list[i].person, &ctx, &one) != CK_OK)
                status = ck_cli_fail(cli, &one);
        }
        ck_status_list_free(list, n);
    }
    if (ck_cli_flag(cmd, a, "queue") || ctx.queued == 0)
        return status;
    int sent = send_now(cli);
    return status != CK_EXIT_OK ? status : sent;
}

static int run_certs_send(ck_cli *cli, const ck_cmd *cmd, const ck_args *a)
{
    return run_queue(cli, cmd, a, false);
}

static int run_roster_invite(ck_cli *cli, const ck_cmd *cmd, const ck_args *a)
{
    return run_queue(cli, cmd, a, true);
}

static int run_mail_send(ck_cli *cli, const ck_cmd *cmd, const ck_args *a)
{
    return send_now(cli);
}

static int run_mail_list(ck_cli *cli, const ck_cmd *cmd, const ck_args *a)
{
    ck_err err = {0};
    ck_mail_rec *list = NULL;
    size_t n = 0;
    if (ck_app_mail_list(cli->app, &list, &n, &err) != CK_OK)
        return ck_cli_fail(cli, &err);
    if (ck_cli_flag(cmd, a, "json")) {
        json_t *arr = json_array();
        for (size_t i = 0; i < n; i++) {
            const ck_mail_rec *m = &list[i];
            char created[26], updated[26], next[26], sent[26], why[1024];
            ck_tz_iso(m->created_at, created);
            ck_tz_iso(m->updated_at, updated);
            ck_tz_iso(m->next_at, next);
            ck_tz_iso(m->sent_at, sent);
            json_t *o = json_pack(
                "{s:I, s:s, s:s, s:I, s:s, s:s, s:s, s:i, s:s, s:s, s:s, s:s}", "id",
                (json_int_t)m->id, "kind", ck_mail_kind_name(m->kind), "state",
                ck_mail_state_name(m->state), "attendee", (json_int_t)m->attendee_id, "name",
                m->holder, "to", m->rcpt, "message_id", m->message_id, "attempts", m->attempts,
                "created_at", created, "updated_at", updated, "last_error",
                ck_msg_word(&m->error, ck_cli_lang(), why, sizeof why), "reply", m->reply);
            json_object_set_new(o, "certificate",
                                *m->cert_id ? json_string(m->cert_id) : json_null());
            json_object_set_new(o, "next_try_at",
                                m->state == CK_MAIL_QUEUED ? json_string(next) : json_null());
            json_object_set_new(o, "sent_at", m->sent_at ? json_string(sent) : json_null());
            json_array_append_new(arr, o);
        }
        free(list);
        return ck_cli_print_json(cli, arr);
    }
    if (n == 0)
        fprintf(cli->out, _("the outbox is empty\n"));
    for (size_t i = 0; i < n; i++) {
        const ck_mail_rec *m = &list[i];
        char when[17], why[1024];
        ck_tz_datetime(m->state == CK_MAIL_SENT ? m->sent_at : m->updated_at, when);
        fprintf(cli->out, "%5lld  ", (long long)m->id);
        ck_cli_pad(cli, mail_state_words(m->state), 7);
        fputc(' ', cli->out);
        ck_cli_pad(cli, mail_kind_words(m->kind), 11);
        fprintf(cli->out, " %s  ", when);
        ck_cli_pad(cli, m->holder, 28);
        fprintf(cli->out, " %s\n", ck_cli_text(cli, m->rcpt));
        if (m->state != CK_MAIL_SENT && !ck_msg_empty(&m->error))
            fprintf(cli->out, "       %s\n",
                    ck_cli_text(cli, ck_msg_word(&m->error, ck_cli_lang(), why, sizeof why)));
    }
    free(list);
    return CK_EXIT_OK;
}

static int run_mail_retry(ck_cli *cli, const ck_cmd *cmd, const ck_args *a)
{
    ck_err err = {0};
    long id = 0;
    if (!ck_cli_int(cli, cmd, "ID", a->pos[0], 1, 1L << 40, &id))
        return CK_EXIT_USAGE;
    if (ck_app_mail_retry(cli->app, id, &err) != CK_OK)
        return ck_cli_fail(cli, &err);
    fprintf(cli->out, _("message %ld is queued again, as it was (the same Message-ID)\n"), id);
    return send_now(cli);
}

static int run_mail_login(ck_cli *cli, const ck_cmd *cmd, const ck_args *a)
{
    ck_err err = {0};
    char user[512], password[512], path[4200];
    bool tty = isatty(STDIN_FILENO);
    if (tty)
        fputs(_("User name: "), stderr);
    if (!ck_cli_read_line(user, sizeof user, false, ""))
        user[0] = '\0';
    bool got = ck_cli_read_line(password, sizeof password, tty, _("Password: "));
    if (!got)
        password[0] = '\0';
    ck_rc rc = ck_app_mail_login(cli->app, user, password, &err);
    ck_wipe(password, sizeof password);
    if (rc)
        return ck_cli_fail(cli, &err);
    ck_app_mail_login_path(cli->app, path, sizeof path);
    fprintf(cli->out, _("the login for %s is stored in %s (mode 0600)\n"), ck_cli_text(cli, user),
            ck_cli_text(cli, path));
    return CK_EXIT_OK;
}

const ck_cmd ck_cli_mail_cmds[] = {
    {"certs send", "WHO… | --all [--again] [--queue]",
     N_("e-mail each attendee's certificate to the address on the roster"),
     N_("Issues the certificate if needed, puts a message with the PDF attached, the verify\n"
        "link and the course in the outbox (committed before anything is sent), then sends\n"
        "what is due. A certificate already queued or sent is not sent again without --again.\n"
        "A server that is down or refuses for now is retried later (\"mail send\")."),
     SEND_OPTS, 0, CK_CLI_MAX_POS, CK_CLI_DB_EXISTING, run_certs_send},
    {"roster invite", "WHO… | --all [--again] [--queue]",
     N_("e-mail each attendee their badge before the course"),
     N_("The message carries the person's badge (a one-label PDF with the check-in code) to\n"
        "print or to show on a phone at the kiosk's scanner. Through the outbox, like\n"
        "\"certs send\"."),
     SEND_OPTS, 0, CK_CLI_MAX_POS, CK_CLI_DB_EXISTING, run_roster_invite},
    {"mail send", "", N_("send the messages in the outbox that are due"),
     N_("Each message is sent once: a server that is down or says \"not now\" gets it again\n"
        "later (1, 2, 5, 10, 30 minutes, then hourly, 16 tries); a refusal for good (an address\n"
        "the server does not know) keeps the message as failed with the server's words; a\n"
        "message whose connection ended after it was handed over is \"unsure\" and is not sent\n"
        "again unless \"mail retry\" says so. The kiosk sends due messages by itself."),
     NO_OPTS, 0, 0, CK_CLI_DB_EXISTING, run_mail_send},
    {"mail list", "[--json]", N_("show the outbox: each message's state and why"), NULL,
     (const ck_opt[]){{"json", NULL, false, N_("print JSON")}, {NULL, NULL, false, NULL}}, 0, 0,
     CK_CLI_DB_READ, run_mail_list},
    {"mail retry", "ID", N_("queue a failed or unsure message again, as it was, and send it"),
     N_("The same bytes under the same Message-ID: if an unsure message did arrive, the\n"
        "recipient's mail system can tell the second copy is the same message."),
     NO_OPTS, 1, 1, CK_CLI_DB_EXISTING, run_mail_retry},
    {"mail login", "", N_("store the mail server's user name and password"),
     N_("Reads the user name and then the password (on a terminal it asks, without echoing\n"
        "the password; otherwise one per line on stdin) and writes them to the login file\n"
        "beside the database (classkiosk.db -> classkiosk.mail-login, mode 0600), never to\n"
        "the database or the command line. Without that file mail is sent without a login."),
     NO_OPTS, 0, 0, CK_CLI_DB_EXISTING, run_mail_login},
    {NULL, NULL, NULL, NULL, NULL, 0, 0, CK_CLI_NO_DB, NULL},
};
