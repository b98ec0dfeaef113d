/* PNG (through cairo) and JPEG (through libjpeg) files into pixels for the QR decoder. */
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jerror.h>
#include <jpeglib.h>

#include "scan/internal.h"

/* Cairo surfaces are limited to this many pixels a side. */
#define CAIRO_MAX_SIDE 32767
/* Encoders write about 10 scans in a progressive JPEG; hundreds only burn time, since each
 * one passes over the whole image. */
#define JPEG_MAX_SCANS 256

/* A size check done before any pixel memory is asked for. */
static ck_rc check_size(const ck_scan_job *job, const char *kind, unsigned long w, unsigned long h,
                        unsigned long max_side, ck_err *err)
{
    if (w == 0 || h == 0)
        return ck_err_set(err, CK_EINVAL,
                          "%s is a damaged %s file (it says it is %lux%lu pixels): save it again",
                          job->name, kind, w, h);
    if (w > max_side || h > max_side)
        return ck_err_set(err, CK_EINVAL,
                          "%s is %lux%lu pixels, more than the %lu allowed on a side: scan it at "
                          "a lower resolution (200 to 300 dpi is plenty)",
                          job->name, w, h, max_side);
    if ((uint64_t)w * h > CK_SCAN_MAX_PIXELS)
        return ck_err_set(err, CK_EINVAL,
                          "%s is %lux%lu pixels, more than the %zu million allowed: scan it at a "
                          "lower resolution (200 to 300 dpi is plenty)",
                          job->name, w, h, CK_SCAN_MAX_PIXELS / 1000000);
    return CK_OK;
}

/* Where cairo's PNG reader takes its bytes from. */
typedef struct png_source {
    const unsigned char *data;
    size_t len, off;
} png_source;

static cairo_status_t png_read(void *closure, unsigned char *buf, unsigned int n)
{
    png_source *src = closure;
    if (src->len - src->off < n)
        return CAIRO_STATUS_READ_ERROR;
    memcpy(buf, src->data + src->off, n);
    src->off += n;
    return CAIRO_STATUS_SUCCESS;
}

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

ck_rc ck_scan_png(ck_scan_job *job, const unsigned char *data, size_t len, ck_err *err)
{
    /* The signature (8), then the IHDR chunk: length 13, "IHDR", width, height, ... */
    if (len < 8 + 8 + 13 + 4)
        return ck_err_set(err, CK_EINVAL,
                          "%s is a truncated PNG file (only %zu bytes): save or copy it again",
                          job->name, len);
    if (be32(data + 8) != 13 || memcmp(data + 12, "IHDR", 4) != 0)
        return ck_err_set(err, CK_EINVAL,
                          "%s is a damaged PNG file (its header chunk is missing): save it again",
                          job->name);
    ck_rc rc = check_size(job, "PNG", be32(data + 16), be32(data + 20), CAIRO_MAX_SIDE, err);
    if (rc != CK_OK)
        return rc;

    png_source src = {.data = data, .len = len};
    cairo_surface_t *surface = cairo_image_surface_create_from_png_stream(png_read, &src);
    cairo_status_t st = cairo_surface_status(surface);
    switch (st) {
    case CAIRO_STATUS_SUCCESS: rc = ck_scan_job_surface(job, surface, 1, err); break;
    case CAIRO_STATUS_READ_ERROR:
        rc = ck_err_set(err, CK_EINVAL, "%s is a truncated PNG file: save or copy it again",
                        job->name);
        break;
    case CAIRO_STATUS_NO_MEMORY:
        /* cairo 1.16 reports every libpng error as no-memory; the size was checked above, so
         * a damaged file is by far the likelier cause. */
        rc = ck_err_set(err, CK_EINVAL,
                        "%s is a damaged PNG file (libpng cannot decode it): "
                        "save it again",
                        job->name);
        break;
    default:
        rc = ck_err_set(err, CK_EINVAL, "%s is a damaged PNG file (%s): save it again", job->name,
                        cairo_status_to_string(st));
        break;
    }
    cairo_surface_destroy(surface);
    return rc;
}

/* libjpeg's error manager, made to jump back instead of exiting the process. */
typedef struct jpeg_fail {
    struct jpeg_error_mgr mgr;
    jmp_buf jump;
    char msg[JMSG_LENGTH_MAX]; /* the fatal error, or the first warning */
    int warnings;
    bool truncated; /* the data ended before the image did */
    bool too_many_scans;
} jpeg_fail;

/* A JPEG decode's state, kept out of the function that calls setjmp so that no local
 * variable of it changes between setjmp and longjmp. */
typedef struct jpeg_work {
    struct jpeg_decompress_struct cinfo;
    struct jpeg_progress_mgr progress;
    jpeg_fail fail;
    unsigned char *grey;
    JSAMPLE *row;
    bool created;
} jpeg_work;

static void jpeg_on_error(j_common_ptr cinfo)
{
    jpeg_fail *fail = (jpeg_fail *)(void *)cinfo->err;
    cinfo->err->format_message(cinfo, fail->msg);
    longjmp(fail->jump, 1);
}

/* Warnings (corrupt data, premature end) are counted; libjpeg would print them. */
static void jpeg_on_message(j_common_ptr cinfo, int level)
{
    jpeg_fail *fail = (jpeg_fail *)(void *)cinfo->err;
    if (level >= 0)
        return; /* trace messages */
    if (cinfo->err->msg_code == JWRN_JPEG_EOF)
        fail->truncated = true;
    if (fail->warnings++ == 0)
        cinfo->err->format_message(cinfo, fail->msg);
}

static void jpeg_on_output(j_common_ptr cinfo)
{
    (void)cinfo;
}

static void jpeg_on_progress(j_common_ptr cinfo)
{
    jpeg_fail *fail = (jpeg_fail *)(void *)cinfo->err;
    j_decompress_ptr d = (j_decompress_ptr)cinfo;
    if (cinfo->is_decompressor && d->input_scan_number > JPEG_MAX_SCANS) {
        fail->too_many_scans = true;
        longjmp(fail->jump, 1);
    }
}

/* Grey level of a CMYK pixel; Adobe writes the ink values inverted. */
static JSAMPLE cmyk_grey(const JSAMPLE *p, bool inverted)
{
    unsigned c = p[0], m = p[1], y = p[2], k = p[3];
    if (!inverted)
        c = 255 - c, m = 255 - m, y = 255 - y, k = 255 - k;
    /* Now 255 means no ink: red = (255 - C) * (255 - K) / 255 with C, K as ink. */
    unsigned r = c * k / 255, g = m * k / 255, b = y * k / 255;
    return (JSAMPLE)((77 * r + 150 * g + 29 * b) >> 8);
}

/* Decode into work->grey; returns 0 or 1 after a libjpeg error (work->fail says which). */
static int jpeg_decode(jpeg_work *work, ck_scan_job *job, const unsigned char *data, size_t len,
                       ck_rc *rc, ck_err *err)
{
    struct jpeg_decompress_struct *cinfo = &work->cinfo;
    if (setjmp(work->fail.jump))
        return 1;
    jpeg_create_decompress(cinfo);
    work->created = true;
    jpeg_mem_src(cinfo, data, (unsigned long)len);
    cinfo->progress = &work->progress;
    jpeg_read_header(cinfo, TRUE);
    *rc = check_size(job, "JPEG", cinfo->image_width, cinfo->image_height, JPEG_MAX_DIMENSION, err);
    if (*rc != CK_OK)
        return 0;
    bool cmyk = cinfo->jpeg_color_space == JCS_CMYK || cinfo->jpeg_color_space == JCS_YCCK;
    cinfo->out_color_space = cmyk ? JCS_CMYK : JCS_GRAYSCALE;
    jpeg_start_decompress(cinfo);

    size_t w = cinfo->output_width, h = cinfo->output_height;
    work->grey = malloc(w * h);
    work->row = malloc(w * (size_t)cinfo->output_components);
    if (!work->grey || !work->row) {
        *rc = ck_err_set(err, CK_ENOMEM, "%s: out of memory for a %zux%zu JPEG image", job->name, w,
                         h);
        return 0;
    }
    while (cinfo->output_scanline < cinfo->output_height) {
        unsigned char *dst = work->grey + (size_t)cinfo->output_scanline * w;
        JSAMPROW rows[1] = {cmyk ? work->row : dst};
        if (jpeg_read_scanlines(cinfo, rows, 1) != 1)
            break; /* cannot happen with a memory source; do not spin if it does */
        if (cmyk)
            for (size_t x = 0; x < w; x++)
                dst[x] = cmyk_grey(work->row + 4 * x, cinfo->saw_Adobe_marker);
    }
    jpeg_finish_decompress(cinfo);
    return 0;
}

ck_rc ck_scan_jpeg(ck_scan_job *job, const unsigned char *data, size_t len, ck_err *err)
{
    ck_rc rc = CK_OK;
    jpeg_work *work = calloc(1, sizeof *work);
    if (!work)
        return ck_err_set(err, CK_ENOMEM, "%s: out of memory before reading the JPEG image",
                          job->name);
    work->cinfo.err = jpeg_std_error(&work->fail.mgr);
    work->fail.mgr.error_exit = jpeg_on_error;
    work->fail.mgr.emit_message = jpeg_on_message;
    work->fail.mgr.output_message = jpeg_on_output;
    work->progress.progress_monitor = jpeg_on_progress;

    if (jpeg_decode(work, job, data, len, &rc, err) != 0) {
        if (work->fail.too_many_scans)
            rc = ck_err_set(err, CK_EINVAL,
                            "%s is a damaged JPEG file (more than %d progressive scans): save it "
                            "again",
                            job->name, JPEG_MAX_SCANS);
        else
            rc =
                ck_err_set(err, CK_EINVAL, "%s is a damaged JPEG file (libjpeg: %s): save it again",
                           job->name, work->fail.msg);
        goto cleanup;
    }
    if (rc != CK_OK)
        goto cleanup;
    if (work->fail.truncated) {
        rc = ck_err_set(err, CK_EINVAL,
                        "%s is a truncated JPEG file (libjpeg: %s): save or copy "
                        "it again",
                        job->name, work->fail.msg);
        goto cleanup;
    }
    rc = ck_scan_job_grey(job, work->grey, work->cinfo.output_width, work->cinfo.output_height, 1,
                          err);
    if (rc == CK_OK && job->list->count == 0 && work->fail.warnings)
        ck_msg_set(&job->hint, "(and libjpeg says it is damaged: %s)", work->fail.msg);
cleanup:
    if (work->created)
        jpeg_destroy_decompress(&work->cinfo);
    free(work->grey);
    free(work->row);
    free(work);
    return rc;
}
