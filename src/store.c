/*
 * store.c — the SQLite database: open, migrate, transactions with retry,
 * statement cache, audit rows, settings. The only file that sees SQLite
 * result codes in their raw form (others go through store_fail).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "store.h"

/* Generated from the files in data/schema. */
extern const char *const sd_migrations[];
extern const size_t sd_migration_count;

/* 'SDSK': marks a servdesk database. */
#define SD_APPLICATION_ID 0x5344534b
#define STMT_CACHE 96

struct store {
	sqlite3 *db;
	char *path;
	char *user;
	struct {
		char *sql;
		sqlite3_stmt *stmt;
	} cache[STMT_CACHE];
	int ncache;
	int (*check)(void *);
	void *check_arg;
	struct {
		const char *key;
		void *data;
		void (*release)(void *);
	} slots[4];               /* store_attach */
};

int
store_schema_version(void)
{
	return (int)sd_migration_count;
}

int
store_application_id(void)
{
	return SD_APPLICATION_ID;
}

sqlite3 *
store_db(store *st)
{
	return st->db;
}

const char *
store_user(const store *st)
{
	return st->user;
}

const char *
store_path(const store *st)
{
	return st->path;
}

bool
store_write_failed(sqlite3 *db)
{
	int e = sqlite3_system_errno(db);

	return e == ENOSPC || e == EFBIG || e == EDQUOT ||
	       sqlite3_extended_errcode(db) == SQLITE_IOERR_WRITE;
}

int
store_write_error(sqlite3 *db, const char *what, sd_err *err)
{
	int e = sqlite3_system_errno(db);

	return sd_err_set(err, SD_IOERR,
	                  _("%s: cannot write to the disk (full, or the file size limit reached): %s"),
	                  what, e ? strerror(e) : sqlite3_errmsg(db));
}

int
store_fail(store *st, int rc, const char *what, sd_err *err)
{
	const char *detail = st && st->db ? sqlite3_errmsg(st->db) : sqlite3_errstr(rc);
	int status;

	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		status = SD_BUSY;
		return sd_err_set(err, status, _("%s: the database is busy (another person is writing); try again"), what);
	case SQLITE_FULL:
		return sd_err_set(err, SD_IOERR, _("%s: the disk is full: %s"), what, detail);
	case SQLITE_IOERR:
		/* A write that ran out of space (or past the file-size limit)
		 * comes back as an I/O error on write: name the likely cause. */
		if (st && st->db && store_write_failed(st->db))
			return store_write_error(st->db, what, err);
		/* fall through */
	case SQLITE_CANTOPEN:
	case SQLITE_READONLY:
	case SQLITE_PERM:
		status = SD_IOERR;
		break;
	case SQLITE_CONSTRAINT:
		status = SD_DATAERR;
		break;
	case SQLITE_INTERRUPT:
		return sd_err_set(err, SD_INTERNAL, "%s", _("interrupted"));
	case SQLITE_NOTADB:
	case SQLITE_CORRUPT:
		status = SD_DATAERR;
		break;
	default:
		status = SD_INTERNAL;
	}
	return sd_err_set(err, status, "%s: %s", what, detail);
}

sqlite3_stmt *
store_prepare(store *st, const char *sql, sd_err *err)
{
	sqlite3_stmt *stmt;
	int rc;

	for (int i = 0; i < st->ncache; i++) {
		if (strcmp(st->cache[i].sql, sql) == 0) {
			stmt = st->cache[i].stmt;
			sqlite3_reset(stmt);
			sqlite3_clear_bindings(stmt);
			return stmt;
		}
	}
	rc = sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
	if (rc != SQLITE_OK) {
		store_fail(st, rc, _("preparing a query"), err);
		return NULL;
	}
	if (st->ncache == STMT_CACHE) {
		/* evict the oldest entry */
		sqlite3_finalize(st->cache[0].stmt);
		free(st->cache[0].sql);
		memmove(&st->cache[0], &st->cache[1], sizeof st->cache[0] * (STMT_CACHE - 1));
		st->ncache--;
	}
	st->cache[st->ncache].sql = xstrdup(sql);
	st->cache[st->ncache].stmt = stmt;
	st->ncache++;
	return stmt;
}

/* Run static SQL (no user text ever reaches here). */
static int
exec_sql(store *st, const char *sql, const char *what, sd_err *err)
{
	int rc = sqlite3_exec(st->db, sql, NULL, NULL, NULL);

	return rc == SQLITE_OK ? SD_OK : store_fail(st, rc, what, err);
}

static int
pragma_int(store *st, const char *sql)
{
	sqlite3_stmt *stmt;
	int v = -1;

	if (sqlite3_prepare_v2(st->db, sql, -1, &stmt, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(stmt) == SQLITE_ROW)
		v = sqlite3_column_int(stmt, 0);
	sqlite3_finalize(stmt);
	return v;
}

int
store_begin(store *st, sd_err *err)
{
	int rc = SQLITE_BUSY;

	/* The busy handler waits up to 5 s per attempt; two attempts. */
	for (int attempt = 0; attempt < 2; attempt++) {
		rc = sqlite3_exec(st->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
		if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED)
			break;
	}
	return rc == SQLITE_OK ? SD_OK : store_fail(st, rc, _("starting a change"), err);
}

void
store_bulk(store *st)
{
	/* Keep freed memory: a long import otherwise shrinks and regrows the heap per row. */
	mallopt(M_TRIM_THRESHOLD, 256 << 20);
	mallopt(M_TOP_PAD, 16 << 20);
	sqlite3_exec(st->db, "PRAGMA cache_size = -65536", NULL, NULL, NULL);
}

void
store_set_busy_timeout(store *st, int ms)
{
	sqlite3_busy_timeout(st->db, ms);
}

int
store_commit(store *st, sd_err *err)
{
	int rc = SQLITE_BUSY;

	for (int attempt = 0; attempt < 3; attempt++) {
		rc = sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL);
		if (rc != SQLITE_BUSY)
			break;
	}
	if (rc == SQLITE_OK)
		return SD_OK;
	store_fail(st, rc, _("saving the change"), err);
	store_rollback(st);
	return err ? err->status : SD_IOERR;
}

void
store_rollback(store *st)
{
	if (!sqlite3_get_autocommit(st->db))
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
}

static int
migrate(store *st, sd_err *err)
{
	int version = pragma_int(st, "PRAGMA user_version");
	int appid = pragma_int(st, "PRAGMA application_id");
	int target = (int)sd_migration_count;
	int rc;

	if (appid != 0 && appid != SD_APPLICATION_ID)
		return sd_err_set(err, SD_DATAERR, _("%s is not a servdesk database"), st->path);
	if (version > target)
		return sd_err_set(err, SD_DATAERR,
		                  _("%s has schema version %d, newer than this servdesk (%d); use a newer servdesk"),
		                  st->path, version, target);
	if (version == target)
		return SD_OK;
	if (version == 0 && appid == 0 && pragma_int(st, "SELECT count(*) FROM sqlite_schema") > 0)
		return sd_err_set(err, SD_DATAERR, _("%s is not a servdesk database"), st->path);

	if ((rc = store_begin(st, err)) != SD_OK)
		return rc;
	/* Re-read inside the write lock: another process may have migrated. */
	version = pragma_int(st, "PRAGMA user_version");
	for (int v = version; v < target; v++) {
		char pragma[64];

		if ((rc = exec_sql(st, sd_migrations[v], _("upgrading the database"), err)) != SD_OK)
			goto fail;
		snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", v + 1);
		if ((rc = exec_sql(st, pragma, _("upgrading the database"), err)) != SD_OK)
			goto fail;
	}
	if (version == 0) {
		char pragma[64];

		snprintf(pragma, sizeof pragma, "PRAGMA application_id = %d", SD_APPLICATION_ID);
		if ((rc = exec_sql(st, pragma, _("upgrading the database"), err)) != SD_OK)
			goto fail;
	}
	return store_commit(st, err);
fail:
	store_rollback(st);
	return rc;
}

/* Read the file's header: SQLITE_OK, or the result code of the failure. */
static int
probe(store *st)
{
	sqlite3_stmt *stmt;
	int rc;

	if ((rc = sqlite3_prepare_v2(st->db, "PRAGMA application_id", -1, &stmt, NULL)) != SQLITE_OK)
		return rc;
	rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* Create every missing directory above path (mode 0770). */
static void
make_parent_dirs(const char *path)
{
	char *p = xstrdup(path);

	for (char *s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		mkdir(p, 0770);
		*s = '/';
	}
	free(p);
}

static int
progress_cb(void *arg)
{
	store *st = arg;

	return st->check ? st->check(st->check_arg) : 0;
}

int
store_open(const char *path, enum store_open_mode mode, const char *user,
           store **out, sd_err *err)
{
	struct stat sb;
	store *st;
	int rc, status;

	*out = NULL;
	if (stat(path, &sb) != 0) {
		if (mode == STORE_OPEN_EXISTING)
			return sd_err_set(err, SD_NOINPUT,
			                  _("database %s does not exist; create it with: servdesk init"), path);
		make_parent_dirs(path);
		/* Create the file ourselves so that it is readable by owner and group only. */
		int fd = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0660);
		if (fd < 0 && errno != EEXIST)
			return sd_err_set(err, SD_IOERR, _("cannot create database %s: %s"), path, strerror(errno));
		if (fd >= 0) {
			fchmod(fd, 0660);
			close(fd);
		}
	}

	st = xcalloc(1, sizeof *st);
	st->path = xstrdup(path);
	st->user = xstrdup(user ? user : sd_current_user());
	rc = sqlite3_open_v2(path, &st->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		status = sd_err_set(err, SD_IOERR, _("cannot open database %s: %s"), path,
		                    st->db ? sqlite3_errmsg(st->db) : sqlite3_errstr(rc));
		store_close(st);
		return status;
	}
	sqlite3_extended_result_codes(st->db, 0);
	sqlite3_busy_timeout(st->db, 5000);
	if ((rc = probe(st)) != SQLITE_OK) {
		/* Not a database at all, or the file cannot be read or its
		 * shared-memory index not written (disk full, size limit). */
		if (rc == SQLITE_NOTADB || rc == SQLITE_CORRUPT)
			status = sd_err_set(err, SD_DATAERR, _("%s is not a servdesk database"), path);
		else
			status = store_fail(st, rc, _("opening the database"), err);
		store_close(st);
		return status;
	}
	if ((status = exec_sql(st, "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON;",
	                       _("opening the database"), err)) != SD_OK) {
		store_close(st);
		return status;
	}
	if (mode == STORE_OPEN_CREATE) {
		if ((status = migrate(st, err)) != SD_OK) {
			store_close(st);
			return status;
		}
	} else {
		int version = pragma_int(st, "PRAGMA user_version");
		int appid = pragma_int(st, "PRAGMA application_id");
		if (appid != SD_APPLICATION_ID) {
			status = sd_err_set(err, SD_DATAERR, _("%s is not a servdesk database"), path);
			store_close(st);
			return status;
		}
		if (version != (int)sd_migration_count) {
			if (version > (int)sd_migration_count)
				status = sd_err_set(err, SD_DATAERR,
				                    _("%s has schema version %d, newer than this servdesk (%d); use a newer servdesk"),
				                    path, version, (int)sd_migration_count);
			else if ((status = migrate(st, err)) == SD_OK)
				goto ok;
			store_close(st);
			return status;
		}
	}
ok:
	sqlite3_progress_handler(st->db, 2000, progress_cb, st);
	*out = st;
	return SD_OK;
}

void
store_attach(store *st, const char *key, void *data, void (*release)(void *data))
{
	size_t i, free_slot = SD_ARRAY_LEN(st->slots);

	for (i = 0; i < SD_ARRAY_LEN(st->slots); i++) {
		if (st->slots[i].key && strcmp(st->slots[i].key, key) == 0)
			break;
		if (!st->slots[i].key && free_slot == SD_ARRAY_LEN(st->slots))
			free_slot = i;
	}
	if (i == SD_ARRAY_LEN(st->slots))
		i = free_slot;
	if (i == SD_ARRAY_LEN(st->slots))
		abort();   /* more modules than slots: a programming error */
	if (st->slots[i].key && st->slots[i].release)
		st->slots[i].release(st->slots[i].data);
	st->slots[i].key = data ? key : NULL;
	st->slots[i].data = data;
	st->slots[i].release = release;
}

void *
store_attached(store *st, const char *key)
{
	for (size_t i = 0; i < SD_ARRAY_LEN(st->slots); i++)
		if (st->slots[i].key && strcmp(st->slots[i].key, key) == 0)
			return st->slots[i].data;
	return NULL;
}

void
store_close(store *st)
{
	if (!st)
		return;
	for (size_t i = 0; i < SD_ARRAY_LEN(st->slots); i++)
		if (st->slots[i].key && st->slots[i].release)
			st->slots[i].release(st->slots[i].data);
	for (int i = 0; i < st->ncache; i++) {
		sqlite3_finalize(st->cache[i].stmt);
		free(st->cache[i].sql);
	}
	if (st->db)
		sqlite3_close(st->db);
	free(st->path);
	free(st->user);
	free(st);
}

void
store_set_interrupt(store *st, int (*check)(void *), void *arg)
{
	st->check = check;
	st->check_arg = arg;
}

int
store_audit(store *st, const char *table, const char *key, const char *action,
            const char *old_json, const char *new_json, sd_err *err)
{
	sqlite3_stmt *s = store_prepare(st,
		"INSERT INTO audit (at, who, tbl, rowkey, action, old, new) VALUES (?, ?, ?, ?, ?, ?, ?)", err);
	char now[17];
	int rc;

	if (!s)
		return err ? err->status : SD_INTERNAL;
	store_now(now);
	sqlite3_bind_text(s, 1, now, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 2, st->user, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, table, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, key, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 5, action, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 6, old_json, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 7, new_json, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? SD_OK : store_fail(st, rc, _("writing the audit trail"), err);
}

char *
store_setting(store *st, const char *key, const char *dflt)
{
	sqlite3_stmt *s = store_prepare(st, "SELECT value FROM setting WHERE key = ?", NULL);
	char *v = NULL;

	if (s) {
		sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
		if (sqlite3_step(s) == SQLITE_ROW)
			v = xstrdup((const char *)sqlite3_column_text(s, 0));
		sqlite3_reset(s);
	}
	return v ? v : xstrdup(dflt);
}

int
store_setting_get(store *st, const char *key, char **value, sd_err *err)
{
	sqlite3_stmt *s = store_prepare(st, "SELECT value FROM setting WHERE key = ?", err);
	int rc;

	*value = NULL;
	if (!s)
		return err && err->status ? err->status : SD_INTERNAL;
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*value = xstrdup((const char *)sqlite3_column_text(s, 0));
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(st, rc, _("reading the settings"), err);
	return SD_OK;
}

long
store_setting_int(store *st, const char *key, long dflt)
{
	char *v = store_setting(st, key, NULL);
	char *end;
	long n;

	if (!v)
		return dflt;
	n = strtol(v, &end, 10);
	if (end == v || *end)
		n = dflt;
	free(v);
	return n;
}

int
store_set_setting(store *st, const char *key, const char *value, sd_err *err)
{
	sqlite3_stmt *s = store_prepare(st,
		"INSERT INTO setting (key, value) VALUES (?, ?) "
		"ON CONFLICT (key) DO UPDATE SET value = excluded.value", err);
	int rc;

	if (!s)
		return err ? err->status : SD_INTERNAL;
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, value, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? SD_OK : store_fail(st, rc, _("saving a setting"), err);
}

int
store_unset_setting(store *st, const char *key, sd_err *err)
{
	sqlite3_stmt *s = store_prepare(st, "DELETE FROM setting WHERE key = ?", err);
	int rc;

	if (!s)
		return err ? err->status : SD_INTERNAL;
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? SD_OK : store_fail(st, rc, _("saving a setting"), err);
}

void
store_now(char out[17])
{
	const char *fake = getenv("SERVDESK_NOW");
	time_t t = time(NULL);
	struct tm tm;

	if (fake && strlen(fake) >= 16) {
		memcpy(out, fake, 16);
		out[16] = '\0';
		return;
	}
	localtime_r(&t, &tm);
	strftime(out, 17, "%Y-%m-%d %H:%M", &tm);
}

sd_date
store_today(void)
{
	char now[17];
	sd_date d = 0;

	store_now(now);
	now[10] = '\0';
	date_parse(now, &d);
	return d;
}

char *
store_col_dup(sqlite3_stmt *q, int i)
{
	const char *s = (const char *)sqlite3_column_text(q, i);
	return s ? xstrdup(s) : NULL;
}

void
store_col_copy(sqlite3_stmt *q, int i, char *out, size_t size)
{
	const char *s = (const char *)sqlite3_column_text(q, i);
	snprintf(out, size, "%s", s ? s : "");
}

const char *
sd_current_user(void)
{
	static char name[64];
	const char *env = getenv("SERVDESK_USER");
	struct passwd *pw;

	if (env && *env)
		return env;
	if (name[0])
		return name;
	pw = getpwuid(getuid());
	if (pw && pw->pw_name)
		snprintf(name, sizeof name, "%s", pw->pw_name);
	else
		snprintf(name, sizeof name, "uid%ld", (long)getuid());
	return name;
}

char *
store_default_path(const char *explicit_path)
{
	const char *env = getenv("SERVDESK_DB");
	const char *xdg = getenv("XDG_DATA_HOME");
	buf b = { 0 };

	if (explicit_path && *explicit_path)
		return xstrdup(explicit_path);
	if (env && *env)
		return xstrdup(env);
	if (xdg && *xdg == '/') {
		buf_printf(&b, "%s/servdesk/servdesk.db", xdg);
	} else {
		const char *home = getenv("HOME");
		struct passwd *pw;

		if (!home || !*home) {
			pw = getpwuid(getuid());
			home = pw ? pw->pw_dir : "/tmp";
		}
		buf_printf(&b, "%s/.local/share/servdesk/servdesk.db", home);
	}
	return buf_steal(&b);
}
