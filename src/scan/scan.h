/* Reading QR codes back from PNG, JPEG and PDF files: a certificate scanned, photographed or
 * printed to PDF goes in, the exact bytes of every QR code in it come out.
 *
 * The file type is taken from its first bytes, never from its name. PNG is read with cairo,
 * JPEG with libjpeg, PDF pages are rendered with poppler (the first CK_SCAN_MAX_PAGES, at
 * 200 dpi, again at 300 dpi if nothing was found); the QR codes are found with zbar.
 */
#ifndef CK_SCAN_SCAN_H
#define CK_SCAN_SCAN_H

#include <stddef.h>

#include "common/err.h"

/* Files larger than this are refused before they are read. */
#define CK_SCAN_MAX_BYTES ((size_t)50 * 1024 * 1024)
/* Images with more pixels than this are refused; PDF pages are rendered no larger. */
#define CK_SCAN_MAX_PIXELS ((size_t)40 * 1000 * 1000)
/* Only the first pages of a PDF are looked at. */
#define CK_SCAN_MAX_PAGES 4

/* The kinds of file that can be scanned. */
typedef enum ck_scan_kind {
    CK_SCAN_PNG = 1,
    CK_SCAN_JPEG,
    CK_SCAN_PDF,
} ck_scan_kind;

/* One QR code found. data holds exactly len bytes (a QR code in byte mode may hold any byte,
 * NUL included) followed by one extra NUL so that text can be used as a C string. */
typedef struct ck_scan_code {
    char *data;
    size_t len;
    int page; /* the PDF page it was found on, from 1; 1 for an image */
} ck_scan_code;

/* Every QR code found in one file, in the order found; count is at least 1. */
typedef struct ck_scan_list {
    ck_scan_kind kind;
    size_t count;
    ck_scan_code *codes;
} ck_scan_list;

/* Find the QR codes in the file at path. CK_ENOTFOUND when the file is missing or holds no
 * QR code, CK_EINVAL when it is not a readable PNG, JPEG or PDF (or is too large, damaged or
 * password-protected), CK_EIO when it cannot be read. */
ck_rc ck_scan_file(ck_scan_list **out, const char *path, ck_err *err);

/* Find the QR codes in a file's bytes held in memory; name is what error messages call it
 * (NULL: "the data"). The bytes are not kept after the call. */
ck_rc ck_scan_bytes(ck_scan_list **out, const void *data, size_t len, const char *name,
                    ck_err *err);

/* Free a list from ck_scan_file() or ck_scan_bytes(); NULL is a no-op. */
void ck_scan_list_free(ck_scan_list *list);

/* The name of a kind of file: "PNG", "JPEG", "PDF". */
const char *ck_scan_kind_name(ck_scan_kind kind);

#endif
