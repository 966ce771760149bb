/*
 * test_doc.c — building a document (doc.c): typed values as people read
 * them, figures gathered into one block, tables that copy what they are
 * given, chart hints that must name real columns.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "buf.h"
#include "doc.h"
#include "json.h"

static void
expect(doc_cell c, enum doc_type t, int decimals, const char *want)
{
	buf b = { 0 };

	doc_cell_format(&b, &c, t, decimals);
	assert_string_equal(buf_str(&b), want);
	buf_free(&b);
}

static void
test_values(void **state)
{
	(void)state;
	expect(doc_count(0), DOC_COUNT, 0, "0");
	expect(doc_count(-12), DOC_COUNT, 0, "-12");
	expect(doc_money(233050), DOC_MONEY, 0, "2330.50");
	expect(doc_money(-5), DOC_MONEY, 0, "-0.05");
	/* shares round half up at the last place: 3 of 4, 2 of 3, 13 of 17 */
	expect(doc_share(3, 4), DOC_SHARE, 1, "75.0%");
	expect(doc_share(2, 3), DOC_SHARE, 1, "66.7%");
	expect(doc_share(13, 17), DOC_SHARE, 1, "76.5%");
	expect(doc_share(1, 3), DOC_SHARE, 0, "33%");
	/* a rate in basis points as a share with two places */
	expect(doc_share(125, 10000), DOC_SHARE, 2, "1.25%");
	expect(doc_share(0, 0), DOC_SHARE, 1, "-");
	expect(doc_ratio(43, 10), DOC_RATIO, 1, "4.3");
	expect(doc_ratio(9, 2), DOC_RATIO, 0, "5");
	expect(doc_ratio(1, 0), DOC_RATIO, 1, "-");
	expect(doc_minutes(160), DOC_MINUTES, 0, "2:40");
	expect(doc_minutes(0), DOC_MINUTES, 0, "0:00");
	expect(doc_minutes(6005), DOC_MINUTES, 0, "100:05");
	expect(doc_minutes(-1), DOC_MINUTES, 0, "-");
	expect(doc_text("昆山𠮷田"), DOC_TEXT, 0, "昆山𠮷田");
	expect(doc_text(NULL), DOC_TEXT, 0, "-");
	expect(doc_date(""), DOC_DATE, 0, "-");
	expect(doc_time("2026-12-07 08:30"), DOC_TIME, 0, "2026-12-07 08:30");
	assert_true(doc_marked(doc_share(1, 2), true).mark);
	assert_true(doc_type_numeric(DOC_MONEY));
	assert_false(doc_type_numeric(DOC_DATE));
}

static void
test_building(void **state)
{
	(void)state;
	char name[16];
	sd_doc *d = doc_new("monthly", "Monthly summary 2026-11", "售后服务部");

	doc_add_meta(d, "month", "Month", DOC_TEXT, doc_text("2026-11"));
	/* figures before any section go into a "main" section */
	doc_figure_add(d, "received", "Received", DOC_COUNT, 0, 0, doc_count(12));
	assert_int_equal(d->nsections, 1);
	assert_string_equal(d->sections[0].key, "main");

	doc_section_add(d, "requests", "1. Requests");
	doc_figure_add(d, "received", "Received", DOC_COUNT, 0, 0, doc_count(12));
	doc_figure_add(d, "closed", "Closed", DOC_COUNT, 0, 0, doc_count(9));
	assert_int_equal(d->sections[1].nblocks, 1);
	assert_int_equal(d->sections[1].blocks[0].nfigs, 2);

	static const doc_col cols[] = {
		{ .key = "customer", .head = "Customer", .type = DOC_TEXT, .w80 = 50, .w132 = 80 },
		{ .key = "received", .head = "Received", .type = DOC_COUNT, .w80 = 16, .w132 = 20 },
	};
	doc_block *t = doc_table(d, "by_customer", NULL, cols, 2);
	strcpy(name, "甲公司");
	doc_row(t, (doc_cell[]){ doc_text(name), doc_count(3) });
	strcpy(name, "乙");           /* the table keeps its own copy */
	doc_row(t, (doc_cell[]){ doc_text(name), doc_empty() });
	assert_int_equal(t->nrows, 2);
	assert_string_equal(doc_at(t, 0, 0)->s, "甲公司");
	assert_string_equal(doc_at(t, 1, 0)->s, "乙");
	assert_true(doc_at(t, 1, 1)->empty);

	/* a figure after a table opens a new figures block */
	doc_figure_add(d, "other", "Other customers", DOC_COUNT, 0, 0, doc_count(1));
	assert_int_equal(d->sections[1].nblocks, 3);

	doc_chart_hint(t, 0, 5, "bad");      /* no such column: ignored */
	assert_false(t->chart.on);
	doc_chart_hint(t, 0, 1, NULL);
	assert_true(t->chart.on);
	assert_int_equal(t->chart.value_col, 1);

	doc_note(d, NULL, "* a commitment was missed");
	assert_int_equal(d->sections[1].blocks[3].kind, DOC_NOTE);
	doc_free(d);
}

/* The builder places commas and colons; strings are escaped in one place. */
static void
test_json(void **state)
{
	buf b = { 0 };
	sd_json j;

	(void)state;
	json_start(&j, &b);
	json_obj(&j);
	json_kstr(&j, "a", "x\"y\\\n\x01\x7f");
	json_key(&j, "list");
	json_arr(&j);
	json_int(&j, 1);
	json_obj(&j);
	json_end(&j);
	json_arr(&j);
	json_end(&j);
	json_null(&j);
	json_end(&j);
	json_kbool(&j, "b", true);
	json_kstr(&j, "n", NULL);
	json_key(&j, "bad");
	json_str(&j, "\xff\xe2\x80\xa8ok");
	json_end(&j);
	assert_string_equal(buf_str(&b),
	                    "{\"a\":\"x\\\"y\\\\\\n\\u0001\\u007f\",\"list\":[1,{},[],null],\"b\":true,"
	                    "\"n\":null,\"bad\":\"\\ufffd\\u2028ok\"}");
	/* arrays of one element a line, as the lists write them */
	buf_reset(&b);
	json_start(&j, &b);
	json_obj(&j);
	json_key(&j, "none");
	json_arr_lines(&j);
	json_end(&j);
	json_key(&j, "rows");
	json_arr_lines(&j);
	json_obj(&j);
	json_kint(&j, "n", 1);
	json_end(&j);
	json_obj(&j);
	json_end(&j);
	json_end(&j);
	json_end(&j);
	assert_string_equal(buf_str(&b), "{\"none\":[],\"rows\":[\n{\"n\":1},\n{}\n]}");
	buf_free(&b);
}

/* A small document with a figure for each audience, a table with a closing row and a mark. */
static sd_doc *
small_doc(void)
{
	sd_doc *d = doc_new("test", "Title 标题", "Site");
	doc_col cols[] = {
		{ "code", "", DOC_TEXT, 0, 0, 0, DOC_MACHINE },
		{ "name", "Name", DOC_TEXT, 0, 10, 20, DOC_PEOPLE },
		{ "cost", "Cost", DOC_MONEY, 0, 9, 12, 0 },
		{ "within", "Within", DOC_SHARE, 1, 7, 8, DOC_MARKS },
	};
	doc_block *t;

	doc_add_meta(d, "month", "Month", DOC_TEXT, doc_text("2026-10"));
	doc_section_add(d, "sec", "1. Section");
	doc_figure_add(d, "n", "Count", DOC_COUNT, 0, 0, doc_count(3));
	doc_figure_add(d, "secret", "", DOC_COUNT, 0, DOC_MACHINE, doc_count(9));
	doc_figure_add(d, "min", "Time", DOC_MINUTES, 0, 0, doc_minutes(125));
	t = doc_table(d, "rows", NULL, cols, 4);
	doc_cell r1[] = { doc_text("a"), doc_text("苏州"), doc_money(12345), doc_marked(doc_share(1, 2), true) };
	doc_row(t, r1);
	doc_cell r2[] = { doc_text("b"), doc_text("B"), doc_money(5), doc_share(0, 0) };
	doc_row(t, r2);
	doc_cell f[] = { doc_text(""), doc_text("Total"), doc_blank(), doc_share(1, 2) };
	doc_row_foot(t, f);
	doc_note(d, NULL, "* missed\nsecond line");
	return d;
}

static char *
render(sd_doc *d, enum doc_format f, int width, int lines, int want)
{
	doc_opts o = { .format = f, .width = width, .page_lines = lines };
	buf b = { 0 };
	sd_err err;

	assert_int_equal(doc_render(d, &o, &b, &err), want);
	return buf_steal(&b);
}

static void
test_render_text(void **state)
{
	sd_doc *d = small_doc();
	char *t = render(d, DOCF_TEXT, 80, 30, SD_OK);
	const char *want =
		"Title 标题                                                                  Site\n"
		"================================================================================\n"
		"\n"
		"1. Section\n"
		"Figure                                                        Value\n"
		"-------------------------------------------------------------------\n"
		"Count                                                             3\n"
		"Time                                                           2:05\n"
		"\n"
		"Name            Cost  Within\n"
		"----------------------------\n"
		"苏州          123.45  50.0%*\n"
		"B               0.05       -\n"
		"Total                  50.0%\n"
		"* missed\n"
		"second line\n";

	(void)state;
	assert_memory_equal(t, want, strlen(want));
	/* one page of 30 lines, "page 1 of 1" at the foot */
	size_t lines = 0;
	for (const char *p = t; *p; p++)
		lines += *p == '\n';
	assert_int_equal(lines, 30);
	assert_non_null(strstr(t, "page 1 of 1\n"));
	assert_null(strstr(t, "secret"));
	free(t);
	doc_free(d);
}

static void
test_render_machine(void **state)
{
	sd_doc *d = small_doc();
	char *c = render(d, DOCF_CSV, 80, 0, SD_OK);
	char *j = render(d, DOCF_JSON, 80, 0, SD_OK);

	(void)state;
	assert_string_equal(c,
	                    "section,figure,value\r\n"
	                    "document,document,test\r\n"
	                    "document,site,Site\r\n"
	                    "document,month,2026-10\r\n"
	                    "section,figure,value\r\n"
	                    "sec,n,3\r\n"
	                    "sec,secret,9\r\n"
	                    "sec,min,125\r\n"
	                    "section,code,cost,within,within_missed\r\n"
	                    "rows,a,123.45,50.0,1\r\n"
	                    "rows,b,0.05,,0\r\n");
	assert_string_equal(j,
	                    "{\"document\":\"test\",\"site\":\"Site\",\"month\":\"2026-10\","
	                    "\"sec\":{\"n\":3,\"secret\":9,\"min\":125,\"rows\":["
	                    "{\"code\":\"a\",\"cost_fen\":12345,\"within\":{\"n\":1,\"d\":2},\"within_missed\":true},"
	                    "{\"code\":\"b\",\"cost_fen\":5,\"within\":null,\"within_missed\":false}]}}\n");
	free(c);
	free(j);
	/* doc_render hands the binary formats to their writers */
	buf b = { 0 };
	doc_opts o = { .format = DOCF_XLSX, .width = 80 };
	sd_err err;
	assert_int_equal(doc_render(d, &o, &b, &err), SD_OK);
	assert_true(b.len > 4 && memcmp(b.data, "PK", 2) == 0);
	buf_free(&b);
	o.format = DOCF_PDF;
	assert_int_equal(doc_render(d, &o, &b, &err), SD_OK);
	assert_true(b.len > 5 && memcmp(b.data, "%PDF-", 5) == 0);
	buf_free(&b);
	doc_free(d);
}

static void
test_many_rows(void **state)
{
	(void)state;
	sd_doc *d = doc_new("list", "t", NULL);
	static const doc_col cols[] = { { .key = "n", .head = "N", .type = DOC_COUNT } };
	doc_block *t = doc_table(d, "rows", NULL, cols, 1);

	for (int i = 0; i < 1000; i++)
		doc_row(t, (doc_cell[]){ doc_count(i) });
	assert_int_equal(t->nrows, 1000);
	assert_int_equal(doc_at(t, 999, 0)->n, 999);
	assert_string_equal(d->site, "");
	doc_free(d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_building),
		cmocka_unit_test(test_many_rows),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_render_text),
		cmocka_unit_test(test_render_machine),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
