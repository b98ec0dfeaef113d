/* The trainer's paperwork through the binary: the attendance register read back with pdftotext
 * and pdfinfo (every name, every interval, corrections and their reasons, "Page N of M", the
 * chain head), 200 attendees across pages, the CSV export (RFC 4180, formula injection
 * neutralised), the XLSX read back with openpyxl and compared with status --json, and the list
 * of who completed. */
#include <sys/stat.h>

#include "cli_support.h"

/* The text of a PDF (pdftotext, reading order); malloc'd. */
static char *pdf_text(const char *pdf)
{
    ck_proc p = {0};
    const char *argv[] = {"pdftotext", pdf, "-", NULL};
    ck_test_exec(&p, NULL, argv);
    char *text = strdup(p.out ? p.out : "");
    ck_proc_clear(&p);
    return text;
}

static int pdf_pages(const char *pdf, char *size, size_t n)
{
    ck_proc p = {0};
    const char *argv[] = {"pdfinfo", pdf, NULL};
    ck_test_exec(&p, NULL, argv);
    const char *pages = p.out ? strstr(p.out, "Pages:") : NULL;
    const char *sz = p.out ? strstr(p.out, "Page size:") : NULL;
    int count = pages ? atoi(pages + 6) : -1;
    if (size && sz)
        snprintf(size, n, "%.*s", (int)strcspn(sz + 10, "\n"), sz + 10);
    ck_proc_clear(&p);
    return count;
}

/* The path the CLI printed after ": " on the line starting with prefix. */
static void printed_path(const char *out, const char *prefix, char *path, size_t n)
{
    const char *line = strstr(out, prefix);
    const char *colon = line ? strstr(line, ": ") : NULL;
    path[0] = '\0';
    if (colon)
        snprintf(path, n, "%.*s", (int)strcspn(colon + 2, "\n"), colon + 2);
}

static json_t *status_of(const char *db, const char *now)
{
    ck_proc p = {0};
    CLI_OK(&p, db, now, "status", "--json");
    json_t *doc = json_loads(p.out, 0, NULL);
    ck_proc_clear(&p);
    CK_CHECK(doc != NULL);
    return doc;
}

/* 90 characters, near the 100 a name may have. */
#define LONG_NAME                                                                                  \
    "Maximiliane Alexandra Friederike von Hohenzollern-Sigmaringen-Württemberg und "              \
    "Stauffenberg"

static void register_of_a_course(void)
{
    if (!ck_test_have("pdftotext") || !ck_test_have("pdfinfo")) {
        printf("skipped: pdftotext and pdfinfo are needed (scripts/deps test)\n");
        return;
    }
    const char *db = ck_test_path("r.db");
    ck_proc p = {0};
    cli_graduates(db, ck_test_path("roster.csv"));
    /* A long name, several intervals in a day, and the trainer's corrections with reasons. */
    CLI_OK(&p, db, D1 " 08:00", "roster", "add", LONG_NAME, "--email", "max@example.de");
    const char *stamps[][2] = {{D1 " 09:00", "checkin"}, {D1 " 10:30", "checkout"},
                               {D1 " 10:45", "checkin"}, {D1 " 12:30", "checkout"},
                               {D1 " 13:15", "checkin"}, {D2 " 09:02", "checkin"}};
    for (size_t i = 0; i < sizeof stamps / sizeof stamps[0]; i++)
        CLI_OK(&p, db, stamps[i][0], stamps[i][1], "max@example.de");
    CLI_OK(&p, db, D1 " 17:30", "close-day", D1, "--reason", "end of day 1");
    CLI_OK(&p, db, D2 " 17:30", "checkout", "max@example.de", "--at", D2 " 16:58", "--reason",
           "left for the train, told the trainer");
    CLI_OK(&p, db, AFTER, "checkin", "mateo@example.es", "--at", D2 " 09:00", "--reason",
           "kiosk was down in the morning");
    CLI_OK(&p, db, AFTER, "certs", "issue", "zoe@example.org", "--out", ck_test_path("c"));
    char cert[32] = "";
    sscanf(p.out, "issued %31s", cert);

    CLI_OK(&p, db, AFTER, "audit", "head", "--json");
    json_t *head = json_loads(p.out, 0, NULL);
    const char *hash = json_string_value(json_object_get(head, "hash"));
    CLI_OK(&p, db, AFTER, "course", "show");
    json_t *course = json_loads(p.out, 0, NULL);
    const char *uid = json_string_value(json_object_get(course, "uid"));

    CLI_OK(&p, db, AFTER, "report", "register");
    char pdf[4096];
    printed_path(p.out, "attendance register", pdf, sizeof pdf);
    CK_CHECK_CONTAINS(p.out, "attendance register of 5 attendees");
    /* The default place, beside the database, readable by its owner only. */
    struct stat sb;
    CK_CHECK(strstr(pdf, "/reports/register-") != NULL);
    CK_CHECK(stat(pdf, &sb) == 0 && (sb.st_mode & 0777) == 0600);
    char *text = pdf_text(pdf);
    const char *names[] = {"Zoë Ångström-Núñez", "Αλέξανδρος Παπαδόπουλος", "Анна Кузнецова",
                           "Mateo García"};
    for (size_t i = 0; i < 4; i++)
        CK_CHECK_CONTAINS(text, names[i]);
    /* The long name, shrunk and wrapped, keeps every word. */
    const char *words[] = {"Maximiliane", "Friederike", "Hohenzollern-", "Stauffenberg"};
    for (size_t i = 0; i < 4; i++)
        CK_CHECK_CONTAINS(text, words[i]);
    /* Every interval with its times, as the events say, marks where the trainer corrected. */
    CK_CHECK_CONTAINS(text, "08:55–17:02");
    CK_CHECK_CONTAINS(text, "09:40–17:02");
    CK_CHECK_CONTAINS(text, "09:00–10:30");
    CK_CHECK_CONTAINS(text, "10:45–12:30");
    CK_CHECK_CONTAINS(text, "13:15–17:00 [1]");
    CK_CHECK_CONTAINS(text, "09:02–16:58 [");
    CK_CHECK_CONTAINS(text, "09:00 [");
    CK_CHECK_CONTAINS(text, "Corrections by the trainer");
    CK_CHECK_CONTAINS(text, "end of day 1");
    CK_CHECK_CONTAINS(text, "left for the train, told the trainer");
    CK_CHECK_CONTAINS(text, "kiosk was down in the morning");
    CK_CHECK_CONTAINS(text, "required 8 h per person");
    /* The summary: license, when accepted, eligibility, the certificate id. */
    CK_CHECK_CONTAINS(text, "version 1 accepted");
    CK_CHECK_CONTAINS(text, "English"); /* the language of the text accepted */
    CK_CHECK_CONTAINS(text, "2026-11-24 17:30");
    CK_CHECK_CONTAINS(text, cert);
    CK_CHECK_CONTAINS(text, "Summary: 3 of 5 eligible");
    /* Page numbers, the signature line, and the footer: course id and chain head. */
    int pages = pdf_pages(pdf, NULL, 0);
    char label[32];
    snprintf(label, sizeof label, "Page 1 of %d", pages);
    CK_CHECK(pages >= 1);
    CK_CHECK_CONTAINS(text, label);
    CK_CHECK_CONTAINS(text, "Signature of the trainer, Maria Schmidt");
    CK_CHECK_CONTAINS(text, uid ? uid : "?");
    CK_CHECK_CONTAINS(text, hash ? hash : "?");
    free(text);

    /* US Letter; and straight to standard output. */
    CLI_OK(&p, db, AFTER, "report", "register", "--letter", "--out", ck_test_path("l.pdf"));
    char size[64] = "";
    pdf_pages(ck_test_path("l.pdf"), size, sizeof size);
    CK_CHECK_CONTAINS(size, "612 x 792 pts (letter)");
    pdf_pages(pdf, size, sizeof size);
    CK_CHECK_CONTAINS(size, "(A4)");
    CLI_OK(&p, db, AFTER, "report", "register", "--out", "-");
    CK_CHECK(strncmp(p.out, "%PDF-", 5) == 0);
    /* A folder that is not there: the error names it; nothing half-written. */
    CLI_FAILS(&p, db, AFTER, "folder", "report", "register", "--out",
              ck_test_path("nowhere/r.pdf"));
    json_decref(head);
    json_decref(course);
    ck_proc_clear(&p);
}

/* Names in three scripts, built from syllables so that 200 differ. */
static void person_name(int i, char *out, size_t n)
{
    static const char *const latin[] = {"Zoë", "Mateo", "Jürgen", "Amélie", "Björn", "Siobhán"};
    static const char *const greek[] = {"Αλέξανδρος", "Ελένη", "Γιώργος", "Μαρία"};
    static const char *const cyril[] = {"Анна", "Дмитрий", "Ольга", "Иван", "Светлана"};
    static const char *const family[] = {"Ångström", "Παπαδόπουλος", "Кузнецова", "García",
                                         "Weiß",     "Dubois",       "Nowak",     "O'Brien"};
    const char *first = i % 3 == 0 ? latin[i % 6] : i % 3 == 1 ? greek[i % 4] : cyril[i % 5];
    snprintf(out, n, "%s %s %d", first, family[(i / 3) % 8], i);
}

static void register_of_200(void)
{
    if (!ck_test_have("pdftotext") || !ck_test_have("pdfinfo")) {
        printf("skipped: pdftotext and pdfinfo are needed (scripts/deps test)\n");
        return;
    }
    enum { N = 200 };
    const char *db = ck_test_path("big.db");
    ck_proc p = {0};
    FILE *f = fopen(ck_test_path("big.csv"), "w");
    fprintf(f, "name,email\n");
    char emails[N][32];
    for (int i = 0; i < N; i++) {
        char name[128];
        person_name(i, name, sizeof name);
        snprintf(emails[i], sizeof emails[i], "p%03d@example.org", i);
        fprintf(f, "%s,%s\n", name, emails[i]);
    }
    fclose(f);
    CLI_OK(&p, db, D1 " 08:00", "init");
    CLI_OK(&p, db, D1 " 08:00", "course", "create", "--title", "Certified Scrum Product Owner",
           "--trainer", "Maria Schmidt", "--day", D1, "--day", D2, "--break", "12:30-13:15");
    CLI_OK(&p, db, D1 " 08:00", "roster", "import", ck_test_path("big.csv"));
    /* Everyone in and out each day, 100 people a command. */
    const char *days[] = {D1, D2};
    for (int d = 0; d < 2; d++)
        for (int half = 0; half < 2; half++) {
            const char *argv[160];
            char in[32], out[32];
            int n = 0;
            snprintf(in, sizeof in, "%s 08:5%d", days[d], half);
            snprintf(out, sizeof out, "%s 17:0%d", days[d], half);
            argv[n++] = ck_test_binary();
            argv[n++] = "--db";
            argv[n++] = db;
            argv[n++] = "checkin";
            for (int i = half * N / 2; i < (half + 1) * N / 2; i++)
                argv[n++] = emails[i];
            argv[n] = NULL;
            setenv("CLASSKIOSK_NOW", in, 1);
            CK_CHECK_INT(ck_test_exec(&p, NULL, argv), 0);
            argv[3] = "checkout";
            setenv("CLASSKIOSK_NOW", out, 1);
            CK_CHECK_INT(ck_test_exec(&p, NULL, argv), 0);
        }
    CLI_OK(&p, db, AFTER, "audit", "head", "--json");
    json_t *head = json_loads(p.out, 0, NULL);
    char hash[80];
    snprintf(hash, sizeof hash, "%s", json_string_value(json_object_get(head, "hash")));
    json_decref(head);
    CLI_OK(&p, db, AFTER, "report", "register");
    char pdf[4096];
    printed_path(p.out, "attendance register", pdf, sizeof pdf);
    int pages = pdf_pages(pdf, NULL, 0);
    CK_CHECK(pages > 6); /* three tables of 200 rows */
    char *text = pdf_text(pdf);
    /* Every page says where it is, in one sequence, and carries the chain head in its footer;
     * every name is there, on every table. */
    for (int i = 1; i <= pages; i++) {
        char label[32];
        snprintf(label, sizeof label, "Page %d of %d", i, pages);
        CK_CHECK_CONTAINS(text, label);
    }
    int heads = 0;
    for (const char *at = text; (at = strstr(at, hash)) != NULL; at++)
        heads++;
    CK_CHECK_INT(heads, pages);
    for (int i = 0; i < N; i++) {
        char name[128];
        person_name(i, name, sizeof name);
        CK_CHECK_CONTAINS(text, name);
        const char *at = text, *hit;
        int seen = 0;
        while ((hit = strstr(at, name)) != NULL) {
            /* "Zoë Ångström 1" is in "… 10" too: count it only where it ends. */
            char after = hit[strlen(name)];
            seen += after < '0' || after > '9';
            at = hit + 1;
        }
        CK_CHECK_INT(seen, 3); /* day 1, day 2, the summary */
    }
    CK_CHECK_CONTAINS(text, "Day 1 · Mon 23 Nov 2026, continued");
    CK_CHECK_CONTAINS(text, "08:50–17:00");
    CK_CHECK_CONTAINS(text, "08:51–17:01");
    CK_CHECK_CONTAINS(text, "Summary: 0 of 200 eligible");
    free(text);
    ck_proc_clear(&p);
}

/* A roster whose names try to be spreadsheet formulas. */
#define INJECT "=HYPERLINK(\"http://x\",\"click\")"

static const char *injecting_station(const char *name)
{
    static char db[4096];
    ck_proc p = {0};
    snprintf(db, sizeof db, "%s", ck_test_path(name));
    cli_graduates(db, ck_test_path("roster.csv"));
    ck_test_write_file(ck_test_path("more.csv"), "name,email\n"
                                                 "\""
                                                 "=HYPERLINK(\"\"http://x\"\",\"\"click\"\")"
                                                 "\",x@example.org\n"
                                                 "+49 Anna,plus@example.org\n"
                                                 "-Bob,minus@example.org\n"
                                                 "@carol,at@example.org\n");
    CLI_OK(&p, db, AFTER, "roster", "import", ck_test_path("more.csv"));
    CLI_OK(&p, db, AFTER, "certs", "issue", "--all", "--out", ck_test_path("c"));
    ck_proc_clear(&p);
    return db;
}

static void export_csv(void)
{
    const char *db = injecting_station("csv.db");
    const char *python = ck_test_python("csv");
    ck_proc p = {0};
    CLI_OK(&p, db, AFTER, "report", "export", "--out", ck_test_path("a.csv"));
    CK_CHECK_CONTAINS(p.out, "attendance of 8 attendees written to");
    size_t len = 0;
    char *csv = ck_test_read_file(ck_test_path("a.csv"), &len);
    CK_CHECK(csv && strncmp(csv, "\"Name\",\"E-mail\",\"Day 1 first in\"", 32) == 0);
    /* RFC 4180: CRLF after every record, quotes doubled; formulas neutralised with a ' in front
     * (OWASP), the rest of the text untouched. */
    CK_CHECK(csv && len > 2 && csv[len - 2] == '\r' && csv[len - 1] == '\n');
    CK_CHECK_CONTAINS(csv, "\"'=HYPERLINK(\"\"http://x\"\",\"\"click\"\")\",\"x@example.org\"");
    CK_CHECK_CONTAINS(csv, "\"'+49 Anna\"");
    CK_CHECK_CONTAINS(csv, "\"'-Bob\"");
    CK_CHECK_CONTAINS(csv, "\"'@carol\"");
    CK_CHECK_CONTAINS(csv, "\"Zoë Ångström-Núñez\",\"zoe@example.org\",2026-11-23 08:55,"
                           "2026-11-23 17:02,");
    CK_CHECK_NOT_CONTAINS(csv, "\"=");
    CK_CHECK(csv && strncmp(csv, "\xEF\xBB\xBF", 3) != 0);
    free(csv);
    /* With --bom the same bytes behind a byte-order mark; "-" writes to stdout. */
    CLI_OK(&p, db, AFTER, "report", "export", "--bom", "--out", "-");
    CK_CHECK(strncmp(p.out, "\xEF\xBB\xBF\"Name\",", 10) == 0);
    CLI_FAILS(&p, db, AFTER, "neither csv nor xlsx", "report", "export", "--format", "ods");

    /* A real CSV reader sees one row per attendee whose values status --json gives. */
    if (!python) {
        printf("skipped the CSV reader: no python3\n");
        ck_proc_clear(&p);
        return;
    }
    const char *read[] = {python, "-c",
                          "import csv,json,sys; print(json.dumps(list(csv.reader("
                          "open(sys.argv[1], newline='', encoding='utf-8')))))",
                          ck_test_path("a.csv"), NULL};
    CK_CHECK_INT(ck_test_exec(&p, NULL, read), 0);
    json_t *rows = json_loads(p.out, 0, NULL);
    json_t *doc = status_of(db, AFTER);
    json_t *people = json_object_get(doc, "attendees");
    CK_CHECK_INT(json_array_size(rows), json_array_size(people) + 1);
    for (size_t i = 0; i < json_array_size(people); i++) {
        json_t *want = json_array_get(people, i), *row = json_array_get(rows, i + 1);
        const char *name = json_string_value(json_object_get(want, "name"));
        const char *cell = json_string_value(json_array_get(row, 0));
        bool guarded = name && strchr("=+-@", name[0]);
        CK_CHECK(cell && name && strcmp(cell + guarded, name) == 0 && (!guarded || *cell == '\''));
        for (size_t d = 0; d < 2; d++) {
            json_t *day = json_array_get(json_object_get(want, "days"), d);
            char num[32];
            snprintf(num, sizeof num, "%lld",
                     (long long)json_integer_value(json_object_get(day, "present_minutes")));
            CK_CHECK_STR(json_string_value(json_array_get(row, 4 + 5 * d)), num);
            CK_CHECK_STR(json_string_value(json_array_get(row, 6 + 5 * d)),
                         json_is_true(json_object_get(day, "complete")) ? "yes" : "no");
        }
        CK_CHECK_STR(json_string_value(json_array_get(row, 15)),
                     json_is_true(json_object_get(want, "eligible")) ? "yes" : "no");
    }
    json_decref(rows);
    json_decref(doc);
    ck_proc_clear(&p);
}

/* A cell of the dump: its type letter and value. */
static json_t *xcell(json_t *sheet, size_t row, size_t col)
{
    return json_array_get(json_array_get(sheet, row), col);
}

static void check_cell(json_t *c, const char *type, const char *file, int line)
{
    const char *t = json_string_value(json_object_get(c, "t"));
    if (!t || strcmp(t, type) != 0)
        ck_test_fail(file, line, "cell of type %s expected, found %s", type,
                     t ? t : "an empty cell");
}
#define CELL_IS(c, type) check_cell((c), (type), __FILE__, __LINE__)

static void export_xlsx(void)
{
    const char *python = ck_test_python("openpyxl");
    if (!python) {
        printf("skipped: python3-openpyxl is needed to read the workbook (scripts/deps test)\n");
        return;
    }
    const char *db = injecting_station("x.db");
    ck_proc p = {0};
    CLI_OK(&p, db, AFTER, "report", "export", "--format", "xlsx", "--out", ck_test_path("a.xlsx"));
    CK_CHECK_INT(ck_test_python_script(&p, python, "xlsx_dump.py", ck_test_path("a.xlsx"), NULL),
                 0);
    json_t *book = json_loads(p.out, 0, NULL);
    CK_CHECK(book != NULL);
    json_t *sheets = json_object_get(book, "sheets");
    CK_CHECK_INT(json_array_size(sheets), 3);
    CK_CHECK_STR(json_string_value(json_array_get(sheets, 0)), "Summary");
    CK_CHECK_STR(json_string_value(json_array_get(sheets, 1)), "Day 1 " D1);
    CK_CHECK_STR(json_string_value(json_object_get(book, "creator")), "Maria Schmidt");
    json_t *sum = json_object_get(book, "Summary");
    json_t *doc = status_of(db, AFTER);
    json_t *people = json_object_get(doc, "attendees");
    CK_CHECK_INT(json_array_size(sum), json_array_size(people) + 1);
    /* Every value against status --json: numbers are numbers, yes/no are booleans, times are
     * date cells, text is text (a formula-looking name stays that text, no quote added). */
    for (size_t i = 0; i < json_array_size(people); i++) {
        json_t *want = json_array_get(people, i);
        size_t r = i + 1;
        CELL_IS(xcell(sum, r, 0), "s");
        CK_CHECK_STR(json_string_value(json_object_get(xcell(sum, r, 0), "v")),
                     json_string_value(json_object_get(want, "name")));
        CK_CHECK_STR(json_string_value(json_object_get(xcell(sum, r, 1), "v")),
                     json_string_value(json_object_get(want, "email")));
        for (size_t d = 0; d < 2; d++) {
            json_t *day = json_array_get(json_object_get(want, "days"), d);
            size_t c = 2 + 5 * d;
            CELL_IS(xcell(sum, r, c + 2), "n");
            CK_CHECK_INT(json_integer_value(json_object_get(xcell(sum, r, c + 2), "v")),
                         json_integer_value(json_object_get(day, "present_minutes")));
            CK_CHECK_INT(json_integer_value(json_object_get(xcell(sum, r, c + 3), "v")),
                         json_integer_value(json_object_get(day, "required_minutes")));
            CELL_IS(xcell(sum, r, c + 4), "b");
            CK_CHECK_INT(json_is_true(json_object_get(xcell(sum, r, c + 4), "v")),
                         json_is_true(json_object_get(day, "complete")));
            if (json_integer_value(json_object_get(day, "present_minutes")) > 0) {
                CELL_IS(xcell(sum, r, c), "d");
                CELL_IS(xcell(sum, r, c + 1), "d");
            }
        }
        CELL_IS(xcell(sum, r, 13), "b");
        CK_CHECK_INT(json_is_true(json_object_get(xcell(sum, r, 13), "v")),
                     json_is_true(json_object_get(want, "license_accepted")));
        CK_CHECK_INT(json_is_true(json_object_get(xcell(sum, r, 15), "v")),
                     json_is_true(json_object_get(want, "eligible")));
        if (json_is_integer(json_object_get(want, "license_version")))
            CK_CHECK_INT(json_integer_value(json_object_get(xcell(sum, r, 12), "v")),
                         json_integer_value(json_object_get(want, "license_version")));
        json_t *reasons = json_object_get(want, "reasons");
        if (json_array_size(reasons))
            CK_CHECK_CONTAINS(
                json_string_value(json_object_get(xcell(sum, r, 16), "v")),
                json_string_value(json_object_get(json_array_get(reasons, 0), "text")));
    }
    /* Zoë's first check-in on day 1 is her first event, 08:55, a date and time cell; the name
     * that looks like a formula is that text, a string cell. */
    bool zoe = false, inject = false;
    for (size_t r = 1; r < json_array_size(sum); r++) {
        const char *name = json_string_value(json_object_get(xcell(sum, r, 0), "v"));
        if (name && strcmp(name, "Zoë Ångström-Núñez") == 0) {
            zoe = true;
            CK_CHECK_STR(json_string_value(json_object_get(xcell(sum, r, 2), "v")),
                         "2026-11-23T08:55:00");
        }
        inject = inject || (name && strcmp(name, INJECT) == 0);
    }
    CK_CHECK(zoe && inject);

    /* A day's sheet: every interval of everyone, as the events say. */
    json_t *day1 = json_object_get(book, "Day 1 " D1);
    size_t rows = 0;
    for (size_t i = 0; i < json_array_size(people); i++) {
        const char *email = json_string_value(json_object_get(json_array_get(people, i), "email"));
        CLI_OK(&p, db, AFTER, "events", email, "--json");
        json_t *evs = json_loads(p.out, 0, NULL);
        json_t *in = NULL;
        size_t k;
        json_t *e;
        json_array_foreach(evs, k, e)
        {
            const char *kind = json_string_value(json_object_get(e, "kind"));
            const char *at = json_string_value(json_object_get(e, "at"));
            if (!at || strncmp(at, D1, 10) != 0)
                continue;
            if (strcmp(kind, "in") == 0)
                in = e;
            if (strcmp(kind, "out") != 0 || !in)
                continue;
            rows++;
            bool found = false;
            for (size_t r = 1; r < json_array_size(day1) && !found; r++) {
                const char *v_in = json_string_value(json_object_get(xcell(day1, r, 2), "v"));
                const char *v_out = json_string_value(json_object_get(xcell(day1, r, 3), "v"));
                const char *v_mail = json_string_value(json_object_get(xcell(day1, r, 1), "v"));
                const char *e_in = json_string_value(json_object_get(in, "at"));
                found = v_in && v_out && v_mail && strcmp(v_mail, email) == 0 &&
                        strncmp(v_in, e_in, 19) == 0 && strncmp(v_out, at, 19) == 0;
            }
            CK_CHECK(found);
            in = NULL;
        }
        json_decref(evs);
    }
    CK_CHECK_INT(json_array_size(day1), rows + 1);
    json_decref(doc);
    json_decref(book);
    ck_proc_clear(&p);
}

static void completed_list(void)
{
    const char *db = ck_test_path("done.db");
    ck_proc p = {0};
    /* First and last name kept apart when the roster had them apart. */
    ck_test_write_file(ck_test_path("split.csv"), "First name,Last name,Email\n"
                                                  "Maria José,de la Cruz Ortega,mj@example.es\n"
                                                  "Zoë,Ångström-Núñez,zoe@example.org\n");
    CLI_OK(&p, db, D1 " 08:00", "init");
    CLI_OK(&p, db, D1 " 08:00", "course", "create", "--title", "Certified Scrum Product Owner",
           "--trainer", "Maria Schmidt", "--day", D1, "--hours", "7");
    CLI_OK(&p, db, D1 " 08:00", "roster", "import", ck_test_path("split.csv"));
    CLI_OK(&p, db, D1 " 08:00", "roster", "add", "Mateo García", "--email", "mateo@example.es");
    CLI_OK(&p, db, D1 " 08:00", "roster", "add", "Anna", "--email", "anna@example.ru");
    CLI_OK(&p, db, D1 " 08:55", "checkin", "mj@example.es", "zoe@example.org", "mateo@example.es");
    CLI_OK(&p, db, D1 " 17:02", "checkout", "mj@example.es", "zoe@example.org", "mateo@example.es");
    CLI_OK(&p, db, D1 " 17:10", "license", "accept", "mj@example.es", "zoe@example.org",
           "mateo@example.es");
    CLI_OK(&p, db, D1 " 17:10", "config", "set", "verify-url", "https://certs.example.org/v/");
    /* Before any certificate: the list, and a word that ids and links are missing. */
    CLI_OK(&p, db, D1 " 17:12", "report", "completed", "--out", "-");
    CK_CHECK_CONTAINS(p.err, "3 of them have no certificate yet");
    CLI_OK(&p, db, D1 " 17:12", "certs", "issue", "--all", "--out", ck_test_path("c"));
    CLI_OK(&p, db, D1 " 17:13", "report", "completed", "--out", "-");
    CK_CHECK_STR(p.err, "");
    CK_CHECK(strncmp(p.out,
                     "\"First name\",\"Last name\",\"E-mail\",\"Course\",\"Start date\","
                     "\"End date\",\"Contact hours\",\"Trainer\",\"Certificate ID\","
                     "\"Verify link\"\r\n",
                     120) == 0);
    CK_CHECK_CONTAINS(p.out, "\"Maria José\",\"de la Cruz Ortega\",\"mj@example.es\","
                             "\"Certified Scrum Product Owner\",2026-11-23,2026-11-23,7,"
                             "\"Maria Schmidt\",\"CK-");
    CK_CHECK_CONTAINS(p.out, "\"Zoë\",\"Ångström-Núñez\"");
    CK_CHECK_CONTAINS(p.out, "\"Mateo\",\"García\"");
    CK_CHECK_NOT_CONTAINS(p.out, "anna@example.ru"); /* not eligible */
    /* The link is the certificate's verify URL: it verifies. */
    const char *link = strstr(p.out, "\"https://certs.example.org/v/#");
    char url[2048] = "";
    if (link)
        snprintf(url, sizeof url, "%.*s", (int)strcspn(link + 1, "\""), link + 1);
    CLI_OK(&p, db, D1 " 17:14", "verify", url);
    CK_CHECK_CONTAINS(p.out, "VALID —"); /* not "INVALID" */
    /* The XLSX has the same, dates as date cells and the hours as a number. */
    const char *python = ck_test_python("openpyxl");
    if (python) {
        CLI_OK(&p, db, D1 " 17:14", "report", "completed", "--format", "xlsx", "--out",
               ck_test_path("done.xlsx"));
        CK_CHECK_INT(
            ck_test_python_script(&p, python, "xlsx_dump.py", ck_test_path("done.xlsx"), NULL), 0);
        json_t *book = json_loads(p.out, 0, NULL);
        json_t *sheet = json_object_get(book, "Completed");
        CK_CHECK_INT(json_array_size(sheet), 4);
        CELL_IS(xcell(sheet, 1, 4), "d");
        CELL_IS(xcell(sheet, 1, 6), "n");
        CK_CHECK(json_real_value(json_object_get(xcell(sheet, 1, 6), "v")) == 7 ||
                 json_integer_value(json_object_get(xcell(sheet, 1, 6), "v")) == 7);
        json_decref(book);
    }
    ck_proc_clear(&p);
}

int main(int argc, char **argv)
{
    ck_test_init(argc, argv);
    CK_RUN(register_of_a_course);
    CK_RUN(register_of_200);
    CK_RUN(export_csv);
    CK_RUN(export_xlsx);
    CK_RUN(completed_list);
    return ck_test_done();
}
