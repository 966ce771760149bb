/*
 * install.c — installation and commissioning (安装调试) and training (培训):
 * planning, recording done, signing by both sides, cancelling, the lists
 * (open, all, overdue commissionings), the signed record as a document and
 * the month's figures.
 *
 * Where they live, and why: a register of their own (install_job), not the
 * visit schedule. Visits are follow-ups planned and re-planned by rules,
 * their kinds fixed by the visit table and their outcome a satisfaction
 * rating; commissioning and training are work promised with the sale,
 * one commissioning per machine with a due date from its arrival and a
 * date that becomes the machine's commissioning date, and training with
 * days, a trainer and attendees — each ending in both sides' signatures.
 * See install.h for the rules.
 *
 * Every change is one transaction (store_change_begin: a savepoint inside the caller's
 * transaction when there is one, as in the demonstration) that reads
 * the job, decides on that reading, writes the row with version + 1 and an
 * audit row with the old and new values.
 *
 * Self-contained; no curses.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "customer.h"
#include "install.h"
#include "report.h"
#include "staff.h"
#include "text.h"
#include "valid.h"
#include "warranty.h"

/* ---------------------------------------------------------------- names */

static const struct {
	const char *code, *zh[3];
} kinds[IK_COUNT] = {
	[IK_COMMISSION] = { "commission", { "安装调试", "调试" } },
	[IK_TRAINING]   = { "training", { "培训", "人员培训" } },
};

static const struct {
	const char *code, *zh[3];
} statuses[IS_COUNT] = {
	[IS_PLANNED]   = { "planned", { "计划", "待办" } },
	[IS_DONE]      = { "done", { "已完成", "完成" } },
	[IS_SIGNED]    = { "signed", { "已签字", "签字" } },
	[IS_CANCELLED] = { "cancelled", { "已取消", "取消" } },
};

const char *
install_kind_code(int kind)
{
	return kind >= 0 && kind < IK_COUNT ? kinds[kind].code : "?";
}

const char *
install_kind_name(int kind)
{
	switch (kind) {
	case IK_COMMISSION: return C_("install", "commissioning");
	case IK_TRAINING:   return C_("install", "training");
	default:            return "?";
	}
}

int
install_kind_parse(const char *s)
{
	if (!s)
		return -1;
	for (int i = 0; i < IK_COUNT; i++) {
		if (strcmp(s, kinds[i].code) == 0)
			return i;
		for (int k = 0; k < 3 && kinds[i].zh[k]; k++)
			if (strcmp(s, kinds[i].zh[k]) == 0)
				return i;
	}
	return -1;
}

const char *
install_status_code(int status)
{
	return status >= 0 && status < IS_COUNT ? statuses[status].code : "?";
}

const char *
install_status_name(int status)
{
	switch (status) {
	case IS_PLANNED:   return C_("install", "planned");
	case IS_DONE:      return C_("install", "done, not signed");
	case IS_SIGNED:    return C_("install", "signed");
	case IS_CANCELLED: return C_("install", "cancelled");
	default:           return "";
	}
}

int
install_status_parse(const char *s)
{
	if (!s)
		return -1;
	for (int i = 0; i < IS_COUNT; i++) {
		if (strcmp(s, statuses[i].code) == 0)
			return i;
		for (int k = 0; k < 3 && statuses[i].zh[k]; k++)
			if (strcmp(s, statuses[i].zh[k]) == 0)
				return i;
	}
	return -1;
}

/* ---------------------------------------------------------------- rules */

int
install_within_days(store *st)
{
	long n = store_setting_int(st, INSTALL_WITHIN_KEY, INSTALL_WITHIN_DEFAULT);
	return n >= 1 && n <= 365 ? (int)n : INSTALL_WITHIN_DEFAULT;
}

int
install_training_days(store *st)
{
	long n = store_setting_int(st, TRAINING_DAYS_KEY, TRAINING_DAYS_DEFAULT);
	return n >= 1 && n <= 60 ? (int)n : TRAINING_DAYS_DEFAULT;
}

sd_date
install_due(sd_date arrived, int within)
{
	if (arrived == SD_DATE_NONE)
		return SD_DATE_NONE;
	return arrived + (within > 0 ? within : 0);
}

int
install_days_late(sd_date due, sd_date done)
{
	if (due == SD_DATE_NONE || done == SD_DATE_NONE || done <= due)
		return 0;
	return (int)(done - due);
}

int
install_count_names(const char *names)
{
	int n = 0;
	bool in = false;

	if (!names)
		return 0;
	for (const char *p = names; *p;) {
		size_t sep = 0;
		if (*p == '\n' || *p == ',' || *p == ';' || *p == '\r')
			sep = 1;
		else if (strncmp(p, "、", 3) == 0 || strncmp(p, "，", 3) == 0 ||
		         strncmp(p, "；", 3) == 0)
			sep = 3;
		if (sep) {
			in = false;
			p += sep;
			continue;
		}
		if (*p != ' ' && *p != '\t' && !in) {
			in = true;
			n++;
		}
		p++;
	}
	return n;
}

int
install_days_held(const sd_install *j)
{
	sd_date a, b;

	if (!date_parse(j->done_on, &a))
		return 0;
	if (!date_parse(j->done_to, &b))
		return 1;
	return b >= a ? (int)(b - a) + 1 : 0;
}

/* ---------------------------------------------------------------- helpers */

static void
bind_opt(sqlite3_stmt *q, int i, const char *s)
{
	if (s && *s)
		sqlite3_bind_text(q, i, s, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(q, i);
}

static int
run(store *st, sqlite3_stmt *q, sd_err *err)
{
	int rc = sqlite3_step(q);

	sqlite3_reset(q);
	return rc == SQLITE_DONE ? SD_OK : store_fail(st, rc, _("saving commissioning and training"), err);
}

static bool
blank(const char *s)
{
	if (!s)
		return true;
	for (; *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
			return false;
	return true;
}

/* A required or optional text field. */
static int
check_text(const char *s, const char *label, bool required, sd_text_kind kind, sd_err *err)
{
	if (blank(s))
		return required ? sd_err_set(err, SD_DATAERR, _("%s: %s"), label, _("required")) : SD_OK;
	return valid_text(s, label, kind, err);
}

/* A day that happened ("" or NULL: today) into *d. */
static int
parse_happened(const char *s, const char *label, sd_date *d, sd_err *err)
{
	if (blank(s)) {
		*d = store_today();
		return SD_OK;
	}
	if (!date_parse(s, d))
		return sd_err_set(err, SD_DATAERR, _("%s: invalid date '%s' (expected YYYY-MM-DD)"), label, s);
	return valid_date_happened(*d, label, err);
}

static int
check_engineer(store *st, const char *login, sd_err *err)
{
	if (!staff_can_receive(st, login))
		return sd_err_set(err, SD_DATAERR,
		                  _("engineer: %s is not an active engineer or supervisor on the staff list"),
		                  login);
	return SD_OK;
}

int
install_permit(store *st, const char *login, enum sd_install_op op, sd_err *err)
{
	return staff_permit(st, login, op == IOP_PLAN ? ACT_INSTALL_PLAN : ACT_INSTALL_WORK, err);
}

/* ---------------------------------------------------------------- one job */

void
install_free(sd_install *j)
{
	free(j->customer);
	free(j->serial);
	free(j->model);
	free(j->engineer);
	free(j->engineer_name);
	free(j->work);
	free(j->attendees);
	free(j->signed_by);
	free(j->cancel_reason);
	free(j->created_by);
	free(j->done_by);
	memset(j, 0, sizeof *j);
}

/* The due date and the overdue mark of j, from its arrival and the setting. */
static void
fill_due(store *st, sd_install *j)
{
	sd_date arrived, due;

	j->due_on[0] = '\0';
	j->overdue = false;
	if (j->kind != IK_COMMISSION || !date_parse(j->arrived_on, &arrived))
		return;
	due = install_due(arrived, install_within_days(st));
	date_format(due, j->due_on);
	j->overdue = j->status == IS_PLANNED && !j->commissioned_on[0] && due < store_today();
}

int
install_get(store *st, long long id, sd_install *out, sd_err *err)
{
	sqlite3_stmt *q = store_prepare(st,
		"SELECT j.id, j.kind, j.status, j.customer_id, c.name, j.equipment_id, e.serial, e.model, "
		"COALESCE(e.accepted_on, e.delivered_on), e.commissioned_on, j.planned_on, j.days, "
		"j.engineer, s.name, j.done_on, j.done_to, j.work, j.attendees, j.attendee_count, "
		"j.signed_by, j.signed_on, j.cancel_reason, j.created_at, j.created_by, j.done_at, "
		"j.done_by, j.version FROM install_job j JOIN customer c ON c.id = j.customer_id "
		"LEFT JOIN equipment e ON e.id = j.equipment_id LEFT JOIN staff s ON s.login = j.engineer "
		"WHERE j.id = ?", err);
	int rc;

	memset(out, 0, sizeof *out);
	if (!q)
		return err ? err->status : SD_INTERNAL;
	sqlite3_bind_int64(q, 1, id);
	rc = sqlite3_step(q);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(q);
		if (rc != SQLITE_DONE)
			return store_fail(st, rc, _("reading commissioning and training"), err);
		return sd_err_set(err, SD_DATAERR, _("no commissioning or training numbered %lld"), id);
	}
	out->id = sqlite3_column_int64(q, 0);
	out->kind = install_kind_parse((const char *)sqlite3_column_text(q, 1));
	out->status = install_status_parse((const char *)sqlite3_column_text(q, 2));
	out->customer_id = sqlite3_column_int64(q, 3);
	out->customer = store_col_dup(q, 4);
	out->equipment_id = sqlite3_column_int64(q, 5);
	out->serial = store_col_dup(q, 6);
	out->model = store_col_dup(q, 7);
	store_col_copy(q, 8, out->arrived_on, sizeof out->arrived_on);
	store_col_copy(q, 9, out->commissioned_on, sizeof out->commissioned_on);
	store_col_copy(q, 10, out->planned_on, sizeof out->planned_on);
	out->days = sqlite3_column_int(q, 11);
	out->engineer = store_col_dup(q, 12);
	out->engineer_name = store_col_dup(q, 13);
	store_col_copy(q, 14, out->done_on, sizeof out->done_on);
	store_col_copy(q, 15, out->done_to, sizeof out->done_to);
	out->work = store_col_dup(q, 16);
	out->attendees = store_col_dup(q, 17);
	out->attendee_count = sqlite3_column_int(q, 18);
	out->signed_by = store_col_dup(q, 19);
	store_col_copy(q, 20, out->signed_on, sizeof out->signed_on);
	out->cancel_reason = store_col_dup(q, 21);
	store_col_copy(q, 22, out->created_at, sizeof out->created_at);
	out->created_by = store_col_dup(q, 23);
	store_col_copy(q, 24, out->done_at, sizeof out->done_at);
	out->done_by = store_col_dup(q, 25);
	out->version = sqlite3_column_int(q, 26);
	sqlite3_reset(q);
	fill_due(st, out);
	return SD_OK;
}

static char *
job_json(store *st, long long id)
{
	sqlite3_stmt *q = store_prepare(st,
		"SELECT json_object('kind', kind, 'customer_id', customer_id, 'equipment_id', equipment_id, "
		"'status', status, 'planned_on', planned_on, 'days', days, 'engineer', engineer, "
		"'done_on', done_on, 'done_to', done_to, 'work', work, 'attendees', attendees, "
		"'attendee_count', attendee_count, 'signed_by', signed_by, 'signed_on', signed_on, "
		"'cancel_reason', cancel_reason) FROM install_job WHERE id = ?", NULL);
	char *json = NULL;

	if (!q)
		return NULL;
	sqlite3_bind_int64(q, 1, id);
	if (sqlite3_step(q) == SQLITE_ROW)
		json = store_col_dup(q, 0);
	sqlite3_reset(q);
	return json;
}

/* ---------------------------------------------------------------- changes */

struct edit {
	store *st;
	bool nested;          /* inside the caller's transaction (store_change_begin) */
	sd_install j;
	char *old;
	char key[24];
};

static int
edit_begin(store *st, struct edit *ed, enum sd_install_op op, long long id, int expected_version,
           sd_err *err)
{
	int rc;

	memset(ed, 0, sizeof *ed);
	ed->st = st;
	snprintf(ed->key, sizeof ed->key, "%lld", id);
	if ((rc = install_permit(st, store_user(st), op, err)) != SD_OK)
		return rc;
	if ((rc = store_change_begin(st, &ed->nested, err)) != SD_OK)
		return rc;
	if ((rc = install_get(st, id, &ed->j, err)) != SD_OK) {
		store_change_rollback(st, ed->nested);
		return rc;
	}
	if (expected_version >= 0 && ed->j.version != expected_version) {
		char who[128];

		customer_last_change(st, "install_job", ed->key, who, sizeof who);
		store_change_rollback(st, ed->nested);
		install_free(&ed->j);
		return sd_err_set(err, SD_DATAERR,
		                  _("commissioning or training %lld was changed meanwhile (%s); your change was not saved — the current values are shown"),
		                  id, who);
	}
	ed->old = job_json(st, id);
	return SD_OK;
}

/* Refuse the edit of a job in the wrong state; rolls back, frees ed. */
static int
edit_refuse(struct edit *ed, const char *why, sd_err *err)
{
	long long id = ed->j.id;
	const char *status = install_status_name(ed->j.status);

	store_change_rollback(ed->st, ed->nested);
	free(ed->old);
	/* TRANSLATORS: the number, its status, then why (already a sentence part). */
	sd_err_set(err, SD_DATAERR, _("commissioning or training %lld is %s: %s"), id, status, why);
	install_free(&ed->j);
	return SD_DATAERR;
}

static int
edit_end(struct edit *ed, const char *action, int rc, sd_err *err)
{
	char *new = NULL;

	if (rc == SD_OK) {
		new = job_json(ed->st, ed->j.id);
		rc = store_audit(ed->st, "install_job", ed->key, action, ed->old, new, err);
	}
	if (rc == SD_OK)
		rc = store_change_commit(ed->st, ed->nested, err);
	else
		store_change_rollback(ed->st, ed->nested);
	free(new);
	free(ed->old);
	install_free(&ed->j);
	return rc;
}

/* The open (not cancelled) commissioning of machine equipment_id: its number, 0 none, -1 error. */
static long long
open_commission(store *st, long long equipment_id, sd_err *err)
{
	sqlite3_stmt *q = store_prepare(st,
		"SELECT id FROM install_job WHERE equipment_id = ? AND kind = 'commission' "
		"AND status <> 'cancelled'", err);
	long long id = 0;
	int rc;

	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, equipment_id);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		id = sqlite3_column_int64(q, 0);
	sqlite3_reset(q);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		store_fail(st, rc, _("reading commissioning and training"), err);
		return -1;
	}
	return id;
}

int
install_add(store *st, const sd_install *j, long long *id, sd_err *err)
{
	sd_equipment e;
	sd_customer cu;
	sd_date planned = SD_DATE_NONE;
	char planned_s[11], now[17], key[24];
	int days = j->days, rc;
	bool nested = false;
	long long cid = 0, eid = 0, other;
	sqlite3_stmt *q;
	char *json = NULL;

	sd_err_clear(err);
	memset(&e, 0, sizeof e);
	memset(&cu, 0, sizeof cu);
	*id = 0;
	if ((rc = install_permit(st, store_user(st), IOP_PLAN, err)) != SD_OK)
		return rc;
	if (j->kind != IK_COMMISSION && j->kind != IK_TRAINING)
		return sd_err_set(err, SD_DATAERR, _("%s: %s"), _("kind"), _("commission or training"));
	if (j->kind == IK_COMMISSION && blank(j->serial))
		return sd_err_set(err, SD_DATAERR, _("%s: %s"), _("serial"),
		                  _("required: commissioning is of one machine"));
	if (j->kind == IK_TRAINING && blank(j->customer))
		return sd_err_set(err, SD_DATAERR, _("%s: %s"), _("customer"), _("required"));
	if (j->kind == IK_TRAINING && days == 0)
		days = install_training_days(st);
	if (j->kind == IK_COMMISSION)
		days = 1;
	if (days < 1 || days > 60)
		return sd_err_set(err, SD_DATAERR, _("%s: %s"), _("days"), _("a whole number from 1 to 60"));
	if (j->planned_on[0]) {
		if (!date_parse(j->planned_on, &planned))
			return sd_err_set(err, SD_DATAERR, _("%s: invalid date '%s' (expected YYYY-MM-DD)"),
			                  _("planned for"), j->planned_on);
		if ((rc = valid_date_planned(st, planned, _("planned for"), err)) != SD_OK)
			return rc;
	}
	if ((rc = check_text(j->work, _("work"), false, SD_TEXT_LONG, err)) != SD_OK)
		return rc;
	if (!blank(j->engineer) && (rc = check_engineer(st, j->engineer, err)) != SD_OK)
		return rc;
	if ((rc = store_change_begin(st, &nested, err)) != SD_OK)
		return rc;
	if (!blank(j->serial)) {
		if ((rc = equipment_get(st, j->serial, &e, err)) != SD_OK)
			goto fail;
		eid = e.id;
	}
	if (!blank(j->customer)) {
		if ((rc = customer_get(st, j->customer, &cu, err)) != SD_OK)
			goto fail;
		cid = cu.id;
		if (eid && strcmp(e.customer, cu.name) != 0) {
			rc = sd_err_set(err, SD_DATAERR, _("serial: %s is a machine of %s, not of %s"), e.serial,
			                e.customer, cu.name);
			goto fail;
		}
	} else {
		if ((rc = customer_get(st, e.customer, &cu, err)) != SD_OK)
			goto fail;
		cid = cu.id;
	}
	if (j->kind == IK_COMMISSION) {
		sd_date arrived = SD_DATE_NONE;

		if (e.commissioned_on[0]) {
			rc = sd_err_set(err, SD_DATAERR, _("serial: %s was commissioned on %s already"), e.serial,
			                e.commissioned_on);
			goto fail;
		}
		if ((other = open_commission(st, eid, err)) < 0) {
			rc = err->status;
			goto fail;
		}
		if (other > 0) {
			rc = sd_err_set(err, SD_DATAERR,
			                _("serial: the commissioning of %s is already recorded (number %lld)"),
			                e.serial, other);
			goto fail;
		}
		if (planned == SD_DATE_NONE) {
			if (date_parse(e.accepted_on, &arrived) || date_parse(e.delivered_on, &arrived))
				planned = install_due(arrived, install_within_days(st));
			if (planned == SD_DATE_NONE || planned < store_today())
				planned = store_today();
		}
	}
	if (planned == SD_DATE_NONE)
		planned = store_today();
	date_format(planned, planned_s);
	store_now(now);
	q = store_prepare(st,
		"INSERT INTO install_job (kind, customer_id, equipment_id, planned_on, days, engineer, "
		"work, created_at, created_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", err);
	if (!q) {
		rc = err->status;
		goto fail;
	}
	sqlite3_bind_text(q, 1, install_kind_code(j->kind), -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 2, cid);
	if (eid)
		sqlite3_bind_int64(q, 3, eid);
	else
		sqlite3_bind_null(q, 3);
	sqlite3_bind_text(q, 4, planned_s, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(q, 5, days);
	bind_opt(q, 6, blank(j->engineer) ? NULL : j->engineer);
	bind_opt(q, 7, blank(j->work) ? NULL : j->work);
	sqlite3_bind_text(q, 8, now, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 9, store_user(st), -1, SQLITE_TRANSIENT);
	if ((rc = run(st, q, err)) != SD_OK)
		goto fail;
	*id = sqlite3_last_insert_rowid(store_db(st));
	snprintf(key, sizeof key, "%lld", *id);
	json = job_json(st, *id);
	if ((rc = store_audit(st, "install_job", key, "insert", NULL, json, err)) != SD_OK)
		goto fail;
	rc = store_change_commit(st, nested, err);
	if (rc != SD_OK)
		*id = 0;
	goto out;
fail:
	store_change_rollback(st, nested);
	*id = 0;
out:
	free(json);
	equipment_free(&e);
	customer_free(&cu);
	return rc;
}

int
install_done(store *st, long long id, int expected_version, const sd_install_done *d, sd_err *err)
{
	struct edit ed;
	sd_date on, to = SD_DATE_NONE, arrived;
	char on_s[11], to_s[11] = "", now[17];
	const char *engineer;
	int count = d->attendee_count, rc;
	sqlite3_stmt *q;

	sd_err_clear(err);
	if ((rc = parse_happened(d->done_on, _("done on"), &on, err)) != SD_OK ||
	    (rc = check_text(d->work, _("work"), true, SD_TEXT_LONG, err)) != SD_OK ||
	    (rc = check_text(d->attendees, _("attendees"), false, SD_TEXT_LONG, err)) != SD_OK)
		return rc;
	if (count < 0 || count > 10000)
		return sd_err_set(err, SD_DATAERR, _("%s: %s"), _("attendees"), _("a whole number from 1 to 10000"));
	if ((rc = edit_begin(st, &ed, IOP_WORK, id, expected_version, err)) != SD_OK)
		return rc;
	if (ed.j.status != IS_PLANNED)
		return edit_refuse(&ed, _("only planned work can be recorded as done"), err);
	date_format(on, on_s);
	if (ed.j.kind == IK_COMMISSION && date_parse(ed.j.arrived_on, &arrived) && on < arrived) {
		rc = sd_err_set(err, SD_DATAERR, _("done on: %s is before the machine arrived (%s)"),
		                on_s, ed.j.arrived_on);
		return edit_end(&ed, "done", rc, err);
	}
	if (ed.j.kind == IK_TRAINING) {
		if (blank(d->done_to))
			to = on + (ed.j.days > 0 ? ed.j.days : 1) - 1;
		else if (!date_parse(d->done_to, &to))
			return edit_end(&ed, "done", sd_err_set(err, SD_DATAERR,
			                _("%s: invalid date '%s' (expected YYYY-MM-DD)"), _("to"), d->done_to), err);
		if (to < on)
			return edit_end(&ed, "done", sd_err_set(err, SD_DATAERR, _("%s: %s"), _("to"),
			                _("before the first day")), err);
		if ((rc = valid_date_happened(to, _("to"), err)) != SD_OK)
			return edit_end(&ed, "done", rc, err);
		date_format(to, to_s);
		if (blank(d->attendees))
			return edit_end(&ed, "done", sd_err_set(err, SD_DATAERR, _("%s: %s"), _("attendees"),
			                _("required: the names of those trained")), err);
		if (count == 0)
			count = install_count_names(d->attendees);
		if (count < 1)
			return edit_end(&ed, "done", sd_err_set(err, SD_DATAERR, _("%s: %s"), _("attendees"),
			                _("required: the names of those trained")), err);
	} else
		count = 0;
	engineer = !blank(d->engineer) ? d->engineer : !blank(ed.j.engineer) ? ed.j.engineer : store_user(st);
	if ((rc = check_engineer(st, engineer, err)) != SD_OK)
		return edit_end(&ed, "done", rc, err);
	store_now(now);
	q = store_prepare(st,
		"UPDATE install_job SET status = 'done', done_on = ?2, done_to = ?3, engineer = ?4, "
		"work = ?5, attendees = ?6, attendee_count = ?7, done_at = ?8, done_by = ?9, "
		"version = version + 1 WHERE id = ?1", err);
	if (!q)
		return edit_end(&ed, "done", err->status, err);
	sqlite3_bind_int64(q, 1, id);
	sqlite3_bind_text(q, 2, on_s, -1, SQLITE_TRANSIENT);
	bind_opt(q, 3, to_s);
	sqlite3_bind_text(q, 4, engineer, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 5, d->work, -1, SQLITE_TRANSIENT);
	bind_opt(q, 6, ed.j.kind == IK_TRAINING ? d->attendees : NULL);
	if (count > 0)
		sqlite3_bind_int(q, 7, count);
	else
		sqlite3_bind_null(q, 7);
	sqlite3_bind_text(q, 8, now, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 9, store_user(st), -1, SQLITE_TRANSIENT);
	if ((rc = run(st, q, err)) == SD_OK && ed.j.kind == IK_COMMISSION) {
		/* the machine's commissioning date, through its own update and audit */
		sd_equipment e;

		if ((rc = equipment_get(st, ed.j.serial, &e, err)) == SD_OK) {
			snprintf(e.commissioned_on, sizeof e.commissioned_on, "%s", on_s);
			e.version = 0;
			rc = equipment_put(st, &e, err);
			equipment_free(&e);
		}
	}
	return edit_end(&ed, "done", rc, err);
}

int
install_sign(store *st, long long id, int expected_version, const char *signed_by,
             const char *signed_on, sd_err *err)
{
	struct edit ed;
	sd_date on, done;
	char on_s[11];
	int rc;
	sqlite3_stmt *q;

	sd_err_clear(err);
	if ((rc = check_text(signed_by, _("signed by"), true, SD_TEXT_NAME, err)) != SD_OK ||
	    (rc = parse_happened(signed_on, _("signed on"), &on, err)) != SD_OK)
		return rc;
	if ((rc = edit_begin(st, &ed, IOP_WORK, id, expected_version, err)) != SD_OK)
		return rc;
	if (ed.j.status != IS_DONE)
		return edit_refuse(&ed, ed.j.status == IS_PLANNED
		                   ? _("record it as done before it is signed")
		                   : _("only work done and not yet signed can be signed"), err);
	if ((date_parse(ed.j.done_to, &done) || date_parse(ed.j.done_on, &done)) && on < done) {
		char d_s[11];
		date_format(done, d_s);
		return edit_end(&ed, "sign", sd_err_set(err, SD_DATAERR,
		                _("signed on: before the work was done (%s)"), d_s), err);
	}
	date_format(on, on_s);
	q = store_prepare(st, "UPDATE install_job SET status = 'signed', signed_by = ?2, signed_on = ?3, "
	                      "version = version + 1 WHERE id = ?1", err);
	if (!q)
		return edit_end(&ed, "sign", err->status, err);
	sqlite3_bind_int64(q, 1, id);
	sqlite3_bind_text(q, 2, signed_by, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 3, on_s, -1, SQLITE_TRANSIENT);
	rc = run(st, q, err);
	return edit_end(&ed, "sign", rc, err);
}

int
install_cancel(store *st, long long id, int expected_version, const char *reason, sd_err *err)
{
	struct edit ed;
	sqlite3_stmt *q;
	int rc;

	sd_err_clear(err);
	if (blank(reason))
		return sd_err_set(err, SD_DATAERR, _("%s: %s"), _("reason"),
		                  _("required: a cancellation must say why"));
	if ((rc = check_text(reason, _("reason"), true, SD_TEXT_LINE, err)) != SD_OK)
		return rc;
	if ((rc = edit_begin(st, &ed, IOP_PLAN, id, expected_version, err)) != SD_OK)
		return rc;
	if (ed.j.status != IS_PLANNED)
		return edit_refuse(&ed, _("only planned work can be cancelled"), err);
	q = store_prepare(st, "UPDATE install_job SET status = 'cancelled', cancel_reason = ?2, "
	                      "version = version + 1 WHERE id = ?1", err);
	if (!q)
		return edit_end(&ed, "cancel", err->status, err);
	sqlite3_bind_int64(q, 1, id);
	sqlite3_bind_text(q, 2, reason, -1, SQLITE_TRANSIENT);
	rc = run(st, q, err);
	return edit_end(&ed, "cancel", rc, err);
}

/* ---------------------------------------------------------------- lists */

void
install_row_free(sd_install_row *r)
{
	free(r->customer);
	free(r->serial);
	free(r->engineer);
	memset(r, 0, sizeof *r);
}

int
install_page(store *st, const sd_install_query *q, enum sd_page_from from,
             const sd_install_row *anchor, int limit, sd_install_row *rows, int *n, sd_err *err)
{
	bool back = from == PAGE_LAST || from == PAGE_BEFORE;
	bool keyed = (from == PAGE_AFTER || from == PAGE_BEFORE) && anchor;
	int within = install_within_days(st), rc;
	char today[11], sql[1400];
	sqlite3_stmt *s;

	*n = 0;
	date_format(store_today(), today);
	if (q->view == IV_OVERDUE)
		snprintf(sql, sizeof sql,
			"SELECT * FROM (SELECT e.id AS eid, date(COALESCE(e.accepted_on, e.delivered_on), "
			"'+' || ?1 || ' days') AS due, c.name, e.serial, j.id, j.status, j.planned_on, "
			"j.engineer, e.customer_id AS cid FROM equipment e JOIN customer c ON c.id = e.customer_id "
			"LEFT JOIN install_job j ON j.equipment_id = e.id AND j.kind = 'commission' "
			"AND j.status <> 'cancelled' WHERE e.commissioned_on IS NULL AND e.loan_unit = 0 "
			"AND COALESCE(e.accepted_on, e.delivered_on) IS NOT NULL) "
			"WHERE due < ?2 AND (?3 = 0 OR cid = ?3) AND (?4 = 0 OR (due, eid) %s (?5, ?6)) "
			"ORDER BY due %s, eid %s LIMIT ?7",
			back ? "<" : ">", back ? "DESC" : "ASC", back ? "DESC" : "ASC");
	else
		snprintf(sql, sizeof sql,
			"SELECT j.id, j.kind, j.status, j.planned_on, j.done_on, c.name, e.serial, j.engineer, "
			"COALESCE(e.accepted_on, e.delivered_on), e.commissioned_on FROM install_job j "
			"JOIN customer c ON c.id = j.customer_id LEFT JOIN equipment e ON e.id = j.equipment_id "
			"WHERE (?1 IS NULL OR j.kind = ?1) AND (?3 = 0 OR j.customer_id = ?3) "
			"AND (?2 = 0 OR j.status IN ('planned', 'done')) "
			"AND (?4 = 0 OR (j.planned_on, j.id) %s (?5, ?6)) "
			"ORDER BY j.planned_on %s, j.id %s LIMIT ?7",
			back ? "<" : ">", back ? "DESC" : "ASC", back ? "DESC" : "ASC");
	if (!(s = store_prepare(st, sql, err)))
		return err->status;
	if (q->view == IV_OVERDUE) {
		sqlite3_bind_int(s, 1, within);
		sqlite3_bind_text(s, 2, today, -1, SQLITE_TRANSIENT);
	} else {
		if (q->kind > 0)
			sqlite3_bind_text(s, 1, install_kind_code(q->kind - 1), -1, SQLITE_STATIC);
		else
			sqlite3_bind_null(s, 1);
		sqlite3_bind_int(s, 2, q->view == IV_OPEN);
	}
	sqlite3_bind_int64(s, 3, q->customer_id);
	sqlite3_bind_int(s, 4, keyed);
	if (keyed) {
		sqlite3_bind_text(s, 5, anchor->date, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(s, 6, q->view == IV_OVERDUE ? anchor->equipment_id : anchor->id);
	}
	sqlite3_bind_int(s, 7, limit);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW && *n < limit) {
		sd_install_row *r = &rows[*n];

		memset(r, 0, sizeof *r);
		if (q->view == IV_OVERDUE) {
			sd_date due;

			r->equipment_id = sqlite3_column_int64(s, 0);
			store_col_copy(s, 1, r->due_on, sizeof r->due_on);
			memcpy(r->date, r->due_on, sizeof r->date);
			r->customer = store_col_dup(s, 2);
			r->serial = store_col_dup(s, 3);
			r->id = sqlite3_column_int64(s, 4);
			r->kind = IK_COMMISSION;
			r->status = r->id ? install_status_parse((const char *)sqlite3_column_text(s, 5)) : -1;
			store_col_copy(s, 6, r->planned_on, sizeof r->planned_on);
			r->engineer = store_col_dup(s, 7);
			r->overdue = true;
			if (date_parse(r->due_on, &due))
				r->days_late = install_days_late(due, store_today());
		} else {
			sd_date arrived;

			r->id = sqlite3_column_int64(s, 0);
			r->kind = install_kind_parse((const char *)sqlite3_column_text(s, 1));
			r->status = install_status_parse((const char *)sqlite3_column_text(s, 2));
			store_col_copy(s, 3, r->planned_on, sizeof r->planned_on);
			memcpy(r->date, r->planned_on, sizeof r->date);
			store_col_copy(s, 4, r->done_on, sizeof r->done_on);
			r->customer = store_col_dup(s, 5);
			r->serial = store_col_dup(s, 6);
			r->engineer = store_col_dup(s, 7);
			if (r->kind == IK_COMMISSION &&
			    date_parse((const char *)sqlite3_column_text(s, 8), &arrived)) {
				sd_date due = install_due(arrived, within);
				date_format(due, r->due_on);
				r->overdue = r->status == IS_PLANNED && sqlite3_column_type(s, 9) == SQLITE_NULL &&
				             due < store_today();
				if (r->overdue)
					r->days_late = install_days_late(due, store_today());
			}
		}
		(*n)++;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		for (int i = 0; i < *n; i++)
			install_row_free(&rows[i]);
		*n = 0;
		return store_fail(st, rc, _("reading commissioning and training"), err);
	}
	if (back)
		for (int i = 0, k = *n - 1; i < k; i++, k--) {
			sd_install_row t = rows[i];
			rows[i] = rows[k];
			rows[k] = t;
		}
	return SD_OK;
}

/* ---------------------------------------------------------------- the signed record */

static void
form_row(doc_block *t, const char *field, const char *label, const char *value)
{
	doc_cell cells[3] = { doc_text(field), doc_text(label), doc_text(value && *value ? value : NULL) };
	doc_row(t, cells);
}

int
install_form(store *st, long long id, sd_doc **out, sd_err *err)
{
	doc_col cols[3] = {
		{ "field", NULL, DOC_TEXT, 0, 0, 0, DOC_MACHINE },
		{ "label", NULL, DOC_TEXT, 0, 22, 26, DOC_PEOPLE },
		{ "value", NULL, DOC_TEXT, 0, 54, 100, 0 },
	};
	doc_col sig[4] = {
		{ "side", NULL, DOC_TEXT, 0, 0, 0, DOC_MACHINE },
		{ "label", NULL, DOC_TEXT, 0, 30, 36, DOC_PEOPLE },
		{ "name", NULL, DOC_TEXT, 0, 28, 40, 0 },
		{ "date", NULL, DOC_DATE, 0, 12, 12, 0 },
	};
	sd_install j;
	buf title = { 0 }, b = { 0 };
	char no[24], num[24];
	doc_block *t;
	char *site;
	sd_doc *d;
	int rc;

	*out = NULL;
	if ((rc = install_get(st, id, &j, err)) != SD_OK)
		return rc;
	snprintf(no, sizeof no, "%lld", j.id);
	site = report_site_name(st);
	if (j.kind == IK_COMMISSION)
		/* TRANSLATORS: the record's number. */
		buf_printf(&title, _("Installation and commissioning record %s"), no);
	else
		/* TRANSLATORS: the record's number. */
		buf_printf(&title, _("Training record %s"), no);
	d = doc_new(j.kind == IK_COMMISSION ? "commissioning_record" : "training_record",
	            buf_str(&title), site);
	buf_free(&title);
	free(site);
	doc_add_meta(d, "id", _("No."), DOC_TEXT, doc_text(no));
	cols[0].head = (char *)"field";
	cols[1].head = (char *)_("Field");
	cols[2].head = (char *)_("Value");
	doc_section_add(d, "record", NULL);
	t = doc_table(d, "fields", NULL, cols, 3);
	form_row(t, "customer", _("Customer"), j.customer);
	form_row(t, "serial", _("Serial no."), j.serial);
	form_row(t, "model", _("Model"), j.model);
	if (j.kind == IK_COMMISSION) {
		form_row(t, "arrived_on", _("Arrived on"), j.arrived_on);
		form_row(t, "due_on", _("Due by"), j.due_on);
		form_row(t, "planned_on", _("Planned for"), j.planned_on);
		form_row(t, "done_on", _("Commissioned on"), j.done_on);
		form_row(t, "engineer", _("Engineer"), j.engineer_name ? j.engineer_name : j.engineer);
		form_row(t, "work", _("Checks made"), j.work);
	} else {
		snprintf(num, sizeof num, "%d", j.days);
		form_row(t, "planned_on", _("Planned for"), j.planned_on);
		form_row(t, "days", _("Days planned"), num);
		if (j.done_on[0]) {
			/* TRANSLATORS: first day, last day, number of days. */
			buf_printf(&b, _("%s to %s (%d days)"), j.done_on, j.done_to[0] ? j.done_to : j.done_on,
			           install_days_held(&j));
			form_row(t, "held", _("Held"), buf_str(&b));
			buf_reset(&b);
		} else
			form_row(t, "held", _("Held"), NULL);
		form_row(t, "trainer", _("Trainer"), j.engineer_name ? j.engineer_name : j.engineer);
		form_row(t, "topics", _("Topics"), j.work);
		form_row(t, "attendees", _("Attendees"), j.attendees);
		if (j.attendee_count > 0)
			snprintf(num, sizeof num, "%d", j.attendee_count);
		else
			num[0] = '\0';
		form_row(t, "attendee_count", _("Number of attendees"), num);
	}
	form_row(t, "status", _("Status"), install_status_name(j.status));
	if (j.status == IS_CANCELLED)
		form_row(t, "cancel_reason", _("Reason cancelled"), j.cancel_reason);
	sig[0].head = (char *)"side";
	sig[1].head = (char *)_("Signed by both sides");
	sig[2].head = (char *)_("Name (signature)");
	sig[3].head = (char *)_("Date");
	doc_section_add(d, "signatures", NULL);
	t = doc_table(d, "signatures", NULL, sig, 4);
	{
		bool s = j.status == IS_SIGNED;
		const char *eng = j.engineer_name ? j.engineer_name : j.engineer;
		doc_cell r1[4] = { doc_text("service"), doc_text(_("For the service department")),
		                   doc_text(s ? eng : NULL), doc_date(s ? j.signed_on : NULL) };
		doc_cell r2[4] = { doc_text("customer"), doc_text(_("For the customer")),
		                   doc_text(s ? j.signed_by : NULL), doc_date(s ? j.signed_on : NULL) };
		if (!s) {
			r1[2] = doc_blank();
			r1[3] = doc_blank();
			r2[2] = doc_blank();
			r2[3] = doc_blank();
		}
		doc_row(t, r1);
		doc_row(t, r2);
	}
	if (j.status != IS_SIGNED)
		doc_note(d, NULL, _("Engineer (signature): ______________    Customer (signature): ______________    Date: __________"));
	buf_free(&b);
	install_free(&j);
	*out = d;
	return SD_OK;
}

/* ---------------------------------------------------------------- the month */

static int
month_long(store *st, const char *sql, const char *first, const char *last, int within,
           long *vals, int nvals, sd_err *err)
{
	sqlite3_stmt *q = store_prepare(st, sql, err);
	int rc;

	if (!q)
		return err->status;
	sqlite3_bind_text(q, 1, first, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 2, last, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(q, 3, within);
	rc = sqlite3_step(q);
	for (int i = 0; i < nvals; i++)
		vals[i] = rc == SQLITE_ROW ? (long)sqlite3_column_int64(q, i) : 0;
	sqlite3_reset(q);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(st, rc, _("reading commissioning and training"), err);
	return SD_OK;
}

int
install_month(store *st, int y, int m, sd_install_month *out, sd_err *err)
{
	char first[11], last[11];
	int within = install_within_days(st), rc;
	long v[4];

	memset(out, 0, sizeof *out);
	date_format(date_from_ymd(y, m, 1), first);
	date_format(date_from_ymd(y, m, date_days_in_month(y, m)), last);
	/* commissionings done in the month: how many, late, days from arrival (total, longest) */
	rc = month_long(st,
		"SELECT count(*), coalesce(sum(d > ?3), 0), coalesce(sum(d), 0), coalesce(max(d), 0) FROM "
		"(SELECT CAST(julianday(j.done_on) - julianday(COALESCE(e.accepted_on, e.delivered_on)) AS INTEGER) AS d "
		"FROM install_job j JOIN equipment e ON e.id = j.equipment_id WHERE j.kind = 'commission' "
		"AND j.status IN ('done', 'signed') AND j.done_on BETWEEN ?1 AND ?2)",
		first, last, within, v, 4, err);
	if (rc != SD_OK)
		return rc;
	out->commissioned = v[0];
	out->commissioned_late = v[1];
	out->delay_days_total = v[2];
	out->delay_days_max = v[3];
	/* machines overdue on the month's last day */
	rc = month_long(st,
		"SELECT count(*) FROM equipment WHERE loan_unit = 0 "
		"AND COALESCE(accepted_on, delivered_on) IS NOT NULL "
		"AND date(COALESCE(accepted_on, delivered_on), '+' || ?3 || ' days') < ?2 "
		"AND (commissioned_on IS NULL OR commissioned_on > ?2)",
		first, last, within, v, 1, err);
	if (rc != SD_OK)
		return rc;
	out->overdue_at_end = v[0];
	/* trainings held (ended) in the month, their days and attendees */
	rc = month_long(st,
		"SELECT count(*), coalesce(sum(CAST(julianday(done_to) - julianday(done_on) AS INTEGER) + 1), 0), "
		"coalesce(sum(attendee_count), 0) FROM install_job WHERE kind = 'training' "
		"AND status IN ('done', 'signed') AND done_to BETWEEN ?1 AND ?2",
		first, last, within, v, 3, err);
	if (rc != SD_OK)
		return rc;
	out->trainings = v[0];
	out->training_days = v[1];
	out->attendees = v[2];
	rc = month_long(st,
		"SELECT count(*) FROM install_job WHERE status = 'signed' AND signed_on BETWEEN ?1 AND ?2",
		first, last, within, v, 1, err);
	if (rc != SD_OK)
		return rc;
	out->signed_ = v[0];
	return SD_OK;
}

void
install_month_doc(sd_doc *d, const sd_install_month *m)
{
	doc_section_add(d, "install", _("Installation, commissioning and training"));
	doc_figures(d, NULL);
	doc_figure_add(d, "commissioned", _("Commissionings done"), DOC_COUNT, 0, 0,
	               doc_count(m->commissioned));
	doc_figure_add(d, "commissioned_late", _("of which after the due date"), DOC_COUNT, 0, 0,
	               doc_count(m->commissioned_late));
	doc_figure_add(d, "delay_days_avg", _("Days from arrival to commissioning, average"), DOC_RATIO, 1, 0,
	               doc_ratio(m->delay_days_total, m->commissioned));
	doc_figure_add(d, "delay_days_max", _("Days from arrival to commissioning, longest"), DOC_COUNT, 0, 0,
	               m->commissioned > 0 ? doc_count(m->delay_days_max) : doc_empty());
	doc_figure_add(d, "overdue_at_end", _("Commissionings overdue at the month's end"), DOC_COUNT, 0, 0,
	               doc_count(m->overdue_at_end));
	doc_figure_add(d, "trainings", _("Trainings held"), DOC_COUNT, 0, 0, doc_count(m->trainings));
	doc_figure_add(d, "training_days", _("Training days held"), DOC_COUNT, 0, 0,
	               doc_count(m->training_days));
	doc_figure_add(d, "attendees", _("Attendees trained"), DOC_COUNT, 0, 0, doc_count(m->attendees));
	doc_figure_add(d, "signed", _("Records signed by both sides"), DOC_COUNT, 0, 0, doc_count(m->signed_));
}

/* ---------------------------------------------------------------- demonstration */

int
install_demo(store *st, sd_err *err)
{
	static const char cust[] = "南通中远船务防腐工程有限公司";
	sd_date today = store_today();
	sd_equipment e = { .customer = (char *)cust, .serial = (char *)"CNT-PS2026-0131",
	                   .model = (char *)"CNT-PS 喷砂机（含回收系统）" };
	sd_install c = { .kind = IK_COMMISSION, .serial = e.serial, .engineer = (char *)"zhangwei",
	                 .work = (char *)"就位、接气源和除尘管路，调试后试喷" };
	sd_install t = { .kind = IK_TRAINING, .customer = (char *)cust, .serial = e.serial,
	                 .engineer = (char *)"zhangwei", .work = (char *)"操作规程、日常保养、安全防护" };
	char on[11], to[11], signed_on[11];
	long long cid, tid, wid = 0;
	sqlite3_stmt *q;
	int rc;

	/* a sandblaster delivered 24 days ago, arrived two days later */
	date_format(today - 24, e.delivered_on);
	date_format(today - 22, e.accepted_on);
	if ((rc = equipment_put(st, &e, err)) != SD_OK)
		return rc;
	/* commissioned within the week, signed by both sides the same day */
	date_format(today - 18, c.planned_on);
	date_format(today - 18, on);
	if ((rc = install_add(st, &c, &cid, err)) != SD_OK)
		return rc;
	{
		sd_install_done d = { .done_on = on, .engineer = "zhangwei",
		                      .work = "设备就位找平；气源压力0.6MPa、砂阀、喷枪、混砂管检查；"
		                              "回收系统与除尘器压差正常；试喷合格" };
		if ((rc = install_done(st, cid, -1, &d, err)) != SD_OK ||
		    (rc = install_sign(st, cid, -1, "孙立新", on, err)) != SD_OK)
			return rc;
	}
	/* the three days of training that followed */
	date_format(today - 17, t.planned_on);
	date_format(today - 17, on);
	date_format(today - 15, to);
	date_format(today - 15, signed_on);
	if ((rc = install_add(st, &t, &tid, err)) != SD_OK)
		return rc;
	{
		sd_install_done d = { .done_on = on, .done_to = to,
		                      .work = "喷砂机操作规程；砂料更换与回收系统清理；除尘器滤筒更换；"
		                              "常见故障（不出砂、压差报警）的处理；安全防护",
		                      .attendees = "曹俊、王海波、刘建华、陈晓东" };
		if ((rc = install_done(st, tid, -1, &d, err)) != SD_OK ||
		    (rc = install_sign(st, tid, -1, "曹俊", signed_on, err)) != SD_OK)
			return rc;
	}
	/* the machine still waiting for its commissioning: planned, overdue */
	if (!(q = store_prepare(st, "SELECT serial FROM equipment WHERE commissioned_on IS NULL "
	                            "AND loan_unit = 0 AND COALESCE(accepted_on, delivered_on) IS NOT NULL "
	                            "ORDER BY serial LIMIT 1", err)))
		return err->status;
	if (sqlite3_step(q) == SQLITE_ROW) {
		char *serial = store_col_dup(q, 0);
		sd_install w = { .kind = IK_COMMISSION, .serial = serial, .engineer = (char *)"liqiang",
		                 .work = (char *)"客户厂房改造完成后安装调试" };

		sqlite3_reset(q);
		date_format(today + 2, w.planned_on);
		rc = install_add(st, &w, &wid, err);
		free(serial);
		return rc;
	}
	sqlite3_reset(q);
	return SD_OK;
}
