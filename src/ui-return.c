/*
 * ui-return.c — the desk's returns and exchanges (退换货): the Returns pane
 * lists those not yet closed (or all), shows the selected one in full, and
 * takes it through approval, carrying out and closing; the 产品质量退换通知单
 * opens in a text view. The Ledger tab raises one for its entry here. The
 * rules live in returns.c.
 */
#include "config.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "common.h"
#include "datetime.h"
#include "doc.h"
#include "returns.h"
#include "staff.h"
#include "store.h"
#include "text.h"
#include "ui-form.h"
#include "ui-list.h"
#include "ui-pane.h"
#include "ui-return.h"
#include "ui-textview.h"

/* returns of one entry offered at most */
#define ENTRY_MAX 50

static char *
or_null(char *s)
{
	if (s && !*s) {
		free(s);
		return NULL;
	}
	return s;
}

/* Show the notice of return thno in a text view. */
static void
show_form(ui_ctx *c, const char *thno)
{
	doc_opts o = { .format = DOCF_TEXT, .width = 80 };
	sd_doc *d = NULL;
	buf out = { 0 };
	sd_err err;

	sd_err_clear(&err);
	if (return_form(c->st, thno, &d, &err) != SD_OK || doc_render(d, &o, &out, &err) != SD_OK)
		ui_message(c, true, "%s", err.msg);
	else
		ui_textview_run(c, d->title, buf_str(&out));
	doc_free(d);
	buf_free(&out);
}

/* ---------------------------------------------------------------- from the Ledger tab */

struct raise_job {
	ui_ctx *c;
	const char *regno;         /* the ledger entry, or NULL */
	long long complaint_id;    /* or the complaint (> 0) */
	char thno[24];
};

static int
save_raise(ui_form *form, void *arg)
{
	struct raise_job *job = arg;
	sd_return_new n = { .regno = job->regno, .complaint_id = job->complaint_id };
	char *part = or_null(ui_form_text(form, "part_no")), *serial = or_null(ui_form_text(form, "serial"));
	char *qty = ui_form_text(form, "qty"), *repl = or_null(ui_form_text(form, "replacement"));
	char *text = or_null(ui_form_text(form, "text")), *on = ui_form_text(form, "on");
	char *end = NULL;
	sd_err err;
	int rc;

	n.kind = ui_form_choice(form, "kind");
	n.cause = ui_form_choice(form, "cause");
	n.part_no = part;
	n.serial = serial;
	n.replacement = repl;
	n.cause_text = text;
	n.on = on;
	n.qty = strtol(qty, &end, 10);
	sd_err_clear(&err);
	if (!*qty || *end || n.qty < 1 || n.qty > 9999) {
		rc = ui_form_fail(form, "qty", _("quantity: must be 1 to 9999"));
	} else {
		rc = return_raise(job->c->st, &n, job->thno, &err);
		if (rc != SD_OK)
			rc = ui_form_fail(form, NULL, err.msg);
	}
	free(part);
	free(serial);
	free(qty);
	free(repl);
	free(text);
	free(on);
	return rc;
}

static void
raise_form(ui_ctx *c, const char *regno, long long complaint_id, const char *part_no)
{
	const char *kinds[RK_COUNT], *causes[RC_COUNT];
	struct raise_job job = { c, regno, complaint_id, "" };
	char title[256], today[11];
	ui_form form;

	if (!ui_permitted(c, ACT_RETURN_RAISE))
		return;
	for (int i = 0; i < RK_COUNT; i++)
		kinds[i] = return_kind_name(i);
	for (int i = 0; i < RC_COUNT; i++)
		causes[i] = return_cause_name(i);
	date_format(store_today(), today);
	if (regno)
		snprintf(title, sizeof title, _("Return or exchange for %s"), regno);
	else
		snprintf(title, sizeof title, _("Return or exchange for complaint %lld"), complaint_id);
	ui_form_init(&form, title);
	form.save = save_raise;
	form.arg = &job;
	ui_form_add_choice(&form, "kind", _("Kind"), kinds, RK_COUNT, RK_EXCHANGE);
	ui_form_add_text(&form, "part_no", _("Part no. (from the store)"), part_no ? part_no : "");
	ui_form_add_text(&form, "serial", _("or equipment serial no."), "");
	ui_form_add_text(&form, "qty", _("Quantity"), "1");
	ui_form_add_text(&form, "replacement", _("Replacement part (exchange)"), "");
	ui_form_add_choice(&form, "cause", _("Cause"), causes, RC_COUNT, RC_QUALITY);
	ui_form_add_area(&form, "text", _("Details of the cause"), "");
	ui_form_add_text(&form, "on", _("Raised on"), today);
	if (ui_form_run(c, &form))
		ui_message(c, false, _("Raised %s; it waits for the supervisor's approval."), job.thno);
	else
		ui_message(c, false, "%s", _("Cancelled."));
	ui_form_free(&form);
}

/* The returns of entry regno or of complaint complaint_id, offered with a new one; part_no offered in it. */
static void
offer(ui_ctx *c, const char *regno, long long complaint_id, const char *part_no)
{
	sd_return_query q = { .state = -1, .regno = regno, .complaint_id = regno ? 0 : complaint_id };
	sd_return *rows = xcalloc(ENTRY_MAX, sizeof *rows);
	char *items[ENTRY_MAX + 1];
	char title[256];
	sd_err err;
	int n = 0, k;

	if (!ui_permitted(c, ACT_LOOK)) {
		free(rows);
		return;
	}
	sd_err_clear(&err);
	if (return_page(c->st, &q, PAGE_LAST, NULL, ENTRY_MAX, rows, &n, &err) != SD_OK) {
		ui_message(c, true, "%s", err.msg);
		free(rows);
		return;
	}
	if (n == 0) {
		free(rows);
		raise_form(c, regno, complaint_id, part_no);
		return;
	}
	items[0] = xstrdup(_("Raise a new return or exchange"));
	for (int i = 0; i < n; i++) {
		buf b = { 0 };

		buf_printf(&b, "%s  %s  %s  %s", rows[i].thno, return_kind_name(rows[i].kind),
		           return_state_name(rows[i].state), rows[i].part_no ? rows[i].part_no
		           : rows[i].serial ? rows[i].serial : "");
		items[i + 1] = text_sanitize(buf_str(&b), false);
		buf_free(&b);
	}
	if (regno)
		snprintf(title, sizeof title, _("Returns and exchanges of %s"), regno);
	else
		snprintf(title, sizeof title, _("Returns and exchanges of complaint %lld"), complaint_id);
	k = ui_pick(c, title, items, n + 1);
	if (k == 0)
		raise_form(c, regno, complaint_id, part_no);
	else if (k > 0)
		show_form(c, rows[k - 1].thno);
	for (int i = 0; i <= n; i++)
		free(items[i]);
	for (int i = 0; i < n; i++)
		return_free(&rows[i]);
	free(rows);
}

void
ui_return_entry(ui_ctx *c, const char *regno)
{
	offer(c, regno, 0, NULL);
}

void
ui_return_complaint(ui_ctx *c, long long id, const char *part_no)
{
	offer(c, NULL, id, part_no);
}

/* ---------------------------------------------------------------- the pane */

enum {
	ACT_APPROVE = UI_LIST_ACTIONS, ACT_REFUSE, ACT_RECEIVE, ACT_CLOSE, ACT_FORM, ACT_ALL, ACT_RELOAD
};

static const ui_keydef return_keys[] = {
	{ ACT_APPROVE, { 'a', UI_FK(KEY_F(4)) }, "F4, a", N_("Approve"), N_("approve the return or exchange (supervisor)") },
	{ ACT_REFUSE, { 'n' }, "n", NULL, N_("refuse it, with the reason (supervisor)") },
	{ ACT_RECEIVE, { 'R', UI_FK(KEY_F(5)) }, "F5, R", N_("Carry out"),
	  N_("the product is back; an exchange's replacement is issued from the store") },
	{ ACT_CLOSE, { 'C', UI_FK(KEY_F(8)) }, "F8, C", N_("Close out"),
	  N_("close with the product's disposition (restock, repair, scrap, supplier)") },
	{ ACT_FORM, { 'p' }, "p", N_("Form"), N_("the return and exchange notice (退换通知单) to read or print") },
	{ ACT_ALL, { 'o' }, "o", NULL, N_("open ones only, or every one (toggles)") },
	UI_LIST_KEYS(N_("previous one"), N_("next one"), N_("first one"), N_("last one")),
	{ ACT_RELOAD, { 'r' }, "r", NULL, N_("reload the list") },
};

typedef struct tpane {
	ui_list list;           /* the returns: a window of rows of sd_return */
	sd_return_query q;
	sd_return det;          /* the selected one, read again */
	bool have_det;
} tpane;

_Static_assert(offsetof(tpane, list) == 0, "the list comes first");

static int
fetch_rows(ui_ctx *c, void *owner, enum sd_page_from from, const void *anchor, int limit,
           void *rows, int *n, sd_err *err)
{
	tpane *s = owner;

	return return_page(c->st, &s->q, from, anchor, limit, rows, n, err);
}

static void
free_row(void *row)
{
	return_free(row);
}

static const char *
row_ident(const void *rowp, char *scratch, size_t size)
{
	(void)scratch;
	(void)size;
	return ((const sd_return *)rowp)->thno;
}

static void
drop_detail(void *owner)
{
	tpane *s = owner;

	if (s->have_det)
		return_free(&s->det);
	memset(&s->det, 0, sizeof s->det);
	s->have_det = false;
	s->list.dscroll = 0;
}

enum { COL_NO, COL_KIND, COL_STATE, COL_CUST, COL_PRODUCT, COL_CAUSE, COL_N };

static const char *const heads[COL_N] = {
	[COL_NO] = N_("Return no."), [COL_KIND] = N_("Kind"), [COL_STATE] = N_("State"),
	[COL_CUST] = N_("Customer"), [COL_PRODUCT] = N_("Product"), [COL_CAUSE] = N_("Cause"),
};

static int
name_width(const char *(*name)(int), int n, int col)
{
	int w = ui_max_name_width(name, n), h = text_width(_(heads[col]));

	return w > h ? w : h;
}

static void
layout_columns(void *owner, int width, ui_cols *L)
{
	int w[COL_N] = { [COL_NO] = 13 };
	int minw[COL_N] = { [COL_CUST] = 10, [COL_PRODUCT] = 8 };
	static const int drop_order[] = { COL_CAUSE, COL_PRODUCT };
	bool on[COL_N];
	int extra;

	(void)owner;
	w[COL_KIND] = name_width(return_kind_name, RK_COUNT, COL_KIND);
	w[COL_STATE] = name_width(return_state_name, RTS_COUNT, COL_STATE);
	w[COL_CAUSE] = name_width(return_cause_name, RC_COUNT, COL_CAUSE);
	extra = ui_cols_fit(COL_N, w, minw, drop_order, SD_ARRAY_LEN(drop_order), width, on);
	w[COL_CUST] = minw[COL_CUST] + extra / 2;
	w[COL_PRODUCT] = minw[COL_PRODUCT] + extra - extra / 2;
	ui_cols_place(L, COL_N, w, on);
}

static const char *
empty_text(void *owner)
{
	const tpane *s = owner;

	return s->q.open_only ? _("(no open returns or exchanges; o shows every one)")
	                      : _("(no returns or exchanges: X on the Ledger tab raises one)");
}

static void
draw_row(void *owner, const void *rowp, bool selected, int y, ui_rect r, const ui_cols *L)
{
	const sd_return *row = rowp;
	int st = selected ? UI_S_SELECTED
	       : row->state == RTS_CLOSED || row->state == RTS_REFUSED ? UI_S_VOID : UI_S_NORMAL;

	(void)owner;
	ui_put(y, r.x, r.w, st, "");
	ui_cols_cell(L, r, y, COL_NO, st, row->thno);
	ui_cols_cell(L, r, y, COL_KIND, st, return_kind_name(row->kind));
	ui_cols_cell(L, r, y, COL_STATE, st, return_state_name(row->state));
	ui_cols_cell(L, r, y, COL_CUST, st, row->customer);
	ui_cols_cell(L, r, y, COL_PRODUCT, st, row->product ? row->product : row->part_no ? row->part_no : row->serial);
	ui_cols_cell(L, r, y, COL_CAUSE, st, return_cause_name(row->cause));
}

static bool
load_detail(ui_ctx *c, void *owner)
{
	tpane *s = owner;
	const sd_return *row = ui_list_selected(&s->list);
	sd_err err;

	if (!row) {
		drop_detail(s);
		return false;
	}
	if (s->have_det && strcmp(s->det.thno, row->thno) == 0)
		return true;
	drop_detail(s);
	sd_err_clear(&err);
	if (return_get(c->st, row->thno, &s->det, &err) != SD_OK) {
		return_free(&s->det);
		ui_message(c, true, "%s", err.msg);
		return false;
	}
	s->have_det = true;
	return true;
}

static void
build_detail(const void *owner, int width, ui_dlines *d)
{
	const tpane *s = owner;
	const sd_return *r = &s->det;
	const char *const labels[] = {
		_("Return no."), _("Kind"), _("Register no."), _("Complaint no."), _("Customer"), _("Product"),
		_("Serial no."), _("Part no."), _("Quantity"), _("Replacement part"), _("Cause"), _("Details of the cause"),
		_("State"), _("Raised"), _("Approval"), _("Approval remark"), _("Received back"), _("Closed"),
		_("Disposition"), _("Repair order no."), _("Remarks"),
	};
	int lw = ui_dl_label_width(labels, SD_ARRAY_LEN(labels), width);
	char n[32];
	buf v = { 0 };
	size_t i = 0;

#define F(val) ui_dl_field(d, lw, width, labels[i++], (val))
#define SIG(on, who) do { buf_reset(&v); if ((on)[0]) buf_printf(&v, "%s%s%s", (on), text_sep_item(), (who) ? (who) : ""); \
	F(buf_str(&v)); } while (0)
	F(r->thno);
	F(return_kind_name(r->kind));
	F(r->regno);
	n[0] = '\0';
	if (r->complaint_id > 0)
		snprintf(n, sizeof n, "%lld", r->complaint_id);
	F(n);
	F(r->customer);
	F(r->product);
	F(r->serial);
	F(r->part_no);
	snprintf(n, sizeof n, "%ld", r->qty);
	F(n);
	F(r->kind == RK_EXCHANGE ? (r->replacement ? r->replacement : r->part_no) : NULL);
	F(return_cause_name(r->cause));
	F(r->cause_text);
	F(return_state_name(r->state));
	SIG(r->raised_on, r->raised_by);
	buf_reset(&v);
	if (r->decided_on[0])
		buf_printf(&v, "%s, %s, %s", r->state == RTS_REFUSED ? _("refused") : _("approved"), r->decided_on,
		           r->decided_by ? r->decided_by : "");
	F(buf_str(&v));
	F(r->decision_note);
	SIG(r->received_on, r->received_by);
	SIG(r->closed_on, r->closed_by);
	F(r->disposition >= 0 ? return_disp_name(r->disposition) : NULL);
	F(r->repair_no);
	F(r->close_note);
#undef F
#undef SIG
	buf_free(&v);
}

/* ---------------------------------------------------------------- steps */

struct step_job {
	ui_ctx *c;
	tpane *s;
	int step;
};

static int
save_step(ui_form *form, void *arg)
{
	struct step_job *job = arg;
	sd_return_args a = { .disposition = -1 };
	char *on = ui_form_text(form, "on"), *note = NULL, *rm = NULL;
	sd_err err;
	int rc;

	a.on = on;
	if (job->step != RTSTEP_RECEIVE)
		a.note = note = or_null(ui_form_text(form, "note"));
	if (job->step == RTSTEP_CLOSE) {
		a.disposition = ui_form_choice(form, "disposition");
		a.repair_no = rm = or_null(ui_form_text(form, "repair_no"));
	}
	sd_err_clear(&err);
	rc = return_step(job->c->st, job->s->det.thno, job->step, &a, job->s->det.version, &err);
	free(on);
	free(note);
	free(rm);
	return rc == SD_OK ? SD_OK : ui_form_fail(form, NULL, err.msg);
}

static void
do_step(ui_ctx *c, tpane *s, int step)
{
	static const char *const titles[RTSTEP_COUNT] = {
		N_("Approve"), N_("Refuse"), N_("Carry out"), N_("Close out"),
	};
	const char *disps[RD_COUNT];
	struct step_job job = { c, s, step };
	char title[256], today[11];
	ui_form form;

	if (!ui_list_selection(&s->list, c, true, _("No return or exchange selected.")))
		return;
	if (!ui_permitted(c, step == RTSTEP_APPROVE || step == RTSTEP_REFUSE ? ACT_RETURN_APPROVE
	                                                                      : ACT_RETURN_CARRY))
		return;
	{
		const char *why;
		if (return_next_state(s->det.state, step, &why) < 0) {
			ui_message(c, true, _("%s: %s"), s->det.thno, why);
			return;
		}
	}
	for (int i = 0; i < RD_COUNT; i++)
		disps[i] = return_disp_name(i);
	date_format(store_today(), today);
	snprintf(title, sizeof title, _("%s: %s"), _(titles[step]), s->det.thno);
	ui_form_init(&form, title);
	form.save = save_step;
	form.arg = &job;
	if (step == RTSTEP_CLOSE) {
		ui_form_add_choice(&form, "disposition", _("Disposition"), disps, RD_COUNT,
		                   s->det.part_no ? RD_RESTOCK : RD_SCRAP);
		ui_form_add_text(&form, "repair_no", _("Repair order no. (repair)"), "");
	}
	if (step != RTSTEP_RECEIVE)
		ui_form_add_area(&form, "note", step == RTSTEP_REFUSE ? _("Reason") : _("Remark"), "");
	ui_form_add_text(&form, "on", _("Date"), today);
	if (ui_form_run(c, &form))
		ui_message(c, false, _("Saved %s."), s->det.thno);
	else
		ui_message(c, false, "%s", _("Cancelled."));
	ui_form_free(&form);
	drop_detail(s);
	ui_list_reload(&s->list, c);
}

static void
pane_describe(ui_ctx *c, void *priv, buf *b)
{
	tpane *s = priv;

	(void)c;
	buf_puts(b, s->q.open_only ? _("open returns and exchanges, by date raised")
	                           : _("every return and exchange, by date raised"));
}

static const ui_list_ops list_ops = {
	.row_size = sizeof(sd_return),
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
	tpane *s = priv;

	s->q.open_only = true;
	s->q.state = -1;
	ui_list_init(&s->list, &list_ops, s);
	ui_list_load_edge(&s->list, c, false);
	return SD_OK;
}

static void
pane_done(ui_ctx *c, void *priv)
{
	tpane *s = priv;

	(void)c;
	ui_list_free(&s->list);
	drop_detail(s);
}

static bool
pane_key(ui_ctx *c, void *priv, int key)
{
	tpane *s = priv;
	int act = ui_key_action(return_keys, SD_ARRAY_LEN(return_keys), key);

	if (!c->detail_focus && (act == UI_LIST_HOME || act == UI_LIST_END))
		drop_detail(s);
	if (ui_list_key(&s->list, c, key, act))
		return true;
	switch (act) {
	case ACT_RELOAD:
		ui_list_reload(&s->list, c);
		break;
	case ACT_APPROVE:
		do_step(c, s, RTSTEP_APPROVE);
		break;
	case ACT_REFUSE:
		do_step(c, s, RTSTEP_REFUSE);
		break;
	case ACT_RECEIVE:
		do_step(c, s, RTSTEP_RECEIVE);
		break;
	case ACT_CLOSE:
		do_step(c, s, RTSTEP_CLOSE);
		break;
	case ACT_FORM:
		if (ui_list_selection(&s->list, c, false, _("No return or exchange selected.")))
			show_form(c, s->det.thno);
		break;
	case ACT_ALL:
		s->q.open_only = !s->q.open_only;
		ui_list_refilter(&s->list, c);
		break;
	default:
		return false;
	}
	return true;
}

static bool
pane_record(ui_ctx *c, void *priv, const char **table, buf *key)
{
	(void)c;
	return ui_history_selected(priv, "return_order", table, key);
}

const ui_pane_ops ui_return_pane = {
	.name = N_("Returns"),
	.priv_size = sizeof(tpane),
	.init = pane_init,
	.done = pane_done,
	.reload = ui_list_pane_reload,
	.draw = ui_list_pane_draw,
	.key = pane_key,
	.click = ui_list_pane_click,
	.describe = pane_describe,
	.idle = ui_list_pane_idle,
	.keys = return_keys,
	.nkeys = SD_ARRAY_LEN(return_keys),
	.record = pane_record,
};
