/* Text as it enters the station: core/text.h's rules for every kind, the certificate fonts for
 * what a certificate prints, and reasons for trainer actions. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/internal.h"
#include "pdf/fonts.h"

/* The kinds a certificate prints, which its fonts must be able to draw. */
static bool printed(ck_text_kind kind)
{
    return kind == CK_TEXT_NAME || kind == CK_TEXT_TITLE || kind == CK_TEXT_TRAINER ||
           kind == CK_TEXT_CREDENTIAL || kind == CK_TEXT_LOCATION;
}

ck_rc ck_app_text_printable(ck_app *app, ck_text_kind kind, const char *text, ck_err *err)
{
    /* The one call of the fonts' coverage check, so a change of font module is made here. */
    const ck_pdf_fonts *fonts;
    char field[160];
    ck_rc rc = ck_app_fonts(app, &fonts, err);
    if (rc)
        return rc;
    if (strlen(text) + 40 < sizeof field) /* the text quoted when it fits whole */
        snprintf(field, sizeof field, "%s \"%s\"", CK_MSG_PHRASE(ck_text_kind_label(kind)), text);
    else
        snprintf(field, sizeof field, "%s", CK_MSG_PHRASE(ck_text_kind_label(kind)));
    return ck_pdf_fonts_check_text(fonts, field, text, err);
}

ck_rc ck_app_text_check(ck_app *app, ck_text_kind kind, const char *text, const char *where,
                        char **out, ck_err *err)
{
    char *clean = NULL;
    if (out)
        *out = NULL;
    ck_rc rc = ck_text_clean(&clean, kind, text, text ? strlen(text) : 0, where, err);
    if (rc)
        return rc;
    if (*clean && printed(kind) && (rc = ck_app_text_printable(app, kind, clean, err))) {
        if (where && *where)
            ck_err_prefix(err, "%s: ", where);
        free(clean);
        return rc;
    }
    if (out)
        *out = clean;
    else
        free(clean);
    return CK_OK;
}

ck_rc ck_app_text_into(ck_app *app, char *out, size_t n, ck_text_kind kind, const char *text,
                       ck_err *err)
{
    char *clean = NULL;
    out[0] = '\0';
    ck_rc rc = ck_app_text_check(app, kind, text, NULL, &clean, err);
    if (rc)
        return rc;
    bool fits = ck_text_copy(out, n, clean);
    free(clean);
    if (!ck_assert(fits)) /* every kind's limit fits the record's field */
        return ck_err_set(err, CK_EINTERNAL, "%s does not fit where it is kept",
                          CK_MSG_PHRASE(ck_text_kind_label(kind)));
    return CK_OK;
}

ck_rc ck_app_reason(char out[CK_REASON_MAX], const char *reason, const char *action, ck_err *err)
{
    size_t n = 0;
    out[0] = '\0';
    for (const char *p = reason ? reason : ""; *p; p++)
        n += *p != ' ' && *p != '\t';
    if (n == 0)
        return ck_err_set(err, CK_EINVAL,
                          "%s needs a reason for the audit trail; add --reason \"…\" (e.g. "
                          "--reason \"kiosk was down at 9:00\")",
                          CK_MSG_PHRASE(action));
    char *clean = NULL;
    ck_rc rc = ck_text_clean(&clean, CK_TEXT_REASON, reason, strlen(reason), NULL, err);
    if (rc)
        return rc;
    bool fits = ck_text_copy(out, CK_REASON_MAX, clean);
    free(clean);
    if (!ck_assert(fits))
        return ck_err_set(err, CK_EINTERNAL, "the reason does not fit where it is kept");
    return CK_OK;
}
