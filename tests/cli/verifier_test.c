/* The verification page end to end: real certificates from the binary, their QR codes read
 * back from the PDF, opened in headless Chromium as a phone camera would open them. */
#include <sys/stat.h>

#include "chromium.h"
#include "cli_support.h"

static char chromium[64];
static char site[4096];

/* Issue WHO's certificate at now (in course, or the current one when NULL); return the QR
 * text printed on it. */
static char *issue_in(const char *db, const char *now, const char *who, const char *course)
{
    ck_proc p = {0};
    if (course)
        CLI_OK(&p, db, now, "certs", "issue", who, "--out", ck_test_path("certs"), "--course",
               course);
    else
        CLI_OK(&p, db, now, "certs", "issue", who, "--out", ck_test_path("certs"));
    char pdf[4096];
    cli_issued_pdf(p.out, pdf, sizeof pdf);
    ck_proc_clear(&p);
    return cli_qr_of_pdf(pdf, 300); /* the printer's resolution */
}

static char *issue(const char *db, const char *now, const char *who)
{
    return issue_in(db, now, who, NULL);
}

/* Open a scanned link; check the verdict; keep a phone-sized screenshot. */
static char *open_link(const char *link, const char *name, const char *status)
{
    char profile[4200], shot[4200];
    const char *dir = getenv("CK_SHOTS");
    snprintf(profile, sizeof profile, "%s/profile-%s", ck_test_tmpdir(), name);
    snprintf(shot, sizeof shot, "%s/verify-%s.png", dir && *dir ? dir : ck_test_tmpdir(), name);
    char *dom = ck_chromium_browse(chromium, link, profile, shot, 390, 844);
    char want[64];
    snprintf(want, sizeof want, "data-status=\"%s\"", status);
    CK_CHECK_CONTAINS(dom, want);
    struct stat sb;
    CK_CHECK(stat(shot, &sb) == 0 && sb.st_size > 5000);
    return dom;
}

static void phone_camera_verdicts(void)
{
    static char db[4096];
    snprintf(db, sizeof db, "%s", ck_test_path("station.db"));
    ck_proc p = {0};
    cli_graduates(db, ck_test_path("roster.csv"));
    snprintf(site, sizeof site, "%s", ck_test_path("site"));
    CLI_OK(&p, db, AFTER, "verifier", "export", site);
    CK_CHECK_CONTAINS(p.out, "verification page written");
    char url[4200];
    snprintf(url, sizeof url, "file://%s/index.html", site);
    CLI_OK(&p, db, AFTER, "config", "set", "verify-url", url);
    CLI_OK(&p, db, AFTER, "config", "set", "issuer", "Agile Academy Berlin");

    char *zoe = issue(db, AFTER, "zoe@example.org");
    char *anna = issue(db, AFTER, "anna@example.ru");
    CK_CHECK(zoe && strncmp(zoe, url, strlen(url)) == 0 && zoe[strlen(url)] == '#');

    /* Valid: the holder, course and dates as signed. */
    char *dom = open_link(zoe, "valid", "valid");
    CK_CHECK_CONTAINS(dom, "Zoë Ångström-Núñez");
    CK_CHECK_CONTAINS(dom, "Certified Scrum Product Owner");
    CK_CHECK_CONTAINS(dom, "23 and 24 November 2026");
    CK_CHECK_CONTAINS(dom, "Maria Schmidt");
    free(dom);

    /* One character changed: not genuine. */
    char *bad = strdup(zoe);
    size_t at = strlen(bad) - 40;
    bad[at] = bad[at] == '3' ? '4' : '3';
    dom = open_link(bad, "altered", "not-genuine");
    CK_CHECK_NOT_CONTAINS(dom, "Zoë Ångström-Núñez");
    free(dom);
    free(bad);

    /* Revoked: after the revocation, the page is exported again and knows. */
    dom = open_link(anna, "before-revocation", "valid");
    free(dom);
    CLI_OK(&p, db, AFTER, "certs", "list", "--json");
    json_t *list = json_loads(p.out, 0, NULL);
    char anna_id[32] = "";
    size_t i;
    json_t *c;
    json_array_foreach(list, i, c)
    {
        if (strstr(json_string_value(json_object_get(c, "name")), "Анна"))
            snprintf(anna_id, sizeof anna_id, "%s", json_string_value(json_object_get(c, "id")));
    }
    json_decref(list);
    CLI_OK(&p, db, AFTER, "certs", "revoke", anna_id, "--reason", "issued by mistake");
    CLI_OK(&p, db, AFTER, "verifier", "export", site);
    dom = open_link(anna, "revoked", "revoked");
    CK_CHECK_CONTAINS(dom, "Анна Кузнецова");
    free(dom);

    /* Expired: a course from 2020, valid until 2022, created then (so not the newest course:
     * named by its id). */
    CLI_OK(&p, db, "2020-03-02 08:00", "course", "create", "--title",
           "Certified Scrum Product Owner", "--trainer", "Maria Schmidt", "--day", "2020-03-02",
           "--day", "2020-03-03");
    char old_course[32];
    snprintf(old_course, sizeof old_course, "%s", p.out);
    old_course[strcspn(old_course, "\n")] = '\0';
    CLI_OK(&p, db, "2020-03-02 08:00", "roster", "add", "Jürgen Weiß", "--email", "j@example.de",
           "--course", old_course);
    CLI_OK(&p, db, "2020-03-02 09:00", "checkin", "j@example.de", "--course", old_course);
    CLI_OK(&p, db, "2020-03-02 17:00", "checkout", "j@example.de", "--course", old_course);
    CLI_OK(&p, db, "2020-03-03 09:00", "checkin", "j@example.de", "--course", old_course);
    CLI_OK(&p, db, "2020-03-03 17:00", "checkout", "j@example.de", "--course", old_course);
    CLI_OK(&p, db, "2020-03-03 17:10", "license", "accept", "j@example.de", "--course", old_course);
    char *old = issue_in(db, "2020-03-03 17:15", "j@example.de", old_course);
    CLI_OK(&p, db, AFTER, "verifier", "export", site);
    dom = open_link(old, "expired", "expired");
    CK_CHECK_CONTAINS(dom, "Jürgen Weiß");
    free(dom);
    free(old);
    free(zoe);
    free(anna);
    ck_proc_clear(&p);
}

int main(int argc, char **argv)
{
    ck_test_init(argc, argv);
    if (!ck_chromium_find(chromium, sizeof chromium)) {
        ck_test_done();
        return CK_TEST_SKIP;
    }
    CK_RUN(phone_camera_verdicts);
    return ck_test_done();
}
