/*
 * doc.c — building documents (doc.h): sections, figures, tables, notes, and
 * the one place a typed value becomes the text people read.
 *
 * Self-contained; no curses.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "money.h"

/* ---------------------------------------------------------------- values */

bool
doc_type_numeric(enum doc_type t)
{
	return t == DOC_COUNT || t == DOC_MONEY || t == DOC_SHARE || t == DOC_RATIO || t == DOC_MINUTES;
}

doc_cell
doc_empty(void)
{
	doc_cell c = { .empty = true };
	return c;
}

doc_cell
doc_blank(void)
{
	doc_cell c = { .empty = true, .blank = true };
	return c;
}

doc_cell
doc_text(const char *s)
{
	doc_cell c = { .empty = s == NULL, .s = (char *)s };
	return c;
}

doc_cell
doc_count(long long n)
{
	doc_cell c = { .n = n };
	return c;
}

doc_cell
doc_money(int64_t fen)
{
	doc_cell c = { .n = fen };
	return c;
}

doc_cell
doc_share(long long n, long long d)
{
	doc_cell c = { .empty = d <= 0, .n = n, .d = d };
	return c;
}

doc_cell
doc_ratio(long long n, long long d)
{
	return doc_share(n, d);
}

doc_cell
doc_minutes(long minutes)
{
	doc_cell c = { .empty = minutes < 0, .n = minutes };
	return c;
}

doc_cell
doc_date(const char *s)
{
	doc_cell c = { .empty = s == NULL || !*s, .s = (char *)s };
	return c;
}

doc_cell
doc_time(const char *s)
{
	return doc_date(s);
}

doc_cell
doc_marked(doc_cell c, bool mark)
{
	c.mark = mark;
	return c;
}

/* n / d rounded half up to `decimals` places, scaled by `scale` (100 for a share). */
static void
fixed(buf *b, long long n, long long d, int decimals, long long scale)
{
	long long p = 1;
	bool neg = (n < 0) != (d < 0);

	if (decimals < 0)
		decimals = 0;
	if (decimals > 6)
		decimals = 6;
	for (int i = 0; i < decimals; i++)
		p *= 10;
	if (n < 0)
		n = -n;
	if (d < 0)
		d = -d;
	long long t = (n * scale * p + d / 2) / d;
	if (neg && t)
		buf_putc(b, '-');
	buf_printf(b, "%lld", t / p);
	if (decimals)
		buf_printf(b, ".%0*lld", decimals, t % p);
}

void
doc_cell_format(buf *b, const doc_cell *c, enum doc_type t, int decimals)
{
	char m[32];

	if (c->empty) {
		if (!c->blank)
			buf_putc(b, '-');
		return;
	}
	switch (t) {
	case DOC_TEXT:
	case DOC_DATE:
	case DOC_TIME:
		buf_puts(b, c->s ? c->s : "");
		break;
	case DOC_COUNT:
		buf_printf(b, "%lld", c->n);
		break;
	case DOC_MONEY:
		money_format(c->n, m);
		buf_puts(b, m);
		break;
	case DOC_SHARE:
		fixed(b, c->n, c->d, decimals, 100);
		buf_putc(b, '%');
		break;
	case DOC_RATIO:
		fixed(b, c->n, c->d, decimals, 1);
		break;
	case DOC_MINUTES:
		buf_printf(b, "%lld:%02lld", c->n / 60, c->n % 60);
		break;
	}
}

/* ---------------------------------------------------------------- building */

static doc_cell
cell_copy(doc_cell c)
{
	c.s = c.empty ? NULL : xstrdup(c.s);
	return c;
}

sd_doc *
doc_new(const char *kind, const char *title, const char *site)
{
	sd_doc *d = xcalloc(1, sizeof *d);

	d->kind = xstrdup(kind);
	d->title = xstrdup(title ? title : "");
	d->site = xstrdup(site ? site : "");
	return d;
}

static void
block_free(doc_block *b)
{
	free(b->key);
	free(b->heading);
	for (size_t i = 0; i < b->nfigs; i++) {
		free(b->figs[i].key);
		free(b->figs[i].label);
		free(b->figs[i].value.s);
	}
	free(b->figs);
	for (size_t i = 0; i < b->ncols; i++) {
		free(b->cols[i].key);
		free(b->cols[i].head);
	}
	for (size_t i = 0; i < b->nrows * b->ncols; i++)
		free(b->cells[i].s);
	free(b->cols);
	free(b->cells);
	free(b->chart.title);
	free(b->text);
}

void
doc_free(sd_doc *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->nsections; i++) {
		doc_section *s = &d->sections[i];
		for (size_t j = 0; j < s->nblocks; j++)
			block_free(&s->blocks[j]);
		free(s->blocks);
		free(s->key);
		free(s->heading);
	}
	for (size_t i = 0; i < d->nmeta; i++) {
		free(d->meta[i].key);
		free(d->meta[i].label);
		free(d->meta[i].value.s);
	}
	free(d->meta);
	free(d->sections);
	free(d->kind);
	free(d->title);
	free(d->site);
	free(d);
}

void
doc_add_meta(sd_doc *d, const char *key, const char *label, enum doc_type type, doc_cell value)
{
	if (d->nmeta == d->metacap) {
		d->metacap = d->metacap ? 2 * d->metacap : 4;
		d->meta = xrealloc(d->meta, d->metacap * sizeof *d->meta);
	}
	doc_meta *m = &d->meta[d->nmeta++];
	m->key = xstrdup(key);
	m->label = xstrdup(label);
	m->type = type;
	m->value = cell_copy(value);
}

doc_section *
doc_section_add(sd_doc *d, const char *key, const char *heading)
{
	if (d->nsections == d->cap) {
		d->cap = d->cap ? 2 * d->cap : 8;
		d->sections = xrealloc(d->sections, d->cap * sizeof *d->sections);
	}
	doc_section *s = &d->sections[d->nsections++];
	memset(s, 0, sizeof *s);
	s->key = xstrdup(key);
	s->heading = xstrdup(heading);
	return s;
}

doc_section *
doc_current(sd_doc *d)
{
	if (!d->nsections)
		return doc_section_add(d, "main", NULL);
	return &d->sections[d->nsections - 1];
}

static doc_block *
block_add(sd_doc *d, enum doc_block_kind kind, const char *key, const char *heading)
{
	doc_section *s = doc_current(d);

	if (s->nblocks == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 4;
		s->blocks = xrealloc(s->blocks, s->cap * sizeof *s->blocks);
	}
	doc_block *b = &s->blocks[s->nblocks++];
	memset(b, 0, sizeof *b);
	b->kind = kind;
	b->key = xstrdup(key);
	b->heading = xstrdup(heading);
	return b;
}

doc_block *
doc_figures(sd_doc *d, const char *heading)
{
	return block_add(d, DOC_FIGURES, NULL, heading);
}

void
doc_figure_add(sd_doc *d, const char *key, const char *label, enum doc_type type, int decimals,
               unsigned flags, doc_cell value)
{
	doc_section *s = doc_current(d);
	doc_block *b = s->nblocks && s->blocks[s->nblocks - 1].kind == DOC_FIGURES
	               ? &s->blocks[s->nblocks - 1] : doc_figures(d, NULL);

	if (b->nfigs == b->figcap) {
		b->figcap = b->figcap ? 2 * b->figcap : 8;
		b->figs = xrealloc(b->figs, b->figcap * sizeof *b->figs);
	}
	doc_figure *f = &b->figs[b->nfigs++];
	f->key = xstrdup(key);
	f->label = xstrdup(label);
	f->type = type;
	f->decimals = decimals;
	f->flags = flags;
	f->value = cell_copy(value);
}

doc_block *
doc_table(sd_doc *d, const char *key, const char *heading, const doc_col *cols, size_t ncols)
{
	doc_block *b = block_add(d, DOC_TABLE, key, heading);

	b->ncols = ncols;
	b->cols = xcalloc(ncols ? ncols : 1, sizeof *b->cols);
	for (size_t i = 0; i < ncols; i++) {
		b->cols[i] = cols[i];
		b->cols[i].key = xstrdup(cols[i].key);
		b->cols[i].head = xstrdup(cols[i].head);
	}
	return b;
}

void
doc_row(doc_block *t, const doc_cell *cells)
{
	if (t->nrows == t->rowcap) {
		t->rowcap = t->rowcap ? 2 * t->rowcap : 16;
		t->cells = xrealloc(t->cells, t->rowcap * (t->ncols ? t->ncols : 1) * sizeof *t->cells);
	}
	for (size_t i = 0; i < t->ncols; i++)
		t->cells[t->nrows * t->ncols + i] = cell_copy(cells[i]);
	t->nrows++;
}

void
doc_row_foot(doc_block *t, const doc_cell *cells)
{
	doc_row(t, cells);
	t->foot++;
}

void
doc_chart_hint(doc_block *t, size_t label_col, size_t value_col, const char *title)
{
	if (label_col >= t->ncols || value_col >= t->ncols)
		return;
	t->chart.on = true;
	t->chart.label_col = label_col;
	t->chart.value_col = value_col;
	free(t->chart.title);
	t->chart.title = xstrdup(title);
}

doc_block *
doc_note(sd_doc *d, const char *key, const char *text)
{
	doc_block *b = block_add(d, DOC_NOTE, key, NULL);

	b->text = xstrdup(text ? text : "");
	return b;
}

doc_block *
doc_legend(sd_doc *d, const char *text)
{
	doc_block *b = doc_note(d, NULL, text);

	b->legend = true;
	return b;
}

char *
doc_note_text(const doc_block *b, const char *mark)
{
	buf t = { 0 };

	if (b->legend)
		buf_printf(&t, "%s ", mark && *mark ? mark : "*");
	buf_puts(&t, b->text ? b->text : "");
	return buf_steal(&t);
}

const doc_cell *
doc_at(const doc_block *t, size_t r, size_t c)
{
	return &t->cells[r * t->ncols + c];
}
