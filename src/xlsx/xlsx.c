/* Workbooks with libxlsxwriter: a sheet per table, typed cells, written to a private temporary
 * file (the library writes only to a file name) and read back into memory, so the caller puts
 * it in place atomically like every other file. */
#include "xlsx/xlsx.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "common/file.h"

#define XLSX_MAX_BYTES (512u << 20)
#define SHEET_NAME_MAX 31 /* characters: Excel's limit */

/* The formats every sheet shares. */
typedef struct formats {
    lxw_format *header, *date, *time, *datetime, *number;
} formats;

/* A sheet name Excel accepts: none of []:*?/\, at most 31 characters (never cutting one),
 * not already taken. */
static void sheet_name(char *out, size_t n, const char *want, const ck_table *tables, size_t i,
                       char taken[][4 * SHEET_NAME_MAX + 8])
{
    char base[4 * SHEET_NAME_MAX + 1];
    size_t w = 0, chars = 0;
    for (const char *p = *want ? want : "Sheet"; *p && chars < SHEET_NAME_MAX - 4;) {
        unsigned char c = (unsigned char)*p;
        size_t len = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
        if (w + len >= sizeof base)
            break;
        if (len == 1 && strchr("[]:*?/\\", *p))
            base[w++] = '-';
        else
            for (size_t k = 0; k < len && p[k]; k++)
                base[w++] = p[k];
        p += len;
        chars++;
    }
    base[w] = '\0';
    snprintf(out, n, "%s", base);
    for (int copy = 2;; copy++) {
        bool clash = false;
        for (size_t j = 0; j < i; j++)
            clash = clash || strcasecmp(taken[j], out) == 0;
        if (!clash)
            break;
        snprintf(out, n, "%s (%d)", base, copy);
    }
    (void)tables;
}

/* A column's width in characters: its longest header or plain cell, within 8 and 60. */
static double column_width(const ck_table *t, size_t col)
{
    size_t widest = strlen(t->headers[col]);
    for (size_t r = 0; r < t->nrows; r++) {
        const ck_cell *c = &t->cells[r * t->ncols + col];
        size_t len = 0;
        if (c->kind == CK_CELL_TEXT) {
            for (const char *p = c->text; *p; p++)
                len += ((unsigned char)*p & 0xC0) != 0x80; /* characters, not bytes */
        } else {
            char plain[64];
            ck_cell_plain(c, plain, sizeof plain);
            len = strlen(plain);
        }
        if (len > widest)
            widest = len;
    }
    double wdt = (double)widest + 2;
    return wdt < 8 ? 8 : wdt > 60 ? 60 : wdt;
}

static lxw_error write_cell(lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const ck_cell *c,
                            const formats *f)
{
    const ck_local_time *t = &c->t;
    lxw_datetime dt = {t->year, t->month, t->day, t->hour, t->minute, (double)t->second};
    switch (c->kind) {
    case CK_CELL_TEXT: return worksheet_write_string(ws, row, col, c->text, NULL);
    case CK_CELL_INT: return worksheet_write_number(ws, row, col, (double)c->i, NULL);
    case CK_CELL_NUMBER: return worksheet_write_number(ws, row, col, c->num, f->number);
    case CK_CELL_BOOL: return worksheet_write_boolean(ws, row, col, c->yes, NULL);
    case CK_CELL_DATE:
        dt.hour = dt.min = 0;
        dt.sec = 0;
        return worksheet_write_datetime(ws, row, col, &dt, f->date);
    case CK_CELL_DATETIME: return worksheet_write_datetime(ws, row, col, &dt, f->datetime);
    case CK_CELL_TIME:
        /* A time of day is the fraction of a day, shown as a time. */
        return worksheet_write_number(
            ws, row, col, (double)(t->hour * 3600 + t->minute * 60 + t->second) / 86400.0, f->time);
    case CK_CELL_EMPTY:
    default: return LXW_NO_ERROR;
    }
}

static lxw_error write_sheet(lxw_workbook *wb, const ck_table *t, const char *name,
                             const formats *f)
{
    lxw_worksheet *ws = workbook_add_worksheet(wb, name);
    if (!ws)
        return LXW_ERROR_MEMORY_MALLOC_FAILED;
    lxw_error e = LXW_NO_ERROR;
    for (size_t c = 0; c < t->ncols && !e; c++) {
        e = worksheet_write_string(ws, 0, (lxw_col_t)c, t->headers[c], f->header);
        if (!e)
            e = worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, column_width(t, c), NULL);
    }
    for (size_t r = 0; r < t->nrows && !e; r++)
        for (size_t c = 0; c < t->ncols && !e; c++)
            e = write_cell(ws, (lxw_row_t)(r + 1), (lxw_col_t)c, &t->cells[r * t->ncols + c], f);
    if (!e)
        worksheet_freeze_panes(ws, 1, 0);
    return e;
}

ck_rc ck_xlsx_write(unsigned char **out, size_t *len, const ck_table *tables, size_t n,
                    const ck_xlsx_meta *meta, ck_err *err)
{
    char path[4096];
    const char *tmp = getenv("TMPDIR");
    *out = NULL;
    *len = 0;
    snprintf(path, sizeof path, "%s/classkiosk-xlsx-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    int fd = mkstemp(path);
    if (fd < 0)
        return ck_err_set(err, CK_EIO,
                          "cannot make a temporary file for the workbook in %s: %s; set TMPDIR "
                          "to a writable folder",
                          tmp && *tmp ? tmp : "/tmp", strerror(errno));
    close(fd);
    lxw_workbook *wb = workbook_new(path);
    if (!wb) {
        unlink(path);
        return ck_err_set(err, CK_EIO, "the spreadsheet library could not start a workbook in %s",
                          path);
    }
    lxw_doc_properties props = {.title = (char *)(meta ? meta->title : NULL),
                                .author = (char *)(meta ? meta->author : NULL),
                                .subject = (char *)(meta ? meta->subject : NULL),
                                .created = meta ? meta->created : 0};
    workbook_set_properties(wb, &props);
    formats f = {workbook_add_format(wb), workbook_add_format(wb), workbook_add_format(wb),
                 workbook_add_format(wb), workbook_add_format(wb)};
    format_set_bold(f.header);
    format_set_num_format(f.date, "yyyy-mm-dd");
    format_set_num_format(f.time, "hh:mm");
    format_set_num_format(f.datetime, "yyyy-mm-dd hh:mm");
    format_set_num_format(f.number, "0.##");
    lxw_error e = LXW_NO_ERROR;
    char(*taken)[4 * SHEET_NAME_MAX + 8] = calloc(n ? n : 1, sizeof *taken);
    if (!taken)
        e = LXW_ERROR_MEMORY_MALLOC_FAILED;
    for (size_t i = 0; i < n && !e; i++) {
        sheet_name(taken[i], sizeof taken[i], tables[i].name, tables, i, taken);
        e = write_sheet(wb, &tables[i], taken[i], &f);
    }
    free(taken);
    lxw_error closed = workbook_close(wb); /* writes the file, frees the workbook */
    if (!e)
        e = closed;
    ck_rc rc = CK_OK;
    if (e)
        rc =
            ck_err_set(err, e == LXW_ERROR_MEMORY_MALLOC_FAILED ? CK_ENOMEM : CK_EIO,
                       "the spreadsheet library could not write the workbook: %s", lxw_strerror(e));
    else
        rc = ck_file_read((char **)out, len, path, XLSX_MAX_BYTES, "workbook", err);
    unlink(path);
    return rc;
}
