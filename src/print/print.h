/* Printing PDF files through CUPS: submit, follow, cancel a job; ask after a printer.
 *
 * A ck_print talks to one CUPS scheduler: the one libcups would use (CUPS_SERVER, then
 * client.conf, then the local socket) or one named explicitly. Each call opens its own
 * connection with a 5 s timeout, so a scheduler restarted in between does no harm. No call ever
 * prompts for a password. Every state comes back as a sentence a trainer can act on.
 */
#ifndef CK_PRINT_PRINT_H
#define CK_PRINT_PRINT_H

#include <stdbool.h>
#include <stddef.h>

#include "common/err.h"

/* A connection setting for one CUPS scheduler. */
typedef struct ck_print ck_print;

/* Where a job is in its life (IPP job-state). */
typedef enum ck_print_job_state {
    CK_PRINT_JOB_UNKNOWN = 0,
    CK_PRINT_JOB_PENDING,    /* waiting for the printer */
    CK_PRINT_JOB_HELD,       /* kept back until someone releases it */
    CK_PRINT_JOB_PROCESSING, /* being printed */
    CK_PRINT_JOB_STOPPED,    /* was printing, the printer stopped */
    CK_PRINT_JOB_CANCELED,   /* by a person: final */
    CK_PRINT_JOB_ABORTED,    /* by the system, after an error: final */
    CK_PRINT_JOB_COMPLETED,  /* printed: final */
} ck_print_job_state;

/* What a printer is doing (IPP printer-state). */
typedef enum ck_printer_state {
    CK_PRINTER_UNKNOWN = 0,
    CK_PRINTER_IDLE,
    CK_PRINTER_PROCESSING,
    CK_PRINTER_STOPPED,
} ck_printer_state;

/* One print queue as the scheduler describes it. */
typedef struct ck_print_printer {
    char name[128];
    char info[128];       /* its description, as the administrator set it */
    char make_model[128]; /* its driver */
    ck_printer_state state;
    bool accepting;    /* takes new jobs (cupsaccept / cupsreject) */
    bool is_default;   /* only set by ck_print_list() */
    char reasons[256]; /* printer-state-reasons keywords, comma-separated; "" for none */
    char message[256]; /* printer-state-message, often empty */
    ck_msg said;       /* its state for a person (worded by the faces) … */
    char sentence[512]; /* … and in English: "the printer CK-PDF is stopped (paused by …): …" */
} ck_print_printer;

/* One job and the printer it is queued on. */
typedef struct ck_print_job {
    int id;
    ck_print_job_state state;
    char title[128];
    char reasons[256]; /* job-state-reasons keywords, comma-separated */
    ck_print_printer printer;
    ck_msg said;        /* its state and its printer's, for a person … */
    char sentence[768]; /* … and in English: "job 12 on CK-PDF is waiting: the printer …" */
} ck_print_job;

/* What to print, where. Fields left zero take their defaults. */
typedef struct ck_print_request {
    const char *path;    /* the PDF file to print */
    const char *printer; /* queue name, "name/instance" allowed; NULL or "": the default one */
    const char *title;   /* job name shown in queues; NULL: the file's base name */
    int copies;          /* 1 to 99; 0 means 1 */
} ck_print_request;

/* Every queue on the scheduler. */
typedef struct ck_print_list {
    size_t count;
    ck_print_printer *printers;
} ck_print_list;

/* Set up talking to server: "host", "host:port" or a socket path; NULL or "": the one libcups
 * picks (CUPS_SERVER, client.conf, the local socket). Nothing is contacted yet. */
ck_rc ck_print_open(ck_print **out, const char *server, ck_err *err);

/* Free a ck_print; NULL is a no-op. */
void ck_print_free(ck_print *print);

/* The scheduler's name as used in messages: "/run/cups/cups.sock", "printhost:631". */
const char *ck_print_server(const ck_print *print);

/* Send a PDF to a printer; *out gets the CUPS job id. A stopped printer still queues it;
 * a printer that refuses jobs, a missing printer or a file that is not a PDF is an error. */
ck_rc ck_print_submit(int *out, ck_print *print, const ck_print_request *req, ck_err *err);

/* The state of a job, its printer's state, and a sentence saying both. */
ck_rc ck_print_job_status(ck_print_job *out, ck_print *print, int job_id, ck_err *err);

/* Poll a job until it is completed, canceled or aborted, or timeout_ms has passed. CK_OK only
 * when it completed; otherwise the error carries the job's sentence. *out holds the last state
 * seen whenever one was. */
ck_rc ck_print_wait(ck_print_job *out, ck_print *print, int job_id, int timeout_ms, ck_err *err);

/* Cancel a job that has not finished yet. */
ck_rc ck_print_cancel(ck_print *print, int job_id, ck_err *err);

/* The state of one printer (NULL or "": the default one) and a sentence saying it. */
ck_rc ck_print_printer_status(ck_print_printer *out, ck_print *print, const char *printer,
                              ck_err *err);

/* Every queue on the scheduler, the default one marked; an empty list is not an error. */
ck_rc ck_print_list_printers(ck_print_list **out, ck_print *print, ck_err *err);

/* Free a list from ck_print_list_printers(); NULL is a no-op. */
void ck_print_list_free(ck_print_list *list);

/* "pending", "held", "processing", "stopped", "canceled", "aborted", "completed". */
const char *ck_print_job_state_name(ck_print_job_state state);

/* Is this a final state: completed, canceled or aborted? */
bool ck_print_job_done(ck_print_job_state state);

#endif
