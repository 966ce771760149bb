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
#include "store.h"
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

static const struct {
	const char *login, *name, *phone;
	int role;
} staff_rows[] = {
	{ "wangli",   "王丽", "0512-58639750", ROLE_OPERATOR },
	{ "chenjing", "陈静", "0512-58639751", ROLE_OPERATOR },
	{ "zhangwei", "张伟", "13962213318",   ROLE_ENGINEER },
	{ "liqiang",  "李强", "13771936025",   ROLE_ENGINEER },
	{ "zhaomin",  "赵敏", "15850012467",   ROLE_ENGINEER },
	{ "sunhao",   "孙浩", "18906221093",   ROLE_ENGINEER },
	{ "zhougang", "周刚", "13506221176",   ROLE_STOREKEEPER },
	{ "liuyang",  "刘洋", "13915611280",   ROLE_SUPERVISOR },
};

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
		"unresolvable_reason, version, respond_due, onsite_due, clear_due, next_due) "
		"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", err);
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
	done[CLOCK_RESPOND] = reached > K_PROPOSE ? at[K_PROPOSE] : -1;
	done[CLOCK_ONSITE] = reached > K_ARRIVE ? at[K_ARRIVE] : -1;
	done[CLOCK_CLEAR] = reached > K_CLEAR ? at[K_CLEAR] : -1;
	for (int c = 0; c < CLOCK_COUNT; c++) {
		long budget = sla_budget(pol, c);

		due[c] = SD_NO_TIME;
		if (budget <= 0)
			continue;
		if (c == CLOCK_ONSITE && reached > K_PROPOSE && mode != MODE_ONSITE)
			continue;    /* not applicable to the service mode */
		sla_due(lg->cal, t, budget, pol->calendar_time, NULL, 0, &due[c], NULL);
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
	bind_minutes(s, 24, next == SD_NO_TIME ? -1 : (long)next);
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
	if ((rc = store_open(path, STORE_OPEN_CREATE, "mkdata", &st, &err)) != SD_OK) {
		fprintf(stderr, "mkdata: %s\n", err.msg);
		return rc;
	}
	for (size_t i = 0; i < SD_ARRAY_LEN(staff_rows); i++) {
		sd_staff s = { (char *)staff_rows[i].login, (char *)staff_rows[i].name,
		               (char *)staff_rows[i].phone, staff_rows[i].role, true };
		if ((rc = staff_put(st, &s, &err)) != SD_OK)
			goto fail;
	}
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

/* ---------------------------------------------------------------- main */

static int
usage(void)
{
	fprintf(stderr,
	        "usage: mkdata csv N FILE\n"
	        "       mkdata db N FILE [YEARS]\n"
	        "       mkdata time-list DB\n"
	        "       mkdata time-search DB TEXT\n"
	        "       mkdata time-ledger-overdue DB\n");
	return 64;
}

static long
parse_count(const char *s)
{
	char *end;
	long n = strtol(s, &end, 10);

	return *s && !*end && n > 0 ? n : -1;
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
	if (argc == 3 && strcmp(argv[1], "time-ledger-overdue") == 0)
		return cmd_time_ledger_overdue(argv[2]);
	return usage();
}
