/* Reading QR codes back from PNG, JPEG and PDF files: scan/scan.h on real libqrencode output. */
#include <cairo.h>
#include <stdlib.h>
#include <string.h>

#include "ck_test.h"
#include "qr_rig.h"
#include "scan/scan.h"

/* A certificate-like payload: a scheme prefix, then ~900 digits (numeric QR mode). */
static char *cert_text(void)
{
    static const char prefix[] = "CKCERT:/";
    size_t digits = 900, n = sizeof prefix - 1;
    char *s = malloc(n + digits + 1);
    memcpy(s, prefix, n);
    unsigned x = 12345;
    for (size_t i = 0; i < digits; i++) {
        x = x * 1103515245u + 12345u;
        s[n + i] = (char)('0' + (x >> 16) % 10);
    }
    s[n + digits] = '\0';
    return s;
}

static const char url[] = "https://verify.example.org/c#5665614754";

/* Scan path; check that exactly one code with the given bytes came back. */
static void expect_one(const char *path, ck_scan_kind kind, const void *data, size_t len)
{
    ck_scan_list *list = NULL;
    ck_err err = {0};
    ck_rc rc = ck_scan_file(&list, path, &err);
    CK_CHECK_INT(rc, CK_OK);
    if (rc != CK_OK) {
        fprintf(stderr, "  %s: %s\n", path, err.msg);
        return;
    }
    CK_CHECK_INT(list->kind, kind);
    CK_CHECK_INT(list->count, 1);
    CK_CHECK_INT(list->codes[0].len, len);
    CK_CHECK(list->codes[0].len == len && memcmp(list->codes[0].data, data, len) == 0);
    CK_CHECK_INT(list->codes[0].data[len], '\0');
    CK_CHECK_INT(list->codes[0].page, 1);
    ck_scan_list_free(list);
}

static void png_url(void)
{
    const char *path = ck_test_path("url.png");
    CK_CHECK(ck_qr_png(path, url, strlen(url), NULL));
    expect_one(path, CK_SCAN_PNG, url, strlen(url));
}

static void png_cert_numeric(void)
{
    char *text = cert_text();
    const char *path = ck_test_path("cert.png");
    CK_CHECK(ck_qr_png(path, text, strlen(text), &(ck_qr_look){.module = 3}));
    expect_one(path, CK_SCAN_PNG, text, strlen(text));
    free(text);
}

static void png_binary_bytes(void)
{
    /* Byte mode holding every byte value, NUL and invalid UTF-8 included. */
    unsigned char bytes[256];
    for (int i = 0; i < 256; i++)
        bytes[i] = (unsigned char)(255 - i);
    const char *path = ck_test_path("binary.png");
    CK_CHECK(ck_qr_png(path, bytes, sizeof bytes, &(ck_qr_look){.binary = true}));
    expect_one(path, CK_SCAN_PNG, bytes, sizeof bytes);
}

static void png_rotated_scaled(void)
{
    char *text = cert_text();
    const char *path = ck_test_path("rotated.png");
    CK_CHECK(ck_qr_png(path, text, strlen(text), &(ck_qr_look){.module = 5.3, .angle = 27}));
    expect_one(path, CK_SCAN_PNG, text, strlen(text));
    path = ck_test_path("upside.png");
    CK_CHECK(ck_qr_png(path, url, strlen(url), &(ck_qr_look){.module = 2.6, .angle = 180}));
    expect_one(path, CK_SCAN_PNG, url, strlen(url));
    free(text);
}

static void png_inverted(void)
{
    const char *path = ck_test_path("inverted.png");
    CK_CHECK(ck_qr_png(path, url, strlen(url), &(ck_qr_look){.inverted = true}));
    expect_one(path, CK_SCAN_PNG, url, strlen(url));
}

static void jpeg_colour_grey_cmyk(void)
{
    char *text = cert_text();
    const char *path = ck_test_path("cert.jpg");
    CK_CHECK(ck_qr_jpeg(path, text, strlen(text), &(ck_qr_look){.module = 4}));
    expect_one(path, CK_SCAN_JPEG, text, strlen(text));
    path = ck_test_path("grey.jpg");
    CK_CHECK(ck_qr_jpeg(path, url, strlen(url), &(ck_qr_look){.jpeg_colors = 1}));
    expect_one(path, CK_SCAN_JPEG, url, strlen(url));
    path = ck_test_path("cmyk.jpg");
    CK_CHECK(ck_qr_jpeg(path, url, strlen(url), &(ck_qr_look){.jpeg_colors = 4}));
    expect_one(path, CK_SCAN_JPEG, url, strlen(url));
    path = ck_test_path("progressive.jpg");
    CK_CHECK(ck_qr_jpeg(path, text, strlen(text), &(ck_qr_look){.jpeg_progressive = 1}));
    expect_one(path, CK_SCAN_JPEG, text, strlen(text));
    path = ck_test_path("rough.jpg");
    CK_CHECK(ck_qr_jpeg(path, text, strlen(text),
                        &(ck_qr_look){.module = 4.4, .angle = -12, .jpeg_quality = 35}));
    expect_one(path, CK_SCAN_JPEG, text, strlen(text));
    free(text);
}

static void pdf_rectangles(void)
{
    char *text = cert_text();
    const char *path = ck_test_path("cert.pdf");
    /* 1.5 pt modules: about 4 pixels at 200 dpi, as a printed certificate's code. */
    CK_CHECK(ck_qr_pdf(path, text, strlen(text), &(ck_qr_look){.module = 1.5}));
    expect_one(path, CK_SCAN_PDF, text, strlen(text));
    free(text);
}

static void pdf_small_code_needs_300_dpi(void)
{
    /* 0.6 pt modules: 1.7 pixels at 200 dpi (too few), 2.5 at 300 dpi. */
    const char *path = ck_test_path("small.pdf");
    CK_CHECK(ck_qr_pdf(path, url, strlen(url), &(ck_qr_look){.module = 0.6}));
    expect_one(path, CK_SCAN_PDF, url, strlen(url));
}

static void bytes_api_and_name(void)
{
    const char *path = ck_test_path("mem.png");
    CK_CHECK(ck_qr_png(path, url, strlen(url), NULL));
    size_t len = 0;
    char *data = ck_test_read_file(path, &len);
    ck_scan_list *list = NULL;
    ck_err err = {0};
    CK_CHECK_INT(ck_scan_bytes(&list, data, len, "badge photo", &err), CK_OK);
    CK_CHECK(list && list->count == 1 && strcmp(list->codes[0].data, url) == 0);
    ck_scan_list_free(list);
    /* The type comes from the bytes, not the name. */
    const char *renamed = ck_test_path("really-a-png.pdf");
    CK_CHECK(ck_rig_write(renamed, data, len));
    expect_one(renamed, CK_SCAN_PNG, url, strlen(url));
    free(data);
    ck_scan_list_free(NULL);
    CK_CHECK_STR(ck_scan_kind_name(CK_SCAN_JPEG), "JPEG");
}

static void two_codes_in_one_image(void)
{
    /* Two codes side by side in one picture: both come back. */
    const char *a = ck_test_path("a.png");
    CK_CHECK(ck_qr_png(a, url, strlen(url), NULL));
    const char *other = "CKCERT:/0123456789";
    cairo_surface_t *one = cairo_image_surface_create_from_png(a);
    const char *b = ck_test_path("b.png");
    CK_CHECK(ck_qr_png(b, other, strlen(other), NULL));
    cairo_surface_t *two = cairo_image_surface_create_from_png(b);
    int w1 = cairo_image_surface_get_width(one), w2 = cairo_image_surface_get_width(two);
    int h = cairo_image_surface_get_height(one) > cairo_image_surface_get_height(two)
                ? cairo_image_surface_get_height(one)
                : cairo_image_surface_get_height(two);
    cairo_surface_t *both = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w1 + w2, h);
    cairo_t *cr = cairo_create(both);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_set_source_surface(cr, one, 0, 0);
    cairo_paint(cr);
    cairo_set_source_surface(cr, two, w1, 0);
    cairo_paint(cr);
    cairo_destroy(cr);
    const char *path = ck_test_path("both.png");
    CK_CHECK_INT(cairo_surface_write_to_png(both, path), CAIRO_STATUS_SUCCESS);
    cairo_surface_destroy(one);
    cairo_surface_destroy(two);
    cairo_surface_destroy(both);

    ck_scan_list *list = NULL;
    ck_err err = {0};
    CK_CHECK_INT(ck_scan_file(&list, path, &err), CK_OK);
    CK_CHECK(list && list->count == 2);
    if (list && list->count == 2) {
        bool url_first = strcmp(list->codes[0].data, url) == 0;
        CK_CHECK_STR(list->codes[url_first ? 0 : 1].data, url);
        CK_CHECK_STR(list->codes[url_first ? 1 : 0].data, other);
    }
    ck_scan_list_free(list);
}

int main(int argc, char **argv)
{
    ck_test_init(argc, argv);
    CK_RUN(png_url);
    CK_RUN(png_cert_numeric);
    CK_RUN(png_binary_bytes);
    CK_RUN(png_rotated_scaled);
    CK_RUN(png_inverted);
    CK_RUN(jpeg_colour_grey_cmyk);
    CK_RUN(pdf_rectangles);
    CK_RUN(pdf_small_code_needs_300_dpi);
    CK_RUN(bytes_api_and_name);
    CK_RUN(two_codes_in_one_image);
    return ck_test_done();
}
