/*
 * doc_out.c — writing a document (doc.h) as paginated text, CSV and JSON.
 *
 * Text: pages of DOC_PAGE_LINES lines (or doc_opts.page_lines) through
 * page.h, each headed by the title on the left and the site on the right
 * over a rule, and closed by "page i of n". A section's heading stays with
 * what follows; figures are a two-column table (label, value); tables keep
 * their rows whole and repeat their heads on each page; columns are laid
 * out by display width at 80 or 132 columns.
 *
 * CSV: one table per block, a header row then rows, the section's key (for
 * figures) or the table's key in the first column: "section,figure,value"
 * for figures, "section,<column keys>" for tables. Money in yuan with two
 * decimals, durations in minutes, shares as percentages without the sign.
 *
 * JSON: one object: "document" (the kind), "site", the facts, then one
 * member per section holding its figures as members and its tables as
 * arrays of objects. Counts and minutes are integers, money is in fen under
 * the key with "_fen" added, shares and ratios are {"n":..,"d":..}, no value
 * is null, and a column or figure that can carry the mark of a missed
 * commitment has a sibling "<key>_missed" (true or false).
 *
 * Columns and figures for people only are left out of CSV and JSON, those
 * for machines only out of the text; a table's closing rows (doc_block.foot)
 * are for people, as are notes without a key.
 *
 * Self-contained; no curses.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "doc.h"
#include "json.h"
#include "page.h"
#include "text.h"

int
doc_render(const sd_doc *d, const doc_opts *o, buf *out, sd_err *err)
{
	sd_err_clear(err);
	switch (o->format) {
	case DOCF_TEXT: {
		size_t start = out->len;
		int rc = doc_render_text(d, o, out, err);
		if (rc == SD_OK && o->pages) {
			*o->pages = 1;
			for (size_t i = start; i < out->len; i++)
				*o->pages += out->data[i] == '\f';
		}
		return rc;
	}
	case DOCF_CSV:
		return doc_render_csv(d, o, out, err);
	case DOCF_JSON:
		return doc_render_json(d, o, out, err);
	case DOCF_XLSX:
		return doc_render_xlsx(d, o, out, err);
	case DOCF_PDF:
		return doc_render_pdf(d, o, out, err);
	}
	return sd_err_set(err, SD_INTERNAL, "unknown document format %d", (int)o->format);
}

static bool
for_people(unsigned flags)
{
	return !(flags & DOC_MACHINE);
}

static bool
for_machines(unsigned flags)
{
	return !(flags & DOC_PEOPLE);
}

/* ---------------------------------------------------------------- text */

struct text {
	page_doc *pd;
	int width;
	char *title;
	char *site;
	const char *mark;
};

/* Drop trailing spaces. */
static void
rtrim(buf *b)
{
	while (b->len && b->data[b->len - 1] == ' ')
		b->data[--b->len] = '\0';
}

static void
text_header(buf *out, long page, long pages, void *arg)
{
	const struct text *t = arg;
	buf l = { 0 };
	int tw = text_width(t->title), room = t->width - tw - 2;

	(void)page;
	(void)pages;
	buf_puts(&l, t->title);
	if (room > 0) {
		int sw = text_width(t->site);
		buf_puts(&l, "  ");
		for (int i = sw; i < room; i++)
			buf_putc(&l, ' ');
		page_cell(&l, t->site, sw < room ? sw : room, false);
	}
	rtrim(&l);
	buf_puts(out, buf_str(&l));
	buf_putc(out, '\n');
	for (int i = 0; i < t->width; i++)
		buf_putc(out, '=');
	buf_puts(out, "\n\n");
	buf_free(&l);
}

static void
text_footer(buf *out, long page, long pages, void *arg)
{
	const struct text *t = arg;
	buf l = { 0 };

	buf_printf(&l, _("page %ld of %ld"), page, pages);
	buf_putc(out, '\n');
	page_center(out, buf_str(&l), t->width);
	buf_putc(out, '\n');
	buf_free(&l);
}

/* A line of program or stored text, made harmless, kept with what follows or not. */
static void
text_line(struct text *t, const char *s, bool keep)
{
	char *clean = text_sanitize(s, false);

	if (keep)
		page_keep_line(t->pd, clean);
	else
		page_line(t->pd, clean);
	free(clean);
}

/* A cell as people read it, with the mark where a commitment was missed. */
static void
text_value(const struct text *t, buf *b, const doc_cell *c, enum doc_type type, int decimals)
{
	doc_cell_format(b, c, type, decimals);
	if (c->mark)
		buf_puts(b, t->mark);
}

struct tcol {
	const char *head;
	int w;
	bool right;
};

/* The heads of a table of n columns (those of width 0 are left out). */
static void
text_heads(struct text *t, const struct tcol *c, size_t n)
{
	buf h = { 0 };
	int total = 0;

	for (size_t i = 0; i < n; i++) {
		if (!c[i].w)
			continue;
		if (total)
			buf_putc(&h, ' '), total++;
		page_cell(&h, c[i].head, c[i].w, c[i].right);
		total += c[i].w;
	}
	rtrim(&h);
	buf_putc(&h, '\n');
	for (int i = 0; i < total; i++)
		buf_putc(&h, '-');
	page_table(t->pd, buf_str(&h));
	buf_free(&h);
}

static void
text_row(struct text *t, const struct tcol *c, size_t n, const char *const *cells)
{
	buf l = { 0 };
	bool first = true;

	for (size_t i = 0; i < n; i++) {
		if (!c[i].w)
			continue;
		if (!first)
			buf_putc(&l, ' ');
		first = false;
		page_cell(&l, cells[i], c[i].w, c[i].right);
	}
	rtrim(&l);
	page_row(t->pd, buf_str(&l));
	buf_free(&l);
}

/* Figures as a two-column table: label, value. False when none is for people. */
static bool
text_figures(struct text *t, const doc_block *b, bool gap)
{
	struct tcol c[2] = {
		{ _("Figure"), t->width >= 132 ? 80 : 50, false },
		{ _("Value"), t->width >= 132 ? 20 : 16, true },
	};
	buf v = { 0 };
	size_t shown = 0;

	for (size_t i = 0; i < b->nfigs; i++)
		shown += for_people(b->figs[i].flags);
	if (!shown)
		return false;
	if (gap)
		page_keep_line(t->pd, "");
	if (b->heading)
		text_line(t, b->heading, true);
	text_heads(t, c, 2);
	for (size_t i = 0; i < b->nfigs; i++) {
		const doc_figure *f = &b->figs[i];
		if (!for_people(f->flags))
			continue;
		buf_reset(&v);
		text_value(t, &v, &f->value, f->type, f->decimals);
		const char *cells[2] = { f->label, buf_str(&v) };
		text_row(t, c, 2, cells);
	}
	page_table_end(t->pd);
	buf_free(&v);
	return true;
}

static bool
text_table(struct text *t, const doc_block *b, bool gap)
{
	struct tcol *c = xcalloc(b->ncols ? b->ncols : 1, sizeof *c);
	buf *v = xcalloc(b->ncols ? b->ncols : 1, sizeof *v);
	const char **cells = xcalloc(b->ncols ? b->ncols : 1, sizeof *cells);
	size_t shown = 0;

	for (size_t i = 0; i < b->ncols; i++) {
		const doc_col *k = &b->cols[i];
		c[i].head = k->head ? k->head : "";
		c[i].w = for_people(k->flags) ? (t->width >= 132 ? k->w132 : k->w80) : 0;
		c[i].right = doc_type_numeric(k->type) || (k->flags & DOC_RIGHT);
		shown += c[i].w > 0;
	}
	if (shown) {
		if (gap)
			page_keep_line(t->pd, "");
		if (b->heading)
			text_line(t, b->heading, true);
		text_heads(t, c, b->ncols);
		for (size_t r = 0; r < b->nrows; r++) {
			for (size_t i = 0; i < b->ncols; i++) {
				buf_reset(&v[i]);
				if (c[i].w)
					text_value(t, &v[i], doc_at(b, r, i), b->cols[i].type, b->cols[i].decimals);
				cells[i] = buf_str(&v[i]);
			}
			text_row(t, c, b->ncols, cells);
		}
		page_table_end(t->pd);
	}
	for (size_t i = 0; i < b->ncols; i++)
		buf_free(&v[i]);
	free(v);
	free(c);
	free(cells);
	return shown > 0;
}

/* A note, line by line where it falls. */
static void
text_note(struct text *t, const doc_block *b)
{
	char *all = doc_note_text(b, t->mark);

	for (const char *p = all, *nl; *p; p = nl + 1) {
		nl = strchr(p, '\n');
		if (!nl) {
			text_line(t, p, false);
			break;
		}
		char *line = xstrndup(p, (size_t)(nl - p));
		text_line(t, line, false);
		free(line);
	}
	free(all);
}

int
doc_render_text(const sd_doc *d, const doc_opts *o, buf *out, sd_err *err)
{
	struct text t = { 0 };

	sd_err_clear(err);
	t.width = o->width >= 132 ? 132 : 80;
	t.title = text_sanitize(d->title, false);
	t.site = text_sanitize(d->site, false);
	t.mark = o->mark ? o->mark : "*";
	t.pd = page_new(o->page_lines > 0 ? o->page_lines : DOC_PAGE_LINES, 3, text_header,
	                2, text_footer, true, &t);
	for (size_t i = 0; i < d->nsections; i++) {
		const doc_section *s = &d->sections[i];
		bool drawn = false;

		if (s->heading) {
			page_keep_line(t.pd, "");
			text_line(&t, s->heading, true);
		}
		for (size_t j = 0; j < s->nblocks; j++) {
			const doc_block *b = &s->blocks[j];
			switch (b->kind) {
			case DOC_FIGURES:
				drawn |= text_figures(&t, b, drawn);
				break;
			case DOC_TABLE:
				drawn |= text_table(&t, b, drawn);
				break;
			case DOC_NOTE:
				text_note(&t, b);
				drawn = true;
				break;
			}
		}
	}
	page_render(t.pd, out);
	page_free(t.pd);
	free(t.title);
	free(t.site);
	return SD_OK;
}

/* ---------------------------------------------------------------- CSV */

/* A cell for machines reading CSV: numbers without units, empty for no value. */
static void
csv_value(buf *b, const doc_cell *c, enum doc_type type, int decimals)
{
	if (c->empty)
		return;
	switch (type) {
	case DOC_SHARE:
		doc_cell_format(b, c, type, decimals);
		if (b->len && b->data[b->len - 1] == '%')
			b->data[--b->len] = '\0';
		break;
	case DOC_MINUTES:
		buf_printf(b, "%lld", c->n);
		break;
	default:
		doc_cell_format(b, c, type, decimals);
		break;
	}
}

/* A record of the n strings of v. */
static void
csv_rec(buf *out, buf *v, size_t n)
{
	const char **f = xcalloc(n ? n : 1, sizeof *f);

	for (size_t i = 0; i < n; i++)
		f[i] = buf_str(&v[i]);
	csv_put_record(out, f, n);
	free(f);
}

static void
csv_fig_head(buf *out)
{
	static const char *const h[] = { "section", "figure", "value" };
	csv_put_record(out, h, 3);
}

static void
csv_fig(buf *out, const char *section, const char *key, const char *value)
{
	const char *f[] = { section, key, value };
	csv_put_record(out, f, 3);
}

static void
csv_figures(buf *out, const doc_section *s, const doc_block *b)
{
	buf v = { 0 }, k = { 0 };
	bool any = false;

	for (size_t i = 0; i < b->nfigs; i++) {
		const doc_figure *f = &b->figs[i];
		if (!for_machines(f->flags))
			continue;
		if (!any)
			csv_fig_head(out);
		any = true;
		buf_reset(&v);
		csv_value(&v, &f->value, f->type, f->decimals);
		csv_fig(out, s->key, f->key, buf_str(&v));
		if (f->flags & DOC_MARKS) {
			buf_reset(&k);
			buf_printf(&k, "%s_missed", f->key);
			csv_fig(out, s->key, buf_str(&k), f->value.mark ? "1" : "0");
		}
	}
	buf_free(&v);
	buf_free(&k);
}

static void
csv_table(buf *out, const doc_block *b)
{
	size_t n = 1;
	buf *v;

	for (size_t i = 0; i < b->ncols; i++)
		if (for_machines(b->cols[i].flags))
			n += b->cols[i].flags & DOC_MARKS ? 2 : 1;
	v = xcalloc(n, sizeof *v);
	buf_puts(&v[0], "section");
	for (size_t i = 0, k = 1; i < b->ncols; i++) {
		const doc_col *c = &b->cols[i];
		if (!for_machines(c->flags))
			continue;
		buf_puts(&v[k++], c->key);
		if (c->flags & DOC_MARKS)
			buf_printf(&v[k++], "%s_missed", c->key);
	}
	csv_rec(out, v, n);
	for (size_t r = 0; r + b->foot < b->nrows; r++) {
		for (size_t i = 0; i < n; i++)
			buf_reset(&v[i]);
		buf_puts(&v[0], b->key ? b->key : "");
		for (size_t i = 0, k = 1; i < b->ncols; i++) {
			const doc_col *c = &b->cols[i];
			const doc_cell *x = doc_at(b, r, i);
			if (!for_machines(c->flags))
				continue;
			csv_value(&v[k++], x, c->type, c->decimals);
			if (c->flags & DOC_MARKS)
				buf_puts(&v[k++], x->mark ? "1" : "0");
		}
		csv_rec(out, v, n);
	}
	for (size_t i = 0; i < n; i++)
		buf_free(&v[i]);
	free(v);
}

int
doc_render_csv(const sd_doc *d, const doc_opts *o, buf *out, sd_err *err)
{
	buf v = { 0 };

	(void)o;
	sd_err_clear(err);
	csv_fig_head(out);
	csv_fig(out, "document", "document", d->kind);
	csv_fig(out, "document", "site", d->site);
	for (size_t i = 0; i < d->nmeta; i++) {
		buf_reset(&v);
		csv_value(&v, &d->meta[i].value, d->meta[i].type, 0);
		csv_fig(out, "document", d->meta[i].key, buf_str(&v));
	}
	for (size_t i = 0; i < d->nsections; i++) {
		const doc_section *s = &d->sections[i];
		for (size_t j = 0; j < s->nblocks; j++) {
			const doc_block *b = &s->blocks[j];
			switch (b->kind) {
			case DOC_FIGURES:
				csv_figures(out, s, b);
				break;
			case DOC_TABLE:
				csv_table(out, b);
				break;
			case DOC_NOTE:
				if (b->key) {
					csv_fig_head(out);
					csv_fig(out, s->key, b->key, b->text);
				}
				break;
			}
		}
	}
	buf_free(&v);
	return SD_OK;
}

/* ---------------------------------------------------------------- JSON */

static void
json_value(sd_json *j, const doc_cell *c, enum doc_type type)
{
	if (c->empty) {
		json_null(j);
		return;
	}
	switch (type) {
	case DOC_TEXT:
	case DOC_DATE:
	case DOC_TIME:
		json_str(j, c->s ? c->s : "");
		break;
	case DOC_COUNT:
	case DOC_MONEY:
	case DOC_MINUTES:
		json_int(j, c->n);
		break;
	case DOC_SHARE:
	case DOC_RATIO:
		json_obj(j);
		json_kint(j, "n", c->n);
		json_kint(j, "d", c->d);
		json_end(j);
		break;
	}
}

/* The member key: money is named in fen. */
static void
json_member(sd_json *j, buf *k, const char *key, enum doc_type type)
{
	buf_reset(k);
	buf_puts(k, key ? key : "");
	if (type == DOC_MONEY)
		buf_puts(k, "_fen");
	json_key(j, buf_str(k));
}

static void
json_typed(sd_json *j, buf *k, const char *key, enum doc_type type, unsigned flags, const doc_cell *c)
{
	json_member(j, k, key, type);
	json_value(j, c, type);
	if (flags & DOC_MARKS) {
		buf_reset(k);
		buf_printf(k, "%s_missed", key);
		json_kbool(j, buf_str(k), c->mark);
	}
}

static void
json_table(sd_json *j, buf *k, const doc_block *b)
{
	json_key(j, b->key ? b->key : "");
	json_arr(j);
	for (size_t r = 0; r + b->foot < b->nrows; r++) {
		json_obj(j);
		for (size_t i = 0; i < b->ncols; i++) {
			const doc_col *c = &b->cols[i];
			if (for_machines(c->flags))
				json_typed(j, k, c->key, c->type, c->flags, doc_at(b, r, i));
		}
		json_end(j);
	}
	json_end(j);
}

int
doc_render_json(const sd_doc *d, const doc_opts *o, buf *out, sd_err *err)
{
	sd_json j;
	buf k = { 0 };

	(void)o;
	sd_err_clear(err);
	json_start(&j, out);
	json_obj(&j);
	json_kstr(&j, "document", d->kind);
	json_kstr(&j, "site", d->site);
	for (size_t i = 0; i < d->nmeta; i++)
		json_typed(&j, &k, d->meta[i].key, d->meta[i].type, 0, &d->meta[i].value);
	for (size_t i = 0; i < d->nsections; i++) {
		const doc_section *s = &d->sections[i];

		json_key(&j, s->key);
		json_obj(&j);
		for (size_t n = 0; n < s->nblocks; n++) {
			const doc_block *b = &s->blocks[n];
			switch (b->kind) {
			case DOC_FIGURES:
				for (size_t f = 0; f < b->nfigs; f++)
					if (for_machines(b->figs[f].flags))
						json_typed(&j, &k, b->figs[f].key, b->figs[f].type, b->figs[f].flags,
						           &b->figs[f].value);
				break;
			case DOC_TABLE:
				json_table(&j, &k, b);
				break;
			case DOC_NOTE:
				if (b->key)
					json_kstr(&j, b->key, b->text);
				break;
			}
		}
		json_end(&j);
	}
	json_end(&j);
	buf_putc(out, '\n');
	buf_free(&k);
	return SD_OK;
}
