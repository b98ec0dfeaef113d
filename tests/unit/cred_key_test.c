/* Keyring file, JWK/JWKS export, pinned key sets, RFC 8037 vectors: cred/key.h. */
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "ck_test.h"
#include "cred/jws.h"
#include "cred/key.h"

#define T0 1741700000 /* 2025-03-11 */

static int count_of(const char *hay, const char *needle)
{
    int n = 0;
    for (const char *p = hay; (p = strstr(p, needle)) != NULL; p++)
        n++;
    return n;
}

static mode_t mode_of(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? st.st_mode & 07777 : (mode_t)-1;
}

static void write_private(const char *path, const char *text)
{
    CK_CHECK(ck_test_write_file(path, text));
    CK_CHECK(chmod(path, 0600) == 0);
}

/* RFC 8037 appendix A.3: the thumbprint of the example Ed25519 key. */
static void thumbprint_rfc8037(void)
{
    char kid[CK_CRED_KID_LEN + 1];
    ck_err err = {0};
    CK_CHECK_INT(ck_cred_jwk_thumbprint(kid, "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo", &err),
                 CK_OK);
    CK_CHECK_STR(kid, "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k");
    /* One character off gives another thumbprint; a bad x gives an error, also one whose
     * unused last bits are set. */
    CK_CHECK_INT(ck_cred_jwk_thumbprint(kid, "21qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo", &err),
                 CK_OK);
    CK_CHECK(strcmp(kid, "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k") != 0);
    CK_CHECK_INT(ck_cred_jwk_thumbprint(kid, "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHUR", &err),
                 CK_EINVAL);
    CK_CHECK_CONTAINS(err.msg, "43 characters");
    CK_CHECK_INT(ck_cred_jwk_thumbprint(kid, "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURp", &err),
                 CK_EINVAL);
    CK_CHECK_INT(ck_cred_jwk_thumbprint(kid, "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHUR+", &err),
                 CK_EINVAL);
    CK_CHECK_INT(ck_cred_jwk_thumbprint(kid, NULL, &err), CK_EINVAL);
}

/* RFC 8037 appendix A.4: the signature of "Example of Ed25519 signing" is reproduced exactly,
 * and A.5: it verifies. */
static void signature_rfc8037(void)
{
    unsigned char *seed = NULL, pk[32], sk[64];
    size_t seed_len = 0;
    char *jws = NULL, *x = NULL;
    ck_err err = {0};
    CK_CHECK(ck_cred_b64url_decode(&seed, &seed_len, "nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A",
                                   43, 32));
    CK_CHECK_INT(seed_len, 32);
    if (!seed)
        return;
    crypto_sign_seed_keypair(pk, sk, seed);
    x = ck_cred_b64url_encode(pk, sizeof pk);
    CK_CHECK_STR(x, "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo");
    const char *payload = "Example of Ed25519 signing";
    CK_CHECK_INT(
        ck_cred_jws_sign_raw(&jws, sk, "{\"alg\":\"EdDSA\"}", payload, strlen(payload), &err),
        CK_OK);
    CK_CHECK_STR(jws, "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc."
                      "hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVv"
                      "pAr_MuM0KAg");
    if (jws) {
        unsigned char *sig = NULL;
        size_t sig_len = 0;
        const char *dot = strrchr(jws, '.');
        CK_CHECK(ck_cred_b64url_decode(&sig, &sig_len, dot + 1, strlen(dot + 1), 64));
        CK_CHECK_INT(sig_len, 64);
        CK_CHECK(sig && crypto_sign_verify_detached(sig, (const unsigned char *)jws,
                                                    (size_t)(dot - jws), pk) == 0);
        free(sig);
    }
    free(jws);
    free(x);
    free(seed);
}

/* base64url: only canonical, unpadded text decodes. */
static void base64url_canonical(void)
{
    unsigned char *bin = NULL;
    size_t n = 0;
    CK_CHECK(ck_cred_b64url_decode(&bin, &n, "QQ", 2, 8) && n == 1 && bin[0] == 'A');
    free(bin);
    CK_CHECK(!ck_cred_b64url_decode(&bin, &n, "QR", 2, 8)); /* non-zero unused bits */
    CK_CHECK(!ck_cred_b64url_decode(&bin, &n, "QQ==", 4, 8));
    CK_CHECK(!ck_cred_b64url_decode(&bin, &n, "Q", 1, 8));
    CK_CHECK(!ck_cred_b64url_decode(&bin, &n, "Q+/A", 4, 8));
    CK_CHECK(!ck_cred_b64url_decode(&bin, &n, "QUFB QQ", 7, 8));
    CK_CHECK(!ck_cred_b64url_decode(&bin, &n, "QUFBQUFB", 8, 5)); /* longer than max */
    CK_CHECK(ck_cred_b64url_decode(&bin, &n, "", 0, 8) && n == 0);
    free(bin);
}

static void create_open(void)
{
    ck_cred_keyring *kr = NULL, *again = NULL;
    ck_err err = {0};
    const char *path = ck_test_path("keys.json");
    CK_CHECK_INT(ck_cred_keyring_create(&kr, path, T0, &err), CK_OK);
    CK_CHECK(kr != NULL);
    if (!kr)
        return;
    CK_CHECK_INT(mode_of(path), 0600);
    CK_CHECK_INT(strlen(ck_cred_keyring_kid(kr)), CK_CRED_KID_LEN);
    CK_CHECK_INT(ck_cred_keyring_count(kr), 1);
    ck_cred_key_info info;
    CK_CHECK_INT(ck_cred_keyring_key(&info, kr, 0, &err), CK_OK);
    CK_CHECK(info.active);
    CK_CHECK_INT(info.created, T0);
    CK_CHECK_STR(info.kid, ck_cred_keyring_kid(kr));
    CK_CHECK_INT(ck_cred_keyring_key(&info, kr, 1, &err), CK_ENOTFOUND);

    /* The file holds the seed once, and the kid is the thumbprint of x. */
    char *text = ck_test_read_file(path, NULL);
    CK_CHECK_INT(count_of(text, "\"d\""), 1);
    json_t *root = json_loads(text, 0, NULL);
    json_t *k0 = json_array_get(json_object_get(root, "keys"), 0);
    char kid[CK_CRED_KID_LEN + 1];
    CK_CHECK_INT(ck_cred_jwk_thumbprint(kid, json_string_value(json_object_get(k0, "x")), &err),
                 CK_OK);
    CK_CHECK_STR(kid, ck_cred_keyring_kid(kr));
    json_decref(root);
    free(text);

    /* Opening gives the same key; creating again is refused and changes nothing. */
    CK_CHECK_INT(ck_cred_keyring_open(&again, path, &err), CK_OK);
    CK_CHECK_STR(ck_cred_keyring_kid(again), ck_cred_keyring_kid(kr));
    ck_cred_keyring_free(again);
    again = NULL;
    CK_CHECK_INT(ck_cred_keyring_create(&again, path, T0, &err), CK_ESTATE);
    CK_CHECK(again == NULL);
    CK_CHECK_CONTAINS(err.msg, "already exists");
    CK_CHECK_INT(ck_cred_keyring_open(&again, path, &err), CK_OK);
    CK_CHECK_STR(ck_cred_keyring_kid(again), ck_cred_keyring_kid(kr));
    ck_cred_keyring_free(again);

    CK_CHECK_INT(ck_cred_keyring_open(&again, ck_test_path("missing.json"), &err), CK_ENOTFOUND);
    CK_CHECK_CONTAINS(err.msg, "missing.json");
    CK_CHECK_INT(ck_cred_keyring_create(&again, ck_test_path("no/such/dir/k.json"), T0, &err),
                 CK_EIO);
    CK_CHECK_INT(ck_cred_keyring_open(&again, "", &err), CK_EINVAL);
    ck_cred_keyring_free(kr);
    ck_cred_keyring_free(NULL);
}

static void open_or_create(void)
{
    ck_cred_keyring *a = NULL, *b = NULL;
    ck_err err = {0};
    const char *path = ck_test_path("keys.json");
    CK_CHECK_INT(ck_cred_keyring_open_or_create(&a, path, T0, &err), CK_OK);
    CK_CHECK_INT(ck_cred_keyring_open_or_create(&b, path, T0 + 5, &err), CK_OK);
    if (a && b)
        CK_CHECK_STR(ck_cred_keyring_kid(a), ck_cred_keyring_kid(b));
    ck_cred_keyring_free(a);
    ck_cred_keyring_free(b);
}

/* A keyring others can read is refused with the fix; after chmod 600 it opens. */
static void mode_refused(void)
{
    ck_cred_keyring *kr = NULL;
    ck_err err = {0};
    const char *path = ck_test_path("keys.json");
    CK_CHECK_INT(ck_cred_keyring_create(&kr, path, T0, &err), CK_OK);
    ck_cred_keyring_free(kr);
    kr = NULL;
    const mode_t bad[] = {0640, 0604, 0660, 0620, 0700, 0644};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        CK_CHECK(chmod(path, bad[i]) == 0);
        if (bad[i] == 0700) {
            CK_CHECK_INT(ck_cred_keyring_open(&kr, path, &err), CK_OK);
            ck_cred_keyring_free(kr);
            kr = NULL;
            continue;
        }
        CK_CHECK_INT(ck_cred_keyring_open(&kr, path, &err), CK_EINVAL);
        CK_CHECK(kr == NULL);
        CK_CHECK_CONTAINS(err.msg, "chmod 600");
        CK_CHECK_CONTAINS(err.msg, path);
    }
    CK_CHECK(chmod(path, 0600) == 0);
    CK_CHECK_INT(ck_cred_keyring_open(&kr, path, &err), CK_OK);
    ck_cred_keyring_free(kr);
}

static void rotate(void)
{
    ck_cred_keyring *kr = NULL, *again = NULL;
    ck_err err = {0};
    char old_kid[CK_CRED_KID_LEN + 1];
    const char *path = ck_test_path("keys.json");
    CK_CHECK_INT(ck_cred_keyring_create(&kr, path, T0, &err), CK_OK);
    if (!kr)
        return;
    snprintf(old_kid, sizeof old_kid, "%s", ck_cred_keyring_kid(kr));
    CK_CHECK_INT(ck_cred_keyring_rotate(kr, T0 + 100, &err), CK_OK);
    CK_CHECK(strcmp(ck_cred_keyring_kid(kr), old_kid) != 0);
    CK_CHECK_INT(ck_cred_keyring_count(kr), 2);
    CK_CHECK_INT(ck_cred_keyring_rotate(kr, T0 + 200, &err), CK_OK);
    CK_CHECK_INT(ck_cred_keyring_count(kr), 3);
    CK_CHECK_INT(mode_of(path), 0600);

    /* Only the active key's seed is in the file; retired keys keep their times. */
    char *text = ck_test_read_file(path, NULL);
    CK_CHECK_INT(count_of(text, "\"d\""), 1);
    CK_CHECK_INT(count_of(text, "\"retired\""), 2);
    free(text);
    CK_CHECK_INT(ck_cred_keyring_open(&again, path, &err), CK_OK);
    if (again) {
        ck_cred_key_info info;
        CK_CHECK_INT(ck_cred_keyring_count(again), 3);
        CK_CHECK_STR(ck_cred_keyring_kid(again), ck_cred_keyring_kid(kr));
        CK_CHECK_INT(ck_cred_keyring_key(&info, again, 0, &err), CK_OK);
        CK_CHECK(info.active && info.created == T0 + 200 && info.retired == 0);
        CK_CHECK_INT(ck_cred_keyring_key(&info, again, 1, &err), CK_OK);
        CK_CHECK(!info.active && info.created == T0 + 100 && info.retired == T0 + 200);
        CK_CHECK_INT(ck_cred_keyring_key(&info, again, 2, &err), CK_OK);
        CK_CHECK_STR(info.kid, old_kid);
        CK_CHECK(!info.active && info.created == T0 && info.retired == T0 + 100);
    }
    ck_cred_keyring_free(again);

    /* A clock that went backwards is refused. */
    CK_CHECK_INT(ck_cred_keyring_rotate(kr, T0, &err), CK_EINVAL);
    CK_CHECK_CONTAINS(err.msg, "clock");
    ck_cred_keyring_free(kr);
}

/* When the file cannot be written, rotation changes neither the keyring nor the file. */
static void rotate_failure_changes_nothing(void)
{
    ck_cred_keyring *kr = NULL;
    ck_err err = {0};
    char dir[4096], moved[4096], path[4096], kid[CK_CRED_KID_LEN + 1];
    snprintf(dir, sizeof dir, "%s", ck_test_path("d"));
    snprintf(moved, sizeof moved, "%s", ck_test_path("moved"));
    snprintf(path, sizeof path, "%s/keys.json", dir);
    CK_CHECK(mkdir(dir, 0700) == 0);
    CK_CHECK_INT(ck_cred_keyring_create(&kr, path, T0, &err), CK_OK);
    if (!kr)
        return;
    snprintf(kid, sizeof kid, "%s", ck_cred_keyring_kid(kr));
    char *before = ck_test_read_file(path, NULL);
    CK_CHECK(rename(dir, moved) == 0); /* the keyring's folder is gone */
    CK_CHECK_INT(ck_cred_keyring_rotate(kr, T0 + 1, &err), CK_EIO);
    CK_CHECK_CONTAINS(err.msg, "keys.json");
    CK_CHECK_STR(ck_cred_keyring_kid(kr), kid);
    CK_CHECK_INT(ck_cred_keyring_count(kr), 1);
    CK_CHECK(rename(moved, dir) == 0);
    char *after = ck_test_read_file(path, NULL);
    CK_CHECK_STR(after, before);
    free(before);
    free(after);
    ck_cred_keyring_free(kr);
}

static void jwk_export(void)
{
    ck_cred_keyring *kr = NULL;
    ck_err err = {0};
    char *jwk = NULL, kid[CK_CRED_KID_LEN + 1];
    CK_CHECK_INT(ck_cred_keyring_create(&kr, ck_test_path("k.json"), T0, &err), CK_OK);
    if (!kr)
        return;
    CK_CHECK_INT(ck_cred_keyring_jwk(&jwk, kr, &err), CK_OK);
    json_t *o = json_loads(jwk, JSON_REJECT_DUPLICATES, NULL);
    CK_CHECK(json_is_object(o));
    CK_CHECK_INT(json_object_size(o), 6);
    CK_CHECK_STR(json_string_value(json_object_get(o, "kty")), "OKP");
    CK_CHECK_STR(json_string_value(json_object_get(o, "crv")), "Ed25519");
    CK_CHECK_STR(json_string_value(json_object_get(o, "use")), "sig");
    CK_CHECK_STR(json_string_value(json_object_get(o, "alg")), "EdDSA");
    CK_CHECK_STR(json_string_value(json_object_get(o, "kid")), ck_cred_keyring_kid(kr));
    CK_CHECK_INT(ck_cred_jwk_thumbprint(kid, json_string_value(json_object_get(o, "x")), &err),
                 CK_OK);
    CK_CHECK_STR(kid, ck_cred_keyring_kid(kr));
    CK_CHECK(json_object_get(o, "d") == NULL);
    CK_CHECK_NOT_CONTAINS(jwk, "\"d\"");
    json_decref(o);

    /* The JWK alone is a key set of one. */
    ck_cred_keyset *ks = NULL;
    CK_CHECK_INT(ck_cred_keyset_from_jwks(&ks, jwk, strlen(jwk), &err), CK_OK);
    CK_CHECK_INT(ck_cred_keyset_count(ks), 1);
    CK_CHECK(ck_cred_keyset_has(ks, ck_cred_keyring_kid(kr)));
    ck_cred_keyset_free(ks);
    free(jwk);
    ck_cred_keyring_free(kr);
}

static void jwks_export(void)
{
    ck_cred_keyring *kr = NULL;
    ck_cred_keyset *ks = NULL;
    ck_err err = {0};
    char *jwks = NULL, first[CK_CRED_KID_LEN + 1];
    CK_CHECK_INT(ck_cred_keyring_create(&kr, ck_test_path("k.json"), T0, &err), CK_OK);
    if (!kr)
        return;
    snprintf(first, sizeof first, "%s", ck_cred_keyring_kid(kr));
    CK_CHECK_INT(ck_cred_keyring_rotate(kr, T0 + 9, &err), CK_OK);
    CK_CHECK_INT(ck_cred_keyring_jwks(&jwks, kr, &err), CK_OK);
    CK_CHECK_NOT_CONTAINS(jwks, "\"d\"");
    json_t *o = json_loads(jwks, 0, NULL);
    json_t *keys = json_object_get(o, "keys");
    CK_CHECK_INT(json_array_size(keys), 2);
    CK_CHECK_STR(json_string_value(json_object_get(json_array_get(keys, 0), "kid")),
                 ck_cred_keyring_kid(kr));
    CK_CHECK_STR(json_string_value(json_object_get(json_array_get(keys, 1), "kid")), first);
    json_decref(o);
    CK_CHECK_INT(ck_cred_keyset_from_jwks(&ks, jwks, strlen(jwks), &err), CK_OK);
    CK_CHECK_INT(ck_cred_keyset_count(ks), 2);
    CK_CHECK(ck_cred_keyset_has(ks, first));
    CK_CHECK(ck_cred_keyset_has(ks, ck_cred_keyring_kid(kr)));
    CK_CHECK(!ck_cred_keyset_has(ks, "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k"));
    ck_cred_keyset_free(ks);
    ks = NULL;
    CK_CHECK_INT(ck_cred_keyring_keyset(&ks, kr, &err), CK_OK);
    CK_CHECK_INT(ck_cred_keyset_count(ks), 2);
    CK_CHECK(ck_cred_keyset_has(ks, first));
    ck_cred_keyset_free(ks);
    free(jwks);
    ck_cred_keyring_free(kr);
}

static void expect_refused(const char *json, const char *needle)
{
    ck_cred_keyset *ks = NULL;
    ck_err err = {0};
    CK_CHECK_INT(ck_cred_keyset_from_jwks(&ks, json, json ? strlen(json) : 0, &err), CK_EINVAL);
    CK_CHECK(ks == NULL);
    CK_CHECK_CONTAINS(err.msg, needle);
}

#define RFC_X "\"x\":\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo\""
#define RFC_KID "\"kid\":\"kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k\""

static void keyset_refusals(void)
{
    ck_cred_keyset *ks = NULL;
    ck_err err = {0};
    const char *good = "{\"keys\":[{\"kty\":\"OKP\",\"crv\":\"Ed25519\"," RFC_X "," RFC_KID "}]}";
    CK_CHECK_INT(ck_cred_keyset_from_jwks(&ks, good, strlen(good), &err), CK_OK);
    CK_CHECK(ck_cred_keyset_has(ks, "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k"));
    ck_cred_keyset_free(ks);
    ks = NULL;
    /* Without a kid the thumbprint is taken. */
    const char *nokid = "{\"kty\":\"OKP\",\"crv\":\"Ed25519\"," RFC_X "}";
    CK_CHECK_INT(ck_cred_keyset_from_jwks(&ks, nokid, strlen(nokid), &err), CK_OK);
    CK_CHECK(ck_cred_keyset_has(ks, "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k"));
    ck_cred_keyset_free(ks);

    expect_refused("{\"keys\":[{\"kty\":\"OKP\",\"crv\":\"Ed25519\"," RFC_X
                   ",\"d\":\"nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A\"}]}",
                   "private");
    expect_refused("{\"keys\":[{\"kty\":\"OKP\",\"crv\":\"Ed25519\"," RFC_X
                   ",\"kid\":\"someone-else\"}]}",
                   "thumbprint");
    expect_refused("{\"keys\":[{\"kty\":\"RSA\",\"n\":\"AQAB\",\"e\":\"AQAB\"}]}", "Ed25519");
    expect_refused("{\"keys\":[{\"kty\":\"OKP\",\"crv\":\"X25519\"," RFC_X "}]}", "Ed25519");
    expect_refused("{\"keys\":[{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"AAAA\"}]}", "43");
    expect_refused("{\"keys\":[{\"kty\":\"OKP\",\"crv\":\"Ed25519\"," RFC_X ",\"alg\":\"HS256\"}]}",
                   "EdDSA");
    expect_refused("{\"keys\":[{\"kty\":\"OKP\",\"crv\":\"Ed25519\"," RFC_X ",\"use\":\"enc\"}]}",
                   "sig");
    expect_refused("{\"keys\":[{\"kty\":\"OKP\",\"crv\":\"Ed25519\"," RFC_X "},"
                   "{\"kty\":\"OKP\",\"crv\":\"Ed25519\"," RFC_X "}]}",
                   "same key");
    expect_refused("{\"keys\":[]}", "1 to");
    expect_refused("{\"keys\":{}}", "1 to");
    expect_refused("[1,2]", "not a JSON object");
    expect_refused("{\"keys\":[", "not a JSON object");
    expect_refused("{\"keys\":[\"x\"]}", "not a JSON object");
    expect_refused("", "empty");
    expect_refused(NULL, "empty");
}

/* Damaged keyring files are refused with a message naming the file. */
static void keyring_damaged(void)
{
    ck_cred_keyring *kr = NULL;
    ck_err err = {0};
    const char *path = ck_test_path("keys.json");
    CK_CHECK_INT(ck_cred_keyring_create(&kr, path, T0, &err), CK_OK);
    CK_CHECK_INT(ck_cred_keyring_rotate(kr, T0 + 1, &err), CK_OK);
    ck_cred_keyring_free(kr);
    kr = NULL;
    char *good = ck_test_read_file(path, NULL);
    if (!good)
        return;
    json_t *root = json_loads(good, 0, NULL);
    const char *bad = ck_test_path("bad.json");

    /* Each edit on a fresh copy of a good file. */
    for (int i = 0; i < 9; i++) {
        json_t *r = json_deep_copy(root);
        json_t *a = json_array_get(json_object_get(r, "keys"), 0);
        json_t *b = json_array_get(json_object_get(r, "keys"), 1);
        ck_rc want = CK_EINVAL;
        const char *needle = "bad.json";
        switch (i) {
        case 0:
            json_object_set_new(a, "kid", json_string("edited"));
            needle = "thumbprint";
            break;
        case 1:
            json_object_set(b, "d", json_object_get(a, "d"));
            needle = "private part";
            break;
        case 2:
            json_object_del(b, "retired");
            json_object_set(b, "d", json_object_get(a, "d"));
            needle = "two active keys";
            break;
        case 3:
            json_object_set(a, "x", json_object_get(b, "x"));
            json_object_set(a, "kid", json_object_get(b, "kid"));
            needle = "does not belong";
            break;
        case 4:
            json_object_del(a, "d");
            needle = "neither active";
            break;
        case 5:
            json_object_set_new(r, "classkiosk_keyring", json_integer(2));
            want = CK_EVERSION;
            needle = "format 2";
            break;
        case 6:
            json_object_del(r, "classkiosk_keyring");
            needle = "not a classkiosk keyring";
            break;
        case 7:
            json_object_set_new(a, "created", json_string("yesterday"));
            needle = "created";
            break;
        case 8:
            json_array_append(json_object_get(r, "keys"), b);
            needle = "twice";
            break;
        }
        char *text = json_dumps(r, 0);
        write_private(bad, text);
        CK_CHECK_INT(ck_cred_keyring_open(&kr, bad, &err), want);
        CK_CHECK(kr == NULL);
        CK_CHECK_CONTAINS(err.msg, needle);
        CK_CHECK_CONTAINS(err.msg, "bad.json");
        free(text);
        json_decref(r);
    }
    const char *texts[] = {"", "not json", "[]", "{\"classkiosk_keyring\":1}",
                           "{\"classkiosk_keyring\":1,\"keys\":[]}"};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        write_private(bad, texts[i]);
        CK_CHECK_INT(ck_cred_keyring_open(&kr, bad, &err), CK_EINVAL);
        CK_CHECK(kr == NULL);
    }
    /* A folder is not a keyring. */
    CK_CHECK(mkdir(ck_test_path("dir.json"), 0700) == 0);
    CK_CHECK_INT(ck_cred_keyring_open(&kr, ck_test_path("dir.json"), &err), CK_EINVAL);
    CK_CHECK_CONTAINS(err.msg, "regular file");
    json_decref(root);
    free(good);
}

int main(int argc, char **argv)
{
    ck_test_init(argc, argv);
    CK_RUN(thumbprint_rfc8037);
    CK_RUN(signature_rfc8037);
    CK_RUN(base64url_canonical);
    CK_RUN(create_open);
    CK_RUN(open_or_create);
    CK_RUN(mode_refused);
    CK_RUN(rotate);
    CK_RUN(rotate_failure_changes_nothing);
    CK_RUN(jwk_export);
    CK_RUN(jwks_export);
    CK_RUN(keyset_refusals);
    CK_RUN(keyring_damaged);
    return ck_test_done();
}
