/* Name badges on label sheets: the name as large as fits, the course, a QR code on the right. */
#include "pdf/badge_pdf.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "pdf/cert_pdf.h"
#include "pdf/pdf_doc.h"

#define MM (72.0 / 25.4)
#define IN 72.0
#define DOT_PT (72.0 / 300.0)
#define PAD (4 * MM)
#define MAX_NAME_LINES 3

/* Sizes from the makers' templates (as gLabels carries them). */
static const ck_badge_layout LAYOUTS[] = {
    {"avery-l4785", "Avery L4785 (also L4784, L4786, L4787)",
     "name badge labels, 80 x 50 mm, 10 per A4 sheet (2 x 5)", false, 2, 5, 80 * MM, 50 * MM,
     18 * MM, 13 * MM, 95 * MM, 55 * MM},
    {"avery-l7165", "Avery L7165 (also J8165)", "labels 99.1 x 67.7 mm, 8 per A4 sheet (2 x 4)",
     false, 2, 4, 280.8, 191.991, 13.2378, 36.9638, 288.113, 191.991},
    {"avery-5395", "Avery 5395 (also 8395, 5095, 5895, 15395)",
     "name badge labels, 3 3/8 x 2 1/3 in, 8 per US Letter sheet (2 x 4)", true, 2, 4, 3.375 * IN,
     2.333333333 * IN, 0.6875 * IN, 0.583333333 * IN, 3.75 * IN, 2.5 * IN},
};

const ck_badge_layout *ck_badge_layout_at(size_t i)
{
    return i < sizeof LAYOUTS / sizeof LAYOUTS[0] ? &LAYOUTS[i] : NULL;
}

const ck_badge_layout *ck_badge_layout_find(const char *name)
{
    for (size_t i = 0; name && i < sizeof LAYOUTS / sizeof LAYOUTS[0]; i++)
        if (strcasecmp(LAYOUTS[i].name, name) == 0)
            return &LAYOUTS[i];
    return NULL;
}

const ck_badge_layout *ck_badge_layout_default(bool letter)
{
    return letter ? &LAYOUTS[2] : &LAYOUTS[0];
}

typedef struct bctx {
    ck_pdf_doc d;
    const ck_pdf_fonts *f;
    HPDF_Page page;
    ck_err *err;
    ck_rc rc;
} bctx;

static void line(bctx *c, ck_pdf_role role, double size, float grey, double x, double y,
                 const char *s, size_t len)
{
    if (!c->rc && len)
        c->rc = ck_pdf_doc_line(&c->d, c->page, role, size, grey, grey, grey, x, y, s, len, c->err);
}

/* A block of text at most width wide and max lines tall, from size down to min; returns the
 * height used (the top line's top at top). draw false: only measure. */
static double block(bctx *c, bool draw, ck_pdf_role role, double size, double min, int max,
                    float grey, double x, double top, double width, const char *s)
{
    size_t st[8], en[8], n = 0;
    if (!*s)
        return 0;
    double one = ck_pdf_fonts_width(c->f, role, s, strlen(s)) * size / 1000.0;
    if (one > width)
        size = fmax(min, size * width / one);
    for (;; size = fmax(min * 0.75, size * 0.92)) {
        n = ck_pdf_wrap(c->f, role, s, size, width, st, en, 8);
        if (n <= (size_t)max || size <= min * 0.75)
            break;
    }
    if (n > (size_t)max)
        n = (size_t)max; /* what does not fit at three quarters of the least size is cut */
    for (size_t i = 0; draw && i < n; i++)
        line(c, role, size, grey, x, top - size * 0.92 - (double)i * size * 1.15, s + st[i],
             en[i] - st[i]);
    return (double)n * size * 1.15;
}

/* One badge: its label's top-left corner at (lx, ly) in page coordinates. */
static double badge(bctx *c, const ck_badge_pdf *in, const char *name, const ck_pdf_qr *qr,
                    double lx, double ly)
{
    const ck_badge_layout *L = in->layout;
    double qbox = fmin(L->h - 2 * PAD, L->w * 0.40);
    int dots = 0;
    ck_err quiet = {0};
    if (!c->rc && ck_cert_pdf_qr_module_dots(&dots, qr->modules, qbox, &quiet) != CK_OK)
        c->rc = ck_err_set(c->err, CK_EINVAL,
                           "The badge code does not fit the %s labels at a size a scanner reads "
                           "(%s).",
                           L->name, quiet.msg);
    if (c->rc)
        return 0;
    double m = dots * DOT_PT, side = (qr->modules + 2 * CK_PDF_QR_QUIET) * m;
    double qx = floor((lx + L->w - PAD * 0.5 - side) / DOT_PT) * DOT_PT;
    /* On the 300 dpi grid counted from the page's top, where printers and renderers start
     * their rows (an A4 page is not a whole number of dots high): every module edge falls on
     * a dot edge, with no grey half-rows for a scanner to guess. */
    double page_h = HPDF_Page_GetHeight(c->page);
    double qy = page_h - ceil((page_h - (ly - L->h + (L->h - side) / 2)) / DOT_PT) * DOT_PT;
    ck_pdf_doc_qr(c->page, qr, qx, qy, m);

    double tx = lx + PAD, tw = qx + CK_PDF_QR_QUIET * m * 0.5 - tx - 2 * MM, y = ly - PAD;
    y -= block(c, true, CK_PDF_SANS_BOLD, 22, 12, MAX_NAME_LINES, 0.08f, tx, y, tw, name);
    y -= 2.5 * MM;
    y -= block(c, true, CK_PDF_SANS, 8.5, 6.5, 3, 0.15f, tx, y, tw, in->course_line);
    y -= 1 * MM;
    block(c, true, CK_PDF_SANS, 7, 6, 2, 0.38f, tx, y, tw, in->detail_line);
    if (in->hint_line && *in->hint_line) {
        double hh = block(c, false, CK_PDF_SANS, 6, 5, 2, 0.45f, tx, 0, tw, in->hint_line);
        block(c, true, CK_PDF_SANS, 6, 5, 2, 0.45f, tx, ly - L->h + PAD + hh, tw, in->hint_line);
    }
    if (in->outlines && !c->rc) {
        HPDF_Page_SetGrayStroke(c->page, 0.75f);
        HPDF_Page_SetLineWidth(c->page, 0.4f);
        HPDF_Page_Rectangle(c->page, (HPDF_REAL)lx, (HPDF_REAL)(ly - L->h), (HPDF_REAL)L->w,
                            (HPDF_REAL)L->h);
        HPDF_Page_Stroke(c->page);
    }
    return m / MM;
}

void ck_badge_pdf_result_clear(ck_badge_pdf_result *r)
{
    if (!r)
        return;
    free(r->pdf);
    memset(r, 0, sizeof *r);
}

ck_rc ck_badge_pdf_render(ck_badge_pdf_result *out, const ck_badge_pdf *in, ck_err *err)
{
    bctx c = {.err = err};
    char **names = NULL;
    char *course = NULL, *detail = NULL, *hint = NULL;
    ck_pdf_qr qr = {0};
    memset(out, 0, sizeof *out);
    if (!in || !in->layout || !in->fonts)
        return ck_err_set(err, CK_EINVAL, "No badges, layout or fonts were given.");
    c.f = in->fonts;
    names = calloc(in->n ? in->n : 1, sizeof *names);
    if (!names)
        return ck_err_set(err, CK_ENOMEM, "Out of memory while preparing the badges.");
    if ((c.rc = ck_pdf_text_lenient(&course, c.f, in->course_line, err)) ||
        (c.rc = ck_pdf_text_lenient(&detail, c.f, in->detail_line, err)) ||
        (c.rc = ck_pdf_text_lenient(&hint, c.f, in->hint_line, err)))
        goto done;
    for (size_t i = 0; i < in->n && !c.rc; i++)
        c.rc = ck_pdf_text_lenient(&names[i], c.f, in->badges[i].name, err);
    ck_pdf_meta meta = {.title = in->meta_title,
                        .author = in->meta_author,
                        .subject = in->meta_subject,
                        .created = in->created};
    if (c.rc || (c.rc = ck_pdf_doc_start(&c.d, c.f, &meta, err)))
        goto done;
    for (size_t i = 0; i < in->n; i++)
        ck_pdf_doc_use(&c.d, CK_PDF_SANS_BOLD, names[i]);
    ck_pdf_doc_use(&c.d, CK_PDF_SANS, course);
    ck_pdf_doc_use(&c.d, CK_PDF_SANS, detail);
    ck_pdf_doc_use(&c.d, CK_PDF_SANS, hint);
    if ((c.rc = ck_pdf_doc_embed(&c.d, err)))
        goto done;
    ck_badge_pdf copy = *in;
    copy.course_line = course;
    copy.detail_line = detail;
    copy.hint_line = hint;
    const ck_badge_layout *L = in->layout;
    double pw = L->letter ? 8.5 * IN : 210 * MM, ph = L->letter ? 11 * IN : 297 * MM;
    int per = L->nx * L->ny;
    out->qr_module_mm = 0;
    for (size_t i = 0; i < in->n && !c.rc; i++) {
        int slot = (int)(i % (size_t)per);
        if (slot == 0 && (c.rc = ck_pdf_doc_add_page(&c.page, &c.d, pw, ph, err)))
            break;
        if (slot == 0)
            out->pages++;
        ck_pdf_qr_clear(&qr);
        if ((c.rc = ck_pdf_qr_make(&qr, in->badges[i].qr_text, err)))
            break;
        double lx = L->x0 + (slot % L->nx) * L->dx, ly = ph - (L->y0 + (slot / L->nx) * L->dy);
        double mm = badge(&c, &copy, names[i], &qr, lx, ly);
        if (out->qr_module_mm == 0 || mm < out->qr_module_mm)
            out->qr_module_mm = mm;
    }
    if (!c.rc && in->n == 0)
        c.rc = ck_err_set(err, CK_EINVAL, "There is nobody to make a badge for.");
    if (!c.rc)
        c.rc = ck_pdf_doc_save(&out->pdf, &out->size, &c.d, err);
done:
    ck_pdf_qr_clear(&qr);
    ck_pdf_doc_free(&c.d);
    for (size_t i = 0; i < in->n; i++)
        free(names[i]);
    free(names);
    free(course);
    free(detail);
    free(hint);
    if (c.rc)
        ck_badge_pdf_result_clear(out);
    return c.rc;
}
