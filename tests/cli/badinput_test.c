/* Bad input through the real binary: a clear error naming the input, and nothing changed. */
#include <sqlite3.h>

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
    MISUSED(db, "--hours \"-3\" must be a number of contact hours", "course", "create", "--title",
            "X", "--trainer", "T", "--day", "2026-12-01", "--hours", "-3");
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
    REFUSED(db, "the course title is not valid UTF-8", "course", "create", "--title", "Bad \xff",
            "--trainer", "T", "--day", "2026-12-01");
}

static void bad_rosters(void)
{
    const char *db = setup();
    const char *f = ck_test_path("r.csv");
    REFUSED(db, "cannot open roster", "roster", "import", ck_test_path("missing.csv"));
    ck_test_write_file(f, "name,email\nGood Person,good@example.org\nBo,bo@\n");
    REFUSED(db, "r.csv line 3: the e-mail address \"bo@\" is not an address", "roster", "import",
            f);
    ck_test_write_file(f, "name,email\nBad \xc3\x28,x@example.org\n");
    REFUSED(db, "r.csv line 2: the name is not valid UTF-8", "roster", "import", f);
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

/* Numbers are decimal digits and nothing else, wherever a person types one (issue 9: --hours
 * nan became the default). */
static void bad_numbers(void)
{
    const char *db = setup();
#define COURSE "course", "create", "--title", "X", "--trainer", "T", "--day", "2026-11-24"
    const char *hours[] = {"nan", "inf",  "-3",   "0",      "1e2", "16abc",
                           " 16", "0x10", "14,5", "14.333", "337"};
    for (size_t i = 0; i < sizeof hours / sizeof hours[0]; i++)
        MISUSED(db, "must be a number of contact hours from 0.01 to 336", COURSE, "--hours",
                hours[i]);
    REFUSED(db,
            "the schedule holds 14 h 30 min; the certificate would say 16 contact hours; "
            "give --hours 14.5 or less",
            COURSE, "--day", "2026-11-25", "--break", "12:30-13:15", "--hours", "16");
    MISUSED(db, "--tolerance \"+5\" must be a whole number", COURSE, "--tolerance", "+5");
    MISUSED(db, "--tolerance \" 5\" must be a whole number", COURSE, "--tolerance", " 5");
    REFUSED(db, "--tolerance 10 minutes is as long as day 1's required time (10 min)", COURSE,
            "--window", "09:00-09:10");
    REFUSED(db, "the breaks cover the whole window 09:00-17:00", COURSE, "--break", "09:00-17:00");
    REFUSED(db, "its certificates would expire after the year 9999", "course", "create", "--title",
            "X", "--trainer", "T", "--day", "9999-12-31");
    REFUSED(db, "would have expired on", "course", "create", "--title", "X", "--trainer", "T",
            "--day", "2019-05-06");
    MISUSED(db, "--days \"2x\" must be a whole number", "course", "create", "--title", "X",
            "--trainer", "T", "--start", "2026-11-24", "--days", "2x");
    MISUSED(db, "--wait \"5x\" must be a whole number from 0 to 3600", "print", "x.pdf", "--wait",
            "5x");
    MISUSED(db, "--event id \"+5\" must be a whole number", "undo", "+5", "--reason", "a b c");
    MISUSED(db, "--course \"1e1\" must be a whole number", "--course", "1e1", "status");
    const char *sizes[] = {"1280x800junk", "-1280x800", "1280x 800",      " 1280x800",
                           "1280x",        "100x100",   "99999999999x800"};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++)
        MISUSED(db, "is not a window size", "kiosk", "--windowed", "--size", sizes[i]);
    MISUSED(db, "--inactivity \"30s\" must be a whole number", "kiosk", "--inactivity", "30s");
    REFUSED(db, "no attendee of this course has the id 99999999999999999999", "checkin",
            "99999999999999999999");
    ck_proc p = {0};
    const char *argv[] = {ck_test_binary(), "--db", db, "status", NULL};
    const char *clocks[] = {"@ 5", "@+5", "@5x", "@-1", "@"};
    for (size_t i = 0; i < sizeof clocks / sizeof clocks[0]; i++) {
        setenv("CLASSKIOSK_NOW", clocks[i], 1);
        ck_test_exec(&p, NULL, argv);
        CK_CHECK_INT(p.status, 1);
        CK_CHECK_CONTAINS(p.err, "is not @SECONDS since 1970");
    }
    ck_proc_clear(&p);
#undef COURSE
}

/* A time given is a time: "1970-01-01 01:00" here is second 0, which was taken as "now". */
static void correction_times_are_checked(void)
{
    const char *db = setup();
    REFUSED(db,
            "1970-01-01 is not a day of the course \"CSPO\" (its days: 2026-11-23, "
            "2026-11-24)",
            "checkin", "bob", "--at", "1970-01-01 01:00", "--reason", "paper sheet");
    REFUSED(db, "--at \"1970-01-01 00:00\" is outside the times the station records", "checkin",
            "bob", "--at", "1970-01-01 00:00", "--reason", "paper sheet");
    REFUSED(db,
            "2026-11-20 is not a day of the course \"CSPO\" (its days: 2026-11-23, "
            "2026-11-24)",
            "license", "accept", "bob", "--at", "2026-11-20 10:00", "--reason", "on paper");
    REFUSED(db, "1970-01-01 is not a day of the course", "license", "accept", "bob", "--at",
            "1970-01-01 01:00", "--reason", "on paper");
}

/* Write len bytes (NUL bytes too) to path. */
static void write_bytes(const char *path, const char *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    CK_CHECK(f != NULL);
    if (f) {
        CK_CHECK_INT(fwrite(data, 1, len, f), len);
        fclose(f);
    }
}

/* Every human text is checked where it enters (issue 9): refused there, naming the character
 * and where it is, not at "certs issue" two days later. */
static void bad_texts_are_refused_where_they_enter(void)
{
    const char *db = setup();
    const char *f = ck_test_path("t.csv");
    /* A roster: each bad row with its line, nothing imported. */
    static const char rows[] = "name,email\n"
                               "Good Person,good@example.org\n"
                               "\xC2\xA0\xC2\xA0\xC2\xA0,nbsp@example.org\n"
                               "\xE2\x80\x8B\xE2\x80\x8C,zw@example.org\n"
                               "Zo\xC3\xAB\xE2\x80\xAEnimda,rlo@example.org\n"
                               "Ann\xE2\x80\xA8Lee,ls@example.org\n";
    ck_test_write_file(f, rows);
    REFUSED(db, "t.csv line 3: the name is empty", "roster", "import", f);
    REFUSED(db,
            "t.csv line 4: the name \"…\" contains the invisible character U+200B ZERO WIDTH "
            "SPACE (character 1); remove it",
            "roster", "import", f);
    REFUSED(db,
            "t.csv line 5: the name \"Zo\xC3\xAB…\" contains U+202E RIGHT-TO-LEFT OVERRIDE "
            "(character 4), which can disguise text; remove it",
            "roster", "import", f);
    REFUSED(db, "Nothing was imported", "roster", "import", f);
    static const char more[] = "name,email\n"
                               "Tag\xF3\xA0\x81\x81,tag@example.org\n"
                               "Private\xEE\x80\x80,pua@example.org\n"
                               "Non\xEF\xBF\xBE,nonchar@example.org\n"
                               "\xE1\x8A\xA0\xE1\x89\xA0\xE1\x89\xA0,abebe@example.et\n";
    ck_test_write_file(f, more);
    REFUSED(db, "t.csv line 2: the name \"Tag…\" contains the tag character U+E0041", "roster",
            "import", f);
    REFUSED(db,
            "t.csv line 3: the name \"Private…\" contains U+E000 (character 8), a private-use "
            "character",
            "roster", "import", f);
    REFUSED(db, "t.csv line 4: the name \"Non…\" contains U+FFFE (character 4), a noncharacter",
            "roster", "import", f);
    REFUSED(db,
            "t.csv line 5: the name \"\xE1\x8A\xA0\xE1\x89\xA0\xE1\x89\xA0\" has characters "
            "U+12A0",
            "roster", "import", f);
    /* A NUL byte no longer cuts the name or the e-mail short: the file is refused. */
    static const char nul[] = "name,email\nAnn\0Lee,ann@example.org\n";
    write_bytes(f, nul, sizeof nul - 1);
    REFUSED(db, "t.csv line 2: a NUL byte (U+0000) at byte 4 of the line; a roster is text",
            "roster", "import", f);
    static const char utf16[] = "\xFF\xFEn\0a\0m\0e\0\n\0";
    write_bytes(f, utf16, sizeof utf16 - 1);
    REFUSED(db, "t.csv is UTF-16 text, not UTF-8", "roster", "import", f);
    /* More problems than fit: the first ones in full, the rest counted. */
    char many[4096];
    size_t used = (size_t)snprintf(many, sizeof many, "name,email\n");
    for (int i = 0; i < 30; i++)
        used += (size_t)snprintf(many + used, sizeof many - used, "\xE2\x80\xAE%d,\n", i);
    ck_test_write_file(f, many);
    REFUSED(db, "t.csv line 2: the name", "roster", "import", f);
    REFUSED(db, "more problems after these\nNothing was imported", "roster", "import", f);

    REFUSED(db, "the name is empty", "roster", "add", "\xC2\xA0\xC2\xA0");
    REFUSED(db, "U+202E RIGHT-TO-LEFT OVERRIDE", "roster", "add", "Zo\xC3\xAB\xE2\x80\xAEx");
    REFUSED(db, "no certificate font on this station can draw", "roster", "add", "\xE1\x8A\xA0");
    REFUSED(db, "the e-mail address \"a@b\" is not an address", "roster", "add", "Al Bo", "--email",
            "a@b");
    REFUSED(db, "the course title \"Scrum…\" contains the control character U+001B ESCAPE",
            "course", "create", "--title", "Scrum\x1B[31m", "--trainer", "T", "--day",
            "2026-11-24");
    REFUSED(db, "the trainer's name \"Maria…\" contains U+202E", "course", "create", "--title", "X",
            "--trainer", "Maria\xE2\x80\xAE", "--day", "2026-11-24");
    REFUSED(db, "the location \"Berlin…\" contains a line break, U+2028 LINE SEPARATOR", "course",
            "create", "--title", "X", "--trainer", "T", "--location", "Berlin\xE2\x80\xA8x",
            "--day", "2026-11-24");
    REFUSED(db, "the course title \"Курс \xE1\x8A\xA0\" has a character U+12A0", "course", "create",
            "--title", "Курс \xE1\x8A\xA0", "--trainer", "T", "--day", "2026-11-24");
    REFUSED(db, "the printer name \"Room 1\" contains ' '", "course", "create", "--title", "X",
            "--trainer", "T", "--printer", "Room 1", "--day", "2026-11-24");
    /* A setting with a control character once made every later "certs issue" fail. */
    REFUSED(db, "the issuer \"ACME…\" contains the control character U+0007 BELL", "config", "set",
            "issuer", "ACME\x07");
    REFUSED(db,
            "the station name \"Room Elbe, second floor,…\" is 34 characters long; at "
            "most 30",
            "config", "set", "station", "Room Elbe, second floor, left door");
    REFUSED(db, "the printer name \"a/b\" contains '/'", "config", "set", "printer", "a/b");
    /* Reasons: one line of visible text, so no reason can forge a line of "events". */
    REFUSED(db, "the reason \"late…\" contains a line break, U+000A LINE FEED (character 5)",
            "checkin", "bob", "--at", "2026-11-23 09:00", "--reason",
            "late\n    42  2026-11-23 09:00  in    kiosk");
    REFUSED(db, "the reason \"end…\" contains the control character U+001B ESCAPE", "close-day",
            "2026-11-23", "--reason", "end\x1B[2J");
    REFUSED(db, "the reason \"undo…\" contains U+202E", "undo", "1", "--reason",
            "undo\xE2\x80\xAEx");
    REFUSED(db, "the reason \"ok\" is too short", "checkin", "bob", "--at", "2026-11-23 09:00",
            "--reason", "ok");
}

/* What a station stored before these checks, or anything else in the file, reaches the
 * terminal escaped; JSON output stays exact. */
static void stored_text_is_escaped_on_the_terminal(void)
{
    const char *db = setup();
    ck_proc p = {0};
    CLI_OK(&p, db, NOW, "checkin", "bob", "--at", "2026-11-23 09:00", "--reason", "paper sheet");
    sqlite3 *sql = NULL;
    CK_CHECK_INT(sqlite3_open(db, &sql), SQLITE_OK);
    CK_CHECK_INT(sqlite3_exec(sql,
                              "DROP TRIGGER event_append_only_u;"
                              "UPDATE event SET reason = 'late' || char(10) || '     9  "
                              "2026-11-23 09:00  in    kiosk   forged' || char(27) || '[1A';"
                              "UPDATE attendee SET name = 'Bob' || char(27) || ']0;owned' || "
                              "char(7) || ' Stone' WHERE email = 'bob@example.org'",
                              NULL, NULL, NULL),
                 SQLITE_OK);
    sqlite3_close(sql);
    CLI_OK(&p, db, NOW, "events", "bob@example.org");
    CK_CHECK_CONTAINS(p.out, "late\\n     9  2026-11-23 09:00  in    kiosk   forged\\x1B[1A\n");
    CK_CHECK_NOT_CONTAINS(p.out, "\x1B");
    CK_CHECK_INT((long)(strchr(p.out, '\n') - p.out) + 1, (long)strlen(p.out)); /* one line */
    CLI_OK(&p, db, NOW, "events", "bob@example.org", "--json");
    CK_CHECK_CONTAINS(p.out, "late\\n     9"); /* JSON's own escape */
    CK_CHECK_CONTAINS(p.out, "forged\\u001B[1A");
    const char *cmds[][3] = {{"roster", "list", NULL},
                             {"status", NULL, NULL},
                             {"audit", NULL, NULL},
                             {"checkin", "bob@example.org", NULL}};
    for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
        if (cmds[i][1])
            CLI(&p, db, NOW, cmds[i][0], cmds[i][1]);
        else
            CLI(&p, db, NOW, cmds[i][0]);
        CK_CHECK_NOT_CONTAINS(p.out, "\x1B");
        CK_CHECK_NOT_CONTAINS(p.err, "\x1B");
        CK_CHECK_NOT_CONTAINS(p.out, "\x07");
    }
    CLI_OK(&p, db, NOW, "roster", "list");
    CK_CHECK_CONTAINS(p.out, "Bob\\x1B]0;owned\\x07 Stone <bob@example.org>");
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
    CK_RUN(bad_numbers);
    CK_RUN(correction_times_are_checked);
    CK_RUN(bad_texts_are_refused_where_they_enter);
    CK_RUN(stored_text_is_escaped_on_the_terminal);
    CK_RUN(bad_database_files);
    CK_RUN(every_command_has_help);
    return ck_test_done();
}
