/*
 * admin.h — looking after the one database that many people share: the
 * audit trail read back (filtered, newest first, paged by audit id; the
 * history of one record), an online backup taken while others keep working,
 * and a restore that checks the backup before it replaces the database's
 * content.
 *
 * Self-contained; no curses.
 */
#ifndef SERVDESK_ADMIN_H
#define SERVDESK_ADMIN_H

#include <stdbool.h>
#include "common.h"
#include "store.h"

/* ---------------------------------------------------------------- audit trail */

/* What an audit listing shows; NULL (or "") fields do not filter. */
typedef struct sd_audit_query {
	const char *since;     /* "YYYY-MM-DD" or "YYYY-MM-DD HH:MM": at or after */
	const char *until;     /* "YYYY-MM-DD" (the whole day) or "YYYY-MM-DD HH:MM": at or before */
	const char *user;      /* who made the change (login) */
	const char *table;     /* the table ("request", "ledger", "part", "staff", ...) */
	const char *record;    /* the record's key (register number, part number, login, ...) */
} sd_audit_query;

/* One audit row. Strings are valid only during the callback. */
typedef struct sd_audit_row {
	long long id;
	const char *at;        /* "YYYY-MM-DD HH:MM" */
	const char *who;
	const char *table;
	const char *record;
	const char *action;    /* "insert", "update", "assign", "issue", "restore", ... */
	const char *old_json;  /* NULL for an insert */
	const char *new_json;
	const char *changes;   /* "field: old -> new; ..." for the fields that changed (never NULL) */
} sd_audit_row;

/*
 * Is s a date or a time as the audit filters take it ("YYYY-MM-DD" or
 * "YYYY-MM-DD HH:MM", a real calendar date)?
 */
bool admin_audit_time_valid(const char *s);

/*
 * Call fn for the audit rows matching q, newest first (by audit id), at most
 * limit rows (0: all). Rows are read in pages of a few hundred by keyset on
 * the audit id (never the whole table at once); fn returning non-zero stops
 * the listing and that value is returned. *count (if not NULL) gets the
 * rows passed to fn. SD_OK, or a status with err set.
 */
int admin_audit_each(store *st, const sd_audit_query *q, long limit,
                     int (*fn)(const sd_audit_row *r, void *arg), void *arg,
                     long *count, sd_err *err);

/*
 * The history of one record, newest first, at most limit rows: the audit
 * rows of table and key and of the tables that record its life under the
 * same key -- a request: its ledger entry, charges and payments; a part: its
 * movements and stocktake counts. fn and the return as admin_audit_each.
 */
int admin_history(store *st, const char *table, const char *key, long limit,
                  int (*fn)(const sd_audit_row *r, void *arg), void *arg, sd_err *err);

/* ---------------------------------------------------------------- backup, restore */

/*
 * Write an online, consistent copy of the database to path while others
 * keep working: SQLite's backup API, in steps, inside one read snapshot,
 * retrying while the database is busy; written to a temporary file in the
 * target's directory, synced, then renamed over path; the copy is created
 * readable by owner and group only (0640) and in rollback-journal mode, one
 * self-contained file. Refuses (SD_DATAERR) to overwrite the live database
 * or its -wal/-shm files. SD_IOERR if the copy cannot be written (disk full
 * included), SD_BUSY after about 10 s of retries.
 */
int admin_backup(store *st, const char *path, sd_err *err);

/*
 * Check a backup before a restore: the file exists (else SD_NOINPUT), opens
 * as SQLite, passes the integrity check, is a servdesk database (its
 * application id and a schema version above 0) and its schema is not newer
 * than this program; else SD_DATAERR naming the file and the reason.
 * *version (if not NULL) gets its schema version.
 */
int admin_restore_check(const char *path, int *version, sd_err *err);

/*
 * Replace the content of the open database with the backup at path: checked
 * (admin_restore_check), copied to a temporary file beside the database and
 * migrated there to the current schema, then copied into the database with
 * the backup API under the write lock (other desks see the restored data on
 * their next read), and audited in the restored database (table "database",
 * action "restore"). Nothing changes if any step fails. Refuses the live
 * database itself. The caller checks the permission (ACT_ADMIN).
 */
int admin_restore(store *st, const char *path, sd_err *err);

#endif
