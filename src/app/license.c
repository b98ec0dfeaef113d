/* The license agreement: its versions, each with a text per language (English required), and
 * each attendee's decision on one of them. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "app/internal.h"
#include "app/timez.h"
#include "core/names.h"

#define LICENSE_MAX_BYTES (1u << 20)

ck_rc ck_app_license_current(ck_app *app, ck_license_rec *out, ck_err *err)
{
    return ck_store_license_current(app->store, out, err);
}

/* The current version's texts (English first); CK_ENOTFOUND without a version. */
static ck_rc current_texts(ck_app *app, int *version, ck_license_rec **texts, size_t *n,
                           ck_err *err)
{
    ck_license_rec cur;
    ck_rc rc = ck_store_license_current(app->store, &cur, err);
    if (rc)
        return rc;
    *version = cur.version;
    char uid[CK_UID_LEN + 1];
    snprintf(uid, sizeof uid, "%s", cur.uid);
    ck_license_rec_clear(&cur);
    return ck_store_license_texts(app->store, uid, texts, n, err);
}

static void texts_free(ck_license_rec *texts, size_t n)
{
    for (size_t i = 0; i < n; i++)
        ck_license_rec_clear(&texts[i]);
    free(texts);
}

ck_rc ck_app_license_text(ck_app *app, const ck_lang *lang, ck_license_rec *out, ck_err *err)
{
    ck_license_rec *texts = NULL;
    size_t n = 0;
    int version = 0;
    memset(out, 0, sizeof *out);
    ck_rc rc = current_texts(app, &version, &texts, &n, err);
    if (rc)
        return rc;
    size_t pick = 0; /* English, which every version has, unless lang has a text */
    for (size_t i = 0; lang && i < n; i++)
        if (strcmp(texts[i].lang, ck_lang_code(lang)) == 0)
            pick = i;
    if (n == 0) {
        texts_free(texts, n);
        return ck_err_set(err, CK_ENOTFOUND,
                          "license version %d has no text; run "
                          "\"classkiosk license update\"",
                          version);
    }
    *out = texts[pick];
    texts[pick] = (ck_license_rec){0};
    texts_free(texts, n);
    return CK_OK;
}

ck_rc ck_app_license_langs(ck_app *app, int *version, const ck_lang **langs, size_t max, size_t *n,
                           ck_err *err)
{
    ck_license_rec *texts = NULL;
    size_t count = 0;
    *n = 0;
    ck_rc rc = current_texts(app, version, &texts, &count, err);
    if (rc)
        return rc;
    for (size_t i = 0; i < count && *n < max; i++) {
        const ck_lang *l = ck_lang_find(texts[i].lang);
        if (l)
            langs[(*n)++] = l;
    }
    texts_free(texts, count);
    return CK_OK;
}

/* Strip a BOM and turn CRLF into LF in place, so the same text always hashes alike. */
static size_t normalise_text(char *text, size_t len)
{
    size_t r = 0, w = 0;
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        r = 3;
    for (; r < len; r++) {
        if (text[r] == '\r' && r + 1 < len && text[r + 1] == '\n')
            continue;
        text[w++] = text[r];
    }
    while (w && (text[w - 1] == '\n' || text[w - 1] == ' '))
        w--;
    text[w] = '\0';
    return w;
}

/* One text of the set being stored. */
typedef struct license_file {
    const ck_lang *lang;
    char path[CK_FILE_PATH_MAX];
    char *text;
    char sha256[65];
} license_file;

typedef struct license_set {
    license_file files[CK_LICENSE_MAX_TEXTS];
    size_t n;
} license_set;

static void set_clear(license_set *set)
{
    for (size_t i = 0; i < set->n; i++)
        free(set->files[i].text);
    set->n = 0;
}

static license_file *set_find(license_set *set, const ck_lang *lang)
{
    for (size_t i = 0; i < set->n; i++)
        if (set->files[i].lang == lang)
            return &set->files[i];
    return NULL;
}

/* Read, check and hash path as the text in lang. */
static ck_rc set_add(license_set *set, const ck_lang *lang, const char *path, ck_err *err)
{
    license_file *dup = set_find(set, lang);
    if (dup)
        return ck_err_set(err, CK_EINVAL,
                          "two license texts in %s: %s and %s; give one text per language",
                          ck_lang_name(lang), dup->path, path);
    if (!ck_assert(set->n < CK_LICENSE_MAX_TEXTS)) /* one per language, and there are five */
        return ck_err_set(err, CK_EINTERNAL, "too many license texts");
    license_file *f = &set->files[set->n];
    size_t len = 0, bad = 0;
    memset(f, 0, sizeof *f);
    ck_rc rc = ck_file_read(&f->text, &len, path, LICENSE_MAX_BYTES, "license text", err);
    if (rc)
        return rc;
    len = normalise_text(f->text, len);
    if (len < 20)
        rc = ck_err_set(err, CK_EINVAL,
                        "the license text %s is empty or too short to be an agreement", path);
    else if (!ck_text_valid_utf8(f->text, len, &bad))
        rc = ck_err_set(err, CK_EINVAL,
                        "the license text %s is not valid UTF-8 (byte %zu); save it as UTF-8", path,
                        bad + 1);
    if (rc) {
        free(f->text);
        return rc;
    }
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, (const unsigned char *)f->text, len);
    sodium_bin2hex(f->sha256, sizeof f->sha256, digest, sizeof digest);
    f->lang = lang;
    snprintf(f->path, sizeof f->path, "%s", path);
    set->n++;
    return CK_OK;
}

static bool is_file(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 && S_ISREG(sb.st_mode);
}

/* The texts in a folder: license.<code>.txt for each language; the English one may also be
 * license.txt (as a single text was named before there were languages). */
static ck_rc set_from_dir(license_set *set, const char *dir, ck_err *err)
{
    for (size_t i = 0; ck_lang_nth(i); i++) {
        const ck_lang *lang = ck_lang_nth(i);
        char path[CK_FILE_PATH_MAX], plain[CK_FILE_PATH_MAX];
        snprintf(path, sizeof path, "%s/license.%s.txt", dir, ck_lang_code(lang));
        snprintf(plain, sizeof plain, "%s/license.txt", dir);
        bool coded = is_file(path), old = lang == ck_lang_english() && is_file(plain);
        if (coded && old)
            return ck_err_set(err, CK_EINVAL,
                              "%s holds both license.en.txt and license.txt; keep the English "
                              "text in license.en.txt only",
                              dir);
        ck_rc rc = coded ? set_add(set, lang, path, err)
                   : old ? set_add(set, lang, plain, err)
                         : CK_OK;
        if (rc)
            return rc;
    }
    return CK_OK;
}

/* A file's language from its name: "license.de.txt", "vertrag.pt_BR.txt"; English when the
 * name has no language code before ".txt". */
static const ck_lang *lang_of_file(const char *path)
{
    const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    char name[256];
    snprintf(name, sizeof name, "%s", base);
    char *dot = strrchr(name, '.');
    if (dot && strcmp(dot, ".txt") == 0) {
        *dot = '\0';
        dot = strrchr(name, '.');
        const ck_lang *lang = dot ? ck_lang_find(dot + 1) : NULL;
        /* only a code exactly: "notes.d.txt" or "v2.final.txt" are English texts */
        if (lang && (strcasecmp(dot + 1, ck_lang_code(lang)) == 0 ||
                     (strchr(dot + 1, '-') && strlen(dot + 1) == strlen(ck_lang_code(lang)))))
            return lang;
    }
    return ck_lang_english();
}

/* The texts named by paths (folders or files), or the data folder's assets/ when n is 0. */
static ck_rc set_gather(ck_app *app, license_set *set, const char *const *paths, size_t n,
                        ck_err *err)
{
    ck_rc rc = CK_OK;
    char assets[CK_FILE_PATH_MAX];
    if (n == 0) {
        ck_app_data_path(app, "assets", assets, sizeof assets);
        rc = set_from_dir(set, assets, err);
    }
    for (size_t i = 0; i < n && rc == CK_OK; i++) {
        struct stat sb;
        if (stat(paths[i], &sb) == 0 && S_ISDIR(sb.st_mode))
            rc = set_from_dir(set, paths[i], err);
        else
            rc = set_add(set, lang_of_file(paths[i]), paths[i], err);
    }
    if (rc == CK_OK && !set_find(set, ck_lang_english()))
        rc = ck_err_set(err, CK_EINVAL,
                        "%s: no English license text; every version needs one (license.en.txt "
                        "in a folder, or a file without a language in its name)",
                        n == 0   ? assets
                        : n == 1 ? paths[0]
                                 : "the files given");
    return rc;
}

/* Store the set: nothing when the current version holds these texts, the texts in new
 * languages added to it when the rest are the same, otherwise a new version. only_new (init,
 * at every update of every station): never a new version whose English text any station
 * stored already, so an older asset does not come back over a text stored since. */
static ck_rc set_store(ck_app *app, license_set *set, bool only_new, ck_license_stored *out,
                       ck_err *err)
{
    ck_license_rec *cur = NULL;
    size_t ncur = 0;
    int version = 0;
    bool known = false;
    char license[CK_UID_LEN + 1] = "";
    json_t *langs = NULL;
    int64_t now = ck_app_now(app);
    const license_file *en = set_find(set, ck_lang_english());
    ck_rc rc = current_texts(app, &version, &cur, &ncur, err);
    if (rc && rc != CK_ENOTFOUND)
        return rc;
    bool changed = rc == CK_ENOTFOUND;
    if (ncur)
        snprintf(license, sizeof license, "%s", cur[0].uid);
    rc = CK_OK;
    if (only_new && !changed && (rc = ck_store_license_known(app->store, en->sha256, &known, err)))
        goto done;
    if (known && strcmp(cur[0].sha256, en->sha256) != 0) {
        out->version = version; /* an older English text: the current version stays as it is */
        goto done;
    }
    for (size_t i = 0; i < set->n && !changed; i++)
        for (size_t j = 0; j < ncur; j++)
            if (strcmp(cur[j].lang, ck_lang_code(set->files[i].lang)) == 0 &&
                strcmp(cur[j].sha256, set->files[i].sha256) != 0)
                changed = true;
    langs = json_array();
    if (changed && (rc = ck_store_license_version_add(app->store, en->text, en->sha256, now,
                                                      &version, license, sizeof license, err)))
        goto done;
    out->version = version;
    out->new_version = changed;
    for (size_t i = 0; i < set->n && rc == CK_OK; i++) {
        const license_file *f = &set->files[i];
        bool have = false;
        for (size_t j = 0; j < ncur && !changed; j++)
            have = have || strcmp(cur[j].lang, ck_lang_code(f->lang)) == 0;
        if (have || (!changed && f == en))
            continue;
        if (f != en)
            rc = ck_store_license_translation_add(app->store, license, ck_lang_code(f->lang),
                                                  f->text, f->sha256, now, err);
        out->added[out->nadded++] = f->lang;
        json_array_append_new(langs, json_string(ck_lang_code(f->lang)));
    }
    if (rc == CK_OK && out->nadded)
        rc = ck_app_audit_write(app, "trainer", CK_AUDIT_LICENSE_UPDATE,
                                json_pack("{s:i, s:s, s:O}", "version", version, "sha256",
                                          en->sha256, changed ? "languages" : "added", langs),
                                err);
done:
    json_decref(langs);
    texts_free(cur, ncur);
    return rc;
}

/* Gather and store the texts in paths, all or nothing. */
static ck_rc update_texts(ck_app *app, const char *const *paths, size_t n, bool only_new,
                          ck_license_stored *out, ck_err *err)
{
    license_set set = {0};
    memset(out, 0, sizeof *out);
    ck_rc rc = set_gather(app, &set, paths, n, err);
    if (rc == CK_OK && (rc = ck_store_begin(app->store, err)) == CK_OK) {
        rc = set_store(app, &set, only_new, out, err);
        if (rc == CK_OK)
            rc = ck_store_commit(app->store, err);
        else
            ck_store_rollback(app->store);
    }
    if (rc)
        memset(out, 0, sizeof *out);
    set_clear(&set);
    return rc;
}

ck_rc ck_app_license_update_texts(ck_app *app, const char *const *paths, size_t n,
                                  ck_license_stored *out, ck_err *err)
{
    return update_texts(app, paths, n, false, out, err);
}

ck_rc ck_app_license_store(ck_app *app, const char *path, bool only_new, int *version, bool *added,
                           ck_err *err)
{
    ck_license_stored stored;
    ck_rc rc = update_texts(app, &path, path ? 1 : 0, only_new, &stored, err);
    if (rc == CK_OK) {
        *version = stored.version;
        *added = stored.nadded > 0;
    }
    return rc;
}

ck_rc ck_app_license_decide(ck_app *app, const ck_decision_req *req, ck_err *err)
{
    ck_license_rec cur;
    ck_attendee_rec person;
    const ck_course_rec *c;
    char why[CK_REASON_MAX] = "";
    int64_t now = ck_app_now(app);
    bool correction = req->at_given;
    ck_rc rc = ck_app_course(app, &c, err);
    if (rc)
        return rc;
    if ((correction || req->source == CK_SOURCE_TRAINER) &&
        (rc = ck_app_reason(why, req->reason, "recording a decision for someone", err)))
        return rc;
    if (correction && req->at > now + 60)
        return ck_err_set(err, CK_EINVAL,
                          "--at is in the future; a correction records what already happened");
    char date[11];
    ck_tz_date(correction ? req->at : now, date);
    if (correction && ck_app_course_day_index(c, date) < 0) {
        char days[12 * CK_COURSE_MAX_DAYS + 8];
        ck_app_course_days_text(c, days, sizeof days);
        return ck_err_set(err, CK_ESTATE,
                          "%s is not a day of the course \"%s\" (its days: %s); a correction "
                          "records a decision made during the course",
                          date, c->title, days);
    }
    if ((rc = ck_store_begin(app->store, err)))
        return rc;
    if ((rc = ck_app_license_text(app, req->lang, &cur, err)))
        goto fail;
    int current = cur.version;
    char read_in[CK_LANG_CODE_MAX];
    snprintf(read_in, sizeof read_in, "%s", cur.lang); /* English when lang has no text */
    ck_license_rec_clear(&cur); /* only the version and the language are needed */
    if (req->version && req->version != current) {
        rc = ck_err_set(err, CK_ESTATE,
                        "the license text changed (now version %d) while version %d was being "
                        "read; please read the new text",
                        current, req->version);
        goto fail;
    }
    if ((rc = ck_store_attendee_get(app->store, req->attendee_id, &person, err)))
        goto fail;
    if (person.course_id != c->id) {
        rc = ck_err_set(err, CK_ENOTFOUND, "%s is not on the roster of \"%s\"", person.name,
                        c->title);
        goto fail;
    }
    ck_acceptance_rec a;
    memset(&a, 0, sizeof a);
    a.attendee_id = person.id;
    a.version = current;
    a.decision = req->decision;
    a.at = correction ? req->at : now;
    a.recorded_at = now;
    a.source = req->source;
    memcpy(a.reason, why, sizeof a.reason);
    memcpy(a.lang, read_in, sizeof a.lang);
    if ((rc = ck_store_acceptance_append(app->store, &a, err)))
        goto fail;
    if (correction || req->source == CK_SOURCE_TRAINER) {
        char when[17];
        ck_tz_datetime(a.at, when);
        json_t *d = json_pack("{s:I, s:s, s:s, s:i, s:s, s:s, s:s}", "attendee",
                              (json_int_t)person.id, "name", person.name, "decision",
                              req->decision == CK_DECISION_ACCEPT ? "accept" : "decline", "version",
                              a.version, "lang", a.lang, "at", when, "reason", a.reason);
        if ((rc = ck_app_audit_write(app, "trainer", CK_AUDIT_LICENSE_DECIDE, d, err)))
            goto fail;
    }
    return ck_store_commit(app->store, err);
fail:
    ck_store_rollback(app->store);
    return rc;
}

ck_rc ck_app_license_update(ck_app *app, const char *path, int *version, bool *added, ck_err *err)
{
    return ck_app_license_store(app, path, false, version, added, err);
}
