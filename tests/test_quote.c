/* Unit tests of quotations: numbering, who pays each line, totals, states, expiry, revisions, the gate. */
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
#include "contract.h"
#include "customer.h"
#include "intake.h"
#include "ledger.h"
#include "quote.h"
#include "staff.h"
#include "stock.h"
#include "store.h"

static char dir[] = "/tmp/servdesk-quote-XXXXXX";
static int dbcount;

struct fixture {
	char *path;
	store *st;
	char old[24];      /* out of every warranty tier: all payable */
	char fresh[24];    /* in warranty: nothing payable */
	char covered[24];  /* out of warranty, a contract covers labour */
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
#define CUST "江苏沙钢集团有限公司"

static void
entry(store *st, const char *serial, char regno[24])
{
	sd_request r;
	sd_err err;

	intake_request_init(&r);
	store_now(r.received_at);
	r.channel = CH_PHONE;
	r.customer = xstrdup(CUST);
	r.requester = xstrdup("吴振华");
	r.phone = xstrdup("0512-58681234");
	r.serial = xstrdup(serial);
	intake_request_add_item(&r, "液压站油泵压力不足，油温偏高");
	if (intake_add(st, &r, false, &err) != SD_OK)
		fail_msg("intake_add: %s", err.msg);
	snprintf(regno, 24, "%s", r.regno);
	intake_request_free(&r);
	if (ledger_take(st, regno, NULL, &err) != SD_OK)
		fail_msg("ledger_take: %s", err.msg);
}

static int
setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof *f);
	sd_customer c = { .name = (char *)CUST };
	sd_equipment fresh = { .customer = (char *)CUST, .serial = (char *)"YYZ-2026-0001",
	                       .model = (char *)"YZ-160 液压站",
	                       .accepted_on = "2026-02-01", .commissioned_on = "2026-03-10" };
	sd_equipment old = { .customer = (char *)CUST, .serial = (char *)"YYZ-2018-0042",
	                     .model = (char *)"YZ-160 液压站",
	                     .accepted_on = "2018-05-01", .commissioned_on = "2018-06-01" };
	sd_equipment cov = { .customer = (char *)CUST, .serial = (char *)"YYZ-2019-0007",
	                     .model = (char *)"YZ-250 液压站",
	                     .accepted_on = "2019-05-01", .commissioned_on = "2019-06-01" };
	sd_part seal = { .part_no = (char *)"YZ-MF-80", .name = (char *)"机械密封 80", .unit = (char *)"套",
	                 .avg_cost_fen = 68000, .active = true };
	sd_part pump = { .part_no = (char *)"YZ-PV-25", .name = (char *)"柱塞泵 PV2R", .unit = (char *)"台",
	                 .avg_cost_fen = 1250050, .active = true };
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
	if (customer_put(f->st, &c, &err) != SD_OK || equipment_put(f->st, &fresh, &err) != SD_OK ||
	    equipment_put(f->st, &old, &err) != SD_OK || equipment_put(f->st, &cov, &err) != SD_OK ||
	    stock_part_put(f->st, &seal, &err) != SD_OK || stock_part_put(f->st, &pump, &err) != SD_OK)
		return -1;
	{
		sd_contract k;
		long long id;
		char *serials[1] = { (char *)"YYZ-2019-0007" };

		memset(&k, 0, sizeof k);
		k.customer = (char *)CUST;
		snprintf(k.from_on, sizeof k.from_on, "2026-01-01");
		snprintf(k.to_on, sizeof k.to_on, "2026-12-31");
		k.serials = serials;
		k.nserials = 1;
		k.covers[COST_LABOUR] = true;
		if (contract_add(f->st, &k, &id, &err) != SD_OK)
			return -1;
	}
	entry(f->st, "YYZ-2018-0042", f->old);
	entry(f->st, "YYZ-2026-0001", f->fresh);
	entry(f->st, "YYZ-2019-0007", f->covered);
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
count(store *st, const char *sql)
{
	sqlite3_stmt *q;
	long long n = -1;

	if (sqlite3_prepare_v2(store_db(st), sql, -1, &q, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(store_db(st)));
	if (sqlite3_step(q) == SQLITE_ROW)
		n = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	return n;
}

/* The usual overhaul: 8 hours at 150.00, travel 600.00, 2 nights at 280.00, 2 seals, 1 pump. */
static const sd_quote_line_in overhaul[] = {
	{ COST_LABOUR, NULL, 8, 15000, "拆检液压站" },
	{ COST_TRAVEL, NULL, 1, 60000, NULL },
	{ COST_LODGING, NULL, 2, 28000, NULL },
	{ COST_PARTS, "YZ-MF-80", 2, 0, NULL },
	{ COST_PARTS, "YZ-PV-25", 1, 0, NULL },
};

static int
make(store *st, const char *regno, char qno[24], sd_err *err)
{
	sd_quote_new n = { .regno = regno, .lines = overhaul, .nlines = 5, .repair_time = "2026-11-30 09:00",
	                   .repair_days = 3 };

	return quote_make(st, &n, qno, err);
}

static void
test_numbers(void **state)
{
	char out[24], month[7];
	long seq;

	(void)state;
	quote_format_no(out, "202611", 7);
	assert_string_equal(out, "QT202611-0007");
	assert_true(quote_parse_no("QT202611-0007", month, &seq));
	assert_string_equal(month, "202611");
	assert_int_equal(seq, 7);
	assert_false(quote_parse_no("RM202611-0007", month, &seq));
	assert_false(quote_parse_no("QT2026X1-0007", month, &seq));
	assert_false(quote_parse_no("QT202611-0000", month, &seq));
	assert_int_equal(quote_effective_state(QS_SENT, "2026-11-30", date_from_ymd(2026, 11, 30)), QS_SENT);
	assert_int_equal(quote_effective_state(QS_SENT, "2026-11-30", date_from_ymd(2026, 12, 1)), QS_EXPIRED);
	assert_int_equal(quote_effective_state(QS_DRAFT, "2026-11-30", date_from_ymd(2026, 12, 1)), QS_EXPIRED);
	assert_int_equal(quote_effective_state(QS_ACCEPTED, "2026-11-30", date_from_ymd(2027, 1, 1)), QS_ACCEPTED);
}

static void
test_line_parse(void **state)
{
	sd_quote_line_in l;
	sd_err err;
	char a[] = "labour:8:150", b[] = "travel:1200.50", c[] = "parts:YZ-MF-80:2", d[] = "parts:YZ-PV-25";
	char e[] = "人工费:4:120", x1[] = "labour:0:150", x2[] = "fuel:1:1", x3[] = "labour:8", x4[] = "lodging:2:abc";

	(void)state;
	OK(quote_line_parse(a, &l, &err));
	assert_int_equal(l.cost, COST_LABOUR);
	assert_int_equal(l.qty, 8);
	assert_int_equal(l.unit_fen, 15000);
	OK(quote_line_parse(b, &l, &err));
	assert_int_equal(l.cost, COST_TRAVEL);
	assert_int_equal(l.qty, 1);
	assert_int_equal(l.unit_fen, 120050);
	OK(quote_line_parse(c, &l, &err));
	assert_int_equal(l.cost, COST_PARTS);
	assert_string_equal(l.part_no, "YZ-MF-80");
	assert_int_equal(l.qty, 2);
	OK(quote_line_parse(d, &l, &err));
	assert_int_equal(l.qty, 1);
	OK(quote_line_parse(e, &l, &err));
	assert_int_equal(l.cost, COST_LABOUR);
	assert_int_equal(quote_line_parse(x1, &l, &err), SD_DATAERR);
	assert_non_null(strstr(err.msg, "quantity"));
	assert_int_equal(quote_line_parse(x2, &l, &err), SD_DATAERR);
	assert_non_null(strstr(err.msg, "kind"));
	assert_int_equal(quote_line_parse(x3, &l, &err), SD_DATAERR);
	assert_int_equal(quote_line_parse(x4, &l, &err), SD_DATAERR);
	assert_non_null(strstr(err.msg, "amount"));
}

static void
test_make_totals_and_payers(void **state)
{
	struct fixture *f = *state;
	char q1[24], q2[24], q3[24];
	sd_quote q;
	sd_err err;

	OK(make(f->st, f->old, q1, &err));
	OK(make(f->st, f->fresh, q2, &err));
	OK(make(f->st, f->covered, q3, &err));
	/* gapless in the month */
	assert_string_equal(q1, "QT202611-0001");
	assert_string_equal(q2, "QT202611-0002");
	assert_string_equal(q3, "QT202611-0003");

	/* out of every tier: the customer pays all; parts at the master's average cost */
	OK(quote_get(f->st, q1, &q, &err));
	assert_int_equal(q.state, QS_DRAFT);
	assert_int_equal(q.nlines, 5);
	assert_int_equal(q.lines[0].amount_fen, 120000);
	assert_int_equal(q.lines[2].amount_fen, 56000);
	assert_int_equal(q.lines[3].unit_fen, 68000);
	assert_int_equal(q.lines[3].amount_fen, 136000);
	assert_int_equal(q.lines[4].amount_fen, 1250050);
	assert_string_equal(q.lines[3].description, "机械密封 80");
	assert_int_equal(q.total_fen, 120000 + 60000 + 56000 + 136000 + 1250050);
	assert_int_equal(q.payable_fen, q.total_fen);
	assert_int_equal(q.lines[0].tier, TIER_3);
	assert_string_equal(q.valid_until, "2026-12-23");
	assert_string_equal(q.repair_time, "2026-11-30 09:00");
	assert_int_equal(q.repair_days, 3);
	quote_free(&q);

	/* in warranty: nothing payable */
	OK(quote_get(f->st, q2, &q, &err));
	assert_int_equal(q.payable_fen, 0);
	assert_int_equal(q.lines[0].tier, TIER_WARRANTY);
	quote_free(&q);

	/* the contract covers labour only */
	OK(quote_get(f->st, q3, &q, &err));
	assert_int_equal(q.lines[0].payable_fen, 0);
	assert_true(q.lines[0].contract_id > 0);
	assert_int_equal(q.lines[3].payable_fen, 136000);
	assert_int_equal(q.payable_fen, q.total_fen - 120000);
	quote_free(&q);

	/* the same decision as a charge line on that day */
	OK(ledger_charge(f->st, f->covered, COST_LABOUR, 120000, "2026-11-24", NULL, &err));
	assert_int_equal(count(f->st, "SELECT billed_fen FROM charge WHERE kind = 'labour'"), 0);
	assert_int_equal(count(f->st, "SELECT count(*) FROM audit WHERE tbl = 'quote' AND action = 'insert'"), 3);
}

static void
test_cause_decides(void **state)
{
	struct fixture *f = *state;
	char qno[24];
	sd_quote q;
	sd_err err;

	/* human damage inside the warranty: the customer pays */
	OK(ledger_assign(f->st, f->fresh, "zhangwei", -1, &err));
	OK(ledger_propose(f->st, f->fresh, MODE_ONSITE, "更换油泵", "human", NULL, -1, &err));
	OK(make(f->st, f->fresh, qno, &err));
	OK(quote_get(f->st, qno, &q, &err));
	assert_int_equal(q.lines[0].tier, TIER_WARRANTY);
	assert_string_equal(q.lines[0].cause, "human");
	assert_int_equal(q.payable_fen, q.total_fen);
	quote_free(&q);
}

static void
test_states_permissions_versions(void **state)
{
	struct fixture *f = *state;
	store *op = as(f, "wangli"), *eng = as(f, "zhangwei"), *keeper = as(f, "zhougang");
	sd_quote_answer yes = { .accepted = true, .person = "吴振华", .how = QH_PHONE, .remark = "同意" };
	sd_quote_answer no = { .accepted = false, .person = "吴振华", .how = QH_FAX, .remark = "价格太高" };
	char q1[24], q2[24], q3[24];
	sd_quote q;
	sd_err err;

	/* an operator may not make one; an engineer may */
	assert_int_equal(make(op, f->old, q1, &err), SD_NOPERM);
	OK(make(eng, f->old, q1, &err));
	/* a second while the first is open is refused */
	assert_int_equal(make(eng, f->old, q2, &err), SD_DATAERR);
	assert_non_null(strstr(err.msg, q1));
	/* answering a draft is refused; sending by an operator too */
	assert_int_equal(quote_answer(op, q1, &yes, -1, &err), SD_DATAERR);
	assert_non_null(strstr(err.msg, "draft"));
	assert_int_equal(quote_send(op, q1, NULL, -1, &err), SD_NOPERM);
	/* a stale version */
	assert_int_equal(quote_send(eng, q1, NULL, 7, &err), SD_DATAERR);
	assert_non_null(strstr(err.msg, "changed meanwhile"));
	OK(quote_send(eng, q1, NULL, 1, &err));
	assert_int_equal(quote_send(eng, q1, NULL, -1, &err), SD_DATAERR);
	/* the storekeeper may not answer; the person and the way are required */
	assert_int_equal(quote_answer(keeper, q1, &no, -1, &err), SD_NOPERM);
	{
		sd_quote_answer bad = no;
		bad.person = "";
		assert_int_equal(quote_answer(op, q1, &bad, -1, &err), SD_DATAERR);
		assert_non_null(strstr(err.msg, "person"));
		bad = no;
		bad.how = -1;
		assert_int_equal(quote_answer(op, q1, &bad, -1, &err), SD_DATAERR);
		bad = no;
		bad.on = "2026-11-01";
		assert_int_equal(quote_answer(op, q1, &bad, -1, &err), SD_DATAERR);
	}
	assert_int_equal(quote_answer(op, q1, &no, 1, &err), SD_DATAERR);
	OK(quote_answer(op, q1, &no, 2, &err));
	OK(quote_get(f->st, q1, &q, &err));
	assert_int_equal(q.state, QS_REFUSED);
	assert_string_equal(q.answer_person, "吴振华");
	assert_int_equal(q.answer_how, QH_FAX);
	assert_string_equal(q.answer_by, "wangli");
	assert_string_equal(q.answer_remark, "价格太高");
	assert_int_equal(q.version, 3);
	quote_free(&q);
	assert_int_equal(quote_answer(op, q1, &yes, -1, &err), SD_DATAERR);
	/* a revision follows the refused one */
	OK(make(eng, f->old, q2, &err));
	OK(quote_get(f->st, q2, &q, &err));
	assert_string_equal(q.revision_of, q1);
	quote_free(&q);
	OK(quote_send(eng, q2, NULL, -1, &err));
	OK(quote_answer(eng, q2, &yes, -1, &err));
	OK(quote_get(f->st, q2, &q, &err));
	assert_int_equal(q.state, QS_ACCEPTED);
	quote_free(&q);
	{
		sd_quote_month m;

		OK(quote_month(f->st, "2026-11-01 00:00", "2026-12-01 00:00", &m, &err));
		assert_int_equal(m.sent, 2);
		assert_int_equal(m.accepted, 1);
		assert_int_equal(m.refused, 1);
		assert_int_equal(m.expired, 0);
		assert_int_equal(m.accepted_fen, 120000 + 60000 + 56000 + 136000 + 1250050);
	}
	/* after an accepted one, a new one is not a revision */
	OK(make(eng, f->old, q3, &err));
	OK(quote_get(f->st, q3, &q, &err));
	assert_string_equal(q.revision_of, "");
	quote_free(&q);
	/* made, sent, refused; made, sent, accepted; made */
	assert_int_equal(count(f->st, "SELECT count(*) FROM audit WHERE tbl = 'quote'"), 7);
	/* nothing is made without a line, with a part not on record, or for a closed entry */
	{
		sd_quote_new n = { .regno = f->fresh, .lines = overhaul, .nlines = 0 };
		sd_quote_line_in bad[] = { { COST_PARTS, "NO-SUCH", 1, 0, NULL } };
		long long before = count(f->st, "SELECT count(*) FROM quote");

		assert_int_equal(quote_make(eng, &n, q3, &err), SD_DATAERR);
		n.lines = bad;
		n.nlines = 1;
		assert_int_equal(quote_make(eng, &n, q3, &err), SD_DATAERR);
		assert_non_null(strstr(err.msg, "NO-SUCH"));
		n.lines = overhaul;
		n.nlines = 5;
		n.repair_time = "2026-11-01";
		assert_int_equal(quote_make(eng, &n, q3, &err), SD_DATAERR);
		assert_non_null(strstr(err.msg, "repair-time"));
		assert_int_equal(count(f->st, "SELECT count(*) FROM quote"), before);
		/* a failed quotation leaves no gap in the numbers */
		n.repair_time = NULL;
		OK(quote_make(eng, &n, q3, &err));
		assert_string_equal(q3, "QT202611-0004");
	}
	store_close(op);
	store_close(eng);
	store_close(keeper);
}

static void
test_expiry(void **state)
{
	struct fixture *f = *state;
	sd_quote_answer yes = { .accepted = true, .person = "吴振华", .how = QH_VISIT };
	sd_quote_new n = { .regno = f->old, .lines = overhaul, .nlines = 1, .valid_days = 10 };
	char q1[24], q2[24];
	int st;
	sd_quote q;
	sd_err err;

	OK(quote_make(f->st, &n, q1, &err));
	OK(quote_send(f->st, q1, NULL, -1, &err));
	OK(quote_get(f->st, q1, &q, &err));
	assert_string_equal(q.valid_until, "2026-12-03");
	quote_free(&q);
	setenv("SERVDESK_NOW", "2026-12-04 09:00", 1);
	OK(quote_latest(f->st, f->old, q2, &st, &err));
	assert_int_equal(st, QS_EXPIRED);
	assert_int_equal(quote_answer(f->st, q1, &yes, -1, &err), SD_DATAERR);
	assert_non_null(strstr(err.msg, "expired"));
	/* the month's figures: sent in November, expired in December */
	{
		sd_quote_month m;

		OK(quote_month(f->st, "2026-11-01 00:00", "2026-12-01 00:00", &m, &err));
		assert_int_equal(m.sent, 1);
		assert_int_equal(m.expired, 0);
		OK(quote_month(f->st, "2026-12-01 00:00", "2027-01-01 00:00", &m, &err));
		assert_int_equal(m.sent, 0);
		assert_int_equal(m.expired, 1);
	}
	/* the expired one may be revised, in the new month's series */
	OK(quote_make(f->st, &n, q2, &err));
	assert_string_equal(q2, "QT202612-0001");
	OK(quote_get(f->st, q2, &q, &err));
	assert_string_equal(q.revision_of, q1);
	quote_free(&q);
	/* the setting gives the validity */
	{
		char q3[24];
		store *sv = f->st;

		OK(quote_send(sv, q2, NULL, -1, &err));
		OK(quote_answer(sv, q2, &yes, -1, &err));
		assert_int_equal(store_begin(sv, &err), SD_OK);
		assert_int_equal(store_set_setting(sv, "quote_valid_days", "45", &err), SD_OK);
		assert_int_equal(store_commit(sv, &err), SD_OK);
		n.valid_days = 0;
		OK(quote_make(sv, &n, q3, &err));
		OK(quote_get(sv, q3, &q, &err));
		assert_string_equal(q.valid_until, "2027-01-17");
		quote_free(&q);
	}
	setenv("SERVDESK_NOW", "2026-11-24 12:00", 1);
}

static void
test_gate(void **state)
{
	struct fixture *f = *state;
	store *eng = as(f, "zhangwei");
	sd_quote_answer no = { .accepted = false, .person = "吴振华", .how = QH_LETTER };
	sd_quote_answer yes = { .accepted = true, .person = "吴振华", .how = QH_EMAIL };
	char q1[24], q2[24];
	sd_err err;

	/* no quotation: a payable line is refused, and nothing is written */
	assert_int_equal(quote_charge(eng, f->old, COST_LABOUR, 120000, NULL, NULL, false, &err), SD_DATAERR);
	assert_non_null(strstr(err.msg, "no quotation"));
	assert_int_equal(count(f->st, "SELECT count(*) FROM charge"), 0);
	/* in warranty or under the contract: no quotation needed */
	OK(quote_charge(eng, f->fresh, COST_LABOUR, 120000, NULL, NULL, false, &err));
	OK(quote_charge(eng, f->covered, COST_LABOUR, 120000, NULL, NULL, false, &err));
	/* but the contract does not cover parts */
	assert_int_equal(quote_charge(eng, f->covered, COST_PARTS, 68000, NULL, NULL, false, &err), SD_DATAERR);
	/* the caller may say so */
	OK(quote_charge(eng, f->old, COST_TRAVEL, 60000, NULL, "紧急抢修", true, &err));
	assert_int_equal(count(f->st, "SELECT count(*) FROM charge"), 3);
	/* the audit trail says it went without a quotation, and why */
	assert_int_equal(count(f->st, "SELECT count(*) FROM audit WHERE tbl = 'charge' AND action = 'without_quote' "
	                              "AND new LIKE '%no quotation%'"), 1);
	/* draft, sent, refused: refused naming the state */
	OK(make(eng, f->old, q1, &err));
	assert_int_equal(quote_charge(eng, f->old, COST_LABOUR, 120000, NULL, NULL, false, &err), SD_DATAERR);
	assert_non_null(strstr(err.msg, "draft"));
	OK(quote_send(eng, q1, NULL, -1, &err));
	OK(quote_answer(eng, q1, &no, -1, &err));
	assert_int_equal(quote_charge(eng, f->old, COST_LABOUR, 120000, NULL, NULL, false, &err), SD_DATAERR);
	assert_non_null(strstr(err.msg, "refused"));
	assert_non_null(strstr(err.msg, q1));
	/* accepted: through */
	OK(make(eng, f->old, q2, &err));
	OK(quote_send(eng, q2, NULL, -1, &err));
	OK(quote_answer(eng, q2, &yes, -1, &err));
	OK(quote_charge(eng, f->old, COST_LABOUR, 120000, NULL, NULL, false, &err));
	/* a zero line needs nothing */
	assert_int_equal(quote_gate(eng, f->covered, COST_PARTS, 0, NULL, &err), SD_OK);
	store_close(eng);
}

static void
test_free_repair_not_taken(void **state)
{
	struct fixture *f = *state;
	sd_contract k;
	long long id;
	char *serials[1] = { (char *)"YYZ-2018-0042" };
	char qno[24];
	sd_quote q;
	sd_err err;

	memset(&k, 0, sizeof k);
	k.customer = (char *)CUST;
	snprintf(k.from_on, sizeof k.from_on, "2026-01-01");
	snprintf(k.to_on, sizeof k.to_on, "2026-12-31");
	k.serials = serials;
	k.nserials = 1;
	k.free_repairs = 2;
	OK(contract_add(f->st, &k, &id, &err));
	OK(make(f->st, f->old, qno, &err));
	OK(quote_get(f->st, qno, &q, &err));
	/* labour, travel, lodging free as a free repair; parts charged */
	assert_true(q.lines[0].free_repair);
	assert_int_equal(q.lines[0].payable_fen, 0);
	assert_int_equal(q.payable_fen, 136000 + 1250050);
	quote_free(&q);
	/* a quotation is a forecast: the free repair is not used up */
	assert_int_equal(count(f->st, "SELECT count(*) FROM contract_repair"), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_line_parse),
		cmocka_unit_test_setup_teardown(test_make_totals_and_payers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cause_decides, setup, teardown),
		cmocka_unit_test_setup_teardown(test_states_permissions_versions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_expiry, setup, teardown),
		cmocka_unit_test_setup_teardown(test_gate, setup, teardown),
		cmocka_unit_test_setup_teardown(test_free_repair_not_taken, setup, teardown),
	};
	int rc;

	if (!mkdtemp(dir))
		return 1;
	setenv("LC_ALL", "C", 1);
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	{
		char cmd[64];
		snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
		if (system(cmd) != 0)
			return 1;
	}
	return rc;
}
