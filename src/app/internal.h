/* Private to app/: the context and helpers shared by the use cases. */
#ifndef CK_APP_INTERNAL_H
#define CK_APP_INTERNAL_H

#include <jansson.h>

#include "app/app.h"
#include "common/file.h"
#include "common/lang.h"
#include "common/mem.h"
#include "cred/key.h"
#include "cred/revoke.h"
#include "cred/token.h"
#include "pdf/fonts.h"
#include "store/store.h"

/* Who is here now, kept between calls (here.c). */
typedef struct ck_here ck_here;
void ck_here_free(ck_here *h);
typedef struct ck_app_search_keys ck_app_search_keys;

struct ck_app {
    ck_store *store;
    char db_path[4096];
    char key_path[4096];
    char data_dir[4096];
    char device[CK_DEVICE_MAX];
    int64_t course_id; /* as asked: 0 for the newest */
    bool course_loaded;
    ck_course_rec course;
    ck_clock_fn clock;
    void *clock_ctx;
    ck_pdf_fonts *fonts;            /* the PDF fonts, opened when the first certificate is made */
    bool readonly;                  /* opened with CK_STORE_READONLY: nothing is written */
    ck_here *here;                  /* NULL until ck_app_here_count() */
    int server_timeout_s;           /* a sync's wait for the server; 0: the default */
    bool (*mail_cancel)(void *ctx); /* see ck_app_options */
    void *mail_cancel_ctx;
    /* Search keys of names in other scripts (search.c), made when needed. */
    ck_app_search_keys *search_keys;
};

/* The key a search matches against (ck_name_matches): a->name_key, and for a name in another
 * script also its Latin spellings ("Анна" is found by "anna"). Valid while the app is open. */
const char *ck_app_search_key(ck_app *app, const ck_attendee_rec *a);
void ck_app_search_keys_free(ck_app_search_keys *keys);

/* Append an audit record (inside the caller's transaction); takes ownership of detail. */
ck_rc ck_app_audit_write(ck_app *app, const char *actor, ck_audit_action action, json_t *detail,
                         ck_err *err);

/* Record the keyring's public keys that the chain does not hold yet (oldest first), in the
 * caller's transaction. */
ck_rc ck_app_keys_into_chain(ck_app *app, const ck_cred_keyring *kr, ck_err *err);

/* Finish or drop a key rotation that stopped half-way (see ck_app_keys_rotate). */
ck_rc ck_app_finish_rotation(ck_app *app, ck_err *err);
/* The course's dates as --day takes them, for a message about a date that was typed
 * ("2026-11-23, 2026-11-24"; n: 12 bytes a day). */
void ck_app_course_days_text(const ck_course_rec *c, char *out, size_t n);

/* Years a certificate is valid, from the end of the course's last day. */
#define CK_APP_VALID_YEARS 2
/* When certificates of course c expire (exclusive). */
int64_t ck_app_cert_expiry(const ck_course_rec *c);

/* Store the license texts from path (a file or folder; NULL: assets/license.<lang>.txt) when
 * they differ from the current version's; with only_new, no new version whose English text a
 * station stored already (what init does with the asset, so a
 * station's init never puts back a text another station replaced). */
ck_rc ck_app_license_store(ck_app *app, const char *path, bool only_new, int *version, bool *added,
                           ck_err *err);

/* The actor name of a source, for audit records. */
const char *ck_app_actor(ck_source source);

/* A path inside the data folder: data_dir/rel. */
void ck_app_data_path(ck_app *app, const char *rel, char *out, size_t n);

/* One attendee's events as the rules see them, in (at, id) order; *out malloc'd. */
ck_rc ck_app_person_events(ck_app *app, int64_t attendee, ck_event **out, size_t *n, ck_err *err);

/* The keys a certificate may be signed with, as a JWKS text (free() it): this station's
 * keyring, and every key another station of the organisation recorded in its chain (those of
 * revoked stations only when revoked_too). */
ck_rc ck_app_trusted_jwks(ck_app *app, bool revoked_too, char **out, ck_err *err);
/* The same as a pinned set for verifying (revoked stations' keys in). */
ck_rc ck_app_keyset(ck_app *app, ck_cred_keyset **out, ck_err *err);
/* The station of the organisation whose key kid is: *station its name ("" for this station's
 * own key or a key no listed station holds); *untrusted_since its revocation time when it was
 * revoked and its chain does not record cert_id, else 0. */
ck_rc ck_app_signer(ck_app *app, const char *kid, const char *cert_id, char *station, size_t n,
                    int64_t *untrusted_since, ck_err *err);

/* A reason for a trainer action or correction, required, cleaned as CK_TEXT_REASON into out;
 * action names what needs it ("closing the day"). */
ck_rc ck_app_reason(char out[CK_REASON_MAX], const char *reason, const char *action, ck_err *err);

/* The app's font set, opened on first use and kept until the app is closed. */
ck_rc ck_app_fonts(ck_app *app, const ck_pdf_fonts **out, ck_err *err);

/* Can the certificate fonts draw text (a kind a certificate prints)? The one place that asks
 * pdf/. */
ck_rc ck_app_text_printable(ck_app *app, ck_text_kind kind, const char *text, ck_err *err);

/* ck_app_text_check() into a record's field of n bytes (every kind's limit fits its field). */
ck_rc ck_app_text_into(ck_app *app, char *out, size_t n, ck_text_kind kind, const char *text,
                       ck_err *err);

/* The course's dates in words: "23–24 November 2026". */
void ck_app_course_dates(const ck_course_rec *c, char *out, size_t n);

/* A badge code read from a scanned line (any case of the prefix, spaces around it), in its
 * stored form; false when the line holds none. */
bool ck_app_badge_parse(const char *line, char out[CK_APP_BADGE_CODE_MAX]);
/* Whose badge of the current course a scanned line is: CK_OK with *attendee_id, or an error
 * saying why it names nobody (no code, nobody's, replaced, another course). */
ck_rc ck_app_badge_who(ck_app *app, const char *line, int64_t *attendee_id, ck_err *err);

/* A folder: made if missing (0755), refused when something else is in the way. */
ck_rc ck_app_make_dir(const char *dir, ck_err *err);
/* A path in the database's folder: "certificates" → /var/lib/classkiosk/certificates. */
void ck_app_beside_db(ck_app *app, const char *name, char *out, size_t n);

#endif
