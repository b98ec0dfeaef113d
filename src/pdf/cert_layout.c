/* The certificate page: measured and fitted text, frame, QR, images, drawn with libharu. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pdf/pdf_doc.h"

#define MM (72.0 / 25.4)
#define DOT_PT (72.0 / 300.0)
#define MAX_LINES 3
/* A fitted text may shrink below its minimum size down to this share of it, then it is refused. */
#define SHRINK_FLOOR 0.75

typedef struct rgb {
    float r, g, b;
} rgb;

/* Also as initialisers, for the style tables: C has no constants of a struct type. */
#define INK_RGB                                                                                    \
    {                                                                                              \
        0.11f, 0.12f, 0.15f                                                                        \
    }
#define MUTED_RGB                                                                                  \
    {                                                                                              \
        0.36f, 0.38f, 0.42f                                                                        \
    }
#define ACCENT_RGB                                                                                 \
    {                                                                                              \
        0.11f, 0.23f, 0.40f                                                                        \
    }
static const rgb INK = INK_RGB;
static const rgb MUTED = MUTED_RGB;
static const rgb ACCENT = ACCENT_RGB;

/* How a piece of text is set. */
typedef struct style {
    ck_pdf_role font;
    double size;     /* preferred size, pt */
    double min_size; /* shrink to this before wrapping; equal to size: wrap at once */
    double tracking; /* extra space after each character, em */
    double leading;  /* baseline to baseline, em */
    int max_lines;
    rgb color;
} style;

typedef enum align { ALIGN_LEFT, ALIGN_CENTER, ALIGN_RIGHT } align;

/* A text fitted to a width: its size and lines (byte ranges of text). */
typedef struct block {
    const char *text;
    const style *st;
    double size;
    int nlines;
    size_t start[MAX_LINES], end[MAX_LINES];
    double width[MAX_LINES]; /* pt */
    double ascent, descent;  /* pt above and below a baseline, both positive */
    double height;           /* first line's ascent to last line's descent */
} block;

typedef struct page_ctx {
    ck_pdf_doc d;
    HPDF_Page page;
    const ck_pdf_fonts *fonts;
    double w, h;
} page_ctx;

/* Code points of a text with their advance widths in em and byte offsets. */
typedef struct measured {
    size_t n;
    uint32_t *cp;
    size_t *off; /* n + 1 entries */
    double *pre; /* n + 1 prefix sums of advances, em */
    double tracking;
} measured;

static void measured_free(measured *m)
{
    free(m->cp);
    free(m->off);
    free(m->pre);
}

static ck_rc measure(measured *out, page_ctx *c, const char *text, const style *st, ck_err *err)
{
    size_t len = strlen(text), n = 0;
    memset(out, 0, sizeof *out);
    out->cp = malloc((len + 1) * sizeof *out->cp);
    out->off = malloc((len + 1) * sizeof *out->off);
    out->pre = malloc((len + 1) * sizeof *out->pre);
    if (!out->cp || !out->off || !out->pre) {
        measured_free(out);
        return ck_err_set(err, CK_ENOMEM, "Out of memory while laying out the certificate.");
    }
    out->pre[0] = 0;
    for (size_t at = 0; at < len; n++) {
        size_t clen = ck_pdf_utf8_next(text + at, len - at, &out->cp[n]);
        out->off[n] = at;
        out->pre[n + 1] =
            out->pre[n] + ck_pdf_fonts_char_width(c->fonts, st->font, out->cp[n]) / 1000.0;
        at += clen;
    }
    out->off[n] = len;
    out->n = n;
    out->tracking = st->tracking;
    return CK_OK;
}

/* Width in em of the characters [a, b). */
static double span_em(const measured *m, size_t a, size_t b)
{
    return b > a ? m->pre[b] - m->pre[a] + m->tracking * (double)(b - a - 1) : 0;
}

/* Where a line may end: a space (dropped) or after a hyphen (kept). */
static bool break_at(const measured *m, size_t i, size_t *end, size_t *next)
{
    if (m->cp[i] == ' ') {
        *end = i;
        *next = i + 1;
        return true;
    }
    if ((m->cp[i] == '-' || m->cp[i] == 0x2010) && i + 1 < m->n) {
        *end = *next = i + 1;
        return true;
    }
    return false;
}

/* Fill lines no wider than limit (em), each as long as possible. Returns the number of lines,
 * or max + 1 when more are needed or a piece cannot be broken small enough. */
static int greedy(const measured *m, double limit, int max, size_t *start, size_t *end)
{
    size_t a = 0;
    int lines = 0;
    while (a < m->n) {
        if (lines == max)
            return max + 1;
        size_t best_end = 0, best_next = 0;
        bool found = false;
        if (span_em(m, a, m->n) <= limit) {
            best_end = best_next = m->n;
            found = true;
        }
        for (size_t i = a + 1; !found && i < m->n; i++) {
            size_t e, nx;
            if (break_at(m, i, &e, &nx) && e > a && span_em(m, a, e) <= limit) {
                best_end = e;
                best_next = nx;
            }
            if (span_em(m, a, i + 1) > limit)
                break;
        }
        if (best_end <= a)
            return max + 1;
        start[lines] = m->off[a];
        end[lines] = m->off[best_end];
        lines++;
        a = best_next;
    }
    return lines;
}

/* The narrowest width (em) at which the text fills at most k lines; 0 if it cannot. */
static double balanced(const measured *m, int k)
{
    size_t s[MAX_LINES + 1], e[MAX_LINES + 1];
    double lo = 0, hi = span_em(m, 0, m->n);
    if (greedy(m, hi, k, s, e) > k)
        return 0;
    for (int i = 0; i < 48; i++) {
        double mid = (lo + hi) / 2;
        if (greedy(m, mid, k, s, e) <= k)
            hi = mid;
        else
            lo = mid;
    }
    return hi;
}

/* Fit text into max_width: shrink down to the style's minimum, then wrap, then shrink a little
 * more; refuse what still does not fit. */
static ck_rc fit(block *out, page_ctx *c, const char *field, const char *text, const style *st,
                 double max_width, ck_err *err)
{
    measured m;
    ck_rc rc = measure(&m, c, text, st, err);
    if (rc != CK_OK)
        return rc;
    memset(out, 0, sizeof *out);
    out->text = text;
    out->st = st;

    double one = span_em(&m, 0, m.n), limit = one;
    int lines = 1;
    double size = one > 0 ? fmin(st->size, max_width / one) : st->size;
    if (size < st->min_size) {
        bool placed = false;
        double best = one;
        for (int k = 2; k <= st->max_lines && !placed; k++) {
            double wk = balanced(&m, k);
            if (wk <= 0 || wk >= best)
                continue;
            best = wk;
            lines = k;
            limit = wk;
            placed = max_width / wk >= st->min_size;
        }
        size = placed ? st->min_size : max_width / best;
        if (size < st->min_size * SHRINK_FLOOR) {
            rc = ck_err_set(err, CK_EINVAL,
                            "%s is too long to fit on the certificate (%zu characters); "
                            "shorten it.",
                            field, m.n);
            goto cleanup;
        }
    }
    out->size = size;
    if (lines == 1) {
        out->nlines = 1;
        out->start[0] = 0;
        out->end[0] = strlen(text);
    } else {
        out->nlines = greedy(&m, limit * (1 + 1e-9), lines, out->start, out->end);
    }
    for (int i = 0; i < out->nlines; i++) {
        size_t a = 0, b = 0;
        while (a < m.n && m.off[a] < out->start[i])
            a++;
        for (b = a; b < m.n && m.off[b] < out->end[i];)
            b++;
        out->width[i] = span_em(&m, a, b) * size;
    }
    int ascent, descent;
    ck_pdf_fonts_extents(c->fonts, st->font, &ascent, &descent);
    out->ascent = ascent / 1000.0 * size;
    out->descent = -descent / 1000.0 * size;
    out->height = out->ascent + out->descent + (out->nlines - 1) * st->leading * size;
cleanup:
    measured_free(&m);
    return rc;
}

/* Draw a fitted block whose first line's ascent starts at top; x is the left edge, the centre
 * or the right edge by align. */
static ck_rc draw_block(page_ctx *c, const block *b, double x, double top, align al, ck_err *err)
{
    ck_rc rc = CK_OK;
    HPDF_Page p = c->page;
    double char_space = b->st->tracking * b->size;
    HPDF_Page_SetRGBFill(p, b->st->color.r, b->st->color.g, b->st->color.b);
    HPDF_Page_BeginText(p);
    HPDF_Page_SetCharSpace(p, (HPDF_REAL)char_space);
    for (int i = 0; i < b->nlines && rc == CK_OK; i++) {
        double lx = al == ALIGN_LEFT     ? x
                    : al == ALIGN_CENTER ? x - b->width[i] / 2
                                         : x - b->width[i];
        double base = top - b->ascent - i * b->st->leading * b->size;
        rc = ck_pdf_doc_text(&c->d, p, b->st->font, b->size, char_space, lx, base,
                             b->text + b->start[i], b->end[i] - b->start[i], err);
    }
    HPDF_Page_SetCharSpace(p, 0);
    HPDF_Page_EndText(p);
    return rc;
}

static void hline(page_ctx *c, double x0, double x1, double y, double lw, rgb col)
{
    HPDF_Page_SetRGBStroke(c->page, col.r, col.g, col.b);
    HPDF_Page_SetLineWidth(c->page, (HPDF_REAL)lw);
    HPDF_Page_MoveTo(c->page, (HPDF_REAL)x0, (HPDF_REAL)y);
    HPDF_Page_LineTo(c->page, (HPDF_REAL)x1, (HPDF_REAL)y);
    HPDF_Page_Stroke(c->page);
}

/* Two frames, the outer one heavier, with small squares set into the corners. */
static void draw_frame(page_ctx *c)
{
    HPDF_Page p = c->page;
    double o = 10 * MM, i = 12.5 * MM, s = 2.2 * MM;
    HPDF_Page_SetRGBStroke(p, ACCENT.r, ACCENT.g, ACCENT.b);
    HPDF_Page_SetLineWidth(p, 1.6f);
    HPDF_Page_Rectangle(p, (HPDF_REAL)o, (HPDF_REAL)o, (HPDF_REAL)(c->w - 2 * o),
                        (HPDF_REAL)(c->h - 2 * o));
    HPDF_Page_Stroke(p);
    HPDF_Page_SetLineWidth(p, 0.5f);
    HPDF_Page_Rectangle(p, (HPDF_REAL)i, (HPDF_REAL)i, (HPDF_REAL)(c->w - 2 * i),
                        (HPDF_REAL)(c->h - 2 * i));
    HPDF_Page_Stroke(p);
    HPDF_Page_SetRGBFill(p, ACCENT.r, ACCENT.g, ACCENT.b);
    double mid = (o + i) / 2;
    double cx[2] = {mid, c->w - mid}, cy[2] = {mid, c->h - mid};
    for (int a = 0; a < 2; a++)
        for (int b = 0; b < 2; b++)
            HPDF_Page_Rectangle(p, (HPDF_REAL)(cx[a] - s / 2), (HPDF_REAL)(cy[b] - s / 2),
                                (HPDF_REAL)s, (HPDF_REAL)s);
    HPDF_Page_Fill(p);
}

/* A short rule with a diamond at its centre, under the heading. */
static void draw_ornament(page_ctx *c, double cx, double y)
{
    HPDF_Page p = c->page;
    double half = 22 * MM, d = 3.2;
    hline(c, cx - half, cx - 3 * d, y, 0.6, ACCENT);
    hline(c, cx + 3 * d, cx + half, y, 0.6, ACCENT);
    HPDF_Page_SetRGBFill(p, ACCENT.r, ACCENT.g, ACCENT.b);
    HPDF_Page_MoveTo(p, (HPDF_REAL)(cx - d), (HPDF_REAL)y);
    HPDF_Page_LineTo(p, (HPDF_REAL)cx, (HPDF_REAL)(y + d));
    HPDF_Page_LineTo(p, (HPDF_REAL)(cx + d), (HPDF_REAL)y);
    HPDF_Page_LineTo(p, (HPDF_REAL)cx, (HPDF_REAL)(y - d));
    HPDF_Page_ClosePath(p);
    HPDF_Page_Fill(p);
}

/* Round down to whole 300-dpi dots, so modules fall on the printer's grid (600 dpi too). */
static double snap_dots(double v)
{
    return floor(v / DOT_PT + 1e-9) * DOT_PT;
}

/* Put a decoded image into the document; *out stays NULL when there is none. */
static ck_rc add_image(HPDF_Image *out, page_ctx *c, const ck_pdf_image *img, const char *what,
                       ck_err *err)
{
    *out = NULL;
    if (!img->rgb)
        return CK_OK;
    *out = HPDF_LoadRawImageFromMem(c->d.doc, img->rgb, (HPDF_UINT)img->w, (HPDF_UINT)img->h,
                                    HPDF_CS_DEVICE_RGB, 8);
    if (*out && img->alpha) {
        HPDF_Image mask = HPDF_LoadRawImageFromMem(c->d.doc, img->alpha, (HPDF_UINT)img->w,
                                                   (HPDF_UINT)img->h, HPDF_CS_DEVICE_GRAY, 8);
        if (mask)
            HPDF_Image_AddSMask(*out, mask);
    }
    if (!*out || c->d.status != HPDF_OK) {
        char step[64];
        snprintf(step, sizeof step, "adding the %s image", what);
        return ck_pdf_doc_failed(&c->d, err, step);
    }
    return CK_OK;
}

/* Image size scaled to fit max_w × max_h, keeping its proportions. */
static void image_fit(HPDF_Image img, double max_w, double max_h, double *w, double *h)
{
    double iw = HPDF_Image_GetWidth(img), ih = HPDF_Image_GetHeight(img);
    double k = fmin(max_w / iw, max_h / ih);
    *w = iw * k;
    *h = ih * k;
}

static const style S_HEADING = {CK_PDF_SERIF, 15, 10, 0.24, 1.3, 2, ACCENT_RGB};
static const style S_PRESENTED = {CK_PDF_SERIF_ITALIC, 14, 10, 0, 1.3, 2, MUTED_RGB};
static const style S_HOLDER = {CK_PDF_SERIF, 44, 22, 0, 1.12, 2, INK_RGB};
static const style S_COMPLETION = {CK_PDF_SERIF_ITALIC, 14, 10, 0, 1.3, 2, MUTED_RGB};
static const style S_COURSE = {CK_PDF_SERIF, 25, 15, 0, 1.15, 2, ACCENT_RGB};
static const style S_DETAILS = {CK_PDF_SANS, 11, 8.5, 0.01, 1.35, 2, MUTED_RGB};
static const style S_TRAINER = {CK_PDF_SANS_BOLD, 11, 8, 0, 1.25, 2, INK_RGB};
static const style S_CREDENTIAL = {CK_PDF_SANS, 9, 7, 0, 1.3, 2, MUTED_RGB};
static const style S_VERIFY = {CK_PDF_SANS, 8, 8, 0, 1.3, 3, MUTED_RGB};
static const style S_ID = {CK_PDF_SANS_BOLD, 9, 7, 0.02, 1.3, 2, INK_RGB};
static const style S_VALID = {CK_PDF_SANS, 8.5, 7, 0, 1.3, 2, INK_RGB};

/* The document with its information, every text declared in the role its style sets it in,
 * the fonts embedded, and the empty page. */
static ck_rc start_doc(page_ctx *c, const ck_pdf_prepared *p, ck_err *err)
{
    const ck_pdf_meta meta = {.title = p->meta_title,
                              .author = p->meta_author,
                              .subject = p->meta_subject,
                              .created = p->created};
    ck_rc rc = ck_pdf_doc_start(&c->d, p->fonts, &meta, err);
    if (rc != CK_OK)
        return rc;
    const struct {
        const char *text;
        const style *st;
    } texts[] = {
        {p->heading, &S_HEADING},  {p->presented, &S_PRESENTED},
        {p->holder, &S_HOLDER},    {p->completion, &S_COMPLETION},
        {p->course, &S_COURSE},    {p->details, &S_DETAILS},
        {p->trainer, &S_TRAINER},  {p->credential, &S_CREDENTIAL},
        {p->verify, &S_VERIFY},    {p->id_line, &S_ID},
        {p->valid_line, &S_VALID},
    };
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
        ck_pdf_doc_use(&c->d, texts[i].st->font, texts[i].text);
    rc = ck_pdf_doc_embed(&c->d, err);
    if (rc != CK_OK)
        return rc;
    if (p->paper == CK_CERT_PDF_LETTER) {
        c->w = 11 * 72.0;
        c->h = 8.5 * 72.0;
    } else {
        c->w = 297 * MM;
        c->h = 210 * MM;
    }
    return ck_pdf_doc_add_page(&c->page, &c->d, c->w, c->h, err);
}

/* One element of the centred column: a text block, or a fixed-height drawing. */
typedef enum item_kind { ITEM_TEXT, ITEM_LOGO, ITEM_ORNAMENT, ITEM_RULE } item_kind;
typedef struct item {
    item_kind kind;
    block b;
    double height, gap_after;
} item;

#define MAX_ITEMS 10

typedef struct column {
    item items[MAX_ITEMS];
    int n;
    double width;
} column;

static void add_shape(column *col, item_kind kind, double height, double gap_after)
{
    col->items[col->n++] = (item){.kind = kind, .height = height, .gap_after = gap_after};
}

/* A text item; an empty optional text adds nothing. */
static ck_rc add_text(column *col, page_ctx *c, const char *field, const char *text,
                      const style *st, double gap_after, ck_err *err)
{
    if (!*text)
        return CK_OK;
    item *it = &col->items[col->n];
    *it = (item){.kind = ITEM_TEXT, .gap_after = gap_after};
    ck_rc rc = fit(&it->b, c, field, text, st, col->width, err);
    if (rc != CK_OK)
        return rc;
    it->height = it->b.height;
    col->n++;
    return CK_OK;
}

/* Lower right: the QR code in a 45 mm box (quiet zone included) and, right-aligned beside
 * it from the bottom up, the valid-until date, the id and the verify line. *top gets the
 * highest point used. */
static ck_rc draw_verify_corner(page_ctx *c, const ck_pdf_prepared *p, ck_cert_pdf_result *res,
                                double *base, double *top, ck_err *err)
{
    int dots;
    ck_rc rc = ck_cert_pdf_qr_module_dots(&dots, p->qr.modules, 45 * MM, err);
    if (rc != CK_OK)
        return rc;
    double m = dots * DOT_PT, qside = (p->qr.modules + 2 * CK_PDF_QR_QUIET) * m;
    double qx = snap_dots(c->w - 17 * MM - qside), qy = snap_dots(17 * MM);
    ck_pdf_doc_qr(c->page, &p->qr, qx, qy, m);
    res->qr_version = p->qr.version;
    res->qr_ecc = p->qr.ecc;
    res->qr_modules = p->qr.modules;
    res->qr_module_dots = dots;
    res->qr_module_mm = m / MM;
    res->qr_rects = (int)p->qr.nrects;

    double vx = qx - 1.5 * MM, vwidth = fmin(80 * MM, vx - c->w / 2);
    block valid = {0}, id, verify;
    rc = fit(&id, c, "The certificate ID", p->id_line, &S_ID, vwidth, err);
    if (rc == CK_OK && *p->valid_line)
        rc = fit(&valid, c, "The valid-until date", p->valid_line, &S_VALID, vwidth, err);
    if (rc == CK_OK)
        rc = fit(&verify, c, "The verify line", p->verify, &S_VERIFY, vwidth, err);
    double y = *base = qy + CK_PDF_QR_QUIET * m;
    if (rc == CK_OK && valid.nlines) {
        rc = draw_block(c, &valid, vx, y + valid.height, ALIGN_RIGHT, err);
        y += valid.height + 1;
    }
    if (rc == CK_OK)
        rc = draw_block(c, &id, vx, y + id.height, ALIGN_RIGHT, err);
    y += id.height + 4;
    if (rc == CK_OK)
        rc = draw_block(c, &verify, vx, y + verify.height, ALIGN_RIGHT, err);
    *top = fmax(y + verify.height, qy + qside);
    return rc;
}

/* Lower left, on the same baseline as the verify corner: the credential, the trainer's name,
 * a line to sign on and the signature image above it. *top gets the highest point used. */
static ck_rc draw_trainer_corner(page_ctx *c, const ck_pdf_prepared *p, HPDF_Image signature,
                                 double base, double *top, ck_err *err)
{
    double tx = 24 * MM, twidth = fmin(85 * MM, c->w / 2 - tx - 10 * MM);
    block trainer, cred = {0};
    ck_rc rc = fit(&trainer, c, "The trainer name", p->trainer, &S_TRAINER, twidth, err);
    if (rc == CK_OK && *p->credential)
        rc = fit(&cred, c, "The trainer credential", p->credential, &S_CREDENTIAL, twidth, err);
    double y = base;
    if (rc == CK_OK && cred.nlines) {
        rc = draw_block(c, &cred, tx, y + cred.height, ALIGN_LEFT, err);
        y += cred.height + 1;
    }
    if (rc == CK_OK)
        rc = draw_block(c, &trainer, tx, y + trainer.height, ALIGN_LEFT, err);
    if (rc != CK_OK)
        return rc;
    y += trainer.height + 3;
    double rule_w = fmin(fmax(70 * MM, trainer.width[0]), twidth);
    hline(c, tx, tx + rule_w, y, 0.6, INK);
    /* Room above the line for the signature, printed or by hand. */
    double room = 17 * MM;
    if (signature) {
        double sw, sh;
        image_fit(signature, fmin(60 * MM, rule_w), room, &sw, &sh);
        HPDF_Page_DrawImage(c->page, signature, (HPDF_REAL)(tx + 2 * MM), (HPDF_REAL)(y - 2),
                            (HPDF_REAL)sw, (HPDF_REAL)sh);
    }
    *top = y + room;
    return CK_OK;
}

/* The centred column, from the top margin down to bottom: logo, heading, ornament, the holder
 * and the course. */
static ck_rc draw_column(page_ctx *c, const ck_pdf_prepared *p, HPDF_Image logo, double bottom,
                         ck_err *err)
{
    column col = {.width = c->w - 2 * 30 * MM};
    double cx = c->w / 2, top = c->h - 23 * MM, lw = 0, lh = 0;
    ck_rc rc = CK_OK;
    if (logo) {
        image_fit(logo, 70 * MM, 18 * MM, &lw, &lh);
        add_shape(&col, ITEM_LOGO, lh, 6 * MM);
    }
    rc = add_text(&col, c, "The heading", p->heading, &S_HEADING, 2.5 * MM, err);
    if (rc == CK_OK) {
        add_shape(&col, ITEM_ORNAMENT, 8, 7 * MM);
        rc = add_text(&col, c, "The presented line", p->presented, &S_PRESENTED, 4 * MM, err);
    }
    if (rc == CK_OK)
        rc = add_text(&col, c, "The holder name", p->holder, &S_HOLDER, 2.5 * MM, err);
    if (rc == CK_OK) {
        add_shape(&col, ITEM_RULE, 1, 5 * MM);
        rc = add_text(&col, c, "The completion line", p->completion, &S_COMPLETION, 3.5 * MM, err);
    }
    if (rc == CK_OK)
        rc = add_text(&col, c, "The course title", p->course, &S_COURSE, 5 * MM, err);
    if (rc == CK_OK)
        rc = add_text(&col, c, "The course details", p->details, &S_DETAILS, 0, err);
    if (rc != CK_OK)
        return rc;

    double heights = 0, gaps = 0;
    for (int i = 0; i < col.n; i++) {
        heights += col.items[i].height;
        gaps += i + 1 < col.n ? col.items[i].gap_after : 0;
    }
    /* Gaps stretch (up to 1.8 times) or shrink (down to 0.3 times) to the room there is;
     * what is left goes a little more below than above, so the column sits optically centred. */
    double room = top - bottom;
    double spread = gaps > 0 ? fmin(1.8, (room - heights) / gaps) : 1;
    if (spread < 0.3)
        return ck_err_set(err, CK_EINVAL,
                          "The certificate's text does not fit on the page (%.0f pt for "
                          "%.0f pt); shorten the course title, the holder name or the wording.",
                          heights + gaps * 0.3, room);
    double y = top - fmax(0, room - heights - gaps * spread) * 0.4, name_width = 0;
    for (int i = 0; i < col.n && rc == CK_OK; i++) {
        item *it = &col.items[i];
        switch (it->kind) {
        case ITEM_LOGO:
            HPDF_Page_DrawImage(c->page, logo, (HPDF_REAL)(cx - lw / 2), (HPDF_REAL)(y - lh),
                                (HPDF_REAL)lw, (HPDF_REAL)lh);
            break;
        case ITEM_ORNAMENT: draw_ornament(c, cx, y - it->height / 2); break;
        case ITEM_RULE: {
            double half = fmin(fmax(name_width / 2 + 12 * MM, 55 * MM), col.width / 2);
            hline(c, cx - half, cx + half, y - 0.5, 0.6, MUTED);
            break;
        }
        case ITEM_TEXT:
            rc = draw_block(c, &it->b, cx, y, ALIGN_CENTER, err);
            if (it->b.st == &S_HOLDER)
                for (int l = 0; l < it->b.nlines; l++)
                    name_width = fmax(name_width, it->b.width[l]);
            break;
        }
        y -= it->height + it->gap_after * spread;
    }
    return rc;
}

/* Lay out and draw the page. */
static ck_rc draw_page(page_ctx *c, const ck_pdf_prepared *p, ck_cert_pdf_result *res, ck_err *err)
{
    HPDF_Image logo = NULL, signature = NULL;
    double base = 0, right_top = 0, left_top = 0;
    ck_rc rc = add_image(&logo, c, &p->logo, "logo", err);
    if (rc == CK_OK)
        rc = add_image(&signature, c, &p->signature, "signature", err);
    if (rc != CK_OK)
        return rc;
    draw_frame(c);
    rc = draw_verify_corner(c, p, res, &base, &right_top, err);
    if (rc == CK_OK)
        rc = draw_trainer_corner(c, p, signature, base, &left_top, err);
    if (rc == CK_OK)
        rc = draw_column(c, p, logo, fmax(left_top, right_top) + 5 * MM, err);
    if (rc == CK_OK && c->d.status != HPDF_OK)
        rc = ck_pdf_doc_failed(&c->d, err, "drawing the page");
    return rc;
}

ck_rc ck_pdf_render_prepared(ck_cert_pdf_result *out, const ck_pdf_prepared *p, ck_err *err)
{
    page_ctx c = {.fonts = p->fonts};
    ck_cert_pdf_result res = {0};
    ck_rc rc = start_doc(&c, p, err);
    if (rc == CK_OK)
        rc = draw_page(&c, p, &res, err);
    if (rc == CK_OK)
        rc = ck_pdf_doc_save(&res.pdf, &res.size, &c.d, err);
    ck_pdf_doc_free(&c.d);
    if (rc == CK_OK)
        *out = res;
    return rc;
}
