/*
 * admin.c — the audit trail read back, online backup and checked restore.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "admin.h"
#include "buf.h"
#include "datetime.h"
#include "ofile.h"
#include "text.h"
#include "staff.h"

/* audit rows read per query */
#define AUDIT_PAGE 256
/* pages copied per backup step */
#define BACKUP_STEP_PAGES 256
/* retries of a busy step, 50 ms apart: about 10 s */
#define BUSY_RETRIES 200

/* ---------------------------------------------------------------- audit trail */

bool
admin_audit_time_valid(const char *s)
{
	sd_date d;
	sd_time t;
	size_t n = s ? strlen(s) : 0;

	if (n == 10)
		return date_parse(s, &d);
	if (n == 16)
		return time_parse(s, &t);
	return false;
}

/* The change summary of a row, computed by SQLite from the two JSON texts. */
#define CHANGES_SQL \
	"coalesce((SELECT group_concat(n.key || ': ' || CASE WHEN o.key IS NULL THEN '' " \
	"ELSE coalesce(o.value, 'null') || ' -> ' END || coalesce(n.value, 'null'), '; ') " \
	"FROM json_each(CASE WHEN json_valid(a.new) THEN a.new ELSE '{}' END) n " \
	"LEFT JOIN json_each(CASE WHEN json_valid(a.old) THEN a.old ELSE '{}' END) o " \
	"ON o.key = n.key WHERE (o.key IS NULL AND n.type <> 'null') " \
	"OR (o.key IS NOT NULL AND (o.value IS NOT n.value OR o.type IS NOT n.type))), '')"

#define ROW_COLUMNS "SELECT a.id, a.at, a.who, a.tbl, a.rowkey, a.action, a.old, a.new, " \
	CHANGES_SQL " FROM audit a WHERE a.id < ?1"

/* One page of rows, copied out of the statement (fn may use the store). */
struct page {
	long long id[AUDIT_PAGE];
	char *col[AUDIT_PAGE][8];
	int n;
};

static void
page_free(struct page *p)
{
	for (int i = 0; i < p->n; i++)
		for (int j = 0; j < 8; j++)
			free(p->col[i][j]);
	p->n = 0;
}

/* Step q into p; SD_OK or a status. */
static int
page_read(store *st, sqlite3_stmt *q, struct page *p, sd_err *err)
{
	int rc;

	p->n = 0;
	while (p->n < AUDIT_PAGE && (rc = sqlite3_step(q)) == SQLITE_ROW) {
		p->id[p->n] = sqlite3_column_int64(q, 0);
		for (int j = 0; j < 8; j++)
			p->col[p->n][j] = xstrdup((const char *)sqlite3_column_text(q, j + 1));
		p->n++;
	}
	sqlite3_reset(q);
	if (p->n < AUDIT_PAGE && rc != SQLITE_DONE) {
		page_free(p);
		return store_fail(st, rc, _("reading the audit trail"), err);
	}
	return SD_OK;
}

/* Pass the rows of p to fn; stops at the limit. */
static int
page_emit(struct page *p, long limit, long *count,
          int (*fn)(const sd_audit_row *r, void *arg), void *arg)
{
	for (int i = 0; i < p->n; i++) {
		sd_audit_row r;
		int ret;

		if (limit > 0 && *count >= limit)
			return 0;
		r.id = p->id[i];
		r.at = p->col[i][0] ? p->col[i][0] : "";
		r.who = p->col[i][1] ? p->col[i][1] : "";
		r.table = p->col[i][2] ? p->col[i][2] : "";
		r.record = p->col[i][3] ? p->col[i][3] : "";
		r.action = p->col[i][4] ? p->col[i][4] : "";
		r.old_json = p->col[i][5];
		r.new_json = p->col[i][6];
		r.changes = p->col[i][7] ? p->col[i][7] : "";
		(*count)++;
		if ((ret = fn(&r, arg)) != 0)
			return ret;
	}
	return 0;
}

static const char *
nz(const char *s)
{
	return s && *s ? s : NULL;
}

/*
 * Page through the rows of sql (which binds ?1 the id to page below, ?2 the
 * page size, and the filters from ?3 on via bind), newest first.
 */
static int
run_pages(store *st, const char *sql, void (*bind)(sqlite3_stmt *q, const void *arg),
          const void *bind_arg, long limit, int (*fn)(const sd_audit_row *r, void *arg),
          void *arg, long *count, sd_err *err)
{
	struct page *p = xcalloc(1, sizeof *p);
	long long below = LLONG_MAX;
	long got = 0;
	int rc = SD_OK, ret = 0;

	for (;;) {
		sqlite3_stmt *q = store_prepare(st, sql, err);

		if (!q) {
			rc = err ? err->status : SD_INTERNAL;
			break;
		}
		sqlite3_bind_int64(q, 1, below);
		sqlite3_bind_int(q, 2, AUDIT_PAGE);
		bind(q, bind_arg);
		if ((rc = page_read(st, q, p, err)) != SD_OK)
			break;
		if (p->n == 0)
			break;
		below = p->id[p->n - 1];
		ret = page_emit(p, limit, &got, fn, arg);
		bool short_page = p->n < AUDIT_PAGE;
		page_free(p);
		if (ret != 0 || short_page || (limit > 0 && got >= limit))
			break;
	}
	free(p);
	if (count)
		*count = got;
	return rc != SD_OK ? rc : ret;
}

struct filter {
	const char *since, *user, *table, *record;
	char until[24];
	bool has_until;
};

static void
bind_filter(sqlite3_stmt *q, const void *arg)
{
	const struct filter *f = arg;
	int i = 3;

	if (f->since)
		sqlite3_bind_text(q, i++, f->since, -1, SQLITE_TRANSIENT);
	if (f->has_until)
		sqlite3_bind_text(q, i++, f->until, -1, SQLITE_TRANSIENT);
	if (f->user)
		sqlite3_bind_text(q, i++, f->user, -1, SQLITE_TRANSIENT);
	if (f->table)
		sqlite3_bind_text(q, i++, f->table, -1, SQLITE_TRANSIENT);
	if (f->record)
		sqlite3_bind_text(q, i++, f->record, -1, SQLITE_TRANSIENT);
}

int
admin_audit_each(store *st, const sd_audit_query *q, long limit,
                 int (*fn)(const sd_audit_row *r, void *arg), void *arg,
                 long *count, sd_err *err)
{
	struct filter f = { 0 };
	buf sql = { 0 };
	int i = 3, rc;

	if (count)
		*count = 0;
	if (q) {
		f.since = nz(q->since);
		f.user = nz(q->user);
		f.table = nz(q->table);
		f.record = nz(q->record);
		if (nz(q->until)) {
			f.has_until = true;
			snprintf(f.until, sizeof f.until, strlen(q->until) == 10 ? "%s 23:59" : "%s",
			         q->until);
		}
	}
	if (f.since && !admin_audit_time_valid(f.since))
		return sd_err_set(err, SD_USAGE, _("since: a date (YYYY-MM-DD) or a time (YYYY-MM-DD HH:MM) expected"));
	if (f.has_until && !admin_audit_time_valid(q->until))
		return sd_err_set(err, SD_USAGE, _("until: a date (YYYY-MM-DD) or a time (YYYY-MM-DD HH:MM) expected"));
	/* only the conditions given, so that the planner can use audit_row and audit_at */
	buf_puts(&sql, ROW_COLUMNS);
	if (f.since)
		buf_printf(&sql, " AND a.at >= ?%d", i++);
	if (f.has_until)
		buf_printf(&sql, " AND a.at <= ?%d", i++);
	if (f.user)
		buf_printf(&sql, " AND a.who = ?%d", i++);
	if (f.table)
		buf_printf(&sql, " AND a.tbl = ?%d", i++);
	if (f.record)
		buf_printf(&sql, " AND a.rowkey = ?%d", i++);
	buf_puts(&sql, " ORDER BY a.id DESC LIMIT ?2");
	rc = run_pages(st, buf_str(&sql), bind_filter, &f, limit, fn, arg, count, err);
	buf_free(&sql);
	return rc;
}

/* The tables that record the life of a record of each kind, under its key. */
static const struct {
	const char *table;
	const char *related[4];
} families[] = {
	{ "request", { "request", "ledger", "charge", "payment" } },
	{ "ledger", { "request", "ledger", "charge", "payment" } },
	{ "part", { "part", "stock_move", "stocktake_line", NULL } },
};

struct history_arg {
	const char *tables[4];
	const char *key;
};

static void
bind_history(sqlite3_stmt *q, const void *arg)
{
	const struct history_arg *h = arg;

	for (int i = 0; i < 4; i++)
		sqlite3_bind_text(q, 3 + i, h->tables[i], -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 7, h->key, -1, SQLITE_TRANSIENT);
}

int
admin_history(store *st, const char *table, const char *key, long limit,
              int (*fn)(const sd_audit_row *r, void *arg), void *arg, sd_err *err)
{
	struct history_arg h = { { table, table, table, table }, key };

	for (size_t i = 0; i < SD_ARRAY_LEN(families); i++)
		if (strcmp(families[i].table, table) == 0)
			for (int j = 0; j < 4; j++)
				h.tables[j] = families[i].related[j] ? families[i].related[j] : table;
	return run_pages(st, ROW_COLUMNS " AND a.tbl IN (?3, ?4, ?5, ?6) AND a.rowkey = ?7"
	                 " ORDER BY a.id DESC LIMIT ?2",
	                 bind_history, &h, limit, fn, arg, NULL, err);
}

/* ---------------------------------------------------------------- backup */

/* An SQLite failure on a connection of our own (not the store's). */
static int
db_fail(sqlite3 *db, int rc, const char *file, sd_err *err)
{
	/* the one mapping of SQLite's errors, naming the file */
	return store_explain(db, rc, file, file, err);
}

/* A temporary file beside path (mode 0640): its name (malloc'd), or NULL with err set. */
static char *
temp_beside(const char *path, const char *upath, sd_err *err)
{
	const char *slash = strrchr(path, '/');
	buf t = { 0 };
	int fd;

	if (slash)
		buf_printf(&t, "%.*s/.%s.tmpXXXXXX", (int)(slash - path), path, slash + 1);
	else
		buf_printf(&t, ".%s.tmpXXXXXX", path);
	fd = mkstemp(t.data);
	if (fd < 0) {
		sd_err_set(err, SD_IOERR, _("%s: cannot create a file there: %s"), upath, strerror(errno));
		buf_free(&t);
		return NULL;
	}
	if (fchmod(fd, 0640) != 0) {
		sd_err_set(err, SD_IOERR, "%s: %s", upath, strerror(errno));
		close(fd);
		unlink(buf_str(&t));
		buf_free(&t);
		return NULL;
	}
	close(fd);
	return buf_steal(&t);
}

/* Remove what SQLite may have left beside a temporary database (not the file itself). */
static void
remove_db_files_beside(const char *path)
{
	static const char *const ext[] = { "-wal", "-shm", "-journal" };

	for (size_t i = 0; path && i < SD_ARRAY_LEN(ext); i++) {
		buf f = { 0 };

		buf_printf(&f, "%s%s", path, ext[i]);
		unlink(buf_str(&f));
		buf_free(&f);
	}
}

/* Remove a temporary database and what SQLite may have left beside it. */
static void
remove_db_files(const char *path)
{
	static const char *const ext[] = { "", "-wal", "-shm", "-journal" };

	for (size_t i = 0; i < SD_ARRAY_LEN(ext); i++) {
		buf f = { 0 };

		buf_printf(&f, "%s%s", path, ext[i]);
		unlink(buf_str(&f));
		buf_free(&f);
	}
}

/*
 * Copy database src into dst with the backup API, in steps, retrying while
 * busy. The caller holds a read transaction on src if it wants one snapshot.
 */
static int
copy_db(sqlite3 *dst, sqlite3 *src, int step_pages, const char *what, sd_err *err)
{
	sqlite3_backup *b = sqlite3_backup_init(dst, "main", src, "main");
	int rc, tries = 0;

	if (!b)
		return db_fail(dst, sqlite3_errcode(dst), what, err);
	for (;;) {
		rc = sqlite3_backup_step(b, step_pages);
		if (rc == SQLITE_DONE)
			break;
		if (rc == SQLITE_OK) {
			tries = 0;
			continue;
		}
		if ((rc == SQLITE_BUSY || rc == SQLITE_LOCKED) && ++tries < BUSY_RETRIES) {
			sqlite3_sleep(50);
			continue;
		}
		break;
	}
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE)
		return db_fail(dst, rc, what, err);
	return SD_OK;
}

static int
exec_on(sqlite3 *db, const char *sql, const char *what, sd_err *err)
{
	int rc = sqlite3_exec(db, sql, NULL, NULL, NULL);

	return rc == SQLITE_OK ? SD_OK : db_fail(db, rc, what, err);
}

int
admin_backup(store *st, const char *path, sd_err *err)
{
	sqlite3 *src = store_db(st), *dst = NULL;
	sd_ofile of;
	int rc;

	if (!path || !*path)
		return sd_err_set(err, SD_USAGE, "%s", _("empty file name"));
	/* refuses the live database, a link, anything but a regular file; a temporary file beside it */
	if ((rc = ofile_open(&of, path, OFILE_PRIVATE | OFILE_FILE | OFILE_NAME, err)) != SD_OK)
		return rc;
	rc = sqlite3_open_v2(of.tmp, &dst, SQLITE_OPEN_READWRITE, NULL);
	if (rc != SQLITE_OK) {
		rc = db_fail(dst, rc, path, err);
		goto out;
	}
	store_harden(dst);
	sqlite3_busy_timeout(dst, 5000);
	/* one read snapshot across every step: writers go on in the WAL meanwhile */
	if ((rc = exec_on(src, "BEGIN; SELECT count(*) FROM sqlite_schema;", store_path(st), err)) != SD_OK)
		goto out;
	rc = copy_db(dst, src, BACKUP_STEP_PAGES, path, err);
	sqlite3_exec(src, "COMMIT", NULL, NULL, NULL);
	if (rc != SD_OK)
		goto out;
	sqlite3_close(dst);
	dst = NULL;
	/* the copy carries the WAL flag of the live file: make it one self-contained file */
	if (sqlite3_open_v2(of.tmp, &dst, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK ||
	    (rc = exec_on(dst, "PRAGMA journal_mode = DELETE", path, err)) != SD_OK) {
		if (rc == SD_OK)
			rc = db_fail(dst, sqlite3_errcode(dst), path, err);
		goto out;
	}
	sqlite3_close(dst);
	dst = NULL;
	remove_db_files_beside(of.tmp);
	return ofile_commit(&of, err);
out:
	if (dst)
		sqlite3_close(dst);
	remove_db_files_beside(of.tmp);
	ofile_abort(&of);
	return rc;
}

/* ---------------------------------------------------------------- restore */

static int
pragma_int(sqlite3 *db, const char *sql, int *out)
{
	sqlite3_stmt *q;
	int rc = sqlite3_prepare_v2(db, sql, -1, &q, NULL);

	if (rc != SQLITE_OK)
		return rc;
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		*out = sqlite3_column_int(q, 0);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(q);
	return rc;
}

/* The first schema difference found, kept for the one-line refusal. */
struct schema_first {
	char *type, *name;
	enum store_schema_change how;
};

static void
schema_note(const char *type, const char *name, enum store_schema_change how, void *arg)
{
	struct schema_first *f = arg;

	if (f->type)
		return;
	f->type = xstrdup(type);
	f->name = xstrdup(name);
	f->how = how;
}

/* SD_OK if db's schema objects are exactly servdesk's of version; else SD_DATAERR naming one. */
static int
schema_refuse(sqlite3 *db, const char *path, int version, sd_err *err)
{
	struct schema_first f = { 0 };
	long n = 0;
	int rc;

	if ((rc = store_schema_diff(db, version, schema_note, &f, &n, err)) != SD_OK)
		return rc;
	if (n > 0) {
		const char *kind = store_schema_kind(f.type);
		char more[64] = "";

		if (n > 1)
			snprintf(more, sizeof more, _(" (and %ld more differences)"), n - 1);
		if (f.how == STORE_SCHEMA_EXTRA)
			rc = sd_err_set(err, SD_DATAERR,
			                _("%s is refused: it holds the %s %s, which is not servdesk's%s"),
			                path, kind, f.name, more);
		else if (f.how == STORE_SCHEMA_MISSING)
			rc = sd_err_set(err, SD_DATAERR, _("%s is refused: servdesk's %s %s is missing%s"),
			                path, kind, f.name, more);
		else
			rc = sd_err_set(err, SD_DATAERR,
			                _("%s is refused: its %s %s differs from servdesk's%s"),
			                path, kind, f.name, more);
	}
	free(f.type);
	free(f.name);
	return rc;
}

/* Open path read-only and check it; *out the connection on SD_OK. */
static int
open_checked(const char *path, sqlite3 **out, int *version, sd_err *err)
{
	struct stat sb;
	sqlite3 *db = NULL;
	sqlite3_stmt *q = NULL;
	int rc, appid = 0, ver = 0;

	*out = NULL;
	if (stat(path, &sb) != 0) {
		if (errno == ENOENT)
			return sd_err_set(err, SD_NOINPUT, _("%s: no such file"), path);
		return sd_err_set(err, SD_IOERR, "%s: %s", path, strerror(errno));
	}
	if (!S_ISREG(sb.st_mode))
		return sd_err_set(err, SD_DATAERR, _("%s is not a regular file"), path);
	if (access(path, R_OK) != 0)
		return sd_err_set(err, SD_IOERR, "%s: %s", path, strerror(errno));
	{
		/*
		 * Without a -wal beside it the file is opened immutable, so that
		 * reading a backup never leaves -wal/-shm files next to it.
		 */
		buf w = { 0 }, uri = { 0 };
		bool has_wal;

		buf_printf(&w, "%s-wal", path);
		has_wal = access(buf_str(&w), F_OK) == 0;
		buf_free(&w);
		buf_puts(&uri, "file:");
		for (const unsigned char *p = (const unsigned char *)path; *p; p++)
			if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
			    (*p >= '0' && *p <= '9') || strchr("/-._~", *p))
				buf_putc(&uri, (char)*p);
			else
				buf_printf(&uri, "%%%02X", *p);
		if (!has_wal)
			buf_puts(&uri, "?immutable=1");
		rc = sqlite3_open_v2(buf_str(&uri), &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL);
		buf_free(&uri);
		if (rc == SQLITE_OK)
			store_harden(db);
	}
	if (rc == SQLITE_OK)
		rc = pragma_int(db, "PRAGMA application_id", &appid);
	if (rc == SQLITE_OK)
		rc = pragma_int(db, "PRAGMA user_version", &ver);
	if (rc != SQLITE_OK) {
		rc = sd_err_set(err, SD_DATAERR, _("%s is not a servdesk database (%s)"), path,
		                db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
		goto fail;
	}
	if (appid != store_application_id() || ver <= 0) {
		rc = sd_err_set(err, SD_DATAERR, _("%s is not a servdesk database"), path);
		goto fail;
	}
	if (ver > store_schema_version()) {
		rc = sd_err_set(err, SD_DATAERR,
		                _("%s has schema version %d, newer than this servdesk (%d); use a newer servdesk"),
		                path, ver, store_schema_version());
		goto fail;
	}
	rc = sqlite3_prepare_v2(db, "PRAGMA integrity_check(1)", -1, &q, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(q);
	if (rc != SQLITE_ROW) {
		rc = sd_err_set(err, SD_DATAERR, _("%s is damaged: %s"), path, sqlite3_errmsg(db));
		goto fail;
	}
	if (strcmp((const char *)sqlite3_column_text(q, 0), "ok") != 0) {
		rc = sd_err_set(err, SD_DATAERR, _("%s is damaged: %s"), path,
		                (const char *)sqlite3_column_text(q, 0));
		goto fail;
	}
	sqlite3_finalize(q);
	q = NULL;
	/* exactly servdesk's tables, indexes, triggers and views of that version */
	if ((rc = schema_refuse(db, path, ver, err)) != SD_OK)
		goto fail;
	/* every reference points to a row (the schema is known to be servdesk's now) */
	rc = sqlite3_prepare_v2(db, "PRAGMA foreign_key_check", -1, &q, NULL);
	if (rc == SQLITE_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
		rc = sd_err_set(err, SD_DATAERR, _("%s is damaged: table %s, row %lld points to a missing row of %s"),
		                path, (const char *)sqlite3_column_text(q, 0),
		                (long long)sqlite3_column_int64(q, 1), (const char *)sqlite3_column_text(q, 2));
		goto fail;
	}
	if (rc != SQLITE_DONE) {
		rc = sd_err_set(err, SD_DATAERR, _("%s is damaged: %s"), path, sqlite3_errmsg(db));
		goto fail;
	}
	sqlite3_finalize(q);
	q = NULL;
	/* someone must be able to manage the staff list afterwards */
	rc = sqlite3_prepare_v2(db, "SELECT count(*) FROM staff WHERE role = 'supervisor' AND active = 1",
	                        -1, &q, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(q);
	if (rc != SQLITE_ROW) {
		rc = sd_err_set(err, SD_DATAERR, _("%s is damaged: %s"), path, sqlite3_errmsg(db));
		goto fail;
	}
	if (sqlite3_column_int(q, 0) == 0) {
		rc = sd_err_set(err, SD_DATAERR,
		                _("%s has no active supervisor: after restoring it no one could manage the "
		                  "staff list; choose another backup"), path);
		goto fail;
	}
	sqlite3_finalize(q);
	if (version)
		*version = ver;
	*out = db;
	return SD_OK;
fail:
	sqlite3_finalize(q);
	sqlite3_close(db);
	return rc;
}

int
admin_restore_check(const char *path, int *version, sd_err *err)
{
	sqlite3 *db;
	int rc = open_checked(path, &db, version, err);

	if (rc == SD_OK)
		sqlite3_close(db);
	return rc;
}

static long long
count_of(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *q;
	long long n = -1;

	if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(q) == SQLITE_ROW)
		n = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	return n;
}

int
admin_restore(store *st, const char *path, sd_err *err)
{
	sqlite3 *src = NULL, *tdb = NULL;
	store *tst = NULL;
	char *tmp = NULL, *oldj = NULL;
	const char *base;
	int rc, version = 0;
	long long requests_before;

	if ((rc = staff_permit_self(st, ACT_ADMIN, err)) != SD_OK)
		return rc;
	if (!path || !*path)
		return sd_err_set(err, SD_USAGE, "%s", _("empty file name"));
	if (access(path, F_OK) == 0 && ofile_is_live(path))
		return sd_err_set(err, SD_DATAERR,
		                  _("%s is the live database; restore from a backup copy"), path);
	if ((rc = open_checked(path, &src, &version, err)) != SD_OK)
		return rc;
	/* a private copy beside the database, migrated there: the backup itself is never changed */
	if (!(tmp = temp_beside(store_path(st), store_path(st), err))) {
		rc = err->status;
		goto out;
	}
	if ((rc = sqlite3_open_v2(tmp, &tdb, SQLITE_OPEN_READWRITE, NULL)) != SQLITE_OK) {
		rc = db_fail(tdb, rc, store_path(st), err);
		goto out;
	}
	store_harden(tdb);
	if ((rc = copy_db(tdb, src, -1, store_path(st), err)) != SD_OK)
		goto out;
	sqlite3_close(tdb);
	tdb = NULL;
	sqlite3_close(src);
	src = NULL;
	if ((rc = store_open(tmp, STORE_OPEN_CREATE, store_user(st), &tst, err)) != SD_OK)
		goto out;
	requests_before = count_of(store_db(st), "SELECT count(*) FROM request");
	{
		buf j = { 0 };
		buf_printf(&j, "{\"schema_version\":%d,\"requests\":%lld}", store_schema_version(),
		           requests_before);
		oldj = buf_steal(&j);
	}
	base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	/* the audit row goes into the private copy, so that it arrives with the data in one step */
	{
		sqlite3_stmt *q;
		char *newj = NULL;

		if ((rc = store_begin(tst, err)) != SD_OK)
			goto out;
		q = store_prepare(tst, "SELECT json_object('file', ?1, 'schema_version_of_file', ?2, "
		                  "'requests', (SELECT count(*) FROM request))", err);
		if (q) {
			sqlite3_bind_text(q, 1, path, -1, SQLITE_TRANSIENT);
			sqlite3_bind_int(q, 2, version);
			if (sqlite3_step(q) == SQLITE_ROW)
				newj = xstrdup((const char *)sqlite3_column_text(q, 0));
			sqlite3_reset(q);
		}
		rc = q ? store_audit(tst, "database", base, "restore", oldj, newj, err) : err->status;
		free(newj);
		if (rc == SD_OK)
			rc = store_commit(tst, err);
		else
			store_rollback(tst);
		if (rc != SD_OK)
			goto out;
	}
	/*
	 * One step under the write lock: the whole copy is one transaction on
	 * the live database, committed whole or rolled back; other desks read
	 * the old data until it is done.
	 */
	rc = copy_db(store_db(st), store_db(tst), -1, store_path(st), err);
out:
	if (tst)
		store_close(tst);
	if (tdb)
		sqlite3_close(tdb);
	if (src)
		sqlite3_close(src);
	if (tmp) {
		remove_db_files(tmp);
		free(tmp);
	}
	free(oldj);
	return rc;
}
