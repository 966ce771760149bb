/*
 * history.c — each machine's history and the repeat-repair rule.
 *
 * The history is ONE query: a UNION ALL of small per-kind arms, each reading
 * the machine's rows of one table through an index on the machine (request
 * by serial, ledger through its request, visit by equipment, complaint
 * through its entry) and at most one page of them, merged newest first. Every
 * arm yields the same columns: (at, kind, id, number, s1, s2, s3, rep). To
 * show another kind of record in a machine's history (factory repairs, loan
 * units, ...), add one more arm here, a kind to enum sd_hist_kind and its
 * summary in row_summary — nothing else changes.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "complaint.h"
#include "history.h"
#include "install.h"
#include "intake.h"
#include "ledger.h"
#include "visit.h"

static const struct {
	const char *code;
	const char *name;
} kinds[HK_COUNT] = {
	[HK_REQUEST]   = { "request", N_("request") },
	[HK_LEDGER]    = { "ledger", N_("ledger entry") },
	[HK_VISIT]     = { "visit", N_("visit") },
	[HK_COMPLAINT] = { "complaint", N_("complaint") },
	[HK_INSTALL]   = { "install", N_("setup/train") },
};

const char *
history_kind_code(int kind)
{
	return kind >= 0 && kind < HK_COUNT ? kinds[kind].code : "";
}

const char *
history_kind_name(int kind)
{
	return kind >= 0 && kind < HK_COUNT ? _(kinds[kind].name) : "";
}

void
history_row_free(sd_hist_row *r)
{
	free(r->summary);
	memset(r, 0, sizeof *r);
}

/*
 * The arms of the history, one per kind; :serial is the machine, :eq its
 * equipment id. Each arm is filtered by the paging condition and limited to
 * one page by history_page, which wraps it.
 */
static const char *const arms[HK_COUNT] = {
	[HK_REQUEST] =
		"SELECT r.received_at AS at, 0 AS kind, r.id AS id, r.regno AS number, "
		"(SELECT text FROM request_item WHERE request_id = r.id AND pos = 1) AS s1, "
		"r.status AS s2, NULL AS s3, 0 AS rep "
		"FROM request r WHERE r.serial = :serial",
	[HK_LEDGER] =
		"SELECT coalesce(l.closed_at, l.cleared_at, l.arrived_at, l.proposed_at, l.responsible_at, "
		"r.received_at) AS at, 1 AS kind, l.id AS id, r.regno AS number, l.state AS s1, "
		"(SELECT coalesce(f.name, l.fault_code) FROM fault_category f WHERE f.code = l.fault_code) AS s2, "
		"l.solution AS s3, l.repeat_of IS NOT NULL AS rep "
		"FROM request r JOIN ledger l ON l.request_id = r.id WHERE r.serial = :serial",
	[HK_VISIT] =
		"SELECT coalesce(v.done_at, v.due_on) AS at, 2 AS kind, v.id AS id, v.id AS number, "
		"v.kind AS s1, v.status AS s2, v.outcome AS s3, 0 AS rep "
		"FROM visit v WHERE v.equipment_id = :eq",
	[HK_COMPLAINT] =
		"SELECT c.received_at AS at, 3 AS kind, c.id AS id, c.id AS number, c.class AS s1, "
		"c.description AS s2, c.closed_at AS s3, 0 AS rep "
		"FROM request r JOIN ledger l ON l.request_id = r.id JOIN complaint c ON c.ledger_id = l.id "
		"WHERE r.serial = :serial",
	[HK_INSTALL] =
		"SELECT coalesce(j.done_on, j.planned_on) AS at, 4 AS kind, j.id AS id, j.id AS number, "
		"j.kind AS s1, j.status AS s2, j.work AS s3, 0 AS rep "
		"FROM install_job j WHERE j.equipment_id = :eq",
};

static void
part(buf *b, const char *s)
{
	if (!s || !*s)
		return;
	if (b->len)
		buf_puts(b, _("; "));
	buf_puts(b, s);
}

/* The one-line summary of a row from its kind's columns s1..s3. */
static char *
row_summary(int kind, const char *s1, const char *s2, const char *s3, bool rep)
{
	buf b = { 0 };
	int v;

	switch (kind) {
	case HK_REQUEST:
		part(&b, s1);
		if ((v = intake_status_parse(s2)) >= 0)
			part(&b, intake_status_name(v));
		break;
	case HK_LEDGER:
		if ((v = ledger_state_parse(s1)) >= 0)
			part(&b, ledger_state_name(v));
		if (rep)
			part(&b, _("repeat repair"));
		part(&b, s2);
		part(&b, s3);
		break;
	case HK_VISIT:
		if ((v = visit_kind_parse(s1)) >= 0)
			part(&b, visit_kind_name(v));
		if ((v = visit_status_parse(s2)) >= 0)
			part(&b, visit_status_name(v));
		part(&b, s3);
		break;
	case HK_COMPLAINT:
		if ((v = complaint_class_parse(s1)) >= 0)
			part(&b, complaint_class_name(v));
		part(&b, s2);
		part(&b, s3 && *s3 ? _("closed") : _("open"));
		break;
	case HK_INSTALL:
		if ((v = install_kind_parse(s1)) >= 0)
			part(&b, install_kind_name(v));
		if ((v = install_status_parse(s2)) >= 0)
			part(&b, install_status_name(v));
		part(&b, s3);
		break;
	}
	if (!b.len)
		return xstrdup("");
	return b.data;
}

int
history_page(store *st, const char *serial, enum sd_page_from from,
             const sd_hist_row *anchor, int limit, sd_hist_row *rows, int *n, sd_err *err)
{
	bool backward = from == PAGE_LAST || from == PAGE_BEFORE;
	bool keyed = from == PAGE_AFTER || from == PAGE_BEFORE;
	/* newest first: forward runs down the keys */
	const char *cmp = backward ? ">" : "<";
	const char *dir = backward ? "ASC" : "DESC";
	buf sql = { 0 };
	sqlite3_stmt *s;
	int rc = SQLITE_DONE, count = 0, i;

	*n = 0;
	sd_err_clear(err);
	if (keyed && !anchor)
		return sd_err_set(err, SD_INTERNAL, "history_page: no anchor");
	if (limit <= 0 || !serial || !*serial)
		return SD_OK;
	for (int k = 0; k < HK_COUNT; k++) {
		if (k)
			buf_puts(&sql, " UNION ALL ");
		buf_printf(&sql, "SELECT * FROM (SELECT * FROM (%s)", arms[k]);
		if (keyed)
			buf_printf(&sql, " WHERE (at, kind, id) %s (:a1, :a2, :a3)", cmp);
		buf_printf(&sql, " ORDER BY at %s, id %s LIMIT :limit)", dir, dir);
	}
	buf_printf(&sql, " ORDER BY at %s, kind %s, id %s LIMIT :limit", dir, dir, dir);
	s = store_prepare(st, sql.data, err);
	buf_free(&sql);
	if (!s)
		return err->status;
	sqlite3_bind_text(s, sqlite3_bind_parameter_index(s, ":serial"), serial, -1, SQLITE_TRANSIENT);
	if ((i = sqlite3_bind_parameter_index(s, ":eq"))) {
		sqlite3_stmt *q = store_prepare(st, "SELECT id FROM equipment WHERE serial = ?", err);
		long long eq = -1;

		if (!q)
			return err->status;
		sqlite3_bind_text(q, 1, serial, -1, SQLITE_TRANSIENT);
		if ((rc = sqlite3_step(q)) == SQLITE_ROW)
			eq = sqlite3_column_int64(q, 0);
		sqlite3_reset(q);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			return store_fail(st, rc, _("reading the equipment"), err);
		sqlite3_bind_int64(s, i, eq);
	}
	if (keyed) {
		sqlite3_bind_text(s, sqlite3_bind_parameter_index(s, ":a1"), anchor->at, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int(s, sqlite3_bind_parameter_index(s, ":a2"), anchor->kind);
		sqlite3_bind_int64(s, sqlite3_bind_parameter_index(s, ":a3"), anchor->key_id);
	}
	sqlite3_bind_int(s, sqlite3_bind_parameter_index(s, ":limit"), limit);

	rc = SQLITE_DONE;
	while (count < limit && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		sd_hist_row *row = &rows[count++];

		memset(row, 0, sizeof *row);
		store_col_copy(s, 0, row->at, sizeof row->at);
		row->kind = sqlite3_column_int(s, 1);
		row->key_id = sqlite3_column_int64(s, 2);
		store_col_copy(s, 3, row->number, sizeof row->number);
		row->repeat = sqlite3_column_int(s, 7) != 0;
		row->summary = row_summary(row->kind, (const char *)sqlite3_column_text(s, 4),
		                           (const char *)sqlite3_column_text(s, 5),
		                           (const char *)sqlite3_column_text(s, 6), row->repeat);
	}
	if (count < limit && rc != SQLITE_DONE) {
		sqlite3_reset(s);
		for (int k = 0; k < count; k++)
			history_row_free(&rows[k]);
		return store_fail(st, rc, _("reading the equipment's history"), err);
	}
	sqlite3_reset(s);
	if (backward) {
		for (int a = 0, b = count - 1; a < b; a++, b--) {
			sd_hist_row t = rows[a];
			rows[a] = rows[b];
			rows[b] = t;
		}
	}
	*n = count;
	return SD_OK;
}

/* ---------------------------------------------------------------- repeat repairs */

const char *
history_repeat_label(void)
{
	/* TRANSLATORS: the mark of a repeat repair in the ledger list, before the state; short. */
	return _("repeat");
}

long
history_repeat_days(store *st)
{
	return store_setting_int(st, "repeat_days", HISTORY_REPEAT_DAYS_DEFAULT);
}

int
history_repeat_find(store *st, long long ledger_id, long long *prev_id, sd_err *err)
{
	/*
	 * The rule, once: the same machine (serial), the same fault category,
	 * the earlier entry closed (not unresolvable) no later than this
	 * request was received and at most repeat_days calendar days before.
	 */
	sqlite3_stmt *q = store_prepare(st,
		"SELECT p.id FROM ledger l JOIN request r ON r.id = l.request_id "
		"JOIN request pr ON pr.serial = r.serial AND pr.id <> r.id "
		"JOIN ledger p ON p.request_id = pr.id "
		"WHERE l.id = ?1 AND l.fault_code IS NOT NULL AND r.serial IS NOT NULL AND r.serial <> '' "
		"AND p.fault_code = l.fault_code AND p.state = 'closed' AND p.closed_at <= r.received_at "
		"AND date(p.closed_at) >= date(r.received_at, '-' || ?2 || ' days') "
		"ORDER BY p.closed_at DESC, p.id DESC LIMIT 1", err);
	int rc;

	*prev_id = 0;
	if (!q)
		return err->status;
	sqlite3_bind_int64(q, 1, ledger_id);
	sqlite3_bind_int64(q, 2, history_repeat_days(st));
	if ((rc = sqlite3_step(q)) == SQLITE_ROW)
		*prev_id = sqlite3_column_int64(q, 0);
	sqlite3_reset(q);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(st, rc, _("checking for a repeat repair"), err);
	return SD_OK;
}

int
history_repeat_mark(store *st, long long ledger_id, sd_err *err)
{
	long long prev;
	sqlite3_stmt *q;
	int rc;

	if ((rc = history_repeat_find(st, ledger_id, &prev, err)) != SD_OK)
		return rc;
	if (!(q = store_prepare(st, "UPDATE ledger SET repeat_of = ? WHERE id = ?", err)))
		return err->status;
	if (prev)
		sqlite3_bind_int64(q, 1, prev);
	else
		sqlite3_bind_null(q, 1);
	sqlite3_bind_int64(q, 2, ledger_id);
	rc = sqlite3_step(q);
	sqlite3_reset(q);
	return rc == SQLITE_DONE ? SD_OK : store_fail(st, rc, _("marking a repeat repair"), err);
}
