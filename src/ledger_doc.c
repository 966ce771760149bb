/*
 * ledger_doc.c — a ledger entry as a document (ledger_doc.h).
 *
 * The fields of the request and of the entry are figures for machines (CSV,
 * JSON) and, for people, "Label:  value" lines (a note), as `ledger show`
 * has always printed them; the clocks, items, charges, payments, history,
 * repair orders and the loan unit are tables with typed columns.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "contract.h"
#include "customer.h"
#include "engineer.h"
#include "intake.h"
#include "ledger.h"
#include "ledger_doc.h"
#include "money.h"
#include "repair.h"
#include "report.h"
#include "staff.h"
#include "text.h"
#include "warranty.h"

#define COL(k, h, t, w80, w132, fl) { (char *)(k), (char *)(h), t, 0, w80, w132, fl }

/* "login (name)" of a staff member, or the login alone: b holds only that. */
static void
login_label(store *st, const char *login, buf *b)
{
	buf_reset(b);
	staff_label_login(st, login, b);
}

char *
ledger_appointed_line(store *st, const char *customer)
{
	sd_appointed a;
	sd_err e;
	buf b = { 0 }, t = { 0 };
	char *s;

	if (!customer || appointed_get(st, customer, &a, &e) != SD_OK)
		return NULL;
	if (a.engineer) {
		login_label(st, a.engineer, &t);
		buf_puts(&b, buf_str(&t));
	}
	if (a.deputy) {
		login_label(st, a.deputy, &t);
		if (b.len)
			buf_puts(&b, text_sep_item());
		buf_printf(&b, _("deputy %s"), buf_str(&t));
	}
	appointed_free(&a);
	buf_free(&t);
	s = b.len ? xstrdup(buf_str(&b)) : NULL;
	buf_free(&b);
	return s;
}

/* ---------------------------------------------------------------- fields for people */

struct fields {
	const char *label[40];
	char *value[40];
	size_t n;
};

/* A field for people; value NULL or "" prints "Label:" alone. */
static void
fld(struct fields *f, const char *label, const char *value)
{
	if (f->n == SD_ARRAY_LEN(f->label))
		return;
	f->label[f->n] = label;
	f->value[f->n] = xstrdup(value ? value : "");
	f->n++;
}

/* The width of the field lines for people: they fit 80 columns. */
#define FIELD_LINE 78

/*
 * "Label:" (the colon in the reader's language: two cells in Chinese) padded
 * to labw + the colon + 2 cells, then the value broken into lines as Chinese
 * text is, continuation lines under the value's first.
 */
static void
field_line(buf *b, const char *label, const char *value, int labw)
{
	const char *colon = text_sep_caption();
	int ind = labw + text_width(colon) + 2, room = FIELD_LINE - ind;
	bool first = true;

	buf_printf(b, "%s%s%*s", label, colon, labw + 2 - text_width(label), "");
	for (const char *v = value; *v;) {
		size_t next, n;

		if (*v == '\n') {
			v++;
			continue;
		}
		const char *nl = strchr(v, '\n');
		char *para = nl ? xstrndup(v, (size_t)(nl - v)) : xstrdup(v);
		n = text_line_break(para, room, &next);
		if (!first)
			buf_printf(b, "\n%*s", ind, "");
		buf_append(b, para, n);
		first = false;
		v += next ? next : strlen(para);
		free(para);
	}
	buf_putc(b, '\n');
}

/* The fields as one note of "Label:  value" lines. */
static void
fields_note(sd_doc *d, struct fields *f)
{
	buf b = { 0 };
	int labw = 0;

	for (size_t i = 0; i < f->n; i++)
		if (text_width(f->label[i]) > labw)
			labw = text_width(f->label[i]);
	for (size_t i = 0; i < f->n; i++) {
		if (!*f->value[i])
			buf_printf(&b, "%s%s\n", f->label[i], text_sep_caption());
		else
			field_line(&b, f->label[i], f->value[i], labw);
		free(f->value[i]);
	}
	if (b.len && b.data[b.len - 1] == '\n')
		b.data[--b.len] = '\0';
	doc_note(d, NULL, buf_str(&b));
	buf_free(&b);
	f->n = 0;
}

/* "login, time" of a signature into b ("" when not signed). */
static const char *
signature(buf *b, const char *who, const char *at)
{
	buf_reset(b);
	if (who && *who) {
		buf_puts(b, who);
		if (at && *at)
			buf_printf(b, "%s%s", text_sep_item(), at);
	}
	return buf_str(b);
}

static void
fig_text(sd_doc *d, const char *key, const char *value)
{
	doc_figure_add(d, key, key, DOC_TEXT, 0, DOC_MACHINE, doc_text(value && *value ? value : NULL));
}

static void
fig_time(sd_doc *d, const char *key, const char *value)
{
	doc_figure_add(d, key, key, DOC_TIME, 0, DOC_MACHINE, doc_time(value));
}

/* ---------------------------------------------------------------- sections */

static int
add_item(const sd_ledger_item *it, void *arg)
{
	doc_block *t = arg;
	buf who = { 0 };

	if (it->at[0])
		buf_printf(&who, "%s %s", it->who, it->at);
	doc_cell r[] = {
		doc_count(it->pos), doc_text(it->text), doc_text(ledger_item_state_code(it->state)),
		doc_text(ledger_item_state_name(it->state)), doc_text(*it->note ? it->note : NULL),
		doc_text(*it->who ? it->who : NULL), doc_time(it->at),
		who.len ? doc_text(buf_str(&who)) : doc_blank(),
	};
	doc_row(t, r);
	buf_free(&who);
	return 0;
}

static int
request_section(store *st, sd_doc *d, const sd_ledger *l, sd_err *err)
{
	doc_col cols[] = {
		COL("pos", _("No."), DOC_COUNT, 4, 4, 0),
		COL("text", _("Item"), DOC_TEXT, 22, 40, 0),
		COL("state", "state", DOC_TEXT, 0, 0, DOC_MACHINE),
		COL("outcome", C_("maintenance item", "Outcome"), DOC_TEXT, 10, 12, DOC_PEOPLE),
		COL("note", _("What was done / why"), DOC_TEXT, 22, 40, 0),
		COL("who", "who", DOC_TEXT, 0, 0, DOC_MACHINE),
		COL("at", "at", DOC_TIME, 0, 0, DOC_MACHINE),
		COL("settled", C_("maintenance item", "Settled"), DOC_TEXT, 16, 28, DOC_PEOPLE),
	};
	struct fields f = { .n = 0 };
	sd_request r;
	sd_equipment e;
	bool have_eq = false;
	char *appointed;
	doc_block *t;
	sd_err e2;
	int rc;

	if ((rc = intake_get(st, l->regno, &r, err)) != SD_OK)
		return rc;
	memset(&e, 0, sizeof e);
	if (l->serial && *l->serial && equipment_get(st, l->serial, &e, &e2) == SD_OK)
		have_eq = true;
	appointed = ledger_appointed_line(st, l->customer);

	doc_section_add(d, "request", _("Request"));
	fig_text(d, "customer", l->customer);
	fig_text(d, "requester", r.requester);
	fig_text(d, "phone", r.phone);
	fig_text(d, "serial", l->serial);
	fig_text(d, "model", have_eq ? e.model : NULL);
	fig_time(d, "received_at", l->received_at);
	doc_figure_add(d, "priority", "priority", DOC_COUNT, 0, DOC_MACHINE, doc_count(l->priority));
	fig_text(d, "first_item", l->first_item);
	fig_text(d, "appointed", appointed);

	fld(&f, _("Register number"), l->regno);
	fld(&f, _("Received at"), l->received_at);
	fld(&f, _("Priority"), intake_priority_desc(l->priority));
	fld(&f, _("Customer"), l->customer);
	fld(&f, _("Requester"), r.requester);
	fld(&f, _("Phone"), r.phone);
	if (l->serial && *l->serial) {
		fld(&f, _("Serial number"), l->serial);
		if (have_eq && e.model && *e.model)
			fld(&f, _("Model"), e.model);
	}
	if (appointed)
		fld(&f, _("Appointed engineer"), appointed);
	fields_note(d, &f);
	free(appointed);
	intake_request_free(&r);
	if (have_eq)
		equipment_free(&e);

	t = doc_table(d, "items", _("Maintenance items"), cols, SD_ARRAY_LEN(cols));
	return ledger_item_each(st, l->regno, add_item, t, err);
}

static void
entry_section(store *st, sd_doc *d, const sd_ledger *l, const int state[CLOCK_COUNT],
              const sd_time due[CLOCK_COUNT])
{
	struct fields f = { .n = 0 };
	char *fault_name = ledger_fault_name(st, l->fault_code);
	buf v = { 0 };
	char t[17];

	doc_section_add(d, "entry", _("Ledger entry"));
	fig_text(d, "state", ledger_state_code(l->state));
	doc_figure_add(d, "version", "version", DOC_COUNT, 0, DOC_MACHINE, doc_count(l->version));
	fig_text(d, "responsible", l->responsible);
	fig_time(d, "responsible_at", l->responsible_at);
	fig_text(d, "engineer", l->engineer);
	fig_time(d, "engineer_at", l->engineer_at);
	fig_text(d, "mode", l->mode >= 0 ? ledger_mode_code(l->mode) : NULL);
	fig_text(d, "fault_code", l->fault_code);
	fig_text(d, "fault_name", fault_name);
	fig_text(d, "repeat_of", l->repeat_of);
	fig_text(d, "solution", l->solution);
	fig_time(d, "proposed_at", l->proposed_at);
	fig_time(d, "first_contact_at", l->first_contact_at);
	fig_time(d, "planned_visit_at", l->planned_visit_at);
	fig_time(d, "arrived_at", l->arrived_at);
	fig_time(d, "cleared_at", l->cleared_at);
	fig_text(d, "confirmed_by", l->confirmed_by);
	fig_text(d, "confirmed_how", l->confirmed_how >= 0 ? ledger_how_code(l->confirmed_how) : NULL);
	fig_time(d, "confirmed_at", l->confirmed_at);
	fig_time(d, "closed_at", l->closed_at);
	fig_text(d, "unresolvable_reason", l->unresolvable_reason);
	fig_time(d, "diagnosed_at", l->diagnosed_at);
	fig_text(d, "diagnosis", l->diagnosis);
	fig_time(d, "escalated_at", l->escalated_at);
	fig_text(d, "escalated_to", l->escalated_to);
	fig_text(d, "escalation_note", l->escalation_note);
	doc_figure_add(d, "paused", "paused", DOC_COUNT, 0, DOC_MACHINE, doc_count(l->paused));

	fld(&f, _("State"), ledger_state_name(l->state));
	fld(&f, _("Item"), l->first_item);
	fld(&f, _("Responsible"), signature(&v, l->responsible, l->responsible_at));
	fld(&f, _("Engineer"), signature(&v, l->engineer, l->engineer_at));
	fld(&f, _("Service mode"), l->mode >= 0 ? ledger_mode_name(l->mode) : "");
	buf_reset(&v);
	if (l->fault_code && *l->fault_code) {
		buf_puts(&v, l->fault_code);
		if (fault_name && *fault_name)
			buf_printf(&v, " %s", fault_name);
	}
	fld(&f, _("Fault category"), buf_str(&v));
	if (l->repeat_of[0])
		fld(&f, _("Repeat repair of"), l->repeat_of);
	fld(&f, _("Solution"), l->solution);
	fld(&f, _("Proposed at"), l->proposed_at);
	fld(&f, _("First contact"), l->first_contact_at);
	if (l->diagnosed_at[0]) {
		buf_reset(&v);
		buf_printf(&v, "%s%s%s", l->diagnosed_at, text_sep_item(), l->diagnosis ? l->diagnosis : "");
		fld(&f, _("Diagnosis"), buf_str(&v));
	}
	if (l->escalated_at[0]) {
		buf_reset(&v);
		buf_printf(&v, "%s%s%s", l->escalated_at, text_sep_item(), l->escalated_to ? l->escalated_to : "");
		if (l->escalation_note && *l->escalation_note)
			buf_printf(&v, "%s%s", text_sep_note(), l->escalation_note);
		fld(&f, _("Escalated"), buf_str(&v));
	}
	fld(&f, _("Planned visit"), l->planned_visit_at);
	fld(&f, _("Arrived"), l->arrived_at);
	fld(&f, _("Cleared"), l->cleared_at);
	buf_reset(&v);
	if (l->confirmed_by && *l->confirmed_by)
		buf_printf(&v, "%s%s%s%s%s", l->confirmed_by, text_sep_item(),
		           l->confirmed_how >= 0 ? ledger_how_name(l->confirmed_how) : "", text_sep_item(), l->confirmed_at);
	fld(&f, _("Confirmed"), buf_str(&v));
	fld(&f, _("Closed at"), l->closed_at);
	if (l->unresolvable_reason && *l->unresolvable_reason)
		fld(&f, _("Unresolvable"), l->unresolvable_reason);
	snprintf(t, sizeof t, "%d", l->version);
	fld(&f, _("Version"), t);
	fields_note(d, &f);

	doc_col cols[] = {
		COL("clock", "clock", DOC_TEXT, 0, 0, DOC_MACHINE),
		COL("name", _("Clock"), DOC_TEXT, 16, 20, DOC_PEOPLE),
		COL("state", "state", DOC_TEXT, 0, 0, DOC_MACHINE),
		COL("state_name", _("State"), DOC_TEXT, 20, 24, DOC_PEOPLE),
		COL("due", "due", DOC_TIME, 0, 0, DOC_MACHINE),
		COL("due_text", C_("clock", "Due"), DOC_TEXT, 40, 60, DOC_PEOPLE),
		COL("to_escalate", "to_escalate", DOC_COUNT, 0, 0, DOC_MACHINE),
	};
	doc_block *tb = doc_table(d, "clocks", _("Clocks"), cols, SD_ARRAY_LEN(cols));
	for (int i = 0; i < CLOCK_COUNT; i++) {
		const char *mark = sla_state_mark(state[i]);
		const char *name = ledger_clock_state_name(l, i, state[i]);
		bool missed = state[i] == SLA_MISSED || state[i] == SLA_OVERDUE;

		if (due[i] == SD_NO_TIME)
			t[0] = '\0';
		else
			time_format(due[i], t);
		buf_reset(&v);
		buf_puts(&v, name);
		if (*mark)
			buf_printf(&v, " [%s]", mark);
		char *sname = xstrdup(buf_str(&v));
		buf_reset(&v);
		if (t[0])
			buf_puts(&v, t);
		else if (state[i] == SLA_PAUSED)
			buf_puts(&v, _("due time stopped while paused"));
		doc_cell r[] = {
			doc_text(sla_clock_code(i)), doc_text(sla_clock_name(i)), doc_text(sla_state_code(state[i])),
			doc_marked(doc_text(sname), missed), doc_time(t), v.len ? doc_text(buf_str(&v)) : doc_blank(),
			i == CLOCK_ESCALATE ? doc_count(strcmp(name, sla_state_name(state[i])) != 0) : doc_empty(),
		};
		doc_row(tb, r);
		free(sname);
	}
	buf_free(&v);
	free(fault_name);
}

struct money_arg {
	store *st;
	doc_block *t;
};

static int
add_charge(const sd_ledger_charge *ch, void *arg)
{
	struct money_arg *m = arg;
	buf tier = { 0 };

	contract_charge_text(&tier, ch->tier, ch->contract_id, ch->free_repair);
	if (ch->cause[0]) {
		buf_puts(&tier, _("; "));
		ledger_cause_text(m->st, &tier, ch->cause);
	}
	doc_cell r[] = {
		doc_date(ch->service_on),
		doc_text(ch->cost >= 0 ? warranty_cost_code(ch->cost) : NULL),
		doc_text(ch->cost >= 0 ? warranty_cost_name(ch->cost) : NULL),
		doc_text(warranty_tier_code(ch->tier)),
		doc_text(buf_str(&tier)),
		ch->contract_id > 0 ? doc_count(ch->contract_id) : doc_empty(),
		doc_count(ch->free_repair),
		doc_text(ch->cause[0] ? ch->cause : NULL),
		doc_money(ch->amount_fen),
		doc_money(ch->billed_fen),
		ch->reimbursable >= 0 ? doc_count(ch->reimbursable) : doc_empty(),
		ch->reimbursable >= 0 ? doc_text(ledger_reimburse_name(ch->reimbursable)) : doc_blank(),
		doc_text(*ch->note ? ch->note : NULL),
		doc_text(*ch->who ? ch->who : NULL),
		doc_time(ch->at),
	};
	if (!*ch->note)
		r[12] = doc_blank();
	doc_row(m->t, r);
	buf_free(&tier);
	return 0;
}

static int
add_payment(const sd_ledger_payment *pm, void *arg)
{
	struct money_arg *m = arg;
	doc_cell r[] = {
		doc_time(pm->at), doc_money(pm->amount_fen),
		*pm->invoice_no ? doc_text(pm->invoice_no) : doc_blank(),
		*pm->who ? doc_text(pm->who) : doc_blank(),
	};
	doc_row(m->t, r);
	return 0;
}

static int
money_section(store *st, sd_doc *d, const char *regno, sd_err *err)
{
	doc_col ccols[] = {
		COL("date", _("Date"), DOC_DATE, 10, 10, 0),
		COL("kind", "kind", DOC_TEXT, 0, 0, DOC_MACHINE),
		COL("kind_name", _("Kind"), DOC_TEXT, 6, 8, DOC_PEOPLE),
		COL("tier", "tier", DOC_TEXT, 0, 0, DOC_MACHINE),
		COL("why", _("Tier"), DOC_TEXT, 14, 30, DOC_PEOPLE),
		COL("contract_id", "contract_id", DOC_COUNT, 0, 0, DOC_MACHINE),
		COL("free_repair", "free_repair", DOC_COUNT, 0, 0, DOC_MACHINE),
		COL("cause", "cause", DOC_TEXT, 0, 0, DOC_MACHINE),
		COL("amount", _("Amount"), DOC_MONEY, 9, 10, 0),
		COL("billed", _("Billed"), DOC_MONEY, 9, 10, 0),
		COL("reimbursable", "reimbursable", DOC_COUNT, 0, 0, DOC_MACHINE),
		COL("reimbursable_name", _("Reimbursable"), DOC_TEXT, 8, 17, DOC_PEOPLE),
		COL("note", _("Note"), DOC_TEXT, 18, 40, 0),
		COL("who", "who", DOC_TEXT, 0, 0, DOC_MACHINE),
		COL("at", "at", DOC_TIME, 0, 0, DOC_MACHINE),
	};
	doc_col pcols[] = {
		COL("at", _("At"), DOC_TIME, 16, 16, 0),
		COL("amount", _("Amount"), DOC_MONEY, 12, 12, 0),
		COL("invoice", _("Invoice no."), DOC_TEXT, 30, 30, 0),
		COL("who", _("Who"), DOC_TEXT, 12, 12, 0),
	};
	int64_t cost, billed, received;
	struct money_arg m = { st, NULL };
	struct fields f = { .n = 0 };
	char s[32];
	int rc;

	if ((rc = ledger_totals(st, regno, &cost, &billed, &received, err)) != SD_OK)
		return rc;
	doc_section_add(d, "money", _("Charges and payments"));
	doc_figure_add(d, "cost", _("Cost"), DOC_MONEY, 0, DOC_MACHINE, doc_money(cost));
	doc_figure_add(d, "billed", _("Billed"), DOC_MONEY, 0, DOC_MACHINE, doc_money(billed));
	doc_figure_add(d, "received", C_("money", "Received"), DOC_MONEY, 0, DOC_MACHINE, doc_money(received));
	doc_figure_add(d, "outstanding", _("Outstanding"), DOC_MONEY, 0, DOC_MACHINE,
	               doc_money(billed - received));
	money_format(cost, s);
	fld(&f, _("Cost"), s);
	money_format(billed, s);
	fld(&f, _("Billed"), s);
	money_format(received, s);
	fld(&f, C_("money", "Received"), s);
	money_format(billed - received, s);
	fld(&f, _("Outstanding"), s);
	fields_note(d, &f);
	m.t = doc_table(d, "charges", _("Charges"), ccols, SD_ARRAY_LEN(ccols));
	if ((rc = ledger_charge_each(st, regno, add_charge, &m, err)) != SD_OK)
		return rc;
	m.t = doc_table(d, "payments", _("Payments"), pcols, SD_ARRAY_LEN(pcols));
	return ledger_payment_each(st, regno, add_payment, &m, err);
}

static int
add_event(const sd_ledger_event *e, void *arg)
{
	doc_block *t = arg;
	doc_cell r[] = {
		doc_time(e->at), doc_text(e->who && *e->who ? e->who : NULL), doc_text(e->kind),
		doc_text(ledger_event_name(e->kind)), e->note && *e->note ? doc_text(e->note) : doc_blank(),
	};
	doc_row(t, r);
	return 0;
}

static int
history_section(store *st, sd_doc *d, const char *regno, sd_err *err)
{
	doc_col cols[] = {
		COL("at", _("At"), DOC_TIME, 16, 16, 0),
		COL("who", _("Who"), DOC_TEXT, 10, 12, 0),
		COL("kind", "kind", DOC_TEXT, 0, 0, DOC_MACHINE),
		COL("kind_name", _("What"), DOC_TEXT, 10, 16, DOC_PEOPLE),
		COL("note", _("Details"), DOC_TEXT, 40, 84, 0),
	};

	doc_section_add(d, "history", _("History"));
	return ledger_history(st, regno, add_event, doc_table(d, "events", NULL, cols, SD_ARRAY_LEN(cols)), err);
}

/* The repair orders of the entry and the loan unit out with it, when it has any. */
static int
repairs_section(store *st, sd_doc *d, const char *regno, sd_err *err)
{
	sd_repair rows[16];
	sd_repair_query q = { false, regno };
	sd_loan loan;
	sd_err e2;
	doc_block *t = NULL;
	bool have_loan;
	int n, rc;
	enum sd_page_from from = PAGE_FIRST;
	sd_repair anchor;
	bool anchored = false;

	memset(&anchor, 0, sizeof anchor);
	have_loan = loan_of_entry(st, regno, &loan, &e2) == SD_OK;
	for (;;) {
		if ((rc = repair_page(st, &q, from, anchored ? &anchor : NULL, (int)SD_ARRAY_LEN(rows), rows, &n,
		                      err)) != SD_OK)
			break;
		if (n > 0 && !t) {
			doc_col cols[] = {
				COL("rmno", _("Repair order"), DOC_TEXT, 14, 14, 0),
				COL("state", "state", DOC_TEXT, 0, 0, DOC_MACHINE),
				COL("state_name", _("State"), DOC_TEXT, 10, 12, DOC_PEOPLE),
				COL("serial", _("Serial number"), DOC_TEXT, 16, 20, 0),
				COL("received_on", C_("date", "Received"), DOC_DATE, 10, 10, 0),
				COL("returned_on", _("Returned"), DOC_DATE, 10, 10, 0),
				COL("days_away", _("Days away"), DOC_COUNT, 9, 9, 0),
			};
			doc_section_add(d, "repairs", _("Repair orders and loan unit"));
			t = doc_table(d, "orders", _("Repair orders"), cols, SD_ARRAY_LEN(cols));
		}
		for (int i = 0; i < n; i++) {
			doc_cell r[] = {
				doc_text(rows[i].rmno), doc_text(repair_state_code(rows[i].state)),
				doc_text(repair_state_name(rows[i].state)), doc_text(rows[i].serial),
				doc_date(rows[i].received_on), doc_date(rows[i].returned_on), doc_count(rows[i].days_away),
			};
			doc_row(t, r);
		}
		if (n > 0) {
			if (anchored)
				repair_free(&anchor);
			anchor = rows[n - 1];
			anchored = true;
			for (int i = 0; i < n - 1; i++)
				repair_free(&rows[i]);
		}
		if (n < (int)SD_ARRAY_LEN(rows))
			break;
		from = PAGE_AFTER;
	}
	if (anchored)
		repair_free(&anchor);
	if (rc == SD_OK && have_loan) {
		doc_col cols[] = {
			COL("unit", _("Loan unit"), DOC_TEXT, 16, 20, 0),
			COL("model", _("Model"), DOC_TEXT, 16, 20, 0),
			COL("lent_on", _("Lent on"), DOC_DATE, 10, 10, 0),
			COL("lent_by", _("By"), DOC_TEXT, 10, 12, 0),
			COL("days_out", _("Days out"), DOC_COUNT, 8, 8, 0),
			COL("note", _("Note"), DOC_TEXT, 14, 40, 0),
		};
		if (!t)
			doc_section_add(d, "repairs", _("Repair orders and loan unit"));
		t = doc_table(d, "loan", _("Loan unit out"), cols, SD_ARRAY_LEN(cols));
		doc_cell r[] = {
			doc_text(loan.unit), doc_text(loan.model), doc_date(loan.lent_on), doc_text(loan.lent_by),
			doc_count(loan.days_out), loan.note && *loan.note ? doc_text(loan.note) : doc_blank(),
		};
		doc_row(t, r);
	}
	if (have_loan)
		loan_free(&loan);
	return rc;
}

static void
card_section(sd_doc *d, const sd_ledger_card *c)
{
	buf b = { 0 };

	doc_section_add(d, "card", _("Service card"));
	fig_text(d, "signed_by", c->signed_by);
	fig_time(d, "signed_at", c->signed_at);
	fig_text(d, "opinion", c->opinion);
	doc_figure_add(d, "rating", "rating", DOC_COUNT, 0, DOC_MACHINE,
	               c->rating > 0 ? doc_count(c->rating) : doc_empty());
	doc_figure_add(d, "due", "due", DOC_DATE, 0, DOC_MACHINE, doc_date(c->due));
	fig_time(d, "in_at", c->in_at);
	fig_text(d, "in_by", c->in_by);
	doc_figure_add(d, "late", "late", DOC_COUNT, 0, DOC_MACHINE, doc_count(c->late));
	ledger_card_text(&b, c);
	doc_note(d, NULL, buf_str(&b));
	buf_free(&b);
}

int
ledger_entry_doc(store *st, const char *regno, sd_time now, sd_doc **out, sd_err *err)
{
	int state[CLOCK_COUNT];
	sd_time due[CLOCK_COUNT];
	sd_ledger_card card;
	sd_ledger l;
	sd_doc *d = NULL;
	buf b = { 0 };
	char *site;
	int rc;

	*out = NULL;
	sd_err_clear(err);
	memset(&card, 0, sizeof card);
	if (now == SD_NO_TIME) {
		char s[17];

		store_now(s);
		if (!time_parse(s, &now))
			now = 0;
	}
	if ((rc = ledger_get(st, regno, &l, err)) != SD_OK)
		return rc;
	if ((rc = ledger_clocks(st, &l, now, state, due, NULL, err)) != SD_OK ||
	    (rc = ledger_card_get(st, l.regno, &card, err)) != SD_OK)
		goto out;
	site = report_site_name(st);
	/* TRANSLATORS: the register number. */
	buf_printf(&b, _("Ledger entry %s"), l.regno);
	d = doc_new("ledger_entry", buf_str(&b), site);
	free(site);
	doc_add_meta(d, "regno", _("Register number"), DOC_TEXT, doc_text(l.regno));

	if ((rc = request_section(st, d, &l, err)) != SD_OK)
		goto out;
	entry_section(st, d, &l, state, due);
	if ((rc = money_section(st, d, l.regno, err)) != SD_OK ||
	    (rc = history_section(st, d, l.regno, err)) != SD_OK ||
	    (rc = repairs_section(st, d, l.regno, err)) != SD_OK)
		goto out;
	if (card.recorded)
		card_section(d, &card);
	*out = d;
	d = NULL;
out:
	doc_free(d);
	buf_free(&b);
	ledger_card_free(&card);
	ledger_free(&l);
	return rc;
}
