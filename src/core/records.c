/* Helpers of the plain records: freeing what they own, naming enum values. */
#include <stdlib.h>
#include <string.h>

#include "core/records.h"

const char *ck_source_name(ck_source s)
{
    switch (s) {
    case CK_SOURCE_KIOSK: return "kiosk";
    case CK_SOURCE_SELF: return "self";
    case CK_SOURCE_TRAINER: return "trainer";
    }
    return "unknown";
}

void ck_license_rec_clear(ck_license_rec *rec)
{
    if (rec) {
        free(rec->body);
        memset(rec, 0, sizeof *rec);
    }
}

void ck_cert_rec_clear(ck_cert_rec *rec)
{
    if (rec) {
        free(rec->token);
        memset(rec, 0, sizeof *rec);
    }
}

void ck_cert_list_free(ck_cert_rec *list, size_t n)
{
    for (size_t i = 0; list && i < n; i++)
        free(list[i].token);
    free(list);
}

static const char *const STATE_NAMES[] = {"",          "queued", "sent",    "held",
                                          "completed", "failed", "canceled"};

const char *ck_job_state_name(ck_job_state s)
{
    return s >= CK_JOB_QUEUED && s <= CK_JOB_CANCELED ? STATE_NAMES[s] : "unknown";
}

void ck_audit_list_free(ck_audit_rec *recs, size_t n)
{
    for (size_t i = 0; recs && i < n; i++)
        free(recs[i].detail);
    free(recs);
}

void ck_ledger_rec_list_free(ck_ledger_rec *list, size_t n)
{
    for (size_t i = 0; list && i < n; i++)
        free(list[i].body);
    free(list);
}

static const char *const MAIL_STATE_NAMES[] = {"",     "queued", "sending", "handed",
                                               "sent", "failed", "unsure"};

const char *ck_mail_state_name(ck_mail_state s)
{
    return s >= CK_MAIL_QUEUED && s <= CK_MAIL_UNSURE ? MAIL_STATE_NAMES[s] : "unknown";
}

const char *ck_mail_kind_name(ck_mail_kind k)
{
    return k == CK_MAIL_CERTIFICATE ? "certificate" : k == CK_MAIL_INVITE ? "invite" : "unknown";
}

void ck_mail_rec_clear(ck_mail_rec *rec)
{
    if (rec) {
        free(rec->message);
        memset(rec, 0, sizeof *rec);
    }
}
