/* The CUPS test rig of scripts/test.d/20-cups: is it there, and where cups-pdf writes. */
#ifndef CK_CUPS_RIG_H
#define CK_CUPS_RIG_H

#include <stdbool.h>
#include <stddef.h>

/* The cups-pdf queue the rig sets up. */
#define CK_CUPS_RIG_QUEUE "CK-PDF"
/* Its PDFs go to CK_CUPS_RIG_OUT/<user>/, named with "job_<id>" (scripts/test.d/20-cups). */
#define CK_CUPS_RIG_OUT "/var/spool/cups-pdf-ck"

/* Is a scheduler answering, with the queue, and may this user stop and start it? If not,
 * why holds the reason to print before skipping. Checked with lpstat and cupsenable. */
bool ck_cups_rig_ready(char *why, size_t n);

/* Run cupsenable or cupsdisable (cmd) on the rig's queue; true when it worked. */
bool ck_cups_rig_admin(const char *cmd);

/* The PDF cups-pdf wrote for job_id, waiting up to timeout_ms for it to appear with a
 * complete "%%EOF" end. NULL if it did not; the caller frees the path. */
char *ck_cups_rig_output(int job_id, int timeout_ms);

#endif
