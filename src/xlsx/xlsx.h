/* Workbooks: tables of typed cells (core/table.h) written as an XLSX file with libxlsxwriter,
 * one sheet per table, numbers as numbers and dates and times as date cells a spreadsheet can
 * calculate with. Text is written as text, never as a formula, so a cell that begins with "="
 * stays the text it is. No libxlsxwriter type crosses this header.
 */
#ifndef CK_XLSX_H
#define CK_XLSX_H

#include <stddef.h>
#include <time.h>

#include "common/err.h"
#include "core/table.h"

/* The document's properties; NULL or "" leaves one out. */
typedef struct ck_xlsx_meta {
    const char *title, *author, *subject;
    time_t created; /* 0: now */
} ck_xlsx_meta;

/* Write the tables as one workbook into memory: *out is malloc'd, *len bytes. A sheet's name
 * is its table's, cut to 31 characters and made unique; the first row holds the headers. */
ck_rc ck_xlsx_write(unsigned char **out, size_t *len, const ck_table *tables, size_t n,
                    const ck_xlsx_meta *meta, ck_err *err);

#endif
