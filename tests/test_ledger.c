/* Unit tests of the after-sales ledger: lifecycle, refusals, clocks, charges, lists, complaints. */
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
#include "customer.h"
#include "intake.h"
#include "ledger.h"
#include "workcal.h"
#include "search_tok.h"
#include "report.h"
#include "staff.h"
#include "store.h"

static char dir[] = "/tmp/servdesk-ledger-XXXXXX";
static int dbcount;

struct fixture {
	char *path;
	store *st;
};

static const struct {
	const char *login, *name;
	int role;
	bool active;
} people[] = {
	{ "liuyang", "刘洋", ROLE_SUPERVISOR, true },
	{ "wangli", "王丽", ROLE_OPERATOR, true },
	{ "zhangwei", "张伟", ROLE_ENGINEER, true },
	{ "liqiang", "李强", ROLE_ENGINEER, true },
	{ "zhougang", "周刚", ROLE_STOREKEEPER, true },
	{ "laozhao", "老赵", ROLE_ENGINEER, false },
};

static int
setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof *f);
	buf b = { 0 };
	sd_err err;

	setenv("SERVDESK_NOW", "2026-11-24 12:00", 1);
	buf_printf(&b, "%s/t%d.db", dir, ++dbcount);
	f->path = buf_steal(&b);
	if (store_open(f->path, STORE_OPEN_CREATE, "liuyang", &f->st, &err) != SD_OK)
		return -1;
	for (size_t i = 0; i < SD_ARRAY_LEN(people); i++) {
		sd_staff s = { .login = (char *)people[i].login, .name = (char *)people[i].name,
		               .role = people[i].role, .active = people[i].active };
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
at_now(const char *t)
{
	setenv("SERVDESK_NOW", t, 1);
}

/* Add a request received at `at`; returns its register number (static buffer per call site is not enough: malloc'd). */
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

static char *
add_request(store *st, const char *at, const char *customer, const char *serial, int priority)
{
	sd_request r;
	sd_err err;
	char *regno;

	intake_request_init(&r);
	snprintf(r.received_at, sizeof r.received_at, "%s", at);
	r.channel = CH_PHONE;
	r.customer = xstrdup(customer);
	r.requester = xstrdup("吴振华");
	r.phone = xstrdup("0512-58639752");
	r.serial = serial ? xstrdup(serial) : NULL;
	r.priority = priority;
	intake_request_add_item(&r, "高压无气喷涂机压力上不去,最高只到12MPa(正常21MPa)");
	if (intake_add(st, &r, false, &err) != SD_OK)
		fail_msg("intake_add: %s", err.msg);
	regno = xstrdup(r.regno);
	intake_request_free(&r);
	return regno;
}

static int
version(store *st, const char *regno)
{
	sd_ledger l;
	sd_err err;
	int v;

	if (ledger_get(st, regno, &l, &err) != SD_OK)
		fail_msg("ledger_get %s: %s", regno, err.msg);
	v = l.version;
	ledger_free(&l);
	return v;
}

static int
lstate(store *st, const char *regno)
{
	sd_ledger l;
	sd_err err;
	int s;

	assert_int_equal(ledger_get(st, regno, &l, &err), SD_OK);
	s = l.state;
	ledger_free(&l);
	return s;
}

#define OK(call) do { if ((call) != SD_OK) fail_msg("%s: %s", #call, err.msg); } while (0)

static long long
count(store *st, const char *sql, const char *arg)
{
	sqlite3_stmt *q;
	long long n = -1;

	assert_int_equal(sqlite3_prepare_v2(store_db(st), sql, -1, &q, NULL), SQLITE_OK);
	if (arg)
		sqlite3_bind_text(q, 1, arg, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(q) == SQLITE_ROW)
		n = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	return n;
}

/* The stored due times equal what ledger_clocks computes now. */
static void
check_stored_dues(store *st, const char *regno)
{
	sd_ledger l;
	sd_err err;
	int state[CLOCK_COUNT];
	sd_time due[CLOCK_COUNT], now;
	char nows[17];

	store_now(nows);
	assert_true(time_parse(nows, &now));
	assert_int_equal(ledger_get(st, regno, &l, &err), SD_OK);
	assert_int_equal(ledger_clocks(st, &l, now, state, due, NULL, &err), SD_OK);
	for (int c = 0; c < CLOCK_COUNT; c++)
		if (l.due[c] != due[c])
			fail_msg("%s clock %d: stored %lld, computed %lld", regno, c, (long long)l.due[c], (long long)due[c]);
	ledger_free(&l);
}

static char *
stored_col(store *st, const char *regno, const char *col)
{
	char sql[256];
	sqlite3_stmt *q;
	char *v = NULL;

	snprintf(sql, sizeof sql, "SELECT l.%s FROM ledger l JOIN request r ON r.id = l.request_id WHERE r.regno = ?", col);
	assert_int_equal(sqlite3_prepare_v2(store_db(st), sql, -1, &q, NULL), SQLITE_OK);
	sqlite3_bind_text(q, 1, regno, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(q) == SQLITE_ROW && sqlite3_column_type(q, 0) != SQLITE_NULL)
		v = xstrdup((const char *)sqlite3_column_text(q, 0));
	sqlite3_finalize(q);
	return v;
}

static void
assert_col(store *st, const char *regno, const char *col, const char *want)
{
	char *v = stored_col(st, regno, col);

	if (want == NULL) {
		if (v)
			fail_msg("%s.%s: expected NULL, got %s", regno, col, v);
	} else {
		if (!v || strcmp(v, want) != 0)
			fail_msg("%s.%s: expected %s, got %s", regno, col, want, v ? v : "NULL");
	}
	free(v);
}

/* ---------------------------------------------------------------- codes */

static void
test_ledger_codes(void **state)
{
	for (int i = 0; i < LS_COUNT; i++)
		assert_int_equal(ledger_state_parse(ledger_state_code(i)), i);
	for (int i = 0; i < MODE_COUNT; i++)
		assert_int_equal(ledger_mode_parse(ledger_mode_code(i)), i);
	for (int i = 0; i < HOW_COUNT; i++)
		assert_int_equal(ledger_how_parse(ledger_how_code(i)), i);
	assert_int_equal(ledger_mode_parse("现场"), MODE_ONSITE);
	assert_int_equal(ledger_mode_parse("远程登录"), MODE_REMOTE);
	assert_int_equal(ledger_mode_parse("电话指导"), MODE_PHONE);
	assert_int_equal(ledger_how_parse("服务卡签字"), HOW_CARD);
	assert_int_equal(ledger_how_parse("传真"), HOW_FAX);
	assert_int_equal(ledger_state_parse("无法解决"), LS_UNRESOLVABLE);
	assert_int_equal(ledger_state_parse("nonsense"), -1);
	assert_int_equal(complaint_class_parse("质量投诉"), CC_QUALITY);
	assert_int_equal(complaint_class_parse("非质量投诉"), CC_NONQUALITY);
	assert_int_equal(complaint_class_parse("other"), CC_OTHER);
}

/* ---------------------------------------------------------------- whole entries */

struct hist {
	buf kinds;
	int n;
};

static int
collect(const sd_ledger_event *e, void *arg)
{
	struct hist *h = arg;

	buf_printf(&h->kinds, "%s%s", h->n++ ? "," : "", e->kind);
	return SD_OK;
}

static void
test_ledger_onsite_whole(void **state)
{
	struct fixture *f = *state;
	sd_err err;
	store *st = f->st;

	at_now("2026-11-24 09:10");
	char *rn = add_request(st, "2026-11-24 09:00", "江苏驰耐特防腐科技有限公司", "CNT-FF2023-0157", 2);
	OK(ledger_take(st, rn, "liuyang", &err));
	assert_int_equal(lstate(st, rn), LS_REGISTERED);
	assert_int_equal(version(st, rn), 1);
	assert_col(st, rn, "respond_due", "2026-11-24 11:00");
	/* the first reply (P2: within 1 h) is due first */
	assert_col(st, rn, "reply_due", "2026-11-24 10:00");
	assert_col(st, rn, "next_due", "2026-11-24 10:00");
	check_stored_dues(st, rn);

	at_now("2026-11-24 09:20");
	OK(ledger_assign(st, rn, "zhangwei", 1, &err));
	assert_int_equal(lstate(st, rn), LS_ASSIGNED);
	at_now("2026-11-24 10:00");
	OK(ledger_contact(st, rn, "2026-11-24 09:40", 2, &err));
	OK(ledger_propose(st, rn, MODE_ONSITE, "检查高压泵进口过滤网及柱塞密封,必要时更换密封组件。", "mech",
	                  "2026-11-24 09:50", 3, &err));
	assert_int_equal(lstate(st, rn), LS_PROPOSED);
	/* the respond clock stopped: next due is the on-site clock, 24 working hours on */
	assert_col(st, rn, "next_due", "2026-11-25 09:00");
	OK(ledger_plan_visit(st, rn, "2026-11-25 08:30", 4, &err));
	at_now("2026-11-25 09:00");
	OK(ledger_arrive(st, rn, "2026-11-25 08:40", 5, &err));
	assert_int_equal(lstate(st, rn), LS_IN_SERVICE);
	at_now("2026-11-25 11:20");
	/* the one maintenance item settled first: the clearing is refused while it is open */
	assert_int_equal(ledger_clear(st, rn, "2026-11-25 11:20", 6, &err), SD_DATAERR);
	assert_non_null(strstr(err.msg, "1 ("));
	OK(ledger_item_settle(st, rn, 1, ITEM_DONE, "更换柱塞密封组件,压力恢复21MPa。", 6, &err));
	at_now("2026-11-25 12:00");
	OK(ledger_clear(st, rn, "2026-11-25 11:30", 7, &err));
	assert_int_equal(lstate(st, rn), LS_AWAITING);
	assert_col(st, rn, "next_due", NULL);
	OK(ledger_confirm(st, rn, "吴振华", HOW_CARD, "2026-11-25 11:40", 8, &err));
	/* on site: closed only on the signed service card */
	assert_int_equal(ledger_close(st, rn, 9, &err), SD_DATAERR);
	assert_non_null(strstr(err.msg, "service card"));
	OK(ledger_card(st, rn, "吴振华", "2026-11-25 11:40", "处理及时，满意", 5, 9, &err));
	OK(ledger_close(st, rn, 10, &err));
	assert_int_equal(lstate(st, rn), LS_CLOSED);
	assert_int_equal(version(st, rn), 11);
	check_stored_dues(st, rn);

	sd_ledger l;
	int cs[CLOCK_COUNT];
	sd_time due[CLOCK_COUNT], now;
	assert_true(time_parse("2026-11-30 00:00", &now));
	assert_int_equal(ledger_get(st, rn, &l, &err), SD_OK);
	assert_string_equal(l.engineer, "zhangwei");
	assert_string_equal(l.responsible, "liuyang");
	assert_string_equal(l.proposed_at, "2026-11-24 09:50");
	assert_string_equal(l.first_contact_at, "2026-11-24 09:40");
	assert_string_equal(l.planned_visit_at, "2026-11-25 08:30");
	assert_string_equal(l.closed_at, "2026-11-25 12:00");
	assert_int_equal(l.confirmed_how, HOW_CARD);
	assert_int_equal(ledger_clocks(st, &l, now, cs, due, NULL, &err), SD_OK);
	assert_int_equal(cs[CLOCK_RESPOND], SLA_MET);
	assert_int_equal(cs[CLOCK_ONSITE], SLA_MET);
	assert_int_equal(cs[CLOCK_CLEAR], SLA_MET);
	ledger_free(&l);

	struct hist h = { { 0 }, 0 };
	assert_int_equal(ledger_history(st, rn, collect, &h, &err), SD_OK);
	assert_string_equal(buf_str(&h.kinds), "take,assign,contact,propose,plan_visit,arrive,item,clear,confirm,card,close");
	buf_free(&h.kinds);
	/* one audit row per step */
	assert_int_equal(count(st, "SELECT count(*) FROM audit WHERE tbl = 'ledger' AND rowkey = ?", rn), 11);
	assert_int_equal(count(st, "SELECT count(*) FROM audit WHERE tbl = 'ledger' AND rowkey = ? "
	                           "AND json_extract(new, '$.state') = 'closed' "
	                           "AND json_extract(old, '$.state') = 'awaiting'", rn), 1);
	free(rn);
}

static void
test_ledger_remote_whole(void **state)
{
	struct fixture *f = *state;
	sd_err err;
	store *st = f->st;

	at_now("2026-11-24 10:05");
	char *rn = add_request(st, "2026-11-24 10:00", "张家港市第一人民医院", NULL, 3);
	OK(ledger_take(st, rn, NULL, &err));
	OK(ledger_assign(st, rn, "liqiang", -1, &err));
	at_now("2026-11-24 11:00");
	OK(ledger_propose(st, rn, MODE_PHONE, "电话指导用户重新标定比色杯空白。", NULL, NULL, -1, &err));
	/* no on-site clock for phone guidance */
	assert_col(st, rn, "onsite_due", NULL);
	at_now("2026-11-24 11:30");
	/* remote modes clear without an arrival */
	settle_items(st, rn);
	OK(ledger_clear(st, rn, NULL, -1, &err));
	assert_int_equal(ledger_close(st, rn, -1, &err), SD_DATAERR);
	assert_non_null(strstr(err.msg, "confirmation"));
	OK(ledger_confirm(st, rn, "黄丽萍", HOW_PHONE, NULL, -1, &err));
	OK(ledger_close(st, rn, -1, &err));
	assert_int_equal(lstate(st, rn), LS_CLOSED);
	check_stored_dues(st, rn);
	free(rn);
}

/* ---------------------------------------------------------------- refusals */

enum act {
	A_TAKE_AGAIN, A_TAKE_STRANGER, A_ASSIGN_INACTIVE, A_ASSIGN_UNKNOWN, A_ASSIGN_OPERATOR,
	A_PROPOSE, A_PROPOSE_EARLY, A_ARRIVE, A_ARRIVE_EARLY, A_CLEAR, A_CLEAR_EARLY,
	A_CONFIRM, A_CLOSE, A_UNRESOLVABLE_NOREASON, A_UNRESOLVABLE, A_PAUSE, A_RESUME, A_CONTACT,
};

/* Run the happy path of an entry in mode up to (not including) step `upto`. */
static void
walk(store *st, const char *rn, int mode, int upto)
{
	sd_err err;

	for (int s = 0; s < upto; s++) {
		int rc = SD_OK;
		switch (s) {
		case 0: rc = ledger_take(st, rn, "liuyang", &err); break;
		case 1: rc = ledger_assign(st, rn, "zhangwei", -1, &err); break;
		case 2: rc = ledger_propose(st, rn, mode, "更换温控表热电偶。", NULL, "2026-11-24 09:30", -1, &err); break;
		case 3:
			if (mode == MODE_ONSITE)
				rc = ledger_arrive(st, rn, "2026-11-24 10:00", -1, &err);
			break;
		case 4:
			settle_items(st, rn);
			rc = ledger_clear(st, rn, "2026-11-24 11:00", -1, &err);
			break;
		case 5: rc = ledger_confirm(st, rn, "沈建国", HOW_FAX, "2026-11-24 11:10", -1, &err); break;
		case 6:
			if (mode == MODE_ONSITE)
				rc = ledger_card(st, rn, "沈建国", "2026-11-24 11:10", "满意", 4, -1, &err);
			if (rc == SD_OK)
				rc = ledger_close(st, rn, -1, &err);
			break;
		}
		if (rc != SD_OK)
			fail_msg("walk step %d: %s", s, err.msg);
	}
}

static void
test_ledger_refusals(void **state)
{
	static const struct {
		const char *what;
		int mode, upto;      /* how far the entry goes first */
		int act;
		const char *msg;     /* part of the refusal */
	} cases[] = {
		{ "take twice", MODE_ONSITE, 1, A_TAKE_AGAIN, "already in the ledger" },
		{ "responsible not on the list", MODE_ONSITE, 0, A_TAKE_STRANGER, "not on the staff list" },
		{ "inactive engineer", MODE_ONSITE, 1, A_ASSIGN_INACTIVE, "not an active staff member" },
		{ "unknown engineer", MODE_ONSITE, 1, A_ASSIGN_UNKNOWN, "not on the staff list" },
		{ "operator as engineer", MODE_ONSITE, 1, A_ASSIGN_OPERATOR, "not an engineer or supervisor" },
		{ "propose before assign", MODE_ONSITE, 1, A_PROPOSE, "no engineer" },
		{ "propose before receipt", MODE_ONSITE, 2, A_PROPOSE_EARLY, "before the request was received" },
		{ "close before a solution", MODE_ONSITE, 2, A_CLOSE, "no solution" },
		{ "arrive before the solution", MODE_ONSITE, 2, A_ARRIVE, "no solution" },
		{ "arrival for remote", MODE_REMOTE, 3, A_ARRIVE, "only for on-site" },
		{ "arrival for phone", MODE_PHONE, 3, A_ARRIVE, "only for on-site" },
		{ "arrival before proposal", MODE_ONSITE, 3, A_ARRIVE_EARLY, "before the solution was proposed" },
		{ "clear before arrival", MODE_ONSITE, 3, A_CLEAR, "not arrived" },
		{ "clear before arrival time", MODE_ONSITE, 4, A_CLEAR_EARLY, "before the engineer arrived" },
		{ "confirm before clearing", MODE_ONSITE, 4, A_CONFIRM, "not been cleared" },
		{ "close before clearing", MODE_REMOTE, 4, A_CLOSE, "not been cleared" },
		{ "clear with an item open", MODE_REMOTE, 4, A_CLEAR, "maintenance items still open: 1 (" },
		{ "close remote unconfirmed", MODE_REMOTE, 5, A_CLOSE, "confirmation" },
		{ "close e-mail unconfirmed", MODE_EMAIL, 5, A_CLOSE, "confirmation" },
		{ "confirm twice", MODE_ONSITE, 6, A_CONFIRM, "already confirmed" },
		{ "pause after clearing", MODE_ONSITE, 5, A_PAUSE, "no clock is running" },
		{ "resume unpaused", MODE_ONSITE, 2, A_RESUME, "not paused" },
		{ "unresolvable without reason", MODE_ONSITE, 2, A_UNRESOLVABLE_NOREASON, "required" },
		{ "step on a closed entry", MODE_ONSITE, 7, A_CONTACT, "is closed" },
		{ "pause a closed entry", MODE_ONSITE, 7, A_PAUSE, "is closed" },
		{ "unresolvable twice", MODE_ONSITE, 99, A_UNRESOLVABLE, "unresolvable" },
		{ "step on unresolvable", MODE_ONSITE, 99, A_CONTACT, "unresolvable" },
	};
	struct fixture *f = *state;
	store *st = f->st;

	for (size_t i = 0; i < SD_ARRAY_LEN(cases); i++) {
		sd_err err;
		int rc = SD_OK, v = -1;

		at_now("2026-11-24 09:05");
		char *rn = add_request(st, "2026-11-24 09:00", "苏州电气集团有限公司", NULL, 2);
		at_now("2026-11-24 12:00");
		if (cases[i].upto == 99) {
			walk(st, rn, cases[i].mode, 2);
			if (ledger_unresolvable(st, rn, "现场无法复现,已向用户解释需厂家升级固件。", -1, &err) != SD_OK)
				fail_msg("%s: %s", cases[i].what, err.msg);
		} else {
			walk(st, rn, cases[i].mode, cases[i].upto);
		}
		if (cases[i].upto >= 1)
			v = version(st, rn);
		switch (cases[i].act) {
		case A_TAKE_AGAIN: rc = ledger_take(st, rn, "liuyang", &err); break;
		case A_TAKE_STRANGER: rc = ledger_take(st, rn, "nobody", &err); break;
		case A_ASSIGN_INACTIVE: rc = ledger_assign(st, rn, "laozhao", v, &err); break;
		case A_ASSIGN_UNKNOWN: rc = ledger_assign(st, rn, "nobody", v, &err); break;
		case A_ASSIGN_OPERATOR: rc = ledger_assign(st, rn, "wangli", v, &err); break;
		case A_PROPOSE: rc = ledger_propose(st, rn, MODE_ONSITE, "方案", NULL, NULL, v, &err); break;
		case A_PROPOSE_EARLY:
			rc = ledger_propose(st, rn, MODE_ONSITE, "方案", NULL, "2026-11-24 08:00", v, &err);
			break;
		case A_ARRIVE: rc = ledger_arrive(st, rn, NULL, v, &err); break;
		case A_ARRIVE_EARLY: rc = ledger_arrive(st, rn, "2026-11-24 09:10", v, &err); break;
		case A_CLEAR: rc = ledger_clear(st, rn, NULL, v, &err); break;
		case A_CLEAR_EARLY: rc = ledger_clear(st, rn, "2026-11-24 09:50", v, &err); break;
		case A_CONFIRM: rc = ledger_confirm(st, rn, "沈建国", HOW_PHONE, NULL, v, &err); break;
		case A_CLOSE: rc = ledger_close(st, rn, v, &err); break;
		case A_UNRESOLVABLE_NOREASON: rc = ledger_unresolvable(st, rn, "  ", v, &err); break;
		case A_UNRESOLVABLE: rc = ledger_unresolvable(st, rn, "再次", v, &err); break;
		case A_PAUSE: rc = ledger_pause(st, rn, "等待备件", NULL, v, &err); break;
		case A_RESUME: rc = ledger_resume(st, rn, NULL, v, &err); break;
		case A_CONTACT: rc = ledger_contact(st, rn, NULL, v, &err); break;
		}
		if (rc != SD_DATAERR)
			fail_msg("%s: expected a refusal, got %d (%s)", cases[i].what, rc, err.msg);
		if (!strstr(err.msg, cases[i].msg))
			fail_msg("%s: message \"%s\" lacks \"%s\"", cases[i].what, err.msg, cases[i].msg);
		if (cases[i].upto >= 1 && version(st, rn) != v)
			fail_msg("%s: the refused step changed the entry", cases[i].what);
		free(rn);
	}
	/* a void request cannot be taken */
	sd_err err;
	at_now("2026-11-24 09:05");
	char *rn = add_request(st, "2026-11-24 09:00", "苏州电气集团有限公司", NULL, 2);
	OK(intake_void(st, rn, "登记错误", -1, &err));
	assert_int_equal(ledger_take(st, rn, "liuyang", &err), SD_DATAERR);
	assert_non_null(strstr(err.msg, "void"));
	free(rn);
}

static void
test_ledger_conflict(void **state)
{
	struct fixture *f = *state;
	store *other;
	sd_err err;

	at_now("2026-11-24 09:05");
	char *rn = add_request(f->st, "2026-11-24 09:00", "无锡华光锅炉股份有限公司", NULL, 1);
	OK(ledger_take(f->st, rn, NULL, &err));
	int v = version(f->st, rn);
	assert_int_equal(store_open(f->path, STORE_OPEN_EXISTING, "liqiang", &other, &err), SD_OK);
	OK(ledger_assign(other, rn, "liqiang", v, &err));
	assert_int_equal(ledger_assign(f->st, rn, "zhangwei", v, &err), SD_DATAERR);
	assert_non_null(strstr(err.msg, "liqiang"));
	assert_non_null(strstr(err.msg, "changed meanwhile"));
	/* with the current version it goes through */
	OK(ledger_assign(f->st, rn, "zhangwei", version(f->st, rn), &err));
	store_close(other);
	free(rn);
}

/* ---------------------------------------------------------------- clocks */

static void
test_ledger_pause_moves_due(void **state)
{
	struct fixture *f = *state;
	store *st = f->st;
	sd_ledger l;
	sd_err err;

	/* 2026-11-23 is a Monday; P2: respond 2 h, on site 24 h, cleared 2 working days */
	at_now("2026-11-23 09:05");
	char *rn = add_request(st, "2026-11-23 09:00", "苏州电气集团有限公司", NULL, 2);
	OK(ledger_take(st, rn, NULL, &err));
	OK(ledger_assign(st, rn, "zhangwei", -1, &err));
	assert_col(st, rn, "respond_due", "2026-11-23 11:00");
	assert_col(st, rn, "clear_due", "2026-11-25 09:00");

	at_now("2026-11-23 09:45");
	OK(ledger_pause(st, rn, "等待用户提供故障录像", "2026-11-23 09:30", -1, &err));
	assert_int_equal(ledger_get(st, rn, &l, &err), SD_OK);
	assert_true(l.paused);
	assert_true(l.due[CLOCK_RESPOND] == SD_NO_TIME);
	ledger_free(&l);
	assert_col(st, rn, "next_due", NULL);
	check_stored_dues(st, rn);

	at_now("2026-11-23 10:30");
	OK(ledger_resume(st, rn, NULL, -1, &err));
	assert_col(st, rn, "respond_due", "2026-11-23 12:00");
	assert_col(st, rn, "onsite_due", "2026-11-24 10:00");
	assert_col(st, rn, "clear_due", "2026-11-25 10:00");
	/* the first reply, 1 h plus the hour paused */
	assert_col(st, rn, "reply_due", "2026-11-23 11:00");
	assert_col(st, rn, "next_due", "2026-11-23 11:00");
	check_stored_dues(st, rn);

	/* a second pause may not start before the first ended */
	assert_int_equal(ledger_pause(st, rn, "等待备件", "2026-11-23 10:00", -1, &err), SD_DATAERR);
	assert_non_null(strstr(err.msg, "last pause ended"));
	OK(ledger_pause(st, rn, "等待备件", NULL, -1, &err));

	buf ex = { 0 };
	assert_int_equal(ledger_explain(st, rn, &ex, &err), SD_OK);
	assert_non_null(strstr(buf_str(&ex), "等待用户提供故障录像"));
	assert_non_null(strstr(buf_str(&ex), "等待备件"));
	buf_free(&ex);
	free(rn);
}

static void
test_ledger_explain_holiday(void **state)
{
	struct fixture *f = *state;
	store *st = f->st;
	sd_err err;
	buf ex = { 0 };

	at_now("2026-09-30 10:05");
	char *rn = add_request(st, "2026-09-30 10:00", "无锡华光锅炉股份有限公司", NULL, 1);
	OK(ledger_take(st, rn, NULL, &err));
	/* cleared within 2 working days: the same time on 9 October, the 2nd working day after the holiday */
	assert_col(st, rn, "clear_due", "2026-10-09 10:00");
	/* on site within 24 h round the clock (7x24 service goes on through the holiday) */
	assert_col(st, rn, "onsite_due", "2026-10-01 10:00");
	/* a solution within 1 h round the clock */
	assert_col(st, rn, "respond_due", "2026-09-30 11:00");
	assert_int_equal(ledger_explain(st, rn, &ex, &err), SD_OK);
	assert_non_null(strstr(buf_str(&ex), "国庆节"));
	assert_non_null(strstr(buf_str(&ex), "2026-10-09 10:00"));
	assert_non_null(strstr(buf_str(&ex), "policy: P1"));
	assert_non_null(strstr(buf_str(&ex), "round the clock"));
	buf_free(&ex);
	check_stored_dues(st, rn);
	free(rn);
}

/* The state of one clock of entry regno now. */
static int
clock_state(store *st, const char *regno, int clock)
{
	sd_ledger l;
	sd_err err;
	int state[CLOCK_COUNT];
	sd_time due[CLOCK_COUNT], now;
	char nows[17];

	store_now(nows);
	assert_true(time_parse(nows, &now));
	assert_int_equal(ledger_get(st, regno, &l, &err), SD_OK);
	assert_int_equal(ledger_clocks(st, &l, now, state, due, NULL, &err), SD_OK);
	ledger_free(&l);
	return state[clock];
}

/*
 * The six clocks of a P1 entry under the defaults of a new database (reply
 * 30 min, solution 1 h, escalation 1 h, on site 24 h round the clock,
 * cleared in 2 working days): the first reply stopped by a contact or
 * implied by a proposal, the diagnosis, and the escalation before and after
 * its due time.
 */
static void
test_ledger_six_clocks(void **state)
{
	struct fixture *f = *state;
	store *st = f->st;
	sd_err err;
	buf ex = { 0 };

	/* in time: escalated 09:50 (due 10:00), the expert group's solution due 10:50 */
	at_now("2026-11-24 09:05");
	char *a = add_request(st, "2026-11-24 09:00", "苏州电气集团有限公司", NULL, 1);
	OK(ledger_take(st, a, NULL, &err));
	assert_col(st, a, "reply_due", "2026-11-24 09:30");
	assert_col(st, a, "respond_due", "2026-11-24 10:00");
	assert_col(st, a, "escalate_due", "2026-11-24 10:00");
	assert_col(st, a, "onsite_due", "2026-11-25 09:00");
	assert_col(st, a, "clear_due", "2026-11-26 09:00");
	assert_col(st, a, "diagnose_due", NULL);            /* no commitment by default */
	assert_col(st, a, "next_due", "2026-11-24 09:30");
	at_now("2026-11-24 09:20");
	OK(ledger_contact(st, a, "2026-11-24 09:20", -1, &err));
	assert_int_equal(clock_state(st, a, CLOCK_REPLY), SLA_MET);
	assert_col(st, a, "next_due", "2026-11-24 10:00");

	/* the overdue list names the escalation still to make */
	at_now("2026-11-24 09:30");
	sd_ledger_query q;
	sd_ledger_row rows[4];
	int n = 0;
	ledger_query_init(&q);
	q.due_only = true;
	OK(ledger_page(st, &q, PAGE_FIRST, NULL, 4, rows, &n, &err));
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].next_clock, CLOCK_ESCALATE);
	assert_true(rows[0].to_escalate);
	assert_int_equal(rows[0].worst, SLA_NEAR);
	ledger_row_free(&rows[0]);
	sd_ledger l;
	OK(ledger_get(st, a, &l, &err));
	assert_string_equal(ledger_clock_state_name(&l, CLOCK_ESCALATE, SLA_NEAR), "to escalate");
	assert_string_equal(ledger_clock_state_name(&l, CLOCK_RESPOND, SLA_NEAR), "due soon");
	ledger_free(&l);

	at_now("2026-11-24 09:50");
	assert_int_equal(ledger_escalate(st, a, "nobody", NULL, NULL, -1, &err), SD_DATAERR);
	assert_int_equal(ledger_escalate(st, a, "zhougang", NULL, NULL, -1, &err), SD_DATAERR);  /* a storekeeper */
	OK(ledger_escalate(st, a, "liqiang", "专家组：主控板故障", NULL, -1, &err));
	assert_col(st, a, "escalated_to", "liqiang");
	assert_col(st, a, "escalated_at", "2026-11-24 09:50");
	assert_col(st, a, "escalate_due", "2026-11-24 10:50");
	assert_int_equal(ledger_escalate(st, a, "liqiang", NULL, NULL, -1, &err), SD_DATAERR);   /* twice */
	at_now("2026-11-24 10:20");
	assert_int_equal(clock_state(st, a, CLOCK_ESCALATE), SLA_NEAR);
	assert_int_equal(clock_state(st, a, CLOCK_RESPOND), SLA_OVERDUE);
	OK(ledger_assign(st, a, "zhangwei", -1, &err));
	OK(ledger_diagnose(st, a, "主控板电源模块损坏", "2026-11-24 10:25", -1, &err));
	assert_int_equal(ledger_diagnose(st, a, "again", NULL, -1, &err), SD_DATAERR);
	at_now("2026-11-24 10:40");
	OK(ledger_propose(st, a, MODE_ONSITE, "更换主控板电源模块", NULL, "2026-11-24 10:40", -1, &err));
	assert_int_equal(clock_state(st, a, CLOCK_ESCALATE), SLA_MET);   /* the expert group's hour */
	assert_int_equal(clock_state(st, a, CLOCK_RESPOND), SLA_MISSED); /* the first hour was not kept */
	assert_int_equal(ledger_escalate(st, a, "liqiang", NULL, NULL, -1, &err), SD_DATAERR);   /* after a solution */
	OK(ledger_explain(st, a, &ex, &err));
	assert_non_null(strstr(buf_str(&ex), "escalated in time at 2026-11-24 09:50 to liqiang"));
	assert_non_null(strstr(buf_str(&ex), "[diagnose]"));
	buf_free(&ex);
	check_stored_dues(st, a);

	/* late: escalated 10:20, after the due time 10:00 */
	at_now("2026-11-24 09:05");
	char *b = add_request(st, "2026-11-24 09:00", "苏州电气集团有限公司", NULL, 1);
	OK(ledger_take(st, b, NULL, &err));
	at_now("2026-11-24 10:20");
	assert_int_equal(clock_state(st, b, CLOCK_ESCALATE), SLA_OVERDUE);
	OK(ledger_escalate(st, b, "liuyang", NULL, NULL, -1, &err));
	assert_col(st, b, "escalate_due", "2026-11-24 10:00");
	assert_int_equal(clock_state(st, b, CLOCK_ESCALATE), SLA_MISSED);
	assert_int_equal(clock_state(st, b, CLOCK_REPLY), SLA_OVERDUE);
	OK(ledger_explain(st, b, &ex, &err));
	assert_non_null(strstr(buf_str(&ex), "escalated late at 2026-11-24 10:20 to liuyang"));
	buf_free(&ex);
	check_stored_dues(st, b);

	/* a solution in time needs no escalation; it also implies the first reply */
	at_now("2026-11-24 09:05");
	char *c = add_request(st, "2026-11-24 09:00", "苏州电气集团有限公司", NULL, 1);
	OK(ledger_take(st, c, NULL, &err));
	OK(ledger_assign(st, c, "zhangwei", -1, &err));
	at_now("2026-11-24 09:25");
	OK(ledger_propose(st, c, MODE_PHONE, "电话指导复位", NULL, "2026-11-24 09:25", -1, &err));
	assert_int_equal(clock_state(st, c, CLOCK_ESCALATE), SLA_MET);
	assert_int_equal(clock_state(st, c, CLOCK_REPLY), SLA_MET);
	assert_int_equal(clock_state(st, c, CLOCK_RESPOND), SLA_MET);
	check_stored_dues(st, c);

	/* a diagnose commitment written in minutes */
	sla_policy p;
	OK(ledger_policy(st, 1, NULL, &p, &err));
	assert_true(sla_dur_parse("2h", &p.d[CLOCK_DIAGNOSE]));
	OK(ledger_policy_set(st, 1, NULL, &p, &err));
	assert_col(st, b, "diagnose_due", "2026-11-24 11:00");
	free(a);
	free(b);
	free(c);
}

/* A policy of respond, on site and clear written as on the command line. */
static sla_policy
policy_of(const char *respond, const char *onsite, const char *clear)
{
	sla_policy p;

	memset(&p, 0, sizeof p);
	if (!sla_dur_parse(respond, &p.d[CLOCK_RESPOND]) || !sla_dur_parse(onsite, &p.d[CLOCK_ONSITE]) ||
	    !sla_dur_parse(clear, &p.d[CLOCK_CLEAR]))
		fail_msg("bad policy in test");
	return p;
}
#define POL(r, o, c) policy_of(r, o, c)

static void
test_ledger_policy(void **state)
{
	struct fixture *f = *state;
	store *st = f->st;
	sd_err err;
	sla_policy p;

	sd_customer c = { .name = "南京江北新区自来水厂", .region = "外地" };
	OK(customer_put(st, &c, &err));
	at_now("2026-11-24 09:05");
	char *near = add_request(st, "2026-11-24 09:00", "苏州电气集团有限公司", NULL, 1);
	char *far = add_request(st, "2026-11-24 09:00", "南京江北新区自来水厂", NULL, 1);
	OK(ledger_take(st, near, NULL, &err));
	OK(ledger_take(st, far, NULL, &err));
	assert_col(st, far, "onsite_due", "2026-11-25 09:00");

	/* the seeds: 24 h in the city, 48 h elsewhere */
	sla_policy out_of_town = POL("1h", "48h", "3wd");
	OK(ledger_policy_set(st, 1, "外地", &out_of_town, &err));
	assert_col(st, far, "onsite_due", "2026-11-26 09:00");
	assert_col(st, near, "onsite_due", "2026-11-25 09:00");
	OK(ledger_policy(st, 1, "外地", &p, &err));
	assert_int_equal(p.d[CLOCK_ONSITE].count, SLA_ELAPSED);
	assert_int_equal(p.d[CLOCK_ONSITE].amount, 48 * 60);
	OK(ledger_policy(st, 1, "市区", &p, &err));
	assert_int_equal(p.d[CLOCK_ONSITE].amount, 24 * 60);

	sla_policy bad = { .d = { [CLOCK_RESPOND] = { SLA_ELAPSED, -1 } } };
	assert_int_equal(ledger_policy_set(st, 1, NULL, &bad, &err), SD_DATAERR);
	bad.d[CLOCK_RESPOND] = (sla_dur){ SLA_WORKDAYS, 367 };
	assert_int_equal(ledger_policy_set(st, 1, NULL, &bad, &err), SD_DATAERR);
	assert_int_equal(ledger_policy_set(st, 5, NULL, &out_of_town, &err), SD_DATAERR);

	/* the default row changed: respond 3 h for P1 */
	sla_policy def = POL("3h", "24h", "2wd");
	OK(ledger_policy_set(st, 1, NULL, &def, &err));
	assert_col(st, near, "respond_due", "2026-11-24 12:00");
	assert_int_equal(count(st, "SELECT count(*) FROM audit WHERE tbl = 'sla_policy'", NULL), 2);
	check_stored_dues(st, near);
	check_stored_dues(st, far);
	free(near);
	free(far);
}

static void
test_ledger_calendar_change(void **state)
{
	struct fixture *f = *state;
	store *st = f->st;
	sd_err err;
	char path[256];

	at_now("2026-11-24 09:05");
	char *rn = add_request(st, "2026-11-24 09:00", "苏州电气集团有限公司", NULL, 2);
	OK(ledger_take(st, rn, NULL, &err));
	assert_col(st, rn, "clear_due", "2026-11-26 09:00");
	/* a site's calendar declaring 25 November a holiday */
	snprintf(path, sizeof path, "%s/cal%d.txt", dir, dbcount);
	FILE *fp = fopen(path, "w");
	assert_non_null(fp);
	fputs("year 2026\n2026-11-25 holiday 厂庆\n", fp);
	fclose(fp);
	OK(store_begin(st, &err));
	OK(store_set_setting(st, "calendar_file", path, &err));
	OK(store_commit(st, &err));
	assert_non_null(ledger_calendar(st, &err));
	assert_col(st, rn, "clear_due", "2026-11-27 09:00");
	buf ex = { 0 };
	assert_int_equal(ledger_explain(st, rn, &ex, &err), SD_OK);
	assert_non_null(strstr(buf_str(&ex), "厂庆"));
	buf_free(&ex);
	check_stored_dues(st, rn);
	free(rn);
}

/* ---------------------------------------------------------------- charges */

static void
test_ledger_charges(void **state)
{
	struct fixture *f = *state;
	store *st = f->st;
	sd_err err;
	int64_t cost, billed, received;

	sd_customer c = { .name = "江苏沙钢集团有限公司", .region = "市区", .key_customer = true };
	OK(customer_put(st, &c, &err));
	/* in warranty on 2026-11-24: commissioned 2026-03-10 */
	sd_equipment fresh = { .customer = "江苏沙钢集团有限公司", .serial = "SZDQ-KG2026-0001",
	                       .accepted_on = "2026-02-01", .commissioned_on = "2026-03-10" };
	/* warranty ended 2023-01-01; tier 1 to 2025-01-01; tier 2 the year after */
	sd_equipment old = { .customer = "江苏沙钢集团有限公司", .serial = "SZDQ-KG2020-0188",
	                     .accepted_on = "2021-12-01", .commissioned_on = "2022-01-01" };
	OK(equipment_put(st, &fresh, &err));
	OK(equipment_put(st, &old, &err));

	at_now("2026-11-24 09:05");
	char *a = add_request(st, "2026-11-24 09:00", "江苏沙钢集团有限公司", "SZDQ-KG2026-0001", 2);
	char *b = add_request(st, "2026-11-24 09:00", "江苏沙钢集团有限公司", "SZDQ-KG2020-0188", 2);
	char *u = add_request(st, "2026-11-24 09:00", "江苏沙钢集团有限公司", "UNKNOWN-0001", 2);
	OK(ledger_take(st, a, NULL, &err));
	OK(ledger_take(st, b, NULL, &err));
	OK(ledger_take(st, u, NULL, &err));

	/* in warranty: everything free */
	for (int k = 0; k < COST_COUNT; k++)
		OK(ledger_charge(st, a, k, 10000, "2026-11-24", NULL, &err));
	OK(ledger_totals(st, a, &cost, &billed, &received, &err));
	assert_int_equal(cost, 40000);
	assert_int_equal(billed, 0);
	assert_int_equal(count(st, "SELECT count(*) FROM charge WHERE tier = 'warranty'", NULL), 4);

	/* tier 2 (2025-06-01): no labour fee; travel, lodging and parts charged */
	OK(ledger_charge(st, b, COST_LABOUR, 80000, "2025-06-01", "两人一天", &err));
	OK(ledger_charge(st, b, COST_TRAVEL, 35000, "2025-06-01", NULL, &err));
	OK(ledger_charge(st, b, COST_PARTS, 125050, "2025-06-01", "合闸线圈", &err));
	OK(ledger_totals(st, b, &cost, &billed, &received, &err));
	assert_int_equal(cost, 240050);
	assert_int_equal(billed, 160050);
	assert_int_equal(count(st, "SELECT count(*) FROM charge WHERE tier = 'tier2'", NULL), 3);
	assert_int_equal(count(st, "SELECT billed_fen FROM charge WHERE kind = 'labour' AND tier = 'tier2'", NULL), 0);
	/* tier 1 (2024-06-01): labour free, parts charged, travel free */
	OK(ledger_charge(st, b, COST_TRAVEL, 1000, "2024-06-01", NULL, &err));
	assert_int_equal(count(st, "SELECT billed_fen FROM charge WHERE tier = 'tier1'", NULL), 0);

	OK(ledger_payment(st, b, 160050, "No.00231578", &err));
	OK(ledger_totals(st, b, &cost, &billed, &received, &err));
	assert_int_equal(received, 160050);

	/* unknown equipment: charged in full, tier unknown */
	OK(ledger_charge(st, u, COST_LABOUR, 50000, NULL, NULL, &err));
	OK(ledger_totals(st, u, &cost, &billed, &received, &err));
	assert_int_equal(billed, 50000);
	assert_int_equal(count(st, "SELECT count(*) FROM charge WHERE tier = 'unknown' AND service_on = '2026-11-24'", NULL), 1);

	/* refusals */
	assert_int_equal(ledger_charge(st, b, COST_COUNT, 100, NULL, NULL, &err), SD_DATAERR);
	assert_int_equal(ledger_charge(st, b, COST_PARTS, -1, NULL, NULL, &err), SD_DATAERR);
	assert_int_equal(ledger_charge(st, b, COST_PARTS, 100, "2026-02-30", NULL, &err), SD_DATAERR);
	assert_int_equal(ledger_payment(st, b, 0, NULL, &err), SD_DATAERR);
	char *n = add_request(st, "2026-11-24 09:00", "江苏沙钢集团有限公司", NULL, 2);
	assert_int_equal(ledger_charge(st, n, COST_PARTS, 100, NULL, NULL, &err), SD_DATAERR);
	assert_non_null(strstr(err.msg, "not been taken"));

	struct hist h = { { 0 }, 0 };
	assert_int_equal(ledger_history(st, b, collect, &h, &err), SD_OK);
	assert_string_equal(buf_str(&h.kinds), "take,charge,charge,charge,charge,payment");
	buf_free(&h.kinds);
	assert_int_equal(count(st, "SELECT count(*) FROM audit WHERE tbl IN ('charge', 'payment')", NULL), 10);
	free(a);
	free(b);
	free(u);
	free(n);
}

/* ---------------------------------------------------------------- listings */

struct lines {
	buf b;
	int n;
	int stop_after;     /* > 0: return 1 after this many lines */
};

static int
charge_line(const sd_ledger_charge *c, void *arg)
{
	struct lines *l = arg;

	buf_printf(&l->b, "%s%s|%lld|%lld|%s|%s|%s|%s|%s", l->n++ ? ";" : "",
	           c->cost >= 0 ? warranty_cost_code(c->cost) : "?", (long long)c->amount_fen,
	           (long long)c->billed_fen, warranty_tier_code(c->tier), c->service_on, c->note,
	           c->who, c->at);
	return l->stop_after > 0 && l->n >= l->stop_after ? 1 : 0;
}

static int
payment_line(const sd_ledger_payment *p, void *arg)
{
	struct lines *l = arg;

	buf_printf(&l->b, "%s%lld|%s|%s|%s", l->n++ ? ";" : "", (long long)p->amount_fen,
	           p->invoice_no, p->who, p->at);
	return 0;
}

static void
test_ledger_charge_each(void **state)
{
	struct fixture *f = *state;
	store *st = f->st;
	sd_err err;

	sd_customer c = { .name = "江苏沙钢集团有限公司", .region = "市区" };
	OK(customer_put(st, &c, &err));
	/* warranty ended 2023-01-01; tier 1 to 2025-01-01; tier 2 the year after */
	sd_equipment old = { .customer = "江苏沙钢集团有限公司", .serial = "SZDQ-KG2020-0188",
	                     .accepted_on = "2021-12-01", .commissioned_on = "2022-01-01" };
	OK(equipment_put(st, &old, &err));
	at_now("2026-11-24 09:05");
	char *b = add_request(st, "2026-11-24 09:00", "江苏沙钢集团有限公司", "SZDQ-KG2020-0188", 2);
	char *e = add_request(st, "2026-11-24 09:00", "江苏沙钢集团有限公司", NULL, 2);
	OK(ledger_take(st, b, NULL, &err));
	OK(ledger_take(st, e, NULL, &err));

	/* an entry without charges or payments: fn never called */
	struct lines none = { { 0 }, 0, 0 };
	OK(ledger_charge_each(st, e, charge_line, &none, &err));
	OK(ledger_payment_each(st, e, payment_line, &none, &err));
	assert_int_equal(none.n, 0);

	/* recorded at different moments: listed oldest first */
	at_now("2026-11-24 10:00");
	OK(ledger_charge(st, b, COST_LABOUR, 80000, "2025-06-01", "两人一天", &err));
	at_now("2026-11-24 10:30");
	OK(ledger_charge(st, b, COST_TRAVEL, 35000, "2025-06-01", NULL, &err));
	OK(ledger_payment(st, b, 20000, "No.00231578", &err));
	at_now("2026-11-24 11:00");
	OK(ledger_charge(st, b, COST_PARTS, 125050, "2024-06-01", "合闸线圈", &err));
	OK(ledger_payment(st, b, 5000, NULL, &err));

	struct lines l = { { 0 }, 0, 0 };
	OK(ledger_charge_each(st, b, charge_line, &l, &err));
	assert_int_equal(l.n, 3);
	assert_string_equal(buf_str(&l.b),
		"labour|80000|0|tier2|2025-06-01|两人一天|liuyang|2026-11-24 10:00;"
		"travel|35000|35000|tier2|2025-06-01||liuyang|2026-11-24 10:30;"
		"parts|125050|125050|tier1|2024-06-01|合闸线圈|liuyang|2026-11-24 11:00");
	buf_free(&l.b);

	/* the lines add up to the totals */
	int64_t cost, billed, received;
	OK(ledger_totals(st, b, &cost, &billed, &received, &err));
	assert_int_equal(cost, 80000 + 35000 + 125050);
	assert_int_equal(billed, 35000 + 125050);

	/* fn stopping the listing: its value is returned */
	struct lines one = { { 0 }, 0, 1 };
	assert_int_equal(ledger_charge_each(st, b, charge_line, &one, &err), 1);
	assert_int_equal(one.n, 1);
	buf_free(&one.b);

	struct lines p = { { 0 }, 0, 0 };
	OK(ledger_payment_each(st, b, payment_line, &p, &err));
	assert_string_equal(buf_str(&p.b),
		"20000|No.00231578|liuyang|2026-11-24 10:30;5000||liuyang|2026-11-24 11:00");
	buf_free(&p.b);

	/* a request not in the ledger, and no request at all */
	char *n = add_request(st, "2026-11-24 09:00", "江苏沙钢集团有限公司", NULL, 2);
	assert_int_equal(ledger_charge_each(st, n, charge_line, &none, &err), SD_DATAERR);
	assert_int_equal(ledger_payment_each(st, "209901-0001", payment_line, &none, &err), SD_DATAERR);
	assert_int_equal(none.n, 0);
	free(b);
	free(e);
	free(n);
}

static int
policy_line(int priority, const char *region, const sla_policy *p, void *arg)
{
	struct lines *l = arg;

	buf_printf(&l->b, "%sP%d %s", l->n++ ? ";" : "", priority, region ? region : "-");
	for (int c = 0; c < CLOCK_COUNT; c++) {
		char d[24];
		sla_dur_format(p->d[c], d, sizeof d);
		buf_printf(&l->b, "%s%s", c ? "/" : " ", d);
	}
	return 0;
}

static void
test_ledger_policy_each(void **state)
{
	struct fixture *f = *state;
	store *st = f->st;
	sd_err err;

	/* the defaults of the schema */
	struct lines l = { { 0 }, 0, 0 };
	OK(ledger_policy_each(st, policy_line, &l, &err));
	assert_string_equal(buf_str(&l.b), "P1 - 30m/1h/off/24h/2wd/1h;P2 - 1h/2h/off/24h/2wd/off;"
	                    "P3 - off/4wh/off/48wh/5wd/off;P4 - off/8wh/off/off/10wd/off");
	buf_free(&l.b);

	/* regional rows, one equal to its default, set before the defaults change */
	sla_policy far = POL("1h", "48h", "3wd");
	sla_policy same = POL("2h", "24h", "2wd");
	sla_policy holidays = POL("2h", "12h", "90wm");
	OK(ledger_policy_set(st, 2, "外地", &same, &err));
	OK(ledger_policy_set(st, 1, "外地", &far, &err));
	OK(ledger_policy_set(st, 3, "市区", &holidays, &err));
	sla_policy def1 = POL("3h", "24h", "2wd");
	OK(ledger_policy_set(st, 1, NULL, &def1, &err));

	struct lines all = { { 0 }, 0, 0 };
	OK(ledger_policy_each(st, policy_line, &all, &err));
	/* defaults by priority, then regions (in order of region, then priority) */
	assert_int_equal(all.n, 7);
	assert_string_equal(buf_str(&all.b),
		"P1 - off/3h/off/24h/2wd/off;P2 - 1h/2h/off/24h/2wd/off;P3 - off/4wh/off/48wh/5wd/off;"
		"P4 - off/8wh/off/off/10wd/off;"
		"P1 外地 off/1h/off/48h/3wd/off;P2 外地 off/2h/off/24h/2wd/off;P3 市区 off/2h/off/12h/90wm/off");
	buf_free(&all.b);
}

extern const char *const sd_migrations[];
extern const size_t sd_migration_count;

/*
 * A database of the schema before the clocks had units, with an open P1
 * entry whose due times the working-day policy gave (received 2025-09-30
 * 17:00: respond 1 working hour 18:00; on site 24 working hours: 7 h on
 * 30 September, 17 h on 9 October; cleared 2 working days: 10 October
 * 17:00) and a regional row counting calendar time. After the upgrade and a
 * recomputation the entry keeps its due times and the rows their counting.
 */
static void
test_ledger_migration_keeps_dues(void **state)
{
	char path[256];
	sqlite3 *db;
	store *st;
	sd_err err;
	size_t k = 0;
	long n = 0;

	(void)state;
	snprintf(path, sizeof path, "%s/old%d.db", dir, ++dbcount);
	while (k < sd_migration_count && strstr(sd_migrations[k], "reply_in") == NULL)
		k++;
	assert_true(k < sd_migration_count);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	for (size_t i = 0; i < k; i++)
		assert_int_equal(sqlite3_exec(db, sd_migrations[i], NULL, NULL, NULL), SQLITE_OK);
	char sql[640];
	snprintf(sql, sizeof sql,
		"PRAGMA user_version = %zu; PRAGMA application_id = %d;"
		"INSERT INTO staff (login, name, role) VALUES ('liuyang', '刘洋', 'supervisor');"
		"INSERT INTO request (regno, month, seq, received_at, channel, customer, requester, phone,"
		" priority, received_by, status) VALUES ('202509-0001', '202509', 1, '2025-09-30 17:00',"
		" 'phone', '苏州电气集团有限公司', '王工', '0512', 1, 'liuyang', 'handed');", k,
		store_application_id());
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db,
		"INSERT INTO ledger (request_id, state, responsible, responsible_at, respond_due, onsite_due,"
		" clear_due, next_due) VALUES (1, 'registered', 'liuyang', '2025-09-30 17:05',"
		" '2025-09-30 18:00', '2025-10-09 17:00', '2025-10-10 17:00', '2025-09-30 18:00');"
		"INSERT INTO sla_policy (priority, region, respond_hours, onsite_hours, clear_days, calendar_time)"
		" VALUES (2, '外地', 2, 48, 3, 1);", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);

	assert_int_equal(store_open(path, STORE_OPEN_CREATE, "liuyang", &st, &err), SD_OK);
	OK(ledger_recompute(st, &n, &err));
	assert_int_equal(n, 1);
	assert_col(st, "202509-0001", "respond_due", "2025-09-30 18:00");
	assert_col(st, "202509-0001", "onsite_due", "2025-10-09 17:00");
	assert_col(st, "202509-0001", "clear_due", "2025-10-10 17:00");
	assert_col(st, "202509-0001", "next_due", "2025-09-30 18:00");
	struct lines all = { { 0 }, 0, 0 };
	OK(ledger_policy_each(st, policy_line, &all, &err));
	assert_string_equal(buf_str(&all.b),
		"P1 - off/1wh/off/24wh/48wh/off;P2 - off/2wh/off/24wh/48wh/off;P3 - off/4wh/off/48wh/120wh/off;"
		"P4 - off/8wh/off/off/240wh/off;P2 外地 off/2h/off/48h/72h/off");
	buf_free(&all.b);
	store_close(st);
}

/* A database from before items were settled one by one: cleared, closed, unresolvable entries' items settle. */
static int
item_line(const sd_ledger_item *it, void *arg)
{
	struct lines *l = arg;

	buf_printf(&l->b, "%s%d=%s/%s/%s/%s", l->n++ ? ";" : "", it->pos, ledger_item_state_code(it->state),
	           it->note, it->who, it->at);
	return 0;
}

static void
test_ledger_migration_settles_items(void **state)
{
	char path[256];
	sqlite3 *db;
	store *st;
	sd_err err;
	size_t k = 0;

	(void)state;
	snprintf(path, sizeof path, "%s/old%d.db", dir, ++dbcount);
	while (k < sd_migration_count && strstr(sd_migrations[k], "CREATE TABLE item_settle") == NULL)
		k++;
	assert_true(k < sd_migration_count);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(search_tok_register(db), SQLITE_OK);   /* the search index's tokenizer */
	for (size_t i = 0; i < k; i++)
		assert_int_equal(sqlite3_exec(db, sd_migrations[i], NULL, NULL, NULL), SQLITE_OK);
	char sql[3000];
	snprintf(sql, sizeof sql,
		"PRAGMA user_version = %zu; PRAGMA application_id = %d;"
		"INSERT INTO staff (login, name, role) VALUES ('liuyang', '刘洋', 'supervisor'),"
		" ('zhangwei', '张伟', 'engineer');"
		"INSERT INTO request (id, regno, month, seq, received_at, channel, customer, requester, phone,"
		" priority, received_by, status) VALUES"
		" (1, '202509-0001', '202509', 1, '2025-09-01 09:00', 'phone', '甲', '王工', '0512', 3, 'liuyang', 'handed'),"
		" (2, '202509-0002', '202509', 2, '2025-09-02 09:00', 'phone', '乙', '王工', '0512', 3, 'liuyang', 'handed'),"
		" (3, '202509-0003', '202509', 3, '2025-09-03 09:00', 'phone', '丙', '王工', '0512', 3, 'liuyang', 'handed');"
		"INSERT INTO request_item (request_id, pos, text) VALUES (1, 1, '报警'), (1, 2, '漏油'),"
		" (2, 1, '无法启动'), (3, 1, '噪音大');"
		"INSERT INTO ledger (request_id, state, responsible, responsible_at, engineer, solution, cleared_at,"
		" closed_at, closed_engineer, unresolvable_reason) VALUES"
		" (1, 'closed', 'liuyang', '2025-09-01 09:05', 'zhangwei', '更换密封', '2025-09-01 15:00',"
		"  '2025-09-02 10:00', 'zhangwei', NULL),"
		" (2, 'unresolvable', 'liuyang', '2025-09-02 09:05', 'zhangwei', NULL, NULL,"
		"  '2025-09-03 10:00', 'zhangwei', '需返厂'),"
		" (3, 'proposed', 'liuyang', '2025-09-03 09:05', 'zhangwei', '上门检查', NULL, NULL, NULL, NULL);",
		k, store_application_id());
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);

	assert_int_equal(store_open(path, STORE_OPEN_CREATE, "liuyang", &st, &err), SD_OK);
	struct lines a = { { 0 }, 0, 0 }, b = { { 0 }, 0, 0 }, c = { { 0 }, 0, 0 };
	OK(ledger_item_each(st, "202509-0001", item_line, &a, &err));
	assert_string_equal(buf_str(&a.b), "1=done/更换密封/zhangwei/2025-09-02 10:00;"
	                                   "2=done/更换密封/zhangwei/2025-09-02 10:00");
	OK(ledger_item_each(st, "202509-0002", item_line, &b, &err));
	assert_string_equal(buf_str(&b.b), "1=unresolvable/需返厂/zhangwei/2025-09-03 10:00");
	/* an open entry's items stay open */
	OK(ledger_item_each(st, "202509-0003", item_line, &c, &err));
	assert_string_equal(buf_str(&c.b), "1=open///");
	buf_free(&a.b);
	buf_free(&b.b);
	buf_free(&c.b);
	store_close(st);
}

/* The service card's due day: card_days working days after the signing, across the National Day holiday. */
static void
test_ledger_card_due(void **state)
{
	workcal *cal = NULL;
	sd_err err;
	sd_date d, due;
	char out[11];

	(void)state;
	assert_int_equal(workcal_parse("built-in", workcal_builtin_text(), &cal, &err), SD_OK);
	/* Wed 30 Sep 2026: 1-7 Oct are holidays, Sat 10 Oct is a working day */
	assert_true(date_parse("2026-09-30", &d));
	due = ledger_card_due(cal, d, 5);
	date_format(due, out);
	assert_string_equal(out, "2026-10-13");
	/* an ordinary week: Mon 9 Nov -> Mon 16 Nov (the weekend skipped) */
	assert_true(date_parse("2026-11-09", &d));
	date_format(ledger_card_due(cal, d, 5), out);
	assert_string_equal(out, "2026-11-16");
	/* signed on a holiday (3 Oct): counted from the next working day */
	assert_true(date_parse("2026-10-03", &d));
	date_format(ledger_card_due(cal, d, 1), out);
	assert_string_equal(out, "2026-10-08");
	/* no days: the day itself */
	date_format(ledger_card_due(cal, d, 0), out);
	assert_string_equal(out, "2026-10-03");
	workcal_free(cal);
}

struct cards_seen {
	int n;
	char line[8][96];
};

static int
see_card(const sd_card_out *c, void *arg)
{
	struct cards_seen *s = arg;

	if (s->n < 8)
		snprintf(s->line[s->n++], sizeof s->line[0], "%s %s %s %d", c->engineer, c->regno, c->due, c->days_late);
	return 0;
}

static int
travel_flag(const sd_ledger_charge *c, void *arg)
{
	if (c->cost == COST_TRAVEL)
		*(int *)arg = c->reimbursable;
	return 0;
}

/* The service card: recorded after the clearing, on site only, needed to close; back at the office. */
static void
test_ledger_card(void **state)
{
	struct fixture *f = *state;
	store *st = f->st;
	sd_ledger_card card;
	struct cards_seen seen = { 0 };
	int flag = -2;
	sd_err err;
	sd_date today;

	at_now("2026-09-29 08:05");
	char *rn = add_request(st, "2026-09-29 08:00", "苏州电气集团有限公司", NULL, 2);
	char *remote = add_request(st, "2026-09-29 08:00", "常熟市第二中学", NULL, 3);
	at_now("2026-09-29 12:00");
	OK(ledger_take(st, rn, "liuyang", &err));
	OK(ledger_assign(st, rn, "zhangwei", -1, &err));
	OK(ledger_propose(st, rn, MODE_ONSITE, "上门更换温控表。", NULL, "2026-09-29 09:00", -1, &err));
	OK(ledger_arrive(st, rn, "2026-09-29 10:00", -1, &err));
	OK(ledger_take(st, remote, "liuyang", &err));
	OK(ledger_assign(st, remote, "zhangwei", -1, &err));
	OK(ledger_propose(st, remote, MODE_REMOTE, "远程修改参数。", NULL, "2026-09-29 09:00", -1, &err));
	settle_items(st, remote);
	OK(ledger_clear(st, remote, "2026-09-29 11:00", -1, &err));
	OK(ledger_charge(st, rn, COST_TRAVEL, 30000, "2026-09-29", "往返车费", &err));
	/* not before the fault is cleared; not for remote service */
	assert_int_equal(ledger_card(st, rn, "沈建国", NULL, "满意", 5, -1, &err), SD_DATAERR);
	assert_non_null(strstr(err.msg, "not been cleared"));
	assert_int_equal(ledger_card(st, remote, "沈建国", NULL, "满意", 5, -1, &err), SD_DATAERR);
	assert_non_null(strstr(err.msg, "on-site"));
	at_now("2026-09-30 12:00");
	settle_items(st, rn);
	OK(ledger_clear(st, rn, "2026-09-30 11:00", -1, &err));
	assert_int_equal(ledger_close(st, rn, -1, &err), SD_DATAERR);
	assert_non_null(strstr(err.msg, "service card"));
	/* the rating as a visit's; who signed and the opinion are required; not before the clearing */
	assert_int_equal(ledger_card(st, rn, "沈建国", NULL, "满意", 0, -1, &err), SD_DATAERR);
	assert_non_null(strstr(err.msg, "1 to 5"));
	assert_int_equal(ledger_card(st, rn, "沈建国", NULL, "满意", 6, -1, &err), SD_DATAERR);
	assert_int_equal(ledger_card(st, rn, " ", NULL, "满意", 5, -1, &err), SD_DATAERR);
	assert_int_equal(ledger_card(st, rn, "沈建国", NULL, "", 5, -1, &err), SD_DATAERR);
	assert_int_equal(ledger_card(st, rn, "沈建国", "2026-09-30 10:00", "满意", 5, -1, &err), SD_DATAERR);
	int v = version(st, rn);
	assert_int_equal(ledger_card(st, rn, "沈建国", NULL, "满意", 5, v - 1, &err), SD_DATAERR);
	assert_non_null(strstr(err.msg, "changed meanwhile"));
	OK(ledger_card(st, rn, "沈建国", "2026-09-30 11:30", "工程师到场及时，满意", 5, v, &err));
	assert_int_equal(ledger_card(st, rn, "沈建国", NULL, "再次", 4, -1, &err), SD_DATAERR);
	assert_non_null(strstr(err.msg, "already recorded"));
	/* the card is the user's confirmation too; due 5 working days on, across National Day */
	OK(ledger_card_get(st, rn, &card, &err));
	assert_true(card.recorded);
	assert_int_equal(card.rating, 5);
	assert_string_equal(card.due, "2026-10-13");
	assert_false(card.late);
	ledger_card_free(&card);
	assert_col(st, rn, "confirmed_how", "card");
	assert_col(st, rn, "confirmed_by", "沈建国");
	OK(ledger_close(st, rn, -1, &err));
	/* travel not reimbursable while the card is out */
	OK(ledger_charge_each(st, rn, travel_flag, &flag, &err));
	assert_int_equal(flag, 0);
	/* out and overdue on 14 Oct, per engineer */
	at_now("2026-10-14 09:00");
	assert_true(date_parse("2026-10-14", &today));
	OK(ledger_cards_out(st, today, true, NULL, see_card, &seen, &err));
	assert_int_equal(seen.n, 1);
	char want[96];
	snprintf(want, sizeof want, "zhangwei %s 2026-10-13 1", rn);
	assert_string_equal(seen.line[0], want);
	seen.n = 0;
	OK(ledger_cards_out(st, today, true, "liqiang", see_card, &seen, &err));
	assert_int_equal(seen.n, 0);
	/* back late: recorded on the closed entry, and travel is reimbursable */
	assert_int_equal(ledger_card_in(st, rn, "2026-09-30 11:00", -1, &err), SD_DATAERR);
	OK(ledger_card_in(st, rn, NULL, -1, &err));
	assert_int_equal(ledger_card_in(st, rn, NULL, -1, &err), SD_DATAERR);
	assert_non_null(strstr(err.msg, "already back"));
	OK(ledger_card_get(st, rn, &card, &err));
	assert_true(card.late);
	assert_string_equal(card.in_at, "2026-10-14 09:00");
	ledger_card_free(&card);
	OK(ledger_charge_each(st, rn, travel_flag, &flag, &err));
	assert_int_equal(flag, 1);
	seen.n = 0;
	OK(ledger_cards_out(st, today, false, NULL, see_card, &seen, &err));
	assert_int_equal(seen.n, 0);
	assert_int_equal(ledger_card_in(st, remote, NULL, -1, &err), SD_DATAERR);
	assert_non_null(strstr(err.msg, "no service card"));
	free(rn);
	free(remote);
}

static int
fault_line(const char *code, const char *name, void *arg)
{
	struct lines *l = arg;

	buf_printf(&l->b, "%s%s=%s", l->n++ ? ";" : "", code, name);
	return 0;
}

/* Items settled one by one: outcomes, refusals, clearing, the unresolvable end, edited items. */
struct item_seen {
	int n;
	int state[8];
	char note[8][64];
};

static int
see_item(const sd_ledger_item *it, void *arg)
{
	struct item_seen *s = arg;

	if (s->n < 8) {
		s->state[s->n] = it->state;
		snprintf(s->note[s->n], sizeof s->note[s->n], "%s", it->note);
		s->n++;
	}
	return 0;
}

static void
test_ledger_items(void **state)
{
	struct fixture *f = *state;
	store *st = f->st;
	sd_request r;
	struct item_seen seen = { 0 };
	int total, open;
	sd_err err;

	at_now("2026-11-24 09:05");
	intake_request_init(&r);
	snprintf(r.received_at, sizeof r.received_at, "%s", "2026-11-24 09:00");
	r.channel = CH_FAX;
	r.customer = xstrdup("苏州电气集团有限公司");
	r.requester = xstrdup("沈建国");
	r.phone = xstrdup("0512-58639752");
	r.priority = 3;
	intake_request_add_item(&r, "喷涂机压力不足");
	intake_request_add_item(&r, "操作面板按键失灵");
	intake_request_add_item(&r, "厂房供电电压不稳");
	if (intake_add(st, &r, false, &err) != SD_OK)
		fail_msg("intake_add: %s", err.msg);
	char *rn = xstrdup(r.regno);
	intake_request_free(&r);
	at_now("2026-11-24 12:00");
	/* no item settled before an engineer is assigned */
	walk(st, rn, MODE_REMOTE, 1);
	assert_int_equal(ledger_item_settle(st, rn, 1, ITEM_DONE, "更换密封", -1, &err), SD_DATAERR);
	assert_non_null(strstr(err.msg, "no engineer"));
	OK(ledger_assign(st, rn, "zhangwei", -1, &err));
	OK(ledger_propose(st, rn, MODE_REMOTE, "远程检查。", NULL, "2026-11-24 09:30", -1, &err));
	OK(ledger_item_counts(st, rn, &total, &open, &err));
	assert_int_equal(total, 3);
	assert_int_equal(open, 3);
	/* the outcome and its text are required; the item must exist */
	assert_int_equal(ledger_item_settle(st, rn, 1, ITEM_OPEN, "x", -1, &err), SD_DATAERR);
	assert_int_equal(ledger_item_settle(st, rn, 1, ITEM_DONE, "  ", -1, &err), SD_DATAERR);
	assert_non_null(strstr(err.msg, "required"));
	assert_int_equal(ledger_item_settle(st, rn, 4, ITEM_DONE, "x", -1, &err), SD_DATAERR);
	assert_non_null(strstr(err.msg, "no item 4 (items 1 to 3)"));
	/* a stale version is refused, nothing saved */
	int v = version(st, rn);
	assert_int_equal(ledger_item_settle(st, rn, 1, ITEM_DONE, "更换密封", v - 1, &err), SD_DATAERR);
	assert_non_null(strstr(err.msg, "changed meanwhile"));
	OK(ledger_item_settle(st, rn, 1, ITEM_DONE, "更换柱塞密封", v, &err));
	assert_int_equal(version(st, rn), v + 1);
	assert_int_equal(ledger_item_settle(st, rn, 1, ITEM_NOTOURS, "再次", -1, &err), SD_DATAERR);
	assert_non_null(strstr(err.msg, "already settled"));
	OK(ledger_item_settle(st, rn, 3, ITEM_NOTOURS, "用户厂房供电问题,非我方设备", -1, &err));
	/* the clearing names the one still open */
	assert_int_equal(ledger_clear(st, rn, NULL, -1, &err), SD_DATAERR);
	assert_non_null(strstr(err.msg, "2 (操作面板按键失灵)"));
	assert_null(strstr(err.msg, "1 ("));
	OK(ledger_item_counts(st, rn, &total, &open, &err));
	assert_int_equal(open, 1);
	/* the unresolvable end settles it with its reason */
	OK(ledger_unresolvable(st, rn, "面板需返厂更换,用户暂不同意", -1, &err));
	OK(ledger_item_each(st, rn, see_item, &seen, &err));
	assert_int_equal(seen.n, 3);
	assert_int_equal(seen.state[0], ITEM_DONE);
	assert_int_equal(seen.state[1], ITEM_UNRESOLVABLE);
	assert_string_equal(seen.note[1], "面板需返厂更换,用户暂不同意");
	assert_int_equal(seen.state[2], ITEM_NOTOURS);
	assert_int_equal(ledger_item_settle(st, rn, 2, ITEM_DONE, "x", -1, &err), SD_DATAERR);
	/* the codes and names */
	assert_int_equal(ledger_item_state_parse("notours"), ITEM_NOTOURS);
	assert_int_equal(ledger_item_state_parse("无法解决"), ITEM_UNRESOLVABLE);
	assert_int_equal(ledger_item_state_parse("frob"), -1);
	free(rn);
}

static void
test_ledger_faults(void **state)
{
	struct fixture *f = *state;
	store *st = f->st;
	sd_err err;
	char *name;

	struct lines l = { { 0 }, 0, 0 };
	OK(ledger_fault_each(st, fault_line, &l, &err));
	assert_int_equal(l.n, 10);
	assert_string_equal(buf_str(&l.b),
		"ctrl=控制系统/软件故障;elec=电气故障;force=不可抗力;human=人为损坏;install=安装调试问题;"
		"mech=机械故障;other=其他;part=备件质量问题;site=现场条件;usage=操作使用问题");
	buf_free(&l.b);

	name = ledger_fault_name(st, "mech");
	assert_non_null(name);
	assert_string_equal(name, "机械故障");
	free(name);
	assert_null(ledger_fault_name(st, "漏油"));
	assert_null(ledger_fault_name(st, ""));
	assert_null(ledger_fault_name(st, NULL));

	/* an unknown code is refused, naming the known ones; nothing changes */
	at_now("2026-11-24 09:05");
	char *rn = add_request(st, "2026-11-24 09:00", "苏州电气集团有限公司", NULL, 2);
	OK(ledger_take(st, rn, NULL, &err));
	OK(ledger_assign(st, rn, "zhangwei", -1, &err));
	int v = version(st, rn);
	long long events = count(st, "SELECT count(*) FROM ledger_event", NULL);
	at_now("2026-11-24 09:30");
	assert_int_equal(ledger_propose(st, rn, MODE_REMOTE, "远程修改参数", "漏油", NULL, v, &err),
	                 SD_DATAERR);
	assert_non_null(strstr(err.msg, "漏油"));
	assert_non_null(strstr(err.msg, "ctrl, elec, force, human, install, mech, other, part, site, usage"));
	assert_int_equal(version(st, rn), v);
	assert_int_equal(lstate(st, rn), LS_ASSIGNED);
	assert_int_equal(count(st, "SELECT count(*) FROM ledger_event", NULL), events);
	assert_col(st, rn, "fault_code", NULL);

	/* a known code is recorded; a revision without one keeps it */
	OK(ledger_propose(st, rn, MODE_REMOTE, "远程修改参数", "elec", NULL, v, &err));
	assert_col(st, rn, "fault_code", "elec");
	OK(ledger_propose(st, rn, MODE_REMOTE, "远程修改参数,更换继电器", NULL, NULL, -1, &err));
	assert_col(st, rn, "fault_code", "elec");
	assert_int_equal(ledger_propose(st, rn, MODE_REMOTE, "x", "ELEC", NULL, -1, &err), SD_DATAERR);
	assert_col(st, rn, "fault_code", "elec");
	free(rn);
}

/*
 * Every change that feeds a due time stores the new due times in its own
 * transaction: the request's priority, its customer, its time of receipt,
 * the customer's region. A clock that has stopped keeps its due time.
 */
static void
test_ledger_dues_follow_changes(void **state)
{
	struct fixture *f = *state;
	store *st = f->st;
	sd_request r;
	sd_err err;

	sd_customer far = { .name = "南京江北新区自来水厂", .region = "市区" };
	OK(customer_put(st, &far, &err));
	sla_policy out_of_town = { 0 };
	assert_true(sla_dur_parse("1wh", &out_of_town.d[CLOCK_RESPOND]));
	assert_true(sla_dur_parse("48wh", &out_of_town.d[CLOCK_ONSITE]));
	assert_true(sla_dur_parse("3wd", &out_of_town.d[CLOCK_CLEAR]));
	OK(ledger_policy_set(st, 1, "外地", &out_of_town, &err));
	at_now("2026-11-24 09:05");
	char *a = add_request(st, "2026-11-24 09:00", "苏州电气集团有限公司", NULL, 3);
	char *b = add_request(st, "2026-11-24 09:00", "苏州电气集团有限公司", NULL, 3);
	OK(ledger_take(st, a, NULL, &err));
	OK(ledger_take(st, b, NULL, &err));
	char *p3 = stored_col(st, a, "respond_due");
	char *next3 = stored_col(st, a, "next_due");
	OK(ledger_assign(st, b, "zhangwei", -1, &err));
	at_now("2026-11-24 09:30");
	OK(ledger_propose(st, b, MODE_PHONE, "电话指导复位。", NULL, "2026-11-24 09:30", -1, &err));
	char *b_respond = stored_col(st, b, "respond_due");

	/* priority P3 -> P1: the stored due times are those of P1 */
	OK(intake_get(st, a, &r, &err));
	r.priority = 1;
	OK(intake_update(st, &r, NULL, &err));
	intake_request_free(&r);
	check_stored_dues(st, a);
	char *p1 = stored_col(st, a, "respond_due");
	char *next1 = stored_col(st, a, "next_due");
	assert_string_not_equal(p1, p3);
	assert_string_not_equal(next1, next3);

	/* another customer, in another region: the regional policy */
	OK(intake_get(st, a, &r, &err));
	free(r.customer);
	r.customer = xstrdup("南京江北新区自来水厂");
	OK(intake_update(st, &r, NULL, &err));
	intake_request_free(&r);
	check_stored_dues(st, a);
	assert_col(st, a, "onsite_due", "2026-11-25 09:00");
	/* the customer's region changes: its entries follow */
	OK(customer_get(st, "南京江北新区自来水厂", &far, &err));
	free(far.region);
	far.region = xstrdup("外地");
	OK(customer_put(st, &far, &err));
	customer_free(&far);
	assert_col(st, a, "onsite_due", "2026-11-26 09:00");
	check_stored_dues(st, a);

	/* an earlier time of receipt */
	OK(intake_get(st, a, &r, &err));
	snprintf(r.received_at, sizeof r.received_at, "%s", "2026-11-24 08:00");
	OK(intake_update(st, &r, NULL, &err));
	intake_request_free(&r);
	assert_col(st, a, "onsite_due", "2026-11-26 08:00");
	check_stored_dues(st, a);

	/* entry b answered at P3: raised to P1 later, its stopped clock keeps its due time */
	OK(intake_get(st, b, &r, &err));
	r.priority = 1;
	OK(intake_update(st, &r, NULL, &err));
	intake_request_free(&r);
	assert_col(st, b, "respond_due", b_respond);
	check_stored_dues(st, b);
	free(p3);
	free(p1);
	free(next3);
	free(next1);
	free(b_respond);
	free(a);
	free(b);
}

/* ---------------------------------------------------------------- lists */

static void
test_ledger_due_only(void **state)
{
	struct fixture *f = *state;
	store *st = f->st;
	sd_err err;
	sd_ledger_query q;
	sd_ledger_row rows[10];
	int n;

	at_now("2026-11-24 12:00");
	/* 2026-11-24 is a Tuesday; now is 12:00; the warning margin 120 min */
	char *overdue = add_request(st, "2026-11-24 09:00", "苏州电气集团有限公司", NULL, 1);   /* respond 10:00 */
	char *near = add_request(st, "2026-11-24 11:00", "江阴市人民医院", NULL, 2);          /* respond 13:00 */
	char *later = add_request(st, "2026-11-24 11:30", "常熟市第二中学", NULL, 4);         /* respond 19:30 */
	char *near2 = add_request(st, "2026-11-24 11:59", "无锡市第一中学", NULL, 1);         /* respond 12:59 */
	char *done = add_request(st, "2026-11-24 09:00", "常州天宁热电有限公司", NULL, 1);
	char *answered = add_request(st, "2026-11-24 09:00", "太仓港口储运有限公司", NULL, 3);
	char *paused = add_request(st, "2026-11-24 09:00", "宜兴市环科园污水处理厂", NULL, 1);
	char *all[] = { overdue, near, later, near2, done, answered, paused };
	at_now("2026-11-24 12:00");
	for (size_t i = 0; i < 4; i++)
		OK(ledger_take(st, all[i], NULL, &err));
	walk(st, done, MODE_REMOTE, 2);
	OK(ledger_propose(st, done, MODE_REMOTE, "远程登录修改参数。", NULL, "2026-11-24 09:30", -1, &err));
	settle_items(st, done);
	OK(ledger_clear(st, done, "2026-11-24 10:00", -1, &err));
	OK(ledger_confirm(st, done, "恽建平", HOW_PHONE, "2026-11-24 10:10", -1, &err));
	OK(ledger_close(st, done, -1, &err));
	walk(st, answered, MODE_ONSITE, 3);   /* respond met; on site due tomorrow 09:00 */
	walk(st, paused, MODE_ONSITE, 2);
	OK(ledger_pause(st, paused, "等待用户停机", "2026-11-24 09:20", -1, &err));

	ledger_query_init(&q);
	q.due_only = true;
	q.desc = false;
	assert_int_equal(ledger_page(st, &q, PAGE_FIRST, NULL, 10, rows, &n, &err), SD_OK);
	assert_int_equal(n, 3);
	/* most urgent first: the first replies due 09:30 (P1, 30 min), 12:00 (P2, 1 h), 12:29 (P1) */
	assert_string_equal(rows[0].regno, overdue);
	assert_int_equal(rows[0].worst, SLA_OVERDUE);
	assert_int_equal(rows[0].next_clock, CLOCK_REPLY);
	assert_string_equal(rows[1].regno, near);
	assert_int_equal(rows[1].worst, SLA_NEAR);
	assert_string_equal(rows[2].regno, near2);
	assert_int_equal(rows[2].worst, SLA_NEAR);
	for (int i = 0; i < n; i++)
		ledger_row_free(&rows[i]);

	/* paging through the overdue list, two at a time */
	assert_int_equal(ledger_page(st, &q, PAGE_FIRST, NULL, 2, rows, &n, &err), SD_OK);
	assert_int_equal(n, 2);
	sd_ledger_row anchor = rows[1];
	rows[1].customer = rows[1].engineer = rows[1].first_item = NULL;
	ledger_row_free(&rows[0]);
	assert_int_equal(ledger_page(st, &q, PAGE_AFTER, &anchor, 2, rows, &n, &err), SD_OK);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].regno, near2);
	ledger_row_free(&rows[0]);
	ledger_row_free(&anchor);

	/* the marks of the whole list agree with the filter */
	ledger_query_init(&q);
	assert_int_equal(ledger_page(st, &q, PAGE_FIRST, NULL, 10, rows, &n, &err), SD_OK);
	assert_int_equal(n, 7);
	assert_string_equal(rows[0].regno, paused);   /* newest first */
	for (int i = 0; i < n; i++) {
		bool flagged = rows[i].worst == SLA_OVERDUE || rows[i].worst == SLA_NEAR;
		bool listed = !strcmp(rows[i].regno, overdue) || !strcmp(rows[i].regno, near) ||
		              !strcmp(rows[i].regno, near2);
		if (flagged != listed)
			fail_msg("%s: mark %d disagrees with the overdue filter", rows[i].regno, rows[i].worst);
		if (!strcmp(rows[i].regno, paused))
			assert_int_equal(rows[i].worst, SLA_PAUSED);
		if (!strcmp(rows[i].regno, done))
			assert_int_equal(rows[i].worst, SLA_MET);
		ledger_row_free(&rows[i]);
	}

	/* the count of the status line and the report: the entries the list marks "!!" */
	long per[CLOCK_COUNT], entries = -1;
	sd_time tnow;
	assert_true(time_parse("2026-11-24 12:00", &tnow));
	OK(ledger_overdue_now(st, tnow, per, &entries, &err));
	assert_int_equal(entries, 1);                 /* overdue; near is due at 12:00 exactly */
	assert_int_equal(per[CLOCK_REPLY], 1);
	assert_int_equal(per[CLOCK_RESPOND], 1);
	assert_int_equal(per[CLOCK_ESCALATE], 1);
	assert_int_equal(per[CLOCK_ONSITE] + per[CLOCK_CLEAR] + per[CLOCK_DIAGNOSE], 0);
	sd_monthly m;
	OK(report_monthly(st, "2026-11", &m, &err));
	assert_true(m.overdue_shown);
	assert_string_equal(m.overdue_as_of, "2026-11-24 12:00");
	assert_int_equal(m.overdue_entries, 1);
	assert_int_equal(m.overdue_now[CLOCK_RESPOND], 1);
	buf ov = { 0 };
	report_overdue_lines(&m, &ov);
	assert_non_null(strstr(buf_str(&ov), "Overdue right now (as of 2026-11-24 12:00): 1 entry"));
	assert_non_null(strstr(buf_str(&ov), "reply 1, respond 1, to escalate 1"));
	buf_free(&ov);
	report_monthly_free(&m);
	OK(report_monthly(st, "2026-10", &m, &err));
	assert_false(m.overdue_shown);               /* a month that has ended */
	report_monthly_free(&m);
	at_now("2026-11-24 12:01");                   /* a minute later near's first reply is overdue too */
	assert_true(time_parse("2026-11-24 12:01", &tnow));
	OK(ledger_overdue_now(st, tnow, per, &entries, &err));
	assert_int_equal(entries, 2);
	at_now("2026-11-24 12:00");

	/* the overdue list reads the partial index on next_due */
	sqlite3_stmt *s = NULL;
	const char *sql = NULL;
	while ((s = sqlite3_next_stmt(store_db(st), s)))
		if (sqlite3_sql(s) && strstr(sqlite3_sql(s), "next_due <= :due"))
			sql = sqlite3_sql(s);
	assert_non_null(sql);
	buf eqp = { 0 }, plan = { 0 };
	buf_printf(&eqp, "EXPLAIN QUERY PLAN %s", sql);
	assert_int_equal(sqlite3_prepare_v2(store_db(st), buf_str(&eqp), -1, &s, NULL), SQLITE_OK);
	while (sqlite3_step(s) == SQLITE_ROW)
		buf_printf(&plan, "%s\n", sqlite3_column_text(s, 3));
	sqlite3_finalize(s);
	if (!strstr(buf_str(&plan), "SEARCH l USING INDEX ledger_next_due (") || !strstr(buf_str(&plan), "next_due<?)"))
		fail_msg("plan does not search ledger_next_due:\n%s", buf_str(&plan));
	buf_free(&eqp);
	buf_free(&plan);

	/* other filters */
	ledger_query_init(&q);
	q.open_only = true;
	assert_int_equal(ledger_page(st, &q, PAGE_FIRST, NULL, 10, rows, &n, &err), SD_OK);
	assert_int_equal(n, 6);
	for (int i = 0; i < n; i++)
		ledger_row_free(&rows[i]);
	ledger_query_init(&q);
	q.engineer = "zhangwei";
	assert_int_equal(ledger_page(st, &q, PAGE_FIRST, NULL, 10, rows, &n, &err), SD_OK);
	assert_int_equal(n, 3);
	for (int i = 0; i < n; i++)
		ledger_row_free(&rows[i]);
	ledger_query_init(&q);
	q.state = LS_CLOSED;
	assert_int_equal(ledger_page(st, &q, PAGE_FIRST, NULL, 10, rows, &n, &err), SD_OK);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].regno, done);
	ledger_row_free(&rows[0]);
	ledger_query_init(&q);
	q.search = "江阴市";
	assert_int_equal(ledger_page(st, &q, PAGE_FIRST, NULL, 10, rows, &n, &err), SD_OK);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].regno, near);
	ledger_row_free(&rows[0]);
	q.search = "太仓";
	assert_int_equal(ledger_page(st, &q, PAGE_FIRST, NULL, 10, rows, &n, &err), SD_OK);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].regno, answered);
	ledger_row_free(&rows[0]);

	for (size_t i = 0; i < SD_ARRAY_LEN(all); i++) {
		check_stored_dues(st, all[i]);
		free(all[i]);
	}
}

/* ---------------------------------------------------------------- complaints */

static int
count_complaint(const sd_complaint *c, void *arg)
{
	(*(int *)arg)++;
	return SD_OK;
}

static void
test_complaints(void **state)
{
	struct fixture *f = *state;
	store *st = f->st;
	sd_err err;

	at_now("2026-11-24 09:05");
	char *rn = add_request(st, "2026-11-24 09:00", "江苏驰耐特防腐科技有限公司", NULL, 2);
	char *loose = add_request(st, "2026-11-24 09:00", "江苏驰耐特防腐科技有限公司", NULL, 2);
	OK(ledger_take(st, rn, NULL, &err));

	static const struct {
		const char *what, *customer, *description, *regno;
		int cls, quantity, defective;
		const char *delivered;
		const char *msg;
	} bad[] = {
		{ "no customer", " ", "漆膜起泡", NULL, CC_QUALITY, -1, -1, "", "customer" },
		{ "no description", "南通中远船务防腐工程有限公司", "", NULL, CC_QUALITY, -1, -1, "", "description" },
		{ "defective over quantity", "南通中远船务防腐工程有限公司", "密封圈漏油", NULL, CC_QUALITY, 10, 12, "", "defective" },
		{ "bad class", "南通中远船务防腐工程有限公司", "密封圈漏油", NULL, 7, -1, -1, "", "class" },
		{ "bad date", "南通中远船务防腐工程有限公司", "密封圈漏油", NULL, CC_OTHER, -1, -1, "2026-13-01", "delivery" },
		{ "not in the ledger", "南通中远船务防腐工程有限公司", "密封圈漏油", "LOOSE", CC_OTHER, -1, -1, "", "not in the after-sales ledger" },
	};
	for (size_t i = 0; i < SD_ARRAY_LEN(bad); i++) {
		sd_complaint c = { .customer = (char *)bad[i].customer, .description = (char *)bad[i].description,
		                   .cls = bad[i].cls, .quantity = bad[i].quantity, .defective = bad[i].defective,
		                   .regno = bad[i].regno && !strcmp(bad[i].regno, "LOOSE") ? loose : NULL };
		snprintf(c.delivered_on, sizeof c.delivered_on, "%s", bad[i].delivered);
		if (complaint_add(st, &c, &err) != SD_DATAERR || !strstr(err.msg, bad[i].msg))
			fail_msg("%s: %s", bad[i].what, err.msg);
	}
	sd_complaint q = { .regno = rn, .customer = "江苏驰耐特防腐科技有限公司", .cls = CC_QUALITY,
	                   .order_no = "XS-2026-0418", .part_no = "GP-21-SEAL", .delivered_on = "2026-08-15",
	                   .quantity = 20, .defective = 3,
	                   .description = "新到高压密封组件20套,装机后3套一周内漏油。" };
	OK(complaint_add(st, &q, &err));
	assert_true(q.id > 0);
	sd_complaint h = { .customer = "常熟市第二中学", .cls = CC_NONQUALITY, .quantity = -1, .defective = -1,
	                   .received_at = "2026-11-20 15:00",
	                   .description = "工程师上门未提前电话联系,值班人员不在,白跑一趟。" };
	OK(complaint_add(st, &h, &err));

	sd_complaint got;
	OK(complaint_get(st, q.id, &got, &err));
	assert_string_equal(got.regno, rn);
	assert_int_equal(got.defective, 3);
	assert_string_equal(got.received_at, "2026-11-24 09:05");
	assert_string_equal(got.received_by, "liuyang");
	complaint_free(&got);
	OK(complaint_get(st, h.id, &got, &err));
	assert_null(got.regno);
	assert_int_equal(got.quantity, -1);
	complaint_free(&got);

	assert_int_equal(complaint_close(st, q.id, " ", &err), SD_DATAERR);
	OK(complaint_close(st, q.id, "更换全部20套密封组件,供应商8D报告已提交,用户认可。", &err));
	assert_int_equal(complaint_close(st, q.id, "再次", &err), SD_DATAERR);
	assert_non_null(strstr(err.msg, "already closed"));
	assert_int_equal(complaint_close(st, 9999, "x", &err), SD_DATAERR);

	int all = 0, open = 0;
	OK(complaint_each(st, false, count_complaint, &all, &err));
	OK(complaint_each(st, true, count_complaint, &open, &err));
	assert_int_equal(all, 2);
	assert_int_equal(open, 1);
	assert_int_equal(count(st, "SELECT count(*) FROM audit WHERE tbl = 'complaint'", NULL), 3);
	free(rn);
	free(loose);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ledger_codes),
		cmocka_unit_test_setup_teardown(test_ledger_onsite_whole, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ledger_remote_whole, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ledger_refusals, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ledger_conflict, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ledger_pause_moves_due, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ledger_explain_holiday, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ledger_policy, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ledger_calendar_change, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ledger_charges, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ledger_charge_each, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ledger_policy_each, setup, teardown),
		cmocka_unit_test(test_ledger_migration_keeps_dues),
		cmocka_unit_test(test_ledger_migration_settles_items),
		cmocka_unit_test_setup_teardown(test_ledger_six_clocks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ledger_faults, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ledger_items, setup, teardown),
		cmocka_unit_test(test_ledger_card_due),
		cmocka_unit_test_setup_teardown(test_ledger_card, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ledger_due_only, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ledger_dues_follow_changes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_complaints, setup, teardown),
	};
	int rc;
	char cmd[128];

	setenv("LC_ALL", "C.UTF-8", 1);
	if (!mkdtemp(dir))
		return 1;
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	if (system(cmd) != 0 && rc == 0)
		rc = 1;
	return rc;
}
