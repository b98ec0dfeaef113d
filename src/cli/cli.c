/* The classkiosk command line: global options, dispatch, argument parsing, help. */
#include "cli/cli.h"
#include "core/names.h"
#include "core/number.h"
#include "core/text.h"

#include <errno.h>
#include <jansson.h>
#include <locale.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* The language the command line speaks: the environment's (LANGUAGE, LC_ALL, LC_MESSAGES,
 * LANG), chosen once at start. */
static const ck_lang *cli_lang;

const ck_lang *ck_cli_lang(void)
{
    return cli_lang ? cli_lang : ck_lang_english();
}

const char *ck_cli_words(const char *msgid)
{
    return ck_lang_text(ck_cli_lang(), msgid);
}

const char *ck_cli_ntext(const char *msgid, const char *plural, unsigned long n)
{
    return ck_lang_ntext(ck_cli_lang(), msgid, plural, n);
}

static const ck_cmd *const *groups(void)
{
    static const ck_cmd *const list[] = {ck_cli_setup_cmds, ck_cli_people_cmds, ck_cli_report_cmds,
                                         ck_cli_certs_cmds, ck_cli_print_cmds,  ck_cli_mail_cmds,
                                         ck_cli_kiosk_cmds, ck_cli_sync_cmds,   NULL};
    return list;
}

/* Options every command takes, before or after its name. */
static const ck_opt GLOBAL_OPTS[] = {
    {"db", "FILE", false, N_("the database (default: $CLASSKIOSK_DB or ./classkiosk.db)")},
    {"course", "ID", false, N_("work on this course instead of the newest")},
    {"key", "FILE", false, N_("the signing keyring (default: beside the database)")},
    {"data-dir", "DIR", false, N_("where assets/ and fonts/ are")},
    {"help", NULL, false, N_("show help")},
    {NULL, NULL, false, NULL},
};

int ck_cli_opt(const ck_cmd *cmd, const char *name)
{
    for (int i = 0; cmd->opts && cmd->opts[i].name; i++)
        if (strcmp(cmd->opts[i].name, name) == 0)
            return i;
    return -1;
}

const char *ck_cli_value(const ck_cmd *cmd, const ck_args *a, const char *name)
{
    int i = ck_cli_opt(cmd, name);
    return i >= 0 && a->set[i] ? a->value[i] : NULL;
}

bool ck_cli_flag(const ck_cmd *cmd, const ck_args *a, const char *name)
{
    int i = ck_cli_opt(cmd, name);
    return i >= 0 && a->set[i];
}

size_t ck_cli_values(const ck_cmd *cmd, const ck_args *a, const char *name, const char ***out)
{
    int i = ck_cli_opt(cmd, name);
    if (i < 0) {
        *out = NULL;
        return 0;
    }
    *out = (const char **)a->multi[i];
    return a->nmulti[i];
}

const char *ck_cli_text(ck_cli *cli, const char *text)
{
    char *slot = cli->text[cli->next_text++ % CK_CLI_TEXT_SLOTS];
    return ck_text_escape(slot, CK_CLI_TEXT_BYTES, text, 0);
}

int ck_cli_fail(ck_cli *cli, const ck_err *err)
{
    char words[sizeof err->msg * 2], shown[4 * sizeof err->msg];
    ck_text_escape(shown, sizeof shown, ck_err_word(err, ck_cli_lang(), words, sizeof words),
                   CK_TEXT_ESCAPE_NEWLINES);
    fprintf(cli->errout, "%s: %s\n", cli->prog, shown);
    return CK_EXIT_FAIL;
}

int ck_cli_usage_error(ck_cli *cli, const ck_cmd *cmd, const char *fmt, ...)
{
    va_list ap;
    ck_msg m;
    char words[1024], shown[2048];
    ck_msg_clear(&m);
    va_start(ap, fmt);
    ck_msg_vadd(&m, false, fmt, NULL, 0, ap);
    va_end(ap);
    /* The message quotes what was typed: escaped like stored text. */
    fprintf(cli->errout, "%s: %s\n", cli->prog,
            ck_text_escape(shown, sizeof shown, ck_msg_word(&m, ck_cli_lang(), words, sizeof words),
                           CK_TEXT_ESCAPE_NEWLINES));
    if (cmd) {
        fprintf(cli->errout, _("usage: %s %s %s"), cli->prog, cmd->name,
                cmd->usage ? cmd->usage : "");
        fputc('\n', cli->errout);
        fprintf(cli->errout, _("(see \"%s %s --help\")"), cli->prog, cmd->name);
    } else {
        fprintf(cli->errout, _("(see \"%s --help\")"), cli->prog);
    }
    fputc('\n', cli->errout);
    return CK_EXIT_USAGE;
}

bool ck_cli_int(ck_cli *cli, const ck_cmd *cmd, const char *name, const char *text, long min,
                long max, long *out)
{
    long long v = 0;
    if (!ck_number_int(&v, text, min, max)) {
        ck_cli_usage_error(cli, cmd, "--%s \"%s\" must be a whole number from %ld to %ld", name,
                           text, min, max);
        return false;
    }
    *out = (long)v;
    return true;
}

bool ck_cli_who(ck_cli *cli, const char *who, ck_attendee_rec *out, int *status)
{
    ck_err err = {0};
    if (ck_app_find(cli->app, who, out, &err) != CK_OK) {
        *status = ck_cli_fail(cli, &err);
        return false;
    }
    return true;
}

int ck_cli_each_who(ck_cli *cli, const ck_args *a, ck_cli_who_fn fn, void *ctx)
{
    int status = CK_EXIT_OK;
    for (size_t i = 0; i < a->npos; i++) {
        ck_err err = {0};
        ck_attendee_rec who;
        int one = CK_EXIT_OK;
        if (!ck_cli_who(cli, a->pos[i], &who, &one))
            status = one;
        else if (fn(cli, &who, ctx, &err) != CK_OK)
            status = ck_cli_fail(cli, &err);
        fflush(cli->out);
    }
    return status;
}

void ck_cli_pad(ck_cli *cli, const char *text, int width)
{
    const char *shown = ck_cli_text(cli, text);
    fputs(shown, cli->out);
    for (int used = ck_text_columns(shown); used < width; used++)
        fputc(' ', cli->out);
}

int ck_cli_out_of_memory(ck_cli *cli)
{
    fprintf(cli->errout, "%s: %s\n", cli->prog, _("out of memory"));
    return CK_EXIT_FAIL;
}

int ck_cli_write(ck_cli *cli, const char *text, size_t len)
{
    if (fwrite(text, 1, len, cli->out) == len && fflush(cli->out) == 0)
        return CK_EXIT_OK;
    char why[256];
    ck_lang_strerror(ck_cli_lang(), errno, why, sizeof why);
    fprintf(cli->errout, "%s: ", cli->prog);
    fprintf(cli->errout, _("could not write the output: %s"), why);
    fputc('\n', cli->errout);
    return CK_EXIT_FAIL;
}

int ck_cli_print_json(ck_cli *cli, void *json)
{
    json_t *j = json;
    if (!j)
        return ck_cli_out_of_memory(cli);
    /* One write for the whole document: stdout is line-buffered, and a line at a time is a
     * system call per line (150,000 of them for the status of 5,000 people). */
    char *text = json_dumps(j, JSON_INDENT(2));
    json_decref(j);
    size_t len = text ? strlen(text) : 0;
    char *line = text ? realloc(text, len + 2) : NULL;
    if (!line) {
        free(text);
        return ck_cli_out_of_memory(cli);
    }
    line[len++] = '\n';
    line[len] = '\0';
    int rc = ck_cli_write(cli, line, len);
    free(line);
    return rc;
}

static void print_opts(FILE *f, const ck_opt *opts)
{
    for (int i = 0; opts && opts[i].name; i++) {
        char left[64];
        snprintf(left, sizeof left, "--%s%s%s", opts[i].name, opts[i].arg ? " " : "",
                 opts[i].arg ? opts[i].arg : "");
        fprintf(f, "  %-22s %s%s\n", left, _(opts[i].help),
                opts[i].repeat ? _(" (repeatable)") : "");
    }
}

static void command_help(ck_cli *cli, const ck_cmd *cmd)
{
    fprintf(cli->out, _("usage: %s %s %s"), cli->prog, cmd->name, cmd->usage ? cmd->usage : "");
    fprintf(cli->out, "\n\n%s\n", _(cmd->summary));
    if (cmd->details)
        fprintf(cli->out, "\n%s\n", _(cmd->details));
    if (cmd->opts && cmd->opts[0].name) {
        fprintf(cli->out, "\n%s\n", _("options:"));
        print_opts(cli->out, cmd->opts);
    }
    fprintf(cli->out, "\n%s\n", _("global options:"));
    print_opts(cli->out, GLOBAL_OPTS);
}

static void main_help(ck_cli *cli)
{
    fprintf(cli->out, _("usage: %s [--db FILE] [--course ID] COMMAND [ARGS…]"), cli->prog);
    fprintf(cli->out, "\n\n%s\n\n%s\n",
            _("classkiosk runs a classroom attendance and certificate station."), _("commands:"));
    for (const ck_cmd *const *g = groups(); *g; g++)
        for (const ck_cmd *c = *g; c->name; c++)
            fprintf(cli->out, "  %-22s %s\n", c->name, _(c->summary));
    fprintf(cli->out, "\n%s\n", _("global options:"));
    print_opts(cli->out, GLOBAL_OPTS);
    fputc('\n', cli->out);
    fprintf(cli->out, _("\"%s COMMAND --help\" explains one command."), cli->prog);
    fputc('\n', cli->out);
}

/* The commands of one group ("course": course create, course list, …), for "course --help". */
static void group_help(ck_cli *cli, const char *group)
{
    size_t n = strlen(group);
    fprintf(cli->out, _("usage: %s %s COMMAND [ARGS…]"), cli->prog, group);
    fprintf(cli->out, "\n\n%s\n", _("commands:"));
    for (const ck_cmd *const *g = groups(); *g; g++)
        for (const ck_cmd *c = *g; c->name; c++)
            if (strncmp(c->name, group, n) == 0 && c->name[n] == ' ')
                fprintf(cli->out, "  %-22s %s\n", c->name, _(c->summary));
    fputc('\n', cli->out);
    fprintf(cli->out, _("\"%s COMMAND --help\" explains one command."), cli->prog);
    fputc('\n', cli->out);
}

/* Does argv[i…] start with the words of name ("course create")? Sets *words. */
static bool name_matches(const char *name, int argc, char **argv, int i, int *words)
{
    char buf[64];
    snprintf(buf, sizeof buf, "%s", name);
    int k = 0;
    for (char *save = NULL, *w = strtok_r(buf, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
        if (i + k >= argc || strcmp(argv[i + k], w) != 0)
            return false;
        k++;
    }
    *words = k;
    return true;
}

static const ck_cmd *find_command(int argc, char **argv, int i, int *words)
{
    const ck_cmd *best = NULL;
    int best_words = 0;
    for (const ck_cmd *const *g = groups(); *g; g++)
        for (const ck_cmd *c = *g; c->name; c++) {
            int w = 0;
            if (name_matches(c->name, argc, argv, i, &w) && w > best_words) {
                best = c;
                best_words = w;
            }
        }
    *words = best_words;
    return best;
}

/* Is the word the first word of some command with several words ("course")? */
static bool is_group_word(const char *word)
{
    size_t n = strlen(word);
    for (const ck_cmd *const *g = groups(); *g; g++)
        for (const ck_cmd *c = *g; c->name; c++)
            if (strncmp(c->name, word, n) == 0 && c->name[n] == ' ')
                return true;
    return false;
}

static const ck_opt *lookup(const ck_opt *opts, const char *name, size_t len, int *index)
{
    for (int i = 0; opts && opts[i].name; i++)
        if (strlen(opts[i].name) == len && strncmp(opts[i].name, name, len) == 0) {
            *index = i;
            return &opts[i];
        }
    return NULL;
}

typedef struct global_values {
    const char *db, *course, *key, *data_dir;
    bool help;
} global_values;

static void set_global(global_values *g, const ck_opt *o, const char *value)
{
    if (strcmp(o->name, "db") == 0)
        g->db = value;
    else if (strcmp(o->name, "course") == 0)
        g->course = value;
    else if (strcmp(o->name, "key") == 0)
        g->key = value;
    else if (strcmp(o->name, "data-dir") == 0)
        g->data_dir = value;
    else
        g->help = true;
}

/* Parse argv[start…] for cmd (NULL: only global options allowed). */
static int parse(ck_cli *cli, const ck_cmd *cmd, int argc, char **argv, int start, ck_args *a,
                 global_values *g)
{
    memset(a, 0, sizeof *a);
    bool only_pos = false;
    for (int i = start; i < argc; i++) {
        const char *arg = argv[i];
        if (only_pos || arg[0] != '-' || strcmp(arg, "-") == 0) {
            if (!cmd || a->npos == CK_CLI_MAX_POS || (int)a->npos >= cmd->max_pos)
                return ck_cli_usage_error(cli, cmd, "unexpected argument \"%s\"", arg);
            a->pos[a->npos++] = arg;
            continue;
        }
        if (strcmp(arg, "--") == 0) {
            only_pos = true;
            continue;
        }
        if (arg[1] != '-') {
            if (strcmp(arg, "-h") == 0) {
                g->help = true;
                continue;
            }
            return ck_cli_usage_error(cli, cmd,
                                      "unknown option \"%s\"; options are spelled "
                                      "--name",
                                      arg);
        }
        const char *name = arg + 2, *eq = strchr(name, '=');
        size_t len = eq ? (size_t)(eq - name) : strlen(name);
        int idx = -1;
        bool global = false;
        const ck_opt *o = cmd ? lookup(cmd->opts, name, len, &idx) : NULL;
        if (!o) {
            o = lookup(GLOBAL_OPTS, name, len, &idx);
            global = o != NULL;
        }
        if (!o && cmd)
            return ck_cli_usage_error(cli, cmd, "unknown option \"--%.*s\" for %s", (int)len, name,
                                      cmd->name);
        if (!o)
            return ck_cli_usage_error(cli, cmd, "unknown option \"--%.*s\"", (int)len, name);
        const char *value = NULL;
        if (o->arg) {
            if (eq)
                value = eq + 1;
            else if (i + 1 < argc)
                value = argv[++i];
            else
                return ck_cli_usage_error(cli, cmd, "--%s needs a value (%s)", o->name, o->arg);
        } else if (eq) {
            return ck_cli_usage_error(cli, cmd, "--%s takes no value", o->name);
        }
        if (global) {
            set_global(g, o, value);
            continue;
        }
        if (a->set[idx] && !o->repeat)
            return ck_cli_usage_error(cli, cmd, "--%s is given twice; give it once", o->name);
        a->set[idx] = true;
        a->value[idx] = value;
        if (o->repeat) {
            if (a->nmulti[idx] == CK_CLI_MAX_MULTI)
                return ck_cli_usage_error(cli, cmd, "--%s is given more than %d times", o->name,
                                          CK_CLI_MAX_MULTI);
            a->multi[idx][a->nmulti[idx]++] = value;
        }
    }
    return CK_EXIT_OK;
}

static int64_t fixed_clock(void *ctx)
{
    return *(const int64_t *)ctx;
}

/* The language from the environment, as gettext would choose it, and the catalogues. Only
 * LC_CTYPE follows the environment too (the terminal's characters); numbers, times and the
 * rest stay in the C locale, so parsing "14.5" and writing JSON never change with it. */
static void choose_language(const char *data_dir)
{
    char dir[4096];
    setlocale(LC_ALL, "");
    setlocale(LC_NUMERIC, "C");
    setlocale(LC_TIME, "C");
    setlocale(LC_COLLATE, "C");
    ck_app_locale_dir(data_dir, dir, sizeof dir);
    ck_lang_setup(dir);
    cli_lang = ck_lang_from_env();
}

int ck_cli_main(int argc, char **argv)
{
    ck_cli cli = {.out = stdout, .errout = stderr, .prog = "classkiosk"};
    ck_args args;
    global_values g = {0};
    ck_err err = {0};
    static int64_t now;

    choose_language(NULL);

    /* Global options may come before the command. */
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        const char *arg = argv[i];
        if (strcmp(arg, "--version") == 0) {
            printf("classkiosk %s\n", CK_VERSION);
            return CK_EXIT_OK;
        }
        if (strcmp(arg, "-h") == 0) {
            g.help = true;
            continue;
        }
        const char *name = arg + 2, *eq = strchr(name, '=');
        int idx;
        const ck_opt *o =
            arg[1] == '-' ? lookup(GLOBAL_OPTS, name, eq ? (size_t)(eq - name) : strlen(name), &idx)
                          : NULL;
        if (!o)
            return ck_cli_usage_error(&cli, NULL, "unknown option \"%s\"", arg);
        const char *value = NULL;
        if (o->arg && eq)
            value = eq + 1;
        else if (o->arg && i + 1 < argc)
            value = argv[++i];
        else if (o->arg)
            return ck_cli_usage_error(&cli, NULL, "--%s needs a value (%s)", o->name, o->arg);
        set_global(&g, o, value);
    }
    if (i >= argc) {
        main_help(&cli);
        return g.help ? CK_EXIT_OK : CK_EXIT_USAGE;
    }
    if (strcmp(argv[i], "help") == 0) {
        if (i + 1 >= argc) {
            main_help(&cli);
            return CK_EXIT_OK;
        }
        i++;
        g.help = true;
    }
    int words = 0;
    const ck_cmd *cmd = find_command(argc, argv, i, &words);
    if (!cmd) {
        if (is_group_word(argv[i])) {
            /* "course --help", "help course": the group's commands. */
            const char *next = i + 1 < argc ? argv[i + 1] : "";
            if (g.help || strcmp(next, "--help") == 0 || strcmp(next, "-h") == 0) {
                group_help(&cli, argv[i]);
                return CK_EXIT_OK;
            }
            return ck_cli_usage_error(&cli, NULL,
                                      "\"%s\" needs a subcommand; \"%s %s --help\" lists them",
                                      argv[i], cli.prog, argv[i]);
        }
        return ck_cli_usage_error(&cli, NULL, "unknown command \"%s\"", argv[i]);
    }
    int rc = parse(&cli, cmd, argc, argv, i + words, &args, &g);
    if (rc)
        return rc;
    if (g.help) {
        command_help(&cli, cmd);
        return CK_EXIT_OK;
    }
    if ((int)args.npos < cmd->min_pos)
        return ck_cli_usage_error(&cli, cmd, "%s needs more arguments", cmd->name);

    const char *env_db = getenv("CLASSKIOSK_DB");
    cli.opt.db_path = g.db ? g.db : env_db && *env_db ? env_db : "classkiosk.db";
    cli.opt.key_path = g.key ? g.key : getenv("CLASSKIOSK_KEY");
    cli.opt.data_dir = g.data_dir;
    if (g.data_dir) /* its catalogues, if it has them */
        choose_language(g.data_dir);
    if (g.course) {
        long id;
        if (!ck_cli_int(&cli, NULL, "course", g.course, 1, 1L << 40, &id))
            return CK_EXIT_USAGE;
        cli.opt.course_id = id;
    }
    bool fixed = false;
    if (ck_app_clock_from_env(&now, &fixed, &err) != CK_OK)
        return ck_cli_fail(&cli, &err);
    if (fixed) {
        cli.opt.clock = fixed_clock;
        cli.opt.clock_ctx = &now;
    }
    if (cmd->db != CK_CLI_NO_DB && ck_app_open(&cli.app, &cli.opt,
                                               cmd->db == CK_CLI_DB_CREATE ? CK_APP_CREATE
                                               : cmd->db == CK_CLI_DB_READ ? CK_APP_READONLY
                                                                           : CK_APP_EXISTING,
                                               &err) != CK_OK)
        return ck_cli_fail(&cli, &err);
    rc = cmd->run(&cli, cmd, &args);
    ck_app_close(cli.app); /* also when the command opened it itself */
    if (fflush(cli.out) != 0 && rc == CK_EXIT_OK) {
        char why[256];
        ck_lang_strerror(ck_cli_lang(), errno, why, sizeof why);
        fprintf(cli.errout, "%s: ", cli.prog);
        fprintf(cli.errout, _("could not write the output: %s"), why);
        fputc('\n', cli.errout);
        rc = CK_EXIT_FAIL;
    }
    return rc;
}
