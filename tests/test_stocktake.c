/*
 * test_stocktake.c — unit tests of the stocktake (盘点): the snapshot, one
 * open stocktake at a time, counts, a receipt during the count kept after
 * posting, the blind sheet, pages and aligned Chinese on the sheet, posting
 * only differences in one transaction, refusing to go below zero, and the
 * import of counts with its errors.
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
#include "staff.h"
#include "stock.h"
#include "stocktake.h"
#include "store.h"
#include "text.h"

#define OK(call) do { if ((call) != SD_OK) fail_msg("%s: %s", #call, err.msg); } while (0)

static char dir[] = "/tmp/servdesk-stocktake-XXXXXX";
static int nfiles;

static char *
new_path(const char *ext)
{
	buf b = { 0 };

	buf_printf(&b, "%s/f%d.%s", dir, ++nfiles, ext);
	return buf_steal(&b);
}

static void
write_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "wb");

	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
}

static void
add_part(store *st, const char *no, const char *name, const char *loc, long qty)
{
	sd_part p = { .part_no = (char *)no, .name = (char *)name, .spec = (char *)"6205-2RS",
	              .location = (char *)loc, .active = true };
	sd_err err;

	OK(stock_part_put(st, &p, &err));
	if (qty)
		OK(stock_receive(st, no, qty, 1250, NULL, NULL, &err));
}

static int
setup(void **state)
{
	char *path = new_path("db");
	store *st = NULL;
	sd_err err;
	sd_staff s = { .login = (char *)"zhougang", .name = (char *)"周刚",
	               .role = ROLE_STOREKEEPER, .active = true };

	setenv("SERVDESK_NOW", "2026-11-24 12:00", 1);
	if (store_open(path, STORE_OPEN_CREATE, "zhougang", &st, &err) != SD_OK)
		return -1;
	free(path);
	if (staff_put(st, &s, &err) != SD_OK)
		return -1;
	add_part(st, "BRG-6205", "深沟球轴承", "A-01-02", 10);
	add_part(st, "FLT-001", "滤芯", "B-02", 5);
	add_part(st, "SEAL-20", "密封圈", "C-03", 0);
	*state = st;
	return 0;
}

static int
teardown(void **state)
{
	store_close(*state);
	return 0;
}

static long
scalar(store *st, const char *sql)
{
	sqlite3_stmt *q;
	long v = -1;

	assert_int_equal(sqlite3_prepare_v2(store_db(st), sql, -1, &q, NULL), SQLITE_OK);
	if (sqlite3_step(q) == SQLITE_ROW)
		v = (long)sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	return v;
}

static long
on_hand(store *st, const char *no)
{
	sd_part p;
	sd_err err;
	long v;

	OK(stock_part_get(st, no, &p, &err));
	v = p.on_hand;
	stock_part_free(&p);
	return v;
}

struct found {
	long n;
	sd_stocktake_line l[8];
	char part_no[8][32];     /* the line's strings last only during the call */
};

static int
collect(const sd_stocktake_line *l, void *arg)
{
	struct found *f = arg;

	if (f->n < 8) {
		f->l[f->n] = *l;
		snprintf(f->part_no[f->n], sizeof f->part_no[0], "%s", l->part_no);
		f->l[f->n].part_no = f->part_no[f->n];
	}
	f->n++;
	return SD_OK;
}

static void
test_start_and_count(void **state)
{
	store *st = *state;
	long long id = 0, id2 = 0;
	struct found f = { 0 };
	sd_err err;

	OK(stocktake_start(st, false, &id, &err));
	assert_true(id > 0);
	assert_int_equal(scalar(st, "SELECT count(*) FROM stocktake_line"), 3);
	assert_int_equal(scalar(st, "SELECT expected FROM stocktake_line JOIN part ON part.id = "
	                            "part_id WHERE part_no = 'BRG-6205'"), 10);
	assert_int_equal(scalar(st, "SELECT count(*) FROM stocktake_line l WHERE last_move_id <> "
	                            "coalesce((SELECT max(id) FROM stock_move m WHERE m.part_id = "
	                            "l.part_id), 0)"), 0);
	assert_int_equal(stocktake_start(st, false, &id2, &err), SD_DATAERR);
	assert_int_equal(scalar(st, "SELECT count(*) FROM stocktake"), 1);

	OK(stocktake_count(st, id, "BRG-6205", 7, &err));
	OK(stocktake_count(st, id, "BRG-6205", 8, &err));     /* corrected */
	assert_int_equal(stocktake_count(st, id, "NOPE", 1, &err), SD_DATAERR);
	assert_int_equal(stocktake_count(st, id, "FLT-001", -1, &err), SD_DATAERR);

	/* a receipt during the count */
	OK(stock_receive(st, "BRG-6205", 3, -1, NULL, NULL, &err));
	OK(stocktake_count(st, id, "FLT-001", 5, &err));      /* no difference */
	OK(stocktake_lines(st, id, true, collect, &f, &err));
	assert_int_equal(f.n, 1);
	assert_string_equal(f.l[0].part_no, "BRG-6205");
	assert_int_equal(f.l[0].expected, 10);
	assert_int_equal(f.l[0].counted, 8);
	assert_int_equal(f.l[0].moved, 3);
	assert_int_equal(f.l[0].diff, -2);

	long moves = scalar(st, "SELECT count(*) FROM stock_move");
	OK(stocktake_post(st, id, &err));
	assert_int_equal(scalar(st, "SELECT count(*) FROM stock_move"), moves + 1);
	assert_int_equal(scalar(st, "SELECT qty FROM stock_move WHERE kind = 'count' AND "
	                            "stocktake_id IS NOT NULL"), -2);
	assert_int_equal(scalar(st, "SELECT cost_fen FROM stock_move WHERE kind = 'count'"), 1250);
	assert_int_equal(on_hand(st, "BRG-6205"), 8 + 3);
	assert_int_equal(on_hand(st, "FLT-001"), 5);
	assert_int_equal(scalar(st, "SELECT count(*) FROM stocktake WHERE posted_by = 'zhougang'"), 1);
	assert_int_equal(scalar(st, "SELECT count(*) FROM audit WHERE tbl = 'stocktake' AND "
	                            "action = 'post'"), 1);
	assert_int_equal(stocktake_post(st, id, &err), SD_DATAERR);
	assert_int_equal(stocktake_count(st, id, "FLT-001", 1, &err), SD_DATAERR);
	/* a new one may start now */
	OK(stocktake_start(st, true, &id2, &err));
	assert_true(id2 > id);
}

static void
test_post_refuses_negative(void **state)
{
	store *st = *state;
	long long id = 0;
	sd_err err;

	OK(stocktake_start(st, false, &id, &err));
	OK(stocktake_count(st, id, "FLT-001", 9, &err));      /* +4 */
	OK(stocktake_count(st, id, "BRG-6205", 0, &err));     /* -10 */
	/* issued meanwhile: 10 - 10 would leave -4 after the 4 taken out */
	OK(stock_adjust(st, "BRG-6205", -4, "报废", NULL, &err));
	long moves = scalar(st, "SELECT count(*) FROM stock_move");
	assert_int_equal(stocktake_post(st, id, &err), SD_DATAERR);
	assert_non_null(strstr(err.msg, "BRG-6205"));
	assert_int_equal(scalar(st, "SELECT count(*) FROM stock_move"), moves);
	assert_int_equal(on_hand(st, "FLT-001"), 5);
	assert_int_equal(on_hand(st, "BRG-6205"), 6);
	assert_int_equal(scalar(st, "SELECT count(*) FROM stocktake WHERE posted_at IS NULL"), 1);
}

/* The display column where marker starts on each line holding it (-1 if none). */
static int
col_of(const char *line, const char *marker)
{
	const char *p = strstr(line, marker);
	char *pre;
	int w;

	if (!p)
		return -1;
	pre = xstrndup(line, (size_t)(p - line));
	w = text_width(pre);
	free(pre);
	return w;
}

static char *
sheet_as(store *st, long long id, enum doc_format f, int lines)
{
	doc_opts o = { .format = f, .width = 80, .page_lines = lines };
	sd_doc *d = NULL;
	buf b = { 0 };
	sd_err err;

	OK(stocktake_sheet_doc(st, id, &d, &err));
	OK(doc_render(d, &o, &b, &err));
	doc_free(d);
	return buf_steal(&b);
}

static char *
sheet(store *st, long long id, int lines)
{
	return sheet_as(st, id, DOCF_TEXT, lines);
}

static void
test_sheet(void **state)
{
	store *st = *state;
	long long id = 0;
	sd_err err;
	char *t, *line, *save;
	int unit_col = -1, pages = 1, longest = 0;

	for (int i = 0; i < 20; i++) {
		char no[32];
		snprintf(no, sizeof no, "P-%02d", i);
		add_part(st, no, i % 2 ? "高压无气喷涂机柱塞密封件" : "pump", "D-01", 2);
	}
	OK(stocktake_start(st, false, &id, &err));
	t = sheet(st, id, 14);                  /* 7 rows a page (header 3, heads 2, footer 2): 23 parts, 4 pages */
	for (const char *p = t; *p; p++)
		pages += *p == '\f';
	assert_int_equal(pages, 4);
	assert_non_null(strstr(t, "page 1 of 4"));
	assert_non_null(strstr(t, "page 4 of 4"));
	assert_non_null(strstr(t, "\f"));
	/* the unit column (个) starts at the same display column on every line */
	for (line = strtok_r(t, "\n\f", &save); line; line = strtok_r(NULL, "\n\f", &save)) {
		int c = col_of(line, "个");
		if (text_width(line) > longest)
			longest = text_width(line);
		if (c < 0)
			continue;
		if (unit_col < 0)
			unit_col = c;
		assert_int_equal(c, unit_col);
	}
	assert_true(unit_col > 0);
	assert_true(longest <= 80);
	free(t);
	/* expected figures shown */
	t = sheet(st, id, 60);
	assert_non_null(strstr(t, "        10 __"));
	free(t);
	OK(stocktake_post(st, id, &err));

	/* blind: no expected figures */
	OK(stocktake_start(st, true, &id, &err));
	t = sheet(st, id, 60);
	assert_null(strstr(t, " 10 __"));
	assert_null(strstr(t, " 2 __"));
	assert_non_null(strstr(t, "BRG-6205"));
	free(t);
	/* for machines: no expected figure (null), no count yet, no blank to write in */
	OK(stocktake_count(st, id, "P-01", 3, &err));
	t = sheet_as(st, id, DOCF_JSON, 0);
	assert_non_null(strstr(t, "{\"part_no\":\"BRG-6205\",\"name\":\"深沟球轴承\","));
	assert_non_null(strstr(t, "\"unit\":\"个\",\"expected\":null,\"counted\":null}"));
	assert_non_null(strstr(t, "\"expected\":null,\"counted\":3}"));
	assert_null(strstr(t, "__"));
	free(t);
	t = sheet_as(st, id, DOCF_CSV, 0);
	assert_non_null(strstr(t, "section,part_no,name,spec,location,unit,expected,counted\r\n"));
	assert_non_null(strstr(t, ",个,,3\r\n"));
	free(t);
}

static void
test_import(void **state)
{
	store *st = *state;
	char *path = new_path("csv");
	long long id = 0;
	long n = -1;
	sd_err err;

	OK(stocktake_start(st, false, &id, &err));
	write_file(path, "备件编号,实盘数量\nBRG-6205,9\nFLT-001,abc\n");
	assert_int_equal(stocktake_import_counts(st, id, path, ENC_AUTO, &n, &err), SD_DATAERR);
	assert_non_null(strstr(err.msg, path));
	assert_non_null(strstr(err.msg, "line 3"));
	assert_non_null(strstr(err.msg, "实盘数量"));
	assert_int_equal(scalar(st, "SELECT count(*) FROM stocktake_line WHERE counted IS NOT NULL"), 0);

	write_file(path, "part_no,counted\nBRG-6205,9\nNOPE,1\n");
	assert_int_equal(stocktake_import_counts(st, id, path, ENC_AUTO, &n, &err), SD_DATAERR);
	assert_non_null(strstr(err.msg, "line 3"));
	assert_non_null(strstr(err.msg, "part_no"));
	assert_int_equal(scalar(st, "SELECT count(*) FROM stocktake_line WHERE counted IS NOT NULL"), 0);

	write_file(path, "part_no,counted\nBRG-6205,9\nBRG-6205,8\n");
	assert_int_equal(stocktake_import_counts(st, id, path, ENC_AUTO, &n, &err), SD_DATAERR);
	assert_non_null(strstr(err.msg, "line 3"));

	write_file(path, "part_no,counted\nBRG-6205,9\nFLT-001,5\n");
	OK(stocktake_import_counts(st, id, path, ENC_AUTO, &n, &err));
	assert_int_equal(n, 2);
	assert_int_equal(scalar(st, "SELECT count(*) FROM stocktake_line WHERE counted IS NOT NULL"), 2);
	free(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_start_and_count, setup, teardown),
		cmocka_unit_test_setup_teardown(test_post_refuses_negative, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sheet, setup, teardown),
		cmocka_unit_test_setup_teardown(test_import, setup, teardown),
	};
	char cmd[128];
	int rc;

	setenv("LC_ALL", "C.UTF-8", 1);
	setlocale(LC_ALL, "");
	if (!mkdtemp(dir))
		return 1;
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	if (system(cmd) != 0 && rc == 0)
		rc = 1;
	return rc;
}
