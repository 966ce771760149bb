/*
 * stock_csv.c — CSV import and export of the parts master, and the export
 * of the stock (on hand, on order, average cost, value, suggested order).
 *
 * As for customers (customer_csv.c), csvtab.c reads the whole file, converts
 * it to UTF-8 and maps the header row to the columns below by name (English
 * codes or the Chinese titles listed in stock.h; unknown or duplicate
 * columns are refused); every row is saved inside one transaction, so that a
 * file is taken in whole or not at all. Errors read "FILE: line L, field F:
 * problem".
 *
 * A row whose part number is already in the database updates that part;
 * columns the file does not have keep their current values. A part number
 * may appear only once in a file. The unit cost (yuan) is the opening cost of
 * a new part; for a part already recorded it is ignored (its average cost
 * belongs to the journal).
 *
 * Export writes every part in order of part number with the English header,
 * as RFC 4180 records (csvtab.c's writer), in UTF-8 with a BOM or in GB18030. Exporting
 * the parts, importing them into an empty database and exporting again gives
 * the same bytes.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvtab.h"
#include "money.h"
#include "stock.h"
#include "store.h"
#include "text.h"
#include "staff.h"

#define MAX_NUMBER 1000000000L

enum { PC_NO, PC_NAME, PC_SPEC, PC_UNIT, PC_BRAND, PC_LOCATION, PC_COST, PC_RP, PC_RQ,
       PC_ACTIVE, PC_COUNT };
static const csvtab_column part_columns[] = {
	[PC_NO]       = { "part_no",       { "备件编号", "料号" }, true, N_("part number") },
	[PC_NAME]     = { "name",          { "名称", "备件名称" }, true, N_("name") },
	[PC_SPEC]     = { "spec",          { "规格", "规格型号" }, false, N_("specification") },
	[PC_UNIT]     = { "unit",          { "单位" }, false, N_("unit") },
	[PC_BRAND]    = { "brand",         { "品牌" }, false, N_("brand") },
	[PC_LOCATION] = { "location",      { "库位", "存放位置" }, false, N_("location") },
	[PC_COST]     = { "unit_cost",     { "单价", "单位成本" }, false, N_("unit cost") },
	[PC_RP]       = { "reorder_point", { "安全库存", "订货点" }, false, N_("reorder point") },
	[PC_RQ]       = { "reorder_qty",   { "订货量" }, false, N_("reorder quantity") },
	[PC_ACTIVE]   = { "active",        { "在用", "启用" }, false, NULL },
	{ NULL, { NULL }, false, NULL }
};

static const char *const stock_header[] = {
	"part_no", "name", "spec", "unit", "location", "on_hand", "on_order", "avg_cost",
	"stock_value", "to_order"
};

/* ---------------------------------------------------------------- rows */

/* A whole number 0..MAX_NUMBER (empty is 0); false if not. */
static bool
parse_count(const char *s, long *out)
{
	char *t = text_trim(s);
	long v = 0;
	bool ok = true;

	for (const char *p = t; *p && ok; p++) {
		if (*p < '0' || *p > '9' || v > MAX_NUMBER)
			ok = false;
		else
			v = v * 10 + (*p - '0');
	}
	free(t);
	if (!ok || v > MAX_NUMBER)
		return false;
	*out = v;
	return true;
}

static int
part_row(store *st, const csvtab_layout *l, csvtab_seen *seen, const char *path, long line,
         char **f, sd_err *err)
{
	static const int counts[] = { PC_RP, PC_RQ };
	sd_part p;
	sd_err verr;
	const char *v;
	char *key = csvtab_trimmed(l, f, PC_NO);
	bool known;
	int rc;

	if ((rc = csvtab_key_once(l, seen, path, line, PC_NO, key, err)) != SD_OK) {
		free(key);
		return rc;
	}
	sd_err_clear(&verr);
	known = *key && stock_part_get(st, key, &p, &verr) == SD_OK;
	if (!known) {
		memset(&p, 0, sizeof p);
		p.active = true;
	}
	free(p.part_no);
	p.part_no = key;
	csvtab_take(&p.name, csvtab_value(l, f, PC_NAME));
	csvtab_take(&p.spec, csvtab_value(l, f, PC_SPEC));
	csvtab_take(&p.unit, csvtab_value(l, f, PC_UNIT));
	csvtab_take(&p.brand, csvtab_value(l, f, PC_BRAND));
	csvtab_take(&p.location, csvtab_value(l, f, PC_LOCATION));
	long *dst[] = { &p.reorder_point, &p.reorder_qty };
	for (size_t i = 0; i < SD_ARRAY_LEN(counts); i++)
		if ((v = csvtab_value(l, f, counts[i])) && !parse_count(v, dst[i])) {
			stock_part_free(&p);
			return csvtab_row_error(l, path, line, counts[i],
			                        _("expected a whole number from 0 to 1000000000"), err);
		}
	if ((v = csvtab_value(l, f, PC_COST)) && !known) {
		char *t = text_trim(v);
		int64_t fen = 0;
		bool ok = !*t || money_parse(t, &fen);
		free(t);
		if (!ok || fen < 0) {
			stock_part_free(&p);
			return csvtab_row_error(l, path, line, PC_COST,
			                        _("expected an amount in yuan of zero or more, like 12.50"),
			                        err);
		}
		p.avg_cost_fen = fen;
	}
	if ((v = csvtab_value(l, f, PC_ACTIVE))) {
		int a = csvtab_parse_flag(v, 1);     /* empty is yes */
		if (a < 0) {
			stock_part_free(&p);
			return csvtab_row_error(l, path, line, PC_ACTIVE,
			                        _("must be 1 or 0 (yes or no, 是 or 否)"), err);
		}
		p.active = a == 1;
	}
	rc = stock_part_put(st, &p, &verr);
	stock_part_free(&p);
	if (rc != SD_OK)
		return csvtab_core_error(l, path, line, rc, &verr, err);
	return SD_OK;
}

int
stock_import_parts(store *st, const char *path, sd_encoding enc, long *count, sd_err *err)
{
	csvtab_file cf;
	csvtab_seen seen = { 0 };
	char **f;
	long rows = 0, line;
	int rc, got;
	bool in_tx = false;

	sd_err_clear(err);
	if ((rc = staff_permit_self(st, ACT_PART_CHANGE, err)) != SD_OK)
		return rc;
	if (count)
		*count = 0;
	if ((rc = csvtab_open(&cf, path, enc, part_columns, NULL, err)) != SD_OK)
		return rc;

	if ((rc = store_begin(st, err)) != SD_OK)
		goto out;
	in_tx = true;
	while ((got = csvtab_next(&cf, &f, &line, err)) == 1) {
		if ((rc = part_row(st, &cf.l, &seen, path, line, f, err)) != SD_OK)
			goto out;
		rows++;
	}
	if (got < 0) {
		rc = err->status;
		goto out;
	}
	in_tx = false;
	if ((rc = store_commit(st, err)) != SD_OK)
		goto out;
	if (count)
		*count = rows;
	rc = SD_OK;
out:
	if (in_tx)
		store_rollback(st);
	csvtab_seen_free(&seen);
	csvtab_close(&cf);
	return rc;
}

/* ---------------------------------------------------------------- export */

static const char *
col_text(sqlite3_stmt *q, int i)
{
	return (const char *)sqlite3_column_text(q, i);
}

int
stock_export_parts(store *st, FILE *out, sd_encoding enc, long *count, sd_err *err)
{
	csvtab_writer w;
	sqlite3_stmt *q;
	int rc = SQLITE_DONE, ret = SD_OK;

	csvtab_writer_start(&w, out, enc, count, err);
	csvtab_put_header(&w, part_columns, NULL, 0);
	q = store_prepare(st, "SELECT part_no, name, spec, unit, brand, location, avg_cost_fen, "
	                      "reorder_point, reorder_qty, active FROM part ORDER BY part_no", err);
	if (!q)
		return csvtab_writer_end(&w, err ? err->status : SD_INTERNAL, count);
	while (ret == SD_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
		const char *v[PC_COUNT];
		char cost[32], rp[24], rq[24];

		money_format(sqlite3_column_int64(q, 6), cost);
		snprintf(rp, sizeof rp, "%lld", (long long)sqlite3_column_int64(q, 7));
		snprintf(rq, sizeof rq, "%lld", (long long)sqlite3_column_int64(q, 8));
		for (int c = 0; c < 6; c++)
			v[c] = col_text(q, c);
		v[PC_COST] = cost;
		v[PC_RP] = rp;
		v[PC_RQ] = rq;
		v[PC_ACTIVE] = sqlite3_column_int(q, 9) ? "1" : "0";
		csvtab_put_record(&w, v, PC_COUNT);
		ret = csvtab_row_done(&w);
	}
	if (ret == SD_OK && rc != SQLITE_DONE)
		ret = store_fail(st, rc, _("reading the parts"), err);
	sqlite3_reset(q);
	return csvtab_writer_end(&w, ret, count);
}

int
stock_export_stock(store *st, FILE *out, sd_encoding enc, bool low_only, long *count, sd_err *err)
{
	csvtab_writer w;
	sqlite3_stmt *q;
	int rc = SQLITE_DONE, ret = SD_OK;

	csvtab_writer_start(&w, out, enc, count, err);
	csvtab_put_record(&w, stock_header, SD_ARRAY_LEN(stock_header));
	q = store_prepare(st, low_only ?
		"SELECT part_no, name, spec, unit, location, on_hand, on_order, avg_cost_fen, "
		"reorder_point, reorder_qty, active FROM part "
		"WHERE on_hand <= reorder_point AND active = 1 ORDER BY part_no" :
		"SELECT part_no, name, spec, unit, location, on_hand, on_order, avg_cost_fen, "
		"reorder_point, reorder_qty, active FROM part ORDER BY part_no", err);
	if (!q)
		return csvtab_writer_end(&w, err ? err->status : SD_INTERNAL, count);
	while (ret == SD_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
		const char *v[SD_ARRAY_LEN(stock_header)];
		char hand[24], ordered[24], avg[32], worth[32], want[24];
		long h = (long)sqlite3_column_int64(q, 5), o = (long)sqlite3_column_int64(q, 6);
		int64_t a = sqlite3_column_int64(q, 7);
		__int128 total = (__int128)h * a;

		snprintf(hand, sizeof hand, "%ld", h);
		snprintf(ordered, sizeof ordered, "%ld", o);
		money_format(a, avg);
		money_format(total > INT64_MAX ? INT64_MAX : (int64_t)total, worth);
		snprintf(want, sizeof want, "%ld", sqlite3_column_int(q, 10) ?
		         stock_to_order(h, o, (long)sqlite3_column_int64(q, 8),
		                        (long)sqlite3_column_int64(q, 9)) : 0L);
		for (int c = 0; c < 5; c++)
			v[c] = col_text(q, c);
		v[5] = hand;
		v[6] = ordered;
		v[7] = avg;
		v[8] = worth;
		v[9] = want;
		csvtab_put_record(&w, v, SD_ARRAY_LEN(stock_header));
		ret = csvtab_row_done(&w);
	}
	if (ret == SD_OK && rc != SQLITE_DONE)
		ret = store_fail(st, rc, _("reading the parts"), err);
	sqlite3_reset(q);
	return csvtab_writer_end(&w, ret, count);
}
