/* Text for the documents that flow it into boxes (the register, badges): made drawable, and
 * broken into lines. */
#include <stdlib.h>
#include <string.h>

#include "pdf/pdf_internal.h"

size_t ck_pdf_wrap(const ck_pdf_fonts *f, ck_pdf_role role, const char *text, double size,
                   double width, size_t *start, size_t *end, size_t max)
{
    size_t n = strlen(text), lines = 0, at = 0;
    double limit = width * 1000.0 / size; /* in 1/1000 em */
    while (at < n) {
        while (at < n && text[at] == ' ')
            at++;
        if (at == n)
            break;
        double w = 0;
        size_t i = at, brk_end = 0, brk_next = 0;
        while (i < n) {
            uint32_t cp;
            size_t cl = ck_pdf_utf8_next(text + i, n - i, &cp);
            double cw = ck_pdf_fonts_char_width(f, role, cp);
            if (cp == ' ') {
                brk_end = i;
                brk_next = i + cl;
            }
            if (w + cw > limit && i > at)
                break;
            w += cw;
            i += cl;
            if (cp == '-' || cp == 0x2010) {
                brk_end = i;
                brk_next = i;
            }
        }
        size_t line_end = i, next = i;
        if (i < n && brk_end > at) {
            line_end = brk_end;
            next = brk_next;
        }
        while (line_end > at && text[line_end - 1] == ' ')
            line_end--;
        if (lines < max) {
            start[lines] = at;
            end[lines] = line_end;
        }
        lines++;
        at = next;
    }
    return lines;
}

ck_rc ck_pdf_text_lenient(char **out, const ck_pdf_fonts *f, const char *text, ck_err *err)
{
    char *nfc = NULL;
    *out = NULL;
    ck_rc rc = ck_pdf_text_normalize(&nfc, "a text of the document", text ? text : "", f, 0, err);
    if (rc)
        return rc;
    size_t n = strlen(nfc), w = 0;
    char *clean = malloc(n + 1);
    if (!clean) {
        free(nfc);
        return ck_err_set(err, CK_ENOMEM, "Out of memory while preparing the document's text.");
    }
    for (size_t at = 0; at < n;) {
        uint32_t cp;
        size_t cl = ck_pdf_utf8_next(nfc + at, n - at, &cp);
        if (cp > 0xFFFF || ck_pdf_fonts_face(f, CK_PDF_SANS, cp) < 0 ||
            ck_pdf_fonts_face(f, CK_PDF_SANS_BOLD, cp) < 0) {
            clean[w++] = '?';
        } else {
            memcpy(clean + w, nfc + at, cl);
            w += cl;
        }
        at += cl;
    }
    clean[w] = '\0';
    free(nfc);
    *out = clean;
    return CK_OK;
}
