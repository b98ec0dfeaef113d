/* Private to store/: the SQLite handle and statement helpers. */
#ifndef CK_STORE_INTERNAL_H
#define CK_STORE_INTERNAL_H

#include <sqlite3.h>
#include <stdbool.h>

#include "common/mem.h"
#include "store/store.h"

struct ck_store {
    sqlite3 *db;
    char path[4096];
    int in_tx;
};

/* Turn a SQLite failure into a ck_err naming what was being done. */
ck_rc ck_store_fail(ck_store *st, ck_err *err, int sqlite_rc, const char *doing);

/* Prepare sql or fail with a message naming doing. */
ck_rc ck_store_prepare(ck_store *st, sqlite3_stmt **out, const char *sql, const char *doing,
                       ck_err *err);

/* Step a statement that returns no rows; finalizes it. */
ck_rc ck_store_exec_stmt(ck_store *st, sqlite3_stmt *stmt, const char *doing, ck_err *err);

/* Copy a text column into a fixed buffer (truncating safely). */
void ck_store_col_text(sqlite3_stmt *stmt, int col, char *out, size_t n);

/* Bind helpers that treat NULL strings as "". */
int ck_store_bind_text(sqlite3_stmt *stmt, int idx, const char *s);

/* Run a SELECT whose rows read_row turns into elements of a new array. */
typedef void (*ck_store_row_fn)(sqlite3_stmt *stmt, void *elem);
ck_rc ck_store_select_all(ck_store *st, sqlite3_stmt *stmt, size_t elem, ck_store_row_fn read_row,
                          void **out, size_t *n, const char *doing, ck_err *err);
#endif
