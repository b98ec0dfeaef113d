/* Test files holding real QR codes: libqrencode symbols drawn as PNG, JPEG or PDF. */
#include "qr_rig.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <math.h>
#include <qrencode.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>

/* LeakSanitizer asks for this at start-up. Fontconfig's configuration (loaded by cairo's toy
 * fonts here, and by poppler for fonts a PDF does not embed) lives until the process ends
 * by design, and is not ours to free. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
    return "leak:libfontconfig.so\n";
}

static ck_qr_look look_or_default(const ck_qr_look *look)
{
    ck_qr_look l = look ? *look : (ck_qr_look){0};
    if (l.module <= 0)
        l.module = 4;
    if (l.quiet <= 0)
        l.quiet = 4;
    if (l.jpeg_quality <= 0)
        l.jpeg_quality = 90;
    if (l.jpeg_colors == 0)
        l.jpeg_colors = 3;
    return l;
}

static QRcode *encode(const void *data, size_t len, bool binary)
{
    if (binary || memchr(data, 0, len))
        return QRcode_encodeData((int)len, data, 0, QR_ECLEVEL_Q);
    char *text = malloc(len + 1);
    if (!text)
        return NULL;
    memcpy(text, data, len);
    text[len] = '\0';
    /* Mode hint 8 with case sensitivity: libqrencode picks numeric runs by itself. */
    QRcode *q = QRcode_encodeString(text, 0, QR_ECLEVEL_Q, QR_MODE_8, 1);
    free(text);
    return q;
}

/* The side of the square the code and its quiet zone take, before rotation. */
static double code_side(const QRcode *q, const ck_qr_look *l)
{
    return (q->width + 2 * l->quiet) * l->module;
}

/* Draw the code centred on (cx, cy). */
static void draw_code(cairo_t *cr, const QRcode *q, const ck_qr_look *l, double cx, double cy)
{
    double side = code_side(q, l), light = l->inverted ? 0 : 1, dark = 1 - light;
    cairo_save(cr);
    cairo_translate(cr, cx, cy);
    cairo_rotate(cr, l->angle * M_PI / 180.0);
    cairo_rectangle(cr, -side / 2, -side / 2, side, side);
    cairo_set_source_rgb(cr, light, light, light);
    cairo_fill(cr);
    cairo_translate(cr, -side / 2 + l->quiet * l->module, -side / 2 + l->quiet * l->module);
    for (int y = 0; y < q->width; y++)
        for (int x = 0; x < q->width; x++)
            if (q->data[y * q->width + x] & 1)
                cairo_rectangle(cr, x * l->module, y * l->module, l->module, l->module);
    cairo_set_source_rgb(cr, dark, dark, dark);
    cairo_fill(cr);
    cairo_restore(cr);
}

/* The code on an image surface big enough for it at its angle, plus a margin. */
static cairo_surface_t *code_image(const void *data, size_t len, const ck_qr_look *l)
{
    QRcode *q = encode(data, len, l->binary);
    if (!q)
        return NULL;
    double a = l->angle * M_PI / 180.0, side = code_side(q, l);
    int px = (int)ceil(side * (fabs(cos(a)) + fabs(sin(a)))) + 24;
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, px, px);
    cairo_t *cr = cairo_create(s);
    double ground = l->inverted ? 0.1 : 1;
    cairo_set_source_rgb(cr, ground, ground, ground);
    cairo_paint(cr);
    draw_code(cr, q, l, px / 2.0, px / 2.0);
    cairo_destroy(cr);
    QRcode_free(q);
    cairo_surface_flush(s);
    return s;
}

bool ck_qr_png(const char *path, const void *data, size_t len, const ck_qr_look *look)
{
    ck_qr_look l = look_or_default(look);
    cairo_surface_t *s = code_image(data, len, &l);
    if (!s)
        return false;
    bool ok = cairo_surface_write_to_png(s, path) == CAIRO_STATUS_SUCCESS;
    cairo_surface_destroy(s);
    return ok;
}

/* Write an RGB24 surface as a JPEG in 1, 3 or 4 (Adobe-style inverted CMYK) components. */
static bool write_jpeg(const char *path, cairo_surface_t *s, int colors, int quality,
                       int progressive)
{
    /* Mode 2: DC, then each AC coefficient in five successive-approximation scans. */
    jpeg_scan_info script[1 + 63 * 5];
    int nscans = 0;
    if (progressive == 2) {
        colors = 1;
        script[nscans++] = (jpeg_scan_info){1, {0}, 0, 0, 0, 0};
        for (int k = 1; k <= 63; k++) {
            script[nscans++] = (jpeg_scan_info){1, {0}, k, k, 0, 4};
            for (int al = 3; al >= 0; al--)
                script[nscans++] = (jpeg_scan_info){1, {0}, k, k, al + 1, al};
        }
    }
    FILE *f = fopen(path, "wb");
    if (!f)
        return false;
    int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
    int stride = cairo_image_surface_get_stride(s);
    const unsigned char *px = cairo_image_surface_get_data(s);
    struct jpeg_compress_struct c;
    struct jpeg_error_mgr jerr;
    c.err = jpeg_std_error(&jerr);
    jpeg_create_compress(&c);
    jpeg_stdio_dest(&c, f);
    c.image_width = (JDIMENSION)w;
    c.image_height = (JDIMENSION)h;
    c.input_components = colors;
    c.in_color_space = colors == 1 ? JCS_GRAYSCALE : colors == 4 ? JCS_CMYK : JCS_RGB;
    jpeg_set_defaults(&c);
    jpeg_set_quality(&c, quality, TRUE);
    if (progressive == 1)
        jpeg_simple_progression(&c);
    if (progressive == 2) {
        c.scan_info = script;
        c.num_scans = nscans;
    }
    jpeg_start_compress(&c, TRUE);
    JSAMPLE *row = malloc((size_t)w * 4);
    while (c.next_scanline < c.image_height) {
        const uint32_t *src =
            (const uint32_t *)(const void *)(px + (size_t)c.next_scanline * stride);
        for (int x = 0; x < w; x++) {
            unsigned r = (src[x] >> 16) & 255, g = (src[x] >> 8) & 255, b = src[x] & 255;
            if (colors == 1) {
                row[x] = (JSAMPLE)((r + g + b) / 3);
            } else if (colors == 3) {
                row[3 * x] = (JSAMPLE)r, row[3 * x + 1] = (JSAMPLE)g, row[3 * x + 2] = (JSAMPLE)b;
            } else {
                /* Inverted CMYK as Photoshop writes it: no colour ink, K from the grey. */
                row[4 * x] = row[4 * x + 1] = row[4 * x + 2] = 255;
                row[4 * x + 3] = (JSAMPLE)((r + g + b) / 3);
            }
        }
        JSAMPROW rows[1] = {row};
        jpeg_write_scanlines(&c, rows, 1);
    }
    jpeg_finish_compress(&c);
    jpeg_destroy_compress(&c);
    free(row);
    return fclose(f) == 0;
}

bool ck_qr_jpeg(const char *path, const void *data, size_t len, const ck_qr_look *look)
{
    ck_qr_look l = look_or_default(look);
    cairo_surface_t *s = code_image(data, len, &l);
    if (!s)
        return false;
    bool ok = write_jpeg(path, s, l.jpeg_colors, l.jpeg_quality, l.jpeg_progressive);
    cairo_surface_destroy(s);
    return ok;
}

bool ck_qr_pdf(const char *path, const void *data, size_t len, const ck_qr_look *look)
{
    ck_qr_look l = look_or_default(look);
    QRcode *q = encode(data, len, l.binary);
    if (!q)
        return false;
    const double w = 595.28, h = 841.89; /* A4 in points */
    cairo_surface_t *s = cairo_pdf_surface_create(path, w, h);
    cairo_t *cr = cairo_create(s);
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
    cairo_set_font_size(cr, 24);
    cairo_move_to(cr, 72, 120);
    cairo_show_text(cr, "Certificate of attendance (test)");
    draw_code(cr, q, &l, w / 2, h * 0.6);
    cairo_show_page(cr);
    cairo_status_t st = cairo_status(cr);
    cairo_destroy(cr);
    cairo_surface_finish(s);
    if (st == CAIRO_STATUS_SUCCESS)
        st = cairo_surface_status(s);
    cairo_surface_destroy(s);
    QRcode_free(q);
    return st == CAIRO_STATUS_SUCCESS;
}

static cairo_surface_t *blank(int w, int h)
{
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
    cairo_t *cr = cairo_create(s);
    cairo_pattern_t *g = cairo_pattern_create_linear(0, 0, w, h);
    cairo_pattern_add_color_stop_rgb(g, 0, 1, 1, 1);
    cairo_pattern_add_color_stop_rgb(g, 1, 0.3, 0.3, 0.3);
    cairo_set_source(cr, g);
    cairo_paint(cr);
    cairo_pattern_destroy(g);
    cairo_destroy(cr);
    cairo_surface_flush(s);
    return s;
}

bool ck_qr_blank_png(const char *path, int w, int h)
{
    cairo_surface_t *s = blank(w, h);
    bool ok = cairo_surface_write_to_png(s, path) == CAIRO_STATUS_SUCCESS;
    cairo_surface_destroy(s);
    return ok;
}

bool ck_qr_blank_jpeg(const char *path, int w, int h)
{
    cairo_surface_t *s = blank(w, h);
    bool ok = write_jpeg(path, s, 3, 90, 0);
    cairo_surface_destroy(s);
    return ok;
}

bool ck_rig_write(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return false;
    bool ok = fwrite(data, 1, len, f) == len;
    return fclose(f) == 0 && ok;
}

static uint32_t crc32_of(const unsigned char *p, size_t n)
{
    uint32_t c = 0xffffffffu;
    for (size_t i = 0; i < n; i++) {
        c ^= p[i];
        for (int k = 0; k < 8; k++)
            c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1)));
    }
    return c ^ 0xffffffffu;
}

void ck_rig_fix_png_crcs(unsigned char *p, size_t n)
{
    size_t off = 8;
    while (off + 12 <= n) {
        uint32_t len = (uint32_t)p[off] << 24 | (uint32_t)p[off + 1] << 16 |
                       (uint32_t)p[off + 2] << 8 | p[off + 3];
        if (len > n - off - 12)
            break;
        uint32_t c = crc32_of(p + off + 4, len + 4);
        unsigned char *q = p + off + 8 + len;
        q[0] = (unsigned char)(c >> 24), q[1] = (unsigned char)(c >> 16);
        q[2] = (unsigned char)(c >> 8), q[3] = (unsigned char)c;
        off += 12 + len;
    }
}
