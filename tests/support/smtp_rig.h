/* A real SMTP server for the mail tests: tests/support/smtp_sink.py (Debian's python3-aiosmtpd)
 * started on 127.0.0.1 at a free port, saving each message it accepts to a folder. */
#ifndef CK_SMTP_RIG_H
#define CK_SMTP_RIG_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

typedef struct ck_smtp_rig {
    pid_t pid; /* 0: not running */
    int port;
    char dir[4096]; /* where messages land: msg-1.eml, msg-1.env, … */
    char url[64];   /* "smtp://127.0.0.1:PORT" */
} ck_smtp_rig;

/* Start the server with its messages in dir (made if missing) and these extra arguments of
 * smtp_sink.py (NULL-terminated; may be NULL): "--refuse", "bad@example.org", "--login",
 * "user:password", "--drop-after-data", "--host", "127.0.0.2". port > 0 asks for that port (to
 * start the server again where a station expects it). false with a failure if it does not
 * come up within 10 s. */
bool ck_smtp_rig_start(ck_smtp_rig *rig, const char *dir, int port, const char *const *args);
/* Stop it (SIGTERM, then wait); a stopped rig is a no-op. */
void ck_smtp_rig_stop(ck_smtp_rig *rig);
/* Stop it and keep its port: a socket bound there without listening, so a station's
 * connection is refused as by a server that is down, and no other test's server (a
 * PostgreSQL, a proxy) can take the port meanwhile and answer instead. Close the returned
 * descriptor before starting the server again on the port; -1 with a failure when the port
 * cannot be kept, as when a connection the server closed still lingers there (TIME_WAIT):
 * call it before anything has talked to the server. */
int ck_smtp_rig_down(ck_smtp_rig *rig);
/* How many messages it has saved. */
int ck_smtp_rig_count(const ck_smtp_rig *rig);
/* Message n (1-based), whole; malloc'd, or NULL. */
char *ck_smtp_rig_message(const ck_smtp_rig *rig, int n);

#endif
