/* Attendee commands: roster, check-in/out, corrections, closing the day, the license. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "app/timez.h"
#include "cli/cli.h"
#include "core/text.h"

static const ck_opt NO_OPTS[] = {{NULL, NULL, false, NULL}};
static const ck_opt JSON_OPTS[] = {
    {"json", NULL, false, N_("print JSON")},
    {NULL, NULL, false, NULL},
};

static int run_roster_import(ck_cli *cli, const ck_cmd *cmd, const ck_args *a)
{
    ck_err err = {0};
    ck_import_result r;
    if (ck_app_roster_import(cli->app, a->pos[0], &r, &err) != CK_OK)
        return ck_cli_fail(cli, &err);
    fprintf(cli->out, _("%zu added, %zu renamed, %zu unchanged"), r.added, r.renamed, r.unchanged);
    fputc('\n', cli->out);
    if (r.languages) {
        fprintf(cli->out,
                ngettext_cli("%zu person already on the roster has a new language",
                             "%zu people already on the roster have a new language", r.languages),
                r.languages);
        fputc('\n', cli->out);
    }
    return CK_EXIT_OK;
}

static int run_roster_list(ck_cli *cli, const ck_cmd *cmd, const ck_args *a)
{
    ck_err err = {0};
    ck_attendee_rec *list = NULL;
    size_t n = 0;
    if (ck_app_roster(cli->app, &list, &n, &err) != CK_OK)
        return ck_cli_fail(cli, &err);
    if (ck_cli_flag(cmd, a, "json")) {
        json_t *arr = json_array();
        for (size_t i = 0; i < n; i++)
            json_array_append_new(arr, json_pack("{s:I, s:s, s:s, s:s, s:s?}", "id",
                                                 (json_int_t)list[i].id, "name", list[i].name,
                                                 "email", list[i].email, "uid", list[i].uid, "lang",
                                                 list[i].lang[0] ? list[i].lang : NULL));
        free(list);
        return ck_cli_print_json(cli, arr);
    }
    if (n == 0)
        fprintf(cli->out, "%s\n",
                _("the roster is empty; import one with \"classkiosk roster import FILE\""));
    for (size_t i = 0; i < n; i++)
        fprintf(cli->out, "%5lld  %s%s%s%s%s%s\n", (long long)list[i].id,
                ck_cli_text(cli, list[i].name), *list[i].email ? " <" : "",
                ck_cli_text(cli, list[i].email), *list[i].email ? ">" : "",
                *list[i].lang ? "  " : "", list[i].lang);
    free(list);
    return CK_EXIT_OK;
}

static const ck_opt BADGE_OPTS[] = {
    {"out", "FILE.pdf", false, N_("where to write them (default: reports/ beside the database)")},
    {"letter", NULL, false, N_("US Letter sheets (Avery 5395) instead of A4 (Avery L4785)")},
    {"layout", "NAME", false,
     N_("avery-l4785 (A4, 2 x 5), avery-l7165 (A4, 2 x 4), avery-5395 (US "
        "Letter, 2 x 4)")},
    {"outlines", NULL, false, N_("draw each label's edge, for plain paper")},
    {NULL, NULL, false, NULL},
};

static int run_roster_badges(ck_cli *cli, const ck_cmd *cmd, const ck_args *a)
{
    ck_err err = {0};
    ck_badge_result r;
    int64_t *who = NULL;
    int status = CK_EXIT_OK;
    if (a->npos) {
        who = calloc(a->npos, sizeof *who);
        if (!who) {
            ck_err_set(&err, CK_ENOMEM, "out of memory making badges");
            return ck_cli_fail(cli, &err);
        }
        for (size_t i = 0; i < a->npos; i++) {
            ck_attendee_rec p;
            if (!ck_cli_who(cli, a->pos[i], &p, &status)) {
                free(who);
                return status;
            }
            who[i] = p.id;
        }
    }
    ck_badge_opts o = {.out = ck_cli_value(cmd, a, "out"),
                       .letter = ck_cli_flag(cmd, a, "letter"),
                       .layout = ck_cli_value(cmd, a, "layout"),
                       .outlines = ck_cli_flag(cmd, a, "outlines"),
                       .who = who,
                       .nwho = a->npos};
    ck_rc rc = ck_app_badges(cli->app, &o, &r, &err);
    free(who);
    if (rc)
        return ck_cli_fail(cli, &err);
    fprintf(cli->out,
            ngettext_cli("%zu badge on %d sheet of %s (%zu new codes): %s\n",
                         "%zu badges on %d sheets of %s (%zu new codes): %s\n", r.badges),
            r.badges, r.pages, r.product, r.made, ck_cli_text(cli, r.path));
    return CK_EXIT_OK;
}

static const ck_opt ROSTER_ADD_OPTS[] = {
    {"email", "ADDRESS", false, N_("their e-mail address")},
    {"lang", "LANGUAGE", false,
     N_("their language (en, de, fr, es, pt_BR or a name such as Deutsch): the kiosk greets "
        "them in it")},
    {NULL, NULL, false, NULL},
};

static int run_roster_add(ck_cli *cli, const ck_cmd *cmd, const ck_args *a)
{
    ck_err err = {0};
    int64_t id = 0;
    if (ck_app_roster_add_lang(cli->app, a->pos[0], ck_cli_value(cmd, a, "email"),
                               ck_cli_value(cmd, a, "lang"), &id, &err) != CK_OK)
        return ck_cli_fail(cli, &err);
    fprintf(cli->out, "%lld\n", (long long)id);
    return CK_EXIT_OK;
}

static const ck_opt PRESENCE_OPTS[] = {
    {"at", "\"YYYY-MM-DD HH:MM\"", false,
     "record a trainer correction at that local time (or HH:MM today); needs --reason"},
    {"reason", "TEXT", false, N_("why the trainer records this (kept in the audit trail)")},
    {NULL, NULL, false, NULL},
};

/* --at accepts "YYYY-MM-DD HH:MM" or "HH:MM" (today). */
static bool parse_at(ck_cli *cli, const char *text, int64_t *out)
{
    ck_err err = {0};
    char full[32];
    if (strlen(text) == 5) {
        char today[11];
        ck_tz_date(ck_app_now(cli->app), today);
        snprintf(full, sizeof full, "%s %s", today, text);
        text = full;
    }
    if (ck_tz_parse_datetime(text, out, "--at", &err) != CK_OK) {
        ck_cli_fail(cli, &err);
        return false;
    }
    return true;
}

static void print_progress(ck_cli *cli, const ck_presence_result *r)
{
    char so_far[32], req[32];
    const ck_lang *l = ck_cli_lang();
    ck_lang_minutes(l, r->day.open ? r->day.so_far_minutes : r->day.present_minutes, so_far,
                    sizeof so_far);
    ck_lang_minutes(l, r->day.required_minutes, req, sizeof req);
    if (r->day.complete)
        fprintf(cli->out, _("day %d: %s of %s — complete"), r->day_index + 1, so_far, req);
    else
        fprintf(cli->out, _("day %d: %s of %s"), r->day_index + 1, so_far, req);
    fputc('\n', cli->out);
}

static ck_rc presence_one(ck_cli *cli, const ck_attendee_rec *who, void *ctx, ck_err *err)
{
    ck_presence_req req = *(const ck_presence_req *)ctx;
    ck_presence_result r;
    req.attendee_id = who->id;
    ck_rc rc = ck_app_presence(cli->app, &req, &r, err);
    if (rc)
        return rc;
    char hm[6];
    if (!r.changed) {
        ck_tz_hm(r.since, hm);
        fprintf(cli->out, _("%s is already checked in (since %s)"), ck_cli_text(cli, r.person.name),
                hm);
    } else {
        ck_tz_hm(r.at, hm);
        if (req.kind == CK_EVENT_IN)
            fprintf(cli->out, _("%s checked in at %s"), ck_cli_text(cli, r.person.name), hm);
        else
            fprintf(cli->out, _("%s checked out at %s"), ck_cli_text(cli, r.person.name), hm);
    }
    fputc('\n', cli->out);
    print_progress(cli, &r);
    return CK_OK;
}

static int presence(ck_cli *cli, const ck_cmd *cmd, const ck_args *a, ck_event_kind kind)
{
    const char *at_text = ck_cli_value(cmd, a, "at");
    const char *reason = ck_cli_value(cmd, a, "reason");
    ck_presence_req req = {.kind = kind, .source = CK_SOURCE_SELF, .reason = reason};
    if (at_text && !parse_at(cli, at_text, &req.at))
        return CK_EXIT_FAIL;
    req.at_given = at_text != NULL;
    if (at_text || reason)
        req.source = CK_SOURCE_TRAINER;
    /* Each person is their own transaction: a line printed is a line committed. */
    return ck_cli_each_who(cli, a, presence_one, &req);
}

static int run_checkin(ck_cli *cli, const ck_cmd *cmd, const ck_args *a)
{
    return presence(cli, cmd, a, CK_EVENT_IN);
}

static int run_checkout(ck_cli *cli, const ck_cmd *cmd, const ck_args *a)
{
    return presence(cli, cmd, a, CK_EVENT_OUT);
}

static int run_events(ck_cli *cli, const ck_cmd *cmd, const ck_args *a)
{
    ck_err err = {0};
    ck_attendee_rec who;
    int status = CK_EXIT_OK;
    if (!ck_cli_who(cli, a->pos[0], &who, &status))
        return status;
    ck_event_rec *list = NULL;
    size_t n = 0;
    if (ck_app_events(cli->app, who.id, &list, &n, &err) != CK_OK)
        return ck_cli_fail(cli, &err);
    bool json = ck_cli_flag(cmd, a, "json");
    json_t *arr = json ? json_array() : NULL;
    for (size_t i = 0; i < n; i++) {
        const ck_event_rec *e = &list[i];
        char when[17], iso[26];
        const char *kind = e->ev.kind == CK_EVENT_IN    ? "in"
                           : e->ev.kind == CK_EVENT_OUT ? "out"
                                                        : "undo";
        ck_tz_datetime(e->ev.at, when);
        ck_tz_iso(e->ev.at, iso);
        if (json) {
            json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s}", "id", (json_int_t)e->ev.id,
                                  "kind", kind, "at", iso, "source", ck_source_name(e->source),
                                  "reason", e->reason, "device", e->device);
            if (e->ev.kind == CK_EVENT_VOID)
                json_object_set_new(o, "undoes", json_integer(e->ev.target));
            json_array_append_new(arr, o);
            continue;
        }
        /* The line in the CLI's language; --json keeps the names ("in", "kiosk"). */
        const ck_lang *l = ck_cli_lang();
        /* TRANSLATORS: what an event in the events list did: checked in, checked out, or
           undid an earlier event (its number follows: "undo #12"). */
        const char *did = e->ev.kind == CK_EVENT_IN    ? ck_lang_ptext(l, "event", "in")
                          : e->ev.kind == CK_EVENT_OUT ? ck_lang_ptext(l, "event", "out")
                                                       : ck_lang_ptext(l, "event", "undo");
        /* TRANSLATORS: who recorded an event: the attendee at the touchscreen (kiosk), the
           attendee through the command line (self), or the trainer. */
        const char *by = e->source == CK_SOURCE_KIOSK  ? ck_lang_ptext(l, "event", "kiosk")
                         : e->source == CK_SOURCE_SELF ? ck_lang_ptext(l, "event", "self")
                                                       : ck_lang_ptext(l, "event", "trainer");
        char target[32] = "";
        if (e->ev.kind == CK_EVENT_VOID)
            snprintf(target, sizeof target, " #%lld", (long long)e->ev.target);
        fprintf(cli->out, "%6lld  %s  ", (long long)e->ev.id, when);
        ck_cli_pad(cli, did, 4);
        fprintf(cli->out, "%s  ", target);
        ck_cli_pad(cli, by, 7);
        fprintf(cli->out, " %s\n", ck_cli_text(cli, e->reason));
    }
    free(list);
    if (json)
        return ck_cli_print_json(cli, arr);
    if (n == 0) {
        fprintf(cli->out, _("no events for %s"), ck_cli_text(cli, who.name));
        fputc('\n', cli->out);
    }
    return CK_EXIT_OK;
}

static const ck_opt REASON_OPTS[] = {
    {"reason", "TEXT", false, N_("why (kept in the audit trail); required")},
    {NULL, NULL, false, NULL},
};

static int run_undo(ck_cli *cli, const ck_cmd *cmd, const ck_args *a)
{
    ck_err err = {0};
    long id;
    if (!ck_cli_int(cli, cmd, "event id", a->pos[0], 1, 1L << 60, &id))
        return CK_EXIT_USAGE;
    if (ck_app_void_event(cli->app, id, CK_SOURCE_TRAINER, ck_cli_value(cmd, a, "reason"), &err) !=
        CK_OK)
        return ck_cli_fail(cli, &err);
    fprintf(cli->out, _("event %ld undone"), id);
    fputc('\n', cli->out);
    return CK_EXIT_OK;
}

static int run_close_day(ck_cli *cli, const ck_cmd *cmd, const ck_args *a)
{
    ck_err err = {0};
    ck_close_result r;
    if (ck_app_close_day(cli->app, a->npos ? a->pos[0] : NULL, ck_cli_value(cmd, a, "reason"), &r,
                         &err) != CK_OK)
        return ck_cli_fail(cli, &err);
    char hm[6];
    ck_tz_hm(r.at, hm);
    if (r.closed)
        fprintf(cli->out,
                ngettext_cli("closed %s: checked out %zu still in at %s: %s",
                             "closed %s: checked out %zu still in at %s: %s", r.closed),
                r.date, r.closed, hm, ck_cli_text(cli, r.names));
    else
        fprintf(cli->out, _("closed %s: nobody was still checked in"), r.date);
    fputc('\n', cli->out);
    return CK_EXIT_OK;
}

static const ck_opt LICENSE_SHOW_OPTS[] = {
    {"json", NULL, false, N_("print JSON")},
    {"lang", "LANGUAGE", false,
     N_("the text in this language (en, de, fr, es, pt_BR; default en)")},
    {NULL, NULL, false, NULL},
};

static int run_license_show(ck_cli *cli, const ck_cmd *cmd, const ck_args *a)
{
    ck_err err = {0};
    ck_license_rec lic;
    const ck_lang *lang = NULL, *langs[CK_LICENSE_MAX_TEXTS];
    size_t nlangs = 0;
    int version = 0;
    if (ck_app_language_named(ck_cli_value(cmd, a, "lang"), &lang, &err) != CK_OK ||
        ck_app_license_langs(cli->app, &version, langs, CK_LICENSE_MAX_TEXTS, &nlangs, &err) !=
            CK_OK ||
        ck_app_license_text(cli->app, lang, &lic, &err) != CK_OK)
        return ck_cli_fail(cli, &err);
    if (lang && strcmp(lic.lang, ck_lang_code(lang)) != 0) {
        ck_license_rec_clear(&lic);
        ck_err_set(&err, CK_ENOTFOUND,
                   "license version %d has no text in %s; \"classkiosk license show --json\" "
                   "lists the languages it has, \"classkiosk license update\" adds one",
                   version, ck_lang_name(lang));
        return ck_cli_fail(cli, &err);
    }
    if (ck_cli_flag(cmd, a, "json")) {
        json_t *codes = json_array();
        for (size_t i = 0; i < nlangs; i++)
            json_array_append_new(codes, json_string(ck_lang_code(langs[i])));
        json_t *o = json_pack("{s:i, s:s, s:s, s:s, s:o}", "version", lic.version, "lang", lic.lang,
                              "sha256", lic.sha256, "text", lic.body, "languages", codes);
        ck_license_rec_clear(&lic);
        return ck_cli_print_json(cli, o);
    }
    /* The agreement keeps its lines; anything else that could steer a terminal is escaped. */
    char *body = malloc(6 * strlen(lic.body) + 1);
    if (!body) {
        ck_license_rec_clear(&lic);
        fprintf(cli->errout, "%s: %s\n", cli->prog, _("out of memory"));
        return CK_EXIT_FAIL;
    }
    ck_text_escape(body, 6 * strlen(lic.body) + 1, lic.body, CK_TEXT_ESCAPE_NEWLINES);
    const ck_lang *in = ck_lang_find(lic.lang);
    /* TRANSLATORS: "…, version 2, in Deutsch (sha256 …)": the language by its own name. */
    fprintf(cli->out, _("License agreement, version %d, in %s (sha256 %s)"), lic.version,
            in ? ck_lang_name(in) : lic.lang, lic.sha256);
    fprintf(cli->out, "\n\n%s\n", body);
    free(body);
    ck_license_rec_clear(&lic);
    return CK_EXIT_OK;
}

static int run_license_update(ck_cli *cli, const ck_cmd *cmd, const ck_args *a)
{
    ck_err err = {0};
    ck_license_stored st;
    (void)cmd;
    if (ck_app_license_update_texts(cli->app, a->pos, a->npos, &st, &err) != CK_OK)
        return ck_cli_fail(cli, &err);
    if (st.new_version)
        fprintf(cli->out,
                _("license text version %d stored; earlier acceptances are no longer current"),
                st.version);
    else if (st.nadded)
        fprintf(cli->out,
                ngettext_cli("license version %d unchanged; %zu text added in a new language",
                             "license version %d unchanged; %zu texts added in new languages",
                             st.nadded),
                st.version, st.nadded);
    else
        fprintf(cli->out, _("license text unchanged (version %d)"), st.version);
    fputc('\n', cli->out);
    for (size_t i = 0; i < st.nadded; i++)
        /* TRANSLATORS: one line per text stored: the language by its own name. */
        fprintf(cli->out, _("  stored the text in %s\n"), ck_lang_name(st.added[i]));
    return CK_EXIT_OK;
}

static ck_rc decide_one(ck_cli *cli, const ck_attendee_rec *who, void *ctx, ck_err *err)
{
    ck_decision_req req = *(const ck_decision_req *)ctx;
    req.attendee_id = who->id;
    ck_rc rc = ck_app_license_decide(cli->app, &req, err);
    if (rc == CK_OK && req.decision == CK_DECISION_ACCEPT)
        fprintf(cli->out, _("%s accepted the license agreement"), ck_cli_text(cli, who->name));
    else if (rc == CK_OK)
        fprintf(cli->out, _("%s declined the license agreement"), ck_cli_text(cli, who->name));
    if (rc == CK_OK)
        fputc('\n', cli->out);
    return rc;
}

static int decide(ck_cli *cli, const ck_cmd *cmd, const ck_args *a, ck_decision decision)
{
    const char *at_text = ck_cli_value(cmd, a, "at");
    const char *reason = ck_cli_value(cmd, a, "reason");
    ck_decision_req req = {.decision = decision, .source = CK_SOURCE_SELF, .reason = reason};
    if (at_text && !parse_at(cli, at_text, &req.at))
        return CK_EXIT_FAIL;
    req.at_given = at_text != NULL;
    if (at_text || reason)
        req.source = CK_SOURCE_TRAINER;
    return ck_cli_each_who(cli, a, decide_one, &req);
}

static int run_license_accept(ck_cli *cli, const ck_cmd *cmd, const ck_args *a)
{
    return decide(cli, cmd, a, CK_DECISION_ACCEPT);
}

static int run_license_decline(ck_cli *cli, const ck_cmd *cmd, const ck_args *a)
{
    return decide(cli, cmd, a, CK_DECISION_DECLINE);
}

#define WHO_HELP                                                                                   \
    N_("WHO is an e-mail address, an attendee id, or a name that matches exactly one\n"            \
       "person (accents and case are ignored: \"zoe\" finds \"Zoë\").")

const ck_cmd ck_cli_people_cmds[] = {
    {"roster import", "FILE", N_("import attendees from a CSV file (all or nothing)"),
     N_("Columns are found by header name: Name (or Full name), or First name + Last name;\n"
        "Email; Language (or Lang, Preferred language: a code such as de or pt-BR, or a name\n"
        "such as Deutsch or French; the kiosk greets the person in it). Other columns are\n"
        "ignored. UTF-8, with or without BOM; comma, semicolon or tab separated.\n"
        "Re-importing the same file changes nothing; an empty language cell keeps the\n"
        "language a person has."),
     NO_OPTS, 1, 1, CK_CLI_DB_EXISTING, run_roster_import},
    {"roster list", "[--json]", N_("list the current course's attendees"), NULL, JSON_OPTS, 0, 0,
     CK_CLI_DB_READ, run_roster_list},
    {"roster badges", "[WHO…] [--out FILE.pdf] [--letter] [--layout NAME] [--outlines]",
     N_("name badges on label sheets, each with a code the kiosk's scanner reads"),
     N_("Each badge shows the person's name (as large as fits), the course and a QR code that\n"
        "opens that person's check-in at the kiosk. The code is a random number (128 bits)\n"
        "made once per person and kept in the records, so every station knows it; it holds no\n"
        "e-mail or id, and a made-up code checks in nobody. Sheets: Avery L4785 name badges\n"
        "(80 x 50 mm, 10 per A4 sheet; the default), Avery L7165 (99.1 x 67.7 mm, 8 per A4\n"
        "sheet) and Avery 5395 name badges (3 3/8 x 2 1/3 in, 8 per US Letter sheet; the\n"
        "default with --letter). Without WHO, everyone on the roster."),
     BADGE_OPTS, 0, CK_CLI_MAX_POS, CK_CLI_DB_EXISTING, run_roster_badges},
    {"roster add", "NAME [--email ADDRESS] [--lang LANGUAGE]",
     N_("add one attendee (a walk-in); prints the id"), NULL, ROSTER_ADD_OPTS, 1, 1,
     CK_CLI_DB_EXISTING, run_roster_add},
    {"checkin", "WHO [WHO…] [--at TIME --reason TEXT]", N_("check someone in"),
     N_("WHO is an e-mail address, an attendee id, a badge's code, or a name that matches\n"
        "exactly one person (accents and case are ignored: \"zoe\" finds \"Zoë\").\n"
        "Checking in while already in changes nothing and says since when.\n"
        "Each person is saved before their line is printed."),
     PRESENCE_OPTS, 1, CK_CLI_MAX_POS, CK_CLI_DB_EXISTING, run_checkin},
    {"checkout", "WHO [WHO…] [--at TIME --reason TEXT]", N_("check someone out"),
     N_("WHO is an e-mail address, an attendee id, or a name that matches exactly one\n"
        "person (accents and case are ignored: \"zoe\" finds \"Zoë\").\n"
        "Checking out someone who is not checked in is refused."),
     PRESENCE_OPTS, 1, CK_CLI_MAX_POS, CK_CLI_DB_EXISTING, run_checkout},
    {"events", "WHO [--json]", N_("list someone's check-ins, check-outs and undos"), WHO_HELP,
     JSON_OPTS, 1, 1, CK_CLI_DB_READ, run_events},
    {"undo", "EVENT-ID --reason TEXT", N_("undo a recorded event (the trainer's correction)"),
     N_("The event stays in the record; an undo event cancels it. \"classkiosk events WHO\"\n"
        "shows the ids."),
     REASON_OPTS, 1, 1, CK_CLI_DB_EXISTING, run_undo},
    {"close-day", "[YYYY-MM-DD] --reason TEXT", N_("close a course day (default: today)"),
     N_("Everyone still checked in is checked out at the end of the day's window by the\n"
        "trainer (audited). Refused before the window ends."),
     REASON_OPTS, 0, 1, CK_CLI_DB_EXISTING, run_close_day},
    {"license show", "[--lang LANGUAGE] [--json]",
     N_("print the current license text in a language, and its version"),
     N_("Without --lang the English text, which every version has. --json also lists the\n"
        "languages the version has a text in."),
     LICENSE_SHOW_OPTS, 0, 0, CK_CLI_DB_READ, run_license_show},
    {"license update", "[FILE|FOLDER…]",
     N_("store the license texts (default: assets/license.<lang>.txt)"),
     N_("One text per language: files named license.<lang>.txt (license.de.txt,\n"
        "license.pt_BR.txt; a name without a language code is the English text) or folders\n"
        "holding them. English is required. A text that differs from the current version's\n"
        "becomes, with all the texts given, the next version: everyone must accept it again.\n"
        "Texts in languages the current version lacks are added to it. Accepting the current\n"
        "version in any of its languages counts."),
     NO_OPTS, 0, CK_CLI_MAX_POS, CK_CLI_DB_EXISTING, run_license_update},
    {"license accept", "WHO [WHO…] [--at TIME --reason TEXT]",
     N_("record that someone accepted the license"), WHO_HELP, PRESENCE_OPTS, 1, CK_CLI_MAX_POS,
     CK_CLI_DB_EXISTING, run_license_accept},
    {"license decline", "WHO [WHO…] [--at TIME --reason TEXT]",
     N_("record that someone declined the license"), WHO_HELP, PRESENCE_OPTS, 1, CK_CLI_MAX_POS,
     CK_CLI_DB_EXISTING, run_license_decline},
    {NULL, NULL, NULL, NULL, NULL, 0, 0, CK_CLI_NO_DB, NULL},
};
