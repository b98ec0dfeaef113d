/* Errors (common/err.h): a message longer than its buffer is cut at a character and says so
 * (an argument too long to keep is shortened with "…" and the sentence stays whole). */
#include <string.h>

#include "ck_test.h"
#include "common/err.h"

/* Is s valid UTF-8 as far as lead and continuation bytes go? */
static bool whole_characters(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        int n = *p < 0x80 ? 1 : (*p & 0xE0) == 0xC0 ? 2 : (*p & 0xF0) == 0xE0 ? 3 : 4;
        for (int k = 1; k < n; k++)
            if ((p[k] & 0xC0) != 0x80)
                return false;
        p += n;
    }
    return true;
}

static void long_messages_end_whole(void)
{
    char name[2000] = "";
    for (int i = 0; i < 600; i++)
        strcat(name, "\xC3\xA4"); /* ä: two bytes, so some cut would fall inside one */
    for (int shift = 0; shift < 3; shift++) {
        ck_err err = {0};
        ck_err_set(&err, CK_EINVAL, "%.*sthe name \"%s\" is too long", shift, "xx", name);
        size_t len = strlen(err.msg);
        CK_CHECK(len < sizeof err.msg);
        CK_CHECK(whole_characters(err.msg));
        /* The name is shortened where it is cut, with "…"; the sentence stays whole. */
        CK_CHECK(strstr(err.msg, "\xC3\xA4\xE2\x80\xA6\" is too long") != NULL);
        CK_CHECK(len >= 13 && strcmp(err.msg + len - 13, "\" is too long") == 0);
        ck_err_prefix(&err, "%s: ", "roster.csv line 2");
        CK_CHECK(whole_characters(err.msg));
        CK_CHECK(strncmp(err.msg, "roster.csv line 2: ", 19) == 0);
    }
    ck_err err = {0};
    ck_err_set(&err, CK_EINVAL, "short: %s", "\xC3\xA4");
    CK_CHECK_STR(err.msg, "short: \xC3\xA4");
}

int main(int argc, char **argv)
{
    ck_test_init(argc, argv);
    CK_RUN(long_messages_end_whole);
    return ck_test_done();
}
