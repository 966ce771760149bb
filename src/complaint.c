/*
 * complaint.c — complaints (投诉): adding, closing out, reading; each change
 * one transaction with an audit row (a savepoint when the caller already
 * holds a transaction, as the demonstration data does).
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "complaint.h"
#include "datetime.h"
#include "intake.h"
#include "text.h"
#include "staff.h"
#include "valid.h"

static const struct {
	const char *code, *name;
	const char *alias[4];
} classes[CC_COUNT] = {
	[CC_QUALITY]    = { "quality",    N_("quality complaint"),     { "质量投诉", "质量", NULL } },
	[CC_NONQUALITY] = { "nonquality", N_("non-quality complaint"), { "非质量投诉", "非质量", "人为", "non-quality" } },
	[CC_OTHER]      = { "other",      N_("other"),                 { "其他", "其它", NULL } },
};

const char *
complaint_class_code(int c)
{
	return c >= 0 && c < CC_COUNT ? classes[c].code : "";
}

const char *
complaint_class_name(int c)
{
	return c >= 0 && c < CC_COUNT ? _(classes[c].name) : "";
}

int
complaint_class_parse(const char *s)
{
	if (!s)
		return -1;
	for (int i = 0; i < CC_COUNT; i++) {
		if (strcasecmp(s, classes[i].code) == 0 || strcmp(s, _(classes[i].name)) == 0 ||
		    strcasecmp(s, classes[i].name) == 0)
			return i;
		for (int j = 0; j < 4 && classes[i].alias[j]; j++)
			if (strcasecmp(s, classes[i].alias[j]) == 0)
				return i;
	}
	return -1;
}

void
complaint_free(sd_complaint *c)
{
	free(c->regno);
	free(c->customer);
	free(c->order_no);
	free(c->part_no);
	free(c->description);
	free(c->handling);
	free(c->received_by);
	free(c->closed_by);
	memset(c, 0, sizeof *c);
}

static bool
blank(const char *s)
{
	if (!s)
		return true;
	for (; *s; s++)
		if (!isspace((unsigned char)*s))
			return false;
	return true;
}

static int
check_text(const char *s, const char *label, bool required, sd_text_kind kind, sd_err *err)
{
	if (blank(s)) {
		if (required)
			return sd_err_set(err, SD_DATAERR, _("%s: %s"), label, _("required"));
		return SD_OK;
	}
	return valid_text(s, label, kind, err);
}

static void
bind_opt_text(sqlite3_stmt *q, int i, const char *s)
{
	if (!blank(s))
		sqlite3_bind_text(q, i, s, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(q, i);
}

static int
fail(store *st, int rc, sd_err *err)
{
	return store_fail(st, rc, _("updating the complaints"), err);
}

/* Begin a change: a transaction of its own, or a savepoint inside the caller's (demo data). */
static int
tx_begin(store *st, bool *nested, sd_err *err)
{
	*nested = !sqlite3_get_autocommit(store_db(st));
	if (!*nested)
		return store_begin(st, err);
	int rc = sqlite3_exec(store_db(st), "SAVEPOINT complaint_change", NULL, NULL, NULL);
	return rc == SQLITE_OK ? SD_OK : fail(st, rc, err);
}

static int
tx_commit(store *st, bool nested, sd_err *err)
{
	if (!nested)
		return store_commit(st, err);
	int rc = sqlite3_exec(store_db(st), "RELEASE complaint_change", NULL, NULL, NULL);
	return rc == SQLITE_OK ? SD_OK : fail(st, rc, err);
}

static void
tx_rollback(store *st, bool nested)
{
	if (!nested)
		store_rollback(st);
	else
		sqlite3_exec(store_db(st), "ROLLBACK TO complaint_change; RELEASE complaint_change", NULL, NULL, NULL);
}

/* The complaint's row as JSON for the audit trail, malloc'd or NULL. */
static char *
complaint_json(store *st, long long id)
{
	sqlite3_stmt *q = store_prepare(st,
		"SELECT json_object('id', c.id, 'regno', r.regno, 'customer', c.customer, 'class', c.class, "
		"'order_no', c.order_no, 'part_no', c.part_no, 'delivered_on', c.delivered_on, "
		"'quantity', c.quantity, 'defective', c.defective, 'received_at', c.received_at, "
		"'description', c.description, 'handling', c.handling, 'closed_at', c.closed_at, "
		"'received_by', c.received_by, 'closed_by', c.closed_by) "
		"FROM complaint c LEFT JOIN ledger l ON l.id = c.ledger_id "
		"LEFT JOIN request r ON r.id = l.request_id WHERE c.id = ?", NULL);
	char *s = NULL;

	if (!q)
		return NULL;
	sqlite3_bind_int64(q, 1, id);
	if (sqlite3_step(q) == SQLITE_ROW)
		s = store_col_dup(q, 0);
	sqlite3_reset(q);
	return s;
}

int
complaint_add(store *st, sd_complaint *c, sd_err *err)
{
	char received[17], key[32];
	sd_date d;
	long long ledger_id = 0, id;
	sqlite3_stmt *q;
	char *json = NULL;
	bool nested;
	int rc;

	sd_err_clear(err);
	if ((rc = staff_permit_self(st, ACT_COMPLAINT, err)) != SD_OK)
		return rc;
	if ((rc = check_text(c->customer, _("customer"), true, SD_TEXT_NAME, err)) != SD_OK ||
	    (rc = check_text(c->description, _("description"), true, SD_TEXT_LONG, err)) != SD_OK ||
	    (rc = check_text(c->order_no, _("order number"), false, SD_TEXT_CODE, err)) != SD_OK ||
	    (rc = check_text(c->part_no, _("part number"), false, SD_TEXT_CODE, err)) != SD_OK ||
	    (rc = check_text(c->handling, _("handling"), false, SD_TEXT_LONG, err)) != SD_OK)
		return rc;
	if (c->cls < 0 || c->cls >= CC_COUNT)
		return sd_err_set(err, SD_DATAERR, _("%s: %s"), _("class"),
		                  _("must be quality, non-quality or other"));
	if (c->delivered_on[0] && !date_parse(c->delivered_on, &d))
		return sd_err_set(err, SD_DATAERR, _("%s: %s"), _("delivery date"),
		                  _("expected a date like 2026-11-24"));
	if (c->delivered_on[0] && (rc = valid_date_happened(d, _("delivery date"), err)) != SD_OK)
		return rc;
	if (c->quantity < -1 || c->quantity > 100000000)
		return sd_err_set(err, SD_DATAERR, _("%s: %s"), _("quantity"), _("must be zero or more"));
	if (c->defective < -1 || c->defective > 100000000)
		return sd_err_set(err, SD_DATAERR, _("%s: %s"), _("defective quantity"), _("must be zero or more"));
	if (c->quantity >= 0 && c->defective > c->quantity)
		return sd_err_set(err, SD_DATAERR, _("defective quantity: %d is more than the quantity (%d)"),
		                  c->defective, c->quantity);
	if (c->received_at[0]) {
		if (!intake_parse_time(c->received_at, received))
			return sd_err_set(err, SD_DATAERR, _("%s: %s"), _("received at"),
			                  _("expected a date and time like 2026-11-24 09:30"));
		if ((rc = valid_time_happened(received, _("received at"), err)) != SD_OK)
			return rc;
	} else {
		store_now(received);
	}
	if ((rc = tx_begin(st, &nested, err)) != SD_OK)
		return rc;
	if (!blank(c->regno)) {
		q = store_prepare(st, "SELECT l.id FROM request r JOIN ledger l ON l.request_id = r.id "
		                      "WHERE r.regno = ?", err);
		if (!q) {
			rc = err->status;
			goto out;
		}
		sqlite3_bind_text(q, 1, c->regno, -1, SQLITE_TRANSIENT);
		if (sqlite3_step(q) == SQLITE_ROW)
			ledger_id = sqlite3_column_int64(q, 0);
		sqlite3_reset(q);
		if (!ledger_id) {
			rc = sd_err_set(err, SD_DATAERR, _("ledger entry: %s is not in the after-sales ledger"), c->regno);
			goto out;
		}
	}
	q = store_prepare(st,
		"INSERT INTO complaint (ledger_id, customer, class, order_no, part_no, delivered_on, quantity, "
		"defective, received_at, description, handling, received_by) "
		"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", err);
	if (!q) {
		rc = err->status;
		goto out;
	}
	if (ledger_id)
		sqlite3_bind_int64(q, 1, ledger_id);
	sqlite3_bind_text(q, 2, c->customer, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 3, complaint_class_code(c->cls), -1, SQLITE_STATIC);
	bind_opt_text(q, 4, c->order_no);
	bind_opt_text(q, 5, c->part_no);
	bind_opt_text(q, 6, c->delivered_on);
	if (c->quantity >= 0)
		sqlite3_bind_int(q, 7, c->quantity);
	if (c->defective >= 0)
		sqlite3_bind_int(q, 8, c->defective);
	sqlite3_bind_text(q, 9, received, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 10, c->description, -1, SQLITE_TRANSIENT);
	bind_opt_text(q, 11, c->handling);
	sqlite3_bind_text(q, 12, store_user(st), -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(q);
	sqlite3_reset(q);
	if (rc != SQLITE_DONE) {
		rc = fail(st, rc, err);
		goto out;
	}
	id = sqlite3_last_insert_rowid(store_db(st));
	json = complaint_json(st, id);
	snprintf(key, sizeof key, "%lld", id);
	if ((rc = store_audit(st, "complaint", key, "insert", NULL, json, err)) != SD_OK)
		goto out;
	free(json);
	if ((rc = tx_commit(st, nested, err)) != SD_OK)
		return rc;
	c->id = id;
	return SD_OK;
out:
	tx_rollback(st, nested);
	free(json);
	return rc ? rc : SD_INTERNAL;
}

int
complaint_close(store *st, long long id, const char *handling, sd_err *err)
{
	char now[17], key[32];
	char *old_json = NULL, *new_json = NULL;
	sqlite3_stmt *q;
	bool nested;
	int rc;

	sd_err_clear(err);
	if ((rc = staff_permit_self(st, ACT_COMPLAINT, err)) != SD_OK)
		return rc;
	if ((rc = check_text(handling, _("handling"), true, SD_TEXT_LONG, err)) != SD_OK)
		return rc;
	store_now(now);
	snprintf(key, sizeof key, "%lld", id);
	if ((rc = tx_begin(st, &nested, err)) != SD_OK)
		return rc;
	if (!(q = store_prepare(st, "SELECT closed_at FROM complaint WHERE id = ?", err))) {
		rc = err->status;
		goto out;
	}
	sqlite3_bind_int64(q, 1, id);
	rc = sqlite3_step(q);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(q);
		rc = rc == SQLITE_DONE ? sd_err_set(err, SD_DATAERR, _("no complaint number %lld"), id)
		                       : fail(st, rc, err);
		goto out;
	}
	if (sqlite3_column_type(q, 0) != SQLITE_NULL) {
		rc = sd_err_set(err, SD_DATAERR, _("complaint %lld is already closed (%s)"), id,
		                (const char *)sqlite3_column_text(q, 0));
		sqlite3_reset(q);
		goto out;
	}
	sqlite3_reset(q);
	old_json = complaint_json(st, id);
	q = store_prepare(st, "UPDATE complaint SET handling = ?, closed_at = ?, closed_by = ? WHERE id = ?", err);
	if (!q) {
		rc = err->status;
		goto out;
	}
	sqlite3_bind_text(q, 1, handling, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 2, now, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 3, store_user(st), -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(q, 4, id);
	rc = sqlite3_step(q);
	sqlite3_reset(q);
	if (rc != SQLITE_DONE) {
		rc = fail(st, rc, err);
		goto out;
	}
	new_json = complaint_json(st, id);
	if ((rc = store_audit(st, "complaint", key, "close", old_json, new_json, err)) != SD_OK)
		goto out;
	free(old_json);
	free(new_json);
	return tx_commit(st, nested, err);
out:
	tx_rollback(st, nested);
	free(old_json);
	free(new_json);
	return rc ? rc : SD_INTERNAL;
}

static const char complaint_cols[] =
	"c.id, r.regno, c.customer, c.class, c.order_no, c.part_no, c.delivered_on, c.quantity, "
	"c.defective, c.received_at, c.description, c.handling, c.closed_at, c.received_by, c.closed_by "
	"FROM complaint c LEFT JOIN ledger l ON l.id = c.ledger_id LEFT JOIN request r ON r.id = l.request_id";

static void
read_complaint(sqlite3_stmt *q, sd_complaint *c)
{
	memset(c, 0, sizeof *c);
	c->id = sqlite3_column_int64(q, 0);
	c->regno = store_col_dup(q, 1);
	c->customer = store_col_dup(q, 2);
	c->cls = complaint_class_parse((const char *)sqlite3_column_text(q, 3));
	c->order_no = store_col_dup(q, 4);
	c->part_no = store_col_dup(q, 5);
	store_col_copy(q, 6, c->delivered_on, sizeof c->delivered_on);
	c->quantity = sqlite3_column_type(q, 7) == SQLITE_NULL ? -1 : sqlite3_column_int(q, 7);
	c->defective = sqlite3_column_type(q, 8) == SQLITE_NULL ? -1 : sqlite3_column_int(q, 8);
	store_col_copy(q, 9, c->received_at, sizeof c->received_at);
	c->description = store_col_dup(q, 10);
	c->handling = store_col_dup(q, 11);
	store_col_copy(q, 12, c->closed_at, sizeof c->closed_at);
	c->received_by = store_col_dup(q, 13);
	c->closed_by = store_col_dup(q, 14);
}

int
complaint_get(store *st, long long id, sd_complaint *out, sd_err *err)
{
	char sql[768];
	sqlite3_stmt *q;
	int rc;

	memset(out, 0, sizeof *out);
	sd_err_clear(err);
	snprintf(sql, sizeof sql, "SELECT %s WHERE c.id = ?", complaint_cols);
	if (!(q = store_prepare(st, sql, err)))
		return err->status;
	sqlite3_bind_int64(q, 1, id);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		read_complaint(q, out);
	sqlite3_reset(q);
	if (rc == SQLITE_ROW)
		return SD_OK;
	if (rc == SQLITE_DONE)
		return sd_err_set(err, SD_DATAERR, _("no complaint number %lld"), id);
	return store_fail(st, rc, _("reading the complaints"), err);
}

int
complaint_each(store *st, bool open_only, int (*fn)(const sd_complaint *c, void *arg),
               void *arg, sd_err *err)
{
	char sql[768];
	sqlite3_stmt *q;
	int rc, ret = SD_OK;

	sd_err_clear(err);
	snprintf(sql, sizeof sql, "SELECT %s%s ORDER BY c.received_at DESC, c.id DESC", complaint_cols,
	         open_only ? " WHERE c.closed_at IS NULL" : "");
	/* A statement of its own: fn may use the store's cached statements. */
	rc = sqlite3_prepare_v2(store_db(st), sql, -1, &q, NULL);
	if (rc != SQLITE_OK)
		return store_fail(st, rc, _("reading the complaints"), err);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		sd_complaint c;

		read_complaint(q, &c);
		ret = fn(&c, arg);
		complaint_free(&c);
		if (ret != SD_OK)
			break;
	}
	if (ret == SD_OK && rc != SQLITE_DONE)
		ret = store_fail(st, rc, _("reading the complaints"), err);
	sqlite3_finalize(q);
	return ret;
}

void
complaint_row_free(sd_complaint_row *row)
{
	free(row->customer);
	free(row->summary);
	memset(row, 0, sizeof *row);
}

/* The first line of text (at most 200 characters were read), malloc'd. */
static char *
first_line(const char *s)
{
	size_t k;

	if (!s)
		return xstrdup("");
	s += strspn(s, "\r\n");
	k = strcspn(s, "\r\n");
	char *out = xmalloc(k + 1);
	memcpy(out, s, k);
	out[k] = '\0';
	return out;
}

int
complaint_page(store *st, bool open_only, int cls, enum sd_page_from from,
               const sd_complaint_row *anchor, int limit, sd_complaint_row *rows, int *n,
               sd_err *err)
{
	/* newest first: forwards descends, backwards ascends and is turned round */
	bool backward = from == PAGE_LAST || from == PAGE_BEFORE;
	bool keyed = from == PAGE_AFTER || from == PAGE_BEFORE;
	buf sql = { 0 };
	sqlite3_stmt *q;
	int rc = SQLITE_DONE, count = 0, i;

	*n = 0;
	sd_err_clear(err);
	if (keyed && !anchor)
		return sd_err_set(err, SD_INTERNAL, "complaint_page: no anchor");
	if (limit <= 0)
		return SD_OK;
	buf_puts(&sql,
		"SELECT c.id, c.received_at, c.class, c.closed_at IS NULL, c.customer, r.regno, "
		"substr(c.description, 1, 200) "
		"FROM complaint c LEFT JOIN ledger l ON l.id = c.ledger_id "
		"LEFT JOIN request r ON r.id = l.request_id WHERE 1");
	if (open_only)
		buf_puts(&sql, " AND c.closed_at IS NULL");
	if (cls >= 0 && cls < CC_COUNT)
		buf_puts(&sql, " AND c.class = :class");
	if (keyed)
		buf_printf(&sql, " AND (c.received_at, c.id) %s (:a1, :a2)", backward ? ">" : "<");
	buf_printf(&sql, " ORDER BY c.received_at %s, c.id %s LIMIT :limit",
	           backward ? "ASC" : "DESC", backward ? "ASC" : "DESC");
	q = store_prepare(st, buf_str(&sql), err);
	buf_free(&sql);
	if (!q)
		return err->status;
	if ((i = sqlite3_bind_parameter_index(q, ":class")))
		sqlite3_bind_text(q, i, complaint_class_code(cls), -1, SQLITE_STATIC);
	if (keyed) {
		sqlite3_bind_text(q, sqlite3_bind_parameter_index(q, ":a1"), anchor->key_text, -1,
		                  SQLITE_TRANSIENT);
		sqlite3_bind_int64(q, sqlite3_bind_parameter_index(q, ":a2"), anchor->key_num);
	}
	sqlite3_bind_int(q, sqlite3_bind_parameter_index(q, ":limit"), limit);

	while (count < limit && (rc = sqlite3_step(q)) == SQLITE_ROW) {
		sd_complaint_row *row = &rows[count++];

		memset(row, 0, sizeof *row);
		row->id = sqlite3_column_int64(q, 0);
		store_col_copy(q, 1, row->received_at, sizeof row->received_at);
		row->cls = complaint_class_parse((const char *)sqlite3_column_text(q, 2));
		row->open = sqlite3_column_int(q, 3) != 0;
		row->customer = store_col_dup(q, 4);
		store_col_copy(q, 5, row->regno, sizeof row->regno);
		row->summary = first_line((const char *)sqlite3_column_text(q, 6));
		store_col_copy(q, 1, row->key_text, sizeof row->key_text);
		row->key_num = row->id;
	}
	if (count < limit && rc != SQLITE_DONE) {
		sqlite3_reset(q);
		for (int k = 0; k < count; k++)
			complaint_row_free(&rows[k]);
		return store_fail(st, rc, _("reading the complaints"), err);
	}
	sqlite3_reset(q);
	if (backward) {
		for (int a = 0, b = count - 1; a < b; a++, b--) {
			sd_complaint_row t = rows[a];
			rows[a] = rows[b];
			rows[b] = t;
		}
	}
	*n = count;
	return SD_OK;
}
