/*
 * demo.c — the demonstration register: staff, customers of the kinds the
 * service documents describe (factories, hospitals, schools, water works),
 * and about four months of requests up to today, drawn with a small PRNG
 * seeded with a constant so that every run gives the same register
 * (relative to today's date).
 *
 * All strings here are data, not messages: they are not translated.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "demo.h"
#include "intake.h"
#include "staff.h"
#include "store.h"

#define DEMO_REQUESTS 150
#define DEMO_DAYS 120

/* ---------------------------------------------------------------- PRNG */

/* splitmix64: small, fast, and the same sequence on every platform. */
typedef struct demo_rng {
	unsigned long long s;
} demo_rng;

static unsigned long long
rng_next(demo_rng *r)
{
	unsigned long long z = (r->s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* A number in [0, n). */
static int
rng_below(demo_rng *r, int n)
{
	return n > 0 ? (int)(rng_next(r) % (unsigned long long)n) : 0;
}

/* ---------------------------------------------------------------- data */

static const struct {
	const char *login, *name, *phone;
	int role;
} demo_staff[] = {
	{ "wangli",   "王丽", "0512-58639750", ROLE_OPERATOR },
	{ "chenjing", "陈静", "0512-58639751", ROLE_OPERATOR },
	{ "zhangwei", "张伟", "13962213318",   ROLE_ENGINEER },
	{ "liqiang",  "李强", "13771936025",   ROLE_ENGINEER },
	{ "zhaomin",  "赵敏", "15850012467",   ROLE_ENGINEER },
	{ "sunhao",   "孙浩", "18906221093",   ROLE_ENGINEER },
	{ "zhougang", "周刚", "13506221176",   ROLE_STOREKEEPER },
	{ "liuyang",  "刘洋", "13915611280",   ROLE_SUPERVISOR },
};

/* Product lines: each customer runs equipment of one line. */
enum demo_kind { K_COAT, K_ELEC, K_BOIL, K_LAB, K_LOWV, K_PUMP, K_GEN, K_COUNT };

/* The engineer who usually takes each line. */
static const char *const kind_engineer[K_COUNT] = {
	[K_COAT] = "sunhao", [K_ELEC] = "zhangwei", [K_BOIL] = "liqiang",
	[K_LAB] = "zhaomin", [K_LOWV] = "zhangwei", [K_PUMP] = "liqiang",
	[K_GEN] = "liuyang",
};

typedef struct demo_item {
	int kind;
	int priority;
	const char *text;
} demo_item;

static const demo_item demo_items[] = {
	/* anti-corrosion and coating equipment */
	{ K_COAT, 1, "3号喷砂房喷砂机不出砂,砂阀打开后只有气没有砂,整条线停产。今早开机就这样,已清理过砂阀和混砂管,无效。" },
	{ K_COAT, 2, "高压无气喷涂机压力上不去,最高只到12MPa(正常21MPa),漆面雾化不好,有流挂。" },
	{ K_COAT, 2, "烘干炉温度波动大。\n现象:设定80℃,实际在65~95℃之间来回跳。\n开始时间:上周五下午。\n已试过:更换了温控表,没有改善。\n请派工程师来现场检查热电偶和加热管。" },
	{ K_COAT, 3, "除湿机控制屏偶尔报E07故障,复位后能继续运行,一天报两三次。" },
	{ K_COAT, 1, "储罐内防腐层大面积起泡脱落(约6平方米),罐体已停用,请确认是否属于质保范围并尽快派人查看。" },
	{ K_COAT, 3, "喷砂回收系统除尘器压差报警,滤筒上月刚换过,报警后仍可运行。" },
	{ K_COAT, 2, "涂层测厚仪读数偏差大,同一点测三次相差30μm以上,影响验收检测。" },
	{ K_COAT, 4, "请提供喷涂机易损件(喷嘴、密封圈、过滤网)清单及报价,我方准备备一批库存。" },
	/* switchgear, transformers, DC panels */
	{ K_ELEC, 1, "10kV高压开关柜2#进线柜断路器合不上闸,操作机构储能后合闸线圈无动作,二车间全部停电。" },
	{ K_ELEC, 2, "1#变压器温控器显示绕组温度95℃并报警,风机已自动启动,负荷只有60%,怀疑温控器或测温元件故障。" },
	{ K_ELEC, 3, "直流屏绝缘监测装置报“正极接地”告警,现场排查各支路未找到接地点,设备运行正常。" },
	{ K_ELEC, 2, "低压抽屉柜第5抽屉推不进工作位置,摇进机构卡滞,暂时用备用回路供电。" },
	{ K_ELEC, 3, "综保装置事件记录里频繁出现“通讯中断”。\n开始时间:本月初开始,每天十几次。\n已做:检查了485通讯线接头,重新做了终端电阻。\n目前后台画面数据偶尔不刷新。" },
	{ K_ELEC, 1, "配电室母线槽连接处有放电声和焦味,已紧急拉闸停电,请立即派人!" },
	{ K_ELEC, 4, "明年初计划增容,请派技术人员来现场看一下原有开关柜能否再扩展两面柜。" },
	{ K_ELEC, 2, "电容补偿柜投切不正常,功率因数只有0.82,供电局已来函要求整改。" },
	/* boilers and water treatment */
	{ K_BOIL, 1, "2号锅炉引风机跳闸后无法再启动,变频器报过流(OC3),锅炉已压火停运,影响全厂供汽。" },
	{ K_BOIL, 2, "现象:1#锅炉汽包水位计显示与实际不符,相差约50mm。\n开始时间:前天夜班。\n已处理:冲洗水位计、校对变送器零点,仍有偏差。\n请安排工程师来厂检查。" },
	{ K_BOIL, 3, "软水器再生后出水硬度偶尔超标(化验0.05mmol/L),多数时间合格。" },
	{ K_BOIL, 2, "链条炉排转速调不下来,手动调节无效,燃烧不充分,排烟温度比平时高30℃左右。" },
	{ K_BOIL, 3, "DCS画面上省煤器出口温度显示时有时无,现场温度计正常。" },
	{ K_BOIL, 4, "年度停炉检修计划在下月中旬,请派人配合做安全阀校验和炉膛检查,并告知需要我方准备什么。" },
	{ K_BOIL, 1, "除氧器安全阀起跳后回座不严,一直在排汽,已降压运行,请马上派人。" },
	/* hospital and laboratory equipment */
	{ K_LAB, 1, "供应室脉动真空灭菌器升温到一半报“门密封故障”中止,今天的手术器械无法灭菌,请务必今天来人。" },
	{ K_LAB, 2, "全自动清洗消毒机烘干温度不够,器械出来有水珠,已重新设置参数,无效。" },
	{ K_LAB, 3, "生化分析仪每天开机自检报“比色杯空白超限”,清洗后能通过,但隔天又报。" },
	{ K_LAB, 2, "检验科离心机运行中抖动厉害并有异响。\n从上周开始,转速越高越明显。\n已检查配平,试管对称放置,问题依旧。\n目前暂停使用,样本送另一台离心机。" },
	{ K_LAB, 4, "新来的护士需要灭菌器操作培训,请安排工程师来院讲一次课(约1小时)。" },
	{ K_LAB, 3, "纯水机电导率显示偶尔跳到20μS/cm以上,几秒钟后恢复正常。" },
	/* low-voltage systems: CCTV, access control, broadcast, network */
	{ K_LOWV, 2, "教学楼3楼走廊和楼梯口的监控摄像头(共6路)画面全黑,录像机上显示“视频丢失”。" },
	{ K_LOWV, 1, "校园广播系统主机无法开机,明天早上要播放升旗仪式,请今天下午务必来修。" },
	{ K_LOWV, 3, "门禁一卡通系统晚上10点后偶尔有学生卡刷不开宿舍门,重刷两三次能开。" },
	{ K_LOWV, 2, "机房核心交换机有一个光口频繁up/down。\n现象:办公楼网络每隔十几分钟断一次,约半分钟恢复。\n开始时间:昨天上午。\n已试:更换了光模块和跳线,没有改善。" },
	{ K_LOWV, 4, "监控录像目前只能保存15天,想扩容到30天,请给出硬盘扩容方案和报价。" },
	{ K_LOWV, 3, "停车场道闸抬杆后偶尔不落杆,怀疑地感线圈有问题。" },
	{ K_LOWV, 2, "LED电子显示屏下半部分有两块模组不亮,其他正常。" },
	/* water works: pumps, PLC, dosing */
	{ K_PUMP, 1, "二泵房3#送水泵电机跳闸,再次启动时软启动器报“缺相”,目前只有一台泵在供水,管网压力偏低。" },
	{ K_PUMP, 2, "加药计量泵流量不稳定,出水余氯在0.2~0.8mg/L之间波动。" },
	{ K_PUMP, 3, "PLC柜触摸屏时间显示不对(慢了40多分钟),不影响运行,请指导如何校时。" },
	{ K_PUMP, 2, "1#格栅除污机运行时链条跳齿。\n开始时间:连续下雨以后,已两三天。\n已做:调整了张紧装置,效果不明显。\n进水量大的时候需要人工清渣。" },
	{ K_PUMP, 3, "在线浊度仪数据上传到中控室时偶尔为0,现场表头显示正常。" },
	{ K_PUMP, 4, "请提供变频器参数备份及恢复的操作说明,我方自控人员想学习。" },
	{ K_PUMP, 1, "污水提升泵站两台泵都不能自动启动,液位计显示满液位,已人工手动运行,请尽快处理。" },
	/* any customer */
	{ K_GEN, 4, "设备操作手册丢失,请寄一份纸质版操作及维修手册(含电气图纸)。" },
	{ K_GEN, 4, "询问设备保修期到哪天为止,以及保修期满后维修如何收费。" },
	{ K_GEN, 4, "上次维修时换下的旧件贵方尚未取回,请安排人来取。" },
	{ K_GEN, 4, "控制软件有新版本吗?听说可以远程升级,请联系我方设备科安排时间。" },
	{ K_GEN, 3, "设备运行正常,但控制面板上“维护到期”提示一直亮着,请告知如何消除。" },
	{ K_GEN, 4, "年度巡检请提前电话联系,我方需要安排停机时间。" },
};

/* An item quoted in euros, for the customer that imports parts. */
static const demo_item euro_item = {
	K_GEN, 4,
	"进口伺服电机编码器需更换,请按欧元报价:上次报价单为€1,280.00/只,请确认是否含13%增值税和运费。"
};

/* What a second caller says about a fault already reported (the likely duplicate). */
static const char dup_text[] = "再次来电催问:今天报修的故障到现在还没有人联系,设备仍未恢复,请尽快安排工程师。";

typedef struct demo_contact {
	const char *name, *phone;
} demo_contact;

typedef struct demo_customer {
	const char *name;
	int kind;
	const char *serials[3];
	demo_contact contacts[3];
} demo_customer;

static const demo_customer demo_customers[] = {
	{ "江苏驰耐特防腐科技有限公司", K_COAT, { "CNT-FF2023-0157", "CNT-FF2023-0162" },
	  { { "吴振华", "0512-58639752" }, { "钱晓东", "13962214587" } } },
	{ "苏州电气集团有限公司", K_ELEC, { "SZDQ-KG2022-0431", "SZDQ-BY2021-0076" },
	  { { "沈建国", "0512-65231478" }, { "陆敏", "13814836620" } } },
	{ "张家港市第一人民医院", K_LAB, { "YQ-MJ2022-0315", "YQ-SH2023-0088" },
	  { { "黄丽萍", "0512-58678012" }, { "杨帆", "13506227731" } } },
	{ "无锡华光锅炉股份有限公司", K_BOIL, { "HG-GL2021-0088", "HG-GL2021-0089" },
	  { { "顾卫东", "0510-85215566" }, { "蒋志刚", "13961870324" } } },
	{ "张家港市自来水有限公司第二水厂", K_PUMP, { "SB-BF2022-0203", "SB-PLC2022-0017" },
	  { { "朱国平", "0512-58182206" }, { "徐海涛", "13913290856" } } },
	{ "常州市武进区湖塘实验中学", K_LOWV, { "RD-JK2023-0411", "RD-GB2023-0054" },
	  { { "许明", "0519-86325107" }, { "马晓燕", "15061128843" } } },
	{ "南通中远船务防腐工程有限公司", K_COAT, { "CNT-PS2022-0094" },
	  { { "孙立新", "0513-83517720" }, { "曹俊", "13706281149" } } },
	{ "昆山𠮷田精密机械有限公司", K_ELEC, { "SZDQ-DC2024-0019" },
	  { { "王𠮷", "0512-57706318" }, { "何静", "13862630915" } } },
	{ "江阴市人民医院", K_LAB, { "YQ-QX2023-0142", "YQ-LX2022-0057" },
	  { { "周红", "0510-86863312" }, { "邹斌", "13771210458" } } },
	{ "苏州工业园区清源华衍水务有限公司", K_PUMP, { "SB-JY2023-0008", "SB-GS2021-0112" },
	  { { "陈志远", "0512-62851190" }, { "韩雪", "18962119273" } } },
	{ "常熟市第二中学", K_LOWV, { "RD-MJ2022-0230" },
	  { { "钱芳", "0512-52771035" } } },
	{ "宜兴市环科园污水处理厂", K_PUMP, { "SB-TS2021-0045", "SB-ZD2022-0031" },
	  { { "任伟", "0510-87061524" }, { "丁磊", "13915330618" } } },
	{ "苏州市立医院本部", K_LAB, { "YQ-MJ2021-0277" },
	  { { "刘芳", "0512-62362210" }, { "葛红梅", "13584887214" } } },
	{ "太仓港口储运有限公司", K_COAT, { "CNT-CG2022-0035", "CNT-CG2022-0036" },
	  { { "潘国强", "0512-53181066" } } },
	{ "吴江盛泽东方印染有限公司", K_BOIL, { "HG-GL2020-0151" },
	  { { "沈永明", "0512-63561208" }, { "费红", "15962553071" } } },
	{ "无锡市第一中学", K_LOWV, { "RD-WL2023-0096", "RD-XS2023-0012" },
	  { { "华明亮", "0510-82702231" } } },
	{ "张家港保税区长江化工储罐有限公司", K_COAT, { "CNT-FF2021-0042" },
	  { { "季伟", "0512-58320419" }, { "施健", "13951102278" } } },
	{ "常州天宁热电有限公司", K_BOIL, { "HG-GL2019-0023", "HG-CS2020-0007" },
	  { { "恽建平", "0519-88103365" }, { "唐浩", "13685255142" } } },
	{ "苏州市吴中区木渎镇中心卫生院", K_LAB, { "YQ-MJ2023-0401" },
	  { { "邵丽", "0512-66251180" } } },
	{ "江苏沙钢集团有限公司", K_ELEC, { "SZDQ-KG2020-0188", "SZDQ-BY2020-0041", "SZDQ-ZL2021-0009" },
	  { { "严国华", "0512-58568833" }, { "黄建", "13812886027" }, { "陶波", "13962255908" } } },
	{ "南京江北新区自来水厂", K_PUMP, { "SB-BF2020-0077" },
	  { { "王海波", "025-58391422" } } },
	{ "昆山市周市镇人民政府", K_LOWV, { "RD-JK2021-0355" },
	  { { "陆青", "0512-57661203" } } },
	{ "无锡市新吴区锡东电镀有限公司", K_COAT, { "CNT-FF2022-0118" },
	  { { "蔡红兵", "0510-88221905" } } },
	{ "常熟理工学院东湖校区", K_LOWV, { "RD-WL2022-0201" },
	  { { "邓志华", "0512-52251637" }, { "曾琳", "18915679032" } } },
	{ "苏州高新区狮山街道社区卫生服务中心", K_LAB, { "YQ-SH2022-0063" },
	  { { "罗敏", "0512-68250917" } } },
	{ "张家港市锦丰热电有限公司", K_BOIL, { "HG-GL2022-0110" },
	  { { "郁建新", "0512-58912730" }, { "蔡晓明", "13814967725" } } },
};

#define DEMO_NCUST ((int)SD_ARRAY_LEN(demo_customers))
#define CUST_EURO 7      /* 昆山𠮷田精密机械有限公司 */

static const char *const void_reasons[] = {
	"客户来电撤回:现场人员重新上电后设备已恢复正常,无需处理。",
	"登记错误:客户单位写错,已按正确单位重新登记。",
};

/* ---------------------------------------------------------------- dates */

/* Days since 1970-01-01 of a civil date (proleptic Gregorian). */
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

/* Minutes since the epoch of "YYYY-MM-DD HH:MM". */
static long
to_minutes(const char *s)
{
	int y = 0, mo = 0, d = 0, h = 0, mi = 0;

	sscanf(s, "%d-%d-%d %d:%d", &y, &mo, &d, &h, &mi);
	return days_from_civil(y, mo, d) * 1440 + h * 60 + mi;
}

static void
format_minutes(long t, char out[17])
{
	int y, mo, d;

	civil_from_days(t / 1440, &y, &mo, &d);
	unsigned long m = (unsigned long)t % 1440;

	snprintf(out, 17, "%04u-%02u-%02u %02lu:%02lu", (unsigned)y % 10000, (unsigned)mo % 100,
	         (unsigned)d % 100, m / 60 % 24, m % 60);
}

static int
cmp_long(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;
	return (x > y) - (x < y);
}

/* ---------------------------------------------------------------- building requests */

static int
customer_nserials(const demo_customer *c)
{
	int n = 0;
	while (n < 3 && c->serials[n])
		n++;
	return n;
}

static int
customer_ncontacts(const demo_customer *c)
{
	int n = 0;
	while (n < 3 && c->contacts[n].name)
		n++;
	return n;
}

/* Pick an item for line kind (sometimes a general one), avoiding the ones in used[0..nused). */
static const demo_item *
pick_item(demo_rng *rng, int kind, const demo_item **used, int nused)
{
	for (int tries = 0; tries < 50; tries++) {
		int want = rng_below(rng, 100) < 12 ? K_GEN : kind;
		const demo_item *it = &demo_items[rng_below(rng, (int)SD_ARRAY_LEN(demo_items))];
		bool seen = false;

		if (it->kind != want || (it->priority == 1 && rng_below(rng, 100) < 55))
			continue;
		for (int i = 0; i < nused; i++)
			seen = seen || used[i] == it;
		if (!seen)
			return it;
	}
	return NULL;
}

static int
pick_channel(demo_rng *rng, bool night)
{
	int x = rng_below(rng, 100);

	if (night)
		return CH_PHONE;
	if (x < 30)
		return CH_FAX;
	if (x < 68)
		return CH_PHONE;
	if (x < 83)
		return CH_EMAIL;
	if (x < 90)
		return CH_LETTER;
	return CH_VISIT;
}

/* Last time (minutes) a request came from customer c about serial s (index 3: none). */
typedef struct demo_last {
	long at[SD_ARRAY_LEN(demo_customers)][4];
} demo_last;

#define DUP_GAP (4 * 1440)   /* keep clear of the duplicate window (72 h by default) */

/* Request times: working hours on working days mostly, a few night calls; sorted. */
static void
make_times(demo_rng *rng, long now, long *times, bool *night, int n)
{
	long today = now / 1440;

	for (int i = 0; i < n; i++) {
		long day, t;
		int wd, tod;

		do {
			day = today - rng_below(rng, DEMO_DAYS + 1);
			wd = (int)((day + 4) % 7);      /* 0 = Sunday; 1970-01-01 was a Thursday */
		} while ((wd == 0 && rng_below(rng, 100) < 85) || (wd == 6 && rng_below(rng, 100) < 60));
		if (rng_below(rng, 100) < 6)
			tod = (rng_below(rng, 2) ? 19 * 60 : 0) + rng_below(rng, 5 * 60);
		else
			tod = 8 * 60 + rng_below(rng, 10 * 60);
		t = day * 1440 + tod;
		while (t > now - 10)
			t -= 1440;
		times[i] = t;
	}
	qsort(times, (size_t)n, sizeof *times, cmp_long);
	for (int i = 0; i < n; i++) {
		int tod = (int)(times[i] % 1440);
		night[i] = tod < 8 * 60 || tod >= 18 * 60;
	}
}

/*
 * Fill r for the request received at t. forced_cust >= 0 chooses the
 * customer; otherwise one is drawn whose equipment has not been reported
 * recently (so that only the planted duplicate is flagged).
 */
static void
make_request(demo_rng *rng, demo_last *last, long t, bool night, int forced_cust,
             sd_request *r, int *cust_out, int *serial_out)
{
	const demo_item *used[3];
	int ci = 0, si = 3, nitems, prio = 4;

	for (int tries = 0; tries < 40; tries++) {
		ci = forced_cust >= 0 ? forced_cust : rng_below(rng, DEMO_NCUST);
		si = rng_below(rng, 100) < 80 ? rng_below(rng, customer_nserials(&demo_customers[ci])) : 3;
		if (last->at[ci][si] == 0 || t - last->at[ci][si] > DUP_GAP)
			break;
		if (forced_cust >= 0 && tries > 20)
			break;
	}
	last->at[ci][si] = t;

	const demo_customer *c = &demo_customers[ci];
	const demo_contact *who = &c->contacts[rng_below(rng, customer_ncontacts(c))];

	format_minutes(t, r->received_at);
	r->channel = pick_channel(rng, night);
	r->customer = xstrdup(c->name);
	r->requester = xstrdup(who->name);
	r->phone = xstrdup(who->phone);
	r->serial = si < 3 ? xstrdup(c->serials[si]) : NULL;
	r->received_by = xstrdup(night || rng_below(rng, 100) < 65 ? "wangli" : "chenjing");

	int x = rng_below(rng, 100);
	nitems = x < 72 ? 1 : x < 93 ? 2 : 3;
	for (int i = 0; i < nitems; i++) {
		const demo_item *it = pick_item(rng, c->kind, used, i);
		if (!it)
			break;
		used[i] = it;
		intake_request_add_item(r, it->text);
		if (it->priority < prio)
			prio = it->priority;
	}
	if (r->nitems == 0) {
		intake_request_add_item(r, demo_items[0].text);
		prio = demo_items[0].priority;
	}
	if (night && prio > 2)
		prio = 2;
	r->priority = prio;
	if (r->channel == CH_FAX)
		r->fax_pages = 1 + rng_below(rng, 2) + (int)r->nitems / 2;
	*cust_out = ci;
	*serial_out = si;
}

/* Hand r to an engineer shortly after receipt, unless that would be after now. */
static void
hand_request(demo_rng *rng, sd_request *r, long t, long now, int kind)
{
	int delay = r->priority == 1 ? 3 + rng_below(rng, 15) : 10 + rng_below(rng, 110);
	const char *to = kind_engineer[kind];

	if (rng_below(rng, 100) < 20) {
		static const char *const others[] = { "zhangwei", "liqiang", "zhaomin", "sunhao", "liuyang" };
		to = others[rng_below(rng, (int)SD_ARRAY_LEN(others))];
	}
	if (t + delay > now)
		return;
	r->handed_to = xstrdup(to);
	format_minutes(t + delay, r->handed_at);
	r->status = RS_HANDED;
}

static int
register_empty(store *st, sd_err *err)
{
	sqlite3_stmt *q = store_prepare(st, "SELECT count(*) FROM request", err);
	long long n = 0;

	if (!q)
		return err ? err->status : SD_INTERNAL;
	if (sqlite3_step(q) == SQLITE_ROW)
		n = sqlite3_column_int64(q, 0);
	sqlite3_reset(q);
	if (n > 0)
		return sd_err_set(err, SD_DATAERR,
		                  _("the register already holds %lld requests; demo data goes into an empty database only"), n);
	return SD_OK;
}

static int
put_staff(store *st, sd_err *err)
{
	int rc;

	for (size_t i = 0; i < SD_ARRAY_LEN(demo_staff); i++) {
		sd_staff have;
		sd_err miss;

		/* Someone already on the list (the person who created the database) keeps their role. */
		if (staff_get(st, demo_staff[i].login, &have, &miss) == SD_OK) {
			staff_free(&have);
			continue;
		}
		sd_staff s = {
			.login = (char *)demo_staff[i].login,
			.name = (char *)demo_staff[i].name,
			.phone = (char *)demo_staff[i].phone,
			.role = demo_staff[i].role,
			.active = true,
		};
		if ((rc = staff_put(st, &s, err)) != SD_OK)
			return rc;
	}
	return SD_OK;
}

int
demo_fill(store *st, sd_err *err)
{
	demo_rng rng = { 20240514ULL };
	demo_last last;
	long times[DEMO_REQUESTS];
	bool night[DEMO_REQUESTS];
	char nowbuf[17];
	long now;
	int rc, dup_at = -1;
	/* Which requests are voided: the second one is re-registered right after. */
	const int void_at[2] = { DEMO_REQUESTS / 4, DEMO_REQUESTS * 2 / 3 };

	sd_err_clear(err);
	if ((rc = register_empty(st, err)) != SD_OK)
		return rc;
	/* staff_put runs a transaction of its own. */
	if ((rc = put_staff(st, err)) != SD_OK)
		return rc;

	memset(&last, 0, sizeof last);
	store_now(nowbuf);
	now = to_minutes(nowbuf);
	make_times(&rng, now, times, night, DEMO_REQUESTS);

	if ((rc = store_begin(st, err)) != SD_OK)
		return rc;
	int prev_cust = 0, prev_serial = 3;
	sd_request prev;
	intake_request_init(&prev);
	for (int i = 0; i < DEMO_REQUESTS; i++) {
		sd_request r;
		int ci, si, forced = -1;

		intake_request_init(&r);
		if (i == 20)
			forced = CUST_EURO;
		/* The likely duplicate: a second call about equipment reported a few hours before. */
		if (dup_at < 0 && i >= DEMO_REQUESTS / 2 && i < DEMO_REQUESTS - 5 && prev.serial &&
		    prev.status != RS_VOID && i != void_at[1] + 1 && !night[i] && !night[i - 1] &&
		    times[i] - times[i - 1] >= 30 && times[i] - times[i - 1] < 240 &&
		    times[i] / 1440 == times[i - 1] / 1440)
			dup_at = i;
		if (i == void_at[1] + 1 || i == dup_at)
			forced = prev_cust;
		make_request(&rng, &last, times[i], night[i], forced, &r, &ci, &si);
		if (i == 20) {
			intake_request_add_item(&r, euro_item.text);
		} else if (i == void_at[1] + 1 || i == dup_at) {
			/* Same customer and equipment as the request before. */
			free(r.serial);
			r.serial = xstrdup(prev.serial);
			si = prev_serial;
			last.at[ci][si] = times[i];
			for (size_t k = 0; k < r.nitems; k++)
				free(r.items[k]);
			r.nitems = 0;
			if (i == dup_at) {
				r.channel = CH_PHONE;
				r.fax_pages = 0;
				intake_request_add_item(&r, dup_text);
			} else {
				/* The voided entry registered again under the right customer. */
				free(r.requester);
				free(r.phone);
				r.requester = xstrdup(prev.requester);
				r.phone = xstrdup(prev.phone);
				r.channel = prev.channel;
				r.fax_pages = prev.fax_pages;
			}
			for (size_t k = 0; k < prev.nitems; k++)
				intake_request_add_item(&r, prev.items[k]);
			r.priority = prev.priority;
		}
		if (i == void_at[0]) {
			r.status = RS_VOID;
			r.void_reason = xstrdup(void_reasons[0]);
		} else if (i == void_at[1]) {
			r.status = RS_VOID;
			r.void_reason = xstrdup(void_reasons[1]);
			/* The operator wrote down a customer of the same line by mistake. */
			int wrong = ci;
			for (int k = 1; k < DEMO_NCUST && wrong == ci; k++)
				if (demo_customers[(ci + k) % DEMO_NCUST].kind == demo_customers[ci].kind)
					wrong = (ci + k) % DEMO_NCUST;
			free(r.customer);
			r.customer = xstrdup(demo_customers[wrong].name);
		} else if (i < DEMO_REQUESTS - 4 || rng_below(&rng, 100) < 30) {
			hand_request(&rng, &r, times[i], now, demo_customers[ci].kind);
		}
		rc = intake_add(st, &r, true, err);
		intake_request_free(&prev);
		prev = r;
		prev_cust = ci;
		prev_serial = si;
		if (rc != SD_OK)
			break;
	}
	intake_request_free(&prev);
	/* One audit row for the whole demonstration register. */
	if (rc == SD_OK)
		rc = store_audit(st, "request", "*", "demo", NULL, "{\"demo\":true}", err);
	if (rc != SD_OK) {
		store_rollback(st);
		return rc;
	}
	return store_commit(st, err);
}
