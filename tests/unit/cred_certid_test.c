/* Certificate ids: cred/certid.h. */
#include <stdio.h>
#include <stdlib.h>

#include "ck_test.h"
#include "cred/certid.h"

static const char alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

static bool well_formed(const char *id)
{
    if (strlen(id) != CK_CRED_ID_LEN || strncmp(id, "CK-", 3) != 0 || id[8] != '-')
        return false;
    for (int i = 3; i < CK_CRED_ID_LEN; i++)
        if (i != 8 && !strchr(alphabet, id[i]))
            return false;
    return true;
}

static int cmp(const void *a, const void *b)
{
    return strcmp(a, b);
}

static void fresh_ids(void)
{
    enum { N = 2000 };
    static char ids[N][CK_CRED_ID_LEN + 1];
    int seen[32] = {0};
    ck_err err = {0};
    for (int i = 0; i < N; i++) {
        CK_CHECK_INT(ck_cred_id_new(ids[i], &err), CK_OK);
        if (!well_formed(ids[i]))
            ck_test_fail(__FILE__, __LINE__, "badly formed id \"%s\"", ids[i]);
        char back[CK_CRED_ID_LEN + 1];
        CK_CHECK_INT(ck_cred_id_parse(back, ids[i], &err), CK_OK);
        CK_CHECK_STR(back, ids[i]);
        for (int k = 3; k < CK_CRED_ID_LEN; k++)
            if (k != 8 && strchr(alphabet, ids[i][k]))
                seen[strchr(alphabet, ids[i][k]) - alphabet]++;
    }
    qsort(ids, N, sizeof ids[0], cmp);
    int repeats = 0;
    for (int i = 1; i < N; i++)
        repeats += strcmp(ids[i - 1], ids[i]) == 0;
    CK_CHECK_INT(repeats, 0);
    /* 20000 symbols: each of the 32 is expected 625 times; all must occur, none dominate. */
    for (int s = 0; s < 32; s++)
        if (seen[s] < 450 || seen[s] > 800)
            ck_test_fail(__FILE__, __LINE__, "symbol %c seen %d times", alphabet[s], seen[s]);
}

static void parse_forgiving(void)
{
    const char *inputs[] = {"CK-7M2QX-D9RTA", "ck-7m2qx-d9rta",   "CK7M2QXD9RTA",    "7m2qxd9rta",
                            "7M2QX-D9RTA",    " ck 7m2qx d9rta ", "CK--7M2QX--D9RTA"};
    ck_err err = {0};
    for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
        char out[CK_CRED_ID_LEN + 1] = "";
        CK_CHECK_INT(ck_cred_id_parse(out, inputs[i], &err), CK_OK);
        CK_CHECK_STR(out, "CK-7M2QX-D9RTA");
    }
    char out[CK_CRED_ID_LEN + 1];
    CK_CHECK_INT(ck_cred_id_parse(out, "ck-oOiIl-LQRST", &err), CK_OK);
    CK_CHECK_STR(out, "CK-00111-1QRST");
    /* Ten symbols that happen to start with C K are an id without prefix. */
    CK_CHECK_INT(ck_cred_id_parse(out, "CK345-67890", &err), CK_OK);
    CK_CHECK_STR(out, "CK-CK345-67890");
}

static void parse_refused(void)
{
    const char *inputs[] = {"CK-7M2QX-D9RTU",
                            "CK-7M2QX-D9RT",
                            "CK-7M2QX-D9RTAA",
                            "XY-7M2QX-D9RTA",
                            "CK_7M2QX_D9RTA",
                            "CK-7M2QX-D9RT\xc3\xa4",
                            "",
                            "----",
                            "CK",
                            "CK-7M2QX-D9RTA-7M2QX-D9RTA"};
    ck_err err = {0};
    for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
        char out[CK_CRED_ID_LEN + 1] = "x";
        CK_CHECK_INT(ck_cred_id_parse(out, inputs[i], &err), CK_EINVAL);
        CK_CHECK_STR(out, "");
        CK_CHECK_CONTAINS(err.msg, "CK-7M2QX-D9RTA");
    }
    char out[CK_CRED_ID_LEN + 1];
    CK_CHECK_INT(ck_cred_id_parse(out, NULL, &err), CK_EINVAL);
}

int main(int argc, char **argv)
{
    ck_test_init(argc, argv);
    CK_RUN(fresh_ids);
    CK_RUN(parse_forgiving);
    CK_RUN(parse_refused);
    return ck_test_done();
}
