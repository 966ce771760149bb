/*
 * Unit tests of service contracts: who pays for a charge (a contract's cover
 * before the warranty tiers, free repairs counted down once per ledger
 * entry), the running days, permissions and refusals. Every figure below is
 * worked out by hand in the comments.
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
#include <sqlite3.h>

#include "buf.h"
#include "contract.h"
#include "customer.h"
#include "intake.h"
#include "ledger.h"
#include "staff.h"
#include "store.h"
#include "visit.h"

static char dir[] = "/tmp/servdesk-contract-XXXXXX";
static int dbcount;

struct fixture {
	char *path;
	store *st;
};

#define OK(call) do { if ((call) != SD_OK) fail_msg("%s: %s", #call, err.msg); } while (0)

/*
 * 江苏驰耐特 owns OLD (commissioned 2022-01-10: warranty to 2023-01-10,
 * tier 1 to 2025-01-10, tier 2 to 2026-01-10, tier 3 after) and NEW
 * (commissioned 2026-06-01: in warranty to 2027-06-01). 另一家 owns OTHER
 * (commissioned 2022-01-10, tier 3 in 2026).
 */
static int
setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof *f);
	buf b = { 0 };
	sd_err err;

	setenv("SERVDESK_NOW", "2026-11-24 12:00", 1);
	buf_printf(&b, "%s/t%d.db", dir, ++dbcount);
	f->path = buf_steal(&b);
	if (store_open(f->path, STORE_OPEN_CREATE, "boss", &f->st, &err) != SD_OK)
		return -1;
	sd_staff s1 = { .login = "boss", .name = "张主管", .role = ROLE_SUPERVISOR, .active = true };
	sd_staff s2 = { .login = "eng", .name = "陈工", .role = ROLE_ENGINEER, .active = true };
	if (staff_put(f->st, &s1, &err) != SD_OK || staff_put(f->st, &s2, &err) != SD_OK)
		return -1;
	sd_customer c1 = { .name = "江苏驰耐特" }, c2 = { .name = "另一家" };
	if (customer_put(f->st, &c1, &err) != SD_OK || customer_put(f->st, &c2, &err) != SD_OK)
		return -1;
	const struct { const char *cust, *serial, *comm; } eq[] = {
		{ "江苏驰耐特", "OLD", "2022-01-10" },
		{ "江苏驰耐特", "NEW", "2026-06-01" },
		{ "另一家", "OTHER", "2022-01-10" },
	};
	for (size_t i = 0; i < SD_ARRAY_LEN(eq); i++) {
		sd_equipment e = { .customer = (char *)eq[i].cust, .serial = (char *)eq[i].serial };
		snprintf(e.commissioned_on, sizeof e.commissioned_on, "%s", eq[i].comm);
		if (equipment_put(f->st, &e, &err) != SD_OK)
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

/* A ledger entry for serial, taken: its register number (malloc'd). */
static char *
entry(store *st, const char *customer, const char *serial)
{
	sd_request r;
	sd_err err;
	char *regno;

	intake_request_init(&r);
	snprintf(r.received_at, sizeof r.received_at, "%s", "2026-11-24 09:00");
	r.channel = CH_PHONE;
	r.customer = xstrdup(customer);
	r.requester = xstrdup("吴振华");
	r.phone = xstrdup("0512-58639752");
	r.serial = xstrdup(serial);
	r.priority = 3;
	intake_request_add_item(&r, "压力上不去");
	if (intake_add(st, &r, false, &err) != SD_OK)
		fail_msg("intake_add: %s", err.msg);
	regno = xstrdup(r.regno);
	intake_request_free(&r);
	OK(ledger_take(st, regno, "boss", &err));
	return regno;
}

static int
parse_covers(const char *list, bool covers[COST_COUNT])
{
	sd_err err;
	int rc = contract_covers_parse(list, covers, &err);
	if (rc != SD_OK)
		fail_msg("covers %s: %s", list, err.msg);
	return rc;
}

static sd_date
date_of(const char *s)
{
	sd_date d = 0;
	assert_true(date_parse(s, &d));
	return d;
}

static int
count_one(const sd_contract *k, void *arg)
{
	(void)k;
	(*(int *)arg)++;
	return 0;
}

static long long
add_v(store *st, const char *customer, const char *from, const char *to, const char *serial,
      const char *covers, int free_repairs, int visits)
{
	sd_contract k;
	sd_err err;
	long long id = 0;
	char *serials[1] = { (char *)serial };

	memset(&k, 0, sizeof k);
	k.customer = (char *)customer;
	snprintf(k.from_on, sizeof k.from_on, "%s", from);
	snprintf(k.to_on, sizeof k.to_on, "%s", to);
	k.serials = serial ? serials : NULL;
	k.nserials = serial ? 1 : 0;
	k.free_repairs = free_repairs;
	k.visits = visits;
	parse_covers(covers, k.covers);
	OK(contract_add(st, &k, &id, &err));
	return id;
}

static long long
add(store *st, const char *customer, const char *from, const char *to, const char *serial,
    const char *covers, int free_repairs)
{
	return add_v(st, customer, from, to, serial, covers, free_repairs, CV_NONE);
}

/* The newest charge line of regno. */
static int
last_line(const sd_ledger_charge *ch, void *arg)
{
	sd_ledger_charge *out = arg;
	if (ch->id < out->id)      /* the line recorded last: the highest id */
		return SD_OK;
	*out = *ch;
	out->note = NULL;
	out->who = NULL;
	return SD_OK;
}

/* Charge amount (yuan) of cost on day on; returns the line as recorded. */
static sd_ledger_charge
charge(store *st, const char *regno, int cost, int yuan, const char *on)
{
	sd_ledger_charge line;
	sd_err err;

	char when[32];

	memset(&line, 0, sizeof line);
	/* a service date is never later than today: the charge is recorded on that day */
	snprintf(when, sizeof when, "%s 12:00", on);
	setenv("SERVDESK_NOW", when, 1);
	OK(ledger_charge(st, regno, cost, (int64_t)yuan * 100, on, NULL, &err));
	setenv("SERVDESK_NOW", "2026-11-24 12:00", 1);
	OK(ledger_charge_each(st, regno, last_line, &line, &err));
	return line;
}

/* ---------------------------------------------------------------- tests */

static void
test_cover_before_tiers(void **state)
{
	struct fixture *f = *state;
	store *st = f->st;
	sd_ledger_charge l;

	/* Contract 1: all of 江苏驰耐特's equipment, 2026, labour and travel. */
	long long k = add(st, "江苏驰耐特", "2026-01-01", "2026-12-31", NULL, "labour,travel", 0);
	char *rn = entry(st, "江苏驰耐特", "OLD");

	/* OLD on 2026-11-24 is in tier 3 (everything charged). Labour 800: covered, billed 0. */
	l = charge(st, rn, COST_LABOUR, 800, "2026-11-24");
	assert_int_equal(l.tier, TIER_3);
	assert_int_equal(l.billed_fen, 0);
	assert_int_equal(l.contract_id, k);
	assert_false(l.free_repair);
	/* Travel 300: covered. */
	l = charge(st, rn, COST_TRAVEL, 300, "2026-11-24");
	assert_int_equal(l.billed_fen, 0);
	assert_int_equal(l.contract_id, k);
	/* Parts 500 and lodging 200: not covered, tier 3 charges them: billed in full. */
	l = charge(st, rn, COST_PARTS, 500, "2026-11-24");
	assert_int_equal(l.billed_fen, 50000);
	assert_int_equal(l.contract_id, 0);
	l = charge(st, rn, COST_LODGING, 200, "2026-11-24");
	assert_int_equal(l.billed_fen, 20000);
	/* The first and the last day are covered; the day after the last and before the first are not. */
	assert_int_equal(charge(st, rn, COST_LABOUR, 100, "2026-12-31").billed_fen, 0);
	assert_int_equal(charge(st, rn, COST_LABOUR, 100, "2026-01-01").billed_fen, 0);
	assert_int_equal(charge(st, rn, COST_LABOUR, 100, "2027-01-01").billed_fen, 10000);
	/* 2025-12-31: before the contract; OLD is in tier 2 (2025-01-11..2026-01-10): no labour fee. */
	l = charge(st, rn, COST_LABOUR, 100, "2025-12-31");
	assert_int_equal(l.tier, TIER_2);
	assert_int_equal(l.billed_fen, 0);
	assert_int_equal(l.contract_id, 0);
	/* Another customer's equipment is not covered: OTHER in tier 3 pays labour. */
	char *rn2 = entry(st, "另一家", "OTHER");
	l = charge(st, rn2, COST_LABOUR, 800, "2026-11-24");
	assert_int_equal(l.billed_fen, 80000);
	assert_int_equal(l.contract_id, 0);
	free(rn);
	free(rn2);
}

/* An entry for serial whose fault category is code (an engineer assigned, the solution proposed). */
static char *
faulted(store *st, const char *serial, const char *code)
{
	sd_err err;
	char *rn = entry(st, "江苏驰耐特", serial);

	OK(ledger_assign(st, rn, "eng", -1, &err));
	OK(ledger_propose(st, rn, MODE_ONSITE, "上门检修。", code, NULL, -1, &err));
	return rn;
}

/*
 * Who pays, by the fault's cause: in or out of the warranty x the maker's
 * responsibility or not x a contract covering the cost or not.
 */
static void
test_cause_decides(void **state)
{
	struct fixture *f = *state;
	store *st = f->st;
	sd_ledger_charge l;
	sd_err err;
	static const struct {
		const char *serial, *fault, *on;
		bool contract;
		int tier;
		int64_t billed;         /* of a labour line of 800.00 */
		const char *cause;
	} table[] = {
		/* in the warranty: free when the maker is responsible, payable when not */
		{ "NEW", "mech", "2027-01-04", false, TIER_WARRANTY, 0, "" },
		{ "NEW", "usage", "2027-01-04", false, TIER_WARRANTY, 80000, "usage" },
		{ "NEW", "human", "2027-01-04", false, TIER_WARRANTY, 80000, "human" },
		{ "NEW", "force", "2027-01-04", false, TIER_WARRANTY, 80000, "force" },
		{ "NEW", "site", "2027-01-04", false, TIER_WARRANTY, 80000, "site" },
		/* tier 1 (labour free): the cause makes labour payable */
		{ "OLD", "mech", "2024-06-03", false, TIER_1, 0, "" },
		{ "OLD", "usage", "2024-06-03", false, TIER_1, 80000, "usage" },
		/* tier 3: charged either way; the tier decided, not the cause */
		{ "OLD", "mech", "2027-01-04", false, TIER_3, 80000, "" },
		{ "OLD", "usage", "2027-01-04", false, TIER_3, 80000, "" },
		/* a running contract covering labour: free whatever the cause or the tier */
		{ "NEW", "mech", "2026-11-24", true, TIER_WARRANTY, 0, "" },
		{ "NEW", "usage", "2026-11-24", true, TIER_WARRANTY, 0, "" },
		{ "OLD", "mech", "2026-11-24", true, TIER_3, 0, "" },
		{ "OLD", "usage", "2026-11-24", true, TIER_3, 0, "" },
	};
	long long k = add(st, "江苏驰耐特", "2026-01-01", "2026-12-31", NULL, "labour", 0);

	for (size_t i = 0; i < SD_ARRAY_LEN(table); i++) {
		char *rn = faulted(st, table[i].serial, table[i].fault);

		l = charge(st, rn, COST_LABOUR, 800, table[i].on);
		if (l.tier != table[i].tier || l.billed_fen != table[i].billed || strcmp(l.cause, table[i].cause) != 0 ||
		    (l.contract_id == k) != table[i].contract)
			fail_msg("row %zu (%s, %s, %s): tier %d billed %lld cause \"%s\" contract %lld", i,
			         table[i].serial, table[i].fault, table[i].on, l.tier, (long long)l.billed_fen, l.cause,
			         l.contract_id);
		free(rn);
	}
	/* the reason is in ledger explain */
	char *rn = faulted(st, "NEW", "usage");
	buf b = { 0 };
	OK(ledger_explain(st, rn, &b, &err));
	assert_non_null(strstr(buf_str(&b), "usage"));
	assert_non_null(strstr(buf_str(&b), "not the maker's responsibility"));
	buf_free(&b);
	/* the fault categories outside the maker's responsibility */
	assert_int_equal(ledger_fault_maker(st, "usage"), 0);
	assert_int_equal(ledger_fault_maker(st, "human"), 0);
	assert_int_equal(ledger_fault_maker(st, "mech"), 1);
	assert_int_equal(ledger_fault_maker(st, "漏油"), -1);
	free(rn);
}

static void
test_listed_equipment_and_end(void **state)
{
	struct fixture *f = *state;
	store *st = f->st;
	sd_err err;

	/* Contract on NEW only, covering parts. */
	long long k = add(st, "江苏驰耐特", "2026-01-01", "2027-12-31", "NEW", "parts", 0);
	char *old = entry(st, "江苏驰耐特", "OLD");
	char *nw = entry(st, "江苏驰耐特", "NEW");

	/* OLD is not listed: tier 3 charges its parts. */
	assert_int_equal(charge(st, old, COST_PARTS, 500, "2026-11-24").billed_fen, 50000);
	/* NEW after its warranty (2027-06-01) is in tier 1 (parts charged), but covered. */
	sd_ledger_charge l = charge(st, nw, COST_PARTS, 500, "2027-07-01");
	assert_int_equal(l.tier, TIER_1);
	assert_int_equal(l.billed_fen, 0);
	assert_int_equal(l.contract_id, k);
	/* Ended on 2027-06-30: 2027-06-30 is covered, 2027-07-01 no longer. */
	OK(contract_end(st, k, "2027-06-30", "客户不再续约", &err));
	assert_int_equal(charge(st, nw, COST_PARTS, 500, "2027-06-30").billed_fen, 0);
	assert_int_equal(charge(st, nw, COST_PARTS, 500, "2027-07-01").billed_fen, 50000);
	/* Lines recorded before keep what was decided: of the three NEW lines only the one after the end is billed. */
	int64_t cost_fen, billed_fen, received_fen;
	OK(ledger_totals(st, nw, &cost_fen, &billed_fen, &received_fen, &err));
	assert_int_equal(cost_fen, 150000);   /* three lines of 500 */
	assert_int_equal(billed_fen, 50000);
	free(old);
	free(nw);
}

static void
test_free_repairs_count_down(void **state)
{
	struct fixture *f = *state;
	store *st = f->st;
	sd_contract k;
	sd_err err;
	sd_ledger_charge l;

	/* Two free repairs after the warranty, nothing covered (seed 004). */
	long long id = add(st, "江苏驰耐特", "2026-01-01", "2026-12-31", "OLD", "", 2);
	char *r1 = entry(st, "江苏驰耐特", "OLD");
	char *r2 = entry(st, "江苏驰耐特", "OLD");
	char *r3 = entry(st, "江苏驰耐特", "OLD");

	/* Repair 1: labour 800 free (1 of 2); travel on the same entry free too, no second repair. */
	l = charge(st, r1, COST_LABOUR, 800, "2026-11-24");
	assert_int_equal(l.billed_fen, 0);
	assert_true(l.free_repair);
	assert_int_equal(l.contract_id, id);
	l = charge(st, r1, COST_TRAVEL, 300, "2026-11-24");
	assert_int_equal(l.billed_fen, 0);
	assert_true(l.free_repair);
	/* Parts are never part of a free repair: 500 billed. */
	l = charge(st, r1, COST_PARTS, 500, "2026-11-24");
	assert_int_equal(l.billed_fen, 50000);
	assert_false(l.free_repair);
	OK(contract_get(st, id, &k, &err));
	assert_int_equal(k.repairs_used, 1);
	contract_free(&k);

	/* A parts-only line on repair 2 does not take a free repair. */
	assert_int_equal(charge(st, r2, COST_PARTS, 100, "2026-11-24").billed_fen, 10000);
	OK(contract_get(st, id, &k, &err));
	assert_int_equal(k.repairs_used, 1);
	contract_free(&k);
	/* Its labour does: 2 of 2. */
	assert_int_equal(charge(st, r2, COST_LABOUR, 600, "2026-11-24").billed_fen, 0);
	OK(contract_get(st, id, &k, &err));
	assert_int_equal(k.repairs_used, 2);
	contract_free(&k);

	/* Repair 3: none left, tier 3 charges labour 700. */
	l = charge(st, r3, COST_LABOUR, 700, "2026-11-24");
	assert_int_equal(l.billed_fen, 70000);
	assert_false(l.free_repair);
	assert_int_equal(l.contract_id, 0);
	/* Repair 1 still has its free repair for a later line. */
	assert_int_equal(charge(st, r1, COST_LODGING, 200, "2026-11-25").billed_fen, 0);
	OK(contract_get(st, id, &k, &err));
	assert_int_equal(k.repairs_used, 2);
	contract_free(&k);
	free(r1);
	free(r2);
	free(r3);
}

static void
test_free_repair_not_in_warranty(void **state)
{
	struct fixture *f = *state;
	store *st = f->st;
	sd_contract k;
	sd_err err;

	/* NEW is in warranty until 2027-06-01: its repair is free by the warranty and takes none. */
	long long id = add(st, "江苏驰耐特", "2026-01-01", "2027-12-31", "NEW", "", 1);
	char *r1 = entry(st, "江苏驰耐特", "NEW");
	sd_ledger_charge l = charge(st, r1, COST_LABOUR, 800, "2026-11-24");
	assert_int_equal(l.tier, TIER_WARRANTY);
	assert_int_equal(l.billed_fen, 0);
	assert_int_equal(l.contract_id, 0);
	OK(contract_get(st, id, &k, &err));
	assert_int_equal(k.repairs_used, 0);
	contract_free(&k);
	/* In tier 1 (after 2027-06-01) labour is free by the tier too: still none taken. */
	assert_int_equal(charge(st, r1, COST_LABOUR, 800, "2027-07-01").billed_fen, 0);
	OK(contract_get(st, id, &k, &err));
	assert_int_equal(k.repairs_used, 0);
	contract_free(&k);
	free(r1);
}

static void
test_changes_refused(void **state)
{
	struct fixture *f = *state;
	store *st = f->st;
	sd_contract k;
	sd_err err;
	long long id = add(st, "江苏驰耐特", "2026-01-01", "2026-12-31", NULL, "labour", 0);

	/* An engineer may not end, renew or add. */
	store *eng;
	OK(store_open(f->path, STORE_OPEN_EXISTING, "eng", &eng, &err));
	assert_int_equal(contract_end(eng, id, "2026-06-30", NULL, &err), SD_NOPERM);
	assert_int_equal(contract_renew(eng, id, "2027-12-31", &err), SD_NOPERM);
	memset(&k, 0, sizeof k);
	k.customer = "江苏驰耐特";
	snprintf(k.from_on, sizeof k.from_on, "2026-01-01");
	snprintf(k.to_on, sizeof k.to_on, "2026-12-31");
	assert_int_equal(contract_add(eng, &k, NULL, &err), SD_NOPERM);
	store_close(eng);
	/* Refusals name the field. */
	assert_int_equal(contract_end(st, id, "2027-01-01", NULL, &err), SD_DATAERR);
	assert_non_null(strstr(err.msg, "end date"));
	assert_int_equal(contract_renew(st, id, "2026-12-31", &err), SD_DATAERR);
	assert_non_null(strstr(err.msg, "to"));
	char *serials[] = { "OTHER" };
	k.serials = serials;
	k.nserials = 1;
	assert_int_equal(contract_add(st, &k, NULL, &err), SD_DATAERR);
	assert_non_null(strstr(err.msg, "equipment"));
	/* Nothing half-written: still one contract, no equipment rows. */
	int n = 0;
	OK(contract_each(st, NULL, SD_DATE_NONE, count_one, &n, &err));
	assert_int_equal(n, 1);
	/* Renew, then end; a renewed contract covers the new days. */
	OK(contract_renew(st, id, "2027-06-30", &err));
	OK(contract_get(st, id, &k, &err));
	assert_string_equal(k.to_on, "2027-06-30");
	assert_true(contract_runs_on(&k, date_of("2027-06-30")));
	assert_false(contract_runs_on(&k, date_of("2027-07-01")));
	contract_free(&k);
	OK(contract_end(st, id, "2027-03-31", NULL, &err));
	assert_int_equal(contract_end(st, id, "2027-03-30", NULL, &err), SD_DATAERR);
	assert_int_equal(contract_renew(st, id, "2028-01-01", &err), SD_DATAERR);
}

static long long
q1(store *st, const char *sql)
{
	sqlite3_stmt *q = store_prepare(st, sql, NULL);
	long long v = -1;

	assert_non_null(q);
	if (sqlite3_step(q) == SQLITE_ROW)
		v = sqlite3_column_int64(q, 0);
	sqlite3_reset(q);
	return v;
}

static char *
q1s(store *st, const char *sql)
{
	sqlite3_stmt *q = store_prepare(st, sql, NULL);
	char *v = NULL;

	assert_non_null(q);
	if (sqlite3_step(q) == SQLITE_ROW)
		v = store_col_dup(q, 0);
	sqlite3_reset(q);
	return v ? v : xstrdup("");
}

static void
test_visits_only_under_cover(void **state)
{
	struct fixture *f = *state;
	store *st = f->st;
	sd_visit_plan_result res;
	sd_err err;
	char *s;

	/*
	 * Today 2026-11-24. NEW (equipment 2), commissioned 2026-06-01, is in
	 * warranty to 2027-06-01: the maintenance rule's visits (weekly to
	 * 2026-12-01, then every 3 months from it: 2027-03-01, 2027-06-01,
	 * 2027-09-01...) stop at the warranty end: the last is 2027-06-01.
	 * OLD (equipment 1), out of warranty since 2023, gets none.
	 */
	OK(visit_plan(st, "2027-12-31", &res, &err));
	s = q1s(st, "SELECT max(due_on) FROM visit WHERE kind = 'maintenance' AND equipment_id = 2");
	assert_string_equal(s, "2027-06-01");
	free(s);
	assert_int_equal(q1(st, "SELECT count(*) FROM visit WHERE kind = 'maintenance' AND equipment_id = 1"), 0);

	/* A contract on OLD with quarterly visits from 2026-12-01 to 2027-11-30: 12-01, 03-01, 06-01, 09-01. */
	long long k = add_v(st, "江苏驰耐特", "2026-12-01", "2027-11-30", "OLD", "", 0, CV_QUARTERLY);
	OK(visit_plan(st, "2027-12-31", &res, &err));
	s = q1s(st, "SELECT group_concat(due_on, ' ') FROM (SELECT due_on FROM visit WHERE kind = 'maintenance' "
	            "AND equipment_id = 1 AND status = 'planned' ORDER BY due_on)");
	assert_string_equal(s, "2026-12-01 2027-03-01 2027-06-01 2027-09-01");
	free(s);
	assert_int_equal(q1(st, "SELECT count(*) FROM visit WHERE equipment_id = 1 AND rule_code = 'contract'"), 4);

	/* Ended on 2027-04-30: the visits after it are removed when planning again. */
	OK(contract_end(st, k, "2027-04-30", "客户不再续约", &err));
	OK(visit_plan(st, "2027-12-31", &res, &err));
	assert_int_equal(res.removed, 2);
	s = q1s(st, "SELECT group_concat(due_on, ' ') FROM (SELECT due_on FROM visit WHERE kind = 'maintenance' "
	            "AND equipment_id = 1 AND status = 'planned' ORDER BY due_on)");
	assert_string_equal(s, "2026-12-01 2027-03-01");
	free(s);
	/* Planning again changes nothing. */
	OK(visit_plan(st, "2027-12-31", &res, &err));
	assert_int_equal(res.created, 0);
	assert_int_equal(res.removed, 0);
}

/* ---------------------------------------------------------------- service levels */

/* A ledger entry of priority prio for serial (NULL: none) received at at: its register number. */
static char *
entry_at(store *st, const char *customer, const char *serial, int prio, const char *at)
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
	r.priority = prio;
	intake_request_add_item(&r, "压力上不去");
	if (intake_add(st, &r, false, &err) != SD_OK)
		fail_msg("intake_add: %s", err.msg);
	regno = xstrdup(r.regno);
	intake_request_free(&r);
	OK(ledger_take(st, regno, "boss", &err));
	return regno;
}

/* The stored due time of clock c of regno, "" if none. */
static void
stored_due(store *st, const char *regno, int c, char out[17])
{
	sd_ledger l;
	sd_err err;

	OK(ledger_get(st, regno, &l, &err));
	out[0] = '\0';
	if (l.due[c] != SD_NO_TIME)
		time_format(l.due[c], out);
	ledger_free(&l);
}

/* The due time of clock c of regno as computed now, and the explanation into ex (may be NULL). */
static void
computed_due(store *st, const char *regno, int c, char out[17], buf *ex)
{
	sd_ledger l;
	sd_err err;
	int state[CLOCK_COUNT];
	sd_time due[CLOCK_COUNT];

	OK(ledger_get(st, regno, &l, &err));
	OK(ledger_clocks(st, &l, 0, state, due, ex, &err));
	out[0] = '\0';
	if (due[c] != SD_NO_TIME)
		time_format(due[c], out);
	ledger_free(&l);
}

static long long
add_levels(store *st, const char *customer, const char *from, const char *to, const char *serial,
           const char *spec1, const char *spec2)
{
	sd_contract k;
	sd_err err;
	long long id = 0;
	char *serials[1] = { (char *)serial };

	memset(&k, 0, sizeof k);
	k.customer = (char *)customer;
	snprintf(k.from_on, sizeof k.from_on, "%s", from);
	snprintf(k.to_on, sizeof k.to_on, "%s", to);
	k.serials = serial ? serials : NULL;
	k.nserials = serial ? 1 : 0;
	if (spec1)
		OK(contract_levels_parse(spec1, &k.levels, &err));
	if (spec2)
		OK(contract_levels_parse(spec2, &k.levels, &err));
	OK(contract_add(st, &k, &id, &err));
	return id;
}

static void
test_levels_parse(void **state)
{
	sd_contract_levels lv;
	sd_err err;
	buf b = { 0 };

	(void)state;
	memset(&lv, 0, sizeof lv);
	OK(contract_levels_parse("P1=onsite:4h, clear:1wd", &lv, &err));
	OK(contract_levels_parse(" p2 = reply:60m,escalate:off ", &lv, &err));
	assert_true(lv.set[0][CLOCK_ONSITE] && lv.set[0][CLOCK_CLEAR] && !lv.set[0][CLOCK_REPLY]);
	assert_int_equal(lv.d[0][CLOCK_ONSITE].count, SLA_ELAPSED);
	assert_int_equal(lv.d[0][CLOCK_ONSITE].amount, 240);
	assert_int_equal(lv.d[0][CLOCK_CLEAR].count, SLA_WORKDAYS);
	assert_int_equal(lv.d[0][CLOCK_CLEAR].amount, 1);
	/* off is a level of its own: the contract names the clock and makes no commitment */
	assert_true(lv.set[1][CLOCK_ESCALATE]);
	assert_int_equal(lv.d[1][CLOCK_ESCALATE].count, SLA_OFF);
	assert_false(contract_levels_any(&lv, 3));
	contract_levels_text(&b, &lv);
	assert_string_equal(buf_str(&b), "P1=onsite:4h,clear:1wd P2=reply:1h,escalate:off");
	buf_free(&b);
	/* a priority given again is replaced as a whole */
	OK(contract_levels_parse("P1=reply:30m", &lv, &err));
	assert_false(lv.set[0][CLOCK_ONSITE]);
	assert_true(lv.set[0][CLOCK_REPLY]);

	assert_int_equal(contract_levels_parse("P5=onsite:4h", &lv, &err), SD_DATAERR);
	assert_non_null(strstr(err.msg, "'P5'"));
	assert_int_equal(contract_levels_parse("P1=bogus:4h", &lv, &err), SD_DATAERR);
	assert_non_null(strstr(err.msg, "unknown clock 'bogus'"));
	assert_int_equal(contract_levels_parse("P1=onsite:4x", &lv, &err), SD_DATAERR);
	assert_non_null(strstr(err.msg, "invalid duration '4x'"));
	assert_int_equal(contract_levels_parse("P1=onsite", &lv, &err), SD_DATAERR);
	assert_int_equal(contract_levels_parse("onsite:4h", &lv, &err), SD_DATAERR);
	assert_int_equal(contract_levels_parse("P1=", &lv, &err), SD_DATAERR);
	assert_null(strchr(err.msg, '\n'));
}

/*
 * P1 received on Saturday 2025-10-04 10:00, in the National Day holiday
 * (2025-10-01..08; Saturday 10-11 a working day). The contract's on site
 * within 4 h counts elapsed time: due 10-04 14:00 (the policy's 24 h would
 * give 10-05 10:00). The clock it leaves alone, cleared within 2 working
 * days by the policy: the working days after 10-04 are Thursday 10-09 and
 * Friday 10-10, so due 10-10 10:00.
 */
static void
test_levels_national_day(void **state)
{
	struct fixture *f = *state;
	char *r, due[17];
	buf ex = { 0 };

	add_levels(f->st, "江苏驰耐特", "2025-01-01", "2025-12-31", "OLD", "P1=onsite:4h", NULL);
	r = entry_at(f->st, "江苏驰耐特", "OLD", 1, "2025-10-04 10:00");
	stored_due(f->st, r, CLOCK_ONSITE, due);
	assert_string_equal(due, "2025-10-04 14:00");
	stored_due(f->st, r, CLOCK_CLEAR, due);
	assert_string_equal(due, "2025-10-10 10:00");
	/* the policy's reply within 30 min round the clock stays */
	stored_due(f->st, r, CLOCK_REPLY, due);
	assert_string_equal(due, "2025-10-04 10:30");
	computed_due(f->st, r, CLOCK_ONSITE, due, &ex);
	assert_string_equal(due, "2025-10-04 14:00");
	assert_non_null(strstr(buf_str(&ex), "(contract #1, P1)"));
	assert_non_null(strstr(buf_str(&ex), "service contract 1 in force"));
	buf_free(&ex);
	/* another priority: the contract names none of its clocks, the policy's 24 h holds */
	char *r3 = entry_at(f->st, "江苏驰耐特", "OLD", 2, "2025-10-04 10:00");
	stored_due(f->st, r3, CLOCK_ONSITE, due);
	assert_string_equal(due, "2025-10-05 10:00");
	/* other equipment the contract does not list: the policy */
	char *r2 = entry_at(f->st, "江苏驰耐特", "NEW", 1, "2025-10-04 10:00");
	stored_due(f->st, r2, CLOCK_ONSITE, due);
	assert_string_equal(due, "2025-10-05 10:00");
	free(r);
	free(r2);
	free(r3);
}

/*
 * A contract that ended before the receipt does not apply; ending it
 * recomputes the open entries' stored due times in the same change, and a
 * stopped clock keeps its due.
 */
static void
test_levels_ended_before(void **state)
{
	struct fixture *f = *state;
	char *r, *r2, due[17];
	sd_err err;
	long long id;

	id = add_levels(f->st, "江苏驰耐特", "2025-01-01", "2025-12-31", NULL, "P1=onsite:4h,reply:2h", NULL);
	r = entry_at(f->st, "江苏驰耐特", "OLD", 1, "2025-10-04 10:00");
	r2 = entry_at(f->st, "江苏驰耐特", "OLD", 1, "2025-10-04 11:00");
	stored_due(f->st, r, CLOCK_ONSITE, due);
	assert_string_equal(due, "2025-10-04 14:00");
	/* r2's first reply made at 12:30, within the contract's 2 h (due 13:00): that clock stopped */
	OK(ledger_assign(f->st, r2, "eng", -1, &err));
	OK(ledger_contact(f->st, r2, "2025-10-04 12:30", -1, &err));
	stored_due(f->st, r2, CLOCK_REPLY, due);
	assert_string_equal(due, "2025-10-04 13:00");
	OK(contract_end(f->st, id, "2025-10-03", "改签", &err));
	stored_due(f->st, r, CLOCK_ONSITE, due);
	assert_string_equal(due, "2025-10-05 10:00");
	stored_due(f->st, r, CLOCK_REPLY, due);
	assert_string_equal(due, "2025-10-04 10:30");
	/* r2's running on-site clock follows the policy again; its stopped reply keeps 13:00 */
	stored_due(f->st, r2, CLOCK_ONSITE, due);
	assert_string_equal(due, "2025-10-05 11:00");
	stored_due(f->st, r2, CLOCK_REPLY, due);
	assert_string_equal(due, "2025-10-04 13:00");
	free(r);
	free(r2);
}

/* A renewal carries the levels; levels given with a renewal replace them. */
static void
test_levels_renewal(void **state)
{
	struct fixture *f = *state;
	sd_contract k, lv_holder;
	char *r, due[17];
	sd_err err;
	long long id;

	id = add_levels(f->st, "江苏驰耐特", "2025-01-01", "2025-09-30", "OLD", "P1=onsite:4h", NULL);
	r = entry_at(f->st, "江苏驰耐特", "OLD", 1, "2025-10-04 10:00");
	/* received after the last day: the policy's 24 h */
	stored_due(f->st, r, CLOCK_ONSITE, due);
	assert_string_equal(due, "2025-10-05 10:00");
	OK(contract_renew(f->st, id, "2025-12-31", &err));
	OK(contract_get(f->st, id, &k, &err));
	assert_true(k.levels.set[0][CLOCK_ONSITE]);
	assert_int_equal(k.levels.d[0][CLOCK_ONSITE].amount, 240);
	contract_free(&k);
	stored_due(f->st, r, CLOCK_ONSITE, due);
	assert_string_equal(due, "2025-10-04 14:00");
	/* renewed again with new levels: 2 h now */
	memset(&lv_holder, 0, sizeof lv_holder);
	OK(contract_levels_parse("P1=onsite:2h", &lv_holder.levels, &err));
	OK(contract_renew_levels(f->st, id, "2026-03-31", &lv_holder.levels, &err));
	stored_due(f->st, r, CLOCK_ONSITE, due);
	assert_string_equal(due, "2025-10-04 12:00");
	/* the audit keeps the levels before and after */
	sqlite3_stmt *q;
	assert_int_equal(sqlite3_prepare_v2(store_db(f->st),
		"SELECT old, new FROM audit WHERE tbl = 'contract' AND action = 'renew' ORDER BY id DESC LIMIT 1",
		-1, &q, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	assert_non_null(strstr((const char *)sqlite3_column_text(q, 0), "P1=onsite:4h"));
	assert_non_null(strstr((const char *)sqlite3_column_text(q, 1), "P1=onsite:2h"));
	sqlite3_finalize(q);
	free(r);
}

/*
 * A request naming no equipment: the customer's contract covering all its
 * equipment applies, one listing equipment does not. Of two that apply, the
 * one with the latest first day.
 */
static void
test_levels_no_equipment(void **state)
{
	struct fixture *f = *state;
	char *r, due[17];

	add_levels(f->st, "江苏驰耐特", "2025-01-01", "2025-12-31", "OLD", "P2=onsite:1h", NULL);
	r = entry_at(f->st, "江苏驰耐特", NULL, 2, "2025-10-04 10:00");
	stored_due(f->st, r, CLOCK_ONSITE, due);
	assert_string_equal(due, "2025-10-05 10:00");
	add_levels(f->st, "江苏驰耐特", "2025-01-01", "2025-12-31", NULL, "P2=onsite:6h", NULL);
	stored_due(f->st, r, CLOCK_ONSITE, due);
	assert_string_equal(due, "2025-10-04 16:00");
	add_levels(f->st, "江苏驰耐特", "2025-06-01", "2025-12-31", NULL, "P2=onsite:5h", NULL);
	stored_due(f->st, r, CLOCK_ONSITE, due);
	assert_string_equal(due, "2025-10-04 15:00");
	free(r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_cover_before_tiers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cause_decides, setup, teardown),
		cmocka_unit_test_setup_teardown(test_listed_equipment_and_end, setup, teardown),
		cmocka_unit_test_setup_teardown(test_free_repairs_count_down, setup, teardown),
		cmocka_unit_test_setup_teardown(test_free_repair_not_in_warranty, setup, teardown),
		cmocka_unit_test_setup_teardown(test_changes_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_visits_only_under_cover, setup, teardown),
		cmocka_unit_test(test_levels_parse),
		cmocka_unit_test_setup_teardown(test_levels_national_day, setup, teardown),
		cmocka_unit_test_setup_teardown(test_levels_ended_before, setup, teardown),
		cmocka_unit_test_setup_teardown(test_levels_renewal, setup, teardown),
		cmocka_unit_test_setup_teardown(test_levels_no_equipment, setup, teardown),
	};
	int rc;

	if (!mkdtemp(dir))
		return 1;
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	for (int i = 1; i <= dbcount; i++) {
		char p[128];
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
