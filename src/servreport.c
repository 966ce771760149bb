/*
 * servreport.c — the service report of a ledger entry as a document.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "customer.h"
#include "ledger.h"
#include "report.h"
#include "servreport.h"
#include "staff.h"
#include "text.h"
#include "warranty.h"

#define COL(k, h, t, dec, w80, w132, fl) { (char *)(k), (char *)(h), t, dec, w80, w132, fl }

/* The parts replaced: issued to the entry less what came back, per part. */
static int
parts_section(store *st, sd_doc *d, long long ledger_id, sd_err *err)
{
	doc_col cols[] = {
		COL("part_no", _("Part no."), DOC_TEXT, 0, 12, 16, 0),
		COL("name", _("Name"), DOC_TEXT, 0, 20, 34, 0),
		COL("spec", _("Specification"), DOC_TEXT, 0, 18, 30, 0),
		COL("brand", _("Brand"), DOC_TEXT, 0, 10, 20, 0),
		COL("quantity", _("Qty"), DOC_COUNT, 0, 5, 8, 0),
		COL("unit", _("Unit"), DOC_TEXT, 0, 4, 6, 0),
	};
	sqlite3_stmt *q = store_prepare(st,
		"SELECT p.part_no, p.name, p.spec, p.brand, -sum(m.qty), p.unit "
		"FROM stock_move m JOIN part p ON p.id = m.part_id "
		"WHERE m.ledger_id = ? AND m.kind IN ('issue', 'return') "
		"GROUP BY p.id HAVING sum(m.qty) < 0 ORDER BY p.part_no", err);
	doc_block *t;
	int rc;

	if (!q)
		return err->status;
	doc_section_add(d, "parts", _("Parts replaced"));
	t = doc_table(d, "parts", NULL, cols, SD_ARRAY_LEN(cols));
	sqlite3_bind_int64(q, 1, ledger_id);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		doc_cell r[] = {
			doc_text((const char *)sqlite3_column_text(q, 0)),
			doc_text((const char *)sqlite3_column_text(q, 1)),
			doc_text((const char *)sqlite3_column_text(q, 2)),
			doc_text((const char *)sqlite3_column_text(q, 3)),
			doc_count(sqlite3_column_int64(q, 4)),
			doc_text((const char *)sqlite3_column_text(q, 5)),
		};
		doc_row(t, r);
	}
	sqlite3_reset(q);
	if (rc != SQLITE_DONE)
		return store_fail(st, rc, _("reading the parts issued"), err);
	if (!t->nrows)
		doc_note(d, NULL, _("No parts were replaced."));
	return SD_OK;
}

struct charges {
	doc_block *t;
	int64_t cost, billed;
};

static int
charge_row(const sd_ledger_charge *c, void *arg)
{
	struct charges *x = arg;
	buf why = { 0 };
	const char *payer;

	/* who pays and why: the tier of the line, or the contract that made it free */
	if (c->billed_fen > 0)
		payer = _("customer");
	else
		payer = _("free of charge");
	buf_puts(&why, warranty_tier_name(c->tier));
	if (c->contract_id)
		buf_printf(&why, _("; %s"), c->free_repair ? _("a free repair of the service contract")
		                                           : _("the service contract"));
	doc_cell r[] = {
		doc_text(c->cost >= 0 ? warranty_cost_code(c->cost) : ""),
		doc_text(c->cost >= 0 ? warranty_cost_name(c->cost) : ""),
		doc_money(c->amount_fen), doc_money(c->billed_fen), doc_text(c->billed_fen > 0 ? "customer" : "free"),
		doc_text(payer),
		doc_text(warranty_tier_code(c->tier)), doc_text(buf_str(&why)),
	};
	doc_row(x->t, r);
	x->cost += c->amount_fen;
	x->billed += c->billed_fen;
	buf_free(&why);
	return 0;
}

static int
charges_section(store *st, sd_doc *d, const char *regno, sd_err *err)
{
	doc_col cols[] = {
		COL("kind", "", DOC_TEXT, 0, 0, 0, DOC_MACHINE),
		COL("name", _("Charge"), DOC_TEXT, 0, 10, 14, DOC_PEOPLE),
		COL("cost", _("Cost"), DOC_MONEY, 0, 11, 14, 0),
		COL("billed", _("Customer pays"), DOC_MONEY, 0, 13, 14, 0),
		COL("payer", "", DOC_TEXT, 0, 0, 0, DOC_MACHINE),
		COL("payer_name", _("Paid by"), DOC_TEXT, 0, 14, 16, DOC_PEOPLE),
		COL("tier", "", DOC_TEXT, 0, 0, 0, DOC_MACHINE),
		COL("why", _("Why"), DOC_TEXT, 0, 20, 50, DOC_PEOPLE),
	};
	struct charges x = { 0 };
	int rc;

	doc_section_add(d, "charges", _("Charges"));
	x.t = doc_table(d, "charges", NULL, cols, SD_ARRAY_LEN(cols));
	if ((rc = ledger_charge_each(st, regno, charge_row, &x, err)) != SD_OK)
		return rc;
	if (!x.t->nrows) {
		doc_note(d, NULL, _("No charges were recorded."));
		return SD_OK;
	}
	doc_cell foot[] = {
		doc_text(""), doc_text(_("Total")), doc_money(x.cost), doc_money(x.billed),
		doc_text(""), doc_blank(), doc_text(""), doc_blank(),
	};
	doc_row_foot(x.t, foot);
	doc_figure_add(d, "cost", _("Total"), DOC_MONEY, 0, DOC_MACHINE, doc_money(x.cost));
	doc_figure_add(d, "billed", _("Customer pays"), DOC_MONEY, 0, DOC_MACHINE, doc_money(x.billed));
	return SD_OK;
}

/* The width of the lines of a report's fields for people (fits 80 columns). */
#define FIELD_LINE 78

/*
 * A field for people into note: "label:" padded to labw cells, then the
 * value broken into lines as Chinese text is, continuation lines under the
 * value's first. NULL or "" is "-".
 */
static void
field(buf *note, const char *label, const char *value, int labw)
{
	const char *v = value && *value ? value : "-";
	buf lab = { 0 };
	int room = FIELD_LINE - labw - 2;
	bool first = true;

	/* TRANSLATORS: a label of the service report, before its value. */
	buf_printf(&lab, _("%s:"), label);
	if (note->len)
		buf_putc(note, '\n');
	buf_printf(note, "%s%*s", buf_str(&lab), labw + 2 - text_width(buf_str(&lab)), "");
	buf_free(&lab);
	while (*v) {
		size_t next, n;

		if (*v == '\n') {
			v++;
			continue;
		}
		const char *nl = strchr(v, '\n');
		char *para = nl ? xstrndup(v, (size_t)(nl - v)) : xstrdup(v);
		n = text_line_break(para, room, &next);
		if (!first)
			buf_printf(note, "\n%*s", labw + 2, "");
		buf_append(note, para, n);
		first = false;
		v += next ? next : strlen(para);
		free(para);
	}
}

static int
label_width(const char *const *labels, size_t n)
{
	int w = 0;

	buf lab = { 0 };

	for (size_t i = 0; i < n; i++) {
		buf_reset(&lab);
		buf_printf(&lab, _("%s:"), labels[i]);
		if (text_width(buf_str(&lab)) > w)
			w = text_width(buf_str(&lab));
	}
	buf_free(&lab);
	return w;
}

int
servreport_doc(store *st, const char *regno, sd_doc **out, sd_err *err)
{
	sd_ledger l;
	sd_equipment e;
	buf b = { 0 };
	char *fault_name = NULL, *site;
	bool have_eq = false;
	sd_err e2;
	sd_doc *d;
	int rc;

	*out = NULL;
	sd_err_clear(err);
	if ((rc = staff_permit_self(st, ACT_REPORT_READ, err)) != SD_OK)
		return rc;
	if ((rc = ledger_get(st, regno, &l, err)) != SD_OK)
		return rc;
	memset(&e, 0, sizeof e);
	if (l.serial && *l.serial && equipment_get(st, l.serial, &e, &e2) == SD_OK)
		have_eq = true;
	fault_name = ledger_fault_name(st, l.fault_code);
	/* the engineer by name, as the customer knows them */
	sd_staff eng;
	char *eng_name = NULL;
	if (l.engineer && staff_get(st, l.engineer, &eng, &e2) == SD_OK) {
		eng_name = xstrdup(eng.name);
		staff_free(&eng);
	}
	site = report_site_name(st);

	/* TRANSLATORS: the register number. */
	buf_printf(&b, _("Service report %s"), l.regno);
	d = doc_new("service_report", buf_str(&b), site);
	free(site);
	doc_add_meta(d, "regno", _("Register number"), DOC_TEXT, doc_text(l.regno));

	const char *const el[] = {
		_("Customer"), _("Model"), _("Serial number"), _("Fault reported"), _("Recovered at"),
		_("Service mode"), _("Engineer"),
	};
	const char *ev[] = {
		l.customer, have_eq ? e.model : NULL, l.serial, l.received_at, l.cleared_at,
		l.mode >= 0 ? ledger_mode_name(l.mode) : NULL, eng_name ? eng_name : l.engineer,
	};
	int w = label_width(el, SD_ARRAY_LEN(el));

	doc_section_add(d, "entry", _("Customer and equipment"));
	doc_figure_add(d, "customer", el[0], DOC_TEXT, 0, DOC_MACHINE, doc_text(ev[0]));
	doc_figure_add(d, "model", el[1], DOC_TEXT, 0, DOC_MACHINE, doc_text(ev[1]));
	doc_figure_add(d, "serial", el[2], DOC_TEXT, 0, DOC_MACHINE, doc_text(ev[2]));
	doc_figure_add(d, "fault_at", el[3], DOC_TIME, 0, DOC_MACHINE, doc_time(ev[3]));
	doc_figure_add(d, "recovered_at", el[4], DOC_TIME, 0, DOC_MACHINE, doc_time(ev[4]));
	doc_figure_add(d, "mode", el[5], DOC_TEXT, 0, DOC_MACHINE,
	               doc_text(l.mode >= 0 ? ledger_mode_code(l.mode) : NULL));
	doc_figure_add(d, "engineer", el[6], DOC_TEXT, 0, DOC_MACHINE, doc_text(ev[6]));
	buf_reset(&b);
	for (size_t i = 0; i < SD_ARRAY_LEN(el); i++)
		field(&b, el[i], ev[i], w);
	doc_note(d, NULL, buf_str(&b));

	const char *const fl[] = {
		_("Fault category"), _("Repeat repair of"), _("Fault as reported"), _("Cause of the fault"), _("Handling method"),
	};
	const char *fv[] = {
		fault_name ? fault_name : l.fault_code, l.repeat_of[0] ? l.repeat_of : NULL, l.first_item,
		l.diagnosis, l.solution,
	};
	w = label_width(fl, SD_ARRAY_LEN(fl));
	doc_section_add(d, "fault", _("Fault analysis and handling"));
	doc_figure_add(d, "fault_code", fl[0], DOC_TEXT, 0, DOC_MACHINE, doc_text(l.fault_code));
	doc_figure_add(d, "fault_name", fl[0], DOC_TEXT, 0, DOC_MACHINE, doc_text(fault_name));
	doc_figure_add(d, "repeat_of", fl[1], DOC_TEXT, 0, DOC_MACHINE, doc_text(fv[1]));
	doc_figure_add(d, "fault", fl[2], DOC_TEXT, 0, DOC_MACHINE, doc_text(fv[2]));
	doc_figure_add(d, "cause", fl[3], DOC_TEXT, 0, DOC_MACHINE, doc_text(fv[3]));
	doc_figure_add(d, "method", fl[4], DOC_TEXT, 0, DOC_MACHINE, doc_text(fv[4]));
	buf_reset(&b);
	for (size_t i = 0; i < SD_ARRAY_LEN(fl); i++)
		if (i != 1 || fv[1])
			field(&b, fl[i], fv[i], w);
	doc_note(d, NULL, buf_str(&b));

	if ((rc = parts_section(st, d, l.id, err)) != SD_OK ||
	    (rc = charges_section(st, d, l.regno, err)) != SD_OK)
		goto out;

	const char *const cl[] = { _("Confirmed by"), _("Confirmed how"), _("Confirmed at"), _("Closed at") };
	const char *cv[] = {
		l.confirmed_by, l.confirmed_how >= 0 ? ledger_how_name(l.confirmed_how) : NULL,
		l.confirmed_at, l.closed_at,
	};
	w = label_width(cl, SD_ARRAY_LEN(cl));
	doc_section_add(d, "confirmation", _("Customer's confirmation"));
	doc_figure_add(d, "confirmed_by", cl[0], DOC_TEXT, 0, DOC_MACHINE, doc_text(cv[0]));
	doc_figure_add(d, "confirmed_how", cl[1], DOC_TEXT, 0, DOC_MACHINE,
	               doc_text(l.confirmed_how >= 0 ? ledger_how_code(l.confirmed_how) : NULL));
	doc_figure_add(d, "confirmed_at", cl[2], DOC_TIME, 0, DOC_MACHINE, doc_time(cv[2]));
	doc_figure_add(d, "closed_at", cl[3], DOC_TIME, 0, DOC_MACHINE, doc_time(cv[3]));
	buf_reset(&b);
	for (size_t i = 0; i < SD_ARRAY_LEN(cl); i++)
		field(&b, cl[i], cv[i], w);
	doc_note(d, NULL, buf_str(&b));
	*out = d;
	d = NULL;
out:
	doc_free(d);
	buf_free(&b);
	free(fault_name);
	free(eng_name);
	if (have_eq)
		equipment_free(&e);
	ledger_free(&l);
	return rc;
}
