/*
 * demo_history.c — the demonstration's machine history: on one machine of
 * the demonstration, a repair closed about two weeks ago with its parts,
 * cause and the customer's confirmation (a complete service report), and a
 * request about the same fault three days ago, proposed with the same fault
 * category: a repeat repair within repeat_days. (Recent, so that the
 * figures of the months before stay as they were.)
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "datetime.h"
#include "demo.h"
#include "intake.h"
#include "ledger.h"
#include "stock.h"

/* Set the clock the steps are dated by: days before `now`, at hh:mm. */
static void
at(sd_time now, int days, int hh, int mm, char out[17])
{
	sd_time t = (now / 1440 - days) * 1440 + hh * 60 + mm;

	time_format(t, out);
	setenv("SERVDESK_NOW", out, 1);
}

/* A request on serial of customer received `days` before now at 09:00, taken in and assigned. */
static int
request_on(store *st, sd_time now, int days, const char *customer, const char *serial,
           const char *engineer, const char *item, char regno[24], sd_err *err)
{
	sd_request r;
	char t[17];
	int rc;

	at(now, days, 9, 0, t);
	intake_request_init(&r);
	snprintf(r.received_at, sizeof r.received_at, "%s", t);
	r.channel = CH_PHONE;
	r.customer = xstrdup(customer);
	r.requester = xstrdup("吴振华");
	r.phone = xstrdup("0512-58639752");
	r.serial = xstrdup(serial);
	r.priority = 2;
	intake_request_add_item(&r, item);
	r.handed_to = xstrdup(engineer);
	at(now, days, 9, 10, r.handed_at);
	r.status = RS_HANDED;
	at(now, days, 9, 0, t);
	rc = intake_add(st, &r, true, err);
	snprintf(regno, 24, "%s", r.regno);
	intake_request_free(&r);
	if (rc != SD_OK)
		return rc;
	at(now, days, 9, 20, t);
	if ((rc = ledger_take(st, regno, NULL, err)) != SD_OK)
		return rc;
	at(now, days, 9, 25, t);
	return ledger_assign(st, regno, engineer, -1, err);
}

int
demo_history(store *st, sd_err *err)
{
	const char *was = getenv("SERVDESK_NOW");
	char *saved = was ? xstrdup(was) : NULL;
	char nowbuf[17], t[17], r1[24], r2[24];
	char *serial = NULL, *customer = NULL, *engineer = NULL;
	sd_part p;
	sd_time now;
	sqlite3_stmt *q;
	int rc = SD_OK;

	store_now(nowbuf);
	if (!time_parse(nowbuf, &now))
		return sd_err_set(err, SD_INTERNAL, "demo_history: now");
	/* the first machine of the demonstration with a model, and an engineer */
	if (!(q = store_prepare(st, "SELECT e.serial, c.name FROM equipment e JOIN customer c ON c.id = e.customer_id "
	                            "WHERE e.model IS NOT NULL ORDER BY e.id LIMIT 1", err)))
		return err->status;
	if (sqlite3_step(q) == SQLITE_ROW) {
		serial = xstrdup((const char *)sqlite3_column_text(q, 0));
		customer = xstrdup((const char *)sqlite3_column_text(q, 1));
	}
	sqlite3_reset(q);
	if (!(q = store_prepare(st, "SELECT login FROM staff WHERE role = 'engineer' AND active = 1 "
	                            "ORDER BY login LIMIT 1", err))) {
		rc = err->status;
		goto out;
	}
	if (sqlite3_step(q) == SQLITE_ROW)
		engineer = xstrdup((const char *)sqlite3_column_text(q, 0));
	sqlite3_reset(q);
	if (!serial || !engineer)
		goto out;

	/* the seal kit the repair replaces */
	memset(&p, 0, sizeof p);
	p.part_no = "SEAL-32";
	p.name = "柱塞密封组件";
	p.spec = "Φ32×2.5 氟橡胶";
	p.unit = "套";
	p.brand = "NOK";
	p.location = "A-03-2";
	p.reorder_point = 2;
	p.reorder_qty = 10;
	p.active = true;
	at(now, 18, 8, 30, t);
	if ((rc = stock_part_put(st, &p, err)) != SD_OK ||
	    (rc = stock_receive(st, "SEAL-32", 10, 12000, "年度备件采购", NULL, err)) != SD_OK)
		goto out;

	/* the first repair: diagnosed, parts replaced on site, confirmed and closed */
	if ((rc = request_on(st, now, 17, customer, serial, engineer,
	                     "设备压力上不去,最高只到12MPa(正常21MPa),生产受影响。", r1, err)) != SD_OK)
		goto out;
	at(now, 17, 10, 30, t);
	if ((rc = ledger_diagnose(st, r1, "柱塞密封磨损,高压泵内泄", NULL, -1, err)) != SD_OK)
		goto out;
	at(now, 17, 11, 0, t);
	if ((rc = ledger_propose(st, r1, MODE_ONSITE, "上门更换柱塞密封组件,调压至21MPa试运行正常。", "mech",
	                         NULL, -1, err)) != SD_OK)
		goto out;
	at(now, 16, 9, 0, t);
	if ((rc = ledger_arrive(st, r1, NULL, -1, err)) != SD_OK)
		goto out;
	at(now, 16, 10, 0, t);
	if ((rc = stock_issue(st, "SEAL-32", 2, r1, "更换柱塞密封", NULL, NULL, err)) != SD_OK)
		goto out;
	at(now, 16, 15, 20, t);
	if ((rc = ledger_item_settle(st, r1, 1, ITEM_DONE, "更换柱塞密封组件2套,压力恢复至21MPa。", -1,
	                             err)) != SD_OK)
		goto out;
	at(now, 16, 15, 30, t);
	if ((rc = ledger_clear(st, r1, NULL, -1, err)) != SD_OK)
		goto out;
	at(now, 16, 16, 0, t);
	if ((rc = ledger_card(st, r1, "吴振华", NULL, "服务及时,压力已恢复正常。", 5, -1, err)) != SD_OK)
		goto out;
	at(now, 16, 16, 30, t);
	if ((rc = ledger_close(st, r1, -1, err)) != SD_OK)
		goto out;

	/* the same fault again within repeat_days: a repeat repair */
	if ((rc = request_on(st, now, 3, customer, serial, engineer,
	                     "设备压力又不足,上次更换密封后才两周。", r2, err)) != SD_OK)
		goto out;
	at(now, 3, 10, 0, t);
	rc = ledger_propose(st, r2, MODE_PHONE, "电话指导检查密封及进料过滤网,安排复查。", "mech", NULL, -1, err);
out:
	if (saved)
		setenv("SERVDESK_NOW", saved, 1);
	else
		unsetenv("SERVDESK_NOW");
	free(saved);
	free(serial);
	free(customer);
	free(engineer);
	return rc;
}
