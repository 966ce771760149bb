/*
 * ui-complaint.c — the complaints pane (投诉): a list that pages through the
 * complaints, newest first (only a window of rows around the screen is
 * held), with an open/closed mark; the whole complaint in the detail part
 * with the state of the linked ledger entry, its handling and its progress
 * log; filters (open only, class); and the actions, each a form: record a
 * complaint, handle it (cause, responsibility, severity, corrective action,
 * claim), log progress or a reply, approve (supervisor), check the action,
 * settle the claim, escalate to the general manager, close it out. A
 * complaint whose first reply is overdue is marked in the list.
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
#include "money.h"
#include "sla.h"
#include "staff.h"
#include "text.h"
#include "ui-pane.h"
#include "ui-form.h"
#include "ui-list.h"
#include "ui-return.h"

enum {
	ACT_OPEN = UI_LIST_ACTIONS, ACT_CLASS, ACT_RELOAD, ACT_ADD, ACT_CLOSE,
	ACT_HANDLE, ACT_PROGRESS, ACT_APPROVE, ACT_VERIFY, ACT_SETTLE, ACT_ESCALATE,
	ACT_RETURN_GOODS
};

static const ui_keydef complaint_keys[] = {
	{ ACT_ADD, { 'a', UI_FK(KEY_F(2)) }, "F2, a", N_("Record"),
	  N_("record a complaint") },
	{ ACT_CLOSE, { 'C', UI_FK(KEY_F(8)) }, "F8, C", N_("Close out"),
	  N_("close out the selected complaint (handling required)") },
	{ ACT_HANDLE, { 'h' }, "h", N_("Handle"),
	  N_("cause, responsibility, severity, corrective action and claim of the selected complaint") },
	{ ACT_PROGRESS, { 'p' }, "p", N_("Progress"),
	  N_("add to the progress log: a step of the handling or a reply to the customer") },
	{ ACT_APPROVE, { 'A' }, "A", N_("Approve"),
	  N_("approve a serious or major complaint (supervisor)") },
	{ ACT_VERIFY, { 'v' }, "v", NULL, N_("record the check of the corrective action") },
	{ ACT_SETTLE, { 's' }, "s", NULL, N_("record the settlement of the claim") },
	{ ACT_ESCALATE, { 'E' }, "E", NULL, N_("record the escalation to the general manager and its outcome") },
	{ ACT_RETURN_GOODS, { 'X' }, "X", NULL, N_("raise a return or exchange for the complaint, or show its ones") },
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
	const char *severity_names[CS_COUNT];
	const char *kind_names[CP_COUNT];
	buf progress;              /* the progress log of the selected complaint, one entry a line */
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
	buf_free(&s->progress);
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

/* an open complaint whose first reply is overdue */
static const char *
overdue_mark(void)
{
	return _("no reply");
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
	if (text_width(overdue_mark()) > w[COL_MARK])
		w[COL_MARK] = text_width(overdue_mark());
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
	bool late = row->open && row->reply_state == SLA_OVERDUE;
	int st = selected ? UI_S_SELECTED : late ? UI_S_URGENT : row->open ? UI_S_NORMAL : UI_S_VOID;
	char num[32], recv[17];

	(void)owner;
	ui_put(y, r.x, r.w, st, "");
	snprintf(num, sizeof num, "%lld", row->id);
	/* the date alone when the column has no room for the time */
	snprintf(recv, sizeof recv, "%s", row->received_at);
	if (L->w[COL_RECEIVED] < 16)
		recv[10] = '\0';
	ui_cols_cell(L, r, y, COL_MARK, st, late ? overdue_mark() : row_mark(row->open));
	ui_cols_cell(L, r, y, COL_NO, st, num);
	ui_cols_cell(L, r, y, COL_RECEIVED, st, recv);
	ui_cols_cell(L, r, y, COL_CLASS, st,
	             row->cls >= 0 && row->cls < CC_COUNT ? _(class_short[row->cls]) : "");
	ui_cols_cell(L, r, y, COL_CUSTOMER, st, row->customer);
	ui_cols_cell(L, r, y, COL_REGNO, st, row->regno);
	ui_cols_cell(L, r, y, COL_DESC, st, row->summary);
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

/* one entry of the progress log as a line: "time  login  [kind]  text" */
static int
collect_progress(const sd_complaint_progress *p, void *arg)
{
	buf *b = arg;

	buf_printf(b, "%s  %s  [%s]  %s\n", p->at, p->by ? p->by : "", complaint_progress_kind_name(p->kind),
	           p->text ? p->text : "");
	return SD_OK;
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
			buf_printf(&b, "%s%s", text_sep_item(), ledger_state_name(l.state));
			if (l.paused)
				buf_printf(&b, "%s%s%s", text_paren_open(), _("clocks paused"), text_paren_close());
		}
		ledger_free(&l);
		s->ledger_desc = buf_steal(&b);
	}
	s->recv_name = person(c, s->det.received_by);
	s->closed_name = person(c, s->det.closed_by);
	sd_err_clear(&err);
	if (complaint_progress_each(c->st, id, collect_progress, &s->progress, &err) != SD_OK)
		ui_message(c, true, "%s", err.msg);
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

	/* the handling: h, A, v, s, g */
	const char *const hl[] = {
		_("Severity"), _("Cause"), _("Responsible department"), _("Responsible person"), _("Approved"),
		_("Corrective action"), _("Checked"), _("Claim"), _("Settled"), _("General manager"),
		_("First reply"),
	};
	int hw = ui_dl_label_width(hl, SD_ARRAY_LEN(hl), width);
	buf t = { 0 };
	char m[32];

	ui_dl_heading(d, _("Handling"));
	buf_puts(&t, complaint_severity_name(p->severity));
	if (complaint_needs_approval(p->severity) && !p->approved_at[0])
		buf_printf(&t, "%s%s%s", text_paren_open(), _("awaiting the supervisor's approval"), text_paren_close());
	ui_dl_field(d, hw, width, hl[0], buf_str(&t));
	ui_dl_field(d, hw, width, hl[1], p->cause);
	ui_dl_field(d, hw, width, hl[2], p->department);
	ui_dl_field(d, hw, width, hl[3], p->responsible);
	if (p->approved_by) {
		buf_reset(&t);
		buf_printf(&t, "%s%s%s", p->approved_by, text_sep_item(), p->approved_at);
		if (p->approval_note && *p->approval_note)
			buf_printf(&t, "%s%s", text_sep_note(), p->approval_note);
		ui_dl_field(d, hw, width, hl[4], buf_str(&t));
	}
	ui_dl_field(d, hw, width, hl[5], p->corrective);
	if (p->verified_by) {
		buf_reset(&t);
		buf_printf(&t, "%s%s%s%s%s", p->verified_by, text_sep_item(), p->verified_at, text_sep_note(), p->verify_result ? p->verify_result : "");
		ui_dl_field(d, hw, width, hl[6], buf_str(&t));
	}
	if (p->claim_fen >= 0) {
		money_format(p->claim_fen, m);
		ui_dl_field(d, hw, width, hl[7], m);
	}
	if (p->settled_fen >= 0) {
		money_format(p->settled_fen, m);
		buf_reset(&t);
		buf_printf(&t, "%s%s%s", m, text_sep_item(), p->settled_on);
		ui_dl_field(d, hw, width, hl[8], buf_str(&t));
	}
	if (p->gm_escalated_on[0]) {
		buf_reset(&t);
		buf_printf(&t, _("escalated on %s"), p->gm_escalated_on);
		if (p->gm_outcome && *p->gm_outcome)
			buf_printf(&t, "%s%s", text_sep_note(), p->gm_outcome);
		ui_dl_field(d, hw, width, hl[9], buf_str(&t));
	}
	buf_reset(&t);
	if (p->reply_due[0])
		buf_printf(&t, _("due %s"), p->reply_due);
	if (p->replied_at[0])
		buf_printf(&t, "%s%s", t.len ? _(", replied ") : "", p->replied_at);
	else if (p->reply_due[0] && !p->closed_at[0]) {
		char now[17];
		sd_time tn, due;
		store_now(now);
		if (time_parse(now, &tn) && time_parse(p->reply_due, &due) && tn > due)
			buf_printf(&t, "%s%s%s", text_paren_open(), sla_state_name(SLA_OVERDUE), text_paren_close());
	}
	ui_dl_field(d, hw, width, hl[10], buf_str(&t));
	buf_free(&t);

	ui_dl_heading(d, _("Progress"));
	if (!s->progress.len)
		ui_dl_add(d, xstrdup(_("(none yet: p adds an entry)")), UI_S_NORMAL);
	for (const char *l = buf_str(&s->progress); s->progress.len && *l;) {
		size_t k = strcspn(l, "\n");
		char *one = xmalloc(k + 1);
		memcpy(one, l, k);
		one[k] = '\0';
		ui_dl_field(d, 0, width, "", one);
		free(one);
		l += k + (l[k] == '\n');
	}

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

enum { FORM_ADD, FORM_CLOSE, FORM_HANDLE, FORM_PROGRESS, FORM_APPROVE, FORM_VERIFY, FORM_SETTLE,
       FORM_ESCALATE };

typedef struct form_job {
	ui_ctx *c;
	cpane *s;
	int kind;
	long long id;           /* the complaint recorded or closed out */
	int version;            /* the complaint's version as the form read it */
	bool conflict;          /* refused: closed out or changed meanwhile */
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
		{ _("cause"), "cause" }, { _("responsible department"), "department" },
		{ _("responsible person"), "responsible" }, { _("severity"), "severity" },
		{ _("corrective action"), "corrective" }, { _("claim"), "claim" },
		{ _("text"), "text" }, { _("note"), "note" }, { _("result of the check"), "result" },
		{ _("amount settled"), "amount" }, { _("settled on"), "on" }, { _("escalated on"), "on" },
		{ _("outcome"), "outcome" },
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
			snprintf(msg, sizeof msg, _("%s: %s"), _("delivery date"),
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

/* Is complaint id stored now at another version than the form read (changed at another desk)? */
static bool
changed_now(ui_ctx *c, long long id, int version)
{
	sd_complaint p;
	sd_err err;
	bool changed = false;

	sd_err_clear(&err);
	if (complaint_get(c->st, id, &p, &err) == SD_OK)
		changed = p.version != version;
	complaint_free(&p);
	return changed;
}

/* An amount in yuan from the form: "" is -1 (none); false if not valid. */
static bool
parse_yuan(const char *t, long long *fen)
{
	int64_t f;

	*fen = -1;
	if (!*t)
		return true;
	if (!money_parse(t, &f) || f < 0)
		return false;
	*fen = f;
	return true;
}

/* After a refusal: a change made meanwhile closes the form and shows it; else the field is named. */
static int
refused(ui_form *form, form_job *job, const sd_err *err)
{
	if (job->version && changed_now(job->c, job->id, job->version)) {
		job->conflict = true;
		snprintf(job->conflict_msg, sizeof job->conflict_msg, "%s", err->msg);
		return SD_OK;
	}
	return ui_form_fail(form, field_of(err->msg), err->msg);
}

static int
save_handle(ui_form *form, form_job *job)
{
	sd_complaint cp;
	sd_err err;
	char *claim;
	int rc;

	sd_err_clear(&err);
	if ((rc = complaint_get(job->c->st, job->id, &cp, &err)) != SD_OK)
		return ui_form_fail(form, NULL, err.msg);
	/* the version the form was opened with: a change made meanwhile is refused */
	cp.version = job->version;
	free(cp.cause);
	free(cp.department);
	free(cp.responsible);
	free(cp.corrective);
	free(cp.handling);
	cp.cause = ui_form_text(form, "cause");
	cp.department = ui_form_text(form, "department");
	cp.responsible = ui_form_text(form, "responsible");
	cp.severity = ui_form_choice(form, "severity");
	cp.corrective = ui_form_text(form, "corrective");
	cp.handling = ui_form_text(form, "handling");
	claim = ui_form_text(form, "claim");
	bool ok = parse_yuan(claim, &cp.claim_fen);
	free(claim);
	if (!ok) {
		complaint_free(&cp);
		return ui_form_fail(form, "claim", _("claim: expected an amount in yuan, e.g. 1200 or 1200.50"));
	}
	rc = complaint_handle(job->c->st, &cp, &err);
	complaint_free(&cp);
	return rc == SD_OK ? SD_OK : refused(form, job, &err);
}

static int
save_other(ui_form *form, form_job *job)
{
	store *st = job->c->st;
	sd_err err;
	char *a = NULL, *b = NULL;
	int rc = SD_OK;

	sd_err_clear(&err);
	switch (job->kind) {
	case FORM_PROGRESS:
		a = ui_form_text(form, "text");
		rc = complaint_progress_add(st, job->id, ui_form_choice(form, "kind"), a, &err);
		break;
	case FORM_APPROVE:
		a = ui_form_text(form, "note");
		rc = complaint_approve(st, job->id, job->version, a, &err);
		break;
	case FORM_VERIFY:
		a = ui_form_text(form, "result");
		rc = complaint_verify(st, job->id, job->version, a, &err);
		break;
	case FORM_SETTLE: {
		long long fen;
		a = ui_form_text(form, "amount");
		b = ui_form_text(form, "on");
		if (!*a || !parse_yuan(a, &fen)) {
			free(a);
			free(b);
			return ui_form_fail(form, "amount", _("amount settled: expected an amount in yuan, e.g. 800"));
		}
		rc = complaint_settle(st, job->id, job->version, fen, b, &err);
		break;
	}
	case FORM_ESCALATE:
		a = ui_form_text(form, "on");
		b = ui_form_text(form, "outcome");
		rc = complaint_escalate(st, job->id, job->version, a, b, &err);
		break;
	}
	free(a);
	free(b);
	return rc == SD_OK ? SD_OK : refused(form, job, &err);
}

static int
form_save(ui_form *form, void *arg)
{
	form_job *job = arg;

	switch (job->kind) {
	case FORM_ADD:
		return save_add(form, job);
	case FORM_CLOSE:
		return save_close(form, job);
	case FORM_HANDLE:
		return save_handle(form, job);
	default:
		return save_other(form, job);
	}
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

/*
 * One of the handling forms on the selected complaint (read again first:
 * another desk may have changed it). The complaint stays selected.
 */
static void
do_form(ui_ctx *c, cpane *s, int kind)
{
	ui_form form;
	form_job job;
	char title[160], m[32];
	const sd_complaint *p;

	drop_detail(s);
	load_detail(c, s);
	if (!s->have_det) {
		if (!c->msg[0])
			ui_message(c, true, "%s", _("No complaint selected."));
		return;
	}
	p = &s->det;
	if (p->closed_at[0] && kind != FORM_PROGRESS && kind != FORM_SETTLE) {
		ui_message(c, true, _("complaint %lld is already closed"), p->id);
		return;
	}
	if (kind == FORM_APPROVE && !complaint_needs_approval(p->severity)) {
		ui_message(c, true, _("complaint %lld is %s: only serious and major complaints are approved"),
		           p->id, complaint_severity_name(p->severity));
		return;
	}
	memset(&job, 0, sizeof job);
	job.c = c;
	job.s = s;
	job.kind = kind;
	job.id = p->id;
	job.version = kind == FORM_PROGRESS ? 0 : p->version;
	switch (kind) {
	case FORM_HANDLE:
		snprintf(title, sizeof title, _("Handle complaint %lld"), job.id);
		break;
	case FORM_PROGRESS:
		snprintf(title, sizeof title, _("Progress of complaint %lld"), job.id);
		break;
	case FORM_APPROVE:
		snprintf(title, sizeof title, _("Approve complaint %lld (%s)"), job.id,
		         complaint_severity_name(p->severity));
		break;
	case FORM_VERIFY:
		snprintf(title, sizeof title, _("Check the corrective action of complaint %lld"), job.id);
		break;
	case FORM_SETTLE:
		snprintf(title, sizeof title, _("Settle the claim of complaint %lld"), job.id);
		break;
	default:
		snprintf(title, sizeof title, _("Complaint %lld to the general manager"), job.id);
		break;
	}
	ui_form_init(&form, title);
	form.save = form_save;
	form.arg = &job;
	switch (kind) {
	case FORM_HANDLE:
		m[0] = '\0';
		if (p->claim_fen >= 0)
			money_format(p->claim_fen, m);
		ui_form_add_choice(&form, "severity", _("Severity"), s->severity_names, CS_COUNT, p->severity);
		ui_form_add_area(&form, "cause", _("Cause"), p->cause);
		ui_form_add_text(&form, "department", _("Responsible department"), p->department);
		ui_form_add_text(&form, "responsible", _("Responsible person"), p->responsible);
		ui_form_add_area(&form, "corrective", _("Corrective action"), p->corrective);
		ui_form_add_text(&form, "claim", _("Claim (yuan)"), m);
		ui_form_add_area(&form, "handling", _("Handling"), p->handling);
		form.focus = ui_form_find(&form, "cause");
		break;
	case FORM_PROGRESS:
		ui_form_add_choice(&form, "kind", _("Kind"), s->kind_names, CP_COUNT,
		                   p->replied_at[0] ? CP_NOTE : CP_REPLY);
		ui_form_add_area(&form, "text", _("Text"), "");
		form.focus = ui_form_find(&form, "text");
		break;
	case FORM_APPROVE:
		ui_form_add_area(&form, "note", _("Note"), "");
		form.focus = ui_form_find(&form, "note");
		break;
	case FORM_VERIFY:
		ui_form_add_area(&form, "result", _("Result of the check"), p->verify_result);
		form.focus = ui_form_find(&form, "result");
		break;
	case FORM_SETTLE:
		m[0] = '\0';
		if (p->settled_fen >= 0)
			money_format(p->settled_fen, m);
		ui_form_add_text(&form, "amount", _("Amount agreed or paid (yuan)"), m);
		ui_form_add_text(&form, "on", _("Date (empty: today)"), p->settled_on);
		form.focus = ui_form_find(&form, "amount");
		break;
	default:
		ui_form_add_text(&form, "on", _("Date (empty: today)"), p->gm_escalated_on);
		ui_form_add_area(&form, "outcome", _("Outcome of the escalation"), p->gm_outcome);
		form.focus = ui_form_find(&form, "on");
		break;
	}
	bool saved = ui_form_run(c, &form);
	ui_form_free(&form);
	if (!saved)
		ui_message(c, false, "%s", _("Cancelled."));
	else if (job.conflict)
		ui_message(c, true, _("Not saved: %s (the current values are shown)"), job.conflict_msg);
	else
		ui_message(c, false, _("Saved complaint %lld."), job.id);
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
	for (int i = 0; i < CS_COUNT; i++)
		s->severity_names[i] = complaint_severity_name(i);
	for (int i = 0; i < CP_COUNT; i++)
		s->kind_names[i] = complaint_progress_kind_name(i);
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
	case ACT_HANDLE:
		if (ui_permitted(c, ACT_COMPLAINT_HANDLE))
			do_form(c, s, FORM_HANDLE);
		break;
	case ACT_PROGRESS:
		if (ui_permitted(c, ACT_COMPLAINT))
			do_form(c, s, FORM_PROGRESS);
		break;
	case ACT_APPROVE:
		if (ui_permitted(c, ACT_COMPLAINT_APPROVE))
			do_form(c, s, FORM_APPROVE);
		break;
	case ACT_RETURN_GOODS:
		load_detail(c, s);
		if (!s->have_det)
			ui_message(c, true, "%s", _("No complaint selected."));
		else
			ui_return_complaint(c, s->det.id, s->det.part_no);
		break;
	case ACT_VERIFY:
		if (ui_permitted(c, ACT_COMPLAINT_HANDLE))
			do_form(c, s, FORM_VERIFY);
		break;
	case ACT_SETTLE:
		if (ui_permitted(c, ACT_COMPLAINT_HANDLE))
			do_form(c, s, FORM_SETTLE);
		break;
	case ACT_ESCALATE:
		if (ui_permitted(c, ACT_COMPLAINT_HANDLE))
			do_form(c, s, FORM_ESCALATE);
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
