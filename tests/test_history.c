/* Unit tests of each machine's history (paging) and the repeat-repair rule. */
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
#include "history.h"
#include "intake.h"
#include "ledger.h"
#include "staff.h"
#include "store.h"

static char dir[] = "/tmp/servdesk-history-XXXXXX";
static int dbcount;

#define OK(call) do { if ((call) != SD_OK) fail_msg("%s: %s", #call, err.msg); } while (0)

static int
setup(void **state)
{
	store *st;
	buf b = { 0 };
	sd_err err;
	sd_staff boss = { .login = "liuyang", .name = "刘洋", .role = ROLE_SUPERVISOR, .active = true };
	sd_staff eng = { .login = "zhangwei", .name = "张伟", .role = ROLE_ENGINEER, .active = true };

	setenv("SERVDESK_NOW", "2026-01-01 08:00", 1);
	buf_printf(&b, "%s/t%d.db", dir, ++dbcount);
	if (store_open(buf_str(&b), STORE_OPEN_CREATE, "liuyang", &st, &err) != SD_OK)
		return -1;
	buf_free(&b);
	if (staff_put(st, &boss, &err) != SD_OK || staff_put(st, &eng, &err) != SD_OK)
		return -1;
	*state = st;
	return 0;
}

static int
teardown(void **state)
{
	store_close(*state);
	return 0;
}

static void
at_now(const char *t)
{
	setenv("SERVDESK_NOW", t, 1);
}

/* A request on serial received at `at` (also now), taken and assigned; its register number (malloc'd). */
static char *
new_entry(store *st, const char *at, const char *serial)
{
	sd_request r;
	sd_err err;
	char *regno;

	at_now(at);
	intake_request_init(&r);
	snprintf(r.received_at, sizeof r.received_at, "%s", at);
	r.channel = CH_PHONE;
	r.customer = xstrdup("苏州精工机械有限公司");
	r.requester = xstrdup("吴振华");
	r.phone = xstrdup("0512-58639752");
	r.serial = serial ? xstrdup(serial) : NULL;
	r.priority = 3;
	intake_request_add_item(&r, "喷砂机压力不稳");
	if (intake_add(st, &r, false, &err) != SD_OK)
		fail_msg("intake_add: %s", err.msg);
	regno = xstrdup(r.regno);
	intake_request_free(&r);
	OK(ledger_take(st, regno, "liuyang", &err));
	OK(ledger_assign(st, regno, "zhangwei", -1, &err));
	return regno;
}

static void
propose(store *st, const char *regno, const char *fault)
{
	sd_err err;

	OK(ledger_propose(st, regno, MODE_PHONE, "电话指导用户清洗砂阀。", fault, NULL, -1, &err));
}

/* Propose, clear, confirm and close the entry, closing it at `at`. */
static void
close_at(store *st, const char *regno, const char *fault, const char *at)
{
	sd_err err;

	propose(st, regno, fault);
	at_now(at);
	OK(ledger_item_settle(st, regno, 1, ITEM_DONE, "已清洗砂阀。", -1, &err));
	OK(ledger_clear(st, regno, NULL, -1, &err));
	OK(ledger_confirm(st, regno, "沈建国", HOW_PHONE, NULL, -1, &err));
	OK(ledger_close(st, regno, -1, &err));
}

static long long
entry_id(store *st, const char *regno)
{
	sd_ledger l;
	sd_err err;
	long long id;

	if (ledger_get(st, regno, &l, &err) != SD_OK)
		fail_msg("ledger_get %s: %s", regno, err.msg);
	id = l.id;
	ledger_free(&l);
	return id;
}

/* The stored mark: the id of the entry repeated, 0 if none. */
static long long
repeat_of(store *st, const char *regno)
{
	sd_err err;
	sqlite3_stmt *q = store_prepare(st, "SELECT coalesce(l.repeat_of, 0) FROM ledger l "
	                                    "JOIN request r ON r.id = l.request_id WHERE r.regno = ?", &err);
	long long v = -1;

	assert_non_null(q);
	sqlite3_bind_text(q, 1, regno, -1, SQLITE_STATIC);
	if (sqlite3_step(q) == SQLITE_ROW)
		v = sqlite3_column_int64(q, 0);
	sqlite3_reset(q);
	return v;
}

/* The rule as the core function answers it, and as stored by the proposal. */
static void
assert_repeat(store *st, const char *regno, const char *of)
{
	long long prev, want = of ? entry_id(st, of) : 0;
	sd_err err;

	OK(history_repeat_find(st, entry_id(st, regno), &prev, &err));
	assert_int_equal(prev, want);
	assert_int_equal(repeat_of(st, regno), want);
}

static void
test_repeat_boundary(void **state)
{
	store *st = *state;
	char *a = new_entry(st, "2026-01-05 09:00", "SN-1");

	close_at(st, a, "mech", "2026-01-10 16:00");
	/* 89 and 90 days after the closing: a repeat; 91 days: not */
	char *d89 = new_entry(st, "2026-04-09 08:00", "SN-1");
	char *d90 = new_entry(st, "2026-04-10 23:00", "SN-1");
	char *d91 = new_entry(st, "2026-04-11 08:00", "SN-1");
	propose(st, d89, "mech");
	propose(st, d90, "mech");
	propose(st, d91, "mech");
	assert_repeat(st, d89, a);
	assert_repeat(st, d90, a);
	assert_repeat(st, d91, NULL);
	free(a);
	free(d89);
	free(d90);
	free(d91);
}

static void
test_repeat_category_machine_open(void **state)
{
	store *st = *state;
	sd_err err;
	char *a = new_entry(st, "2026-02-01 09:00", "SN-1");
	char *open = new_entry(st, "2026-02-01 10:00", "SN-3");

	close_at(st, a, "mech", "2026-02-02 10:00");
	/* the other entry is cleared, not closed */
	propose(st, open, "mech");
	at_now("2026-02-02 11:00");
	OK(ledger_item_settle(st, open, 1, ITEM_DONE, "已清洗砂阀。", -1, &err));
	OK(ledger_clear(st, open, NULL, -1, &err));

	char *other_cat = new_entry(st, "2026-02-10 09:00", "SN-1");
	char *same = new_entry(st, "2026-02-10 10:00", "SN-1");
	char *other_machine = new_entry(st, "2026-02-10 11:00", "SN-2");
	char *no_serial = new_entry(st, "2026-02-10 12:00", NULL);
	char *after_open = new_entry(st, "2026-02-10 13:00", "SN-3");
	char *undiagnosed = new_entry(st, "2026-02-10 14:00", "SN-1");

	/* before the category is known nothing is marked */
	assert_repeat(st, same, NULL);
	propose(st, other_cat, "ctrl");
	propose(st, same, "mech");
	propose(st, other_machine, "mech");
	propose(st, no_serial, "mech");
	propose(st, after_open, "mech");
	assert_repeat(st, other_cat, NULL);
	assert_repeat(st, same, a);
	assert_repeat(st, other_machine, NULL);
	assert_repeat(st, no_serial, NULL);
	assert_repeat(st, after_open, NULL);
	assert_repeat(st, undiagnosed, NULL);
	/* a changed category is evaluated again */
	propose(st, same, "ctrl");
	assert_repeat(st, same, NULL);
	propose(st, same, "mech");
	assert_repeat(st, same, a);
	free(a);
	free(open);
	free(other_cat);
	free(same);
	free(other_machine);
	free(no_serial);
	free(after_open);
	free(undiagnosed);
}

static void
test_repeat_setting(void **state)
{
	store *st = *state;
	sd_err err;
	char *a = new_entry(st, "2026-03-01 09:00", "SN-7");

	close_at(st, a, "mech", "2026-03-02 09:00");
	OK(store_set_setting(st, "repeat_days", "30", &err));
	assert_int_equal(history_repeat_days(st), 30);
	char *d30 = new_entry(st, "2026-04-01 09:00", "SN-7");
	char *d31 = new_entry(st, "2026-04-02 09:00", "SN-7");
	propose(st, d30, "mech");
	propose(st, d31, "mech");
	assert_repeat(st, d30, a);
	assert_repeat(st, d31, NULL);
	free(a);
	free(d30);
	free(d31);
}

/* ---------------------------------------------------------------- history paging */

static void
test_history_paging(void **state)
{
	store *st = *state;
	sd_hist_row rows[4], all[64], last;
	sd_err err;
	int n, total = 0;
	char day[17];

	/* 10 requests on the machine, each with its entry (20 rows); others elsewhere */
	for (int i = 0; i < 10; i++) {
		snprintf(day, sizeof day, "2026-05-%02d 09:00", i + 1);
		free(new_entry(st, day, "SN-H"));
		snprintf(day, sizeof day, "2026-05-%02d 10:00", i + 1);
		free(new_entry(st, day, "SN-OTHER"));
	}
	OK(history_page(st, "SN-NONE", PAGE_FIRST, NULL, 4, rows, &n, &err));
	assert_int_equal(n, 0);

	/* forward, 4 rows at a time, newest first */
	OK(history_page(st, "SN-H", PAGE_FIRST, NULL, 4, rows, &n, &err));
	while (n > 0) {
		for (int i = 0; i < n; i++)
			all[total++] = rows[i];
		if (n < 4)
			break;
		last = all[total - 1];
		OK(history_page(st, "SN-H", PAGE_AFTER, &last, 4, rows, &n, &err));
	}
	assert_int_equal(total, 20);
	for (int i = 1; i < total; i++) {
		int c = strcmp(all[i - 1].at, all[i].at);
		assert_true(c > 0 || (c == 0 && all[i - 1].kind >= all[i].kind));
		assert_false(c == 0 && all[i - 1].kind == all[i].kind && all[i - 1].key_id == all[i].key_id);
	}
	assert_int_equal(all[0].kind, HK_LEDGER);
	assert_int_equal(all[total - 1].kind, HK_REQUEST);
	assert_string_equal(all[total - 1].at, "2026-05-01 09:00");
	assert_non_null(strstr(all[total - 1].summary, "喷砂机压力不稳"));

	/* backward: the 4 rows before the ninth, in list order */
	OK(history_page(st, "SN-H", PAGE_BEFORE, &all[8], 4, rows, &n, &err));
	assert_int_equal(n, 4);
	for (int i = 0; i < 4; i++) {
		assert_string_equal(rows[i].at, all[4 + i].at);
		assert_int_equal(rows[i].kind, all[4 + i].kind);
		history_row_free(&rows[i]);
	}
	/* the last page */
	OK(history_page(st, "SN-H", PAGE_LAST, NULL, 3, rows, &n, &err));
	assert_int_equal(n, 3);
	assert_string_equal(rows[2].at, "2026-05-01 09:00");
	for (int i = 0; i < n; i++)
		history_row_free(&rows[i]);
	for (int i = 0; i < total; i++)
		history_row_free(&all[i]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_repeat_boundary, setup, teardown),
		cmocka_unit_test_setup_teardown(test_repeat_category_machine_open, setup, teardown),
		cmocka_unit_test_setup_teardown(test_repeat_setting, setup, teardown),
		cmocka_unit_test_setup_teardown(test_history_paging, setup, teardown),
	};
	int rc;

	if (!mkdtemp(dir))
		return 1;
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	{
		char cmd[64];
		snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
		if (system(cmd) != 0)
			rc = rc ? rc : 1;
	}
	return rc;
}
