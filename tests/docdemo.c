/*
 * docdemo.c — a monthly-summary-like document built by hand, written as XLSX
 * or PDF, for the document format tests and the print test.
 *
 *   docdemo [OPTIONS] xlsx|pdf FILE      write the document to FILE
 *   docdemo [OPTIONS] pdf --print DB     send it to the print command
 *                                        of the database DB (report_print)
 *
 * -n: rows in the customer table (default 14: it runs onto the second of two A4
 *     pages of PDF).
 * -l: the document asks for landscape pages.
 * -t: say on stderr how long the rendering took (the first rendering
 *     includes loading the fonts; -r N renders N times and also says the last).
 *
 * The document has Chinese headings, a customer 昆山𠮷田精密机械有限公司 (a
 * character outside the BMP), money, shares with missed commitments,
 * durations, dates, a column for machines only, notes and two chart hints.
 */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "doc.h"
#include "gettext.h"
#include "report.h"
#include "store.h"

static const char *const customers[] = {
	"昆山𠮷田精密机械有限公司", "吴江盛泽东方印染有限公司", "苏州电气集团有限公司",
	"宜兴市环科园污水处理厂", "常州市武进区湖塘实验中学", "常熟理工学院东湖校区",
	"无锡市第一中学", "江苏沙钢集团有限公司", "苏州市吴中区木渎镇中心卫生院",
	"南京江北新区自来水厂", "南通中远船务防腐工程有限公司", "张家港保税区长江国际港务",
};

static sd_doc *
build(int rows)
{
	sd_doc *d = doc_new("monthly", "月度汇总 2026-11", "苏州售后服务部");

	doc_add_meta(d, "month", "月份", DOC_TEXT, doc_text("2026-11"));
	doc_add_meta(d, "generated", "生成时间", DOC_TIME, doc_time("2026-12-01 08:30"));
	doc_add_meta(d, "customer", "重点客户", DOC_TEXT, doc_text("昆山𠮷田精密机械有限公司"));

	/* 1. requests: figures and a table by channel, drawn as bars */
	doc_section_add(d, "requests", "1. 服务请求");
	doc_figure_add(d, "received", "本月受理", DOC_COUNT, 0, 0, doc_count(30));
	doc_figure_add(d, "voided", "作废（不计入受理）", DOC_COUNT, 0, 0, doc_count(1));
	doc_figure_add(d, "closed", "本月关闭", DOC_COUNT, 0, 0, doc_count(23));
	doc_figure_add(d, "open", "月末未结（结转）", DOC_COUNT, 0, 0, doc_count(20));
	doc_figure_add(d, "charged", "本月收费", DOC_MONEY, 0, 0, doc_money(1284550));
	doc_figure_add(d, "within", "按时响应", DOC_SHARE, 1, 0, doc_marked(doc_share(19, 27), true));
	doc_col ch[] = {
		{ .key = "channel", .head = "渠道代码", .type = DOC_TEXT, .flags = DOC_MACHINE },
		{ .key = "name", .head = "渠道", .type = DOC_TEXT, .w80 = 20, .w132 = 20, .flags = DOC_PEOPLE },
		{ .key = "received", .head = "受理", .type = DOC_COUNT, .w80 = 8, .w132 = 8 },
	};
	doc_block *t = doc_table(d, "by_channel", "按渠道", ch, 3);
	static const char *const chk[] = { "fax", "phone", "letter", "email", "visit" };
	static const char *const chn[] = { "传真", "电话", "信函", "电子邮件", "来访" };
	static const int chc[] = { 7, 10, 2, 5, 6 };
	for (int i = 0; i < 5; i++) {
		doc_cell r[] = { doc_text(chk[i]), doc_text(chn[i]), doc_count(chc[i]) };
		doc_row(t, r);
	}
	doc_chart_hint(t, 1, 2, "各渠道受理数");

	/* 2. customers: a table running onto the second page */
	doc_section_add(d, "customers", "2. 客户");
	doc_col cc[] = {
		{ .key = "customer", .head = "客户", .type = DOC_TEXT },
		{ .key = "received", .head = "受理", .type = DOC_COUNT },
		{ .key = "charged", .head = "收费（元）", .type = DOC_MONEY },
		{ .key = "on_site", .head = "按时到场", .type = DOC_SHARE, .decimals = 1 },
		{ .key = "last", .head = "最近来电", .type = DOC_DATE },
	};
	t = doc_table(d, "customers", NULL, cc, 5);
	for (int i = 0; i < rows; i++) {
		char name[160], date[16];
		size_t nc = sizeof customers / sizeof customers[0];
		if (i < (int)nc)
			snprintf(name, sizeof name, "%s", customers[i]);
		else
			snprintf(name, sizeof name, "%s（第%d分厂）", customers[i % nc], i / (int)nc + 1);
		snprintf(date, sizeof date, "2026-11-%02d", 1 + i % 30);
		int k = 2 + i % 5, met = i % 7 == 0 ? k - 1 : k;
		doc_cell r[] = { doc_text(name), doc_count(rows - i), doc_money(12345LL * (i + 1) + 5),
		                 doc_marked(doc_share(met, k), met < k), i % 11 == 10 ? doc_empty() : doc_date(date) };
		doc_row(t, r);
	}
	doc_note(d, NULL, "客户按受理数排列。收费含税。");

	/* 3. response times */
	doc_section_add(d, "response", "3. 响应时间");
	doc_col rc[] = {
		{ .key = "commitment", .head = "承诺", .type = DOC_TEXT, .w80 = 10 },
		{ .key = "entries", .head = "条数", .type = DOC_COUNT, .w80 = 6 },
		{ .key = "median", .head = "中位数", .type = DOC_MINUTES, .w80 = 8 },
		{ .key = "p90", .head = "P90", .type = DOC_MINUTES, .w80 = 8 },
		{ .key = "within", .head = "达标率", .type = DOC_SHARE, .decimals = 1, .w80 = 8 },
	};
	t = doc_table(d, "response", NULL, rc, 5);
	static const char *const cn[] = { "答复", "响应", "诊断", "到场", "排除", "升级" };
	static const int ce[] = { 27, 27, 0, 12, 26, 2 }, cm[] = { 98, 142, -1, 1353, 400, 47 },
	                 cp[] = { 159, 249, -1, 2566, 2553, 74 }, cw[] = { 3, 19, 0, 10, 26, 1 };
	for (int i = 0; i < 6; i++) {
		doc_cell r[] = { doc_text(cn[i]), doc_count(ce[i]), doc_minutes(cm[i]), doc_minutes(cp[i]),
		                 doc_marked(doc_share(cw[i], ce[i]), ce[i] && cw[i] < ce[i]) };
		doc_row(t, r);
	}
	doc_note(d, NULL, "* 表示有承诺未达成。\n时间为受理后的小时:分钟。");

	/* 4. engineers, drawn as bars of the requests closed */
	doc_section_add(d, "engineers", "4. 工程师");
	doc_col ec[] = {
		{ .key = "engineer", .head = "工程师", .type = DOC_TEXT },
		{ .key = "handled", .head = "经手", .type = DOC_COUNT },
		{ .key = "closed", .head = "关闭", .type = DOC_COUNT },
		{ .key = "within", .head = "达标率", .type = DOC_SHARE, .decimals = 1 },
	};
	t = doc_table(d, "engineers", NULL, ec, 4);
	static const char *const en[] = { "李强", "孙浩", "张伟", "赵敏" };
	static const int eh[] = { 9, 5, 11, 2 }, ecl[] = { 8, 4, 9, 2 }, em[] = { 19, 11, 21, 4 },
	                 ek[] = { 22, 12, 26, 5 };
	for (int i = 0; i < 4; i++) {
		doc_cell r[] = { doc_text(en[i]), doc_count(eh[i]), doc_count(ecl[i]),
		                 doc_marked(doc_share(em[i], ek[i]), em[i] < ek[i]) };
		doc_row(t, r);
	}
	doc_chart_hint(t, 0, 2, NULL);

	return d;
}

static int
usage(void)
{
	fputs("usage: docdemo [-n ROWS] [-r TIMES] [-l] [-t] xlsx|pdf FILE\n"
	      "       docdemo [-n ROWS] [-r TIMES] [-l] [-t] pdf --print DB\n", stderr);
	return 64;
}

int
main(int argc, char **argv)
{
	const char *localedir = getenv("SERVDESK_LOCALEDIR");
	int rows = 14, i = 1, rc, repeat = 1;
	bool timing = false, landscape = false;
	doc_opts o = { .mark = "*" };
	buf out = { 0 };
	sd_err err;
	struct timespec t0, t1;

	setlocale(LC_ALL, "");
	bindtextdomain(PACKAGE, localedir && *localedir ? localedir : LOCALEDIR);
	bind_textdomain_codeset(PACKAGE, "UTF-8");
	textdomain(PACKAGE);
	for (; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "-n") && i + 1 < argc)
			rows = atoi(argv[++i]);
		else if (!strcmp(argv[i], "-r") && i + 1 < argc)
			repeat = atoi(argv[++i]);
		else if (!strcmp(argv[i], "-l"))
			landscape = true;
		else if (!strcmp(argv[i], "-t"))
			timing = true;
		else
			return usage();
	}
	if (argc - i != 2 && argc - i != 3)
		return usage();
	if (!strcmp(argv[i], "xlsx"))
		o.format = DOCF_XLSX;
	else if (!strcmp(argv[i], "pdf"))
		o.format = DOCF_PDF;
	else
		return usage();

	sd_doc *d = build(rows < 0 ? 0 : rows);
	d->landscape = landscape;
	for (int k = 0; k < (repeat < 1 ? 1 : repeat); k++) {
		buf_reset(&out);
		clock_gettime(CLOCK_MONOTONIC, &t0);
		rc = o.format == DOCF_XLSX ? doc_render_xlsx(d, &o, &out, &err) : doc_render_pdf(d, &o, &out, &err);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		if (rc != SD_OK) {
			fprintf(stderr, "docdemo: %s\n", err.msg);
			return 1;
		}
		if (timing && (k == 0 || k == repeat - 1))
			fprintf(stderr, "docdemo: %s of %d customer rows, %zu bytes, rendered in %.1f ms%s\n", argv[i],
			        rows, out.len,
			        (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6,
			        k ? " (again, fonts loaded)" : "");
	}
	doc_free(d);

	if (argc - i == 3) {
		store *st;
		if (strcmp(argv[i + 1], "--print"))
			return usage();
		if (store_open(argv[i + 2], STORE_OPEN_EXISTING, "tester", &st, &err) != SD_OK) {
			fprintf(stderr, "docdemo: %s\n", err.msg);
			return 1;
		}
		rc = report_print(st, out.data, out.len, &err);
		store_close(st);
		if (rc != SD_OK) {
			fprintf(stderr, "docdemo: %s\n", err.msg);
			return 1;
		}
	} else {
		FILE *f = fopen(argv[i + 1], "wb");
		if (!f || fwrite(out.data, 1, out.len, f) != out.len || fclose(f) != 0) {
			perror(argv[i + 1]);
			return 1;
		}
	}
	buf_free(&out);
	return 0;
}
