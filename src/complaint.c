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
#include "customer.h"
#include "datetime.h"
#include "intake.h"
#include "ledger.h"
#include "money.h"
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

static const struct {
	const char *code, *name;
	const char *alias[3];
} severities[CS_COUNT] = {
	[CS_GENERAL] = { "general", N_("general"), { "一般", NULL } },
	[CS_SERIOUS] = { "serious", N_("serious"), { "严重", NULL } },
	[CS_MAJOR]   = { "major",   N_("major"),   { "重大", NULL } },
};

const char *
complaint_severity_code(int s)
{
	return s >= 0 && s < CS_COUNT ? severities[s].code : "";
}

const char *
complaint_severity_name(int s)
{
	return s >= 0 && s < CS_COUNT ? _(severities[s].name) : "";
}

int
complaint_severity_parse(const char *s)
{
	if (!s)
		return -1;
	for (int i = 0; i < CS_COUNT; i++) {
		if (strcasecmp(s, severities[i].code) == 0 || strcmp(s, _(severities[i].name)) == 0)
			return i;
		for (int j = 0; j < 3 && severities[i].alias[j]; j++)
			if (strcmp(s, severities[i].alias[j]) == 0)
				return i;
	}
	return -1;
}

bool
complaint_needs_approval(int severity)
{
	return severity == CS_SERIOUS || severity == CS_MAJOR;
}

static const struct {
	const char *code, *name;
} progress_kinds[CP_COUNT] = {
	[CP_NOTE]  = { "note",  N_("progress") },
	[CP_REPLY] = { "reply", N_("reply to the customer") },
};

const char *
complaint_progress_kind_code(int k)
{
	return k >= 0 && k < CP_COUNT ? progress_kinds[k].code : "";
}

const char *
complaint_progress_kind_name(int k)
{
	return k >= 0 && k < CP_COUNT ? _(progress_kinds[k].name) : "";
}

int
complaint_progress_kind_parse(const char *s)
{
	if (!s)
		return -1;
	for (int i = 0; i < CP_COUNT; i++)
		if (strcasecmp(s, progress_kinds[i].code) == 0 || strcmp(s, _(progress_kinds[i].name)) == 0)
			return i;
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
	free(c->cause);
	free(c->department);
	free(c->responsible);
	free(c->approved_by);
	free(c->approval_note);
	free(c->corrective);
	free(c->verified_by);
	free(c->verify_result);
	free(c->gm_outcome);
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

/* The complaint's row as JSON for the audit trail, malloc'd or NULL. */
static char *
complaint_json(store *st, long long id)
{
	sqlite3_stmt *q = store_prepare(st,
		"SELECT json_object('id', c.id, 'regno', r.regno, 'customer', c.customer, 'class', c.class, "
		"'order_no', c.order_no, 'part_no', c.part_no, 'delivered_on', c.delivered_on, "
		"'quantity', c.quantity, 'defective', c.defective, 'received_at', c.received_at, "
		"'description', c.description, 'handling', c.handling, 'closed_at', c.closed_at, "
		"'received_by', c.received_by, 'closed_by', c.closed_by, 'version', c.version, "
		"'severity', c.severity, 'cause', c.cause, 'department', c.department, "
		"'responsible', c.responsible, 'approved_by', c.approved_by, 'approved_at', c.approved_at, "
		"'approval_note', c.approval_note, 'corrective', c.corrective, 'verified_by', c.verified_by, "
		"'verified_at', c.verified_at, 'verify_result', c.verify_result, 'claim_fen', c.claim_fen, "
		"'settled_fen', c.settled_fen, 'settled_on', c.settled_on, "
		"'gm_escalated_on', c.gm_escalated_on, 'gm_outcome', c.gm_outcome, "
		"'reply_due', c.reply_due, 'replied_at', c.replied_at) "
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
	sd_time rt, due = SD_NO_TIME;
	char due_s[17] = "";
	if (time_parse(received, &rt) && (rc = complaint_reply_due(st, rt, &due, NULL, err)) != SD_OK)
		return rc;
	if (due != SD_NO_TIME)
		time_format(due, due_s);
	if ((rc = store_change_begin(st, &nested, err)) != SD_OK)
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
		"defective, received_at, description, handling, received_by, reply_due) "
		"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", err);
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
	bind_opt_text(q, 13, due_s);
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
	if ((rc = store_change_commit(st, nested, err)) != SD_OK)
		return rc;
	c->id = id;
	return SD_OK;
out:
	store_change_rollback(st, nested);
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
	if ((rc = store_change_begin(st, &nested, err)) != SD_OK)
		return rc;
	if (!(q = store_prepare(st, "SELECT closed_at, severity, approved_at FROM complaint WHERE id = ?", err))) {
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
	int sev = complaint_severity_parse((const char *)sqlite3_column_text(q, 1));
	if (complaint_needs_approval(sev) && sqlite3_column_type(q, 2) == SQLITE_NULL) {
		rc = sd_err_set(err, SD_DATAERR,
		                _("complaint %lld is %s: a supervisor must approve it before it closes"),
		                id, complaint_severity_name(sev));
		sqlite3_reset(q);
		goto out;
	}
	sqlite3_reset(q);
	old_json = complaint_json(st, id);
	q = store_prepare(st, "UPDATE complaint SET handling = ?, closed_at = ?, closed_by = ?, "
	                      "version = version + 1 WHERE id = ?", err);
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
	return store_change_commit(st, nested, err);
out:
	store_change_rollback(st, nested);
	free(old_json);
	free(new_json);
	return rc ? rc : SD_INTERNAL;
}

static const char complaint_cols[] =
	"c.id, r.regno, c.customer, c.class, c.order_no, c.part_no, c.delivered_on, c.quantity, "
	"c.defective, c.received_at, c.description, c.handling, c.closed_at, c.received_by, c.closed_by, "
	"c.version, c.severity, c.cause, c.department, c.responsible, c.approved_by, c.approved_at, "
	"c.approval_note, c.corrective, c.verified_by, c.verified_at, c.verify_result, c.claim_fen, "
	"c.settled_fen, c.settled_on, c.gm_escalated_on, c.gm_outcome, c.reply_due, c.replied_at "
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
	c->version = sqlite3_column_int(q, 15);
	c->severity = complaint_severity_parse((const char *)sqlite3_column_text(q, 16));
	c->cause = store_col_dup(q, 17);
	c->department = store_col_dup(q, 18);
	c->responsible = store_col_dup(q, 19);
	c->approved_by = store_col_dup(q, 20);
	store_col_copy(q, 21, c->approved_at, sizeof c->approved_at);
	c->approval_note = store_col_dup(q, 22);
	c->corrective = store_col_dup(q, 23);
	c->verified_by = store_col_dup(q, 24);
	store_col_copy(q, 25, c->verified_at, sizeof c->verified_at);
	c->verify_result = store_col_dup(q, 26);
	c->claim_fen = sqlite3_column_type(q, 27) == SQLITE_NULL ? -1 : sqlite3_column_int64(q, 27);
	c->settled_fen = sqlite3_column_type(q, 28) == SQLITE_NULL ? -1 : sqlite3_column_int64(q, 28);
	store_col_copy(q, 29, c->settled_on, sizeof c->settled_on);
	store_col_copy(q, 30, c->gm_escalated_on, sizeof c->gm_escalated_on);
	c->gm_outcome = store_col_dup(q, 31);
	store_col_copy(q, 32, c->reply_due, sizeof c->reply_due);
	store_col_copy(q, 33, c->replied_at, sizeof c->replied_at);
}

int
complaint_get(store *st, long long id, sd_complaint *out, sd_err *err)
{
	char sql[1536];
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
	char sql[1536];
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

/* Stored time text to minutes; SD_NO_TIME when empty or malformed. */
static sd_time
tparse(const char *s)
{
	sd_time t;

	return s && *s && time_parse(s, &t) ? t : SD_NO_TIME;
}

/* The reply clock's state from its stored due time and the time it stopped (reply, else close). */
static enum sla_state
reply_state_of(const char *due, const char *done, sd_time now)
{
	sd_time d = tparse(due);

	if (d == SD_NO_TIME)
		return SLA_NONE;
	/* the clock is short (minutes): a warning ten minutes before it falls due */
	return sla_state(d, tparse(done), now, 10);
}

enum sla_state
complaint_reply_state(store *st, const sd_complaint *c, sd_time now)
{
	(void)st;
	return reply_state_of(c->reply_due, c->replied_at[0] ? c->replied_at : c->closed_at, now);
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
		"substr(c.description, 1, 200), c.severity, c.reply_due, coalesce(c.replied_at, c.closed_at) "
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

	char nows[17];
	sd_time now;
	store_now(nows);
	if (!time_parse(nows, &now))
		now = SD_NO_TIME;
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
		row->severity = complaint_severity_parse((const char *)sqlite3_column_text(q, 7));
		row->reply_state = reply_state_of((const char *)sqlite3_column_text(q, 8),
		                                  (const char *)sqlite3_column_text(q, 9), now);
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

/* ---------------------------------------------------------------- handling */

/*
 * Start a change of complaint id: permission, transaction, the row as read
 * (version, closed, severity) checked against the caller's version, and its
 * JSON for the audit. On error the transaction is rolled back.
 */
struct change {
	long long id;
	char key[32];
	bool nested;
	bool closed;
	int severity;
	bool has_corrective;
	char *old_json;
};

static int
change_begin(store *st, struct change *ch, long long id, int version, enum sd_action act,
             bool allow_closed, sd_err *err)
{
	sqlite3_stmt *q;
	int rc;

	memset(ch, 0, sizeof *ch);
	ch->id = id;
	snprintf(ch->key, sizeof ch->key, "%lld", id);
	sd_err_clear(err);
	if ((rc = staff_permit_self(st, act, err)) != SD_OK)
		return rc;
	if ((rc = store_change_begin(st, &ch->nested, err)) != SD_OK)
		return rc;
	if (!(q = store_prepare(st, "SELECT version, closed_at, severity, corrective IS NOT NULL "
	                            "FROM complaint WHERE id = ?", err))) {
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
	int cur = sqlite3_column_int(q, 0);
	ch->closed = sqlite3_column_type(q, 1) != SQLITE_NULL;
	ch->severity = complaint_severity_parse((const char *)sqlite3_column_text(q, 2));
	ch->has_corrective = sqlite3_column_int(q, 3) != 0;
	sqlite3_reset(q);
	if (version > 0 && cur != version) {
		char who[128];

		customer_last_change(st, "complaint", ch->key, who, sizeof who);
		rc = sd_err_set(err, SD_DATAERR,
		                _("complaint %lld was changed meanwhile (%s); read it again and redo the change"),
		                id, who);
		goto out;
	}
	if (ch->closed && !allow_closed) {
		rc = sd_err_set(err, SD_DATAERR, _("complaint %lld is already closed"), id);
		goto out;
	}
	ch->old_json = complaint_json(st, id);
	return SD_OK;
out:
	store_change_rollback(st, ch->nested);
	return rc ? rc : SD_INTERNAL;
}

/* Step an UPDATE prepared by the caller (its last parameter the id), audit, commit. */
static int
change_finish(store *st, struct change *ch, sqlite3_stmt *q, const char *action, sd_err *err)
{
	char *new_json = NULL;
	int rc;

	if (!q) {
		rc = err->status;
		goto out;
	}
	sqlite3_bind_int64(q, sqlite3_bind_parameter_count(q), ch->id);
	rc = sqlite3_step(q);
	sqlite3_reset(q);
	if (rc != SQLITE_DONE) {
		rc = fail(st, rc, err);
		goto out;
	}
	new_json = complaint_json(st, ch->id);
	if ((rc = store_audit(st, "complaint", ch->key, action, ch->old_json, new_json, err)) != SD_OK)
		goto out;
	free(ch->old_json);
	free(new_json);
	return store_change_commit(st, ch->nested, err);
out:
	store_change_rollback(st, ch->nested);
	free(ch->old_json);
	free(new_json);
	return rc ? rc : SD_INTERNAL;
}

static void
change_abort(store *st, struct change *ch)
{
	store_change_rollback(st, ch->nested);
	free(ch->old_json);
}

/* A date given, or today; SD_DATAERR naming the field if invalid or in the future. */
static int
date_or_today(const char *on, const char *label, char out[11], sd_err *err)
{
	sd_date d;

	if (blank(on)) {
		date_format(store_today(), out);
		return SD_OK;
	}
	if (!date_parse(on, &d))
		return sd_err_set(err, SD_DATAERR, _("%s: %s"), label, _("expected a date like 2026-11-24"));
	int rc = valid_date_happened(d, label, err);
	if (rc == SD_OK)
		date_format(d, out);
	return rc;
}

int
complaint_handle(store *st, const sd_complaint *c, sd_err *err)
{
	struct change ch;
	sqlite3_stmt *q;
	int rc;

	sd_err_clear(err);
	if ((rc = check_text(c->cause, _("cause"), false, SD_TEXT_LONG, err)) != SD_OK ||
	    (rc = check_text(c->department, _("responsible department"), false, SD_TEXT_NAME, err)) != SD_OK ||
	    (rc = check_text(c->responsible, _("responsible person"), false, SD_TEXT_NAME, err)) != SD_OK ||
	    (rc = check_text(c->corrective, _("corrective action"), false, SD_TEXT_LONG, err)) != SD_OK ||
	    (rc = check_text(c->handling, _("handling"), false, SD_TEXT_LONG, err)) != SD_OK)
		return rc;
	if (c->severity < 0 || c->severity >= CS_COUNT)
		return sd_err_set(err, SD_DATAERR, _("%s: %s"), _("severity"),
		                  _("must be general, serious or major"));
	if (c->claim_fen < -1 || c->claim_fen > 100000000000LL)
		return sd_err_set(err, SD_DATAERR, _("%s: %s"), _("claim"), _("must be zero or more"));
	if ((rc = change_begin(st, &ch, c->id, c->version, ACT_COMPLAINT_HANDLE, false, err)) != SD_OK)
		return rc;
	bool sev_changed = ch.severity != c->severity;
	q = store_prepare(st,
		"UPDATE complaint SET cause = ?, department = ?, responsible = ?, severity = ?, corrective = ?, "
		"claim_fen = ?, handling = ?, version = version + 1, "
		"approved_by = CASE WHEN ? THEN NULL ELSE approved_by END, "
		"approved_at = CASE WHEN ? THEN NULL ELSE approved_at END, "
		"approval_note = CASE WHEN ? THEN NULL ELSE approval_note END, "
		"verified_by = CASE WHEN corrective IS ? THEN verified_by END, "
		"verified_at = CASE WHEN corrective IS ? THEN verified_at END, "
		"verify_result = CASE WHEN corrective IS ? THEN verify_result END "
		"WHERE id = ?", err);
	if (q) {
		bind_opt_text(q, 1, c->cause);
		bind_opt_text(q, 2, c->department);
		bind_opt_text(q, 3, c->responsible);
		sqlite3_bind_text(q, 4, complaint_severity_code(c->severity), -1, SQLITE_STATIC);
		bind_opt_text(q, 5, c->corrective);
		if (c->claim_fen >= 0)
			sqlite3_bind_int64(q, 6, c->claim_fen);
		else
			sqlite3_bind_null(q, 6);
		bind_opt_text(q, 7, c->handling);
		for (int i = 8; i <= 10; i++)
			sqlite3_bind_int(q, i, sev_changed);
		/* a changed corrective action has not been checked yet */
		for (int i = 11; i <= 13; i++)
			bind_opt_text(q, i, c->corrective);
	}
	return change_finish(st, &ch, q, "update", err);
}

int
complaint_approve(store *st, long long id, int version, const char *note, sd_err *err)
{
	struct change ch;
	char now[17];
	sqlite3_stmt *q;
	int rc;

	sd_err_clear(err);
	if ((rc = check_text(note, _("note"), false, SD_TEXT_LONG, err)) != SD_OK)
		return rc;
	if ((rc = change_begin(st, &ch, id, version, ACT_COMPLAINT_APPROVE, false, err)) != SD_OK)
		return rc;
	if (!complaint_needs_approval(ch.severity)) {
		change_abort(st, &ch);
		return sd_err_set(err, SD_DATAERR,
		                  _("complaint %lld is %s: only serious and major complaints are approved"),
		                  id, complaint_severity_name(ch.severity));
	}
	store_now(now);
	q = store_prepare(st, "UPDATE complaint SET approved_by = ?, approved_at = ?, approval_note = ?, "
	                      "version = version + 1 WHERE id = ?", err);
	if (q) {
		sqlite3_bind_text(q, 1, store_user(st), -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(q, 2, now, -1, SQLITE_TRANSIENT);
		bind_opt_text(q, 3, note);
	}
	return change_finish(st, &ch, q, "approve", err);
}

int
complaint_verify(store *st, long long id, int version, const char *result, sd_err *err)
{
	struct change ch;
	char now[17];
	sqlite3_stmt *q;
	int rc;

	sd_err_clear(err);
	if ((rc = check_text(result, _("result of the check"), true, SD_TEXT_LONG, err)) != SD_OK)
		return rc;
	if ((rc = change_begin(st, &ch, id, version, ACT_COMPLAINT_HANDLE, false, err)) != SD_OK)
		return rc;
	if (!ch.has_corrective) {
		change_abort(st, &ch);
		return sd_err_set(err, SD_DATAERR, _("%s: %s"), _("corrective action"),
		                  _("record the corrective action before its check"));
	}
	store_now(now);
	q = store_prepare(st, "UPDATE complaint SET verified_by = ?, verified_at = ?, verify_result = ?, "
	                      "version = version + 1 WHERE id = ?", err);
	if (q) {
		sqlite3_bind_text(q, 1, store_user(st), -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(q, 2, now, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(q, 3, result, -1, SQLITE_TRANSIENT);
	}
	return change_finish(st, &ch, q, "verify", err);
}

int
complaint_settle(store *st, long long id, int version, long long amount_fen, const char *on,
                 sd_err *err)
{
	struct change ch;
	char day[11];
	sqlite3_stmt *q;
	int rc;

	sd_err_clear(err);
	if (amount_fen < 0 || amount_fen > 100000000000LL)
		return sd_err_set(err, SD_DATAERR, _("%s: %s"), _("amount settled"), _("must be zero or more"));
	if ((rc = date_or_today(on, _("settled on"), day, err)) != SD_OK)
		return rc;
	if ((rc = change_begin(st, &ch, id, version, ACT_COMPLAINT_HANDLE, true, err)) != SD_OK)
		return rc;
	q = store_prepare(st, "UPDATE complaint SET settled_fen = ?, settled_on = ?, "
	                      "version = version + 1 WHERE id = ?", err);
	if (q) {
		sqlite3_bind_int64(q, 1, amount_fen);
		sqlite3_bind_text(q, 2, day, -1, SQLITE_TRANSIENT);
	}
	return change_finish(st, &ch, q, "settle", err);
}

int
complaint_escalate(store *st, long long id, int version, const char *on, const char *outcome,
                   sd_err *err)
{
	struct change ch;
	char day[11];
	sqlite3_stmt *q;
	int rc;

	sd_err_clear(err);
	if ((rc = check_text(outcome, _("outcome"), false, SD_TEXT_LONG, err)) != SD_OK ||
	    (rc = date_or_today(on, _("escalated on"), day, err)) != SD_OK)
		return rc;
	if ((rc = change_begin(st, &ch, id, version, ACT_COMPLAINT_HANDLE, false, err)) != SD_OK)
		return rc;
	q = store_prepare(st, "UPDATE complaint SET gm_escalated_on = ?, "
	                      "gm_outcome = coalesce(?, gm_outcome), version = version + 1 WHERE id = ?", err);
	if (q) {
		sqlite3_bind_text(q, 1, day, -1, SQLITE_TRANSIENT);
		bind_opt_text(q, 2, outcome);
	}
	return change_finish(st, &ch, q, "escalate", err);
}

/* ---------------------------------------------------------------- progress log */

int
complaint_progress_add(store *st, long long id, int kind, const char *text, sd_err *err)
{
	struct change ch;
	char now[17];
	sqlite3_stmt *q;
	int rc;

	sd_err_clear(err);
	if (kind < 0 || kind >= CP_COUNT)
		return sd_err_set(err, SD_DATAERR, _("%s: %s"), _("kind"), _("must be note or reply"));
	if ((rc = check_text(text, _("text"), true, SD_TEXT_LONG, err)) != SD_OK)
		return rc;
	if ((rc = change_begin(st, &ch, id, 0, ACT_COMPLAINT, true, err)) != SD_OK)
		return rc;
	store_now(now);
	q = store_prepare(st, "INSERT INTO complaint_progress (complaint_id, at, by_login, kind, text) "
	                      "VALUES (?, ?, ?, ?, ?)", err);
	if (!q) {
		change_abort(st, &ch);
		return err->status;
	}
	sqlite3_bind_int64(q, 1, id);
	sqlite3_bind_text(q, 2, now, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 3, store_user(st), -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 4, complaint_progress_kind_code(kind), -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 5, text, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(q);
	sqlite3_reset(q);
	if (rc != SQLITE_DONE) {
		change_abort(st, &ch);
		return fail(st, rc, err);
	}
	long long entry = sqlite3_last_insert_rowid(store_db(st));
	/* the complaint row changes only by the first reply */
	q = store_prepare(st, "UPDATE complaint SET replied_at = coalesce(replied_at, CASE WHEN ? THEN ? END) "
	                      "WHERE id = ?", err);
	if (!q) {
		change_abort(st, &ch);
		return err->status;
	}
	sqlite3_bind_int(q, 1, kind == CP_REPLY);
	sqlite3_bind_text(q, 2, now, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(q, 3, id);
	rc = sqlite3_step(q);
	sqlite3_reset(q);
	if (rc != SQLITE_DONE) {
		change_abort(st, &ch);
		return fail(st, rc, err);
	}
	/* the audit row carries the entry itself */
	char *json = NULL;
	if ((q = store_prepare(st, "SELECT json_object('complaint', p.complaint_id, 'at', p.at, 'by', p.by_login, "
	                           "'kind', p.kind, 'text', p.text, 'replied_at', c.replied_at) "
	                           "FROM complaint_progress p JOIN complaint c ON c.id = p.complaint_id "
	                           "WHERE p.id = ?", err))) {
		sqlite3_bind_int64(q, 1, entry);
		if (sqlite3_step(q) == SQLITE_ROW)
			json = store_col_dup(q, 0);
		sqlite3_reset(q);
	}
	rc = store_audit(st, "complaint", ch.key, kind == CP_REPLY ? "reply" : "progress", NULL, json, err);
	free(json);
	if (rc != SD_OK) {
		change_abort(st, &ch);
		return rc;
	}
	free(ch.old_json);
	return store_change_commit(st, ch.nested, err);
}

int
complaint_progress_each(store *st, long long id,
                        int (*fn)(const sd_complaint_progress *p, void *arg), void *arg,
                        sd_err *err)
{
	sqlite3_stmt *q;
	int rc, ret = SD_OK;

	sd_err_clear(err);
	rc = sqlite3_prepare_v2(store_db(st),
		"SELECT id, at, by_login, kind, text FROM complaint_progress WHERE complaint_id = ? "
		"ORDER BY at, id", -1, &q, NULL);
	if (rc != SQLITE_OK)
		return store_fail(st, rc, _("reading the complaints"), err);
	sqlite3_bind_int64(q, 1, id);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		sd_complaint_progress p;

		p.id = sqlite3_column_int64(q, 0);
		store_col_copy(q, 1, p.at, sizeof p.at);
		p.by = store_col_dup(q, 2);
		p.kind = complaint_progress_kind_parse((const char *)sqlite3_column_text(q, 3));
		p.text = store_col_dup(q, 4);
		ret = fn(&p, arg);
		free(p.by);
		free(p.text);
		if (ret != SD_OK)
			break;
	}
	if (ret == SD_OK && rc != SQLITE_DONE)
		ret = store_fail(st, rc, _("reading the complaints"), err);
	sqlite3_finalize(q);
	return ret;
}

/* ---------------------------------------------------------------- first-reply clock */

#define REPLY_KEY "complaint_reply_in"
#define REPLY_DEFAULT "30m"

void
complaint_reply_policy(store *st, sla_dur *out)
{
	char *v = store_setting(st, REPLY_KEY, REPLY_DEFAULT);

	if (!sla_dur_parse(v, out))
		sla_dur_parse(REPLY_DEFAULT, out);
	free(v);
}

/* The due time under policy d with the site's calendar and office hours. */
static int
due_under(store *st, sla_dur d, sd_time received, sd_time *due, buf *explain, sd_err *err)
{
	const workcal *cal;
	sla_hours hours;

	*due = SD_NO_TIME;
	if (d.count == SLA_OFF) {
		if (explain)
			buf_printf(explain, "%s\n", _("no commitment"));
		return SD_OK;
	}
	if (!(cal = ledger_calendar(st, err)))
		return err->status;
	ledger_office_hours(st, &hours);
	sla_due_dur(cal, &hours, received, d, NULL, 0, due, explain);
	return SD_OK;
}

int
complaint_reply_due(store *st, sd_time received, sd_time *due, buf *explain, sd_err *err)
{
	sla_dur d;

	complaint_reply_policy(st, &d);
	return due_under(st, d, received, due, explain, err);
}

int
complaint_reply_policy_set(store *st, sla_dur d, long *recomputed, sd_err *err)
{
	char ns[32], os[32], oj[64], nj[64];
	sqlite3_stmt *q = NULL;
	sla_dur old;
	bool nested;
	long n = 0;
	int rc;

	sd_err_clear(err);
	if (recomputed)
		*recomputed = 0;
	if ((rc = staff_permit_self(st, ACT_POLICY_CHANGE, err)) != SD_OK)
		return rc;
	if (!ledger_calendar(st, err))
		return err->status;
	complaint_reply_policy(st, &old);
	sla_dur_format(old, os, sizeof os);
	sla_dur_format(d, ns, sizeof ns);
	/* both in the canonical form ("30m", "8wh", "off"): safe inside JSON quotes */
	snprintf(oj, sizeof oj, "{\"value\":\"%s\"}", os);
	snprintf(nj, sizeof nj, "{\"value\":\"%s\"}", ns);
	if ((rc = store_change_begin(st, &nested, err)) != SD_OK)
		return rc;
	if ((rc = store_set_setting(st, REPLY_KEY, ns, err)) != SD_OK ||
	    (rc = store_audit(st, "setting", REPLY_KEY, "update", oj, nj, err)) != SD_OK)
		goto out;
	/* A statement of its own: the due time's computation may use the store's cached ones. */
	rc = sqlite3_prepare_v2(store_db(st), "SELECT id, received_at FROM complaint "
	                        "WHERE closed_at IS NULL AND replied_at IS NULL", -1, &q, NULL);
	if (rc != SQLITE_OK) {
		rc = fail(st, rc, err);
		goto out;
	}
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		long long id = sqlite3_column_int64(q, 0);
		sd_time rt = tparse((const char *)sqlite3_column_text(q, 1)), due = SD_NO_TIME;
		char ds[17] = "";
		sqlite3_stmt *u;

		if (rt != SD_NO_TIME && (rc = due_under(st, d, rt, &due, NULL, err)) != SD_OK)
			goto out;
		if (due != SD_NO_TIME)
			time_format(due, ds);
		if (!(u = store_prepare(st, "UPDATE complaint SET reply_due = ? WHERE id = ?", err))) {
			rc = err->status;
			goto out;
		}
		bind_opt_text(u, 1, ds);
		sqlite3_bind_int64(u, 2, id);
		rc = sqlite3_step(u);
		sqlite3_reset(u);
		if (rc != SQLITE_DONE) {
			rc = fail(st, rc, err);
			goto out;
		}
		n++;
	}
	if (rc != SQLITE_DONE) {
		rc = fail(st, rc, err);
		goto out;
	}
	sqlite3_finalize(q);
	q = NULL;
	if ((rc = store_change_commit(st, nested, err)) != SD_OK)
		return rc;
	if (recomputed)
		*recomputed = n;
	return SD_OK;
out:
	sqlite3_finalize(q);
	store_change_rollback(st, nested);
	return rc ? rc : SD_INTERNAL;
}
