/* Fuzzing the CSV export (core/table): any bytes as the cells of a table (a cell ends at 0x1F,
 * a row at 0x1E), written as CSV with and without a byte-order mark. Read back by libcsv (as the
 * station reads rosters) it holds exactly the cells, each that a spreadsheet would take for a
 * formula (=, +, -, @, tab, CR first) behind one ' and no other changed; every record ends in
 * CRLF; no field starts with a formula character outside quotes. */
#include <csv.h>
#include <stdlib.h>
#include <string.h>

#include "core/table.h"
#include "fuzz.h"

const char *const ck_fuzz_known_bugs[] = {NULL};

#define MAX_COLS 6
#define MAX_ROWS 24

typedef struct readback {
    char *cells[MAX_ROWS + 1][MAX_COLS];
    size_t row, col, rows;
    bool extra; /* more rows or cells than written */
} readback;

static void on_field(void *data, size_t len, void *ctx)
{
    readback *r = ctx;
    if (r->row > MAX_ROWS || r->col >= MAX_COLS) {
        r->extra = true;
        return;
    }
    r->cells[r->row][r->col++] = ck_fuzz_strndup(data, len);
}

static void on_row(int c, void *ctx)
{
    readback *r = ctx;
    (void)c;
    r->row++;
    r->col = 0;
    r->rows = r->row;
}

static void check(const ck_table *t, bool bom)
{
    char *csv = NULL;
    size_t len = 0;
    ck_err err = {0};
    CK_PROPERTY(ck_table_csv(&csv, &len, t, bom, &err) == CK_OK, "not written: %s", err.msg);
    CK_PROPERTY(len >= 2 && csv[len - 2] == '\r' && csv[len - 1] == '\n',
                "the last record does not end in CRLF");
    CK_PROPERTY(!bom || memcmp(csv, "\xEF\xBB\xBF", 3) == 0, "no byte-order mark");
    const char *body = bom ? csv + 3 : csv;
    size_t blen = bom ? len - 3 : len;
    /* Outside quotes, a field's first byte is a quote or a digit, date or yes/no: never a
     * formula character. */
    bool quoted = false, start = true;
    for (size_t i = 0; i < blen; i++) {
        char c = body[i];
        if (start && !quoted)
            CK_PROPERTY(!strchr("=+-@\t", c), "a field starts with '%c' unquoted", c);
        start = false;
        if (c == '"')
            quoted = !quoted;
        else if (!quoted && (c == ',' || c == '\n'))
            start = true;
    }
    struct csv_parser p;
    readback r = {0};
    csv_init(&p, CSV_STRICT | CSV_STRICT_FINI);
    size_t done = csv_parse(&p, body, blen, on_field, on_row, &r);
    CK_PROPERTY(done == blen && csv_fini(&p, on_field, on_row, &r) == 0,
                "libcsv refuses the CSV written: %s", csv_strerror(csv_error(&p)));
    csv_free(&p);
    CK_PROPERTY(!r.extra && r.rows == t->nrows + 1, "%zu rows written, %zu read", t->nrows + 1,
                r.rows);
    for (size_t row = 0; row <= t->nrows; row++)
        for (size_t col = 0; col < t->ncols; col++) {
            const char *want = row ? t->cells[(row - 1) * t->ncols + col].text : t->headers[col];
            const char *got = r.cells[row][col] ? r.cells[row][col] : "";
            /* Judged here, not by the writer's own test: what a spreadsheet reads never starts
             * a formula, and is the cell itself or the cell behind one '. */
            bool risky = want[0] == '=' || want[0] == '+' || want[0] == '-' || want[0] == '@' ||
                         want[0] == '\t' || want[0] == '\r';
            CK_PROPERTY(!(got[0] == '=' || got[0] == '+' || got[0] == '-' || got[0] == '@' ||
                          got[0] == '\t' || got[0] == '\r'),
                        "row %zu cell %zu reads back as a formula: \"%s\"", row, col, got);
            CK_PROPERTY((!risky || got[0] == '\'') && strcmp(got + risky, want) == 0,
                        "row %zu cell %zu: \"%s\" read back as \"%s\"", row, col, want, got);
        }
    for (size_t row = 0; row <= MAX_ROWS; row++)
        for (size_t col = 0; col < MAX_COLS; col++)
            free(r.cells[row][col]);
    free(csv);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* Cells and rows from the bytes; the first row is the headers. */
    char *cells[MAX_ROWS + 1][MAX_COLS] = {{0}};
    size_t rows = 0, cols = 0, col = 0, start = 0;
    for (size_t i = 0; i <= size && rows <= MAX_ROWS; i++) {
        bool end = i == size || data[i] == 0x1F || data[i] == 0x1E;
        if (!end)
            continue;
        if (col < MAX_COLS)
            cells[rows][col++] = ck_fuzz_strndup(data + start, i - start);
        start = i + 1;
        if (i == size || data[i] == 0x1E) {
            if (rows == 0)
                cols = col;
            rows++;
            col = 0;
        }
    }
    if (cols == 0)
        cols = 1;
    ck_table t;
    ck_err err = {0};
    const char *heads[MAX_COLS];
    for (size_t c = 0; c < cols; c++)
        heads[c] = cells[0][c] ? cells[0][c] : "";
    CK_PROPERTY(ck_table_init(&t, "fuzz", heads, cols, &err) == CK_OK, "%s", err.msg);
    for (size_t r = 1; r < rows; r++) {
        ck_cell *row;
        CK_PROPERTY(ck_table_add_row(&t, &row, &err) == CK_OK, "%s", err.msg);
        for (size_t c = 0; c < cols; c++)
            CK_PROPERTY(ck_cell_set_text(&row[c], cells[r][c] ? cells[r][c] : "", &err) == CK_OK,
                        "%s", err.msg);
    }
    /* A cell that holds NUL cannot be a C string: the strndup cut it there, as the app's
     * texts are. */
    check(&t, false);
    check(&t, true);
    ck_table_clear(&t);
    for (size_t r = 0; r <= MAX_ROWS; r++)
        for (size_t c = 0; c < MAX_COLS; c++)
            free(cells[r][c]);
    return 0;
}
