/*
 * page.c — printed pages of plain text: collect lines, tables and breaks,
 * then lay them out on pages of a fixed length with a header, a footer,
 * repeated table heads and form feeds (see page.h).
 *
 * Self-contained; no curses.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "page.h"
#include "text.h"

enum item_kind { IT_LINE, IT_KEEP, IT_TABLE, IT_ROW, IT_TABLE_END, IT_BREAK };

struct item {
	enum item_kind kind;
	char *text;          /* the line, or the table's heads ('\n' between lines) */
	int nlines;          /* lines of text */
};

struct page_doc {
	int length, header_lines, footer_lines;
	page_deco_fn header, footer;
	bool pad;
	void *arg;
	struct item *items;
	size_t n, cap;
};

page_doc *
page_new(int length, int header_lines, page_deco_fn header, int footer_lines,
         page_deco_fn footer, bool pad, void *arg)
{
	page_doc *d = xcalloc(1, sizeof *d);

	d->header_lines = header ? header_lines : 0;
	d->footer_lines = footer ? footer_lines : 0;
	if (length < d->header_lines + d->footer_lines + 3)
		length = d->header_lines + d->footer_lines + 3;
	d->length = length;
	d->header = header;
	d->footer = footer;
	d->pad = pad;
	d->arg = arg;
	return d;
}

void
page_free(page_doc *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->n; i++)
		free(d->items[i].text);
	free(d->items);
	free(d);
}

static void
add(page_doc *d, enum item_kind kind, const char *text)
{
	struct item *it;

	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 64;
		d->items = xrealloc(d->items, d->cap * sizeof *d->items);
	}
	it = &d->items[d->n++];
	it->kind = kind;
	it->text = xstrdup(text ? text : "");
	it->nlines = 1;
	for (const char *p = it->text; *p; p++)
		if (*p == '\n')
			it->nlines++;
}

void
page_line(page_doc *d, const char *line)
{
	add(d, IT_LINE, line);
}

void
page_keep_line(page_doc *d, const char *line)
{
	add(d, IT_KEEP, line);
}

void
page_table(page_doc *d, const char *heads)
{
	add(d, IT_TABLE, heads);
}

void
page_table_end(page_doc *d)
{
	add(d, IT_TABLE_END, NULL);
}

void
page_row(page_doc *d, const char *line)
{
	add(d, IT_ROW, line);
}

void
page_break(page_doc *d)
{
	add(d, IT_BREAK, NULL);
}

/* The layout: the body of each page. */
struct layout {
	buf *pages;
	long n;
	int used;            /* lines on the current page */
};

static void
new_page(struct layout *lo)
{
	lo->pages = xrealloc(lo->pages, (size_t)(lo->n + 1) * sizeof *lo->pages);
	buf_init(&lo->pages[lo->n]);
	lo->n++;
	lo->used = 0;
}

static void
emit(struct layout *lo, const char *text, int nlines)
{
	buf_puts(&lo->pages[lo->n - 1], text);
	buf_putc(&lo->pages[lo->n - 1], '\n');
	lo->used += nlines;
}

/* Lines item i needs together with what must stay with it. */
static int
need_of(const page_doc *d, size_t i)
{
	int need = 0;

	for (; i < d->n && d->items[i].kind == IT_KEEP; i++)
		need += 1;
	if (i >= d->n)
		return need;
	switch (d->items[i].kind) {
	case IT_TABLE:
		need += d->items[i].nlines;
		if (i + 1 < d->n && d->items[i + 1].kind == IT_ROW)
			need += 1;
		break;
	case IT_LINE:
	case IT_ROW:
		need += 1;
		break;
	default:
		break;
	}
	return need;
}

static void
lay_out(page_doc *d, struct layout *lo)
{
	int body = d->length - d->header_lines - d->footer_lines;
	const struct item *table = NULL;

	memset(lo, 0, sizeof *lo);
	new_page(lo);
	for (size_t i = 0; i < d->n; i++) {
		const struct item *it = &d->items[i];

		/* a blank line that would open a page is dropped */
		if ((it->kind == IT_LINE || it->kind == IT_KEEP) && lo->used == 0 && !it->text[0])
			continue;
		switch (it->kind) {
		case IT_BREAK:
			if (lo->used > 0)
				new_page(lo);
			break;
		case IT_KEEP:
			if (i == 0 || d->items[i - 1].kind != IT_KEEP) {
				if (lo->used > 0 && lo->used + need_of(d, i) > body)
					new_page(lo);
			}
			if (lo->used > 0 || it->text[0])
				emit(lo, it->text, 1);
			break;
		case IT_TABLE:
			table = it;
			if (lo->used > 0 && (i == 0 || d->items[i - 1].kind != IT_KEEP) &&
			    lo->used + need_of(d, i) > body)
				new_page(lo);
			emit(lo, it->text, it->nlines);
			break;
		case IT_TABLE_END:
			table = NULL;
			break;
		case IT_LINE:
		case IT_ROW:
			if (lo->used + 1 > body) {
				new_page(lo);
				if (table && it->kind == IT_ROW)
					emit(lo, table->text, table->nlines);
			}
			if (lo->used > 0 || it->text[0] || it->kind == IT_ROW)
				emit(lo, it->text, 1);
			break;
		}
	}
	/* a break at the very end leaves no empty page behind */
	if (lo->n > 1 && lo->used == 0) {
		buf_free(&lo->pages[lo->n - 1]);
		lo->n--;
	}
}

static void
lay_free(struct layout *lo)
{
	for (long i = 0; i < lo->n; i++)
		buf_free(&lo->pages[i]);
	free(lo->pages);
}

long
page_count(page_doc *d)
{
	struct layout lo;
	long n;

	lay_out(d, &lo);
	n = lo.n;
	lay_free(&lo);
	return n;
}

void
page_render(page_doc *d, buf *out)
{
	int body = d->length - d->header_lines - d->footer_lines;
	struct layout lo;

	lay_out(d, &lo);
	for (long p = 0; p < lo.n; p++) {
		const buf *b = &lo.pages[p];
		int lines = 0;

		if (p)
			buf_putc(out, '\f');
		if (d->header)
			d->header(out, p + 1, lo.n, d->arg);
		buf_append(out, b->data ? b->data : "", b->len);
		for (size_t k = 0; k < b->len; k++)
			if (b->data[k] == '\n')
				lines++;
		if (d->pad)
			for (; lines < body; lines++)
				buf_putc(out, '\n');
		if (d->footer)
			d->footer(out, p + 1, lo.n, d->arg);
	}
	lay_free(&lo);
}

void
page_cell(buf *b, const char *s, int cells, bool right)
{
	char small[512], *tmp = small;
	size_t sz = (size_t)cells * 4 + 8;
	int used;

	if (cells <= 0)
		return;
	if (sz > sizeof small)
		tmp = xmalloc(sz);
	if (right) {
		used = text_fit(tmp, sz, s ? s : "", cells, false);
		for (int i = used; i < cells; i++)
			buf_putc(b, ' ');
		buf_puts(b, tmp);
	} else {
		text_fit(tmp, sz, s ? s : "", cells, true);
		buf_puts(b, tmp);
	}
	if (tmp != small)
		free(tmp);
}

void
page_center(buf *b, const char *s, int width)
{
	char *clean = text_sanitize(s ? s : "", false);
	int w = text_width(clean);

	for (int i = 0; i < (width - w) / 2; i++)
		buf_putc(b, ' ');
	buf_puts(b, clean);
	free(clean);
}
