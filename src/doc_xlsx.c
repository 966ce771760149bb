/*
 * doc_xlsx.c — a document (doc.h) as an Excel workbook, written with
 * libxlsxwriter.
 *
 * One sheet per section (a document of one section is one sheet), named from
 * the section's heading as Excel allows: at most 31 characters, none of
 * []:*?/\, unique. The first sheet starts with the document's title, the
 * site and the document's facts. Figures are label/value rows; a table is a
 * bold header row (frozen, and repeated on printed pages) and one row per
 * row; notes are lines of text. Values keep their type: counts and ratios
 * are numbers, money is a number of yuan shown with two decimals, a share is
 * a fraction shown as a percentage, a duration is an [h]:mm time, dates and
 * times are Excel dates. Text is always written as a string, so a cell that
 * reads "=1+1" stays text. A missed commitment is red, with the mark after
 * the value (part of the number format, so a number stays a number). A table
 * with a chart hint gets a column chart beside it.
 *
 * libxlsxwriter 1.1.4 writes only to a named file: the workbook is written
 * into a private directory made under TMPDIR, read back into the caller's
 * buffer, and removed.
 *
 * Self-contained; no curses.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "doc.h"
#include "media.h"
#include "enc.h"
#include "gettext.h"
#include "text.h"

#define SHEET_NAME_MAX 31          /* Excel's limit, in UTF-16 code units */
#define CELL_TEXT_MAX 32767        /* Excel's limit for one cell, in characters */
#define FREEZE_MAX_ROW 15          /* a header further down is not frozen: the panes would fill the screen */
#define MAX_SHEET_COLS 64
#define COL_WIDTH_MIN 6
#define COL_WIDTH_MAX 60

/* A cached cell format: one per type, decimals and mark. */
struct cell_fmt {
	enum doc_type type;
	int decimals;
	bool mark;
	lxw_format *f;
};

struct xctx {
	lxw_workbook *wb;
	const doc_opts *o;
	const char *mark;               /* the mark people see, quotes removed */
	struct cell_fmt *fmts;
	size_t nfmts, fmtcap;
	lxw_format *title, *bold, *head, *head_num;
	char **names;                   /* sheet names given so far */
	size_t nnames;
	/* the sheet being written */
	lxw_worksheet *ws;
	const char *ws_name;
	int widths[MAX_SHEET_COLS];
	bool frozen;
	lxw_error err;
};

static void
note_err(struct xctx *x, lxw_error e)
{
	if (e != LXW_NO_ERROR && x->err == LXW_NO_ERROR)
		x->err = e;
}

static void
widen(struct xctx *x, int col, int cells)
{
	if (col >= 0 && col < MAX_SHEET_COLS && cells > x->widths[col])
		x->widths[col] = cells;
}

/* Rows from which a workbook is written in constant memory. */
#define XLSX_STREAM_ROWS 2000

/* ---------------------------------------------------------------- formats */

/* The Excel number format for a type, with the mark after the value when marked. */
static void
num_format(buf *b, enum doc_type t, int decimals, bool mark, const char *m)
{
	if (decimals < 0)
		decimals = 0;
	if (decimals > 6)
		decimals = 6;
	switch (t) {
	case DOC_COUNT:
		buf_puts(b, "0");
		break;
	case DOC_MONEY:
		buf_puts(b, "0.00");
		break;
	case DOC_SHARE:
	case DOC_RATIO:
		buf_putc(b, '0');
		if (decimals) {
			buf_putc(b, '.');
			for (int i = 0; i < decimals; i++)
				buf_putc(b, '0');
		}
		if (t == DOC_SHARE)
			buf_putc(b, '%');
		break;
	case DOC_MINUTES:
		buf_puts(b, "[h]:mm");
		break;
	case DOC_DATE:
		buf_puts(b, "yyyy-mm-dd");
		break;
	case DOC_TIME:
		buf_puts(b, "yyyy-mm-dd hh:mm");
		break;
	case DOC_TEXT:
		buf_puts(b, "@");
		break;
	}
	if (mark && t != DOC_TEXT)
		buf_printf(b, "\" %s\"", m);
}

static lxw_format *
cell_format(struct xctx *x, enum doc_type t, int decimals, bool mark)
{
	for (size_t i = 0; i < x->nfmts; i++) {
		struct cell_fmt *c = &x->fmts[i];
		if (c->type == t && c->mark == mark && (c->decimals == decimals ||
		    (t != DOC_SHARE && t != DOC_RATIO)))
			return c->f;
	}
	if (x->nfmts == x->fmtcap) {
		x->fmtcap = x->fmtcap ? 2 * x->fmtcap : 16;
		x->fmts = xrealloc(x->fmts, x->fmtcap * sizeof *x->fmts);
	}
	lxw_format *f = workbook_add_format(x->wb);
	buf nf = { 0 };
	num_format(&nf, t, decimals, mark, x->mark);
	format_set_num_format(f, buf_str(&nf));
	buf_free(&nf);
	if (mark) {
		format_set_font_color(f, LXW_COLOR_RED);
		format_set_bold(f);
	}
	if (t == DOC_TEXT)
		format_set_align(f, LXW_ALIGN_LEFT);
	x->fmts[x->nfmts++] = (struct cell_fmt){ t, decimals, mark, f };
	return f;
}

/* ---------------------------------------------------------------- cells */

/* A string Excel will take: sanitised, at most CELL_TEXT_MAX characters. Free it. */
static char *
cell_text(const char *s)
{
	char *t = text_sanitize(s ? s : "", true);
	if (utf8_length(t) > CELL_TEXT_MAX) {
		size_t n = 0, i = 0;
		while (t[i] && n < CELL_TEXT_MAX - 1) {
			i++;
			while ((t[i] & 0xC0) == 0x80)
				i++;
			n++;
		}
		t[i] = '\0';
	}
	return t;
}

static lxw_error
put_string(struct xctx *x, lxw_row_t r, lxw_col_t c, const char *s, lxw_format *f)
{
	char *t = cell_text(s);
	lxw_error e = worksheet_write_string(x->ws, r, c, t, f);
	free(t);
	return e;
}

/* "YYYY-MM-DD" or "YYYY-MM-DD HH:MM" as an Excel date; false when it is not one. */
static bool
parse_datetime(const char *s, enum doc_type t, lxw_datetime *dt)
{
	int y, mo, d, h = 0, mi = 0, n = 0;

	memset(dt, 0, sizeof *dt);
	if (!s)
		return false;
	if (t == DOC_DATE) {
		if (sscanf(s, "%4d-%2d-%2d%n", &y, &mo, &d, &n) != 3 || s[n])
			return false;
	} else if (sscanf(s, "%4d-%2d-%2d %2d:%2d%n", &y, &mo, &d, &h, &mi, &n) != 5 || s[n]) {
		return false;
	}
	if (y < 1900 || y > 9999 || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 ||
	    mi < 0 || mi > 59)
		return false;
	dt->year = y;
	dt->month = mo;
	dt->day = d;
	dt->hour = h;
	dt->min = mi;
	return true;
}

/* The width people see for a value (as doc_cell_format writes it, with the mark). */
static int
value_width(struct xctx *x, const doc_cell *c, enum doc_type t, int decimals)
{
	buf b = { 0 };
	int w;

	if (c->empty && !c->mark)
		return 0;
	if (!c->empty)
		doc_cell_format(&b, c, t, decimals);
	if (c->mark)
		buf_printf(&b, " %s", x->mark);
	w = text_width(buf_str(&b));
	buf_free(&b);
	return w;
}

/* One typed value at (r, c). */
static void
put_value(struct xctx *x, lxw_row_t r, lxw_col_t c, const doc_cell *v, enum doc_type t, int decimals)
{
	lxw_format *f = cell_format(x, t, decimals, v->mark);
	lxw_datetime dt;
	lxw_error e;

	widen(x, c, value_width(x, v, t, decimals));
	if (v->empty) {
		e = v->mark ? put_string(x, r, c, x->mark, cell_format(x, DOC_TEXT, 0, true))
		            : worksheet_write_blank(x->ws, r, c, f);
		note_err(x, e);
		return;
	}
	switch (t) {
	case DOC_COUNT:
		e = worksheet_write_number(x->ws, r, c, (double)v->n, f);
		break;
	case DOC_MONEY:
		e = worksheet_write_number(x->ws, r, c, (double)v->n / 100.0, f);
		break;
	case DOC_SHARE:
	case DOC_RATIO:
		e = worksheet_write_number(x->ws, r, c, (double)v->n / (double)v->d, f);
		break;
	case DOC_MINUTES:
		e = worksheet_write_number(x->ws, r, c, (double)v->n / 1440.0, f);
		break;
	case DOC_DATE:
	case DOC_TIME:
		if (parse_datetime(v->s, t, &dt)) {
			e = worksheet_write_datetime(x->ws, r, c, &dt, f);
			break;
		}
		/* not a date after all: keep it as the text it is */
		/* fall through */
	case DOC_TEXT:
	default:
		if (v->mark) {
			buf b = { 0 };
			buf_printf(&b, "%s %s", v->s ? v->s : "", x->mark);
			e = put_string(x, r, c, buf_str(&b), cell_format(x, DOC_TEXT, 0, true));
			buf_free(&b);
		} else {
			e = put_string(x, r, c, v->s, cell_format(x, DOC_TEXT, 0, false));
		}
		break;
	}
	note_err(x, e);
}

/* ---------------------------------------------------------------- sheets */

static bool
name_taken(struct xctx *x, const char *name)
{
	for (size_t i = 0; i < x->nnames; i++)
		if (!strcasecmp(x->names[i], name))
			return true;
	return false;
}

/* The first `units` UTF-16 code units' worth of s (whole characters). */
static void
cut_units(char *s, int units)
{
	size_t i = 0;
	int n = 0;

	while (s[i]) {
		unsigned char c = (unsigned char)s[i];
		size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
		int u = len == 4 ? 2 : 1;
		if (n + u > units)
			break;
		n += u;
		i += len;
	}
	s[i] = '\0';
}

/*
 * A sheet name Excel accepts, from a heading: controls and []:*?/\ become
 * spaces, no apostrophe at either end, at most 31 UTF-16 units, not blank, and
 * unlike every name given before (case-insensitively): " (2)", " (3)"...
 */
static char *
sheet_name(struct xctx *x, const char *heading, size_t index)
{
	char *s = text_sanitize(heading ? heading : "", false), *t, *name;
	buf b = { 0 };

	for (char *p = s; *p; p++)
		if (strchr("[]:*?/\\", *p))
			*p = ' ';
	t = text_trim(s);
	free(s);
	while (*t == '\'')
		memmove(t, t + 1, strlen(t));
	cut_units(t, SHEET_NAME_MAX);
	for (size_t n = strlen(t); n && (t[n - 1] == '\'' || t[n - 1] == ' '); n--)
		t[n - 1] = '\0';
	if (!*t) {
		free(t);
		buf_printf(&b, _("Sheet %zu"), index + 1);
		t = buf_steal(&b);
		cut_units(t, SHEET_NAME_MAX);
	}
	name = xstrdup(t);
	for (int k = 2; name_taken(x, name); k++) {
		char suffix[16];
		snprintf(suffix, sizeof suffix, " (%d)", k);
		free(name);
		cut_units(t, SHEET_NAME_MAX - (int)strlen(suffix));
		buf_reset(&b);
		buf_printf(&b, "%s%s", t, suffix);
		name = buf_steal(&b);
	}
	buf_free(&b);
	free(t);
	x->names = xrealloc(x->names, (x->nnames + 1) * sizeof *x->names);
	x->names[x->nnames++] = name;
	return name;
}

static void
sheet_begin(struct xctx *x, const sd_doc *d, const char *heading, size_t index)
{
	const char *name = sheet_name(x, heading, index);

	x->ws = workbook_add_worksheet(x->wb, name);
	x->ws_name = name;
	memset(x->widths, 0, sizeof x->widths);
	x->frozen = false;
	if (!x->ws) {
		note_err(x, LXW_ERROR_SHEETNAME_ALREADY_USED);
		return;
	}
	worksheet_set_paper(x->ws, 9);            /* A4 */
	if (d->landscape)
		worksheet_set_landscape(x->ws);
	worksheet_fit_to_pages(x->ws, 1, 0);      /* as wide as one page, as long as it takes */
}

static void
sheet_end(struct xctx *x)
{
	if (!x->ws)
		return;
	for (int c = 0; c < MAX_SHEET_COLS; c++) {
		if (!x->widths[c])
			continue;
		int w = x->widths[c] + 2;
		if (w < COL_WIDTH_MIN)
			w = COL_WIDTH_MIN;
		if (w > COL_WIDTH_MAX)
			w = COL_WIDTH_MAX;
		note_err(x, worksheet_set_column(x->ws, (lxw_col_t)c, (lxw_col_t)c, w, NULL));
	}
}

/* ---------------------------------------------------------------- blocks */

static lxw_row_t
put_figures(struct xctx *x, const doc_block *b, lxw_row_t r)
{
	for (size_t i = 0; i < b->nfigs; i++) {
		const doc_figure *f = &b->figs[i];
		if (f->flags & DOC_MACHINE)
			continue;
		note_err(x, put_string(x, r, 0, f->label, NULL));
		widen(x, 0, text_width(f->label ? f->label : ""));
		put_value(x, r, 1, &f->value, f->type, f->decimals);
		r++;
	}
	return r;
}

/* A chart title Excel will not take for a reference: no leading '='. */
static char *
chart_text(const char *s)
{
	char *t = text_sanitize(s ? s : "", false);
	size_t skip = strspn(t, "= ");
	memmove(t, t + skip, strlen(t + skip) + 1);
	return t;
}

static void
put_chart(struct xctx *x, const doc_block *b, const int *sheet_col, int shown, lxw_row_t head_row)
{
	const doc_chart *h = &b->chart;
	int lc = sheet_col[h->label_col], vc = sheet_col[h->value_col];
	enum doc_type vt = b->cols[h->value_col].type;

	if (!h->on || !b->nrows || lc < 0 || vc < 0 || !doc_type_numeric(vt))
		return;
	lxw_chart *ch = workbook_add_chart(x->wb, LXW_CHART_COLUMN);
	if (!ch) {
		note_err(x, LXW_ERROR_MEMORY_MALLOC_FAILED);
		return;
	}
	lxw_chart_series *s = chart_add_series(ch, NULL, NULL);
	lxw_row_t first = head_row + 1, last = head_row + (lxw_row_t)b->nrows;
	chart_series_set_categories(s, x->ws_name, first, (lxw_col_t)lc, last, (lxw_col_t)lc);
	chart_series_set_values(s, x->ws_name, first, (lxw_col_t)vc, last, (lxw_col_t)vc);
	char *title = chart_text(h->title ? h->title : b->cols[h->value_col].head);
	chart_title_set_name(ch, title);
	free(title);
	chart_legend_set_position(ch, LXW_CHART_LEGEND_NONE);
	buf nf = { 0 };
	num_format(&nf, vt, vt == DOC_SHARE ? 0 : b->cols[h->value_col].decimals, false, "");
	chart_axis_set_num_format(ch->y_axis, buf_str(&nf));
	buf_free(&nf);
	lxw_chart_options opt = { .x_scale = 1.5, .y_scale = 1.25 };
	if (b->nrows > 12)
		opt.x_scale = b->nrows > 40 ? 4.0 : 1.5 * (double)b->nrows / 12.0;
	note_err(x, worksheet_insert_chart_opt(x->ws, head_row, (lxw_col_t)(shown + 1), ch, &opt));
}

static lxw_row_t
put_table(struct xctx *x, const doc_block *b, lxw_row_t r)
{
	int *sheet_col = xcalloc(b->ncols ? b->ncols : 1, sizeof *sheet_col);
	int shown = 0;

	for (size_t c = 0; c < b->ncols; c++)
		sheet_col[c] = (b->cols[c].flags & DOC_MACHINE) || shown >= MAX_SHEET_COLS ? -1 : shown++;
	for (size_t c = 0; c < b->ncols; c++) {
		if (sheet_col[c] < 0)
			continue;
		const doc_col *col = &b->cols[c];
		note_err(x, put_string(x, r, (lxw_col_t)sheet_col[c], col->head,
		                       doc_type_numeric(col->type) ? x->head_num : x->head));
		widen(x, sheet_col[c], text_width(col->head ? col->head : ""));
	}
	lxw_row_t head_row = r;
	if (!x->frozen && head_row <= FREEZE_MAX_ROW) {
		worksheet_freeze_panes(x->ws, head_row + 1, 0);
		note_err(x, worksheet_repeat_rows(x->ws, head_row, head_row));
		x->frozen = true;
	}
	r++;
	for (size_t i = 0; i < b->nrows; i++, r++)
		for (size_t c = 0; c < b->ncols; c++)
			if (sheet_col[c] >= 0)
				put_value(x, r, (lxw_col_t)sheet_col[c], doc_at(b, i, c), b->cols[c].type,
				          b->cols[c].decimals);
	if (b->chart.on)
		put_chart(x, b, sheet_col, shown, head_row);
	free(sheet_col);
	return r;
}

static lxw_row_t
put_note(struct xctx *x, const doc_block *b, lxw_row_t r)
{
	char *all = doc_note_text(b, x->mark);
	const char *p = all;

	for (;;) {
		const char *nl = strchr(p, '\n');
		char *line = nl ? xstrndup(p, (size_t)(nl - p)) : xstrdup(p);
		if (*line)
			note_err(x, put_string(x, r, 0, line, NULL));
		free(line);
		r++;
		if (!nl)
			break;
		p = nl + 1;
	}
	free(all);
	return r;
}

static lxw_row_t
put_section(struct xctx *x, const doc_section *s, lxw_row_t r)
{
	if (s->heading) {
		note_err(x, put_string(x, r, 0, s->heading, x->bold));
		r += 2;
	}
	for (size_t i = 0; i < s->nblocks; i++) {
		const doc_block *b = &s->blocks[i];
		if (b->heading) {
			note_err(x, put_string(x, r, 0, b->heading, x->bold));
			r++;
		}
		switch (b->kind) {
		case DOC_FIGURES:
			r = put_figures(x, b, r);
			break;
		case DOC_TABLE:
			r = put_table(x, b, r);
			break;
		case DOC_NOTE:
			r = put_note(x, b, r);
			break;
		}
		r++;
	}
	return r;
}

/* The title, the site and the document's facts on top of the first sheet. */
static lxw_row_t
put_cover(struct xctx *x, const sd_doc *d)
{
	lxw_row_t r = 0;

	note_err(x, put_string(x, r++, 0, d->title, x->title));
	if (d->site && *d->site)
		note_err(x, put_string(x, r++, 0, d->site, NULL));
	for (size_t i = 0; i < d->nmeta; i++) {
		const doc_meta *m = &d->meta[i];
		note_err(x, put_string(x, r, 0, m->label, NULL));
		widen(x, 0, text_width(m->label ? m->label : ""));
		put_value(x, r, 1, &m->value, m->type, 1);
		r++;
	}
	return r + 1;
}

static void
make_formats(struct xctx *x)
{
	x->title = workbook_add_format(x->wb);
	format_set_bold(x->title);
	format_set_font_size(x->title, 14);
	x->bold = workbook_add_format(x->wb);
	format_set_bold(x->bold);
	x->head = workbook_add_format(x->wb);
	format_set_bold(x->head);
	format_set_bottom(x->head, LXW_BORDER_THIN);
	format_set_bg_color(x->head, 0xE8E8E8);
	x->head_num = workbook_add_format(x->wb);
	format_set_bold(x->head_num);
	format_set_bottom(x->head_num, LXW_BORDER_THIN);
	format_set_bg_color(x->head_num, 0xE8E8E8);
	format_set_align(x->head_num, LXW_ALIGN_RIGHT);
}

/* ---------------------------------------------------------------- the file */

/* strerror(e) as UTF-8 (the locale may be GB18030); free it. */
static char *
sys_text(int e)
{
	return enc_locale_to_utf8(strerror(e));
}

static int
slurp(const char *path, buf *out, sd_err *err)
{
	FILE *f = fopen(path, "rb");
	char chunk[65536], *t;
	size_t n, start = out->len;
	int e, rc;

	if (!f) {
		t = sys_text(errno);
		rc = sd_err_set(err, SD_IOERR, _("XLSX: cannot read the workbook back: %s"), t);
		free(t);
		return rc;
	}
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_append(out, chunk, n);
	e = ferror(f) ? (errno ? errno : EIO) : 0;
	fclose(f);
	if (e && out->data) {
		/* nothing half-read reaches the caller */
		out->len = start;
		out->data[start] = '\0';
	}
	if (e) {
		t = sys_text(e);
		rc = sd_err_set(err, SD_IOERR, _("XLSX: cannot read the workbook back: %s"), t);
		free(t);
		return rc;
	}
	return SD_OK;
}

int
media_render_xlsx(const sd_doc *d, const doc_opts *o, buf *out, sd_err *err)
{
	const char *tmp = getenv("TMPDIR");
	char dir[4096], path[4200];
	struct xctx x = { .o = o };
	lxw_row_t r;
	int rc = SD_OK;
	char *mark;

	sd_err_clear(err);
	if (!tmp || !*tmp)
		tmp = "/tmp";
	if ((size_t)snprintf(dir, sizeof dir, "%s/servdesk-xlsx.XXXXXX", tmp) >= sizeof dir)
		return sd_err_set(err, SD_IOERR, _("XLSX: the temporary directory's name is too long"));
	if (!mkdtemp(dir)) {
		char *t = sys_text(errno);
		rc = sd_err_set(err, SD_IOERR, _("XLSX: cannot make a temporary directory in %s: %s"), tmp, t);
		free(t);
		return rc;
	}
	snprintf(path, sizeof path, "%s/document.xlsx", dir);

	/* the mark goes inside a quoted number format: no quotes in it */
	mark = text_sanitize(o && o->mark ? o->mark : "*", false);
	for (char *p = mark, *q = mark;; p++) {
		if (*p != '"')
			*q++ = *p;
		if (!*p)
			break;
	}
	x.mark = mark;

	/* A large document (a register exported whole) is written row by row
	 * to the temporary directory (constant memory: strings inline, each row
	 * flushed when the next begins) instead of being held cell by cell. */
	size_t rows = 0;
	for (size_t i = 0; i < d->nsections; i++)
		for (size_t j = 0; j < d->sections[i].nblocks; j++)
			rows += d->sections[i].blocks[j].nrows;
	lxw_workbook_options wo = { .tmpdir = dir, .constant_memory = rows > XLSX_STREAM_ROWS };
	x.wb = workbook_new_opt(path, &wo);
	if (!x.wb) {
		rc = sd_err_set(err, SD_IOERR, _("XLSX: cannot start the workbook in %s"), dir);
		goto done;
	}
	make_formats(&x);

	if (d->nsections <= 1) {
		const doc_section *s = d->nsections ? &d->sections[0] : NULL;
		sheet_begin(&x, d, s && s->heading ? s->heading : d->title, 0);
		if (x.ws) {
			r = put_cover(&x, d);
			if (s)
				put_section(&x, s, r);
		}
		sheet_end(&x);
	} else {
		for (size_t i = 0; i < d->nsections && x.err == LXW_NO_ERROR; i++) {
			const doc_section *s = &d->sections[i];
			sheet_begin(&x, d, s->heading, i);
			if (!x.ws)
				break;
			r = i == 0 ? put_cover(&x, d) : 0;
			put_section(&x, s, r);
			sheet_end(&x);
		}
	}

	lxw_error e = workbook_close(x.wb);
	if (x.err == LXW_NO_ERROR)
		x.err = e;
	if (x.err != LXW_NO_ERROR)
		rc = sd_err_set(err, SD_INTERNAL, _("XLSX: the workbook could not be written: %s"),
		                lxw_strerror(x.err));
	else
		rc = slurp(path, out, err);
done:
	unlink(path);
	rmdir(dir);
	for (size_t i = 0; i < x.nnames; i++)
		free(x.names[i]);
	free(x.names);
	free(x.fmts);
	free(mark);
	return rc;
}
