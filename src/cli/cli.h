/* The classkiosk command line: argument parsing, the command table, and output helpers. */
#ifndef CK_CLI_H
#define CK_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "app/app.h"
#include "common/lang.h"

/* The command line's own words, in the environment's language (msgid itself in English). */
const ck_lang *ck_cli_lang(void);
const char *ck_cli_words(const char *msgid) __attribute__((format_arg(1)));
const char *ck_cli_ntext(const char *msgid, const char *plural, unsigned long n)
    __attribute__((format_arg(1)));
#define _(msgid) ck_cli_words(msgid)
#define ngettext_cli(msgid, plural, n) ck_cli_ntext((msgid), (plural), (n))

#define CK_CLI_MAX_OPTS 24
#define CK_CLI_MAX_POS 128
#define CK_CLI_MAX_MULTI 32

/* Exit statuses. */
enum { CK_EXIT_OK = 0, CK_EXIT_FAIL = 1, CK_EXIT_USAGE = 2 };

typedef struct ck_opt {
    const char *name; /* without the dashes */
    const char *arg;  /* NULL: a flag; otherwise the value's name in help, e.g. "FILE" */
    bool repeat;      /* may be given more than once */
    const char *help;
} ck_opt;

typedef struct ck_args {
    const char *value[CK_CLI_MAX_OPTS]; /* last value of each option, by its index */
    bool set[CK_CLI_MAX_OPTS];
    const char *multi[CK_CLI_MAX_OPTS][CK_CLI_MAX_MULTI];
    size_t nmulti[CK_CLI_MAX_OPTS];
    const char *pos[CK_CLI_MAX_POS];
    size_t npos;
} ck_args;

/* What a command needs of the database: nothing, to read it (opened read-only: works on a
 * read-only file and never upgrades), to change it, or to create it. */
typedef enum ck_cli_db {
    CK_CLI_NO_DB,
    CK_CLI_DB_EXISTING,
    CK_CLI_DB_CREATE,
    CK_CLI_DB_READ,
} ck_cli_db;

typedef struct ck_cli ck_cli;
typedef struct ck_cmd ck_cmd;

struct ck_cmd {
    const char *name;    /* "course create" */
    const char *usage;   /* what follows the name in the synopsis */
    const char *summary; /* one line */
    const char *details; /* paragraphs shown by --help, or NULL */
    const ck_opt *opts;  /* NULL-name terminated */
    int min_pos, max_pos;
    ck_cli_db db;
    int (*run)(ck_cli *cli, const ck_cmd *cmd, const ck_args *a);
};

/* Stored text made safe for the terminal (ck_cli_text()): a few buffers used in turn. */
#define CK_CLI_TEXT_SLOTS 8
#define CK_CLI_TEXT_BYTES 4096

struct ck_cli {
    ck_app *app;
    ck_app_options opt;
    FILE *out, *errout;
    const char *prog;
    char text[CK_CLI_TEXT_SLOTS][CK_CLI_TEXT_BYTES];
    unsigned next_text;
};

/* Run the command line; returns the exit status. */
int ck_cli_main(int argc, char **argv);

/* Index of option name in cmd's table (the value lives at that index in ck_args). */
int ck_cli_opt(const ck_cmd *cmd, const char *name);
const char *ck_cli_value(const ck_cmd *cmd, const ck_args *a, const char *name);
bool ck_cli_flag(const ck_cmd *cmd, const ck_args *a, const char *name);
size_t ck_cli_values(const ck_cmd *cmd, const ck_args *a, const char *name, const char ***out);

/* Text the station stored or was given (names, reasons, titles, audit details, print errors,
 * claims read from a certificate) as it may be printed on a terminal: escape sequences, line
 * breaks, bidi controls and other invisible characters shown as escapes (ck_text_escape()), so
 * no stored text can move the cursor or forge a line. Every such text the CLI prints goes
 * through it; JSON output does not (JSON escapes itself). The result stays valid until
 * CK_CLI_TEXT_SLOTS more calls. */
const char *ck_cli_text(ck_cli *cli, const char *text);

/* Print "classkiosk: message" for an error (the message escaped, its line breaks kept) and return
 * CK_EXIT_FAIL (or USAGE for EINVAL from argument checks when usage is true). */
int ck_cli_fail(ck_cli *cli, const ck_err *err);
int ck_cli_usage_error(ck_cli *cli, const ck_cmd *cmd, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Parse an integer option value (decimal digits only: core/number.h); on failure prints a
 * usage error and returns false. */
bool ck_cli_int(ck_cli *cli, const ck_cmd *cmd, const char *name, const char *text, long min,
                long max, long *out);

/* Resolve WHO to an attendee; prints the error and returns false when it cannot. */
bool ck_cli_who(ck_cli *cli, const char *who, ck_attendee_rec *out, int *status);

/* Run fn for every WHO among the positional arguments, each on its own: one that cannot be
 * resolved or fails is reported and the others still run. Returns 0 when all succeeded. */
typedef ck_rc (*ck_cli_who_fn)(ck_cli *cli, const ck_attendee_rec *who, void *ctx, ck_err *err);
int ck_cli_each_who(ck_cli *cli, const ck_args *a, ck_cli_who_fn fn, void *ctx);

/* Print stored text (through ck_cli_text()) to cli->out, padded with spaces to width terminal
 * columns (UTF-8 aware). */
void ck_cli_pad(ck_cli *cli, const char *text, int width);

/* Print a JSON value (takes ownership) to cli->out, indented. */
int ck_cli_print_json(ck_cli *cli, void *json);

/* Write text to the command's output and flush it; says why on errout when that fails. */
int ck_cli_write(ck_cli *cli, const char *text, size_t len);

/* Say "out of memory" on errout; returns CK_EXIT_FAIL. */
int ck_cli_out_of_memory(ck_cli *cli);

/* One line from the terminal (after prompt, without echo) or from stdin when tty is false;
 * the line end removed. false at the end of the input, and for a line longer than n - 1
 * bytes (read to its end and refused, so its tail is not taken as the next line). */
bool ck_cli_read_line(char *out, size_t n, bool tty, const char *prompt);

/* The command groups. */
extern const ck_cmd ck_cli_setup_cmds[];
extern const ck_cmd ck_cli_people_cmds[];
extern const ck_cmd ck_cli_report_cmds[];
extern const ck_cmd ck_cli_certs_cmds[];
extern const ck_cmd ck_cli_print_cmds[];
extern const ck_cmd ck_cli_mail_cmds[];
extern const ck_cmd ck_cli_kiosk_cmds[];
extern const ck_cmd ck_cli_sync_cmds[];

/* Follow a print job for up to wait_s seconds and report it; 0 when it printed. */
int ck_cli_follow_job(ck_cli *cli, const ck_job_rec *job, int wait_s);

#endif
