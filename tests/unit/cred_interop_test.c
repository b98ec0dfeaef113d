/* Tokens made by cred/ verify with other JOSE libraries (npm jose, PyJWT), and tampered ones
 * do not. */
#include <jansson.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "ck_test.h"
#include "cred/jws.h"
#include "cred/key.h"
#include "cred/token.h"

#define ISS "https://cert.example.org"

static char missing[1024];
static char node_modules_dir[4096];
static const char *python;

static void note_missing(const char *why)
{
    size_t n = strlen(missing);
    printf("  skip: %s\n", why);
    snprintf(missing + n, sizeof missing - n, "%s%s", n ? "; " : "", why);
}

/* BUILD_DIR/interop, where scripts/test.d/10-interop installs jose ($CK_INTEROP_DIR wins). */
static void find_node_modules(void)
{
    const char *env = getenv("CK_INTEROP_DIR");
    char exe[4096];
    ssize_t n;
    if (env && *env) {
        snprintf(node_modules_dir, sizeof node_modules_dir, "%s", env);
        return;
    }
    n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0) {
        snprintf(node_modules_dir, sizeof node_modules_dir, "interop");
        return;
    }
    exe[n] = '\0';
    char *tests_dir = dirname(exe); /* BUILD/tests */
    char *build_dir = dirname(tests_dir);
    snprintf(node_modules_dir, sizeof node_modules_dir, "%s/interop", build_dir);
}

static bool runs(const char *const *argv)
{
    ck_proc p = {0};
    int st = ck_test_exec(&p, NULL, argv);
    ck_proc_clear(&p);
    return st == 0;
}

static bool have_jose(void)
{
    const char *node_v[] = {"node", "--version", NULL};
    char pkg[4200];
    if (!runs(node_v)) {
        note_missing("node is not installed (scripts/deps test)");
        return false;
    }
    snprintf(pkg, sizeof pkg, "%s/node_modules/jose/package.json", node_modules_dir);
    if (access(pkg, R_OK) != 0) {
        char why[4400];
        snprintf(why, sizeof why, "npm jose is not in %s (run scripts/test.d/10-interop BUILD_DIR)",
                 node_modules_dir);
        note_missing(why);
        return false;
    }
    return true;
}

static bool have_pyjwt(void)
{
    static const char *candidates[] = {"/usr/bin/python3", "python3"};
    for (size_t i = 0; i < 2; i++) {
        const char *argv[] = {candidates[i], "-c",
                              "import jwt, cryptography.hazmat.primitives.asymmetric.ed25519",
                              NULL};
        if (runs(argv)) {
            python = candidates[i];
            return true;
        }
    }
    note_missing("python3 with PyJWT and cryptography is not installed (python3-jwt, "
                 "python3-cryptography)");
    return false;
}

/* The files both verifiers read, made once. */
static struct {
    bool ready;
    char kid[CK_CRED_KID_LEN + 1], old_kid[CK_CRED_KID_LEN + 1];
    char dir[4096];
} fx;

static char *sign_or_fail(const ck_cred_keyring *kr, const ck_cred_claims *c)
{
    char *jws = NULL;
    ck_err err = {0};
    if (ck_cred_token_sign(&jws, kr, c, &err) != CK_OK)
        ck_test_fail(__FILE__, __LINE__, "sign: %s", err.msg);
    return jws;
}

static void put(const char *name, const char *text)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", fx.dir, name);
    if (!text || !ck_test_write_file(path, text))
        ck_test_fail(__FILE__, __LINE__, "cannot write %s", path);
}

static ck_cred_claims claims_now(void)
{
    int64_t now = (int64_t)time(NULL);
    ck_cred_claims c = {.iss = ISS,
                        .jti = "CK-7M2QX-D9RTA",
                        .iat = now - 60,
                        .exp = now + 2 * 365 * 86400,
                        .name = "Zoë Ångström-O'Neill",
                        .course = "Certified Scrum Product Owner®",
                        .trainer = "Jürgen Ñúñez",
                        .location = "Berlin",
                        .ndays = 2,
                        .days = {"2025-03-10", "2025-03-11"},
                        .hours = 14.5};
    return c;
}

static void make_fixture(void)
{
    ck_cred_keyring *kr = NULL, *other = NULL;
    ck_err err = {0};
    char *jwk = NULL, *jwks = NULL, *token = NULL, *fresh = NULL, *expired = NULL;
    char *forged = NULL, header[128];
    if (fx.ready)
        return;
    snprintf(fx.dir, sizeof fx.dir, "%s", ck_test_tmpdir());
    int64_t now = (int64_t)time(NULL);
    ck_cred_claims c = claims_now();
    if (ck_cred_keyring_create(&kr, ck_test_path("keys.json"), now - 3600, &err) != CK_OK ||
        ck_cred_keyring_create(&other, ck_test_path("other.json"), now - 3600, &err) != CK_OK) {
        ck_test_fail(__FILE__, __LINE__, "keyring: %s", err.msg);
        goto cleanup;
    }
    snprintf(fx.old_kid, sizeof fx.old_kid, "%s", ck_cred_keyring_kid(kr));
    token = sign_or_fail(kr, &c);
    CK_CHECK_INT(ck_cred_keyring_jwk(&jwk, kr, &err), CK_OK);
    put("token.jws", token);
    put("jwk.json", jwk);

    /* Tampered: one payload character changed (the token stays well-formed base64url). */
    char *t = strdup(token);
    char *mid = strchr(t, '.') + 20;
    *mid = *mid == 'x' ? 'y' : 'x';
    put("tampered.jws", t);
    free(t);
    /* Forged: the genuine kid, signed by another key. */
    snprintf(header, sizeof header, "{\"alg\":\"EdDSA\",\"kid\":\"%s\"}", fx.old_kid);
    unsigned char *payload = NULL;
    size_t plen = 0;
    const char *p = strchr(token, '.') + 1;
    CK_CHECK(ck_cred_b64url_decode(&payload, &plen, p, (size_t)(strchr(p, '.') - p), 8192));
    CK_CHECK_INT(ck_cred_jws_sign(&forged, other, header, (const char *)payload, plen, &err),
                 CK_OK);
    put("forged.jws", forged);
    free(payload);
    /* Unsigned: alg none, empty signature. */
    char *h64 = ck_cred_b64url_encode((const unsigned char *)"{\"alg\":\"none\"}", 14);
    char none[CK_CRED_TOKEN_MAX + 1];
    snprintf(none, sizeof none, "%s.%.*s.", h64, (int)(strrchr(token, '.') - p), p);
    put("none.jws", none);
    free(h64);
    /* Expired a day ago. */
    ck_cred_claims old = c;
    old.iat = now - 3 * 86400;
    old.exp = now - 86400;
    expired = sign_or_fail(kr, &old);
    put("expired.jws", expired);

    /* Rotate: the old token must still verify through the JWKS, next to a new one. */
    CK_CHECK_INT(ck_cred_keyring_rotate(kr, now - 1800, &err), CK_OK);
    snprintf(fx.kid, sizeof fx.kid, "%s", ck_cred_keyring_kid(kr));
    fresh = sign_or_fail(kr, &c);
    CK_CHECK_INT(ck_cred_keyring_jwks(&jwks, kr, &err), CK_OK);
    put("fresh.jws", fresh);
    put("jwks.json", jwks);
    fx.ready = true;
cleanup:
    free(jwk);
    free(jwks);
    free(token);
    free(fresh);
    free(expired);
    free(forged);
    ck_cred_keyring_free(kr);
    ck_cred_keyring_free(other);
}

/* Run one verifier on key file and token file; its status, and its JSON output if it passed. */
static int run(bool node, const char *key, const char *token, json_t **out, char **err_text)
{
    char script[4200], keyp[4200], tokp[4200];
    ck_proc p = {0};
    snprintf(script, sizeof script, "%s/tests/interop/%s", ck_test_source_dir(),
             node ? "jose_verify.cjs" : "pyjwt_verify.py");
    snprintf(keyp, sizeof keyp, "%s/%s", fx.dir, key);
    snprintf(tokp, sizeof tokp, "%s/%s", fx.dir, token);
    const char *node_argv[] = {"node", script, node_modules_dir, keyp, tokp, ISS, NULL};
    const char *py_argv[] = {python, script, keyp, tokp, ISS, NULL};
    int st = ck_test_exec(&p, NULL, node ? node_argv : py_argv);
    *out = st == 0 ? json_loads(p.out, 0, NULL) : NULL;
    *err_text = strdup(p.err);
    ck_proc_clear(&p);
    return st;
}

static const char *str_at(json_t *o, const char *a, const char *b)
{
    return json_string_value(json_object_get(json_object_get(o, a), b));
}

/* The token verifies, and the library reads back exactly our claims. */
static void expect_accepted(bool node, const char *key, const char *token, const char *kid)
{
    json_t *o = NULL;
    char *err_text = NULL;
    int st = run(node, key, token, &o, &err_text);
    if (st != 0)
        ck_test_fail(__FILE__, __LINE__, "%s rejected %s with %s: %s", node ? "jose" : "PyJWT",
                     token, key, err_text);
    if (o) {
        ck_cred_claims c = claims_now();
        CK_CHECK_STR(str_at(o, "header", "alg"), "EdDSA");
        CK_CHECK_STR(str_at(o, "header", "kid"), kid);
        CK_CHECK_STR(str_at(o, "claims", "iss"), ISS);
        CK_CHECK_STR(str_at(o, "claims", "jti"), c.jti);
        CK_CHECK_STR(str_at(o, "claims", "nam"), c.name);
        CK_CHECK_STR(str_at(o, "claims", "crs"), c.course);
        CK_CHECK_STR(str_at(o, "claims", "trn"), c.trainer);
        CK_CHECK_STR(str_at(o, "claims", "loc"), c.location);
        json_t *claims = json_object_get(o, "claims");
        CK_CHECK(json_object_get(claims, "tcr") == NULL);
        CK_CHECK(json_number_value(json_object_get(claims, "hrs")) == 14.5);
        json_t *days = json_object_get(claims, "dys");
        CK_CHECK_INT(json_array_size(days), 2);
        CK_CHECK_STR(json_string_value(json_array_get(days, 1)), "2025-03-11");
        /* jose computes the RFC 7638 thumbprint of the JWK itself: it must be our kid. */
        if (node && strcmp(key, "jwk.json") == 0)
            CK_CHECK_STR(json_string_value(json_object_get(o, "thumbprint")), kid);
    } else if (st == 0) {
        ck_test_fail(__FILE__, __LINE__, "%s printed no JSON", node ? "jose" : "PyJWT");
    }
    json_decref(o);
    free(err_text);
}

/* The library refuses the token as a verification failure (exit 1), not a crash. */
static void expect_rejected(bool node, const char *key, const char *token, const char *needle)
{
    json_t *o = NULL;
    char *err_text = NULL;
    int st = run(node, key, token, &o, &err_text);
    if (st != 1)
        ck_test_fail(__FILE__, __LINE__, "%s on %s: exit %d (want 1), stderr: %s",
                     node ? "jose" : "PyJWT", token, st, err_text);
    CK_CHECK_CONTAINS(err_text, "rejected");
    if (needle)
        CK_CHECK_CONTAINS(err_text, needle);
    json_decref(o);
    free(err_text);
}

static void check_library(bool node)
{
    make_fixture();
    if (!fx.ready)
        return;
    expect_accepted(node, "jwk.json", "token.jws", fx.old_kid);
    expect_accepted(node, "jwks.json", "token.jws", fx.old_kid);
    expect_accepted(node, "jwks.json", "fresh.jws", fx.kid);
    expect_rejected(node, "jwk.json", "tampered.jws", NULL);
    expect_rejected(node, "jwks.json", "tampered.jws", NULL);
    expect_rejected(node, "jwk.json", "forged.jws", NULL);
    expect_rejected(node, "jwk.json", "none.jws", NULL);
    expect_rejected(node, "jwk.json", "expired.jws", node ? "exp" : "Expired");
    /* The new key alone (the JWK exported before rotation is the old one) does not verify a
     * token of the new key. */
    expect_rejected(node, "jwk.json", "fresh.jws", NULL);
}

static void jose(void)
{
    if (have_jose())
        check_library(true);
}

static void pyjwt(void)
{
    if (have_pyjwt())
        check_library(false);
}

int main(int argc, char **argv)
{
    ck_test_init(argc, argv);
    find_node_modules();
    CK_RUN(jose);
    CK_RUN(pyjwt);
    int rc = ck_test_done();
    if (rc == 0 && missing[0]) {
        printf("skipped: %s\n", missing);
        return CK_TEST_SKIP;
    }
    return rc;
}
