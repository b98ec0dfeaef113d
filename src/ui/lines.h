/* Assembles what a keyboard or a barcode scanner types into lines ended by Enter. */
#ifndef CK_UI_LINES_H
#define CK_UI_LINES_H

#include <stdbool.h>
#include <stddef.h>

/* A certificate's QR text is prefix + two digits per token character: about 1 to 3 KB. */
#define CK_UI_LINE_MAX 8192

/* The line being typed. Zero-initialise it. */
typedef struct ck_ui_lines {
    char buf[CK_UI_LINE_MAX];
    size_t len;
    bool overflow; /* more was typed than fits: the line is dropped at Enter */
} ck_ui_lines;

/* Add typed UTF-8 text. Returns false when the line is too long (it is then dropped). */
bool ck_ui_lines_add(ck_ui_lines *l, const char *utf8);
/* Remove the last character typed. */
void ck_ui_lines_backspace(ck_ui_lines *l);
/* Enter: copy the finished line into out (cap bytes, NUL-terminated) and start a new one.
 * Returns false, and out is "", when there is no line to deliver (empty, or too long). */
bool ck_ui_lines_enter(ck_ui_lines *l, char *out, size_t cap);
/* Forget what was typed. */
void ck_ui_lines_clear(ck_ui_lines *l);

#endif
