/*
 * test_admin.c — many operators, one database: every mutating core function
 * leaves an audit row naming its record with the old and new values; the
 * audit trail read back (filters, newest first, paging past one page, the
 * history of a record); the staff list's rules (the last active supervisor,
 * a change made meanwhile, paging); the online backup (mode 0640, the live
 * database refused) and the restore round trip; a restore refusing a
 * missing file, a foreign SQLite file, a text file, a damaged backup and a
 * backup from a newer servdesk.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "admin.h"
#include "audit_words.h"
#include "buf.h"
#include "complaint.h"
#include "customer.h"
#include "intake.h"
#include "ledger.h"
#include "staff.h"
#include "stock.h"
#include "stocktake.h"
#include "search_tok.h"
#include "store.h"
#include "warranty.h"

#define OK(call) do { if ((call) != SD_OK) fail_msg("%s: %s", #call, err.msg); } while (0)

static char dir[] = "/tmp/servdesk-admin-XXXXXX";
static int nfiles;

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

struct fixture {
	char *path;
	store *st;
};

static int
setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof *f);
	sd_err err;

	setenv("SERVDESK_NOW", "2026-11-24 12:00", 1);
	f->path = new_path("db");
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

static long long
scalar(store *st, const char *sql)
{
	sqlite3_stmt *q;
	long long v = -1;

	assert_int_equal(sqlite3_prepare_v2(store_db(st), sql, -1, &q, NULL), SQLITE_OK);
	if (sqlite3_step(q) == SQLITE_ROW)
		v = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	return v;
}

static long long
mark(store *st)
{
	return scalar(st, "SELECT coalesce(max(id), 0) FROM audit");
}

/*
 * Since audit id `since`: a row of table for key by the acting person, with
 * valid JSON new values; with_old: valid old values that differ from the new.
 */
static void
expect_audit(store *st, long long since, const char *what, const char *table, const char *key,
             bool with_old)
{
	sqlite3_stmt *q;
	bool found = false;

	assert_int_equal(sqlite3_prepare_v2(store_db(st),
		"SELECT who, old, new, json_valid(new), json_valid(old) FROM audit "
		"WHERE id > ? AND tbl = ? AND rowkey = ? ORDER BY id", -1, &q, NULL), SQLITE_OK);
	sqlite3_bind_int64(q, 1, since);
	sqlite3_bind_text(q, 2, table, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, key, -1, SQLITE_STATIC);
	while (sqlite3_step(q) == SQLITE_ROW) {
		const char *who = (const char *)sqlite3_column_text(q, 0);
		const char *old = (const char *)sqlite3_column_text(q, 1);
		const char *nw = (const char *)sqlite3_column_text(q, 2);

		if (strcmp(who, store_user(st)) != 0 || !nw || !sqlite3_column_int(q, 3))
			continue;
		if (with_old && (!old || !sqlite3_column_int(q, 4) || strcmp(old, nw) == 0))
			continue;
		found = true;
	}
	sqlite3_finalize(q);
	if (!found)
		fail_msg("%s: no audit row for %s %s%s", what, table, key,
		         with_old ? " with old and new values" : "");
}

#define AUDITED(call, table, key, with_old) do { \
	long long m_ = mark(st); \
	OK(call); \
	expect_audit(st, m_, #call, table, key, with_old); \
} while (0)

static char *
add_request(store *st, const char *customer, const char *item)
{
	sd_request r;
	sd_err err;
	char *regno;
	long long m = mark(st);

	intake_request_init(&r);
	snprintf(r.received_at, sizeof r.received_at, "%s", "2026-11-24 09:00");
	r.channel = CH_PHONE;
	r.customer = xstrdup(customer);
	r.requester = xstrdup("吴振华");
	r.phone = xstrdup("0512-58639752");
	r.priority = 2;
	intake_request_add_item(&r, item);
	if (intake_add(st, &r, false, &err) != SD_OK)
		fail_msg("intake_add: %s", err.msg);
	regno = xstrdup(r.regno);
	intake_request_free(&r);
	expect_audit(st, m, "intake_add", "request", regno, false);
	return regno;
}

/* ---------------------------------------------------------------- audit coverage */

static void
test_every_change_is_audited(void **state)
{
	struct fixture *f = *state;
	store *st = f->st;
	sd_err err;
	char key[32];

	/* staff */
	{
		sd_staff s = { .login = "laozhao", .name = "赵师傅", .role = ROLE_ENGINEER, .active = true };
		sd_staff before, after;

		AUDITED(staff_put(st, &s, &err), "staff", "laozhao", false);
		OK(staff_get(st, "laozhao", &before, &err));
		after = before;
		after.phone = "13912345678";
		AUDITED(staff_edit(st, &before, &after, &err), "staff", "laozhao", true);
		after.phone = before.phone;
		staff_free(&before);
	}
	/* customers, equipment, downtime */
	{
		sd_customer c = { .name = "江苏驰耐特防腐科技有限公司", .region = "外地" };
		sd_equipment e = { .customer = c.name, .serial = "GP-2026-0117", .model = "高压无气喷涂机" };

		AUDITED(customer_put(st, &c, &err), "customer", c.name, false);
		c.region = "市区";
		c.phone = "0512-58639752";
		AUDITED(customer_put(st, &c, &err), "customer", c.name, true);
		snprintf(e.commissioned_on, sizeof e.commissioned_on, "%s", "2026-03-01");
		AUDITED(equipment_put(st, &e, &err), "equipment", e.serial, false);
		e.model = "高压无气喷涂机 GPQ-9C";
		AUDITED(equipment_put(st, &e, &err), "equipment", e.serial, true);
		AUDITED(equipment_add_downtime(st, e.serial, "2026-05-01", "2026-05-03", "等待备件", &err),
		        "downtime", e.serial, false);
	}
	/* requests: add, edit, hand, void */
	char *rn = add_request(st, "江苏驰耐特防腐科技有限公司", "高压无气喷涂机压力上不去");
	{
		sd_request r;

		OK(intake_get(st, rn, &r, &err));
		free(r.requester);
		r.requester = xstrdup("沈建国");
		AUDITED(intake_update(st, &r, NULL, &err), "request", rn, true);
		intake_request_free(&r);
		AUDITED(intake_hand(st, rn, "zhangwei", NULL, -1, &err), "request", rn, true);
	}
	char *rv = add_request(st, "苏州电气集团有限公司", "登记重复");
	AUDITED(intake_void(st, rv, "登记错误", -1, &err), "request", rv, true);

	/* the ledger's steps, charges and payments */
	AUDITED(ledger_take(st, rn, "liuyang", &err), "ledger", rn, false);
	AUDITED(ledger_assign(st, rn, "zhangwei", -1, &err), "ledger", rn, true);
	AUDITED(ledger_contact(st, rn, "2026-11-24 09:40", -1, &err), "ledger", rn, true);
	AUDITED(ledger_propose(st, rn, MODE_ONSITE, "更换柱塞密封组件。", "mech", "2026-11-24 09:50", -1,
	                       &err), "ledger", rn, true);
	AUDITED(ledger_pause(st, rn, "等待备件", "2026-11-24 10:00", -1, &err), "ledger", rn, true);
	AUDITED(ledger_resume(st, rn, "2026-11-24 10:30", -1, &err), "ledger", rn, true);
	AUDITED(ledger_plan_visit(st, rn, "2026-11-24 10:40", -1, &err), "ledger", rn, true);
	AUDITED(ledger_arrive(st, rn, "2026-11-24 10:45", -1, &err), "ledger", rn, true);
	AUDITED(ledger_charge(st, rn, COST_TRAVEL, 15000, "", "出差往返", &err), "charge", rn, false);
	AUDITED(ledger_payment(st, rn, 15000, "No.00012345", &err), "payment", rn, false);

	/* parts and stock movements */
	{
		sd_part p = { .part_no = "SEAL-80", .name = "油封", .spec = "80x100x10", .unit = "个",
		              .reorder_point = 2, .reorder_qty = 10, .active = true };

		AUDITED(stock_part_put(st, &p, &err), "part", "SEAL-80", false);
		p.location = "A-02-07";
		AUDITED(stock_part_put(st, &p, &err), "part", "SEAL-80", true);
		AUDITED(stock_order(st, "SEAL-80", 10, &err), "part", "SEAL-80", true);
		AUDITED(stock_receive(st, "SEAL-80", 10, 1250, "入库", NULL, &err), "stock_move", "SEAL-80", false);
		AUDITED(stock_issue(st, "SEAL-80", 3, rn, "更换", NULL, NULL, &err), "stock_move", "SEAL-80", false);
		/* the issue's parts charge is on the entry */
		expect_audit(st, 0, "stock_issue", "charge", rn, false);
		AUDITED(stock_return_from(st, "SEAL-80", 1, rn, "多领", NULL, &err), "stock_move", "SEAL-80", false);
		AUDITED(stock_adjust(st, "SEAL-80", -1, "破损", NULL, &err), "stock_move", "SEAL-80", false);
	}
	/* stocktake */
	{
		long long id;

		long long m = mark(st);
		OK(stocktake_start(st, false, &id, &err));
		snprintf(key, sizeof key, "%lld", id);
		expect_audit(st, m, "stocktake_start", "stocktake", key, false);
		AUDITED(stocktake_count(st, id, "SEAL-80", 5, &err), "stocktake_line", "SEAL-80", false);
		m = mark(st);
		OK(stocktake_post(st, id, &err));
		expect_audit(st, m, "stocktake_post", "stocktake", key, false);
		/* and the part's own row, with its on hand before and after */
		expect_audit(st, m, "stocktake_post", "stock_move", "SEAL-80", true);
	}
	/* the rest of the ledger */
	settle_items(st, rn);
	AUDITED(ledger_clear(st, rn, "2026-11-24 11:00", -1, &err), "ledger", rn, true);
	AUDITED(ledger_confirm(st, rn, "沈建国", HOW_CARD, "2026-11-24 11:10", -1, &err), "ledger", rn, true);
	AUDITED(ledger_card(st, rn, "沈建国", "2026-11-24 11:10", "满意", 5, -1, &err), "ledger", rn, true);
	AUDITED(ledger_close(st, rn, -1, &err), "ledger", rn, true);
	{
		char *ru = add_request(st, "苏州电气集团有限公司", "变压器温升过高");

		OK(intake_hand(st, ru, "zhangwei", NULL, -1, &err));
		OK(ledger_take(st, ru, NULL, &err));
		AUDITED(ledger_unresolvable(st, ru, "现场无法复现,已向用户解释。", -1, &err), "ledger", ru, true);
		free(ru);
	}
	/* complaints */
	{
		sd_complaint c = { .regno = rn, .customer = "江苏驰耐特防腐科技有限公司", .cls = CC_QUALITY,
		                   .quantity = 10, .defective = 2, .description = "密封件批次漏油" };

		long long m = mark(st);
		OK(complaint_add(st, &c, &err));
		snprintf(key, sizeof key, "%lld", c.id);
		expect_audit(st, m, "complaint_add", "complaint", key, false);
		AUDITED(complaint_close(st, c.id, "更换整批密封件,已向用户说明。", &err), "complaint", key, true);
	}
	/* the service-level policy */
	{
		sla_policy p = { .d = { [CLOCK_RESPOND] = { SLA_ELAPSED, 120 }, [CLOCK_ONSITE] = { SLA_ELAPSED, 48 * 60 },
		                        [CLOCK_CLEAR] = { SLA_WORKDAYS, 3 } } };
		sla_policy q = { .d = { [CLOCK_RESPOND] = { SLA_ELAPSED, 60 }, [CLOCK_ONSITE] = { SLA_ELAPSED, 24 * 60 },
		                        [CLOCK_CLEAR] = { SLA_WORKDAYS, 2 } } };

		AUDITED(ledger_policy_set(st, 1, "外地", &p, &err), "sla_policy", "P1 外地", false);
		AUDITED(ledger_policy_set(st, 1, "外地", &q, &err), "sla_policy", "P1 外地", true);
	}
	/* every audit row names who did it and when */
	assert_int_equal(scalar(st, "SELECT count(*) FROM audit WHERE who = '' OR at NOT LIKE '2026-11-24 12:00'"), 0);
	free(rn);
	free(rv);
}

/* The audit trail is append-only: no row can be changed or deleted, even with SQL. */
static void
test_audit_append_only(void **state)
{
	struct fixture *f = *state;
	store *st = f->st;
	sd_err err;
	sd_customer c = { .name = "苏州电气集团有限公司", .region = "市区" };
	long long n;

	OK(customer_put(st, &c, &err));
	n = scalar(st, "SELECT count(*) FROM audit");
	assert_true(n > 0);
	assert_int_not_equal(sqlite3_exec(store_db(st), "UPDATE audit SET who = 'nobody'", NULL, NULL,
	                                  NULL), SQLITE_OK);
	assert_non_null(strstr(sqlite3_errmsg(store_db(st)), "append-only"));
	assert_int_not_equal(sqlite3_exec(store_db(st), "DELETE FROM audit", NULL, NULL, NULL),
	                     SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(store_db(st), "DELETE FROM audit WHERE tbl = 'customer'",
	                                  NULL, NULL, NULL), SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(store_db(st), "REPLACE INTO audit (id, at, who, tbl, rowkey, "
	                                  "action) SELECT id, at, 'nobody', tbl, rowkey, action FROM audit",
	                                  NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(scalar(st, "SELECT count(*) FROM audit"), n);
	assert_int_equal(scalar(st, "SELECT count(*) FROM audit WHERE who = 'nobody'"), 0);
	/* adding goes on as before */
	c.phone = "0512-58639752";
	OK(customer_put(st, &c, &err));
	assert_int_equal(scalar(st, "SELECT count(*) FROM audit"), n + 1);
}

/* ---------------------------------------------------------------- audit listing */

struct seen {
	long n;
	long long last_id;
	bool descending;
	buf keys;
};

static int
seen_row(const sd_audit_row *r, void *arg)
{
	struct seen *s = arg;

	if (s->n > 0 && r->id >= s->last_id)
		s->descending = false;
	s->last_id = r->id;
	s->n++;
	if (s->n <= 3)
		buf_printf(&s->keys, "%s/%s|%s;", r->table, r->record, r->changes);
	return 0;
}

static void
insert_audit(store *st, const char *at, const char *who, const char *tbl, const char *key,
             const char *old, const char *nw)
{
	sqlite3_stmt *q;

	assert_int_equal(sqlite3_prepare_v2(store_db(st),
		"INSERT INTO audit (at, who, tbl, rowkey, action, old, new) VALUES (?, ?, ?, ?, 'update', ?, ?)",
		-1, &q, NULL), SQLITE_OK);
	sqlite3_bind_text(q, 1, at, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, who, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, tbl, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 4, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 5, old, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 6, nw, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(q), SQLITE_DONE);
	sqlite3_finalize(q);
}

static void
test_audit_listing(void **state)
{
	struct fixture *f = *state;
	store *st = f->st;
	sd_audit_query q = { 0 };
	struct seen s = { 0, 0, true, { 0 } };
	sd_err err;
	long count = 0;
	long long base = scalar(st, "SELECT count(*) FROM audit");

	/* more rows than one page, over three days, by two people */
	sqlite3_exec(store_db(st), "BEGIN", NULL, NULL, NULL);
	for (int i = 0; i < 700; i++) {
		char key[16], nw[64];

		snprintf(key, sizeof key, "P-%03d", i % 50);
		snprintf(nw, sizeof nw, "{\"on_hand\":%d,\"unit\":\"个\"}", i);
		insert_audit(st, i < 300 ? "2026-11-01 08:00" : i < 600 ? "2026-11-02 09:30" : "2026-11-03 17:45",
		             i % 2 ? "zhougang" : "liuyang", "part", key, "{\"on_hand\":-1,\"unit\":\"个\"}", nw);
	}
	sqlite3_exec(store_db(st), "COMMIT", NULL, NULL, NULL);

	OK(admin_audit_each(st, &q, 0, seen_row, &s, &count, &err));
	assert_int_equal(count, 700 + base);
	assert_int_equal(s.n, 700 + base);
	assert_true(s.descending);
	/* newest first; only what changed: on_hand, not unit */
	assert_string_equal(buf_str(&s.keys),
	                    "part/P-049|on_hand: -1 -> 699;part/P-048|on_hand: -1 -> 698;part/P-047|on_hand: -1 -> 697;");

	buf_free(&s.keys);
	memset(&s, 0, sizeof s);
	s.descending = true;
	OK(admin_audit_each(st, &q, 250, seen_row, &s, &count, &err));
	assert_int_equal(count, 250);

	q.user = "zhougang";
	OK(admin_audit_each(st, &q, 0, seen_row, &s, &count, &err));
	assert_int_equal(count, 350);
	q.user = NULL;
	q.since = "2026-11-02";
	q.until = "2026-11-02";
	OK(admin_audit_each(st, &q, 0, seen_row, &s, &count, &err));
	assert_int_equal(count, 300);
	q.until = "2026-11-02 09:29";
	OK(admin_audit_each(st, &q, 0, seen_row, &s, &count, &err));
	assert_int_equal(count, 0);
	q.since = NULL;
	q.until = NULL;
	q.table = "part";
	q.record = "P-007";
	OK(admin_audit_each(st, &q, 0, seen_row, &s, &count, &err));
	assert_int_equal(count, 14);
	q.table = "staff";
	q.record = "liuyang";
	OK(admin_audit_each(st, &q, 0, seen_row, &s, &count, &err));
	assert_int_equal(count, 1);
	q.table = NULL;
	q.record = NULL;
	q.since = "2026-11-31";
	assert_int_equal(admin_audit_each(st, &q, 0, seen_row, &s, &count, &err), SD_USAGE);
	assert_false(admin_audit_time_valid("2026-02-30"));
	assert_false(admin_audit_time_valid("2026-11-02 24:00"));
	assert_true(admin_audit_time_valid("2026-11-02 23:59"));
	buf_free(&s.keys);
}

struct hist {
	buf b;
	long n;
};

static int
hist_row(const sd_audit_row *r, void *arg)
{
	struct hist *h = arg;

	buf_printf(&h->b, "%s:%s;", r->table, r->action);
	h->n++;
	return 0;
}

static void
test_history_of_a_record(void **state)
{
	struct fixture *f = *state;
	store *st = f->st;
	struct hist h = { { 0 }, 0 };
	sd_err err;
	char *rn = add_request(st, "江苏驰耐特防腐科技有限公司", "液压站压力不稳");
	char *other = add_request(st, "苏州电气集团有限公司", "传感器读数漂移");

	OK(intake_hand(st, rn, "zhangwei", NULL, -1, &err));
	OK(ledger_take(st, rn, NULL, &err));
	OK(ledger_assign(st, rn, "zhangwei", -1, &err));
	OK(ledger_charge(st, rn, COST_LABOUR, 20000, "", NULL, &err));
	OK(admin_history(st, "request", rn, 0, hist_row, &h, &err));
	assert_string_equal(buf_str(&h.b),
	                    "charge:insert;ledger:assign;ledger:take;request:hand;request:insert;");
	buf_reset(&h.b);
	OK(admin_history(st, "request", rn, 2, hist_row, &h, &err));
	assert_string_equal(buf_str(&h.b), "charge:insert;ledger:assign;");
	buf_reset(&h.b);
	OK(admin_history(st, "staff", "zhangwei", 0, hist_row, &h, &err));
	assert_string_equal(buf_str(&h.b), "staff:insert;");
	buf_free(&h.b);
	free(rn);
	free(other);
}

/* ---------------------------------------------------------------- staff rules */

static void
test_last_supervisor(void **state)
{
	struct fixture *f = *state;
	store *st = f->st;
	sd_staff boss, after;
	sd_err err;
	long long m = mark(st);

	OK(staff_get(st, "liuyang", &boss, &err));
	assert_true(staff_last_supervisor(st, "liuyang"));
	after = boss;
	after.active = false;
	assert_int_equal(staff_edit(st, &boss, &after, &err), SD_DATAERR);
	assert_non_null(strstr(err.msg, "last active supervisor"));
	after.active = true;
	after.role = ROLE_ENGINEER;
	assert_int_equal(staff_edit(st, &boss, &after, &err), SD_DATAERR);
	/* refused: nothing written, not even an audit row */
	assert_int_equal(mark(st), m);
	/* a second supervisor: then the first may step down */
	{
		sd_staff zw, zw2;

		OK(staff_get(st, "zhangwei", &zw, &err));
		zw2 = zw;
		zw2.role = ROLE_SUPERVISOR;
		OK(staff_edit(st, &zw, &zw2, &err));
		staff_free(&zw);
	}
	assert_false(staff_last_supervisor(st, "liuyang"));
	OK(staff_edit(st, &boss, &after, &err));
	expect_audit(st, m, "staff_edit", "staff", "liuyang", true);
	/* liuyang is an engineer now: the staff list is no longer hers to change */
	after.name = "刘洋洋";
	assert_int_equal(staff_edit(st, &boss, &after, &err), SD_NOPERM);
	/* a change made meanwhile: the stale copy is refused, naming what is stored now */
	{
		store *zst;

		OK(store_open(f->path, STORE_OPEN_EXISTING, "zhangwei", &zst, &err));
		assert_int_equal(staff_edit(zst, &boss, &after, &err), SD_DATAERR);
		assert_non_null(strstr(err.msg, "changed meanwhile"));
		/* and now zhangwei is the last one */
		assert_true(staff_last_supervisor(zst, "zhangwei"));
		sd_staff zw, zw2;

		OK(staff_get(zst, "zhangwei", &zw, &err));
		zw2 = zw;
		zw2.active = false;
		assert_int_equal(staff_edit(zst, &zw, &zw2, &err), SD_DATAERR);
		staff_free(&zw);
		store_close(zst);
	}
	staff_free(&boss);
	/* the permissions follow the roles */
	assert_int_equal(staff_permit(st, "liuyang", ACT_ADMIN, &err), SD_NOPERM);
	assert_int_equal(staff_permit(st, "zhangwei", ACT_ADMIN, &err), SD_OK);
	assert_int_equal(staff_permit(st, "stranger", ACT_REQUEST_ADD, &err), SD_NOPERM);
	assert_non_null(strstr(err.msg, "servdesk staff add stranger"));
}

static void
test_staff_paging(void **state)
{
	struct fixture *f = *state;
	store *st = f->st;
	sd_staff rows[8];
	sd_err err;
	int n;

	for (int i = 0; i < 20; i++) {
		char login[16];
		sd_staff s = { .login = login, .name = "测试", .role = ROLE_OPERATOR, .active = true };

		snprintf(login, sizeof login, "op%02d", i);
		OK(staff_put(st, &s, &err));
	}
	OK(staff_page(st, PAGE_FIRST, NULL, 3, rows, &n, &err));
	assert_int_equal(n, 3);
	assert_string_equal(rows[0].login, "liuyang");
	assert_string_equal(rows[2].login, "op01");
	for (int i = 0; i < n; i++)
		staff_free(&rows[i]);
	OK(staff_page(st, PAGE_AFTER, "op17", 8, rows, &n, &err));
	assert_int_equal(n, 5);
	assert_string_equal(rows[0].login, "op18");
	assert_string_equal(rows[4].login, "zhougang");
	for (int i = 0; i < n; i++)
		staff_free(&rows[i]);
	OK(staff_page(st, PAGE_BEFORE, "op02", 8, rows, &n, &err));
	assert_int_equal(n, 3);
	assert_string_equal(rows[0].login, "liuyang");
	assert_string_equal(rows[2].login, "op01");
	for (int i = 0; i < n; i++)
		staff_free(&rows[i]);
	OK(staff_page(st, PAGE_LAST, NULL, 2, rows, &n, &err));
	assert_int_equal(n, 2);
	assert_string_equal(rows[0].login, "zhangwei");
	assert_string_equal(rows[1].login, "zhougang");
	for (int i = 0; i < n; i++)
		staff_free(&rows[i]);
}

/* ---------------------------------------------------------------- backup, restore */

static void
test_backup_restore_round_trip(void **state)
{
	struct fixture *f = *state;
	store *st = f->st;
	char *bak = new_path("bak");
	struct stat sb;
	sd_err err;
	int version = 0;
	char *r1 = add_request(st, "江苏驰耐特防腐科技有限公司", "高压无气喷涂机压力上不去");

	OK(admin_backup(st, bak, &err));
	assert_int_equal(stat(bak, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0640);
	OK(admin_restore_check(bak, &version, &err));
	assert_int_equal(version, store_schema_version());
	/* the backup is one file: no -wal beside it */
	{
		buf w = { 0 };
		buf_printf(&w, "%s-wal", bak);
		assert_int_not_equal(access(buf_str(&w), F_OK), 0);
		buf_free(&w);
	}
	/* changes after the backup are undone by the restore */
	char *r2 = add_request(st, "苏州电气集团有限公司", "变压器温升过高");
	assert_int_equal(scalar(st, "SELECT count(*) FROM request"), 2);
	OK(admin_restore(st, bak, &err));
	assert_int_equal(scalar(st, "SELECT count(*) FROM request"), 1);
	assert_int_equal(scalar(st, "SELECT count(*) FROM audit WHERE tbl = 'database' AND action = 'restore' "
	                            "AND who = 'liuyang' AND json_valid(new)"), 1);
	/* the open store goes on working, and another connection sees the restored data */
	{
		store *other;
		char *r3;

		OK(store_open(f->path, STORE_OPEN_EXISTING, "wangli", &other, &err));
		assert_int_equal(scalar(other, "SELECT count(*) FROM request"), 1);
		store_close(other);
		r3 = add_request(st, "广州维修服务部", "传感器读数漂移");
		free(r3);
	}
	/* the backup file itself is untouched by the restore */
	assert_int_equal(stat(bak, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0640);
	/* the live database and its companions are refused */
	assert_int_equal(admin_backup(st, f->path, &err), SD_DATAERR);
	{
		buf w = { 0 };
		buf_printf(&w, "%s-wal", f->path);
		assert_int_equal(admin_backup(st, buf_str(&w), &err), SD_DATAERR);
		buf_free(&w);
	}
	assert_int_equal(admin_restore(st, f->path, &err), SD_DATAERR);
	/* overwriting an older backup works, keeping the mode */
	OK(admin_backup(st, bak, &err));
	assert_int_equal(stat(bak, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0640);
	free(r1);
	free(r2);
	free(bak);
}

static void
write_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "wb");

	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
}

static void
test_restore_refuses(void **state)
{
	struct fixture *f = *state;
	store *st = f->st;
	sd_err err;
	char *missing = new_path("none");
	char *text = new_path("txt");
	char *foreign = new_path("sqlite");
	char *damaged = new_path("bak");
	char *newer = new_path("bak");
	long long before = scalar(st, "SELECT count(*) FROM audit");

	assert_int_equal(admin_restore(st, missing, &err), SD_NOINPUT);
	assert_non_null(strstr(err.msg, missing));
	write_file(text, "regno,customer\n202611-0001,甲厂\n");
	assert_int_equal(admin_restore(st, text, &err), SD_DATAERR);
	assert_non_null(strstr(err.msg, "not a servdesk database"));
	{
		sqlite3 *db;
		assert_int_equal(sqlite3_open(foreign, &db), SQLITE_OK);
		assert_int_equal(sqlite3_exec(db, "CREATE TABLE t (x); INSERT INTO t VALUES (1); "
		                              "PRAGMA user_version = 3", NULL, NULL, NULL), SQLITE_OK);
		sqlite3_close(db);
	}
	assert_int_equal(admin_restore(st, foreign, &err), SD_DATAERR);
	assert_non_null(strstr(err.msg, "not a servdesk database"));
	/* a backup with pages overwritten */
	for (int i = 0; i < 30; i++)
		free(add_request(st, "江苏驰耐特防腐科技有限公司", "高压无气喷涂机压力上不去,最高只到12MPa"));
	OK(admin_backup(st, damaged, &err));
	{
		FILE *fp = fopen(damaged, "r+b");
		char junk[4096];
		struct stat sb;

		assert_non_null(fp);
		assert_int_equal(stat(damaged, &sb), 0);
		memset(junk, 0x5a, sizeof junk);
		for (long off = 4096 * 2; off + 4096 <= sb.st_size; off += 4096 * 3) {
			fseek(fp, off, SEEK_SET);
			fwrite(junk, 1, sizeof junk, fp);
		}
		fclose(fp);
	}
	assert_int_equal(admin_restore(st, damaged, &err), SD_DATAERR);
	/* a backup from a newer servdesk */
	OK(admin_backup(st, newer, &err));
	{
		sqlite3 *db;
		char sql[64];
		assert_int_equal(sqlite3_open(newer, &db), SQLITE_OK);
		snprintf(sql, sizeof sql, "PRAGMA user_version = %d", store_schema_version() + 1);
		assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
		sqlite3_close(db);
	}
	assert_int_equal(admin_restore(st, newer, &err), SD_DATAERR);
	assert_non_null(strstr(err.msg, "newer"));
	/* nothing changed by any refusal */
	assert_int_equal(scalar(st, "SELECT count(*) FROM audit"), before + 30);
	assert_int_equal(scalar(st, "SELECT count(*) FROM request"), 30);
	free(missing);
	free(text);
	free(foreign);
	free(damaged);
	free(newer);
}

/* Generated from data/schema: the migrations this program runs. */
extern const char *const sd_migrations[];

static void
test_old_backup_is_migrated(void **state)
{
	struct fixture *f = *state;
	store *st = f->st;
	char *bak = new_path("bak");
	sd_err err;
	sqlite3 *db;
	int old = store_schema_version() - 1;
	char sql[96];

	/* a backup written by a servdesk one schema version older */
	assert_int_equal(sqlite3_open(bak, &db), SQLITE_OK);
	assert_int_equal(search_tok_register(db), SQLITE_OK);   /* the search index's tokenizer */
	for (int v = 0; v < old; v++)
		assert_int_equal(sqlite3_exec(db, sd_migrations[v], NULL, NULL, NULL), SQLITE_OK);
	snprintf(sql, sizeof sql, "PRAGMA user_version = %d; PRAGMA application_id = %d", old,
	         store_application_id());
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "INSERT INTO staff (login, name, role) VALUES "
	                              "('liuyang', '刘洋', 'supervisor')", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	free(add_request(st, "江苏驰耐特防腐科技有限公司", "液压站压力不稳"));
	OK(admin_restore(st, bak, &err));
	assert_int_equal(scalar(st, "PRAGMA user_version"), store_schema_version());
	assert_int_equal(scalar(st, "SELECT count(*) FROM request"), 0);
	assert_int_equal(scalar(st, "SELECT count(*) FROM staff"), 1);
	/* the backup itself is left as it was */
	assert_int_equal(sqlite3_open(bak, &db), SQLITE_OK);
	{
		sqlite3_stmt *q;
		assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &q, NULL), SQLITE_OK);
		assert_int_equal(sqlite3_step(q), SQLITE_ROW);
		assert_int_equal(sqlite3_column_int(q, 0), old);
		sqlite3_finalize(q);
	}
	sqlite3_close(db);
	free(bak);
}

/* An audit row in words: labels, money in yuan, names with logins, states in
 * words, the version counter left out, a field without a label kept by its
 * column name, a value that was empty shown only as its new value. */
static void
test_audit_in_words(void **state)
{
	struct fixture *f = *state;
	buf b = { 0 };
	sd_err err;

	audit_words_action("request", "hand", &b);
	assert_string_equal(buf_str(&b), "request handed over");
	buf_reset(&b);
	audit_words_action("gadget", "frob", &b);
	assert_string_equal(buf_str(&b), "gadget frob");
	buf_reset(&b);
	OK(audit_words_changes(f->st, "request",
	                       "{\"status\":\"open\",\"handed_to\":null,\"version\":1,\"items\":\"泵\"}",
	                       "{\"status\":\"handed\",\"handed_to\":\"zhangwei\",\"version\":2,\"items\":\"泵\"}",
	                       &b, &err));
	assert_string_equal(buf_str(&b), "Status: open → handed; Handed to: 张伟 (zhangwei)");
	buf_reset(&b);
	OK(audit_words_changes(f->st, "charge", NULL,
	                       "{\"regno\":\"202611-0001\",\"amount_fen\":123450,\"tier\":\"tier1\","
	                       "\"note\":null,\"odd_column\":\"x\",\"free_repair\":0}",
	                       &b, &err));
	assert_string_equal(buf_str(&b), "Register no.: 202611-0001; Amount: 1234.50; Warranty tier: "
	                    "tier 1; odd_column: x; Free repair: no");
	buf_reset(&b);
	OK(audit_words_changes(f->st, "ledger", "{\"state\":\"assigned\",\"engineer\":\"nobody\"}",
	                       "{\"state\":\"proposed\",\"engineer\":null}", &b, &err));
	assert_string_equal(buf_str(&b), "State: assigned → solution proposed; Engineer: nobody → (none)");
	buf_reset(&b);
	OK(audit_words_changes(f->st, "request", NULL, "{\"items\":[\"泵不转\",\"压力低\"],\"channel\":\"fax\"}",
	                       &b, &err));
	assert_string_equal(buf_str(&b), "Items: 泵不转, 压力低; Channel: fax");
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_every_change_is_audited, setup, teardown),
		cmocka_unit_test_setup_teardown(test_audit_append_only, setup, teardown),
		cmocka_unit_test_setup_teardown(test_audit_listing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_history_of_a_record, setup, teardown),
		cmocka_unit_test_setup_teardown(test_last_supervisor, setup, teardown),
		cmocka_unit_test_setup_teardown(test_staff_paging, setup, teardown),
		cmocka_unit_test_setup_teardown(test_backup_restore_round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_restore_refuses, setup, teardown),
		cmocka_unit_test_setup_teardown(test_old_backup_is_migrated, setup, teardown),
		cmocka_unit_test_setup_teardown(test_audit_in_words, setup, teardown),
	};
	int rc;
	char cmd[64];

	if (!mkdtemp(dir))
		return 99;
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	if (system(cmd) != 0)
		rc = rc ? rc : 1;
	return rc;
}
