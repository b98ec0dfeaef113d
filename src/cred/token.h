/* Certificate tokens: the claims of one certificate as a compact JWS signed with Ed25519. */
#ifndef CK_CRED_TOKEN_H
#define CK_CRED_TOKEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/err.h"
#include "cred/key.h"
#include "cred/revoke.h"

/* Longest text claim (issuer, name, course, trainer, credential, location), in UTF-8 bytes. */
#define CK_CRED_TEXT_MAX 200
/* Most course dates a certificate lists. */
#define CK_CRED_MAX_DAYS 14
/* Longest token accepted or produced, in characters. */
#define CK_CRED_TOKEN_MAX 4096
/* Clock difference tolerated between issuing station and verifier, in seconds. */
#define CK_CRED_CLOCK_SKEW 300

/* What a certificate states. Strings are NUL-terminated UTF-8 without control characters. */
typedef struct ck_cred_claims {
    char iss[CK_CRED_TEXT_MAX + 1];          /* "iss": issuer */
    char jti[CK_CRED_JTI_MAX + 1];           /* "jti": certificate id */
    int64_t iat;                             /* "iat": issued, UTC seconds */
    int64_t exp;                             /* "exp": valid until (exclusive), UTC seconds */
    char name[CK_CRED_TEXT_MAX + 1];         /* "nam": holder */
    char course[CK_CRED_TEXT_MAX + 1];       /* "crs": course title */
    char trainer[CK_CRED_TEXT_MAX + 1];      /* "trn": trainer name */
    char trainer_cred[CK_CRED_TEXT_MAX + 1]; /* "tcr": trainer credential, may be empty */
    char location[CK_CRED_TEXT_MAX + 1];     /* "loc": where, may be empty */
    size_t ndays;
    char days[CK_CRED_MAX_DAYS][11]; /* "dys": "YYYY-MM-DD", ascending */
    double hours;                    /* "hrs": contact hours, > 0, kept to two decimals */
} ck_cred_claims;

/* The outcome of checking a token, from best to the reason it fails. */
typedef enum ck_cred_status {
    CK_CRED_VALID = 0,
    CK_CRED_MALFORMED,     /* not a well-formed certificate token */
    CK_CRED_BAD_ALG,       /* an algorithm other than EdDSA, "none" included */
    CK_CRED_UNKNOWN_KEY,   /* signed by a key that is not pinned */
    CK_CRED_BAD_SIGNATURE, /* altered or forged */
    CK_CRED_NOT_YET_VALID, /* issued in the future (beyond the clock skew) */
    CK_CRED_EXPIRED,       /* now >= exp */
    CK_CRED_REVOKED,       /* listed in the revocation list */
} ck_cred_status;

/* What ck_cred_token_verify() found. */
typedef struct ck_cred_verdict {
    ck_cred_status status;
    bool has_claims;               /* the signature is good and the claims were decoded */
    ck_cred_claims claims;         /* valid only when has_claims */
    char kid[CK_CRED_KID_LEN + 1]; /* the key named by the token, when readable */
    int64_t revoked_at;            /* CK_CRED_REVOKED only */
    ck_msg said;                   /* one line for a person … */
    char reason[320];              /* … and in English */
} ck_cred_verdict;

/* Check that claims can be signed: every field present, in range and well-formed. */
ck_rc ck_cred_claims_check(const ck_cred_claims *claims, ck_err *err);
/* Sign claims with the keyring's active key: a compact JWS; free() it. */
ck_rc ck_cred_token_sign(char **out, const ck_cred_keyring *kr, const ck_cred_claims *claims,
                         ck_err *err);
/* Check a token against the pinned keys, the time now and an optional revocation list (rl may
 * be NULL). Returns CK_OK whenever a verdict was reached, good or bad: read out->status. A
 * listed id is REVOKED whatever its dates; otherwise dates give NOT_YET_VALID or EXPIRED. */
ck_rc ck_cred_token_verify(ck_cred_verdict *out, const char *jws, const ck_cred_keyset *keys,
                           const ck_cred_rl *rl, int64_t now, ck_err *err);
/* A short lower-case name for a status: "valid", "revoked"… */
const char *ck_cred_status_name(ck_cred_status status);

#endif
