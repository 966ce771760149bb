/*
 * demo_complaint.c — the demonstration's complaint handling and appointed
 * engineers: a serious quality complaint replied to in time, with its
 * progress, cause, responsibility, corrective action checked, approved by the
 * supervisor and closed; an open major complaint with a claim, escalated to
 * the general manager; customers with their appointed engineer and deputy.
 * Runs inside the demonstration's transaction, each step dated by the clock
 * (SERVDESK_NOW) it sets.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "complaint.h"
#include "datetime.h"
#include "demo.h"
#include "engineer.h"

static void
at(sd_time t)
{
	char s[17];

	time_format(t, s);
	setenv("SERVDESK_NOW", s, 1);
}

static int
appoint(store *st, sd_err *err)
{
	static const struct { const char *customer, *engineer, *deputy; } a[] = {
		{ "江苏驰耐特防腐科技有限公司", "zhangwei", "liqiang" },
		{ "苏州电气集团有限公司", "zhaomin", "sunhao" },
		{ "无锡华光锅炉股份有限公司", "liqiang", "zhangwei" },
		{ "南通中远船务防腐工程有限公司", "sunhao", "zhangwei" },
	};
	int rc = SD_OK;

	for (size_t i = 0; i < SD_ARRAY_LEN(a) && rc == SD_OK; i++)
		rc = appointed_set(st, a[i].customer, 0, a[i].engineer, a[i].deputy, NULL, err);
	/* the boiler works asked for another engineer: the customer agreed to the change */
	if (rc == SD_OK)
		rc = appointed_set(st, "无锡华光锅炉股份有限公司", 0, "zhaomin", "liqiang", "顾卫东(设备部)", err);
	return rc;
}

int
demo_complaints(store *st, sd_time now, sd_err *err)
{
	sd_time day = now / 1440 * 1440;
	int rc;

	if ((rc = appoint(st, err)) != SD_OK)
		return rc;

	/* A serious quality complaint, handled through to its close. */
	at(day - 12 * 1440 + 9 * 60 + 10);
	sd_complaint s = {
		.customer = (char *)"南通中远船务防腐工程有限公司",
		.cls = CC_QUALITY,
		.order_no = (char *)"XS-2026-0733",
		.part_no = (char *)"GP-30-GUN",
		.quantity = 12,
		.defective = 5,
		.description = (char *)"新到的12把高压无气喷枪中5把枪针卡滞,船坞涂装被迫停工半天,"
		                       "客户设备部电话投诉,要求说明原因并书面答复。",
	};
	if ((rc = complaint_add(st, &s, err)) != SD_OK)
		return rc;
	at(day - 12 * 1440 + 9 * 60 + 25);
	if ((rc = complaint_progress_add(st, s.id, CP_REPLY,
	                                 "已电话回复客户孙立新:今天下午派工程师带5把备用喷枪到现场。", err)) != SD_OK)
		return rc;
	at(day - 12 * 1440 + 16 * 60);
	if ((rc = complaint_progress_add(st, s.id, CP_NOTE,
	                                 "孙浩到现场更换5把喷枪,船坞恢复施工;故障喷枪带回检验。", err)) != SD_OK)
		return rc;
	at(day - 10 * 1440 + 11 * 60);
	sd_complaint h;
	if ((rc = complaint_get(st, s.id, &h, err)) != SD_OK)
		return rc;
	free(h.cause);
	free(h.department);
	free(h.responsible);
	free(h.corrective);
	h.cause = xstrdup("枪针密封圈批次硬度偏高,装配时未做来料抽检");
	h.department = xstrdup("质量部");
	h.responsible = xstrdup("来料检验组 吴强");
	h.severity = CS_SERIOUS;
	h.corrective = xstrdup("喷枪密封圈改为每批抽检硬度;供应商限期整改,整改前暂停供货。");
	rc = complaint_handle(st, &h, err);
	complaint_free(&h);
	if (rc != SD_OK)
		return rc;
	at(day - 10 * 1440 + 15 * 60);
	if ((rc = complaint_approve(st, s.id, 0, "同意处理方案,书面答复客户并抄送质量部。", err)) != SD_OK)
		return rc;
	at(day - 4 * 1440 + 10 * 60);
	if ((rc = complaint_progress_add(st, s.id, CP_NOTE, "书面答复已寄出,客户回电认可处理结果。", err)) != SD_OK ||
	    (rc = complaint_verify(st, s.id, 0, "抽查新到两批密封圈硬度合格,现场喷枪运行正常。", err)) != SD_OK)
		return rc;
	at(day - 3 * 1440 + 9 * 60);
	if ((rc = complaint_close(st, s.id, "更换5把喷枪,原因查明,整改措施已验证;书面答复客户。", err)) != SD_OK)
		return rc;

	/* An open major complaint with a claim in writing, gone to the general manager. */
	at(day - 5 * 1440 + 14 * 60 + 30);
	sd_complaint m = {
		.customer = (char *)"苏州电气集团有限公司",
		.cls = CC_QUALITY,
		.order_no = (char *)"XS-2026-0611",
		.quantity = 1,
		.defective = 1,
		.description = (char *)"开关柜合闸线圈烧毁导致配电房停电4小时,客户发函索赔停产损失,"
		                       "并表示已直接向贵公司总经理投诉。",
	};
	if ((rc = complaint_add(st, &m, err)) != SD_OK)
		return rc;
	at(day - 5 * 1440 + 14 * 60 + 50);
	if ((rc = complaint_progress_add(st, m.id, CP_REPLY,
	                                 "已回复沈建国:赵敏今晚到现场,先恢复供电再查原因。", err)) != SD_OK)
		return rc;
	at(day - 4 * 1440 + 10 * 60);
	if ((rc = complaint_get(st, m.id, &h, err)) != SD_OK)
		return rc;
	free(h.department);
	h.department = xstrdup("技术部");
	h.severity = CS_MAJOR;
	h.claim_fen = 4800000;
	rc = complaint_handle(st, &h, err);
	complaint_free(&h);
	if (rc != SD_OK)
		return rc;
	at(day - 3 * 1440 + 16 * 60);
	if ((rc = complaint_escalate(st, m.id, 0, NULL, NULL, err)) != SD_OK)
		return rc;
	at(day - 1 * 1440 + 10 * 60);
	return complaint_progress_add(st, m.id, CP_NOTE,
	                              "线圈已送厂家检测,结果出来后由总经理办公室与客户商谈索赔。", err);
}
