/* Private to store/: the SQLite handle and statement helpers. */
#ifndef CK_STORE_INTERNAL_H
#define CK_STORE_INTERNAL_H

#include <jansson.h>
#include <sqlite3.h>
#include <stdbool.h>

#include "common/mem.h"
#include "store/store.h"

struct ck_store {
    sqlite3 *db;
    char path[4096];
    int in_tx;
    bool readonly;
    char origin[CK_UID_LEN + 1]; /* this station's chain; "" until the schema has one */
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
/* Step stmt once for one integer in its first column (0 when it gives no row), then finalize. */
ck_rc ck_store_select_int64(ck_store *st, sqlite3_stmt *stmt, int64_t *out, const char *doing,
                            ck_err *err);

/* An empty store in memory with the whole schema: where the check replays the chain. */
ck_rc ck_store_open_memory(ck_store **out, ck_err *err);

/* Run SQL text that returns no rows (several statements allowed). */
ck_rc ck_store_exec(ck_store *st, const char *sql, const char *doing, ck_err *err);
/* A message as JSON of its parts, to be worded whenever it is read (store/jobs.c): NULL for an
 * empty one, else free() it; back from it, or english as plain text when it is unreadable. */
char *ck_store_msg_json(const ck_msg *m);
/* Bind m as ck_store_msg_json() gives it (NULL for an empty message). */
void ck_store_bind_msg(sqlite3_stmt *stmt, int idx, const ck_msg *m);
void ck_store_msg_from_json(ck_msg *m, const char *json, const char *english);

/* ---- the ledger (ledger.c) ---- */

/* One entry of a station's chain, as stored. */
typedef struct ck_ledger_entry {
    char origin[CK_UID_LEN + 1];
    int64_t seq;
    char kind[32];
    char uid[CK_LEDGER_UID_MAX];
    int64_t at;
    const char *body; /* canonical JSON text */
    char prev[65], hash[65];
} ck_ledger_entry;

/* Append an entry to this station's chain and materialise it into the tables, in the caller's
 * write transaction. Takes ownership of body (a JSON object). *row_id (may be NULL) is the
 * local id of the row the entry made, 0 when it made none. */
ck_rc ck_ledger_record(ck_store *st, const char *kind, const char *uid, int64_t at, json_t *body,
                       int64_t *row_id, ck_err *err);
/* Append without materialising: for the upgrade, whose rows exist already. *seq: its place. */
ck_rc ck_ledger_append(ck_store *st, const char *kind, const char *uid, int64_t at, json_t *body,
                       int64_t *seq, ck_err *err);
/* Recompute every chain (contiguous seq, prev links, hashes); names the first broken entry. */
ck_rc ck_ledger_check_chains(ck_store *st, size_t *entries, size_t *origins, ck_err *err);

/* Reading an entry's body while materialising it: the first missing or mistyped field is
 * remembered in rc/err, naming the entry. */
typedef struct ck_body {
    json_t *obj;
    const ck_ledger_entry *e;
    ck_err *err;
    ck_rc rc;
} ck_body;
const char *ck_body_str(ck_body *b, const char *key);
/* A string that may be absent: NULL then. */
const char *ck_body_str_opt(ck_body *b, const char *key);
int64_t ck_body_int(ck_body *b, const char *key);
double ck_body_real(ck_body *b, const char *key);

/* The attendee a uid names: every attendee entry's uid names its person's row (one e-mail in
 * one course is one person, whichever stations added them). */
#define CK_ATTENDEE_ID_OF_UID "SELECT attendee_id FROM attendee_uid WHERE uid = ?"

/* The current license text first: the highest version, of two texts with one version number
 * (stored at two stations out of touch) the earlier. */
#define CK_LICENSE_CURRENT " ORDER BY version DESC, added_at, uid"

/* Whether entry e comes after the entry at (at, origin, seq) in the order every station
 * agrees on: time, then station, then place in its chain. */
bool ck_store_entry_newer(const ck_ledger_entry *e, int64_t at, const char *origin, int64_t seq);

/* The local id of the row whose uid (or certificate id) is uid in table; CK_ENOTFOUND when
 * there is none. what names the record in the error. */
ck_rc ck_store_id_of(ck_store *st, const char *sql, const char *uid, int64_t *id, const char *what,
                     ck_err *err);
/* The uid of the row with a local id (sql selects it); "" when id is 0 or missing. */
ck_rc ck_store_uid_of(ck_store *st, const char *sql, int64_t id, char *out, size_t n, ck_err *err);

/* Materialising each kind of entry: the only code that writes those tables. */
typedef ck_rc (*ck_materialise_fn)(ck_store *st, const ck_ledger_entry *e, ck_body *b,
                                   int64_t *row_id, ck_err *err);
ck_rc ck_mat_course(ck_store *st, const ck_ledger_entry *e, ck_body *b, int64_t *row_id,
                    ck_err *err);
ck_rc ck_mat_attendee(ck_store *st, const ck_ledger_entry *e, ck_body *b, int64_t *row_id,
                      ck_err *err);
ck_rc ck_mat_rename(ck_store *st, const ck_ledger_entry *e, ck_body *b, int64_t *row_id,
                    ck_err *err);
ck_rc ck_mat_attendee_lang(ck_store *st, const ck_ledger_entry *e, ck_body *b, int64_t *row_id,
                           ck_err *err);
ck_rc ck_mat_event(ck_store *st, const ck_ledger_entry *e, ck_body *b, int64_t *row_id,
                   ck_err *err);
ck_rc ck_mat_license(ck_store *st, const ck_ledger_entry *e, ck_body *b, int64_t *row_id,
                     ck_err *err);
ck_rc ck_mat_license_translation(ck_store *st, const ck_ledger_entry *e, ck_body *b,
                                 int64_t *row_id, ck_err *err);
ck_rc ck_mat_decision(ck_store *st, const ck_ledger_entry *e, ck_body *b, int64_t *row_id,
                      ck_err *err);
ck_rc ck_mat_cert(ck_store *st, const ck_ledger_entry *e, ck_body *b, int64_t *row_id, ck_err *err);
ck_rc ck_mat_revocation(ck_store *st, const ck_ledger_entry *e, ck_body *b, int64_t *row_id,
                        ck_err *err);
ck_rc ck_mat_key(ck_store *st, const ck_ledger_entry *e, ck_body *b, int64_t *row_id, ck_err *err);
ck_rc ck_mat_audit(ck_store *st, const ck_ledger_entry *e, ck_body *b, int64_t *row_id,
                   ck_err *err);
ck_rc ck_mat_badge(ck_store *st, const ck_ledger_entry *e, ck_body *b, int64_t *row_id,
                   ck_err *err);

/* Fill in the days and breaks of a course whose row was read (c->id set). */
ck_rc ck_store_course_read_days(ck_store *st, ck_course_rec *c, ck_err *err);

/* Bodies built from records, shared by the writes and the upgrade that carries old rows. */
json_t *ck_body_course(const ck_course_rec *c);
ck_rc ck_body_attendee(ck_store *st, const ck_attendee_rec *a, json_t **out, ck_err *err);
ck_rc ck_body_event(ck_store *st, const ck_event_rec *e, json_t **out, ck_err *err);
json_t *ck_body_license(int version, const char *sha256, const char *text);
ck_rc ck_body_decision(ck_store *st, const ck_acceptance_rec *a, json_t **out, ck_err *err);
ck_rc ck_body_cert(ck_store *st, const ck_cert_rec *c, json_t **out, ck_err *err);
json_t *ck_body_revocation(const char *cert_id, const char *reason);
/* detail_json: the audit detail as JSON text (an object; other text is kept as a string). */
json_t *ck_body_audit(const char *actor, const char *action, const char *detail_json);

/* The schema 3 → 4 upgrade (upgrade.c): every record and the old audit trail into the chain. */
ck_rc ck_store_upgrade_to_ledger(ck_store *st, ck_err *err);
#endif
