/*
 * ui-visit.c — the follow-up visits pane (回访): lists of the visits due
 * today, this week, overdue, all planned, all, and those of one day (paged
 * through the database, only a window of rows around the screen held), the
 * visit in full in the detail part; and a month calendar, one cell per day
 * (Monday to Sunday), each with the day's number, its count of visits by kind
 * and marks for today, overdue visits and days off, filled from one grouped
 * query per month (visit_month). Actions: record a visit done (method, what
 * was found, satisfaction, the customer's own words), missed, cancelled with
 * a reason, moved to a date, assigned to an engineer, added by hand; a visit
 * that found a fault opens an intake request in one step; a supervisor may
 * run the planning.
 */
#include "config.h"

#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "buf.h"
#include "customer.h"
#include "datetime.h"
#include "intake.h"
#include "ledger.h"
#include "staff.h"
#include "store.h"
#include "text.h"
#include "visit.h"
#include "workcal.h"
#include "ui-pane.h"
#include "ui-form.h"
#include "ui-list.h"

enum {
	ACT_CALENDAR = UI_LIST_ACTIONS, ACT_TODAY, ACT_WEEK, ACT_OVERDUE, ACT_PLANNED, ACT_ALL,
	ACT_ENGINEER, ACT_CUSTOMER, ACT_RELOAD, ACT_DONE, ACT_MISS, ACT_CANCEL, ACT_MOVE, ACT_ASSIGN, ACT_ADD,
	ACT_FAULT, ACT_PLAN, ACT_LEFT, ACT_RIGHT, ACT_PREV_MONTH, ACT_NEXT_MONTH, ACT_BACK
};

static const ui_keydef visit_keys[] = {
	{ ACT_CALENDAR, { 'c', UI_FK(KEY_F(5)) }, "F5, c", N_("Month view"),
	  N_("the month calendar: visits per day (again: back to the list)") },
	{ ACT_DONE, { 'd', UI_FK(KEY_F(4)) }, "F4, d", N_("Done"),
	  N_("record the selected visit as done (method, findings, satisfaction, comments)") },
	{ ACT_MISS, { 'm' }, "m", N_("Missed"),
	  N_("record the selected visit as missed (the customer could not be reached)") },
	{ ACT_FAULT, { 'f', UI_FK(KEY_F(7)) }, "F7, f", N_("Fault"),
	  N_("the visit found a fault: register a request from it in one step") },
	{ ACT_CANCEL, { 'x', UI_FK(KEY_F(8)) }, "F8, x", N_("Cancel"),
	  N_("cancel the selected visit (a reason is required)") },
	{ ACT_MOVE, { 'M' }, "M", NULL, N_("move the selected visit to another date") },
	{ ACT_ASSIGN, { 'e' }, "e", NULL, N_("assign the selected visit to an engineer") },
	{ ACT_ADD, { 'a', UI_FK(KEY_F(2)) }, "F2, a", N_("New visit"), N_("add a visit by hand") },
	{ ACT_TODAY, { 't' }, "t", NULL, N_("list the planned visits due today") },
	{ ACT_WEEK, { 'w' }, "w", NULL, N_("list the visits due this week (Monday to Sunday)") },
	{ ACT_OVERDUE, { 'o' }, "o", NULL, N_("list the planned visits due before today (overdue)") },
	{ ACT_PLANNED, { 'p' }, "p", NULL, N_("list every planned visit") },
	{ ACT_ALL, { 'A' }, "A", NULL, N_("list every visit, whatever its status") },
	{ ACT_ENGINEER, { 'E' }, "E", NULL,
	  N_("only the visits of one engineer (pick one; again: everyone's)") },
	{ ACT_CUSTOMER, { 'C' }, "C", NULL,
	  N_("only the visits of one customer in the lists (its name; empty: every customer's)") },
	{ ACT_PLAN, { 'P' }, "P", NULL,
	  N_("plan the rules' visits now, up to a date (supervisor)") },
	UI_LIST_KEYS(N_("previous visit; calendar: the week before"),
	             N_("next visit; calendar: the week after"),
	             N_("first visit; calendar: today"), N_("last visit; calendar: the month's last day")),
	{ ACT_LEFT, { UI_FK(KEY_LEFT), 'h' }, "Left, h", NULL, N_("calendar: the day before") },
	{ ACT_RIGHT, { UI_FK(KEY_RIGHT), 'l' }, "Right, l", NULL, N_("calendar: the day after") },
	{ ACT_PREV_MONTH, { '[' }, "[", NULL, N_("calendar: the month before (also PgUp)") },
	{ ACT_NEXT_MONTH, { ']' }, "]", NULL,
	  N_("calendar: the month after (also PgDn); Enter lists the selected day's visits") },
	{ ACT_BACK, { 0x1b, UI_FK(KEY_BACKSPACE) }, "Esc", NULL,
	  N_("the visits of a day: back to the calendar") },
	{ ACT_RELOAD, { 'r' }, "r", NULL, N_("reload") },
};

/* What the list part shows. */
enum pane_view { PV_DUE, PV_WEEK, PV_OVERDUE, PV_PLANNED, PV_ALL, PV_DAY, PV_COUNT };

/* the calendar's cells are at most this high */
#define CELL_MAX_H 4

typedef struct vpane {
	ui_list list;              /* the visits: a window of rows of sd_visit_row */
	int view;                  /* enum pane_view */
	bool calendar;             /* the month calendar is shown instead of the list */
	sd_date sel_day;           /* calendar: the selected day */
	sd_date list_day;          /* PV_DAY: the day listed */
	char *engineer;            /* filter: this engineer's visits only (owned), or NULL */
	long long customer_id;     /* filter of the lists: this customer's visits only, or 0 */
	char *customer;            /* its name (owned), or NULL */
	/* the month of sel_day, as counted (visit_month) */
	sd_visit_day days[31];
	int ndays;
	int month_y, month_m;      /* the month counted; 0 when the counts are to be read */
	/* where the calendar was last drawn, for mouse clicks */
	int grid_y, grid_h, cell_h, top_week, nweeks;
	ui_rect grid;
	/* the selected visit in full, loaded when the selection changes */
	sd_visit det;
	bool have_det;
	char *eng_name;            /* "name (login)" of its engineer */
	char *origin_status;       /* the linked request's status, or NULL */
	const char *method_names[VM_COUNT];
	const char *kind_names[VK_COUNT];
	const char *prio_names[4];
} vpane;

_Static_assert(offsetof(vpane, list) == 0, "the list comes first");

/* ---------------------------------------------------------------- names */

/* The one-character sign of a kind in the calendar's cells (its legend in the detail). */
static const char *
kind_letter(int kind)
{
	switch (kind) {
	case VK_PHONE_FOLLOWUP: return C_("visit kind, one letter", "P");
	case VK_MAINTENANCE:    return C_("visit kind, one letter", "M");
	case VK_SURVEY:         return C_("visit kind, one letter", "S");
	case VK_KEY_CUSTOMER:   return C_("visit kind, one letter", "K");
	case VK_QUALITY_CALL:   return C_("visit kind, one letter", "Q");
	case VK_MANUAL:         return C_("visit kind, one letter", "O");
	default:                return "?";
	}
}

/* The kind in the list: short names (the detail gives the full ones). */
static const char *
kind_short(int kind)
{
	switch (kind) {
	case VK_PHONE_FOLLOWUP: return C_("visit kind, short", "follow-up");
	case VK_MAINTENANCE:    return C_("visit kind, short", "maintenance");
	case VK_SURVEY:         return C_("visit kind, short", "survey");
	case VK_KEY_CUSTOMER:   return C_("visit kind, short", "key customer");
	case VK_QUALITY_CALL:   return C_("visit kind, short", "quality call");
	case VK_MANUAL:         return C_("visit kind, short", "other");
	default:                return "?";
	}
}

/* The calendar's weekday headings, Monday first. */
static const char *
weekday_short(int i)
{
	switch (i) {
	case 0:  return C_("weekday, short", "Mon");
	case 1:  return C_("weekday, short", "Tue");
	case 2:  return C_("weekday, short", "Wed");
	case 3:  return C_("weekday, short", "Thu");
	case 4:  return C_("weekday, short", "Fri");
	case 5:  return C_("weekday, short", "Sat");
	default: return C_("weekday, short", "Sun");
	}
}

static const char *
month_name(int m)
{
	static const char *const names[12] = {
		N_("January"), N_("February"), N_("March"), N_("April"), N_("May"), N_("June"),
		N_("July"), N_("August"), N_("September"), N_("October"), N_("November"),
		N_("December"),
	};
	return m >= 1 && m <= 12 ? _(names[m - 1]) : "?";
}

static const char *
daykind_name(enum sd_daykind k)
{
	switch (k) {
	case DAY_WEEKEND:       return _("weekend");
	case DAY_HOLIDAY:       return _("public holiday");
	case DAY_ADJUSTED_WORK: return _("working day in exchange (adjusted)");
	default:                return _("working day");
	}
}

static const char *
view_name(const vpane *s)
{
	switch (s->view) {
	case PV_DUE:     return _("due today");
	case PV_WEEK:    return _("due this week");
	case PV_OVERDUE: return C_("visits", "overdue");
	case PV_PLANNED: return _("all planned");
	case PV_ALL:     return _("all visits");
	default:         return _("one day");
	}
}

/* The status shown in the list: its name, with the overdue mark. */
static void
status_text(const sd_visit_row *r, char *out, size_t size)
{
	if (r->overdue)
		snprintf(out, size, "%s %s", visit_status_name(r->status), _("overdue!"));
	else
		snprintf(out, size, "%s", visit_status_name(r->status));
}

/* ---------------------------------------------------------------- paging */

static void
make_query(const vpane *s, sd_visit_query *q)
{
	memset(q, 0, sizeof *q);
	q->engineer = s->engineer;
	q->customer_id = s->customer_id;
	switch (s->view) {
	case PV_DUE:     q->view = VV_DUE; break;
	case PV_WEEK:    q->view = VV_WEEK; break;
	case PV_OVERDUE: q->view = VV_OVERDUE; break;
	case PV_PLANNED: q->view = VV_ALL; q->status = VS_PLANNED + 1; break;
	case PV_ALL:     q->view = VV_ALL; break;
	default:
		q->view = VV_DAY;
		date_format(s->list_day, q->day);
		break;
	}
}

static int
fetch_rows(ui_ctx *c, void *owner, enum sd_page_from from, const void *anchor, int limit,
           void *rows, int *n, sd_err *err)
{
	vpane *s = owner;
	sd_visit_query q;

	make_query(s, &q);
	return visit_page(c->st, &q, from, anchor, limit, rows, n, err);
}

static void
free_row(void *row)
{
	visit_row_free(row);
}

/* a visit is known by its number */
static const char *
row_ident(const void *row, char *scratch, size_t size)
{
	snprintf(scratch, size, "%lld", ((const sd_visit_row *)row)->id);
	return scratch;
}

/* forget the selected visit in full (the list's forget callback too) */
static void
drop_detail(void *owner)
{
	vpane *s = owner;

	if (s->have_det)
		visit_free(&s->det);
	s->have_det = false;
	free(s->eng_name);
	free(s->origin_status);
	s->eng_name = s->origin_status = NULL;
	s->list.dscroll = 0;
}

static long long
sel_id(const vpane *s)
{
	const sd_visit_row *row = ui_list_selected(&s->list);
	return row ? row->id : 0;
}

/* ---------------------------------------------------------------- list */

enum { COL_NO, COL_DUE, COL_KIND, COL_CUSTOMER, COL_SERIAL, COL_ENGINEER, COL_STATUS, COL_N };

static const char *const heads[COL_N] = {
	[COL_NO] = N_("No."), [COL_DUE] = N_("Due"), [COL_KIND] = N_("Kind"),
	[COL_CUSTOMER] = N_("Customer"), [COL_SERIAL] = N_("Serial no."),
	[COL_ENGINEER] = N_("Engineer"), [COL_STATUS] = N_("Status"),
};

static int
cap_width(int w, int lo, int hi)
{
	return w < lo ? lo : w > hi ? hi : w;
}

static int
head_or(int col, int w)
{
	int h = text_width(_(heads[col]));
	return h > w ? h : w;
}

static void
layout_columns(void *owner, int width, ui_cols *L)
{
	const vpane *s = owner;
	int w[COL_N] = { [COL_DUE] = 10 };
	int minw[COL_N] = { [COL_CUSTOMER] = 14 };
	/* the order in which columns give way on narrow screens (the detail shows them all) */
	static const int drop_order[] = { COL_SERIAL, COL_ENGINEER, COL_NO, COL_KIND };
	bool on[COL_N];
	long long maxid = 0;
	int extra, give, ws = 0, we = 0, wser = 0;
	char num[32];

	for (int i = 0; i < s->list.n; i++) {
		const sd_visit_row *row = ui_list_row(&s->list, i);
		char st[96];

		if (row->id > maxid)
			maxid = row->id;
		status_text(row, st, sizeof st);
		if (text_width(st) > ws)
			ws = text_width(st);
		if (row->engineer && text_width(row->engineer) > we)
			we = text_width(row->engineer);
		if (row->serial && text_width(row->serial) > wser)
			wser = text_width(row->serial);
	}
	snprintf(num, sizeof num, "%lld", maxid);
	w[COL_NO] = cap_width(head_or(COL_NO, (int)strlen(num)), 3, 10);
	w[COL_KIND] = 0;
	for (int k = 0; k < VK_COUNT; k++)
		if (text_width(kind_short(k)) > w[COL_KIND])
			w[COL_KIND] = text_width(kind_short(k));
	w[COL_KIND] = cap_width(head_or(COL_KIND, w[COL_KIND]), 4, 12);
	w[COL_SERIAL] = cap_width(head_or(COL_SERIAL, wser), 6, 16);
	w[COL_ENGINEER] = cap_width(head_or(COL_ENGINEER, we), 6, 12);
	w[COL_STATUS] = cap_width(head_or(COL_STATUS, ws), 6, 20);
	extra = ui_cols_fit(COL_N, w, minw, drop_order, SD_ARRAY_LEN(drop_order), width, on);
	w[COL_CUSTOMER] = minw[COL_CUSTOMER];
	give = extra < 16 ? extra : 16;
	w[COL_CUSTOMER] += give;
	extra -= give;
	w[COL_CUSTOMER] += extra;
	ui_cols_place(L, COL_N, w, on);
}

static const char *
empty_text(void *owner)
{
	const vpane *s = owner;

	switch (s->view) {
	case PV_DUE:     return _("(no visits due today: c shows the month calendar, p all planned)");
	case PV_OVERDUE: return _("(no overdue visits)");
	case PV_DAY:     return _("(no visits on this day: Esc returns to the calendar)");
	default:         return _("(no visits: a adds one by hand, P plans the rules' visits)");
	}
}

static void
draw_row(void *owner, const void *rowp, bool selected, int y, ui_rect r, const ui_cols *L)
{
	const sd_visit_row *row = rowp;
	int st = selected ? UI_S_SELECTED
	         : row->status == VS_CANCELLED ? UI_S_VOID
	         : row->overdue ? UI_S_URGENT : UI_S_NORMAL;
	char num[32], status[96];

	(void)owner;
	ui_put(y, r.x, r.w, st, "");
	snprintf(num, sizeof num, "%lld", row->id);
	status_text(row, status, sizeof status);
	ui_cols_cell(L, r, y, COL_NO, st, num);
	ui_cols_cell(L, r, y, COL_DUE, st, row->due_on);
	ui_cols_cell(L, r, y, COL_KIND, st, kind_short(row->kind));
	ui_cols_cell(L, r, y, COL_CUSTOMER, st, row->customer);
	ui_cols_cell(L, r, y, COL_SERIAL, st, row->serial);
	ui_cols_cell(L, r, y, COL_ENGINEER, st, row->engineer);
	ui_cols_cell(L, r, y, COL_STATUS, st, status);
}

/* ---------------------------------------------------------------- detail */

/* "name (login)" of a staff member, or the login alone; NULL for none (malloc'd) */
static char *
person(ui_ctx *c, const char *login)
{
	buf b = { 0 };

	if (!login || !*login)
		return NULL;
	staff_label(c->st, login, &b);
	return buf_steal(&b);
}

static bool
load_detail(ui_ctx *c, void *owner)
{
	vpane *s = owner;
	long long id = sel_id(s);
	sd_err err;

	if (!id) {
		drop_detail(s);
		return false;
	}
	if (s->have_det && s->det.id == id)
		return true;
	drop_detail(s);
	memset(&s->det, 0, sizeof s->det);
	s->det.method = -1;
	sd_err_clear(&err);
	if (visit_get(c->st, id, &s->det, &err) != SD_OK) {
		visit_free(&s->det);
		ui_message(c, true, "%s", err.msg);
		return false;
	}
	s->have_det = true;
	s->eng_name = person(c, s->det.engineer);
	if (s->det.request_regno) {
		sd_request r;

		intake_request_init(&r);
		sd_err_clear(&err);
		if (intake_get(c->st, s->det.request_regno, &r, &err) == SD_OK)
			s->origin_status = xstrdup(intake_status_name(r.status));
		intake_request_free(&r);
	}
	return true;
}

static void
build_detail(const void *owner, int width, ui_dlines *d)
{
	const vpane *s = owner;
	const sd_visit *v = &s->det;
	const char *const labels[] = {
		_("Visit no."), _("Kind"), _("Due"), _("Status"), _("Customer"), _("Serial no."),
		_("Ledger entry"), _("Engineer"), _("Method"), _("Rule"), _("Satisfaction"),
		_("Recorded at"), _("Cancel reason"), _("Request"), _("Added"),
	};
	int lw = ui_dl_label_width(labels, SD_ARRAY_LEN(labels), width);
	char t[128];
	buf b = { 0 };

	snprintf(t, sizeof t, "%lld", v->id);
	ui_dl_field(d, lw, width, labels[0], t);
	ui_dl_field(d, lw, width, labels[1], visit_kind_name(v->kind));
	if (v->moved)
		snprintf(t, sizeof t, _("%s (%s)"), v->due_on, _("moved by hand"));
	else
		snprintf(t, sizeof t, "%s", v->due_on);
	ui_dl_field(d, lw, width, labels[2], t);
	buf_puts(&b, visit_status_name(v->status));
	if (v->status == VS_PLANNED && v->due_on[0]) {
		sd_date due;
		if (date_parse(v->due_on, &due) && due < store_today())
			buf_printf(&b, " %s", _("overdue!"));
	}
	ui_dl_field(d, lw, width, labels[3], buf_str(&b));
	buf_free(&b);
	ui_dl_field(d, lw, width, labels[4], v->customer);
	ui_dl_field(d, lw, width, labels[5], v->serial);
	ui_dl_field(d, lw, width, labels[6], v->ledger_regno);
	ui_dl_field(d, lw, width, labels[7], s->eng_name ? s->eng_name : _("(not assigned)"));
	ui_dl_field(d, lw, width, labels[8], visit_method_name(v->method));
	ui_dl_field(d, lw, width, labels[9], v->rule_code ? v->rule_code : _("(added by hand)"));

	ui_dl_heading(d, _("Outcome"));
	if (v->status == VS_PLANNED && !v->outcome) {
		ui_dl_add(d, xstrdup(_("(planned: d records it done, m missed, f a fault found)")),
		          UI_S_NORMAL);
	} else {
		if (v->satisfaction > 0) {
			snprintf(t, sizeof t, "%d / 5", v->satisfaction);
			ui_dl_field(d, lw, width, labels[10], t);
		}
		ui_dl_field(d, lw, width, labels[11], v->done_at[0] ? v->done_at : NULL);
		ui_dl_field(d, lw, width, labels[12], v->cancel_reason);
		ui_dl_field(d, 0, width, "", v->outcome);
	}
	if (v->comments && *v->comments) {
		ui_dl_heading(d, _("Customer's comments"));
		ui_dl_field(d, 0, width, "", v->comments);
	}
	if (v->request_regno) {
		ui_dl_heading(d, _("Request opened"));
		if (s->origin_status)
			snprintf(t, sizeof t, _("%s (%s)"), v->request_regno, s->origin_status);
		else
			snprintf(t, sizeof t, "%s", v->request_regno);
		ui_dl_field(d, lw, width, labels[13], t);
	}
	if (v->created_at[0]) {
		buf a = { 0 };
		buf_printf(&a, "%s %s", v->created_at, v->created_by ? v->created_by : "");
		ui_dl_add(d, xstrdup(""), UI_S_NORMAL);
		ui_dl_field(d, lw, width, labels[14], buf_str(&a));
		buf_free(&a);
	}
}

/* ---------------------------------------------------------------- the calendar */

/* Count the visits of sel_day's month unless counted. */
static void
load_month(ui_ctx *c, vpane *s)
{
	int y, m, d;
	sd_err err;

	date_to_ymd(s->sel_day, &y, &m, &d);
	if (s->month_y == y && s->month_m == m)
		return;
	sd_err_clear(&err);
	s->ndays = 0;
	if (visit_month(c->st, y, m, s->engineer, s->days, &s->ndays, &err) != SD_OK) {
		ui_message(c, true, "%s", err.msg);
		s->ndays = 0;
	}
	s->month_y = y;
	s->month_m = m;
}

/* Read the month's counts again when next drawn. */
static void
month_stale(vpane *s)
{
	s->month_y = s->month_m = 0;
}

/*
 * The kinds of a day as "P2 M1" (spaced) or "P2M1" into out (size bytes);
 * the first form that fits in cells, else the total "(3)"; "" for none.
 */
static void
kinds_text(const sd_visit_day *day, int cells, char *out, size_t size)
{
	buf a = { 0 }, b = { 0 };

	out[0] = '\0';
	if (day->total == 0)
		return;
	for (int k = 0; k < VK_COUNT; k++) {
		if (!day->by_kind[k])
			continue;
		buf_printf(&a, "%s%s%d", a.len ? " " : "", kind_letter(k), day->by_kind[k]);
		buf_printf(&b, "%s%d", kind_letter(k), day->by_kind[k]);
	}
	if (text_width(buf_str(&a)) <= cells)
		snprintf(out, size, "%s", buf_str(&a));
	else if (text_width(buf_str(&b)) <= cells)
		snprintf(out, size, "%s", buf_str(&b));
	else
		snprintf(out, size, "(%d)", day->total);
	buf_free(&a);
	buf_free(&b);
}

/* the mark of a day off or a weekend day worked: "" for an ordinary day */
static const char *
daykind_mark(enum sd_daykind k)
{
	if (k == DAY_HOLIDAY)
		return C_("calendar mark: public holiday", "off");
	if (k == DAY_ADJUSTED_WORK)
		return C_("calendar mark: weekend day worked", "wk");
	return "";
}

/* Draw the cell of day (index i of the month) at (y, x), w cells by h rows. */
static void
draw_cell(const vpane *s, int i, int y, int x, int w, int h, sd_date now)
{
	const sd_visit_day *day = &s->days[i];
	bool sel = day->date == s->sel_day, is_today = day->date == now;
	bool off = day->daykind == DAY_WEEKEND || day->daykind == DAY_HOLIDAY;
	int style = sel ? UI_S_SELECTED : is_today ? UI_S_HEADER : off ? UI_S_VOID : UI_S_NORMAL;
	int cw = w > 3 ? w - 1 : w;      /* one blank cell between cells */
	char kinds[96];
	const char *mark = daykind_mark(day->daykind);
	buf fb = { 0 };
	const char *first;

	/* the day's number: [20] for today, 18! with overdue visits */
	if (is_today && cw >= 5)
		buf_printf(&fb, "[%d]%s", i + 1, day->overdue ? "!" : "");
	else
		buf_printf(&fb, "%d%s%s", i + 1, is_today ? "*" : "", day->overdue ? "!" : "");
	if (*mark && text_width(buf_str(&fb)) + 1 + text_width(mark) <= cw)
		buf_printf(&fb, " %s", mark);
	if (h == 1) {
		int used = text_width(buf_str(&fb)) + 1;
		kinds_text(day, cw - used, kinds, sizeof kinds);
		if (kinds[0] && cw - used > 0)
			buf_printf(&fb, " %s", kinds);
		ui_put(y, x, cw, style, buf_str(&fb));
		if (w > cw)
			ui_put(y, x + cw, w - cw, UI_S_NORMAL, "");
		buf_free(&fb);
		return;
	}
	first = buf_str(&fb);
	ui_put(y, x, cw, style, first);
	kinds_text(day, cw, kinds, sizeof kinds);
	if (h >= 3 && text_width(kinds) > cw) {
		/* not on one line: the kinds on the lines below, as many as fit */
		int row = 1, used = 0;
		char line[96] = "";

		for (int k = 0; k < VK_COUNT && row < h; k++) {
			char one[32];
			if (!day->by_kind[k])
				continue;
			snprintf(one, sizeof one, "%s%d", kind_letter(k), day->by_kind[k]);
			if (used && used + 1 + text_width(one) > cw) {
				ui_put(y + row++, x, cw, style, line);
				line[0] = '\0';
				used = 0;
				if (row >= h)
					break;
			}
			snprintf(line + strlen(line), sizeof line - strlen(line), "%s%s", used ? " " : "",
			         one);
			used += (used ? 1 : 0) + text_width(one);
		}
		if (row < h)
			ui_put(y + row++, x, cw, style, line);
		for (; row < h; row++)
			ui_put(y + row, x, cw, style, "");
	} else {
		ui_put(y + 1, x, cw, style, kinds);
		for (int row = 2; row < h; row++)
			ui_put(y + row, x, cw, style, "");
	}
	buf_free(&fb);
}

/* The left cell and width of calendar column col (0 Monday) in r. */
static void
column_span(ui_rect r, int col, int *x, int *w)
{
	*x = r.x + col * r.w / 7;
	*w = r.x + (col + 1) * r.w / 7 - *x;
}

static void
draw_calendar(ui_ctx *c, vpane *s)
{
	ui_rect r = c->list;
	sd_date first, now = store_today();
	int lead, weeks, selweek, avail, y, m, d;
	char title[128];

	if (r.h < 1 || r.w < 7)
		return;
	load_month(c, s);
	date_to_ymd(s->sel_day, &y, &m, &d);
	first = date_from_ymd(y, m, 1);
	lead = (date_weekday(first) + 6) % 7;     /* Monday 0 */
	weeks = (lead + date_days_in_month(y, m) + 6) / 7;
	selweek = (lead + d - 1) / 7;

	/* TRANSLATORS: the calendar's title: the month's name, the year. */
	snprintf(title, sizeof title, _("%1$s %2$d"), month_name(m), y);
	{
		char line[256];
		int tw = text_width(title), pad = (r.w - tw) / 2;

		ui_put(r.y, r.x, r.w, UI_S_HEADER, "");
		snprintf(line, sizeof line, "%s", title);
		ui_put(r.y, r.x + (pad > 0 ? pad : 0), r.w - (pad > 0 ? pad : 0), UI_S_HEADER, line);
	}
	if (r.h < 2)
		return;
	for (int col = 0; col < 7; col++) {
		int x, w;
		column_span(r, col, &x, &w);
		ui_put(r.y + 1, x, w, col >= 5 ? UI_S_VOID : UI_S_LABEL, weekday_short(col));
	}
	avail = r.h - 2;
	s->nweeks = weeks;
	s->grid = r;
	s->grid_y = r.y + 2;
	if (avail < 1) {
		s->grid_h = 0;
		return;
	}
	s->cell_h = avail / weeks;
	if (s->cell_h < 1)
		s->cell_h = 1;
	if (s->cell_h > CELL_MAX_H)
		s->cell_h = CELL_MAX_H;
	s->top_week = 0;
	if (s->cell_h * weeks > avail) {
		int shown = avail / s->cell_h;
		if (selweek >= shown)
			s->top_week = selweek - shown + 1;
	}
	s->grid_h = avail;
	if (s->ndays == 0)
		return;
	for (int wk = s->top_week; wk < weeks; wk++) {
		int yy = s->grid_y + (wk - s->top_week) * s->cell_h;
		if (yy + s->cell_h > r.y + r.h)
			break;
		for (int col = 0; col < 7; col++) {
			int i = wk * 7 + col - lead, x, w;
			column_span(r, col, &x, &w);
			if (i < 0 || i >= s->ndays)
				continue;
			draw_cell(s, i, yy, x, w, s->cell_h, now);
		}
	}
}

/* The detail part beside the calendar: the selected day in words and the legend. */
static void
build_day(ui_ctx *c, const vpane *s, int width, ui_dlines *d)
{
	int y, m, dd, i;
	const sd_visit_day *day;
	const char *hname = NULL;
	const workcal *cal;
	char t[256], date[11];
	buf b = { 0 };
	sd_err err;
	const char *const labels[] = { _("Day"), _("Visits due") };
	int lw = ui_dl_label_width(labels, SD_ARRAY_LEN(labels), width);

	date_to_ymd(s->sel_day, &y, &m, &dd);
	i = dd - 1;
	if (i < 0 || i >= s->ndays)
		return;
	day = &s->days[i];
	sd_err_clear(&err);
	if ((cal = ledger_calendar(c->st, &err)) != NULL)
		workcal_day(cal, day->date, &hname);
	date_format(day->date, date);
	buf_printf(&b, "%s %s%s%s", date, weekday_short((date_weekday(day->date) + 6) % 7), text_sep_item(),
	           daykind_name(day->daykind));
	if (hname)
		buf_printf(&b, "%s%s%s", text_paren_open(), hname, text_paren_close());
	ui_dl_field(d, lw, width, labels[0], buf_str(&b));
	buf_free(&b);
	b = (buf){ 0 };
	buf_printf(&b, "%d", day->total);
	for (int k = 0, any = 0; k < VS_COUNT; k++) {
		if (!day->by_status[k])
			continue;
		buf_printf(&b, "%s%d %s", any++ ? text_sep_item() : text_paren_open(), day->by_status[k], visit_status_name(k));
		if (k == VS_PLANNED && day->overdue)
			buf_printf(&b, " %s", _("overdue!"));
	}
	if (day->total > 0)
		buf_puts(&b, text_paren_close());
	ui_dl_field(d, lw, width, labels[1], buf_str(&b));
	buf_free(&b);
	for (int k = 0; k < VK_COUNT; k++) {
		if (!day->by_kind[k])
			continue;
		snprintf(t, sizeof t, "%s %s: %d", kind_letter(k), visit_kind_name(k), day->by_kind[k]);
		ui_dl_field(d, lw, width, "", t);
	}
	if (day->total > 0)
		ui_dl_add(d, xstrdup(_("Enter lists the visits of the day.")), UI_S_NORMAL);
	ui_dl_heading(d, _("Legend"));
	b = (buf){ 0 };
	for (int k = 0; k <= VK_COUNT; k++) {
		char item[256];

		if (k < VK_COUNT)
			snprintf(item, sizeof item, "%s %s", kind_letter(k), visit_kind_name(k));
		/* whole items on a line, as many as fit */
		if (k == VK_COUNT || (b.len && text_width(buf_str(&b)) + 2 + text_width(item) > width)) {
			ui_dl_add(d, buf_steal(&b), UI_S_NORMAL);
			b = (buf){ 0 };
		}
		if (k < VK_COUNT)
			buf_printf(&b, "%s%s", b.len ? "  " : "", item);
	}
	buf_printf(&b, _("[20] today; 18! overdue visits; %s public holiday; %s weekend day worked; days off dimmed"),
	           daykind_mark(DAY_HOLIDAY), daykind_mark(DAY_ADJUSTED_WORK));
	ui_dl_field(d, 0, width, "", buf_str(&b));
	buf_free(&b);
}

static void
draw_day_detail(ui_ctx *c, vpane *s)
{
	ui_rect r = c->detail;
	ui_dlines d = { 0 };
	int x0 = r.x + (c->stacked ? 0 : 1), w = r.w - (c->stacked ? 0 : 1);

	if (r.h < 1 || w < 4)
		return;
	build_day(c, s, w, &d);
	for (int i = 0; i < r.h; i++)
		ui_put(r.y + i, x0, w, (size_t)i < d.n ? d.l[i].style : UI_S_NORMAL,
		       (size_t)i < d.n ? d.l[i].text : "");
	if ((size_t)r.h < d.n)
		ui_put(r.y + r.h - 1, x0 + w - 3, 3, UI_S_HEADER, "...");
	ui_dl_free(&d);
}

/* Select day d in the calendar (its month counted when next drawn). */
static void
select_day(vpane *s, sd_date d)
{
	s->sel_day = d;
}

/* ---------------------------------------------------------------- views */

/* Show the list of view v (from the top). */
static void
show_view(ui_ctx *c, vpane *s, int v)
{
	s->view = v;
	s->calendar = false;
	c->detail_focus = false;
	ui_list_refilter(&s->list, c);
}

static void
show_calendar(ui_ctx *c, vpane *s)
{
	s->calendar = true;
	c->detail_focus = false;
	month_stale(s);
}

/* the calendar's Enter: the visits of the selected day */
static void
list_day(ui_ctx *c, vpane *s)
{
	s->list_day = s->sel_day;
	show_view(c, s, PV_DAY);
}

static void
step_month(vpane *s, int delta)
{
	int y, m, d;

	date_to_ymd(s->sel_day, &y, &m, &d);
	m += delta;
	while (m < 1) {
		m += 12;
		y--;
	}
	while (m > 12) {
		m -= 12;
		y++;
	}
	if (y < 1900 || y > 9999)
		return;
	if (d > date_days_in_month(y, m))
		d = date_days_in_month(y, m);
	select_day(s, date_from_ymd(y, m, d));
}

static bool
calendar_key(ui_ctx *c, vpane *s, int act)
{
	int y, m, d;

	switch (act) {
	case ACT_LEFT:
		select_day(s, s->sel_day - 1);
		break;
	case ACT_RIGHT:
		select_day(s, s->sel_day + 1);
		break;
	case UI_LIST_UP:
		select_day(s, s->sel_day - 7);
		break;
	case UI_LIST_DOWN:
		select_day(s, s->sel_day + 7);
		break;
	case UI_LIST_PGUP:
	case ACT_PREV_MONTH:
		step_month(s, -1);
		break;
	case UI_LIST_PGDN:
	case ACT_NEXT_MONTH:
		step_month(s, 1);
		break;
	case UI_LIST_HOME:
		select_day(s, store_today());
		break;
	case UI_LIST_END:
		date_to_ymd(s->sel_day, &y, &m, &d);
		select_day(s, date_from_ymd(y, m, date_days_in_month(y, m)));
		break;
	case UI_LIST_DETAIL:
		list_day(c, s);
		break;
	default:
		return false;
	}
	return true;
}

/* ---------------------------------------------------------------- actions */

/* May the person do op to the visit (method: the method the outcome records, -1 the visit's)? */
static bool
may(ui_ctx *c, enum sd_visit_op op, const sd_visit *v, int method)
{
	sd_err err;

	sd_err_clear(&err);
	if (visit_permit(c->st, c->user, op, v, method, &err) == SD_OK)
		return true;
	ui_message(c, true, "%s", err.msg);
	return false;
}

/* The selected visit read again (another desk may have changed it); false with a message if none. */
static bool
fresh_visit(ui_ctx *c, vpane *s)
{
	if (s->calendar) {
		ui_message(c, true, "%s", _("Select a visit first: Enter lists the visits of the day."));
		return false;
	}
	drop_detail(s);
	if (!load_detail(c, s)) {
		if (!c->msg[0])
			ui_message(c, true, "%s", _("No visit selected."));
		return false;
	}
	return true;
}

/* After a change: the list around the visit and the month's counts read again. */
static void
changed(ui_ctx *c, vpane *s)
{
	month_stale(s);
	ui_list_reload(&s->list, c);
}

/* The form field a "field: problem" message of visit.c names, or NULL. */
static const char *
field_of(const char *msg)
{
	const struct {
		const char *label, *code;
	} map[] = {
		{ _("customer"), "customer" }, { _("serial number"), "serial" },
		{ _("kind"), "kind" }, { _("due date"), "due" }, { _("engineer"), "engineer" },
		{ _("method"), "method" }, { _("satisfaction"), "satisfaction" },
		{ _("outcome"), "outcome" }, { _("customer's comments"), "comments" },
		{ _("requester"), "requester" }, { _("phone"), "phone" },
		{ _("maintenance items"), "items" },
	};

	for (size_t i = 0; i < SD_ARRAY_LEN(map); i++) {
		size_t k = strlen(map[i].label);
		if (strncmp(msg, map[i].label, k) == 0 && msg[k] == ':')
			return map[i].code;
	}
	return NULL;
}

enum { FORM_DONE, FORM_ADD, FORM_FAULT };

typedef struct form_job {
	ui_ctx *c;
	vpane *s;
	int kind;
	long long id;            /* the visit */
	int version;             /* as read when the form opened */
	long long new_id;        /* FORM_ADD: the visit added */
	char regno[24];          /* FORM_FAULT: the request registered */
	bool conflict;           /* refused: changed meanwhile (the form closes) */
	char conflict_msg[1024];
} form_job;

/* The visit's version as stored now, -1 if it cannot be read. */
static int
version_now(ui_ctx *c, long long id)
{
	sd_visit v;
	sd_err err;
	int version = -1;

	memset(&v, 0, sizeof v);
	sd_err_clear(&err);
	if (visit_get(c->st, id, &v, &err) == SD_OK)
		version = v.version;
	visit_free(&v);
	return version;
}

/* A save refused: the form stays open, unless the visit changed meanwhile. */
static int
save_failed(ui_form *form, form_job *job, const sd_err *err)
{
	if (err->status != SD_DATAERR || version_now(job->c, job->id) != job->version) {
		job->conflict = true;
		snprintf(job->conflict_msg, sizeof job->conflict_msg, "%s", err->msg);
		return SD_OK;
	}
	return ui_form_fail(form, field_of(err->msg), err->msg);
}

static int
save_done(ui_form *form, form_job *job)
{
	char *sat = ui_form_text(form, "satisfaction");
	char *note = ui_form_text(form, "outcome");
	char *comments = ui_form_text(form, "comments");
	int method = ui_form_choice(form, "method");
	long v = 0;
	char *end = NULL;
	sd_err err;
	int rc;

	errno = 0;
	if (*sat)
		v = strtol(sat, &end, 10);
	if (!*sat || errno || !end || *end || v < 1 || v > 5) {
		char msg[256];
		snprintf(msg, sizeof msg, _("%s: %s"), _("satisfaction"),
		         _("a whole number from 1 (poor) to 5 (very good)"));
		rc = ui_form_fail(form, "satisfaction", msg);
		goto out;
	}
	sd_err_clear(&err);
	if (visit_permit(job->c->st, job->c->user, VOP_DONE, &job->s->det, method, &err) != SD_OK) {
		rc = ui_form_fail(form, "method", err.msg);
		goto out;
	}
	sd_err_clear(&err);
	rc = visit_done(job->c->st, job->id, job->version, (int)v, method, note, comments, &err);
	if (rc != SD_OK)
		rc = save_failed(form, job, &err);
out:
	free(sat);
	free(note);
	free(comments);
	return rc;
}

static int
save_add(ui_form *form, form_job *job)
{
	sd_visit v;
	char *due = ui_form_text(form, "due");
	sd_err err;
	sd_date d;
	int rc, m;

	memset(&v, 0, sizeof v);
	v.customer = ui_form_text(form, "customer");
	v.serial = ui_form_text(form, "serial");
	v.engineer = ui_form_text(form, "engineer");
	v.kind = ui_form_choice(form, "kind");
	m = ui_form_choice(form, "method");
	v.method = m <= 0 ? -1 : m - 1;
	if (!*v.customer) {
		char msg[256];
		snprintf(msg, sizeof msg, _("%s: %s"), _("customer"), _("required"));
		rc = ui_form_fail(form, "customer", msg);
	} else if (strlen(due) >= sizeof v.due_on || !date_parse(due, &d)) {
		char msg[256];
		snprintf(msg, sizeof msg, _("%s: %s"), _("due date"), _("expected a date like 2026-11-24"));
		rc = ui_form_fail(form, "due", msg);
	} else {
		snprintf(v.due_on, sizeof v.due_on, "%s", due);
		if (!*v.serial) {
			free(v.serial);
			v.serial = NULL;
		}
		if (!*v.engineer) {
			free(v.engineer);
			v.engineer = NULL;
		}
		sd_err_clear(&err);
		rc = visit_add(job->c->st, &v, &job->new_id, &err);
		if (rc != SD_OK)
			rc = ui_form_fail(form, field_of(err.msg), err.msg);
	}
	free(due);
	visit_free(&v);
	return rc;
}

static int
save_fault(ui_form *form, form_job *job)
{
	char *item = ui_form_text(form, "items");
	sd_request r;
	sd_err err;
	int rc;

	intake_request_init(&r);
	if (!*item) {
		char msg[256];
		snprintf(msg, sizeof msg, _("%s: %s"), _("maintenance items"), _("required (what is wrong)"));
		free(item);
		intake_request_free(&r);
		return ui_form_fail(form, "items", msg);
	}
	intake_request_add_item(&r, item);
	free(item);
	r.priority = ui_form_choice(form, "priority") + 1;
	r.requester = ui_form_text(form, "requester");
	r.phone = ui_form_text(form, "phone");
	sd_err_clear(&err);
	rc = visit_request(job->c->st, job->id, job->version, &r, &err);
	if (rc == SD_OK)
		snprintf(job->regno, sizeof job->regno, "%s", r.regno);
	else
		rc = save_failed(form, job, &err);
	intake_request_free(&r);
	return rc;
}

static int
form_save(ui_form *form, void *arg)
{
	form_job *job = arg;

	switch (job->kind) {
	case FORM_DONE:  return save_done(form, job);
	case FORM_ADD:   return save_add(form, job);
	default:         return save_fault(form, job);
	}
}

static void
job_init(form_job *job, ui_ctx *c, vpane *s, int kind)
{
	memset(job, 0, sizeof *job);
	job->c = c;
	job->s = s;
	job->kind = kind;
	if (s->have_det) {
		job->id = s->det.id;
		job->version = s->det.version;
	}
}

/* What the form's end says on the status line; true if it was saved. */
static bool
form_result(ui_ctx *c, bool saved, const form_job *job)
{
	if (!saved) {
		ui_message(c, false, "%s", _("Cancelled."));
		return false;
	}
	if (job->conflict) {
		ui_message(c, true, _("Not saved: %s"), job->conflict_msg);
		return false;
	}
	return true;
}

static void
do_done(ui_ctx *c, vpane *s)
{
	ui_form form;
	form_job job;
	char title[128];
	int method;

	if (!fresh_visit(c, s))
		return;
	if (s->det.status != VS_PLANNED && s->det.status != VS_MISSED) {
		ui_message(c, true, _("visit %lld is %s: it cannot be changed that way"), s->det.id,
		           visit_status_name(s->det.status));
		return;
	}
	/* an operator may record a visit by phone: the form's method decides */
	if (!may(c, VOP_DONE, &s->det, -1) && !may(c, VOP_DONE, &s->det, VM_PHONE))
		return;
	c->msg[0] = '\0';
	method = s->det.method >= 0 ? s->det.method : VM_PHONE;
	job_init(&job, c, s, FORM_DONE);
	snprintf(title, sizeof title, _("Visit %lld done"), job.id);
	ui_form_init(&form, title);
	form.save = form_save;
	form.arg = &job;
	ui_form_add_choice(&form, "method", _("Method"), s->method_names, VM_COUNT, method);
	ui_form_add_area(&form, "outcome", _("What was found"), s->det.outcome);
	ui_form_add_text(&form, "satisfaction", _("Satisfaction (1-5)"),
	                 "");
	ui_form_add_area(&form, "comments", _("Customer's comments"), s->det.comments);
	form.focus = ui_form_find(&form, "outcome");
	bool saved = ui_form_run(c, &form);
	ui_form_free(&form);
	if (form_result(c, saved, &job))
		ui_message(c, false, _("Recorded visit %lld as done."), job.id);
	changed(c, s);
}

static void
do_miss(ui_ctx *c, vpane *s)
{
	char *note = NULL, q[256];
	sd_err err;

	if (!fresh_visit(c, s) || !may(c, VOP_MISS, &s->det, -1))
		return;
	snprintf(q, sizeof q, _("Visit %lld missed; note (optional):"), s->det.id);
	if (!ui_prompt(c, q, "", NULL, NULL, &note)) {
		ui_message(c, false, "%s", _("Cancelled."));
		return;
	}
	sd_err_clear(&err);
	if (visit_miss(c->st, s->det.id, s->det.version, note, &err) != SD_OK)
		ui_message(c, true, "%s", err.msg);
	else
		ui_message(c, false, _("Recorded visit %lld as missed."), s->det.id);
	free(note);
	changed(c, s);
}

static void
do_cancel(ui_ctx *c, vpane *s)
{
	char *reason = NULL, *t, q[256];
	sd_err err;

	if (!fresh_visit(c, s) || !may(c, VOP_CANCEL, &s->det, -1))
		return;
	if (s->det.status != VS_PLANNED) {
		ui_message(c, true, _("visit %lld is %s: it cannot be changed that way"), s->det.id,
		           visit_status_name(s->det.status));
		return;
	}
	snprintf(q, sizeof q, _("Cancel visit %lld; reason:"), s->det.id);
	if (!ui_prompt(c, q, "", NULL, NULL, &reason)) {
		ui_message(c, false, "%s", _("Cancelled."));
		return;
	}
	t = text_trim(reason);
	free(reason);
	sd_err_clear(&err);
	if (!*t)
		ui_message(c, true, "%s", _("Not cancelled: a reason is required."));
	else if (visit_cancel(c->st, s->det.id, s->det.version, t, &err) != SD_OK)
		ui_message(c, true, "%s", err.msg);
	else
		ui_message(c, false, _("Cancelled visit %lld."), s->det.id);
	free(t);
	changed(c, s);
}

static void
do_move(ui_ctx *c, vpane *s)
{
	char *out = NULL, *t, q[256];
	sd_err err;
	sd_date d;

	if (!fresh_visit(c, s) || !may(c, VOP_MOVE, &s->det, -1))
		return;
	snprintf(q, sizeof q, _("Move visit %lld to (YYYY-MM-DD):"), s->det.id);
	if (!ui_prompt(c, q, s->det.due_on, NULL, NULL, &out)) {
		ui_message(c, false, "%s", _("Cancelled."));
		return;
	}
	t = text_trim(out);
	free(out);
	sd_err_clear(&err);
	if (!date_parse(t, &d))
		ui_message(c, true, _("Not a date: %s (expected YYYY-MM-DD)"), t);
	else if (visit_move(c->st, s->det.id, s->det.version, t, &err) != SD_OK)
		ui_message(c, true, "%s", err.msg);
	else
		ui_message(c, false, _("Moved visit %lld to %s."), s->det.id, t);
	free(t);
	changed(c, s);
}

static void
do_assign(ui_ctx *c, vpane *s)
{
	char title[128], *login;
	sd_err err;

	if (!fresh_visit(c, s) || !may(c, VOP_ASSIGN, &s->det, -1))
		return;
	snprintf(title, sizeof title, _("Assign visit %lld to"), s->det.id);
	if ((login = ui_pick_engineer(c, title)) == NULL)
		return;
	sd_err_clear(&err);
	if (visit_assign(c->st, s->det.id, s->det.version, login, &err) != SD_OK)
		ui_message(c, true, "%s", err.msg);
	else
		ui_message(c, false, _("Assigned visit %lld to %s."), s->det.id, login);
	free(login);
	changed(c, s);
}

static void
do_add(ui_ctx *c, vpane *s)
{
	const char *method_choice[VM_COUNT + 1];
	ui_form form;
	form_job job;
	char due[11];
	char ident[32];

	if (!may(c, VOP_ADD, NULL, -1))
		return;
	method_choice[0] = _("by the kind");
	for (int i = 0; i < VM_COUNT; i++)
		method_choice[i + 1] = s->method_names[i];
	date_format(s->calendar ? s->sel_day : s->view == PV_DAY ? s->list_day : store_today(), due);
	job_init(&job, c, s, FORM_ADD);
	ui_form_init(&form, _("Add a visit"));
	form.save = form_save;
	form.arg = &job;
	ui_form_add_text(&form, "customer", _("Customer"), "");
	ui_form_add_text(&form, "serial", _("Serial no. (optional)"), "");
	ui_form_add_choice(&form, "kind", _("Kind"), s->kind_names, VK_COUNT, VK_MANUAL);
	ui_form_add_text(&form, "due", _("Due date"), due);
	ui_form_add_text(&form, "engineer", _("Engineer (login, optional)"), "");
	ui_form_add_choice(&form, "method", _("Method"), method_choice, VM_COUNT + 1, 0);
	form.focus = ui_form_find(&form, "customer");
	bool saved = ui_form_run(c, &form);
	ui_form_free(&form);
	if (!form_result(c, saved, &job))
		return;
	month_stale(s);
	snprintf(ident, sizeof ident, "%lld", job.new_id);
	if (!s->calendar && ui_list_find(&s->list, c, ident))
		ui_message(c, false, _("Added visit %lld."), job.new_id);
	else
		ui_message(c, false, _("Added visit %lld (not in the current list)."), job.new_id);
}

static void
do_fault(ui_ctx *c, vpane *s)
{
	ui_form form;
	form_job job;
	char title[128];

	if (!fresh_visit(c, s) || !may(c, VOP_REQUEST, &s->det, -1) ||
	    !ui_permitted(c, ACT_REQUEST_ADD))
		return;
	if (s->det.request_regno) {
		ui_message(c, true, _("visit %lld already opened the request %s"), s->det.id,
		           s->det.request_regno);
		return;
	}
	if (s->det.status == VS_CANCELLED) {
		ui_message(c, true, _("visit %lld is %s: it cannot be changed that way"), s->det.id,
		           visit_status_name(s->det.status));
		return;
	}
	job_init(&job, c, s, FORM_FAULT);
	snprintf(title, sizeof title, _("Visit %lld found a fault: register a request"), job.id);
	ui_form_init(&form, title);
	form.save = form_save;
	form.arg = &job;
	ui_form_add_area(&form, "items", _("Fault (maintenance item)"), "");
	ui_form_add_choice(&form, "priority", _("Priority"), s->prio_names, 4, 2);
	ui_form_add_text(&form, "requester", _("Requester (optional)"), "");
	ui_form_add_text(&form, "phone", _("Phone (optional)"), "");
	form.focus = ui_form_find(&form, "items");
	bool saved = ui_form_run(c, &form);
	ui_form_free(&form);
	if (form_result(c, saved, &job))
		ui_message(c, false, _("Registered %s from visit %lld."), job.regno, job.id);
	changed(c, s);
	/* the requests pane shows the new request when it is next looked at */
	for (size_t i = 0; i < c->npanes; i++)
		if (c->panes[i] == &ui_intake_pane && c->privs[i] && c->panes[i]->reload)
			c->panes[i]->reload(c, c->privs[i]);
}

static void
do_plan(ui_ctx *c, vpane *s)
{
	sd_visit_plan_result res;
	char *out = NULL, *t, dflt[11];
	sd_err err;

	if (!may(c, VOP_PLAN, NULL, -1))
		return;
	date_format(store_today() + VISIT_PLAN_DAYS, dflt);
	if (!ui_prompt(c, _("Plan the rules' visits up to (YYYY-MM-DD):"), dflt, NULL, NULL, &out)) {
		ui_message(c, false, "%s", _("Cancelled."));
		return;
	}
	t = text_trim(out);
	free(out);
	sd_err_clear(&err);
	if (visit_plan(c->st, t, &res, &err) != SD_OK)
		ui_message(c, true, "%s", err.msg);
	else
		ui_message(c, false, _("planned %s to %s: %ld new, %ld moved, %ld removed, %ld unchanged"),
		           res.from, res.until, res.created, res.moved, res.removed, res.unchanged);
	free(t);
	changed(c, s);
}

static void
do_engineer(ui_ctx *c, vpane *s)
{
	char *login;

	if (s->engineer) {
		free(s->engineer);
		s->engineer = NULL;
		ui_message(c, false, "%s", _("Everyone's visits."));
	} else if ((login = ui_pick_engineer(c, _("Show the visits of"))) != NULL) {
		s->engineer = login;
	} else {
		return;
	}
	month_stale(s);
	drop_detail(s);
	ui_list_refilter(&s->list, c);
}

/* Ask for a customer's name and list only its visits; an empty name lists everyone's. */
static void
do_customer(ui_ctx *c, vpane *s)
{
	char *name = NULL, *t;
	sd_customer cu;
	sd_err err;

	if (!ui_prompt(c, _("Customer (empty: every customer): "), s->customer ? s->customer : "",
	               NULL, NULL, &name)) {
		ui_message(c, false, "%s", _("Cancelled."));
		return;
	}
	t = text_trim_or_null(name);
	free(name);
	if (!t) {
		free(s->customer);
		s->customer = NULL;
		s->customer_id = 0;
		ui_message(c, false, "%s", _("Every customer's visits."));
	} else {
		memset(&cu, 0, sizeof cu);
		if (customer_get(c->st, t, &cu, &err) != SD_OK) {
			ui_message(c, true, "%s", err.msg);
			free(t);
			return;
		}
		free(s->customer);
		s->customer = t;
		s->customer_id = cu.id;
		customer_free(&cu);
	}
	if (s->calendar)
		ui_message(c, false, "%s", _("The customer filter applies to the lists; the calendar counts every customer."));
	drop_detail(s);
	ui_list_refilter(&s->list, c);
}

/* ---------------------------------------------------------------- pane */

static void
pane_describe(ui_ctx *c, void *priv, buf *b)
{
	vpane *s = priv;

	(void)c;
	if (s->calendar) {
		buf_puts(b, _("month calendar"));
	} else if (s->view == PV_DAY) {
		char d[11];
		date_format(s->list_day, d);
		buf_printf(b, _("due on %s"), d);
	} else {
		buf_puts(b, view_name(s));
	}
	if (s->engineer) {
		char *e = text_sanitize(s->engineer, false);
		buf_printf(b, _(", engineer %s"), e);
		free(e);
	}
	if (s->customer && !s->calendar) {
		char *e = text_sanitize(s->customer, false);
		buf_printf(b, _(", customer %s"), e);
		free(e);
	}
}

static const ui_list_ops list_ops = {
	.row_size = sizeof(sd_visit_row),
	.fetch = fetch_rows,
	.free_row = free_row,
	.ident = row_ident,
	.forget = drop_detail,
	.heads = heads,
	.layout = layout_columns,
	.draw_row = draw_row,
	.empty = empty_text,
	.load = load_detail,
	.build = build_detail,
};

static int
pane_init(ui_ctx *c, void *priv)
{
	vpane *s = priv;
	static const char *const prio[4] = { "P1", "P2", "P3", "P4" };

	s->view = PV_DUE;
	s->sel_day = s->list_day = store_today();
	for (int i = 0; i < VM_COUNT; i++)
		s->method_names[i] = visit_method_name(i);
	for (int i = 0; i < VK_COUNT; i++)
		s->kind_names[i] = visit_kind_name(i);
	for (int i = 0; i < 4; i++)
		s->prio_names[i] = prio[i];
	ui_list_init(&s->list, &list_ops, s);
	ui_list_load_edge(&s->list, c, false);
	return SD_OK;
}

static void
pane_done(ui_ctx *c, void *priv)
{
	vpane *s = priv;

	(void)c;
	ui_list_free(&s->list);
	drop_detail(s);
	free(s->engineer);
	s->engineer = NULL;
	free(s->customer);
	s->customer = NULL;
}

static void
pane_reload(ui_ctx *c, void *priv)
{
	vpane *s = priv;

	month_stale(s);
	ui_list_reload(&s->list, c);
}

static void
pane_draw(ui_ctx *c, void *priv)
{
	vpane *s = priv;

	if (s->calendar) {
		draw_calendar(c, s);
		draw_day_detail(c, s);
	} else {
		ui_list_draw(&s->list, c);
	}
}

static void
pane_click(ui_ctx *c, void *priv, int y, int x)
{
	vpane *s = priv;
	ui_rect r = s->grid;
	int yy, mm, dd, lead;

	if (!s->calendar) {
		ui_list_click(&s->list, c, y, x);
		return;
	}
	if (s->grid_h < 1 || s->cell_h < 1 || y < s->grid_y || y >= s->grid_y + s->grid_h ||
	    x < r.x || x >= r.x + r.w)
		return;
	date_to_ymd(s->sel_day, &yy, &mm, &dd);
	lead = (date_weekday(date_from_ymd(yy, mm, 1)) + 6) % 7;
	for (int col = 0; col < 7; col++) {
		int cx, cw;
		column_span(r, col, &cx, &cw);
		if (x >= cx && x < cx + cw) {
			int wk = s->top_week + (y - s->grid_y) / s->cell_h;
			int i = wk * 7 + col - lead;
			if (wk < s->nweeks && i >= 0 && i < date_days_in_month(yy, mm))
				select_day(s, date_from_ymd(yy, mm, i + 1));
			return;
		}
	}
}

static void
pane_idle(ui_ctx *c, void *priv)
{
	vpane *s = priv;

	if (!s->calendar)
		ui_list_idle(&s->list, c);
}

static bool
pane_key(ui_ctx *c, void *priv, int key)
{
	vpane *s = priv;
	int act = ui_key_action(visit_keys, SD_ARRAY_LEN(visit_keys), key);

	if (s->calendar) {
		if (calendar_key(c, s, act))
			return true;
	} else {
		if (ui_list_key(&s->list, c, key, act))
			return true;
	}
	switch (act) {
	case ACT_CALENDAR:
		if (s->calendar) {
			show_view(c, s, s->view);
		} else {
			sd_visit_row *row = ui_list_selected(&s->list);
			sd_date d;
			if (s->view == PV_DAY)
				select_day(s, s->list_day);
			else if (row && date_parse(row->due_on, &d))
				select_day(s, d);
			show_calendar(c, s);
		}
		break;
	case ACT_BACK:
		if (s->calendar || s->view != PV_DAY)
			return false;
		select_day(s, s->list_day);
		show_calendar(c, s);
		break;
	case ACT_TODAY:
		show_view(c, s, PV_DUE);
		break;
	case ACT_WEEK:
		show_view(c, s, PV_WEEK);
		break;
	case ACT_OVERDUE:
		show_view(c, s, PV_OVERDUE);
		break;
	case ACT_PLANNED:
		show_view(c, s, PV_PLANNED);
		break;
	case ACT_ALL:
		show_view(c, s, PV_ALL);
		break;
	case ACT_ENGINEER:
		do_engineer(c, s);
		break;
	case ACT_CUSTOMER:
		do_customer(c, s);
		break;
	case ACT_RELOAD:
		pane_reload(c, s);
		break;
	case ACT_DONE:
		do_done(c, s);
		break;
	case ACT_MISS:
		do_miss(c, s);
		break;
	case ACT_CANCEL:
		do_cancel(c, s);
		break;
	case ACT_MOVE:
		do_move(c, s);
		break;
	case ACT_ASSIGN:
		do_assign(c, s);
		break;
	case ACT_ADD:
		do_add(c, s);
		break;
	case ACT_FAULT:
		do_fault(c, s);
		break;
	case ACT_PLAN:
		do_plan(c, s);
		break;
	default:
		return false;
	}
	return true;
}

/* the selected visit, for its history */
static bool
pane_record(ui_ctx *c, void *priv, const char **table, buf *key)
{
	vpane *s = priv;

	(void)c;
	if (s->calendar)
		return false;
	return ui_history_selected(priv, "visit", table, key);
}

const ui_pane_ops ui_visit_pane = {
	.name = N_("Visits"),
	.priv_size = sizeof(vpane),
	.init = pane_init,
	.done = pane_done,
	.reload = pane_reload,
	.draw = pane_draw,
	.key = pane_key,
	.click = pane_click,
	.describe = pane_describe,
	.idle = pane_idle,
	.keys = visit_keys,
	.nkeys = SD_ARRAY_LEN(visit_keys),
	.record = pane_record,
};
