/* Inside scan/: what the PNG, JPEG and PDF readers share with the zbar side. Not public. */
#ifndef CK_SCAN_INTERNAL_H
#define CK_SCAN_INTERNAL_H

#include <cairo.h>
#include <stdbool.h>
#include <stddef.h>
#include <zbar.h>

#include "common/err.h"
#include "scan/scan.h"

/* One scan in progress: the file's name for messages, the zbar scanner, what was found. */
typedef struct ck_scan_job {
    const char *name;
    zbar_image_scanner_t *zbar;
    ck_scan_list *list;
    size_t cap;
    ck_msg hint; /* why nothing may have been found, for the "no QR code" message */
} ck_scan_job;

/* Add the QR codes in w x h 8-bit grey pixels (one byte each, rows without padding). */
ck_rc ck_scan_job_grey(ck_scan_job *job, unsigned char *pix, unsigned w, unsigned h, int page,
                       ck_err *err);

/* Add the QR codes in a cairo image surface; transparent parts count as white. */
ck_rc ck_scan_job_surface(ck_scan_job *job, cairo_surface_t *surface, int page, ck_err *err);

/* The readers: each adds what it finds (possibly nothing) or fails with a message naming
 * job->name. */
ck_rc ck_scan_png(ck_scan_job *job, const unsigned char *data, size_t len, ck_err *err);
ck_rc ck_scan_jpeg(ck_scan_job *job, const unsigned char *data, size_t len, ck_err *err);
ck_rc ck_scan_pdf(ck_scan_job *job, const unsigned char *data, size_t len, ck_err *err);

#endif
