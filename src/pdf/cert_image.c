/* The optional logo and signature: PNG files decoded with cairo into plain RGB and alpha.
 *
 * libharu 2.3.0 decodes PNGs itself, but a damaged file makes libpng abort the whole process
 * (its error handler returns instead of jumping), so the kiosk would die on a bad logo. cairo
 * reads any PNG safely; the page then gets raw 8-bit samples. */
#include "pdf/pdf_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo.h>

/* Larger images are refused: 4000 px covers a 60 mm logo at 1600 dpi. */
#define MAX_SIDE 4000

static const unsigned char PNG_MAGIC[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

void ck_pdf_image_clear(ck_pdf_image *img)
{
    if (!img)
        return;
    free(img->rgb);
    free(img->alpha);
    memset(img, 0, sizeof *img);
}

/* Split cairo's premultiplied native-endian ARGB words into RGB and, if any pixel is not
 * opaque, an alpha plane. */
static ck_rc unpack(ck_pdf_image *out, cairo_surface_t *s, ck_err *err)
{
    int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
    int stride = cairo_image_surface_get_stride(s);
    bool has_alpha = cairo_image_surface_get_format(s) == CAIRO_FORMAT_ARGB32;
    const unsigned char *data = cairo_image_surface_get_data(s);
    size_t px = (size_t)w * (size_t)h;

    out->rgb = malloc(px * 3);
    out->alpha = has_alpha ? malloc(px) : NULL;
    if (!out->rgb || (has_alpha && !out->alpha))
        return ck_err_set(err, CK_ENOMEM, "Out of memory for a %d × %d image.", w, h);
    bool translucent = false;
    for (int y = 0; y < h; y++) {
        const uint32_t *row = (const uint32_t *)(const void *)(data + (size_t)y * (size_t)stride);
        for (int x = 0; x < w; x++) {
            uint32_t v = row[x];
            unsigned a = has_alpha ? v >> 24 : 255;
            unsigned c[3] = {(v >> 16) & 0xFF, (v >> 8) & 0xFF, v & 0xFF};
            size_t i = (size_t)y * (size_t)w + (size_t)x;
            for (int k = 0; k < 3; k++)
                out->rgb[3 * i + (size_t)k] =
                    (unsigned char)(a == 0     ? 255
                                    : a == 255 ? c[k]
                                               : (c[k] * 255 + a / 2) / a);
            if (has_alpha)
                out->alpha[i] = (unsigned char)a;
            translucent = translucent || a != 255;
        }
    }
    if (!translucent) {
        free(out->alpha);
        out->alpha = NULL;
    }
    out->w = w;
    out->h = h;
    return CK_OK;
}

ck_rc ck_pdf_image_load(ck_pdf_image *out, const char *path, const char *what, ck_err *err)
{
    unsigned char head[8];
    cairo_surface_t *s = NULL;
    ck_rc rc = CK_OK;

    memset(out, 0, sizeof *out);
    if (!path || !*path)
        return CK_OK;
    FILE *f = fopen(path, "rb");
    if (!f)
        return ck_err_set(err, CK_EINVAL,
                          "The %s image %s cannot be read (%s); fix the path or leave the %s "
                          "out.",
                          what, path, CK_MSG_ERRNO(errno), what);
    size_t got = fread(head, 1, sizeof head, f);
    fclose(f);
    if (got != sizeof head || memcmp(head, PNG_MAGIC, sizeof head) != 0)
        return ck_err_set(err, CK_EINVAL, "The %s image %s is not a PNG file; save it as PNG.",
                          what, path);
    s = cairo_image_surface_create_from_png(path);
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
        rc = ck_err_set(err, CK_EINVAL,
                        "The %s image %s is damaged (%s); save it again as PNG, or leave the %s "
                        "out.",
                        what, path, cairo_status_to_string(cairo_surface_status(s)), what);
        goto cleanup;
    }
    int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
    if (w < 1 || h < 1 || w > MAX_SIDE || h > MAX_SIDE) {
        rc = ck_err_set(err, CK_EINVAL,
                        "The %s image %s is %d × %d pixels; scale it to at most %d pixels a "
                        "side.",
                        what, path, w, h, MAX_SIDE);
        goto cleanup;
    }
    cairo_format_t format = cairo_image_surface_get_format(s);
    if (format != CAIRO_FORMAT_ARGB32 && format != CAIRO_FORMAT_RGB24) {
        /* Newer cairo keeps 16-bit PNGs in float formats: draw them into 8-bit ARGB. */
        cairo_surface_t *argb = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, w, h);
        cairo_t *cr = cairo_create(argb);
        cairo_set_source_surface(cr, s, 0, 0);
        cairo_set_operator(cr, CAIRO_OPERATOR_SOURCE);
        cairo_paint(cr);
        cairo_destroy(cr);
        cairo_surface_destroy(s);
        s = argb;
        if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
            rc = ck_err_set(err, CK_ENOMEM, "Out of memory for the %s image %s.", what, path);
            goto cleanup;
        }
    }
    cairo_surface_flush(s);
    rc = unpack(out, s, err);
cleanup:
    cairo_surface_destroy(s);
    if (rc != CK_OK)
        ck_pdf_image_clear(out);
    return rc;
}
