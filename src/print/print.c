/* Printing PDF files through CUPS (libcups): jobs, printers, and sentences about their state. */
#include "print/print.h"

#include <cups/cups.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

#include "common/mem.h"

#define CONNECT_MS 5000
#define POLL_MS 250
#define MAX_COPIES 99

struct ck_print {
    char host[256]; /* a socket path or a host name, as httpConnect2() takes it */
    int port;
    char label[300]; /* how messages name the scheduler */
};

const char *ck_print_job_state_name(ck_print_job_state state)
{
    switch (state) {
    case CK_PRINT_JOB_UNKNOWN: break;
    case CK_PRINT_JOB_PENDING: return "pending";
    case CK_PRINT_JOB_HELD: return "held";
    case CK_PRINT_JOB_PROCESSING: return "processing";
    case CK_PRINT_JOB_STOPPED: return "stopped";
    case CK_PRINT_JOB_CANCELED: return "canceled";
    case CK_PRINT_JOB_ABORTED: return "aborted";
    case CK_PRINT_JOB_COMPLETED: return "completed";
    }
    return "unknown";
}

bool ck_print_job_done(ck_print_job_state state)
{
    return state == CK_PRINT_JOB_COMPLETED || state == CK_PRINT_JOB_CANCELED ||
           state == CK_PRINT_JOB_ABORTED;
}

/* Append formatted text to a NUL-terminated buffer of size n, cutting it if it is full. */
__attribute__((format(printf, 3, 4))) static void append(char *dst, size_t n, const char *fmt, ...)
{
    size_t used = strnlen(dst, n);
    if (used + 1 >= n)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(dst + used, n - used, fmt, ap);
    va_end(ap);
}

static void copy(char *dst, size_t n, const char *src)
{
    snprintf(dst, n, "%s", src ? src : "");
}

ck_rc ck_print_open(ck_print **out, const char *server, ck_err *err)
{
    if (!out)
        return ck_err_set(err, CK_EINVAL, "ck_print_open: out must not be NULL");
    *out = NULL;
    bool given = server && *server;
    const char *name = given ? server : cupsServer();
    if (!name || !*name)
        return ck_err_set(err, CK_EINVAL, "no CUPS scheduler is configured: set CUPS_SERVER");
    ck_print *p = calloc(1, sizeof *p);
    if (!p)
        return ck_err_set(err, CK_ENOMEM, "out of memory setting up printing");
    if (strlen(name) >= sizeof p->host) {
        free(p);
        return ck_err_set(err, CK_EINVAL,
                          "the CUPS server name \"%.40s…\" is too long: give a host, host:port "
                          "or socket path",
                          name);
    }
    copy(p->host, sizeof p->host, name);
    p->port = ippPort();
    /* "host:port" and "[v6]:port" as cupsSetServer() reads them; libcups already split its own. */
    char *colon = strrchr(p->host, ':');
    if (given && p->host[0] != '/' && colon && !strchr(colon, ']')) {
        char *end = NULL;
        long port = strtol(colon + 1, &end, 10);
        if (colon[1] == '\0' || *end != '\0' || port <= 0 || port > 65535) {
            free(p);
            return ck_err_set(err, CK_EINVAL,
                              "\"%s\" is not a CUPS server: write host, host:port (port 1 to "
                              "65535) or a socket path",
                              server);
        }
        *colon = '\0';
        p->port = (int)port;
    }
    if (p->host[0] == '/')
        copy(p->label, sizeof p->label, p->host);
    else
        snprintf(p->label, sizeof p->label, "%s:%d", p->host, p->port);
    *out = p;
    return CK_OK;
}

void ck_print_free(ck_print *print)
{
    free(print);
}

const char *ck_print_server(const ck_print *print)
{
    return print ? print->label : "";
}

/* A kiosk has nobody at a terminal to answer a password prompt. */
static const char *no_password(const char *prompt, http_t *http, const char *method,
                               const char *resource, void *data)
{
    return NULL;
}

static ck_rc connect_cups(http_t **out, const ck_print *p, ck_err *err)
{
    cupsSetPasswordCB2(no_password, NULL);
    errno = 0;
    *out = httpConnect2(p->host, p->port, NULL, AF_UNSPEC, cupsEncryption(), 1, CONNECT_MS, NULL);
    if (!*out) {
        const char *why = errno ? CK_MSG_ERRNO(errno) : cupsLastErrorString();
        return ck_err_set(err, CK_EIO,
                          "cannot reach the CUPS scheduler at %s (%s): start it (cupsd, or "
                          "systemctl start cups) or point CUPS_SERVER at one that runs",
                          p->label, why);
    }
    return CK_OK;
}

/* A request aimed at uri (a printer-uri or job-uri), sent as the current user. */
static ipp_t *new_request(ipp_op_t op, const char *uri_name, const char *uri)
{
    ipp_t *req = ippNewRequest(op);
    if (uri_name)
        ippAddString(req, IPP_TAG_OPERATION, IPP_TAG_URI, uri_name, NULL, uri);
    ippAddString(req, IPP_TAG_OPERATION, IPP_TAG_NAME, "requesting-user-name", NULL, cupsUser());
    return req;
}

static void ask_for(ipp_t *req, const char *const *attrs, int n)
{
    ippAddStrings(req, IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes", n, NULL, attrs);
}

static void printer_uri(char *uri, int n, const char *queue)
{
    httpAssembleURIf(HTTP_URI_CODING_ALL, uri, n, "ipp", NULL, "localhost", 0, "/printers/%s",
                     queue);
}

/* Keywords of a multi-valued attribute, comma-separated, "none" left out. */
static void join_keywords(char *dst, size_t n, ipp_attribute_t *attr)
{
    dst[0] = '\0';
    for (int i = 0; attr && i < ippGetCount(attr); i++) {
        const char *v = ippGetString(attr, i, NULL);
        if (v && *v && strcmp(v, "none") != 0)
            append(dst, n, "%s%s", dst[0] ? "," : "", v);
    }
}

/* What printer-state-reasons keywords mean to a person, and what to do about them. */
static const struct reason_text {
    const char *keyword, *says, *fix;
} reason_texts[] = {
    {"paused", N_("paused by an operator"), NULL},
    {"moving-to-paused", N_("being paused"), NULL},
    {"media-empty", N_("out of paper"), N_("load paper")},
    {"media-needed", N_("out of paper"), N_("load paper")},
    {"media-jam", N_("jammed"), N_("clear the paper jam")},
    {"toner-empty", N_("out of toner"), N_("replace the toner")},
    {"toner-low", N_("low on toner"), NULL},
    {"marker-supply-empty", N_("out of ink or toner"), N_("replace the cartridge")},
    {"marker-supply-low", N_("low on ink or toner"), NULL},
    {"door-open", N_("open"), N_("close its door")},
    {"cover-open", N_("open"), N_("close its cover")},
    {"offline", N_("offline"), N_("switch it on and check its cable or network")},
    {"shutdown", N_("switched off"), N_("switch it on")},
    {"connecting-to-device", N_("connecting to the device"), NULL},
    {"cups-missing-filter", N_("missing a driver filter"), N_("reinstall its driver")},
    {"cups-insecure-filter", N_("refusing an unsafe driver filter"), N_("reinstall its driver")},
    {"spool-area-full", N_("out of spool space"), N_("free disk space on the print server")},
};

/* The reasons (",paused,media-empty-error") as phrases for a message argument, each worded in
 * the message's language (unknown keywords as they are); fix gets the first known fix. */
static void reasons_in_words(char *says, size_t n, const char **fix, const char *reasons)
{
    const char *seen[sizeof reason_texts / sizeof reason_texts[0]];
    size_t nseen = 0;
    says[0] = '\0';
    *fix = NULL;
    for (const char *p = reasons; *p;) {
        char kw[96];
        size_t len = strcspn(p, ",");
        snprintf(kw, sizeof kw, "%.*s", (int)(len < sizeof kw ? len : sizeof kw - 1), p);
        p += len + (p[len] == ',');
        /* "-error", "-warning" and "-report" only grade the same condition. */
        static const char *const grades[] = {"-error", "-warning", "-report"};
        for (size_t g = 0; g < sizeof grades / sizeof grades[0]; g++) {
            size_t kl = strlen(kw), gl = strlen(grades[g]);
            if (kl > gl && strcmp(kw + kl - gl, grades[g]) == 0)
                kw[kl - gl] = '\0';
        }
        const char *text = NULL;
        for (size_t i = 0; i < sizeof reason_texts / sizeof reason_texts[0]; i++) {
            if (strcmp(kw, reason_texts[i].keyword) == 0) {
                text = reason_texts[i].says;
                if (!*fix)
                    *fix = reason_texts[i].fix;
                break;
            }
        }
        if (!text && strcmp(kw, "other") == 0)
            continue;
        bool again = false; /* media-empty and media-needed say the same */
        for (size_t i = 0; text && i < nseen; i++)
            again = again || strcmp(seen[i], text) == 0;
        if (again)
            continue;
        if (text && nseen < sizeof seen / sizeof seen[0])
            seen[nseen++] = text;
        char phrase[160];
        append(says, n, "%s%s", says[0] ? ", " : "",
               text ? ck_msg_phrase(phrase, sizeof phrase, text) : kw);
    }
}

static void printer_sentence(ck_print_printer *pr)
{
    ck_msg *m = &pr->said;
    ck_msg_clear(m);
    switch (pr->state) {
    case CK_PRINTER_IDLE: ck_msg_add(m, "the printer %s is ready", pr->name); break;
    case CK_PRINTER_PROCESSING: ck_msg_add(m, "the printer %s is printing", pr->name); break;
    case CK_PRINTER_STOPPED: ck_msg_add(m, "the printer %s is stopped", pr->name); break;
    case CK_PRINTER_UNKNOWN:
        ck_msg_add(m, "the printer %s is in an unknown state", pr->name);
        break;
    }
    char says[256];
    const char *fix = NULL;
    reasons_in_words(says, sizeof says, &fix, pr->reasons);
    bool message = pr->message[0] && strcasecmp(pr->message, "paused") != 0;
    /* TRANSLATORS: after "the printer X is stopped": what it reports, in brackets. */
    if (says[0] && message)
        ck_msg_add(m, " (%s; it says \"%s\")", says, pr->message);
    else if (says[0])
        ck_msg_add(m, " (%s)", says);
    else if (message)
        ck_msg_add(m, " (it says \"%s\")", pr->message);
    /* TRANSLATORS: what to do about the printer ("load paper"), after its state. */
    if (fix)
        ck_msg_add(m, ": %s", CK_MSG_PHRASE(fix));
    if (pr->state == CK_PRINTER_STOPPED && fix)
        ck_msg_add(m, ", then restart it with `cupsenable %s` or in the CUPS web page", pr->name);
    else if (pr->state == CK_PRINTER_STOPPED)
        ck_msg_add(m, ": restart it with `cupsenable %s` or in the CUPS web page", pr->name);
    if (!pr->accepting)
        ck_msg_add(m, "; it refuses new jobs until `cupsaccept %s`", pr->name);
    ck_msg_word(m, NULL, pr->sentence, sizeof pr->sentence);
}

static ck_printer_state printer_state_of(int ipp)
{
    switch (ipp) {
    case IPP_PSTATE_IDLE: return CK_PRINTER_IDLE;
    case IPP_PSTATE_PROCESSING: return CK_PRINTER_PROCESSING;
    case IPP_PSTATE_STOPPED: return CK_PRINTER_STOPPED;
    }
    return CK_PRINTER_UNKNOWN;
}

static const char *const printer_attrs[] = {
    "printer-name",
    "printer-state",
    "printer-state-reasons",
    "printer-state-message",
    "printer-is-accepting-jobs",
    "printer-info",
    "printer-make-and-model",
};

/* Read one printer's attribute group, starting at attr; returns the attribute after it. */
static ipp_attribute_t *read_printer(ck_print_printer *out, ipp_t *resp, ipp_attribute_t *attr)
{
    memset(out, 0, sizeof *out);
    for (; attr && ippGetGroupTag(attr) == IPP_TAG_PRINTER; attr = ippNextAttribute(resp)) {
        const char *name = ippGetName(attr);
        if (!name)
            continue;
        if (strcmp(name, "printer-name") == 0)
            copy(out->name, sizeof out->name, ippGetString(attr, 0, NULL));
        else if (strcmp(name, "printer-state") == 0)
            out->state = printer_state_of(ippGetInteger(attr, 0));
        else if (strcmp(name, "printer-state-reasons") == 0)
            join_keywords(out->reasons, sizeof out->reasons, attr);
        else if (strcmp(name, "printer-state-message") == 0)
            copy(out->message, sizeof out->message, ippGetString(attr, 0, NULL));
        else if (strcmp(name, "printer-is-accepting-jobs") == 0)
            out->accepting = ippGetBoolean(attr, 0);
        else if (strcmp(name, "printer-info") == 0)
            copy(out->info, sizeof out->info, ippGetString(attr, 0, NULL));
        else if (strcmp(name, "printer-make-and-model") == 0)
            copy(out->make_model, sizeof out->make_model, ippGetString(attr, 0, NULL));
    }
    printer_sentence(out);
    return attr;
}

/* Did the last request fail? IPP's "ok" statuses go up to ok-conflicting. */
static bool failed(void)
{
    return cupsLastError() > IPP_STATUS_OK_CONFLICTING;
}

/* Names of all queues, for "no printer named X" messages. */
static void queue_names(char *dst, size_t n, http_t *http)
{
    static const char *const want[] = {"printer-name"};
    dst[0] = '\0';
    ipp_t *req = new_request(IPP_OP_CUPS_GET_PRINTERS, NULL, NULL);
    ask_for(req, want, 1);
    ipp_t *resp = cupsDoRequest(http, req, "/");
    for (ipp_attribute_t *a = resp ? ippFirstAttribute(resp) : NULL; a; a = ippNextAttribute(resp))
        if (ippGetName(a) && strcmp(ippGetName(a), "printer-name") == 0)
            append(dst, n, "%s%s", dst[0] ? ", " : "", ippGetString(a, 0, NULL));
    ippDelete(resp);
}

/* "no printer named X" with the names there are. */
static ck_rc no_such_printer(http_t *http, const ck_print *p, const char *queue, ck_err *err)
{
    char names[300];
    queue_names(names, sizeof names, http);
    if (!names[0])
        return ck_err_set(err, CK_ENOTFOUND,
                          "no printer named %s: the scheduler at %s has no printers at all; add "
                          "one with lpadmin or the CUPS web page",
                          queue, p->label);
    return ck_err_set(err, CK_ENOTFOUND,
                      "no printer named %s on the scheduler at %s: use one of %s (lpstat -p "
                      "lists them)",
                      queue, p->label, names);
}

/* Get one queue's state over an open connection. */
static ck_rc fetch_printer(ck_print_printer *out, http_t *http, const ck_print *p,
                           const char *queue, ck_err *err)
{
    char uri[HTTP_MAX_URI];
    printer_uri(uri, sizeof uri, queue);
    ipp_t *req = new_request(IPP_OP_GET_PRINTER_ATTRIBUTES, "printer-uri", uri);
    ask_for(req, printer_attrs, (int)(sizeof printer_attrs / sizeof printer_attrs[0]));
    ipp_t *resp = cupsDoRequest(http, req, "/");
    ck_rc rc = CK_OK;
    if (cupsLastError() == IPP_STATUS_ERROR_NOT_FOUND) {
        rc = no_such_printer(http, p, queue, err);
    } else if (failed() || !resp) {
        rc = ck_err_set(err, CK_EIO,
                        "the CUPS scheduler at %s did not say how printer %s is (%s): check that "
                        "it runs (lpstat -r)",
                        p->label, queue, cupsLastErrorString());
    } else {
        ipp_attribute_t *a = ippFirstAttribute(resp);
        while (a && ippGetGroupTag(a) != IPP_TAG_PRINTER)
            a = ippNextAttribute(resp);
        read_printer(out, resp, a);
        if (!out->name[0]) {
            copy(out->name, sizeof out->name, queue);
            printer_sentence(out);
        }
    }
    ippDelete(resp);
    return rc;
}

/* Is name a CUPS queue name, optionally with "/instance"? */
static bool valid_queue_name(const char *name)
{
    size_t len = strlen(name), slashes = 0;
    if (len == 0 || len > 127 || name[0] == '/')
        return false;
    for (const unsigned char *c = (const unsigned char *)name; *c; c++) {
        if (*c <= ' ' || *c == 0x7f || strchr("#\\?'\"", *c))
            return false;
        if (*c == '/' && (++slashes > 1 || c[1] == '\0'))
            return false;
    }
    return true;
}

/* The default destination, as lp would pick it (LPDEST, PRINTER, lpoptions, the server). */
static ck_rc default_dest(cups_dest_t **out, http_t *http, const ck_print *p, ck_err *err)
{
    *out = cupsGetNamedDest(http, NULL, NULL);
    if (*out)
        return CK_OK;
    const char *env = getenv("LPDEST");
    const char *var = "LPDEST";
    if (!env || !*env) {
        env = getenv("PRINTER");
        var = "PRINTER";
    }
    if (env && *env)
        return ck_err_set(err, CK_ENOTFOUND,
                          "the default printer %s (set by %s) does not exist on the scheduler at "
                          "%s: fix %s or name the printer",
                          env, var, p->label, var);
    return ck_err_set(err, CK_ENOTFOUND,
                      "no default printer is set on the scheduler at %s: name the printer, or "
                      "choose a default with `lpoptions -d NAME`",
                      p->label);
}

/* Open path and check that it starts like a PDF file. */
static ck_rc open_pdf(FILE **out, const char *path, ck_err *err)
{
    struct stat st;
    char head[1024];
    *out = NULL;
    FILE *f = fopen(path, "rb");
    if (!f) {
        if (errno == ENOENT || errno == ENOTDIR)
            return ck_err_set(err, CK_ENOTFOUND, "%s does not exist: check the file name", path);
        return ck_err_set(err, CK_EIO, "%s cannot be opened (%s): check its permissions", path,
                          CK_MSG_ERRNO(errno));
    }
    if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
        fclose(f);
        return ck_err_set(err, CK_EINVAL, "%s is not a regular file: give the path of a PDF", path);
    }
    size_t n = fread(head, 1, sizeof head, f);
    bool pdf = false;
    for (size_t i = 0; i + 5 <= n && !pdf; i++)
        pdf = memcmp(head + i, "%PDF-", 5) == 0;
    if (!pdf) {
        fclose(f);
        if (n == 0)
            return ck_err_set(err, CK_EINVAL, "%s is empty: make the PDF again", path);
        return ck_err_set(err, CK_EINVAL, "%s is not a PDF file: only PDF files are printed", path);
    }
    rewind(f);
    *out = f;
    return CK_OK;
}

/* Why CUPS refused a request, as a result code. */
static ck_rc refused(ck_err *err, const ck_print *p, const char *queue, const char *what)
{
    ipp_status_t st = cupsLastError();
    const char *why = cupsLastErrorString();
    switch (st) {
    case IPP_STATUS_ERROR_NOT_ACCEPTING_JOBS:
        return ck_err_set(err, CK_ESTATE, "the printer %s refuses new jobs (%s): `cupsaccept %s`",
                          queue, why, queue);
    case IPP_STATUS_ERROR_NOT_FOUND:
        return ck_err_set(err, CK_ENOTFOUND, "the printer %s vanished while %s (%s): add it again",
                          queue, what, why);
    case IPP_STATUS_ERROR_FORBIDDEN:
    case IPP_STATUS_ERROR_NOT_AUTHORIZED:
    case IPP_STATUS_ERROR_NOT_AUTHENTICATED:
        return ck_err_set(err, CK_ESTATE,
                          "the scheduler at %s does not let user %s use printer %s (%s): allow "
                          "it in the queue's policy (lpadmin -u allow:%s)",
                          p->label, cupsUser(), queue, why, cupsUser());
    default:
        return ck_err_set(err, CK_EIO,
                          "the printer %s failed while %s (%s): check it with lpstat -p %s", queue,
                          what, why, queue);
    }
}

ck_rc ck_print_submit(int *out, ck_print *print, const ck_print_request *req, ck_err *err)
{
    ck_rc rc = CK_OK;
    FILE *f = NULL;
    http_t *http = NULL;
    cups_dest_t *dest = NULL;
    cups_option_t *options = NULL;
    int num_options = 0, job = 0;
    char queue[128] = "", instance[128] = "";
    ck_print_printer pr;

    if (!out || !print || !req)
        return ck_err_set(err, CK_EINVAL, "ck_print_submit: out, print and req must be given");
    *out = 0;
    if (!req->path || !*req->path)
        return ck_err_set(err, CK_EINVAL, "no file to print was named: give the path of a PDF");
    int copies = req->copies ? req->copies : 1;
    if (copies < 1 || copies > MAX_COPIES)
        return ck_err_set(err, CK_EINVAL, "%d copies of %s: ask for 1 to %d", req->copies,
                          req->path, MAX_COPIES);
    bool named = req->printer && *req->printer;
    if (named && !valid_queue_name(req->printer))
        return ck_err_set(err, CK_EINVAL,
                          "\"%s\" is not a printer name (names have no spaces, '#', quotes or "
                          "more than one '/'): see lpstat -p for the names",
                          req->printer);
    rc = open_pdf(&f, req->path, err);
    if (rc != CK_OK)
        goto cleanup;
    rc = connect_cups(&http, print, err);
    if (rc != CK_OK)
        goto cleanup;

    if (named) {
        const char *slash = strchr(req->printer, '/');
        size_t qlen = slash ? (size_t)(slash - req->printer) : strlen(req->printer);
        snprintf(queue, sizeof queue, "%.*s", (int)qlen, req->printer);
        copy(instance, sizeof instance, slash ? slash + 1 : NULL);
        rc = fetch_printer(&pr, http, print, queue, err);
        if (rc != CK_OK)
            goto cleanup;
        /* The destination carries the user's lpoptions for the queue, applied below as lp
         * does; an instance nobody saved options for is the queue itself, as for lp. */
        dest = cupsGetNamedDest(http, queue, instance[0] ? instance : NULL);
    } else {
        rc = default_dest(&dest, http, print, err);
        if (rc != CK_OK)
            goto cleanup;
        copy(queue, sizeof queue, dest->name);
        rc = fetch_printer(&pr, http, print, queue, err);
        if (rc != CK_OK)
            goto cleanup;
    }
    if (!pr.accepting) {
        rc = ck_err_set(err, CK_ESTATE, "%s cannot be printed now: ", req->path);
        if (err) {
            ck_msg_append(&err->m, &pr.said);
            ck_err_msg(err, rc, &err->m);
        }
        goto cleanup;
    }

    for (int i = 0; dest && i < dest->num_options; i++)
        num_options =
            cupsAddOption(dest->options[i].name, dest->options[i].value, num_options, &options);
    char copies_text[16];
    snprintf(copies_text, sizeof copies_text, "%d", copies);
    num_options = cupsAddOption("copies", copies_text, num_options, &options);

    const char *base = strrchr(req->path, '/');
    base = base ? base + 1 : req->path;
    const char *title = req->title && *req->title ? req->title : base;
    job = cupsCreateJob(http, queue, title, num_options, options);
    if (job <= 0) {
        job = 0;
        rc = refused(err, print, queue, "creating the job");
        goto cleanup;
    }
    if (cupsStartDocument(http, queue, job, base, CUPS_FORMAT_PDF, 1) != HTTP_STATUS_CONTINUE) {
        rc = refused(err, print, queue, "receiving the document");
        goto cleanup;
    }
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
        if (cupsWriteRequestData(http, buf, n) != HTTP_STATUS_CONTINUE)
            break;
    }
    bool read_failed = ferror(f) != 0;
    if (cupsFinishDocument(http, queue) > IPP_STATUS_OK_CONFLICTING) {
        rc = refused(err, print, queue, "receiving the document");
        goto cleanup;
    }
    if (read_failed) {
        rc = ck_err_set(err, CK_EIO, "%s could not be read to the end: job %d was canceled",
                        req->path, job);
        goto cleanup;
    }
    *out = job;
    job = 0;
cleanup:
    if (job > 0 && http)
        cupsCancelJob2(http, queue, job, 1); /* nothing half-sent stays queued */
    cupsFreeOptions(num_options, options);
    cupsFreeDests(dest ? 1 : 0, dest);
    if (http)
        httpClose(http);
    if (f)
        fclose(f);
    return rc;
}

static ck_print_job_state job_state_of(int ipp)
{
    switch (ipp) {
    case IPP_JSTATE_PENDING: return CK_PRINT_JOB_PENDING;
    case IPP_JSTATE_HELD: return CK_PRINT_JOB_HELD;
    case IPP_JSTATE_PROCESSING: return CK_PRINT_JOB_PROCESSING;
    case IPP_JSTATE_STOPPED: return CK_PRINT_JOB_STOPPED;
    case IPP_JSTATE_CANCELED: return CK_PRINT_JOB_CANCELED;
    case IPP_JSTATE_ABORTED: return CK_PRINT_JOB_ABORTED;
    case IPP_JSTATE_COMPLETED: return CK_PRINT_JOB_COMPLETED;
    }
    return CK_PRINT_JOB_UNKNOWN;
}

static void job_sentence(ck_print_job *job)
{
    ck_msg *m = &job->said;
    const ck_print_printer *pr = &job->printer;
    const char *queue = pr->name[0] ? pr->name : CK_MSG_PHRASE(N_("an unknown printer"));
    ck_msg_clear(m);
    switch (job->state) {
    case CK_PRINT_JOB_PENDING:
        if (pr->state == CK_PRINTER_STOPPED) {
            /* TRANSLATORS: followed by the printer's state ("the printer X is stopped …"). */
            ck_msg_add(m, "job %d on %s is waiting: ", job->id, queue);
            ck_msg_append(m, &pr->said);
        } else if (pr->state == CK_PRINTER_PROCESSING) {
            ck_msg_add(m, "job %d on %s is waiting for the jobs before it", job->id, queue);
        } else {
            ck_msg_add(m, "job %d on %s is waiting", job->id, queue);
        }
        break;
    case CK_PRINT_JOB_HELD:
        ck_msg_add(m, "job %d on %s is held until someone releases it (`lp -i %d -H resume`)",
                   job->id, queue, job->id);
        break;
    case CK_PRINT_JOB_PROCESSING: ck_msg_add(m, "job %d on %s is printing", job->id, queue); break;
    case CK_PRINT_JOB_STOPPED:
        /* TRANSLATORS: followed by the printer's state ("the printer X is stopped …"). */
        ck_msg_add(m, "job %d on %s has stopped: ", job->id, queue);
        ck_msg_append(m, &pr->said);
        break;
    case CK_PRINT_JOB_CANCELED: ck_msg_add(m, "job %d on %s was canceled", job->id, queue); break;
    case CK_PRINT_JOB_ABORTED:
        if (job->reasons[0])
            ck_msg_add(m, "job %d on %s was aborted by the print system (%s): print it again",
                       job->id, queue, job->reasons);
        else
            ck_msg_add(m, "job %d on %s was aborted by the print system: print it again", job->id,
                       queue);
        if (pr->state == CK_PRINTER_STOPPED) {
            /* TRANSLATORS: followed by the printer's state ("the printer X is stopped …"). */
            ck_msg_add(m, " once %s is fixed; ", pr->name);
            ck_msg_append(m, &pr->said);
        }
        break;
    case CK_PRINT_JOB_COMPLETED: ck_msg_add(m, "job %d on %s is completed", job->id, queue); break;
    case CK_PRINT_JOB_UNKNOWN:
        ck_msg_add(m, "job %d on %s is in an unknown state", job->id, queue);
        break;
    }
    ck_msg_word(m, NULL, job->sentence, sizeof job->sentence);
}

/* Fill out from Get-Job-Attributes and the job's printer, over an open connection. */
static ck_rc fetch_job(ck_print_job *out, http_t *http, const ck_print *p, int job_id, ck_err *err)
{
    static const char *const want[] = {"job-id", "job-state", "job-state-reasons", "job-name",
                                       "job-printer-uri"};
    char uri[HTTP_MAX_URI], printer[HTTP_MAX_URI] = "";
    memset(out, 0, sizeof *out);
    out->id = job_id;
    httpAssembleURIf(HTTP_URI_CODING_ALL, uri, sizeof uri, "ipp", NULL, "localhost", 0, "/jobs/%d",
                     job_id);
    ipp_t *req = new_request(IPP_OP_GET_JOB_ATTRIBUTES, "job-uri", uri);
    ask_for(req, want, (int)(sizeof want / sizeof want[0]));
    ipp_t *resp = cupsDoRequest(http, req, "/");
    ck_rc rc = CK_OK;
    if (cupsLastError() == IPP_STATUS_ERROR_NOT_FOUND) {
        rc = ck_err_set(err, CK_ENOTFOUND,
                        "no print job %d on the scheduler at %s: check the number (old jobs are "
                        "forgotten after a while)",
                        job_id, p->label);
        goto cleanup;
    }
    if (failed() || !resp) {
        rc = ck_err_set(err, CK_EIO,
                        "the CUPS scheduler at %s did not say how job %d is (%s): check that it "
                        "runs (lpstat -r)",
                        p->label, job_id, cupsLastErrorString());
        goto cleanup;
    }
    ipp_attribute_t *a;
    if ((a = ippFindAttribute(resp, "job-state", IPP_TAG_ENUM)) != NULL)
        out->state = job_state_of(ippGetInteger(a, 0));
    join_keywords(out->reasons, sizeof out->reasons,
                  ippFindAttribute(resp, "job-state-reasons", IPP_TAG_KEYWORD));
    if ((a = ippFindAttribute(resp, "job-name", IPP_TAG_NAME)) != NULL)
        copy(out->title, sizeof out->title, ippGetString(a, 0, NULL));
    if ((a = ippFindAttribute(resp, "job-printer-uri", IPP_TAG_URI)) != NULL) {
        const char *u = ippGetString(a, 0, NULL), *slash = u ? strrchr(u, '/') : NULL;
        copy(printer, sizeof printer, slash ? slash + 1 : NULL);
    }
    if (printer[0]) {
        ck_err ignored = {0};
        /* A job outlives its printer's deletion: then only the name is known. */
        if (fetch_printer(&out->printer, http, p, printer, &ignored) != CK_OK) {
            memset(&out->printer, 0, sizeof out->printer);
            copy(out->printer.name, sizeof out->printer.name, printer);
            ck_msg_set(&out->printer.said, "the printer %s no longer exists", printer);
            ck_msg_word(&out->printer.said, NULL, out->printer.sentence,
                        sizeof out->printer.sentence);
        }
    }
    job_sentence(out);
cleanup:
    ippDelete(resp);
    return rc;
}

static ck_rc check_job_id(int job_id, ck_err *err)
{
    if (job_id <= 0)
        return ck_err_set(err, CK_EINVAL, "%d is not a print job number: they start at 1", job_id);
    return CK_OK;
}

ck_rc ck_print_job_status(ck_print_job *out, ck_print *print, int job_id, ck_err *err)
{
    http_t *http = NULL;
    if (!out || !print)
        return ck_err_set(err, CK_EINVAL, "ck_print_job_status: out and print must be given");
    memset(out, 0, sizeof *out);
    ck_rc rc = check_job_id(job_id, err);
    if (rc == CK_OK)
        rc = connect_cups(&http, print, err);
    if (rc == CK_OK)
        rc = fetch_job(out, http, print, job_id, err);
    if (http)
        httpClose(http);
    return rc;
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

ck_rc ck_print_wait(ck_print_job *out, ck_print *print, int job_id, int timeout_ms, ck_err *err)
{
    if (!out || !print)
        return ck_err_set(err, CK_EINVAL, "ck_print_wait: out and print must be given");
    if (timeout_ms < 0)
        return ck_err_set(err, CK_EINVAL, "a wait of %d ms: give 0 or more", timeout_ms);
    double deadline = now_ms() + timeout_ms;
    for (;;) {
        ck_rc rc = ck_print_job_status(out, print, job_id, err);
        if (rc != CK_OK)
            return rc;
        switch (out->state) {
        case CK_PRINT_JOB_COMPLETED: return CK_OK;
        case CK_PRINT_JOB_CANCELED: return ck_err_msg(err, CK_ESTATE, &out->said);
        case CK_PRINT_JOB_ABORTED: return ck_err_msg(err, CK_EIO, &out->said);
        default: break;
        }
        double left = deadline - now_ms();
        if (left <= 0) {
            ck_err_msg(err, CK_EBUSY, &out->said);
            /* TRANSLATORS: followed by the job's state ("job 12 on X is waiting"). */
            return ck_err_prefix(err, "after %.1f s, ", timeout_ms / 1000.0);
        }
        double nap = left < POLL_MS ? left : POLL_MS;
        struct timespec ts = {.tv_sec = 0, .tv_nsec = (long)(nap * 1e6)};
        while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
            ;
    }
}

ck_rc ck_print_cancel(ck_print *print, int job_id, ck_err *err)
{
    http_t *http = NULL;
    ipp_t *resp = NULL;
    ck_print_job job;
    if (!print)
        return ck_err_set(err, CK_EINVAL, "ck_print_cancel: print must be given");
    ck_rc rc = check_job_id(job_id, err);
    if (rc == CK_OK)
        rc = connect_cups(&http, print, err);
    if (rc == CK_OK)
        rc = fetch_job(&job, http, print, job_id, err);
    if (rc != CK_OK)
        goto cleanup;
    if (ck_print_job_done(job.state)) {
        rc = ck_err_msg(err, CK_ESTATE, &job.said);
        ck_err_append(err, ": there is nothing left to cancel");
        goto cleanup;
    }
    char uri[HTTP_MAX_URI];
    httpAssembleURIf(HTTP_URI_CODING_ALL, uri, sizeof uri, "ipp", NULL, "localhost", 0, "/jobs/%d",
                     job_id);
    resp = cupsDoRequest(http, new_request(IPP_OP_CANCEL_JOB, "job-uri", uri), "/");
    if (failed()) {
        ipp_status_t st = cupsLastError();
        if (st == IPP_STATUS_ERROR_FORBIDDEN || st == IPP_STATUS_ERROR_NOT_AUTHORIZED ||
            st == IPP_STATUS_ERROR_NOT_AUTHENTICATED)
            rc = ck_err_set(err, CK_ESTATE,
                            "user %s may not cancel job %d (%s): cancel it as its owner or as "
                            "an administrator",
                            cupsUser(), job_id, cupsLastErrorString());
        else if (st == IPP_STATUS_ERROR_NOT_POSSIBLE)
            rc = ck_err_set(err, CK_ESTATE, "job %d can no longer be canceled (%s)", job_id,
                            cupsLastErrorString());
        else
            rc = ck_err_set(err, CK_EIO, "the scheduler at %s did not cancel job %d (%s)",
                            print->label, job_id, cupsLastErrorString());
    }
cleanup:
    ippDelete(resp);
    if (http)
        httpClose(http);
    return rc;
}

ck_rc ck_print_printer_status(ck_print_printer *out, ck_print *print, const char *printer,
                              ck_err *err)
{
    http_t *http = NULL;
    cups_dest_t *dest = NULL;
    char queue[128];
    if (!out || !print)
        return ck_err_set(err, CK_EINVAL, "ck_print_printer_status: out and print must be given");
    memset(out, 0, sizeof *out);
    bool named = printer && *printer;
    if (named && !valid_queue_name(printer))
        return ck_err_set(err, CK_EINVAL,
                          "\"%s\" is not a printer name (names have no spaces, '#', quotes or "
                          "more than one '/'): see lpstat -p for the names",
                          printer);
    ck_rc rc = connect_cups(&http, print, err);
    if (rc != CK_OK)
        goto cleanup;
    if (named) {
        snprintf(queue, sizeof queue, "%.*s", (int)strcspn(printer, "/"), printer);
    } else {
        rc = default_dest(&dest, http, print, err);
        if (rc != CK_OK)
            goto cleanup;
        copy(queue, sizeof queue, dest->name);
    }
    rc = fetch_printer(out, http, print, queue, err);
    out->is_default = !named;
cleanup:
    cupsFreeDests(dest ? 1 : 0, dest);
    if (http)
        httpClose(http);
    return rc;
}

void ck_print_list_free(ck_print_list *list)
{
    if (list) {
        free(list->printers);
        free(list);
    }
}

ck_rc ck_print_list_printers(ck_print_list **out, ck_print *print, ck_err *err)
{
    http_t *http = NULL;
    ipp_t *resp = NULL;
    cups_dest_t *dest = NULL;
    ck_print_list *list = NULL;
    size_t cap = 0;
    if (!out || !print)
        return ck_err_set(err, CK_EINVAL, "ck_print_list_printers: out and print must be given");
    *out = NULL;
    ck_rc rc = connect_cups(&http, print, err);
    if (rc != CK_OK)
        goto cleanup;
    list = calloc(1, sizeof *list);
    if (!list) {
        rc = ck_err_set(err, CK_ENOMEM, "out of memory listing printers");
        goto cleanup;
    }
    ipp_t *req = new_request(IPP_OP_CUPS_GET_PRINTERS, NULL, NULL);
    ask_for(req, printer_attrs, (int)(sizeof printer_attrs / sizeof printer_attrs[0]));
    resp = cupsDoRequest(http, req, "/");
    /* An empty scheduler answers not-found: that is an empty list. */
    if (cupsLastError() != IPP_STATUS_ERROR_NOT_FOUND && (failed() || !resp)) {
        rc = ck_err_set(err, CK_EIO,
                        "the CUPS scheduler at %s did not list its printers (%s): check that it "
                        "runs (lpstat -r)",
                        print->label, cupsLastErrorString());
        goto cleanup;
    }
    dest = cupsGetNamedDest(http, NULL, NULL);
    ipp_attribute_t *a = resp ? ippFirstAttribute(resp) : NULL;
    while (a) {
        if (ippGetGroupTag(a) != IPP_TAG_PRINTER) {
            a = ippNextAttribute(resp);
            continue;
        }
        ck_print_printer pr;
        a = read_printer(&pr, resp, a);
        if (!pr.name[0])
            continue;
        if (!ck_array_reserve(&list->printers, &cap, list->count + 1, sizeof *list->printers)) {
            rc = ck_err_set(err, CK_ENOMEM, "out of memory listing printers");
            goto cleanup;
        }
        pr.is_default = dest && strcasecmp(dest->name, pr.name) == 0;
        list->printers[list->count++] = pr;
    }
    *out = list;
    list = NULL;
cleanup:
    ck_print_list_free(list);
    cupsFreeDests(dest ? 1 : 0, dest);
    ippDelete(resp);
    if (http)
        httpClose(http);
    return rc;
}
