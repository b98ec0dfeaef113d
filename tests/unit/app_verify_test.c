/* The one verify use case both faces call: scanned lines sorted into badges (a code names its
 * person; a made-up one nobody), certificate codes and neither (a badge needs no key read),
 * the station's keys or a key file, files read. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "ck_test.h"

static ck_app *station(const char *name, const char *key_path)
{
    ck_app *app = NULL;
    ck_err err = {0};
    ck_app_options opt = {.db_path = ck_test_path(name), .key_path = key_path};
    CK_CHECK_INT(ck_app_open(&app, &opt, CK_APP_CREATE, &err), CK_OK);
    CK_CHECK_INT(ck_app_init(app, NULL, NULL, &err), CK_OK);
    return app;
}

static ck_rc scan(ck_app *app, const char *line, ck_verdict *v, ck_err *err)
{
    ck_verify_req req = {.text = line, .len = strlen(line), .scanned = true};
    return ck_app_verify(app, &req, v, err);
}

/* A course with one attendee; her badge code in *code. */
static int64_t with_attendee(ck_app *app, const char *name, char code[CK_APP_BADGE_CODE_MAX])
{
    ck_err err = {0};
    int64_t id = 0, course = 0;
    const char *dates[] = {"2026-11-23"};
    ck_course_spec spec = {
        .title = "Course", .trainer = "Maria", .dates = dates, .ndates = 1, .tolerance_min = -1};
    CK_CHECK_INT(ck_app_course_create(app, &spec, &course, &err), CK_OK);
    CK_CHECK_INT(ck_app_roster_add(app, name, NULL, &id, &err), CK_OK);
    CK_CHECK_INT(ck_app_badge_code(app, id, code, &err), CK_OK);
    return id;
}

static void scanned_lines_are_sorted(void)
{
    ck_app *app = station("s.db", NULL);
    ck_verdict v;
    ck_err err = {0};
    char code[CK_APP_BADGE_CODE_MAX], again[CK_APP_BADGE_CODE_MAX];
    int64_t zoe = with_attendee(app, "Zoë Ångström-Núñez", code);
    /* Her badge, as scanners type it (caps lock, a trailing space): that person. */
    char lower[CK_APP_BADGE_CODE_MAX + 2];
    snprintf(lower, sizeof lower, "ckbadge%s ", code + 7);
    const char *hers[] = {code, lower};
    for (size_t i = 0; i < 2; i++) {
        CK_CHECK_INT(scan(app, hers[i], &v, &err), CK_OK);
        CK_CHECK_INT(v.kind, CK_VERIFY_BADGE);
        CK_CHECK_INT(v.attendee_id, zoe);
        /* Whoever reads only the status never takes a badge for a valid certificate. */
        CK_CHECK_INT(v.status, CK_VERIFY_MALFORMED);
        CK_CHECK(!v.has_claims);
    }
    /* The code is made once: asking again gives the same. */
    CK_CHECK_INT(ck_app_badge_code(app, zoe, again, &err), CK_OK);
    CK_CHECK_STR(again, code);
    /* A made-up code of the right shape, and hers with one digit changed: nobody. */
    char guessed[CK_APP_BADGE_CODE_MAX];
    snprintf(guessed, sizeof guessed, "%s", code);
    guessed[20] = guessed[20] == '1' ? '2' : '1';
    const char *nobody[] = {guessed, "CKBADGE0000000000000000000000000000000000000000"};
    for (size_t i = 0; i < 2; i++) {
        CK_CHECK_INT(scan(app, nobody[i], &v, &err), CK_OK);
        CK_CHECK_INT(v.kind, CK_VERIFY_BADGE);
        CK_CHECK_INT(v.attendee_id, 0);
        CK_CHECK_CONTAINS(v.reason, "no one has this badge code");
    }
    /* An e-mail, an attendee id, a name: no badge codes, so they open nobody either. */
    const char *names[] = {"zoe@example.org", "17", "Zoë Ångström-Núñez", "CKBADGE12345"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        CK_CHECK_INT(scan(app, names[i], &v, &err), CK_OK);
        CK_CHECK_INT(v.kind, CK_VERIFY_UNREADABLE);
        CK_CHECK_INT(v.attendee_id, 0);
        CK_CHECK_CONTAINS(v.reason, "neither a badge nor a certificate");
    }
    /* Codes that try to be a certificate get a verdict, however broken. */
    const char *codes[] = {"CKCERT:/1234", "https://certs.example.org/v/#5678",
                           "eyJhbGciOiJFZERTQSJ9.eyJqdGkiOiJDSy0xIn0.c2lnbmF0dXJlIGhlcmU",
                           "5652565656565656565656565656565656565656565656"};
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        CK_CHECK_INT(scan(app, codes[i], &v, &err), CK_OK);
        CK_CHECK_INT(v.kind, CK_VERIFY_CERTIFICATE);
        CK_CHECK(v.status != CK_VERIFY_VALID);
        CK_CHECK(v.revocations_checked); /* the station's own list */
        CK_CHECK(v.reason[0] != '\0');
    }
    /* Neither: nothing, a control character, longer than any name or e-mail. */
    char longer[400];
    memset(longer, 'x', sizeof longer - 1);
    longer[sizeof longer - 1] = '\0';
    const char *junk[] = {"", "zoe\x01", longer};
    for (size_t i = 0; i < sizeof junk / sizeof junk[0]; i++) {
        CK_CHECK_INT(scan(app, junk[i], &v, &err), CK_OK);
        CK_CHECK_INT(v.kind, CK_VERIFY_UNREADABLE);
        CK_CHECK_CONTAINS(v.reason, "neither a badge nor a certificate");
    }
    ck_app_close(app);
}

static void a_badge_needs_no_key(void)
{
    /* A station whose key file is gone: badges still work, codes say why they cannot. */
    ck_app *app = station("nokey.db", ck_test_path("nokey.key"));
    char code[CK_APP_BADGE_CODE_MAX];
    int64_t zoe = with_attendee(app, "Zoë", code);
    CK_CHECK_INT(remove(ck_test_path("nokey.key")), 0);
    ck_verdict v;
    ck_err err = {0};
    CK_CHECK_INT(scan(app, code, &v, &err), CK_OK);
    CK_CHECK_INT(v.kind, CK_VERIFY_BADGE);
    CK_CHECK_INT(v.attendee_id, zoe);
    CK_CHECK_INT(scan(app, "CKCERT:/1234", &v, &err), CK_ENOTFOUND);
    CK_CHECK_CONTAINS(err.msg, "no signing key");
    CK_CHECK_NOT_CONTAINS(err.msg, "--keys"); /* the kiosk has no command line */
    ck_verify_req req = {.text = "CKCERT:/1234", .len = 12};
    CK_CHECK_INT(ck_app_verify(app, &req, &v, &err), CK_ENOTFOUND);
    CK_CHECK_CONTAINS(err.msg, "verifying needs the station's keys or --keys FILE");
    ck_app_close(app);
}

static void keys_and_text_from_files(void)
{
    ck_app *app = station("f.db", NULL);
    ck_err err = {0};
    char *jwks = NULL;
    CK_CHECK_INT(ck_app_keys_export(app, true, &jwks, &err), CK_OK);
    CK_CHECK(ck_test_write_file(ck_test_path("keys.jwks"), jwks ? jwks : ""));
    free(jwks);
    ck_app_close(app);
    CK_CHECK(ck_test_write_file(ck_test_path("code.txt"), "CKCERT:/0102\n"));

    /* No station at all: the key file is trusted, no revocations are checked. */
    ck_verdict v;
    ck_verify_req req = {.path = ck_test_path("code.txt"), .keys_path = ck_test_path("keys.jwks")};
    CK_CHECK_INT(ck_app_verify(NULL, &req, &v, &err), CK_OK);
    CK_CHECK_INT(v.kind, CK_VERIFY_CERTIFICATE);
    CK_CHECK_INT(v.status, CK_VERIFY_MALFORMED);
    CK_CHECK_STR(v.source, "file");
    CK_CHECK(!v.revocations_checked);
    CK_CHECK_STR(ck_verify_status_name(v.status), "malformed");

    req.keys_path = ck_test_path("missing.jwks");
    CK_CHECK_INT(ck_app_verify(NULL, &req, &v, &err), CK_ENOTFOUND);
    CK_CHECK_CONTAINS(err.msg, "key set");
    CK_CHECK(ck_test_write_file(ck_test_path("bad.jwks"), "{\"keys\": 3}"));
    req.keys_path = ck_test_path("bad.jwks");
    CK_CHECK(ck_app_verify(NULL, &req, &v, &err) != CK_OK);
    CK_CHECK_CONTAINS(err.msg, "bad.jwks: ");
    ck_verify_req nothing = {.keys_path = ck_test_path("keys.jwks")};
    CK_CHECK_INT(ck_app_verify(NULL, &nothing, &v, &err), CK_EINVAL);
    CK_CHECK_CONTAINS(err.msg, "say what to verify");
}

int main(int argc, char **argv)
{
    ck_test_init(argc, argv);
    CK_RUN(scanned_lines_are_sorted);
    CK_RUN(a_badge_needs_no_key);
    CK_RUN(keys_and_text_from_files);
    return ck_test_done();
}
