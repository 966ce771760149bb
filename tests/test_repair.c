/* Unit tests of factory repair orders and loan units: numbering, lifecycle, refusals, loans, parts. */
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
#include "intake.h"
#include "ledger.h"
#include "repair.h"
#include "staff.h"
#include "stock.h"
#include "store.h"

static char dir[] = "/tmp/servdesk-repair-XXXXXX";
static int dbcount;

struct fixture {
	char *path;
	store *st;
	char regno[24];
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

static char *
add_entry(store *st, const char *customer, const char *serial)
{
	sd_request r;
	sd_err err;
	char *regno;

	intake_request_init(&r);
	store_now(r.received_at);
	r.channel = CH_PHONE;
	r.customer = xstrdup(customer);
	r.requester = xstrdup("吴振华");
	r.phone = xstrdup("0523-86221175");
	r.serial = serial ? xstrdup(serial) : NULL;
	intake_request_add_item(&r, "泵体机械密封漏液");
	if (intake_add(st, &r, false, &err) != SD_OK)
		fail_msg("intake_add: %s", err.msg);
	regno = xstrdup(r.regno);
	intake_request_free(&r);
	if (ledger_take(st, regno, NULL, &err) != SD_OK)
		fail_msg("ledger_take: %s", err.msg);
	return regno;
}

static int
setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof *f);
	sd_customer c = { .name = (char *)"泰州市华东化工有限公司" };
	sd_customer own = { .name = (char *)"本公司售后服务部" };
	sd_equipment pump = { .customer = (char *)"泰州市华东化工有限公司", .serial = (char *)"IH-2023-0457",
	                      .model = (char *)"IH80-65-160 化工离心泵" };
	sd_equipment loan1 = { .customer = (char *)"本公司售后服务部", .serial = (char *)"BY-IH80-01",
	                       .model = (char *)"IH80-65-160 备用泵", .loan_unit = true };
	sd_equipment plain = { .customer = (char *)"本公司售后服务部", .serial = (char *)"YP-0009",
	                       .model = (char *)"样品泵" };
	buf b = { 0 };
	sd_err err;
	char *regno;

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
	if (customer_put(f->st, &c, &err) != SD_OK || customer_put(f->st, &own, &err) != SD_OK ||
	    equipment_put(f->st, &pump, &err) != SD_OK || equipment_put(f->st, &loan1, &err) != SD_OK ||
	    equipment_put(f->st, &plain, &err) != SD_OK)
		return -1;
	regno = add_entry(f->st, "泰州市华东化工有限公司", "IH-2023-0457");
	snprintf(f->regno, sizeof f->regno, "%s", regno);
	free(regno);
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

/* The same database as another person. */
static store *
as(struct fixture *f, const char *login)
{
	store *st;
	sd_err err;

	if (store_open(f->path, STORE_OPEN_EXISTING, login, &st, &err) != SD_OK)
		fail_msg("store_open as %s: %s", login, err.msg);
	return st;
}

static int
open_order(store *st, const char *regno, const char *on, char rmno[24], sd_err *err)
{
	sd_repair_open o = { .regno = regno, .serial = "IH-2023-0457", .items = 1,
	                     .note = "机械密封漏液，随机附电机一台", .on = on,
	                     .carrier = "德邦物流", .waybill = "DB7731902245" };

	return repair_open(st, &o, rmno, err);
}

static int
state_of(store *st, const char *rmno, int *version)
{
	sd_repair r;
	sd_err err;
	int s;

	if (repair_get(st, rmno, &r, &err) != SD_OK)
		fail_msg("repair_get %s: %s", rmno, err.msg);
	s = r.state;
	if (version)
		*version = r.version;
	repair_free(&r);
	return s;
}

/* ---------------------------------------------------------------- numbering */

static void
test_repair_number_format(void **state)
{
	char out[24], month[7];
	long seq;

	(void)state;
	repair_format_no(out, "202611", 7);
	assert_string_equal(out, "RM202611-0007");
	assert_true(repair_parse_no("RM202611-0007", month, &seq));
	assert_string_equal(month, "202611");
	assert_int_equal(seq, 7);
	assert_false(repair_parse_no("202611-0007", month, &seq));
	assert_false(repair_parse_no("RM2026-0007", month, &seq));
	assert_false(repair_parse_no("RM202611-00x7", month, &seq));
	assert_false(repair_parse_no("RM202611-0000", month, &seq));
}

static void
test_repair_number_gapless(void **state)
{
	struct fixture *f = *state;
	char rm[24];
	sd_err err;
	char *closed;

	OK(open_order(f->st, f->regno, NULL, rm, &err));
	assert_string_equal(rm, "RM202611-0001");
	OK(open_order(f->st, f->regno, NULL, rm, &err));
	assert_string_equal(rm, "RM202611-0002");
	/* refused opens take no number: a missing product, an unknown entry, a closed entry */
	{
		sd_repair_open o = { .regno = f->regno, .serial = "" };
		assert_int_equal(repair_open(f->st, &o, rm, &err), SD_DATAERR);
	}
	assert_int_not_equal(open_order(f->st, "202611-0999", NULL, rm, &err), SD_OK);
	closed = add_entry(f->st, "泰州市华东化工有限公司", NULL);
	OK(ledger_unresolvable(f->st, closed, "用户已报废该设备", -1, &err));
	assert_int_equal(open_order(f->st, closed, NULL, rm, &err), SD_DATAERR);
	free(closed);
	OK(open_order(f->st, f->regno, NULL, rm, &err));
	assert_string_equal(rm, "RM202611-0003");
	/* the request numbers keep their own series */
	closed = add_entry(f->st, "泰州市华东化工有限公司", NULL);
	assert_string_equal(closed, "202611-0003");
	free(closed);
}

static void
test_repair_number_month_boundary(void **state)
{
	struct fixture *f = *state;
	char rm[24];
	sd_err err;

	setenv("SERVDESK_NOW", "2026-11-30 23:50", 1);
	OK(open_order(f->st, f->regno, NULL, rm, &err));
	assert_string_equal(rm, "RM202611-0001");
	setenv("SERVDESK_NOW", "2026-12-01 00:10", 1);
	OK(open_order(f->st, f->regno, NULL, rm, &err));
	assert_string_equal(rm, "RM202612-0001");
	/* a product received on the last day of November, recorded in December */
	OK(open_order(f->st, f->regno, "2026-11-30", rm, &err));
	assert_string_equal(rm, "RM202611-0002");
	OK(open_order(f->st, f->regno, NULL, rm, &err));
	assert_string_equal(rm, "RM202612-0002");
	/* a date in the future is refused and takes no number */
	assert_int_equal(open_order(f->st, f->regno, "2026-12-05", rm, &err), SD_DATAERR);
	OK(open_order(f->st, f->regno, NULL, rm, &err));
	assert_string_equal(rm, "RM202612-0003");
}

/* ---------------------------------------------------------------- the lifecycle */

static void
test_repair_transitions_table(void **state)
{
	static const int want[RSTEP_COUNT][RPS_COUNT] = {
		/* received     in_repair     repaired      scrapped      returned */
		[RSTEP_START]  = { RPS_IN_REPAIR, -1, -1, -1, -1 },
		[RSTEP_DONE]   = { -1, RPS_REPAIRED, -1, -1, -1 },
		[RSTEP_SCRAP]  = { RPS_SCRAPPED, RPS_SCRAPPED, -1, -1, -1 },
		[RSTEP_RETURN] = { -1, -1, RPS_RETURNED, RPS_RETURNED, -1 },
	};
	const char *why;

	(void)state;
	for (int step = 0; step < RSTEP_COUNT; step++)
		for (int from = 0; from < RPS_COUNT; from++) {
			int to = repair_next_state(from, step, &why);
			if (to != want[step][from])
				fail_msg("%s from %s: %d, expected %d", repair_step_code(step),
				         repair_state_code(from), to, want[step][from]);
			if (to < 0 && (!why || !*why))
				fail_msg("%s from %s refused without a reason", repair_step_code(step),
				         repair_state_code(from));
		}
	assert_int_equal(repair_next_state(-1, RSTEP_START, &why), -1);
	assert_int_equal(repair_next_state(RPS_RECEIVED, RSTEP_COUNT, &why), -1);
}

static void
test_repair_steps_stored(void **state)
{
	struct fixture *f = *state;
	sd_repair_args none = { 0 };
	sd_repair_args done = { .findings = "机械密封动环磨损，更换 KY-0315 机械密封一套",
	                        .tests = "水压试验 0.6 MPa 保压 30 分钟无渗漏", .repairer = "zhangwei" };
	sd_repair_args back = { .carrier = "德邦物流", .waybill = "DB7731905518" };
	sd_repair r;
	char rm[24];
	sd_err err;
	int v;

	OK(open_order(f->st, f->regno, "2026-11-20", rm, &err));
	assert_int_equal(state_of(f->st, rm, &v), RPS_RECEIVED);
	/* every refused step from received */
	assert_int_equal(repair_step(f->st, rm, RSTEP_DONE, &done, -1, &err), SD_DATAERR);
	assert_int_equal(repair_step(f->st, rm, RSTEP_RETURN, &back, -1, &err), SD_DATAERR);
	/* a stale version is refused and names who changed it */
	assert_int_equal(repair_step(f->st, rm, RSTEP_START, &none, v + 1, &err), SD_DATAERR);
	assert_non_null(strstr(err.msg, "liuyang"));
	/* a date before the receipt is refused */
	{
		sd_repair_args early = { .on = "2026-11-19" };
		assert_int_equal(repair_step(f->st, rm, RSTEP_START, &early, v, &err), SD_DATAERR);
	}
	OK(repair_step(f->st, rm, RSTEP_START, &none, v, &err));
	assert_int_equal(state_of(f->st, rm, &v), RPS_IN_REPAIR);
	assert_int_equal(repair_step(f->st, rm, RSTEP_START, &none, -1, &err), SD_DATAERR);
	assert_int_equal(repair_step(f->st, rm, RSTEP_RETURN, &back, -1, &err), SD_DATAERR);
	/* the repairer must be an engineer on the staff list */
	{
		sd_repair_args bad = done;
		bad.repairer = "zhougang";
		assert_int_equal(repair_step(f->st, rm, RSTEP_DONE, &bad, -1, &err), SD_DATAERR);
	}
	OK(repair_step(f->st, rm, RSTEP_DONE, &done, v, &err));
	assert_int_equal(state_of(f->st, rm, &v), RPS_REPAIRED);
	assert_int_equal(repair_step(f->st, rm, RSTEP_SCRAP, &done, -1, &err), SD_DATAERR);
	assert_int_equal(repair_step(f->st, rm, RSTEP_DONE, &done, -1, &err), SD_DATAERR);
	/* return needs carrier and waybill */
	assert_int_equal(repair_step(f->st, rm, RSTEP_RETURN, &none, -1, &err), SD_DATAERR);
	OK(repair_step(f->st, rm, RSTEP_RETURN, &back, v, &err));
	assert_int_equal(repair_get(f->st, rm, &r, &err), SD_OK);
	assert_int_equal(r.state, RPS_RETURNED);
	assert_string_equal(r.repairer, "zhangwei");
	assert_string_equal(r.out_waybill, "DB7731905518");
	assert_string_equal(r.received_on, "2026-11-20");
	assert_string_equal(r.returned_on, "2026-11-24");
	assert_int_equal(r.days_away, 4);
	repair_free(&r);
	for (int s = 0; s < RSTEP_COUNT; s++)
		assert_int_equal(repair_step(f->st, rm, s, &back, -1, &err), SD_DATAERR);
}

static void
test_repair_scrap(void **state)
{
	struct fixture *f = *state;
	sd_repair_args none = { 0 };
	sd_repair_args why = { .findings = "泵壳开裂，无修复价值" };
	char rm[24];
	sd_err err;

	OK(open_order(f->st, f->regno, NULL, rm, &err));
	assert_int_equal(repair_step(f->st, rm, RSTEP_SCRAP, &none, -1, &err), SD_DATAERR);
	OK(repair_step(f->st, rm, RSTEP_SCRAP, &why, -1, &err));
	assert_int_equal(state_of(f->st, rm, NULL), RPS_SCRAPPED);
	assert_int_equal(repair_step(f->st, rm, RSTEP_START, &none, -1, &err), SD_DATAERR);
}

static void
test_repair_roles(void **state)
{
	struct fixture *f = *state;
	store *op = as(f, "wangli"), *sk = as(f, "zhougang"), *eng = as(f, "zhangwei");
	sd_repair_args none = { 0 };
	char rm[24];
	sd_err err;

	/* the operator registers the receipt, but does not repair */
	OK(open_order(op, f->regno, NULL, rm, &err));
	assert_int_equal(repair_step(op, rm, RSTEP_START, &none, -1, &err), SD_NOPERM);
	assert_int_equal(open_order(sk, f->regno, NULL, rm, &err), SD_NOPERM);
	assert_int_equal(repair_step(sk, "RM202611-0001", RSTEP_START, &none, -1, &err), SD_NOPERM);
	OK(repair_step(eng, "RM202611-0001", RSTEP_START, &none, -1, &err));
	store_close(op);
	store_close(sk);
	store_close(eng);
}

/* ---------------------------------------------------------------- parts */

static int
count_part(const sd_repair_part *p, void *arg)
{
	long *n = arg;

	assert_string_equal(p->part_no, "KY-0315");
	*n += p->qty;
	return 0;
}

static void
test_repair_parts(void **state)
{
	struct fixture *f = *state;
	store *sk = as(f, "zhougang"), *eng = as(f, "zhangwei");
	sd_part p = { .part_no = (char *)"KY-0315", .name = (char *)"机械密封", .unit = (char *)"套",
	              .active = true };
	sd_repair_args why = { .findings = "泵壳开裂" };
	int64_t cost, billed, received;
	char rm[24];
	long n = 0;
	sd_err err;

	OK(stock_part_put(sk, &p, &err));
	OK(stock_receive(sk, "KY-0315", 5, 38000, NULL, NULL, &err));
	OK(open_order(f->st, f->regno, NULL, rm, &err));
	/* an engineer does not issue parts; the storekeeper does */
	assert_int_equal(stock_issue_repair(eng, "KY-0315", 1, rm, NULL, NULL, NULL, &err), SD_NOPERM);
	OK(stock_issue_repair(sk, "KY-0315", 2, rm, "更换机械密封", NULL, NULL, &err));
	assert_int_equal(stock_issue_repair(sk, "KY-0315", 9, rm, NULL, NULL, NULL, &err), SD_DATAERR);
	OK(repair_parts_each(f->st, rm, count_part, &n, &err));
	assert_int_equal(n, 2);
	/* charged to the order's entry as any issue */
	OK(ledger_totals(f->st, f->regno, &cost, &billed, &received, &err));
	assert_int_equal(cost, 76000);
	/* not to an order that is done */
	OK(repair_step(eng, rm, RSTEP_SCRAP, &why, -1, &err));
	assert_int_equal(stock_issue_repair(sk, "KY-0315", 1, rm, NULL, NULL, NULL, &err), SD_DATAERR);
	assert_int_equal(stock_issue_repair(sk, "KY-0315", 1, "RM209912-0001", NULL, NULL, NULL, &err),
	                 SD_DATAERR);
	store_close(sk);
	store_close(eng);
}

/* ---------------------------------------------------------------- loans */

static void
test_loan_exclusive(void **state)
{
	struct fixture *f = *state;
	char *other = add_entry(f->st, "泰州市华东化工有限公司", NULL);
	sd_loan l;
	sd_err err;
	int rc;

	/* not a loan unit; unknown */
	assert_int_equal(loan_lend(f->st, f->regno, "YP-0009", NULL, NULL, &err), SD_DATAERR);
	assert_int_equal(loan_lend(f->st, f->regno, "NOPE-1", NULL, NULL, &err), SD_DATAERR);
	OK(loan_lend(f->st, f->regno, "BY-IH80-01", "2026-11-21", "当天给予替代", &err));
	/* lent twice: refused by the core */
	assert_int_equal(loan_lend(f->st, other, "BY-IH80-01", NULL, NULL, &err), SD_DATAERR);
	assert_non_null(strstr(err.msg, f->regno));
	/* and by the database itself */
	rc = sqlite3_exec(store_db(f->st),
		"INSERT INTO loan (equipment_id, ledger_id, lent_on, lent_by) "
		"SELECT id, 1, '2026-11-22', 'x' FROM equipment WHERE serial = 'BY-IH80-01'", NULL, NULL, NULL);
	assert_int_equal(rc & 0xff, SQLITE_CONSTRAINT);
	OK(loan_of_entry(f->st, f->regno, &l, &err));
	assert_string_equal(l.unit, "BY-IH80-01");
	assert_int_equal(l.days_out, 3);
	loan_free(&l);
	/* the return: not before it was lent; then the unit may go out again */
	assert_int_equal(loan_return(f->st, f->regno, NULL, "2026-11-20", &err), SD_DATAERR);
	OK(loan_return(f->st, NULL, "BY-IH80-01", NULL, &err));
	assert_int_equal(loan_return(f->st, f->regno, NULL, NULL, &err), SD_DATAERR);
	assert_int_equal(loan_of_entry(f->st, f->regno, &l, &err), SD_DATAERR);
	OK(loan_lend(f->st, other, "BY-IH80-01", NULL, NULL, &err));
	free(other);
}

static void
test_loan_roles(void **state)
{
	struct fixture *f = *state;
	store *op = as(f, "wangli"), *sk = as(f, "zhougang");
	sd_err err;

	assert_int_equal(loan_lend(op, f->regno, "BY-IH80-01", NULL, NULL, &err), SD_NOPERM);
	OK(loan_lend(sk, f->regno, "BY-IH80-01", NULL, NULL, &err));
	assert_int_equal(loan_return(op, f->regno, NULL, NULL, &err), SD_NOPERM);
	OK(loan_return(sk, f->regno, NULL, NULL, &err));
	store_close(op);
	store_close(sk);
}

/* ---------------------------------------------------------------- the month */

static void
test_repair_month(void **state)
{
	struct fixture *f = *state;
	sd_repair_args why = { .findings = "泵壳开裂", .on = "2026-11-12" };
	sd_repair_args back = { .carrier = "德邦物流", .waybill = "DB1" };
	sd_repair_month m;
	char rm[24];
	sd_err err;

	OK(open_order(f->st, f->regno, "2026-10-28", rm, &err));
	OK(open_order(f->st, f->regno, "2026-11-10", rm, &err));
	OK(repair_step(f->st, rm, RSTEP_SCRAP, &why, -1, &err));
	{
		sd_repair_args b = back;
		b.on = "2026-11-16";
		OK(repair_step(f->st, rm, RSTEP_RETURN, &b, -1, &err));
	}
	OK(open_order(f->st, f->regno, "2026-11-20", rm, &err));
	OK(loan_lend(f->st, f->regno, "BY-IH80-01", "2026-11-02", NULL, &err));
	OK(repair_month(f->st, "2026-11-01", "2026-12-01", &m, &err));
	assert_int_equal(m.opened, 2);
	assert_int_equal(m.returned, 1);
	assert_int_equal(m.away, 2);
	assert_int_equal(m.turnaround_n, 1);
	assert_int_equal(m.turnaround_days, 6);
	assert_int_equal(m.loans_out, 1);
	assert_int_equal(m.loans_lent, 1);
	OK(repair_month(f->st, "2026-10-01", "2026-11-01", &m, &err));
	assert_int_equal(m.opened, 1);
	assert_int_equal(m.away, 1);
	assert_int_equal(m.loans_out, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_repair_number_format),
		cmocka_unit_test(test_repair_transitions_table),
		cmocka_unit_test_setup_teardown(test_repair_number_gapless, setup, teardown),
		cmocka_unit_test_setup_teardown(test_repair_number_month_boundary, setup, teardown),
		cmocka_unit_test_setup_teardown(test_repair_steps_stored, setup, teardown),
		cmocka_unit_test_setup_teardown(test_repair_scrap, setup, teardown),
		cmocka_unit_test_setup_teardown(test_repair_roles, setup, teardown),
		cmocka_unit_test_setup_teardown(test_repair_parts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_loan_exclusive, setup, teardown),
		cmocka_unit_test_setup_teardown(test_loan_roles, setup, teardown),
		cmocka_unit_test_setup_teardown(test_repair_month, setup, teardown),
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
