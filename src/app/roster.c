/* The roster: importing attendees, adding walk-ins, finding a person by what was typed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/internal.h"
#include "core/names.h"
#include "core/number.h"
#include "core/roster.h"

#define ROSTER_MAX_BYTES (16u << 20)

static ck_rc course_id(ck_app *app, int64_t *id, ck_err *err)
{
    const ck_course_rec *c;
    ck_rc rc = ck_app_course(app, &c, err);
    if (rc == CK_OK)
        *id = c->id;
    return rc;
}

/* Fill a new attendee record for name, email and language (NULL: none). */
static ck_rc make_attendee(ck_attendee_rec *a, int64_t course, const char *name, const char *email,
                           const ck_lang *lang, int64_t now, ck_err *err)
{
    memset(a, 0, sizeof *a);
    char *key = ck_name_key(name);
    if (!key)
        return ck_err_set(err, CK_ENOMEM, "out of memory reading the name \"%s\"", name);
    a->course_id = course;
    bool fits = ck_text_copy(a->name, sizeof a->name, name) &&
                ck_text_copy(a->email, sizeof a->email, email);
    if (!ck_assert(fits)) { /* the cleaned kinds' limits fit the record */
        free(key);
        return ck_err_set(err, CK_EINTERNAL, "the name \"%s\" does not fit the record", name);
    }
    /* A key that is empty (nothing to search by) or too long is refused, never cut. */
    if (!*key || !ck_text_copy(a->name_key, sizeof a->name_key, key)) {
        free(key);
        return ck_err_set(err, CK_EINVAL,
                          "the name \"%s\" gives no search key the kiosk could find it by; write "
                          "it with letters",
                          name);
    }
    if (lang)
        snprintf(a->lang, sizeof a->lang, "%s", ck_lang_code(lang));
    a->created_at = now;
    free(key);
    return CK_OK;
}

/* The roster parser's extra check: can the certificate print the name? */
static ck_rc name_printable(void *ctx, const char *name, ck_err *err)
{
    return ck_app_text_printable(ctx, CK_TEXT_NAME, name, err);
}

ck_rc ck_app_roster_import(ck_app *app, const char *path, ck_import_result *out, ck_err *err)
{
    char *data = NULL;
    size_t len = 0;
    ck_roster roster = {0};
    ck_attendee_rec *existing = NULL;
    size_t nexisting = 0;
    int64_t course = 0;
    memset(out, 0, sizeof *out);
    ck_rc rc = course_id(app, &course, err);
    if (rc)
        return rc;
    if ((rc = ck_file_read(&data, &len, path, ROSTER_MAX_BYTES, "roster", err)))
        return rc;
    const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    if ((rc = ck_roster_parse_checked(&roster, data, len, base, name_printable, app, err)))
        goto done;

    if ((rc = ck_store_begin(app->store, err)))
        goto done;
    if ((rc = ck_store_attendee_list(app->store, course, &existing, &nexisting, err)))
        goto fail;
    int64_t now = ck_app_now(app);
    json_t *added = json_array(), *renamed = json_array(), *languages = json_array();
    for (size_t i = 0; i < roster.count; i++) {
        const ck_roster_entry *e = &roster.entries[i];
        const ck_attendee_rec *match = NULL;
        for (size_t j = 0; j < nexisting && !match; j++) {
            bool same_email = *e->email && strcmp(existing[j].email, e->email) == 0;
            bool same_nameless =
                !*e->email && !*existing[j].email && strcmp(existing[j].name, e->name) == 0;
            if (same_email || same_nameless)
                match = &existing[j];
        }
        /* A language cell changes the person's language; an empty one changes nothing. */
        bool new_lang = match && e->lang && strcmp(match->lang, ck_lang_code(e->lang)) != 0;
        if (new_lang) {
            if ((rc = ck_store_attendee_set_lang(app->store, match->id, ck_lang_code(e->lang), now,
                                                 err)))
                goto fail_json;
            json_array_append_new(languages,
                                  json_pack("{s:I, s:s, s:s}", "id", (json_int_t)match->id, "from",
                                            match->lang, "to", ck_lang_code(e->lang)));
            out->languages++;
        }
        /* The same name whole and in its parts: nothing to rename. */
        if (match && strcmp(match->name, e->name) == 0 && strcmp(match->given, e->given) == 0 &&
            strcmp(match->family, e->family) == 0) {
            if (!new_lang)
                out->unchanged++;
            continue;
        }
        ck_attendee_rec a;
        if ((rc = make_attendee(&a, course, e->name, e->email, e->lang, now, err)))
            goto fail_json;
        snprintf(a.given, sizeof a.given, "%s", e->given);
        snprintf(a.family, sizeof a.family, "%s", e->family);
        if (match) {
            if ((rc = ck_store_attendee_rename(app->store, match->id, &a, now, err)))
                goto fail_json;
            json_array_append_new(renamed, json_pack("{s:I, s:s, s:s}", "id", (json_int_t)match->id,
                                                     "from", match->name, "to", a.name));
            out->renamed++;
        } else {
            if ((rc = ck_store_attendee_insert(app->store, &a, err))) {
                ck_err_prefix(err, "%s line %d: ", base, e->line);
                goto fail_json;
            }
            json_array_append_new(added,
                                  json_pack("{s:I, s:s}", "id", (json_int_t)a.id, "name", a.name));
            out->added++;
        }
    }
    if (out->added || out->renamed || out->languages) {
        json_t *d =
            json_pack("{s:s, s:I, s:o, s:o, s:i}", "file", base, "course", (json_int_t)course,
                      "added", added, "renamed", renamed, "unchanged", (int)out->unchanged);
        /* Only imports that changed a language say so: earlier records keep their shape. */
        if (d && out->languages)
            json_object_set(d, "languages", languages);
        json_decref(languages);
        if ((rc = ck_app_audit_write(app, "trainer", CK_AUDIT_ROSTER_IMPORT, d, err)))
            goto fail;
        rc = ck_store_commit(app->store, err);
    } else {
        json_decref(added);
        json_decref(renamed);
        json_decref(languages);
        ck_store_rollback(app->store); /* nothing changed: re-importing is a no-op */
    }
    goto done;
fail_json:
    json_decref(added);
    json_decref(renamed);
    json_decref(languages);
fail:
    ck_store_rollback(app->store);
    memset(out, 0, sizeof *out);
done:
    free(existing);
    ck_roster_clear(&roster);
    free(data);
    return rc;
}

ck_rc ck_app_roster_add(ck_app *app, const char *name, const char *email, int64_t *id, ck_err *err)
{
    return ck_app_roster_add_lang(app, name, email, NULL, id, err);
}

ck_rc ck_app_language_named(const char *text, const ck_lang **out, ck_err *err)
{
    *out = text && *text ? ck_name_language(text) : NULL;
    if (text && *text && !*out)
        return ck_err_set(err, CK_EINVAL,
                          "the language \"%s\" is not one the station speaks; use en, de, fr, "
                          "es or pt_BR (or a name such as Deutsch or French)",
                          text);
    return CK_OK;
}

ck_rc ck_app_roster_add_lang(ck_app *app, const char *name, const char *email, const char *lang,
                             int64_t *id, ck_err *err)
{
    int64_t course = 0;
    char *clean = NULL, *mail = NULL;
    const ck_lang *language = NULL;
    ck_rc rc = ck_app_language_named(lang, &language, err);
    if (rc)
        return rc;
    if ((rc = course_id(app, &course, err)))
        return rc;
    if ((rc = ck_app_text_check(app, CK_TEXT_NAME, name, NULL, &clean, err)))
        return rc;
    if ((rc = ck_app_text_check(app, CK_TEXT_EMAIL, email, NULL, &mail, err))) {
        free(clean);
        return rc;
    }
    ck_attendee_rec a, other;
    rc = make_attendee(&a, course, clean, mail, language, ck_app_now(app), err);
    free(clean);
    free(mail);
    if (rc)
        return rc;
    if ((rc = ck_store_begin(app->store, err)))
        return rc;
    if (*a.email &&
        ck_store_attendee_by_email(app->store, course, a.email, &other, NULL) == CK_OK) {
        ck_store_rollback(app->store);
        return ck_err_set(err, CK_EINVAL, "%s already belongs to %s (id %lld)", a.email, other.name,
                          (long long)other.id);
    }
    if ((rc = ck_store_attendee_insert(app->store, &a, err)) ||
        (rc = ck_app_audit_write(app, "trainer", CK_AUDIT_ROSTER_ADD,
                                 a.lang[0]
                                     ? json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)a.id,
                                                 "name", a.name, "email", a.email, "lang", a.lang)
                                     : json_pack("{s:I, s:s, s:s}", "id", (json_int_t)a.id, "name",
                                                 a.name, "email", a.email),
                                 err))) {
        ck_store_rollback(app->store);
        return rc;
    }
    if ((rc = ck_store_commit(app->store, err)))
        return rc;
    *id = a.id;
    return CK_OK;
}

ck_rc ck_app_roster(ck_app *app, ck_attendee_rec **out, size_t *n, ck_err *err)
{
    int64_t course = 0;
    ck_rc rc = course_id(app, &course, err);
    if (rc)
        return rc;
    return ck_store_attendee_list(app->store, course, out, n, err);
}

ck_rc ck_app_search(ck_app *app, const char *query, ck_attendee_rec **out, size_t *n, ck_err *err)
{
    ck_attendee_rec *all = NULL;
    size_t count = 0, kept = 0;
    *out = NULL;
    *n = 0;
    char *q = ck_name_fold(query ? query : "");
    if (!q)
        return ck_err_set(err, CK_EINVAL, "the search text is not valid UTF-8");
    ck_rc rc = ck_app_roster(app, &all, &count, err);
    if (rc == CK_OK) {
        for (size_t i = 0; i < count; i++)
            if (ck_name_matches(ck_app_search_key(app, &all[i]), q))
                all[kept++] = all[i];
        *out = all;
        *n = kept;
    }
    free(q);
    return rc;
}

ck_rc ck_app_find(ck_app *app, const char *who, ck_attendee_rec *out, ck_err *err)
{
    int64_t course = 0;
    ck_rc rc = course_id(app, &course, err);
    if (rc)
        return rc;
    if (!who || !*who)
        return ck_err_set(err, CK_EINVAL, "say who: an e-mail, an attendee id, or a name");
    char code[CK_APP_BADGE_CODE_MAX];
    if (ck_app_badge_parse(who, code)) { /* a badge's code, typed or scanned */
        int64_t id = 0;
        if ((rc = ck_app_badge_who(app, who, &id, err)))
            return rc;
        return ck_store_attendee_get(app->store, id, out, err);
    }
    if (strchr(who, '@')) {
        char mail[CK_TEXT_MAX];
        ck_text_copy(mail, sizeof mail, who);
        ck_email_lower(mail);
        ck_err quiet = {0};
        rc = ck_store_attendee_by_email(app->store, course, mail, out, &quiet);
        if (rc == CK_ENOTFOUND)
            return ck_err_set(err, rc,
                              "nobody on the roster has the e-mail %s; \"classkiosk roster "
                              "list\" shows everyone",
                              mail);
        return rc ? ck_err_msg(err, rc, &quiet.m) : CK_OK;
    }
    if (strspn(who, "0123456789") == strlen(who)) {
        ck_err quiet = {0};
        long long id = 0;
        rc = ck_number_int(&id, who, 1, INT64_MAX)
                 ? ck_store_attendee_get(app->store, id, out, &quiet)
                 : CK_ENOTFOUND; /* 0, or more digits than any id has */
        if (rc == CK_OK && out->course_id != course)
            rc = CK_ENOTFOUND;
        if (rc == CK_ENOTFOUND)
            return ck_err_set(err, rc,
                              "no attendee of this course has the id %s; \"classkiosk roster "
                              "list\" shows the ids",
                              who);
        return rc ? ck_err_msg(err, rc, &quiet.m) : CK_OK;
    }

    ck_attendee_rec *found = NULL;
    size_t n = 0;
    if ((rc = ck_app_search(app, who, &found, &n, err)))
        return rc;
    /* An exact full-name match wins over prefix matches ("Ann Lee" vs "Anna Leeds"). */
    char *key = ck_name_fold(who);
    size_t exact = 0, exact_at = 0;
    for (size_t i = 0; key && i < n; i++)
        if (ck_name_key_equals(ck_app_search_key(app, &found[i]), key))
            exact++, exact_at = i;
    free(key);
    if (n == 1 || exact == 1) {
        *out = found[n == 1 ? 0 : exact_at];
        rc = CK_OK;
    } else if (n == 0) {
        rc = ck_err_set(err, CK_ENOTFOUND,
                        "nobody on the roster is called \"%s\"; \"classkiosk roster list\" "
                        "shows everyone",
                        who);
    } else {
        char names[5 * (2 * CK_TEXT_MAX + 40)] = "";
        for (size_t i = 0; i < n && i < 5; i++) {
            size_t used = strlen(names);
            snprintf(names + used, sizeof names - used, "%s%s (id %lld%s%s)", i ? ", " : "",
                     found[i].name, (long long)found[i].id, *found[i].email ? ", " : "",
                     found[i].email);
        }
        rc = ck_err_setn(err, CK_EAMBIGUOUS,
                         "\"%s\" matches %zu person: %s%s; use an e-mail or id instead",
                         "\"%s\" matches %zu people: %s%s; use an e-mail or id instead", n, who, n,
                         names, n > 5 ? ", …" : "");
    }
    free(found);
    return rc;
}
