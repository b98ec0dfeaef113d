/* Shared between the pdf/ sources only: fonts, checked text, the QR symbol, the page layout. */
#ifndef CK_PDF_INTERNAL_H
#define CK_PDF_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/err.h"
#include "pdf/cert_pdf.h"
#include "pdf/fonts.h"

/* What a piece of text is set in. Each role has its own face in the font set. */
typedef enum ck_pdf_role {
    CK_PDF_SERIF,        /* heading, holder name, course title */
    CK_PDF_SERIF_ITALIC, /* the connecting lines */
    CK_PDF_SANS,         /* details, credential, verify line */
    CK_PDF_SANS_BOLD,    /* trainer name, certificate id */
    CK_PDF_ROLE_COUNT
} ck_pdf_role;

#define CK_PDF_ROLE_BIT(r) (1u << (r))
#define CK_PDF_ALL_ROLES ((1u << CK_PDF_ROLE_COUNT) - 1u)

/* Faces a font set can hold: the four roles' and room for fallback faces. */
#define CK_PDF_MAX_FACES 8

/* The font set (pdf/fonts.h) as the documents see it. Faces are numbered 0 … count − 1. */
int ck_pdf_fonts_face_count(const ck_pdf_fonts *f);
/* The face's file name, for messages. */
const char *ck_pdf_fonts_face_file(const ck_pdf_fonts *f, int face);
/* The face that draws cp in role: the first of the role's faces that has it; −1 if none. */
int ck_pdf_fonts_face(const ck_pdf_fonts *f, ck_pdf_role role, uint32_t cp);
/* cp's advance in face, in 1/1000 em as the PDF's width table has it (.notdef's if the face
 * lacks cp). */
int ck_pdf_fonts_advance(const ck_pdf_fonts *f, int face, uint32_t cp);
/* cp's advance in the face that draws it in role (1/1000 em). */
int ck_pdf_fonts_char_width(const ck_pdf_fonts *f, ck_pdf_role role, uint32_t cp);
/* Width of len bytes of text in role, in 1/1000 em, without character spacing. */
double ck_pdf_fonts_width(const ck_pdf_fonts *f, ck_pdf_role role, const char *text, size_t len);
/* The role's ascent and descent (1/1000 em, descent below zero), as the PDF states them. */
void ck_pdf_fonts_extents(const ck_pdf_fonts *f, ck_pdf_role role, int *ascent, int *descent);
/* A TrueType subset of face holding the n code points cps (and .notdef), unhinted; *out is
 * malloc'd, *len bytes. */
ck_rc ck_pdf_fonts_subset(unsigned char **out, size_t *len, const ck_pdf_fonts *f, int face,
                          const uint32_t *cps, size_t n, ck_err *err);

/* Check text for a field and return it normalised (NFC, controls refused, spaces collapsed and
 * trimmed) in *out (caller frees). Every character must be drawable in each role of roles (a
 * mask of CK_PDF_ROLE_BIT). An empty result is allowed; the caller decides if it is missing. */
ck_rc ck_pdf_text_normalize(char **out, const char *field, const char *text,
                            const ck_pdf_fonts *fonts, unsigned roles, ck_err *err);

/* Decode the next code point of valid UTF-8 at s (n bytes left); returns its length. */
size_t ck_pdf_utf8_next(const char *s, size_t n, uint32_t *cp);

/* Text for a document that must show whatever it is given (a register lists every name): NFC,
 * spaces collapsed and trimmed, and "?" for a character the sans faces cannot draw. NULL is
 * "". *out is malloc'd. */
ck_rc ck_pdf_text_lenient(char **out, const ck_pdf_fonts *f, const char *text, ck_err *err);

/* Break text (normalised, drawable in role) into lines no wider than width points at size
 * points: at spaces (dropped) or after a hyphen (kept); a word longer than a line is broken
 * between characters. The first max lines go to start[i], end[i] (byte offsets); returns how
 * many lines the text needs (0 for empty text). */
size_t ck_pdf_wrap(const ck_pdf_fonts *f, ck_pdf_role role, const char *text, double size,
                   double width, size_t *start, size_t *end, size_t max);

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
    const ck_pdf_fonts *fonts;
    time_t created;
} ck_pdf_prepared;

/* Check cert and build the prepared form (nothing is written anywhere). */
ck_rc ck_pdf_prepare(ck_pdf_prepared *out, const ck_cert_pdf *cert, ck_err *err);
void ck_pdf_prepared_clear(ck_pdf_prepared *p);

/* Lay out and render a prepared certificate into memory. */
ck_rc ck_pdf_render_prepared(ck_cert_pdf_result *out, const ck_pdf_prepared *p, ck_err *err);

#endif
