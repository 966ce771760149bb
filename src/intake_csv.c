/*
 * intake_csv.c — CSV import and export of the request intake register.
 *
 * Import reads the file in UTF-8 (csvtab.c converts it) and maps the header
 * row to the columns below and the numbered item columns, checks every row
 * and stages it (intake_bulk.c) without holding the database, then writes
 * them all in one transaction, so that a file is taken in whole or not at
 * all and others can work meanwhile. Export walks the register with intake_each()
 * and writes RFC 4180 records through csvtab.c's writer, which converts them
 * in chunks to the requested encoding.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvtab.h"
#include "intake.h"
#include "intake_bulk.h"
#include "intake_csv.h"
#include "store.h"
#include "text.h"
#include "staff.h"

/* The columns other than the items, in export order. */
enum col {
	COL_REGNO, COL_RECEIVED_AT, COL_CHANNEL, COL_FAX_PAGES, COL_CUSTOMER,
	COL_REQUESTER, COL_PHONE, COL_SERIAL, COL_PRIORITY, COL_RECEIVED_BY,
	COL_HANDED_TO, COL_HANDED_AT, COL_STATUS, COL_VOID_REASON, COL_DUP_OF,
	COL_COUNT,
	COL_ITEM = CSVTAB_EXTRA  /* the item columns (numbered separately) */
};

/*
 * The codes are also intake_validate's field codes. No labels: intake's
 * verdicts are matched by field code (parse_row).
 */
static const csvtab_column columns[COL_COUNT + 1] = {
	[COL_REGNO]       = { "regno",       { "登记号" }, false, NULL },
	[COL_RECEIVED_AT] = { "received_at", { "收件时间" }, true, NULL },
	[COL_CHANNEL]     = { "channel",     { "来件方式" }, true, NULL },
	[COL_FAX_PAGES]   = { "fax_pages",   { "传真页数" }, false, NULL },
	[COL_CUSTOMER]    = { "customer",    { "客户", "用户单位" }, true, NULL },
	[COL_REQUESTER]   = { "requester",   { "请求人", "联系人" }, true, NULL },
	[COL_PHONE]       = { "phone",       { "联系电话", "电话" }, true, NULL },
	[COL_SERIAL]      = { "serial",      { "设备序列号" }, false, NULL },
	[COL_PRIORITY]    = { "priority",    { "优先级" }, false, NULL },
	/* po/GLOSSARY: the operator who registered it is the 登记人; the
	 * technical department's person it was handed to, who signs the paper
	 * form's 收件人栏, is the 接收人. Older files titled the 登记人 收件人
	 * and the 接收人 转交: still read so. */
	[COL_RECEIVED_BY] = { "received_by", { "登记人", "收件人" }, false, NULL },
	[COL_HANDED_TO]   = { "handed_to",   { "接收人", "转交", "技术部收件人" }, false, NULL },
	[COL_HANDED_AT]   = { "handed_at",   { "转交时间" }, false, NULL },
	[COL_STATUS]      = { "status",      { "状态" }, false, NULL },
	[COL_VOID_REASON] = { "void_reason", { "作废原因" }, false, NULL },
	[COL_DUP_OF]      = { "dup_of",      { "疑似重复" }, false, NULL },
	{ NULL, { NULL }, false, NULL }
};

/* ---------------------------------------------------------------- header */

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
		if (!csvtab_caseeq(head, prefix))
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

/* An item column ("item3", "维护事项3"; no number is 1): its number; else 0. */
static long
item_column(const char *name)
{
	long k;

	if ((k = item_number(name, "item")) > 0 || (k = item_number(name, "维护事项")) > 0)
		return k;
	return 0;
}

/* ---------------------------------------------------------------- rows */

/* The value of column c in the record, or "" if the file has no such column. */
static const char *
value(const csvtab_layout *l, char **f, int c)
{
	const char *v = csvtab_value(l, f, c);
	return v ? v : "";
}

/* A malloc'd copy of s, or NULL if s is empty. */
static char *
opt_dup(const char *s)
{
	return s && *s ? xstrdup(s) : NULL;
}

/* Fill r from one record; SD_OK or SD_DATAERR naming line and field. */
static int
parse_row(const csvtab_layout *l, const char *path, long line, char **f, sd_request *r,
          sd_err *err)
{
	char *t;
	long seq;
	char month[7];

	intake_request_init(r);

	t = csvtab_trimmed(l, f, COL_REGNO);
	if (*t) {
		if (!intake_parse_regno(t, month, &seq)) {
			free(t);
			return csvtab_row_error(l, path, line, COL_REGNO,
			                        _("expected a register number like 202611-0001"), err);
		}
		snprintf(r->regno, sizeof r->regno, "%s", t);
	}
	free(t);

	t = csvtab_trimmed(l, f, COL_RECEIVED_AT);
	bool ok = intake_parse_time(t, r->received_at);
	free(t);
	if (!ok)
		return csvtab_row_error(l, path, line, COL_RECEIVED_AT,
		                        _("expected a date and time like 2026-11-24 09:30"), err);

	t = csvtab_trimmed(l, f, COL_CHANNEL);
	r->channel = intake_channel_parse(t);
	free(t);
	if (r->channel < 0)
		return csvtab_row_error(l, path, line, COL_CHANNEL,
		                        _("must be fax, phone, letter, e-mail or visit"), err);

	t = csvtab_trimmed(l, f, COL_FAX_PAGES);
	if (*t) {
		char *end;
		long pages = strtol(t, &end, 10);
		if (*end || pages < 1 || pages > 9999 || t[0] < '0' || t[0] > '9') {
			free(t);
			return csvtab_row_error(l, path, line, COL_FAX_PAGES,
			                        _("must be a number of pages from 1 to 9999"), err);
		}
		r->fax_pages = (int)pages;
	}
	free(t);

	t = csvtab_trimmed(l, f, COL_PRIORITY);
	if (*t) {
		r->priority = intake_priority_parse(t);
		if (r->priority < 0) {
			free(t);
			return csvtab_row_error(l, path, line, COL_PRIORITY,
			                        _("must be P1, P2, P3 or P4"), err);
		}
	}
	free(t);

	t = csvtab_trimmed(l, f, COL_STATUS);
	if (*t) {
		r->status = intake_status_parse(t);
		if (r->status < 0) {
			free(t);
			return csvtab_row_error(l, path, line, COL_STATUS, _("must be open, handed or void"),
			                        err);
		}
	}
	free(t);

	t = csvtab_trimmed(l, f, COL_HANDED_AT);
	if (*t && !intake_parse_time(t, r->handed_at)) {
		free(t);
		return csvtab_row_error(l, path, line, COL_HANDED_AT,
		                        _("expected a date and time like 2026-11-24 09:30"), err);
	}
	free(t);

	t = csvtab_trimmed(l, f, COL_DUP_OF);
	if (*t && !intake_parse_regno(t, month, &seq)) {
		free(t);
		return csvtab_row_error(l, path, line, COL_DUP_OF,
		                        _("expected a register number like 202611-0001"), err);
	}
	r->dup_of = *t ? t : (free(t), NULL);

	r->customer = opt_dup(value(l, f, COL_CUSTOMER));
	r->requester = opt_dup(value(l, f, COL_REQUESTER));
	r->phone = opt_dup(value(l, f, COL_PHONE));
	r->serial = opt_dup(value(l, f, COL_SERIAL));
	r->received_by = csvtab_trimmed(l, f, COL_RECEIVED_BY);
	if (!*r->received_by) {
		free(r->received_by);
		r->received_by = NULL;
	}
	r->handed_to = opt_dup(value(l, f, COL_HANDED_TO));
	r->void_reason = opt_dup(value(l, f, COL_VOID_REASON));
	for (size_t i = 0; i < l->nextra; i++)
		if (*f[l->extra[i]])
			intake_request_add_item(r, f[l->extra[i]]);

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
				if (strcmp(columns[k].code, field) == 0)
					c = k;
		return csvtab_row_error(l, path, line, c, problem, err);
	}
	if (r->status == RS_VOID && (!r->void_reason || !*r->void_reason))
		return csvtab_row_error(l, path, line, COL_VOID_REASON,
		                        _("required for a voided request"), err);
	if (r->status == RS_HANDED && (!r->handed_to || !*r->handed_to))
		return csvtab_row_error(l, path, line, COL_HANDED_TO,
		                        _("required for a request marked handed"), err);
	return SD_OK;
}

int
intake_import(store *st, const char *path, sd_encoding enc, long *count, sd_err *err)
{
	csvtab_file cf;
	csvtab_seen seen = { 0 };
	intake_bulk *bulk = NULL;
	char **f;
	long rows = 0, line, bad_line = 0;
	int rc, got;

	sd_err_clear(err);
	if ((rc = staff_permit_self(st, ACT_REQUEST_IMPORT, err)) != SD_OK)
		return rc;
	if (count)
		*count = 0;
	if ((rc = csvtab_open(&cf, path, enc, columns, item_column, err)) != SD_OK)
		return rc;
	if (cf.l.nextra == 0) {
		rc = sd_err_set(err, SD_DATAERR, _("%s: line %ld: missing required column %s"),
		                path, csv_line(cf.rd), "item1");
		goto out;
	}

	store_bulk(st);
	/* Every row is read, checked and staged before the register is locked. */
	if ((rc = intake_bulk_open(st, &bulk, err)) != SD_OK)
		goto out;
	while ((got = csvtab_next(&cf, &f, &line, err)) == 1) {
		sd_request r;

		if ((rc = parse_row(&cf.l, path, line, f, &r, err)) != SD_OK) {
			intake_request_free(&r);
			goto out;
		}
		if (r.regno[0]) {
			long prev = csvtab_seen_add(&seen, r.regno, line);
			if (prev) {
				char problem[128];
				snprintf(problem, sizeof problem,
				         _("register number %s is already used on line %ld"), r.regno, prev);
				rc = csvtab_row_error(&cf.l, path, line, COL_REGNO, problem, err);
				intake_request_free(&r);
				goto out;
			}
		}
		rc = intake_bulk_add(bulk, &r, line, err);
		intake_request_free(&r);
		if (rc != SD_OK) {
			/* no labels in the table: "path: line L: message" */
			csvtab_core_error(&cf.l, path, line, rc, err, err);
			goto out;
		}
	}
	if (got < 0) {
		rc = err->status;
		goto out;
	}
	/* One short write, with one audit row for the whole file. */
	if ((rc = intake_bulk_commit(bulk, path, &rows, &bad_line, err)) != SD_OK) {
		if (bad_line > 0) {
			char problem[sizeof err->msg];
			snprintf(problem, sizeof problem, "%s", err->msg);
			rc = csvtab_row_error(&cf.l, path, bad_line, COL_REGNO, problem, err);
		}
		goto out;
	}
	if (count)
		*count = rows;
	rc = SD_OK;
out:
	intake_bulk_close(bulk);
	csvtab_seen_free(&seen);
	csvtab_close(&cf);
	return rc;
}

/* ---------------------------------------------------------------- export */

struct export {
	csvtab_writer w;
	size_t nitems;      /* item columns */
	const char **v;     /* one record: COL_COUNT columns, then the items */
};

static int
export_row(const sd_request *r, void *arg)
{
	struct export *x = arg;
	char pages[16] = "", prio[8];
	const char **v = x->v;
	int rc;

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
	for (size_t i = 0; i < x->nitems; i++)
		v[COL_COUNT + i] = i < r->nitems ? r->items[i] : NULL;
	csvtab_put_record(&x->w, v, COL_COUNT + x->nitems);
	rc = csvtab_row_done(&x->w);
	if (rc == SD_DATAERR && x->w.enc == ENC_GB18030) {
		char msg[sizeof x->w.err->msg];
		snprintf(msg, sizeof msg, "%s", x->w.err->msg);
		sd_err_set(x->w.err, rc, _("request %s or one before it: %s"), r->regno, msg);
	}
	return rc;
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

	if ((rc = max_items(st, &all, &x.nitems, err)) != SD_OK)
		return rc;
	if (x.nitems == 0)
		x.nitems = 1;          /* an item column even for an empty register */

	csvtab_writer_start(&x.w, out, enc, count, err);
	csvtab_put_header(&x.w, columns, "item", x.nitems);
	x.v = xcalloc(COL_COUNT + x.nitems, sizeof *x.v);
	rc = intake_each(st, &all, export_row, &x, err);
	free(x.v);
	return csvtab_writer_end(&x.w, rc, count);
}
