/*
 * ui-complaint.c — the complaints pane (投诉): a list that pages through the
 * complaints, newest first (only a window of rows around the screen is
 * held), with an open/closed mark; the whole complaint in the detail part
 * with the state of the linked ledger entry; filters (open only, class); and
 * two actions, each a form: record a complaint, close one out with the
 * handling.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "buf.h"
#include "complaint.h"
#include "datetime.h"
#include "ledger.h"
#include "staff.h"
#include "text.h"
#include "ui-pane.h"
#include "ui-form.h"

#define WIN_MAX 400        /* rows held around the screen */
#define CHUNK_MIN 64       /* rows fetched at a time */
#define FIND_MAX 5000      /* rows scanned to select a given complaint */

enum {
	ACT_UP = 1, ACT_DOWN, ACT_PGUP, ACT_PGDN, ACT_HOME, ACT_END, ACT_DETAIL, ACT_OPEN,
	ACT_CLASS, ACT_RELOAD, ACT_ADD, ACT_CLOSE
};

static const ui_keydef complaint_keys[] = {
	{ ACT_ADD, { 'a', UI_FK(KEY_F(2)) }, "F2, a", N_("Record"),
	  N_("record a complaint") },
	{ ACT_CLOSE, { 'C', UI_FK(KEY_F(8)) }, "F8, C", N_("Close out"),
	  N_("close out the selected complaint (handling required)") },
	{ ACT_OPEN, { 'o' }, "o", N_("Open"), N_("open complaints only (toggles)") },
	{ ACT_CLASS, { 'c' }, "c", N_("Class"), N_("filter by class (cycles)") },
	{ ACT_UP, { UI_FK(KEY_UP), 'k' }, "Up, k", NULL, N_("previous complaint") },
	{ ACT_DOWN, { UI_FK(KEY_DOWN), 'j' }, "Down, j", NULL, N_("next complaint") },
	{ ACT_PGUP, { UI_FK(KEY_PPAGE), UI_CTRL('b') }, "PgUp, ^B", NULL, N_("page up") },
	{ ACT_PGDN, { UI_FK(KEY_NPAGE), UI_CTRL('f') }, "PgDn, ^F", NULL, N_("page down") },
	{ ACT_HOME, { UI_FK(KEY_HOME), 'g' }, "Home, g", NULL, N_("first complaint") },
	{ ACT_END, { UI_FK(KEY_END), 'G' }, "End, G", NULL, N_("last complaint") },
	{ ACT_DETAIL, { '\r', '\t', UI_FK(KEY_ENTER) }, "Enter, Tab", NULL,
	  N_("scroll the detail (Tab or Esc returns to the list)") },
	{ ACT_RELOAD, { 'r' }, "r", NULL, N_("reload the list") },
};

/* the class in the list: short names (the detail and the form give the full ones) */
static const char *const class_short[CC_COUNT] = {
	[CC_QUALITY] = N_("quality"), [CC_NONQUALITY] = N_("non-quality"), [CC_OTHER] = N_("other"),
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

typedef struct cpane {
	bool open_only;            /* filter: open complaints only */
	int cls;                   /* filter: enum sd_complaint_class, -1 all */
	sd_complaint_row win[WIN_MAX];   /* a window of the list, in list order */
	int n;                     /* rows in win */
	int sel;                   /* selected row in win (-1: none) */
	int top;                   /* first row shown */
	bool stale;                /* a query was interrupted: redo `redo` when idle */
	enum { REDO_FIRST, REDO_LAST, REDO_AROUND } redo;
	/* the selected complaint in full, loaded when the selection changes */
	sd_complaint det;
	bool have_det;
	char *ledger_desc;         /* the linked entry: "regno, state" (malloc'd) or NULL */
	char *recv_name, *closed_name;   /* "name (login)" */
	int dscroll;               /* detail scroll offset (lines) */
	int dlines_n;              /* detail lines at the last draw */
	const char *class_names[CC_COUNT];
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
fetch(ui_ctx *c, cpane *s, enum sd_page_from from, const sd_complaint_row *anchor,
      int limit, sd_complaint_row *rows, int *n)
{
	sd_err err;
	int rc;

	sd_err_clear(&err);
	*n = 0;
	if (limit > WIN_MAX / 2)
		limit = WIN_MAX / 2;
	memset(rows, 0, (size_t)limit * sizeof *rows);
	store_set_interrupt(c->st, ui_interrupt_check, c);
	rc = complaint_page(c->st, s->open_only, s->cls, from, anchor, limit, rows, n, &err);
	store_set_interrupt(c->st, NULL, NULL);
	if (rc == SD_OK)
		return SD_OK;
	for (int i = 0; i < *n; i++)
		complaint_row_free(&rows[i]);
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
		complaint_row_free(&s->win[i]);
}

static void
dl_free(dlines *d)
{
	for (size_t i = 0; i < d->n; i++)
		free(d->l[i].text);
	free(d->l);
	memset(d, 0, sizeof *d);
}

static void
drop_detail(cpane *s)
{
	if (s->have_det)
		complaint_free(&s->det);
	s->have_det = false;
	free(s->ledger_desc);
	free(s->recv_name);
	free(s->closed_name);
	s->ledger_desc = s->recv_name = s->closed_name = NULL;
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
set_window(cpane *s, sd_complaint_row *rows, int n)
{
	free_range(s, 0, s->n);
	memcpy(s->win, rows, (size_t)n * sizeof *rows);
	s->n = n;
}

static void
load_edge(ui_ctx *c, cpane *s, bool last)
{
	sd_complaint_row tmp[WIN_MAX / 2];
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
	sd_complaint_row tmp[WIN_MAX / 2];
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
	sd_complaint_row tmp[WIN_MAX / 2];
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

/* the number of the selected complaint, 0 if none */
static long long
sel_id(const cpane *s)
{
	return s->sel >= 0 && s->sel < s->n ? s->win[s->sel].id : 0;
}

/* look for complaint id in the window; select it if there */
static bool
select_in_window(ui_ctx *c, cpane *s, long long id)
{
	for (int i = 0; i < s->n; i++)
		if (s->win[i].id == id) {
			s->sel = i;
			keep_visible(c, s);
			return true;
		}
	return false;
}

/*
 * Reload the window around the rows shown (after a change or a resize),
 * keeping the selected complaint selected where it is still in the list.
 */
static void
reload_around(ui_ctx *c, cpane *s)
{
	sd_complaint_row prev[1], tmp[WIN_MAX / 2];
	long long want = sel_id(s);
	int np = 0, n, oldsel = s->sel - s->top;

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
			complaint_row_free(&prev[0]);
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
			complaint_row_free(&prev[0]);
			s->top = 0;
		}
		s->stale = false;
		s->sel = s->top + oldsel;
		keep_visible(c, s);
	}
	if (want)
		select_in_window(c, s, want);
}

/* Load the list from the top and select complaint id, scanning a bounded number of rows. */
static bool
select_id(ui_ctx *c, cpane *s, long long id)
{
	int scanned = 0;

	drop_detail(s);
	load_edge(c, s, false);
	while (!select_in_window(c, s, id)) {
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

/* ---------------------------------------------------------------- list */

enum { COL_MARK, COL_NO, COL_RECEIVED, COL_CLASS, COL_CUSTOMER, COL_REGNO, COL_DESC, COL_N };

/* the column headings */
static const char *const heads[COL_N] = {
	[COL_MARK] = N_("State"), [COL_NO] = N_("No."), [COL_RECEIVED] = N_("Received"),
	[COL_CLASS] = N_("Class"), [COL_CUSTOMER] = N_("Customer"),
	[COL_REGNO] = N_("Reg. no."), [COL_DESC] = N_("Description"),
};

typedef struct col_layout {
	int x[COL_N];
	int w[COL_N];     /* 0: not shown */
} col_layout;

/* the open/closed mark of a row, as text */
static const char *
row_mark(bool open)
{
	return open ? _("open") : _("closed");
}

static int
cap_width(int w, int lo, int hi)
{
	return w < lo ? lo : w > hi ? hi : w;
}

static void
layout_columns(const cpane *s, int width, col_layout *L)
{
	int w[COL_N] = { [COL_RECEIVED] = 10, [COL_REGNO] = 11 };
	/* the customer keeps room for eight Chinese characters */
	int minw[COL_N] = { [COL_CUSTOMER] = 16, [COL_DESC] = 12 };
	/* the order in which columns give way on narrow screens (the detail shows them all) */
	static const int drop_order[] = { COL_REGNO, COL_CLASS, COL_RECEIVED };
	bool on[COL_N];
	int total, ncols, extra, x = 0, give;
	long long maxid = 0;
	char num[32];

	w[COL_MARK] = text_width(row_mark(true));
	if (text_width(row_mark(false)) > w[COL_MARK])
		w[COL_MARK] = text_width(row_mark(false));
	if (text_width(_(heads[COL_MARK])) > w[COL_MARK])
		w[COL_MARK] = text_width(_(heads[COL_MARK]));
	w[COL_MARK] = cap_width(w[COL_MARK], 2, 8);
	for (int i = 0; i < s->n; i++)
		if (s->win[i].id > maxid)
			maxid = s->win[i].id;
	snprintf(num, sizeof num, "%lld", maxid);
	w[COL_NO] = (int)strlen(num);
	if (text_width(_(heads[COL_NO])) > w[COL_NO])
		w[COL_NO] = text_width(_(heads[COL_NO]));
	w[COL_NO] = cap_width(w[COL_NO], 3, 12);
	w[COL_CLASS] = text_width(_(heads[COL_CLASS]));
	for (int i = 0; i < CC_COUNT; i++)
		if (text_width(_(class_short[i])) > w[COL_CLASS])
			w[COL_CLASS] = text_width(_(class_short[i]));
	w[COL_CLASS] = cap_width(w[COL_CLASS], 4, 12);
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
	w[COL_DESC] = minw[COL_DESC];
	/* the description first, then the time of day, a wider customer, the description again */
	give = extra < 12 ? extra : 12;
	w[COL_DESC] += give;
	extra -= give;
	if (on[COL_RECEIVED] && extra >= 6) {
		w[COL_RECEIVED] += 6;
		extra -= 6;
	}
	give = extra < 12 ? extra : 12;
	w[COL_CUSTOMER] += give;
	extra -= give;
	w[COL_DESC] += extra;
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

static bool
filtered(const cpane *s)
{
	return s->open_only || s->cls >= 0;
}

static void
draw_list(ui_ctx *c, cpane *s)
{
	ui_rect r = c->list;
	col_layout L;

	if (r.h < 1 || r.w < 1)
		return;
	layout_columns(s, r.w, &L);
	ui_put(r.y, r.x, r.w, UI_S_HEADER, "");
	for (int i = 0; i < COL_N; i++)
		draw_cell(r.y, r, &L, i, UI_S_HEADER, _(heads[i]));
	keep_visible(c, s);
	if (s->n == 0) {
		const char *m = s->stale ? _("(searching...)")
		                : filtered(s) ? _("(no complaints match)")
		                : _("(no complaints: press a to record one)");
		if (r.h > 1)
			ui_put(r.y + 1, r.x, r.w, UI_S_NORMAL, m);
		return;
	}
	for (int i = 0; i < r.h - 1 && s->top + i < s->n; i++) {
		const sd_complaint_row *row = &s->win[s->top + i];
		bool selected = s->top + i == s->sel;
		int st = selected ? UI_S_SELECTED : row->open ? UI_S_NORMAL : UI_S_VOID;
		int y = r.y + 1 + i;
		char num[32], recv[17];

		ui_put(y, r.x, r.w, st, "");
		snprintf(num, sizeof num, "%lld", row->id);
		/* the date alone when the column has no room for the time */
		snprintf(recv, sizeof recv, "%s", row->received_at);
		if (L.w[COL_RECEIVED] < 16)
			recv[10] = '\0';
		draw_cell(y, r, &L, COL_MARK, st, row_mark(row->open));
		draw_cell(y, r, &L, COL_NO, st, num);
		draw_cell(y, r, &L, COL_RECEIVED, st, recv);
		draw_cell(y, r, &L, COL_CLASS, st,
		          row->cls >= 0 && row->cls < CC_COUNT ? _(class_short[row->cls]) : "");
		draw_cell(y, r, &L, COL_CUSTOMER, st, row->customer);
		draw_cell(y, r, &L, COL_REGNO, st, row->regno);
		draw_cell(y, r, &L, COL_DESC, st, row->summary);
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

/* "name (login)" of a staff member, or the login alone */
static char *
staff_label(ui_ctx *c, const char *login)
{
	sd_staff m;
	sd_err err;
	buf b = { 0 };

	if (!login || !*login)
		return NULL;
	memset(&m, 0, sizeof m);
	sd_err_clear(&err);
	if (staff_get(c->st, login, &m, &err) == SD_OK && m.name && *m.name && strcmp(m.name, login) != 0)
		buf_printf(&b, "%s (%s)", m.name, login);
	else
		buf_puts(&b, login);
	staff_free(&m);
	return buf_steal(&b);
}

/* the selected complaint in full, loaded when the selection changes */
static void
load_detail(ui_ctx *c, cpane *s)
{
	sd_err err;
	long long id = sel_id(s);

	if (!id) {
		drop_detail(s);
		return;
	}
	if (s->have_det && s->det.id == id)
		return;
	drop_detail(s);
	sd_err_clear(&err);
	if (complaint_get(c->st, id, &s->det, &err) != SD_OK) {
		complaint_free(&s->det);
		ui_message(c, true, "%s", err.msg);
		return;
	}
	s->have_det = true;
	if (s->det.regno && *s->det.regno) {
		sd_ledger l;
		buf b = { 0 };

		memset(&l, 0, sizeof l);
		sd_err_clear(&err);
		buf_puts(&b, s->det.regno);
		if (ledger_get(c->st, s->det.regno, &l, &err) == SD_OK) {
			buf_printf(&b, ", %s", ledger_state_name(l.state));
			if (l.paused)
				buf_printf(&b, " (%s)", _("clocks paused"));
		}
		ledger_free(&l);
		s->ledger_desc = buf_steal(&b);
	}
	s->recv_name = staff_label(c, s->det.received_by);
	s->closed_name = staff_label(c, s->det.closed_by);
}

static void
build_detail(const cpane *s, int width, dlines *d)
{
	const sd_complaint *p = &s->det;
	const char *labels[] = {
		_("Complaint no."), _("State"), _("Class"), _("Customer"), _("Received at"),
		_("Received by"), _("Ledger entry"), _("Order no."), _("Part no."),
		_("Delivery date"), _("Quantity"), _("Defective quantity"), _("Description"),
		_("Handling"), _("Closed at"), _("Closed by"),
	};
	int lw = 0;
	char num[32];
	bool open = !p->closed_at[0];

	for (size_t i = 0; i < SD_ARRAY_LEN(labels); i++)
		if (text_width(labels[i]) > lw)
			lw = text_width(labels[i]);
	if (lw > width / 3)
		lw = width / 3;
	snprintf(num, sizeof num, "%lld", p->id);
	dl_field(d, lw, width, labels[0], num);
	dl_field(d, lw, width, labels[1], row_mark(open));
	dl_field(d, lw, width, labels[2], complaint_class_name(p->cls));
	dl_field(d, lw, width, labels[3], p->customer);
	dl_field(d, lw, width, labels[4], p->received_at);
	dl_field(d, lw, width, labels[5], s->recv_name);
	dl_field(d, lw, width, labels[6], s->ledger_desc);

	dl_heading(d, _("Product"));
	dl_field(d, lw, width, labels[7], p->order_no);
	dl_field(d, lw, width, labels[8], p->part_no);
	dl_field(d, lw, width, labels[9], p->delivered_on);
	if (p->quantity >= 0) {
		snprintf(num, sizeof num, "%d", p->quantity);
		dl_field(d, lw, width, labels[10], num);
	}
	if (p->defective >= 0) {
		snprintf(num, sizeof num, "%d", p->defective);
		dl_field(d, lw, width, labels[11], num);
	}

	dl_heading(d, labels[12]);
	dl_field(d, 0, width, "", p->description);

	dl_heading(d, _("Close-out"));
	if (open) {
		dl_add(d, xstrdup(_("(open: C closes it out with the handling)")), UI_S_NORMAL);
	} else {
		dl_field(d, lw, width, labels[14], p->closed_at);
		dl_field(d, lw, width, labels[15], s->closed_name);
		dl_field(d, lw, width, labels[13], p->handling);
	}
	if (open && p->handling && *p->handling)
		dl_field(d, lw, width, labels[13], p->handling);
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

enum { FORM_ADD, FORM_CLOSE };

typedef struct form_job {
	ui_ctx *c;
	cpane *s;
	int kind;
	long long id;           /* the complaint recorded or closed out */
	bool conflict;          /* refused: closed out meanwhile */
	char conflict_msg[1024];
} form_job;

static char *
field_text(ui_form *form, const char *code)
{
	size_t i = ui_form_find(form, code);
	char *v = ui_form_value(form, i), *t = text_trim(v ? v : "");
	free(v);
	return t;
}

static int
form_choice(ui_form *form, const char *code)
{
	size_t i = ui_form_find(form, code);
	return i == (size_t)-1 ? -1 : form->f[i].choice;
}

static int
form_fail(ui_form *form, const char *field, const char *msg)
{
	snprintf(form->msg, sizeof form->msg, "%s", msg);
	form->msg_error = true;
	ui_form_focus_code(form, field);
	return SD_DATAERR;
}

/* The form field a "field: problem" message of complaint.c names, or NULL. */
static const char *
field_of(const char *msg)
{
	const struct {
		const char *label, *code;
	} map[] = {
		{ _("customer"), "customer" }, { _("class"), "class" },
		{ _("ledger entry"), "regno" }, { _("order number"), "order_no" },
		{ _("part number"), "part_no" }, { _("delivery date"), "delivered" },
		{ _("quantity"), "quantity" }, { _("defective quantity"), "defective" },
		{ _("description"), "description" }, { _("handling"), "handling" },
	};

	for (size_t i = 0; i < SD_ARRAY_LEN(map); i++) {
		size_t k = strlen(map[i].label);
		if (strncmp(msg, map[i].label, k) == 0 && msg[k] == ':')
			return map[i].code;
	}
	return NULL;
}

/* A count from the form: "" is -1 (not given); false if not a whole number from 0. */
static bool
parse_count(const char *t, int *out)
{
	char *end;
	long v;

	*out = -1;
	if (!*t)
		return true;
	errno = 0;
	v = strtol(t, &end, 10);
	if (errno || end == t || *end || v < 0 || v > 100000000)
		return false;
	*out = (int)v;
	return true;
}

static int
save_add(ui_form *form, form_job *job)
{
	store *st = job->c->st;
	sd_complaint cp;
	sd_err err;
	char *t;
	int rc;

	memset(&cp, 0, sizeof cp);
	cp.cls = form_choice(form, "class");
	cp.customer = field_text(form, "customer");
	cp.regno = field_text(form, "regno");
	cp.order_no = field_text(form, "order_no");
	cp.part_no = field_text(form, "part_no");
	cp.description = field_text(form, "description");

	/* the linked ledger entry must exist; its customer is the default */
	if (*cp.regno) {
		sd_ledger l;

		memset(&l, 0, sizeof l);
		sd_err_clear(&err);
		rc = ledger_get(st, cp.regno, &l, &err);
		if (rc == SD_OK && !*cp.customer && l.customer) {
			free(cp.customer);
			cp.customer = xstrdup(l.customer);
		}
		ledger_free(&l);
		if (rc != SD_OK) {
			char msg[1024];
			if (rc == SD_DATAERR)
				snprintf(msg, sizeof msg, _("ledger entry: %s is not in the after-sales ledger"),
				         cp.regno);
			else
				snprintf(msg, sizeof msg, "%s", err.msg);
			complaint_free(&cp);
			return form_fail(form, "regno", msg);
		}
	}
	if (!*cp.customer) {
		complaint_free(&cp);
		return form_fail(form, "customer", _("customer: required"));
	}
	t = field_text(form, "delivered");
	if (*t) {
		sd_date d;
		if (strlen(t) >= sizeof cp.delivered_on || !date_parse(t, &d)) {
			char msg[256];
			free(t);
			complaint_free(&cp);
			snprintf(msg, sizeof msg, "%s: %s", _("delivery date"),
			         _("expected a date like 2026-11-24"));
			return form_fail(form, "delivered", msg);
		}
		snprintf(cp.delivered_on, sizeof cp.delivered_on, "%s", t);
	}
	free(t);
	t = field_text(form, "quantity");
	if (!parse_count(t, &cp.quantity)) {
		free(t);
		complaint_free(&cp);
		return form_fail(form, "quantity", _("quantity: expected a whole number (0 or more)"));
	}
	free(t);
	t = field_text(form, "defective");
	if (!parse_count(t, &cp.defective)) {
		free(t);
		complaint_free(&cp);
		return form_fail(form, "defective",
		                 _("defective quantity: expected a whole number (0 or more)"));
	}
	free(t);
	if (!*cp.description) {
		complaint_free(&cp);
		return form_fail(form, "description", _("description: required"));
	}
	sd_err_clear(&err);
	rc = complaint_add(st, &cp, &err);
	if (rc != SD_OK) {
		complaint_free(&cp);
		return form_fail(form, field_of(err.msg), err.msg);
	}
	job->id = cp.id;
	complaint_free(&cp);
	return SD_OK;
}

/* Is complaint id closed out (as stored now)? */
static bool
closed_now(ui_ctx *c, long long id)
{
	sd_complaint p;
	sd_err err;
	bool closed = false;

	sd_err_clear(&err);
	if (complaint_get(c->st, id, &p, &err) == SD_OK)
		closed = p.closed_at[0] != '\0';
	complaint_free(&p);
	return closed;
}

static int
save_close(ui_form *form, form_job *job)
{
	char *handling = field_text(form, "handling");
	sd_err err;
	int rc;

	if (!*handling) {
		free(handling);
		return form_fail(form, "handling", _("handling: required (how the complaint was handled)"));
	}
	sd_err_clear(&err);
	rc = complaint_close(job->c->st, job->id, handling, &err);
	free(handling);
	if (rc == SD_OK)
		return SD_OK;
	if (closed_now(job->c, job->id)) {
		/* closed out meanwhile at another desk: close the form, show the stored values */
		job->conflict = true;
		snprintf(job->conflict_msg, sizeof job->conflict_msg, "%s", err.msg);
		return SD_OK;
	}
	return form_fail(form, field_of(err.msg), err.msg);
}

static int
form_save(ui_form *form, void *arg)
{
	form_job *job = arg;

	return job->kind == FORM_ADD ? save_add(form, job) : save_close(form, job);
}

static void
do_add(ui_ctx *c, cpane *s)
{
	ui_form form;
	form_job job;

	memset(&job, 0, sizeof job);
	job.c = c;
	job.s = s;
	job.kind = FORM_ADD;
	ui_form_init(&form, _("Record a complaint"));
	form.save = form_save;
	form.arg = &job;
	ui_form_add_text(&form, "customer", _("Customer"), "");
	ui_form_add_choice(&form, "class", _("Class"), s->class_names, CC_COUNT, CC_QUALITY);
	ui_form_add_text(&form, "regno", _("Ledger entry (reg. no.)"), "");
	ui_form_add_text(&form, "order_no", _("Order no."), "");
	ui_form_add_text(&form, "part_no", _("Part no."), "");
	ui_form_add_text(&form, "delivered", _("Delivery date"), "");
	ui_form_add_text(&form, "quantity", _("Quantity"), "");
	ui_form_add_text(&form, "defective", _("Defective quantity"), "");
	ui_form_add_area(&form, "description", _("Description"), "");
	form.focus = ui_form_find(&form, "customer");
	bool saved = ui_form_run(c, &form);
	ui_form_free(&form);
	if (!saved) {
		ui_message(c, false, "%s", _("Cancelled."));
		return;
	}
	c->detail_focus = false;
	if (select_id(c, s, job.id))
		ui_message(c, false, _("Recorded complaint %lld."), job.id);
	else
		ui_message(c, false, _("Recorded complaint %lld (not in the current list)."), job.id);
}

static void
do_close(ui_ctx *c, cpane *s)
{
	ui_form form;
	form_job job;
	char title[128];

	/* read it again: another desk may have closed it out */
	drop_detail(s);
	load_detail(c, s);
	if (!s->have_det) {
		if (!c->msg[0])
			ui_message(c, true, "%s", _("No complaint selected."));
		return;
	}
	if (s->det.closed_at[0]) {
		ui_message(c, true, _("complaint %lld is already closed (%s)"), s->det.id,
		           s->det.closed_at);
		return;
	}
	memset(&job, 0, sizeof job);
	job.c = c;
	job.s = s;
	job.kind = FORM_CLOSE;
	job.id = s->det.id;
	snprintf(title, sizeof title, _("Close out complaint %lld"), job.id);
	ui_form_init(&form, title);
	form.save = form_save;
	form.arg = &job;
	ui_form_add_area(&form, "handling", _("Handling"), s->det.handling);
	form.focus = ui_form_find(&form, "handling");
	bool saved = ui_form_run(c, &form);
	ui_form_free(&form);
	if (!saved)
		ui_message(c, false, "%s", _("Cancelled."));
	else if (job.conflict)
		ui_message(c, true, _("Not saved: %s (the current values are shown)"), job.conflict_msg);
	else
		ui_message(c, false, _("Closed out complaint %lld."), job.id);
	/* the complaint stays selected where it still belongs to the list */
	reload_around(c, s);
}

/* ---------------------------------------------------------------- filters */

static void
pane_describe(ui_ctx *c, void *priv, buf *b)
{
	cpane *s = priv;
	bool any = false;

	(void)c;
	if (s->cls >= 0) {
		buf_puts(b, complaint_class_name(s->cls));
		any = true;
	}
	if (s->open_only) {
		buf_printf(b, "%s%s", any ? ", " : "", _("open"));
		any = true;
	}
	if (!any)
		buf_puts(b, _("all"));
	buf_printf(b, "; %s", _("newest first"));
}

static void
refilter(ui_ctx *c, cpane *s)
{
	drop_detail(s);
	c->detail_focus = false;
	load_edge(c, s, false);
}

/* ---------------------------------------------------------------- ops */

static int
pane_init(ui_ctx *c, void *priv)
{
	cpane *s = priv;

	s->cls = -1;
	s->sel = -1;
	for (int i = 0; i < CC_COUNT; i++)
		s->class_names[i] = complaint_class_name(i);
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
	switch (ui_key_action(complaint_keys, SD_ARRAY_LEN(complaint_keys), key)) {
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
	case ACT_OPEN:
		s->open_only = !s->open_only;
		refilter(c, s);
		break;
	case ACT_CLASS:
		s->cls = s->cls + 1 >= CC_COUNT ? -1 : s->cls + 1;
		refilter(c, s);
		break;
	case ACT_RELOAD:
		reload_around(c, s);
		break;
	case ACT_ADD:
		if (permitted(c, ACT_COMPLAINT))
			do_add(c, s);
		break;
	case ACT_CLOSE:
		if (permitted(c, ACT_COMPLAINT))
			do_close(c, s);
		break;
	default:
		return false;
	}
	return true;
}

const ui_pane_ops ui_complaint_pane = {
	.name = N_("Complaints"),
	.priv_size = sizeof(cpane),
	.init = pane_init,
	.done = pane_done,
	.reload = pane_reload,
	.draw = pane_draw,
	.key = pane_key,
	.click = pane_click,
	.describe = pane_describe,
	.idle = pane_idle,
	.keys = complaint_keys,
	.nkeys = SD_ARRAY_LEN(complaint_keys),
};
