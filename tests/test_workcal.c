/*
 * test_workcal.c — the working-day calendar read from an iCalendar file of
 * public holidays and adjusted working days (workcal.c), and its last day.
 *
 * tests/data/holidays-cn-2026.ics writes the State Council's 2026
 * arrangement the ways calendar feeds do: SUMMARY marks (休)/(班) in ASCII and
 * full-width brackets, DESCRIPTION 休/班, Apple's X-APPLE-SPECIAL-DAY, a
 * folded line, CRLF line ends, a festival that is not a day off, and a day
 * listed twice. It must give exactly the built-in calendar's 2026.
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
#include "workcal.h"

static sd_date
D(const char *s)
{
	sd_date d;

	assert_true(date_parse(s, &d));
	return d;
}

static void
test_ics_feed_equals_builtin(void **state)
{
	const char *top = getenv("top_srcdir");
	char path[1024];
	workcal *ics, *builtin;
	sd_err err;
	const char *name;

	(void)state;
	snprintf(path, sizeof path, "%s/tests/data/holidays-cn-2026.ics", top ? top : ".");
	assert_int_equal(workcal_load(path, &ics, &err), SD_OK);
	assert_int_equal(workcal_parse("builtin", workcal_builtin_text(), &builtin, &err), SD_OK);

	/* the years covered are those with events */
	assert_true(workcal_covers(ics, 2026));
	assert_false(workcal_covers(ics, 2025));
	assert_false(workcal_covers(ics, 2027));
	assert_int_equal(workcal_last_day(ics), D("2026-12-31"));

	/* every day of 2026, and the day's kind, as the built-in calendar says */
	for (sd_date d = D("2026-01-01"); d <= D("2026-12-31"); d++) {
		char ds[11];
		date_format(d, ds);
		if (workcal_day(ics, d, NULL) != workcal_day(builtin, d, NULL))
			fail_msg("%s: the feed says %d, the built-in calendar %d", ds,
			         (int)workcal_day(ics, d, NULL), (int)workcal_day(builtin, d, NULL));
	}
	/* names without their marks; the folded SUMMARY joined again */
	assert_int_equal(workcal_day(ics, D("2026-02-17"), &name), DAY_HOLIDAY);
	assert_string_equal(name, "春节");
	assert_int_equal(workcal_day(ics, D("2026-01-04"), &name), DAY_ADJUSTED_WORK);
	assert_string_equal(name, "元旦");
	assert_int_equal(workcal_day(ics, D("2026-04-05"), &name), DAY_HOLIDAY);
	assert_string_equal(name, "清明节");
	/* a festival that is not a day off is left out */
	assert_int_equal(workcal_day(ics, D("2026-01-26"), &name), DAY_WORK);
	assert_null(name);
	/* the day listed twice keeps its first listing */
	assert_int_equal(workcal_day(ics, D("2026-10-01"), &name), DAY_HOLIDAY);
	assert_string_equal(name, "国庆节");
	workcal_free(ics);
	workcal_free(builtin);
}

static void
test_ics_forms(void **state)
{
	workcal *cal;
	sd_err err;
	const char *name;

	(void)state;
	/* LF line ends, DTEND missing (one day), DURATION in days, DATE-TIME values */
	assert_int_equal(workcal_parse("feed.ics",
		"BEGIN:VCALENDAR\n"
		"BEGIN:VEVENT\nDTSTART;VALUE=DATE:20270101\nSUMMARY:元旦(休)\nEND:VEVENT\n"
		"BEGIN:VEVENT\nDTSTART;VALUE=DATE:20270206\nDURATION:P3D\nSUMMARY:春节\\, 初一至初三(休)\nEND:VEVENT\n"
		"BEGIN:VEVENT\nDTSTART:20270130T000000\nDTEND:20270131T000000\nDESCRIPTION:班\nSUMMARY:春节调休\nEND:VEVENT\n"
		"END:VCALENDAR\n", &cal, &err), SD_OK);
	assert_true(workcal_covers(cal, 2027));
	assert_int_equal(workcal_day(cal, D("2027-01-01"), NULL), DAY_HOLIDAY);
	assert_int_equal(workcal_day(cal, D("2027-01-02"), NULL), DAY_WEEKEND);
	assert_int_equal(workcal_day(cal, D("2027-02-05"), NULL), DAY_WORK);
	assert_int_equal(workcal_day(cal, D("2027-02-06"), &name), DAY_HOLIDAY);
	assert_string_equal(name, "春节, 初一至初三");
	assert_int_equal(workcal_day(cal, D("2027-02-08"), NULL), DAY_HOLIDAY);
	assert_int_equal(workcal_day(cal, D("2027-02-09"), NULL), DAY_WORK);
	assert_int_equal(workcal_day(cal, D("2027-01-30"), NULL), DAY_ADJUSTED_WORK);
	assert_int_equal(workcal_last_day(cal), D("2027-12-31"));
	workcal_free(cal);

	/* an event that runs into the next year covers both years */
	assert_int_equal(workcal_parse("feed.ics",
		"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20261231\r\n"
		"DTEND;VALUE=DATE:20270102\r\nX-APPLE-SPECIAL-DAY:WORK-HOLIDAY\r\nSUMMARY:元旦\r\n"
		"END:VEVENT\r\nEND:VCALENDAR\r\n", &cal, &err), SD_OK);
	assert_true(workcal_covers(cal, 2026));
	assert_true(workcal_covers(cal, 2027));
	assert_int_equal(workcal_day(cal, D("2027-01-01"), NULL), DAY_HOLIDAY);
	assert_int_equal(workcal_day(cal, D("2027-01-02"), NULL), DAY_WEEKEND);
	workcal_free(cal);
}

static void
test_ics_errors(void **state)
{
	workcal *cal;
	sd_err err;

	(void)state;
	/* a feed with nothing a calendar can use */
	assert_int_equal(workcal_parse("empty.ics",
		"BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20270126\nSUMMARY:腊八节\nEND:VEVENT\n"
		"END:VCALENDAR\n", &cal, &err), SD_DATAERR);
	assert_null(cal);
	assert_non_null(strstr(err.msg, "empty.ics"));

	/* a worked day that is not a weekend day: the line of its event */
	assert_int_equal(workcal_parse("bad.ics",
		"BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20270203\n"
		"SUMMARY:春节(班)\nEND:VEVENT\nEND:VCALENDAR\n", &cal, &err), SD_DATAERR);
	assert_non_null(strstr(err.msg, "bad.ics"));
	assert_non_null(strstr(err.msg, "line 3:"));
	assert_non_null(strstr(err.msg, "2027-02-03"));

	/* a day off without a start */
	assert_int_equal(workcal_parse("bad.ics",
		"BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:元旦(休)\nEND:VEVENT\nEND:VCALENDAR\n",
		&cal, &err), SD_DATAERR);
	assert_non_null(strstr(err.msg, "DTSTART"));

	/* a date that does not exist */
	assert_int_equal(workcal_parse("bad.ics",
		"BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20270230\nSUMMARY:元旦(休)\n"
		"END:VEVENT\nEND:VCALENDAR\n", &cal, &err), SD_DATAERR);

	/* an event of more than a year */
	assert_int_equal(workcal_parse("bad.ics",
		"BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20270101\nDTEND;VALUE=DATE:20290101\n"
		"SUMMARY:假(休)\nEND:VEVENT\nEND:VCALENDAR\n", &cal, &err), SD_DATAERR);

	/* a day off and a worked day on one date */
	assert_int_equal(workcal_parse("bad.ics",
		"BEGIN:VCALENDAR\n"
		"BEGIN:VEVENT\nDTSTART;VALUE=DATE:20270130\nSUMMARY:春节(休)\nEND:VEVENT\n"
		"BEGIN:VEVENT\nDTSTART;VALUE=DATE:20270130\nSUMMARY:春节(班)\nEND:VEVENT\n"
		"END:VCALENDAR\n", &cal, &err), SD_DATAERR);
	assert_non_null(strstr(err.msg, "2027-01-30"));
}

static void
test_last_day(void **state)
{
	workcal *cal;
	sd_err err;

	(void)state;
	assert_int_equal(workcal_parse("builtin", workcal_builtin_text(), &cal, &err), SD_OK);
	assert_int_equal(workcal_last_day(cal), D("2026-12-31"));
	workcal_free(cal);
	assert_int_equal(workcal_parse("none", "# nothing\n", &cal, &err), SD_OK);
	assert_int_equal(workcal_last_day(cal), 0);
	workcal_free(cal);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ics_feed_equals_builtin),
		cmocka_unit_test(test_ics_forms),
		cmocka_unit_test(test_ics_errors),
		cmocka_unit_test(test_last_day),
	};

	setlocale(LC_ALL, "C.UTF-8");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
