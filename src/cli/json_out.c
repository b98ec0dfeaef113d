/* A JSON document written as it is made: jansson's JSON_INDENT(2) layout, byte for byte. */
#include "cli/json_out.h"

#include <stdlib.h>
#include <string.h>

#include "core/text.h"

void ck_json_out_init(ck_json_out *w, int depth)
{
    memset(w, 0, sizeof *w);
    if (depth < 0 || depth > CK_JSON_OUT_DEPTH)
        w->failed = true;
    else
        w->base = w->depth = depth;
}

void ck_json_out_free(ck_json_out *w)
{
    free(w->out.p);
    memset(&w->out, 0, sizeof w->out);
}

static void put(ck_json_out *w, const char *s, size_t n)
{
    ck_buf_put(&w->out, s, n);
}

/* A line break and two spaces per level of depth. */
static void newline(ck_json_out *w, int depth)
{
    static const char spaces[] = "                                ";
    put(w, "\n", 1);
    for (size_t want = (size_t)depth * 2; want > 0;) {
        size_t chunk = want < sizeof spaces - 1 ? want : sizeof spaces - 1;
        put(w, spaces, chunk);
        want -= chunk;
    }
}

/* Before a member's name (is_key) or a value: a name only inside an object, a value only
 * after a name there or inside an array, one value at the base depth; inside a container, the
 * separator from the one before and a line of its own. */
static void before(ck_json_out *w, bool is_key)
{
    if (w->key) {
        w->key = false;
        if (is_key)
            w->failed = true;
        return;
    }
    if (w->depth == w->base) {
        if (is_key || w->done)
            w->failed = true;
        w->done = true;
        return;
    }
    if (is_key != (w->close[w->depth] == '}'))
        w->failed = true;
    if (!w->empty[w->depth])
        put(w, ",", 1);
    w->empty[w->depth] = false;
    newline(w, w->depth);
}

static void string(ck_json_out *w, const char *s)
{
    static const char hex[] = "0123456789ABCDEF"; /* as jansson writes them */
    put(w, "\"", 1);
    for (const char *run = s;;) {
        unsigned char c = (unsigned char)*s;
        if (c >= 0x80) {
            size_t len = ck_text_utf8_char(s, strnlen(s, 4));
            if (len) {
                s += len;
                continue;
            }
            put(w, run, (size_t)(s - run));
            put(w, "\xEF\xBF\xBD", 3); /* U+FFFD for a byte that is no character */
            run = ++s;
            continue;
        }
        if (c >= 0x20 && c != '"' && c != '\\') {
            s++;
            continue;
        }
        put(w, run, (size_t)(s - run));
        if (!c)
            break;
        char esc[6] = {'\\', (char)c};
        size_t n = 2;
        switch (c) {
        case '"':
        case '\\': break;
        case '\b': esc[1] = 'b'; break;
        case '\f': esc[1] = 'f'; break;
        case '\n': esc[1] = 'n'; break;
        case '\r': esc[1] = 'r'; break;
        case '\t': esc[1] = 't'; break;
        default:
            memcpy(esc + 1, "u00", 3);
            esc[4] = hex[c >> 4];
            esc[5] = hex[c & 15];
            n = 6;
        }
        put(w, esc, n);
        run = ++s;
    }
    put(w, "\"", 1);
}

void ck_json_out_key(ck_json_out *w, const char *key)
{
    before(w, true);
    string(w, key);
    put(w, ": ", 2);
    w->key = true;
}

static void open_container(ck_json_out *w, char open, char close)
{
    before(w, false);
    put(w, &open, 1);
    if (w->depth >= CK_JSON_OUT_DEPTH) {
        w->failed = true;
        return;
    }
    w->depth++;
    w->close[w->depth] = close;
    w->empty[w->depth] = true;
}

void ck_json_out_object(ck_json_out *w)
{
    open_container(w, '{', '}');
}

void ck_json_out_array(ck_json_out *w)
{
    open_container(w, '[', ']');
}

void ck_json_out_end(ck_json_out *w)
{
    if (w->depth == w->base || w->key) { /* nothing open, or a name without its value */
        w->failed = true;
        return;
    }
    char close = w->close[w->depth];
    if (!w->empty[w->depth--])
        newline(w, w->depth);
    put(w, &close, 1);
}

void ck_json_out_string(ck_json_out *w, const char *s)
{
    before(w, false);
    string(w, s ? s : "");
}

void ck_json_out_int(ck_json_out *w, int64_t v)
{
    char text[24];
    int n = snprintf(text, sizeof text, "%lld", (long long)v);
    before(w, false);
    put(w, text, (size_t)n);
}

void ck_json_out_bool(ck_json_out *w, bool v)
{
    before(w, false);
    put(w, v ? "true" : "false", v ? 4 : 5);
}

void ck_json_out_null(ck_json_out *w)
{
    before(w, false);
    put(w, "null", 4);
}

void ck_json_out_member_string(ck_json_out *w, const char *key, const char *s)
{
    ck_json_out_key(w, key);
    ck_json_out_string(w, s);
}

void ck_json_out_member_int(ck_json_out *w, const char *key, int64_t v)
{
    ck_json_out_key(w, key);
    ck_json_out_int(w, v);
}

void ck_json_out_member_bool(ck_json_out *w, const char *key, bool v)
{
    ck_json_out_key(w, key);
    ck_json_out_bool(w, v);
}

bool ck_json_out_flush(ck_json_out *w, FILE *f)
{
    bool ok = !w->failed && !w->out.failed && fwrite(w->out.p, 1, w->out.len, f) == w->out.len;
    w->out.len = 0;
    return ok;
}
