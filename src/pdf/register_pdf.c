/* The attendance register: tables flowed over portrait pages with a header and footer on each.
 * Laid out twice: the first pass declares every text to the fonts and counts the pages, the
 * second draws them knowing "of N". */
#include "pdf/register_pdf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/mem.h"
#include "pdf/pdf_doc.h"

#define MM (72.0 / 25.4)
#define MARGIN (14 * MM)
#define PAD_X 3.0
#define PAD_Y 2.6
#define LEAD 1.22 /* line height as a multiple of the size */
#define MAX_CELL_LINES 48

enum { S_TITLE = 13, S_COURSE = 10, S_PAGE = 8 };
static const double S_DETAIL = 8, S_FOOTER = 6.5, S_HEADING = 11, S_SUB = 8, S_COLHEAD = 7.5,
                    S_CELL = 8, S_CELL_MIN = 6.4, S_NOTE = 7.5, S_NOTES_HEAD = 8.5;

typedef struct rgb {
    float r, g, b;
} rgb;
static const rgb INK = {0.11f, 0.12f, 0.15f}, MUTED = {0.36f, 0.38f, 0.42f},
                 RULE = {0.70f, 0.72f, 0.76f}, BAND = {0.95f, 0.96f, 0.97f},
                 HEAD_BAND = {0.87f, 0.89f, 0.92f};

/* A section with its text made ready: normalised, every character drawable. */
typedef struct psec {
    const ck_reg_section *in;
    char *heading, *continued, *detail, *notes_heading;
    char **cols;  /* column titles */
    char **cells; /* nrows × ncols */
    char **notes;
    double *x, *wd; /* each column's left edge and width */
} psec;

typedef struct ctx {
    const ck_register_pdf *reg;
    const ck_pdf_fonts *f;
    ck_pdf_doc d;
    bool draw; /* the second pass */
    HPDF_Page page;
    double w, h;
    int page_no, pages;
    double y;           /* the top of the free space on the page */
    double body_bottom; /* where the footer begins */
    char *title, *course, *detail, *footer, *closing, *sig, *date;
    psec *secs;
    ck_err *err;
    ck_rc rc;
} ctx;

/* ---- text made ready ---- */

static char *ready(ctx *c, const char *text)
{
    char *out = NULL;
    if (!c->rc)
        c->rc = ck_pdf_text_lenient(&out, c->f, text, c->err);
    return out;
}

static double width_of(const ctx *c, ck_pdf_role role, double size, const char *s, size_t len)
{
    return ck_pdf_fonts_width(c->f, role, s, len) * size / 1000.0;
}

/* Draw (second pass) or declare (first pass) len bytes of s with its baseline at y. */
static void text_at(ctx *c, ck_pdf_role role, double size, rgb col, double x, double y,
                    const char *s, size_t len)
{
    if (c->rc || !len)
        return;
    if (!c->draw) {
        char *part = strndup(s, len);
        if (!part) {
            c->rc = ck_err_set(c->err, CK_ENOMEM, "Out of memory while laying out the register.");
            return;
        }
        ck_pdf_doc_use(&c->d, role, part);
        free(part);
        return;
    }
    c->rc = ck_pdf_doc_line(&c->d, c->page, role, size, col.r, col.g, col.b, x, y, s, len, c->err);
}

static void rect(ctx *c, rgb col, double x, double y, double w, double h)
{
    if (!c->draw || c->rc)
        return;
    HPDF_Page_SetRGBFill(c->page, col.r, col.g, col.b);
    HPDF_Page_Rectangle(c->page, (HPDF_REAL)x, (HPDF_REAL)y, (HPDF_REAL)w, (HPDF_REAL)h);
    HPDF_Page_Fill(c->page);
}

static void hline(ctx *c, rgb col, double x0, double x1, double y, double lw)
{
    if (!c->draw || c->rc)
        return;
    HPDF_Page_SetRGBStroke(c->page, col.r, col.g, col.b);
    HPDF_Page_SetLineWidth(c->page, (HPDF_REAL)lw);
    HPDF_Page_MoveTo(c->page, (HPDF_REAL)x0, (HPDF_REAL)y);
    HPDF_Page_LineTo(c->page, (HPDF_REAL)x1, (HPDF_REAL)y);
    HPDF_Page_Stroke(c->page);
}

/* A paragraph wrapped to width, its first line's top at *y; *y moves below it. */
static void paragraph(ctx *c, ck_pdf_role role, double size, rgb col, double x, double width,
                      const char *s, double *y)
{
    size_t st[MAX_CELL_LINES], en[MAX_CELL_LINES];
    size_t n = ck_pdf_wrap(c->f, role, s, size, width, st, en, MAX_CELL_LINES);
    for (size_t i = 0; i < n && i < MAX_CELL_LINES; i++) {
        text_at(c, role, size, col, x, *y - size * 0.9, s + st[i], en[i] - st[i]);
        *y -= size * LEAD;
    }
}

static size_t lines_of(const ctx *c, ck_pdf_role role, double size, double width, const char *s)
{
    size_t st[1], en[1];
    return ck_pdf_wrap(c->f, role, s, size, width, st, en, 0);
}

/* ---- pages ---- */

static double footer_height(const ctx *c)
{
    size_t n = lines_of(c, CK_PDF_SANS, S_FOOTER, c->w - 2 * MARGIN, c->footer);
    return 6 + (double)(n ? n : 1) * S_FOOTER * LEAD;
}

/* A new page with the header and footer; c->y is the top of its body. */
static void new_page(ctx *c)
{
    if (c->rc)
        return;
    c->page_no++;
    if (c->draw && (c->rc = ck_pdf_doc_add_page(&c->page, &c->d, c->w, c->h, c->err)))
        return;
    double left = MARGIN, right = c->w - MARGIN, top = c->h - MARGIN;
    /* "Page 2 of 5" at the right of the title line. */
    char label[64];
    snprintf(label, sizeof label, "Page %d of %d", c->page_no, c->pages > 0 ? c->pages : 0);
    double lw = width_of(c, CK_PDF_SANS, S_PAGE, label, strlen(label));
    text_at(c, CK_PDF_SANS, S_PAGE, MUTED, right - lw, top - S_TITLE * 0.9, label, strlen(label));
    /* The title wraps beside the widest label, the same in both passes: the first does not
     * know the page count yet, and a label that grew would move the pages' breaks. */
    static const char widest[] = "Page 9999 of 9999";
    double room = width_of(c, CK_PDF_SANS, S_PAGE, widest, sizeof widest - 1);
    double y = top;
    paragraph(c, CK_PDF_SANS_BOLD, S_TITLE, INK, left, right - left - room - 12, c->title, &y);
    paragraph(c, CK_PDF_SANS_BOLD, S_COURSE, INK, left, right - left, c->course, &y);
    paragraph(c, CK_PDF_SANS, S_DETAIL, MUTED, left, right - left, c->detail, &y);
    y -= 4;
    hline(c, RULE, left, right, y, 0.8);
    c->y = y - 10;
    /* The footer: a rule, then the course id and the chain head. */
    double fh = footer_height(c);
    c->body_bottom = MARGIN + fh + 8;
    hline(c, RULE, left, right, MARGIN + fh, 0.5);
    double fy = MARGIN + fh - 4;
    paragraph(c, CK_PDF_SANS, S_FOOTER, MUTED, left, right - left, c->footer, &fy);
}

/* ---- tables ---- */

/* How a cell's text sits in its column: size, and its lines. */
typedef struct fitted {
    double size;
    size_t n;
    size_t st[MAX_CELL_LINES], en[MAX_CELL_LINES];
} fitted;

static void fit_cell(const ctx *c, ck_pdf_role role, double size, double min, bool shrink,
                     double width, const char *s, fitted *out)
{
    double avail = width - 2 * PAD_X, one = width_of(c, role, size, s, strlen(s));
    out->size = size;
    if (one <= avail || (shrink && one * min / size <= avail)) {
        if (one > avail)
            out->size = size * avail / one;
        out->n = *s ? 1 : 0;
        out->st[0] = 0;
        out->en[0] = strlen(s);
        return;
    }
    if (shrink)
        out->size = min;
    out->n = ck_pdf_wrap(c->f, role, s, out->size, avail, out->st, out->en, MAX_CELL_LINES);
    if (out->n > MAX_CELL_LINES)
        out->n = MAX_CELL_LINES;
}

static double row_height(const ctx *c, const psec *s, char *const *cells, ck_pdf_role role,
                         double size)
{
    double tallest = size * LEAD;
    for (size_t k = 0; k < s->in->ncols; k++) {
        fitted ft;
        fit_cell(c, role, size, S_CELL_MIN, s->in->cols[k].shrink, s->wd[k], cells[k], &ft);
        double hgt = (double)ft.n * ft.size * LEAD;
        if (hgt > tallest)
            tallest = hgt;
    }
    return tallest + 2 * PAD_Y;
}

static void draw_row(ctx *c, const psec *s, char *const *cells, ck_pdf_role role, double size,
                     rgb band, bool banded)
{
    double hgt = row_height(c, s, cells, role, size);
    double left = MARGIN, right = c->w - MARGIN;
    if (banded)
        rect(c, band, left, c->y - hgt, right - left, hgt);
    for (size_t k = 0; k < s->in->ncols; k++) {
        fitted ft;
        fit_cell(c, role, size, S_CELL_MIN, s->in->cols[k].shrink, s->wd[k], cells[k], &ft);
        double y = c->y - PAD_Y - ft.size * 0.9;
        for (size_t i = 0; i < ft.n; i++) {
            const char *line = cells[k] + ft.st[i];
            size_t len = ft.en[i] - ft.st[i];
            double x = s->x[k] + PAD_X;
            if (s->in->cols[k].right)
                x = s->x[k] + s->wd[k] - PAD_X - width_of(c, role, ft.size, line, len);
            text_at(c, role, ft.size, INK, x, y, line, len);
            y -= ft.size * LEAD;
        }
    }
    c->y -= hgt;
}

static double heading_height(const ctx *c, const psec *s, const char *heading)
{
    double width = c->w - 2 * MARGIN;
    double hgt =
        (double)lines_of(c, CK_PDF_SANS_BOLD, S_HEADING, width, heading) * S_HEADING * LEAD;
    if (*s->detail)
        hgt += (double)lines_of(c, CK_PDF_SANS, S_SUB, width, s->detail) * S_SUB * LEAD;
    return hgt + 4 + row_height(c, s, s->cols, CK_PDF_SANS_BOLD, S_COLHEAD);
}

/* The section's heading (or its continued form) and the column headers. */
static void table_top(ctx *c, const psec *s, bool continued)
{
    double left = MARGIN, width = c->w - 2 * MARGIN;
    paragraph(c, CK_PDF_SANS_BOLD, S_HEADING, INK, left, width,
              continued ? s->continued : s->heading, &c->y);
    if (*s->detail && !continued)
        paragraph(c, CK_PDF_SANS, S_SUB, MUTED, left, width, s->detail, &c->y);
    c->y -= 4;
    draw_row(c, s, s->cols, CK_PDF_SANS_BOLD, S_COLHEAD, HEAD_BAND, true);
}

static void section(ctx *c, const psec *s)
{
    const ck_reg_section *in = s->in;
    double first = in->nrows ? row_height(c, s, s->cells, CK_PDF_SANS, S_CELL) : 0;
    if (c->y - heading_height(c, s, s->heading) - first < c->body_bottom)
        new_page(c);
    table_top(c, s, false);
    for (size_t r = 0; r < in->nrows && !c->rc; r++) {
        char *const *cells = s->cells + r * in->ncols;
        if (c->y - row_height(c, s, cells, CK_PDF_SANS, S_CELL) < c->body_bottom) {
            new_page(c);
            table_top(c, s, true);
        }
        draw_row(c, s, cells, CK_PDF_SANS, S_CELL, BAND, r % 2 == 1);
    }
    hline(c, RULE, MARGIN, c->w - MARGIN, c->y, 0.5);
    c->y -= 8;
    double width = c->w - 2 * MARGIN;
    for (size_t i = 0; i < in->nnotes && !c->rc; i++) {
        double need = (double)lines_of(c, CK_PDF_SANS, S_NOTE, width, s->notes[i]) * S_NOTE * LEAD;
        if (i == 0)
            need += S_NOTES_HEAD * LEAD + 2;
        if (c->y - need < c->body_bottom)
            new_page(c);
        if (i == 0) {
            paragraph(c, CK_PDF_SANS_BOLD, S_NOTES_HEAD, INK, MARGIN, width, s->notes_heading,
                      &c->y);
            c->y -= 2;
        }
        paragraph(c, CK_PDF_SANS, S_NOTE, INK, MARGIN, width, s->notes[i], &c->y);
        c->y -= 1.5;
    }
    c->y -= 14;
}

/* The closing paragraph and the lines for the trainer's signature and the date. */
static void signature(ctx *c)
{
    double left = MARGIN, right = c->w - MARGIN, width = right - left;
    double need = 70;
    if (*c->closing)
        need += (double)lines_of(c, CK_PDF_SANS, S_CELL, width, c->closing) * S_CELL * LEAD;
    if (c->y - need < c->body_bottom)
        new_page(c);
    if (*c->closing)
        paragraph(c, CK_PDF_SANS, S_CELL, INK, left, width, c->closing, &c->y);
    c->y -= 40;
    double split = left + width * 0.62;
    hline(c, INK, left, split - 24, c->y, 0.7);
    hline(c, INK, split, right, c->y, 0.7);
    text_at(c, CK_PDF_SANS, S_SUB, MUTED, left, c->y - 10, c->sig, strlen(c->sig));
    text_at(c, CK_PDF_SANS, S_SUB, MUTED, split, c->y - 10, c->date, strlen(c->date));
    c->y -= 14;
}

static void layout(ctx *c)
{
    c->page_no = 0;
    new_page(c);
    for (size_t i = 0; i < c->reg->nsections && !c->rc; i++)
        section(c, &c->secs[i]);
    signature(c);
}

/* ---- preparing, rendering ---- */

static void prepare_section(ctx *c, psec *s, const ck_reg_section *in)
{
    s->in = in;
    s->heading = ready(c, in->heading);
    s->continued = ready(c, in->heading_continued ? in->heading_continued : in->heading);
    s->detail = ready(c, in->detail);
    s->notes_heading = ready(c, in->notes_heading);
    if (c->rc)
        return;
    s->cols = calloc(in->ncols ? in->ncols : 1, sizeof *s->cols);
    size_t ncells = in->nrows * in->ncols;
    s->cells = calloc(ncells ? ncells : 1, sizeof *s->cells);
    s->notes = calloc(in->nnotes ? in->nnotes : 1, sizeof *s->notes);
    s->x = calloc(in->ncols ? in->ncols : 1, sizeof *s->x);
    s->wd = calloc(in->ncols ? in->ncols : 1, sizeof *s->wd);
    if (!s->cols || !s->cells || !s->notes || !s->x || !s->wd) {
        c->rc = ck_err_set(c->err, CK_ENOMEM, "Out of memory while preparing the register.");
        return;
    }
    double total = 0, left = MARGIN, width = c->w - 2 * MARGIN;
    for (size_t k = 0; k < in->ncols; k++) {
        s->cols[k] = ready(c, in->cols[k].title);
        total += in->cols[k].weight > 0 ? in->cols[k].weight : 1;
    }
    for (size_t k = 0; k < in->ncols; k++) {
        s->x[k] = left;
        s->wd[k] = width * (in->cols[k].weight > 0 ? in->cols[k].weight : 1) / total;
        left += s->wd[k];
    }
    for (size_t i = 0; i < in->nrows * in->ncols && !c->rc; i++)
        s->cells[i] = ready(c, in->cells[i]);
    for (size_t i = 0; i < in->nnotes && !c->rc; i++)
        s->notes[i] = ready(c, in->notes[i]);
}

static void free_section(psec *s)
{
    const ck_reg_section *in = s->in;
    if (!in)
        return;
    for (size_t k = 0; s->cols && k < in->ncols; k++)
        free(s->cols[k]);
    for (size_t i = 0; s->cells && i < in->nrows * in->ncols; i++)
        free(s->cells[i]);
    for (size_t i = 0; s->notes && i < in->nnotes; i++)
        free(s->notes[i]);
    free(s->cols);
    free(s->cells);
    free(s->notes);
    free(s->x);
    free(s->wd);
    free(s->heading);
    free(s->continued);
    free(s->detail);
    free(s->notes_heading);
}

void ck_register_pdf_result_clear(ck_register_pdf_result *r)
{
    if (!r)
        return;
    free(r->pdf);
    memset(r, 0, sizeof *r);
}

ck_rc ck_register_pdf_render(ck_register_pdf_result *out, const ck_register_pdf *reg, ck_err *err)
{
    ctx c = {.reg = reg, .err = err};
    memset(out, 0, sizeof *out);
    if (!reg || !reg->fonts)
        return ck_err_set(err, CK_EINVAL, "No register or no fonts were given.");
    c.f = reg->fonts;
    c.w = reg->letter ? 8.5 * 72 : 210 * MM;
    c.h = reg->letter ? 11 * 72 : 297 * MM;
    c.title = ready(&c, reg->title);
    c.course = ready(&c, reg->course_line);
    c.detail = ready(&c, reg->detail_line);
    c.footer = ready(&c, reg->footer);
    c.closing = ready(&c, reg->closing);
    c.sig = ready(&c, reg->signature_label);
    c.date = ready(&c, reg->date_label);
    c.secs = calloc(reg->nsections ? reg->nsections : 1, sizeof *c.secs);
    if (!c.secs && !c.rc)
        c.rc = ck_err_set(err, CK_ENOMEM, "Out of memory while preparing the register.");
    for (size_t i = 0; i < reg->nsections && !c.rc; i++)
        prepare_section(&c, &c.secs[i], &reg->sections[i]);
    ck_pdf_meta meta = {.title = reg->meta_title,
                        .author = reg->meta_author,
                        .subject = reg->meta_subject,
                        .keywords = reg->meta_keywords,
                        .created = reg->created};
    if (!c.rc)
        c.rc = ck_pdf_doc_start(&c.d, c.f, &meta, err);
    if (!c.rc) {
        /* The first pass declares every text (page numbers' digits too) and counts pages. */
        ck_pdf_doc_use(&c.d, CK_PDF_SANS, "Page 0123456789 of");
        layout(&c);
        c.pages = c.page_no;
    }
    if (!c.rc)
        c.rc = ck_pdf_doc_embed(&c.d, err);
    if (!c.rc) {
        c.draw = true;
        layout(&c);
        if (!c.rc && !ck_assert(c.page_no == c.pages))
            c.rc = ck_err_set(err, CK_EINTERNAL, "The register's two layouts disagree.");
    }
    if (!c.rc)
        c.rc = ck_pdf_doc_save(&out->pdf, &out->size, &c.d, err);
    out->pages = c.pages;
    ck_pdf_doc_free(&c.d);
    for (size_t i = 0; c.secs && i < reg->nsections; i++)
        free_section(&c.secs[i]);
    free(c.secs);
    char *texts[] = {c.title, c.course, c.detail, c.footer, c.closing, c.sig, c.date};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
        free(texts[i]);
    if (c.rc)
        ck_register_pdf_result_clear(out);
    return c.rc;
}
