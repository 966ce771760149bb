/*
 * Unit tests of the complaints: the list (keyset paging newest first, the
 * filters, the row's columns); the handling rules (approval before closing
 * at each severity, who may approve, a new severity needs a new approval,
 * the optimistic check, the progress log); the first-reply clock (round the
 * clock by default, across a weekend, a holiday and an adjusted working day
 * when the policy counts working time).
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
#include "complaint_report.h"
#include "intake.h"
#include "datetime.h"
#include "ledger.h"
#include "sla.h"
#include "staff.h"
#include "store.h"

static char dir[] = "/tmp/servdesk-complaint-XXXXXX";
static int dbcount;

#define OK(call) do { if ((call) != SD_OK) fail_msg("%s: %s", #call, err.msg); } while (0)

struct fixture {
	char *path;
	store *st;
	char regno[24];       /* a request taken into the ledger */
	char loose[24];       /* a request not taken in */
};

/*
 * The complaints on record, in the order added: received at, class,
 * customer, linked (1: the ledger entry), closed, description.
 */
static const struct {
	const char *at;
	int cls;
	const char *customer;
	bool linked, closed;
	const char *description;
} seed[] = {
	{ "2026-10-08 09:00", CC_QUALITY, "江苏驰耐特防腐科技有限公司", true, true,
	  "密封圈批量漏油\n20套中3套返厂" },
	{ "2026-10-09 14:30", CC_NONQUALITY, "常熟市第二中学", false, false,
	  "操作人员未按规程清洗喷枪,导致堵塞" },
	{ "2026-10-09 14:30", CC_OTHER, "苏州电气集团有限公司", false, true, "\n\n发票抬头有误" },
	{ "2026-10-12 10:00", CC_QUALITY, "上海宝钢设备维修中心", true, false, "液压站压力不稳,更换后仍报警" },
	{ "2026-10-12 10:00", CC_QUALITY, "北京华电科技有限公司", false, false, "控制柜报警无法复位" },
	{ "2026-10-15 08:15", CC_NONQUALITY, "无锡市锡山区环卫处", false, true, "运输途中磕碰,外壳变形" },
	{ "2026-10-20 16:45", CC_QUALITY, "江苏驰耐特防腐科技有限公司", false, false, "喷嘴磨损过快" },
};
#define NSEED ((int)(sizeof seed / sizeof seed[0]))

static int
setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof *f);
	buf b = { 0 };
	sd_err err;
	sd_request r;

	setenv("SERVDESK_NOW", "2026-10-31 08:00", 1);   /* after the complaints below */
	buf_printf(&b, "%s/t%d.db", dir, ++dbcount);
	f->path = buf_steal(&b);
	if (store_open(f->path, STORE_OPEN_CREATE, "liuyang", &f->st, &err) != SD_OK)
		return -1;
	sd_staff boss = { .login = "liuyang", .name = "刘洋", .role = ROLE_SUPERVISOR, .active = true };
	if (staff_put(f->st, &boss, &err) != SD_OK)
		return -1;
	for (int k = 0; k < 2; k++) {
		intake_request_init(&r);
		snprintf(r.received_at, sizeof r.received_at, "2026-09-2%d 09:00", k + 1);
		r.channel = CH_PHONE;
		r.customer = xstrdup("江苏驰耐特防腐科技有限公司");
		r.requester = xstrdup("吴振华");
		r.phone = xstrdup("0512-58639752");
		r.priority = 3;
		intake_request_add_item(&r, "高压无气喷涂机压力上不去");
		if (intake_add(f->st, &r, false, &err) != SD_OK)
			return -1;
		snprintf(k ? f->loose : f->regno, sizeof f->regno, "%s", r.regno);
		intake_request_free(&r);
	}
	if (ledger_take(f->st, f->regno, NULL, &err) != SD_OK)
		return -1;
	for (int i = 0; i < NSEED; i++) {
		sd_complaint c = { .customer = (char *)seed[i].customer, .cls = seed[i].cls,
		                   .description = (char *)seed[i].description,
		                   .regno = seed[i].linked ? f->regno : NULL,
		                   .quantity = -1, .defective = -1 };
		snprintf(c.received_at, sizeof c.received_at, "%s", seed[i].at);
		if (complaint_add(f->st, &c, &err) != SD_OK || c.id != i + 1)
			return -1;
		if (seed[i].closed && complaint_close(f->st, c.id, "已处理", &err) != SD_OK)
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
free_rows(sd_complaint_row *rows, int n)
{
	for (int i = 0; i < n; i++)
		complaint_row_free(&rows[i]);
}

/* The numbers of the rows as "7,5,4". */
static void
ids(const sd_complaint_row *rows, int n, char *out, size_t size)
{
	size_t k = 0;

	out[0] = '\0';
	for (int i = 0; i < n && k < size; i++)
		k += (size_t)snprintf(out + k, size - k, "%s%lld", i ? "," : "", rows[i].id);
}

/* The whole list walked forwards one page of `limit` at a time, as "7,5,4,...". */
static void
walk_forward(store *st, bool open_only, int cls, int limit, char *out, size_t size)
{
	sd_complaint_row page[8], last;
	sd_err err;
	int n;
	size_t k = 0;
	bool first = true;

	out[0] = '\0';
	memset(&last, 0, sizeof last);
	for (;;) {
		OK(complaint_page(st, open_only, cls, first ? PAGE_FIRST : PAGE_AFTER, &last, limit,
		                  page, &n, &err));
		if (n == 0)
			break;
		for (int i = 0; i < n; i++)
			k += (size_t)snprintf(out + k, size - k, "%s%lld", k ? "," : "", page[i].id);
		complaint_row_free(&last);
		last = page[n - 1];
		page[n - 1].customer = page[n - 1].summary = NULL;
		free_rows(page, n);
		first = false;
	}
	complaint_row_free(&last);
}

/* The whole list walked backwards from the end, as "7,5,4,..." (list order). */
static void
walk_backward(store *st, bool open_only, int cls, int limit, char *out, size_t size)
{
	sd_complaint_row page[8], first_row;
	char all[256] = "", tmp[256], part[256];
	sd_err err;
	int n;
	bool first = true;

	memset(&first_row, 0, sizeof first_row);
	for (;;) {
		OK(complaint_page(st, open_only, cls, first ? PAGE_LAST : PAGE_BEFORE, &first_row,
		                  limit, page, &n, &err));
		if (n == 0)
			break;
		ids(page, n, part, sizeof part);
		{
			/* this page's numbers before those of the later pages */
			size_t pl = strlen(part), al = strlen(all), k = pl;
			assert_true(pl + 1 + al < sizeof tmp);
			memcpy(tmp, part, pl);
			if (al)
				tmp[k++] = ',';
			memcpy(tmp + k, all, al + 1);
			memcpy(all, tmp, k + al + 1);
		}
		complaint_row_free(&first_row);
		first_row = page[0];
		page[0].customer = page[0].summary = NULL;
		free_rows(page, n);
		first = false;
	}
	complaint_row_free(&first_row);
	snprintf(out, size, "%s", all);
}

static void
test_complaint_page_order_and_filters(void **state)
{
	struct fixture *f = *state;
	/* newest first; equal times by number, descending */
	static const struct {
		bool open_only;
		int cls;
		const char *want;
	} cases[] = {
		{ false, -1, "7,6,5,4,3,2,1" },
		{ true, -1, "7,5,4,2" },
		{ false, CC_QUALITY, "7,5,4,1" },
		{ true, CC_QUALITY, "7,5,4" },
		{ false, CC_NONQUALITY, "6,2" },
		{ true, CC_NONQUALITY, "2" },
		{ false, CC_OTHER, "3" },
		{ true, CC_OTHER, "" },
	};
	char got[256];

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		for (int limit = 1; limit <= 8; limit++) {
			walk_forward(f->st, cases[i].open_only, cases[i].cls, limit, got, sizeof got);
			if (strcmp(got, cases[i].want) != 0)
				fail_msg("case %zu forward by %d: got '%s', want '%s'", i, limit, got, cases[i].want);
			walk_backward(f->st, cases[i].open_only, cases[i].cls, limit, got, sizeof got);
			if (strcmp(got, cases[i].want) != 0)
				fail_msg("case %zu backward by %d: got '%s', want '%s'", i, limit, got, cases[i].want);
		}
	}
}

static void
test_complaint_page_rows(void **state)
{
	struct fixture *f = *state;
	sd_complaint_row rows[8];
	sd_err err;
	int n;

	OK(complaint_page(f->st, false, -1, PAGE_FIRST, NULL, 8, rows, &n, &err));
	assert_int_equal(n, NSEED);
	for (int i = 0; i < n; i++) {
		int s = (int)rows[i].id - 1;
		assert_true(s >= 0 && s < NSEED);
		assert_string_equal(rows[i].received_at, seed[s].at);
		assert_int_equal(rows[i].cls, seed[s].cls);
		assert_string_equal(rows[i].customer, seed[s].customer);
		assert_int_equal(rows[i].open, !seed[s].closed);
		assert_string_equal(rows[i].regno, seed[s].linked ? f->regno : "");
	}
	/* the description's first line (blank lines before it skipped) */
	assert_string_equal(rows[NSEED - 1].summary, "密封圈批量漏油");
	assert_string_equal(rows[NSEED - 3].summary, "发票抬头有误");
	assert_string_equal(rows[0].summary, "喷嘴磨损过快");
	free_rows(rows, n);

	/* the last page: the oldest rows, still in list order */
	OK(complaint_page(f->st, false, -1, PAGE_LAST, NULL, 3, rows, &n, &err));
	assert_int_equal(n, 3);
	assert_int_equal(rows[0].id, 3);
	assert_int_equal(rows[2].id, 1);
	free_rows(rows, n);

	/* nothing asked, nothing read; paging needs an anchor */
	OK(complaint_page(f->st, false, -1, PAGE_FIRST, NULL, 0, rows, &n, &err));
	assert_int_equal(n, 0);
	assert_int_equal(complaint_page(f->st, false, -1, PAGE_AFTER, NULL, 3, rows, &n, &err),
	                 SD_INTERNAL);
	assert_int_equal(n, 0);
}

static void
test_complaint_page_after_changes(void **state)
{
	struct fixture *f = *state;
	sd_complaint_row rows[8];
	sd_err err;
	int n;

	/* a request not taken into the ledger cannot be linked */
	sd_complaint bad = { .customer = "江苏驰耐特防腐科技有限公司", .cls = CC_QUALITY,
	                     .description = "x", .regno = f->loose, .quantity = -1, .defective = -1 };
	assert_int_equal(complaint_add(f->st, &bad, &err), SD_DATAERR);
	assert_non_null(strstr(err.msg, f->loose));

	/* recorded now: the first row; closed out: gone from the open list */
	setenv("SERVDESK_NOW", "2026-11-24 12:00", 1);
	sd_complaint c = { .customer = "常熟市第二中学", .cls = CC_NONQUALITY,
	                   .description = "人为损坏", .quantity = 10, .defective = 2 };
	OK(complaint_add(f->st, &c, &err));
	OK(complaint_page(f->st, true, -1, PAGE_FIRST, NULL, 2, rows, &n, &err));
	assert_int_equal(n, 2);
	assert_int_equal(rows[0].id, c.id);
	assert_string_equal(rows[0].received_at, "2026-11-24 12:00");
	assert_true(rows[0].open);
	free_rows(rows, n);
	OK(complaint_close(f->st, c.id, "向用户说明使用规范", &err));
	OK(complaint_page(f->st, true, -1, PAGE_FIRST, NULL, 2, rows, &n, &err));
	assert_int_equal(n, 2);
	assert_int_equal(rows[0].id, 7);
	free_rows(rows, n);
	OK(complaint_page(f->st, false, -1, PAGE_FIRST, NULL, 1, rows, &n, &err));
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].id, c.id);
	assert_false(rows[0].open);
	free_rows(rows, n);
}

/* Add a complaint received at `at`; its number. */
static long long
add_at(store *st, const char *at)
{
	sd_err err;
	sd_complaint c = { .customer = (char *)"苏州电气集团有限公司", .cls = CC_QUALITY,
	                   .description = (char *)"合闸线圈烧毁", .quantity = -1, .defective = -1 };

	snprintf(c.received_at, sizeof c.received_at, "%s", at);
	OK(complaint_add(st, &c, &err));
	return c.id;
}

static void
set_severity(store *st, long long id, int severity)
{
	sd_complaint c;
	sd_err err;

	OK(complaint_get(st, id, &c, &err));
	c.severity = severity;
	OK(complaint_handle(st, &c, &err));
	complaint_free(&c);
}

static void
test_approval_by_severity(void **state)
{
	struct fixture *f = *state;
	sd_err err;
	sd_complaint c;

	sd_staff eng = { .login = "zhangwei", .name = "张伟", .role = ROLE_ENGINEER, .active = true };
	OK(staff_put(f->st, &eng, &err));
	store *as_eng;
	OK(store_open(f->path, 0, "zhangwei", &as_eng, &err));

	for (int sev = 0; sev < CS_COUNT; sev++) {
		long long id = add_at(f->st, "2026-10-30 09:00");
		set_severity(f->st, id, sev);
		if (!complaint_needs_approval(sev)) {
			/* general: nothing to approve, it closes */
			assert_int_equal(complaint_approve(f->st, id, 0, NULL, &err), SD_DATAERR);
			OK(complaint_close(f->st, id, "已处理", &err));
			continue;
		}
		/* serious, major: refused until approved, and only a supervisor approves */
		assert_int_equal(complaint_close(f->st, id, "已处理", &err), SD_DATAERR);
		assert_non_null(strstr(err.msg, "approve"));
		assert_int_equal(complaint_approve(as_eng, id, 0, NULL, &err), SD_NOPERM);
		OK(complaint_approve(f->st, id, 0, "同意", &err));
		/* raised or lowered meanwhile: the approval was for another severity */
		set_severity(f->st, id, sev == CS_SERIOUS ? CS_MAJOR : CS_SERIOUS);
		OK(complaint_get(f->st, id, &c, &err));
		assert_string_equal(c.approved_at, "");
		complaint_free(&c);
		assert_int_equal(complaint_close(f->st, id, "已处理", &err), SD_DATAERR);
		OK(complaint_approve(f->st, id, 0, NULL, &err));
		OK(complaint_get(f->st, id, &c, &err));
		assert_string_equal(c.approved_by, "liuyang");
		assert_string_equal(c.approved_at, "2026-10-31 08:00");
		complaint_free(&c);
		OK(complaint_close(as_eng, id, "已处理", &err));
		/* closed: no more handling, but the claim may still be settled and progress logged */
		assert_int_equal(complaint_approve(f->st, id, 0, NULL, &err), SD_DATAERR);
		OK(complaint_settle(f->st, id, 0, 80000, "2026-10-31", &err));
		OK(complaint_progress_add(f->st, id, CP_NOTE, "客户回访满意", &err));
	}
	store_close(as_eng);
}

static void
test_handle_version_and_roles(void **state)
{
	struct fixture *f = *state;
	sd_err err;
	sd_complaint c;
	long long id = add_at(f->st, "2026-10-30 09:00");

	sd_staff op = { .login = "wangli", .name = "王丽", .role = ROLE_OPERATOR, .active = true };
	OK(staff_put(f->st, &op, &err));
	store *as_op;
	OK(store_open(f->path, 0, "wangli", &as_op, &err));
	OK(complaint_get(f->st, id, &c, &err));
	/* an operator logs progress and replies, but does not handle */
	OK(complaint_progress_add(as_op, id, CP_NOTE, "已登记", &err));
	assert_int_equal(complaint_handle(as_op, &c, &err), SD_NOPERM);
	/* a change made meanwhile: the version read is refused */
	int read = c.version;
	free(c.cause);
	c.cause = xstrdup("材料不合格");
	OK(complaint_handle(f->st, &c, &err));
	c.version = read;
	free(c.department);
	c.department = xstrdup("质量部");
	assert_int_equal(complaint_handle(f->st, &c, &err), SD_DATAERR);
	assert_non_null(strstr(err.msg, "meanwhile"));
	complaint_free(&c);
	/* a check needs the corrective action first */
	assert_int_equal(complaint_verify(f->st, id, 0, "合格", &err), SD_DATAERR);
	/* the progress log cannot be changed */
	assert_int_not_equal(sqlite3_exec(store_db(f->st), "UPDATE complaint_progress SET text = 'x'",
	                                  NULL, NULL, NULL), SQLITE_OK);
	store_close(as_op);
}

/* The stored reply due time of a complaint received at `at`. */
static void
assert_due(store *st, const char *at, const char *want)
{
	sd_complaint c;
	sd_err err;
	long long id = add_at(st, at);

	OK(complaint_get(st, id, &c, &err));
	assert_string_equal(c.reply_due, want);
	complaint_free(&c);
}

static void
test_reply_clock(void **state)
{
	struct fixture *f = *state;
	sd_err err;
	sd_complaint c;
	sla_dur d;
	long n;

	/* 30 minutes round the clock (seed 002): holidays and nights count */
	complaint_reply_policy(f->st, &d);
	assert_int_equal(d.count, SLA_ELAPSED);
	assert_int_equal(d.amount, 30);
	assert_due(f->st, "2026-09-30 23:50", "2026-10-01 00:20");
	assert_due(f->st, "2026-10-17 12:00", "2026-10-17 12:30");   /* a Saturday */
	/* a first reply after the due time: missed; the list marks an unanswered one overdue */
	long long id = add_at(f->st, "2026-10-31 07:00");
	OK(complaint_get(f->st, id, &c, &err));
	sd_time now;
	assert_true(time_parse("2026-10-31 08:00", &now));
	assert_int_equal(complaint_reply_state(f->st, &c, now), SLA_OVERDUE);
	complaint_free(&c);
	OK(complaint_progress_add(f->st, id, CP_REPLY, "已回复", &err));
	OK(complaint_progress_add(f->st, id, CP_REPLY, "再次回复", &err));
	OK(complaint_get(f->st, id, &c, &err));
	assert_string_equal(c.replied_at, "2026-10-31 08:00");   /* the first reply stops the clock */
	assert_int_equal(complaint_reply_state(f->st, &c, now), SLA_MISSED);
	complaint_free(&c);

	/* a site counting working time: weekends, holidays pass over, adjusted working days count */
	long long open_id = add_at(f->st, "2026-10-30 23:50");
	assert_true(sla_dur_parse("30wm", &d));
	OK(complaint_reply_policy_set(f->st, d, &n, &err));
	assert_true(n >= 1);
	OK(complaint_get(f->st, open_id, &c, &err));
	assert_string_equal(c.reply_due, "2026-11-02 00:20");   /* Friday night to Monday */
	complaint_free(&c);
	OK(complaint_get(f->st, id, &c, &err));
	assert_string_equal(c.reply_due, "2026-10-31 07:30");   /* replied: its due time is kept */
	complaint_free(&c);
	assert_due(f->st, "2026-09-30 23:50", "2026-10-08 00:20");   /* National Day, 1-7 October */
	assert_due(f->st, "2026-10-09 23:50", "2026-10-10 00:20");   /* Saturday 10 October is worked */
	/* off: no commitment, never overdue */
	assert_true(sla_dur_parse("off", &d));
	OK(complaint_reply_policy_set(f->st, d, NULL, &err));
	id = add_at(f->st, "2026-10-01 09:00");
	OK(complaint_get(f->st, id, &c, &err));
	assert_string_equal(c.reply_due, "");
	assert_int_equal(complaint_reply_state(f->st, &c, now), SLA_NONE);
	complaint_free(&c);
}

/* Add at `at` with severity, cause and department; reply at `reply` unless NULL. */
static long long
add_handled(store *st, const char *at, int severity, const char *cause, const char *dept, const char *reply)
{
	sd_complaint c;
	sd_err err;
	long long id = add_at(st, at);

	OK(complaint_get(st, id, &c, &err));
	c.severity = severity;
	c.cause = cause ? xstrdup(cause) : NULL;
	c.department = dept ? xstrdup(dept) : NULL;
	OK(complaint_handle(st, &c, &err));
	complaint_free(&c);
	if (reply) {
		setenv("SERVDESK_NOW", reply, 1);
		OK(complaint_progress_add(st, id, CP_REPLY, "已回复", &err));
		setenv("SERVDESK_NOW", "2026-11-30 12:00", 1);
	}
	return id;
}

static void
test_complaint_month(void **state)
{
	struct fixture *f = *state;
	sd_complaint_month m;
	sd_err err;

	setenv("SERVDESK_NOW", "2026-11-30 12:00", 1);
	long long a = add_handled(f->st, "2026-11-02 09:00", CS_SERIOUS, "材料不合格", "质量部", "2026-11-02 09:10");
	long long b = add_handled(f->st, "2026-11-03 10:00", CS_MAJOR, NULL, "质量部", "2026-11-03 11:00");
	add_handled(f->st, "2026-11-04 08:00", CS_GENERAL, NULL, NULL, NULL);
	/* approved and closed in December: still open at November's end */
	OK(complaint_approve(f->st, a, 0, NULL, &err));
	OK(complaint_month(f->st, "2026-11-01 00:00", "2026-12-01 00:00", &m, &err));
	assert_int_equal(m.received, 3);
	assert_int_equal(m.by_severity[CS_GENERAL], 1);
	assert_int_equal(m.by_severity[CS_SERIOUS], 1);
	assert_int_equal(m.by_severity[CS_MAJOR], 1);
	assert_int_equal(m.ncauses, 2);
	assert_string_equal(m.causes[0].name, "");          /* not recorded: 2 */
	assert_int_equal(m.causes[0].n, 2);
	assert_string_equal(m.causes[1].name, "材料不合格");
	assert_int_equal(m.ndepartments, 2);
	assert_string_equal(m.departments[0].name, "质量部");
	assert_int_equal(m.departments[0].n, 2);
	/* 10 min (within), 60 min (late), no reply past due (late) */
	assert_int_equal(m.reply_clocks, 3);
	assert_int_equal(m.reply_within, 1);
	assert_int_equal(m.reply_late, 2);
	assert_int_equal(m.reply_median_min, 10);
	assert_int_equal(m.reply_average_min, 35);
	assert_int_equal(m.nopen_serious, 2);
	assert_int_equal(m.open_serious[0].id, a);
	assert_true(m.open_serious[0].approved);
	assert_int_equal(m.open_serious[1].id, b);
	assert_false(m.open_serious[1].approved);
	complaint_month_free(&m);
	/* October: the seed's complaints, general, no reply; the closed ones stopped at their close */
	OK(complaint_month(f->st, "2026-10-01 00:00", "2026-11-01 00:00", &m, &err));
	assert_int_equal(m.received, NSEED);
	assert_int_equal(m.by_severity[CS_GENERAL], NSEED);
	assert_int_equal(m.reply_within, 0);
	assert_int_equal(m.reply_late, NSEED);
	assert_int_equal(m.nopen_serious, 0);
	complaint_month_free(&m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_complaint_page_order_and_filters, setup, teardown),
		cmocka_unit_test_setup_teardown(test_complaint_page_rows, setup, teardown),
		cmocka_unit_test_setup_teardown(test_complaint_page_after_changes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_approval_by_severity, setup, teardown),
		cmocka_unit_test_setup_teardown(test_handle_version_and_roles, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reply_clock, setup, teardown),
		cmocka_unit_test_setup_teardown(test_complaint_month, setup, teardown),
	};
	int rc;

	if (!mkdtemp(dir))
		return 99;
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	for (int i = 1; i <= dbcount; i++) {
		char p[256];
		snprintf(p, sizeof p, "%s/t%d.db", dir, i);
		unlink(p);
		snprintf(p, sizeof p, "%s/t%d.db-wal", dir, i);
		unlink(p);
		snprintf(p, sizeof p, "%s/t%d.db-shm", dir, i);
		unlink(p);
	}
	rmdir(dir);
	return rc;
}
