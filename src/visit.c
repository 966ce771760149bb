/*
 * visit.c — the follow-up visit schedule: names, rules and their
 * parameters, the rules' date arithmetic, visits by hand, outcomes, the
 * visit that opens a request, lists, the month calendar and the export.
 * Planning is in visit_plan.c.
 *
 * Every change is one transaction (store_begin .. store_commit) that reads
 * the visit, decides on that reading, writes the row with version + 1 and an
 * audit row with the old and new values.
 *
 * Self-contained; no curses.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "csv.h"
#include "csvtab.h"
#include "customer.h"
#include "ledger.h"
#include "text.h"
#include "valid.h"
#include "visit.h"
#include "visit_int.h"
#include "staff.h"

/* ---------------------------------------------------------------- names */

static const struct {
	const char *code, *name, *zh[3];
	int method;           /* the usual method of a kind, -1 none */
} kinds[VK_COUNT] = {
	[VK_PHONE_FOLLOWUP] = { "phone_followup", N_("phone follow-up"), { "电话回访", NULL }, VM_PHONE },
	[VK_MAINTENANCE]    = { "maintenance", N_("maintenance visit"), { "定期巡检", "巡检" }, VM_ONSITE },
	[VK_SURVEY]         = { "survey", N_("satisfaction survey"), { "满意度调查", NULL }, VM_PHONE },
	[VK_KEY_CUSTOMER]   = { "key_customer", N_("key-customer visit"), { "关键用户走访", "关键用户" }, VM_ONSITE },
	[VK_QUALITY_CALL]   = { "quality_call", N_("quality follow-up call"), { "质量回访", NULL }, VM_PHONE },
	[VK_MANUAL]         = { "manual", N_("other visit"), { "其他回访", "回访" }, -1 },
};

static const struct {
	const char *code, *zh[3];
} statuses[VS_COUNT] = {
	[VS_PLANNED]   = { "planned", { "待回访", "计划" } },
	[VS_DONE]      = { "done", { "已回访", "完成" } },
	[VS_MISSED]    = { "missed", { "漏访", "未回访成" } },
	[VS_CANCELLED] = { "cancelled", { "已取消", "取消" } },
};

static const struct {
	const char *code, *zh[3];
} methods[VM_COUNT] = {
	[VM_PHONE]  = { "phone", { "电话", NULL } },
	[VM_ONSITE] = { "onsite", { "现场", "上门" } },
};

const char *
visit_kind_code(int kind)
{
	return kind >= 0 && kind < VK_COUNT ? kinds[kind].code : "?";
}

const char *
visit_kind_name(int kind)
{
	return kind >= 0 && kind < VK_COUNT ? _(kinds[kind].name) : "?";
}

int
visit_kind_parse(const char *s)
{
	if (!s)
		return -1;
	for (int k = 0; k < VK_COUNT; k++) {
		if (strcmp(s, kinds[k].code) == 0)
			return k;
		for (int i = 0; i < 3 && kinds[k].zh[i]; i++)
			if (strcmp(s, kinds[k].zh[i]) == 0)
				return k;
	}
	return -1;
}

const char *
visit_status_code(int status)
{
	return status >= 0 && status < VS_COUNT ? statuses[status].code : "?";
}

const char *
visit_status_name(int status)
{
	switch (status) {
	case VS_PLANNED:   return C_("visit status", "planned");
	case VS_DONE:      return C_("visit status", "done");
	case VS_MISSED:    return C_("visit status", "missed");
	case VS_CANCELLED: return C_("visit status", "cancelled");
	default:           return "?";
	}
}

int
visit_status_parse(const char *s)
{
	if (!s)
		return -1;
	for (int k = 0; k < VS_COUNT; k++) {
		if (strcmp(s, statuses[k].code) == 0)
			return k;
		for (int i = 0; i < 3 && statuses[k].zh[i]; i++)
			if (strcmp(s, statuses[k].zh[i]) == 0)
				return k;
	}
	return -1;
}

const char *
visit_method_code(int method)
{
	return method >= 0 && method < VM_COUNT ? methods[method].code : NULL;
}

const char *
visit_method_name(int method)
{
	switch (method) {
	case VM_PHONE:  return C_("visit method", "phone");
	case VM_ONSITE: return C_("visit method", "on site");
	default:        return "";
	}
}

int
visit_method_parse(const char *s)
{
	if (!s)
		return -1;
	if (strcmp(s, "on-site") == 0 || strcmp(s, "site") == 0)
		return VM_ONSITE;
	for (int k = 0; k < VM_COUNT; k++) {
		if (strcmp(s, methods[k].code) == 0)
			return k;
		for (int i = 0; i < 3 && methods[k].zh[i]; i++)
			if (strcmp(s, methods[k].zh[i]) == 0)
				return k;
	}
	return -1;
}

int
visit_kind_method(int kind)
{
	return kind >= 0 && kind < VK_COUNT ? kinds[kind].method : -1;
}

/* ---------------------------------------------------------------- helpers */

void
visit_bind_opt(sqlite3_stmt *q, int i, const char *s)
{
	if (s && *s)
		sqlite3_bind_text(q, i, s, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(q, i);
}

int
visit_run(store *st, sqlite3_stmt *q, const char *what, sd_err *err)
{
	int rc = sqlite3_step(q);

	sqlite3_reset(q);
	return rc == SQLITE_DONE ? SD_OK : store_fail(st, rc, what, err);
}

sd_date
visit_today(void)
{
	return store_today();
}

/* Text of one field of this kind (valid.h), named by its label. */
static int
check_text(const char *s, const char *label, sd_text_kind kind, sd_err *err)
{
	return valid_text(s, label, kind, err);
}

/* ---------------------------------------------------------------- parameters */

int
visit_params_parse(const char *json, sd_visit_rule *r, sd_err *err)
{
	const char *p = json ? json : "";

	r->nparams = 0;
#define SKIP() while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') p++
	SKIP();
	if (*p++ != '{')
		return sd_err_set(err, SD_DATAERR, _("parameters: %s"), _("expected a JSON object"));
	SKIP();
	if (*p == '}') {
		p++;
		goto end;
	}
	for (;;) {
		size_t len = 0;
		long v = 0;
		bool neg = false;
		int digits = 0;

		SKIP();
		if (*p++ != '"')
			return sd_err_set(err, SD_DATAERR, _("parameters: %s"), _("expected a quoted name"));
		if (r->nparams >= VISIT_PARAM_MAX)
			return sd_err_set(err, SD_DATAERR, _("parameters: %s"), _("too many members"));
		char *name = r->param[r->nparams].name;
		while (*p && *p != '"') {
			if (!(isalnum((unsigned char)*p) || *p == '_') || len >= sizeof r->param[0].name - 1)
				return sd_err_set(err, SD_DATAERR, _("parameters: %s"),
				                  _("a name of letters, digits and '_' expected"));
			name[len++] = *p++;
		}
		name[len] = '\0';
		if (*p++ != '"' || len == 0)
			return sd_err_set(err, SD_DATAERR, _("parameters: %s"), _("expected a quoted name"));
		for (int i = 0; i < r->nparams; i++)
			if (strcmp(r->param[i].name, name) == 0)
				return sd_err_set(err, SD_DATAERR, _("parameters: %s is given twice"), name);
		SKIP();
		if (*p++ != ':')
			return sd_err_set(err, SD_DATAERR, _("parameters: %s"), _("expected ':'"));
		SKIP();
		if (*p == '-') {
			neg = true;
			p++;
		}
		while (*p >= '0' && *p <= '9') {
			v = v * 10 + (*p++ - '0');
			if (++digits > 7)
				return sd_err_set(err, SD_DATAERR, _("parameters: %s: %s"), name,
				                  _("a whole number within ±1000000 expected"));
		}
		if (digits == 0 || v > 1000000)
			return sd_err_set(err, SD_DATAERR, _("parameters: %s: %s"), name,
			                  _("a whole number within ±1000000 expected"));
		r->param[r->nparams++].value = neg ? -v : v;
		SKIP();
		if (*p == ',') {
			p++;
			continue;
		}
		if (*p++ == '}')
			break;
		return sd_err_set(err, SD_DATAERR, _("parameters: %s"), _("expected ',' or '}'"));
	}
end:
	SKIP();
	if (*p)
		return sd_err_set(err, SD_DATAERR, _("parameters: %s"), _("text after the object"));
#undef SKIP
	return SD_OK;
}

void
visit_params_format(const sd_visit_rule *r, buf *out)
{
	buf_putc(out, '{');
	for (int i = 0; i < r->nparams; i++)
		buf_printf(out, "%s\"%s\":%ld", i ? "," : "", r->param[i].name, r->param[i].value);
	buf_putc(out, '}');
}

long
visit_rule_param(const sd_visit_rule *r, const char *name, long dflt)
{
	for (int i = 0; i < r->nparams; i++)
		if (strcmp(r->param[i].name, name) == 0)
			return r->param[i].value;
	return dflt;
}

const char *const *
visit_rule_param_names(int kind, const long **min, const long **max)
{
	static const char *const months[] = { "months", NULL };
	static const long months_min[] = { 1 }, months_max[] = { 36 };
	static const char *const maint[] = { "weekly_months", "every_months", NULL };
	static const long maint_min[] = { 0, 1 }, maint_max[] = { 24, 36 };
	static const char *const every[] = { "every_months", NULL };
	static const long every_min[] = { 1 }, every_max[] = { 60 };
	static const char *const days[] = { "working_days", NULL };
	static const long days_min[] = { 0 }, days_max[] = { 60 };

	switch (kind) {
	case VK_PHONE_FOLLOWUP: *min = months_min; *max = months_max; return months;
	case VK_MAINTENANCE:    *min = maint_min; *max = maint_max; return maint;
	case VK_SURVEY:
	case VK_KEY_CUSTOMER:   *min = every_min; *max = every_max; return every;
	case VK_QUALITY_CALL:   *min = days_min; *max = days_max; return days;
	default:                *min = NULL; *max = NULL; return NULL;
	}
}

/* The parameters' defaults, as the migration seeds them. */
static long
param_default(const char *name)
{
	if (strcmp(name, "months") == 0)
		return 1;
	if (strcmp(name, "weekly_months") == 0)
		return 6;
	if (strcmp(name, "every_months") == 0)
		return 3;
	if (strcmp(name, "working_days") == 0)
		return 3;
	return 0;
}

/* ---------------------------------------------------------------- rules */

static int
read_rule(sqlite3_stmt *q, sd_visit_rule *r, sd_err *err)
{
	memset(r, 0, sizeof *r);
	store_col_copy(q, 0, r->code, sizeof r->code);
	r->kind = visit_kind_parse((const char *)sqlite3_column_text(q, 1));
	r->active = sqlite3_column_int(q, 3) != 0;
	if (visit_params_parse((const char *)sqlite3_column_text(q, 2), r, err) != SD_OK) {
		char msg[sizeof err->msg];

		snprintf(msg, sizeof msg, "%s", err->msg);
		/* TRANSLATORS: the rule's code, then the problem with its parameters. */
		return sd_err_set(err, SD_DATAERR, _("visit rule %s: %s"), r->code, msg);
	}
	return SD_OK;
}

int
visit_rule_get(store *st, const char *code, sd_visit_rule *out, sd_err *err)
{
	sqlite3_stmt *q = store_prepare(st, "SELECT code, kind, params, active FROM visit_rule "
	                                    "WHERE code = ?", err);
	sd_err e;
	int rc;

	memset(out, 0, sizeof *out);
	if (!q)
		return err ? err->status : SD_INTERNAL;
	sqlite3_bind_text(q, 1, code ? code : "", -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		rc = read_rule(q, out, err ? err : &e);
		sqlite3_reset(q);
		return rc;
	}
	sqlite3_reset(q);
	if (rc != SQLITE_DONE)
		return store_fail(st, rc, _("reading the visit rules"), err);
	return sd_err_set(err, SD_DATAERR, _("no visit rule named %s"), code ? code : "");
}

int
visit_rule_each(store *st, int (*fn)(const sd_visit_rule *r, void *arg), void *arg, sd_err *err)
{
	sqlite3_stmt *q = store_prepare(st, "SELECT code, kind, params, active FROM visit_rule "
	                                    "ORDER BY code", err);
	sd_visit_rule *list = NULL;
	size_t n = 0;
	int rc, ret = SD_OK;
	sd_err e;

	if (!q)
		return err ? err->status : SD_INTERNAL;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		list = xrealloc(list, (n + 1) * sizeof *list);
		if ((ret = read_rule(q, &list[n++], err ? err : &e)) != SD_OK)
			break;
	}
	sqlite3_reset(q);
	if (ret == SD_OK && rc != SQLITE_DONE)
		ret = store_fail(st, rc, _("reading the visit rules"), err);
	for (size_t i = 0; ret == SD_OK && i < n; i++)
		ret = fn(&list[i], arg);
	free(list);
	return ret;
}

int
visit_rule_set(store *st, const char *code, int active, const char *const *names,
               const long *values, int n, sd_err *err)
{
	sd_visit_rule r;
	const long *min, *max;
	const char *const *known;
	buf old = { 0 }, new = { 0 };
	sqlite3_stmt *q;
	int rc;

	sd_err_clear(err);
	if ((rc = visit_permit(st, store_user(st), VOP_PLAN, NULL, -1, err)) != SD_OK)
		return rc;
	if ((rc = store_begin(st, err)) != SD_OK)
		return rc;
	if ((rc = visit_rule_get(st, code, &r, err)) != SD_OK)
		goto fail;
	buf_printf(&old, "{\"active\":%d,\"params\":", r.active ? 1 : 0);
	visit_params_format(&r, &old);
	buf_putc(&old, '}');
	known = visit_rule_param_names(r.kind, &min, &max);
	/* the rule keeps every parameter of its kind, defaults filled in */
	for (int k = 0; known && known[k]; k++)
		if (visit_rule_param(&r, known[k], -1000001) == -1000001 && r.nparams < VISIT_PARAM_MAX) {
			snprintf(r.param[r.nparams].name, sizeof r.param[0].name, "%s", known[k]);
			r.param[r.nparams++].value = param_default(known[k]);
		}
	for (int i = 0; i < n; i++) {
		int k = -1;

		for (int j = 0; known && known[j]; j++)
			if (strcmp(known[j], names[i]) == 0)
				k = j;
		if (k < 0) {
			/* TRANSLATORS: a parameter's name, the rule's code. */
			rc = sd_err_set(err, SD_DATAERR, _("%s: not a parameter of the rule %s"),
			                names[i], r.code);
			goto fail;
		}
		if (values[i] < min[k] || values[i] > max[k]) {
			rc = sd_err_set(err, SD_DATAERR, _("%s: must be from %ld to %ld"), names[i],
			                min[k], max[k]);
			goto fail;
		}
		for (int j = 0; j < r.nparams; j++)
			if (strcmp(r.param[j].name, names[i]) == 0)
				r.param[j].value = values[i];
	}
	if (active == 0 || active == 1)
		r.active = active == 1;
	buf_printf(&new, "{\"active\":%d,\"params\":", r.active ? 1 : 0);
	visit_params_format(&r, &new);
	buf_putc(&new, '}');
	if (strcmp(buf_str(&old), buf_str(&new)) == 0) {
		store_rollback(st);
		rc = SD_OK;
		goto out;
	}
	{
		buf params = { 0 };

		visit_params_format(&r, &params);
		q = store_prepare(st, "UPDATE visit_rule SET params = ?2, active = ?3 WHERE code = ?1", err);
		if (!q) {
			buf_free(&params);
			goto fail;
		}
		sqlite3_bind_text(q, 1, r.code, -1, SQLITE_STATIC);
		sqlite3_bind_text(q, 2, buf_str(&params), -1, SQLITE_TRANSIENT);
		sqlite3_bind_int(q, 3, r.active ? 1 : 0);
		buf_free(&params);
		if (visit_run(st, q, _("saving a visit rule"), err) != SD_OK)
			goto fail;
	}
	if (store_audit(st, "visit_rule", r.code, "update", buf_str(&old), buf_str(&new), err) != SD_OK)
		goto fail;
	rc = store_commit(st, err);
	goto out;
fail:
	store_rollback(st);
	rc = err && err->status ? err->status : SD_INTERNAL;
out:
	buf_free(&old);
	buf_free(&new);
	return rc;
}

/* ---------------------------------------------------------------- dates */

sd_date
visit_next_workday(const workcal *cal, sd_date d)
{
	/* no calendar has more than a few weeks off in a row */
	for (int i = 0; i < 60 && !workcal_is_workday(cal, d); i++)
		d++;
	return d;
}

sd_date
visit_add_workdays(const workcal *cal, sd_date d, int n)
{
	if (n <= 0)
		return visit_next_workday(cal, d);
	while (n > 0) {
		d++;
		if (workcal_is_workday(cal, d))
			n--;
	}
	return d;
}

/* Months from a's month to b's month (b later: positive). */
static long
months_between(sd_date a, sd_date b)
{
	int ay, am, ad, by, bm, bd;

	date_to_ymd(a, &ay, &am, &ad);
	date_to_ymd(b, &by, &bm, &bd);
	return (long)(by - ay) * 12 + (bm - am);
}

/* Append an occurrence if its working-day due date falls in [from, until] and is new. */
static bool
emit(sd_visit_occ *out, int *n, int max, sd_date due, sd_date from, sd_date until,
     const char *prefix, long num)
{
	if (due < from || due > until || *n >= max)
		return false;
	if (*n > 0 && out[*n - 1].due >= due)
		return false;   /* two occurrences moved onto the same working day: one visit */
	out[*n].due = due;
	snprintf(out[*n].occ, sizeof out[*n].occ, "%s%ld", prefix, num);
	(*n)++;
	return true;
}

int
visit_rule_dates(const sd_visit_rule *r, sd_date anchor, sd_date from, sd_date until,
                 const workcal *cal, sd_visit_occ *out, int max)
{
	int n = 0;

	if (!r->active || from > until)
		return 0;
	switch (r->kind) {
	case VK_PHONE_FOLLOWUP: {
		long m = visit_rule_param(r, "months", 1);
		emit(out, &n, max, visit_next_workday(cal, date_add_months(anchor, (int)m)), from, until,
		     "", 1);
		break;
	}
	case VK_QUALITY_CALL: {
		long wd = visit_rule_param(r, "working_days", 3);
		emit(out, &n, max, visit_add_workdays(cal, anchor, (int)wd), from, until, "", 1);
		break;
	}
	case VK_MAINTENANCE: {
		long w = visit_rule_param(r, "weekly_months", 6);
		long e = visit_rule_param(r, "every_months", 3);
		sd_date end = date_add_months(anchor, (int)w);
		long k = 1, j;

		if (e < 1)
			e = 1;
		/* weekly while before the end of the weekly period; holidays move at most weeks */
		if (from - anchor > 70)
			k = (from - anchor - 70) / 7;
		if (k < 1)
			k = 1;
		for (; anchor + 7 * k < end && anchor + 7 * k <= until; k++)
			emit(out, &n, max, visit_next_workday(cal, anchor + 7 * k), from, until, "w", k);
		/* then every e months from the end of the weekly period */
		j = w == 0 ? 1 : 0;
		if (months_between(end, from) > 2 * e)
			j = (months_between(end, from) - 2) / e;
		for (;; j++) {
			sd_date raw = date_add_months(anchor, (int)(w + j * e));
			if (raw > until)
				break;
			emit(out, &n, max, visit_next_workday(cal, raw), from, until, "q", j);
		}
		break;
	}
	case VK_SURVEY:
	case VK_KEY_CUSTOMER: {
		long e = visit_rule_param(r, "every_months", 12);
		long j = 1;

		if (e < 1)
			e = 1;
		if (months_between(anchor, from) > 2 * e)
			j = (months_between(anchor, from) - 2) / e;
		if (j < 1)
			j = 1;
		for (;; j++) {
			sd_date raw = date_add_months(anchor, (int)(j * e));
			if (raw > until)
				break;
			emit(out, &n, max, visit_next_workday(cal, raw), from, until, "", j);
		}
		break;
	}
	default:
		break;
	}
	return n;
}

/* ---------------------------------------------------------------- one visit */

void
visit_free(sd_visit *v)
{
	free(v->customer);
	free(v->serial);
	free(v->ledger_regno);
	free(v->rule_code);
	free(v->plan_key);
	free(v->engineer);
	free(v->outcome);
	free(v->comments);
	free(v->cancel_reason);
	free(v->created_by);
	free(v->request_regno);
	memset(v, 0, sizeof *v);
	v->method = -1;
}

int
visit_get(store *st, long long id, sd_visit *out, sd_err *err)
{
	sqlite3_stmt *q = store_prepare(st,
		"SELECT v.id, v.customer_id, c.name, v.equipment_id, e.serial, v.ledger_id, r.regno, "
		"v.rule_code, v.plan_key, v.kind, v.due_on, v.engineer, v.method, v.status, v.outcome, "
		"v.satisfaction, v.comments, v.done_at, v.cancel_reason, v.moved, v.created_at, "
		"v.created_by, (SELECT regno FROM request WHERE visit_id = v.id ORDER BY id LIMIT 1), "
		"v.version FROM visit v JOIN customer c ON c.id = v.customer_id "
		"LEFT JOIN equipment e ON e.id = v.equipment_id LEFT JOIN ledger l ON l.id = v.ledger_id "
		"LEFT JOIN request r ON r.id = l.request_id WHERE v.id = ?", err);
	int rc;

	memset(out, 0, sizeof *out);
	out->method = -1;
	if (!q)
		return err ? err->status : SD_INTERNAL;
	sqlite3_bind_int64(q, 1, id);
	rc = sqlite3_step(q);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(q);
		if (rc != SQLITE_DONE)
			return store_fail(st, rc, _("reading the visits"), err);
		return sd_err_set(err, SD_DATAERR, _("no visit numbered %lld"), id);
	}
	out->id = sqlite3_column_int64(q, 0);
	out->customer_id = sqlite3_column_int64(q, 1);
	out->customer = store_col_dup(q, 2);
	out->equipment_id = sqlite3_column_int64(q, 3);
	out->serial = store_col_dup(q, 4);
	out->ledger_id = sqlite3_column_int64(q, 5);
	out->ledger_regno = store_col_dup(q, 6);
	out->rule_code = store_col_dup(q, 7);
	out->plan_key = store_col_dup(q, 8);
	out->kind = visit_kind_parse((const char *)sqlite3_column_text(q, 9));
	store_col_copy(q, 10, out->due_on, sizeof out->due_on);
	out->engineer = store_col_dup(q, 11);
	out->method = visit_method_parse((const char *)sqlite3_column_text(q, 12));
	out->status = visit_status_parse((const char *)sqlite3_column_text(q, 13));
	out->outcome = store_col_dup(q, 14);
	out->satisfaction = sqlite3_column_int(q, 15);
	out->comments = store_col_dup(q, 16);
	store_col_copy(q, 17, out->done_at, sizeof out->done_at);
	out->cancel_reason = store_col_dup(q, 18);
	out->moved = sqlite3_column_int(q, 19) != 0;
	store_col_copy(q, 20, out->created_at, sizeof out->created_at);
	out->created_by = store_col_dup(q, 21);
	out->request_regno = store_col_dup(q, 22);
	out->version = sqlite3_column_int(q, 23);
	sqlite3_reset(q);
	return SD_OK;
}

char *
visit_json(store *st, long long id)
{
	sqlite3_stmt *q = store_prepare(st,
		"SELECT json_object('customer_id', customer_id, 'equipment_id', equipment_id, "
		"'ledger_id', ledger_id, 'rule_code', rule_code, 'plan_key', plan_key, 'kind', kind, "
		"'due_on', due_on, 'engineer', engineer, 'method', method, 'status', status, "
		"'outcome', outcome, 'satisfaction', satisfaction, 'comments', comments, "
		"'done_at', done_at, 'cancel_reason', cancel_reason, 'moved', moved) "
		"FROM visit WHERE id = ?", NULL);
	char *json = NULL;

	if (!q)
		return NULL;
	sqlite3_bind_int64(q, 1, id);
	if (sqlite3_step(q) == SQLITE_ROW)
		json = store_col_dup(q, 0);
	sqlite3_reset(q);
	return json;
}

int
visit_permit(store *st, const char *login, enum sd_visit_op op, const sd_visit *v, int method,
             sd_err *err)
{
	enum sd_action a = ACT_VISIT_WORK;

	if (op == VOP_PLAN)
		a = ACT_VISIT_PLAN;
	else if (op == VOP_DONE || op == VOP_MISS) {
		int m = method >= 0 ? method : v ? v->method : -1;
		if (m == VM_PHONE)
			a = ACT_VISIT_CALL;
	}
	return staff_permit(st, login, a, err);
}

/* ---------------------------------------------------------------- changes */

/* An edit in progress: the transaction, the visit as read, its JSON. */
struct edit {
	store *st;
	sd_visit v;
	char *old;
	char key[24];
};

/*
 * Begin an edit of visit id by the acting person (op and the method given, -1
 * for none: visit_permit): the transaction, the visit, the permission, the
 * version check.
 */
static int
edit_begin(store *st, struct edit *ed, enum sd_visit_op op, int method, long long id,
           int expected_version, sd_err *err)
{
	int rc;

	memset(ed, 0, sizeof *ed);
	ed->st = st;
	ed->v.method = -1;
	snprintf(ed->key, sizeof ed->key, "%lld", id);
	if ((rc = store_begin(st, err)) != SD_OK)
		return rc;
	if ((rc = visit_get(st, id, &ed->v, err)) != SD_OK) {
		store_rollback(st);
		return rc;
	}
	if ((rc = visit_permit(st, store_user(st), op, &ed->v, method, err)) != SD_OK) {
		store_rollback(st);
		visit_free(&ed->v);
		return rc;
	}
	if (expected_version >= 0 && ed->v.version != expected_version) {
		char who[128];

		customer_last_change(st, "visit", ed->key, who, sizeof who);
		store_rollback(st);
		visit_free(&ed->v);
		return sd_err_set(err, SD_DATAERR,
		                  _("visit %lld was changed meanwhile (%s); your change was not saved — the current values are shown"),
		                  id, who);
	}
	ed->old = visit_json(st, id);
	return SD_OK;
}

/* Refuse an edit of a visit that is not planned (SD_DATAERR); rolls back. */
static int
edit_refuse_status(struct edit *ed, sd_err *err)
{
	store_rollback(ed->st);
	/* TRANSLATORS: the visit's number, its status (done, missed, cancelled). */
	return sd_err_set(err, SD_DATAERR, _("visit %lld is %s: it cannot be changed that way"),
	                  ed->v.id, visit_status_name(ed->v.status));
}

/* Finish an edit: the audit row (action), commit. Frees ed. */
static int
edit_end(struct edit *ed, const char *action, int rc, sd_err *err)
{
	char *new = NULL;

	if (rc == SD_OK) {
		new = visit_json(ed->st, ed->v.id);
		rc = store_audit(ed->st, "visit", ed->key, action, ed->old, new, err);
	}
	if (rc == SD_OK)
		rc = store_commit(ed->st, err);
	else
		store_rollback(ed->st);
	free(new);
	free(ed->old);
	visit_free(&ed->v);
	return rc;
}

/* Is login an active engineer or supervisor? SD_OK or SD_DATAERR naming it. */
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
visit_add(store *st, const sd_visit *v, long long *id, sd_err *err)
{
	char *customer, *serial, *engineer;
	long long cid = 0, eid = 0;
	sqlite3_stmt *q;
	sd_date due;
	char now[17], key[24], *json = NULL;
	int method = v->method, rc;

	sd_err_clear(err);
	if (id)
		*id = 0;
	if ((rc = visit_permit(st, store_user(st), VOP_ADD, v, -1, err)) != SD_OK)
		return rc;
	customer = text_trim_or_null(v->customer);
	serial = text_trim_or_null(v->serial);
	engineer = text_trim_or_null(v->engineer);
	if (!customer) {
		rc = sd_err_set(err, SD_DATAERR, _("%s: %s"), _("customer"), _("required"));
		goto out;
	}
	if (v->kind < 0 || v->kind >= VK_COUNT) {
		rc = sd_err_set(err, SD_DATAERR, _("%s: %s"), _("kind"), _("unknown"));
		goto out;
	}
	if (!date_parse(v->due_on, &due)) {
		rc = sd_err_set(err, SD_DATAERR, _("%s: %s"), _("due date"),
		                _("expected a date like 2026-11-24"));
		goto out;
	}
	if ((rc = valid_date_planned(st, due, _("due date"), err)) != SD_OK)
		goto out;
	if (method < 0)
		method = visit_kind_method(v->kind);
	if ((rc = store_begin(st, err)) != SD_OK)
		goto out;
	q = store_prepare(st, "SELECT id FROM customer WHERE name = ?", err);
	if (!q)
		goto fail;
	sqlite3_bind_text(q, 1, customer, -1, SQLITE_STATIC);
	if (sqlite3_step(q) == SQLITE_ROW)
		cid = sqlite3_column_int64(q, 0);
	sqlite3_reset(q);
	if (!cid) {
		sd_err_set(err, SD_DATAERR, _("customer: %s is not on the customer list"), customer);
		goto fail;
	}
	if (serial) {
		long long owner = 0;

		q = store_prepare(st, "SELECT id, customer_id FROM equipment WHERE serial = ?", err);
		if (!q)
			goto fail;
		sqlite3_bind_text(q, 1, serial, -1, SQLITE_STATIC);
		if (sqlite3_step(q) == SQLITE_ROW) {
			eid = sqlite3_column_int64(q, 0);
			owner = sqlite3_column_int64(q, 1);
		}
		sqlite3_reset(q);
		if (!eid) {
			sd_err_set(err, SD_DATAERR, _("serial number: no equipment numbered %s"), serial);
			goto fail;
		}
		if (owner != cid) {
			sd_err_set(err, SD_DATAERR, _("serial number: %s belongs to another customer"), serial);
			goto fail;
		}
	}
	if (engineer && check_engineer(st, engineer, err) != SD_OK)
		goto fail;
	store_now(now);
	q = store_prepare(st, "INSERT INTO visit (customer_id, equipment_id, kind, due_on, engineer, "
	                      "method, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", err);
	if (!q)
		goto fail;
	sqlite3_bind_int64(q, 1, cid);
	if (eid)
		sqlite3_bind_int64(q, 2, eid);
	sqlite3_bind_text(q, 3, visit_kind_code(v->kind), -1, SQLITE_STATIC);
	{
		char d[11];
		date_format(due, d);
		sqlite3_bind_text(q, 4, d, -1, SQLITE_TRANSIENT);
	}
	visit_bind_opt(q, 5, engineer);
	visit_bind_opt(q, 6, visit_method_code(method));
	sqlite3_bind_text(q, 7, now, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 8, store_user(st), -1, SQLITE_TRANSIENT);
	if (visit_run(st, q, _("saving a visit"), err) != SD_OK)
		goto fail;
	long long nid = sqlite3_last_insert_rowid(store_db(st));
	snprintf(key, sizeof key, "%lld", nid);
	json = visit_json(st, nid);
	if (store_audit(st, "visit", key, "insert", NULL, json, err) != SD_OK)
		goto fail;
	if ((rc = store_commit(st, err)) == SD_OK && id)
		*id = nid;
	goto out;
fail:
	store_rollback(st);
	rc = err && err->status ? err->status : SD_INTERNAL;
out:
	free(json);
	free(customer);
	free(serial);
	free(engineer);
	return rc;
}

int
visit_move(store *st, long long id, int expected_version, const char *date, sd_err *err)
{
	struct edit ed;
	sqlite3_stmt *q;
	sd_date d;
	char ds[11];
	int rc;

	sd_err_clear(err);
	if (!date || !date_parse(date, &d))
		return sd_err_set(err, SD_DATAERR, _("%s: %s"), _("due date"),
		                  _("expected a date like 2026-11-24"));
	if ((rc = valid_date_planned(st, d, _("due date"), err)) != SD_OK)
		return rc;
	date_format(d, ds);
	if ((rc = edit_begin(st, &ed, VOP_MOVE, -1, id, expected_version, err)) != SD_OK)
		return rc;
	if (ed.v.status != VS_PLANNED) {
		rc = edit_refuse_status(&ed, err);
		free(ed.old);
		visit_free(&ed.v);
		return rc;
	}
	q = store_prepare(st, "UPDATE visit SET due_on = ?2, moved = 1, version = version + 1 "
	                      "WHERE id = ?1", err);
	rc = q ? SD_OK : (err ? err->status : SD_INTERNAL);
	if (q) {
		sqlite3_bind_int64(q, 1, id);
		sqlite3_bind_text(q, 2, ds, -1, SQLITE_TRANSIENT);
		rc = visit_run(st, q, _("saving a visit"), err);
	}
	return edit_end(&ed, "move", rc, err);
}

int
visit_assign(store *st, long long id, int expected_version, const char *login, sd_err *err)
{
	char *who = text_trim_or_null(login);
	struct edit ed;
	sqlite3_stmt *q;
	int rc;

	sd_err_clear(err);
	if ((rc = edit_begin(st, &ed, VOP_ASSIGN, -1, id, expected_version, err)) != SD_OK) {
		free(who);
		return rc;
	}
	if (ed.v.status != VS_PLANNED) {
		rc = edit_refuse_status(&ed, err);
		free(ed.old);
		visit_free(&ed.v);
		free(who);
		return rc;
	}
	if (who && (rc = check_engineer(st, who, err)) != SD_OK) {
		free(who);
		return edit_end(&ed, "assign", rc, err);
	}
	q = store_prepare(st, "UPDATE visit SET engineer = ?2, version = version + 1 WHERE id = ?1", err);
	rc = q ? SD_OK : (err ? err->status : SD_INTERNAL);
	if (q) {
		sqlite3_bind_int64(q, 1, id);
		visit_bind_opt(q, 2, who);
		rc = visit_run(st, q, _("saving a visit"), err);
	}
	free(who);
	return edit_end(&ed, "assign", rc, err);
}

/*
 * Write an outcome: status, done_at now, and the other columns given. A miss
 * also records missed_at, which a later outcome leaves as it is.
 */
static int
set_outcome(store *st, long long id, int status, int satisfaction, int method,
            const char *outcome, const char *comments, const char *reason, sd_err *err)
{
	sqlite3_stmt *q = store_prepare(st,
		"UPDATE visit SET status = ?2, done_at = ?3, satisfaction = ?4, "
		"method = coalesce(?5, method), outcome = ?6, comments = ?7, cancel_reason = ?8, "
		"missed_at = CASE WHEN ?2 = 'missed' THEN ?3 ELSE missed_at END, "
		"version = version + 1 WHERE id = ?1", err);
	char now[17];

	if (!q)
		return err ? err->status : SD_INTERNAL;
	store_now(now);
	sqlite3_bind_int64(q, 1, id);
	sqlite3_bind_text(q, 2, visit_status_code(status), -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, now, -1, SQLITE_TRANSIENT);
	if (satisfaction > 0)
		sqlite3_bind_int(q, 4, satisfaction);
	visit_bind_opt(q, 5, visit_method_code(method));
	visit_bind_opt(q, 6, outcome);
	visit_bind_opt(q, 7, comments);
	visit_bind_opt(q, 8, reason);
	return visit_run(st, q, _("saving a visit"), err);
}

int
visit_cancel(store *st, long long id, int expected_version, const char *reason, sd_err *err)
{
	char *why = text_trim_or_null(reason);
	struct edit ed;
	int rc;

	sd_err_clear(err);
	if (!why)
		return sd_err_set(err, SD_DATAERR, _("%s: %s"), _("reason"),
		                  _("required: a cancelled visit must say why"));
	if ((rc = check_text(why, _("reason"), SD_TEXT_LINE, err)) != SD_OK ||
	    (rc = edit_begin(st, &ed, VOP_CANCEL, -1, id, expected_version, err)) != SD_OK) {
		free(why);
		return rc;
	}
	if (ed.v.status != VS_PLANNED) {
		rc = edit_refuse_status(&ed, err);
		free(ed.old);
		visit_free(&ed.v);
		free(why);
		return rc;
	}
	rc = set_outcome(st, id, VS_CANCELLED, 0, -1, NULL, NULL, why, err);
	free(why);
	return edit_end(&ed, "cancel", rc, err);
}

int
visit_done(store *st, long long id, int expected_version, int satisfaction, int method,
           const char *note, const char *comments, sd_err *err)
{
	char *n = text_trim_or_null(note), *c = text_trim_or_null(comments);
	struct edit ed;
	int rc;

	sd_err_clear(err);
	rc = valid_rating(satisfaction, _("satisfaction"), err);
	if (rc != SD_OK) {
		/* refused: the rating */
	} else if (method >= VM_COUNT)
		rc = sd_err_set(err, SD_DATAERR, _("%s: %s"), _("method"), _("unknown"));
	else if ((rc = check_text(n, _("outcome"), SD_TEXT_LONG, err)) == SD_OK)
		rc = check_text(c, _("customer's comments"), SD_TEXT_LONG, err);
	if (rc != SD_OK || (rc = edit_begin(st, &ed, VOP_DONE, method, id, expected_version, err)) != SD_OK) {
		free(n);
		free(c);
		return rc;
	}
	if (ed.v.status != VS_PLANNED && ed.v.status != VS_MISSED) {
		rc = edit_refuse_status(&ed, err);
		free(ed.old);
		visit_free(&ed.v);
	} else {
		rc = set_outcome(st, id, VS_DONE, satisfaction, method, n, c, NULL, err);
		rc = edit_end(&ed, "done", rc, err);
	}
	free(n);
	free(c);
	return rc;
}

int
visit_miss(store *st, long long id, int expected_version, const char *note, sd_err *err)
{
	char *n = text_trim_or_null(note);
	struct edit ed;
	int rc;

	sd_err_clear(err);
	if ((rc = check_text(n, _("outcome"), SD_TEXT_LONG, err)) != SD_OK ||
	    (rc = edit_begin(st, &ed, VOP_MISS, -1, id, expected_version, err)) != SD_OK) {
		free(n);
		return rc;
	}
	if (ed.v.status != VS_PLANNED) {
		rc = edit_refuse_status(&ed, err);
		free(ed.old);
		visit_free(&ed.v);
	} else {
		rc = set_outcome(st, id, VS_MISSED, 0, -1, n, NULL, NULL, err);
		rc = edit_end(&ed, "miss", rc, err);
	}
	free(n);
	return rc;
}

int
visit_request(store *st, long long id, int expected_version, sd_request *r, sd_err *err)
{
	struct edit ed;
	sqlite3_stmt *q;
	char *json = NULL;
	int rc;

	sd_err_clear(err);
	if ((rc = edit_begin(st, &ed, VOP_REQUEST, -1, id, expected_version, err)) != SD_OK)
		return rc;
	if (ed.v.status == VS_CANCELLED) {
		rc = edit_refuse_status(&ed, err);
		free(ed.old);
		visit_free(&ed.v);
		return rc;
	}
	if (ed.v.request_regno) {
		sd_err_set(err, SD_DATAERR, _("visit %lld already opened the request %s"), id,
		           ed.v.request_regno);
		return edit_end(&ed, "request", SD_DATAERR, err);
	}
	/* requester and phone default to the customer's contact */
	q = store_prepare(st, "SELECT contact, phone FROM customer WHERE id = ?", err);
	if (!q)
		return edit_end(&ed, "request", err ? err->status : SD_INTERNAL, err);
	sqlite3_bind_int64(q, 1, ed.v.customer_id);
	if (sqlite3_step(q) == SQLITE_ROW) {
		if (!r->requester || !*r->requester) {
			free(r->requester);
			r->requester = store_col_dup(q, 0);
		}
		if (!r->phone || !*r->phone) {
			free(r->phone);
			r->phone = store_col_dup(q, 1);
		}
	}
	sqlite3_reset(q);
	free(r->customer);
	r->customer = xstrdup(ed.v.customer);
	free(r->serial);
	r->serial = xstrdup(ed.v.serial);
	r->channel = CH_VISIT;
	r->visit_id = id;
	r->regno[0] = '\0';
	if ((rc = intake_add(st, r, true, err)) != SD_OK)
		return edit_end(&ed, "request", rc, err);
	q = store_prepare(st, "SELECT json_object('regno', regno, 'received_at', received_at, "
	                      "'channel', channel, 'customer', customer, 'requester', requester, "
	                      "'phone', phone, 'serial', serial, 'priority', priority, "
	                      "'visit_id', visit_id) FROM request WHERE id = ?", err);
	if (!q)
		return edit_end(&ed, "request", err ? err->status : SD_INTERNAL, err);
	sqlite3_bind_int64(q, 1, r->id);
	if (sqlite3_step(q) == SQLITE_ROW)
		json = store_col_dup(q, 0);
	sqlite3_reset(q);
	rc = store_audit(st, "request", r->regno, "insert", NULL, json, err);
	free(json);
	if (rc == SD_OK && ed.v.status == VS_PLANNED) {
		buf note = { 0 };

		if (ed.v.outcome)
			buf_printf(&note, "%s\n", ed.v.outcome);
		/* TRANSLATORS: the register number of the request opened. */
		buf_printf(&note, _("fault found: request %s opened"), r->regno);
		rc = set_outcome(st, id, VS_DONE, ed.v.satisfaction, -1, buf_str(&note), ed.v.comments,
		                 NULL, err);
		buf_free(&note);
	}
	rc = edit_end(&ed, "request", rc, err);
	if (rc != SD_OK)
		r->regno[0] = '\0';
	return rc;
}

bool
visit_origin(store *st, long long visit_id, char *out, size_t size)
{
	sqlite3_stmt *q = store_prepare(st, "SELECT kind, due_on FROM visit WHERE id = ?", NULL);
	bool found = false;

	if (size)
		out[0] = '\0';
	if (!q || visit_id <= 0)
		return false;
	sqlite3_bind_int64(q, 1, visit_id);
	if (sqlite3_step(q) == SQLITE_ROW) {
		const char *d = (const char *)sqlite3_column_text(q, 1);
		/* TRANSLATORS: visit number, kind of visit, due date. */
		snprintf(out, size, _("%lld (%s, %s)"), visit_id,
		         visit_kind_name(visit_kind_parse((const char *)sqlite3_column_text(q, 0))),
		         d ? d : "");
		found = true;
	}
	sqlite3_reset(q);
	return found;
}

/* ---------------------------------------------------------------- lists */

void
visit_row_free(sd_visit_row *r)
{
	free(r->customer);
	free(r->serial);
	free(r->engineer);
	memset(r, 0, sizeof *r);
}

/* The days [from, to] of a view (both "" for views without a range). */
static bool
view_range(const sd_visit_query *q, sd_date today, char from[11], char to[11])
{
	sd_date d, a, b;
	int y, m, dd;

	from[0] = to[0] = '\0';
	switch (q->view) {
	case VV_WEEK:
		/* Monday to Sunday */
		a = today - (date_weekday(today) + 6) % 7;
		b = a + 6;
		break;
	case VV_MONTH:
	case VV_DAY:
		if (!date_parse(q->day, &d))
			return false;
		if (q->view == VV_DAY) {
			a = b = d;
			break;
		}
		date_to_ymd(d, &y, &m, &dd);
		a = date_from_ymd(y, m, 1);
		b = date_from_ymd(y, m, date_days_in_month(y, m));
		break;
	default:
		return true;
	}
	date_format(a, from);
	date_format(b, to);
	return true;
}

int
visit_page(store *st, const sd_visit_query *q, enum sd_page_from from,
           const sd_visit_row *anchor, int limit, sd_visit_row *rows, int *n, sd_err *err)
{
	bool backward = from == PAGE_LAST || from == PAGE_BEFORE;
	sd_date today = visit_today();
	char ts[11], rf[11], rt[11];
	buf sql = { 0 };
	sqlite3_stmt *s;
	int rc = SQLITE_DONE, count = 0;

	*n = 0;
	sd_err_clear(err);
	if ((int)from < PAGE_FIRST || from > PAGE_BEFORE)
		return sd_err_set(err, SD_INTERNAL, "visit_page: bad direction");
	if ((from == PAGE_AFTER || from == PAGE_BEFORE) && !anchor)
		return sd_err_set(err, SD_INTERNAL, "visit_page: no anchor");
	if (!view_range(q, today, rf, rt))
		return sd_err_set(err, SD_DATAERR, _("%s: %s"), _("day"), _("expected a date like 2026-11-24"));
	if (limit <= 0)
		return SD_OK;
	date_format(today, ts);
	buf_puts(&sql, "SELECT v.id, v.due_on, v.kind, v.status, v.method, v.moved, c.name, e.serial, "
	               "v.engineer, v.satisfaction, v.done_at FROM visit v "
	               "JOIN customer c ON c.id = v.customer_id "
	               "LEFT JOIN equipment e ON e.id = v.equipment_id WHERE ");
	switch (q->view) {
	case VV_DUE:      buf_puts(&sql, "v.status = 'planned' AND v.due_on = :today"); break;
	case VV_OVERDUE:  buf_puts(&sql, "v.status = 'planned' AND v.due_on < :today"); break;
	case VV_UPCOMING: buf_puts(&sql, "v.status = 'planned' AND v.due_on >= :today"); break;
	case VV_WEEK:
	case VV_MONTH:
	case VV_DAY:      buf_puts(&sql, "v.due_on BETWEEN :rf AND :rt"); break;
	default:          buf_puts(&sql, "1"); break;
	}
	if (q->status > 0 && q->view != VV_DUE && q->view != VV_OVERDUE && q->view != VV_UPCOMING)
		buf_puts(&sql, " AND v.status = :status");
	if (q->engineer && *q->engineer)
		buf_puts(&sql, " AND v.engineer = :eng");
	if (q->customer_id > 0)
		buf_puts(&sql, " AND v.customer_id = :cust");
	switch (from) {
	case PAGE_AFTER:
		buf_puts(&sql, " AND v.due_on >= :kd AND (v.due_on > :kd OR v.id > :ki)");
		break;
	case PAGE_BEFORE:
		buf_puts(&sql, " AND v.due_on <= :kd AND (v.due_on < :kd OR v.id < :ki)");
		break;
	default:
		break;
	}
	buf_puts(&sql, backward ? " ORDER BY v.due_on DESC, v.id DESC LIMIT :lim"
	                        : " ORDER BY v.due_on, v.id LIMIT :lim");
	s = store_prepare(st, buf_str(&sql), err);
	buf_free(&sql);
	if (!s)
		return err ? err->status : SD_INTERNAL;
#define BIND_TEXT(name, v) do { int i_ = sqlite3_bind_parameter_index(s, name); \
	if (i_) sqlite3_bind_text(s, i_, v, -1, SQLITE_TRANSIENT); } while (0)
	BIND_TEXT(":today", ts);
	BIND_TEXT(":rf", rf);
	BIND_TEXT(":rt", rt);
	if (q->status > 0)
		BIND_TEXT(":status", visit_status_code(q->status - 1));
	BIND_TEXT(":eng", q->engineer);
	if (q->customer_id > 0)
		sqlite3_bind_int64(s, sqlite3_bind_parameter_index(s, ":cust"), q->customer_id);
	if (anchor && (from == PAGE_AFTER || from == PAGE_BEFORE)) {
		BIND_TEXT(":kd", anchor->due_on);
		sqlite3_bind_int64(s, sqlite3_bind_parameter_index(s, ":ki"), anchor->id);
	}
#undef BIND_TEXT
	sqlite3_bind_int(s, sqlite3_bind_parameter_index(s, ":lim"), limit);
	while (count < limit && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		sd_visit_row *r = &rows[count++];

		memset(r, 0, sizeof *r);
		r->id = sqlite3_column_int64(s, 0);
		store_col_copy(s, 1, r->due_on, sizeof r->due_on);
		r->kind = visit_kind_parse((const char *)sqlite3_column_text(s, 2));
		r->status = visit_status_parse((const char *)sqlite3_column_text(s, 3));
		r->method = visit_method_parse((const char *)sqlite3_column_text(s, 4));
		r->moved = sqlite3_column_int(s, 5) != 0;
		r->customer = store_col_dup(s, 6);
		r->serial = store_col_dup(s, 7);
		r->engineer = store_col_dup(s, 8);
		r->satisfaction = sqlite3_column_int(s, 9);
		store_col_copy(s, 10, r->done_at, sizeof r->done_at);
		r->overdue = r->status == VS_PLANNED && strcmp(r->due_on, ts) < 0;
	}
	sqlite3_reset(s);
	if (count < limit && rc != SQLITE_DONE) {
		for (int i = 0; i < count; i++)
			visit_row_free(&rows[i]);
		if (rc == SQLITE_INTERRUPT)
			return sd_err_set(err, SD_INTERNAL, "interrupted");
		return store_fail(st, rc, _("reading the visits"), err);
	}
	if (backward)
		for (int i = 0, j = count - 1; i < j; i++, j--) {
			sd_visit_row t = rows[i];
			rows[i] = rows[j];
			rows[j] = t;
		}
	*n = count;
	return SD_OK;
}

int
visit_month(store *st, int y, int m, const char *engineer, sd_visit_day *days, int *ndays,
            sd_err *err)
{
	sqlite3_stmt *q;
	sd_date first, today = visit_today();
	const workcal *cal;
	char a[11], b[11];
	int nd, rc;

	*ndays = 0;
	sd_err_clear(err);
	if (m < 1 || m > 12 || y < 1900 || y > 9999)
		return sd_err_set(err, SD_DATAERR, _("%s: %s"), _("month"), _("expected YYYY-MM"));
	if (!(cal = ledger_calendar(st, err)))
		return err ? err->status : SD_INTERNAL;
	nd = date_days_in_month(y, m);
	first = date_from_ymd(y, m, 1);
	for (int i = 0; i < nd; i++) {
		memset(&days[i], 0, sizeof days[i]);
		days[i].date = first + i;
		days[i].daykind = workcal_day(cal, first + i, NULL);
	}
	date_format(first, a);
	date_format(first + nd - 1, b);
	q = store_prepare(st, engineer && *engineer
		? "SELECT due_on, kind, status, count(*) FROM visit WHERE due_on BETWEEN ?1 AND ?2 "
		  "AND engineer = ?3 GROUP BY due_on, kind, status"
		: "SELECT due_on, kind, status, count(*) FROM visit WHERE due_on BETWEEN ?1 AND ?2 "
		  "GROUP BY due_on, kind, status", err);
	if (!q)
		return err ? err->status : SD_INTERNAL;
	sqlite3_bind_text(q, 1, a, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 2, b, -1, SQLITE_TRANSIENT);
	if (engineer && *engineer)
		sqlite3_bind_text(q, 3, engineer, -1, SQLITE_TRANSIENT);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		sd_date d;
		int k = visit_kind_parse((const char *)sqlite3_column_text(q, 1));
		int s = visit_status_parse((const char *)sqlite3_column_text(q, 2));
		int c = sqlite3_column_int(q, 3);

		if (!date_parse((const char *)sqlite3_column_text(q, 0), &d) || d < first ||
		    d >= first + nd)
			continue;
		sd_visit_day *day = &days[d - first];
		day->total += c;
		if (k >= 0)
			day->by_kind[k] += c;
		if (s >= 0)
			day->by_status[s] += c;
		if (s == VS_PLANNED && d < today)
			day->overdue += c;
	}
	sqlite3_reset(q);
	if (rc != SQLITE_DONE)
		return store_fail(st, rc, _("reading the visits"), err);
	*ndays = nd;
	return SD_OK;
}

/* ---------------------------------------------------------------- export */

int
visit_export(store *st, FILE *out, sd_encoding enc, const char *month, long *count, sd_err *err)
{
	static const char *const heads[] = {
		"编号", "客户", "设备序列号", "回访类型", "应访日期", "责任工程师", "方式", "状态",
		"满意度", "回访结果", "客户意见", "记录时间", "取消原因", "规则", "手工调整"
	};
	csvtab_writer w;
	sqlite3_stmt *q;
	char a[11] = "", b[11] = "";
	int rc = SQLITE_DONE, ret = SD_OK;

	csvtab_writer_start(&w, out, enc, count, err);
	csvtab_put_record(&w, heads, SD_ARRAY_LEN(heads));
	if (month && *month) {
		int y = atoi(month) / 100, m = atoi(month) % 100;

		date_format(date_from_ymd(y, m, 1), a);
		date_format(date_from_ymd(y, m, date_days_in_month(y, m)), b);
	}
	q = store_prepare(st, month && *month
		? "SELECT v.id, c.name, e.serial, v.kind, v.due_on, v.engineer, v.method, v.status, "
		  "v.satisfaction, v.outcome, v.comments, v.done_at, v.cancel_reason, v.rule_code, v.moved "
		  "FROM visit v JOIN customer c ON c.id = v.customer_id LEFT JOIN equipment e "
		  "ON e.id = v.equipment_id WHERE v.due_on BETWEEN ?1 AND ?2 ORDER BY v.due_on, v.id"
		: "SELECT v.id, c.name, e.serial, v.kind, v.due_on, v.engineer, v.method, v.status, "
		  "v.satisfaction, v.outcome, v.comments, v.done_at, v.cancel_reason, v.rule_code, v.moved "
		  "FROM visit v JOIN customer c ON c.id = v.customer_id LEFT JOIN equipment e "
		  "ON e.id = v.equipment_id ORDER BY v.due_on, v.id", err);
	if (!q)
		return csvtab_writer_end(&w, err ? err->status : SD_INTERNAL, count);
	if (month && *month) {
		sqlite3_bind_text(q, 1, a, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(q, 2, b, -1, SQLITE_TRANSIENT);
	}
	while (ret == SD_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
		const char *v[SD_ARRAY_LEN(heads)];
		char id[24], sat[16] = "";
		int k = visit_kind_parse((const char *)sqlite3_column_text(q, 3));
		int s = visit_status_parse((const char *)sqlite3_column_text(q, 7));
		int m = visit_method_parse((const char *)sqlite3_column_text(q, 6));

		snprintf(id, sizeof id, "%lld", (long long)sqlite3_column_int64(q, 0));
		if (sqlite3_column_int(q, 8) > 0)
			snprintf(sat, sizeof sat, "%d", sqlite3_column_int(q, 8));
		v[0] = id;
		v[1] = (const char *)sqlite3_column_text(q, 1);
		v[2] = (const char *)sqlite3_column_text(q, 2);
		v[3] = k >= 0 ? kinds[k].zh[0] : "";
		v[4] = (const char *)sqlite3_column_text(q, 4);
		v[5] = (const char *)sqlite3_column_text(q, 5);
		v[6] = m >= 0 ? methods[m].zh[0] : "";
		v[7] = s >= 0 ? statuses[s].zh[0] : "";
		v[8] = sat;
		v[9] = (const char *)sqlite3_column_text(q, 9);
		v[10] = (const char *)sqlite3_column_text(q, 10);
		v[11] = (const char *)sqlite3_column_text(q, 11);
		v[12] = (const char *)sqlite3_column_text(q, 12);
		v[13] = (const char *)sqlite3_column_text(q, 13);
		v[14] = sqlite3_column_int(q, 14) ? "1" : "0";
		csvtab_put_record(&w, v, SD_ARRAY_LEN(heads));
		ret = csvtab_row_done(&w);
	}
	if (ret == SD_OK && rc != SQLITE_DONE)
		ret = store_fail(st, rc, _("reading the visits"), err);
	sqlite3_reset(q);
	return csvtab_writer_end(&w, ret, count);
}
