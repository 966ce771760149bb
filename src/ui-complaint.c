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
#include <stddef.h>
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
#include "ui-list.h"

enum { ACT_OPEN = UI_LIST_ACTIONS, ACT_CLASS, ACT_RELOAD, ACT_ADD, ACT_CLOSE };

static const ui_keydef complaint_keys[] = {
	{ ACT_ADD, { 'a', UI_FK(KEY_F(2)) }, "F2, a", N_("Record"),
	  N_("record a complaint") },
	{ ACT_CLOSE, { 'C', UI_FK(KEY_F(8)) }, "F8, C", N_("Close out"),
	  N_("close out the selected complaint (handling required)") },
	{ ACT_OPEN, { 'o' }, "o", N_("Open"), N_("open complaints only (toggles)") },
	{ ACT_CLASS, { 'c' }, "c", N_("Class"), N_("filter by class (cycles)") },
	UI_LIST_KEYS(N_("previous complaint"), N_("next complaint"), N_("first complaint"),
	             N_("last complaint")),
	{ ACT_RELOAD, { 'r' }, "r", NULL, N_("reload the list") },
};

/* the class in the list: short names (the detail and the form give the full ones) */
static const char *const class_short[CC_COUNT] = {
	[CC_QUALITY] = N_("quality"), [CC_NONQUALITY] = N_("non-quality"), [CC_OTHER] = N_("other"),
};

typedef struct cpane {
	ui_list list;              /* the complaints: a window of rows of sd_complaint_row */
	bool open_only;            /* filter: open complaints only */
	int cls;                   /* filter: enum sd_complaint_class, -1 all */
	/* the selected complaint in full, loaded when the selection changes */
	sd_complaint det;
	bool have_det;
	char *ledger_desc;         /* the linked entry: "regno, state" (malloc'd) or NULL */
	char *recv_name, *closed_name;   /* "name (login)" */
	const char *class_names[CC_COUNT];
} cpane;

/* the pane operations of ui-list.h take the state for its list */
_Static_assert(offsetof(cpane, list) == 0, "the list comes first");

/* ---------------------------------------------------------------- paging */

static int
fetch_rows(ui_ctx *c, void *owner, enum sd_page_from from, const void *anchor, int limit,
           void *rows, int *n, sd_err *err)
{
	cpane *s = owner;

	return complaint_page(c->st, s->open_only, s->cls, from, anchor, limit, rows, n, err);
}

static void
free_row(void *row)
{
	complaint_row_free(row);
}

/* a complaint is known by its number */
static const char *
row_ident(const void *row, char *scratch, size_t size)
{
	snprintf(scratch, size, "%lld", ((const sd_complaint_row *)row)->id);
	return scratch;
}

/* forget the selected row in full (the list's forget callback too) */
static void
drop_detail(void *owner)
{
	cpane *s = owner;

	if (s->have_det)
		complaint_free(&s->det);
	s->have_det = false;
	free(s->ledger_desc);
	free(s->recv_name);
	free(s->closed_name);
	s->ledger_desc = s->recv_name = s->closed_name = NULL;
	s->list.dscroll = 0;
}

/* the number of the selected complaint, 0 if none */
static long long
sel_id(const cpane *s)
{
	const sd_complaint_row *row = ui_list_selected(&s->list);
	return row ? row->id : 0;
}

/* Load the list from the top and select complaint id, scanning a bounded number of rows. */
static bool
select_id(ui_ctx *c, cpane *s, long long id)
{
	char ident[32];

	snprintf(ident, sizeof ident, "%lld", id);
	return ui_list_find(&s->list, c, ident);
}

/* ---------------------------------------------------------------- list */

enum { COL_MARK, COL_NO, COL_RECEIVED, COL_CLASS, COL_CUSTOMER, COL_REGNO, COL_DESC, COL_N };

/* the column headings */
static const char *const heads[COL_N] = {
	[COL_MARK] = N_("State"), [COL_NO] = N_("No."), [COL_RECEIVED] = N_("Received"),
	[COL_CLASS] = N_("Class"), [COL_CUSTOMER] = N_("Customer"),
	[COL_REGNO] = N_("Reg. no."), [COL_DESC] = N_("Description"),
};

/* the open/closed mark of a row, as text */
static const char *
row_mark(bool open)
{
	return open ? C_("not closed", "open") : _("closed");
}

static int
cap_width(int w, int lo, int hi)
{
	return w < lo ? lo : w > hi ? hi : w;
}

static void
layout_columns(void *owner, int width, ui_cols *L)
{
	const cpane *s = owner;
	int w[COL_N] = { [COL_RECEIVED] = 10, [COL_REGNO] = 11 };
	/* the customer keeps room for eight Chinese characters */
	int minw[COL_N] = { [COL_CUSTOMER] = 16, [COL_DESC] = 12 };
	/* the order in which columns give way on narrow screens (the detail shows them all) */
	static const int drop_order[] = { COL_REGNO, COL_CLASS, COL_RECEIVED };
	bool on[COL_N];
	int extra, give;
	long long maxid = 0;
	char num[32];

	w[COL_MARK] = text_width(row_mark(true));
	if (text_width(row_mark(false)) > w[COL_MARK])
		w[COL_MARK] = text_width(row_mark(false));
	if (text_width(_(heads[COL_MARK])) > w[COL_MARK])
		w[COL_MARK] = text_width(_(heads[COL_MARK]));
	w[COL_MARK] = cap_width(w[COL_MARK], 2, 8);
	for (int i = 0; i < s->list.n; i++) {
		const sd_complaint_row *row = ui_list_row(&s->list, i);
		if (row->id > maxid)
			maxid = row->id;
	}
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
	extra = ui_cols_fit(COL_N, w, minw, drop_order, SD_ARRAY_LEN(drop_order), width, on);
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
	ui_cols_place(L, COL_N, w, on);
}

static bool
filtered(const cpane *s)
{
	return s->open_only || s->cls >= 0;
}

static const char *
empty_text(void *owner)
{
	return filtered(owner) ? _("(no complaints match)")
	       : _("(no complaints: press a to record one)");
}

static void
draw_row(void *owner, const void *rowp, bool selected, int y, ui_rect r, const ui_cols *L)
{
	const sd_complaint_row *row = rowp;
	int st = selected ? UI_S_SELECTED : row->open ? UI_S_NORMAL : UI_S_VOID;
	char num[32], recv[17];

	(void)owner;
	ui_put(y, r.x, r.w, st, "");
	snprintf(num, sizeof num, "%lld", row->id);
	/* the date alone when the column has no room for the time */
	snprintf(recv, sizeof recv, "%s", row->received_at);
	if (L->w[COL_RECEIVED] < 16)
		recv[10] = '\0';
	ui_cols_cell(L, r, y, COL_MARK, st, row_mark(row->open));
	ui_cols_cell(L, r, y, COL_NO, st, num);
	ui_cols_cell(L, r, y, COL_RECEIVED, st, recv);
	ui_cols_cell(L, r, y, COL_CLASS, st,
	             row->cls >= 0 && row->cls < CC_COUNT ? _(class_short[row->cls]) : "");
	ui_cols_cell(L, r, y, COL_CUSTOMER, st, row->customer);
	ui_cols_cell(L, r, y, COL_REGNO, st, row->regno);
	ui_cols_cell(L, r, y, COL_DESC, st, row->summary);
}

/* ---------------------------------------------------------------- detail */

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

/* the selected complaint in full, loaded when the selection changes; false if none */
static bool
load_detail(ui_ctx *c, void *owner)
{
	cpane *s = owner;
	sd_err err;
	long long id = sel_id(s);

	if (!id) {
		drop_detail(s);
		return false;
	}
	if (s->have_det && s->det.id == id)
		return true;
	drop_detail(s);
	sd_err_clear(&err);
	if (complaint_get(c->st, id, &s->det, &err) != SD_OK) {
		complaint_free(&s->det);
		ui_message(c, true, "%s", err.msg);
		return false;
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
	return true;
}

static void
build_detail(const void *owner, int width, ui_dlines *d)
{
	const cpane *s = owner;
	const sd_complaint *p = &s->det;
	const char *const labels[] = {
		_("Complaint no."), _("State"), _("Class"), _("Customer"), _("Received at"),
		_("Received by"), _("Ledger entry"), _("Order no."), _("Part no."),
		_("Delivery date"), _("Quantity"), _("Defective quantity"), _("Description"),
		_("Handling"), _("Closed at"), _("Closed by"),
	};
	int lw = ui_dl_label_width(labels, SD_ARRAY_LEN(labels), width);
	char num[32];
	bool open = !p->closed_at[0];

	snprintf(num, sizeof num, "%lld", p->id);
	ui_dl_field(d, lw, width, labels[0], num);
	ui_dl_field(d, lw, width, labels[1], row_mark(open));
	ui_dl_field(d, lw, width, labels[2], complaint_class_name(p->cls));
	ui_dl_field(d, lw, width, labels[3], p->customer);
	ui_dl_field(d, lw, width, labels[4], p->received_at);
	ui_dl_field(d, lw, width, labels[5], s->recv_name);
	ui_dl_field(d, lw, width, labels[6], s->ledger_desc);

	ui_dl_heading(d, _("Product"));
	ui_dl_field(d, lw, width, labels[7], p->order_no);
	ui_dl_field(d, lw, width, labels[8], p->part_no);
	ui_dl_field(d, lw, width, labels[9], p->delivered_on);
	if (p->quantity >= 0) {
		snprintf(num, sizeof num, "%d", p->quantity);
		ui_dl_field(d, lw, width, labels[10], num);
	}
	if (p->defective >= 0) {
		snprintf(num, sizeof num, "%d", p->defective);
		ui_dl_field(d, lw, width, labels[11], num);
	}

	ui_dl_heading(d, labels[12]);
	ui_dl_field(d, 0, width, "", p->description);

	ui_dl_heading(d, _("Close-out"));
	if (open) {
		ui_dl_add(d, xstrdup(_("(open: C closes it out with the handling)")), UI_S_NORMAL);
	} else {
		ui_dl_field(d, lw, width, labels[14], p->closed_at);
		ui_dl_field(d, lw, width, labels[15], s->closed_name);
		ui_dl_field(d, lw, width, labels[13], p->handling);
	}
	if (open && p->handling && *p->handling)
		ui_dl_field(d, lw, width, labels[13], p->handling);
}


/* ---------------------------------------------------------------- actions */

enum { FORM_ADD, FORM_CLOSE };

typedef struct form_job {
	ui_ctx *c;
	cpane *s;
	int kind;
	long long id;           /* the complaint recorded or closed out */
	bool conflict;          /* refused: closed out meanwhile */
	char conflict_msg[1024];
} form_job;

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
	cp.cls = ui_form_choice(form, "class");
	cp.customer = ui_form_text(form, "customer");
	cp.regno = ui_form_text(form, "regno");
	cp.order_no = ui_form_text(form, "order_no");
	cp.part_no = ui_form_text(form, "part_no");
	cp.description = ui_form_text(form, "description");

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
			return ui_form_fail(form, "regno", msg);
		}
	}
	if (!*cp.customer) {
		complaint_free(&cp);
		return ui_form_fail(form, "customer", _("customer: required"));
	}
	t = ui_form_text(form, "delivered");
	if (*t) {
		sd_date d;
		if (strlen(t) >= sizeof cp.delivered_on || !date_parse(t, &d)) {
			char msg[256];
			free(t);
			complaint_free(&cp);
			snprintf(msg, sizeof msg, "%s: %s", _("delivery date"),
			         _("expected a date like 2026-11-24"));
			return ui_form_fail(form, "delivered", msg);
		}
		snprintf(cp.delivered_on, sizeof cp.delivered_on, "%s", t);
	}
	free(t);
	t = ui_form_text(form, "quantity");
	if (!parse_count(t, &cp.quantity)) {
		free(t);
		complaint_free(&cp);
		return ui_form_fail(form, "quantity", _("quantity: expected a whole number (0 or more)"));
	}
	free(t);
	t = ui_form_text(form, "defective");
	if (!parse_count(t, &cp.defective)) {
		free(t);
		complaint_free(&cp);
		return ui_form_fail(form, "defective",
		                 _("defective quantity: expected a whole number (0 or more)"));
	}
	free(t);
	if (!*cp.description) {
		complaint_free(&cp);
		return ui_form_fail(form, "description", _("description: required"));
	}
	sd_err_clear(&err);
	rc = complaint_add(st, &cp, &err);
	if (rc != SD_OK) {
		complaint_free(&cp);
		return ui_form_fail(form, field_of(err.msg), err.msg);
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
	char *handling = ui_form_text(form, "handling");
	sd_err err;
	int rc;

	if (!*handling) {
		free(handling);
		return ui_form_fail(form, "handling", _("handling: required (how the complaint was handled)"));
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
	return ui_form_fail(form, field_of(err.msg), err.msg);
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
	ui_list_reload(&s->list, c);
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
		buf_printf(b, "%s%s", any ? ui_sep_item() : "", C_("not closed", "open"));
		any = true;
	}
	if (!any)
		buf_puts(b, _("all"));
	buf_puts(b, ui_sep_clause());
	buf_printf(b, "%s", _("newest first"));
}

/* ---------------------------------------------------------------- ops */

static const ui_list_ops list_ops = {
	.row_size = sizeof(sd_complaint_row),
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
	cpane *s = priv;

	s->cls = -1;
	ui_list_init(&s->list, &list_ops, s);
	for (int i = 0; i < CC_COUNT; i++)
		s->class_names[i] = complaint_class_name(i);
	ui_list_load_edge(&s->list, c, false);
	return SD_OK;
}

static void
pane_done(ui_ctx *c, void *priv)
{
	cpane *s = priv;
	(void)c;
	ui_list_free(&s->list);
	drop_detail(s);
}

static bool
pane_key(ui_ctx *c, void *priv, int key)
{
	cpane *s = priv;
	int act = ui_key_action(complaint_keys, SD_ARRAY_LEN(complaint_keys), key);

	if (ui_list_key(&s->list, c, key, act))
		return true;
	switch (act) {
	case ACT_OPEN:
		s->open_only = !s->open_only;
		ui_list_refilter(&s->list, c);
		break;
	case ACT_CLASS:
		s->cls = s->cls + 1 >= CC_COUNT ? -1 : s->cls + 1;
		ui_list_refilter(&s->list, c);
		break;
	case ACT_RELOAD:
		ui_list_reload(&s->list, c);
		break;
	case ACT_ADD:
		if (ui_permitted(c, ACT_COMPLAINT))
			do_add(c, s);
		break;
	case ACT_CLOSE:
		if (ui_permitted(c, ACT_COMPLAINT))
			do_close(c, s);
		break;
	default:
		return false;
	}
	return true;
}

/* the selected record, for its history */
static bool
pane_record(ui_ctx *c, void *priv, const char **table, buf *key)
{
	(void)c;
	return ui_history_selected(priv, "complaint", table, key);
}

const ui_pane_ops ui_complaint_pane = {
	.name = N_("Complaints"),
	.priv_size = sizeof(cpane),
	.init = pane_init,
	.done = pane_done,
	.reload = ui_list_pane_reload,
	.draw = ui_list_pane_draw,
	.key = pane_key,
	.click = ui_list_pane_click,
	.describe = pane_describe,
	.idle = ui_list_pane_idle,
	.keys = complaint_keys,
	.nkeys = SD_ARRAY_LEN(complaint_keys),
	.record = pane_record,
};
