/* Files: reading one whole, writing one atomically, with one way of saying what went wrong.
 *
 * Every error names the file as "<what> <path>" ("roster /home/t/r.csv", "keyring
 * /var/lib/classkiosk/classkiosk.key") and says how to fix it. A write goes to a temporary
 * file in the same folder, is flushed to disk, renamed over the old file and the folder is
 * flushed: a reader (or a power cut) sees the old file or the new one, never part of either.
 */
#ifndef CK_COMMON_FILE_H
#define CK_COMMON_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "common/err.h"

#define CK_FILE_PATH_MAX 4096

/* Read the whole regular file at path, at most max bytes, into a NUL-terminated buffer. *out
 * is malloc'd (NULL on failure); len may be NULL. Opening never waits (a FIFO is refused). */
ck_rc ck_file_read(char **out, size_t *len, const char *path, size_t max, const char *what,
                   ck_err *err);
/* The same for a file holding a secret: refused when group or others may access it, and
 * every buffer that held part of it is wiped before it is freed. Wipe *out after use. */
ck_rc ck_file_read_secret(char **out, size_t *len, const char *path, size_t max, const char *what,
                          ck_err *err);
/* Read a stream (stdin, a pipe) to its end, at most max bytes; name says what it is in
 * errors ("standard input"). */
ck_rc ck_file_read_stream(char **out, size_t *len, FILE *f, size_t max, const char *name,
                          ck_err *err);

/* A file written beside its place and flushed, not yet put there. */
typedef struct ck_file_staged {
    char path[CK_FILE_PATH_MAX];     /* where it goes */
    char tmp[CK_FILE_PATH_MAX + 32]; /* where it is now; "" once committed or discarded */
    char what[64];
} ck_file_staged;

/* Write data into a new temporary file in path's folder with the given mode (0600 for a
 * secret, 0644 for what others may read) and flush it to disk; path is not touched yet. */
ck_rc ck_file_stage(ck_file_staged *out, const char *path, const void *data, size_t len,
                    unsigned mode, const char *what, ck_err *err);
/* Put a staged file at its path, replacing what is there (or, when exclusive, only if
 * nothing is: CK_ESTATE otherwise), then flush the folder. The temporary file is gone
 * afterwards, whatever happened. */
ck_rc ck_file_commit(ck_file_staged *f, bool exclusive, ck_err *err);
/* Remove a staged file that will not be committed; a no-op once committed or discarded. */
void ck_file_discard(ck_file_staged *f);
/* Put the file at from (written and flushed earlier, perhaps by a run that then stopped) in
 * place of path, then flush the folder. Unlike ck_file_commit(), a failure leaves from where it
 * is, so the move can be tried again. */
ck_rc ck_file_move(const char *from, const char *path, const char *what, ck_err *err);
/* The folder holding path: "." when there is no slash, "/" for a file at the root. */
void ck_file_folder_of(const char *path, char *out, size_t n);
/* Stage and commit in one: replace path atomically. */
ck_rc ck_file_write(const char *path, const void *data, size_t len, unsigned mode, const char *what,
                    ck_err *err);

#endif
