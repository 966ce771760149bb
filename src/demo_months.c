/*
 * demo_months.c — the demonstration's earlier months: what the register
 * shows for the weeks before the current month besides the requests and the
 * ledger, so that every section of their monthly summaries has figures.
 * Each full month of the demonstration before the current one gets its
 * follow-up visits (one done by phone, one on site, one missed, one
 * cancelled), a complaint replied to and closed, and a machine delivered,
 * commissioned and signed for, with its operators' training; two follow-up
 * calls are due today; and (after the
 * register's transaction, see demo_inbox_months) a fax registered from the
 * inbox and a junk fax discarded.
 *
 * Every record goes through the core's own functions, each dated by the
 * clock (SERVDESK_NOW) set to its time. All strings here are data.
 *
 * Self-contained; no curses.
 */
#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "buf.h"
#include "complaint.h"
#include "customer.h"
#include "datetime.h"
#include "demo.h"
#include "inbox.h"
#include "install.h"
#include "intake.h"
#include "ledger.h"
#include "media.h"
#include "visit.h"

static void
clock_set(sd_time t)
{
	char s[17];

	time_format(t, s);
	setenv("SERVDESK_NOW", s, 1);
}

/* The first day of the month k months before the month of day. */
static sd_date
month_start(sd_date day, int k)
{
	char s[11];
	int y, m;

	date_format(day, s);
	y = atoi(s);
	m = atoi(s + 5) - k;
	while (m < 1) {
		m += 12;
		y--;
	}
	char first[16];

	snprintf(first, sizeof first, "%04d-%02d-01", y % 10000, m % 100);
	date_parse(first, &day);
	return day;
}

/*
 * The months of the demonstration before the current one (the register
 * covers the 120 days up to today): those whose last days it covers.
 */
static int
past_months(sd_time now, sd_date first[4])
{
	sd_date today = (sd_date)(now / 1440), from = today - 120;
	int n = 0;

	for (int k = 4; k >= 1; k--) {
		sd_date m = month_start(today, k);
		if (m + 27 >= from)
			first[n++] = m;
	}
	return n;
}

/* Which of the three examples a month gets: by its month of the year. */
static int
month_k(sd_date m)
{
	char s[11];

	date_format(m, s);
	return atoi(s + 5) % 3;
}

/* The rotation of customers the months' records are about: name, serial, contact. */
static const struct {
	const char *customer, *serial, *contact;
} rota[3] = {
	{ "无锡华光锅炉股份有限公司", "HG-GL2021-0088", "顾卫东" },
	{ "江阴市人民医院", "YQ-QX2023-0142", "周红" },
	{ "常州市武进区湖塘实验中学", "RD-JK2023-0411", "许明" },
};

/* Four follow-up visits due in the month starting on day m: done by phone, done on site, missed, cancelled. */
static int
month_visits(store *st, sd_date m, int k, sd_err *err)
{
	static const char *const engineers[3] = { "liqiang", "zhaomin", "zhangwei" };
	const char *cust = rota[k].customer, *serial = rota[k].serial;
	const char *next = rota[(k + 1) % 3].customer;
	long long id[4];
	sd_visit v[4];
	int rc = SD_OK;

	memset(v, 0, sizeof v);
	for (int i = 0; i < 4; i++) {
		v[i].engineer = (char *)engineers[(k + i) % 3];
		v[i].method = -1;
	}
	v[0] = (sd_visit){ .customer = (char *)cust, .serial = (char *)serial, .kind = VK_PHONE_FOLLOWUP,
	                   .engineer = v[0].engineer, .method = VM_PHONE };
	date_format(m + 5, v[0].due_on);
	v[1] = (sd_visit){ .customer = (char *)cust, .serial = (char *)serial, .kind = VK_KEY_CUSTOMER,
	                   .engineer = v[1].engineer, .method = VM_ONSITE };
	date_format(m + 12, v[1].due_on);
	v[2] = (sd_visit){ .customer = (char *)next, .kind = VK_SURVEY, .engineer = v[2].engineer, .method = VM_PHONE };
	date_format(m + 18, v[2].due_on);
	v[3] = (sd_visit){ .customer = (char *)next, .kind = VK_MANUAL, .engineer = v[3].engineer, .method = VM_PHONE };
	date_format(m + 24, v[3].due_on);
	for (int i = 0; i < 4 && rc == SD_OK; i++) {
		clock_set((sd_time)(m - 3) * 1440 + 9 * 60 + i);
		rc = visit_add(st, &v[i], &id[i], err);
	}
	if (rc != SD_OK)
		return rc;
	clock_set((sd_time)(m + 5) * 1440 + 15 * 60 + 10);
	if ((rc = visit_done(st, id[0], -1, 5, VM_PHONE, "电话回访:设备运行正常,上次维修后未再出现故障",
	                     "工程师处理及时,很满意。", err)) != SD_OK)
		return rc;
	clock_set((sd_time)(m + 12) * 1440 + 16 * 60 + 30);
	if ((rc = visit_done(st, id[1], -1, 4, VM_ONSITE, "现场走访:查看设备运行记录,讲解日常保养要点,用户提出希望缩短备件到货时间",
	                     "服务不错,备件到货能再快一点更好。", err)) != SD_OK)
		return rc;
	clock_set((sd_time)(m + 18) * 1440 + 17 * 60);
	if ((rc = visit_miss(st, id[2], -1, "上午、下午各拨打两次,联系人电话无人接听", err)) != SD_OK)
		return rc;
	clock_set((sd_time)(m + 22) * 1440 + 10 * 60);
	return visit_cancel(st, id[3], -1, "客户来电:设备科人员外出培训,本月不便回访,下月再约", err);
}

/* A complaint received in the month starting on day m, replied to the same day and closed within the week. */
static int
month_complaint(store *st, sd_date m, int k, sd_err *err)
{
	static const char *const text[3] = {
		"维修后开具的发票抬头写错,财务无法入账,已两次来电催问。",
		"工程师到场后发现没带所需备件,又跑了一趟,停机多耽误一天。",
		"报修后第二天才有人回电话,希望报修热线能及时回复。",
	};
	static const char *const reply[3] = {
		"已致电客户致歉,当天重开发票并快递寄出。",
		"已向客户致歉,说明备件领用流程已改为出发前按故障描述领齐备件。",
		"已致电客户致歉,说明报修热线值班安排,承诺两小时内回电。",
	};
	static const char *const close[3] = {
		"发票已重开并由客户签收;财务开票前须与客户核对抬头。",
		"客户认可处理结果;部门例会通报,上门前按故障描述备齐常用备件。",
		"客户认可;报修热线增加午间值班,超时未回电由主管跟进。",
	};
	sd_complaint c = {
		.customer = (char *)rota[(k + 2) % 3].customer,
		.cls = k == 1 ? CC_NONQUALITY : CC_OTHER,
		.quantity = -1,
		.defective = -1,
		.description = (char *)text[k],
	};
	int rc;

	clock_set((sd_time)(m + 8) * 1440 + 10 * 60 + 20);
	if ((rc = complaint_add(st, &c, err)) != SD_OK)
		return rc;
	/* replied within the half hour, but once late */
	clock_set((sd_time)(m + 8) * 1440 + 10 * 60 + 20 + (k == 2 ? 55 : 20 + 5 * k));
	if ((rc = complaint_progress_add(st, c.id, CP_REPLY, reply[k], err)) != SD_OK)
		return rc;
	/* its cause, the department responsible and what is to change */
	clock_set((sd_time)(m + 10) * 1440 + 16 * 60);
	{
		static const char *const cause[3] = {
			"开票员未按合同核对客户开票信息", "出发前未按故障描述领取备件",
			"报修热线午间无人值班,回电登记遗漏",
		};
		static const char *const dept[3] = { "财务部", "技术部", "客户服务部" };
		static const char *const who[3] = { "开票员 沈丽", "工程师 孙浩", "客服主管 王丽" };
		sd_complaint h;

		if ((rc = complaint_get(st, c.id, &h, err)) != SD_OK)
			return rc;
		free(h.cause);
		free(h.department);
		free(h.responsible);
		free(h.corrective);
		h.cause = xstrdup(cause[k]);
		h.department = xstrdup(dept[k]);
		h.responsible = xstrdup(who[k]);
		h.severity = CS_GENERAL;
		h.corrective = xstrdup(close[k]);
		rc = complaint_handle(st, &h, err);
		complaint_free(&h);
		if (rc != SD_OK)
			return rc;
	}
	clock_set((sd_time)(m + 13) * 1440 + 11 * 60);
	return complaint_close(st, c.id, close[k], err);
}

/* A machine delivered in the month starting on day m: commissioned, signed, and its operators trained. */
static int
month_install(store *st, sd_date m, int k, sd_err *err)
{
	static const struct {
		const char *customer, *serial, *model, *signer, *work, *topics, *attendees;
		int late;
	} job[3] = {
		{ "苏州工业园区清源华衍水务有限公司", "SB-JY2026-00", "JY-60 加药计量泵", "陈志远",
		  "泵座找平、进出口管路及背压阀安装,标定冲程和流量,联动PLC试运行", "计量泵操作、流量标定、隔膜和单向阀更换",
		  "陈志远、韩雪、李建", 0 },
		{ "江阴市人民医院", "YQ-MJ2026-00", "MJQ-1.2 脉动真空灭菌器", "周红",
		  "就位、接蒸汽和压缩空气,真空泵及门密封检查,B-D测试和空载运行三个周期合格",
		  "灭菌器操作规程、B-D测试、日常清洁和门密封圈检查", "周红、邹斌、王芳、朱丽", 1 },
		{ "常熟理工学院东湖校区", "RD-JK2026-00", "RD-NVR64 视频监控系统",
		  "邓志华", "录像机上架、硬盘安装、32路摄像机接入和录像计划设置,回放检查", "录像回放、导出、通道配置",
		  "邓志华、曾琳", 0 },
	};
	char serial[32], day[11];
	/* the machine's serial number: the prefix and the month of its delivery */
	date_format(m, day);
	snprintf(serial, sizeof serial, "%s%.2s", job[k].serial, day + 5);
	sd_equipment e = { .customer = (char *)job[k].customer, .serial = serial, .model = (char *)job[k].model };
	sd_install c = { .kind = IK_COMMISSION, .serial = e.serial, .engineer = (char *)"zhangwei",
	                 .work = (char *)"到货安装调试" };
	sd_install t = { .kind = IK_TRAINING, .customer = (char *)job[k].customer, .serial = e.serial,
	                 .engineer = (char *)"zhaomin", .work = (char *)job[k].topics };
	char on[11], to[11];
	long long cid, tid;
	int rc;
	/* arrived on the 3rd; commissioned on the 7th, or (late) after the due date */
	int done = job[k].late ? 3 + install_within_days(st) + 3 : 7;

	date_format(m + 1, e.delivered_on);
	date_format(m + 2, e.accepted_on);
	clock_set((sd_time)(m + 2) * 1440 + 9 * 60);
	if ((rc = equipment_put(st, &e, err)) != SD_OK)
		return rc;
	date_format(m + done - 1, c.planned_on);
	if ((rc = install_add(st, &c, &cid, err)) != SD_OK)
		return rc;
	date_format(m + done - 1, on);
	clock_set((sd_time)(m + done - 1) * 1440 + 17 * 60);
	{
		sd_install_done d = { .done_on = on, .engineer = "zhangwei", .work = job[k].work };
		if ((rc = install_done(st, cid, -1, &d, err)) != SD_OK ||
		    (rc = install_sign(st, cid, -1, job[k].signer, on, err)) != SD_OK)
			return rc;
	}
	date_format(m + done, t.planned_on);
	clock_set((sd_time)(m + done) * 1440 + 8 * 60 + 30);
	if ((rc = install_add(st, &t, &tid, err)) != SD_OK)
		return rc;
	date_format(m + done, on);
	date_format(m + done + 1, to);
	clock_set((sd_time)(m + done + 1) * 1440 + 16 * 60);
	{
		sd_install_done d = { .done_on = on, .done_to = to, .work = job[k].topics,
		                      .attendees = job[k].attendees };
		if ((rc = install_done(st, tid, -1, &d, err)) != SD_OK)
			return rc;
		rc = install_sign(st, tid, -1, job[k].signer, to, err);
	}
	return rc;
}

int
demo_months(store *st, sd_time now, sd_err *err)
{
	sd_date first[4];
	int n = past_months(now, first), rc = SD_OK;

	for (int i = 0; i < n && rc == SD_OK; i++) {
		int k = month_k(first[i]);

		if ((rc = month_visits(st, first[i], k, err)) == SD_OK &&
		    (rc = month_complaint(st, first[i], k, err)) == SD_OK)
			rc = month_install(st, first[i], k, err);
	}
	/* and today's: two follow-up calls the engineers are to make (the visit list opens on today) */
	for (int i = 0; i < 2 && rc == SD_OK; i++) {
		sd_visit v = { .customer = (char *)rota[i].customer, .serial = (char *)rota[i].serial,
		               .kind = VK_PHONE_FOLLOWUP, .engineer = (char *)(i ? "zhaomin" : "liqiang"),
		               .method = VM_PHONE };
		long long id;

		date_format((sd_date)(now / 1440), v.due_on);
		clock_set((now / 1440 - 7) * 1440 + 9 * 60 + i);
		rc = visit_add(st, &v, &id, err);
	}
	return rc;
}

/* ---------------------------------------------------------------- the inbox's earlier months */

/* Set the file's times to t (its arrival: the inbox takes the file's time). */
static void
file_at(const char *path, sd_time t)
{
	char s[17];
	struct tm tm;
	struct timespec ts[2];

	time_format(t, s);
	memset(&tm, 0, sizeof tm);
	if (sscanf(s, "%d-%d-%d %d:%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min) != 5)
		return;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	tm.tm_isdst = -1;
	ts[0].tv_sec = ts[1].tv_sec = mktime(&tm);
	ts[0].tv_nsec = ts[1].tv_nsec = 0;
	utimensat(AT_FDCWD, path, ts, 0);
}

/* The item of the inbox whose file is named name, or 0. */
static long long
item_named(store *st, const char *name, sd_err *err)
{
	sd_inbox_item *v = NULL;
	long long id = 0;
	int n = 0;

	if (inbox_list(st, IB_NEW, &v, &n, err) != SD_OK)
		return 0;
	for (int i = 0; i < n; i++)
		if (v[i].name && strcmp(v[i].name, name) == 0)
			id = v[i].id;
	inbox_items_free(v, n);
	return id;
}

/* The request regno (received at t) taken in, answered by phone the same morning and closed. */
static int
close_by_phone(store *st, const char *regno, const char *requester, sd_time t, sd_err *err)
{
	static const char fix[] = "电话与用户约定下月第二周年度巡检,说明巡检内容(电气、机械、控制系统检查)及需停机约4小时。";
	int rc;

	clock_set(t + 50);
	if ((rc = ledger_take(st, regno, "liuyang", err)) != SD_OK)
		return rc;
	clock_set(t + 55);
	if ((rc = ledger_assign(st, regno, "liqiang", -1, err)) != SD_OK)
		return rc;
	clock_set(t + 70);
	if ((rc = ledger_contact(st, regno, NULL, -1, err)) != SD_OK ||
	    (rc = ledger_propose(st, regno, MODE_PHONE, fix, "other", NULL, -1, err)) != SD_OK)
		return rc;
	clock_set(t + 80);
	if ((rc = ledger_item_settle(st, regno, 1, ITEM_DONE, fix, -1, err)) != SD_OK ||
	    (rc = ledger_clear(st, regno, NULL, -1, err)) != SD_OK)
		return rc;
	clock_set(t + 85);
	if ((rc = ledger_confirm(st, regno, requester, HOW_PHONE, NULL, -1, err)) != SD_OK)
		return rc;
	clock_set(t + 90);
	return ledger_close(st, regno, -1, err);
}

int
demo_inbox_months(store *st, sd_time now, sd_err *err)
{
	const struct media_ops *mo = media_get(err);
	sd_date first[4];
	int n = past_months(now, first), rc = SD_OK;
	char **dirs = NULL;
	int ndirs = 0;

	if (!mo)
		return err->status;
	if ((rc = inbox_dirs(st, &dirs, &ndirs, err)) != SD_OK)
		return rc;
	for (int i = 0; i < n && rc == SD_OK && ndirs > 0; i++) {
		int k = month_k(first[i]);
		sd_time arrived = (sd_time)(first[i] + 14) * 1440 + 8 * 60 + 12;
		char name[2][32];
		buf p = { 0 };

		/* a customer's fault report, and an advertisement */
		for (int f = 0; f < 2 && rc == SD_OK; f++) {
			snprintf(name[f], sizeof name[f], "fax%06d.tif", 90 + 2 * i + f);
			buf_reset(&p);
			buf_printf(&p, "%s/%s", dirs[0], name[f]);
			rc = mo->write_fax(buf_str(&p), f == 0 ? 1 : 2, f == 0 ? "0510 8521 5566" : "021 5566 7788",
			                   (unsigned)(41 + i * 2 + f), err);
			if (rc == SD_OK)
				file_at(buf_str(&p), arrived + f * 95);
		}
		buf_free(&p);
		if (rc != SD_OK)
			break;
		clock_set(arrived + 20);
		if ((rc = inbox_scan(st, NULL, err)) != SD_OK)
			break;
		long long id = item_named(st, name[0], err);
		if (id > 0) {
			sd_inbox_item it;
			sd_request r;

			if ((rc = inbox_find(st, name[0], &it, err)) != SD_OK)
				break;
			intake_request_init(&r);
			inbox_prefill(&it, &r);
			inbox_item_free(&it);
			r.customer = xstrdup(rota[k].customer);
			r.requester = xstrdup(rota[k].contact);
			r.phone = xstrdup("0510-85215566");
			r.serial = xstrdup(rota[k].serial);
			r.priority = 4;
			r.received_by = xstrdup("wangli");
			intake_request_add_item(&r, "请安排下月年度巡检,并提前告知巡检内容及需停机的时间。");
			clock_set(arrived + 35);
			rc = inbox_register(st, id, &r, err);
			if (rc == SD_OK)
				rc = close_by_phone(st, r.regno, rota[k].contact, arrived, err);
			intake_request_free(&r);
		}
		id = rc == SD_OK ? item_named(st, name[1], err) : 0;
		if (id > 0) {
			clock_set(arrived + 140);
			rc = inbox_discard(st, id, "广告传真(涂料促销),与报修无关", err);
		}
	}
	inbox_dirs_free(dirs, ndirs);
	return rc;
}
