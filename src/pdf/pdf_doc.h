/* Private to pdf/: one PDF being made with libharu, for every document pdf/ writes (the
 * certificate, the attendance register, the badges). It sets the document up (compression,
 * UTF-8 text, document information), embeds each face of a font set as a subset cut to the
 * characters the document declared, draws text in runs of one face, and saves to memory.
 *
 * Use: ck_pdf_doc_start(); ck_pdf_doc_use() for every text that will be drawn;
 * ck_pdf_doc_embed(); pages and drawing; ck_pdf_doc_save(); ck_pdf_doc_free(). */
#ifndef CK_PDF_DOC_H
#define CK_PDF_DOC_H

#include <hpdf.h>
#include <time.h>

#include "pdf/pdf_internal.h"

/* The document information. Strings are normalised UTF-8; NULL or "" leaves an entry out. */
typedef struct ck_pdf_meta {
    const char *title, *author, *subject, *keywords;
    time_t created; /* 0: now */
} ck_pdf_meta;

typedef struct ck_pdf_doc {
    HPDF_Doc doc;
    const ck_pdf_fonts *fonts;
    HPDF_Font font[CK_PDF_MAX_FACES]; /* after ck_pdf_doc_embed(): the faces in use, else NULL */
    unsigned char *used;              /* per face, a bit for each BMP code point declared */
    bool embedded;
    HPDF_STATUS status, detail; /* the first error libharu reported */
} ck_pdf_doc;

/* A new document with its information set. */
ck_rc ck_pdf_doc_start(ck_pdf_doc *d, const ck_pdf_fonts *fonts, const ck_pdf_meta *meta,
                       ck_err *err);

/* Declare that text (checked for role by ck_pdf_text_normalize()) will be drawn in role. */
void ck_pdf_doc_use(ck_pdf_doc *d, ck_pdf_role role, const char *text);

/* Embed a subset of every face with declared characters; after this nothing more can be
 * declared. */
ck_rc ck_pdf_doc_embed(ck_pdf_doc *d, ck_err *err);

/* Add a page of w × h points. */
ck_rc ck_pdf_doc_add_page(HPDF_Page *out, ck_pdf_doc *d, double w, double h, ck_err *err);

/* Show len bytes of text on one line from (x, y), inside BT/ET, at size points with
 * char_space points after each character (the page's Tc, which the caller sets). Runs of
 * characters from other faces of the role get their own font. */
ck_rc ck_pdf_doc_text(ck_pdf_doc *d, HPDF_Page page, ck_pdf_role role, double size,
                      double char_space, double x, double y, const char *text, size_t len,
                      ck_err *err);

/* One line of text in its own BT/ET, in the colour r, g, b (0–1), no character spacing. */
ck_rc ck_pdf_doc_line(ck_pdf_doc *d, HPDF_Page page, ck_pdf_role role, double size, float r,
                      float g, float b, double x, double y, const char *text, size_t len,
                      ck_err *err);

/* A QR symbol (ck_pdf_qr_make()), quiet zone included, with its lower-left corner at (x, y)
 * and modules of m points, drawn as filled rectangles. */
void ck_pdf_doc_qr(HPDF_Page page, const ck_pdf_qr *qr, double x, double y, double m);

/* The error for a libharu failure while doing what ("drawing the page"). */
ck_rc ck_pdf_doc_failed(const ck_pdf_doc *d, ck_err *err, const char *what);

/* Save the document into a malloc'd buffer of *size bytes. */
ck_rc ck_pdf_doc_save(unsigned char **out, size_t *size, ck_pdf_doc *d, ck_err *err);

/* Free the document (not the font set). A zeroed or freed d is a no-op. */
void ck_pdf_doc_free(ck_pdf_doc *d);

#endif
