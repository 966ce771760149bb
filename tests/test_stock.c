/*
 * test_stock.c — the spare-parts store (stock.c, stock_csv.c): the moving
 * average, every movement and every refusal (which leaves the database as it
 * was), the parts charge on the ledger entry, the suggested order, paging,
 * the history with its balances, the append-only journal, the journal check,
 * concurrent movements from several processes, and the parts CSV in UTF-8
 * and GB18030.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "buf.h"
#include "enc.h"
#include "intake.h"
#include "ledger.h"
#include "staff.h"
#include "check.h"
#include "customer.h"
#include "stock.h"
#include "store.h"
#include "warranty.h"

#define OK(call) do { if ((call) != SD_OK) fail_msg("%s: %s", #call, err.msg); } while (0)

static char dir[] = "/tmp/servdesk-stock-XXXXXX";
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
new_path(const char *ext)
{
	buf b = { 0 };

	buf_printf(&b, "%s/f%d.%s", dir, ++nfiles, ext);
	return buf_steal(&b);
}

static store *
open_db(const char *path)
{
	store *st = NULL;
	sd_err err;

	sd_staff me = { .login = "zhougang", .name = "周刚", .role = ROLE_STOREKEEPER, .active = true };
	long n;

	if (store_open(path, STORE_OPEN_CREATE, "zhougang", &st, &err) != SD_OK)
		fail_msg("store_open: %s", err.msg);
	/* a new database: the storekeeper starts its staff list */
	if (staff_count(st, &n, &err) != SD_OK || (n == 0 && staff_put(st, &me, &err) != SD_OK))
		fail_msg("staff: %s", err.msg);
	return st;
}

static int
setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof *f);
	sd_err err;

	setenv("SERVDESK_NOW", "2026-11-24 12:00", 1);
	f->path = new_path("db");
	/* the staff list, by its supervisor (the first on it); then the storekeeper at work */
	if (store_open(f->path, STORE_OPEN_CREATE, people[0].login, &f->st, &err) != SD_OK)
		return -1;
	for (size_t i = 0; i < SD_ARRAY_LEN(people); i++) {
		sd_staff s = { .login = (char *)people[i].login, .name = (char *)people[i].name,
		               .role = people[i].role, .active = true };
		if (staff_put(f->st, &s, &err) != SD_OK)
			return -1;
	}
	store_close(f->st);
	f->st = open_db(f->path);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	if (f->st)
		store_close(f->st);
	free(f->path);
	free(f);
	return 0;
}

/* The same database as its supervisor (the ledger's work is not the storekeeper's). */
static store *
as_boss(store *st)
{
	store *boss = NULL;
	sd_err err;

	if (store_open(store_path(st), STORE_OPEN_EXISTING, "liuyang", &boss, &err) != SD_OK)
		fail_msg("store_open: %s", err.msg);
	return boss;
}

/* A request taken into the ledger; returns its register number (malloc'd). */
static char *
new_entry(store *st_)
{
	store *st = as_boss(st_);
	sd_request r;
	sd_err err;
	char *regno;

	intake_request_init(&r);
	snprintf(r.received_at, sizeof r.received_at, "%s", "2026-11-24 09:00");
	r.channel = CH_PHONE;
	r.customer = xstrdup("江苏驰耐特防腐科技有限公司");
	r.requester = xstrdup("吴振华");
	r.phone = xstrdup("0512-58639752");
	r.priority = 2;
	intake_request_add_item(&r, "高压无气喷涂机压力上不去,最高只到12MPa(正常21MPa)");
	if (intake_add(st, &r, false, &err) != SD_OK)
		fail_msg("intake_add: %s", err.msg);
	regno = xstrdup(r.regno);
	intake_request_free(&r);
	OK(ledger_take(st, regno, "liuyang", &err));
	store_close(st);
	return regno;
}

/* Take entry rn through to closed. */
static void
close_entry(store *st_, const char *rn)
{
	store *st = as_boss(st_);
	sd_err err;

	OK(ledger_assign(st, rn, "zhangwei", -1, &err));
	OK(ledger_propose(st, rn, MODE_ONSITE, "更换柱塞密封组件。", NULL, "2026-11-24 09:30", -1, &err));
	OK(ledger_arrive(st, rn, "2026-11-24 10:00", -1, &err));
	settle_items(st, rn);
	OK(ledger_clear(st, rn, "2026-11-24 11:00", -1, &err));
	OK(ledger_confirm(st, rn, "沈建国", HOW_FAX, "2026-11-24 11:10", -1, &err));
	OK(ledger_card(st, rn, "沈建国", "2026-11-24 11:10", "满意", 5, -1, &err));
	OK(ledger_close(st, rn, -1, &err));
	store_close(st);
}

static void
add_part(store *st, const char *no, const char *name, const char *spec, long rp, long rq,
         int64_t opening)
{
	sd_part p = { 0 };
	sd_err err;

	p.part_no = (char *)no;
	p.name = (char *)name;
	p.spec = (char *)spec;
	p.reorder_point = rp;
	p.reorder_qty = rq;
	p.avg_cost_fen = opening;
	p.active = true;
	OK(stock_part_put(st, &p, &err));
}

static sd_part
get_part(store *st, const char *no)
{
	sd_part p;
	sd_err err;

	OK(stock_part_get(st, no, &p, &err));
	return p;
}

static long
on_hand(store *st, const char *no)
{
	sd_part p = get_part(st, no);
	long h = p.on_hand;

	stock_part_free(&p);
	return h;
}

static long
on_order(store *st, const char *no)
{
	sd_part p = get_part(st, no);
	long o = p.on_order;

	stock_part_free(&p);
	return o;
}

static int64_t
avg_cost(store *st, const char *no)
{
	sd_part p = get_part(st, no);
	int64_t a = p.avg_cost_fen;

	stock_part_free(&p);
	return a;
}

static long
query_int(store *st, const char *sql)
{
	sqlite3_stmt *q = store_prepare(st, sql, NULL);
	long v;

	assert_non_null(q);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	v = (long)sqlite3_column_int64(q, 0);
	sqlite3_reset(q);
	return v;
}

/* Everything a movement writes, as one text. */
static char *
snapshot(store *st)
{
	sqlite3_stmt *q = store_prepare(st,
		"SELECT coalesce((SELECT json_group_array(json_array(id, part_no, on_hand, on_order, "
		"avg_cost_fen, version)) FROM part), '') || '|' || "
		"coalesce((SELECT json_group_array(json_array(id, part_id, kind, qty, cost_fen, ledger_id, "
		"reason)) FROM stock_move), '') || '|' || "
		"coalesce((SELECT json_group_array(json_array(id, amount_fen, note)) FROM charge), '') || '|' || "
		"(SELECT count(*) FROM ledger_event) || '|' || (SELECT count(*) FROM audit)", NULL);
	char *s;

	assert_non_null(q);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	s = xstrdup((const char *)sqlite3_column_text(q, 0));
	sqlite3_reset(q);
	return s;
}

/* ---------------------------------------------------------------- moving average */

static void
test_moving_average(void **state)
{
	static const struct {
		const char *what;
		int64_t opening;      /* opening unit cost of the new part */
		long start;           /* stock put in first by an adjustment (carries the average) */
		long qty;
		int64_t cost;         /* < 0: the current average */
		int64_t want;
	} cases[] = {
		{ "receipt onto zero stock", 0, 0, 5, 1234, 1234 },
		{ "opening cost, no stock yet", 999, 0, 2, 100, 100 },
		{ "opening cost averaged", 1000, 10, 10, 2000, 1500 },
		{ "half a fen rounds up", 0, 1, 1, 1, 1 },
		{ "a third rounds down", 0, 2, 1, 1, 0 },
		{ "two thirds round up", 100, 1, 2, 101, 101 },
		{ "10.5 rounds up", 10, 3, 1, 12, 11 },
		{ "10.4 rounds down", 10, 4, 1, 12, 10 },
		{ "at the current average", 777, 3, 3, -1, 777 },
		{ "no overflow at the limits", INT64_C(100000000000), 1000000000L, 1000000000L,
		  INT64_C(99999999999), INT64_C(100000000000) },
		{ "no overflow, rounding down", INT64_C(100000000000), 1000000000L, 1000000000L,
		  INT64_C(99999999998), INT64_C(99999999999) },
	};
	struct fixture *f = *state;
	sd_err err;

	for (size_t i = 0; i < SD_ARRAY_LEN(cases); i++) {
		char no[32];

		snprintf(no, sizeof no, "MA-%02zu", i);
		add_part(f->st, no, "柱塞密封组件", NULL, 0, 0, cases[i].opening);
		if (cases[i].start)
			OK(stock_adjust(f->st, no, cases[i].start, "期初库存", NULL, &err));
		assert_int_equal(avg_cost(f->st, no), cases[i].opening);
		if (stock_receive(f->st, no, cases[i].qty, cases[i].cost, NULL, NULL, &err) != SD_OK)
			fail_msg("%s: %s", cases[i].what, err.msg);
		if (avg_cost(f->st, no) != cases[i].want)
			fail_msg("%s: average %lld, want %lld", cases[i].what,
			         (long long)avg_cost(f->st, no), (long long)cases[i].want);
		assert_int_equal(on_hand(f->st, no), cases[i].start + cases[i].qty);
	}
}

/* ---------------------------------------------------------------- movements */

struct charges {
	int n;
	int cost;
	int64_t amount;
	char note[64];
};

static int
collect_charge(const sd_ledger_charge *c, void *arg)
{
	struct charges *ch = arg;

	ch->n++;
	ch->cost = c->cost;
	ch->amount = c->amount_fen;
	snprintf(ch->note, sizeof ch->note, "%s", c->note);
	return 0;
}

static void
test_movements(void **state)
{
	struct fixture *f = *state;
	store *st = f->st;
	struct charges ch = { 0 };
	long long id1 = 0, id2 = 0;
	long avail = -1;
	sd_err err;

	char *rn = new_entry(st);
	add_part(st, "KY-0315", "高压泵柱塞密封组件", "Φ18 聚四氟乙烯", 2, 10, 0);
	OK(stock_order(st, "KY-0315", 15, &err));
	assert_int_equal(on_order(st, "KY-0315"), 15);

	OK(stock_receive(st, "KY-0315", 10, 100, "到货 采购单 CG-2026-118", &id1, &err));
	assert_true(id1 > 0);
	sd_part p = get_part(st, "KY-0315");
	assert_int_equal(p.on_hand, 10);
	assert_int_equal(p.on_order, 5);
	assert_int_equal(p.avg_cost_fen, 100);
	stock_part_free(&p);

	OK(stock_issue(st, "KY-0315", 4, rn, "更换密封", &avail, &id2, &err));
	assert_true(id2 > id1);
	assert_int_equal(avail, 6);
	assert_int_equal(on_hand(st, "KY-0315"), 6);
	/* the issue is charged to the entry as parts: 4 x 1.00 */
	OK(ledger_charge_each(st, rn, collect_charge, &ch, &err));
	assert_int_equal(ch.n, 1);
	assert_int_equal(ch.cost, COST_PARTS);
	assert_int_equal(ch.amount, 400);
	assert_string_equal(ch.note, "KY-0315 x 4");
	assert_int_equal(query_int(st, "SELECT count(*) FROM stock_move WHERE kind = 'issue' "
	                               "AND qty = -4 AND cost_fen = 100 AND ledger_id IS NOT NULL "
	                               "AND who = 'zhougang' AND at = '2026-11-24 12:00'"), 1);

	OK(stock_receive(st, "KY-0315", 10, 200, NULL, NULL, &err));
	/* (6 x 100 + 10 x 200) / 16 = 162.5 -> 163 */
	assert_int_equal(avg_cost(st, "KY-0315"), 163);
	assert_int_equal(on_order(st, "KY-0315"), 0);

	/* the return comes back at its issue's cost: (16 x 163 + 2 x 100) / 18 = 156 */
	OK(stock_return_from(st, "KY-0315", 2, rn, "多领退回", NULL, &err));
	assert_int_equal(on_hand(st, "KY-0315"), 18);
	assert_int_equal(avg_cost(st, "KY-0315"), 156);
	assert_int_equal(query_int(st, "SELECT cost_fen FROM stock_move WHERE kind = 'return'"), 100);
	/* and is credited to the entry at that cost: -2 x 1.00 */
	memset(&ch, 0, sizeof ch);
	OK(ledger_charge_each(st, rn, collect_charge, &ch, &err));
	assert_int_equal(ch.n, 2);
	assert_int_equal(ch.cost, COST_PARTS);
	assert_int_equal(ch.amount, -200);
	assert_string_equal(ch.note, "KY-0315 x 2 returned");

	/* an adjustment carries the average and leaves it */
	OK(stock_adjust(st, "KY-0315", -3, "盘亏 破损", NULL, &err));
	assert_int_equal(on_hand(st, "KY-0315"), 15);
	assert_int_equal(avg_cost(st, "KY-0315"), 156);
	assert_int_equal(query_int(st, "SELECT cost_fen FROM stock_move WHERE kind = 'adjust'"), 156);

	/* the journal's sum is on hand; every movement has its audit row */
	assert_int_equal(query_int(st, "SELECT sum(qty) FROM stock_move"), 15);
	assert_int_equal(query_int(st, "SELECT count(*) FROM audit WHERE tbl = 'stock_move'"), 5);

	/* an order cancelled cannot go below zero */
	OK(stock_order(st, "KY-0315", 4, &err));
	OK(stock_order(st, "KY-0315", -10, &err));
	assert_int_equal(on_order(st, "KY-0315"), 0);

	/* the master data keeps its version check */
	p = get_part(st, "KY-0315");
	int v = p.version;
	free(p.location);
	p.location = xstrdup("A-03-2");
	OK(stock_part_put(st, &p, &err));
	p.version = v;
	assert_int_equal(stock_part_put(st, &p, &err), SD_DATAERR);
	assert_non_null(strstr(err.msg, "changed meanwhile"));
	stock_part_free(&p);
	p = get_part(st, "KY-0315");
	assert_string_equal(p.location, "A-03-2");
	assert_int_equal(p.on_hand, 15);
	stock_part_free(&p);
	assert_string_equal(stock_move_code(MOVE_RETURN), "return");
	free(rn);
}

/* ---------------------------------------------------------------- returns mirror their issue */

static long
charge_int(store *st, const char *sql, long long arg)
{
	sqlite3_stmt *q = store_prepare(st, sql, NULL);
	long v;

	assert_non_null(q);
	sqlite3_bind_int64(q, 1, arg);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	v = (long)sqlite3_column_int64(q, 0);
	sqlite3_reset(q);
	return v;
}

/*
 * A return credits exactly what its issue billed, whatever the date: parts
 * issued free in warranty are credited free after the warranty has ended;
 * a return spanning a free and a billed issue gives back the latest first,
 * one credit line for each; a zero-cost return is a zero credit line.
 */
static void
test_return_mirrors_issue(void **state)
{
	struct fixture *f = *state;
	store *st = f->st;
	int64_t cost, billed, received;
	sd_request r;
	sd_err err;

	store *boss = as_boss(st);     /* the storekeeper may not register customers or requests */
	sd_customer c = { .name = "W", .region = "市区" };
	OK(customer_put(boss, &c, &err));
	/* commissioned 2024-01-31: in warranty to 2025-01-31, tier 1 after */
	sd_equipment e = { .customer = "W", .serial = "E1", .commissioned_on = "2024-01-31" };
	OK(equipment_put(boss, &e, &err));
	setenv("SERVDESK_NOW", "2025-01-20 10:00", 1);
	intake_request_init(&r);
	snprintf(r.received_at, sizeof r.received_at, "%s", "2025-01-20 09:00");
	r.customer = xstrdup("W");
	r.requester = xstrdup("吴振华");
	r.phone = xstrdup("0512-58639752");
	r.serial = xstrdup("E1");
	intake_request_add_item(&r, "压力上不去");
	OK(intake_add(boss, &r, false, &err));
	char *rn = xstrdup(r.regno);
	intake_request_free(&r);
	OK(ledger_take(boss, rn, "liuyang", &err));
	store_close(boss);
	add_part(st, "P1", "轴承", NULL, 0, 0, 0);
	add_part(st, "P0", "免费垫片", NULL, 0, 0, 0);
	OK(stock_receive(st, "P1", 10, 10000, NULL, NULL, &err));
	OK(stock_receive(st, "P0", 10, 0, NULL, NULL, &err));

	setenv("SERVDESK_NOW", "2025-01-31 10:00", 1);
	OK(stock_issue(st, "P1", 2, rn, NULL, NULL, NULL, &err));
	setenv("SERVDESK_NOW", "2025-02-01 10:00", 1);
	OK(stock_return_from(st, "P1", 2, rn, NULL, NULL, &err));
	OK(ledger_totals(st, rn, &cost, &billed, &received, &err));
	assert_int_equal(cost, 0);
	assert_int_equal(billed, 0);
	assert_int_equal(charge_int(st, "SELECT count(*) FROM charge WHERE amount_fen = -?1 "
	                                "AND billed_fen = 0 AND tier = 'warranty'", 20000), 1);

	/* 2 free (warranty) and 1 billed (tier 1); a return of 3 gives back the billed one first */
	setenv("SERVDESK_NOW", "2025-01-31 11:00", 1);
	OK(stock_issue(st, "P1", 2, rn, NULL, NULL, NULL, &err));
	setenv("SERVDESK_NOW", "2025-02-02 10:00", 1);
	OK(stock_issue(st, "P1", 1, rn, NULL, NULL, NULL, &err));
	OK(ledger_totals(st, rn, &cost, &billed, &received, &err));
	assert_int_equal(billed, 10000);
	OK(stock_return_from(st, "P1", 1, rn, NULL, NULL, &err));
	OK(ledger_totals(st, rn, &cost, &billed, &received, &err));
	assert_int_equal(cost, 20000);
	assert_int_equal(billed, 0);
	setenv("SERVDESK_NOW", "2025-03-02 10:00", 1);
	OK(stock_issue(st, "P1", 1, rn, NULL, NULL, NULL, &err));
	OK(stock_return_from(st, "P1", 3, rn, NULL, NULL, &err));
	OK(ledger_totals(st, rn, &cost, &billed, &received, &err));
	assert_int_equal(cost, 0);
	assert_int_equal(billed, 0);
	/* two movements for that return: 1 from the tier-1 issue, 2 from the free one */
	assert_int_equal(charge_int(st, "SELECT count(*) FROM stock_move WHERE kind = 'return' "
	                                "AND at = '2025-03-02 10:00' AND cost_fen = ?1", 10000), 2);
	assert_int_equal(charge_int(st, "SELECT count(*) FROM charge WHERE at = '2025-03-02 10:00' "
	                                "AND amount_fen < 0 AND tier = 'tier1' AND billed_fen = -?1", 10000), 1);
	assert_int_equal(charge_int(st, "SELECT count(*) FROM charge WHERE at = '2025-03-02 10:00' "
	                                "AND amount_fen = -?1 AND tier = 'warranty' AND billed_fen = 0", 20000), 1);
	assert_int_equal(on_hand(st, "P1"), 10);

	/* zero cost: a zero credit line, not a refusal */
	OK(stock_issue(st, "P0", 2, rn, NULL, NULL, NULL, &err));
	OK(stock_return_from(st, "P0", 1, rn, NULL, NULL, &err));
	assert_int_equal(charge_int(st, "SELECT count(*) FROM charge WHERE amount_fen = ?1 "
	                                "AND note LIKE 'P0 x 1%'", 0), 1);
	assert_int_equal(on_hand(st, "P0"), 9);
	free(rn);
}

/* ---------------------------------------------------------------- refusals */

enum act { A_RECEIVE, A_ISSUE, A_RETURN, A_ADJUST, A_ORDER };

static void
test_refusals(void **state)
{
	struct fixture *f = *state;
	store *st = f->st;
	sd_err err;
	char *open = new_entry(st), *other = new_entry(st), *closed = new_entry(st),
	     *lost = new_entry(st);

	close_entry(st, closed);
	{
		store *boss = as_boss(st);

		OK(ledger_assign(boss, lost, "zhangwei", -1, &err));
		OK(ledger_unresolvable(boss, lost, "现场无法复现,已向用户解释需厂家升级固件。", -1, &err));
		store_close(boss);
	}
	add_part(st, "DL-2007", "温控表热电偶", "K型 φ3", 1, 5, 0);
	add_part(st, "DL-2008", "压力传感器", "0-25MPa", 1, 5, 0);
	OK(stock_receive(st, "DL-2007", 5, 4500, NULL, NULL, &err));
	OK(stock_issue(st, "DL-2007", 2, open, NULL, NULL, NULL, &err));

	const struct {
		const char *what;
		enum act act;
		const char *part;
		long qty;
		const char *regno;    /* "open", "other", "closed", "lost", "none" or NULL */
		const char *reason;
		const char *msg;
		long available;       /* -1: not checked */
	} cases[] = {
		{ "receive zero", A_RECEIVE, "DL-2007", 0, NULL, NULL, "quantity", -1 },
		{ "receive negative", A_RECEIVE, "DL-2007", -3, NULL, NULL, "quantity", -1 },
		{ "receive unknown part", A_RECEIVE, "XX-0000", 1, NULL, NULL, "no part numbered XX-0000", -1 },
		{ "issue zero", A_ISSUE, "DL-2007", 0, "open", NULL, "quantity", -1 },
		{ "issue negative", A_ISSUE, "DL-2007", -1, "open", NULL, "quantity", -1 },
		{ "issue unknown part", A_ISSUE, "XX-0000", 1, "open", NULL, "no part numbered", -1 },
		{ "issue beyond stock", A_ISSUE, "DL-2007", 4, "open", NULL, "DL-2007: only 3 available", 3 },
		{ "issue with no stock", A_ISSUE, "DL-2008", 1, "open", NULL, "DL-2008: only 0 available", 0 },
		{ "issue to a closed entry", A_ISSUE, "DL-2007", 1, "closed", NULL, "cannot be issued", -1 },
		{ "issue to an unresolvable entry", A_ISSUE, "DL-2007", 1, "lost", NULL, "cannot be issued", -1 },
		{ "issue to no entry", A_ISSUE, "DL-2007", 1, NULL, NULL, "required", -1 },
		{ "issue to an unknown entry", A_ISSUE, "DL-2007", 1, "none", NULL, "FW-2099-9999", -1 },
		{ "return beyond the issue", A_RETURN, "DL-2007", 3, "open", NULL, "holds only 2", -1 },
		{ "return to another entry", A_RETURN, "DL-2007", 1, "other", NULL, "holds only 0", -1 },
		{ "return zero", A_RETURN, "DL-2007", 0, "open", NULL, "quantity", -1 },
		{ "adjust without reason", A_ADJUST, "DL-2007", 1, NULL, "  ", "reason", -1 },
		{ "adjust zero", A_ADJUST, "DL-2007", 0, NULL, "盘点", "quantity", -1 },
		{ "adjust below zero", A_ADJUST, "DL-2007", -4, NULL, "盘亏", "DL-2007: only 3 available", -1 },
		{ "order zero", A_ORDER, "DL-2007", 0, NULL, NULL, "quantity", -1 },
		{ "order unknown part", A_ORDER, "XX-0000", 3, NULL, NULL, "no part numbered", -1 },
	};

	for (size_t i = 0; i < SD_ARRAY_LEN(cases); i++) {
		const char *rn = NULL;
		char *before = snapshot(st), *after;
		long avail = -1;
		int rc = SD_OK;

		if (cases[i].regno)
			rn = strcmp(cases[i].regno, "open") == 0 ? open :
			     strcmp(cases[i].regno, "other") == 0 ? other :
			     strcmp(cases[i].regno, "closed") == 0 ? closed :
			     strcmp(cases[i].regno, "lost") == 0 ? lost : "FW-2099-9999";
		switch (cases[i].act) {
		case A_RECEIVE: rc = stock_receive(st, cases[i].part, cases[i].qty, 100, NULL, NULL, &err); break;
		case A_ISSUE: rc = stock_issue(st, cases[i].part, cases[i].qty, rn, NULL, &avail, NULL, &err); break;
		case A_RETURN: rc = stock_return_from(st, cases[i].part, cases[i].qty, rn, NULL, NULL, &err); break;
		case A_ADJUST: rc = stock_adjust(st, cases[i].part, cases[i].qty, cases[i].reason, NULL, &err); break;
		case A_ORDER: rc = stock_order(st, cases[i].part, cases[i].qty, &err); break;
		}
		if (rc != SD_DATAERR)
			fail_msg("%s: status %d (%s)", cases[i].what, rc, rc ? err.msg : "accepted");
		if (!strstr(err.msg, cases[i].msg))
			fail_msg("%s: message \"%s\" lacks \"%s\"", cases[i].what, err.msg, cases[i].msg);
		if (strchr(err.msg, '\n'))
			fail_msg("%s: message of more than one line", cases[i].what);
		if (cases[i].available >= 0 && avail != cases[i].available)
			fail_msg("%s: available %ld", cases[i].what, avail);
		after = snapshot(st);
		if (strcmp(before, after) != 0)
			fail_msg("%s: the database changed", cases[i].what);
		free(before);
		free(after);
	}
	/* a refusal inside the caller's transaction leaves that transaction usable */
	assert_int_equal(store_begin(st, &err), SD_OK);
	assert_int_equal(stock_issue(st, "DL-2007", 9, open, NULL, NULL, NULL, &err), SD_DATAERR);
	OK(stock_issue(st, "DL-2007", 1, open, NULL, NULL, NULL, &err));
	OK(store_commit(st, &err));
	assert_int_equal(on_hand(st, "DL-2007"), 2);
	free(open);
	free(other);
	free(closed);
	free(lost);
}

/* ---------------------------------------------------------------- suggested order */

static void
test_to_order(void **state)
{
	static const struct {
		long on_hand, on_order, rp, rq, want;
	} cases[] = {
		{ 10, 0, 5, 10, 0 },    /* above the point */
		{ 5, 0, 5, 10, 10 },    /* at the point */
		{ 3, 0, 5, 10, 12 },
		{ 3, 12, 5, 10, 0 },    /* already ordered: not twice */
		{ 3, 4, 5, 10, 8 },     /* partly ordered */
		{ 0, 0, 0, 0, 0 },
		{ 0, 0, 0, 6, 6 },
		{ 2, 30, 5, 10, 0 },
	};
	struct fixture *f = *state;
	store *st = f->st;
	sd_stock_query q = { 0 };
	sd_stock_row r;
	sd_err err;
	int n;

	for (size_t i = 0; i < SD_ARRAY_LEN(cases); i++)
		assert_int_equal(stock_to_order(cases[i].on_hand, cases[i].on_order, cases[i].rp,
		                                cases[i].rq), cases[i].want);

	add_part(st, "QG-0042", "喷枪枪针", NULL, 5, 10, 0);
	OK(stock_receive(st, "QG-0042", 3, 850, NULL, NULL, &err));
	OK(stock_page(st, &q, PAGE_FIRST, NULL, 1, &r, &n, &err));
	assert_int_equal(n, 1);
	assert_true(r.low);
	assert_int_equal(r.to_order, 12);
	stock_row_free(&r);
	OK(stock_order(st, "QG-0042", 12, &err));
	OK(stock_page(st, &q, PAGE_FIRST, NULL, 1, &r, &n, &err));
	assert_int_equal(r.on_order, 12);
	assert_int_equal(r.to_order, 0);
	stock_row_free(&r);
	OK(stock_receive(st, "QG-0042", 12, 850, NULL, NULL, &err));
	OK(stock_page(st, &q, PAGE_FIRST, NULL, 1, &r, &n, &err));
	assert_int_equal(r.on_hand, 15);
	assert_int_equal(r.on_order, 0);
	assert_false(r.low);
	assert_int_equal(r.to_order, 0);
	stock_row_free(&r);
}

/* ---------------------------------------------------------------- paging */

static void
page_keys(store *st, const sd_stock_query *q, enum sd_page_from from, const char *anchor,
          int limit, buf *out)
{
	sd_stock_row rows[64], a = { 0 };
	sd_err err;
	int n;

	buf_reset(out);
	if (anchor)
		snprintf(a.key_text, sizeof a.key_text, "%s", anchor);
	OK(stock_page(st, q, from, anchor ? &a : NULL, limit, rows, &n, &err));
	for (int i = 0; i < n; i++) {
		buf_printf(out, "%s%s", i ? "," : "", rows[i].part_no);
		stock_row_free(&rows[i]);
	}
}

/* Does the plan of sql (bound with nothing) use index? */
static bool
plan_uses(store *st, const char *sql, const char *index)
{
	sqlite3_stmt *q;
	buf b = { 0 };
	bool found = false;

	buf_printf(&b, "EXPLAIN QUERY PLAN %s", sql);
	assert_int_equal(sqlite3_prepare_v2(store_db(st), buf_str(&b), -1, &q, NULL), SQLITE_OK);
	while (sqlite3_step(q) == SQLITE_ROW)
		if (strstr((const char *)sqlite3_column_text(q, 3), index))
			found = true;
	sqlite3_finalize(q);
	buf_free(&b);
	return found;
}

static void
test_paging(void **state)
{
	struct fixture *f = *state;
	store *st = f->st;
	sd_stock_query q = { 0 };
	buf keys = { 0 };
	sd_err err;

	for (int i = 1; i <= 25; i++) {
		char no[16], name[64];
		snprintf(no, sizeof no, "P-%03d", i);
		snprintf(name, sizeof name, i % 5 == 0 ? "过滤网 %d 目" : "密封圈 %d 号", i * 10);
		add_part(st, no, name, i == 7 ? "100%棉_滤芯" : "标准", 3, 10, 0);
		if (i % 3 != 0)
			OK(stock_receive(st, no, 10, 100, NULL, NULL, &err));
	}
	add_part(st, "P-999", "停用的旧型号", NULL, 3, 10, 0);
	sd_part p = get_part(st, "P-999");
	p.active = false;
	OK(stock_part_put(st, &p, &err));
	stock_part_free(&p);

	page_keys(st, &q, PAGE_FIRST, NULL, 3, &keys);
	assert_string_equal(buf_str(&keys), "P-001,P-002,P-003");
	page_keys(st, &q, PAGE_AFTER, "P-003", 3, &keys);
	assert_string_equal(buf_str(&keys), "P-004,P-005,P-006");
	page_keys(st, &q, PAGE_BEFORE, "P-004", 2, &keys);
	assert_string_equal(buf_str(&keys), "P-002,P-003");
	page_keys(st, &q, PAGE_LAST, NULL, 2, &keys);
	assert_string_equal(buf_str(&keys), "P-024,P-025");
	page_keys(st, &q, PAGE_AFTER, "P-025", 5, &keys);
	assert_string_equal(buf_str(&keys), "");
	q.include_inactive = true;
	page_keys(st, &q, PAGE_LAST, NULL, 1, &keys);
	assert_string_equal(buf_str(&keys), "P-999");
	q.include_inactive = false;

	/* search: name, part number, spec; % and _ are plain characters */
	q.search = "过滤网";
	page_keys(st, &q, PAGE_FIRST, NULL, 10, &keys);
	assert_string_equal(buf_str(&keys), "P-005,P-010,P-015,P-020,P-025");
	q.search = "p-01";
	page_keys(st, &q, PAGE_FIRST, NULL, 3, &keys);
	assert_string_equal(buf_str(&keys), "P-010,P-011,P-012");
	q.search = "100%";
	page_keys(st, &q, PAGE_FIRST, NULL, 10, &keys);
	assert_string_equal(buf_str(&keys), "P-007");
	q.search = "%";
	page_keys(st, &q, PAGE_FIRST, NULL, 10, &keys);
	assert_string_equal(buf_str(&keys), "P-007");
	q.search = "棉_";
	page_keys(st, &q, PAGE_FIRST, NULL, 10, &keys);
	assert_string_equal(buf_str(&keys), "P-007");
	q.search = "P_0";
	page_keys(st, &q, PAGE_FIRST, NULL, 10, &keys);
	assert_string_equal(buf_str(&keys), "");

	/* low: every third part has no stock (0 <= 3); the inactive one is not listed */
	q.search = NULL;
	q.low_only = true;
	page_keys(st, &q, PAGE_FIRST, NULL, 20, &keys);
	assert_string_equal(buf_str(&keys), "P-003,P-006,P-009,P-012,P-015,P-018,P-021,P-024");
	page_keys(st, &q, PAGE_AFTER, "P-012", 2, &keys);
	assert_string_equal(buf_str(&keys), "P-015,P-018");
	assert_true(plan_uses(st, "SELECT part_no FROM part WHERE 1 AND on_hand <= reorder_point "
	                          "AND active = 1 AND part_no > 'P' ORDER BY part_no ASC LIMIT 5",
	                      "part_low"));
	/* an issue below the point makes a part low */
	char *rn = new_entry(st);
	OK(stock_issue(st, "P-001", 8, rn, NULL, NULL, NULL, &err));
	page_keys(st, &q, PAGE_FIRST, NULL, 2, &keys);
	assert_string_equal(buf_str(&keys), "P-001,P-003");
	free(rn);
	buf_free(&keys);
}

/* ---------------------------------------------------------------- history */

struct hist {
	buf b;
	long long last_id;
};

static int
collect_move(const sd_move *m, void *arg)
{
	struct hist *h = arg;

	buf_printf(&h->b, "%s%s %+ld =%ld%s%s", h->b.len ? ";" : "", stock_move_code(m->kind),
	           m->qty, m->balance, m->regno ? " " : "", m->regno ? "E" : "");
	h->last_id = m->id;
	return 0;
}

static void
test_history(void **state)
{
	struct fixture *f = *state;
	store *st = f->st;
	struct hist h = { { 0 }, 0 };
	sd_err err;
	int n;

	char *rn = new_entry(st);
	add_part(st, "FL-0101", "进口过滤网", "60目", 0, 0, 0);
	add_part(st, "FL-0102", "出口过滤网", "60目", 0, 0, 0);
	OK(stock_receive(st, "FL-0101", 20, 1500, NULL, NULL, &err));
	OK(stock_receive(st, "FL-0102", 7, 1500, NULL, NULL, &err));
	OK(stock_issue(st, "FL-0101", 5, rn, NULL, NULL, NULL, &err));
	OK(stock_return_from(st, "FL-0101", 2, rn, NULL, NULL, &err));
	OK(stock_adjust(st, "FL-0101", -1, "盘亏", NULL, &err));
	OK(stock_receive(st, "FL-0101", 4, 1500, NULL, NULL, &err));

	OK(stock_history(st, "FL-0101", 0, 10, collect_move, &h, &n, &err));
	assert_int_equal(n, 5);
	assert_string_equal(buf_str(&h.b),
	                    "receipt +4 =20;adjust -1 =16;return +2 =17 E;issue -5 =15 E;receipt +20 =20");

	/* paging with before_id: two at a time */
	buf_reset(&h.b);
	OK(stock_history(st, "FL-0101", 0, 2, collect_move, &h, &n, &err));
	assert_int_equal(n, 2);
	assert_string_equal(buf_str(&h.b), "receipt +4 =20;adjust -1 =16");
	buf_reset(&h.b);
	OK(stock_history(st, "FL-0101", h.last_id, 2, collect_move, &h, &n, &err));
	assert_string_equal(buf_str(&h.b), "return +2 =17 E;issue -5 =15 E");
	buf_reset(&h.b);
	OK(stock_history(st, "FL-0101", h.last_id, 2, collect_move, &h, &n, &err));
	assert_int_equal(n, 1);
	assert_string_equal(buf_str(&h.b), "receipt +20 =20");
	buf_reset(&h.b);
	OK(stock_history(st, "FL-0101", h.last_id, 2, collect_move, &h, &n, &err));
	assert_int_equal(n, 0);

	assert_int_equal(stock_history(st, "XX-0000", 0, 5, collect_move, &h, &n, &err), SD_DATAERR);
	assert_true(plan_uses(st, "SELECT id FROM stock_move m WHERE m.part_id = 1 AND m.id < 99 "
	                          "ORDER BY m.id DESC LIMIT 5", "stock_move_part"));
	buf_free(&h.b);
	free(rn);
}

/* ---------------------------------------------------------------- journal */

static int
collect_finding(const char *part_no, long stored, long journal, void *arg)
{
	buf *b = arg;

	buf_printf(b, "%s %ld/%ld;", part_no, stored, journal);
	return 0;
}

static void
check_line(const char *finding, void *arg)
{
	buf_printf(arg, "%s\n", finding);
}

static void
test_journal(void **state)
{
	struct fixture *f = *state;
	store *st = f->st;
	buf b = { 0 };
	long count = -1;
	sd_err err;

	add_part(st, "BJ-1", "电磁阀", NULL, 0, 0, 0);
	add_part(st, "BJ-2", "电磁阀线圈", NULL, 0, 0, 0);
	add_part(st, "BJ-3", "密封垫", NULL, 0, 0, 0);
	OK(stock_receive(st, "BJ-1", 8, 3200, NULL, NULL, &err));
	OK(stock_receive(st, "BJ-2", 4, 900, NULL, NULL, &err));

	/* append-only */
	assert_int_not_equal(sqlite3_exec(store_db(st), "UPDATE stock_move SET qty = 100", NULL, NULL,
	                                  NULL), SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(store_db(st), "DELETE FROM stock_move", NULL, NULL, NULL),
	                     SQLITE_OK);
	assert_int_equal(query_int(st, "SELECT count(*) FROM stock_move"), 2);

	OK(stock_check(st, collect_finding, &b, &count, &err));
	assert_int_equal(count, 0);
	assert_string_equal(buf_str(&b), "");
	assert_int_equal(sqlite3_exec(store_db(st), "UPDATE part SET on_hand = 9 WHERE part_no = 'BJ-1'; "
	                              "UPDATE part SET on_hand = 2 WHERE part_no = 'BJ-3'",
	                              NULL, NULL, NULL), SQLITE_OK);
	OK(stock_check(st, collect_finding, &b, &count, &err));
	assert_int_equal(count, 2);
	assert_string_equal(buf_str(&b), "BJ-1 9/8;BJ-3 2/0;");
	buf_free(&b);

	/* servdesk check reports the same two parts, one line each */
	OK(check_run(st, check_line, &b, &count, &err));
	assert_int_equal(count, 2);
	assert_string_equal(buf_str(&b), "part BJ-1: on hand 9, but its journal sums to 8\n"
	                                 "part BJ-3: on hand 2, but its journal sums to 0\n");
	buf_free(&b);
}

/* ---------------------------------------------------------------- concurrency */

#define WORKERS 4
#define ROUNDS 250

static void
test_concurrency(void **state)
{
	struct fixture *f = *state;
	char *rn[WORKERS];
	pid_t pid[WORKERS];
	long count = -1;
	sd_err err;

	for (int w = 0; w < WORKERS; w++)
		rn[w] = new_entry(f->st);
	add_part(f->st, "ZS-5500", "柱塞", "Φ12", 2, 10, 0);
	OK(stock_receive(f->st, "ZS-5500", 6, 2800, NULL, NULL, &err));
	store_close(f->st);
	f->st = NULL;

	for (int w = 0; w < WORKERS; w++) {
		pid[w] = fork();
		assert_true(pid[w] >= 0);
		if (pid[w] == 0) {
			store *st = NULL;
			int bad = 0;

			if (store_open(f->path, STORE_OPEN_EXISTING, "zhougang", &st, &err) != SD_OK) {
				fprintf(stderr, "worker %d: %s\n", w, err.msg);
				_exit(2);
			}
			for (int i = 0; i < ROUNDS && !bad; i++) {
				int rc = SD_BUSY;

				/* busy is "try again", as a person would; a busy machine (a sanitizer
				 * build beside other jobs) can hold a writer past the wait */
				for (int t = 0; t < 50 && rc == SD_BUSY; t++)
					rc = stock_issue(st, "ZS-5500", 1, rn[w], NULL, NULL, NULL, &err);
				for (int t = 0; t < 50 && rc == SD_OK; t++) {
					rc = stock_return_from(st, "ZS-5500", 1, rn[w], NULL, NULL, &err);
					if (rc != SD_BUSY)
						break;
				}
				if (rc != SD_OK) {
					fprintf(stderr, "worker %d round %d: %s\n", w, i, err.msg);
					bad = 1;
				}
			}
			store_close(st);
			_exit(bad);
		}
	}
	for (int w = 0; w < WORKERS; w++) {
		int status = 0;
		assert_int_equal(waitpid(pid[w], &status, 0), pid[w]);
		assert_true(WIFEXITED(status));
		assert_int_equal(WEXITSTATUS(status), 0);
	}
	f->st = open_db(f->path);
	assert_int_equal(on_hand(f->st, "ZS-5500"), 6);
	assert_int_equal(query_int(f->st, "SELECT sum(qty) FROM stock_move"), 6);
	assert_int_equal(query_int(f->st, "SELECT count(*) FROM stock_move"), 1 + 2 * WORKERS * ROUNDS);
	/* every issue charged, every return credited: the entries owe nothing for parts */
	assert_int_equal(query_int(f->st, "SELECT count(*) FROM charge"), 2 * WORKERS * ROUNDS);
	assert_int_equal(query_int(f->st, "SELECT sum(amount_fen) FROM charge"), 0);
	assert_int_equal(avg_cost(f->st, "ZS-5500"), 2800);
	OK(stock_check(f->st, NULL, NULL, &count, &err));
	assert_int_equal(count, 0);
	for (int w = 0; w < WORKERS; w++)
		free(rn[w]);
}

/* ---------------------------------------------------------------- CSV */

static void
write_file(const char *path, const char *data, size_t len)
{
	FILE *fp = fopen(path, "wb");

	assert_non_null(fp);
	assert_int_equal(fwrite(data, 1, len, fp), len);
	assert_int_equal(fclose(fp), 0);
}

/* Export into memory. */
static char *
export_mem(store *st, int (*fn)(store *, FILE *, sd_encoding, long *, sd_err *), sd_encoding enc,
           size_t *len, long *count)
{
	char *data = NULL;
	FILE *fp = open_memstream(&data, len);
	sd_err err;

	assert_non_null(fp);
	OK(fn(st, fp, enc, count, &err));
	fclose(fp);
	return data;
}

static int
export_stock_all(store *st, FILE *fp, sd_encoding enc, long *count, sd_err *err)
{
	return stock_export_stock(st, fp, enc, false, count, err);
}

static int
export_stock_low(store *st, FILE *fp, sd_encoding enc, long *count, sd_err *err)
{
	return stock_export_stock(st, fp, enc, true, count, err);
}

static void
demo_parts(store *st)
{
	sd_err err;

	add_part(st, "KY-0315", "高压泵柱塞密封组件", "Φ18, 聚四氟乙烯", 2, 10, 1250);
	add_part(st, "DL-2007", "温控表热电偶", "K型 \"φ3\"", 1, 5, 4500);
	add_part(st, "QG-0042", "喷枪枪针", NULL, 5, 10, 0);
	sd_part p = get_part(st, "QG-0042");
	free(p.brand);
	free(p.location);
	free(p.unit);
	p.brand = xstrdup("固瑞克");
	p.location = xstrdup("B-01-3");
	p.unit = xstrdup("支");
	OK(stock_part_put(st, &p, &err));
	stock_part_free(&p);
	OK(stock_receive(st, "KY-0315", 8, 1300, NULL, NULL, &err));
	OK(stock_receive(st, "QG-0042", 3, 850, NULL, NULL, &err));
}

static void
test_csv_round_trip(void **state)
{
	static const sd_encoding encs[] = { ENC_UTF8, ENC_GB18030 };
	struct fixture *f = *state;
	sd_err err;

	demo_parts(f->st);
	for (size_t e = 0; e < SD_ARRAY_LEN(encs); e++) {
		size_t len1, len2;
		long n1 = 0, n2 = 0, imported = 0;
		char *one = export_mem(f->st, stock_export_parts, encs[e], &len1, &n1);
		char *path = new_path("csv"), *dbpath = new_path("db");

		assert_int_equal(n1, 3);
		if (encs[e] == ENC_UTF8)
			assert_memory_equal(one, "\xef\xbb\xbfpart_no,", 11);
		write_file(path, one, len1);
		store *st2 = open_db(dbpath);
		OK(stock_import_parts(st2, path, ENC_AUTO, &imported, &err));
		assert_int_equal(imported, 3);
		char *two = export_mem(st2, stock_export_parts, encs[e], &len2, &n2);
		assert_int_equal(len1, len2);
		assert_memory_equal(one, two, len1);
		/* imported again: updates, same bytes, the cost untouched */
		OK(stock_import_parts(st2, path, encs[e], &imported, &err));
		free(two);
		two = export_mem(st2, stock_export_parts, encs[e], &len2, &n2);
		assert_int_equal(len1, len2);
		assert_memory_equal(one, two, len1);
		assert_int_equal(on_hand(st2, "KY-0315"), 0);
		store_close(st2);
		free(one);
		free(two);
		free(path);
		free(dbpath);
	}
}

static void
test_csv_gb18030_chinese(void **state)
{
	struct fixture *f = *state;
	store *st = f->st;
	const char *text =
		"备件编号,备件名称,规格型号,单位,品牌,存放位置,单位成本,订货点,订货量,启用\r\n"
		"KY-0315,高压泵柱塞密封组件,Φ18 聚四氟乙烯,套,固瑞克,A-03-2,12.50,2,10,是\r\n"
		"DL-2007,温控表热电偶,K型,支,,B-01-1,45,1,5,1\r\n";
	char *gb = NULL, *path = new_path("csv");
	size_t gblen;
	long count = 0;
	sd_err err;

	OK(enc_from_utf8(text, strlen(text), ENC_GB18030, &gb, &gblen, &err));
	write_file(path, gb, gblen);
	OK(stock_import_parts(st, path, ENC_AUTO, &count, &err));
	assert_int_equal(count, 2);
	sd_part p = get_part(st, "KY-0315");
	assert_string_equal(p.name, "高压泵柱塞密封组件");
	assert_string_equal(p.unit, "套");
	assert_string_equal(p.brand, "固瑞克");
	assert_int_equal(p.avg_cost_fen, 1250);
	assert_int_equal(p.reorder_point, 2);
	assert_int_equal(p.reorder_qty, 10);
	assert_true(p.active);
	stock_part_free(&p);
	assert_int_equal(avg_cost(st, "DL-2007"), 4500);

	/* a unit cost is an opening cost for new parts only */
	OK(stock_receive(st, "KY-0315", 10, 1350, NULL, NULL, &err));
	char *again = new_path("csv");
	const char *upd = "料号,名称,单价,在用\nKY-0315,高压泵柱塞密封组件(新),99.00,否\n";
	write_file(again, upd, strlen(upd));
	OK(stock_import_parts(st, again, ENC_UTF8, &count, &err));
	p = get_part(st, "KY-0315");
	assert_int_equal(p.avg_cost_fen, 1350);
	assert_string_equal(p.name, "高压泵柱塞密封组件(新)");
	assert_string_equal(p.brand, "固瑞克");     /* a column not in the file keeps its value */
	assert_false(p.active);
	assert_int_equal(p.on_hand, 10);
	stock_part_free(&p);
	free(gb);
	free(path);
	free(again);
}

static void
test_csv_errors(void **state)
{
	static const struct {
		const char *text, *msg;
	} cases[] = {
		{ "part_no,name,reorder_point\nA-1,阀芯,3\nA-2,阀体,三\n", "line 3, field reorder_point:" },
		{ "备件编号,名称,单价\nA-1,阀芯,12.345\n", "line 2, field 单价:" },
		{ "备件编号,名称,单价\nA-1,阀芯,-1\n", "line 2, field 单价:" },
		{ "part_no,name\nA-1,阀芯\nA-1,阀体\n", "line 3, field part_no: A-1 is already on line 2" },
		{ "part_no,name\nA-1,\n", "line 2, field name: required" },
		{ "part_no,name,colour\nA-1,阀芯,red\n", "line 1, field colour: unknown column" },
		{ "name\n阀芯\n", "missing required column part_no" },
		{ "part_no,name,active\nA-1,阀芯,maybe\n", "line 2, field active:" },
		{ "part_no,name\nA-1,阀芯,x\n", "line 2: 3 fields" },
	};
	struct fixture *f = *state;
	store *st = f->st;
	sd_err err;
	long count;

	add_part(st, "A-0", "阀座", NULL, 0, 0, 0);
	for (size_t i = 0; i < SD_ARRAY_LEN(cases); i++) {
		char *path = new_path("csv");
		char *before = snapshot(st), *after;

		write_file(path, cases[i].text, strlen(cases[i].text));
		assert_int_equal(stock_import_parts(st, path, ENC_UTF8, &count, &err), SD_DATAERR);
		if (!strstr(err.msg, cases[i].msg) || strncmp(err.msg, path, strlen(path)) != 0)
			fail_msg("case %zu: \"%s\" lacks \"%s\"", i, err.msg, cases[i].msg);
		after = snapshot(st);
		assert_string_equal(before, after);
		assert_int_equal(query_int(st, "SELECT count(*) FROM part"), 1);
		free(before);
		free(after);
		free(path);
	}
	assert_int_equal(stock_import_parts(st, "/nonexistent/parts.csv", ENC_UTF8, &count, &err),
	                 SD_NOINPUT);
}

static void
test_csv_stock(void **state)
{
	struct fixture *f = *state;
	store *st = f->st;
	size_t len;
	long count = 0;
	sd_err err;

	demo_parts(st);
	OK(stock_order(st, "QG-0042", 4, &err));
	char *all = export_mem(st, export_stock_all, ENC_UTF8, &len, &count);
	assert_int_equal(count, 3);
	/* KY-0315: 8 at (0 x 12.50 + 8 x 13.00) / 8 = 13.00, value 104.00 */
	assert_non_null(strstr(all, "part_no,name,spec,unit,location,on_hand,on_order,avg_cost,"
	                            "stock_value,to_order\r\n"));
	assert_non_null(strstr(all, "\r\nKY-0315,高压泵柱塞密封组件,\"Φ18, 聚四氟乙烯\",个,,8,0,13.00,104.00,0\r\n"));
	/* QG-0042: 3 <= 5, on order 4: 5 + 10 - 3 - 4 = 8 */
	assert_non_null(strstr(all, "\r\nQG-0042,喷枪枪针,,支,B-01-3,3,4,8.50,25.50,8\r\n"));
	free(all);
	char *low = export_mem(st, export_stock_low, ENC_GB18030, &len, &count);
	assert_int_equal(count, 2);     /* DL-2007 (0 <= 1) and QG-0042 */
	char *u = NULL;
	size_t ulen;
	OK(enc_to_utf8("low.csv", low, len, ENC_GB18030, &u, &ulen, NULL, &err));
	assert_non_null(strstr(u, "\r\nDL-2007,"));
	assert_null(strstr(u, "KY-0315"));
	free(u);
	free(low);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_moving_average, setup, teardown),
		cmocka_unit_test_setup_teardown(test_movements, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refusals, setup, teardown),
		cmocka_unit_test_setup_teardown(test_return_mirrors_issue, setup, teardown),
		cmocka_unit_test_setup_teardown(test_to_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_paging, setup, teardown),
		cmocka_unit_test_setup_teardown(test_history, setup, teardown),
		cmocka_unit_test_setup_teardown(test_journal, setup, teardown),
		cmocka_unit_test_setup_teardown(test_concurrency, setup, teardown),
		cmocka_unit_test_setup_teardown(test_csv_round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_csv_gb18030_chinese, setup, teardown),
		cmocka_unit_test_setup_teardown(test_csv_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_csv_stock, setup, teardown),
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
