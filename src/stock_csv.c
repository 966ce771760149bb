/*
 * stock_csv.c — CSV import and export of the parts master, and the export
 * of the stock (on hand, on order, average cost, value, suggested order).
 *
 * As for customers (customer_csv.c): import reads the whole file, converts
 * it to UTF-8 (enc.c), maps the header row to columns by name (English codes
 * or the Chinese titles listed in stock.h; unknown or duplicate columns are
 * refused), and saves every row inside one transaction, so that a file is
 * taken in whole or not at all. Errors read "FILE: line L, field F: problem".
 *
 * A row whose part number is already in the database updates that part;
 * columns the file does not have keep their current values. A part number
 * may appear only once in a file. The unit cost (yuan) is the opening cost of
 * a new part; for a part already recorded it is ignored (its average cost
 * belongs to the journal).
 *
 * Export writes every part in order of part number with the English header,
 * as RFC 4180 records (csv.c), in UTF-8 with a BOM or in GB18030. Exporting
 * the parts, importing them into an empty database and exporting again gives
 * the same bytes.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "csv.h"
#include "enc.h"
#include "money.h"
#include "stock.h"
#include "store.h"
#include "text.h"

#define MAX_COLS 10
#define MAX_NUMBER 1000000000L

struct column {
	const char *code;         /* English header, as exported */
	const char *zh[3];        /* Chinese titles accepted on import */
	bool required;
	const char *label;        /* stock.c's label for the field (messages "label: ...") */
};

enum { PC_NO, PC_NAME, PC_SPEC, PC_UNIT, PC_BRAND, PC_LOCATION, PC_COST, PC_RP, PC_RQ,
       PC_ACTIVE, PC_COUNT };
static const struct column part_columns[] = {
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

/* ---------------------------------------------------------------- header */

static bool
ascii_caseeq(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		unsigned char x = (unsigned char)*a, y = (unsigned char)*b;
		if (x >= 'A' && x <= 'Z')
			x += 'a' - 'A';
		if (y >= 'A' && y <= 'Z')
			y += 'a' - 'A';
		if (x != y)
			return false;
	}
	return *a == *b;
}

struct layout {
	const struct column *cols;
	size_t ncols;            /* fields per record */
	char **names;            /* header names as written (trimmed), for messages */
	int where[MAX_COLS];     /* file column of each known column, -1 if absent */
};

static void
layout_free(struct layout *l)
{
	for (size_t i = 0; i < l->ncols; i++)
		free(l->names[i]);
	free(l->names);
	l->names = NULL;
	l->ncols = 0;
}

static int
map_header(const struct column *cols, const char *name)
{
	for (int c = 0; cols[c].code; c++) {
		if (ascii_caseeq(name, cols[c].code))
			return c;
		for (int j = 0; j < 3 && cols[c].zh[j]; j++)
			if (strcmp(name, cols[c].zh[j]) == 0)
				return c;
	}
	return -1;
}

static int
read_header(struct layout *l, const char *path, long line, char **f, size_t n, sd_err *err)
{
	l->ncols = n;
	l->names = xcalloc(n, sizeof *l->names);
	for (int c = 0; c < MAX_COLS; c++)
		l->where[c] = -1;
	for (size_t i = 0; i < n; i++)
		l->names[i] = text_trim(f[i]);
	for (size_t i = 0; i < n; i++) {
		int c = map_header(l->cols, l->names[i]);

		if (c < 0)
			return sd_err_set(err, SD_DATAERR, _("%s: line %ld, field %s: unknown column"),
			                  path, line, l->names[i]);
		if (l->where[c] >= 0)
			return sd_err_set(err, SD_DATAERR, _("%s: line %ld, field %s: duplicate column"),
			                  path, line, l->names[i]);
		l->where[c] = (int)i;
	}
	for (int c = 0; l->cols[c].code; c++)
		if (l->cols[c].required && l->where[c] < 0)
			return sd_err_set(err, SD_DATAERR, _("%s: line %ld: missing required column %s"),
			                  path, line, l->cols[c].code);
	return SD_OK;
}

static const char *
value(const struct layout *l, char **f, int c)
{
	return l->where[c] >= 0 ? f[l->where[c]] : NULL;
}

static int
row_error(const struct layout *l, const char *path, long line, int c, const char *problem,
          sd_err *err)
{
	const char *name = l->where[c] >= 0 ? l->names[l->where[c]] : l->cols[c].code;
	return sd_err_set(err, SD_DATAERR, _("%s: line %ld, field %s: %s"), path, line, name, problem);
}

/* The core's verdict ("label: problem") against the file's column it names, else the line. */
static int
core_error(const struct layout *l, const char *path, long line, int rc, const sd_err *verr,
           sd_err *err)
{
	char msg[sizeof verr->msg];

	snprintf(msg, sizeof msg, "%s", verr->msg);
	if (rc == SD_DATAERR)
		for (int c = 0; l->cols[c].code; c++) {
			const char *lab = l->cols[c].label ? _(l->cols[c].label) : NULL;
			size_t n = lab ? strlen(lab) : 0;
			if (n && strncmp(msg, lab, n) == 0 && msg[n] == ':' && msg[n + 1] == ' ')
				return row_error(l, path, line, c, msg + n + 2, err);
		}
	return sd_err_set(err, rc, _("%s: line %ld: %s"), path, line, msg);
}

/* ---------------------------------------------------------------- keys seen */

struct seen {
	char **key;
	long *line;
	size_t cap, n;
};

static size_t
seen_hash(const char *s)
{
	size_t h = 5381;
	while (*s)
		h = h * 33 + (unsigned char)*s++;
	return h;
}

/* The line of key if seen; else records it with line and returns 0. */
static long
seen_add(struct seen *s, const char *key, long line)
{
	if (2 * (s->n + 1) > s->cap) {
		struct seen t = { 0 };
		t.cap = s->cap ? s->cap * 2 : 256;
		t.key = xcalloc(t.cap, sizeof *t.key);
		t.line = xcalloc(t.cap, sizeof *t.line);
		for (size_t i = 0; i < s->cap; i++)
			if (s->key[i]) {
				size_t j = seen_hash(s->key[i]) & (t.cap - 1);
				while (t.key[j])
					j = (j + 1) & (t.cap - 1);
				t.key[j] = s->key[i];
				t.line[j] = s->line[i];
				t.n++;
			}
		free(s->key);
		free(s->line);
		*s = t;
	}
	size_t i = seen_hash(key) & (s->cap - 1);
	while (s->key[i]) {
		if (strcmp(s->key[i], key) == 0)
			return s->line[i];
		i = (i + 1) & (s->cap - 1);
	}
	s->key[i] = xstrdup(key);
	s->line[i] = line;
	s->n++;
	return 0;
}

static void
seen_free(struct seen *s)
{
	for (size_t i = 0; i < s->cap; i++)
		free(s->key[i]);
	free(s->key);
	free(s->line);
	memset(s, 0, sizeof *s);
}

/* ---------------------------------------------------------------- rows */

static void
take(char **dst, const char *v)
{
	if (!v)
		return;
	free(*dst);
	*dst = xstrdup(v);
}

/* 1/0, yes/no, true/false, 是/否; empty is yes. -1 if none of these. */
static int
parse_flag(const char *s)
{
	static const char *const yes[] = { "", "1", "yes", "y", "true", "是" };
	static const char *const no[] = { "0", "no", "n", "false", "否" };
	char *t = text_trim(s);
	int r = -1;

	for (size_t i = 0; i < SD_ARRAY_LEN(yes) && r < 0; i++)
		if (ascii_caseeq(t, yes[i]))
			r = 1;
	for (size_t i = 0; i < SD_ARRAY_LEN(no) && r < 0; i++)
		if (ascii_caseeq(t, no[i]))
			r = 0;
	free(t);
	return r;
}

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
part_row(store *st, const struct layout *l, struct seen *seen, const char *path, long line,
         char **f, sd_err *err)
{
	static const int counts[] = { PC_RP, PC_RQ };
	sd_part p;
	sd_err verr;
	const char *v;
	char *key = text_trim(value(l, f, PC_NO) ? value(l, f, PC_NO) : "");
	bool known;
	long prev;
	int rc;

	if (*key && (prev = seen_add(seen, key, line)) != 0) {
		char problem[512];
		snprintf(problem, sizeof problem, _("%s is already on line %ld"), key, prev);
		free(key);
		return row_error(l, path, line, PC_NO, problem, err);
	}
	sd_err_clear(&verr);
	known = *key && stock_part_get(st, key, &p, &verr) == SD_OK;
	if (!known) {
		memset(&p, 0, sizeof p);
		p.active = true;
	}
	free(p.part_no);
	p.part_no = key;
	take(&p.name, value(l, f, PC_NAME));
	take(&p.spec, value(l, f, PC_SPEC));
	take(&p.unit, value(l, f, PC_UNIT));
	take(&p.brand, value(l, f, PC_BRAND));
	take(&p.location, value(l, f, PC_LOCATION));
	long *dst[] = { &p.reorder_point, &p.reorder_qty };
	for (size_t i = 0; i < SD_ARRAY_LEN(counts); i++)
		if ((v = value(l, f, counts[i])) && !parse_count(v, dst[i])) {
			stock_part_free(&p);
			return row_error(l, path, line, counts[i],
			                 _("expected a whole number from 0 to 1000000000"), err);
		}
	if ((v = value(l, f, PC_COST)) && !known) {
		char *t = text_trim(v);
		int64_t fen = 0;
		bool ok = !*t || money_parse(t, &fen);
		free(t);
		if (!ok || fen < 0) {
			stock_part_free(&p);
			return row_error(l, path, line, PC_COST,
			                 _("expected an amount in yuan of zero or more, like 12.50"), err);
		}
		p.avg_cost_fen = fen;
	}
	if ((v = value(l, f, PC_ACTIVE))) {
		int a = parse_flag(v);
		if (a < 0) {
			stock_part_free(&p);
			return row_error(l, path, line, PC_ACTIVE, _("must be 1 or 0 (yes or no, 是 or 否)"),
			                 err);
		}
		p.active = a == 1;
	}
	rc = stock_part_put(st, &p, &verr);
	stock_part_free(&p);
	if (rc != SD_OK)
		return core_error(l, path, line, rc, &verr, err);
	return SD_OK;
}

static int
slurp(const char *path, char **data, size_t *len, sd_err *err)
{
	FILE *fp = fopen(path, "rb");
	buf b = { 0 };
	char chunk[65536];
	size_t n;

	if (!fp)
		return sd_err_set(err, SD_NOINPUT, _("%s: cannot open: %s"), path, strerror(errno));
	while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
		buf_append(&b, chunk, n);
	if (ferror(fp)) {
		int e = errno;
		fclose(fp);
		buf_free(&b);
		return sd_err_set(err, SD_IOERR, _("%s: cannot read: %s"), path, strerror(e));
	}
	fclose(fp);
	*len = b.len;
	*data = buf_steal(&b);
	return SD_OK;
}

int
stock_import_parts(store *st, const char *path, sd_encoding enc, long *count, sd_err *err)
{
	char *raw = NULL, *text = NULL;
	size_t rawlen, textlen;
	csv_reader *rd = NULL;
	struct layout l = { 0 };
	struct seen seen = { 0 };
	char **f;
	size_t n;
	long rows = 0;
	int rc, got;
	bool in_tx = false;

	sd_err_clear(err);
	if (count)
		*count = 0;
	l.cols = part_columns;
	if ((rc = slurp(path, &raw, &rawlen, err)) != SD_OK)
		return rc;
	rc = enc_to_utf8(path, raw, rawlen, enc, &text, &textlen, NULL, err);
	free(raw);
	if (rc != SD_OK)
		return rc;

	rd = csv_reader_new(path, text, textlen);
	got = csv_next(rd, &f, &n, err);
	if (got < 0) {
		rc = err->status;
		goto out;
	}
	if (got == 0) {
		rc = sd_err_set(err, SD_DATAERR, _("%s: line %ld: no header row"), path, 1L);
		goto out;
	}
	if ((rc = read_header(&l, path, csv_line(rd), f, n, err)) != SD_OK)
		goto out;

	if ((rc = store_begin(st, err)) != SD_OK)
		goto out;
	in_tx = true;
	while ((got = csv_next(rd, &f, &n, err)) == 1) {
		long line = csv_line(rd);

		if (n != l.ncols) {
			rc = sd_err_set(err, SD_DATAERR,
			                _("%s: line %ld: %zu fields, but the header has %zu"),
			                path, line, n, l.ncols);
			goto out;
		}
		if ((rc = part_row(st, &l, &seen, path, line, f, err)) != SD_OK)
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
	seen_free(&seen);
	layout_free(&l);
	csv_reader_free(rd);
	free(text);
	return rc;
}

/* ---------------------------------------------------------------- export */

struct export {
	FILE *out;
	sd_encoding enc;
	buf csv;            /* UTF-8 records not yet written */
	long rows;
	sd_err *err;
};

static int
flush_chunk(struct export *x)
{
	char *conv = NULL;
	size_t convlen;
	int rc;

	if (x->csv.len == 0)
		return SD_OK;
	if (x->enc == ENC_GB18030) {
		if ((rc = enc_from_utf8(x->csv.data, x->csv.len, ENC_GB18030, &conv, &convlen,
		                        x->err)) != SD_OK)
			return rc;
	}
	const char *p = conv ? conv : x->csv.data;
	size_t len = conv ? convlen : x->csv.len;
	rc = fwrite(p, 1, len, x->out) == len ? SD_OK :
	     sd_err_set(x->err, SD_IOERR, _("cannot write the export: %s"), strerror(errno));
	free(conv);
	buf_reset(&x->csv);
	return rc;
}

static void
put_record(struct export *x, const char *const *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_putc(&x->csv, ',');
		csv_put_field(&x->csv, v[i] ? v[i] : "");
	}
	buf_append(&x->csv, "\r\n", 2);
}

static void
export_start(struct export *x, FILE *out, sd_encoding enc, const char *const *header, size_t n,
             long *count, sd_err *err)
{
	sd_err_clear(err);
	if (count)
		*count = 0;
	memset(x, 0, sizeof *x);
	x->out = out;
	x->enc = enc == ENC_GB18030 ? ENC_GB18030 : ENC_UTF8;
	x->err = err;
	if (x->enc == ENC_UTF8)
		buf_puts(&x->csv, "\xef\xbb\xbf");
	put_record(x, header, n);
}

static int
export_end(struct export *x, int rc, long *count)
{
	if (rc == SD_OK)
		rc = flush_chunk(x);
	if (rc == SD_OK && fflush(x->out) != 0)
		rc = sd_err_set(x->err, SD_IOERR, _("cannot write the export: %s"), strerror(errno));
	buf_free(&x->csv);
	if (rc == SD_OK && count)
		*count = x->rows;
	return rc;
}

static const char *
col_text(sqlite3_stmt *q, int i)
{
	return (const char *)sqlite3_column_text(q, i);
}

int
stock_export_parts(store *st, FILE *out, sd_encoding enc, long *count, sd_err *err)
{
	const char *header[PC_COUNT];
	struct export x;
	sqlite3_stmt *q;
	int rc = SQLITE_DONE, ret = SD_OK;

	for (int c = 0; c < PC_COUNT; c++)
		header[c] = part_columns[c].code;
	export_start(&x, out, enc, header, PC_COUNT, count, err);
	q = store_prepare(st, "SELECT part_no, name, spec, unit, brand, location, avg_cost_fen, "
	                      "reorder_point, reorder_qty, active FROM part ORDER BY part_no", err);
	if (!q)
		return export_end(&x, err ? err->status : SD_INTERNAL, count);
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
		put_record(&x, v, PC_COUNT);
		x.rows++;
		if (x.csv.len >= 65536)
			ret = flush_chunk(&x);
	}
	if (ret == SD_OK && rc != SQLITE_DONE)
		ret = store_fail(st, rc, _("reading the parts"), err);
	sqlite3_reset(q);
	return export_end(&x, ret, count);
}

int
stock_export_stock(store *st, FILE *out, sd_encoding enc, bool low_only, long *count, sd_err *err)
{
	struct export x;
	sqlite3_stmt *q;
	int rc = SQLITE_DONE, ret = SD_OK;

	export_start(&x, out, enc, stock_header, SD_ARRAY_LEN(stock_header), count, err);
	q = store_prepare(st, low_only ?
		"SELECT part_no, name, spec, unit, location, on_hand, on_order, avg_cost_fen, "
		"reorder_point, reorder_qty, active FROM part "
		"WHERE on_hand <= reorder_point AND active = 1 ORDER BY part_no" :
		"SELECT part_no, name, spec, unit, location, on_hand, on_order, avg_cost_fen, "
		"reorder_point, reorder_qty, active FROM part ORDER BY part_no", err);
	if (!q)
		return export_end(&x, err ? err->status : SD_INTERNAL, count);
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
		put_record(&x, v, SD_ARRAY_LEN(stock_header));
		x.rows++;
		if (x.csv.len >= 65536)
			ret = flush_chunk(&x);
	}
	if (ret == SD_OK && rc != SQLITE_DONE)
		ret = store_fail(st, rc, _("reading the parts"), err);
	sqlite3_reset(q);
	return export_end(&x, ret, count);
}
