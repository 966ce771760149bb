/*
 * test_permit.c — the core owns the rules: every core function that changes
 * data checks the acting person's permission itself, whoever calls it. Each
 * one is called as someone not on the staff list and as an operator (where an
 * operator may not), and must be refused with SD_NOPERM leaving no audit row
 * and no change; then as a role that may, and must succeed.
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

#include "admin.h"
#include "buf.h"
#include "complaint.h"
#include "contract.h"
#include "customer.h"
#include "demo.h"
#include "intake.h"
#include "intake_csv.h"
#include "ledger.h"
#include "report.h"
#include "setting.h"
#include "staff.h"
#include "stock.h"
#include "stocktake.h"
#include "store.h"
#include "visit.h"

static char dir[] = "/tmp/servdesk-permit-XXXXXX";

enum who { W_STRANGER, W_OPERATOR, W_KEEPER, W_ENGINEER, W_BOSS, W_COUNT };
static const char *const logins[W_COUNT] = { "stranger", "wangli", "zhougang", "zhangwei", "liuyang" };

/* What the calls work on: prepared by the supervisor, filled in as the walk goes. */
struct ctx {
	char *path;
	store *st[W_COUNT];
	char regno[24];        /* a request taken into the ledger */
	char regno2[24];       /* another, to be declared unresolvable */
	char regno3[24];       /* another, to be voided */
	long long complaint;
	long long stocktake;
	long long visit;
	long long visit2;
	long long visit3;
	long long contract;
	char csv_customers[256], csv_equipment[256], csv_requests[256], csv_parts[256],
	     csv_counts[256], backup[256];
};

static struct ctx X;

#define OK(call) do { int rc_ = (call); if (rc_ != SD_OK) fail_msg("%s: %d", #call, rc_); } while (0)

static long long
scalar(const char *sql)
{
	sqlite3_stmt *q;
	long long v = -1;

	assert_int_equal(sqlite3_prepare_v2(store_db(X.st[W_BOSS]), sql, -1, &q, NULL), SQLITE_OK);
	if (sqlite3_step(q) == SQLITE_ROW)
		v = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	return v;
}

static void
write_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	assert_non_null(fp);
	assert_int_equal(fputs(text, fp) >= 0, 1);
	assert_int_equal(fclose(fp), 0);
}

/* ---------------------------------------------------------------- the calls */

typedef int (*call_fn)(store *st, sd_err *err);

static int
c_staff_put(store *st, sd_err *err)
{
	sd_staff s = { .login = "laozhao", .name = "赵师傅", .role = ROLE_ENGINEER, .active = true };
	return staff_put(st, &s, err);
}

static int
c_staff_edit(store *st, sd_err *err)
{
	sd_staff before = { .login = "laozhao", .name = "赵师傅", .role = ROLE_ENGINEER, .active = true };
	sd_staff after = before;
	after.phone = "13912345678";
	return staff_edit(st, &before, &after, err);
}

static int
c_customer_put(store *st, sd_err *err)
{
	sd_customer c = { .name = "苏州电气集团有限公司", .region = "市区", .phone = "0512-65230000" };
	return customer_put(st, &c, err);
}

static int
c_equipment_put(store *st, sd_err *err)
{
	sd_equipment e = { .customer = "苏州电气集团有限公司", .serial = "SZ-2026-0001", .model = "变压器" };
	snprintf(e.commissioned_on, sizeof e.commissioned_on, "%s", "2026-03-01");
	return equipment_put(st, &e, err);
}

static int
c_contract_add(store *st, sd_err *err)
{
	sd_contract k;

	memset(&k, 0, sizeof k);
	k.customer = "苏州电气集团有限公司";
	snprintf(k.from_on, sizeof k.from_on, "%s", "2026-01-01");
	snprintf(k.to_on, sizeof k.to_on, "%s", "2026-12-31");
	if (contract_levels_parse("P2=onsite:4h", &k.levels, err) != SD_OK)
		return SD_INTERNAL;
	return contract_add(st, &k, &X.contract, err);
}
static int
c_contract_renew_levels(store *st, sd_err *err)
{
	sd_contract_levels lv;

	memset(&lv, 0, sizeof lv);
	if (contract_levels_parse("P2=onsite:2h,clear:1wd", &lv, err) != SD_OK)
		return SD_INTERNAL;
	return contract_renew_levels(st, X.contract, "2027-06-30", &lv, err);
}
static int c_contract_end(store *st, sd_err *err) { return contract_end(st, X.contract, "2027-03-31", "改签", err); }

static int
c_downtime(store *st, sd_err *err)
{
	return equipment_add_downtime(st, "SZ-2026-0001", "2026-05-01", "2026-05-03", "等待备件", err);
}

static int
c_customer_import(store *st, sd_err *err)
{
	return customer_import(st, X.csv_customers, ENC_UTF8, NULL, err);
}

static int
c_equipment_import(store *st, sd_err *err)
{
	return equipment_import(st, X.csv_equipment, ENC_UTF8, NULL, err);
}

static int
new_request(store *st, char *regno, sd_err *err)
{
	sd_request r;
	int rc;

	intake_request_init(&r);
	snprintf(r.received_at, sizeof r.received_at, "%s", "2026-11-24 09:00");
	r.channel = CH_PHONE;
	r.customer = xstrdup("苏州电气集团有限公司");
	r.requester = xstrdup("吴振华");
	r.phone = xstrdup("0512-58639752");
	r.priority = 2;
	intake_request_add_item(&r, "变压器温升过高");
	rc = intake_add(st, &r, false, err);
	if (rc == SD_OK && regno)
		snprintf(regno, 24, "%s", r.regno);
	intake_request_free(&r);
	return rc;
}

static int
c_intake_add(store *st, sd_err *err)
{
	return new_request(st, X.regno, err);
}

static int
c_intake_update(store *st, sd_err *err)
{
	sd_request r;
	int rc;

	if (intake_get(X.st[W_BOSS], X.regno, &r, err) != SD_OK)
		return SD_INTERNAL;
	free(r.requester);
	r.requester = xstrdup("沈建国");
	rc = intake_update(st, &r, NULL, err);
	intake_request_free(&r);
	return rc;
}

static int
c_intake_hand(store *st, sd_err *err)
{
	return intake_hand(st, X.regno, "zhangwei", NULL, -1, err);
}

static int
c_intake_void(store *st, sd_err *err)
{
	return intake_void(st, X.regno3, "登记重复", -1, err);
}

static int
c_intake_import(store *st, sd_err *err)
{
	return intake_import(st, X.csv_requests, ENC_UTF8, NULL, err);
}

static int c_take(store *st, sd_err *err) { return ledger_take(st, X.regno, NULL, err); }
static int c_assign(store *st, sd_err *err) { return ledger_assign(st, X.regno, "zhangwei", -1, err); }
static int c_contact(store *st, sd_err *err) { return ledger_contact(st, X.regno, "2026-11-24 09:40", -1, err); }
static int
c_propose(store *st, sd_err *err)
{
	return ledger_propose(st, X.regno, MODE_ONSITE, "更换散热风机。", NULL, "2026-11-24 09:50", -1, err);
}
static int c_pause(store *st, sd_err *err) { return ledger_pause(st, X.regno, "等待备件", "2026-11-24 10:00", -1, err); }
static int c_resume(store *st, sd_err *err) { return ledger_resume(st, X.regno, "2026-11-24 10:30", -1, err); }
static int c_plan_visit(store *st, sd_err *err) { return ledger_plan_visit(st, X.regno, "2026-11-24 10:40", -1, err); }
static int c_arrive(store *st, sd_err *err) { return ledger_arrive(st, X.regno, "2026-11-24 10:45", -1, err); }
static int
c_charge(store *st, sd_err *err)
{
	return ledger_charge(st, X.regno, COST_TRAVEL, 15000, "", "出差往返", err);
}
static int c_payment(store *st, sd_err *err) { return ledger_payment(st, X.regno, 15000, "No.00012345", err); }
static int
c_issue_parts(store *st, sd_err *err)
{
	return ledger_charge_issue(st, X.regno, 2000, "FAN-120 x 1", 0, err);
}
static int
c_credit_return(store *st, sd_err *err)
{
	return ledger_credit_return(st, X.regno, 0, 2000, "FAN-120 x 1", 0, err);
}
static int
c_diagnose(store *st, sd_err *err)
{
	return ledger_diagnose(st, X.regno, "散热风机轴承磨损。", "2026-11-24 09:45", -1, err);
}
static int
c_escalate(store *st, sd_err *err)
{
	return ledger_escalate(st, X.regno2, "liuyang", "专家组会诊", "2026-11-24 09:55", -1, err);
}
static int
c_office_hours(store *st, sd_err *err)
{
	sla_hours h = { 8 * 60 + 30, 17 * 60 + 30 };
	return ledger_office_hours_set(st, &h, err);
}
static int c_item(store *st, sd_err *err) { return ledger_item_settle(st, X.regno, 1, ITEM_DONE, "更换散热风机。", -1, err); }
static int c_clear(store *st, sd_err *err) { return ledger_clear(st, X.regno, "2026-11-24 11:00", -1, err); }
static int
c_confirm(store *st, sd_err *err)
{
	return ledger_confirm(st, X.regno, "沈建国", HOW_CARD, "2026-11-24 11:10", -1, err);
}
static int c_card(store *st, sd_err *err) { return ledger_card(st, X.regno, "沈建国", "2026-11-24 11:10", "满意", 5, -1, err); }
static int c_close(store *st, sd_err *err) { return ledger_close(st, X.regno, -1, err); }
static int
c_unresolvable(store *st, sd_err *err)
{
	return ledger_unresolvable(st, X.regno2, "现场无法复现,已向用户解释。", -1, err);
}
static int
c_policy_set(store *st, sd_err *err)
{
	sla_policy p = { 0 };
	if (!sla_dur_parse("2h", &p.d[CLOCK_RESPOND]) || !sla_dur_parse("48h", &p.d[CLOCK_ONSITE]) ||
	    !sla_dur_parse("3wd", &p.d[CLOCK_CLEAR]))
		return sd_err_set(err, SD_INTERNAL, "bad duration");
	return ledger_policy_set(st, 1, "外地", &p, err);
}
static int c_recompute(store *st, sd_err *err) { return ledger_recompute(st, NULL, err); }

static int
c_complaint_add(store *st, sd_err *err)
{
	sd_complaint c = { .regno = X.regno, .customer = "苏州电气集团有限公司", .cls = CC_QUALITY,
	                   .quantity = 10, .defective = 2, .description = "风机批次异响" };
	int rc = complaint_add(st, &c, err);

	if (rc == SD_OK)
		X.complaint = c.id;
	return rc;
}
static int
c_complaint_close(store *st, sd_err *err)
{
	return complaint_close(st, X.complaint, "更换整批风机,已向用户说明。", err);
}

static int
c_part_put(store *st, sd_err *err)
{
	sd_part p = { .part_no = "FAN-120", .name = "散热风机", .unit = "个", .reorder_point = 1,
	              .reorder_qty = 5, .active = true };
	return stock_part_put(st, &p, err);
}
static int c_receive(store *st, sd_err *err) { return stock_receive(st, "FAN-120", 10, 2000, "入库", NULL, err); }
static int c_issue(store *st, sd_err *err) { return stock_issue(st, "FAN-120", 2, X.regno, "更换", NULL, NULL, err); }
static int c_return(store *st, sd_err *err) { return stock_return_from(st, "FAN-120", 1, X.regno, "多领", NULL, err); }
static int c_adjust(store *st, sd_err *err) { return stock_adjust(st, "FAN-120", -1, "破损", NULL, err); }
static int c_order(store *st, sd_err *err) { return stock_order(st, "FAN-120", 5, err); }
static int
c_parts_import(store *st, sd_err *err)
{
	return stock_import_parts(st, X.csv_parts, ENC_UTF8, NULL, err);
}

static int c_st_start(store *st, sd_err *err) { return stocktake_start(st, false, &X.stocktake, err); }
static int c_st_count(store *st, sd_err *err) { return stocktake_count(st, X.stocktake, "FAN-120", 7, err); }
static int
c_st_import(store *st, sd_err *err)
{
	return stocktake_import_counts(st, X.stocktake, X.csv_counts, ENC_UTF8, NULL, err);
}
static int c_st_post(store *st, sd_err *err) { return stocktake_post(st, X.stocktake, err); }

static int
c_rule_set(store *st, sd_err *err)
{
	static const char *const names[] = { "months" };
	static const long values[] = { 2 };
	return visit_rule_set(st, "phone_followup", -1, names, values, 1, err);
}
static int c_plan(store *st, sd_err *err) { return visit_plan(st, "2026-12-31", NULL, err); }
static int
add_visit(store *st, long long *id, sd_err *err)
{
	sd_visit v = { .customer = "苏州电气集团有限公司", .kind = VK_MANUAL, .method = VM_ONSITE };
	snprintf(v.due_on, sizeof v.due_on, "%s", "2026-12-10");
	return visit_add(st, &v, id, err);
}
static int
c_visit_add(store *st, sd_err *err)
{
	int rc = add_visit(st, &X.visit, err);

	if (rc == SD_OK)
		rc = add_visit(st, &X.visit2, err);
	if (rc == SD_OK)
		rc = add_visit(st, &X.visit3, err);
	return rc;
}
static int c_visit_move(store *st, sd_err *err) { return visit_move(st, X.visit, -1, "2026-12-11", err); }
static int c_visit_assign(store *st, sd_err *err) { return visit_assign(st, X.visit, -1, "zhangwei", err); }
static int c_visit_miss(store *st, sd_err *err) { return visit_miss(st, X.visit, -1, "用户不在", err); }
static int
c_visit_done(store *st, sd_err *err)
{
	return visit_done(st, X.visit, -1, 5, VM_ONSITE, "运行正常", "满意", err);
}
static int
c_visit_request(store *st, sd_err *err)
{
	sd_request r;
	int rc;

	intake_request_init(&r);
	r.requester = xstrdup("吴振华");
	r.phone = xstrdup("0512-58639752");
	intake_request_add_item(&r, "回访发现异响");
	rc = visit_request(st, X.visit2, -1, &r, err);
	intake_request_free(&r);
	return rc;
}
static int c_visit_cancel(store *st, sd_err *err) { return visit_cancel(st, X.visit3, -1, "用户停产", err); }

static int
c_report_monthly(store *st, sd_err *err)
{
	sd_monthly m;
	int rc = report_monthly(st, "2026-11", &m, err);

	if (rc == SD_OK)
		report_monthly_free(&m);
	return rc;
}
static int
c_report_year(store *st, sd_err *err)
{
	sd_customer_year y;
	int rc = report_customer_year(st, "苏州电气集团有限公司", 2026, &y, err);

	if (rc == SD_OK)
		report_customer_free(&y);
	return rc;
}

static int c_restore(store *st, sd_err *err) { return admin_restore(st, X.backup, err); }

static int c_setting_set(store *st, sd_err *err) { return setting_set(st, "sla_warn_minutes", "90", err); }
static int c_setting_unset(store *st, sd_err *err) { return setting_unset(st, "sla_warn_minutes", err); }


/* ---------------------------------------------------------------- the walk */

static const struct step {
	const char *name;
	call_fn call;
	bool operator_may;     /* the operator's role allows it */
	enum who doer;         /* who then succeeds */
} steps[] = {
	{ "staff_put", c_staff_put, false, W_BOSS },
	{ "staff_edit", c_staff_edit, false, W_BOSS },
	{ "customer_put", c_customer_put, true, W_OPERATOR },
	{ "equipment_put", c_equipment_put, true, W_OPERATOR },
	{ "equipment_add_downtime", c_downtime, true, W_ENGINEER },
	{ "contract_add", c_contract_add, false, W_BOSS },
	{ "contract_renew_levels", c_contract_renew_levels, false, W_BOSS },
	{ "contract_end", c_contract_end, false, W_BOSS },
	{ "customer_import", c_customer_import, true, W_OPERATOR },
	{ "equipment_import", c_equipment_import, true, W_OPERATOR },
	{ "intake_add", c_intake_add, true, W_OPERATOR },
	{ "intake_update", c_intake_update, true, W_KEEPER },
	{ "intake_hand", c_intake_hand, true, W_OPERATOR },
	{ "intake_void", c_intake_void, true, W_OPERATOR },
	{ "intake_import", c_intake_import, true, W_OPERATOR },
	{ "ledger_take", c_take, false, W_ENGINEER },
	{ "ledger_assign", c_assign, false, W_ENGINEER },
	{ "ledger_contact", c_contact, false, W_ENGINEER },
	{ "ledger_diagnose", c_diagnose, false, W_ENGINEER },
	{ "ledger_propose", c_propose, false, W_ENGINEER },
	{ "ledger_escalate", c_escalate, false, W_ENGINEER },
	{ "ledger_pause", c_pause, false, W_ENGINEER },
	{ "ledger_resume", c_resume, false, W_ENGINEER },
	{ "ledger_plan_visit", c_plan_visit, false, W_ENGINEER },
	{ "ledger_arrive", c_arrive, false, W_ENGINEER },
	{ "ledger_charge", c_charge, false, W_ENGINEER },
	{ "ledger_payment", c_payment, false, W_BOSS },
	{ "ledger_policy_set", c_policy_set, false, W_BOSS },
	{ "ledger_recompute", c_recompute, false, W_BOSS },
	{ "ledger_office_hours_set", c_office_hours, false, W_BOSS },
	{ "complaint_add", c_complaint_add, true, W_OPERATOR },
	{ "complaint_close", c_complaint_close, true, W_ENGINEER },
	{ "stock_part_put", c_part_put, false, W_KEEPER },
	{ "stock_import_parts", c_parts_import, false, W_KEEPER },
	{ "stock_receive", c_receive, false, W_KEEPER },
	{ "stock_issue", c_issue, false, W_KEEPER },
	{ "stock_return_from", c_return, false, W_KEEPER },
	{ "ledger_charge_issue", c_issue_parts, false, W_KEEPER },
	{ "ledger_credit_return", c_credit_return, false, W_KEEPER },
	{ "stock_adjust", c_adjust, false, W_KEEPER },
	{ "stock_order", c_order, false, W_BOSS },
	{ "stocktake_start", c_st_start, false, W_KEEPER },
	{ "stocktake_count", c_st_count, false, W_KEEPER },
	{ "stocktake_import_counts", c_st_import, false, W_KEEPER },
	{ "stocktake_post", c_st_post, false, W_KEEPER },
	{ "ledger_item_settle", c_item, false, W_ENGINEER },
	{ "ledger_clear", c_clear, false, W_ENGINEER },
	{ "ledger_confirm", c_confirm, false, W_ENGINEER },
	{ "ledger_card", c_card, false, W_ENGINEER },
	{ "ledger_close", c_close, false, W_ENGINEER },
	{ "ledger_unresolvable", c_unresolvable, false, W_ENGINEER },
	{ "visit_rule_set", c_rule_set, false, W_BOSS },
	{ "visit_plan", c_plan, false, W_BOSS },
	{ "visit_add", c_visit_add, false, W_ENGINEER },
	{ "visit_move", c_visit_move, false, W_ENGINEER },
	{ "visit_assign", c_visit_assign, false, W_BOSS },
	{ "visit_miss", c_visit_miss, false, W_ENGINEER },
	{ "visit_done", c_visit_done, false, W_ENGINEER },
	{ "visit_request", c_visit_request, false, W_ENGINEER },
	{ "visit_cancel", c_visit_cancel, false, W_ENGINEER },
	{ "report_monthly", c_report_monthly, true, W_KEEPER },
	{ "report_customer_year", c_report_year, true, W_ENGINEER },
	{ "setting_set", c_setting_set, false, W_BOSS },
	{ "setting_unset", c_setting_unset, false, W_BOSS },
	{ "admin_restore", c_restore, false, W_BOSS },
};

/* Everything a refused call might have changed: rows of every register and the audit. */
static char *
fingerprint(void)
{
	static const char *const sql =
		"SELECT (SELECT count(*) FROM audit) || '/' || (SELECT count(*) FROM staff) || '/' || "
		"(SELECT count(*) FROM customer) || '/' || (SELECT count(*) FROM equipment) || '/' || "
		"(SELECT count(*) FROM request) || '/' || (SELECT count(*) FROM ledger) || '/' || "
		"(SELECT count(*) FROM charge) || '/' || (SELECT count(*) FROM stock_move) || '/' || "
		"(SELECT count(*) FROM visit) || '/' || (SELECT count(*) FROM setting) || '/' || "
		"(SELECT count(*) FROM contract) || '/' || (SELECT count(*) FROM contract_level) || '/' || "
		"coalesce((SELECT group_concat(version || to_on) FROM contract), '') || '/' || "
		"coalesce((SELECT group_concat(version) FROM request), '') || '/' || "
		"coalesce((SELECT group_concat(state || version) FROM ledger), '') || '/' || "
		"coalesce((SELECT group_concat(status || version) FROM visit), '') || '/' || "
		"coalesce((SELECT group_concat(key || '=' || value) FROM setting), '')";
	sqlite3_stmt *q;
	char *s = NULL;

	assert_int_equal(sqlite3_prepare_v2(store_db(X.st[W_BOSS]), sql, -1, &q, NULL), SQLITE_OK);
	if (sqlite3_step(q) == SQLITE_ROW)
		s = xstrdup((const char *)sqlite3_column_text(q, 0));
	sqlite3_finalize(q);
	return s;
}

static void
refused(const struct step *s, enum who w)
{
	sd_err err;
	char *before = fingerprint(), *after;
	int rc;

	sd_err_clear(&err);
	rc = s->call(X.st[w], &err);
	if (rc != SD_NOPERM)
		fail_msg("%s as %s: expected SD_NOPERM, got %d (%s)", s->name, logins[w], rc, err.msg);
	assert_non_null(strstr(err.msg, "not permitted"));
	after = fingerprint();
	if (strcmp(before, after) != 0)
		fail_msg("%s as %s: refused but changed %s -> %s", s->name, logins[w], before, after);
	free(before);
	free(after);
}

static void
test_every_mutation_checks(void **state)
{
	sd_err err;

	(void)state;
	for (size_t i = 0; i < SD_ARRAY_LEN(steps); i++) {
		const struct step *s = &steps[i];
		int rc;

		refused(s, W_STRANGER);
		if (!s->operator_may)
			refused(s, W_OPERATOR);
		sd_err_clear(&err);
		if (strcmp(s->name, "admin_restore") == 0)
			OK(admin_backup(X.st[W_BOSS], X.backup, &err));
		rc = s->call(X.st[s->doer], &err);
		if (rc != SD_OK)
			fail_msg("%s as %s: %d (%s)", s->name, logins[s->doer], rc, err.msg);
	}
	/* every change the walk made was audited under the name of who made it */
	assert_int_equal(scalar("SELECT count(*) FROM audit WHERE who = 'stranger'"), 0);
	assert_true(scalar("SELECT count(*) FROM audit WHERE who = 'zhougang'") > 0);
}

/* Filling a database with demonstration data is the supervisor's. */
static void
test_demo_fill(void **state)
{
	sd_err err;
	char path[256];
	store *st;
	sd_staff boss = { .login = "liuyang", .name = "刘洋", .role = ROLE_SUPERVISOR, .active = true };
	sd_staff op = { .login = "wangli", .name = "王丽", .role = ROLE_OPERATOR, .active = true };

	(void)state;
	snprintf(path, sizeof path, "%s/demo.db", dir);
	OK(store_open(path, STORE_OPEN_CREATE, "liuyang", &st, &err));
	OK(staff_put(st, &boss, &err));
	OK(staff_put(st, &op, &err));
	store_close(st);
	OK(store_open(path, STORE_OPEN_EXISTING, "wangli", &st, &err));
	assert_int_equal(demo_fill(st, &err), SD_NOPERM);
	store_close(st);
	OK(store_open(path, STORE_OPEN_EXISTING, "stranger", &st, &err));
	assert_int_equal(demo_fill(st, &err), SD_NOPERM);
	store_close(st);
	OK(store_open(path, STORE_OPEN_EXISTING, "liuyang", &st, &err));
	OK(demo_fill(st, &err));
	store_close(st);
}

static int
setup(void **state)
{
	static const struct { enum who w; const char *name; int role; } people[] = {
		{ W_BOSS, "刘洋", ROLE_SUPERVISOR }, { W_OPERATOR, "王丽", ROLE_OPERATOR },
		{ W_KEEPER, "周刚", ROLE_STOREKEEPER }, { W_ENGINEER, "张伟", ROLE_ENGINEER },
	};
	sd_err err;
	buf b = { 0 };

	(void)state;
	if (!mkdtemp(dir))
		return -1;
	setenv("SERVDESK_NOW", "2026-11-24 12:00", 1);
	buf_printf(&b, "%s/permit.db", dir);
	X.path = buf_steal(&b);
	if (store_open(X.path, STORE_OPEN_CREATE, logins[W_BOSS], &X.st[W_BOSS], &err) != SD_OK)
		return -1;
	for (size_t i = 0; i < SD_ARRAY_LEN(people); i++) {
		sd_staff s = { .login = (char *)logins[people[i].w], .name = (char *)people[i].name,
		               .role = people[i].role, .active = true };
		if (staff_put(X.st[W_BOSS], &s, &err) != SD_OK)
			return -1;
	}
	for (int w = 0; w < W_COUNT; w++)
		if (!X.st[w] && store_open(X.path, STORE_OPEN_EXISTING, logins[w], &X.st[w], &err) != SD_OK)
			return -1;
	/* the records the walk works on besides its own */
	{
		sd_customer c = { .name = "苏州电气集团有限公司", .region = "市区" };
		if (customer_put(X.st[W_BOSS], &c, &err) != SD_OK ||
		    new_request(X.st[W_BOSS], X.regno2, &err) != SD_OK ||
		    intake_hand(X.st[W_BOSS], X.regno2, "zhangwei", NULL, -1, &err) != SD_OK ||
		    ledger_take(X.st[W_BOSS], X.regno2, NULL, &err) != SD_OK ||
		    new_request(X.st[W_BOSS], X.regno3, &err) != SD_OK)
			return -1;
	}
	snprintf(X.csv_customers, sizeof X.csv_customers, "%s/customers.csv", dir);
	write_file(X.csv_customers, "name,region\n江苏驰耐特防腐科技有限公司,外地\n");
	snprintf(X.csv_equipment, sizeof X.csv_equipment, "%s/equipment.csv", dir);
	write_file(X.csv_equipment, "customer,serial,model\n江苏驰耐特防腐科技有限公司,GP-2026-0117,高压无气喷涂机\n");
	snprintf(X.csv_requests, sizeof X.csv_requests, "%s/requests.csv", dir);
	write_file(X.csv_requests, "regno,received_at,channel,customer,requester,phone,item1\n"
	                           ",2026-11-20 09:00,phone,甲公司,张三,13800138000,泵不转\n");
	snprintf(X.csv_parts, sizeof X.csv_parts, "%s/parts.csv", dir);
	write_file(X.csv_parts, "part_no,name,unit\nSEAL-80,油封,个\n");
	snprintf(X.csv_counts, sizeof X.csv_counts, "%s/counts.csv", dir);
	write_file(X.csv_counts, "part_no,counted\nFAN-120,7\n");
	snprintf(X.backup, sizeof X.backup, "%s/backup.db", dir);
	return 0;
}

static int
teardown(void **state)
{
	char cmd[128];

	(void)state;
	for (int w = 0; w < W_COUNT; w++)
		if (X.st[w])
			store_close(X.st[w]);
	free(X.path);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_mutation_checks),
		cmocka_unit_test(test_demo_fill),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
