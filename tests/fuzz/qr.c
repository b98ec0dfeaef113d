/* Fuzzing cred/qr: any bytes as scanned text, and as a verify URL. What decodes has the shape of
 * a compact JWS; encoding it again, under any accepted prefix, decodes back to the same token;
 * a verify URL that encodes is the QR text's exact prefix. */
#include <stdlib.h>
#include <string.h>

#include "cred/qr.h"
#include "cred/token.h"
#include "fuzz.h"

const char *const ck_fuzz_known_bugs[] = {NULL};

/* Prefixes the encoder accepts, one of them ending in digits. */
static const char *const URLS[] = {NULL, "https://verify.example.org/c",
                                   "https://verify.example.org/c#", "file:///srv/verify/index.html",
                                   "https://verify.example.org/2026"};

/* A token's shape (the header and payload of a real one, a short signature). */
static const char TOKEN[] = "eyJhbGciOiJFZERTQSIsImtpZCI6IjEyMyJ9.eyJqdGkiOiJDSy03TTJRWC1EOVJUQSJ9."
                            "c2lnbmF0dXJlX2hlcmU";

static bool jws_char(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == '.';
}

static void check_shape(const char *jws)
{
    size_t n = strlen(jws), dots = 0;
    CK_PROPERTY(n > 0 && n <= CK_CRED_TOKEN_MAX, "a decoded token of %zu characters", n);
    for (size_t i = 0; i < n; i++) {
        CK_PROPERTY(jws_char(jws[i]), "the decoded token holds the byte 0x%02x",
                    (unsigned char)jws[i]);
        dots += jws[i] == '.';
    }
    const char *d1 = strchr(jws, '.'), *d2 = d1 ? strchr(d1 + 1, '.') : NULL;
    CK_PROPERTY(dots == 2 && d1 != jws && d2 != d1 + 1, "\"%s\" is not three parts", jws);
}

/* Encode jws under url, check the text, decode it back. */
static void check_encode(const char *jws, const char *url)
{
    char *text = NULL, *back = NULL;
    ck_err err = {0};
    const char *d2 = strrchr(jws, '.');
    bool signed_ = d2 && d2[1];
    if (ck_cred_qr_encode(&text, jws, url, &err) != CK_OK) {
        CK_PROPERTY(!signed_, "a well-formed token does not encode under \"%s\": %s",
                    url ? url : "(none)", err.msg);
        return;
    }
    CK_PROPERTY(signed_, "a token without a signature was encoded");
    size_t plen =
        url && *url ? strlen(url) + (url[strlen(url) - 1] != '#') : strlen(CK_CRED_QR_PREFIX);
    CK_PROPERTY(ck_cred_qr_prefix_len(text) == plen, "\"%s\": prefix of %zu, not %zu", text,
                ck_cred_qr_prefix_len(text), plen);
    CK_PROPERTY(strlen(text) == plen + 2 * strlen(jws), "\"%s\" is not two digits a character",
                text);
    CK_PROPERTY(ck_cred_qr_decode(&back, text, strlen(text), &err) == CK_OK,
                "the QR text \"%s\" does not decode: %s", text, err.msg);
    CK_PROPERTY(strcmp(back, jws) == 0, "\"%s\" decodes to \"%s\", not \"%s\"", text, back, jws);
    free(back);
    free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *jws = NULL;
    ck_err err = {0};
    if (ck_cred_qr_decode(&jws, (const char *)data, size, &err) == CK_OK) {
        check_shape(jws);
        for (size_t i = 0; i < sizeof URLS / sizeof URLS[0]; i++)
            check_encode(jws, URLS[i]);
        free(jws);
    } else {
        CK_PROPERTY(jws == NULL && err.msg[0], "a refused scan without a message");
    }

    /* The input as the verify-url setting. */
    char *url = ck_fuzz_strndup(data, size);
    char *text = NULL;
    if (ck_cred_qr_encode(&text, TOKEN, url, &err) == CK_OK) {
        CK_PROPERTY(!url[0] || strncmp(text, url, strlen(url)) == 0,
                    "the QR text \"%s\" does not start with the verify URL", text);
        free(text);
        check_encode(TOKEN, url);
    } else {
        CK_PROPERTY(url[0] && err.msg[0], "no prefix at all is refused: %s", err.msg);
    }
    free(url);
    return 0;
}
