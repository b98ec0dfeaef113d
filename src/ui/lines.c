/* Assembles what a keyboard or a barcode scanner types into lines ended by Enter. */
#include "ui/lines.h"

#include <string.h>

bool ck_ui_lines_add(ck_ui_lines *l, const char *utf8)
{
    size_t n = utf8 ? strlen(utf8) : 0;
    if (l->overflow)
        return false;
    if (l->len + n >= sizeof l->buf) {
        l->overflow = true;
        return false;
    }
    memcpy(l->buf + l->len, utf8, n);
    l->len += n;
    l->buf[l->len] = '\0';
    return true;
}

void ck_ui_lines_backspace(ck_ui_lines *l)
{
    if (l->overflow || l->len == 0)
        return;
    /* Step back over UTF-8 continuation bytes to the start of the last character. */
    do {
        l->len--;
    } while (l->len > 0 && ((unsigned char)l->buf[l->len] & 0xC0) == 0x80);
    l->buf[l->len] = '\0';
}

bool ck_ui_lines_enter(ck_ui_lines *l, char *out, size_t cap)
{
    bool ok = !l->overflow && l->len > 0 && l->len < cap;
    if (cap > 0) {
        if (ok)
            memcpy(out, l->buf, l->len + 1);
        else
            out[0] = '\0';
    }
    ck_ui_lines_clear(l);
    return ok;
}

void ck_ui_lines_clear(ck_ui_lines *l)
{
    l->len = 0;
    l->buf[0] = '\0';
    l->overflow = false;
}
