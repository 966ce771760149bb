/*
 * ui-ledger.c — the after-sales ledger pane (售后台账): a list that pages
 * through the ledger (only a window of rows around the screen is held) with
 * a mark for overdue and nearly due commitments, the whole entry in the
 * detail part (request, signatures, solution, clocks, charges, history), an
 * explanation of the due times, incremental search, filters, and the steps
 * of the lifecycle, each a key with a prompt or a small form.
 */
#include "config.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "contract.h"
#include "buf.h"
#include "datetime.h"
#include "history.h"
#include "intake.h"
#include "ledger.h"
#include "ledger_doc.h"
#include "money.h"
#include "servreport.h"
#include "sla.h"
#include "staff.h"
#include "text.h"
#include "warranty.h"
#include "ui-repair.h"
#include "ui-return.h"
#include "ui-pane.h"
#include "quote.h"
#include "ui-quote.h"
#include "ui-form.h"
#include "ui-list.h"
#include "ui-textview.h"

enum {
	ACT_SEARCH = UI_LIST_ACTIONS, ACT_STATE, ACT_OPEN, ACT_DUE, ACT_MINE, ACT_REVERSE,
	ACT_RELOAD, ACT_EXPLAIN, ACT_TAKE, ACT_ASSIGN, ACT_PROPOSE, ACT_VISIT, ACT_ARRIVE,
	ACT_CLEAR, ACT_CONFIRM, ACT_CLOSE, ACT_UNRESOLVABLE, ACT_PAUSE, ACT_CHARGE, ACT_PAYMENT,
	ACT_CONTACT, ACT_DIAGNOSE, ACT_ESCALATE,
	ACT_REPAIR_NEW, ACT_REPAIR_SHOW, ACT_LOAN_UNIT, ACT_SERVICE_REPORT,
	ACT_ITEM, ACT_CARD, ACT_CARD_IN, ACT_CARDS, ACT_ENTRY_VIEW,
	ACT_RETURN_GOODS, ACT_QUOTE
};

static const ui_keydef ledger_keys[] = {
	{ ACT_TAKE, { 't', UI_FK(KEY_F(2)) }, "F2, t", N_("Take"),
	  N_("take a request into the ledger (register number)") },
	{ ACT_ASSIGN, { 'e', UI_FK(KEY_F(5)) }, "F5, e", N_("Assign"),
	  N_("assign the responsible engineer") },
	{ ACT_PROPOSE, { 'p', UI_FK(KEY_F(4)) }, "F4, p", N_("Propose"),
	  N_("record the solution, service mode and fault category") },
	{ ACT_CONTACT, { 'f' }, "f", NULL, N_("first contact with the user") },
	{ ACT_VISIT, { 'V' }, "V", NULL, N_("plan the on-site visit") },
	{ ACT_ARRIVE, { 'w' }, "w", NULL, N_("arrived on site (on-site service)") },
	{ ACT_ITEM, { 'I' }, "I", N_("Item"),
	  N_("settle a maintenance item (done, not ours, unresolvable)") },
	{ ACT_CLEAR, { 'd' }, "d", NULL, N_("fault cleared (awaiting the user's confirmation)") },
	{ ACT_CONFIRM, { 'c' }, "c", N_("Confirm"), N_("record the user's confirmation (who, how)") },
	{ ACT_CLOSE, { 'C', UI_FK(KEY_F(8)) }, "F8, C", NC_("ledger entry", "Close"), N_("close the entry") },
	{ ACT_UNRESOLVABLE, { 'u' }, "u", NULL,
	  N_("close as unresolvable (the reason explained to the user)") },
	{ ACT_PAUSE, { 'z' }, "z", NULL,
	  N_("pause the clocks (waiting on customer or parts), or resume") },
	{ ACT_CHARGE, { '$' }, "$", NULL, N_("add a charge (labour, travel, lodging, parts)") },
	{ ACT_PAYMENT, { 'i' }, "i", NULL, N_("record a payment received, with the invoice number") },
	{ ACT_EXPLAIN, { 'x' }, "x", N_("Explain"), N_("explain how each due time was computed") },
	{ ACT_SERVICE_REPORT, { 'P' }, "P", NULL,
	  N_("the service report for the customer (服务报告), as it prints") },
	{ ACT_ENTRY_VIEW, { 'v' }, "v", NULL,
	  N_("the whole entry as it prints (request, clocks, money, history, card)") },
	{ ACT_DIAGNOSE, { 'D' }, "D", NULL, N_("record the diagnosis with its finding") },
	{ ACT_ESCALATE, { 'E' }, "E", NULL, N_("escalate to the expert group (engineer or supervisor)") },
	{ ACT_REPAIR_NEW, { 'R' }, "R", NULL, N_("open a factory repair order for the entry's product") },
	{ ACT_REPAIR_SHOW, { 'b' }, "b", NULL, N_("the entry's factory repair orders and loan unit") },
	{ ACT_LOAN_UNIT, { 'N' }, "N", NULL, N_("lend a loan unit to the entry, or take it back") },
	{ ACT_RETURN_GOODS, { 'X' }, "X", NULL, N_("raise a return or exchange for the entry, or show its ones") },
	{ ACT_QUOTE, { 'Q' }, "Q", NULL,
	  N_("the entry's quotations (报价单): make one, send it, record the customer's answer") },
	{ ACT_CARD, { 'S' }, "S", NULL,
	  N_("record the customer's signed service card (on-site: who, opinion, rating)") },
	{ ACT_CARD_IN, { 'B' }, "B", NULL, N_("the service card is back at the office") },
	{ ACT_CARDS, { 'L' }, "L", NULL, N_("service cards not back in time, by engineer") },
	{ ACT_SEARCH, { '/' }, "/", N_("Search"), N_("search customer, requester, phone, items (Esc clears)") },
	{ ACT_STATE, { 's' }, "s", NULL, N_("filter by state (cycles)") },
	{ ACT_OPEN, { 'o' }, "o", NULL, N_("open entries only (toggles)") },
	{ ACT_DUE, { '!' }, "!", NULL, N_("overdue or nearly due entries only (toggles)") },
	{ ACT_MINE, { 'm' }, "m", NULL, N_("my entries only: assigned to me (toggles)") },
	{ ACT_REVERSE, { 'O' }, "O", NULL, N_("reverse the order") },
	UI_LIST_KEYS(N_("previous entry"), N_("next entry"), N_("first entry"), N_("last entry")),
	{ ACT_RELOAD, { 'r' }, "r", NULL, N_("reload the list") },
};

typedef struct lpane {
	ui_list list;              /* the ledger: a window of rows of sd_ledger_row */
	sd_ledger_query q;
	char *search;              /* owned; q.search is set to it for each fetch */
	/* the selected entry in full, loaded when the selection changes */
	sd_ledger det;
	bool have_det;
	sd_request req;            /* its request */
	bool have_req;
	int clk_state[CLOCK_COUNT];
	sd_time clk_due[CLOCK_COUNT];
	bool have_clocks;
	int64_t cost_fen, billed_fen, received_fen;
	bool have_totals;
	char *resp_name, *eng_name;   /* "name (login)" of the signatories */
	char *fault_name;          /* the name of det.fault_code, NULL if none or unknown */
	struct {
		sd_ledger_charge *v;   /* its charge lines, oldest first (strings owned) */
		size_t n;
	} charges;
	struct {
		sd_ledger_payment *v;  /* its payments, oldest first (strings owned) */
		size_t n;
	} payments;
	struct {
		sd_ledger_item *v;     /* its maintenance items in order (strings owned) */
		size_t n;
	} items;
	sd_ledger_card card;       /* its service card (card.recorded false when none) */
	store *st;                 /* the desk's store: names of the causes on the charge lines */
	ui_dlines hist;            /* history lines: style HEADER marks charges */
	int markw;                 /* cells of the mark column */
	const char *mode_names[MODE_COUNT];
	const char *how_names[HOW_COUNT];
	const char *cost_names[COST_COUNT];
} lpane;

/* the pane operations of ui-list.h take the state for its list */
_Static_assert(offsetof(lpane, list) == 0, "the list comes first");

/* ---------------------------------------------------------------- paging */

static int
fetch_rows(ui_ctx *c, void *owner, enum sd_page_from from, const void *anchor, int limit,
           void *rows, int *n, sd_err *err)
{
	lpane *s = owner;

	s->q.search = s->search;
	return ledger_page(c->st, &s->q, from, anchor, limit, rows, n, err);
}

static void
free_row(void *row)
{
	ledger_row_free(row);
}

static const char *
row_ident(const void *row, char *scratch, size_t size)
{
	(void)scratch;
	(void)size;
	return ((const sd_ledger_row *)row)->regno;
}

/* forget the selected row in full (the list's forget callback too) */
static void
drop_detail(void *owner)
{
	lpane *s = owner;

	if (s->have_det)
		ledger_free(&s->det);
	if (s->have_req)
		intake_request_free(&s->req);
	s->have_det = s->have_req = s->have_clocks = s->have_totals = false;
	free(s->resp_name);
	free(s->eng_name);
	free(s->fault_name);
	s->resp_name = s->eng_name = s->fault_name = NULL;
	for (size_t i = 0; i < s->charges.n; i++) {
		free((char *)s->charges.v[i].note);
		free((char *)s->charges.v[i].who);
	}
	free(s->charges.v);
	s->charges.v = NULL;
	s->charges.n = 0;
	for (size_t i = 0; i < s->payments.n; i++) {
		free((char *)s->payments.v[i].invoice_no);
		free((char *)s->payments.v[i].who);
	}
	free(s->payments.v);
	s->payments.v = NULL;
	s->payments.n = 0;
	for (size_t i = 0; i < s->items.n; i++) {
		free((char *)s->items.v[i].text);
		free((char *)s->items.v[i].note);
		free((char *)s->items.v[i].who);
	}
	free(s->items.v);
	s->items.v = NULL;
	s->items.n = 0;
	ledger_card_free(&s->card);
	ui_dl_free(&s->hist);
	s->list.dscroll = 0;
}

static const char *
sel_regno(const lpane *s)
{
	const sd_ledger_row *row = ui_list_selected(&s->list);
	return row ? row->regno : "";
}

/* ---------------------------------------------------------------- list */

enum { COL_MARK, COL_REGNO, COL_STATE, COL_PRIO, COL_CUSTOMER, COL_ENGINEER, COL_DUE,
       COL_ITEM, COL_N };

/* the column headings */
static const char *const heads[COL_N] = {
	[COL_MARK] = N_("SLA"), [COL_REGNO] = N_("Reg. no."), [COL_STATE] = N_("State"),
	[COL_PRIO] = N_("Pr"), [COL_CUSTOMER] = N_("Customer"),
	[COL_ENGINEER] = N_("Engineer"), [COL_DUE] = N_("Next due"),
	[COL_ITEM] = N_("First item"),
};

/* cells of the mark column: the widest mark sla_state_mark gives */
static int
mark_width(void)
{
	int w = ui_max_name_width(sla_state_mark, SLA_MISSED + 1);
	if (w < 2)
		w = 2;
	return w > 6 ? 6 : w;
}

static void
layout_columns(void *owner, int width, ui_cols *L)
{
	const lpane *s = owner;
	/* widths; 0 for the two flexible columns (customer, first item) */
	int w[COL_N] = {
		[COL_REGNO] = 11, [COL_PRIO] = 2, [COL_ENGINEER] = 8, [COL_DUE] = 11,
	};
	/* the customer keeps room for eight Chinese characters */
	int minw[COL_N] = { [COL_CUSTOMER] = 16, [COL_ITEM] = 10 };
	/* the order in which columns give way on narrow screens (the detail shows them all) */
	static const int drop_order[] = { COL_ITEM, COL_ENGINEER, COL_PRIO, COL_DUE, COL_STATE };
	bool on[COL_N];
	int extra, state_full;

	/* the mark column fits its heading too */
	w[COL_MARK] = s->markw;
	if (text_width(_(heads[COL_MARK])) > w[COL_MARK])
		w[COL_MARK] = text_width(_(heads[COL_MARK]));
	if (w[COL_MARK] > 6)
		w[COL_MARK] = 6;
	/* the state takes ten cells, and up to its longest name when there is room */
	state_full = ui_max_name_width(ledger_state_name, LS_COUNT);
	if (state_full > 22)
		state_full = 22;
	if (state_full < 4)
		state_full = 4;
	w[COL_STATE] = state_full < 10 ? state_full : 10;
	extra = ui_cols_fit(COL_N, w, minw, drop_order, SD_ARRAY_LEN(drop_order), width, on);
	w[COL_CUSTOMER] = minw[COL_CUSTOMER];
	w[COL_ITEM] = on[COL_ITEM] ? minw[COL_ITEM] : 0;
	int give = extra < 12 ? extra : 12;
	w[COL_CUSTOMER] += give;
	extra -= give;
	if (on[COL_STATE]) {
		give = state_full - w[COL_STATE];
		if (give > extra)
			give = extra;
		w[COL_STATE] += give;
		extra -= give;
	}
	if (on[COL_ITEM])
		w[COL_ITEM] += extra;
	else
		w[COL_CUSTOMER] += extra;
	ui_cols_place(L, COL_N, w, on);
}

/* "MM-DD HH:MM" of a time (the year is in the register number), "" for none */
static void
short_time(sd_time t, char out[17])
{
	char full[17];

	if (t == SD_NO_TIME) {
		out[0] = '\0';
		return;
	}
	time_format(t, full);
	snprintf(out, 17, "%s", full + 5);
}

static bool
is_alarm(int state)
{
	return state == SLA_OVERDUE || state == SLA_NEAR || state == SLA_MISSED;
}

static bool
filtered(const lpane *s)
{
	return (s->search && *s->search) || s->q.state >= 0 || s->q.open_only || s->q.due_only
	       || s->q.engineer;
}

static const char *
empty_text(void *owner)
{
	return filtered(owner) ? _("(no entries match)")
	       : _("(the ledger is empty: press t to take a request in)");
}

static void
draw_row(void *owner, const void *rowp, bool selected, int y, ui_rect r, const ui_cols *L)
{
	const sd_ledger_row *row = rowp;
	bool closed = row->state == LS_CLOSED || row->state == LS_UNRESOLVABLE;
	int st = selected ? UI_S_SELECTED : closed ? UI_S_VOID : UI_S_NORMAL;
	char prio[8], due[17];

	(void)owner;
	ui_put(y, r.x, r.w, st, "");
	snprintf(prio, sizeof prio, "P%d", row->priority);
	short_time(row->next_due, due);
	ui_cols_cell(L, r, y, COL_MARK, !selected && is_alarm(row->worst) ? UI_S_URGENT : st,
	             sla_state_mark(row->worst));
	ui_cols_cell(L, r, y, COL_REGNO, st, row->regno);
	if (row->repeat) {
		char state[64];

		snprintf(state, sizeof state, "%s %s", history_repeat_label(), ledger_state_name(row->state));
		ui_cols_cell(L, r, y, COL_STATE, st, state);
	} else {
		ui_cols_cell(L, r, y, COL_STATE, st, ledger_state_name(row->state));
	}
	ui_cols_cell(L, r, y, COL_PRIO, !selected && row->priority == 1 ? UI_S_URGENT : st, prio);
	ui_cols_cell(L, r, y, COL_CUSTOMER, st, row->customer);
	ui_cols_cell(L, r, y, COL_ENGINEER, st, row->engineer);
	ui_cols_cell(L, r, y, COL_DUE, !selected && is_alarm(row->worst) ? UI_S_URGENT : st, due);
	ui_cols_cell(L, r, y, COL_ITEM, st, row->first_item);
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

static int
collect_event(const sd_ledger_event *e, void *arg)
{
	ui_dlines *d = arg;
	buf b = { 0 };
	bool money = e->kind && (strcmp(e->kind, "charge") == 0 || strcmp(e->kind, "payment") == 0);

	/* "at\twho\tkind\tnote": split again when the detail is laid out */
	buf_printf(&b, "%s\t%s\t%s\t%s", e->at, e->who ? e->who : "", ledger_event_name(e->kind),
	           e->note ? e->note : "");
	ui_dl_add(d, buf_steal(&b), money ? UI_S_HEADER : UI_S_NORMAL);
	return 0;
}

static int
collect_charge(const sd_ledger_charge *ch, void *arg)
{
	lpane *s = arg;
	sd_ledger_charge *c;

	s->charges.v = xrealloc(s->charges.v, (s->charges.n + 1) * sizeof *s->charges.v);
	c = &s->charges.v[s->charges.n++];
	*c = *ch;
	c->note = xstrdup(ch->note);
	c->who = xstrdup(ch->who);
	return 0;
}

static int
collect_item(const sd_ledger_item *it, void *arg)
{
	lpane *s = arg;
	sd_ledger_item *t;

	s->items.v = xrealloc(s->items.v, (s->items.n + 1) * sizeof *s->items.v);
	t = &s->items.v[s->items.n++];
	*t = *it;
	t->text = xstrdup(it->text);
	t->note = xstrdup(it->note);
	t->who = xstrdup(it->who);
	return 0;
}

static int
collect_payment(const sd_ledger_payment *pm, void *arg)
{
	lpane *s = arg;
	sd_ledger_payment *p;

	s->payments.v = xrealloc(s->payments.v, (s->payments.n + 1) * sizeof *s->payments.v);
	p = &s->payments.v[s->payments.n++];
	*p = *pm;
	p->invoice_no = xstrdup(pm->invoice_no);
	p->who = xstrdup(pm->who);
	return 0;
}

/* the selected entry in full, loaded when the selection changes; false if none */
static bool
load_detail(ui_ctx *c, void *owner)
{
	lpane *s = owner;
	sd_err err;
	const char *regno = sel_regno(s);
	char nowtext[17];
	sd_time now;

	if (!*regno) {
		drop_detail(s);
		return false;
	}
	if (s->have_det && strcmp(s->det.regno, regno) == 0)
		return true;
	drop_detail(s);
	memset(&s->det, 0, sizeof s->det);
	sd_err_clear(&err);
	if (ledger_get(c->st, regno, &s->det, &err) != SD_OK) {
		ledger_free(&s->det);
		ui_message(c, true, "%s", err.msg);
		return false;
	}
	s->have_det = true;
	intake_request_init(&s->req);
	sd_err_clear(&err);
	if (intake_get(c->st, regno, &s->req, &err) == SD_OK)
		s->have_req = true;
	else
		intake_request_free(&s->req);
	store_now(nowtext);
	if (!time_parse(nowtext, &now))
		now = SD_NO_TIME;
	sd_err_clear(&err);
	if (now != SD_NO_TIME
	    && ledger_clocks(c->st, &s->det, now, s->clk_state, s->clk_due, NULL, &err) == SD_OK)
		s->have_clocks = true;
	else if (err.msg[0])
		ui_message(c, true, "%s", err.msg);
	sd_err_clear(&err);
	if (ledger_totals(c->st, regno, &s->cost_fen, &s->billed_fen, &s->received_fen, &err) == SD_OK)
		s->have_totals = true;
	sd_err_clear(&err);
	if (ledger_charge_each(c->st, regno, collect_charge, s, &err) != SD_OK && err.msg[0])
		ui_message(c, true, "%s", err.msg);
	sd_err_clear(&err);
	if (ledger_payment_each(c->st, regno, collect_payment, s, &err) != SD_OK && err.msg[0])
		ui_message(c, true, "%s", err.msg);
	sd_err_clear(&err);
	if (ledger_item_each(c->st, regno, collect_item, s, &err) != SD_OK && err.msg[0])
		ui_message(c, true, "%s", err.msg);
	sd_err_clear(&err);
	if (ledger_card_get(c->st, regno, &s->card, &err) != SD_OK && err.msg[0])
		ui_message(c, true, "%s", err.msg);
	sd_err_clear(&err);
	if (ledger_history(c->st, regno, collect_event, &s->hist, &err) != SD_OK && err.msg[0])
		ui_message(c, true, "%s", err.msg);
	s->fault_name = ledger_fault_name(c->st, s->det.fault_code);
	s->resp_name = person(c, s->det.responsible);
	s->eng_name = person(c, s->det.engineer);
	return true;
}

/* "who, at" of a signature */
static void
signature(buf *b, const char *who, const char *at)
{
	buf_reset(b);
	if (!who || !*who)
		return;
	buf_puts(b, who);
	if (at && *at)
		buf_printf(b, "%s%s", text_sep_item(), at);
}

/* split "at\twho\tkind\tnote" in place */
static void
split_event(char *line, char *part[4])
{
	for (int i = 0; i < 4; i++) {
		part[i] = line;
		if (i < 3 && line) {
			char *tab = strchr(line, '\t');
			if (tab) {
				*tab = '\0';
				line = tab + 1;
			} else {
				line = NULL;
			}
		}
	}
	for (int i = 0; i < 4; i++)
		if (!part[i])
			part[i] = (char *)"";
}

static void
add_events(ui_dlines *d, const ui_dlines *hist, int width)
{
	for (size_t i = 0; i < hist->n; i++) {
		char *copy, *part[4];
		buf v = { 0 };

		copy = xstrdup(hist->l[i].text);
		split_event(copy, part);
		buf_printf(&v, "%s  %s", part[1], part[2]);
		if (*part[3])
			buf_printf(&v, "%s%s", text_sep_note(), part[3]);
		ui_dl_field(d, 16, width, part[0], buf_str(&v));
		buf_free(&v);
		free(copy);
	}
}

/*
 * add a table: a header line, then nrows lines of ncols cells (cells row by
 * row); each column as wide as its widest cell up to caps[i] (0: no cap),
 * columns two spaces apart, the columns in right_cols (bit i) right-aligned,
 * the last column cut to what is left of width
 */
static void
dl_table(ui_dlines *d, int width, int ncols, const char *const *hd, const char *const *cells,
         size_t nrows, const int *caps, unsigned right_cols)
{
	int w[8] = { 0 };
	char cell[512];

	if (ncols > 8)
		ncols = 8;
	for (int k = 0; k < ncols; k++) {
		w[k] = text_width(hd[k]);
		for (size_t r = 0; r < nrows; r++) {
			int cw = text_width(cells[r * ncols + k] ? cells[r * ncols + k] : "");
			if (cw > w[k])
				w[k] = cw;
		}
		if (caps && caps[k] > 0 && w[k] > caps[k])
			w[k] = caps[k];
		if (w[k] > 100)
			w[k] = 100;
	}
	for (size_t r = 0; r <= nrows; r++) {
		const char *const *row = r == 0 ? hd : cells + (r - 1) * ncols;
		buf b = { 0 };
		int used = 0;

		for (int k = 0; k < ncols; k++) {
			const char *v = row[k] ? row[k] : "";
			bool last = k == ncols - 1;
			int cw = w[k];

			if (k > 0) {
				buf_puts(&b, "  ");
				used += 2;
			}
			if (last && width - used < cw)
				cw = width - used;
			if (cw <= 0)
				break;
			if (right_cols & (1u << k)) {
				int got = text_fit(cell, sizeof cell, v, cw, false);
				for (int i = got; i < cw; i++)
					buf_putc(&b, ' ');
				buf_puts(&b, cell);
			} else {
				text_fit(cell, sizeof cell, v, cw, !last);
				buf_puts(&b, cell);
			}
			used += cw;
		}
		/* no trailing blanks */
		char *line = buf_steal(&b);
		size_t len = line ? strlen(line) : 0;
		while (len > 0 && line[len - 1] == ' ')
			line[--len] = '\0';
		ui_dl_add(d, line ? line : xstrdup(""), r == 0 ? UI_S_LABEL : UI_S_NORMAL);
	}
}

/* the charge lines as a table: kind, date, tier, amount, billed, note */
static void
add_charges(ui_dlines *d, const lpane *s, int width)
{
	const char *hd[7] = {
		_("Kind"), _("Date"), _("Tier"), _("Amount"), _("Billed"), _("Reimbursable"), _("Note")
	};
	static const int caps[7] = { 12, 10, 32, 0, 0, 20, 0 };
	size_t n = s->charges.n;
	const char **cells = xcalloc(n ? n * 7 : 1, sizeof *cells);
	char (*money)[2][32] = xcalloc(n ? n : 1, sizeof *money);
	buf *tiers = xcalloc(n ? n : 1, sizeof *tiers);

	for (size_t i = 0; i < n; i++) {
		const sd_ledger_charge *ch = &s->charges.v[i];

		money_format(ch->amount_fen, money[i][0]);
		money_format(ch->billed_fen, money[i][1]);
		/* the tier, and the contract that made the line free */
		contract_charge_text(&tiers[i], ch->tier, ch->contract_id, ch->free_repair);
		if (ch->cause[0]) {
			buf_puts(&tiers[i], _("; "));
			ledger_cause_text(s->st, &tiers[i], ch->cause);
		}
		cells[i * 7] = ch->cost >= 0 && ch->cost < COST_COUNT ? warranty_cost_name(ch->cost) : "";
		cells[i * 7 + 1] = ch->service_on;
		cells[i * 7 + 2] = buf_str(&tiers[i]);
		cells[i * 7 + 3] = money[i][0];
		cells[i * 7 + 4] = money[i][1];
		cells[i * 7 + 5] = ledger_reimburse_name(ch->reimbursable);
		cells[i * 7 + 6] = ch->note;
	}
	dl_table(d, width, 7, hd, cells, n, caps, (1u << 3) | (1u << 4));
	for (size_t i = 0; i < n; i++)
		buf_free(&tiers[i]);
	free(tiers);
	free(cells);
	free(money);
}

/* the payments as a table: received at, amount, invoice, who */
static void
add_payments(ui_dlines *d, const lpane *s, int width)
{
	const char *hd[4] = { _("Received at"), _("Amount"), _("Invoice no."), _("Recorded by") };
	static const int caps[4] = { 16, 0, 30, 0 };
	size_t n = s->payments.n;
	const char **cells = xcalloc(n ? n * 4 : 1, sizeof *cells);
	char (*money)[32] = xcalloc(n ? n : 1, sizeof *money);

	for (size_t i = 0; i < n; i++) {
		const sd_ledger_payment *p = &s->payments.v[i];

		money_format(p->amount_fen, money[i]);
		cells[i * 4] = p->at;
		cells[i * 4 + 1] = money[i];
		cells[i * 4 + 2] = p->invoice_no;
		cells[i * 4 + 3] = p->who;
	}
	dl_table(d, width, 4, hd, cells, n, caps, 1u << 1);
	free(cells);
	free(money);
}

static void
build_detail(const void *owner, int width, ui_dlines *d)
{
	const lpane *s = owner;
	const sd_ledger *l = &s->det;
	const char *const labels[] = {
		_("Register no."), _("State"), _("Received at"), _("Priority"), _("Customer"),
		_("Requester"), _("Phone"), _("Serial no."), _("Channel"), _("Responsible"),
		_("Engineer"), _("Service mode"), _("Fault category"), _("Solution"),
		_("Proposed at"), _("First contact"), _("Planned visit"), _("Arrived at"),
		_("Cleared at"), _("Confirmed"), _("Closed at"), _("Unresolvable"),
		_("Clocks"), _("Cost"), _("Billed"), C_("money", "Received"), _("Outstanding"),
		_("Diagnosis"), _("Escalated"), _("Repeat repair of"), _("Service card"),
	};
	int lw = ui_dl_label_width(labels, SD_ARRAY_LEN(labels), width);
	buf b = { 0 };
	char num[32];

	ui_dl_field(d, lw, width, labels[0], l->regno);
	buf_puts(&b, ledger_state_name(l->state));
	if (l->paused)
		buf_printf(&b, "%s%s%s", text_paren_open(), _("clocks paused"), text_paren_close());
	ui_dl_field(d, lw, width, labels[1], buf_str(&b));
	ui_dl_field(d, lw, width, labels[2], l->received_at);
	ui_dl_field(d, lw, width, labels[3], intake_priority_desc(l->priority));
	ui_dl_field(d, lw, width, labels[4], l->customer);
	/* the service-level clocks */
	ui_dl_heading(d, _("Service-level clocks"));
	if (s->have_clocks) {
		int cw = ui_max_name_width(sla_clock_name, CLOCK_COUNT);
		for (int k = 0; k < CLOCK_COUNT; k++) {
			char due[17] = "", name[128], mark[32];
			if (s->clk_due[k] != SD_NO_TIME)
				time_format(s->clk_due[k], due);
			text_fit(name, sizeof name, sla_clock_name(k), cw < 30 ? cw : 30, true);
			text_fit(mark, sizeof mark, sla_state_mark(s->clk_state[k]), s->markw, true);
			buf_reset(&b);
			buf_printf(&b, "%s %s %s", name, mark, ledger_clock_state_name(l, k, s->clk_state[k]));
			if (due[0])
				buf_printf(&b, "%s%s %s", text_sep_item(), _("due"), due);
			ui_dl_field(d, 0, width, "", buf_str(&b));
		}
		ui_dl_add(d, xstrdup(_("(x explains how each due time was computed)")), UI_S_NORMAL);
	}

	ui_dl_heading(d, _("Service"));
	signature(&b, s->resp_name, l->responsible_at);
	ui_dl_field(d, lw, width, labels[9], buf_str(&b));
	signature(&b, s->eng_name, l->engineer_at);
	ui_dl_field(d, lw, width, labels[10], buf_str(&b));
	if (l->mode >= 0 && l->mode < MODE_COUNT)
		ui_dl_field(d, lw, width, labels[11], ledger_mode_name(l->mode));
	buf_reset(&b);
	if (l->fault_code && *l->fault_code) {
		buf_puts(&b, l->fault_code);
		if (s->fault_name && *s->fault_name)
			buf_printf(&b, " %s", s->fault_name);
	}
	ui_dl_field(d, lw, width, labels[12], buf_str(&b));
	if (l->repeat_of[0])
		ui_dl_field(d, lw, width, labels[29], l->repeat_of);
	ui_dl_field(d, lw, width, labels[13], l->solution);
	ui_dl_field(d, lw, width, labels[14], l->proposed_at);
	ui_dl_field(d, lw, width, labels[15], l->first_contact_at);
	if (l->diagnosed_at[0]) {
		buf_reset(&b);
		buf_printf(&b, "%s%s%s", l->diagnosed_at, text_sep_item(), l->diagnosis ? l->diagnosis : "");
		ui_dl_field(d, lw, width, labels[27], buf_str(&b));
	}
	if (l->escalated_at[0]) {
		buf_reset(&b);
		buf_printf(&b, "%s%s%s", l->escalated_at, text_sep_item(), l->escalated_to ? l->escalated_to : "");
		if (l->escalation_note && *l->escalation_note)
			buf_printf(&b, "%s%s", text_sep_note(), l->escalation_note);
		ui_dl_field(d, lw, width, labels[28], buf_str(&b));
	}
	ui_dl_field(d, lw, width, labels[16], l->planned_visit_at);
	ui_dl_field(d, lw, width, labels[17], l->arrived_at);
	ui_dl_field(d, lw, width, labels[18], l->cleared_at);
	buf_reset(&b);
	if (l->confirmed_at[0] || (l->confirmed_by && *l->confirmed_by)) {
		buf_printf(&b, "%s%s%s", l->confirmed_by ? l->confirmed_by : "", text_sep_item(), l->confirmed_at);
		if (l->confirmed_how >= 0 && l->confirmed_how < HOW_COUNT)
			buf_printf(&b, "%s%s", text_sep_item(), ledger_how_name(l->confirmed_how));
	}
	ui_dl_field(d, lw, width, labels[19], buf_str(&b));
	if (s->card.recorded) {
		buf_reset(&b);
		ledger_card_text(&b, &s->card);
		ui_dl_field(d, lw, width, labels[30], buf_str(&b));
	}
	ui_dl_field(d, lw, width, labels[20], l->closed_at);
	ui_dl_field(d, lw, width, labels[21], l->unresolvable_reason);

	ui_dl_heading(d, _("Request"));
	if (s->have_req) {
		ui_dl_field(d, lw, width, labels[5], s->req.requester);
		ui_dl_field(d, lw, width, labels[6], s->req.phone);
	}
	ui_dl_field(d, lw, width, labels[7], l->serial);
	if (s->have_req)
		ui_dl_field(d, lw, width, labels[8], intake_channel_name(s->req.channel));
	if (s->items.n > 0) {
		buf_reset(&b);
		buf_printf(&b, _("Maintenance items (%zu)"), s->items.n);
		ui_dl_add(d, buf_steal(&b), UI_S_NORMAL);
		for (size_t i = 0; i < s->items.n; i++) {
			const sd_ledger_item *it = &s->items.v[i];

			snprintf(num, sizeof num, "%d.", it->pos);
			buf_reset(&b);
			buf_printf(&b, "[%s] %s", ledger_item_state_name(it->state), it->text);
			if (it->state != ITEM_OPEN)
				/* TRANSLATORS: what was done or why, who, when. */
				buf_printf(&b, _(" — %s (%s, %s)"), it->note, it->who, it->at);
			ui_dl_field(d, 3, width, num, buf_str(&b));
		}
		ui_dl_add(d, xstrdup(_("(I settles an item)")), UI_S_NORMAL);
	} else if (s->have_req && s->req.nitems > 0) {
		buf_reset(&b);
		buf_printf(&b, _("Maintenance items (%zu)"), s->req.nitems);
		ui_dl_add(d, buf_steal(&b), UI_S_NORMAL);
		for (size_t i = 0; i < s->req.nitems; i++) {
			snprintf(num, sizeof num, "%zu.", i + 1);
			ui_dl_field(d, 3, width, num, s->req.items[i]);
		}
	} else if (l->first_item) {
		ui_dl_field(d, lw, width, _("First item"), l->first_item);
	}

	ui_dl_heading(d, _("Charges and payments"));
	if (s->charges.n > 0)
		add_charges(d, s, width);
	if (s->payments.n > 0) {
		if (s->charges.n > 0)
			ui_dl_add(d, xstrdup(""), UI_S_NORMAL);
		add_payments(d, s, width);
	}
	if (s->have_totals) {
		if (s->charges.n > 0 || s->payments.n > 0)
			ui_dl_add(d, xstrdup(""), UI_S_NORMAL);
		char m[32];
		money_format(s->cost_fen, m);
		ui_dl_field(d, lw, width, labels[23], m);
		money_format(s->billed_fen, m);
		ui_dl_field(d, lw, width, labels[24], m);
		money_format(s->received_fen, m);
		ui_dl_field(d, lw, width, labels[25], m);
		money_format(s->billed_fen - s->received_fen, m);
		ui_dl_field(d, lw, width, labels[26], m);
	}

	ui_dl_heading(d, _("History"));
	add_events(d, &s->hist, width);
	buf_free(&b);
}


/* ---------------------------------------------------------------- actions */

static bool
need_selection(ui_ctx *c, lpane *s)
{
	return ui_list_selection(&s->list, c, false, _("No ledger entry selected."));
}

/* Was the entry changed since the person saw version? */
static bool
changed_meanwhile(ui_ctx *c, const char *regno, int version)
{
	sd_ledger l;
	sd_err err;
	bool changed = false;

	memset(&l, 0, sizeof l);
	sd_err_clear(&err);
	if (ledger_get(c->st, regno, &l, &err) == SD_OK)
		changed = l.version != version;
	ledger_free(&l);
	return changed;
}

/*
 * Report the outcome of a step on the status line and reload the list and
 * the entry (a refusal because of a change meanwhile shows the current values).
 */
static void
step_done(ui_ctx *c, lpane *s, int rc, const sd_err *err, const char *regno,
          int version, const char *done)
{
	if (rc == SD_OK)
		ui_message(c, false, "%s", done);
	else if (changed_meanwhile(c, regno, version))
		ui_message(c, true, _("Not saved: %s (the current values are shown)"), err->msg);
	else
		ui_message(c, true, "%s", err->msg);
	/* the entry stays selected where it still belongs to the list */
	ui_list_reload(&s->list, c);
}

/* trimmed copy of text; NULL when empty */
static char *
trimmed_or_null(const char *text)
{
	char *t = text_trim(text ? text : "");
	if (!*t) {
		free(t);
		return NULL;
	}
	return t;
}

/* Ask for a time (default now) on the status line; false if cancelled. *out NULL means now. */
static bool
ask_time(ui_ctx *c, const char *label, char **out)
{
	char now[17], *text = NULL;

	store_now(now);
	*out = NULL;
	if (!ui_prompt(c, label, now, NULL, NULL, &text)) {
		ui_message(c, false, "%s", _("Cancelled."));
		return false;
	}
	*out = trimmed_or_null(text);
	free(text);
	return true;
}

static void
do_take(ui_ctx *c, lpane *s, const char *preset)
{
	char *text = NULL, *regno;
	sd_err err;

	if (!ui_prompt(c, _("Register no. to take:"), preset, NULL, NULL,
	               &text)) {
		ui_message(c, false, "%s", _("Cancelled."));
		return;
	}
	regno = trimmed_or_null(text);
	free(text);
	if (!regno) {
		ui_message(c, true, "%s", _("Not taken: a register number is required."));
		return;
	}
	sd_err_clear(&err);
	if (ledger_take(c->st, regno, NULL, &err) != SD_OK) {
		ui_message(c, true, "%s", err.msg);
	} else if (ui_list_find(&s->list, c, regno)) {
		ui_message(c, false, _("Took %s into the ledger."), regno);
	} else {
		ui_message(c, false, _("Took %s into the ledger (not in the current list)."), regno);
	}
	free(regno);
}

static void
do_assign(ui_ctx *c, lpane *s)
{
	sd_err err;
	char title[128], regno[24], *login;
	int version = s->det.version;

	snprintf(regno, sizeof regno, "%s", s->det.regno);
	snprintf(title, sizeof title, _("Engineer for %s"), regno);
	if ((login = ui_pick_engineer_for(c, title, s->det.customer)) != NULL) {
		char done[256];
		sd_err_clear(&err);
		int rc = ledger_assign(c->st, regno, login, version, &err);
		snprintf(done, sizeof done, _("Assigned %s to %s."), regno, login);
		step_done(c, s, rc, &err, regno, version, done);
		free(login);
	}
}

/* ---------------------------------------------------------------- forms */

enum { FORM_PROPOSE, FORM_CONFIRM, FORM_CHARGE, FORM_PAYMENT, FORM_ITEM, FORM_CARD };

typedef struct form_job {
	ui_ctx *c;
	lpane *s;
	int kind;
	char regno[24];
	int version;            /* the version the person saw */
	bool conflict;          /* refused: changed meanwhile */
	char conflict_msg[1024];
	/* the propose form's fault categories: the code of each choice (NULL: none) */
	char **fault_codes;
	int nfaults;
	/* the item form's open items: the position of each choice */
	int *item_pos;
	int nitem;
} form_job;

/* the outcome of a step run from a form: close it on success or on a conflict */
static int
form_outcome(ui_form *form, form_job *job, int rc, const sd_err *err)
{
	if (rc == SD_OK)
		return SD_OK;
	if (job->version >= 0 && changed_meanwhile(job->c, job->regno, job->version)) {
		job->conflict = true;
		snprintf(job->conflict_msg, sizeof job->conflict_msg, "%s", err->msg);
		return SD_OK;
	}
	return ui_form_fail(form, NULL, err->msg);
}

static int
form_save(ui_form *form, void *arg)
{
	form_job *job = arg;
	store *st = job->c->st;
	sd_err err;
	int rc = SD_OK;

	sd_err_clear(&err);
	switch (job->kind) {
	case FORM_PROPOSE: {
		char *solution = ui_form_text(form, "solution"), *at = ui_form_text(form, "at");
		int k = ui_form_choice(form, "fault");
		const char *fault = k >= 0 && k < job->nfaults ? job->fault_codes[k] : NULL;
		if (!*solution) {
			free(solution);
			free(at);
			return ui_form_fail(form, "solution", _("solution: required"));
		}
		/* the text area keeps its lines: take it untrimmed at the ends only */
		rc = ledger_propose(st, job->regno, ui_form_choice(form, "mode"), solution,
		                    fault, *at ? at : NULL, job->version, &err);
		free(solution);
		free(at);
		break;
	}
	case FORM_CONFIRM: {
		char *by = ui_form_text(form, "by"), *at = ui_form_text(form, "at");
		if (!*by) {
			free(by);
			free(at);
			return ui_form_fail(form, "by", _("confirmed by: required (the user's name)"));
		}
		rc = ledger_confirm(st, job->regno, by, ui_form_choice(form, "how"), *at ? at : NULL,
		                    job->version, &err);
		free(by);
		free(at);
		break;
	}
	case FORM_CHARGE: {
		char *amount = ui_form_text(form, "amount"), *on = ui_form_text(form, "on");
		char *note = ui_form_text(form, "note");
		int64_t fen;
		if (!money_parse(amount, &fen) || fen < 0) {
			free(amount);
			free(on);
			free(note);
			return ui_form_fail(form, "amount", _("amount: expected yuan, e.g. 350 or 1,280.50"));
		}
		{
			/* a line the customer pays without an accepted quotation: ask, naming why */
			int cost = ui_form_choice(form, "cost");
			bool without = false;

			if (quote_gate(st, job->regno, cost, fen, on, &err) == SD_DATAERR) {
				char q[1200];

				/* TRANSLATORS: why the charge needs a quotation. */
				snprintf(q, sizeof q, _("%s — charge it without a quotation? (y/n)"), err.msg);
				if (!ui_confirm(job->c, q)) {
					free(amount);
					free(on);
					free(note);
					return ui_form_fail(form, "amount", err.msg);
				}
				without = true;
			}
			sd_err_clear(&err);
			rc = quote_charge(st, job->regno, cost, fen, on, *note ? note : NULL, without, &err);
		}
		free(amount);
		free(on);
		free(note);
		break;
	}
	case FORM_PAYMENT: {
		char *amount = ui_form_text(form, "amount"), *inv = ui_form_text(form, "invoice");
		int64_t fen;
		if (!money_parse(amount, &fen) || fen <= 0) {
			free(amount);
			free(inv);
			return ui_form_fail(form, "amount", _("amount: expected yuan, e.g. 350 or 1,280.50"));
		}
		rc = ledger_payment(st, job->regno, fen, *inv ? inv : NULL, &err);
		free(amount);
		free(inv);
		break;
	}
	case FORM_CARD: {
		char *by = ui_form_text(form, "by"), *at = ui_form_text(form, "at");
		char *opinion = ui_form_text(form, "opinion");
		if (!*by || !*opinion) {
			bool no_by = !*by;

			free(by);
			free(at);
			free(opinion);
			return ui_form_fail(form, no_by ? "by" : "opinion",
			                    no_by ? _("signed by: required") : _("customer's opinion: required"));
		}
		rc = ledger_card(st, job->regno, by, *at ? at : NULL, opinion, 5 - ui_form_choice(form, "rating"),
		                 job->version, &err);
		free(by);
		free(at);
		free(opinion);
		break;
	}
	case FORM_ITEM: {
		int k = ui_form_choice(form, "item");
		char *note = ui_form_text(form, "note");
		if (k < 0 || k >= job->nitem) {
			free(note);
			return ui_form_fail(form, "item", _("item: choose one"));
		}
		if (!*note) {
			free(note);
			return ui_form_fail(form, "note", _("what was done or why: required"));
		}
		rc = ledger_item_settle(st, job->regno, job->item_pos[k], ui_form_choice(form, "outcome") + 1,
		                        note, job->version, &err);
		free(note);
		break;
	}
	default:
		break;
	}
	return form_outcome(form, job, rc, &err);
}

/* Run a form for the selected entry and report its outcome. */
static void
run_form(ui_ctx *c, lpane *s, ui_form *form, form_job *job, const char *done)
{
	bool saved = ui_form_run(c, form);

	ui_form_free(form);
	if (!saved) {
		ui_message(c, false, "%s", _("Cancelled."));
		return;
	}
	if (job->conflict) {
		sd_err err;
		sd_err_clear(&err);
		err.status = SD_DATAERR;
		snprintf(err.msg, sizeof err.msg, "%s", job->conflict_msg);
		step_done(c, s, SD_DATAERR, &err, job->regno, job->version, done);
	} else {
		step_done(c, s, SD_OK, NULL, job->regno, job->version, done);
	}
}

static void
job_init(form_job *job, ui_ctx *c, lpane *s, int kind, bool versioned)
{
	memset(job, 0, sizeof *job);
	job->c = c;
	job->s = s;
	job->kind = kind;
	snprintf(job->regno, sizeof job->regno, "%s", s->det.regno);
	job->version = versioned ? s->det.version : -1;
}

/* the fault categories as choices: "code  name", codes kept alongside */
struct fault_choices {
	char **codes;
	char **labels;
	int n;
};

static void
fault_choice_add(struct fault_choices *f, const char *code, const char *label)
{
	f->codes = xrealloc(f->codes, (size_t)(f->n + 1) * sizeof *f->codes);
	f->labels = xrealloc(f->labels, (size_t)(f->n + 1) * sizeof *f->labels);
	f->codes[f->n] = code ? xstrdup(code) : NULL;
	f->labels[f->n] = xstrdup(label);
	f->n++;
}

static int
collect_fault(const char *code, const char *name, void *arg)
{
	buf b = { 0 };

	buf_printf(&b, "%s  %s", code, name ? name : "");
	fault_choice_add(arg, code, buf_str(&b));
	buf_free(&b);
	return 0;
}

static void
fault_choices_free(struct fault_choices *f)
{
	for (int i = 0; i < f->n; i++) {
		free(f->codes[i]);
		free(f->labels[i]);
	}
	free(f->codes);
	free(f->labels);
	memset(f, 0, sizeof *f);
}

static void
do_propose(ui_ctx *c, lpane *s)
{
	ui_form form;
	form_job job;
	char done[256];
	char title[128], now[17];
	const sd_ledger *l = &s->det;
	struct fault_choices fc = { 0 };
	int fault_sel = 0;
	sd_err err;

	job_init(&job, c, s, FORM_PROPOSE, true);
	snprintf(title, sizeof title, _("Propose a solution for %s"), l->regno);
	ui_form_init(&form, title);
	form.save = form_save;
	form.arg = &job;
	ui_form_add_choice(&form, "mode", _("Service mode"), s->mode_names, MODE_COUNT,
	                   l->mode >= 0 && l->mode < MODE_COUNT ? l->mode : MODE_ONSITE);
	ui_form_add_area(&form, "solution", _("Solution"), l->solution);
	/* a category once recorded can be changed but not removed: "(none)" only before */
	if (!l->fault_code || !*l->fault_code)
		fault_choice_add(&fc, NULL, _("(none)"));
	sd_err_clear(&err);
	if (ledger_fault_each(c->st, collect_fault, &fc, &err) != SD_OK) {
		ui_form_free(&form);
		fault_choices_free(&fc);
		ui_message(c, true, "%s", err.msg);
		return;
	}
	if (l->fault_code && *l->fault_code) {
		for (int i = 0; i < fc.n; i++)
			if (fc.codes[i] && strcmp(fc.codes[i], l->fault_code) == 0)
				fault_sel = i;
		/* a code no longer among the categories stays as it is */
		if (fault_sel == 0 && (!fc.n || strcmp(fc.codes[0], l->fault_code) != 0)) {
			fault_choice_add(&fc, NULL, l->fault_code);
			fault_sel = fc.n - 1;
		}
	}
	job.fault_codes = fc.codes;
	job.nfaults = fc.n;
	ui_form_add_choice(&form, "fault", _("Fault category"), (const char **)fc.labels, fc.n,
	                   fault_sel);
	store_now(now);
	ui_form_add_text(&form, "at", _("Proposed at"), now);
	form.focus = ui_form_find(&form, "mode");
	snprintf(done, sizeof done, _("Solution recorded for %s."), job.regno);
	run_form(c, s, &form, &job, done);
	fault_choices_free(&fc);
}

static void
do_confirm(ui_ctx *c, lpane *s)
{
	ui_form form;
	form_job job;
	char done[256];
	char title[128], now[17];

	job_init(&job, c, s, FORM_CONFIRM, true);
	snprintf(title, sizeof title, _("User's confirmation for %s"), s->det.regno);
	ui_form_init(&form, title);
	form.save = form_save;
	form.arg = &job;
	ui_form_add_text(&form, "by", _("Confirmed by"),
	                 s->have_req && s->req.requester ? s->req.requester : "");
	ui_form_add_choice(&form, "how", _("How"), s->how_names, HOW_COUNT, HOW_PHONE);
	store_now(now);
	ui_form_add_text(&form, "at", _("Confirmed at"), now);
	form.focus = ui_form_find(&form, "by");
	snprintf(done, sizeof done, _("Confirmation recorded for %s."), job.regno);
	run_form(c, s, &form, &job, done);
}

static void
do_charge(ui_ctx *c, lpane *s)
{
	ui_form form;
	form_job job;
	char done[256];
	char title[128], now[17];

	job_init(&job, c, s, FORM_CHARGE, false);
	snprintf(title, sizeof title, _("Charge for %s"), s->det.regno);
	ui_form_init(&form, title);
	form.save = form_save;
	form.arg = &job;
	ui_form_add_choice(&form, "cost", _("Cost type"), s->cost_names, COST_COUNT, COST_LABOUR);
	ui_form_add_text(&form, "amount", _("Amount (yuan)"), "");
	store_now(now);
	now[10] = '\0';
	ui_form_add_text(&form, "on", _("Service date"), now);
	ui_form_add_text(&form, "note", _("Note"), "");
	form.focus = ui_form_find(&form, "cost");
	snprintf(done, sizeof done, _("Charge added to %s."), job.regno);
	run_form(c, s, &form, &job, done);
}

static void
do_payment(ui_ctx *c, lpane *s)
{
	ui_form form;
	form_job job;
	char done[256];
	char title[128];

	job_init(&job, c, s, FORM_PAYMENT, false);
	snprintf(title, sizeof title, _("Payment for %s"), s->det.regno);
	ui_form_init(&form, title);
	form.save = form_save;
	form.arg = &job;
	ui_form_add_text(&form, "amount", _("Amount (yuan)"), "");
	ui_form_add_text(&form, "invoice", _("Invoice no."), "");
	form.focus = ui_form_find(&form, "amount");
	snprintf(done, sizeof done, _("Payment recorded for %s."), job.regno);
	run_form(c, s, &form, &job, done);
}

/* settle one of the open maintenance items: which, the outcome, what was done or why */
static void
do_item(ui_ctx *c, lpane *s)
{
	ui_form form;
	form_job job;
	char done[256], title[128];
	const char *outcomes[ITEM_COUNT - 1];
	char **labels = NULL;
	int n = 0;

	job_init(&job, c, s, FORM_ITEM, true);
	for (size_t i = 0; i < s->items.n; i++) {
		const sd_ledger_item *it = &s->items.v[i];
		buf b = { 0 };

		if (it->state != ITEM_OPEN)
			continue;
		job.item_pos = xrealloc(job.item_pos, (size_t)(n + 1) * sizeof *job.item_pos);
		labels = xrealloc(labels, (size_t)(n + 1) * sizeof *labels);
		buf_printf(&b, "%d. %s", it->pos, it->text);
		job.item_pos[n] = it->pos;
		labels[n++] = buf_steal(&b);
	}
	if (n == 0) {
		ui_message(c, true, s->items.n ? _("Every maintenance item of %s is settled.")
		                               : _("%s has no maintenance items."), job.regno);
		return;
	}
	job.nitem = n;
	for (int i = 1; i < ITEM_COUNT; i++)
		outcomes[i - 1] = ledger_item_state_name(i);
	snprintf(title, sizeof title, _("Settle a maintenance item of %s"), job.regno);
	ui_form_init(&form, title);
	form.save = form_save;
	form.arg = &job;
	ui_form_add_choice(&form, "item", _("Item"), (const char **)labels, n, 0);
	ui_form_add_choice(&form, "outcome", C_("maintenance item", "Outcome"), outcomes, ITEM_COUNT - 1, 0);
	ui_form_add_area(&form, "note", _("What was done / why"), "");
	form.focus = ui_form_find(&form, "item");
	snprintf(done, sizeof done, _("Item settled on %s."), job.regno);
	run_form(c, s, &form, &job, done);
	for (int i = 0; i < n; i++)
		free(labels[i]);
	free(labels);
	free(job.item_pos);
}

/* the customer's signed service card: who, when, the opinion, the rating */
static void
do_card(ui_ctx *c, lpane *s)
{
	static const char *const ratings[5] = { "5", "4", "3", "2", "1" };
	ui_form form;
	form_job job;
	char done[256], title[128], now[17];

	job_init(&job, c, s, FORM_CARD, true);
	snprintf(title, sizeof title, _("Service card of %s"), s->det.regno);
	ui_form_init(&form, title);
	form.save = form_save;
	form.arg = &job;
	ui_form_add_text(&form, "by", _("Signed by"), s->have_req && s->req.requester ? s->req.requester : "");
	store_now(now);
	ui_form_add_text(&form, "at", _("Signed at"), now);
	ui_form_add_area(&form, "opinion", _("Customer's opinion"), "");
	ui_form_add_choice(&form, "rating", _("Rating (1-5)"), (const char **)ratings, 5, 0);
	form.focus = ui_form_find(&form, "by");
	snprintf(done, sizeof done, _("Service card recorded for %s."), job.regno);
	run_form(c, s, &form, &job, done);
}

static void
do_card_in(ui_ctx *c, lpane *s)
{
	char q[256], regno[24];
	int version = s->det.version;
	sd_err err;

	snprintf(regno, sizeof regno, "%s", s->det.regno);
	snprintf(q, sizeof q, _("The service card of %s is back at the office now? (y/n)"), regno);
	if (!ui_confirm(c, q)) {
		ui_message(c, false, "%s", _("Cancelled."));
		return;
	}
	sd_err_clear(&err);
	int rc = ledger_card_in(c->st, regno, NULL, version, &err);
	snprintf(q, sizeof q, _("Service card of %s back at the office."), regno);
	step_done(c, s, rc, &err, regno, version, q);
}

/* the cards past their day, by engineer, in a text view */
struct cards_text {
	buf b;
	char engineer[64];
	int n;
};

static int
card_line(const sd_card_out *co, void *arg)
{
	struct cards_text *t = arg;

	if (t->n == 0 || strcmp(t->engineer, co->engineer) != 0) {
		snprintf(t->engineer, sizeof t->engineer, "%s", co->engineer);
		buf_printf(&t->b, "%s%s\n", t->n ? "\n" : "", *co->engineer ? co->engineer : _("(no engineer)"));
	}
	/* TRANSLATORS: register number, customer, due day, days past it. */
	buf_printf(&t->b, _("  %s  %s  due %s, %d days late\n"), co->regno, co->customer, co->due, co->days_late);
	t->n++;
	return 0;
}

static void
do_cards(ui_ctx *c)
{
	struct cards_text t = { .n = 0 };
	char now[17];
	sd_date today = 0;
	sd_err err;

	store_now(now);
	now[10] = '\0';
	date_parse(now, &today);
	sd_err_clear(&err);
	if (ledger_cards_out(c->st, today, true, NULL, card_line, &t, &err) != SD_OK) {
		ui_message(c, true, "%s", err.msg);
	} else {
		if (t.n == 0)
			buf_puts(&t.b, _("Every signed service card is back at the office, or not yet due."));
		ui_textview_run(c, _("Service cards overdue, by engineer"), buf_str(&t.b));
	}
	buf_free(&t.b);
}

/* the steps that take a time (default now) */
static void
do_timed(ui_ctx *c, lpane *s, int act)
{
	char regno[24], *at = NULL;
	int version = s->det.version, rc;
	const char *label;
	char done[256];
	sd_err err;

	snprintf(regno, sizeof regno, "%s", s->det.regno);
	switch (act) {
	case ACT_VISIT:
		label = _("Planned visit (YYYY-MM-DD HH:MM):");
		snprintf(done, sizeof done, _("Visit planned for %s."), regno);
		break;
	case ACT_CONTACT:
		label = _("First contact with the user at:");
		snprintf(done, sizeof done, _("First contact recorded for %s."), regno);
		break;
	case ACT_ARRIVE:
		label = _("Arrived on site / work begun at:");
		snprintf(done, sizeof done, _("Arrival recorded for %s."), regno);
		break;
	default:
		label = _("Fault cleared at:");
		snprintf(done, sizeof done, _("Fault cleared on %s: awaiting the user's confirmation."),
		         regno);
		break;
	}
	if (!ask_time(c, label, &at))
		return;
	sd_err_clear(&err);
	if (act == ACT_VISIT)
		rc = ledger_plan_visit(c->st, regno, at, version, &err);
	else if (act == ACT_ARRIVE)
		rc = ledger_arrive(c->st, regno, at, version, &err);
	else if (act == ACT_CONTACT)
		rc = ledger_contact(c->st, regno, at, version, &err);
	else
		rc = ledger_clear(c->st, regno, at, version, &err);
	free(at);
	step_done(c, s, rc, &err, regno, version, done);
}

static void
do_close(ui_ctx *c, lpane *s)
{
	char q[256], regno[24];
	int version = s->det.version;
	sd_err err;

	snprintf(regno, sizeof regno, "%s", s->det.regno);
	snprintf(q, sizeof q, _("Close ledger entry %s? (y/n)"), regno);
	if (!ui_confirm(c, q)) {
		ui_message(c, false, "%s", _("Cancelled."));
		return;
	}
	sd_err_clear(&err);
	int rc = ledger_close(c->st, regno, version, &err);
	snprintf(q, sizeof q, _("Closed %s."), regno);
	step_done(c, s, rc, &err, regno, version, q);
}

/* a step that needs a reason: unresolvable, pause */
static void
do_reason(ui_ctx *c, lpane *s, int act)
{
	char regno[24], *text = NULL, *reason, done[256];
	int version = s->det.version, rc;
	sd_err err;

	snprintf(regno, sizeof regno, "%s", s->det.regno);
	if (!ui_prompt(c, act == ACT_PAUSE ? _("Pause the clocks: reason (waiting on...):")
	                                   : _("Unresolvable: the reason explained to the user:"),
	               "", NULL, NULL, &text)) {
		ui_message(c, false, "%s", _("Cancelled."));
		return;
	}
	reason = trimmed_or_null(text);
	free(text);
	if (!reason) {
		ui_message(c, true, "%s", _("Not saved: a reason is required."));
		return;
	}
	sd_err_clear(&err);
	if (act == ACT_PAUSE)
		rc = ledger_pause(c->st, regno, reason, NULL, version, &err);
	else
		rc = ledger_unresolvable(c->st, regno, reason, version, &err);
	free(reason);
	if (act == ACT_PAUSE)
		snprintf(done, sizeof done, _("Clocks of %s paused."), regno);
	else
		snprintf(done, sizeof done, _("%s closed as unresolvable."), regno);
	step_done(c, s, rc, &err, regno, version, done);
}

/* the diagnosis: the finding is required */
static void
do_diagnose(ui_ctx *c, lpane *s)
{
	char regno[24], *text = NULL, *finding, done[256];
	int version = s->det.version, rc;
	sd_err err;

	snprintf(regno, sizeof regno, "%s", s->det.regno);
	if (!ui_prompt(c, _("Diagnosis: the finding:"), "", NULL, NULL, &text)) {
		ui_message(c, false, "%s", _("Cancelled."));
		return;
	}
	finding = trimmed_or_null(text);
	free(text);
	if (!finding) {
		ui_message(c, true, "%s", _("Not saved: the finding is required."));
		return;
	}
	sd_err_clear(&err);
	rc = ledger_diagnose(c->st, regno, finding, NULL, version, &err);
	free(finding);
	snprintf(done, sizeof done, _("Diagnosis recorded for %s."), regno);
	step_done(c, s, rc, &err, regno, version, done);
}

/* the escalation: to whom (a login), and a note */
static void
do_escalate(ui_ctx *c, lpane *s)
{
	char regno[24], *to_text = NULL, *note_text = NULL, *to, *note, done[256];
	int version = s->det.version, rc;
	sd_err err;

	snprintf(regno, sizeof regno, "%s", s->det.regno);
	if (!ui_prompt(c, _("Escalate to (login of an engineer or supervisor):"), "", NULL, NULL, &to_text)) {
		ui_message(c, false, "%s", _("Cancelled."));
		return;
	}
	to = trimmed_or_null(to_text);
	free(to_text);
	if (!to) {
		ui_message(c, true, "%s", _("Not saved: say to whom the entry is escalated."));
		return;
	}
	if (!ui_prompt(c, _("Note (optional):"), "", NULL, NULL, &note_text)) {
		free(to);
		ui_message(c, false, "%s", _("Cancelled."));
		return;
	}
	note = trimmed_or_null(note_text);
	free(note_text);
	sd_err_clear(&err);
	rc = ledger_escalate(c->st, regno, to, note, NULL, version, &err);
	free(to);
	free(note);
	snprintf(done, sizeof done, _("%s escalated."), regno);
	step_done(c, s, rc, &err, regno, version, done);
}

static void
do_pause(ui_ctx *c, lpane *s)
{
	char q[256], regno[24];
	int version = s->det.version;
	sd_err err;

	if (!s->det.paused) {
		do_reason(c, s, ACT_PAUSE);
		return;
	}
	snprintf(regno, sizeof regno, "%s", s->det.regno);
	snprintf(q, sizeof q, _("Resume the clocks of %s? (y/n)"), regno);
	if (!ui_confirm(c, q)) {
		ui_message(c, false, "%s", _("Cancelled."));
		return;
	}
	sd_err_clear(&err);
	int rc = ledger_resume(c->st, regno, NULL, version, &err);
	snprintf(q, sizeof q, _("Clocks of %s resumed."), regno);
	step_done(c, s, rc, &err, regno, version, q);
}

static void
do_explain(ui_ctx *c, lpane *s)
{
	buf b = { 0 };
	sd_err err;
	char title[128];

	sd_err_clear(&err);
	if (ledger_explain(c->st, s->det.regno, &b, &err) != SD_OK) {
		ui_message(c, true, "%s", err.msg);
	} else {
		snprintf(title, sizeof title, _("Due times of %s"), s->det.regno);
		ui_textview_run(c, title, buf_str(&b));
	}
	buf_free(&b);
}

/*
 * A document as the text it prints as (80 columns) in the text view: the
 * pages one after another, without their page header (3 lines: the title,
 * which is the view's, and the rule), their footer (2 lines) and the blank
 * lines that fill them up.
 */
static void
view_doc(ui_ctx *c, const sd_doc *doc, const char *title)
{
	doc_opts o = { .format = DOCF_TEXT, .width = 80, .page_lines = 0 };
	buf b = { 0 }, v = { 0 };
	sd_err err;
	char *page, *save = NULL;

	sd_err_clear(&err);
	if (doc_render(doc, &o, &b, &err) != SD_OK) {
		ui_message(c, true, "%s", err.msg);
		buf_free(&b);
		return;
	}
	page = buf_str(&b) ? xstrdup(buf_str(&b)) : xstrdup("");
	for (char *pg = strtok_r(page, "\f", &save); pg; pg = strtok_r(NULL, "\f", &save)) {
		char *body = pg;
		for (int k = 0; k < 3 && body; k++)
			body = (body = strchr(body, '\n')) ? body + 1 : NULL;
		if (!body)
			continue;
		size_t n = strlen(body);
		for (int k = 0; k < 3 && n > 0; k++) {      /* the footer's lines and the newline */
			while (n > 0 && body[n - 1] == '\n')
				n--;
			while (n > 0 && body[n - 1] != '\n')
				n--;
		}
		while (n > 0 && (body[n - 1] == '\n' || body[n - 1] == ' '))
			n--;
		buf_append(&v, body, n);
		buf_puts(&v, "\n\n");
	}
	free(page);
	ui_textview_run(c, title, buf_str(&v));
	buf_free(&v);
	buf_free(&b);
}

/* The service report of the entry, as it prints. */
static void
do_service_report(ui_ctx *c, lpane *s)
{
	sd_doc *doc = NULL;
	sd_err err;
	char title[128];

	sd_err_clear(&err);
	if (servreport_doc(c->st, s->det.regno, &doc, &err) != SD_OK) {
		ui_message(c, true, "%s", err.msg);
	} else {
		snprintf(title, sizeof title, _("Service report %s"), s->det.regno);
		view_doc(c, doc, title);
	}
	doc_free(doc);
}

/* The whole entry as `servdesk ledger show` gives it and as it prints. */
static void
do_entry_view(ui_ctx *c, lpane *s)
{
	sd_doc *doc = NULL;
	sd_err err;

	sd_err_clear(&err);
	if (ledger_entry_doc(c->st, s->det.regno, SD_NO_TIME, &doc, &err) != SD_OK)
		ui_message(c, true, "%s", err.msg);
	else
		view_doc(c, doc, doc->title);
	doc_free(doc);
}

/* ---------------------------------------------------------------- search and filters */

static void
pane_describe(ui_ctx *c, void *priv, buf *b)
{
	lpane *s = priv;
	bool any = false;

	(void)c;
	if (s->q.state >= 0) {
		buf_puts(b, ledger_state_name(s->q.state));
		any = true;
	}
	if (s->q.open_only) {
		buf_printf(b, "%s%s", any ? ui_sep_item() : "", C_("not closed", "open"));
		any = true;
	}
	if (s->q.due_only) {
		/* the due filter lists the most urgent first, whatever the order chosen */
		buf_printf(b, "%s%s", any ? ui_sep_item() : "", _("due or overdue, by urgency"));
		any = true;
	}
	if (s->q.engineer) {
		buf_printf(b, "%s%s", any ? ui_sep_item() : "", _("mine"));
		any = true;
	}
	if (s->search) {
		char *clean = text_sanitize(s->search, false);
		buf_printf(b, "%s/%s", any ? ui_sep_item() : "", clean);
		free(clean);
		any = true;
	}
	if (!any)
		buf_puts(b, _("all"));
	if (!s->q.due_only) {
		buf_puts(b, ui_sep_clause());
		buf_puts(b, s->q.desc ? _("newest first") : _("oldest first"));
	}
}

/* ---------------------------------------------------------------- ops */

static const ui_list_ops list_ops = {
	.row_size = sizeof(sd_ledger_row),
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
	lpane *s = priv;

	s->st = c->st;
	ledger_query_init(&s->q);
	s->q.search = NULL;
	s->q.engineer = NULL;
	ui_list_init(&s->list, &list_ops, s);
	s->markw = mark_width();
	for (int i = 0; i < MODE_COUNT; i++)
		s->mode_names[i] = ledger_mode_name(i);
	for (int i = 0; i < HOW_COUNT; i++)
		s->how_names[i] = ledger_how_name(i);
	for (int i = 0; i < COST_COUNT; i++)
		s->cost_names[i] = warranty_cost_name(i);
	ui_list_load_edge(&s->list, c, false);
	return SD_OK;
}

static void
pane_done(ui_ctx *c, void *priv)
{
	lpane *s = priv;
	(void)c;
	ui_list_free(&s->list);
	drop_detail(s);
	free(s->search);
	s->search = NULL;
}

/* the steps on the selected entry: permission first, then the selection */
static void
step(ui_ctx *c, lpane *s, int act)
{
	if (!ui_permitted(c, ACT_LEDGER_WORK) || !need_selection(c, s))
		return;
	switch (act) {
	case ACT_ASSIGN:
		do_assign(c, s);
		break;
	case ACT_PROPOSE:
		do_propose(c, s);
		break;
	case ACT_CONTACT:
	case ACT_VISIT:
	case ACT_ARRIVE:
	case ACT_CLEAR:
		do_timed(c, s, act);
		break;
	case ACT_CONFIRM:
		do_confirm(c, s);
		break;
	case ACT_CLOSE:
		do_close(c, s);
		break;
	case ACT_UNRESOLVABLE:
		do_reason(c, s, ACT_UNRESOLVABLE);
		break;
	case ACT_PAUSE:
		do_pause(c, s);
		break;
	case ACT_DIAGNOSE:
		do_diagnose(c, s);
		break;
	case ACT_ESCALATE:
		do_escalate(c, s);
		break;
	case ACT_CHARGE:
		do_charge(c, s);
		break;
	case ACT_PAYMENT:
		do_payment(c, s);
		break;
	case ACT_ITEM:
		do_item(c, s);
		break;
	case ACT_CARD:
		do_card(c, s);
		break;
	case ACT_CARD_IN:
		do_card_in(c, s);
		break;
	default:
		break;
	}
}

static bool
pane_key(ui_ctx *c, void *priv, int key)
{
	lpane *s = priv;
	int act = ui_key_action(ledger_keys, SD_ARRAY_LEN(ledger_keys), key);

	if (ui_list_key(&s->list, c, key, act))
		return true;
	switch (act) {
	case ACT_SEARCH:
		ui_list_search(&s->list, c, &s->search);
		break;
	case ACT_STATE:
		s->q.state = s->q.state + 1 >= LS_COUNT ? -1 : s->q.state + 1;
		ui_list_refilter(&s->list, c);
		break;
	case ACT_OPEN:
		s->q.open_only = !s->q.open_only;
		ui_list_refilter(&s->list, c);
		break;
	case ACT_DUE:
		s->q.due_only = !s->q.due_only;
		ui_list_refilter(&s->list, c);
		break;
	case ACT_MINE:
		s->q.engineer = s->q.engineer ? NULL : c->user;
		ui_list_refilter(&s->list, c);
		break;
	case ACT_REVERSE:
		s->q.desc = !s->q.desc;
		ui_list_refilter(&s->list, c);
		break;
	case ACT_RELOAD:
		ui_list_reload(&s->list, c);
		break;
	case ACT_EXPLAIN:
		if (need_selection(c, s))
			do_explain(c, s);
		break;
	case ACT_REPAIR_NEW:
		if (need_selection(c, s))
			ui_repair_open(c, s->det.regno, s->det.serial);
		break;
	case ACT_REPAIR_SHOW:
		if (need_selection(c, s))
			ui_repair_entry(c, s->det.regno);
		break;
	case ACT_QUOTE:
		if (need_selection(c, s))
			ui_quote_entry(c, s->det.regno);
		break;
	case ACT_LOAN_UNIT:
		if (need_selection(c, s))
			ui_repair_loan(c, s->det.regno);
		break;
	case ACT_RETURN_GOODS:
		if (need_selection(c, s))
			ui_return_entry(c, s->det.regno);
		break;
	case ACT_SERVICE_REPORT:
		if (need_selection(c, s))
			do_service_report(c, s);
		break;
	case ACT_ENTRY_VIEW:
		if (need_selection(c, s))
			do_entry_view(c, s);
		break;
	case ACT_TAKE:
		if (ui_permitted(c, ACT_LEDGER_TAKE))
			do_take(c, s, "");
		break;
	case ACT_ASSIGN:
	case ACT_PROPOSE:
	case ACT_CONTACT:
	case ACT_VISIT:
	case ACT_ARRIVE:
	case ACT_CLEAR:
	case ACT_CONFIRM:
	case ACT_CLOSE:
	case ACT_UNRESOLVABLE:
	case ACT_PAUSE:
	case ACT_DIAGNOSE:
	case ACT_ESCALATE:
	case ACT_CHARGE:
	case ACT_PAYMENT:
	case ACT_ITEM:
	case ACT_CARD:
	case ACT_CARD_IN:
		step(c, s, act);
		break;
	case ACT_CARDS:
		do_cards(c);
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
	return ui_history_selected(priv, "request", table, key);
}

const ui_pane_ops ui_ledger_pane = {
	.name = N_("Ledger"),
	.priv_size = sizeof(lpane),
	.init = pane_init,
	.done = pane_done,
	.reload = ui_list_pane_reload,
	.draw = ui_list_pane_draw,
	.key = pane_key,
	.click = ui_list_pane_click,
	.describe = pane_describe,
	.idle = ui_list_pane_idle,
	.keys = ledger_keys,
	.nkeys = SD_ARRAY_LEN(ledger_keys),
	.record = pane_record,
};
