/*
 * report_out.c — the monthly summary and the customer's yearly report as
 * paginated text (80 or 132 columns, page.h), CSV and JSON. Everything is
 * written as UTF-8 into a buffer; the caller converts the encoding.
 *
 * Self-contained; no curses.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "complaint.h"
#include "csv.h"
#include "money.h"
#include "page.h"
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

/* ---------------------------------------------------------------- text */

struct col {
	const char *head;      /* untranslated */
	int w80, w132;         /* width in cells at 80 and 132 columns; 0: not shown */
	bool right;
};

struct text {
	page_doc *doc;
	int width;
	char *title;           /* the page header's title */
	const char *site;
	const struct col *cols;
	size_t ncols;
};


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
		buf_printf(out, "%s%s %ld", any ? ", " : "", c == CLOCK_ESCALATE ? _("to escalate") : sla_clock_name(c),
		           m->overdue_now[c]);
		any = true;
	}
	if (!any)
		buf_puts(out, _("no clock is overdue"));
	buf_putc(out, '\n');
}

static int
colw(const struct text *t, const struct col *c)
{
	return t->width >= 132 ? c->w132 : c->w80;
}

/* Drop trailing spaces. */
static void
rtrim(buf *b)
{
	while (b->len && b->data[b->len - 1] == ' ')
		b->data[--b->len] = '\0';
}

static void
text_header(buf *out, long page, long pages, void *arg)
{
	const struct text *t = arg;
	buf l = { 0 };
	int tw = text_width(t->title), room = t->width - tw - 2;

	(void)page;
	(void)pages;
	buf_puts(&l, t->title);
	if (room > 0) {
		char *site = text_sanitize(t->site, false);
		int sw = text_width(site);
		buf_puts(&l, "  ");
		if (sw < room)
			for (int i = 0; i < room - sw; i++)
				buf_putc(&l, ' ');
		page_cell(&l, site, sw < room ? sw : room, false);
		free(site);
	}
	rtrim(&l);
	buf_puts(out, buf_str(&l));
	buf_putc(out, '\n');
	for (int i = 0; i < t->width; i++)
		buf_putc(out, '=');
	buf_puts(out, "\n\n");
	buf_free(&l);
}

static void
text_footer(buf *out, long page, long pages, void *arg)
{
	const struct text *t = arg;
	buf l = { 0 };

	buf_printf(&l, _("page %ld of %ld"), page, pages);
	buf_putc(out, '\n');
	page_center(out, buf_str(&l), t->width);
	buf_putc(out, '\n');
	buf_free(&l);
}

static void
text_begin(struct text *t, const report_opts *o, char *title, const char *site)
{
	memset(t, 0, sizeof *t);
	t->width = o->width >= 132 ? 132 : 80;
	t->title = title;
	t->site = site;
	t->doc = page_new(o->page_lines > 0 ? o->page_lines : REPORT_PAGE_LINES, 3, text_header,
	                  2, text_footer, true, t);
}

static void
text_end(struct text *t, buf *out)
{
	page_render(t->doc, out);
	page_free(t->doc);
	free(t->title);
}

/* A section title, kept with the table that follows. */
static void
section(struct text *t, const char *title)
{
	page_keep_line(t->doc, "");
	page_keep_line(t->doc, title);
}

static void
table(struct text *t, const struct col *cols, size_t n)
{
	buf h = { 0 };
	int total = 0;

	t->cols = cols;
	t->ncols = n;
	for (size_t i = 0; i < n; i++) {
		int w = colw(t, &cols[i]);
		if (!w)
			continue;
		if (total)
			buf_putc(&h, ' '), total++;
		page_cell(&h, _(cols[i].head), w, cols[i].right);
		total += w;
	}
	rtrim(&h);
	buf_putc(&h, '\n');
	for (int i = 0; i < total; i++)
		buf_putc(&h, '-');
	page_table(t->doc, buf_str(&h));
	buf_free(&h);
}

static void
row(struct text *t, const char *const *cells)
{
	buf l = { 0 };
	bool first = true;

	for (size_t i = 0; i < t->ncols; i++) {
		int w = colw(t, &t->cols[i]);
		if (!w)
			continue;
		if (!first)
			buf_putc(&l, ' ');
		first = false;
		page_cell(&l, cells[i], w, t->cols[i].right);
	}
	rtrim(&l);
	page_row(t->doc, buf_str(&l));
	buf_free(&l);
}

static void
table_end(struct text *t)
{
	page_table_end(t->doc);
}

/* A two-column table of figures: label and value. */
static const struct col fig_cols[] = {
	{ N_("Figure"), 50, 80, false },
	{ N_("Value"), 16, 20, true },
};

static void
fig(struct text *t, const char *label, const char *value)
{
	const char *cells[] = { label, value };
	row(t, cells);
}

static void
mtext(const sd_monthly *m, const report_opts *o, buf *out)
{
	struct text t;
	buf title = { 0 };
	report_cell a, b2, c, d, e, f, g, h;

	/* TRANSLATORS: the month, YYYY-MM. */
	buf_printf(&title, _("Monthly summary %s"), m->month);
	text_begin(&t, o, buf_steal(&title), m->site);

	/* requests */
	section(&t, _("1. Requests"));
	table(&t, fig_cols, 2);
	fig(&t, _("Received in the month"), report_fmt_int(a, m->received));
	fig(&t, _("Voided (not counted as received)"), report_fmt_int(a, m->voided));
	fig(&t, _("Closed in the month"), report_fmt_int(a, m->closed));
	fig(&t, _("Declared unresolvable in the month"), report_fmt_int(a, m->unresolvable));
	fig(&t, _("Still open at the month's end (carried over)"), report_fmt_int(a, m->carried_over));
	table_end(&t);

	static const struct col ch_cols[] = {
		{ N_("Channel"), 50, 80, false }, { N_("Received"), 16, 20, true } };
	page_keep_line(t.doc, "");
	table(&t, ch_cols, 2);
	for (int ch = 0; ch < CH_COUNT; ch++) {
		const char *cells[] = { intake_channel_name(ch), report_fmt_int(a, m->by_channel[ch]) };
		row(&t, cells);
	}
	table_end(&t);

	static const struct col pr_cols[] = {
		{ N_("Priority"), 50, 80, false }, { N_("Received"), 16, 20, true } };
	page_keep_line(t.doc, "");
	table(&t, pr_cols, 2);
	for (int p = 1; p <= 4; p++) {
		const char *cells[] = { intake_priority_desc(p), report_fmt_int(a, m->by_priority[p]) };
		row(&t, cells);
	}
	table_end(&t);

	static const struct col cu_cols[] = {
		{ N_("Customer"), 50, 80, false }, { N_("Received"), 16, 20, true } };
	page_keep_line(t.doc, "");
	table(&t, cu_cols, 2);
	for (size_t i = 0; i < m->ncustomers; i++) {
		const char *cells[] = { m->customers[i].name, report_fmt_int(a, m->customers[i].n) };
		row(&t, cells);
	}
	if (m->other_customers) {
		const char *cells[] = { _("other customers"), report_fmt_int(a, m->other_customers) };
		row(&t, cells);
	}
	table_end(&t);

	/* response times */
	static const struct col rt_cols[] = {
		{ N_("Commitment"), 10, 24, false }, { N_("Entries"), 7, 8, true },
		{ N_("Median"), 7, 10, true }, { N_("P90"), 7, 10, true },
		{ N_("Within"), 7, 10, true }, { "P1", 7, 10, true }, { "P2", 7, 10, true },
		{ "P3", 7, 10, true }, { "P4", 7, 10, true },
	};
	section(&t, _("2. Response times (hours:minutes from receipt; share within commitment)"));
	table(&t, rt_cols, SD_ARRAY_LEN(rt_cols));
	for (int ci = 0; ci < CLOCK_COUNT; ci++) {
		const report_clock *k2 = &m->clock[ci];
		const char *cells[] = {
			sla_clock_name(ci), report_fmt_int(a, k2->n), report_fmt_dur(b2, k2->median_min),
			report_fmt_dur(c, k2->p90_min),
			report_fmt_pct(d, k2->met[0], k2->with_due[0], "*"),
			report_fmt_pct(e, k2->met[1], k2->with_due[1], "*"),
			report_fmt_pct(f, k2->met[2], k2->with_due[2], "*"),
			report_fmt_pct(g, k2->met[3], k2->with_due[3], "*"),
			report_fmt_pct(h, k2->met[4], k2->with_due[4], "*")
		};
		row(&t, cells);
	}
	table_end(&t);
	page_line(t.doc, _("* a commitment was missed"));
	if (m->overdue_shown) {
		buf ov = { 0 };
		report_overdue_lines(m, &ov);
		for (const char *p = buf_str(&ov), *nl; *p; p = nl + 1) {
			nl = strchr(p, '\n');
			char *line = xstrndup(p, (size_t)(nl - p));
			page_line(t.doc, line);
			free(line);
		}
		buf_free(&ov);
	}

	/* engineers */
	static const struct col en_cols[] = {
		{ N_("Engineer"), 24, 40, false }, { N_("Handled"), 8, 10, true },
		{ N_("Closed"), 8, 10, true }, { N_("Commitments"), 11, 12, true },
		{ N_("Met"), 8, 10, true }, { N_("Within"), 8, 10, true },
	};
	section(&t, _("3. Engineers"));
	table(&t, en_cols, SD_ARRAY_LEN(en_cols));
	for (size_t i = 0; i < m->nengineers; i++) {
		const report_engineer *en = &m->engineers[i];
		const char *cells[] = {
			en->name, report_fmt_int(a, en->handled), report_fmt_int(b2, en->closed),
			report_fmt_int(c, en->clocks), report_fmt_int(d, en->met),
			report_fmt_pct(e, en->met, en->clocks, "*")
		};
		row(&t, cells);
	}
	table_end(&t);

	/* common problems */
	static const struct col fa_cols[] = {
		{ N_("Fault category"), 50, 80, false }, { N_("Entries"), 16, 20, true } };
	section(&t, _("4. Common problems (fault categories of the solutions proposed)"));
	table(&t, fa_cols, 2);
	for (size_t i = 0; i < m->nfaults; i++) {
		const char *cells[] = { m->faults[i].name, report_fmt_int(a, m->faults[i].n) };
		row(&t, cells);
	}
	if (m->other_faults) {
		const char *cells[] = { _("other categories"), report_fmt_int(a, m->other_faults) };
		row(&t, cells);
	}
	table_end(&t);

	/* complaints */
	section(&t, _("5. Complaints"));
	table(&t, fig_cols, 2);
	for (int cl = 0; cl < CC_COUNT; cl++)
		fig(&t, complaint_class_name(cl), report_fmt_int(a, m->complaints_by_class[cl]));
	fig(&t, _("Complaints received in the month"), report_fmt_int(a, m->complaints));
	fig(&t, _("Complaints closed in the month"), report_fmt_int(a, m->complaints_closed));
	fig(&t, _("Complaint rate (complaints / requests received)"),
	    report_fmt_bp(a, m->complaint_rate_bp, true));
	fig(&t, _("Complaint rate due by"), m->complaint_due);
	table_end(&t);

	/* parts and stock */
	section(&t, _("6. Spare parts"));
	table(&t, fig_cols, 2);
	fig(&t, _("Quantity issued"), report_fmt_int(a, m->parts_issued));
	fig(&t, _("Quantity returned"), report_fmt_int(a, m->parts_returned));
	fig(&t, _("Quantity consumed (issued - returned)"),
	    report_fmt_int(a, m->parts_issued - m->parts_returned));
	fig(&t, _("Cost of parts consumed"), report_fmt_money(a, m->parts_cost_fen));
	fig(&t, _("Parts in warranty (cost, not billed)"), report_fmt_money(a, m->parts_warranty_fen));
	fig(&t, _("Parts billed to customers"), report_fmt_money(a, m->parts_charged_fen));
	fig(&t, _("Stock quantity at the month's end"), report_fmt_int(a, m->stock_qty));
	fig(&t, _("Stock value at the month's end"), report_fmt_money(a, m->stock_value_fen));
	fig(&t, _("Parts at or below the reorder point"), report_fmt_int(a, m->low_count));
	table_end(&t);
	if (m->nlow) {
		static const struct col lo_cols[] = {
			{ N_("Part no."), 14, 20, false }, { N_("Name"), 30, 60, false },
			{ N_("Unit"), 4, 6, false }, { N_("On hand"), 8, 10, true },
			{ N_("Reorder point"), 8, 14, true },
		};
		page_keep_line(t.doc, "");
		table(&t, lo_cols, SD_ARRAY_LEN(lo_cols));
		for (size_t i = 0; i < m->nlow; i++) {
			const report_low *l = &m->low[i];
			const char *cells[] = { l->part_no, l->name, l->unit, report_fmt_int(a, l->qty),
				report_fmt_int(b2, l->reorder_point) };
			row(&t, cells);
		}
		table_end(&t);
		if ((long)m->nlow < m->low_count) {
			buf more = { 0 };
			buf_printf(&more, _("... and %ld more"), m->low_count - (long)m->nlow);
			page_line(t.doc, buf_str(&more));
			buf_free(&more);
		}
	}

	/* visits */
	section(&t, _("7. Follow-up visits due in the month"));
	table(&t, fig_cols, 2);
	fig(&t, _("Planned"), report_fmt_int(a, m->visits_planned));
	fig(&t, _("Done"), report_fmt_int(a, m->visits_done));
	fig(&t, _("Missed"), report_fmt_int(a, m->visits_missed));
	fig(&t, _("Cancelled"), report_fmt_int(a, m->visits_cancelled));
	fig(&t, _("Not done at the month's end"), report_fmt_int(a, m->visits_open));
	fig(&t, _("Average satisfaction (1-5)"),
	    report_fmt_avg(a, m->satisfaction_sum, m->satisfaction_n));
	{
		buf lab = { 0 };
		/* TRANSLATORS: days ahead; at most 50 cells. */
		buf_printf(&lab, _("Warranties and contracts ending in %d days"), REPORT_ENDING_DAYS);
		fig(&t, buf_str(&lab), report_fmt_int(a, m->ending_soon));
		fig(&t, _("  counted from"), m->ending_from);
		buf_free(&lab);
	}
	table_end(&t);

	/* charges */
	static const struct col chg_cols[] = {
		{ N_("Charge"), 34, 60, false }, { N_("Cost"), 15, 20, true }, { N_("Billed"), 16, 20, true } };
	section(&t, _("8. Charges recorded in the month"));
	table(&t, chg_cols, 3);
	int64_t cost = 0;
	for (int kd = 0; kd < COST_COUNT; kd++) {
		const char *cells[] = { warranty_cost_name(kd), report_fmt_money(a, m->cost_fen[kd]),
			report_fmt_money(b2, m->billed_fen[kd]) };
		cost += m->cost_fen[kd];
		row(&t, cells);
	}
	{
		const char *cells[] = {
			_("Total"), report_fmt_money(a, cost), report_fmt_money(b2, m->billed_total_fen)
		};
		row(&t, cells);
	}
	{
		const char *cells[] = { _("Payments received"), "", report_fmt_money(a, m->received_fen) };
		row(&t, cells);
	}
	table_end(&t);
	text_end(&t, out);
}

/* ---------------------------------------------------------------- CSV */

static void
csv_row(buf *out, size_t n, ...)
{
	const char *v[16];
	va_list ap;

	va_start(ap, n);
	for (size_t i = 0; i < n && i < 16; i++)
		v[i] = va_arg(ap, const char *);
	va_end(ap);
	csv_put_record(out, v, n);
}

static void
mcsv(const sd_monthly *m, buf *out)
{
	report_cell a, b, c, d;

	csv_row(out, 3, "section", "figure", "value");
#define FIG(name, val) csv_row(out, 3, "summary", name, val)
	FIG("month", m->month);
	FIG("received", report_fmt_int(a, m->received));
	FIG("voided", report_fmt_int(a, m->voided));
	FIG("closed", report_fmt_int(a, m->closed));
	FIG("unresolvable", report_fmt_int(a, m->unresolvable));
	FIG("carried_over", report_fmt_int(a, m->carried_over));
	FIG("complaints", report_fmt_int(a, m->complaints));
	FIG("complaints_closed", report_fmt_int(a, m->complaints_closed));
	FIG("complaint_rate_percent", report_fmt_bp(a, m->complaint_rate_bp, false));
	FIG("complaint_due", m->complaint_due);
	FIG("parts_issued", report_fmt_int(a, m->parts_issued));
	FIG("parts_returned", report_fmt_int(a, m->parts_returned));
	FIG("parts_cost", report_fmt_money(a, m->parts_cost_fen));
	FIG("parts_warranty", report_fmt_money(a, m->parts_warranty_fen));
	FIG("parts_billed", report_fmt_money(a, m->parts_charged_fen));
	FIG("stock_qty", report_fmt_int(a, m->stock_qty));
	FIG("stock_value", report_fmt_money(a, m->stock_value_fen));
	FIG("low_stock", report_fmt_int(a, m->low_count));
	FIG("visits_planned", report_fmt_int(a, m->visits_planned));
	FIG("visits_done", report_fmt_int(a, m->visits_done));
	FIG("visits_missed", report_fmt_int(a, m->visits_missed));
	FIG("visits_cancelled", report_fmt_int(a, m->visits_cancelled));
	FIG("visits_open", report_fmt_int(a, m->visits_open));
	FIG("satisfaction_average", report_fmt_avg(a, m->satisfaction_sum, m->satisfaction_n));
	FIG("ending_soon_from", m->ending_from);
	FIG("ending_soon", report_fmt_int(a, m->ending_soon));
	FIG("billed", report_fmt_money(a, m->billed_total_fen));
	FIG("payments_received", report_fmt_money(a, m->received_fen));
#undef FIG
	csv_row(out, 3, "section", "channel", "received");
	for (int ch = 0; ch < CH_COUNT; ch++)
		csv_row(out, 3, "channel", intake_channel_code(ch), report_fmt_int(a, m->by_channel[ch]));
	csv_row(out, 3, "section", "priority", "received");
	for (int p = 1; p <= 4; p++) {
		snprintf(b, sizeof b, "P%d", p);
		csv_row(out, 3, "priority", b, report_fmt_int(a, m->by_priority[p]));
	}
	csv_row(out, 3, "section", "customer", "received");
	for (size_t i = 0; i < m->ncustomers; i++)
		csv_row(out, 3, "customer", m->customers[i].name, report_fmt_int(a, m->customers[i].n));
	if (m->other_customers)
		csv_row(out, 3, "customer", "", report_fmt_int(a, m->other_customers));
	csv_row(out, 15, "section", "clock", "entries", "median_min", "p90_min", "with_commitment",
	        "met", "p1_with", "p1_met", "p2_with", "p2_met", "p3_with", "p3_met", "p4_with", "p4_met");
	for (int cl = 0; cl < CLOCK_COUNT; cl++) {
		const report_clock *r = &m->clock[cl];
		report_cell cb[15];
		const char *v[15] = { "response", sla_clock_code(cl), report_fmt_int(cb[2], r->n),
			report_fmt_int(cb[3], r->median_min), report_fmt_int(cb[4], r->p90_min) };

		for (int p = 0; p <= 4; p++) {
			v[5 + 2 * p] = report_fmt_int(cb[5 + 2 * p], r->with_due[p]);
			v[6 + 2 * p] = report_fmt_int(cb[6 + 2 * p], r->met[p]);
		}
		csv_put_record(out, v, 15);
	}
	if (m->overdue_shown) {
		csv_row(out, 3, "section", "clock", "overdue_now");
		csv_row(out, 3, "overdue_now", "entries", report_fmt_int(a, m->overdue_entries));
		for (int k = 0; k < CLOCK_COUNT; k++)
			csv_row(out, 3, "overdue_now", sla_clock_code(k), report_fmt_int(a, m->overdue_now[k]));
	}
	csv_row(out, 7, "section", "login", "name", "handled", "closed", "commitments", "met");
	for (size_t i = 0; i < m->nengineers; i++) {
		const report_engineer *en = &m->engineers[i];
		csv_row(out, 7, "engineer", en->login, en->name, report_fmt_int(a, en->handled),
		        report_fmt_int(b, en->closed), report_fmt_int(c, en->clocks),
		        report_fmt_int(d, en->met));
	}
	csv_row(out, 4, "section", "code", "name", "entries");
	for (size_t i = 0; i < m->nfaults; i++)
		csv_row(out, 4, "fault", m->faults[i].code, m->faults[i].name, report_fmt_int(a, m->faults[i].n));
	if (m->other_faults)
		csv_row(out, 4, "fault", "", "", report_fmt_int(a, m->other_faults));
	csv_row(out, 3, "section", "class", "received");
	for (int cl = 0; cl < CC_COUNT; cl++)
		csv_row(out, 3, "complaint", complaint_class_code(cl),
		        report_fmt_int(a, m->complaints_by_class[cl]));
	csv_row(out, 5, "section", "part_no", "name", "on_hand", "reorder_point");
	for (size_t i = 0; i < m->nlow; i++)
		csv_row(out, 5, "low_stock", m->low[i].part_no, m->low[i].name, report_fmt_int(a, m->low[i].qty),
		        report_fmt_int(b, m->low[i].reorder_point));
	csv_row(out, 4, "section", "kind", "cost", "billed");
	for (int kd = 0; kd < COST_COUNT; kd++)
		csv_row(out, 4, "charge", warranty_cost_code(kd), report_fmt_money(a, m->cost_fen[kd]),
		        report_fmt_money(b, m->billed_fen[kd]));
}

/* ---------------------------------------------------------------- JSON */

/*
 * s as a JSON string literal: quotes, backslashes, control characters, DEL
 * and U+2028/U+2029 escaped; invalid UTF-8 bytes become U+FFFD.
 */
static void
out_json_str(buf *b, const char *s)
{
	buf_putc(b, '"');
	for (const char *p = s ? s : ""; *p;) {
		unsigned char c = (unsigned char)*p;
		uint32_t cp;
		int n;

		if (c == '"' || c == '\\') {
			buf_putc(b, '\\');
			buf_putc(b, (char)c);
			p++;
		} else if (c < 0x20 || c == 0x7f) {
			buf_printf(b, "\\u%04x", c);
			p++;
		} else if (c < 0x80) {
			buf_putc(b, (char)c);
			p++;
		} else if ((n = utf8_decode(p, strlen(p), &cp)) < 0) {
			buf_puts(b, "\xef\xbf\xbd");
			p++;
		} else if (cp == 0x2028 || cp == 0x2029 || (cp >= 0x80 && cp < 0xa0)) {
			buf_printf(b, "\\u%04x", (unsigned)cp);
			p += n;
		} else {
			buf_append(b, p, (size_t)n);
			p += n;
		}
	}
	buf_putc(b, '"');
}

static void
jkey(buf *b, bool *first, const char *key)
{
	if (!*first)
		buf_putc(b, ',');
	*first = false;
	out_json_str(b, key);
	buf_putc(b, ':');
}

static void
jint(buf *b, bool *first, const char *key, long long v)
{
	jkey(b, first, key);
	buf_printf(b, "%lld", v);
}

/* An integer, or null when negative (no figure). */
static void
jopt(buf *b, bool *first, const char *key, long long v)
{
	jkey(b, first, key);
	if (v < 0)
		buf_puts(b, "null");
	else
		buf_printf(b, "%lld", v);
}

static void
jstr(buf *b, bool *first, const char *key, const char *v)
{
	jkey(b, first, key);
	out_json_str(b, v);
}

static void
mjson(const sd_monthly *m, buf *out)
{
	bool f0 = true, f1, f2;
	report_cell a;

	buf_putc(out, '{');
	jstr(out, &f0, "month", m->month);
	jstr(out, &f0, "site", m->site);

	jkey(out, &f0, "requests");
	f1 = true;
	buf_putc(out, '{');
	jint(out, &f1, "received", m->received);
	jint(out, &f1, "voided", m->voided);
	jint(out, &f1, "closed", m->closed);
	jint(out, &f1, "unresolvable", m->unresolvable);
	jint(out, &f1, "carried_over", m->carried_over);
	jkey(out, &f1, "by_channel");
	f2 = true;
	buf_putc(out, '{');
	for (int ch = 0; ch < CH_COUNT; ch++)
		jint(out, &f2, intake_channel_code(ch), m->by_channel[ch]);
	buf_putc(out, '}');
	jkey(out, &f1, "by_priority");
	f2 = true;
	buf_putc(out, '{');
	for (int p = 1; p <= 4; p++) {
		snprintf(a, sizeof a, "P%d", p);
		jint(out, &f2, a, m->by_priority[p]);
	}
	buf_putc(out, '}');
	jkey(out, &f1, "by_customer");
	buf_putc(out, '[');
	for (size_t i = 0; i < m->ncustomers; i++) {
		f2 = true;
		buf_puts(out, i ? ",{" : "{");
		jstr(out, &f2, "customer", m->customers[i].name);
		jint(out, &f2, "received", m->customers[i].n);
		buf_putc(out, '}');
	}
	buf_putc(out, ']');
	jint(out, &f1, "other_customers", m->other_customers);
	buf_putc(out, '}');

	jkey(out, &f0, "response");
	f1 = true;
	buf_putc(out, '{');
	for (int c = 0; c < CLOCK_COUNT; c++) {
		const report_clock *k = &m->clock[c];

		jkey(out, &f1, sla_clock_code(c));
		f2 = true;
		buf_putc(out, '{');
		jint(out, &f2, "entries", k->n);
		jopt(out, &f2, "median_min", k->median_min);
		jopt(out, &f2, "p90_min", k->p90_min);
		jint(out, &f2, "with_commitment", k->with_due[0]);
		jint(out, &f2, "met", k->met[0]);
		jkey(out, &f2, "misses");
		buf_puts(out, k->misses[0] ? "true" : "false");
		jkey(out, &f2, "by_priority");
		buf_putc(out, '{');
		for (int p = 1; p <= 4; p++) {
			bool f3 = true;
			snprintf(a, sizeof a, "P%d", p);
			if (p > 1)
				buf_putc(out, ',');
			out_json_str(out, a);
			buf_puts(out, ":{");
			jint(out, &f3, "with_commitment", k->with_due[p]);
			jint(out, &f3, "met", k->met[p]);
			buf_putc(out, '}');
		}
		buf_puts(out, "}}");
	}
	buf_putc(out, '}');

	if (m->overdue_shown) {
		bool fo = true;
		jkey(out, &f0, "overdue_now");
		buf_putc(out, '{');
		jstr(out, &fo, "as_of", m->overdue_as_of);
		jint(out, &fo, "entries", m->overdue_entries);
		for (int c = 0; c < CLOCK_COUNT; c++)
			jint(out, &fo, sla_clock_code(c), m->overdue_now[c]);
		buf_putc(out, '}');
	}

	jkey(out, &f0, "engineers");
	buf_putc(out, '[');
	for (size_t i = 0; i < m->nengineers; i++) {
		const report_engineer *en = &m->engineers[i];
		f2 = true;
		buf_puts(out, i ? ",{" : "{");
		jstr(out, &f2, "login", en->login);
		jstr(out, &f2, "name", en->name);
		jint(out, &f2, "handled", en->handled);
		jint(out, &f2, "closed", en->closed);
		jint(out, &f2, "commitments", en->clocks);
		jint(out, &f2, "met", en->met);
		jkey(out, &f2, "misses");
		buf_puts(out, en->misses ? "true}" : "false}");
	}
	buf_putc(out, ']');

	jkey(out, &f0, "faults");
	buf_putc(out, '[');
	for (size_t i = 0; i < m->nfaults; i++) {
		f2 = true;
		buf_puts(out, i ? ",{" : "{");
		jstr(out, &f2, "code", m->faults[i].code);
		jstr(out, &f2, "name", m->faults[i].name);
		jint(out, &f2, "entries", m->faults[i].n);
		buf_putc(out, '}');
	}
	buf_putc(out, ']');
	jint(out, &f0, "other_faults", m->other_faults);

	jkey(out, &f0, "complaints");
	f1 = true;
	buf_putc(out, '{');
	jint(out, &f1, "received", m->complaints);
	for (int cl = 0; cl < CC_COUNT; cl++)
		jint(out, &f1, complaint_class_code(cl), m->complaints_by_class[cl]);
	jint(out, &f1, "closed", m->complaints_closed);
	jkey(out, &f1, "rate");
	if (m->complaint_rate_bp < 0)
		buf_puts(out, "null");
	else
		buf_printf(out, "%ld.%04ld", m->complaint_rate_bp / 10000, m->complaint_rate_bp % 10000);
	jstr(out, &f1, "due_by", m->complaint_due);
	buf_putc(out, '}');

	jkey(out, &f0, "parts");
	f1 = true;
	buf_putc(out, '{');
	jint(out, &f1, "issued", m->parts_issued);
	jint(out, &f1, "returned", m->parts_returned);
	jint(out, &f1, "consumed", m->parts_issued - m->parts_returned);
	jint(out, &f1, "cost_fen", m->parts_cost_fen);
	jint(out, &f1, "warranty_fen", m->parts_warranty_fen);
	jint(out, &f1, "billed_fen", m->parts_charged_fen);
	buf_putc(out, '}');

	jkey(out, &f0, "stock");
	f1 = true;
	buf_putc(out, '{');
	jint(out, &f1, "qty", m->stock_qty);
	jint(out, &f1, "value_fen", m->stock_value_fen);
	jint(out, &f1, "low_count", m->low_count);
	jkey(out, &f1, "low");
	buf_putc(out, '[');
	for (size_t i = 0; i < m->nlow; i++) {
		f2 = true;
		buf_puts(out, i ? ",{" : "{");
		jstr(out, &f2, "part_no", m->low[i].part_no);
		jstr(out, &f2, "name", m->low[i].name);
		jint(out, &f2, "on_hand", m->low[i].qty);
		jint(out, &f2, "reorder_point", m->low[i].reorder_point);
		buf_putc(out, '}');
	}
	buf_puts(out, "]}");

	jkey(out, &f0, "visits");
	f1 = true;
	buf_putc(out, '{');
	jint(out, &f1, "planned", m->visits_planned);
	jint(out, &f1, "done", m->visits_done);
	jint(out, &f1, "missed", m->visits_missed);
	jint(out, &f1, "cancelled", m->visits_cancelled);
	jint(out, &f1, "open", m->visits_open);
	jint(out, &f1, "satisfaction_count", m->satisfaction_n);
	jint(out, &f1, "satisfaction_sum", m->satisfaction_sum);
	buf_putc(out, '}');

	jkey(out, &f0, "ending_soon");
	f1 = true;
	buf_putc(out, '{');
	jstr(out, &f1, "from", m->ending_from);
	jint(out, &f1, "days", REPORT_ENDING_DAYS);
	jint(out, &f1, "count", m->ending_soon);
	buf_putc(out, '}');

	jkey(out, &f0, "charges");
	f1 = true;
	buf_putc(out, '{');
	for (int kd = 0; kd < COST_COUNT; kd++) {
		jkey(out, &f1, warranty_cost_code(kd));
		f2 = true;
		buf_putc(out, '{');
		jint(out, &f2, "cost_fen", m->cost_fen[kd]);
		jint(out, &f2, "billed_fen", m->billed_fen[kd]);
		buf_putc(out, '}');
	}
	jint(out, &f1, "billed_fen", m->billed_total_fen);
	jint(out, &f1, "received_fen", m->received_fen);
	buf_putc(out, '}');
	buf_puts(out, "}\n");
}

void
report_monthly_write(const sd_monthly *m, const report_opts *o, buf *out)
{
	switch (o->format) {
	case REPORT_CSV:
		mcsv(m, out);
		break;
	case REPORT_JSON:
		mjson(m, out);
		break;
	default:
		mtext(m, o, out);
		break;
	}
}

/* ---------------------------------------------------------------- a customer's year */

static const struct col cy_cols[] = {
	{ N_("Month"), 7, 7, false },
	{ N_("Req."), 4, 8, true },
	{ N_("Void"), 0, 6, true },
	{ N_("Closed"), 6, 8, true },
	{ N_("Unres."), 0, 7, true },
	{ N_("Visits"), 7, 9, true },
	{ N_("Missed"), 0, 7, true },
	{ N_("Satisf."), 0, 7, true },
	{ N_("Parts"), 5, 7, true },
	{ N_("Cost"), 9, 12, true },
	{ N_("Billed"), 9, 12, true },
	{ N_("Paid"), 9, 12, true },
	{ N_("Resp."), 6, 8, true },
	{ N_("Clear"), 0, 8, true },
	{ N_("Within"), 7, 8, true },
};

static void
cy_cells(const report_cust_month *r, const char *label, report_cell *cb, const char **cells)
{
	cells[0] = label;
	cells[1] = report_fmt_int(cb[1], r->received);
	cells[2] = report_fmt_int(cb[2], r->voided);
	cells[3] = report_fmt_int(cb[3], r->closed);
	cells[4] = report_fmt_int(cb[4], r->unresolvable);
	snprintf(cb[5], sizeof(report_cell), "%ld/%ld", r->visits_done, r->visits_planned);
	cells[5] = cb[5];
	cells[6] = report_fmt_int(cb[6], r->visits_missed);
	cells[7] = report_fmt_avg(cb[7], r->satisfaction_sum, r->satisfaction_n);
	cells[8] = report_fmt_int(cb[8], r->parts_qty);
	cells[9] = report_fmt_money(cb[9], r->parts_cost_fen);
	cells[10] = report_fmt_money(cb[10], r->billed_fen);
	cells[11] = report_fmt_money(cb[11], r->received_fen);
	cells[12] = report_fmt_dur(cb[12], r->respond_median_min);
	cells[13] = report_fmt_dur(cb[13], r->clear_median_min);
	cells[14] = report_fmt_pct(cb[14], r->met, r->clocks, "*");
}

static void
cy_json(buf *out, const report_cust_month *r)
{
	bool f = true;

	buf_putc(out, '{');
	jint(out, &f, "received", r->received);
	jint(out, &f, "voided", r->voided);
	jint(out, &f, "closed", r->closed);
	jint(out, &f, "unresolvable", r->unresolvable);
	jint(out, &f, "visits_planned", r->visits_planned);
	jint(out, &f, "visits_done", r->visits_done);
	jint(out, &f, "visits_missed", r->visits_missed);
	jint(out, &f, "satisfaction_count", r->satisfaction_n);
	jint(out, &f, "satisfaction_sum", r->satisfaction_sum);
	jint(out, &f, "parts_qty", r->parts_qty);
	jint(out, &f, "parts_cost_fen", r->parts_cost_fen);
	jint(out, &f, "billed_fen", r->billed_fen);
	jint(out, &f, "received_fen", r->received_fen);
	jint(out, &f, "responses", r->responses);
	jopt(out, &f, "respond_median_min", r->respond_median_min);
	jopt(out, &f, "clear_median_min", r->clear_median_min);
	jint(out, &f, "commitments", r->clocks);
	jint(out, &f, "met", r->met);
	buf_putc(out, '}');
}

void
report_customer_write(const sd_customer_year *y, const report_opts *o, buf *out)
{
	report_cell cb[15];
	const char *cells[15];
	char label[16];

	if (o->format == REPORT_JSON) {
		bool f = true;
		buf_putc(out, '{');
		jstr(out, &f, "customer", y->customer);
		jint(out, &f, "year", y->year);
		jstr(out, &f, "site", y->site);
		jkey(out, &f, "months");
		buf_putc(out, '[');
		for (int i = 0; i < 12; i++) {
			if (i)
				buf_putc(out, ',');
			cy_json(out, &y->m[i]);
		}
		buf_putc(out, ']');
		jkey(out, &f, "total");
		cy_json(out, &y->total);
		buf_puts(out, "}\n");
		return;
	}
	if (o->format == REPORT_CSV) {
		/* numbers only, as the monthly CSV: an empty cell where there is no value */
		static const char *const heads[] = { "section", "month", "received", "voided", "closed",
			"unresolvable", "visits_planned", "visits_done", "visits_missed",
			"satisfaction_avg", "parts_qty", "parts_cost", "billed", "paid",
			"respond_median_min", "clear_median_min", "commitments", "met" };
		const char *v[SD_ARRAY_LEN(heads)];
		report_cell c[SD_ARRAY_LEN(heads)];

		csv_put_record(out, heads, SD_ARRAY_LEN(heads));
		for (int i = 0; i <= 12; i++) {
			const report_cust_month *r = i < 12 ? &y->m[i] : &y->total;

			v[0] = i < 12 ? "month" : "total";
			if (i < 12)
				snprintf(c[1], sizeof c[1], "%04d-%02d", y->year, i + 1);
			else
				snprintf(c[1], sizeof c[1], "%04d", y->year);
			v[1] = c[1];
			v[2] = report_fmt_int(c[2], r->received);
			v[3] = report_fmt_int(c[3], r->voided);
			v[4] = report_fmt_int(c[4], r->closed);
			v[5] = report_fmt_int(c[5], r->unresolvable);
			v[6] = report_fmt_int(c[6], r->visits_planned);
			v[7] = report_fmt_int(c[7], r->visits_done);
			v[8] = report_fmt_int(c[8], r->visits_missed);
			v[9] = r->satisfaction_n > 0 ? report_fmt_avg(c[9], r->satisfaction_sum, r->satisfaction_n) : "";
			v[10] = report_fmt_int(c[10], r->parts_qty);
			v[11] = report_fmt_money(c[11], r->parts_cost_fen);
			v[12] = report_fmt_money(c[12], r->billed_fen);
			v[13] = report_fmt_money(c[13], r->received_fen);
			v[14] = r->respond_median_min >= 0 ? report_fmt_int(c[14], r->respond_median_min) : "";
			v[15] = r->clear_median_min >= 0 ? report_fmt_int(c[15], r->clear_median_min) : "";
			v[16] = report_fmt_int(c[16], r->clocks);
			v[17] = report_fmt_int(c[17], r->met);
			csv_put_record(out, v, SD_ARRAY_LEN(heads));
		}
		return;
	}
	struct text t;
	buf title = { 0 };

	/* TRANSLATORS: the year, the customer's name. */
	buf_printf(&title, _("Customer report %d: %s"), y->year, y->customer);
	{
		char *clean = text_sanitize(buf_str(&title), false);
		buf_free(&title);
		text_begin(&t, o, clean, y->site);
	}
	section(&t, _("Month by month (visits: done/planned; times: median hours:minutes from receipt)"));
	table(&t, cy_cols, SD_ARRAY_LEN(cy_cols));
	for (int i = 0; i < 12; i++) {
		snprintf(label, sizeof label, "%04d-%02d", y->year, i + 1);
		cy_cells(&y->m[i], label, cb, cells);
		row(&t, cells);
	}
	cy_cells(&y->total, _("Total"), cb, cells);
	row(&t, cells);
	table_end(&t);
	page_line(t.doc, _("* a commitment was missed"));
	text_end(&t, out);
}
