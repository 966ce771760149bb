/*
 * test_valid.c — the one check for stored text, and the windows of dates
 * and times (valid.c).
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
#include "common.h"
#include "datetime.h"
#include "store.h"
#include "valid.h"

/* valid_text(s, "F", kind) fails and its message starts with "F: " + want. */
static void
refused(const char *s, sd_text_kind kind, const char *want)
{
	sd_err err;
	char prefix[256];

	sd_err_clear(&err);
	assert_int_equal(valid_text(s, "F", kind, &err), SD_DATAERR);
	assert_int_equal(err.status, SD_DATAERR);
	snprintf(prefix, sizeof prefix, "F: %s", want);
	if (strncmp(err.msg, prefix, strlen(prefix)) != 0)
		fail_msg("'%s' does not start with '%s'", err.msg, prefix);
}

static void
accepted(const char *s, sd_text_kind kind)
{
	sd_err err;

	sd_err_clear(&err);
	if (valid_text(s, "F", kind, &err) != SD_OK)
		fail_msg("refused: %s", err.msg);
}

/* A string of n copies of the UTF-8 character c. */
static char *
repeat(const char *c, size_t n)
{
	size_t k = strlen(c);
	char *s = malloc(n * k + 1);

	assert_non_null(s);
	for (size_t i = 0; i < n; i++)
		memcpy(s + i * k, c, k);
	s[n * k] = '\0';
	return s;
}

static void
test_limits(void **state)
{
	static const struct {
		sd_text_kind kind;
		size_t max;
	} kinds[] = {
		{ SD_TEXT_LOGIN, 32 }, { SD_TEXT_CODE, 60 }, { SD_TEXT_NAME, 200 },
		{ SD_TEXT_LINE, 500 }, { SD_TEXT_LONG, 4000 },
	};

	(void)state;
	for (size_t i = 0; i < SD_ARRAY_LEN(kinds); i++) {
		/* characters, not bytes: CJK (3 bytes) and Extension B (4 bytes) */
		const char *chars[] = { "a", "中", "\xf0\xa0\xae\xb7" };
		assert_int_equal(valid_text_max(kinds[i].kind), kinds[i].max);
		for (size_t c = 0; c < SD_ARRAY_LEN(chars); c++) {
			char *ok = repeat(chars[c], kinds[i].max);
			char *over = repeat(chars[c], kinds[i].max + 1);
			char want[64];

			accepted(ok, kinds[i].kind);
			snprintf(want, sizeof want, "too long (at most %zu characters)", kinds[i].max);
			refused(over, kinds[i].kind, want);
			free(ok);
			free(over);
		}
	}
	assert_int_equal(SD_TEXT_MAX, 4000);
	/* a login of 131,000 characters */
	char *huge = repeat("a", 131000);
	refused(huge, SD_TEXT_LOGIN, "too long (at most 32 characters)");
	free(huge);
	accepted(NULL, SD_TEXT_NAME);
	accepted("", SD_TEXT_NAME);
}

static void
test_controls(void **state)
{
	(void)state;
	accepted("张伟 Zhang \xe2\x80\x8b\xe2\x80\x8d零宽 €", SD_TEXT_NAME);
	/* every C0 control but LF, in every kind */
	for (unsigned c = 1; c < 0x20; c++) {
		char s[8], want[80];
		snprintf(s, sizeof s, "ab%c", (char)c);
		snprintf(want, sizeof want, "must not contain control characters (U+%04X at character 3)", c);
		if (c == '\n' || c == '\r') {
			refused(s, SD_TEXT_NAME, "must be a single line");
			if (c == '\n')
				accepted(s, SD_TEXT_LONG);
			else
				refused(s, SD_TEXT_LONG, want);
		} else {
			refused(s, SD_TEXT_NAME, want);
			refused(s, SD_TEXT_LONG, want);
		}
	}
	refused("a\x7f", SD_TEXT_CODE, "must not contain control characters (U+007F at character 2)");
	/* C1: U+0080, the one-character CSI U+009B, U+009F */
	refused("客户\xc2\x80", SD_TEXT_NAME, "must not contain control characters (U+0080 at character 3)");
	refused("客户\xc2\x9b" "31m", SD_TEXT_NAME, "must not contain control characters (U+009B at character 3)");
	refused("\xc2\x9f", SD_TEXT_LONG, "must not contain control characters (U+009F at character 1)");
	accepted("\xc2\xa0", SD_TEXT_NAME);  /* U+00A0 is no control */
	/* the bidirectional controls */
	static const char *bidi[] = {
		"\xe2\x80\xaa", "\xe2\x80\xab", "\xe2\x80\xac", "\xe2\x80\xad", "\xe2\x80\xae",
		"\xe2\x81\xa6", "\xe2\x81\xa7", "\xe2\x81\xa8", "\xe2\x81\xa9",
		"\xe2\x80\x8e", "\xe2\x80\x8f", "\xd8\x9c",
	};
	static const unsigned cps[] = {
		0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069,
		0x200E, 0x200F, 0x061C,
	};
	for (size_t i = 0; i < SD_ARRAY_LEN(bidi); i++) {
		char s[32], want[80];
		snprintf(s, sizeof s, "恶意%s反转", bidi[i]);
		snprintf(want, sizeof want, "must not contain text direction controls (U+%04X at character 3)",
		         cps[i]);
		refused(s, SD_TEXT_LONG, want);
		refused(s, SD_TEXT_LOGIN, want);
	}
	accepted("\xe2\x80\xa9\xe2\x81\xa5", SD_TEXT_NAME);   /* U+2029, U+2065: not in the list */
	/* not UTF-8 */
	refused("a\xff", SD_TEXT_NAME, "not valid UTF-8 text");
	refused("\xc0\xaf", SD_TEXT_LONG, "not valid UTF-8 text");
	refused("\xed\xa0\x80", SD_TEXT_LONG, "not valid UTF-8 text");
}

static void
test_login(void **state)
{
	(void)state;
	accepted("chenjing", SD_TEXT_LOGIN);
	accepted("陈静", SD_TEXT_LOGIN);
	refused("chen jing", SD_TEXT_LOGIN, "must not contain spaces (character 5)");
	refused("陈\xe3\x80\x80静", SD_TEXT_LOGIN, "must not contain spaces (character 2)");
	refused("a\tb", SD_TEXT_LOGIN, "must not contain control characters (U+0009 at character 2)");
	accepted("chen jing", SD_TEXT_NAME);
}

static void
test_newlines(void **state)
{
	char s[] = "a\r\nb\rc\nd\r";

	(void)state;
	valid_newlines_to_lf(s);
	assert_string_equal(s, "a\nb\nc\nd\n");
	accepted(s, SD_TEXT_LONG);
	refused(s, SD_TEXT_LINE, "must be a single line");
	valid_newlines_to_lf(NULL);
	assert_true(valid_text_multiline(SD_TEXT_LONG));
	assert_false(valid_text_multiline(SD_TEXT_LINE));
	assert_true(valid_text_refused_cp(0x9B, SD_TEXT_LONG));
	assert_true(valid_text_refused_cp('\n', SD_TEXT_NAME));
	assert_false(valid_text_refused_cp('\n', SD_TEXT_LONG));
	assert_false(valid_text_refused_cp(0x4E2D, SD_TEXT_LOGIN));
}

/* ---------------------------------------------------------------- dates */

static int
date_ok(store *st, const char *ymd, bool planned)
{
	sd_date d;
	sd_err err;

	assert_true(date_parse(ymd, &d));
	return planned ? valid_date_planned(st, d, "F", &err) : valid_date_happened(d, "F", &err);
}

static void
test_time_happened(void **state)
{
	sd_err err;

	(void)state;
	setenv("SERVDESK_NOW", "2026-11-20 10:00", 1);
	assert_int_equal(valid_time_happened("2026-11-20 10:00", "F", &err), SD_OK);
	assert_int_equal(valid_time_happened("2026-11-20 10:10", "F", &err), SD_OK);
	assert_int_equal(valid_time_happened("2000-01-01 00:00", "F", &err), SD_OK);
	assert_int_equal(valid_time_happened("2026-11-20 10:11", "F", &err), SD_DATAERR);
	assert_string_equal(err.msg, "F: 2026-11-20 10:11 is later than now (2026-11-20 10:00)");
	assert_int_equal(valid_time_happened("9999-12-31 23:59", "F", &err), SD_DATAERR);
	assert_int_equal(valid_time_happened("1999-12-31 23:59", "F", &err), SD_DATAERR);
	assert_string_equal(err.msg, "F: 1999-12-31 23:59 is before 2000-01-01");
	assert_int_equal(valid_time_happened("2026-13-01 10:00", "F", &err), SD_DATAERR);
	/* ten minutes of slack cross midnight */
	setenv("SERVDESK_NOW", "2026-12-31 23:55", 1);
	assert_int_equal(valid_time_happened("2027-01-01 00:05", "F", &err), SD_OK);
	assert_int_equal(valid_time_happened("2027-01-01 00:06", "F", &err), SD_DATAERR);
}

static void
test_date_happened(void **state)
{
	sd_err err;
	sd_date d;

	(void)state;
	setenv("SERVDESK_NOW", "2026-11-20 10:00", 1);
	assert_int_equal(date_ok(NULL, "2026-11-20", false), SD_OK);
	assert_int_equal(date_ok(NULL, "2000-01-01", false), SD_OK);
	assert_int_equal(date_ok(NULL, "1999-12-31", false), SD_DATAERR);
	assert_int_equal(date_ok(NULL, "2026-11-21", false), SD_DATAERR);
	assert_true(date_parse("2099-12-31", &d));
	assert_int_equal(valid_date_happened(d, "to", &err), SD_DATAERR);
	assert_string_equal(err.msg, "to: 2099-12-31 is later than today (2026-11-20)");
	setenv("SERVDESK_NOW", "2026-11-20 23:55", 1);
	assert_int_equal(date_ok(NULL, "2026-11-21", false), SD_OK);
}

static void
test_date_planned(void **state)
{
	char dir[] = "/tmp/servdesk-valid-XXXXXX";
	buf path = { 0 };
	store *st = NULL;
	sd_err err;
	sd_date d;

	(void)state;
	setenv("SERVDESK_NOW", "2026-11-20 10:00", 1);
	/* the default horizon: 730 days, to 2028-11-19 */
	assert_int_equal(valid_plan_horizon(NULL), 730);
	assert_int_equal(date_ok(NULL, "2028-11-19", true), SD_OK);
	assert_int_equal(date_ok(NULL, "2028-11-20", true), SD_DATAERR);
	assert_int_equal(date_ok(NULL, "2026-01-01", true), SD_OK);   /* a late visit may be moved back */
	assert_int_equal(date_ok(NULL, "1999-12-31", true), SD_DATAERR);
	assert_true(date_parse("2099-12-31", &d));
	assert_int_equal(valid_date_planned(NULL, d, "due date", &err), SD_DATAERR);
	assert_string_equal(err.msg, "due date: 2099-12-31 is too far ahead (plans go at most to 2028-11-19, "
	                             "730 days ahead: setting plan_horizon_days)");
	assert_int_equal(valid_time_planned(NULL, "2028-11-19 23:59", "F", &err), SD_OK);
	assert_int_equal(valid_time_planned(NULL, "2028-11-20 00:00", "F", &err), SD_DATAERR);
	/* the setting */
	assert_non_null(mkdtemp(dir));
	buf_printf(&path, "%s/h.db", dir);
	if (store_open(buf_str(&path), STORE_OPEN_CREATE, "wangli", &st, &err) != SD_OK)
		fail_msg("store_open: %s", err.msg);
	assert_int_equal(valid_plan_horizon(st), 730);
	assert_int_equal(store_set_setting(st, SD_PLAN_HORIZON_KEY, "30", &err), SD_OK);
	assert_int_equal(valid_plan_horizon(st), 30);
	assert_int_equal(date_ok(st, "2026-12-20", true), SD_OK);
	assert_int_equal(date_ok(st, "2026-12-21", true), SD_DATAERR);
	/* out of range: the default */
	assert_int_equal(store_set_setting(st, SD_PLAN_HORIZON_KEY, "0", &err), SD_OK);
	assert_int_equal(valid_plan_horizon(st), 730);
	assert_int_equal(store_set_setting(st, SD_PLAN_HORIZON_KEY, "99999", &err), SD_OK);
	assert_int_equal(valid_plan_horizon(st), 730);
	store_close(st);
	unlink(buf_str(&path));
	buf_printf(&path, "-wal");
	unlink(buf_str(&path));
	buf_free(&path);
	buf_printf(&path, "%s/h.db-shm", dir);
	unlink(buf_str(&path));
	buf_free(&path);
	rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_controls),
		cmocka_unit_test(test_login),
		cmocka_unit_test(test_newlines),
		cmocka_unit_test(test_time_happened),
		cmocka_unit_test(test_date_happened),
		cmocka_unit_test(test_date_planned),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
