/* One PDF with libharu: set-up, document information, font subsets embedded from memory, text
 * in runs of one face, saving to memory. */
#include "pdf/pdf_doc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hpdf_doc.h>
#include <hpdf_font.h>
#include <hpdf_fontdef.h>
#include <hpdf_streams.h>

/* Bytes of one face's bitset: a bit for each code point of the Basic Multilingual Plane, the
 * characters libharu's UTF-8 encoder can write. */
#define USED_BYTES (0x10000 / 8)

static void on_hpdf_error(HPDF_STATUS status, HPDF_STATUS detail, void *user)
{
    ck_pdf_doc *d = user;
    if (status == HPDF_STREAM_EOF)
        return; /* reading the finished document back reports its end this way */
    if (d->status == HPDF_OK) {
        d->status = status;
        d->detail = detail;
    }
}

ck_rc ck_pdf_doc_failed(const ck_pdf_doc *d, ck_err *err, const char *what)
{
    return ck_err_set(err, d->status == HPDF_FAILD_TO_ALLOC_MEM ? CK_ENOMEM : CK_EIO,
                      "The PDF library failed while %s (libharu error 0x%04lX, detail %lu).", what,
                      (unsigned long)d->status, (unsigned long)d->detail);
}

static void set_info(ck_pdf_doc *d, HPDF_InfoType type, const char *value)
{
    if (value && *value)
        HPDF_SetInfoAttr(d->doc, type, value);
}

ck_rc ck_pdf_doc_start(ck_pdf_doc *d, const ck_pdf_fonts *fonts, const ck_pdf_meta *meta,
                       ck_err *err)
{
    memset(d, 0, sizeof *d);
    d->fonts = fonts;
    d->used = calloc((size_t)ck_pdf_fonts_face_count(fonts), USED_BYTES);
    d->doc = d->used ? HPDF_New(on_hpdf_error, d) : NULL;
    if (!d->doc)
        return ck_err_set(err, CK_ENOMEM, "Out of memory while starting the PDF.");
    HPDF_SetCompressionMode(d->doc, HPDF_COMP_ALL);
    HPDF_UseUTFEncodings(d->doc);
    HPDF_SetCurrentEncoder(d->doc, "UTF-8");

    time_t now = meta->created ? meta->created : time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    long off = tm.tm_gmtoff / 60;
    HPDF_Date date = {.year = tm.tm_year + 1900,
                      .month = tm.tm_mon + 1,
                      .day = tm.tm_mday,
                      .hour = tm.tm_hour,
                      .minutes = tm.tm_min,
                      .seconds = tm.tm_sec > 59 ? 59 : tm.tm_sec,
                      .ind = off == 0  ? 'Z'
                             : off > 0 ? '+'
                                       : '-',
                      .off_hour = (HPDF_INT)(labs(off) / 60),
                      .off_minutes = (HPDF_INT)(labs(off) % 60)};
    HPDF_SetInfoDateAttr(d->doc, HPDF_INFO_CREATION_DATE, date);
    set_info(d, HPDF_INFO_TITLE, meta->title);
    set_info(d, HPDF_INFO_AUTHOR, meta->author);
    set_info(d, HPDF_INFO_SUBJECT, meta->subject);
    set_info(d, HPDF_INFO_KEYWORDS, meta->keywords);
    set_info(d, HPDF_INFO_CREATOR, "classkiosk " CK_VERSION);
    return d->status == HPDF_OK ? CK_OK
                                : ck_pdf_doc_failed(d, err, "writing the document information");
}

void ck_pdf_doc_use(ck_pdf_doc *d, ck_pdf_role role, const char *text)
{
    size_t n = strlen(text);
    for (size_t at = 0; at < n;) {
        uint32_t cp;
        at += ck_pdf_utf8_next(text + at, n - at, &cp);
        int face = ck_pdf_fonts_face(d->fonts, role, cp);
        if (face >= 0 && cp <= 0xFFFF)
            d->used[(size_t)face * USED_BYTES + cp / 8] |= (unsigned char)(1u << (cp % 8));
    }
}

static bool is_used(const ck_pdf_doc *d, int face, uint32_t cp)
{
    return cp <= 0xFFFF && (d->used[(size_t)face * USED_BYTES + cp / 8] >> (cp % 8) & 1u);
}

/* Six capital letters from the subset's bytes: the tag that names a subset ("ABCDEF+Name"). */
static void subset_tag(char tag[7], const unsigned char *data, size_t len)
{
    uint64_t h = 1469598103934665603u; /* FNV-1a */
    for (size_t i = 0; i < len; i++)
        h = (h ^ data[i]) * 1099511628211u;
    for (int i = 0; i < 6; i++, h /= 26)
        tag[i] = (char)('A' + h % 26);
    tag[6] = '\0';
}

/* libharu writes each font's CIDToGIDMap for all 65,536 codes of its UTF-8 encoding: 128 KB
 * that every save compresses anew. A document draws no code above its highest character, and
 * a map needs entries only for the codes that are drawn (ISO 32000-1, 9.7.4.2), so the map is
 * cut after that character's entry. font is the Type0 font HPDF_GetFont() returned; its
 * attributes (hpdf_font.h) hold the map's stream. */
static void trim_cid_map(HPDF_Font font, uint32_t last)
{
    HPDF_FontAttr attr = (HPDF_FontAttr)font->attr;
    HPDF_Stream map = attr && attr->map_stream ? attr->map_stream->stream : NULL;
    HPDF_UINT keep = 2 * (last + 1), got = 0;
    if (!map || map->type != HPDF_STREAM_MEMORY || map->size <= keep)
        return;
    unsigned char *head = malloc(keep);
    if (!head)
        return; /* the whole map stays: larger, still right */
    for (HPDF_UINT i = 0; got < keep; i++) {
        HPDF_UINT len = 0;
        const HPDF_BYTE *part = HPDF_MemStream_GetBufPtr(map, i, &len);
        if (!part)
            break;
        len = len < keep - got ? len : keep - got;
        memcpy(head + got, part, len);
        got += len;
    }
    if (got == keep) {
        HPDF_MemStream_FreeData(map);
        HPDF_Stream_Write(map, head, keep);
    }
    free(head);
}

/* Cut one face to its declared characters and load it into the document. libharu 2.3's
 * public API loads TrueType only from a file; its installed headers (hpdf_doc.h,
 * hpdf_fontdef.h, hpdf_streams.h) declare the steps HPDF_LoadTTFontFromFile takes, on any
 * stream, and those are taken here on a memory stream. */
static ck_rc embed_face(ck_pdf_doc *d, int face, const uint32_t *cps, size_t n, ck_err *err)
{
    unsigned char *ttf = NULL;
    size_t len = 0;
    ck_rc rc = ck_pdf_fonts_subset(&ttf, &len, d->fonts, face, cps, n, err);
    if (rc != CK_OK)
        return rc;
    char tag[7];
    subset_tag(tag, ttf, len);
    /* One buffer with room to spare: libharu's memory stream fails a seek to its very end when
     * the end falls on a buffer boundary, and it seeks there for an empty last glyph. */
    HPDF_Stream stream = HPDF_MemStream_New(d->doc->mmgr, (HPDF_UINT)len + 16);
    HPDF_FontDef def = NULL;
    if (stream && HPDF_Stream_Write(stream, ttf, (HPDF_UINT)len) == HPDF_OK)
        def = HPDF_TTFontDef_Load(d->doc->mmgr, stream, HPDF_TRUE); /* owns the stream */
    else if (stream)
        HPDF_Stream_Free(stream);
    free(ttf);
    if (def && HPDF_Doc_RegisterFontDef(d->doc, def) == HPDF_OK) { /* frees def if not */
        HPDF_TTFontDef_SetTagName(def, tag);
        d->font[face] = HPDF_GetFont(d->doc, def->base_font, "UTF-8");
    }
    if (d->font[face] && d->status == HPDF_OK)
        trim_cid_map(d->font[face], cps[n - 1]);
    if (!d->font[face] || d->status != HPDF_OK)
        return ck_err_set(err, CK_EIO,
                          "The PDF library could not embed the font %s (libharu error 0x%04lX); "
                          "restore it from classkiosk's fonts/ folder.",
                          ck_pdf_fonts_face_file(d->fonts, face), (unsigned long)d->status);
    return CK_OK;
}

ck_rc ck_pdf_doc_embed(ck_pdf_doc *d, ck_err *err)
{
    ck_rc rc = CK_OK;
    uint32_t *cps = malloc(0x10000 * sizeof *cps);
    if (!cps)
        return ck_err_set(err, CK_ENOMEM, "Out of memory while embedding the fonts.");
    for (int face = 0; rc == CK_OK && face < ck_pdf_fonts_face_count(d->fonts); face++) {
        const unsigned char *bits = d->used + (size_t)face * USED_BYTES;
        size_t n = 0;
        for (uint32_t byte = 0; byte < USED_BYTES; byte++)
            for (uint32_t bit = 0; bits[byte] >> bit; bit++)
                if (bits[byte] >> bit & 1u)
                    cps[n++] = byte * 8 + bit;
        if (n)
            rc = embed_face(d, face, cps, n, err);
    }
    free(cps);
    d->embedded = rc == CK_OK;
    return rc;
}

ck_rc ck_pdf_doc_add_page(HPDF_Page *out, ck_pdf_doc *d, double w, double h, ck_err *err)
{
    *out = HPDF_AddPage(d->doc);
    if (*out) {
        HPDF_Page_SetWidth(*out, (HPDF_REAL)w);
        HPDF_Page_SetHeight(*out, (HPDF_REAL)h);
    }
    return *out && d->status == HPDF_OK ? CK_OK : ck_pdf_doc_failed(d, err, "adding a page");
}

/* Show one run of a single face. */
static ck_rc show_run(ck_pdf_doc *d, HPDF_Page page, HPDF_Font font, double size, double x,
                      double y, const char *text, size_t len, ck_err *err)
{
    char buf[1024];
    if (len >= sizeof buf)
        return ck_err_set(err, CK_EINVAL,
                          "A line of %zu bytes is too long for the PDF; shorten the text.", len);
    memcpy(buf, text, len);
    buf[len] = '\0';
    if (HPDF_Page_GetCurrentFont(page) != font ||
        HPDF_Page_GetCurrentFontSize(page) != (HPDF_REAL)size)
        HPDF_Page_SetFontAndSize(page, font, (HPDF_REAL)size);
    HPDF_Page_TextOut(page, (HPDF_REAL)x, (HPDF_REAL)y, buf);
    return d->status == HPDF_OK ? CK_OK : ck_pdf_doc_failed(d, err, "drawing text");
}

ck_rc ck_pdf_doc_text(ck_pdf_doc *d, HPDF_Page page, ck_pdf_role role, double size,
                      double char_space, double x, double y, const char *text, size_t len,
                      ck_err *err)
{
    if (!d->embedded)
        return ck_err_set(err, CK_EINTERNAL, "Text was drawn before the fonts were embedded.");
    size_t run = 0, chars = 0;
    int run_face = -1;
    double run_em = 0;
    for (size_t at = 0; at <= len;) {
        uint32_t cp = 0;
        size_t clen = at < len ? ck_pdf_utf8_next(text + at, len - at, &cp) : 0;
        int face = at < len ? ck_pdf_fonts_face(d->fonts, role, cp) : -1;
        if (at < len && (face < 0 || !is_used(d, face, cp) || !d->font[face]))
            return ck_err_set(err, CK_EINTERNAL,
                              "The character U+%04X was drawn without being declared to the "
                              "PDF's fonts.",
                              (unsigned)cp);
        if (face != run_face && at > run) {
            ck_rc rc = show_run(d, page, d->font[run_face], size, x, y, text + run, at - run, err);
            if (rc != CK_OK)
                return rc;
            x += run_em * size / 1000 + char_space * (double)chars;
            run = at;
            run_em = 0;
            chars = 0;
        }
        if (at == len)
            break;
        run_face = face;
        run_em += ck_pdf_fonts_advance(d->fonts, face, cp);
        chars++;
        at += clen;
    }
    return CK_OK;
}

ck_rc ck_pdf_doc_line(ck_pdf_doc *d, HPDF_Page page, ck_pdf_role role, double size, float r,
                      float g, float b, double x, double y, const char *text, size_t len,
                      ck_err *err)
{
    HPDF_Page_SetRGBFill(page, r, g, b);
    HPDF_Page_BeginText(page);
    ck_rc rc = ck_pdf_doc_text(d, page, role, size, 0, x, y, text, len, err);
    HPDF_Page_EndText(page);
    return rc;
}

/* The rectangles are given in modules (a scale by m, y up from the symbol's lower edge), so
 * each is four small whole numbers in the page's content. */
void ck_pdf_doc_qr(HPDF_Page p, const ck_pdf_qr *qr, double x, double y, double m)
{
    int side = qr->modules + 2 * CK_PDF_QR_QUIET;
    HPDF_Page_GSave(p);
    HPDF_Page_Concat(p, (HPDF_REAL)m, 0, 0, (HPDF_REAL)m, (HPDF_REAL)x, (HPDF_REAL)y);
    HPDF_Page_SetGrayFill(p, 0);
    for (size_t i = 0; i < qr->nrects; i++) {
        const ck_pdf_qr_rect *r = &qr->rects[i];
        HPDF_Page_Rectangle(p, (HPDF_REAL)(CK_PDF_QR_QUIET + r->x),
                            (HPDF_REAL)(side - CK_PDF_QR_QUIET - r->y - r->h), (HPDF_REAL)r->w,
                            (HPDF_REAL)r->h);
    }
    HPDF_Page_Fill(p);
    HPDF_Page_GRestore(p);
}

ck_rc ck_pdf_doc_save(unsigned char **out, size_t *size, ck_pdf_doc *d, ck_err *err)
{
    *out = NULL;
    *size = 0;
    if (HPDF_SaveToStream(d->doc) != HPDF_OK || d->status != HPDF_OK)
        return ck_pdf_doc_failed(d, err, "saving the document");
    HPDF_UINT32 total = HPDF_GetStreamSize(d->doc), got = 0;
    unsigned char *buf = malloc(total ? total : 1);
    if (!buf)
        return ck_err_set(err, CK_ENOMEM, "Out of memory for a PDF of %lu bytes.",
                          (unsigned long)total);
    HPDF_ResetStream(d->doc);
    while (got < total) {
        HPDF_UINT32 chunk = total - got;
        HPDF_STATUS st = HPDF_ReadFromStream(d->doc, buf + got, &chunk);
        got += chunk;
        if ((st != HPDF_OK && st != HPDF_STREAM_EOF) || (chunk == 0 && got < total)) {
            free(buf);
            return ck_pdf_doc_failed(d, err, "reading the finished document");
        }
    }
    *out = buf;
    *size = total;
    return CK_OK;
}

void ck_pdf_doc_free(ck_pdf_doc *d)
{
    if (!d)
        return;
    if (d->doc)
        HPDF_Free(d->doc);
    free(d->used);
    memset(d, 0, sizeof *d);
}
