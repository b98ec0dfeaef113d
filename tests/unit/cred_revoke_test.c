/* Signed revocation lists: cred/revoke.h. */
#include <stdio.h>
#include <stdlib.h>

#include "ck_test.h"
#include "cred/jws.h"
#include "cred/key.h"
#include "cred/revoke.h"

#define T0 1741700000

static ck_cred_keyring *keyring(const char *name)
{
    ck_cred_keyring *kr = NULL;
    ck_err err = {0};
    if (ck_cred_keyring_create(&kr, ck_test_path(name), T0, &err) != CK_OK)
        ck_test_fail(__FILE__, __LINE__, "keyring: %s", err.msg);
    return kr;
}

static ck_cred_keyset *keyset(const ck_cred_keyring *kr)
{
    ck_cred_keyset *ks = NULL;
    ck_err err = {0};
    if (ck_cred_keyring_keyset(&ks, kr, &err) != CK_OK)
        ck_test_fail(__FILE__, __LINE__, "keyset: %s", err.msg);
    return ks;
}

static void sign_load_lookup(void)
{
    ck_cred_keyring *kr = keyring("k.json");
    ck_cred_keyset *ks = keyset(kr);
    ck_cred_rl *rl = NULL;
    ck_err err = {0};
    char *text = NULL;
    ck_cred_revocation list[] = {
        {"CK-ZZZZZ-00001", T0 + 3}, {"CK-AAAAA-00002", T0 + 1}, {"CK-MMMMM-00003", T0 + 2}};
    CK_CHECK_INT(ck_cred_rl_sign(&text, kr, "https://cert.example.org", T0 + 10, list, 3, &err),
                 CK_OK);
    /* Loading tolerates the newline a file ends with. */
    char *with_nl = malloc(strlen(text) + 3);
    sprintf(with_nl, "%s\r\n", text);
    CK_CHECK_INT(ck_cred_rl_load(&rl, with_nl, strlen(with_nl), ks, &err), CK_OK);
    CK_CHECK_INT(ck_cred_rl_count(rl), 3);
    CK_CHECK_INT(ck_cred_rl_issued_at(rl), T0 + 10);
    CK_CHECK_STR(ck_cred_rl_issuer(rl), "https://cert.example.org");
    CK_CHECK_STR(ck_cred_rl_kid(rl), ck_cred_keyring_kid(kr));
    for (size_t i = 0; i < 3; i++) {
        int64_t at = 0;
        CK_CHECK(ck_cred_rl_lookup(&at, rl, list[i].jti));
        CK_CHECK_INT(at, list[i].at);
    }
    int64_t at = -7;
    CK_CHECK(!ck_cred_rl_lookup(&at, rl, "CK-AAAAA-00009"));
    CK_CHECK_INT(at, -7);
    CK_CHECK(!ck_cred_rl_lookup(NULL, rl, ""));
    CK_CHECK(!ck_cred_rl_lookup(NULL, NULL, "CK-AAAAA-00002"));
    CK_CHECK(ck_cred_rl_lookup(NULL, rl, "CK-AAAAA-00002"));
    /* The header marks it as a list. */
    const char *dot = strchr(text, '.');
    unsigned char *hdr = NULL;
    size_t n = 0;
    CK_CHECK(ck_cred_b64url_decode(&hdr, &n, text, (size_t)(dot - text), 512));
    CK_CHECK_CONTAINS((char *)hdr, "\"typ\":\"ck-rl+jwt\"");
    free(hdr);
    free(with_nl);
    free(text);
    ck_cred_rl_free(rl);
    ck_cred_rl_free(NULL);
    ck_cred_keyset_free(ks);
    ck_cred_keyring_free(kr);
}

static void empty_and_large(void)
{
    ck_cred_keyring *kr = keyring("k.json");
    ck_cred_keyset *ks = keyset(kr);
    ck_cred_rl *rl = NULL;
    ck_err err = {0};
    char *text = NULL;
    CK_CHECK_INT(ck_cred_rl_sign(&text, kr, "iss", T0, NULL, 0, &err), CK_OK);
    CK_CHECK_INT(ck_cred_rl_load(&rl, text, strlen(text), ks, &err), CK_OK);
    CK_CHECK_INT(ck_cred_rl_count(rl), 0);
    CK_CHECK(!ck_cred_rl_lookup(NULL, rl, "CK-AAAAA-00002"));
    ck_cred_rl_free(rl);
    rl = NULL;
    free(text);
    text = NULL;

    size_t big = 20000;
    ck_cred_revocation *list = calloc(big, sizeof *list);
    for (size_t i = 0; i < big; i++) {
        snprintf(list[i].jti, sizeof list[i].jti, "CK-%05zu-%05zu", (i * 7919) % big, i);
        list[i].at = T0 + (int64_t)i;
    }
    CK_CHECK_INT(ck_cred_rl_sign(&text, kr, "iss", T0, list, big, &err), CK_OK);
    CK_CHECK_INT(ck_cred_rl_load(&rl, text, strlen(text), ks, &err), CK_OK);
    CK_CHECK_INT(ck_cred_rl_count(rl), big);
    size_t found = 0;
    for (size_t i = 0; i < big; i++) {
        int64_t at = 0;
        found += ck_cred_rl_lookup(&at, rl, list[i].jti) && at == list[i].at;
    }
    CK_CHECK_INT(found, big);
    ck_cred_rl_free(rl);
    free(text);
    free(list);
    ck_cred_keyset_free(ks);
    ck_cred_keyring_free(kr);
}

static void expect_refused(const char *text, const ck_cred_keyset *ks, ck_rc want,
                           const char *needle)
{
    ck_cred_rl *rl = NULL;
    ck_err err = {0};
    CK_CHECK_INT(ck_cred_rl_load(&rl, text, text ? strlen(text) : 0, ks, &err), want);
    CK_CHECK(rl == NULL);
    CK_CHECK_CONTAINS(err.msg, needle);
}

static char *craft(const ck_cred_keyring *kr, const char *header, const char *payload)
{
    char *jws = NULL;
    ck_err err = {0};
    if (ck_cred_jws_sign(&jws, kr, header, payload, strlen(payload), &err) != CK_OK)
        ck_test_fail(__FILE__, __LINE__, "craft: %s", err.msg);
    return jws;
}

static void refused(void)
{
    ck_cred_keyring *kr = keyring("k.json"), *other = keyring("o.json");
    ck_cred_keyset *ks = keyset(kr);
    ck_err err = {0};
    ck_cred_revocation one = {"CK-AAAAA-00002", T0};
    char *foreign = NULL, *good = NULL, header[160];

    CK_CHECK_INT(ck_cred_rl_sign(&foreign, other, "iss", T0, &one, 1, &err), CK_OK);
    expect_refused(foreign, ks, CK_ECRYPTO, "not among the 1 pinned");

    CK_CHECK_INT(ck_cred_rl_sign(&good, kr, "iss", T0, &one, 1, &err), CK_OK);
    /* Tampered: the id in the payload changed. */
    char *bad = strdup(good);
    char *mid = strchr(bad, '.') + 5;
    *mid = *mid == 'A' ? 'B' : 'A';
    expect_refused(bad, ks, CK_ECRYPTO, "signature does not match");
    free(bad);
    /* Unsigned ("alg":"none"). */
    char *h =
        ck_cred_b64url_encode((const unsigned char *)"{\"alg\":\"none\",\"typ\":\"ck-rl+jwt\"}",
                              strlen("{\"alg\":\"none\",\"typ\":\"ck-rl+jwt\"}"));
    char unsigned_[512];
    snprintf(unsigned_, sizeof unsigned_, "%s.%.*s.", h,
             (int)(strrchr(good, '.') - strchr(good, '.') - 1), strchr(good, '.') + 1);
    expect_refused(unsigned_, ks, CK_ECRYPTO, "\"none\"");
    free(h);
    /* A certificate-style header (no typ) is not a list. */
    snprintf(header, sizeof header, "{\"alg\":\"EdDSA\",\"kid\":\"%s\"}", ck_cred_keyring_kid(kr));
    char *t = craft(kr, header, "{\"iss\":\"i\",\"iat\":1,\"rev\":[]}");
    expect_refused(t, ks, CK_EINVAL, "not a revocation list");
    free(t);
    /* Signed, but the claims are wrong. */
    snprintf(header, sizeof header, "{\"alg\":\"EdDSA\",\"kid\":\"%s\",\"typ\":\"ck-rl+jwt\"}",
             ck_cred_keyring_kid(kr));
    const char *payloads[] = {
        "[]",
        "{\"iat\":1,\"rev\":[]}",
        "{\"iss\":\"i\",\"iat\":\"1\",\"rev\":[]}",
        "{\"iss\":\"i\",\"iat\":1}",
        "{\"iss\":\"i\",\"iat\":1,\"rev\":{}}",
        "{\"iss\":\"i\",\"iat\":1,\"rev\":[{\"jti\":\"A\"}]}",
        "{\"iss\":\"i\",\"iat\":1,\"rev\":[{\"jti\":5,\"at\":1}]}",
        "{\"iss\":\"i\",\"iat\":1,\"rev\":[{\"jti\":\"A\",\"at\":\"1\"}]}",
        "{\"iss\":\"i\",\"iat\":1,\"rev\":[\"A\"]}",
        "{\"iss\":\"i\",\"iat\":1,\"rev\":[{\"jti\":\"A\",\"at\":1},{\"jti\":\"A\",\"at\":2}]}",
    };
    for (size_t i = 0; i < sizeof payloads / sizeof payloads[0]; i++) {
        t = craft(kr, header, payloads[i]);
        expect_refused(t, ks, CK_EINVAL, "signed, but");
        free(t);
    }
    expect_refused("", ks, CK_EINVAL, "empty");
    expect_refused(" \n", ks, CK_EINVAL, "empty");
    expect_refused(NULL, ks, CK_EINVAL, "empty");
    expect_refused("a.b", ks, CK_EINVAL, "parts");
    ck_cred_rl *rl = NULL;
    CK_CHECK_INT(ck_cred_rl_load(&rl, good, strlen(good), NULL, &err), CK_EINVAL);
    free(foreign);
    free(good);
    ck_cred_keyset_free(ks);
    ck_cred_keyring_free(kr);
    ck_cred_keyring_free(other);
}

static void sign_refused(void)
{
    ck_cred_keyring *kr = keyring("k.json");
    ck_err err = {0};
    char *text = NULL;
    ck_cred_revocation twice[] = {{"CK-AAAAA-00002", T0}, {"CK-AAAAA-00002", T0 + 1}};
    CK_CHECK_INT(ck_cred_rl_sign(&text, kr, "iss", T0, twice, 2, &err), CK_EINVAL);
    CK_CHECK_CONTAINS(err.msg, "listed twice");
    ck_cred_revocation bad_id = {"CK AAAAA", T0};
    CK_CHECK_INT(ck_cred_rl_sign(&text, kr, "iss", T0, &bad_id, 1, &err), CK_EINVAL);
    CK_CHECK_CONTAINS(err.msg, "revocation 1");
    ck_cred_revocation empty_id = {"", T0};
    CK_CHECK_INT(ck_cred_rl_sign(&text, kr, "iss", T0, &empty_id, 1, &err), CK_EINVAL);
    ck_cred_revocation bad_time = {"CK-AAAAA-00002", -1};
    CK_CHECK_INT(ck_cred_rl_sign(&text, kr, "iss", T0, &bad_time, 1, &err), CK_EINVAL);
    CK_CHECK_INT(ck_cred_rl_sign(&text, kr, "", T0, NULL, 0, &err), CK_EINVAL);
    CK_CHECK_INT(ck_cred_rl_sign(&text, kr, "iss", T0, NULL, 1, &err), CK_EINVAL);
    CK_CHECK_INT(ck_cred_rl_sign(&text, NULL, "iss", T0, NULL, 0, &err), CK_EINVAL);
    CK_CHECK_INT(ck_cred_rl_sign(&text, kr, "iss", T0, twice, CK_CRED_RL_MAX_ENTRIES + 1, &err),
                 CK_EINVAL);
    CK_CHECK(text == NULL);
    ck_cred_keyring_free(kr);
}

int main(int argc, char **argv)
{
    ck_test_init(argc, argv);
    CK_RUN(sign_load_lookup);
    CK_RUN(empty_and_large);
    CK_RUN(refused);
    CK_RUN(sign_refused);
    return ck_test_done();
}
