/*
 * customer_csv.c — CSV import and export of customers and of equipment.
 *
 * As for requests (intake_csv.c): import reads the whole file, converts it to
 * UTF-8 (enc.c), maps the header row to columns by name (English codes or the
 * Chinese titles listed in customer.h; unknown or duplicate columns are
 * refused), and saves every row inside one transaction, so that a file is
 * taken in whole or not at all. Errors read "FILE: line L, field F: problem".
 *
 * A row whose customer (by name) or equipment (by serial number) is already
 * in the database updates it; columns the file does not have keep their
 * current values. A name or serial number may appear only once in a file.
 * Equipment must name a customer that is in the database.
 *
 * Export writes every record in the order of its key (name, serial number)
 * with the English header, as RFC 4180 records (csv.c), in UTF-8 with a BOM
 * or in GB18030. Exporting, importing into an empty database (customers
 * before equipment) and exporting again gives the same bytes.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "csv.h"
#include "customer.h"
#include "enc.h"
#include "store.h"
#include "text.h"

#define MAX_COLS 8

struct column {
	const char *code;         /* English header, as exported */
	const char *zh[3];        /* Chinese titles accepted on import */
	bool required;
	const char *label;        /* customer.c's label for the field (messages "label: ...") */
};

enum { CC_NAME, CC_REGION, CC_KEY, CC_ADDRESS, CC_CONTACT, CC_PHONE, CC_COUNT };
static const struct column customer_columns[] = {
	[CC_NAME]    = { "name",         { "客户", "客户名称" }, true, N_("name") },
	[CC_REGION]  = { "region",       { "区域", "地区" }, false, N_("region") },
	[CC_KEY]     = { "key_customer", { "重点客户" }, false, NULL },
	[CC_ADDRESS] = { "address",      { "地址" }, false, N_("address") },
	[CC_CONTACT] = { "contact",      { "联系人" }, false, N_("contact") },
	[CC_PHONE]   = { "phone",        { "电话", "联系电话" }, false, N_("phone") },
	{ NULL, { NULL }, false, NULL }
};

enum { EC_SERIAL, EC_CUSTOMER, EC_MODEL, EC_DELIVERED, EC_ACCEPTED, EC_COMMISSIONED, EC_NOTE,
       EC_COUNT };
static const struct column equipment_columns[] = {
	[EC_SERIAL]       = { "serial",          { "设备序列号", "序列号" }, true, N_("serial number") },
	[EC_CUSTOMER]     = { "customer",        { "客户" }, true, N_("customer") },
	[EC_MODEL]        = { "model",           { "型号" }, false, N_("model") },
	[EC_DELIVERED]    = { "delivered_on",    { "发货日期", "交货日期" }, false, N_("delivered on") },
	[EC_ACCEPTED]     = { "accepted_on",     { "到货验收日期", "验收日期" }, false, N_("accepted on") },
	[EC_COMMISSIONED] = { "commissioned_on", { "调试日期", "投运日期" }, false, N_("commissioned on") },
	[EC_NOTE]         = { "note",            { "备注" }, false, N_("note") },
	{ NULL, { NULL }, false, NULL }
};

/* ---------------------------------------------------------------- header */

/* ASCII-only case-insensitive equality (never touches non-ASCII bytes). */
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

/* How the file's columns map to the known ones. */
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

/* The value of column c in the record, or NULL if the file has no such column. */
static const char *
value(const struct layout *l, char **f, int c)
{
	return l->where[c] >= 0 ? f[l->where[c]] : NULL;
}

/* Record an error on line `line` naming the file column of column c. */
static int
row_error(const struct layout *l, const char *path, long line, int c, const char *problem,
          sd_err *err)
{
	const char *name = l->where[c] >= 0 ? l->names[l->where[c]] : l->cols[c].code;
	return sd_err_set(err, SD_DATAERR, _("%s: line %ld, field %s: %s"), path, line, name, problem);
}

/*
 * Report the core's verdict ("label: problem") against the file's column
 * whose label it names, else against the line.
 */
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

/* The keys (names, serial numbers) of this file, with their lines. */
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

/* Replace *dst by a copy of v when the file has the column (v not NULL). */
static void
take(char **dst, const char *v)
{
	if (!v)
		return;
	free(*dst);
	*dst = xstrdup(v);
}

/* key_customer: 1/0, yes/no, true/false, 是/否; empty is no. -1 if none of these. */
static int
parse_flag(const char *s)
{
	static const char *const yes[] = { "1", "yes", "y", "true", "是", "Y" };
	static const char *const no[] = { "", "0", "no", "n", "false", "否" };
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

/* The row's key (trimmed), "" when blank; malloc'd. */
static char *
row_key(const struct layout *l, char **f, int c)
{
	const char *v = value(l, f, c);
	return text_trim(v ? v : "");
}

/* Refuse a key already used on an earlier line of the file. */
static int
check_seen(const struct layout *l, struct seen *seen, const char *path, long line, int c,
           const char *key, sd_err *err)
{
	long prev;
	char problem[512];

	if (!*key)
		return SD_OK;        /* the core says "required" */
	if ((prev = seen_add(seen, key, line)) == 0)
		return SD_OK;
	snprintf(problem, sizeof problem, _("%s is already on line %ld"), key, prev);
	return row_error(l, path, line, c, problem, err);
}

static int
customer_row(store *st, const struct layout *l, struct seen *seen, const char *path, long line,
             char **f, sd_err *err)
{
	sd_customer c;
	sd_err verr;
	char *key = row_key(l, f, CC_NAME);
	const char *v;
	int rc;

	if ((rc = check_seen(l, seen, path, line, CC_NAME, key, err)) != SD_OK) {
		free(key);
		return rc;
	}
	/* start from the customer as stored, if it is */
	sd_err_clear(&verr);
	if (!*key || customer_get(st, key, &c, &verr) != SD_OK)
		memset(&c, 0, sizeof c);
	free(c.name);
	c.name = key;
	take(&c.region, value(l, f, CC_REGION));
	take(&c.address, value(l, f, CC_ADDRESS));
	take(&c.contact, value(l, f, CC_CONTACT));
	take(&c.phone, value(l, f, CC_PHONE));
	if ((v = value(l, f, CC_KEY))) {
		int k = parse_flag(v);
		if (k < 0) {
			customer_free(&c);
			return row_error(l, path, line, CC_KEY, _("must be 1 or 0 (yes or no, 是 or 否)"),
			                 err);
		}
		c.key_customer = k == 1;
	}
	rc = customer_put(st, &c, &verr);
	customer_free(&c);
	if (rc != SD_OK)
		return core_error(l, path, line, rc, &verr, err);
	return SD_OK;
}

/* Copy a date cell into a date field; false if it cannot be a date (too long). */
static bool
take_date(char dst[11], const char *v)
{
	char *t;
	bool ok;

	if (!v)
		return true;
	t = text_trim(v);
	ok = strlen(t) <= 10;
	snprintf(dst, 11, "%s", ok ? t : "");
	free(t);
	return ok;
}

static int
equipment_row(store *st, const struct layout *l, struct seen *seen, const char *path, long line,
              char **f, sd_err *err)
{
	static const int dates[] = { EC_DELIVERED, EC_ACCEPTED, EC_COMMISSIONED };
	sd_equipment e;
	sd_err verr;
	char *key = row_key(l, f, EC_SERIAL);
	int rc;

	if ((rc = check_seen(l, seen, path, line, EC_SERIAL, key, err)) != SD_OK) {
		free(key);
		return rc;
	}
	sd_err_clear(&verr);
	if (!*key || equipment_get(st, key, &e, &verr) != SD_OK)
		memset(&e, 0, sizeof e);
	free(e.serial);
	e.serial = key;
	take(&e.customer, value(l, f, EC_CUSTOMER));
	take(&e.model, value(l, f, EC_MODEL));
	take(&e.note, value(l, f, EC_NOTE));
	char *dst[] = { e.delivered_on, e.accepted_on, e.commissioned_on };
	for (size_t i = 0; i < SD_ARRAY_LEN(dates); i++)
		if (!take_date(dst[i], value(l, f, dates[i]))) {
			equipment_free(&e);
			return row_error(l, path, line, dates[i], _("expected a date like 2026-11-24"),
			                 err);
		}
	rc = equipment_put(st, &e, &verr);
	equipment_free(&e);
	if (rc != SD_OK)
		return core_error(l, path, line, rc, &verr, err);
	return SD_OK;
}

/* Read a whole file into memory. */
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

typedef int (*row_fn)(store *, const struct layout *, struct seen *, const char *, long,
                      char **, sd_err *);

static int
import_file(store *st, const char *path, sd_encoding enc, const struct column *cols, row_fn row,
            long *count, sd_err *err)
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
	l.cols = cols;
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
		if ((rc = row(st, &l, &seen, path, line, f, err)) != SD_OK)
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

int
customer_import(store *st, const char *path, sd_encoding enc, long *count, sd_err *err)
{
	return import_file(st, path, enc, customer_columns, customer_row, count, err);
}

int
equipment_import(store *st, const char *path, sd_encoding enc, long *count, sd_err *err)
{
	return import_file(st, path, enc, equipment_columns, equipment_row, count, err);
}

/* ---------------------------------------------------------------- export */

struct export {
	FILE *out;
	sd_encoding enc;
	buf csv;            /* UTF-8 records not yet written */
	long rows;
	sd_err *err;
};

/* Convert and write what has accumulated. */
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
put_header(struct export *x, const struct column *cols)
{
	const char *v[MAX_COLS];
	size_t n = 0;

	for (; cols[n].code; n++)
		v[n] = cols[n].code;
	put_record(x, v, n);
}

/* After a record: write out a full chunk. */
static int
row_done(struct export *x)
{
	x->rows++;
	return x->csv.len >= 65536 ? flush_chunk(x) : SD_OK;
}

static int
export_customer(const sd_customer *c, void *arg)
{
	struct export *x = arg;
	const char *v[CC_COUNT];

	v[CC_NAME] = c->name;
	v[CC_REGION] = c->region;
	v[CC_KEY] = c->key_customer ? "1" : "0";
	v[CC_ADDRESS] = c->address;
	v[CC_CONTACT] = c->contact;
	v[CC_PHONE] = c->phone;
	put_record(x, v, CC_COUNT);
	return row_done(x);
}

static int
export_equipment(const sd_equipment *e, void *arg)
{
	struct export *x = arg;
	const char *v[EC_COUNT];

	v[EC_SERIAL] = e->serial;
	v[EC_CUSTOMER] = e->customer;
	v[EC_MODEL] = e->model;
	v[EC_DELIVERED] = e->delivered_on;
	v[EC_ACCEPTED] = e->accepted_on;
	v[EC_COMMISSIONED] = e->commissioned_on;
	v[EC_NOTE] = e->note;
	put_record(x, v, EC_COUNT);
	return row_done(x);
}

static int
export_start(struct export *x, FILE *out, sd_encoding enc, const struct column *cols,
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
	put_header(x, cols);
	return SD_OK;
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

int
customer_export(store *st, FILE *out, sd_encoding enc, long *count, sd_err *err)
{
	struct export x;

	export_start(&x, out, enc, customer_columns, count, err);
	return export_end(&x, customer_each(st, NULL, export_customer, &x, err), count);
}

int
equipment_export(store *st, FILE *out, sd_encoding enc, long *count, sd_err *err)
{
	struct export x;

	export_start(&x, out, enc, equipment_columns, count, err);
	return export_end(&x, equipment_each(st, NULL, export_equipment, &x, err), count);
}
