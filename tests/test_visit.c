/*
 * test_visit.c — the follow-up visit schedule (visit.c, visit_plan.c): the
 * rules' parameters, the date arithmetic (month ends, 29 February, holidays
 * moving a due date), each rule's occurrences, planning (no backlog for
 * equipment delivered long ago, idempotent, re-planning after a rule
 * changed, done and hand-moved visits kept, quality calls after a ledger
 * entry closed, key customers), the outcomes and their refusals, the
 * optimistic check, the visit that opens a request, permissions, paging
 * and the month calendar.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "buf.h"
#include "customer.h"
#include "intake.h"
#include "staff.h"
#include "store.h"
#include "visit.h"
#include "workcal.h"

#define OK(call) do { if ((call) != SD_OK) fail_msg("%s: %s", #call, err.msg); } while (0)

static char dir[] = "/tmp/servdesk-visit-XXXXXX";
static int nfiles;

struct fixture {
	char *path;
	store *st;
};

static const struct {
	const char *login, *name;
	int role;
} people[] = {
	{ "liuyang", "刘洋", ROLE_SUPERVISOR },
	{ "wangli", "王丽", ROLE_OPERATOR },
	{ "zhangwei", "张伟", ROLE_ENGINEER },
	{ "zhougang", "周刚", ROLE_STOREKEEPER },
};

static sd_date
D(const char *s)
{
	sd_date d = 0;

	if (!date_parse(s, &d))
		fail_msg("bad date %s", s);
	return d;
}

static const char *
S(sd_date d)
{
	static char out[4][11];
	static int i;

	i = (i + 1) % 4;
	date_format(d, out[i]);
	return out[i];
}

static workcal *
builtin(void)
{
	workcal *cal = NULL;
	sd_err err;

	OK(workcal_parse("built-in", workcal_builtin_text(), &cal, &err));
	return cal;
}

static int
setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof *f);
	buf b = { 0 };
	sd_err err;

	setenv("SERVDESK_NOW", "2025-09-20 10:00", 1);
	buf_printf(&b, "%s/f%d.db", dir, ++nfiles);
	f->path = buf_steal(&b);
	if (store_open(f->path, STORE_OPEN_CREATE, "liuyang", &f->st, &err) != SD_OK)
		return -1;
	for (size_t i = 0; i < SD_ARRAY_LEN(people); i++) {
		sd_staff s = { .login = (char *)people[i].login, .name = (char *)people[i].name,
		               .role = people[i].role, .active = true };
		if (staff_put(f->st, &s, &err) != SD_OK)
			return -1;
	}
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	store_close(f->st);
	free(f->path);
	free(f);
	return 0;
}

static void
add_customer(store *st, const char *name, bool key)
{
	sd_customer c = { .name = (char *)name, .key_customer = key, .contact = (char *)"吴振华",
	                  .phone = (char *)"0512-58639752" };
	sd_err err;

	OK(customer_put(st, &c, &err));
}

static void
add_equipment(store *st, const char *customer, const char *serial, const char *delivered,
              const char *commissioned)
{
	sd_equipment e = { .customer = (char *)customer, .serial = (char *)serial,
	                   .model = (char *)"高压无气喷涂机" };
	sd_err err;

	snprintf(e.delivered_on, sizeof e.delivered_on, "%s", delivered ? delivered : "");
	snprintf(e.commissioned_on, sizeof e.commissioned_on, "%s", commissioned ? commissioned : "");
	OK(equipment_put(st, &e, &err));
}

/* One integer from SQL. */
static long long
q1(store *st, const char *sql)
{
	sqlite3_stmt *q;
	long long v = -1;

	assert_int_equal(sqlite3_prepare_v2(store_db(st), sql, -1, &q, NULL), SQLITE_OK);
	if (sqlite3_step(q) == SQLITE_ROW)
		v = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	return v;
}

/* One text from SQL (malloc'd, "" if none). */
static char *
qs(store *st, const char *sql)
{
	sqlite3_stmt *q;
	char *v = NULL;

	assert_int_equal(sqlite3_prepare_v2(store_db(st), sql, -1, &q, NULL), SQLITE_OK);
	if (sqlite3_step(q) == SQLITE_ROW && sqlite3_column_text(q, 0))
		v = xstrdup((const char *)sqlite3_column_text(q, 0));
	sqlite3_finalize(q);
	return v ? v : xstrdup("");
}

/* The whole visit table as text, for "unchanged" checks. */
static char *
dump(store *st)
{
	return qs(st, "SELECT group_concat(x, char(10)) FROM (SELECT id || '|' || plan_key || '|' || "
	              "due_on || '|' || status || '|' || version || '|' || moved AS x FROM visit ORDER BY id)");
}

/* ---------------------------------------------------------------- parameters */

static void
test_params(void **state)
{
	sd_visit_rule r;
	sd_err err;
	buf b = { 0 };

	(void)state;
	OK(visit_params_parse(" { \"weekly_months\" : 6 , \"every_months\":3 } ", &r, &err));
	assert_int_equal(r.nparams, 2);
	assert_int_equal(visit_rule_param(&r, "weekly_months", 0), 6);
	assert_int_equal(visit_rule_param(&r, "every_months", 0), 3);
	assert_int_equal(visit_rule_param(&r, "months", 42), 42);
	visit_params_format(&r, &b);
	assert_string_equal(buf_str(&b), "{\"weekly_months\":6,\"every_months\":3}");
	buf_free(&b);
	OK(visit_params_parse("{}", &r, &err));
	assert_int_equal(r.nparams, 0);
	OK(visit_params_parse("{\"a\":-5}", &r, &err));
	assert_int_equal(visit_rule_param(&r, "a", 0), -5);

	static const char *const bad[] = {
		"", "[]", "{\"a\":}", "{\"a\":1,}", "{\"a\":1", "{\"a\":\"x\"}", "{\"a\":1.5}",
		"{a:1}", "{\"a\":1} x", "{\"a\":1,\"a\":2}", "{\"a\":12345678}", "{\"a b\":1}",
		"{\"a\":1,\"b\":2,\"c\":3,\"d\":4,\"e\":5}",
	};
	for (size_t i = 0; i < SD_ARRAY_LEN(bad); i++) {
		sd_err_clear(&err);
		if (visit_params_parse(bad[i], &r, &err) != SD_DATAERR)
			fail_msg("accepted %s", bad[i]);
		assert_non_null(strstr(err.msg, "parameters"));
	}
}

/* ---------------------------------------------------------------- dates */

static void
test_dates(void **state)
{
	workcal *cal = builtin();
	sd_visit_rule r = { .kind = VK_PHONE_FOLLOWUP, .active = true, .nparams = 1 };
	sd_visit_occ occ[8];

	(void)state;
	/* National Day: 2025-10-01..08 off, 10-09 the next working day */
	assert_string_equal(S(visit_next_workday(cal, D("2025-10-01"))), "2025-10-09");
	assert_string_equal(S(visit_next_workday(cal, D("2025-10-09"))), "2025-10-09");
	/* a weekend day worked in exchange (调休) counts */
	assert_string_equal(S(visit_next_workday(cal, D("2025-10-11"))), "2025-10-11");
	assert_string_equal(S(visit_next_workday(cal, D("2025-09-27"))), "2025-09-28");
	/* three working days after a Friday close */
	assert_string_equal(S(visit_add_workdays(cal, D("2025-09-19"), 3)), "2025-09-24");
	assert_string_equal(S(visit_add_workdays(cal, D("2025-09-29"), 3)), "2025-10-10");

	snprintf(r.param[0].name, sizeof r.param[0].name, "months");
	r.param[0].value = 1;
	/* one month after 31 January is the last day of February */
	assert_int_equal(visit_rule_dates(&r, D("2025-01-31"), D("2025-01-01"), D("2025-12-31"),
	                                  cal, occ, 8), 1);
	assert_string_equal(S(occ[0].due), "2025-02-28");
	assert_string_equal(occ[0].occ, "1");
	/* leap year: 29 February 2024, a Thursday */
	assert_int_equal(visit_rule_dates(&r, D("2024-01-31"), D("2024-01-01"), D("2024-12-31"),
	                                  cal, occ, 8), 1);
	assert_string_equal(S(occ[0].due), "2024-02-29");
	/* one month after 1 September 2025 is 1 October: a holiday, so 9 October */
	assert_int_equal(visit_rule_dates(&r, D("2025-09-01"), D("2025-09-01"), D("2025-12-31"),
	                                  cal, occ, 8), 1);
	assert_string_equal(S(occ[0].due), "2025-10-09");
	/* outside the horizon, or an inactive rule: nothing */
	assert_int_equal(visit_rule_dates(&r, D("2025-09-01"), D("2025-10-10"), D("2025-12-31"),
	                                  cal, occ, 8), 0);
	r.active = false;
	assert_int_equal(visit_rule_dates(&r, D("2025-09-01"), D("2025-09-01"), D("2025-12-31"),
	                                  cal, occ, 8), 0);
	workcal_free(cal);
}

static void
test_maintenance_dates(void **state)
{
	workcal *cal = builtin();
	sd_visit_rule r = { .kind = VK_MAINTENANCE, .active = true, .nparams = 2 };
	sd_visit_occ occ[64];
	int n, weekly = 0;

	(void)state;
	snprintf(r.param[0].name, sizeof r.param[0].name, "weekly_months");
	r.param[0].value = 6;
	snprintf(r.param[1].name, sizeof r.param[1].name, "every_months");
	r.param[1].value = 3;
	/* commissioned Monday 2026-03-02 (2026 is in the calendar) */
	n = visit_rule_dates(&r, D("2026-03-02"), D("2026-03-02"), D("2027-03-02"), cal, occ, 64);
	for (int i = 0; i < n; i++) {
		if (occ[i].occ[0] == 'w')
			weekly++;
		assert_true(workcal_is_workday(cal, occ[i].due));
		if (i)
			assert_true(occ[i].due > occ[i - 1].due);
	}
	/* weekly through the first half year: weeks 1..26 (those on one holiday merge) */
	assert_true(weekly >= 23 && weekly <= 26);
	assert_string_equal(occ[0].occ, "w1");
	assert_string_equal(S(occ[0].due), "2026-03-09");
	/* then every three months from the end of the half year */
	assert_string_equal(occ[weekly].occ, "q0");
	assert_string_equal(S(occ[weekly].due), "2026-09-02");
	assert_string_equal(occ[weekly + 1].occ, "q1");
	assert_string_equal(S(occ[weekly + 1].due), "2026-12-02");
	assert_string_equal(occ[weekly + 2].occ, "q2");
	assert_string_equal(S(occ[weekly + 2].due), "2027-03-02");
	assert_int_equal(n, weekly + 3);

	/* long ago: only from `from` on, numbered from the anchor */
	n = visit_rule_dates(&r, D("2019-05-31"), D("2025-09-20"), D("2026-09-19"), cal, occ, 64);
	assert_int_equal(n, 4);
	/* 31 May + 78 months: 30 November 2025, a Sunday */
	assert_string_equal(S(occ[0].due), "2025-12-01");
	assert_string_equal(occ[0].occ, "q24");
	/* 28 February 2026 is a Saturday worked in exchange (调休) */
	assert_string_equal(S(occ[1].due), "2026-02-28");
	workcal_free(cal);
}

static void
test_yearly_dates(void **state)
{
	workcal *cal = builtin();
	sd_visit_rule r = { .kind = VK_KEY_CUSTOMER, .active = true, .nparams = 1 };
	sd_visit_occ occ[16];
	int n;

	(void)state;
	snprintf(r.param[0].name, sizeof r.param[0].name, "every_months");
	r.param[0].value = 12;
	n = visit_rule_dates(&r, D("2020-02-29"), D("2025-01-01"), D("2026-12-31"), cal, occ, 16);
	assert_int_equal(n, 2);
	/* 29 February + 12 months: 28 February (a Friday in 2025, a Saturday worked in 2026) */
	assert_string_equal(S(occ[0].due), "2025-02-28");
	assert_string_equal(occ[0].occ, "5");
	assert_string_equal(S(occ[1].due), "2026-02-28");
	assert_string_equal(occ[1].occ, "6");
	workcal_free(cal);
}

/* ---------------------------------------------------------------- planning */

static void
test_plan_long_ago(void **state)
{
	struct fixture *f = *state;
	sd_visit_plan_result res;
	sd_err err;

	add_customer(f->st, "沙洲纺织", false);
	add_equipment(f->st, "沙洲纺织", "SZ-2019-01", "2019-05-31", NULL);
	OK(visit_plan(f->st, "2026-09-19", &res, &err));
	assert_string_equal(res.from, "2025-09-20");
	assert_string_equal(res.until, "2026-09-19");
	/* no backlog: nothing before today, no phone follow-up six years late */
	assert_int_equal(q1(f->st, "SELECT count(*) FROM visit WHERE due_on < '2025-09-20'"), 0);
	assert_int_equal(q1(f->st, "SELECT count(*) FROM visit WHERE kind = 'phone_followup'"), 0);
	/* delivered only: its warranty is not known and no contract covers it: no maintenance */
	assert_int_equal(q1(f->st, "SELECT count(*) FROM visit WHERE kind = 'maintenance'"), 0);
	/* a satisfaction survey a year: on 31 May 2026 (a Sunday) -> 1 June */
	assert_int_equal(q1(f->st, "SELECT count(*) FROM visit WHERE kind = 'survey' "
	                           "AND due_on = '2026-06-01' AND plan_key = 'survey:c00000001:7'"), 1);
	/* not a key customer */
	assert_int_equal(q1(f->st, "SELECT count(*) FROM visit WHERE kind = 'key_customer'"), 0);
	assert_int_equal(res.created, q1(f->st, "SELECT count(*) FROM visit"));
	assert_int_equal(q1(f->st, "SELECT count(*) FROM audit WHERE tbl = 'visit' AND rowkey = 'plan'"), 1);
}

static void
test_plan_idempotent(void **state)
{
	struct fixture *f = *state;
	sd_visit_plan_result res;
	char *a, *b;
	sd_err err;

	add_customer(f->st, "江苏驰耐特防腐科技有限公司", true);
	add_customer(f->st, "沙洲纺织", false);
	add_equipment(f->st, "江苏驰耐特防腐科技有限公司", "CNT-01", "2025-08-31", "2025-09-10");
	add_equipment(f->st, "沙洲纺织", "SZ-01", "2020-01-15", NULL);
	OK(visit_plan(f->st, NULL, &res, &err));
	assert_string_equal(res.until, "2025-12-19");
	assert_true(res.created > 10);
	a = dump(f->st);
	OK(visit_plan(f->st, NULL, &res, &err));
	assert_int_equal(res.created, 0);
	assert_int_equal(res.moved, 0);
	assert_int_equal(res.removed, 0);
	b = dump(f->st);
	assert_string_equal(a, b);
	free(b);
	/* a shorter horizon removes nothing */
	OK(visit_plan(f->st, "2025-09-30", &res, &err));
	assert_int_equal(res.removed, 0);
	assert_string_equal(res.until, "2025-12-17");   /* the latest visit planned */
	b = dump(f->st);
	assert_string_equal(a, b);
	free(a);
	free(b);
	/* the phone follow-up one month after 31 August: 30 September */
	assert_int_equal(q1(f->st, "SELECT count(*) FROM visit WHERE plan_key = 'phone_followup:e00000001:1' "
	                           "AND due_on = '2025-09-30' AND method = 'phone'"), 1);
	/* week 3 (1 October) and week 4 (8 October) both fall in the holiday: one visit on the 9th */
	assert_int_equal(q1(f->st, "SELECT count(*) FROM visit WHERE equipment_id = 1 AND "
	                           "due_on = '2025-10-09'"), 1);
	assert_int_equal(q1(f->st, "SELECT count(*) FROM visit WHERE due_on BETWEEN '2025-10-01' "
	                           "AND '2025-10-08'"), 0);
	/* a horizon before today, or not a date */
	assert_int_equal(visit_plan(f->st, "2025-09-01", &res, &err), SD_DATAERR);
	assert_int_equal(visit_plan(f->st, "2025-13-01", &res, &err), SD_DATAERR);
}

static void
test_plan_rule_change(void **state)
{
	struct fixture *f = *state;
	sd_visit_plan_result res;
	const char *names[2] = { "weekly_months", "every_months" };
	long values[2] = { 0, 2 };
	sd_visit v;
	sd_err err;
	long long done_id, moved_id, planned_before;
	char *done_row, *moved_row, *sql;
	buf b = { 0 };

	add_customer(f->st, "沙洲纺织", false);
	add_equipment(f->st, "沙洲纺织", "SZ-01", "2025-09-01", "2025-09-05");
	OK(visit_plan(f->st, "2025-12-31", &res, &err));
	planned_before = q1(f->st, "SELECT count(*) FROM visit WHERE kind = 'maintenance'");
	assert_true(planned_before > 10);
	done_id = q1(f->st, "SELECT id FROM visit WHERE plan_key = 'maintenance:e00000001:w3'");
	moved_id = q1(f->st, "SELECT id FROM visit WHERE plan_key = 'maintenance:e00000001:w5'");
	OK(visit_done(f->st, done_id, -1, 4, -1, "压力正常", "服务及时", &err));
	OK(visit_move(f->st, moved_id, -1, "2025-10-20", &err));
	buf_printf(&b, "SELECT id||status||due_on||version FROM visit WHERE id = %lld", done_id);
	done_row = qs(f->st, buf_str(&b));
	buf_reset(&b);
	buf_printf(&b, "SELECT id||status||due_on||version FROM visit WHERE id = %lld", moved_id);
	moved_row = qs(f->st, buf_str(&b));
	buf_reset(&b);

	/* no weekly period any more; every two months */
	OK(visit_rule_set(f->st, "maintenance", -1, names, values, 2, &err));
	OK(visit_plan(f->st, "2025-12-31", &res, &err));
	assert_true(res.removed > 0);
	/* the done visit and the hand-moved one keep their rows */
	buf_printf(&b, "SELECT id||status||due_on||version FROM visit WHERE id = %lld", done_id);
	sql = qs(f->st, buf_str(&b));
	assert_string_equal(sql, done_row);
	free(sql);
	buf_reset(&b);
	buf_printf(&b, "SELECT id||status||due_on||version FROM visit WHERE id = %lld", moved_id);
	sql = qs(f->st, buf_str(&b));
	assert_string_equal(sql, moved_row);
	free(sql);
	buf_free(&b);
	OK(visit_get(f->st, moved_id, &v, &err));
	assert_true(v.moved);
	visit_free(&v);
	/* the planned ones now follow the rule: 5 November (q1: +2 months), 5 January beyond */
	assert_int_equal(q1(f->st, "SELECT count(*) FROM visit WHERE status = 'planned' AND moved = 0 "
	                           "AND kind = 'maintenance'"), 1);
	assert_int_equal(q1(f->st, "SELECT count(*) FROM visit WHERE plan_key = 'maintenance:e00000001:q1' "
	                           "AND due_on = '2025-11-05'"), 1);
	/* switched off: its planned visits go, the others stay */
	OK(visit_rule_set(f->st, "maintenance", 0, NULL, NULL, 0, &err));
	OK(visit_plan(f->st, NULL, &res, &err));
	assert_int_equal(res.removed, 1);
	assert_int_equal(q1(f->st, "SELECT count(*) FROM visit WHERE kind = 'maintenance'"), 2);
	/* refusals of rule set */
	names[0] = "every_months";
	values[0] = 0;
	assert_int_equal(visit_rule_set(f->st, "survey", -1, names, values, 1, &err), SD_DATAERR);
	names[0] = "working_days";
	values[0] = 2;
	assert_int_equal(visit_rule_set(f->st, "survey", -1, names, values, 1, &err), SD_DATAERR);
	assert_int_equal(visit_rule_set(f->st, "nosuch", 1, NULL, NULL, 0, &err), SD_DATAERR);
	free(done_row);
	free(moved_row);
}

static void
test_plan_quality_and_key(void **state)
{
	struct fixture *f = *state;
	sd_visit_plan_result res;
	sd_err err;

	add_customer(f->st, "江苏驰耐特防腐科技有限公司", true);
	add_customer(f->st, "沙洲纺织", false);
	add_equipment(f->st, "江苏驰耐特防腐科技有限公司", "CNT-01", "2024-11-10", NULL);
	/* a ledger entry closed on Monday 29 September; one closed long ago */
	assert_int_equal(sqlite3_exec(store_db(f->st),
		"INSERT INTO request (id, regno, month, seq, received_at, channel, customer, requester, "
		"phone, serial, received_by) VALUES "
		"(1, '202509-0001', '202509', 1, '2025-09-26 09:00', 'phone', '沙洲纺织', '李明', '1380', NULL, 'wangli'),"
		"(2, '202401-0001', '202401', 1, '2024-01-05 09:00', 'phone', '沙洲纺织', '李明', '1380', NULL, 'wangli');"
		"INSERT INTO ledger (id, request_id, state, closed_at) VALUES "
		"(1, 1, 'closed', '2025-09-29 16:00'), (2, 2, 'closed', '2024-01-10 10:00');",
		NULL, NULL, NULL), SQLITE_OK);
	OK(visit_plan(f->st, "2026-01-31", &res, &err));
	/* three working days after 29 September, across National Day: 10 October */
	assert_int_equal(q1(f->st, "SELECT count(*) FROM visit WHERE kind = 'quality_call'"), 1);
	assert_int_equal(q1(f->st, "SELECT count(*) FROM visit WHERE kind = 'quality_call' AND "
	                           "ledger_id = 1 AND due_on = '2025-10-10' AND method = 'phone'"), 1);
	/* the key customer: once a year from its first delivery, on site */
	assert_int_equal(q1(f->st, "SELECT count(*) FROM visit WHERE kind = 'key_customer' AND "
	                           "customer_id = 1 AND due_on = '2025-11-10' AND method = 'onsite'"), 1);
	assert_int_equal(q1(f->st, "SELECT count(*) FROM visit WHERE kind = 'key_customer' AND "
	                           "customer_id = 2"), 0);
}

/* ---------------------------------------------------------------- visits */

static long long
manual(store *st, const char *due)
{
	sd_visit v = { .customer = (char *)"沙洲纺织", .serial = (char *)"SZ-01", .kind = VK_MANUAL,
	               .method = VM_PHONE };
	long long id = 0;
	sd_err err;

	snprintf(v.due_on, sizeof v.due_on, "%s", due);
	OK(visit_add(st, &v, &id, &err));
	return id;
}

static void
test_outcomes(void **state)
{
	struct fixture *f = *state;
	sd_visit v = { .customer = (char *)"沙洲纺织", .kind = VK_MANUAL, .method = -1 };
	long long a, b, c, id;
	char *before;
	sd_err err;

	add_customer(f->st, "沙洲纺织", false);
	add_customer(f->st, "江苏驰耐特防腐科技有限公司", false);
	add_equipment(f->st, "沙洲纺织", "SZ-01", "2025-01-15", NULL);
	add_equipment(f->st, "江苏驰耐特防腐科技有限公司", "CNT-01", "2025-01-15", NULL);
	/* refusals of add */
	snprintf(v.due_on, sizeof v.due_on, "2025-02-30");
	assert_int_equal(visit_add(f->st, &v, &id, &err), SD_DATAERR);
	snprintf(v.due_on, sizeof v.due_on, "2025-10-01");
	v.serial = (char *)"CNT-01";
	assert_int_equal(visit_add(f->st, &v, &id, &err), SD_DATAERR);
	assert_non_null(strstr(err.msg, "CNT-01"));
	v.serial = NULL;
	v.engineer = (char *)"wangli";     /* an operator */
	assert_int_equal(visit_add(f->st, &v, &id, &err), SD_DATAERR);
	v.engineer = NULL;
	v.customer = (char *)"不存在的公司";
	assert_int_equal(visit_add(f->st, &v, &id, &err), SD_DATAERR);
	assert_int_equal(q1(f->st, "SELECT count(*) FROM visit"), 0);

	a = manual(f->st, "2025-10-01");     /* kept as given, even on a holiday */
	b = manual(f->st, "2025-09-22");
	c = manual(f->st, "2025-09-23");
	assert_int_equal(q1(f->st, "SELECT count(*) FROM visit WHERE due_on = '2025-10-01'"), 1);
	OK(visit_assign(f->st, a, -1, "zhangwei", &err));
	assert_int_equal(visit_assign(f->st, a, -1, "zhougang", &err), SD_DATAERR);
	before = dump(f->st);
	assert_int_equal(visit_done(f->st, a, -1, 0, -1, NULL, NULL, &err), SD_DATAERR);
	assert_int_equal(visit_done(f->st, a, -1, 6, -1, NULL, NULL, &err), SD_DATAERR);
	assert_int_equal(visit_cancel(f->st, a, -1, "  ", &err), SD_DATAERR);
	assert_int_equal(visit_move(f->st, a, -1, "2025-02-29", &err), SD_DATAERR);
	assert_int_equal(visit_done(f->st, 999, -1, 3, -1, NULL, NULL, &err), SD_DATAERR);
	assert_non_null(strstr(err.msg, "999"));
	/* the optimistic check */
	assert_int_equal(visit_move(f->st, a, 1, "2025-10-09", &err), SD_DATAERR);
	assert_non_null(strstr(err.msg, "liuyang"));
	{
		char *after = dump(f->st);
		assert_string_equal(before, after);
		free(after);
	}
	free(before);
	OK(visit_move(f->st, a, 2, "2025-10-09", &err));

	OK(visit_done(f->st, a, -1, 5, VM_ONSITE, "设备运行正常", "服务很好,工程师很专业", &err));
	OK(visit_get(f->st, a, &v, &err));
	assert_int_equal(v.status, VS_DONE);
	assert_int_equal(v.satisfaction, 5);
	assert_int_equal(v.method, VM_ONSITE);
	assert_string_equal(v.comments, "服务很好,工程师很专业");
	assert_string_equal(v.done_at, "2025-09-20 10:00");
	assert_string_equal(v.engineer, "zhangwei");
	visit_free(&v);
	/* a done visit cannot be cancelled, moved or missed */
	assert_int_equal(visit_cancel(f->st, a, -1, "重复", &err), SD_DATAERR);
	assert_int_equal(visit_move(f->st, a, -1, "2025-10-20", &err), SD_DATAERR);
	assert_int_equal(visit_miss(f->st, a, -1, NULL, &err), SD_DATAERR);

	OK(visit_miss(f->st, b, -1, "电话无人接听", &err));
	OK(visit_done(f->st, b, -1, 3, -1, "回电已联系", NULL, &err));   /* reached later */
	OK(visit_cancel(f->st, c, -1, "客户停产", &err));
	OK(visit_get(f->st, c, &v, &err));
	assert_int_equal(v.status, VS_CANCELLED);
	assert_string_equal(v.cancel_reason, "客户停产");
	assert_string_equal(v.done_at, "2025-09-20 10:00");
	visit_free(&v);
	/* every change audited */
	assert_int_equal(q1(f->st, "SELECT count(*) FROM audit WHERE tbl = 'visit'"), 3 + 1 + 1 + 1 + 1 + 1 + 1);
}

static void
test_request(void **state)
{
	struct fixture *f = *state;
	sd_request r, got;
	sd_visit v;
	char origin[128];
	long long a, c;
	sd_err err;

	add_customer(f->st, "沙洲纺织", false);
	add_equipment(f->st, "沙洲纺织", "SZ-01", "2025-01-15", NULL);
	a = manual(f->st, "2025-09-20");
	c = manual(f->st, "2025-09-21");
	intake_request_init(&r);
	/* no items: refused, nothing written */
	assert_int_equal(visit_request(f->st, a, -1, &r, &err), SD_DATAERR);
	assert_int_equal(q1(f->st, "SELECT count(*) FROM request"), 0);
	assert_int_equal(q1(f->st, "SELECT count(*) FROM visit WHERE status = 'planned'"), 2);
	intake_request_add_item(&r, "巡检发现主轴轴承异响");
	r.priority = 2;
	OK(visit_request(f->st, a, -1, &r, &err));
	assert_string_equal(r.regno, "202509-0001");
	OK(intake_get(f->st, "202509-0001", &got, &err));
	assert_int_equal(got.visit_id, a);
	assert_int_equal(got.channel, CH_VISIT);
	assert_string_equal(got.requester, "吴振华");       /* the customer's contact */
	assert_string_equal(got.serial, "SZ-01");
	intake_request_free(&got);
	OK(visit_get(f->st, a, &v, &err));
	assert_int_equal(v.status, VS_DONE);
	assert_string_equal(v.request_regno, "202509-0001");
	assert_non_null(strstr(v.outcome, "202509-0001"));
	visit_free(&v);
	assert_true(visit_origin(f->st, a, origin, sizeof origin));
	assert_non_null(strstr(origin, "2025-09-20"));
	assert_false(visit_origin(f->st, 999, origin, sizeof origin));
	/* a second request from the same visit, or from a cancelled one: refused */
	r.regno[0] = '\0';
	assert_int_equal(visit_request(f->st, a, -1, &r, &err), SD_DATAERR);
	OK(visit_cancel(f->st, c, -1, "客户停产", &err));
	assert_int_equal(visit_request(f->st, c, -1, &r, &err), SD_DATAERR);
	assert_int_equal(q1(f->st, "SELECT count(*) FROM request"), 1);
	assert_int_equal(q1(f->st, "SELECT count(*) FROM audit WHERE tbl = 'request'"), 1);
	intake_request_free(&r);
}

static void
test_permit(void **state)
{
	struct fixture *f = *state;
	sd_visit phone = { .method = VM_PHONE }, site = { .method = VM_ONSITE };
	sd_err err;

	assert_int_equal(visit_permit(f->st, "liuyang", VOP_PLAN, NULL, -1, &err), SD_OK);
	assert_int_equal(visit_permit(f->st, "zhangwei", VOP_PLAN, NULL, -1, &err), SD_NOPERM);
	assert_int_equal(visit_permit(f->st, "zhangwei", VOP_MOVE, &site, -1, &err), SD_OK);
	assert_int_equal(visit_permit(f->st, "wangli", VOP_MOVE, &phone, -1, &err), SD_NOPERM);
	/* an operator records the outcome of a call, not of an on-site visit */
	assert_int_equal(visit_permit(f->st, "wangli", VOP_DONE, &phone, -1, &err), SD_OK);
	assert_int_equal(visit_permit(f->st, "wangli", VOP_MISS, &phone, -1, &err), SD_OK);
	assert_int_equal(visit_permit(f->st, "wangli", VOP_DONE, &site, -1, &err), SD_NOPERM);
	assert_int_equal(visit_permit(f->st, "wangli", VOP_DONE, &site, VM_PHONE, &err), SD_OK);
	assert_int_equal(visit_permit(f->st, "zhougang", VOP_DONE, &phone, -1, &err), SD_NOPERM);
	assert_int_equal(visit_permit(f->st, "nobody", VOP_ADD, NULL, -1, &err), SD_NOPERM);
}

/* ---------------------------------------------------------------- lists */

static void
test_lists(void **state)
{
	struct fixture *f = *state;
	sd_visit_query q = { .view = VV_ALL };
	sd_visit_row rows[7], anchor;
	sd_visit_day days[31];
	long long seen[64];
	int n, total = 0, nd;
	sd_err err;

	add_customer(f->st, "沙洲纺织", false);
	add_equipment(f->st, "沙洲纺织", "SZ-01", "2025-01-15", NULL);
	/* 20 visits over ten days, two a day; one overdue, two due today */
	for (int i = 0; i < 20; i++)
		manual(f->st, S(D("2025-09-15") + i / 2));
	/* page through all of them in 7s, forward */
	OK(visit_page(f->st, &q, PAGE_FIRST, NULL, 7, rows, &n, &err));
	for (;;) {
		for (int i = 0; i < n; i++) {
			seen[total++] = rows[i].id;
			if (total > 1)
				assert_true(seen[total - 1] > seen[total - 2]);
		}
		if (n < 7)
			break;
		anchor = rows[n - 1];
		for (int i = 0; i < n - 1; i++)
			visit_row_free(&rows[i]);
		OK(visit_page(f->st, &q, PAGE_AFTER, &anchor, 7, rows, &n, &err));
		visit_row_free(&anchor);
	}
	for (int i = 0; i < n; i++)
		visit_row_free(&rows[i]);
	assert_int_equal(total, 20);
	/* backward from the end */
	OK(visit_page(f->st, &q, PAGE_LAST, NULL, 7, rows, &n, &err));
	assert_int_equal(n, 7);
	assert_int_equal(rows[6].id, 20);
	anchor = rows[0];
	for (int i = 1; i < n; i++)
		visit_row_free(&rows[i]);
	OK(visit_page(f->st, &q, PAGE_BEFORE, &anchor, 7, rows, &n, &err));
	visit_row_free(&anchor);
	assert_int_equal(n, 7);
	assert_int_equal(rows[0].id, 7);
	assert_int_equal(rows[6].id, 13);
	for (int i = 0; i < n; i++)
		visit_row_free(&rows[i]);

	/* today is Saturday 2025-09-20: due on it are visits 11, 12 */
	q.view = VV_DUE;
	OK(visit_page(f->st, &q, PAGE_FIRST, NULL, 7, rows, &n, &err));
	assert_int_equal(n, 2);
	assert_int_equal(rows[0].id, 11);
	assert_false(rows[0].overdue);
	for (int i = 0; i < n; i++)
		visit_row_free(&rows[i]);
	OK(visit_done(f->st, 1, -1, 4, -1, NULL, NULL, &err));
	q.view = VV_OVERDUE;
	OK(visit_page(f->st, &q, PAGE_FIRST, NULL, 7, rows, &n, &err));
	assert_int_equal(n, 7);
	assert_int_equal(rows[0].id, 2);
	assert_true(rows[0].overdue);
	for (int i = 0; i < n; i++)
		visit_row_free(&rows[i]);
	/* the week of Monday 15 to Sunday 21 September: visits 1..14, any status */
	q.view = VV_WEEK;
	q.status = VS_DONE + 1;
	OK(visit_page(f->st, &q, PAGE_FIRST, NULL, 7, rows, &n, &err));
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].status, VS_DONE);
	assert_int_equal(rows[0].satisfaction, 4);
	visit_row_free(&rows[0]);
	q.status = 0;
	q.view = VV_DAY;
	snprintf(q.day, sizeof q.day, "2025-09-24");
	OK(visit_page(f->st, &q, PAGE_FIRST, NULL, 7, rows, &n, &err));
	assert_int_equal(n, 2);
	assert_string_equal(rows[0].customer, "沙洲纺织");
	assert_string_equal(rows[0].serial, "SZ-01");
	for (int i = 0; i < n; i++)
		visit_row_free(&rows[i]);
	OK(visit_assign(f->st, 19, -1, "zhangwei", &err));
	q.view = VV_MONTH;
	q.engineer = "zhangwei";
	OK(visit_page(f->st, &q, PAGE_FIRST, NULL, 7, rows, &n, &err));
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].id, 19);
	visit_row_free(&rows[0]);

	/* the month calendar */
	OK(visit_month(f->st, 2025, 9, NULL, days, &nd, &err));
	assert_int_equal(nd, 30);
	assert_int_equal(days[14].total, 2);           /* 15 September */
	assert_int_equal(days[14].by_status[VS_DONE], 1);
	assert_int_equal(days[14].overdue, 1);
	assert_int_equal(days[14].by_kind[VK_MANUAL], 2);
	assert_int_equal(days[19].daykind, DAY_WEEKEND); /* Saturday 20th */
	assert_int_equal(days[27].daykind, DAY_ADJUSTED_WORK); /* Sunday 28th, worked */
	OK(visit_month(f->st, 2025, 9, "zhangwei", days, &nd, &err));
	assert_int_equal(days[23].total, 1);
	assert_int_equal(days[14].total, 0);
	assert_int_equal(visit_month(f->st, 2025, 13, NULL, days, &nd, &err), SD_DATAERR);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_params),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_maintenance_dates),
		cmocka_unit_test(test_yearly_dates),
		cmocka_unit_test_setup_teardown(test_plan_long_ago, setup, teardown),
		cmocka_unit_test_setup_teardown(test_plan_idempotent, setup, teardown),
		cmocka_unit_test_setup_teardown(test_plan_rule_change, setup, teardown),
		cmocka_unit_test_setup_teardown(test_plan_quality_and_key, setup, teardown),
		cmocka_unit_test_setup_teardown(test_outcomes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_request, setup, teardown),
		cmocka_unit_test_setup_teardown(test_permit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lists, setup, teardown),
	};
	char cmd[128];
	int rc;

	setenv("LC_ALL", "C.UTF-8", 1);
	if (!mkdtemp(dir))
		return 1;
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	if (system(cmd) != 0 && rc == 0)
		rc = 1;
	return rc;
}
