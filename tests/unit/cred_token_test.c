/* Certificate tokens: signing, the verifier's verdicts, tampering and malformed input. */
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>

#include "ck_test.h"
#include "cred/jws.h"
#include "cred/key.h"
#include "cred/revoke.h"
#include "cred/token.h"

#define T0 1741700000 /* 2025-03-11 13:33 UTC */
#define TWO_YEARS (2 * 365 * 86400)

static ck_cred_claims sample(void)
{
    ck_cred_claims c;
    memset(&c, 0, sizeof c);
    snprintf(c.iss, sizeof c.iss, "https://cert.example.org");
    snprintf(c.jti, sizeof c.jti, "CK-7M2QX-D9RTA");
    c.iat = T0;
    c.exp = T0 + TWO_YEARS;
    snprintf(c.name, sizeof c.name, "Zoë Ångström-O'Neill");
    snprintf(c.course, sizeof c.course, "Certified Scrum Product Owner® \"CSPO\"");
    snprintf(c.trainer, sizeof c.trainer, "Jürgen Ñúñez");
    snprintf(c.trainer_cred, sizeof c.trainer_cred, "CST-1234");
    snprintf(c.location, sizeof c.location, "Berlin");
    c.ndays = 2;
    snprintf(c.days[0], sizeof c.days[0], "2025-03-10");
    snprintf(c.days[1], sizeof c.days[1], "2025-03-11");
    c.hours = 16;
    return c;
}

/* A fresh keyring in this case's folder. */
static ck_cred_keyring *keyring(const char *name)
{
    ck_cred_keyring *kr = NULL;
    ck_err err = {0};
    if (ck_cred_keyring_create(&kr, ck_test_path(name), T0 - 1000, &err) != CK_OK)
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

static char *sign(const ck_cred_keyring *kr, const ck_cred_claims *c)
{
    char *jws = NULL;
    ck_err err = {0};
    if (ck_cred_token_sign(&jws, kr, c, &err) != CK_OK)
        ck_test_fail(__FILE__, __LINE__, "sign: %s", err.msg);
    return jws;
}

static ck_cred_status verify(const char *jws, const ck_cred_keyset *ks, const ck_cred_rl *rl,
                             int64_t now, ck_cred_verdict *v)
{
    ck_err err = {0};
    ck_rc rc = ck_cred_token_verify(v, jws, ks, rl, now, &err);
    if (rc != CK_OK)
        ck_test_fail(__FILE__, __LINE__, "verify returned %d: %s", rc, err.msg);
    return v->status;
}

/* Decode part i (0 header, 1 payload) of a token. */
static char *part(const char *jws, int i)
{
    const char *s = jws;
    for (int k = 0; k < i; k++)
        s = strchr(s, '.') + 1;
    const char *e = strchr(s, '.');
    unsigned char *bin = NULL;
    size_t n = 0;
    if (!ck_cred_b64url_decode(&bin, &n, s, (size_t)(e - s), 8192))
        return NULL;
    return (char *)bin;
}

/* A token with this header and payload, signed by kr (whatever the header says). */
static char *craft(const ck_cred_keyring *kr, const char *header, const char *payload)
{
    char *jws = NULL;
    ck_err err = {0};
    if (ck_cred_jws_sign(&jws, kr, header, payload, strlen(payload), &err) != CK_OK)
        ck_test_fail(__FILE__, __LINE__, "craft: %s", err.msg);
    return jws;
}

static char *b64(const char *s)
{
    return ck_cred_b64url_encode((const unsigned char *)s, strlen(s));
}

static void round_trip(void)
{
    ck_cred_keyring *kr = keyring("k.json");
    ck_cred_keyset *ks = keyset(kr);
    ck_cred_claims c = sample();
    ck_cred_verdict v;
    char *jws = sign(kr, &c);
    if (!jws)
        goto cleanup;
    CK_CHECK_INT(verify(jws, ks, NULL, T0 + 60, &v), CK_CRED_VALID);
    CK_CHECK(v.has_claims);
    CK_CHECK_STR(v.kid, ck_cred_keyring_kid(kr));
    CK_CHECK_CONTAINS(v.reason, "CK-7M2QX-D9RTA");
    CK_CHECK_CONTAINS(v.reason, "2027-03-11");
    CK_CHECK_STR(v.claims.iss, c.iss);
    CK_CHECK_STR(v.claims.jti, c.jti);
    CK_CHECK_INT(v.claims.iat, c.iat);
    CK_CHECK_INT(v.claims.exp, c.exp);
    CK_CHECK_STR(v.claims.name, c.name);
    CK_CHECK_STR(v.claims.course, c.course);
    CK_CHECK_STR(v.claims.trainer, c.trainer);
    CK_CHECK_STR(v.claims.trainer_cred, c.trainer_cred);
    CK_CHECK_STR(v.claims.location, c.location);
    CK_CHECK_INT(v.claims.ndays, 2);
    CK_CHECK_STR(v.claims.days[0], "2025-03-10");
    CK_CHECK_STR(v.claims.days[1], "2025-03-11");
    CK_CHECK(v.claims.hours == 16.0);

    /* The header is exactly alg + kid; the claims use the short names. */
    char *header = part(jws, 0), *payload = part(jws, 1), want[128];
    snprintf(want, sizeof want, "{\"alg\":\"EdDSA\",\"kid\":\"%s\"}", ck_cred_keyring_kid(kr));
    CK_CHECK_STR(header, want);
    CK_CHECK_CONTAINS(payload, "\"nam\":\"Zoë Ångström-O'Neill\"");
    CK_CHECK_CONTAINS(payload, "\"dys\":[\"2025-03-10\",\"2025-03-11\"]");
    CK_CHECK_CONTAINS(payload, "\"hrs\":16}");
    CK_CHECK_CONTAINS(payload, "\"tcr\":\"CST-1234\"");
    CK_CHECK_CONTAINS(payload, "\"iat\":1741700000");
    free(header);
    free(payload);
cleanup:
    free(jws);
    ck_cred_keyset_free(ks);
    ck_cred_keyring_free(kr);
}

/* Half hours stay a fraction; empty optional claims are left out. */
static void optional_claims(void)
{
    ck_cred_keyring *kr = keyring("k.json");
    ck_cred_keyset *ks = keyset(kr);
    ck_cred_claims c = sample();
    ck_cred_verdict v;
    c.hours = 14.5;
    c.trainer_cred[0] = '\0';
    c.location[0] = '\0';
    char *jws = sign(kr, &c);
    char *payload = jws ? part(jws, 1) : NULL;
    CK_CHECK_CONTAINS(payload, "\"hrs\":14.5}");
    CK_CHECK_NOT_CONTAINS(payload, "\"tcr\"");
    CK_CHECK_NOT_CONTAINS(payload, "\"loc\"");
    CK_CHECK_INT(verify(jws, ks, NULL, T0, &v), CK_CRED_VALID);
    CK_CHECK(v.claims.hours == 14.5);
    CK_CHECK_STR(v.claims.location, "");
    free(payload);
    free(jws);
    c.hours = 7.333333;
    jws = sign(kr, &c);
    payload = jws ? part(jws, 1) : NULL;
    CK_CHECK_CONTAINS(payload, "\"hrs\":7.33}");
    free(payload);
    free(jws);
    ck_cred_keyset_free(ks);
    ck_cred_keyring_free(kr);
}

/* The longest claims still make a token that verifies. */
static void largest_claims(void)
{
    ck_cred_keyring *kr = keyring("k.json");
    ck_cred_keyset *ks = keyset(kr);
    ck_cred_claims c = sample();
    ck_cred_verdict v;
    char *fields[] = {c.iss, c.name, c.course, c.trainer, c.trainer_cred, c.location};
    for (size_t i = 0; i < 6; i++) {
        memset(fields[i], '"', CK_CRED_TEXT_MAX); /* each doubles when escaped */
        fields[i][CK_CRED_TEXT_MAX] = '\0';
    }
    memset(c.jti, 'Z', CK_CRED_JTI_MAX);
    c.jti[CK_CRED_JTI_MAX] = '\0';
    c.ndays = CK_CRED_MAX_DAYS;
    for (int i = 0; i < CK_CRED_MAX_DAYS; i++)
        snprintf(c.days[i], sizeof c.days[i], "2025-03-%02d", i + 1);
    c.hours = 9999.75;
    char *jws = sign(kr, &c);
    CK_CHECK(jws && strlen(jws) <= CK_CRED_TOKEN_MAX);
    CK_CHECK_INT(verify(jws, ks, NULL, T0, &v), CK_CRED_VALID);
    CK_CHECK_STR(v.claims.name, c.name);
    CK_CHECK_INT(v.claims.ndays, CK_CRED_MAX_DAYS);
    CK_CHECK(v.claims.hours == 9999.75);
    free(jws);
    ck_cred_keyset_free(ks);
    ck_cred_keyring_free(kr);
}

/* Any single changed, inserted or deleted character makes the token fail. */
static void every_single_change_rejected(void)
{
    ck_cred_keyring *kr = keyring("k.json");
    ck_cred_keyset *ks = keyset(kr);
    ck_cred_claims c = sample();
    ck_cred_verdict v;
    char *jws = sign(kr, &c);
    if (!jws)
        goto cleanup;
    size_t n = strlen(jws);
    char *buf = malloc(n + 2);
    long tried = 0, accepted = 0, by_signature = 0;
    for (size_t i = 0; i < n; i++) {
        for (int b = 1; b < 256; b++) {
            if (b == (unsigned char)jws[i])
                continue;
            memcpy(buf, jws, n + 1);
            buf[i] = (char)b;
            tried++;
            if (verify(buf, ks, NULL, T0, &v) == CK_CRED_VALID) {
                accepted++;
                ck_test_fail(__FILE__, __LINE__, "position %zu byte %d accepted", i, b);
            }
            by_signature += v.status == CK_CRED_BAD_SIGNATURE;
            CK_CHECK(!v.has_claims);
        }
        /* deleted */
        memcpy(buf, jws, i);
        memcpy(buf + i, jws + i + 1, n - i);
        tried++;
        accepted += verify(buf, ks, NULL, T0, &v) == CK_CRED_VALID;
        /* inserted */
        memcpy(buf, jws, i);
        buf[i] = 'A';
        memcpy(buf + i + 1, jws + i, n - i + 1);
        tried++;
        accepted += verify(buf, ks, NULL, T0, &v) == CK_CRED_VALID;
    }
    CK_CHECK_INT(accepted, 0);
    /* The signature check itself was exercised, not only the parser. */
    CK_CHECK(by_signature > 1000);
    printf("  %ld altered tokens rejected, %ld of them by the signature check\n", tried,
           by_signature);
    free(buf);
cleanup:
    free(jws);
    ck_cred_keyset_free(ks);
    ck_cred_keyring_free(kr);
}

static void other_key_unknown(void)
{
    ck_cred_keyring *a = keyring("a.json"), *b = keyring("b.json");
    ck_cred_keyset *ks = keyset(a);
    ck_cred_claims c = sample();
    ck_cred_verdict v;
    char *jws = sign(b, &c);
    CK_CHECK_INT(verify(jws, ks, NULL, T0, &v), CK_CRED_UNKNOWN_KEY);
    CK_CHECK(!v.has_claims);
    CK_CHECK_STR(v.kid, ck_cred_keyring_kid(b));
    CK_CHECK_CONTAINS(v.reason, "not among the 1 pinned");
    free(jws);
    ck_cred_keyset_free(ks);
    ck_cred_keyring_free(a);
    ck_cred_keyring_free(b);
}

/* A forger who names the genuine kid but signs with another key. */
static void same_kid_wrong_key(void)
{
    ck_cred_keyring *a = keyring("a.json"), *b = keyring("b.json");
    ck_cred_keyset *ks = keyset(a);
    ck_cred_claims c = sample();
    ck_cred_verdict v;
    char *genuine = sign(a, &c);
    char *header = part(genuine, 0), *payload = part(genuine, 1);
    char *forged = craft(b, header, payload);
    CK_CHECK_INT(verify(forged, ks, NULL, T0, &v), CK_CRED_BAD_SIGNATURE);
    CK_CHECK(!v.has_claims);
    CK_CHECK_CONTAINS(v.reason, "altered or forged");
    /* Genuine header and payload with the forger's signature spliced in. */
    char spliced[CK_CRED_TOKEN_MAX + 1];
    snprintf(spliced, sizeof spliced, "%.*s%s", (int)(strrchr(genuine, '.') - genuine), genuine,
             strrchr(forged, '.'));
    CK_CHECK_INT(verify(spliced, ks, NULL, T0, &v), CK_CRED_BAD_SIGNATURE);
    free(genuine);
    free(header);
    free(payload);
    free(forged);
    ck_cred_keyset_free(ks);
    ck_cred_keyring_free(a);
    ck_cred_keyring_free(b);
}

static void bad_algorithms(void)
{
    ck_cred_keyring *kr = keyring("k.json");
    ck_cred_keyset *ks = keyset(kr);
    ck_cred_claims c = sample();
    ck_cred_verdict v;
    char *jws = sign(kr, &c);
    char *payload = part(jws, 1), *p64 = b64(payload);
    const char *algs[] = {"none", "HS256", "RS256", "ES256", "eddsa", "EdDSA ", "Ed25519", ""};
    for (size_t i = 0; i < sizeof algs / sizeof algs[0]; i++) {
        char header[160], token[CK_CRED_TOKEN_MAX + 1];
        snprintf(header, sizeof header, "{\"alg\":\"%s\",\"kid\":\"%s\"}", algs[i],
                 ck_cred_keyring_kid(kr));
        char *h64 = b64(header);
        /* Unsigned, as alg "none" would be sent. */
        snprintf(token, sizeof token, "%s.%s.", h64, p64);
        CK_CHECK_INT(verify(token, ks, NULL, T0, &v), CK_CRED_BAD_ALG);
        CK_CHECK(!v.has_claims);
        /* With an HMAC keyed by the public key: the classic algorithm-confusion forgery. */
        unsigned char mac[crypto_auth_hmacsha256_BYTES];
        snprintf(token, sizeof token, "%s.%s", h64, p64);
        crypto_auth_hmacsha256_state st;
        crypto_auth_hmacsha256_init(&st, ck_cred_keyset_find(ks, ck_cred_keyring_kid(kr)), 32);
        crypto_auth_hmacsha256_update(&st, (const unsigned char *)token, strlen(token));
        crypto_auth_hmacsha256_final(&st, mac);
        char *m64 = ck_cred_b64url_encode(mac, sizeof mac);
        snprintf(token + strlen(token), sizeof token - strlen(token), ".%s", m64);
        CK_CHECK_INT(verify(token, ks, NULL, T0, &v), CK_CRED_BAD_ALG);
        /* Even correctly signed with Ed25519, a wrong alg name is refused. */
        char *signed_ = craft(kr, header, payload);
        CK_CHECK_INT(verify(signed_, ks, NULL, T0, &v), CK_CRED_BAD_ALG);
        free(signed_);
        free(m64);
        free(h64);
    }
    CK_CHECK_CONTAINS(v.reason, "only EdDSA");
    free(payload);
    free(p64);
    free(jws);
    ck_cred_keyset_free(ks);
    ck_cred_keyring_free(kr);
}

static void times(void)
{
    ck_cred_keyring *kr = keyring("k.json");
    ck_cred_keyset *ks = keyset(kr);
    ck_cred_claims c = sample();
    ck_cred_verdict v;
    char *jws = sign(kr, &c);
    CK_CHECK_INT(verify(jws, ks, NULL, c.exp - 1, &v), CK_CRED_VALID);
    CK_CHECK_INT(verify(jws, ks, NULL, c.exp, &v), CK_CRED_EXPIRED);
    CK_CHECK(v.has_claims);
    CK_CHECK_STR(v.claims.name, c.name);
    CK_CHECK_CONTAINS(v.reason, "expired on 2027-03-11");
    CK_CHECK_INT(verify(jws, ks, NULL, c.exp + 86400 * 400, &v), CK_CRED_EXPIRED);
    CK_CHECK_INT(verify(jws, ks, NULL, c.iat - CK_CRED_CLOCK_SKEW, &v), CK_CRED_VALID);
    CK_CHECK_INT(verify(jws, ks, NULL, c.iat - CK_CRED_CLOCK_SKEW - 1, &v), CK_CRED_NOT_YET_VALID);
    CK_CHECK(v.has_claims);
    CK_CHECK_CONTAINS(v.reason, "clock");
    CK_CHECK_INT(verify(jws, ks, NULL, 0, &v), CK_CRED_NOT_YET_VALID);
    free(jws);
    ck_cred_keyset_free(ks);
    ck_cred_keyring_free(kr);
}

static void revoked(void)
{
    ck_cred_keyring *kr = keyring("k.json");
    ck_cred_keyset *ks = keyset(kr);
    ck_cred_claims c = sample();
    ck_cred_verdict v;
    ck_err err = {0};
    char *jws = sign(kr, &c), *list_text = NULL, *other_text = NULL;
    ck_cred_revocation list[2] = {{"CK-AAAAA-BBBBB", T0 + 50}, {"CK-7M2QX-D9RTA", T0 + 3600}};
    ck_cred_rl *rl = NULL, *other = NULL;
    CK_CHECK_INT(
        ck_cred_rl_sign(&list_text, kr, "https://cert.example.org", T0 + 4000, list, 2, &err),
        CK_OK);
    CK_CHECK_INT(ck_cred_rl_load(&rl, list_text, strlen(list_text), ks, &err), CK_OK);
    CK_CHECK_INT(verify(jws, ks, rl, T0 + 7200, &v), CK_CRED_REVOKED);
    CK_CHECK(v.has_claims);
    CK_CHECK_INT(v.revoked_at, T0 + 3600);
    CK_CHECK_CONTAINS(v.reason, "revoked on 2025-03-11 14:33 UTC");
    /* Revocation is reported even once the certificate has also expired. */
    CK_CHECK_INT(verify(jws, ks, rl, c.exp + 10, &v), CK_CRED_REVOKED);
    /* A list without this id leaves it valid. */
    CK_CHECK_INT(ck_cred_rl_sign(&other_text, kr, "x", T0, list, 1, &err), CK_OK);
    CK_CHECK_INT(ck_cred_rl_load(&other, other_text, strlen(other_text), ks, &err), CK_OK);
    CK_CHECK_INT(verify(jws, ks, other, T0 + 7200, &v), CK_CRED_VALID);
    /* A revocation list is never a certificate. */
    CK_CHECK_INT(verify(list_text, ks, NULL, T0 + 7200, &v), CK_CRED_MALFORMED);
    CK_CHECK_CONTAINS(v.reason, "revocation list, not a certificate");
    ck_cred_rl_free(rl);
    ck_cred_rl_free(other);
    free(list_text);
    free(other_text);
    free(jws);
    ck_cred_keyset_free(ks);
    ck_cred_keyring_free(kr);
}

/* After a rotation, tokens of the old key still verify through the exported JWKS. */
static void rotate_then_verify_old(void)
{
    ck_cred_keyring *kr = keyring("k.json");
    ck_cred_keyset *ks = NULL, *only_new = NULL;
    ck_cred_claims c = sample();
    ck_cred_verdict v;
    ck_err err = {0};
    char *old = sign(kr, &c), *jwks = NULL, *jwk = NULL;
    CK_CHECK_INT(ck_cred_keyring_rotate(kr, T0 + 10, &err), CK_OK);
    char *fresh = sign(kr, &c);
    CK_CHECK_INT(ck_cred_keyring_jwks(&jwks, kr, &err), CK_OK);
    CK_CHECK_INT(ck_cred_keyset_from_jwks(&ks, jwks, strlen(jwks), &err), CK_OK);
    CK_CHECK_INT(verify(old, ks, NULL, T0 + 20, &v), CK_CRED_VALID);
    CK_CHECK_INT(verify(fresh, ks, NULL, T0 + 20, &v), CK_CRED_VALID);
    /* Pinning only the new JWK: the old token's key is unknown. */
    CK_CHECK_INT(ck_cred_keyring_jwk(&jwk, kr, &err), CK_OK);
    CK_CHECK_INT(ck_cred_keyset_from_jwks(&only_new, jwk, strlen(jwk), &err), CK_OK);
    CK_CHECK_INT(verify(old, only_new, NULL, T0 + 20, &v), CK_CRED_UNKNOWN_KEY);
    CK_CHECK_INT(verify(fresh, only_new, NULL, T0 + 20, &v), CK_CRED_VALID);
    /* A reopened keyring signs with the new key. */
    ck_cred_keyring *again = NULL;
    CK_CHECK_INT(ck_cred_keyring_open(&again, ck_test_path("k.json"), &err), CK_OK);
    char *third = again ? sign(again, &c) : NULL;
    CK_CHECK_INT(verify(third, only_new, NULL, T0 + 20, &v), CK_CRED_VALID);
    free(third);
    ck_cred_keyring_free(again);
    free(old);
    free(fresh);
    free(jwks);
    free(jwk);
    ck_cred_keyset_free(ks);
    ck_cred_keyset_free(only_new);
    ck_cred_keyring_free(kr);
}

static void expect_malformed(const char *jws, const ck_cred_keyset *ks, const char *needle)
{
    ck_cred_verdict v;
    CK_CHECK_INT(verify(jws, ks, NULL, T0, &v), CK_CRED_MALFORMED);
    CK_CHECK(!v.has_claims);
    if (needle)
        CK_CHECK_CONTAINS(v.reason, needle);
}

static void malformed_text(void)
{
    ck_cred_keyring *kr = keyring("k.json");
    ck_cred_keyset *ks = keyset(kr);
    ck_cred_claims c = sample();
    char *jws = sign(kr, &c);
    expect_malformed("", ks, "empty");
    expect_malformed(".", ks, "2 part");
    expect_malformed("..", ks, "header");
    expect_malformed("...", ks, "more than three");
    expect_malformed("abc", ks, "1 part");
    expect_malformed("\xff\xfe.\x80\x81.\xc0\xaf", ks, "not base64url");
    expect_malformed("e30.e30.e30.e30", ks, "more than three");
    size_t big = 1024 * 1024;
    char *huge = malloc(big + 1);
    memset(huge, 'A', big);
    huge[big] = '\0';
    expect_malformed(huge, ks, "longer than");
    memcpy(huge, jws, strlen(jws)); /* a real token followed by a megabyte */
    expect_malformed(huge, ks, "longer than");
    free(huge);
    /* Padding, blanks and foreign alphabets are not base64url. */
    char buf[CK_CRED_TOKEN_MAX + 16];
    snprintf(buf, sizeof buf, "%s=", jws);
    expect_malformed(buf, ks, NULL);
    snprintf(buf, sizeof buf, " %s", jws);
    expect_malformed(buf, ks, NULL);
    snprintf(buf, sizeof buf, "%s", jws);
    *strchr(buf, '.') = '+';
    expect_malformed(buf, ks, NULL);

    /* Headers that are not an object, and headers with fields we refuse. */
    const char *headers[] = {"[1,2]",
                             "\"EdDSA\"",
                             "42",
                             "null",
                             "{",
                             "{\"alg\":\"EdDSA\"}",
                             "{\"alg\":\"EdDSA\",\"kid\":7}",
                             "{\"kid\":\"x\"}",
                             "{\"alg\":[\"EdDSA\"],\"kid\":\"x\"}",
                             "\xff\xfe"};
    for (size_t i = 0; i < sizeof headers / sizeof headers[0]; i++) {
        char *h64 = b64(headers[i]);
        snprintf(buf, sizeof buf, "%s%s", h64, strchr(jws, '.')); /* the real payload + sig */
        expect_malformed(buf, ks, NULL);
        free(h64);
    }
    const char *extra[] = {"crit", "jku", "jwk", "x5u", "x5c", "cty", "b64", "zip"};
    for (size_t i = 0; i < sizeof extra / sizeof extra[0]; i++) {
        char header[200];
        snprintf(header, sizeof header, "{\"alg\":\"EdDSA\",\"kid\":\"%s\",\"%s\":\"x\"}",
                 ck_cred_keyring_kid(kr), extra[i]);
        char *payload = part(jws, 1);
        char *t = craft(kr, header, payload);
        expect_malformed(t, ks, extra[i]);
        free(t);
        free(payload);
    }
    /* Duplicate header fields: the second alg must not win. */
    char header[200];
    snprintf(header, sizeof header, "{\"alg\":\"none\",\"kid\":\"%s\",\"alg\":\"EdDSA\"}",
             ck_cred_keyring_kid(kr));
    char *payload = part(jws, 1), *t = craft(kr, header, payload);
    expect_malformed(t, ks, "header is not a JSON object");
    free(t);
    /* typ JWT is fine, any other typ is not. */
    ck_cred_verdict v;
    snprintf(header, sizeof header, "{\"alg\":\"EdDSA\",\"kid\":\"%s\",\"typ\":\"JWT\"}",
             ck_cred_keyring_kid(kr));
    t = craft(kr, header, payload);
    CK_CHECK_INT(verify(t, ks, NULL, T0, &v), CK_CRED_VALID);
    free(t);
    snprintf(header, sizeof header, "{\"alg\":\"EdDSA\",\"kid\":\"%s\",\"typ\":\"dpop+jwt\"}",
             ck_cred_keyring_kid(kr));
    t = craft(kr, header, payload);
    expect_malformed(t, ks, "not a certificate");
    free(t);
    free(payload);
    free(jws);
    ck_cred_keyset_free(ks);
    ck_cred_keyring_free(kr);
}

/* Well-signed payloads that are not valid claims. */
static void malformed_claims(void)
{
    ck_cred_keyring *kr = keyring("k.json");
    ck_cred_keyset *ks = keyset(kr);
    char header[128];
    snprintf(header, sizeof header, "{\"alg\":\"EdDSA\",\"kid\":\"%s\"}", ck_cred_keyring_kid(kr));
#define GOOD_REST "\"nam\":\"A\",\"crs\":\"C\",\"trn\":\"T\",\"dys\":[\"2025-03-10\"],\"hrs\":8}"
#define GOOD_HEAD "{\"iss\":\"i\",\"jti\":\"CK-1\",\"iat\":1741700000,\"exp\":1800000000,"
    struct {
        const char *payload, *needle;
    } cases[] = {
        {GOOD_HEAD GOOD_REST, NULL}, /* the control: this one is valid */
        {"[1,2,3]", "not a JSON object"},
        {"\"text\"", "not a JSON object"},
        {"{", "not a JSON object"},
        {"\xff\xfe\xfd", "not a JSON object"},
        {"{\"iss\":\"i\xff\",\"jti\":\"CK-1\",\"iat\":1741700000,\"exp\":1800000000," GOOD_REST,
         "not a JSON object"},
        {"{\"iss\":\"i\",\"jti\":\"CK-1\",\"iat\":\"1741700000\",\"exp\":1800000000," GOOD_REST,
         "\"iat\""},
        {"{\"iss\":\"i\",\"jti\":\"CK-1\",\"iat\":1741700000.0,\"exp\":1800000000," GOOD_REST,
         "\"iat\""},
        {"{\"iss\":\"i\",\"jti\":\"CK-1\",\"iat\":1741700000,\"exp\":-5," GOOD_REST, "\"exp\""},
        {"{\"iss\":\"i\",\"jti\":\"CK-1\",\"iat\":1741700000,\"exp\":"
         "99999999999999999999," GOOD_REST,
         "not a JSON object"},
        {"{\"iss\":\"i\",\"jti\":\"CK-1\",\"iat\":1741700000,\"exp\":1741700000," GOOD_REST,
         "expires"},
        {"{\"iss\":\"i\",\"jti\":7,\"iat\":1741700000,\"exp\":1800000000," GOOD_REST, "\"jti\""},
        {"{\"iss\":\"i\",\"jti\":\"CK 1\",\"iat\":1741700000,\"exp\":1800000000," GOOD_REST,
         "\"jti\""},
        {"{\"jti\":\"CK-1\",\"iat\":1741700000,\"exp\":1800000000," GOOD_REST,
         "\"iss\" is missing"},
        {GOOD_HEAD "\"crs\":\"C\",\"trn\":\"T\",\"dys\":[\"2025-03-10\"],\"hrs\":8}",
         "\"nam\" is missing"},
        {GOOD_HEAD "\"nam\":\"\",\"crs\":\"C\",\"trn\":\"T\",\"dys\":[\"2025-03-10\"],\"hrs\":8}",
         "\"nam\""},
        {GOOD_HEAD "\"nam\":\"A\\u0007\",\"crs\":\"C\",\"trn\":\"T\",\"dys\":[\"2025-03-10\"],"
                   "\"hrs\":8}",
         "\"nam\""},
        {GOOD_HEAD "\"nam\":\"A\\u0000B\",\"crs\":\"C\",\"trn\":\"T\",\"dys\":[\"2025-03-10\"],"
                   "\"hrs\":8}",
         "not a JSON object"},
        {GOOD_HEAD "\"nam\":[\"A\"],\"crs\":\"C\",\"trn\":\"T\",\"dys\":[\"2025-03-10\"],"
                   "\"hrs\":8}",
         "\"nam\""},
        {GOOD_HEAD "\"nam\":\"A\",\"crs\":\"C\",\"trn\":\"T\",\"dys\":\"2025-03-10\",\"hrs\":8}",
         "\"dys\""},
        {GOOD_HEAD "\"nam\":\"A\",\"crs\":\"C\",\"trn\":\"T\",\"dys\":[],\"hrs\":8}", "\"dys\""},
        {GOOD_HEAD "\"nam\":\"A\",\"crs\":\"C\",\"trn\":\"T\",\"dys\":[\"2025-02-29\"],\"hrs\":8}",
         "\"dys\""},
        {GOOD_HEAD "\"nam\":\"A\",\"crs\":\"C\",\"trn\":\"T\",\"dys\":[\"2025-3-10\"],\"hrs\":8}",
         "\"dys\""},
        {GOOD_HEAD "\"nam\":\"A\",\"crs\":\"C\",\"trn\":\"T\",\"dys\":[\"2025-03-11\","
                   "\"2025-03-10\"],\"hrs\":8}",
         "\"dys\""},
        {GOOD_HEAD "\"nam\":\"A\",\"crs\":\"C\",\"trn\":\"T\",\"dys\":[20250310],\"hrs\":8}",
         "\"dys\""},
        {GOOD_HEAD "\"nam\":\"A\",\"crs\":\"C\",\"trn\":\"T\",\"dys\":[\"2025-03-10\"],"
                   "\"hrs\":\"8\"}",
         "\"hrs\""},
        {GOOD_HEAD "\"nam\":\"A\",\"crs\":\"C\",\"trn\":\"T\",\"dys\":[\"2025-03-10\"],\"hrs\":0}",
         "\"hrs\""},
        {GOOD_HEAD "\"nam\":\"A\",\"crs\":\"C\",\"trn\":\"T\",\"dys\":[\"2025-03-10\"]}",
         "\"hrs\""},
        /* More than nothing, less than a station signs (found by tests/fuzz/token.c). */
        {GOOD_HEAD "\"nam\":\"A\",\"crs\":\"C\",\"trn\":\"T\",\"dys\":[\"2025-03-10\"],"
                   "\"hrs\":0.001}",
         "\"hrs\""},
        {GOOD_HEAD "\"nam\":\"A\",\"crs\":\"C\",\"trn\":\"T\",\"dys\":[\"2025-03-10\"],\"hrs\":8,"
                   "\"hrs\":9}",
         "not a JSON object"},
        {GOOD_HEAD "\"nam\":\"A\",\"crs\":\"C\",\"trn\":\"T\",\"tcr\":5,\"dys\":[\"2025-03-10\"],"
                   "\"hrs\":8}",
         "\"tcr\""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ck_cred_verdict v;
        char *t = craft(kr, header, cases[i].payload);
        ck_cred_status st = verify(t, ks, NULL, T0, &v);
        if (!cases[i].needle) {
            CK_CHECK_INT(st, CK_CRED_VALID);
        } else {
            if (st != CK_CRED_MALFORMED || !strstr(v.reason, cases[i].needle))
                ck_test_fail(__FILE__, __LINE__, "case %zu: status %s, reason \"%s\"", i,
                             ck_cred_status_name(st), v.reason);
            CK_CHECK(!v.has_claims);
            CK_CHECK_STR(v.claims.name, "");
        }
        free(t);
    }
    ck_cred_keyset_free(ks);
    ck_cred_keyring_free(kr);
}

static void expect_unsignable(ck_cred_claims c, const char *needle)
{
    ck_cred_keyring *kr = keyring("k.json");
    char *jws = (char *)"untouched";
    ck_err err = {0};
    CK_CHECK_INT(ck_cred_token_sign(&jws, kr, &c, &err), CK_EINVAL);
    CK_CHECK(jws == NULL);
    CK_CHECK_CONTAINS(err.msg, needle);
    ck_cred_keyring_free(kr);
    remove(ck_test_path("k.json"));
}

static void bad_claims_refused(void)
{
    ck_cred_claims c = sample();
    c.name[0] = '\0';
    expect_unsignable(c, "holder name");
    c = sample();
    memset(c.name, 'A', sizeof c.name); /* not terminated within 200 bytes */
    expect_unsignable(c, "NUL-terminated");
    c = sample();
    c.course[3] = '\n';
    expect_unsignable(c, "control");
    c = sample();
    c.trainer[1] = (char)0xc3; /* a lone lead byte */
    c.trainer[2] = 'x';
    expect_unsignable(c, "UTF-8");
    c = sample();
    snprintf(c.location, sizeof c.location, "\xed\xa0\x80"); /* a surrogate */
    expect_unsignable(c, "UTF-8");
    c = sample();
    snprintf(c.days[1], sizeof c.days[1], "2025-02-30");
    expect_unsignable(c, "real date");
    c = sample();
    snprintf(c.days[1], sizeof c.days[1], "2025-03-10");
    expect_unsignable(c, "ascending");
    c = sample();
    c.ndays = 0;
    expect_unsignable(c, "1 to 14");
    c = sample();
    c.ndays = 15;
    expect_unsignable(c, "1 to 14");
    c = sample();
    c.hours = 0;
    expect_unsignable(c, "contact hours");
    c = sample();
    c.hours = -1.0 / 0.0;
    expect_unsignable(c, "contact hours");
    c = sample();
    c.exp = c.iat;
    expect_unsignable(c, "not after");
    c = sample();
    c.jti[2] = ' ';
    expect_unsignable(c, "certificate id");
    c = sample();
    c.iat = -1;
    expect_unsignable(c, "1970");
    ck_err err = {0};
    char *jws = NULL;
    CK_CHECK_INT(ck_cred_token_sign(&jws, NULL, &c, &err), CK_EINVAL);
    CK_CHECK_INT(ck_cred_claims_check(NULL, &err), CK_EINVAL);
}

static void bad_arguments(void)
{
    ck_cred_keyring *kr = keyring("k.json");
    ck_cred_keyset *ks = keyset(kr);
    ck_cred_verdict v;
    ck_err err = {0};
    CK_CHECK_INT(ck_cred_token_verify(&v, NULL, ks, NULL, T0, &err), CK_EINVAL);
    CK_CHECK_INT(ck_cred_token_verify(&v, "a.b.c", NULL, NULL, T0, &err), CK_EINVAL);
    CK_CHECK_CONTAINS(err.msg, "JWKS");
    CK_CHECK_STR(ck_cred_status_name(CK_CRED_REVOKED), "revoked");
    CK_CHECK_STR(ck_cred_status_name((ck_cred_status)99), "unknown status");
    ck_cred_keyset_free(ks);
    ck_cred_keyring_free(kr);
}

int main(int argc, char **argv)
{
    ck_test_init(argc, argv);
    CK_RUN(round_trip);
    CK_RUN(optional_claims);
    CK_RUN(largest_claims);
    CK_RUN(every_single_change_rejected);
    CK_RUN(other_key_unknown);
    CK_RUN(same_kid_wrong_key);
    CK_RUN(bad_algorithms);
    CK_RUN(times);
    CK_RUN(revoked);
    CK_RUN(rotate_then_verify_old);
    CK_RUN(malformed_text);
    CK_RUN(malformed_claims);
    CK_RUN(bad_claims_refused);
    CK_RUN(bad_arguments);
    return ck_test_done();
}
