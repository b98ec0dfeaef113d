/* Verifying a certificate, the one way both faces do it: what a person supplies (a scanned
 * line, QR text, a URL, a token, a photo or the PDF) → the trusted keys → the revocations →
 * a verdict in app/'s own words. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "app/internal.h"
#include "app/timez.h"
#include "core/names.h"
#include "cred/qr.h"
#include "scan/scan.h"

/* app.h's limits are cred/'s, so claims copy without cutting. */
_Static_assert(CK_VERIFY_TEXT_MAX == CK_CRED_TEXT_MAX, "claim text limit");
_Static_assert(CK_VERIFY_MAX_DAYS == CK_CRED_MAX_DAYS, "claim days limit");
_Static_assert(CK_VERIFY_ID_MAX == CK_CRED_JTI_MAX, "certificate id limit");
_Static_assert(CK_APP_KID_LEN == CK_CRED_KID_LEN, "key id length");
#define SAME_STATUS(a, b) _Static_assert((int)CK_VERIFY_##a == (int)CK_CRED_##b, #a)
SAME_STATUS(VALID, VALID);
SAME_STATUS(MALFORMED, MALFORMED);
SAME_STATUS(BAD_ALG, BAD_ALG);
SAME_STATUS(UNKNOWN_KEY, UNKNOWN_KEY);
SAME_STATUS(BAD_SIGNATURE, BAD_SIGNATURE);
SAME_STATUS(NOT_YET_VALID, NOT_YET_VALID);
SAME_STATUS(EXPIRED, EXPIRED);
SAME_STATUS(REVOKED, REVOKED);

#define KEYS_MAX_BYTES (1u << 20)
#define TEXT_FILE_MAX_BYTES (1u << 16)

const char *ck_verify_status_name(ck_verify_status status)
{
    return ck_cred_status_name((ck_cred_status)status);
}

/* Does a line that is not a valid token still look like an attempt at a certificate's code
 * (so it gets INVALID and why, not "no such badge")? */
static bool looks_like_certificate(const char *line)
{
    size_t n = strlen(line), digits = 0, dots = 0;
    if (strncasecmp(line, "CKCERT", 6) == 0 || strstr(line, "://") || strchr(line, '#'))
        return true;
    for (const char *c = line; *c; c++) {
        digits += isdigit((unsigned char)*c) != 0;
        dots += *c == '.';
    }
    /* A JWS has two dots; a QR's digits run long. */
    return (dots == 2 && n > 40 && !strchr(line, '@') && !strchr(line, ' ')) ||
           (n >= 40 && digits * 10 >= n * 9);
}

/* Decode the QR text and check the token; a text that is no token at all is MALFORMED. */
static ck_rc check_text(ck_cred_verdict *out, const char *text, size_t len,
                        const ck_cred_keyset *keys, const ck_cred_rl *rl, int64_t now, ck_err *err)
{
    char *jws = NULL;
    ck_err why = {0};
    memset(out, 0, sizeof *out);
    if (ck_cred_qr_decode(&jws, text, len, &why) != CK_OK) {
        out->status = CK_CRED_MALFORMED;
        out->said = why.m;
        snprintf(out->reason, sizeof out->reason, "%s", why.msg);
        return CK_OK;
    }
    ck_rc rc = ck_cred_token_verify(out, jws, keys, rl, now, err);
    free(jws);
    return rc;
}

/* The keys to trust: a JWKS file, else the station's keyring. */
static ck_rc load_keys(ck_app *app, const ck_verify_req *req, ck_cred_keyset **out, ck_err *err)
{
    if (req->keys_path) {
        char *jwks = NULL;
        size_t len = 0;
        ck_rc rc = ck_file_read(&jwks, &len, req->keys_path, KEYS_MAX_BYTES, "key set", err);
        if (rc == CK_OK && (rc = ck_cred_keyset_from_jwks(out, jwks, len, err)))
            ck_err_prefix(err, "%s: ", req->keys_path);
        free(jwks);
        return rc;
    }
    if (!app)
        return ck_err_set(err, CK_EINVAL,
                          "verifying needs the station's keys or --keys FILE: there is no station");
    ck_rc rc = ck_app_keyset(app, out, err);
    /* At the kiosk the station is all there is; elsewhere a key file is the way out. */
    if (rc && !req->scanned)
        ck_err_prefix(err, "verifying needs the station's keys or --keys FILE: ");
    return rc;
}

/* The revocations to check: a signed list file, else the station's own; none without
 * either. */
static ck_rc load_revocations(ck_app *app, const ck_verify_req *req, const ck_cred_keyset *keys,
                              ck_cred_rl **out, ck_err *err)
{
    char *list = NULL;
    size_t len = 0;
    ck_rc rc = CK_OK;
    *out = NULL;
    if (req->revocations_path) {
        rc = ck_file_read(&list, &len, req->revocations_path, CK_CRED_RL_MAX_TEXT,
                          "revocation list", err);
        if (rc == CK_OK && (rc = ck_cred_rl_load(out, list, len, keys, err)))
            ck_err_prefix(err, "%s: ", req->revocations_path);
    } else if (app) {
        rc = ck_app_revocations(app, &list, err);
        if (rc == CK_OK)
            rc = ck_cred_rl_load(out, list, strlen(list), keys, err);
    }
    free(list);
    return rc;
}

/* The text to check: the QR code in a PNG, JPEG or PDF file, or a file holding the text
 * itself; *source says which. */
static ck_rc read_input(const char *path, char **text, size_t *len, char *source, size_t n,
                        ck_err *err)
{
    ck_scan_list *codes = NULL;
    ck_rc rc = ck_scan_file(&codes, path, err);
    if (rc == CK_OK) {
        snprintf(source, n, "%s", ck_scan_kind_name(codes->kind));
        *text = malloc(codes->codes[0].len + 1);
        if (*text) {
            memcpy(*text, codes->codes[0].data, codes->codes[0].len + 1);
            *len = codes->codes[0].len;
        } else {
            rc = ck_err_set(err, CK_ENOMEM, "out of memory reading %s", path);
        }
        ck_scan_list_free(codes);
        return rc;
    }
    if (rc != CK_EINVAL)
        return rc;
    /* Not an image or PDF: a file holding the QR text itself. */
    snprintf(source, n, "file");
    return ck_file_read(text, len, path, TEXT_FILE_MAX_BYTES, "file", err);
}

static void copy_verdict(ck_verdict *out, const ck_cred_verdict *v)
{
    const ck_cred_claims *c = &v->claims;
    ck_verify_claims *o = &out->claims;
    out->status = (ck_verify_status)v->status;
    out->has_claims = v->has_claims;
    out->revoked_at = v->revoked_at;
    snprintf(out->kid, sizeof out->kid, "%s", v->kid);
    out->said = v->said;
    snprintf(out->reason, sizeof out->reason, "%s", v->reason);
    if (!v->has_claims)
        return;
    snprintf(o->id, sizeof o->id, "%s", c->jti);
    snprintf(o->issuer, sizeof o->issuer, "%s", c->iss);
    o->issued_at = c->iat;
    o->expires_at = c->exp;
    snprintf(o->name, sizeof o->name, "%s", c->name);
    snprintf(o->course, sizeof o->course, "%s", c->course);
    snprintf(o->trainer, sizeof o->trainer, "%s", c->trainer);
    snprintf(o->trainer_cred, sizeof o->trainer_cred, "%s", c->trainer_cred);
    o->ndays = c->ndays;
    memcpy(o->days, c->days, sizeof o->days);
    o->hours = c->hours;
}

ck_rc ck_app_verify(ck_app *app, const ck_verify_req *req, ck_verdict *out, ck_err *err)
{
    ck_cred_keyset *keys = NULL;
    ck_cred_rl *rl = NULL;
    ck_cred_verdict *v = calloc(1, sizeof *v);
    char *owned = NULL;
    const char *text = req->text;
    size_t len = req->text ? req->len : 0;
    ck_rc rc = CK_OK;
    memset(out, 0, sizeof *out);
    out->kind = CK_VERIFY_CERTIFICATE;
    snprintf(out->source, sizeof out->source, "text");
    if (!req->text && !req->path) {
        free(v);
        return ck_err_set(err, CK_EINVAL, "say what to verify: the QR text, a file or a token");
    }
    if (!v)
        return ck_err_set(err, CK_ENOMEM, "out of memory verifying a certificate");
    int64_t now = req->now_given ? req->now : app ? ck_app_now(app) : (int64_t)time(NULL);

    char code[CK_APP_BADGE_CODE_MAX];
    if (req->scanned && text && strlen(text) == len && ck_app_badge_parse(text, code)) {
        /* A badge: its code names a person only through the chain's badge records (a made-up
         * code names nobody); no key is read. It is no valid certificate either. */
        ck_err why = {0};
        out->kind = CK_VERIFY_BADGE;
        out->status = CK_VERIFY_MALFORMED;
        if (!app)
            ck_msg_set(&out->said, "a badge is looked up at a station");
        else if (ck_app_badge_who(app, text, &out->attendee_id, &why) != CK_OK)
            out->said = why.m;
        else
            ck_msg_set(&out->said, "a badge, not a certificate's code");
        ck_msg_word(&out->said, NULL, out->reason, sizeof out->reason);
        goto done;
    }
    if (req->scanned) {
        /* Without keys a line is only decoded: one that is no token at all needs no key file
         * read and no revocation list signed. */
        ck_err quiet = {0};
        if (check_text(v, text, len, NULL, NULL, 0, &quiet) == CK_OK &&
            v->status == CK_CRED_MALFORMED && !looks_like_certificate(text)) {
            copy_verdict(out, v); /* MALFORMED and why */
            out->kind = CK_VERIFY_UNREADABLE;
            goto unreadable;
        }
    }
    if ((rc = load_keys(app, req, &keys, err)) || (rc = load_revocations(app, req, keys, &rl, err)))
        goto done;
    if (!req->text &&
        (rc = read_input(req->path, &owned, &len, out->source, sizeof out->source, err)))
        goto done;
    if (owned)
        text = owned;
    if ((rc = check_text(v, text, len, keys, rl, now, err)))
        goto done;
    copy_verdict(out, v);
    out->revocations_checked = rl != NULL;
    /* Another station's key: named; a revoked station's vouches only for what its chain
     * recorded before then. */
    if (app && !req->keys_path && out->has_claims) {
        char station[CK_STATION_NAME_MAX], when[17];
        int64_t revoked = 0;
        if ((rc = ck_app_signer(app, out->kid, out->claims.id, station, sizeof station, &revoked,
                                err)))
            goto done;
        snprintf(out->signer, sizeof out->signer, "%s", station);
        if (revoked) {
            ck_tz_datetime(revoked, when); /* "YYYY-MM-DD HH:MM" */
            when[10] = '\0';
            out->status = CK_VERIFY_UNKNOWN_KEY;
            out->has_claims = false;
            /* TRANSLATORS: %1$s is a station's name, %2$s a date, %3$s a time (14:05). */
            ck_msg_set(&out->said,
                       "signed with the key of the station %s, which was revoked on %s at %s, "
                       "and no record of this certificate came from it before then: do not "
                       "trust it",
                       station, CK_MSG_DATE(when), when + 11);
            ck_msg_word(&out->said, NULL, out->reason, sizeof out->reason);
        }
    }
    /* A scanned line that is no token and does not look like one is neither. */
    if (req->scanned && v->status == CK_CRED_MALFORMED && !looks_like_certificate(text))
        out->kind = CK_VERIFY_UNREADABLE;
unreadable:
    if (out->kind == CK_VERIFY_UNREADABLE) {
        ck_msg_set(&out->said, "the scanner read neither a badge nor a certificate's code");
        ck_msg_word(&out->said, NULL, out->reason, sizeof out->reason);
    }
done:
    ck_cred_rl_free(rl);
    ck_cred_keyset_free(keys);
    free(owned);
    free(v);
    return rc;
}
