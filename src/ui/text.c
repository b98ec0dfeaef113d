/* Text: fonts from the fonts folder, word wrapping with ellipsis, and an LRU cache of
 * rendered texts keyed by string, size, weight, colour, wrap width, alignment and lines. */
#include "ui/ui_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const ELLIPSIS = "\xE2\x80\xA6"; /* U+2026 */
/* The rendered texts kept: three screens' worth of pixels (what one screen shows covers it
 * at most about once; three keep the screen, the one before and the one after). */
enum { TEXT_SCREENS = 3, MIN_TEXT_BYTES = 4 * 1024 * 1024 };

/* Type scale in design units: body 32 px at 1080p. */
static const int TYPE_UNITS[] = {
    [CK_UI_TEXT_BODY] = 32,  [CK_UI_TEXT_SMALL] = 24,   [CK_UI_TEXT_LARGE] = 44,
    [CK_UI_TEXT_TITLE] = 60, [CK_UI_TEXT_DISPLAY] = 96,
};

int ck_ui_type_px(const ck_ui *ui, ck_ui_type type)
{
    int units = (unsigned)type < sizeof TYPE_UNITS / sizeof TYPE_UNITS[0] ? TYPE_UNITS[type]
                                                                          : TYPE_UNITS[0];
    int px = ck_ui_px(ui, units);
    return px < 8 ? 8 : px;
}

int ui_text_px(const ck_ui *ui, const ck_ui_text *t)
{
    if (t->px > 0)
        return t->px > 1000 ? 1000 : t->px;
    return ck_ui_type_px(ui, t->type);
}

static TTF_Font *open_font(const char *dir, const char *file)
{
    char path[4096];
    if (snprintf(path, sizeof path, "%s/%s", dir, file) >= (int)sizeof path)
        return NULL;
    return TTF_OpenFont(path, 32);
}

ck_rc ui_text_init(ck_ui *ui, const char *fonts_dir, int max_entries, ck_err *err)
{
    static const char *const bold_faces[] = {"NotoSans-SemiBold.ttf", "NotoSans-Bold.ttf",
                                             "NotoSans-Medium.ttf"};
    ui->font[0] = open_font(fonts_dir, "NotoSans-Regular.ttf");
    if (!ui->font[0])
        return ck_err_set(err, CK_EIO,
                          "fonts folder \"%s\" has no readable NotoSans-Regular.ttf (SDL_ttf: "
                          "%s); pass the folder that holds the Noto Sans fonts (the project's "
                          "fonts/)",
                          fonts_dir, TTF_GetError());
    for (size_t i = 0; i < sizeof bold_faces / sizeof bold_faces[0] && !ui->font[1]; i++)
        ui->font[1] = open_font(fonts_dir, bold_faces[i]);
    if (!ui->font[1]) {
        /* No heavier face: embolden the regular one. */
        ui->font[1] = open_font(fonts_dir, "NotoSans-Regular.ttf");
        if (!ui->font[1])
            return ck_err_set(err, CK_EIO,
                              "cannot open NotoSans-Regular.ttf twice in \"%s\" "
                              "(SDL_ttf: %s)",
                              fonts_dir, TTF_GetError());
        TTF_SetFontStyle(ui->font[1], TTF_STYLE_BOLD);
        ui->synth_bold = true;
    }
    for (int i = 0; i < 2; i++) {
        TTF_SetFontHinting(ui->font[i], TTF_HINTING_LIGHT);
        ui->font_px[i] = 32;
    }
    text_cache *c = &ui->cache;
    c->max_entries = max_entries;
    ui_text_fit(ui);
    c->nbuckets = 16;
    while (c->nbuckets < (size_t)max_entries * 2)
        c->nbuckets *= 2;
    c->buckets = calloc(c->nbuckets, sizeof *c->buckets);
    if (!c->buckets)
        return ck_err_set(err, CK_ENOMEM, "out of memory for the text cache");
    return CK_OK;
}

static void evict(text_cache *c, text_entry *e);

void ui_text_fit(ck_ui *ui)
{
    text_cache *c = &ui->cache;
    size_t screen = (size_t)ui->w * (size_t)ui->h * 4;
    c->max_bytes = TEXT_SCREENS * screen > MIN_TEXT_BYTES ? TEXT_SCREENS * screen : MIN_TEXT_BYTES;
    while (c->bytes > c->max_bytes && c->oldest)
        evict(c, c->oldest);
}

static void entry_free(text_entry *e)
{
    if (e->tex)
        SDL_DestroyTexture(e->tex);
    free(e->str);
    free(e);
}

void ui_text_flush(ck_ui *ui)
{
    text_cache *c = &ui->cache;
    text_entry *e = c->newest;
    while (e) {
        text_entry *next = e->older;
        entry_free(e);
        e = next;
    }
    if (c->buckets)
        memset(c->buckets, 0, c->nbuckets * sizeof *c->buckets);
    c->newest = c->oldest = NULL;
    c->entries = 0;
    c->bytes = 0;
}

void ui_text_fini(ck_ui *ui)
{
    ui_text_flush(ui);
    ui_fallback_close(ui);
    free(ui->cache.buckets);
    ui->cache.buckets = NULL;
    for (int i = 0; i < 2; i++) {
        if (ui->font[i])
            TTF_CloseFont(ui->font[i]);
        ui->font[i] = NULL;
    }
    free(ui->scratch);
    free(ui->lines);
    ui->scratch = NULL;
    ui->lines = NULL;
}

static TTF_Font *font_at(ck_ui *ui, bool bold, int px)
{
    int i = bold ? 1 : 0;
    if (ui->font_px[i] != px) {
        if (TTF_SetFontSize(ui->font[i], px) != 0)
            ui_draw_failed(ui, "cannot size the font to %d px (SDL_ttf: %s)", px, TTF_GetError());
        else
            ui->font_px[i] = px;
    }
    return ui->font[i];
}

static bool scratch_copy(ck_ui *ui, const char *s, size_t n, bool ellipsis)
{
    if (!ck_array_reserve(&ui->scratch, &ui->scratch_cap, n + 4, 1))
        return false;
    memcpy(ui->scratch, s, n);
    if (ellipsis)
        memcpy(ui->scratch + n, ELLIPSIS, 3), n += 3;
    ui->scratch[n] = '\0';
    return true;
}

static bool add_line(ck_ui *ui, size_t *n, size_t start, size_t len)
{
    if (!ck_array_reserve(&ui->lines, &ui->lines_cap, *n + 1, sizeof *ui->lines))
        return false;
    ui->lines[(*n)++] = (text_line){start, len, false};
    return true;
}

/* Bytes taken by the first `chars` UTF-8 characters of s (at most n bytes). */
static size_t utf8_bytes(const char *s, size_t n, int chars)
{
    size_t b = 0;
    while (b < n && chars > 0) {
        b++;
        while (b < n && ((unsigned char)s[b] & 0xC0) == 0x80)
            b++;
        chars--;
    }
    return b;
}

/* How many bytes of s[0..n) fit in width px (whole characters). */
static size_t fit_bytes(ck_ui *ui, TTF_Font *f, const char *s, size_t n, int width)
{
    int extent = 0, count = 0;
    if (width <= 0 || !scratch_copy(ui, s, n, false))
        return 0;
    if (ui_text_measure(ui, f, ui->scratch, width, &extent, &count) != 0)
        return n;
    return utf8_bytes(s, n, count);
}

static int text_width(ck_ui *ui, TTF_Font *f, const char *s, size_t n, bool ellipsis)
{
    int w = 0;
    if (!scratch_copy(ui, s, n, ellipsis) || ui_text_size(ui, f, ui->scratch, &w) != 0)
        return 0;
    return w;
}

/* Cut the line at index i so that it and "…" fit in wrap_w, running on to the end of its
 * paragraph (the text that did not fit). */
static void ellipsize(ck_ui *ui, TTF_Font *f, const char *str, size_t i, int wrap_w)
{
    text_line *l = &ui->lines[i];
    const char *nl = strchr(str + l->start, '\n');
    size_t para_end = nl ? (size_t)(nl - str) : strlen(str);
    int room = wrap_w - text_width(ui, f, "", 0, true);
    size_t fit = fit_bytes(ui, f, str + l->start, para_end - l->start, room);
    while (fit > 0 && str[l->start + fit - 1] == ' ')
        fit--;
    l->len = fit;
    l->ellipsis = true;
}

size_t ui_text_layout(ck_ui *ui, const char *str, int px, bool bold, int wrap_w, int max_lines)
{
    TTF_Font *f = font_at(ui, bold, px);
    size_t n = 0, len = strlen(str), p = 0;
    bool more = false; /* text was left over beyond max_lines */
    ui->layout_cut = false;
    for (;;) {
        const char *nl = memchr(str + p, '\n', len - p);
        size_t end = nl ? (size_t)(nl - str) : len;
        size_t q = p;
        if (max_lines > 0 && n >= (size_t)max_lines) {
            more = true;
            break;
        }
        if (q == end && !add_line(ui, &n, q, 0))
            goto oom;
        while (q < end) {
            if (max_lines > 0 && n >= (size_t)max_lines) {
                more = true;
                break;
            }
            size_t rest = end - q;
            size_t fit = wrap_w > 0 ? fit_bytes(ui, f, str + q, rest, wrap_w) : rest;
            size_t line_end, next;
            if (fit >= rest) {
                line_end = next = end;
            } else {
                /* Break at the last space that fits; a word longer than the line is cut. */
                size_t b = q + fit;
                while (b > q && str[b] != ' ')
                    b--;
                if (b > q) {
                    line_end = b;
                    next = b;
                } else {
                    line_end = next = q + (fit > 0 ? fit : utf8_bytes(str + q, rest, 1));
                    ui->layout_cut = true;
                }
            }
            while (line_end > q && str[line_end - 1] == ' ')
                line_end--;
            if (!add_line(ui, &n, q, line_end - q))
                goto oom;
            q = next;
            while (q < end && str[q] == ' ')
                q++;
        }
        if (more || !nl)
            break;
        p = end + 1;
    }
    if (more && n > 0) {
        ellipsize(ui, f, str, n - 1, wrap_w);
        ui->layout_cut = true;
    }
    return n;
oom:
    ui_draw_failed(ui, "out of memory laying out text");
    return n;
}

static uint64_t hash_bytes(uint64_t h, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++) {
        h ^= b[i];
        h *= 1099511628211ULL; /* FNV-1a */
    }
    return h;
}

static uint64_t key_hash(const char *str, int px, bool bold, ck_ui_color color, int wrap_w,
                         ck_ui_align align, int max_lines)
{
    uint64_t h = 14695981039346656037ULL;
    int v[4] = {px, wrap_w, (int)align, max_lines};
    unsigned char b = bold;
    h = hash_bytes(h, str, strlen(str));
    h = hash_bytes(h, v, sizeof v);
    h = hash_bytes(h, &b, 1);
    return hash_bytes(h, &color, sizeof color);
}

static void lru_unlink(text_cache *c, text_entry *e)
{
    if (e->newer)
        e->newer->older = e->older;
    else
        c->newest = e->older;
    if (e->older)
        e->older->newer = e->newer;
    else
        c->oldest = e->newer;
    e->newer = e->older = NULL;
}

static void lru_front(text_cache *c, text_entry *e)
{
    e->older = c->newest;
    e->newer = NULL;
    if (c->newest)
        c->newest->newer = e;
    c->newest = e;
    if (!c->oldest)
        c->oldest = e;
}

static void evict(text_cache *c, text_entry *e)
{
    text_entry **pp = &c->buckets[e->hash & (c->nbuckets - 1)];
    while (*pp && *pp != e)
        pp = &(*pp)->chain;
    if (*pp)
        *pp = e->chain;
    lru_unlink(c, e);
    c->entries--;
    c->bytes -= (size_t)e->w * (size_t)e->h * 4;
    c->evictions++;
    entry_free(e);
}

/* Render the laid-out lines into one texture. */
static SDL_Texture *render_block(ck_ui *ui, const char *str, size_t nlines, int px, bool bold,
                                 ck_ui_color color, ck_ui_align align, int *out_w, int *out_h)
{
    TTF_Font *f = font_at(ui, bold, px);
    SDL_Surface **surf = calloc(nlines, sizeof *surf);
    SDL_Surface *block = NULL;
    SDL_Texture *tex = NULL;
    int bw = 1, skip = TTF_FontLineSkip(f), fh = TTF_FontHeight(f);
    if (!surf) {
        ui_draw_failed(ui, "out of memory rendering text");
        return NULL;
    }
    for (size_t i = 0; i < nlines; i++) {
        const text_line *l = &ui->lines[i];
        if (l->len == 0 && !l->ellipsis)
            continue; /* an empty line renders nothing */
        if (!scratch_copy(ui, str + l->start, l->len, l->ellipsis))
            goto cleanup;
        surf[i] = ui_text_render(ui, f, ui->scratch, ui_sdl_color(color));
        if (!surf[i]) {
            ui_draw_failed(ui, "cannot render the text \"%.40s\" (SDL_ttf: %s)", ui->scratch,
                           TTF_GetError());
            goto cleanup;
        }
        if (surf[i]->w > bw)
            bw = surf[i]->w;
    }
    int bh = (int)(nlines > 0 ? (nlines - 1) * (size_t)skip + (size_t)fh : 1);
    block = SDL_CreateRGBSurfaceWithFormat(0, bw, bh, 32, SDL_PIXELFORMAT_ARGB8888);
    if (!block) {
        ui_draw_failed(ui, "cannot make a %dx%d text surface (SDL: %s)", bw, bh, SDL_GetError());
        goto cleanup;
    }
    for (size_t i = 0; i < nlines; i++) {
        if (!surf[i])
            continue;
        SDL_Rect dst = {0, (int)i * skip, surf[i]->w, surf[i]->h};
        if (align == CK_UI_CENTER)
            dst.x = (bw - surf[i]->w) / 2;
        else if (align == CK_UI_RIGHT)
            dst.x = bw - surf[i]->w;
        /* Copy, not blend: the block starts transparent and lines do not overlap. */
        SDL_SetSurfaceBlendMode(surf[i], SDL_BLENDMODE_NONE);
        SDL_BlitSurface(surf[i], NULL, block, &dst);
    }
    tex = SDL_CreateTextureFromSurface(ui->ren, block);
    if (!tex) {
        ui_draw_failed(ui, "cannot make a %dx%d text texture (SDL: %s)", bw, bh, SDL_GetError());
        goto cleanup;
    }
    SDL_SetTextureBlendMode(tex, SDL_BLENDMODE_BLEND);
    *out_w = bw;
    *out_h = bh;
cleanup:
    for (size_t i = 0; i < nlines; i++)
        SDL_FreeSurface(surf[i]);
    free(surf);
    SDL_FreeSurface(block);
    return tex;
}

/* The cached texture for a text, rendering it on a miss. */
static text_entry *cache_get(ck_ui *ui, const char *str, int px, bool bold, ck_ui_color color,
                             int wrap_w, ck_ui_align align, int max_lines)
{
    text_cache *c = &ui->cache;
    uint64_t h = key_hash(str, px, bold, color, wrap_w, align, max_lines);
    text_entry **bucket = &c->buckets[h & (c->nbuckets - 1)];
    for (text_entry *e = *bucket; e; e = e->chain) {
        if (e->hash == h && e->px == px && e->bold == bold && e->wrap_w == wrap_w &&
            e->align == align && e->max_lines == max_lines && e->color.r == color.r &&
            e->color.g == color.g && e->color.b == color.b && e->color.a == color.a &&
            strcmp(e->str, str) == 0) {
            lru_unlink(c, e);
            lru_front(c, e);
            c->hits++;
            return e;
        }
    }
    c->misses++;
    int w = 0, ht = 0;
    size_t n = ui_text_layout(ui, str, px, bold, wrap_w, max_lines);
    bool cut = ui->layout_cut;
    SDL_Texture *tex = render_block(ui, str, n, px, bold, color, align, &w, &ht);
    text_entry *e = tex ? calloc(1, sizeof *e) : NULL;
    char *copy = e ? strdup(str) : NULL;
    if (!copy) {
        if (tex)
            ui_draw_failed(ui, "out of memory caching text");
        if (tex)
            SDL_DestroyTexture(tex);
        free(e);
        return NULL;
    }
    *e = (text_entry){.hash = h,
                      .str = copy,
                      .px = px,
                      .wrap_w = wrap_w,
                      .max_lines = max_lines,
                      .bold = bold,
                      .align = align,
                      .color = color,
                      .tex = tex,
                      .w = w,
                      .h = ht,
                      .cut = cut,
                      .chain = *bucket};
    *bucket = e;
    lru_front(c, e);
    c->entries++;
    c->bytes += (size_t)e->w * (size_t)e->h * 4;
    while ((c->entries > c->max_entries || c->bytes > c->max_bytes) && c->oldest != e)
        evict(c, c->oldest);
    return e;
}

static ck_ui_color text_color(const ck_ui *ui, const ck_ui_text *t)
{
    return t->color.a ? t->color : ui->pal.text;
}

int ck_ui_line_height(ck_ui *ui, const ck_ui_text *t)
{
    return TTF_FontLineSkip(font_at(ui, t->bold, ui_text_px(ui, t)));
}

void ck_ui_draw_text(ck_ui *ui, ck_ui_rect r, const ck_ui_text *t)
{
    if (!t || !t->str || !t->str[0] || r.w <= 0)
        return;
    int px = ui_text_px(ui, t);
    int skip = TTF_FontLineSkip(font_at(ui, t->bold, px));
    int max_lines = t->max_lines > 0 ? t->max_lines : 0;
    if (r.h > 0 && skip > 0) {
        int fit = r.h / skip > 0 ? r.h / skip : 1;
        if (max_lines == 0 || max_lines > fit)
            max_lines = fit;
    }
    text_entry *e = cache_get(ui, t->str, px, t->bold, text_color(ui, t), r.w, t->align, max_lines);
    if (!e)
        return;
    if (e->cut && !t->may_cut && !e->reported) {
        e->reported = true;
        ui->cuts++;
        fprintf(stderr, "classkiosk: text cut to fit %dx%d px at %d px: \"%s\"\n", r.w, r.h, px,
                t->str);
        size_t used = strlen(ui->cut_text);
        if (used + 2 < sizeof ui->cut_text)
            snprintf(ui->cut_text + used, sizeof ui->cut_text - used, "%s\n", t->str);
    }
    SDL_Rect dst = {r.x, r.y, e->w, e->h};
    if (t->align == CK_UI_CENTER)
        dst.x = r.x + (r.w - e->w) / 2;
    else if (t->align == CK_UI_RIGHT)
        dst.x = r.x + r.w - e->w;
    if (t->valign == CK_UI_MIDDLE)
        dst.y = r.y + (r.h - e->h) / 2;
    else if (t->valign == CK_UI_BOTTOM)
        dst.y = r.y + r.h - e->h;
    if (SDL_RenderCopy(ui->ren, e->tex, NULL, &dst) != 0)
        ui_draw_failed(ui, "cannot draw text (SDL: %s)", SDL_GetError());
}

void ck_ui_measure_text(ck_ui *ui, const ck_ui_text *t, int max_w, int *out_w, int *out_h)
{
    int w = 0, h = 0;
    if (t && t->str && t->str[0]) {
        int px = ui_text_px(ui, t);
        TTF_Font *f = font_at(ui, t->bold, px);
        size_t n = ui_text_layout(ui, t->str, px, t->bold, max_w, t->max_lines);
        for (size_t i = 0; i < n; i++) {
            const text_line *l = &ui->lines[i];
            int lw = text_width(ui, f, t->str + l->start, l->len, l->ellipsis);
            if (lw > w)
                w = lw;
        }
        h = n > 0 ? (int)(n - 1) * TTF_FontLineSkip(f) + TTF_FontHeight(f) : 0;
    }
    if (out_w)
        *out_w = w;
    if (out_h)
        *out_h = h;
}

size_t ck_ui_take_cuts(ck_ui *ui, char *out, size_t n)
{
    size_t count = ui->cuts;
    if (out && n)
        snprintf(out, n, "%s", ui->cut_text);
    ui->cuts = 0;
    ui->cut_text[0] = '\0';
    return count;
}
