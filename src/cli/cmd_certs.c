/* Certificate commands: keys, issuing, listing, revoking, verifying. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

#include "app/timez.h"
#include "cli/cli.h"
#include "common/file.h"
#include "common/mem.h"

static const ck_opt NO_OPTS[] = {{NULL, NULL, false, NULL}};
static const ck_opt JSON_OPTS[] = {
    {"json", NULL, false, N_("print JSON")},
    {NULL, NULL, false, NULL},
};

static int run_keys_export(ck_cli *cli, const ck_cmd *cmd, const ck_args *a)
{
    ck_err err = {0};
    char *json = NULL;
    if (ck_app_keys_export(cli->app, ck_cli_flag(cmd, a, "jwks"), &json, &err) != CK_OK)
        return ck_cli_fail(cli, &err);
    fprintf(cli->out, "%s\n", json);
    free(json);
    return CK_EXIT_OK;
}

static int run_keys_rotate(ck_cli *cli, const ck_cmd *cmd, const ck_args *a)
{
    ck_err err = {0};
    char kid[CK_APP_KID_LEN + 1];
    if (ck_app_keys_rotate(cli->app, kid, &err) != CK_OK)
        return ck_cli_fail(cli, &err);
    fprintf(cli->out,
            _("new signing key %s; earlier certificates still verify with the retired key.\n"
              "Publish the new key set: classkiosk keys export --jwks (and re-export the "
              "verification page)."),
            kid);
    fputc('\n', cli->out);
    return CK_EXIT_OK;
}

static const ck_opt ISSUE_OPTS[] = {
    {"all", NULL, false, N_("everyone eligible in the course")},
    {"out", "DIR", false, N_("folder for the PDFs (default: certificates/ beside the database)")},
    {"letter", NULL, false, N_("US Letter paper instead of A4")},
    {"print", NULL, false, N_("also print each certificate (see \"classkiosk print\")")},
    {"printer", "NAME", false, N_("with --print: the CUPS printer")},
    {NULL, NULL, false, NULL},
};

typedef struct issue_ctx {
    const ck_cmd *cmd;
    const ck_args *a;
} issue_ctx;

static ck_rc issue_one(ck_cli *cli, const ck_attendee_rec *who, void *ctx, ck_err *err)
{
    const issue_ctx *ic = ctx;
    ck_issue_result r;
    ck_issue_opts opts = {.out_dir = ck_cli_value(ic->cmd, ic->a, "out"),
                          .letter = ck_cli_flag(ic->cmd, ic->a, "letter")};
    ck_rc rc = ck_app_cert_issue(cli->app, who->id, &opts, &r, err);
    if (rc)
        return rc;
    if (r.reused)
        fprintf(cli->out, _("reissued %s for %s: %s"), r.id, ck_cli_text(cli, r.person.name),
                ck_cli_text(cli, r.pdf_path));
    else
        fprintf(cli->out, _("issued %s for %s: %s"), r.id, ck_cli_text(cli, r.person.name),
                ck_cli_text(cli, r.pdf_path));
    fputc('\n', cli->out);
    fflush(cli->out);
    if (!ck_cli_flag(ic->cmd, ic->a, "print"))
        return CK_OK;
    ck_job_rec job;
    if ((rc = ck_app_print(cli->app, CK_SOURCE_TRAINER, r.pdf_path, r.id,
                           ck_cli_value(ic->cmd, ic->a, "printer"), &job, err)))
        return rc;
    if (ck_cli_follow_job(cli, &job, 60) != CK_EXIT_OK)
        return ck_err_set(err, CK_EIO,
                          "certificate %s is issued; its print job %lld has not "
                          "printed yet",
                          r.id, (long long)job.id);
    return CK_OK;
}

/* The chain head after issuing: written down with the batch, it shows later whether any
 * record up to here was removed or rewritten. */
static void print_head(ck_cli *cli)
{
    ck_chain_head h;
    ck_err err = {0};
    if (ck_app_chain_head(cli->app, &h, &err) == CK_OK)
        fprintf(cli->out,
                _("chain head %s (write it down with this batch; \"classkiosk audit verify "
                  "--expect %s\" checks it later)"),
                h.text, h.text);
    fputc('\n', cli->out);
}

static int run_certs_issue(ck_cli *cli, const ck_cmd *cmd, const ck_args *a)
{
    issue_ctx ctx = {cmd, a};
    bool all = ck_cli_flag(cmd, a, "all");
    if (all == (a->npos > 0))
        return ck_cli_usage_error(cli, cmd, "name who gets a certificate, or give --all");
    if (!all) {
        int status = ck_cli_each_who(cli, a, issue_one, &ctx);
        print_head(cli);
        return status;
    }
    ck_err err = {0};
    ck_status *list = NULL;
    size_t n = 0, issued = 0, refused = 0;
    int status = CK_EXIT_OK;
    if (ck_app_status(cli->app, &list, &n, &err) != CK_OK)
        return ck_cli_fail(cli, &err);
    for (size_t i = 0; i < n; i++) {
        if (!list[i].eligible) {
            /* The same reasons status gives, one line per person. */
            fprintf(cli->out, _("refused: %s is not eligible for a certificate: "),
                    ck_cli_text(cli, list[i].person.name));
            for (size_t r = 0; r < list[i].nreasons; r++) {
                char words[1024];
                /* TRANSLATORS: between two reasons on one line ("day 1: …; license …"). */
                fprintf(cli->out, "%s%s", r ? _("; ") : "",
                        ck_cli_text(cli, ck_msg_word(&list[i].reasons[r], ck_cli_lang(), words,
                                                     sizeof words)));
            }
            fputc('\n', cli->out);
            refused++;
            continue;
        }
        ck_err one = {0};
        if (issue_one(cli, &list[i].person, &ctx, &one) == CK_OK)
            issued++;
        else
            status = ck_cli_fail(cli, &one);
    }
    ck_status_list_free(list, n);
    fprintf(cli->out,
            ngettext_cli("%zu certificate, %zu refused", "%zu certificates, %zu refused", issued),
            issued, refused);
    fputc('\n', cli->out);
    print_head(cli);
    return status;
}

static int run_certs_list(ck_cli *cli, const ck_cmd *cmd, const ck_args *a)
{
    ck_err err = {0};
    ck_cert_rec *list = NULL;
    size_t n = 0;
    if (ck_app_cert_list(cli->app, &list, &n, &err) != CK_OK)
        return ck_cli_fail(cli, &err);
    bool json = ck_cli_flag(cmd, a, "json");
    json_t *arr = json ? json_array() : NULL;
    for (size_t i = 0; i < n; i++) {
        const ck_cert_rec *c = &list[i];
        char issued[26], expires[26], revoked[26];
        ck_tz_iso(c->issued_at, issued);
        ck_tz_iso(c->expires_at, expires);
        if (c->revoked_at)
            ck_tz_iso(c->revoked_at, revoked);
        if (json) {
            json_t *o = json_pack("{s:s, s:I, s:s, s:s, s:s, s:s, s:s}", "id", c->id, "attendee",
                                  (json_int_t)c->attendee_id, "name", c->holder, "issued_at",
                                  issued, "expires_at", expires, "kid", c->kid, "token", c->token);
            json_object_set_new(o, "revoked_at",
                                c->revoked_at ? json_string(revoked) : json_null());
            if (c->revoked_at)
                json_object_set_new(o, "revoke_reason", json_string(c->revoke_reason));
            json_array_append_new(arr, o);
        } else {
            fprintf(cli->out, "%s  ", c->id);
            ck_cli_pad(cli, c->holder, 30);
            fprintf(cli->out, _("  issued %.10s  valid until %.10s"), issued, expires);
            if (c->revoked_at)
                fprintf(cli->out, _("  REVOKED %s"), revoked);
            fputc('\n', cli->out);
        }
    }
    ck_cert_list_free(list, n);
    if (json)
        return ck_cli_print_json(cli, arr);
    if (n == 0)
        fprintf(cli->out, "%s\n", _("no certificates issued yet"));
    return CK_EXIT_OK;
}

static const ck_opt REASON_OPTS[] = {
    {"reason", "TEXT", false, N_("why (kept in the audit trail); required")},
    {NULL, NULL, false, NULL},
};

static int run_certs_revoke(ck_cli *cli, const ck_cmd *cmd, const ck_args *a)
{
    ck_err err = {0};
    if (ck_app_cert_revoke(cli->app, a->pos[0], ck_cli_value(cmd, a, "reason"), &err) != CK_OK)
        return ck_cli_fail(cli, &err);
    fprintf(cli->out,
            _("certificate %s revoked; publish the new list: classkiosk certs revocations --out "
              "FILE"),
            a->pos[0]);
    fputc('\n', cli->out);
    return CK_EXIT_OK;
}

static const ck_opt OUT_OPTS[] = {
    {"out", "FILE", false, N_("write to FILE instead of printing")},
    {NULL, NULL, false, NULL},
};

static int run_certs_revocations(ck_cli *cli, const ck_cmd *cmd, const ck_args *a)
{
    ck_err err = {0};
    char *jws = NULL;
    if (ck_app_revocations(cli->app, &jws, &err) != CK_OK)
        return ck_cli_fail(cli, &err);
    const char *path = ck_cli_value(cmd, a, "out");
    if (!path) {
        fprintf(cli->out, "%s\n", jws);
        free(jws);
        return CK_EXIT_OK;
    }
    /* The list and a newline, put in place whole: a verifier never reads half a list. */
    size_t n = strlen(jws), cap = n + 1;
    ck_rc rc = ck_array_reserve(&jws, &cap, n + 2, 1)
                   ? ck_file_write(path, strcat(jws, "\n"), n + 1, 0644, "revocation list", &err)
                   : ck_err_set(&err, CK_ENOMEM, "out of memory writing the revocation list");
    free(jws);
    if (rc)
        return ck_cli_fail(cli, &err);
    fprintf(cli->out, _("signed revocation list written to %s"), path);
    fputc('\n', cli->out);
    return CK_EXIT_OK;
}

/* ---- verify ---- */

static const ck_opt VERIFY_OPTS[] = {
    {"json", NULL, false, N_("print JSON")},
    {"keys", "FILE", false, N_("trust the keys in this JWKS file instead of the station's")},
    {"revocations", "FILE", false, N_("check against this signed revocation list")},
    {NULL, NULL, false, NULL},
};

static bool is_file(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 && S_ISREG(sb.st_mode);
}

/* Whether INPUT was meant as a file name: a picture's or PDF's ending, or a path that is no
 * QR text or URL (those hold '/' too). */
static bool looks_like_path(const char *input)
{
    static const char *const endings[] = {".pdf", ".png", ".jpg", ".jpeg"};
    size_t len = strlen(input);
    for (size_t i = 0; i < sizeof endings / sizeof endings[0]; i++) {
        size_t n = strlen(endings[i]);
        if (len > n && strcasecmp(input + len - n, endings[i]) == 0)
            return true;
    }
    return strchr(input, '/') && !strstr(input, "://") && strncasecmp(input, "CKCERT:", 7) != 0;
}

static void print_verdict(ck_cli *cli, const ck_verdict *v, bool json, const char *source)
{
    const ck_verify_claims *c = &v->claims;
    char iat[26] = "", exp[26] = "", revoked[26] = "", dates[160] = "";
    if (v->has_claims) {
        ck_tz_iso(c->issued_at, iat);
        ck_tz_iso(c->expires_at, exp);
        ck_lang_dates(ck_cli_lang(), (const char(*)[11])c->days, c->ndays, dates, sizeof dates);
    }
    if (v->status == CK_VERIFY_REVOKED)
        ck_tz_iso(v->revoked_at, revoked);
    char why[1024];
    ck_msg_word(&v->said, ck_cli_lang(), why, sizeof why);
    if (json) {
        /* The status stays as it is in every language; the reason is a sentence for a person. */
        json_t *o = json_pack("{s:b, s:s, s:s, s:s, s:b}", "valid", v->status == CK_VERIFY_VALID,
                              "status", ck_verify_status_name(v->status), "reason", why, "source",
                              source, "revocations_checked", v->revocations_checked);
        if (v->has_claims) {
            json_t *days = json_array();
            for (size_t i = 0; i < c->ndays; i++)
                json_array_append_new(days, json_string(c->days[i]));
            json_object_set_new(
                o, "certificate",
                json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:f, s:s, s:s, s:s}", "id", c->id,
                          "name", c->name, "course", c->course, "trainer", c->trainer,
                          "trainer_credential", c->trainer_cred, "issuer", c->issuer, "days", days,
                          "hours", c->hours, "issued_at", iat, "expires_at", exp, "kid", v->kid));
            json_object_set_new(o, "station", *v->signer ? json_string(v->signer) : json_null());
        }
        if (v->status == CK_VERIFY_REVOKED)
            json_object_set_new(o, "revoked_at", json_string(revoked));
        ck_cli_print_json(cli, o);
        return;
    }
    if (v->status == CK_VERIFY_VALID)
        fprintf(cli->out, _("VALID — %s"), ck_cli_text(cli, why));
    else /* the status's name stays as --json has it */
        fprintf(cli->out, _("INVALID (%s) — %s"), ck_verify_status_name(v->status),
                ck_cli_text(cli, why));
    fputc('\n', cli->out);
    if (v->has_claims) {
        char until[48], day[11];
        ck_tz_date(c->expires_at - 1, day);
        ck_lang_date(ck_cli_lang(), day, CK_DATE_LONG, until, sizeof until);
        /* Signed claims are what a station signed, but a forged key set could sign anything. */
        /* TRANSLATORS: the labels of a verified certificate; keep them 13 characters wide. */
        fprintf(cli->out, _("  certificate  %s\n  name         %s\n  course       %s"),
                ck_cli_text(cli, c->id), ck_cli_text(cli, c->name), ck_cli_text(cli, c->course));
        fputc('\n', cli->out);
        char hours[32];
        ck_lang_decimal(ck_cli_lang(), c->hours, hours, sizeof hours);
        fprintf(cli->out, _("  dates        %s (%s contact hours)"), dates, hours);
        fputc('\n', cli->out);
        if (*c->trainer_cred)
            fprintf(cli->out, _("  trainer      %s, %s"), ck_cli_text(cli, c->trainer),
                    ck_cli_text(cli, c->trainer_cred));
        else
            fprintf(cli->out, _("  trainer      %s"), ck_cli_text(cli, c->trainer));
        fputc('\n', cli->out);
        fprintf(cli->out, _("  issued       %.10s by %s\n  valid until  %s"), iat,
                ck_cli_text(cli, c->issuer), until);
        fputc('\n', cli->out);
        if (*v->signer) {
            /* TRANSLATORS: %s is the name of another station of the same organisation. */
            fprintf(cli->out, _("  signed by    the station %s of this organisation"),
                    ck_cli_text(cli, v->signer));
            fputc('\n', cli->out);
        }
        if (v->status == CK_VERIFY_REVOKED) {
            fprintf(cli->out, _("  revoked      %.16s"), revoked);
            fputc('\n', cli->out);
        }
        fprintf(cli->out, "%s\n", _("Compare the name, course and dates with the paper."));
    }
    if (!v->revocations_checked)
        fprintf(cli->out, "%s\n", _("(no revocation list was checked; give --revocations FILE)"));
}

static int run_verify(ck_cli *cli, const ck_cmd *cmd, const ck_args *a)
{
    ck_err err = {0};
    char *text = NULL;
    int status = CK_EXIT_FAIL;
    const char *input = a->pos[0];
    ck_verify_req req = {.keys_path = ck_cli_value(cmd, a, "keys"),
                         .revocations_path = ck_cli_value(cmd, a, "revocations")};

    /* Without --keys the station's keys (and revocations) are trusted: open it. */
    if (!req.keys_path && ck_app_open(&cli->app, &cli->opt, CK_APP_READONLY, &err) != CK_OK) {
        ck_err_prefix(&err, "verifying needs the station's keys or --keys FILE: ");
        return ck_cli_fail(cli, &err);
    }
    /* Input: the text on stdin, a PNG, JPEG or PDF file with the QR code (or a file holding
     * the text), or the text itself. */
    if (strcmp(input, "-") == 0) {
        if (ck_file_read_stream(&text, &req.len, stdin, 1u << 16, "standard input", &err))
            return ck_cli_fail(cli, &err);
        req.text = text;
    } else if (is_file(input)) {
        req.path = input;
    } else if (looks_like_path(input)) {
        ck_err_set(&err, CK_ENOTFOUND,
                   "there is no file %s; check its name and folder (INPUT may also be the QR "
                   "text, the verify link or the token itself)",
                   input);
        return ck_cli_fail(cli, &err);
    } else {
        req.text = input;
        req.len = strlen(input);
    }
    req.now_given = true;
    req.now = cli->opt.clock ? cli->opt.clock(cli->opt.clock_ctx) : (int64_t)time(NULL);
    ck_verdict v;
    if (ck_app_verify(cli->app, &req, &v, &err) != CK_OK) {
        status = ck_cli_fail(cli, &err);
        goto done;
    }
    print_verdict(cli, &v, ck_cli_flag(cmd, a, "json"), text ? "stdin" : v.source);
    status = v.status == CK_VERIFY_VALID ? CK_EXIT_OK : CK_EXIT_FAIL;
done:
    free(text);
    return status;
}

static int run_verifier_export(ck_cli *cli, const ck_cmd *cmd, const ck_args *a)
{
    ck_err err = {0};
    char url[CK_TEXT_MAX];
    if (ck_app_verifier_export(cli->app, a->pos[0], &err) != CK_OK)
        return ck_cli_fail(cli, &err);
    ck_app_config_get(cli->app, "verify-url", url, sizeof url, NULL);
    fprintf(cli->out, _("verification page written to %s"), a->pos[0]);
    fputc('\n', cli->out);
    if (*url)
        fprintf(cli->out, _("upload the folder so that %s opens its index.html"), url);
    else
        fputs(_("upload the folder to any static web host, then: classkiosk config set "
                "verify-url https://HOST/PATH/"),
              cli->out);
    fputc('\n', cli->out);
    return CK_EXIT_OK;
}

const ck_cmd ck_cli_certs_cmds[] = {
    {"keys export", "[--jwks]", N_("print the station's public key (JWK), or all keys (JWK Set)"),
     N_("Give the JWK Set to anyone who verifies certificates offline: it includes retired\n"
        "keys, so older certificates keep verifying."),
     (const ck_opt[]){{"jwks", NULL, false, N_("all keys, retired ones included")},
                      {NULL, NULL, false, NULL}},
     0, 0, CK_CLI_DB_READ, run_keys_export},
    {"keys rotate", "", N_("start a new signing key; old public keys stay for verification"), NULL,
     NO_OPTS, 0, 0, CK_CLI_DB_EXISTING, run_keys_rotate},
    {"certs issue", "WHO… | --all [--out DIR] [--letter]",
     N_("write the PDF certificate of each eligible attendee"),
     N_("An ineligible attendee is refused with the reasons status gives. Issuing again gives\n"
        "the same certificate (same id and token) unless it was revoked."),
     ISSUE_OPTS, 0, CK_CLI_MAX_POS, CK_CLI_DB_EXISTING, run_certs_issue},
    {"certs list", "[--json]", N_("list the course's certificates"), NULL, JSON_OPTS, 0, 0,
     CK_CLI_DB_READ, run_certs_list},
    {"certs revoke", "ID --reason TEXT", N_("revoke a certificate (audited)"), NULL, REASON_OPTS, 1,
     1, CK_CLI_DB_EXISTING, run_certs_revoke},
    {"certs revocations", "[--out FILE]", N_("export the signed revocation list (a JWS)"),
     N_("Offline verifiers load it with \"classkiosk verify --revocations FILE\"; the\n"
        "verification page carries it too."),
     OUT_OPTS, 0, 0, CK_CLI_DB_READ, run_certs_revocations},
    {"verifier export", "DIR", N_("write the offline verification page for phone cameras"),
     N_("A static page (HTML, CSS, a small script) with the station's public keys and signed\n"
        "revocation list pinned inside. Put the folder on any static web host and set its\n"
        "address: classkiosk config set verify-url https://HOST/PATH/ . Certificates printed\n"
        "afterwards open that page when scanned; the certificate rides in the URL fragment, so\n"
        "it never reaches the host. Export again after revoking or rotating keys."),
     NO_OPTS, 1, 1, CK_CLI_DB_READ, run_verifier_export},
    {"verify", "INPUT [--json] [--keys FILE] [--revocations FILE]",
     N_("check a certificate: VALID or INVALID and why"),
     N_("INPUT is the QR text (prefix + digits, or a verify URL), a raw token, a PNG or JPEG\n"
        "photo of the QR code, the certificate PDF, or - for stdin. Exit status 0 only when\n"
        "valid. Without --keys the station's keys and revocations are used."),
     VERIFY_OPTS, 1, 1, CK_CLI_NO_DB, run_verify},
    {NULL, NULL, NULL, NULL, NULL, 0, 0, CK_CLI_NO_DB, NULL},
};
