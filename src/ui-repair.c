/*
 * ui-repair.c — the desk's factory repairs (返厂维修) and loan units
 * (备用机): the Factory pane lists the products at the factory (or every
 * repair order) with the days each has been away, shows the selected order
 * in full with its parts, and takes it through the workshop's steps; the
 * repair commission (委托维修单) and the loan units out open in text views.
 * The Ledger tab opens a new order, the entry's orders and its loan here.
 * The rules live in repair.c.
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
#include "money.h"
#include "repair.h"
#include "staff.h"
#include "store.h"
#include "text.h"
#include "ui-form.h"
#include "ui-list.h"
#include "ui-pane.h"
#include "ui-repair.h"
#include "ui-textview.h"

/* loans and orders shown at most in a text view */
#define VIEW_MAX 400

/* ---------------------------------------------------------------- from the Ledger tab */

struct open_job {
	ui_ctx *c;
	const char *regno;
	char rmno[24];
};

static char *
or_null(char *s)
{
	if (s && !*s) {
		free(s);
		return NULL;
	}
	return s;
}

static int
save_open(ui_form *form, void *arg)
{
	struct open_job *job = arg;
	sd_repair_open o = { .regno = job->regno };
	char *serial = ui_form_text(form, "product"), *items = ui_form_text(form, "items");
	char *note = or_null(ui_form_text(form, "note")), *on = ui_form_text(form, "on");
	char *carrier = or_null(ui_form_text(form, "carrier")), *waybill = or_null(ui_form_text(form, "waybill"));
	sd_err err;
	int rc;

	o.serial = serial;
	o.note = note;
	o.on = on;
	o.carrier = carrier;
	o.waybill = waybill;
	o.items = atoi(items);
	sd_err_clear(&err);
	if (o.items < 1 || o.items > 9999) {
		rc = ui_form_fail(form, "items", _("pieces: must be 1 to 9999"));
	} else {
		rc = repair_open(job->c->st, &o, job->rmno, &err);
		if (rc != SD_OK)
			rc = ui_form_fail(form, NULL, err.msg);
	}
	free(serial);
	free(items);
	free(note);
	free(on);
	free(carrier);
	free(waybill);
	return rc;
}

void
ui_repair_open(ui_ctx *c, const char *regno, const char *serial)
{
	struct open_job job = { c, regno, "" };
	char title[256], today[11];
	ui_form form;

	if (!ui_permitted(c, ACT_REPAIR_RECEIVE))
		return;
	date_format(store_today(), today);
	snprintf(title, sizeof title, _("Factory repair order for %s"), regno);
	ui_form_init(&form, title);
	form.save = save_open;
	form.arg = &job;
	ui_form_add_text(&form, "product", _("Product serial no."), serial ? serial : "");
	ui_form_add_text(&form, "items", _("Pieces"), "1");
	ui_form_add_text(&form, "on", _("Received on"), today);
	ui_form_add_text(&form, "carrier", _("Carrier to factory"), "");
	ui_form_add_text(&form, "waybill", _("Waybill to factory"), "");
	ui_form_add_area(&form, "note", _("Fault as reported, accessories"), "");
	if (ui_form_run(c, &form))
		ui_message(c, false, _("Opened repair order %s."), job.rmno);
	else
		ui_message(c, false, "%s", _("Cancelled."));
	ui_form_free(&form);
}

/* One order as lines of a text (strings sanitised by the text view). */
static void
order_text(buf *b, const sd_repair *r)
{
	buf_printf(b, "%s  %s  %s %s  %s %s\n", r->rmno, repair_state_name(r->state),
	           r->serial ? r->serial : "", r->model ? r->model : "", _("received on"), r->received_on);
	/* TRANSLATORS: days a product has been away at the factory. */
	buf_printf(b, "  %s: %ld\n", _("Days away"), r->days_away);
	if (r->findings)
		buf_printf(b, "  %s: %s\n", _("Findings"), r->findings);
	if (r->returned_on[0])
		buf_printf(b, "  %s: %s %s %s\n", _("Returned"), r->returned_on,
		           r->out_carrier ? r->out_carrier : "", r->out_waybill ? r->out_waybill : "");
}

void
ui_repair_entry(ui_ctx *c, const char *regno)
{
	sd_repair_query q = { .regno = regno };
	sd_repair *rows = xcalloc(VIEW_MAX, sizeof *rows);
	char title[256];
	sd_loan l;
	buf b = { 0 };
	sd_err err;
	int n = 0;

	if (!ui_permitted(c, ACT_LOOK)) {
		free(rows);
		return;
	}
	sd_err_clear(&err);
	if (repair_page(c->st, &q, PAGE_FIRST, NULL, VIEW_MAX, rows, &n, &err) != SD_OK) {
		ui_message(c, true, "%s", err.msg);
		free(rows);
		return;
	}
	buf_printf(&b, "%s\n", _("Factory repair orders:"));
	if (n == 0)
		buf_printf(&b, "  %s\n", _("none (R opens one)"));
	for (int i = 0; i < n; i++) {
		order_text(&b, &rows[i]);
		repair_free(&rows[i]);
	}
	free(rows);
	buf_printf(&b, "\n%s\n", _("Loan unit out:"));
	if (loan_of_entry(c->st, regno, &l, &err) == SD_OK) {
		buf_printf(&b, "  %s %s  %s %s (%ld)\n", l.unit, l.model ? l.model : "", _("lent"), l.lent_on,
		           l.days_out);
		loan_free(&l);
	} else {
		buf_printf(&b, "  %s\n", _("none (N lends one)"));
	}
	snprintf(title, sizeof title, _("Factory repairs and loan unit of %s"), regno);
	ui_textview_run(c, title, buf_str(&b));
	buf_free(&b);
}

struct loan_job {
	ui_ctx *c;
	const char *regno;
};

static int
save_loan(ui_form *form, void *arg)
{
	struct loan_job *job = arg;
	char *unit = ui_form_text(form, "unit"), *on = ui_form_text(form, "on");
	char *note = or_null(ui_form_text(form, "note"));
	sd_err err;
	int rc;

	sd_err_clear(&err);
	rc = loan_lend(job->c->st, job->regno, unit, on, note, &err);
	free(unit);
	free(on);
	free(note);
	return rc == SD_OK ? SD_OK : ui_form_fail(form, NULL, err.msg);
}

void
ui_repair_loan(ui_ctx *c, const char *regno)
{
	char title[256], today[11], q[256];
	sd_loan l;
	sd_err err;

	if (!ui_permitted(c, ACT_LOAN))
		return;
	date_format(store_today(), today);
	sd_err_clear(&err);
	if (loan_of_entry(c->st, regno, &l, &err) == SD_OK) {
		char *unit = text_sanitize(l.unit, false);

		snprintf(q, sizeof q, _("Loan unit %s came back today? (y/n)"), unit);
		free(unit);
		if (!ui_confirm(c, q))
			ui_message(c, false, "%s", _("Cancelled."));
		else if (loan_return(c->st, regno, NULL, NULL, &err) != SD_OK)
			ui_message(c, true, "%s", err.msg);
		else
			ui_message(c, false, _("Loan unit of %s returned."), regno);
		loan_free(&l);
		return;
	}
	{
		struct loan_job job = { c, regno };
		ui_form form;

		snprintf(title, sizeof title, _("Lend a loan unit to %s"), regno);
		ui_form_init(&form, title);
		form.save = save_loan;
		form.arg = &job;
		ui_form_add_text(&form, "unit", _("Loan unit serial no."), "");
		ui_form_add_text(&form, "on", _("Lent on"), today);
		ui_form_add_text(&form, "note", _("Note"), "");
		if (ui_form_run(c, &form))
			ui_message(c, false, _("Loan unit lent to %s."), regno);
		else
			ui_message(c, false, "%s", _("Cancelled."));
		ui_form_free(&form);
	}
}

/* ---------------------------------------------------------------- the pane */

enum {
	ACT_START = UI_LIST_ACTIONS, ACT_DONE, ACT_SCRAP, ACT_RETURN, ACT_FORM, ACT_ALL, ACT_LOANS,
	ACT_RELOAD
};

static const ui_keydef repair_keys[] = {
	{ ACT_START, { 's' }, "s", N_("Start"), N_("the workshop began the repair") },
	{ ACT_DONE, { 'd', UI_FK(KEY_F(4)) }, "F4, d", N_("Done"),
	  N_("the repair is finished: findings, tests done, repairer") },
	{ ACT_SCRAP, { 'x' }, "x", NULL, N_("scrap the product (not worth repairing): findings") },
	{ ACT_RETURN, { 'R', UI_FK(KEY_F(8)) }, "F8, R", N_("Return"),
	  N_("the product was sent back: carrier and waybill") },
	{ ACT_FORM, { 'p' }, "p", N_("Form"), N_("the repair commission (委托维修单) to read or print") },
	{ ACT_ALL, { 'a' }, "a", NULL, N_("every order, or only the products at the factory (toggles)") },
	{ ACT_LOANS, { 'L' }, "L", N_("Loans"), N_("the loan units out, with days out") },
	UI_LIST_KEYS(N_("previous order"), N_("next order"), N_("first order"), N_("last order")),
	{ ACT_RELOAD, { 'r' }, "r", NULL, N_("reload the list") },
};

typedef struct rpane {
	ui_list list;           /* the orders: a window of rows of sd_repair */
	sd_repair_query q;
	sd_repair det;          /* the selected order, read again */
	bool have_det;
	buf parts;              /* its parts, one line each */
} rpane;

_Static_assert(offsetof(rpane, list) == 0, "the list comes first");

static int
fetch_rows(ui_ctx *c, void *owner, enum sd_page_from from, const void *anchor, int limit,
           void *rows, int *n, sd_err *err)
{
	rpane *s = owner;

	return repair_page(c->st, &s->q, from, anchor, limit, rows, n, err);
}

static void
free_row(void *row)
{
	repair_free(row);
}

static const char *
row_ident(const void *rowp, char *scratch, size_t size)
{
	(void)scratch;
	(void)size;
	return ((const sd_repair *)rowp)->rmno;
}

static void
drop_detail(void *owner)
{
	rpane *s = owner;

	if (s->have_det)
		repair_free(&s->det);
	memset(&s->det, 0, sizeof s->det);
	s->have_det = false;
	buf_reset(&s->parts);
	s->list.dscroll = 0;
}

enum { COL_NO, COL_STATE, COL_DAYS, COL_CUST, COL_PRODUCT, COL_REGNO, COL_N };

static const char *const heads[COL_N] = {
	[COL_NO] = N_("Repair no."), [COL_STATE] = N_("State"), [COL_DAYS] = N_("Days away"),
	[COL_CUST] = N_("Customer"), [COL_PRODUCT] = N_("Product"), [COL_REGNO] = N_("Register no."),
};

static void
layout_columns(void *owner, int width, ui_cols *L)
{
	int w[COL_N] = { [COL_NO] = 13, [COL_REGNO] = 11 };
	int minw[COL_N] = { [COL_CUST] = 10, [COL_PRODUCT] = 8 };
	static const int drop_order[] = { COL_REGNO, COL_PRODUCT };
	bool on[COL_N];
	int extra;

	(void)owner;
	w[COL_STATE] = ui_max_name_width(repair_state_name, RPS_COUNT);
	if (w[COL_STATE] < text_width(_(heads[COL_STATE])))
		w[COL_STATE] = text_width(_(heads[COL_STATE]));
	w[COL_DAYS] = text_width(_(heads[COL_DAYS]));
	if (w[COL_DAYS] < 4)
		w[COL_DAYS] = 4;
	extra = ui_cols_fit(COL_N, w, minw, drop_order, SD_ARRAY_LEN(drop_order), width, on);
	w[COL_CUST] = minw[COL_CUST] + extra / 2;
	w[COL_PRODUCT] = minw[COL_PRODUCT] + extra - extra / 2;
	ui_cols_place(L, COL_N, w, on);
	L->right = 1u << COL_DAYS;
}

static const char *
empty_text(void *owner)
{
	const rpane *s = owner;

	return s->q.away_only ? _("(no products at the factory; a shows every order)")
	                      : _("(no repair orders: R on the Ledger tab opens one)");
}

static void
draw_row(void *owner, const void *rowp, bool selected, int y, ui_rect r, const ui_cols *L)
{
	const sd_repair *row = rowp;
	int st = selected ? UI_S_SELECTED : row->state == RPS_RETURNED ? UI_S_VOID : UI_S_NORMAL;
	char days[24];

	(void)owner;
	snprintf(days, sizeof days, "%ld", row->days_away);
	ui_put(y, r.x, r.w, st, "");
	ui_cols_cell(L, r, y, COL_NO, st, row->rmno);
	ui_cols_cell(L, r, y, COL_STATE, st, repair_state_name(row->state));
	ui_cols_cell(L, r, y, COL_DAYS, st, days);
	ui_cols_cell(L, r, y, COL_CUST, st, row->customer);
	ui_cols_cell(L, r, y, COL_PRODUCT, st, row->model ? row->model : row->serial);
	ui_cols_cell(L, r, y, COL_REGNO, st, row->regno);
}

static int
part_line(const sd_repair_part *p, void *arg)
{
	buf *b = arg;
	char cost[32];

	money_format(p->cost_fen, cost);
	buf_printf(b, "%s %s x %ld @ %s\n", p->part_no, p->name ? p->name : "", p->qty, cost);
	return 0;
}

static bool
load_detail(ui_ctx *c, void *owner)
{
	rpane *s = owner;
	const sd_repair *row = ui_list_selected(&s->list);
	sd_err err;

	if (!row) {
		drop_detail(s);
		return false;
	}
	if (s->have_det && strcmp(s->det.rmno, row->rmno) == 0)
		return true;
	drop_detail(s);
	sd_err_clear(&err);
	if (repair_get(c->st, row->rmno, &s->det, &err) != SD_OK ||
	    repair_parts_each(c->st, row->rmno, part_line, &s->parts, &err) != SD_OK) {
		repair_free(&s->det);
		ui_message(c, true, "%s", err.msg);
		return false;
	}
	s->have_det = true;
	return true;
}

static void
build_detail(const void *owner, int width, ui_dlines *d)
{
	const rpane *s = owner;
	const sd_repair *r = &s->det;
	const char *const labels[] = {
		_("Repair no."), _("Register no."), _("Customer"), _("Product"), _("Serial no."),
		_("Fault as reported"), _("Pieces"), _("Remarks"), _("State"), C_("date", "Received"),
		_("Carrier to factory"), _("Waybill to factory"), _("Repair begun"), _("Finished"),
		_("Findings"), _("Tests done"), _("Repairer"), _("Returned"), _("Carrier back"),
		_("Waybill back"), _("Days away"), _("Parts issued"),
	};
	int lw = ui_dl_label_width(labels, SD_ARRAY_LEN(labels), width);
	char n[24];
	buf v = { 0 };

#define SIG(i, on, who) do { buf_reset(&v); if ((on)[0]) buf_printf(&v, "%s%s%s", (on), text_sep_item(), (who) ? (who) : ""); \
	ui_dl_field(d, lw, width, labels[i], buf_str(&v)); } while (0)
	ui_dl_field(d, lw, width, labels[0], r->rmno);
	ui_dl_field(d, lw, width, labels[1], r->regno);
	ui_dl_field(d, lw, width, labels[2], r->customer);
	ui_dl_field(d, lw, width, labels[3], r->model);
	ui_dl_field(d, lw, width, labels[4], r->serial);
	ui_dl_field(d, lw, width, labels[5], r->fault);
	snprintf(n, sizeof n, "%d", r->items);
	ui_dl_field(d, lw, width, labels[6], n);
	ui_dl_field(d, lw, width, labels[7], r->note);
	ui_dl_field(d, lw, width, labels[8], repair_state_name(r->state));
	SIG(9, r->received_on, r->received_by);
	ui_dl_field(d, lw, width, labels[10], r->in_carrier);
	ui_dl_field(d, lw, width, labels[11], r->in_waybill);
	SIG(12, r->started_on, r->started_by);
	SIG(13, r->done_on, r->done_by);
	ui_dl_field(d, lw, width, labels[14], r->findings);
	ui_dl_field(d, lw, width, labels[15], r->tests);
	ui_dl_field(d, lw, width, labels[16], r->repairer);
	SIG(17, r->returned_on, r->returned_by);
	ui_dl_field(d, lw, width, labels[18], r->out_carrier);
	ui_dl_field(d, lw, width, labels[19], r->out_waybill);
	snprintf(n, sizeof n, "%ld", r->days_away);
	ui_dl_field(d, lw, width, labels[20], n);
	ui_dl_field(d, lw, width, labels[21], s->parts.len ? buf_str(&s->parts) : NULL);
#undef SIG
	buf_free(&v);
}

/* ---------------------------------------------------------------- steps */

struct step_job {
	ui_ctx *c;
	rpane *s;
	int step;
};

static int
save_step(ui_form *form, void *arg)
{
	struct step_job *job = arg;
	sd_repair_args a = { 0 };
	char *on = ui_form_text(form, "on");
	char *f1 = NULL, *f2 = NULL, *f3 = NULL;
	sd_err err;
	int rc;

	a.on = on;
	if (job->step == RSTEP_DONE || job->step == RSTEP_SCRAP) {
		a.findings = f1 = or_null(ui_form_text(form, "findings"));
		a.tests = f2 = or_null(ui_form_text(form, "tests"));
		a.repairer = f3 = or_null(ui_form_text(form, "repairer"));
	} else if (job->step == RSTEP_RETURN) {
		a.carrier = f1 = or_null(ui_form_text(form, "carrier"));
		a.waybill = f2 = or_null(ui_form_text(form, "waybill"));
	}
	sd_err_clear(&err);
	rc = repair_step(job->c->st, job->s->det.rmno, job->step, &a, job->s->det.version, &err);
	free(on);
	free(f1);
	free(f2);
	free(f3);
	return rc == SD_OK ? SD_OK : ui_form_fail(form, NULL, err.msg);
}

static void
do_step(ui_ctx *c, rpane *s, int step)
{
	static const char *const titles[RSTEP_COUNT] = {
		N_("Repair begun"), N_("Repair finished"), N_("Scrap"), NC_("repair step", "Returned"),
	};
	struct step_job job = { c, s, step };
	char title[256], today[11];
	ui_form form;

	if (!ui_list_selection(&s->list, c, true, _("No repair order selected.")))
		return;
	if (!ui_permitted(c, ACT_REPAIR_WORK))
		return;
	{
		const char *why;
		if (repair_next_state(s->det.state, step, &why) < 0) {
			ui_message(c, true, _("%s: %s"), s->det.rmno, why);
			return;
		}
	}
	date_format(store_today(), today);
	snprintf(title, sizeof title, _("%s: %s"), text_gettext_ctx(titles[step]), s->det.rmno);
	ui_form_init(&form, title);
	form.save = save_step;
	form.arg = &job;
	ui_form_add_text(&form, "on", _("Date"), today);
	if (step == RSTEP_DONE || step == RSTEP_SCRAP) {
		ui_form_add_area(&form, "findings", _("Findings"), s->det.findings ? s->det.findings : "");
		ui_form_add_area(&form, "tests", _("Tests done"), s->det.tests ? s->det.tests : "");
		ui_form_add_text(&form, "repairer", _("Repairer (login)"), c->user);
	} else if (step == RSTEP_RETURN) {
		ui_form_add_text(&form, "carrier", _("Carrier"), "");
		ui_form_add_text(&form, "waybill", _("Waybill no."), "");
	}
	if (ui_form_run(c, &form))
		ui_message(c, false, _("Saved %s."), s->det.rmno);
	else
		ui_message(c, false, "%s", _("Cancelled."));
	ui_form_free(&form);
	drop_detail(s);
	ui_list_reload(&s->list, c);
}

static void
do_form(ui_ctx *c, rpane *s)
{
	doc_opts o = { .format = DOCF_TEXT, .width = 80 };
	sd_doc *d = NULL;
	buf out = { 0 };
	sd_err err;

	if (!ui_list_selection(&s->list, c, false, _("No repair order selected.")))
		return;
	sd_err_clear(&err);
	if (repair_form(c->st, s->det.rmno, &d, &err) != SD_OK || doc_render(d, &o, &out, &err) != SD_OK)
		ui_message(c, true, "%s", err.msg);
	else
		ui_textview_run(c, d->title, buf_str(&out));
	doc_free(d);
	buf_free(&out);
}

static void
do_loans(ui_ctx *c)
{
	sd_loan *rows = xcalloc(VIEW_MAX, sizeof *rows);
	buf b = { 0 };
	sd_err err;
	int n = 0;

	sd_err_clear(&err);
	if (loan_page(c->st, true, PAGE_FIRST, NULL, VIEW_MAX, rows, &n, &err) != SD_OK) {
		ui_message(c, true, "%s", err.msg);
		free(rows);
		return;
	}
	if (n == 0)
		buf_printf(&b, "%s\n", _("No loan units out."));
	for (int i = 0; i < n; i++) {
		/* TRANSLATORS: unit, model, register number, customer, date lent, days out. */
		buf_printf(&b, _("%s %s  with %s %s  since %s (%ld days)\n"), rows[i].unit,
		           rows[i].model ? rows[i].model : "", rows[i].regno,
		           rows[i].customer ? rows[i].customer : "", rows[i].lent_on, rows[i].days_out);
		loan_free(&rows[i]);
	}
	free(rows);
	ui_textview_run(c, _("Loan units out"), buf_str(&b));
	buf_free(&b);
}

static void
pane_describe(ui_ctx *c, void *priv, buf *b)
{
	rpane *s = priv;

	(void)c;
	buf_puts(b, s->q.away_only ? _("at the factory, by date received") : _("every order, by date received"));
}

static const ui_list_ops list_ops = {
	.row_size = sizeof(sd_repair),
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
	rpane *s = priv;

	s->q.away_only = true;
	ui_list_init(&s->list, &list_ops, s);
	ui_list_load_edge(&s->list, c, false);
	return SD_OK;
}

static void
pane_done(ui_ctx *c, void *priv)
{
	rpane *s = priv;

	(void)c;
	ui_list_free(&s->list);
	drop_detail(s);
	buf_free(&s->parts);
}

static bool
pane_key(ui_ctx *c, void *priv, int key)
{
	rpane *s = priv;
	int act = ui_key_action(repair_keys, SD_ARRAY_LEN(repair_keys), key);

	if (!c->detail_focus && (act == UI_LIST_HOME || act == UI_LIST_END))
		drop_detail(s);
	if (ui_list_key(&s->list, c, key, act))
		return true;
	switch (act) {
	case ACT_RELOAD:
		ui_list_reload(&s->list, c);
		break;
	case ACT_START:
		do_step(c, s, RSTEP_START);
		break;
	case ACT_DONE:
		do_step(c, s, RSTEP_DONE);
		break;
	case ACT_SCRAP:
		do_step(c, s, RSTEP_SCRAP);
		break;
	case ACT_RETURN:
		do_step(c, s, RSTEP_RETURN);
		break;
	case ACT_FORM:
		do_form(c, s);
		break;
	case ACT_ALL:
		s->q.away_only = !s->q.away_only;
		ui_list_refilter(&s->list, c);
		break;
	case ACT_LOANS:
		do_loans(c);
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
	return ui_history_selected(priv, "repair_order", table, key);
}

const ui_pane_ops ui_repair_pane = {
	.name = N_("Factory"),
	.priv_size = sizeof(rpane),
	.init = pane_init,
	.done = pane_done,
	.reload = ui_list_pane_reload,
	.draw = ui_list_pane_draw,
	.key = pane_key,
	.click = ui_list_pane_click,
	.describe = pane_describe,
	.idle = ui_list_pane_idle,
	.keys = repair_keys,
	.nkeys = SD_ARRAY_LEN(repair_keys),
	.record = pane_record,
};
