/* Compact JWS with Ed25519: base64url, signing, and the checks every signed text goes through. */
#include "cred/jws.h"

#include <jansson.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Longest decoded JWS header accepted: ours is about 70 bytes. */
#define HEADER_MAX 512

ck_rc ck_cred_sodium_ready(ck_err *err)
{
    if (sodium_init() < 0)
        return ck_err_set(err, CK_EINTERNAL,
                          "libsodium could not start (no system randomness?); "
                          "check that /dev/urandom is readable");
    return CK_OK;
}

char *ck_cred_b64url_encode(const unsigned char *bin, size_t len)
{
    size_t size = sodium_base64_ENCODED_LEN(len, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    char *out = malloc(size);
    if (!out)
        return NULL;
    sodium_bin2base64(out, size, bin, len, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    return out;
}

static bool is_b64url_char(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_';
}

bool ck_cred_b64url_decode(unsigned char **out, size_t *out_len, const char *b64, size_t len,
                           size_t max)
{
    unsigned char *bin = NULL;
    char *again = NULL;
    size_t bin_len = 0;
    const char *end = NULL;
    bool ok = false;

    *out = NULL;
    *out_len = 0;
    if (len % 4 == 1 || len / 4 * 3 + 2 > max + 2)
        return false;
    for (size_t i = 0; i < len; i++)
        if (!is_b64url_char((unsigned char)b64[i]))
            return false;
    bin = malloc(len / 4 * 3 + 3);
    if (!bin)
        return false;
    if (sodium_base642bin(bin, len / 4 * 3 + 2, b64, len, NULL, &bin_len, &end,
                          sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
        end != b64 + len || bin_len > max)
        goto cleanup;
    /* Only the canonical spelling: unused low bits must be zero, so that no two texts decode
     * to the same bytes. */
    again = ck_cred_b64url_encode(bin, bin_len);
    if (!again || strlen(again) != len || memcmp(again, b64, len) != 0)
        goto cleanup;
    bin[bin_len] = '\0';
    *out = bin;
    *out_len = bin_len;
    bin = NULL;
    ok = true;
cleanup:
    free(again);
    free(bin);
    return ok;
}

bool ck_cred_text_ok(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        unsigned c = p[i];
        unsigned cp, need;
        if (c < 0x80) {
            if (c < 0x20 || c == 0x7f)
                return false;
            i++;
            continue;
        }
        if (c >= 0xc2 && c <= 0xdf) {
            cp = c & 0x1f;
            need = 1;
        } else if (c >= 0xe0 && c <= 0xef) {
            cp = c & 0x0f;
            need = 2;
        } else if (c >= 0xf0 && c <= 0xf4) {
            cp = c & 0x07;
            need = 3;
        } else {
            return false;
        }
        if (n - i <= need)
            return false;
        for (unsigned k = 1; k <= need; k++) {
            if ((p[i + k] & 0xc0) != 0x80)
                return false;
            cp = (cp << 6) | (p[i + k] & 0x3f);
        }
        if ((need == 2 && cp < 0x800) || (need == 3 && cp < 0x10000) || cp > 0x10ffff ||
            (cp >= 0xd800 && cp <= 0xdfff) || (cp >= 0x80 && cp <= 0x9f))
            return false;
        i += need + 1;
    }
    return true;
}

bool ck_cred_jti_ok(const char *s, size_t n)
{
    if (n == 0 || n > CK_CRED_JTI_MAX)
        return false;
    for (size_t i = 0; i < n; i++)
        if (s[i] <= 0x20 || s[i] >= 0x7f)
            return false;
    return true;
}

void ck_cred_fmt_time(char *buf, size_t size, int64_t t)
{
    struct tm tm;
    time_t tt = (time_t)t;
    if (!gmtime_r(&tt, &tm) || strftime(buf, size, "%Y-%m-%d %H:%M UTC", &tm) == 0)
        snprintf(buf, size, "%lld (UTC seconds)", (long long)t);
}

ck_rc ck_cred_jws_sign_raw(char **out, const unsigned char sk[CK_CRED_SK_BYTES],
                           const char *header_json, const char *payload, size_t payload_len,
                           ck_err *err)
{
    unsigned char sig[CK_CRED_SIG_BYTES];
    char *h64 = NULL, *p64 = NULL, *s64 = NULL, *jws = NULL;
    ck_rc rc = ck_cred_sodium_ready(err);
    if (rc != CK_OK)
        return rc;
    *out = NULL;
    h64 = ck_cred_b64url_encode((const unsigned char *)header_json, strlen(header_json));
    p64 = ck_cred_b64url_encode((const unsigned char *)payload, payload_len);
    if (!h64 || !p64) {
        rc = ck_err_set(err, CK_ENOMEM, "out of memory while signing a token");
        goto cleanup;
    }
    size_t hl = strlen(h64), pl = strlen(p64);
    size_t sl =
        sodium_base64_ENCODED_LEN(CK_CRED_SIG_BYTES, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    jws = malloc(hl + 1 + pl + 1 + sl);
    if (!jws) {
        rc = ck_err_set(err, CK_ENOMEM, "out of memory while signing a token");
        goto cleanup;
    }
    memcpy(jws, h64, hl);
    jws[hl] = '.';
    memcpy(jws + hl + 1, p64, pl);
    jws[hl + 1 + pl] = '\0';
    crypto_sign_detached(sig, NULL, (const unsigned char *)jws, hl + 1 + pl, sk);
    s64 = ck_cred_b64url_encode(sig, sizeof sig);
    if (!s64) {
        rc = ck_err_set(err, CK_ENOMEM, "out of memory while signing a token");
        goto cleanup;
    }
    jws[hl + 1 + pl] = '.';
    memcpy(jws + hl + 1 + pl + 1, s64, strlen(s64) + 1);
    *out = jws;
    jws = NULL;
cleanup:
    free(h64);
    free(p64);
    free(s64);
    free(jws);
    return rc;
}

ck_rc ck_cred_jws_sign(char **out, const ck_cred_keyring *kr, const char *header_json,
                       const char *payload, size_t payload_len, ck_err *err)
{
    return ck_cred_jws_sign_raw(out, ck_cred_keyring_secret(kr), header_json, payload, payload_len,
                                err);
}

/* Copy at most 40 bytes of untrusted text for a message, printable ASCII only. */
static void shown(char *dst, size_t size, const char *src, size_t n)
{
    size_t j = 0;
    for (size_t i = 0; i < n && j + 4 < size; i++) {
        if (i == 40) {
            memcpy(dst + j, "...", 3);
            j += 3;
            break;
        }
        unsigned char c = (unsigned char)src[i];
        dst[j++] = c >= 0x20 && c < 0x7f ? (char)c : '?';
    }
    dst[j] = '\0';
}

static void verdict(ck_cred_jws_opened *o, ck_cred_status status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void verdict(ck_cred_jws_opened *o, ck_cred_status status, const char *fmt, ...)
{
    va_list ap;
    o->status = status;
    ck_msg_clear(&o->said);
    va_start(ap, fmt);
    ck_msg_vadd(&o->said, false, fmt, NULL, 0, ap);
    va_end(ap);
    ck_msg_word(&o->said, NULL, o->reason, sizeof o->reason);
}

static bool header_field_allowed(const char *name)
{
    return strcmp(name, "alg") == 0 || strcmp(name, "kid") == 0 || strcmp(name, "typ") == 0;
}

ck_rc ck_cred_jws_open(ck_cred_jws_opened *out, const char *text, size_t len,
                       const ck_cred_keyset *keys, ck_cred_jws_kind kind, ck_err *err)
{
    unsigned char *hdr = NULL, *sig = NULL, *payload = NULL;
    size_t hdr_len = 0, sig_len = 0, payload_len = 0;
    json_t *h = NULL;
    json_error_t jerr;
    char show[64];
    char what_buf[64];
    /* TRANSLATORS: "token" and "revocation list" fill the %s of the sentences about a signed
       text that follow ("the token's header is not a JSON object"). */
    const char *noun = kind == CK_CRED_JWS_RL ? N_("revocation list") : N_("token");
    const char *what = ck_msg_phrase(what_buf, sizeof what_buf, noun);
    ck_rc rc = ck_cred_sodium_ready(err);

    memset(out, 0, sizeof *out);
    out->status = CK_CRED_MALFORMED;
    if (rc != CK_OK)
        return rc;

    const char *d1 = memchr(text, '.', len);
    const char *d2 = d1 ? memchr(d1 + 1, '.', len - (size_t)(d1 + 1 - text)) : NULL;
    if (len == 0) {
        verdict(out, CK_CRED_MALFORMED, "the %s is empty", what);
        goto cleanup;
    }
    if (!d1 || !d2) {
        verdict(out, CK_CRED_MALFORMED,
                "the %s has %d part(s); a signed %s is three base64url parts joined by dots", what,
                d1 ? 2 : 1, what);
        goto cleanup;
    }
    if (memchr(d2 + 1, '.', len - (size_t)(d2 + 1 - text))) {
        verdict(out, CK_CRED_MALFORMED,
                "the %s has more than three parts; a signed %s is three base64url parts "
                "joined by dots",
                what, what);
        goto cleanup;
    }
    size_t h_len = (size_t)(d1 - text), p_len = (size_t)(d2 - d1 - 1);
    size_t s_len = len - (size_t)(d2 + 1 - text);

    if (!ck_cred_b64url_decode(&hdr, &hdr_len, text, h_len, HEADER_MAX) || hdr_len == 0) {
        verdict(out, CK_CRED_MALFORMED, "the %s's header is not base64url (or is too long)", what);
        goto cleanup;
    }
    h = json_loadb((const char *)hdr, hdr_len, JSON_REJECT_DUPLICATES, &jerr);
    if (!h || !json_is_object(h)) {
        verdict(out, CK_CRED_MALFORMED, "the %s's header is not a JSON object", what);
        goto cleanup;
    }
    json_t *alg = json_object_get(h, "alg");
    if (!json_is_string(alg)) {
        verdict(out, CK_CRED_MALFORMED, "the %s's header names no algorithm (\"alg\")", what);
        goto cleanup;
    }
    if (strcmp(json_string_value(alg), "EdDSA") != 0 ||
        json_string_length(alg) != strlen("EdDSA")) {
        shown(show, sizeof show, json_string_value(alg), json_string_length(alg));
        verdict(out, CK_CRED_BAD_ALG,
                "the %s uses the algorithm \"%s\"; only EdDSA (Ed25519) signatures are accepted",
                what, show);
        goto cleanup;
    }
    const char *name;
    json_t *value;
    json_object_foreach(h, name, value)
    {
        if (!header_field_allowed(name)) {
            shown(show, sizeof show, name, strlen(name));
            verdict(out, CK_CRED_MALFORMED, "the %s's header has the field \"%s\", not accepted",
                    what, show);
            goto cleanup;
        }
    }
    json_t *typ = json_object_get(h, "typ");
    if (typ && !json_is_string(typ)) {
        verdict(out, CK_CRED_MALFORMED, "the %s's header \"typ\" is not a string", what);
        goto cleanup;
    }
    const char *typ_s = typ ? json_string_value(typ) : NULL;
    if (kind == CK_CRED_JWS_TOKEN && typ_s && strcmp(typ_s, "JWT") != 0) {
        if (strcmp(typ_s, CK_CRED_RL_TYP) == 0)
            verdict(out, CK_CRED_MALFORMED, "this is a revocation list, not a certificate");
        else {
            shown(show, sizeof show, typ_s, json_string_length(typ));
            verdict(out, CK_CRED_MALFORMED, "the token's type \"%s\" is not a certificate", show);
        }
        goto cleanup;
    }
    if (kind == CK_CRED_JWS_RL && (!typ_s || strcmp(typ_s, CK_CRED_RL_TYP) != 0)) {
        verdict(out, CK_CRED_MALFORMED,
                "this is not a revocation list (its header has no \"typ\":\"%s\"); a "
                "certificate token cannot serve as one",
                CK_CRED_RL_TYP);
        goto cleanup;
    }
    json_t *kid = json_object_get(h, "kid");
    if (!json_is_string(kid)) {
        verdict(out, CK_CRED_MALFORMED, "the %s's header names no key (\"kid\")", what);
        goto cleanup;
    }
    const char *kid_s = json_string_value(kid);
    if (json_string_length(kid) == CK_CRED_KID_LEN && strlen(kid_s) == CK_CRED_KID_LEN)
        memcpy(out->kid, kid_s, CK_CRED_KID_LEN + 1);
    const unsigned char *pk = out->kid[0] ? ck_cred_keyset_find(keys, out->kid) : NULL;
    if (!pk) {
        shown(show, sizeof show, kid_s, json_string_length(kid));
        verdict(out, CK_CRED_UNKNOWN_KEY,
                "the %s was signed by key \"%s\", which is not among the %zu pinned key(s)", what,
                show, ck_cred_keyset_count(keys));
        goto cleanup;
    }
    if (p_len == 0) {
        verdict(out, CK_CRED_MALFORMED, "the %s has an empty payload", what);
        goto cleanup;
    }
    if (!ck_cred_b64url_decode(&sig, &sig_len, d2 + 1, s_len, CK_CRED_SIG_BYTES) ||
        sig_len != CK_CRED_SIG_BYTES) {
        verdict(out, CK_CRED_MALFORMED,
                "the %s's signature is not 64 bytes of base64url (it may be unsigned)", what);
        goto cleanup;
    }
    if (crypto_sign_verify_detached(sig, (const unsigned char *)text, (size_t)(d2 - text), pk) !=
        0) {
        verdict(out, CK_CRED_BAD_SIGNATURE,
                "the %s's signature does not match: it was altered or forged", what);
        goto cleanup;
    }
    if (!ck_cred_b64url_decode(&payload, &payload_len, d1 + 1, p_len, p_len)) {
        verdict(out, CK_CRED_MALFORMED, "the %s's payload is not base64url", what);
        goto cleanup;
    }
    out->payload = (char *)payload;
    out->payload_len = payload_len;
    payload = NULL;
    verdict(out, CK_CRED_VALID, "the signature is good");
cleanup:
    json_decref(h);
    free(hdr);
    free(sig);
    free(payload);
    return CK_OK;
}

void ck_cred_jws_opened_clear(ck_cred_jws_opened *o)
{
    if (!o)
        return;
    free(o->payload);
    o->payload = NULL;
    o->payload_len = 0;
}
