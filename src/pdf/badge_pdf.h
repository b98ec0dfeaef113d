/* Name badges on label sheets: per label the person's name, the course and a QR code the
 * kiosk's scanner reads. The sheets are real products' (their sizes from the makers'
 * templates), so each badge lands on its label.
 */
#ifndef CK_PDF_BADGE_PDF_H
#define CK_PDF_BADGE_PDF_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "common/err.h"
#include "pdf/fonts.h"

/* A sheet of labels: nx × ny labels of w × h points, the first one's top-left corner x0, y0
 * from the sheet's top-left, the next ones dx, dy further. */
typedef struct ck_badge_layout {
    const char *name;    /* as --layout takes it: "avery-l4785" */
    const char *product; /* what to buy: "Avery L4785 (also L4784, L4786, L4787)" */
    const char *what;    /* "name badge labels, 80 × 50 mm, 10 per A4 sheet" */
    bool letter;         /* US Letter, else A4 */
    int nx, ny;
    double w, h, x0, y0, dx, dy; /* points */
} ck_badge_layout;

/* The i-th layout this build knows; NULL past the last. */
const ck_badge_layout *ck_badge_layout_at(size_t i);
/* A layout by name (case ignored); NULL when there is none. */
const ck_badge_layout *ck_badge_layout_find(const char *name);
/* The default for a paper size: Avery L4785 on A4, Avery 5395 on US Letter. */
const ck_badge_layout *ck_badge_layout_default(bool letter);

typedef struct ck_badge {
    const char *name;    /* the person's name, as large as fits */
    const char *qr_text; /* printable ASCII */
} ck_badge;

typedef struct ck_badge_pdf {
    const ck_badge_layout *layout;
    const char *course_line; /* on every badge, under the name */
    const char *detail_line; /* optional, smaller: dates and place */
    const char *hint_line;   /* optional, smallest, beside the code: "Scan to check in" */
    size_t n;
    const ck_badge *badges;
    bool outlines; /* draw each label's edge, for plain paper to be cut */
    const ck_pdf_fonts *fonts;
    const char *meta_title, *meta_author, *meta_subject;
    time_t created; /* 0: now */
} ck_badge_pdf;

typedef struct ck_badge_pdf_result {
    unsigned char *pdf;
    size_t size;
    int pages;
    double qr_module_mm; /* the smallest QR module drawn */
} ck_badge_pdf_result;

ck_rc ck_badge_pdf_render(ck_badge_pdf_result *out, const ck_badge_pdf *in, ck_err *err);
void ck_badge_pdf_result_clear(ck_badge_pdf_result *r);

#endif
