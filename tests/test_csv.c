/*
 * test_csv.c — the RFC 4180 reader and writer (csv.c).
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
#include <time.h>
#include <cmocka.h>

#include "buf.h"
#include "csv.h"

/*
 * Read all of data and render the records as "[f1|f2]" lines (with the
 * starting line number as "L:"), so that a case is one string to compare.
 */
static int
read_all(const char *data, size_t len, buf *got, sd_err *err)
{
	csv_reader *r = csv_reader_new("t.csv", data, len);
	char **f;
	size_t n;
	int rc;

	while ((rc = csv_next(r, &f, &n, err)) == 1) {
		buf_printf(got, "%ld:[", csv_line(r));
		for (size_t i = 0; i < n; i++)
			buf_printf(got, "%s%s", i ? "|" : "", f[i]);
		buf_puts(got, "]");
	}
	csv_reader_free(r);
	return rc;
}

static void
test_read_ok(void **state)
{
	static const struct {
		const char *in;
		const char *want;
	} cases[] = {
		{"a,b,c\r\n1,2,3\r\n", "1:[a|b|c]2:[1|2|3]"},
		{"a,b,c\n1,2,3\n", "1:[a|b|c]2:[1|2|3]"},
		{"a,b,c\n1,2,3", "1:[a|b|c]2:[1|2|3]"},          /* no final line end */
		{"a,b\r\n\r\n", "1:[a|b]"},                       /* trailing empty line */
		{"a,b\n\n\n", "1:[a|b]"},
		{"a\n\nb\n", "1:[a]2:[]3:[b]"},                   /* empty line inside */
		{",,\n", "1:[||]"},                               /* empty fields */
		{"\"\",x\n", "1:[|x]"},                           /* empty quoted field */
		{"\"a,b\",c\n", "1:[a,b|c]"},
		{"\"say \"\"hi\"\"\",2\n", "1:[say \"hi\"|2]"},
		{"\"\"\"\"\n", "1:[\"]"},
		{"\"l1\r\nl2\",x\r\nnext,y\r\n", "1:[l1\nl2|x]3:[next|y]"},  /* CRLF in field -> LF */
		{"\"l1\nl2\nl3\",x\nz\n", "1:[l1\nl2\nl3|x]4:[z]"},
		{"a\rb\r", "1:[a]2:[b]"},                         /* lone CR ends a line */
		{"王𠮷,㐀,€,😀\r\n", "1:[王𠮷|㐀|€|😀]"},
		{" a , b ", "1:[ a | b ]"},                      /* spaces kept */
		{"", ""},
		{"\r\n", ""},
		{"x", "1:[x]"},
		{"a,\n", "1:[a|]"},
		{"\"q\"\r\n\"r\"", "1:[q]2:[r]"},
	};

	(void)state;
	for (size_t i = 0; i < SD_ARRAY_LEN(cases); i++) {
		buf got = {0};
		sd_err err;
		int rc = read_all(cases[i].in, strlen(cases[i].in), &got, &err);
		if (rc != 0 || strcmp(buf_str(&got), cases[i].want) != 0)
			fail_msg("case %zu: rc %d, got \"%s\" (%s)", i, rc, buf_str(&got),
			         rc ? err.msg : "");
		buf_free(&got);
	}
}

static void
test_read_errors(void **state)
{
	static const struct {
		const char *in;
		size_t len;
		const char *msg;
	} cases[] = {
		{"a,b\nc,\"open\n\nmore", 0,
		 "t.csv: line 2, field 2: unterminated quoted field"},
		{"a,b\n1,x\"y\n", 0,
		 "t.csv: line 2, field 2: quote inside an unquoted field"},
		{"h\n\"ok\"x,1\n", 0,
		 "t.csv: line 2, field 1: text after the closing quote"},
		{"\"a\nb\" ,c\n", 0,
		 "t.csv: line 2, field 1: text after the closing quote"},
		{"a,b\nc,d\0e\n", 10,
		 "t.csv: line 2, field 2: NUL byte"},
		{"\"x\0\"\n", 5,
		 "t.csv: line 1, field 1: NUL byte"},
		{"\"x\"\0\n", 5,
		 "t.csv: line 1, field 1: NUL byte"},
		{"1\n2\n3,4,\"5\n", 0,
		 "t.csv: line 3, field 3: unterminated quoted field"},
	};

	(void)state;
	for (size_t i = 0; i < SD_ARRAY_LEN(cases); i++) {
		buf got = {0};
		sd_err err;
		size_t len = cases[i].len ? cases[i].len : strlen(cases[i].in);

		sd_err_clear(&err);
		int rc = read_all(cases[i].in, len, &got, &err);
		if (rc != -1 || err.status != SD_DATAERR || strcmp(err.msg, cases[i].msg) != 0)
			fail_msg("case %zu: rc %d, msg \"%s\"", i, rc, err.msg);
		buf_free(&got);
	}
}

static void
test_write(void **state)
{
	static const struct {
		const char *fields[4];
		size_t n;
		const char *want;
	} cases[] = {
		{{"a", "b", "c"}, 3, "a,b,c\r\n"},
		{{"", "", ""}, 3, ",,\r\n"},
		{{"a,b", "c"}, 2, "\"a,b\",c\r\n"},
		{{"say \"hi\""}, 1, "\"say \"\"hi\"\"\"\r\n"},
		{{"l1\nl2", "x"}, 2, "\"l1\nl2\",x\r\n"},
		{{"cr\r"}, 1, "\"cr\r\"\r\n"},
		{{" lead", "trail ", "\tt"}, 3, "\" lead\",\"trail \",\"\tt\"\r\n"},
		{{"王𠮷", "㐀€"}, 2, "王𠮷,㐀€\r\n"},
		{{NULL, "x"}, 2, ",x\r\n"},
		/* one empty field: "" (an empty line at the end is no record) */
		{{""}, 1, "\"\"\r\n"},
		{{NULL}, 1, "\"\"\r\n"},
	};

	(void)state;
	for (size_t i = 0; i < SD_ARRAY_LEN(cases); i++) {
		buf b = {0};
		csv_put_record(&b, cases[i].fields, cases[i].n);
		if (strcmp(buf_str(&b), cases[i].want) != 0)
			fail_msg("case %zu: got \"%s\"", i, buf_str(&b));
		buf_free(&b);
	}
}

/* What the writer writes, the reader reads back unchanged. */
static void
test_roundtrip(void **state)
{
	static const char *const rec[] = {
		"", "plain", "a,b", "\"", "\"\"", "l1\nl2\n", " sp ", "王𠮷,\"㐀\"\n€😀", ",",
	};
	buf b = {0};
	csv_reader *r;
	char **f;
	size_t n;
	sd_err err;

	(void)state;
	csv_put_record(&b, rec, SD_ARRAY_LEN(rec));
	csv_put_record(&b, rec, SD_ARRAY_LEN(rec));
	r = csv_reader_new("rt.csv", b.data, b.len);
	for (int k = 0; k < 2; k++) {
		assert_int_equal(csv_next(r, &f, &n, &err), 1);
		assert_int_equal(n, SD_ARRAY_LEN(rec));
		for (size_t i = 0; i < n; i++)
			assert_string_equal(f[i], rec[i]);
	}
	assert_int_equal(csv_line(r), 5);   /* the first record spans 4 lines */
	assert_int_equal(csv_next(r, &f, &n, &err), 0);
	assert_int_equal(csv_next(r, &f, &n, &err), 0);
	csv_reader_free(r);
	buf_free(&b);
}

/* 100,000 rows are read in well under a second. */
static void
test_speed(void **state)
{
	buf b = {0};
	csv_reader *r;
	char **f;
	size_t n, rows = 0;
	sd_err err;
	struct timespec t0, t1;

	(void)state;
	buf_puts(&b, "regno,received_at,channel,customer,requester,phone,item1\r\n");
	for (int i = 0; i < 100000; i++)
		buf_printf(&b, "202611-%04d,2026-11-24 09:%02d,phone,上海浦东新区设备有限公司,"
		           "王𠮷,13800138000,\"设备无法启动，\"\"急\"\"\n请派工程师\"\r\n",
		           i % 10000, i % 60);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	r = csv_reader_new("big.csv", b.data, b.len);
	while (csv_next(r, &f, &n, &err) == 1) {
		assert_int_equal(n, 7);
		rows++;
	}
	csv_reader_free(r);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	assert_int_equal(rows, 100001);
	double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	if (secs > 0.5)
		fail_msg("reading 100000 rows took %.3f s", secs);
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_read_ok),
		cmocka_unit_test(test_read_errors),
		cmocka_unit_test(test_write),
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_speed),
	};

	setlocale(LC_ALL, "C.UTF-8");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
