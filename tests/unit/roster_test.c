/* Roster CSV parsing (core/roster.h): formats trainers have, and every bad row. */
#include "ck_test.h"
#include "core/roster.h"

static ck_rc parse(ck_roster *r, const char *text, ck_err *err)
{
    return ck_roster_parse(r, text, strlen(text), "roster.csv", err);
}

static void bom_crlf_and_quotes(void)
{
    ck_roster r;
    ck_err err = {0};
    const char *csv = "\xEF\xBB\xBF"
                      "Full Name,E-Mail,Notes\r\n"
                      "\"Ng, Alice\",ALICE@example.org,\"likes \"\"tea\"\"\"\r\n"
                      "Bob Brown,bob@example.org,\"two\r\nlines\"\r\n"
                      "\r\n"
                      "Zo\xC3\xAB Li,zoe@example.org,\r\n";
    CK_CHECK_INT(parse(&r, csv, &err), CK_OK);
    CK_CHECK_INT(r.count, 3);
    if (r.count == 3) {
        CK_CHECK_STR(r.entries[0].name, "Ng, Alice");
        CK_CHECK_STR(r.entries[0].email, "alice@example.org");
        CK_CHECK_INT(r.entries[0].line, 2);
        CK_CHECK_INT(r.entries[1].line, 3);
        CK_CHECK_INT(r.entries[2].line, 6); /* after a two-line record and a blank line */
    }
    ck_roster_clear(&r);
}

static void first_and_last_name_columns(void)
{
    ck_roster r;
    ck_err err = {0};
    CK_CHECK_INT(parse(&r, "Email address;Surname;Given name\nx@y.org;Kuz;Anna\n", &err), CK_OK);
    CK_CHECK_INT(r.count, 1);
    if (r.count)
        CK_CHECK_STR(r.entries[0].name, "Anna Kuz");
    ck_roster_clear(&r);
    CK_CHECK_INT(parse(&r, "FIRST_NAME\tLAST_NAME\nAnn\tLee\n", &err), CK_OK);
    if (r.count)
        CK_CHECK_STR(r.entries[0].name, "Ann Lee");
    ck_roster_clear(&r);
    CK_CHECK_INT(parse(&r, "attendee name\nSolo Person\n", &err), CK_OK);
    if (r.count)
        CK_CHECK_STR(r.entries[0].email, "");
    ck_roster_clear(&r);
}

static void bad_rows_are_all_reported(void)
{
    ck_roster r;
    ck_err err = {0};
    const char *csv = "name,email\n"
                      "Good One,good@example.org\n"
                      ",empty@example.org\n"
                      "Bo,bo@\n"
                      "Bad \xC3(,bad@example.org\n"
                      "Twin,good@example.org\n";
    CK_CHECK_INT(parse(&r, csv, &err), CK_EINVAL);
    CK_CHECK_CONTAINS(err.msg, "roster.csv line 3: the name is empty");
    CK_CHECK_CONTAINS(err.msg, "roster.csv line 4: the e-mail address \"bo@\" is not an address");
    CK_CHECK_CONTAINS(err.msg, "roster.csv line 5: the name is not valid UTF-8");
    CK_CHECK_CONTAINS(err.msg, "line 6: e-mail \"good@example.org\" is already used on line 2");
    CK_CHECK_CONTAINS(err.msg, "Nothing was imported");
    CK_CHECK_INT(r.count, 0);
    CK_CHECK(r.entries == NULL);
}

static void structural_errors(void)
{
    ck_roster r;
    ck_err err = {0};
    CK_CHECK_INT(parse(&r, "", &err), CK_EINVAL);
    CK_CHECK_CONTAINS(err.msg, "is empty");
    CK_CHECK_INT(parse(&r, "company,phone\nAcme,123\n", &err), CK_EINVAL);
    CK_CHECK_CONTAINS(err.msg, "no name column");
    CK_CHECK_INT(parse(&r, "name,email\n", &err), CK_EINVAL);
    CK_CHECK_CONTAINS(err.msg, "no attendees");
    CK_CHECK_INT(parse(&r, "name,Name\nA,B\n", &err), CK_EINVAL);
    CK_CHECK_CONTAINS(err.msg, "appears twice");
    CK_CHECK_INT(parse(&r, "name\n\"unterminated\n", &err), CK_EINVAL);
    CK_CHECK_CONTAINS(err.msg, "not closed");
}

static void many_rows(void)
{
    static char big[400000];
    size_t used = (size_t)snprintf(big, sizeof big, "Name,Email\n");
    for (int i = 0; i < 5000; i++)
        used += (size_t)snprintf(big + used, sizeof big - used, "Person %d,p%d@example.org\n", i,
                                 i);
    ck_roster r;
    ck_err err = {0};
    CK_CHECK_INT(ck_roster_parse(&r, big, used, "big.csv", &err), CK_OK);
    CK_CHECK_INT(r.count, 5000);
    if (r.count == 5000)
        CK_CHECK_INT(r.entries[4999].line, 5001);
    ck_roster_clear(&r);
}

/* Found by tests/fuzz/roster.c: line numbers in files whose lines end in a lone CR, and
 * cells longer than the name limit, which were cut before they were checked. */
static void lone_cr_lines_and_long_cells(void)
{
    ck_roster r;
    ck_err err = {0};
    CK_CHECK_INT(parse(&r, "name,email\rAnn Lee,ann@example.org\r\rBo Stone,\r", &err), CK_OK);
    CK_CHECK_INT(r.count, 2);
    if (r.count == 2) {
        CK_CHECK_INT(r.entries[0].line, 2);
        CK_CHECK_INT(r.entries[1].line, 4);
    }
    ck_roster_clear(&r);
    CK_CHECK_INT(parse(&r, "name,email\rAnn Lee,ann@\r", &err), CK_EINVAL);
    CK_CHECK_CONTAINS(err.msg, "roster.csv line 2: the e-mail address \"ann@\"");

    /* Spaces collapse, so a long cell can hold a short name: all of it is kept. */
    char csv[1200];
    int n = snprintf(csv, sizeof csv, "name\nBob%*sSmith\n", 600, "");
    CK_CHECK_INT(ck_roster_parse(&r, csv, (size_t)n, "roster.csv", &err), CK_OK);
    if (r.count == 1)
        CK_CHECK_STR(r.entries[0].name, "Bob Smith");
    ck_roster_clear(&r);
    /* A valid name of 500 bytes is too long, not invalid UTF-8. */
    n = snprintf(csv, sizeof csv, "name\n");
    for (int i = 0; i < 250; i++)
        n += snprintf(csv + n, sizeof csv - (size_t)n, "\xC3\xA4");
    n += snprintf(csv + n, sizeof csv - (size_t)n, "\n");
    CK_CHECK_INT(ck_roster_parse(&r, csv, (size_t)n, "roster.csv", &err), CK_EINVAL);
    CK_CHECK_CONTAINS(err.msg, "roster.csv line 2: the name");
    CK_CHECK_CONTAINS(err.msg, "is 250 characters long; at most 100 are allowed");
    CK_CHECK_NOT_CONTAINS(err.msg, "UTF-8");
}

int main(int argc, char **argv)
{
    ck_test_init(argc, argv);
    CK_RUN(bom_crlf_and_quotes);
    CK_RUN(first_and_last_name_columns);
    CK_RUN(bad_rows_are_all_reported);
    CK_RUN(structural_errors);
    CK_RUN(many_rows);
    CK_RUN(lone_cr_lines_and_long_cells);
    return ck_test_done();
}
