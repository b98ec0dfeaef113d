/* Anti-aliased shapes drawn as triangles (SDL_RenderGeometry), layout helpers, the clock. */
#include "ui/ui_impl.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

/* Edges get a 1 px band fading to transparent, centred on the true edge: that band is
 * the anti-aliasing. */
#define FRINGE 0.5f

SDL_Color ui_sdl_color(ck_ui_color c)
{
    return (SDL_Color){c.r, c.g, c.b, c.a};
}

ck_ui_color ck_ui_rgb(uint32_t rgb, uint8_t alpha)
{
    return (ck_ui_color){(uint8_t)(rgb >> 16), (uint8_t)(rgb >> 8), (uint8_t)rgb, alpha};
}

void ui_draw_fini(ck_ui *ui)
{
    free(ui->verts);
    free(ui->idx);
    free(ui->pts);
    ui->verts = NULL;
    ui->idx = NULL;
    ui->pts = NULL;
}

static bool geo_reserve(ck_ui *ui, int nv, int ni)
{
    return ck_array_reserve(&ui->verts, &ui->verts_cap, (size_t)(ui->nverts + nv),
                            sizeof *ui->verts) &&
           ck_array_reserve(&ui->idx, &ui->idx_cap, (size_t)(ui->nidx + ni), sizeof *ui->idx);
}

static float *pts_reserve(ck_ui *ui, int npoints)
{
    if (!ck_array_reserve(&ui->pts, &ui->pts_cap, (size_t)npoints * 2, sizeof *ui->pts))
        return NULL;
    return ui->pts;
}

static int geo_vert(ck_ui *ui, float x, float y, SDL_Color c)
{
    ui->verts[ui->nverts] = (SDL_Vertex){.position = {x, y}, .color = c};
    return ui->nverts++;
}

static void geo_tri(ck_ui *ui, int a, int b, int c)
{
    ui->idx[ui->nidx++] = a;
    ui->idx[ui->nidx++] = b;
    ui->idx[ui->nidx++] = c;
}

static void geo_flush(ck_ui *ui)
{
    if (ui->nidx > 0 &&
        SDL_RenderGeometry(ui->ren, NULL, ui->verts, ui->nverts, ui->idx, ui->nidx) != 0)
        ui_draw_failed(ui, "drawing shapes failed (SDL: %s)", SDL_GetError());
    ui->nverts = ui->nidx = 0;
}

static SDL_Color with_alpha(ck_ui_color c, float k)
{
    float a = (float)c.a * (k < 0 ? 0 : k > 1 ? 1 : k);
    return (SDL_Color){c.r, c.g, c.b, (Uint8)lroundf(a)};
}

/* Points per corner: enough that a segment is about 2.5 px long. */
static int corner_segments(float radius)
{
    int n = (int)ceilf(radius * (float)M_PI / 2.0f / 2.5f);
    return n < 2 ? 2 : n > 32 ? 32 : n;
}

/* The outline of r with corners of radius `radius`, moved outward by d (inward if d < 0),
 * as n points clockwise in ui->pts. Every ring of one shape has the same point count. */
static int round_ring(ck_ui *ui, float *pts, ck_ui_rect r, float radius, float d, int segs)
{
    float x0 = (float)r.x - d, y0 = (float)r.y - d;
    float x1 = (float)(r.x + r.w) + d, y1 = (float)(r.y + r.h) + d;
    float rad = radius + d;
    float maxr = fminf(x1 - x0, y1 - y0) / 2.0f;
    if (rad > maxr)
        rad = maxr;
    if (rad < 0)
        rad = 0;
    if (x1 < x0)
        x0 = x1 = (x0 + x1) / 2;
    if (y1 < y0)
        y0 = y1 = (y0 + y1) / 2;
    const float cx[4] = {x1 - rad, x1 - rad, x0 + rad, x0 + rad};
    const float cy[4] = {y0 + rad, y1 - rad, y1 - rad, y0 + rad};
    int n = 0;
    (void)ui;
    for (int c = 0; c < 4; c++) {
        /* Corner c sweeps a quarter turn, starting at 12 o'clock for the top-right one. */
        for (int i = 0; i <= segs; i++) {
            double a = (c + (double)i / segs) * M_PI / 2.0;
            pts[2 * n] = cx[c] + rad * (float)sin(a);
            pts[2 * n + 1] = cy[c] - rad * (float)cos(a);
            n++;
        }
    }
    return n;
}

/* Triangles between two rings of n points each, colours ca (ring a) and cb (ring b). */
static void strip(ck_ui *ui, const float *a, SDL_Color ca, const float *b, SDL_Color cb, int n)
{
    int base = ui->nverts;
    for (int i = 0; i < n; i++) {
        geo_vert(ui, a[2 * i], a[2 * i + 1], ca);
        geo_vert(ui, b[2 * i], b[2 * i + 1], cb);
    }
    for (int i = 0; i < n; i++) {
        int j = (i + 1) % n;
        int ai = base + 2 * i, bi = ai + 1, aj = base + 2 * j, bj = aj + 1;
        geo_tri(ui, ai, bi, bj);
        geo_tri(ui, ai, bj, aj);
    }
}

/* A fan filling a convex ring of n points. */
static void fan(ck_ui *ui, const float *a, SDL_Color c, int n)
{
    int base = ui->nverts;
    for (int i = 0; i < n; i++)
        geo_vert(ui, a[2 * i], a[2 * i + 1], c);
    for (int i = 1; i + 1 < n; i++)
        geo_tri(ui, base, base + i, base + i + 1);
}

/* Fill a convex shape given its outline just inside and just outside the edge. */
static void fill_aa(ck_ui *ui, const float *in, const float *out, int n, ck_ui_color c)
{
    if (!geo_reserve(ui, 3 * n, 9 * n)) {
        ui_draw_failed(ui, "out of memory drawing a shape");
        return;
    }
    fan(ui, in, ui_sdl_color(c), n);
    strip(ui, in, ui_sdl_color(c), out, with_alpha(c, 0), n);
    geo_flush(ui);
}

void ck_ui_fill_rect(ck_ui *ui, ck_ui_rect r, ck_ui_color c)
{
    SDL_Rect sr = {r.x, r.y, r.w, r.h};
    if (r.w <= 0 || r.h <= 0 || c.a == 0)
        return;
    SDL_SetRenderDrawColor(ui->ren, c.r, c.g, c.b, c.a);
    SDL_RenderFillRect(ui->ren, &sr);
}

/* An opaque rounded rectangle: the straight parts as plain rectangles (fast on every renderer),
 * triangles only for the four corners and the anti-aliased rim. */
static void fill_round_opaque(ck_ui *ui, ck_ui_rect r, int rad, ck_ui_color c)
{
    int segs = corner_segments((float)rad);
    int n = 4 * (segs + 1);
    float *p = pts_reserve(ui, 2 * n);
    if (!p || !geo_reserve(ui, 3 * n + 4, 9 * n)) {
        ui_draw_failed(ui, "out of memory drawing a shape");
        return;
    }
    const SDL_Rect rects[3] = {{r.x + rad, r.y, r.w - 2 * rad, r.h},
                               {r.x, r.y + rad, rad, r.h - 2 * rad},
                               {r.x + r.w - rad, r.y + rad, rad, r.h - 2 * rad}};
    SDL_SetRenderDrawColor(ui->ren, c.r, c.g, c.b, c.a);
    SDL_RenderFillRects(ui->ren, rects, 3);
    round_ring(ui, p, r, (float)rad, -FRINGE, segs);
    round_ring(ui, p + 2 * n, r, (float)rad, FRINGE, segs);
    const float cx[4] = {(float)(r.x + r.w - rad), (float)(r.x + r.w - rad), (float)(r.x + rad),
                         (float)(r.x + rad)};
    const float cy[4] = {(float)(r.y + rad), (float)(r.y + r.h - rad), (float)(r.y + r.h - rad),
                         (float)(r.y + rad)};
    SDL_Color on = ui_sdl_color(c);
    for (int k = 0; k < 4; k++) {
        int centre = geo_vert(ui, cx[k], cy[k], on), base = ui->nverts;
        for (int i = 0; i <= segs; i++) {
            const float *q = p + 2 * (k * (segs + 1) + i);
            geo_vert(ui, q[0], q[1], on);
        }
        for (int i = 0; i < segs; i++)
            geo_tri(ui, centre, base + i, base + i + 1);
    }
    strip(ui, p, on, p + 2 * n, with_alpha(c, 0), n);
    geo_flush(ui);
}

void ck_ui_fill_round(ck_ui *ui, ck_ui_rect r, float radius, ck_ui_color c)
{
    if (r.w <= 0 || r.h <= 0 || c.a == 0)
        return;
    int whole = (int)radius;
    if (c.a == 255 && whole >= 1 && 2 * whole <= r.w && 2 * whole <= r.h) {
        fill_round_opaque(ui, r, whole, c);
        return;
    }
    int segs = corner_segments(radius);
    int n = 4 * (segs + 1);
    float *p = pts_reserve(ui, 2 * n);
    if (!p) {
        ui_draw_failed(ui, "out of memory drawing a shape");
        return;
    }
    round_ring(ui, p, r, radius, -FRINGE, segs);
    round_ring(ui, p + 2 * n, r, radius, FRINGE, segs);
    fill_aa(ui, p, p + 2 * n, n, c);
}

void ck_ui_stroke_round(ck_ui *ui, ck_ui_rect r, float radius, float width, ck_ui_color c)
{
    if (r.w <= 0 || r.h <= 0 || c.a == 0 || width <= 0)
        return;
    int segs = corner_segments(radius);
    int n = 4 * (segs + 1);
    float *p = pts_reserve(ui, 4 * n);
    /* A hairline keeps its 1 px band but gets fainter instead of thinner. */
    float k = width < 1 ? width : 1, w = width < 1 ? 1 : width;
    if (!p || !geo_reserve(ui, 6 * n, 18 * n)) {
        ui_draw_failed(ui, "out of memory drawing a shape");
        return;
    }
    float *r0 = p, *r1 = p + 2 * n, *r2 = p + 4 * n, *r3 = p + 6 * n;
    round_ring(ui, r0, r, radius, FRINGE, segs);
    round_ring(ui, r1, r, radius, -FRINGE, segs);
    round_ring(ui, r2, r, radius, -(w - FRINGE), segs);
    round_ring(ui, r3, r, radius, -(w + FRINGE), segs);
    SDL_Color on = with_alpha(c, k), off = with_alpha(c, 0);
    strip(ui, r0, off, r1, on, n);
    strip(ui, r1, on, r2, on, n);
    strip(ui, r2, on, r3, off, n);
    geo_flush(ui);
}

void ck_ui_shadow(ck_ui *ui, ck_ui_rect r, float radius, float blur, ck_ui_color c)
{
    if (r.w <= 0 || r.h <= 0 || c.a == 0 || blur <= 0)
        return;
    int segs = corner_segments(radius + blur);
    int n = 4 * (segs + 1);
    float *p = pts_reserve(ui, 3 * n);
    if (!p || !geo_reserve(ui, 4 * n, 12 * n)) {
        ui_draw_failed(ui, "out of memory drawing a shape");
        return;
    }
    float *in = p, *mid = p + 2 * n, *out = p + 4 * n;
    /* Full strength blur inside the edge, fading to nothing blur outside it, through half
     * strength at the edge: close to a blurred rounded rectangle. The middle stays empty
     * because the card drawn next covers it, and filling it would cost a card's area again. */
    round_ring(ui, in, r, radius, -blur, segs);
    round_ring(ui, mid, r, radius, 0, segs);
    round_ring(ui, out, r, radius, blur, segs);
    strip(ui, in, ui_sdl_color(c), mid, with_alpha(c, 0.45f), n);
    strip(ui, mid, with_alpha(c, 0.45f), out, with_alpha(c, 0), n);
    geo_flush(ui);
}

void ck_ui_fill_circle(ck_ui *ui, float cx, float cy, float radius, ck_ui_color c)
{
    if (radius <= 0 || c.a == 0)
        return;
    int n = (int)ceilf(2.0f * (float)M_PI * radius / 2.5f);
    n = n < 12 ? 12 : n > 256 ? 256 : n;
    float *p = pts_reserve(ui, 2 * n);
    if (!p) {
        ui_draw_failed(ui, "out of memory drawing a shape");
        return;
    }
    for (int i = 0; i < n; i++) {
        double a = 2.0 * M_PI * i / n;
        float s = (float)sin(a), co = (float)cos(a);
        p[2 * i] = cx + (radius - FRINGE) * s;
        p[2 * i + 1] = cy - (radius - FRINGE) * co;
        p[2 * n + 2 * i] = cx + (radius + FRINGE) * s;
        p[2 * n + 2 * i + 1] = cy - (radius + FRINGE) * co;
    }
    fill_aa(ui, p, p + 2 * n, n, c);
}

void ck_ui_arc(ck_ui *ui, float cx, float cy, float radius, float width, float a0, float a1,
               ck_ui_color c)
{
    if (radius <= 0 || width <= 0 || c.a == 0 || a1 <= a0)
        return;
    int n = (int)ceilf((a1 - a0) * radius / 3.0f) + 1;
    n = n < 2 ? 2 : n > 512 ? 512 : n;
    if (!geo_reserve(ui, 4 * n, 18 * n)) {
        ui_draw_failed(ui, "out of memory drawing a shape");
        return;
    }
    const float rr[4] = {radius + width / 2 + FRINGE, radius + width / 2 - FRINGE,
                         radius - width / 2 + FRINGE, radius - width / 2 - FRINGE};
    SDL_Color on = ui_sdl_color(c), off = with_alpha(c, 0);
    const SDL_Color cc[4] = {off, on, on, off};
    int base = ui->nverts;
    for (int i = 0; i < n; i++) {
        float a = a0 + (a1 - a0) * (float)i / (float)(n - 1);
        for (int k = 0; k < 4; k++)
            geo_vert(ui, cx + rr[k] * sinf(a), cy - rr[k] * cosf(a), cc[k]);
    }
    for (int i = 0; i + 1 < n; i++)
        for (int k = 0; k < 3; k++) {
            int p = base + 4 * i + k, q = p + 4;
            geo_tri(ui, p, p + 1, q + 1);
            geo_tri(ui, p, q + 1, q);
        }
    geo_flush(ui);
    /* Round caps. */
    ck_ui_fill_circle(ui, cx + radius * sinf(a0), cy - radius * cosf(a0), width / 2, c);
    ck_ui_fill_circle(ui, cx + radius * sinf(a1), cy - radius * cosf(a1), width / 2, c);
}

void ck_ui_line(ck_ui *ui, float x0, float y0, float x1, float y1, float width, ck_ui_color c)
{
    float dx = x1 - x0, dy = y1 - y0, len = sqrtf(dx * dx + dy * dy);
    if (width <= 0 || c.a == 0)
        return;
    if (len < 0.01f) {
        ck_ui_fill_circle(ui, x0, y0, width / 2, c);
        return;
    }
    /* A capsule: half a circle around each end, joined. */
    int half = (int)ceilf((float)M_PI * width / 2 / 2.5f);
    half = half < 4 ? 4 : half > 64 ? 64 : half;
    int n = 2 * (half + 1);
    float *p = pts_reserve(ui, 2 * n);
    if (!p) {
        ui_draw_failed(ui, "out of memory drawing a shape");
        return;
    }
    double base = atan2(dx, -dy); /* direction of travel, 0 at 12 o'clock */
    for (int ring = 0; ring < 2; ring++) {
        float rad = width / 2 + (ring ? FRINGE : -FRINGE);
        float *q = p + 2 * n * ring;
        int k = 0;
        for (int i = 0; i <= half; i++, k++) { /* around the far end */
            double a = base - M_PI / 2 + M_PI * i / half;
            q[2 * k] = x1 + rad * (float)sin(a);
            q[2 * k + 1] = y1 - rad * (float)cos(a);
        }
        for (int i = 0; i <= half; i++, k++) { /* around the near end */
            double a = base + M_PI / 2 + M_PI * i / half;
            q[2 * k] = x0 + rad * (float)sin(a);
            q[2 * k + 1] = y0 - rad * (float)cos(a);
        }
    }
    fill_aa(ui, p, p + 2 * n, n, c);
}

void ck_ui_icon_check(ck_ui *ui, ck_ui_rect r, ck_ui_color c)
{
    float s = (float)(r.w < r.h ? r.w : r.h), x = (float)r.x + ((float)r.w - s) / 2,
          y = (float)r.y + ((float)r.h - s) / 2, w = s * 0.13f;
    ck_ui_line(ui, x + 0.18f * s, y + 0.52f * s, x + 0.41f * s, y + 0.74f * s, w, c);
    ck_ui_line(ui, x + 0.41f * s, y + 0.74f * s, x + 0.84f * s, y + 0.28f * s, w, c);
}

void ck_ui_icon_back(ck_ui *ui, ck_ui_rect r, ck_ui_color c)
{
    float s = (float)(r.w < r.h ? r.w : r.h), x = (float)r.x + ((float)r.w - s) / 2,
          y = (float)r.y + ((float)r.h - s) / 2, w = s * 0.12f;
    ck_ui_line(ui, x + 0.62f * s, y + 0.18f * s, x + 0.30f * s, y + 0.5f * s, w, c);
    ck_ui_line(ui, x + 0.30f * s, y + 0.5f * s, x + 0.62f * s, y + 0.82f * s, w, c);
}

void ck_ui_icon_backspace(ck_ui *ui, ck_ui_rect r, ck_ui_color c)
{
    float s = (float)(r.w < r.h ? r.w : r.h), x = (float)r.x + ((float)r.w - s) / 2,
          y = (float)r.y + ((float)r.h - s) / 2, w = s * 0.08f;
    /* A tag pointing left, with an x inside. */
    const float px[5] = {0.06f, 0.32f, 0.94f, 0.94f, 0.32f};
    const float py[5] = {0.50f, 0.22f, 0.22f, 0.78f, 0.78f};
    for (int i = 0; i < 5; i++) {
        int j = (i + 1) % 5;
        ck_ui_line(ui, x + px[i] * s, y + py[i] * s, x + px[j] * s, y + py[j] * s, w, c);
    }
    ck_ui_line(ui, x + 0.50f * s, y + 0.38f * s, x + 0.74f * s, y + 0.62f * s, w, c);
    ck_ui_line(ui, x + 0.74f * s, y + 0.38f * s, x + 0.50f * s, y + 0.62f * s, w, c);
}

void ck_ui_card_draw(ck_ui *ui, ck_ui_rect r)
{
    float rad = (float)ck_ui_px(ui, CK_UI_RADIUS + 4);
    ck_ui_rect sh = r;
    sh.y += ck_ui_px(ui, 4);
    ck_ui_shadow(ui, sh, rad, (float)ck_ui_px(ui, 14), ui->pal.shadow);
    ck_ui_fill_round(ui, r, rad, ui->pal.surface);
}

void ck_ui_clip(ck_ui *ui, ck_ui_rect r)
{
    SDL_Rect sr = {r.x, r.y, r.w > 0 ? r.w : 0, r.h > 0 ? r.h : 0};
    SDL_RenderSetClipRect(ui->ren, &sr);
}

void ck_ui_unclip(ck_ui *ui)
{
    SDL_RenderSetClipRect(ui->ren, NULL);
}

ck_ui_rect ck_ui_cut_top(ck_ui_rect *r, int h)
{
    h = h < 0 ? 0 : h > r->h ? r->h : h;
    ck_ui_rect out = {r->x, r->y, r->w, h};
    r->y += h;
    r->h -= h;
    return out;
}

ck_ui_rect ck_ui_cut_bottom(ck_ui_rect *r, int h)
{
    h = h < 0 ? 0 : h > r->h ? r->h : h;
    r->h -= h;
    return (ck_ui_rect){r->x, r->y + r->h, r->w, h};
}

ck_ui_rect ck_ui_cut_left(ck_ui_rect *r, int w)
{
    w = w < 0 ? 0 : w > r->w ? r->w : w;
    ck_ui_rect out = {r->x, r->y, w, r->h};
    r->x += w;
    r->w -= w;
    return out;
}

ck_ui_rect ck_ui_cut_right(ck_ui_rect *r, int w)
{
    w = w < 0 ? 0 : w > r->w ? r->w : w;
    r->w -= w;
    return (ck_ui_rect){r->x + r->w, r->y, w, r->h};
}

ck_ui_rect ck_ui_inset(ck_ui_rect r, int d)
{
    ck_ui_rect out = {r.x + d, r.y + d, r.w - 2 * d, r.h - 2 * d};
    if (out.w < 0) {
        out.x += out.w / 2;
        out.w = 0;
    }
    if (out.h < 0) {
        out.y += out.h / 2;
        out.h = 0;
    }
    return out;
}

ck_ui_rect ck_ui_center(ck_ui_rect r, int w, int h)
{
    return (ck_ui_rect){r.x + (r.w - w) / 2, r.y + (r.h - h) / 2, w, h};
}

ck_ui_rect ck_ui_grid(ck_ui_rect r, int cols, int rows, int gap, int i)
{
    if (cols <= 0 || rows <= 0 || i < 0)
        return (ck_ui_rect){r.x, r.y, 0, 0};
    int col = i % cols, row = i / cols;
    /* Edges computed from the index so cells tile r exactly, without rounding drift. */
    int x0 = r.x + (int)((long)(r.w + gap) * col / cols);
    int x1 = r.x + (int)((long)(r.w + gap) * (col + 1) / cols) - gap;
    int y0 = r.y + (int)((long)(r.h + gap) * row / rows);
    int y1 = r.y + (int)((long)(r.h + gap) * (row + 1) / rows) - gap;
    return (ck_ui_rect){x0, y0, x1 - x0, y1 - y0};
}

bool ck_ui_contains(ck_ui_rect r, float x, float y)
{
    return x >= (float)r.x && y >= (float)r.y && x < (float)(r.x + r.w) && y < (float)(r.y + r.h);
}

void ck_ui_draw_clock(ck_ui *ui, ck_ui_rect r, const ck_ui_text *style)
{
    int64_t now = ck_ui_now(ui);
    time_t t = (time_t)(now / 1000);
    struct tm tm;
    char buf[16];
    ck_ui_text text = style ? *style : (ck_ui_text){0};
    if (!localtime_r(&t, &tm)) {
        ui_draw_failed(ui, "the clock's time %lld cannot be shown in local time", (long long)now);
        return;
    }
    snprintf(buf, sizeof buf, "%02d:%02d", tm.tm_hour, tm.tm_min);
    text.str = buf;
    ck_ui_draw_text(ui, r, &text);
    /* Time zones are whole minutes from UTC, so local minutes turn with UTC ones. */
    ck_ui_redraw_at(ui, (now / 60000 + 1) * 60000);
}
