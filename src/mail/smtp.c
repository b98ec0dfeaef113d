/* Sending with libcurl's SMTP: the server's address, the login file, one message at a time,
 * and what the server said, in words. */
#include <curl/curl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/mem.h"
#include "mail/mail.h"

#define CONNECT_TIMEOUT_S 15L
#define DEFAULT_TIMEOUT_S 120L

static bool is_loopback(const char *host)
{
    return strcasecmp(host, "localhost") == 0 || strcmp(host, "127.0.0.1") == 0 ||
           strcmp(host, "::1") == 0;
}

ck_rc ck_mail_server_parse(ck_mail_server *out, const char *url, ck_err *err)
{
    memset(out, 0, sizeof *out);
    const char *p = url ? url : "";
    if (strncasecmp(p, "smtps://", 8) == 0) {
        out->implicit_tls = true;
        p += 8;
    } else if (strncasecmp(p, "smtp://", 7) == 0) {
        p += 7;
    } else {
        return ck_err_set(err, CK_EINVAL,
                          "the mail server \"%s\" must start with smtp:// (port 587, STARTTLS) "
                          "or smtps:// (port 465, TLS), e.g. smtp://mail.example.org:587",
                          url ? url : "");
    }
    size_t auth = strcspn(p, "/");
    if (memchr(p, '@', auth))
        return ck_err_set(err, CK_EINVAL,
                          "the mail server address \"%s\" holds a user name or password; give "
                          "just smtp://HOST:PORT and put the login in the login file "
                          "(\"classkiosk mail login\"), never in the settings",
                          url);
    const char *host_end;
    if (*p == '[') {
        host_end = strchr(p, ']');
        if (!host_end)
            return ck_err_set(err, CK_EINVAL,
                              "the mail server address \"%s\" opens an IPv6 address with [ but "
                              "never closes it with ]",
                              url);
        snprintf(out->host, sizeof out->host, "%.*s", (int)(host_end - p - 1), p + 1);
        host_end++;
    } else {
        host_end = p + strcspn(p, ":/");
        snprintf(out->host, sizeof out->host, "%.*s", (int)(host_end - p), p);
    }
    if (!out->host[0])
        return ck_err_set(err, CK_EINVAL, "the mail server address \"%s\" names no host", url);
    for (const char *h = out->host; *h; h++)
        if (!((*h >= 'a' && *h <= 'z') || (*h >= 'A' && *h <= 'Z') || (*h >= '0' && *h <= '9') ||
              *h == '.' || *h == '-' || *h == ':'))
            return ck_err_set(err, CK_EINVAL,
                              "the mail server's host \"%s\" has the character '%c', which no "
                              "host name has",
                              out->host, *h);
    out->port = out->implicit_tls ? 465 : 587;
    const char *rest = host_end;
    if (*rest == ':') {
        long port = 0;
        const char *d = rest + 1;
        for (; *d >= '0' && *d <= '9' && port <= 65535; d++)
            port = port * 10 + (*d - '0');
        if (d == rest + 1 || port < 1 || port > 65535 || (*d && *d != '/'))
            return ck_err_set(err, CK_EINVAL,
                              "the mail server address \"%s\" has a port that is no number from "
                              "1 to 65535",
                              url);
        out->port = (int)port;
        rest = d;
    }
    if (*rest && strcmp(rest, "/") != 0)
        return ck_err_set(err, CK_EINVAL,
                          "the mail server address \"%s\" has \"%s\" after the host and port; "
                          "give just smtp://HOST:PORT",
                          url, rest);
    out->plain = !out->implicit_tls && is_loopback(out->host);
    bool v6 = strchr(out->host, ':') != NULL;
    snprintf(out->url, sizeof out->url, "%s://%s%s%s:%d", out->implicit_tls ? "smtps" : "smtp",
             v6 ? "[" : "", out->host, v6 ? "]" : "", out->port);
    return CK_OK;
}

ck_rc ck_mail_login_parse(char user[CK_MAIL_LOGIN_MAX], char password[CK_MAIL_LOGIN_MAX],
                          const char *text, size_t len, const char *path, ck_err *err)
{
    char *lines[2] = {user, password};
    size_t at = 0;
    user[0] = password[0] = '\0';
    for (int i = 0; i < 2; i++) {
        size_t n = 0;
        while (at + n < len && text[at + n] != '\n')
            n++;
        size_t end = n && text[at + n - 1] == '\r' ? n - 1 : n;
        if (end >= CK_MAIL_LOGIN_MAX)
            return ck_err_set(err, CK_EINVAL,
                              "the mail login file %s has a %s longer than %d characters", path,
                              i ? "password" : "user name", CK_MAIL_LOGIN_MAX - 1);
        for (size_t k = 0; k < end; k++)
            if ((unsigned char)text[at + k] < 0x20 || text[at + k] == 0x7f)
                return ck_err_set(err, CK_EINVAL,
                                  "the mail login file %s has a control character in its %s; "
                                  "write it again with \"classkiosk mail login\"",
                                  path, i ? "password" : "user name");
        memcpy(lines[i], text + at, end);
        lines[i][end] = '\0';
        at += n + (at + n < len);
    }
    while (at < len && (text[at] == '\n' || text[at] == '\r'))
        at++;
    if (!user[0] || !password[0] || at < len) {
        ck_wipe(password, CK_MAIL_LOGIN_MAX);
        return ck_err_set(err, CK_EINVAL,
                          "the mail login file %s must hold the user name on its first line "
                          "and the password on its second, nothing else; write it with "
                          "\"classkiosk mail login\"",
                          path);
    }
    return CK_OK;
}

/* ---- one conversation ---- */

typedef struct conv {
    const ck_mail_send_req *req;
    size_t sent;
    bool handed, stopped; /* the end was reached; the handover refused it */
    char cmd[16];         /* the last command sent: "EHLO", "AUTH", "MAIL", "RCPT", "DATA" */
    int code;             /* the last reply */
    char reply[512];
    bool replied_after_handover; /* the answer to the end of the message came: */
    int final_code;              /* ... this code */
    char final_reply[512];
    char err_cmd[16]; /* the first refusal (4xx, 5xx): the command it answered, */
    int err_code;     /* its code */
    char err_reply[512];
    char partial[1024]; /* a reply line split across callbacks */
} conv;

static size_t read_body(char *buffer, size_t size, size_t nitems, void *user)
{
    conv *c = user;
    size_t room = size * nitems, left = c->req->len - c->sent;
    if (left == 0) {
        if (!c->handed && !c->stopped) {
            /* Everything but the end is with the server; the end commits it. */
            if (c->req->handover && !c->req->handover(c->req->ctx)) {
                c->stopped = true;
                return CURL_READFUNC_ABORT;
            }
            c->handed = true;
        }
        return c->stopped ? CURL_READFUNC_ABORT : 0;
    }
    size_t take = left < room ? left : room;
    memcpy(buffer, c->req->message + c->sent, take);
    c->sent += take;
    return take;
}

/* One line of a server reply: "250-…" continues, "250 …" ends it. */
static void reply_line(conv *c, const char *line, size_t n)
{
    while (n && (line[n - 1] == '\r' || line[n - 1] == '\n'))
        n--;
    if (n < 3 || line[0] < '1' || line[0] > '5')
        return;
    c->code = (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0');
    size_t skip = n > 3 ? 4 : 3;
    snprintf(c->reply, sizeof c->reply, "%d %.*s", c->code, (int)(n - skip), line + skip);
    bool last = n == 3 || line[3] == ' ';
    if (last && c->code >= 400 && !c->err_code && !c->handed) {
        /* Kept: curl says QUIT after a refusal, and its "221 Bye" must not hide why. */
        c->err_code = c->code;
        snprintf(c->err_cmd, sizeof c->err_cmd, "%s", c->cmd);
        snprintf(c->err_reply, sizeof c->err_reply, "%s", c->reply);
    }
    if (c->handed && !c->replied_after_handover && last) {
        c->replied_after_handover = true;
        c->final_code = c->code;
        snprintf(c->final_reply, sizeof c->final_reply, "%s", c->reply);
    }
}

static int on_debug(CURL *h, curl_infotype type, char *data, size_t size, void *user)
{
    conv *c = user;
    (void)h;
    if (type == CURLINFO_HEADER_OUT) {
        size_t n = strcspn(data, " \r\n");
        if (n > size)
            n = size;
        snprintf(c->cmd, sizeof c->cmd, "%.*s", (int)(n < 15 ? n : 15), data);
    } else if (type == CURLINFO_HEADER_IN) {
        /* Whole lines usually, but join a line split across calls. */
        size_t used = strlen(c->partial);
        size_t take = size < sizeof c->partial - used - 1 ? size : sizeof c->partial - used - 1;
        memcpy(c->partial + used, data, take);
        c->partial[used + take] = '\0';
        char *nl;
        while ((nl = strchr(c->partial, '\n'))) {
            reply_line(c, c->partial, (size_t)(nl - c->partial + 1));
            memmove(c->partial, nl + 1, strlen(nl + 1) + 1);
        }
    }
    return 0;
}

/* What went wrong, in words, and what it means for the message. */
/* libcurl's progress callback, called while the conversation lasts: non-zero ends it. */
static int on_progress(void *ctx, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
                       curl_off_t ulnow)
{
    const conv *c = ctx;
    (void)dltotal, (void)dlnow, (void)ultotal, (void)ulnow;
    return !c->handed && c->req->cancelled(c->req->cancel_ctx) ? 1 : 0;
}

static ck_rc explain(ck_mail_report *out, const conv *c, CURLcode res, const char *curl_msg,
                     long os_errno, ck_err *err)
{
    const ck_mail_send_req *r = c->req;
    const ck_mail_server *s = r->server;
    const char *said = c->err_code ? c->err_reply : c->reply[0] ? c->reply : "no answer";
    out->outcome = CK_MAIL_RETRY;
    if (c->stopped)
        return ck_err_set(err, CK_EIO,
                          "sending to %s was stopped before the end of the message, because the "
                          "outbox could not record the handover; it was not delivered",
                          r->rcpt);
    if (res == CURLE_ABORTED_BY_CALLBACK && !c->handed) {
        out->outcome = CK_MAIL_CANCELLED;
        out->whole_server = true; /* the next message would be stopped alike */
        return ck_err_set(err, CK_EIO,
                          "sending to %s was stopped before the end of the message, because the "
                          "station is closing; it was not delivered and is sent later",
                          r->rcpt);
    }
    if (c->handed) {
        if (c->replied_after_handover && c->final_code >= 500) {
            out->outcome = CK_MAIL_REFUSED;
            return ck_err_set(err, CK_EINVAL, "the mail server refused the message to %s: %s",
                              r->rcpt, c->final_reply);
        }
        if (c->replied_after_handover)
            return ck_err_set(err, CK_EBUSY,
                              "the mail server did not take the message to %s now (%s); it is "
                              "tried again later",
                              r->rcpt, c->final_reply);
        out->outcome = CK_MAIL_UNKNOWN;
        return ck_err_set(err, CK_EIO,
                          "the connection to the mail server ended after the message to %s was "
                          "handed over and before the server confirmed it (%s); it may have "
                          "been delivered",
                          r->rcpt, curl_msg);
    }
    out->whole_server = true;
    switch (res) {
    case CURLE_COULDNT_RESOLVE_HOST:
        return ck_err_set(err, CK_EIO,
                          "the mail server's name %s cannot be found; check \"config get smtp\" "
                          "and the network",
                          s->host);
    case CURLE_COULDNT_CONNECT:
        return ck_err_set(err, CK_EIO,
                          "the mail server at %s port %d cannot be reached (%s); is it running, "
                          "and is the address right?",
                          s->host, s->port, os_errno ? strerror((int)os_errno) : "no connection");
    case CURLE_OPERATION_TIMEDOUT:
        return ck_err_set(err, CK_EIO, "the mail server at %s port %d did not answer in time",
                          s->host, s->port);
    case CURLE_LOGIN_DENIED:
        return ck_err_set(err, CK_EINVAL,
                          "the mail server at %s refused the user name or password (%s); write "
                          "them again with \"classkiosk mail login\"",
                          s->host, said);
    case CURLE_USE_SSL_FAILED:
        return ck_err_set(err, CK_EIO,
                          "the mail server at %s port %d does not offer STARTTLS, and classkiosk "
                          "sends mail to another machine only encrypted; use a server that "
                          "offers it, or smtps://",
                          s->host, s->port);
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_CACERT_BADFILE:
        return ck_err_set(err, CK_EIO,
                          "the encrypted connection to the mail server at %s failed (%s); check "
                          "its certificate and the station's clock",
                          s->host, curl_msg);
    default: break;
    }
    const char *cmd = c->err_cmd;
    int code = c->err_code;
    out->whole_server =
        !code || strcmp(cmd, "MAIL") == 0 || strcmp(cmd, "EHLO") == 0 || strcmp(cmd, "AUTH") == 0;
    if (strcmp(cmd, "RCPT") == 0 && code >= 500) {
        out->outcome = CK_MAIL_REFUSED;
        return ck_err_set(err, CK_EINVAL, "the mail server refused the address %s: %s", r->rcpt,
                          said);
    }
    if (strcmp(cmd, "RCPT") == 0 && code >= 400)
        return ck_err_set(err, CK_EBUSY,
                          "the mail server did not take the address %s now (%s); it is tried "
                          "again later",
                          r->rcpt, said);
    if (strcmp(cmd, "MAIL") == 0 && code >= 400)
        return ck_err_set(err, CK_EINVAL,
                          "the mail server refused the sender address %s (%s); check \"config "
                          "get mail-from\"",
                          r->from_addr, said);
    if (code >= 500 && strcmp(cmd, "DATA") == 0) {
        out->outcome = CK_MAIL_REFUSED;
        return ck_err_set(err, CK_EINVAL, "the mail server refused the message to %s: %s", r->rcpt,
                          said);
    }
    return ck_err_set(err, CK_EIO, "sending to the mail server at %s failed: %s (%s)", s->host,
                      curl_msg, said);
}

/* libcurl's global state, made once per process (its TLS library's too) and kept: set up
 * and torn down around every message it was, on the kiosk's mail thread too. */
static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
static CURLcode curl_ready = CURLE_FAILED_INIT;

static void curl_start(void)
{
    curl_ready = curl_global_init(CURL_GLOBAL_DEFAULT);
}

ck_rc ck_mail_send(ck_mail_report *out, const ck_mail_send_req *req, ck_err *err)
{
    memset(out, 0, sizeof *out);
    out->outcome = CK_MAIL_RETRY;
    pthread_once(&curl_once, curl_start);
    if (curl_ready != CURLE_OK)
        return ck_err_set(err, CK_EIO, "the mail library could not start");
    CURL *h = curl_easy_init();
    struct curl_slist *rcpts = NULL;
    conv *c = calloc(1, sizeof *c);
    char from[CK_MAIL_LOGIN_MAX + 4], to[CK_MAIL_LOGIN_MAX + 4], why[CURL_ERROR_SIZE] = "";
    ck_rc rc = CK_OK;
    snprintf(from, sizeof from, "<%s>", req->from_addr);
    snprintf(to, sizeof to, "<%s>", req->rcpt);
    if (!h || !c || !(rcpts = curl_slist_append(NULL, to))) {
        rc = ck_err_set(err, CK_ENOMEM, "out of memory sending mail");
        goto done;
    }
    c->req = req;
    curl_easy_setopt(h, CURLOPT_URL, req->server->url);
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
    curl_easy_setopt(h, CURLOPT_USE_SSL,
                     (long)(req->server->plain ? CURLUSESSL_NONE : CURLUSESSL_ALL));
    curl_easy_setopt(h, CURLOPT_MAIL_FROM, from);
    curl_easy_setopt(h, CURLOPT_MAIL_RCPT, rcpts);
    if (req->user && *req->user) {
        curl_easy_setopt(h, CURLOPT_USERNAME, req->user);
        curl_easy_setopt(h, CURLOPT_PASSWORD, req->password ? req->password : "");
    }
    curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(h, CURLOPT_READFUNCTION, read_body);
    curl_easy_setopt(h, CURLOPT_READDATA, c);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, CONNECT_TIMEOUT_S);
    curl_easy_setopt(h, CURLOPT_TIMEOUT, req->timeout_s > 0 ? req->timeout_s : DEFAULT_TIMEOUT_S);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, why);
    curl_easy_setopt(h, CURLOPT_VERBOSE, 1L);
    curl_easy_setopt(h, CURLOPT_DEBUGFUNCTION, on_debug);
    curl_easy_setopt(h, CURLOPT_DEBUGDATA, c);
    if (req->cancelled) {
        curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
        curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, on_progress);
        curl_easy_setopt(h, CURLOPT_XFERINFODATA, c);
    }
    CURLcode res = curl_easy_perform(h);
    out->handed = c->handed;
    /* The server's words that decided: the answer to the end of the message, else the first
     * refusal, else the last thing it said. */
    const char *said = c->replied_after_handover ? c->final_reply
                       : c->err_code             ? c->err_reply
                                                 : c->reply;
    out->code = c->replied_after_handover ? c->final_code : c->err_code ? c->err_code : c->code;
    snprintf(out->reply, sizeof out->reply, "%s", said);
    if (c->handed && c->replied_after_handover && c->final_code >= 200 && c->final_code < 300) {
        out->outcome = CK_MAIL_DELIVERED;
    } else {
        long os_errno = 0;
        curl_easy_getinfo(h, CURLINFO_OS_ERRNO, &os_errno);
        rc = explain(out, c, res, why[0] ? why : curl_easy_strerror(res), os_errno, err);
    }
done:
    curl_slist_free_all(rcpts);
    if (h)
        curl_easy_cleanup(h);
    free(c);
    return rc;
}
