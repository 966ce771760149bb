/* demo_card.c — the demonstration's maintenance items, service cards and charges by cause. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "datetime.h"
#include "demo_card.h"
#include "intake.h"
#include "warranty.h"
#include "ledger.h"

/* A number from the register number's sequence (deterministic). */
static int
regno_seq(const char *regno)
{
	const char *dash = strchr(regno, '-');

	return dash ? atoi(dash + 1) : 0;
}

int
demo_card_sign(store *st, const char *regno, const char *requester, sd_err *err)
{
	static const char *const opinions[] = {
		"工程师到场及时，故障已排除，满意。",
		"维修质量好，讲解清楚。",
		"问题解决，但等待备件时间较长。",
		"服务态度好，希望提供操作培训。",
	};
	static const int ratings[] = { 5, 5, 3, 4 };
	int k = regno_seq(regno) % 4;

	return ledger_card(st, regno, requester, NULL, opinions[k], ratings[k], -1, err);
}

int
demo_card_back_days(const char *regno)
{
	return 1 + (regno_seq(regno) * 7) % 9;
}

/* A request received at `at`, handed to and taken by the engineer; *regno gets its number. */
static int
extra_entry(store *st, const char *at, const char *customer, const char *serial, const char *const *items,
            size_t nitems, char regno[24], sd_err *err)
{
	sd_request r;
	int rc;

	intake_request_init(&r);
	snprintf(r.received_at, sizeof r.received_at, "%s", at);
	r.channel = CH_FAX;
	r.fax_pages = 1;
	r.customer = xstrdup(customer);
	r.requester = xstrdup("钱志远");
	r.phone = xstrdup("0512-66831072");
	r.serial = serial ? xstrdup(serial) : NULL;
	r.priority = 3;
	for (size_t i = 0; i < nitems; i++)
		intake_request_add_item(&r, items[i]);
	r.handed_to = xstrdup("zhangwei");
	snprintf(r.handed_at, sizeof r.handed_at, "%s", at);
	r.status = RS_HANDED;
	rc = intake_add(st, &r, true, err);
	snprintf(regno, 24, "%s", r.regno);
	intake_request_free(&r);
	if (rc == SD_OK)
		rc = ledger_take(st, regno, "liuyang", err);
	if (rc == SD_OK)
		rc = ledger_assign(st, regno, "zhangwei", -1, err);
	return rc;
}

/* now minus days (and at hh:mm), "YYYY-MM-DD HH:MM" */
static void
days_ago(const char *now, int days, const char *hhmm, char out[17])
{
	sd_date d = 0;
	char day[11];

	snprintf(day, sizeof day, "%.10s", now);
	date_parse(day, &d);
	date_format(d - days, day);
	snprintf(out, 17, "%s %s", day, hhmm);
}

int
demo_card_extra(store *st, sd_err *err)
{
	static const char *const two[] = { "配电柜断路器频繁跳闸", "柜门密封条老化更换" };
	static const char *const misuse[] = { "操作人员误将冷却水阀关闭，主轴过热停机" };
	const char *was = getenv("SERVDESK_NOW");
	char *saved = was ? xstrdup(was) : NULL;
	char now[17], t1[17], t2[17], t3[17], regno[24];
	char *serial = NULL, *customer = NULL;
	int rc;

	store_now(now);
	/* one item done, one open: received three days ago, worked on since */
	days_ago(now, 3, "09:10", t1);
	days_ago(now, 3, "10:00", t2);
	setenv("SERVDESK_NOW", t2, 1);
	rc = extra_entry(st, t1, "常熟市第二中学", NULL, two, 2, regno, err);
	if (rc == SD_OK)
		rc = ledger_propose(st, regno, MODE_ONSITE, "上门检查配电柜，更换断路器及密封条。", "elec", t2, -1, err);
	if (rc == SD_OK) {
		days_ago(now, 2, "14:00", t3);
		setenv("SERVDESK_NOW", t3, 1);
		rc = ledger_arrive(st, regno, t3, -1, err);
	}
	if (rc == SD_OK)
		rc = ledger_item_settle(st, regno, 1, ITEM_DONE, "更换同型号断路器，试运行正常。", -1, err);
	/* misuse inside the warranty: equipment commissioned within the last ten months */
	if (rc == SD_OK) {
		sqlite3_stmt *q = store_prepare(st,
			"SELECT e.serial, c.name FROM equipment e JOIN customer c ON c.id = e.customer_id "
			"WHERE e.commissioned_on >= date(?1, '-10 months') AND e.commissioned_on <= ?1 "
			"AND c.name <> '苏州电气集团有限公司' ORDER BY e.commissioned_on DESC, e.serial LIMIT 1", err);
		if (!q) {
			rc = err->status;
		} else {
			char day[11];

			snprintf(day, sizeof day, "%.10s", now);
			sqlite3_bind_text(q, 1, day, -1, SQLITE_TRANSIENT);
			if (sqlite3_step(q) == SQLITE_ROW) {
				serial = store_col_dup(q, 0);
				customer = store_col_dup(q, 1);
			}
			sqlite3_reset(q);
		}
	}
	if (rc == SD_OK && serial) {
		days_ago(now, 12, "08:40", t1);
		days_ago(now, 12, "09:30", t2);
		setenv("SERVDESK_NOW", t2, 1);
		rc = extra_entry(st, t1, customer, serial, misuse, 1, regno, err);
		if (rc == SD_OK)
			rc = ledger_propose(st, regno, MODE_ONSITE, "上门检查主轴及冷却系统，培训操作人员。", "usage", t2, -1,
			                    err);
		days_ago(now, 11, "10:00", t3);
		setenv("SERVDESK_NOW", t3, 1);
		if (rc == SD_OK)
			rc = ledger_arrive(st, regno, t3, -1, err);
		char on[11];
		snprintf(on, sizeof on, "%.10s", t3);
		if (rc == SD_OK)
			rc = ledger_charge(st, regno, COST_LABOUR, 60000, on, "主轴拆检，更换轴承", err);
		if (rc == SD_OK)
			rc = ledger_charge(st, regno, COST_TRAVEL, 18000, on, "往返车费", err);
		days_ago(now, 11, "15:30", t3);
		setenv("SERVDESK_NOW", t3, 1);
		if (rc == SD_OK)
			rc = ledger_item_settle(st, regno, 1, ITEM_DONE, "更换主轴轴承，恢复冷却水，现场培训操作规程。", -1,
			                        err);
		if (rc == SD_OK)
			rc = ledger_clear(st, regno, t3, -1, err);
		if (rc == SD_OK)
			rc = ledger_card(st, regno, "钱志远", t3, "维修及时。停机系我方操作失误，费用认可。", 4, -1, err);
		if (rc == SD_OK)
			rc = ledger_close(st, regno, -1, err);
	}
	free(serial);
	free(customer);
	if (saved)
		setenv("SERVDESK_NOW", saved, 1);
	else
		unsetenv("SERVDESK_NOW");
	free(saved);
	return rc;
}
