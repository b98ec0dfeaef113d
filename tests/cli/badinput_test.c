/* Bad input through the real binary: a clear error naming the input, and nothing changed. */
#include "cli_support.h"

#define NOW "2026-11-23 10:00"

/* Everything a trainer could see, to compare before and after a refused command. */
static char *snapshot(const char *db)
{
    ck_proc p = {0};
    size_t cap = 1 << 20, used = 0;
    char *all = calloc(1, cap);
    const char *cmds[][3] = {{"course", "list", "--json"},
                             {"roster", "list", "--json"},
                             {"audit", "--json", NULL},
                             {"status", "--json", NULL}};
    for (size_t i = 0; i < 4; i++) {
        if (cmds[i][2])
            CLI(&p, db, NOW, cmds[i][0], cmds[i][1], cmds[i][2]);
        else
            CLI(&p, db, NOW, cmds[i][0], cmds[i][1]);
        if (p.status != 0)
            ck_test_fail(__FILE__, __LINE__, "%s %s failed: %s", cmds[i][0], cmds[i][1], p.err);
        used += (size_t)snprintf(all + used, cap - used, "%s%s", p.out, p.err);
    }
    ck_proc_clear(&p);
    return all;
}

static const char *setup(void)
{
    const char *db = ck_test_path("bad.db");
    ck_proc p = {0};
    CLI_OK(&p, db, NOW, "init");
    CLI_OK(&p, db, NOW, "course", "create", "--title", "CSPO", "--trainer", "T", "--day",
           "2026-11-23", "--day", "2026-11-24");
    const char *roster = ck_test_path("ok.csv");
    ck_test_write_file(roster, "name,email\nAnn Lee,anna@example.org\nAnn Leeds,ann@example.org\n"
                               "Bob Stone,bob@example.org\n");
    CLI_OK(&p, db, NOW, "roster", "import", roster);
    ck_proc_clear(&p);
    return db;
}

/* Run a command that must fail with exit status want (1: refused, 2: bad usage) and text in
 * stderr, print no result, and leave the database as it was. A crash or a sanitizer's report is
 * no refusal: the status would differ, or stderr would say so. */
#define FAILS_WITH(db, want, text, ...)                                                            \
    do {                                                                                           \
        char *before_ = snapshot(db);                                                              \
        ck_proc p_ = {0};                                                                          \
        CLI_FAILS(&p_, db, NOW, text, __VA_ARGS__);                                                \
        CK_CHECK_INT(p_.status, want);                                                             \
        CK_CHECK_STR(p_.out, "");                                                                  \
        CK_CHECK_NOT_CONTAINS(p_.err, "Sanitizer");                                                \
        CK_CHECK_NOT_CONTAINS(p_.err, "runtime error");                                            \
        char *after_ = snapshot(db);                                                               \
        if (strcmp(before_, after_) != 0)                                                          \
            ck_test_fail(__FILE__, __LINE__, "the database changed");                              \
        free(before_);                                                                             \
        free(after_);                                                                              \
        ck_proc_clear(&p_);                                                                        \
    } while (0)
/* Refused: the command was understood and declined (exit 1). */
#define REFUSED(db, text, ...) FAILS_WITH(db, 1, text, __VA_ARGS__)
/* Bad usage: the command line itself is wrong (exit 2). */
#define MISUSED(db, text, ...) FAILS_WITH(db, 2, text, __VA_ARGS__)

static void usage_errors(void)
{
    const char *db = setup();
    MISUSED(db, "unknown command \"chekin\"", "chekin", "bob");
    MISUSED(db, "unknown option \"--tiitle\"", "course", "create", "--tiitle", "x");
    MISUSED(db, "--title needs a value", "course", "create", "--title");
    MISUSED(db, "needs more arguments", "checkin");
    MISUSED(db, "unexpected argument", "status", "extra");
    MISUSED(db, "\"course\" needs a subcommand", "course");
    MISUSED(db, "--reason is given twice", "close-day", "--reason", "a b c", "--reason", "d e f");
    MISUSED(db, "--course \"x\" must be a whole number", "--course", "x", "status");
    REFUSED(db, "there is no course 42", "--course", "42", "status");
}

static void bad_course_descriptions(void)
{
    const char *db = setup();
    REFUSED(db, "--day \"2026-02-30\" is not a date", "course", "create", "--title", "X",
            "--trainer", "T", "--day", "2026-02-30");
    REFUSED(db, "needs its days", "course", "create", "--title", "X", "--trainer", "T");
    REFUSED(db, "--window \"9-17\" is not a time span", "course", "create", "--title", "X",
            "--trainer", "T", "--day", "2026-12-01", "--window", "9-17");
    REFUSED(db, "ends before it starts", "course", "create", "--title", "X", "--trainer", "T",
            "--day", "2026-12-01", "--window", "17:00-09:00");
    REFUSED(db, "outside the day's window", "course", "create", "--title", "X", "--trainer", "T",
            "--day", "2026-12-01", "--break", "08:00-09:30");
    REFUSED(db, "overlap", "course", "create", "--title", "X", "--trainer", "T", "--day",
            "2026-12-01", "--break", "12:00-13:00", "--break", "12:30-13:30");
    REFUSED(db, "--day 2026-12-01 is given twice", "course", "create", "--title", "X", "--trainer",
            "T", "--day", "2026-12-01", "--day", "2026-12-01");
    MISUSED(db, "--tolerance \"ten\" must be a whole number", "course", "create", "--title", "X",
            "--trainer", "T", "--day", "2026-12-01", "--tolerance", "ten");
    MISUSED(db, "--hours \"-3\" must be a positive number", "course", "create", "--title", "X",
            "--trainer", "T", "--day", "2026-12-01", "--hours", "-3");
    MISUSED(db, "--days goes with --start", "course", "create", "--title", "X", "--trainer", "T",
            "--days", "3");
    MISUSED(db, "give either --day (each day) or --start", "course", "create", "--title", "X",
            "--trainer", "T", "--day", "2026-12-01", "--start", "2026-12-01");
    REFUSED(db, "--start \"12/01/2026\" is not a date", "course", "create", "--title", "X",
            "--trainer", "T", "--start", "12/01/2026");
    /* --start alone: two consecutive days, the CSPO default, across a month's end. */
    ck_proc p = {0};
    CLI_OK(&p, db, NOW, "course", "create", "--title", "Two days", "--trainer", "T", "--start",
           "2026-11-30");
    CLI_OK(&p, db, NOW, "course", "show");
    CK_CHECK_CONTAINS(p.out, "\"2026-11-30\"");
    CK_CHECK_CONTAINS(p.out, "\"2026-12-01\"");
    CK_CHECK_CONTAINS(p.out, "\"contact_hours\": 16.0");
    ck_proc_clear(&p);
    REFUSED(db, "title is not valid UTF-8", "course", "create", "--title", "Bad \xff", "--trainer",
            "T", "--day", "2026-12-01");
}

static void bad_rosters(void)
{
    const char *db = setup();
    const char *f = ck_test_path("r.csv");
    REFUSED(db, "cannot open roster", "roster", "import", ck_test_path("missing.csv"));
    ck_test_write_file(f, "name,email\nGood Person,good@example.org\nBo,bo@\n");
    REFUSED(db, "r.csv line 3: email \"bo@\" is not an address", "roster", "import", f);
    ck_test_write_file(f, "name,email\nBad \xc3\x28,x@example.org\n");
    REFUSED(db, "r.csv line 2: name is not valid UTF-8", "roster", "import", f);
    ck_test_write_file(f, "\x89PNG\r\n\x1a\n\x01\x02garbage");
    REFUSED(db, "r.csv", "roster", "import", f);
    ck_test_write_file(f, "name,email\nNew Person,bob@example.org\nOther,bob@example.org\n");
    REFUSED(db, "already used on line 2", "roster", "import", f);
    REFUSED(db, "is a folder, not a regular file", "roster", "import", ck_test_tmpdir());
}

static void bad_people_and_times(void)
{
    const char *db = setup();
    REFUSED(db, "nobody on the roster is called \"zed\"", "checkin", "zed");
    REFUSED(db, "\"an\" matches 2 people: Ann Lee (id 1, anna@example.org), Ann Leeds", "checkin",
            "an");
    REFUSED(db, "no attendee of this course has the id 999", "checkin", "999");
    REFUSED(db, "nobody on the roster has the e-mail x@y.org", "checkin", "x@y.org");
    REFUSED(db, "--at \"yesterday\" is not a local date and time", "checkin", "bob", "--at",
            "yesterday", "--reason", "late entry");
    REFUSED(db, "--at is in the future", "checkin", "bob", "--at", "2026-11-23 11:00", "--reason",
            "from the future");
    REFUSED(db, "not checked in today", "checkout", "bob");
    REFUSED(db, "there is no event 77", "undo", "77", "--reason", "nothing there");
    REFUSED(db, "2026-11-30 is not a day of this course", "close-day", "2026-11-30", "--reason",
            "wrong day");
    REFUSED(db, "there is no setting \"colour\"", "config", "set", "colour", "red");
    REFUSED(db, "must start with https://", "config", "set", "verify-url", "ftp://x");
    REFUSED(db, "there is no file certs/CK-ABCDE-FGHJK.pdf; check its name and folder", "verify",
            "certs/CK-ABCDE-FGHJK.pdf");
    REFUSED(db, "there is no file photo.JPG", "verify", "photo.JPG");
    ck_proc p = {0};
    setenv("CLASSKIOSK_NOW", "not a time", 1);
    const char *argv[] = {ck_test_binary(), "--db", db, "status", NULL};
    ck_test_exec(&p, NULL, argv);
    CK_CHECK_INT(p.status, 1);
    CK_CHECK_CONTAINS(p.err, "CLASSKIOSK_NOW \"not a time\"");
    /* Beyond the year 9999 no date can be written (found by tests/fuzz/schedule.c). */
    setenv("CLASSKIOSK_NOW", "@99999999999999", 1);
    ck_test_exec(&p, NULL, argv);
    CK_CHECK_INT(p.status, 1);
    CK_CHECK_CONTAINS(p.err, "CLASSKIOSK_NOW \"@99999999999999\" is not @SECONDS since 1970 (up "
                             "to the year 9999)");
    /* "ann lee" begins two names but is exactly one of them. */
    CLI_OK(&p, db, NOW, "checkin", "ann lee");
    CK_CHECK_CONTAINS(p.out, "Ann Lee checked in");
    CLI_OK(&p, db, NOW, "checkin", "leeds");
    CK_CHECK_CONTAINS(p.out, "Ann Leeds checked in");
    ck_proc_clear(&p);
}

static void bad_database_files(void)
{
    ck_proc p = {0};
    const char *junk = ck_test_path("junk.db");
    ck_test_write_file(junk, "not a database at all, just some words in a file......");
    CLI_FAILS(&p, junk, NOW, "not a classkiosk database", "status");
    char *back = ck_test_read_file(junk, NULL);
    CK_CHECK_STR(back, "not a database at all, just some words in a file......");
    free(back);
    CLI_FAILS(&p, ck_test_path("nope.db"), NOW, "classkiosk init", "status");
    CLI_FAILS(&p, "/nonexistent-dir/x.db", NOW, "check that the folder /nonexistent-dir exists",
              "init");
    CLI_OK(&p, ck_test_path("empty.db"), NOW, "init");
    CLI_FAILS(&p, ck_test_path("empty.db"), NOW, "there is no course yet", "status");
    ck_proc_clear(&p);
}

static void every_command_has_help(void)
{
    ck_proc p = {0}, h = {0};
    const char *argv[] = {ck_test_binary(), "--help", NULL};
    CK_CHECK_INT(ck_test_exec(&p, NULL, argv), 0);
    int commands = 0;
    char *list = strstr(p.out, "commands:\n"), *end = list ? strstr(list, "\n\n") : NULL;
    for (char *line = list; line && line < end; line = strchr(line + 1, '\n')) {
        /* "  course create        summary…": the name ends at the first double space. */
        if (strncmp(line, "\n  ", 3) != 0)
            continue;
        char name[64] = "";
        char *gap = strstr(line + 3, "  ");
        if (!gap || gap - (line + 3) >= (long)sizeof name)
            continue;
        memcpy(name, line + 3, (size_t)(gap - (line + 3)));
        const char *hargv[6] = {ck_test_binary()};
        int n = 1;
        for (char *save = NULL, *w = strtok_r(name, " ", &save); w; w = strtok_r(NULL, " ", &save))
            hargv[n++] = w;
        hargv[n++] = "--help";
        if (ck_test_exec(&h, NULL, hargv) != 0 || !strstr(h.out, "usage: classkiosk "))
            ck_test_fail(__FILE__, __LINE__, "%s --help failed: %s", hargv[1], h.err);
        commands++;
        ck_proc_clear(&h);
    }
    CK_CHECK(commands >= 20);
    printf("%d commands have --help\n", commands);
    ck_proc_clear(&p);
}

int main(int argc, char **argv)
{
    ck_test_init(argc, argv);
    CK_RUN(usage_errors);
    CK_RUN(bad_course_descriptions);
    CK_RUN(bad_rosters);
    CK_RUN(bad_people_and_times);
    CK_RUN(bad_database_files);
    CK_RUN(every_command_has_help);
    return ck_test_done();
}
