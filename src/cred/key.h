/* Ed25519 signing keys: the station's keyring file and the pinned key sets verifiers use. */
#ifndef CK_CRED_KEY_H
#define CK_CRED_KEY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/err.h"

/* A kid is the RFC 7638 JWK thumbprint of the public key: 43 base64url characters. */
#define CK_CRED_KID_LEN 43
/* Most keys a keyring or a key set holds (one active plus retired ones). */
#define CK_CRED_MAX_KEYS 1000

/* The station's keys: one active Ed25519 signing key and the public parts of retired ones. */
typedef struct ck_cred_keyring ck_cred_keyring;
/* Public keys only, looked up by kid when verifying: what an offline verifier pins. */
typedef struct ck_cred_keyset ck_cred_keyset;

/* What a keyring says about one of its keys. */
typedef struct ck_cred_key_info {
    char kid[CK_CRED_KID_LEN + 1];
    char x[CK_CRED_KID_LEN + 1]; /* the public key, base64url (43 characters, like a kid) */
    bool active;                 /* the signing key; retired keys only verify */
    int64_t created;             /* UTC seconds */
    int64_t retired;             /* UTC seconds; 0 while active */
} ck_cred_key_info;

/* Create a keyring file (mode 0600) holding one fresh key; fails if path exists. */
ck_rc ck_cred_keyring_create(ck_cred_keyring **out, const char *path, int64_t now, ck_err *err);
/* Open a keyring file; refuses one that group or others may access. */
ck_rc ck_cred_keyring_open(ck_cred_keyring **out, const char *path, ck_err *err);
/* Open the keyring at path, creating it first if there is no file there. */
ck_rc ck_cred_keyring_open_or_create(ck_cred_keyring **out, const char *path, int64_t now,
                                     ck_err *err);
/* Make a fresh key the active one; the old one is kept as a retired public key. The file is
 * rewritten atomically; on failure the keyring and the file are unchanged. */
ck_rc ck_cred_keyring_rotate(ck_cred_keyring *kr, int64_t now, ck_err *err);
/* Rotation in two steps, so a crash between them cannot lose a key: write a keyring with a
 * fresh active key (the old one retired) to staged, leaving kr's file untouched; *out is that
 * keyring (its path still kr's). Then, once the new key is recorded elsewhere, put it in place
 * with ck_cred_keyring_install(). */
ck_rc ck_cred_keyring_rotate_to(ck_cred_keyring **out, const ck_cred_keyring *kr,
                                const char *staged, int64_t now, ck_err *err);
/* Replace the keyring file path by the staged one (rename, then the folder synced). */
ck_rc ck_cred_keyring_install(const char *staged, const char *path, ck_err *err);
/* The kid of the active key. */
const char *ck_cred_keyring_kid(const ck_cred_keyring *kr);
/* How many keys the keyring holds, the active one included. */
size_t ck_cred_keyring_count(const ck_cred_keyring *kr);
/* Key i (0 is the active key, then retired ones, newest first). */
ck_rc ck_cred_keyring_key(ck_cred_key_info *out, const ck_cred_keyring *kr, size_t i, ck_err *err);
/* The active public key as a JWK JSON text; free() it. */
ck_rc ck_cred_keyring_jwk(char **out, const ck_cred_keyring *kr, ck_err *err);
/* Every public key, retired ones included, as a JWKS JSON text; free() it. */
ck_rc ck_cred_keyring_jwks(char **out, const ck_cred_keyring *kr, ck_err *err);
/* The keyring's public keys as a key set for verifying. */
ck_rc ck_cred_keyring_keyset(ck_cred_keyset **out, const ck_cred_keyring *kr, ck_err *err);
/* Wipe the secret key and free the keyring. NULL is a no-op. */
void ck_cred_keyring_free(ck_cred_keyring *kr);

/* A key set from a JWKS (or a single JWK) JSON text; refuses private keys and foreign kinds. */
ck_rc ck_cred_keyset_from_jwks(ck_cred_keyset **out, const char *json, size_t len, ck_err *err);
/* How many keys the set holds. */
size_t ck_cred_keyset_count(const ck_cred_keyset *ks);
/* Whether the set holds the key with this kid. */
bool ck_cred_keyset_has(const ck_cred_keyset *ks, const char *kid);
/* Free a key set. NULL is a no-op. */
void ck_cred_keyset_free(ck_cred_keyset *ks);

/* The RFC 7638 thumbprint of an Ed25519 public key given as its base64url JWK "x". */
ck_rc ck_cred_jwk_thumbprint(char out[CK_CRED_KID_LEN + 1], const char *x, ck_err *err);

#endif
