/* How long one certificate PDF takes and how big it is: the first in a fresh process (opening
 * the fonts included), then a batch in the same process. bench/peer/reportlab_cert.py makes the
 * same page with reportlab and prints the same lines, so scripts/bench can compare the two.
 *
 * Usage: pdf_bench [--fonts DIR] [--batch N] [--out DIR]
 * Prints: pdf_bench impl=libharu mode=one|batch certs=N ms_per_cert=X bytes_per_cert=Y */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pdf/cert_pdf.h"
#include "pdf/fonts.h"

/* The QR text: "CKCERT:/" and a 450-character token written as 900 digits (two per
 * character, code − 45), generated the same way by the reportlab peer. */
static void make_qr_text(char *out, size_t chars, unsigned seed)
{
    static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    memcpy(out, "CKCERT:/", 8);
    for (size_t i = 0; i < chars; i++) {
        seed = seed * 1103515245u + 12345u;
        char c = (i % 97 == 96) ? '.' : b64[(seed >> 16) % 64];
        int v = c - 45;
        out[8 + 2 * i] = (char)('0' + v / 10);
        out[8 + 2 * i + 1] = (char)('0' + v % 10);
    }
    out[8 + 2 * chars] = '\0';
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int save(const char *dir, const char *name, const ck_cert_pdf_result *r)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(r->pdf, 1, r->size, f) != r->size) {
        fprintf(stderr, "pdf_bench: cannot write %s\n", path);
        if (f)
            fclose(f);
        return 1;
    }
    return fclose(f) == 0 ? 0 : 1;
}

int main(int argc, char **argv)
{
    const char *fonts = "fonts", *out_dir = NULL;
    int batch = 30;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--fonts") && i + 1 < argc)
            fonts = argv[++i];
        else if (!strcmp(argv[i], "--out") && i + 1 < argc)
            out_dir = argv[++i];
        else if (!strcmp(argv[i], "--batch") && i + 1 < argc && atoi(argv[i + 1]) > 0)
            batch = atoi(argv[++i]);
        else {
            fprintf(stderr, "usage: pdf_bench [--fonts DIR] [--batch N] [--out DIR]\n");
            return 2;
        }
    }

    static char qr[1000];
    make_qr_text(qr, 450, 42);
    static const char *const holders[] = {"Zoë Ångström-Núñez", "Αλέξανδρος Παπαδόπουλος",
                                          "Анна Кузнецова"};
    ck_cert_pdf_result r;
    ck_err err = {0};
    ck_pdf_fonts *set = NULL;
    double t0 = now_ms();
    if (ck_pdf_fonts_open(&set, fonts, &err) != CK_OK) {
        fprintf(stderr, "pdf_bench: %s\n", err.msg);
        return 1;
    }
    ck_cert_pdf cert = {
        .holder_name = holders[0],
        .course_title = "Certified Scrum Product Owner®",
        .course_dates = "12–13 March 2025",
        .contact_hours = "16 contact hours",
        .location = "Berlin, Germany",
        .trainer_name = "Dr. Maria Schmidt",
        .trainer_credential = "Certified Scrum Trainer®",
        .certificate_id = "CK-2025-000042",
        .valid_until = "13 March 2027",
        .qr_text = qr,
        .verify_line = "Scan the QR code or visit example.org/verify to check this certificate.",
        .fonts = set,
        .created = 1741777200,
    };
    if (ck_cert_pdf_render(&r, &cert, &err) != CK_OK) {
        fprintf(stderr, "pdf_bench: %s\n", err.msg);
        return 1;
    }
    double one = now_ms() - t0;
    printf("# QR version %d, %d modules of %d dots (%.3f mm), %d rectangles\n", r.qr_version,
           r.qr_modules, r.qr_module_dots, r.qr_module_mm, r.qr_rects);
    printf("pdf_bench impl=libharu mode=one certs=1 ms_per_cert=%.2f bytes_per_cert=%zu\n", one,
           r.size);
    if (out_dir && save(out_dir, "bench-libharu.pdf", &r) != 0)
        return 1;
    ck_cert_pdf_result_clear(&r);

    size_t bytes = 0;
    t0 = now_ms();
    for (int i = 0; i < batch; i++) {
        cert.holder_name = holders[i % 3];
        if (ck_cert_pdf_render(&r, &cert, &err) != CK_OK) {
            fprintf(stderr, "pdf_bench: certificate %d: %s\n", i + 1, err.msg);
            return 1;
        }
        bytes += r.size;
        ck_cert_pdf_result_clear(&r);
    }
    double total = now_ms() - t0;
    printf("pdf_bench impl=libharu mode=batch certs=%d ms_per_cert=%.2f bytes_per_cert=%zu "
           "total_ms=%.1f\n",
           batch, total / batch, bytes / (size_t)batch, total);
    ck_pdf_fonts_free(set);
    return 0;
}
