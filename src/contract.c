/*
 * contract.c — service contracts (维保合约) and who pays for a charge (see
 * contract.h).
 */
#include "config.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "common.h"
#include "contract.h"
#include "valid.h"
#include "customer.h"
#include "datetime.h"
#include "intake.h"
#include "ledger.h"
#include "sla.h"
#include "staff.h"
#include "store.h"
#include "text.h"
#include "warranty.h"

static const char *const visits_codes[CV_COUNT] = { "none", "quarterly", "monthly" };
static const char *const visits_names[CV_COUNT] = {
	N_("no maintenance visits"), N_("quarterly visits"), N_("monthly visits"),
};

const char *
contract_visits_code(int v)
{
	return v >= 0 && v < CV_COUNT ? visits_codes[v] : "?";
}

const char *
contract_visits_name(int v)
{
	return v >= 0 && v < CV_COUNT ? _(visits_names[v]) : "?";
}

int
contract_visits_parse(const char *s)
{
	static const struct {
		const char *word;
		int v;
	} words[] = {
		{ "不巡检", CV_NONE }, { "无", CV_NONE }, { "每季度", CV_QUARTERLY }, { "季度", CV_QUARTERLY },
		{ "每三个月", CV_QUARTERLY }, { "每月", CV_MONTHLY }, { "月度", CV_MONTHLY },
	};

	if (!s)
		return -1;
	for (int i = 0; i < CV_COUNT; i++)
		if (strcasecmp(s, visits_codes[i]) == 0)
			return i;
	for (size_t i = 0; i < SD_ARRAY_LEN(words); i++)
		if (strcmp(s, words[i].word) == 0)
			return words[i].v;
	return -1;
}

int
contract_visits_months(int v)
{
	return v == CV_QUARTERLY ? 3 : v == CV_MONTHLY ? 1 : 0;
}

int
contract_covers_parse(const char *list, bool covers[COST_COUNT], sd_err *err)
{
	char *copy, *p, *word;

	for (int c = 0; c < COST_COUNT; c++)
		covers[c] = false;
	if (!list)
		return SD_OK;
	/* 、 and ， separate too: turn them into commas (same length: 3 bytes) */
	copy = xstrdup(list);
	for (char *q; (q = strstr(copy, "、")) || (q = strstr(copy, "，"));)
		memcpy(q, ",  ", 3);
	p = copy;
	while ((word = strsep(&p, ",")) != NULL) {
		char *w = text_trim(word);
		int c;
		if (!*w) {
			free(w);
			continue;
		}
		if ((c = warranty_cost_parse(w)) < 0) {
			sd_err_set(err, SD_DATAERR,
			           _("covers: unknown cost type \"%s\" (labour, travel, lodging, parts)"), w);
			free(w);
			free(copy);
			return SD_DATAERR;
		}
		covers[c] = true;
		free(w);
	}
	free(copy);
	return SD_OK;
}

void
contract_covers_text(buf *b, const bool covers[COST_COUNT])
{
	bool any = false;

	for (int c = 0; c < COST_COUNT; c++)
		if (covers[c]) {
			if (any)
				buf_puts(b, _(", "));
			buf_puts(b, warranty_cost_name(c));
			any = true;
		}
	if (!any)
		buf_puts(b, _("nothing"));
}

/* ---------------------------------------------------------------- service levels */

/* s without the blanks around it (in place). */
static char *
trim_in(char *s)
{
	size_t n;

	while (*s == ' ' || *s == '\t')
		s++;
	n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		s[--n] = '\0';
	return s;
}

static int
clock_of_code(const char *s, size_t n)
{
	for (int c = 0; c < CLOCK_COUNT; c++)
		if (strlen(sla_clock_code(c)) == n && strncmp(s, sla_clock_code(c), n) == 0)
			return c;
	return -1;
}

int
contract_levels_parse(const char *spec, sd_contract_levels *lv, sd_err *err)
{
	char *copy, *t, *eq, *p, *pair;
	int prio, rc = SD_OK;
	bool set[CLOCK_COUNT] = { false };
	sla_dur d[CLOCK_COUNT];

	t = copy = text_trim(spec ? spec : "");
	if (!(eq = strchr(t, '='))) {
		rc = sd_err_set(err, SD_DATAERR,
		                _("service levels '%s': expected a priority, '=' and clock:duration pairs, "
		                  "e.g. P1=onsite:4h,clear:1wd"), t);
		goto out;
	}
	*eq = '\0';
	t = trim_in(t);
	if ((prio = intake_priority_parse(t)) < 1 || prio > CONTRACT_PRIORITIES) {
		rc = sd_err_set(err, SD_DATAERR, _("service levels: invalid priority '%s' (expected P1 to P4)"), t);
		goto out;
	}
	p = eq + 1;
	while ((pair = strsep(&p, ",")) != NULL) {
		char *w = trim_in(pair), *colon;
		int c;
		sla_dur v;

		if (!*w)
			continue;
		if (!(colon = strchr(w, ':'))) {
			rc = sd_err_set(err, SD_DATAERR, _("service levels P%d: '%s' is not clock:duration"), prio, w);
			goto out;
		}
		if ((c = clock_of_code(w, (size_t)(colon - w))) < 0) {
			*colon = '\0';
			rc = sd_err_set(err, SD_DATAERR,
			                _("service levels P%d: unknown clock '%s' (reply, respond, diagnose, onsite, "
			                  "clear, escalate)"), prio, w);
			goto out;
		}
		if (!sla_dur_parse(colon + 1, &v)) {
			rc = sd_err_set(err, SD_DATAERR,
			                _("service levels P%d: %s: invalid duration '%s' (e.g. 30m, 4h, 8wh, 2wd, off)"),
			                prio, sla_clock_code(c), colon + 1);
			goto out;
		}
		set[c] = true;
		d[c] = v;
	}
	bool any = false;
	for (int c = 0; c < CLOCK_COUNT; c++)
		any = any || set[c];
	if (!any) {
		rc = sd_err_set(err, SD_DATAERR, _("service levels P%d: no clock given"), prio);
		goto out;
	}
	for (int c = 0; c < CLOCK_COUNT; c++) {
		lv->set[prio - 1][c] = set[c];
		lv->d[prio - 1][c] = set[c] ? d[c] : (sla_dur){ SLA_OFF, 0 };
	}
out:
	free(copy);
	return rc;
}

bool
contract_levels_any(const sd_contract_levels *lv, int p)
{
	for (int i = 0; i < CONTRACT_PRIORITIES; i++)
		for (int c = 0; c < CLOCK_COUNT; c++)
			if ((p == 0 || p == i + 1) && lv->set[i][c])
				return true;
	return false;
}

void
contract_levels_format(buf *b, const sd_contract_levels *lv, int p)
{
	bool first = true;
	char d[32];

	if (p < 1 || p > CONTRACT_PRIORITIES)
		return;
	for (int c = 0; c < CLOCK_COUNT; c++)
		if (lv->set[p - 1][c]) {
			sla_dur_format(lv->d[p - 1][c], d, sizeof d);
			buf_printf(b, "%s%s:%s", first ? "" : ",", sla_clock_code(c), d);
			first = false;
		}
}

void
contract_levels_text(buf *b, const sd_contract_levels *lv)
{
	bool first = true;

	for (int p = 1; p <= CONTRACT_PRIORITIES; p++)
		if (contract_levels_any(lv, p)) {
			buf_printf(b, "%sP%d=", first ? "" : " ", p);
			contract_levels_format(b, lv, p);
			first = false;
		}
}

void
contract_free(sd_contract *k)
{
	if (!k)
		return;
	free(k->customer);
	free(k->end_reason);
	free(k->note);
	free(k->who);
	for (size_t i = 0; i < k->nserials; i++)
		free(k->serials[i]);
	free(k->serials);
	memset(k, 0, sizeof *k);
}

const char *
contract_last_day(const sd_contract *k)
{
	return k->ended_on[0] ? k->ended_on : k->to_on;
}

bool
contract_runs_on(const sd_contract *k, sd_date d)
{
	sd_date from, last;

	return date_parse(k->from_on, &from) && date_parse(contract_last_day(k), &last) &&
	       from <= d && d <= last;
}

/* ---------------------------------------------------------------- reading */

#define CONTRACT_COLS \
	"SELECT k.id, c.name, k.from_on, k.to_on, k.ended_on, k.end_reason, k.visits, " \
	"k.covers_labour, k.covers_travel, k.covers_lodging, k.covers_parts, k.free_repairs, " \
	"(SELECT count(*) FROM contract_repair r WHERE r.contract_id = k.id), k.note, k.who, k.at " \
	"FROM contract k JOIN customer c ON c.id = k.customer_id "

static void
col_day(sqlite3_stmt *q, int i, char out[11])
{
	const char *s = (const char *)sqlite3_column_text(q, i);
	snprintf(out, 11, "%s", s ? s : "");
}

static void
read_contract(sqlite3_stmt *q, sd_contract *k)
{
	memset(k, 0, sizeof *k);
	k->id = sqlite3_column_int64(q, 0);
	k->customer = store_col_dup(q, 1);
	col_day(q, 2, k->from_on);
	col_day(q, 3, k->to_on);
	col_day(q, 4, k->ended_on);
	k->end_reason = store_col_dup(q, 5);
	k->visits = contract_visits_parse((const char *)sqlite3_column_text(q, 6));
	if (k->visits < 0)
		k->visits = CV_NONE;
	k->covers[COST_LABOUR] = sqlite3_column_int(q, 7) != 0;
	k->covers[COST_TRAVEL] = sqlite3_column_int(q, 8) != 0;
	k->covers[COST_LODGING] = sqlite3_column_int(q, 9) != 0;
	k->covers[COST_PARTS] = sqlite3_column_int(q, 10) != 0;
	k->free_repairs = sqlite3_column_int(q, 11);
	k->repairs_used = sqlite3_column_int(q, 12);
	k->note = store_col_dup(q, 13);
	k->who = store_col_dup(q, 14);
	const char *at = (const char *)sqlite3_column_text(q, 15);
	snprintf(k->at, sizeof k->at, "%s", at ? at : "");
}

/* The serials listed with contract k (none: all the customer's equipment). */
static int
read_serials(store *st, sd_contract *k, sd_err *err)
{
	sqlite3_stmt *q = store_prepare(st, "SELECT e.serial FROM contract_equipment x "
	                                    "JOIN equipment e ON e.id = x.equipment_id "
	                                    "WHERE x.contract_id = ? ORDER BY e.serial", err);
	int rc;

	if (!q)
		return err ? err->status : SD_INTERNAL;
	sqlite3_bind_int64(q, 1, k->id);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		k->serials = xrealloc(k->serials, (k->nserials + 1) * sizeof *k->serials);
		k->serials[k->nserials++] = store_col_dup(q, 0);
	}
	sqlite3_reset(q);
	if (rc != SQLITE_DONE)
		return store_fail(st, rc, _("reading the contracts"), err);
	return SD_OK;
}

/* Read the stored levels of contract id into lv (cleared first). */
static int
read_levels(store *st, long long id, sd_contract_levels *lv, sd_err *err)
{
	sqlite3_stmt *q = store_prepare(st, "SELECT priority, clock, due_in FROM contract_level "
	                                    "WHERE contract_id = ?", err);
	int rc;

	memset(lv, 0, sizeof *lv);
	if (!q)
		return err ? err->status : SD_INTERNAL;
	sqlite3_bind_int64(q, 1, id);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		const char *code = (const char *)sqlite3_column_text(q, 1);
		const char *v = (const char *)sqlite3_column_text(q, 2);
		int p = sqlite3_column_int(q, 0);
		int c = code ? clock_of_code(code, strlen(code)) : -1;
		sla_dur d;

		if (p < 1 || p > CONTRACT_PRIORITIES || c < 0 || !sla_dur_parse(v, &d)) {
			sqlite3_reset(q);
			return sd_err_set(err, SD_DATAERR, _("contract %lld: unreadable service level P%d %s '%s'"),
			                  id, p, code ? code : "", v ? v : "");
		}
		lv->set[p - 1][c] = true;
		lv->d[p - 1][c] = d;
	}
	sqlite3_reset(q);
	if (rc != SQLITE_DONE)
		return store_fail(st, rc, _("reading the contracts"), err);
	return SD_OK;
}

int
contract_get(store *st, long long id, sd_contract *out, sd_err *err)
{
	sqlite3_stmt *q = store_prepare(st, CONTRACT_COLS "WHERE k.id = ?", err);
	int rc;

	memset(out, 0, sizeof *out);
	if (!q)
		return err ? err->status : SD_INTERNAL;
	sqlite3_bind_int64(q, 1, id);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		read_contract(q, out);
	sqlite3_reset(q);
	if (rc == SQLITE_DONE)
		return sd_err_set(err, SD_DATAERR, _("no contract number %lld"), id);
	if (rc != SQLITE_ROW)
		return store_fail(st, rc, _("reading the contracts"), err);
	if ((rc = read_serials(st, out, err)) != SD_OK ||
	    (rc = read_levels(st, id, &out->levels, err)) != SD_OK)
		contract_free(out);
	return rc;
}

/* Run query q (bound by the caller), then fn on each contract read. */
static int
each_of(store *st, sqlite3_stmt *q, int (*fn)(const sd_contract *k, void *arg), void *arg,
        sd_err *err)
{
	sd_contract *list = NULL;
	size_t n = 0;
	int rc, ret = SD_OK;

	/* Collect first: fn may itself use the store. */
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		list = xrealloc(list, (n + 1) * sizeof *list);
		read_contract(q, &list[n++]);
	}
	sqlite3_reset(q);
	if (rc != SQLITE_DONE)
		ret = store_fail(st, rc, _("reading the contracts"), err);
	for (size_t i = 0; i < n && ret == SD_OK; i++)
		if ((ret = read_serials(st, &list[i], err)) == SD_OK)
			ret = read_levels(st, list[i].id, &list[i].levels, err);
	for (size_t i = 0; i < n; i++) {
		if (ret == SD_OK)
			ret = fn(&list[i], arg);
		contract_free(&list[i]);
	}
	free(list);
	return ret;
}

/* The id of the customer named name: >0, 0 if none, -1 on error. */
static long long
customer_id_of(store *st, const char *name, sd_err *err)
{
	sqlite3_stmt *q = store_prepare(st, "SELECT id FROM customer WHERE name = ?", err);
	long long id = 0;
	int rc;

	if (!q)
		return -1;
	sqlite3_bind_text(q, 1, name, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		id = sqlite3_column_int64(q, 0);
	sqlite3_reset(q);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		store_fail(st, rc, _("reading the customers"), err);
		return -1;
	}
	return id;
}

int
contract_each(store *st, const char *customer, sd_date running_on,
              int (*fn)(const sd_contract *k, void *arg), void *arg, sd_err *err)
{
	sqlite3_stmt *q;
	char day[11] = "";
	long long cid = 0;
	char *t = NULL;

	if (customer) {
		t = text_trim(customer);
		cid = customer_id_of(st, t, err);
		if (cid == 0)
			sd_err_set(err, SD_DATAERR, _("no customer named %s"), t);
		free(t);
		if (cid <= 0)
			return err ? err->status : SD_INTERNAL;
	}
	q = store_prepare(st, CONTRACT_COLS
	                  "WHERE (?1 IS NULL OR k.customer_id = ?1) "
	                  "AND (?2 IS NULL OR (k.from_on <= ?2 AND coalesce(k.ended_on, k.to_on) >= ?2)) "
	                  "ORDER BY k.from_on DESC, k.id DESC", err);
	if (!q)
		return err ? err->status : SD_INTERNAL;
	if (cid > 0)
		sqlite3_bind_int64(q, 1, cid);
	if (running_on != SD_DATE_NONE) {
		date_format(running_on, day);
		sqlite3_bind_text(q, 2, day, -1, SQLITE_TRANSIENT);
	}
	return each_of(st, q, fn, arg, err);
}

/* The SQL of the contracts covering equipment ?1 that run on a day in ?2..?3, oldest first. */
#define COVERING_SQL \
	CONTRACT_COLS "JOIN equipment e ON e.customer_id = k.customer_id " \
	"WHERE e.id = ?1 AND k.from_on <= ?3 AND coalesce(k.ended_on, k.to_on) >= ?2 " \
	"AND (NOT EXISTS (SELECT 1 FROM contract_equipment x WHERE x.contract_id = k.id) " \
	"  OR EXISTS (SELECT 1 FROM contract_equipment x WHERE x.contract_id = k.id " \
	"             AND x.equipment_id = e.id)) " \
	"ORDER BY k.from_on, k.id"

/* The id of the equipment with serial: >0, 0 if none, -1 on error. */
static long long
equipment_id_of(store *st, const char *serial, sd_err *err)
{
	sqlite3_stmt *q = store_prepare(st, "SELECT id FROM equipment WHERE serial = ?", err);
	long long id = 0;
	int rc;

	if (!q)
		return -1;
	sqlite3_bind_text(q, 1, serial, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		id = sqlite3_column_int64(q, 0);
	sqlite3_reset(q);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		store_fail(st, rc, _("reading the equipment"), err);
		return -1;
	}
	return id;
}

int
contract_each_covering(store *st, const char *serial, sd_date from, sd_date until,
                       int (*fn)(const sd_contract *k, void *arg), void *arg, sd_err *err)
{
	char d1[11], d2[11];
	long long eid;
	sqlite3_stmt *q;

	if (!serial)
		return SD_OK;
	if ((eid = equipment_id_of(st, serial, err)) < 0)
		return err ? err->status : SD_INTERNAL;
	if (eid == 0)
		return sd_err_set(err, SD_DATAERR, _("no equipment with serial number %s"), serial);
	if (!(q = store_prepare(st, COVERING_SQL, err)))
		return err ? err->status : SD_INTERNAL;
	date_format(from, d1);
	date_format(until, d2);
	sqlite3_bind_int64(q, 1, eid);
	sqlite3_bind_text(q, 2, d1, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 3, d2, -1, SQLITE_TRANSIENT);
	return each_of(st, q, fn, arg, err);
}

int
contract_each_for(store *st, const char *serial, sd_date on,
                  int (*fn)(const sd_contract *k, void *arg), void *arg, sd_err *err)
{
	return contract_each_covering(st, serial, on, on, fn, arg, err);
}

/*
 * The levels of the contracts running on ?3 that name clocks for priority
 * ?4, newest first day first: covering equipment ?1 (listed with it, or all
 * its owner's equipment), or with ?1 NULL a contract of customer ?2 covering
 * all its equipment.
 */
static const char levels_in_force_sql[] =
	"SELECT k.id, v.clock, v.due_in FROM contract k "
	"JOIN contract_level v ON v.contract_id = k.id AND v.priority = ?4 "
	"WHERE k.from_on <= ?3 AND coalesce(k.ended_on, k.to_on) >= ?3 AND CASE WHEN ?1 IS NOT NULL "
	"THEN k.customer_id = (SELECT customer_id FROM equipment WHERE id = ?1) "
	"  AND (NOT EXISTS (SELECT 1 FROM contract_equipment x WHERE x.contract_id = k.id) "
	"       OR EXISTS (SELECT 1 FROM contract_equipment x WHERE x.contract_id = k.id "
	"                  AND x.equipment_id = ?1)) "
	"ELSE k.customer_id = (SELECT id FROM customer WHERE name = ?2) "
	"  AND NOT EXISTS (SELECT 1 FROM contract_equipment x WHERE x.contract_id = k.id) END "
	"ORDER BY k.from_on DESC, k.id DESC";

int
contract_levels_in_force(store *st, const char *serial, const char *customer, sd_date on,
                         int priority, bool set[CLOCK_COUNT], sla_dur d[CLOCK_COUNT],
                         long long *contract_id, sd_err *err)
{
	long long eid = 0, first = 0;
	char day[11];
	sqlite3_stmt *q;
	int rc;

	for (int c = 0; c < CLOCK_COUNT; c++) {
		set[c] = false;
		d[c] = (sla_dur){ SLA_OFF, 0 };
	}
	*contract_id = 0;
	if (on == SD_DATE_NONE || priority < 1 || priority > CONTRACT_PRIORITIES)
		return SD_OK;
	if (serial && *serial && (eid = equipment_id_of(st, serial, err)) < 0)
		return err ? err->status : SD_INTERNAL;
	if (eid == 0 && !customer)
		return SD_OK;
	if (!(q = store_prepare(st, levels_in_force_sql, err)))
		return err ? err->status : SD_INTERNAL;
	date_format(on, day);
	if (eid > 0)
		sqlite3_bind_int64(q, 1, eid);
	else
		sqlite3_bind_null(q, 1);
	if (customer)
		sqlite3_bind_text(q, 2, customer, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(q, 2);
	sqlite3_bind_text(q, 3, day, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(q, 4, priority);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		long long id = sqlite3_column_int64(q, 0);
		const char *code = (const char *)sqlite3_column_text(q, 1);
		const char *v = (const char *)sqlite3_column_text(q, 2);
		int c = code ? clock_of_code(code, strlen(code)) : -1;

		if (first && id != first)
			break;
		first = id;
		if (c < 0 || !sla_dur_parse(v, &d[c])) {
			sqlite3_reset(q);
			return sd_err_set(err, SD_DATAERR, _("contract %lld: unreadable service level P%d %s '%s'"),
			                  id, priority, code ? code : "", v ? v : "");
		}
		set[c] = true;
	}
	sqlite3_reset(q);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return store_fail(st, rc, _("reading the contracts"), err);
	*contract_id = first;
	return SD_OK;
}

/* ---------------------------------------------------------------- changes */

static int
invalid(sd_err *err, const char *field, const char *problem)
{
	return sd_err_set(err, SD_DATAERR, _("%s: %s"), field, problem);
}

/* A date field: valid "YYYY-MM-DD" into *d. */
static int
check_day(const char *s, const char *field, sd_date *d, sd_err *err)
{
	if (!s || !*s)
		return invalid(err, field, _("required"));
	if (strlen(s) != 10 || !date_parse(s, d))
		return invalid(err, field, _("expected a date like 2026-11-24"));
	return SD_OK;
}

static int
check_note(const char *s, const char *field, sd_err *err)
{
	return valid_text(s, field, SD_TEXT_LONG, err);
}

static const char contract_json_sql[] =
	"SELECT json_object('id', k.id, 'customer', c.name, 'from_on', k.from_on, 'to_on', k.to_on, "
	"'ended_on', k.ended_on, 'end_reason', k.end_reason, 'visits', k.visits, "
	"'covers', json_array(k.covers_labour, k.covers_travel, k.covers_lodging, k.covers_parts), "
	"'free_repairs', k.free_repairs, 'note', k.note, "
	"'equipment', (SELECT json_group_array(e.serial) FROM contract_equipment x "
	"  JOIN equipment e ON e.id = x.equipment_id WHERE x.contract_id = k.id), "
	"'levels', (SELECT json_group_array('P' || v.priority || '=' || v.clock || ':' || v.due_in) "
	"  FROM contract_level v WHERE v.contract_id = k.id)) "
	"FROM contract k JOIN customer c ON c.id = k.customer_id WHERE k.id = ?";

static char *
contract_json(store *st, long long id)
{
	sqlite3_stmt *q = store_prepare(st, contract_json_sql, NULL);
	char *json = NULL;

	if (!q)
		return NULL;
	sqlite3_bind_int64(q, 1, id);
	if (sqlite3_step(q) == SQLITE_ROW)
		json = store_col_dup(q, 0);
	sqlite3_reset(q);
	return json;
}

static int
audit(store *st, long long id, const char *action, const char *old, const char *new,
      sd_err *err)
{
	char key[24];

	snprintf(key, sizeof key, "%lld", id);
	return store_audit(st, "contract", key, action, old, new, err);
}

static int
step_done(store *st, sqlite3_stmt *q, const char *what, sd_err *err)
{
	int rc = sqlite3_step(q);

	sqlite3_reset(q);
	if (rc != SQLITE_DONE)
		return store_fail(st, rc, what, err);
	return SD_OK;
}

/* Replace the stored levels of contract id with lv (inside the open transaction). */
static int
write_levels(store *st, long long id, const sd_contract_levels *lv, sd_err *err)
{
	sqlite3_stmt *q = store_prepare(st, "DELETE FROM contract_level WHERE contract_id = ?", err);
	char d[32];
	int rc;

	if (!q)
		return err ? err->status : SD_INTERNAL;
	sqlite3_bind_int64(q, 1, id);
	if ((rc = step_done(st, q, _("saving the contract"), err)) != SD_OK)
		return rc;
	for (int p = 1; p <= CONTRACT_PRIORITIES; p++)
		for (int c = 0; c < CLOCK_COUNT; c++) {
			if (!lv->set[p - 1][c])
				continue;
			q = store_prepare(st, "INSERT INTO contract_level (contract_id, priority, clock, due_in) "
			                      "VALUES (?, ?, ?, ?)", err);
			if (!q)
				return err ? err->status : SD_INTERNAL;
			sla_dur_format(lv->d[p - 1][c], d, sizeof d);
			sqlite3_bind_int64(q, 1, id);
			sqlite3_bind_int(q, 2, p);
			sqlite3_bind_text(q, 3, sla_clock_code(c), -1, SQLITE_STATIC);
			sqlite3_bind_text(q, 4, d, -1, SQLITE_TRANSIENT);
			if ((rc = step_done(st, q, _("saving the contract"), err)) != SD_OK)
				return rc;
		}
	return SD_OK;
}

/*
 * The due times of the open entries of the customer of contract id, as its
 * levels now say (inside the open transaction). Only when a contract with
 * levels (before or after the change) was touched.
 */
static int
refresh_dues(store *st, const char *customer, sd_err *err)
{
	return ledger_dues_refresh(st, 0, customer, NULL, err);
}

int
contract_add(store *st, const sd_contract *k, long long *id_out, sd_err *err)
{
	sd_date from, to;
	char now[17];
	char *customer = NULL, *note = NULL, *json = NULL;
	long long cid, id = 0;
	long long *eids = NULL;
	sqlite3_stmt *q;
	int rc;

	sd_err_clear(err);
	if ((rc = staff_permit_self(st, ACT_CONTRACT_CHANGE, err)) != SD_OK)
		return rc;
	customer = text_trim_or_null(k->customer);
	note = text_trim_or_null(k->note);
	if (!customer) {
		rc = invalid(err, _("customer"), _("required"));
		goto out;
	}
	if ((rc = check_day(k->from_on, _("from"), &from, err)) != SD_OK ||
	    (rc = check_day(k->to_on, _("to"), &to, err)) != SD_OK ||
	    (rc = check_note(note, _("note"), err)) != SD_OK)
		goto out;
	if (to < from) {
		rc = invalid(err, _("to"), _("earlier than the first day"));
		goto out;
	}
	if (k->visits < 0 || k->visits >= CV_COUNT) {
		rc = invalid(err, _("visits"), _("must be quarterly, monthly or none"));
		goto out;
	}
	if (k->free_repairs < 0 || k->free_repairs > 100) {
		rc = invalid(err, _("free repairs"), _("must be a number from 0 to 100"));
		goto out;
	}
	if ((rc = store_begin(st, err)) != SD_OK)
		goto out;
	if ((cid = customer_id_of(st, customer, err)) <= 0) {
		if (cid == 0) {
			char msg[512];
			snprintf(msg, sizeof msg, _("no customer named %s (add the customer first)"), customer);
			invalid(err, _("customer"), msg);
		}
		goto fail;
	}
	eids = xcalloc(k->nserials + 1, sizeof *eids);
	for (size_t i = 0; i < k->nserials; i++) {
		char *s = text_trim(k->serials[i] ? k->serials[i] : "");
		q = store_prepare(st, "SELECT id, customer_id FROM equipment WHERE serial = ?", err);
		if (!q) {
			free(s);
			goto fail;
		}
		sqlite3_bind_text(q, 1, s, -1, SQLITE_TRANSIENT);
		rc = sqlite3_step(q);
		long long eid = rc == SQLITE_ROW ? sqlite3_column_int64(q, 0) : 0;
		long long owner = rc == SQLITE_ROW ? sqlite3_column_int64(q, 1) : 0;
		sqlite3_reset(q);
		if (eid == 0 || owner != cid) {
			char msg[512];
			if (eid == 0)
				snprintf(msg, sizeof msg, _("no equipment with serial number %s"), s);
			else
				snprintf(msg, sizeof msg, _("%s is not equipment of %s"), s, customer);
			invalid(err, _("equipment"), msg);
			free(s);
			goto fail;
		}
		for (size_t j = 0; j < i; j++)
			if (eids[j] == eid) {
				char msg[512];
				snprintf(msg, sizeof msg, _("%s is named twice"), s);
				invalid(err, _("equipment"), msg);
				free(s);
				goto fail;
			}
		eids[i] = eid;
		free(s);
	}
	store_now(now);
	q = store_prepare(st, "INSERT INTO contract (customer_id, from_on, to_on, visits, covers_labour, "
	                      "covers_travel, covers_lodging, covers_parts, free_repairs, note, who, at) "
	                      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", err);
	if (!q)
		goto fail;
	sqlite3_bind_int64(q, 1, cid);
	sqlite3_bind_text(q, 2, k->from_on, 10, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 3, k->to_on, 10, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 4, contract_visits_code(k->visits), -1, SQLITE_STATIC);
	sqlite3_bind_int(q, 5, k->covers[COST_LABOUR]);
	sqlite3_bind_int(q, 6, k->covers[COST_TRAVEL]);
	sqlite3_bind_int(q, 7, k->covers[COST_LODGING]);
	sqlite3_bind_int(q, 8, k->covers[COST_PARTS]);
	sqlite3_bind_int(q, 9, k->free_repairs);
	if (note)
		sqlite3_bind_text(q, 10, note, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(q, 10);
	sqlite3_bind_text(q, 11, store_user(st), -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 12, now, -1, SQLITE_TRANSIENT);
	if (step_done(st, q, _("saving the contract"), err) != SD_OK)
		goto fail;
	id = sqlite3_last_insert_rowid(store_db(st));
	for (size_t i = 0; i < k->nserials; i++) {
		q = store_prepare(st, "INSERT INTO contract_equipment (contract_id, equipment_id) VALUES (?, ?)",
		                  err);
		if (!q)
			goto fail;
		sqlite3_bind_int64(q, 1, id);
		sqlite3_bind_int64(q, 2, eids[i]);
		if (step_done(st, q, _("saving the contract"), err) != SD_OK)
			goto fail;
	}
	if (write_levels(st, id, &k->levels, err) != SD_OK)
		goto fail;
	json = contract_json(st, id);
	if (audit(st, id, "insert", NULL, json, err) != SD_OK)
		goto fail;
	if (contract_levels_any(&k->levels, 0) && refresh_dues(st, customer, err) != SD_OK)
		goto fail;
	if ((rc = store_commit(st, err)) != SD_OK)
		goto out;
	if (id_out)
		*id_out = id;
	rc = SD_OK;
	goto out;
fail:
	store_rollback(st);
	rc = err && err->status ? err->status : SD_INTERNAL;
out:
	free(eids);
	free(json);
	free(customer);
	free(note);
	return rc;
}

/* Begin a change of contract id: permission, transaction, the contract as read. */
static int
change_begin(store *st, long long id, sd_contract *k, char **old, sd_err *err)
{
	int rc;

	sd_err_clear(err);
	memset(k, 0, sizeof *k);
	*old = NULL;
	if ((rc = staff_permit_self(st, ACT_CONTRACT_CHANGE, err)) != SD_OK)
		return rc;
	if ((rc = store_begin(st, err)) != SD_OK)
		return rc;
	if ((rc = contract_get(st, id, k, err)) != SD_OK) {
		store_rollback(st);
		return rc;
	}
	*old = contract_json(st, id);
	return SD_OK;
}

static int
change_end(store *st, long long id, const char *action, sd_contract *k, char *old, int rc,
           bool levels_changed, sd_err *err)
{
	char *new = NULL;

	if (rc == SD_OK) {
		new = contract_json(st, id);
		rc = audit(st, id, action, old, new, err);
	}
	/* the levels before the change (k) or after it feed the due times */
	if (rc == SD_OK && levels_changed)
		rc = refresh_dues(st, k->customer, err);
	if (rc == SD_OK)
		rc = store_commit(st, err);
	else
		store_rollback(st);
	free(new);
	free(old);
	contract_free(k);
	return rc;
}

int
contract_end(store *st, long long id, const char *on, const char *reason, sd_err *err)
{
	sd_contract k;
	sd_date d, from, to;
	char *old, *why = NULL;
	sqlite3_stmt *q;
	int rc;

	if ((rc = change_begin(st, id, &k, &old, err)) != SD_OK)
		return rc;
	why = text_trim_or_null(reason);
	if (k.ended_on[0]) {
		char msg[256];
		snprintf(msg, sizeof msg, _("contract %lld already ended on %s"), id, k.ended_on);
		rc = sd_err_set(err, SD_DATAERR, "%s", msg);
	} else if ((rc = check_day(on, _("end date"), &d, err)) != SD_OK ||
	           (rc = check_note(why, _("reason"), err)) != SD_OK) {
		/* rc set */
	} else if (!date_parse(k.from_on, &from) || !date_parse(k.to_on, &to) || d < from || d > to) {
		char msg[256];
		snprintf(msg, sizeof msg, _("must be between %s and %s"), k.from_on, k.to_on);
		rc = invalid(err, _("end date"), msg);
	} else if ((q = store_prepare(st, "UPDATE contract SET ended_on = ?, end_reason = ?, "
	                                  "version = version + 1 WHERE id = ?", err)) == NULL) {
		rc = err->status;
	} else {
		sqlite3_bind_text(q, 1, on, 10, SQLITE_TRANSIENT);
		if (why)
			sqlite3_bind_text(q, 2, why, -1, SQLITE_TRANSIENT);
		else
			sqlite3_bind_null(q, 2);
		sqlite3_bind_int64(q, 3, id);
		rc = step_done(st, q, _("saving the contract"), err);
	}
	free(why);
	return change_end(st, id, "end", &k, old, rc, contract_levels_any(&k.levels, 0), err);
}

int
contract_renew(store *st, long long id, const char *to, sd_err *err)
{
	return contract_renew_levels(st, id, to, NULL, err);
}

int
contract_renew_levels(store *st, long long id, const char *to, const sd_contract_levels *levels,
                      sd_err *err)
{
	sd_contract k;
	sd_date d, cur;
	char *old;
	sqlite3_stmt *q;
	int rc;

	if ((rc = change_begin(st, id, &k, &old, err)) != SD_OK)
		return rc;
	if (k.ended_on[0]) {
		rc = sd_err_set(err, SD_DATAERR,
		                _("contract %lld ended on %s: add a new contract instead"), id, k.ended_on);
	} else if ((rc = check_day(to, _("to"), &d, err)) != SD_OK) {
		/* rc set */
	} else if (!date_parse(k.to_on, &cur) || d <= cur) {
		char msg[256];
		snprintf(msg, sizeof msg, _("must be later than the present last day %s"), k.to_on);
		rc = invalid(err, _("to"), msg);
	} else if ((q = store_prepare(st, "UPDATE contract SET to_on = ?, version = version + 1 "
	                                  "WHERE id = ?", err)) == NULL) {
		rc = err->status;
	} else {
		sqlite3_bind_text(q, 1, to, 10, SQLITE_TRANSIENT);
		sqlite3_bind_int64(q, 2, id);
		rc = step_done(st, q, _("saving the contract"), err);
	}
	if (rc == SD_OK && levels)
		rc = write_levels(st, id, levels, err);
	/* a renewal lengthens the days of cover: entries received after the old last day may now fall under it */
	return change_end(st, id, "renew", &k, old, rc,
	                  contract_levels_any(&k.levels, 0) || (levels && contract_levels_any(levels, 0)), err);
}

/* ---------------------------------------------------------------- who pays */

struct billing {
	int cost;
	long long covering;         /* first contract covering the cost type */
	long long with_repairs;     /* first contract with free repairs left */
	int granted, used;          /* of with_repairs */
};

static int
billing_each(const sd_contract *k, void *arg)
{
	struct billing *b = arg;

	if (b->covering == 0 && k->covers[b->cost])
		b->covering = k->id;
	if (b->with_repairs == 0 && k->repairs_used < k->free_repairs) {
		b->with_repairs = k->id;
		b->granted = k->free_repairs;
		b->used = k->repairs_used;
	}
	return 0;
}

int
contract_billing(store *st, long long ledger_id, const char *serial, sd_date on, int cost,
                 const warranty_status *ws, bool *charged, sd_cover *cover, sd_err *err)
{
	struct billing b = { .cost = cost };
	sqlite3_stmt *q;
	long long eid;
	int rc;

	memset(cover, 0, sizeof *cover);
	*charged = ws ? ws->charged[cost] : true;
	if (!serial || (eid = equipment_id_of(st, serial, err)) == 0)
		return SD_OK;
	if (eid < 0)
		return err ? err->status : SD_INTERNAL;
	if ((rc = contract_each_for(st, serial, on, billing_each, &b, err)) != SD_OK)
		return rc;
	/* 1. a running contract covering the cost type */
	if (b.covering) {
		*charged = false;
		cover->contract_id = b.covering;
		return SD_OK;
	}
	/* 2. the tier does not charge it, or parts (never part of a free repair) */
	if (!*charged || cost == COST_PARTS)
		return SD_OK;
	/* 3. the entry's free repair, taken before or now */
	q = store_prepare(st, "SELECT r.contract_id, k.free_repairs, "
	                      "(SELECT count(*) FROM contract_repair r2 WHERE r2.contract_id = r.contract_id "
	                      " AND r2.ledger_id <= r.ledger_id) "
	                      "FROM contract_repair r JOIN contract k ON k.id = r.contract_id "
	                      "WHERE r.ledger_id = ?", err);
	if (!q)
		return err ? err->status : SD_INTERNAL;
	sqlite3_bind_int64(q, 1, ledger_id);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		cover->contract_id = sqlite3_column_int64(q, 0);
		cover->free_repairs = sqlite3_column_int(q, 1);
		cover->repair_no = sqlite3_column_int(q, 2);
	}
	sqlite3_reset(q);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(st, rc, _("reading the contracts"), err);
	if (rc == SQLITE_ROW) {
		*charged = false;
		cover->free_repair = true;
		return SD_OK;
	}
	if (b.with_repairs == 0)
		return SD_OK;
	char now[17];
	store_now(now);
	q = store_prepare(st, "INSERT INTO contract_repair (ledger_id, contract_id, at) VALUES (?, ?, ?)",
	                  err);
	if (!q)
		return err ? err->status : SD_INTERNAL;
	sqlite3_bind_int64(q, 1, ledger_id);
	sqlite3_bind_int64(q, 2, b.with_repairs);
	sqlite3_bind_text(q, 3, now, -1, SQLITE_TRANSIENT);
	if ((rc = step_done(st, q, _("saving the free repair"), err)) != SD_OK)
		return rc;
	*charged = false;
	cover->contract_id = b.with_repairs;
	cover->free_repair = true;
	cover->free_repairs = b.granted;
	cover->repair_no = b.used + 1;
	return SD_OK;
}

void
contract_cover_text(buf *b, long long contract_id, bool free_repair)
{
	if (contract_id <= 0)
		return;
	if (free_repair)
		/* TRANSLATORS: contract number. */
		buf_printf(b, _("free repair under contract %lld"), contract_id);
	else
		/* TRANSLATORS: contract number. */
		buf_printf(b, _("under contract %lld"), contract_id);
}

void
contract_charge_text(buf *b, int tier, long long contract_id, bool free_repair)
{
	buf_puts(b, warranty_tier_name(tier));
	if (contract_id > 0) {
		buf_puts(b, _("; "));
		contract_cover_text(b, contract_id, free_repair);
	}
}

/* ---------------------------------------------------------------- ending soon */

const char *
contract_expiring_kind_code(int kind)
{
	return kind == EXP_CONTRACT ? "contract" : "warranty";
}

const char *
contract_expiring_kind_name(int kind)
{
	return kind == EXP_CONTRACT ? _("contract") : _("warranty");
}

struct exp_item {
	sd_expiring x;
	char *customer, *serial;
};

static int
cmp_exp(const void *a, const void *b)
{
	const sd_expiring *x = &((const struct exp_item *)a)->x, *y = &((const struct exp_item *)b)->x;
	int c;

	if (x->ends != y->ends)
		return x->ends < y->ends ? -1 : 1;
	if ((c = strcmp(x->customer, y->customer)) != 0)
		return c;
	if (x->kind != y->kind)
		return x->kind - y->kind;
	if (x->kind == EXP_WARRANTY)
		return strcmp(x->serial, y->serial);
	return (x->contract_id > y->contract_id) - (x->contract_id < y->contract_id);
}

int
contract_expiring(store *st, sd_date from, int days,
                  int (*fn)(const sd_expiring *x, void *arg), void *arg, long *count, sd_err *err)
{
	struct exp_item *v = NULL;
	size_t n = 0;
	sd_date to = from + days;
	char d1[11], d2[11];
	sqlite3_stmt *q;
	int rc, ret = SD_OK;
	char **serials = NULL, **owners = NULL;
	size_t ns = 0;

	if (count)
		*count = 0;
	/* the equipment first (equipment_warranty uses the store) */
	q = store_prepare(st, "SELECT e.serial, c.name FROM equipment e JOIN customer c ON c.id = e.customer_id "
	                      "WHERE e.commissioned_on IS NOT NULL OR e.accepted_on IS NOT NULL", err);
	if (!q)
		return err ? err->status : SD_INTERNAL;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		serials = xrealloc(serials, (ns + 1) * sizeof *serials);
		owners = xrealloc(owners, (ns + 1) * sizeof *owners);
		serials[ns] = store_col_dup(q, 0);
		owners[ns] = store_col_dup(q, 1);
		ns++;
	}
	sqlite3_reset(q);
	if (rc != SQLITE_DONE)
		ret = store_fail(st, rc, _("reading the equipment"), err);
	for (size_t i = 0; i < ns; i++) {
		warranty_status w;
		if (ret == SD_OK && (ret = equipment_warranty(st, serials[i], from, &w, NULL, err)) == SD_OK &&
		    w.end != SD_DATE_NONE && w.end >= from && w.end <= to) {
			v = xrealloc(v, (n + 1) * sizeof *v);
			memset(&v[n], 0, sizeof v[n]);
			v[n].x.kind = EXP_WARRANTY;
			v[n].x.ends = w.end;
			v[n].customer = owners[i];
			v[n].serial = serials[i];
			owners[i] = serials[i] = NULL;
			n++;
		}
		free(serials[i]);
		free(owners[i]);
	}
	free(serials);
	free(owners);
	/* the contracts whose last day of cover falls in the days */
	date_format(from, d1);
	date_format(to, d2);
	if (ret == SD_OK &&
	    (q = store_prepare(st, "SELECT k.id, c.name, coalesce(k.ended_on, k.to_on), k.ended_on IS NOT NULL "
	                           "FROM contract k JOIN customer c ON c.id = k.customer_id "
	                           "WHERE coalesce(k.ended_on, k.to_on) BETWEEN ?1 AND ?2", err)) == NULL)
		ret = err ? err->status : SD_INTERNAL;
	if (ret == SD_OK) {
		sqlite3_bind_text(q, 1, d1, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(q, 2, d2, -1, SQLITE_TRANSIENT);
		while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
			sd_date last;
			if (!date_parse((const char *)sqlite3_column_text(q, 2), &last))
				continue;
			v = xrealloc(v, (n + 1) * sizeof *v);
			memset(&v[n], 0, sizeof v[n]);
			v[n].x.kind = EXP_CONTRACT;
			v[n].x.ends = last;
			v[n].x.contract_id = sqlite3_column_int64(q, 0);
			v[n].x.ended_early = sqlite3_column_int(q, 3) != 0;
			v[n].customer = store_col_dup(q, 1);
			n++;
		}
		sqlite3_reset(q);
		if (rc != SQLITE_DONE)
			ret = store_fail(st, rc, _("reading the contracts"), err);
	}
	for (size_t i = 0; i < n; i++) {
		v[i].x.customer = v[i].customer ? v[i].customer : "";
		v[i].x.serial = v[i].serial;
	}
	if (n > 1)
		qsort(v, n, sizeof *v, cmp_exp);
	if (count && ret == SD_OK)
		*count = (long)n;
	for (size_t i = 0; i < n; i++) {
		if (ret == SD_OK && fn)
			ret = fn(&v[i].x, arg);
		free(v[i].customer);
		free(v[i].serial);
	}
	free(v);
	return ret;
}
