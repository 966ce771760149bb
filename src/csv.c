/*
 * csv.c — RFC 4180 reader and writer over UTF-8 text in memory.
 *
 * The reader copies each record's fields into one buffer (NUL-separated) and
 * hands out pointers into it; the buffer and the pointer array are reused
 * from record to record, so reading allocates only while records grow.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "csv.h"

struct csv_reader {
	char *name;          /* file name for messages */
	const char *data;    /* the text (not owned) */
	size_t len;
	size_t pos;          /* next byte to read */
	long line;           /* physical line of data[pos] */
	long rec_line;       /* line at which the last record started */
	buf text;            /* field contents of the current record */
	size_t *offs;        /* start of each field in text */
	char **fields;       /* pointers handed out */
	size_t cap;          /* room in offs/fields */
};

csv_reader *
csv_reader_new(const char *name, const char *data, size_t len)
{
	csv_reader *r = xcalloc(1, sizeof *r);

	r->name = xstrdup(name ? name : "-");
	r->data = data;
	r->len = len;
	r->line = 1;
	r->rec_line = 0;
	return r;
}

void
csv_reader_free(csv_reader *r)
{
	if (!r)
		return;
	free(r->name);
	buf_free(&r->text);
	free(r->offs);
	free(r->fields);
	free(r);
}

size_t
csv_pos(const csv_reader *r)
{
	return r->pos;
}

size_t
csv_len(const csv_reader *r)
{
	return r->len;
}

long
csv_line(const csv_reader *r)
{
	return r->rec_line;
}

static int
fail(csv_reader *r, long line, size_t field, const char *problem, sd_err *err)
{
	sd_err_set(err, SD_DATAERR, _("%s: line %ld, field %zu: %s"),
	           r->name, line, field, problem);
	return -1;
}

static void
start_field(csv_reader *r, size_t n)
{
	if (n >= r->cap) {
		r->cap = r->cap ? r->cap * 2 : 16;
		r->offs = xrealloc(r->offs, r->cap * sizeof *r->offs);
		r->fields = xrealloc(r->fields, r->cap * sizeof *r->fields);
	}
	r->offs[n] = r->text.len;
}

/* True if only line ends remain from pos on. */
static bool
only_line_ends(const csv_reader *r)
{
	for (size_t i = r->pos; i < r->len; i++)
		if (r->data[i] != '\n' && r->data[i] != '\r')
			return false;
	return true;
}

int
csv_next(csv_reader *r, char ***fields, size_t *nfields, sd_err *err)
{
	const char *d = r->data;
	size_t len = r->len;
	size_t nf = 0;

	if (r->pos >= len || only_line_ends(r)) {
		r->pos = len;
		return 0;
	}
	r->rec_line = r->line;
	buf_reset(&r->text);

	for (;;) {
		size_t p = r->pos;

		start_field(r, nf);
		nf++;
		if (p < len && d[p] == '"') {
			long qline = r->line;
			p++;
			for (;;) {
				const char *q = memchr(d + p, '"', len - p);
				size_t end = q ? (size_t)(q - d) : len;
				/* copy d[p..end), checking NUL and folding CRLF to LF */
				size_t s = p;
				for (size_t i = p; i < end; i++) {
					char c = d[i];
					if (c == '\n') {
						r->line++;
					} else if (c == '\r') {
						if (i + 1 < end && d[i + 1] == '\n') {
							buf_append(&r->text, d + s, i - s);
							s = i + 1;    /* the LF is copied */
						} else {
							r->line++;    /* a lone CR */
						}
					} else if (c == '\0') {
						r->pos = i;
						return fail(r, r->line, nf, _("NUL byte"), err);
					}
				}
				buf_append(&r->text, d + s, end - s);
				if (!q) {
					r->pos = len;
					return fail(r, qline, nf, _("unterminated quoted field"), err);
				}
				p = end + 1;
				if (p < len && d[p] == '"') {
					buf_putc(&r->text, '"');
					p++;
					continue;
				}
				break;
			}
			if (p < len && d[p] != ',' && d[p] != '\r' && d[p] != '\n') {
				r->pos = p;
				return fail(r, r->line, nf,
				            d[p] == '\0' ? _("NUL byte") :
				            _("text after the closing quote"), err);
			}
		} else {
			size_t s = p;
			while (p < len) {
				char c = d[p];
				if (c == ',' || c == '\n' || c == '\r')
					break;
				if (c == '"') {
					r->pos = p;
					return fail(r, r->line, nf,
					            _("quote inside an unquoted field"), err);
				}
				if (c == '\0') {
					r->pos = p;
					return fail(r, r->line, nf, _("NUL byte"), err);
				}
				p++;
			}
			buf_append(&r->text, d + s, p - s);
		}
		buf_putc(&r->text, '\0');
		/* p is at ',', a line end, or the end */
		if (p < len && d[p] == ',') {
			r->pos = p + 1;
			continue;
		}
		if (p < len) {
			if (d[p] == '\r' && p + 1 < len && d[p + 1] == '\n')
				p++;
			p++;
			r->line++;
		}
		r->pos = p;
		break;
	}
	for (size_t i = 0; i < nf; i++)
		r->fields[i] = r->text.data + r->offs[i];
	*fields = r->fields;
	*nfields = nf;
	return 1;
}

void
csv_put_field(buf *b, const char *s)
{
	size_t n;
	bool quote = false;

	if (!s || !*s)
		return;
	n = strlen(s);
	if (s[0] == ' ' || s[0] == '\t' || s[n - 1] == ' ' || s[n - 1] == '\t' ||
	    strpbrk(s, ",\"\r\n"))
		quote = true;
	if (!quote) {
		buf_append(b, s, n);
		return;
	}
	buf_reserve(b, n + 8);
	buf_putc(b, '"');
	for (const char *p = s;;) {
		const char *q = strchr(p, '"');
		if (!q) {
			buf_puts(b, p);
			break;
		}
		buf_append(b, p, (size_t)(q - p) + 1);
		buf_putc(b, '"');
		p = q + 1;
	}
	buf_putc(b, '"');
}

void
csv_put_record(buf *b, const char *const *fields, size_t n)
{
	/* A record of one empty field would be an empty line, which a reader
	 * skips at the end of a file: write it as "". */
	if (n == 1 && (!fields[0] || !*fields[0])) {
		buf_append(b, "\"\"\r\n", 4);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_putc(b, ',');
		csv_put_field(b, fields[i]);
	}
	buf_append(b, "\r\n", 2);
}
