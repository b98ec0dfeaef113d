/* Badges: label sheets decoded back (pdftoppm at 300 dpi + zbarimg), every code naming the
 * right person and a made-up one nobody; the layouts and their paper; codes kept in the chain
 * (changing one is found by audit verify). */
#include <sys/stat.h>

#include "cli_support.h"

/* Every QR code on every page of a PDF, one per line (malloc'd). */
static char *codes_of(const char *pdf)
{
    ck_proc p = {0};
    char base[4096], cmd[8400];
    snprintf(base, sizeof base, "%s/sheet", ck_test_tmpdir());
    const char *render[] = {"pdftoppm", "-r", "300", "-png", pdf, base, NULL};
    if (ck_test_exec(&p, NULL, render) != 0)
        ck_test_fail(__FILE__, __LINE__, "pdftoppm %s: %s", pdf, p.err);
    snprintf(cmd, sizeof cmd, "zbarimg --raw -q %s-*.png", base);
    const char *decode[] = {"sh", "-c", cmd, NULL};
    ck_test_exec(&p, NULL, decode);
    char *out = strdup(p.out ? p.out : "");
    ck_proc_clear(&p);
    return out;
}

static int count_lines(const char *text)
{
    int n = 0;
    for (const char *c = text; *c; c++)
        n += *c == '\n';
    return n;
}

static void sheets_decode_to_people(void)
{
    if (!ck_test_have("pdftoppm") || !ck_test_have("zbarimg")) {
        printf("skipped: pdftoppm and zbarimg are needed (scripts/deps test)\n");
        return;
    }
    const char *db = ck_test_path("b.db");
    ck_proc p = {0};
    cli_graduates(db, ck_test_path("roster.csv"));
    /* Nine people: a whole A4 sheet of ten labels less one, and a second sheet of 2 x 4. */
    const char *more[] = {"Jürgen Weiß", "Amélie Dubois", "Siobhán O'Brien", "Björn Ødegård",
                          "Maximiliane Alexandra von Hohenzollern-Sigmaringen"};
    for (size_t i = 0; i < 5; i++)
        CLI_OK(&p, db, D1 " 07:00", "roster", "add", more[i]);
    CLI_OK(&p, db, D1 " 07:00", "roster", "badges");
    CK_CHECK_CONTAINS(p.out, "9 badges on 1 sheets of Avery L4785");
    CK_CHECK_CONTAINS(p.out, "(9 new codes)");
    const char *colon = strstr(p.out, ": ");
    char pdf[4096] = "";
    if (colon)
        snprintf(pdf, sizeof pdf, "%.*s", (int)strcspn(colon + 2, "\n"), colon + 2);
    char *codes = codes_of(pdf);
    CK_CHECK_INT(count_lines(codes), 9);
    /* Each code opens one person, each person once. */
    CLI_OK(&p, db, D1 " 07:00", "roster", "list", "--json");
    json_t *roster = json_loads(p.out, 0, NULL);
    bool seen[16] = {0};
    for (char *line = codes, *nl; line && *line; line = nl ? nl + 1 : NULL) {
        nl = strchr(line, '\n');
        if (nl)
            *nl = '\0';
        CK_CHECK(strncmp(line, "CKBADGE", 7) == 0 && strlen(line) == 47);
        CLI_OK(&p, db, D1 " 08:30", "events", line, "--json");
        CLI_OK(&p, db, D1 " 08:31", "checkin", line);
        size_t i;
        json_t *a;
        json_array_foreach(roster, i, a)
        {
            const char *name = json_string_value(json_object_get(a, "name"));
            char want[400];
            snprintf(want, sizeof want, "%s checked in at 08:31", name);
            if (strstr(p.out, want)) {
                CK_CHECK(!seen[i]);
                seen[i] = true;
            }
        }
    }
    for (size_t i = 0; i < json_array_size(roster); i++)
        CK_CHECK(seen[i]);
    free(codes);
    /* The same codes again: a second run makes none, a sheet of one decodes to that person. */
    CLI_OK(&p, db, D1 " 08:40", "roster", "badges", "zoe@example.org", "--out",
           ck_test_path("zoe.pdf"));
    CK_CHECK_CONTAINS(p.out, "1 badge on 1 sheet");
    CK_CHECK_CONTAINS(p.out, "(0 new codes)");
    char *zoe = codes_of(ck_test_path("zoe.pdf"));
    zoe[strcspn(zoe, "\n")] = '\0';
    CLI_OK(&p, db, D1 " 08:41", "checkout", zoe);
    CK_CHECK_CONTAINS(p.out, "Zoë Ångström-Núñez checked out at 08:41");
    /* A code nobody has, and Zoë's with one digit changed: nobody. */
    zoe[25] = zoe[25] == '3' ? '4' : '3';
    CLI_FAILS(&p, db, D1 " 08:42", "no one has this badge code", "checkin", zoe);
    CLI_FAILS(&p, db, D1 " 08:42", "no one has this badge code", "checkin",
              "CKBADGE0000000000000000000000000000000000000000");
    free(zoe);
    /* The codes are entries of the chain: it still holds (a changed one: cli.ledger). */
    CLI_OK(&p, db, D1 " 08:43", "audit", "verify");
    json_decref(roster);
    ck_proc_clear(&p);
}

static void layouts_and_paper(void)
{
    if (!ck_test_have("pdfinfo")) {
        printf("skipped: pdfinfo is needed (scripts/deps test)\n");
        return;
    }
    const char *db = ck_test_path("l.db");
    ck_proc p = {0};
    cli_graduates(db, ck_test_path("roster.csv"));
    for (int i = 0; i < 6; i++) {
        char name[32];
        snprintf(name, sizeof name, "Guest %d", i + 1);
        CLI_OK(&p, db, D1 " 07:00", "roster", "add", name);
    }
    /* Ten people: two sheets of 2 x 4 (A4 or US Letter), one of 2 x 5. */
    struct {
        const char *layout;
        bool letter;
        int pages;
        const char *paper, *product;
    } cases[] = {
        {NULL, false, 1, "(A4)", "Avery L4785"},
        {"avery-l7165", false, 2, "(A4)", "Avery L7165"},
        {NULL, true, 2, "(letter)", "Avery 5395"},
        {"AVERY-5395", true, 2, "(letter)", "Avery 5395"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *argv[12];
        int n = 0;
        char out[4096];
        snprintf(out, sizeof out, "%s/b%zu.pdf", ck_test_tmpdir(), i);
        argv[n++] = ck_test_binary();
        argv[n++] = "--db";
        argv[n++] = db;
        argv[n++] = "roster";
        argv[n++] = "badges";
        argv[n++] = "--out";
        argv[n++] = out;
        if (cases[i].layout) {
            argv[n++] = "--layout";
            argv[n++] = cases[i].layout;
        }
        if (cases[i].letter)
            argv[n++] = "--letter";
        argv[n] = NULL;
        CK_CHECK_INT(ck_test_exec(&p, NULL, argv), 0);
        CK_CHECK_CONTAINS(p.out, cases[i].product);
        const char *info[] = {"pdfinfo", out, NULL};
        ck_test_exec(&p, NULL, info);
        char pages[32];
        snprintf(pages, sizeof pages, "Pages:           %d\n", cases[i].pages);
        CK_CHECK_CONTAINS(p.out, pages);
        CK_CHECK_CONTAINS(p.out, cases[i].paper);
    }
    CLI_FAILS(&p, db, D1 " 07:00", "is for A4 sheets", "roster", "badges", "--letter", "--layout",
              "avery-l7165");
    CLI_FAILS(&p, db, D1 " 07:00", "the layouts are avery-l4785", "roster", "badges", "--layout",
              "avery-9999");
    ck_proc_clear(&p);
}

int main(int argc, char **argv)
{
    ck_test_init(argc, argv);
    CK_RUN(sheets_decode_to_people);
    CK_RUN(layouts_and_paper);
    return ck_test_done();
}
