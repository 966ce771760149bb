/*
 * test_report.c — the monthly summary (report.c) on a fixed dataset built
 * through the core modules, with every expected figure worked out by hand:
 * an entry that spans the month's end (carried over, closed the next month),
 * a voided request and one voided after the month, a complaint, a return of
 * parts, a missed visit; the month's figures unchanged after more records
 * are added; the next month's figures; the customer's year; the nearest-rank
 * percentile; the page layout (page.c) with repeated table heads; the
 * engineers credited by the assignment history, unchanged when entries are
 * reassigned after the month.
 */
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

#include "buf.h"
#include "complaint.h"
#include "intake.h"
#include "ledger.h"
#include "page.h"
#include "report.h"
#include "staff.h"
#include "stock.h"
#include "store.h"
#include "customer.h"
#include "visit.h"

#define OK(call) do { if ((call) != SD_OK) fail_msg("%s: %s", #call, err.msg); } while (0)

static char dir[] = "/tmp/servdesk-report-XXXXXX";

static const struct {
	const char *login, *name;
	int role;
} people[] = {
	{ "liuyang", "刘洋", ROLE_SUPERVISOR },
	{ "wangli", "王丽", ROLE_OPERATOR },
	{ "zhangwei", "张伟", ROLE_ENGINEER },
	{ "zhougang", "周刚", ROLE_STOREKEEPER },
	{ "sunhao", "孙浩", ROLE_ENGINEER },
};

#define CUST_A "张家港市自来水有限公司"
#define CUST_B "太仓港口储运有限公司"

/* Settle every open maintenance item of entry rn as done (the clearing needs it). */
static int
open_item_pos(const sd_ledger_item *it, void *arg)
{
	int *pos = arg;

	if (it->state == ITEM_OPEN && pos[0] < 15)
		pos[++pos[0]] = it->pos;
	return 0;
}

static void
settle_items(store *st, const char *rn)
{
	int pos[16] = { 0 };
	sd_err err;

	if (ledger_item_each(st, rn, open_item_pos, pos, &err) != SD_OK)
		fail_msg("items of %s: %s", rn, err.msg);
	for (int i = 1; i <= pos[0]; i++)
		if (ledger_item_settle(st, rn, pos[i], ITEM_DONE, "已处理", -1, &err) != SD_OK)
			fail_msg("settle item %d of %s: %s", pos[i], rn, err.msg);
}

static void
now(const char *t)
{
	setenv("SERVDESK_NOW", t, 1);
}

/* Add a request received at `at`; returns its register number in rn. */
static void
add_req(store *st, const char *at, int ch, int prio, const char *cust, char rn[24])
{
	sd_request r;
	sd_err err;

	intake_request_init(&r);
	snprintf(r.received_at, sizeof r.received_at, "%s", at);
	r.channel = ch;
	if (ch == CH_FAX)
		r.fax_pages = 2;
	r.priority = prio;
	r.customer = xstrdup(cust);
	r.requester = xstrdup("张工");
	r.phone = xstrdup("0512-58681234");
	intake_request_add_item(&r, "加药泵出口压力波动，报警频繁");
	/* registered as it arrives: now is its time of receipt */
	const char *was = getenv("SERVDESK_NOW");
	char saved[32];
	snprintf(saved, sizeof saved, "%s", was ? was : "");
	if (strcmp(at, saved) > 0)
		now(at);
	OK(intake_add(st, &r, false, &err));
	if (was)
		now(saved);
	else
		unsetenv("SERVDESK_NOW");
	snprintf(rn, 24, "%s", r.regno);
	intake_request_free(&r);
}

static void
sql(store *st, const char *s)
{
	char *msg = NULL;

	if (sqlite3_exec(store_db(st), s, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s: %s", s, msg);
}

static void
monthly_json(store *st, const char *month, char **out)
{
	sd_monthly m;
	report_opts o = { REPORT_JSON, 80, 66 };
	buf b = { 0 };
	sd_err err;

	OK(report_monthly(st, month, &m, &err));
	report_monthly_write(&m, &o, &b);
	report_monthly_free(&m);
	*out = buf_steal(&b);
}

struct data {
	store *st;
	char r1[24], r2[24], r3[24], r4[24], r5[24], r6[24];
	long long complaint_march;
};

/* February to March: everything the March summary reads. */
static void
build_march(struct data *d)
{
	store *st = d->st;
	sd_err err;

	/* the spare part: 10 received at 25.00 on 20 February */
	now("2026-02-20 09:00");
	sd_part p = { .part_no = "BRG-6205", .name = "深沟球轴承", .unit = "个", .reorder_point = 8,
	              .reorder_qty = 10, .active = true };
	OK(stock_part_put(st, &p, &err));
	OK(stock_receive(st, "BRG-6205", 10, 2500, "入库", NULL, &err));

	/* R5: received in February, never taken in: carried over */
	add_req(st, "2026-02-26 10:00", CH_LETTER, 4, CUST_B, d->r5);

	/* R1: P1, taken, proposed after 30 min, on site after 11 h, cleared, closed 4 March */
	now("2026-03-02 09:00");
	add_req(st, "2026-03-02 09:00", CH_PHONE, 1, CUST_A, d->r1);
	now("2026-03-02 09:05");
	OK(ledger_take(st, d->r1, "liuyang", &err));
	now("2026-03-02 09:10");
	OK(ledger_assign(st, d->r1, "zhangwei", -1, &err));
	now("2026-03-02 09:30");
	OK(ledger_propose(st, d->r1, MODE_ONSITE, "现场更换加药泵膜片。", "elec", "2026-03-02 09:30",
	                  -1, &err));
	now("2026-03-02 20:00");
	OK(ledger_arrive(st, d->r1, "2026-03-02 20:00", -1, &err));
	/* parts: 4 issued on 3 March, 1 returned on 4 March (25.00 each) */
	now("2026-03-03 08:00");
	OK(stock_issue(st, "BRG-6205", 4, d->r1, "更换", NULL, NULL, &err));
	OK(ledger_charge(st, d->r1, COST_LABOUR, 20000, "2026-03-03", "人工费", &err));
	now("2026-03-03 10:00");
	settle_items(st, d->r1);
	OK(ledger_clear(st, d->r1, "2026-03-03 10:00", -1, &err));
	now("2026-03-03 11:00");
	OK(ledger_confirm(st, d->r1, "陈经理", HOW_CARD, "2026-03-03 11:00", -1, &err));
	OK(ledger_card(st, d->r1, "陈经理", "2026-03-03 11:00", "处理及时", 5, -1, &err));
	now("2026-03-04 09:00");
	OK(stock_return_from(st, "BRG-6205", 1, d->r1, "多领退回", NULL, &err));
	now("2026-03-04 09:30");
	OK(ledger_payment(st, d->r1, 27500, "No.00012345", &err));
	now("2026-03-04 10:00");
	OK(ledger_close(st, d->r1, -1, &err));

	/* R2: P2 by fax, remote, proposed a day later (respond missed); spans the month's end */
	now("2026-03-10 14:00");
	add_req(st, "2026-03-10 14:00", CH_FAX, 2, CUST_B, d->r2);
	now("2026-03-10 14:30");
	OK(ledger_take(st, d->r2, "liuyang", &err));
	now("2026-03-10 14:40");
	OK(ledger_assign(st, d->r2, "zhangwei", -1, &err));
	now("2026-03-11 14:00");
	OK(ledger_propose(st, d->r2, MODE_REMOTE, "远程登录修改控制参数。", "ctrl", "2026-03-11 14:00",
	                  -1, &err));

	/* a quality complaint on 15 March */
	now("2026-03-15 10:00");
	sd_complaint c = { .customer = CUST_B, .cls = CC_QUALITY, .quantity = -1, .defective = -1,
	                   .description = "轴承使用一周即异响" };
	OK(complaint_add(st, &c, &err));
	d->complaint_march = c.id;

	/* R3: voided the next day (not received); R4: voided in April (received in March) */
	now("2026-03-20 10:00");
	add_req(st, "2026-03-20 10:00", CH_EMAIL, 3, CUST_A, d->r3);
	now("2026-03-21 09:00");
	OK(intake_void(st, d->r3, "重复登记", -1, &err));
	now("2026-03-25 08:00");
	add_req(st, "2026-03-25 08:00", CH_PHONE, 2, CUST_B, d->r4);

	/* visits, by plain SQL: done, missed, done after the month's end (planned now), cancelled */
	sql(st, "INSERT INTO customer (id, name) VALUES (1, '" CUST_A "')");
	sql(st, "INSERT INTO visit (id, customer_id, kind, due_on, status, satisfaction, done_at) VALUES "
	        "(1, 1, 'maintenance', '2026-03-10', 'done', 5, '2026-03-10 15:00'),"
	        "(2, 1, 'phone_followup', '2026-03-12', 'missed', NULL, '2026-03-13 09:00'),"
	        "(3, 1, 'survey', '2026-03-28', 'planned', NULL, NULL),"
	        "(4, 1, 'manual', '2026-03-15', 'cancelled', NULL, '2026-03-14 16:00')");
}

/* April: the records that must not change March. */
static void
build_april(struct data *d)
{
	store *st = d->st;
	sd_err err;

	now("2026-04-02 10:00");
	settle_items(st, d->r2);
	OK(ledger_clear(st, d->r2, "2026-04-02 10:00", -1, &err));
	now("2026-04-02 11:00");
	OK(ledger_confirm(st, d->r2, "周主任", HOW_PHONE, "2026-04-02 11:00", -1, &err));
	now("2026-04-03 09:00");
	OK(ledger_close(st, d->r2, -1, &err));
	now("2026-04-05 09:00");
	OK(intake_void(st, d->r4, "客户撤回", -1, &err));
	now("2026-04-06 09:00");
	OK(stock_receive(st, "BRG-6205", 5, 2500, "补货", NULL, &err));
	now("2026-04-08 10:00");
	add_req(st, "2026-04-08 10:00", CH_PHONE, 3, CUST_A, d->r6);
	now("2026-04-09 10:00");
	sd_complaint c = { .customer = CUST_A, .cls = CC_NONQUALITY, .quantity = -1, .defective = -1,
	                   .description = "工程师未按约定时间到场" };
	OK(complaint_add(st, &c, &err));
	now("2026-04-10 10:00");
	OK(complaint_close(st, d->complaint_march, "更换轴承并致歉", &err));
	OK(ledger_payment(st, d->r2, 10000, "No.00012399", &err));
	sql(st, "UPDATE visit SET status = 'done', satisfaction = 3, done_at = '2026-04-02 10:00' WHERE id = 3");
	sql(st, "INSERT INTO visit (id, customer_id, kind, due_on, status) VALUES "
	        "(5, 1, 'maintenance', '2026-04-10', 'planned')");
}

static int
setup_file(void **state, const char *file)
{
	struct data *d = xcalloc(1, sizeof *d);
	buf b = { 0 };
	sd_err err;

	now("2026-02-01 08:00");
	buf_printf(&b, "%s/%s", dir, file);
	if (store_open(buf_str(&b), STORE_OPEN_CREATE, "liuyang", &d->st, &err) != SD_OK)
		return -1;
	buf_free(&b);
	for (size_t i = 0; i < SD_ARRAY_LEN(people); i++) {
		sd_staff s = { .login = (char *)people[i].login, .name = (char *)people[i].name,
		               .role = people[i].role, .active = true };
		if (staff_put(d->st, &s, &err) != SD_OK)
			return -1;
	}
	*state = d;
	return 0;
}

static int
setup(void **state)
{
	return setup_file(state, "report.db");
}

static int
setup_history(void **state)
{
	return setup_file(state, "history.db");
}

static int
setup_stood(void **state)
{
	return setup_file(state, "stood.db");
}

static int
setup_visits(void **state)
{
	return setup_file(state, "visits.db");
}

static int
teardown(void **state)
{
	struct data *d = *state;

	store_close(d->st);
	free(d);
	return 0;
}

static void
check_march(const sd_monthly *m)
{
	/* R1, R2, R4 received (R3 voided on 21 March; R4 only on 5 April) */
	assert_int_equal(m->received, 3);
	assert_int_equal(m->voided, 1);
	assert_int_equal(m->by_channel[CH_PHONE], 2);       /* R1, R4 */
	assert_int_equal(m->by_channel[CH_FAX], 1);         /* R2 */
	assert_int_equal(m->by_channel[CH_EMAIL], 0);       /* R3 is void */
	assert_int_equal(m->by_priority[1], 1);             /* R1 */
	assert_int_equal(m->by_priority[2], 2);             /* R2, R4 */
	assert_int_equal(m->by_priority[3], 0);
	assert_int_equal(m->ncustomers, 2);
	assert_string_equal(m->customers[0].name, CUST_B);  /* R2, R4 */
	assert_int_equal(m->customers[0].n, 2);
	assert_string_equal(m->customers[1].name, CUST_A);  /* R1 */
	assert_int_equal(m->customers[1].n, 1);
	assert_int_equal(m->closed, 1);                     /* R1 on 4 March */
	assert_int_equal(m->unresolvable, 0);
	/* before 1 April: R5 R1 R2 R3 R4 = 5, minus R3 voided, minus R1 closed */
	assert_int_equal(m->carried_over, 3);

	/* respond: R1 30 min (met), R2 1440 min (P2 commits 2 h: missed) */
	const report_clock *k = &m->clock[CLOCK_RESPOND];
	assert_int_equal(k->n, 2);
	assert_int_equal(k->median_min, 30);                /* rank ceil(0.5 * 2) = 1 */
	assert_int_equal(k->p90_min, 1440);                 /* rank ceil(0.9 * 2) = 2 */
	assert_int_equal(k->with_due[0], 2);
	assert_int_equal(k->met[0], 1);
	assert_int_equal(k->met[1], 1);
	assert_int_equal(k->with_due[1], 1);
	assert_int_equal(k->met[2], 0);
	assert_int_equal(k->with_due[2], 1);
	assert_true(k->misses[0] && k->misses[2] && !k->misses[1]);
	/* on site: R1 09:00 -> 20:00 = 660 min, within 24 h; R2 is remote */
	k = &m->clock[CLOCK_ONSITE];
	assert_int_equal(k->n, 1);
	assert_int_equal(k->median_min, 660);
	assert_int_equal(k->met[0], 1);
	assert_int_equal(k->with_due[0], 1);
	/* cleared: R1 2 March 09:00 -> 3 March 10:00 = 1500 min, within 2 working days */
	k = &m->clock[CLOCK_CLEAR];
	assert_int_equal(k->n, 1);
	assert_int_equal(k->median_min, 1500);
	assert_int_equal(k->met[0], 1);

	/* zhangwei: R1 and R2 handled, R1 closed, 4 clocks stopped (R1 x3 met, R2 respond missed) */
	assert_int_equal(m->nengineers, 1);
	assert_string_equal(m->engineers[0].login, "zhangwei");
	assert_string_equal(m->engineers[0].name, "张伟");
	assert_int_equal(m->engineers[0].handled, 2);
	assert_int_equal(m->engineers[0].closed, 1);
	assert_int_equal(m->engineers[0].clocks, 4);
	assert_int_equal(m->engineers[0].met, 3);
	assert_true(m->engineers[0].misses);

	/* faults: ctrl (R2) and elec (R1), one each, by code */
	assert_int_equal(m->nfaults, 2);
	assert_string_equal(m->faults[0].code, "ctrl");
	assert_string_equal(m->faults[1].code, "elec");
	assert_string_equal(m->faults[1].name, "电气故障");
	assert_int_equal(m->faults[0].n, 1);

	/* complaints: one quality complaint, 1 / 3 requests = 3333 basis points, due 5 April */
	assert_int_equal(m->complaints, 1);
	assert_int_equal(m->complaints_by_class[CC_QUALITY], 1);
	assert_int_equal(m->complaints_closed, 0);
	assert_int_equal(m->complaint_rate_bp, 3333);
	assert_string_equal(m->complaint_due, "2026-04-05");

	/* parts: 4 issued, 1 returned, 3 x 25.00 = 75.00; no equipment: billed in full */
	assert_int_equal(m->parts_issued, 4);
	assert_int_equal(m->parts_returned, 1);
	assert_int_equal(m->parts_cost_fen, 7500);
	assert_int_equal(m->parts_charged_fen, 7500);
	assert_int_equal(m->parts_warranty_fen, 0);
	/* stock at 31 March: 10 - 4 + 1 = 7 at 25.00 = 175.00; at or below the reorder point 8 */
	assert_int_equal(m->stock_qty, 7);
	assert_int_equal(m->stock_value_fen, 17500);
	assert_int_equal(m->low_count, 1);
	assert_string_equal(m->low[0].part_no, "BRG-6205");
	assert_int_equal(m->low[0].qty, 7);

	/* visits due in March: 1 done (5), 1 missed, 1 cancelled, 1 not done by the end */
	assert_int_equal(m->visits_planned, 3);
	assert_int_equal(m->visits_done, 1);
	assert_int_equal(m->visits_missed, 1);
	assert_int_equal(m->visits_cancelled, 1);
	assert_int_equal(m->visits_open, 1);
	assert_int_equal(m->satisfaction_n, 1);
	assert_int_equal(m->satisfaction_sum, 5);

	/* charges: labour 200.00, parts 100.00 - 25.00; paid 275.00 */
	assert_int_equal(m->cost_fen[COST_LABOUR], 20000);
	assert_int_equal(m->billed_fen[COST_LABOUR], 20000);
	assert_int_equal(m->cost_fen[COST_PARTS], 7500);
	assert_int_equal(m->billed_total_fen, 27500);
	assert_int_equal(m->received_fen, 27500);
}

static void
check_april(const sd_monthly *m)
{
	/* R6 only */
	assert_int_equal(m->received, 1);
	assert_int_equal(m->voided, 0);
	assert_int_equal(m->closed, 1);                     /* R2 on 3 April */
	/* before 1 May: 6 requests, R3 and R4 voided, R1 and R2 closed: R5 and R6 */
	assert_int_equal(m->carried_over, 2);
	assert_int_equal(m->clock[CLOCK_RESPOND].n, 0);
	assert_int_equal(m->clock[CLOCK_RESPOND].median_min, -1);
	/* R2 cleared: 10 March 14:00 -> 2 April 10:00 = 22 days 20 h = 32880 min, missed */
	assert_int_equal(m->clock[CLOCK_CLEAR].n, 1);
	assert_int_equal(m->clock[CLOCK_CLEAR].median_min, 32880);
	assert_int_equal(m->clock[CLOCK_CLEAR].met[0], 0);
	assert_int_equal(m->clock[CLOCK_CLEAR].with_due[0], 1);
	assert_int_equal(m->complaints, 1);
	assert_int_equal(m->complaints_by_class[CC_NONQUALITY], 1);
	assert_int_equal(m->complaints_closed, 1);          /* the March complaint */
	assert_int_equal(m->complaint_rate_bp, 10000);      /* 1 / 1 */
	assert_int_equal(m->parts_issued, 0);
	/* 7 + 5 received at 25.00 */
	assert_int_equal(m->stock_qty, 12);
	assert_int_equal(m->stock_value_fen, 30000);
	assert_int_equal(m->low_count, 0);
	assert_int_equal(m->visits_planned, 1);             /* visit 5 */
	assert_int_equal(m->visits_done, 0);
	assert_int_equal(m->visits_open, 1);
	assert_int_equal(m->received_fen, 10000);
	assert_int_equal(m->billed_total_fen, 0);
}

static void
test_monthly(void **state)
{
	struct data *d = *state;
	sd_monthly m;
	char *before, *after;
	long long n;
	sd_err err;

	build_march(d);
	/* R1's service card, signed on Tue 3 March, due back by 10 March, came back on the 12th */
	now("2026-03-31 11:00");
	OK(ledger_card_in(d->st, d->r1, "2026-03-12 09:00", -1, &err));
	/* March while it runs (nothing kept for it): the parts from its movements */
	now("2026-03-31 12:00");
	OK(report_monthly(d->st, "2026-03", &m, &err));
	assert_int_equal(m.cards.signed_n, 1);
	assert_int_equal(m.cards.rating_sum, 5);
	assert_int_equal(m.cards.returned, 1);
	assert_int_equal(m.cards.returned_late, 1);
	assert_int_equal(m.cards.out_overdue, 0);
	assert_int_equal(m.parts_issued, 4);
	assert_int_equal(m.parts_returned, 1);
	assert_int_equal(m.parts_cost_fen, 7500);
	assert_int_equal(m.stock_qty, 7);
	report_monthly_free(&m);
	now("2026-04-01 08:00");
	OK(report_monthly(d->st, "2026-03", &m, &err));
	check_march(&m);
	report_monthly_free(&m);
	monthly_json(d->st, "2026-03", &before);

	/* the closing stock of February and March is kept */
	sqlite3_stmt *q;
	assert_int_equal(sqlite3_prepare_v2(store_db(d->st), "SELECT count(*) FROM month_close",
	                                    -1, &q, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	n = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	assert_int_equal(n, 2);

	build_april(d);
	now("2026-05-02 08:00");
	OK(report_monthly(d->st, "2026-03", &m, &err));
	check_march(&m);
	report_monthly_free(&m);
	monthly_json(d->st, "2026-03", &after);
	assert_string_equal(before, after);

	OK(report_monthly(d->st, "2026-04", &m, &err));
	check_april(&m);
	report_monthly_free(&m);

	/* the same without the kept closing stock: computed from the journal again */
	sql(d->st, "DELETE FROM stock_close; DELETE FROM month_close");
	OK(report_monthly(d->st, "2026-04", &m, &err));
	check_april(&m);
	report_monthly_free(&m);
	free(before);
	free(after);

	/* a request entered later with a time of receipt in March drops the kept months */
	now("2026-05-03 09:00");
	char late[24];
	add_req(d->st, "2026-03-31 23:00", CH_PHONE, 3, CUST_B, late);
	OK(report_monthly(d->st, "2026-03", &m, &err));
	assert_int_equal(m.received, 4);                    /* R1, R2, R4 and the late one */
	assert_int_equal(m.carried_over, 4);                /* 3 + the late one */
	report_monthly_free(&m);
	OK(report_monthly(d->st, "2026-04", &m, &err));
	assert_int_equal(m.carried_over, 3);                /* R5, R6 and the late one */
	report_monthly_free(&m);

	/* an empty month, and a malformed one */
	OK(report_monthly(d->st, "2025-01", &m, &err));
	assert_int_equal(m.received, 0);
	assert_int_equal(m.stock_qty, 0);
	assert_int_equal(m.complaint_rate_bp, -1);
	report_monthly_free(&m);
	assert_int_equal(report_monthly(d->st, "2026-13", &m, &err), SD_USAGE);
	report_monthly_free(&m);

	/* the customer's year: CUST_A had R1 (March) and R6 (April), R3 void in March */
	sd_customer_year y;
	OK(report_customer_year(d->st, CUST_A, 2026, &y, &err));
	assert_int_equal(y.m[2].received, 1);
	assert_int_equal(y.m[2].voided, 1);
	assert_int_equal(y.m[2].closed, 1);
	assert_int_equal(y.m[2].responses, 1);
	assert_int_equal(y.m[2].respond_median_min, 30);
	assert_int_equal(y.m[2].clocks, 3);                 /* R1: respond, on site, cleared */
	assert_int_equal(y.m[2].met, 3);
	assert_int_equal(y.m[2].parts_qty, 3);
	assert_int_equal(y.m[2].parts_cost_fen, 7500);
	assert_int_equal(y.m[2].billed_fen, 27500);
	assert_int_equal(y.m[2].received_fen, 27500);
	assert_int_equal(y.m[2].visits_planned, 3);         /* visits 1, 2, 3 (4 cancelled) */
	assert_int_equal(y.m[2].visits_done, 1);
	assert_int_equal(y.m[3].received, 1);               /* R6 */
	assert_int_equal(y.m[3].visits_planned, 1);
	assert_int_equal(y.total.received, 2);
	assert_int_equal(y.total.voided, 1);
	assert_int_equal(y.total.billed_fen, 27500);
	report_customer_free(&y);
	assert_int_equal(report_customer_year(d->st, "无此客户", 2026, &y, &err), SD_DATAERR);
	report_customer_free(&y);
}

static void
test_percentile(void **state)
{
	long v[] = { 50, 10, 30, 20, 40 };
	long one[] = { 7 };
	long ten[] = { 10, 9, 8, 7, 6, 5, 4, 3, 2, 1 };

	(void)state;
	assert_int_equal(report_percentile(v, 5, 50), 30);     /* rank ceil(2.5) = 3 */
	assert_int_equal(report_percentile(v, 5, 90), 50);     /* rank ceil(4.5) = 5 */
	assert_int_equal(report_percentile(one, 1, 90), 7);
	assert_int_equal(report_percentile(ten, 10, 50), 5);   /* rank 5 */
	assert_int_equal(report_percentile(ten, 10, 90), 9);   /* rank 9 */
	assert_int_equal(report_percentile(NULL, 0, 50), -1);
	char mo[8];
	assert_true(report_parse_month("2026-03", mo));
	assert_string_equal(mo, "2026-03");
	assert_false(report_parse_month("2026-3", mo));
	assert_false(report_parse_month("2026-00", mo));
	assert_false(report_parse_month("2026/03", mo));
}

static void
hdr(buf *out, long page, long pages, void *arg)
{
	(void)arg;
	buf_printf(out, "H %ld/%ld\n", page, pages);
}

static void
test_pages(void **state)
{
	page_doc *d = page_new(10, 1, hdr, 1, hdr, true, NULL);
	buf b = { 0 };
	char line[16];

	(void)state;
	page_keep_line(d, "title");
	page_table(d, "head\n----");
	for (int i = 1; i <= 10; i++) {
		snprintf(line, sizeof line, "row %d", i);
		page_row(d, line);
	}
	page_table_end(d);
	assert_int_equal(page_count(d), 2);
	page_render(d, &b);
	/* body of 8 lines: title, heads and 5 rows; then heads repeated and 5 rows, padded */
	assert_string_equal(buf_str(&b),
		"H 1/2\ntitle\nhead\n----\nrow 1\nrow 2\nrow 3\nrow 4\nrow 5\nH 1/2\n"
		"\fH 2/2\nhead\n----\nrow 6\nrow 7\nrow 8\nrow 9\nrow 10\n\nH 2/2\n");
	buf_free(&b);
	page_free(d);

	/* a title with its table that does not fit goes to the next page whole */
	d = page_new(8, 0, NULL, 0, NULL, false, NULL);
	for (int i = 0; i < 5; i++)
		page_line(d, "x");
	page_keep_line(d, "");
	page_keep_line(d, "title");
	page_table(d, "head");
	page_row(d, "r");
	page_table_end(d);
	page_render(d, &b);
	assert_string_equal(buf_str(&b), "x\nx\nx\nx\nx\n\ftitle\nhead\nr\n");
	buf_free(&b);
	page_free(d);

	/* cells by display width: CJK is two cells, cut with an ellipsis */
	page_cell(&b, "深沟球轴承", 6, false);
	buf_putc(&b, '|');
	page_cell(&b, "12", 5, true);
	assert_string_equal(buf_str(&b), "深沟… |   12");
	buf_free(&b);
}

/* report_month_step: the month before and after, across years */
static void
test_month_step(void **state)
{
	char out[8];

	(void)state;
	report_month_step("2026-11", 1, out);
	assert_string_equal(out, "2026-12");
	report_month_step("2026-12", 1, out);
	assert_string_equal(out, "2027-01");
	report_month_step("2027-01", -1, out);
	assert_string_equal(out, "2026-12");
	report_month_step("2026-03", -14, out);
	assert_string_equal(out, "2025-01");
	report_month_step("2026-03", 0, out);
	assert_string_equal(out, "2026-03");
}

/* The engineer with login in m, or fail. */
static const report_engineer *
engineer(const sd_monthly *m, const char *login)
{
	for (size_t i = 0; i < m->nengineers; i++)
		if (strcmp(m->engineers[i].login, login) == 0)
			return &m->engineers[i];
	fail_msg("no engineer %s in the month", login);
	return NULL;
}

static void
check_july(const sd_monthly *m)
{
	const report_engineer *e;

	assert_int_equal(m->nengineers, 2);
	/*
	 * zhangwei: E1 (signed for, proposed, cleared, closed) and E2 (signed
	 * for, proposed) handled; E1 closed; E1 respond 60 min and cleared the
	 * next day, E2 respond 60 min: 3 commitments, all met.
	 */
	e = engineer(m, "zhangwei");
	assert_string_equal(e->name, "张伟");
	assert_int_equal(e->handled, 2);
	assert_int_equal(e->closed, 1);
	assert_int_equal(e->clocks, 3);
	assert_int_equal(e->met, 3);
	assert_false(e->misses);
	/*
	 * sunhao: E2 (taken over on 23 July, on site on the 24th, after the
	 * 24 hours: missed) and E3 (signed for on 28 July) handled.
	 */
	e = engineer(m, "sunhao");
	assert_string_equal(e->name, "孙浩");
	assert_int_equal(e->handled, 2);
	assert_int_equal(e->closed, 0);
	assert_int_equal(e->clocks, 1);
	assert_int_equal(e->met, 0);
	assert_true(e->misses);
	assert_int_equal(m->clock[CLOCK_ONSITE].n, 1);
	assert_int_equal(m->clock[CLOCK_ONSITE].met[0], 0);
	assert_int_equal(m->closed, 1);
}

/*
 * Entries reassigned after the month (and one before a step of the month)
 * are credited to the engineer responsible at the time of each step, so the
 * month's figures stay the same whenever it is reported.
 */
static void
test_engineer_history(void **state)
{
	struct data *d = *state;
	store *st = d->st;
	char e1[24], e2[24], e3[24], *before, *after;
	sd_monthly m;
	sd_err err;

	/* E1: P3 by phone, zhangwei, remote, closed in July */
	now("2026-07-06 09:00");
	add_req(st, "2026-07-06 09:00", CH_PHONE, 3, CUST_A, e1);
	now("2026-07-06 09:05");
	OK(ledger_take(st, e1, "liuyang", &err));
	now("2026-07-06 09:10");
	OK(ledger_assign(st, e1, "zhangwei", -1, &err));
	now("2026-07-06 10:00");
	OK(ledger_propose(st, e1, MODE_REMOTE, "远程登录修改控制参数。", "ctrl", "2026-07-06 10:00",
	                  -1, &err));
	now("2026-07-07 10:00");
	settle_items(st, e1);
	OK(ledger_clear(st, e1, "2026-07-07 10:00", -1, &err));
	OK(ledger_confirm(st, e1, "陈经理", HOW_PHONE, "2026-07-07 10:00", -1, &err));
	now("2026-07-08 09:00");
	OK(ledger_close(st, e1, -1, &err));

	/* E2: P2 by fax, proposed by zhangwei, taken over by sunhao, on site late */
	now("2026-07-20 14:00");
	add_req(st, "2026-07-20 14:00", CH_FAX, 2, CUST_B, e2);
	now("2026-07-20 14:10");
	OK(ledger_take(st, e2, "liuyang", &err));
	now("2026-07-20 14:20");
	OK(ledger_assign(st, e2, "zhangwei", -1, &err));
	now("2026-07-20 15:00");
	OK(ledger_propose(st, e2, MODE_ONSITE, "现场更换加药泵膜片。", "mech", "2026-07-20 15:00",
	                  -1, &err));
	now("2026-07-23 09:00");
	OK(ledger_assign(st, e2, "sunhao", -1, &err));
	now("2026-07-24 16:00");
	OK(ledger_arrive(st, e2, "2026-07-24 16:00", -1, &err));

	/* E3: P4 by letter, signed for by sunhao */
	now("2026-07-28 10:00");
	add_req(st, "2026-07-28 10:00", CH_LETTER, 4, CUST_A, e3);
	now("2026-07-28 10:20");
	OK(ledger_take(st, e3, "liuyang", &err));
	now("2026-07-28 10:30");
	OK(ledger_assign(st, e3, "sunhao", -1, &err));

	now("2026-08-01 08:00");
	OK(report_monthly(st, "2026-07", &m, &err));
	check_july(&m);
	report_monthly_free(&m);
	monthly_json(st, "2026-07", &before);

	/* August: both open entries go to zhangwei, who clears E2 */
	now("2026-08-03 09:00");
	OK(ledger_assign(st, e2, "zhangwei", -1, &err));
	OK(ledger_assign(st, e3, "zhangwei", -1, &err));
	now("2026-08-04 10:00");
	settle_items(st, e2);
	OK(ledger_clear(st, e2, "2026-08-04 10:00", -1, &err));

	now("2026-08-05 08:00");
	OK(report_monthly(st, "2026-07", &m, &err));
	check_july(&m);
	report_monthly_free(&m);
	monthly_json(st, "2026-07", &after);
	assert_string_equal(before, after);
	free(before);
	free(after);

	/* August: zhangwei signed for E2 and E3 and cleared E2 (late: missed) */
	OK(report_monthly(st, "2026-08", &m, &err));
	assert_int_equal(m.nengineers, 1);
	assert_int_equal(engineer(&m, "zhangwei")->handled, 2);
	assert_int_equal(engineer(&m, "zhangwei")->clocks, 1);
	report_monthly_free(&m);

	/* the assignment history is kept with the events; the receipt is copied to the entry */
	sqlite3_stmt *q;
	assert_int_equal(sqlite3_prepare_v2(store_db(st),
		"SELECT group_concat(e.engineer, ',') FROM (SELECT e.engineer FROM ledger_event e "
		"JOIN ledger l ON l.id = e.ledger_id JOIN request r ON r.id = l.request_id "
		"WHERE r.regno = ?1 AND e.kind = 'assign' ORDER BY e.id) e", -1, &q, NULL), SQLITE_OK);
	sqlite3_bind_text(q, 1, e2, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(q, 0), "zhangwei,sunhao,zhangwei");
	sqlite3_finalize(q);
	sql(st, "UPDATE request SET priority = 1, received_at = '2026-07-28 09:00' WHERE priority = 4");
	assert_int_equal(sqlite3_prepare_v2(store_db(st),
		"SELECT l.request_priority || ' ' || l.request_received_at FROM ledger l "
		"JOIN request r ON r.id = l.request_id WHERE r.regno = ?1", -1, &q, NULL), SQLITE_OK);
	sqlite3_bind_text(q, 1, e3, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(q, 0), "1 2026-07-28 09:00");
	sqlite3_finalize(q);
}

/*
 * A month's report counts each request's channel, priority and customer as
 * they stood at the month's end, and a visit as it stood then: edits after
 * the month (priority, channel, customer, a missed visit done) leave the
 * month's figures byte for byte as they were.
 */
static void
test_month_as_it_stood(void **state)
{
	struct data *d = *state;
	store *st = d->st;
	char e1[24], e2[24], *before, *after;
	sd_request r;
	sd_monthly m;
	sd_err err;

	sd_customer c = { .name = CUST_A, .region = "市区" };
	OK(customer_put(st, &c, &err));
	/* E1: P3 by phone, answered in October; E2: P4 by letter */
	now("2025-10-06 09:00");
	add_req(st, "2025-10-06 09:00", CH_PHONE, 3, CUST_A, e1);
	add_req(st, "2025-10-06 09:00", CH_LETTER, 4, CUST_B, e2);
	now("2025-10-06 09:05");
	OK(ledger_take(st, e1, "liuyang", &err));
	OK(ledger_assign(st, e1, "zhangwei", -1, &err));
	now("2025-10-06 10:00");
	OK(ledger_propose(st, e1, MODE_REMOTE, "远程登录修改控制参数。", "ctrl", "2025-10-06 10:00",
	                  -1, &err));
	/* a visit due in October, missed on 10 October */
	sql(st, "INSERT INTO visit (id, customer_id, kind, due_on, status) VALUES "
	        "(1, (SELECT id FROM customer WHERE name = '" CUST_A "'), 'maintenance', '2025-10-08', 'planned')");
	now("2025-10-10 09:00");
	OK(visit_miss(st, 1, -1, "客户停产", &err));

	now("2025-11-02 08:00");
	OK(report_monthly(st, "2025-10", &m, &err));
	assert_int_equal(m.received, 2);
	assert_int_equal(m.by_channel[CH_PHONE], 1);
	assert_int_equal(m.by_channel[CH_EMAIL], 0);
	assert_int_equal(m.by_priority[3], 1);
	assert_int_equal(m.by_priority[1], 0);
	assert_int_equal(m.clock[CLOCK_RESPOND].with_due[3], 1);
	assert_int_equal(m.clock[CLOCK_RESPOND].with_due[1], 0);
	assert_int_equal(m.visits_missed, 1);
	assert_int_equal(m.visits_open, 0);
	report_monthly_free(&m);
	monthly_json(st, "2025-10", &before);

	/* November: E1 becomes P1 by e-mail, E2 another customer's; the visit is done */
	now("2025-11-05 09:00");
	OK(intake_get(st, e1, &r, &err));
	r.priority = 1;
	r.channel = CH_EMAIL;
	OK(intake_update(st, &r, NULL, &err));
	intake_request_free(&r);
	OK(intake_get(st, e2, &r, &err));
	free(r.customer);
	r.customer = xstrdup(CUST_A);
	r.priority = 2;
	OK(intake_update(st, &r, NULL, &err));
	intake_request_free(&r);
	OK(visit_done(st, 1, -1, 4, -1, "补做巡检", NULL, &err));

	now("2025-11-06 08:00");
	OK(report_monthly(st, "2025-10", &m, &err));
	assert_int_equal(m.by_channel[CH_PHONE], 1);
	assert_int_equal(m.by_priority[3], 1);
	assert_int_equal(m.clock[CLOCK_RESPOND].with_due[3], 1);
	assert_int_equal(m.visits_missed, 1);
	assert_int_equal(m.visits_done, 0);
	assert_int_equal(m.visits_open, 0);
	report_monthly_free(&m);
	monthly_json(st, "2025-10", &after);
	assert_string_equal(before, after);
	free(before);
	free(after);

	/* November sees the requests as they stand now */
	now("2025-12-01 08:00");
	OK(report_monthly(st, "2025-11", &m, &err));
	assert_int_equal(m.received, 0);
	report_monthly_free(&m);
	sqlite3_stmt *q;
	assert_int_equal(sqlite3_prepare_v2(store_db(st), "SELECT count(*), min(until_at) FROM request_was",
	                                    -1, &q, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(q, 0), 2);
	assert_string_equal((const char *)sqlite3_column_text(q, 1), "2025-11-05 09:00");
	sqlite3_finalize(q);
}

/*
 * A visit missed in a month and done the next counts as missed in the month
 * it was missed, whenever the report is run; one missed and done within the
 * same month counts as done there.
 */
static void
test_visit_missed_then_done(void **state)
{
	struct data *d = *state;
	store *st = d->st;
	sd_monthly m;
	sd_err err;

	sd_customer c = { .name = CUST_A, .region = "市区" };
	OK(customer_put(st, &c, &err));
	sql(st, "INSERT INTO visit (id, customer_id, kind, due_on, status) VALUES "
	        "(1, (SELECT id FROM customer WHERE name = '" CUST_A "'), 'maintenance', '2025-10-08', 'planned'), "
	        "(2, (SELECT id FROM customer WHERE name = '" CUST_A "'), 'maintenance', '2025-10-09', 'planned')");
	now("2025-10-10 09:00");
	OK(visit_miss(st, 1, -1, "客户停产", &err));
	OK(visit_miss(st, 2, -1, "客户停产", &err));
	now("2025-10-20 09:00");
	OK(visit_done(st, 2, -1, 5, -1, "补做", NULL, &err));
	now("2025-11-02 08:00");
	OK(report_monthly(st, "2025-10", &m, &err));
	assert_int_equal(m.visits_missed, 1);
	assert_int_equal(m.visits_done, 1);
	report_monthly_free(&m);
	now("2025-11-05 09:00");
	OK(visit_done(st, 1, -1, 4, -1, "补做巡检", NULL, &err));
	now("2025-11-06 08:00");
	OK(report_monthly(st, "2025-10", &m, &err));
	assert_int_equal(m.visits_planned, 2);
	assert_int_equal(m.visits_missed, 1);
	assert_int_equal(m.visits_done, 1);
	assert_int_equal(m.visits_open, 0);
	report_monthly_free(&m);
	/* and in the customer's year, month by month */
	sd_customer_year y;
	OK(report_customer_year(st, CUST_A, 2025, &y, &err));
	assert_int_equal(y.m[9].visits_missed, 1);
	assert_int_equal(y.m[9].visits_done, 1);
	report_customer_free(&y);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_percentile),
		cmocka_unit_test(test_pages),
		cmocka_unit_test(test_month_step),
		cmocka_unit_test_setup_teardown(test_monthly, setup, teardown),
		cmocka_unit_test_setup_teardown(test_engineer_history, setup_history, teardown),
		cmocka_unit_test_setup_teardown(test_month_as_it_stood, setup_stood, teardown),
		cmocka_unit_test_setup_teardown(test_visit_missed_then_done, setup_visits, teardown),
	};
	int rc;

	if (!mkdtemp(dir))
		return 1;
	setenv("TZ", "Asia/Shanghai", 1);
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	buf b = { 0 };
	buf_printf(&b, "rm -rf '%s'", dir);
	if (system(buf_str(&b)) != 0)
		rc = rc ? rc : 1;
	buf_free(&b);
	return rc;
}
