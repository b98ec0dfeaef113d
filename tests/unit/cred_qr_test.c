/* QR text: digits encoding, prefixes, and decoding what scanners deliver (cred/qr.h). */
#include <stdio.h>
#include <stdlib.h>

#include "ck_test.h"
#include "cred/key.h"
#include "cred/qr.h"
#include "cred/token.h"

#define T0 1741700000

/* A short fake token, enough for the digit rules. */
#define FAKE "eyJ.a-_.Zz9"
#define FAKE_DIGITS                                                                                \
    "567629"                                                                                       \
    "01"                                                                                           \
    "520050"                                                                                       \
    "01"                                                                                           \
    "457712"

static char *encode(const char *jws, const char *url)
{
    char *out = NULL;
    ck_err err = {0};
    if (ck_cred_qr_encode(&out, jws, url, &err) != CK_OK)
        ck_test_fail(__FILE__, __LINE__, "encode: %s", err.msg);
    return out;
}

static char *decode(const char *text, size_t len)
{
    char *out = NULL;
    ck_err err = {0};
    if (ck_cred_qr_decode(&out, text, len, &err) != CK_OK)
        ck_test_fail(__FILE__, __LINE__, "decode \"%.60s\": %s", text, err.msg);
    return out;
}

static void digits(void)
{
    char *t = encode(FAKE, NULL);
    CK_CHECK_STR(t, "CKCERT:/" FAKE_DIGITS);
    CK_CHECK_INT(ck_cred_qr_prefix_len(t), strlen("CKCERT:/"));
    free(t);
    t = encode(FAKE, "");
    CK_CHECK_STR(t, "CKCERT:/" FAKE_DIGITS);
    free(t);
    t = encode(FAKE, "https://cert.example.org/v");
    CK_CHECK_STR(t, "https://cert.example.org/v#" FAKE_DIGITS);
    CK_CHECK_INT(ck_cred_qr_prefix_len(t), strlen("https://cert.example.org/v#"));
    free(t);
    t = encode(FAKE, "https://cert.example.org/v#");
    CK_CHECK_STR(t, "https://cert.example.org/v#" FAKE_DIGITS);
    free(t);
    /* Every character a token may hold maps to two digits and back. */
    char all[80];
    size_t n = 0;
    for (int c = '-'; c <= 'z'; c++)
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '_')
            all[n++] = (char)c;
    all[n] = '\0';
    char jws[200];
    snprintf(jws, sizeof jws, "%s.%s.%s", all, all, all);
    t = encode(jws, NULL);
    CK_CHECK_INT(strlen(t), 8 + 2 * strlen(jws));
    char *back = decode(t, strlen(t));
    CK_CHECK_STR(back, jws);
    free(back);
    free(t);
}

static void encode_refused(void)
{
    ck_err err = {0};
    char *out = NULL;
    const char *jws_bad[] = {"",     "abc",  "a.b",     "a.b.c.d", "a..c",
                             ".b.c", "a.b.", "a.b.c d", "a.b.c=",  "a+b.c.d"};
    for (size_t i = 0; i < sizeof jws_bad / sizeof jws_bad[0]; i++) {
        CK_CHECK_INT(ck_cred_qr_encode(&out, jws_bad[i], NULL, &err), CK_EINVAL);
        CK_CHECK_CONTAINS(err.msg, "not a signed token");
    }
    CK_CHECK_INT(ck_cred_qr_encode(&out, NULL, NULL, &err), CK_EINVAL);
    const char *url_bad[] = {"https://x.org/v#frag",
                             "https://x.org/a b",
                             "cert.example.org/v",
                             "https://x.org/\xc3\xa4",
                             "://x",
                             "1https://x",
                             "https:"};
    for (size_t i = 0; i < sizeof url_bad / sizeof url_bad[0]; i++)
        CK_CHECK_INT(ck_cred_qr_encode(&out, FAKE, url_bad[i], &err), CK_EINVAL);
    char long_url[700];
    memset(long_url, 'a', sizeof long_url - 1);
    long_url[sizeof long_url - 1] = '\0';
    memcpy(long_url, "https://", 8);
    CK_CHECK_INT(ck_cred_qr_encode(&out, FAKE, long_url, &err), CK_EINVAL);
    CK_CHECK_CONTAINS(err.msg, "longer than");
    CK_CHECK(out == NULL);
}

static void decode_forms(void)
{
    struct {
        const char *scan;
    } cases[] = {
        {"CKCERT:/" FAKE_DIGITS},
        {"https://cert.example.org/v#" FAKE_DIGITS},
        {FAKE},
        {FAKE "\r\n"},
        {"  CKCERT:/" FAKE_DIGITS " \r\n"},
        {FAKE_DIGITS},
        /* A German layout reading a US scanner: '#' -> '§' (or '\''), '/' -> '-', ':' -> 'Ö'. */
        {"https\xc3\x96--cert.example.org-v\xc2\xa7" FAKE_DIGITS},
        {"https\xc3\x96--cert.example.org-v'" FAKE_DIGITS},
        {"CKCERT\xc3\x96-" FAKE_DIGITS "\n"},
        /* A French layout: digits survive here, the rest is mangled. */
        {"hqttps.!!cert;exq,ple;org!v\"" FAKE_DIGITS},
        /* The '#' dropped after a digit, or turned into one. */
        {"https://cert.example.org/v2" FAKE_DIGITS},
        {"https://cert.example.org/v3" FAKE_DIGITS},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *t = decode(cases[i].scan, strlen(cases[i].scan));
        if (!t || strcmp(t, FAKE) != 0)
            ck_test_fail(__FILE__, __LINE__, "case %zu gave \"%s\"", i, t ? t : "(null)");
        free(t);
    }
}

static void expect_refused(const char *text, size_t len, const char *needle)
{
    char *out = (char *)"untouched";
    ck_err err = {0};
    CK_CHECK_INT(ck_cred_qr_decode(&out, text, len, &err), CK_EINVAL);
    CK_CHECK(out == NULL);
    if (needle)
        CK_CHECK_CONTAINS(err.msg, needle);
}

static void decode_refused(void)
{
    expect_refused("", 0, "nothing was scanned");
    expect_refused(NULL, 5, "nothing was scanned");
    expect_refused(" \r\n\t", 4, "blank");
    expect_refused("hello", 5, "does not end in the digits");
    expect_refused("CKCERT:/", 8, "does not end in the digits");
    expect_refused("CKCERT:/5", 9, "does not end in the digits");
    expect_refused("CKCERT:/99999999", 16, "do not spell"); /* 99 is past 'z' */
    expect_refused("CKCERT:/56762901", 16, "do not spell"); /* "eyJ." is not 3 parts */
    expect_refused("CKCERT:/02020202", 16, "do not spell"); /* '/' is not base64url */
    expect_refused("https://x.org/#abc", 18, "does not end in the digits");
    char big[CK_CRED_QR_TEXT_MAX + 10];
    memset(big, '5', sizeof big);
    expect_refused(big, sizeof big, "more than");
    /* A NUL inside the text is just a byte that is not a digit. */
    expect_refused("CKCERT:/5676\0"
                   "2901",
                   17, "do not spell");
}

/* Random bytes, random lengths, digit tails: a result is either an error or a JWS shape. */
static void fuzz(void)
{
    unsigned state = 12345;
    char buf[600];
    int ok = 0;
    for (int round = 0; round < 20000; round++) {
        size_t len = (state = state * 1103515245u + 12345u) % sizeof buf;
        for (size_t i = 0; i < len; i++) {
            state = state * 1103515245u + 12345u;
            int pick = (state >> 16) % 4;
            buf[i] = pick == 0   ? (char)(state >> 8)
                     : pick == 1 ? (char)('0' + (state >> 9) % 10)
                     : pick == 2 ? "-._eyJ#/:"[(state >> 7) % 9]
                                 : (char)('0' + (state >> 10) % 8);
        }
        char *out = NULL;
        ck_err err = {0};
        if (ck_cred_qr_decode(&out, buf, len, &err) == CK_OK) {
            ok++;
            CK_CHECK(out && strlen(out) >= 5 &&
                     strspn(out, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                 "abcdefghijklmnopqrstuvwxyz"
                                 "0123456789-_.") == strlen(out));
        } else {
            CK_CHECK(out == NULL && err.msg[0]);
        }
        free(out);
    }
    printf("  %d of 20000 random scans decoded to a token shape\n", ok);
}

/* A real token survives encode, a mangled scan and decode, and still verifies. */
static void real_token(void)
{
    ck_cred_keyring *kr = NULL;
    ck_cred_keyset *ks = NULL;
    ck_err err = {0};
    CK_CHECK_INT(ck_cred_keyring_create(&kr, ck_test_path("k.json"), T0, &err), CK_OK);
    CK_CHECK_INT(ck_cred_keyring_keyset(&ks, kr, &err), CK_OK);
    ck_cred_claims c = {.iss = "https://cert.example.org",
                        .jti = "CK-7M2QX-D9RTA",
                        .iat = T0,
                        .exp = T0 + 86400,
                        .name = "Zoë",
                        .course = "CSPO",
                        .trainer = "T",
                        .ndays = 1,
                        .days = {"2025-03-11"},
                        .hours = 8};
    char *jws = NULL;
    CK_CHECK_INT(ck_cred_token_sign(&jws, kr, &c, &err), CK_OK);
    char *qr = encode(jws, "https://cert.example.org/verify");
    CK_CHECK_INT(strlen(qr), strlen("https://cert.example.org/verify#") + 2 * strlen(jws));
    /* '-' -> 'ß', '_' -> '?' and ':' -> 'Ö' cannot hit the digits; mangle the prefix only. */
    char scan[CK_CRED_QR_TEXT_MAX];
    snprintf(scan, sizeof scan, "https\xc3\x96--cert.example.org-verify\xc2\xa7%s\r\n",
             qr + ck_cred_qr_prefix_len(qr));
    char *back = decode(scan, strlen(scan));
    CK_CHECK_STR(back, jws);
    ck_cred_verdict v;
    CK_CHECK_INT(ck_cred_token_verify(&v, back, ks, NULL, T0 + 5, &err), CK_OK);
    CK_CHECK_INT(v.status, CK_CRED_VALID);
    free(back);
    free(qr);
    free(jws);
    ck_cred_keyset_free(ks);
    ck_cred_keyring_free(kr);
}

int main(int argc, char **argv)
{
    ck_test_init(argc, argv);
    CK_RUN(digits);
    CK_RUN(encode_refused);
    CK_RUN(decode_forms);
    CK_RUN(decode_refused);
    CK_RUN(fuzz);
    CK_RUN(real_token);
    return ck_test_done();
}
