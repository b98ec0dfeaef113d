/* The certificate's QR code: encoding with libqrencode, tracing it into rectangles, sizing it
 * to whole printer dots. */
#include "common/mem.h"
#include "pdf/pdf_internal.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <qrencode.h>

/* Smallest module: 0.4 mm is 4.72 dots at 300 dpi, so 5 dots (0.423 mm). */
#define MIN_MODULE_DOTS 5
#define DOT_PT (72.0 / 300.0)

ck_rc ck_cert_pdf_qr_module_dots(int *out, int modules, double box_pt, ck_err *err)
{
    *out = 0;
    if (modules < 21 || modules > 177 || (modules - 17) % 4 != 0)
        return ck_err_set(err, CK_EINVAL,
                          "A QR symbol of %d modules does not exist; it has 17 + 4 × version "
                          "modules per side (21 to 177).",
                          modules);
    if (!(box_pt > 0) || !isfinite(box_pt))
        return ck_err_set(err, CK_EINVAL, "The QR box size %g pt is not a positive size.", box_pt);
    int side = modules + 2 * CK_PDF_QR_QUIET;
    /* A tiny tolerance so a box computed as exactly k dots is not lost to rounding. */
    int dots = (int)floor(box_pt / (side * DOT_PT) + 1e-9);
    if (dots < MIN_MODULE_DOTS)
        return ck_err_set(err, CK_EINVAL,
                          "A QR code of %d modules needs a box of at least %.1f mm for 0.4 mm "
                          "modules, and the box is %.1f mm; use a shorter QR text.",
                          modules, side * MIN_MODULE_DOTS * DOT_PT * 25.4 / 72.0,
                          box_pt * 25.4 / 72.0);
    *out = dots;
    return CK_OK;
}

void ck_pdf_qr_clear(ck_pdf_qr *qr)
{
    if (!qr)
        return;
    free(qr->rects);
    memset(qr, 0, sizeof *qr);
}

/* Cover the dark modules with rectangles: each maximal horizontal run of dark modules not yet
 * covered is extended down while the row below has exactly the same run. */
static ck_rc trace(ck_pdf_qr *out, const QRcode *code, ck_err *err)
{
    int w = code->width;
    ck_rc rc = CK_OK;
    unsigned char *used = calloc((size_t)w * (size_t)w, 1);
    size_t cap = 256, n = 0;
    ck_pdf_qr_rect *rects = malloc(cap * sizeof *rects);

#define DARK(x, y) ((code->data[(size_t)(y) * (size_t)w + (size_t)(x)] & 1) != 0)
#define FREE_DARK(x, y) (DARK(x, y) && !used[(size_t)(y) * (size_t)w + (size_t)(x)])
    if (!used || !rects) {
        rc = ck_err_set(err, CK_ENOMEM, "Out of memory while drawing the QR code.");
        goto cleanup;
    }
    for (int y = 0; y < w; y++) {
        for (int x = 0; x < w;) {
            if (!FREE_DARK(x, y)) {
                x++;
                continue;
            }
            int end = x;
            while (end < w && FREE_DARK(end, y))
                end++;
            int h = 1;
            for (; y + h < w; h++) {
                int r = y + h;
                bool same = (x == 0 || !FREE_DARK(x - 1, r)) && (end == w || !FREE_DARK(end, r));
                for (int i = x; same && i < end; i++)
                    same = FREE_DARK(i, r);
                if (!same)
                    break;
            }
            for (int r = y; r < y + h; r++)
                memset(used + (size_t)r * (size_t)w + (size_t)x, 1, (size_t)(end - x));
            if (!ck_array_reserve(&rects, &cap, n + 1, sizeof *rects)) {
                rc = ck_err_set(err, CK_ENOMEM, "Out of memory while drawing the QR code.");
                goto cleanup;
            }
            rects[n++] = (ck_pdf_qr_rect){.x = x, .y = y, .w = end - x, .h = h};
            x = end;
        }
    }
#undef FREE_DARK
#undef DARK
    out->rects = rects;
    out->nrects = n;
    rects = NULL;
cleanup:
    free(rects);
    free(used);
    return rc;
}

ck_rc ck_pdf_qr_make(ck_pdf_qr *out, const char *text, ck_err *err)
{
    QRcode *code = NULL;
    ck_rc rc = CK_OK;
    size_t len = text ? strlen(text) : 0;

    memset(out, 0, sizeof *out);
    if (len == 0)
        return ck_err_set(err, CK_EINVAL, "The QR text is empty; give the signed token to encode.");
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c < 0x20 || c > 0x7E)
            return ck_err_set(err, CK_EINVAL,
                              "The QR text has byte 0x%02X at position %zu; it must be printable "
                              "ASCII (a URL or scheme prefix, then the token as digits).",
                              (unsigned)c, i + 1);
    }
    /* Version 0: the smallest that fits. The string is split into numeric, alphanumeric and
     * 8-bit segments by libqrencode, so a long run of digits costs 10 bits per 3 digits.
     * Level Q is the aim; a long verify URL or name can need more room than Q gives at
     * version 20, and then M (still 15% recoverable) keeps the symbol small enough to scan. */
    static const struct {
        QRecLevel level;
        char name;
    } levels[] = {{QR_ECLEVEL_Q, 'Q'}, {QR_ECLEVEL_M, 'M'}};
    int needed = 0;
    for (size_t i = 0; i < sizeof levels / sizeof levels[0]; i++) {
        QRcode_free(code);
        errno = 0;
        code = QRcode_encodeString(text, 0, levels[i].level, QR_MODE_8, 1);
        if (!code && errno == ENOMEM)
            return ck_err_set(err, CK_ENOMEM, "Out of memory while encoding the QR code.");
        if (code && code->version <= CK_PDF_QR_MAX_VERSION) {
            out->ecc = levels[i].name;
            break;
        }
        needed = code ? code->version : 41;
    }
    if (!out->ecc) {
        rc = ck_err_set(err, CK_EINVAL,
                        "The QR text is %zu characters and needs QR version %d even at error "
                        "correction level M; a certificate allows version %d at most, so it "
                        "scans from paper. Shorten the verify URL (its prefix), the issuer or "
                        "the names.",
                        len, needed, CK_PDF_QR_MAX_VERSION);
        goto cleanup;
    }
    out->version = code->version;
    out->modules = code->width;
    rc = trace(out, code, err);
cleanup:
    QRcode_free(code);
    if (rc != CK_OK)
        ck_pdf_qr_clear(out);
    return rc;
}
