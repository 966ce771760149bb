/*
 * repair.c — factory repair orders (返厂维修) and loan units (备用机): the
 * numbering, the lifecycle, the workshop's record, the lists, the 委托维修单
 * and the month's figures. See repair.h.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>

#include "buf.h"
#include "common.h"
#include "customer.h"
#include "datetime.h"
#include "doc.h"
#include "gettext.h"
#include "intake.h"
#include "ledger.h"
#include "repair.h"
#include "report.h"
#include "staff.h"
#include "store.h"
#include "text.h"
#include "valid.h"

/* ---------------------------------------------------------------- states */

static const char *const state_codes[RPS_COUNT] = {
	"received", "in_repair", "repaired", "scrapped", "returned"
};
static const char *const state_names[RPS_COUNT] = {
	N_("awaiting repair"), N_("in repair"), N_("repaired"), N_("scrapped"), N_("returned")
};
static const char *const step_codes[RSTEP_COUNT] = { "start", "done", "scrap", "return" };

const char *
repair_state_code(int s)
{
	return s >= 0 && s < RPS_COUNT ? state_codes[s] : "";
}

const char *
repair_state_name(int s)
{
	return s >= 0 && s < RPS_COUNT ? _(state_names[s]) : "";
}

int
repair_state_parse(const char *s)
{
	if (!s)
		return -1;
	for (int i = 0; i < RPS_COUNT; i++)
		if (strcmp(s, state_codes[i]) == 0 || strcmp(s, _(state_names[i])) == 0)
			return i;
	return -1;
}

const char *
repair_step_code(int step)
{
	return step >= 0 && step < RSTEP_COUNT ? step_codes[step] : "";
}

/* The lifecycle: to[step][from] is the new state, or -1 with the reason. */
static const struct {
	int to[RPS_COUNT];
	const char *why[RPS_COUNT];
} lifecycle[RSTEP_COUNT] = {
	[RSTEP_START] = {
		{ RPS_IN_REPAIR, -1, -1, -1, -1 },
		{ NULL, N_("the repair has already begun"), N_("the product is already repaired"),
		  N_("the product was scrapped"), N_("the product was already returned") } },
	[RSTEP_DONE] = {
		{ -1, RPS_REPAIRED, -1, -1, -1 },
		{ N_("the repair has not begun yet"), NULL, N_("the product is already repaired"),
		  N_("the product was scrapped"), N_("the product was already returned") } },
	[RSTEP_SCRAP] = {
		{ RPS_SCRAPPED, RPS_SCRAPPED, -1, -1, -1 },
		{ NULL, NULL, N_("the product is already repaired"),
		  N_("the product was scrapped"), N_("the product was already returned") } },
	[RSTEP_RETURN] = {
		{ -1, -1, RPS_RETURNED, RPS_RETURNED, -1 },
		{ N_("the product is neither repaired nor scrapped yet"),
		  N_("the product is neither repaired nor scrapped yet"), NULL, NULL,
		  N_("the product was already returned") } },
};

int
repair_next_state(int from, int step, const char **why)
{
	if (why)
		*why = NULL;
	if (step < 0 || step >= RSTEP_COUNT || from < 0 || from >= RPS_COUNT) {
		if (why)
			*why = _("unknown state");
		return -1;
	}
	if (lifecycle[step].to[from] < 0 && why)
		*why = _(lifecycle[step].why[from]);
	return lifecycle[step].to[from];
}

void
repair_format_no(char out[24], const char *month, long seq)
{
	snprintf(out, 24, "RM%.6s-%04ld", month, seq);
}

bool
repair_parse_no(const char *s, char month[7], long *seq)
{
	return intake_parse_series_no(s, "RM", month, seq);
}

/* ---------------------------------------------------------------- helpers */

static int
fail(store *st, int rc, sd_err *err)
{
	return store_fail(st, rc, _("updating the repair orders"), err);
}

static int
run(store *st, sqlite3_stmt *q, sd_err *err)
{
	int rc = sqlite3_step(q);

	sqlite3_reset(q);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? SD_OK : fail(st, rc, err);
}

/* An active staff member (login); engineer: one whose role is engineer or supervisor. */
static int
check_person(store *st, const char *login, bool engineer, const char *label, sd_err *err)
{
	sd_staff s;
	sd_err miss;
	int rc = SD_OK;

	if (staff_get(st, login, &s, &miss) != SD_OK)
		return sd_err_set(err, SD_DATAERR, _("%s: %s is not on the staff list"), label, login);
	if (!s.active)
		rc = sd_err_set(err, SD_DATAERR, _("%s: %s is not an active staff member"), label, login);
	else if (engineer && s.role != ROLE_ENGINEER && s.role != ROLE_SUPERVISOR)
		rc = sd_err_set(err, SD_DATAERR, _("%s: %s is not an engineer or supervisor (%s)"),
		                label, login, staff_role_name(s.role));
	staff_free(&s);
	return rc;
}

/* Days from date a to date b ("YYYY-MM-DD"; b "" = today); 0 when a is malformed. */
static long
days_between(const char *a, const char *b)
{
	sd_date da, db;

	if (!date_parse(a, &da))
		return 0;
	if (!b || !*b || !date_parse(b, &db))
		db = store_today();
	return db >= da ? (long)(db - da) : 0;
}

/* ---------------------------------------------------------------- reading */

void
repair_free(sd_repair *r)
{
	if (!r)
		return;
	free(r->customer);
	free(r->serial);
	free(r->model);
	free(r->fault);
	free(r->note);
	free(r->received_by);
	free(r->in_carrier);
	free(r->in_waybill);
	free(r->started_by);
	free(r->done_by);
	free(r->findings);
	free(r->tests);
	free(r->repairer);
	free(r->returned_by);
	free(r->out_carrier);
	free(r->out_waybill);
	memset(r, 0, sizeof *r);
}

#define REPAIR_COLS \
	"o.id, o.rmno, r.regno, r.customer, o.serial, " \
	"(SELECT model FROM equipment WHERE serial = o.serial), " \
	"(SELECT text FROM request_item WHERE request_id = r.id AND pos = 1), " \
	"o.items, o.note, o.state, o.version, o.received_on, o.received_by, o.in_carrier, " \
	"o.in_waybill, o.started_on, o.started_by, o.done_on, o.done_by, o.findings, o.tests, " \
	"o.repairer, o.returned_on, o.returned_by, o.out_carrier, o.out_waybill "
#define REPAIR_FROM \
	"FROM repair_order o JOIN ledger l ON l.id = o.ledger_id JOIN request r ON r.id = l.request_id "

static void
read_repair(sqlite3_stmt *q, sd_repair *o)
{
	memset(o, 0, sizeof *o);
	o->id = sqlite3_column_int64(q, 0);
	store_col_copy(q, 1, o->rmno, sizeof o->rmno);
	store_col_copy(q, 2, o->regno, sizeof o->regno);
	o->customer = store_col_dup(q, 3);
	o->serial = store_col_dup(q, 4);
	o->model = store_col_dup(q, 5);
	o->fault = store_col_dup(q, 6);
	o->items = sqlite3_column_int(q, 7);
	o->note = store_col_dup(q, 8);
	o->state = repair_state_parse((const char *)sqlite3_column_text(q, 9));
	o->version = sqlite3_column_int(q, 10);
	store_col_copy(q, 11, o->received_on, sizeof o->received_on);
	o->received_by = store_col_dup(q, 12);
	o->in_carrier = store_col_dup(q, 13);
	o->in_waybill = store_col_dup(q, 14);
	store_col_copy(q, 15, o->started_on, sizeof o->started_on);
	o->started_by = store_col_dup(q, 16);
	store_col_copy(q, 17, o->done_on, sizeof o->done_on);
	o->done_by = store_col_dup(q, 18);
	o->findings = store_col_dup(q, 19);
	o->tests = store_col_dup(q, 20);
	o->repairer = store_col_dup(q, 21);
	store_col_copy(q, 22, o->returned_on, sizeof o->returned_on);
	o->returned_by = store_col_dup(q, 23);
	o->out_carrier = store_col_dup(q, 24);
	o->out_waybill = store_col_dup(q, 25);
	o->days_away = days_between(o->received_on, o->returned_on);
}

int
repair_get(store *st, const char *rmno, sd_repair *out, sd_err *err)
{
	sqlite3_stmt *q = store_prepare(st, "SELECT " REPAIR_COLS REPAIR_FROM "WHERE o.rmno = ?", err);
	int rc;

	memset(out, 0, sizeof *out);
	if (!q)
		return err->status;
	sqlite3_bind_text(q, 1, rmno ? rmno : "", -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		read_repair(q, out);
	sqlite3_reset(q);
	if (rc == SQLITE_ROW)
		return SD_OK;
	if (rc != SQLITE_DONE)
		return fail(st, rc, err);
	return sd_err_set(err, SD_DATAERR, _("no repair order %s"), rmno ? rmno : "");
}

/* The order's row as JSON (audit trail), malloc'd or NULL. */
static char *
repair_json(store *st, long long id)
{
	sqlite3_stmt *q = store_prepare(st,
		"SELECT json_object('rmno', rmno, 'ledger_id', ledger_id, 'serial', serial, 'items', items, "
		"'note', note, 'state', state, 'version', version, 'received_on', received_on, "
		"'received_by', received_by, 'in_carrier', in_carrier, 'in_waybill', in_waybill, "
		"'started_on', started_on, 'started_by', started_by, 'done_on', done_on, "
		"'done_by', done_by, 'findings', findings, 'tests', tests, 'repairer', repairer, "
		"'returned_on', returned_on, 'returned_by', returned_by, 'out_carrier', out_carrier, "
		"'out_waybill', out_waybill) FROM repair_order WHERE id = ?", NULL);
	char *s = NULL;

	if (!q)
		return NULL;
	sqlite3_bind_int64(q, 1, id);
	if (sqlite3_step(q) == SQLITE_ROW)
		s = store_col_dup(q, 0);
	sqlite3_reset(q);
	return s;
}

/* The ledger entry regno: its id, refused when it is closed. */
static int
open_entry(store *st, const char *regno, long long *id, sd_err *err)
{
	sd_ledger l;
	int rc;

	if ((rc = ledger_get(st, regno, &l, err)) != SD_OK)
		return rc;
	*id = l.id;
	if (l.state == LS_CLOSED || l.state == LS_UNRESOLVABLE)
		/* TRANSLATORS: register number, state (closed, unresolvable). */
		rc = sd_err_set(err, SD_DATAERR, _("%s is %s; nothing more can be recorded on it"),
		                l.regno, ledger_state_name(l.state));
	ledger_free(&l);
	return rc;
}

/* ---------------------------------------------------------------- opening */

int
repair_open(store *st, const sd_repair_open *o, char rmno[24], sd_err *err)
{
	bool nested = false;
	char on[11], month[7], *serial = NULL, *json = NULL;
	long long ledger_id, id;
	sqlite3_stmt *q;
	long seq;
	int items = o->items ? o->items : 1;
	int rc;

	sd_err_clear(err);
	rmno[0] = '\0';
	if ((rc = staff_permit_self(st, ACT_REPAIR_RECEIVE, err)) != SD_OK)
		return rc;
	if (text_blank(o->regno))
		return sd_err_set(err, SD_DATAERR, _("%s: %s"), "regno", _("required"));
	if ((rc = valid_field(o->serial, "product", true, SD_TEXT_CODE, err)) != SD_OK ||
	    (rc = valid_field(o->note, "note", false, SD_TEXT_LONG, err)) != SD_OK ||
	    (rc = valid_field(o->carrier, "carrier", false, SD_TEXT_NAME, err)) != SD_OK ||
	    (rc = valid_field(o->waybill, "waybill", false, SD_TEXT_CODE, err)) != SD_OK)
		return rc;
	if (items < 1 || items > 9999)
		return sd_err_set(err, SD_DATAERR, _("%s: %s"), "items", _("must be 1 to 9999"));
	if ((rc = valid_date_on(o->on, on, "on", err)) != SD_OK)
		return rc;
	serial = text_trim_or_null(o->serial);
	if ((rc = store_change_begin(st, &nested, err)) != SD_OK) {
		free(serial);
		return rc;
	}
	if ((rc = open_entry(st, o->regno, &ledger_id, err)) != SD_OK)
		goto fail;
	snprintf(month, sizeof month, "%.4s%.2s", on, on + 5);
	{
		char key[16];

		snprintf(key, sizeof key, "RM%s", month);
		if ((rc = intake_next_seq(st, key, &seq, err)) != SD_OK)
			goto fail;
	}
	repair_format_no(rmno, month, seq);
	q = store_prepare(st,
		"INSERT INTO repair_order (rmno, month, seq, ledger_id, serial, items, note, state, "
		"received_on, received_by, in_carrier, in_waybill) "
		"VALUES (?, ?, ?, ?, ?, ?, ?, 'received', ?, ?, ?, ?)", err);
	if (!q) {
		rc = err->status;
		goto fail;
	}
	sqlite3_bind_text(q, 1, rmno, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 2, month, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(q, 3, seq);
	sqlite3_bind_int64(q, 4, ledger_id);
	sqlite3_bind_text(q, 5, serial, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(q, 6, items);
	store_bind_opt_text(q, 7, o->note);
	sqlite3_bind_text(q, 8, on, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 9, store_user(st), -1, SQLITE_TRANSIENT);
	store_bind_opt_text(q, 10, o->carrier);
	store_bind_opt_text(q, 11, o->waybill);
	if ((rc = run(st, q, err)) != SD_OK)
		goto fail;
	id = sqlite3_last_insert_rowid(store_db(st));
	json = repair_json(st, id);
	if ((rc = store_audit(st, "repair_order", rmno, "insert", NULL, json, err)) != SD_OK)
		goto fail;
	free(json);
	free(serial);
	return store_change_commit(st, nested, err);
fail:
	store_change_rollback(st, nested);
	free(json);
	free(serial);
	rmno[0] = '\0';
	return rc ? rc : SD_INTERNAL;
}

/* ---------------------------------------------------------------- steps */

int
repair_step(store *st, const char *rmno, int step, const sd_repair_args *a,
            int expected_version, sd_err *err)
{
	bool nested = false;
	static const sd_repair_args none;
	sd_repair cur;
	const char *why, *prev;
	const char *by;
	char on[11], *old_json = NULL, *new_json = NULL;
	sqlite3_stmt *q = NULL;
	int to, rc;

	sd_err_clear(err);
	memset(&cur, 0, sizeof cur);
	if (!a)
		a = &none;
	if (step < 0 || step >= RSTEP_COUNT)
		return sd_err_set(err, SD_INTERNAL, "repair_step: %d", step);
	if ((rc = staff_permit_self(st, ACT_REPAIR_WORK, err)) != SD_OK)
		return rc;
	by = text_blank(a->by) ? store_user(st) : a->by;
	if ((rc = valid_date_on(a->on, on, "on", err)) != SD_OK ||
	    (rc = valid_field(by, "by", true, SD_TEXT_LOGIN, err)) != SD_OK ||
	    (rc = valid_field(a->findings, "findings", step == RSTEP_SCRAP, SD_TEXT_LONG, err)) != SD_OK ||
	    (rc = valid_field(a->tests, "tests", false, SD_TEXT_LONG, err)) != SD_OK ||
	    (rc = valid_field(a->repairer, "repairer", false, SD_TEXT_LOGIN, err)) != SD_OK ||
	    (rc = valid_field(a->carrier, "carrier", step == RSTEP_RETURN, SD_TEXT_NAME, err)) != SD_OK ||
	    (rc = valid_field(a->waybill, "waybill", step == RSTEP_RETURN, SD_TEXT_CODE, err)) != SD_OK)
		return rc;
	if ((rc = store_change_begin(st, &nested, err)) != SD_OK)
		return rc;
	if ((rc = repair_get(st, rmno, &cur, err)) != SD_OK)
		goto fail;
	if (expected_version >= 0 && cur.version != expected_version) {
		char who[160];

		store_changed_by(st, "repair_order", cur.rmno, who, sizeof who);
		rc = sd_err_set(err, SD_DATAERR,
		                _("%s was changed meanwhile (%s); your change was not saved — the current values are shown"),
		                cur.rmno, who);
		goto fail;
	}
	if ((to = repair_next_state(cur.state, step, &why)) < 0) {
		rc = sd_err_set(err, SD_DATAERR, _("%s: %s"), cur.rmno, why);
		goto fail;
	}
	if ((rc = check_person(st, by, true, "by", err)) != SD_OK)
		goto fail;
	if (!text_blank(a->repairer) && (rc = check_person(st, a->repairer, true, "repairer", err)) != SD_OK)
		goto fail;
	prev = cur.returned_on[0] ? cur.returned_on : cur.done_on[0] ? cur.done_on
	     : cur.started_on[0] ? cur.started_on : cur.received_on;
	if (strcmp(on, prev) < 0) {
		/* TRANSLATORS: the date given, the date of the previous step. */
		rc = sd_err_set(err, SD_DATAERR, _("on: %s is before the previous step (%s)"), on, prev);
		goto fail;
	}
	old_json = repair_json(st, cur.id);
	switch (step) {
	case RSTEP_START:
		q = store_prepare(st, "UPDATE repair_order SET state = ?2, started_on = ?3, started_by = ?4, "
		                      "version = version + 1 WHERE id = ?1", err);
		break;
	case RSTEP_DONE:
	case RSTEP_SCRAP:
		q = store_prepare(st, "UPDATE repair_order SET state = ?2, done_on = ?3, done_by = ?4, "
		                      "findings = coalesce(?5, findings), tests = coalesce(?6, tests), "
		                      "repairer = coalesce(?7, repairer, ?4), version = version + 1 WHERE id = ?1", err);
		break;
	default:
		q = store_prepare(st, "UPDATE repair_order SET state = ?2, returned_on = ?3, returned_by = ?4, "
		                      "out_carrier = ?5, out_waybill = ?6, version = version + 1 WHERE id = ?1", err);
		break;
	}
	if (!q) {
		rc = err->status;
		goto fail;
	}
	sqlite3_bind_int64(q, 1, cur.id);
	sqlite3_bind_text(q, 2, repair_state_code(to), -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, on, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 4, by, -1, SQLITE_TRANSIENT);
	if (step == RSTEP_DONE || step == RSTEP_SCRAP) {
		store_bind_opt_text(q, 5, a->findings);
		store_bind_opt_text(q, 6, a->tests);
		store_bind_opt_text(q, 7, a->repairer);
	} else if (step == RSTEP_RETURN) {
		store_bind_opt_text(q, 5, a->carrier);
		store_bind_opt_text(q, 6, a->waybill);
	}
	if ((rc = run(st, q, err)) != SD_OK)
		goto fail;
	new_json = repair_json(st, cur.id);
	if ((rc = store_audit(st, "repair_order", cur.rmno, step_codes[step], old_json, new_json, err)) != SD_OK)
		goto fail;
	rc = store_change_commit(st, nested, err);
	goto out;
fail:
	store_change_rollback(st, nested);
	if (!rc)
		rc = SD_INTERNAL;
out:
	free(old_json);
	free(new_json);
	repair_free(&cur);
	return rc;
}

int
repair_issue_target(store *st, const char *rmno, long long *id, char regno[24], sd_err *err)
{
	sd_repair o;
	int rc;

	if ((rc = repair_get(st, rmno, &o, err)) != SD_OK)
		return rc;
	*id = o.id;
	snprintf(regno, 24, "%s", o.regno);
	if (o.state != RPS_RECEIVED && o.state != RPS_IN_REPAIR)
		/* TRANSLATORS: repair order number, its state. */
		rc = sd_err_set(err, SD_DATAERR, _("%s is %s: parts cannot be issued to it"),
		                o.rmno, repair_state_name(o.state));
	repair_free(&o);
	return rc;
}

int
repair_parts_each(store *st, const char *rmno, int (*fn)(const sd_repair_part *p, void *arg),
                  void *arg, sd_err *err)
{
	sqlite3_stmt *q;
	int rc, stop = 0;

	sd_err_clear(err);
	q = store_prepare(st,
		"SELECT p.part_no, p.name, -m.qty, m.cost_fen, m.at FROM stock_move m "
		"JOIN part p ON p.id = m.part_id JOIN repair_order o ON o.id = m.repair_id "
		"WHERE o.rmno = ? AND m.kind = 'issue' ORDER BY m.id", err);
	if (!q)
		return err->status;
	sqlite3_bind_text(q, 1, rmno, -1, SQLITE_TRANSIENT);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		sd_repair_part p;

		p.part_no = (const char *)sqlite3_column_text(q, 0);
		p.name = (const char *)sqlite3_column_text(q, 1);
		p.qty = (long)sqlite3_column_int64(q, 2);
		p.cost_fen = sqlite3_column_int64(q, 3);
		store_col_copy(q, 4, p.at, sizeof p.at);
		if ((stop = fn(&p, arg)) != 0)
			break;
	}
	sqlite3_reset(q);
	if (stop)
		return stop;
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? SD_OK : fail(st, rc, err);
}

/* ---------------------------------------------------------------- lists */

/*
 * Keyset paging over (date column, id): the SQL of the four directions is
 * built from fixed pieces only; values are bound.
 */
static int
page_sql(buf *sql, const char *select, const char *where, const char *datecol, const char *idcol,
         enum sd_page_from from)
{
	buf_puts(sql, select);
	buf_puts(sql, " WHERE ");
	buf_puts(sql, where);
	if (from == PAGE_AFTER)
		buf_printf(sql, " AND (%s, %s) > (?10, ?11)", datecol, idcol);
	else if (from == PAGE_BEFORE)
		buf_printf(sql, " AND (%s, %s) < (?10, ?11)", datecol, idcol);
	if (from == PAGE_LAST || from == PAGE_BEFORE)
		buf_printf(sql, " ORDER BY %s DESC, %s DESC LIMIT ?12", datecol, idcol);
	else
		buf_printf(sql, " ORDER BY %s, %s LIMIT ?12", datecol, idcol);
	return (from == PAGE_LAST || from == PAGE_BEFORE);
}

int
repair_page(store *st, const sd_repair_query *qy, enum sd_page_from from, const sd_repair *anchor,
            int limit, sd_repair *rows, int *n, sd_err *err)
{
	buf sql = { 0 };
	sqlite3_stmt *q;
	int rc, reverse;

	sd_err_clear(err);
	*n = 0;
	reverse = page_sql(&sql, "SELECT " REPAIR_COLS REPAIR_FROM,
	                   "(?1 = 0 OR o.state <> 'returned') AND (?2 IS NULL OR r.regno = ?2)",
	                   "o.received_on", "o.id", from);
	q = store_prepare(st, buf_str(&sql), err);
	buf_free(&sql);
	if (!q)
		return err->status;
	sqlite3_bind_int(q, 1, qy && qy->away_only);
	store_bind_opt_text(q, 2, qy ? qy->regno : NULL);
	if (anchor && (from == PAGE_AFTER || from == PAGE_BEFORE)) {
		sqlite3_bind_text(q, 10, anchor->received_on, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(q, 11, anchor->id);
	}
	sqlite3_bind_int(q, 12, limit);
	while (*n < limit && (rc = sqlite3_step(q)) == SQLITE_ROW)
		read_repair(q, &rows[(*n)++]);
	if (*n < limit && rc != SQLITE_DONE) {
		sqlite3_reset(q);
		for (int i = 0; i < *n; i++)
			repair_free(&rows[i]);
		*n = 0;
		return fail(st, rc, err);
	}
	sqlite3_reset(q);
	if (reverse)
		for (int i = 0, j = *n - 1; i < j; i++, j--) {
			sd_repair t = rows[i];
			rows[i] = rows[j];
			rows[j] = t;
		}
	return SD_OK;
}

/* ---------------------------------------------------------------- the form */

static void
form_row(doc_block *t, const char *key, const char *label, const char *value)
{
	doc_cell cells[3] = { doc_text(key), doc_text(label), doc_text(value && *value ? value : NULL) };

	doc_row(t, cells);
}

static void
form_part(sd_doc *d, const sd_repair *o, const char *key, const char *heading)
{
	doc_col cols[3] = {
		{ "field", NULL, DOC_TEXT, 0, 0, 0, DOC_MACHINE },
		{ "label", NULL, DOC_TEXT, 0, 24, 26, DOC_PEOPLE },
		{ "value", NULL, DOC_TEXT, 0, 52, 100, 0 },
	};
	doc_block *t;
	char items[16];

	cols[0].head = (char *)"field";
	cols[1].head = (char *)_("Field");
	cols[2].head = (char *)_("Value");
	doc_section_add(d, key, heading);
	t = doc_table(d, "fields", NULL, cols, 3);
	form_row(t, "rmno", _("Repair order no."), o->rmno);
	form_row(t, "regno", _("Register no."), o->regno);
	form_row(t, "customer", _("Customer"), o->customer);
	form_row(t, "product", _("Product"), o->model);
	form_row(t, "serial", _("Serial no."), o->serial);
	form_row(t, "fault", _("Fault as reported"), o->fault);
	snprintf(items, sizeof items, "%d", o->items);
	form_row(t, "items", _("Pieces"), items);
	form_row(t, "note", _("Accessories and remarks"), o->note);
	form_row(t, "received_on", _("Received on"), o->received_on);
	form_row(t, "received_by", _("Received by"), o->received_by);
	form_row(t, "carrier", _("Carrier"), o->in_carrier);
	form_row(t, "waybill", _("Waybill no."), o->in_waybill);
	doc_note(d, NULL, _("Customer's signature: ______________    Received by (signature): ______________"));
}

int
repair_form(store *st, const char *rmno, sd_doc **out, sd_err *err)
{
	sd_repair o;
	buf title = { 0 };
	char *site;
	sd_doc *d;
	int rc;

	*out = NULL;
	if ((rc = repair_get(st, rmno, &o, err)) != SD_OK)
		return rc;
	site = report_site_name(st);
	/* TRANSLATORS: the repair order's number. */
	buf_printf(&title, _("Repair commission %s"), o.rmno);
	d = doc_new("repair_order", buf_str(&title), site);
	buf_free(&title);
	free(site);
	doc_add_meta(d, "rmno", _("Repair order no."), DOC_TEXT, doc_text(o.rmno));
	form_part(d, &o, "customer_copy", _("Part 1: the customer's copy"));
	doc_note(d, NULL, _("- - - - - - - - - - - - - - - - cut here - - - - - - - - - - - - - - - -"));
	form_part(d, &o, "product_copy", _("Part 2: travels with the product"));
	repair_free(&o);
	*out = d;
	return SD_OK;
}

/* ---------------------------------------------------------------- loan units */

void
loan_free(sd_loan *l)
{
	if (!l)
		return;
	free(l->unit);
	free(l->model);
	free(l->customer);
	free(l->lent_by);
	free(l->returned_by);
	free(l->note);
	memset(l, 0, sizeof *l);
}

#define LOAN_COLS \
	"n.id, r.regno, e.serial, e.model, r.customer, n.lent_on, n.lent_by, n.returned_on, " \
	"n.returned_by, n.note "
#define LOAN_FROM \
	"FROM loan n JOIN equipment e ON e.id = n.equipment_id JOIN ledger l ON l.id = n.ledger_id " \
	"JOIN request r ON r.id = l.request_id "

static void
read_loan(sqlite3_stmt *q, sd_loan *l)
{
	memset(l, 0, sizeof *l);
	l->id = sqlite3_column_int64(q, 0);
	store_col_copy(q, 1, l->regno, sizeof l->regno);
	l->unit = store_col_dup(q, 2);
	l->model = store_col_dup(q, 3);
	l->customer = store_col_dup(q, 4);
	store_col_copy(q, 5, l->lent_on, sizeof l->lent_on);
	l->lent_by = store_col_dup(q, 6);
	store_col_copy(q, 7, l->returned_on, sizeof l->returned_on);
	l->returned_by = store_col_dup(q, 8);
	l->note = store_col_dup(q, 9);
	l->days_out = days_between(l->lent_on, l->returned_on);
}

static char *
loan_json(store *st, long long id)
{
	sqlite3_stmt *q = store_prepare(st,
		"SELECT json_object('unit', e.serial, 'ledger_id', n.ledger_id, 'lent_on', n.lent_on, "
		"'lent_by', n.lent_by, 'returned_on', n.returned_on, 'returned_by', n.returned_by, "
		"'note', n.note) FROM loan n JOIN equipment e ON e.id = n.equipment_id WHERE n.id = ?", NULL);
	char *s = NULL;

	if (!q)
		return NULL;
	sqlite3_bind_int64(q, 1, id);
	if (sqlite3_step(q) == SQLITE_ROW)
		s = store_col_dup(q, 0);
	sqlite3_reset(q);
	return s;
}

/* The loan out: of entry ledger_id (> 0) or of unit equipment_id (> 0); its id or 0. */
static long long
loan_out(store *st, long long ledger_id, long long equipment_id, char regno[24])
{
	sqlite3_stmt *q = store_prepare(st,
		"SELECT n.id, r.regno FROM loan n JOIN ledger l ON l.id = n.ledger_id "
		"JOIN request r ON r.id = l.request_id "
		"WHERE n.returned_on IS NULL AND (n.ledger_id = ?1 OR n.equipment_id = ?2)", NULL);
	long long id = 0;

	if (regno)
		regno[0] = '\0';
	if (!q)
		return 0;
	sqlite3_bind_int64(q, 1, ledger_id);
	sqlite3_bind_int64(q, 2, equipment_id);
	if (sqlite3_step(q) == SQLITE_ROW) {
		id = sqlite3_column_int64(q, 0);
		if (regno)
			store_col_copy(q, 1, regno, 24);
	}
	sqlite3_reset(q);
	return id;
}

int
loan_lend(store *st, const char *regno, const char *unit, const char *on, const char *note,
          sd_err *err)
{
	bool nested = false;
	long long ledger_id, eq_id = 0, id;
	char day[11], other[24], *json = NULL;
	sqlite3_stmt *q;
	bool is_loan = false;
	int rc;

	sd_err_clear(err);
	if ((rc = staff_permit_self(st, ACT_LOAN, err)) != SD_OK)
		return rc;
	if (text_blank(regno))
		return sd_err_set(err, SD_DATAERR, _("%s: %s"), "regno", _("required"));
	if ((rc = valid_field(unit, "unit", true, SD_TEXT_CODE, err)) != SD_OK ||
	    (rc = valid_field(note, "note", false, SD_TEXT_LINE, err)) != SD_OK ||
	    (rc = valid_date_on(on, day, "on", err)) != SD_OK)
		return rc;
	if ((rc = store_change_begin(st, &nested, err)) != SD_OK)
		return rc;
	if ((rc = open_entry(st, regno, &ledger_id, err)) != SD_OK)
		goto fail;
	if (!(q = store_prepare(st, "SELECT id, loan_unit FROM equipment WHERE serial = ?", err))) {
		rc = err->status;
		goto fail;
	}
	sqlite3_bind_text(q, 1, unit, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(q) == SQLITE_ROW) {
		eq_id = sqlite3_column_int64(q, 0);
		is_loan = sqlite3_column_int(q, 1) != 0;
	}
	sqlite3_reset(q);
	if (!eq_id) {
		rc = sd_err_set(err, SD_DATAERR, _("unit: no equipment with serial number %s"), unit);
		goto fail;
	}
	if (!is_loan) {
		rc = sd_err_set(err, SD_DATAERR, _("unit: %s is not marked as a loan unit"), unit);
		goto fail;
	}
	if (loan_out(st, 0, eq_id, other)) {
		/* TRANSLATORS: serial number, register number it is lent to. */
		rc = sd_err_set(err, SD_DATAERR, _("unit: %s is already lent out (%s)"), unit, other);
		goto fail;
	}
	if (loan_out(st, ledger_id, 0, NULL)) {
		rc = sd_err_set(err, SD_DATAERR, _("%s already has a loan unit out"), regno);
		goto fail;
	}
	if (!(q = store_prepare(st, "INSERT INTO loan (equipment_id, ledger_id, lent_on, lent_by, note) "
	                            "VALUES (?, ?, ?, ?, ?)", err))) {
		rc = err->status;
		goto fail;
	}
	sqlite3_bind_int64(q, 1, eq_id);
	sqlite3_bind_int64(q, 2, ledger_id);
	sqlite3_bind_text(q, 3, day, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 4, store_user(st), -1, SQLITE_TRANSIENT);
	store_bind_opt_text(q, 5, note);
	if ((rc = run(st, q, err)) != SD_OK)
		goto fail;
	id = sqlite3_last_insert_rowid(store_db(st));
	json = loan_json(st, id);
	if ((rc = store_audit(st, "loan", unit, "lend", NULL, json, err)) != SD_OK)
		goto fail;
	free(json);
	return store_change_commit(st, nested, err);
fail:
	free(json);
	store_change_rollback(st, nested);
	return rc ? rc : SD_INTERNAL;
}

int
loan_return(store *st, const char *regno, const char *unit, const char *on, sd_err *err)
{
	bool nested = false;
	long long ledger_id = 0, eq_id = 0, id;
	char day[11], lent_on[11] = "", *old = NULL, *new = NULL, key[64];
	sqlite3_stmt *q;
	int rc;

	sd_err_clear(err);
	if ((rc = staff_permit_self(st, ACT_LOAN, err)) != SD_OK)
		return rc;
	if (text_blank(regno) && text_blank(unit))
		return sd_err_set(err, SD_DATAERR, _("%s: %s"), "unit", _("required"));
	if ((rc = valid_date_on(on, day, "on", err)) != SD_OK)
		return rc;
	if ((rc = store_change_begin(st, &nested, err)) != SD_OK)
		return rc;
	if (!text_blank(regno)) {
		sd_ledger l;

		if ((rc = ledger_get(st, regno, &l, err)) != SD_OK)
			goto fail;
		ledger_id = l.id;
		ledger_free(&l);
	} else {
		if (!(q = store_prepare(st, "SELECT id FROM equipment WHERE serial = ?", err))) {
			rc = err->status;
			goto fail;
		}
		sqlite3_bind_text(q, 1, unit, -1, SQLITE_TRANSIENT);
		if (sqlite3_step(q) == SQLITE_ROW)
			eq_id = sqlite3_column_int64(q, 0);
		sqlite3_reset(q);
		if (!eq_id) {
			rc = sd_err_set(err, SD_DATAERR, _("unit: no equipment with serial number %s"), unit);
			goto fail;
		}
	}
	if (!(id = loan_out(st, ledger_id, eq_id, NULL))) {
		rc = !text_blank(regno) ? sd_err_set(err, SD_DATAERR, _("%s has no loan unit out"), regno)
		                   : sd_err_set(err, SD_DATAERR, _("unit: %s is not lent out"), unit);
		goto fail;
	}
	if (!(q = store_prepare(st, "SELECT n.lent_on, e.serial FROM loan n JOIN equipment e "
	                            "ON e.id = n.equipment_id WHERE n.id = ?", err))) {
		rc = err->status;
		goto fail;
	}
	sqlite3_bind_int64(q, 1, id);
	key[0] = '\0';
	if (sqlite3_step(q) == SQLITE_ROW) {
		store_col_copy(q, 0, lent_on, sizeof lent_on);
		store_col_copy(q, 1, key, sizeof key);
	}
	sqlite3_reset(q);
	if (strcmp(day, lent_on) < 0) {
		rc = sd_err_set(err, SD_DATAERR, _("on: %s is before the unit was lent (%s)"), day, lent_on);
		goto fail;
	}
	old = loan_json(st, id);
	if (!(q = store_prepare(st, "UPDATE loan SET returned_on = ?2, returned_by = ?3 WHERE id = ?1", err))) {
		rc = err->status;
		goto fail;
	}
	sqlite3_bind_int64(q, 1, id);
	sqlite3_bind_text(q, 2, day, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 3, store_user(st), -1, SQLITE_TRANSIENT);
	if ((rc = run(st, q, err)) != SD_OK)
		goto fail;
	new = loan_json(st, id);
	if ((rc = store_audit(st, "loan", key, "return", old, new, err)) != SD_OK)
		goto fail;
	free(old);
	free(new);
	return store_change_commit(st, nested, err);
fail:
	free(old);
	free(new);
	store_change_rollback(st, nested);
	return rc ? rc : SD_INTERNAL;
}

int
loan_of_entry(store *st, const char *regno, sd_loan *out, sd_err *err)
{
	sqlite3_stmt *q = store_prepare(st, "SELECT " LOAN_COLS LOAN_FROM
	                                    "WHERE r.regno = ? AND n.returned_on IS NULL", err);
	int rc;

	memset(out, 0, sizeof *out);
	if (!q)
		return err->status;
	sqlite3_bind_text(q, 1, regno ? regno : "", -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		read_loan(q, out);
	sqlite3_reset(q);
	if (rc == SQLITE_ROW)
		return SD_OK;
	if (rc != SQLITE_DONE)
		return fail(st, rc, err);
	return sd_err_set(err, SD_DATAERR, _("%s has no loan unit out"), regno ? regno : "");
}

int
loan_page(store *st, bool out_only, enum sd_page_from from, const sd_loan *anchor,
          int limit, sd_loan *rows, int *n, sd_err *err)
{
	buf sql = { 0 };
	sqlite3_stmt *q;
	int rc, reverse;

	sd_err_clear(err);
	*n = 0;
	reverse = page_sql(&sql, "SELECT " LOAN_COLS LOAN_FROM, "(?1 = 0 OR n.returned_on IS NULL)",
	                   "n.lent_on", "n.id", from);
	q = store_prepare(st, buf_str(&sql), err);
	buf_free(&sql);
	if (!q)
		return err->status;
	sqlite3_bind_int(q, 1, out_only);
	if (anchor && (from == PAGE_AFTER || from == PAGE_BEFORE)) {
		sqlite3_bind_text(q, 10, anchor->lent_on, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(q, 11, anchor->id);
	}
	sqlite3_bind_int(q, 12, limit);
	while (*n < limit && (rc = sqlite3_step(q)) == SQLITE_ROW)
		read_loan(q, &rows[(*n)++]);
	if (*n < limit && rc != SQLITE_DONE) {
		sqlite3_reset(q);
		for (int i = 0; i < *n; i++)
			loan_free(&rows[i]);
		*n = 0;
		return fail(st, rc, err);
	}
	sqlite3_reset(q);
	if (reverse)
		for (int i = 0, j = *n - 1; i < j; i++, j--) {
			sd_loan t = rows[i];
			rows[i] = rows[j];
			rows[j] = t;
		}
	return SD_OK;
}

/* ---------------------------------------------------------------- the month */

int
repair_month(store *st, const char *first, const char *next, sd_repair_month *out, sd_err *err)
{
	sqlite3_stmt *q = store_prepare(st,
		"SELECT "
		"(SELECT count(*) FROM repair_order WHERE received_on >= ?1 AND received_on < ?2), "
		"(SELECT count(*) FROM repair_order WHERE returned_on >= ?1 AND returned_on < ?2), "
		"(SELECT count(*) FROM repair_order WHERE received_on < ?2 "
		"   AND (returned_on IS NULL OR returned_on >= ?2)), "
		"(SELECT coalesce(sum(julianday(returned_on) - julianday(received_on)), 0) "
		"   FROM repair_order WHERE returned_on >= ?1 AND returned_on < ?2), "
		"(SELECT count(*) FROM loan WHERE lent_on < ?2 AND (returned_on IS NULL OR returned_on >= ?2)), "
		"(SELECT count(*) FROM loan WHERE lent_on >= ?1 AND lent_on < ?2)", err);
	int rc;

	memset(out, 0, sizeof *out);
	if (!q)
		return err->status;
	sqlite3_bind_text(q, 1, first, strlen(first) > 10 ? 10 : -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 2, next, strlen(next) > 10 ? 10 : -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		out->opened = (long)sqlite3_column_int64(q, 0);
		out->returned = (long)sqlite3_column_int64(q, 1);
		out->away = (long)sqlite3_column_int64(q, 2);
		out->turnaround_n = out->returned;
		out->turnaround_days = (long)sqlite3_column_int64(q, 3);
		out->loans_out = (long)sqlite3_column_int64(q, 4);
		out->loans_lent = (long)sqlite3_column_int64(q, 5);
	}
	sqlite3_reset(q);
	return rc == SQLITE_ROW ? SD_OK : store_fail(st, rc, _("reading the repair orders"), err);
}

void
repair_month_doc(sd_doc *d, const sd_repair_month *m)
{
	if (!m->opened && !m->returned && !m->away && !m->loans_out && !m->loans_lent)
		return;
	doc_section_add(d, "factory_repairs", _("Factory repairs and loan units"));
	doc_figure_add(d, "opened", _("Repair orders opened in the month"), DOC_COUNT, 0, 0, doc_count(m->opened));
	doc_figure_add(d, "returned", _("Products returned in the month"), DOC_COUNT, 0, 0, doc_count(m->returned));
	doc_figure_add(d, "away", _("Still at the factory at the month's end"), DOC_COUNT, 0, 0, doc_count(m->away));
	doc_figure_add(d, "turnaround_days", _("Average turnaround of those returned (days)"), DOC_RATIO, 1, 0,
	               doc_ratio(m->turnaround_days, m->turnaround_n));
	doc_figure_add(d, "loans_lent", _("Loan units lent in the month"), DOC_COUNT, 0, 0, doc_count(m->loans_lent));
	doc_figure_add(d, "loans_out", _("Loan units out at the month's end"), DOC_COUNT, 0, 0, doc_count(m->loans_out));
}

/* ---------------------------------------------------------------- demonstration */

/* The date days before today into out. */
static void
days_ago(int days, char out[11])
{
	date_format(store_today() - days, out);
}

/* The later of two dates "YYYY-MM-DD" (b may be a time: its date counts). */
static void
later(char a[11], const char *b)
{
	if (b && strncmp(b, a, 10) > 0)
		snprintf(a, 11, "%.10s", b);
}

int
repair_demo(store *st, sd_err *err)
{
	sd_customer own = { .name = (char *)"本公司售后服务部", .address = (char *)"备件库 2 号架" };
	sd_equipment unit = { .customer = (char *)"本公司售后服务部", .serial = (char *)"BY-JY60-01",
	                      .model = (char *)"JY-60 加药计量泵(备用机)", .loan_unit = true,
	                      .note = (char *)"借出前检查泵头、单向阀，随机附 5 m 软管" };
	sd_equipment unit2 = { .customer = (char *)"本公司售后服务部", .serial = (char *)"BY-SB350-01",
	                       .model = (char *)"SB-350 送水泵组电机(备用机)", .loan_unit = true };
	sqlite3_stmt *q;
	char regno[24] = "", received[17] = "", rm[24], on[11];
	int rc;

	sd_err_clear(err);
	if ((rc = customer_put(st, &own, err)) != SD_OK || (rc = equipment_put(st, &unit, err)) != SD_OK ||
	    (rc = equipment_put(st, &unit2, err)) != SD_OK)
		return rc;
	/* the latest open entry about a metering pump of the water works */
	q = store_prepare(st,
		"SELECT r.regno, r.received_at FROM ledger l JOIN request r ON r.id = l.request_id "
		"JOIN equipment e ON e.serial = r.serial "
		"WHERE l.state NOT IN ('closed', 'unresolvable') AND e.model LIKE '%泵%' "
		"ORDER BY r.received_at <= ?1 DESC, r.received_at DESC LIMIT 1", err);
	if (!q)
		return err->status;
	days_ago(7, on);
	sqlite3_bind_text(q, 1, on, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(q) == SQLITE_ROW) {
		store_col_copy(q, 0, regno, sizeof regno);
		store_col_copy(q, 1, received, sizeof received);
	}
	sqlite3_reset(q);
	if (!regno[0])
		return SD_OK;
	{
		sd_repair_open o = { .regno = regno, .items = 1,
		                     .note = "泵头隔膜破损、单向阀卡滞，用户自述出药量忽大忽小；随泵附电机一台、进出口软管各一根",
		                     .carrier = "德邦物流", .waybill = "DB7731902245" };
		sd_repair_args start = { 0 };
		char serial[64] = "";

		q = store_prepare(st, "SELECT serial FROM request WHERE regno = ?", err);
		if (!q)
			return err->status;
		sqlite3_bind_text(q, 1, regno, -1, SQLITE_STATIC);
		if (sqlite3_step(q) == SQLITE_ROW)
			store_col_copy(q, 0, serial, sizeof serial);
		sqlite3_reset(q);
		o.serial = serial;
		days_ago(6, on);
		later(on, received);
		o.on = on;
		if ((rc = repair_open(st, &o, rm, err)) != SD_OK)
			return rc;
		days_ago(4, on);
		later(on, received);
		start.on = on;
		start.by = "liqiang";
		if ((rc = repair_step(st, rm, RSTEP_START, &start, -1, err)) != SD_OK)
			return rc;
		/* 当天给予替代: the loan unit went out the day the pump was taken back */
		days_ago(6, on);
		later(on, received);
		if ((rc = loan_lend(st, regno, "BY-JY60-01", on, "用户加药不能中断，当天送备用泵", err)) != SD_OK)
			return rc;
	}
	return SD_OK;
}
