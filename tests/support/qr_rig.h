/* Test files holding real QR codes: libqrencode symbols drawn as PNG, JPEG or PDF. */
#ifndef CK_QR_RIG_H
#define CK_QR_RIG_H

#include <stdbool.h>
#include <stddef.h>

/* How to draw a code. Zero fields take the defaults noted. */
typedef struct ck_qr_look {
    double module;    /* pixels (points in a PDF) per module; 0: 4 */
    double angle;     /* rotation in degrees */
    int quiet;        /* quiet zone in modules; 0: 4 */
    bool binary;      /* encode the bytes as they are (byte mode) instead of as optimised text */
    int jpeg_colors;  /* JPEG only: 1 grey, 3 colour (0), 4 CMYK */
    int jpeg_quality; /* JPEG only; 0: 90 */
    int jpeg_progressive; /* JPEG only: 0 baseline, 1 progressive (libjpeg's script), 2 grey
                             progressive in 316 scans, one coefficient and bit at a time */
    bool inverted;        /* light modules on a dark ground */
} ck_qr_look;

/* Write data as a QR code (ECC level Q) into a PNG, JPEG or one-page A4 PDF at path. The PDF
 * draws each dark module as a filled rectangle, like the certificate. NULL look: defaults. */
bool ck_qr_png(const char *path, const void *data, size_t len, const ck_qr_look *look);
bool ck_qr_jpeg(const char *path, const void *data, size_t len, const ck_qr_look *look);
bool ck_qr_pdf(const char *path, const void *data, size_t len, const ck_qr_look *look);

/* A PNG or JPEG of w x h pixels with nothing but a grey gradient. */
bool ck_qr_blank_png(const char *path, int w, int h);
bool ck_qr_blank_jpeg(const char *path, int w, int h);

/* Write len bytes to path. */
bool ck_rig_write(const char *path, const void *data, size_t len);

/* Set each PNG chunk's CRC to what its type and data say, as far as the chunk lengths make
 * sense, so that a mutated PNG is read past its checksums. */
void ck_rig_fix_png_crcs(unsigned char *png, size_t len);

#endif
