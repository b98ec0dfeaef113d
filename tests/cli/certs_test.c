/* Certificates end to end: issue through the binary, decode the printed QR back with
 * pdftoppm + zbarimg, verify, tamper, revoke, expire, refuse. */
#include <sqlite3.h>
#include <sys/stat.h>

#include "cli_support.h"

static bool have(const char *tool)
{
    ck_proc p = {0};
    const char *argv[] = {"sh", "-c", NULL, NULL};
    char cmd[128];
    snprintf(cmd, sizeof cmd, "command -v %s", tool);
    argv[2] = cmd;
    bool ok = ck_test_exec(&p, NULL, argv) == 0;
    ck_proc_clear(&p);
    return ok;
}

static const char *setup(const char *name)
{
    static char dbs[8][4096];
    static int next;
    char *db = dbs[next++ % 8];
    snprintf(db, sizeof dbs[0], "%s", ck_test_path(name));
    cli_graduates(db, ck_test_path("roster.csv"));
    return db;
}

static void issue_decode_verify(void)
{
    if (!have("pdftoppm") || !have("zbarimg")) {
        printf("skipped: pdftoppm and zbarimg are needed (scripts/deps test)\n");
        return;
    }
    const char *db = setup("a.db");
    ck_proc p = {0};
    CLI_OK(&p, db, AFTER, "certs", "issue", "zoe", "--out", ck_test_path("out"));
    CK_CHECK_CONTAINS(p.out, "issued CK-");
    char pdf[4096], id[32] = "";
    cli_issued_pdf(p.out, pdf, sizeof pdf);
    sscanf(p.out, "issued %31s", id);
    struct stat sb;
    CK_CHECK(stat(pdf, &sb) == 0 && sb.st_size > 10000);
    /* Four faces embedded as subsets of the page's characters keep it small. */
    if (sb.st_size > 30000)
        ck_test_fail(__FILE__, __LINE__, "the certificate has %lld bytes, over 30,000",
                     (long long)sb.st_size);

    /* The printer resolutions the module size is made for (whole dots at 300 and 600 dpi)
     * give exactly the same QR text, which verifies. Not 150 dpi: a module of 2.5 pixels
     * there defeats zbar for about one long code in thirty, which says nothing of paper. */
    char *qr300 = cli_qr_of_pdf(pdf, 300), *qr600 = cli_qr_of_pdf(pdf, 600);
    CK_CHECK(qr300 != NULL);
    CK_CHECK_STR(qr300, qr600);
    CK_CHECK(qr300 && strncmp(qr300, "CKCERT:/", 8) == 0);
    CLI_OK(&p, db, AFTER, "verify", qr300 ? qr300 : "", "--json");
    json_t *v = json_loads(p.out, 0, NULL);
    CK_CHECK(json_is_true(json_object_get(v, "valid")));
    json_t *cert = json_object_get(v, "certificate");
    CK_CHECK_STR(json_string_value(json_object_get(cert, "name")), "Zoë Ångström-Núñez");
    CK_CHECK_STR(json_string_value(json_object_get(cert, "id")), id);
    CK_CHECK_STR(json_string_value(json_object_get(cert, "course")),
                 "Certified Scrum Product Owner");
    CK_CHECK_STR(json_string_value(json_array_get(json_object_get(cert, "days"), 1)), D2);
    json_decref(v);
    /* The PDF itself and a PNG of it verify too (scan/ reads the QR). */
    CLI_OK(&p, db, AFTER, "verify", pdf);
    CK_CHECK_CONTAINS(p.out, "VALID —"); /* not "INVALID" */
    CK_CHECK_CONTAINS(p.out, "Zoë Ångström-Núñez");
    char png[4200];
    snprintf(png, sizeof png, "%s/page300.png", ck_test_tmpdir());
    CLI_OK(&p, db, AFTER, "verify", png);
    CK_CHECK_CONTAINS(p.out, "23–24 November 2026");

    /* Issuing again gives the same certificate. */
    CLI_OK(&p, db, AFTER, "certs", "issue", "zoe@example.org", "--out", ck_test_path("out"));
    CK_CHECK_CONTAINS(p.out, "reissued");
    CK_CHECK_CONTAINS(p.out, id);
    char *again = cli_qr_of_pdf(pdf, 300);
    CK_CHECK_STR(again, qr300);
    free(again);

    /* The text of the page. */
    const char *totext[] = {"pdftotext", pdf, "-", NULL};
    ck_test_exec(&p, NULL, totext);
    CK_CHECK_CONTAINS(p.out, "Zoë Ångström-Núñez");
    CK_CHECK_CONTAINS(p.out, "Certified Scrum Product Owner");
    CK_CHECK_CONTAINS(p.out, id);
    CK_CHECK_CONTAINS(p.out, "Maria Schmidt");
    CK_CHECK_CONTAINS(p.out, "Valid until 24 November 2028");

    /* Any single changed character of the token is refused. */
    if (qr300) {
        size_t len = strlen(qr300);
        int refused = 0, tried = 0;
        for (size_t i = 8; i + 1 < len; i += 37) {
            char *bad = strdup(qr300);
            bad[i] = bad[i] == '1' ? '2' : '1';
            tried++;
            if (CLI(&p, db, AFTER, "verify", bad) == 1 && strstr(p.out, "INVALID"))
                refused++;
            free(bad);
        }
        CK_CHECK_INT(refused, tried);
    }
    free(qr300);
    free(qr600);
    ck_proc_clear(&p);
}

/* What verify --json says a certificate states, less what differs between two stations (the
 * id and the key). */
static json_t *stated(const char *db, const char *qr)
{
    ck_proc p = {0};
    CLI_OK(&p, db, AFTER, "verify", qr ? qr : "", "--json");
    json_t *v = json_loads(p.out, 0, NULL);
    CK_CHECK(json_is_true(json_object_get(v, "valid")));
    json_t *cert = json_incref(json_object_get(v, "certificate"));
    json_object_del(cert, "id");
    json_object_del(cert, "kid");
    json_decref(v);
    ck_proc_clear(&p);
    return cert;
}

/* A course's certificates are worded in its language, dates too; names, title and trainer
 * stay as entered, and the signed token says the same as an English one. */
static void certificate_language(void)
{
    if (!have("pdftoppm") || !have("zbarimg")) {
        printf("skipped: pdftoppm and zbarimg are needed (scripts/deps test)\n");
        return;
    }
    const char *de = ck_test_path("de.db"), *en = ck_test_path("en.db");
    cli_graduates_in(de, ck_test_path("roster-de.csv"), "de");
    cli_graduates(en, ck_test_path("roster-en.csv"));
    ck_proc p = {0};
    char pdf_de[4096], pdf_en[4096];
    CLI_OK(&p, de, AFTER, "certs", "issue", "zoe", "--out", ck_test_path("de"));
    cli_issued_pdf(p.out, pdf_de, sizeof pdf_de);
    CLI_OK(&p, en, AFTER, "certs", "issue", "zoe", "--out", ck_test_path("en"));
    cli_issued_pdf(p.out, pdf_en, sizeof pdf_en);

    const char *totext[] = {"pdftotext", pdf_de, "-", NULL};
    ck_test_exec(&p, NULL, totext);
    CK_CHECK_CONTAINS(p.out, "ABSCHLUSSZERTIFIKAT");
    CK_CHECK_CONTAINS(p.out, "Hiermit wird bestätigt, dass");
    CK_CHECK_CONTAINS(p.out, "den folgenden Kurs erfolgreich abgeschlossen hat");
    CK_CHECK_CONTAINS(p.out, "23.–24. November 2026 · 16 Kontaktstunden · Berlin");
    CK_CHECK_CONTAINS(p.out, "Gültig bis 24. November 2028");
    CK_CHECK_CONTAINS(p.out, "Zertifikats-ID CK-");
    CK_CHECK_CONTAINS(p.out, "Zoë Ångström-Núñez");
    CK_CHECK_CONTAINS(p.out, "Certified Scrum Product Owner");
    CK_CHECK_CONTAINS(p.out, "Maria Schmidt");
    CK_CHECK_NOT_CONTAINS(p.out, "Valid until");

    /* The code decodes and verifies, and states exactly what the English one states. */
    char *qr_de = cli_qr_of_pdf(pdf_de, 300), *qr_en = cli_qr_of_pdf(pdf_en, 300);
    json_t *said_de = stated(de, qr_de), *said_en = stated(en, qr_en);
    CK_CHECK(said_de && said_en && json_equal(said_de, said_en));
    json_decref(said_de);
    json_decref(said_en);
    free(qr_de);
    free(qr_en);

    /* The language is part of the course's record; the station's language is the default. */
    CLI_OK(&p, de, AFTER, "course", "show");
    CK_CHECK_CONTAINS(p.out, "\"lang\": \"de\"");
    CLI_OK(&p, de, AFTER, "config", "set", "language", "fr");
    CLI_OK(&p, de, AFTER, "course", "create", "--title", "Scrum", "--trainer", "Maria Schmidt",
           "--day", "2026-12-01");
    CLI_OK(&p, de, AFTER, "course", "show");
    CK_CHECK_CONTAINS(p.out, "\"lang\": \"fr\"");
    CLI_FAILS(&p, de, AFTER,
              "--lang \"klingon\" is not a language classkiosk writes certificates in; use en, "
              "de, fr, es or pt_BR",
              "course", "create", "--title", "Scrum", "--trainer", "Maria Schmidt", "--day",
              "2026-12-02", "--lang", "klingon");
    CLI_OK(&p, de, AFTER, "course", "list", "--json");
    json_t *courses = json_loads(p.out, 0, NULL);
    CK_CHECK_INT((int)json_array_size(courses), 2);
    json_decref(courses);
    CLI_OK(&p, de, AFTER, "audit", "verify");
    ck_proc_clear(&p);
}

static void unicode_names_round_trip(void)
{
    const char *db = setup("b.db");
    ck_proc p = {0};
    /* Chinese, Japanese and Korean names come from the system's fallback fonts (found through
     * fontconfig); they join the roster as walk-ins who attend both days. */
    const char *names[] = {"Αλέξανδρος Παπαδόπουλος", "Анна Кузнецова", "李小龍", "山田 太郎",
                           "김민준"};
    const char *who[] = {"alex@example.gr", "anna@example.ru", "lee@example.cn",
                         "yamada@example.jp", "kim@example.kr"};
    for (int i = 2; i < 5; i++) {
        CLI_OK(&p, db, D1 " 08:00", "roster", "add", names[i], "--email", who[i]);
        CLI_OK(&p, db, D1 " 08:55", "checkin", who[i]);
        CLI_OK(&p, db, D1 " 17:02", "checkout", who[i]);
        CLI_OK(&p, db, D2 " 08:55", "checkin", who[i]);
        CLI_OK(&p, db, D2 " 17:02", "checkout", who[i]);
        CLI_OK(&p, db, AFTER, "license", "accept", who[i]);
    }
    for (int i = 0; i < 5; i++) {
        CLI_OK(&p, db, AFTER, "certs", "issue", who[i], "--out", ck_test_path("out"));
        char pdf[4096];
        cli_issued_pdf(p.out, pdf, sizeof pdf);
        /* Only the characters drawn are embedded, the fallback face's too. */
        struct stat sb;
        if (stat(pdf, &sb) != 0 || sb.st_size > 30000)
            ck_test_fail(__FILE__, __LINE__, "the certificate of %s has %lld bytes, over 30,000",
                         names[i], (long long)sb.st_size);
        const char *totext[] = {"pdftotext", pdf, "-", NULL};
        ck_proc t = {0};
        ck_test_exec(&t, NULL, totext);
        CK_CHECK_CONTAINS(t.out, names[i]);
        ck_proc_clear(&t);
        CLI_OK(&p, db, AFTER, "verify", pdf, "--json");
        json_t *v = json_loads(p.out, 0, NULL);
        CK_CHECK_STR(json_string_value(json_object_get(json_object_get(v, "certificate"), "name")),
                     names[i]);
        json_decref(v);
    }
    ck_proc_clear(&p);
}

static void ineligible_gets_nothing(void)
{
    const char *db = setup("c.db");
    ck_proc p = {0};
    CLI_FAILS(&p, db, AFTER, "arrived 40 min late, at 09:40 (tolerance 10)", "certs", "issue",
              "mateo", "--out", ck_test_path("out"));
    CK_CHECK_CONTAINS(p.err, "Mateo García is not eligible");
    CLI_OK(&p, db, AFTER, "certs", "list", "--json");
    CK_CHECK_STR(p.out, "[]\n");
    struct stat sb;
    CK_CHECK(stat(ck_test_path("out"), &sb) != 0); /* not even the folder */
    /* --all issues the eligible ones and reports the rest with status's reasons. */
    CLI(&p, db, AFTER, "certs", "issue", "--all", "--out", ck_test_path("all"));
    CK_CHECK_INT(p.status, 0);
    CK_CHECK_CONTAINS(p.out, "3 certificates, 1 refused");
    CK_CHECK_CONTAINS(p.out, "refused: Mateo García is not eligible for a certificate: day 1: "
                             "arrived 40 min late");
    /* A name the fonts cannot draw is refused when it enters, naming the characters, and
     * nothing is recorded (certs issue checks again, for older stations' records). */
    CLI_FAILS(&p, db, AFTER, "the name \"አበበ ቢቂላ\" has characters U+12A0 \"አ\"", "roster", "add",
              "አበበ ቢቂላ", "--email", "abebe@example.et");
    CLI_OK(&p, db, AFTER, "roster", "list");
    CK_CHECK_NOT_CONTAINS(p.out, "አ");
    CLI_OK(&p, db, D2 " 17:41", "certs", "list");
    CK_CHECK_NOT_CONTAINS(p.out, "አ");
    ck_proc_clear(&p);
}

/* Records an older station kept (or a hand-edited file): a name of no-break spaces once got a
 * VALID certificate with a blank name, an issuer with a control character made every issue
 * fail. "certs issue" checks every text again and refuses in words, recording nothing. */
static void stored_texts_are_checked_again(void)
{
    const char *db = setup("older.db");
    ck_proc p = {0};
    sqlite3 *sql = NULL;
    CK_CHECK_INT(sqlite3_open(db, &sql), SQLITE_OK);
    CK_CHECK_INT(sqlite3_exec(sql,
                              "UPDATE attendee SET name = char(160, 160, 160) "
                              "WHERE email = 'zoe@example.org';"
                              "INSERT OR REPLACE INTO setting (key, value) "
                              "VALUES ('config.issuer', 'ACME' || char(7))",
                              NULL, NULL, NULL),
                 SQLITE_OK);
    CLI_FAILS(&p, db, AFTER,
              "no certificate was issued: the issuer \"ACME…\" contains the "
              "control character U+0007 BELL",
              "certs", "issue", "alex@example.gr", "--out", ck_test_path("older"));
    CK_CHECK_INT(
        sqlite3_exec(sql, "DELETE FROM setting WHERE key = 'config.issuer'", NULL, NULL, NULL),
        SQLITE_OK);
    sqlite3_close(sql);
    CLI_FAILS(&p, db, AFTER, "no certificate was issued: the name is empty", "certs", "issue",
              "zoe@example.org", "--out", ck_test_path("older"));
    CLI_OK(&p, db, AFTER, "certs", "list", "--json");
    CK_CHECK_STR(p.out, "[]\n");
    CLI_OK(&p, db, AFTER, "certs", "issue", "alex@example.gr", "--out", ck_test_path("older"));
    ck_proc_clear(&p);
}

static void revoked_expired_foreign(void)
{
    const char *db = setup("d.db");
    ck_proc p = {0};
    CLI_OK(&p, db, AFTER, "certs", "issue", "zoe", "--out", ck_test_path("out"));
    char pdf[4096], id[32] = "";
    cli_issued_pdf(p.out, pdf, sizeof pdf);
    sscanf(p.out, "issued %31s", id);
    CLI_OK(&p, db, AFTER, "certs", "list", "--json");
    json_t *list = json_loads(p.out, 0, NULL);
    char *token = strdup(json_string_value(json_object_get(json_array_get(list, 0), "token")));
    json_decref(list);

    /* Expired two years after the course, valid the day before. */
    CLI_OK(&p, db, "2028-11-24 16:59", "verify", token);
    CLI(&p, db, "2028-11-24 17:00", "verify", token);
    CK_CHECK_INT(p.status, 1);
    CK_CHECK_CONTAINS(p.out, "INVALID (expired)");
    /* Not yet valid before it was issued. */
    CLI(&p, db, "2026-11-20 09:00", "verify", token);
    CK_CHECK_CONTAINS(p.out, "INVALID (not yet valid)");

    /* Revoked: refused here and by an offline verifier holding the exported files. */
    CLI_FAILS(&p, db, AFTER, "needs a reason", "certs", "revoke", id);
    CLI_OK(&p, db, AFTER, "certs", "revoke", id, "--reason", "issued to the wrong person");
    CLI(&p, db, AFTER, "verify", token);
    CK_CHECK_CONTAINS(p.out, "INVALID (revoked)");
    const char *jwks = ck_test_path("keys.jwks"), *rl = ck_test_path("revoked.jws");
    CLI_OK(&p, db, AFTER, "keys", "export", "--jwks");
    ck_test_write_file(jwks, p.out);
    CLI_OK(&p, db, AFTER, "certs", "revocations", "--out", rl);
    CLI(&p, "/nonexistent.db", AFTER, "verify", pdf, "--keys", jwks, "--revocations", rl);
    CK_CHECK_INT(p.status, 1);
    CK_CHECK_CONTAINS(p.out, "INVALID (revoked)");
    CLI(&p, "/nonexistent.db", AFTER, "verify", pdf, "--keys", jwks);
    CK_CHECK_INT(p.status, 0);
    CK_CHECK_CONTAINS(p.out, "no revocation list was checked");
    /* A revoked certificate is replaced by a new one on the next issue. */
    CLI_OK(&p, db, AFTER, "certs", "issue", "zoe", "--out", ck_test_path("out"));
    CK_CHECK_CONTAINS(p.out, "issued CK-");
    CK_CHECK_NOT_CONTAINS(p.out, id);

    /* Another station's certificate is not genuine here. */
    const char *other = setup("other.db");
    CLI_OK(&p, other, AFTER, "certs", "issue", "zoe", "--out", ck_test_path("other"));
    char opdf[4096];
    cli_issued_pdf(p.out, opdf, sizeof opdf);
    CLI(&p, db, AFTER, "verify", opdf);
    CK_CHECK_INT(p.status, 1);
    CK_CHECK_CONTAINS(p.out, "INVALID (unknown key)");

    /* alg none: the same claims, unsigned. */
    const char *dot = strchr(token, '.');
    const char *dot2 = dot ? strchr(dot + 1, '.') : NULL;
    if (dot2) {
        char none[8192];
        snprintf(none, sizeof none, "eyJhbGciOiJub25lIn0%.*s.", (int)(dot2 - dot), dot);
        CLI(&p, db, AFTER, "verify", none);
        CK_CHECK_CONTAINS(p.out, "INVALID (bad algorithm)");
        CK_CHECK_INT(p.status, 1);
    }
    /* Key rotation: old certificates still verify, new ones use the new key. */
    CLI_OK(&p, db, AFTER, "keys", "rotate");
    CLI_OK(&p, db, AFTER, "certs", "issue", "alex@example.gr", "--out", ck_test_path("out"));
    CLI_OK(&p, db, AFTER, "certs", "list", "--json");
    list = json_loads(p.out, 0, NULL);
    const char *newest = json_string_value(json_object_get(json_array_get(list, 0), "token"));
    CLI_OK(&p, db, AFTER, "verify", newest);
    json_decref(list);
    free(token);
    ck_proc_clear(&p);
}

static void verify_url_and_letter(void)
{
    const char *db = setup("e.db");
    ck_proc p = {0};
    CLI_OK(&p, db, AFTER, "config", "set", "verify-url", "https://certs.example.org/v/");
    CLI_OK(&p, db, AFTER, "certs", "issue", "anna@example.ru", "--letter", "--out",
           ck_test_path("out"));
    char pdf[4096];
    cli_issued_pdf(p.out, pdf, sizeof pdf);
    char *qr = cli_qr_of_pdf(pdf, 300);
    CK_CHECK(qr && strncmp(qr, "https://certs.example.org/v/#", 29) == 0);
    CLI_OK(&p, db, AFTER, "verify", qr ? qr : "");
    free(qr);
    const char *info[] = {"pdfinfo", pdf, NULL};
    ck_test_exec(&p, NULL, info);
    CK_CHECK_CONTAINS(p.out, "792 x 612 pts (letter)");
    ck_proc_clear(&p);
}

static void garbage_is_rejected_cleanly(void)
{
    const char *db = setup("f.db");
    ck_proc p = {0};
    const char *inputs[] = {"",      "hello", "CKCERT:/",  "CKCERT:/1",
                            "a.b.c", "....",  "eyJ.eyJ.x", "https://x.org/#12345678901234567890"};
    for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
        CLI(&p, db, AFTER, "verify", inputs[i]);
        CK_CHECK_INT(p.status, 1);
        CK_CHECK_CONTAINS(p.out, "INVALID (malformed)");
    }
    /* A large file of digits, a binary file, an empty file, an image without a code. */
    const char *big = ck_test_path("big.txt");
    FILE *f = fopen(big, "w");
    for (int i = 0; i < 200000; i++)
        fputs("12", f);
    fclose(f);
    CLI(&p, db, AFTER, "verify", big);
    CK_CHECK_INT(p.status, 1);
    const char *bin = ck_test_path("bin.dat");
    f = fopen(bin, "wb");
    for (int i = 0; i < 5000; i++)
        fputc((i * 7919) & 0xff, f);
    fclose(f);
    CLI(&p, db, AFTER, "verify", bin);
    CK_CHECK_INT(p.status, 1);
    CK_CHECK_NOT_CONTAINS(p.err, "Sanitizer");
    ck_test_write_file(ck_test_path("empty.txt"), "");
    CLI(&p, db, AFTER, "verify", ck_test_path("empty.txt"));
    CK_CHECK_INT(p.status, 1);
    ck_proc_clear(&p);
}

int main(int argc, char **argv)
{
    ck_test_init(argc, argv);
    CK_RUN(issue_decode_verify);
    CK_RUN(certificate_language);
    CK_RUN(unicode_names_round_trip);
    CK_RUN(ineligible_gets_nothing);
    CK_RUN(stored_texts_are_checked_again);
    CK_RUN(revoked_expired_foreign);
    CK_RUN(verify_url_and_letter);
    CK_RUN(garbage_is_rejected_cleanly);
    return ck_test_done();
}
