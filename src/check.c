/* check.c — servdesk check: integrity, foreign keys, stock balances, register numbers, the search index. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "check.h"
#include "inbox.h"
#include "stock.h"

struct finder {
	void (*fn)(const char *finding, void *arg);
	void *arg;
	long count;
};

static void
found(struct finder *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
found(struct finder *f, const char *fmt, ...)
{
	buf b = { 0 };
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	f->count++;
	if (f->fn)
		f->fn(buf_str(&b), f->arg);
	buf_free(&b);
}

/* Run a static query; each row's columns 0..ncol-1 go to row(). */
static int
each_row(store *st, const char *sql, const char *what, struct finder *f,
         void (*row)(struct finder *f, sqlite3_stmt *q), sd_err *err)
{
	sqlite3_stmt *q;
	int rc = sqlite3_prepare_v2(store_db(st), sql, -1, &q, NULL);

	if (rc != SQLITE_OK)
		return store_fail(st, rc, what, err);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW)
		row(f, q);
	sqlite3_finalize(q);
	return rc == SQLITE_DONE ? SD_OK : store_fail(st, rc, what, err);
}

static void
integrity_row(struct finder *f, sqlite3_stmt *q)
{
	const char *s = (const char *)sqlite3_column_text(q, 0);

	if (s && strcmp(s, "ok") != 0) {
		/* SQLite's report may span lines: one line per finding */
		buf b = { 0 };

		for (; *s; s++)
			if (*s == '\n')
				buf_puts(&b, "; ");
			else
				buf_putc(&b, *s);
		found(f, _("database integrity: %s"), buf_str(&b));
		buf_free(&b);
	}
}

static void
fk_row(struct finder *f, sqlite3_stmt *q)
{
	found(f, _("table %s, row %lld: points to a missing row of %s"),
	      (const char *)sqlite3_column_text(q, 0), (long long)sqlite3_column_int64(q, 1),
	      (const char *)sqlite3_column_text(q, 2));
}

static void
gap_row(struct finder *f, sqlite3_stmt *q)
{
	const char *month = (const char *)sqlite3_column_text(q, 0);
	long n = (long)sqlite3_column_int64(q, 1), top = (long)sqlite3_column_int64(q, 2);
	long last = (long)sqlite3_column_int64(q, 3);

	if (n != top)
		found(f, _("register numbers of %.4s-%.2s: %ld numbers up to %ld, so %ld are missing"),
		      month, month + 4, n, top, top - n);
	if (last < top)
		found(f, _("register numbers of %.4s-%.2s: the counter (%ld) is behind the highest number (%ld)"),
		      month, month + 4, last, top);
}

static void
supervisor_row(struct finder *f, sqlite3_stmt *q)
{
	if (sqlite3_column_int(q, 0) > 0 && sqlite3_column_int(q, 1) == 0)
		found(f, "%s", _("staff list: no active supervisor (no one may change the staff list or restore a backup)"));
}

static void
schema_row(const char *type, const char *name, enum store_schema_change how, void *arg)
{
	if (how == STORE_SCHEMA_EXTRA)
		found(arg, _("schema: %s %s is not one of servdesk's (added by something else; "
		             "find out who added it and why)"), store_schema_kind(type), name);
	else if (how == STORE_SCHEMA_MISSING)
		found(arg, _("schema: servdesk's %s %s is missing"), store_schema_kind(type), name);
	else
		found(arg, _("schema: %s %s differs from servdesk's"), store_schema_kind(type), name);
}

/*
 * The request search index against the text it holds (FTS5's own
 * integrity check: every token of every row is where it should be). The
 * index is written by servdesk's code with each request, not by triggers,
 * so that the sqlite3 shell, which does not know servdesk's tokenizer, can
 * still change the request tables.
 */
static int
search_index_check(store *st, struct finder *f, sd_err *err)
{
	sqlite3 *db = store_db(st);
	int rc = sqlite3_exec(db, "INSERT INTO request_fts (request_fts) VALUES ('integrity-check')", NULL, NULL, NULL);

	if (rc == SQLITE_OK)
		return SD_OK;
	if ((rc & 0xff) == SQLITE_CORRUPT) {
		found(f, _("search index: does not match the text it holds (%s); restore the latest backup "
		           "(servdesk restore FILE)"), sqlite3_errmsg(db));
		return SD_OK;
	}
	return store_fail(st, rc, _("checking the search index"), err);
}

static int
stock_row(const char *part_no, long stored, long journal, void *arg)
{
	found(arg, _("part %s: on hand %ld, but its journal sums to %ld"), part_no, stored, journal);
	return 0;
}

/* An original kept in the attachment store that is missing or not what was stored. */
static void
attachment_row(const char *hash, const char *name, const char *regno, bool changed, void *arg)
{
	if (regno && changed)
		/* TRANSLATORS: register number, file name, SHA-256. */
		found(arg, _("request %s: the original %s (SHA-256 %s) has changed in the attachment store"),
		      regno, name, hash);
	else if (regno)
		found(arg, _("request %s: the original %s (SHA-256 %s) is missing from the attachment store"),
		      regno, name, hash);
	else if (changed)
		found(arg, _("discarded inbox item %s (SHA-256 %s) has changed in the attachment store"), name, hash);
	else
		found(arg, _("discarded inbox item %s (SHA-256 %s) is missing from the attachment store"), name, hash);
}

int
check_run(store *st, void (*fn)(const char *finding, void *arg), void *arg,
          long *count, sd_err *err)
{
	struct finder f = { fn, arg, 0 };
	long stock_found = 0, schema_found = 0, originals = 0;
	int rc;

	sd_err_clear(err);
	if ((rc = each_row(st, "PRAGMA integrity_check", _("checking the database"), &f,
	                   integrity_row, err)) != SD_OK ||
	    (rc = each_row(st, "PRAGMA foreign_key_check", _("checking the database"), &f,
	                   fk_row, err)) != SD_OK ||
	    (rc = each_row(st,
	                   "SELECT r.month, count(*), max(r.seq), coalesce(m.last, 0) FROM request r "
	                   "LEFT JOIN month_seq m ON m.month = r.month GROUP BY r.month ORDER BY r.month",
	                   _("checking the register numbers"), &f, gap_row, err)) != SD_OK ||
	    (rc = each_row(st, "SELECT count(*), count(*) FILTER (WHERE role = 'supervisor' AND active = 1) "
	                   "FROM staff", _("checking the staff list"), &f, supervisor_row, err)) != SD_OK ||
	    (rc = stock_check(st, stock_row, &f, &stock_found, err)) != SD_OK ||
	    (rc = search_index_check(st, &f, err)) != SD_OK ||
	    (rc = att_verify(st, attachment_row, &f, &originals, err)) != SD_OK ||
	    (rc = store_schema_diff(store_db(st), store_schema_version(), schema_row, &f,
	                            &schema_found, err)) != SD_OK)
		return rc;
	*count = f.count;
	return SD_OK;
}
