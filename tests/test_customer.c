/*
 * test_customer.c — customers, equipment, downtime and the warranty of a
 * serial number (customer.c), and their CSV import and export
 * (customer_csv.c): validation naming the field, refusals that leave the
 * database as it was, settings that override the warranty terms, and
 * byte-identical round trips in UTF-8 and GB18030.
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
#include "customer.h"
#include "datetime.h"
#include "enc.h"
#include "staff.h"
#include "store.h"
#include "warranty.h"

static char dir[] = "/tmp/servdesk-cust-XXXXXX";
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

/* A file with the text s; returns its path (malloc'd). */
static char *
csv_file(const char *s)
{
	char *path = new_path("csv");

	write_file(path, s, strlen(s));
	return path;
}

/* Everything the module writes, as one text: to compare before and after a refusal. */
static char *
snapshot(store *st)
{
	sqlite3_stmt *q = store_prepare(st,
		"SELECT coalesce((SELECT json_group_array(json_array(id, name, region, key_customer, "
		"address, contact, phone)) FROM customer), '') || '|' || "
		"coalesce((SELECT json_group_array(json_array(id, customer_id, serial, model, "
		"delivered_on, accepted_on, commissioned_on, note)) FROM equipment), '') || '|' || "
		"coalesce((SELECT json_group_array(json_array(id, equipment_id, from_on, to_on, reason)) "
		"FROM downtime), '') || '|' || (SELECT count(*) FROM audit)", NULL);
	char *s;

	assert_non_null(q);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	s = xstrdup((const char *)sqlite3_column_text(q, 0));
	sqlite3_reset(q);
	return s;
}

static long
query_int(store *st, const char *sql)
{
	sqlite3_stmt *q = store_prepare(st, sql, NULL);
	long v;

	assert_non_null(q);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	v = (long)sqlite3_column_int64(q, 0);
	sqlite3_reset(q);
	return v;
}

static void
put_customer(store *st, const char *name, const char *region, bool key, const char *address,
             const char *contact, const char *phone)
{
	sd_customer c = { 0 };
	sd_err err;

	c.name = (char *)name;
	c.region = (char *)region;
	c.key_customer = key;
	c.address = (char *)address;
	c.contact = (char *)contact;
	c.phone = (char *)phone;
	if (customer_put(st, &c, &err) != SD_OK)
		fail_msg("customer_put: %s", err.msg);
}

static int
put_equipment(store *st, const char *serial, const char *customer, const char *model,
              const char *delivered, const char *accepted, const char *commissioned,
              const char *note, sd_err *err)
{
	sd_equipment e = { 0 };

	e.serial = (char *)serial;
	e.customer = (char *)customer;
	e.model = (char *)model;
	snprintf(e.delivered_on, sizeof e.delivered_on, "%s", delivered ? delivered : "");
	snprintf(e.accepted_on, sizeof e.accepted_on, "%s", accepted ? accepted : "");
	snprintf(e.commissioned_on, sizeof e.commissioned_on, "%s", commissioned ? commissioned : "");
	e.note = (char *)note;
	return equipment_put(st, &e, err);
}

static sd_date
D(const char *s)
{
	sd_date d;

	if (!date_parse(s, &d))
		fail_msg("bad date %s", s);
	return d;
}

/* ---------------------------------------------------------------- customers */

static void
test_customer_put_get_update(void **state)
{
	store *st = new_db();
	sd_customer c;
	sd_err err;

	(void)state;
	put_customer(st, "  江苏驰耐特防腐科技有限公司 ", "市区", true, "苏州市工业园区星湖街 1 号",
	             "王𠮷", "0512-58639752");
	assert_int_equal(customer_get(st, "江苏驰耐特防腐科技有限公司", &c, &err), SD_OK);
	assert_string_equal(c.name, "江苏驰耐特防腐科技有限公司");
	assert_string_equal(c.region, "市区");
	assert_true(c.key_customer);
	assert_string_equal(c.address, "苏州市工业园区星湖街 1 号");
	assert_string_equal(c.contact, "王𠮷");
	assert_string_equal(c.phone, "0512-58639752");
	customer_free(&c);

	/* the same name updates; empty fields are cleared */
	put_customer(st, "江苏驰耐特防腐科技有限公司", "外地", false, NULL, "李工", "");
	assert_int_equal(customer_get(st, "江苏驰耐特防腐科技有限公司", &c, &err), SD_OK);
	assert_string_equal(c.region, "外地");
	assert_false(c.key_customer);
	assert_null(c.address);
	assert_string_equal(c.contact, "李工");
	assert_null(c.phone);
	customer_free(&c);
	assert_int_equal(query_int(st, "SELECT count(*) FROM customer"), 1);
	assert_int_equal(query_int(st, "SELECT count(*) FROM audit WHERE tbl = 'customer' "
	                               "AND action = 'insert' AND who = 'wangli'"), 1);
	assert_int_equal(query_int(st, "SELECT count(*) FROM audit WHERE tbl = 'customer' "
	                               "AND action = 'update' AND old IS NOT NULL"), 1);
	/* saving the same values again writes no audit row */
	put_customer(st, "江苏驰耐特防腐科技有限公司", "外地", false, NULL, "李工", "");
	assert_int_equal(query_int(st, "SELECT count(*) FROM audit WHERE tbl = 'customer'"), 2);

	assert_int_equal(customer_get(st, "无此客户", &c, &err), SD_DATAERR);
	assert_non_null(strstr(err.msg, "无此客户"));
	store_close(st);
}

static int
collect_name(const sd_customer *c, void *arg)
{
	buf *b = arg;

	buf_printf(b, "%s;", c->name);
	return 0;
}

static void
test_customer_each(void **state)
{
	store *st = new_db();
	buf b = { 0 };
	sd_err err;

	(void)state;
	put_customer(st, "上海浦东新区水厂", NULL, false, NULL, NULL, NULL);
	put_customer(st, "Acme Pumps", NULL, false, NULL, NULL, NULL);
	put_customer(st, "苏州水务集团", NULL, true, NULL, NULL, NULL);
	assert_int_equal(customer_each(st, NULL, collect_name, &b, &err), SD_OK);
	assert_string_equal(buf_str(&b), "Acme Pumps;上海浦东新区水厂;苏州水务集团;");
	buf_reset(&b);
	assert_int_equal(customer_each(st, "水", collect_name, &b, &err), SD_OK);
	assert_string_equal(buf_str(&b), "上海浦东新区水厂;苏州水务集团;");
	buf_reset(&b);
	assert_int_equal(customer_each(st, "acme", collect_name, &b, &err), SD_OK);
	assert_string_equal(buf_str(&b), "Acme Pumps;");
	buf_reset(&b);
	assert_int_equal(customer_each(st, "%", collect_name, &b, &err), SD_OK);
	assert_string_equal(buf_str(&b), "");
	buf_free(&b);
	store_close(st);
}

static void
test_customer_validation(void **state)
{
	static const struct {
		const char *name, *region, *address, *contact, *phone;
		const char *field;      /* the message starts with "field: " */
	} cases[] = {
		{ NULL, NULL, NULL, NULL, NULL, "name: " },
		{ "  ", NULL, NULL, NULL, NULL, "name: " },
		{ "一\n二", NULL, NULL, NULL, NULL, "name: " },
		{ "A\x1b[31m", NULL, NULL, NULL, NULL, "name: " },
		{ "A\xff", NULL, NULL, NULL, NULL, "name: " },
		{ "A", "市\n区", NULL, NULL, NULL, "region: " },
		{ "A", "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一", NULL, NULL, NULL, "region: " },
		{ "A", NULL, "a\nb", NULL, NULL, "address: " },
		{ "A", NULL, NULL, "x\ty\x7f", NULL, "contact: " },
		{ "A", NULL, NULL, NULL, "12-34", "phone: " },
		{ "A", NULL, NULL, NULL, "1234\n5", "phone: " },
	};
	store *st = new_db();
	char *before;

	(void)state;
	put_customer(st, "A", "市区", false, NULL, NULL, NULL);
	before = snapshot(st);
	for (size_t i = 0; i < SD_ARRAY_LEN(cases); i++) {
		sd_customer c = { 0 };
		sd_err err;
		char *after;

		c.name = (char *)cases[i].name;
		c.region = (char *)cases[i].region;
		c.address = (char *)cases[i].address;
		c.contact = (char *)cases[i].contact;
		c.phone = (char *)cases[i].phone;
		assert_int_equal(customer_put(st, &c, &err), SD_DATAERR);
		if (strncmp(err.msg, cases[i].field, strlen(cases[i].field)) != 0)
			fail_msg("case %zu: '%s' does not start with '%s'", i, err.msg, cases[i].field);
		after = snapshot(st);
		assert_string_equal(before, after);
		free(after);
	}
	free(before);
	store_close(st);
}

/* ---------------------------------------------------------------- equipment */

static int
collect_serial(const sd_equipment *e, void *arg)
{
	buf *b = arg;

	buf_printf(b, "%s@%s;", e->serial, e->customer);
	return 0;
}

static void
test_equipment_put_get(void **state)
{
	store *st = new_db();
	sd_equipment e;
	sd_err err;
	buf b = { 0 };
	char *before;

	(void)state;
	put_customer(st, "苏州精工设备有限公司", NULL, false, NULL, NULL, NULL);
	put_customer(st, "杭州水务", NULL, false, NULL, NULL, NULL);

	/* equipment needs an existing customer; the refusal changes nothing */
	before = snapshot(st);
	assert_int_equal(put_equipment(st, "CNT-FF2023-0157", "无此客户", NULL, NULL, NULL, NULL,
	                               NULL, &err), SD_DATAERR);
	assert_true(strncmp(err.msg, "customer: ", 10) == 0);
	assert_non_null(strstr(err.msg, "无此客户"));
	char *after = snapshot(st);
	assert_string_equal(before, after);
	free(after);
	free(before);

	assert_int_equal(put_equipment(st, " CNT-FF2023-0157 ", "苏州精工设备有限公司", "FF-200",
	                               "2024-11-20", "2024-12-01", "2025-01-10",
	                               "防腐泵\n第二行", &err), SD_OK);
	assert_int_equal(equipment_get(st, "CNT-FF2023-0157", &e, &err), SD_OK);
	assert_string_equal(e.serial, "CNT-FF2023-0157");
	assert_string_equal(e.customer, "苏州精工设备有限公司");
	assert_string_equal(e.model, "FF-200");
	assert_string_equal(e.delivered_on, "2024-11-20");
	assert_string_equal(e.accepted_on, "2024-12-01");
	assert_string_equal(e.commissioned_on, "2025-01-10");
	assert_string_equal(e.note, "防腐泵\n第二行");
	equipment_free(&e);

	/* update by serial: another customer, dates cleared */
	assert_int_equal(put_equipment(st, "CNT-FF2023-0157", "杭州水务", "FF-200", NULL, NULL,
	                               "2025-01-10", NULL, &err), SD_OK);
	assert_int_equal(equipment_get(st, "CNT-FF2023-0157", &e, &err), SD_OK);
	assert_string_equal(e.customer, "杭州水务");
	assert_string_equal(e.delivered_on, "");
	assert_null(e.note);
	equipment_free(&e);
	assert_int_equal(query_int(st, "SELECT count(*) FROM equipment"), 1);
	assert_int_equal(query_int(st, "SELECT count(*) FROM audit WHERE tbl = 'equipment'"), 2);

	assert_int_equal(put_equipment(st, "A-2", "苏州精工设备有限公司", NULL, NULL, NULL, NULL,
	                               NULL, &err), SD_OK);
	assert_int_equal(equipment_each(st, NULL, collect_serial, &b, &err), SD_OK);
	assert_string_equal(buf_str(&b), "A-2@苏州精工设备有限公司;CNT-FF2023-0157@杭州水务;");
	buf_reset(&b);
	assert_int_equal(equipment_each(st, "杭州水务", collect_serial, &b, &err), SD_OK);
	assert_string_equal(buf_str(&b), "CNT-FF2023-0157@杭州水务;");
	buf_free(&b);

	assert_int_equal(equipment_get(st, "NOPE", &e, &err), SD_DATAERR);
	assert_non_null(strstr(err.msg, "NOPE"));
	store_close(st);
}

static void
test_equipment_validation(void **state)
{
	static const struct {
		const char *serial, *customer, *model, *delivered, *accepted, *commissioned, *note;
		const char *field;
	} cases[] = {
		{ NULL, "C", NULL, NULL, NULL, NULL, NULL, "serial number: " },
		{ " ", "C", NULL, NULL, NULL, NULL, NULL, "serial number: " },
		{ "S\n1", "C", NULL, NULL, NULL, NULL, NULL, "serial number: " },
		{ "S1", NULL, NULL, NULL, NULL, NULL, NULL, "customer: " },
		{ "S1", "无此客户", NULL, NULL, NULL, NULL, NULL, "customer: " },
		{ "S1", "C", "M\x01", NULL, NULL, NULL, NULL, "model: " },
		{ "S1", "C", NULL, "2024-02-30", NULL, NULL, NULL, "delivered on: " },
		{ "S1", "C", NULL, "2024/02/03", NULL, NULL, NULL, "delivered on: " },
		{ "S1", "C", NULL, NULL, "tomorrow", NULL, NULL, "accepted on: " },
		{ "S1", "C", NULL, NULL, NULL, "2025-13-01", NULL, "commissioned on: " },
		{ "S1", "C", NULL, "2025-01-10", "2025-01-09", NULL, NULL, "accepted on: " },
		{ "S1", "C", NULL, "2025-01-10", NULL, "2024-12-31", NULL, "commissioned on: " },
		{ "S1", "C", NULL, NULL, NULL, NULL, "\x1b]0;x\x07", "note: " },
	};
	store *st = new_db();
	char *before;
	sd_err err;

	(void)state;
	put_customer(st, "C", NULL, false, NULL, NULL, NULL);
	assert_int_equal(put_equipment(st, "S0", "C", NULL, NULL, NULL, NULL, NULL, &err), SD_OK);
	before = snapshot(st);
	for (size_t i = 0; i < SD_ARRAY_LEN(cases); i++) {
		char *after;

		assert_int_equal(put_equipment(st, cases[i].serial, cases[i].customer, cases[i].model,
		                               cases[i].delivered, cases[i].accepted,
		                               cases[i].commissioned, cases[i].note, &err),
		                 SD_DATAERR);
		if (strncmp(err.msg, cases[i].field, strlen(cases[i].field)) != 0)
			fail_msg("case %zu: '%s' does not start with '%s'", i, err.msg, cases[i].field);
		after = snapshot(st);
		assert_string_equal(before, after);
		free(after);
	}
	free(before);
	store_close(st);
}

static void
test_downtime(void **state)
{
	static const struct {
		const char *serial, *from, *to, *reason, *field;
	} cases[] = {
		{ "S1", "2025-03-10", "2025-03-01", "主轴损坏", "to: " },
		{ "S1", "2025-02-30", "2025-03-01", "主轴损坏", "from: " },
		{ "S1", "2025-03-01", "", "主轴损坏", "to: " },
		{ "S1", NULL, "2025-03-01", "主轴损坏", "from: " },
		{ "S1", "2025-03-01", "2025-03-02", "  ", "reason: " },
		{ "S1", "2025-03-01", "2025-03-02", NULL, "reason: " },
		{ "S1", "2025-03-01", "2025-03-02", "a\nb", "reason: " },
		{ "NOPE", "2025-03-01", "2025-03-02", "主轴损坏", "" },
	};
	store *st = new_db();
	char *before;
	sd_err err;

	(void)state;
	put_customer(st, "C", NULL, false, NULL, NULL, NULL);
	assert_int_equal(put_equipment(st, "S1", "C", NULL, NULL, "2024-12-01", "2025-01-10", NULL,
	                               &err), SD_OK);
	before = snapshot(st);
	for (size_t i = 0; i < SD_ARRAY_LEN(cases); i++) {
		char *after;

		assert_int_equal(equipment_add_downtime(st, cases[i].serial, cases[i].from,
		                                        cases[i].to, cases[i].reason, &err),
		                 SD_DATAERR);
		if (strncmp(err.msg, cases[i].field, strlen(cases[i].field)) != 0)
			fail_msg("case %zu: '%s' does not start with '%s'", i, err.msg, cases[i].field);
		after = snapshot(st);
		assert_string_equal(before, after);
		free(after);
	}
	free(before);
	/* a one-day span is fine */
	assert_int_equal(equipment_add_downtime(st, "S1", "2025-03-01", "2025-03-01", "停电", &err),
	                 SD_OK);
	assert_int_equal(query_int(st, "SELECT count(*) FROM downtime"), 1);
	assert_int_equal(query_int(st, "SELECT count(*) FROM audit WHERE tbl = 'downtime' "
	                               "AND rowkey = 'S1' AND action = 'insert'"), 1);
	store_close(st);
}

/* ---------------------------------------------------------------- customer list */

/* "name|region|contact|phone|key|count;" of rows, for comparisons */
static char *
rows_text(const sd_customer_row *r, int n)
{
	buf b = { 0 };

	for (int i = 0; i < n; i++)
		buf_printf(&b, "%s|%s|%s|%s|%d|%d;", r[i].name, r[i].region ? r[i].region : "",
		           r[i].contact ? r[i].contact : "", r[i].phone ? r[i].phone : "",
		           r[i].key_customer, r[i].nequipment);
	buf_puts(&b, "");
	return buf_steal(&b);
}

static void
free_rows(sd_customer_row *r, int n)
{
	for (int i = 0; i < n; i++)
		customer_row_free(&r[i]);
}

/* The names of a page as "a;b;c;" */
static char *
page_names(store *st, const char *search, enum sd_page_from from, const sd_customer_row *anchor,
           int limit)
{
	sd_customer_row rows[64];
	sd_err err;
	buf b = { 0 };
	int n = -1;

	assert_true(limit <= 64);
	if (customer_page(st, search, from, anchor, limit, rows, &n, &err) != SD_OK)
		fail_msg("customer_page: %s", err.msg);
	for (int i = 0; i < n; i++)
		buf_printf(&b, "%s;", rows[i].name);
	buf_puts(&b, "");
	free_rows(rows, n);
	return buf_steal(&b);
}

static void
test_customer_page(void **state)
{
	static const char *const names[] = {
		"上海浦东新区水厂", "Acme Pumps", "苏州水务集团", "北京华电科技有限公司",
		"江苏驰耐特防腐科技有限公司", "acme service", "广州维修服务部", "天津港集团",
	};
	/* in byte order of UTF-8 */
	static const char sorted[] = "Acme Pumps;acme service;上海浦东新区水厂;北京华电科技有限公司;"
		"天津港集团;广州维修服务部;江苏驰耐特防腐科技有限公司;苏州水务集团;";
	store *st = new_db();
	sd_customer_row rows[8], more[8];
	sd_err err;
	char *t;
	int n, k;

	(void)state;
	for (size_t i = 0; i < SD_ARRAY_LEN(names); i++)
		put_customer(st, names[i], i % 2 ? "外地" : "市区", i == 2, NULL,
		             i == 3 ? "王工" : NULL, i == 3 ? "010-62345678" : NULL);
	assert_int_equal(put_equipment(st, "SN-1", "北京华电科技有限公司", "DJ-200", NULL, NULL,
	                               NULL, NULL, &err), SD_OK);
	assert_int_equal(put_equipment(st, "SN-2", "北京华电科技有限公司", "DJ-300", NULL, NULL,
	                               NULL, NULL, &err), SD_OK);
	assert_int_equal(put_equipment(st, "SN-3", "苏州水务集团", NULL, NULL, NULL, NULL, NULL,
	                               &err), SD_OK);

	/* the whole list at once, and the same page by page in both directions */
	t = page_names(st, NULL, PAGE_FIRST, NULL, 64);
	assert_string_equal(t, sorted);
	free(t);
	assert_int_equal(customer_page(st, NULL, PAGE_FIRST, NULL, 3, rows, &n, &err), SD_OK);
	assert_int_equal(n, 3);
	t = rows_text(rows, n);
	assert_string_equal(t, "Acme Pumps|外地|||0|0;acme service|外地|||0|0;"
	                       "上海浦东新区水厂|市区|||0|0;");
	free(t);
	assert_int_equal(customer_page(st, NULL, PAGE_AFTER, &rows[2], 3, more, &k, &err), SD_OK);
	t = rows_text(more, k);
	assert_string_equal(t, "北京华电科技有限公司|外地|王工|010-62345678|0|2;"
	                       "天津港集团|外地|||0|0;广州维修服务部|市区|||0|0;");
	free(t);
	/* before the second page: the first again, in list order */
	t = page_names(st, NULL, PAGE_BEFORE, &more[0], 8);
	assert_string_equal(t, "Acme Pumps;acme service;上海浦东新区水厂;");
	free(t);
	t = page_names(st, NULL, PAGE_AFTER, &more[2], 8);
	assert_string_equal(t, "江苏驰耐特防腐科技有限公司;苏州水务集团;");
	free(t);
	free_rows(more, k);
	/* nothing before the first row */
	t = page_names(st, NULL, PAGE_BEFORE, &rows[0], 8);
	assert_string_equal(t, "");
	free(t);
	free_rows(rows, n);
	/* the last rows, in list order; the key customer with one piece */
	assert_int_equal(customer_page(st, NULL, PAGE_LAST, NULL, 2, rows, &n, &err), SD_OK);
	t = rows_text(rows, n);
	assert_string_equal(t, "江苏驰耐特防腐科技有限公司|市区|||0|0;苏州水务集团|市区|||1|1;");
	free(t);
	t = page_names(st, NULL, PAGE_AFTER, &rows[1], 8);
	assert_string_equal(t, "");
	free(t);
	free_rows(rows, n);

	/* a search keeps the names containing it, ASCII in any case, and pages alike */
	t = page_names(st, "水", PAGE_FIRST, NULL, 8);
	assert_string_equal(t, "上海浦东新区水厂;苏州水务集团;");
	free(t);
	t = page_names(st, "ACME", PAGE_FIRST, NULL, 8);
	assert_string_equal(t, "Acme Pumps;acme service;");
	free(t);
	assert_int_equal(customer_page(st, "有限公司", PAGE_FIRST, NULL, 1, rows, &n, &err), SD_OK);
	t = page_names(st, "有限公司", PAGE_AFTER, &rows[0], 8);
	assert_string_equal(t, "江苏驰耐特防腐科技有限公司;");
	free(t);
	free_rows(rows, n);
	t = page_names(st, "%", PAGE_FIRST, NULL, 8);
	assert_string_equal(t, "");
	free(t);
	t = page_names(st, "", PAGE_LAST, NULL, 1);
	assert_string_equal(t, "苏州水务集团;");
	free(t);

	/* an empty page; a missing anchor is the caller's error */
	assert_int_equal(customer_page(st, NULL, PAGE_FIRST, NULL, 0, rows, &n, &err), SD_OK);
	assert_int_equal(n, 0);
	assert_int_equal(customer_page(st, NULL, PAGE_AFTER, NULL, 5, rows, &n, &err), SD_INTERNAL);
	assert_int_equal(n, 0);
	store_close(st);
}

static int
count_calls(void *arg)
{
	(*(int *)arg)++;
	return 0;
}

static int
stop_now(void *arg)
{
	(void)arg;
	return 1;
}

/* A page reads only what it needs: few steps for a page in the middle of many customers. */
static void
test_customer_page_keyset(void **state)
{
	store *st = new_db();
	sd_customer_row rows[10], mid[10];
	sd_err err;
	char name[64];
	int n, k, calls_page = 0, calls_scan = 0;

	(void)state;
	assert_int_equal(store_begin(st, &err), SD_OK);
	for (int i = 0; i < 4000; i++) {
		snprintf(name, sizeof name, "客户%05d有限公司", i);
		put_customer(st, name, NULL, false, NULL, NULL, NULL);
	}
	assert_int_equal(store_commit(st, &err), SD_OK);

	/* an anchor in the middle */
	sd_customer_row anchor = { 0 };
	anchor.key = xstrdup("客户02000有限公司");
	anchor.name = xstrdup(anchor.key);
	store_set_interrupt(st, count_calls, &calls_page);
	assert_int_equal(customer_page(st, NULL, PAGE_AFTER, &anchor, 10, mid, &n, &err), SD_OK);
	assert_int_equal(customer_page(st, NULL, PAGE_BEFORE, &anchor, 10, rows, &k, &err), SD_OK);
	store_set_interrupt(st, NULL, NULL);
	assert_int_equal(n, 10);
	assert_int_equal(k, 10);
	assert_string_equal(mid[0].name, "客户02001有限公司");
	assert_string_equal(rows[9].name, "客户01999有限公司");
	assert_string_equal(rows[0].name, "客户01990有限公司");
	free_rows(mid, n);
	free_rows(rows, k);
	/* a search that matches nothing walks the whole index */
	store_set_interrupt(st, count_calls, &calls_scan);
	assert_int_equal(customer_page(st, "无此名称", PAGE_FIRST, NULL, 10, rows, &n, &err), SD_OK);
	store_set_interrupt(st, NULL, NULL);
	assert_int_equal(n, 0);
	print_message("# progress calls: two pages %d, a scan %d\n", calls_page, calls_scan);
	assert_true(calls_page * 10 < calls_scan);
	assert_true(calls_page <= 1);

	/* the interrupt callback cancels a long query */
	store_set_interrupt(st, stop_now, NULL);
	assert_int_equal(customer_page(st, "无此名称", PAGE_FIRST, NULL, 10, rows, &n, &err),
	                 SD_INTERNAL);
	store_set_interrupt(st, NULL, NULL);
	assert_int_equal(n, 0);
	assert_non_null(strstr(err.msg, "interrupted"));
	customer_row_free(&anchor);
	store_close(st);
}

static int
collect_downtime(const sd_downtime *d, void *arg)
{
	buf *b = arg;

	buf_printf(b, "%s..%s %s;", d->from_on, d->to_on, d->reason ? d->reason : "");
	return 0;
}

static int
stop_after_one(const sd_downtime *d, void *arg)
{
	(void)d;
	(*(int *)arg)++;
	return 42;
}

static void
test_downtime_each(void **state)
{
	store *st = new_db();
	buf b = { 0 };
	sd_err err;
	int calls = 0;

	(void)state;
	put_customer(st, "C", NULL, false, NULL, NULL, NULL);
	assert_int_equal(put_equipment(st, "S1", "C", NULL, NULL, "2024-12-01", "2025-01-10", NULL,
	                               &err), SD_OK);
	assert_int_equal(put_equipment(st, "S2", "C", NULL, NULL, NULL, NULL, NULL, &err), SD_OK);
	/* none yet */
	assert_int_equal(equipment_downtime_each(st, "S1", collect_downtime, &b, &err), SD_OK);
	assert_string_equal(buf_str(&b), "");
	/* entered out of order, listed by first day */
	assert_int_equal(equipment_add_downtime(st, "S1", "2025-06-01", "2025-06-10", "等待备件",
	                                        &err), SD_OK);
	assert_int_equal(equipment_add_downtime(st, "S1", "2025-03-01", "2025-03-01", "停电", &err),
	                 SD_OK);
	assert_int_equal(equipment_add_downtime(st, "S2", "2025-04-01", "2025-04-02", "其他设备",
	                                        &err), SD_OK);
	assert_int_equal(equipment_downtime_each(st, " S1 ", collect_downtime, &b, &err), SD_OK);
	assert_string_equal(buf_str(&b), "2025-03-01..2025-03-01 停电;2025-06-01..2025-06-10 等待备件;");
	/* fn's status stops the walk and is returned */
	assert_int_equal(equipment_downtime_each(st, "S1", stop_after_one, &calls, &err), 42);
	assert_int_equal(calls, 1);
	/* an unknown serial, no serial */
	assert_int_equal(equipment_downtime_each(st, "NOPE", collect_downtime, &b, &err), SD_DATAERR);
	assert_non_null(strstr(err.msg, "NOPE"));
	assert_int_equal(equipment_downtime_each(st, "  ", collect_downtime, &b, &err), SD_DATAERR);
	assert_int_equal(strncmp(err.msg, "serial number: ", 15), 0);
	buf_free(&b);
	store_close(st);
}

/* the last change of a row names who made it and when */
static void
test_last_change(void **state)
{
	store *st = new_db();
	char who[128];

	(void)state;
	setenv("SERVDESK_NOW", "2026-11-20 08:00", 1);
	customer_last_change(st, "customer", "C", who, sizeof who);
	assert_string_equal(who, "");
	put_customer(st, "C", NULL, false, NULL, NULL, NULL);
	customer_last_change(st, "customer", "C", who, sizeof who);
	assert_string_equal(who, "wangli, 2026-11-20 08:00");
	unsetenv("SERVDESK_NOW");
	store_close(st);
}

/* An edit of a customer or a piece of equipment changed meanwhile is refused. */
static void
test_stale_versions(void **state)
{
	store *st = new_db();
	sd_customer a, b;
	sd_equipment e, f;
	sd_err err;

	(void)state;
	put_customer(st, "无锡华光锅炉股份有限公司", "外地", false, NULL, "顾卫东", NULL);
	assert_int_equal(customer_get(st, "无锡华光锅炉股份有限公司", &a, &err), SD_OK);
	assert_int_equal(customer_get(st, "无锡华光锅炉股份有限公司", &b, &err), SD_OK);
	assert_int_equal(a.version, 1);
	free(b.contact);
	b.contact = xstrdup("恽建平");
	assert_int_equal(customer_put(st, &b, &err), SD_OK);
	free(a.region);
	a.region = xstrdup("市区");
	assert_int_equal(customer_put(st, &a, &err), SD_DATAERR);
	assert_non_null(strstr(err.msg, "wangli"));
	customer_free(&a);
	assert_int_equal(customer_get(st, "无锡华光锅炉股份有限公司", &a, &err), SD_OK);
	assert_string_equal(a.region, "外地");
	assert_string_equal(a.contact, "恽建平");
	assert_int_equal(a.version, 2);
	/* version 0: no check (imports, the command line) */
	a.version = 0;
	assert_int_equal(customer_put(st, &a, &err), SD_OK);
	customer_free(&a);
	customer_free(&b);

	memset(&e, 0, sizeof e);
	e.customer = xstrdup("无锡华光锅炉股份有限公司");
	e.serial = xstrdup("HG-GL2021-0088");
	assert_int_equal(equipment_put(st, &e, &err), SD_OK);
	equipment_free(&e);
	assert_int_equal(equipment_get(st, "HG-GL2021-0088", &e, &err), SD_OK);
	assert_int_equal(equipment_get(st, "HG-GL2021-0088", &f, &err), SD_OK);
	free(f.model);
	f.model = xstrdup("SZL10-1.25");
	assert_int_equal(equipment_put(st, &f, &err), SD_OK);
	assert_int_equal(equipment_put(st, &e, &err), SD_DATAERR);
	assert_non_null(strstr(err.msg, "HG-GL2021-0088"));
	equipment_free(&e);
	equipment_free(&f);
	store_close(st);
}

/* ---------------------------------------------------------------- warranty */

static void
test_warranty(void **state)
{
	/*
	 * Commissioned 2025-01-10 (+12 months = 2026-01-10), accepted 2024-12-01
	 * (+18 months = 2026-06-01): the earlier, 2026-01-10; downtime
	 * 2025-03-01..10 adds 10 days: 2026-01-20. Tier 1 to 2028-01-20, tier 2
	 * to 2029-01-20.
	 */
	static const struct {
		const char *on;
		int tier;
		bool labour, travel, lodging, parts;
	} cases[] = {
		{ "2025-06-01", TIER_WARRANTY, false, false, false, false },
		{ "2026-01-20", TIER_WARRANTY, false, false, false, false },
		{ "2026-01-21", TIER_1, false, false, false, true },
		{ "2028-01-20", TIER_1, false, false, false, true },
		{ "2028-01-21", TIER_2, false, true, true, true },
		{ "2029-01-20", TIER_2, false, true, true, true },
		{ "2029-01-21", TIER_3, true, true, true, true },
	};
	store *st = new_db();
	warranty_status w;
	buf ex = { 0 };
	sd_err err;

	(void)state;
	setenv("SERVDESK_NOW", "2027-06-01 12:00", 1);   /* after every date below */
	put_customer(st, "C", NULL, false, NULL, NULL, NULL);
	assert_int_equal(put_equipment(st, "S1", "C", NULL, "2024-11-20", "2024-12-01",
	                               "2025-01-10", NULL, &err), SD_OK);
	assert_int_equal(put_equipment(st, "S2", "C", NULL, NULL, NULL, NULL, NULL, &err), SD_OK);
	assert_int_equal(equipment_add_downtime(st, "S1", "2025-03-01", "2025-03-10", "主轴损坏停机",
	                                        &err), SD_OK);
	/* outside the warranty (2024-12-01..2026-01-20): refused, naming the field */
	assert_int_equal(equipment_add_downtime(st, "S1", "2027-01-01", "2027-01-05", "停产检修",
	                                        &err), SD_DATAERR);
	assert_non_null(strstr(err.msg, "from"));
	assert_non_null(strstr(err.msg, "2026-01-20"));
	assert_int_equal(equipment_add_downtime(st, "S1", "2020-01-01", "2020-12-31", "停产检修",
	                                        &err), SD_DATAERR);
	assert_non_null(strstr(err.msg, "to"));
	assert_non_null(strstr(err.msg, "2024-12-01"));
	for (size_t i = 0; i < SD_ARRAY_LEN(cases); i++) {
		assert_int_equal(equipment_warranty(st, "S1", D(cases[i].on), &w, NULL, &err), SD_OK);
		assert_int_equal(w.end, D("2026-01-20"));
		assert_int_equal(w.downtime_days, 10);
		if (w.tier != cases[i].tier)
			fail_msg("on %s: tier %d, expected %d", cases[i].on, w.tier, cases[i].tier);
		assert_int_equal(w.charged[COST_LABOUR], cases[i].labour);
		assert_int_equal(w.charged[COST_TRAVEL], cases[i].travel);
		assert_int_equal(w.charged[COST_LODGING], cases[i].lodging);
		assert_int_equal(w.charged[COST_PARTS], cases[i].parts);
	}

	/* the explanation names the rule, the downtime and its reason */
	assert_int_equal(equipment_warranty(st, "S1", D("2026-03-01"), &w, &ex, &err), SD_OK);
	assert_non_null(strstr(buf_str(&ex), "2025-01-10"));
	assert_non_null(strstr(buf_str(&ex), "12"));
	assert_non_null(strstr(buf_str(&ex), "主轴损坏停机"));
	assert_non_null(strstr(buf_str(&ex), "2026-01-20"));
	buf_free(&ex);

	/* no dates: unknown, everything charged */
	assert_int_equal(equipment_warranty(st, "S2", D("2026-03-01"), &w, NULL, &err), SD_OK);
	assert_int_equal(w.tier, TIER_UNKNOWN);
	assert_int_equal(w.end, SD_DATE_NONE);

	assert_int_equal(equipment_warranty(st, "NOPE", D("2026-03-01"), &w, NULL, &err),
	                 SD_DATAERR);

	/* settings override the terms */
	warranty_terms t;
	equipment_terms(st, &t);
	assert_int_equal(t.commission_months, 12);
	assert_int_equal(t.acceptance_months, 18);
	assert_int_equal(t.tier_years[TIER_1], 2);
	assert_int_equal(t.tier_years[TIER_2], 1);
	assert_int_equal(store_begin(st, &err), SD_OK);
	assert_int_equal(store_set_setting(st, "warranty.commission_months", "6", &err), SD_OK);
	assert_int_equal(store_set_setting(st, "warranty.acceptance_months", "24", &err), SD_OK);
	assert_int_equal(store_set_setting(st, "warranty.tier1_years", "1", &err), SD_OK);
	assert_int_equal(store_set_setting(st, "warranty.tier2_years", "junk", &err), SD_OK);
	assert_int_equal(store_commit(st, &err), SD_OK);
	equipment_terms(st, &t);
	assert_int_equal(t.commission_months, 6);
	assert_int_equal(t.acceptance_months, 24);
	assert_int_equal(t.tier_years[TIER_1], 1);
	assert_int_equal(t.tier_years[TIER_2], 1);     /* not a number: the default */
	/* 2025-01-10 + 6 months = 2025-07-10, + 10 days = 2025-07-20 */
	assert_int_equal(equipment_warranty(st, "S1", D("2025-07-20"), &w, NULL, &err), SD_OK);
	assert_int_equal(w.end, D("2025-07-20"));
	assert_int_equal(w.tier, TIER_WARRANTY);
	assert_int_equal(equipment_warranty(st, "S1", D("2026-07-20"), &w, NULL, &err), SD_OK);
	assert_int_equal(w.tier, TIER_1);
	assert_int_equal(equipment_warranty(st, "S1", D("2026-07-21"), &w, NULL, &err), SD_OK);
	assert_int_equal(w.tier, TIER_2);
	/* with the 2027 downtime now inside warranty? no: it starts after 2025-07-20 */
	assert_int_equal(w.downtime_days, 10);
	store_close(st);
	unsetenv("SERVDESK_NOW");
}

/* ---------------------------------------------------------------- CSV */

/* The whole export of st in enc, as a malloc'd buffer. */
static char *
export_kind(store *st, bool equipment, sd_encoding enc, size_t *len)
{
	char *data = NULL;
	FILE *fp = open_memstream(&data, len);
	sd_err err;
	long count;
	int rc;

	assert_non_null(fp);
	rc = equipment ? equipment_export(st, fp, enc, &count, &err)
	               : customer_export(st, fp, enc, &count, &err);
	if (rc != SD_OK)
		fail_msg("export: %s", err.msg);
	fclose(fp);
	return data;
}

/* Customers and equipment with the awkward cases: four-byte GB18030, €, quotes, commas, newlines. */
static store *
sample_db(void)
{
	store *st = new_db();
	sd_err err;

	put_customer(st, "苏州精工设备有限公司", "市区", true, "苏州市\"工业园区\", 星湖街 1 号",
	             "王𠮷", "0512-58639752");
	put_customer(st, "上海㐀新区水厂", "外地", false, NULL, "李工", "138 0013 8000");
	put_customer(st, "Acme € Pumps", NULL, false, "  ", NULL, NULL);
	assert_int_equal(put_equipment(st, "CNT-FF2023-0157", "苏州精工设备有限公司", "FF-200 €",
	                               "2024-11-20", "2024-12-01", "2025-01-10",
	                               "防腐泵出口压力波动，\n昨天起报警三次, \"急\"", &err), SD_OK);
	assert_int_equal(put_equipment(st, "SN 9", "上海㐀新区水厂", NULL, NULL, "2025-05-05", NULL,
	                               NULL, &err), SD_OK);
	assert_int_equal(put_equipment(st, "王𠮷-001", "Acme € Pumps", "型号㐀", "2023-01-01", NULL,
	                               "2023-02-01", "多行\r\n备注", &err), SD_OK);
	return st;
}

static void
roundtrip(sd_encoding enc)
{
	store *a = sample_db(), *b = new_db();
	size_t clen, elen, clen2, elen2;
	char *cust = export_kind(a, false, enc, &clen);
	char *equip = export_kind(a, true, enc, &elen);
	char *cpath = new_path("csv"), *epath = new_path("csv");
	sd_err err;
	long count;

	write_file(cpath, cust, clen);
	write_file(epath, equip, elen);
	if (customer_import(b, cpath, ENC_AUTO, &count, &err) != SD_OK)
		fail_msg("customer_import: %s", err.msg);
	assert_int_equal(count, 3);
	if (equipment_import(b, epath, ENC_AUTO, &count, &err) != SD_OK)
		fail_msg("equipment_import: %s", err.msg);
	assert_int_equal(count, 3);
	char *cust2 = export_kind(b, false, enc, &clen2);
	char *equip2 = export_kind(b, true, enc, &elen2);
	assert_int_equal(clen, clen2);
	assert_memory_equal(cust, cust2, clen);
	assert_int_equal(elen, elen2);
	assert_memory_equal(equip, equip2, elen);

	/* importing the same files again updates in place: nothing changes */
	char *before = snapshot(b);
	assert_int_equal(customer_import(b, cpath, enc, &count, &err), SD_OK);
	assert_int_equal(equipment_import(b, epath, enc, &count, &err), SD_OK);
	char *after = snapshot(b);
	assert_string_equal(before, after);
	free(before);
	free(after);

	free(cust);
	free(equip);
	free(cust2);
	free(equip2);
	free(cpath);
	free(epath);
	store_close(a);
	store_close(b);
}

static void
test_roundtrip_utf8(void **state)
{
	store *st = sample_db();
	size_t len;
	char *data = export_kind(st, false, ENC_UTF8, &len);

	(void)state;
	/* BOM, English header, CRLF; key_customer as 1/0; quoting where needed */
	const char *want_head = "\xef\xbb\xbfname,region,key_customer,address,contact,phone\r\n";
	assert_true(len > strlen(want_head));
	assert_memory_equal(data, want_head, strlen(want_head));
	assert_non_null(strstr(data, "Acme € Pumps,,0,,,\r\n"));
	assert_non_null(strstr(data, "苏州精工设备有限公司,市区,1,\"苏州市\"\"工业园区\"\", 星湖街 1 号\",王𠮷,0512-58639752\r\n"));
	free(data);
	data = export_kind(st, true, ENC_UTF8, &len);
	assert_non_null(strstr(data, "serial,customer,model,delivered_on,accepted_on,commissioned_on,note\r\n"));
	assert_non_null(strstr(data, "\"多行\n备注\""));
	free(data);
	store_close(st);
	roundtrip(ENC_UTF8);
}

static void
test_roundtrip_gb18030(void **state)
{
	store *st = sample_db();
	size_t len;
	char *data = export_kind(st, false, ENC_GB18030, &len);

	(void)state;
	/* no BOM; 𠮷 (U+20BB7) as a four-byte GB18030 sequence, € as A2 E3 */
	assert_false(len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0);
	assert_non_null(memmem(data, len, "\x95\x34\xb2\x35", 4));
	assert_non_null(memmem(data, len, "\xa2\xe3", 2));
	free(data);
	store_close(st);
	roundtrip(ENC_GB18030);
}

static void
test_chinese_headers(void **state)
{
	store *st = new_db();
	char *cpath = csv_file("客户名称,区域,重点客户,地址,联系人,联系电话\n"
	                       "苏州精工设备有限公司,市区,是,星湖街 1 号,王𠮷,0512-58639752\n"
	                       "杭州水务,外地,否,,李工,0571-88886666\n");
	char *epath = csv_file("序列号,客户,型号,交货日期,验收日期,投运日期,备注\n"
	                       "CNT-1,苏州精工设备有限公司,FF-200,2024-11-20,2024-12-01,2025-01-10,\"两行\n备注\"\n");
	char *epath2 = csv_file("设备序列号,客户,发货日期,到货验收日期,调试日期\n"
	                        "CNT-2,杭州水务,2024-11-20,2024-12-01,2025-01-10\n");
	sd_customer c;
	sd_equipment e;
	sd_err err;
	long count;

	(void)state;
	if (customer_import(st, cpath, ENC_AUTO, &count, &err) != SD_OK)
		fail_msg("customer_import: %s", err.msg);
	assert_int_equal(count, 2);
	assert_int_equal(customer_get(st, "苏州精工设备有限公司", &c, &err), SD_OK);
	assert_true(c.key_customer);
	assert_string_equal(c.contact, "王𠮷");
	customer_free(&c);
	assert_int_equal(customer_get(st, "杭州水务", &c, &err), SD_OK);
	assert_false(c.key_customer);
	assert_null(c.address);
	customer_free(&c);
	if (equipment_import(st, epath, ENC_AUTO, &count, &err) != SD_OK)
		fail_msg("equipment_import: %s", err.msg);
	if (equipment_import(st, epath2, ENC_AUTO, &count, &err) != SD_OK)
		fail_msg("equipment_import: %s", err.msg);
	assert_int_equal(equipment_get(st, "CNT-1", &e, &err), SD_OK);
	assert_string_equal(e.commissioned_on, "2025-01-10");
	assert_string_equal(e.note, "两行\n备注");
	equipment_free(&e);
	assert_int_equal(equipment_get(st, "CNT-2", &e, &err), SD_OK);
	assert_string_equal(e.accepted_on, "2024-12-01");
	equipment_free(&e);

	/* a file with fewer columns updates only those: the rest is kept */
	char *upd = csv_file("name,phone\n杭州水务,0571-12345678\n");
	assert_int_equal(customer_import(st, upd, ENC_AUTO, &count, &err), SD_OK);
	assert_int_equal(customer_get(st, "杭州水务", &c, &err), SD_OK);
	assert_string_equal(c.phone, "0571-12345678");
	assert_string_equal(c.region, "外地");
	assert_string_equal(c.contact, "李工");
	customer_free(&c);
	free(upd);
	free(cpath);
	free(epath);
	free(epath2);
	store_close(st);
}

static void
test_refusals(void **state)
{
	static const struct {
		bool equipment;
		const char *csv;
		const char *msg;      /* after "FILE: " */
	} cases[] = {
		{ false, "name,colour\nA,red\n", "line 1, field colour: unknown column" },
		{ false, "region\n市区\n", "line 1: missing required column name" },
		{ false, "name,客户\nA,B\n", "line 1, field 客户: duplicate column" },
		{ false, "name,phone\nX,12-34\nY,12345\n", "line 2, field phone: needs at least 5 digits" },
		{ false, "客户,电话\nX,12345\n,12345\n", "line 3, field 客户: required" },
		{ false, "name,key_customer\nX,maybe\n", "line 2, field key_customer: must be 1 or 0" },
		{ false, "name\nX\nY\n X \n", "line 4, field name: X is already on line 2" },
		{ false, "name,region\nX,a\nY\n", "line 3: 1 fields, but the header has 2" },
		{ false, "name\n\"X\n", "line 2, field 1: unterminated quoted field" },
		{ true, "serial,customer\nS1,无此客户\n", "line 2, field customer: no customer named 无此客户" },
		{ true, "serial,customer,delivered_on\nS1,C,2025-02-30\n", "line 2, field delivered_on: expected a date" },
		{ true, "序列号,客户,验收日期\nS1,C,2025-01-011\n", "line 2, field 验收日期: expected a date" },
		{ true, "serial,customer,delivered_on,commissioned_on\nS1,C,2025-02-01,2025-01-01\n",
		  "line 2, field commissioned_on: earlier than the delivery date" },
		{ true, "serial,customer\nS1,C\nS1,C\n", "line 3, field serial: S1 is already on line 2" },
		{ true, "customer\nC\n", "line 1: missing required column serial" },
		{ true, "serial,customer,note\nS1,C,\"a\x01\"\n", "line 2, field note: must not contain control characters" },
	};
	store *st = new_db();
	sd_err err;
	char *before;

	(void)state;
	put_customer(st, "C", NULL, false, NULL, NULL, NULL);
	put_customer(st, "X", "老区域", false, NULL, NULL, NULL);
	assert_int_equal(put_equipment(st, "S0", "C", NULL, NULL, NULL, NULL, NULL, &err), SD_OK);
	before = snapshot(st);
	for (size_t i = 0; i < SD_ARRAY_LEN(cases); i++) {
		char *path = csv_file(cases[i].csv);
		long count = -1;
		int rc;
		char *after;

		rc = cases[i].equipment ? equipment_import(st, path, ENC_AUTO, &count, &err)
		                        : customer_import(st, path, ENC_AUTO, &count, &err);
		if (rc != SD_DATAERR)
			fail_msg("case %zu: status %d (%s)", i, rc, err.msg);
		assert_int_equal(count, 0);
		if (strncmp(err.msg, path, strlen(path)) != 0 ||
		    strncmp(err.msg + strlen(path), ": ", 2) != 0 ||
		    strncmp(err.msg + strlen(path) + 2, cases[i].msg, strlen(cases[i].msg)) != 0)
			fail_msg("case %zu: '%s', expected '%s'", i, err.msg, cases[i].msg);
		after = snapshot(st);
		assert_string_equal(before, after);
		free(after);
		free(path);
	}
	free(before);

	/* a missing file */
	assert_int_equal(customer_import(st, "/nonexistent/customers.csv", ENC_AUTO, NULL, &err),
	                 SD_NOINPUT);
	assert_int_equal(equipment_import(st, "/nonexistent/equipment.csv", ENC_AUTO, NULL, &err),
	                 SD_NOINPUT);
	/* bad encoding: GB18030 declared, invalid bytes */
	char *bad = new_path("csv");
	write_file(bad, "name\n\x81\x20\n", 6);
	assert_int_equal(customer_import(st, bad, ENC_GB18030, NULL, &err), SD_DATAERR);
	free(bad);
	store_close(st);
}

static void
test_export_empty(void **state)
{
	store *st = new_db();
	size_t len;
	char *data;

	(void)state;
	data = export_kind(st, false, ENC_GB18030, &len);
	assert_int_equal(len, strlen("name,region,key_customer,address,contact,phone\r\n"));
	free(data);
	data = export_kind(st, true, ENC_UTF8, &len);
	assert_int_equal(len, 3 + strlen("serial,customer,model,delivered_on,accepted_on,commissioned_on,note\r\n"));
	free(data);
	store_close(st);
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
		cmocka_unit_test(test_customer_put_get_update),
		cmocka_unit_test(test_customer_each),
		cmocka_unit_test(test_customer_validation),
		cmocka_unit_test(test_equipment_put_get),
		cmocka_unit_test(test_equipment_validation),
		cmocka_unit_test(test_downtime),
		cmocka_unit_test(test_customer_page),
		cmocka_unit_test(test_customer_page_keyset),
		cmocka_unit_test(test_downtime_each),
		cmocka_unit_test(test_last_change),
		cmocka_unit_test(test_stale_versions),
		cmocka_unit_test(test_warranty),
		cmocka_unit_test(test_roundtrip_utf8),
		cmocka_unit_test(test_roundtrip_gb18030),
		cmocka_unit_test(test_chinese_headers),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_export_empty),
	};

	setlocale(LC_ALL, "C.UTF-8");
	setenv("TZ", "Asia/Shanghai", 1);
	unsetenv("SERVDESK_USER");
	unsetenv("LANGUAGE");
	return cmocka_run_group_tests(tests, setup_dir, remove_dir);
}
