/* The streaming JSON writer (cli/json_out.h) writes what jansson's JSON_INDENT(2) writes for
 * the same document, at the top and nested inside another, escapes and empty containers
 * included; misuse fails instead of writing half a document. */
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ck_test.h"
#include "cli/json_out.h"

/* Every byte below 0x20, quotes, backslashes, a slash, DEL and UTF-8. */
static void awkward(char *s, size_t n)
{
    size_t k = 0;
    for (int c = 1; c < 0x20 && k + 1 < n; c++)
        s[k++] = (char)c;
    const char *rest = "\"q\" \\b\\ / \x7f Zoë ✓ 日本";
    for (const char *p = rest; *p && k + 1 < n; p++)
        s[k++] = *p;
    s[k] = '\0';
}

/* The same document both ways: the writer's calls, and jansson's tree. */
static json_t *document(ck_json_out *w)
{
    char text[80];
    awkward(text, sizeof text);
    ck_json_out_object(w);
    ck_json_out_member_string(w, "text", text);
    ck_json_out_key(w, text); /* a name needs escaping too */
    ck_json_out_int(w, INT64_MIN);
    ck_json_out_member_int(w, "max", INT64_MAX);
    ck_json_out_key(w, "empty list");
    ck_json_out_array(w);
    ck_json_out_end(w);
    ck_json_out_key(w, "empty object");
    ck_json_out_object(w);
    ck_json_out_end(w);
    ck_json_out_key(w, "list");
    ck_json_out_array(w);
    ck_json_out_bool(w, true);
    ck_json_out_bool(w, false);
    ck_json_out_null(w);
    ck_json_out_string(w, "");
    ck_json_out_array(w);
    ck_json_out_object(w);
    ck_json_out_member_bool(w, "deep", false);
    ck_json_out_end(w);
    ck_json_out_end(w);
    ck_json_out_end(w);
    ck_json_out_end(w);
    return json_pack("{s:s, s:I, s:I, s:[], s:{}, s:[b, b, n, s, [{s:b}]]}", "text", text, text,
                     (json_int_t)INT64_MIN, "max", (json_int_t)INT64_MAX, "empty list",
                     "empty object", "list", 1, 0, "", "deep", 0);
}

static char *written(ck_json_out *w)
{
    char *doc = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&doc, &len);
    CK_CHECK(f != NULL);
    CK_CHECK(ck_json_out_flush(w, f));
    fclose(f);
    return doc;
}

static void same_as_jansson(void)
{
    ck_json_out w;
    ck_json_out_init(&w, 0);
    json_t *tree = document(&w);
    CK_CHECK(tree != NULL);
    char *want = json_dumps(tree, JSON_INDENT(2)), *got = written(&w);
    CK_CHECK_STR(got, want);
    free(got);
    free(want);
    ck_json_out_free(&w);

    /* Two levels down, as `status --json` writes each attendee: jansson's lines for the same
     * value inside two containers. */
    ck_json_out_init(&w, 2);
    json_t *inner = document(&w);
    json_t *outer = json_pack("{s:[o]}", "attendees", inner);
    want = json_dumps(outer, JSON_INDENT(2));
    got = written(&w);
    const char *head = "{\n  \"attendees\": [\n    ", *tail = "\n  ]\n}";
    size_t lw = strlen(want), lg = strlen(got);
    CK_CHECK(lw == strlen(head) + lg + strlen(tail));
    CK_CHECK(strncmp(want, head, strlen(head)) == 0);
    CK_CHECK(strncmp(want + strlen(head), got, lg) == 0);
    CK_CHECK_STR(want + strlen(head) + lg, tail);
    free(got);
    free(want);
    json_decref(tree);
    json_decref(outer);
    ck_json_out_free(&w);
}

/* Bytes that are not UTF-8 become U+FFFD, so the document is still JSON; characters stay. */
static void not_utf8_is_replaced(void)
{
    ck_json_out w;
    ck_json_out_init(&w, 0);
    ck_json_out_string(&w, "a\xff b\xc3 c\xe2\x82 d\xc0\xaf e\xed\xa0\x80 f\xf4\x90\x80\x80 "
                           "Zo\xc3\xab \xe2\x9c\x93 \xf0\x9f\x98\x80");
    char *got = written(&w);
    /* \xc3 before a space, a cut 3-byte form, an overlong '/', a surrogate, past U+10FFFF. */
    CK_CHECK_STR(got, "\"a\xEF\xBF\xBD b\xEF\xBF\xBD c\xEF\xBF\xBD\xEF\xBF\xBD "
                      "d\xEF\xBF\xBD\xEF\xBF\xBD e\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD "
                      "f\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD Zo\xc3\xab "
                      "\xe2\x9c\x93 \xf0\x9f\x98\x80\"");
    json_error_t e;
    json_t *back = json_loads(got, JSON_DECODE_ANY, &e);
    CK_CHECK(back != NULL); /* jansson, which refuses bad UTF-8, reads it */
    json_decref(back);
    free(got);
    ck_json_out_free(&w);
}

/* Each misuse marks the document failed; nothing of it is written. A case is the calls it
 * makes, by letter: o { a [ e end k name i value. */
static bool fails(const char *calls, int depth)
{
    FILE *f = fopen("/dev/null", "w");
    ck_json_out w;
    ck_json_out_init(&w, depth);
    for (const char *c = calls; *c; c++)
        switch (*c) {
        case 'o': ck_json_out_object(&w); break;
        case 'a': ck_json_out_array(&w); break;
        case 'e': ck_json_out_end(&w); break;
        case 'k': ck_json_out_key(&w, "k"); break;
        default: ck_json_out_int(&w, 1); break;
        }
    bool ok = f && ck_json_out_flush(&w, f);
    ck_json_out_free(&w);
    if (f)
        fclose(f);
    return !ok;
}

static void misuse_fails(void)
{
    CK_CHECK(fails("e", 0));                 /* nothing open */
    CK_CHECK(fails("ak", 0));                /* a name inside an array */
    CK_CHECK(fails("oi", 0));                /* a value inside an object without a name */
    CK_CHECK(fails("oke", 0));               /* a name, then the end */
    CK_CHECK(fails("okk", 0));               /* two names in a row */
    CK_CHECK(fails("ii", 1));                /* two values where one goes */
    CK_CHECK(fails("k", 0));                 /* a name at the top */
    CK_CHECK(fails("aaaaaaaaaaaaaaaaa", 0)); /* deeper than CK_JSON_OUT_DEPTH */
    CK_CHECK(fails("i", CK_JSON_OUT_DEPTH + 1));
    CK_CHECK(!fails("okie", 0)); /* and proper use does not fail */
    CK_CHECK(!fails("aoeaee", 2));
}

int main(int argc, char **argv)
{
    ck_test_init(argc, argv);
    CK_RUN(same_as_jansson);
    CK_RUN(not_utf8_is_replaced);
    CK_RUN(misuse_fails);
    return ck_test_done();
}
