/*
 * test_rules.c — the pure rules: money (money.c), dates (datetime.c), the
 * working-day calendar (workcal.c), service-level clocks (sla.c) and
 * warranty tiers (warranty.c).
 *
 * Every expected due time and warranty date below was worked out by hand;
 * the reasoning is in the comment next to it.
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
#include <cmocka.h>

#include "buf.h"
#include "common.h"
#include "datetime.h"
#include "money.h"
#include "sla.h"
#include "warranty.h"
#include "workcal.h"

static sd_date
D(const char *s)
{
	sd_date d;

	if (!date_parse(s, &d))
		fail_msg("bad date in test: %s", s);
	return d;
}

static sd_time
T(const char *s)
{
	sd_time t;

	if (!time_parse(s, &t))
		fail_msg("bad time in test: %s", s);
	return t;
}

static workcal *
builtin(void)
{
	workcal *cal = NULL;
	sd_err err;

	sd_err_clear(&err);
	if (workcal_parse("holidays-cn.txt", workcal_builtin_text(), &cal, &err) != SD_OK)
		fail_msg("built-in calendar: %s", err.msg);
	return cal;
}

static void
assert_contains(const char *hay, const char *needle)
{
	if (strstr(hay, needle) == NULL)
		fail_msg("missing \"%s\" in:\n%s", needle, hay);
}

/* ---------------------------------------------------------------- money */

static void
test_money_parse(void **state)
{
	static const struct {
		const char *s;
		bool ok;
		int64_t fen;
	} cases[] = {
		{"12", true, 1200},
		{"12.5", true, 1250},
		{"12.50", true, 1250},
		{"1,234.56", true, 123456},
		{"-3.2", true, -320},
		{"0.05", true, 5},
		{"0", true, 0},
		{"+7", true, 700},
		{" 8 ", true, 800},
		{".5", true, 50},
		{"1,234,567", true, 123456700},
		{"-1,000.01", true, -100001},
		{"9999999999999999.99", true, 999999999999999999LL},
		{"1.234", false, 0},
		{"abc", false, 0},
		{"", false, 0},
		{"1,23", false, 0},
		{"1,2345", false, 0},
		{"1234,567", false, 0},
		{",123", false, 0},
		{"1,", false, 0},
		{"1.", false, 0},
		{"-", false, 0},
		{".", false, 0},
		{"12a", false, 0},
		{"1e5", false, 0},
		{"1 2", false, 0},
		{"--1", false, 0},
		{"10000000000000000", false, 0},             /* 1e16 yuan: out of range */
		{"99999999999999999999", false, 0},
		{"9223372036854775807", false, 0},
	};

	(void)state;
	for (size_t i = 0; i < SD_ARRAY_LEN(cases); i++) {
		int64_t fen = -999;
		bool ok = money_parse(cases[i].s, &fen);
		if (ok != cases[i].ok)
			fail_msg("case %zu \"%s\": got %d", i, cases[i].s, ok);
		if (ok && fen != cases[i].fen)
			fail_msg("case %zu \"%s\": got %lld, want %lld", i, cases[i].s,
			         (long long)fen, (long long)cases[i].fen);
	}
	assert_false(money_parse(NULL, &(int64_t){0}));
}

static void
test_money_format(void **state)
{
	static const struct {
		int64_t fen;
		const char *s;
	} cases[] = {
		{0, "0.00"}, {5, "0.05"}, {50, "0.50"}, {-320, "-3.20"}, {-5, "-0.05"},
		{123456, "1234.56"}, {100, "1.00"}, {999999999999999999LL, "9999999999999999.99"},
		{INT64_MIN, "-92233720368547758.08"},
	};
	char out[32];

	(void)state;
	for (size_t i = 0; i < SD_ARRAY_LEN(cases); i++) {
		int64_t back;
		money_format(cases[i].fen, out);
		assert_string_equal(out, cases[i].s);
		if (cases[i].fen != INT64_MIN) {
			assert_true(money_parse(out, &back));
			assert_true(back == cases[i].fen);
		}
	}
}

/* ---------------------------------------------------------------- dates */

static void
test_date_ymd(void **state)
{
	static const struct {
		int y, m, d;
		sd_date days;
		int wday;
	} cases[] = {
		{1970, 1, 1, 0, 4},          /* a Thursday */
		{1969, 12, 31, -1, 3},
		{2000, 1, 1, 10957, 6},
		{2000, 3, 1, 11017, 3},
		{2024, 2, 29, 19782, 4},
		{2025, 1, 26, 20114, 0},     /* 春节调休, a Sunday */
		{2026, 2, 28, 20512, 6},     /* 春节调休, a Saturday */
		{2026, 10, 1, 20727, 4},     /* 国庆节, a Thursday */
		{1900, 3, 1, -25508, 4},
	};

	(void)state;
	for (size_t i = 0; i < SD_ARRAY_LEN(cases); i++) {
		int y, m, d;
		sd_date z = date_from_ymd(cases[i].y, cases[i].m, cases[i].d);
		if (z != cases[i].days)
			fail_msg("case %zu: got %d, want %d", i, z, cases[i].days);
		date_to_ymd(z, &y, &m, &d);
		assert_int_equal(y, cases[i].y);
		assert_int_equal(m, cases[i].m);
		assert_int_equal(d, cases[i].d);
		assert_int_equal(date_weekday(z), cases[i].wday);
	}
	/* Every day from 1600 to 2400 follows the one before. */
	sd_date z = date_from_ymd(1600, 1, 1);
	int y = 1600, m = 1, d = 1;
	for (; y < 2401; z++) {
		int yy, mm, dd;
		date_to_ymd(z, &yy, &mm, &dd);
		if (yy != y || mm != m || dd != d)
			fail_msg("day %d: got %d-%d-%d, want %d-%d-%d", z, yy, mm, dd, y, m, d);
		assert_int_equal(date_from_ymd(y, m, d), z);
		if (++d > date_days_in_month(y, m)) {
			d = 1;
			if (++m > 12) {
				m = 1;
				y++;
			}
		}
	}
}

static void
test_date_days_in_month(void **state)
{
	(void)state;
	assert_int_equal(date_days_in_month(2024, 2), 29);
	assert_int_equal(date_days_in_month(2025, 2), 28);
	assert_int_equal(date_days_in_month(1900, 2), 28);
	assert_int_equal(date_days_in_month(2000, 2), 29);
	assert_int_equal(date_days_in_month(2025, 4), 30);
	assert_int_equal(date_days_in_month(2025, 12), 31);
	assert_int_equal(date_days_in_month(2025, 13), 0);
	assert_true(date_valid(2024, 2, 29));
	assert_false(date_valid(2025, 2, 29));
	assert_false(date_valid(2025, 0, 1));
	assert_false(date_valid(2025, 4, 31));
}

static void
test_date_add_months(void **state)
{
	static const struct {
		const char *from;
		int months;
		const char *want;
	} cases[] = {
		{"2025-01-31", 1, "2025-02-28"},
		{"2024-01-31", 1, "2024-02-29"},
		{"2024-02-29", 12, "2025-02-28"},
		{"2024-02-29", 48, "2028-02-29"},
		{"2024-02-29", -12, "2023-02-28"},
		{"2024-02-29", -48, "2020-02-29"},
		{"2025-03-31", -1, "2025-02-28"},
		{"2024-03-31", -1, "2024-02-29"},
		{"2025-01-15", -1, "2024-12-15"},
		{"2025-01-31", 13, "2026-02-28"},
		{"2024-12-31", 2, "2025-02-28"},
		{"2025-05-31", 1, "2025-06-30"},
		{"2025-03-10", 12, "2026-03-10"},
		{"2025-01-05", 18, "2026-07-05"},
		{"2022-08-31", 18, "2024-02-29"},
		{"1970-01-31", -1, "1969-12-31"},
		{"2025-06-15", 0, "2025-06-15"},
		{"2025-06-15", -18, "2023-12-15"},
	};
	char out[11];

	(void)state;
	for (size_t i = 0; i < SD_ARRAY_LEN(cases); i++) {
		date_format(date_add_months(D(cases[i].from), cases[i].months), out);
		if (strcmp(out, cases[i].want) != 0)
			fail_msg("%s %+d months: got %s, want %s", cases[i].from, cases[i].months,
			         out, cases[i].want);
	}
}

static void
test_date_parse_format(void **state)
{
	static const struct {
		const char *s;
		bool ok;
	} cases[] = {
		{"2024-02-29", true}, {"2025-12-31", true}, {"1970-01-01", true}, {"0001-01-01", true},
		{"2025-02-29", false}, {"2025-1-01", false}, {"2025-01-1", false}, {"2025-01-01 ", false},
		{" 2025-01-01", false}, {"", false}, {"2025-13-01", false}, {"2025-00-10", false},
		{"0000-01-01", false}, {"2025/01/01", false}, {"20250101", false}, {"2025-01-32", false},
	};
	char out[11];

	(void)state;
	for (size_t i = 0; i < SD_ARRAY_LEN(cases); i++) {
		sd_date d = 12345;
		bool ok = date_parse(cases[i].s, &d);
		if (ok != cases[i].ok)
			fail_msg("\"%s\": got %d", cases[i].s, ok);
		if (ok) {
			date_format(d, out);
			assert_string_equal(out, cases[i].s);
		}
	}
	assert_false(date_parse(NULL, &(sd_date){0}));
	date_format(-1, out);
	assert_string_equal(out, "1969-12-31");
}

static void
test_time_parse_format(void **state)
{
	static const struct {
		const char *s;
		bool ok;
		const char *back;
	} cases[] = {
		{"2026-10-09 16:00", true, "2026-10-09 16:00"},
		{"2026-10-09 16:00:59", true, "2026-10-09 16:00"},
		{"2026-10-09 00:00", true, "2026-10-09 00:00"},
		{"2026-10-09 23:59", true, "2026-10-09 23:59"},
		{"1969-12-31 23:59", true, "1969-12-31 23:59"},
		{"2026-10-09 24:00", false, NULL},
		{"2026-10-09 16:60", false, NULL},
		{"2026-10-09 16:00:60", false, NULL},
		{"2026-10-09", false, NULL},
		{"2026-10-09T16:00", false, NULL},
		{"2026-10-09 6:00", false, NULL},
		{"2026-10-09 16:00 ", false, NULL},
		{"2026-02-30 10:00", false, NULL},
	};
	char out[17];

	(void)state;
	for (size_t i = 0; i < SD_ARRAY_LEN(cases); i++) {
		sd_time t = 0;
		bool ok = time_parse(cases[i].s, &t);
		if (ok != cases[i].ok)
			fail_msg("\"%s\": got %d", cases[i].s, ok);
		if (ok) {
			time_format(t, out);
			assert_string_equal(out, cases[i].back);
		}
	}
	assert_true(T("1970-01-01 00:01") == 1);
	assert_true(T("1969-12-31 23:59") == -1);
	assert_int_equal(time_date(-1), -1);
	assert_int_equal(time_date(-1440), -1);
	assert_int_equal(time_date(-1441), -2);
	assert_int_equal(time_date(1439), 0);
	assert_true(date_time(D("2026-10-09")) + 16 * 60 == T("2026-10-09 16:00"));
}

static void
test_duration_format(void **state)
{
	static const struct {
		int64_t min;
		const char *s;
	} cases[] = {
		{0, "0 min"}, {45, "45 min"}, {60, "1 h"}, {125, "2 h 05 min"}, {870, "14 h 30 min"},
		{1440, "1 d"}, {1620, "1 d 3 h"}, {1625, "1 d 3 h"}, {2880, "2 d"}, {-45, "-45 min"},
		{-125, "-2 h 05 min"},
	};
	char out[64];

	(void)state;
	for (size_t i = 0; i < SD_ARRAY_LEN(cases); i++) {
		duration_format(cases[i].min, out, (int)sizeof out);
		assert_string_equal(out, cases[i].s);
	}
	duration_format(125, out, 4);
	assert_int_equal(strlen(out), 3);
}

/* ---------------------------------------------------------------- calendar */

static void
test_workcal_errors(void **state)
{
	static const struct {
		const char *text;
		const char *msg;
	} cases[] = {
		{"year 2025\n2025-02-30 holiday X\n", "t.txt: line 2: bad date \"2025-02-30\""},
		{"year 2025\n\n# comment\n2025-01-01 vacation X\n",
		 "t.txt: line 4: unknown kind of day (holiday or workday) \"vacation\""},
		{"year 2025\n2026-01-01 holiday X\n",
		 "t.txt: line 2: the day is in a year not declared by a \"year\" line \"2026-01-01\""},
		{"year 2025\n2025-12-31..2026-01-02 holiday X\n",
		 "t.txt: line 2: the day is in a year not declared by a \"year\" line \"2026-01-01\""},
		{"year 2025\n2025-01-10..2025-01-05 holiday X\n",
		 "t.txt: line 2: the range ends before it starts \"2025-01-10..2025-01-05\""},
		{"year 2025\n2025-01-27 workday X\n",          /* a Monday */
		 "t.txt: line 2: a workday must be a Saturday or Sunday \"2025-01-27\""},
		{"year 2025\n2025-01-25..2025-01-27 workday X\n",
		 "t.txt: line 2: a workday must be a Saturday or Sunday \"2025-01-27\""},
		{"# c\nyear 20x5\n", "t.txt: line 2: bad year \"20x5\""},
		{"year\n", "t.txt: line 1: bad year"},
		{"year 2025 2026\n", "t.txt: line 1: unexpected text after the year \"2026\""},
		{"year 2025\n2025-01-01 holiday A\n\n2025-01-01 holiday B\n",
		 "t.txt: line 4: the day is already listed \"2025-01-01\""},
		{"year 2025\n2025-01-01 holiday\n", "t.txt: line 2: the name is missing"},
		{"year 2025\n2025-01-01\n",
		 "t.txt: line 2: the kind of day is missing (holiday or workday)"},
		{"year 2025\n2025-1-1 holiday X\n", "t.txt: line 2: bad date \"2025-1-1\""},
		{"year 2025\n2025-01-01..2025-02-31 holiday X\n", "t.txt: line 2: bad date \"2025-02-31\""},
		{"year 2025\r\n2025-01-01 holiday \xff\r\n", "t.txt: line 2: not valid UTF-8"},
	};

	(void)state;
	for (size_t i = 0; i < SD_ARRAY_LEN(cases); i++) {
		workcal *cal = (workcal *)1;
		sd_err err;
		sd_err_clear(&err);
		int rc = workcal_parse("t.txt", cases[i].text, &cal, &err);
		if (rc != SD_DATAERR)
			fail_msg("case %zu: got %d", i, rc);
		assert_int_equal(err.status, SD_DATAERR);
		assert_null(cal);
		if (strcmp(err.msg, cases[i].msg) != 0)
			fail_msg("case %zu: got \"%s\", want \"%s\"", i, err.msg, cases[i].msg);
	}
}

static void
test_workcal_parse(void **state)
{
	const char *text =
		"# a site's calendar\n"
		"year 2025   \n"
		"\n"
		"  2025-10-01..2025-10-03 holiday 国庆节、中秋节 (Mid-Autumn)   # comment\n"
		"2025-09-28\tworkday\t国庆节调休\r\n"
		"2025-01-01 holiday 元旦";       /* no final newline */
	workcal *cal, *cal2, *cal3;
	const char *name;
	sd_err err;

	(void)state;
	assert_int_equal(workcal_parse("site.txt", text, &cal, &err), SD_OK);
	assert_true(workcal_covers(cal, 2025));
	assert_false(workcal_covers(cal, 2024));
	assert_int_equal(workcal_day(cal, D("2025-10-02"), &name), DAY_HOLIDAY);
	assert_string_equal(name, "国庆节、中秋节 (Mid-Autumn)");
	assert_int_equal(workcal_day(cal, D("2025-09-28"), &name), DAY_ADJUSTED_WORK);
	assert_string_equal(name, "国庆节调休");
	assert_int_equal(workcal_day(cal, D("2025-01-01"), &name), DAY_HOLIDAY);
	assert_string_equal(name, "元旦");
	assert_int_equal(workcal_day(cal, D("2025-10-04"), &name), DAY_WEEKEND);   /* Saturday */
	assert_null(name);
	assert_int_equal(workcal_day(cal, D("2025-10-06"), &name), DAY_WORK);      /* Monday: not listed */
	assert_true(workcal_is_workday(cal, D("2025-09-28")));
	assert_false(workcal_is_workday(cal, D("2025-10-01")));

	/* The same content written differently has the same digest... */
	assert_int_equal(workcal_parse("b.txt",
		"2025-01-01 holiday 元旦\n"
		"2025-09-28 workday 国庆节调休\n"
		"2025-10-01 holiday 国庆节、中秋节 (Mid-Autumn)\n"
		"2025-10-02..2025-10-03 holiday 国庆节、中秋节 (Mid-Autumn)\n"
		"year 2025\nyear 2025\n", &cal2, &err), SD_OK);
	assert_true(workcal_digest(cal) == workcal_digest(cal2));
	/* ...and an edit changes it. */
	assert_int_equal(workcal_parse("c.txt",
		"year 2025\n2025-01-01 holiday 元旦\n2025-09-28 workday 国庆节调休\n"
		"2025-10-01..2025-10-03 holiday 国庆节\n", &cal3, &err), SD_OK);
	assert_true(workcal_digest(cal) != workcal_digest(cal3));
	workcal_free(cal);
	workcal_free(cal2);
	workcal_free(cal3);

	/* An empty calendar covers nothing: Monday to Friday. */
	assert_int_equal(workcal_parse("e.txt", "", &cal, &err), SD_OK);
	assert_false(workcal_covers(cal, 2025));
	assert_int_equal(workcal_day(cal, D("2025-01-01"), NULL), DAY_WORK);
	workcal_free(cal);
	assert_int_equal(workcal_day(NULL, D("2025-01-04"), NULL), DAY_WEEKEND);
}

static void
test_workcal_builtin(void **state)
{
	static const struct {
		const char *date;
		enum sd_daykind kind;
		const char *name;
	} cases[] = {
		{"2024-02-10", DAY_HOLIDAY, "春节"},
		{"2024-02-04", DAY_ADJUSTED_WORK, "春节调休"},
		{"2025-01-01", DAY_HOLIDAY, "元旦"},
		{"2025-01-28", DAY_HOLIDAY, "春节"},
		{"2025-02-04", DAY_HOLIDAY, "春节"},
		{"2025-01-26", DAY_ADJUSTED_WORK, "春节调休"},
		{"2025-01-25", DAY_WEEKEND, NULL},
		{"2025-01-27", DAY_WORK, NULL},
		{"2025-10-08", DAY_HOLIDAY, "国庆节、中秋节"},
		{"2025-10-11", DAY_ADJUSTED_WORK, "国庆节调休"},
		{"2026-02-28", DAY_ADJUSTED_WORK, "春节调休"},
		{"2026-02-23", DAY_HOLIDAY, "春节"},
		{"2026-10-03", DAY_HOLIDAY, "国庆节"},    /* a Saturday inside the holiday */
		{"2026-10-08", DAY_WORK, NULL},           /* an ordinary Thursday */
		{"2026-10-10", DAY_ADJUSTED_WORK, "国庆节调休"},
		{"2026-10-11", DAY_WEEKEND, NULL},
		{"2027-01-01", DAY_WORK, NULL},           /* not covered: a Friday */
		{"2027-01-02", DAY_WEEKEND, NULL},
		{"2023-10-02", DAY_WORK, NULL},           /* not covered: a Monday */
	};
	workcal *cal = builtin();

	(void)state;
	for (size_t i = 0; i < SD_ARRAY_LEN(cases); i++) {
		const char *name = "x";
		enum sd_daykind k = workcal_day(cal, D(cases[i].date), &name);
		if (k != cases[i].kind)
			fail_msg("%s: got kind %d, want %d", cases[i].date, k, cases[i].kind);
		if (cases[i].name == NULL)
			assert_null(name);
		else
			assert_string_equal(name, cases[i].name);
	}
	assert_true(workcal_covers(cal, 2024));
	assert_true(workcal_covers(cal, 2025));
	assert_true(workcal_covers(cal, 2026));
	assert_false(workcal_covers(cal, 2023));
	assert_false(workcal_covers(cal, 2027));

	/* The file in data/ is what was built in. */
	const char *dir = getenv("SERVDESK_TEST_DATA");
	if (dir != NULL) {
		char path[1024];
		workcal *file;
		sd_err err;
		snprintf(path, sizeof path, "%s/holidays-cn.txt", dir);
		assert_int_equal(workcal_load(path, &file, &err), SD_OK);
		assert_true(workcal_digest(file) == workcal_digest(cal));
		workcal_free(file);
	}
	workcal_free(cal);
}

static void
test_workcal_load_missing(void **state)
{
	workcal *cal = (workcal *)1;
	sd_err err;

	(void)state;
	assert_int_equal(workcal_load("/nonexistent/holidays.txt", &cal, &err), SD_NOINPUT);
	assert_null(cal);
	assert_non_null(strstr(err.msg, "/nonexistent/holidays.txt"));
}

/* ---------------------------------------------------------------- service levels */

#define H 60L
#define WD 1440L          /* one working day of budget */

struct due_case {
	const char *start;
	long budget;
	bool calendar_time;
	const char *due;      /* NULL: the clock stands still (open pause) */
	const char *why;      /* worked out by hand */
};

static void
check_due(const workcal *cal, const struct due_case *c, const sla_pause *p, size_t np, size_t i)
{
	sd_time due;
	char got[17];
	buf ex = {0};

	sla_due(cal, T(c->start), c->budget, c->calendar_time, p, np, &due, &ex);
	if (c->due == NULL) {
		if (due != SD_NO_TIME) {
			time_format(due, got);
			fail_msg("case %zu (%s): got %s, want no due time", i, c->why, got);
		}
	} else {
		time_format(due, got);
		if (due == SD_NO_TIME || strcmp(got, c->due) != 0)
			fail_msg("case %zu (%s): got %s, want %s\n%s", i, c->why,
			         due == SD_NO_TIME ? "none" : got, c->due, buf_str(&ex));
		/* Without an explanation the answer is the same. */
		sd_time due2;
		sla_due(cal, T(c->start), c->budget, c->calendar_time, p, np, &due2, NULL);
		assert_true(due2 == due);
	}
	buf_free(&ex);
}

static void
test_sla_due_working_days(void **state)
{
	static const struct due_case cases[] = {
		{"2026-09-30 16:00", 2 * WD, false, "2026-10-09 16:00",
		 "09-30 Wed counts 8 h to midnight; 10-01..10-07 国庆节; 10-08 Thu 24 h; "
		 "10-09 Fri the remaining 16 h"},
		{"2026-09-30 09:30", 2 * WD, false, "2026-10-09 09:30",
		 "09-30 14 h 30; 10-08 24 h; 10-09 the remaining 9 h 30"},
		{"2026-10-09 09:00", 2 * WD, false, "2026-10-12 09:00",
		 "10-09 Fri 15 h; 10-10 Sat 国庆节调休 24 h; 10-11 Sun off; 10-12 Mon 9 h"},
		{"2025-01-24 10:00", 2 * WD, false, "2025-01-27 10:00",
		 "01-24 Fri 14 h; 01-25 Sat off; 01-26 Sun 春节调休 24 h; 01-27 Mon 10 h"},
		{"2025-01-27 12:00", 1 * WD, false, "2025-02-05 12:00",
		 "01-27 Mon 12 h; 01-28..02-04 春节; 02-05 Wed 12 h"},
		{"2026-02-13 18:00", 2 * WD, false, "2026-02-24 18:00",
		 "02-13 Fri 6 h; 02-14 Sat 春节调休 24 h; 02-15..02-23 春节; 02-24 Tue 18 h"},
		{"2026-02-27 12:00", 1 * WD, false, "2026-02-28 12:00",
		 "02-27 Fri 12 h; 02-28 Sat 春节调休 12 h"},
		{"2025-09-30 12:00", 1 * WD, false, "2025-10-09 12:00",
		 "09-30 Tue 12 h; 10-01..10-08 国庆节、中秋节; 10-09 Thu 12 h"},
		{"2025-09-26 12:00", 1 * WD, false, "2025-09-28 12:00",
		 "09-26 Fri 12 h; 09-27 Sat off; 09-28 Sun 国庆节调休 12 h"},
		{"2026-10-01 10:00", 1 * H, false, "2026-10-08 01:00",
		 "respond in 1 h received on a holiday: the first hour of 10-08 Thu"},
		{"2026-10-02 10:00", 0, false, "2026-10-02 10:00", "no budget: due at once"},
		{"2026-10-08 22:00", 2 * H, false, "2026-10-09 00:00",
		 "10-08 Thu 22:00-24:00 uses the budget up at midnight"},
		{"2026-10-08 22:00", 3 * H, false, "2026-10-09 01:00",
		 "10-08 Thu 2 h; 10-09 Fri 1 h"},
		{"2027-01-01 10:00", 1 * WD, false, "2027-01-04 10:00",
		 "2027 not covered: 01-01 Fri counts 14 h; 01-02/03 weekend; 01-04 Mon 10 h"},
		{"2026-12-31 12:00", 2 * WD, false, "2027-01-04 12:00",
		 "12-31 Thu 12 h; 2027-01-01 Fri (not covered: Monday to Friday) 24 h; "
		 "weekend; 01-04 Mon 12 h"},
		{"2026-12-31 12:00", 2 * WD, true, "2027-01-02 12:00", "calendar time: 48 h"},
		{"2026-09-30 16:00", 2 * WD, true, "2026-10-02 16:00",
		 "calendar time: holidays count, 48 h"},
		{"2026-10-01 10:00", 24 * H, true, "2026-10-02 10:00", "calendar time: on site 24 h"},
		{"2026-02-13 18:00", 10 * WD, false, "2026-03-05 18:00",
		 "ten working days over the Spring Festival: see below"},
	};
	workcal *cal = builtin();

	(void)state;
	/*
	 * The last case, carefully: received Fri 2026-02-13 18:00, budget 240 h.
	 *   02-13 Fri 18:00-24:00           6 h    (used   6 h, left 234 h)
	 *   02-14 Sat 春节调休              24 h    (used  30 h, left 210 h)
	 *   02-15 .. 02-23 春节             --
	 *   02-24 Tue, 25 Wed, 26 Thu, 27 Fri  96 h (used 126 h, left 114 h)
	 *   02-28 Sat 春节调休              24 h    (used 150 h, left  90 h)
	 *   03-01 Sun                       --
	 *   03-02 Mon, 03 Tue, 04 Wed        72 h   (used 222 h, left  18 h)
	 *   03-05 Thu 00:00-18:00           18 h    -> due 2026-03-05 18:00
	 */
	for (size_t i = 0; i < SD_ARRAY_LEN(cases); i++)
		check_due(cal, &cases[i], NULL, 0, i);
	const struct due_case *last = &cases[SD_ARRAY_LEN(cases) - 1];

	/* It takes a few dozen steps, not minute by minute. */
	buf ex = {0};
	sd_time due;
	size_t lines = 0;
	sla_due(cal, T(last->start), last->budget, false, NULL, 0, &due, &ex);
	for (const char *p = buf_str(&ex); *p; p++)
		lines += *p == '\n';
	assert_true(lines < 30);
	buf_free(&ex);

	/* With no calendar at all: Monday to Friday. 2026-10-01 Thu 10:00 + 1 d: 14 h, Fri 10 h. */
	sla_due(NULL, T("2026-10-01 10:00"), WD, false, NULL, 0, &due, NULL);
	assert_true(due == T("2026-10-02 10:00"));
	workcal_free(cal);
}

static void
test_sla_due_pauses(void **state)
{
	struct {
		struct due_case c;
		sla_pause p[3];
		size_t np;
	} cases[] = {
		/* Tue 09-29 10:00 + 24 h: 10-12 (2 h), paused 12-15, 15-24 (9 h), 09-30 13 h -> 13:00. */
		{{"2026-09-29 10:00", WD, false, "2026-09-30 13:00", "one pause of 3 h"},
		 {{T("2026-09-29 12:00"), T("2026-09-29 15:00"), "waiting for parts"}}, 1},
		/* Overlapping 12-15 and 14-16 merge to 12-16 (4 h): 2 h + 8 h + 14 h -> 09-30 14:00. */
		{{"2026-09-29 10:00", WD, false, "2026-09-30 14:00", "overlapping pauses"},
		 {{T("2026-09-29 14:00"), T("2026-09-29 16:00"), "waiting on the customer"},
		  {T("2026-09-29 12:00"), T("2026-09-29 15:00"), "waiting for parts"}}, 2},
		/* A pause inside another: 12-16 and 13-14 -> still 4 h. */
		{{"2026-09-29 10:00", WD, false, "2026-09-30 14:00", "nested pauses"},
		 {{T("2026-09-29 12:00"), T("2026-09-29 16:00"), "waiting for parts"},
		  {T("2026-09-29 13:00"), T("2026-09-29 14:00"), "waiting on the customer"}}, 2},
		/* Open from 12:00, reached after 2 h of 24: the clock stands still. */
		{{"2026-09-29 10:00", WD, false, NULL, "open pause reached"},
		 {{T("2026-09-29 12:00"), SD_NO_TIME, "waiting on the customer"}}, 1},
		/* Open from 09-30 11:00, but the budget is used up at 09-30 10:00. */
		{{"2026-09-29 10:00", WD, false, "2026-09-30 10:00", "open pause after the due time"},
		 {{T("2026-09-30 11:00"), SD_NO_TIME, "waiting on the customer"}}, 1},
		/* Open pause starting exactly at the due time: due stands. */
		{{"2026-09-29 10:00", WD, false, "2026-09-30 10:00", "open pause at the due time"},
		 {{T("2026-09-30 10:00"), SD_NO_TIME, "waiting on the customer"}}, 1},
		/* Paused 08:00-11:00, start 10:00: counting starts 11:00 -> 09-30 11:00. */
		{{"2026-09-29 10:00", WD, false, "2026-09-30 11:00", "pause starting before the start"},
		 {{T("2026-09-29 08:00"), T("2026-09-29 11:00"), "waiting for parts"}}, 1},
		/* Paused entirely before the start: no effect. */
		{{"2026-09-29 10:00", WD, false, "2026-09-30 10:00", "pause before the start"},
		 {{T("2026-09-28 08:00"), T("2026-09-28 09:00"), "waiting for parts"}}, 1},
		/* Open pause since before the start: nothing ever counts. */
		{{"2026-09-29 10:00", WD, false, NULL, "open pause since before the start"},
		 {{T("2026-09-28 08:00"), SD_NO_TIME, "waiting for parts"}}, 1},
		/*
		 * 09-30 16:00 + 48 h, paused 10-05 10:00 .. 10-08 06:00: 09-30 8 h (left 40 h);
		 * 10-01..10-07 holiday; 10-08 06:00-24:00 18 h (left 22 h); 10-09 22:00.
		 */
		{{"2026-09-30 16:00", 2 * WD, false, "2026-10-09 22:00", "pause over the holiday"},
		 {{T("2026-10-05 10:00"), T("2026-10-08 06:00"), "waiting for parts"}}, 1},
		/* Calendar time: 09-30 16:00 + 48 h + 3 h paused on 10-01 -> 10-02 19:00. */
		{{"2026-09-30 16:00", 2 * WD, true, "2026-10-02 19:00", "pause under calendar time"},
		 {{T("2026-10-01 09:00"), T("2026-10-01 12:00"), "waiting on the customer"}}, 1},
		/* Three unsorted pauses, 1 h each on 09-29 (11, 13, 15): 24 h + 3 h -> 09-30 13:00. */
		{{"2026-09-29 10:00", WD, false, "2026-09-30 13:00", "unsorted pauses"},
		 {{T("2026-09-29 15:00"), T("2026-09-29 16:00"), "c"},
		  {T("2026-09-29 11:00"), T("2026-09-29 12:00"), "a"},
		  {T("2026-09-29 13:00"), T("2026-09-29 14:00"), "b"}}, 3},
		/* An empty or backwards pause is ignored. */
		{{"2026-09-29 10:00", WD, false, "2026-09-30 10:00", "empty pause"},
		 {{T("2026-09-29 12:00"), T("2026-09-29 12:00"), "x"},
		  {T("2026-09-29 14:00"), T("2026-09-29 13:00"), "y"}}, 2},
	};
	workcal *cal = builtin();

	(void)state;
	for (size_t i = 0; i < SD_ARRAY_LEN(cases); i++)
		check_due(cal, &cases[i].c, cases[i].p, cases[i].np, i);
	workcal_free(cal);
}

static void
test_sla_explain(void **state)
{
	workcal *cal = builtin();
	buf ex = {0};
	sd_time due;

	(void)state;
	/* 09-30 09:30 + 2 working days (worked out above): due 10-09 09:30. */
	sla_due(cal, T("2026-09-30 09:30"), 2 * WD, false, NULL, 0, &due, &ex);
	assert_contains(buf_str(&ex), "start: 2026-09-30 09:30");
	assert_contains(buf_str(&ex), "2026-09-30 Wed working day: 09:30–24:00 counted (14 h 30 min)\n");
	assert_contains(buf_str(&ex), "2026-10-01..2026-10-07 holiday 国庆节: not counted\n");
	assert_contains(buf_str(&ex), "2026-10-08 Thu working day: 00:00–24:00 counted (24 h)\n");
	assert_contains(buf_str(&ex), "2026-10-09 Fri working day: 00:00–09:30 counted (9 h 30 min)\n");
	assert_contains(buf_str(&ex), "due: 2026-10-09 09:30\n");
	assert_null(strstr(buf_str(&ex), "not in the calendar"));
	buf_reset(&ex);

	/* The adjusted Saturday and the Sunday after it. */
	sla_due(cal, T("2026-10-09 09:00"), 2 * WD, false, NULL, 0, &due, &ex);
	assert_contains(buf_str(&ex), "2026-10-10 Sat adjusted working day 国庆节调休: 00:00–24:00 counted (24 h)\n");
	assert_contains(buf_str(&ex), "2026-10-11 Sun weekend: not counted\n");
	buf_reset(&ex);

	/* Spring Festival 2025: a weekend day off, an adjusted Sunday, the holiday. */
	sla_due(cal, T("2025-01-24 10:00"), 5 * WD, false, NULL, 0, &due, &ex);
	assert_contains(buf_str(&ex), "2025-01-25 Sat weekend: not counted\n");
	assert_contains(buf_str(&ex), "2025-01-26 Sun adjusted working day 春节调休: 00:00–24:00 counted (24 h)\n");
	assert_contains(buf_str(&ex), "2025-01-28..2025-02-04 holiday 春节: not counted\n");
	/*
	 * 01-24 Fri 14 h, 01-26 Sun 24 h, 01-27 Mon 24 h (62 h), 春节, 02-05 Wed, 02-06 Thu
	 * (110 h), 02-07 Fri the remaining 10 h -> 02-07 10:00.
	 */
	assert_contains(buf_str(&ex), "due: 2025-02-07 10:00\n");
	buf_reset(&ex);

	/* National Day 2025 with its punctuated name. */
	sla_due(cal, T("2025-09-30 12:00"), WD, false, NULL, 0, &due, &ex);
	assert_contains(buf_str(&ex), "2025-10-01..2025-10-08 holiday 国庆节、中秋节: not counted\n");
	buf_reset(&ex);

	/* A year the calendar does not cover: noted once. */
	sla_due(cal, T("2026-12-31 12:00"), 5 * WD, false, NULL, 0, &due, &ex);
	const char *note = "2027: not in the calendar; Monday to Friday assumed\n";
	assert_contains(buf_str(&ex), note);
	assert_null(strstr(strstr(buf_str(&ex), note) + 1, note));
	assert_contains(buf_str(&ex), "2027-01-02..2027-01-03 weekend: not counted\n");
	assert_contains(buf_str(&ex), "2027-01-01 Fri working day: 00:00–24:00 counted (24 h)\n");
	buf_reset(&ex);

	/* Pauses with their reasons; an open one. */
	sla_pause p[] = {
		{T("2026-09-29 14:00"), T("2026-09-29 16:00"), "waiting on the customer"},
		{T("2026-09-29 12:00"), T("2026-09-29 15:00"), "waiting for parts"},
		{T("2026-09-30 08:00"), SD_NO_TIME, "waiting for parts"},
	};
	sla_due(cal, T("2026-09-29 10:00"), WD, false, p, SD_ARRAY_LEN(p), &due, &ex);
	assert_true(due == SD_NO_TIME);
	assert_contains(buf_str(&ex), "2026-09-29 Tue working day: 10:00–12:00 counted (2 h)\n");
	assert_contains(buf_str(&ex),
		"paused 2026-09-29 12:00 – 2026-09-29 16:00 (waiting for parts; waiting on the customer): 4 h not counted\n");
	assert_contains(buf_str(&ex), "2026-09-29 Tue working day: 16:00–24:00 counted (8 h)\n");
	assert_contains(buf_str(&ex), "2026-09-30 Wed working day: 00:00–08:00 counted (8 h)\n");
	assert_contains(buf_str(&ex), "paused since 2026-09-30 08:00 (waiting for parts), still open");
	assert_contains(buf_str(&ex), "due: none while the clock is paused\n");
	buf_reset(&ex);

	/* Calendar time says so, and passes no day over. */
	sla_due(cal, T("2026-09-30 16:00"), 2 * WD, true, NULL, 0, &due, &ex);
	assert_contains(buf_str(&ex), "calendar time");
	assert_contains(buf_str(&ex), "2026-10-01 Thu holiday 国庆节: 00:00–24:00 counted (24 h)\n");
	assert_null(strstr(buf_str(&ex), "not counted"));
	assert_contains(buf_str(&ex), "due: 2026-10-02 16:00\n");
	buf_free(&ex);
	workcal_free(cal);
}

static void
test_sla_state(void **state)
{
	const sd_time due = 1000000;
	static const struct {
		sd_time due_off;      /* 0: due, 1: SD_NO_TIME */
		sd_time done;         /* offset from due, or SD_NO_TIME */
		sd_time now;          /* offset from due */
		enum sla_state want;
		const char *mark;
	} cases[] = {
		{0, 0, 500, SLA_MET, "ok"},
		{0, -30, 500, SLA_MET, "ok"},
		{0, 1, 500, SLA_MISSED, "x"},
		{0, SD_NO_TIME, -61, SLA_RUNNING, ""},
		{0, SD_NO_TIME, -60, SLA_NEAR, "!"},
		{0, SD_NO_TIME, 0, SLA_NEAR, "!"},
		{0, SD_NO_TIME, 1, SLA_OVERDUE, "!!"},
		{1, SD_NO_TIME, 0, SLA_PAUSED, "||"},
		{1, 5, 0, SLA_MET, "ok"},
	};

	(void)state;
	for (size_t i = 0; i < SD_ARRAY_LEN(cases); i++) {
		sd_time d = cases[i].due_off ? SD_NO_TIME : due;
		sd_time done = cases[i].done == SD_NO_TIME ? SD_NO_TIME : due + cases[i].done;
		enum sla_state s = sla_state(d, done, due + cases[i].now, 60);
		if (s != cases[i].want)
			fail_msg("case %zu: got %d, want %d", i, s, cases[i].want);
		assert_string_equal(sla_state_mark(s), cases[i].mark);
		assert_true(strlen(sla_state_name(s)) > 0);
	}
	assert_string_equal(sla_state_mark(SLA_NONE), "");
	assert_string_equal(sla_state_name(SLA_OVERDUE), "overdue");
	assert_string_equal(sla_clock_name(CLOCK_ONSITE), "on site");

	sla_policy p = { .d = { [CLOCK_RESPOND] = { SLA_ELAPSED, 60 }, [CLOCK_ONSITE] = { SLA_WORKHOURS, 1440 },
	                        [CLOCK_CLEAR] = { SLA_WORKDAYS, 2 } } };
	assert_int_equal(sla_budget(&p, CLOCK_RESPOND), 60);
	assert_int_equal(sla_budget(&p, CLOCK_ONSITE), 1440);
	assert_int_equal(sla_budget(&p, CLOCK_CLEAR), 2);
	p.d[CLOCK_RESPOND] = (sla_dur){ SLA_OFF, 0 };
	assert_int_equal(sla_budget(&p, CLOCK_RESPOND), 0);
}


/* ---------------------------------------------------------------- durations with units */

static void
test_sla_dur_parse(void **state)
{
	static const struct {
		const char *s;
		bool ok;
		int count;
		long amount;
		const char *canon;
	} cases[] = {
		{"30m", true, SLA_ELAPSED, 30, "30m"},
		{"90m", true, SLA_ELAPSED, 90, "90m"},
		{"120m", true, SLA_ELAPSED, 120, "2h"},
		{"2h", true, SLA_ELAPSED, 120, "2h"},
		{" 24h ", true, SLA_ELAPSED, 1440, "24h"},
		{"8wh", true, SLA_WORKHOURS, 480, "8wh"},
		{"90wm", true, SLA_WORKHOURS, 90, "90wm"},
		{"2wd", true, SLA_WORKDAYS, 2, "2wd"},
		{"366wd", true, SLA_WORKDAYS, 366, "366wd"},
		{"8784h", true, SLA_ELAPSED, 8784 * 60, "8784h"},
		{"off", true, SLA_OFF, 0, "off"},
		{"0", true, SLA_OFF, 0, "off"},
		{"", false, 0, 0, NULL},
		{"h", false, 0, 0, NULL},
		{"2", false, 0, 0, NULL},
		{"2d", false, 0, 0, NULL},
		{"-1h", false, 0, 0, NULL},
		{"0h", false, 0, 0, NULL},
		{"1.5h", false, 0, 0, NULL},
		{"2hh", false, 0, 0, NULL},
		{"2 h", false, 0, 0, NULL},
		{"367wd", false, 0, 0, NULL},
		{"8785h", false, 0, 0, NULL},
		{"99999999m", false, 0, 0, NULL},
		{"OFF", false, 0, 0, NULL},
	};

	(void)state;
	for (size_t i = 0; i < SD_ARRAY_LEN(cases); i++) {
		sla_dur d = { -1, -1 };
		char f[24];
		bool ok = sla_dur_parse(cases[i].s, &d);
		if (ok != cases[i].ok)
			fail_msg("case %zu \"%s\": got %d", i, cases[i].s, ok);
		if (!ok)
			continue;
		if (d.count != cases[i].count || d.amount != cases[i].amount)
			fail_msg("case %zu \"%s\": got %d/%ld", i, cases[i].s, d.count, d.amount);
		sla_dur_format(d, f, sizeof f);
		assert_string_equal(f, cases[i].canon);
	}

	sla_hours h;
	char hs[16];
	assert_true(sla_hours_parse("08:30-17:30", &h));
	assert_int_equal(h.open, 510);
	assert_int_equal(h.close, 1050);
	sla_hours_format(h, hs);
	assert_string_equal(hs, "08:30-17:30");
	assert_true(sla_hours_parse("00:00-24:00", &h));
	sla_hours_format(h, hs);
	assert_string_equal(hs, "");
	assert_false(sla_hours_parse("17:30-08:30", &h));
	assert_false(sla_hours_parse("09:00-09:00", &h));
	assert_false(sla_hours_parse("8:30-17:30", &h));
	assert_false(sla_hours_parse("08:60-17:30", &h));
	assert_false(sla_hours_parse("08:30-24:30", &h));
	assert_false(sla_hours_parse("08:30", &h));
	assert_false(sla_hours_parse("", &h));
}

struct dur_case {
	const char *start;
	const char *dur;
	const char *hours;    /* office hours, NULL: all day */
	const char *due;
	const char *why;      /* worked out by hand */
};

static void
check_dur(const workcal *cal, const struct dur_case *c, const sla_pause *p, size_t np, size_t i)
{
	sla_dur d;
	sla_hours h = SLA_ALL_DAY;
	sd_time due, due2;
	char got[17];
	buf ex = {0};

	if (!sla_dur_parse(c->dur, &d))
		fail_msg("case %zu: bad duration %s", i, c->dur);
	if (c->hours && !sla_hours_parse(c->hours, &h))
		fail_msg("case %zu: bad hours %s", i, c->hours);
	sla_due_dur(cal, &h, T(c->start), d, p, np, &due, &ex);
	time_format(due, got);
	if (due == SD_NO_TIME || strcmp(got, c->due) != 0)
		fail_msg("case %zu (%s): got %s, want %s\n%s", i, c->why,
		         due == SD_NO_TIME ? "none" : got, c->due, buf_str(&ex));
	sla_due_dur(cal, &h, T(c->start), d, p, np, &due2, NULL);
	assert_true(due2 == due);
	buf_free(&ex);
}

static void
test_sla_due_units(void **state)
{
	static const struct dur_case cases[] = {
		/* round the clock: holidays count */
		{"2026-02-14 17:50", "30m", NULL, "2026-02-14 18:20", "30 min on an adjusted Saturday"},
		{"2026-02-15 23:00", "2h", NULL, "2026-02-16 01:00", "Spring Festival counts round the clock"},
		{"2025-09-30 17:00", "24h", NULL, "2025-10-01 17:00", "on site in 24 h over National Day"},
		{"2025-09-30 17:00", "8wh", "08:30-17:30", "2025-10-09 16:00",
		 "17:00-17:30 on 9-30, then 7 h 30 min from 08:30 on 10-09 after the holiday"},
		/* working days: the same time on the Nth working day after */
		{"2026-02-13 10:00", "2wd", NULL, "2026-02-24 10:00",
		 "Fri; 1st: Sat 2-14 (adjusted), 2nd: Tue 2-24 after the holiday"},
		{"2026-02-14 15:00", "1wd", NULL, "2026-02-24 15:00", "from the adjusted Saturday over the holiday"},
		{"2026-02-15 09:00", "2wd", NULL, "2026-02-25 09:00", "received on the holiday: 2-24 and 2-25"},
		{"2026-02-26 11:00", "3wd", NULL, "2026-03-02 11:00", "Fri 2-27, Sat 2-28 (adjusted), Mon 3-2"},
		{"2025-09-30 17:00", "2wd", NULL, "2025-10-10 17:00", "10-09 and 10-10 after National Day"},
		{"2025-09-30 17:00", "3wd", NULL, "2025-10-11 17:00", "the 3rd is the adjusted Saturday 10-11"},
		{"2025-09-27 10:00", "1wd", NULL, "2025-09-28 10:00", "Sat; the adjusted Sunday 9-28 is the 1st"},
		{"2025-10-03 00:00", "1wd", NULL, "2025-10-09 00:00", "received at midnight on the holiday"},
		/* working hours, all day and inside office hours */
		{"2026-02-13 20:00", "8wh", NULL, "2026-02-14 04:00", "4 h on Fri, 4 h on the adjusted Saturday"},
		{"2026-02-13 15:00", "8wh", "08:30-17:30", "2026-02-14 14:00",
		 "15:00-17:30 Fri, 08:30-14:00 on the adjusted Saturday"},
		{"2026-02-14 16:00", "16wh", "08:30-17:30", "2026-02-25 14:00",
		 "1 h 30 min Sat, 9 h Tue 2-24, 5 h 30 min Wed"},
		{"2026-02-24 07:00", "1wh", "08:30-17:30", "2026-02-24 09:30", "before opening: from 08:30"},
		{"2026-02-24 08:30", "9wh", "08:30-17:30", "2026-02-24 17:30", "a whole office day ends at closing"},
		{"2026-02-24 18:00", "30wm", "08:30-17:30", "2026-02-25 09:00", "after closing: next morning"},
		{"2025-09-30 17:00", "24wh", NULL, "2025-10-09 17:00", "the old working-day counting"},
	};
	workcal *cal = builtin();

	(void)state;
	for (size_t i = 0; i < SD_ARRAY_LEN(cases); i++)
		check_dur(cal, &cases[i], NULL, 0, i);

	/* An off commitment has no due time and no explanation. */
	sd_time due = 0;
	buf ex = {0};
	sla_due_dur(cal, NULL, T("2026-02-24 08:30"), (sla_dur){ SLA_OFF, 0 }, NULL, 0, &due, &ex);
	assert_true(due == SD_NO_TIME);
	assert_int_equal(ex.len, 0);

	/* Pauses across a holiday. */
	{
		/* 2wd from Mon 9-29 10:00, paused 9-30 12:00 to 10-09 12:00: 12 h of 9-30 and
		 * 12 h of 10-09 were working time paused, so the due moves a working day on. */
		sla_pause p[] = { { T("2025-09-30 12:00"), T("2025-10-09 12:00"), "等备件" } };
		struct dur_case c = {"2025-09-29 10:00", "2wd", NULL, "2025-10-10 10:00", "paused over National Day"};
		check_dur(cal, &c, p, 1, 100);
		/* 8wh office hours from Fri 2-13 16:00, paused 17:00 Fri to 10:00 on 2-24: 1 h Fri,
		 * 7 h from 10:00 Tue = 17:00. The adjusted Saturday is paused whole. */
		struct dur_case c2 = {"2026-02-13 16:00", "8wh", "08:30-17:30", "2026-02-24 17:00",
		                      "paused across Spring Festival"};
		sla_pause p2[] = { { T("2026-02-13 17:00"), T("2026-02-24 10:00"), "等用户" } };
		check_dur(cal, &c2, p2, 1, 101);
		/* 1h round the clock from 23:30, paused 23:45 to 08:00 on the holiday: 08:45. */
		struct dur_case c3 = {"2026-02-14 23:30", "1h", NULL, "2026-02-15 08:45", "paused into the holiday"};
		sla_pause p3[] = { { T("2026-02-14 23:45"), T("2026-02-15 08:00"), "等用户" } };
		check_dur(cal, &c3, p3, 1, 102);
	}

	/* The explanation names the counting and the office hours. */
	sla_dur d;
	sla_hours h;
	assert_true(sla_dur_parse("8wh", &d));
	assert_true(sla_hours_parse("08:30-17:30", &h));
	sla_due_dur(cal, &h, T("2026-02-13 15:00"), d, NULL, 0, &due, &ex);
	assert_contains(buf_str(&ex), "08:30–17:30");
	assert_contains(buf_str(&ex), "2026-02-13 Fri working day: 15:00–17:30 counted (2 h 30 min)");
	assert_contains(buf_str(&ex), "adjusted working day 春节调休: 08:30–14:00 counted (5 h 30 min)");
	assert_contains(buf_str(&ex), "due: 2026-02-14 14:00");
	buf_reset(&ex);
	assert_true(sla_dur_parse("30m", &d));
	sla_due_dur(cal, NULL, T("2026-02-16 10:00"), d, NULL, 0, &due, &ex);
	assert_contains(buf_str(&ex), "round the clock");
	assert_contains(buf_str(&ex), "10:00–10:30 counted (30 min)");
	buf_reset(&ex);
	assert_true(sla_dur_parse("2wd", &d));
	sla_due_dur(cal, NULL, T("2026-02-13 10:00"), d, NULL, 0, &due, &ex);
	assert_contains(buf_str(&ex), "(2026-02-24 10:00)");
	assert_contains(buf_str(&ex), "2026-02-15..2026-02-23 holiday 春节: not counted");
	buf_free(&ex);
	workcal_free(cal);
}

/* ---------------------------------------------------------------- warranty */

#define NONE SD_DATE_NONE

struct wcase {
	const char *commissioned, *accepted;   /* NULL: not known */
	warranty_downtime dt[4];
	size_t ndt;
	const char *on;
	const char *end;                       /* NULL: unknown */
	int downtime_days;
	int tier;
	const char *tier_end;                  /* NULL: open-ended */
	const char *why;
};

static sd_date
Dn(const char *s)
{
	return s ? D(s) : NONE;
}

static void
test_warranty_status(void **state)
{
#define DT(a, b) {D(a), D(b)}
	struct wcase cases[] = {
		/* Commissioning decides: 2025-03-10 + 12 = 2026-03-10 < 2025-01-05 + 18 = 2026-07-05. */
		{"2025-03-10", "2025-01-05", {{0}}, 0, "2026-01-01", "2026-03-10", 0, TIER_WARRANTY,
		 "2026-03-10", "commissioning decides"},
		/* Acceptance decides: 2025-08-20 + 12 = 2026-08-20 > 2025-01-05 + 18 = 2026-07-05. */
		{"2025-08-20", "2025-01-05", {{0}}, 0, "2026-07-05", "2026-07-05", 0, TIER_WARRANTY,
		 "2026-07-05", "acceptance decides"},
		/* 2026-07-06 is the first day of tier 1, which ends 2 years later: 2028-07-05. */
		{"2025-08-20", "2025-01-05", {{0}}, 0, "2026-07-06", "2026-07-05", 0, TIER_1,
		 "2028-07-05", "acceptance decides, the day after"},
		/* Only commissioning: 2024-02-29 + 12 = 2025-02-28. */
		{"2024-02-29", NULL, {{0}}, 0, "2025-02-28", "2025-02-28", 0, TIER_WARRANTY,
		 "2025-02-28", "only commissioning"},
		/* Only acceptance: 2024-01-31 + 18 = 2025-07-31. */
		{NULL, "2024-01-31", {{0}}, 0, "2025-08-01", "2025-07-31", 0, TIER_1,
		 "2027-07-31", "only acceptance"},
		/* Neither: unknown. */
		{NULL, NULL, {{0}}, 0, "2025-08-01", NULL, 0, TIER_UNKNOWN, NULL, "nothing known"},
		{NULL, NULL, {DT("2025-01-01", "2025-01-10")}, 1, "2025-08-01", NULL, 0, TIER_UNKNOWN,
		 NULL, "nothing known, downtime ignored"},
		/* Downtime 01-02..01-13 = 12 days: 2026-03-10 + 12 = 2026-03-22. */
		{"2025-03-10", "2025-01-05", {DT("2026-01-02", "2026-01-13")}, 1, "2026-03-22",
		 "2026-03-22", 12, TIER_WARRANTY, "2026-03-22", "downtime extends"},
		{"2025-03-10", "2025-01-05", {DT("2026-01-02", "2026-01-13")}, 1, "2026-03-23",
		 "2026-03-22", 12, TIER_1, "2028-03-22", "downtime extends, the day after"},
		/*
		 * A span that starts before the end (03-05) and runs past it (03-20): all 16 days,
		 * end 2026-03-26; then 03-25..03-27 (after the first end, before the extended
		 * one): 3 days more, 2026-03-29; 04-10..04-12 starts after 03-29: not added.
		 */
		{"2025-03-10", NULL,
		 {DT("2026-04-10", "2026-04-12"), DT("2026-03-25", "2026-03-27"), DT("2026-03-05", "2026-03-20")},
		 3, "2026-03-29", "2026-03-29", 19, TIER_WARRANTY, "2026-03-29", "extension brings a second span"},
		/* Starting on the end day itself counts (1 day); starting the day after does not. */
		{"2025-03-10", NULL, {DT("2026-03-10", "2026-03-10")}, 1, "2026-03-11", "2026-03-11", 1,
		 TIER_WARRANTY, "2026-03-11", "downtime on the last day"},
		{"2025-03-10", NULL, {DT("2026-03-11", "2026-03-12")}, 1, "2026-03-11", "2026-03-10", 0,
		 TIER_1, "2028-03-10", "downtime after the end"},
		/* Downtime wholly before the warranty began (accepted 2024-06-01) adds nothing. */
		{NULL, "2024-06-01", {DT("2020-01-01", "2020-12-31")}, 1, "2025-12-01", "2025-12-01", 0,
		 TIER_WARRANTY, "2025-12-01", "downtime before the warranty began"},
		/* A span across the start counts from the start: 06-01..06-10 = 10 days. */
		{NULL, "2024-06-01", {DT("2024-05-20", "2024-06-10")}, 1, "2025-12-11", "2025-12-11", 10,
		 TIER_WARRANTY, "2025-12-11", "downtime across the start"},
		/* The start is the earlier date: commissioning 2024-05-01 before acceptance. */
		{"2024-05-01", "2024-06-01", {DT("2024-05-20", "2024-05-21")}, 1, "2025-05-03", "2025-05-03", 2,
		 TIER_WARRANTY, "2025-05-03", "downtime after commissioning, before acceptance"},
		/* Month ends: 2024-02-29 + 12 months = 2025-02-28; 2024-01-31 + 1 month would be 02-29. */
		{"2024-02-29", NULL, {{0}}, 0, "2025-03-01", "2025-02-28", 0, TIER_1, "2027-02-28",
		 "29 Feb commissioning, the day after the end"},
		/* Overlapping spans count each day once: 01-02..01-15 = 14 days -> 2026-03-24. */
		{"2025-03-10", NULL, {DT("2026-01-10", "2026-01-15"), DT("2026-01-02", "2026-01-13")}, 2,
		 "2026-03-24", "2026-03-24", 14, TIER_WARRANTY, "2026-03-24", "overlapping downtime"},
		/* Tier boundaries with the end 2026-03-10: tier 1 to 2028-03-10, tier 2 to 2029-03-10. */
		{"2025-03-10", NULL, {{0}}, 0, "2026-03-10", "2026-03-10", 0, TIER_WARRANTY, "2026-03-10", "last day of warranty"},
		{"2025-03-10", NULL, {{0}}, 0, "2026-03-11", "2026-03-10", 0, TIER_1, "2028-03-10", "first day of tier 1"},
		{"2025-03-10", NULL, {{0}}, 0, "2028-03-10", "2026-03-10", 0, TIER_1, "2028-03-10", "last day of tier 1"},
		{"2025-03-10", NULL, {{0}}, 0, "2028-03-11", "2026-03-10", 0, TIER_2, "2029-03-10", "first day of tier 2"},
		{"2025-03-10", NULL, {{0}}, 0, "2029-03-10", "2026-03-10", 0, TIER_2, "2029-03-10", "last day of tier 2"},
		{"2025-03-10", NULL, {{0}}, 0, "2029-03-11", "2026-03-10", 0, TIER_3, NULL, "first day of tier 3"},
		{"2025-03-10", NULL, {{0}}, 0, "2024-01-01", "2026-03-10", 0, TIER_WARRANTY, "2026-03-10", "before commissioning"},
		/*
		 * End on 29 February: acceptance 2022-08-31 + 18 = 2024-02-29; tier 1 to
		 * 2024-02-29 + 24 months = 2026-02-28; tier 2 to + 36 months = 2027-02-28.
		 */
		{NULL, "2022-08-31", {{0}}, 0, "2024-02-29", "2024-02-29", 0, TIER_WARRANTY, "2024-02-29", "29 Feb end"},
		{NULL, "2022-08-31", {{0}}, 0, "2024-03-01", "2024-02-29", 0, TIER_1, "2026-02-28", "29 Feb end, tier 1"},
		{NULL, "2022-08-31", {{0}}, 0, "2026-03-01", "2024-02-29", 0, TIER_2, "2027-02-28", "29 Feb end, tier 2"},
		{NULL, "2022-08-31", {{0}}, 0, "2027-03-01", "2024-02-29", 0, TIER_3, NULL, "29 Feb end, tier 3"},
	};
#undef DT
	warranty_terms terms;

	(void)state;
	warranty_default_terms(&terms);
	for (size_t i = 0; i < SD_ARRAY_LEN(cases); i++) {
		warranty_equipment e = {Dn(cases[i].commissioned), Dn(cases[i].accepted),
		                        cases[i].dt, cases[i].ndt, 0, WARRANTY_FROM_EITHER};
		warranty_status st;
		buf ex = {0};
		char got[11];
		warranty_status_on(&terms, &e, D(cases[i].on), &st, &ex);
		if (cases[i].end == NULL) {
			assert_true(st.end == NONE);
		} else {
			date_format(st.end, got);
			if (st.end == NONE || strcmp(got, cases[i].end) != 0)
				fail_msg("case %zu (%s): end %s, want %s\n%s", i, cases[i].why, got,
				         cases[i].end, buf_str(&ex));
		}
		if (st.downtime_days != cases[i].downtime_days)
			fail_msg("case %zu (%s): downtime %d, want %d", i, cases[i].why, st.downtime_days,
			         cases[i].downtime_days);
		if (st.tier != cases[i].tier)
			fail_msg("case %zu (%s): tier %d, want %d", i, cases[i].why, st.tier, cases[i].tier);
		if (cases[i].tier_end == NULL) {
			assert_true(st.tier_end == NONE);
		} else {
			date_format(st.tier_end, got);
			if (strcmp(got, cases[i].tier_end) != 0)
				fail_msg("case %zu (%s): tier end %s, want %s", i, cases[i].why, got,
				         cases[i].tier_end);
		}
		for (int c = 0; c < COST_COUNT; c++)
			assert_int_equal(st.charged[c], terms.charged[st.tier][c]);
		/* Without an explanation the outcome is the same. */
		warranty_status st2;
		warranty_status_on(&terms, &e, D(cases[i].on), &st2, NULL);
		assert_memory_equal(&st, &st2, sizeof st);
		buf_free(&ex);
	}
}

static void
test_warranty_costs(void **state)
{
	/* Per tier: labour, travel, lodging, parts charged? */
	static const struct {
		int tier;
		bool charged[COST_COUNT];
	} cases[] = {
		{TIER_WARRANTY, {false, false, false, false}},
		{TIER_1, {false, false, false, true}},
		{TIER_2, {false, true, true, true}},
		{TIER_3, {true, true, true, true}},
		{TIER_UNKNOWN, {true, true, true, true}},
	};
	static const char *const on[TIER_COUNT] = {
		[TIER_UNKNOWN] = "2026-01-01", [TIER_WARRANTY] = "2026-01-01",
		[TIER_1] = "2027-01-01", [TIER_2] = "2028-06-01", [TIER_3] = "2030-01-01",
	};
	warranty_terms terms;

	(void)state;
	warranty_default_terms(&terms);
	assert_int_equal(terms.commission_months, 12);
	assert_int_equal(terms.acceptance_months, 18);
	assert_int_equal(terms.tier_years[TIER_1], 2);
	assert_int_equal(terms.tier_years[TIER_2], 1);
	for (size_t i = 0; i < SD_ARRAY_LEN(cases); i++) {
		int tier = cases[i].tier;
		warranty_equipment e = {tier == TIER_UNKNOWN ? NONE : D("2025-03-10"), NONE, NULL, 0, 0, WARRANTY_FROM_EITHER};
		warranty_status st;
		warranty_status_on(&terms, &e, D(on[tier]), &st, NULL);
		assert_int_equal(st.tier, tier);
		for (int c = 0; c < COST_COUNT; c++) {
			assert_int_equal(terms.charged[tier][c], cases[i].charged[c]);
			if (st.charged[c] != cases[i].charged[c])
				fail_msg("tier %s, %s: got %d", warranty_tier_code(tier), warranty_cost_code(c),
				         st.charged[c]);
		}
	}

	/* Configured terms: 6 months, no tier 1, labour charged in tier 2. */
	terms.commission_months = 6;
	terms.tier_years[TIER_1] = 0;
	terms.charged[TIER_2][COST_LABOUR] = true;
	warranty_equipment e = {D("2025-03-10"), NONE, NULL, 0, 0, WARRANTY_FROM_EITHER};
	warranty_status st;
	/* 2025-03-10 + 6 = 2025-09-10; no tier 1; tier 2 to 2026-09-10. */
	warranty_status_on(&terms, &e, D("2025-09-11"), &st, NULL);
	assert_int_equal(st.tier, TIER_2);
	assert_true(st.tier_end == D("2026-09-10"));
	assert_true(st.charged[COST_LABOUR]);
}

static void
test_warranty_explain(void **state)
{
	warranty_terms terms;
	warranty_downtime dt[] = {{D("2026-01-02"), D("2026-01-13")}};
	warranty_equipment e = {D("2025-03-10"), D("2025-01-05"), dt, 1, 0, WARRANTY_FROM_EITHER};
	warranty_status st;
	buf ex = {0};

	(void)state;
	warranty_default_terms(&terms);
	warranty_status_on(&terms, &e, D("2026-04-01"), &st, &ex);
	assert_contains(buf_str(&ex), "commissioning 2025-03-10 + 12 months = 2026-03-10\n");
	assert_contains(buf_str(&ex), "arrival acceptance 2025-01-05 + 18 months = 2026-07-05\n");
	assert_contains(buf_str(&ex), "the earlier: 2026-03-10\n");
	assert_contains(buf_str(&ex), "+ 12 days of downtime (2026-01-02..2026-01-13) = 2026-03-22\n");
	assert_contains(buf_str(&ex), "tier 1 (2026-03-23..2028-03-22");
	assert_contains(buf_str(&ex), "labour: free\n");
	assert_contains(buf_str(&ex), "parts: charged\n");
	buf_reset(&ex);

	/* Only acceptance known; a downtime span too late to count. */
	warranty_downtime late[] = {{D("2026-08-01"), D("2026-08-05")}};
	warranty_equipment e2 = {NONE, D("2025-01-05"), late, 1, 0, WARRANTY_FROM_EITHER};
	warranty_status_on(&terms, &e2, D("2026-07-05"), &st, &ex);
	assert_contains(buf_str(&ex), "commissioning not known: arrival acceptance decides\n");
	assert_contains(buf_str(&ex), "downtime 2026-08-01..2026-08-05 starts after the warranty end 2026-07-05: not added\n");
	assert_contains(buf_str(&ex), "in warranty (until 2026-07-05)");
	buf_reset(&ex);

	warranty_equipment e3 = {NONE, NONE, NULL, 0, 0, WARRANTY_FROM_EITHER};
	warranty_status_on(&terms, &e3, D("2026-07-05"), &st, &ex);
	assert_contains(buf_str(&ex), "warranty unknown");
	assert_contains(buf_str(&ex), "travel: charged\n");
	buf_free(&ex);
}

/* The equipment's own terms: months and the dates counted from. */
static void
test_warranty_own_terms(void **state)
{
	static const struct {
		const char *commissioned, *accepted;
		int months, from;
		const char *end;            /* NULL: unknown */
		const char *why;
	} cases[] = {
		/* Defaults: commissioning 2025-03-10 + 12 = 2026-03-10; acceptance 2025-01-05 + 18 = 2026-07-05. */
		{"2025-03-10", "2025-01-05", 0, WARRANTY_FROM_EITHER, "2026-03-10", "site terms, the earlier"},
		/* 24 months from each: 2027-03-10 and 2027-01-05; the earlier 2027-01-05. */
		{"2025-03-10", "2025-01-05", 24, WARRANTY_FROM_EITHER, "2027-01-05", "24 months, the earlier"},
		/* Seed 004: one year from acceptance only: 2025-01-05 + 12 = 2026-01-05. */
		{"2025-03-10", "2025-01-05", 12, WARRANTY_FROM_ACCEPTED, "2026-01-05", "12 months from acceptance"},
		/* From acceptance only with the site's 18 months: 2026-07-05 (commissioning not used). */
		{"2025-03-10", "2025-01-05", 0, WARRANTY_FROM_ACCEPTED, "2026-07-05", "site months from acceptance"},
		/* From commissioning only, 18 months: 2025-03-10 + 18 = 2026-09-10. */
		{"2025-03-10", "2025-01-05", 18, WARRANTY_FROM_COMMISSIONED, "2026-09-10", "18 months from commissioning"},
		/* Month end kept: 2023-08-31 + 6 = 2024-02-29; + 18 = 2025-02-28. */
		{"2023-08-31", NULL, 6, WARRANTY_FROM_EITHER, "2024-02-29", "month end, leap year"},
		{NULL, "2023-08-31", 18, WARRANTY_FROM_ACCEPTED, "2025-02-28", "month end"},
		/* From acceptance only, acceptance unknown: unknown, commissioning does not step in. */
		{"2025-03-10", NULL, 12, WARRANTY_FROM_ACCEPTED, NULL, "acceptance only, not known"},
		{NULL, "2025-01-05", 0, WARRANTY_FROM_COMMISSIONED, NULL, "commissioning only, not known"},
	};
	warranty_terms terms;

	(void)state;
	warranty_default_terms(&terms);
	for (size_t i = 0; i < SD_ARRAY_LEN(cases); i++) {
		warranty_equipment e = {Dn(cases[i].commissioned), Dn(cases[i].accepted), NULL, 0,
		                        cases[i].months, cases[i].from};
		warranty_status st;
		buf ex = {0};
		char got[11] = "";

		warranty_status_on(&terms, &e, D("2026-01-05"), &st, &ex);
		if (st.end != NONE)
			date_format(st.end, got);
		if (cases[i].end == NULL ? st.end != NONE : strcmp(got, cases[i].end) != 0)
			fail_msg("case %zu (%s): end %s, want %s\n%s", i, cases[i].why, got,
			         cases[i].end ? cases[i].end : "unknown", buf_str(&ex));
		buf_free(&ex);
	}

	/* The explanation says where the months came from; the end day itself is in warranty. */
	warranty_equipment e = {D("2025-03-10"), D("2025-01-05"), NULL, 0, 12, WARRANTY_FROM_ACCEPTED};
	warranty_status st;
	buf ex = {0};
	warranty_status_on(&terms, &e, D("2026-01-05"), &st, &ex);
	assert_int_equal(st.tier, TIER_WARRANTY);
	assert_contains(buf_str(&ex), "this equipment's warranty: 12 months\n");
	assert_contains(buf_str(&ex), "counted from arrival acceptance only\n");
	assert_contains(buf_str(&ex), "arrival acceptance 2025-01-05 + 12 months = 2026-01-05\n");
	assert_true(strstr(buf_str(&ex), "commissioning 2025") == NULL);
	warranty_status_on(&terms, &e, D("2026-01-06"), &st, NULL);
	assert_int_equal(st.tier, TIER_1);
	buf_free(&ex);

	assert_int_equal(warranty_from_parse("accepted"), WARRANTY_FROM_ACCEPTED);
	assert_int_equal(warranty_from_parse("commissioned"), WARRANTY_FROM_COMMISSIONED);
	assert_int_equal(warranty_from_parse("either"), WARRANTY_FROM_EITHER);
	assert_int_equal(warranty_from_parse("delivered"), -1);
}

static void
test_warranty_names(void **state)
{
	static const struct {
		const char *s;
		int cost;
	} cases[] = {
		{"labour", COST_LABOUR}, {"LABOUR", COST_LABOUR}, {"人工费", COST_LABOUR},
		{"工时费", COST_LABOUR}, {"travel", COST_TRAVEL}, {"差旅费", COST_TRAVEL},
		{"交通费", COST_TRAVEL}, {"lodging", COST_LODGING}, {"住宿费", COST_LODGING},
		{"parts", COST_PARTS}, {" parts ", COST_PARTS}, {"配件费", COST_PARTS},
		{"备件费", COST_PARTS}, {"x", -1}, {"", -1}, {"part", -1}, {"费", -1},
	};

	(void)state;
	for (size_t i = 0; i < SD_ARRAY_LEN(cases); i++)
		if (warranty_cost_parse(cases[i].s) != cases[i].cost)
			fail_msg("\"%s\": got %d", cases[i].s, warranty_cost_parse(cases[i].s));
	assert_int_equal(warranty_cost_parse(NULL), -1);
	for (int c = 0; c < COST_COUNT; c++)
		assert_int_equal(warranty_cost_parse(warranty_cost_code(c)), c);
	assert_string_equal(warranty_tier_code(TIER_1), "tier1");
	assert_string_equal(warranty_tier_code(TIER_WARRANTY), "warranty");
	assert_string_equal(warranty_tier_code(TIER_UNKNOWN), "unknown");
	assert_string_equal(warranty_cost_name(COST_LODGING), "lodging");
}

/* The cause's rule alone: the tier decides, except outside the maker's responsibility. */
static void
test_warranty_cause(void **state)
{
	warranty_status ws;
	bool by;

	(void)state;
	memset(&ws, 0, sizeof ws);
	ws.charged[COST_PARTS] = true;     /* tier 1: parts charged, labour free */
	assert_false(warranty_charged_for_cause(&ws, COST_LABOUR, true, &by));
	assert_false(by);
	assert_true(warranty_charged_for_cause(&ws, COST_LABOUR, false, &by));
	assert_true(by);
	assert_true(warranty_charged_for_cause(&ws, COST_PARTS, true, &by));
	assert_false(by);
	assert_true(warranty_charged_for_cause(&ws, COST_PARTS, false, &by));
	assert_false(by);                  /* the tier charged it anyway */
	/* equipment unknown: charged, not by the cause */
	assert_true(warranty_charged_for_cause(NULL, COST_TRAVEL, false, &by));
	assert_false(by);
	assert_true(warranty_charged_for_cause(NULL, COST_TRAVEL, true, NULL));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_warranty_cause),
		cmocka_unit_test(test_money_parse),
		cmocka_unit_test(test_money_format),
		cmocka_unit_test(test_date_ymd),
		cmocka_unit_test(test_date_days_in_month),
		cmocka_unit_test(test_date_add_months),
		cmocka_unit_test(test_date_parse_format),
		cmocka_unit_test(test_time_parse_format),
		cmocka_unit_test(test_duration_format),
		cmocka_unit_test(test_workcal_errors),
		cmocka_unit_test(test_workcal_parse),
		cmocka_unit_test(test_workcal_builtin),
		cmocka_unit_test(test_workcal_load_missing),
		cmocka_unit_test(test_sla_due_working_days),
		cmocka_unit_test(test_sla_due_pauses),
		cmocka_unit_test(test_sla_explain),
		cmocka_unit_test(test_sla_state),
		cmocka_unit_test(test_sla_dur_parse),
		cmocka_unit_test(test_sla_due_units),
		cmocka_unit_test(test_warranty_status),
		cmocka_unit_test(test_warranty_costs),
		cmocka_unit_test(test_warranty_explain),
		cmocka_unit_test(test_warranty_own_terms),
		cmocka_unit_test(test_warranty_names),
	};

	if (!setlocale(LC_ALL, "C.UTF-8")) {
		fprintf(stderr, "test_rules: the C.UTF-8 locale is missing\n");
		return 77;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
