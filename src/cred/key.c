/* The keyring file (active Ed25519 key + retired public keys) and pinned verification key sets. */
#include "cred/key.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/file.h"
#include "common/mem.h"
#include "cred/jws.h"

#define KEYRING_FORMAT 1
#define KEYRING_MAX_BYTES (1024 * 1024)
#define JWKS_MAX_BYTES (1024 * 1024)
#define X_LEN 43 /* base64url of 32 bytes */

/* One public key and what is known about it. */
typedef struct cred_key {
    unsigned char pk[CK_CRED_PK_BYTES];
    char x[X_LEN + 1];
    char kid[CK_CRED_KID_LEN + 1];
    int64_t created, retired;
} cred_key;

struct ck_cred_keyring {
    char *path;
    unsigned char sk[CK_CRED_SK_BYTES]; /* of keys[0], the active key; locked in memory */
    size_t n;
    cred_key *keys; /* keys[0] active, then retired ones, newest first */
};

struct ck_cred_keyset {
    size_t n;
    cred_key *keys;
};

/* Fill k's x and kid from k->pk. */
static ck_rc key_names(cred_key *k, ck_err *err)
{
    char *x = ck_cred_b64url_encode(k->pk, sizeof k->pk);
    if (!x)
        return ck_err_set(err, CK_ENOMEM, "out of memory while naming a key");
    memcpy(k->x, x, X_LEN + 1);
    free(x);
    return ck_cred_jwk_thumbprint(k->kid, k->x, err);
}

ck_rc ck_cred_jwk_thumbprint(char out[CK_CRED_KID_LEN + 1], const char *x, ck_err *err)
{
    unsigned char *pk = NULL, digest[crypto_hash_sha256_BYTES];
    size_t pk_len = 0;
    char input[96];
    out[0] = '\0';
    if (!x || strlen(x) != X_LEN || !ck_cred_b64url_decode(&pk, &pk_len, x, X_LEN, 64) ||
        pk_len != CK_CRED_PK_BYTES) {
        free(pk);
        return ck_err_set(err, CK_EINVAL,
                          "the key \"x\" is not a 32-byte Ed25519 public key in base64url "
                          "(43 characters)");
    }
    free(pk);
    /* RFC 7638: the required members only, in lexicographic order, no white space. */
    int n = snprintf(input, sizeof input, "{\"crv\":\"Ed25519\",\"kty\":\"OKP\",\"x\":\"%s\"}", x);
    crypto_hash_sha256(digest, (const unsigned char *)input, (unsigned long long)n);
    char *kid = ck_cred_b64url_encode(digest, sizeof digest);
    if (!kid)
        return ck_err_set(err, CK_ENOMEM, "out of memory while computing a key thumbprint");
    memcpy(out, kid, CK_CRED_KID_LEN + 1);
    free(kid);
    return CK_OK;
}

/* The public key bytes of an "x" that ck_cred_jwk_thumbprint() has already checked; false
 * only through a bug, since the check decoded the same text. */
static bool decode_x(unsigned char pk[CK_CRED_PK_BYTES], const char *x)
{
    size_t n = 0;
    return sodium_base642bin(pk, CK_CRED_PK_BYTES, x, X_LEN, NULL, &n, NULL,
                             sodium_base64_VARIANT_URLSAFE_NO_PADDING) == 0 &&
           n == CK_CRED_PK_BYTES;
}

/* ---- keyring file ---- */

static ck_rc keyring_alloc(ck_cred_keyring **out, const char *path, size_t n, ck_err *err)
{
    ck_cred_keyring *kr = calloc(1, sizeof *kr);
    if (kr) {
        kr->path = strdup(path);
        kr->keys = calloc(n, sizeof *kr->keys);
        kr->n = n;
    }
    if (!kr || !kr->path || !kr->keys) {
        ck_cred_keyring_free(kr);
        return ck_err_set(err, CK_ENOMEM, "out of memory while opening keyring %s", path);
    }
    sodium_mlock(kr->sk, sizeof kr->sk); /* best effort: keep the key out of swap */
    *out = kr;
    return CK_OK;
}

void ck_cred_keyring_free(ck_cred_keyring *kr)
{
    if (!kr)
        return;
    sodium_munlock(kr->sk, sizeof kr->sk); /* also wipes it */
    ck_wipe(kr->sk, sizeof kr->sk);
    free(kr->keys);
    free(kr->path);
    free(kr);
}

/* The file text: the active key with its seed "d", retired keys without. Wipe it after use. */
static char *keyring_text(const cred_key *keys, size_t n, const unsigned char *sk, size_t *len)
{
    size_t cap = 128 + n * 320, used = 0;
    char *buf = malloc(cap);
    char d[X_LEN + 1];
    if (!buf)
        return NULL;
    /* libsodium's secret key begins with the 32-byte seed, which is the JWK "d". */
    sodium_bin2base64(d, sizeof d, sk, 32, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    used += (size_t)snprintf(buf + used, cap - used,
                             "{\n  \"classkiosk_keyring\": %d,\n  \"keys\": [\n", KEYRING_FORMAT);
    for (size_t i = 0; i < n; i++) {
        const cred_key *k = &keys[i];
        used += (size_t)snprintf(buf + used, cap - used,
                                 "    {\"kid\": \"%s\", \"kty\": \"OKP\", \"crv\": \"Ed25519\", "
                                 "\"x\": \"%s\", ",
                                 k->kid, k->x);
        if (i == 0)
            used += (size_t)snprintf(buf + used, cap - used, "\"d\": \"%s\", \"created\": %lld}", d,
                                     (long long)k->created);
        else
            used +=
                (size_t)snprintf(buf + used, cap - used, "\"created\": %lld, \"retired\": %lld}",
                                 (long long)k->created, (long long)k->retired);
        used += (size_t)snprintf(buf + used, cap - used, "%s\n", i + 1 < n ? "," : "");
    }
    used += (size_t)snprintf(buf + used, cap - used, "  ]\n}\n");
    ck_wipe(d, sizeof d);
    *len = used;
    return buf;
}

/* Save keys (keys[0] active with secret sk) to path. */
static ck_rc keyring_save(const char *path, const cred_key *keys, size_t n, const unsigned char *sk,
                          bool exclusive, ck_err *err)
{
    size_t len = 0;
    char *text = keyring_text(keys, n, sk, &len);
    if (!text)
        return ck_err_set(err, CK_ENOMEM, "out of memory while saving keyring %s", path);
    ck_file_staged f;
    ck_rc rc = ck_file_stage(&f, path, text, len, 0600, "keyring", err);
    if (rc == CK_OK)
        rc = ck_file_commit(&f, exclusive, err);
    ck_wipe(text, len);
    free(text);
    return rc;
}

/* A fresh key pair: public part in k, secret in sk. */
static ck_rc new_key(cred_key *k, unsigned char sk[CK_CRED_SK_BYTES], int64_t now, ck_err *err)
{
    memset(k, 0, sizeof *k);
    crypto_sign_keypair(k->pk, sk);
    k->created = now;
    return key_names(k, err);
}

ck_rc ck_cred_keyring_create(ck_cred_keyring **out, const char *path, int64_t now, ck_err *err)
{
    ck_cred_keyring *kr = NULL;
    ck_rc rc;
    *out = NULL;
    if (!path || !*path)
        return ck_err_set(err, CK_EINVAL, "no keyring path given; name the file to create");
    if ((rc = ck_cred_sodium_ready(err)) != CK_OK)
        return rc;
    if ((rc = keyring_alloc(&kr, path, 1, err)) != CK_OK)
        return rc;
    if ((rc = new_key(&kr->keys[0], kr->sk, now, err)) != CK_OK)
        goto cleanup;
    if ((rc = keyring_save(path, kr->keys, 1, kr->sk, true, err)) != CK_OK)
        goto cleanup;
    *out = kr;
    kr = NULL;
cleanup:
    ck_cred_keyring_free(kr);
    return rc;
}

/* An integer member of obj, or false. */
static bool get_int(int64_t *out, json_t *obj, const char *name)
{
    json_t *v = json_object_get(obj, name);
    if (!json_is_integer(v))
        return false;
    *out = (int64_t)json_integer_value(v);
    return true;
}

/* Wipe the characters of a jansson string that held a secret, before it is freed. */
static void wipe_json_string(json_t *s)
{
    if (json_is_string(s))
        ck_wipe((char *)json_string_value(s), json_string_length(s));
}

static int by_retired_desc(const void *a, const void *b)
{
    const cred_key *x = a, *y = b;
    if (x->retired != y->retired)
        return x->retired < y->retired ? 1 : -1;
    return x->created < y->created ? 1 : x->created > y->created ? -1 : 0;
}

/* Read one key entry i of the file into k; a seed "d" goes to seed. */
static ck_rc parse_entry(cred_key *k, unsigned char seed[32], bool *has_seed, json_t *e, size_t i,
                         const char *path, ck_err *err)
{
    unsigned char *bin = NULL;
    size_t bin_len = 0;
    json_t *x = json_object_get(e, "x"), *kid = json_object_get(e, "kid");
    json_t *d = json_object_get(e, "d");
    char want[CK_CRED_KID_LEN + 1];
    ck_rc rc = CK_OK;

    memset(k, 0, sizeof *k);
    *has_seed = false;
    if (!json_is_object(e) || !json_is_string(x) || json_string_length(x) != X_LEN)
        return ck_err_set(err, CK_EINVAL,
                          "keyring %s: key %zu has no valid \"x\"; restore "
                          "the file from a backup",
                          path, i + 1);
    if (ck_cred_jwk_thumbprint(want, json_string_value(x), err) != CK_OK)
        return ck_err_prefix(err, "keyring %s: key %zu: ", path, i + 1);
    if (!json_is_string(kid) || strcmp(json_string_value(kid), want) != 0)
        return ck_err_set(err, CK_EINVAL,
                          "keyring %s: key %zu's \"kid\" is not its thumbprint %s; the file was "
                          "edited: restore it from a backup",
                          path, i + 1, want);
    memcpy(k->x, json_string_value(x), X_LEN + 1);
    memcpy(k->kid, want, sizeof want);
    if (!ck_assert(decode_x(k->pk, k->x)))
        return ck_err_set(err, CK_EINTERNAL,
                          "keyring %s: key %zu's \"x\" passed its check but "
                          "does not decode",
                          path, i + 1);
    if (!get_int(&k->created, e, "created"))
        return ck_err_set(err, CK_EINVAL, "keyring %s: key %zu has no integer \"created\"", path,
                          i + 1);
    json_t *retired = json_object_get(e, "retired");
    if (retired && !get_int(&k->retired, e, "retired"))
        return ck_err_set(err, CK_EINVAL, "keyring %s: key %zu's \"retired\" is not an integer",
                          path, i + 1);
    if (d) {
        if (retired)
            return ck_err_set(err, CK_EINVAL,
                              "keyring %s: retired key %zu still holds its private part \"d\"; "
                              "restore the file from a backup",
                              path, i + 1);
        if (!json_is_string(d) ||
            !ck_cred_b64url_decode(&bin, &bin_len, json_string_value(d), json_string_length(d),
                                   32) ||
            bin_len != 32) {
            rc = ck_err_set(err, CK_EINVAL,
                            "keyring %s: key %zu's \"d\" is not a 32-byte seed in base64url", path,
                            i + 1);
            goto cleanup;
        }
        memcpy(seed, bin, 32);
        *has_seed = true;
    } else if (!retired) {
        return ck_err_set(err, CK_EINVAL,
                          "keyring %s: key %zu is neither active (no \"d\") nor retired; restore "
                          "the file from a backup",
                          path, i + 1);
    }
cleanup:
    if (bin) {
        ck_wipe(bin, bin_len);
        free(bin);
    }
    return rc;
}

static ck_rc keyring_parse(ck_cred_keyring **out, const char *path, const char *text, size_t len,
                           ck_err *err)
{
    ck_cred_keyring *kr = NULL;
    json_error_t jerr;
    json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
    unsigned char seed[32], pk[CK_CRED_PK_BYTES];
    int64_t format = 0;
    size_t active = SIZE_MAX, at = 1;
    ck_rc rc = CK_OK;

    *out = NULL;
    if (!root || !json_is_object(root)) {
        rc = ck_err_set(err, CK_EINVAL, "keyring %s is not a JSON object (line %d: %s)", path,
                        jerr.line, root ? CK_MSG_PHRASE(N_("not an object")) : jerr.text);
        goto cleanup;
    }
    if (!get_int(&format, root, "classkiosk_keyring")) {
        rc = ck_err_set(err, CK_EINVAL, "%s is not a classkiosk keyring", path);
        goto cleanup;
    }
    if (format != KEYRING_FORMAT) {
        rc = ck_err_set(err, CK_EVERSION,
                        "keyring %s has format %lld; this classkiosk reads format %d", path,
                        (long long)format, KEYRING_FORMAT);
        goto cleanup;
    }
    json_t *keys = json_object_get(root, "keys");
    size_t n = json_array_size(keys);
    if (!json_is_array(keys) || n == 0 || n > CK_CRED_MAX_KEYS) {
        rc = ck_err_set(err, CK_EINVAL, "keyring %s has no \"keys\" list of 1 to %d keys", path,
                        CK_CRED_MAX_KEYS);
        goto cleanup;
    }
    if ((rc = keyring_alloc(&kr, path, n, err)) != CK_OK)
        goto cleanup;
    for (size_t i = 0; i < n; i++) {
        cred_key k;
        bool has_seed = false;
        json_t *e = json_array_get(keys, i);
        rc = parse_entry(&k, seed, &has_seed, e, i, path, err);
        wipe_json_string(json_object_get(e, "d"));
        if (rc != CK_OK)
            goto cleanup;
        if (has_seed) {
            if (active != SIZE_MAX) {
                rc = ck_err_set(err, CK_EINVAL,
                                "keyring %s has two active keys (%zu and %zu); restore it from "
                                "a backup",
                                path, active + 1, i + 1);
                goto cleanup;
            }
            active = i;
            crypto_sign_seed_keypair(pk, kr->sk, seed);
            if (sodium_memcmp(pk, k.pk, sizeof pk) != 0) {
                rc = ck_err_set(err, CK_EINVAL,
                                "keyring %s: key %zu's private part does not belong to its "
                                "public key \"x\"; restore the file from a backup",
                                path, i + 1);
                goto cleanup;
            }
            kr->keys[0] = k;
        } else {
            if (at == n) {
                rc = ck_err_set(err, CK_EINVAL, "keyring %s has no active key", path);
                goto cleanup;
            }
            kr->keys[at++] = k;
        }
    }
    if (active == SIZE_MAX) {
        rc = ck_err_set(err, CK_EINVAL,
                        "keyring %s has no active key (no key with \"d\"); restore it from a "
                        "backup",
                        path);
        goto cleanup;
    }
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            if (strcmp(kr->keys[i].kid, kr->keys[j].kid) == 0) {
                rc = ck_err_set(err, CK_EINVAL, "keyring %s lists key %s twice", path,
                                kr->keys[i].kid);
                goto cleanup;
            }
    qsort(kr->keys + 1, n - 1, sizeof *kr->keys, by_retired_desc);
    *out = kr;
    kr = NULL;
cleanup:
    ck_wipe(seed, sizeof seed);
    ck_cred_keyring_free(kr);
    json_decref(root);
    return rc;
}

ck_rc ck_cred_keyring_open(ck_cred_keyring **out, const char *path, ck_err *err)
{
    char *text = NULL;
    size_t len = 0;
    ck_rc rc;
    *out = NULL;
    if (!path || !*path)
        return ck_err_set(err, CK_EINVAL, "no keyring path given; name the keyring file");
    if ((rc = ck_cred_sodium_ready(err)) != CK_OK)
        return rc;
    if ((rc = ck_file_read_secret(&text, &len, path, KEYRING_MAX_BYTES, "keyring", err)) != CK_OK)
        return rc;
    rc = keyring_parse(out, path, text, len, err);
    ck_wipe(text, len);
    free(text);
    return rc;
}

ck_rc ck_cred_keyring_open_or_create(ck_cred_keyring **out, const char *path, int64_t now,
                                     ck_err *err)
{
    ck_rc rc = ck_cred_keyring_open(out, path, err);
    if (rc != CK_ENOTFOUND)
        return rc;
    rc = ck_cred_keyring_create(out, path, now, err);
    if (rc == CK_ESTATE) /* another process created it meanwhile */
        rc = ck_cred_keyring_open(out, path, err);
    return rc;
}

ck_rc ck_cred_keyring_rotate(ck_cred_keyring *kr, int64_t now, ck_err *err)
{
    /* The rotated keyring written straight over the file; kr then takes its keys. */
    ck_cred_keyring *next = NULL;
    ck_rc rc = ck_cred_keyring_rotate_to(&next, kr, kr ? kr->path : NULL, now, err);
    if (rc != CK_OK)
        return rc;
    memcpy(kr->sk, next->sk, sizeof kr->sk); /* the old secret is overwritten */
    cred_key *old = kr->keys;
    kr->keys = next->keys;
    kr->n = next->n;
    next->keys = old;
    ck_cred_keyring_free(next);
    return CK_OK;
}

ck_rc ck_cred_keyring_rotate_to(ck_cred_keyring **out, const ck_cred_keyring *kr,
                                const char *staged, int64_t now, ck_err *err)
{
    ck_cred_keyring *next = NULL;
    ck_rc rc;
    *out = NULL;
    if (!kr || !staged)
        return ck_err_set(err, CK_EINVAL, "no keyring given to rotate");
    if (kr->n >= CK_CRED_MAX_KEYS)
        return ck_err_set(err, CK_ESTATE,
                          "keyring %s already holds %d keys; archive it and start a new one",
                          kr->path, CK_CRED_MAX_KEYS);
    if (now < kr->keys[0].created)
        return ck_err_set(err, CK_EINVAL,
                          "the time given (%lld) is before the active key was created (%lld); "
                          "check the clock",
                          (long long)now, (long long)kr->keys[0].created);
    if ((rc = keyring_alloc(&next, kr->path, kr->n + 1, err)) != CK_OK)
        return rc;
    if ((rc = new_key(&next->keys[0], next->sk, now, err)) != CK_OK)
        goto cleanup;
    memcpy(next->keys + 1, kr->keys, kr->n * sizeof *kr->keys);
    next->keys[1].retired = now;
    if ((rc = keyring_save(staged, next->keys, next->n, next->sk, false, err)) != CK_OK)
        goto cleanup;
    *out = next;
    next = NULL;
cleanup:
    ck_cred_keyring_free(next);
    return rc;
}

ck_rc ck_cred_keyring_install(const char *staged, const char *path, ck_err *err)
{
    /* On failure the staged keyring stays, for the next start to put in place. */
    return ck_file_move(staged, path, "keyring", err);
}

const char *ck_cred_keyring_kid(const ck_cred_keyring *kr)
{
    return kr ? kr->keys[0].kid : "";
}

size_t ck_cred_keyring_count(const ck_cred_keyring *kr)
{
    return kr ? kr->n : 0;
}

ck_rc ck_cred_keyring_key(ck_cred_key_info *out, const ck_cred_keyring *kr, size_t i, ck_err *err)
{
    memset(out, 0, sizeof *out);
    if (!kr || i >= kr->n)
        return ck_err_set(err, CK_ENOTFOUND, "the keyring has %zu key(s); there is no key %zu",
                          kr ? kr->n : 0, i);
    memcpy(out->kid, kr->keys[i].kid, sizeof out->kid);
    memcpy(out->x, kr->keys[i].x, sizeof out->x);
    out->active = i == 0;
    out->created = kr->keys[i].created;
    out->retired = i == 0 ? 0 : kr->keys[i].retired;
    return CK_OK;
}

const unsigned char *ck_cred_keyring_secret(const ck_cred_keyring *kr)
{
    return kr->sk;
}

/* The public JWK of k as a jansson object. */
static json_t *jwk_json(const cred_key *k)
{
    json_t *o = json_object();
    if (!o)
        return NULL;
    if (json_object_set_new(o, "kty", json_string("OKP")) ||
        json_object_set_new(o, "crv", json_string("Ed25519")) ||
        json_object_set_new(o, "x", json_string(k->x)) ||
        json_object_set_new(o, "kid", json_string(k->kid)) ||
        json_object_set_new(o, "use", json_string("sig")) ||
        json_object_set_new(o, "alg", json_string("EdDSA"))) {
        json_decref(o);
        return NULL;
    }
    return o;
}

ck_rc ck_cred_keyring_jwk(char **out, const ck_cred_keyring *kr, ck_err *err)
{
    *out = NULL;
    if (!kr)
        return ck_err_set(err, CK_EINVAL, "no keyring given to export");
    json_t *o = jwk_json(&kr->keys[0]);
    *out = o ? json_dumps(o, JSON_COMPACT) : NULL;
    json_decref(o);
    return *out ? CK_OK : ck_err_set(err, CK_ENOMEM, "out of memory while exporting a key");
}

static ck_rc jwks_text(char **out, const cred_key *keys, size_t n, ck_err *err)
{
    json_t *root = json_object(), *arr = json_array();
    *out = NULL;
    if (!root || !arr || json_object_set(root, "keys", arr) != 0)
        goto cleanup;
    for (size_t i = 0; i < n; i++)
        if (json_array_append_new(arr, jwk_json(&keys[i])) != 0)
            goto cleanup;
    *out = json_dumps(root, JSON_INDENT(2));
cleanup:
    json_decref(arr);
    json_decref(root);
    return *out ? CK_OK : ck_err_set(err, CK_ENOMEM, "out of memory while exporting keys");
}

ck_rc ck_cred_keyring_jwks(char **out, const ck_cred_keyring *kr, ck_err *err)
{
    *out = NULL;
    if (!kr)
        return ck_err_set(err, CK_EINVAL, "no keyring given to export");
    return jwks_text(out, kr->keys, kr->n, err);
}

/* ---- verification key sets ---- */

ck_rc ck_cred_keyring_keyset(ck_cred_keyset **out, const ck_cred_keyring *kr, ck_err *err)
{
    *out = NULL;
    if (!kr)
        return ck_err_set(err, CK_EINVAL, "no keyring given to take keys from");
    ck_cred_keyset *ks = calloc(1, sizeof *ks);
    if (ks)
        ks->keys = calloc(kr->n, sizeof *ks->keys);
    if (!ks || !ks->keys) {
        ck_cred_keyset_free(ks);
        return ck_err_set(err, CK_ENOMEM, "out of memory while copying keys");
    }
    memcpy(ks->keys, kr->keys, kr->n * sizeof *ks->keys);
    ks->n = kr->n;
    *out = ks;
    return CK_OK;
}

/* Read one JWK (entry i of a set) into k. */
static ck_rc parse_jwk(cred_key *k, json_t *o, size_t i, ck_err *err)
{
    memset(k, 0, sizeof *k);
    if (!json_is_object(o))
        return ck_err_set(err, CK_EINVAL, "key %zu is not a JSON object", i + 1);
    json_t *kty = json_object_get(o, "kty"), *crv = json_object_get(o, "crv");
    json_t *x = json_object_get(o, "x"), *kid = json_object_get(o, "kid");
    json_t *alg = json_object_get(o, "alg"), *use = json_object_get(o, "use");
    if (json_object_get(o, "d"))
        return ck_err_set(err, CK_EINVAL,
                          "key %zu holds a private key (\"d\"); pin only the public key set "
                          "(JWKS) exported from the station, and keep the keyring secret",
                          i + 1);
    if (!json_is_string(kty) || strcmp(json_string_value(kty), "OKP") != 0 ||
        !json_is_string(crv) || strcmp(json_string_value(crv), "Ed25519") != 0)
        return ck_err_set(err, CK_EINVAL,
                          "key %zu is not an Ed25519 key (needs \"kty\":\"OKP\" and "
                          "\"crv\":\"Ed25519\")",
                          i + 1);
    if (alg && (!json_is_string(alg) || strcmp(json_string_value(alg), "EdDSA") != 0))
        return ck_err_set(err, CK_EINVAL, "key %zu is for an algorithm other than EdDSA", i + 1);
    if (use && (!json_is_string(use) || strcmp(json_string_value(use), "sig") != 0))
        return ck_err_set(err, CK_EINVAL, "key %zu is not a signature key (\"use\":\"sig\")",
                          i + 1);
    if (!json_is_string(x) || json_string_length(x) != X_LEN)
        return ck_err_set(err, CK_EINVAL,
                          "key %zu has no \"x\" of 43 base64url characters (32 bytes)", i + 1);
    memcpy(k->x, json_string_value(x), X_LEN + 1);
    if (ck_cred_jwk_thumbprint(k->kid, k->x, err) != CK_OK)
        return ck_err_prefix(err, "key %zu: ", i + 1);
    if (kid && (!json_is_string(kid) || strcmp(json_string_value(kid), k->kid) != 0))
        return ck_err_set(err, CK_EINVAL,
                          "key %zu's \"kid\" is not its RFC 7638 thumbprint %s; the key set was "
                          "altered: get it again from the issuer",
                          i + 1, k->kid);
    if (!ck_assert(decode_x(k->pk, k->x)))
        return ck_err_set(err, CK_EINTERNAL,
                          "key %zu's \"x\" passed its check but does not "
                          "decode",
                          i + 1);
    return CK_OK;
}

ck_rc ck_cred_keyset_from_jwks(ck_cred_keyset **out, const char *json, size_t len, ck_err *err)
{
    json_error_t jerr;
    json_t *root = NULL, *list = NULL;
    ck_cred_keyset *ks = NULL;
    ck_rc rc = CK_OK;
    *out = NULL;
    if (!json || len == 0)
        return ck_err_set(err, CK_EINVAL, "the key set is empty; give the issuer's JWKS");
    if (len > JWKS_MAX_BYTES)
        return ck_err_set(err, CK_EINVAL, "the key set is %zu bytes, more than %d", len,
                          JWKS_MAX_BYTES);
    root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!root || !json_is_object(root)) {
        rc = ck_err_set(err, CK_EINVAL,
                        "the key set is not a JSON object (line %d: %s); give the issuer's JWKS",
                        jerr.line, root ? CK_MSG_PHRASE(N_("not an object")) : jerr.text);
        goto cleanup;
    }
    if (json_object_get(root, "keys")) {
        list = json_incref(json_object_get(root, "keys"));
    } else if (json_object_get(root, "kty")) {
        list = json_array(); /* a single JWK: a set of one */
        if (!list || json_array_append(list, root) != 0) {
            rc = ck_err_set(err, CK_ENOMEM, "out of memory while reading a key set");
            goto cleanup;
        }
    }
    size_t n = json_array_size(list);
    if (!json_is_array(list) || n == 0 || n > CK_CRED_MAX_KEYS) {
        rc = ck_err_set(err, CK_EINVAL,
                        "the key set has no \"keys\" list of 1 to %d keys; give the issuer's "
                        "JWKS",
                        CK_CRED_MAX_KEYS);
        goto cleanup;
    }
    ks = calloc(1, sizeof *ks);
    if (ks)
        ks->keys = calloc(n, sizeof *ks->keys);
    if (!ks || !ks->keys) {
        rc = ck_err_set(err, CK_ENOMEM, "out of memory while reading a key set");
        goto cleanup;
    }
    for (size_t i = 0; i < n; i++) {
        if ((rc = parse_jwk(&ks->keys[i], json_array_get(list, i), i, err)) != CK_OK) {
            ck_err_prefix(err, "key set: ");
            goto cleanup;
        }
        for (size_t j = 0; j < i; j++)
            if (strcmp(ks->keys[j].kid, ks->keys[i].kid) == 0) {
                rc = ck_err_set(err, CK_EINVAL, "key set: keys %zu and %zu are the same key", j + 1,
                                i + 1);
                goto cleanup;
            }
        ks->n = i + 1;
    }
    *out = ks;
    ks = NULL;
cleanup:
    ck_cred_keyset_free(ks);
    json_decref(list);
    json_decref(root);
    return rc;
}

size_t ck_cred_keyset_count(const ck_cred_keyset *ks)
{
    return ks ? ks->n : 0;
}

const unsigned char *ck_cred_keyset_find(const ck_cred_keyset *ks, const char *kid)
{
    if (!ks || !kid)
        return NULL;
    for (size_t i = 0; i < ks->n; i++)
        if (strcmp(ks->keys[i].kid, kid) == 0)
            return ks->keys[i].pk;
    return NULL;
}

bool ck_cred_keyset_has(const ck_cred_keyset *ks, const char *kid)
{
    return ck_cred_keyset_find(ks, kid) != NULL;
}

void ck_cred_keyset_free(ck_cred_keyset *ks)
{
    if (!ks)
        return;
    free(ks->keys);
    free(ks);
}
