/* The font set: each face read and parsed once (HarfBuzz), asked which characters it has and
 * how wide they are, and cut into a subset for each document (HarfBuzz's subsetter). */
#include "pdf/fonts.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <hb-subset.h>
#include <hb.h>

#include "pdf/pdf_internal.h"

typedef struct face_rec {
    hb_face_t *face;
    hb_font_t *font; /* at the face's own scale: advances come in font units */
    unsigned upem;
    int ascent, descent; /* hhea's, in 1/1000 em */
    char file[64];       /* the file name, for messages */
} face_rec;

struct ck_pdf_fonts {
    face_rec faces[CK_PDF_MAX_FACES];
    int nfaces;
    /* Each role's faces, tried in order: its own face first (then, one day, fallbacks). */
    int chain[CK_PDF_ROLE_COUNT][CK_PDF_MAX_FACES];
    int chain_len[CK_PDF_ROLE_COUNT];
};

static const char *const ROLE_FILES[CK_PDF_ROLE_COUNT] = {
    [CK_PDF_SERIF] = "NotoSerif-Regular.ttf",
    [CK_PDF_SERIF_ITALIC] = "NotoSerif-Italic.ttf",
    [CK_PDF_SANS] = "NotoSans-Regular.ttf",
    [CK_PDF_SANS_BOLD] = "NotoSans-Bold.ttf",
};

/* 1/1000 em from font units, truncated as libharu computes the widths it writes. */
static int per_mille(int units, unsigned upem)
{
    return (int)((long)units * 1000 / (long)upem);
}

/* A big-endian 16-bit signed value at off in a table, or 0 past its end. */
static int table_int16(hb_blob_t *blob, unsigned off)
{
    unsigned len = 0;
    const unsigned char *p = (const unsigned char *)hb_blob_get_data(blob, &len);
    if (!p || off + 2 > len)
        return 0;
    return (int16_t)(uint16_t)(p[off] << 8 | p[off + 1]);
}

static bool has_table(hb_face_t *f, hb_tag_t tag)
{
    hb_blob_t *b = hb_face_reference_table(f, tag);
    bool ok = hb_blob_get_length(b) > 0;
    hb_blob_destroy(b);
    return ok;
}

/* Read and check one TrueType file into fc. */
static ck_rc face_open(face_rec *fc, const char *dir, const char *file, ck_err *err)
{
    char path[4096];
    int n = snprintf(path, sizeof path, "%s/%s", dir, file);
    if (n < 0 || (size_t)n >= sizeof path)
        return ck_err_set(err, CK_EINVAL, "The fonts folder path \"%s\" is too long.", dir);
    snprintf(fc->file, sizeof fc->file, "%s", file);
    if (access(path, R_OK) != 0)
        return ck_err_set(err, CK_EIO,
                          "Font %s cannot be read (%s); point the fonts folder at classkiosk's "
                          "fonts/ folder, which holds %s.",
                          path, strerror(errno), file);
    hb_blob_t *blob = hb_blob_create_from_file_or_fail(path);
    if (!blob)
        return ck_err_set(err, CK_EIO,
                          "Font %s cannot be read; point the fonts folder at classkiosk's "
                          "fonts/ folder, which holds %s.",
                          path, file);
    unsigned count = hb_face_count(blob);
    fc->face = count ? hb_face_create(blob, 0) : NULL;
    hb_blob_destroy(blob);
    /* libharu embeds TrueType outlines (glyf) only, and needs these tables to do it. */
    static const hb_tag_t needed[] = {HB_TAG('g', 'l', 'y', 'f'), HB_TAG('h', 'h', 'e', 'a'),
                                      HB_TAG('h', 'm', 't', 'x'), HB_TAG('h', 'e', 'a', 'd'),
                                      HB_TAG('c', 'm', 'a', 'p'), HB_TAG('O', 'S', '/', '2')};
    bool ok = fc->face && hb_face_get_glyph_count(fc->face) > 0 && hb_face_get_upem(fc->face) > 0;
    for (size_t i = 0; ok && i < sizeof needed / sizeof needed[0]; i++)
        ok = has_table(fc->face, needed[i]);
    if (!ok)
        return ck_err_set(err, CK_EIO,
                          "Font %s is not a TrueType font classkiosk can embed; restore it from "
                          "classkiosk's fonts/ folder.",
                          path);
    fc->font = hb_font_create(fc->face);
    fc->upem = hb_face_get_upem(fc->face);
    hb_codepoint_t gid;
    if (!hb_font_get_nominal_glyph(fc->font, 'A', &gid))
        return ck_err_set(err, CK_EIO,
                          "Font %s has no Unicode character map; restore it from classkiosk's "
                          "fonts/ folder.",
                          path);
    hb_blob_t *hhea = hb_face_reference_table(fc->face, HB_TAG('h', 'h', 'e', 'a'));
    fc->ascent = per_mille(table_int16(hhea, 4), fc->upem);
    fc->descent = per_mille(table_int16(hhea, 6), fc->upem);
    hb_blob_destroy(hhea);
    return CK_OK;
}

void ck_pdf_fonts_free(ck_pdf_fonts *fonts)
{
    if (!fonts)
        return;
    for (int i = 0; i < fonts->nfaces; i++) {
        hb_font_destroy(fonts->faces[i].font);
        hb_face_destroy(fonts->faces[i].face);
    }
    free(fonts);
}

ck_rc ck_pdf_fonts_open(ck_pdf_fonts **out, const char *fonts_dir, ck_err *err)
{
    *out = NULL;
    if (!fonts_dir || !*fonts_dir)
        return ck_err_set(err, CK_EINVAL,
                          "The fonts folder is not set; give the path of classkiosk's fonts/ "
                          "folder.");
    ck_pdf_fonts *f = calloc(1, sizeof *f);
    if (!f)
        return ck_err_set(err, CK_ENOMEM, "Out of memory while opening the fonts.");
    for (int r = 0; r < CK_PDF_ROLE_COUNT; r++) {
        ck_rc rc = face_open(&f->faces[f->nfaces], fonts_dir, ROLE_FILES[r], err);
        f->nfaces++;
        if (rc != CK_OK) {
            ck_pdf_fonts_free(f);
            return rc;
        }
        f->chain[r][0] = r;
        f->chain_len[r] = 1;
    }
    *out = f;
    return CK_OK;
}

int ck_pdf_fonts_face_count(const ck_pdf_fonts *f)
{
    return f->nfaces;
}

const char *ck_pdf_fonts_face_file(const ck_pdf_fonts *f, int face)
{
    return face >= 0 && face < f->nfaces ? f->faces[face].file : "";
}

int ck_pdf_fonts_face(const ck_pdf_fonts *f, ck_pdf_role role, uint32_t cp)
{
    hb_codepoint_t gid;
    for (int i = 0; i < f->chain_len[role]; i++) {
        int fi = f->chain[role][i];
        if (hb_font_get_nominal_glyph(f->faces[fi].font, cp, &gid))
            return fi;
    }
    return -1;
}

int ck_pdf_fonts_advance(const ck_pdf_fonts *f, int face, uint32_t cp)
{
    const face_rec *fc = &f->faces[face];
    hb_codepoint_t gid = 0;
    if (!hb_font_get_nominal_glyph(fc->font, cp, &gid))
        gid = 0; /* .notdef, as the PDF would draw it */
    return per_mille(hb_font_get_glyph_h_advance(fc->font, gid), fc->upem);
}

int ck_pdf_fonts_char_width(const ck_pdf_fonts *f, ck_pdf_role role, uint32_t cp)
{
    int fi = ck_pdf_fonts_face(f, role, cp);
    return ck_pdf_fonts_advance(f, fi < 0 ? f->chain[role][0] : fi, cp);
}

double ck_pdf_fonts_width(const ck_pdf_fonts *f, ck_pdf_role role, const char *text, size_t len)
{
    double w = 0;
    for (size_t at = 0; at < len;) {
        uint32_t cp;
        at += ck_pdf_utf8_next(text + at, len - at, &cp);
        w += ck_pdf_fonts_char_width(f, role, cp);
    }
    return w;
}

void ck_pdf_fonts_extents(const ck_pdf_fonts *f, ck_pdf_role role, int *ascent, int *descent)
{
    const face_rec *fc = &f->faces[f->chain[role][0]];
    *ascent = fc->ascent;
    *descent = fc->descent;
}

ck_rc ck_pdf_fonts_subset(unsigned char **out, size_t *len, const ck_pdf_fonts *f, int face,
                          const uint32_t *cps, size_t n, ck_err *err)
{
    *out = NULL;
    *len = 0;
    hb_subset_input_t *in = hb_subset_input_create_or_fail();
    if (!in)
        return ck_err_set(err, CK_ENOMEM, "Out of memory while cutting the font %s.",
                          f->faces[face].file);
    hb_set_t *unicodes = hb_subset_input_unicode_set(in);
    for (size_t i = 0; i < n; i++)
        hb_set_add(unicodes, cps[i]);
    /* The PDF positions every glyph itself and printers rasterise at 300 dpi and more, so
     * neither hinting nor the layout tables would be used; leaving them out also spares the
     * subsetter following substitutions to glyphs that are never drawn. */
    hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NO_HINTING);
    hb_set_t *drop = hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG);
    hb_set_add(drop, HB_TAG('G', 'S', 'U', 'B'));
    hb_set_add(drop, HB_TAG('G', 'P', 'O', 'S'));
    hb_set_add(drop, HB_TAG('G', 'D', 'E', 'F'));
    hb_face_t *sub = hb_subset_or_fail(f->faces[face].face, in);
    hb_subset_input_destroy(in);
    if (!sub)
        return ck_err_set(err, CK_EINTERNAL, "HarfBuzz could not cut a subset of the font %s.",
                          f->faces[face].file);
    hb_blob_t *blob = hb_face_reference_blob(sub);
    hb_face_destroy(sub);
    unsigned size = 0;
    const char *data = hb_blob_get_data(blob, &size);
    ck_rc rc = CK_OK;
    if (!data || !size)
        rc = ck_err_set(err, CK_EINTERNAL, "HarfBuzz made an empty subset of the font %s.",
                        f->faces[face].file);
    else if (!(*out = malloc(size)))
        rc = ck_err_set(err, CK_ENOMEM, "Out of memory while cutting the font %s.",
                        f->faces[face].file);
    else {
        memcpy(*out, data, size);
        *len = size;
    }
    hb_blob_destroy(blob);
    return rc;
}

ck_rc ck_pdf_fonts_check_text(const ck_pdf_fonts *fonts, const char *field, const char *text,
                              ck_err *err)
{
    if (!field || !*field)
        field = "The text";
    if (!fonts)
        return ck_err_set(err, CK_EINVAL, "No fonts were given to check %s against.", field);
    if (!text)
        return ck_err_set(err, CK_EINVAL, "%s is missing; fill it in.", field);
    char *norm = NULL;
    ck_rc rc = ck_pdf_text_normalize(&norm, field, text, fonts, CK_PDF_ALL_ROLES, err);
    if (rc == CK_OK && !*norm)
        rc = ck_err_set(err, CK_EINVAL, "%s is empty; fill it in.", field);
    free(norm);
    return rc;
}
