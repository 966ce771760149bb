/*
 * test_doc_xlsx.c — a document as an Excel workbook (doc_xlsx.c), read back
 * with unzip: text that looks like a formula stays a string, values keep
 * their types and number formats, the header is frozen, sheet names are what
 * Excel accepts, a chart hint becomes a chart over the right cells.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "buf.h"
#include "doc.h"

static char dir[] = "/tmp/test_doc_xlsx.XXXXXX";
static char path[64];

/* Render d to `path`. */
static void
render(const sd_doc *d)
{
	doc_opts o = { .format = DOCF_XLSX, .mark = "*" };
	buf out = { 0 };
	sd_err err;

	assert_int_equal(doc_render_xlsx(d, &o, &out, &err), SD_OK);
	assert_true(out.len > 100);
	assert_memory_equal(out.data, "PK", 2);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(out.data, 1, out.len, f), out.len);
	assert_int_equal(fclose(f), 0);
	buf_free(&out);
}

/* One member of the workbook, as text. */
static char *
member(const char *name)
{
	char cmd[256];
	buf b = { 0 };
	char chunk[4096];
	size_t n;

	snprintf(cmd, sizeof cmd, "unzip -p '%s' '%s' 2>/dev/null", path, name);
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	while ((n = fread(chunk, 1, sizeof chunk, p)) > 0)
		buf_append(&b, chunk, n);
	pclose(p);
	return buf_steal(&b);
}

static int
have_unzip(void **state)
{
	(void)state;
	if (system("unzip -v >/dev/null 2>&1") != 0)
		return -1;
	if (!mkdtemp(dir))
		return -1;
	snprintf(path, sizeof path, "%s/t.xlsx", dir);
	return 0;
}

static int
cleanup(void **state)
{
	(void)state;
	unlink(path);
	rmdir(dir);
	return 0;
}

/* The index in sharedStrings.xml of the string s (escaped as XML), or -1. */
static int
shared_index(const char *sst, const char *s)
{
	char want[256];
	int i = 0;

	snprintf(want, sizeof want, ">%s</t>", s);
	for (const char *p = strstr(sst, "<si>"); p; p = strstr(p + 1, "<si>"), i++) {
		const char *end = strstr(p, "</si>");
		const char *hit = strstr(p, want);
		if (hit && end && hit < end)
			return i;
	}
	return -1;
}

/* The XML of cell ref (e.g. "B7") in the sheet, up to its end; NULL if absent. */
static char *
cell_xml(const char *sheet, const char *ref)
{
	char want[32];

	snprintf(want, sizeof want, "<c r=\"%s\"", ref);
	const char *p = strstr(sheet, want);
	if (!p)
		return NULL;
	const char *gt = strchr(p, '>');
	if (!gt)
		return NULL;
	if (gt[-1] == '/')                                  /* <c r=".." s=".."/>: a blank cell */
		return xstrndup(p, (size_t)(gt - p) + 1);
	const char *e = strstr(gt, "</c>");
	return e ? xstrndup(p, (size_t)(e - p) + 4) : NULL;
}

static void
test_formulas_stay_text(void **state)
{
	(void)state;
	sd_doc *d = doc_new("t", "Test", "Site");
	doc_col cols[] = { { .key = "v", .head = "值", .type = DOC_TEXT } };
	doc_block *t = doc_table(d, "t", NULL, cols, 1);
	static const char *const hostile[] = { "=1+1", "@SUM(A1)", "+86 138 0013 8000", "-2", "=HYPERLINK(\"x\")" };
	for (int i = 0; i < 5; i++) {
		doc_cell r[] = { doc_text(hostile[i]) };
		doc_row(t, r);
	}
	render(d);
	doc_free(d);

	char *sheet = member("xl/worksheets/sheet1.xml");
	char *sst = member("xl/sharedStrings.xml");
	assert_null(strstr(sheet, "<f>"));
	assert_true(shared_index(sst, "=1+1") >= 0);
	assert_true(shared_index(sst, "@SUM(A1)") >= 0);
	assert_true(shared_index(sst, "+86 138 0013 8000") >= 0);
	assert_true(shared_index(sst, "-2") >= 0);
	assert_true(shared_index(sst, "=HYPERLINK(&quot;x&quot;)") >= 0 ||
	            shared_index(sst, "=HYPERLINK(\"x\")") >= 0);
	/* rows 1-2 are the title and site, row 3 blank, row 4 the header: the values from row 5 */
	for (int r = 5; r <= 9; r++) {
		char ref[8];
		snprintf(ref, sizeof ref, "A%d", r);
		char *c = cell_xml(sheet, ref);
		assert_non_null(c);
		assert_non_null(strstr(c, "t=\"s\""));
		free(c);
	}
	free(sheet);
	free(sst);
}

static void
test_typed_values(void **state)
{
	(void)state;
	sd_doc *d = doc_new("t", "月度汇总", "苏州售后服务部");
	doc_add_meta(d, "month", "月份", DOC_TEXT, doc_text("2026-11"));
	doc_col cols[] = {
		{ .key = "name", .head = "客户", .type = DOC_TEXT },
		{ .key = "code", .head = "code", .type = DOC_TEXT, .flags = DOC_MACHINE },
		{ .key = "n", .head = "受理", .type = DOC_COUNT },
		{ .key = "fee", .head = "收费", .type = DOC_MONEY },
		{ .key = "share", .head = "达标率", .type = DOC_SHARE, .decimals = 1 },
		{ .key = "mins", .head = "中位数", .type = DOC_MINUTES },
		{ .key = "on", .head = "日期", .type = DOC_DATE },
		{ .key = "at", .head = "时间", .type = DOC_TIME },
	};
	doc_block *t = doc_table(d, "t", "客户", cols, 8);
	doc_cell r1[] = { doc_text("昆山𠮷田精密机械有限公司"), doc_text("K1"), doc_count(12), doc_money(123450),
	                  doc_marked(doc_share(3, 4), true), doc_minutes(98), doc_date("2026-11-20"),
	                  doc_time("2026-11-20 12:00") };
	doc_cell r2[] = { doc_text("无锡"), doc_text("K2"), doc_count(3), doc_money(-5), doc_share(1, 1),
	                  doc_minutes(-1), doc_empty(), doc_time("not a time") };
	doc_row(t, r1);
	doc_row(t, r2);
	doc_chart_hint(t, 0, 2, "受理数");
	render(d);
	doc_free(d);

	char *sheet = member("xl/worksheets/sheet1.xml");
	char *sst = member("xl/sharedStrings.xml");
	char *styles = member("xl/styles.xml");
	char *chart = member("xl/charts/chart1.xml");
	char *c;

	/* title, site, the fact "月份 2026-11" (row 3), blank, block heading (5), header (6), rows 7-8 */
	assert_true(shared_index(sst, "月度汇总") >= 0);
	assert_true(shared_index(sst, "月份") >= 0);
	assert_true(shared_index(sst, "昆山𠮷田精密机械有限公司") >= 0);
	assert_int_equal(shared_index(sst, "K1"), -1);     /* machines only: not in the sheet */
	assert_int_equal(shared_index(sst, "code"), -1);

	/* the header is frozen: the pane starts below row 6 */
	assert_non_null(strstr(sheet, "<pane ySplit=\"6\" topLeftCell=\"A7\" activePane=\"bottomLeft\" state=\"frozen\"/>"));

	c = cell_xml(sheet, "A7");
	assert_non_null(strstr(c, "t=\"s\""));
	free(c);
	c = cell_xml(sheet, "B7");                         /* the count */
	assert_null(strstr(c, "t=\""));
	assert_non_null(strstr(c, "<v>12</v>"));
	free(c);
	c = cell_xml(sheet, "C7");                         /* money in yuan */
	assert_null(strstr(c, "t=\""));
	assert_non_null(strstr(c, "<v>1234.5</v>"));
	free(c);
	c = cell_xml(sheet, "C8");
	assert_non_null(strstr(c, "<v>-0.05</v>"));
	free(c);
	c = cell_xml(sheet, "D7");                         /* a share as a fraction */
	assert_null(strstr(c, "t=\""));
	assert_non_null(strstr(c, "<v>0.75</v>"));
	free(c);
	c = cell_xml(sheet, "E7");                         /* 98 minutes as a day fraction */
	assert_non_null(strstr(c, "<v>0.068055"));
	free(c);
	c = cell_xml(sheet, "E8");                         /* no duration: a blank cell */
	assert_null(strstr(c, "<v>"));
	free(c);
	c = cell_xml(sheet, "F7");                         /* 2026-11-20 as an Excel date */
	assert_non_null(strstr(c, "<v>46346</v>"));
	free(c);
	c = cell_xml(sheet, "G7");
	assert_non_null(strstr(c, "<v>46346.5</v>"));
	free(c);
	c = cell_xml(sheet, "G8");                         /* not a time: kept as the text it is */
	assert_non_null(strstr(c, "t=\"s\""));
	free(c);

	assert_non_null(strstr(styles, "formatCode=\"0.00\""));
	assert_non_null(strstr(styles, "formatCode=\"0.0%&quot; *&quot;\""));  /* the mark after the value */
	assert_non_null(strstr(styles, "formatCode=\"0.0%\""));
	assert_non_null(strstr(styles, "formatCode=\"[h]:mm\""));
	assert_non_null(strstr(styles, "formatCode=\"yyyy-mm-dd\""));
	assert_non_null(strstr(styles, "<color rgb=\"FFFF0000\"/>"));          /* marked: red */

	/* the chart, on the sheet named from the title: bars of 受理 (B7:B8) labelled by 客户 (A7:A8) */
	assert_non_null(strstr(chart, "<c:barChart>"));
	assert_non_null(strstr(chart, "<c:barDir val=\"col\"/>"));
	char *cat = strstr(chart, "<c:cat>"), *val = strstr(chart, "<c:val>");
	assert_non_null(cat);
	assert_non_null(val);
	assert_true(strstr(cat, "<c:f>'月度汇总'!$A$7:$A$8</c:f>") == strstr(cat, "<c:f>"));
	assert_true(strstr(val, "<c:f>'月度汇总'!$B$7:$B$8</c:f>") == strstr(val, "<c:f>"));
	assert_non_null(strstr(chart, "受理数"));
	free(sheet);
	free(sst);
	free(styles);
	free(chart);
}

static void
test_sheet_names(void **state)
{
	(void)state;
	sd_doc *d = doc_new("t", "Test", "");
	doc_section_add(d, "a", "a/b:c*?[x]\\y");
	doc_note(d, NULL, "one");
	doc_section_add(d, "b", "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十");
	doc_note(d, NULL, "two");
	doc_section_add(d, "c", "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十");
	doc_note(d, NULL, "three");
	doc_section_add(d, "d", NULL);
	doc_note(d, NULL, "four");
	doc_section_add(d, "e", "'quoted'");
	doc_note(d, NULL, "five");
	render(d);
	doc_free(d);

	char *wb = member("xl/workbook.xml");
	assert_non_null(strstr(wb, "<sheet name=\"a b c   x  y\" sheetId=\"1\""));
	assert_non_null(strstr(wb, "<sheet name=\"一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一\" sheetId=\"2\""));
	assert_non_null(strstr(wb, "<sheet name=\"一二三四五六七八九十一二三四五六七八九十一二三四五六七 (2)\" sheetId=\"3\""));
	assert_non_null(strstr(wb, "sheetId=\"4\""));
	assert_non_null(strstr(wb, "<sheet name=\"quoted\" sheetId=\"5\""));
	free(wb);
}

static void
test_no_temporary_directory(void **state)
{
	(void)state;
	sd_doc *d = doc_new("t", "Test", "");
	doc_opts o = { .format = DOCF_XLSX };
	buf out = { 0 };
	sd_err err;
	char *old = getenv("TMPDIR") ? xstrdup(getenv("TMPDIR")) : NULL;

	setenv("TMPDIR", "/nonexistent/servdesk", 1);
	assert_int_equal(doc_render_xlsx(d, &o, &out, &err), SD_IOERR);
	assert_non_null(strstr(err.msg, "/nonexistent/servdesk"));
	assert_int_equal(out.len, 0);
	if (old)
		setenv("TMPDIR", old, 1);
	else
		unsetenv("TMPDIR");
	free(old);
	doc_free(d);
}

/* A large table (a whole register) is written in constant memory: strings
 * inline, every row there in order, numbers still numbers, formulas still
 * text, the header frozen and the columns widened. */
static void
test_large_table_streamed(void **state)
{
	(void)state;
	sd_doc *d = doc_new("t", "台账", "Site");
	doc_col cols[] = { { .key = "n", .head = "编号", .type = DOC_COUNT },
	                   { .key = "v", .head = "客户", .type = DOC_TEXT } };
	doc_block *t = doc_table(d, "t", NULL, cols, 2);
	char v[64];
	for (int i = 1; i <= 2500; i++) {
		snprintf(v, sizeof v, i == 2500 ? "=1+1" : "昆山𠮷田精密机械有限公司 %d", i);
		doc_cell r[] = { doc_count(i), doc_text(v) };
		doc_row(t, r);
	}
	render(d);
	doc_free(d);

	char *sheet = member("xl/worksheets/sheet1.xml");
	char *sst = member("xl/sharedStrings.xml");
	assert_null(strstr(sheet, "<f>"));
	assert_non_null(strstr(sheet, "state=\"frozen\""));
	assert_non_null(strstr(sheet, "<cols>"));
	/* row 4 the header: the values from row 5, the last in row 2504 */
	char *c = cell_xml(sheet, "A2504");
	assert_non_null(c);
	assert_non_null(strstr(c, "<v>2500</v>"));
	free(c);
	c = cell_xml(sheet, "B2504");
	assert_non_null(c);
	assert_non_null(strstr(c, "t=\"inlineStr\""));
	assert_non_null(strstr(c, "=1+1"));
	free(c);
	c = cell_xml(sheet, "B5");
	assert_non_null(c);
	assert_non_null(strstr(c, "昆山𠮷田精密机械有限公司 1<"));
	free(c);
	/* no shared strings table: nothing was held to write one */
	assert_true(sst[0] == '\0' || !strstr(sst, "昆山"));
	free(sheet);
	free(sst);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_formulas_stay_text),
		cmocka_unit_test(test_typed_values),
		cmocka_unit_test(test_sheet_names),
		cmocka_unit_test(test_no_temporary_directory),
		cmocka_unit_test(test_large_table_streamed),
	};
	return cmocka_run_group_tests(tests, have_unzip, cleanup);
}
