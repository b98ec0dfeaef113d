/* Headless Chromium for tests: find it, open a page, read the DOM, save a screenshot. */
#ifndef CK_CHROMIUM_H
#define CK_CHROMIUM_H

#include <stdbool.h>
#include <stddef.h>

/* The Chromium command to run, in out; false (with the reason printed) when there is none. */
bool ck_chromium_find(char *out, size_t n);

/* Open url (no network, a fresh profile in profile_dir) with a window of width × height CSS
 * pixels; return the DOM after the page's scripts ran (malloc'd) and, when shot is not NULL,
 * save a screenshot there. NULL (and a test failure) if Chromium failed. */
char *ck_chromium_browse(const char *chromium, const char *url, const char *profile_dir,
                         const char *shot, int width, int height);
/* The same with the browser set to the language lang ("de", "pt-BR"): --lang and, since
 * headless Chromium takes navigator.languages from it alone, --accept-lang. */
char *ck_chromium_browse_lang(const char *chromium, const char *url, const char *profile_dir,
                              const char *shot, int width, int height, const char *lang);

#endif
