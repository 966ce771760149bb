/*
 * intake_bulk.c — many requests added in one short write.
 *
 * An import must be taken whole or not at all, numbered without gaps while
 * others register requests at the same time, and must not keep the others
 * out while it works. So the work is split in two:
 *
 *   1. Outside any lock on the database, every request is prepared as
 *      intake_add would (trimmed, validated, defaults filled) and written to
 *      a private staging table in the connection's temporary database, with
 *      what its number will depend on: its rank among the month's new
 *      requests and the highest number kept from the file before it. Likely
 *      duplicates are looked up there too, in the file and in the register
 *      as it stands.
 *   2. In one write transaction, the numbers are given (the month's counter
 *      read under the lock), and the requests, their items and their search
 *      rows go in with one INSERT ... SELECT each; the month counters, the
 *      kept monthly figures and the audit row follow.
 *
 * The numbering rule is intake_add's, row by row: a request without a number
 * takes the month's counter plus one; a number kept from the file raises the
 * counter to it. For the i-th new request of a month, after n of them, that
 * is n + max(L, B), L the counter when the write begins and B the highest
 * (kept number - new requests before it) among the kept numbers above it in
 * the file: B does not depend on L, so it is worked out in step 1.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "intake.h"
#include "intake_bulk.h"
#include "staff.h"
#include "store.h"

struct month_hint {
	char month[7];
	long news;          /* new requests of the month so far */
	long best;          /* max (kept number - news before it) */
	bool has_best;
};

struct intake_bulk {
	store *st;
	sqlite3 *db;
	sqlite3_stmt *ins_req, *ins_item;
	struct month_hint *months;
	size_t nmonths, cap;
	long rows;
	buf body;
	char now[17];
	bool in_tx;          /* the staging transaction (temporary database only) */
};

static const char stage_sql[] =
	"DROP TABLE IF EXISTS temp.import_req;"
	"DROP TABLE IF EXISTS temp.import_item;"
	"DROP TABLE IF EXISTS temp.import_month;"
	"CREATE TEMP TABLE import_req ("
	"  k INTEGER PRIMARY KEY, line INTEGER NOT NULL,"
	"  regno TEXT, kept INTEGER NOT NULL, month TEXT NOT NULL, seq INTEGER, news INTEGER, best INTEGER,"
	"  received_at TEXT NOT NULL, channel TEXT NOT NULL, fax_pages INTEGER,"
	"  customer TEXT NOT NULL, requester TEXT NOT NULL, phone TEXT NOT NULL, serial TEXT,"
	"  priority INTEGER NOT NULL, received_by TEXT NOT NULL, handed_to TEXT, handed_at TEXT,"
	"  status TEXT NOT NULL, void_reason TEXT, dup_of TEXT, dup_k INTEGER, dup_at TEXT,"
	"  body TEXT NOT NULL);"
	"CREATE TEMP TABLE import_item (k INTEGER, pos INTEGER, text TEXT NOT NULL,"
	"  PRIMARY KEY (k, pos)) WITHOUT ROWID;";

static int
fail(intake_bulk *b, int rc, sd_err *err)
{
	return store_fail(b->st, rc, _("importing requests"), err);
}

static int
exec(intake_bulk *b, const char *sql, sd_err *err)
{
	int rc = sqlite3_exec(b->db, sql, NULL, NULL, NULL);
	return rc == SQLITE_OK ? SD_OK : fail(b, rc, err);
}

static sqlite3_stmt *
prepare(intake_bulk *b, const char *sql, sd_err *err)
{
	sqlite3_stmt *q = NULL;
	int rc = sqlite3_prepare_v2(b->db, sql, -1, &q, NULL);

	if (rc != SQLITE_OK) {
		fail(b, rc, err);
		sqlite3_finalize(q);
		return NULL;
	}
	return q;
}

/* Run a statement without rows once; SD_OK or the error. */
static int
run(intake_bulk *b, sqlite3_stmt *q, sd_err *err)
{
	int rc = sqlite3_step(q);
	sqlite3_finalize(q);
	return rc == SQLITE_DONE ? SD_OK : fail(b, rc, err);
}

/*
 * Step a query that gives at most one row and finalize it: 1 and the first
 * column in *v if it gave a row, 0 if none, -1 on an error (err filled).
 */
static int
one_value(intake_bulk *b, sqlite3_stmt *q, long long *v, sd_err *err)
{
	int rc = sqlite3_step(q);

	if (rc == SQLITE_ROW)
		*v = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	fail(b, rc, err);
	return -1;
}

int
intake_bulk_open(store *st, intake_bulk **out, sd_err *err)
{
	intake_bulk *b;
	int rc;

	*out = NULL;
	if ((rc = staff_permit_self(st, ACT_REQUEST_ADD, err)) != SD_OK)
		return rc;
	b = xcalloc(1, sizeof *b);
	b->st = st;
	b->db = store_db(st);
	store_now(b->now);
	/* The staging rows live in the temporary database: a file of this
	 * connection's own, written without any lock on the register. The
	 * page caches are kept to 16 MiB (the register) and 8 MiB (the
	 * staging rows): larger ones made the import no faster (the same CPU
	 * time for 100,000 rows), only bigger (122 MiB resident against 67),
	 * and a million rows import in 56 MiB. */
	if ((rc = exec(b, "PRAGMA main.cache_size = -16384; PRAGMA temp.cache_size = -8192", err)) != SD_OK ||
	    (rc = exec(b, stage_sql, err)) != SD_OK)
		goto bad;
	b->ins_req = prepare(b,
		"INSERT INTO temp.import_req (k, line, regno, kept, month, seq, news, best, received_at, "
		"channel, fax_pages, customer, requester, phone, serial, priority, received_by, "
		"handed_to, handed_at, status, void_reason, dup_of, body) "
		"VALUES (?1, ?2, ?3, ?3 IS NOT NULL, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, "
		"?17, ?18, ?19, ?20, ?21, ?22)", err);
	b->ins_item = prepare(b, "INSERT INTO temp.import_item (k, pos, text) VALUES (?, ?, ?)", err);
	if (!b->ins_req || !b->ins_item) {
		rc = err->status;
		goto bad;
	}
	/* BEGIN (not IMMEDIATE): only the temporary database is written. */
	if ((rc = exec(b, "BEGIN", err)) != SD_OK)
		goto bad;
	b->in_tx = true;
	*out = b;
	return SD_OK;
bad:
	intake_bulk_close(b);
	return rc;
}

static struct month_hint *
month_of(intake_bulk *b, const char *month)
{
	for (size_t i = b->nmonths; i-- > 0;)
		if (memcmp(b->months[i].month, month, 6) == 0)
			return &b->months[i];
	if (b->nmonths == b->cap) {
		b->cap = b->cap ? 2 * b->cap : 32;
		b->months = xrealloc(b->months, b->cap * sizeof *b->months);
	}
	struct month_hint *m = &b->months[b->nmonths++];
	memset(m, 0, sizeof *m);
	memcpy(m->month, month, 6);
	return m;
}

int
intake_bulk_add(intake_bulk *b, sd_request *r, long line, sd_err *err)
{
	char month[7];
	long seq = 0;
	struct month_hint *m;
	sqlite3_stmt *q = b->ins_req;
	long long k = b->rows + 1;
	int rc, pos = 0;

	sd_err_clear(err);
	if ((rc = intake_prepare(b->st, r, b->now, true, err)) != SD_OK)
		return rc;
	if (r->regno[0])
		intake_parse_regno(r->regno, month, &seq);
	else
		snprintf(month, sizeof month, "%.4s%.2s", r->received_at, r->received_at + 5);
	m = month_of(b, month);

	sqlite3_bind_int64(q, 1, k);
	sqlite3_bind_int64(q, 2, line);
	sqlite3_bind_text(q, 4, month, -1, SQLITE_STATIC);
	if (r->regno[0]) {
		/* a kept number raises the counter for the new requests after it */
		if (!m->has_best || seq - m->news > m->best)
			m->best = seq - m->news;
		m->has_best = true;
		sqlite3_bind_text(q, 3, r->regno, -1, SQLITE_STATIC);
		sqlite3_bind_int64(q, 5, seq);
		sqlite3_bind_null(q, 6);
		sqlite3_bind_null(q, 7);
	} else {
		m->news++;
		sqlite3_bind_null(q, 3);
		sqlite3_bind_null(q, 5);
		sqlite3_bind_int64(q, 6, m->news);
		if (m->has_best)
			sqlite3_bind_int64(q, 7, m->best);
		else
			sqlite3_bind_null(q, 7);
	}
	sqlite3_bind_text(q, 8, r->received_at, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 9, intake_channel_code(r->channel), -1, SQLITE_STATIC);
	if (r->fax_pages > 0)
		sqlite3_bind_int(q, 10, r->fax_pages);
	else
		sqlite3_bind_null(q, 10);
	sqlite3_bind_text(q, 11, r->customer, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 12, r->requester, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 13, r->phone, -1, SQLITE_STATIC);
	store_bind_opt_text(q, 14, r->serial);
	sqlite3_bind_int(q, 15, r->priority);
	sqlite3_bind_text(q, 16, r->received_by, -1, SQLITE_STATIC);
	store_bind_opt_text(q, 17, r->handed_to);
	store_bind_opt_text(q, 18, r->handed_at);
	sqlite3_bind_text(q, 19, intake_status_code(r->status), -1, SQLITE_STATIC);
	store_bind_opt_text(q, 20, r->void_reason);
	store_bind_opt_text(q, 21, r->dup_of);
	buf_reset(&b->body);
	intake_search_body(r, &b->body);
	sqlite3_bind_text(q, 22, buf_str(&b->body), -1, SQLITE_STATIC);
	rc = sqlite3_step(q);
	sqlite3_reset(q);
	if (rc != SQLITE_DONE)
		return fail(b, rc, err);

	q = b->ins_item;
	for (size_t i = 0; i < r->nitems; i++) {
		if (intake_item_blank(r->items[i]))
			continue;
		sqlite3_bind_int64(q, 1, k);
		sqlite3_bind_int(q, 2, ++pos);
		sqlite3_bind_text(q, 3, r->items[i], -1, SQLITE_STATIC);
		rc = sqlite3_step(q);
		sqlite3_reset(q);
		if (rc != SQLITE_DONE)
			return fail(b, rc, err);
	}
	b->rows++;
	return SD_OK;
}

/*
 * Likely duplicates, as intake_add flags them: an earlier request from the
 * same customer and equipment, not voided, received within the window
 * before. Looked for among the file's earlier rows (dup_k) and in the
 * register as it stands (dup_of, dup_at); the later of the two is taken when
 * the numbers are known. Only for requests that get a new number and name
 * no duplicate themselves.
 */
static int
find_duplicates(intake_bulk *b, sd_err *err)
{
	long hours = intake_dup_window(b->st);
	long long overlap = 0;
	char window[32];
	sqlite3_stmt *q;
	int rc;

	if (hours <= 0)
		return SD_OK;
	snprintf(window, sizeof window, "-%ld hours", hours);
	if ((rc = exec(b, "CREATE INDEX temp.import_req_dup ON import_req (customer, serial, received_at)",
	               err)) != SD_OK)
		return rc;
	if (!(q = prepare(b,
		"UPDATE temp.import_req AS a SET dup_k = ("
		"  SELECT d.k FROM temp.import_req d"
		"  WHERE d.customer = a.customer AND d.serial IS a.serial AND d.status <> 'void'"
		"    AND d.k < a.k AND d.received_at >= strftime('%Y-%m-%d %H:%M', a.received_at, ?1)"
		"    AND d.received_at <= a.received_at"
		"  ORDER BY d.received_at DESC LIMIT 1) "
		"WHERE NOT a.kept AND a.dup_of IS NULL", err)))
		return err->status;
	sqlite3_bind_text(q, 1, window, -1, SQLITE_TRANSIENT);
	if ((rc = run(b, q, err)) != SD_OK)
		return rc;
	/* the register: not when it has nothing received in the file's time span */
	if (!(q = prepare(b,
		"SELECT EXISTS (SELECT 1 FROM main.request WHERE received_at >= "
		"  (SELECT strftime('%Y-%m-%d %H:%M', min(received_at), ?1) FROM temp.import_req) "
		"  AND received_at <= (SELECT max(received_at) FROM temp.import_req))", err)))
		return err->status;
	sqlite3_bind_text(q, 1, window, -1, SQLITE_TRANSIENT);
	if (one_value(b, q, &overlap, err) < 0)
		return err->status;
	if (!overlap)
		return SD_OK;
	if (!(q = prepare(b,
		"UPDATE temp.import_req AS a SET (dup_of, dup_at) = ("
		"  SELECT r.regno, r.received_at FROM main.request r"
		"  WHERE r.customer = a.customer AND r.serial IS a.serial AND r.status <> 'void'"
		"    AND r.received_at >= strftime('%Y-%m-%d %H:%M', a.received_at, ?1)"
		"    AND r.received_at <= a.received_at"
		"  ORDER BY r.received_at DESC LIMIT 1) "
		"WHERE NOT a.kept AND a.dup_of IS NULL", err)))
		return err->status;
	sqlite3_bind_text(q, 1, window, -1, SQLITE_TRANSIENT);
	return run(b, q, err);
}

/*
 * The first staged row (by k) found by sql: its line, register number and,
 * if sql gives a third column, that line (else 0). 1 found, 0 none, -1 error.
 */
static int
first_row(intake_bulk *b, const char *sql, long *line, char regno[24], long *other, sd_err *err)
{
	sqlite3_stmt *q = prepare(b, sql, err);
	int rc;

	if (!q)
		return -1;
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		*line = (long)sqlite3_column_int64(q, 0);
		snprintf(regno, 24, "%s", (const char *)sqlite3_column_text(q, 1));
		*other = sqlite3_column_count(q) > 2 ? (long)sqlite3_column_int64(q, 2) : 0;
	}
	sqlite3_finalize(q);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	fail(b, rc, err);
	return -1;
}

static int
audit(intake_bulk *b, const char *path, sd_err *err)
{
	sqlite3_stmt *q = prepare(b,
		"SELECT json_object('file', ?1, 'rows', ?2, "
		"  'first', (SELECT regno FROM temp.import_req ORDER BY k LIMIT 1), "
		"  'last', (SELECT regno FROM temp.import_req ORDER BY k DESC LIMIT 1))", err);
	char *json = NULL;
	int rc;

	if (!q)
		return err->status;
	sqlite3_bind_text(q, 1, path, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 2, b->rows);
	if ((rc = sqlite3_step(q)) == SQLITE_ROW)
		json = store_col_dup(q, 0);
	sqlite3_finalize(q);
	if (rc != SQLITE_ROW)
		return fail(b, rc, err);
	rc = store_audit(b->st, "request", "*", "import", NULL, json, err);
	free(json);
	return rc;
}

/*
 * Give the new requests their numbers from the month counters as they are
 * (kept in import_month, so that the write can see whether one has moved),
 * and name the file's own earlier rows as likely duplicates by number.
 */
static int
number(intake_bulk *b, sd_err *err)
{
	return exec(b,
		"DROP TABLE IF EXISTS temp.import_month;"
		"CREATE TEMP TABLE import_month (month TEXT PRIMARY KEY, last INTEGER NOT NULL) WITHOUT ROWID;"
		"INSERT INTO temp.import_month (month, last) "
		"  SELECT s.month, coalesce((SELECT m.last FROM main.month_seq m WHERE m.month = s.month), 0) "
		"  FROM (SELECT DISTINCT month FROM temp.import_req) s;"
		"UPDATE temp.import_req AS a SET seq = a.news + max("
		"  (SELECT t.last FROM temp.import_month t WHERE t.month = a.month), coalesce(a.best, 0)) "
		"WHERE NOT a.kept;"
		"UPDATE temp.import_req SET regno = printf('%s-%04d', month, seq) WHERE NOT kept;"
		"UPDATE temp.import_req AS a SET dup_of = (SELECT d.regno FROM temp.import_req d WHERE d.k = a.dup_k) "
		"WHERE a.dup_k IS NOT NULL AND (a.dup_at IS NULL OR "
		"  (SELECT d.received_at FROM temp.import_req d WHERE d.k = a.dup_k) >= a.dup_at);", err);
}

/* Has a month counter moved since number()? 1 yes, 0 no, -1 error. */
static int
counters_moved(intake_bulk *b, sd_err *err)
{
	sqlite3_stmt *q = prepare(b,
		"SELECT 1 FROM temp.import_month t LEFT JOIN main.month_seq m ON m.month = t.month "
		"WHERE coalesce(m.last, 0) <> t.last LIMIT 1", err);
	long long one;

	return q ? one_value(b, q, &one, err) : -1;
}

/* The write itself, inside the write transaction. */
static int
write_all(intake_bulk *b, const char *path, long *bad_line, sd_err *err)
{
	char regno[24];
	long other;
	long long base = 0;
	sqlite3_stmt *q;
	int rc, found, moved;

	/* a number kept from the file that the register has meanwhile */
	found = first_row(b,
		"SELECT a.line, a.regno FROM temp.import_req a JOIN main.request r ON r.regno = a.regno "
		"WHERE a.kept ORDER BY a.k LIMIT 1", bad_line, regno, &other, err);
	if (found < 0)
		return err->status;
	if (found)
		return sd_err_set(err, SD_DATAERR, _("register number %s is already in the database"), regno);

	/* the numbers: worked out before the lock; again if a counter has moved since */
	if ((moved = counters_moved(b, err)) < 0)
		return err->status;
	if (moved && (rc = number(b, err)) != SD_OK)
		return rc;
	if (!(q = prepare(b, "SELECT coalesce(max(id), 0) FROM main.request", err)) ||
	    one_value(b, q, &base, err) < 0)
		return err->status;

	if (!(q = prepare(b,
		"INSERT INTO main.request (id, regno, month, seq, received_at, channel, fax_pages, "
		"customer, requester, phone, serial, priority, received_by, handed_to, handed_at, "
		"status, void_reason, dup_of) "
		"SELECT ?1 + k, regno, month, seq, received_at, channel, fax_pages, customer, requester, "
		"phone, serial, priority, received_by, handed_to, handed_at, status, void_reason, dup_of "
		"FROM temp.import_req ORDER BY k", err)))
		return err->status;
	sqlite3_bind_int64(q, 1, base);
	rc = sqlite3_step(q);
	sqlite3_finalize(q);
	if ((rc & 0xff) == SQLITE_CONSTRAINT) {
		/* a number the file keeps that an earlier row of it was given */
		exec(b, "CREATE INDEX temp.import_req_regno ON import_req (regno)", NULL);
		found = first_row(b,
			"SELECT a.line, a.regno, d.line FROM temp.import_req a JOIN temp.import_req d "
			"  ON d.regno = a.regno AND d.k < a.k "
			"ORDER BY a.k LIMIT 1", bad_line, regno, &other, err);
		if (found > 0)
			return sd_err_set(err, SD_DATAERR, _("register number %s is already used on line %ld"),
			                  regno, other);
	}
	if (rc != SQLITE_DONE)
		return fail(b, rc, err);

	if (!(q = prepare(b,
		"INSERT INTO main.request_item (request_id, pos, text) "
		"SELECT ?1 + k, pos, text FROM temp.import_item ORDER BY k, pos", err)))
		return err->status;
	sqlite3_bind_int64(q, 1, base);
	if ((rc = run(b, q, err)) != SD_OK)
		return rc;
	if (!(q = prepare(b,
		"INSERT INTO main.request_fts (rowid, body) SELECT ?1 + k, body FROM temp.import_req ORDER BY k",
		err)))
		return err->status;
	sqlite3_bind_int64(q, 1, base);
	if ((rc = run(b, q, err)) != SD_OK)
		return rc;

	/* the counters, and the kept figures of the months the requests fall in */
	if ((rc = exec(b,
		"INSERT INTO main.month_seq (month, last) "
		"SELECT month, max(seq) FROM temp.import_req WHERE true GROUP BY month "
		"ON CONFLICT (month) DO UPDATE SET last = max(last, excluded.last);"
		"DELETE FROM main.month_close "
		"WHERE month >= (SELECT min(substr(received_at, 1, 7)) FROM temp.import_req);", err)) != SD_OK)
		return rc;
	return audit(b, path, err);
}

int
intake_bulk_commit(intake_bulk *b, const char *path, long *rows, long *bad_line, sd_err *err)
{
	int rc;

	*bad_line = 0;
	sd_err_clear(err);
	/* the staging rows are complete: done with the temporary database's transaction */
	b->in_tx = false;
	if ((rc = exec(b, "COMMIT", err)) != SD_OK)
		return rc;
	if ((rc = find_duplicates(b, err)) != SD_OK)
		return rc;
	if ((rc = number(b, err)) != SD_OK)
		return rc;

	if ((rc = store_begin(b->st, err)) != SD_OK)
		return rc;
	if ((rc = write_all(b, path, bad_line, err)) != SD_OK) {
		store_rollback(b->st);
		return rc;
	}
	if ((rc = store_commit(b->st, err)) != SD_OK)
		return rc;
	if (rows)
		*rows = b->rows;
	return SD_OK;
}

void
intake_bulk_close(intake_bulk *b)
{
	if (!b)
		return;
	sqlite3_finalize(b->ins_req);
	sqlite3_finalize(b->ins_item);
	if (b->in_tx)
		sqlite3_exec(b->db, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_exec(b->db, "DROP TABLE IF EXISTS temp.import_req; DROP TABLE IF EXISTS temp.import_item; "
	             "DROP TABLE IF EXISTS temp.import_month",
	             NULL, NULL, NULL);
	free(b->months);
	buf_free(&b->body);
	free(b);
}
