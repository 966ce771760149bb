/*
 * report_out.c — the monthly summary and the customer's yearly report as
 * documents (doc.h), written by the document's renderers: paginated text (80
 * or 132 columns), CSV, JSON (and XLSX and PDF where the build has them).
 * Everything is written as UTF-8 into a buffer; the caller converts the
 * encoding.
 *
 * Self-contained; no curses.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "complaint.h"
#include "doc.h"
#include "money.h"
#include "report.h"
#include "text.h"
#include "warranty.h"

/* ---------------------------------------------------------------- formatting */

const char *
report_fmt_int(report_cell b, long long v)
{
	snprintf(b, sizeof(report_cell), "%lld", v);
	return b;
}

const char *
report_fmt_money(report_cell b, int64_t fen)
{
	money_format(fen, b);
	return b;
}

const char *
report_fmt_dur(report_cell b, long min)
{
	if (min < 0)
		snprintf(b, sizeof(report_cell), "-");
	else
		snprintf(b, sizeof(report_cell), "%ld:%02ld", min / 60, min % 60);
	return b;
}

const char *
report_fmt_pct(report_cell b, long met, long n, const char *mark)
{
	if (n <= 0) {
		snprintf(b, sizeof(report_cell), "-");
		return b;
	}
	long t = (met * 1000 + n / 2) / n;        /* tenths of a percent */
	snprintf(b, sizeof(report_cell), "%ld.%ld%%%s", t / 10, t % 10, met < n ? mark : "");
	return b;
}

const char *
report_fmt_bp(report_cell b, long bp, bool sign)
{
	if (bp < 0)
		snprintf(b, sizeof(report_cell), "-");
	else
		snprintf(b, sizeof(report_cell), "%ld.%02ld%s", bp / 100, bp % 100, sign ? "%" : "");
	return b;
}

const char *
report_fmt_avg(report_cell b, long sum, long n)
{
	if (n <= 0) {
		snprintf(b, sizeof(report_cell), "-");
		return b;
	}
	long t = (sum * 10 + n / 2) / n;
	snprintf(b, sizeof(report_cell), "%ld.%ld", t / 10, t % 10);
	return b;
}

void
report_overdue_lines(const sd_monthly *m, buf *out)
{
	bool any = false;

	/* TRANSLATORS: the moment, the number of entries. */
	buf_printf(out, ngettext("Overdue right now (as of %s): %ld entry\n",
	                         "Overdue right now (as of %s): %ld entries\n", (unsigned long)m->overdue_entries),
	           m->overdue_as_of, m->overdue_entries);
	buf_puts(out, "  ");
	for (int c = 0; c < CLOCK_COUNT; c++) {
		if (m->overdue_now[c] == 0)
			continue;
		buf_printf(out, "%s%s %ld", any ? text_sep_item() : "", c == CLOCK_ESCALATE ? _("to escalate") : sla_clock_name(c),
		           m->overdue_now[c]);
		any = true;
	}
	if (!any)
		buf_puts(out, _("no clock is overdue"));
	buf_putc(out, '\n');
}

/* ---------------------------------------------------------------- the monthly summary */

/* A column: key, head for people, type, decimals, widths, flags. */
#define COL(k, h, t, dec, w80, w132, fl) { (char *)(k), (char *)(h), t, dec, w80, w132, fl }

/* A name column for people beside a code for machines, and a count. */
static doc_block *
named_counts(sd_doc *d, const char *key, const char *code, const char *head, const char *count)
{
	doc_col cols[] = {
		COL(code, "", DOC_TEXT, 0, 0, 0, DOC_MACHINE),
		COL("name", head, DOC_TEXT, 0, 50, 80, DOC_PEOPLE),
		COL(count, C_("count", "Received"), DOC_COUNT, 0, 16, 20, 0),
	};
	return doc_table(d, key, NULL, cols, SD_ARRAY_LEN(cols));
}

/*
 * The rows of a list of the most frequent (customers, fault categories) in t:
 * (code,) name, count; then the rest as a closing row "other ..." for people
 * and as the figure other_key for machines. Bars of the counts by name.
 */
static void
top_list(sd_doc *d, doc_block *t, const report_named *v, size_t n, long other, const char *other_key,
         const char *other_label, const char *chart)
{
	bool coded = t->ncols == 3;      /* a code for machines before the name */

	for (size_t i = 0; i <= n; i++) {
		if (i == n && !other)
			break;
		doc_cell name = i < n ? doc_text(v[i].name) : doc_text(other_label);
		doc_cell r[] = { doc_text(i < n ? v[i].code : ""), name, doc_count(i < n ? v[i].n : other) };
		if (i < n)
			doc_row(t, coded ? r : r + 1);
		else
			doc_row_foot(t, coded ? r : r + 1);
	}
	doc_chart_hint(t, coded, coded + 1, chart);
	doc_figure_add(d, other_key, other_label, DOC_COUNT, 0, DOC_MACHINE, doc_count(other));
}

static void
m_requests(sd_doc *d, const sd_monthly *m)
{
	doc_block *t;
	char p[8];

	doc_section_add(d, "requests", _("1. Requests"));
	doc_figure_add(d, "received", _("Received in the month"), DOC_COUNT, 0, 0, doc_count(m->received));
	doc_figure_add(d, "voided", _("Voided (not counted as received)"), DOC_COUNT, 0, 0, doc_count(m->voided));
	doc_figure_add(d, "closed", _("Closed in the month"), DOC_COUNT, 0, 0, doc_count(m->closed));
	doc_figure_add(d, "unresolvable", _("Declared unresolvable in the month"), DOC_COUNT, 0, 0,
	               doc_count(m->unresolvable));
	doc_figure_add(d, "carried_over", _("Still open at the month's end (carried over)"), DOC_COUNT, 0, 0,
	               doc_count(m->carried_over));

	t = named_counts(d, "by_channel", "channel", _("Channel"), "received");
	for (int ch = 0; ch < CH_COUNT; ch++) {
		doc_cell r[] = { doc_text(intake_channel_code(ch)), doc_text(intake_channel_name(ch)),
			doc_count(m->by_channel[ch]) };
		doc_row(t, r);
	}
	doc_chart_hint(t, 1, 2, _("Received by channel"));

	t = named_counts(d, "by_priority", "priority", _("Priority"), "received");
	for (int pr = 1; pr <= 4; pr++) {
		snprintf(p, sizeof p, "P%d", pr);
		doc_cell r[] = { doc_text(p), doc_text(intake_priority_desc(pr)), doc_count(m->by_priority[pr]) };
		doc_row(t, r);
	}

	doc_col cu[] = {
		COL("customer", _("Customer"), DOC_TEXT, 0, 50, 80, 0),
		COL("received", C_("count", "Received"), DOC_COUNT, 0, 16, 20, 0),
	};
	t = doc_table(d, "by_customer", NULL, cu, SD_ARRAY_LEN(cu));
	top_list(d, t, m->customers, m->ncustomers, m->other_customers, "other_customers",
	         _("other customers"), _("Received by customer"));
}

static void
m_response(sd_doc *d, const sd_monthly *m)
{
	doc_col cols[] = {
		COL("clock", "", DOC_TEXT, 0, 0, 0, DOC_MACHINE),
		COL("name", _("Commitment"), DOC_TEXT, 0, 10, 24, DOC_PEOPLE),
		COL("entries", _("Entries"), DOC_COUNT, 0, 7, 8, 0),
		COL("median_min", _("Median"), DOC_MINUTES, 0, 7, 10, 0),
		COL("p90_min", _("P90"), DOC_MINUTES, 0, 7, 10, 0),
		COL("within", _("Within"), DOC_SHARE, 1, 7, 10, DOC_MARKS),
		COL("p1", "P1", DOC_SHARE, 1, 7, 10, DOC_MARKS),
		COL("p2", "P2", DOC_SHARE, 1, 7, 10, DOC_MARKS),
		COL("p3", "P3", DOC_SHARE, 1, 7, 10, DOC_MARKS),
		COL("p4", "P4", DOC_SHARE, 1, 7, 10, DOC_MARKS),
	};
	doc_block *t;

	doc_section_add(d, "response", _("2. Response times (hours:minutes from receipt; share within commitment)"));
	t = doc_table(d, "clocks", NULL, cols, SD_ARRAY_LEN(cols));
	for (int c = 0; c < CLOCK_COUNT; c++) {
		const report_clock *k = &m->clock[c];
		doc_cell r[SD_ARRAY_LEN(cols)] = {
			doc_text(sla_clock_code(c)), doc_text(sla_clock_name(c)), doc_count(k->n),
			doc_minutes(k->median_min), doc_minutes(k->p90_min),
		};
		for (int p = 0; p <= 4; p++)
			r[5 + p] = doc_marked(doc_share(k->met[p], k->with_due[p]), k->met[p] < k->with_due[p]);
		doc_row(t, r);
	}
	doc_chart_hint(t, 1, 5, _("Share within commitment"));
	doc_legend(d, _("a commitment was missed"));

	if (m->overdue_shown) {
		buf ov = { 0 };

		doc_section_add(d, "overdue_now", NULL);
		report_overdue_lines(m, &ov);
		doc_note(d, NULL, buf_str(&ov));
		buf_free(&ov);
		doc_figure_add(d, "as_of", _("as of"), DOC_TIME, 0, DOC_MACHINE, doc_time(m->overdue_as_of));
		doc_figure_add(d, "entries", _("Entries"), DOC_COUNT, 0, DOC_MACHINE, doc_count(m->overdue_entries));
		for (int c = 0; c < CLOCK_COUNT; c++)
			doc_figure_add(d, sla_clock_code(c), sla_clock_name(c), DOC_COUNT, 0, DOC_MACHINE,
			               doc_count(m->overdue_now[c]));
	}
}

static void
m_engineers(sd_doc *d, const sd_monthly *m)
{
	doc_col cols[] = {
		COL("login", "", DOC_TEXT, 0, 0, 0, DOC_MACHINE),
		COL("name", _("Engineer"), DOC_TEXT, 0, 24, 40, 0),
		COL("handled", _("Handled"), DOC_COUNT, 0, 8, 10, 0),
		COL("closed", _("Closed"), DOC_COUNT, 0, 8, 10, 0),
		COL("commitments", _("Commitments"), DOC_COUNT, 0, 11, 12, 0),
		COL("met", _("Met"), DOC_COUNT, 0, 8, 10, 0),
		COL("within", _("Within"), DOC_SHARE, 1, 8, 10, DOC_MARKS),
	};
	doc_block *t;

	doc_section_add(d, "engineers", _("3. Engineers"));
	t = doc_table(d, "by_engineer", NULL, cols, SD_ARRAY_LEN(cols));
	for (size_t i = 0; i < m->nengineers; i++) {
		const report_engineer *e = &m->engineers[i];
		doc_cell r[] = {
			doc_text(e->login), doc_text(e->name), doc_count(e->handled), doc_count(e->closed),
			doc_count(e->clocks), doc_count(e->met),
			doc_marked(doc_share(e->met, e->clocks), e->met < e->clocks),
		};
		doc_row(t, r);
	}
	doc_chart_hint(t, 1, 2, _("Entries handled"));
}

static void
m_faults(sd_doc *d, const sd_monthly *m)
{
	doc_col cols[] = {
		COL("code", "", DOC_TEXT, 0, 0, 0, DOC_MACHINE),
		COL("name", _("Fault category"), DOC_TEXT, 0, 50, 80, 0),
		COL("entries", _("Entries"), DOC_COUNT, 0, 16, 20, 0),
	};
	doc_block *t;

	doc_section_add(d, "faults", _("4. Common problems (fault categories of the solutions proposed)"));
	t = doc_table(d, "by_category", NULL, cols, SD_ARRAY_LEN(cols));
	top_list(d, t, m->faults, m->nfaults, m->other_faults, "other_faults", _("other categories"),
	         _("Faults by category"));
}

static void
m_complaints(sd_doc *d, const sd_monthly *m)
{
	doc_section_add(d, "complaints", _("5. Complaints"));
	for (int cl = 0; cl < CC_COUNT; cl++)
		doc_figure_add(d, complaint_class_code(cl), complaint_class_name(cl), DOC_COUNT, 0, 0,
		               doc_count(m->complaints_by_class[cl]));
	doc_figure_add(d, "received", _("Complaints received in the month"), DOC_COUNT, 0, 0,
	               doc_count(m->complaints));
	doc_figure_add(d, "closed", _("Complaints closed in the month"), DOC_COUNT, 0, 0,
	               doc_count(m->complaints_closed));
	doc_figure_add(d, "rate", _("Complaint rate (complaints / requests received)"), DOC_SHARE, 2, 0,
	               doc_share(m->complaints, m->received));
	doc_figure_add(d, "due_by", _("Complaint rate due by"), DOC_DATE, 0, 0, doc_date(m->complaint_due));
}

static void
m_parts(sd_doc *d, const sd_monthly *m)
{
	doc_section_add(d, "parts", _("6. Spare parts"));
	doc_figure_add(d, "issued", _("Quantity issued"), DOC_COUNT, 0, 0, doc_count(m->parts_issued));
	doc_figure_add(d, "returned", _("Quantity returned"), DOC_COUNT, 0, 0, doc_count(m->parts_returned));
	doc_figure_add(d, "consumed", _("Quantity consumed (issued - returned)"), DOC_COUNT, 0, 0,
	               doc_count(m->parts_issued - m->parts_returned));
	doc_figure_add(d, "cost", _("Cost of parts consumed"), DOC_MONEY, 0, 0, doc_money(m->parts_cost_fen));
	doc_figure_add(d, "warranty", _("Parts in warranty (cost, not billed)"), DOC_MONEY, 0, 0,
	               doc_money(m->parts_warranty_fen));
	doc_figure_add(d, "billed", _("Parts billed to customers"), DOC_MONEY, 0, 0,
	               doc_money(m->parts_charged_fen));
	doc_figure_add(d, "stock_qty", _("Stock quantity at the month's end"), DOC_COUNT, 0, 0,
	               doc_count(m->stock_qty));
	doc_figure_add(d, "stock_value", _("Stock value at the month's end"), DOC_MONEY, 0, 0,
	               doc_money(m->stock_value_fen));
	doc_figure_add(d, "low_count", _("Parts at or below the reorder point"), DOC_COUNT, 0, 0,
	               doc_count(m->low_count));

	/* with no part low the list is for machines only (an empty array), not an empty table */
	unsigned fl = m->nlow ? 0 : DOC_MACHINE;
	doc_col cols[] = {
		COL("part_no", _("Part no."), DOC_TEXT, 0, 14, 20, fl),
		COL("name", _("Name"), DOC_TEXT, 0, 30, 60, fl),
		COL("unit", _("Unit"), DOC_TEXT, 0, 4, 6, fl),
		COL("on_hand", _("On hand"), DOC_COUNT, 0, 8, 10, fl),
		COL("reorder_point", _("Reorder point"), DOC_COUNT, 0, 8, 14, fl),
	};
	doc_block *t = doc_table(d, "low", NULL, cols, SD_ARRAY_LEN(cols));
	for (size_t i = 0; i < m->nlow; i++) {
		const report_low *l = &m->low[i];
		doc_cell r[] = { doc_text(l->part_no), doc_text(l->name), doc_text(l->unit), doc_count(l->qty),
			doc_count(l->reorder_point) };
		doc_row(t, r);
	}
	if (m->nlow && (long)m->nlow < m->low_count) {
		buf more = { 0 };
		buf_printf(&more, _("... and %ld more"), m->low_count - (long)m->nlow);
		doc_note(d, NULL, buf_str(&more));
		buf_free(&more);
	}
}

static void
m_visits(sd_doc *d, const sd_monthly *m)
{
	buf lab = { 0 };

	doc_section_add(d, "visits", _("7. Follow-up visits due in the month"));
	doc_figure_add(d, "planned", _("Planned"), DOC_COUNT, 0, 0, doc_count(m->visits_planned));
	doc_figure_add(d, "done", C_("count", "Done"), DOC_COUNT, 0, 0, doc_count(m->visits_done));
	doc_figure_add(d, "missed", _("Missed"), DOC_COUNT, 0, 0, doc_count(m->visits_missed));
	doc_figure_add(d, "cancelled", _("Cancelled"), DOC_COUNT, 0, 0, doc_count(m->visits_cancelled));
	doc_figure_add(d, "open", _("Not done at the month's end"), DOC_COUNT, 0, 0, doc_count(m->visits_open));
	doc_figure_add(d, "satisfaction", _("Average satisfaction (1-5)"), DOC_RATIO, 1, 0,
	               doc_ratio(m->satisfaction_sum, m->satisfaction_n));
	/* TRANSLATORS: days ahead; at most 50 cells. */
	buf_printf(&lab, _("Warranties and contracts ending in %d days"), REPORT_ENDING_DAYS);
	doc_figure_add(d, "ending_soon", buf_str(&lab), DOC_COUNT, 0, 0, doc_count(m->ending_soon));
	doc_figure_add(d, "ending_soon_from", _("  counted from"), DOC_DATE, 0, 0, doc_date(m->ending_from));
	doc_figure_add(d, "ending_soon_days", "", DOC_COUNT, 0, DOC_MACHINE, doc_count(REPORT_ENDING_DAYS));
	buf_free(&lab);
}

static void
m_charges(sd_doc *d, const sd_monthly *m)
{
	doc_col cols[] = {
		COL("kind", "", DOC_TEXT, 0, 0, 0, DOC_MACHINE),
		COL("name", _("Charge"), DOC_TEXT, 0, 34, 60, DOC_PEOPLE),
		COL("cost", _("Cost"), DOC_MONEY, 0, 15, 20, 0),
		COL("billed", _("Billed"), DOC_MONEY, 0, 16, 20, 0),
	};
	int64_t cost = 0;
	doc_block *t;

	doc_section_add(d, "charges", _("8. Charges recorded in the month"));
	t = doc_table(d, "by_kind", NULL, cols, SD_ARRAY_LEN(cols));
	for (int k = 0; k < COST_COUNT; k++) {
		doc_cell r[] = { doc_text(warranty_cost_code(k)), doc_text(warranty_cost_name(k)),
			doc_money(m->cost_fen[k]), doc_money(m->billed_fen[k]) };
		cost += m->cost_fen[k];
		doc_row(t, r);
	}
	doc_cell total[] = { doc_text(""), doc_text(_("Total")), doc_money(cost), doc_money(m->billed_total_fen) };
	doc_row_foot(t, total);
	doc_cell paid[] = { doc_text(""), doc_text(_("Payments received")), doc_blank(), doc_money(m->received_fen) };
	doc_row_foot(t, paid);
	doc_figure_add(d, "cost", _("Total"), DOC_MONEY, 0, DOC_MACHINE, doc_money(cost));
	doc_figure_add(d, "billed", _("Total"), DOC_MONEY, 0, DOC_MACHINE, doc_money(m->billed_total_fen));
	doc_figure_add(d, "received", _("Payments received"), DOC_MONEY, 0, DOC_MACHINE,
	               doc_money(m->received_fen));
}

sd_doc *
report_monthly_doc(const sd_monthly *m)
{
	buf title = { 0 };
	sd_doc *d;

	/* TRANSLATORS: the month, YYYY-MM. */
	buf_printf(&title, _("Monthly summary %s"), m->month);
	d = doc_new("monthly", buf_str(&title), m->site);
	buf_free(&title);
	doc_add_meta(d, "month", _("Month"), DOC_TEXT, doc_text(m->month));
	m_requests(d, m);
	m_response(d, m);
	m_engineers(d, m);
	m_faults(d, m);
	m_complaints(d, m);
	complaint_month_doc(d, &m->handling);
	m_parts(d, m);
	m_visits(d, m);
	m_charges(d, m);
	repair_month_doc(d, &m->repairs);
	quality_doc_section(d, &m->quality);
	inbox_month_section(d, &m->fax);
	ledger_cards_month_doc(d, 0, &m->cards);
	install_month_doc(d, &m->install);
	return_month_doc(d, &m->returns);
	quote_month_doc(d, &m->quotes);
	return d;
}

static enum doc_format
doc_format_of(enum report_format f)
{
	return f == REPORT_CSV ? DOCF_CSV : f == REPORT_JSON ? DOCF_JSON : DOCF_TEXT;
}

/* Render d as o asks for text, CSV or JSON (which cannot fail). */
static void
render(sd_doc *d, const report_opts *o, buf *out)
{
	doc_opts dop = { .format = doc_format_of(o->format), .width = o->width, .page_lines = o->page_lines };
	sd_err err;

	doc_render(d, &dop, out, &err);
	doc_free(d);
}

void
report_monthly_write(const sd_monthly *m, const report_opts *o, buf *out)
{
	render(report_monthly_doc(m), o, out);
}

/* ---------------------------------------------------------------- a customer's year */

static const doc_col cy_cols[] = {
	COL("month", N_("Month"), DOC_TEXT, 0, 7, 7, 0),
	COL("received", N_("Req."), DOC_COUNT, 0, 4, 8, 0),
	COL("voided", N_("Void"), DOC_COUNT, 0, 0, 6, 0),
	COL("closed", N_("Closed"), DOC_COUNT, 0, 6, 8, 0),
	COL("unresolvable", N_("Unres."), DOC_COUNT, 0, 0, 7, 0),
	COL("visits", N_("Visits"), DOC_TEXT, 0, 7, 9, DOC_PEOPLE | DOC_RIGHT),
	COL("visits_planned", "", DOC_COUNT, 0, 0, 0, DOC_MACHINE),
	COL("visits_done", "", DOC_COUNT, 0, 0, 0, DOC_MACHINE),
	COL("visits_missed", N_("Missed"), DOC_COUNT, 0, 0, 7, 0),
	COL("satisfaction", N_("Satisf."), DOC_RATIO, 1, 0, 7, 0),
	COL("parts_qty", N_("Parts"), DOC_COUNT, 0, 5, 7, 0),
	COL("parts_cost", N_("Cost"), DOC_MONEY, 0, 9, 12, 0),
	COL("billed", N_("Billed"), DOC_MONEY, 0, 9, 12, 0),
	COL("paid", N_("Paid"), DOC_MONEY, 0, 9, 12, 0),
	COL("responses", "", DOC_COUNT, 0, 0, 0, DOC_MACHINE),
	COL("respond_median_min", N_("Resp."), DOC_MINUTES, 0, 6, 8, 0),
	COL("clear_median_min", N_("Clear"), DOC_MINUTES, 0, 0, 8, 0),
	COL("commitments", "", DOC_COUNT, 0, 0, 0, DOC_MACHINE),
	COL("met", "", DOC_COUNT, 0, 0, 0, DOC_MACHINE),
	COL("within", N_("Within"), DOC_SHARE, 1, 7, 8, DOC_MARKS),
};

static void
cy_cells(const report_cust_month *r, const char *label, char visits[48], doc_cell *c)
{
	snprintf(visits, 48, "%ld/%ld", r->visits_done, r->visits_planned);
	c[0] = doc_text(label);
	c[1] = doc_count(r->received);
	c[2] = doc_count(r->voided);
	c[3] = doc_count(r->closed);
	c[4] = doc_count(r->unresolvable);
	c[5] = doc_text(visits);
	c[6] = doc_count(r->visits_planned);
	c[7] = doc_count(r->visits_done);
	c[8] = doc_count(r->visits_missed);
	c[9] = doc_ratio(r->satisfaction_sum, r->satisfaction_n);
	c[10] = doc_count(r->parts_qty);
	c[11] = doc_money(r->parts_cost_fen);
	c[12] = doc_money(r->billed_fen);
	c[13] = doc_money(r->received_fen);
	c[14] = doc_count(r->responses);
	c[15] = doc_minutes(r->respond_median_min);
	c[16] = doc_minutes(r->clear_median_min);
	c[17] = doc_count(r->clocks);
	c[18] = doc_count(r->met);
	c[19] = doc_marked(doc_share(r->met, r->clocks), r->met < r->clocks);
}

sd_doc *
report_customer_doc(const sd_customer_year *y)
{
	enum { N = SD_ARRAY_LEN(cy_cols) };
	doc_col cols[N];
	doc_cell c[N];
	char label[16], visits[48];
	buf title = { 0 };
	doc_block *t;
	sd_doc *d;

	/* TRANSLATORS: the year, the customer's name. */
	buf_printf(&title, _("Customer report %d: %s"), y->year, y->customer);
	d = doc_new("customer_year", buf_str(&title), y->site);
	buf_free(&title);
	doc_add_meta(d, "customer", _("Customer"), DOC_TEXT, doc_text(y->customer));
	doc_add_meta(d, "year", _("Year"), DOC_COUNT, doc_count(y->year));

	doc_section_add(d, "year", _("Month by month (visits: done/planned; times: median hours:minutes from receipt)"));
	for (size_t i = 0; i < N; i++) {
		cols[i] = cy_cols[i];
		cols[i].head = *cy_cols[i].head ? _(cy_cols[i].head) : cy_cols[i].head;
	}
	t = doc_table(d, "months", NULL, cols, N);
	for (int i = 0; i < 12; i++) {
		snprintf(label, sizeof label, "%04d-%02d", y->year, i + 1);
		cy_cells(&y->m[i], label, visits, c);
		doc_row(t, c);
	}
	cy_cells(&y->total, _("Total"), visits, c);
	doc_row_foot(t, c);
	doc_chart_hint(t, 0, 1, _("Requests per month"));
	doc_legend(d, _("a commitment was missed"));

	/* the year's totals for machines, under the columns' keys */
	doc_section_add(d, "total", NULL);
	for (size_t i = 1; i < N; i++)
		if (!(cols[i].flags & DOC_PEOPLE))
			doc_figure_add(d, cols[i].key, cols[i].head, cols[i].type, cols[i].decimals,
			               DOC_MACHINE | (cols[i].flags & DOC_MARKS), c[i]);
	custyear_lists_doc(d, &y->lists);
	return d;
}

void
report_customer_write(const sd_customer_year *y, const report_opts *o, buf *out)
{
	render(report_customer_doc(y), o, out);
}
