/* Internal to cred/ and its tests: base64url, compact JWS sign and open, key access, text checks.
 */
#ifndef CK_CRED_JWS_H
#define CK_CRED_JWS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/err.h"
#include "cred/key.h"
#include "cred/token.h"

#define CK_CRED_SIG_BYTES 64
#define CK_CRED_PK_BYTES 32
#define CK_CRED_SK_BYTES 64

/* Make libsodium ready; an error if it cannot start. */
ck_rc ck_cred_sodium_ready(ck_err *err);

/* base64url without padding of len bytes; free() it. NULL when out of memory. */
char *ck_cred_b64url_encode(const unsigned char *bin, size_t len);
/* Decode exactly len characters of canonical unpadded base64url into a new buffer of at most
 * max bytes plus a NUL; free() it. False if not canonical base64url, too long, or no memory. */
bool ck_cred_b64url_decode(unsigned char **out, size_t *out_len, const char *b64, size_t len,
                           size_t max);

/* Whether s[0..n) is well-formed UTF-8 (no overlongs, surrogates or code points past U+10FFFF)
 * without control characters. */
bool ck_cred_text_ok(const char *s, size_t n);

/* Whether s[0..n) can be a certificate id (jti): 1 to CK_CRED_JTI_MAX printable ASCII
 * characters without spaces. */
bool ck_cred_jti_ok(const char *s, size_t n);

/* Latest time a token or list may carry: the end of year 9999, in UTC seconds. */
#define CK_CRED_TIME_MAX INT64_C(253402300799)

/* Format UTC seconds as "2025-03-01 14:05 UTC" into buf. */
void ck_cred_fmt_time(char *buf, size_t size, int64_t t);

/* Sign base64url(header_json) "." base64url(payload) with a libsodium secret key. */
ck_rc ck_cred_jws_sign_raw(char **out, const unsigned char sk[CK_CRED_SK_BYTES],
                           const char *header_json, const char *payload, size_t payload_len,
                           ck_err *err);
/* The same with the keyring's active key. */
ck_rc ck_cred_jws_sign(char **out, const ck_cred_keyring *kr, const char *header_json,
                       const char *payload, size_t payload_len, ck_err *err);

/* What a JWS must be: a certificate token or a revocation list (header typ "ck-rl+jwt"). */
typedef enum ck_cred_jws_kind {
    CK_CRED_JWS_TOKEN,
    CK_CRED_JWS_RL,
} ck_cred_jws_kind;

#define CK_CRED_RL_TYP "ck-rl+jwt"

/* The outcome of opening a compact JWS. */
typedef struct ck_cred_jws_opened {
    ck_cred_status status;         /* CK_CRED_VALID when the signature is good */
    char kid[CK_CRED_KID_LEN + 1]; /* from the header, when it could be read */
    ck_msg said;                   /* what was found, for a person … */
    char reason[256];              /* … and in English */
    char *payload;                 /* decoded, NUL-terminated; only when the signature is good */
    size_t payload_len;
} ck_cred_jws_opened;

/* Check shape, header, key (by kid, from keys only) and signature of text[0..len). Returns CK_OK
 * with the finding in out, or an error when memory runs out. */
ck_rc ck_cred_jws_open(ck_cred_jws_opened *out, const char *text, size_t len,
                       const ck_cred_keyset *keys, ck_cred_jws_kind kind, ck_err *err);
/* Free what ck_cred_jws_open() put in o. */
void ck_cred_jws_opened_clear(ck_cred_jws_opened *o);

/* The active secret key of a keyring (libsodium's 64-byte form). */
const unsigned char *ck_cred_keyring_secret(const ck_cred_keyring *kr);
/* The public key with this kid in the set, or NULL. */
const unsigned char *ck_cred_keyset_find(const ck_cred_keyset *ks, const char *kid);

#endif
