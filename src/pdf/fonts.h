/* The PDF fonts: the faces of classkiosk's fonts/ folder, parsed once and shared by every PDF
 * a process makes (HarfBuzz). Each document embeds only a subset of each face, cut to the
 * characters it draws.
 *
 * A font set belongs to whoever opened it (the app context opens one on first use) and is
 * passed to each document; it is never changed after it is opened. Two sets can be open at
 * the same time.
 */
#ifndef CK_PDF_FONTS_H
#define CK_PDF_FONTS_H

#include <stddef.h>

#include "common/err.h"

typedef struct ck_pdf_fonts ck_pdf_fonts;

/* Open the certificate faces in fonts_dir (NotoSerif-Regular, NotoSerif-Italic,
 * NotoSans-Regular, NotoSans-Bold .ttf). A missing or broken file is named in the error.
 * Behind them every role falls back to the system's TrueType faces for Chinese, Japanese and
 * Korean that fontconfig finds (Debian's fonts-droid-fallback), when there are any. */
ck_rc ck_pdf_fonts_open(ck_pdf_fonts **out, const char *fonts_dir, ck_err *err);

/* The fallback faces of the set, in the order they are tried: up to max files and face
 * indexes (valid while the set is open); returns how many there are. The kiosk draws with the
 * same faces. */
size_t ck_pdf_fonts_fallbacks(const ck_pdf_fonts *fonts, const char **paths, int *indexes,
                              size_t max);

/* Free a font set. NULL is a no-op. */
void ck_pdf_fonts_free(ck_pdf_fonts *fonts);

/* Check that one piece of text (a name, before it is stored) is valid UTF-8, not empty, and
 * that every face of the set can draw it. field ("The holder name") names it in the message. */
ck_rc ck_pdf_fonts_check_text(const ck_pdf_fonts *fonts, const char *field, const char *text,
                              ck_err *err);

#endif
