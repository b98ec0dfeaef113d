/* Private to app/: the context and helpers shared by the use cases. */
#ifndef CK_APP_INTERNAL_H
#define CK_APP_INTERNAL_H

#include <jansson.h>

#include "app/app.h"
#include "common/file.h"
#include "common/mem.h"
#include "cred/key.h"
#include "cred/revoke.h"
#include "cred/token.h"
#include "pdf/fonts.h"
#include "store/store.h"

struct ck_app {
    ck_store *store;
    char db_path[4096];
    char key_path[4096];
    char data_dir[4096];
    char device[64];
    int64_t course_id; /* as asked: 0 for the newest */
    bool course_loaded;
    ck_course_rec course;
    ck_clock_fn clock;
    void *clock_ctx;
    ck_pdf_fonts *fonts; /* the PDF fonts, opened when the first certificate is made */
    bool readonly; /* opened with CK_STORE_READONLY: nothing is written */
};

/* Append an audit record (inside the caller's transaction); takes ownership of detail. */
ck_rc ck_app_audit_write(ck_app *app, const char *actor, ck_audit_action action, json_t *detail,
                         ck_err *err);

/* Record the keyring's public keys that the chain does not hold yet (oldest first), in the
 * caller's transaction. */
ck_rc ck_app_keys_into_chain(ck_app *app, const ck_cred_keyring *kr, ck_err *err);

/* Finish or drop a key rotation that stopped half-way (see ck_app_keys_rotate). */
ck_rc ck_app_finish_rotation(ck_app *app, ck_err *err);

/* The actor name of a source, for audit records. */
const char *ck_app_actor(ck_source source);

/* A path inside the data folder: data_dir/rel. */
void ck_app_data_path(ck_app *app, const char *rel, char *out, size_t n);

/* One attendee's events as the rules see them, in (at, id) order; *out malloc'd. */
ck_rc ck_app_person_events(ck_app *app, int64_t attendee, ck_event **out, size_t *n, ck_err *err);

/* The station's public keys as a pinned set for verifying. */
ck_rc ck_app_keyset(ck_app *app, ck_cred_keyset **out, ck_err *err);

/* Require a reason for trainer actions and corrections: trimmed, 3–500 characters. */
ck_rc ck_app_check_reason(const char *reason, const char *action, ck_err *err);

#endif
