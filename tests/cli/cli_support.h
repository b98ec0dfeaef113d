/* Shared by the CLI tests: run the real binary on one database at a fixed local time. */
#ifndef CK_CLI_SUPPORT_H
#define CK_CLI_SUPPORT_H

#include <jansson.h>
#include <stdarg.h>
#include <stdlib.h>

#include "ck_test.h"

/* Run "classkiosk --db DB ARGS…" with CLASSKIOSK_NOW=now (NULL: unset); NULL-terminated. */
static inline int cli_run(ck_proc *p, const char *db, const char *now, ...)
{
    const char *argv[160];
    int n = 0;
    argv[n++] = ck_test_binary();
    argv[n++] = "--db";
    argv[n++] = db;
    va_list ap;
    va_start(ap, now);
    const char *arg;
    while ((arg = va_arg(ap, const char *)) != NULL && n < 159)
        argv[n++] = arg;
    va_end(ap);
    argv[n] = NULL;
    if (now)
        setenv("CLASSKIOSK_NOW", now, 1);
    else
        unsetenv("CLASSKIOSK_NOW");
    ck_proc_clear(p);
    return ck_test_exec(p, NULL, argv);
}

#define CLI(p, db, now, ...) cli_run((p), (db), (now), __VA_ARGS__, (const char *)NULL)

/* Run and expect success; print what it said otherwise. */
#define CLI_OK(p, db, now, ...)                                                                    \
    do {                                                                                           \
        if (CLI(p, db, now, __VA_ARGS__) != 0)                                                     \
            ck_test_fail(__FILE__, __LINE__, "exit %d: %s%s", (p)->status, (p)->out, (p)->err);    \
    } while (0)

/* Run and expect failure with stderr containing text. */
#define CLI_FAILS(p, db, now, text, ...)                                                           \
    do {                                                                                           \
        if (CLI(p, db, now, __VA_ARGS__) == 0)                                                     \
            ck_test_fail(__FILE__, __LINE__, "expected failure, got: %s", (p)->out);               \
        CK_CHECK_CONTAINS((p)->err, text);                                                         \
    } while (0)

/* The attendee with this e-mail in a status --json document. */
static inline json_t *status_person(json_t *doc, const char *email)
{
    size_t i;
    json_t *a;
    json_array_foreach(json_object_get(doc, "attendees"), i, a)
    {
        if (strcmp(json_string_value(json_object_get(a, "email")), email) == 0)
            return a;
    }
    return NULL;
}

/* Does any reason of a status person contain text? */
/* Does one of status --json's reasons ({"code", "text"}) say text? */
static inline bool has_reason(json_t *person, const char *text)
{
    size_t i;
    json_t *r;
    json_array_foreach(json_object_get(person, "reasons"), i, r)
    {
        const char *said = json_string_value(json_object_get(r, "text"));
        if (said && strstr(said, text))
            return true;
    }
    return false;
}

/* The stable code of the reason that says text, or "". */
static inline const char *reason_code(json_t *person, const char *text)
{
    size_t i;
    json_t *r;
    json_array_foreach(json_object_get(person, "reasons"), i, r)
    {
        const char *said = json_string_value(json_object_get(r, "text"));
        if (said && strstr(said, text))
            return json_string_value(json_object_get(r, "code"));
    }
    return "";
}

/* The PDF path in what "certs issue" printed ("issued ID for NAME: PATH"), into path. */
static inline void cli_issued_pdf(const char *out, char *path, size_t n)
{
    const char *colon = strstr(out, ": ");
    path[0] = '\0';
    if (colon)
        snprintf(path, n, "%.*s", (int)strcspn(colon + 2, "\n"), colon + 2);
}

/* The QR text on page 1 of a PDF, rendered at dpi with pdftoppm and read with zbarimg;
 * malloc'd, or NULL (and a test failure). */
static inline char *cli_qr_of_pdf(const char *pdf, int dpi)
{
    ck_proc p = {0};
    char res[8], base[4096], png[4200];
    snprintf(res, sizeof res, "%d", dpi);
    snprintf(base, sizeof base, "%s/page%d", ck_test_tmpdir(), dpi);
    const char *render[] = {"pdftoppm", "-r", res, "-png", "-singlefile", pdf, base, NULL};
    if (ck_test_exec(&p, NULL, render) != 0) {
        ck_test_fail(__FILE__, __LINE__, "pdftoppm %s: %s", pdf, p.err);
        ck_proc_clear(&p);
        return NULL;
    }
    snprintf(png, sizeof png, "%s.png", base);
    const char *decode[] = {"zbarimg", "--raw", "-q", png, NULL};
    ck_test_exec(&p, NULL, decode);
    char *text = p.status == 0 ? strdup(p.out) : NULL;
    if (text)
        text[strcspn(text, "\n")] = '\0';
    else
        ck_test_fail(__FILE__, __LINE__, "no QR code read from %s", pdf);
    ck_proc_clear(&p);
    return text;
}

/* The dates and the moment after the course that cli_graduates() uses. */
#define D1 "2026-11-23"
#define D2 "2026-11-24"
#define AFTER D2 " 17:30"

/* A two-day course where Zoë, Alexandros and Anna attend fully and accept the license;
 * Mateo comes 40 minutes late each day (and accepts). lang: the certificates' language
 * (--lang), NULL for the station's. */
static inline void cli_graduates_in(const char *db, const char *roster, const char *lang)
{
    ck_proc p = {0};
    ck_test_write_file(roster, "name,email\n"
                               "Zoë Ångström-Núñez,zoe@example.org\n"
                               "Αλέξανδρος Παπαδόπουλος,alex@example.gr\n"
                               "Анна Кузнецова,anna@example.ru\n"
                               "Mateo García,mateo@example.es\n");
    CLI_OK(&p, db, D1 " 08:00", "init");
    CLI_OK(&p, db, D1 " 08:00", "course", "create", "--title", "Certified Scrum Product Owner",
           "--trainer", "Maria Schmidt", "--credential", "Certified Scrum Trainer", "--location",
           "Berlin", "--day", D1, "--day", D2, "--hours", "16", lang ? "--lang" : NULL, lang);
    CLI_OK(&p, db, D1 " 08:00", "roster", "import", roster);
    const char *days[] = {D1, D2};
    for (int d = 0; d < 2; d++) {
        char in[32], late[32], out[32];
        snprintf(in, sizeof in, "%s 08:55", days[d]);
        snprintf(late, sizeof late, "%s 09:40", days[d]);
        snprintf(out, sizeof out, "%s 17:02", days[d]);
        CLI_OK(&p, db, in, "checkin", "zoe@example.org", "alex@example.gr", "anna@example.ru");
        CLI_OK(&p, db, late, "checkin", "mateo@example.es");
        CLI_OK(&p, db, out, "checkout", "zoe@example.org", "alex@example.gr", "anna@example.ru",
               "mateo@example.es");
    }
    CLI_OK(&p, db, AFTER, "license", "accept", "zoe@example.org", "alex@example.gr",
           "anna@example.ru", "mateo@example.es");
    ck_proc_clear(&p);
}

static inline void cli_graduates(const char *db, const char *roster)
{
    cli_graduates_in(db, roster, NULL);
}

#endif
