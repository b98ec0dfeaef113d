/* The offline verification page: exports assets/verifier/ with the issuer's pinned keys and
 * signed revocation list, ready to put on any web host or open from a file. */
#ifndef CK_WEB_VERIFIER_H
#define CK_WEB_VERIFIER_H

#include <stdint.h>

#include "common/err.h"

/* The file an export writes beside the page's own files (index.html, style.css and verify.js,
 * copied from DATA_DIR/assets/verifier/). */
#define CK_WEB_DATA_FILE "data.js"
/* Longest issuer display name, in UTF-8 bytes. */
#define CK_WEB_ISSUER_MAX 200

/* What goes into an export. */
typedef struct ck_web_export_input {
    const char *jwks_json;       /* every public key, retired ones too (ck_cred_keyring_jwks) */
    const char *revocations_jws; /* the signed revocation list (ck_cred_rl_sign), even if empty */
    const char *issuer_name;     /* shown on the page: "Agile Academy Berlin" */
    int64_t exported_at;         /* UTC seconds, shown on the page */
    const char *data_dir;        /* the folder that holds assets/verifier/ */
} ck_web_export_input;

/* Write the page into dir: created if missing; if it exists it must be empty or hold an
 * earlier export, whose files are replaced (other files there are left alone). The keys and
 * the list are checked first (the list must be signed by one of the keys, no private key may
 * be among them); each file is written to a temporary name and renamed into place, data.js
 * last. A refused input or folder writes nothing; a failed write removes its temporary files
 * and any folder this call made. */
ck_rc ck_web_export(const char *dir, const ck_web_export_input *in, ck_err *err);

#endif
