/* Certificate tokens: claims <-> compact JWS, and the verifier's verdict on a scanned token. */
#include "cred/token.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cred/jws.h"

#define HOURS_MIN 0.005 /* the least a station signs: 0.01 once rounded */
#define HOURS_MAX 10000.0
#define TIME_MAX CK_CRED_TIME_MAX

const char *ck_cred_status_name(ck_cred_status status)
{
    switch (status) {
    case CK_CRED_VALID: return "valid";
    case CK_CRED_MALFORMED: return "malformed";
    case CK_CRED_BAD_ALG: return "bad algorithm";
    case CK_CRED_UNKNOWN_KEY: return "unknown key";
    case CK_CRED_BAD_SIGNATURE: return "bad signature";
    case CK_CRED_NOT_YET_VALID: return "not yet valid";
    case CK_CRED_EXPIRED: return "expired";
    case CK_CRED_REVOKED: return "revoked";
    }
    return "unknown status";
}

/* Whether d is a real calendar date written "YYYY-MM-DD". */
static bool date_ok(const char *d, size_t n)
{
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (n != 10 || d[4] != '-' || d[7] != '-')
        return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (d[i] < '0' || d[i] > '9'))
            return false;
    int y = (d[0] - '0') * 1000 + (d[1] - '0') * 100 + (d[2] - '0') * 10 + (d[3] - '0');
    int m = (d[5] - '0') * 10 + (d[6] - '0'), day = (d[8] - '0') * 10 + (d[9] - '0');
    if (y < 1900 || m < 1 || m > 12 || day < 1)
        return false;
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return day <= mdays[m - 1] + (m == 2 && leap);
}

/* Check one text field: terminated within its array, length limits, UTF-8, no controls. */
static ck_rc text_check(const char *s, size_t size, const char *claim, const char *what,
                        bool required, ck_err *err)
{
    size_t n = strnlen(s, size);
    if (n == size)
        return ck_err_set(err, CK_EINVAL, "the %s (%s) is not NUL-terminated", CK_MSG_PHRASE(what),
                          claim);
    if (required && n == 0)
        return ck_err_set(err, CK_EINVAL, "the %s (%s) is empty; fill it in", CK_MSG_PHRASE(what),
                          claim);
    if (!ck_cred_text_ok(s, n))
        return ck_err_set(err, CK_EINVAL,
                          "the %s (%s) is not UTF-8 text without control characters",
                          CK_MSG_PHRASE(what), claim);
    return CK_OK;
}

ck_rc ck_cred_claims_check(const ck_cred_claims *c, ck_err *err)
{
    ck_rc rc;
    if (!c)
        return ck_err_set(err, CK_EINVAL, "no claims given to sign");
    if ((rc = text_check(c->iss, sizeof c->iss, "iss", "issuer", true, err)) ||
        (rc = text_check(c->name, sizeof c->name, "nam", "holder name", true, err)) ||
        (rc = text_check(c->course, sizeof c->course, "crs", "course title", true, err)) ||
        (rc = text_check(c->trainer, sizeof c->trainer, "trn", "trainer name", true, err)) ||
        (rc = text_check(c->trainer_cred, sizeof c->trainer_cred, "tcr", "trainer credential",
                         false, err)) ||
        (rc = text_check(c->location, sizeof c->location, "loc", "location", false, err)))
        return rc;
    if (!ck_cred_jti_ok(c->jti, strnlen(c->jti, sizeof c->jti)))
        return ck_err_set(err, CK_EINVAL,
                          "the certificate id (jti) must be 1 to %d printable ASCII characters "
                          "without spaces",
                          CK_CRED_JTI_MAX);
    if (c->iat < 0 || c->iat > TIME_MAX || c->exp > TIME_MAX)
        return ck_err_set(err, CK_EINVAL, "the issue or expiry time is outside years 1970-9999");
    if (c->exp <= c->iat)
        return ck_err_set(err, CK_EINVAL,
                          "the expiry time (exp %lld) is not after the issue time (iat %lld)",
                          (long long)c->exp, (long long)c->iat);
    if (c->ndays < 1 || c->ndays > CK_CRED_MAX_DAYS)
        return ck_err_set(err, CK_EINVAL, "a certificate lists 1 to %d course dates, not %zu",
                          CK_CRED_MAX_DAYS, c->ndays);
    for (size_t i = 0; i < c->ndays; i++) {
        if (!date_ok(c->days[i], strnlen(c->days[i], sizeof c->days[i])))
            return ck_err_set(err, CK_EINVAL,
                              "course date %zu is not a real date written YYYY-MM-DD", i + 1);
        if (i > 0 && strcmp(c->days[i - 1], c->days[i]) >= 0)
            return ck_err_set(err, CK_EINVAL,
                              "course dates must be in ascending order without repeats; date %zu "
                              "(%s) is not after %s",
                              i + 1, c->days[i], c->days[i - 1]);
    }
    if (!isfinite(c->hours) || c->hours < HOURS_MIN || c->hours > HOURS_MAX)
        return ck_err_set(err, CK_EINVAL, "contact hours must be from 0.01 to %g", HOURS_MAX);
    return CK_OK;
}

static int put_str(json_t *o, const char *key, const char *value)
{
    return json_object_set_new(o, key, json_string(value));
}

/* The payload JSON text of claims (already checked); free() it. */
static char *claims_json(const ck_cred_claims *c)
{
    json_t *o = json_object(), *days = json_array();
    char *text = NULL;
    double hours = round(c->hours * 100.0) / 100.0;
    if (!o || !days)
        goto cleanup;
    if (put_str(o, "iss", c->iss) || put_str(o, "jti", c->jti) ||
        json_object_set_new(o, "iat", json_integer(c->iat)) ||
        json_object_set_new(o, "exp", json_integer(c->exp)) || put_str(o, "nam", c->name) ||
        put_str(o, "crs", c->course) || put_str(o, "trn", c->trainer))
        goto cleanup;
    if (c->trainer_cred[0] && put_str(o, "tcr", c->trainer_cred))
        goto cleanup;
    if (c->location[0] && put_str(o, "loc", c->location))
        goto cleanup;
    for (size_t i = 0; i < c->ndays; i++)
        if (json_array_append_new(days, json_string(c->days[i])))
            goto cleanup;
    if (json_object_set(o, "dys", days))
        goto cleanup;
    json_t *hrs = hours == floor(hours) ? json_integer((json_int_t)hours) : json_real(hours);
    if (json_object_set_new(o, "hrs", hrs))
        goto cleanup;
    text = json_dumps(o, JSON_COMPACT | JSON_REAL_PRECISION(10));
cleanup:
    json_decref(days);
    json_decref(o);
    return text;
}

ck_rc ck_cred_token_sign(char **out, const ck_cred_keyring *kr, const ck_cred_claims *claims,
                         ck_err *err)
{
    char header[128], *payload = NULL, *jws = NULL;
    ck_rc rc;
    *out = NULL;
    if (!kr)
        return ck_err_set(err, CK_EINVAL, "no keyring given to sign with");
    if ((rc = ck_cred_claims_check(claims, err)) != CK_OK)
        return ck_err_prefix(err, "cannot sign the certificate: ");
    snprintf(header, sizeof header, "{\"alg\":\"EdDSA\",\"kid\":\"%s\"}", ck_cred_keyring_kid(kr));
    payload = claims_json(claims);
    if (!payload)
        return ck_err_set(err, CK_ENOMEM, "out of memory while signing a certificate");
    if ((rc = ck_cred_jws_sign(&jws, kr, header, payload, strlen(payload), err)) != CK_OK)
        goto cleanup;
    if (strlen(jws) > CK_CRED_TOKEN_MAX) {
        rc = ck_err_set(err, CK_EINVAL,
                        "the certificate token would be %zu characters, more than %d; shorten "
                        "the names, course title or location",
                        strlen(jws), CK_CRED_TOKEN_MAX);
        goto cleanup;
    }
    *out = jws;
    jws = NULL;
cleanup:
    free(payload);
    free(jws);
    return rc;
}

/* Copy string claim key of o into dst (size bytes); false with a reason if absent or bad. */
static bool get_text(char *dst, size_t size, json_t *o, const char *key, bool required, ck_msg *why)
{
    json_t *v = json_object_get(o, key);
    dst[0] = '\0';
    if (!v) {
        if (required)
            ck_msg_set(why, "the claim \"%s\" is missing", key);
        return !required;
    }
    size_t n = json_string_length(v);
    if (!json_is_string(v) || n >= size || !ck_cred_text_ok(json_string_value(v), n) ||
        (required && n == 0)) {
        ck_msg_set(why, "the claim \"%s\" is not text of 1 to %zu bytes", key, size - 1);
        return false;
    }
    memcpy(dst, json_string_value(v), n + 1);
    return true;
}

static bool get_time(int64_t *dst, json_t *o, const char *key, ck_msg *why)
{
    json_t *v = json_object_get(o, key);
    if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > TIME_MAX) {
        ck_msg_set(why, "the claim \"%s\" is not a time in whole seconds", key);
        return false;
    }
    *dst = (int64_t)json_integer_value(v);
    return true;
}

/* Decode and check the claims of a token whose signature is good. */
static bool parse_claims(ck_cred_claims *c, const char *payload, size_t len, ck_msg *why)
{
    json_error_t jerr;
    json_t *o = json_loadb(payload, len, JSON_REJECT_DUPLICATES, &jerr);
    bool ok = false;
    memset(c, 0, sizeof *c);
    if (!o || !json_is_object(o)) {
        ck_msg_set(why, "its claims are not a JSON object");
        goto cleanup;
    }
    if (!get_text(c->iss, sizeof c->iss, o, "iss", true, why) ||
        !get_text(c->jti, sizeof c->jti, o, "jti", true, why) ||
        !get_time(&c->iat, o, "iat", why) || !get_time(&c->exp, o, "exp", why) ||
        !get_text(c->name, sizeof c->name, o, "nam", true, why) ||
        !get_text(c->course, sizeof c->course, o, "crs", true, why) ||
        !get_text(c->trainer, sizeof c->trainer, o, "trn", true, why) ||
        !get_text(c->trainer_cred, sizeof c->trainer_cred, o, "tcr", false, why) ||
        !get_text(c->location, sizeof c->location, o, "loc", false, why))
        goto cleanup;
    if (!ck_cred_jti_ok(c->jti, strlen(c->jti))) {
        ck_msg_set(why, "the claim \"jti\" is not a certificate id");
        goto cleanup;
    }
    if (c->exp <= c->iat) {
        ck_msg_set(why, "it expires (exp) before it was issued (iat)");
        goto cleanup;
    }
    json_t *days = json_object_get(o, "dys");
    size_t n = json_array_size(days);
    if (!json_is_array(days) || n < 1 || n > CK_CRED_MAX_DAYS) {
        ck_msg_set(why, "the claim \"dys\" is not a list of 1 to %d dates", CK_CRED_MAX_DAYS);
        goto cleanup;
    }
    for (size_t i = 0; i < n; i++) {
        json_t *d = json_array_get(days, i);
        if (!json_is_string(d) || !date_ok(json_string_value(d), json_string_length(d)) ||
            (i > 0 && strcmp(c->days[i - 1], json_string_value(d)) >= 0)) {
            ck_msg_set(why, "the claim \"dys\" is not a list of ascending dates YYYY-MM-DD");
            goto cleanup;
        }
        memcpy(c->days[i], json_string_value(d), 11);
    }
    c->ndays = n;
    json_t *hrs = json_object_get(o, "hrs");
    if (!json_is_number(hrs) || !isfinite(json_number_value(hrs)) ||
        json_number_value(hrs) < HOURS_MIN || json_number_value(hrs) > HOURS_MAX) {
        ck_msg_set(why, "the claim \"hrs\" is not a number of hours");
        goto cleanup;
    }
    c->hours = json_number_value(hrs);
    /* What verifies is what a station would sign: the signer's rules have the last word (the
     * checks above say it first, in the words the verification page uses too). */
    ck_err rule = {0};
    if (ck_cred_claims_check(c, &rule) != CK_OK) {
        *why = rule.m;
        goto cleanup;
    }
    ok = true;
cleanup:
    json_decref(o);
    return ok;
}

static void say(ck_cred_verdict *v, ck_cred_status status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void say(ck_cred_verdict *v, ck_cred_status status, const char *fmt, ...)
{
    va_list ap;
    v->status = status;
    ck_msg_clear(&v->said);
    va_start(ap, fmt);
    ck_msg_vadd(&v->said, false, fmt, NULL, 0, ap);
    va_end(ap);
    ck_msg_word(&v->said, NULL, v->reason, sizeof v->reason);
}

/* The verdict is m, after what stands in front of it (NULL: nothing). */
static void say_msg(ck_cred_verdict *v, ck_cred_status status, const char *front, const ck_msg *m)
{
    v->status = status;
    ck_msg_clear(&v->said);
    if (front)
        ck_msg_add_text(&v->said, front);
    ck_msg_append(&v->said, m);
    ck_msg_word(&v->said, NULL, v->reason, sizeof v->reason);
}

ck_rc ck_cred_token_verify(ck_cred_verdict *out, const char *jws, const ck_cred_keyset *keys,
                           const ck_cred_rl *rl, int64_t now, ck_err *err)
{
    ck_cred_jws_opened o;
    ck_msg why;
    char t1[40];
    ck_rc rc;

    memset(out, 0, sizeof *out);
    out->status = CK_CRED_MALFORMED;
    if (!jws)
        return ck_err_set(err, CK_EINVAL, "no token given to verify");
    if (!keys)
        return ck_err_set(err, CK_EINVAL,
                          "no pinned key set given; load the issuer's JWKS to verify");
    size_t len = strnlen(jws, CK_CRED_TOKEN_MAX + 1);
    if (len > CK_CRED_TOKEN_MAX) {
        say(out, CK_CRED_MALFORMED, "not a certificate: longer than %d characters",
            CK_CRED_TOKEN_MAX);
        return CK_OK;
    }
    if ((rc = ck_cred_jws_open(&o, jws, len, keys, CK_CRED_JWS_TOKEN, err)) != CK_OK)
        return rc;
    memcpy(out->kid, o.kid, sizeof out->kid);
    if (o.status != CK_CRED_VALID) {
        say_msg(out, o.status, NULL, &o.said);
        goto cleanup;
    }
    if (!parse_claims(&out->claims, o.payload, o.payload_len, &why)) {
        memset(&out->claims, 0, sizeof out->claims);
        say(out, CK_CRED_MALFORMED, "signed, but not a certificate: ");
        ck_msg_append(&out->said, &why);
        ck_msg_word(&out->said, NULL, out->reason, sizeof out->reason);
        goto cleanup;
    }
    out->has_claims = true;
    const ck_cred_claims *c = &out->claims;
    /* A revocation says more than the dates: report it first. */
    if (rl && ck_cred_rl_lookup(&out->revoked_at, rl, c->jti)) {
        ck_cred_fmt_time(t1, sizeof t1, out->revoked_at);
        say(out, CK_CRED_REVOKED, "certificate %s was revoked on %s", c->jti, t1);
    } else if (now < c->iat - CK_CRED_CLOCK_SKEW) {
        ck_cred_fmt_time(t1, sizeof t1, c->iat);
        say(out, CK_CRED_NOT_YET_VALID,
            "certificate %s is dated %s, in the future; check this device's clock", c->jti, t1);
    } else if (now >= c->exp) {
        ck_cred_fmt_time(t1, sizeof t1, c->exp);
        say(out, CK_CRED_EXPIRED, "certificate %s expired on %s", c->jti, t1);
    } else {
        ck_cred_fmt_time(t1, sizeof t1, c->exp);
        say(out, CK_CRED_VALID, "certificate %s is genuine and valid until %s", c->jti, t1);
    }
cleanup:
    ck_cred_jws_opened_clear(&o);
    return CK_OK;
}
