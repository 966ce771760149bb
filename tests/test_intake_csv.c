/*
 * test_intake_csv.c — CSV import and export of the intake register
 * (intake_csv.c): byte-identical round trips in UTF-8 and GB18030, refusals
 * that leave the database as it was, Chinese headers, numbering of rows
 * without a register number.
 */
#include "config.h"

#include <locale.h>
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
#include "enc.h"
#include "intake.h"
#include "intake_bulk.h"
#include "intake_csv.h"
#include "staff.h"
#include "store.h"

static char dir[] = "/tmp/servdesk-csv-XXXXXX";
static int nfiles;

/* A new path in the test directory. */
static char *
new_path(const char *ext)
{
	buf b = {0};

	buf_printf(&b, "%s/f%d.%s", dir, ++nfiles, ext);
	return buf_steal(&b);
}

static store *
new_db(void)
{
	char *path = new_path("db");
	store *st = NULL;
	sd_err err;

	sd_staff op = { .login = "wangli", .name = "王丽", .role = ROLE_OPERATOR, .active = true };

	if (store_open(path, STORE_OPEN_CREATE, "wangli", &st, &err) != SD_OK)
		fail_msg("store_open: %s", err.msg);
	free(path);
	/* the acting person, an operator: the first on the staff list */
	if (staff_put(st, &op, &err) != SD_OK)
		fail_msg("staff_put: %s", err.msg);
	return st;
}

static void
write_file(const char *path, const char *data, size_t len)
{
	FILE *fp = fopen(path, "wb");

	assert_non_null(fp);
	assert_int_equal(fwrite(data, 1, len, fp), len);
	assert_int_equal(fclose(fp), 0);
}

/* The whole export of st in enc, as a malloc'd buffer. */
static char *
export_all(store *st, sd_encoding enc, size_t *len)
{
	char *data = NULL;
	FILE *fp = open_memstream(&data, len);
	sd_err err;
	long count;

	assert_non_null(fp);
	if (intake_export(st, NULL, fp, enc, &count, &err) != SD_OK)
		fail_msg("export: %s", err.msg);
	fclose(fp);
	return data;
}

static void
add(store *st, const char *at, int channel, int pages, const char *customer,
    const char *requester, const char *phone, const char *serial, int prio,
    const char *const *items)
{
	sd_request r;
	sd_err err;

	intake_request_init(&r);
	snprintf(r.received_at, sizeof r.received_at, "%s", at);
	r.channel = channel;
	r.fax_pages = pages;
	r.customer = xstrdup(customer);
	r.requester = xstrdup(requester);
	r.phone = xstrdup(phone);
	r.serial = xstrdup(serial);
	r.priority = prio;
	for (; *items; items++)
		intake_request_add_item(&r, *items);
	if (intake_add(st, &r, false, &err) != SD_OK)
		fail_msg("intake_add: %s", err.msg);
	intake_request_free(&r);
}

/* A register with the awkward cases: four-byte GB18030, €, emoji, quotes, commas, newlines. */
static store *
sample_db(void)
{
	store *st = new_db();
	sd_request r;
	sd_err err;

	add(st, "2026-11-03 09:15", CH_FAX, 3, "苏州精工设备有限公司", "王𠮷", "0512-58639752",
	    "CNT-FF2023-0157", 1,
	    (const char *const[]){ "防腐泵出口压力波动，\n昨天起报警三次", "说明书第㐀页缺失", NULL });
	add(st, "2026-11-03 10:40", CH_PHONE, 0, "上海\"浦东\",新区水厂", "李工", "138 0013 8000",
	    NULL, 2, (const char *const[]){ "维修费 € 报价 😀, \"急\"", NULL });
	add(st, "2026-11-04 08:00", CH_EMAIL, 0, "苏州精工设备有限公司", "赵六", "0512-58639753",
	    "CNT-FF2023-0157", 3,
	    (const char *const[]){ "一", "二", "三,\n带回车", NULL });
	add(st, "2026-12-01 14:05", CH_VISIT, 0, " 杭州  ", "钱七", "0571-88886666", "SN 9",
	    4, (const char *const[]){ "  前后有空格  ", NULL });
	add(st, "2026-12-02 16:30", CH_LETTER, 0, "北京某研究所", "孙八", "010-12345678",
	    NULL, 3, (const char *const[]){ "来函要求培训", NULL });
	assert_int_equal(intake_void(st, "202612-0002", "重复登记，\n见 202612-0001", -1, &err),
	                 SD_OK);
	/* a handed request, stored as the import would give it */
	intake_request_init(&r);
	snprintf(r.received_at, sizeof r.received_at, "2026-11-05 11:11");
	snprintf(r.handed_at, sizeof r.handed_at, "2026-11-05 13:00");
	r.channel = CH_PHONE;
	r.customer = xstrdup("无锡化工");
	r.requester = xstrdup("周九");
	r.phone = xstrdup("0510-1234567");
	r.handed_to = xstrdup("zhanggong");
	r.status = RS_HANDED;
	intake_request_add_item(&r, "转交技术部");
	if (intake_add(st, &r, false, &err) != SD_OK)
		fail_msg("intake_add: %s", err.msg);
	intake_request_free(&r);
	return st;
}

/* ---------------------------------------------------------------- round trip */

/* Fail with the first difference of two exports. */
static void
assert_same(const char *a, size_t alen, const char *b, size_t blen)
{
	size_t i = 0;

	while (i < alen && i < blen && a[i] == b[i])
		i++;
	if (i == alen && i == blen)
		return;
	size_t from = i > 40 ? i - 40 : 0;
	fail_msg("exports differ at byte %zu:\n  first:  \"%.*s\"\n  second: \"%.*s\"", i,
	         (int)((alen - from) < 80 ? alen - from : 80), a + from,
	         (int)((blen - from) < 80 ? blen - from : 80), b + from);
}

static void
roundtrip(sd_encoding enc, sd_encoding import_enc)
{
	store *a = sample_db(), *b = new_db();
	size_t len1, len2;
	char *one = export_all(a, enc, &len1);
	char *path = new_path("csv");
	sd_err err;
	long count = -1;

	write_file(path, one, len1);
	if (intake_import(b, path, import_enc, &count, &err) != SD_OK)
		fail_msg("import: %s", err.msg);
	assert_int_equal(count, 6);
	char *two = export_all(b, enc, &len2);
	assert_same(one, len1, two, len2);

	/* and the same again from the copy */
	store *c = new_db();
	assert_int_equal(intake_import(c, path, import_enc, &count, &err), SD_OK);
	free(two);
	two = export_all(c, enc, &len2);
	assert_same(one, len1, two, len2);

	store_close(a);
	store_close(b);
	store_close(c);
	unlink(path);
	free(path);
	free(one);
	free(two);
}

static void
test_roundtrip_utf8(void **state)
{
	(void)state;
	roundtrip(ENC_UTF8, ENC_UTF8);
	roundtrip(ENC_UTF8, ENC_AUTO);
}

static void
test_roundtrip_gb18030(void **state)
{
	(void)state;
	roundtrip(ENC_GB18030, ENC_GB18030);
	roundtrip(ENC_GB18030, ENC_AUTO);
}

/* What the export looks like: BOM, English header, CRLF, quoting, item columns. */
static void
test_export_format(void **state)
{
	store *st = sample_db();
	size_t len;
	char *u = export_all(st, ENC_UTF8, &len);
	char *g;
	size_t glen;

	(void)state;
	assert_memory_equal(u, "\xef\xbb\xbf", 3);
	const char *header =
		"regno,received_at,channel,fax_pages,customer,requester,phone,serial,priority,"
		"received_by,handed_to,handed_at,status,void_reason,dup_of,item1,item2,item3\r\n";
	assert_memory_equal(u + 3, header, strlen(header));
	const char *row1 =
		"202611-0001,2026-11-03 09:15,fax,3,苏州精工设备有限公司,王𠮷,0512-58639752,"
		"CNT-FF2023-0157,P1,wangli,,,open,,,\"防腐泵出口压力波动，\n昨天起报警三次\","
		"说明书第㐀页缺失,\r\n";
	assert_memory_equal(u + 3 + strlen(header), row1, strlen(row1));
	/* the second request of the same customer and serial is flagged */
	assert_non_null(strstr(u, ",202611-0001,一,二,\"三,\n带回车\"\r\n"));
	assert_non_null(strstr(u, "\"上海\"\"浦东\"\",新区水厂\""));
	assert_non_null(strstr(u, ",void,\"重复登记，\n见 202612-0001\","));
	/* sorted by register number */
	assert_true(strstr(u, "202611-0004,") < strstr(u, "202612-0001,"));

	g = export_all(st, ENC_GB18030, &glen);
	assert_memory_equal(g, "regno,", 6);
	assert_non_null(memmem(g, glen, "\xcd\xf5\x95\x34\xb2\x35", 6));   /* 王𠮷 */
	assert_non_null(memmem(g, glen, "\x81\x39\xee\x39", 4));           /* 㐀 */
	assert_non_null(memmem(g, glen, "\xa2\xe3", 2));                   /* € */
	free(u);
	free(g);
	store_close(st);
}

static void
test_export_empty(void **state)
{
	store *st = new_db(), *b = new_db();
	size_t len;
	char *u = export_all(st, ENC_GB18030, &len);
	char *path = new_path("csv");
	sd_err err;
	long count = -1;

	(void)state;
	assert_string_equal(u,
		"regno,received_at,channel,fax_pages,customer,requester,phone,serial,priority,"
		"received_by,handed_to,handed_at,status,void_reason,dup_of,item1\r\n");
	write_file(path, u, len);
	assert_int_equal(intake_import(b, path, ENC_AUTO, &count, &err), SD_OK);
	assert_int_equal(count, 0);
	free(u);
	free(path);
	store_close(st);
	store_close(b);
}

/* ---------------------------------------------------------------- refusals */

#define HDR "regno,received_at,channel,customer,requester,phone,item1\r\n"
#define OKROW ",2026-11-20 09:00,phone,甲公司,张三,13800138000,泵不转\r\n"

static void
test_refusals(void **state)
{
	static const struct {
		const char *data;
		size_t len;           /* 0: strlen */
		const char *msg;      /* after "PATH: " */
	} cases[] = {
		{HDR OKROW ",2026-11-20 09:00,phone,乙公司,李四,13800138000\r\n", 0,
		 "line 3: 6 fields, but the header has 7"},
		{HDR OKROW "\r\n" OKROW, 0,
		 "line 3: 1 fields, but the header has 7"},
		{"regno,received_at,channel,customer,requester,phone,item1,colour\r\n", 0,
		 "line 1, field colour: unknown column"},
		{"regno,received_at,channel,customer,requester,item1\r\n", 0,
		 "line 1: missing required column phone"},
		{"regno,received_at,channel,customer,requester,phone\r\n", 0,
		 "line 1: missing required column item1"},
		{"regno,received_at,channel,customer,客户,requester,phone,item1\r\n", 0,
		 "line 1, field 客户: duplicate column"},
		{HDR "202611-0007,2026-11-20 09:00,phone,甲,张三,13800138000,a\r\n"
		     "202611-0007,2026-11-20 09:00,phone,甲,张三,13800138000,b\r\n", 0,
		 "line 3, field regno: register number 202611-0007 is already used on line 2"},
		{HDR OKROW "202611-0001,2026-11-20 09:00,phone,甲,张三,13800138000,b\r\n", 0,
		 "line 3, field regno: register number 202611-0001 is already in the database"},
		{HDR "2026-0001,2026-11-20 09:00,phone,甲,张三,13800138000,b\r\n", 0,
		 "line 2, field regno: expected a register number like 202611-0001"},
		{HDR OKROW ",2026-11-31 09:00,phone,甲,张三,13800138000,b\r\n", 0,
		 "line 3, field received_at: expected a date and time like 2026-11-24 09:30"},
		{HDR OKROW ",2026-11-20 09:00,pigeon,甲,张三,13800138000,b\r\n", 0,
		 "line 3, field channel: must be fax, phone, letter, e-mail or visit"},
		{"received_at,channel,customer,requester,phone,priority,item1\r\n"
		 "2026-11-20 09:00,phone,甲,张三,13800138000,P5,b\r\n", 0,
		 "line 2, field priority: must be P1, P2, P3 or P4"},
		{HDR OKROW ",2026-11-20 09:00,phone,甲,,13800138000,b\r\n", 0,
		 "line 3, field requester: required (the name of the person who raised it)"},
		{HDR OKROW ",2026-11-20 09:00,phone,甲,张三,13800138000,\r\n", 0,
		 "line 3, field item1: at least one maintenance item is required"},
		{HDR OKROW OKROW ",2026-11-20 09:00,phone,\"甲\n乙\",张三,13800138000,x\r\n", 0,
		 "line 4, field customer: must be a single line"},
		{HDR OKROW ",2026-11-20 09:00,phone,\"甲,张三,13800138000,b\r\n", 0,
		 "line 3, field 4: unterminated quoted field"},
		{HDR OKROW ",2026-11-20 09:00,phone,甲\"乙,张三,13800138000,b\r\n", 0,
		 "line 3, field 4: quote inside an unquoted field"},
		{HDR OKROW ",2026-11-20 09:00,phone,甲\0,张三,13800138000,b\r\n",
		 sizeof(HDR OKROW ",2026-11-20 09:00,phone,甲\0,张三,13800138000,b\r\n") - 1,
		 "line 3, field 4: NUL byte"},
		{HDR OKROW ",2026-11-20 09:00,phone,\xd6\xd0\xff,张三,13800138000,b\r\n", 0,
		 "line 3: neither UTF-8 nor GB18030: invalid byte sequence at byte offset 146"},
		{"", 0, "line 1: no header row"},
	};
	store *st = sample_db();
	size_t len0;
	char *before = export_all(st, ENC_UTF8, &len0);

	(void)state;
	for (size_t i = 0; i < SD_ARRAY_LEN(cases); i++) {
		char *path = new_path("csv");
		size_t len = cases[i].len ? cases[i].len : strlen(cases[i].data);
		sd_err err;
		long count = -1;
		buf want = {0};

		write_file(path, cases[i].data, len);
		sd_err_clear(&err);
		int rc = intake_import(st, path, ENC_AUTO, &count, &err);
		buf_printf(&want, "%s: %s", path, cases[i].msg);
		if (rc != SD_DATAERR || strcmp(err.msg, buf_str(&want)) != 0)
			fail_msg("case %zu: rc %d, msg \"%s\"", i, rc, err.msg);
		assert_int_equal(count, 0);

		size_t len1;
		char *after = export_all(st, ENC_UTF8, &len1);
		if (len1 != len0 || memcmp(before, after, len0) != 0)
			fail_msg("case %zu: the database changed", i);
		free(after);
		buf_free(&want);
		unlink(path);
		free(path);
	}
	/* and the numbering was not consumed: the next request gets 202611-0005 */
	{
		char *path = new_path("csv");
		const char *data = HDR OKROW;
		sd_err err;
		long count;
		sd_request r;

		write_file(path, data, strlen(data));
		assert_int_equal(intake_import(st, path, ENC_AUTO, &count, &err), SD_OK);
		assert_int_equal(intake_get(st, "202611-0005", &r, &err), SD_OK);
		assert_string_equal(r.customer, "甲公司");
		intake_request_free(&r);
		free(path);
	}
	free(before);
	store_close(st);
}

static void
test_missing_file(void **state)
{
	store *st = new_db();
	sd_err err;
	long count = -1;
	buf p = {0};

	(void)state;
	buf_printf(&p, "%s/no-such-file.csv", dir);
	assert_int_equal(intake_import(st, buf_str(&p), ENC_AUTO, &count, &err), SD_NOINPUT);
	assert_int_equal(err.status, SD_NOINPUT);
	assert_non_null(strstr(err.msg, "no-such-file.csv"));
	buf_free(&p);
	store_close(st);
}

/* ---------------------------------------------------------------- Chinese headers, numbering */

static void
test_chinese_headers(void **state)
{
	/* GB18030, header names with spaces around, items out of order */
	const char *utf8 =
		" 登记号 ,收件时间,来件方式,传真页数,用户单位,联系人,联系电话,设备序列号,优先级,"
		"维护事项2, 维护事项1 ,状态,转交,转交时间\r\n"
		"202611-0100,2026-11-21 08:30,传真,2,常州某厂,吴十,0519-8888888,SN-1,p2,"
		"第二项,第一项,,,\r\n"
		",2026-11-22 09:00,电话,,常州某厂,吴十,0519-8888888,,,,只有一项,已转交,"
		"zhanggong,2026-11-22 10:00\r\n";
	char *gb;
	size_t gblen;
	sd_err err;
	store *st = new_db();
	char *path = new_path("csv");
	long count;
	sd_request r;

	(void)state;
	assert_int_equal(enc_from_utf8(utf8, strlen(utf8), ENC_GB18030, &gb, &gblen, &err), SD_OK);
	write_file(path, gb, gblen);
	if (intake_import(st, path, ENC_AUTO, &count, &err) != SD_OK)
		fail_msg("import: %s", err.msg);
	assert_int_equal(count, 2);

	assert_int_equal(intake_get(st, "202611-0100", &r, &err), SD_OK);
	assert_int_equal(r.channel, CH_FAX);
	assert_int_equal(r.fax_pages, 2);
	assert_int_equal(r.priority, 2);
	assert_string_equal(r.customer, "常州某厂");
	assert_string_equal(r.serial, "SN-1");
	assert_string_equal(r.received_by, "wangli");
	assert_int_equal(r.nitems, 2);
	assert_string_equal(r.items[0], "第一项");
	assert_string_equal(r.items[1], "第二项");
	assert_int_equal(r.status, RS_OPEN);
	intake_request_free(&r);

	/* the row without a number follows the kept one in its month */
	assert_int_equal(intake_get(st, "202611-0101", &r, &err), SD_OK);
	assert_int_equal(r.channel, CH_PHONE);
	assert_int_equal(r.status, RS_HANDED);
	assert_string_equal(r.handed_to, "zhanggong");
	assert_string_equal(r.handed_at, "2026-11-22 10:00");
	assert_int_equal(r.priority, 3);
	intake_request_free(&r);

	free(gb);
	free(path);
	store_close(st);
}

/* po/GLOSSARY: 登记人 is who registered the request, 接收人 the technical
 * department's person it was handed to; older files' 收件人 (the 登记人) and
 * 转交 (the 接收人) still import as before. */
static void
test_glossary_titles(void **state)
{
	static const char *const files[] = {
		"登记号,收件时间,来件方式,客户,请求人,联系电话,维护事项1,登记人,状态,接收人,转交时间\n"
		"202611-0100,2026-11-21 08:30,电话,常州某厂,吴十,0519-8888888,漏油,wangli,已转交,"
		"zhanggong,2026-11-21 09:00\n",
		"登记号,收件时间,来件方式,客户,请求人,联系电话,维护事项1,收件人,状态,转交,转交时间\n"
		"202611-0100,2026-11-21 08:30,电话,常州某厂,吴十,0519-8888888,漏油,wangli,已转交,"
		"zhanggong,2026-11-21 09:00\n",
	};

	(void)state;
	for (size_t i = 0; i < SD_ARRAY_LEN(files); i++) {
		store *st = new_db();
		char *path = new_path("csv");
		long count;
		sd_request r;
		sd_err err;

		write_file(path, files[i], strlen(files[i]));
		if (intake_import(st, path, ENC_AUTO, &count, &err) != SD_OK)
			fail_msg("file %zu: import: %s", i, err.msg);
		assert_int_equal(count, 1);
		assert_int_equal(intake_get(st, "202611-0100", &r, &err), SD_OK);
		assert_string_equal(r.received_by, "wangli");
		assert_int_equal(r.status, RS_HANDED);
		assert_non_null(r.handed_to);
		assert_string_equal(r.handed_to, "zhanggong");
		intake_request_free(&r);
		free(path);
		store_close(st);
	}
}

static void
test_numbering(void **state)
{
	store *st = sample_db();   /* 202611-0001..0004, 202612-0001..0002 */
	const char *data =
		"received_at,channel,customer,requester,phone,item,regno\n"
		"2026-11-25 09:00,phone,甲,张三,13800138000,a,\n"
		"2026-12-25 09:00,phone,乙,李四,13800138001,b,\n"
		"2027-01-02 09:00,phone,丙,王五,13800138002,c,\n"
		"2026-11-26 09:00,phone,丁,赵六,13800138003,d,\n";
	char *path = new_path("csv");
	sd_err err;
	long count;
	sd_request r;
	static const struct {
		const char *regno, *customer;
	} want[] = {
		{"202611-0005", "甲"}, {"202612-0003", "乙"}, {"202701-0001", "丙"},
		{"202611-0006", "丁"},
	};

	(void)state;
	setenv("SERVDESK_NOW", "2027-02-01 12:00", 1);   /* after every date below */
	write_file(path, data, strlen(data));
	if (intake_import(st, path, ENC_UTF8, &count, &err) != SD_OK)
		fail_msg("import: %s", err.msg);
	assert_int_equal(count, 4);
	for (size_t i = 0; i < SD_ARRAY_LEN(want); i++) {
		if (intake_get(st, want[i].regno, &r, &err) != SD_OK)
			fail_msg("%s: %s", want[i].regno, err.msg);
		assert_string_equal(r.customer, want[i].customer);
		intake_request_free(&r);
	}
	free(path);
	store_close(st);
	unsetenv("SERVDESK_NOW");
}

/*
 * The import gives the numbers and likely duplicates that adding its rows
 * one by one gives: the same file imported whole and row by row (a file of
 * one row each time, so that every row sees the ones before it) exports the
 * same. Numbers kept from the file between new ones, in two months, one
 * lower than the counter; duplicates within the file, of a request already
 * in the register, and of a voided row (not one); a duplicate the file names;
 * rows that could be the duplicate of an earlier row of the file or of a
 * request in the register (the later of the two is taken).
 */
static void
test_same_as_one_by_one(void **state)
{
	static const char hdr[] = "regno,received_at,channel,customer,requester,phone,serial,status,void_reason,dup_of,item1\n";
	static const char *const rows[] = {
		",2026-11-06 09:00,phone,苏州精工设备有限公司,王𠮷,0512-58639752,CNT-FF2023-0157,,,,又报警\n",
		",2026-11-06 10:00,fax,甲厂,张三,13800138000,A-1,,,,泵漏水\n",
		"202611-0020,2026-11-06 11:00,phone,乙厂,李四,13800138001,B-2,,,,阀门卡死\n",
		",2026-11-06 12:00,fax,甲厂,张三,13800138000,A-1,,,,泵还在漏\n",
		",2026-12-03 08:00,letter,丙厂,王五,13800138002,,void,重复,,作废的一条\n",
		",2026-12-03 09:00,letter,丙厂,王五,13800138002,,,,,不是作废那条的重复\n",
		"202611-0015,2026-11-07 08:00,phone,丁厂,赵六,13800138003,,,,,保留的旧号\n",
		",2026-11-07 09:00,phone,乙厂,李四,13800138001,B-2,,,,阀门又卡\n",
		",2026-11-07 10:00,phone,戊厂,钱七,13800138004,,,,202611-0001,自己写明的重复\n",
		"202612-0009,2026-12-04 08:00,email,己厂,孙八,13800138005,,,,,十二月保留号\n",
		",2026-11-06 15:00,phone,苏州精工设备有限公司,王𠮷,0512-58639752,CNT-FF2023-0157,,,,第三次\n",
		",2026-11-03 08:00,phone,苏州精工设备有限公司,赵六,0512-58639753,CNT-FF2023-0157,,,,补登\n",
		",2026-11-04 09:00,phone,苏州精工设备有限公司,赵六,0512-58639753,CNT-FF2023-0157,,,,补登二\n",
		",2026-12-04 09:00,email,己厂,孙八,13800138005,,,,,十二月新号\n",
	};
	store *whole = sample_db(), *each = sample_db();
	buf all = {0};
	sd_err err;
	long count;
	size_t len1, len2;

	(void)state;
	setenv("SERVDESK_NOW", "2027-02-01 12:00", 1);
	buf_puts(&all, hdr);
	for (size_t i = 0; i < SD_ARRAY_LEN(rows); i++)
		buf_puts(&all, rows[i]);
	char *path = new_path("csv");
	write_file(path, buf_str(&all), all.len);
	if (intake_import(whole, path, ENC_UTF8, &count, &err) != SD_OK)
		fail_msg("import: %s", err.msg);
	assert_int_equal(count, (long)SD_ARRAY_LEN(rows));
	for (size_t i = 0; i < SD_ARRAY_LEN(rows); i++) {
		buf one = {0};
		buf_puts(&one, hdr);
		buf_puts(&one, rows[i]);
		write_file(path, buf_str(&one), one.len);
		if (intake_import(each, path, ENC_UTF8, &count, &err) != SD_OK)
			fail_msg("row %zu: %s", i, err.msg);
		buf_free(&one);
	}
	char *a = export_all(whole, ENC_UTF8, &len1);
	char *b = export_all(each, ENC_UTF8, &len2);
	assert_same(a, len1, b, len2);
	/* what the rule gives, spelled out for three of them */
	assert_non_null(strstr(a, "202611-0005,2026-11-06 09:00"));  /* counter 4, plus one */
	assert_non_null(strstr(a, "202611-0021,2026-11-06 12:00"));  /* after the kept 0020 */
	assert_non_null(strstr(a, "202611-0022,2026-11-07 09:00"));  /* 0015 lowers nothing */
	assert_non_null(strstr(a, "202612-0010,2026-12-04 09:00"));
	/* and the month counters agree: the next new request of each month */
	sd_request r;
	intake_request_init(&r);
	snprintf(r.received_at, sizeof r.received_at, "2026-12-05 09:00");
	r.customer = xstrdup("庚厂");
	r.requester = xstrdup("周九");
	r.phone = xstrdup("0510-1234567");
	intake_request_add_item(&r, "下一条");
	assert_int_equal(intake_add(whole, &r, false, &err), SD_OK);
	assert_string_equal(r.regno, "202612-0011");
	assert_non_null(strstr(a, ",202611-0005,第三次,"));  /* the file's row is later */
	assert_non_null(strstr(a, ",202611-0003,补登二,"));  /* the register's is later */
	intake_request_free(&r);
	free(a);
	free(b);
	buf_free(&all);
	unlink(path);
	free(path);
	store_close(whole);
	store_close(each);
	unsetenv("SERVDESK_NOW");
}

/*
 * Staging takes no lock: while rows are staged, another person registers a
 * request of the same month through a second connection, and the import's
 * new rows are numbered after it, without a gap.
 */
static void
test_staging_takes_no_lock(void **state)
{
	char *path = new_path("db");
	store *st = NULL, *other = NULL;
	intake_bulk *bulk = NULL;
	sd_err err;
	long rows = 0, bad = 0;
	sd_staff op = { .login = "wangli", .name = "王丽", .role = ROLE_OPERATOR, .active = true };

	(void)state;
	setenv("SERVDESK_NOW", "2026-11-30 12:00", 1);
	assert_int_equal(store_open(path, STORE_OPEN_CREATE, "wangli", &st, &err), SD_OK);
	assert_int_equal(staff_put(st, &op, &err), SD_OK);
	assert_int_equal(store_open(path, 0, "wangli", &other, &err), SD_OK);
	add(st, "2026-11-01 09:00", CH_PHONE, 0, "甲厂", "张三", "13800138000", NULL, 3,
	    (const char *const[]){ "第一条", NULL });

	assert_int_equal(intake_bulk_open(st, &bulk, &err), SD_OK);
	for (int i = 0; i < 3; i++) {
		sd_request r;
		intake_request_init(&r);
		snprintf(r.received_at, sizeof r.received_at, "2026-11-2%d 09:00", i);
		r.customer = xstrdup("乙厂");
		r.requester = xstrdup("李四");
		r.phone = xstrdup("13800138001");
		intake_request_add_item(&r, "导入的一条");
		assert_int_equal(intake_bulk_add(bulk, &r, i + 2, &err), SD_OK);
		intake_request_free(&r);
	}
	/* meanwhile, on another connection: not kept waiting */
	store_set_busy_timeout(other, 0);
	add(other, "2026-11-25 10:00", CH_FAX, 1, "丙厂", "王五", "13800138002", NULL, 2,
	    (const char *const[]){ "同时登记的一条", NULL });
	if (intake_bulk_commit(bulk, "f.csv", &rows, &bad, &err) != SD_OK)
		fail_msg("commit: %s", err.msg);
	intake_bulk_close(bulk);
	assert_int_equal(rows, 3);

	sd_request r;
	assert_int_equal(intake_get(st, "202611-0002", &r, &err), SD_OK);
	assert_string_equal(r.customer, "丙厂");
	intake_request_free(&r);
	for (int n = 3; n <= 5; n++) {
		char regno[24];
		snprintf(regno, sizeof regno, "202611-%04d", n);
		if (intake_get(st, regno, &r, &err) != SD_OK)
			fail_msg("%s: %s", regno, err.msg);
		assert_string_equal(r.customer, "乙厂");
		intake_request_free(&r);
	}
	store_close(other);
	store_close(st);
	free(path);
	unsetenv("SERVDESK_NOW");
}

/*
 * A file larger than the pieces it is read in (64 KiB): every row arrives
 * whole, in UTF-8 and in GB18030, whatever character a piece ends inside;
 * and a bad byte far into the file is named by its line and byte offset.
 */
static void
test_large_file(void **state)
{
	static const char row[] = ",2026-11-20 09:00,phone,甲公司,张三,13800138000,泵不转，出口压力波动\r\n";
	const int rows = 6000;   /* some 500 KiB: eight pieces and more */
	buf u8 = {0};
	char *gb = NULL, *path = new_path("csv");
	size_t gblen;
	sd_err err;
	long count;

	(void)state;
	setenv("SERVDESK_NOW", "2026-11-30 12:00", 1);
	buf_puts(&u8, HDR);
	for (int i = 0; i < rows; i++)
		buf_puts(&u8, row);
	for (int shift = 0; shift < 3; shift++) {
		/* the same rows, moved by one byte each time, so that pieces end inside characters */
		buf f = {0};
		buf_puts(&f, "regno,received_at,channel,customer,requester,phone,item1");
		for (int i = 0; i < shift; i++)
			buf_putc(&f, ' ');
		buf_puts(&f, u8.data + strlen("regno,received_at,channel,customer,requester,phone,item1"));
		for (int e = 0; e < 2; e++) {
			store *st = new_db();
			if (e == 0) {
				write_file(path, f.data, f.len);
			} else {
				assert_int_equal(enc_from_utf8(f.data, f.len, ENC_GB18030, &gb, &gblen, &err), SD_OK);
				write_file(path, gb, gblen);
				free(gb);
			}
			if (intake_import(st, path, ENC_AUTO, &count, &err) != SD_OK)
				fail_msg("shift %d, %s: %s", shift, e ? "GB18030" : "UTF-8", err.msg);
			assert_int_equal(count, rows);
			sd_request r;
			assert_int_equal(intake_get(st, "202611-6000", &r, &err), SD_OK);
			assert_string_equal(r.items[0], "泵不转，出口压力波动");
			intake_request_free(&r);
			store_close(st);
		}
		buf_free(&f);
	}
	/* a byte that is neither, on the 5001st row: its line and offset */
	assert_int_equal(enc_from_utf8(u8.data, u8.len, ENC_GB18030, &gb, &gblen, &err), SD_OK);
	size_t hdr = strlen(HDR), rowlen = (gblen - hdr) / rows, off = hdr + 5000 * rowlen + 30;
	gb[off] = (char)0xff;
	write_file(path, gb, gblen);
	{
		store *st = new_db();
		buf want = {0};
		buf_printf(&want, "%s: line 5002: neither UTF-8 nor GB18030: invalid byte sequence at byte offset %zu",
		           path, off);
		assert_int_equal(intake_import(st, path, ENC_AUTO, &count, &err), SD_DATAERR);
		assert_string_equal(err.msg, buf_str(&want));
		buf_free(&want);
		store_close(st);
	}
	free(gb);
	buf_free(&u8);
	unlink(path);
	free(path);
	unsetenv("SERVDESK_NOW");
}

static int
setup_dir(void **state)
{
	(void)state;
	return mkdtemp(dir) ? 0 : -1;
}

static int
remove_dir(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roundtrip_utf8),
		cmocka_unit_test(test_roundtrip_gb18030),
		cmocka_unit_test(test_export_format),
		cmocka_unit_test(test_export_empty),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_missing_file),
		cmocka_unit_test(test_chinese_headers),
		cmocka_unit_test(test_glossary_titles),
		cmocka_unit_test(test_numbering),
		cmocka_unit_test(test_same_as_one_by_one),
		cmocka_unit_test(test_staging_takes_no_lock),
		cmocka_unit_test(test_large_file),
	};

	setlocale(LC_ALL, "C.UTF-8");
	setenv("TZ", "Asia/Shanghai", 1);
	unsetenv("SERVDESK_USER");
	return cmocka_run_group_tests(tests, setup_dir, remove_dir);
}
