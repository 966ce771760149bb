/*
 * demo_stock.c — the demonstration's spare-parts store: the parts an
 * equipment maker's after-sales department keeps for the lines it serves
 * (coating, switchgear, boilers, hospital and laboratory equipment,
 * low-voltage systems, pumps), their opening receipt at cost, the issues to
 * the ledger entries (each issue bills its parts line through the store's
 * own rules), restocking when a shelf runs out, a return of parts not used,
 * an adjustment with its reason, orders placed for parts below their
 * reorder point, and a stocktake counted and posted with its differences.
 *
 * Every movement goes through stock.h and stocktake.h, dated by the clock
 * (SERVDESK_NOW) the caller set. All strings here are data, not messages.
 *
 * Self-contained; no curses.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "datetime.h"
#include "demo.h"
#include "stock.h"
#include "stocktake.h"

static const struct demo_part {
	const char *part_no, *name, *spec, *unit, *brand, *location;
	int64_t cost_fen;
	long opening, reorder_point, reorder_qty;
} demo_parts[] = {
	/* anti-corrosion and coating equipment */
	{ "PS-SV-CORE", "砂阀阀芯", "Φ32 碳化钨", "个", "驰耐特", "A-01-1", 32000, 6, 2, 5 },
	{ "PS-FILTER", "喷砂机过滤网", "60目 不锈钢", "片", "驰耐特", "A-01-2", 4500, 20, 6, 20 },
	{ "AL-PK", "高压泵柱塞密封包", "GP-21 高压无气喷涂机用", "套", "固瑞克", "A-01-3", 68000, 4, 2, 4 },
	{ "TC-K", "K型热电偶", "WRN-130 L=500mm", "支", "上自仪", "A-02-1", 18500, 6, 2, 5 },
	{ "DH-HS", "湿度传感器", "HM1500 除湿机用", "只", "霍尼韦尔", "A-02-2", 26000, 3, 1, 3 },
	{ "EP-PRIMER", "环氧富锌底漆", "20kg/桶", "桶", "海虹老人", "D-01-1", 92000, 4, 2, 4 },
	{ "PULSE-DIA", "脉冲阀膜片", "DMF-Z-25", "片", "上袋", "A-02-3", 6500, 10, 4, 10 },
	{ "TG-PROBE", "涂层测厚仪探头", "F型 0-1250μm", "只", "时代", "A-02-4", 88000, 2, 1, 2 },
	/* switchgear, transformers, DC panels */
	{ "CB-COIL", "合闸线圈", "DC220V VS1断路器用", "只", "正泰", "B-01-1", 42000, 3, 2, 4 },
	{ "TC-PT100", "PT100热电阻", "WZP-230 三线制", "支", "上自仪", "B-01-2", 9500, 8, 3, 10 },
	{ "IM-MOD", "绝缘监测模块", "WZJ-31 直流屏用", "块", "许继", "B-01-3", 156000, 2, 1, 2 },
	{ "DR-SCREW", "抽屉柜摇进丝杆组件", "GCK 抽屉单元", "套", "苏州电气", "B-02-1", 36000, 2, 1, 2 },
	{ "RS485-MOD", "485通讯模块", "4路隔离", "块", "四方", "B-02-2", 48000, 3, 1, 3 },
	{ "BUS-JOINT", "母线槽连接头", "1600A 含绝缘件及螺栓", "套", "苏州电气", "B-02-3", 210000, 2, 1, 1 },
	{ "CAP-30", "自愈式并联电容器", "BSMJ0.45-30-3", "台", "思源", "B-03-1", 56000, 9, 3, 9 },
	{ "ZL-TRIG", "晶闸管触发板", "ZL-2000 整流柜用", "块", "苏州电气", "B-03-3", 88000, 2, 1, 2 },
	{ "CK-CONT", "电容投切接触器", "CJ19-32", "只", "正泰", "B-03-2", 21000, 6, 2, 6 },
	/* boilers and water treatment */
	{ "VFD-IGBT", "变频器逆变模块", "FF300R12KT4", "块", "英飞凌", "C-01-1", 285000, 2, 1, 2 },
	{ "LT-DP", "差压变送器", "3051CD 0-10kPa", "台", "罗斯蒙特", "C-01-2", 465000, 2, 1, 1 },
	{ "RESIN", "软水树脂", "001×7 25L/袋", "袋", "争光", "D-01-2", 38000, 10, 4, 10 },
	{ "GR-BOARD", "炉排调速控制板", "DZL 链条炉排用", "块", "华光", "C-01-3", 125000, 2, 1, 2 },
	{ "SV-DN40", "弹簧全启式安全阀", "A48Y-16C DN40", "台", "上海阀门", "C-02-1", 198000, 2, 1, 2 },
	/* hospital and laboratory equipment */
	{ "MJ-SEAL", "灭菌器门密封圈", "MJQ-1.2 硅橡胶", "条", "原厂", "E-01-1", 78000, 3, 2, 3 },
	{ "MJ-PSW", "门压力开关", "0-0.6MPa", "只", "原厂", "E-01-2", 34000, 3, 1, 3 },
	{ "QX-HEAT", "烘干加热器", "2kW 220V", "支", "原厂", "E-01-3", 42000, 3, 1, 3 },
	{ "SH-LAMP", "卤素光源灯", "12V 20W", "只", "飞利浦", "E-02-1", 32000, 4, 2, 4 },
	{ "LX-BRG", "深沟球轴承", "6204-2RS", "只", "SKF", "E-02-2", 3500, 10, 4, 10 },
	{ "RO-SENS", "电导率电极", "K=0.1 纯水机用", "支", "梅特勒", "E-02-3", 68000, 2, 1, 2 },
	/* low-voltage systems */
	{ "POE-SW", "PoE交换机", "8口 百兆", "台", "海康威视", "F-01-1", 62000, 3, 1, 3 },
	{ "GB-PWR", "广播主机电源板", "RD-IP 主机用", "块", "原厂", "F-01-2", 54000, 2, 1, 2 },
	{ "AC-READER", "IC卡读卡器", "韦根26", "台", "中控", "F-01-3", 28000, 4, 2, 4 },
	{ "SFP-1G", "千兆单模光模块", "1310nm 20km", "只", "华为", "F-02-1", 16000, 6, 2, 6 },
	{ "LOOP-DET", "地感检测器", "单通道", "台", "原厂", "F-02-2", 46000, 2, 1, 2 },
	{ "LED-P4", "LED单元模组", "P4 户内全彩", "块", "洲明", "F-02-3", 18000, 10, 4, 10 },
	/* water works: pumps, PLC, dosing */
	{ "FUSE-RT", "熔断器", "RT36-00 125A", "只", "正泰", "G-01-1", 2800, 12, 6, 20 },
	{ "JY-DIAPH", "计量泵隔膜", "JY-60 PTFE", "片", "原厂", "G-01-2", 52000, 3, 1, 3 },
	{ "JY-CHECK", "单向阀组件", "JY-60 出入口", "只", "原厂", "G-01-3", 24000, 4, 2, 4 },
	{ "GS-SPROCKET", "格栅链轮", "GS-1000 Z=12", "个", "原厂", "G-02-1", 135000, 2, 1, 2 },
	{ "GS-CHAIN", "格栅牵引链条", "GS-1000 1m/段", "段", "原厂", "G-02-2", 68000, 4, 2, 4 },
	{ "SIG-ISO", "信号隔离器", "一进一出 4-20mA", "只", "MCE", "G-02-3", 22000, 4, 2, 4 },
	{ "FLOAT-SW", "电缆浮球开关", "10m 线长", "只", "原厂", "G-03-1", 15000, 6, 2, 6 },
	/* imported */
	{ "ENC-SERVO", "伺服电机编码器", "进口 绝对值型", "只", "海德汉", "H-01-1", 620000, 1, 0, 1 },
};

static const struct demo_part *
find_part(const char *part_no)
{
	for (size_t i = 0; i < SD_ARRAY_LEN(demo_parts); i++)
		if (strcmp(demo_parts[i].part_no, part_no) == 0)
			return &demo_parts[i];
	return NULL;
}

const char *
demo_part_name(const char *part_no)
{
	const struct demo_part *p = find_part(part_no);

	return p ? p->name : part_no;
}

static void
clock_set(sd_time t)
{
	char s[17];

	time_format(t, s);
	setenv("SERVDESK_NOW", s, 1);
}

int
demo_stock_open(store *st, sd_time at, sd_err *err)
{
	int rc = SD_OK;

	clock_set(at);
	for (size_t i = 0; i < SD_ARRAY_LEN(demo_parts) && rc == SD_OK; i++) {
		const struct demo_part *d = &demo_parts[i];
		sd_part p = {
			.part_no = (char *)d->part_no, .name = (char *)d->name, .spec = (char *)d->spec,
			.unit = (char *)d->unit, .brand = (char *)d->brand, .location = (char *)d->location,
			.reorder_point = d->reorder_point, .reorder_qty = d->reorder_qty, .active = true,
		};
		if ((rc = stock_part_put(st, &p, err)) == SD_OK)
			rc = stock_receive(st, d->part_no, d->opening, d->cost_fen, "期初库存入库", NULL, err);
	}
	return rc;
}

int
demo_stock_issue(store *st, const char *part_no, long qty, const char *regno, const char *reason,
                 bool restock, sd_err *err)
{
	const struct demo_part *d = find_part(part_no);
	sd_part p;
	int rc;

	if (!d)
		return sd_err_set(err, SD_INTERNAL, "demo: no part %s", part_no);
	if ((rc = stock_part_get(st, part_no, &p, err)) != SD_OK)
		return rc;
	/*
	 * The shelf cannot give what the engineer needs, or (restock) the
	 * issue would leave it at its reorder point: the storekeeper restocked
	 * it first (the supplier's price drifts a little, so the moving average
	 * moves).
	 */
	if (p.on_hand < qty || (restock && p.on_hand - qty <= p.reorder_point)) {
		long want = d->reorder_qty + (p.on_hand < qty ? qty - p.on_hand : 0);
		int64_t cost = d->cost_fen + d->cost_fen * (int64_t)(p.version % 3) / 50;

		rc = stock_receive(st, part_no, want, cost, "补货入库(按采购订单)", NULL, err);
	}
	stock_part_free(&p);
	if (rc == SD_OK)
		rc = stock_issue(st, part_no, qty, regno, reason, NULL, NULL, err);
	return rc;
}

/* The lines of the stocktake: part numbers and the quantities expected. */
struct take_lines {
	char (*part_no)[32];
	long *expected;
	int n;
};

static int
take_line(const sd_stocktake_line *l, void *arg)
{
	struct take_lines *t = arg;

	t->part_no = xrealloc(t->part_no, (size_t)(t->n + 1) * sizeof *t->part_no);
	t->expected = xrealloc(t->expected, (size_t)(t->n + 1) * sizeof *t->expected);
	snprintf(t->part_no[t->n], sizeof t->part_no[t->n], "%s", l->part_no);
	t->expected[t->n++] = l->expected;
	return 0;
}

/* A part to order: at or below its reorder point, nothing on order yet. */
static int
order_low(store *st, sd_err *err)
{
	int rc = SD_OK, ordered = 0;

	for (size_t i = 0; i < SD_ARRAY_LEN(demo_parts) && rc == SD_OK && ordered < 2; i++) {
		sd_part p;

		if ((rc = stock_part_get(st, demo_parts[i].part_no, &p, err)) != SD_OK)
			break;
		long qty = stock_to_order(p.on_hand, p.on_order, p.reorder_point, p.reorder_qty);

		if (p.on_hand <= p.reorder_point && p.on_order == 0 && qty > 0) {
			rc = stock_order(st, p.part_no, qty, err);
			ordered++;
		}
		stock_part_free(&p);
	}
	return rc;
}

int
demo_stock_close(store *st, sd_time now, sd_err *err)
{
	sd_time day = now / 1440 * 1440;
	struct take_lines t = { NULL, NULL, 0 };
	long long id = 0;
	int rc;

	/* a sensor dropped on the way to a site: written off (the first of these on the shelf) */
	static const char *const dropped[] = { "TC-PT100", "TC-K", "FUSE-RT" };
	clock_set(day - 9 * 1440 + 16 * 60 + 40);
	for (size_t i = 0; i < SD_ARRAY_LEN(dropped); i++) {
		sd_part p;

		if ((rc = stock_part_get(st, dropped[i], &p, err)) != SD_OK)
			return rc;
		long have = p.on_hand;
		stock_part_free(&p);
		if (have > 0) {
			rc = stock_adjust(st, dropped[i], -1, "搬运途中跌落，保护管弯折，报废1支(已拍照存档)", NULL, err);
			break;
		}
	}
	if (rc != SD_OK)
		return rc;
	/* the month's count: every shelf counted, two differences found and posted */
	clock_set(day - 4 * 1440 + 14 * 60);
	if ((rc = stocktake_start(st, false, &id, err)) != SD_OK ||
	    (rc = stocktake_lines(st, id, false, take_line, &t, err)) != SD_OK)
		goto out;
	clock_set(day - 4 * 1440 + 16 * 60 + 30);
	for (int i = 0; i < t.n && rc == SD_OK; i++) {
		long counted = t.expected[i];

		if (strcmp(t.part_no[i], "PS-FILTER") == 0 && counted >= 2)
			counted -= 2;     /* two screens short: used on site, never issued */
		else if (strcmp(t.part_no[i], "FUSE-RT") == 0)
			counted += 1;     /* one fuse found in a returned toolbox */
		rc = stocktake_count(st, id, t.part_no[i], counted, err);
	}
	clock_set(day - 4 * 1440 + 17 * 60 + 10);
	if (rc == SD_OK)
		rc = stocktake_post(st, id, err);
	/* the storekeeper orders what runs low */
	clock_set(day - 3 * 1440 + 9 * 60);
	if (rc == SD_OK)
		rc = order_low(st, err);
out:
	free(t.part_no);
	free(t.expected);
	return rc;
}
