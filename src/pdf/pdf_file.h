/* Writing a PDF made in memory (a certificate, the attendance register, badges) to a file:
 * through a temporary file in the same folder renamed into place, so the path never holds half
 * a document. */
#ifndef CK_PDF_FILE_H
#define CK_PDF_FILE_H

#include <stddef.h>

#include "common/err.h"

/* Write size bytes of pdf to path; what ("certificate") names the file in messages. */
ck_rc ck_pdf_save(const unsigned char *pdf, size_t size, const char *path, const char *what,
                  ck_err *err);

#endif
