/* Text in more than one face: the main face, and for the characters it lacks the fallback
 * faces (the Chinese, Japanese and Korean ones the certificate uses too). SDL_ttf 2 draws with
 * one face per call, so such a text is cut into runs of one face each and measured and
 * rendered run by run, on the main face's baseline. Text the main face draws whole takes the
 * single call it always took. */
#include "ui/ui_impl.h"

#include <stdlib.h>
#include <string.h>

void ui_fallback_open(ck_ui *ui, const char *const *paths, const int *indexes, size_t n)
{
    for (size_t i = 0; i < n && ui->nfallback < UI_MAX_FALLBACK; i++) {
        TTF_Font *f = TTF_OpenFontIndex(paths[i], 32, indexes ? indexes[i] : 0);
        if (!f) {
            SDL_Log("classkiosk: the fallback font %s cannot be opened (SDL_ttf: %s); its "
                    "characters show as boxes",
                    paths[i], TTF_GetError());
            continue;
        }
        TTF_SetFontHinting(f, TTF_HINTING_LIGHT);
        ui->fallback[ui->nfallback] = f;
        ui->fallback_px[ui->nfallback] = 32;
        ui->fallback_bold[ui->nfallback] = false;
        ui->nfallback++;
    }
}

void ui_fallback_close(ck_ui *ui)
{
    for (int i = 0; i < ui->nfallback; i++)
        TTF_CloseFont(ui->fallback[i]);
    ui->nfallback = 0;
    free(ui->run);
    ui->run = NULL;
    ui->run_cap = 0;
}

/* The next character of s (n bytes left) into *cp; its length in bytes (a stray byte: 1). */
static size_t next_char(const unsigned char *s, size_t n, uint32_t *cp)
{
    size_t len = s[0] < 0x80 ? 1 : s[0] >= 0xF0 ? 4 : s[0] >= 0xE0 ? 3 : s[0] >= 0xC0 ? 2 : 1;
    if (len > n)
        len = 1;
    uint32_t v = len == 1 ? s[0] : s[0] & (0x7F >> len);
    for (size_t i = 1; i < len; i++)
        v = v << 6 | (s[i] & 0x3F);
    *cp = v;
    return len;
}

/* The face that draws cp beside main: main if it has it or no fallback does. */
static TTF_Font *face_for(ck_ui *ui, TTF_Font *main, uint32_t cp)
{
    if (TTF_GlyphIsProvided32(main, cp))
        return main;
    for (int i = 0; i < ui->nfallback; i++) {
        if (TTF_GlyphIsProvided32(ui->fallback[i], cp)) {
            /* At the main face's size and weight. */
            int px = ui->font_px[main == ui->font[1]];
            bool bold = main == ui->font[1];
            if (ui->fallback_px[i] != px && TTF_SetFontSize(ui->fallback[i], px) == 0)
                ui->fallback_px[i] = px;
            if (ui->fallback_bold[i] != bold) {
                TTF_SetFontStyle(ui->fallback[i], bold ? TTF_STYLE_BOLD : TTF_STYLE_NORMAL);
                ui->fallback_bold[i] = bold;
            }
            return ui->fallback[i];
        }
    }
    return main;
}

/* The run at s (NUL-terminated): its face and its length in bytes, copied NUL-terminated
 * into ui->run. 0 at the end, or when out of memory. */
static size_t run_at(ck_ui *ui, TTF_Font *main, const char *s, TTF_Font **face)
{
    size_t n = strlen(s), len = 0;
    *face = main;
    while (len < n) {
        uint32_t cp;
        size_t clen = next_char((const unsigned char *)s + len, n - len, &cp);
        TTF_Font *f = face_for(ui, main, cp);
        if (len == 0)
            *face = f;
        else if (f != *face)
            break;
        len += clen;
    }
    if (!ck_array_reserve(&ui->run, &ui->run_cap, len + 1, 1))
        return 0;
    memcpy(ui->run, s, len);
    ui->run[len] = '\0';
    return len;
}

/* Whether main draws all of s (or there is nothing to fall back on). */
static bool single(ck_ui *ui, TTF_Font *main, const char *s)
{
    if (ui->nfallback == 0)
        return true;
    size_t n = strlen(s);
    for (size_t at = 0; at < n;) {
        uint32_t cp;
        at += next_char((const unsigned char *)s + at, n - at, &cp);
        if (face_for(ui, main, cp) != main)
            return false;
    }
    return true;
}

int ui_text_size(ck_ui *ui, TTF_Font *main, const char *s, int *w)
{
    if (single(ui, main, s))
        return TTF_SizeUTF8(main, s, w, NULL);
    *w = 0;
    TTF_Font *face;
    for (size_t len; (len = run_at(ui, main, s, &face)) > 0; s += len) {
        int rw = 0;
        if (TTF_SizeUTF8(face, ui->run, &rw, NULL) != 0)
            return -1;
        *w += rw;
    }
    return 0;
}

int ui_text_measure(ck_ui *ui, TTF_Font *main, const char *s, int width, int *extent, int *count)
{
    if (single(ui, main, s))
        return TTF_MeasureUTF8(main, s, width, extent, count);
    *extent = 0;
    *count = 0;
    TTF_Font *face;
    for (size_t len; (len = run_at(ui, main, s, &face)) > 0; s += len) {
        int e = 0, c = 0, chars = 0;
        if (TTF_MeasureUTF8(face, ui->run, width - *extent, &e, &c) != 0)
            return -1;
        for (size_t i = 0; i < len; i++)
            chars += ((unsigned char)ui->run[i] & 0xC0) != 0x80;
        *extent += e;
        *count += c;
        if (c < chars)
            break; /* the rest does not fit */
    }
    return 0;
}

SDL_Surface *ui_text_render(ck_ui *ui, TTF_Font *main, const char *s, SDL_Color color)
{
    if (single(ui, main, s))
        return TTF_RenderUTF8_Blended(main, s, color);
    int w = 0;
    if (ui_text_size(ui, main, s, &w) != 0)
        return NULL;
    SDL_Surface *line = SDL_CreateRGBSurfaceWithFormat(0, w > 0 ? w : 1, TTF_FontHeight(main), 32,
                                                       SDL_PIXELFORMAT_ARGB8888);
    if (!line)
        return NULL;
    int x = 0, ascent = TTF_FontAscent(main);
    TTF_Font *face;
    for (size_t len; (len = run_at(ui, main, s, &face)) > 0; s += len) {
        SDL_Surface *run = TTF_RenderUTF8_Blended(face, ui->run, color);
        if (!run) {
            SDL_FreeSurface(line);
            return NULL;
        }
        /* Baselines on one line; a taller face's top may be cut by a pixel or two. */
        SDL_Rect dst = {x, ascent - TTF_FontAscent(face), run->w, run->h};
        SDL_SetSurfaceBlendMode(run, SDL_BLENDMODE_NONE);
        SDL_BlitSurface(run, NULL, line, &dst);
        x += run->w;
        SDL_FreeSurface(run);
    }
    return line;
}
