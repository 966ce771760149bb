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
#include "text.h"
#include "ofile.h"
#include "priv.h"
#include "search_tok.h"
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
	bool protected;           /* registered with ofile_protect */
	int busy_ms;              /* how long a busy database is waited for */
	double busy_since;        /* when the present wait began (ms) */
	unsigned busy_seed;       /* for the jitter of busy_wait */
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

/* The directory part of path (malloc'd; "." for a bare name). */
static char *
dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

/*
 * Why a database at path cannot be written or opened, as the file system
 * tells it (with the effective user and group, as SQLite opens the file --
 * a set-group-ID servdesk has the program's group): the directory is missing or read-only, the file is read-only,
 * or one of its -wal/-shm files is. Fills err with status and returns true
 * when it found the reason.
 */
static bool
explain_access(const char *path, const char *what, const char *words, int status, sd_err *err)
{
	char *dir;
	struct stat sb;
	bool told = false;

	if (!path || !*path || strcmp(path, ":memory:") == 0)
		return false;
	dir = dir_of(path);
	if (stat(dir, &sb) != 0 && errno == ENOENT) {
		sd_err_set(err, status, _("%s: the directory %s does not exist; check the database's name (%s)"),
		           what, dir, words);
		told = true;
	} else if (euidaccess(dir, X_OK) != 0) {
		sd_err_set(err, status,
		           _("%s: you may not enter the directory %s; ask the administrator for access to it (%s)"),
		           what, dir, words);
		told = true;
	} else if (euidaccess(dir, W_OK | X_OK) != 0) {
		sd_err_set(err, status,
		           _("%s: the directory %s is read-only for you, and SQLite must create files "
		             "beside the database there; ask the administrator to let servdesk's users "
		             "write to it (%s)"), what, dir, words);
		told = true;
	} else if (euidaccess(path, F_OK) == 0 && euidaccess(path, R_OK | W_OK) != 0) {
		sd_err_set(err, status,
		           _("%s: the database file %s is read-only for you; ask the administrator for "
		             "read and write permission (%s)"), what, path, words);
		told = true;
	} else {
		static const char *const side[] = { "-wal", "-shm" };

		for (size_t i = 0; i < SD_ARRAY_LEN(side) && !told; i++) {
			buf f = { 0 };

			buf_printf(&f, "%s%s", path, side[i]);
			if (euidaccess(buf_str(&f), F_OK) == 0 && euidaccess(buf_str(&f), R_OK | W_OK) != 0) {
				sd_err_set(err, status,
				           _("%s: the file %s beside the database is read-only for you; ask the "
				             "administrator to give it the database's owner and mode (%s)"),
				           what, buf_str(&f), words);
				told = true;
			}
			buf_free(&f);
		}
	}
	free(dir);
	return told;
}

int
store_explain(sqlite3 *db, int rc, const char *path, const char *what, sd_err *err)
{
	/* SQLite's own words, shown in parentheses after our sentence */
	const char *words = db && sqlite3_errcode(db) != SQLITE_OK ? sqlite3_errmsg(db) : sqlite3_errstr(rc);

	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return sd_err_set(err, SD_BUSY, _("%s: the database is busy (another person is writing); try again"),
		                  what);
	case SQLITE_FULL:
		return sd_err_set(err, SD_IOERR, _("%s: the disk is full; free some space and try again (%s)"),
		                  what, words);
	case SQLITE_IOERR:
		/* A write that ran out of space (or past the file-size limit)
		 * comes back as an I/O error on write: name the likely cause. */
		if (db && store_write_failed(db))
			return store_write_error(db, what, err);
		return sd_err_set(err, SD_IOERR,
		                  _("%s: the disk could not be read or written; check the disk and try again (%s)"),
		                  what, words);
	case SQLITE_READONLY:
		if (explain_access(path, what, words, SD_IOERR, err))
			return SD_IOERR;
		return sd_err_set(err, SD_IOERR,
		                  _("%s: the database cannot be written (read-only); ask the administrator "
		                    "for write permission on it and its directory (%s)"), what, words);
	case SQLITE_CANTOPEN:
	case SQLITE_PERM:
		if (explain_access(path, what, words, SD_IOERR, err))
			return SD_IOERR;
		return sd_err_set(err, SD_IOERR,
		                  _("%s: the database file cannot be opened; check that it exists and that "
		                    "you may read and write it (%s)"), what, words);
	case SQLITE_NOTADB:
		if (path)
			return sd_err_set(err, SD_DATAERR,
			                  _("%s is not a servdesk database: another program's file, or no "
			                    "database at all; check the file name (%s)"), path, words);
		return sd_err_set(err, SD_DATAERR,
		                  _("%s: the file is not a servdesk database; check the file name (%s)"),
		                  what, words);
	case SQLITE_CORRUPT:
		return sd_err_set(err, SD_DATAERR,
		                  _("%s: the database is damaged; stop writing to it, run servdesk check, and "
		                    "restore the latest backup (servdesk restore FILE) (%s)"), what, words);
	case SQLITE_TOOBIG:
		return sd_err_set(err, SD_DATAERR, _("%s: the text is too long (%s)"), what, words);
	case SQLITE_CONSTRAINT:
		return sd_err_set(err, SD_DATAERR, "%s: %s", what, words);
	case SQLITE_INTERRUPT:
		return sd_err_set(err, SD_INTERNAL, "%s", _("interrupted"));
	default:
		return sd_err_set(err, SD_INTERNAL, "%s: %s", what, words);
	}
}

int
store_fail(store *st, int rc, const char *what, sd_err *err)
{
	return store_explain(st ? st->db : NULL, rc, st ? st->path : NULL, what, err);
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
store_change_begin(store *st, bool *nested, sd_err *err)
{
	int rc;

	*nested = !sqlite3_get_autocommit(st->db);
	if (!*nested)
		return store_begin(st, err);
	rc = sqlite3_exec(st->db, "SAVEPOINT servdesk_change", NULL, NULL, NULL);
	return rc == SQLITE_OK ? SD_OK : store_fail(st, rc, _("starting a change"), err);
}

int
store_change_commit(store *st, bool nested, sd_err *err)
{
	int rc;

	if (!nested)
		return store_commit(st, err);
	rc = sqlite3_exec(st->db, "RELEASE servdesk_change", NULL, NULL, NULL);
	return rc == SQLITE_OK ? SD_OK : store_fail(st, rc, _("saving the change"), err);
}

void
store_change_rollback(store *st, bool nested)
{
	if (!nested)
		store_rollback(st);
	else
		sqlite3_exec(st->db, "ROLLBACK TO servdesk_change; RELEASE servdesk_change", NULL, NULL, NULL);
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

static double
clock_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

/*
 * Waiting for another person's write to end. SQLite's own handler sleeps
 * longer and longer between tries (up to 100 ms), so a writer who has waited
 * a while loses the lock again and again to newcomers who try at once: with
 * thirty people at the desk, some waited past the timeout. This one tries
 * again every 1 to 4 ms, at random so that the waiters do not try in step,
 * until st->busy_ms have passed.
 */
static int
busy_wait(void *arg, int count)
{
	store *st = arg;
	double now = clock_ms();
	struct timespec pause;

	if (count == 0)
		st->busy_since = now;
	if (now - st->busy_since >= st->busy_ms)
		return 0;
	pause.tv_sec = 0;
	pause.tv_nsec = (1000 + (long)(rand_r(&st->busy_seed) % 3000)) * 1000L;
	nanosleep(&pause, NULL);
	return 1;
}

void
store_set_busy_timeout(store *st, int ms)
{
	st->busy_ms = ms;
	if (!st->busy_seed)
		st->busy_seed = (unsigned)getpid() ^ (unsigned)clock_ms();
	sqlite3_busy_handler(st->db, busy_wait, st);
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

/* The progress of a migration that rebuilds the search index, on stderr. */
struct rebuild {
	long total;
	bool shown;
	struct timespec t0;
};

static void
rebuild_progress(void *arg, long docs)
{
	struct rebuild *rb = arg;
	bool tty = isatty(STDERR_FILENO);

	/* on a terminal the line is redrawn; elsewhere a line every 100000 requests */
	rb->shown = true;
	if (!tty && docs % 100000 != 0)
		return;
	if (tty)
		fputc('\r', stderr);
	fprintf(stderr, _("servdesk: upgrading the database: rebuilding the search index, %ld of %ld requests"),
	        docs, rb->total > docs ? rb->total : docs);
	if (!tty)
		fputc('\n', stderr);
	fflush(stderr);
}

/* The last line of a rebuild that showed its progress. */
static void
rebuild_done(struct rebuild *rb)
{
	struct timespec t1;

	if (!rb->shown)
		return;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	/* below the progress line a terminal shows (never over it: it may be longer) */
	if (isatty(STDERR_FILENO))
		fputc('\n', stderr);
	fprintf(stderr, _("servdesk: upgrading the database: search index rebuilt (%ld requests, %.1f s)"),
	        rb->total, (double)(t1.tv_sec - rb->t0.tv_sec) + (t1.tv_nsec - rb->t0.tv_nsec) / 1e9);
	fputc('\n', stderr);
	fflush(stderr);
}

static int
migrate(store *st, sd_err *err)
{
	int version = pragma_int(st, "PRAGMA user_version");
	int appid = pragma_int(st, "PRAGMA application_id");
	int target = (int)sd_migration_count;
	struct rebuild rb = { 0 };
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
	if (version > 0 && version < target) {
		/* a migration may rebuild the search index: a large one shows how far it is */
		rb.total = pragma_int(st, "SELECT count(*) FROM request");
		clock_gettime(CLOCK_MONOTONIC, &rb.t0);
		search_tok_progress(st->db, rebuild_progress, &rb);
	}
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
	search_tok_progress(st->db, NULL, NULL);
	if ((rc = store_commit(st, err)) == SD_OK)
		rebuild_done(&rb);
	else if (rb.shown)
		fputc('\n', stderr);
	return rc;
fail:
	search_tok_progress(st->db, NULL, NULL);
	if (rb.shown)
		fputc('\n', stderr);
	store_rollback(st);
	return rc;
}

/*
 * Read what decides whether servdesk may use the file: its application id,
 * schema version and number of schema objects. SQLITE_OK, or the result
 * code of the failure. Only reads.
 */
static int
probe(store *st, int *appid, int *version, int *objects)
{
	static const char *const sql[] = {
		"PRAGMA application_id", "PRAGMA user_version", "SELECT count(*) FROM sqlite_schema"
	};
	int *out[] = { appid, version, objects };

	for (size_t i = 0; i < SD_ARRAY_LEN(sql); i++) {
		sqlite3_stmt *stmt;
		int rc;

		if ((rc = sqlite3_prepare_v2(st->db, sql[i], -1, &stmt, NULL)) != SQLITE_OK)
			return rc;
		rc = sqlite3_step(stmt);
		*out[i] = rc == SQLITE_ROW ? sqlite3_column_int(stmt, 0) : 0;
		sqlite3_finalize(stmt);
		if (rc != SQLITE_ROW)
			return rc == SQLITE_DONE ? SQLITE_INTERNAL : rc;
	}
	return SQLITE_OK;
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

void
store_harden(sqlite3 *db)
{
	/* Every connection servdesk opens comes here: the request search's
	 * tokenizer must be known before its index can be read or written. */
	search_tok_register(db);
	/* No writable_schema, no direct writes to the shadow tables, no
	 * journal_mode=OFF: a hostile file cannot be edited into something
	 * worse through this connection. */
	sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, (int *)NULL);
	/* Functions with side effects are not run from the schema's views and triggers. */
	sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, (int *)NULL);
	sqlite3_exec(db, "PRAGMA trusted_schema = OFF", NULL, NULL, NULL);
	/*
	 * Limits that fit servdesk's data with room to spare: the longest
	 * text (a fault description, an audit row's JSON) is a few KiB and an
	 * import row a few hundred bytes; the widest export has about 40
	 * columns; the largest statement is a migration of a few KiB.
	 */
	sqlite3_limit(db, SQLITE_LIMIT_LENGTH, 16 * 1024 * 1024);
	sqlite3_limit(db, SQLITE_LIMIT_SQL_LENGTH, 256 * 1024);
	sqlite3_limit(db, SQLITE_LIMIT_COLUMN, 256);
	sqlite3_limit(db, SQLITE_LIMIT_EXPR_DEPTH, 200);
	sqlite3_limit(db, SQLITE_LIMIT_COMPOUND_SELECT, 64);
	sqlite3_limit(db, SQLITE_LIMIT_LIKE_PATTERN_LENGTH, 2000);
	sqlite3_limit(db, SQLITE_LIMIT_VARIABLE_NUMBER, 999);
	sqlite3_limit(db, SQLITE_LIMIT_TRIGGER_DEPTH, 16);
	sqlite3_limit(db, SQLITE_LIMIT_ATTACHED, 0);
}

static unsigned long
be32(const unsigned char *p)
{
	return (unsigned long)p[0] << 24 | (unsigned long)p[1] << 16 | (unsigned long)p[2] << 8 | p[3];
}

/*
 * Look at an existing file's header before SQLite opens it, so that a file
 * servdesk refuses is never changed (not switched to WAL, no journal rolled
 * back): an empty file (a new database) passes; a file that is not SQLite,
 * another program's SQLite file or a servdesk database newer than this
 * program is refused.
 */
static int
header_check(const char *path, sd_err *err)
{
	unsigned char h[100];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	unsigned long appid, version, cookie;

	if (fd < 0)
		return store_explain(NULL, errno == EACCES ? SQLITE_PERM : SQLITE_CANTOPEN, path,
		                     _("opening the database"), err);
	n = read(fd, h, sizeof h);
	close(fd);
	if (n == 0)
		return SD_OK;
	if (n != (ssize_t)sizeof h || memcmp(h, "SQLite format 3", 16) != 0)
		return store_explain(NULL, SQLITE_NOTADB, path, _("opening the database"), err);
	cookie = be32(h + 40);
	version = be32(h + 60);
	appid = be32(h + 68);
	if ((appid != 0 && appid != SD_APPLICATION_ID) || (appid == 0 && cookie != 0))
		return sd_err_set(err, SD_DATAERR, _("%s is not a servdesk database"), path);
	if (appid == SD_APPLICATION_ID && version > sd_migration_count)
		return sd_err_set(err, SD_DATAERR,
		                  _("%s has schema version %d, newer than this servdesk (%d); use a newer servdesk"),
		                  path, (int)version, (int)sd_migration_count);
	return SD_OK;
}

/*
 * A reader that could only read the database (its file was read-only)
 * leaves -wal and -shm files with the database's read-only mode; once the
 * database is made writable again they would keep every writer out
 * ("attempt to write a readonly database"). Before opening a database we
 * may write: a -wal or -shm of ours gets the database's mode (what SQLite
 * gives them); another person's read-only -shm that no process has open
 * (no lock on it) is removed, and SQLite makes it anew -- it is only an
 * index of the -wal. A -wal of someone else is left alone: it may hold
 * data; the error then names it.
 */
static void
heal_sidecars(const char *path)
{
	static const char *const side[] = { "-wal", "-shm" };
	struct stat db, sb;

	if (stat(path, &db) != 0 || euidaccess(path, R_OK | W_OK) != 0)
		return;
	for (size_t i = 0; i < SD_ARRAY_LEN(side); i++) {
		buf f = { 0 };
		const char *name;

		buf_printf(&f, "%s%s", path, side[i]);
		name = buf_str(&f);
		if (lstat(name, &sb) != 0 || !S_ISREG(sb.st_mode) || euidaccess(name, R_OK | W_OK) == 0) {
			buf_free(&f);
			continue;
		}
		if (sb.st_uid == geteuid()) {
			chmod(name, db.st_mode & 0666);
		} else if (i == 1) {
			/* SQLite holds a lock on byte 128 of the -shm (its "DMS" slot)
			 * while a connection uses it */
			int fd = open(name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
			struct flock lk = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 128, .l_len = 1 };

			if (fd >= 0) {
				if (fcntl(fd, F_GETLK, &lk) == 0 && lk.l_type == F_UNLCK)
					unlink(name);
				close(fd);
			}
		}
		buf_free(&f);
	}
}

int
store_check_path(const char *path, sd_err *err)
{
	struct stat sb;

	if (!path || !*path)
		return sd_err_set(err, SD_USAGE, "%s", _("empty database file name"));
	if (stat(path, &sb) == 0) {
		if (!S_ISREG(sb.st_mode))
			return sd_err_set(err, SD_DATAERR,
			                  _("%s is not a regular file; the database must be a file of its own"),
			                  path);
		return SD_OK;
	}
	if (errno != ENOENT)
		return store_explain(NULL, SQLITE_CANTOPEN, path, _("opening the database"), err);
	return SD_OK;
}

/* One schema object as sqlite_schema lists it. */
struct schema_obj {
	char *type, *name, *sql;
	bool matched;
};

static int
schema_read(sqlite3 *db, struct schema_obj **out, size_t *n)
{
	sqlite3_stmt *q;
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	rc = sqlite3_prepare_v2(db, "SELECT type, name, sql FROM sqlite_schema "
	                        "WHERE name NOT LIKE 'sqlite\\_stat%' ESCAPE '\\' "
	                        "ORDER BY CASE type WHEN 'table' THEN 0 WHEN 'view' THEN 1 "
	                        "WHEN 'trigger' THEN 2 ELSE 3 END, name",
	                        -1, &q, NULL);
	if (rc != SQLITE_OK)
		return rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		struct schema_obj *o;

		if (*n == cap) {
			cap = cap ? cap * 2 : 64;
			*out = xrealloc(*out, cap * sizeof **out);
		}
		o = &(*out)[(*n)++];
		o->type = store_col_dup(q, 0);
		o->name = store_col_dup(q, 1);
		o->sql = store_col_dup(q, 2);
		o->matched = false;
	}
	sqlite3_finalize(q);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

static void
schema_free(struct schema_obj *o, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(o[i].type);
		free(o[i].name);
		free(o[i].sql);
	}
	free(o);
}

static bool
str_same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

const char *
store_schema_kind(const char *type)
{
	if (strcmp(type, "table") == 0)
		return _("table");
	if (strcmp(type, "index") == 0)
		return _("index");
	if (strcmp(type, "trigger") == 0)
		return _("trigger");
	if (strcmp(type, "view") == 0)
		return _("view");
	return type;
}

int
store_schema_diff(sqlite3 *db, int version,
                  void (*fn)(const char *type, const char *name, enum store_schema_change how, void *arg),
                  void *arg, long *count, sd_err *err)
{
	sqlite3 *ref = NULL;
	struct schema_obj *have = NULL, *want = NULL;
	size_t nhave = 0, nwant = 0;
	long found = 0;
	int rc;

	*count = 0;
	if (version < 0 || version > (int)sd_migration_count)
		return sd_err_set(err, SD_DATAERR, _("schema version %d is unknown to this servdesk"), version);
	/* the schema servdesk itself creates at that version */
	if ((rc = sqlite3_open_v2(":memory:", &ref, SQLITE_OPEN_READWRITE, NULL)) != SQLITE_OK) {
		rc = store_explain(ref, rc, NULL, _("checking the schema"), err);
		goto out;
	}
	search_tok_register(ref);
	for (int v = 0; v < version; v++) {
		if ((rc = sqlite3_exec(ref, sd_migrations[v], NULL, NULL, NULL)) != SQLITE_OK) {
			rc = store_explain(ref, rc, NULL, _("checking the schema"), err);
			goto out;
		}
	}
	if ((rc = schema_read(ref, &want, &nwant)) != SQLITE_OK) {
		rc = store_explain(ref, rc, NULL, _("checking the schema"), err);
		goto out;
	}
	if ((rc = schema_read(db, &have, &nhave)) != SQLITE_OK) {
		rc = store_explain(db, rc, NULL, _("checking the schema"), err);
		goto out;
	}
	for (size_t i = 0; i < nhave; i++) {
		struct schema_obj *h = &have[i];
		struct schema_obj *w = NULL;

		for (size_t j = 0; j < nwant && !w; j++)
			if (!want[j].matched && strcmp(want[j].type, h->type) == 0 &&
			    strcmp(want[j].name, h->name) == 0)
				w = &want[j];
		if (!w) {
			found++;
			if (fn)
				fn(h->type, h->name, STORE_SCHEMA_EXTRA, arg);
			continue;
		}
		w->matched = true;
		if (!str_same(w->sql, h->sql)) {
			found++;
			if (fn)
				fn(h->type, h->name, STORE_SCHEMA_CHANGED, arg);
		}
	}
	for (size_t j = 0; j < nwant; j++) {
		if (want[j].matched)
			continue;
		found++;
		if (fn)
			fn(want[j].type, want[j].name, STORE_SCHEMA_MISSING, arg);
	}
	*count = found;
	rc = SD_OK;
out:
	schema_free(have, nhave);
	schema_free(want, nwant);
	if (ref)
		sqlite3_close(ref);
	return rc;
}

int
store_open(const char *path, enum store_open_mode mode, const char *user,
           store **out, sd_err *err)
{
	struct stat sb;
	store *st;
	int rc, status, appid = 0, version = 0, objects = 0;

	*out = NULL;
	/* a regular file, or a name not taken yet: never a device, a directory or a pipe */
	if ((status = store_check_path(path, err)) != SD_OK)
		return status;
	if (stat(path, &sb) != 0) {
		char *dir;

		if (mode == STORE_OPEN_EXISTING)
			return sd_err_set(err, SD_NOINPUT,
			                  _("database %s does not exist; create it with: servdesk init"), path);
		if (mode == STORE_OPEN_CREATE_DIRS)
			make_parent_dirs(path);
		dir = dir_of(path);
		if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
			status = sd_err_set(err, SD_NOINPUT,
			                    _("cannot create database %s: the directory %s does not exist"),
			                    path, dir);
			free(dir);
			return status;
		}
		free(dir);
		/* Create the file ourselves so that it is readable by owner and group only. */
		int fd = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC | O_NOFOLLOW, 0660);
		if (fd < 0 && errno != EEXIST) {
			if (errno == EACCES || errno == EROFS)
				return store_explain(NULL, SQLITE_CANTOPEN, path, _("creating the database"), err);
			return sd_err_set(err, SD_IOERR, _("cannot create database %s: %s"), path, strerror(errno));
		}
		if (fd >= 0) {
			fchmod(fd, 0660);
			close(fd);
		}
	}
	/* look before SQLite touches it: a file servdesk refuses is never changed */
	if ((status = header_check(path, err)) != SD_OK)
		return status;

	heal_sidecars(path);

	st = xcalloc(1, sizeof *st);
	st->path = xstrdup(path);
	st->user = xstrdup(user ? user : sd_current_user());
	rc = sqlite3_open_v2(path, &st->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		status = store_fail(st, rc, _("opening the database"), err);
		store_close(st);
		return status;
	}
	sqlite3_extended_result_codes(st->db, 0);
	store_harden(st->db);
	store_set_busy_timeout(st, 5000);
	if ((rc = probe(st, &appid, &version, &objects)) != SQLITE_OK) {
		/* Not a database at all, or the file cannot be read or its
		 * shared-memory index not written (disk full, size limit). */
		status = store_fail(st, rc, _("opening the database"), err);
		store_close(st);
		return status;
	}
	/* still only read: refuse before journal_mode changes anything */
	if ((appid != 0 && appid != SD_APPLICATION_ID) || (appid == 0 && objects > 0) ||
	    (appid == 0 && mode == STORE_OPEN_EXISTING)) {
		status = sd_err_set(err, SD_DATAERR, _("%s is not a servdesk database"), path);
		store_close(st);
		return status;
	}
	if (version > (int)sd_migration_count) {
		status = sd_err_set(err, SD_DATAERR,
		                    _("%s has schema version %d, newer than this servdesk (%d); use a newer servdesk"),
		                    path, version, (int)sd_migration_count);
		store_close(st);
		return status;
	}
	if ((status = exec_sql(st, "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON;",
	                       _("opening the database"), err)) != SD_OK) {
		store_close(st);
		return status;
	}
	if (mode != STORE_OPEN_EXISTING || version != (int)sd_migration_count) {
		if ((status = migrate(st, err)) != SD_OK) {
			store_close(st);
			return status;
		}
	}
	sqlite3_progress_handler(st->db, 2000, progress_cb, st);
	/* no output file may replace it from now on */
	ofile_protect(st->path);
	st->protected = true;
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
	if (st->protected)
		ofile_unprotect(st->path);
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

bool
store_last_change(store *st, const char *table, const char *key, char *who, size_t who_size,
                  char *at, size_t at_size)
{
	sqlite3_stmt *q = store_prepare(st,
		"SELECT who, at FROM audit WHERE tbl = ? AND rowkey = ? ORDER BY id DESC LIMIT 1", NULL);
	bool found = false;

	who[0] = at[0] = '\0';
	if (!q || !table || !key)
		return false;
	sqlite3_bind_text(q, 1, table, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 2, key, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(q) == SQLITE_ROW) {
		const char *w = (const char *)sqlite3_column_text(q, 0);
		const char *a = (const char *)sqlite3_column_text(q, 1);
		snprintf(who, who_size, "%s", w ? w : "?");
		snprintf(at, at_size, "%s", a ? a : "?");
		found = true;
	}
	sqlite3_reset(q);
	return found;
}

void
store_changed_by(store *st, const char *table, const char *key, char *out, size_t size)
{
	char who[64], at[32];

	if (store_last_change(st, table, key, who, sizeof who, at, sizeof at))
		/* TRANSLATORS: login, time. */
		snprintf(out, size, _("by %s at %s"), who, at);
	else
		snprintf(out, size, "%s", _("by someone else"));
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
	const char *fake = priv_setgid() ? NULL : getenv("SERVDESK_NOW");
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

void
store_bind_opt_text(sqlite3_stmt *q, int i, const char *s)
{
	if (!text_blank(s))
		sqlite3_bind_text(q, i, s, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(q, i);
}

const char *
sd_current_user(void)
{
	static char name[64];
	/* installed set-group-ID: the real user, whatever the environment says */
	const char *env = priv_setgid() ? NULL : getenv("SERVDESK_USER");
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

const char *
store_conf_path(void)
{
	return SYSCONFDIR "/servdesk.conf";
}

int
store_conf_database(char **path, sd_err *err)
{
	FILE *fp = fopen(store_conf_path(), "r");
	char line[4096];
	long n = 0;
	int rc = SD_OK;

	*path = NULL;
	if (!fp) {
		if (errno == ENOENT)
			return SD_OK;
		return sd_err_set(err, SD_IOERR, "%s: %s", store_conf_path(), strerror(errno));
	}
	while (rc == SD_OK && fgets(line, sizeof line, fp)) {
		char *p = line, *key, *eq, *end;

		n++;
		if (!strchr(line, '\n') && !feof(fp)) {
			rc = sd_err_set(err, SD_DATAERR, _("%s, line %ld: line too long"), store_conf_path(), n);
			break;
		}
		line[strcspn(line, "\r\n")] = '\0';
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p || *p == '#')
			continue;
		key = p;
		if (!(eq = strchr(p, '='))) {
			rc = sd_err_set(err, SD_DATAERR, _("%s, line %ld: expected NAME = VALUE"),
			                store_conf_path(), n);
			break;
		}
		for (end = eq; end > key && (end[-1] == ' ' || end[-1] == '\t'); end--)
			;
		*end = '\0';
		p = eq + 1;
		while (*p == ' ' || *p == '\t')
			p++;
		for (end = p + strlen(p); end > p && (end[-1] == ' ' || end[-1] == '\t'); end--)
			;
		*end = '\0';
		if (strcmp(key, "database") != 0)
			rc = sd_err_set(err, SD_DATAERR, _("%s, line %ld: unknown setting '%s'"),
			                store_conf_path(), n, key);
		else if (*p != '/')
			rc = sd_err_set(err, SD_DATAERR, _("%s, line %ld: database must be an absolute path"),
			                store_conf_path(), n);
		else {
			free(*path);
			*path = xstrdup(p);
		}
	}
	if (rc == SD_OK && ferror(fp))
		rc = sd_err_set(err, SD_IOERR, "%s: %s", store_conf_path(), strerror(errno));
	fclose(fp);
	if (rc != SD_OK) {
		free(*path);
		*path = NULL;
	}
	return rc;
}

char *
store_default_path(const char *explicit_path)
{
	/* installed set-group-ID: the environment names no database */
	const char *env = priv_setgid() ? NULL : getenv("SERVDESK_DB");
	const char *xdg = getenv("XDG_DATA_HOME");
	char *conf = NULL;
	buf b = { 0 };

	if (explicit_path && *explicit_path)
		return xstrdup(explicit_path);
	if (env && *env)
		return xstrdup(env);
	if (store_conf_database(&conf, NULL) == SD_OK && conf)
		return conf;
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
