/* Unit tests of the intake register: numbering, validation, changes, paging, search. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "buf.h"
#include "intake.h"
#include "search_tok.h"
#include "staff.h"
#include "store.h"

static char dir[] = "/tmp/servdesk-intake-XXXXXX";
static int dbcount;

struct fixture {
	char *path;
	store *st;
};

static int
setup_empty(void **state)
{
	struct fixture *f = xcalloc(1, sizeof *f);
	buf b = { 0 };
	sd_err err;

	buf_printf(&b, "%s/t%d.db", dir, ++dbcount);
	f->path = buf_steal(&b);
	if (store_open(f->path, STORE_OPEN_CREATE, "wangli", &f->st, &err) != SD_OK)
		return -1;
	*state = f;
	return 0;
}

/* The fixture with a staff list: the acting person (a supervisor) and the others who act. */
static int
setup(void **state)
{
	static const struct { const char *login; int role; } people[] = {
		{ "wangli", ROLE_SUPERVISOR }, { "zhangwei", ROLE_ENGINEER }, { "child", ROLE_OPERATOR },
	};
	struct fixture *f;
	sd_err err;

	if (setup_empty(state) != 0)
		return -1;
	f = *state;
	for (size_t i = 0; i < SD_ARRAY_LEN(people); i++) {
		sd_staff m = { .login = (char *)people[i].login, .name = "测试", .role = people[i].role,
		               .active = true };
		if (staff_put(f->st, &m, &err) != SD_OK)
			return -1;
	}
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	store_close(f->st);
	free(f->path);
	free(f);
	return 0;
}

/* A valid request received at `at`. */
static void
make_request(sd_request *r, const char *at, const char *customer)
{
	intake_request_init(r);
	snprintf(r->received_at, sizeof r->received_at, "%s", at);
	r->channel = CH_FAX;
	r->fax_pages = 2;
	r->customer = xstrdup(customer);
	r->requester = xstrdup("李工");
	r->phone = xstrdup("0512-58639752");
	r->serial = xstrdup("CNT-FF2023-0157");
	r->priority = 2;
	intake_request_add_item(r, "防腐泵出口压力波动，\n昨天起报警三次");
}

static char *
add(store *st, const char *at, const char *customer)
{
	sd_request r;
	sd_err err;
	char *regno;

	make_request(&r, at, customer);
	assert_int_equal(intake_add(st, &r, false, &err), SD_OK);
	regno = xstrdup(r.regno);
	intake_request_free(&r);
	return regno;
}

static void
test_intake_regno_parse(void **state)
{
	static const struct { const char *in; bool ok; const char *month; long seq; } cases[] = {
		{ "202611-0001", true, "202611", 1 },
		{ "202611-9999", true, "202611", 9999 },
		{ "202611-10000", true, "202611", 10000 },
		{ "202611-0000", false, NULL, 0 },
		{ "202613-0001", false, NULL, 0 },
		{ "202611-001", false, NULL, 0 },
		{ "202611-00001", false, NULL, 0 },
		{ "2026110001", false, NULL, 0 },
		{ "202611-00a1", false, NULL, 0 },
		{ "", false, NULL, 0 },
	};
	for (size_t i = 0; i < SD_ARRAY_LEN(cases); i++) {
		char month[7];
		long seq;
		bool ok = intake_parse_regno(cases[i].in, month, &seq);
		assert_int_equal(ok, cases[i].ok);
		if (ok) {
			char back[24];
			assert_string_equal(month, cases[i].month);
			assert_int_equal(seq, cases[i].seq);
			intake_format_regno(back, month, seq);
			assert_string_equal(back, cases[i].in);
		}
	}
}

static void
test_intake_parse_time(void **state)
{
	static const struct { const char *in; const char *out; } cases[] = {
		{ "2026-11-24 09:30", "2026-11-24 09:30" },
		{ "2026-11-24T09:30", "2026-11-24 09:30" },
		{ "2026-11-24 09:30:59", "2026-11-24 09:30" },
		{ "2024-02-29 00:00", "2024-02-29 00:00" },
		{ "2023-02-29 00:00", NULL },
		{ "2026-04-31 10:00", NULL },
		{ "2026-11-24 24:00", NULL },
		{ "2026-11-24 23:60", NULL },
		{ "2026-11-24 9:30", NULL },
		{ "2026/11/24 09:30", NULL },
		{ "", NULL },
	};
	for (size_t i = 0; i < SD_ARRAY_LEN(cases); i++) {
		char out[17];
		bool ok = intake_parse_time(cases[i].in, out);
		assert_int_equal(ok, cases[i].out != NULL);
		if (ok)
			assert_string_equal(out, cases[i].out);
	}
	char m[7];
	assert_true(intake_parse_month("2026-02", m));
	assert_string_equal(m, "202602");
	assert_false(intake_parse_month("2026-13", m));
	assert_false(intake_parse_month("202602", m));
}

static void
test_intake_codes(void **state)
{
	assert_int_equal(intake_channel_parse("传真"), CH_FAX);
	assert_int_equal(intake_channel_parse("FAX"), CH_FAX);
	assert_int_equal(intake_channel_parse("电子邮件"), CH_EMAIL);
	assert_int_equal(intake_channel_parse("e-mail"), CH_EMAIL);
	assert_int_equal(intake_channel_parse("来访"), CH_VISIT);
	assert_int_equal(intake_channel_parse("pigeon"), -1);
	assert_int_equal(intake_priority_parse("P1"), 1);
	assert_int_equal(intake_priority_parse("p4"), 4);
	assert_int_equal(intake_priority_parse("3"), 3);
	assert_int_equal(intake_priority_parse("P5"), -1);
	assert_int_equal(intake_priority_parse("P"), -1);
	assert_int_equal(intake_status_parse("作废"), RS_VOID);
	assert_int_equal(intake_status_parse("handed"), RS_HANDED);
}

static void
test_intake_validate(void **state)
{
	static const struct { const char *field; } cases[] = {
		{ "received_at" }, { "customer" }, { "requester" }, { "phone" }, { "items" },
		{ "fax_pages" }, { "priority" }, { "channel" }, { "customer_newline" },
		{ "phone_digits" }, { "bad_utf8" },
	};
	for (size_t i = 0; i < SD_ARRAY_LEN(cases); i++) {
		sd_request r;
		sd_err err;
		const char *field = NULL, *want = cases[i].field;

		make_request(&r, "2026-11-24 09:30", "苏州电气集团有限公司");
		assert_int_equal(intake_validate(&r, &field, &err), SD_OK);
		if (!strcmp(want, "received_at")) {
			strcpy(r.received_at, "2026-13-01 00:00");
		} else if (!strcmp(want, "customer")) {
			free(r.customer);
			r.customer = xstrdup("   ");
		} else if (!strcmp(want, "requester")) {
			free(r.requester);
			r.requester = NULL;
		} else if (!strcmp(want, "phone")) {
			free(r.phone);
			r.phone = xstrdup("");
		} else if (!strcmp(want, "items")) {
			free(r.items[0]);
			r.items[0] = xstrdup(" \n ");
		} else if (!strcmp(want, "fax_pages")) {
			r.channel = CH_PHONE;
		} else if (!strcmp(want, "priority")) {
			r.priority = 5;
		} else if (!strcmp(want, "channel")) {
			r.channel = 9;
		} else if (!strcmp(want, "customer_newline")) {
			free(r.customer);
			r.customer = xstrdup("a\nb");
			want = "customer";
		} else if (!strcmp(want, "phone_digits")) {
			free(r.phone);
			r.phone = xstrdup("12-34");
			want = "phone";
		} else if (!strcmp(want, "bad_utf8")) {
			free(r.requester);
			r.requester = xstrdup("\xe4\xb8");
			want = "requester";
		}
		assert_int_equal(intake_validate(&r, &field, &err), SD_DATAERR);
		assert_non_null(field);
		assert_string_equal(field, want);
		assert_true(strlen(err.msg) > 0);
		intake_request_free(&r);
	}
}

static void
test_intake_numbers_gapless_per_month(void **state)
{
	struct fixture *f = *state;
	char *a = add(f->st, "2026-10-31 23:59", "甲厂");
	char *b = add(f->st, "2026-11-01 00:00", "乙厂");
	char *c = add(f->st, "2026-11-02 08:00", "丙厂");
	char *d = add(f->st, "2026-10-15 10:00", "丁厂");

	assert_string_equal(a, "202610-0001");
	assert_string_equal(b, "202611-0001");
	assert_string_equal(c, "202611-0002");
	assert_string_equal(d, "202610-0002");
	free(a); free(b); free(c); free(d);

	/* a refused add consumes no number */
	sd_request r;
	sd_err err;
	make_request(&r, "2026-11-03 08:00", "");
	assert_int_equal(intake_add(f->st, &r, false, &err), SD_DATAERR);
	intake_request_free(&r);
	char *e = add(f->st, "2026-11-03 08:00", "戊厂");
	assert_string_equal(e, "202611-0003");
	free(e);
}

static void
test_intake_kept_number(void **state)
{
	struct fixture *f = *state;
	sd_request r;
	sd_err err;

	make_request(&r, "2026-11-05 08:00", "甲厂");
	strcpy(r.regno, "202611-0007");
	assert_int_equal(intake_add(f->st, &r, false, &err), SD_OK);
	intake_request_free(&r);
	/* the next new number continues after the kept one */
	char *n = add(f->st, "2026-11-06 08:00", "乙厂");
	assert_string_equal(n, "202611-0008");
	free(n);
	/* a number already used is refused, and nothing is written */
	make_request(&r, "2026-11-05 08:00", "丙厂");
	strcpy(r.regno, "202611-0007");
	assert_int_equal(intake_add(f->st, &r, false, &err), SD_DATAERR);
	assert_non_null(strstr(err.msg, "202611-0007"));
	intake_request_free(&r);
}

static void
test_intake_concurrent_adds(void **state)
{
	struct fixture *f = *state;
	enum { PROCS = 4, EACH = 25 };
	pid_t pids[PROCS];

	for (int p = 0; p < PROCS; p++) {
		pids[p] = fork();
		assert_true(pids[p] >= 0);
		if (pids[p] == 0) {
			store *st;
			sd_err err;
			int failures = 0;
			if (store_open(f->path, STORE_OPEN_EXISTING, "child", &st, &err) != SD_OK)
				_exit(2);
			for (int i = 0; i < EACH; i++) {
				sd_request r;
				make_request(&r, "2026-11-24 10:00", "并发测试厂");
				if (intake_add(st, &r, false, &err) != SD_OK)
					failures++;
				intake_request_free(&r);
			}
			store_close(st);
			_exit(failures ? 1 : 0);
		}
	}
	for (int p = 0; p < PROCS; p++) {
		int status;
		assert_int_equal(waitpid(pids[p], &status, 0), pids[p]);
		assert_true(WIFEXITED(status));
		assert_int_equal(WEXITSTATUS(status), 0);
	}
	sqlite3_stmt *s = store_prepare(f->st,
		"SELECT count(*), count(DISTINCT seq), min(seq), max(seq) FROM request WHERE month = '202611'", NULL);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(s, 0), PROCS * EACH);
	assert_int_equal(sqlite3_column_int(s, 1), PROCS * EACH);
	assert_int_equal(sqlite3_column_int(s, 2), 1);
	assert_int_equal(sqlite3_column_int(s, 3), PROCS * EACH);
	sqlite3_reset(s);
}

static void
test_intake_duplicate_flag(void **state)
{
	struct fixture *f = *state;
	sd_request r;
	sd_err err;
	char *first = add(f->st, "2026-11-24 09:00", "无锡华光锅炉股份有限公司");

	make_request(&r, "2026-11-24 15:00", "无锡华光锅炉股份有限公司");
	assert_int_equal(intake_add(f->st, &r, false, &err), SD_OK);
	assert_non_null(r.dup_of);
	assert_string_equal(r.dup_of, first);
	intake_request_free(&r);
	/* outside the window: no flag */
	make_request(&r, "2026-11-30 15:00", "无锡华光锅炉股份有限公司");
	assert_int_equal(intake_add(f->st, &r, false, &err), SD_OK);
	assert_null(r.dup_of);
	intake_request_free(&r);
	free(first);
}

static void
test_intake_update_conflict(void **state)
{
	struct fixture *f = *state;
	char *regno = add(f->st, "2026-11-24 09:00", "甲厂");
	store *other;
	sd_err err;
	sd_request a, b, cur;

	assert_int_equal(store_open(f->path, STORE_OPEN_EXISTING, "zhangwei", &other, &err), SD_OK);
	assert_int_equal(intake_get(f->st, regno, &a, &err), SD_OK);
	assert_int_equal(intake_get(other, regno, &b, &err), SD_OK);
	free(b.requester);
	b.requester = xstrdup("张伟");
	assert_int_equal(intake_update(other, &b, NULL, &err), SD_OK);
	assert_int_equal(b.version, 2);
	free(a.requester);
	a.requester = xstrdup("王芳");
	memset(&cur, 0, sizeof cur);
	assert_int_equal(intake_update(f->st, &a, &cur, &err), SD_DATAERR);
	assert_non_null(strstr(err.msg, "zhangwei"));
	assert_string_equal(cur.requester, "张伟");
	intake_request_free(&cur);
	intake_request_free(&a);
	assert_int_equal(intake_get(f->st, regno, &a, &err), SD_OK);
	assert_string_equal(a.requester, "张伟");
	assert_int_equal(a.version, 2);
	intake_request_free(&a);
	intake_request_free(&b);
	store_close(other);
	free(regno);
}

static void
test_intake_hand_and_void(void **state)
{
	struct fixture *f = *state;
	char *regno = add(f->st, "2026-11-24 09:00", "甲厂");
	sd_staff eng = { .login = "zhaoqiang", .name = "赵强", .role = ROLE_ENGINEER, .active = true };
	sd_staff op = { .login = "liuyan", .name = "刘燕", .role = ROLE_OPERATOR, .active = true };
	sd_request r;
	sd_err err;

	assert_int_equal(intake_hand(f->st, regno, "nobody", NULL, -1, &err), SD_DATAERR);
	assert_int_equal(staff_put(f->st, &eng, &err), SD_OK);
	assert_int_equal(staff_put(f->st, &op, &err), SD_OK);
	assert_int_equal(intake_hand(f->st, regno, "liuyan", NULL, -1, &err), SD_DATAERR);
	assert_int_equal(intake_hand(f->st, regno, "zhaoqiang", "2026-11-24 08:00", -1, &err), SD_DATAERR);
	assert_int_equal(intake_hand(f->st, regno, "zhaoqiang", "2026-11-24 09:20", -1, &err), SD_OK);
	assert_int_equal(intake_get(f->st, regno, &r, &err), SD_OK);
	assert_int_equal(r.status, RS_HANDED);
	assert_string_equal(r.handed_to, "zhaoqiang");
	assert_string_equal(r.handed_at, "2026-11-24 09:20");
	/* a stale version is refused */
	assert_int_equal(intake_void(f->st, regno, "重复传真", r.version - 1, &err), SD_DATAERR);
	assert_int_equal(intake_void(f->st, regno, "", r.version, &err), SD_DATAERR);
	assert_int_equal(intake_void(f->st, regno, "重复传真", r.version, &err), SD_OK);
	intake_request_free(&r);
	assert_int_equal(intake_get(f->st, regno, &r, &err), SD_OK);
	assert_int_equal(r.status, RS_VOID);
	assert_string_equal(r.regno, regno);
	assert_string_equal(r.void_reason, "重复传真");
	/* void is final */
	assert_int_equal(intake_update(f->st, &r, NULL, &err), SD_DATAERR);
	intake_request_free(&r);
	/* the number stays used */
	char *next = add(f->st, "2026-11-24 10:00", "乙厂");
	assert_string_equal(next, "202611-0002");
	free(next);
	/* every change left an audit row */
	sqlite3_stmt *s = store_prepare(f->st, "SELECT group_concat(action, ',') FROM "
	                                "(SELECT action FROM audit WHERE tbl = 'request' AND rowkey = ? ORDER BY id)", NULL);
	sqlite3_bind_text(s, 1, regno, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(s, 0), "insert,hand,void");
	sqlite3_reset(s);
	free(regno);
}

/* Collect the register numbers of the whole list q by paging in steps of `step`. */
static void
page_all(store *st, const sd_req_query *q, int step, buf *out, bool backward)
{
	sd_req_row rows[16], anchor;
	sd_err err;
	int n;
	enum sd_page_from from = backward ? PAGE_LAST : PAGE_FIRST;
	bool have = false;
	buf parts[128];
	int nparts = 0;

	memset(&anchor, 0, sizeof anchor);
	for (;;) {
		assert_int_equal(intake_page(st, q, have ? (backward ? PAGE_BEFORE : PAGE_AFTER) : from,
		                             have ? &anchor : NULL, step, rows, &n, &err), SD_OK);
		if (n == 0)
			break;
		buf_init(&parts[nparts]);
		for (int i = 0; i < n; i++)
			buf_printf(&parts[nparts], "%s ", rows[i].regno);
		nparts++;
		intake_row_free(&anchor);
		anchor = rows[backward ? 0 : n - 1];
		anchor.customer = anchor.requester = anchor.phone = anchor.first_item = anchor.handed_to = NULL;
		for (int i = 0; i < n; i++)
			intake_row_free(&rows[i]);
		have = true;
	}
	for (int i = backward ? nparts - 1 : 0; backward ? i >= 0 : i < nparts; i += backward ? -1 : 1) {
		buf_puts(out, buf_str(&parts[i]));
		buf_free(&parts[i]);
	}
}

static void
test_intake_paging(void **state)
{
	struct fixture *f = *state;
	sd_req_query q;
	buf fwd = { 0 }, back = { 0 }, expect = { 0 };
	char at[17];

	for (int i = 1; i <= 23; i++) {
		snprintf(at, sizeof at, "2026-11-%02d 09:00", i);
		free(add(f->st, at, i % 2 ? "江苏驰耐特防腐科技有限公司" : "苏州电气集团有限公司"));
	}
	intake_query_init(&q);
	for (int i = 23; i >= 1; i--)
		buf_printf(&expect, "202611-%04d ", i);
	page_all(f->st, &q, 5, &fwd, false);
	page_all(f->st, &q, 7, &back, true);
	assert_string_equal(buf_str(&fwd), buf_str(&expect));
	assert_string_equal(buf_str(&back), buf_str(&expect));

	/* sorted by customer ascending (code point order: 江 before 苏), then by id */
	buf_reset(&fwd);
	q.sort = SORT_CUSTOMER;
	q.desc = false;
	page_all(f->st, &q, 4, &fwd, false);
	assert_true(strncmp(buf_str(&fwd), "202611-0001 202611-0003 ", 24) == 0);

	/* PAGE_LAST gives the last rows in list order */
	sd_req_row rows[3];
	int n;
	sd_err err;
	intake_query_init(&q);
	assert_int_equal(intake_page(f->st, &q, PAGE_LAST, NULL, 3, rows, &n, &err), SD_OK);
	assert_int_equal(n, 3);
	assert_string_equal(rows[0].regno, "202611-0003");
	assert_string_equal(rows[2].regno, "202611-0001");
	assert_non_null(rows[0].first_item);
	for (int i = 0; i < n; i++)
		intake_row_free(&rows[i]);
	buf_free(&fwd);
	buf_free(&back);
	buf_free(&expect);
}

static int
count_matches(store *st, const char *search, const char *month)
{
	sd_req_query q;
	sd_req_row rows[16];
	sd_err err;
	int n;

	intake_query_init(&q);
	q.search = search;
	if (month)
		snprintf(q.month, sizeof q.month, "%s", month);
	assert_int_equal(intake_page(st, &q, PAGE_FIRST, NULL, 16, rows, &n, &err), SD_OK);
	for (int i = 0; i < n; i++)
		intake_row_free(&rows[i]);
	return n;
}

static void
test_intake_search(void **state)
{
	struct fixture *f = *state;
	sd_request r;
	sd_err err;

	free(add(f->st, "2026-11-01 09:00", "北京大学附属医院"));
	free(add(f->st, "2026-11-02 09:00", "上海市浦东新区自来水厂"));
	make_request(&r, "2026-10-03 09:00", "Hello World 北京");
	free(r.items[0]);
	r.items[0] = xstrdup("第二台设备 50%_负载 时\n京东方屏幕闪烁");
	assert_int_equal(intake_add(f->st, &r, false, &err), SD_OK);
	intake_request_free(&r);

	static const struct { const char *s; int n; } cases[] = {
		{ "北", 2 }, { "北京", 2 }, { "北京大", 1 }, { "京", 2 }, { "浦东", 1 },
		{ "浦东新区", 1 }, { "李工", 3 }, { "58639752", 3 }, { "hello", 1 }, { "HELLO", 1 },
		{ "屏幕闪烁", 1 }, { "50%", 1 }, { "%", 1 }, { "_", 1 }, { "深圳", 0 }, { "0157", 3 },
		{ "\"", 0 },
	};
	for (size_t i = 0; i < SD_ARRAY_LEN(cases); i++) {
		int n = count_matches(f->st, cases[i].s, NULL);
		if (n != cases[i].n)
			fail_msg("search '%s': %d matches, expected %d", cases[i].s, n, cases[i].n);
	}
	/* search combined with a month filter */
	assert_int_equal(count_matches(f->st, "北京", "202611"), 1);
	/* edits keep the search index current */
	assert_int_equal(intake_get(f->st, "202611-0001", &r, &err), SD_OK);
	free(r.customer);
	r.customer = xstrdup("深圳市第二人民医院");
	assert_int_equal(intake_update(f->st, &r, NULL, &err), SD_OK);
	intake_request_free(&r);
	assert_int_equal(count_matches(f->st, "深圳", NULL), 1);
	assert_int_equal(count_matches(f->st, "北京大", NULL), 0);
}

/*
 * A database from before the bigram search index (its requests in a
 * trigram index, one schema version back) is upgraded on opening: the
 * index rebuilt from the text it held, one and two characters found,
 * the schema as servdesk makes it.
 */
/* the schema migrations, in order (src/migrations.c) */
extern const char *const sd_migrations[];
extern const size_t sd_migration_count;

static void
test_intake_search_upgrade(void **state)
{
	struct fixture *f = *state;
	sqlite3 *db;
	sd_err err;
	long n;

	free(add(f->st, "2026-11-01 09:00", "北京大学附属医院"));
	free(add(f->st, "2026-11-02 09:00", "王𠮷机电设备厂"));
	store_close(f->st);
	f->st = NULL;
	/* back to the trigram index, as servdesk had it */
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(search_tok_register(db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db,
		"CREATE VIRTUAL TABLE old_fts USING fts5 (body, tokenize = 'trigram');"
		"INSERT INTO old_fts (rowid, body) SELECT rowid, body FROM request_fts;"
		"DROP TABLE request_fts;"
		"ALTER TABLE old_fts RENAME TO request_fts;", NULL, NULL, NULL), SQLITE_OK);
	{
		/* the schema version before the migration to servdesk's own index,
		 * with what the migrations after it made undone */
		char pragma[64];
		size_t v = 0;
		while (v < sd_migration_count && !strstr(sd_migrations[v], "tokenize = 'servdesk'"))
			v++;
		assert_true(v < sd_migration_count);
		assert_int_equal(sqlite3_exec(db,
			"DROP TABLE part_was; ALTER TABLE part DROP COLUMN created_at;", NULL, NULL, NULL), SQLITE_OK);
		assert_int_equal(sqlite3_exec(db,
			"DROP TABLE loan; DROP INDEX stock_move_repair; ALTER TABLE stock_move DROP COLUMN repair_id;"
			"DROP TABLE repair_order; ALTER TABLE equipment DROP COLUMN loan_unit;", NULL, NULL, NULL),
			SQLITE_OK);
		assert_int_equal(sqlite3_exec(db,
			"DROP INDEX ledger_repeat; ALTER TABLE ledger DROP COLUMN repeat_of;", NULL, NULL, NULL), SQLITE_OK);
		assert_int_equal(sqlite3_exec(db, "DROP TABLE attachment; DROP TABLE inbox_item;", NULL, NULL, NULL),
		                 SQLITE_OK);
		assert_int_equal(sqlite3_exec(db, "DROP TABLE install_job;", NULL, NULL, NULL), SQLITE_OK);
		assert_int_equal(sqlite3_exec(db,
			"DROP TABLE complaint_progress;"
			"ALTER TABLE complaint DROP COLUMN version; ALTER TABLE complaint DROP COLUMN severity;"
			"ALTER TABLE complaint DROP COLUMN cause; ALTER TABLE complaint DROP COLUMN department;"
			"ALTER TABLE complaint DROP COLUMN responsible; ALTER TABLE complaint DROP COLUMN approved_by;"
			"ALTER TABLE complaint DROP COLUMN approved_at; ALTER TABLE complaint DROP COLUMN approval_note;"
			"ALTER TABLE complaint DROP COLUMN corrective; ALTER TABLE complaint DROP COLUMN verified_by;"
			"ALTER TABLE complaint DROP COLUMN verified_at; ALTER TABLE complaint DROP COLUMN verify_result;"
			"ALTER TABLE complaint DROP COLUMN claim_fen; ALTER TABLE complaint DROP COLUMN settled_fen;"
			"ALTER TABLE complaint DROP COLUMN settled_on; ALTER TABLE complaint DROP COLUMN gm_escalated_on;"
			"ALTER TABLE complaint DROP COLUMN gm_outcome; ALTER TABLE complaint DROP COLUMN reply_due;"
			"ALTER TABLE complaint DROP COLUMN replied_at;"
			"ALTER TABLE customer DROP COLUMN engineer; ALTER TABLE customer DROP COLUMN deputy;"
			"ALTER TABLE customer DROP COLUMN engineer_agreed_by;", NULL, NULL, NULL), SQLITE_OK);
		assert_int_equal(sqlite3_exec(db,
			"DROP TABLE item_settle; DROP INDEX ledger_card_out;"
			"ALTER TABLE ledger DROP COLUMN card_signed_by; ALTER TABLE ledger DROP COLUMN card_signed_at;"
			"ALTER TABLE ledger DROP COLUMN card_opinion; ALTER TABLE ledger DROP COLUMN card_rating;"
			"ALTER TABLE ledger DROP COLUMN card_due; ALTER TABLE ledger DROP COLUMN card_in_at;"
			"ALTER TABLE ledger DROP COLUMN card_in_by;"
			"DELETE FROM fault_category WHERE code IN ('human', 'force', 'site');"
			"ALTER TABLE fault_category DROP COLUMN maker; ALTER TABLE charge DROP COLUMN cause;",
			NULL, NULL, NULL), SQLITE_OK);
		assert_int_equal(sqlite3_exec(db,
			"DROP INDEX stock_move_return; ALTER TABLE stock_move DROP COLUMN return_id;"
			"DROP TABLE return_order;", NULL, NULL, NULL), SQLITE_OK);
		assert_int_equal(sqlite3_exec(db, "DROP TABLE quote_line; DROP TABLE quote;", NULL, NULL, NULL),
		                 SQLITE_OK);
		snprintf(pragma, sizeof pragma, "PRAGMA user_version = %zu", v);
		assert_int_equal(sqlite3_exec(db, pragma, NULL, NULL, NULL), SQLITE_OK);
	}
	sqlite3_close(db);
	/* opening upgrades it */
	assert_int_equal(store_open(f->path, STORE_OPEN_EXISTING, "wangli", &f->st, &err), SD_OK);
	assert_int_equal(count_matches(f->st, "北", NULL), 1);
	assert_int_equal(count_matches(f->st, "北京", NULL), 1);
	assert_int_equal(count_matches(f->st, "王𠮷", NULL), 1);
	assert_int_equal(count_matches(f->st, "𠮷", NULL), 1);
	assert_int_equal(count_matches(f->st, "附属医院", NULL), 1);
	assert_int_equal(count_matches(f->st, "李工", NULL), 2);
	assert_int_equal(count_matches(f->st, "熊猫", NULL), 0);
	/* the index is servdesk's own now, and the schema what servdesk makes */
	assert_int_equal(sqlite3_exec(store_db(f->st),
		"INSERT INTO request_fts (request_fts) VALUES ('integrity-check')", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(store_schema_diff(store_db(f->st), store_schema_version(), NULL, NULL, &n, &err), SD_OK);
	assert_int_equal(n, 0);
	{
		sqlite3_stmt *s;
		assert_int_equal(sqlite3_prepare_v2(store_db(f->st),
			"SELECT sql LIKE '%tokenize = ''servdesk''%' FROM sqlite_schema WHERE name = 'request_fts'",
			-1, &s, NULL), SQLITE_OK);
		assert_int_equal(sqlite3_step(s), SQLITE_ROW);
		assert_int_equal(sqlite3_column_int(s, 0), 1);
		sqlite3_finalize(s);
	}
}

/* Many matches take the other search plan (walking the list): same rows, same order. */
static void
test_intake_search_many(void **state)
{
	struct fixture *f = *state;
	sd_req_query q;
	buf got = { 0 }, want = { 0 };
	sd_err err;

	assert_int_equal(store_begin(f->st, &err), SD_OK);
	for (int i = 1; i <= 620; i++) {
		sd_request r;
		make_request(&r, "2026-11-24 10:00", i % 5 ? "华光锅炉" : "沙钢集团");
		free(r.items[0]);
		r.items[0] = xstrdup(i % 5 ? "变频器过流报警" : "电机异响");
		assert_int_equal(intake_add(f->st, &r, true, &err), SD_OK);
		intake_request_free(&r);
	}
	assert_int_equal(store_commit(f->st, &err), SD_OK);
	for (int i = 620; i >= 1; i--)
		if (i % 5)
			buf_printf(&want, "202611-%04d ", i);
	intake_query_init(&q);
	q.search = "变频器";
	page_all(f->st, &q, 16, &got, false);
	assert_string_equal(buf_str(&got), buf_str(&want));
	buf_reset(&got);
	page_all(f->st, &q, 16, &got, true);
	assert_string_equal(buf_str(&got), buf_str(&want));
	/* one character: the rows tested one by one in list order, page by page */
	q.search = "变";
	buf_reset(&got);
	page_all(f->st, &q, 16, &got, false);
	assert_string_equal(buf_str(&got), buf_str(&want));
	buf_reset(&got);
	page_all(f->st, &q, 16, &got, true);
	assert_string_equal(buf_str(&got), buf_str(&want));
	/* few matches: the sorting plan */
	assert_int_equal(count_matches(f->st, "电机异响", NULL), 16);
	buf_free(&got);
	buf_free(&want);
}

static int
collect(const sd_request *r, void *arg)
{
	buf_printf(arg, "%s:%zu ", r->regno, r->nitems);
	return SD_OK;
}

static void
test_intake_each_filters(void **state)
{
	struct fixture *f = *state;
	sd_req_query q;
	sd_request r;
	sd_err err;
	buf out = { 0 };

	free(add(f->st, "2026-10-03 09:00", "甲厂"));
	make_request(&r, "2026-11-03 09:00", "乙厂");
	r.channel = CH_PHONE;
	r.fax_pages = 0;
	intake_request_add_item(&r, "第二项");
	assert_int_equal(intake_add(f->st, &r, false, &err), SD_OK);
	intake_request_free(&r);
	intake_query_init(&q);
	q.desc = false;
	assert_int_equal(intake_each(f->st, &q, collect, &out, &err), SD_OK);
	assert_string_equal(buf_str(&out), "202610-0001:1 202611-0001:2 ");
	buf_reset(&out);
	q.channel = CH_PHONE;
	assert_int_equal(intake_each(f->st, &q, collect, &out, &err), SD_OK);
	assert_string_equal(buf_str(&out), "202611-0001:2 ");
	buf_reset(&out);
	intake_query_init(&q);
	strcpy(q.month, "202610");
	q.status = RS_OPEN;
	assert_int_equal(intake_each(f->st, &q, collect, &out, &err), SD_OK);
	assert_string_equal(buf_str(&out), "202610-0001:1 ");
	buf_free(&out);
}

static void
test_staff_permit(void **state)
{
	struct fixture *f = *state;
	static const struct { int role; bool active; unsigned long long allowed; } cases[] = {
		/* bits: add, edit, hand, void, import, staff, customer, take, work, complaint, policy,
		   stock move, part change, admin, visit plan, visit work, visit call, report read, look,
		   contract change, contract read, repair receive, repair work, loan, complaint handle,
		   complaint approve, install plan, install work, return raise, return approve,
		   return carry, quote make, quote answer */
		{ ROLE_OPERATOR,    true,  0x11437025fULL },
		{ ROLE_STOREKEEPER, true,  0x40961807ULL },
		{ ROLE_ENGINEER,    true,  0x19df783c7ULL },
		{ ROLE_SUPERVISOR,  true,  0x1ffffffffULL },
		{ ROLE_SUPERVISOR,  false, 0x00 },
	};
	sd_err err;

	/* while the staff list is empty, anyone may start it */
	assert_int_equal(staff_permit(f->st, "anyone", ACT_STAFF_CHANGE, &err), SD_OK);
	assert_int_equal(staff_permit(f->st, "anyone", ACT_REQUEST_ADD, &err), SD_NOPERM);
	assert_non_null(strstr(err.msg, "servdesk staff add anyone"));
	{
		sd_staff me = { .login = "wangli", .name = "王丽", .role = ROLE_SUPERVISOR, .active = true };
		assert_int_equal(staff_put(f->st, &me, &err), SD_OK);
	}
	for (size_t i = 0; i < SD_ARRAY_LEN(cases); i++) {
		char login[16];
		snprintf(login, sizeof login, "p%zu", i);
		sd_staff m = { .login = login, .name = "测试", .role = cases[i].role, .active = cases[i].active };
		assert_int_equal(staff_put(f->st, &m, &err), SD_OK);
		for (int a = 0; a < ACT_COUNT; a++) {
			int want = (cases[i].allowed >> a) & 1ULL ? SD_OK : SD_NOPERM;
			if (staff_permit(f->st, login, a, &err) != want)
				fail_msg("role %d active %d action %d: expected %d", cases[i].role, cases[i].active, a, want);
		}
	}
	assert_int_equal(staff_permit(f->st, "stranger", ACT_STAFF_CHANGE, &err), SD_NOPERM);
	/* not even a look, unless the supervisor lets guests look: then only that */
	assert_int_equal(staff_permit(f->st, "stranger", ACT_LOOK, &err), SD_NOPERM);
	assert_non_null(strstr(err.msg, "servdesk staff add stranger"));
	assert_int_equal(staff_permit(f->st, "p4", ACT_LOOK, &err), SD_NOPERM);
	assert_int_equal(store_begin(f->st, &err), SD_OK);
	assert_int_equal(store_set_setting(f->st, "guest_read", "yes", &err), SD_OK);
	assert_int_equal(store_commit(f->st, &err), SD_OK);
	assert_int_equal(staff_permit(f->st, "stranger", ACT_LOOK, &err), SD_OK);
	assert_int_equal(staff_permit(f->st, "p4", ACT_LOOK, &err), SD_OK);
	assert_int_equal(staff_permit(f->st, "stranger", ACT_REPORT_READ, &err), SD_NOPERM);
	assert_int_equal(staff_permit(f->st, "p4", ACT_REQUEST_ADD, &err), SD_NOPERM);
	/* a staff list that cannot be read decides nothing: an error, not a permission */
	assert_int_equal(sqlite3_exec(store_db(f->st), "ALTER TABLE staff RENAME TO staff_gone", NULL,
	                              NULL, NULL), SQLITE_OK);
	assert_int_not_equal(staff_permit(f->st, "p3", ACT_STAFF_CHANGE, &err), SD_OK);
	assert_int_not_equal(staff_permit(f->st, "p3", ACT_STAFF_CHANGE, &err), SD_NOPERM);
	assert_int_not_equal(staff_permit(f->st, "stranger", ACT_LOOK, &err), SD_OK);
	{
		long n = -1;
		assert_int_not_equal(staff_count(f->st, &n, &err), SD_OK);
		assert_int_equal(n, 0);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_intake_regno_parse),
		cmocka_unit_test(test_intake_parse_time),
		cmocka_unit_test(test_intake_codes),
		cmocka_unit_test(test_intake_validate),
		cmocka_unit_test_setup_teardown(test_intake_numbers_gapless_per_month, setup, teardown),
		cmocka_unit_test_setup_teardown(test_intake_kept_number, setup, teardown),
		cmocka_unit_test_setup_teardown(test_intake_concurrent_adds, setup, teardown),
		cmocka_unit_test_setup_teardown(test_intake_duplicate_flag, setup, teardown),
		cmocka_unit_test_setup_teardown(test_intake_update_conflict, setup, teardown),
		cmocka_unit_test_setup_teardown(test_intake_hand_and_void, setup, teardown),
		cmocka_unit_test_setup_teardown(test_intake_paging, setup, teardown),
		cmocka_unit_test_setup_teardown(test_intake_search, setup, teardown),
		cmocka_unit_test_setup_teardown(test_intake_search_many, setup, teardown),
		cmocka_unit_test_setup_teardown(test_intake_search_upgrade, setup, teardown),
		cmocka_unit_test_setup_teardown(test_intake_each_filters, setup, teardown),
		cmocka_unit_test_setup_teardown(test_staff_permit, setup_empty, teardown),
	};
	int rc;
	char cmd[128];

	if (!mkdtemp(dir))
		return 1;
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	if (system(cmd) != 0 && rc == 0)
		rc = 1;
	return rc;
}
