/* Unit tests of returns and exchanges: numbering, lifecycle, approval before carrying out, roles, stock sides. */
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
#include "complaint.h"
#include "customer.h"
#include "demo.h"
#include "doc.h"
#include "intake.h"
#include "ledger.h"
#include "repair.h"
#include "returns.h"
#include "staff.h"
#include "stock.h"
#include "store.h"

static char dir[] = "/tmp/servdesk-returns-XXXXXX";
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
	intake_request_add_item(&r, "压力传感器读数漂移");
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
	sd_equipment pump = { .customer = (char *)"泰州市华东化工有限公司", .serial = (char *)"IH-2023-0457",
	                      .model = (char *)"IH80-65-160 化工离心泵" };
	sd_part p = { .part_no = (char *)"PT-100", .name = (char *)"压力传感器 0-1.6MPa", .unit = (char *)"只",
	              .active = true };
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
	if (customer_put(f->st, &c, &err) != SD_OK || equipment_put(f->st, &pump, &err) != SD_OK ||
	    stock_part_put(f->st, &p, &err) != SD_OK || stock_receive(f->st, "PT-100", 4, 42000, NULL, NULL, &err) != SD_OK) {
		print_error("setup: %s\n", err.msg);
		return -1;
	}
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
raise_one(store *st, const char *regno, int kind, const char *on, char thno[24], sd_err *err)
{
	sd_return_new n = { .kind = kind, .regno = regno, .part_no = "PT-100", .qty = 1,
	                    .cause = RC_QUALITY, .cause_text = "读数漂移超过 2%，现场校准无效", .on = on };

	return return_raise(st, &n, thno, err);
}

static int
state_of(store *st, const char *thno, int *version)
{
	sd_return r;
	sd_err err;
	int s;

	if (return_get(st, thno, &r, &err) != SD_OK)
		fail_msg("return_get %s: %s", thno, err.msg);
	s = r.state;
	if (version)
		*version = r.version;
	return_free(&r);
	return s;
}

static long
on_hand(store *st, const char *part_no)
{
	sd_part p;
	sd_err err;
	long n;

	OK(stock_part_get(st, part_no, &p, &err));
	n = p.on_hand;
	stock_part_free(&p);
	return n;
}

/* ---------------------------------------------------------------- numbering */

static void
test_number_format(void **state)
{
	char out[24], month[7];
	long seq;

	(void)state;
	return_format_no(out, "202611", 7);
	assert_string_equal(out, "TH202611-0007");
	assert_true(return_parse_no("TH202611-0007", month, &seq));
	assert_string_equal(month, "202611");
	assert_int_equal(seq, 7);
	assert_false(return_parse_no("RM202611-0007", month, &seq));
	assert_false(return_parse_no("TH2026-0007", month, &seq));
	assert_false(return_parse_no("TH202613-0007", month, &seq));
	assert_false(return_parse_no("TH202611-00x7", month, &seq));
	assert_false(return_parse_no("TH202611-0000", month, &seq));
}

static void
test_number_gapless(void **state)
{
	struct fixture *f = *state;
	char th[24], rm[24];
	sd_err err;

	OK(raise_one(f->st, f->regno, RK_RETURN, NULL, th, &err));
	assert_string_equal(th, "TH202611-0001");
	/* refused raises take no number */
	{
		sd_return_new n = { .kind = RK_RETURN, .regno = f->regno, .cause = RC_QUALITY };
		assert_int_equal(return_raise(f->st, &n, th, &err), SD_DATAERR);   /* no product */
		n.part_no = "NO-SUCH";
		assert_int_equal(return_raise(f->st, &n, th, &err), SD_DATAERR);   /* not in the store */
		n.part_no = "PT-100";
		n.cause = RC_OTHER;
		assert_int_equal(return_raise(f->st, &n, th, &err), SD_DATAERR);   /* other without text */
		assert_non_null(strstr(err.msg, "cause_text"));
		n.cause = RC_QUALITY;
		n.serial = "IH-2023-0457";
		assert_int_equal(return_raise(f->st, &n, th, &err), SD_DATAERR);   /* both */
		n.part_no = NULL;
		n.kind = RK_EXCHANGE;
		assert_int_equal(return_raise(f->st, &n, th, &err), SD_DATAERR);   /* exchange of a serial, no replacement */
		assert_non_null(strstr(err.msg, "replacement"));
	}
	assert_int_not_equal(raise_one(f->st, "202611-0999", RK_RETURN, NULL, th, &err), SD_OK);
	assert_int_equal(raise_one(f->st, f->regno, RK_RETURN, "2026-12-05", th, &err), SD_DATAERR);
	OK(raise_one(f->st, f->regno, RK_EXCHANGE, NULL, th, &err));
	assert_string_equal(th, "TH202611-0002");
	/* the repair orders keep their own series in the same month */
	{
		sd_repair_open o = { .regno = f->regno, .serial = "IH-2023-0457" };
		OK(repair_open(f->st, &o, rm, &err));
		assert_string_equal(rm, "RM202611-0001");
	}
	/* a new month starts at 1; a late entry goes to its own month */
	setenv("SERVDESK_NOW", "2026-12-01 08:00", 1);
	OK(raise_one(f->st, f->regno, RK_RETURN, NULL, th, &err));
	assert_string_equal(th, "TH202612-0001");
	OK(raise_one(f->st, f->regno, RK_RETURN, "2026-11-30", th, &err));
	assert_string_equal(th, "TH202611-0003");
}

/* ---------------------------------------------------------------- the lifecycle */

static void
test_transitions_table(void **state)
{
	static const int want[RTSTEP_COUNT][RTS_COUNT] = {
		/* requested     approved     refused  received     closed */
		[RTSTEP_APPROVE] = { RTS_APPROVED, -1, -1, -1, -1 },
		[RTSTEP_REFUSE]  = { RTS_REFUSED, -1, -1, -1, -1 },
		[RTSTEP_RECEIVE] = { -1, RTS_RECEIVED, -1, -1, -1 },
		[RTSTEP_CLOSE]   = { -1, -1, -1, RTS_CLOSED, -1 },
	};
	const char *why;

	(void)state;
	for (int step = 0; step < RTSTEP_COUNT; step++)
		for (int from = 0; from < RTS_COUNT; from++) {
			int to = return_next_state(from, step, &why);
			if (to != want[step][from])
				fail_msg("%s from %s: %d, expected %d", return_step_code(step),
				         return_state_code(from), to, want[step][from]);
			if (to < 0 && (!why || !*why))
				fail_msg("%s from %s refused without a reason", return_step_code(step),
				         return_state_code(from));
		}
	assert_int_equal(return_next_state(-1, RTSTEP_APPROVE, &why), -1);
	assert_int_equal(return_next_state(RTS_REQUESTED, RTSTEP_COUNT, &why), -1);
}

/* Every step from every state, through the core: the refused ones change nothing. */
static void
test_every_step_stored(void **state)
{
	struct fixture *f = *state;
	sd_return_args note = { .note = "符合包换条件", .disposition = RD_SCRAP };
	char th[24];
	sd_err err;
	int v, v2;

	OK(raise_one(f->st, f->regno, RK_RETURN, NULL, th, &err));
	/* nothing is carried out before approval */
	assert_int_equal(return_step(f->st, th, RTSTEP_RECEIVE, NULL, -1, &err), SD_DATAERR);
	assert_non_null(strstr(err.msg, th));
	assert_int_equal(return_step(f->st, th, RTSTEP_CLOSE, &note, -1, &err), SD_DATAERR);
	assert_int_equal(state_of(f->st, th, &v), RTS_REQUESTED);
	assert_int_equal(v, 1);
	OK(return_step(f->st, th, RTSTEP_APPROVE, &note, v, &err));
	assert_int_equal(state_of(f->st, th, &v), RTS_APPROVED);
	assert_int_equal(v, 2);
	assert_int_equal(return_step(f->st, th, RTSTEP_APPROVE, &note, -1, &err), SD_DATAERR);
	assert_int_equal(return_step(f->st, th, RTSTEP_REFUSE, &note, -1, &err), SD_DATAERR);
	assert_int_equal(return_step(f->st, th, RTSTEP_CLOSE, &note, -1, &err), SD_DATAERR);
	/* a stale version is refused, naming who changed it */
	assert_int_equal(return_step(f->st, th, RTSTEP_RECEIVE, NULL, 1, &err), SD_DATAERR);
	assert_non_null(strstr(err.msg, "liuyang"));
	OK(return_step(f->st, th, RTSTEP_RECEIVE, NULL, v, &err));
	assert_int_equal(state_of(f->st, th, &v2), RTS_RECEIVED);
	assert_int_equal(return_step(f->st, th, RTSTEP_RECEIVE, NULL, -1, &err), SD_DATAERR);
	assert_int_equal(return_step(f->st, th, RTSTEP_APPROVE, &note, -1, &err), SD_DATAERR);
	/* close needs a disposition; repair names an existing order if any */
	{
		sd_return_args bad = { .disposition = -1 };
		sd_return_args rep = { .disposition = RD_REPAIR, .repair_no = "RM202611-0042" };
		assert_int_equal(return_step(f->st, th, RTSTEP_CLOSE, &bad, -1, &err), SD_DATAERR);
		assert_non_null(strstr(err.msg, "disposition"));
		assert_int_equal(return_step(f->st, th, RTSTEP_CLOSE, &rep, -1, &err), SD_DATAERR);
		assert_non_null(strstr(err.msg, "repair_no"));
	}
	OK(return_step(f->st, th, RTSTEP_CLOSE, &note, v2, &err));
	assert_int_equal(state_of(f->st, th, NULL), RTS_CLOSED);
	for (int step = 0; step < RTSTEP_COUNT; step++)
		assert_int_equal(return_step(f->st, th, step, &note, -1, &err), SD_DATAERR);
	{
		sd_return r;
		OK(return_get(f->st, th, &r, &err));
		assert_string_equal(r.decided_by, "liuyang");
		assert_string_equal(r.decision_note, "符合包换条件");
		assert_int_equal(r.disposition, RD_SCRAP);
		assert_string_equal(r.closed_on, "2026-11-24");
		return_free(&r);
	}
	/* refused: a remark is required, and it is final */
	OK(raise_one(f->st, f->regno, RK_RETURN, NULL, th, &err));
	assert_int_equal(return_step(f->st, th, RTSTEP_REFUSE, NULL, -1, &err), SD_DATAERR);
	assert_non_null(strstr(err.msg, "note"));
	OK(return_step(f->st, th, RTSTEP_REFUSE, &note, -1, &err));
	assert_int_equal(state_of(f->st, th, NULL), RTS_REFUSED);
	for (int step = 0; step < RTSTEP_COUNT; step++)
		assert_int_equal(return_step(f->st, th, step, &note, -1, &err), SD_DATAERR);
	/* the audit trail has each step */
	{
		sqlite3_stmt *q;
		assert_int_equal(sqlite3_prepare_v2(store_db(f->st),
			"SELECT count(*) FROM audit WHERE tbl = 'return_order'", -1, &q, NULL), SQLITE_OK);
		assert_int_equal(sqlite3_step(q), SQLITE_ROW);
		assert_int_equal(sqlite3_column_int(q, 0), 6);
		sqlite3_finalize(q);
	}
}

/* The table itself refuses a carried-out row without a decision. */
static void
test_check_constraint(void **state)
{
	struct fixture *f = *state;
	char th[24];
	sd_err err;

	OK(raise_one(f->st, f->regno, RK_RETURN, NULL, th, &err));
	assert_int_not_equal(sqlite3_exec(store_db(f->st),
		"UPDATE return_order SET state = 'received', received_on = '2026-11-24'", NULL, NULL, NULL),
		SQLITE_OK);
	assert_int_equal(state_of(f->st, th, NULL), RTS_REQUESTED);
}

static void
test_roles(void **state)
{
	struct fixture *f = *state;
	store *op = as(f, "wangli"), *eng = as(f, "zhangwei"), *sk = as(f, "zhougang");
	sd_return_args note = { .note = "同意", .disposition = RD_SUPPLIER };
	char th[24];
	sd_err err;

	/* operator and engineer raise; the storekeeper does not */
	assert_int_equal(raise_one(sk, f->regno, RK_RETURN, NULL, th, &err), SD_NOPERM);
	assert_string_equal(th, "");
	OK(raise_one(op, f->regno, RK_RETURN, NULL, th, &err));
	OK(raise_one(eng, f->regno, RK_RETURN, NULL, th, &err));
	/* only the supervisor approves or refuses */
	assert_int_equal(return_step(op, th, RTSTEP_APPROVE, &note, -1, &err), SD_NOPERM);
	assert_int_equal(return_step(eng, th, RTSTEP_APPROVE, &note, -1, &err), SD_NOPERM);
	assert_int_equal(return_step(sk, th, RTSTEP_REFUSE, &note, -1, &err), SD_NOPERM);
	OK(return_step(f->st, th, RTSTEP_APPROVE, &note, -1, &err));
	/* the storekeeper (or the supervisor) carries it out; not the engineer */
	assert_int_equal(return_step(eng, th, RTSTEP_RECEIVE, NULL, -1, &err), SD_NOPERM);
	OK(return_step(sk, th, RTSTEP_RECEIVE, NULL, -1, &err));
	assert_int_equal(return_step(op, th, RTSTEP_CLOSE, &note, -1, &err), SD_NOPERM);
	OK(return_step(sk, th, RTSTEP_CLOSE, &note, -1, &err));
	store_close(op);
	store_close(eng);
	store_close(sk);
}

/* ---------------------------------------------------------------- stock sides */

static void
test_exchange_issues_and_restock_receives(void **state)
{
	struct fixture *f = *state;
	store *sk = as(f, "zhougang");
	sd_return_args ok = { .note = "质保期内，同意换货" };
	sd_return_args restock = { .disposition = RD_RESTOCK };
	int64_t cost, billed, received;
	char th[24];
	sd_err err;

	OK(raise_one(f->st, f->regno, RK_EXCHANGE, NULL, th, &err));
	OK(return_step(f->st, th, RTSTEP_APPROVE, &ok, -1, &err));
	assert_int_equal(on_hand(f->st, "PT-100"), 4);
	OK(return_step(sk, th, RTSTEP_RECEIVE, NULL, -1, &err));
	/* the replacement was issued to the entry, naming the return */
	assert_int_equal(on_hand(f->st, "PT-100"), 3);
	OK(ledger_totals(f->st, f->regno, &cost, &billed, &received, &err));
	assert_int_equal(cost, 42000);
	{
		sqlite3_stmt *q;
		assert_int_equal(sqlite3_prepare_v2(store_db(f->st),
			"SELECT m.kind, m.qty, m.cost_fen FROM stock_move m JOIN return_order t ON t.id = m.return_id "
			"WHERE t.thno = ? ORDER BY m.id", -1, &q, NULL), SQLITE_OK);
		sqlite3_bind_text(q, 1, th, -1, SQLITE_STATIC);
		assert_int_equal(sqlite3_step(q), SQLITE_ROW);
		assert_string_equal((const char *)sqlite3_column_text(q, 0), "issue");
		assert_int_equal(sqlite3_column_int(q, 1), -1);
		assert_int_equal(sqlite3_step(q), SQLITE_DONE);
		sqlite3_finalize(q);
	}
	/* restock: the returned sensor goes back in at the replacement's cost */
	OK(return_step(sk, th, RTSTEP_CLOSE, &restock, -1, &err));
	assert_int_equal(on_hand(f->st, "PT-100"), 4);
	{
		sqlite3_stmt *q;
		assert_int_equal(sqlite3_prepare_v2(store_db(f->st),
			"SELECT m.kind, m.qty, m.cost_fen FROM stock_move m JOIN return_order t ON t.id = m.return_id "
			"WHERE t.thno = ? ORDER BY m.id DESC LIMIT 1", -1, &q, NULL), SQLITE_OK);
		sqlite3_bind_text(q, 1, th, -1, SQLITE_STATIC);
		assert_int_equal(sqlite3_step(q), SQLITE_ROW);
		assert_string_equal((const char *)sqlite3_column_text(q, 0), "receipt");
		assert_int_equal(sqlite3_column_int(q, 1), 1);
		assert_int_equal(sqlite3_column_int64(q, 2), 42000);
		sqlite3_finalize(q);
	}
	store_close(sk);
}

static void
test_exchange_short_stock_changes_nothing(void **state)
{
	struct fixture *f = *state;
	sd_return_new n = { .kind = RK_EXCHANGE, .regno = f->regno, .part_no = "PT-100", .qty = 9,
	                    .cause = RC_TRANSPORT };
	sd_return_args scrap = { .disposition = RD_SCRAP };
	sd_return_args restock = { .disposition = RD_RESTOCK };
	char th[24];
	sd_err err;
	int v;

	OK(return_raise(f->st, &n, th, &err));
	OK(return_step(f->st, th, RTSTEP_APPROVE, NULL, -1, &err));
	assert_int_equal(return_step(f->st, th, RTSTEP_RECEIVE, NULL, -1, &err), SD_DATAERR);
	assert_non_null(strstr(err.msg, "only 4 available"));
	assert_int_equal(state_of(f->st, th, &v), RTS_APPROVED);
	assert_int_equal(v, 2);
	assert_int_equal(on_hand(f->st, "PT-100"), 4);
	/* a serial-numbered product cannot be restocked */
	{
		sd_return_new e = { .kind = RK_RETURN, .regno = f->regno, .serial = "IH-2023-0457", .cause = RC_WRONG_DELIVERY };
		OK(return_raise(f->st, &e, th, &err));
		OK(return_step(f->st, th, RTSTEP_APPROVE, NULL, -1, &err));
		OK(return_step(f->st, th, RTSTEP_RECEIVE, NULL, -1, &err));
		assert_int_equal(return_step(f->st, th, RTSTEP_CLOSE, &restock, -1, &err), SD_DATAERR);
		assert_non_null(strstr(err.msg, "disposition"));
		assert_int_equal(state_of(f->st, th, NULL), RTS_RECEIVED);
		OK(return_step(f->st, th, RTSTEP_CLOSE, &scrap, -1, &err));
	}
	/* a plain return's restock comes in at the current average */
	{
		sd_return_new r = { .kind = RK_RETURN, .regno = f->regno, .part_no = "PT-100", .qty = 2,
		                    .cause = RC_CHANGED_MIND };
		OK(return_raise(f->st, &r, th, &err));
		OK(return_step(f->st, th, RTSTEP_APPROVE, NULL, -1, &err));
		OK(return_step(f->st, th, RTSTEP_RECEIVE, NULL, -1, &err));
		assert_int_equal(on_hand(f->st, "PT-100"), 4);
		OK(return_step(f->st, th, RTSTEP_CLOSE, &restock, -1, &err));
		assert_int_equal(on_hand(f->st, "PT-100"), 6);
	}
}

/* ---------------------------------------------------------------- complaint, list, form, month */

static void
test_on_complaint_list_form_month(void **state)
{
	struct fixture *f = *state;
	sd_complaint c = { .customer = (char *)"泰州市华东化工有限公司", .cls = CC_QUALITY,
	                   .description = (char *)"发来的压力传感器量程不符", .quantity = -1, .defective = -1 };
	sd_return_new n = { .kind = RK_RETURN, .part_no = "PT-100", .cause = RC_WRONG_DELIVERY };
	sd_return_new x = { .kind = RK_EXCHANGE, .part_no = "PT-100", .cause = RC_WRONG_DELIVERY };
	sd_return_query q = { .open_only = true, .state = -1 };
	sd_return rows[8];
	sd_return_month m;
	sd_doc *d;
	char th[24], th2[24];
	sd_err err;
	int cnt;

	OK(complaint_add(f->st, &c, &err));
	n.complaint_id = c.id;
	x.complaint_id = c.id;
	OK(return_raise(f->st, &n, th, &err));
	OK(return_raise(f->st, &x, th2, &err));
	/* an exchange on a complaint without a ledger entry cannot issue its replacement */
	OK(return_step(f->st, th2, RTSTEP_APPROVE, NULL, -1, &err));
	assert_int_equal(return_step(f->st, th2, RTSTEP_RECEIVE, NULL, -1, &err), SD_DATAERR);
	OK(return_step(f->st, th, RTSTEP_REFUSE, &(sd_return_args){ .note = "非质量问题，不予退货" }, -1, &err));
	OK(raise_one(f->st, f->regno, RK_RETURN, NULL, th, &err));
	OK(return_page(f->st, &q, PAGE_FIRST, NULL, 8, rows, &cnt, &err));
	assert_int_equal(cnt, 2);
	assert_string_equal(rows[0].thno, th2);
	assert_string_equal(rows[0].customer, "泰州市华东化工有限公司");
	assert_string_equal(rows[0].product, "压力传感器 0-1.6MPa");
	for (int i = 0; i < cnt; i++)
		return_free(&rows[i]);
	q.open_only = false;
	q.state = RTS_REFUSED;
	OK(return_page(f->st, &q, PAGE_FIRST, NULL, 8, rows, &cnt, &err));
	assert_int_equal(cnt, 1);
	assert_int_equal(rows[0].complaint_id, 1);
	return_free(&rows[0]);
	q.state = -1;
	q.regno = f->regno;
	OK(return_page(f->st, &q, PAGE_LAST, NULL, 8, rows, &cnt, &err));
	assert_int_equal(cnt, 1);
	assert_string_equal(rows[0].thno, th);
	return_free(&rows[0]);
	/* the notice */
	OK(return_form(f->st, th2, &d, &err));
	assert_non_null(d);
	doc_free(d);
	assert_int_equal(return_form(f->st, "TH209901-0001", &d, &err), SD_DATAERR);
	/* the month */
	OK(return_month(f->st, "2026-11-01", "2026-12-01", &m, &err));
	assert_int_equal(m.raised_total, 3);
	assert_int_equal(m.raised[RK_RETURN][RC_WRONG_DELIVERY], 1);
	assert_int_equal(m.raised[RK_EXCHANGE][RC_WRONG_DELIVERY], 1);
	assert_int_equal(m.raised[RK_RETURN][RC_QUALITY], 1);
	assert_int_equal(m.approved, 1);
	assert_int_equal(m.refused, 1);
	assert_int_equal(m.open_at_end, 2);
	OK(return_month(f->st, "2026-10-01", "2026-11-01", &m, &err));
	assert_int_equal(m.raised_total, 0);
	assert_int_equal(m.open_at_end, 0);
}

/* The demonstration: an exchange of a pressure sensor carried out from the store, a return refused. */
static void
test_demo(void **state)
{
	sd_staff boss = { .login = "liuyang", .name = "刘洋", .role = ROLE_SUPERVISOR, .active = true };
	sd_return_query q = { .state = -1 };
	sd_return rows[8];
	char path[256];
	store *st;
	sd_err err;
	int n;

	(void)state;
	setenv("SERVDESK_NOW", "2026-11-24 12:00", 1);
	snprintf(path, sizeof path, "%s/demo.db", dir);
	OK(store_open(path, STORE_OPEN_CREATE, "liuyang", &st, &err));
	OK(staff_put(st, &boss, &err));
	OK(demo_fill(st, &err));
	OK(return_page(st, &q, PAGE_FIRST, NULL, 8, rows, &n, &err));
	assert_int_equal(n, 2);
	assert_int_equal(rows[0].kind, RK_EXCHANGE);
	assert_int_equal(rows[0].state, RTS_RECEIVED);
	assert_string_equal(rows[0].part_no, "YL-PT16");
	assert_non_null(strstr(rows[0].product, "压力传感器"));
	assert_int_equal(rows[1].kind, RK_RETURN);
	assert_int_equal(rows[1].state, RTS_REFUSED);
	assert_non_null(rows[1].decision_note);
	for (int i = 0; i < n; i++)
		return_free(&rows[i]);
	/* the replacement left the store */
	assert_int_equal(on_hand(st, "YL-PT16"), 4);
	store_close(st);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_number_format),
		cmocka_unit_test(test_transitions_table),
		cmocka_unit_test_setup_teardown(test_number_gapless, setup, teardown),
		cmocka_unit_test_setup_teardown(test_every_step_stored, setup, teardown),
		cmocka_unit_test_setup_teardown(test_check_constraint, setup, teardown),
		cmocka_unit_test_setup_teardown(test_roles, setup, teardown),
		cmocka_unit_test_setup_teardown(test_exchange_issues_and_restock_receives, setup, teardown),
		cmocka_unit_test_setup_teardown(test_exchange_short_stock_changes_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_on_complaint_list_form_month, setup, teardown),
		cmocka_unit_test(test_demo),
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
