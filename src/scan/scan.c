/* Reading QR codes from files: reading the file, telling its type, handing pixels to zbar. */
#include "scan/scan.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/file.h"
#include "common/mem.h"
#include "scan/internal.h"

const char *ck_scan_kind_name(ck_scan_kind kind)
{
    switch (kind) {
    case CK_SCAN_PNG: return "PNG";
    case CK_SCAN_JPEG: return "JPEG";
    case CK_SCAN_PDF: return "PDF";
    }
    return "unknown";
}

void ck_scan_list_free(ck_scan_list *list)
{
    if (!list)
        return;
    for (size_t i = 0; i < list->count; i++)
        free(list->codes[i].data);
    free(list->codes);
    free(list);
}

/* Append one code's bytes to the job's list. */
static ck_rc job_add(ck_scan_job *job, const char *data, size_t len, int page, ck_err *err)
{
    ck_scan_list *list = job->list;
    if (!ck_array_reserve(&list->codes, &job->cap, list->count + 1, sizeof *list->codes))
        return ck_err_set(err, CK_ENOMEM, "%s: out of memory while keeping a QR code", job->name);
    char *copy = malloc(len + 1);
    if (!copy)
        return ck_err_set(err, CK_ENOMEM, "%s: out of memory while keeping a QR code", job->name);
    memcpy(copy, data, len);
    copy[len] = '\0';
    list->codes[list->count++] = (ck_scan_code){.data = copy, .len = len, .page = page};
    return CK_OK;
}

ck_rc ck_scan_job_grey(ck_scan_job *job, unsigned char *pix, unsigned w, unsigned h, int page,
                       ck_err *err)
{
    ck_rc rc = CK_OK;
    zbar_image_t *img = zbar_image_create();
    if (!img)
        return ck_err_set(err, CK_ENOMEM, "%s: out of memory while looking for QR codes",
                          job->name);
    zbar_image_set_format(img, zbar_fourcc('Y', '8', '0', '0'));
    zbar_image_set_size(img, w, h);
    /* zbar only reads the pixels; NULL cleanup means it never frees them. */
    zbar_image_set_data(img, pix, (unsigned long)w * h, NULL);
    if (zbar_scan_image(job->zbar, img) < 0) {
        rc = ck_err_set(err, CK_EINTERNAL, "%s: the QR decoder (zbar) failed on a %ux%u image",
                        job->name, w, h);
        goto cleanup;
    }
    for (const zbar_symbol_t *sym = zbar_image_first_symbol(img); sym;
         sym = zbar_symbol_next(sym)) {
        if (zbar_symbol_get_type(sym) != ZBAR_QRCODE)
            continue;
        rc = job_add(job, zbar_symbol_get_data(sym), zbar_symbol_get_data_length(sym), page, err);
        if (rc != CK_OK)
            goto cleanup;
    }
cleanup:
    zbar_image_destroy(img);
    return rc;
}

/* Grey level of one pixel over white, from cairo's premultiplied 0xAARRGGBB. */
static unsigned char grey_of(uint32_t p, bool has_alpha)
{
    unsigned a = has_alpha ? p >> 24 : 255;
    unsigned r = (p >> 16) & 0xff, g = (p >> 8) & 0xff, b = p & 0xff;
    /* Premultiplied over white: c + (255 - a); Rec. 601 weights. */
    unsigned y = (77 * (r + 255 - a) + 150 * (g + 255 - a) + 29 * (b + 255 - a)) >> 8;
    return (unsigned char)(y > 255 ? 255 : y);
}

ck_rc ck_scan_job_surface(ck_scan_job *job, cairo_surface_t *surface, int page, ck_err *err)
{
    ck_rc rc = CK_OK;
    cairo_surface_t *flat = NULL;
    unsigned char *grey = NULL;
    int w = cairo_image_surface_get_width(surface);
    int h = cairo_image_surface_get_height(surface);
    cairo_format_t fmt = cairo_image_surface_get_format(surface);

    if (w <= 0 || h <= 0)
        return ck_err_set(err, CK_EINVAL, "%s: the picture has no pixels", job->name);
    if (fmt != CAIRO_FORMAT_ARGB32 && fmt != CAIRO_FORMAT_RGB24) {
        /* Any other pixel format: let cairo paint it over white first. */
        flat = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
        cairo_t *cr = cairo_create(flat);
        cairo_set_source_rgb(cr, 1, 1, 1);
        cairo_paint(cr);
        cairo_set_source_surface(cr, surface, 0, 0);
        cairo_paint(cr);
        cairo_status_t st = cairo_status(cr);
        cairo_destroy(cr);
        if (st != CAIRO_STATUS_SUCCESS) {
            rc = ck_err_set(err, CK_ENOMEM, "%s: cannot convert a %dx%d picture (%s)", job->name, w,
                            h, cairo_status_to_string(st));
            goto cleanup;
        }
        surface = flat;
        fmt = CAIRO_FORMAT_RGB24;
    }
    cairo_surface_flush(surface);
    const unsigned char *src = cairo_image_surface_get_data(surface);
    int stride = cairo_image_surface_get_stride(surface);
    grey = malloc((size_t)w * (size_t)h);
    if (!src || !grey) {
        rc = ck_err_set(err, CK_ENOMEM, "%s: out of memory for a %dx%d picture", job->name, w, h);
        goto cleanup;
    }
    for (int y = 0; y < h; y++) {
        const uint32_t *row = (const uint32_t *)(const void *)(src + (size_t)y * (size_t)stride);
        unsigned char *dst = grey + (size_t)y * (size_t)w;
        for (int x = 0; x < w; x++)
            dst[x] = grey_of(row[x], fmt == CAIRO_FORMAT_ARGB32);
    }
    rc = ck_scan_job_grey(job, grey, (unsigned)w, (unsigned)h, page, err);
cleanup:
    free(grey);
    if (flat)
        cairo_surface_destroy(flat);
    return rc;
}

/* The error for a file over CK_SCAN_MAX_BYTES. */
static ck_rc too_big(const char *name, uintmax_t bytes, ck_err *err)
{
    return ck_err_set(err, CK_EINVAL,
                      "%s is %ju bytes, more than the %zu MB allowed: save a smaller image or PDF",
                      name, bytes, CK_SCAN_MAX_BYTES / (1024 * 1024));
}

/* Does data start with the bytes of prefix? */
static bool starts(const unsigned char *data, size_t len, const char *prefix, size_t n)
{
    return len >= n && memcmp(data, prefix, n) == 0;
}

/* The PDF header may follow up to 1024 bytes of junk, as readers tolerate. */
static bool is_pdf(const unsigned char *data, size_t len)
{
    size_t lim = len < 1024 ? len : 1024;
    for (size_t i = 0; i + 5 <= lim; i++)
        if (memcmp(data + i, "%PDF-", 5) == 0)
            return true;
    return false;
}

/* Say what a file of an unsupported type seems to be, or how it begins. */
static ck_rc not_supported(const char *name, const unsigned char *data, size_t len, ck_err *err)
{
    const char *what = NULL;
    if (starts(data, len, "GIF87a", 6) || starts(data, len, "GIF89a", 6))
        what = N_("a GIF image");
    else if (starts(data, len, "II*\0", 4) || starts(data, len, "MM\0*", 4))
        what = N_("a TIFF image");
    else if (len >= 12 && starts(data, len, "RIFF", 4) && memcmp(data + 8, "WEBP", 4) == 0)
        what = N_("a WebP image");
    else if (len >= 12 && memcmp(data + 4, "ftyp", 4) == 0)
        what = N_("a HEIC/AVIF image or a video");
    else if (starts(data, len, "BM", 2) && len >= 26)
        what = N_("a BMP image");
    if (what)
        return ck_err_set(err, CK_EINVAL,
                          "%s is %s, which cannot be scanned: save or scan the certificate as "
                          "PNG, JPEG or PDF",
                          name, CK_MSG_PHRASE(what));

    char head[40] = "";
    size_t n = len < 8 ? len : 8, off = 0;
    bool text = true;
    for (size_t i = 0; i < n; i++)
        if (data[i] < 0x20 || data[i] > 0x7e || data[i] == '"' || data[i] == '\\')
            text = false;
    for (size_t i = 0; i < n; i++) {
        if (text)
            head[off++] = (char)data[i];
        else
            off += (size_t)snprintf(head + off, sizeof head - off, "%s%02x", i ? " " : "", data[i]);
    }
    head[off] = '\0';
    if (text)
        return ck_err_set(err, CK_EINVAL,
                          "%s is not a PNG, JPEG or PDF file (it begins with \"%s\"): save or "
                          "scan the certificate as PNG, JPEG or PDF",
                          name, head);
    return ck_err_set(err, CK_EINVAL,
                      "%s is not a PNG, JPEG or PDF file (it begins with bytes %s): save or scan "
                      "the certificate as PNG, JPEG or PDF",
                      name, head);
}

ck_rc ck_scan_bytes(ck_scan_list **out, const void *data, size_t len, const char *name, ck_err *err)
{
    ck_rc rc = CK_OK;
    const unsigned char *bytes = data;
    ck_scan_job job = {.name = name && *name ? name : "the data"};

    if (!out)
        return ck_err_set(err, CK_EINVAL, "ck_scan_bytes: out must not be NULL");
    *out = NULL;
    if (!data && len)
        return ck_err_set(err, CK_EINVAL, "%s: no bytes were given", job.name);
    if (len == 0)
        return ck_err_set(err, CK_EINVAL, "%s is empty: scan or save the certificate again",
                          job.name);
    if (len > CK_SCAN_MAX_BYTES)
        return too_big(job.name, len, err);

    ck_scan_kind kind;
    if (starts(bytes, len, "\x89PNG\r\n\x1a\n", 8))
        kind = CK_SCAN_PNG;
    else if (starts(bytes, len, "\xff\xd8\xff", 3))
        kind = CK_SCAN_JPEG;
    else if (is_pdf(bytes, len))
        kind = CK_SCAN_PDF;
    else
        return not_supported(job.name, bytes, len, err);

    job.list = calloc(1, sizeof *job.list);
    job.zbar = zbar_image_scanner_create();
    if (!job.list || !job.zbar) {
        rc = ck_err_set(err, CK_ENOMEM, "%s: out of memory before scanning", job.name);
        goto cleanup;
    }
    job.list->kind = kind;
    /* QR codes only, and their bytes as they are: no guessing of a text encoding. */
    zbar_image_scanner_set_config(job.zbar, 0, ZBAR_CFG_ENABLE, 0);
    zbar_image_scanner_set_config(job.zbar, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1);
    zbar_image_scanner_set_config(job.zbar, ZBAR_QRCODE, ZBAR_CFG_BINARY, 1);
    /* Light codes on a dark ground are tried too when nothing else is found. */
    zbar_image_scanner_set_config(job.zbar, 0, ZBAR_CFG_TEST_INVERTED, 1);

    switch (kind) {
    case CK_SCAN_PNG: rc = ck_scan_png(&job, bytes, len, err); break;
    case CK_SCAN_JPEG: rc = ck_scan_jpeg(&job, bytes, len, err); break;
    case CK_SCAN_PDF: rc = ck_scan_pdf(&job, bytes, len, err); break;
    }
    if (rc != CK_OK)
        goto cleanup;
    if (job.list->count == 0) {
        rc = ck_err_set(err, CK_ENOTFOUND, "%s: no QR code found in this %s", job.name,
                        ck_scan_kind_name(kind));
        if (err && !ck_msg_empty(&job.hint)) {
            ck_msg_add_text(&err->m, " ");
            ck_msg_append(&err->m, &job.hint);
        }
        if (kind == CK_SCAN_PDF)
            ck_err_append(err, ": check that it is the certificate (the code must be on one of "
                               "its first pages)");
        else
            ck_err_append(err, ": scan or photograph it again, flat, well lit, with the whole "
                               "code in view");
        goto cleanup;
    }
    *out = job.list;
    job.list = NULL;
cleanup:
    if (job.zbar)
        zbar_image_scanner_destroy(job.zbar);
    ck_scan_list_free(job.list);
    return rc;
}

ck_rc ck_scan_file(ck_scan_list **out, const char *path, ck_err *err)
{
    char *data = NULL;
    size_t len = 0;
    if (!out)
        return ck_err_set(err, CK_EINVAL, "ck_scan_file: out must not be NULL");
    *out = NULL;
    if (!path || !*path)
        return ck_err_set(err, CK_EINVAL, "no file was named: give the path of an image or PDF");
    ck_rc rc = ck_file_read(&data, &len, path, CK_SCAN_MAX_BYTES, "file", err);
    if (rc == CK_OK)
        rc = ck_scan_bytes(out, data, len, path, err);
    free(data);
    return rc;
}
