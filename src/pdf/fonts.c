/* The font set: each face read and parsed once (HarfBuzz), asked which characters it has and
 * how wide they are, and cut into a subset for each document (HarfBuzz's subsetter). Behind
 * the four faces of fonts/ come fallback faces for Chinese, Japanese and Korean, found among
 * the system's fonts through fontconfig. */
#include "pdf/fonts.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <fontconfig/fontconfig.h>
#include <hb-subset.h>
#include <hb.h>

#include "pdf/pdf_internal.h"

typedef struct face_rec {
    hb_face_t *face;
    hb_font_t *font; /* at the face's own scale: advances come in font units */
    unsigned upem;
    int ascent, descent; /* hhea's, in 1/1000 em */
    char file[64];       /* the file name, for messages */
    char *path;          /* a fallback's whole path (malloc'd); NULL for fonts/'s faces */
    int index;           /* a fallback's face in its file */
} face_rec;

struct ck_pdf_fonts {
    face_rec faces[CK_PDF_MAX_FACES];
    int nfaces;
    /* Each role's faces, tried in order: its own face first, then the fallbacks. */
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

/* How face_parse() found a file. */
typedef enum face_state { FACE_OK, FACE_UNREADABLE, FACE_NOT_EMBEDDABLE, FACE_NO_PROBE } face_state;

/* Parse face index of the font file at path into fc (fc->file already set), if it is a
 * TrueType face libharu can embed with a glyph for probe; otherwise fc holds nothing. */
static face_state face_parse(face_rec *fc, const char *path, unsigned index, uint32_t probe)
{
    hb_blob_t *blob = hb_blob_create_from_file_or_fail(path);
    if (!blob)
        return FACE_UNREADABLE;
    fc->face = index < hb_face_count(blob) ? hb_face_create(blob, index) : NULL;
    hb_blob_destroy(blob);
    /* libharu embeds TrueType outlines (glyf) only, and needs these tables to do it. */
    static const hb_tag_t needed[] = {HB_TAG('g', 'l', 'y', 'f'), HB_TAG('h', 'h', 'e', 'a'),
                                      HB_TAG('h', 'm', 't', 'x'), HB_TAG('h', 'e', 'a', 'd'),
                                      HB_TAG('c', 'm', 'a', 'p'), HB_TAG('O', 'S', '/', '2')};
    bool ok = fc->face && hb_face_get_glyph_count(fc->face) > 0 && hb_face_get_upem(fc->face) > 0;
    for (size_t i = 0; ok && i < sizeof needed / sizeof needed[0]; i++)
        ok = has_table(fc->face, needed[i]);
    hb_codepoint_t gid;
    face_state state = ok ? FACE_OK : FACE_NOT_EMBEDDABLE;
    if (ok) {
        fc->font = hb_font_create(fc->face);
        fc->upem = hb_face_get_upem(fc->face);
        if (!hb_font_get_nominal_glyph(fc->font, probe, &gid))
            state = FACE_NO_PROBE;
    }
    if (state != FACE_OK) {
        hb_font_destroy(fc->font);
        hb_face_destroy(fc->face);
        fc->font = NULL;
        fc->face = NULL;
        return state;
    }
    hb_blob_t *hhea = hb_face_reference_table(fc->face, HB_TAG('h', 'h', 'e', 'a'));
    fc->ascent = per_mille(table_int16(hhea, 4), fc->upem);
    fc->descent = per_mille(table_int16(hhea, 6), fc->upem);
    hb_blob_destroy(hhea);
    return FACE_OK;
}

/* Read and check one TrueType file of the fonts folder into fc. */
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
                          path, CK_MSG_ERRNO(errno), file);
    face_state state = face_parse(fc, path, 0, 'A');
    if (state == FACE_UNREADABLE)
        return ck_err_set(err, CK_EIO,
                          "Font %s cannot be read; point the fonts folder at classkiosk's "
                          "fonts/ folder, which holds %s.",
                          path, file);
    if (state == FACE_NOT_EMBEDDABLE)
        return ck_err_set(err, CK_EIO,
                          "Font %s is not a TrueType font classkiosk can embed; restore it from "
                          "classkiosk's fonts/ folder.",
                          path);
    if (state == FACE_NO_PROBE)
        return ck_err_set(err, CK_EIO,
                          "Font %s has no Unicode character map; restore it from classkiosk's "
                          "fonts/ folder.",
                          path);
    return CK_OK;
}

/* Characters of the scripts the fallbacks are for: Chinese 李, Japanese 山 あ ア, Korean 김. */
static const uint32_t FALLBACK_FOR[] = {0x674E, 0x5C71, 0x3042, 0x30A2, 0xAE40};
#define NFALLBACK_FOR (sizeof FALLBACK_FOR / sizeof FALLBACK_FOR[0])
/* A fallback is kept only if it draws this many characters the ones before it do not. */
#define FALLBACK_MIN_NEW 64

typedef struct fallback {
    FcPattern *font;
    FcCharSet *has;
    int count;
    int off_regular; /* how far its weight is from regular */
    const char *file;
} fallback;

/* Larger character sets first: the face that draws most of a name draws it in one style; of
 * one family's faces (the same characters) the regular weight, then by file name, so that
 * every run picks the same. */
static int by_size(const void *a, const void *b)
{
    const fallback *x = a, *y = b;
    if (x->count != y->count)
        return (y->count > x->count) - (y->count < x->count);
    if (x->off_regular != y->off_regular)
        return x->off_regular - y->off_regular;
    return strcmp(x->file, y->file);
}

/* Append the system's TrueType faces for the FALLBACK_FOR scripts to every role. Fontconfig
 * lists the fonts with their characters; the largest sets go first, and a face is kept only if
 * it adds characters (the weights of one family add none), up to CK_PDF_MAX_FACES. Faces
 * libharu cannot embed (CFF outlines, such as Noto CJK's .otf and .ttc) are passed over. No
 * fallback is no error: names in those scripts are then refused when they are entered. */
static void add_fallbacks(ck_pdf_fonts *f)
{
    FcConfig *cfg = FcInitLoadConfigAndFonts();
    FcPattern *pat = FcPatternCreate();
    FcObjectSet *props =
        FcObjectSetBuild(FC_FILE, FC_INDEX, FC_CHARSET, FC_FONTFORMAT, FC_WEIGHT, NULL);
    FcCharSet *covered = FcCharSetCreate();
    FcFontSet *set = NULL;
    fallback *cands = NULL;
    if (!cfg || !pat || !props || !covered)
        goto cleanup;
    FcPatternAddBool(pat, FC_SCALABLE, FcTrue);
    set = FcFontList(cfg, pat, props);
    cands = set ? calloc((size_t)set->nfont + 1, sizeof *cands) : NULL;
    if (!cands)
        goto cleanup;
    size_t n = 0;
    for (int i = 0; i < set->nfont; i++) {
        FcChar8 *format = NULL, *file = NULL;
        FcCharSet *has = NULL;
        int weight = FC_WEIGHT_REGULAR;
        if (FcPatternGetCharSet(set->fonts[i], FC_CHARSET, 0, &has) != FcResultMatch ||
            FcPatternGetString(set->fonts[i], FC_FONTFORMAT, 0, &format) != FcResultMatch ||
            FcPatternGetString(set->fonts[i], FC_FILE, 0, &file) != FcResultMatch ||
            strcmp((const char *)format, "TrueType") != 0)
            continue;
        FcPatternGetInteger(set->fonts[i], FC_WEIGHT, 0, &weight);
        bool wanted = false;
        for (size_t c = 0; c < NFALLBACK_FOR && !wanted; c++)
            wanted = FcCharSetHasChar(has, FALLBACK_FOR[c]);
        if (wanted)
            cands[n++] = (fallback){set->fonts[i], has, (int)FcCharSetCount(has),
                                    abs(weight - FC_WEIGHT_REGULAR), (const char *)file};
    }
    qsort(cands, n, sizeof *cands, by_size);
    for (size_t i = 0; i < n && f->nfaces < CK_PDF_MAX_FACES; i++) {
        FcChar8 *file = NULL;
        int index = 0;
        if (FcCharSetSubtractCount(cands[i].has, covered) < FALLBACK_MIN_NEW ||
            FcPatternGetString(cands[i].font, FC_FILE, 0, &file) != FcResultMatch)
            continue;
        FcPatternGetInteger(cands[i].font, FC_INDEX, 0, &index);
        uint32_t probe = 0;
        for (size_t c = 0; c < NFALLBACK_FOR && !probe; c++)
            if (FcCharSetHasChar(cands[i].has, FALLBACK_FOR[c]))
                probe = FALLBACK_FOR[c];
        face_rec *fc = &f->faces[f->nfaces];
        const char *base = strrchr((const char *)file, '/');
        snprintf(fc->file, sizeof fc->file, "%s", base ? base + 1 : (const char *)file);
        fc->path = strdup((const char *)file);
        fc->index = index;
        if (!fc->path || index < 0 || face_parse(fc, fc->path, (unsigned)index, probe) != FACE_OK) {
            free(fc->path);
            fc->path = NULL;
            continue;
        }
        FcCharSet *more = FcCharSetUnion(covered, cands[i].has);
        if (more) {
            FcCharSetDestroy(covered);
            covered = more;
        }
        for (int r = 0; r < CK_PDF_ROLE_COUNT; r++)
            f->chain[r][f->chain_len[r]++] = f->nfaces;
        f->nfaces++;
    }
cleanup:
    free(cands);
    if (set)
        FcFontSetDestroy(set);
    if (covered)
        FcCharSetDestroy(covered);
    if (props)
        FcObjectSetDestroy(props);
    if (pat)
        FcPatternDestroy(pat);
    if (cfg)
        FcConfigDestroy(cfg);
}

void ck_pdf_fonts_free(ck_pdf_fonts *fonts)
{
    if (!fonts)
        return;
    for (int i = 0; i < fonts->nfaces; i++) {
        hb_font_destroy(fonts->faces[i].font);
        hb_face_destroy(fonts->faces[i].face);
        free(fonts->faces[i].path);
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
    add_fallbacks(f);
    *out = f;
    return CK_OK;
}

int ck_pdf_fonts_face_count(const ck_pdf_fonts *f)
{
    return f->nfaces;
}

size_t ck_pdf_fonts_fallbacks(const ck_pdf_fonts *f, const char **paths, int *indexes, size_t max)
{
    size_t n = 0;
    for (int i = 0; f && i < f->nfaces; i++) {
        if (!f->faces[i].path)
            continue;
        if (n < max) {
            paths[n] = f->faces[i].path;
            indexes[n] = f->faces[i].index;
        }
        n++;
    }
    return n;
}

const char *ck_pdf_fonts_face_file(const ck_pdf_fonts *f, int face)
{
    return face >= 0 && face < f->nfaces ? f->faces[face].file : "";
}

int ck_pdf_fonts_face(const ck_pdf_fonts *f, ck_pdf_role role, uint32_t cp)
{
    hb_codepoint_t gid;
    hb_glyph_extents_t ext;
    for (int i = 0; i < f->chain_len[role]; i++) {
        int fi = f->chain[role][i];
        if (!hb_font_get_nominal_glyph(f->faces[fi].font, cp, &gid))
            continue;
        /* Some system faces map characters to empty glyphs (NanumSquare's Chinese ones): a
         * fallback must draw something for a character that is not a space. */
        if (!f->faces[fi].path || cp == ' ' || cp == 0xA0 || cp == 0x3000 ||
            (hb_font_get_glyph_extents(f->faces[fi].font, gid, &ext) && ext.width != 0))
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

/* A big-endian 16-bit value. */
static unsigned char *put16(unsigned char *p, unsigned v)
{
    p[0] = (unsigned char)(v >> 8);
    p[1] = (unsigned char)v;
    return p + 2;
}

/* libharu writes a PDF's CIDToGIDMap by looking up all 65,536 codes of its UTF-8 encoding in
 * the embedded font's cmap, scanning the format-4 segments one by one, for every face of
 * every document. HarfBuzz writes a segment for each run of consecutive characters (twenty
 * or so on a certificate); this cmap bridges gaps of up to CMAP_GAP code points with zeros
 * in its glyph array, which leaves three or four segments for Latin, Greek, Cyrillic and
 * punctuation and makes libharu's lookups several times cheaper. Same characters, same glyphs.
 * cps is sorted; NULL when the table would be too large (then HarfBuzz's stays). */
#define CMAP_GAP 256
static hb_blob_t *compact_cmap(hb_face_t *sub, const uint32_t *cps, size_t n)
{
    size_t nseg = 1, narray = 0; /* the closing 0xFFFF segment */
    uint32_t start = 0;
    for (size_t i = 0; i < n && cps[i] < 0xFFFF; i++) {
        if (i == 0 || cps[i] - cps[i - 1] > CMAP_GAP) {
            if (i > 0)
                narray += cps[i - 1] - start + 1;
            start = cps[i];
            nseg++;
        }
        if (i + 1 == n || cps[i + 1] >= 0xFFFF)
            narray += cps[i] - start + 1;
    }
    size_t sublen = 16 + 8 * nseg + 2 * narray, len = 4 + 2 * 8 + sublen;
    if (sublen > 0xFFFF)
        return NULL;
    unsigned char *t = calloc(1, len);
    if (!t)
        return NULL;
    unsigned range = 1, selector = 0;
    while (range * 2 <= nseg) {
        range *= 2;
        selector++;
    }
    unsigned char *p = put16(put16(t, 0), 2);       /* version 0, two encoding records */
    p = put16(put16(put16(put16(p, 0), 3), 0), 20); /* Unicode BMP, at offset 20 */
    p = put16(put16(put16(put16(p, 3), 1), 0), 20); /* Windows Unicode BMP, the same */
    p = put16(put16(put16(p, 4), (unsigned)sublen), 0);
    p = put16(put16(put16(put16(p, (unsigned)nseg * 2), range * 2), selector),
              (unsigned)(nseg - range) * 2);
    unsigned char *ends = p, *starts = ends + 2 * nseg + 2, *deltas = starts + 2 * nseg;
    unsigned char *offsets = deltas + 2 * nseg, *glyphs = offsets + 2 * nseg;
    hb_font_t *font = hb_font_create(sub);
    size_t seg = 0, at = 0;
    for (size_t i = 0; i < n && cps[i] < 0xFFFF;) {
        size_t j = i;
        while (j + 1 < n && cps[j + 1] < 0xFFFF && cps[j + 1] - cps[j] <= CMAP_GAP)
            j++;
        put16(starts + 2 * seg, cps[i]);
        put16(ends + 2 * seg, cps[j]);
        /* idRangeOffset: bytes from this entry to the segment's first glyph id. */
        put16(offsets + 2 * seg, (unsigned)(2 * (nseg - seg) + 2 * at));
        for (uint32_t cp = cps[i]; cp <= cps[j]; cp++, at++) {
            hb_codepoint_t gid = 0;
            hb_font_get_nominal_glyph(font, cp, &gid);
            put16(glyphs + 2 * at, gid);
        }
        seg++;
        i = j + 1;
    }
    hb_font_destroy(font);
    put16(starts + 2 * seg, 0xFFFF);
    put16(ends + 2 * seg, 0xFFFF);
    put16(deltas + 2 * seg, 1); /* 0xFFFF + 1 wraps to glyph 0 */
    return hb_blob_create((const char *)t, (unsigned)len, HB_MEMORY_MODE_WRITABLE, t, free);
}

/* A 'prep' program that pushes a zero and pops it: it does nothing. libharu 2.3 writes the
 * tables of an embedded font in a fixed order, 'prep' last, into a memory stream of 4 KB
 * buffers and then seeks to each table again; when 'prep' is empty and the tables before it
 * fill whole buffers, that seek lands on the end of the stream, which its memory stream
 * refuses, and the document fails to save (about one unhinted subset in 150). */
static const char NOOP_PREP[] = {'\xB0', '\x00', '\x21'}; /* PUSHB[0] 0, POP */

/* The subset face serialised as a font file, with compact_cmap()'s cmap and, when it has none,
 * the no-op 'prep'. */
static hb_blob_t *serialize(hb_face_t *sub, const uint32_t *cps, size_t n)
{
    const hb_tag_t CMAP = HB_TAG('c', 'm', 'a', 'p'), PREP = HB_TAG('p', 'r', 'e', 'p');
    hb_blob_t *file = hb_face_reference_blob(sub), *cmap = compact_cmap(sub, cps, n);
    /* A subset face lists no tables; the file made from it does. */
    hb_face_t *parsed = hb_face_create(file, 0), *builder = hb_face_builder_create();
    hb_tag_t tags[64];
    unsigned count = sizeof tags / sizeof tags[0];
    bool has_prep = false;
    hb_face_get_table_tags(parsed, 0, &count, tags);
    for (unsigned i = 0; i < count; i++) {
        hb_blob_t *table = tags[i] == CMAP && cmap ? hb_blob_reference(cmap)
                                                   : hb_face_reference_table(parsed, tags[i]);
        has_prep = has_prep || (tags[i] == PREP && hb_blob_get_length(table) > 0);
        hb_face_builder_add_table(builder, tags[i], table);
        hb_blob_destroy(table);
    }
    if (!has_prep) {
        hb_blob_t *prep =
            hb_blob_create(NOOP_PREP, sizeof NOOP_PREP, HB_MEMORY_MODE_READONLY, NULL, NULL);
        hb_face_builder_add_table(builder, PREP, prep);
        hb_blob_destroy(prep);
    }
    hb_blob_t *out = hb_face_reference_blob(builder);
    hb_face_destroy(builder);
    hb_face_destroy(parsed);
    hb_blob_destroy(cmap);
    hb_blob_destroy(file);
    return out;
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
    hb_blob_t *blob = serialize(sub, cps, n);
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
        return ck_err_set(err, CK_EINVAL, "No fonts were given to check %s against.",
                          CK_MSG_PHRASE(field));
    if (!text)
        return ck_err_set(err, CK_EINVAL, "%s is missing; fill it in.", CK_MSG_PHRASE(field));
    char *norm = NULL;
    ck_rc rc = ck_pdf_text_normalize(&norm, field, text, fonts, CK_PDF_ALL_ROLES, err);
    if (rc == CK_OK && !*norm)
        rc = ck_err_set(err, CK_EINVAL, "%s is empty; fill it in.", CK_MSG_PHRASE(field));
    free(norm);
    return rc;
}
