/* Names: validating and normalising what people type or import, and matching searches. */
#include "core/names.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* Letters that neither decompose nor case-fold to ASCII, lower case. */
static const char *ascii_for(utf8proc_int32_t cp)
{
    switch (cp) {
    case 0x00F8: return "o";  /* ø */
    case 0x0142: return "l";  /* ł */
    case 0x0111: return "d";  /* đ */
    case 0x00F0: return "d";  /* ð */
    case 0x0127: return "h";  /* ħ */
    case 0x0131: return "i";  /* dotless ı */
    case 0x00E6: return "ae"; /* æ */
    case 0x0153: return "oe"; /* œ */
    case 0x00FE: return "th"; /* þ */
    case 0x0167: return "t";  /* ŧ */
    case 0x014B: return "n";  /* ŋ */
    }
    return NULL;
}

char *ck_name_fold(const char *in)
{
    utf8proc_uint8_t *folded = NULL;
    utf8proc_ssize_t n =
        utf8proc_map((const utf8proc_uint8_t *)in, 0, &folded,
                     UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_DECOMPOSE |
                         UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK | UTF8PROC_LUMP | UTF8PROC_IGNORE);
    if (n < 0)
        return NULL;
    /* Each replacement is at most as long as what it replaces, plus one byte ("þ" → "th"
     * keeps two bytes), so the result fits in twice the input. */
    char *out = malloc((size_t)n * 2 + 1), *w = out;
    if (!out) {
        free(folded);
        return NULL;
    }
    for (utf8proc_ssize_t off = 0; off < n;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate(folded + off, n - off, &cp);
        if (k <= 0)
            break;
        const char *ascii = ascii_for(cp);
        bool brk = cp < 0x80 && !((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9'));
        if (brk) {
            /* Punctuation becomes a word break; runs of breaks collapse. */
            if (w != out && w[-1] != ' ')
                *w++ = ' ';
        } else if (ascii) {
            for (; *ascii; ascii++)
                *w++ = *ascii;
        } else {
            memcpy(w, folded + off, (size_t)k);
            w += k;
        }
        off += k;
    }
    if (w != out && w[-1] == ' ')
        w--;
    *w = '\0';
    free(folded);
    return out;
}

char *ck_name_key(const char *name)
{
    static const struct {
        const char *from, *to;
    } german[] = {{"\xC3\xA4", "ae"}, {"\xC3\xB6", "oe"}, {"\xC3\xBC", "ue"}, {"\xC3\x84", "Ae"},
                  {"\xC3\x96", "Oe"}, {"\xC3\x9C", "Ue"}, {"\xC3\xA5", "aa"}, {"\xC3\x85", "Aa"},
                  {"\xC3\xB8", "oe"}, {"\xC3\x98", "Oe"}};
    char *primary = ck_name_fold(name);
    if (!primary)
        return NULL;
    /* The alternative spelling: replace on the composed name, then fold. */
    size_t len = strlen(name);
    char *spelled = malloc(len + 1), *w = spelled;
    if (!spelled) {
        free(primary);
        return NULL;
    }
    for (const char *r = name; *r;) {
        size_t i;
        for (i = 0; i < sizeof german / sizeof german[0]; i++)
            if (strncmp(r, german[i].from, 2) == 0)
                break;
        if (i < sizeof german / sizeof german[0]) {
            memcpy(w, german[i].to, 2); /* two bytes for two bytes */
            w += 2, r += 2;
        } else {
            *w++ = *r++;
        }
    }
    *w = '\0';
    char *alt = ck_name_fold(spelled);
    free(spelled);
    if (!alt || strcmp(alt, primary) == 0) {
        free(alt);
        return primary;
    }
    char *key = malloc(strlen(primary) + strlen(alt) + 2);
    if (key)
        sprintf(key, "%s\t%s", primary, alt);
    free(primary);
    free(alt);
    return key;
}

bool ck_name_key_equals(const char *key, const char *folded_query)
{
    size_t q = strlen(folded_query);
    for (const char *seg = key; seg;) {
        const char *tab = strchr(seg, '\t');
        size_t n = tab ? (size_t)(tab - seg) : strlen(seg);
        if (n == q && strncmp(seg, folded_query, n) == 0)
            return true;
        seg = tab ? tab + 1 : NULL;
    }
    return false;
}

/* Does word (up to a space or the end) start with prefix (up to a space or the end)? */
static bool word_starts_with(const char *word, const char *prefix)
{
    while (*prefix && *prefix != ' ') {
        if (*word != *prefix)
            return false;
        word++, prefix++;
    }
    return true;
}

/* Does one spelling (up to a tab or the end) match every word of the query? */
static bool spelling_matches(const char *name, const char *q)
{
    bool any = false;
    while (*q) {
        while (*q == ' ')
            q++;
        if (!*q)
            break;
        any = true;
        bool found = false;
        for (const char *w = name; *w && *w != '\t';) {
            if (word_starts_with(w, q)) {
                found = true;
                break;
            }
            while (*w && *w != ' ' && *w != '\t')
                w++;
            if (*w != ' ')
                break;
            w++;
        }
        if (!found)
            return false;
        while (*q && *q != ' ')
            q++;
    }
    return any;
}

bool ck_name_matches(const char *key, const char *folded_query)
{
    for (const char *seg = key; seg;) {
        if (spelling_matches(seg, folded_query))
            return true;
        const char *tab = strchr(seg, '\t');
        seg = tab ? tab + 1 : NULL;
    }
    return false;
}

const ck_lang *ck_name_language(const char *text)
{
    /* Folded names (ck_name_fold: no accents, lower case, punctuation as spaces), each in the
     * five languages and as short codes some exports use. */
    static const struct {
        const char *code, *names[12];
    } NAMES[] = {
        {"en", {"english", "englisch", "anglais", "ingles", "eng", NULL}},
        {"de", {"deutsch", "german", "allemand", "aleman", "alemao", "ger", "deu", NULL}},
        {"fr", {"francais", "french", "franzosisch", "frances", "fra", "fre", NULL}},
        {"es",
         {"espanol", "spanish", "spanisch", "espagnol", "espanhol", "castellano", "spa", NULL}},
        {"pt_BR",
         {"portugues", "portuguese", "portugiesisch", "portugais", "brazilian portuguese",
          "portugues do brasil", "portugues brasil", "portugues brasileiro",
          "brasilianisches portugiesisch", "portugais du bresil", "por", NULL}},
    };
    const ck_lang *lang = ck_lang_find(text);
    if (lang || !text)
        return lang;
    char *folded = ck_name_fold(text);
    if (!folded)
        return NULL;
    lang = ck_lang_find(folded); /* a code with spaces around it */
    for (size_t i = 0; i < sizeof NAMES / sizeof NAMES[0] && !lang; i++)
        for (size_t j = 0; NAMES[i].names[j] && !lang; j++)
            if (strcmp(folded, NAMES[i].names[j]) == 0)
                lang = ck_lang_find(NAMES[i].code);
    /* "pt br", "de de": a code written with a space, as the fold leaves it. */
    if (!lang && strlen(folded) == 5 && folded[2] == ' ') {
        folded[2] = '_';
        lang = ck_lang_find(folded);
    }
    free(folded);
    return lang;
}

bool ck_text_valid_utf8(const char *text, size_t len, size_t *bad_offset)
{
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)text;
    size_t off = 0;
    while (off < len) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate(p + off, (utf8proc_ssize_t)(len - off), &cp);
        if (n <= 0 || cp == 0) {
            if (bad_offset)
                *bad_offset = off;
            return false;
        }
        off += (size_t)n;
    }
    return true;
}

int ck_text_columns(const char *text)
{
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)text;
    int used = 0;
    utf8proc_ssize_t off = 0, len = (utf8proc_ssize_t)strlen(text);
    while (off < len) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate(p + off, len - off, &cp);
        if (n <= 0)
            break;
        used += utf8proc_charwidth(cp);
        off += n;
    }
    return used;
}

bool ck_email_valid(const char *text)
{
    const char *at = strchr(text, '@');
    if (!at || at == text || strchr(at + 1, '@') || !ck_text_valid_utf8(text, strlen(text), NULL))
        return false;
    for (const char *p = text; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c <= ' ' || c == 0x7f || c == ',' || c == ';' || c == '<' || c == '>' || c == '"')
            return false;
    }
    const char *domain = at + 1;
    const char *dot = strrchr(domain, '.');
    if (!dot || dot == domain || dot[1] == '\0' || domain[0] == '.' || strstr(domain, ".."))
        return false;
    return strlen(text) <= 254;
}

void ck_email_lower(char *text)
{
    for (; *text; text++)
        if (*text >= 'A' && *text <= 'Z')
            *text = (char)(*text - 'A' + 'a');
}

void ck_email_mask(const char *email, char *out, size_t n)
{
    if (n)
        out[0] = '\0';
    const char *at = email ? strrchr(email, '@') : NULL;
    if (!at || at == email || !ck_text_valid_utf8(email, strlen(email), NULL))
        return;
    /* The first character, whole: its UTF-8 length from the lead byte. */
    unsigned char lead = (unsigned char)email[0];
    int first = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
    if (email + first > at)
        first = (int)(at - email);
    int need = snprintf(NULL, 0, "%.*s•••%s", first, email, at);
    if (need < 0 || (size_t)need >= n)
        return;
    snprintf(out, n, "%.*s•••%s", first, email, at);
}
