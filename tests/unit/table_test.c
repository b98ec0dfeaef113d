/* core/table: typed cells and CSV written from them (RFC 4180, CRLF, UTF-8, a byte-order mark
 * on request), cells a spreadsheet would run as formulas neutralised as OWASP advises, and the
 * station's own roster parser reading the CSV back. */
#include <stdlib.h>
#include <string.h>

#include "ck_test.h"
#include "core/roster.h"
#include "core/table.h"

static char *csv_of(const ck_table *t, bool bom)
{
    char *csv = NULL;
    size_t len = 0;
    ck_err err = {0};
    CK_CHECK_INT(ck_table_csv(&csv, &len, t, bom, &err), CK_OK);
    CK_CHECK(csv && strlen(csv) == len);
    return csv;
}

static void cells_as_written(void)
{
    ck_table t;
    ck_err err = {0};
    const char *heads[] = {"Name", "Minutes", "Hours", "Complete", "Day", "In", "At", "Note"};
    CK_CHECK_INT(ck_table_init(&t, "Summary", heads, 8, &err), CK_OK);
    ck_cell *row;
    CK_CHECK_INT(ck_table_add_row(&t, &row, &err), CK_OK);
    ck_local_time when = {2026, 11, 23, 8, 55, 0};
    CK_CHECK_INT(ck_cell_set_text(&row[0], "Zoë \"Z\" Ångström, Jr.", &err), CK_OK);
    ck_cell_set_int(&row[1], -5); /* a number stays a number: never guarded */
    ck_cell_set_number(&row[2], 14.5);
    ck_cell_set_bool(&row[3], true);
    ck_cell_set_time(&row[4], CK_CELL_DATE, &when);
    ck_cell_set_time(&row[5], CK_CELL_TIME, &when);
    ck_cell_set_time(&row[6], CK_CELL_DATETIME, &when);
    CK_CHECK_INT(ck_cell_set_text(&row[7], "two\r\nlines", &err), CK_OK);
    CK_CHECK_INT(ck_table_add_row(&t, &row, &err), CK_OK); /* all empty */
    char *csv = csv_of(&t, false);
    CK_CHECK_STR(csv,
                 "\"Name\",\"Minutes\",\"Hours\",\"Complete\",\"Day\",\"In\",\"At\",\"Note\"\r\n"
                 "\"Zoë \"\"Z\"\" Ångström, Jr.\",-5,14.5,yes,2026-11-23,08:55,"
                 "2026-11-23 08:55,\"two\r\nlines\"\r\n"
                 ",,,,,,,\r\n");
    free(csv);
    csv = csv_of(&t, true);
    CK_CHECK(strncmp(csv, "\xEF\xBB\xBF\"Name\"", 9) == 0);
    free(csv);
    ck_table_clear(&t);
    ck_table_clear(&t); /* twice, and NULL, are no-ops */
    ck_table_clear(NULL);
}

static void formulas_are_neutralised(void)
{
    const char *risky[] = {"=HYPERLINK(\"http://x\",\"click\")",
                           "+49 30 1234",
                           "-Bob",
                           "@carol",
                           "\tindented",
                           "\rreturn"};
    const char *safe[] = {"Anna", "Zoë = Zoe", "O'Brien", "", " =space first"};
    for (size_t i = 0; i < sizeof risky / sizeof risky[0]; i++)
        CK_CHECK(ck_csv_needs_guard(risky[i]));
    for (size_t i = 0; i < sizeof safe / sizeof safe[0]; i++)
        CK_CHECK(!ck_csv_needs_guard(safe[i]));
    ck_table t;
    ck_err err = {0};
    const char *heads[] = {"Name", "Email"};
    CK_CHECK_INT(ck_table_init(&t, "Roster", heads, 2, &err), CK_OK);
    ck_cell *row;
    CK_CHECK_INT(ck_table_add_row(&t, &row, &err), CK_OK);
    CK_CHECK_INT(ck_cell_set_text(&row[0], risky[0], &err), CK_OK);
    CK_CHECK_INT(ck_cell_set_text(&row[1], "x@example.org", &err), CK_OK);
    CK_CHECK_INT(ck_table_add_row(&t, &row, &err), CK_OK);
    CK_CHECK_INT(ck_cell_set_text(&row[0], "Zoë Ångström-Núñez", &err), CK_OK);
    CK_CHECK_INT(ck_cell_set_text(&row[1], "zoe@example.org", &err), CK_OK);
    char *csv = csv_of(&t, true);
    CK_CHECK_CONTAINS(csv, "\"'=HYPERLINK(\"\"http://x\"\",\"\"click\"\")\",\"x@example.org\"\r\n");
    /* The station's roster parser reads its own CSV back: the names as written, the guarded
     * one with its quote mark. */
    ck_roster r;
    CK_CHECK_INT(ck_roster_parse(&r, csv, strlen(csv), "export.csv", &err), CK_OK);
    CK_CHECK_INT(r.count, 2);
    if (r.count == 2) {
        CK_CHECK_STR(r.entries[0].name, "'=HYPERLINK(\"http://x\",\"click\")");
        CK_CHECK_STR(r.entries[1].name, "Zoë Ångström-Núñez");
        CK_CHECK_STR(r.entries[1].email, "zoe@example.org");
    }
    ck_roster_clear(&r);
    free(csv);
    ck_table_clear(&t);
}

static void many_rows(void)
{
    ck_table t;
    ck_err err = {0};
    const char *heads[] = {"n"};
    CK_CHECK_INT(ck_table_init(&t, "Big", heads, 1, &err), CK_OK);
    for (int i = 0; i < 5000; i++) {
        ck_cell *row;
        CK_CHECK_INT(ck_table_add_row(&t, &row, &err), CK_OK);
        ck_cell_set_int(&row[0], i);
    }
    CK_CHECK_INT(t.nrows, 5000);
    CK_CHECK_INT(t.cells[4999].i, 4999);
    char *csv = csv_of(&t, false);
    CK_CHECK_CONTAINS(csv, "\r\n4998\r\n4999\r\n");
    free(csv);
    ck_table_clear(&t);
}

int main(int argc, char **argv)
{
    ck_test_init(argc, argv);
    CK_RUN(cells_as_written);
    CK_RUN(formulas_are_neutralised);
    CK_RUN(many_rows);
    return ck_test_done();
}
