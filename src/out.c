/*
 * out.c — text, tables and JSON for the command line.
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "common.h"
#include "enc.h"
#include "json.h"
#include "out.h"
#include "text.h"

static bool
is_terminal(FILE *fp)
{
	return isatty(fileno(fp)) == 1;
}

static int
write_bytes(FILE *fp, const char *s, size_t len)
{
	if (len > 0 && fwrite(s, 1, len, fp) != len)
		return SD_IOERR;
	return ferror(fp) ? SD_IOERR : SD_OK;
}

int
out_raw(FILE *fp, const char *s, size_t len)
{
	int rc;

	if (len == 0 || !is_terminal(fp))
		return write_bytes(fp, s, len);
	char *t = text_for_terminal(s, len);
	rc = write_bytes(fp, t, strlen(t));
	free(t);
	return rc;
}

int
out_write(FILE *fp, const char *s, size_t len)
{
	int rc;

	if (enc_locale() != ENC_GB18030)
		return out_raw(fp, s, len);
	if (len > 0 && is_terminal(fp)) {
		/* sanitise before the conversion: C1 controls survive it */
		char *t = text_for_terminal(s, len);
		char *conv = enc_utf8_to_locale(t);

		rc = write_bytes(fp, conv, strlen(conv));
		free(conv);
		free(t);
		return rc;
	}
	/* enc_utf8_to_locale works on C strings: NUL never occurs in our text */
	char *tmp = xstrndup(s, len);
	char *conv = enc_utf8_to_locale(tmp);
	rc = write_bytes(fp, conv, strlen(conv));
	free(conv);
	free(tmp);
	return rc;
}

int
out_printf(FILE *fp, const char *fmt, ...)
{
	buf b = {0};
	va_list ap;
	int rc;

	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	rc = out_write(fp, buf_str(&b), b.len);
	buf_free(&b);
	return rc;
}

static void
err_line(const char *prefix, const char *fmt, va_list ap)
{
	buf b = {0};
	char *clean;

	buf_vprintf(&b, fmt, ap);
	clean = text_sanitize(buf_str(&b), false);
	buf_reset(&b);
	buf_puts(&b, "servdesk: ");
	if (prefix)
		buf_puts(&b, prefix);
	buf_puts(&b, clean);
	buf_putc(&b, '\n');
	fflush(stdout);
	out_write(stderr, buf_str(&b), b.len);
	fflush(stderr);
	free(clean);
	buf_free(&b);
}

void
out_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	err_line(NULL, fmt, ap);
	va_end(ap);
}

void
out_warning(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	err_line(_("warning: "), fmt, ap);
	va_end(ap);
}

void
out_note(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	err_line(NULL, fmt, ap);
	va_end(ap);
}

char *
out_from_locale(const char *s)
{
	char *u = NULL;

	if (enc_locale() == ENC_GB18030)
		u = enc_locale_to_utf8(s);
	return u ? u : xstrdup(s);
}

int
out_flush(FILE *fp, const char *what, sd_err *err)
{
	if (fflush(fp) != 0 || ferror(fp)) {
		char *e = out_from_locale(strerror(errno ? errno : EIO));

		sd_err_set(err, SD_IOERR, _("%s: write error: %s"), what, e);
		free(e);
		return SD_IOERR;
	}
	return SD_OK;
}

/* ---------------------------------------------------------------- tables */

struct out_table {
	size_t ncols;
	char **headers;     /* ncols */
	int *caps;          /* ncols, 0 = no cap */
	char **cells;       /* nrows * ncols */
	size_t nrows;
	size_t cap_rows;
};

out_table *
out_table_new(size_t ncols, const char *const *headers, const int *caps)
{
	out_table *t = xcalloc(1, sizeof *t);

	t->ncols = ncols;
	t->headers = xcalloc(ncols, sizeof *t->headers);
	t->caps = xcalloc(ncols, sizeof *t->caps);
	for (size_t i = 0; i < ncols; i++) {
		t->headers[i] = xstrdup(headers[i] ? headers[i] : "");
		t->caps[i] = caps ? caps[i] : 0;
	}
	return t;
}

void
out_table_add(out_table *t, const char *const *cells)
{
	if (t->nrows == t->cap_rows) {
		t->cap_rows = t->cap_rows ? t->cap_rows * 2 : 16;
		t->cells = xrealloc(t->cells, t->cap_rows * t->ncols * sizeof *t->cells);
	}
	for (size_t i = 0; i < t->ncols; i++)
		t->cells[t->nrows * t->ncols + i] = xstrdup(cells[i] ? cells[i] : "");
	t->nrows++;
}

size_t
out_table_rows(const out_table *t)
{
	return t->nrows;
}

/* Append one line of cells, fitted to widths, without trailing spaces. */
static void
table_line(buf *b, const out_table *t, char *const *cells, const int *widths)
{
	size_t start = b->len;

	for (size_t i = 0; i < t->ncols; i++) {
		size_t sz = (size_t)widths[i] * 4 + 8;
		char *cell = xmalloc(sz);

		if (i > 0)
			buf_puts(b, "  ");
		text_fit(cell, sz, cells[i], widths[i], true);
		buf_puts(b, cell);
		free(cell);
	}
	while (b->len > start && b->data[b->len - 1] == ' ')
		b->data[--b->len] = '\0';
	buf_putc(b, '\n');
}

int
out_table_print(const out_table *t, FILE *fp)
{
	int *widths = xcalloc(t->ncols ? t->ncols : 1, sizeof *widths);
	buf b = {0};
	int rc;

	for (size_t i = 0; i < t->ncols; i++) {
		int w = text_width(t->headers[i]);

		for (size_t r = 0; r < t->nrows; r++) {
			int cw = text_width(t->cells[r * t->ncols + i]);
			if (cw > w)
				w = cw;
		}
		if (t->caps[i] > 0 && w > t->caps[i])
			w = t->caps[i];
		widths[i] = w;
	}
	table_line(&b, t, t->headers, widths);
	for (size_t r = 0; r < t->nrows; r++)
		table_line(&b, t, t->cells + r * t->ncols, widths);
	rc = out_write(fp, buf_str(&b), b.len);
	buf_free(&b);
	free(widths);
	return rc;
}

void
out_table_free(out_table *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->ncols; i++)
		free(t->headers[i]);
	for (size_t i = 0; i < t->nrows * t->ncols; i++)
		free(t->cells[i]);
	free(t->headers);
	free(t->caps);
	free(t->cells);
	free(t);
}

/* ---------------------------------------------------------------- JSON */

void
out_json_str(buf *b, const char *s)
{
	json_quote(b, s);
}

void
out_json_kv(buf *b, const char *key, const char *value)
{
	json_quote(b, key);
	buf_putc(b, ':');
	json_quote(b, value);
}

void
out_json_kint(buf *b, const char *key, long long v)
{
	json_quote(b, key);
	buf_printf(b, ":%lld", v);
}

/* ---------------------------------------------------------------- records */

void
out_label_line(buf *b, const char *label, const char *value, int labw)
{
	char *clean;
	const char *colon = text_sep_caption();
	/* the colon is one cell in English, two in Chinese: every value starts
	 * two cells after the widest label and its colon */
	int pad = labw - text_width(label), ind = labw + text_width(colon) + 2;

	buf_puts(b, label);
	buf_puts(b, colon);
	while (pad-- > 0)
		buf_putc(b, ' ');
	buf_puts(b, "  ");
	clean = text_sanitize(value ? value : "", true);
	for (const char *p = clean; *p; p++) {
		buf_putc(b, *p);
		if (*p == '\n')
			for (int i = 0; i < ind; i++)
				buf_putc(b, ' ');
	}
	buf_putc(b, '\n');
	free(clean);
}

int
out_label_width(const char *const *labels, size_t n)
{
	int w = 0;

	for (size_t i = 0; i < n; i++)
		if (text_width(labels[i]) > w)
			w = text_width(labels[i]);
	return w;
}
