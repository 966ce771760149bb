/*
 * doc_pdf.c — a document (doc.h) as PDF: cairo's PDF surface, text set by
 * pango.
 *
 * A4, portrait unless the document asks for landscape or one of its tables
 * is too wide for a portrait page. Every page has the header (the title on
 * the left, the site on the right) and the footer "page i of n". The first
 * page starts with the title and the document's facts. Figures are a
 * two-column table; a table has its head repeated on every page it runs
 * onto, and a row is never split between pages; numbers are right-aligned; a
 * missed commitment is red, with the mark after the value. A chart hint is
 * drawn as horizontal bars with their labels, values and a value axis.
 * Notes are paragraphs.
 *
 * The text goes through fontconfig with a list of families (DOC_PDF_FONT):
 * Noto Sans CJK SC (which also has characters outside the BMP such as 𠮷),
 * then WenQuanYi Micro Hei, then any sans font; pango falls back per
 * character. The fonts used are embedded (subset).
 *
 * Pages are counted before they are drawn: the whole document is laid out
 * once without drawing (only measuring), then laid out again and drawn,
 * with the number of pages known for every footer.
 *
 * Self-contained; no curses.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include "doc.h"
#include "media.h"
#include "gettext.h"
#include "text.h"

#define DOC_PDF_FONT "WenQuanYi Micro Hei, Noto Sans CJK SC, sans"

#define A4_W 595.276
#define A4_H 841.890
#define MARGIN 40.0          /* page edge to the text */
#define HEAD_H 22.0          /* the page header, above the content */
#define FOOT_H 20.0          /* the footer, below the content */
#define PAD_X 4.0            /* cell padding */
#define PAD_Y 2.5
#define MIN_TEXT_COL 48.0    /* a wrapped text column is at least this wide */
#define CHART_W 460.0
#define BAR_STEP 15.0

struct pctx {
	cairo_t *cr;
	PangoLayout *lay;
	PangoFontDescription *body, *bold, *small, *heading, *title;
	bool drawing;                 /* false: only measuring (the first pass) */
	double pw, ph;                /* page size */
	double left, right, top, bottom;
	double y;
	long page, npages;
	const sd_doc *d;
	char *mark;
};

/* ---------------------------------------------------------------- text */

/* Lay out s (sanitised) in font f; width > 0 wraps it there, aligned as a. */
static void
set_text(struct pctx *p, const char *s, const PangoFontDescription *f, double width, PangoAlignment a)
{
	char *t = text_sanitize(s ? s : "", true);

	pango_layout_set_font_description(p->lay, f);
	pango_layout_set_width(p->lay, width > 0 ? (int)(width * PANGO_SCALE) : -1);
	pango_layout_set_wrap(p->lay, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_alignment(p->lay, a);
	pango_layout_set_text(p->lay, t, -1);
	free(t);
}

static void
text_size(struct pctx *p, double *w, double *h)
{
	int iw, ih;

	pango_layout_get_size(p->lay, &iw, &ih);
	if (w)
		*w = (double)iw / PANGO_SCALE;
	if (h)
		*h = (double)ih / PANGO_SCALE;
}

/* The width of s in font f, unwrapped. */
static double
text_w(struct pctx *p, const char *s, const PangoFontDescription *f)
{
	double w;

	set_text(p, s, f, 0, PANGO_ALIGN_LEFT);
	text_size(p, &w, NULL);
	return w;
}

static void
show(struct pctx *p, double x, double y, double r, double g, double b)
{
	if (!p->drawing)
		return;
	cairo_set_source_rgb(p->cr, r, g, b);
	cairo_move_to(p->cr, x, y);
	pango_cairo_show_layout(p->cr, p->lay);
}

static void
hline(struct pctx *p, double x0, double x1, double y, double grey, double width)
{
	if (!p->drawing)
		return;
	cairo_set_source_rgb(p->cr, grey, grey, grey);
	cairo_set_line_width(p->cr, width);
	cairo_move_to(p->cr, x0, y);
	cairo_line_to(p->cr, x1, y);
	cairo_stroke(p->cr);
}

static void
fill_rect(struct pctx *p, double x, double y, double w, double h, double r, double g, double b)
{
	if (!p->drawing)
		return;
	cairo_set_source_rgb(p->cr, r, g, b);
	cairo_rectangle(p->cr, x, y, w, h);
	cairo_fill(p->cr);
}

/* A value as people read it, with the mark after it; free it. */
static char *
value_text(struct pctx *p, const doc_cell *c, enum doc_type t, int decimals)
{
	buf b = { 0 };

	doc_cell_format(&b, c, t, decimals);
	if (c->mark)
		buf_puts(&b, p->mark);
	return buf_steal(&b);
}

/* ---------------------------------------------------------------- pages */

static void
new_page(struct pctx *p)
{
	char foot[128];
	double w;

	if (p->drawing && p->page > 0)
		cairo_show_page(p->cr);
	p->page++;
	p->y = p->top;

	/* the header: title left, site right, a rule below */
	set_text(p, p->d->site, p->body, 0, PANGO_ALIGN_LEFT);
	text_size(p, &w, NULL);
	double site_w = w;
	show(p, p->right - w, MARGIN, 0.25, 0.25, 0.25);
	set_text(p, p->d->title, p->bold, p->right - p->left - site_w - 12, PANGO_ALIGN_LEFT);
	pango_layout_set_ellipsize(p->lay, PANGO_ELLIPSIZE_END);
	show(p, p->left, MARGIN, 0, 0, 0);
	pango_layout_set_ellipsize(p->lay, PANGO_ELLIPSIZE_NONE);
	hline(p, p->left, p->right, MARGIN + HEAD_H - 6, 0.4, 0.6);

	/* the footer: page i of n */
	snprintf(foot, sizeof foot, _("page %ld of %ld"), p->page, p->npages ? p->npages : p->page);
	set_text(p, foot, p->small, 0, PANGO_ALIGN_LEFT);
	text_size(p, &w, NULL);
	show(p, (p->pw - w) / 2, p->ph - MARGIN - 10, 0.3, 0.3, 0.3);
}

/* Room for h more points on this page, or a new page (unless this one is still empty). */
static void
need(struct pctx *p, double h)
{
	if (p->y + h > p->bottom && p->y > p->top)
		new_page(p);
}

/* ---------------------------------------------------------------- blocks */

/* A line of text in font f, wrapped to the content width. */
static void
put_line(struct pctx *p, const char *s, const PangoFontDescription *f, double keep, double after)
{
	double h;

	set_text(p, s, f, p->right - p->left, PANGO_ALIGN_LEFT);
	text_size(p, NULL, &h);
	need(p, h + keep);
	set_text(p, s, f, p->right - p->left, PANGO_ALIGN_LEFT);
	show(p, p->left, p->y, 0, 0, 0);
	p->y += h + after;
}

/* A paragraph, broken between lines where a page ends. */
static void
put_note(struct pctx *p, const char *s)
{
	set_text(p, s, p->body, p->right - p->left, PANGO_ALIGN_LEFT);
	PangoLayoutIter *it = pango_layout_get_iter(p->lay);
	double top = -1;

	do {
		PangoRectangle log;
		pango_layout_iter_get_line_extents(it, NULL, &log);
		int baseline = pango_layout_iter_get_baseline(it);
		double lh = (double)log.height / PANGO_SCALE;
		if (p->y + lh > p->bottom && p->y > p->top) {
			/* the rest goes on a new page; the page header reset the layout */
			int index = pango_layout_iter_get_index(it);
			const char *text = pango_layout_get_text(p->lay);
			char *rest = xstrdup(text + index);
			pango_layout_iter_free(it);
			new_page(p);
			put_note(p, rest);
			free(rest);
			return;
		}
		if (top < 0)
			top = (double)log.y / PANGO_SCALE;
		if (p->drawing) {
			PangoLayoutLine *line = pango_layout_iter_get_line_readonly(it);
			cairo_set_source_rgb(p->cr, 0, 0, 0);
			cairo_move_to(p->cr, p->left + (double)log.x / PANGO_SCALE,
			              p->y + (double)baseline / PANGO_SCALE - (double)log.y / PANGO_SCALE);
			pango_cairo_show_layout_line(p->cr, line);
		}
		p->y += lh;
	} while (pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
	p->y += 6;
}

struct grid {
	size_t ncols;                 /* shown columns */
	size_t *src;                  /* their index in the block */
	double *w;                    /* their widths */
	bool *num;                    /* right-aligned */
	enum doc_type *type;
	int *dec;
	double x0, width;
};

static void
grid_free(struct grid *g)
{
	free(g->src);
	free(g->w);
	free(g->num);
	free(g->type);
	free(g->dec);
}

/* The height of a row of texts in the grid. */
static double
row_height(struct pctx *p, const struct grid *g, char **texts, const PangoFontDescription *f)
{
	double h = 0, th;

	for (size_t c = 0; c < g->ncols; c++) {
		set_text(p, texts[c], f, g->w[c] - 2 * PAD_X, g->num[c] ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
		text_size(p, NULL, &th);
		if (th > h)
			h = th;
	}
	return h + 2 * PAD_Y;
}

static void
draw_row(struct pctx *p, const struct grid *g, char **texts, const bool *marks, const PangoFontDescription *f,
         double h, bool head)
{
	double x = g->x0;

	if (head)
		fill_rect(p, g->x0, p->y, g->width, h, 0.9, 0.9, 0.9);
	for (size_t c = 0; c < g->ncols; c++) {
		set_text(p, texts[c], f, g->w[c] - 2 * PAD_X, g->num[c] ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
		if (marks && marks[c])
			show(p, x + PAD_X, p->y + PAD_Y, 0.8, 0, 0);
		else
			show(p, x + PAD_X, p->y + PAD_Y, 0, 0, 0);
		x += g->w[c];
	}
	p->y += h;
	hline(p, g->x0, g->x0 + g->width, p->y, head ? 0.3 : 0.8, head ? 0.8 : 0.4);
}

/*
 * Fit natural column widths into `avail`: numbers keep theirs, text columns
 * share what is left (each at least MIN_TEXT_COL, wrapping); if even that is
 * too wide, every column shrinks in proportion.
 */
static void
fit_widths(struct grid *g, double avail)
{
	double total = 0, fixed = 0, flex = 0;

	for (size_t c = 0; c < g->ncols; c++) {
		total += g->w[c];
		if (g->num[c])
			fixed += g->w[c];
		else
			flex += g->w[c];
	}
	if (total <= avail)
		goto done;
	if (flex > 0 && avail - fixed >= MIN_TEXT_COL * 1.0) {
		double room = avail - fixed;
		for (size_t c = 0; c < g->ncols; c++)
			if (!g->num[c]) {
				g->w[c] = g->w[c] * room / flex;
				if (g->w[c] < MIN_TEXT_COL)
					g->w[c] = MIN_TEXT_COL;
			}
		total = 0;
		for (size_t c = 0; c < g->ncols; c++)
			total += g->w[c];
	}
	if (total > avail)
		for (size_t c = 0; c < g->ncols; c++)
			g->w[c] = g->w[c] * avail / total;
done:
	g->width = 0;
	for (size_t c = 0; c < g->ncols; c++)
		g->width += g->w[c];
}

/* The natural width of a table (every column as wide as its widest text). */
static double
table_natural(struct pctx *p, const doc_block *b, struct grid *g)
{
	double total = 0;

	memset(g, 0, sizeof *g);
	g->src = xcalloc(b->ncols ? b->ncols : 1, sizeof *g->src);
	g->w = xcalloc(b->ncols ? b->ncols : 1, sizeof *g->w);
	g->num = xcalloc(b->ncols ? b->ncols : 1, sizeof *g->num);
	g->type = xcalloc(b->ncols ? b->ncols : 1, sizeof *g->type);
	g->dec = xcalloc(b->ncols ? b->ncols : 1, sizeof *g->dec);
	for (size_t c = 0; c < b->ncols; c++) {
		const doc_col *col = &b->cols[c];
		if (col->flags & DOC_MACHINE)
			continue;
		size_t k = g->ncols++;
		g->src[k] = c;
		g->num[k] = doc_type_numeric(col->type);
		g->type[k] = col->type;
		g->dec[k] = col->decimals;
		double w = text_w(p, col->head, p->bold);
		for (size_t r = 0; r < b->nrows; r++) {
			char *t = value_text(p, doc_at(b, r, c), col->type, col->decimals);
			double tw = text_w(p, t, p->body);
			free(t);
			if (tw > w)
				w = tw;
		}
		g->w[k] = w + 2 * PAD_X + 1;
		total += g->w[k];
	}
	return total;
}

/* A caption above a block, kept on the page with `keep` points of what follows. */
static void
caption(struct pctx *p, const char *s, double keep)
{
	if (s)
		put_line(p, s, p->bold, keep, 3);
}

static void
put_table(struct pctx *p, const doc_block *b)
{
	struct grid g;
	char **head, **row;
	bool *marks;
	double hh;

	table_natural(p, b, &g);
	if (!g.ncols) {
		grid_free(&g);
		return;
	}
	g.x0 = p->left;
	fit_widths(&g, p->right - p->left);
	head = xcalloc(g.ncols, sizeof *head);
	row = xcalloc(g.ncols, sizeof *row);
	marks = xcalloc(g.ncols, sizeof *marks);
	for (size_t c = 0; c < g.ncols; c++)
		head[c] = b->cols[g.src[c]].head ? b->cols[g.src[c]].head : "";
	hh = row_height(p, &g, head, p->bold);

	double first = 0;
	if (b->nrows) {
		for (size_t c = 0; c < g.ncols; c++)
			row[c] = value_text(p, doc_at(b, 0, g.src[c]), g.type[c], g.dec[c]);
		first = row_height(p, &g, row, p->body);
		for (size_t c = 0; c < g.ncols; c++)
			free(row[c]);
	}
	caption(p, b->heading, hh + first);
	need(p, hh + first);
	draw_row(p, &g, head, NULL, p->bold, hh, true);
	for (size_t r = 0; r < b->nrows; r++) {
		for (size_t c = 0; c < g.ncols; c++) {
			const doc_cell *cell = doc_at(b, r, g.src[c]);
			row[c] = value_text(p, cell, g.type[c], g.dec[c]);
			marks[c] = cell->mark;
		}
		double h = row_height(p, &g, row, p->body);
		if (p->y + h > p->bottom) {
			/* the row goes whole onto the next page, under the head again */
			new_page(p);
			draw_row(p, &g, head, NULL, p->bold, hh, true);
		}
		draw_row(p, &g, row, marks, p->body, h, false);
		for (size_t c = 0; c < g.ncols; c++)
			free(row[c]);
	}
	p->y += 8;
	free(head);
	free(row);
	free(marks);
	grid_free(&g);
}

/* Figures (or the document's facts) as a two-column table: label, value. */
static void
put_pairs(struct pctx *p, const char *heading, size_t n, const char *const *labels, char **values,
          const bool *num, const bool *marks)
{
	struct grid g = { .ncols = 2 };
	double lw = 0, vw = 0, avail = p->right - p->left;
	bool nums[2] = { false, true };
	char *texts[2];
	bool mk[2] = { false, false };

	if (!n)
		return;
	for (size_t i = 0; i < n; i++) {
		double w = text_w(p, labels[i], p->body);
		if (w > lw)
			lw = w;
		w = text_w(p, values[i], p->body);
		if (w > vw)
			vw = w;
	}
	double wv[2] = { lw + 2 * PAD_X + 12, vw + 2 * PAD_X + 1 };
	if (wv[0] < 120)
		wv[0] = 120;
	if (wv[1] < 60)
		wv[1] = 60;
	g.w = wv;
	g.num = nums;
	g.x0 = p->left;
	fit_widths(&g, avail);
	texts[0] = (char *)labels[0];
	texts[1] = values[0];
	caption(p, heading, row_height(p, &g, texts, p->body));
	for (size_t i = 0; i < n; i++) {
		texts[0] = (char *)labels[i];
		texts[1] = values[i];
		nums[1] = num[i];
		mk[1] = marks[i];
		double h = row_height(p, &g, texts, p->body);
		need(p, h);
		draw_row(p, &g, texts, mk, p->body, h, false);
	}
	p->y += 8;
}

static void
put_figures(struct pctx *p, const doc_block *b)
{
	const char **labels = xcalloc(b->nfigs + 1, sizeof *labels);
	char **values = xcalloc(b->nfigs + 1, sizeof *values);
	bool *num = xcalloc(b->nfigs + 1, sizeof *num), *marks = xcalloc(b->nfigs + 1, sizeof *marks);
	size_t n = 0;

	for (size_t i = 0; i < b->nfigs; i++) {
		const doc_figure *f = &b->figs[i];
		if (f->flags & DOC_MACHINE)
			continue;
		labels[n] = f->label ? f->label : "";
		values[n] = value_text(p, &f->value, f->type, f->decimals);
		num[n] = doc_type_numeric(f->type);
		marks[n] = f->value.mark;
		n++;
	}
	put_pairs(p, b->heading, n, labels, values, num, marks);
	for (size_t i = 0; i < n; i++)
		free(values[i]);
	free(labels);
	free(values);
	free(num);
	free(marks);
}

/* ---------------------------------------------------------------- charts */

/* A cell's value as a number for a bar: n, or n / d for a share or a ratio. */
static bool
bar_value(const doc_cell *c, enum doc_type t, double *v)
{
	if (c->empty)
		return false;
	*v = (t == DOC_SHARE || t == DOC_RATIO) ? (double)c->n / (double)c->d : (double)c->n;
	return true;
}

static long long
round_ll(double v)
{
	return (long long)(v < 0 ? v - 0.5 : v + 0.5);
}

static double
floor_d(double v)
{
	double t = (double)(long long)v;
	return t > v ? t - 1 : t;
}

/* A tick value on the axis, in the column's type (a share as a whole percentage). */
static char *
tick_text(double v, enum doc_type t, int decimals, double step)
{
	buf b = { 0 };
	doc_cell c;

	switch (t) {
	case DOC_SHARE:
		c = doc_share(round_ll(v * 1000), 1000);
		doc_cell_format(&b, &c, t, step < 0.01 ? 1 : 0);
		break;
	case DOC_RATIO:
		c = doc_ratio(round_ll(v * 1000), 1000);
		doc_cell_format(&b, &c, t, step < 1 ? (decimals ? decimals : 1) : 0);
		break;
	case DOC_MONEY:
		/* yuan, without the fen when the step is whole yuan */
		if (step >= 100)
			buf_printf(&b, "%lld", round_ll(v) / 100);
		else {
			c = doc_money(round_ll(v));
			doc_cell_format(&b, &c, t, 0);
		}
		break;
	default:
		c = doc_count(round_ll(v));
		doc_cell_format(&b, &c, t, 0);
		break;
	}
	return buf_steal(&b);
}

/* A step of 1, 2 or 5 times a power of ten giving about five intervals over span. */
static double
nice_step(double span, enum doc_type t)
{
	double raw = span / 5, mag = 1;

	if (raw <= 0)
		return 1;
	while (mag * 10 <= raw)
		mag *= 10;
	while (mag > raw)
		mag /= 10;
	double n = raw / mag, step = (n <= 1 ? 1 : n <= 2 ? 2 : n <= 5 ? 5 : 10) * mag;
	if (t == DOC_COUNT && step < 1)
		step = 1;
	if (t == DOC_MINUTES && step > 30) {
		/* whole hours */
		double h = 60;
		while (h < step)
			h *= 2;
		step = h;
	}
	return step;
}

static void
put_chart(struct pctx *p, const doc_block *b)
{
	const doc_chart *ch = &b->chart;
	const doc_col *lc = &b->cols[ch->label_col], *vc = &b->cols[ch->value_col];
	size_t n = b->nrows;
	double vmin = 0, vmax = 0, v, lw = 0, tw, th;

	if (!n || !doc_type_numeric(vc->type))
		return;
	char **labels = xcalloc(n, sizeof *labels), **vals = xcalloc(n, sizeof *vals);
	for (size_t r = 0; r < n; r++) {
		buf lb = { 0 };
		doc_cell_format(&lb, doc_at(b, r, ch->label_col), lc->type, lc->decimals);
		labels[r] = buf_steal(&lb);
		vals[r] = value_text(p, doc_at(b, r, ch->value_col), vc->type, vc->decimals);
		if (bar_value(doc_at(b, r, ch->value_col), vc->type, &v)) {
			if (v < vmin)
				vmin = v;
			if (v > vmax)
				vmax = v;
		}
	}
	double width = p->right - p->left < CHART_W ? p->right - p->left : CHART_W;
	for (size_t r = 0; r < n; r++) {
		tw = text_w(p, labels[r], p->small);
		if (tw > lw)
			lw = tw;
	}
	if (lw > width * 0.35)
		lw = width * 0.35;
	double step_y = BAR_STEP, avail_h = p->bottom - p->top - 60;
	if (n * step_y > avail_h)
		step_y = avail_h / (double)n;
	double plot_h = step_y * (double)n;

	/* the title, kept with the chart */
	const char *title = ch->title ? ch->title : vc->head;
	set_text(p, title, p->bold, width, PANGO_ALIGN_LEFT);
	text_size(p, NULL, &th);
	double total = th + 6 + plot_h + 22;
	need(p, total);
	set_text(p, title, p->bold, width, PANGO_ALIGN_LEFT);
	show(p, p->left, p->y, 0, 0, 0);
	p->y += th + 6;

	/* the value axis */
	if (vmax == vmin)
		vmax = vmin + (vc->type == DOC_SHARE ? 1 : 1);
	double step = nice_step(vmax - vmin, vc->type);
	double lo = floor_d(vmin / step) * step, hi = -floor_d(-vmax / step) * step;
	double x0 = p->left + lw + 8, x1 = p->left + width - 50;
	double top = p->y, bot = p->y + plot_h;
#define XOF(val) (x0 + ((val) - lo) / (hi - lo) * (x1 - x0))
	for (double t = lo; t <= hi + step / 2; t += step) {
		double x = XOF(t);
		if (p->drawing) {
			cairo_set_source_rgb(p->cr, 0.85, 0.85, 0.85);
			cairo_set_line_width(p->cr, 0.4);
			cairo_move_to(p->cr, x, top);
			cairo_line_to(p->cr, x, bot);
			cairo_stroke(p->cr);
		}
		char *s = tick_text(t, vc->type, vc->decimals, step);
		set_text(p, s, p->small, 0, PANGO_ALIGN_LEFT);
		text_size(p, &tw, NULL);
		show(p, x - tw / 2, bot + 3, 0.3, 0.3, 0.3);
		free(s);
	}

	/* the bars, their labels and values */
	double bar_h = step_y * 0.7;
	for (size_t r = 0; r < n; r++) {
		const doc_cell *c = doc_at(b, r, ch->value_col);
		double yc = top + step_y * (double)r;
		if (step_y >= 8) {
			set_text(p, labels[r], p->small, lw, PANGO_ALIGN_RIGHT);
			pango_layout_set_ellipsize(p->lay, PANGO_ELLIPSIZE_END);
			pango_layout_set_height(p->lay, 0);           /* one line */
			text_size(p, NULL, &th);
			show(p, p->left, yc + (step_y - th) / 2, 0, 0, 0);
			pango_layout_set_ellipsize(p->lay, PANGO_ELLIPSIZE_NONE);
			pango_layout_set_height(p->lay, -1);
		}
		if (!bar_value(c, vc->type, &v))
			continue;
		double xa = XOF(0 < lo ? lo : 0), xb = XOF(v);
		if (c->mark)
			fill_rect(p, xa < xb ? xa : xb, yc + (step_y - bar_h) / 2, xa < xb ? xb - xa : xa - xb, bar_h,
			          0.8, 0.15, 0.15);
		else
			fill_rect(p, xa < xb ? xa : xb, yc + (step_y - bar_h) / 2, xa < xb ? xb - xa : xa - xb, bar_h,
			          0.27, 0.51, 0.71);
		if (step_y >= 8) {
			set_text(p, vals[r], p->small, 0, PANGO_ALIGN_LEFT);
			text_size(p, &tw, &th);
			double xv = v < 0 ? (xa < xb ? xa : xb) - tw - 2 : (xa > xb ? xa : xb) + 2;
			show(p, xv, yc + (step_y - th) / 2, c->mark ? 0.8 : 0.2, c->mark ? 0 : 0.2, c->mark ? 0 : 0.2);
		}
	}
	/* the axis line at zero (or the lowest value) */
	if (p->drawing) {
		double xz = XOF(0 < lo ? lo : 0);
		cairo_set_source_rgb(p->cr, 0, 0, 0);
		cairo_set_line_width(p->cr, 0.8);
		cairo_move_to(p->cr, xz, top);
		cairo_line_to(p->cr, xz, bot);
		cairo_move_to(p->cr, x0, bot);
		cairo_line_to(p->cr, x1, bot);
		cairo_stroke(p->cr);
	}
#undef XOF
	p->y = bot + 22;
	for (size_t r = 0; r < n; r++) {
		free(labels[r]);
		free(vals[r]);
	}
	free(labels);
	free(vals);
}

/* ---------------------------------------------------------------- the document */

static void
put_cover(struct pctx *p)
{
	const sd_doc *d = p->d;
	const char **labels = xcalloc(d->nmeta + 1, sizeof *labels);
	char **values = xcalloc(d->nmeta + 1, sizeof *values);
	bool *num = xcalloc(d->nmeta + 1, sizeof *num), *marks = xcalloc(d->nmeta + 1, sizeof *marks);

	put_line(p, d->title, p->title, 0, 8);
	for (size_t i = 0; i < d->nmeta; i++) {
		labels[i] = d->meta[i].label ? d->meta[i].label : "";
		values[i] = value_text(p, &d->meta[i].value, d->meta[i].type, 1);
		num[i] = false;
		marks[i] = d->meta[i].value.mark;
	}
	put_pairs(p, NULL, d->nmeta, labels, values, num, marks);
	for (size_t i = 0; i < d->nmeta; i++)
		free(values[i]);
	free(labels);
	free(values);
	free(num);
	free(marks);
	p->y += 4;
}

static void
flow(struct pctx *p)
{
	new_page(p);
	put_cover(p);
	for (size_t i = 0; i < p->d->nsections; i++) {
		const doc_section *s = &p->d->sections[i];
		if (s->heading)
			put_line(p, s->heading, p->heading, 60, 6);
		for (size_t j = 0; j < s->nblocks; j++) {
			const doc_block *b = &s->blocks[j];
			switch (b->kind) {
			case DOC_FIGURES:
				put_figures(p, b);
				break;
			case DOC_TABLE:
				put_table(p, b);
				if (b->chart.on)
					put_chart(p, b);
				break;
			case DOC_NOTE:
				caption(p, b->heading, 12);
				{
					char *note = doc_note_text(b, p->mark);
					put_note(p, note);
					free(note);
				}
				break;
			}
		}
		p->y += 6;
	}
}

/* Landscape if the document asks, or if a table is wider than a portrait page. */
static bool
wants_landscape(struct pctx *p)
{
	if (p->d->landscape)
		return true;
	for (size_t i = 0; i < p->d->nsections; i++) {
		const doc_section *s = &p->d->sections[i];
		for (size_t j = 0; j < s->nblocks; j++) {
			struct grid g;
			if (s->blocks[j].kind != DOC_TABLE)
				continue;
			double w = table_natural(p, &s->blocks[j], &g);
			grid_free(&g);
			if (w > A4_W - 2 * MARGIN)
				return true;
		}
	}
	return false;
}

static cairo_status_t
to_buf(void *closure, const unsigned char *data, unsigned int len)
{
	buf_append(closure, data, len);
	return CAIRO_STATUS_SUCCESS;
}

static cairo_status_t
to_nowhere(void *closure, const unsigned char *data, unsigned int len)
{
	(void)closure;
	(void)data;
	(void)len;
	return CAIRO_STATUS_SUCCESS;
}

/* One pass: measuring only (out NULL) or drawing into out. */
static int
pass(struct pctx *p, buf *out, bool landscape_known, bool landscape, sd_err *err)
{
	cairo_surface_t *sf = cairo_pdf_surface_create_for_stream(out ? to_buf : to_nowhere, out, A4_W, A4_H);
	cairo_status_t st;
	int rc = SD_OK;

	p->cr = cairo_create(sf);
	p->lay = pango_cairo_create_layout(p->cr);
	p->drawing = out != NULL;
	if (!landscape_known)
		landscape = wants_landscape(p);
	p->pw = landscape ? A4_H : A4_W;
	p->ph = landscape ? A4_W : A4_H;
	cairo_pdf_surface_set_size(sf, p->pw, p->ph);
	if (out) {
		char *t = text_sanitize(p->d->title, false);
		cairo_pdf_surface_set_metadata(sf, CAIRO_PDF_METADATA_TITLE, t);
		cairo_pdf_surface_set_metadata(sf, CAIRO_PDF_METADATA_CREATOR, PACKAGE_NAME " " PACKAGE_VERSION);
		free(t);
	}
	/* the layout's context matches the surface: unhinted metrics, points */
	pango_cairo_update_layout(p->cr, p->lay);
	p->left = MARGIN;
	p->right = p->pw - MARGIN;
	p->top = MARGIN + HEAD_H;
	p->bottom = p->ph - MARGIN - FOOT_H;
	p->page = 0;
	flow(p);
	g_object_unref(p->lay);
	cairo_destroy(p->cr);
	cairo_surface_finish(sf);
	st = cairo_surface_status(sf);
	if (st != CAIRO_STATUS_SUCCESS)
		rc = sd_err_set(err, SD_INTERNAL, _("PDF: cannot write the document: %s"), cairo_status_to_string(st));
	cairo_surface_destroy(sf);
	p->npages = p->page;
	return rc;
}

int
media_render_pdf(const sd_doc *d, const doc_opts *o, buf *out, sd_err *err)
{
	struct pctx p = { .d = d };
	int rc;

	sd_err_clear(err);
	p.mark = text_sanitize(o && o->mark ? o->mark : "*", false);
	p.body = pango_font_description_from_string(DOC_PDF_FONT " 9");
	p.bold = pango_font_description_from_string(DOC_PDF_FONT " Bold 9");
	p.small = pango_font_description_from_string(DOC_PDF_FONT " 7.5");
	p.heading = pango_font_description_from_string(DOC_PDF_FONT " Bold 12");
	p.title = pango_font_description_from_string(DOC_PDF_FONT " Bold 16");

	/* first pass: count the pages (and choose the orientation) */
	p.npages = 0;
	rc = pass(&p, NULL, false, false, err);
	if (rc == SD_OK) {
		long counted = p.npages;
		bool landscape = p.pw > p.ph;
		size_t start = out->len;
		rc = pass(&p, out, true, landscape, err);
		if (rc == SD_OK && p.npages != counted)
			rc = sd_err_set(err, SD_INTERNAL, _("PDF: the pages were counted as %ld but drawn as %ld"),
			                counted, p.npages);
		if (rc == SD_OK && o->pages)
			*o->pages = p.npages;
		if (rc != SD_OK && out->data) {
			/* nothing half-written reaches the caller */
			out->len = start;
			out->data[start] = '\0';
		}
	}
	pango_font_description_free(p.body);
	pango_font_description_free(p.bold);
	pango_font_description_free(p.small);
	pango_font_description_free(p.heading);
	pango_font_description_free(p.title);
	free(p.mark);
	return rc;
}
