/* The certificate PDF: one landscape page with the holder's name, the course, the trainer and a
 * QR code that carries the signed token.
 *
 * Every string is UTF-8. Text is normalised to NFC and runs of spaces become one space; a
 * field with a character the certificate fonts cannot draw is refused before anything is
 * produced, and the message names the field and the character as U+XXXX. The fonts come from
 * a font set (pdf/fonts.h: the Noto files in classkiosk's fonts/ folder, see fonts/README.md),
 * opened once and passed to every certificate; each PDF embeds subsets cut to its text.
 */
#ifndef CK_PDF_CERT_PDF_H
#define CK_PDF_CERT_PDF_H

#include <stddef.h>
#include <time.h>

#include "common/err.h"
#include "common/lang.h"
#include "pdf/fonts.h"

typedef enum ck_cert_pdf_paper {
    CK_CERT_PDF_A4 = 0,     /* A4 landscape, 297 × 210 mm (the default) */
    CK_CERT_PDF_LETTER = 1, /* US Letter landscape, 11 × 8.5 in */
} ck_cert_pdf_paper;

/* Everything the page shows. Fields marked optional may be NULL or "". */
typedef struct ck_cert_pdf {
    const char *holder_name;        /* "Zoë Ångström-Núñez" */
    const char *course_title;       /* "Certified Scrum Product Owner®" */
    const char *completion_line;    /* optional: "has successfully completed the course" */
    const char *course_dates;       /* "12–13 March 2025" */
    const char *contact_hours;      /* optional: "16 contact hours" */
    const char *location;           /* optional: "Berlin, Germany" */
    const char *trainer_name;       /* "Dr. Maria Schmidt" */
    const char *trainer_credential; /* optional: "Certified Scrum Trainer®" */
    const char *certificate_id;     /* "CK-2025-000042" */
    const char *valid_until;        /* optional: "13 March 2027" */
    const char *qr_text;     /* printable ASCII, encoded as is (ECC Q, else M; version ≤ 20) */
    const char *verify_line; /* optional: "Scan the code or visit example.org/verify" */

    /* The language of the page's fixed wording (heading, lines, labels, the PDF's title);
     * NULL: English. The caller words the dates, hours and verify line in it too. */
    const ck_lang *lang;
    /* Optional wording, the language's own when NULL. */
    const char *heading;        /* "CERTIFICATE OF COMPLETION" */
    const char *presented_line; /* "This is to certify that" */
    const char *id_label;       /* "Certificate ID" */
    const char *valid_label;    /* "Valid until" */

    ck_cert_pdf_paper paper;
    const ck_pdf_fonts *fonts; /* the certificate faces (ck_pdf_fonts_open()) */
    const char *logo_png;      /* optional: shown centred at the top */
    const char *signature_png; /* optional: shown above the trainer's name */

    /* PDF document information; optional. Defaults: "Certificate: <holder> – <course>",
     * the trainer's name, the course title. */
    const char *meta_title;
    const char *meta_author;
    const char *meta_subject;
    time_t created; /* creation date written into the PDF; 0 means now */
} ck_cert_pdf;

/* What one rendering produced. */
typedef struct ck_cert_pdf_result {
    unsigned char *pdf; /* ck_cert_pdf_render() only: the document, freed by _result_clear() */
    size_t size;        /* bytes of the document */
    int qr_version;     /* QR version chosen by the encoder, 1–20 */
    char qr_ecc;        /* error correction level: 'Q', or 'M' for a text too long for Q */
    int qr_modules;     /* modules per side, without the quiet zone */
    int qr_module_dots; /* module size in 300-dpi dots: dots × 72/300 pt */
    double qr_module_mm;
    int qr_rects; /* rectangles the dark modules were drawn with */
} ck_cert_pdf_result;

/* Refuse what ck_cert_pdf_render() would refuse (a field missing, not UTF-8, not drawable or
 * too long to fit; a QR text too long; an unreadable image), keeping nothing. */
ck_rc ck_cert_pdf_check(const ck_cert_pdf *cert, ck_err *err);

/* Render the certificate into memory: out->pdf holds out->size bytes. */
ck_rc ck_cert_pdf_render(ck_cert_pdf_result *out, const ck_cert_pdf *cert, ck_err *err);

/* Write a rendered certificate (res->pdf) to path, through a temporary file in the same folder
 * renamed into place, so path never holds half a document. */
ck_rc ck_cert_pdf_save(const ck_cert_pdf_result *res, const char *path, ck_err *err);

/* Render the certificate and save it to path (ck_cert_pdf_save()). out (may be NULL) gets the
 * figures, no bytes. */
ck_rc ck_cert_pdf_write(ck_cert_pdf_result *out, const ck_cert_pdf *cert, const char *path,
                        ck_err *err);

/* Free what a result holds and zero it. NULL is a no-op. */
void ck_cert_pdf_result_clear(ck_cert_pdf_result *r);

/* The QR module size for a symbol of `modules` modules per side (quiet zone excluded) in a
 * square box of box_pt points that also holds the 4-module quiet zone: the largest whole
 * number of 300-dpi dots that fits, at least 0.4 mm (5 dots). */
ck_rc ck_cert_pdf_qr_module_dots(int *out, int modules, double box_pt, ck_err *err);

#endif
