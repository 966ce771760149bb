/*
 * ui-doc.c — a document laid out for the desk (see ui-doc.h). The same
 * document the printer and the spreadsheet get: what a report adds appears
 * here without a line of the desk's own.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "buf.h"
#include "text.h"
#include "ui-doc.h"
#include "ui-draw.h"

/* ---------------------------------------------------------------- lines */

static ui_dline *
line_new(ui_doclines *L)
{
	if (L->n == L->cap) {
		L->cap = L->cap ? L->cap * 2 : 64;
		L->v = xrealloc(L->v, L->cap * sizeof *L->v);
	}
	memset(&L->v[L->n], 0, sizeof L->v[L->n]);
	return &L->v[L->n++];
}

/* append s (taken over) in style to line l */
static void
seg_add(ui_dline *l, int style, char *s)
{
	l->seg = xrealloc(l->seg, (l->n + 1) * sizeof *l->seg);
	l->seg[l->n].s = s;
	l->seg[l->n].style = style;
	l->n++;
}

void
ui_doclines_free(ui_doclines *L)
{
	for (size_t i = 0; i < L->n; i++) {
		for (size_t j = 0; j < L->v[i].n; j++)
			free(L->v[i].seg[j].s);
		free(L->v[i].seg);
	}
	free(L->v);
	memset(L, 0, sizeof *L);
}

/* s sanitised and fitted into exactly w cells (right-aligned if right) */
static char *
cell(const char *s, int w, bool right)
{
	size_t sz;
	char *out;
	int used;

	if (w < 0)
		w = 0;
	sz = (size_t)w * 4 + 8;
	out = xmalloc(sz);
	used = text_fit(out, sz, s ? s : "", w, !right);
	if (right && used < w) {
		buf b = { 0 };
		for (int i = used; i < w; i++)
			buf_putc(&b, ' ');
		buf_puts(&b, out);
		free(out);
		out = buf_steal(&b);
	}
	return out;
}

static int
max_int(int a, int b)
{
	return a > b ? a : b;
}

void
ui_doc_para(ui_doclines *L, int W, int style, const char *text)
{
	char **wl;
	size_t n;

	for (const char *p = text ? text : "", *nl; ; p = nl + 1) {
		nl = strchr(p, '\n');
		char *one = nl ? xstrndup(p, (size_t)(nl - p)) : xstrdup(p);
		n = ui_wrap(one, W, &wl);
		if (n == 0)
			line_new(L);
		for (size_t i = 0; i < n; i++)
			seg_add(line_new(L), style, cell(wl[i], W, false));
		ui_lines_free(wl);
		free(one);
		if (!nl || !nl[1])
			break;
	}
}

/*
 * The value as people read it, with the mark after a missed commitment;
 * with room, a value without the mark ends in a blank as wide as the mark,
 * so that right-aligned figures of a column line up whether marked or not.
 */
static char *
value_text(const doc_cell *c, enum doc_type t, int decimals, const ui_doc_glyphs *g, bool room)
{
	buf b = { 0 };

	doc_cell_format(&b, c, t, decimals);
	if (c->mark)
		buf_puts(&b, g->mark);
	else if (room)
		for (int i = text_width(g->mark); i > 0; i--)
			buf_putc(&b, ' ');
	return buf_steal(&b);
}

/* ---------------------------------------------------------------- figures */

static void
figures(ui_doclines *L, int W, const doc_block *b, const ui_doc_glyphs *g)
{
	char **vals = xcalloc(b->nfigs + 1, sizeof *vals);
	int lw = 0, vw = 12;
	bool marked = false;

	for (size_t i = 0; i < b->nfigs; i++)
		if (!(b->figs[i].flags & DOC_MACHINE) && b->figs[i].value.mark)
			marked = true;
	for (size_t i = 0; i < b->nfigs; i++) {
		const doc_figure *f = &b->figs[i];
		if (f->flags & DOC_MACHINE)
			continue;
		vals[i] = value_text(&f->value, f->type, f->decimals, g, marked);
		lw = max_int(lw, text_width(f->label));
		vw = max_int(vw, text_width(vals[i]));
	}
	if (b->heading)
		ui_doc_para(L, W, UI_S_LABEL, b->heading);
	/* one value column for every section where the width allows */
	lw = max_int(lw, 46);
	if (lw > W - vw - 2)
		lw = max_int(W - vw - 2, 1);
	for (size_t i = 0; i < b->nfigs; i++) {
		const doc_figure *f = &b->figs[i];
		if (!vals[i])
			continue;
		ui_dline *l = line_new(L);
		seg_add(l, UI_S_NORMAL, cell(f->label, lw, false));
		seg_add(l, UI_S_NORMAL, xstrdup("  "));
		seg_add(l, f->value.mark ? UI_S_ERROR : UI_S_NORMAL, cell(vals[i], vw, true));
		free(vals[i]);
	}
	free(vals);
}

/* ---------------------------------------------------------------- bars */

/* a cell's value as a bar measures it */
static double
measure(const doc_cell *c, enum doc_type t)
{
	if (c->empty)
		return 0;
	if (t == DOC_SHARE || t == DOC_RATIO)
		return c->d > 0 ? (double)c->n / (double)c->d : 0;
	if (t == DOC_TEXT || t == DOC_DATE || t == DOC_TIME)
		return 0;
	return (double)c->n;
}

/*
 * The table's bars: the labels in a column aligned by display width, a bar
 * per value scaled to the largest value and to the room the width leaves,
 * the value after the bar. A zero shows no bar.
 */
static void
bars(ui_doclines *L, int W, const doc_block *b, const ui_doc_glyphs *g, bool title)
{
	size_t lc = b->chart.label_col, vc = b->chart.value_col, n = b->nrows;
	const doc_col *vcol = &b->cols[vc];
	char **vals = xcalloc(n + 1, sizeof *vals);
	int lw = 0, nw = 1, room, sw = max_int(text_width(g->bar), 1);
	double max = 0;

	if (title) {
		buf t = { 0 };
		buf_puts(&t, b->chart.title ? b->chart.title : vcol->head);
		/* TRANSLATORS: after a caption above the bars it introduces. */
		buf_puts(&t, C_("after a caption", ":"));
		ui_doc_para(L, W, UI_S_LABEL, buf_str(&t));
		buf_free(&t);
	}
	for (size_t r = 0; r < n; r++) {
		const doc_cell *lab = doc_at(b, r, lc), *v = doc_at(b, r, vc);
		vals[r] = value_text(v, vcol->type, vcol->decimals, g, false);
		lw = max_int(lw, text_width(lab->s ? lab->s : ""));
		nw = max_int(nw, text_width(vals[r]));
		if (measure(v, vcol->type) > max)
			max = measure(v, vcol->type);
	}
	if (lw > W / 3)
		lw = W / 3 > 4 ? W / 3 : (lw < 4 ? lw : 4);
	room = max_int(W - lw - 1 - 1 - nw, 0);
	for (size_t r = 0; r < n; r++) {
		const doc_cell *lab = doc_at(b, r, lc), *v = doc_at(b, r, vc);
		double x = measure(v, vcol->type);
		int len = 0;
		ui_dline *l = line_new(L);
		buf bb = { 0 };

		if (max > 0 && x > 0) {
			len = (int)(x * room / max + 0.5);
			if (len < sw && room >= sw)
				len = sw;          /* a value above zero shows */
		}
		for (int k = 0; k + sw <= len; k += sw)
			buf_puts(&bb, g->bar);
		seg_add(l, UI_S_NORMAL, cell(lab->s, lw, false));
		seg_add(l, UI_S_NORMAL, xstrdup(" "));
		if (bb.len)
			seg_add(l, UI_S_NORMAL, buf_steal(&bb));
		buf_free(&bb);
		seg_add(l, UI_S_NORMAL, xstrdup(" "));
		seg_add(l, v->mark ? UI_S_ERROR : UI_S_NORMAL, vals[r]);
	}
	free(vals);
}

/* ---------------------------------------------------------------- tables */

/* The columns people see; their count. */
static size_t
people_cols(const doc_block *b, size_t *idx)
{
	size_t n = 0;

	for (size_t i = 0; i < b->ncols; i++)
		if (!(b->cols[i].flags & DOC_MACHINE))
			idx[n++] = i;
	return n;
}

static void
table(ui_doclines *L, int W, const doc_block *b, const ui_doc_glyphs *g)
{
	size_t *idx = xcalloc(b->ncols + 1, sizeof *idx);
	size_t nc = people_cols(b, idx), nr = b->nrows, shown;
	char **v;
	int *w, total = 0;
	bool *right;

	if (nc == 0) {
		free(idx);
		return;
	}
	if (b->heading)
		ui_doc_para(L, W, UI_S_LABEL, b->heading);
	/* a label and a value with bars: the bars are the table */
	if (b->chart.on && nc == 2 && idx[0] == b->chart.label_col && idx[1] == b->chart.value_col) {
		bars(L, W, b, g, true);
		free(idx);
		return;
	}
	v = xcalloc((nr + 1) * nc, sizeof *v);
	w = xcalloc(nc, sizeof *w);
	right = xcalloc(nc, sizeof *right);
	for (size_t k = 0; k < nc; k++) {
		const doc_col *c = &b->cols[idx[k]];
		right[k] = doc_type_numeric(c->type) || (c->flags & DOC_RIGHT);
		bool marked = false;
		v[k] = xstrdup(c->head ? c->head : "");
		w[k] = text_width(v[k]);
		for (size_t r = 0; r < nr; r++)
			if (doc_at(b, r, idx[k])->mark)
				marked = true;
		for (size_t r = 0; r < nr; r++) {
			char *s = value_text(doc_at(b, r, idx[k]), c->type, c->decimals, g, marked && right[k]);
			v[(r + 1) * nc + k] = s;
			w[k] = max_int(w[k], text_width(s));
		}
		if (right[k])
			w[k] = max_int(w[k], 5);
		total += w[k] + (k ? 1 : 0);
	}
	/* too wide: the widest text column gives way first, down to 8 cells; then columns go from the right */
	while (total > W) {
		size_t wide = nc;
		for (size_t k = 0; k < nc; k++)
			if (!right[k] && w[k] > 8 && (wide == nc || w[k] > w[wide]))
				wide = k;
		if (wide == nc)
			break;
		int cut = total - W < w[wide] - 8 ? total - W : w[wide] - 8;
		w[wide] -= cut;
		total -= cut;
	}
	shown = nc;
	while (shown > 1 && total > W)
		total -= w[--shown] + 1;
	for (size_t r = 0; r <= nr; r++) {
		ui_dline *l = line_new(L);
		bool foot = r > 0 && r > nr - b->foot;
		for (size_t k = 0; k < shown; k++) {
			const doc_cell *c = r ? doc_at(b, r - 1, idx[k]) : NULL;
			int style = r == 0 ? UI_S_LABEL : c->mark ? UI_S_ERROR : foot ? UI_S_LABEL : UI_S_NORMAL;
			if (k)
				seg_add(l, r == 0 ? UI_S_LABEL : UI_S_NORMAL, xstrdup(" "));
			seg_add(l, style, cell(v[r * nc + k], w[k] > W ? W : w[k], right[k]));
		}
	}
	for (size_t i = 0; i < (nr + 1) * nc; i++)
		free(v[i]);
	free(v);
	free(w);
	free(right);
	if (b->chart.on && nr) {
		line_new(L);
		bars(L, W, b, g, true);
	}
	free(idx);
}

/* ---------------------------------------------------------------- the document */

void
ui_doc_lines(const sd_doc *d, int W, const ui_doc_glyphs *g, ui_doclines *L)
{
	if (W < 1)
		W = 1;
	for (size_t i = 0; i < d->nsections; i++) {
		const doc_section *s = &d->sections[i];

		if (L->n && (s->heading || i))
			line_new(L);
		if (s->heading)
			ui_doc_para(L, W, UI_S_HEADER, s->heading);
		for (size_t j = 0; j < s->nblocks; j++) {
			const doc_block *b = &s->blocks[j];
			size_t before = L->n;

			if (j && b->kind != DOC_NOTE)
				line_new(L);
			switch (b->kind) {
			case DOC_FIGURES:
				figures(L, W, b, g);
				break;
			case DOC_TABLE:
				table(L, W, b, g);
				break;
			case DOC_NOTE: {
				char *t = doc_note_text(b, g->mark);
				ui_doc_para(L, W, b->legend ? UI_S_ERROR : UI_S_NORMAL, t);
				free(t);
				break;
			}
			}
			/* a block with nothing for people leaves no gap either */
			if (L->n == before + 1 && L->v[before].n == 0) {
				free(L->v[before].seg);
				L->n = before;
			}
		}
	}
}

void
ui_doc_draw(const ui_doclines *L, int top, int rows, int y, int x, int W)
{
	for (int i = 0; i < rows && top + i < (int)L->n; i++) {
		const ui_dline *l = &L->v[top + i];
		int used = 0;
		for (size_t j = 0; j < l->n && used < W; j++)
			used += ui_put_text(y + i, x + used, W - used, l->seg[j].style, l->seg[j].s);
	}
}
