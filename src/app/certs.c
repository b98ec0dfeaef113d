/* Certificates: keys, issuing, revoking; the verification page. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/internal.h"
#include "app/timez.h"
#include "core/names.h"
#include "cred/certid.h"
#include "cred/qr.h"
#include "pdf/cert_pdf.h"
#include "web/verifier.h"

/* Where a rotation stages the new keyring until its key is in the chain. */
static void staged_path(ck_app *app, char *out, size_t n)
{
    snprintf(out, n, "%s.next", app->key_path);
}

/* A rotation that stopped between writing the new keyring and putting it in place: if its
 * key reached the chain, finish it; if not, it never happened, so drop the staged file. */
ck_rc ck_app_finish_rotation(ck_app *app, ck_err *err)
{
    char staged[4096 + 8];
    struct stat sb;
    staged_path(app, staged, sizeof staged);
    if (app->readonly || stat(staged, &sb) != 0)
        return CK_OK;
    ck_cred_keyring *next = NULL;
    ck_err why = {0};
    if (ck_cred_keyring_open(&next, staged, &why) != CK_OK) {
        ck_err_msg(err, CK_ECRYPTO, &why.m);
        ck_err_prefix(
            err, "a key rotation was interrupted and its new keyring %s cannot be read: ", staged);
        return ck_err_append(err, "; remove that file to keep signing with the old key");
    }
    bool known = false;
    ck_rc rc = ck_store_key_known(app->store, ck_cred_keyring_kid(next), &known, err);
    ck_cred_keyring_free(next);
    if (rc)
        return rc;
    if (known)
        return ck_cred_keyring_install(staged, app->key_path, err);
    if (unlink(staged) != 0)
        return ck_err_set(err, CK_EIO, "cannot remove the unused keyring %s: %s", staged,
                          CK_MSG_ERRNO(errno));
    return CK_OK;
}

static ck_rc open_keyring(ck_app *app, ck_cred_keyring **out, ck_err *err)
{
    struct stat sb;
    ck_rc rc = ck_app_finish_rotation(app, err);
    if (rc)
        return rc;
    if (stat(app->key_path, &sb) != 0)
        return ck_err_set(err, CK_ENOTFOUND,
                          "no signing key at %s; create it with \"classkiosk init\" (or point "
                          "--key at the station's key file)",
                          app->key_path);
    return ck_cred_keyring_open(out, app->key_path, err);
}

ck_rc ck_app_keys_into_chain(ck_app *app, const ck_cred_keyring *kr, ck_err *err)
{
    size_t n = ck_cred_keyring_count(kr);
    ck_rc rc = CK_OK;
    /* Oldest first, each naming the key it replaced. */
    for (size_t i = n; rc == CK_OK && i-- > 0;) {
        ck_cred_key_info k, older;
        bool known = false;
        if ((rc = ck_cred_keyring_key(&k, kr, i, err)) ||
            (rc = ck_store_key_known(app->store, k.kid, &known, err)) || known)
            continue;
        if (i + 1 < n && (rc = ck_cred_keyring_key(&older, kr, i + 1, err)))
            break;
        rc = ck_store_key_add(app->store, k.kid, k.x, k.created, i + 1 < n ? older.kid : NULL, err);
    }
    return rc;
}

ck_rc ck_app_keys_export(ck_app *app, bool all, char **json, ck_err *err)
{
    ck_cred_keyring *kr = NULL;
    ck_rc rc = open_keyring(app, &kr, err);
    if (rc)
        return rc;
    rc = all ? ck_cred_keyring_jwks(json, kr, err) : ck_cred_keyring_jwk(json, kr, err);
    ck_cred_keyring_free(kr);
    return rc;
}

ck_rc ck_app_keys_rotate(ck_app *app, char kid[CK_APP_KID_LEN + 1], ck_err *err)
{
    ck_cred_keyring *kr = NULL, *next = NULL;
    char staged[4096 + 8];
    ck_cred_key_info k;
    staged_path(app, staged, sizeof staged);
    ck_rc rc = open_keyring(app, &kr, err);
    if (rc)
        return rc;
    char old[CK_CRED_KID_LEN + 1];
    snprintf(old, sizeof old, "%s", ck_cred_keyring_kid(kr));
    /* 1. The new keyring beside the old one; the old file still signs. */
    if ((rc = ck_cred_keyring_rotate_to(&next, kr, staged, ck_app_now(app), err)))
        goto done;
    snprintf(kid, CK_APP_KID_LEN + 1, "%s", ck_cred_keyring_kid(next));
    /* 2. The new public key and the audit record, committed together. A crash before this
     * commit leaves a staged file no chain knows: the next open removes it. */
    if ((rc = ck_cred_keyring_key(&k, next, 0, err)) || (rc = ck_store_begin(app->store, err)))
        goto unstage;
    if ((rc = ck_app_keys_into_chain(app, kr, err)) ||
        (rc = ck_store_key_add(app->store, k.kid, k.x, k.created, old, err)) ||
        (rc = ck_app_audit_write(app, "trainer", CK_AUDIT_KEYS_ROTATE,
                                 json_pack("{s:s, s:s}", "retired", old, "active", kid), err)) ||
        (rc = ck_store_commit(app->store, err))) {
        ck_store_rollback(app->store);
        goto unstage;
    }
    /* 3. In place. A crash before this leaves a staged file the chain knows: the next open
     * puts it in place. */
    if ((rc = ck_cred_keyring_install(staged, app->key_path, err)))
        ck_err_prefix(err,
                      "the new key %s is recorded; the next classkiosk command puts it in "
                      "place: ",
                      kid);
    goto done;
unstage:
    unlink(staged);
done:
    ck_cred_keyring_free(next);
    ck_cred_keyring_free(kr);
    return rc;
}

/* Whether the organisation's server lists origin as a station, and since when it is revoked. */
static bool station_of(const ck_station_rec *list, size_t n, const char *origin,
                       int64_t *revoked_at)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(list[i].origin, origin) == 0) {
            if (revoked_at)
                *revoked_at = list[i].revoked_at;
            return true;
        }
    return false;
}

ck_rc ck_app_trusted_jwks(ck_app *app, bool revoked_too, char **out, ck_err *err)
{
    ck_cred_keyring *kr = NULL;
    ck_key_rec *keys = NULL;
    ck_station_rec *stations = NULL;
    size_t nkeys = 0, nstations = 0;
    char *own = NULL;
    json_t *doc = NULL;
    *out = NULL;
    ck_rc rc = open_keyring(app, &kr, err);
    if (rc || (rc = ck_cred_keyring_jwks(&own, kr, err)) ||
        (rc = ck_store_keys(app->store, &keys, &nkeys, err)) ||
        (rc = ck_store_stations(app->store, &stations, &nstations, err)))
        goto done;
    doc = json_loads(own, 0, NULL);
    json_t *list = json_object_get(doc, "keys");
    if (!json_is_array(list)) {
        rc = ck_err_set(err, CK_EINTERNAL, "the station's key set could not be read back");
        goto done;
    }
    /* Another station's key is trusted because its entry came through the server's chain of
     * a station the server lists (this station's own come from its keyring, not the chain). */
    const char *me = ck_store_origin(app->store);
    for (size_t i = 0; i < nkeys; i++) {
        int64_t revoked = 0;
        if (strcmp(keys[i].origin, me) == 0 ||
            !station_of(stations, nstations, keys[i].origin, &revoked) || (revoked && !revoked_too))
            continue;
        json_t *k = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "kty", "OKP", "crv", "Ed25519", "x",
                              keys[i].x, "kid", keys[i].kid, "use", "sig", "alg", "EdDSA");
        if (!k || json_array_append_new(list, k) != 0) {
            rc = ck_err_set(err, CK_ENOMEM, "out of memory reading the signing keys");
            goto done;
        }
    }
    if (!(*out = json_dumps(doc, JSON_COMPACT)))
        rc = ck_err_set(err, CK_ENOMEM, "out of memory reading the signing keys");
done:
    json_decref(doc);
    free(own);
    free(keys);
    free(stations);
    ck_cred_keyring_free(kr);
    return rc;
}

ck_rc ck_app_keyset(ck_app *app, ck_cred_keyset **out, ck_err *err)
{
    char *jwks = NULL;
    ck_rc rc = ck_app_trusted_jwks(app, true, &jwks, err);
    if (rc == CK_OK)
        rc = ck_cred_keyset_from_jwks(out, jwks, strlen(jwks), err);
    free(jwks);
    return rc;
}

ck_rc ck_app_signer(ck_app *app, const char *kid, const char *cert_id, char *station, size_t n,
                    int64_t *untrusted_since, ck_err *err)
{
    ck_key_rec *keys = NULL;
    ck_station_rec *stations = NULL;
    size_t nkeys = 0, nstations = 0;
    station[0] = '\0';
    *untrusted_since = 0;
    ck_rc rc = ck_store_keys(app->store, &keys, &nkeys, err);
    if (rc == CK_OK)
        rc = ck_store_stations(app->store, &stations, &nstations, err);
    const char *me = ck_store_origin(app->store);
    for (size_t i = 0; rc == CK_OK && i < nkeys; i++) {
        if (strcmp(keys[i].kid, kid) != 0 || strcmp(keys[i].origin, me) == 0)
            continue;
        for (size_t j = 0; j < nstations; j++) {
            if (strcmp(stations[j].origin, keys[i].origin) != 0)
                continue;
            snprintf(station, n, "%s", stations[j].name);
            if (!stations[j].revoked_at)
                break;
            /* Its certificates count while its chain on the server recorded them. */
            char origin[CK_UID_LEN + 1];
            ck_err quiet = {0};
            if (ck_store_cert_origin(app->store, cert_id, origin, &quiet) != CK_OK ||
                strcmp(origin, keys[i].origin) != 0)
                *untrusted_since = stations[j].revoked_at;
        }
    }
    free(keys);
    free(stations);
    return rc;
}

ck_rc ck_app_cert_qr_text(ck_app *app, const char *token, char **out, ck_err *err)
{
    char url[CK_TEXT_MAX];
    ck_rc rc = ck_app_config_get(app, "verify-url", url, sizeof url, err);
    if (rc)
        return rc;
    return ck_cred_qr_encode(out, token, *url ? url : NULL, err);
}

/* "zoe-angstrom-nunez" from a name, for file names; may be empty. */
static void slug(const char *name, char *out, size_t n)
{
    char *fold = ck_name_fold(name);
    size_t w = 0;
    for (const char *p = fold ? fold : ""; *p && w + 1 < n; p++) {
        bool ok = (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9');
        if (ok)
            out[w++] = *p;
        else if (w && out[w - 1] != '-')
            out[w++] = '-';
    }
    while (w && out[w - 1] == '-')
        w--;
    out[w] = '\0';
    free(fold);
}

ck_rc ck_app_make_dir(const char *dir, ck_err *err)
{
    if (mkdir(dir, 0755) != 0 && errno != EEXIST)
        return ck_err_set(err, CK_EIO, "cannot create the folder %s: %s; check the path", dir,
                          CK_MSG_ERRNO(errno));
    struct stat sb;
    if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode))
        return ck_err_set(err, CK_EIO, "%s is not a folder; give --out a folder", dir);
    return CK_OK;
}

void ck_app_beside_db(ck_app *app, const char *name, char *out, size_t n)
{
    const char *slash = strrchr(app->db_path, '/');
    if (slash)
        snprintf(out, n, "%.*s/%s", (int)(slash - app->db_path), app->db_path, name);
    else
        snprintf(out, n, "%s", name);
}

/* The claims of a new certificate for person in course c. Every text is checked again as its
 * kind (core/text.h), fonts included: records an older station kept, or a setting changed
 * by hand, are refused here in words rather than signed. */
static ck_rc fill_claims(ck_app *app, const ck_course_rec *c, const ck_attendee_rec *person,
                         const char *id, int64_t now, ck_cred_claims *cl, ck_err *err)
{
    char issuer[CK_TEXT_MAX];
    ck_rc rc;
    memset(cl, 0, sizeof *cl);
    ck_app_config_get(app, "issuer", issuer, sizeof issuer, NULL);
    if ((rc = ck_app_text_into(app, cl->iss, sizeof cl->iss, CK_TEXT_ISSUER,
                               *issuer ? issuer : "classkiosk", err)) ||
        (rc = ck_app_text_into(app, cl->name, sizeof cl->name, CK_TEXT_NAME, person->name, err)) ||
        (rc = ck_app_text_into(app, cl->course, sizeof cl->course, CK_TEXT_TITLE, c->title, err)) ||
        (rc = ck_app_text_into(app, cl->trainer, sizeof cl->trainer, CK_TEXT_TRAINER, c->trainer,
                               err)) ||
        (rc = ck_app_text_into(app, cl->trainer_cred, sizeof cl->trainer_cred, CK_TEXT_CREDENTIAL,
                               c->credential, err)) ||
        (rc = ck_app_text_into(app, cl->location, sizeof cl->location, CK_TEXT_LOCATION,
                               c->location, err)))
        return ck_err_prefix(err, "no certificate was issued: ");
    snprintf(cl->jti, sizeof cl->jti, "%s", id);
    cl->location[0] = '\0'; /* printed but not signed: it keeps the QR code small */
    cl->ndays = c->ndays < CK_CRED_MAX_DAYS ? c->ndays : CK_CRED_MAX_DAYS;
    for (size_t i = 0; i < cl->ndays; i++)
        memcpy(cl->days[i], c->days[i].date, 11);
    cl->hours = c->hours;
    cl->iat = now;
    cl->exp = ck_app_cert_expiry(c);
    return CK_OK;
}

int64_t ck_app_cert_expiry(const ck_course_rec *c)
{
    /* Valid for two years from completion: the end of the last day. */
    ck_day last;
    ck_tz_day(&c->days[c->ndays - 1], &last);
    return ck_tz_add_years(last.window.end, CK_APP_VALID_YEARS);
}

/* Everything one certificate page needs, kept together so the strings outlive the doc, and
 * the page once rendered. */
typedef struct page {
    ck_cert_pdf doc;
    ck_cert_pdf_result res;
    char *qr;
    char dates[160], hours[48], until[48], verify[320];
    char logo[4096], signature[4096];
} page;

ck_rc ck_app_fonts(ck_app *app, const ck_pdf_fonts **out, ck_err *err)
{
    if (!app->fonts) {
        char dir[4096];
        ck_app_data_path(app, "fonts", dir, sizeof dir);
        ck_rc rc = ck_pdf_fonts_open(&app->fonts, dir, err);
        if (rc)
            return rc;
    }
    *out = app->fonts;
    return CK_OK;
}

size_t ck_app_fallback_fonts(ck_app *app, const char **paths, int *indexes, size_t max)
{
    const ck_pdf_fonts *fonts;
    ck_err err = {0};
    if (ck_app_fonts(app, &fonts, &err) != CK_OK)
        return 0;
    return ck_pdf_fonts_fallbacks(fonts, paths, indexes, max);
}

static void page_clear(page *pg)
{
    free(pg->qr);
    ck_cert_pdf_result_clear(&pg->res);
}

/* What the page shows, from the signed claims (so paper and token always agree), rendered
 * into memory, which refuses what cannot be printed. */
static ck_rc page_prepare(ck_app *app, const ck_course_rec *c, const ck_cred_claims *cl,
                          const char *token, bool letter, page *pg, ck_err *err)
{
    char url[CK_TEXT_MAX];
    struct stat sb;
    const ck_pdf_fonts *fonts;
    memset(pg, 0, sizeof *pg);
    ck_rc rc = ck_app_fonts(app, &fonts, err);
    if (rc || (rc = ck_app_cert_qr_text(app, token, &pg->qr, err)))
        return rc;
    /* The fixed wording and the dates in the course's language; the signed texts as they are. */
    const ck_lang *lang = ck_lang_find(c->lang);
    char day[11], hours[32];
    ck_lang_dates(lang, (const char(*)[11])cl->days, cl->ndays, pg->dates, sizeof pg->dates);
    ck_tz_date(cl->exp - 1, day);
    ck_lang_date(lang, day, CK_DATE_LONG, pg->until, sizeof pg->until);
    ck_lang_decimal(lang, cl->hours, hours, sizeof hours);
    ck_msg *m = malloc(sizeof *m);
    if (!m)
        return ck_err_set(err, CK_ENOMEM, "out of memory preparing the certificate");
    /* A fraction of an hour takes the plural ("1.5 contact hours"). */
    unsigned long count = (unsigned long)ceil(cl->hours);
    /* TRANSLATORS: the contact hours on a certificate; %s is the number, written as the
       language writes it ("14.5", "14,5"). */
    ck_msg_setn(m, "%s contact hour", "%s contact hours", count, hours);
    ck_msg_word(m, lang, pg->hours, sizeof pg->hours);
    ck_app_config_get(app, "verify-url", url, sizeof url, NULL);
    if (*url) {
        /* The address without scheme and fragment: "certs.example.org/verify". */
        const char *shown = strstr(url, "://") ? strstr(url, "://") + 3 : url;
        /* TRANSLATORS: on a certificate, beside its QR code; %s is the verify page's address
           ("certs.example.org/verify"). */
        ck_msg_set(m, "Scan the code or visit %.*s to check this certificate.",
                   (int)strcspn(shown, "#"), shown);
    } else {
        /* TRANSLATORS: on a certificate, beside its QR code, when there is no verify page. */
        ck_msg_set(m, "Scan the code at the classroom station, or check it with \"classkiosk "
                      "verify\".");
    }
    ck_msg_word(m, lang, pg->verify, sizeof pg->verify);
    free(m);
    ck_app_data_path(app, "assets/logo.png", pg->logo, sizeof pg->logo);
    ck_app_data_path(app, "assets/signature.png", pg->signature, sizeof pg->signature);
    ck_cert_pdf *doc = &pg->doc;
    doc->holder_name = cl->name;
    doc->course_title = cl->course;
    doc->course_dates = pg->dates;
    doc->contact_hours = pg->hours;
    doc->location = c->location;
    doc->trainer_name = cl->trainer;
    doc->trainer_credential = cl->trainer_cred;
    doc->certificate_id = cl->jti;
    doc->valid_until = pg->until;
    doc->qr_text = pg->qr;
    doc->verify_line = pg->verify;
    doc->lang = lang;
    doc->paper = letter ? CK_CERT_PDF_LETTER : CK_CERT_PDF_A4;
    doc->fonts = fonts;
    doc->logo_png = stat(pg->logo, &sb) == 0 ? pg->logo : NULL;
    doc->signature_png = stat(pg->signature, &sb) == 0 ? pg->signature : NULL;
    doc->created = (time_t)cl->iat;
    return ck_cert_pdf_render(&pg->res, doc, err);
}

/* Write a rendered page into the output folder; fills out's path and QR figures. */
static ck_rc page_write(ck_app *app, page *pg, const ck_cred_claims *cl, const ck_issue_opts *opts,
                        ck_issue_result *out, ck_err *err)
{
    char dir[4096], name[128];
    if (opts && opts->out_dir)
        snprintf(dir, sizeof dir, "%s", opts->out_dir);
    else
        ck_app_beside_db(app, "certificates", dir, sizeof dir);
    ck_rc rc = ck_app_make_dir(dir, err);
    if (rc)
        return rc;
    slug(cl->name, name, sizeof name);
    snprintf(out->pdf_path, sizeof out->pdf_path, "%s/%s%s%s.pdf", dir, cl->jti, *name ? "_" : "",
             name);
    if ((rc = ck_cert_pdf_save(&pg->res, out->pdf_path, err)))
        return ck_err_prefix(
            err, "certificate %s is recorded but its PDF could not be written: ", cl->jti);
    out->qr_version = pg->res.qr_version;
    out->qr_module_mm = pg->res.qr_module_mm;
    return CK_OK;
}

/* The claims of a stored certificate, read back from its token (signature checked). */
static ck_rc stored_claims(ck_app *app, const ck_cert_rec *cert, ck_cred_claims *out, ck_err *err)
{
    ck_cred_keyset *keys = NULL;
    ck_cred_verdict v;
    ck_rc rc = ck_app_keyset(app, &keys, err);
    if (rc)
        return rc;
    rc = ck_cred_token_verify(&v, cert->token, keys, NULL, ck_app_now(app), err);
    ck_cred_keyset_free(keys);
    if (rc)
        return rc;
    if (!v.has_claims) {
        ck_err_msg(err, CK_ECRYPTO, &v.said);
        ck_err_prefix(err, "the stored certificate %s no longer verifies: ", cert->id);
        return ck_err_append(err, "; revoke it and issue a new one");
    }
    *out = v.claims;
    return CK_OK;
}

/* The status reasons, each its own sentence, after who it is. */
static ck_rc ineligible(const ck_status *s, ck_err *err)
{
    ck_err_set(err, CK_EINELIGIBLE, "%s is not eligible for a certificate: ", s->person.name);
    for (size_t i = 0; err && i < s->nreasons; i++) {
        /* TRANSLATORS: between two reasons on one line ("day 1: …; license …"). */
        if (i)
            ck_msg_add(&err->m, "; ");
        ck_msg_append(&err->m, &s->reasons[i]);
    }
    return ck_err_msg(err, CK_EINELIGIBLE, err ? &err->m : NULL);
}

ck_rc ck_app_cert_issue(ck_app *app, int64_t attendee_id, const ck_issue_opts *opts,
                        ck_issue_result *out, ck_err *err)
{
    const ck_course_rec *c;
    ck_status status;
    ck_cert_rec cert;
    ck_cred_keyring *kr = NULL;
    ck_cred_claims cl;
    page pg = {0};
    char *token = NULL;
    memset(out, 0, sizeof *out);
    memset(&cert, 0, sizeof cert);
    ck_rc rc = ck_app_course(app, &c, err);
    if (rc)
        return rc;
    if ((rc = ck_app_status_one(app, attendee_id, &status, err)))
        return rc;
    out->person = status.person;
    if (status.person.course_id != c->id) {
        rc = ck_err_set(err, CK_ENOTFOUND, "%s is not on the roster of \"%s\"", status.person.name,
                        c->title);
        goto done;
    }
    if (!status.eligible) {
        rc = ineligible(&status, err);
        goto done;
    }

    /* The same certificate again, unless it was revoked. */
    ck_err quiet = {0};
    rc = ck_store_cert_current(app->store, attendee_id, &cert, &quiet);
    if (rc == CK_OK) {
        out->reused = true;
        if ((rc = stored_claims(app, &cert, &cl, err)) ||
            (rc = page_prepare(app, c, &cl, cert.token, opts && opts->letter, &pg, err)))
            goto done;
    } else if (rc == CK_ENOTFOUND) {
        char id[CK_CRED_ID_LEN + 1];
        if ((rc = open_keyring(app, &kr, err)) || (rc = ck_cred_id_new(id, err)))
            goto done;
        if ((rc = fill_claims(app, c, &status.person, id, ck_app_now(app), &cl, err)))
            goto done;
        /* Sign and lay the page out before anything is recorded: a certificate that cannot
         * be printed is refused here and never exists. */
        if ((rc = ck_cred_token_sign(&token, kr, &cl, err)) ||
            (rc = page_prepare(app, c, &cl, token, opts && opts->letter, &pg, err)))
            goto done;
        ck_cert_rec rec;
        memset(&rec, 0, sizeof rec);
        snprintf(rec.id, sizeof rec.id, "%s", cl.jti);
        rec.attendee_id = attendee_id;
        rec.token = token;
        snprintf(rec.kid, sizeof rec.kid, "%s", ck_cred_keyring_kid(kr));
        rec.issued_at = cl.iat;
        rec.expires_at = cl.exp;
        if ((rc = ck_store_begin(app->store, err)))
            goto done;
        /* The key that signed it is in the chain before the certificate is. */
        if ((rc = ck_app_keys_into_chain(app, kr, err)) ||
            (rc = ck_store_cert_insert(app->store, &rec, err))) {
            ck_store_rollback(app->store);
            goto done;
        }
        json_t *d = json_pack("{s:s, s:I, s:s, s:s}", "certificate", rec.id, "attendee",
                              (json_int_t)attendee_id, "name", status.person.name, "kid", rec.kid);
        if ((rc = ck_app_audit_write(
                 app, ck_app_actor(opts && opts->source ? opts->source : CK_SOURCE_TRAINER),
                 CK_AUDIT_CERT_ISSUE, d, err)) ||
            (rc = ck_store_commit(app->store, err))) {
            ck_store_rollback(app->store);
            goto done;
        }
    } else {
        rc = ck_err_msg(err, rc, &quiet.m);
        goto done;
    }
    snprintf(out->id, sizeof out->id, "%s", cl.jti);
    rc = page_write(app, &pg, &cl, opts, out, err);
done:
    ck_status_clear(&status);
    ck_cert_rec_clear(&cert);
    ck_cred_keyring_free(kr);
    free(token);
    page_clear(&pg);
    return rc;
}

ck_rc ck_app_cert_render(ck_app *app, const char *cert_id, const ck_issue_opts *opts,
                         ck_issue_result *out, ck_err *err)
{
    ck_cert_rec cert;
    ck_course_rec course;
    ck_cred_claims cl;
    page pg = {0};
    memset(out, 0, sizeof *out);
    ck_rc rc = ck_store_cert_get(app->store, cert_id, &cert, err);
    if (rc)
        return rc;
    if (cert.revoked_at) {
        rc = ck_err_set(err, CK_ESTATE, "certificate %s was revoked; it is not printed again",
                        cert_id);
        goto done;
    }
    /* The course the certificate belongs to, which may not be the current one. */
    if ((rc = ck_store_attendee_get(app->store, cert.attendee_id, &out->person, err)) ||
        (rc = ck_store_course_get(app->store, out->person.course_id, &course, err)) ||
        (rc = stored_claims(app, &cert, &cl, err)) ||
        (rc = page_prepare(app, &course, &cl, cert.token, opts && opts->letter, &pg, err)))
        goto done;
    out->reused = true;
    snprintf(out->id, sizeof out->id, "%s", cl.jti);
    rc = page_write(app, &pg, &cl, opts, out, err);
done:
    ck_cert_rec_clear(&cert);
    page_clear(&pg);
    return rc;
}

ck_rc ck_app_cert_list(ck_app *app, ck_cert_rec **out, size_t *n, ck_err *err)
{
    const ck_course_rec *c;
    ck_rc rc = ck_app_course(app, &c, err);
    return rc ? rc : ck_store_cert_list(app->store, c->id, out, n, err);
}

ck_rc ck_app_cert_revoke(ck_app *app, const char *id_text, const char *reason, ck_err *err)
{
    char id[CK_CRED_ID_LEN + 1], why[CK_REASON_MAX];
    ck_cert_rec cert;
    ck_rc rc;
    if ((rc = ck_app_reason(why, reason, "revoking a certificate", err)) ||
        (rc = ck_cred_id_parse(id, id_text ? id_text : "", err)))
        return rc;
    if ((rc = ck_store_begin(app->store, err)))
        return rc;
    if ((rc = ck_store_cert_get(app->store, id, &cert, err)))
        goto fail;
    if (cert.revoked_at) {
        char when[17];
        ck_tz_datetime(cert.revoked_at, when);
        rc = ck_err_set(err, CK_ESTATE, "certificate %s was already revoked on %s", id, when);
        goto fail;
    }
    json_t *d = json_pack("{s:s, s:I, s:s, s:s}", "certificate", id, "attendee",
                          (json_int_t)cert.attendee_id, "name", cert.holder, "reason", why);
    if ((rc = ck_store_cert_revoke(app->store, id, ck_app_now(app), why, err)) ||
        (rc = ck_app_audit_write(app, "trainer", CK_AUDIT_CERT_REVOKE, d, err)))
        goto fail;
    ck_cert_rec_clear(&cert);
    return ck_store_commit(app->store, err);
fail:
    ck_cert_rec_clear(&cert);
    ck_store_rollback(app->store);
    return rc;
}

ck_rc ck_app_revocations(ck_app *app, char **jws, ck_err *err)
{
    ck_revocation_rec *recs = NULL;
    ck_cred_revocation *list = NULL;
    ck_cred_keyring *kr = NULL;
    size_t n = 0;
    char issuer[CK_TEXT_MAX];
    ck_rc rc = ck_store_revocations(app->store, &recs, &n, err);
    if (rc)
        return rc;
    list = calloc(n ? n : 1, sizeof *list);
    if (!list) {
        rc = ck_err_set(err, CK_ENOMEM, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        snprintf(list[i].jti, sizeof list[i].jti, "%s", recs[i].id);
        list[i].at = recs[i].at;
    }
    ck_app_config_get(app, "issuer", issuer, sizeof issuer, NULL);
    if ((rc = open_keyring(app, &kr, err)))
        goto done;
    rc = ck_cred_rl_sign(jws, kr, *issuer ? issuer : "classkiosk", ck_app_now(app), list, n, err);
done:
    ck_cred_keyring_free(kr);
    free(list);
    free(recs);
    return rc;
}

ck_rc ck_app_verifier_export(ck_app *app, const char *dir, ck_err *err)
{
    char *jwks = NULL, *rl = NULL, issuer[CK_TEXT_MAX];
    /* Every station's keys but a revoked station's: the page cannot ask the chain which of
     * its certificates came before the revocation. */
    ck_rc rc = ck_app_trusted_jwks(app, false, &jwks, err);
    if (rc == CK_OK)
        rc = ck_app_revocations(app, &rl, err);
    if (rc == CK_OK) {
        ck_app_config_get(app, "issuer", issuer, sizeof issuer, NULL);
        ck_web_export_input in = {.jwks_json = jwks,
                                  .revocations_jws = rl,
                                  .issuer_name = *issuer ? issuer : "classkiosk",
                                  .exported_at = ck_app_now(app),
                                  .data_dir = app->data_dir};
        rc = ck_web_export(dir, &in, err);
    }
    free(jwks);
    free(rl);
    return rc;
}
