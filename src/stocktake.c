/*
 * stocktake.c — the stocktake (盘点): snapshot, counts, CSV import of
 * counts, the listing of differences, posting and the printed count sheet.
 *
 * Posting writes, in one BEGIN IMMEDIATE transaction, a 'count' movement of
 * counted - expected for every counted line that differs (movements made
 * since the snapshot are not part of the difference and stay on hand), the
 * part rows and an audit row; a part that would go below zero refuses the
 * whole posting.
 *
 * Self-contained; no curses.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "csvtab.h"
#include "doc.h"
#include "report.h"
#include "stocktake.h"
#include "text.h"
#include "staff.h"

#define MAX_COUNT 1000000000L

static int
step_done(store *st, sqlite3_stmt *q, const char *what, sd_err *err)
{
	int rc = sqlite3_step(q);

	sqlite3_reset(q);
	return rc == SQLITE_DONE ? SD_OK : store_fail(st, rc, what, err);
}

int
stocktake_get(store *st, long long id, sd_stocktake *out, sd_err *err)
{
	sqlite3_stmt *q = store_prepare(st, "SELECT id, started_at, blind, posted_at IS NOT NULL "
	                                "FROM stocktake WHERE ?1 = 0 OR id = ?1 "
	                                "ORDER BY id DESC LIMIT 1", err);
	int rc;

	if (!q)
		return err ? err->status : SD_INTERNAL;
	sqlite3_bind_int64(q, 1, id);
	memset(out, 0, sizeof *out);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		out->id = sqlite3_column_int64(q, 0);
		snprintf(out->started_at, sizeof out->started_at, "%s",
		         (const char *)sqlite3_column_text(q, 1));
		out->blind = sqlite3_column_int(q, 2) != 0;
		out->posted = sqlite3_column_int(q, 3) != 0;
	}
	sqlite3_reset(q);
	if (rc == SQLITE_ROW)
		return SD_OK;
	if (rc != SQLITE_DONE)
		return store_fail(st, rc, _("reading the stocktake"), err);
	if (id)
		return sd_err_set(err, SD_DATAERR, _("no stocktake %lld"), id);
	return sd_err_set(err, SD_DATAERR, "%s", _("no stocktake has been started"));
}

int
stocktake_start(store *st, bool blind, long long *id, sd_err *err)
{
	sqlite3_stmt *q;
	char now[17], key[32];
	long long nid, open = 0;
	int rc;

	sd_err_clear(err);
	if ((rc = staff_permit_self(st, ACT_STOCK_MOVE, err)) != SD_OK)
		return rc;
	if ((rc = store_begin(st, err)) != SD_OK)
		return rc;
	if (!(q = store_prepare(st, "SELECT id FROM stocktake WHERE posted_at IS NULL", err)))
		goto fail;
	if (sqlite3_step(q) == SQLITE_ROW)
		open = sqlite3_column_int64(q, 0);
	sqlite3_reset(q);
	if (open) {
		sd_err_set(err, SD_DATAERR, _("stocktake %lld is still open: post it first"), open);
		goto fail;
	}
	store_now(now);
	if (!(q = store_prepare(st, "INSERT INTO stocktake (started_at, started_by, blind) "
	                        "VALUES (?, ?, ?)", err)))
		goto fail;
	sqlite3_bind_text(q, 1, now, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 2, store_user(st), -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(q, 3, blind);
	if (step_done(st, q, _("starting a stocktake"), err) != SD_OK)
		goto fail;
	nid = sqlite3_last_insert_rowid(store_db(st));
	if (!(q = store_prepare(st, "INSERT INTO stocktake_line (stocktake_id, part_id, expected, "
	                        "last_move_id) SELECT ?1, p.id, p.on_hand, coalesce((SELECT "
	                        "max(m.id) FROM stock_move m WHERE m.part_id = p.id), 0) "
	                        "FROM part p WHERE p.active = 1", err)))
		goto fail;
	sqlite3_bind_int64(q, 1, nid);
	if (step_done(st, q, _("taking the stocktake snapshot"), err) != SD_OK)
		goto fail;
	snprintf(key, sizeof key, "%lld", nid);
	if (store_audit(st, "stocktake", key, "start", NULL, blind ? "{\"blind\":1}" : "{\"blind\":0}",
	                err) != SD_OK)
		goto fail;
	if ((rc = store_commit(st, err)) != SD_OK)
		return rc;
	if (id)
		*id = nid;
	return SD_OK;
fail:
	store_rollback(st);
	return err && err->status ? err->status : SD_INTERNAL;
}

/* Inside a transaction: the stocktake must exist and be open. */
static int
must_be_open(store *st, long long id, sd_err *err)
{
	sd_stocktake t;
	int rc;

	if (id <= 0)
		return sd_err_set(err, SD_DATAERR, _("no stocktake %lld"), id);
	if ((rc = stocktake_get(st, id, &t, err)) != SD_OK)
		return rc;
	if (t.posted)
		return sd_err_set(err, SD_DATAERR, _("stocktake %lld is already posted"), id);
	return SD_OK;
}

/* Inside a transaction: set the count of one line. */
static int
set_count(store *st, long long id, const char *part_no, long counted, sd_err *err)
{
	sqlite3_stmt *q;
	int rc;

	if (!part_no || !*part_no)
		return sd_err_set(err, SD_DATAERR, "%s", _("part number: required"));
	if (counted < 0 || counted > MAX_COUNT)
		return sd_err_set(err, SD_DATAERR, "%s",
		                  _("counted: expected a whole number from 0 to 1000000000"));
	if (!(q = store_prepare(st, "UPDATE stocktake_line SET counted = ?3 WHERE stocktake_id = ?1 "
	                        "AND part_id = (SELECT id FROM part WHERE part_no = ?2)", err)))
		return err->status;
	sqlite3_bind_int64(q, 1, id);
	sqlite3_bind_text(q, 2, part_no, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(q, 3, counted);
	if ((rc = step_done(st, q, _("recording a count"), err)) != SD_OK)
		return rc;
	if (sqlite3_changes(store_db(st)) == 0)
		return sd_err_set(err, SD_DATAERR, _("part number: %s is not on stocktake %lld"),
		                  part_no, id);
	return SD_OK;
}

int
stocktake_count(store *st, long long id, const char *part_no, long counted, sd_err *err)
{
	char key[32], json[64];
	int rc;

	sd_err_clear(err);
	if ((rc = staff_permit_self(st, ACT_STOCK_MOVE, err)) != SD_OK)
		return rc;
	if ((rc = store_begin(st, err)) != SD_OK)
		return rc;
	snprintf(key, sizeof key, "%lld", id);
	snprintf(json, sizeof json, "{\"counted\":%ld}", counted);
	if ((rc = must_be_open(st, id, err)) != SD_OK ||
	    (rc = set_count(st, id, part_no, counted, err)) != SD_OK ||
	    (rc = store_audit(st, "stocktake_line", part_no, "count", NULL, json, err)) != SD_OK) {
		store_rollback(st);
		return rc;
	}
	return store_commit(st, err);
}

/* ---------------------------------------------------------------- import */

enum { SC_NO, SC_COUNTED };
static const csvtab_column count_columns[] = {
	[SC_NO]      = { "part_no", { "备件编号", "料号" }, true, N_("part number") },
	[SC_COUNTED] = { "counted", { "实盘数量", "盘点数量" }, true, N_("counted") },
	{ NULL, { NULL }, false, NULL }
};

static bool
parse_count(const char *s, long *out)
{
	char *t = text_trim(s);
	long v = 0;
	bool ok = *t != 0;

	for (const char *p = t; *p && ok; p++) {
		if (*p < '0' || *p > '9' || v > MAX_COUNT)
			ok = false;
		else
			v = v * 10 + (*p - '0');
	}
	free(t);
	if (!ok || v > MAX_COUNT)
		return false;
	*out = v;
	return true;
}

int
stocktake_import_counts(store *st, long long id, const char *path, sd_encoding enc,
                        long *count, sd_err *err)
{
	csvtab_file cf;
	csvtab_seen seen = { 0 };
	char **f;
	long rows = 0, line, n;
	int rc, got;
	bool in_tx = false;
	sd_err verr;

	sd_err_clear(err);
	if ((rc = staff_permit_self(st, ACT_STOCK_MOVE, err)) != SD_OK)
		return rc;
	if (count)
		*count = 0;
	if ((rc = csvtab_open(&cf, path, enc, count_columns, NULL, err)) != SD_OK)
		return rc;
	if ((rc = store_begin(st, err)) != SD_OK)
		goto out;
	in_tx = true;
	if ((rc = must_be_open(st, id, err)) != SD_OK)
		goto out;
	while ((got = csvtab_next(&cf, &f, &line, err)) == 1) {
		char *key = csvtab_trimmed(&cf.l, f, SC_NO);

		if (!*key)
			rc = csvtab_row_error(&cf.l, path, line, SC_NO, _("required"), err);
		else if ((rc = csvtab_key_once(&cf.l, &seen, path, line, SC_NO, key, err)) != SD_OK)
			;
		else if (!parse_count(csvtab_value(&cf.l, f, SC_COUNTED), &n))
			rc = csvtab_row_error(&cf.l, path, line, SC_COUNTED,
			                      _("expected a whole number from 0 to 1000000000"), err);
		else if ((rc = set_count(st, id, key, n, &verr)) != SD_OK)
			rc = csvtab_row_error(&cf.l, path, line, rc == SD_DATAERR ? SC_NO : SC_COUNTED,
			                      verr.msg, err);
		free(key);
		if (rc != SD_OK)
			goto out;
		rows++;
	}
	if (got < 0) {
		rc = err->status;
		goto out;
	}
	{
		char key[32], json[64];
		snprintf(key, sizeof key, "%lld", id);
		snprintf(json, sizeof json, "{\"imported\":%ld}", rows);
		if ((rc = store_audit(st, "stocktake", key, "import", NULL, json, err)) != SD_OK)
			goto out;
	}
	in_tx = false;
	if ((rc = store_commit(st, err)) != SD_OK)
		goto out;
	if (count)
		*count = rows;
out:
	if (in_tx)
		store_rollback(st);
	csvtab_seen_free(&seen);
	csvtab_close(&cf);
	return rc;
}

/* ---------------------------------------------------------------- lines */

static const char *
ctext(sqlite3_stmt *q, int i)
{
	const char *s = (const char *)sqlite3_column_text(q, i);
	return s ? s : "";
}

int
stocktake_lines(store *st, long long id, bool differences_only,
                int (*fn)(const sd_stocktake_line *l, void *arg), void *arg, sd_err *err)
{
	sqlite3_stmt *q;
	sd_stocktake t;
	int rc, s;

	sd_err_clear(err);
	if ((rc = stocktake_get(st, id, &t, err)) != SD_OK)
		return rc;
	if (!(q = store_prepare(st, "SELECT p.part_no, p.name, p.spec, p.unit, p.location, "
	                        "l.expected, l.counted, coalesce((SELECT sum(m.qty) FROM stock_move m "
	                        "WHERE m.part_id = p.id AND m.id > l.last_move_id AND "
	                        "(m.stocktake_id IS NULL OR m.stocktake_id <> l.stocktake_id)), 0) "
	                        "FROM stocktake_line l JOIN part p ON p.id = l.part_id "
	                        "WHERE l.stocktake_id = ?1 ORDER BY p.part_no", err)))
		return err->status;
	sqlite3_bind_int64(q, 1, t.id);
	rc = SD_OK;
	while ((s = sqlite3_step(q)) == SQLITE_ROW) {
		sd_stocktake_line l = {
			.part_no = ctext(q, 0), .name = ctext(q, 1), .spec = ctext(q, 2),
			.unit = ctext(q, 3), .location = ctext(q, 4),
			.expected = (long)sqlite3_column_int64(q, 5),
			.counted_set = sqlite3_column_type(q, 6) != SQLITE_NULL,
			.counted = (long)sqlite3_column_int64(q, 6),
			.moved = (long)sqlite3_column_int64(q, 7),
		};
		l.diff = l.counted_set ? l.counted - l.expected : 0;
		if (differences_only && l.diff == 0)
			continue;
		if (fn && (rc = fn(&l, arg)) != SD_OK)
			break;
	}
	sqlite3_reset(q);
	if (rc == SD_OK && s != SQLITE_DONE && s != SQLITE_ROW)
		return store_fail(st, s, _("reading the stocktake"), err);
	return rc;
}

/* ---------------------------------------------------------------- post */

int
stocktake_post(store *st, long long id, sd_err *err)
{
	sqlite3_stmt *q, *ins, *upd;
	char now[17], key[32], json[96];
	long moves = 0;
	int rc, s;

	sd_err_clear(err);
	if ((rc = staff_permit_self(st, ACT_STOCK_MOVE, err)) != SD_OK)
		return rc;
	if ((rc = store_begin(st, err)) != SD_OK)
		return rc;
	if ((rc = must_be_open(st, id, err)) != SD_OK)
		goto fail;
	store_now(now);
	if (!(q = store_prepare(st, "SELECT p.id, p.part_no, p.on_hand, p.avg_cost_fen, "
	                        "l.counted - l.expected FROM stocktake_line l JOIN part p "
	                        "ON p.id = l.part_id WHERE l.stocktake_id = ?1 AND l.counted IS NOT "
	                        "NULL AND l.counted <> l.expected ORDER BY p.part_no", err)))
		goto fail;
	sqlite3_bind_int64(q, 1, id);
	while ((s = sqlite3_step(q)) == SQLITE_ROW) {
		long long pid = sqlite3_column_int64(q, 0);
		long on_hand = (long)sqlite3_column_int64(q, 2);
		long diff = (long)sqlite3_column_int64(q, 4);

		if (on_hand + diff < 0) {
			/* TRANSLATORS: part number, on hand, the count difference. */
			sd_err_set(err, SD_DATAERR,
			           _("%s: only %ld on hand; the count difference of %ld would go below zero"),
			           ctext(q, 1), on_hand, diff);
			sqlite3_reset(q);
			goto fail;
		}
		if (!(ins = store_prepare(st, "INSERT INTO stock_move (part_id, at, who, kind, qty, "
		                          "cost_fen, stocktake_id) VALUES (?, ?, ?, 'count', ?, ?, ?)",
		                          err)) ||
		    !(upd = store_prepare(st, "UPDATE part SET on_hand = on_hand + ?2, "
		                          "version = version + 1 WHERE id = ?1", err))) {
			sqlite3_reset(q);
			goto fail;
		}
		sqlite3_bind_int64(ins, 1, pid);
		sqlite3_bind_text(ins, 2, now, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(ins, 3, store_user(st), -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(ins, 4, diff);
		sqlite3_bind_int64(ins, 5, sqlite3_column_int64(q, 3));
		sqlite3_bind_int64(ins, 6, id);
		sqlite3_bind_int64(upd, 1, pid);
		sqlite3_bind_int64(upd, 2, diff);
		if (step_done(st, ins, _("writing the stock journal"), err) != SD_OK ||
		    step_done(st, upd, _("saving a part"), err) != SD_OK) {
			sqlite3_reset(q);
			goto fail;
		}
		{
			/* each part's own audit row: its history shows the count */
			char oldj[96], newj[160];

			snprintf(oldj, sizeof oldj, "{\"on_hand\":%ld}", on_hand);
			snprintf(newj, sizeof newj, "{\"on_hand\":%ld,\"qty\":%ld,\"stocktake\":%lld}",
			         on_hand + diff, diff, id);
			if (store_audit(st, "stock_move", ctext(q, 1), "count", oldj, newj, err) != SD_OK) {
				sqlite3_reset(q);
				goto fail;
			}
		}
		moves++;
	}
	sqlite3_reset(q);
	if (s != SQLITE_DONE) {
		store_fail(st, s, _("reading the stocktake"), err);
		goto fail;
	}
	if (!(q = store_prepare(st, "UPDATE stocktake SET posted_at = ?2, posted_by = ?3 "
	                        "WHERE id = ?1", err)))
		goto fail;
	sqlite3_bind_int64(q, 1, id);
	sqlite3_bind_text(q, 2, now, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 3, store_user(st), -1, SQLITE_TRANSIENT);
	if (step_done(st, q, _("posting the stocktake"), err) != SD_OK)
		goto fail;
	snprintf(key, sizeof key, "%lld", id);
	snprintf(json, sizeof json, "{\"movements\":%ld}", moves);
	if (store_audit(st, "stocktake", key, "post", NULL, json, err) != SD_OK)
		goto fail;
	return store_commit(st, err);
fail:
	store_rollback(st);
	return err && err->status ? err->status : SD_INTERNAL;
}

/* ---------------------------------------------------------------- sheet */

struct sheet {
	doc_block *t;
	bool blind;            /* no expected figures */
};

/* Each line of the stocktake as a row of the sheet. */
static int
sheet_line(const sd_stocktake_line *l, void *arg)
{
	const struct sheet *sh = arg;
	doc_cell r[] = {
		doc_text(l->part_no), doc_text(l->name), doc_text(l->spec), doc_text(l->location),
		doc_text(l->unit), sh->blind ? doc_blank() : doc_count(l->expected),
		l->counted_set ? doc_count(l->counted) : doc_empty(), doc_text("__________"),
	};
	doc_row(sh->t, r);
	return SD_OK;
}

int
stocktake_sheet_doc(store *st, long long id, sd_doc **out, sd_err *err)
{
	struct sheet sh;
	sd_stocktake t;
	buf title = { 0 };
	char *site;
	sd_doc *d;
	int rc;

	*out = NULL;
	sd_err_clear(err);
	if ((rc = stocktake_get(st, id, &t, err)) != SD_OK)
		return rc;
	/* TRANSLATORS: stocktake number, date. */
	buf_printf(&title, _("Count sheet (盘点表) No. %lld    %.10s"), t.id, t.started_at);
	if (t.blind)
		buf_puts(&title, _("  (blind)"));
	site = report_site_name(st);
	d = doc_new("stocktake", buf_str(&title), site);
	free(site);
	buf_free(&title);
	doc_add_meta(d, "stocktake", _("Stocktake"), DOC_COUNT, doc_count(t.id));
	doc_add_meta(d, "started_at", _("Started"), DOC_TIME, doc_time(t.started_at));

	/* the name takes what the other columns leave of 80 or 132 */
	doc_col cols[] = {
		{ "part_no", _("Part no."), DOC_TEXT, 0, 12, 12, 0 },
		{ "name", _("Name"), DOC_TEXT, 0, 20, 72, 0 },
		{ "spec", _("Spec"), DOC_TEXT, 0, 12, 12, 0 },
		{ "location", _("Location"), DOC_TEXT, 0, 8, 8, 0 },
		{ "unit", _("Unit"), DOC_TEXT, 0, 4, 4, 0 },
		{ "expected", _("Expected"), DOC_COUNT, 0, 8, 8, 0 },
		{ "counted", _("Counted"), DOC_COUNT, 0, 0, 0, DOC_MACHINE },
		{ "blank", _("Counted"), DOC_TEXT, 0, 10, 10, DOC_PEOPLE },
	};
	doc_section_add(d, "sheet", NULL);
	sh.t = doc_table(d, "lines", NULL, cols, SD_ARRAY_LEN(cols));
	sh.blind = t.blind;
	if ((rc = stocktake_lines(st, t.id, false, sheet_line, &sh, err)) != SD_OK) {
		doc_free(d);
		return rc;
	}
	*out = d;
	return SD_OK;
}
