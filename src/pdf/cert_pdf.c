/* The certificate PDF: checking the fields, rendering to memory, writing a file atomically. */
#include "pdf/cert_pdf.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/file.h"
#include "pdf/pdf_file.h"
#include "pdf/pdf_internal.h"

void ck_pdf_prepared_clear(ck_pdf_prepared *p)
{
    if (!p)
        return;
    char **texts[] = {&p->heading,    &p->presented,  &p->holder,      &p->completion,  &p->course,
                      &p->details,    &p->trainer,    &p->credential,  &p->verify,      &p->id_line,
                      &p->valid_line, &p->meta_title, &p->meta_author, &p->meta_subject};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        free(*texts[i]);
        *texts[i] = NULL;
    }
    ck_pdf_qr_clear(&p->qr);
    ck_pdf_image_clear(&p->logo);
    ck_pdf_image_clear(&p->signature);
}

static const char *or_default(const char *s, const char *def)
{
    return s && *s ? s : def;
}

/* a + sep + b in a new string; either part may be empty, then sep is left out. */
static ck_rc join(char **out, const char *a, const char *sep, const char *b, ck_err *err)
{
    size_t la = strlen(a), ls = strlen(sep), lb = strlen(b);
    if (!la || !lb)
        ls = 0;
    *out = malloc(la + ls + lb + 1);
    if (!*out)
        return ck_err_set(err, CK_ENOMEM, "Out of memory while preparing the certificate.");
    memcpy(*out, a, la);
    memcpy(*out + la, sep, ls);
    memcpy(*out + la + ls, b, lb + 1);
    return CK_OK;
}

/* A required field that is missing or only spaces. */
static ck_rc need(const char *value, const char *field, ck_err *err)
{
    if (value && *value)
        return CK_OK;
    return ck_err_set(err, CK_EINVAL, "%s is missing; fill it in.", CK_MSG_PHRASE(field));
}

ck_rc ck_pdf_prepare(ck_pdf_prepared *out, const ck_cert_pdf *c, ck_err *err)
{
    ck_rc rc = CK_OK;
    char *dates = NULL, *hours = NULL, *location = NULL, *id = NULL, *valid = NULL;
    char *id_label = NULL, *valid_label = NULL, *tmp = NULL;

    memset(out, 0, sizeof *out);
    if (!c)
        return ck_err_set(err, CK_EINVAL, "No certificate was given.");
    if (c->paper != CK_CERT_PDF_A4 && c->paper != CK_CERT_PDF_LETTER)
        return ck_err_set(err, CK_EINVAL,
                          "The paper size %d is unknown; use A4 or US Letter (both landscape).",
                          (int)c->paper);
    if (!c->fonts)
        return ck_err_set(err, CK_EINVAL, "No fonts were given for the certificate.");

    /* The page's own words, in its language: a formal certificate's register. */
    const ck_lang *l = c->lang;
    const unsigned serif = CK_PDF_ROLE_BIT(CK_PDF_SERIF),
                   italic = CK_PDF_ROLE_BIT(CK_PDF_SERIF_ITALIC),
                   sans = CK_PDF_ROLE_BIT(CK_PDF_SANS), bold = CK_PDF_ROLE_BIT(CK_PDF_SANS_BOLD);
    struct {
        char **dst;
        const char *field, *value, *def;
        unsigned fonts;
        bool required;
    } fields[] = {
        {&out->holder, N_("The holder name"), c->holder_name, NULL, serif, true},
        {&out->course, N_("The course title"), c->course_title, NULL, serif, true},
        {&dates, N_("The course dates"), c->course_dates, NULL, sans, true},
        {&out->trainer, N_("The trainer name"), c->trainer_name, NULL, bold, true},
        {&id, N_("The certificate ID"), c->certificate_id, NULL, bold, true},
        {&out->completion, N_("The completion line"), c->completion_line,
         /* TRANSLATORS: the line between the holder's name and the course title on a
            certificate ("This is to certify that / NAME / has successfully completed the course
            / TITLE"); it may close the sentence before the title (German "den folgenden Kurs
            erfolgreich abgeschlossen hat"). */
         ck_lang_ptext(l, "certificate", "has successfully completed the course"), italic, false},
        {&hours, N_("The contact hours"), c->contact_hours, NULL, sans, false},
        {&location, N_("The location"), c->location, NULL, sans, false},
        {&out->credential, N_("The trainer credential"), c->trainer_credential, NULL, sans, false},
        {&valid, N_("The valid-until date"), c->valid_until, NULL, sans, false},
        {&out->verify, N_("The verify line"), c->verify_line,
         ck_lang_ptext(l, "certificate",
                       "Scan the QR code to check that this certificate is "
                       "genuine."),
         sans, false},
        {&out->heading, N_("The heading"), c->heading,
         /* TRANSLATORS: a certificate's heading, in capitals, above the holder's name. */
         ck_lang_ptext(l, "certificate", "CERTIFICATE OF COMPLETION"), serif, false},
        {&out->presented, N_("The presented line"), c->presented_line,
         /* TRANSLATORS: the line above the holder's name on a certificate. */
         ck_lang_ptext(l, "certificate", "This is to certify that"), italic, false},
        {&id_label, N_("The certificate ID label"), c->id_label,
         /* TRANSLATORS: before the certificate's id on the certificate ("Certificate ID
            CK-7M2QX-D9RTA"). */
         ck_lang_ptext(l, "certificate", "Certificate ID"), bold, false},
        {&valid_label, N_("The valid-until label"), c->valid_label,
         /* TRANSLATORS: before the expiry date on a certificate ("Valid until 24 November
            2028"). */
         ck_lang_ptext(l, "certificate", "Valid until"), sans, false},
        /* Not drawn, so no font needs them, but they must be clean text. */
        {&out->meta_title, N_("The PDF title"), c->meta_title, NULL, 0, false},
        {&out->meta_author, N_("The PDF author"), c->meta_author, NULL, 0, false},
        {&out->meta_subject, N_("The PDF subject"), c->meta_subject, NULL, 0, false},
    };
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        const char *value = fields[i].value;
        if (!fields[i].required)
            value = or_default(value, fields[i].def ? fields[i].def : "");
        rc = ck_pdf_text_normalize(fields[i].dst, fields[i].field, value, c->fonts, fields[i].fonts,
                                   err);
        if (rc == CK_OK && fields[i].required)
            rc = need(*fields[i].dst, fields[i].field, err);
        if (rc != CK_OK)
            goto cleanup;
    }

    /* Lines made of several fields. */
    rc = join(&tmp, dates, " · ", hours, err);
    if (rc == CK_OK)
        rc = join(&out->details, tmp, " · ", location, err);
    if (rc == CK_OK)
        rc = join(&out->id_line, id_label, " ", id, err);
    if (rc == CK_OK)
        rc = join(&out->valid_line, *valid ? valid_label : "", " ", valid, err);
    if (rc != CK_OK)
        goto cleanup;
    if (!*out->meta_title) {
        free(out->meta_title);
        out->meta_title = NULL;
        ck_msg *m = malloc(sizeof *m);
        char title[2 * CK_MSG_ARG_MAX];
        if (!m) {
            rc = ck_err_set(err, CK_ENOMEM, "Out of memory while preparing the certificate.");
            goto cleanup;
        }
        /* TRANSLATORS: the PDF's title: the holder's name, then the course title. */
        ck_msg_set(m, "Certificate: %s – %s", out->holder, out->course);
        ck_msg_word(m, l, title, sizeof title);
        free(m);
        rc = join(&out->meta_title, title, "", "", err);
        if (rc != CK_OK)
            goto cleanup;
    }
    if (!*out->meta_author) {
        free(out->meta_author);
        out->meta_author = NULL;
        rc = join(&out->meta_author, out->trainer, "", "", err);
    }
    if (rc == CK_OK && !*out->meta_subject) {
        free(out->meta_subject);
        out->meta_subject = NULL;
        rc = join(&out->meta_subject, out->course, "", "", err);
    }
    if (rc == CK_OK)
        rc = ck_pdf_image_load(&out->logo, c->logo_png, "logo", err);
    if (rc == CK_OK)
        rc = ck_pdf_image_load(&out->signature, c->signature_png, "signature", err);
    if (rc == CK_OK)
        rc = ck_pdf_qr_make(&out->qr, c->qr_text, err);
    out->paper = c->paper;
    out->fonts = c->fonts;
    out->created = c->created;
cleanup:
    free(dates);
    free(hours);
    free(location);
    free(id);
    free(valid);
    free(id_label);
    free(valid_label);
    free(tmp);
    if (rc != CK_OK)
        ck_pdf_prepared_clear(out);
    return rc;
}

ck_rc ck_cert_pdf_check(const ck_cert_pdf *cert, ck_err *err)
{
    /* Only laying the page out shows whether a long name or title fits, so render and drop. */
    ck_cert_pdf_result res;
    ck_rc rc = ck_cert_pdf_render(&res, cert, err);
    ck_cert_pdf_result_clear(&res);
    return rc;
}

void ck_cert_pdf_result_clear(ck_cert_pdf_result *r)
{
    if (!r)
        return;
    free(r->pdf);
    memset(r, 0, sizeof *r);
}

ck_rc ck_cert_pdf_render(ck_cert_pdf_result *out, const ck_cert_pdf *cert, ck_err *err)
{
    ck_pdf_prepared p;
    memset(out, 0, sizeof *out);
    ck_rc rc = ck_pdf_prepare(&p, cert, err);
    if (rc == CK_OK)
        rc = ck_pdf_render_prepared(out, &p, err);
    ck_pdf_prepared_clear(&p);
    return rc;
}

ck_rc ck_cert_pdf_save(const ck_cert_pdf_result *res, const char *path, ck_err *err)
{
    return ck_pdf_save(res ? res->pdf : NULL, res ? res->size : 0, path, "certificate", err);
}

ck_rc ck_cert_pdf_write(ck_cert_pdf_result *out, const ck_cert_pdf *cert, const char *path,
                        ck_err *err)
{
    ck_cert_pdf_result res = {0};
    if (out)
        memset(out, 0, sizeof *out);
    if (!path || !*path)
        return ck_err_set(err, CK_EINVAL, "No file name was given for the certificate PDF.");
    ck_rc rc = ck_cert_pdf_render(&res, cert, err);
    if (rc == CK_OK)
        rc = ck_cert_pdf_save(&res, path, err);
    if (rc == CK_OK && out) {
        *out = res;
        out->pdf = NULL;
    }
    ck_cert_pdf_result_clear(&res);
    return rc;
}
