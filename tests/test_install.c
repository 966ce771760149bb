/* Unit tests of commissioning and training: the due date, the machine's commissioning date and warranty, signing, states, roles, lists, the month. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <sqlite3.h>

#include "buf.h"
#include "customer.h"
#include "install.h"
#include "staff.h"
#include "store.h"
#include "warranty.h"

static char dir[] = "/tmp/servdesk-install-XXXXXX";
static int dbcount;

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

#define OK(x) do { int rc_ = (x); if (rc_ != SD_OK) fail_msg("%s: %d %s", #x, rc_, err.msg); } while (0)

static int
setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof *f);
	sd_customer c = { .name = (char *)"常州市金坛精密铸造有限公司" };
	sd_customer c2 = { .name = (char *)"无锡市惠山机械厂" };
	sd_equipment sb = { .customer = (char *)"常州市金坛精密铸造有限公司", .serial = (char *)"PS-1060-0231",
	                    .model = (char *)"JCK-1060 喷砂机", .delivered_on = "2026-11-10" };
	sd_equipment late = { .customer = (char *)"常州市金坛精密铸造有限公司", .serial = (char *)"PS-1060-0198",
	                      .model = (char *)"JCK-1060 喷砂机", .delivered_on = "2026-11-01",
	                      .accepted_on = "2026-11-03" };
	sd_equipment other = { .customer = (char *)"无锡市惠山机械厂", .serial = (char *)"WX-77",
	                       .model = (char *)"抛丸机" };
	buf b = { 0 };
	sd_err err;

	setenv("SERVDESK_NOW", "2026-11-24 12:00", 1);
	buf_printf(&b, "%s/t%d.db", dir, ++dbcount);
	f->path = buf_steal(&b);
	if (store_open(f->path, STORE_OPEN_CREATE, "liuyang", &f->st, &err) != SD_OK)
		return -1;
	for (size_t i = 0; i < SD_ARRAY_LEN(people); i++) {
		sd_staff s = { .login = (char *)people[i].login, .name = (char *)people[i].name,
		               .role = people[i].role, .active = true };
		if (staff_put(f->st, &s, &err) != SD_OK)
			return -1;
	}
	if (customer_put(f->st, &c, &err) != SD_OK || customer_put(f->st, &c2, &err) != SD_OK ||
	    equipment_put(f->st, &sb, &err) != SD_OK || equipment_put(f->st, &late, &err) != SD_OK ||
	    equipment_put(f->st, &other, &err) != SD_OK)
		return -1;
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

static store *
as(struct fixture *f, const char *login)
{
	store *st;
	sd_err err;

	if (store_open(f->path, STORE_OPEN_EXISTING, login, &st, &err) != SD_OK)
		fail_msg("store_open as %s: %s", login, err.msg);
	return st;
}

static long long
plan_commission(store *st, const char *serial, sd_err *err)
{
	sd_install j = { .kind = IK_COMMISSION, .serial = (char *)serial };
	long long id = 0;

	if (install_add(st, &j, &id, err) != SD_OK)
		return 0;
	return id;
}

static sd_date
D(const char *s)
{
	sd_date d;
	assert_true(date_parse(s, &d));
	return d;
}

/* The due date: calendar days after the arrival; lateness; names counted. */
static void
test_install_due_pure(void **state)
{
	(void)state;
	assert_int_equal(install_due(D("2026-11-10"), 7), D("2026-11-17"));
	/* across a month's and a year's end, weekends counted */
	assert_int_equal(install_due(D("2026-12-28"), 7), D("2027-01-04"));
	assert_int_equal(install_due(SD_DATE_NONE, 7), SD_DATE_NONE);
	assert_int_equal(install_days_late(D("2026-11-17"), D("2026-11-17")), 0);
	assert_int_equal(install_days_late(D("2026-11-17"), D("2026-11-16")), 0);
	assert_int_equal(install_days_late(D("2026-11-17"), D("2026-11-20")), 3);
	assert_int_equal(install_days_late(SD_DATE_NONE, D("2026-11-20")), 0);
	assert_int_equal(install_count_names("王强、李娜、陈刚"), 3);
	assert_int_equal(install_count_names("王强, 李娜\n陈刚；赵敏"), 4);
	assert_int_equal(install_count_names("  "), 0);
	assert_int_equal(install_count_names(NULL), 0);
	assert_int_equal(install_kind_parse("安装调试"), IK_COMMISSION);
	assert_int_equal(install_kind_parse("培训"), IK_TRAINING);
	assert_int_equal(install_kind_parse("visit"), -1);
	assert_int_equal(install_status_parse("signed"), IS_SIGNED);
}

/* Planning a commissioning: its due date from the arrival (acceptance, else delivery) and the setting. */
static void
test_install_due_from_arrival(void **state)
{
	struct fixture *f = *state;
	sd_install j;
	sd_err err;
	long long id;

	assert_true((id = plan_commission(f->st, "PS-1060-0231", &err)) > 0);
	OK(install_get(f->st, id, &j, &err));
	assert_string_equal(j.arrived_on, "2026-11-10");
	assert_string_equal(j.due_on, "2026-11-17");
	/* due in the past: planned for today; overdue */
	assert_string_equal(j.planned_on, "2026-11-24");
	assert_true(j.overdue);
	assert_string_equal(j.customer, "常州市金坛精密铸造有限公司");
	install_free(&j);
	/* arrival acceptance counts before delivery; the setting counts */
	OK(store_begin(f->st, &err));
	OK(store_set_setting(f->st, INSTALL_WITHIN_KEY, "30", &err));
	OK(store_commit(f->st, &err));
	assert_true((id = plan_commission(f->st, "PS-1060-0198", &err)) > 0);
	OK(install_get(f->st, id, &j, &err));
	assert_string_equal(j.arrived_on, "2026-11-03");
	assert_string_equal(j.due_on, "2026-12-03");
	assert_string_equal(j.planned_on, "2026-12-03");
	assert_false(j.overdue);
	install_free(&j);
	/* one commissioning of a machine */
	assert_int_equal(plan_commission(f->st, "PS-1060-0198", &err), 0);
	assert_int_equal(err.status, SD_DATAERR);
	assert_non_null(strstr(err.msg, "serial"));
	/* a machine of another customer */
	{
		sd_install t = { .kind = IK_COMMISSION, .serial = (char *)"WX-77",
		                 .customer = (char *)"常州市金坛精密铸造有限公司" };
		assert_int_equal(install_add(f->st, &t, &id, &err), SD_DATAERR);
		assert_non_null(strstr(err.msg, "无锡市惠山机械厂"));
	}
}

/* Done commissioning sets the machine's commissioning date (audited), and the warranty follows. */
static void
test_install_sets_commissioning(void **state)
{
	struct fixture *f = *state;
	sd_install_done d = { .done_on = "2026-11-15", .work = "气路、喷枪、除尘检查；试喷合格" };
	warranty_status w;
	sd_equipment e;
	sd_install j;
	sd_err err;
	long long id;
	int v;

	OK(equipment_warranty(f->st, "PS-1060-0231", D("2026-11-24"), &w, NULL, &err));
	assert_int_equal(w.end, SD_DATE_NONE);
	assert_true((id = plan_commission(f->st, "PS-1060-0231", &err)) > 0);
	OK(install_get(f->st, id, &j, &err));
	v = j.version;
	install_free(&j);
	/* the work done is required; not before the arrival */
	d.work = "";
	assert_int_equal(install_done(f->st, id, v, &d, &err), SD_DATAERR);
	assert_non_null(strstr(err.msg, "work"));
	d.work = "气路、喷枪、除尘检查；试喷合格";
	d.done_on = "2026-11-09";
	assert_int_equal(install_done(f->st, id, v, &d, &err), SD_DATAERR);
	assert_non_null(strstr(err.msg, "2026-11-10"));
	d.done_on = "2026-11-30";   /* later than today */
	assert_int_equal(install_done(f->st, id, v, &d, &err), SD_DATAERR);
	d.done_on = "2026-11-15";
	OK(install_done(f->st, id, v, &d, &err));
	OK(equipment_get(f->st, "PS-1060-0231", &e, &err));
	assert_string_equal(e.commissioned_on, "2026-11-15");
	equipment_free(&e);
	OK(equipment_warranty(f->st, "PS-1060-0231", D("2026-11-24"), &w, NULL, &err));
	assert_int_equal(w.end, date_add_months(D("2026-11-15"), 12));
	/* the machine's own audit row, and the job's */
	{
		sqlite3_stmt *q;
		assert_int_equal(sqlite3_prepare_v2(store_db(f->st),
			"SELECT (SELECT count(*) FROM audit WHERE tbl = 'equipment' AND rowkey = 'PS-1060-0231' "
			"AND action = 'update' AND new LIKE '%2026-11-15%'), "
			"(SELECT count(*) FROM audit WHERE tbl = 'install_job' AND action = 'done')",
			-1, &q, NULL), SQLITE_OK);
		assert_int_equal(sqlite3_step(q), SQLITE_ROW);
		assert_int_equal(sqlite3_column_int(q, 0), 1);
		assert_int_equal(sqlite3_column_int(q, 1), 1);
		sqlite3_finalize(q);
	}
	OK(install_get(f->st, id, &j, &err));
	assert_int_equal(j.status, IS_DONE);
	assert_string_equal(j.engineer, "liuyang");
	assert_false(j.overdue);
	install_free(&j);
	/* a machine commissioned cannot be planned again; done work cannot be cancelled */
	assert_int_equal(plan_commission(f->st, "PS-1060-0231", &err), 0);
	assert_non_null(strstr(err.msg, "2026-11-15"));
	assert_int_equal(install_cancel(f->st, id, -1, "不需要", &err), SD_DATAERR);
}

/* No signing before done; once; not before the work; then nothing changes; stale versions refused. */
static void
test_install_sign_rules(void **state)
{
	struct fixture *f = *state;
	sd_install t = { .kind = IK_TRAINING, .customer = (char *)"常州市金坛精密铸造有限公司",
	                 .serial = (char *)"PS-1060-0231", .engineer = (char *)"zhangwei",
	                 .work = "操作、日常保养" };
	sd_install_done d = { .done_on = "2026-11-18", .work = "设备操作、砂料更换、日常保养与安全",
	                      .attendees = "王强、李娜" };
	sd_install j;
	sd_err err;
	long long id;

	strcpy(t.planned_on, "2026-11-18");
	OK(install_add(f->st, &t, &id, &err));
	OK(install_get(f->st, id, &j, &err));
	assert_int_equal(j.days, 3);    /* training_days */
	assert_int_equal(j.status, IS_PLANNED);
	install_free(&j);
	assert_int_equal(install_sign(f->st, id, -1, "王强", "2026-11-20", &err), SD_DATAERR);
	assert_non_null(strstr(err.msg, "done"));
	/* a stale version */
	assert_int_equal(install_done(f->st, id, 7, &d, &err), SD_DATAERR);
	assert_non_null(strstr(err.msg, "meanwhile"));
	OK(install_done(f->st, id, 1, &d, &err));
	OK(install_get(f->st, id, &j, &err));
	assert_string_equal(j.done_to, "2026-11-20");   /* the days planned */
	assert_int_equal(install_days_held(&j), 3);
	assert_int_equal(j.attendee_count, 2);
	assert_string_equal(j.engineer, "zhangwei");
	install_free(&j);
	/* done twice is refused */
	assert_int_equal(install_done(f->st, id, -1, &d, &err), SD_DATAERR);
	/* the signer is required; not before the last day */
	assert_int_equal(install_sign(f->st, id, -1, "", NULL, &err), SD_DATAERR);
	assert_non_null(strstr(err.msg, "signed by"));
	assert_int_equal(install_sign(f->st, id, -1, "王强", "2026-11-19", &err), SD_DATAERR);
	OK(install_sign(f->st, id, 2, "王强", "2026-11-20", &err));
	OK(install_get(f->st, id, &j, &err));
	assert_int_equal(j.status, IS_SIGNED);
	assert_string_equal(j.signed_by, "王强");
	assert_string_equal(j.signed_on, "2026-11-20");
	install_free(&j);
	assert_int_equal(install_sign(f->st, id, -1, "李娜", NULL, &err), SD_DATAERR);
	assert_int_equal(install_cancel(f->st, id, -1, "不需要", &err), SD_DATAERR);
	/* a training needs attendees */
	OK(install_add(f->st, &t, &id, &err));
	d.attendees = NULL;
	assert_int_equal(install_done(f->st, id, -1, &d, &err), SD_DATAERR);
	assert_non_null(strstr(err.msg, "attendees"));
	/* cancelled needs a reason; then nothing else */
	assert_int_equal(install_cancel(f->st, id, -1, " ", &err), SD_DATAERR);
	OK(install_cancel(f->st, id, -1, "客户推迟", &err));
	d.attendees = "王强";
	assert_int_equal(install_done(f->st, id, -1, &d, &err), SD_DATAERR);
}

/* Who may do what: operators plan, engineers and supervisors record; storekeepers neither. */
static void
test_install_roles(void **state)
{
	struct fixture *f = *state;
	store *op = as(f, "wangli"), *eng = as(f, "zhangwei"), *sk = as(f, "zhougang");
	sd_install_done d = { .work = "调试合格" };
	sd_err err;
	long long id;

	assert_int_equal(plan_commission(sk, "PS-1060-0231", &err), 0);
	assert_int_equal(err.status, SD_NOPERM);
	assert_true((id = plan_commission(op, "PS-1060-0231", &err)) > 0);
	assert_int_equal(install_done(op, id, -1, &d, &err), SD_NOPERM);
	OK(install_done(eng, id, -1, &d, &err));
	assert_int_equal(install_sign(op, id, -1, "赵厂长", NULL, &err), SD_NOPERM);
	OK(install_sign(eng, id, -1, "赵厂长", NULL, &err));
	store_close(op);
	store_close(eng);
	store_close(sk);
}

/* The lists: open, overdue machines (planned or not), paging both ways; the month's figures. */
static void
test_install_lists_month(void **state)
{
	struct fixture *f = *state;
	sd_install_query q = { .view = IV_OVERDUE };
	sd_install_row rows[8];
	sd_install_month m;
	sd_err err;
	int n;
	long long id;

	/* both machines are past due (7 days); the one without a delivery date is not listed */
	OK(install_page(f->st, &q, PAGE_FIRST, NULL, 8, rows, &n, &err));
	assert_int_equal(n, 2);
	assert_string_equal(rows[0].serial, "PS-1060-0198");
	assert_string_equal(rows[0].due_on, "2026-11-10");
	assert_int_equal(rows[0].days_late, 14);
	assert_int_equal(rows[0].id, 0);
	assert_string_equal(rows[1].serial, "PS-1060-0231");
	/* paging: after the first, before the second */
	{
		sd_install_row a[2];
		OK(install_page(f->st, &q, PAGE_AFTER, &rows[0], 8, a, &n, &err));
		assert_int_equal(n, 1);
		assert_string_equal(a[0].serial, "PS-1060-0231");
		install_row_free(&a[0]);
		OK(install_page(f->st, &q, PAGE_BEFORE, &rows[1], 8, a, &n, &err));
		assert_int_equal(n, 1);
		assert_string_equal(a[0].serial, "PS-1060-0198");
		install_row_free(&a[0]);
	}
	for (int i = 0; i < 2; i++)
		install_row_free(&rows[i]);
	assert_true((id = plan_commission(f->st, "PS-1060-0231", &err)) > 0);
	{
		sd_install_done d = { .done_on = "2026-11-20", .work = "调试合格" };
		OK(install_done(f->st, id, -1, &d, &err));
		OK(install_sign(f->st, id, -1, "赵厂长", "2026-11-21", &err));
	}
	OK(install_page(f->st, &q, PAGE_FIRST, NULL, 8, rows, &n, &err));
	assert_int_equal(n, 1);
	install_row_free(&rows[0]);
	{
		sd_install t = { .kind = IK_TRAINING, .customer = (char *)"无锡市惠山机械厂", .days = 2 };
		sd_install_done d = { .done_on = "2026-11-02", .work = "操作", .attendees = "甲、乙、丙" };
		strcpy(t.planned_on, "2026-11-02");
		OK(install_add(f->st, &t, &id, &err));
		OK(install_done(f->st, id, -1, &d, &err));
	}
	q.view = IV_OPEN;
	OK(install_page(f->st, &q, PAGE_FIRST, NULL, 8, rows, &n, &err));
	assert_int_equal(n, 1);     /* the training, done, not signed */
	assert_int_equal(rows[0].kind, IK_TRAINING);
	install_row_free(&rows[0]);
	q.view = IV_ALL;
	q.kind = IK_COMMISSION + 1;
	OK(install_page(f->st, &q, PAGE_FIRST, NULL, 8, rows, &n, &err));
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].status, IS_SIGNED);
	install_row_free(&rows[0]);
	OK(install_month(f->st, 2026, 11, &m, &err));
	assert_int_equal(m.commissioned, 1);
	assert_int_equal(m.commissioned_late, 1);      /* due 11-17, done 11-20 */
	assert_int_equal(m.delay_days_total, 10);      /* arrived 11-10 */
	assert_int_equal(m.overdue_at_end, 1);         /* PS-1060-0198 */
	assert_int_equal(m.trainings, 1);
	assert_int_equal(m.training_days, 2);
	assert_int_equal(m.attendees, 3);
	assert_int_equal(m.signed_, 1);
	/* October: the machines had not arrived late yet */
	OK(install_month(f->st, 2026, 10, &m, &err));
	assert_int_equal(m.overdue_at_end, 0);
	assert_int_equal(m.commissioned, 0);
}

/* The signed record: both signature lines, filled in once signed. */
static void
test_install_form(void **state)
{
	struct fixture *f = *state;
	sd_install_done d = { .done_on = "2026-11-15", .work = "调试合格" };
	doc_opts o = { 0 };
	sd_doc *doc;
	buf out = { 0 };
	sd_err err;
	long long id;

	assert_true((id = plan_commission(f->st, "PS-1060-0231", &err)) > 0);
	OK(install_done(f->st, id, -1, &d, &err));
	OK(install_form(f->st, id, &doc, &err));
	o.format = DOCF_JSON;
	OK(doc_render(doc, &o, &out, &err));
	assert_non_null(strstr(buf_str(&out), "\"commissioning_record\""));
	assert_null(strstr(buf_str(&out), "赵厂长"));
	doc_free(doc);
	buf_reset(&out);
	OK(install_sign(f->st, id, -1, "赵厂长", "2026-11-16", &err));
	OK(install_form(f->st, id, &doc, &err));
	OK(doc_render(doc, &o, &out, &err));
	assert_non_null(strstr(buf_str(&out), "赵厂长"));
	assert_non_null(strstr(buf_str(&out), "2026-11-16"));
	assert_non_null(strstr(buf_str(&out), "\"customer\""));
	doc_free(doc);
	buf_free(&out);
	assert_int_equal(install_form(f->st, 999, &doc, &err), SD_DATAERR);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_install_due_pure),
		cmocka_unit_test_setup_teardown(test_install_due_from_arrival, setup, teardown),
		cmocka_unit_test_setup_teardown(test_install_sets_commissioning, setup, teardown),
		cmocka_unit_test_setup_teardown(test_install_sign_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(test_install_roles, setup, teardown),
		cmocka_unit_test_setup_teardown(test_install_lists_month, setup, teardown),
		cmocka_unit_test_setup_teardown(test_install_form, setup, teardown),
	};
	char cmd[64];
	int rc;

	if (!mkdtemp(dir))
		return 1;
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	if (system(cmd) != 0)
		return 1;
	return rc;
}
