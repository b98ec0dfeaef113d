/* Shared between the pdf/ sources only: fonts, checked text, the QR symbol, the page layout. */
#ifndef CK_PDF_INTERNAL_H
#define CK_PDF_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/err.h"
#include "pdf/cert_pdf.h"

/* The certificate fonts, by role. */
typedef enum ck_pdf_font {
    CK_PDF_SERIF,        /* heading, holder name, course title */
    CK_PDF_SERIF_ITALIC, /* the connecting lines */
    CK_PDF_SANS,         /* details, credential, verify line */
    CK_PDF_SANS_BOLD,    /* trainer name, certificate id */
    CK_PDF_FONT_COUNT
} ck_pdf_font;

#define CK_PDF_FONT_BIT(f) (1u << (f))
#define CK_PDF_ALL_FONTS ((1u << CK_PDF_FONT_COUNT) - 1u)

/* File name of a font inside the fonts folder. */
const char *ck_pdf_font_file(ck_pdf_font font);

/* The fonts opened with FreeType, to ask which characters they have. */
typedef struct ck_pdf_faces ck_pdf_faces;

ck_rc ck_pdf_faces_open(ck_pdf_faces **out, const char *fonts_dir, ck_err *err);
void ck_pdf_faces_free(ck_pdf_faces *faces);

/* Check text for a field and return it normalised (NFC, controls refused, spaces collapsed and
 * trimmed) in *out (caller frees). Every character must be drawable by each font in fonts (a
 * mask of CK_PDF_FONT_BIT). An empty result is allowed; the caller decides if it is missing. */
ck_rc ck_pdf_text_normalize(char **out, const char *field, const char *text,
                            const ck_pdf_faces *faces, unsigned fonts, ck_err *err);

/* Decode the next code point of valid UTF-8 at s (n bytes left); returns its length. */
size_t ck_pdf_utf8_next(const char *s, size_t n, uint32_t *cp);

/* A QR symbol and the rectangles that cover its dark modules. */
typedef struct ck_pdf_qr_rect {
    int x, y, w, h; /* in modules, y down from the top row, quiet zone excluded */
} ck_pdf_qr_rect;

typedef struct ck_pdf_qr {
    int version;
    char ecc;    /* 'Q', or 'M' when Q would need a version above the maximum */
    int modules; /* per side, quiet zone excluded */
    size_t nrects;
    ck_pdf_qr_rect *rects;
} ck_pdf_qr;

#define CK_PDF_QR_MAX_VERSION 20
#define CK_PDF_QR_QUIET 4

/* Encode text (printable ASCII) at ECC level Q (M if Q needs a version above the maximum)
 * and trace its dark modules into rectangles. */
ck_rc ck_pdf_qr_make(ck_pdf_qr *out, const char *text, ck_err *err);
void ck_pdf_qr_clear(ck_pdf_qr *qr);

/* A decoded image: 8-bit RGB samples and, when some pixel is not opaque, an alpha plane. */
typedef struct ck_pdf_image {
    int w, h;
    unsigned char *rgb;   /* w × h × 3, NULL when there is no image */
    unsigned char *alpha; /* w × h, or NULL */
} ck_pdf_image;

/* Read an optional PNG (path NULL or "": no image). what ("logo") names it in messages. */
ck_rc ck_pdf_image_load(ck_pdf_image *out, const char *path, const char *what, ck_err *err);
void ck_pdf_image_clear(ck_pdf_image *img);

/* The certificate after every check: all text normalised, the QR traced. */
typedef struct ck_pdf_prepared {
    char *heading, *presented, *holder, *completion, *course, *details;
    char *trainer, *credential, *verify, *id_line, *valid_line;
    char *meta_title, *meta_author, *meta_subject;
    ck_pdf_qr qr;
    ck_pdf_image logo, signature;
    ck_cert_pdf_paper paper;
    const char *fonts_dir;
    time_t created;
} ck_pdf_prepared;

/* Check cert and build the prepared form (nothing is written anywhere). */
ck_rc ck_pdf_prepare(ck_pdf_prepared *out, const ck_cert_pdf *cert, ck_err *err);
void ck_pdf_prepared_clear(ck_pdf_prepared *p);

/* Lay out and render a prepared certificate into memory. */
ck_rc ck_pdf_render_prepared(ck_cert_pdf_result *out, const ck_pdf_prepared *p, ck_err *err);

#endif
