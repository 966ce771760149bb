/* ui-list.c — the paged list and the detail part of the desk's panes. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "buf.h"
#include "text.h"
#include "ui-list.h"
#include "ui-form.h"

#define CHUNK_MIN 64       /* rows fetched at a time */
#define FIND_MAX 5000      /* rows scanned to select a given row */

enum { REDO_FIRST, REDO_LAST, REDO_AROUND };

/* ---------------------------------------------------------------- columns */

int
ui_cols_fit(int n, const int *w, const int *minw, const int *drop, size_t ndrop,
            int width, bool *on)
{
	int total, ncols;

	for (int i = 0; i < n; i++)
		on[i] = true;
	for (size_t d = 0;; d++) {
		total = 0;
		ncols = 0;
		for (int i = 0; i < n; i++)
			if (on[i]) {
				total += w[i] ? w[i] : minw[i];
				ncols++;
			}
		total += ncols - 1;
		if (total <= width || d >= ndrop)
			break;
		on[drop[d]] = false;
	}
	return width - total > 0 ? width - total : 0;
}

void
ui_cols_place(ui_cols *L, int n, const int *w, const bool *on)
{
	int x = 0;

	if (n > UI_COLS_MAX)
		n = UI_COLS_MAX;
	L->n = n;
	L->right = 0;
	for (int i = 0; i < n; i++) {
		L->w[i] = on[i] ? w[i] : 0;
		L->x[i] = x;
		if (on[i])
			x += w[i] + 1;
	}
}

void
ui_cols_cell(const ui_cols *L, ui_rect r, int y, int col, int style, const char *text)
{
	buf b = { 0 };

	if (col < 0 || col >= L->n || L->w[col] <= 0 || L->x[col] >= r.w)
		return;
	int w = L->w[col];
	if (L->right & (1u << col)) {
		for (int k = text_width(text ? text : ""); k < w; k++)
			buf_putc(&b, ' ');
		buf_puts(&b, text ? text : "");
		text = buf_str(&b);
	}
	if (L->x[col] + w > r.w)
		w = r.w - L->x[col];
	ui_put(y, r.x + L->x[col], w, style, text);
	buf_free(&b);
}

int
ui_max_name_width(const char *(*name)(int), int n)
{
	int w = 0;
	for (int i = 0; i < n; i++) {
		int k = text_width(name(i));
		if (k > w)
			w = k;
	}
	return w;
}

/* ---------------------------------------------------------------- detail lines */

void
ui_dl_add(ui_dlines *d, char *line, int style)
{
	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 32;
		d->l = xrealloc(d->l, d->cap * sizeof *d->l);
	}
	d->l[d->n].text = line;
	d->l[d->n].style = style;
	d->n++;
}

void
ui_dl_field(ui_dlines *d, int lw, int width, const char *label, const char *value)
{
	char **lines;
	char pad[256];
	size_t n;
	int vw = width - lw - 1;

	if (!value || !*value)
		return;
	if (vw < 4)
		vw = 4;
	text_fit(pad, sizeof pad, label, lw < 60 ? lw : 60, true);
	n = ui_wrap(value, vw, &lines);
	for (size_t i = 0; i < n; i++) {
		buf b = { 0 };
		if (i == 0) {
			buf_puts(&b, pad);
		} else {
			for (int k = 0; k < lw && k < 60; k++)
				buf_putc(&b, ' ');
		}
		buf_putc(&b, ' ');
		buf_puts(&b, lines[i]);
		ui_dl_add(d, buf_steal(&b), UI_S_NORMAL);
	}
	ui_lines_free(lines);
}

void
ui_dl_hang(ui_dlines *d, int width, int lead, int indent, const char *text)
{
	char *clean = text_sanitize(text ? text : "", false);
	const char *q = clean;
	bool first = true;

	if (lead > width / 2)
		lead = width / 2;
	if (indent > width / 2)
		indent = width / 2;
	if (lead < 0)
		lead = 0;
	if (indent < 0)
		indent = 0;
	do {
		int in = first ? lead : indent;
		size_t next, k = text_line_break(q, width - in > 0 ? width - in : 1, &next);
		buf b = { 0 };
		for (int i = 0; i < in; i++)
			buf_putc(&b, ' ');
		buf_append(&b, q, k);
		ui_dl_add(d, buf_steal(&b), UI_S_NORMAL);
		q += next ? next : strlen(q);
		first = false;
	} while (*q);
	free(clean);
}

void
ui_dl_heading(ui_dlines *d, const char *title)
{
	if (d->n > 0)
		ui_dl_add(d, xstrdup(""), UI_S_NORMAL);
	ui_dl_add(d, xstrdup(title), UI_S_HEADER);
}

void
ui_dl_free(ui_dlines *d)
{
	for (size_t i = 0; i < d->n; i++)
		free(d->l[i].text);
	free(d->l);
	memset(d, 0, sizeof *d);
}

int
ui_dl_label_width(const char *const *labels, size_t n, int width)
{
	int lw = 0;

	for (size_t i = 0; i < n; i++)
		if (text_width(labels[i]) > lw)
			lw = text_width(labels[i]);
	return lw > width / 3 ? width / 3 : lw;
}

/* ---------------------------------------------------------------- paging */

void
ui_list_init(ui_list *l, const ui_list_ops *ops, void *owner)
{
	memset(l, 0, sizeof *l);
	l->ops = ops;
	l->owner = owner;
	l->win = xcalloc(UI_LIST_MAX, ops->row_size);
	l->tmp = xcalloc(UI_LIST_MAX / 2 + 1, ops->row_size);
	l->sel = -1;
}

void *
ui_list_row(const ui_list *l, int i)
{
	return l->win + (size_t)i * l->ops->row_size;
}

void *
ui_list_selected(const ui_list *l)
{
	return l->sel >= 0 && l->sel < l->n ? ui_list_row(l, l->sel) : NULL;
}

int
ui_list_visible(const ui_ctx *c)
{
	int v = c->list.h - 1;
	return v < 1 ? 1 : v;
}

static int
chunk(const ui_ctx *c)
{
	int k = ui_list_visible(c) * 2;
	return k < CHUNK_MIN ? CHUNK_MIN : k;
}

/* row i of the fetch room */
static void *
tmp_row(const ui_list *l, int i)
{
	return l->tmp + (size_t)i * l->ops->row_size;
}

/* the row kept in the fetch room after a page (the row before the window) */
static void *
prev_row(const ui_list *l)
{
	return tmp_row(l, UI_LIST_MAX / 2);
}

static bool
is_interrupted(const sd_err *err)
{
	return err->status == SD_INTERNAL
	       && (strstr(err->msg, "interrupt") || strcmp(err->msg, _("interrupted")) == 0);
}

/*
 * Fetch rows (with the interrupt check on). Returns SD_OK, or -1 if
 * cancelled because a key arrived, or a status (message set).
 */
static int
fetch(ui_list *l, ui_ctx *c, enum sd_page_from from, const void *anchor, int limit,
      void *rows, int *n)
{
	sd_err err;
	int rc;

	sd_err_clear(&err);
	*n = 0;
	if (limit > UI_LIST_MAX / 2)
		limit = UI_LIST_MAX / 2;
	memset(rows, 0, (size_t)limit * l->ops->row_size);
	store_set_interrupt(c->st, ui_interrupt_check, c);
	rc = l->ops->fetch(c, l->owner, from, anchor, limit, rows, n, &err);
	store_set_interrupt(c->st, NULL, NULL);
	if (rc == SD_OK)
		return SD_OK;
	for (int i = 0; i < *n; i++)
		l->ops->free_row((unsigned char *)rows + (size_t)i * l->ops->row_size);
	*n = 0;
	if (is_interrupted(&err))
		return -1;
	ui_message(c, true, "%s", err.msg);
	return rc;
}

static void
free_range(ui_list *l, int from, int to)
{
	for (int i = from; i < to; i++)
		l->ops->free_row(ui_list_row(l, i));
}

void
ui_list_free(ui_list *l)
{
	if (!l->win)
		return;
	free_range(l, 0, l->n);
	free(l->win);
	free(l->tmp);
	l->win = l->tmp = NULL;
	l->n = 0;
	l->sel = -1;
}

/* move n rows of the window from index from to index to */
static void
move_rows(ui_list *l, int to, int from, int n)
{
	memmove(ui_list_row(l, to), ui_list_row(l, from), (size_t)n * l->ops->row_size);
}

static void
forget(ui_list *l)
{
	if (l->ops->forget)
		l->ops->forget(l->owner);
}

static void
keep_visible(ui_list *l, const ui_ctx *c)
{
	int v = ui_list_visible(c);

	if (l->n == 0) {
		l->sel = -1;
		l->top = 0;
		return;
	}
	if (l->sel < 0)
		l->sel = 0;
	if (l->sel >= l->n)
		l->sel = l->n - 1;
	if (l->sel < l->top)
		l->top = l->sel;
	if (l->sel >= l->top + v)
		l->top = l->sel - v + 1;
	/* use the space there is: no blank rows below while rows above are hidden */
	if (l->top > l->n - v)
		l->top = l->n - v;
	if (l->top < 0)
		l->top = 0;
}

/* replace the window with the n rows fetched into the fetch room (taking them over) */
static void
set_window(ui_list *l, int n)
{
	free_range(l, 0, l->n);
	memcpy(l->win, l->tmp, (size_t)n * l->ops->row_size);
	l->n = n;
}

void
ui_list_load_edge(ui_list *l, ui_ctx *c, bool last)
{
	int n;

	int rc = fetch(l, c, last ? PAGE_LAST : PAGE_FIRST, NULL, chunk(c), l->tmp, &n);
	if (rc != SD_OK) {
		/* cancelled by a key: redo when idle; a failure stays as it is */
		l->stale = rc == -1;
		l->redo = last ? REDO_LAST : REDO_FIRST;
		return;
	}
	l->stale = false;
	set_window(l, n);
	l->sel = last ? n - 1 : 0;
	l->top = 0;
	keep_visible(l, c);
	if (last)
		l->top = l->n - ui_list_visible(c) > 0 ? l->n - ui_list_visible(c) : 0;
	keep_visible(l, c);
}

/* add rows after the window; returns how many were added */
static int
extend_after(ui_list *l, ui_ctx *c, int want)
{
	int n, drop;

	if (l->n == 0)
		return 0;
	if (want < chunk(c))
		want = chunk(c);
	if (fetch(l, c, PAGE_AFTER, ui_list_row(l, l->n - 1), want, l->tmp, &n) != SD_OK || n == 0)
		return 0;
	drop = l->n + n - UI_LIST_MAX;
	if (drop > 0) {
		free_range(l, 0, drop);
		move_rows(l, 0, drop, l->n - drop);
		l->n -= drop;
		l->sel -= drop;
		l->top -= drop;
	}
	memcpy(ui_list_row(l, l->n), l->tmp, (size_t)n * l->ops->row_size);
	l->n += n;
	return n;
}

/* add rows before the window; returns how many were added */
static int
extend_before(ui_list *l, ui_ctx *c, int want)
{
	int n, drop;

	if (l->n == 0)
		return 0;
	if (want < chunk(c))
		want = chunk(c);
	if (fetch(l, c, PAGE_BEFORE, ui_list_row(l, 0), want, l->tmp, &n) != SD_OK || n == 0)
		return 0;
	drop = l->n + n - UI_LIST_MAX;
	if (drop > 0) {
		free_range(l, l->n - drop, l->n);
		l->n -= drop;
	}
	move_rows(l, n, 0, l->n);
	memcpy(l->win, l->tmp, (size_t)n * l->ops->row_size);
	l->n += n;
	l->sel += n;
	l->top += n;
	return n;
}

void
ui_list_move(ui_list *l, ui_ctx *c, int delta)
{
	if (l->n == 0)
		return;
	int target = l->sel + delta;
	if (target >= l->n) {
		extend_after(l, c, target - l->n + 1);
		target = l->sel + delta;
	} else if (target < 0) {
		extend_before(l, c, -target);
		target = l->sel + delta;
	}
	if (target >= l->n)
		target = l->n - 1;
	if (target < 0)
		target = 0;
	l->sel = target;
	keep_visible(l, c);
}

/* the identity of the selected row as a new string, NULL if none is selected */
static char *
sel_ident(const ui_list *l)
{
	char scratch[64];
	const void *row = ui_list_selected(l);

	return row ? xstrdup(l->ops->ident(row, scratch, sizeof scratch)) : NULL;
}

/* look for the row with identity ident in the window; select it if there */
static bool
select_in_window(ui_list *l, const ui_ctx *c, const char *ident)
{
	char scratch[64];

	for (int i = 0; i < l->n; i++)
		if (strcmp(l->ops->ident(ui_list_row(l, i), scratch, sizeof scratch), ident) == 0) {
			l->sel = i;
			keep_visible(l, c);
			return true;
		}
	return false;
}

/*
 * Load the window starting just before anchor: the row before it first, so
 * that Up works at once; the first page where there is none (*from_top set,
 * also when that fetch fails). Returns SD_OK, -1 if cancelled by a key, or a
 * status.
 */
static int
load_from(ui_list *l, ui_ctx *c, const void *anchor, bool *from_top)
{
	int np = 0, n, rc;

	*from_top = false;
	if ((rc = fetch(l, c, PAGE_BEFORE, anchor, 1, prev_row(l), &np)) != SD_OK)
		return rc;
	if (np == 0) {
		*from_top = true;
		if ((rc = fetch(l, c, PAGE_FIRST, NULL, chunk(c), l->tmp, &n)) != SD_OK)
			return rc;
		set_window(l, n);
		l->top = 0;
		return SD_OK;
	}
	/* the window (and anchor with it) is replaced only once the page is in */
	rc = fetch(l, c, PAGE_AFTER, prev_row(l), chunk(c), l->tmp, &n);
	if (rc != SD_OK) {
		l->ops->free_row(prev_row(l));
		return rc;
	}
	set_window(l, n);
	if (l->n < UI_LIST_MAX) {
		move_rows(l, 1, 0, l->n);
		memcpy(l->win, prev_row(l), l->ops->row_size);
		l->n++;
		l->top = 1;
	} else {
		l->ops->free_row(prev_row(l));
		l->top = 0;
	}
	return SD_OK;
}

void
ui_list_reload(ui_list *l, ui_ctx *c)
{
	char *want = sel_ident(l);
	int oldsel = l->sel - l->top, rc;
	bool from_top;

	forget(l);
	if (l->n == 0) {
		ui_list_load_edge(l, c, false);
		free(want);
		return;
	}
	rc = load_from(l, c, ui_list_row(l, l->top), &from_top);
	if (rc != SD_OK) {
		/* cancelled by a key: redo when idle; a failure stays as it is */
		l->stale = rc == -1;
		l->redo = from_top ? REDO_FIRST : REDO_AROUND;
		free(want);
		return;
	}
	l->stale = false;
	/* at the top of the list: from its first row, as Home would */
	l->sel = from_top ? 0 : l->top + oldsel;
	keep_visible(l, c);
	if (want && *want)
		select_in_window(l, c, want);
	free(want);
}

/* ui_list_find without a fallback: the selection is wherever the scan stopped when not found */
static bool
find_from_top(ui_list *l, ui_ctx *c, const char *ident)
{
	int scanned = 0;

	forget(l);
	ui_list_load_edge(l, c, false);
	while (!select_in_window(l, c, ident)) {
		if (scanned > FIND_MAX)
			return false;
		l->sel = l->n - 1;
		int k = extend_after(l, c, UI_LIST_MAX / 2);
		if (k == 0)
			return false;
		scanned += k;
	}
	return true;
}

bool
ui_list_find(ui_list *l, ui_ctx *c, const char *ident)
{
	char *was = sel_ident(l);
	int at = l->sel - l->top;

	if (find_from_top(l, c, ident)) {
		free(was);
		return true;
	}
	/*
	 * Not in the list as filtered: the selection stays on the row it was
	 * on, or at the same place on the screen, not where the scan ended.
	 */
	if (!was || !find_from_top(l, c, was)) {
		forget(l);
		ui_list_load_edge(l, c, false);
		l->sel = at > 0 ? at : 0;
		keep_visible(l, c);
	}
	free(was);
	return false;
}

bool
ui_list_find_at(ui_list *l, ui_ctx *c, const void *anchor, const char *ident)
{
	bool from_top;
	int rc;

	forget(l);
	if ((rc = load_from(l, c, anchor, &from_top)) != SD_OK) {
		/* cancelled by a key: show the list from the top when idle */
		l->stale = rc == -1;
		l->redo = REDO_FIRST;
		return false;
	}
	l->stale = false;
	l->sel = l->top;
	keep_visible(l, c);
	return select_in_window(l, c, ident);
}

bool
ui_list_selection(ui_list *l, ui_ctx *c, bool fresh, const char *none)
{
	if (fresh)
		forget(l);
	if (l->ops->load(c, l->owner))
		return true;
	ui_message(c, true, "%s", none);
	return false;
}

void
ui_list_idle(ui_list *l, ui_ctx *c)
{
	if (!l->stale)
		return;
	if (l->redo == REDO_AROUND)
		ui_list_reload(l, c);
	else
		ui_list_load_edge(l, c, l->redo == REDO_LAST);
}

void
ui_list_refilter(ui_list *l, ui_ctx *c)
{
	forget(l);
	c->detail_focus = false;
	ui_list_load_edge(l, c, false);
}

/* ---------------------------------------------------------------- search */

typedef struct search_job {
	ui_list *l;
	char **search;
} search_job;

static void
live_search(ui_ctx *c, const char *text, void *arg)
{
	search_job *job = arg;

	free(*job->search);
	*job->search = text && *text ? xstrdup(text) : NULL;
	forget(job->l);
	ui_list_load_edge(job->l, c, false);
}

void
ui_list_search(ui_list *l, ui_ctx *c, char **search)
{
	search_job job = { l, search };
	char *old = *search ? xstrdup(*search) : NULL, *out = NULL;

	c->detail_focus = false;
	if (ui_prompt(c, "/", old, live_search, &job, &out)) {
		live_search(c, out, &job);
		free(out);
	} else {
		live_search(c, NULL, &job);
	}
	free(old);
}

/* ---------------------------------------------------------------- drawing */

static void
draw_list(ui_list *l, ui_ctx *c)
{
	ui_rect r = c->list;
	ui_cols L;

	if (r.h < 1 || r.w < 1)
		return;
	memset(&L, 0, sizeof L);
	l->ops->layout(l->owner, r.w, &L);
	ui_put(r.y, r.x, r.w, UI_S_HEADER, "");
	for (int i = 0; i < L.n; i++)
		ui_cols_cell(&L, r, r.y, i, UI_S_HEADER, _(l->ops->heads[i]));
	keep_visible(l, c);
	if (l->n == 0) {
		const char *m = l->stale ? _("(searching...)") : l->ops->empty(l->owner);
		if (r.h > 1)
			ui_put(r.y + 1, r.x, r.w, UI_S_NORMAL, m);
		return;
	}
	for (int i = 0; i < r.h - 1 && l->top + i < l->n; i++)
		l->ops->draw_row(l->owner, ui_list_row(l, l->top + i), l->top + i == l->sel,
		                 r.y + 1 + i, r, &L);
}

static void
draw_detail(ui_list *l, ui_ctx *c)
{
	ui_rect r = c->detail;
	ui_dlines d = { 0 };
	int y0 = r.y, h = r.h, x0 = r.x + (c->stacked ? 0 : 1), w = r.w - (c->stacked ? 0 : 1);

	if (h < 1 || w < 4)
		return;
	if (!l->ops->load(c, l->owner)) {
		ui_clear_rect(r, UI_S_NORMAL);
		return;
	}
	l->ops->build(l->owner, w, &d);
	l->dlines = (int)d.n;
	if (l->dscroll > (int)d.n - h)
		l->dscroll = (int)d.n - h;
	if (l->dscroll < 0)
		l->dscroll = 0;
	for (int i = 0; i < h; i++) {
		size_t k = (size_t)(l->dscroll + i);
		int style = i == 0 && c->detail_focus ? UI_S_FOCUS
		            : k < d.n ? d.l[k].style : UI_S_NORMAL;
		ui_put(y0 + i, x0, w, style, k < d.n ? d.l[k].text : "");
	}
	/* more below, shown as text */
	if (l->dscroll + h < (int)d.n)
		ui_put(y0 + h - 1, x0 + w - 3, 3, UI_S_HEADER, "...");
	ui_dl_free(&d);
}

void
ui_list_draw(ui_list *l, ui_ctx *c)
{
	draw_list(l, c);
	draw_detail(l, c);
}

/* ---------------------------------------------------------------- keys */

static bool
detail_key(ui_list *l, ui_ctx *c, int key)
{
	int h = c->detail.h > 1 ? c->detail.h : 1;

	switch (key) {
	case UI_FK(KEY_UP):
	case 'k':
		l->dscroll--;
		break;
	case UI_FK(KEY_DOWN):
	case 'j':
		l->dscroll++;
		break;
	case UI_FK(KEY_PPAGE):
	case UI_CTRL('b'):
		l->dscroll -= h - 1;
		break;
	case UI_FK(KEY_NPAGE):
	case UI_CTRL('f'):
	case ' ':
		l->dscroll += h - 1;
		break;
	case UI_FK(KEY_HOME):
	case 'g':
		l->dscroll = 0;
		break;
	case UI_FK(KEY_END):
	case 'G':
		l->dscroll = l->dlines;
		break;
	case '\t':
	case 0x1b:
	case '\r':
	case UI_FK(KEY_ENTER):
	case UI_FK(KEY_LEFT):
		c->detail_focus = false;
		break;
	default:
		return false;
	}
	if (l->dscroll < 0)
		l->dscroll = 0;
	return true;
}

bool
ui_list_key(ui_list *l, ui_ctx *c, int key, int act)
{
	int v = ui_list_visible(c);

	if (c->detail_focus && detail_key(l, c, key))
		return true;
	switch (act) {
	case UI_LIST_UP:
		ui_list_move(l, c, -1);
		break;
	case UI_LIST_DOWN:
		ui_list_move(l, c, 1);
		break;
	case UI_LIST_PGUP:
		ui_list_move(l, c, -v);
		break;
	case UI_LIST_PGDN:
		ui_list_move(l, c, v);
		break;
	case UI_LIST_HOME:
		ui_list_load_edge(l, c, false);
		break;
	case UI_LIST_END:
		ui_list_load_edge(l, c, true);
		break;
	case UI_LIST_DETAIL:
		if (l->n > 0)
			c->detail_focus = true;
		break;
	default:
		return false;
	}
	return true;
}

void
ui_list_click(ui_list *l, ui_ctx *c, int y, int x)
{
	ui_rect r = c->list;

	if (y > r.y && y < r.y + r.h && x >= r.x && x < r.x + r.w) {
		int i = l->top + (y - r.y - 1);
		if (i < l->n) {
			l->sel = i;
			c->detail_focus = false;
		}
	} else if (y >= c->detail.y && y < c->detail.y + c->detail.h
	           && x >= c->detail.x && x < c->detail.x + c->detail.w) {
		c->detail_focus = true;
	}
}

/* ---------------------------------------------------------------- pane operations */

void
ui_list_pane_reload(ui_ctx *c, void *priv)
{
	ui_list_reload(priv, c);
}

void
ui_list_pane_idle(ui_ctx *c, void *priv)
{
	ui_list_idle(priv, c);
}

void
ui_list_pane_draw(ui_ctx *c, void *priv)
{
	ui_list_draw(priv, c);
}

void
ui_list_pane_click(ui_ctx *c, void *priv, int y, int x)
{
	ui_list_click(priv, c, y, x);
}
