/* The license agreement: its versions, and each attendee's decision. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/internal.h"
#include "app/timez.h"
#include "core/names.h"

#define LICENSE_MAX_BYTES (1u << 20)

ck_rc ck_app_license_current(ck_app *app, ck_license_rec *out, ck_err *err)
{
    return ck_store_license_current(app->store, out, err);
}

/* Strip a BOM and turn CRLF into LF in place, so the same text always hashes alike. */
static size_t normalise_text(char *text, size_t len)
{
    size_t r = 0, w = 0;
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        r = 3;
    for (; r < len; r++) {
        if (text[r] == '\r' && r + 1 < len && text[r + 1] == '\n')
            continue;
        text[w++] = text[r];
    }
    while (w && (text[w - 1] == '\n' || text[w - 1] == ' '))
        w--;
    text[w] = '\0';
    return w;
}

ck_rc ck_app_license_store(ck_app *app, const char *path, bool only_new, int *version, bool *added,
                           ck_err *err)
{
    char def[4096 + 32], *text = NULL;
    size_t len = 0, bad = 0;
    if (!path) {
        ck_app_data_path(app, "assets/license.txt", def, sizeof def);
        path = def;
    }
    ck_rc rc = ck_file_read(&text, &len, path, LICENSE_MAX_BYTES, "license text", err);
    if (rc)
        return rc;
    len = normalise_text(text, len);
    if (len < 20) {
        free(text);
        return ck_err_set(err, CK_EINVAL,
                          "the license text %s is empty or too short to be an "
                          "agreement",
                          path);
    }
    if (!ck_text_valid_utf8(text, len, &bad)) {
        free(text);
        return ck_err_set(err, CK_EINVAL,
                          "the license text %s is not valid UTF-8 (byte %zu); save it as UTF-8",
                          path, bad + 1);
    }
    unsigned char digest[crypto_hash_sha256_BYTES];
    char hex[65];
    crypto_hash_sha256(digest, (const unsigned char *)text, len);
    sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);

    if ((rc = ck_store_begin(app->store, err)))
        goto done;
    rc =
        ck_store_license_add(app->store, text, hex, ck_app_now(app), only_new, version, added, err);
    if (rc == CK_OK && *added)
        rc = ck_app_audit_write(app, "trainer", CK_AUDIT_LICENSE_UPDATE,
                                json_pack("{s:i, s:s}", "version", *version, "sha256", hex), err);
    if (rc == CK_OK)
        rc = ck_store_commit(app->store, err);
    else
        ck_store_rollback(app->store);
done:
    free(text);
    return rc;
}

ck_rc ck_app_license_decide(ck_app *app, const ck_decision_req *req, ck_err *err)
{
    ck_license_rec cur;
    ck_attendee_rec person;
    const ck_course_rec *c;
    char why[CK_REASON_MAX] = "";
    int64_t now = ck_app_now(app);
    bool correction = req->at_given;
    ck_rc rc = ck_app_course(app, &c, err);
    if (rc)
        return rc;
    if ((correction || req->source == CK_SOURCE_TRAINER) &&
        (rc = ck_app_reason(why, req->reason, "recording a decision for someone", err)))
        return rc;
    if (correction && req->at > now + 60)
        return ck_err_set(err, CK_EINVAL,
                          "--at is in the future; a correction records what already happened");
    char date[11];
    ck_tz_date(correction ? req->at : now, date);
    if (correction && ck_app_course_day_index(c, date) < 0) {
        char days[12 * CK_COURSE_MAX_DAYS + 8];
        ck_app_course_days_text(c, days, sizeof days);
        return ck_err_set(err, CK_ESTATE,
                          "%s is not a day of the course \"%s\" (its days: %s); a correction "
                          "records a decision made during the course",
                          date, c->title, days);
    }
    if ((rc = ck_store_begin(app->store, err)))
        return rc;
    if ((rc = ck_store_license_current(app->store, &cur, err)))
        goto fail;
    int current = cur.version;
    ck_license_rec_clear(&cur); /* only the version is needed */
    if (req->version && req->version != current) {
        rc = ck_err_set(err, CK_ESTATE,
                        "the license text changed (now version %d) while version %d was being "
                        "read; please read the new text",
                        current, req->version);
        goto fail;
    }
    if ((rc = ck_store_attendee_get(app->store, req->attendee_id, &person, err)))
        goto fail;
    if (person.course_id != c->id) {
        rc = ck_err_set(err, CK_ENOTFOUND, "%s is not on the roster of \"%s\"", person.name,
                        c->title);
        goto fail;
    }
    ck_acceptance_rec a;
    memset(&a, 0, sizeof a);
    a.attendee_id = person.id;
    a.version = current;
    a.decision = req->decision;
    a.at = correction ? req->at : now;
    a.recorded_at = now;
    a.source = req->source;
    memcpy(a.reason, why, sizeof a.reason);
    if ((rc = ck_store_acceptance_append(app->store, &a, err)))
        goto fail;
    if (correction || req->source == CK_SOURCE_TRAINER) {
        char when[17];
        ck_tz_datetime(a.at, when);
        json_t *d = json_pack("{s:I, s:s, s:s, s:i, s:s, s:s}", "attendee", (json_int_t)person.id,
                              "name", person.name, "decision",
                              req->decision == CK_DECISION_ACCEPT ? "accept" : "decline", "version",
                              a.version, "at", when, "reason", a.reason);
        if ((rc = ck_app_audit_write(app, "trainer", CK_AUDIT_LICENSE_DECIDE, d, err)))
            goto fail;
    }
    return ck_store_commit(app->store, err);
fail:
    ck_store_rollback(app->store);
    return rc;
}

ck_rc ck_app_license_update(ck_app *app, const char *path, int *version, bool *added, ck_err *err)
{
    return ck_app_license_store(app, path, false, version, added, err);
}
