/*
 * ui-intake.c — the intake register pane (收件登记): a list that pages
 * through the register (only a window of rows around the screen is held),
 * the detail of the selected request, incremental search, filters, sorting,
 * and the actions register, edit, hand over and void.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "buf.h"
#include "intake.h"
#include "ledger.h"
#include "staff.h"
#include "text.h"
#include "ui-pane.h"
#include "ui-form.h"

#define WIN_MAX 400        /* rows held around the screen */
#define CHUNK_MIN 64       /* rows fetched at a time */
#define FIND_MAX 5000      /* rows scanned to select a given request */

enum {
	ACT_UP = 1, ACT_DOWN, ACT_PGUP, ACT_PGDN, ACT_HOME, ACT_END, ACT_DETAIL, ACT_SEARCH,
	ACT_MONTH, ACT_CHANNEL, ACT_STATUS, ACT_SORT, ACT_REVERSE, ACT_ADD, ACT_EDIT, ACT_HAND,
	ACT_VOID, ACT_RELOAD, ACT_TAKE
};

static const ui_keydef intake_keys[] = {
	{ ACT_ADD, { 'a', UI_FK(KEY_F(2)) }, "F2, a", N_("Add"), N_("register a request") },
	{ ACT_EDIT, { 'e', UI_FK(KEY_F(4)) }, "F4, e", N_("Edit"), N_("edit the selected request") },
	{ ACT_HAND, { 'h', UI_FK(KEY_F(5)) }, "F5, h", N_("Hand"), N_("hand over to the technical department") },
	{ ACT_VOID, { 'v', UI_FK(KEY_F(8)) }, "F8, v", N_("Void"), N_("void the selected request (reason required)") },
	{ ACT_TAKE, { 't' }, "t", N_("Take"), N_("take the selected request into the after-sales ledger") },
	{ ACT_SEARCH, { '/' }, "/", N_("Search"), N_("search customer, requester, phone, items (Esc clears)") },
	{ ACT_MONTH, { 'm' }, "m", N_("Month"), N_("filter by month (YYYY-MM; empty for all)") },
	{ ACT_CHANNEL, { 'c' }, "c", NULL, N_("filter by channel (cycles)") },
	{ ACT_STATUS, { 's' }, "s", NULL, N_("filter by status (cycles)") },
	{ ACT_SORT, { 'o' }, "o", N_("Sort"), N_("sort by the next column") },
	{ ACT_REVERSE, { 'O' }, "O", NULL, N_("reverse the sort order") },
	{ ACT_UP, { UI_FK(KEY_UP), 'k' }, "Up, k", NULL, N_("previous request") },
	{ ACT_DOWN, { UI_FK(KEY_DOWN), 'j' }, "Down, j", NULL, N_("next request") },
	{ ACT_PGUP, { UI_FK(KEY_PPAGE), UI_CTRL('b') }, "PgUp, ^B", NULL, N_("page up") },
	{ ACT_PGDN, { UI_FK(KEY_NPAGE), UI_CTRL('f') }, "PgDn, ^F", NULL, N_("page down") },
	{ ACT_HOME, { UI_FK(KEY_HOME), 'g' }, "Home, g", NULL, N_("first request") },
	{ ACT_END, { UI_FK(KEY_END), 'G' }, "End, G", NULL, N_("last request") },
	{ ACT_DETAIL, { '\r', '\t', UI_FK(KEY_ENTER) }, "Enter, Tab", NULL,
	  N_("scroll the detail (Tab or Esc returns to the list)") },
	{ ACT_RELOAD, { 'r' }, "r", NULL, N_("reload the list") },
};

typedef struct intake_state {
	sd_req_query q;
	char *search;              /* owned; q.search points to it */
	sd_req_row win[WIN_MAX];   /* a window of the list, in list order */
	int n;                     /* rows in win */
	int sel;                   /* selected row in win (-1: none) */
	int top;                   /* first row shown */
	bool stale;                /* a query was interrupted: redo `redo` when idle */
	enum { REDO_FIRST, REDO_LAST, REDO_AROUND } redo;
	sd_request det;            /* the selected request in full */
	bool have_det;
	int dscroll;               /* detail scroll offset (lines) */
	int dlines;                /* detail lines at the last draw */
	char *prio_names[4];       /* "P1 ..." choices for the form */
	const char *ch_names[CH_COUNT];
} intake_state;

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
fetch(ui_ctx *c, intake_state *s, enum sd_page_from from, const sd_req_row *anchor,
      int limit, sd_req_row *rows, int *n)
{
	sd_err err;
	int rc;

	sd_err_clear(&err);
	*n = 0;
	if (limit > WIN_MAX / 2)
		limit = WIN_MAX / 2;
	store_set_interrupt(c->st, ui_interrupt_check, c);
	rc = intake_page(c->st, &s->q, from, anchor, limit, rows, n, &err);
	store_set_interrupt(c->st, NULL, NULL);
	if (rc == SD_OK)
		return SD_OK;
	for (int i = 0; i < *n; i++)
		intake_row_free(&rows[i]);
	*n = 0;
	if (is_interrupted(&err))
		return -1;
	ui_message(c, true, "%s", err.msg);
	return rc;
}

static void
free_range(intake_state *s, int from, int to)
{
	for (int i = from; i < to; i++)
		intake_row_free(&s->win[i]);
}

static void
drop_detail(intake_state *s)
{
	if (s->have_det)
		intake_request_free(&s->det);
	s->have_det = false;
	s->dscroll = 0;
}

static void
keep_visible(ui_ctx *c, intake_state *s)
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
set_window(intake_state *s, sd_req_row *rows, int n)
{
	free_range(s, 0, s->n);
	memcpy(s->win, rows, (size_t)n * sizeof *rows);
	s->n = n;
}

static void
load_edge(ui_ctx *c, intake_state *s, bool last)
{
	sd_req_row tmp[WIN_MAX / 2];
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
extend_after(ui_ctx *c, intake_state *s, int want)
{
	sd_req_row tmp[WIN_MAX / 2];
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
extend_before(ui_ctx *c, intake_state *s, int want)
{
	sd_req_row tmp[WIN_MAX / 2];
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
move_sel(ui_ctx *c, intake_state *s, int delta)
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
sel_regno(const intake_state *s)
{
	return s->sel >= 0 && s->sel < s->n ? s->win[s->sel].regno : "";
}

/* look for regno in the window; select it if there */
static bool
select_in_window(ui_ctx *c, intake_state *s, const char *regno)
{
	for (int i = 0; i < s->n; i++)
		if (strcmp(s->win[i].regno, regno) == 0) {
			s->sel = i;
			keep_visible(c, s);
			return true;
		}
	return false;
}

/*
 * Reload the window around the rows shown (after a change or a resize),
 * keeping the selected request selected where it is still in the list.
 */
static void
reload_around(ui_ctx *c, intake_state *s)
{
	sd_req_row prev[1], tmp[WIN_MAX / 2];
	char want[24];
	int np = 0, n, oldsel = s->sel - s->top;

	snprintf(want, sizeof want, "%s", sel_regno(s));
	drop_detail(s);
	if (s->n == 0) {
		load_edge(c, s, false);
		return;
	}
	int rc = fetch(c, s, PAGE_BEFORE, &s->win[s->top], 1, prev, &np);
	if (rc != SD_OK) {
		s->stale = rc == -1;
		s->redo = REDO_AROUND;
		return;
	}
	if (np == 0) {
		load_edge(c, s, false);
	} else {
		rc = fetch(c, s, PAGE_AFTER, &prev[0], chunk(c), tmp, &n);
		if (rc != SD_OK) {
			intake_row_free(&prev[0]);
			s->stale = rc == -1;
			s->redo = REDO_AROUND;
			return;
		}
		set_window(s, tmp, n);
		/* keep the row before as the first, so that Up works at once */
		if (s->n < WIN_MAX) {
			memmove(s->win + 1, s->win, (size_t)s->n * sizeof *s->win);
			s->win[0] = prev[0];
			s->n++;
			s->top = 1;
		} else {
			intake_row_free(&prev[0]);
			s->top = 0;
		}
		s->stale = false;
		s->sel = s->top + oldsel;
		keep_visible(c, s);
	}
	if (want[0])
		select_in_window(c, s, want);
}

/* Load the list from the top and select regno, scanning a bounded number of rows. */
static bool
select_regno(ui_ctx *c, intake_state *s, const char *regno)
{
	int scanned = 0;

	drop_detail(s);
	load_edge(c, s, false);
	while (!select_in_window(c, s, regno)) {
		if (scanned > FIND_MAX)
			return false;
		s->sel = s->n - 1;
		int k = extend_after(c, s, WIN_MAX / 2);
		if (k == 0)
			return false;
		scanned += k;
	}
	return true;
}

/* ---------------------------------------------------------------- drawing */

enum { COL_REGNO, COL_RECEIVED, COL_CHANNEL, COL_PRIO, COL_CUSTOMER, COL_REQUESTER,
       COL_PHONE, COL_ITEM, COL_STATUS, COL_N };

typedef struct col_layout {
	int x[COL_N];
	int w[COL_N];     /* 0: not shown */
} col_layout;

static int
max_name_width(const char *(*name)(int), int n)
{
	int w = 0;
	for (int i = 0; i < n; i++) {
		int k = text_width(name(i));
		if (k > w)
			w = k;
	}
	return w;
}

static void
layout_columns(int width, col_layout *L)
{
	/* widths; 0 for the two flexible columns (customer, first item) */
	int w[COL_N] = {
		[COL_REGNO] = 11, [COL_RECEIVED] = 11, [COL_PRIO] = 2,
		[COL_REQUESTER] = 10, [COL_PHONE] = 13,
	};
	/* the customer keeps room for ten Chinese characters */
	int minw[COL_N] = { [COL_CUSTOMER] = 18, [COL_ITEM] = 10 };
	/* the order in which columns give way on narrow screens (the detail pane shows them all) */
	static const int drop_order[] = { COL_REQUESTER, COL_CHANNEL, COL_PHONE,
	                                  COL_ITEM, COL_RECEIVED };
	bool on[COL_N];
	int total, ncols, extra, x = 0;

	w[COL_CHANNEL] = max_name_width(intake_channel_name, CH_COUNT);
	if (text_width(_("Channel")) > w[COL_CHANNEL])
		w[COL_CHANNEL] = text_width(_("Channel"));
	if (w[COL_CHANNEL] > 8)
		w[COL_CHANNEL] = 8;
	w[COL_STATUS] = max_name_width(intake_status_name, RS_COUNT) + 1;
	if (w[COL_STATUS] > 9)
		w[COL_STATUS] = 9;
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
	w[COL_CUSTOMER] = minw[COL_CUSTOMER];
	w[COL_ITEM] = on[COL_ITEM] ? minw[COL_ITEM] : 0;
	if (on[COL_ITEM]) {
		int give = extra < 16 ? extra : 16;
		w[COL_CUSTOMER] += give;
		w[COL_ITEM] += extra - give;
	} else {
		w[COL_CUSTOMER] += extra;
	}
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
draw_list(ui_ctx *c, intake_state *s)
{
	ui_rect r = c->list;
	col_layout L;
	static const char *const heads[COL_N] = {
		[COL_REGNO] = N_("Reg. no."), [COL_RECEIVED] = N_("Received"),
		[COL_CHANNEL] = N_("Channel"), [COL_PRIO] = N_("Pr"),
		[COL_CUSTOMER] = N_("Customer"), [COL_REQUESTER] = N_("Requester"),
		[COL_PHONE] = N_("Phone"), [COL_ITEM] = N_("First item"),
		[COL_STATUS] = N_("Status"),
	};

	if (r.h < 1 || r.w < 1)
		return;
	layout_columns(r.w, &L);
	ui_put(r.y, r.x, r.w, UI_S_HEADER, "");
	for (int i = 0; i < COL_N; i++)
		draw_cell(r.y, r, &L, i, UI_S_HEADER, _(heads[i]));
	keep_visible(c, s);
	if (s->n == 0) {
		const char *m = s->stale ? _("(searching...)")
		                : (s->search && *s->search) || s->q.month[0] || s->q.channel >= 0
		                  || s->q.status >= 0 ? _("(no requests match)") : _("(no requests yet: press a or F2 to register one)");
		if (r.h > 1)
			ui_put(r.y + 1, r.x, r.w, UI_S_NORMAL, m);
		return;
	}
	for (int i = 0; i < r.h - 1 && s->top + i < s->n; i++) {
		const sd_req_row *row = &s->win[s->top + i];
		bool selected = s->top + i == s->sel;
		int st = selected ? UI_S_SELECTED : row->status == RS_VOID ? UI_S_VOID : UI_S_NORMAL;
		int y = r.y + 1 + i;
		char prio[8], recv[16];
		buf status = { 0 };

		ui_put(y, r.x, r.w, st, "");
		snprintf(prio, sizeof prio, "P%d", row->priority);
		/* "YYYY-MM-DD HH:MM" -> "MM-DD HH:MM" (the register number has the year) */
		snprintf(recv, sizeof recv, "%s", strlen(row->received_at) >= 16 ? row->received_at + 5 : row->received_at);
		buf_printf(&status, "%s%s", intake_status_name(row->status), row->dup ? "*" : "");
		draw_cell(y, r, &L, COL_REGNO, st, row->regno);
		draw_cell(y, r, &L, COL_RECEIVED, st, recv);
		draw_cell(y, r, &L, COL_CHANNEL, st, intake_channel_name(row->channel));
		draw_cell(y, r, &L, COL_PRIO, !selected && row->priority == 1 ? UI_S_URGENT : st, prio);
		draw_cell(y, r, &L, COL_CUSTOMER, st, row->customer);
		draw_cell(y, r, &L, COL_REQUESTER, st, row->requester);
		draw_cell(y, r, &L, COL_PHONE, st, row->phone);
		draw_cell(y, r, &L, COL_ITEM, st, row->first_item);
		draw_cell(y, r, &L, COL_STATUS, st, buf_str(&status));
		buf_free(&status);
	}
}

/* the selected request in full, loaded when the selection changes */
static void
load_detail(ui_ctx *c, intake_state *s)
{
	sd_err err;
	const char *regno = sel_regno(s);

	if (!*regno) {
		drop_detail(s);
		return;
	}
	if (s->have_det && strcmp(s->det.regno, regno) == 0)
		return;
	drop_detail(s);
	intake_request_init(&s->det);
	sd_err_clear(&err);
	if (intake_get(c->st, regno, &s->det, &err) != SD_OK) {
		intake_request_free(&s->det);
		ui_message(c, true, "%s", err.msg);
		return;
	}
	s->have_det = true;
}

typedef struct dlines {
	char **l;
	size_t n, cap;
} dlines;

static void
dl_add(dlines *d, char *line)
{
	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 32;
		d->l = xrealloc(d->l, d->cap * sizeof *d->l);
	}
	d->l[d->n++] = line;
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
		dl_add(d, buf_steal(&b));
	}
	ui_lines_free(lines);
}

static void
build_detail(const intake_state *s, int width, dlines *d)
{
	const sd_request *r = &s->det;
	const char *labels[] = {
		_("Register no."), _("Status"), _("Received at"), _("Channel"), _("Priority"),
		_("Customer"), _("Requester"), _("Phone"), _("Serial no."), _("Received by"),
		_("Handed to"), _("Handed at"), _("Void reason"), _("Duplicate"), _("Fax pages"),
	};
	int lw = 0;
	buf b = { 0 };
	char num[32];

	for (size_t i = 0; i < SD_ARRAY_LEN(labels); i++)
		if (text_width(labels[i]) > lw)
			lw = text_width(labels[i]);
	if (lw > width / 3)
		lw = width / 3;
	dl_field(d, lw, width, labels[0], r->regno);
	buf_puts(&b, intake_status_name(r->status));
	dl_field(d, lw, width, labels[1], buf_str(&b));
	dl_field(d, lw, width, labels[2], r->received_at);
	dl_field(d, lw, width, labels[3], intake_channel_name(r->channel));
	if (r->channel == CH_FAX && r->fax_pages > 0) {
		snprintf(num, sizeof num, "%d", r->fax_pages);
		dl_field(d, lw, width, labels[14], num);
	}
	buf_reset(&b);
	buf_puts(&b, intake_priority_desc(r->priority));
	dl_field(d, lw, width, labels[4], buf_str(&b));
	dl_field(d, lw, width, labels[5], r->customer);
	dl_field(d, lw, width, labels[6], r->requester);
	dl_field(d, lw, width, labels[7], r->phone);
	dl_field(d, lw, width, labels[8], r->serial);
	dl_field(d, lw, width, labels[9], r->received_by);
	dl_field(d, lw, width, labels[10], r->handed_to);
	dl_field(d, lw, width, labels[11], r->handed_at);
	dl_field(d, lw, width, labels[12], r->void_reason);
	if (r->dup_of && *r->dup_of) {
		buf_reset(&b);
		buf_printf(&b, _("* likely duplicate of %s"), r->dup_of);
		dl_field(d, lw, width, labels[13], buf_str(&b));
	}
	dl_add(d, xstrdup(""));
	buf_reset(&b);
	buf_printf(&b, _("Maintenance items (%zu)"), r->nitems);
	dl_add(d, buf_steal(&b));
	for (size_t i = 0; i < r->nitems; i++) {
		snprintf(num, sizeof num, "%zu.", i + 1);
		dl_field(d, 3, width, num, r->items[i]);
	}
	buf_free(&b);
}

static void
draw_detail(ui_ctx *c, intake_state *s)
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
	s->dlines = (int)d.n;
	if (s->dscroll > (int)d.n - h)
		s->dscroll = (int)d.n - h;
	if (s->dscroll < 0)
		s->dscroll = 0;
	for (int i = 0; i < h; i++) {
		size_t k = (size_t)(s->dscroll + i);
		int style = i == 0 && c->detail_focus ? UI_S_FOCUS : UI_S_NORMAL;
		ui_put(y0 + i, x0, w, style, k < d.n ? d.l[k] : "");
	}
	/* more below / above, shown as text */
	if (s->dscroll + h < (int)d.n)
		ui_put(y0 + h - 1, x0 + w - 3, 3, UI_S_HEADER, "...");
	for (size_t i = 0; i < d.n; i++)
		free(d.l[i]);
	free(d.l);
}

static void
intake_draw(ui_ctx *c, void *priv)
{
	intake_state *s = priv;
	draw_list(c, s);
	draw_detail(c, s);
}

/* ---------------------------------------------------------------- forms */

typedef struct form_job {
	ui_ctx *c;
	intake_state *s;
	bool edit;
	sd_request base;        /* the request as loaded (edit) */
	bool conflict;          /* the edit was refused: changed meanwhile */
	char regno[24];         /* the saved request's number */
	char conflict_msg[1024];
} form_job;

static void
form_changed(ui_form *form, void *arg)
{
	size_t ch = ui_form_find(form, "channel"), fp = ui_form_find(form, "fax_pages");
	(void)arg;
	if (ch != (size_t)-1 && fp != (size_t)-1)
		form->f[fp].hidden = form->f[ch].choice != CH_FAX;
}

static void
form_add_item(ui_form *form, void *arg)
{
	int k = 0;
	char label[64];
	(void)arg;
	for (size_t i = 0; i < form->n; i++)
		if (strcmp(form->f[i].code, "items") == 0)
			k++;
	snprintf(label, sizeof label, _("Item %d"), k + 1);
	form->focus = ui_form_add_area(form, "items", label, "");
}

static char *
field_text(ui_form *form, const char *code)
{
	size_t i = ui_form_find(form, code);
	char *v = ui_form_value(form, i), *t = text_trim(v);
	free(v);
	return t;
}

static int
form_fail(ui_form *form, const char *field, const char *msg)
{
	snprintf(form->msg, sizeof form->msg, "%s", msg);
	form->msg_error = true;
	ui_form_focus_code(form, field);
	return SD_DATAERR;
}

static int
form_save(ui_form *form, void *arg)
{
	form_job *job = arg;
	sd_request r;
	sd_err err;
	const char *field = NULL;
	char *t;
	int rc;

	if (job->edit)
		intake_request_copy(&r, &job->base);
	else
		intake_request_init(&r);
	/* the items are rebuilt from the form */
	for (size_t i = 0; i < r.nitems; i++)
		free(r.items[i]);
	free(r.items);
	r.items = NULL;
	r.nitems = 0;

	t = field_text(form, "received_at");
	if (!intake_parse_time(t, r.received_at)) {
		free(t);
		intake_request_free(&r);
		return form_fail(form, "received_at", _("received at: expected YYYY-MM-DD HH:MM"));
	}
	free(t);
	r.channel = form->f[ui_form_find(form, "channel")].choice;
	t = field_text(form, "fax_pages");
	r.fax_pages = 0;
	if (r.channel == CH_FAX && *t) {
		char *end;
		long v = strtol(t, &end, 10);
		if (*end || v < 1 || v > 9999) {
			free(t);
			intake_request_free(&r);
			return form_fail(form, "fax_pages", _("fax pages: expected a whole number from 1"));
		}
		r.fax_pages = (int)v;
	}
	free(t);
#define SET_TEXT(member, code) do { free(r.member); r.member = field_text(form, code); \
		if (!*r.member) { free(r.member); r.member = NULL; } } while (0)
	SET_TEXT(customer, "customer");
	SET_TEXT(requester, "requester");
	SET_TEXT(phone, "phone");
	SET_TEXT(serial, "serial");
#undef SET_TEXT
	r.priority = form->f[ui_form_find(form, "priority")].choice + 1;
	for (size_t i = 0; i < form->n; i++) {
		if (strcmp(form->f[i].code, "items") != 0)
			continue;
		char *v = ui_line_get(&form->f[i].ed), *tv = text_trim(v);
		if (*tv)
			intake_request_add_item(&r, v);   /* an emptied item is dropped */
		free(tv);
		free(v);
	}

	sd_err_clear(&err);
	if (intake_validate(&r, &field, &err) != SD_OK) {
		intake_request_free(&r);
		return form_fail(form, field, err.msg);
	}
	if (job->edit) {
		sd_request cur;
		intake_request_init(&cur);
		rc = intake_update(job->c->st, &r, &cur, &err);
		if (rc != SD_OK && cur.regno[0] && cur.version != job->base.version) {
			/* changed meanwhile: close the form, show the stored values */
			job->conflict = true;
			snprintf(job->conflict_msg, sizeof job->conflict_msg, "%s", err.msg);
			intake_request_free(&cur);
			intake_request_free(&r);
			return SD_OK;
		}
		intake_request_free(&cur);
	} else {
		rc = intake_add(job->c->st, &r, false, &err);
	}
	if (rc != SD_OK) {
		intake_request_free(&r);
		return form_fail(form, NULL, err.msg);
	}
	snprintf(job->regno, sizeof job->regno, "%s", r.regno);
	intake_request_free(&r);
	return SD_OK;
}

static void
build_form(intake_state *s, ui_form *form, const sd_request *r, form_job *job)
{
	char now[17], num[16];

	form->save = form_save;
	form->add = form_add_item;
	form->changed = form_changed;
	form->arg = job;
	if (r->received_at[0]) {
		ui_form_add_text(form, "received_at", _("Received at"), r->received_at);
	} else {
		store_now(now);
		ui_form_add_text(form, "received_at", _("Received at"), now);
	}
	ui_form_add_choice(form, "channel", _("Channel"), s->ch_names, CH_COUNT, r->channel);
	num[0] = '\0';
	if (r->fax_pages > 0)
		snprintf(num, sizeof num, "%d", r->fax_pages);
	ui_form_add_text(form, "fax_pages", _("Fax pages"), num);
	ui_form_add_text(form, "customer", _("Customer"), r->customer);
	ui_form_add_text(form, "requester", _("Requester"), r->requester);
	ui_form_add_text(form, "phone", _("Phone"), r->phone);
	ui_form_add_text(form, "serial", _("Serial no."), r->serial);
	ui_form_add_choice(form, "priority", _("Priority"), (const char **)s->prio_names, 4,
	                   r->priority >= 1 && r->priority <= 4 ? r->priority - 1 : 2);
	for (size_t i = 0; i < r->nitems; i++) {
		char label[64];
		snprintf(label, sizeof label, _("Item %zu"), i + 1);
		ui_form_add_area(form, "items", label, r->items[i]);
	}
	if (r->nitems == 0)
		ui_form_add_area(form, "items", _("Item 1"), "");
	form_changed(form, job);
	/* start where the typing starts */
	ui_form_focus_code(form, r->customer ? "items" : "customer");
	if (!r->customer)
		form->focus = ui_form_find(form, "customer");
}

/* May the person at the desk do action? If not, the reason goes to the status line. */
static bool
permitted(ui_ctx *c, enum sd_action action)
{
	sd_err err;

	if (staff_permit(c->st, c->user, action, &err) == SD_OK)
		return true;
	ui_message(c, true, "%s", err.msg);
	return false;
}

static void
do_add(ui_ctx *c, intake_state *s)
{
	ui_form form;
	form_job job;
	sd_request blank;

	memset(&job, 0, sizeof job);
	job.c = c;
	job.s = s;
	intake_request_init(&blank);
	ui_form_init(&form, _("Register a request"));
	build_form(s, &form, &blank, &job);
	form.focus = ui_form_find(&form, "channel");
	bool saved = ui_form_run(c, &form);
	ui_form_free(&form);
	intake_request_free(&blank);
	if (!saved) {
		ui_message(c, false, "%s", _("Cancelled."));
		return;
	}
	if (select_regno(c, s, job.regno))
		ui_message(c, false, _("Registered %s."), job.regno);
	else
		ui_message(c, false, _("Registered %s (not in the current list)."), job.regno);
}

static bool
need_selection(ui_ctx *c, intake_state *s)
{
	load_detail(c, s);
	if (!s->have_det) {
		ui_message(c, true, "%s", _("No request selected."));
		return false;
	}
	return true;
}

/* reload the selected request from the database (another desk may have changed it) */
static bool
fresh_detail(ui_ctx *c, intake_state *s)
{
	drop_detail(s);
	return need_selection(c, s);
}

static void
do_edit(ui_ctx *c, intake_state *s)
{
	ui_form form;
	form_job job;
	char title[128];

	if (!fresh_detail(c, s))
		return;
	if (s->det.status == RS_VOID) {
		ui_message(c, true, "%s", _("A voided request cannot be edited."));
		return;
	}
	memset(&job, 0, sizeof job);
	job.c = c;
	job.s = s;
	job.edit = true;
	intake_request_copy(&job.base, &s->det);
	snprintf(title, sizeof title, _("Edit request %s"), s->det.regno);
	ui_form_init(&form, title);
	build_form(s, &form, &job.base, &job);
	bool saved = ui_form_run(c, &form);
	ui_form_free(&form);
	if (!saved) {
		ui_message(c, false, "%s", _("Cancelled."));
	} else if (job.conflict) {
		ui_message(c, true, _("Not saved: %s (the current values are shown)"), job.conflict_msg);
	} else {
		ui_message(c, false, _("Saved %s."), job.regno);
	}
	intake_request_free(&job.base);
	reload_around(c, s);
}

typedef struct staff_pick {
	ui_ctx *c;
	char **logins;
	char **lines;
	int n, cap;
} staff_pick;

static int
collect_staff(const sd_staff *m, void *arg)
{
	staff_pick *p = arg;
	buf b = { 0 };

	if (m->role != ROLE_ENGINEER && m->role != ROLE_SUPERVISOR)
		return 0;
	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 16;
		p->logins = xrealloc(p->logins, (size_t)p->cap * sizeof *p->logins);
		p->lines = xrealloc(p->lines, (size_t)p->cap * sizeof *p->lines);
	}
	buf_printf(&b, "%s  %s  (%s)", m->name ? m->name : "", m->login, staff_role_name(m->role));
	p->logins[p->n] = xstrdup(m->login);
	p->lines[p->n] = text_sanitize(buf_str(&b), false);
	p->n++;
	buf_free(&b);
	return 0;
}

static void
do_hand(ui_ctx *c, intake_state *s)
{
	staff_pick p = { c, NULL, NULL, 0, 0 };
	sd_err err;
	char title[128];

	if (!fresh_detail(c, s))
		return;
	if (s->det.status == RS_VOID) {
		ui_message(c, true, "%s", _("A voided request cannot be handed over."));
		return;
	}
	sd_err_clear(&err);
	if (staff_each(c->st, true, collect_staff, &p, &err) != SD_OK && err.msg[0]) {
		ui_message(c, true, "%s", err.msg);
	} else if (p.n == 0) {
		ui_message(c, true, "%s",
		           _("No active engineer or supervisor on the staff list (servdesk staff add)."));
	} else {
		snprintf(title, sizeof title, _("Hand %s to"), s->det.regno);
		int k = ui_pick(c, title, p.lines, p.n);
		if (k < 0) {
			ui_message(c, false, "%s", _("Cancelled."));
		} else if (intake_hand(c->st, s->det.regno, p.logins[k], NULL, s->det.version, &err) != SD_OK) {
			ui_message(c, true, "%s", err.msg);
		} else {
			ui_message(c, false, _("Handed %s to %s."), s->det.regno, p.logins[k]);
		}
	}
	for (int i = 0; i < p.n; i++) {
		free(p.logins[i]);
		free(p.lines[i]);
	}
	free(p.logins);
	free(p.lines);
	reload_around(c, s);
}

static void
do_void(ui_ctx *c, intake_state *s)
{
	char q[256], *reason = NULL, *t;
	sd_err err;

	if (!fresh_detail(c, s))
		return;
	if (s->det.status == RS_VOID) {
		ui_message(c, true, _("%s is already void."), s->det.regno);
		return;
	}
	snprintf(q, sizeof q, _("Void request %s? It keeps its number. (y/n)"), s->det.regno);
	if (!ui_confirm(c, q)) {
		ui_message(c, false, "%s", _("Cancelled."));
		return;
	}
	if (!ui_prompt(c, _("Reason for voiding:"), "", NULL, NULL, &reason)) {
		ui_message(c, false, "%s", _("Cancelled."));
		return;
	}
	t = text_trim(reason);
	free(reason);
	sd_err_clear(&err);
	if (!*t)
		ui_message(c, true, "%s", _("Not voided: a reason is required."));
	else if (intake_void(c->st, s->det.regno, t, s->det.version, &err) != SD_OK)
		ui_message(c, true, "%s", err.msg);
	else
		ui_message(c, false, _("Voided %s."), s->det.regno);
	free(t);
	reload_around(c, s);
}

static void
do_take(ui_ctx *c, intake_state *s)
{
	sd_err err;

	if (!fresh_detail(c, s))
		return;
	sd_err_clear(&err);
	if (ledger_take(c->st, s->det.regno, NULL, &err) != SD_OK) {
		ui_message(c, true, "%s", err.msg);
		return;
	}
	ui_message(c, false, _("Took %s into the ledger."), s->det.regno);
	/* the ledger pane shows the new entry when it is next looked at */
	for (size_t i = 0; i < c->npanes; i++)
		if (c->panes[i] == &ui_ledger_pane && c->privs[i] && c->panes[i]->reload)
			c->panes[i]->reload(c, c->privs[i]);
}

/* ---------------------------------------------------------------- search and filters */

static void
set_search(intake_state *s, const char *text)
{
	free(s->search);
	s->search = text && *text ? xstrdup(text) : NULL;
	s->q.search = s->search;
}

static void
live_search(ui_ctx *c, const char *text, void *arg)
{
	intake_state *s = arg;

	set_search(s, text);
	drop_detail(s);
	load_edge(c, s, false);
}

static void
do_search(ui_ctx *c, intake_state *s)
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
do_month(ui_ctx *c, intake_state *s)
{
	char *out = NULL, cur[8] = "", m[7];

	if (s->q.month[0])
		snprintf(cur, sizeof cur, "%.4s-%.2s", s->q.month, s->q.month + 4);
	if (!ui_prompt(c, _("Month (YYYY-MM, empty for all):"), cur, NULL, NULL, &out))
		return;
	char *t = text_trim(out);
	free(out);
	if (!*t) {
		s->q.month[0] = '\0';
	} else if (intake_parse_month(t, m)) {
		memcpy(s->q.month, m, sizeof s->q.month);
	} else {
		ui_message(c, true, _("Not a month: %s (expected YYYY-MM)"), t);
		free(t);
		return;
	}
	free(t);
	drop_detail(s);
	load_edge(c, s, false);
}

static void
intake_describe(ui_ctx *c, void *priv, buf *b)
{
	intake_state *s = priv;
	bool any = false;

	if (s->q.month[0]) {
		buf_printf(b, _("month %.4s-%.2s"), s->q.month, s->q.month + 4);
		any = true;
	}
	if (s->q.channel >= 0) {
		buf_printf(b, "%s%s", any ? ", " : "", intake_channel_name(s->q.channel));
		any = true;
	}
	if (s->q.status >= 0) {
		buf_printf(b, "%s%s", any ? ", " : "", intake_status_name(s->q.status));
		any = true;
	}
	if (s->search) {
		char *clean = text_sanitize(s->search, false);
		buf_printf(b, "%s/%s", any ? ", " : "", clean);
		free(clean);
		any = true;
	}
	if (!any)
		buf_puts(b, _("all"));
	buf_printf(b, "; %s %s %s", _("sort:"), intake_sort_name(s->q.sort),
	           s->q.desc ? _("desc") : _("asc"));
}

/* ---------------------------------------------------------------- ops */

static int
intake_init(ui_ctx *c, void *priv)
{
	intake_state *s = priv;

	intake_query_init(&s->q);
	s->sel = -1;
	for (int i = 0; i < CH_COUNT; i++)
		s->ch_names[i] = intake_channel_name(i);
	for (int p = 1; p <= 4; p++) {
		buf b = { 0 };
		buf_puts(&b, intake_priority_desc(p));
		s->prio_names[p - 1] = buf_steal(&b);
	}
	load_edge(c, s, false);
	return SD_OK;
}

static void
intake_done(ui_ctx *c, void *priv)
{
	intake_state *s = priv;
	(void)c;
	free_range(s, 0, s->n);
	s->n = 0;
	drop_detail(s);
	free(s->search);
	for (int i = 0; i < 4; i++)
		free(s->prio_names[i]);
}

static void
intake_reload(ui_ctx *c, void *priv)
{
	reload_around(c, priv);
}

static void
intake_idle(ui_ctx *c, void *priv)
{
	intake_state *s = priv;
	if (!s->stale)
		return;
	if (s->redo == REDO_AROUND)
		reload_around(c, s);
	else
		load_edge(c, s, s->redo == REDO_LAST);
}

static void
intake_click(ui_ctx *c, void *priv, int y, int x)
{
	intake_state *s = priv;
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
detail_key(ui_ctx *c, intake_state *s, int key)
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
		s->dscroll = s->dlines;
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
intake_key(ui_ctx *c, void *priv, int key)
{
	intake_state *s = priv;
	int v = visible_rows(c);

	if (c->detail_focus && detail_key(c, s, key))
		return true;
	switch (ui_key_action(intake_keys, SD_ARRAY_LEN(intake_keys), key)) {
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
		load_edge(c, s, false);
		break;
	case ACT_END:
		load_edge(c, s, true);
		break;
	case ACT_DETAIL:
		if (s->n > 0)
			c->detail_focus = true;
		break;
	case ACT_SEARCH:
		do_search(c, s);
		break;
	case ACT_MONTH:
		do_month(c, s);
		break;
	case ACT_CHANNEL:
		s->q.channel = s->q.channel + 1 >= CH_COUNT ? -1 : s->q.channel + 1;
		load_edge(c, s, false);
		break;
	case ACT_STATUS:
		s->q.status = s->q.status + 1 >= RS_COUNT ? -1 : s->q.status + 1;
		load_edge(c, s, false);
		break;
	case ACT_SORT:
		s->q.sort = (s->q.sort + 1) % SORT_COUNT;
		load_edge(c, s, false);
		break;
	case ACT_REVERSE:
		s->q.desc = !s->q.desc;
		load_edge(c, s, false);
		break;
	case ACT_ADD:
		if (permitted(c, ACT_REQUEST_ADD))
			do_add(c, s);
		break;
	case ACT_EDIT:
		if (permitted(c, ACT_REQUEST_EDIT))
			do_edit(c, s);
		break;
	case ACT_HAND:
		if (permitted(c, ACT_REQUEST_HAND))
			do_hand(c, s);
		break;
	case ACT_VOID:
		if (permitted(c, ACT_REQUEST_VOID))
			do_void(c, s);
		break;
	case ACT_RELOAD:
		reload_around(c, s);
		break;
	case ACT_TAKE:
		if (permitted(c, ACT_LEDGER_TAKE))
			do_take(c, s);
		break;
	default:
		return false;
	}
	return true;
}

const ui_pane_ops ui_intake_pane = {
	.name = N_("Requests"),
	.priv_size = sizeof(intake_state),
	.init = intake_init,
	.done = intake_done,
	.reload = intake_reload,
	.draw = intake_draw,
	.key = intake_key,
	.click = intake_click,
	.describe = intake_describe,
	.idle = intake_idle,
	.keys = intake_keys,
	.nkeys = SD_ARRAY_LEN(intake_keys),
};
