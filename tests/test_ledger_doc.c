/* Unit tests of the ledger entry's document (ledger_entry_doc). */
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
#include "customer.h"
#include "doc.h"
#include "engineer.h"
#include "intake.h"
#include "ledger.h"
#include "ledger_doc.h"
#include "staff.h"
#include "store.h"
#include "warranty.h"

static char dir[] = "/tmp/servdesk-ledger-doc-XXXXXX";
static int dbcount;

#define OK(call) do { if ((call) != SD_OK) fail_msg("%s: %s", #call, err.msg); } while (0)
#define CUST "苏州精工机械有限公司"

static int
setup(void **state)
{
	store *st;
	buf b = { 0 };
	sd_err err;
	sd_staff boss = { .login = "liuyang", .name = "刘洋", .role = ROLE_SUPERVISOR, .active = true };
	sd_staff eng = { .login = "zhangwei", .name = "张伟", .role = ROLE_ENGINEER, .active = true };
	sd_customer c = { .name = CUST, .region = "市区" };

	setenv("SERVDESK_NOW", "2026-11-20 09:00", 1);
	buf_printf(&b, "%s/t%d.db", dir, ++dbcount);
	if (store_open(buf_str(&b), STORE_OPEN_CREATE, "liuyang", &st, &err) != SD_OK)
		return -1;
	buf_free(&b);
	if (staff_put(st, &boss, &err) != SD_OK || staff_put(st, &eng, &err) != SD_OK ||
	    customer_put(st, &c, &err) != SD_OK)
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

/* A request with two items, taken and assigned; its register number (malloc'd). */
static char *
new_entry(store *st)
{
	sd_request r;
	sd_err err;
	char *regno;

	intake_request_init(&r);
	r.channel = CH_PHONE;
	r.customer = xstrdup(CUST);
	r.requester = xstrdup("吴振华");
	r.phone = xstrdup("0512-58639752");
	r.priority = 3;
	intake_request_add_item(&r, "喷砂机压力不稳");
	intake_request_add_item(&r, "=1+1");
	if (intake_add(st, &r, false, &err) != SD_OK)
		fail_msg("intake_add: %s", err.msg);
	regno = xstrdup(r.regno);
	intake_request_free(&r);
	OK(ledger_take(st, regno, "liuyang", &err));
	OK(ledger_assign(st, regno, "zhangwei", -1, &err));
	return regno;
}

static const doc_section *
section(const sd_doc *d, const char *key)
{
	for (size_t i = 0; i < d->nsections; i++)
		if (strcmp(d->sections[i].key, key) == 0)
			return &d->sections[i];
	return NULL;
}

static const doc_block *
table(const doc_section *s, const char *key)
{
	for (size_t i = 0; s && i < s->nblocks; i++)
		if (s->blocks[i].kind == DOC_TABLE && s->blocks[i].key && strcmp(s->blocks[i].key, key) == 0)
			return &s->blocks[i];
	return NULL;
}

static const doc_figure *
figure(const doc_section *s, const char *key)
{
	for (size_t i = 0; s && i < s->nblocks; i++)
		for (size_t f = 0; s->blocks[i].kind == DOC_FIGURES && f < s->blocks[i].nfigs; f++)
			if (strcmp(s->blocks[i].figs[f].key, key) == 0)
				return &s->blocks[i].figs[f];
	return NULL;
}

static size_t
col(const doc_block *t, const char *key)
{
	for (size_t i = 0; i < t->ncols; i++)
		if (strcmp(t->cols[i].key, key) == 0)
			return i;
	fail_msg("no column %s", key);
	return 0;
}

/* The request, the entry, the clocks, the money and the history, typed. */
static void
test_entry_doc(void **state)
{
	store *st = *state;
	char *regno = new_entry(st);
	const doc_section *s;
	const doc_block *t;
	const doc_figure *f;
	sd_doc *d = NULL;
	sd_err err;

	OK(appointed_set(st, CUST, 0, "zhangwei", NULL, NULL, &err));
	OK(ledger_charge(st, regno, COST_TRAVEL, 128050, "2026-11-20", "苏州往返", &err));
	OK(ledger_payment(st, regno, 100000, "No.00012345", &err));
	OK(ledger_entry_doc(st, regno, SD_NO_TIME, &d, &err));
	assert_non_null(d);
	assert_string_equal(d->kind, "ledger_entry");
	assert_int_equal(d->nmeta, 1);
	assert_string_equal(d->meta[0].value.s, regno);

	s = section(d, "request");
	assert_non_null(s);
	assert_non_null(f = figure(s, "requester"));
	assert_string_equal(f->value.s, "吴振华");
	assert_non_null(f = figure(s, "appointed"));
	assert_string_equal(f->value.s, "zhangwei (张伟)");
	assert_non_null(f = figure(s, "priority"));
	assert_int_equal(f->type, DOC_COUNT);
	assert_int_equal(f->value.n, 3);
	assert_non_null(t = table(s, "items"));
	assert_int_equal(t->nrows, 2);
	/* a text that looks like a formula stays text */
	assert_int_equal(t->cols[col(t, "text")].type, DOC_TEXT);
	assert_string_equal(doc_at(t, 1, col(t, "text"))->s, "=1+1");
	assert_string_equal(doc_at(t, 0, col(t, "state"))->s, "open");

	s = section(d, "entry");
	assert_non_null(f = figure(s, "state"));
	assert_string_equal(f->value.s, "assigned");
	assert_non_null(f = figure(s, "engineer"));
	assert_string_equal(f->value.s, "zhangwei");
	assert_non_null(f = figure(s, "solution"));
	assert_true(f->value.empty);
	assert_non_null(t = table(s, "clocks"));
	assert_int_equal(t->nrows, CLOCK_COUNT);
	assert_string_equal(doc_at(t, 1, col(t, "clock"))->s, "respond");
	assert_int_equal(t->cols[col(t, "due")].type, DOC_TIME);
	assert_false(doc_at(t, 1, col(t, "due"))->empty);

	s = section(d, "money");
	assert_non_null(f = figure(s, "cost"));
	assert_int_equal(f->type, DOC_MONEY);
	assert_int_equal(f->value.n, 128050);
	assert_non_null(f = figure(s, "received"));
	assert_int_equal(f->value.n, 100000);
	assert_non_null(t = table(s, "charges"));
	assert_int_equal(t->nrows, 1);
	assert_int_equal(t->cols[col(t, "amount")].type, DOC_MONEY);
	assert_int_equal(doc_at(t, 0, col(t, "amount"))->n, 128050);
	assert_int_equal(t->cols[col(t, "date")].type, DOC_DATE);
	assert_string_equal(doc_at(t, 0, col(t, "date"))->s, "2026-11-20");
	assert_string_equal(doc_at(t, 0, col(t, "kind"))->s, "travel");
	assert_int_equal(doc_at(t, 0, col(t, "reimbursable"))->n, 0);
	assert_non_null(t = table(s, "payments"));
	assert_int_equal(t->nrows, 1);
	assert_string_equal(doc_at(t, 0, col(t, "invoice"))->s, "No.00012345");

	s = section(d, "history");
	assert_non_null(t = table(s, "events"));
	assert_int_equal(t->nrows, 4);   /* take, assign, charge, payment */
	assert_string_equal(doc_at(t, 1, col(t, "kind"))->s, "assign");

	/* no repair order, loan or card: no such sections */
	assert_null(section(d, "repairs"));
	assert_null(section(d, "card"));
	doc_free(d);
	free(regno);
}

/* The clocks as at the time given: the respond clock runs, then is overdue. */
static void
test_clocks_at(void **state)
{
	store *st = *state;
	char *regno = new_entry(st);
	const doc_block *t;
	sd_doc *d = NULL;
	sd_time now;
	sd_err err;

	assert_true(time_parse("2026-11-20 09:05", &now));
	OK(ledger_entry_doc(st, regno, now, &d, &err));
	t = table(section(d, "entry"), "clocks");
	assert_string_equal(doc_at(t, 1, col(t, "state"))->s, "running");
	assert_false(doc_at(t, 1, col(t, "state_name"))->mark);
	doc_free(d);
	assert_true(time_parse("2026-12-31 09:00", &now));
	OK(ledger_entry_doc(st, regno, now, &d, &err));
	t = table(section(d, "entry"), "clocks");
	assert_string_equal(doc_at(t, 1, col(t, "state"))->s, "overdue");
	assert_true(doc_at(t, 1, col(t, "state_name"))->mark);
	doc_free(d);
	free(regno);
}

/* No entry: SD_DATAERR and no document. */
static void
test_no_entry(void **state)
{
	sd_doc *d = (sd_doc *)1;
	sd_err err;

	assert_int_equal(ledger_entry_doc(*state, "209901-0001", SD_NO_TIME, &d, &err), SD_DATAERR);
	assert_null(d);
	assert_true(err.msg[0] != '\0');
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_entry_doc, setup, teardown),
		cmocka_unit_test_setup_teardown(test_clocks_at, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_entry, setup, teardown),
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
