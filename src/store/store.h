/* The SQLite store: the only place that holds SQL. One file, WAL, synchronous=FULL.
 *
 * Functions here are single statements or small groups of them. A use case in app/ wraps
 * each write in ck_store_begin()/ck_store_commit(), so a read-check-write is atomic even when
 * the kiosk and the CLI share the file. The records themselves are plain structs in
 * core/records.h.
 *
 * Every record that decides eligibility or validity (courses with their days, attendees and
 * renames, events, license texts and decisions, certificates, revocations, signing keys, audit
 * records) is first an entry of the station's hash-chained ledger; the tables are its
 * materialised form, written only by materialising entries (see ledger.c). Triggers refuse
 * UPDATE and DELETE on the ledger and the append-only tables: they stop honest mistakes, and
 * ck_store_ledger_verify() finds the rest.
 */
#ifndef CK_STORE_H
#define CK_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/err.h"
#include "core/attend.h"
#include "core/records.h"

typedef struct ck_store ck_store;

typedef enum ck_store_mode {
    CK_STORE_EXISTING, /* the file must exist (every command but init) */
    CK_STORE_CREATE,   /* create it if missing (mode 0600, whatever the umask) */
    CK_STORE_READONLY, /* only read: no upgrade, nothing written; works on read-only files */
} ck_store_mode;

/* The schema version this build writes. */
int ck_store_schema_version(void);

/* Open (and create or upgrade) the database at path. An older schema is upgraded in one
 * transaction; a newer one is refused; CK_STORE_READONLY refuses an older one too, saying to
 * run "classkiosk init". *out is NULL on failure. */
ck_rc ck_store_open(ck_store **out, const char *path, ck_store_mode mode, ck_err *err);
/* Who may read the file (and its -wal and -shm): gid < 0 only its owner (mode 0600); gid >= 0
 * also that group (0640). *changed says whether a mode or group changed. */
ck_rc ck_store_set_access(ck_store *st, long gid, bool *changed, ck_err *err);
void ck_store_close(ck_store *st);
const char *ck_store_path(const ck_store *st);

/* A read transaction: several reads see one snapshot. End it with ck_store_rollback(). */
ck_rc ck_store_begin_read(ck_store *st, ck_err *err);
/* An immediate (write-locking) transaction. rollback is safe to call when none is open. */
ck_rc ck_store_begin(ck_store *st, ck_err *err);
ck_rc ck_store_commit(ck_store *st, ck_err *err);
void ck_store_rollback(ck_store *st);

/* A number that changes whenever another connection commits to the file (PRAGMA
 * data_version): equal before and after several reads means they saw one state. */
ck_rc ck_store_data_version(ck_store *st, int64_t *out, ck_err *err);

/* A fresh random id for rows replicated between stations. out: CK_UID_LEN + 1 bytes. */
void ck_store_new_uid(char *out);

/* PRAGMA integrity_check; CK_OK when it says "ok". */
ck_rc ck_store_integrity(ck_store *st, ck_err *err);

/* ---- settings: station-wide key/value text ---- */
ck_rc ck_store_setting_get(ck_store *st, const char *key, char *out, size_t n, ck_err *err);
ck_rc ck_store_setting_set(ck_store *st, const char *key, const char *value, ck_err *err);
ck_rc ck_store_setting_delete(ck_store *st, const char *key, ck_err *err);
/* A message kept as a setting, worded whenever it is read; an empty one removes the setting,
 * one never set (or unreadable as a message) reads back as its text or empty. */
ck_rc ck_store_setting_set_msg(ck_store *st, const char *key, const ck_msg *m, ck_err *err);
void ck_store_setting_get_msg(ck_store *st, const char *key, ck_msg *out);

/* ---- courses ---- */
/* Insert a course with its days; sets in->id and in->uid. */
ck_rc ck_store_course_insert(ck_store *st, ck_course_rec *in, ck_err *err);
ck_rc ck_store_course_get(ck_store *st, int64_t id, ck_course_rec *out, ck_err *err);
/* The newest course: CK_ENOTFOUND when there is none. */
ck_rc ck_store_course_latest(ck_store *st, int64_t *out, ck_err *err);
/* The course a station in room shows: the room's course with a day on today (YYYY-MM-DD),
 * else the room's newest; CK_ENOTFOUND when the room has none. */
ck_rc ck_store_course_for_room(ck_store *st, const char *room, const char *today, int64_t *out,
                               ck_err *err);
/* All courses, newest first; *out is malloc'd. */
ck_rc ck_store_course_list(ck_store *st, ck_course_rec **out, size_t *n, ck_err *err);

/* ---- attendees ---- */
ck_rc ck_store_attendee_insert(ck_store *st, ck_attendee_rec *in, ck_err *err);
/* A rename (to's name, name_key, given and family) is an entry of its own, written at at; the
 * attendee row shows the latest name. */
ck_rc ck_store_attendee_rename(ck_store *st, int64_t id, const ck_attendee_rec *to, int64_t at,
                               ck_err *err);
/* A change of language is an entry of its own too ("" for none); the row shows the latest. */
ck_rc ck_store_attendee_set_lang(ck_store *st, int64_t id, const char *lang, int64_t at,
                                 ck_err *err);
ck_rc ck_store_attendee_get(ck_store *st, int64_t id, ck_attendee_rec *out, ck_err *err);
/* By e-mail within a course: CK_ENOTFOUND when none. */
ck_rc ck_store_attendee_by_email(ck_store *st, int64_t course_id, const char *email,
                                 ck_attendee_rec *out, ck_err *err);
/* A course's attendees sorted by name; *out is malloc'd. */
ck_rc ck_store_attendee_list(ck_store *st, int64_t course_id, ck_attendee_rec **out, size_t *n,
                             ck_err *err);
/* The same order, one attendee at a time into *row (the caller's; overwritten for each) and
 * handed to fn, for a course too large to hold whole (5,000 records are 15 MB). Stops at fn's
 * first failure and returns it. fn must not use the store. */
typedef ck_rc (*ck_store_attendee_fn)(void *ctx, const ck_attendee_rec *a, ck_err *err);
ck_rc ck_store_attendee_each(ck_store *st, int64_t course_id, ck_attendee_rec *row,
                             ck_store_attendee_fn fn, void *ctx, ck_err *err);

/* ---- events ---- */
/* Append an event; sets in->ev.id and in->uid. */
ck_rc ck_store_event_append(ck_store *st, ck_event_rec *in, ck_err *err);
ck_rc ck_store_event_get(ck_store *st, int64_t id, ck_event_rec *out, ck_err *err);
/* One attendee's events in the rules' order: (at, origin, seq), the same on every station;
 * ev.rank is the position in it. *out is malloc'd. */
ck_rc ck_store_event_list(ck_store *st, int64_t attendee_id, ck_event_rec **out, size_t *n,
                          ck_err *err);
/* Just what the rules need, for a whole course at once. */
typedef struct ck_attendee_event {
    int64_t attendee_id;
    ck_event ev;
} ck_attendee_event;

/* Every event of a course's attendees, ordered by attendee then (at, origin, seq). */
ck_rc ck_store_event_list_course(ck_store *st, int64_t course_id, ck_attendee_event **out,
                                 size_t *n, ck_err *err);
/* The course's events recorded after event after_id, in id order (events are append-only:
 * their ids only grow). */
ck_rc ck_store_event_list_course_after(ck_store *st, int64_t course_id, int64_t after_id,
                                       ck_attendee_event **out, size_t *n, ck_err *err);
/* The id of the newest event of the station, 0 when there is none. */
ck_rc ck_store_event_last_id(ck_store *st, int64_t *out, ck_err *err);
/* How many attendees a course has. */
ck_rc ck_store_attendee_count(ck_store *st, int64_t course_id, size_t *out, ck_err *err);

/* Every event of a course's attendees as full records, ordered by attendee then (at, origin,
 * seq); ev.rank is the position in that order. *out is malloc'd. */
ck_rc ck_store_event_records_course(ck_store *st, int64_t course_id, ck_event_rec **out, size_t *n,
                                    ck_err *err);

/* ---- license ---- */
/* The newest version: CK_ENOTFOUND when none is stored. */
ck_rc ck_store_license_current(ck_store *st, ck_license_rec *out, ck_err *err);

/* Store a text as the English one of a new version, always (the caller has compared). */
ck_rc ck_store_license_version_add(ck_store *st, const char *body, const char *sha256, int64_t now,
                                   int *version, char *uid, size_t uid_size, ck_err *err);
/* Whether any station stored a license text (in any language) with this sha256 already. */
ck_rc ck_store_license_known(ck_store *st, const char *sha256, bool *known, ck_err *err);
/* Add the text in lang (not "en") to the version whose license entry is license (its uid). */
ck_rc ck_store_license_translation_add(ck_store *st, const char *license, const char *lang,
                                       const char *body, const char *sha256, int64_t now,
                                       ck_err *err);
/* Every text of the version whose license entry is license, English first, then by language
 * code (one per language, the earliest stored where two stations stored one, at most
 * CK_LICENSE_MAX_TEXTS); *out malloc'd, clear each record and free it. */
ck_rc ck_store_license_texts(ck_store *st, const char *license, ck_license_rec **out, size_t *n,
                             ck_err *err);

ck_rc ck_store_acceptance_append(ck_store *st, ck_acceptance_rec *in, ck_err *err);
/* The attendee's latest decision: CK_ENOTFOUND when none. */
ck_rc ck_store_acceptance_latest(ck_store *st, int64_t attendee_id, ck_acceptance_rec *out,
                                 ck_err *err);

/* Every attendee's latest decision in a course, ordered by attendee id; *out malloc'd. */
ck_rc ck_store_acceptance_latest_course(ck_store *st, int64_t course_id, ck_acceptance_rec **out,
                                        size_t *n, ck_err *err);

/* ---- certificates ---- */
ck_rc ck_store_cert_insert(ck_store *st, const ck_cert_rec *in, ck_err *err);
ck_rc ck_store_cert_get(ck_store *st, const char *id, ck_cert_rec *out, ck_err *err);
/* The attendee's newest certificate that is not revoked: CK_ENOTFOUND when none. */
ck_rc ck_store_cert_current(ck_store *st, int64_t attendee_id, ck_cert_rec *out, ck_err *err);
/* A course's certificates, newest first; *out malloc'd (free with ck_cert_list_free). */
ck_rc ck_store_cert_list(ck_store *st, int64_t course_id, ck_cert_rec **out, size_t *n,
                         ck_err *err);
ck_rc ck_store_cert_revoke(ck_store *st, const char *id, int64_t at, const char *reason,
                           ck_err *err);
/* Every revocation the chain holds (all courses, all stations): id and time; *out malloc'd.
 * Read from the chain, not the table, after checking the chains: a revocation deleted
 * from the table still counts, and a broken chain is refused (CK_EDB). */
ck_rc ck_store_revocations(ck_store *st, ck_revocation_rec **out, size_t *n, ck_err *err);

/* ---- print jobs ---- */
/* Insert a job; sets in->id and in->uid. */
ck_rc ck_store_job_insert(ck_store *st, ck_job_rec *in, ck_err *err);
/* Save a job's state, CUPS id, attempts, last error and update time. */
ck_rc ck_store_job_update(ck_store *st, const ck_job_rec *job, ck_err *err);
ck_rc ck_store_job_get(ck_store *st, int64_t id, ck_job_rec *out, ck_err *err);
/* Jobs newest first; only the unfinished ones (not completed or canceled) when open_only. */
ck_rc ck_store_job_list(ck_store *st, bool open_only, ck_job_rec **out, size_t *n, ck_err *err);

/* ---- badges: an unguessable code per attendee, entries of the chain ---- */
/* Record a new badge code for the attendee (the newest one counts), in the caller's
 * transaction. */
ck_rc ck_store_badge_add(ck_store *st, int64_t attendee_id, const char *code, int64_t at,
                         ck_err *err);
/* The attendee's newest badge code (by its time, then its uid: the same at every station
 * whatever order their chains arrived in); *found false when there is none. */
ck_rc ck_store_badge_current(ck_store *st, int64_t attendee_id, char *code, size_t n, bool *found,
                             ck_err *err);
/* Whose badge code is code (*attendee_id 0: nobody's), and whether it is that person's newest. */
ck_rc ck_store_badge_find(ck_store *st, const char *code, int64_t *attendee_id, bool *current,
                          ck_err *err);

/* ---- the mail outbox (station-local, like print jobs) ---- */
/* Insert a message (with its bytes); sets in->id and in->uid. */
ck_rc ck_store_mail_insert(ck_store *st, ck_mail_rec *in, ck_err *err);
/* Save a message's state, attempts, times, last error and reply. */
ck_rc ck_store_mail_update(ck_store *st, const ck_mail_rec *m, ck_err *err);
/* One message; its bytes too when with_message. */
ck_rc ck_store_mail_get(ck_store *st, int64_t id, bool with_message, ck_mail_rec *out, ck_err *err);
/* The newest message of a kind for an attendee (and certificate, "" for none), without bytes. */
ck_rc ck_store_mail_latest(ck_store *st, ck_mail_kind kind, int64_t attendee_id,
                           const char *cert_id, ck_mail_rec *out, bool *found, ck_err *err);
/* The queued message due first at now, with its bytes; *found false when none is due. */
ck_rc ck_store_mail_next_due(ck_store *st, int64_t now, ck_mail_rec *out, bool *found, ck_err *err);
/* Queued messages of every course: how many, and the earliest try (0 when none). */
ck_rc ck_store_mail_pending(ck_store *st, size_t *waiting, int64_t *next_at, ck_err *err);
/* Messages whose sender's hold ran out by now: those still sending go back to queued, those
 * handed over become unsure with unsure_reason. In the caller's transaction. */
ck_rc ck_store_mail_expire(ck_store *st, int64_t now, const ck_msg *unsure_reason, size_t *requeued,
                           size_t *unsure, ck_err *err);
/* A course's messages, newest first, without their bytes; *out malloc'd. */
ck_rc ck_store_mail_list(ck_store *st, int64_t course_id, ck_mail_rec **out, size_t *n,
                         ck_err *err);

/* ---- signing keys: every station's public keys, as entries of its chain ---- */
/* Record this station's public key kid (x, base64url) created at created; retires: the kid it
 * replaces, or NULL. In the caller's transaction. */
ck_rc ck_store_key_add(ck_store *st, const char *kid, const char *x, int64_t created,
                       const char *retires, ck_err *err);
/* Whether the chain holds the key kid. */
ck_rc ck_store_key_known(ck_store *st, const char *kid, bool *known, ck_err *err);

/* ---- audit: trainer actions, entries of the chain ---- */
/* Append a record in the current transaction (the caller holds ck_store_begin). */
ck_rc ck_store_audit_append(ck_store *st, int64_t at, const char *actor, const char *action,
                            const char *detail_json, ck_err *err);
ck_rc ck_store_audit_list(ck_store *st, ck_audit_rec **out, size_t *n, ck_err *err);

/* ---- the ledger: the head and the whole check ---- */
/* This station's chain head: what a trainer writes down. */
ck_rc ck_store_ledger_head(ck_store *st, ck_ledger_head *out, ck_err *err);

typedef struct ck_ledger_report {
    size_t entries; /* entries checked, all chains */
    size_t origins; /* chains (stations) */
    size_t records; /* table rows compared */
    ck_ledger_head head;
} ck_ledger_report;

/* ---- replication: chains going to and coming from the organisation's server ---- */

/* The newest entry of every chain the file holds, ordered by origin; *out malloc'd. */
ck_rc ck_store_ledger_heads(ck_store *st, ck_ledger_head **out, size_t *n, ck_err *err);
/* Up to limit entries of origin's chain after seq after, in order; free with
 * ck_ledger_rec_list_free(). */
ck_rc ck_store_ledger_read(ck_store *st, const char *origin, int64_t after, size_t limit,
                           ck_ledger_rec **out, size_t *n, ck_err *err);
/* The hash of entry seq of origin's chain; CK_ENOTFOUND when the file does not hold it. */
ck_rc ck_store_ledger_hash_at(ck_store *st, const char *origin, int64_t seq, char hash[65],
                              ck_err *err);

typedef struct ck_ledger_import {
    size_t added;    /* entries stored */
    size_t resolved; /* entries that had waited for a record and are materialised now */
    size_t waiting;  /* entries still waiting for a record of a chain not taken in yet */
    size_t refused;  /* entries whose record cannot be made here: kept, set aside */
    size_t held;     /* entries the file held already (the same ones: taken once) */
} ck_ledger_import;

/* How many entries of other stations' chains are set aside (their record cannot be made by
 * this classkiosk); the first one's reason into why. */
ck_rc ck_store_ledger_aside(ck_store *st, size_t *n, ck_msg *why, ck_err *err);

/* Take in entries of other stations' chains (this station's own too when own_too: its
 * entries coming back from the server after the file lost them), in one transaction: each
 * must continue its chain as the file holds it (seq, prev) and match its hash, or nothing is
 * stored; one the file holds already is skipped when it is the same entry (so two syncs at
 * once take each entry once) and refused when it is not. Each is materialised with the same
 * functions as this station's own entries; one that refers to a record not here yet waits
 * (ledger_wait) and is materialised when that record arrives. One whose record cannot be made (a
 * body this build cannot read, a value the table refuses) is kept in the chain and set aside, the
 * same at every station. */
ck_rc ck_store_ledger_import(ck_store *st, const ck_ledger_rec *recs, size_t n, bool own_too,
                             ck_ledger_import *out, ck_err *err);

/* This station's origin: the id of its chain (32 hex digits). */
const char *ck_store_origin(const ck_store *st);

/* ---- the organisation's stations (stations.c): the server's list, kept here ---- */
/* Replace the list with what the server said (stations that have joined). */
ck_rc ck_store_stations_set(ck_store *st, const ck_station_rec *list, size_t n, ck_err *err);
/* The list as the last sync left it; *out malloc'd. */
ck_rc ck_store_stations(ck_store *st, ck_station_rec **out, size_t *n, ck_err *err);
/* Every public key any chain here recorded, retired ones too; *out malloc'd. */
ck_rc ck_store_keys(ck_store *st, ck_key_rec **out, size_t *n, ck_err *err);
/* The station whose chain recorded the certificate id; CK_ENOTFOUND when none here did. */
ck_rc ck_store_cert_origin(ck_store *st, const char *id, char origin[CK_UID_LEN + 1], ck_err *err);

/* Check every chain (contiguous seq, prev links, hashes), then replay it and compare the
 * result with the tables; with expect_seq > 0 also that this station's entry expect_seq
 * has a hash starting with expect_hash (hex, any case). CK_EDB names the first record
 * that differs, in words. */
ck_rc ck_store_ledger_verify(ck_store *st, int64_t expect_seq, const char *expect_hash,
                             ck_ledger_report *out, ck_err *err);

#endif
