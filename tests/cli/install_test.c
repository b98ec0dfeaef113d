/* Installing classkiosk: cmake --install, the .deb, the unit, man page, desktop entry, script. */
#include <dirent.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ck_test.h"

/* Two days of the demo course; 2026-03-02 is a Monday far from a DST change in Berlin. */
#define D1 "2026-03-02"
#define D2 "2026-03-03"

static char build_dir[PATH_MAX];
static char version[64]; /* "0.1.0", from classkiosk --version */

/* What every installed tree holds, relative to its prefix. */
static const char *const TREE[] = {
    "bin/classkiosk",
    "share/classkiosk/assets/license.en.txt",
    "share/classkiosk/assets/license.de.txt",
    "share/classkiosk/assets/license.fr.txt",
    "share/classkiosk/assets/license.es.txt",
    "share/classkiosk/assets/license.pt_BR.txt",
    "share/classkiosk/assets/demo-roster.csv",
    "share/classkiosk/fonts/NotoSans-Regular.ttf",
    "share/classkiosk/fonts/NotoSans-Bold.ttf",
    "share/classkiosk/fonts/NotoSerif-Regular.ttf",
    "share/classkiosk/fonts/NotoSerif-Italic.ttf",
    "share/classkiosk/fonts/OFL.txt",
    "share/classkiosk/locale/de/LC_MESSAGES/classkiosk.mo",
    "share/classkiosk/locale/fr/LC_MESSAGES/classkiosk.mo",
    "share/classkiosk/locale/es/LC_MESSAGES/classkiosk.mo",
    "share/classkiosk/locale/pt_BR/LC_MESSAGES/classkiosk.mo",
    "share/man/man1/classkiosk.1",
    "lib/systemd/system/classkiosk-kiosk.service",
    "share/applications/classkiosk.desktop",
    "share/doc/classkiosk/README.md",
    NULL,
};

/* Is prog an executable on PATH? */
static bool have(const char *prog)
{
    const char *path = getenv("PATH");
    char dir[PATH_MAX], file[PATH_MAX + 64];
    while (path && *path) {
        size_t n = strcspn(path, ":");
        snprintf(dir, sizeof dir, "%.*s", (int)n, path);
        snprintf(file, sizeof file, "%s/%s", *dir ? dir : ".", prog);
        if (access(file, X_OK) == 0)
            return true;
        path += n + (path[n] == ':');
    }
    return false;
}

/* Run a NULL-terminated argument list (arg0 searched in PATH) with stdin closed. */
static int run(ck_proc *p, const char *arg0, ...)
{
    const char *argv[64];
    int n = 0;
    va_list ap;
    va_start(ap, arg0);
    for (const char *a = arg0; a && n < 63; a = va_arg(ap, const char *))
        argv[n++] = a;
    va_end(ap);
    argv[n] = NULL;
    ck_proc_clear(p);
    return ck_test_exec(p, NULL, argv);
}

#define RUN(p, ...) run((p), __VA_ARGS__, (const char *)NULL)
#define RUN_OK(p, ...)                                                                             \
    do {                                                                                           \
        if (RUN(p, __VA_ARGS__) != 0)                                                              \
            ck_test_fail(__FILE__, __LINE__, "exit %d:\n%s%s", (p)->status, (p)->out, (p)->err);   \
    } while (0)

/* Run an installed classkiosk on db at local time now ("YYYY-MM-DD HH:MM"). */
#define AT_OK(p, bin, db, now, ...)                                                                \
    do {                                                                                           \
        setenv("CLASSKIOSK_NOW", (now), 1);                                                        \
        RUN_OK(p, bin, "--db", db, __VA_ARGS__);                                                   \
        unsetenv("CLASSKIOSK_NOW");                                                                \
    } while (0)

static bool is_file(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 && S_ISREG(sb.st_mode);
}

static void check_tree(const char *prefix)
{
    char path[PATH_MAX];
    for (int i = 0; TREE[i]; i++) {
        snprintf(path, sizeof path, "%s/%s", prefix, TREE[i]);
        if (!is_file(path))
            ck_test_fail(__FILE__, __LINE__, "%s is missing", path);
    }
    snprintf(path, sizeof path, "%s/bin/classkiosk", prefix);
    CK_CHECK(access(path, X_OK) == 0);
    /* Every file of the source's fonts/ folder (fonts, license, README) is installed. */
    char src[PATH_MAX];
    snprintf(src, sizeof src, "%s/fonts", ck_test_source_dir());
    DIR *d = opendir(src);
    CK_CHECK(d != NULL);
    for (struct dirent *e; d && (e = readdir(d));) {
        if (e->d_name[0] == '.')
            continue;
        snprintf(path, sizeof path, "%s/share/classkiosk/fonts/%s", prefix, e->d_name);
        if (!is_file(path))
            ck_test_fail(__FILE__, __LINE__, "fonts/%s is not installed as %s", e->d_name, path);
    }
    if (d)
        closedir(d);
}

/* The first file in dir whose name ends with suffix, into out; false if none. */
static bool find_file(const char *dir, const char *suffix, char *out, size_t n)
{
    DIR *d = opendir(dir);
    bool found = false;
    size_t ls = strlen(suffix);
    for (struct dirent *e; d && !found && (e = readdir(d));) {
        size_t le = strlen(e->d_name);
        if (le > ls && strcmp(e->d_name + le - ls, suffix) == 0) {
            snprintf(out, n, "%s/%s", dir, e->d_name);
            found = true;
        }
    }
    if (d)
        closedir(d);
    return found;
}

/* Run the program of an installed tree and prove it reads assets/ and fonts/ from that tree:
 * a marker added to the tree's license text shows up, a font taken away from it is named in
 * the error, and with the font back a certificate is written with the fonts embedded. */
static void run_installed(const char *prefix, const char *tag)
{
    ck_proc p = {0};
    char bin[PATH_MAX], share[PATH_MAX], marker[PATH_MAX + 64], db[PATH_MAX], out[PATH_MAX];
    snprintf(bin, sizeof bin, "%s/bin/classkiosk", prefix);
    snprintf(share, sizeof share, "%s/share/classkiosk", prefix);
    snprintf(db, sizeof db, "%s", ck_test_path(tag));
    strncat(db, ".db", sizeof db - strlen(db) - 1);
    snprintf(out, sizeof out, "%s", ck_test_path("certificates"));
    unsetenv("CLASSKIOSK_DATA_DIR");
    unsetenv("CLASSKIOSK_DB");
    unsetenv("CLASSKIOSK_KEY");

    char license[PATH_MAX + 32];
    snprintf(license, sizeof license, "%s/assets/license.en.txt", share);
    char *text = ck_test_read_file(license, NULL);
    CK_CHECK(text != NULL);
    snprintf(marker, sizeof marker, "Installed copy: %s", prefix);
    size_t len = (text ? strlen(text) : 0) + strlen(marker) + 2;
    char *marked = malloc(len);
    snprintf(marked, len, "%s\n%s", text ? text : "", marker);
    CK_CHECK(ck_test_write_file(license, marked));
    free(marked);
    free(text);

    AT_OK(&p, bin, db, D1 " 08:00", "init");
    AT_OK(&p, bin, db, D1 " 08:00", "license", "show");
    CK_CHECK_CONTAINS(p.out, marker);
    AT_OK(&p, bin, db, D1 " 08:00", "demo");
    /* It speaks German with the catalogues installed beside its data; their sources stay
     * behind. */
    char po_dir[PATH_MAX + 32];
    snprintf(po_dir, sizeof po_dir, "%s/assets/po", share);
    CK_CHECK(access(po_dir, F_OK) != 0);
    setenv("LANGUAGE", "de", 1);
    setenv("CLASSKIOSK_NOW", D1 " 08:00", 1);
    CK_CHECK(RUN(&p, bin, "--db", db, "checkin", "nobody") != 0);
    CK_CHECK_CONTAINS(p.err, "niemand auf der Teilnehmerliste heißt „nobody“");
    unsetenv("CLASSKIOSK_NOW");
    unsetenv("LANGUAGE");
    AT_OK(&p, bin, db, D1 " 08:00", "roster", "list");
    CK_CHECK_CONTAINS(p.out, "zoe@example.org");
    AT_OK(&p, bin, db, D1 " 08:55", "checkin", "zoe@example.org");
    AT_OK(&p, bin, db, D1 " 17:05", "checkout", "zoe@example.org");
    AT_OK(&p, bin, db, D2 " 08:55", "checkin", "zoe@example.org");
    AT_OK(&p, bin, db, D2 " 17:05", "checkout", "zoe@example.org");
    AT_OK(&p, bin, db, D2 " 17:06", "license", "accept", "zoe@example.org");

    char font[PATH_MAX + 64], aside[PATH_MAX + 80];
    snprintf(font, sizeof font, "%s/fonts/NotoSerif-Regular.ttf", share);
    snprintf(aside, sizeof aside, "%s.aside", font);
    CK_CHECK(rename(font, aside) == 0);
    setenv("CLASSKIOSK_NOW", D2 " 17:10", 1);
    CK_CHECK(RUN(&p, bin, "--db", db, "certs", "issue", "zoe@example.org", "--out", out) != 0);
    CK_CHECK_CONTAINS(p.err, prefix); /* the path may read <prefix>/bin/../share/… */
    CK_CHECK_CONTAINS(p.err, "NotoSerif-Regular.ttf");
    CK_CHECK(rename(aside, font) == 0);
    RUN_OK(&p, bin, "--db", db, "certs", "issue", "zoe@example.org", "--out", out);
    unsetenv("CLASSKIOSK_NOW");

    char pdf[PATH_MAX];
    if (!find_file(out, ".pdf", pdf, sizeof pdf)) {
        ck_test_fail(__FILE__, __LINE__, "certs issue wrote no PDF into %s: %s", out, p.out);
        goto cleanup;
    }
    char *head = ck_test_read_file(pdf, NULL);
    CK_CHECK(head && strncmp(head, "%PDF-", 5) == 0);
    free(head);
    if (have("pdffonts")) {
        RUN_OK(&p, "pdffonts", pdf);
        CK_CHECK_CONTAINS(p.out, "NotoSerif");
        CK_CHECK_CONTAINS(p.out, "NotoSans");
    } else {
        printf("note: pdffonts (poppler-utils) is missing; the PDF's fonts were not listed\n");
    }
    /* A second certificate run goes into the same folder; start it empty. */
    RUN_OK(&p, "rm", "-rf", out);
cleanup:
    ck_proc_clear(&p);
}

static void install_tree(void)
{
    ck_proc p = {0};
    char root[PATH_MAX], prefix[PATH_MAX + 16];
    snprintf(root, sizeof root, "%s", ck_test_path("root"));
    setenv("DESTDIR", root, 1);
    RUN_OK(&p, "cmake", "--install", build_dir, "--prefix", "/usr/local");
    unsetenv("DESTDIR");
    snprintf(prefix, sizeof prefix, "%s/usr/local", root);
    check_tree(prefix);
    run_installed(prefix, "tree");
    ck_proc_clear(&p);
}

/* Is word one of the packages in a Depends value ("a, b (>= 1), c | d")? */
static bool depends_on(const char *depends, const char *word)
{
    size_t n = strlen(word);
    for (const char *s = strstr(depends, word); s; s = strstr(s + 1, word)) {
        bool start = s == depends || s[-1] == ' ' || s[-1] == ',' || s[-1] == '|';
        bool end = s[n] == '\0' || s[n] == ' ' || s[n] == ',' || s[n] == '\n' || s[n] == '(';
        if (start && end)
            return true;
    }
    return false;
}

/* The value of a control field ("Depends") in dpkg-deb --info output, into out. */
static void control_field(const char *info, const char *field, char *out, size_t n)
{
    char key[64];
    snprintf(key, sizeof key, "\n %s: ", field);
    const char *s = strstr(info, key);
    out[0] = '\0';
    if (s) {
        s += strlen(key);
        snprintf(out, n, "%.*s", (int)strcspn(s, "\n"), s);
    }
}

/* Each library the packaged program links (ELF NEEDED) comes from a package in Depends. */
static void check_shlibdeps(const char *bin, const char *depends)
{
    ck_proc p = {0}, q = {0};
    RUN_OK(&p, "readelf", "-d", bin);
    int libs = 0;
    for (const char *s = strstr(p.out, "Shared library: ["); s;
         s = strstr(s + 1, "Shared library: [")) {
        const char *name = s + strlen("Shared library: [");
        char soname[256], pattern[300];
        snprintf(soname, sizeof soname, "%.*s", (int)strcspn(name, "]"), name);
        snprintf(pattern, sizeof pattern, "*/%s", soname);
        libs++;
        if (RUN(&q, "dpkg-query", "-S", pattern) != 0) {
            ck_test_fail(__FILE__, __LINE__, "no installed package holds %s: %s", soname, q.err);
            continue;
        }
        /* Lines "pkg[:arch][, pkg…]: /path"; one of the packages must be a dependency. */
        bool found = false;
        for (char *line = q.out; *line && !found;) {
            char *eol = line + strcspn(line, "\n");
            char *colon = strstr(line, ": ");
            if (colon && colon < eol) {
                char pkgs[512];
                snprintf(pkgs, sizeof pkgs, "%.*s", (int)(colon - line), line);
                for (char *save = NULL, *w = strtok_r(pkgs, ", ", &save); w && !found;
                     w = strtok_r(NULL, ", ", &save)) {
                    w[strcspn(w, ":")] = '\0';
                    found = depends_on(depends, w);
                }
            }
            line = *eol ? eol + 1 : eol;
        }
        if (!found)
            ck_test_fail(__FILE__, __LINE__, "%s (from %s) is not in Depends: %s", soname, q.out,
                         depends);
    }
    CK_CHECK(libs > 0);
    ck_proc_clear(&p);
    ck_proc_clear(&q);
}

static void deb_package(void)
{
    ck_proc p = {0};
    if (!have("dpkg-deb") || !have("dpkg-shlibdeps")) {
        printf("SKIP deb_package: %s is missing (apt-get install dpkg-dev)\n",
               have("dpkg-deb") ? "dpkg-shlibdeps" : "dpkg-deb");
        return;
    }
    char pkgdir[PATH_MAX], config[PATH_MAX + 32], deb[PATH_MAX], want[128];
    snprintf(pkgdir, sizeof pkgdir, "%s", ck_test_path("package"));
    snprintf(config, sizeof config, "%s/CPackConfig.cmake", build_dir);
    RUN_OK(&p, "cpack", "-G", "DEB", "-B", pkgdir, "--config", config);
    snprintf(want, sizeof want, "_%s_", version);
    if (!find_file(pkgdir, ".deb", deb, sizeof deb)) {
        ck_test_fail(__FILE__, __LINE__, "cpack made no .deb in %s:\n%s%s", pkgdir, p.out, p.err);
        goto cleanup;
    }
    CK_CHECK_CONTAINS(deb, "/classkiosk_");
    CK_CHECK_CONTAINS(deb, want);

    RUN_OK(&p, "dpkg-deb", "--info", deb);
    char field[2048];
    control_field(p.out, "Package", field, sizeof field);
    CK_CHECK_STR(field, "classkiosk");
    control_field(p.out, "Version", field, sizeof field);
    CK_CHECK_STR(field, version);
    control_field(p.out, "Section", field, sizeof field);
    CK_CHECK_STR(field, "education");
    control_field(p.out, "Maintainer", field, sizeof field);
    CK_CHECK(strchr(field, '@') != NULL);
    control_field(p.out, "Recommends", field, sizeof field);
    CK_CHECK(depends_on(field, "cage"));
    CK_CHECK(depends_on(field, "xwayland"));
    control_field(p.out, "Description", field, sizeof field);
    CK_CHECK_STR(field, "classroom attendance and certificate station");
    char depends[2048];
    control_field(p.out, "Depends", depends, sizeof depends);
    CK_CHECK(depends_on(depends, "adduser"));
    CK_CHECK(depends_on(depends, "locales"));
    CK_CHECK(depends_on(depends, "fonts-droid-fallback"));
    CK_CHECK(depends_on(depends, "fonts-nanum"));
    CK_CHECK(depends_on(depends, "libc6"));
    CK_CHECK(depends_on(depends, "libsqlite3-0"));

    /* The maintainer scripts are there, executable, and parse. */
    char ctl[PATH_MAX], script[PATH_MAX + 16];
    snprintf(ctl, sizeof ctl, "%s", ck_test_path("control"));
    RUN_OK(&p, "dpkg-deb", "--control", deb, ctl);
    static const char *const scripts[] = {"postinst", "prerm", "postrm", NULL};
    for (int i = 0; scripts[i]; i++) {
        struct stat sb;
        snprintf(script, sizeof script, "%s/%s", ctl, scripts[i]);
        if (stat(script, &sb) != 0) {
            ck_test_fail(__FILE__, __LINE__, "the package has no %s", scripts[i]);
            continue;
        }
        CK_CHECK_INT(sb.st_mode & 0777, 0755);
        RUN_OK(&p, "sh", "-n", script);
    }

    RUN_OK(&p, "dpkg-deb", "--contents", deb);
    char entry[PATH_MAX];
    for (int i = 0; TREE[i]; i++) {
        snprintf(entry, sizeof entry, " ./usr/%s\n", TREE[i]);
        CK_CHECK_CONTAINS(p.out, entry);
    }
    CK_CHECK_NOT_CONTAINS(p.out, "/usr/local/");

    char root[PATH_MAX], prefix[PATH_MAX + 16], bin[PATH_MAX + 32];
    snprintf(root, sizeof root, "%s", ck_test_path("extracted"));
    RUN_OK(&p, "dpkg-deb", "-x", deb, root);
    snprintf(prefix, sizeof prefix, "%s/usr", root);
    snprintf(bin, sizeof bin, "%s/bin/classkiosk", prefix);
    check_tree(prefix);
    check_shlibdeps(bin, depends);
    run_installed(prefix, "deb");
cleanup:
    ck_proc_clear(&p);
}

static void unit_file(void)
{
    ck_proc p = {0};
    char unit[PATH_MAX], broken[PATH_MAX];
    snprintf(unit, sizeof unit, "%s/kiosk/classkiosk-kiosk.service", ck_test_source_dir());
    char *text = ck_test_read_file(unit, NULL);
    CK_CHECK(text != NULL);
    if (!text)
        return;
    CK_CHECK_CONTAINS(text,
                      "\nExecStart=/usr/bin/cage -d -- classkiosk --db ${CLASSKIOSK_DB} kiosk\n");
    CK_CHECK_CONTAINS(text, "\nEnvironment=CLASSKIOSK_DB=/var/lib/classkiosk/classkiosk.db\n");
    CK_CHECK_CONTAINS(text, "\nUser=classkiosk\n");
    CK_CHECK_CONTAINS(text, "\nPAMName=login\n");
    CK_CHECK_CONTAINS(text, "\nTTYPath=/dev/tty1\n");
    CK_CHECK_CONTAINS(text, "\nConflicts=getty@tty1.service\n");
    CK_CHECK_CONTAINS(text, "\nReadWritePaths=/var/lib/classkiosk /run/user\n");
    if (!have("systemd-analyze")) {
        printf("SKIP unit_file: systemd-analyze is missing, the unit was not verified\n");
        goto cleanup;
    }
    if (access("/usr/bin/cage", X_OK) != 0) {
        printf("SKIP unit_file: /usr/bin/cage is missing (apt-get install cage), so "
               "systemd-analyze verify would only say that\n");
        goto cleanup;
    }
    /* Warnings count: a clean unit makes systemd-analyze verify say nothing at all. */
    RUN_OK(&p, "systemd-analyze", "verify", "--man=no", unit);
    CK_CHECK_STR(p.err, "");
    CK_CHECK_STR(p.out, "");
    /* The same check notices a misspelt setting (so silence above means something). */
    char *bad = strstr(text, "\nRestart=always\n");
    CK_CHECK(bad != NULL);
    if (bad) {
        memcpy(bad + 1, "Restrt=", 7);
        snprintf(broken, sizeof broken, "%s/classkiosk-kiosk.service", ck_test_tmpdir());
        CK_CHECK(ck_test_write_file(broken, text));
        RUN(&p, "systemd-analyze", "verify", "--man=no", broken);
        CK_CHECK_CONTAINS(p.err, "Restrt");
    }
cleanup:
    free(text);
    ck_proc_clear(&p);
}

/* Does the man page have a .B/.BR line that starts with this command's name? */
static bool man_has_command(const char *man, const char *name)
{
    char esc[128];
    size_t k = 0;
    for (const char *c = name; *c && k + 3 < sizeof esc; c++) {
        if (*c == '-')
            esc[k++] = '\\';
        esc[k++] = *c;
    }
    esc[k] = '\0';
    for (const char *line = man; *line;) {
        const char *eol = line + strcspn(line, "\n");
        const char *s = NULL;
        if (strncmp(line, ".B ", 3) == 0)
            s = line + 3;
        else if (strncmp(line, ".BR ", 4) == 0)
            s = line + 4;
        if (s) {
            s += *s == '"';
            if (strncmp(s, esc, k) == 0 && strchr(" \"\n", s[k]))
                return true;
        }
        line = *eol ? eol + 1 : eol;
    }
    return false;
}

static void man_page(void)
{
    ck_proc p = {0};
    char man[PATH_MAX], broken[PATH_MAX];
    snprintf(man, sizeof man, "%s/kiosk/classkiosk.1", ck_test_source_dir());
    char *text = ck_test_read_file(man, NULL);
    CK_CHECK(text != NULL);
    if (!text)
        return;
    if (!have("groff")) {
        printf("SKIP man_page: groff is missing (apt-get install groff-base)\n");
        goto cleanup;
    }
    /* groff with every warning on, as errors: no output at all. */
    RUN_OK(&p, "groff", "-man", "-ww", "-z", man);
    CK_CHECK_STR(p.err, "");
    snprintf(broken, sizeof broken, "%s/broken.1", ck_test_tmpdir());
    size_t len = strlen(text) + 32;
    char *bad = malloc(len);
    snprintf(bad, len, "%s.BX oops\n", text);
    CK_CHECK(ck_test_write_file(broken, bad));
    free(bad);
    RUN(&p, "groff", "-man", "-ww", "-z", broken);
    CK_CHECK(p.err[0] != '\0');
    if (have("man")) {
        setenv("MANWIDTH", "80", 1);
        RUN_OK(&p, "man", "--warnings", "-l", man);
        unsetenv("MANWIDTH");
        CK_CHECK_STR(p.err, "");
        CK_CHECK_CONTAINS(p.out, "EXIT STATUS");
    } else {
        printf("note: man (man-db) is missing; only groff checked the page\n");
    }

    /* Every command of classkiosk --help has its entry, and the page has this version. */
    RUN_OK(&p, ck_test_binary(), "--help");
    const char *list = strstr(p.out, "commands:\n");
    CK_CHECK(list != NULL);
    int commands = 0;
    for (const char *line = list ? list + strlen("commands:\n") : "";
         strncmp(line, "  ", 2) == 0;) {
        const char *eol = line + strcspn(line, "\n");
        const char *end = strstr(line + 2, "  ");
        char name[64];
        snprintf(name, sizeof name, "%.*s", (int)((end && end < eol ? end : eol) - line - 2),
                 line + 2);
        commands++;
        if (!man_has_command(text, name))
            ck_test_fail(__FILE__, __LINE__, "the man page does not describe \"%s\"", name);
        line = *eol ? eol + 1 : eol;
    }
    CK_CHECK(commands >= 20);
    char th[128];
    snprintf(th, sizeof th, "\"classkiosk %s\"", version);
    CK_CHECK_CONTAINS(text, th);
cleanup:
    free(text);
    ck_proc_clear(&p);
}

static void desktop_entry(void)
{
    ck_proc p = {0};
    char file[PATH_MAX];
    snprintf(file, sizeof file, "%s/kiosk/classkiosk.desktop", ck_test_source_dir());
    char *text = ck_test_read_file(file, NULL);
    CK_CHECK(text != NULL);
    CK_CHECK_CONTAINS(text, "\nExec=classkiosk kiosk\n");
    CK_CHECK_CONTAINS(text, "\nExec=classkiosk kiosk --windowed\n");
    free(text);
    if (!have("desktop-file-validate")) {
        printf("SKIP desktop_entry: desktop-file-validate is missing (desktop-file-utils)\n");
        return;
    }
    RUN_OK(&p, "desktop-file-validate", file);
    CK_CHECK_STR(p.out, "");
    ck_proc_clear(&p);
}

static void install_script(void)
{
    ck_proc p = {0};
    char script[PATH_MAX], build[PATH_MAX], pin[PATH_MAX];
    snprintf(script, sizeof script, "%s/scripts/install-kiosk", ck_test_source_dir());
    snprintf(build, sizeof build, "%s", ck_test_path("build"));
    snprintf(pin, sizeof pin, "%s", ck_test_path("no-such-pin"));

    RUN_OK(&p, script, "--dry-run", "--build-dir", build);
    CK_CHECK_CONTAINS(p.out, "+ cmake -S ");
    CK_CHECK_CONTAINS(p.out, "-DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX=/usr");
    CK_CHECK_CONTAINS(p.out, "+ cpack -G DEB -B ");
    CK_CHECK_CONTAINS(p.out, "classkiosk --db /var/lib/classkiosk/classkiosk.db init");
    CK_CHECK_CONTAINS(p.out, "classkiosk-kiosk.service");
    CK_CHECK_CONTAINS(p.out, "dry run done: nothing was changed");
    CK_CHECK(access(build, F_OK) != 0); /* nothing was built */

    CK_CHECK(RUN(&p, script, "--dry-run", "--pin-file", pin) == 1);
    CK_CHECK_CONTAINS(p.err, "cannot read the PIN file");
    CK_CHECK(RUN(&p, script, "--frobnicate") == 2);
    CK_CHECK_CONTAINS(p.err, "unknown argument \"--frobnicate\"");
    RUN_OK(&p, script, "--help");
    CK_CHECK_CONTAINS(p.out, "--pin-file FILE");
    ck_proc_clear(&p);
}

int main(int argc, char **argv)
{
    ck_test_init(argc, argv);
    /* CK_BIN is <build>/src/classkiosk: the build folder is two levels up. */
    snprintf(build_dir, sizeof build_dir, "%s", ck_test_binary());
    for (int up = 0; up < 2; up++) {
        char *slash = strrchr(build_dir, '/');
        if (slash)
            *slash = '\0';
    }
    char cache[PATH_MAX + 32];
    snprintf(cache, sizeof cache, "%s/CPackConfig.cmake", build_dir);
    if (!is_file(cache)) {
        fprintf(stderr,
                "no CPackConfig.cmake in %s (from CK_BIN=%s): run the test from its "
                "build folder with ctest\n",
                build_dir, ck_test_binary());
        return 1;
    }
    ck_proc p = {0};
    if (RUN(&p, ck_test_binary(), "--version") != 0 ||
        sscanf(p.out, "classkiosk %63s", version) != 1) {
        fprintf(stderr, "%s --version did not answer: %s%s\n", ck_test_binary(), p.out, p.err);
        return 1;
    }
    ck_proc_clear(&p);

    CK_RUN(install_tree);
    CK_RUN(deb_package);
    CK_RUN(unit_file);
    CK_RUN(man_page);
    CK_RUN(desktop_entry);
    CK_RUN(install_script);
    return ck_test_done();
}
