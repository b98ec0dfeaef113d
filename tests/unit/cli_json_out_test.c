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

static void misuse_fails(void)
{
    FILE *f = fopen("/dev/null", "w");
    ck_json_out w;
    ck_json_out_init(&w, 0);
    ck_json_out_end(&w); /* nothing open */
    CK_CHECK(!ck_json_out_flush(&w, f));
    ck_json_out_free(&w);
    ck_json_out_init(&w, 0);
    for (int i = 0; i <= CK_JSON_OUT_DEPTH; i++)
        ck_json_out_array(&w);
    CK_CHECK(!ck_json_out_flush(&w, f));
    ck_json_out_free(&w);
    ck_json_out_init(&w, CK_JSON_OUT_DEPTH + 1);
    ck_json_out_null(&w);
    CK_CHECK(!ck_json_out_flush(&w, f));
    ck_json_out_free(&w);
    fclose(f);
}

int main(int argc, char **argv)
{
    ck_test_init(argc, argv);
    CK_RUN(same_as_jansson);
    CK_RUN(misuse_fails);
    return ck_test_done();
}
