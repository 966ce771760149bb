/* Unit tests of a CSV export read into a document (export_doc). */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "doc.h"
#include "export_doc.h"

static const char *csv_text;

/* An exporter writing csv_text one byte at a time, as a slow writer would. */
static int
bytewise(store *st, FILE *out, sd_encoding enc, const char *month, long *count, sd_err *err)
{
	(void)st;
	(void)enc;
	(void)month;
	setvbuf(out, NULL, _IONBF, 0);
	for (const char *p = csv_text; *p; p++)
		if (fputc(*p, out) == EOF)
			return sd_err_set(err, SD_IOERR, "write failed");
	*count = 2;
	return SD_OK;
}

static const doc_block *
the_table(const sd_doc *d)
{
	assert_int_equal(d->nsections, 1);
	assert_int_equal(d->sections[0].nblocks, 1);
	return &d->sections[0].blocks[0];
}

static void
test_types_and_split_records(void **state)
{
	sd_doc *d = doc_new("customers", "Customers", "site");
	const doc_block *t;
	long count = 0;
	sd_err err;

	(void)state;
	csv_text = "\xef\xbb\xbfname,key_customer,unit_cost,commissioned_on,received_at,note\r\n"
	           "=1+1,1,\"1,280.50\",2019-06-10,2026-11-20 10:00,\"two\r\nlines, \"\"quoted\"\"\"\r\n"
	           "沙洲纺织,0,0.00,,,\r\n";
	assert_int_equal(export_doc(NULL, bytewise, NULL, d, "customers", "Customers", &count, &err), SD_OK);
	assert_int_equal(count, 2);
	t = the_table(d);
	assert_int_equal(t->ncols, 6);
	assert_int_equal(t->nrows, 2);
	assert_string_equal(t->cols[0].key, "name");
	assert_int_equal(t->cols[0].type, DOC_TEXT);
	assert_int_equal(t->cols[1].type, DOC_COUNT);
	assert_int_equal(t->cols[2].type, DOC_MONEY);
	assert_int_equal(t->cols[3].type, DOC_DATE);
	assert_int_equal(t->cols[4].type, DOC_TIME);
	assert_string_equal(doc_at(t, 0, 0)->s, "=1+1");
	assert_int_equal(doc_at(t, 0, 1)->n, 1);
	assert_int_equal(doc_at(t, 0, 2)->n, 128050);
	assert_string_equal(doc_at(t, 0, 3)->s, "2019-06-10");
	assert_string_equal(doc_at(t, 0, 4)->s, "2026-11-20 10:00");
	assert_string_equal(doc_at(t, 0, 5)->s, "two\nlines, \"quoted\"");
	assert_string_equal(doc_at(t, 1, 0)->s, "沙洲纺织");
	assert_int_equal(doc_at(t, 1, 2)->n, 0);
	assert_false(doc_at(t, 1, 2)->empty);
	assert_true(doc_at(t, 1, 3)->empty);
	assert_true(doc_at(t, 1, 5)->empty);
	doc_free(d);
}

static void
test_bad_value_names_the_column(void **state)
{
	sd_doc *d = doc_new("parts", "Parts", "site");
	sd_err err;

	(void)state;
	csv_text = "part_no,unit_cost\r\nP1,12.00\r\nP2,abc\r\n";
	assert_int_equal(export_doc(NULL, bytewise, NULL, d, "parts", "Parts", NULL, &err), SD_INTERNAL);
	assert_non_null(strstr(err.msg, "unit_cost"));
	assert_non_null(strstr(err.msg, "abc"));
	doc_free(d);
}

static void
test_column_types(void **state)
{
	(void)state;
	assert_int_equal(export_column_type("成本(元)"), DOC_MONEY);
	assert_int_equal(export_column_type("应访日期"), DOC_DATE);
	assert_int_equal(export_column_type("onsite_due"), DOC_TIME);
	assert_int_equal(export_column_type("on_hand"), DOC_COUNT);
	assert_int_equal(export_column_type("phone"), DOC_TEXT);
	assert_int_equal(export_column_type("regno"), DOC_TEXT);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_types_and_split_records),
		cmocka_unit_test(test_bad_value_names_the_column),
		cmocka_unit_test(test_column_types),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
