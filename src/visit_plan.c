/*
 * visit_plan.c — planning the rules' visits (visit_plan): one transaction
 * that walks the equipment (phone follow-up, maintenance), the customers
 * with delivered equipment (survey, key customers) and the recently closed
 * ledger entries (quality calls), asks visit_rule_dates for each subject's
 * occurrences in the horizon and reconciles them with the visits already
 * planned, by plan_key:
 *   no visit with the key          insert it
 *   planned, not moved by hand     give it the rule's date if that differs
 *   anything else                  leave it (done, missed, cancelled, moved)
 * Planned rule visits due from today on that no subject gave again are
 * removed. The visits already planned are read first (their ids, sorted),
 * and each one met is marked, so the removal needs no second pass over the
 * rules.
 *
 * Self-contained; no curses.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "contract.h"
#include "customer.h"
#include "ledger.h"
#include "visit.h"
#include "valid.h"
#include "visit_int.h"

/* Occurrences of one rule for one subject in the horizon, at most. */
#define MAX_OCC 1024

struct plan {
	store *st;
	const workcal *cal;
	sd_date today, until;
	char now[17];
	sd_visit_rule *rules;
	size_t nrules;
	long long *cand;           /* planned rule visits from today on, by id */
	unsigned char *seen;       /* per candidate: given again by a rule */
	size_t ncand;
	sqlite3_stmt *sel, *ins, *upd;
	sd_visit_plan_result *res;
	sd_visit_occ occ[MAX_OCC];
	sd_err *err;
};

static void
mark_seen(struct plan *p, long long id)
{
	size_t lo = 0, hi = p->ncand;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (p->cand[mid] == id) {
			p->seen[mid] = 1;
			return;
		}
		if (p->cand[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
}

/* Reconcile one occurrence of rule r for a subject ("e12", "c3", "l7"). */
static int
place(struct plan *p, const sd_visit_rule *r, const char *subject, long long cid,
      long long eid, long long lid, const sd_visit_occ *o)
{
	char key[96], due[11];
	int rc;

	snprintf(key, sizeof key, "%s:%s:%s", r->code, subject, o->occ);
	date_format(o->due, due);
	sqlite3_bind_text(p->sel, 1, key, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(p->sel);
	if (rc == SQLITE_DONE) {
		int method = visit_kind_method(r->kind);

		sqlite3_reset(p->sel);
		sqlite3_bind_int64(p->ins, 1, cid);
		if (eid)
			sqlite3_bind_int64(p->ins, 2, eid);
		else
			sqlite3_bind_null(p->ins, 2);
		if (lid)
			sqlite3_bind_int64(p->ins, 3, lid);
		else
			sqlite3_bind_null(p->ins, 3);
		sqlite3_bind_text(p->ins, 4, r->code, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(p->ins, 5, key, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(p->ins, 6, visit_kind_code(r->kind), -1, SQLITE_STATIC);
		sqlite3_bind_text(p->ins, 7, due, -1, SQLITE_TRANSIENT);
		visit_bind_opt(p->ins, 8, visit_method_code(method));
		if ((rc = visit_run(p->st, p->ins, _("planning the visits"), p->err)) != SD_OK)
			return rc;
		p->res->created++;
		return SD_OK;
	}
	if (rc != SQLITE_ROW) {
		sqlite3_reset(p->sel);
		return store_fail(p->st, rc, _("planning the visits"), p->err);
	}
	long long id = sqlite3_column_int64(p->sel, 0);
	const char *status = (const char *)sqlite3_column_text(p->sel, 1);
	const char *was = (const char *)sqlite3_column_text(p->sel, 2);
	bool planned = status && strcmp(status, "planned") == 0;
	bool moved = sqlite3_column_int(p->sel, 3) != 0;
	bool differs = !was || strcmp(was, due) != 0;

	sqlite3_reset(p->sel);
	if (!planned || moved) {
		p->res->unchanged++;
		return SD_OK;
	}
	mark_seen(p, id);
	if (!differs) {
		p->res->unchanged++;
		return SD_OK;
	}
	char k[24], *old = visit_json(p->st, id), *new;
	snprintf(k, sizeof k, "%lld", id);
	sqlite3_bind_int64(p->upd, 1, id);
	sqlite3_bind_text(p->upd, 2, due, -1, SQLITE_TRANSIENT);
	rc = visit_run(p->st, p->upd, _("planning the visits"), p->err);
	new = visit_json(p->st, id);
	if (rc == SD_OK)
		rc = store_audit(p->st, "visit", k, "replan", old, new, p->err);
	free(old);
	free(new);
	if (rc == SD_OK)
		p->res->moved++;
	return rc;
}

/* All occurrences of the rules of kind k for one subject anchored on anchor, due by until. */
static int
place_all(struct plan *p, int k, sd_date anchor, const char *subject, long long cid,
          long long eid, long long lid, sd_date until)
{
	for (size_t i = 0; i < p->nrules; i++) {
		const sd_visit_rule *r = &p->rules[i];
		int n, rc;

		if (r->kind != k || !r->active)
			continue;
		n = visit_rule_dates(r, anchor, p->today, until, p->cal, p->occ, MAX_OCC);
		for (int j = 0; j < n; j++)
			if ((rc = place(p, r, subject, cid, eid, lid, &p->occ[j])) != SD_OK)
				return rc;
	}
	return SD_OK;
}

static int
collect_rule(const sd_visit_rule *r, void *arg)
{
	struct plan *p = arg;

	p->rules = xrealloc(p->rules, (p->nrules + 1) * sizeof *p->rules);
	p->rules[p->nrules++] = *r;
	return SD_OK;
}

static bool
any_active(const struct plan *p, int k)
{
	for (size_t i = 0; i < p->nrules; i++)
		if (p->rules[i].kind == k && p->rules[i].active)
			return true;
	return false;
}

/* The planned rule visits due from today on, and the latest due date among them. */
static int
load_candidates(struct plan *p, sd_date *latest)
{
	sqlite3_stmt *q = store_prepare(p->st,
		"SELECT id, due_on FROM visit WHERE status = 'planned' AND moved = 0 "
		"AND rule_code IS NOT NULL AND due_on >= ? ORDER BY id", p->err);
	char ts[11];
	size_t cap = 0;
	int rc;

	if (!q)
		return p->err ? p->err->status : SD_INTERNAL;
	date_format(p->today, ts);
	sqlite3_bind_text(q, 1, ts, -1, SQLITE_TRANSIENT);
	*latest = p->today;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		sd_date d;

		if (p->ncand == cap) {
			cap = cap ? 2 * cap : 1024;
			p->cand = xrealloc(p->cand, cap * sizeof *p->cand);
		}
		p->cand[p->ncand++] = sqlite3_column_int64(q, 0);
		if (date_parse((const char *)sqlite3_column_text(q, 1), &d) && d > *latest)
			*latest = d;
	}
	sqlite3_reset(q);
	if (rc != SQLITE_DONE)
		return store_fail(p->st, rc, _("planning the visits"), p->err);
	p->seen = xcalloc(p->ncand ? p->ncand : 1, 1);
	return SD_OK;
}

/* The maintenance visits of one piece of equipment's contracts (see plan_equipment). */
struct contract_visits {
	struct plan *p;
	const char *subject;
	long long cid, eid;
};

static int
contract_visits(const sd_contract *k, void *arg)
{
	struct contract_visits *cv = arg;
	struct plan *p = cv->p;
	/* the contract's visits are planned like a rule's, under a code of their own */
	sd_visit_rule r;
	sd_date from, last;
	int months = contract_visits_months(k->visits), rc;

	if (months <= 0 || !date_parse(k->from_on, &from) || !date_parse(contract_last_day(k), &last))
		return SD_OK;
	memset(&r, 0, sizeof r);
	snprintf(r.code, sizeof r.code, "%s", "contract");
	r.kind = VK_MAINTENANCE;
	r.active = true;
	/* from the first day, every `months` months, while the contract runs */
	for (int j = 0; j < 1200; j++) {
		sd_date raw = date_add_months(from, j * months), due;
		sd_visit_occ o;

		if (raw > last || raw > p->until)
			break;
		due = visit_next_workday(p->cal, raw);
		if (due < p->today || due > last || due > p->until)
			continue;
		o.due = due;
		snprintf(o.occ, sizeof o.occ, "k%lldn%d", k->id, j);
		if ((rc = place(p, &r, cv->subject, cv->cid, cv->eid, 0, &o)) != SD_OK)
			return rc;
	}
	return SD_OK;
}

/*
 * The equipment's phone follow-up, and its maintenance visits only while it
 * is covered: the maintenance rule's visits due by the warranty end (as
 * equipment_warranty gives it, downtime added; none when the warranty is not
 * known), and the visits of each contract covering it that includes visits
 * (quarterly or monthly from its first day, while it runs). A planned visit
 * that coverage no longer gives is removed, as for a rule changed.
 */
static int
plan_equipment(struct plan *p)
{
	sqlite3_stmt *q;
	int rc = SQLITE_DONE, ret = SD_OK;
	struct eq {
		long long eid, cid;
		char *serial;
		bool has_d, has_c;
		sd_date delivered, commissioned;
	} *v = NULL;
	size_t n = 0;

	q = store_prepare(p->st, "SELECT id, customer_id, delivered_on, commissioned_on, serial "
	                         "FROM equipment", p->err);
	if (!q)
		return p->err ? p->err->status : SD_INTERNAL;
	/* collect first: the warranty and the contracts use the store */
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		v = xrealloc(v, (n + 1) * sizeof *v);
		v[n].eid = sqlite3_column_int64(q, 0);
		v[n].cid = sqlite3_column_int64(q, 1);
		v[n].has_d = date_parse((const char *)sqlite3_column_text(q, 2), &v[n].delivered);
		v[n].has_c = date_parse((const char *)sqlite3_column_text(q, 3), &v[n].commissioned);
		v[n].serial = store_col_dup(q, 4);
		n++;
	}
	sqlite3_reset(q);
	if (rc != SQLITE_DONE)
		ret = store_fail(p->st, rc, _("planning the visits"), p->err);
	/* without a contract that includes visits, no piece needs asking */
	bool contract_visits_any = false;
	if (ret == SD_OK) {
		q = store_prepare(p->st, "SELECT EXISTS (SELECT 1 FROM contract WHERE visits <> 'none')", p->err);
		if (!q)
			ret = p->err ? p->err->status : SD_INTERNAL;
		else {
			if (sqlite3_step(q) == SQLITE_ROW)
				contract_visits_any = sqlite3_column_int(q, 0) != 0;
			sqlite3_reset(q);
		}
	}
	for (size_t i = 0; i < n && ret == SD_OK; i++) {
		char subject[32];

		snprintf(subject, sizeof subject, "e%08lld", v[i].eid);
		if (v[i].has_d)
			ret = place_all(p, VK_PHONE_FOLLOWUP, v[i].delivered, subject, v[i].cid, v[i].eid, 0,
			                p->until);
		/* maintenance counts from commissioning, or from delivery where none is recorded */
		if (ret == SD_OK && (v[i].has_c || v[i].has_d) && any_active(p, VK_MAINTENANCE)) {
			warranty_status w;
			ret = equipment_warranty(p->st, v[i].serial, p->today, &w, NULL, p->err);
			if (ret == SD_OK && w.end != SD_DATE_NONE && w.end >= p->today)
				ret = place_all(p, VK_MAINTENANCE, v[i].has_c ? v[i].commissioned : v[i].delivered,
				                subject, v[i].cid, v[i].eid, 0, w.end < p->until ? w.end : p->until);
		}
		if (ret == SD_OK && contract_visits_any) {
			struct contract_visits cv = { p, subject, v[i].cid, v[i].eid };
			ret = contract_each_covering(p->st, v[i].serial, p->today, p->until, contract_visits,
			                             &cv, p->err);
		}
	}
	for (size_t i = 0; i < n; i++)
		free(v[i].serial);
	free(v);
	return ret;
}

static int
plan_customers(struct plan *p)
{
	sqlite3_stmt *q;
	int rc = SQLITE_DONE, ret = SD_OK;

	if (!any_active(p, VK_SURVEY) && !any_active(p, VK_KEY_CUSTOMER))
		return SD_OK;
	q = store_prepare(p->st, "SELECT e.customer_id, c.key_customer, min(e.delivered_on) "
	                         "FROM equipment e JOIN customer c ON c.id = e.customer_id "
	                         "WHERE e.delivered_on IS NOT NULL GROUP BY e.customer_id", p->err);
	if (!q)
		return p->err ? p->err->status : SD_INTERNAL;
	while (ret == SD_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
		long long cid = sqlite3_column_int64(q, 0);
		bool key = sqlite3_column_int(q, 1) != 0;
		sd_date first;
		char subject[32];

		if (!date_parse((const char *)sqlite3_column_text(q, 2), &first))
			continue;
		snprintf(subject, sizeof subject, "c%08lld", cid);
		ret = place_all(p, VK_SURVEY, first, subject, cid, 0, 0, p->until);
		if (ret == SD_OK && key)
			ret = place_all(p, VK_KEY_CUSTOMER, first, subject, cid, 0, 0, p->until);
	}
	sqlite3_reset(q);
	if (ret == SD_OK && rc != SQLITE_DONE)
		ret = store_fail(p->st, rc, _("planning the visits"), p->err);
	return ret;
}

static int
plan_quality(struct plan *p)
{
	sqlite3_stmt *q;
	long most = 0;
	char bound[11];
	int rc = SQLITE_DONE, ret = SD_OK;

	for (size_t i = 0; i < p->nrules; i++)
		if (p->rules[i].kind == VK_QUALITY_CALL && p->rules[i].active &&
		    visit_rule_param(&p->rules[i], "working_days", 3) > most)
			most = visit_rule_param(&p->rules[i], "working_days", 3);
	if (!any_active(p, VK_QUALITY_CALL))
		return SD_OK;
	/* N working days are never more than 2N + 30 calendar days */
	date_format(p->today - (sd_date)(2 * most + 30), bound);
	q = store_prepare(p->st, "SELECT l.id, substr(l.closed_at, 1, 10), c.id, eq.id FROM ledger l "
	                         "JOIN request r ON r.id = l.request_id "
	                         "JOIN customer c ON c.name = r.customer "
	                         "LEFT JOIN equipment eq ON eq.serial = r.serial "
	                         "WHERE l.state = 'closed' AND l.closed_at >= ?", p->err);
	if (!q)
		return p->err ? p->err->status : SD_INTERNAL;
	sqlite3_bind_text(q, 1, bound, -1, SQLITE_TRANSIENT);
	while (ret == SD_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
		long long lid = sqlite3_column_int64(q, 0);
		sd_date closed;
		char subject[32];

		if (!date_parse((const char *)sqlite3_column_text(q, 1), &closed))
			continue;
		snprintf(subject, sizeof subject, "l%08lld", lid);
		ret = place_all(p, VK_QUALITY_CALL, closed, subject, sqlite3_column_int64(q, 2),
		                sqlite3_column_int64(q, 3), lid, p->until);
	}
	sqlite3_reset(q);
	if (ret == SD_OK && rc != SQLITE_DONE)
		ret = store_fail(p->st, rc, _("planning the visits"), p->err);
	return ret;
}

/* Remove the candidates no rule gave again. */
static int
remove_unseen(struct plan *p)
{
	sqlite3_stmt *q = store_prepare(p->st, "DELETE FROM visit WHERE id = ?", p->err);
	int rc = SD_OK;

	if (!q)
		return p->err ? p->err->status : SD_INTERNAL;
	for (size_t i = 0; rc == SD_OK && i < p->ncand; i++) {
		char k[24], *old;

		if (p->seen[i])
			continue;
		snprintf(k, sizeof k, "%lld", p->cand[i]);
		old = visit_json(p->st, p->cand[i]);
		sqlite3_bind_int64(q, 1, p->cand[i]);
		rc = visit_run(p->st, q, _("planning the visits"), p->err);
		if (rc == SD_OK)
			rc = store_audit(p->st, "visit", k, "unplan", old, NULL, p->err);
		free(old);
		if (rc == SD_OK)
			p->res->removed++;
	}
	return rc;
}

int
visit_plan(store *st, const char *until, sd_visit_plan_result *res, sd_err *err)
{
	struct plan *p;
	sd_visit_plan_result local;
	sd_date latest = 0;
	buf json = { 0 };
	int rc;

	sd_err_clear(err);
	if ((rc = visit_permit(st, store_user(st), VOP_PLAN, NULL, -1, err)) != SD_OK)
		return rc;
	p = xcalloc(1, sizeof *p);
	if (!res)
		res = &local;
	memset(res, 0, sizeof *res);
	p->st = st;
	p->err = err;
	p->res = res;
	p->today = visit_today();
	store_now(p->now);
	if (!until || !*until) {
		p->until = p->today + VISIT_PLAN_DAYS;
	} else if (!date_parse(until, &p->until)) {
		rc = sd_err_set(err, SD_DATAERR, _("%s: %s"), _("until"), _("expected a date like 2026-11-24"));
		goto out;
	} else if (p->until < p->today) {
		rc = sd_err_set(err, SD_DATAERR, _("until: %s is before today"), until);
		goto out;
	} else if ((rc = valid_date_planned(st, p->until, _("until"), err)) != SD_OK) {
		goto out;
	}
	/* the calendar first: loading it may write (the ledger's due times) */
	if (!(p->cal = ledger_calendar(st, err))) {
		rc = err && err->status ? err->status : SD_INTERNAL;
		goto out;
	}
	/* a first plan writes a visit or more per piece of equipment: a large write */
	store_bulk(st);
	if ((rc = store_begin(st, err)) != SD_OK)
		goto out;
	if ((rc = visit_rule_each(st, collect_rule, p, err)) != SD_OK ||
	    (rc = load_candidates(p, &latest)) != SD_OK)
		goto fail;
	/* never shorter than what is planned already: nothing beyond is left unreconciled */
	if (latest > p->until)
		p->until = latest;
	date_format(p->today, res->from);
	date_format(p->until, res->until);
	p->sel = store_prepare(st, "SELECT id, status, due_on, moved FROM visit WHERE plan_key = ?", err);
	p->ins = store_prepare(st, "INSERT INTO visit (customer_id, equipment_id, ledger_id, rule_code, "
	                           "plan_key, kind, due_on, method, created_at, created_by) "
	                           "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)", err);
	p->upd = store_prepare(st, "UPDATE visit SET due_on = ?2, version = version + 1 WHERE id = ?1",
	                       err);
	if (!p->sel || !p->ins || !p->upd) {
		rc = err && err->status ? err->status : SD_INTERNAL;
		goto fail;
	}
	sqlite3_bind_text(p->ins, 9, p->now, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(p->ins, 10, store_user(st), -1, SQLITE_TRANSIENT);
	if ((rc = plan_equipment(p)) != SD_OK || (rc = plan_customers(p)) != SD_OK ||
	    (rc = plan_quality(p)) != SD_OK || (rc = remove_unseen(p)) != SD_OK)
		goto fail;
	buf_printf(&json, "{\"from\":\"%s\",\"until\":\"%s\",\"created\":%ld,\"moved\":%ld,"
	           "\"removed\":%ld,\"unchanged\":%ld}", res->from, res->until, res->created,
	           res->moved, res->removed, res->unchanged);
	if ((rc = store_audit(st, "visit", "plan", "plan", NULL, buf_str(&json), err)) != SD_OK)
		goto fail;
	rc = store_commit(st, err);
	if (rc != SD_OK)
		memset(res, 0, sizeof *res);
	goto out;
fail:
	store_rollback(st);
	memset(res, 0, sizeof *res);
	if (rc == SD_OK)
		rc = err && err->status ? err->status : SD_INTERNAL;
out:
	buf_free(&json);
	free(p->rules);
	free(p->cand);
	free(p->seen);
	free(p);
	return rc;
}
