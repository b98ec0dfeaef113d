/* Tables of typed cells and the CSV written from them. */
#include "core/table.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/mem.h"

ck_rc ck_table_init(ck_table *t, const char *name, const char *const *headers, size_t ncols,
                    ck_err *err)
{
    memset(t, 0, sizeof *t);
    t->name = strdup(name ? name : "");
    t->headers = calloc(ncols ? ncols : 1, sizeof *t->headers);
    if (!t->name || !t->headers)
        goto nomem;
    t->ncols = ncols;
    for (size_t i = 0; i < ncols; i++)
        if (!(t->headers[i] = strdup(headers[i] ? headers[i] : "")))
            goto nomem;
    return CK_OK;
nomem:
    ck_table_clear(t);
    return ck_err_set(err, CK_ENOMEM, "out of memory making the table \"%s\"", name ? name : "");
}

void ck_table_clear(ck_table *t)
{
    if (!t)
        return;
    for (size_t i = 0; t->cells && i < t->nrows * t->ncols; i++)
        free(t->cells[i].text);
    for (size_t i = 0; t->headers && i < t->ncols; i++)
        free(t->headers[i]);
    free(t->headers);
    free(t->cells);
    free(t->name);
    memset(t, 0, sizeof *t);
}

ck_rc ck_table_add_row(ck_table *t, ck_cell **row, ck_err *err)
{
    size_t cap_cells = t->cap * t->ncols;
    size_t need = (t->nrows + 1) * (t->ncols ? t->ncols : 1);
    if (!ck_array_reserve(&t->cells, &cap_cells, need, sizeof *t->cells))
        return ck_err_set(err, CK_ENOMEM, "out of memory: the table \"%s\" has %zu rows", t->name,
                          t->nrows);
    t->cap = t->ncols ? cap_cells / t->ncols : cap_cells;
    *row = t->cells + t->nrows * t->ncols;
    memset(*row, 0, t->ncols * sizeof **row);
    t->nrows++;
    return CK_OK;
}

ck_rc ck_cell_set_text(ck_cell *c, const char *text, ck_err *err)
{
    free(c->text);
    memset(c, 0, sizeof *c);
    if (!text)
        return CK_OK;
    if (!(c->text = strdup(text)))
        return ck_err_set(err, CK_ENOMEM, "out of memory filling a table");
    c->kind = CK_CELL_TEXT;
    return CK_OK;
}

static void reset(ck_cell *c, ck_cell_kind kind)
{
    free(c->text);
    memset(c, 0, sizeof *c);
    c->kind = kind;
}

void ck_cell_set_int(ck_cell *c, int64_t v)
{
    reset(c, CK_CELL_INT);
    c->i = v;
}

void ck_cell_set_number(ck_cell *c, double v)
{
    reset(c, CK_CELL_NUMBER);
    c->num = v;
}

void ck_cell_set_bool(ck_cell *c, bool v)
{
    reset(c, CK_CELL_BOOL);
    c->yes = v;
}

void ck_cell_set_time(ck_cell *c, ck_cell_kind kind, const ck_local_time *t)
{
    reset(c, kind);
    c->t = *t;
}

void ck_cell_plain(const ck_cell *c, char *out, size_t n)
{
    const ck_local_time *t = &c->t;
    switch (c->kind) {
    case CK_CELL_INT: snprintf(out, n, "%lld", (long long)c->i); break;
    case CK_CELL_NUMBER:
        snprintf(out, n, "%.15g", c->num);
        /* A locale with a decimal comma must not turn 14.5 into "14,5" (a second column). */
        for (char *p = out; *p; p++)
            if (*p == ',')
                *p = '.';
        break;
    case CK_CELL_BOOL: snprintf(out, n, "%s", c->yes ? "yes" : "no"); break;
    case CK_CELL_DATE: snprintf(out, n, "%04d-%02d-%02d", t->year, t->month, t->day); break;
    case CK_CELL_TIME: snprintf(out, n, "%02d:%02d", t->hour, t->minute); break;
    case CK_CELL_DATETIME:
        snprintf(out, n, "%04d-%02d-%02d %02d:%02d", t->year, t->month, t->day, t->hour, t->minute);
        break;
    case CK_CELL_TEXT:
    case CK_CELL_EMPTY:
    default: snprintf(out, n, "%s", ""); break;
    }
}

bool ck_csv_needs_guard(const char *text)
{
    return text && (*text == '=' || *text == '+' || *text == '-' || *text == '@' || *text == '\t' ||
                    *text == '\r');
}

static void put_text(ck_buf *b, const char *text)
{
    ck_buf_put(b, "\"", 1);
    if (ck_csv_needs_guard(text))
        ck_buf_put(b, "'", 1);
    for (const char *s = text; *s;) {
        size_t run = strcspn(s, "\"");
        ck_buf_put(b, s, run);
        s += run;
        if (*s == '"') {
            ck_buf_put(b, "\"\"", 2);
            s++;
        }
    }
    ck_buf_put(b, "\"", 1);
}

ck_rc ck_table_csv(char **out, size_t *len, const ck_table *t, bool bom, ck_err *err)
{
    ck_buf b = {0};
    *out = NULL;
    *len = 0;
    if (bom)
        ck_buf_put(&b, "\xEF\xBB\xBF", 3);
    for (size_t c = 0; c < t->ncols; c++) {
        if (c)
            ck_buf_put(&b, ",", 1);
        put_text(&b, t->headers[c]);
    }
    ck_buf_put(&b, "\r\n", 2);
    for (size_t r = 0; r < t->nrows; r++) {
        for (size_t c = 0; c < t->ncols; c++) {
            const ck_cell *cell = &t->cells[r * t->ncols + c];
            if (c)
                ck_buf_put(&b, ",", 1);
            if (cell->kind == CK_CELL_TEXT) {
                put_text(&b, cell->text);
            } else {
                char plain[64];
                ck_cell_plain(cell, plain, sizeof plain);
                ck_buf_put(&b, plain, strlen(plain));
            }
        }
        ck_buf_put(&b, "\r\n", 2);
    }
    if (b.failed) {
        free(b.p);
        return ck_err_set(err, CK_ENOMEM, "out of memory writing the table \"%s\" as CSV", t->name);
    }
    *out = b.p;
    *len = b.len;
    return CK_OK;
}
