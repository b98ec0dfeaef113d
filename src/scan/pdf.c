/* PDF files into pixels for the QR decoder: the first pages rendered with poppler. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>
#include <poppler.h>

#include "scan/internal.h"

#define CAIRO_MAX_SIDE 32767

/* Poppler reports every oddity of a damaged file through GLib logging; the error returned
 * says what matters, so these stay off the terminal for the duration of a scan. */
static void quiet_log(const gchar *domain, GLogLevelFlags level, const gchar *message,
                      gpointer data)
{
    (void)domain, (void)level, (void)message, (void)data;
}

/* Is the "%%EOF" marker in the last 1024 bytes, where PDF readers look for it? */
static bool has_eof_marker(const unsigned char *data, size_t len)
{
    for (size_t i = len > 1024 ? len - 1024 : 0; i + 5 <= len; i++)
        if (memcmp(data + i, "%%EOF", 5) == 0)
            return true;
    return false;
}

/* Pixels per point to render a w x h point page at dpi: less if the page is huge. */
static double page_scale(double w_pt, double h_pt, double dpi)
{
    double scale = dpi / 72.0;
    double px = w_pt * scale * h_pt * scale;
    if (px > (double)CK_SCAN_MAX_PIXELS)
        scale *= sqrt((double)CK_SCAN_MAX_PIXELS / px);
    double side = (w_pt > h_pt ? w_pt : h_pt) * scale;
    if (side > CAIRO_MAX_SIDE)
        scale *= CAIRO_MAX_SIDE / side;
    return scale;
}

/* Render one page at dpi on white and look for QR codes; *done holds the scale it was last
 * rendered at, so a huge page already at the pixel limit is not drawn again the same. */
static ck_rc scan_page(ck_scan_job *job, PopplerPage *page, int number, double dpi, double *done,
                       ck_err *err)
{
    ck_rc rc = CK_OK;
    double w_pt = 0, h_pt = 0;
    poppler_page_get_size(page, &w_pt, &h_pt);
    if (!(w_pt >= 1 && h_pt >= 1 && w_pt < 1e7 && h_pt < 1e7)) {
        ck_msg_set(&job->hint, "(page %d has no usable size)", number);
        return CK_OK;
    }
    double scale = page_scale(w_pt, h_pt, dpi);
    if (scale <= *done * 1.01)
        return CK_OK;
    *done = scale;
    int w = (int)ceil(w_pt * scale), h = (int)ceil(h_pt * scale);
    if (w < 1)
        w = 1;
    if (h < 1)
        h = 1;

    cairo_surface_t *surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
    cairo_t *cr = cairo_create(surface);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_scale(cr, scale, scale);
    poppler_page_render(page, cr);
    cairo_status_t st = cairo_status(cr);
    cairo_destroy(cr);
    if (st == CAIRO_STATUS_SUCCESS)
        st = cairo_surface_status(surface);
    if (st == CAIRO_STATUS_NO_MEMORY)
        rc = ck_err_set(err, CK_ENOMEM, "%s: out of memory rendering page %d at %dx%d pixels",
                        job->name, number, w, h);
    else if (st != CAIRO_STATUS_SUCCESS)
        rc = ck_err_set(err, CK_EINVAL, "%s: page %d cannot be drawn (%s): save the PDF again",
                        job->name, number, cairo_status_to_string(st));
    else
        rc = ck_scan_job_surface(job, surface, number, err);
    cairo_surface_destroy(surface);
    return rc;
}

ck_rc ck_scan_pdf(ck_scan_job *job, const unsigned char *data, size_t len, ck_err *err)
{
    ck_rc rc = CK_OK;
    GError *gerr = NULL;
    PopplerDocument *doc = NULL;
    GBytes *bytes = NULL;
    guint log_id =
        g_log_set_handler("Poppler", G_LOG_LEVEL_MASK | G_LOG_FLAG_FATAL, quiet_log, NULL);

    if (!has_eof_marker(data, len)) {
        rc = ck_err_set(err, CK_EINVAL,
                        "%s is a truncated PDF file (it does not end with %%%%EOF): save or copy "
                        "it again",
                        job->name);
        goto cleanup;
    }
    if (len > (size_t)G_MAXSSIZE) {
        rc = ck_err_set(err, CK_EINVAL, "%s is too large to read as a PDF", job->name);
        goto cleanup;
    }
    bytes = g_bytes_new_static(data, len);
    doc = poppler_document_new_from_bytes(bytes, NULL, &gerr);
    if (!doc) {
        if (gerr && gerr->domain == POPPLER_ERROR && gerr->code == POPPLER_ERROR_ENCRYPTED)
            rc = ck_err_set(err, CK_EINVAL,
                            "%s is protected by a password: save or print it again without one",
                            job->name);
        else
            rc = ck_err_set(
                err, CK_EINVAL, "%s is a damaged PDF file (poppler: %s): save it again", job->name,
                gerr && gerr->message ? gerr->message : CK_MSG_PHRASE(N_("it cannot be opened")));
        goto cleanup;
    }
    int pages = poppler_document_get_n_pages(doc);
    if (pages <= 0) {
        rc = ck_err_set(err, CK_EINVAL, "%s is a PDF file without pages: save it again", job->name);
        goto cleanup;
    }
    if (pages > CK_SCAN_MAX_PAGES)
        pages = CK_SCAN_MAX_PAGES;
    /* 200 dpi reads a printed certificate's QR code; 300 dpi is the retry for small ones. */
    static const double dpis[] = {200, 300};
    double done[CK_SCAN_MAX_PAGES] = {0};
    for (size_t d = 0; d < sizeof dpis / sizeof dpis[0] && job->list->count == 0; d++) {
        for (int i = 0; i < pages && rc == CK_OK; i++) {
            PopplerPage *page = poppler_document_get_page(doc, i);
            if (!page) {
                ck_msg_set(&job->hint, "(page %d cannot be read)", i + 1);
                continue;
            }
            rc = scan_page(job, page, i + 1, dpis[d], &done[i], err);
            g_object_unref(page);
        }
        if (rc != CK_OK)
            goto cleanup;
    }
    if (job->list->count == 0 && ck_msg_empty(&job->hint))
        ck_msg_setn(&job->hint, "(looked at %d page at 200 and 300 dpi)",
                    "(looked at %d pages at 200 and 300 dpi)", (unsigned long)pages, pages);
cleanup:
    if (doc)
        g_object_unref(doc);
    if (bytes)
        g_bytes_unref(bytes);
    if (gerr)
        g_error_free(gerr);
    g_log_remove_handler("Poppler", log_id);
    return rc;
}
