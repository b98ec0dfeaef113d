/* Latin spellings of other scripts through ICU (translit/translit.h): what a Latin keyboard
 * types for a Greek or Cyrillic name. */
#include <stdlib.h>

#include "ck_test.h"
#include "translit/translit.h"

/* Does the tab-separated list of spellings hold want? */
static bool spelled(ck_translit *t, const char *name, const char *want)
{
    char *out = NULL;
    ck_err err = {0};
    if (ck_translit_latin(t, name, &out, &err) != CK_OK) {
        printf("  %s: %s\n", name, err.msg);
        return false;
    }
    bool found = false;
    for (char *seg = out; seg && !found;) {
        char *tab = strchr(seg, '\t');
        size_t n = tab ? (size_t)(tab - seg) : strlen(seg);
        found = n == strlen(want) && strncmp(seg, want, n) == 0;
        seg = tab ? tab + 1 : NULL;
    }
    if (!found)
        printf("  %s is spelled \"%s\", not \"%s\"\n", name, out, want);
    free(out);
    return found;
}

static void greek_and_cyrillic_in_latin(void)
{
    ck_translit *t = NULL;
    ck_err err = {0};
    if (ck_translit_open(&t, &err) != CK_OK) {
        ck_test_fail(__FILE__, __LINE__, "%s", err.msg);
        return;
    }
    CK_CHECK(spelled(t, "\xCE\x93\xCE\xB9\xCF\x8E\xCF\x81\xCE\xB3\xCE\xBF\xCF\x82", "Giorgos"));
    CK_CHECK(spelled(t, "\xD0\x90\xD0\xBD\xD0\xBD\xD0\xB0", "Anna"));   /* Анна */
    CK_CHECK(spelled(t, "\xD0\xAE\xD0\xBB\xD0\xB8\xD1\x8F", "Yuliya")); /* Юлия */
    CK_CHECK(spelled(t, "Zo\xC3\xAB", "Zoe")); /* Latin text only loses its accents */
    char *out = NULL;
    CK_CHECK_INT(ck_translit_latin(t, "bad \xC3(", &out, &err), CK_EINVAL);
    CK_CHECK(out == NULL);
    ck_translit_close(t);
    ck_translit_close(NULL);
}

int main(int argc, char **argv)
{
    ck_test_init(argc, argv);
    CK_RUN(greek_and_cyrillic_in_latin);
    return ck_test_done();
}
