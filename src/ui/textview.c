/* A long text to read (a license): laid out once per size, scrolled, drawn a line at a time
 * from the text cache, and able to tell when the reader has reached the end. */
#include "ui/ui_impl.h"
#include "ui/widgets.h"

#include <stdlib.h>
#include <string.h>

struct ck_ui_textview_line {
    size_t start, len; /* bytes of tv->text */
    int y;             /* top, from the top of the content */
    bool heading;
};

typedef struct line_buf {
    ck_ui_textview_line *v;
    size_t n, cap;
} line_buf;

static bool push_line(line_buf *b, ck_ui_textview_line l)
{
    if (!ck_array_reserve(&b->v, &b->cap, b->n + 1, sizeof *b->v))
        return false;
    b->v[b->n++] = l;
    return true;
}

static ck_ui_text line_style(const ck_ui_textview *tv, bool heading)
{
    return (ck_ui_text){.px = tv->px, .type = CK_UI_TEXT_BODY, .bold = heading, .max_lines = 1};
}

ck_rc ck_ui_textview_layout(ck_ui *ui, ck_ui_textview *tv, ck_ui_rect r, const char *text,
                            ck_err *err)
{
    line_buf b = {0};
    char *para = NULL;
    ck_rc rc = CK_OK;
    if (!ui || !tv || !text)
        return ck_err_set(err, CK_EINVAL,
                          "ck_ui_textview_layout: pass a context, a view and "
                          "the text to show");
    if (r.w <= 0 || r.h <= 0)
        return ck_err_set(err, CK_EINVAL,
                          "the text view's place %dx%d is empty; give it a width and height", r.w,
                          r.h);
    float progress = ck_ui_textview_progress(tv);
    bool relayout = tv->lines != NULL && tv->text == text;
    int pad = ck_ui_px(ui, 36);
    int px = ck_ui_type_px(ui, CK_UI_TEXT_BODY);
    int wrap = r.w - 2 * pad - ck_ui_px(ui, 12);
    ck_ui_text body = {.px = px};
    int line_h = ck_ui_line_height(ui, &body);
    int para_gap = line_h * 6 / 10, y = pad;
    size_t len = strlen(text), p = 0;
    bool had_err = ui->draw_err[0] != '\0';
    para = malloc(len + 1);
    if (!para) {
        rc = ck_err_set(err, CK_ENOMEM, "out of memory laying out a text of %zu bytes", len);
        goto cleanup;
    }
    bool first = true;
    int pending = 0; /* space owed before the next line: a paragraph or heading break */
    for (;;) {
        const char *nl = memchr(text + p, '\n', len - p);
        size_t e = nl ? (size_t)(nl - text) : len;
        if (e == p) {
            /* A blank line ends a paragraph; a single newline only breaks the line. */
            if (!first && pending < para_gap)
                pending = para_gap;
        } else {
            bool heading = e - p > 2 && text[p] == '#' && text[p + 1] == ' ';
            size_t from = heading ? p + 2 : p;
            if (heading && !first)
                pending = para_gap * 3 / 2; /* more air above a heading */
            memcpy(para, text + from, e - from);
            para[e - from] = '\0';
            size_t n = ui_text_layout(ui, para, px, heading, wrap, 0);
            if (!had_err && ui->draw_err[0]) {
                rc = ck_err_set(err, CK_EIO, "cannot lay out the text: %s", ui->draw_err);
                goto cleanup;
            }
            y += pending;
            pending = 0;
            for (size_t i = 0; i < n; i++) {
                ck_ui_textview_line l = {from + ui->lines[i].start, ui->lines[i].len, y, heading};
                if (!push_line(&b, l)) {
                    rc = ck_err_set(err, CK_ENOMEM, "out of memory laying out a text of %zu bytes",
                                    len);
                    goto cleanup;
                }
                y += line_h;
            }
            first = false;
        }
        if (!nl)
            break;
        p = e + 1;
    }
    free(tv->lines);
    tv->lines = b.v;
    tv->nlines = b.n;
    b.v = NULL;
    tv->rect = r;
    tv->text = text;
    tv->px = px;
    tv->line_h = line_h;
    tv->pad = pad;
    tv->content_h = (float)(y + pad);
    ck_ui_scroll_resize(&tv->scroll, tv->content_h, (float)r.h, (float)line_h * 3);
    if (relayout)
        tv->scroll.offset = progress * tv->scroll.max; /* keep the reader's place */
    else
        ck_ui_scroll_to(&tv->scroll, 0);
    if (!relayout)
        tv->at_end = false;
    if (tv->scroll.max <= 0)
        tv->at_end = true;
cleanup:
    free(b.v);
    free(para);
    return rc;
}

static bool check_end(ck_ui_textview *tv)
{
    if (tv->at_end || tv->scroll.offset < tv->scroll.max - 1)
        return false;
    tv->at_end = true;
    return true;
}

bool ck_ui_textview_event(ck_ui *ui, ck_ui_textview *tv, const ck_ui_event *ev)
{
    ck_ui_scroll *s = &tv->scroll;
    if (ev->kind == CK_UI_EV_KEY) {
        float page = (float)tv->rect.h - (float)tv->line_h * 2;
        switch (ev->key) {
        case CK_UI_KEY_UP: ck_ui_scroll_to(s, s->offset - (float)tv->line_h); break;
        case CK_UI_KEY_DOWN: ck_ui_scroll_to(s, s->offset + (float)tv->line_h); break;
        case CK_UI_KEY_PAGEUP: ck_ui_scroll_to(s, s->offset - page); break;
        case CK_UI_KEY_PAGEDOWN: ck_ui_scroll_to(s, s->offset + page); break;
        case CK_UI_KEY_HOME: ck_ui_scroll_to(s, 0); break;
        case CK_UI_KEY_END: ck_ui_scroll_to(s, s->max); break;
        default: break;
        }
    } else {
        ck_ui_scroll_event(ui, s, tv->rect, ev);
    }
    return check_end(tv);
}

void ck_ui_textview_draw(ck_ui *ui, const ck_ui_textview *tv)
{
    char buf[4096];
    if (!tv->lines || tv->rect.w <= 0)
        return;
    ck_ui_rect r = tv->rect;
    float top = tv->scroll.offset, bottom = top + (float)r.h;
    /* First line that reaches into view: binary search on y. */
    size_t lo = 0, hi = tv->nlines;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if ((float)(tv->lines[mid].y + tv->line_h) <= top)
            lo = mid + 1;
        else
            hi = mid;
    }
    ck_ui_clip(ui, r);
    for (size_t i = lo; i < tv->nlines && (float)tv->lines[i].y < bottom; i++) {
        const ck_ui_textview_line *l = &tv->lines[i];
        if (l->len == 0)
            continue;
        size_t n = l->len < sizeof buf - 1 ? l->len : sizeof buf - 1;
        memcpy(buf, tv->text + l->start, n);
        buf[n] = '\0';
        ck_ui_text t = line_style(tv, l->heading);
        t.str = buf;
        int y = r.y + l->y - (int)top;
        ck_ui_draw_text(ui, (ck_ui_rect){r.x + tv->pad, y, r.w - 2 * tv->pad, tv->line_h}, &t);
    }
    ck_ui_unclip(ui);
    ck_ui_scroll_draw_bar(ui, &tv->scroll, r);
}

float ck_ui_textview_progress(const ck_ui_textview *tv)
{
    if (!tv || !tv->lines)
        return 0;
    if (tv->scroll.max <= 0)
        return 1;
    float f = tv->scroll.offset / tv->scroll.max;
    return f < 0 ? 0 : f > 1 ? 1 : f;
}

void ck_ui_textview_release(ck_ui_textview *tv)
{
    if (!tv)
        return;
    free(tv->lines);
    tv->lines = NULL;
    tv->nlines = 0;
}
