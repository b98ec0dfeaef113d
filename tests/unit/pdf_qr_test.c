/* The certificate QR: module size in whole printer dots, and the rectangles that draw it. */
#include <math.h>
#include <qrencode.h>
#include <stdlib.h>

#include "ck_test.h"
#include "pdf/cert_pdf.h"
#include "pdf/pdf_internal.h"

#define DOT_PT (72.0 / 300.0)
#define MM (72.0 / 25.4)

/* The chosen size is the largest whole number of dots that fits, never under 0.4 mm. */
static void module_size_is_whole_dots(void)
{
    ck_err err = {0};
    for (int version = 1; version <= 40; version++) {
        int modules = 17 + 4 * version, side = modules + 8;
        for (double box_mm = 20; box_mm <= 80; box_mm += 0.7) {
            double box = box_mm * MM;
            int dots = -1;
            ck_rc rc = ck_cert_pdf_qr_module_dots(&dots, modules, box, &err);
            if (side * 5 * DOT_PT > box) {
                CK_CHECK_INT(rc, CK_EINVAL);
                CK_CHECK_INT(dots, 0);
                continue;
            }
            CK_CHECK_INT(rc, CK_OK);
            double module_pt = dots * DOT_PT;
            CK_CHECK(side * module_pt <= box + 1e-6);               /* fits */
            CK_CHECK(side * (dots + 1) * DOT_PT > box);             /* largest */
            CK_CHECK(module_pt / MM >= 0.4);                        /* at least 0.4 mm */
            CK_CHECK(fabs(module_pt * 300 / 72 - dots) < 1e-9);     /* whole dots at 300 dpi */
            CK_CHECK(fabs(module_pt * 600 / 72 - 2 * dots) < 1e-9); /* and at 600 dpi */
        }
    }
}

static void module_size_known_values(void)
{
    ck_err err = {0};
    int dots = 0;
    /* Version 20 (97 modules) in the certificate's 45 mm box: 105 × 5 dots = 126 pt. */
    CK_CHECK_INT(ck_cert_pdf_qr_module_dots(&dots, 97, 45 * MM, &err), CK_OK);
    CK_CHECK_INT(dots, 5);
    /* A box of exactly 105 × 6 dots holds 6-dot modules: no loss to rounding. */
    CK_CHECK_INT(ck_cert_pdf_qr_module_dots(&dots, 97, 105 * 6 * DOT_PT, &err), CK_OK);
    CK_CHECK_INT(dots, 6);
    /* Version 1 (21 modules) in 45 mm: 127.56 / (29 × 0.24) = 18.3. */
    CK_CHECK_INT(ck_cert_pdf_qr_module_dots(&dots, 21, 45 * MM, &err), CK_OK);
    CK_CHECK_INT(dots, 18);
}

static void module_size_bad_input(void)
{
    ck_err err = {0};
    int dots = 7;
    CK_CHECK_INT(ck_cert_pdf_qr_module_dots(&dots, 22, 100, &err), CK_EINVAL);
    CK_CHECK_CONTAINS(err.msg, "22 modules");
    CK_CHECK_INT(dots, 0);
    CK_CHECK_INT(ck_cert_pdf_qr_module_dots(&dots, 97, -1, &err), CK_EINVAL);
    CK_CHECK_INT(ck_cert_pdf_qr_module_dots(&dots, 97, NAN, &err), CK_EINVAL);
    CK_CHECK_INT(ck_cert_pdf_qr_module_dots(&dots, 97, 40 * MM, &err), CK_EINVAL);
    CK_CHECK_CONTAINS(err.msg, "0.4 mm");
}

/* n pseudo-random digits: a token as the SMART Health Cards scheme writes it is all digits. */
static void digits(char *out, size_t n, unsigned seed)
{
    for (size_t i = 0; i < n; i++) {
        seed = seed * 1103515245u + 12345u;
        out[i] = (char)('0' + (seed >> 16) % 10);
    }
    out[n] = '\0';
}

/* The rectangles cover exactly the dark modules, each once. */
static void rects_cover_dark_modules(void)
{
    static char text[1200];
    const char *prefixes[] = {"CKCERT:/", "https://example.org/verify#", "x"};
    for (size_t k = 0; k < sizeof prefixes / sizeof prefixes[0]; k++) {
        size_t plen = strlen(prefixes[k]);
        memcpy(text, prefixes[k], plen);
        digits(text + plen, k == 2 ? 6 : 900, 7u + (unsigned)k);
        ck_pdf_qr qr;
        ck_err err = {0};
        CK_CHECK_INT(ck_pdf_qr_make(&qr, text, &err), CK_OK);
        QRcode *code = QRcode_encodeString(text, 0, QR_ECLEVEL_Q, QR_MODE_8, 1);
        CK_CHECK(code != NULL);
        if (!code)
            continue;
        CK_CHECK_INT(qr.version, code->version);
        CK_CHECK_INT(qr.modules, code->width);
        int w = code->width;
        unsigned char *count = calloc((size_t)w * (size_t)w, 1);
        size_t dark = 0;
        for (size_t i = 0; i < qr.nrects; i++) {
            ck_pdf_qr_rect r = qr.rects[i];
            CK_CHECK(r.x >= 0 && r.y >= 0 && r.w > 0 && r.h > 0);
            CK_CHECK(r.x + r.w <= w && r.y + r.h <= w);
            for (int y = r.y; y < r.y + r.h && y < w; y++)
                for (int x = r.x; x < r.x + r.w && x < w; x++)
                    count[y * w + x]++;
        }
        int wrong = 0;
        for (int i = 0; i < w * w; i++) {
            int is_dark = code->data[i] & 1;
            dark += (size_t)is_dark;
            wrong += count[i] != is_dark;
        }
        CK_CHECK_INT(wrong, 0);
        /* Merging must beat one rectangle per dark module by far. */
        CK_CHECK(qr.nrects * 2 < dark);
        printf("  %s… v%d: %zu dark modules in %zu rectangles\n", prefixes[k], qr.version, dark,
               qr.nrects);
        free(count);
        QRcode_free(code);
        ck_pdf_qr_clear(&qr);
    }
}

/* libqrencode splits the text: digits after an ASCII prefix go in numeric mode. */
static void numeric_mode_is_used(void)
{
    static char text[1200];
    ck_pdf_qr qr;
    ck_err err = {0};
    memcpy(text, "CKCERT:/", 8);
    digits(text + 8, 900, 3);
    CK_CHECK_INT(ck_pdf_qr_make(&qr, text, &err), CK_OK);
    /* 900 digits in 8-bit mode would need version 29; numeric mode fits in 18 or 19. */
    CK_CHECK(qr.version >= 17 && qr.version <= 19);
    ck_pdf_qr_clear(&qr);
}

static void qr_refusals(void)
{
    static char text[2000];
    ck_pdf_qr qr;
    ck_err err = {0};
    CK_CHECK_INT(ck_pdf_qr_make(&qr, "", &err), CK_EINVAL);
    CK_CHECK_CONTAINS(err.msg, "empty");
    CK_CHECK_INT(ck_pdf_qr_make(&qr, "CKCERT:/12\n34", &err), CK_EINVAL);
    CK_CHECK_CONTAINS(err.msg, "0x0A at position 11");
    CK_CHECK_INT(ck_pdf_qr_make(&qr, "https://example.org/vérify#1", &err), CK_EINVAL);
    CK_CHECK_CONTAINS(err.msg, "printable ASCII");
    /* 1300 digits need version 22 at level Q: level M fits them in version 20. */
    memcpy(text, "CKCERT:/", 8);
    digits(text + 8, 1300, 5);
    CK_CHECK_INT(ck_pdf_qr_make(&qr, text, &err), CK_OK);
    CK_CHECK_INT(qr.ecc, 'M');
    CK_CHECK(qr.version <= 20);
    ck_pdf_qr_clear(&qr);
    /* 900 digits stay at level Q. */
    digits(text + 8, 900, 5);
    CK_CHECK_INT(ck_pdf_qr_make(&qr, text, &err), CK_OK);
    CK_CHECK_INT(qr.ecc, 'Q');
    ck_pdf_qr_clear(&qr);
    /* 1700 digits fit no certificate. */
    digits(text + 8, 1700, 5);
    CK_CHECK_INT(ck_pdf_qr_make(&qr, text, &err), CK_EINVAL);
    CK_CHECK_CONTAINS(err.msg, "even at error correction level M");
    CK_CHECK_CONTAINS(err.msg, "version 20 at most");
    CK_CHECK(qr.rects == NULL);
}

int main(int argc, char **argv)
{
    ck_test_init(argc, argv);
    CK_RUN(module_size_is_whole_dots);
    CK_RUN(module_size_known_values);
    CK_RUN(module_size_bad_input);
    CK_RUN(rects_cover_dark_modules);
    CK_RUN(numeric_mode_is_used);
    CK_RUN(qr_refusals);
    return ck_test_done();
}
