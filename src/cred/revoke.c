/* Signed revocation lists: sign one from (id, time) pairs, load one against pinned keys, look up.
 */
#include "cred/revoke.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cred/jws.h"

struct ck_cred_rl {
    char iss[CK_CRED_TEXT_MAX + 1];
    char kid[CK_CRED_KID_LEN + 1];
    int64_t iat;
    size_t n;
    ck_cred_revocation *list; /* sorted by jti */
};

static int by_jti(const void *a, const void *b)
{
    return strcmp(((const ck_cred_revocation *)a)->jti, ((const ck_cred_revocation *)b)->jti);
}

/* The first id listed twice in a sorted list, or NULL. */
static const char *first_repeat(const ck_cred_revocation *list, size_t n)
{
    for (size_t i = 1; i < n; i++)
        if (strcmp(list[i - 1].jti, list[i].jti) == 0)
            return list[i].jti;
    return NULL;
}

ck_rc ck_cred_rl_sign(char **out, const ck_cred_keyring *kr, const char *iss, int64_t iat,
                      const ck_cred_revocation *list, size_t n, ck_err *err)
{
    ck_cred_revocation *sorted = NULL;
    json_t *o = NULL, *rev = NULL;
    char header[160], *payload = NULL, *jws = NULL;
    ck_rc rc = CK_OK;

    *out = NULL;
    if (!kr)
        return ck_err_set(err, CK_EINVAL, "no keyring given to sign the revocation list with");
    if (!iss || !*iss || strlen(iss) > CK_CRED_TEXT_MAX || !ck_cred_text_ok(iss, strlen(iss)))
        return ck_err_set(err, CK_EINVAL,
                          "the revocation list's issuer must be 1 to %d bytes of UTF-8 text",
                          CK_CRED_TEXT_MAX);
    if (iat < 0 || iat > CK_CRED_TIME_MAX)
        return ck_err_set(err, CK_EINVAL, "the revocation list's time is outside 1970-9999");
    if (n > CK_CRED_RL_MAX_ENTRIES)
        return ck_err_set(err, CK_EINVAL, "a revocation list holds at most %d ids, not %zu",
                          CK_CRED_RL_MAX_ENTRIES, n);
    if (n > 0 && !list)
        return ck_err_set(err, CK_EINVAL, "no revocations given for a list of %zu", n);
    for (size_t i = 0; i < n; i++) {
        size_t len = strnlen(list[i].jti, sizeof list[i].jti);
        if (len == sizeof list[i].jti || !ck_cred_jti_ok(list[i].jti, len))
            return ck_err_set(err, CK_EINVAL,
                              "revocation %zu: the certificate id must be 1 to %d printable "
                              "ASCII characters without spaces",
                              i + 1, CK_CRED_JTI_MAX);
        if (list[i].at < 0 || list[i].at > CK_CRED_TIME_MAX)
            return ck_err_set(err, CK_EINVAL, "revocation %zu (%s): the time is outside 1970-9999",
                              i + 1, list[i].jti);
    }
    sorted = malloc((n ? n : 1) * sizeof *sorted);
    if (!sorted)
        return ck_err_set(err, CK_ENOMEM, "out of memory while signing a revocation list");
    if (n)
        memcpy(sorted, list, n * sizeof *sorted);
    qsort(sorted, n, sizeof *sorted, by_jti);
    const char *twice = first_repeat(sorted, n);
    if (twice) {
        rc = ck_err_set(err, CK_EINVAL, "certificate %s is listed twice; list each id once", twice);
        goto cleanup;
    }
    o = json_object();
    rev = json_array();
    if (!o || !rev || json_object_set_new(o, "iss", json_string(iss)) ||
        json_object_set_new(o, "iat", json_integer(iat)) || json_object_set(o, "rev", rev))
        goto nomem;
    for (size_t i = 0; i < n; i++) {
        json_t *e = json_object();
        if (!e || json_array_append_new(rev, e) ||
            json_object_set_new(e, "jti", json_string(sorted[i].jti)) ||
            json_object_set_new(e, "at", json_integer(sorted[i].at)))
            goto nomem;
    }
    payload = json_dumps(o, JSON_COMPACT);
    if (!payload)
        goto nomem;
    snprintf(header, sizeof header, "{\"alg\":\"EdDSA\",\"kid\":\"%s\",\"typ\":\"%s\"}",
             ck_cred_keyring_kid(kr), CK_CRED_RL_TYP);
    if ((rc = ck_cred_jws_sign(&jws, kr, header, payload, strlen(payload), err)) != CK_OK)
        goto cleanup;
    if (strlen(jws) > CK_CRED_RL_MAX_TEXT) {
        rc = ck_err_set(err, CK_EINVAL,
                        "the revocation list would be %zu bytes, more than a verifier reads (%u)",
                        strlen(jws), CK_CRED_RL_MAX_TEXT);
        goto cleanup;
    }
    *out = jws;
    jws = NULL;
    goto cleanup;
nomem:
    rc = ck_err_set(err, CK_ENOMEM, "out of memory while signing a revocation list");
cleanup:
    free(jws);
    free(payload);
    json_decref(rev);
    json_decref(o);
    free(sorted);
    return rc;
}

static bool is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Read the claims of a list whose signature is good into rl; false with a reason if bad. */
static bool parse_list(ck_cred_rl *rl, const char *payload, size_t len, ck_msg *why)
{
    json_error_t jerr;
    json_t *o = json_loadb(payload, len, JSON_REJECT_DUPLICATES, &jerr);
    bool ok = false;
    if (!json_is_object(o)) {
        ck_msg_set(why, "its claims are not a JSON object");
        goto cleanup;
    }
    json_t *iss = json_object_get(o, "iss"), *iat = json_object_get(o, "iat");
    json_t *rev = json_object_get(o, "rev");
    if (!json_is_string(iss) || json_string_length(iss) == 0 ||
        json_string_length(iss) > CK_CRED_TEXT_MAX ||
        !ck_cred_text_ok(json_string_value(iss), json_string_length(iss))) {
        ck_msg_set(why, "its issuer (\"iss\") is not text of 1 to %d bytes", CK_CRED_TEXT_MAX);
        goto cleanup;
    }
    memcpy(rl->iss, json_string_value(iss), json_string_length(iss) + 1);
    if (!json_is_integer(iat) || json_integer_value(iat) < 0 ||
        json_integer_value(iat) > CK_CRED_TIME_MAX) {
        ck_msg_set(why, "its time (\"iat\") is not whole seconds");
        goto cleanup;
    }
    rl->iat = (int64_t)json_integer_value(iat);
    size_t n = json_array_size(rev);
    if (!json_is_array(rev) || n > CK_CRED_RL_MAX_ENTRIES) {
        ck_msg_set(why, "it has no \"rev\" list of at most %d entries", CK_CRED_RL_MAX_ENTRIES);
        goto cleanup;
    }
    rl->list = calloc(n ? n : 1, sizeof *rl->list);
    if (!rl->list) {
        ck_msg_set(why, "out of memory");
        goto cleanup;
    }
    for (size_t i = 0; i < n; i++) {
        json_t *e = json_array_get(rev, i);
        json_t *jti = json_object_get(e, "jti"), *at = json_object_get(e, "at");
        if (!json_is_object(e) || !json_is_string(jti) ||
            !ck_cred_jti_ok(json_string_value(jti), json_string_length(jti)) ||
            !json_is_integer(at) || json_integer_value(at) < 0 ||
            json_integer_value(at) > CK_CRED_TIME_MAX) {
            ck_msg_set(why, "entry %zu is not {\"jti\": certificate id, \"at\": seconds}", i + 1);
            goto cleanup;
        }
        memcpy(rl->list[i].jti, json_string_value(jti), json_string_length(jti) + 1);
        rl->list[i].at = (int64_t)json_integer_value(at);
    }
    rl->n = n;
    qsort(rl->list, n, sizeof *rl->list, by_jti);
    const char *twice = first_repeat(rl->list, n);
    if (twice) {
        ck_msg_set(why, "it lists certificate %.64s twice", twice);
        goto cleanup;
    }
    ok = true;
cleanup:
    json_decref(o);
    return ok;
}

ck_rc ck_cred_rl_load(ck_cred_rl **out, const char *text, size_t len, const ck_cred_keyset *keys,
                      ck_err *err)
{
    ck_cred_jws_opened o = {0};
    ck_cred_rl *rl = NULL;
    ck_msg why;
    ck_rc rc;

    *out = NULL;
    if (!keys)
        return ck_err_set(err, CK_EINVAL,
                          "no pinned key set given; load the issuer's JWKS to check the "
                          "revocation list");
    if (!text)
        len = 0;
    while (len > 0 && is_blank(*text))
        text++, len--;
    while (len > 0 && is_blank(text[len - 1]))
        len--;
    if (len == 0)
        return ck_err_set(err, CK_EINVAL, "the revocation list is empty; give the signed list");
    if (len > CK_CRED_RL_MAX_TEXT)
        return ck_err_set(err, CK_EINVAL, "the revocation list is %zu bytes, more than %u", len,
                          CK_CRED_RL_MAX_TEXT);
    if ((rc = ck_cred_jws_open(&o, text, len, keys, CK_CRED_JWS_RL, err)) != CK_OK)
        return rc;
    if (o.status != CK_CRED_VALID) {
        rc = ck_err_msg(err, o.status == CK_CRED_MALFORMED ? CK_EINVAL : CK_ECRYPTO, &o.said);
        ck_err_prefix(err, "revocation list refused: ");
        goto cleanup;
    }
    rl = calloc(1, sizeof *rl);
    if (!rl) {
        rc = ck_err_set(err, CK_ENOMEM, "out of memory while reading a revocation list");
        goto cleanup;
    }
    memcpy(rl->kid, o.kid, sizeof rl->kid);
    if (!parse_list(rl, o.payload, o.payload_len, &why)) {
        rc = ck_err_msg(err, CK_EINVAL, &why);
        ck_err_prefix(err, "revocation list refused: signed, but ");
        goto cleanup;
    }
    *out = rl;
    rl = NULL;
cleanup:
    ck_cred_rl_free(rl);
    ck_cred_jws_opened_clear(&o);
    return rc;
}

bool ck_cred_rl_lookup(int64_t *out_at, const ck_cred_rl *rl, const char *jti)
{
    ck_cred_revocation key;
    if (!rl || !jti || strlen(jti) > CK_CRED_JTI_MAX || rl->n == 0)
        return false;
    memcpy(key.jti, jti, strlen(jti) + 1);
    const ck_cred_revocation *hit = bsearch(&key, rl->list, rl->n, sizeof key, by_jti);
    if (hit && out_at)
        *out_at = hit->at;
    return hit != NULL;
}

size_t ck_cred_rl_count(const ck_cred_rl *rl)
{
    return rl ? rl->n : 0;
}

int64_t ck_cred_rl_issued_at(const ck_cred_rl *rl)
{
    return rl ? rl->iat : 0;
}

const char *ck_cred_rl_issuer(const ck_cred_rl *rl)
{
    return rl ? rl->iss : "";
}

const char *ck_cred_rl_kid(const ck_cred_rl *rl)
{
    return rl ? rl->kid : "";
}

void ck_cred_rl_free(ck_cred_rl *rl)
{
    if (!rl)
        return;
    free(rl->list);
    free(rl);
}
