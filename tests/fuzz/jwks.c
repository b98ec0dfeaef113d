/* Fuzzing cred/key: any bytes as a pinned key set (JWKS or one JWK) and as a keyring file.
 * A key set that loads holds exactly its keys, each known by its RFC 7638 thumbprint (computed
 * here) and never a private one; a keyring that loads names its keys by their thumbprints,
 * exports a key set that loads with the same keys, and signs what its own keys verify. */
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cred/jws.h"
#include "cred/key.h"
#include "fuzz.h"

const char *const ck_fuzz_known_bugs[] = {NULL};

/* The keys of a JWKS text as the loader should see them: root.keys, or the root as one JWK. */
static json_t *keys_of(json_t *root)
{
    json_t *keys = json_object_get(root, "keys");
    if (keys)
        return json_incref(keys);
    json_t *one = json_array();
    json_array_append(one, root);
    return one;
}

static void check_keyset(const uint8_t *data, size_t size)
{
    ck_cred_keyset *ks = NULL;
    ck_err err = {0};
    if (ck_cred_keyset_from_jwks(&ks, (const char *)data, size, &err) != CK_OK) {
        CK_PROPERTY(ks == NULL && err.msg[0], "a refused key set without a message");
        return;
    }
    json_error_t jerr;
    json_t *root = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, &jerr);
    CK_PROPERTY(json_is_object(root), "a key set loads from text that is not a JSON object");
    json_t *keys = keys_of(root), *k;
    size_t i;
    CK_PROPERTY(json_array_size(keys) == ck_cred_keyset_count(ks), "%zu keys loaded as %zu",
                json_array_size(keys), ck_cred_keyset_count(ks));
    json_array_foreach(keys, i, k)
    {
        const char *x = json_string_value(json_object_get(k, "x"));
        char kid[44];
        CK_PROPERTY(x && strlen(x) == 43, "key %zu loaded without a 43-character \"x\"", i + 1);
        CK_PROPERTY(!json_object_get(k, "d"), "key %zu loaded with its private part", i + 1);
        CK_PROPERTY(strcmp(json_string_value(json_object_get(k, "kty")), "OKP") == 0 &&
                        strcmp(json_string_value(json_object_get(k, "crv")), "Ed25519") == 0,
                    "key %zu loaded though it is no Ed25519 key", i + 1);
        ck_fuzz_thumbprint(kid, x);
        const unsigned char *pk = ck_cred_keyset_find(ks, kid);
        CK_PROPERTY(pk != NULL, "key %zu is not known by its thumbprint %s", i + 1, kid);
        json_t *named = json_object_get(k, "kid");
        CK_PROPERTY(!named || strcmp(json_string_value(named), kid) == 0,
                    "key %zu loaded with the kid \"%s\", not its thumbprint %s", i + 1,
                    json_string_value(named), kid);
        unsigned char raw[40];
        size_t raw_len = 0;
        CK_PROPERTY(sodium_base642bin(raw, sizeof raw, x, 43, NULL, &raw_len, NULL,
                                      sodium_base64_VARIANT_URLSAFE_NO_PADDING) == 0 &&
                        raw_len == 32 && memcmp(raw, pk, 32) == 0,
                    "key %zu's public key is not its \"x\"", i + 1);
    }
    json_decref(keys);
    json_decref(root);
    ck_cred_keyset_free(ks);
}

static void check_keyring(const uint8_t *data, size_t size)
{
    static char path[4200];
    if (!path[0])
        snprintf(path, sizeof path, "%s/keyring.json", ck_fuzz_tmpdir());
    if (!ck_fuzz_write(path, data, size, 0600))
        return;
    ck_cred_keyring *kr = NULL;
    ck_err err = {0};
    if (ck_cred_keyring_open(&kr, path, &err) != CK_OK) {
        CK_PROPERTY(kr == NULL && strstr(err.msg, path), "a refused keyring, message: %s", err.msg);
        return;
    }
    size_t n = ck_cred_keyring_count(kr);
    CK_PROPERTY(n >= 1 && n <= CK_CRED_MAX_KEYS, "a keyring of %zu keys", n);
    ck_cred_keyset *own = NULL, *exported = NULL;
    char *jwks = NULL;
    CK_PROPERTY(ck_cred_keyring_keyset(&own, kr, &err) == CK_OK, "%s", err.msg);
    CK_PROPERTY(ck_cred_keyring_jwks(&jwks, kr, &err) == CK_OK, "%s", err.msg);
    CK_PROPERTY(ck_cred_keyset_from_jwks(&exported, jwks, strlen(jwks), &err) == CK_OK,
                "the keyring's own JWKS does not load: %s", err.msg);
    CK_PROPERTY(ck_cred_keyset_count(exported) == n, "%zu keys exported as %zu", n,
                ck_cred_keyset_count(exported));
    for (size_t i = 0; i < n; i++) {
        ck_cred_key_info info;
        CK_PROPERTY(ck_cred_keyring_key(&info, kr, i, &err) == CK_OK, "%s", err.msg);
        CK_PROPERTY(info.active == (i == 0), "key %zu active: %d", i, info.active);
        CK_PROPERTY(ck_cred_keyset_has(exported, info.kid) && ck_cred_keyset_has(own, info.kid),
                    "key %s is not exported", info.kid);
    }
    /* The file names each key by its thumbprint, the active key first in the export. */
    json_error_t jerr;
    json_t *root = json_loadb(jwks, strlen(jwks), 0, &jerr), *k;
    size_t i;
    json_array_foreach(json_object_get(root, "keys"), i, k)
    {
        char kid[44];
        ck_fuzz_thumbprint(kid, json_string_value(json_object_get(k, "x")));
        CK_PROPERTY(strcmp(kid, json_string_value(json_object_get(k, "kid"))) == 0,
                    "exported key %zu's kid is not its thumbprint", i + 1);
        CK_PROPERTY(i != 0 || strcmp(kid, ck_cred_keyring_kid(kr)) == 0,
                    "the active key is not exported first");
    }
    json_decref(root);

    char *jws = NULL;
    static const char header_fmt[] = "{\"alg\":\"EdDSA\",\"kid\":\"%s\"}";
    char header[128];
    snprintf(header, sizeof header, header_fmt, ck_cred_keyring_kid(kr));
    CK_PROPERTY(ck_cred_jws_sign(&jws, kr, header, "{}", 2, &err) == CK_OK, "%s", err.msg);
    ck_cred_jws_opened o;
    CK_PROPERTY(ck_cred_jws_open(&o, jws, strlen(jws), exported, CK_CRED_JWS_TOKEN, &err) ==
                        CK_OK &&
                    o.status == CK_CRED_VALID,
                "what the keyring signs does not verify with its own keys: %s", o.reason);
    ck_cred_jws_opened_clear(&o);
    free(jws);
    free(jwks);
    ck_cred_keyset_free(own);
    ck_cred_keyset_free(exported);
    ck_cred_keyring_free(kr);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    check_keyset(data, size);
    check_keyring(data, size);
    return 0;
}
