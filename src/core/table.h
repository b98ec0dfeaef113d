/* Tables of typed cells: the one shape every export takes before it becomes a file, and CSV
 * written from it (RFC 4180, UTF-8, safe against formula injection).
 *
 * A table has a name (the sheet's, in a workbook), column headers and rows of cells; a cell is
 * empty, text, a whole number, a number, yes/no, a local date, a local time of day or a local
 * date and time. Pure: memory in, memory out. The XLSX writer (xlsx/) takes the same tables.
 */
#ifndef CK_CORE_TABLE_H
#define CK_CORE_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/err.h"

typedef enum ck_cell_kind {
    CK_CELL_EMPTY = 0,
    CK_CELL_TEXT,     /* UTF-8 */
    CK_CELL_INT,      /* a whole number (minutes, a count) */
    CK_CELL_NUMBER,   /* a number with a fraction (contact hours) */
    CK_CELL_BOOL,     /* yes or no */
    CK_CELL_DATE,     /* a local calendar date */
    CK_CELL_TIME,     /* a local time of day */
    CK_CELL_DATETIME, /* a local date and time */
} ck_cell_kind;

/* A local wall-clock moment as people read it (no time zone: the station's). */
typedef struct ck_local_time {
    int year, month, day;     /* 1-based month and day */
    int hour, minute, second; /* 0–23, 0–59, 0–59 */
} ck_local_time;

typedef struct ck_cell {
    ck_cell_kind kind;
    char *text;      /* TEXT: owned */
    int64_t i;       /* INT */
    double num;      /* NUMBER */
    bool yes;        /* BOOL */
    ck_local_time t; /* DATE, TIME, DATETIME */
} ck_cell;

typedef struct ck_table {
    char *name; /* the sheet's name; at most 31 characters in a workbook */
    size_t ncols;
    char **headers;
    size_t nrows, cap; /* rows held, rows allocated */
    ck_cell *cells;    /* nrows × ncols, row by row */
} ck_table;

/* A table with its name and ncols headers (copied). */
ck_rc ck_table_init(ck_table *t, const char *name, const char *const *headers, size_t ncols,
                    ck_err *err);
/* Free what the table holds and zero it; NULL is a no-op. */
void ck_table_clear(ck_table *t);
/* Append an empty row; *row points at its ncols cells (valid until the next append). */
ck_rc ck_table_add_row(ck_table *t, ck_cell **row, ck_err *err);
/* Set a cell (freeing text it held). Text is copied; NULL sets an empty cell. */
ck_rc ck_cell_set_text(ck_cell *c, const char *text, ck_err *err);
void ck_cell_set_int(ck_cell *c, int64_t v);
void ck_cell_set_number(ck_cell *c, double v);
void ck_cell_set_bool(ck_cell *c, bool v);
void ck_cell_set_time(ck_cell *c, ck_cell_kind kind, const ck_local_time *t);

/* A cell as CSV writes it, without quoting: "2026-11-23 08:55", "14.5", "yes". out holds at
 * least 64 bytes; text cells are not written here (they are their text). */
void ck_cell_plain(const ck_cell *c, char *out, size_t n);

/* Does text begin with a character a spreadsheet would read as the start of a formula (=, +, -,
 * @, tab or carriage return)? Such a cell is written with a ' in front (OWASP's advice on CSV
 * injection), so it shows as the text it is. */
bool ck_csv_needs_guard(const char *text);

/* The table as CSV: a header line, then one line per row; every text cell quoted, quotes
 * doubled, CRLF line ends, UTF-8 (bom: with a byte-order mark first, which spreadsheet programs
 * need to read UTF-8). *out is malloc'd, *len bytes (NUL-terminated too). */
ck_rc ck_table_csv(char **out, size_t *len, const ck_table *t, bool bom, ck_err *err);

#endif
