/*
 * mkdata.c — benchmark data for servdesk, and in-process timings.
 *
 *   mkdata csv N FILE            N request rows as GB18030 CSV (export's header,
 *                                register numbers empty so that import numbers them)
 *   mkdata db N FILE             a migrated database with N requests over several
 *                                years, written directly in one transaction
 *   mkdata time-list DB          median time of the first and the last page (End)
 *   mkdata time-search DB TEXT   median time of the first page of a search
 *   mkdata time-ledger-overdue DB
 *                                median time of the first page of the ledger's
 *                                overdue list
 *   mkdata stock N_PARTS N_MOVES DB
 *                                a migrated database with a spare-parts store:
 *                                N_PARTS parts and N_MOVES journal movements over
 *                                five years, in one transaction
 *   mkdata time-stock DB         median times of the parts list's and the
 *                                low-stock list's first page and of a part's
 *                                history; the time of one stock check
 *   mkdata visits N DB           a migrated database with N pieces of equipment
 *                                (for visit plan), in one transaction
 *   mkdata time-visits DB        median times of the first page of the visits
 *                                due today and of the overdue ones
 *   mkdata report MONTHS PER_MONTH N_MOVES DB
 *                                the monthly summary's data: MONTHS months from
 *                                January 2024 of PER_MONTH requests, ledger
 *                                entries, charges, payments, complaints, visits
 *                                and N_MOVES journal movements (see cmd_report)
 *
 * The text is generated from service-desk vocabulary with a fixed-seed PRNG,
 * so the same N gives the same data. The database rows match what
 * intake_add() writes (request, request_item, request_fts, month_seq).
 * About a third of the handed requests have an after-sales ledger entry as
 * ledger.c stores it (the signatures and step times, the due times of the
 * three clocks computed by sla_due() with the built-in calendar and the
 * default policy, next_due for the clocks still running, and the setting
 * calendar_digest); old entries are nearly all closed, recent ones in every
 * state, and a few old ones were left open (overdue). Audit rows and the
 * ledger's history (ledger_event) are not written.
 *
 * The spare-parts store's rows match what stock.c writes: part rows whose on
 * hand is the sum of their journal (never below zero on the way) and whose
 * cost is the moving average of receipts and returns; journal rows of kind
 * receipt, issue, return and adjust with signed quantities and the unit cost
 * carried, not tied to ledger entries (ledger_id NULL).
 */
#include "config.h"

#include <errno.h>
#include <iconv.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "datetime.h"
#include "intake.h"
#include "ledger.h"
#include "sla.h"
#include "staff.h"
#include "stock.h"
#include "store.h"
#include "visit.h"
#include "workcal.h"

#define PAGE_ROWS 50
#define TIME_RUNS 9

/* ---------------------------------------------------------------- PRNG */

typedef struct rng {
	unsigned long long s;
} rng;

static unsigned long long
rng_next(rng *r)
{
	unsigned long long z = (r->s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static int
rng_below(rng *r, int n)
{
	return n > 0 ? (int)(rng_next(r) % (unsigned long long)n) : 0;
}

#define PICK(r, a) ((a)[rng_below((r), (int)SD_ARRAY_LEN(a))])

/* ---------------------------------------------------------------- vocabulary */

static const char *const cities[] = {
	"苏州", "无锡", "常州", "南通", "张家港", "昆山", "江阴", "宜兴", "常熟", "太仓",
	"吴江", "南京", "扬州", "镇江", "泰州", "盐城", "淮安", "徐州", "连云港", "宿迁",
	"湖州", "嘉兴", "上海", "杭州", "宁波", "绍兴",
};
static const char *const brands[] = {
	"华光", "驰耐特", "永联", "恒力", "盛虹", "东方", "新华", "海鑫", "中远", "天宁",
	"锦丰", "沙洲", "金港", "长江", "华通", "宏达", "瑞丰", "明珠", "国泰", "亨通",
	"清源", "华衍", "远东", "振华", "新城", "通达", "金桥", "三江", "利民", "鼎盛",
	"𠮷田", "博远", "嘉禾", "立信", "康达", "银河", "星海", "恒泰", "顺昌", "大成",
};
static const char *const org_types[] = {
	"锅炉股份有限公司", "防腐科技有限公司", "电气集团有限公司", "化工有限公司",
	"印染有限公司", "热电有限公司", "水务有限公司", "自来水有限公司", "污水处理有限公司",
	"精密机械有限公司", "钢铁有限公司", "纺织有限公司", "储运有限公司", "电镀有限公司",
	"港务有限公司", "制药有限公司",
};
static const char *const public_orgs[] = {
	"第一人民医院", "第二人民医院", "中医院", "妇幼保健院", "实验中学", "第一中学",
	"职业技术学院", "第二水厂", "污水处理厂", "市政管理处", "体育中心", "图书馆",
};
static const char *const surnames[] = {
	"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱",
	"胡", "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯",
	"邓", "曹", "彭", "曾", "肖", "田", "董", "袁", "潘", "蒋", "蔡", "余", "杜", "叶",
	"程", "苏", "魏", "吕", "丁", "任", "沈", "姚", "卢", "姜", "钟", "陆", "汪", "范",
	"金", "顾", "钱", "严", "华", "邵", "恽", "季", "施", "葛",
};
static const char *const given[] = {
	"伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟",
	"涛", "明", "超", "秀英", "霞", "平", "刚", "桂英", "建国", "志刚", "海涛", "晓东",
	"振华", "国平", "卫东", "红梅", "丽萍", "立新", "建平", "永明", "晓燕", "志远", "雪",
	"𠮷", "浩", "琳", "斌", "俊", "帆", "波", "青",
};
static const char *const area_codes[] = {
	"0512", "0510", "0519", "0513", "025", "0514", "0511", "0523", "021", "0571", "0574",
};
static const char *const mobile_prefix[] = {
	"139", "138", "137", "136", "135", "150", "151", "152", "158", "159", "186", "189", "180", "181",
};
static const char *const serial_prefix[] = {
	"CNT-FF", "CNT-PS", "CNT-CG", "SZDQ-KG", "SZDQ-BY", "SZDQ-DC", "HG-GL", "HG-CS",
	"YQ-MJ", "YQ-SH", "YQ-QX", "RD-JK", "RD-MJ", "RD-WL", "SB-BF", "SB-PLC", "SB-JY",
};
static const char *const places[] = {
	"1#", "2#", "3#", "4号", "二车间", "三车间", "供应室", "检验科", "机房", "泵房",
	"配电室", "锅炉房", "涂装线", "教学楼", "办公楼", "污水站", "加药间", "中控室",
};
static const char *const equipment[] = {
	"喷砂机", "高压无气喷涂机", "烘干炉", "除湿机", "高压开关柜", "断路器", "变压器",
	"直流屏", "变频器", "软启动器", "送水泵", "计量泵", "格栅除污机", "引风机", "鼓风机",
	"汽包水位计", "软水器", "灭菌器", "清洗消毒机", "离心机", "生化分析仪", "纯水机",
	"监控摄像头", "硬盘录像机", "核心交换机", "门禁控制器", "广播主机", "道闸",
	"PLC控制柜", "触摸屏", "温控器", "电动阀门", "电磁流量计", "超声波液位计", "浊度仪",
	"电容补偿柜", "母线槽", "综保装置",
};
static const char *const symptoms[] = {
	"无法启动", "运行时异响", "振动明显", "报过流故障(OC3)", "报“缺相”故障",
	"温度过高报警", "显示不正常", "频繁跳闸", "通讯中断", "压力上不去", "漏水",
	"漏油", "有焦味", "数据不刷新", "偶尔死机", "画面全黑", "读数偏差大", "合不上闸",
	"不出砂", "指示灯不亮", "转速调不下来", "报E07故障,复位后能运行",
};
static const char *const since[] = {
	"从昨天开始。", "本周一开始出现。", "已持续三天。", "今早开机后出现。", "夜班时发现。",
	"上次检修后就有这个问题。", "连续下雨以后出现。",
};
static const char *const tried[] = {
	"已重启设备,无效。", "已更换保险丝,故障依旧。", "已检查接线,未发现松动。",
	"复位后可以运行,但过一段时间又出现。", "已清理滤网,略有好转。", "尚未处理。",
};
static const char *const asks[] = {
	"请尽快派人到现场处理。", "请电话指导。", "请安排工程师上门。",
	"影响生产,请务必今天来人。", "请确认是否在保修期内。", "请报价。",
};
static const char *const questions[] = {
	"设备操作手册丢失,请寄一份纸质版操作及维修手册(含电气图纸)。",
	"询问设备保修期到哪天为止,以及保修期满后维修如何收费。",
	"控制软件有新版本吗?请联系我方设备科安排升级时间。",
	"年度巡检请提前电话联系,我方需要安排停机时间。",
	"进口备件请按欧元报价:上次报价单为€1,280.00/只,请确认是否含税。",
	"新来的操作人员需要培训,请安排工程师来讲一次课。",
};
static const char *const engineers[] = { "zhangwei", "liqiang", "zhaomin", "sunhao" };
static const char *const faults[] = { "mech", "elec", "ctrl", "install", "part", "usage", "other" };
static const char *const solutions[] = {
	"更换轴承并重新校正联轴器", "更换驱动板,恢复出厂参数后重新调试", "远程登录修改变频器参数",
	"电话指导客户清理滤网并复位", "更换压力传感器", "紧固接线端子,更换熔断器",
	"升级控制软件至新版本", "邮件发送操作说明及电气图纸",
};
static const char *const confirmers[] = { "王工", "李工", "张科长", "陈主任", "刘师傅", "赵经理" };
static const char *const operators[] = { "wangli", "chenjing" };
static const char *const complaint_classes[] = { "quality", "nonquality", "other" };

static const struct {
	const char *login, *name, *phone;
	int role;
} staff_rows[] = {
	/* the supervisor first: once the staff list has a row, only a supervisor may add to it */
	{ "liuyang",  "刘洋", "13915611280",   ROLE_SUPERVISOR },
	{ "wangli",   "王丽", "0512-58639750", ROLE_OPERATOR },
	{ "chenjing", "陈静", "0512-58639751", ROLE_OPERATOR },
	{ "zhangwei", "张伟", "13962213318",   ROLE_ENGINEER },
	{ "liqiang",  "李强", "13771936025",   ROLE_ENGINEER },
	{ "zhaomin",  "赵敏", "15850012467",   ROLE_ENGINEER },
	{ "sunhao",   "孙浩", "18906221093",   ROLE_ENGINEER },
	{ "zhougang", "周刚", "13506221176",   ROLE_STOREKEEPER },
};

/* The supervisor who opens the generated databases (adding people needs one). */
#define STAFF_OWNER "liuyang"

/*
 * The staff list, the supervisor first: on a new database anyone may add the
 * first person, after that only a supervisor on the list.
 */
static int
put_staff(store *st, sd_err *err)
{
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < SD_ARRAY_LEN(staff_rows); i++) {
			sd_staff s = { (char *)staff_rows[i].login, (char *)staff_rows[i].name,
			               (char *)staff_rows[i].phone, staff_rows[i].role, true };
			int rc;

			if ((staff_rows[i].role == ROLE_SUPERVISOR) != (pass == 0))
				continue;
			if ((rc = staff_put(st, &s, err)) != SD_OK)
				return rc;
		}
	}
	return SD_OK;
}

/* One generated request (strings in the row's buffers). */
typedef struct gen_row {
	buf customer, requester, phone, serial, item;
	int channel, fax_pages, priority;
} gen_row;

static void
gen_customer(rng *r, buf *b)
{
	buf_reset(b);
	buf_puts(b, PICK(r, cities));
	if (rng_below(r, 100) < 25) {
		buf_puts(b, "市");
		buf_puts(b, PICK(r, public_orgs));
	} else {
		buf_puts(b, PICK(r, brands));
		buf_puts(b, PICK(r, org_types));
	}
}

static void
gen_row_fill(rng *r, gen_row *g)
{
	int x;

	gen_customer(r, &g->customer);
	buf_reset(&g->requester);
	buf_puts(&g->requester, PICK(r, surnames));
	buf_puts(&g->requester, PICK(r, given));
	buf_reset(&g->phone);
	if (rng_below(r, 100) < 55)
		buf_printf(&g->phone, "%s%08d", PICK(r, mobile_prefix), rng_below(r, 100000000));
	else
		buf_printf(&g->phone, "%s-%08d", PICK(r, area_codes), 50000000 + rng_below(r, 40000000));
	buf_reset(&g->serial);
	if (rng_below(r, 100) < 80)
		buf_printf(&g->serial, "%s%d-%04d", PICK(r, serial_prefix), 2015 + rng_below(r, 11),
		           rng_below(r, 10000));

	buf_reset(&g->item);
	x = rng_below(r, 100);
	if (x < 12) {
		buf_puts(&g->item, PICK(r, questions));
		g->priority = 4;
	} else if (x < 24) {
		/* as written on a fax form: several lines */
		buf_printf(&g->item, "现象:%s%s%s\n开始时间:%s\n已处理:%s\n%s", PICK(r, places),
		           PICK(r, equipment), PICK(r, symptoms), PICK(r, since), PICK(r, tried), PICK(r, asks));
		g->priority = 1 + rng_below(r, 3);
	} else {
		buf_printf(&g->item, "%s%s%s,%s%s", PICK(r, places), PICK(r, equipment),
		           PICK(r, symptoms), PICK(r, since), PICK(r, asks));
		g->priority = 1 + rng_below(r, 3);
	}
	x = rng_below(r, 100);
	g->channel = x < 30 ? CH_FAX : x < 68 ? CH_PHONE : x < 83 ? CH_EMAIL : x < 90 ? CH_LETTER : CH_VISIT;
	g->fax_pages = g->channel == CH_FAX ? 1 + rng_below(r, 3) : 0;
}

static void
gen_row_free(gen_row *g)
{
	buf_free(&g->customer);
	buf_free(&g->requester);
	buf_free(&g->phone);
	buf_free(&g->serial);
	buf_free(&g->item);
}

/* ---------------------------------------------------------------- dates */

static long
days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void
civil_from_days(long z, int *y, int *m, int *d)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

static void
format_minutes(long t, char out[17])
{
	int y, mo, d;
	unsigned long m = (unsigned long)t % 1440;

	civil_from_days(t / 1440, &y, &mo, &d);
	snprintf(out, 17, "%04u-%02u-%02u %02lu:%02lu", (unsigned)y % 10000, (unsigned)mo % 100,
	         (unsigned)d % 100, m / 60 % 24, m % 60);
}

/*
 * Time of row i of n: n rows spread over `days` days ending yesterday,
 * 08:00-18:00 on each day, in increasing order.
 */
static long
row_time(long i, long n, long first_day, long days)
{
	long day = first_day + i * days / n;
	long lo = (day - first_day) * n / days, hi = (day - first_day + 1) * n / days;
	long span = hi > lo ? hi - lo : 1;

	while (lo > i) {   /* integer rounding at day edges */
		day--;
		lo = (day - first_day) * n / days;
	}
	return day * 1440 + 8 * 60 + (i - lo) * 600 / span;
}

static long
today_days(void)
{
	char now[17];
	int y = 0, m = 0, d = 0;

	store_now(now);
	sscanf(now, "%d-%d-%d", &y, &m, &d);
	return days_from_civil(y, m, d);
}

/* ---------------------------------------------------------------- csv */

static void
csv_field(buf *b, const char *s)
{
	if (!strpbrk(s, ",\"\r\n")) {
		buf_puts(b, s);
		return;
	}
	buf_putc(b, '"');
	for (; *s; s++) {
		if (*s == '"')
			buf_putc(b, '"');
		buf_putc(b, *s);
	}
	buf_putc(b, '"');
}

/* Convert b (whole UTF-8 rows) to GB18030 and write it. */
#define OUT_SIZE (1 << 22)

static int
flush_gb(iconv_t cd, buf *b, char *out, FILE *f, const char *path)
{
	char *in = b->data;
	size_t inleft = b->len;

	while (inleft > 0) {
		char *o = out;
		size_t oleft = OUT_SIZE;

		if (iconv(cd, &in, &inleft, &o, &oleft) == (size_t)-1 && errno != E2BIG) {
			fprintf(stderr, "mkdata: %s: conversion to GB18030 failed: %s\n", path, strerror(errno));
			return 1;
		}
		if (fwrite(out, 1, (size_t)(o - out), f) != (size_t)(o - out)) {
			fprintf(stderr, "mkdata: %s: %s\n", path, strerror(errno));
			return 1;
		}
	}
	buf_reset(b);
	return 0;
}

static int
cmd_csv(long n, const char *path)
{
	static const char header[] = "regno,received_at,channel,fax_pages,customer,requester,phone,serial,"
	                             "priority,received_by,handed_to,handed_at,status,void_reason,dup_of,item1\r\n";
	rng r = { 4242 };
	gen_row g = { 0 };
	buf b = { 0 };
	iconv_t cd = iconv_open("GB18030", "UTF-8");
	FILE *f = fopen(path, "wb");
	char *out = xmalloc(OUT_SIZE);
	long today = today_days(), days = 365;
	int rc = 0;

	if (!f || cd == (iconv_t)-1) {
		fprintf(stderr, "mkdata: %s: %s\n", path, strerror(errno));
		free(out);
		return 74;
	}
	buf_puts(&b, header);
	for (long i = 0; i < n && rc == 0; i++) {
		char at[17];

		gen_row_fill(&r, &g);
		format_minutes(row_time(i, n, today - days, days), at);
		buf_printf(&b, ",%s,%s,", at, intake_channel_code(g.channel));
		if (g.fax_pages)
			buf_printf(&b, "%d", g.fax_pages);
		buf_putc(&b, ',');
		csv_field(&b, buf_str(&g.customer));
		buf_putc(&b, ',');
		csv_field(&b, buf_str(&g.requester));
		buf_putc(&b, ',');
		csv_field(&b, buf_str(&g.phone));
		buf_putc(&b, ',');
		csv_field(&b, buf_str(&g.serial));
		buf_printf(&b, ",P%d,%s,,,open,,,", g.priority, PICK(&r, operators));
		csv_field(&b, buf_str(&g.item));
		buf_puts(&b, "\r\n");
		if (b.len > (1 << 20))
			rc = flush_gb(cd, &b, out, f, path);
	}
	if (rc == 0)
		rc = flush_gb(cd, &b, out, f, path);
	if (fclose(f) != 0 && rc == 0) {
		fprintf(stderr, "mkdata: %s: %s\n", path, strerror(errno));
		rc = 1;
	}
	iconv_close(cd);
	free(out);
	buf_free(&b);
	gen_row_free(&g);
	return rc ? 74 : 0;
}

/* ---------------------------------------------------------------- db */

static int
step_done(store *st, sqlite3_stmt *s, const char *what, sd_err *err)
{
	int rc = sqlite3_step(s);

	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return store_fail(st, rc, what, err);
	return SD_OK;
}

static int
put_month(store *st, sqlite3_stmt *s, const char *month, long last, sd_err *err)
{
	sqlite3_bind_text(s, 1, month, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 2, last);
	return step_done(st, s, "month_seq", err);
}

/* ---------------------------------------------------------------- ledger */

#define LEDGER_SHARE 33          /* percent of the handed requests in the ledger */
#define LEDGER_STALE 5           /* per mille of old entries left open */

/* What the ledger rows are made with. */
struct ledger_gen {
	rng r;                       /* a stream of its own: the requests stay as they were */
	workcal *cal;
	sqlite3_stmt *ins;
	long count, open;
	sla_policy pol[5];           /* by priority 1..4 */
	long now;                    /* minutes, as store_now */
};

static void
ledger_gen_free(struct ledger_gen *lg)
{
	workcal_free(lg->cal);
	lg->cal = NULL;
}

static int
ledger_gen_init(store *st, struct ledger_gen *lg, sd_err *err)
{
	char now[17], digest[17];
	sd_time t;
	int rc;

	if ((rc = workcal_parse("built-in calendar", workcal_builtin_text(), &lg->cal, err)) != SD_OK)
		return rc;
	for (int p = 1; p <= 4; p++)
		if ((rc = ledger_policy(st, p, NULL, &lg->pol[p], err)) != SD_OK)
			return rc;
	store_now(now);
	lg->now = time_parse(now, &t) ? (long)t : 0;
	/* the due times below were computed with this calendar */
	snprintf(digest, sizeof digest, "%016llx", (unsigned long long)workcal_digest(lg->cal));
	if ((rc = store_set_setting(st, "calendar_digest", digest, err)) != SD_OK)
		return rc;
	lg->ins = store_prepare(st,
		"INSERT INTO ledger (request_id, state, responsible, responsible_at, engineer, engineer_at, "
		"service_mode, fault_code, solution, proposed_at, first_contact_at, planned_visit_at, "
		"arrived_at, cleared_at, confirmed_by, confirmed_at, confirmed_how, closed_at, "
		"unresolvable_reason, version, reply_due, respond_due, diagnose_due, onsite_due, clear_due, "
		"escalate_due, next_due) "
		"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", err);
	return lg->ins ? SD_OK : err->status;
}

/* Bind minutes t as a time, or NULL when t < 0. */
static void
bind_minutes(sqlite3_stmt *s, int i, long t)
{
	char b[17];

	if (t < 0) {
		sqlite3_bind_null(s, i);
		return;
	}
	format_minutes(t, b);
	sqlite3_bind_text(s, i, b, -1, SQLITE_TRANSIENT);
}

static void
bind_opt_text(sqlite3_stmt *s, int i, const char *v, bool set)
{
	if (set && v)
		sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, i);
}

/*
 * The ledger entry of request id, received at t and handed at handed:
 * the whole life of the entry, cut at the present (or, for a few old
 * entries, left open at some step).
 */
static int
put_ledger(store *st, struct ledger_gen *lg, long long id, long t, long handed,
           const char *engineer, int priority, sd_err *err)
{
	enum { K_TAKE, K_ASSIGN, K_PROPOSE, K_ARRIVE, K_CLEAR, K_CONFIRM, K_CLOSE, K_N };
	static const int state_after[K_N] = {
		LS_REGISTERED, LS_ASSIGNED, LS_PROPOSED, LS_IN_SERVICE, LS_AWAITING, LS_AWAITING, LS_CLOSED
	};
	rng *r = &lg->r;
	const sla_policy *pol = &lg->pol[priority >= 1 && priority <= 4 ? priority : 3];
	int x = rng_below(r, 100);
	int mode = x < 35 ? MODE_ONSITE : x < 70 ? MODE_PHONE : x < 90 ? MODE_REMOTE : MODE_EMAIL;
	long at[K_N], planned = -1, respond = sla_budget(pol, CLOCK_RESPOND);
	int reached, state, how;
	bool unresolvable = rng_below(r, 1000) < 12;
	sd_time due[CLOCK_COUNT], next = SD_NO_TIME;
	long done[CLOCK_COUNT];
	sqlite3_stmt *s = lg->ins;

	at[K_TAKE] = handed + 5 + rng_below(r, 55);
	at[K_ASSIGN] = at[K_TAKE] + 5 + rng_below(r, 55);
	/* the response: mostly within the commitment, some late */
	at[K_PROPOSE] = t + (respond > 0 ? respond : 240) * (30 + rng_below(r, 130)) / 100;
	if (at[K_PROPOSE] < at[K_ASSIGN] + 5)
		at[K_PROPOSE] = at[K_ASSIGN] + 5;
	if (mode == MODE_ONSITE) {
		planned = at[K_PROPOSE] + 120 + rng_below(r, 1080);
		at[K_ARRIVE] = planned - 30 + rng_below(r, 150);
		if (at[K_ARRIVE] < at[K_PROPOSE])
			at[K_ARRIVE] = at[K_PROPOSE];
		at[K_CLEAR] = at[K_ARRIVE] + 60 + rng_below(r, 420);
	} else {
		at[K_ARRIVE] = at[K_PROPOSE] + 5 + rng_below(r, 25);
		at[K_CLEAR] = at[K_ARRIVE] + 10 + rng_below(r, 230);
	}
	at[K_CONFIRM] = at[K_CLEAR] + 10 + rng_below(r, 2870);
	at[K_CLOSE] = at[K_CONFIRM] + rng_below(r, 60);
	how = mode == MODE_ONSITE && rng_below(r, 100) < 70 ? HOW_CARD
	    : rng_below(r, 100) < 80 ? HOW_PHONE : HOW_FAX;

	for (reached = 0; reached < K_N && at[reached] <= lg->now; reached++)
		;
	if (reached == 0)
		return SD_OK;        /* not taken in yet */
	if (t < lg->now - 60L * 1440 && rng_below(r, 1000) < LEDGER_STALE)
		reached = 1 + rng_below(r, K_CONFIRM);    /* left open at some step */
	state = state_after[reached - 1];
	if (unresolvable && reached == K_N) {
		/* declared unresolvable after the response instead of cleared */
		state = LS_UNRESOLVABLE;
		reached = K_ARRIVE;
		at[K_CLOSE] = at[K_PROPOSE] + 60 + rng_below(r, 2880);
		if (at[K_CLOSE] > lg->now)
			at[K_CLOSE] = lg->now;
	}

	/* the clocks, as ledger.c computes them: start at receipt, the policy of the priority */
	/* the first contact is the proposal; no diagnosis and no escalation are recorded */
	done[CLOCK_REPLY] = reached > K_PROPOSE ? at[K_PROPOSE] : -1;
	done[CLOCK_RESPOND] = reached > K_PROPOSE ? at[K_PROPOSE] : -1;
	done[CLOCK_DIAGNOSE] = -1;
	done[CLOCK_ONSITE] = reached > K_ARRIVE ? at[K_ARRIVE] : -1;
	done[CLOCK_CLEAR] = reached > K_CLEAR ? at[K_CLEAR] : -1;
	done[CLOCK_ESCALATE] = reached > K_PROPOSE ? at[K_PROPOSE] : -1;
	for (int c = 0; c < CLOCK_COUNT; c++) {
		long budget = sla_budget(pol, c);

		due[c] = SD_NO_TIME;
		if (budget <= 0)
			continue;
		if (c == CLOCK_ONSITE && reached > K_PROPOSE && mode != MODE_ONSITE)
			continue;    /* not applicable to the service mode */
		sla_due_dur(lg->cal, NULL, t, pol->d[c], NULL, 0, &due[c], NULL);
		if (state != LS_CLOSED && state != LS_UNRESOLVABLE && done[c] < 0 &&
		    due[c] != SD_NO_TIME && (next == SD_NO_TIME || due[c] < next))
			next = due[c];
	}

	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_text(s, 2, ledger_state_code(state), -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, rng_below(r, 100) < 70 ? "liuyang" : engineer, -1, SQLITE_STATIC);
	bind_minutes(s, 4, at[K_TAKE]);
	bind_opt_text(s, 5, engineer, reached > K_ASSIGN);
	bind_minutes(s, 6, reached > K_ASSIGN ? at[K_ASSIGN] : -1);
	bind_opt_text(s, 7, ledger_mode_code(mode), reached > K_PROPOSE);
	bind_opt_text(s, 8, PICK(r, faults), reached > K_PROPOSE);
	bind_opt_text(s, 9, mode == MODE_REMOTE ? solutions[2] : mode == MODE_EMAIL ? solutions[7] :
	                    PICK(r, solutions), reached > K_PROPOSE);
	bind_minutes(s, 10, reached > K_PROPOSE ? at[K_PROPOSE] : -1);
	bind_minutes(s, 11, reached > K_PROPOSE ? at[K_PROPOSE] : -1);
	bind_minutes(s, 12, reached > K_PROPOSE ? planned : -1);
	bind_minutes(s, 13, reached > K_ARRIVE ? at[K_ARRIVE] : -1);
	bind_minutes(s, 14, reached > K_CLEAR ? at[K_CLEAR] : -1);
	bind_opt_text(s, 15, PICK(r, confirmers), reached > K_CONFIRM);
	bind_minutes(s, 16, reached > K_CONFIRM ? at[K_CONFIRM] : -1);
	bind_opt_text(s, 17, ledger_how_code(how), reached > K_CONFIRM);
	bind_minutes(s, 18, reached > K_CLOSE || state == LS_UNRESOLVABLE ? at[K_CLOSE] : -1);
	bind_opt_text(s, 19, "现场条件不具备,已向用户说明原因", state == LS_UNRESOLVABLE);
	sqlite3_bind_int(s, 20, reached + (state == LS_UNRESOLVABLE));
	for (int c = 0; c < CLOCK_COUNT; c++)
		bind_minutes(s, 21 + c, due[c] == SD_NO_TIME ? -1 : (long)due[c]);
	bind_minutes(s, 21 + CLOCK_COUNT, next == SD_NO_TIME ? -1 : (long)next);
	lg->count++;
	if (state != LS_CLOSED && state != LS_UNRESOLVABLE)
		lg->open++;
	return step_done(st, s, "ledger", err);
}

static int
cmd_db(long n, const char *path, int years)
{
	rng r = { 777 };
	gen_row g = { 0 };
	buf body = { 0 };
	sd_err err;
	store *st;
	sqlite3_stmt *ins_req, *ins_item, *ins_fts, *ins_month;
	long today = today_days(), days = (long)years * 365;
	char month[7] = "", regno[24], prev_regno[24] = "";
	long seq = 0;
	struct ledger_gen lr = { .r = { 31337 } };
	int rc;

	if (access(path, F_OK) == 0) {
		fprintf(stderr, "mkdata: %s exists; remove it first\n", path);
		return 64;
	}
	if ((rc = store_open(path, STORE_OPEN_CREATE, STAFF_OWNER, &st, &err)) != SD_OK) {
		fprintf(stderr, "mkdata: %s\n", err.msg);
		return rc;
	}
	if ((rc = put_staff(st, &err)) != SD_OK)
		goto fail;
	sqlite3_exec(store_db(st), "PRAGMA cache_size = -262144", NULL, NULL, NULL);
	if ((rc = store_begin(st, &err)) != SD_OK)
		goto fail;
	ins_req = store_prepare(st,
		"INSERT INTO request (id, regno, month, seq, received_at, channel, fax_pages, customer, "
		"requester, phone, serial, priority, received_by, handed_to, handed_at, status, "
		"void_reason, dup_of, visit_id) "
		"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)", &err);
	ins_item = store_prepare(st, "INSERT INTO request_item (request_id, pos, text) VALUES (?, ?, ?)", &err);
	ins_fts = store_prepare(st, "INSERT INTO request_fts (rowid, body) VALUES (?, ?)", &err);
	ins_month = store_prepare(st, "INSERT INTO month_seq (month, last) VALUES (?, ?)", &err);
	if (!ins_req || !ins_item || !ins_fts || !ins_month) {
		rc = err.status;
		goto fail_tx;
	}
	if ((rc = ledger_gen_init(st, &lr, &err)) != SD_OK)
		goto fail_tx;

	for (long i = 0; i < n; i++) {
		long long id = i + 1;
		long t = row_time(i, n, today - days, days);
		char at[17], handed[17], m[7];
		int x = rng_below(&r, 1000);
		bool dup = x < 5 && prev_regno[0];
		const char *handed_to = NULL;
		long handed_min = 0;

		if (!dup)
			gen_row_fill(&r, &g);   /* a likely duplicate repeats the previous row's customer and equipment */
		format_minutes(t, at);
		snprintf(m, sizeof m, "%.4s%.2s", at, at + 5);
		if (strcmp(m, month) != 0) {
			if (month[0] && (rc = put_month(st, ins_month, month, seq, &err)) != SD_OK)
				goto fail_tx;
			memcpy(month, m, sizeof month);
			seq = 0;
		}
		intake_format_regno(regno, month, ++seq);

		sqlite3_bind_int64(ins_req, 1, id);
		sqlite3_bind_text(ins_req, 2, regno, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins_req, 3, month, -1, SQLITE_STATIC);
		sqlite3_bind_int64(ins_req, 4, seq);
		sqlite3_bind_text(ins_req, 5, at, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins_req, 6, intake_channel_code(g.channel), -1, SQLITE_STATIC);
		if (g.fax_pages)
			sqlite3_bind_int(ins_req, 7, g.fax_pages);
		else
			sqlite3_bind_null(ins_req, 7);
		sqlite3_bind_text(ins_req, 8, buf_str(&g.customer), -1, SQLITE_STATIC);
		sqlite3_bind_text(ins_req, 9, buf_str(&g.requester), -1, SQLITE_STATIC);
		sqlite3_bind_text(ins_req, 10, buf_str(&g.phone), -1, SQLITE_STATIC);
		if (g.serial.len)
			sqlite3_bind_text(ins_req, 11, buf_str(&g.serial), -1, SQLITE_STATIC);
		else
			sqlite3_bind_null(ins_req, 11);
		sqlite3_bind_int(ins_req, 12, g.priority);
		sqlite3_bind_text(ins_req, 13, PICK(&r, operators), -1, SQLITE_STATIC);
		if (i > n - 200 && rng_below(&r, 100) < 60) {
			/* the newest requests are still waiting for the technical department */
			sqlite3_bind_null(ins_req, 14);
			sqlite3_bind_null(ins_req, 15);
			sqlite3_bind_text(ins_req, 16, "open", -1, SQLITE_STATIC);
			sqlite3_bind_null(ins_req, 17);
		} else if (x >= 995) {
			sqlite3_bind_null(ins_req, 14);
			sqlite3_bind_null(ins_req, 15);
			sqlite3_bind_text(ins_req, 16, "void", -1, SQLITE_STATIC);
			sqlite3_bind_text(ins_req, 17, "客户来电撤回,设备已恢复正常。", -1, SQLITE_STATIC);
		} else {
			handed_min = t + 5 + rng_below(&r, 115);
			format_minutes(handed_min, handed);
			handed_to = PICK(&r, engineers);
			sqlite3_bind_text(ins_req, 14, handed_to, -1, SQLITE_STATIC);
			sqlite3_bind_text(ins_req, 15, handed, -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(ins_req, 16, "handed", -1, SQLITE_STATIC);
			sqlite3_bind_null(ins_req, 17);
		}
		if (dup)
			sqlite3_bind_text(ins_req, 18, prev_regno, -1, SQLITE_TRANSIENT);
		else
			sqlite3_bind_null(ins_req, 18);
		if ((rc = step_done(st, ins_req, "request", &err)) != SD_OK)
			goto fail_tx;

		sqlite3_bind_int64(ins_item, 1, id);
		sqlite3_bind_int(ins_item, 2, 1);
		sqlite3_bind_text(ins_item, 3, buf_str(&g.item), -1, SQLITE_STATIC);
		if ((rc = step_done(st, ins_item, "request_item", &err)) != SD_OK)
			goto fail_tx;

		/* the same body as intake.c: customer, requester, phone, serial, items, one a line */
		buf_reset(&body);
		buf_printf(&body, "%s\n%s\n%s\n%s\n%s", buf_str(&g.customer), buf_str(&g.requester),
		           buf_str(&g.phone), buf_str(&g.serial), buf_str(&g.item));
		sqlite3_bind_int64(ins_fts, 1, id);
		sqlite3_bind_text(ins_fts, 2, buf_str(&body), -1, SQLITE_STATIC);
		if ((rc = step_done(st, ins_fts, "request_fts", &err)) != SD_OK)
			goto fail_tx;
		if (handed_to && rng_below(&lr.r, 100) < LEDGER_SHARE &&
		    (rc = put_ledger(st, &lr, id, t, handed_min, handed_to, g.priority, &err)) != SD_OK)
			goto fail_tx;
		memcpy(prev_regno, regno, sizeof prev_regno);
		if (isatty(2) && (i + 1) % 50000 == 0)
			fprintf(stderr, "\rmkdata: %ld rows", i + 1);
	}
	if (month[0] && (rc = put_month(st, ins_month, month, seq, &err)) != SD_OK)
		goto fail_tx;
	if (isatty(2))
		fprintf(stderr, "\r");
	if ((rc = store_commit(st, &err)) != SD_OK)
		goto fail;
	sqlite3_exec(store_db(st), "PRAGMA wal_checkpoint(TRUNCATE); ANALYZE", NULL, NULL, NULL);
	if (isatty(2))
		fprintf(stderr, "mkdata: %ld ledger entries, %ld open\n", lr.count, lr.open);
	ledger_gen_free(&lr);
	store_close(st);
	gen_row_free(&g);
	buf_free(&body);
	return 0;
fail_tx:
	store_rollback(st);
fail:
	fprintf(stderr, "mkdata: %s\n", err.msg);
	ledger_gen_free(&lr);
	store_close(st);
	gen_row_free(&g);
	buf_free(&body);
	return rc ? rc : 70;
}

/* ---------------------------------------------------------------- timings */

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* Median time in ms of TIME_RUNS fetches of one page; *rows gets the row count. */
static int
time_page(store *st, const sd_req_query *q, enum sd_page_from from, double *median, int *rows)
{
	sd_req_row page[PAGE_ROWS];
	double t[TIME_RUNS];
	sd_err err;
	int n = 0;

	for (int k = 0; k < TIME_RUNS; k++) {
		double t0 = now_ms();
		int rc = intake_page(st, q, from, NULL, PAGE_ROWS, page, &n, &err);

		t[k] = now_ms() - t0;
		if (rc != SD_OK) {
			fprintf(stderr, "mkdata: %s\n", err.msg);
			return rc;
		}
		for (int i = 0; i < n; i++)
			intake_row_free(&page[i]);
	}
	qsort(t, TIME_RUNS, sizeof t[0], cmp_double);
	*median = t[TIME_RUNS / 2];
	*rows = n;
	return SD_OK;
}

static int
open_existing(const char *path, store **st)
{
	sd_err err;
	int rc = store_open(path, STORE_OPEN_EXISTING, "mkdata", st, &err);

	if (rc != SD_OK)
		fprintf(stderr, "mkdata: %s\n", err.msg);
	return rc;
}

static int
cmd_time_list(const char *path)
{
	sd_req_query q;
	store *st;
	double first, last;
	int n1, n2, rc;

	if ((rc = open_existing(path, &st)) != SD_OK)
		return rc;
	intake_query_init(&q);
	if ((rc = time_page(st, &q, PAGE_FIRST, &first, &n1)) == SD_OK &&
	    (rc = time_page(st, &q, PAGE_LAST, &last, &n2)) == SD_OK)
		printf("first_ms=%.3f first_rows=%d last_ms=%.3f last_rows=%d\n", first, n1, last, n2);
	store_close(st);
	return rc;
}

static int
cmd_time_search(const char *path, const char *text)
{
	sd_req_query q;
	store *st;
	double first, last;
	int n1, n2, rc;

	if ((rc = open_existing(path, &st)) != SD_OK)
		return rc;
	intake_query_init(&q);
	q.search = text;
	if ((rc = time_page(st, &q, PAGE_FIRST, &first, &n1)) == SD_OK &&
	    (rc = time_page(st, &q, PAGE_LAST, &last, &n2)) == SD_OK)
		printf("first_ms=%.3f first_rows=%d last_ms=%.3f last_rows=%d\n", first, n1, last, n2);
	store_close(st);
	return rc;
}

static int
cmd_time_ledger_overdue(const char *path)
{
	sd_ledger_row page[PAGE_ROWS];
	sd_ledger_query q;
	double t[TIME_RUNS];
	sd_err err;
	store *st;
	int n = 0, rc;

	if ((rc = open_existing(path, &st)) != SD_OK)
		return rc;
	ledger_query_init(&q);
	q.due_only = true;
	for (int k = 0; k < TIME_RUNS && rc == SD_OK; k++) {
		double t0 = now_ms();

		rc = ledger_page(st, &q, PAGE_FIRST, NULL, PAGE_ROWS, page, &n, &err);
		t[k] = now_ms() - t0;
		if (rc != SD_OK) {
			fprintf(stderr, "mkdata: %s\n", err.msg);
			break;
		}
		for (int i = 0; i < n; i++)
			ledger_row_free(&page[i]);
	}
	if (rc == SD_OK) {
		qsort(t, TIME_RUNS, sizeof t[0], cmp_double);
		printf("first_ms=%.3f first_rows=%d\n", t[TIME_RUNS / 2], n);
	}
	store_close(st);
	return rc;
}

/* ---------------------------------------------------------------- spare-parts store */

/* A category of spare parts: part-number prefix and what its rows look like. */
static const struct part_kind {
	const char *prefix, *unit;
	const char *const names[4];
	const char *const specs[6];
	const char *const makers[5];
	int cost_lo, cost_hi;         /* unit cost in yuan */
	int rp_lo, rp_hi;             /* reorder point */
} part_kinds[] = {
	{ "BRG", "套", { "深沟球轴承", "圆锥滚子轴承", "调心滚子轴承", "角接触球轴承" },
	  { "6205-2RS 25×52×15", "6308-ZZ 40×90×23", "30207 35×72×18.25", "22212CA/W33",
	    "7206AC 30×62×16", "6004-2RS 20×42×12" },
	  { "SKF", "NSK", "FAG", "哈轴", "瓦轴" }, 15, 800, 2, 20 },
	{ "SEAL", "个", { "骨架油封", "机械密封", "O型密封圈", "泵用机封" },
	  { "TC 35×52×7 丁腈", "TC 45×62×8 氟橡胶", "MG1-35 碳化硅/石墨", "Φ50×3.1 氟橡胶",
	    "104-25 不锈钢", "TG 30×47×7" },
	  { "NOK", "宁波伏尔肯", "约翰克兰", "鼎名", "中鼎" }, 3, 1200, 5, 40 },
	{ "FLT", "支", { "液压油滤芯", "空气滤芯", "精密过滤器滤芯", "纯水机预处理滤芯" },
	  { "HX-160×10 10μm", "PP棉 10寸 5μm", "C1140 1400×200", "ZNGL02010301 20μm",
	    "活性炭 20寸", "RO膜 4040" },
	  { "黎明", "颇尔", "曼牌", "唐纳森", "海德福" }, 20, 1600, 4, 30 },
	{ "FUS", "只", { "熔断器熔芯", "快速熔断器", "圆筒形熔断器", "半导体保护熔断器" },
	  { "RT18-32 10A 500V", "RT14-20 6A", "RS3 100A 500V", "NGTC1 250A",
	    "RT28N-32 16A", "170M3817 315A" },
	  { "正泰", "德力西", "茗熔", "巴斯曼", "西门子" }, 2, 450, 10, 60 },
	{ "CTR", "只", { "交流接触器", "直流接触器", "真空接触器", "辅助触头" },
	  { "CJX2-1810 AC220V", "CJX2-3210 AC380V", "LC1D25M7C", "3RT6026-1AN20",
	    "CKJ5-400/1.14", "F4-22" },
	  { "施耐德", "正泰", "西门子", "ABB", "德力西" }, 40, 2600, 2, 15 },
	{ "RLY", "只", { "中间继电器", "时间继电器", "热过载继电器", "固态继电器" },
	  { "MY2NJ DC24V", "MY4N-J AC220V", "JSZ3A-B 0-60s", "JR36-20 14-22A",
	    "SSR-40DA", "RXM4AB2BD" },
	  { "欧姆龙", "施耐德", "正泰", "天正", "魏德米勒" }, 8, 380, 6, 40 },
	{ "SNS", "只", { "压力传感器", "铂热电阻", "接近开关", "光电开关" },
	  { "PT100 Φ6×100 0-300℃", "MPM4760 0-1.6MPa 4-20mA", "LJ12A3-4-Z/BX NPN",
	    "E3Z-D61 漫反射", "PT124B-226 0-25MPa", "WZP-230 L=250" },
	  { "麦克", "欧姆龙", "倍加福", "上自仪", "川仪" }, 30, 2400, 2, 12 },
	{ "BLT", "根", { "三角带", "窄V带", "同步带", "平皮带" },
	  { "B-1600", "A-1250", "SPB-2360", "8M-1200-30", "XPZ-1030", "C-2845" },
	  { "三维", "盖茨", "三星", "阪东", "奥力" }, 12, 600, 4, 24 },
	{ "VLV", "台", { "电磁阀", "不锈钢球阀", "安全阀", "电动调节阀" },
	  { "DN25 PN16 AC220V", "DN50 PN16 304", "A48Y-16C DN40 整定1.25MPa", "4V210-08 DC24V",
	    "ZDLP-16P DN80", "DN15 PN40" },
	  { "亚德客", "费斯托", "良工", "方正", "上海自动化仪表" }, 45, 6800, 1, 8 },
	{ "PCB", "块", { "变频器驱动板", "主控板", "开关电源板", "显示操作面板" },
	  { "CNT-FF 系列 7.5kW", "SZDQ-KG 保护测控", "HG-GL 燃烧控制", "YQ-MJ 温控",
	    "RD-JK 主板 V2.1", "SB-PLC 扩展 I/O" },
	  { "华光", "驰耐特", "汇川", "英威腾", "台达" }, 300, 9800, 1, 4 },
	{ "IGBT", "只", { "IGBT模块", "整流桥模块", "晶闸管模块", "功率二极管" },
	  { "FF300R12KT4 300A/1200V", "SKKT 106/16E", "MDS100A1600V", "2MBI150U4A-120",
	    "CM200DY-24A", "FF450R17ME4" },
	  { "英飞凌", "赛米控", "富士", "三菱", "斯达" }, 180, 5200, 1, 6 },
	{ "CAP", "只", { "电解电容", "补偿电容", "薄膜电容", "启动电容" },
	  { "450V 4700μF", "BSMJ0.45-30-3", "CBB65 40μF 450V", "CD60 300μF 250V",
	    "BKMJ0.45-15-3", "MKP 1100V 5μF" },
	  { "正泰", "思源", "尼吉康", "法拉", "安徽铜峰" }, 10, 1800, 3, 20 },
	{ "NZL", "只", { "碳化硼喷嘴", "喷枪喷嘴", "雾化喷嘴", "高压无气喷嘴" },
	  { "Φ8 碳化硼", "Φ10 碳化钨", "517 型 0.017\"", "619 型 0.019\"", "Φ6 陶瓷", "2.0mm 不锈钢" },
	  { "固瑞克", "驰耐特", "瓦格纳", "长江", "海鑫" }, 25, 900, 4, 30 },
	{ "MTR", "台", { "三相异步电机", "减速电机", "直流电机", "伺服电机" },
	  { "Y2-90L-4 1.5kW", "YE3-132M-4 7.5kW", "R37 i=20.1 0.55kW", "Z4-112/2-1 5.5kW",
	    "1FK7063-5AF71", "Y2-160M-4 11kW" },
	  { "皖南电机", "大中电机", "西门子", "SEW", "江特" }, 650, 16000, 0, 3 },
};
static const char *const shelves[] = { "A", "B", "C", "D", "E" };
static const char *const adjust_reasons[] = {
	/* even: stock lost, odd: stock found */
	"月度盘点盘亏", "月度盘点盘盈", "搬运损坏报废", "账实不符更正", "受潮锈蚀报废", "供应商补发漏件",
};
static const char *const receipt_notes[] = {
	"采购入库", "供应商补货", "调拨入库", "紧急采购",
};
static const char *const stock_who[] = {
	"zhougang", "zhougang", "zhougang", "zhougang", "liuyang",
};

/* A part's state while its journal is generated. */
struct part_gen {
	long on_hand, out, rp, rq;
	int64_t avg, base, last_issue;
	bool neglected;
};

static int64_t
gen_average(long h, int64_t a, long q, int64_t c)
{
	__int128 num = (__int128)h * a + (__int128)q * c;
	__int128 den = (__int128)h + q;

	return den > 0 ? (int64_t)((2 * num + den) / (2 * den)) : a;
}

static int
cmd_stock(long nparts, long nmoves, const char *path)
{
	rng r = { 2024 };
	struct part_gen *pg = xcalloc((size_t)nparts, sizeof *pg);
	size_t nk = SD_ARRAY_LEN(part_kinds);
	long today = today_days(), days = 5 * 365, low = 0;
	sqlite3_stmt *ins_part = NULL, *ins_move = NULL, *upd_part = NULL;
	buf pn = { 0 }, name = { 0 }, spec = { 0 }, loc = { 0 };
	sd_err err;
	store *st;
	int rc;

	if (access(path, F_OK) == 0) {
		fprintf(stderr, "mkdata: %s exists; remove it first\n", path);
		free(pg);
		return 64;
	}
	if ((rc = store_open(path, STORE_OPEN_CREATE, STAFF_OWNER, &st, &err)) != SD_OK) {
		fprintf(stderr, "mkdata: %s\n", err.msg);
		free(pg);
		return rc;
	}
	if ((rc = put_staff(st, &err)) != SD_OK)
		goto fail;
	sqlite3_exec(store_db(st), "PRAGMA cache_size = -262144", NULL, NULL, NULL);
	if ((rc = store_begin(st, &err)) != SD_OK)
		goto fail;
	ins_part = store_prepare(st,
		"INSERT INTO part (id, part_no, name, spec, unit, brand, location, avg_cost_fen, on_hand, "
		"on_order, reorder_point, reorder_qty, active) VALUES (?, ?, ?, ?, ?, ?, ?, 0, 0, 0, ?, ?, ?)",
		&err);
	ins_move = store_prepare(st,
		"INSERT INTO stock_move (part_id, at, who, kind, qty, cost_fen, ledger_id, reason) "
		"VALUES (?, ?, ?, ?, ?, ?, NULL, ?)", &err);
	upd_part = store_prepare(st,
		"UPDATE part SET on_hand = ?2, avg_cost_fen = ?3, on_order = ?4 WHERE id = ?1", &err);
	if (!ins_part || !ins_move || !upd_part) {
		rc = err.status;
		goto fail_tx;
	}

	/* the parts master */
	for (long i = 0; i < nparts; i++) {
		const struct part_kind *k = &part_kinds[i % (long)nk];
		struct part_gen *p = &pg[i];
		long seq = i / (long)nk;

		buf_reset(&pn);
		/* four digits as on the maker's catalogue; a variant letter beyond 9000 */
		if (seq < 9000)
			buf_printf(&pn, "%s-%04ld", k->prefix, 1000 + seq);
		else
			buf_printf(&pn, "%s-%04ld%c", k->prefix, 1000 + seq % 9000, 'A' + (int)(seq / 9000 - 1) % 26);
		if (seq >= 9000 * 27)
			buf_printf(&pn, "%ld", seq / (9000 * 27));
		buf_reset(&name);
		buf_puts(&name, PICK(&r, k->names));
		buf_reset(&spec);
		buf_puts(&spec, PICK(&r, k->specs));
		buf_reset(&loc);
		buf_printf(&loc, "%s-%02d-%02d", PICK(&r, shelves), 1 + rng_below(&r, 24), 1 + rng_below(&r, 6));
		p->rp = k->rp_lo + rng_below(&r, k->rp_hi - k->rp_lo + 1);
		p->rq = p->rp + 2 + rng_below(&r, 2 * p->rp + 10);
		p->base = 100LL * (k->cost_lo + rng_below(&r, k->cost_hi - k->cost_lo + 1)) + rng_below(&r, 100);
		p->neglected = rng_below(&r, 100) < 8;
		sqlite3_bind_int64(ins_part, 1, i + 1);
		sqlite3_bind_text(ins_part, 2, buf_str(&pn), -1, SQLITE_STATIC);
		sqlite3_bind_text(ins_part, 3, buf_str(&name), -1, SQLITE_STATIC);
		sqlite3_bind_text(ins_part, 4, buf_str(&spec), -1, SQLITE_STATIC);
		sqlite3_bind_text(ins_part, 5, k->unit, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins_part, 6, PICK(&r, k->makers), -1, SQLITE_STATIC);
		sqlite3_bind_text(ins_part, 7, buf_str(&loc), -1, SQLITE_STATIC);
		sqlite3_bind_int64(ins_part, 8, p->rp);
		sqlite3_bind_int64(ins_part, 9, p->rq);
		sqlite3_bind_int(ins_part, 10, rng_below(&r, 1000) >= 15);
		if ((rc = step_done(st, ins_part, "part", &err)) != SD_OK)
			goto fail_tx;
	}

	/* the journal, oldest first over five years */
	for (long i = 0; i < nmoves; i++) {
		char at[17];
		bool late = i > nmoves - nmoves / 8;    /* the last months: some parts no longer reordered */
		int kind = -1;
		long qty = 0, id = 0;
		int64_t cost = 0;
		const char *reason = NULL;
		struct part_gen *p = NULL;

		for (int tries = 0; tries < 40 && kind < 0; tries++) {
			double u = (double)(rng_next(&r) >> 11) / 9007199254740992.0;
			long k = (long)((double)nparts * u * u);    /* a few parts move often, most seldom */
			int x = rng_below(&r, 100);

			id = (long)(((unsigned long long)k * 2654435761ULL) % (unsigned long long)nparts);
			p = &pg[id];
			if (p->on_hand <= p->rp && !(late && p->neglected) && x < 85) {
				kind = MOVE_RECEIPT;
				qty = p->rq + rng_below(&r, p->rq / 2 + 1);
				cost = p->base * (90 + rng_below(&r, 26)) / 100;
				if (rng_below(&r, 100) < 30)
					reason = PICK(&r, receipt_notes);
			} else if (x < 3) {
				qty = rng_below(&r, 2) ? 1 + rng_below(&r, 2) : -(1 + rng_below(&r, 2));
				if (p->on_hand + qty < 0)
					continue;
				kind = MOVE_ADJUST;
				cost = p->avg;
				reason = adjust_reasons[(qty > 0) + 2 * rng_below(&r, 3)];
			} else if (x < 9 && p->out > 0) {
				kind = MOVE_RETURN;
				qty = 1 + rng_below(&r, (int)(p->out < 3 ? p->out : 3));
				cost = p->last_issue;
				reason = "维修未用完退回";
			} else if (p->on_hand > 0) {
				long most = p->rq / 3 > 1 ? p->rq / 3 : 1;

				kind = MOVE_ISSUE;
				qty = 1 + rng_below(&r, (int)(most < p->on_hand ? most : p->on_hand));
				cost = p->avg;
			}
		}
		if (kind < 0) {    /* nothing else possible: a receipt */
			kind = MOVE_RECEIPT;
			qty = p->rq + 1;
			cost = p->base;
		}
		switch (kind) {
		case MOVE_RECEIPT:
		case MOVE_RETURN:
			p->avg = gen_average(p->on_hand, p->avg, qty, cost);
			p->on_hand += qty;
			if (kind == MOVE_RETURN)
				p->out -= qty;
			break;
		case MOVE_ISSUE:
			p->on_hand -= qty;
			p->out += qty;
			p->last_issue = cost;
			qty = -qty;
			break;
		default:
			p->on_hand += qty;
			break;
		}
		format_minutes(row_time(i, nmoves, today - days, days), at);
		sqlite3_bind_int64(ins_move, 1, id + 1);
		sqlite3_bind_text(ins_move, 2, at, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(ins_move, 3, kind == MOVE_ISSUE && rng_below(&r, 100) < 40
		                               ? PICK(&r, engineers) : PICK(&r, stock_who), -1, SQLITE_STATIC);
		sqlite3_bind_text(ins_move, 4, stock_move_code(kind), -1, SQLITE_STATIC);
		sqlite3_bind_int64(ins_move, 5, qty);
		sqlite3_bind_int64(ins_move, 6, cost);
		if (reason)
			sqlite3_bind_text(ins_move, 7, reason, -1, SQLITE_STATIC);
		else
			sqlite3_bind_null(ins_move, 7);
		if ((rc = step_done(st, ins_move, "stock_move", &err)) != SD_OK)
			goto fail_tx;
		if (isatty(2) && (i + 1) % 100000 == 0)
			fprintf(stderr, "\rmkdata: %ld movements", i + 1);
	}
	if (isatty(2))
		fprintf(stderr, "\r");

	/* the balances the journal adds up to; half of the low parts already ordered */
	for (long i = 0; i < nparts; i++) {
		struct part_gen *p = &pg[i];
		bool is_low = p->on_hand <= p->rp;

		low += is_low;
		sqlite3_bind_int64(upd_part, 1, i + 1);
		sqlite3_bind_int64(upd_part, 2, p->on_hand);
		sqlite3_bind_int64(upd_part, 3, p->avg);
		sqlite3_bind_int64(upd_part, 4, is_low && rng_below(&r, 2) ? p->rq : 0);
		if ((rc = step_done(st, upd_part, "part", &err)) != SD_OK)
			goto fail_tx;
	}
	if ((rc = store_commit(st, &err)) != SD_OK)
		goto fail;
	sqlite3_exec(store_db(st), "PRAGMA wal_checkpoint(TRUNCATE); ANALYZE", NULL, NULL, NULL);
	if (isatty(2))
		fprintf(stderr, "mkdata: %ld parts (%ld at or below the reorder point), %ld movements\n",
		        nparts, low, nmoves);
	store_close(st);
	buf_free(&pn);
	buf_free(&name);
	buf_free(&spec);
	buf_free(&loc);
	free(pg);
	return 0;
fail_tx:
	store_rollback(st);
fail:
	fprintf(stderr, "mkdata: %s\n", err.msg);
	store_close(st);
	buf_free(&pn);
	buf_free(&name);
	buf_free(&spec);
	buf_free(&loc);
	free(pg);
	return rc ? rc : 70;
}

static int
count_move(const sd_move *m, void *arg)
{
	(void)m;
	(*(long *)arg)++;
	return SD_OK;
}

/* Median time in ms of TIME_RUNS first pages of the parts list. */
static int
time_stock_page(store *st, const sd_stock_query *q, double *median, int *rows)
{
	sd_stock_row page[PAGE_ROWS];
	double t[TIME_RUNS];
	sd_err err;
	int n = 0;

	for (int k = 0; k < TIME_RUNS; k++) {
		double t0 = now_ms();
		int rc = stock_page(st, q, PAGE_FIRST, NULL, PAGE_ROWS, page, &n, &err);

		t[k] = now_ms() - t0;
		if (rc != SD_OK) {
			fprintf(stderr, "mkdata: %s\n", err.msg);
			return rc;
		}
		for (int i = 0; i < n; i++)
			stock_row_free(&page[i]);
	}
	qsort(t, TIME_RUNS, sizeof t[0], cmp_double);
	*median = t[TIME_RUNS / 2];
	*rows = n;
	return SD_OK;
}

static int
cmd_time_stock(const char *path)
{
	sd_stock_query all = { 0 }, low = { .low_only = true };
	double page_ms, low_ms, hist[TIME_RUNS], t0, check_ms;
	char part_no[64] = "";
	sqlite3_stmt *q;
	long hist_rows = 0, found = 0;
	int page_rows, low_rows, rc;
	sd_err err;
	store *st;

	if ((rc = open_existing(path, &st)) != SD_OK)
		return rc;
	if ((rc = time_stock_page(st, &all, &page_ms, &page_rows)) != SD_OK ||
	    (rc = time_stock_page(st, &low, &low_ms, &low_rows)) != SD_OK)
		goto out;
	/* a part in the middle of the part-number order */
	q = store_prepare(st, "SELECT part_no FROM part ORDER BY part_no "
	                      "LIMIT 1 OFFSET (SELECT count(*) / 2 FROM part)", &err);
	if (q && sqlite3_step(q) == SQLITE_ROW && sqlite3_column_text(q, 0))
		snprintf(part_no, sizeof part_no, "%s", (const char *)sqlite3_column_text(q, 0));
	if (q)
		sqlite3_reset(q);
	if (!part_no[0]) {
		fprintf(stderr, "mkdata: %s: no parts\n", path);
		rc = SD_DATAERR;
		goto out;
	}
	for (int k = 0; k < TIME_RUNS; k++) {
		int n = 0;

		hist_rows = 0;
		t0 = now_ms();
		rc = stock_history(st, part_no, 0, PAGE_ROWS, count_move, &hist_rows, &n, &err);
		hist[k] = now_ms() - t0;
		if (rc != SD_OK) {
			fprintf(stderr, "mkdata: %s\n", err.msg);
			goto out;
		}
	}
	qsort(hist, TIME_RUNS, sizeof hist[0], cmp_double);
	t0 = now_ms();
	rc = stock_check(st, NULL, NULL, &found, &err);
	check_ms = now_ms() - t0;
	if (rc != SD_OK) {
		fprintf(stderr, "mkdata: %s\n", err.msg);
		goto out;
	}
	printf("page_ms=%.3f page_rows=%d low_ms=%.3f low_rows=%d history_ms=%.3f history_rows=%ld "
	       "history_part=%s check_ms=%.1f check_found=%ld\n", page_ms, page_rows, low_ms, low_rows,
	       hist[TIME_RUNS / 2], hist_rows, part_no, check_ms, found);
out:
	store_close(st);
	return rc;
}

/* ---------------------------------------------------------------- visits */

/*
 * A migrated database for the visit schedule: N pieces of equipment of N/10
 * customers (one in twenty a key customer), delivered over the eight years
 * before today (the latest ones commissioned a week after delivery), written
 * directly in one transaction; no visits yet (visit plan makes them).
 */
static int
cmd_visits(long n, const char *path)
{
	rng r = { 20251001ULL };
	long ncust = n / 10 > 0 ? n / 10 : 1, today = today_days();
	sqlite3_stmt *c, *e;
	store *st = NULL;
	sd_err err;
	int rc;

	unlink(path);
	if ((rc = store_open(path, STORE_OPEN_CREATE, "bench", &st, &err)) != SD_OK) {
		fprintf(stderr, "mkdata: %s\n", err.msg);
		return rc;
	}
	store_bulk(st);
	if ((rc = store_begin(st, &err)) != SD_OK)
		goto fail;
	sqlite3_exec(store_db(st), "INSERT INTO staff (login, name, role) VALUES ('bench', '基准', 'supervisor')",
	             NULL, NULL, NULL);
	c = store_prepare(st, "INSERT INTO customer (id, name, region, key_customer, contact, phone) "
	                      "VALUES (?, ?, ?, ?, ?, ?)", &err);
	if (!c)
		goto fail;
	for (long i = 1; i <= ncust; i++) {
		char name[128], phone[32];

		snprintf(name, sizeof name, "%s%s%ld号厂", PICK(&r, cities), "机械制造有限公司", i);
		snprintf(phone, sizeof phone, "0512-%08d", rng_below(&r, 100000000));
		sqlite3_bind_int64(c, 1, i);
		sqlite3_bind_text(c, 2, name, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(c, 3, PICK(&r, cities), -1, SQLITE_STATIC);
		sqlite3_bind_int(c, 4, i % 20 == 0);
		sqlite3_bind_text(c, 5, "吴振华", -1, SQLITE_STATIC);
		sqlite3_bind_text(c, 6, phone, -1, SQLITE_TRANSIENT);
		if (step_done(st, c, "customer", &err) != SD_OK)
			goto fail;
	}
	e = store_prepare(st, "INSERT INTO equipment (id, customer_id, serial, model, delivered_on, "
	                      "commissioned_on) VALUES (?, ?, ?, ?, ?, ?)", &err);
	if (!e)
		goto fail;
	for (long i = 1; i <= n; i++) {
		char serial[32], dd[11], cd[11];
		long ago = rng_below(&r, 8 * 365);
		sd_date d = (sd_date)(today - ago);

		snprintf(serial, sizeof serial, "SB-%08ld", i);
		date_format(d, dd);
		date_format(d + 7, cd);
		sqlite3_bind_int64(e, 1, i);
		sqlite3_bind_int64(e, 2, 1 + rng_below(&r, (int)ncust));
		sqlite3_bind_text(e, 3, serial, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(e, 4, "高压无气喷涂机", -1, SQLITE_STATIC);
		sqlite3_bind_text(e, 5, dd, -1, SQLITE_TRANSIENT);
		if (ago < 365)
			sqlite3_bind_text(e, 6, cd, -1, SQLITE_TRANSIENT);
		else
			sqlite3_bind_null(e, 6);
		if (step_done(st, e, "equipment", &err) != SD_OK)
			goto fail;
	}
	if ((rc = store_commit(st, &err)) != SD_OK)
		goto fail_closed;
	store_close(st);
	return 0;
fail:
	store_rollback(st);
fail_closed:
	fprintf(stderr, "mkdata: %s\n", err.msg);
	store_close(st);
	return 70;
}

/*
 * Median time of the first page (50 rows) of the visits due today and of the
 * overdue ones, and the number of visits.
 */
static int
cmd_time_visits(const char *path)
{
	static const int views[2] = { VV_DUE, VV_OVERDUE };
	double ms[2];
	int rows[2] = { 0, 0 };
	store *st;
	sd_err err;
	int rc;

	if ((rc = open_existing(path, &st)) != SD_OK)
		return rc;
	for (int v = 0; v < 2; v++) {
		sd_visit_query q = { .view = views[v] };
		sd_visit_row page[PAGE_ROWS];
		double t[TIME_RUNS];

		for (int k = 0; k < TIME_RUNS; k++) {
			double t0 = now_ms();
			int n = 0;

			rc = visit_page(st, &q, PAGE_FIRST, NULL, PAGE_ROWS, page, &n, &err);
			t[k] = now_ms() - t0;
			if (rc != SD_OK) {
				fprintf(stderr, "mkdata: %s\n", err.msg);
				store_close(st);
				return rc;
			}
			for (int i = 0; i < n; i++)
				visit_row_free(&page[i]);
			rows[v] = n;
		}
		qsort(t, TIME_RUNS, sizeof t[0], cmp_double);
		ms[v] = t[TIME_RUNS / 2];
	}
	sqlite3_stmt *q = store_prepare(st, "SELECT count(*) FROM visit", &err);
	long long total = q && sqlite3_step(q) == SQLITE_ROW ? sqlite3_column_int64(q, 0) : -1;
	if (q)
		sqlite3_reset(q);
	printf("due_ms=%.3f due_rows=%d overdue_ms=%.3f overdue_rows=%d visits=%lld\n", ms[0], rows[0],
	       ms[1], rows[1], total);
	store_close(st);
	return 0;
}

/* ---------------------------------------------------------------- main */

static int
usage(void)
{
	fprintf(stderr,
	        "usage: mkdata csv N FILE\n"
	        "       mkdata db N FILE [YEARS]\n"
	        "       mkdata time-list DB\n"
	        "       mkdata time-search DB TEXT\n"
	        "       mkdata index-size DB\n"
	        "       mkdata trigram-size DB\n"
	        "       mkdata time-ledger-overdue DB\n"
	        "       mkdata stock N_PARTS N_MOVES DB\n"
	        "       mkdata time-stock DB\n"
	        "       mkdata visits N_EQUIPMENT DB\n"
	        "       mkdata time-visits DB\n"

	        "       mkdata report MONTHS PER_MONTH N_MOVES DB\n");
	return 64;
}

/* ---------------------------------------------------------------- report */

/* t as "YYYY-MM-DD HH:MM" into out (17 bytes). */
static void
tfmt(sd_time t, char out[17])
{
	time_format(t, out);
}

/*
 * The data of the monthly summary's benchmark: `months` months from January
 * 2024, per_month requests a month (1 in 100 voided), a ledger entry for 9 in
 * 10 with the dated steps and due times (respond, on site for on-site service,
 * cleared), its assignment and the engineer at each step, nearly all closed;
 * a labour charge per closed entry and a payment for half; 200 complaints
 * and 3000 visits a month; 2000 parts and nmoves journal movements (receipts,
 * issues to ledger entries, returns) spread over the months, never below
 * zero. Plain inserts in one transaction.
 */
static int
cmd_report(long months, long per_month, long nmoves, const char *path)
{
	rng r = { 1995 };
	const long nparts = 2000, ncust = 2000;
	long *on_hand = xcalloc((size_t)nparts + 1, sizeof *on_hand);
	long long *avg = xcalloc((size_t)nparts + 1, sizeof *avg);
	sqlite3_stmt *q[9] = { NULL };
	sd_err err;
	store *st;
	buf b = { 0 };
	char t1[17], t2[17], t3[17], t4[17], t5[17], t6[17], t7[17], t8[17], rn[64], mon[16];
	long long lid = 0;
	int rc;

	if (access(path, F_OK) == 0) {
		fprintf(stderr, "mkdata: %s exists; remove it first\n", path);
		return 64;
	}
	if ((rc = store_open(path, STORE_OPEN_CREATE, STAFF_OWNER, &st, &err)) != SD_OK) {
		fprintf(stderr, "mkdata: %s\n", err.msg);
		return rc;
	}
	if ((rc = put_staff(st, &err)) != SD_OK)
		goto fail;
	sqlite3_exec(store_db(st), "PRAGMA cache_size = -262144", NULL, NULL, NULL);
	if ((rc = store_begin(st, &err)) != SD_OK)
		goto fail;
	static const char *const sqls[9] = {
		"INSERT INTO customer (id, name, region) VALUES (?, ?, ?)",
		"INSERT INTO request (id, regno, month, seq, received_at, channel, customer, requester, phone, "
		"priority, received_by, handed_to, handed_at, status, void_reason, voided_at) "
		"VALUES (?, ?, ?, ?, ?, ?, ?, '张工', ?, ?, 'wangli', ?, ?, ?, ?, ?)",
		"INSERT INTO ledger (id, request_id, state, responsible, responsible_at, engineer, engineer_at, "
		"service_mode, fault_code, solution, proposed_at, arrived_at, cleared_at, closed_at, "
		"respond_due, onsite_due, clear_due, proposed_engineer, arrived_engineer, cleared_engineer, "
		"closed_engineer) VALUES (?, ?, ?, 'liuyang', ?, ?, ?, ?, ?, '更换备件', "
		"?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		"INSERT INTO charge (ledger_id, kind, amount_fen, tier, service_on, billed_fen, who, at) "
		"VALUES (?, 'labour', ?, 'tier1', ?, ?, 'zhangwei', ?)",
		"INSERT INTO payment (ledger_id, amount_fen, invoice_no, received_at, who) VALUES (?, ?, ?, ?, 'liuyang')",
		"INSERT INTO complaint (customer, class, received_at, description, closed_at) VALUES (?, ?, ?, '响应不及时', ?)",
		"INSERT INTO visit (customer_id, kind, due_on, engineer, status, satisfaction, done_at) "
		"VALUES (?, 'maintenance', ?, 'zhangwei', ?, ?, ?)",
		"INSERT INTO stock_move (part_id, at, who, kind, qty, cost_fen, ledger_id, reason) "
		"VALUES (?, ?, 'zhougang', ?, ?, ?, ?, NULL)",
		"INSERT INTO ledger_event (ledger_id, at, who, kind, engineer) VALUES (?, ?, 'liuyang', 'assign', ?)",
	};
	for (int i = 0; i < 9; i++)
		if (!(q[i] = store_prepare(st, sqls[i], &err))) {
			rc = err.status;
			goto fail_tx;
		}
	/* customers and parts */
	for (long c = 1; c <= ncust; c++) {
		buf_reset(&b);
		buf_printf(&b, "%s%s%04ld", PICK(&r, cities), PICK(&r, org_types), c);
		sqlite3_bind_int64(q[0], 1, c);
		sqlite3_bind_text(q[0], 2, buf_str(&b), -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(q[0], 3, PICK(&r, cities), -1, SQLITE_STATIC);
		if (sqlite3_step(q[0]) != SQLITE_DONE)
			goto sqlfail;
		sqlite3_reset(q[0]);
	}
	for (long p = 1; p <= nparts; p++) {
		buf_reset(&b);
		buf_printf(&b, "INSERT INTO part (id, part_no, name, reorder_point, reorder_qty) "
		           "VALUES (%ld, 'RPT-%05ld', '备件%ld', %ld, 20)", p, p, p, 5 + p % 20);
		if (sqlite3_exec(store_db(st), buf_str(&b), NULL, NULL, NULL) != SQLITE_OK)
			goto sqlfail;
	}
	long long id = 0;
	long moves_left = nmoves;
	for (long m = 0; m < months; m++) {
		int y = 2024 + (int)(m / 12), mo = (int)(m % 12) + 1;
		sd_time start = date_time(date_from_ymd(y, mo, 1));
		long days = date_days_in_month(y, mo);
		long long first_lid = lid + 1;

		snprintf(mon, sizeof mon, "%04d%02d", y % 10000, mo);
		for (long k = 0; k < per_month; k++) {
			/* received in order through the month */
			sd_time recv = start + (sd_time)((k * days * 1440) / per_month);
			int prio = 1 + rng_below(&r, 4);
			bool voided = rng_below(&r, 100) == 0;
			long cust = 1 + rng_below(&r, (int)ncust);
			const char *eng = engineers[rng_below(&r, (int)SD_ARRAY_LEN(engineers))];

			id++;
			tfmt(recv, t1);
			tfmt(recv + 5, t2);
			snprintf(rn, sizeof rn, "%s-%04ld", mon, k + 1);
			sqlite3_bind_int64(q[1], 1, id);
			sqlite3_bind_text(q[1], 2, rn, -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(q[1], 3, mon, -1, SQLITE_TRANSIENT);
			sqlite3_bind_int64(q[1], 4, k + 1);
			sqlite3_bind_text(q[1], 5, t1, -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(q[1], 6, intake_channel_code(rng_below(&r, CH_COUNT)), -1, SQLITE_STATIC);
			{
				/* the customer rows are named so at the end */
				char cname[96];
				snprintf(cname, sizeof cname, "客户%04ld", cust);
				sqlite3_bind_text(q[1], 7, cname, -1, SQLITE_TRANSIENT);
			}
			buf_reset(&b);
			buf_printf(&b, "139%08lld", (long long)(rng_next(&r) % 100000000ULL));
			sqlite3_bind_text(q[1], 8, buf_str(&b), -1, SQLITE_TRANSIENT);
			sqlite3_bind_int(q[1], 9, prio);
			sqlite3_bind_text(q[1], 10, voided ? NULL : "liuyang", -1, SQLITE_STATIC);
			if (voided) {
				sqlite3_bind_null(q[1], 11);
				sqlite3_bind_text(q[1], 12, "void", -1, SQLITE_STATIC);
				sqlite3_bind_text(q[1], 13, "重复登记", -1, SQLITE_STATIC);
				sqlite3_bind_text(q[1], 14, t2, -1, SQLITE_TRANSIENT);
			} else {
				sqlite3_bind_text(q[1], 11, t2, -1, SQLITE_TRANSIENT);
				sqlite3_bind_text(q[1], 12, "handed", -1, SQLITE_STATIC);
				sqlite3_bind_null(q[1], 13);
				sqlite3_bind_null(q[1], 14);
			}
			if (sqlite3_step(q[1]) != SQLITE_DONE)
				goto sqlfail;
			sqlite3_reset(q[1]);
			if (voided || rng_below(&r, 10) == 0)
				continue;
			/* the ledger entry */
			bool onsite = rng_below(&r, 2) == 0;
			bool closed = rng_below(&r, 100) < 97;
			sd_time prop = recv + 10 + rng_below(&r, 60 * prio + 60);
			sd_time arr = onsite ? prop + 300 + rng_below(&r, 1800) : SD_NO_TIME;
			sd_time clr = (onsite ? arr : prop) + 60 + rng_below(&r, 3000);
			sd_time cls = clr + 60 + rng_below(&r, 2000);
			lid++;
			tfmt(prop, t3);
			tfmt(clr, t5);
			tfmt(cls, t6);
			tfmt(recv + 60 * (prio == 1 ? 1 : prio == 2 ? 2 : prio == 3 ? 4 : 8), t7);
			sqlite3_bind_int64(q[2], 1, lid);
			sqlite3_bind_int64(q[2], 2, id);
			sqlite3_bind_text(q[2], 3, closed ? "closed" : "in_service", -1, SQLITE_STATIC);
			sqlite3_bind_text(q[2], 4, t2, -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(q[2], 5, eng, -1, SQLITE_STATIC);
			sqlite3_bind_text(q[2], 6, t2, -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(q[2], 7, onsite ? "onsite" : "phone", -1, SQLITE_STATIC);
			sqlite3_bind_text(q[2], 8, faults[rng_below(&r, (int)SD_ARRAY_LEN(faults))], -1, SQLITE_STATIC);
			sqlite3_bind_text(q[2], 9, t3, -1, SQLITE_TRANSIENT);
			if (onsite) {
				tfmt(arr, t4);
				sqlite3_bind_text(q[2], 10, t4, -1, SQLITE_TRANSIENT);
				tfmt(recv + 1440, t8);
				sqlite3_bind_text(q[2], 14, t8, -1, SQLITE_TRANSIENT);
				sqlite3_bind_text(q[2], 17, eng, -1, SQLITE_STATIC);
			} else {
				sqlite3_bind_null(q[2], 10);
				sqlite3_bind_null(q[2], 14);
				sqlite3_bind_null(q[2], 17);
			}
			/* the engineer at each step: the one assigned (one assignment each) */
			sqlite3_bind_text(q[2], 16, eng, -1, SQLITE_STATIC);
			sqlite3_bind_text(q[2], 18, eng, -1, SQLITE_STATIC);
			if (closed)
				sqlite3_bind_text(q[2], 19, eng, -1, SQLITE_STATIC);
			else
				sqlite3_bind_null(q[2], 19);
			sqlite3_bind_text(q[2], 11, t5, -1, SQLITE_TRANSIENT);
			if (closed)
				sqlite3_bind_text(q[2], 12, t6, -1, SQLITE_TRANSIENT);
			else
				sqlite3_bind_null(q[2], 12);
			sqlite3_bind_text(q[2], 13, t7, -1, SQLITE_TRANSIENT);
			tfmt(recv + 2 * 1440, t8);
			sqlite3_bind_text(q[2], 15, t8, -1, SQLITE_TRANSIENT);
			if (sqlite3_step(q[2]) != SQLITE_DONE)
				goto sqlfail;
			sqlite3_reset(q[2]);
			sqlite3_bind_int64(q[8], 1, lid);
			sqlite3_bind_text(q[8], 2, t2, -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(q[8], 3, eng, -1, SQLITE_STATIC);
			if (sqlite3_step(q[8]) != SQLITE_DONE)
				goto sqlfail;
			sqlite3_reset(q[8]);
			if (!closed)
				continue;
			/* labour at the close; half are paid a week later */
			sqlite3_bind_int64(q[3], 1, lid);
			sqlite3_bind_int64(q[3], 2, 20000);
			sqlite3_bind_text(q[3], 3, t6, 10, SQLITE_TRANSIENT);
			sqlite3_bind_int64(q[3], 4, rng_below(&r, 3) ? 20000 : 0);
			sqlite3_bind_text(q[3], 5, t6, -1, SQLITE_TRANSIENT);
			if (sqlite3_step(q[3]) != SQLITE_DONE)
				goto sqlfail;
			sqlite3_reset(q[3]);
			if (rng_below(&r, 2)) {
				tfmt(cls + 7 * 1440, t8);
				sqlite3_bind_int64(q[4], 1, lid);
				sqlite3_bind_int64(q[4], 2, 20000);
				sqlite3_bind_text(q[4], 3, "No.00000000", -1, SQLITE_STATIC);
				sqlite3_bind_text(q[4], 4, t8, -1, SQLITE_TRANSIENT);
				if (sqlite3_step(q[4]) != SQLITE_DONE)
					goto sqlfail;
				sqlite3_reset(q[4]);
			}
		}
		/* complaints and visits */
		for (long k = 0; k < 200; k++) {
			sd_time at = start + rng_below(&r, (int)(days * 1440));
			tfmt(at, t1);
			tfmt(at + 3 * 1440, t2);
			buf_reset(&b);
			buf_printf(&b, "客户%04d", 1 + rng_below(&r, (int)ncust));
			sqlite3_bind_text(q[5], 1, buf_str(&b), -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(q[5], 2, complaint_classes[rng_below(&r, 3)], -1, SQLITE_STATIC);
			sqlite3_bind_text(q[5], 3, t1, -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(q[5], 4, t2, -1, SQLITE_TRANSIENT);
			if (sqlite3_step(q[5]) != SQLITE_DONE)
				goto sqlfail;
			sqlite3_reset(q[5]);
		}
		for (long k = 0; k < 3000; k++) {
			sd_time due = start + 1440 * rng_below(&r, (int)days);
			int st_i = rng_below(&r, 10);
			const char *status = st_i < 7 ? "done" : st_i < 8 ? "missed" : st_i < 9 ? "cancelled" : "planned";
			tfmt(due, t1);
			tfmt(due + 600, t2);
			sqlite3_bind_int64(q[6], 1, 1 + rng_below(&r, (int)ncust));
			sqlite3_bind_text(q[6], 2, t1, 10, SQLITE_TRANSIENT);
			sqlite3_bind_text(q[6], 3, status, -1, SQLITE_STATIC);
			if (st_i < 7)
				sqlite3_bind_int(q[6], 4, 1 + rng_below(&r, 5));
			else
				sqlite3_bind_null(q[6], 4);
			if (st_i < 9)
				sqlite3_bind_text(q[6], 5, t2, -1, SQLITE_TRANSIENT);
			else
				sqlite3_bind_null(q[6], 5);
			if (sqlite3_step(q[6]) != SQLITE_DONE)
				goto sqlfail;
			sqlite3_reset(q[6]);
		}
		/* this month's share of the journal, in time order */
		long mv = moves_left / (months - m);
		moves_left -= mv;
		for (long k = 0; k < mv; k++) {
			sd_time at = start + (sd_time)((k * days * 1440) / (mv ? mv : 1));
			long p = 1 + rng_below(&r, (int)nparts);
			int kind = rng_below(&r, 10);
			long qty = 1 + rng_below(&r, 5);
			long long cost;
			const char *kc;

			if (kind >= 2 && on_hand[p] < qty)
				kind = 0;
			if (kind < 2) {
				kc = "receipt";
				cost = 1000 + rng_below(&r, 20000);
				avg[p] = on_hand[p] + qty ? (avg[p] * on_hand[p] + cost * qty) / (on_hand[p] + qty) : cost;
				on_hand[p] += qty;
			} else if (kind < 9) {
				kc = "issue";
				cost = avg[p];
				on_hand[p] -= qty;
				qty = -qty;
			} else {
				kc = "return";
				cost = avg[p];
				on_hand[p] += qty;
			}
			tfmt(at, t1);
			sqlite3_bind_int64(q[7], 1, p);
			sqlite3_bind_text(q[7], 2, t1, -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(q[7], 3, kc, -1, SQLITE_STATIC);
			sqlite3_bind_int64(q[7], 4, qty);
			sqlite3_bind_int64(q[7], 5, cost);
			if (kind >= 2 && lid >= first_lid)
				sqlite3_bind_int64(q[7], 6, first_lid + rng_below(&r, (int)(lid - first_lid + 1)));
			else
				sqlite3_bind_null(q[7], 6);
			if (sqlite3_step(q[7]) != SQLITE_DONE)
				goto sqlfail;
			sqlite3_reset(q[7]);
		}
	}
	for (long p = 1; p <= nparts; p++) {
		buf_reset(&b);
		buf_printf(&b, "UPDATE part SET on_hand = %ld, avg_cost_fen = %lld WHERE id = %ld",
		           on_hand[p], avg[p], p);
		if (sqlite3_exec(store_db(st), buf_str(&b), NULL, NULL, NULL) != SQLITE_OK)
			goto sqlfail;
	}
	/* the customers of the requests are named 客户NNNN: rename the customer rows to match */
	if (sqlite3_exec(store_db(st), "UPDATE customer SET name = '客户' || substr('0000' || id, -4)",
	                 NULL, NULL, NULL) != SQLITE_OK)
		goto sqlfail;
	if ((rc = store_commit(st, &err)) != SD_OK)
		goto fail;
	sqlite3_exec(store_db(st), "ANALYZE", NULL, NULL, NULL);
	buf_free(&b);
	free(on_hand);
	free(avg);
	store_close(st);
	printf("requests=%lld ledger=%lld moves=%ld\n", id, lid, nmoves);
	return 0;
sqlfail:
	fprintf(stderr, "mkdata: %s\n", sqlite3_errmsg(store_db(st)));
	rc = 70;
fail_tx:
	store_rollback(st);
fail:
	if (err.msg[0])
		fprintf(stderr, "mkdata: %s\n", err.msg);
	buf_free(&b);
	free(on_hand);
	free(avg);
	store_close(st);
	return rc ? rc : 70;
}

static long
parse_count(const char *s)
{
	char *end;
	long n = strtol(s, &end, 10);

	return *s && !*end && n > 0 ? n : -1;
}

/* Bytes of the b-tree pages of FTS5 table name's index (its data, idx and docsize tables). */
static long long
fts_index_bytes(sqlite3 *db, const char *name)
{
	sqlite3_stmt *q;
	long long bytes = -1;

	if (sqlite3_prepare_v2(db, "SELECT coalesce(sum(pgsize), 0) FROM dbstat "
	                       "WHERE name IN (?1 || '_data', ?1 || '_idx', ?1 || '_docsize')", -1, &q, NULL) != SQLITE_OK) {
		fprintf(stderr, "mkdata: %s\n", sqlite3_errmsg(db));
		return -1;
	}
	sqlite3_bind_text(q, 1, name, -1, SQLITE_STATIC);
	if (sqlite3_step(q) == SQLITE_ROW)
		bytes = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	return bytes;
}

/* The size of the request search index of the database at path. */
static int
cmd_index_size(const char *path)
{
	sqlite3 *db;
	long long bytes;

	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		fprintf(stderr, "mkdata: %s: %s\n", path, sqlite3_errmsg(db));
		sqlite3_close(db);
		return 66;
	}
	bytes = fts_index_bytes(db, "request_fts");
	sqlite3_close(db);
	if (bytes < 0)
		return 70;
	printf("index_bytes=%lld\n", bytes);
	return 0;
}

/*
 * The size a trigram index (servdesk's old search index) would have over
 * the same text as the search index of the database at path, built in a
 * scratch file beside it; and how long building it took.
 */
static int
cmd_trigram_size(const char *path)
{
	sqlite3 *src = NULL, *dst = NULL;
	sqlite3_stmt *rd = NULL, *wr = NULL;
	buf tmp = { 0 };
	long long bytes = -1;
	double t0;
	int rc = 70;

	buf_printf(&tmp, "%s.trigram-scratch", path);
	unlink(buf_str(&tmp));
	if (sqlite3_open_v2(path, &src, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
	    sqlite3_open(buf_str(&tmp), &dst) != SQLITE_OK ||
	    sqlite3_exec(dst, "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; "
	                 "CREATE VIRTUAL TABLE t USING fts5 (body, tokenize = 'trigram'); BEGIN",
	                 NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(src, "SELECT id, c0 FROM request_fts_content ORDER BY id", -1, &rd, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(dst, "INSERT INTO t (rowid, body) VALUES (?, ?)", -1, &wr, NULL) != SQLITE_OK) {
		fprintf(stderr, "mkdata: %s\n", sqlite3_errmsg(dst && sqlite3_errcode(dst) ? dst : src));
		goto out;
	}
	t0 = now_ms();
	while (sqlite3_step(rd) == SQLITE_ROW) {
		sqlite3_bind_int64(wr, 1, sqlite3_column_int64(rd, 0));
		sqlite3_bind_value(wr, 2, sqlite3_column_value(rd, 1));
		if (sqlite3_step(wr) != SQLITE_DONE) {
			fprintf(stderr, "mkdata: %s\n", sqlite3_errmsg(dst));
			goto out;
		}
		sqlite3_reset(wr);
	}
	if (sqlite3_exec(dst, "COMMIT", NULL, NULL, NULL) != SQLITE_OK || (bytes = fts_index_bytes(dst, "t")) < 0)
		goto out;
	printf("trigram_bytes=%lld trigram_ms=%.0f\n", bytes, now_ms() - t0);
	rc = 0;
out:
	sqlite3_finalize(rd);
	sqlite3_finalize(wr);
	sqlite3_close(src);
	sqlite3_close(dst);
	unlink(buf_str(&tmp));
	buf_free(&tmp);
	return rc;
}

int
main(int argc, char **argv)
{
	long n;

	setlocale(LC_ALL, "");
	if (argc >= 4 && strcmp(argv[1], "csv") == 0 && argc == 4) {
		if ((n = parse_count(argv[2])) < 0)
			return usage();
		return cmd_csv(n, argv[3]);
	}
	if ((argc == 4 || argc == 5) && strcmp(argv[1], "db") == 0) {
		long years = argc == 5 ? parse_count(argv[4]) : 8;
		if ((n = parse_count(argv[2])) < 0 || years < 1 || years > 50)
			return usage();
		return cmd_db(n, argv[3], (int)years);
	}
	if (argc == 3 && strcmp(argv[1], "time-list") == 0)
		return cmd_time_list(argv[2]);
	if (argc == 4 && strcmp(argv[1], "time-search") == 0)
		return cmd_time_search(argv[2], argv[3]);
	if (argc == 3 && strcmp(argv[1], "index-size") == 0)
		return cmd_index_size(argv[2]);
	if (argc == 3 && strcmp(argv[1], "trigram-size") == 0)
		return cmd_trigram_size(argv[2]);
	if (argc == 3 && strcmp(argv[1], "time-ledger-overdue") == 0)
		return cmd_time_ledger_overdue(argv[2]);
	if (argc == 5 && strcmp(argv[1], "stock") == 0) {
		long moves = parse_count(argv[3]);
		if ((n = parse_count(argv[2])) < 0 || moves < 0)
			return usage();
		return cmd_stock(n, moves, argv[4]);
	}
	if (argc == 3 && strcmp(argv[1], "time-stock") == 0)
		return cmd_time_stock(argv[2]);
	if (argc == 4 && strcmp(argv[1], "visits") == 0) {
		if ((n = parse_count(argv[2])) < 0)
			return usage();
		return cmd_visits(n, argv[3]);
	}
	if (argc == 3 && strcmp(argv[1], "time-visits") == 0)
		return cmd_time_visits(argv[2]);
	if (argc == 6 && strcmp(argv[1], "report") == 0) {
		long per = parse_count(argv[3]), moves = parse_count(argv[4]);
		if ((n = parse_count(argv[2])) < 0 || n > 120 || per < 0 || moves < 0)
			return usage();
		return cmd_report(n, per, moves, argv[5]);
	}
	return usage();
}
