/*
 * ui-customer.c — the customers pane (客户设备): a list that pages through
 * the customers by name (only a window of rows around the screen is held)
 * with a mark for key customers, the selected customer in full with its
 * equipment, the warranty of each piece today and its downtime records,
 * incremental search by name, and the actions add/edit customer, add/edit
 * equipment, record downtime and the warranty on a date, explained.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "buf.h"
#include "customer.h"
#include "datetime.h"
#include "staff.h"
#include "text.h"
#include "warranty.h"
#include "ui-pane.h"
#include "ui-form.h"

#define WIN_MAX 400        /* rows held around the screen */
#define CHUNK_MIN 64       /* rows fetched at a time */

enum {
	ACT_UP = 1, ACT_DOWN, ACT_PGUP, ACT_PGDN, ACT_HOME, ACT_END, ACT_DETAIL, ACT_SEARCH,
	ACT_RELOAD, ACT_ADD, ACT_EDIT, ACT_EQ_ADD, ACT_EQ_EDIT, ACT_DOWNTIME, ACT_WARRANTY
};

static const ui_keydef customer_keys[] = {
	{ ACT_ADD, { 'a', UI_FK(KEY_F(2)) }, "F2, a", N_("Add"), N_("add a customer") },
	{ ACT_EDIT, { 'e', UI_FK(KEY_F(4)) }, "F4, e", N_("Edit"), N_("edit the selected customer") },
	{ ACT_EQ_ADD, { 'n', UI_FK(KEY_F(5)) }, "F5, n", N_("Equip+"),
	  N_("add equipment for the selected customer") },
	{ ACT_EQ_EDIT, { 'm', UI_FK(KEY_F(7)) }, "F7, m", NULL,
	  N_("edit a piece of the selected customer's equipment") },
	{ ACT_DOWNTIME, { 'd', UI_FK(KEY_F(8)) }, "F8, d", N_("Downtime"),
	  N_("record downtime of a piece of equipment (from, to, reason)") },
	{ ACT_WARRANTY, { 'w', 'x' }, "w, x", N_("Warranty"),
	  N_("the warranty of a piece of equipment on a date, explained") },
	{ ACT_SEARCH, { '/' }, "/", N_("Search"), N_("search customer names (Esc clears)") },
	{ ACT_UP, { UI_FK(KEY_UP), 'k' }, "Up, k", NULL, N_("previous customer") },
	{ ACT_DOWN, { UI_FK(KEY_DOWN), 'j' }, "Down, j", NULL, N_("next customer") },
	{ ACT_PGUP, { UI_FK(KEY_PPAGE), UI_CTRL('b') }, "PgUp, ^B", NULL, N_("page up") },
	{ ACT_PGDN, { UI_FK(KEY_NPAGE), UI_CTRL('f') }, "PgDn, ^F", NULL, N_("page down") },
	{ ACT_HOME, { UI_FK(KEY_HOME), 'g' }, "Home, g", NULL, N_("first customer") },
	{ ACT_END, { UI_FK(KEY_END), 'G' }, "End, G", NULL, N_("last customer") },
	{ ACT_DETAIL, { '\r', '\t', UI_FK(KEY_ENTER) }, "Enter, Tab", NULL,
	  N_("scroll the detail (Tab or Esc returns to the list)") },
	{ ACT_RELOAD, { 'r' }, "r", NULL, N_("reload the list") },
};

/* one line of the detail part, with its style */
typedef struct dline {
	char *text;
	int style;
} dline;

typedef struct dlines {
	dline *l;
	size_t n, cap;
} dlines;

/* a piece of the selected customer's equipment, with its warranty today */
typedef struct eq_info {
	sd_equipment e;
	warranty_status w;
	bool have_w;
	sd_downtime *dt;
	size_t ndt;
} eq_info;

typedef struct cpane {
	char *search;              /* owned; NULL for all */
	sd_customer_row win[WIN_MAX];   /* a window of the list, in list order */
	int n;                     /* rows in win */
	int sel;                   /* selected row in win (-1: none) */
	int top;                   /* first row shown */
	bool stale;                /* a query was interrupted: redo `redo` when idle */
	enum { REDO_FIRST, REDO_LAST, REDO_AROUND } redo;
	/* the selected customer in full, loaded when the selection changes */
	sd_customer det;
	bool have_det;
	eq_info *eq;
	size_t neq;
	char today[11];            /* the date the warranty is shown for */
	int dscroll;               /* detail scroll offset (lines) */
	int dlines_n;              /* detail lines at the last draw */
	const char *yesno[2];      /* choice names: no, yes */
} cpane;

/* ---------------------------------------------------------------- paging */

static int
visible_rows(ui_ctx *c)
{
	int v = c->list.h - 1;
	return v < 1 ? 1 : v;
}

static int
chunk(ui_ctx *c)
{
	int k = visible_rows(c) * 2;
	return k < CHUNK_MIN ? CHUNK_MIN : k;
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
fetch(ui_ctx *c, cpane *s, enum sd_page_from from, const sd_customer_row *anchor,
      int limit, sd_customer_row *rows, int *n)
{
	sd_err err;
	int rc;

	sd_err_clear(&err);
	*n = 0;
	if (limit > WIN_MAX / 2)
		limit = WIN_MAX / 2;
	store_set_interrupt(c->st, ui_interrupt_check, c);
	rc = customer_page(c->st, s->search, from, anchor, limit, rows, n, &err);
	store_set_interrupt(c->st, NULL, NULL);
	if (rc == SD_OK)
		return SD_OK;
	for (int i = 0; i < *n; i++)
		customer_row_free(&rows[i]);
	*n = 0;
	if (is_interrupted(&err))
		return -1;
	ui_message(c, true, "%s", err.msg);
	return rc;
}

static void
free_range(cpane *s, int from, int to)
{
	for (int i = from; i < to; i++)
		customer_row_free(&s->win[i]);
}

static void
drop_detail(cpane *s)
{
	if (s->have_det)
		customer_free(&s->det);
	s->have_det = false;
	for (size_t i = 0; i < s->neq; i++) {
		equipment_free(&s->eq[i].e);
		for (size_t k = 0; k < s->eq[i].ndt; k++)
			free(s->eq[i].dt[k].reason);
		free(s->eq[i].dt);
	}
	free(s->eq);
	s->eq = NULL;
	s->neq = 0;
	s->dscroll = 0;
}

static void
keep_visible(ui_ctx *c, cpane *s)
{
	int v = visible_rows(c);

	if (s->n == 0) {
		s->sel = -1;
		s->top = 0;
		return;
	}
	if (s->sel < 0)
		s->sel = 0;
	if (s->sel >= s->n)
		s->sel = s->n - 1;
	if (s->sel < s->top)
		s->top = s->sel;
	if (s->sel >= s->top + v)
		s->top = s->sel - v + 1;
	/* use the space there is: no blank rows below while rows above are hidden */
	if (s->top > s->n - v)
		s->top = s->n - v;
	if (s->top < 0)
		s->top = 0;
}

/* replace the window with rows (taking them over) */
static void
set_window(cpane *s, sd_customer_row *rows, int n)
{
	free_range(s, 0, s->n);
	memcpy(s->win, rows, (size_t)n * sizeof *rows);
	s->n = n;
}

static void
load_edge(ui_ctx *c, cpane *s, bool last)
{
	sd_customer_row tmp[WIN_MAX / 2];
	int n;

	int rc = fetch(c, s, last ? PAGE_LAST : PAGE_FIRST, NULL, chunk(c), tmp, &n);
	if (rc != SD_OK) {
		/* cancelled by a key: redo when idle; a failure stays as it is */
		s->stale = rc == -1;
		s->redo = last ? REDO_LAST : REDO_FIRST;
		return;
	}
	s->stale = false;
	set_window(s, tmp, n);
	s->sel = last ? n - 1 : 0;
	s->top = 0;
	keep_visible(c, s);
	if (last)
		s->top = s->n - visible_rows(c) > 0 ? s->n - visible_rows(c) : 0;
	keep_visible(c, s);
}

/* add rows after the window; returns how many were added */
static int
extend_after(ui_ctx *c, cpane *s, int want)
{
	sd_customer_row tmp[WIN_MAX / 2];
	int n, drop;

	if (s->n == 0)
		return 0;
	if (want < chunk(c))
		want = chunk(c);
	if (fetch(c, s, PAGE_AFTER, &s->win[s->n - 1], want, tmp, &n) != SD_OK || n == 0)
		return 0;
	drop = s->n + n - WIN_MAX;
	if (drop > 0) {
		free_range(s, 0, drop);
		memmove(s->win, s->win + drop, (size_t)(s->n - drop) * sizeof *s->win);
		s->n -= drop;
		s->sel -= drop;
		s->top -= drop;
	}
	memcpy(s->win + s->n, tmp, (size_t)n * sizeof *tmp);
	s->n += n;
	return n;
}

/* add rows before the window; returns how many were added */
static int
extend_before(ui_ctx *c, cpane *s, int want)
{
	sd_customer_row tmp[WIN_MAX / 2];
	int n, drop;

	if (s->n == 0)
		return 0;
	if (want < chunk(c))
		want = chunk(c);
	if (fetch(c, s, PAGE_BEFORE, &s->win[0], want, tmp, &n) != SD_OK || n == 0)
		return 0;
	drop = s->n + n - WIN_MAX;
	if (drop > 0) {
		free_range(s, s->n - drop, s->n);
		s->n -= drop;
	}
	memmove(s->win + n, s->win, (size_t)s->n * sizeof *s->win);
	memcpy(s->win, tmp, (size_t)n * sizeof *tmp);
	s->n += n;
	s->sel += n;
	s->top += n;
	return n;
}

static void
move_sel(ui_ctx *c, cpane *s, int delta)
{
	if (s->n == 0)
		return;
	int target = s->sel + delta;
	if (target >= s->n) {
		extend_after(c, s, target - s->n + 1);
		target = s->sel + delta;
	} else if (target < 0) {
		extend_before(c, s, -target);
		target = s->sel + delta;
	}
	if (target >= s->n)
		target = s->n - 1;
	if (target < 0)
		target = 0;
	s->sel = target;
	keep_visible(c, s);
}

static const char *
sel_name(const cpane *s)
{
	return s->sel >= 0 && s->sel < s->n && s->win[s->sel].name ? s->win[s->sel].name : "";
}

/* look for name in the window; select it if there */
static bool
select_in_window(ui_ctx *c, cpane *s, const char *name)
{
	for (int i = 0; i < s->n; i++)
		if (s->win[i].name && strcmp(s->win[i].name, name) == 0) {
			s->sel = i;
			keep_visible(c, s);
			return true;
		}
	return false;
}

/*
 * Load the window starting just before the row with key (the row before it
 * first, so that Up works at once). Returns SD_OK, -1 if cancelled by a key,
 * or a status.
 */
static int
load_from(ui_ctx *c, cpane *s, const char *key)
{
	sd_customer_row anchor, prev[1], tmp[WIN_MAX / 2];
	int np = 0, n, rc;

	memset(&anchor, 0, sizeof anchor);
	anchor.key = (char *)key;
	if ((rc = fetch(c, s, PAGE_BEFORE, &anchor, 1, prev, &np)) != SD_OK)
		return rc;
	if (np == 0) {
		if ((rc = fetch(c, s, PAGE_FIRST, NULL, chunk(c), tmp, &n)) != SD_OK)
			return rc;
		set_window(s, tmp, n);
		s->top = 0;
		return SD_OK;
	}
	rc = fetch(c, s, PAGE_AFTER, &prev[0], chunk(c), tmp, &n);
	if (rc != SD_OK) {
		customer_row_free(&prev[0]);
		return rc;
	}
	set_window(s, tmp, n);
	if (s->n < WIN_MAX) {
		memmove(s->win + 1, s->win, (size_t)s->n * sizeof *s->win);
		s->win[0] = prev[0];
		s->n++;
		s->top = 1;
	} else {
		customer_row_free(&prev[0]);
		s->top = 0;
	}
	return SD_OK;
}

/*
 * Reload the window around the rows shown (after a change or a resize),
 * keeping the selected customer selected where it is still in the list.
 */
static void
reload_around(ui_ctx *c, cpane *s)
{
	char *want = xstrdup(sel_name(s)), *topkey;
	int oldsel = s->sel - s->top, rc;

	drop_detail(s);
	if (s->n == 0) {
		load_edge(c, s, false);
		free(want);
		return;
	}
	topkey = xstrdup(s->win[s->top].key ? s->win[s->top].key : "");
	rc = load_from(c, s, topkey);
	free(topkey);
	if (rc != SD_OK) {
		s->stale = rc == -1;
		s->redo = REDO_AROUND;
		free(want);
		return;
	}
	s->stale = false;
	s->sel = s->top + oldsel;
	keep_visible(c, s);
	if (*want)
		select_in_window(c, s, want);
	free(want);
}

/* Load the list around name and select it; false if it is not in the list (search). */
static bool
select_name(ui_ctx *c, cpane *s, const char *name)
{
	int rc;

	drop_detail(s);
	if ((rc = load_from(c, s, name)) != SD_OK) {
		/* cancelled by a key: show the list from the top when idle */
		s->stale = rc == -1;
		s->redo = REDO_FIRST;
		return false;
	}
	s->stale = false;
	s->sel = s->top;
	keep_visible(c, s);
	return select_in_window(c, s, name);
}

/* ---------------------------------------------------------------- list */

enum { COL_MARK, COL_NAME, COL_REGION, COL_CONTACT, COL_PHONE, COL_NEQ, COL_N };

/* the column headings */
static const char *const heads[COL_N] = {
	[COL_MARK] = N_("Key"), [COL_NAME] = N_("Customer"), [COL_REGION] = N_("Region"),
	[COL_CONTACT] = N_("Contact"), [COL_PHONE] = N_("Phone"), [COL_NEQ] = N_("Equip."),
};

/* the mark of a key customer in the list (text: the colour is extra) */
#define KEYCUST_MARK N_("key")

typedef struct col_layout {
	int x[COL_N];
	int w[COL_N];     /* 0: not shown */
} col_layout;

static int
head_width(int col, int min, int max)
{
	int w = text_width(_(heads[col]));
	if (w < min)
		w = min;
	return w > max ? max : w;
}

static void
layout_columns(int width, col_layout *L)
{
	/* widths; 0 for the flexible column (the name) */
	int w[COL_N] = { [COL_REGION] = 8, [COL_CONTACT] = 10, [COL_PHONE] = 13 };
	/* the name keeps room for nine Chinese characters */
	int minw[COL_N] = { [COL_NAME] = 18 };
	/* the order in which columns give way on narrow screens (the detail shows them all) */
	static const int drop_order[] = { COL_CONTACT, COL_REGION, COL_PHONE, COL_NEQ };
	bool on[COL_N];
	int total, ncols, extra, x = 0, mark;

	mark = text_width(_(KEYCUST_MARK));
	w[COL_MARK] = head_width(COL_MARK, mark < 1 ? 1 : mark, 6);
	w[COL_NEQ] = head_width(COL_NEQ, 3, 8);
	w[COL_REGION] = head_width(COL_REGION, 8, 10);
	for (int i = 0; i < COL_N; i++)
		on[i] = true;
	for (size_t d = 0;; d++) {
		total = 0;
		ncols = 0;
		for (int i = 0; i < COL_N; i++)
			if (on[i]) {
				total += w[i] ? w[i] : minw[i];
				ncols++;
			}
		total += ncols - 1;
		if (total <= width || d >= SD_ARRAY_LEN(drop_order))
			break;
		on[drop_order[d]] = false;
	}
	extra = width - total;
	if (extra < 0)
		extra = 0;
	w[COL_NAME] = minw[COL_NAME];
	/* the name takes most of the room there is; the contact a little */
	if (on[COL_CONTACT]) {
		int give = extra / 5 < 6 ? extra / 5 : 6;
		w[COL_CONTACT] += give;
		extra -= give;
	}
	w[COL_NAME] += extra;
	for (int i = 0; i < COL_N; i++) {
		L->w[i] = on[i] ? w[i] : 0;
		L->x[i] = x;
		if (on[i])
			x += w[i] + 1;
	}
}

static void
draw_cell(int y, ui_rect r, const col_layout *L, int col, int style, const char *text)
{
	if (L->w[col] <= 0 || L->x[col] >= r.w)
		return;
	int w = L->w[col];
	if (L->x[col] + w > r.w)
		w = r.w - L->x[col];
	ui_put(y, r.x + L->x[col], w, style, text);
}

static void
draw_list(ui_ctx *c, cpane *s)
{
	ui_rect r = c->list;
	col_layout L;

	if (r.h < 1 || r.w < 1)
		return;
	layout_columns(r.w, &L);
	ui_put(r.y, r.x, r.w, UI_S_HEADER, "");
	for (int i = 0; i < COL_N; i++) {
		if (i == COL_NEQ && L.w[i] > 0) {
			/* the count is right-aligned: so is its heading */
			char head[64];
			int hw = text_width(_(heads[i]));
			snprintf(head, sizeof head, "%*s%s", L.w[i] - hw > 0 ? L.w[i] - hw : 0, "",
			         _(heads[i]));
			draw_cell(r.y, r, &L, i, UI_S_HEADER, head);
		} else {
			draw_cell(r.y, r, &L, i, UI_S_HEADER, _(heads[i]));
		}
	}
	keep_visible(c, s);
	if (s->n == 0) {
		const char *m = s->stale ? _("(searching...)")
		                : s->search ? _("(no customers match)")
		                : _("(no customers yet: press a or F2 to add one)");
		if (r.h > 1)
			ui_put(r.y + 1, r.x, r.w, UI_S_NORMAL, m);
		return;
	}
	for (int i = 0; i < r.h - 1 && s->top + i < s->n; i++) {
		const sd_customer_row *row = &s->win[s->top + i];
		bool selected = s->top + i == s->sel;
		int st = selected ? UI_S_SELECTED : UI_S_NORMAL;
		int y = r.y + 1 + i;
		char num[16];

		ui_put(y, r.x, r.w, st, "");
		snprintf(num, sizeof num, "%*d", L.w[COL_NEQ] > 0 && L.w[COL_NEQ] < 12 ? L.w[COL_NEQ] : 1,
		         row->nequipment);
		draw_cell(y, r, &L, COL_MARK, !selected && row->key_customer ? UI_S_URGENT : st,
		          row->key_customer ? _(KEYCUST_MARK) : "");
		draw_cell(y, r, &L, COL_NAME, st, row->name);
		draw_cell(y, r, &L, COL_REGION, st, row->region);
		draw_cell(y, r, &L, COL_CONTACT, st, row->contact);
		draw_cell(y, r, &L, COL_PHONE, st, row->phone);
		draw_cell(y, r, &L, COL_NEQ, st, num);
	}
}

/* ---------------------------------------------------------------- detail */

static void
dl_add(dlines *d, char *line, int style)
{
	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 32;
		d->l = xrealloc(d->l, d->cap * sizeof *d->l);
	}
	d->l[d->n].text = line;
	d->l[d->n].style = style;
	d->n++;
}

static void
dl_free(dlines *d)
{
	for (size_t i = 0; i < d->n; i++)
		free(d->l[i].text);
	free(d->l);
	memset(d, 0, sizeof *d);
}

/* add "label  value" with the value wrapped under itself */
static void
dl_field(dlines *d, int lw, int width, const char *label, const char *value)
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
		dl_add(d, buf_steal(&b), UI_S_NORMAL);
	}
	ui_lines_free(lines);
}

static void
dl_heading(dlines *d, const char *title)
{
	if (d->n > 0)
		dl_add(d, xstrdup(""), UI_S_NORMAL);
	dl_add(d, xstrdup(title), UI_S_HEADER);
}

/* today's date ("YYYY-MM-DD", SERVDESK_NOW honoured) */
static void
today(char out[11])
{
	char now[17];

	store_now(now);
	snprintf(out, 11, "%.10s", now);
}

static void
equipment_copy(sd_equipment *dst, const sd_equipment *src)
{
	*dst = *src;
	dst->customer = src->customer ? xstrdup(src->customer) : NULL;
	dst->serial = src->serial ? xstrdup(src->serial) : NULL;
	dst->model = src->model ? xstrdup(src->model) : NULL;
	dst->note = src->note ? xstrdup(src->note) : NULL;
}

static int
collect_equipment(const sd_equipment *e, void *arg)
{
	cpane *s = arg;

	s->eq = xrealloc(s->eq, (s->neq + 1) * sizeof *s->eq);
	memset(&s->eq[s->neq], 0, sizeof *s->eq);
	equipment_copy(&s->eq[s->neq].e, e);
	s->neq++;
	return 0;
}

static int
collect_downtime(const sd_downtime *d, void *arg)
{
	eq_info *q = arg;

	q->dt = xrealloc(q->dt, (q->ndt + 1) * sizeof *q->dt);
	q->dt[q->ndt] = *d;
	q->dt[q->ndt].reason = d->reason ? xstrdup(d->reason) : NULL;
	q->ndt++;
	return 0;
}

/* the selected customer in full, loaded when the selection changes */
static void
load_detail(ui_ctx *c, cpane *s)
{
	sd_err err;
	const char *name = sel_name(s);
	sd_date on;

	if (!*name) {
		drop_detail(s);
		return;
	}
	if (s->have_det && strcmp(s->det.name, name) == 0)
		return;
	drop_detail(s);
	sd_err_clear(&err);
	if (customer_get(c->st, name, &s->det, &err) != SD_OK) {
		customer_free(&s->det);
		ui_message(c, true, "%s", err.msg);
		return;
	}
	s->have_det = true;
	sd_err_clear(&err);
	if (equipment_each(c->st, name, collect_equipment, s, &err) != SD_OK && err.msg[0])
		ui_message(c, true, "%s", err.msg);
	today(s->today);
	if (!date_parse(s->today, &on))
		return;
	for (size_t i = 0; i < s->neq; i++) {
		eq_info *q = &s->eq[i];
		sd_err_clear(&err);
		if (equipment_warranty(c->st, q->e.serial, on, &q->w, NULL, &err) == SD_OK)
			q->have_w = true;
		sd_err_clear(&err);
		equipment_downtime_each(c->st, q->e.serial, collect_downtime, q, &err);
	}
}

/* "in warranty until 2026-03-01 (+10 days of downtime)" and the like */
static void
warranty_text(buf *b, const warranty_status *w)
{
	char d[11];

	buf_reset(b);
	buf_puts(b, warranty_tier_name(w->tier));
	if (w->tier == TIER_UNKNOWN) {
		buf_printf(b, " (%s)", _("no acceptance or commissioning date"));
		return;
	}
	if (w->tier_end != SD_DATE_NONE) {
		date_format(w->tier_end, d);
		buf_printf(b, _(", until %s"), d);
	}
	if (w->tier != TIER_WARRANTY && w->end != SD_DATE_NONE) {
		date_format(w->end, d);
		buf_printf(b, _("; warranty ended %s"), d);
	}
	if (w->tier == TIER_WARRANTY && w->downtime_days > 0)
		buf_printf(b, _(" (+%d days of downtime)"), w->downtime_days);
}

static void
build_detail(const cpane *s, int width, dlines *d)
{
	const sd_customer *cu = &s->det;
	const char *labels[] = {
		_("Customer"), _("Region"), _("Key customer"), _("Contact"), _("Phone"),
		_("Address"), _("Warranty"), _("Delivered"), _("Accepted"), _("Commissioned"),
		_("Downtime"), _("Note"),
	};
	int lw = 0;
	buf b = { 0 };

	for (size_t i = 0; i < SD_ARRAY_LEN(labels); i++)
		if (text_width(labels[i]) > lw)
			lw = text_width(labels[i]);
	if (lw > width / 3)
		lw = width / 3;
	dl_field(d, lw, width, labels[0], cu->name);
	dl_field(d, lw, width, labels[1], cu->region);
	dl_field(d, lw, width, labels[2], cu->key_customer ? _("yes") : _("no"));
	dl_field(d, lw, width, labels[3], cu->contact);
	dl_field(d, lw, width, labels[4], cu->phone);
	dl_field(d, lw, width, labels[5], cu->address);

	buf_printf(&b, _("Equipment (%zu), warranty on %s"), s->neq, s->today);
	dl_heading(d, buf_str(&b));
	if (s->neq == 0)
		dl_add(d, xstrdup(_("(none recorded: press n or F5 to add)")), UI_S_NORMAL);
	for (size_t i = 0; i < s->neq; i++) {
		const eq_info *q = &s->eq[i];

		buf_reset(&b);
		buf_puts(&b, q->e.serial ? q->e.serial : "");
		if (q->e.model)
			buf_printf(&b, "  %s", q->e.model);
		if (i > 0)
			dl_add(d, xstrdup(""), UI_S_NORMAL);
		dl_add(d, buf_steal(&b), UI_S_HEADER);
		if (q->have_w) {
			warranty_text(&b, &q->w);
			dl_field(d, lw, width, labels[6], buf_str(&b));
		}
		dl_field(d, lw, width, labels[7], q->e.delivered_on);
		dl_field(d, lw, width, labels[8], q->e.accepted_on);
		dl_field(d, lw, width, labels[9], q->e.commissioned_on);
		dl_field(d, lw, width, labels[11], q->e.note);
		for (size_t k = 0; k < q->ndt; k++) {
			buf_reset(&b);
			buf_printf(&b, "%s..%s", q->dt[k].from_on, q->dt[k].to_on);
			if (q->dt[k].reason)
				buf_printf(&b, " %s", q->dt[k].reason);
			dl_field(d, lw, width, k == 0 ? labels[10] : "", buf_str(&b));
		}
	}
	if (s->neq > 0)
		dl_add(d, xstrdup(_("(w explains the warranty of a piece on any date)")), UI_S_NORMAL);
	buf_free(&b);
}

static void
draw_detail(ui_ctx *c, cpane *s)
{
	ui_rect r = c->detail;
	dlines d = { 0 };
	int y0 = r.y, h = r.h, x0 = r.x + (c->stacked ? 0 : 1), w = r.w - (c->stacked ? 0 : 1);

	if (h < 1 || w < 4)
		return;
	load_detail(c, s);
	if (!s->have_det) {
		ui_clear_rect(r, UI_S_NORMAL);
		return;
	}
	build_detail(s, w, &d);
	s->dlines_n = (int)d.n;
	if (s->dscroll > (int)d.n - h)
		s->dscroll = (int)d.n - h;
	if (s->dscroll < 0)
		s->dscroll = 0;
	for (int i = 0; i < h; i++) {
		size_t k = (size_t)(s->dscroll + i);
		int style = i == 0 && c->detail_focus ? UI_S_FOCUS
		            : k < d.n ? d.l[k].style : UI_S_NORMAL;
		ui_put(y0 + i, x0, w, style, k < d.n ? d.l[k].text : "");
	}
	/* more below, shown as text */
	if (s->dscroll + h < (int)d.n)
		ui_put(y0 + h - 1, x0 + w - 3, 3, UI_S_HEADER, "...");
	dl_free(&d);
}

static void
pane_draw(ui_ctx *c, void *priv)
{
	cpane *s = priv;
	draw_list(c, s);
	draw_detail(c, s);
}

/* ---------------------------------------------------------------- explanation */

/* the keys of the text view (for its key bar) */
static const ui_keydef view_keys[] = {
	{ 1, { 0x1b, 'q', 'x' }, "Esc, q, x", N_("Close"), N_("close the view") },
	{ 2, { UI_FK(KEY_NPAGE), ' ' }, "PgDn, Space", N_("Down"), N_("page down") },
	{ 3, { UI_FK(KEY_PPAGE) }, "PgUp", N_("Up"), N_("page up") },
	{ 4, { UI_FK(KEY_HOME), 'g' }, "Home, g", N_("Top"), N_("first line") },
	{ 5, { UI_FK(KEY_END), 'G' }, "End, G", N_("End"), N_("last line") },
};

/*
 * Show text (UTF-8 lines) over the pane area, scrollable, until Esc, q, x or
 * Enter. Follows resizes.
 */
static void
view_text(ui_ctx *c, const char *title, const char *text)
{
	int top = 0;

	for (;;) {
		char **lines;
		size_t n;

		ui_redraw(c);
		ui_rect r = c->area;
		if (c->too_small || r.h < 3 || r.w < 10) {
			refresh();
		} else {
			ui_clear_rect(r, UI_S_NORMAL);
			ui_put(r.y, r.x, r.w, UI_S_HEADER, title);
			n = ui_wrap(text, r.w - 2, &lines);
			int rows = r.h - 2;
			if (top > (int)n - rows)
				top = (int)n - rows;
			if (top < 0)
				top = 0;
			for (int i = 0; i < rows && top + i < (int)n; i++)
				ui_put(r.y + 1 + i, r.x + 1, r.w - 2, UI_S_NORMAL, lines[top + i]);
			buf foot = { 0 };
			buf_printf(&foot, _("lines %d-%d of %zu; Up/Down/PgUp/PgDn scroll, Esc closes"),
			           n ? top + 1 : 0, top + rows < (int)n ? top + rows : (int)n, n);
			ui_put(r.y + r.h - 1, r.x, r.w, UI_S_STATUS, buf_str(&foot));
			buf_free(&foot);
			ui_lines_free(lines);
			ui_draw_keybar(c->keybar_row, view_keys, SD_ARRAY_LEN(view_keys));
			curs_set(0);
			refresh();
		}
		int k = ui_getkey();
		int page = c->area.h > 4 ? c->area.h - 3 : 1;
		switch (k) {
		case UI_FK(KEY_UP):
		case 'k':
			top--;
			break;
		case UI_FK(KEY_DOWN):
		case 'j':
			top++;
			break;
		case UI_FK(KEY_PPAGE):
		case UI_CTRL('b'):
			top -= page;
			break;
		case UI_FK(KEY_NPAGE):
		case UI_CTRL('f'):
		case ' ':
			top += page;
			break;
		case UI_FK(KEY_HOME):
		case 'g':
			top = 0;
			break;
		case UI_FK(KEY_END):
		case 'G':
			top = 1 << 28;
			break;
		case UI_FK(KEY_RESIZE):
			c->redraw_all = true;
			break;
		case UI_CTRL('l'):
			c->redraw_all = true;
			break;
		case 0x1b:
		case 'q':
		case 'x':
		case '\r':
		case UI_FK(KEY_ENTER):
		case UI_CTRL('c'):
			return;
		default:
			break;
		}
		if (top < 0)
			top = 0;
	}
}

/* ---------------------------------------------------------------- actions */

/* May the person at the desk do action? If not, the reason goes to the status line. */
static bool
permitted(ui_ctx *c, enum sd_action action)
{
	sd_err err;

	sd_err_clear(&err);
	if (staff_permit(c->st, c->user, action, &err) == SD_OK)
		return true;
	ui_message(c, true, "%s", err.msg);
	return false;
}

static bool
need_selection(ui_ctx *c, cpane *s)
{
	load_detail(c, s);
	if (!s->have_det) {
		ui_message(c, true, "%s", _("No customer selected."));
		return false;
	}
	return true;
}

/* reload the selected customer from the database (another desk may have changed it) */
static bool
fresh_detail(ui_ctx *c, cpane *s)
{
	drop_detail(s);
	return need_selection(c, s);
}

/*
 * Choose a piece of the selected customer's equipment: the only one, or one
 * from a pick list. Returns its index in s->eq, or -1 (message set).
 */
static int
pick_equipment(ui_ctx *c, cpane *s, const char *title)
{
	char **items;
	int k;

	if (s->neq == 0) {
		ui_message(c, true, _("No equipment recorded for %s (press n or F5 to add)."),
		           s->det.name);
		return -1;
	}
	if (s->neq == 1)
		return 0;
	items = xmalloc(s->neq * sizeof *items);
	for (size_t i = 0; i < s->neq; i++) {
		buf b = { 0 };
		buf_puts(&b, s->eq[i].e.serial ? s->eq[i].e.serial : "");
		if (s->eq[i].e.model)
			buf_printf(&b, "  %s", s->eq[i].e.model);
		items[i] = text_sanitize(buf_str(&b), false);
		buf_free(&b);
	}
	k = ui_pick(c, title, items, (int)s->neq);
	for (size_t i = 0; i < s->neq; i++)
		free(items[i]);
	free(items);
	if (k < 0)
		ui_message(c, false, "%s", _("Cancelled."));
	return k;
}

enum { FORM_CUSTOMER, FORM_EQUIPMENT, FORM_DOWNTIME };

typedef struct form_job {
	ui_ctx *c;
	cpane *s;
	int kind;
	bool edit;
	sd_customer cbase;      /* the customer as loaded (edit) */
	sd_equipment ebase;     /* the equipment as loaded (edit) */
	char *customer;         /* the owner of the equipment */
	char *serial;           /* the equipment of a downtime */
	char *saved;            /* the name or serial saved */
	bool conflict;          /* refused: changed meanwhile */
	char conflict_msg[1024];
} form_job;

static char *
field_text(ui_form *form, const char *code)
{
	size_t i = ui_form_find(form, code);
	char *v = i == (size_t)-1 ? NULL : ui_form_value(form, i), *t = text_trim(v ? v : "");
	free(v);
	return t;
}

static int
form_fail(ui_form *form, const char *field, const char *msg)
{
	snprintf(form->msg, sizeof form->msg, "%s", msg);
	form->msg_error = true;
	if (field)
		ui_form_focus_code(form, field);
	return SD_DATAERR;
}

/* the field codes of the forms with the words customer.c names them by in messages */
static const struct {
	const char *code, *label;
} field_labels[] = {
	{ "name", N_("name") }, { "region", N_("region") }, { "address", N_("address") },
	{ "contact", N_("contact") }, { "phone", N_("phone") }, { "serial", N_("serial number") },
	{ "model", N_("model") }, { "delivered_on", N_("delivered on") },
	{ "accepted_on", N_("accepted on") }, { "commissioned_on", N_("commissioned on") },
	{ "note", N_("note") }, { "from", N_("from") }, { "to", N_("to") },
	{ "reason", N_("reason") },
};

/* a refusal "field: problem" shown on the form with the cursor on the field */
static int
form_refused(ui_form *form, const char *msg)
{
	const char *field = NULL;

	for (size_t i = 0; i < SD_ARRAY_LEN(field_labels); i++) {
		const char *l = _(field_labels[i].label);
		size_t n = strlen(l);
		if (strncmp(msg, l, n) == 0 && msg[n] == ':' && ui_form_find(form, field_labels[i].code)
		    != (size_t)-1) {
			field = field_labels[i].code;
			break;
		}
	}
	return form_fail(form, field, msg);
}

/* NULL for "" (the stored form of an empty field) */
static char *
or_null(char *s)
{
	if (s && !*s) {
		free(s);
		return NULL;
	}
	return s;
}

static bool
same_text(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

/* Did another desk change the customer since the form opened? (message set) */
static bool
customer_changed(form_job *job)
{
	sd_customer cur;
	sd_err err;
	char who[256];
	const sd_customer *b = &job->cbase;
	bool changed;

	sd_err_clear(&err);
	if (customer_get(job->c->st, b->name, &cur, &err) != SD_OK)
		return false;
	changed = !same_text(cur.region, b->region) || cur.key_customer != b->key_customer
	          || !same_text(cur.address, b->address) || !same_text(cur.contact, b->contact)
	          || !same_text(cur.phone, b->phone);
	customer_free(&cur);
	if (changed) {
		customer_last_change(job->c->st, "customer", b->name, who, sizeof who);
		snprintf(job->conflict_msg, sizeof job->conflict_msg,
		         _("changed meanwhile by %s"), who[0] ? who : "?");
	}
	return changed;
}

static bool
equipment_changed(form_job *job)
{
	sd_equipment cur;
	sd_err err;
	char who[256];
	const sd_equipment *b = &job->ebase;
	bool changed;

	sd_err_clear(&err);
	if (equipment_get(job->c->st, b->serial, &cur, &err) != SD_OK)
		return false;
	changed = !same_text(cur.customer, b->customer) || !same_text(cur.model, b->model)
	          || strcmp(cur.delivered_on, b->delivered_on) != 0
	          || strcmp(cur.accepted_on, b->accepted_on) != 0
	          || strcmp(cur.commissioned_on, b->commissioned_on) != 0
	          || !same_text(cur.note, b->note);
	equipment_free(&cur);
	if (changed) {
		customer_last_change(job->c->st, "equipment", b->serial, who, sizeof who);
		snprintf(job->conflict_msg, sizeof job->conflict_msg,
		         _("changed meanwhile by %s"), who[0] ? who : "?");
	}
	return changed;
}

/* a date field: "" or YYYY-MM-DD (checked again by the store) */
static int
date_field(ui_form *form, const char *code, const char *label, char out[11])
{
	char *t = field_text(form, code);
	sd_date d;

	out[0] = '\0';
	if (*t && (strlen(t) != 10 || !date_parse(t, &d))) {
		char msg[256];
		snprintf(msg, sizeof msg, "%s: %s", label, _("expected a date like 2026-11-24"));
		free(t);
		return form_fail(form, code, msg);
	}
	snprintf(out, 11, "%s", t);
	free(t);
	return SD_OK;
}

static int
save_customer(ui_form *form, form_job *job)
{
	sd_customer cu;
	sd_err err;
	int rc;

	memset(&cu, 0, sizeof cu);
	cu.name = field_text(form, "name");
	if (job->edit && strcmp(cu.name, job->cbase.name) != 0) {
		customer_free(&cu);
		return form_fail(form, "name", _("name: cannot be changed (requests name the customer)"));
	}
	if (!job->edit && *cu.name) {
		sd_customer old;
		sd_err_clear(&err);
		if (customer_get(job->c->st, cu.name, &old, &err) == SD_OK) {
			customer_free(&old);
			customer_free(&cu);
			return form_fail(form, "name", _("name: a customer of this name exists (edit it with e)"));
		}
	}
	cu.region = or_null(field_text(form, "region"));
	cu.key_customer = form->f[ui_form_find(form, "key")].choice == 1;
	cu.address = or_null(field_text(form, "address"));
	cu.contact = or_null(field_text(form, "contact"));
	cu.phone = or_null(field_text(form, "phone"));
	if (job->edit && customer_changed(job)) {
		job->conflict = true;
		customer_free(&cu);
		return SD_OK;
	}
	sd_err_clear(&err);
	rc = customer_put(job->c->st, &cu, &err);
	if (rc == SD_OK)
		job->saved = xstrdup(cu.name);
	customer_free(&cu);
	return rc == SD_OK ? SD_OK : form_refused(form, err.msg);
}

static int
save_equipment(ui_form *form, form_job *job)
{
	sd_equipment e;
	sd_err err;
	int rc;

	memset(&e, 0, sizeof e);
	e.serial = field_text(form, "serial");
	if (job->edit && strcmp(e.serial, job->ebase.serial) != 0) {
		equipment_free(&e);
		return form_fail(form, "serial", _("serial number: cannot be changed"));
	}
	if (!job->edit && *e.serial) {
		sd_equipment old;
		sd_err_clear(&err);
		if (equipment_get(job->c->st, e.serial, &old, &err) == SD_OK) {
			char msg[512];
			snprintf(msg, sizeof msg, _("serial number: already recorded for %s"),
			         old.customer ? old.customer : "?");
			equipment_free(&old);
			equipment_free(&e);
			return form_fail(form, "serial", msg);
		}
	}
	e.customer = xstrdup(job->customer);
	e.model = or_null(field_text(form, "model"));
	if (date_field(form, "delivered_on", _("delivered on"), e.delivered_on) != SD_OK
	    || date_field(form, "accepted_on", _("accepted on"), e.accepted_on) != SD_OK
	    || date_field(form, "commissioned_on", _("commissioned on"), e.commissioned_on) != SD_OK) {
		equipment_free(&e);
		return SD_DATAERR;
	}
	{
		size_t i = ui_form_find(form, "note");
		char *v = ui_form_value(form, i), *t = text_trim(v ? v : "");
		free(v);
		e.note = or_null(t);
	}
	if (job->edit && equipment_changed(job)) {
		job->conflict = true;
		equipment_free(&e);
		return SD_OK;
	}
	sd_err_clear(&err);
	rc = equipment_put(job->c->st, &e, &err);
	if (rc == SD_OK)
		job->saved = xstrdup(e.serial);
	equipment_free(&e);
	return rc == SD_OK ? SD_OK : form_refused(form, err.msg);
}

static int
save_downtime(ui_form *form, form_job *job)
{
	char *from = field_text(form, "from"), *to = field_text(form, "to");
	char *reason = field_text(form, "reason");
	sd_err err;
	int rc;

	sd_err_clear(&err);
	rc = equipment_add_downtime(job->c->st, job->serial, from, to, reason, &err);
	free(from);
	free(to);
	free(reason);
	if (rc == SD_OK) {
		job->saved = xstrdup(job->serial);
		return SD_OK;
	}
	return form_refused(form, err.msg);
}

static int
form_save(ui_form *form, void *arg)
{
	form_job *job = arg;

	switch (job->kind) {
	case FORM_CUSTOMER:
		return save_customer(form, job);
	case FORM_EQUIPMENT:
		return save_equipment(form, job);
	default:
		return save_downtime(form, job);
	}
}

static void
job_free(form_job *job)
{
	customer_free(&job->cbase);
	equipment_free(&job->ebase);
	free(job->customer);
	free(job->serial);
	free(job->saved);
}

/* Run a form; reports a cancel or a conflict. True when something was saved. */
static bool
run_form(ui_ctx *c, ui_form *form, form_job *job)
{
	bool saved = ui_form_run(c, form);

	ui_form_free(form);
	if (!saved) {
		ui_message(c, false, "%s", _("Cancelled."));
		return false;
	}
	if (job->conflict) {
		ui_message(c, true, _("Not saved: %s (the current values are shown)"), job->conflict_msg);
		return false;
	}
	return true;
}

static void
do_customer(ui_ctx *c, cpane *s, bool edit)
{
	ui_form form;
	form_job job;
	char title[256];
	const sd_customer *v;
	sd_customer blank;

	memset(&job, 0, sizeof job);
	memset(&blank, 0, sizeof blank);
	job.c = c;
	job.s = s;
	job.kind = FORM_CUSTOMER;
	job.edit = edit;
	if (edit) {
		if (!fresh_detail(c, s))
			return;
		job.cbase = s->det;
		job.cbase.name = xstrdup(s->det.name);
		job.cbase.region = s->det.region ? xstrdup(s->det.region) : NULL;
		job.cbase.address = s->det.address ? xstrdup(s->det.address) : NULL;
		job.cbase.contact = s->det.contact ? xstrdup(s->det.contact) : NULL;
		job.cbase.phone = s->det.phone ? xstrdup(s->det.phone) : NULL;
		v = &job.cbase;
		char *clean = text_sanitize(v->name, false);
		snprintf(title, sizeof title, _("Edit customer %s"), clean);
		free(clean);
	} else {
		v = &blank;
		snprintf(title, sizeof title, "%s", _("Add a customer"));
	}
	ui_form_init(&form, title);
	form.save = form_save;
	form.arg = &job;
	ui_form_add_text(&form, "name", _("Name"), v->name);
	ui_form_add_text(&form, "region", _("Region"), v->region);
	ui_form_add_choice(&form, "key", _("Key customer"), s->yesno, 2, v->key_customer ? 1 : 0);
	ui_form_add_text(&form, "address", _("Address"), v->address);
	ui_form_add_text(&form, "contact", _("Contact"), v->contact);
	ui_form_add_text(&form, "phone", _("Phone"), v->phone);
	form.focus = edit ? ui_form_find(&form, "region") : 0;
	if (run_form(c, &form, &job)) {
		if (select_name(c, s, job.saved))
			ui_message(c, false, edit ? _("Saved %s.") : _("Added %s."), job.saved);
		else
			ui_message(c, false, _("Saved %s (not in the current list)."), job.saved);
	} else {
		reload_around(c, s);
	}
	job_free(&job);
}

static void
do_equipment(ui_ctx *c, cpane *s, bool edit)
{
	ui_form form;
	form_job job;
	char title[256];
	sd_equipment blank;
	const sd_equipment *v;
	char *who;

	if (!fresh_detail(c, s))
		return;
	memset(&job, 0, sizeof job);
	memset(&blank, 0, sizeof blank);
	job.c = c;
	job.s = s;
	job.kind = FORM_EQUIPMENT;
	job.edit = edit;
	job.customer = xstrdup(s->det.name);
	who = text_sanitize(s->det.name, false);
	if (edit) {
		int k = pick_equipment(c, s, _("Which equipment?"));
		if (k < 0) {
			free(who);
			job_free(&job);
			return;
		}
		equipment_copy(&job.ebase, &s->eq[k].e);
		v = &job.ebase;
		char *serial = text_sanitize(v->serial ? v->serial : "", false);
		snprintf(title, sizeof title, _("Edit equipment %s of %s"), serial, who);
		free(serial);
	} else {
		v = &blank;
		snprintf(title, sizeof title, _("Add equipment for %s"), who);
	}
	free(who);
	ui_form_init(&form, title);
	form.save = form_save;
	form.arg = &job;
	ui_form_add_text(&form, "serial", _("Serial no."), v->serial);
	ui_form_add_text(&form, "model", _("Model"), v->model);
	ui_form_add_text(&form, "delivered_on", _("Delivered"), v->delivered_on);
	ui_form_add_text(&form, "accepted_on", _("Accepted"), v->accepted_on);
	ui_form_add_text(&form, "commissioned_on", _("Commissioned"), v->commissioned_on);
	ui_form_add_area(&form, "note", _("Note"), v->note);
	form.focus = edit ? ui_form_find(&form, "model") : 0;
	if (run_form(c, &form, &job))
		ui_message(c, false, edit ? _("Saved equipment %s.") : _("Added equipment %s."),
		           job.saved);
	/* the count in the list and the detail change */
	reload_around(c, s);
	job_free(&job);
}

static void
do_downtime(ui_ctx *c, cpane *s)
{
	ui_form form;
	form_job job;
	char title[256], day[11];
	int k;

	if (!fresh_detail(c, s))
		return;
	if ((k = pick_equipment(c, s, _("Which equipment?"))) < 0)
		return;
	memset(&job, 0, sizeof job);
	job.c = c;
	job.s = s;
	job.kind = FORM_DOWNTIME;
	job.serial = xstrdup(s->eq[k].e.serial);
	char *serial = text_sanitize(job.serial, false);
	snprintf(title, sizeof title, _("Downtime of %s"), serial);
	free(serial);
	today(day);
	ui_form_init(&form, title);
	form.save = form_save;
	form.arg = &job;
	ui_form_add_text(&form, "from", _("From"), day);
	ui_form_add_text(&form, "to", _("To"), day);
	ui_form_add_text(&form, "reason", _("Reason"), "");
	if (run_form(c, &form, &job))
		ui_message(c, false, _("Downtime of %s recorded."), job.saved);
	reload_around(c, s);
	job_free(&job);
}

static void
do_warranty(ui_ctx *c, cpane *s)
{
	char day[11], *out = NULL, *t, title[256];
	warranty_status w;
	buf b = { 0 };
	sd_err err;
	sd_date on;
	int k;

	if (!fresh_detail(c, s))
		return;
	if ((k = pick_equipment(c, s, _("Which equipment?"))) < 0)
		return;
	today(day);
	if (!ui_prompt(c, _("Warranty on (YYYY-MM-DD):"), day, NULL, NULL, &out)) {
		ui_message(c, false, "%s", _("Cancelled."));
		return;
	}
	t = text_trim(out);
	free(out);
	if (strlen(t) != 10 || !date_parse(t, &on)) {
		ui_message(c, true, _("Not a date: %s (expected YYYY-MM-DD)"), t);
		free(t);
		return;
	}
	const sd_equipment *e = &s->eq[k].e;
	buf_printf(&b, "%s: %s", _("Customer"), s->det.name);
	buf_printf(&b, "\n%s: %s", _("Serial no."), e->serial);
	if (e->model)
		buf_printf(&b, "  %s", e->model);
	buf_printf(&b, "\n%s: %s, %s: %s, %s: %s\n\n", _("Delivered"),
	           e->delivered_on[0] ? e->delivered_on : "-", _("Accepted"),
	           e->accepted_on[0] ? e->accepted_on : "-", _("Commissioned"),
	           e->commissioned_on[0] ? e->commissioned_on : "-");
	sd_err_clear(&err);
	if (equipment_warranty(c->st, e->serial, on, &w, &b, &err) != SD_OK) {
		ui_message(c, true, "%s", err.msg);
	} else {
		char *serial = text_sanitize(e->serial, false);
		snprintf(title, sizeof title, _("Warranty of %s on %s"), serial, t);
		free(serial);
		view_text(c, title, buf_str(&b));
	}
	free(t);
	buf_free(&b);
}

/* ---------------------------------------------------------------- search */

static void
set_search(cpane *s, const char *text)
{
	free(s->search);
	s->search = text && *text ? xstrdup(text) : NULL;
}

static void
live_search(ui_ctx *c, const char *text, void *arg)
{
	cpane *s = arg;

	set_search(s, text);
	drop_detail(s);
	load_edge(c, s, false);
}

static void
do_search(ui_ctx *c, cpane *s)
{
	char *old = s->search ? xstrdup(s->search) : NULL, *out = NULL;

	c->detail_focus = false;
	if (ui_prompt(c, "/", old, live_search, s, &out)) {
		live_search(c, out, s);
		free(out);
	} else {
		live_search(c, NULL, s);
	}
	free(old);
}

static void
pane_describe(ui_ctx *c, void *priv, buf *b)
{
	cpane *s = priv;

	(void)c;
	if (s->search) {
		char *clean = text_sanitize(s->search, false);
		buf_printf(b, "/%s", clean);
		free(clean);
	} else {
		buf_puts(b, _("all"));
	}
	buf_printf(b, "; %s", _("by name"));
}

/* ---------------------------------------------------------------- ops */

static int
pane_init(ui_ctx *c, void *priv)
{
	cpane *s = priv;

	s->sel = -1;
	s->yesno[0] = _("no");
	s->yesno[1] = _("yes");
	load_edge(c, s, false);
	return SD_OK;
}

static void
pane_done(ui_ctx *c, void *priv)
{
	cpane *s = priv;
	(void)c;
	free_range(s, 0, s->n);
	s->n = 0;
	drop_detail(s);
	free(s->search);
	s->search = NULL;
}

static void
pane_reload(ui_ctx *c, void *priv)
{
	reload_around(c, priv);
}

static void
pane_idle(ui_ctx *c, void *priv)
{
	cpane *s = priv;
	if (!s->stale)
		return;
	if (s->redo == REDO_AROUND)
		reload_around(c, s);
	else
		load_edge(c, s, s->redo == REDO_LAST);
}

static void
pane_click(ui_ctx *c, void *priv, int y, int x)
{
	cpane *s = priv;
	ui_rect r = c->list;

	if (y > r.y && y < r.y + r.h && x >= r.x && x < r.x + r.w) {
		int i = s->top + (y - r.y - 1);
		if (i < s->n) {
			s->sel = i;
			c->detail_focus = false;
		}
	} else if (y >= c->detail.y && y < c->detail.y + c->detail.h
	           && x >= c->detail.x && x < c->detail.x + c->detail.w) {
		c->detail_focus = true;
	}
}

static bool
detail_key(ui_ctx *c, cpane *s, int key)
{
	int h = c->detail.h > 1 ? c->detail.h : 1;

	switch (key) {
	case UI_FK(KEY_UP):
	case 'k':
		s->dscroll--;
		break;
	case UI_FK(KEY_DOWN):
	case 'j':
		s->dscroll++;
		break;
	case UI_FK(KEY_PPAGE):
	case UI_CTRL('b'):
		s->dscroll -= h - 1;
		break;
	case UI_FK(KEY_NPAGE):
	case UI_CTRL('f'):
	case ' ':
		s->dscroll += h - 1;
		break;
	case UI_FK(KEY_HOME):
	case 'g':
		s->dscroll = 0;
		break;
	case UI_FK(KEY_END):
	case 'G':
		s->dscroll = s->dlines_n;
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
	if (s->dscroll < 0)
		s->dscroll = 0;
	return true;
}

static bool
pane_key(ui_ctx *c, void *priv, int key)
{
	cpane *s = priv;
	int v = visible_rows(c);

	if (c->detail_focus && detail_key(c, s, key))
		return true;
	switch (ui_key_action(customer_keys, SD_ARRAY_LEN(customer_keys), key)) {
	case ACT_UP:
		move_sel(c, s, -1);
		break;
	case ACT_DOWN:
		move_sel(c, s, 1);
		break;
	case ACT_PGUP:
		move_sel(c, s, -v);
		break;
	case ACT_PGDN:
		move_sel(c, s, v);
		break;
	case ACT_HOME:
		drop_detail(s);
		load_edge(c, s, false);
		break;
	case ACT_END:
		drop_detail(s);
		load_edge(c, s, true);
		break;
	case ACT_DETAIL:
		if (s->n > 0)
			c->detail_focus = true;
		break;
	case ACT_SEARCH:
		do_search(c, s);
		break;
	case ACT_RELOAD:
		reload_around(c, s);
		break;
	case ACT_ADD:
		if (permitted(c, ACT_CUSTOMER_CHANGE))
			do_customer(c, s, false);
		break;
	case ACT_EDIT:
		if (permitted(c, ACT_CUSTOMER_CHANGE))
			do_customer(c, s, true);
		break;
	case ACT_EQ_ADD:
		if (permitted(c, ACT_CUSTOMER_CHANGE))
			do_equipment(c, s, false);
		break;
	case ACT_EQ_EDIT:
		if (permitted(c, ACT_CUSTOMER_CHANGE))
			do_equipment(c, s, true);
		break;
	case ACT_DOWNTIME:
		if (permitted(c, ACT_CUSTOMER_CHANGE))
			do_downtime(c, s);
		break;
	case ACT_WARRANTY:
		/* reading: anyone at the desk may */
		do_warranty(c, s);
		break;
	default:
		return false;
	}
	return true;
}

const ui_pane_ops ui_customer_pane = {
	.name = N_("Customers"),
	.priv_size = sizeof(cpane),
	.init = pane_init,
	.done = pane_done,
	.reload = pane_reload,
	.draw = pane_draw,
	.key = pane_key,
	.click = pane_click,
	.describe = pane_describe,
	.idle = pane_idle,
	.keys = customer_keys,
	.nkeys = SD_ARRAY_LEN(customer_keys),
};
