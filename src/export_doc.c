/*
 * export_doc.c — a register's CSV export as a document (export_doc.h).
 *
 * The exporter writes to a stream whose bytes are scanned as they arrive:
 * each complete record (a line end outside quotes) is read with the CSV
 * reader (csv.h) and becomes a row of the table, so that no more than a
 * chunk of the CSV is held at a time; the rows themselves are held by the
 * document until it is rendered.
 */
#define _GNU_SOURCE
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "csv.h"
#include "export_doc.h"
#include "money.h"

static const char *const money_cols[] = {
	"unit_cost", "avg_cost", "stock_value", "成本(元)", "应收(元)", "已收(元)",
};
static const char *const count_cols[] = {
	"fax_pages", "key_customer", "reorder_point", "reorder_qty", "active", "on_hand", "on_order",
	"to_order", "编号", "满意度", "手工调整",
};
static const char *const date_cols[] = {
	"delivered_on", "accepted_on", "commissioned_on", "应访日期",
};
static const char *const time_cols[] = {
	"received_at", "handed_at", "收件时间", "提出方案时间", "首次联系时间", "计划到场时间", "到场时间",
	"故障排除时间", "确认时间", "关闭时间", "记录时间", "reply_due", "respond_due", "diagnose_due",
	"onsite_due", "clear_due", "escalate_due",
};

static bool
listed(const char *const *list, size_t n, const char *head)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(list[i], head) == 0)
			return true;
	return false;
}

enum doc_type
export_column_type(const char *head)
{
	if (listed(money_cols, SD_ARRAY_LEN(money_cols), head))
		return DOC_MONEY;
	if (listed(count_cols, SD_ARRAY_LEN(count_cols), head))
		return DOC_COUNT;
	if (listed(date_cols, SD_ARRAY_LEN(date_cols), head))
		return DOC_DATE;
	if (listed(time_cols, SD_ARRAY_LEN(time_cols), head))
		return DOC_TIME;
	return DOC_TEXT;
}

struct sink {
	sd_doc *d;
	const char *key;
	buf pending;           /* bytes of records not yet complete */
	size_t scanned;        /* bytes of pending already scanned */
	bool inq;              /* the scan is inside a quoted field */
	bool bom_done;
	doc_block *t;          /* the table, once the header is read */
	doc_col *cols;
	doc_cell *row;
	size_t ncols;
	long line;             /* records read, for messages */
	int status;
	sd_err err;
};

static bool
digits(const char *s)
{
	if (*s == '-')
		s++;
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

/* One value as a cell of its column's type; false when it does not read as one. */
static bool
cell_of(const doc_col *c, const char *v, doc_cell *out)
{
	int64_t fen;

	if (!*v) {
		*out = doc_empty();
		return true;
	}
	switch (c->type) {
	case DOC_MONEY:
		if (!money_parse(v, &fen))
			return false;
		*out = doc_money(fen);
		return true;
	case DOC_COUNT:
		if (!digits(v))
			return false;
		*out = doc_count(strtoll(v, NULL, 10));
		return true;
	case DOC_DATE:
		*out = doc_date(v);
		return strlen(v) == 10;
	case DOC_TIME:
		*out = doc_time(v);
		return strlen(v) == 16;
	default:
		*out = doc_text(v);
		return true;
	}
}

static void
header(struct sink *s, char **f, size_t n, const char *heading)
{
	s->ncols = n;
	s->cols = xcalloc(n ? n : 1, sizeof *s->cols);
	s->row = xcalloc(n ? n : 1, sizeof *s->row);
	for (size_t i = 0; i < n; i++) {
		s->cols[i].key = f[i];
		s->cols[i].head = f[i];
		s->cols[i].type = export_column_type(f[i]);
		s->cols[i].w80 = 10;
		s->cols[i].w132 = 12;
	}
	s->t = doc_table(s->d, s->key, heading, s->cols, n);
	/* the table keeps its own copies of the names; ours point at the reader's */
	s->cols = memcpy(s->cols, s->t->cols, n * sizeof *s->cols);
}

/* Read the complete records at the start of pending into rows. */
static int
take_records(struct sink *s, size_t upto)
{
	csv_reader *r = csv_reader_new("export", s->pending.data, upto);
	char **f;
	size_t n;
	int got;

	while (s->status == SD_OK && (got = csv_next(r, &f, &n, &s->err)) == 1) {
		s->line++;
		if (!s->t) {
			/* the first record names the columns; copy the names before the reader moves on */
			char **names = xcalloc(n ? n : 1, sizeof *names);
			for (size_t i = 0; i < n; i++)
				names[i] = xstrdup(f[i]);
			header(s, names, n, NULL);
			for (size_t i = 0; i < n; i++)
				free(names[i]);
			free(names);
			continue;
		}
		for (size_t i = 0; i < s->ncols; i++) {
			const char *v = i < n ? f[i] : "";
			if (!cell_of(&s->cols[i], v, &s->row[i])) {
				s->status = sd_err_set(&s->err, SD_INTERNAL,
				                       _("export: record %ld, column %s: '%s' does not read as its type"),
				                       s->line, s->cols[i].key, v);
				break;
			}
		}
		if (s->status == SD_OK)
			doc_row(s->t, s->row);
	}
	if (got < 0 && s->status == SD_OK)
		s->status = s->err.status ? s->err.status : SD_INTERNAL;
	csv_reader_free(r);
	/* keep what follows the last complete record */
	memmove(s->pending.data, s->pending.data + upto, s->pending.len - upto);
	s->pending.len -= upto;
	s->pending.data[s->pending.len] = '\0';
	s->scanned -= upto;
	return s->status;
}

static ssize_t
sink_write(void *cookie, const char *data, size_t len)
{
	struct sink *s = cookie;
	size_t end = 0, all = len;

	if (s->status != SD_OK) {
		errno = EIO;
		return -1;
	}
	buf_append(&s->pending, data, len);
	if (!s->bom_done) {
		/* the UTF-8 byte order mark, however the writes cut it */
		size_t n = s->pending.len < 3 ? s->pending.len : 3;

		if (memcmp(s->pending.data, "\xef\xbb\xbf", n) == 0 && n < 3)
			return (ssize_t)all;
		if (n == 3 && memcmp(s->pending.data, "\xef\xbb\xbf", 3) == 0) {
			memmove(s->pending.data, s->pending.data + 3, s->pending.len - 3);
			s->pending.len -= 3;
			s->pending.data[s->pending.len] = '\0';
		}
		s->bom_done = true;
	}
	for (size_t i = s->scanned; i < s->pending.len; i++) {
		char ch = s->pending.data[i];
		if (ch == '"')
			s->inq = !s->inq;
		else if (ch == '\n' && !s->inq)
			end = i + 1;
	}
	s->scanned = s->pending.len;
	if (end && take_records(s, end) != SD_OK) {
		errno = EIO;
		return -1;
	}
	return (ssize_t)all;
}

int
export_doc(store *st, export_fn fn, const char *month, sd_doc *d, const char *key, const char *heading,
           long *count, sd_err *err)
{
	cookie_io_functions_t io = { NULL, sink_write, NULL, NULL };
	struct sink s;
	FILE *fp;
	int rc;

	sd_err_clear(err);
	memset(&s, 0, sizeof s);
	s.d = d;
	s.key = key;
	sd_err_clear(&s.err);
	doc_section_add(d, key, heading);
	if (!(fp = fopencookie(&s, "w", io)))
		return sd_err_set(err, SD_INTERNAL, "export: %s", strerror(errno));
	rc = fn(st, fp, ENC_UTF8, month, count, err);
	if (fclose(fp) != 0 && rc == SD_OK)
		rc = s.status != SD_OK ? s.status : SD_IOERR;
	if (rc == SD_OK && s.status == SD_OK && s.pending.len)
		take_records(&s, s.pending.len);
	if (s.status != SD_OK) {
		*err = s.err;
		rc = s.status;
	}
	buf_free(&s.pending);
	free(s.cols);
	free(s.row);
	return rc;
}
