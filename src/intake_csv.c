/*
 * intake_csv.c — CSV import and export of the request intake register.
 *
 * Import reads the whole file, converts it to UTF-8 (enc.c), maps the header
 * row to columns, and adds every row through intake_add() inside one
 * transaction, so that a file is taken in whole or not at all. Export walks
 * the register with intake_each() and writes RFC 4180 records (csv.c) in
 * chunks, converting each chunk to the requested encoding.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "csv.h"
#include "enc.h"
#include "intake.h"
#include "intake_csv.h"
#include "store.h"
#include "text.h"

/* The columns other than the items, in export order. */
enum col {
	COL_REGNO, COL_RECEIVED_AT, COL_CHANNEL, COL_FAX_PAGES, COL_CUSTOMER,
	COL_REQUESTER, COL_PHONE, COL_SERIAL, COL_PRIORITY, COL_RECEIVED_BY,
	COL_HANDED_TO, COL_HANDED_AT, COL_STATUS, COL_VOID_REASON, COL_DUP_OF,
	COL_COUNT,
	COL_ITEM = COL_COUNT     /* an item column (numbered separately) */
};

static const struct {
	const char *code;         /* English header, as exported */
	const char *zh[3];        /* Chinese titles accepted on import */
	bool required;
	const char *field;        /* intake_validate's field code, if any */
} columns[COL_COUNT] = {
	[COL_REGNO]       = { "regno",       { "登记号" }, false, NULL },
	[COL_RECEIVED_AT] = { "received_at", { "收件时间" }, true, "received_at" },
	[COL_CHANNEL]     = { "channel",     { "来件方式" }, true, "channel" },
	[COL_FAX_PAGES]   = { "fax_pages",   { "传真页数" }, false, "fax_pages" },
	[COL_CUSTOMER]    = { "customer",    { "客户", "用户单位" }, true, "customer" },
	[COL_REQUESTER]   = { "requester",   { "请求人", "联系人" }, true, "requester" },
	[COL_PHONE]       = { "phone",       { "联系电话", "电话" }, true, "phone" },
	[COL_SERIAL]      = { "serial",      { "设备序列号" }, false, "serial" },
	[COL_PRIORITY]    = { "priority",    { "优先级" }, false, "priority" },
	[COL_RECEIVED_BY] = { "received_by", { "收件人", "登记人" }, false, NULL },
	[COL_HANDED_TO]   = { "handed_to",   { "转交", "技术部收件人" }, false, "handed_to" },
	[COL_HANDED_AT]   = { "handed_at",   { "转交时间" }, false, "handed_at" },
	[COL_STATUS]      = { "status",      { "状态" }, false, NULL },
	[COL_VOID_REASON] = { "void_reason", { "作废原因" }, false, "void_reason" },
	[COL_DUP_OF]      = { "dup_of",      { "疑似重复" }, false, NULL },
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

/* If name is prefix followed by an optional number, the number (1 if none); else 0. */
static long
item_number(const char *name, const char *prefix)
{
	size_t n = strlen(prefix);
	char *end;
	long k;

	if (strncmp(name, prefix, n) != 0) {
		/* the English prefix matches case-insensitively */
		char head[16];
		if (n >= sizeof head || strlen(name) < n)
			return 0;
		memcpy(head, name, n);
		head[n] = '\0';
		if (!ascii_caseeq(head, prefix))
			return 0;
	}
	name += n;
	if (!*name)
		return 1;
	if (*name < '1' || *name > '9')
		return 0;
	errno = 0;
	k = strtol(name, &end, 10);
	if (*end || errno || k > 1000)
		return 0;
	return k;
}

/* Map a trimmed header name: a column, or COL_ITEM with *item set; -1 if unknown. */
static int
map_header(const char *name, long *item)
{
	for (int c = 0; c < COL_COUNT; c++) {
		if (ascii_caseeq(name, columns[c].code))
			return c;
		for (int j = 0; j < 3 && columns[c].zh[j]; j++)
			if (strcmp(name, columns[c].zh[j]) == 0)
				return c;
	}
	if ((*item = item_number(name, "item")) > 0 || (*item = item_number(name, "维护事项")) > 0)
		return COL_ITEM;
	return -1;
}

/* How the file's columns map to a request. */
struct layout {
	size_t ncols;        /* fields per record */
	char **names;        /* header names as written (trimmed), for messages */
	int *kind;           /* per file column: enum col or COL_ITEM */
	long *itemno;        /* per file column: item number for COL_ITEM */
	int where[COL_COUNT];   /* file column of each known column, -1 if absent */
	size_t *items;       /* file columns of the items, in item-number order */
	size_t nitems;
};

static void
layout_free(struct layout *l)
{
	for (size_t i = 0; i < l->ncols; i++)
		free(l->names[i]);
	free(l->names);
	free(l->kind);
	free(l->itemno);
	free(l->items);
	memset(l, 0, sizeof *l);
}

static int
read_header(struct layout *l, const char *path, long line, char **f, size_t n, sd_err *err)
{
	l->ncols = n;
	l->names = xcalloc(n, sizeof *l->names);
	l->kind = xcalloc(n, sizeof *l->kind);
	l->itemno = xcalloc(n, sizeof *l->itemno);
	l->items = xcalloc(n, sizeof *l->items);
	for (int c = 0; c < COL_COUNT; c++)
		l->where[c] = -1;
	for (size_t i = 0; i < n; i++)
		l->names[i] = text_trim(f[i]);
	for (size_t i = 0; i < n; i++) {
		long item = 0;
		int c = map_header(l->names[i], &item);

		if (c < 0)
			return sd_err_set(err, SD_DATAERR, _("%s: line %ld, field %s: unknown column"),
			                  path, line, l->names[i]);
		l->kind[i] = c;
		l->itemno[i] = item;
		if (c == COL_ITEM) {
			/* insert by item number */
			size_t k = l->nitems;
			for (size_t j = 0; j < l->nitems; j++)
				if (l->itemno[l->items[j]] == item)
					return sd_err_set(err, SD_DATAERR,
					    _("%s: line %ld, field %s: duplicate column"),
					    path, line, l->names[i]);
			while (k > 0 && l->itemno[l->items[k - 1]] > item) {
				l->items[k] = l->items[k - 1];
				k--;
			}
			l->items[k] = i;
			l->nitems++;
			continue;
		}
		if (l->where[c] >= 0)
			return sd_err_set(err, SD_DATAERR, _("%s: line %ld, field %s: duplicate column"),
			                  path, line, l->names[i]);
		l->where[c] = (int)i;
	}
	for (int c = 0; c < COL_COUNT; c++)
		if (columns[c].required && l->where[c] < 0)
			return sd_err_set(err, SD_DATAERR, _("%s: line %ld: missing required column %s"),
			                  path, line, columns[c].code);
	if (l->nitems == 0)
		return sd_err_set(err, SD_DATAERR, _("%s: line %ld: missing required column %s"),
		                  path, line, "item1");
	return SD_OK;
}

/* ---------------------------------------------------------------- register numbers seen */

/* Register numbers of this file, with their lines (open addressing). */
struct seen {
	char (*key)[24];
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

/* The line of regno if seen; else records it with line and returns 0. */
static long
seen_add(struct seen *s, const char *regno, long line)
{
	if (2 * (s->n + 1) > s->cap) {
		struct seen t = { 0 };
		t.cap = s->cap ? s->cap * 2 : 256;
		t.key = xcalloc(t.cap, sizeof *t.key);
		t.line = xcalloc(t.cap, sizeof *t.line);
		for (size_t i = 0; i < s->cap; i++)
			if (s->line[i])
				seen_add(&t, s->key[i], s->line[i]);
		free(s->key);
		free(s->line);
		*s = t;
	}
	size_t i = seen_hash(regno) & (s->cap - 1);
	while (s->line[i]) {
		if (strcmp(s->key[i], regno) == 0)
			return s->line[i];
		i = (i + 1) & (s->cap - 1);
	}
	snprintf(s->key[i], sizeof s->key[i], "%s", regno);
	s->line[i] = line;
	s->n++;
	return 0;
}

static void
seen_free(struct seen *s)
{
	free(s->key);
	free(s->line);
}

/* ---------------------------------------------------------------- rows */

/* The value of column c in the record, or "" if the file has no such column. */
static const char *
value(const struct layout *l, char **f, int c)
{
	return l->where[c] >= 0 ? f[l->where[c]] : "";
}

/* A malloc'd copy of s, or NULL if s is empty. */
static char *
opt_dup(const char *s)
{
	return s && *s ? xstrdup(s) : NULL;
}

/* Record an error on line `line` naming the file column of column c. */
static int
row_error(const struct layout *l, const char *path, long line, int c, const char *problem,
          sd_err *err)
{
	const char *name = c == COL_ITEM ? l->names[l->items[0]] :
	                   l->where[c] >= 0 ? l->names[l->where[c]] : columns[c].code;
	return sd_err_set(err, SD_DATAERR, _("%s: line %ld, field %s: %s"), path, line, name, problem);
}

/* Fill r from one record; SD_OK or SD_DATAERR naming line and field. */
static int
parse_row(const struct layout *l, const char *path, long line, char **f, sd_request *r,
          sd_err *err)
{
	const char *v;
	char *t;
	long seq;
	char month[7];

	intake_request_init(r);

	v = value(l, f, COL_REGNO);
	t = text_trim(v);
	if (*t) {
		if (!intake_parse_regno(t, month, &seq)) {
			free(t);
			return row_error(l, path, line, COL_REGNO,
			                 _("expected a register number like 202611-0001"), err);
		}
		snprintf(r->regno, sizeof r->regno, "%s", t);
	}
	free(t);

	v = value(l, f, COL_RECEIVED_AT);
	t = text_trim(v);
	bool ok = intake_parse_time(t, r->received_at);
	free(t);
	if (!ok)
		return row_error(l, path, line, COL_RECEIVED_AT,
		                 _("expected a date and time like 2026-11-24 09:30"), err);

	t = text_trim(value(l, f, COL_CHANNEL));
	r->channel = intake_channel_parse(t);
	free(t);
	if (r->channel < 0)
		return row_error(l, path, line, COL_CHANNEL,
		                 _("must be fax, phone, letter, e-mail or visit"), err);

	t = text_trim(value(l, f, COL_FAX_PAGES));
	if (*t) {
		char *end;
		long pages = strtol(t, &end, 10);
		if (*end || pages < 1 || pages > 9999 || t[0] < '0' || t[0] > '9') {
			free(t);
			return row_error(l, path, line, COL_FAX_PAGES,
			                 _("must be a number of pages from 1 to 9999"), err);
		}
		r->fax_pages = (int)pages;
	}
	free(t);

	t = text_trim(value(l, f, COL_PRIORITY));
	if (*t) {
		r->priority = intake_priority_parse(t);
		if (r->priority < 0) {
			free(t);
			return row_error(l, path, line, COL_PRIORITY, _("must be P1, P2, P3 or P4"), err);
		}
	}
	free(t);

	t = text_trim(value(l, f, COL_STATUS));
	if (*t) {
		r->status = intake_status_parse(t);
		if (r->status < 0) {
			free(t);
			return row_error(l, path, line, COL_STATUS, _("must be open, handed or void"),
			                 err);
		}
	}
	free(t);

	t = text_trim(value(l, f, COL_HANDED_AT));
	if (*t && !intake_parse_time(t, r->handed_at)) {
		free(t);
		return row_error(l, path, line, COL_HANDED_AT,
		                 _("expected a date and time like 2026-11-24 09:30"), err);
	}
	free(t);

	t = text_trim(value(l, f, COL_DUP_OF));
	if (*t && !intake_parse_regno(t, month, &seq)) {
		free(t);
		return row_error(l, path, line, COL_DUP_OF,
		                 _("expected a register number like 202611-0001"), err);
	}
	r->dup_of = *t ? t : (free(t), NULL);

	r->customer = opt_dup(value(l, f, COL_CUSTOMER));
	r->requester = opt_dup(value(l, f, COL_REQUESTER));
	r->phone = opt_dup(value(l, f, COL_PHONE));
	r->serial = opt_dup(value(l, f, COL_SERIAL));
	r->received_by = text_trim(value(l, f, COL_RECEIVED_BY));
	if (!*r->received_by) {
		free(r->received_by);
		r->received_by = NULL;
	}
	r->handed_to = opt_dup(value(l, f, COL_HANDED_TO));
	r->void_reason = opt_dup(value(l, f, COL_VOID_REASON));
	for (size_t i = 0; i < l->nitems; i++)
		if (*f[l->items[i]])
			intake_request_add_item(r, f[l->items[i]]);

	/* intake_validate's verdict, reported against the file's column */
	const char *field = NULL;
	sd_err verr;
	if (intake_validate(r, &field, &verr) != SD_OK) {
		const char *problem = verr.msg;
		const char *colon = strstr(verr.msg, ": ");
		int c = COL_ITEM;

		if (colon)
			problem = colon + 2;
		if (field && strcmp(field, "items") != 0)
			for (int k = 0; k < COL_COUNT; k++)
				if (columns[k].field && strcmp(columns[k].field, field) == 0)
					c = k;
		return row_error(l, path, line, c, problem, err);
	}
	if (r->status == RS_VOID && (!r->void_reason || !*r->void_reason))
		return row_error(l, path, line, COL_VOID_REASON,
		                 _("required for a voided request"), err);
	if (r->status == RS_HANDED && (!r->handed_to || !*r->handed_to))
		return row_error(l, path, line, COL_HANDED_TO,
		                 _("required for a request marked handed"), err);
	return SD_OK;
}

/* Is regno already in the database? 1 yes, 0 no, -1 error (err filled). */
static int
regno_exists(store *st, const char *regno, sd_err *err)
{
	sqlite3_stmt *q = store_prepare(st, "SELECT 1 FROM request WHERE regno = ?", err);
	int rc;

	if (!q)
		return -1;
	sqlite3_bind_text(q, 1, regno, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(q);
	sqlite3_reset(q);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	store_fail(st, rc, _("reading the intake register"), err);
	return -1;
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

/* The audit row of an import: the file, the number of rows, the first and last register numbers. */
static int
audit_import(store *st, const char *path, long rows, const char *first, const char *last, sd_err *err)
{
	sqlite3_stmt *q = store_prepare(st, "SELECT json_object('file', ?, 'rows', ?, 'first', ?, 'last', ?)", err);
	char *json = NULL;
	int rc;

	if (!q)
		return err->status;
	sqlite3_bind_text(q, 1, path, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 2, rows);
	sqlite3_bind_text(q, 3, first, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 4, last, -1, SQLITE_STATIC);
	if (sqlite3_step(q) == SQLITE_ROW)
		json = xstrdup((const char *)sqlite3_column_text(q, 0));
	sqlite3_reset(q);
	rc = store_audit(st, "request", "*", "import", NULL, json, err);
	free(json);
	return rc;
}

int
intake_import(store *st, const char *path, sd_encoding enc, long *count, sd_err *err)
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
	char first[24] = "", last[24] = "";

	sd_err_clear(err);
	if (count)
		*count = 0;
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

	store_bulk(st);
	if ((rc = store_begin(st, err)) != SD_OK)
		goto out;
	in_tx = true;
	while ((got = csv_next(rd, &f, &n, err)) == 1) {
		long line = csv_line(rd);
		sd_request r;

		if (n != l.ncols) {
			rc = sd_err_set(err, SD_DATAERR,
			                _("%s: line %ld: %zu fields, but the header has %zu"),
			                path, line, n, l.ncols);
			goto out;
		}
		if ((rc = parse_row(&l, path, line, f, &r, err)) != SD_OK) {
			intake_request_free(&r);
			goto out;
		}
		if (r.regno[0]) {
			long prev = seen_add(&seen, r.regno, line);
			int ex = prev ? 1 : regno_exists(st, r.regno, err);
			if (ex < 0) {
				rc = err->status;
				intake_request_free(&r);
				goto out;
			}
			if (ex > 0) {
				char problem[128];
				if (prev)
					snprintf(problem, sizeof problem,
					         _("register number %s is already used on line %ld"),
					         r.regno, prev);
				else
					snprintf(problem, sizeof problem,
					         _("register number %s is already in the database"),
					         r.regno);
				rc = row_error(&l, path, line, COL_REGNO, problem, err);
				intake_request_free(&r);
				goto out;
			}
		}
		rc = intake_add(st, &r, true, err);
		if (rc != SD_OK) {
			char msg[sizeof err->msg];
			snprintf(msg, sizeof msg, "%s", err->msg);
			sd_err_set(err, rc, _("%s: line %ld: %s"), path, line, msg);
			intake_request_free(&r);
			goto out;
		}
		if (!first[0])
			snprintf(first, sizeof first, "%s", r.regno);
		snprintf(last, sizeof last, "%s", r.regno);
		intake_request_free(&r);
		rows++;
	}
	if (got < 0) {
		rc = err->status;
		goto out;
	}
	/* One audit row for the whole file. */
	if ((rc = audit_import(st, path, rows, first, last, err)) != SD_OK)
		goto out;
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
	size_t nitems;      /* item columns */
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
put_header(struct export *x)
{
	for (int c = 0; c < COL_COUNT; c++) {
		if (c)
			buf_putc(&x->csv, ',');
		buf_puts(&x->csv, columns[c].code);
	}
	for (size_t i = 1; i <= x->nitems; i++)
		buf_printf(&x->csv, ",item%zu", i);
	buf_append(&x->csv, "\r\n", 2);
}

static int
export_row(const sd_request *r, void *arg)
{
	struct export *x = arg;
	char pages[16] = "", prio[8];
	const char *v[COL_COUNT];

	if (r->fax_pages > 0)
		snprintf(pages, sizeof pages, "%d", r->fax_pages);
	snprintf(prio, sizeof prio, "P%d", r->priority);
	v[COL_REGNO] = r->regno;
	v[COL_RECEIVED_AT] = r->received_at;
	v[COL_CHANNEL] = intake_channel_code(r->channel);
	v[COL_FAX_PAGES] = pages;
	v[COL_CUSTOMER] = r->customer;
	v[COL_REQUESTER] = r->requester;
	v[COL_PHONE] = r->phone;
	v[COL_SERIAL] = r->serial;
	v[COL_PRIORITY] = prio;
	v[COL_RECEIVED_BY] = r->received_by;
	v[COL_HANDED_TO] = r->handed_to;
	v[COL_HANDED_AT] = r->handed_at;
	v[COL_STATUS] = intake_status_code(r->status);
	v[COL_VOID_REASON] = r->void_reason;
	v[COL_DUP_OF] = r->dup_of;
	for (int c = 0; c < COL_COUNT; c++) {
		if (c)
			buf_putc(&x->csv, ',');
		csv_put_field(&x->csv, v[c]);
	}
	for (size_t i = 0; i < x->nitems; i++) {
		buf_putc(&x->csv, ',');
		if (i < r->nitems)
			csv_put_field(&x->csv, r->items[i]);
	}
	buf_append(&x->csv, "\r\n", 2);
	x->rows++;
	if (x->csv.len >= 65536) {
		int rc = flush_chunk(x);
		if (rc != SD_OK && x->enc == ENC_GB18030 && rc == SD_DATAERR) {
			char msg[sizeof x->err->msg];
			snprintf(msg, sizeof msg, "%s", x->err->msg);
			sd_err_set(x->err, rc, _("request %s or one before it: %s"), r->regno, msg);
		}
		return rc;
	}
	return SD_OK;
}

static int
count_items(const sd_request *r, void *arg)
{
	size_t *max = arg;

	if (r->nitems > *max)
		*max = r->nitems;
	return SD_OK;
}

/* The largest number of items among the requests of q. */
static int
max_items(store *st, const sd_req_query *q, size_t *max, sd_err *err)
{
	sqlite3_stmt *s;
	int rc;

	*max = 0;
	if (q->search && *q->search)   /* the search is intake.c's business: ask it */
		return intake_each(st, q, count_items, max, err);
	s = store_prepare(st,
		"SELECT coalesce(max(n), 0) FROM (SELECT count(*) AS n FROM request_item i "
		"JOIN request r ON r.id = i.request_id "
		"WHERE (?1 = '' OR r.month = ?1) AND (?2 = '' OR r.channel = ?2) "
		"AND (?3 = '' OR r.status = ?3) GROUP BY i.request_id)", err);
	if (!s)
		return err->status;
	sqlite3_bind_text(s, 1, q->month, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 2, q->channel >= 0 ? intake_channel_code(q->channel) : "", -1,
	                  SQLITE_STATIC);
	sqlite3_bind_text(s, 3, q->status >= 0 ? intake_status_code(q->status) : "", -1,
	                  SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*max = (size_t)sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	if (rc != SQLITE_ROW)
		return store_fail(st, rc, _("reading the intake register"), err);
	return SD_OK;
}

int
intake_export(store *st, const sd_req_query *q, FILE *out, sd_encoding enc,
              long *count, sd_err *err)
{
	struct export x = { 0 };
	sd_req_query all;
	int rc;

	sd_err_clear(err);
	if (count)
		*count = 0;
	if (q)
		all = *q;
	else
		intake_query_init(&all);
	all.sort = SORT_REGNO;
	all.desc = false;

	x.out = out;
	x.enc = enc == ENC_GB18030 ? ENC_GB18030 : ENC_UTF8;
	x.err = err;
	if ((rc = max_items(st, &all, &x.nitems, err)) != SD_OK)
		return rc;
	if (x.nitems == 0)
		x.nitems = 1;          /* an item column even for an empty register */

	if (x.enc == ENC_UTF8)
		buf_puts(&x.csv, "\xef\xbb\xbf");
	put_header(&x);
	rc = intake_each(st, &all, export_row, &x, err);
	if (rc == SD_OK)
		rc = flush_chunk(&x);
	if (rc == SD_OK && fflush(out) != 0)
		rc = sd_err_set(err, SD_IOERR, _("cannot write the export: %s"), strerror(errno));
	buf_free(&x.csv);
	if (rc == SD_OK && count)
		*count = x.rows;
	return rc;
}
