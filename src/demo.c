/*
 * demo.c — the demonstration register: staff, customers of the kinds the
 * service documents describe (factories, hospitals, schools, water works),
 * and about four months of requests up to today, drawn with a small PRNG
 * seeded with a constant so that every run gives the same register
 * (relative to today's date). The customers get their equipment records
 * (dates spread so that the warranty tiers differ), and most handed requests
 * are taken into the after-sales ledger and carried through its steps as far
 * as their age allows, each step dated by setting the clock (SERVDESK_NOW)
 * to its time; a few charges, payments and two complaints follow.
 *
 * Each item a customer writes is about a machine of the customer's (its
 * model) and comes with what the engineer does about it: the fault
 * category, the fix on site with the spare parts it takes, and the fix by
 * phone, remote login or e-mail. The entry records the category and the
 * fixes of its items; an on-site fix takes its parts from the store
 * (demo_stock.c), so the ledger's parts charges are the parts issued.
 *
 * All strings here are data, not messages: they are not translated.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "complaint.h"
#include "contract.h"
#include "customer.h"
#include "demo.h"
#include "repair.h"
#include "returns.h"
#include "quote.h"
#include "demo_card.h"
#include "install.h"
#include "visit.h"
#include "intake.h"
#include "ledger.h"
#include "staff.h"
#include "stock.h"
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

/*
 * What a customer writes and what the engineer does about it, for the same
 * equipment: the fault category the engineer records, the fix on site (with
 * the parts it takes from the store) and the fix by the other means (remote
 * login, phone or e-mail) when the entry is solved without a visit.
 */
typedef struct demo_item {
	int kind;
	int priority;
	const char *text;
	const char *fault;           /* fault category code (fault_category) */
	const char *onsite;          /* the solution on site */
	int alt_mode;                /* the other means */
	const char *alt;             /* the solution that way */
	const char *part[2];         /* parts issued on site, NULL none */
	int qty[2];
	const char *model;           /* the serial prefix of the equipment it is about (NULL: any) */
} demo_item;

static const demo_item demo_items[] = {
	/* anti-corrosion and coating equipment */
	{ K_COAT, 1, "3号喷砂房喷砂机不出砂,砂阀打开后只有气没有砂,整条线停产。今早开机就这样,已清理过砂阀和混砂管,无效。",
	  "mech", "现场检查砂阀、混砂管及喷枪,砂阀阀芯磨损、过滤网堵塞;更换阀芯和过滤网,调整气砂比后试喷,出砂正常。",
	  MODE_PHONE, "电话指导用户检查砂料含水结块情况,更换干燥砂料并调整气砂比后出砂恢复;如再出现安排上门。",
	  { "PS-SV-CORE", "PS-FILTER" }, { 1, 2 }, "CNT-PS" },
	{ K_COAT, 2, "高压无气喷涂机压力上不去,最高只到12MPa(正常21MPa),漆面雾化不好,有流挂。",
	  "mech", "现场拆检高压泵,柱塞密封磨损内泄;更换柱塞密封包,清洗吸料滤网,调压至21MPa试喷,雾化正常。",
	  MODE_PHONE, "电话指导用户清洗吸料滤网和喷枪过滤网,检查柱塞密封;清洗后压力恢复到20MPa以上,如仍不正常再安排上门。",
	  { "AL-PK" }, { 1 }, "CNT-CG" },
	{ K_COAT, 2, "烘干炉温度波动大。\n现象:设定80℃,实际在65~95℃之间来回跳。\n开始时间:上周五下午。\n已试过:更换了温控表,没有改善。\n请派工程师来现场检查热电偶和加热管。",
	  "elec", "现场检测热电偶,补偿导线接头氧化、热电偶偏差8℃,加热管正常;更换K型热电偶,重新整定PID参数,炉温稳定在80±3℃。",
	  MODE_PHONE, "电话指导用户紧固热电偶补偿导线接头并重新整定温控表PID参数,观察一天波动在±5℃以内。",
	  { "TC-K" }, { 1 }, "CNT-CG" },
	{ K_COAT, 3, "除湿机控制屏偶尔报E07故障,复位后能继续运行,一天报两三次。",
	  "ctrl", "现场检查,E07为湿度传感器信号异常,传感器插头受潮松动;更换湿度传感器并固定插头,运行一天无报警。",
	  MODE_PHONE, "电话指导用户清洁湿度传感器插头并重新插紧,复位后观察;如仍报E07再上门更换传感器。",
	  { "DH-HS" }, { 1 }, "CNT-FF" },
	{ K_COAT, 1, "储罐内防腐层大面积起泡脱落(约6平方米),罐体已停用,请确认是否属于质保范围并尽快派人查看。",
	  "site", "现场检测起泡区域,施工时罐内湿度超标致附着力不足;铲除起泡涂层,重新喷砂除锈至Sa2.5级并补涂底漆,干膜厚度检测合格。",
	  MODE_EMAIL, "已邮件发送起泡部位取样检测方法及质保条款说明,请用户拍照并测量范围,确认后安排上门修补。",
	  { "EP-PRIMER" }, { 2 }, "CNT-FF" },
	{ K_COAT, 3, "喷砂回收系统除尘器压差报警,滤筒上月刚换过,报警后仍可运行。",
	  "mech", "现场检查除尘器清灰系统,两只脉冲阀膜片破损不喷吹;更换膜片,清灰后压差回到正常范围。",
	  MODE_PHONE, "电话指导用户检查压缩空气压力及脉冲清灰程序,将清灰间隔由60秒调到30秒,压差降到正常范围。",
	  { "PULSE-DIA" }, { 2 }, "CNT-PS" },
	{ K_COAT, 2, "涂层测厚仪读数偏差大,同一点测三次相差30μm以上,影响验收检测。",
	  "usage", "现场用标准片校准测厚仪,探头磨损;更换探头后做零点及两点校准,重复测量偏差小于3μm,并讲解测量方法。",
	  MODE_PHONE, "电话指导用户用随机标准片做零点和两点校准,测量前清洁基材;校准后三次读数相差小于5μm。",
	  { "TG-PROBE" }, { 1 }, "CNT-FF" },
	{ K_COAT, 4, "请提供喷涂机易损件(喷嘴、密封圈、过滤网)清单及报价,我方准备备一批库存。",
	  "other", "现场核对喷涂机型号及易损件使用情况,提供易损件清单和报价单,讲解更换周期。",
	  MODE_EMAIL, "已通过电子邮件发送喷涂机易损件(喷嘴、密封圈、过滤网)清单及报价单。",
	  { NULL }, { 0 }, "CNT-CG" },
	/* switchgear, transformers, DC panels */
	{ K_ELEC, 1, "10kV高压开关柜2#进线柜断路器合不上闸,操作机构储能后合闸线圈无动作,二车间全部停电。",
	  "elec", "现场检查操作机构及二次回路,合闸线圈烧毁;更换合闸线圈,做分合闸传动试验三次均正常,恢复送电。",
	  MODE_PHONE, "电话指导用户检查合闸回路控制电源及辅助开关,合闸保险熔断;更换保险后合闸成功,线圈待停电时检查。",
	  { "CB-COIL" }, { 1 }, "SZDQ-KG" },
	{ K_ELEC, 2, "1#变压器温控器显示绕组温度95℃并报警,风机已自动启动,负荷只有60%,怀疑温控器或测温元件故障。",
	  "elec", "现场检查温控器,B相PT100测温元件阻值异常;更换测温元件,温控器显示与红外测温一致,报警消除。",
	  MODE_PHONE, "电话指导用户测量三相PT100阻值,确认B相元件异常,暂将报警值调高5℃并加强巡视,待上门更换。",
	  { "TC-PT100" }, { 1 }, "SZDQ-BY" },
	{ K_ELEC, 3, "直流屏绝缘监测装置报“正极接地”告警,现场排查各支路未找到接地点,设备运行正常。",
	  "elec", "现场逐路拉路查找,7号支路电缆绝缘破损接地,绝缘监测模块误报;处理电缆绝缘并更换监测模块,告警消除。",
	  MODE_REMOTE, "远程登录直流屏监控查看各支路绝缘数据,指导用户对7号支路拉路,找到接地点并处理,告警消除。",
	  { "IM-MOD" }, { 1 }, "SZDQ-DC" },
	{ K_ELEC, 2, "低压抽屉柜第5抽屉推不进工作位置,摇进机构卡滞,暂时用备用回路供电。",
	  "mech", "现场拆检抽屉摇进机构,丝杆变形、导轨有异物;更换丝杆组件,清理导轨并润滑,推拉试验正常。",
	  MODE_PHONE, "电话指导用户清理导轨异物并加润滑脂,抽屉可推进;丝杆变形待停电检修时更换。",
	  { "DR-SCREW" }, { 1 }, "SZDQ-KG" },
	{ K_ELEC, 3, "综保装置事件记录里频繁出现“通讯中断”。\n开始时间:本月初开始,每天十几次。\n已做:检查了485通讯线接头,重新做了终端电阻。\n目前后台画面数据偶尔不刷新。",
	  "ctrl", "现场检查通讯管理机,一块485通讯模块故障;更换模块并修改通讯超时参数,观察两小时无中断。",
	  MODE_REMOTE, "远程登录后台查看综保装置通讯日志,修改通讯超时参数并重启通讯管理机,观察一小时无中断。",
	  { "RS485-MOD" }, { 1 }, "SZDQ-KG" },
	{ K_ELEC, 1, "配电室母线槽连接处有放电声和焦味,已紧急拉闸停电,请立即派人!",
	  "install", "现场检查母线槽连接处,安装时螺栓未按力矩紧固,接头过热烧蚀;更换连接头及绝缘件,按力矩紧固,绝缘测试合格后恢复送电。",
	  MODE_PHONE, "电话确认已停电隔离,指导用户挂牌上锁做好安全措施,工程师随后上门处理。",
	  { "BUS-JOINT" }, { 1 }, "SZDQ-KG" },
	{ K_ELEC, 4, "明年初计划增容,请派技术人员来现场看一下原有开关柜能否再扩展两面柜。",
	  "other", "现场勘查配电室空间及母线容量,原开关柜可向右扩展两面KYN28柜,已出具扩容方案及报价。",
	  MODE_EMAIL, "已邮件发送扩容初步方案,待现场勘查确认母线容量后出正式报价。",
	  { NULL }, { 0 }, "SZDQ-KG" },
	{ K_ELEC, 2, "电容补偿柜投切不正常,功率因数只有0.82,供电局已来函要求整改。",
	  "elec", "现场检查电容补偿柜,三台电容器容量衰减、两只投切接触器触头烧蚀;更换后功率因数升至0.96。",
	  MODE_PHONE, "电话指导用户将补偿控制器切到手动逐组投入,确认三组电容电流偏低,安排上门更换。",
	  { "CAP-30", "CK-CONT" }, { 3, 2 }, "SZDQ-KG" },
	{ K_ELEC, 2, "整流柜运行中报“晶闸管过热”,风机运转正常,直流输出电流波动约±5%。",
	  "elec", "现场检查整流柜,一块晶闸管触发板损坏、散热器积尘;更换触发板并清理散热器,输出电流稳定,报警消除。",
	  MODE_REMOTE, "远程查看整流柜监控数据,确认B相触发脉冲异常,指导用户降负荷运行并清理散热器,触发板待上门更换。",
	  { "ZL-TRIG" }, { 1 }, "SZDQ-ZL" },
	/* boilers and water treatment */
	{ K_BOIL, 1, "2号锅炉引风机跳闸后无法再启动,变频器报过流(OC3),锅炉已压火停运,影响全厂供汽。",
	  "elec", "现场检查变频器及引风机,电机绝缘良好,变频器逆变模块损坏;更换模块,重设参数后带负荷试运行正常。",
	  MODE_PHONE, "电话指导用户测电机绝缘并将变频器加速时间延长到30秒,引风机可启动;逆变模块待停炉时检查。",
	  { "VFD-IGBT" }, { 1 }, "HG-GL" },
	{ K_BOIL, 2, "现象:1#锅炉汽包水位计显示与实际不符,相差约50mm。\n开始时间:前天夜班。\n已处理:冲洗水位计、校对变送器零点,仍有偏差。\n请安排工程师来厂检查。",
	  "ctrl", "现场检查平衡容器取样管堵塞,差压变送器膜片损坏;疏通取样管,更换差压变送器并校验,水位偏差小于5mm。",
	  MODE_PHONE, "电话指导用户冲洗水位计并重新校对差压变送器零点,偏差消除;下次停炉时再做全面检查。",
	  { "LT-DP" }, { 1 }, "HG-GL" },
	{ K_BOIL, 3, "软水器再生后出水硬度偶尔超标(化验0.05mmol/L),多数时间合格。",
	  "usage", "现场检查软水器,盐箱盐量不足、部分树脂老化;补充软水树脂,调整再生周期和吸盐时间,出水硬度合格。",
	  MODE_PHONE, "电话指导用户保持盐箱盐量并缩短再生周期,连续化验三天出水合格。",
	  { "RESIN" }, { 2 }, "HG-GL" },
	{ K_BOIL, 2, "链条炉排转速调不下来,手动调节无效,燃烧不充分,排烟温度比平时高30℃左右。",
	  "elec", "现场检查炉排调速装置,调速控制板损坏;更换控制板,手动及自动调速正常,排烟温度恢复。",
	  MODE_PHONE, "电话指导用户将炉排切到工频低速档临时运行,调整风煤比;调速控制板待上门更换。",
	  { "GR-BOARD" }, { 1 }, "HG-GL" },
	{ K_BOIL, 3, "DCS画面上省煤器出口温度显示时有时无,现场温度计正常。",
	  "elec", "现场检查省煤器出口热电阻,接线盒进水、端子锈蚀;更换热电阻并密封接线盒,DCS显示稳定。",
	  MODE_REMOTE, "远程查看DCS历史曲线,确认信号断续,指导用户打开接线盒烘干端子并重新紧固,显示恢复。",
	  { "TC-PT100" }, { 1 }, "HG-GL" },
	{ K_BOIL, 4, "年度停炉检修计划在下月中旬,请派人配合做安全阀校验和炉膛检查,并告知需要我方准备什么。",
	  "other", "现场配合年度停炉检修,完成安全阀校验和炉膛检查,安全阀整定压力合格,出具检修记录。",
	  MODE_PHONE, "电话说明检修前用户需准备的事项(停炉降温、办理工作票、校验台位),约定检修日期。",
	  { NULL }, { 0 }, "HG-GL" },
	{ K_BOIL, 1, "除氧器安全阀起跳后回座不严,一直在排汽,已降压运行,请马上派人。",
	  "mech", "现场检查除氧器安全阀,阀座密封面冲蚀;更换安全阀并校验整定压力,起跳回座正常。",
	  MODE_PHONE, "电话指导用户降压至0.02MPa运行并关注水位,工程师当天带安全阀上门。",
	  { "SV-DN40" }, { 1 }, "HG-CS" },
	/* hospital and laboratory equipment */
	{ K_LAB, 1, "供应室脉动真空灭菌器升温到一半报“门密封故障”中止,今天的手术器械无法灭菌,请务必今天来人。",
	  "mech", "现场更换灭菌器门密封圈及门压力开关,空载运行三个周期,B-D测试合格后交付使用。",
	  MODE_PHONE, "电话指导检查门密封圈是否脱槽及压缩空气压力,重新装好密封圈后可运行,安排上门更换。",
	  { "MJ-SEAL", "MJ-PSW" }, { 1, 1 }, "YQ-MJ" },
	{ K_LAB, 2, "全自动清洗消毒机烘干温度不够,器械出来有水珠,已重新设置参数,无效。",
	  "elec", "现场检查烘干系统,一组烘干加热器烧断;更换加热器,烘干温度恢复到90℃,器械出机干燥。",
	  MODE_PHONE, "电话指导用户将烘干时间延长10分钟临时使用,确认一组加热器不工作,安排上门更换。",
	  { "QX-HEAT" }, { 1 }, "YQ-QX" },
	{ K_LAB, 3, "生化分析仪每天开机自检报“比色杯空白超限”,清洗后能通过,但隔天又报。",
	  "usage", "现场检查,光源灯老化能量下降,科室未按周清洗比色杯;更换光源灯并做空白校准,讲解清洗程序。",
	  MODE_PHONE, "电话指导操作人员执行比色杯清洗程序并重新做空白校准,自检通过。",
	  { "SH-LAMP" }, { 1 }, "YQ-SH" },
	{ K_LAB, 2, "检验科离心机运行中抖动厉害并有异响。\n从上周开始,转速越高越明显。\n已检查配平,试管对称放置,问题依旧。\n目前暂停使用,样本送另一台离心机。",
	  "mech", "现场拆检离心机,电机轴承磨损;更换两只轴承,动平衡测试合格,最高转速运行平稳无异响。",
	  MODE_PHONE, "电话确认为轴承异响,嘱暂停使用,工程师携轴承上门更换。",
	  { "LX-BRG" }, { 2 }, "YQ-LX" },
	{ K_LAB, 4, "新来的护士需要灭菌器操作培训,请安排工程师来院讲一次课(约1小时)。",
	  "usage", "到院为供应室护士讲解灭菌器操作规程、B-D测试及日常维护,约1小时,签到表已留存。",
	  MODE_EMAIL, "已通过电子邮件发送灭菌器操作规程及培训课件,并约定到院培训时间。",
	  { NULL }, { 0 }, "YQ-MJ" },
	{ K_LAB, 3, "纯水机电导率显示偶尔跳到20μS/cm以上,几秒钟后恢复正常。",
	  "elec", "现场检查电导率电极结垢、信号线屏蔽层未接地;更换电极并将屏蔽层接地,显示稳定。",
	  MODE_PHONE, "电话指导用户清洗电导率电极并检查信号线屏蔽层接地,观察两天显示稳定。",
	  { "RO-SENS" }, { 1 }, NULL },
	/* low-voltage systems: CCTV, access control, broadcast, network */
	{ K_LOWV, 2, "教学楼3楼走廊和楼梯口的监控摄像头(共6路)画面全黑,录像机上显示“视频丢失”。",
	  "elec", "现场检查录像机和摄像头供电,3楼PoE交换机损坏;更换交换机,重新添加通道,六路画面恢复。",
	  MODE_REMOTE, "远程登录录像机检查通道配置,重新添加丢失的视频通道并恢复录像计划,用户确认画面正常。",
	  { "POE-SW" }, { 1 }, "RD-JK" },
	{ K_LOWV, 1, "校园广播系统主机无法开机,明天早上要播放升旗仪式,请今天下午务必来修。",
	  "elec", "现场检查广播主机,电源板烧毁;更换电源板,主机开机,各分区广播测试正常。",
	  MODE_PHONE, "电话指导用户将备用功放接入分区,保证次日升旗仪式广播,主机待上门维修。",
	  { "GB-PWR" }, { 1 }, "RD-GB" },
	{ K_LOWV, 3, "门禁一卡通系统晚上10点后偶尔有学生卡刷不开宿舍门,重刷两三次能开。",
	  "ctrl", "现场检查门禁控制器,夜间权限同步与刷卡冲突,一台读卡器灵敏度下降;升级控制器固件并更换读卡器,测试正常。",
	  MODE_REMOTE, "远程登录门禁管理平台,将夜间权限同步改到凌晨3点,观察三晚无刷卡失败。",
	  { "AC-READER" }, { 1 }, "RD-MJ" },
	{ K_LOWV, 2, "机房核心交换机有一个光口频繁up/down。\n现象:办公楼网络每隔十几分钟断一次,约半分钟恢复。\n开始时间:昨天上午。\n已试:更换了光模块和跳线,没有改善。",
	  "elec", "现场测试光纤链路,尾纤熔接点衰耗过大;重新熔接尾纤,更换对端光模块,链路稳定。",
	  MODE_REMOTE, "远程登录交换机查看端口日志,收光功率偏低,暂将业务切到备用链路,安排上门熔接。",
	  { "SFP-1G" }, { 1 }, "RD-WL" },
	{ K_LOWV, 4, "监控录像目前只能保存15天,想扩容到30天,请给出硬盘扩容方案和报价。",
	  "other", "现场核对录像机盘位和码流,给出增加4块8TB监控硬盘的扩容方案及报价。",
	  MODE_EMAIL, "已邮件发送硬盘扩容方案(增加4块8TB监控硬盘)及报价单。",
	  { NULL }, { 0 }, "RD-JK" },
	{ K_LOWV, 3, "停车场道闸抬杆后偶尔不落杆,怀疑地感线圈有问题。",
	  "elec", "现场检测地感线圈绝缘正常,地感检测器灵敏度漂移;更换检测器并调整灵敏度,落杆正常。",
	  MODE_PHONE, "电话指导用户将地感检测器灵敏度调低一档,观察两天落杆正常。",
	  { "LOOP-DET" }, { 1 }, NULL },
	{ K_LOWV, 2, "LED电子显示屏下半部分有两块模组不亮,其他正常。",
	  "part", "现场检查两块单元模组驱动芯片损坏(到货不足一年);更换两块LED单元模组及排线,整屏显示正常。",
	  MODE_PHONE, "电话指导用户检查模组排线和电源接头,确认两块模组损坏,寄出模组由工程师上门更换。",
	  { "LED-P4" }, { 2 }, "RD-XS" },
	/* water works: pumps, PLC, dosing */
	{ K_PUMP, 1, "二泵房3#送水泵电机跳闸,再次启动时软启动器报“缺相”,目前只有一台泵在供水,管网压力偏低。",
	  "elec", "现场检查软启动器进线,一相熔断器熔断;更换三相熔断器,测电机绝缘合格,3#泵启动运行正常,管网压力恢复。",
	  MODE_PHONE, "电话指导用户测量软启动器三相进线电压,确认一相熔断器熔断,工程师带熔断器上门。",
	  { "FUSE-RT" }, { 3 }, "SB-BF" },
	{ K_PUMP, 2, "加药计量泵流量不稳定,出水余氯在0.2~0.8mg/L之间波动。",
	  "mech", "现场拆检计量泵,隔膜老化、单向阀阀座磨损;更换隔膜及单向阀,标定流量后余氯稳定在0.5mg/L左右。",
	  MODE_PHONE, "电话指导用户排气并清洗单向阀,重新标定冲程,余氯波动减小,隔膜待上门更换。",
	  { "JY-DIAPH", "JY-CHECK" }, { 1, 2 }, "SB-JY" },
	{ K_PUMP, 3, "PLC柜触摸屏时间显示不对(慢了40多分钟),不影响运行,请指导如何校时。",
	  "usage", "现场同步PLC及触摸屏时钟,并讲解每季度校时的方法。",
	  MODE_PHONE, "电话指导用户在触摸屏系统设置中同步PLC时钟,并说明每季度校时一次。",
	  { NULL }, { 0 }, "SB-PLC" },
	{ K_PUMP, 2, "1#格栅除污机运行时链条跳齿。\n开始时间:连续下雨以后,已两三天。\n已做:调整了张紧装置,效果不明显。\n进水量大的时候需要人工清渣。",
	  "mech", "现场检查格栅除污机,链轮齿磨损、链条节距拉长;更换链轮及两段链条,调整张紧后运行平稳。",
	  MODE_PHONE, "电话指导用户降低运行频率并每班检查张紧,暂时不跳齿,链轮链条待上门更换。",
	  { "GS-SPROCKET", "GS-CHAIN" }, { 1, 2 }, "SB-GS" },
	{ K_PUMP, 3, "在线浊度仪数据上传到中控室时偶尔为0,现场表头显示正常。",
	  "ctrl", "现场检查信号回路,信号隔离器故障时输出为零;更换信号隔离器,中控数据与表头一致。",
	  MODE_REMOTE, "远程查看PLC模拟量通道数据,确认信号间断,指导用户紧固信号隔离器端子,数据恢复。",
	  { "SIG-ISO" }, { 1 }, "SB-ZD" },
	{ K_PUMP, 4, "请提供变频器参数备份及恢复的操作说明,我方自控人员想学习。",
	  "other", "现场为用户自控人员演示变频器参数备份与恢复,并留下操作说明。",
	  MODE_EMAIL, "已邮件发送变频器参数备份及恢复的操作说明。",
	  { NULL }, { 0 }, "SB-PLC" },
	{ K_PUMP, 1, "污水提升泵站两台泵都不能自动启动,液位计显示满液位,已人工手动运行,请尽快处理。",
	  "elec", "现场检查液位控制回路,两只浮球开关损坏;更换浮球开关,自动启停试验三次正常。",
	  MODE_PHONE, "电话指导用户将泵切到手动并按液位人工启停,工程师带浮球开关上门。",
	  { "FLOAT-SW" }, { 2 }, "SB-TS" },
	/* any customer */
	{ K_GEN, 4, "设备操作手册丢失,请寄一份纸质版操作及维修手册(含电气图纸)。",
	  "other", "现场送交纸质版操作及维修手册(含电气图纸),并讲解图纸查阅方法。",
	  MODE_EMAIL, "已通过电子邮件发送操作及维修手册(含电气图纸)电子版;纸质版随后快递。",
	  { NULL }, { 0 }, NULL },
	{ K_GEN, 4, "询问设备保修期到哪天为止,以及保修期满后维修如何收费。",
	  "other", "现场核对设备铭牌及验收单,告知保修截止日期,并说明期满后按配件成本价加人工费收费。",
	  MODE_PHONE, "电话答复保修截止日期,并说明期满后按配件成本价加人工费收费。",
	  { NULL }, { 0 }, NULL },
	{ K_GEN, 4, "上次维修时换下的旧件贵方尚未取回,请安排人来取。",
	  "other", "上门取回上次维修换下的旧件,办理旧件交接手续。",
	  MODE_PHONE, "电话约定取件时间,由物流上门取回旧件。",
	  { NULL }, { 0 }, NULL },
	{ K_GEN, 4, "控制软件有新版本吗?听说可以远程升级,请联系我方设备科安排时间。",
	  "ctrl", "现场升级控制软件至新版本并备份参数,运行正常。",
	  MODE_REMOTE, "按约定时间远程登录升级控制软件至新版本,重启后运行正常。",
	  { NULL }, { 0 }, NULL },
	{ K_GEN, 3, "设备运行正常,但控制面板上“维护到期”提示一直亮着,请告知如何消除。",
	  "usage", "现场为用户讲解设备维护要点,完成保养后复位“维护到期”提示。",
	  MODE_PHONE, "电话指导用户在维护菜单中确认保养并复位“维护到期”提示。",
	  { NULL }, { 0 }, NULL },
	{ K_GEN, 4, "年度巡检请提前电话联系,我方需要安排停机时间。",
	  "other", "按约定时间现场巡检,设备运行正常,出具巡检报告。",
	  MODE_PHONE, "电话约定巡检日期及停机时间。",
	  { NULL }, { 0 }, NULL },
};

/* An item quoted in euros, for the customer that imports parts. */
static const demo_item euro_item = {
	K_GEN, 4,
	"进口伺服电机编码器需更换,请按欧元报价:上次报价单为€1,280.00/只,请确认是否含13%增值税和运费。",
	"part", "现场更换伺服电机编码器,重新寻零并试运行正常。",
	MODE_EMAIL, "已按欧元出具报价(含13%增值税,运费另计)并邮件发送。",
	{ "ENC-SERVO" }, { 1 }, NULL,
};

/* What a second caller says about a fault already reported (the likely duplicate). */
static const demo_item dup_item = {
	K_GEN, 2,
	"再次来电催问:今天报修的故障到现在还没有人联系,设备仍未恢复,请尽快安排工程师。",
	"other", "已回电致歉并说明工程师行程,工程师当天到场。",
	MODE_PHONE, "已回电致歉,说明工程师安排并约定到场时间。",
	{ NULL }, { 0 }, NULL,
};

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
#define CUST_JY 9        /* 苏州工业园区清源华衍水务有限公司: serial 0 is a metering pump */
#define JY_AT (DEMO_REQUESTS - 25)   /* about three weeks ago: the pump that goes to the works */

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

/*
 * Pick an item for line kind (sometimes a general one) about one of the
 * machines serials[0..nserials) (any of the line's when none), avoiding the
 * ones in used[0..nused) and, when it can, the fault category avoid; NULL
 * when none is left.
 */
static const demo_item *
pick_item(demo_rng *rng, int kind, const char *const *serials, int nserials, const char *avoid,
          const demo_item **used, int nused)
{
	const demo_item *cand[SD_ARRAY_LEN(demo_items)];
	int want = rng_below(rng, 100) < 12 ? K_GEN : kind, n = 0;

	/* the same fault again on the same machine is a repeat repair: rarer than the rest */
	for (int pass = 0; pass < 2 && n == 0; pass++) {
		for (size_t i = 0; i < SD_ARRAY_LEN(demo_items); i++) {
			const demo_item *it = &demo_items[i];
			bool seen = false;

			if (it->kind != want)
				continue;
			bool fits = nserials == 0;

			for (int k = 0; k < nserials && it->model; k++)
				fits = fits || strncmp(serials[k], it->model, strlen(it->model)) == 0;
			if (want != K_GEN && !fits)
				continue;
			if (pass == 0 && avoid && strcmp(it->fault, avoid) == 0)
				continue;
			for (int k = 0; k < nused; k++)
				seen = seen || used[k] == it;
			if (!seen)
				cand[n++] = it;
		}
	}
	/* stoppages are rarer than the rest: a P1 drawn is drawn again once, half the time */
	for (int tries = 0; n > 0 && tries < 2; tries++) {
		const demo_item *it = cand[rng_below(rng, n)];

		if (it->priority != 1 || tries == 1 || rng_below(rng, 100) >= 55)
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
	/* the fault category of the last request about a serial, and when */
	const char *fault[SD_ARRAY_LEN(demo_customers)][3];
	long fault_at[SD_ARRAY_LEN(demo_customers)][3];
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
		const char *avoid = i == 0 && si < 3 && last->fault[ci][si] && t - last->fault_at[ci][si] < 90 * 1440 ?
		                    last->fault[ci][si] : NULL;
		const demo_item *it = pick_item(rng, c->kind, &c->serials[si < 3 ? si : 0], si < 3, avoid, used, i);
		if (!it)
			break;
		if (avoid && strcmp(it->fault, avoid) == 0) {
			/*
			 * That machine had the same kind of fault lately and has no other:
			 * the call is about another of the customer's machines (or one
			 * not on record).
			 */
			const char *others[3];
			int nothers = 0;

			for (int k = 0; k < customer_nserials(c); k++)
				if (k != si)
					others[nothers++] = c->serials[k];
			const demo_item *other = nothers ? pick_item(rng, c->kind, others, nothers, avoid, used, 0) : NULL;
			if (!other || strcmp(other->fault, avoid) == 0)
				other = pick_item(rng, c->kind, NULL, 0, avoid, used, 0);

			if (other && strcmp(other->fault, avoid) != 0) {
				it = other;
				si = 3;
				for (int k = 0; k < customer_nserials(c); k++)
					if (it->model && strncmp(c->serials[k], it->model, strlen(it->model)) == 0)
						si = k;
				free(r->serial);
				r->serial = si < 3 ? xstrdup(c->serials[si]) : NULL;
				last->at[ci][si] = t;
			}
		}
		if (i == 0 && si < 3) {
			last->fault[ci][si] = it->fault;
			last->fault_at[ci][si] = t;
		}
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

/* ---------------------------------------------------------------- customers and equipment */

/* Customers near the works are served from the city office (市区); the rest are out of town (外地). */
static const char *
customer_region(const char *name)
{
	return strstr(name, "张家港") || strstr(name, "苏州") ? "市区" : "外地";
}

static bool
customer_key(const char *name)
{
	static const char *const keys[] = {
		"江苏沙钢集团有限公司", "张家港市第一人民医院", "张家港市自来水有限公司第二水厂",
		"苏州电气集团有限公司",
	};
	for (size_t i = 0; i < SD_ARRAY_LEN(keys); i++)
		if (strcmp(name, keys[i]) == 0)
			return true;
	return false;
}

/* Models by the serial's prefix. */
static const struct {
	const char *prefix, *model;
} demo_models[] = {
	{ "CNT-FF", "CNT-FF 储罐内防腐衬里系统" }, { "CNT-PS", "CNT-PS 喷砂房及回收系统" },
	{ "CNT-CG", "CNT-CG 储罐外壁自动喷涂线" }, { "SZDQ-KG", "KYN28-12 高压开关柜" },
	{ "SZDQ-BY", "SCB13-1250 干式变压器" }, { "SZDQ-DC", "GZDW 直流屏" },
	{ "SZDQ-ZL", "ZL-2000 整流柜" }, { "YQ-MJ", "MJQ-1.2 脉动真空灭菌器" },
	{ "YQ-SH", "SH-800 全自动生化分析仪" }, { "YQ-QX", "QX-360 全自动清洗消毒机" },
	{ "YQ-LX", "LX-5 低速离心机" }, { "HG-GL", "DZL4-1.25 链条炉排锅炉" },
	{ "HG-CS", "CS-40 热力除氧器" }, { "SB-BF", "SB-350 送水泵组" },
	{ "SB-PLC", "S7-1500 自控PLC柜" }, { "SB-JY", "JY-60 加药计量泵" },
	{ "SB-GS", "GS-1000 回转式格栅除污机" }, { "SB-TS", "TS-150 污水提升泵站" },
	{ "SB-ZD", "ZD-2 在线浊度仪" }, { "RD-JK", "RD-NVR64 视频监控系统" },
	{ "RD-GB", "RD-IP 校园广播系统" }, { "RD-MJ", "RD-AC 门禁一卡通系统" },
	{ "RD-WL", "RD-CS 核心交换网络" }, { "RD-XS", "RD-P4 LED显示屏" },
};

/* The year written in a serial ("CNT-FF2023-0157" -> 2023), or 2022. */
static int
serial_year(const char *serial)
{
	for (const char *p = serial; *p; p++)
		if (p[0] == '2' && p[1] == '0' && p[2] >= '0' && p[2] <= '9' && p[3] >= '0' && p[3] <= '9' &&
		    p[4] == '-')
			return atoi(p);
	return 2022;
}

static void
format_day(long day, char out[11])
{
	int y, m, d;

	civil_from_days(day, &y, &m, &d);
	snprintf(out, 11, "%04u-%02u-%02u", (unsigned)y % 10000, (unsigned)m % 100, (unsigned)d % 100);
}

/* Customers, their equipment with spread dates, and the out-of-town service levels. */
static int
put_customers(store *st, demo_rng *rng, long today, sd_err *err)
{
	int rc;

	for (int i = 0; i < DEMO_NCUST; i++) {
		const demo_customer *dc = &demo_customers[i];
		sd_customer c = {
			.name = (char *)dc->name,
			.region = (char *)customer_region(dc->name),
			.key_customer = customer_key(dc->name),
			.contact = (char *)dc->contacts[0].name,
			.phone = (char *)dc->contacts[0].phone,
		};
		if ((rc = customer_put(st, &c, err)) != SD_OK)
			return rc;
		for (int k = 0; k < customer_nserials(dc); k++) {
			const char *serial = dc->serials[k];
			const char *model = NULL;
			char delivered[11], accepted[11], commissioned[11];
			/*
			 * Commissioned so long ago that the units fall in every tier today:
			 * in warranty, tier 1 (labour free), tier 2 (no labour fee), tier 3.
			 */
			static const int ago[4][2] = { { 60, 300 }, { 420, 1050 }, { 1120, 1420 }, { 1500, 2400 } };
			int tier = (i + k + serial_year(serial)) % 4;
			long m = today - ago[tier][0] - rng_below(rng, ago[tier][1] - ago[tier][0]);
			long a = m - 10 - rng_below(rng, 40), d = a - 7 - rng_below(rng, 25);

			for (size_t j = 0; j < SD_ARRAY_LEN(demo_models); j++)
				if (strncmp(serial, demo_models[j].prefix, strlen(demo_models[j].prefix)) == 0)
					model = demo_models[j].model;
			format_day(d, delivered);
			format_day(a, accepted);
			format_day(m, commissioned);
			sd_equipment e = { .customer = (char *)dc->name, .serial = (char *)serial, .model = (char *)model };
			memcpy(e.delivered_on, delivered, 11);
			memcpy(e.accepted_on, accepted, 11);
			/* One unit still waits for commissioning: the acceptance date decides alone. */
			if (i != 5 || k != 1)
				memcpy(e.commissioned_on, commissioned, 11);
			if ((rc = equipment_put(st, &e, err)) != SD_OK)
				return rc;
			/* Downtime during warranty extends it (one seed requires this). */
			if (i == 2 && k == 0) {
				char from[11], to[11];
				format_day(m + 20, from);
				format_day(m + 41, to);
				if ((rc = equipment_add_downtime(st, serial, from, to,
				                                 "灭菌器主控板烧毁,等待原厂备件停用22天", err)) != SD_OK)
					return rc;
			}
		}
	}
	/* The seeds: on site within 24 h in the city, 48 h out of town. */
	sla_policy p1, p2;
	if ((rc = ledger_policy(st, 1, NULL, &p1, err)) != SD_OK ||
	    (rc = ledger_policy(st, 2, NULL, &p2, err)) != SD_OK)
		return rc;
	p1.d[CLOCK_ONSITE] = p2.d[CLOCK_ONSITE] = (sla_dur){ SLA_ELAPSED, 48 * 60 };
	p1.d[CLOCK_CLEAR] = p2.d[CLOCK_CLEAR] = (sla_dur){ SLA_WORKDAYS, 3 };
	if ((rc = ledger_policy_set(st, 1, "外地", &p1, err)) != SD_OK)
		return rc;
	return ledger_policy_set(st, 2, "外地", &p2, err);
}

/*
 * Two service contracts (维保合约, seeds 001 and 004) for equipment long out
 * of warranty: a yearly contract with a site visit every three months that
 * pays labour, travel and lodging (its next visit in about 24 days); and a
 * year of two free repairs after the warranty for one machine, ending within
 * the next 90 days. The other machines out of warranty get no maintenance
 * visits.
 */
static int
put_contracts(store *st, long today, sd_err *err)
{
	char *one[] = { (char *)"HG-GL2022-0110" };
	sd_contract k[2];
	int rc;

	memset(k, 0, sizeof k);
	k[0].customer = (char *)"苏州电气集团有限公司";
	format_day(today - 250, k[0].from_on);
	format_day(today - 250 + 364, k[0].to_on);
	k[0].visits = CV_QUARTERLY;
	k[0].covers[COST_LABOUR] = k[0].covers[COST_TRAVEL] = k[0].covers[COST_LODGING] = true;
	k[0].note = (char *)"计算机系统整体维护合约：每三个月一次现场服务，含软硬件检验、调试和设备清洁";
	k[1].customer = (char *)"张家港市锦丰热电有限公司";
	format_day(today - 335, k[1].from_on);
	format_day(today + 29, k[1].to_on);
	k[1].visits = CV_NONE;
	k[1].free_repairs = 2;
	k[1].serials = one;
	k[1].nserials = 1;
	k[1].note = (char *)"保修期满后应买方要求免费提供两次技术维修服务（损坏配件费用由买方承担）";
	for (int i = 0; i < 2; i++)
		if ((rc = contract_add(st, &k[i], NULL, err)) != SD_OK)
			return rc;
	return SD_OK;
}

/* ---------------------------------------------------------------- the ledger */

static const char unresolvable_reason[] =
	"该型号设备已停产,原厂备件不再供应,国产替代件经试装达不到原设计要求;已当面向用户说明原因,"
	"建议更换新型号设备,用户表示理解并另行采购。";
static const char customer_reason[] = "等待用户安排停机时间";

/* The demo's clock: every ledger step is dated by SERVDESK_NOW set to its time. */
static void
clock_at(long t)
{
	char s[17];

	format_minutes(t, s);
	setenv("SERVDESK_NOW", s, 1);
}

/* Working hours: move a time at night to the next morning. */
static long
working_time(demo_rng *rng, long t)
{
	long tod = t % 1440;

	if (tod < 8 * 60)
		return t - tod + 8 * 60 + 20 + rng_below(rng, 60);
	if (tod >= 18 * 60)
		return t - tod + 1440 + 8 * 60 + 20 + rng_below(rng, 60);
	return t;
}

/* A handed request, as the ledger needs it. */
typedef struct demo_handed {
	char regno[24];
	long received, handed;
	int priority, kind;
	char engineer[32];
	char requester[64];
	bool out_of_town;
	const demo_item *item[4];   /* its items as the table has them (NULL: not from the table) */
	bool has_serial;
	int nitems;
} demo_handed;

/* The table's row for an item's text, or NULL. */
static const demo_item *
item_of(const char *text)
{
	for (size_t i = 0; i < SD_ARRAY_LEN(demo_items); i++)
		if (strcmp(text, demo_items[i].text) == 0)
			return &demo_items[i];
	if (strcmp(text, euro_item.text) == 0)
		return &euro_item;
	if (strcmp(text, dup_item.text) == 0)
		return &dup_item;
	return NULL;
}

/* The item whose fault the entry is about: the first, unless it only chases an earlier call. */
static const demo_item *
main_item(const demo_handed *h)
{
	for (int i = 0; i < h->nitems; i++)
		if (h->item[i] && h->item[i] != &dup_item)
			return h->item[i];
	return h->nitems > 0 && h->item[0] ? h->item[0] : &dup_item;
}

/* The handed requests in order of receipt, with the line of their first item. */
static int
load_handed(store *st, demo_handed **out, int *n, sd_err *err)
{
	sqlite3_stmt *q = store_prepare(st,
		"SELECT r.regno, r.received_at, r.handed_at, r.priority, r.handed_to, r.customer, i.text, "
		"r.requester, r.id, r.serial "
		"FROM request r JOIN request_item i ON i.request_id = r.id AND i.pos = 1 "
		"WHERE r.status = 'handed' ORDER BY r.received_at, r.id", err);
	int rc;

	*out = NULL;
	*n = 0;
	if (!q)
		return err->status;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		demo_handed *h;
		const char *cust = (const char *)sqlite3_column_text(q, 5);
		const char *item = (const char *)sqlite3_column_text(q, 6);

		*out = xrealloc(*out, (size_t)(*n + 1) * sizeof **out);
		h = &(*out)[(*n)++];
		memset(h, 0, sizeof *h);
		snprintf(h->regno, sizeof h->regno, "%s", sqlite3_column_text(q, 0));
		h->received = to_minutes((const char *)sqlite3_column_text(q, 1));
		h->handed = to_minutes((const char *)sqlite3_column_text(q, 2));
		h->priority = sqlite3_column_int(q, 3);
		snprintf(h->engineer, sizeof h->engineer, "%s", sqlite3_column_text(q, 4));
		snprintf(h->requester, sizeof h->requester, "%s", sqlite3_column_text(q, 7));
		h->kind = K_GEN;
		for (int i = 0; i < DEMO_NCUST; i++)
			if (strcmp(cust, demo_customers[i].name) == 0)
				h->kind = demo_customers[i].kind;
		for (size_t i = 0; i < SD_ARRAY_LEN(demo_items); i++)
			if (strcmp(item, demo_items[i].text) == 0 && demo_items[i].kind == K_GEN)
				h->kind = K_GEN;
		h->out_of_town = strcmp(customer_region(cust), "外地") == 0;
		h->has_serial = sqlite3_column_type(q, 9) != SQLITE_NULL;

		sqlite3_stmt *qi = store_prepare(st, "SELECT text FROM request_item WHERE request_id = ? ORDER BY pos",
		                                 err);
		if (!qi) {
			sqlite3_reset(q);
			return err->status;
		}
		sqlite3_bind_int64(qi, 1, sqlite3_column_int64(q, 8));
		while (sqlite3_step(qi) == SQLITE_ROW && h->nitems < 4)
			h->item[h->nitems++] = item_of((const char *)sqlite3_column_text(qi, 0));
		sqlite3_reset(qi);
	}
	sqlite3_reset(q);
	return rc == SQLITE_DONE ? SD_OK : store_fail(st, rc, "reading the demo requests", err);
}

/* What becomes of an entry beyond the usual course. */
enum demo_fate {
	FATE_USUAL, FATE_AWAITING, FATE_UNRESOLVABLE, FATE_PARTS, FATE_PAUSED_BEFORE,
	/* recent entries left at a step: the desk shows every state */
	FATE_REGISTERED, FATE_ASSIGNED, FATE_PROPOSED, FATE_IN_SERVICE,
	/* on site, the machine then taken back to the works for repair (repair_demo) */
	FATE_FACTORY
};

/* Charges for an entry closed after an on-site visit (and a payment when something is billed). */
static int
charge_entry(store *st, demo_rng *rng, const demo_handed *h, long closed, long arrived, long now,
             int *invoice, sd_err *err)
{
	char day[11];
	int64_t cost, billed, received;
	int rc;

	format_day(arrived / 1440, day);
	clock_at(working_time(rng, closed + 30) < now ? working_time(rng, closed + 30) : now);
	if ((rc = ledger_charge(st, h->regno, COST_LABOUR, 80000 * (1 + rng_below(rng, 2)), day,
	                        "工程师现场服务", err)) != SD_OK ||
	    (rc = ledger_charge(st, h->regno, COST_TRAVEL, h->out_of_town ? 62000 : 18000, day,
	                        h->out_of_town ? "往返高铁及市内交通" : "市内交通", err)) != SD_OK)
		return rc;
	if (h->out_of_town && (rc = ledger_charge(st, h->regno, COST_LODGING, 32000, day, "住宿一晚", err)) != SD_OK)
		return rc;
	/*
	 * The parts were billed when the store issued them. The draws that
	 * once priced them stay, so that the register's times stay as they were.
	 */
	if (rng_below(rng, 2))
		(void)rng_below(rng, 30);
	if ((rc = ledger_totals(st, h->regno, &cost, &billed, &received, err)) != SD_OK)
		return rc;
	long paid = working_time(rng, closed + 3 * 1440);
	if (billed > 0 && paid < now && rng_below(rng, 3) > 0) {
		char inv[32];
		snprintf(inv, sizeof inv, "No.%08d", 231570 + (*invoice)++);
		clock_at(paid);
		rc = ledger_payment(st, h->regno, billed, inv, err);
	}
	return rc;
}

/* The stock's part in the ledger: how many parts came back unused so far. */
typedef struct demo_stock_state {
	int returned;
} demo_stock_state;

/* The solution of entry h by mode: each item's fix, in the order of the items (numbered when several). */
static void
entry_solution(const demo_handed *h, int mode, buf *out)
{
	for (int i = 0; i < h->nitems; i++) {
		const demo_item *it = h->item[i] ? h->item[i] : &dup_item;

		if (h->nitems > 1)
			buf_printf(out, "(%d)", i + 1);
		buf_puts(out, mode == MODE_ONSITE ? it->onsite : it->alt);
	}
	if (h->nitems == 0)
		buf_puts(out, mode == MODE_ONSITE ? dup_item.onsite : dup_item.alt);
}

/* Settle each item of entry h with its own fix (before the fault is recorded cleared). */
static int
settle_items(store *st, const demo_handed *h, int mode, sd_err *err)
{
	int rc = SD_OK;

	for (int i = 0; i < h->nitems && rc == SD_OK; i++) {
		const demo_item *it = h->item[i] ? h->item[i] : &dup_item;
		rc = ledger_item_settle(st, h->regno, i + 1, ITEM_DONE, mode == MODE_ONSITE ? it->onsite : it->alt,
		                        -1, err);
	}
	return rc;
}

/*
 * The parts the on-site fixes of entry h take, issued from the store at
 * time t; the first time a fix takes two or more of a part, one comes back
 * unused an hour later.
 */
static int
issue_parts(store *st, const demo_handed *h, long t, long now, demo_stock_state *ss, sd_err *err)
{
	/* the orders for the last three weeks' issues have not come in yet */
	bool restock = t < now - 21 * 1440;

	int rc = SD_OK;

	for (int i = 0; i < h->nitems && rc == SD_OK; i++) {
		const demo_item *it = h->item[i];

		for (int k = 0; it && k < 2 && it->part[k] && rc == SD_OK; k++) {
			clock_at(t + 10 * k);
			rc = demo_stock_issue(st, it->part[k], it->qty[k], h->regno, "现场维修领用", restock, err);
			if (rc == SD_OK && it->qty[k] >= 2 && ss->returned == 0) {
				clock_at(t + 60);
				rc = stock_return_from(st, it->part[k], 1, h->regno, "多领1件未使用,退回库房", NULL, err);
				ss->returned++;
			}
		}
	}
	return rc;
}

/* Carry one entry through its steps as far as now allows. */
static int
run_entry(store *st, demo_rng *rng, const demo_handed *h, enum demo_fate fate, long now,
          int *invoice, long *closed_out, demo_stock_state *ss, sd_err *err)
{
	const demo_item *main = main_item(h);
	static const long respond_budget[5] = { 0, 60, 120, 240, 480 };
	long take = h->handed + 5 + rng_below(rng, 25);
	long assign = take + 3 + rng_below(rng, 20);
	long contact = assign + 2 + rng_below(rng, 10);
	long budget = respond_budget[h->priority >= 1 && h->priority <= 4 ? h->priority : 3];
	long propose = h->received + budget * (30 + rng_below(rng, 65)) / 100;
	int mode, rc;

	*closed_out = 0;
	if (rng_below(rng, 100) < 12)
		propose = h->received + budget * (110 + rng_below(rng, 90)) / 100;
	if (propose < contact + 3)
		propose = contact + 3 + rng_below(rng, 10);
	if (h->priority == 1 || (h->priority == 2 && rng_below(rng, 100) < 70) ||
	    (h->priority == 3 && rng_below(rng, 100) < 40) || fate == FATE_UNRESOLVABLE || fate == FATE_PARTS ||
	    fate == FATE_IN_SERVICE || fate == FATE_FACTORY)
		mode = MODE_ONSITE;
	else
		mode = main->alt_mode;

	long onsite_budget = h->priority <= 2 ? (h->out_of_town ? 2880 : 1440) : 2880;
	long arrive = working_time(rng, h->received + onsite_budget * (15 + rng_below(rng, 70)) / 100);
	if (rng_below(rng, 100) < 10)
		arrive = working_time(rng, h->received + onsite_budget * (105 + rng_below(rng, 50)) / 100);
	if (arrive < propose + 30)
		arrive = propose + 30 + rng_below(rng, 60);
	long planned = arrive - 10 - rng_below(rng, 20);
	long pause_from = arrive + 40 + rng_below(rng, 60);
	long pause_to = working_time(rng, pause_from + 1440 + rng_below(rng, 1440));
	long clear = mode == MODE_ONSITE ? arrive + 90 + rng_below(rng, 300) : propose + 30 + rng_below(rng, 180);
	if (fate == FATE_PAUSED_BEFORE)
		clear = pause_to + 60 + rng_below(rng, 120);
	long confirm = clear + 10 + rng_below(rng, 600);
	long close = confirm + 5 + rng_below(rng, 120);
	int how = mode == MODE_ONSITE ? (rng_below(rng, 100) < 60 ? HOW_CARD : HOW_PHONE)
	                              : (rng_below(rng, 100) < 75 ? HOW_PHONE : HOW_FAX);
	char at[17];

	if (take > now)
		return SD_OK;
	clock_at(take);
	if ((rc = ledger_take(st, h->regno, rng_below(rng, 100) < 70 ? "liuyang" : h->engineer, err)) != SD_OK)
		return rc;
	if (fate == FATE_REGISTERED || assign > now)
		return SD_OK;
	clock_at(assign);
	if ((rc = ledger_assign(st, h->regno, h->engineer, -1, err)) != SD_OK)
		return rc;
	if (fate == FATE_ASSIGNED || contact > now)
		return SD_OK;
	clock_at(contact);
	if ((rc = ledger_contact(st, h->regno, NULL, -1, err)) != SD_OK)
		return rc;
	if (propose > now)
		return SD_OK;
	clock_at(propose);
	{
		buf sol = { 0 };

		entry_solution(h, mode, &sol);
		rc = ledger_propose(st, h->regno, mode, buf_str(&sol), main->fault, NULL, -1, err);
		buf_free(&sol);
		if (rc != SD_OK)
			return rc;
	}
	if (mode == MODE_ONSITE) {
		if (propose + 5 > now)
			return SD_OK;
		clock_at(propose + 5);
		format_minutes(planned, at);
		if ((rc = ledger_plan_visit(st, h->regno, at, -1, err)) != SD_OK)
			return rc;
		if (fate == FATE_PROPOSED || arrive > now)
			return SD_OK;
		clock_at(arrive);
		if ((rc = ledger_arrive(st, h->regno, NULL, -1, err)) != SD_OK)
			return rc;
		/* the parts taken from the store for the fix, once the engineer has looked */
		if (fate != FATE_UNRESOLVABLE && fate != FATE_PARTS && fate != FATE_FACTORY && arrive + 40 <= now &&
		    (rc = issue_parts(st, h, arrive + 40, now, ss, err)) != SD_OK)
			return rc;
		if (fate == FATE_IN_SERVICE || fate == FATE_FACTORY)
			return SD_OK;
	} else if (fate == FATE_PROPOSED) {
		return SD_OK;
	}
	if (fate == FATE_UNRESOLVABLE) {
		if (arrive + 1440 > now)
			return SD_OK;
		clock_at(arrive + 1440);
		return ledger_unresolvable(st, h->regno, unresolvable_reason, -1, err);
	}
	if (fate == FATE_PARTS || fate == FATE_PAUSED_BEFORE) {
		if (pause_from > now)
			return SD_OK;
		clock_at(pause_from);
		if (fate == FATE_PARTS) {
			/* the part the fix needs is ordered from the maker */
			buf why = { 0 };

			if (main->part[0]) {
				buf_printf(&why, "等待备件:%s已向厂家订货,预计三个工作日到货", demo_part_name(main->part[0]));
				rc = stock_order(st, main->part[0], main->qty[0] + 2, err);
			} else {
				buf_puts(&why, "等待备件:所需配件已向厂家订货,预计三个工作日到货");
			}
			if (rc == SD_OK)
				rc = ledger_pause(st, h->regno, buf_str(&why), NULL, -1, err);
			buf_free(&why);
		} else {
			rc = ledger_pause(st, h->regno, customer_reason, NULL, -1, err);
		}
		if (rc != SD_OK)
			return rc;
		if (fate == FATE_PARTS || pause_to > now)
			return SD_OK;
		clock_at(pause_to);
		if ((rc = ledger_resume(st, h->regno, NULL, -1, err)) != SD_OK)
			return rc;
	}
	if (clear > now)
		return SD_OK;
	clock_at(clear);
	if ((rc = settle_items(st, h, mode, err)) != SD_OK ||
	    (rc = ledger_clear(st, h->regno, NULL, -1, err)) != SD_OK)
		return rc;
	if (fate == FATE_AWAITING || confirm > now)
		return SD_OK;
	clock_at(confirm);
	if ((rc = ledger_confirm(st, h->regno, h->requester, how, NULL, -1, err)) != SD_OK)
		return rc;
	if (close > now)
		return SD_OK;
	clock_at(close);
	if ((mode == MODE_ONSITE && (rc = demo_card_sign(st, h->regno, h->requester, err)) != SD_OK) ||
	    (rc = ledger_close(st, h->regno, -1, err)) != SD_OK)
		return rc;
	/* the signed card back at the office some days later (late now and then, or not yet) */
	if (mode == MODE_ONSITE && close + demo_card_back_days(h->regno) * 1440L <= now) {
		clock_at(close + demo_card_back_days(h->regno) * 1440L);
		if ((rc = ledger_card_in(st, h->regno, NULL, -1, err)) != SD_OK)
			return rc;
		clock_at(close);
	}
	*closed_out = close;
	if (mode == MODE_ONSITE && rng_below(rng, 100) < 30)
		rc = charge_entry(st, rng, h, close, arrive, now, invoice, err);
	return rc;
}

/* Two complaints: a quality one tied to a closed entry, and a non-quality one, handled and closed. */
static int
put_complaints(store *st, const char *quality_regno, long now, sd_err *err)
{
	long today = now / 1440 * 1440;
	char at[17];
	int rc;

	clock_at(today - 6 * 1440 + 10 * 60);
	sd_complaint q = {
		.regno = (char *)quality_regno,
		.customer = (char *)"江苏驰耐特防腐科技有限公司",
		.cls = CC_QUALITY,
		.order_no = (char *)"XS-2025-0418",
		.part_no = (char *)"GP-21-SEAL",
		.quantity = 20,
		.defective = 3,
		.description = (char *)"贵司8月发来的高压柱塞密封组件20套,装机后一周内有3套漏油,"
		                       "喷涂机压力保持不住,影响储罐防腐施工进度。要求分析原因并更换。",
	};
	format_minutes(now - 130 * 1440, at);
	memcpy(q.delivered_on, at, 10);
	q.delivered_on[10] = '\0';
	if ((rc = complaint_add(st, &q, err)) != SD_OK)
		return rc;
	clock_at(today - 3 * 1440 + 15 * 60);
	sd_complaint n = {
		.customer = (char *)"常熟市第二中学",
		.cls = CC_NONQUALITY,
		.quantity = -1,
		.defective = -1,
		.description = (char *)"工程师上门前未电话联系,学校值班人员不在,白跑一趟,门禁故障又拖了一天。",
	};
	if ((rc = complaint_add(st, &n, err)) != SD_OK)
		return rc;
	clock_at(today - 2 * 1440 + 9 * 60);
	return complaint_close(st, n.id,
		"已向学校致歉;规定上门前必须提前电话确认现场联系人,已在部门例会上通报,次日上门修复门禁。", err);
}

/* Take most handed requests into the ledger (inside the caller's transaction). */
static int
fill_ledger(store *st, long now, sd_err *err)
{
	demo_rng rng = { 20241105ULL };
	demo_stock_state ss = { 0 };
	demo_handed *h;
	int n, rc, invoice = 0, unresolvable_at = -1, parts_at = -1, paused_at = -1, factory_at = -1;
	const char *quality_regno = NULL;

	if ((rc = load_handed(st, &h, &n, err)) != SD_OK)
		return rc;
	/* The special entries: one unresolvable (old enough), one paused before closing, one waiting for parts (recent). */
	for (int i = 0; i < n; i++) {
		if (unresolvable_at < 0 && i > 8 && h[i].kind == K_COAT && now - h[i].received > 20 * 1440)
			unresolvable_at = i;
		else if (paused_at < 0 && i > 20 && h[i].kind != K_GEN && now - h[i].received > 30 * 1440)
			paused_at = i;
	}
	for (int i = n - 1; i >= 0 && parts_at < 0; i--)
		if (h[i].kind == K_ELEC && main_item(&h[i])->part[0] && now - h[i].received > 4 * 1440 &&
		    now - h[i].received < 25 * 1440)
			parts_at = i;
	/* and one about a metering pump (a pump at least), a week old or more: the pump goes to the works */
	for (int pass = 0; pass < 2 && factory_at < 0; pass++)
		for (int i = n - 1; i >= 0 && factory_at < 0; i--) {
			const demo_item *m = main_item(&h[i]);

			if (h[i].has_serial && m->model && i != parts_at && i < n - 12 &&
			    (strcmp(m->model, "SB-JY") == 0 ||
			     (pass == 1 && (strcmp(m->model, "SB-BF") == 0 || strcmp(m->model, "SB-TS") == 0))) &&
			    now - h[i].received > 7 * 1440 && now - h[i].received < 40 * 1440)
				factory_at = i;
		}
	for (int i = 0; i < n; i++) {
		enum demo_fate fate = FATE_USUAL;
		long closed;

		if (rng_below(&rng, 100) < 6 && i != factory_at)
			continue;   /* not taken into the ledger yet */
		if (i == factory_at)
			fate = FATE_FACTORY;
		else if (i == unresolvable_at)
			fate = FATE_UNRESOLVABLE;
		else if (i == parts_at)
			fate = FATE_PARTS;
		else if (i == paused_at)
			fate = FATE_PAUSED_BEFORE;
		else if (i >= n - 12 && (n - i) % 5 != 0)
			fate = (enum demo_fate)(FATE_REGISTERED + (n - i) % 4);
		else if (rng_below(&rng, 100) < 8)
			fate = FATE_AWAITING;
		if ((rc = run_entry(st, &rng, &h[i], fate, now, &invoice, &closed, &ss, err)) != SD_OK) {
			char msg[sizeof err->msg];
			snprintf(msg, sizeof msg, "%s", err->msg);
			sd_err_set(err, rc, "%s: %s", h[i].regno, msg);
			break;
		}
		if (closed && h[i].kind == K_COAT && now - closed > 10 * 1440)
			quality_regno = h[i].regno;
	}
	if (rc == SD_OK)
		rc = put_complaints(st, quality_regno, now, err);
	free(h);
	return rc;
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
	if ((rc = staff_permit_self(st, ACT_ADMIN, err)) != SD_OK)
		return rc;
	if ((rc = register_empty(st, err)) != SD_OK)
		return rc;
	/* staff_put, customer_put and equipment_put run transactions of their own. */
	if ((rc = put_staff(st, err)) != SD_OK)
		return rc;
	demo_rng crng = { 20230901ULL };
	store_now(nowbuf);
	if ((rc = put_customers(st, &crng, to_minutes(nowbuf) / 1440, err)) != SD_OK)
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
		if (i == JY_AT)
			forced = CUST_JY;
		/* The likely duplicate: a second call about equipment reported a few hours before. */
		if (dup_at < 0 && i >= DEMO_REQUESTS / 2 && i < DEMO_REQUESTS - 5 && i != JY_AT && prev.serial &&
		    prev.status != RS_VOID && i != void_at[1] + 1 && !night[i] && !night[i - 1] &&
		    times[i] - times[i - 1] >= 30 && times[i] - times[i - 1] < 240 &&
		    times[i] / 1440 == times[i - 1] / 1440)
			dup_at = i;
		if (i == void_at[1] + 1 || i == dup_at)
			forced = prev_cust;
		make_request(&rng, &last, times[i], night[i], forced, &r, &ci, &si);
		if (i == 20) {
			intake_request_add_item(&r, euro_item.text);
		} else if (i == JY_AT) {
			/* the metering pump whose dosing is unsteady (repair_demo takes it to the works) */
			free(r.serial);
			r.serial = xstrdup(demo_customers[CUST_JY].serials[0]);
			si = 0;
			for (size_t k = 0; k < r.nitems; k++)
				free(r.items[k]);
			r.nitems = 0;
			for (size_t k = 0; k < SD_ARRAY_LEN(demo_items); k++)
				if (demo_items[k].model && strcmp(demo_items[k].model, "SB-JY") == 0 && r.nitems == 0) {
					intake_request_add_item(&r, demo_items[k].text);
					r.priority = demo_items[k].priority;
				}
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
				intake_request_add_item(&r, dup_item.text);
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
	if (rc == SD_OK) {
		/* The ledger's steps run inside this transaction, each dated by the clock it sets. */
		const char *was = getenv("SERVDESK_NOW");
		char *saved = was ? xstrdup(was) : NULL;

		/* the store opened before the first request of the register */
		rc = demo_stock_open(st, (now / 1440 - DEMO_DAYS - 5) * 1440 + 8 * 60 + 30, err);
		if (rc == SD_OK)
			rc = fill_ledger(st, now, err);
		if (rc == SD_OK)
			rc = demo_complaints(st, (sd_time)now, err);
		if (saved)
			setenv("SERVDESK_NOW", saved, 1);
		else
			unsetenv("SERVDESK_NOW");
		free(saved);
	}
	if (rc == SD_OK)
		rc = repair_demo(st, err);
	if (rc == SD_OK)
		rc = demo_history(st, err);
	if (rc == SD_OK)
		rc = demo_inbox(st, err);
	if (rc == SD_OK)
		rc = demo_card_extra(st, err);
	if (rc == SD_OK)
		rc = install_demo(st, err);
	if (rc == SD_OK)
		rc = returns_demo(st, err);
	if (rc == SD_OK)
		rc = quote_demo(st, err);
	/* One audit row for the whole demonstration register. */
	if (rc == SD_OK)
		rc = store_audit(st, "request", "*", "demo", NULL, "{\"demo\":true}", err);
	if (rc != SD_OK) {
		store_rollback(st);
		return rc;
	}
	if ((rc = store_commit(st, err)) != SD_OK)
		return rc;
	/* The contracts, recorded after the register (its charge lines keep their tiers). */
	store_now(nowbuf);
	if ((rc = put_contracts(st, to_minutes(nowbuf) / 1440, err)) != SD_OK)
		return rc;
	/* The follow-up visits the rules and the contracts give for the demonstration's equipment. */
	if ((rc = visit_plan(st, NULL, NULL, err)) != SD_OK)
		return rc;
	/*
	 * The earlier months' visits, complaints and installations, the store's
	 * adjustment, stocktake and orders, the inbox's earlier faxes: each step a
	 * transaction of its own.
	 */
	{
		const char *was = getenv("SERVDESK_NOW");
		char *saved = was ? xstrdup(was) : NULL;

		rc = demo_months(st, (sd_time)now, err);
		if (rc == SD_OK)
			rc = demo_stock_close(st, (sd_time)now, err);
		if (rc == SD_OK)
			rc = demo_inbox_months(st, (sd_time)now, err);
		if (saved)
			setenv("SERVDESK_NOW", saved, 1);
		else
			unsetenv("SERVDESK_NOW");
		free(saved);
	}
	return rc;
}
