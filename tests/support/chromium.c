/* Headless Chromium for tests: find it, open a page, read the DOM, save a screenshot. */
#include "chromium.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ck_test.h"

bool ck_chromium_find(char *out, size_t n)
{
    const char *names[] = {"chromium", "chromium-browser", "google-chrome"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        const char *argv[] = {names[i], "--version", NULL};
        ck_proc p = {0};
        int st = ck_test_exec(&p, NULL, argv);
        ck_proc_clear(&p);
        if (st == 0) {
            snprintf(out, n, "%s", names[i]);
            return true;
        }
    }
    printf("skipped: no Chromium found (tried chromium, chromium-browser, google-chrome); "
           "install it with scripts/deps test\n");
    return false;
}

char *ck_chromium_browse(const char *chromium, const char *url, const char *profile_dir,
                         const char *shot, int width, int height)
{
    return ck_chromium_browse_lang(chromium, url, profile_dir, shot, width, height, NULL);
}

char *ck_chromium_browse_lang(const char *chromium, const char *url, const char *profile_dir,
                              const char *shot, int width, int height, const char *lang)
{
    char profile_arg[4300], shot_arg[4300], size_arg[64], lang_arg[64], accept_arg[64];
    snprintf(profile_arg, sizeof profile_arg, "--user-data-dir=%s", profile_dir);
    snprintf(size_arg, sizeof size_arg, "--window-size=%d,%d", width, height);
    /* The flags keep Chromium off the network entirely; timeout bounds a hang. */
    const char *argv[24] = {"timeout",
                            "40",
                            chromium,
                            "--headless",
                            "--no-sandbox",
                            "--disable-gpu",
                            "--disable-quic",
                            "--no-first-run",
                            "--disable-background-networking",
                            "--disable-component-update",
                            "--disable-sync",
                            profile_arg,
                            "--virtual-time-budget=5000",
                            size_arg,
                            "--hide-scrollbars"};
    int n = 15;
    if (lang) {
        snprintf(lang_arg, sizeof lang_arg, "--lang=%s", lang);
        snprintf(accept_arg, sizeof accept_arg, "--accept-lang=%s", lang);
        argv[n++] = lang_arg;
        argv[n++] = accept_arg;
    }
    if (shot) {
        snprintf(shot_arg, sizeof shot_arg, "--screenshot=%s", shot);
        unlink(shot);
        argv[n++] = shot_arg;
    }
    argv[n++] = "--dump-dom";
    argv[n++] = url;
    argv[n] = NULL;
    ck_proc p = {0};
    int st = ck_test_exec(&p, NULL, argv);
    if (st != 0 || !strstr(p.out, "</html>")) {
        ck_test_fail(__FILE__, __LINE__, "chromium exited %d for %s:\n%s", st, url, p.err);
        ck_proc_clear(&p);
        return NULL;
    }
    free(p.err);
    return p.out;
}
