/* Signed revocation lists: which certificate ids the issuer has withdrawn, and since when. */
#ifndef CK_CRED_REVOKE_H
#define CK_CRED_REVOKE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/err.h"
#include "cred/key.h"

/* Longest certificate id (jti) a token or a revocation list carries, in bytes. */
#define CK_CRED_JTI_MAX 64
/* Most entries in one revocation list, and the longest list text accepted. */
#define CK_CRED_RL_MAX_ENTRIES 100000
#define CK_CRED_RL_MAX_TEXT (16u * 1024 * 1024)

/* One withdrawn certificate. */
typedef struct ck_cred_revocation {
    char jti[CK_CRED_JTI_MAX + 1];
    int64_t at; /* UTC seconds */
} ck_cred_revocation;

/* A revocation list whose signature was checked against a pinned key set. */
typedef struct ck_cred_rl ck_cred_rl;

/* Sign a list of n revocations with the keyring's active key: a compact JWS; free() it. */
ck_rc ck_cred_rl_sign(char **out, const ck_cred_keyring *kr, const char *iss, int64_t iat,
                      const ck_cred_revocation *list, size_t n, ck_err *err);
/* Load a signed list from its text, accepting only a signature by a key in keys. */
ck_rc ck_cred_rl_load(ck_cred_rl **out, const char *text, size_t len, const ck_cred_keyset *keys,
                      ck_err *err);
/* Whether jti is revoked; if so and out_at is not NULL, when. */
bool ck_cred_rl_lookup(int64_t *out_at, const ck_cred_rl *rl, const char *jti);
/* Number of revoked ids in the list. */
size_t ck_cred_rl_count(const ck_cred_rl *rl);
/* When the list was signed (its "iat"). */
int64_t ck_cred_rl_issued_at(const ck_cred_rl *rl);
/* Who signed the list (its "iss"). */
const char *ck_cred_rl_issuer(const ck_cred_rl *rl);
/* The kid of the key that signed the list. */
const char *ck_cred_rl_kid(const ck_cred_rl *rl);
/* Free a list. NULL is a no-op. */
void ck_cred_rl_free(ck_cred_rl *rl);

#endif
