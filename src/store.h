/*
 * store.h — the SQLite database: opening (WAL, foreign keys, busy timeout),
 * numbered schema migrations (PRAGMA user_version), write transactions with
 * retry, and the translation of SQLite result codes into servdesk statuses.
 * SQLite codes never travel above the core modules that use store_db().
 *
 * Every change is one transaction: callers wrap their work in
 * store_begin()/store_commit() and call store_rollback() on any failure.
 *
 * Self-contained; no curses.
 */
#ifndef SERVDESK_STORE_H
#define SERVDESK_STORE_H

#include <stdbool.h>
#include <sqlite3.h>
#include "common.h"
#include "datetime.h"

typedef struct store store;

enum store_open_mode {
	STORE_OPEN_EXISTING,  /* the file must exist and be migrated (else SD_NOINPUT / SD_DATAERR) */
	STORE_OPEN_CREATE,    /* create if missing (its directory must exist) and migrate to the current schema */
	STORE_OPEN_CREATE_DIRS /* the same, and create the missing directories above it (the default path) */
};

/*
 * Open the database at path. The path must name a regular file or a name
 * not taken yet in an existing directory (store_check_path). The file's
 * header is read before SQLite opens it, and its application id, version
 * and schema before anything is written, so that a file servdesk refuses is
 * never changed. Hardens the connection (store_harden), sets WAL,
 * foreign_keys=ON, a busy timeout; creates the file with mode 0660 (owner
 * and group) where it creates it (and its directories with
 * STORE_OPEN_CREATE_DIRS). With STORE_OPEN_CREATE runs the migrations.
 * user is the acting person's login (copied). Returns SD_OK and *out, or a
 * status with err filled (SD_NOINPUT if the file is missing, SD_DATAERR if it
 * is not a servdesk database or is newer than this program, SD_IOERR, SD_BUSY).
 */
int store_open(const char *path, enum store_open_mode mode, const char *user,
               store **out, sd_err *err);
void store_close(store *st);

/*
 * May path be a database? SD_OK for a regular file (or a link to one) and
 * for a name not taken yet; SD_DATAERR for a device, a directory, a pipe;
 * SD_USAGE for an empty name. The same rule for the desk and every command.
 */
int store_check_path(const char *path, sd_err *err);

/*
 * Set up a connection against hostile files: SQLITE_DBCONFIG_DEFENSIVE,
 * trusted_schema off, and sqlite3_limit values that fit
 * servdesk's data. store_open calls it; core modules call it on every other
 * connection they open (backups, restore).
 */
void store_harden(sqlite3 *db);

/* How a schema object differs from servdesk's own. */
enum store_schema_change {
	STORE_SCHEMA_EXTRA,    /* not one of servdesk's */
	STORE_SCHEMA_MISSING,  /* servdesk's, but not there */
	STORE_SCHEMA_CHANGED   /* servdesk's name, another definition */
};

/*
 * Compare db's schema objects (tables, indexes, triggers, views) with those
 * a new database migrated to version has; call fn (if not NULL) for each
 * difference and set *count to their number. SD_OK, or a status with err.
 */
/* The translated name of a schema object's type ("table", "index", "trigger", "view"). */
const char *store_schema_kind(const char *type);

int store_schema_diff(sqlite3 *db, int version,
                      void (*fn)(const char *type, const char *name, enum store_schema_change how,
                                 void *arg),
                      void *arg, long *count, sd_err *err);

/* The schema version this program creates (number of migrations). */
int store_schema_version(void);

/* The application id that marks a servdesk database (PRAGMA application_id). */
int store_application_id(void);

/* The connection, for core modules only (never for the front ends). */
sqlite3 *store_db(store *st);

/* The acting person's login, as given to store_open. */
const char *store_user(const store *st);

/* The database path, as given to store_open. */
const char *store_path(const store *st);

/*
 * Begin a write transaction (BEGIN IMMEDIATE), retrying while another process
 * holds the write lock; SD_BUSY after about 10 s of retries.
 */
int store_begin(store *st, sd_err *err);

/*
 * A change of a module's own: a write transaction (store_begin) when none is
 * open, else a savepoint inside the caller's (the demonstration builds its
 * register in one transaction). *nested says which; commit and roll back
 * with the same flag.
 */
int store_change_begin(store *st, bool *nested, sd_err *err);
int store_change_commit(store *st, bool nested, sd_err *err);
void store_change_rollback(store *st, bool nested);
/*
 * Prepare the connection for a large write (import): a page cache of 64 MiB
 * so that a long transaction does not spill to the WAL and read back.
 */
void store_bulk(store *st);

/* Set how long one attempt waits for another writer (default 5000 ms). */
void store_set_busy_timeout(store *st, int ms);

/* Commit; on failure rolls back and returns the status (SD_BUSY, SD_IOERR...). */
int store_commit(store *st, sd_err *err);
/* Roll back the open transaction, if any. Safe to call when none is open. */
void store_rollback(store *st);

/*
 * Prepare a statement (cached per connection: the same SQL text returns the
 * same reset statement, with bindings cleared). Never finalize it; it belongs
 * to the store. Returns NULL and fills err on failure.
 */
sqlite3_stmt *store_prepare(store *st, const char *sql, sd_err *err);

/*
 * The one mapping of SQLite's errors to what the user reads: a status and,
 * in err, a translated sentence that starts with what (the operation) and
 * says what to do, with SQLite's own words in parentheses. A read-only or
 * missing directory, a read-only database file or -wal/-shm file beside
 * path (the database concerned, may be NULL) is named as the reason.
 * SQLITE_BUSY/LOCKED -> SD_BUSY; FULL, IOERR, CANTOPEN, READONLY, PERM ->
 * SD_IOERR; NOTADB, CORRUPT, CONSTRAINT, TOOBIG -> SD_DATAERR; others ->
 * SD_INTERNAL. db may be NULL (then only rc is known).
 */
int store_explain(sqlite3 *db, int rc, const char *path, const char *what, sd_err *err);

/* store_explain for the store's own connection and database path. */
int store_fail(store *st, int rc, const char *what, sd_err *err);

/*
 * Did the last failure on db come from a write that ran out of space or past
 * the file-size limit (SQLite reports those as an I/O error on write)?
 */
bool store_write_failed(sqlite3 *db);

/* Set err to SD_IOERR "WHAT: cannot write to the disk (full, or the file size limit reached): ...". */
int store_write_error(sqlite3 *db, const char *what, sd_err *err);

/*
 * Who last changed row key of table, and when, from the audit trail: true
 * with who and at filled (cut to their sizes), false (both empty) if the
 * trail has no row for it.
 */
bool store_last_change(store *st, const char *table, const char *key, char *who, size_t who_size,
                       char *at, size_t at_size);
/*
 * The same as the words of a refusal: "by LOGIN at TIME", or "by someone
 * else" when the trail does not say, translated.
 */
void store_changed_by(store *st, const char *table, const char *key, char *out, size_t size);

/*
 * Write an audit row in the current transaction: who (store_user), when (now),
 * table, row key, action ("insert", "update", "void", ...), old and new values
 * as JSON text (either may be NULL).
 */
int store_audit(store *st, const char *table, const char *key, const char *action,
                const char *old_json, const char *new_json, sd_err *err);

/* Read a setting (text); returns a malloc'd string or a copy of dflt if unset. */
char *store_setting(store *st, const char *key, const char *dflt);
/*
 * Read a setting: *value a malloc'd string, or NULL if unset. Returns SD_OK
 * or the read error (for the reads that decide something).
 */
int store_setting_get(store *st, const char *key, char **value, sd_err *err);
/* Read an integer setting, dflt if unset or not a number. */
long store_setting_int(store *st, const char *key, long dflt);
/* Write a setting (inside the caller's transaction). */
int store_set_setting(store *st, const char *key, const char *value, sd_err *err);
/* Remove a setting (inside the caller's transaction); no error if it was unset. */
int store_unset_setting(store *st, const char *key, sd_err *err);

/*
 * A progress callback that may interrupt long queries (the desk uses it to
 * cancel a search when a new key arrives): called every few thousand VM
 * steps; return non-zero to interrupt. NULL removes it.
 */
void store_set_interrupt(store *st, int (*check)(void *), void *arg);

/*
 * Module data kept with an open store (e.g. the ledger's calendar): one slot
 * per key (a string literal the module owns). store_attach replaces what the
 * slot held (calling its release) and store_close releases every slot.
 * store_attached returns the data, or NULL.
 */
void store_attach(store *st, const char *key, void *data, void (*release)(void *data));
void *store_attached(store *st, const char *key);

/* The current local time as "YYYY-MM-DD HH:MM" (honours SERVDESK_NOW for tests, except set-group-ID). */
void store_now(char out[17]);

/* Today's date: the date of store_now (SERVDESK_NOW honoured). */
sd_date store_today(void);

/* A copy of column i of q's current row (malloc'd), or NULL where it is NULL. */
char *store_col_dup(sqlite3_stmt *q, int i);

/* Column i of q's current row into out (size bytes, cut to fit); "" where NULL. */
void store_col_copy(sqlite3_stmt *q, int i, char *out, size_t size);
/* Bind s as text, or NULL when it is blank (text_blank). */
void store_bind_opt_text(sqlite3_stmt *q, int i, const char *s);

/*
 * The acting person: $SERVDESK_USER if set, else the OS login; never NULL.
 * Installed set-group-ID (priv_setgid), always the real user's login.
 */
const char *sd_current_user(void);

/* The configuration file: SYSCONFDIR/servdesk.conf (servdesk.conf(5)). */
const char *store_conf_path(void);

/*
 * The database the configuration file names (its "database = PATH" line)
 * into *path (malloc'd), or NULL when there is no configuration file or it
 * names none. SD_OK, or SD_DATAERR / SD_IOERR naming the file and line.
 */
int store_conf_database(char **path, sd_err *err);

/*
 * The database path: explicit (from --db) if not NULL, else $SERVDESK_DB
 * (ignored when installed set-group-ID), else the one servdesk.conf names,
 * else $XDG_DATA_HOME/servdesk/servdesk.db (XDG_DATA_HOME defaulting to
 * ~/.local/share). Returns a malloc'd string.
 */
char *store_default_path(const char *explicit_path);

#endif
