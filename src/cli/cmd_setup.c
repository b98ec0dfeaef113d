/* Setup commands: init, course, config, trainer PIN. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "app/timez.h"
#include "cli/cli.h"
#include "common/mem.h"
#include "core/number.h"
#include "core/text.h"

/* What init or demo did: its lines, with paths and titles escaped like other stored text. */
static void print_summary(ck_cli *cli, const ck_msg *summary)
{
    char words[2048], shown[4096];
    fprintf(cli->out, "%s\n",
            ck_text_escape(shown, sizeof shown,
                           ck_msg_word(summary, ck_cli_lang(), words, sizeof words),
                           CK_TEXT_ESCAPE_NEWLINES));
}

static const ck_opt INIT_OPTS[] = {
    {"group", "NAME", false, N_("let this group read the database (mode 0640)")},
    {NULL, NULL, false, NULL},
};

static int run_init(ck_cli *cli, const ck_cmd *cmd, const ck_args *a)
{
    ck_err err = {0};
    ck_msg summary;
    if (ck_app_init(cli->app, ck_cli_value(cmd, a, "group"), &summary, &err) != CK_OK)
        return ck_cli_fail(cli, &err);
    print_summary(cli, &summary);
    return CK_EXIT_OK;
}

static const ck_opt DEMO_OPTS[] = {
    {"pin", "DIGITS", false, N_("trainer PIN to set if none is set (default 2468)")},
    {NULL, NULL, false, NULL},
};

static int run_demo(ck_cli *cli, const ck_cmd *cmd, const ck_args *a)
{
    ck_err err = {0};
    ck_msg summary;
    const char *pin = ck_cli_value(cmd, a, "pin");
    if (ck_app_demo(cli->app, pin ? pin : "2468", &summary, &err) != CK_OK)
        return ck_cli_fail(cli, &err);
    print_summary(cli, &summary);
    return CK_EXIT_OK;
}

static const ck_opt COURSE_CREATE_OPTS[] = {
    {"title", "T", false, N_("course title, e.g. \"Certified Scrum Product Owner\"")},
    {"trainer", "NAME", false, N_("the trainer's name as printed on certificates")},
    {"credential", "C", false, N_("the trainer's credential, e.g. \"Certified Scrum Trainer\"")},
    {"location", "L", false, N_("where the course is held")},
    {"hours", "H", false,
     N_("contact hours, at most the scheduled time (the default: 16 for two 8-hour days)")},
    {"day", "YYYY-MM-DD", true, N_("a course day; give one per day")},
    {"start", "YYYY-MM-DD", false, N_("instead of --day: the first of consecutive days")},
    {"days", "N", false, N_("with --start: how many days (default 2)")},
    {"window", "HH:MM-HH:MM", false, N_("each day's start and end (default 09:00-17:00)")},
    {"break", "HH:MM-HH:MM", true, N_("a break on every day, not counted as required time")},
    {"tolerance", "MIN", false, N_("minutes a person may miss per day (default 10)")},
    {"printer", "NAME", false, N_("CUPS printer for this course's certificates")},
    {"room", "NAME", false, N_("the room it is held in: stations set to that room show it")},
    {"lang", "LANG", false,
     N_("the certificates' language: en, de, fr, es or pt_BR (default: config set language)")},
    {NULL, NULL, false, NULL},
};

static int run_course_create(ck_cli *cli, const ck_cmd *cmd, const ck_args *a)
{
    ck_err err = {0};
    ck_course_spec spec = {
        .title = ck_cli_value(cmd, a, "title"),
        .trainer = ck_cli_value(cmd, a, "trainer"),
        .credential = ck_cli_value(cmd, a, "credential"),
        .location = ck_cli_value(cmd, a, "location"),
        .printer = ck_cli_value(cmd, a, "printer"),
        .room = ck_cli_value(cmd, a, "room"),
        .window = ck_cli_value(cmd, a, "window"),
        .lang = ck_cli_value(cmd, a, "lang"),
        .tolerance_min = -1,
    };
    if (!spec.title || !spec.trainer)
        return ck_cli_usage_error(cli, cmd, "--title and --trainer are required");
    spec.ndates = ck_cli_values(cmd, a, "day", &spec.dates);
    /* --start and --days: consecutive days (the CSPO course is two). */
    static char run[CK_COURSE_MAX_DAYS][11];
    static const char *run_ptrs[CK_COURSE_MAX_DAYS];
    const char *start = ck_cli_value(cmd, a, "start");
    const char *ndays = ck_cli_value(cmd, a, "days");
    if (ndays && !start)
        return ck_cli_usage_error(cli, cmd, "--days goes with --start (the first day)");
    if (start) {
        long days = 2;
        if (spec.ndates)
            return ck_cli_usage_error(cli, cmd, "give either --day (each day) or --start");
        if (ndays && !ck_cli_int(cli, cmd, "days", ndays, 1, CK_COURSE_MAX_DAYS, &days))
            return CK_EXIT_USAGE;
        if (ck_tz_parse_date(start, "--start", &err) != CK_OK)
            return ck_cli_fail(cli, &err);
        int64_t noon = ck_tz_local(start, 12 * 60);
        for (long d = 0; d < days; d++) {
            ck_tz_date(noon + d * 24 * 3600, run[d]);
            run_ptrs[d] = run[d];
        }
        spec.dates = run_ptrs;
        spec.ndates = (size_t)days;
    }
    spec.nbreaks = ck_cli_values(cmd, a, "break", &spec.breaks);
    const char *hours = ck_cli_value(cmd, a, "hours");
    if (hours && !ck_number_decimal(&spec.hours, hours, 2, 0.01, 24.0 * CK_COURSE_MAX_DAYS))
        return ck_cli_usage_error(cli, cmd,
                                  "--hours \"%s\" must be a number of contact hours from 0.01 to "
                                  "%d with at most two decimals, e.g. 16 or 14.5",
                                  hours, 24 * CK_COURSE_MAX_DAYS);
    const char *tol = ck_cli_value(cmd, a, "tolerance");
    long t;
    if (tol) {
        if (!ck_cli_int(cli, cmd, "tolerance", tol, 0, 240, &t))
            return CK_EXIT_USAGE;
        spec.tolerance_min = (int)t;
    }
    int64_t id = 0;
    if (ck_app_course_create(cli->app, &spec, &id, &err) != CK_OK)
        return ck_cli_fail(cli, &err);
    fprintf(cli->out, "%lld\n", (long long)id);
    return CK_EXIT_OK;
}

static json_t *course_json(const ck_course_rec *c)
{
    json_t *days = json_array();
    for (size_t i = 0; i < c->ndays; i++) {
        const ck_course_day_rec *d = &c->days[i];
        char start[6], end[6];
        snprintf(start, sizeof start, "%02d:%02d", d->window.start_min / 60,
                 d->window.start_min % 60);
        snprintf(end, sizeof end, "%02d:%02d", d->window.end_min / 60, d->window.end_min % 60);
        json_t *breaks = json_array();
        for (size_t b = 0; b < d->nbreaks; b++) {
            char span[12];
            snprintf(span, sizeof span, "%02d:%02d-%02d:%02d", d->breaks[b].start_min / 60,
                     d->breaks[b].start_min % 60, d->breaks[b].end_min / 60,
                     d->breaks[b].end_min % 60);
            json_array_append_new(breaks, json_string(span));
        }
        json_array_append_new(days,
                              json_pack("{s:i, s:s, s:s, s:s, s:o}", "day", d->day_no, "date",
                                        d->date, "start", start, "end", end, "breaks", breaks));
    }
    return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:f, s:i, s:o, s:s}", "id",
                     (json_int_t)c->id, "title", c->title, "trainer", c->trainer, "credential",
                     c->credential, "location", c->location, "printer", c->printer, "room", c->room,
                     "uid", c->uid, "contact_hours", c->hours, "tolerance_minutes",
                     c->tolerance_min, "days", days, "lang", c->lang);
}

static int run_course_list(ck_cli *cli, const ck_cmd *cmd, const ck_args *a)
{
    ck_err err = {0};
    ck_course_rec *list = NULL;
    size_t n = 0;
    if (ck_app_course_list(cli->app, &list, &n, &err) != CK_OK)
        return ck_cli_fail(cli, &err);
    if (ck_cli_flag(cmd, a, "json")) {
        json_t *arr = json_array();
        for (size_t i = 0; i < n; i++)
            json_array_append_new(arr, course_json(&list[i]));
        free(list);
        return ck_cli_print_json(cli, arr);
    }
    if (n == 0)
        fprintf(cli->out, "%s\n",
                _("no courses yet; create one with \"classkiosk course create\""));
    /* The current one: the newest, or the room's course of today. */
    const ck_course_rec *cur = NULL;
    int64_t current = ck_app_course(cli->app, &cur, NULL) == CK_OK ? cur->id : 0;
    for (size_t i = 0; i < n; i++) {
        const ck_course_rec *c = &list[i];
        fprintf(cli->out, "%4lld  %s — %s%s%s, ", (long long)c->id, ck_cli_text(cli, c->title),
                ck_cli_text(cli, c->trainer), *c->location ? ", " : "",
                ck_cli_text(cli, c->location));
        if (*c->room) { /* an item of the list, like the location */
            fprintf(cli->out, _("room %s"), ck_cli_text(cli, c->room));
            fputs(", ", cli->out);
        }
        const ck_lang *lang = ck_lang_find(c->lang);
        char hours[32];
        ck_lang_decimal(ck_cli_lang(), c->hours, hours, sizeof hours);
        fprintf(cli->out,
                ngettext_cli("%zu day from %s, %s h, tolerance %d min, certificates in %s",
                             "%zu days from %s, %s h, tolerance %d min, certificates in %s",
                             c->ndays),
                c->ndays, c->ndays ? c->days[0].date : "-", hours, c->tolerance_min,
                lang ? ck_lang_name(lang) : ck_cli_text(cli, c->lang));
        fprintf(cli->out, "%s\n", c->id == current ? _("  (current)") : "");
    }
    free(list);
    return CK_EXIT_OK;
}

static int run_course_show(ck_cli *cli, const ck_cmd *cmd, const ck_args *a)
{
    ck_err err = {0};
    const ck_course_rec *c;
    if (ck_app_course(cli->app, &c, &err) != CK_OK)
        return ck_cli_fail(cli, &err);
    return ck_cli_print_json(cli, course_json(c));
}

static int run_config_set(ck_cli *cli, const ck_cmd *cmd, const ck_args *a)
{
    ck_err err = {0};
    if (ck_app_config_set(cli->app, a->pos[0], a->npos > 1 ? a->pos[1] : "", &err) != CK_OK)
        return ck_cli_fail(cli, &err);
    char value[CK_TEXT_MAX];
    ck_app_config_get(cli->app, a->pos[0], value, sizeof value, NULL);
    fprintf(cli->out, "%s = %s\n", ck_cli_text(cli, a->pos[0]),
            *value ? ck_cli_text(cli, value) : _("(unset)"));
    return CK_EXIT_OK;
}

static int run_config_get(ck_cli *cli, const ck_cmd *cmd, const ck_args *a)
{
    ck_err err = {0};
    char value[CK_TEXT_MAX];
    if (a->npos) {
        if (ck_app_config_get(cli->app, a->pos[0], value, sizeof value, &err) != CK_OK)
            return ck_cli_fail(cli, &err);
        fprintf(cli->out, "%s\n", ck_cli_text(cli, value));
        return CK_EXIT_OK;
    }
    const char *key, *help;
    for (size_t i = 0; (key = ck_app_config_key(i, &help)) != NULL; i++) {
        if (ck_app_config_get(cli->app, key, value, sizeof value, &err) != CK_OK)
            return ck_cli_fail(cli, &err);
        fprintf(cli->out, "%-11s ", key);
        ck_cli_pad(cli, *value ? value : _("(unset)"), 40);
        fprintf(cli->out, " (%s)\n", _(help));
    }
    return CK_EXIT_OK;
}

bool ck_cli_read_line(char *out, size_t n, bool tty, const char *prompt)
{
    struct termios saved, quiet;
    if (tty) {
        fputs(prompt, stderr);
        tcgetattr(STDIN_FILENO, &saved);
        quiet = saved;
        quiet.c_lflag &= ~(tcflag_t)ECHO;
        tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
    }
    char *got = fgets(out, (int)n, stdin);
    if (tty) {
        tcsetattr(STDIN_FILENO, TCSANOW, &saved);
        fputc('\n', stderr);
    }
    if (!got)
        return false;
    if (!strchr(out, '\n') && !feof(stdin)) {
        /* Longer than out holds: the rest must not become the next answer. Refused whole. */
        for (int c; (c = getchar()) != EOF && c != '\n';)
            ;
        ck_wipe(out, n);
        return false;
    }
    out[strcspn(out, "\r\n")] = '\0';
    return true;
}

/* The current PIN (when one is set) and the new one: on a terminal asked for, the new one
 * twice; on stdin the current PIN's line first. Root may leave the current one out. */
static bool read_pins(ck_cli *cli, char *old, char *pin, size_t n, bool *has_old)
{
    bool tty = isatty(STDIN_FILENO), set = ck_app_pin_is_set(cli->app), root = geteuid() == 0;
    char again[64];
    *has_old = false;
    old[0] = pin[0] = '\0';
    if (tty) {
        if (set &&
            !ck_cli_read_line(old, n, true,
                              root ? _("Current trainer PIN (as root, Enter to leave it out): ")
                                   : _("Current trainer PIN: ")))
            goto none;
        *has_old = set && *old;
        if (!ck_cli_read_line(pin, n, true, _("New trainer PIN (4-12 digits): ")) ||
            !ck_cli_read_line(again, sizeof again, true, _("Repeat the new PIN: ")))
            goto none;
        bool same = strcmp(pin, again) == 0;
        ck_wipe(again, sizeof again);
        if (!same) {
            fprintf(cli->errout, "%s: %s\n", cli->prog,
                    _("the two PINs differ; nothing was changed"));
            return false;
        }
        return true;
    }
    if (!ck_cli_read_line(pin, n, false, ""))
        goto none;
    if (!set)
        return true;
    /* Two lines: the current PIN, then the new one; root may give the new one alone. */
    if (ck_cli_read_line(again, sizeof again, false, "")) {
        snprintf(old, n, "%s", pin);
        snprintf(pin, n, "%s", again);
        ck_wipe(again, sizeof again);
        *has_old = true;
    } else if (!root) {
        fprintf(cli->errout, "%s: %s\n", cli->prog,
                _("a trainer PIN is set: give the current PIN on the first line and the new "
                  "one on the second"));
        return false;
    }
    return true;
none:
    fprintf(cli->errout, "%s: %s\n", cli->prog, _("no PIN given; type it, or pipe it on stdin"));
    return false;
}

static int run_set_pin(ck_cli *cli, const ck_cmd *cmd, const ck_args *a)
{
    ck_err err = {0};
    char old[64], pin[64];
    bool has_old = false;
    if (!read_pins(cli, old, pin, sizeof pin, &has_old))
        return CK_EXIT_FAIL;
    ck_rc rc = ck_app_pin_set(cli->app, has_old ? old : NULL, pin, &err);
    ck_wipe(pin, sizeof pin);
    ck_wipe(old, sizeof old);
    if (rc != CK_OK)
        return ck_cli_fail(cli, &err);
    int wait = 0;
    char left[32];
    if (ck_app_pin_locked(cli->app, &wait)) {
        ck_lang_minutes(ck_cli_lang(), (wait + 59) / 60, left, sizeof left);
        fprintf(cli->out,
                _("trainer PIN set; PIN entry stays locked for another %s, as the PIN was set "
                  "without the current one"),
                left);
    } else {
        fputs(_("trainer PIN set"), cli->out);
    }
    fputc('\n', cli->out);
    return CK_EXIT_OK;
}

static const ck_opt JSON_OPTS[] = {
    {"json", NULL, false, N_("print JSON")},
    {NULL, NULL, false, NULL},
};

static const ck_opt NO_OPTS[] = {{NULL, NULL, false, NULL}};

const ck_cmd ck_cli_setup_cmds[] = {
    {"init", "[--group NAME]", N_("create or upgrade the database, store the license text"),
     N_("Creates the database file if it is missing (see --db), upgrades an older one in one\n"
        "transaction, and stores the license texts in assets/ as a new license version when no\n"
        "stored version holds that English text yet (an init never puts back a replaced text).\n"
        "The file (with its -wal and -shm) is for its owner only (mode 0600): it holds names,\n"
        "e-mails and the PIN hash. --group NAME lets that group read it (0640), e.g. for a\n"
        "backup or reporting account; other users never may."),
     INIT_OPTS, 0, 0, CK_CLI_DB_CREATE, run_init},
    {"demo", "[--pin DIGITS]", N_("set up a demo course starting today with a demo roster"),
     N_("Creates the database if needed, a two-day course (today and tomorrow, 09:00-17:00\n"
        "with a lunch break) and imports assets/demo-roster.csv. Sets the trainer PIN if none\n"
        "is set. Running it again the same day reuses the course."),
     DEMO_OPTS, 0, 0, CK_CLI_DB_CREATE, run_demo},
    {"course create", "--title T --trainer NAME (--day YYYY-MM-DD… | --start YYYY-MM-DD) [options]",
     N_("create a course; prints its id (the newest course is the current one)"),
     N_("Defaults model the Certified Scrum Product Owner course: two days (with --start),\n"
        "09:00-17:00 each day, contact hours = the scheduled time (16), 10 minutes' tolerance\n"
        "per day. --room NAME puts it in a room: stations set to that room (config set room)\n"
        "show it on its days."),
     COURSE_CREATE_OPTS, 0, 0, CK_CLI_DB_EXISTING, run_course_create},
    {"course list", "[--json]", N_("list the courses, newest (current) first"), NULL, JSON_OPTS, 0,
     0, CK_CLI_DB_READ, run_course_list},
    {"course show", "", N_("print the current course as JSON"), NULL, NO_OPTS, 0, 0, CK_CLI_DB_READ,
     run_course_show},
    {"config set", "KEY [VALUE]", N_("change a station setting (no VALUE: unset it)"),
     N_("Settings: verify-url (address of the verification page; QR codes open it),\n"
        "issuer (name signed into certificates), station (this station's name),\n"
        "printer (CUPS printer for certificates), language (the kiosk's language: en, de,\n"
        "fr, es or pt_BR; a person at the kiosk may pick another for their visit), room (the\n"
        "room this station stands in: it shows today's course for that room), smtp (the\n"
        "mail server: smtp://HOST:587 with STARTTLS required, plain only to localhost, or\n"
        "smtps://HOST:465), mail-from (the address mail is sent from). The mail server's\n"
        "login is never a setting: see \"classkiosk mail login\"."),
     NO_OPTS, 1, 2, CK_CLI_DB_EXISTING, run_config_set},
    {"config get", "[KEY]", N_("show station settings"), NULL, NO_OPTS, 0, 1, CK_CLI_DB_READ,
     run_config_get},
    {"trainer set-pin", "", N_("set the PIN that opens trainer mode on the kiosk"),
     N_("The PIN is 4-12 digits and is stored as an Argon2id hash. Once one is set, changing\n"
        "it needs the current PIN (a wrong one counts as a wrong try at the kiosk; a right one\n"
        "ends any lock), or root, who may set a new one without it (a lock then stays).\n"
        "On a terminal it asks; otherwise it reads stdin: the current PIN on the first line,\n"
        "the new one on the next (root may give only the new one)."),
     NO_OPTS, 0, 0, CK_CLI_DB_EXISTING, run_set_pin},
    {NULL, NULL, NULL, NULL, NULL, 0, 0, CK_CLI_NO_DB, NULL},
};
