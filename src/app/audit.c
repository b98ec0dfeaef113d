/* The audit trail and the chain: writing trainer actions, wording them, the head, the check. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/internal.h"

static const char *const ACTION_NAMES[] = {
    [CK_AUDIT_OTHER] = "",
    [CK_AUDIT_CHECKIN_TRAINER] = "checkin.trainer",
    [CK_AUDIT_CHECKOUT_TRAINER] = "checkout.trainer",
    [CK_AUDIT_EVENT_VOID] = "event.void",
    [CK_AUDIT_DAY_CLOSE] = "day.close",
    [CK_AUDIT_LICENSE_DECIDE] = "license.decide",
    [CK_AUDIT_LICENSE_UPDATE] = "license.update",
    [CK_AUDIT_CERT_ISSUE] = "cert.issue",
    [CK_AUDIT_CERT_REVOKE] = "cert.revoke",
    [CK_AUDIT_PRINT_SUBMIT] = "print.submit",
    [CK_AUDIT_ROSTER_IMPORT] = "roster.import",
    [CK_AUDIT_ROSTER_ADD] = "roster.add",
    [CK_AUDIT_COURSE_CREATE] = "course.create",
    [CK_AUDIT_CONFIG_SET] = "config.set",
    [CK_AUDIT_PIN_SET] = "pin.set",
    [CK_AUDIT_PIN_RESET] = "pin.reset",
    [CK_AUDIT_PIN_LOCKED] = "pin.locked",
    [CK_AUDIT_KEYS_CREATE] = "keys.create",
    [CK_AUDIT_KEYS_ROTATE] = "keys.rotate",
    [CK_AUDIT_DB_UPGRADE] = "db.upgrade",
    [CK_AUDIT_SERVER_JOIN] = "server.join",
    [CK_AUDIT_MAIL_QUEUE] = "mail.queue",
    [CK_AUDIT_MAIL_RETRY] = "mail.retry",
    [CK_AUDIT_MAIL_LOGIN] = "mail.login",
};

#define NACTIONS (sizeof ACTION_NAMES / sizeof ACTION_NAMES[0])

const char *ck_audit_action_name(ck_audit_action action)
{
    return (size_t)action < NACTIONS && ACTION_NAMES[action] ? ACTION_NAMES[action] : "";
}

ck_audit_action ck_audit_action_from(const char *name)
{
    for (size_t i = 1; name && i < NACTIONS; i++)
        if (strcmp(ACTION_NAMES[i], name) == 0)
            return (ck_audit_action)i;
    return CK_AUDIT_OTHER;
}

ck_rc ck_app_audit_write(ck_app *app, const char *actor, ck_audit_action action, json_t *detail,
                         ck_err *err)
{
    if (!detail)
        return ck_err_set(err, CK_ENOMEM, "out of memory writing the audit trail");
    json_object_set_new(detail, "device", json_string(app->device));
    char *text = json_dumps(detail, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(detail);
    if (!text)
        return ck_err_set(err, CK_ENOMEM, "out of memory writing the audit trail");
    ck_rc rc = ck_store_audit_append(app->store, ck_app_now(app), actor,
                                     ck_audit_action_name(action), text, err);
    free(text);
    return rc;
}

ck_rc ck_app_audit(ck_app *app, ck_audit_rec **out, size_t *n, ck_err *err)
{
    return ck_store_audit_list(app->store, out, n, err);
}

static const char *str(json_t *d, const char *key)
{
    const char *v = json_string_value(json_object_get(d, key));
    return v ? v : "";
}

static long long num(json_t *d, const char *key)
{
    return (long long)json_integer_value(json_object_get(d, key));
}

void ck_app_audit_words(const ck_audit_rec *r, ck_audit_words *out)
{
    json_t *d = json_loads(r->detail ? r->detail : "{}", 0, NULL);
    const char *name = str(d, "name");
    ck_msg *w = &out->sentence;
    memset(out, 0, sizeof *out);
    out->action = ck_audit_action_from(r->action);
    switch (out->action) {
    case CK_AUDIT_CHECKIN_TRAINER:
        ck_msg_set(w, "%s checked in by the trainer (at %s)", name, str(d, "at"));
        break;
    case CK_AUDIT_CHECKOUT_TRAINER:
        ck_msg_set(w, "%s checked out by the trainer (at %s)", name, str(d, "at"));
        break;
    case CK_AUDIT_EVENT_VOID:
        if (strcmp(str(d, "kind"), "in") == 0)
            ck_msg_set(w, "Undid a check-in of %s", str(d, "at"));
        else
            ck_msg_set(w, "Undid a check-out of %s", str(d, "at"));
        break;
    case CK_AUDIT_DAY_CLOSE: {
        size_t closed = json_array_size(json_object_get(d, "checked_out"));
        ck_msg_setn(w, "Closed day %lld (%s): %zu checked out",
                    "Closed day %lld (%s): %zu checked out", closed, num(d, "day"),
                    CK_MSG_DATE(str(d, "date")), closed);
        break;
    }
    case CK_AUDIT_LICENSE_DECIDE:
        if (strcmp(str(d, "decision"), "accept") == 0)
            ck_msg_set(w, "Recorded that %s accepted license version %lld", name,
                       num(d, "version"));
        else
            ck_msg_set(w, "Recorded that %s declined license version %lld", name,
                       num(d, "version"));
        break;
    case CK_AUDIT_LICENSE_UPDATE:
        ck_msg_set(w, "Stored license text version %lld", num(d, "version"));
        break;
    case CK_AUDIT_CERT_ISSUE:
        ck_msg_set(w, "Issued certificate %s to %s", str(d, "certificate"), name);
        break;
    case CK_AUDIT_CERT_REVOKE:
        ck_msg_set(w, "Revoked certificate %s of %s", str(d, "certificate"), name);
        break;
    case CK_AUDIT_PRINT_SUBMIT:
        ck_msg_set(w, "Printing %s on %s",
                   str(d, "certificate")[0] ? str(d, "certificate") : str(d, "file"),
                   str(d, "printer"));
        break;
    case CK_AUDIT_ROSTER_IMPORT: {
        size_t added = json_array_size(json_object_get(d, "added"));
        ck_msg_setn(w, "Imported the roster %s (%zu added)", "Imported the roster %s (%zu added)",
                    added, str(d, "file"), added);
        break;
    }
    case CK_AUDIT_ROSTER_ADD: ck_msg_set(w, "Added %s to the roster", name); break;
    case CK_AUDIT_COURSE_CREATE: ck_msg_set(w, "Created the course %s", str(d, "title")); break;
    case CK_AUDIT_CONFIG_SET:
        ck_msg_set(w, "Set %s to \"%s\"", str(d, "key"), str(d, "value"));
        break;
    case CK_AUDIT_PIN_SET: ck_msg_set(w, "Set the trainer PIN"); break;
    case CK_AUDIT_PIN_RESET:
        ck_msg_set(w, "Set a new trainer PIN as root, without the old one");
        break;
    case CK_AUDIT_PIN_LOCKED:
        ck_msg_set(w, "Locked PIN entry for %s after wrong PINs",
                   CK_MSG_MINUTES((int)(num(d, "seconds") / 60)));
        break;
    case CK_AUDIT_KEYS_CREATE: ck_msg_set(w, "Created the signing key %s", str(d, "kid")); break;
    case CK_AUDIT_KEYS_ROTATE:
        ck_msg_set(w, "Rotated the signing key: %s signs from now on", str(d, "active"));
        break;
    case CK_AUDIT_DB_UPGRADE:
        ck_msg_set(w,
                   "Upgraded the database: %lld records and %lld audit records entered the chain",
                   num(d, "records"), num(d, "audit_records"));
        break;
    case CK_AUDIT_SERVER_JOIN:
        ck_msg_set(w, "Joined the organisation's server %s as the station %s", str(d, "server"),
                   str(d, "station"));
        break;
    case CK_AUDIT_MAIL_QUEUE:
        if (strcmp(str(d, "kind"), "invite") == 0)
            ck_msg_set(w, "Queued the invitation with the badge code for %s to %s", name,
                       str(d, "to"));
        else
            ck_msg_set(w, "Queued certificate %s of %s for e-mail to %s", str(d, "certificate"),
                       name, str(d, "to"));
        break;
    case CK_AUDIT_MAIL_RETRY:
        ck_msg_set(w, "Queued message %lld to %s again", num(d, "message"), str(d, "to"));
        break;
    case CK_AUDIT_MAIL_LOGIN:
        ck_msg_set(w, "Stored the mail server login for the user %s", str(d, "user"));
        break;
    case CK_AUDIT_OTHER:
    default: {
        /* An action a newer classkiosk wrote: its stored name and details, as they are. */
        char raw[600];
        snprintf(raw, sizeof raw, "%s: %s", r->action, r->detail ? r->detail : "");
        ck_msg_clear(w);
        ck_msg_add_text(w, raw);
        break;
    }
    }
    snprintf(out->reason, sizeof out->reason, "%s", str(d, "reason"));
    json_decref(d);
}

/* ---- the chain ---- */

static void head_from(ck_chain_head *out, const ck_ledger_head *h)
{
    memset(out, 0, sizeof *out);
    snprintf(out->origin, sizeof out->origin, "%s", h->origin);
    out->seq = h->seq;
    snprintf(out->hash, sizeof out->hash, "%s", h->hash);
    snprintf(out->text, sizeof out->text, "%lld:%.16s", (long long)h->seq, h->hash);
}

ck_rc ck_app_chain_head(ck_app *app, ck_chain_head *out, ck_err *err)
{
    ck_ledger_head h;
    ck_rc rc = ck_store_ledger_head(app->store, &h, err);
    if (rc == CK_OK)
        head_from(out, &h);
    return rc;
}

/* "57:3f9a1c2e" → 57 and "3f9a1c2e". */
static ck_rc parse_expect(const char *text, int64_t *seq, char hash[65], ck_err *err)
{
    const char *colon = text ? strchr(text, ':') : NULL;
    char *end = NULL;
    long long v = colon ? strtoll(text, &end, 10) : 0;
    size_t hex = colon ? strlen(colon + 1) : 0;
    bool ok =
        colon && end == colon && v > 0 && hex >= 8 && hex <= 64 && isdigit((unsigned char)*text);
    for (size_t i = 0; ok && i < hex; i++)
        ok = isxdigit((unsigned char)colon[1 + i]);
    if (!ok)
        return ck_err_set(err, CK_EINVAL,
                          "--expect \"%s\" is not a chain head: give SEQ:HASH with at least 8 hex "
                          "digits, as \"classkiosk audit head\" prints it (e.g. "
                          "57:3f9a1c2e7b10d4e2)",
                          text ? text : "");
    *seq = v;
    snprintf(hash, 65, "%s", colon + 1);
    return CK_OK;
}

ck_rc ck_app_audit_verify(ck_app *app, const char *expect, ck_audit_check *out, ck_err *err)
{
    int64_t seq = 0;
    char hash[65] = "";
    ck_ledger_report rep;
    memset(out, 0, sizeof *out);
    ck_rc rc = expect ? parse_expect(expect, &seq, hash, err) : CK_OK;
    if (rc)
        return rc;
    rc = ck_store_ledger_verify(app->store, seq, hash, &rep, err);
    out->entries = rep.entries;
    out->stations = rep.origins;
    out->records = rep.records;
    head_from(&out->head, &rep.head);
    return rc;
}
