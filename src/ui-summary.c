/*
 * ui-summary.c — the summary pane (月度统计): the figures of one month as
 * `servdesk report monthly` gives them, in sections that scroll over the
 * pane area, with bar charts drawn in text (requests by channel and by
 * priority, common problems by fault category, engineers' entries handled
 * against closed). A share within commitment below 100% carries a text mark
 * and the error style. The figures are computed once per month shown and
 * kept; r, a step to another month and coming back to the tab compute them
 * again. p sends the month's text report to the print command.
 */
#include "config.h"

#include <fcntl.h>
#include <iconv.h>
#include <langinfo.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common.h"
#include "buf.h"
#include "complaint.h"
#include "report.h"
#include "staff.h"
#include "text.h"
#include "warranty.h"
#include "ui-pane.h"
#include "ui-form.h"

enum {
	ACT_PREV = 1, ACT_NEXT, ACT_GOTO, ACT_THIS, ACT_PRINT, ACT_RELOAD, ACT_UP, ACT_DOWN,
	ACT_PGUP, ACT_PGDN, ACT_HOME, ACT_END
};

static const ui_keydef summary_keys[] = {
	{ ACT_PREV, { UI_FK(KEY_LEFT), '[' }, "Left, [", N_("Prev month"), N_("the month before") },
	{ ACT_NEXT, { UI_FK(KEY_RIGHT), ']' }, "Right, ]", N_("Next month"), N_("the month after") },
	{ ACT_GOTO, { 'g' }, "g", N_("Month"), N_("go to a month (YYYY-MM)") },
	{ ACT_THIS, { 't' }, "t", NULL, N_("the current month") },
	{ ACT_PRINT, { 'p' }, "p", N_("Print"),
	  N_("print the month's report (the print command, as report monthly --print)") },
	{ ACT_RELOAD, { 'r' }, "r", NULL, N_("compute the figures again") },
	{ ACT_UP, { UI_FK(KEY_UP), 'k' }, "Up, k", NULL, N_("scroll up a line") },
	{ ACT_DOWN, { UI_FK(KEY_DOWN), 'j' }, "Down, j", NULL, N_("scroll down a line") },
	{ ACT_PGUP, { UI_FK(KEY_PPAGE), UI_CTRL('b') }, "PgUp, ^B", NULL, N_("scroll up a page") },
	{ ACT_PGDN, { UI_FK(KEY_NPAGE), UI_CTRL('f'), ' ' }, "PgDn, ^F, Space", NULL,
	  N_("scroll down a page") },
	{ ACT_HOME, { UI_FK(KEY_HOME) }, "Home", NULL, N_("the first section") },
	{ ACT_END, { UI_FK(KEY_END) }, "End", NULL, N_("the last section") },
};

/* one piece of a line on the screen: text in a style */
typedef struct seg {
	char *s;
	int style;
} seg;

/* one line of the pane's content */
typedef struct sline {
	seg *seg;
	size_t n;
} sline;

typedef struct lines {
	sline *v;
	size_t n, cap;
} lines;

typedef struct sumpane {
	char month[8];         /* the month shown */
	sd_monthly m;          /* its figures, when have */
	bool have;
	bool stale;            /* compute again before the next drawing */
	char reason[1024];     /* why there are no figures */
	int top;               /* first content line shown */
	int rows;              /* content rows at the last drawing */
	/* what the terminal's charset can show */
	const char *bar_full;  /* bars of entries handled, requests, faults */
	const char *bar_half;  /* bars of entries closed */
	const char *mark;      /* a missed commitment */
} sumpane;

/* ---------------------------------------------------------------- lines */

static sline *
line_new(lines *L)
{
	if (L->n == L->cap) {
		L->cap = L->cap ? L->cap * 2 : 64;
		L->v = xrealloc(L->v, L->cap * sizeof *L->v);
	}
	memset(&L->v[L->n], 0, sizeof L->v[L->n]);
	return &L->v[L->n++];
}

/* append s (taken over) in style to line l */
static void
seg_add(sline *l, int style, char *s)
{
	l->seg = xrealloc(l->seg, (l->n + 1) * sizeof *l->seg);
	l->seg[l->n].s = s;
	l->seg[l->n].style = style;
	l->n++;
}

static void
lines_free(lines *L)
{
	for (size_t i = 0; i < L->n; i++) {
		for (size_t j = 0; j < L->v[i].n; j++)
			free(L->v[i].seg[j].s);
		free(L->v[i].seg);
	}
	free(L->v);
	memset(L, 0, sizeof *L);
}

static void
blank(lines *L)
{
	line_new(L);
}

static void
heading(lines *L, const char *title)
{
	seg_add(line_new(L), UI_S_HEADER, xstrdup(title));
}

static void
plain(lines *L, const char *text)
{
	seg_add(line_new(L), UI_S_NORMAL, xstrdup(text));
}

/* s sanitised and fitted into exactly w cells (right-aligned if right) */
static char *
cell(const char *s, int w, bool right)
{
	size_t sz;
	char *out;
	int used;

	if (w < 0)
		w = 0;
	sz = (size_t)w * 4 + 8;
	out = xmalloc(sz);
	used = text_fit(out, sz, s ? s : "", w, !right);
	if (right && used < w) {
		buf b = { 0 };
		for (int i = used; i < w; i++)
			buf_putc(&b, ' ');
		buf_puts(&b, out);
		free(out);
		out = buf_steal(&b);
	}
	return out;
}

static int
min_int(int a, int b)
{
	return a < b ? a : b;
}

/* ---------------------------------------------------------------- figures */

/* a label with its value */
typedef struct fig {
	const char *label;
	report_cell value;
	bool miss;             /* shown in the error style */
} fig;

/* figure lines: labels aligned (display width), values right-aligned after them */
static void
figures(lines *L, int W, const fig *f, size_t n)
{
	int lw = 0, vw = 1;

	for (size_t i = 0; i < n; i++) {
		int w = text_width(f[i].label);
		if (w > lw)
			lw = w;
		w = text_width(f[i].value);
		if (w > vw)
			vw = w;
	}
	if (vw < 12)
		vw = 12;
	/* one value column for every section where the width allows */
	lw = min_int(lw > 46 ? lw : 46, W - vw - 2);
	for (size_t i = 0; i < n; i++) {
		sline *l = line_new(L);
		seg_add(l, UI_S_NORMAL, cell(f[i].label, lw, false));
		seg_add(l, UI_S_NORMAL, xstrdup("  "));
		seg_add(l, f[i].miss ? UI_S_ERROR : UI_S_NORMAL, cell(f[i].value, vw, true));
	}
}

/* ---------------------------------------------------------------- bars */

/* a bar of a chart */
typedef struct bar {
	const char *label;
	long v;
	bool half;             /* drawn with bar_half (entries closed) */
} bar;

/*
 * A bar chart: the labels in a column aligned by display width, a bar per
 * value scaled to the largest value and to the room left by the width W,
 * the number after the bar. A zero shows no bar and 0.
 */
static void
bar_chart(const sumpane *s, lines *L, int W, const bar *b, size_t n)
{
	int lw = 0, nw = 1, room;
	long max = 0;

	for (size_t i = 0; i < n; i++) {
		report_cell num;
		int w = text_width(b[i].label);
		if (w > lw)
			lw = w;
		w = (int)strlen(report_fmt_int(num, b[i].v));
		if (w > nw)
			nw = w;
		if (b[i].v > max)
			max = b[i].v;
	}
	if (lw > W / 3)
		lw = W / 3 > 4 ? W / 3 : min_int(lw, 4);
	room = W - lw - 1 - 1 - nw;
	if (room < 0)
		room = 0;
	for (size_t i = 0; i < n; i++) {
		const char *sym = b[i].half ? s->bar_half : s->bar_full;
		int sw = text_width(sym), len = 0;
		sline *l = line_new(L);
		buf bb = { 0 };
		report_cell num;

		if (sw < 1)
			sw = 1;
		if (max > 0 && b[i].v > 0) {
			len = (int)((b[i].v * (long long)room + max / 2) / max);
			if (len < sw && room >= sw)
				len = sw;          /* a value above zero shows */
		}
		for (int k = 0; k + sw <= len; k += sw)
			buf_puts(&bb, sym);
		seg_add(l, UI_S_NORMAL, cell(b[i].label, lw, false));
		seg_add(l, UI_S_NORMAL, xstrdup(" "));
		if (bb.len)
			seg_add(l, UI_S_NORMAL, buf_steal(&bb));
		buf_free(&bb);
		seg_add(l, UI_S_NORMAL, xstrdup(" "));
		seg_add(l, UI_S_NORMAL, xstrdup(report_fmt_int(num, b[i].v)));
	}
}

/* ---------------------------------------------------------------- content */

static void
sec_requests(const sumpane *s, lines *L, int W)
{
	const sd_monthly *m = &s->m;
	fig f[5] = {
		{ _("Received in the month"), "", false },
		{ _("Voided (not counted as received)"), "", false },
		{ _("Closed in the month"), "", false },
		{ _("Declared unresolvable in the month"), "", false },
		{ _("Still open at the month's end (carried over)"), "", false },
	};
	bar ch[CH_COUNT], pr[4];
	static const char *const pname[4] = { "P1", "P2", "P3", "P4" };

	report_fmt_int(f[0].value, m->received);
	report_fmt_int(f[1].value, m->voided);
	report_fmt_int(f[2].value, m->closed);
	report_fmt_int(f[3].value, m->unresolvable);
	report_fmt_int(f[4].value, m->carried_over);
	heading(L, _("1. Requests"));
	figures(L, W, f, SD_ARRAY_LEN(f));
	blank(L);
	plain(L, _("Received by channel:"));
	for (int i = 0; i < CH_COUNT; i++)
		ch[i] = (bar){ intake_channel_name(i), m->by_channel[i], false };
	bar_chart(s, L, W, ch, CH_COUNT);
	blank(L);
	plain(L, _("Received by priority:"));
	for (int p = 0; p < 4; p++)
		pr[p] = (bar){ pname[p], m->by_priority[p + 1], false };
	bar_chart(s, L, W, pr, 4);
	if (m->ncustomers) {
		fig *cf = xcalloc(m->ncustomers + 1, sizeof *cf);
		size_t n = 0;

		blank(L);
		plain(L, _("Received by customer:"));
		for (size_t i = 0; i < m->ncustomers; i++, n++) {
			cf[n].label = m->customers[i].name;
			report_fmt_int(cf[n].value, m->customers[i].n);
		}
		if (m->other_customers) {
			cf[n].label = _("other customers");
			report_fmt_int(cf[n++].value, m->other_customers);
		}
		figures(L, W, cf, n);
		free(cf);
	}
}

static void
sec_times(const sumpane *s, lines *L, int W)
{
	static const struct { const char *head; int w; } cols[] = {
		{ N_("Commitment"), 10 }, { N_("Entries"), 7 }, { N_("Median"), 7 }, { N_("P90"), 7 },
		{ N_("Within"), 7 }, { "P1", 7 }, { "P2", 7 }, { "P3", 7 }, { "P4", 7 },
	};
	size_t ncols = SD_ARRAY_LEN(cols);
	bool missed = false;
	sline *l;

	/* the per-priority shares only where they fit */
	if (W < 74)
		ncols = 5;
	blank(L);
	heading(L, _("2. Response times (hours:minutes from receipt; share within commitment)"));
	l = line_new(L);
	for (size_t i = 0; i < ncols; i++) {
		if (i)
			seg_add(l, UI_S_LABEL, xstrdup(" "));
		seg_add(l, UI_S_LABEL, cell(_(cols[i].head), cols[i].w, i > 0));
	}
	for (int ci = 0; ci < CLOCK_COUNT; ci++) {
		const report_clock *k = &s->m.clock[ci];
		report_cell v;

		l = line_new(L);
		seg_add(l, UI_S_NORMAL, cell(sla_clock_name(ci), cols[0].w, false));
		seg_add(l, UI_S_NORMAL, xstrdup(" "));
		seg_add(l, UI_S_NORMAL, cell(report_fmt_int(v, k->n), cols[1].w, true));
		seg_add(l, UI_S_NORMAL, xstrdup(" "));
		seg_add(l, UI_S_NORMAL, cell(report_fmt_dur(v, k->median_min), cols[2].w, true));
		seg_add(l, UI_S_NORMAL, xstrdup(" "));
		seg_add(l, UI_S_NORMAL, cell(report_fmt_dur(v, k->p90_min), cols[3].w, true));
		for (size_t p = 0; p + 4 < ncols; p++) {
			bool miss = k->met[p] < k->with_due[p];
			seg_add(l, UI_S_NORMAL, xstrdup(" "));
			seg_add(l, miss ? UI_S_ERROR : UI_S_NORMAL,
			        cell(report_fmt_pct(v, k->met[p], k->with_due[p], s->mark), cols[4 + p].w, true));
			missed |= miss;
		}
	}
	if (missed) {
		buf b = { 0 };
		buf_printf(&b, _("%s a commitment was missed (share below 100%%)"), s->mark);
		seg_add(line_new(L), UI_S_ERROR, buf_steal(&b));
	}
	/* the month that is running: the entries overdue right now, beside the shares */
	if (s->m.overdue_shown) {
		buf ov = { 0 };
		report_overdue_lines(&s->m, &ov);
		for (const char *p = buf_str(&ov), *nl; *p && (nl = strchr(p, '\n')); p = nl + 1)
			seg_add(line_new(L), s->m.overdue_entries ? UI_S_ERROR : UI_S_NORMAL,
			        xstrndup(p, (size_t)(nl - p)));
		buf_free(&ov);
	}
}

static void
sec_engineers(const sumpane *s, lines *L, int W)
{
	const sd_monthly *m = &s->m;
	buf b = { 0 };
	int lw = 0;

	blank(L);
	heading(L, _("3. Engineers"));
	if (!m->nengineers) {
		plain(L, _("(no entries handled in the month)"));
		return;
	}
	buf_printf(&b, _("Entries handled (%s) and closed (%s):"), s->bar_full, s->bar_half);
	plain(L, buf_str(&b));
	buf_free(&b);
	{
		bar *v = xcalloc(m->nengineers * 2, sizeof *v);
		for (size_t i = 0; i < m->nengineers; i++) {
			v[2 * i] = (bar){ m->engineers[i].name, m->engineers[i].handled, false };
			v[2 * i + 1] = (bar){ "", m->engineers[i].closed, true };
		}
		bar_chart(s, L, W, v, m->nengineers * 2);
		free(v);
	}
	/* commitments: name, stopped, met, share */
	lw = text_width(_("Engineer"));
	for (size_t i = 0; i < m->nengineers; i++) {
		int w = text_width(m->engineers[i].name);
		if (w > lw)
			lw = w;
	}
	lw = min_int(lw, W > 40 ? W - 30 : 10);
	{
		const char *h[3] = { _("Commitments"), _("Met"), _("Within") };
		int hw[3];
		sline *l;

		blank(L);
		l = line_new(L);
		seg_add(l, UI_S_LABEL, cell(_("Engineer"), lw, false));
		for (int k = 0; k < 3; k++) {
			hw[k] = text_width(h[k]) > 8 ? text_width(h[k]) : 8;
			seg_add(l, UI_S_LABEL, xstrdup(" "));
			seg_add(l, UI_S_LABEL, cell(h[k], hw[k], true));
		}
		for (size_t i = 0; i < m->nengineers; i++) {
			const report_engineer *en = &m->engineers[i];
			report_cell v;

			l = line_new(L);
			seg_add(l, UI_S_NORMAL, cell(en->name, lw, false));
			seg_add(l, UI_S_NORMAL, xstrdup(" "));
			seg_add(l, UI_S_NORMAL, cell(report_fmt_int(v, en->clocks), hw[0], true));
			seg_add(l, UI_S_NORMAL, xstrdup(" "));
			seg_add(l, UI_S_NORMAL, cell(report_fmt_int(v, en->met), hw[1], true));
			seg_add(l, UI_S_NORMAL, xstrdup(" "));
			seg_add(l, en->misses ? UI_S_ERROR : UI_S_NORMAL,
			        cell(report_fmt_pct(v, en->met, en->clocks, s->mark), hw[2], true));
		}
	}
}

static void
sec_faults(const sumpane *s, lines *L, int W)
{
	const sd_monthly *m = &s->m;
	bar *v;
	size_t n = 0;

	blank(L);
	heading(L, _("4. Common problems (fault categories of the solutions proposed)"));
	if (!m->nfaults && !m->other_faults) {
		plain(L, _("(no solutions proposed in the month)"));
		return;
	}
	v = xcalloc(m->nfaults + 1, sizeof *v);
	for (size_t i = 0; i < m->nfaults; i++)
		v[n++] = (bar){ m->faults[i].name, m->faults[i].n, false };
	if (m->other_faults)
		v[n++] = (bar){ _("other categories"), m->other_faults, false };
	bar_chart(s, L, W, v, n);
	free(v);
}

static void
sec_complaints(const sumpane *s, lines *L, int W)
{
	const sd_monthly *m = &s->m;
	fig f[CC_COUNT + 4];
	size_t n = 0;

	memset(f, 0, sizeof f);
	blank(L);
	heading(L, _("5. Complaints"));
	for (int cl = 0; cl < CC_COUNT; cl++) {
		f[n].label = complaint_class_name(cl);
		report_fmt_int(f[n++].value, m->complaints_by_class[cl]);
	}
	f[n].label = _("Complaints received in the month");
	report_fmt_int(f[n++].value, m->complaints);
	f[n].label = _("Complaints closed in the month");
	report_fmt_int(f[n++].value, m->complaints_closed);
	f[n].label = _("Complaint rate (complaints / requests received)");
	report_fmt_bp(f[n++].value, m->complaint_rate_bp, true);
	f[n].label = _("Complaint rate due by");
	snprintf(f[n++].value, sizeof(report_cell), "%s", m->complaint_due);
	figures(L, W, f, n);
}

static void
sec_parts(const sumpane *s, lines *L, int W)
{
	const sd_monthly *m = &s->m;
	fig f[9];

	memset(f, 0, sizeof f);
	f[0].label = _("Quantity issued");
	report_fmt_int(f[0].value, m->parts_issued);
	f[1].label = _("Quantity returned");
	report_fmt_int(f[1].value, m->parts_returned);
	f[2].label = _("Quantity consumed (issued - returned)");
	report_fmt_int(f[2].value, m->parts_issued - m->parts_returned);
	f[3].label = _("Cost of parts consumed");
	report_fmt_money(f[3].value, m->parts_cost_fen);
	f[4].label = _("Parts in warranty (cost, not billed)");
	report_fmt_money(f[4].value, m->parts_warranty_fen);
	f[5].label = _("Parts billed to customers");
	report_fmt_money(f[5].value, m->parts_charged_fen);
	f[6].label = _("Stock quantity at the month's end");
	report_fmt_int(f[6].value, m->stock_qty);
	f[7].label = _("Stock value at the month's end");
	report_fmt_money(f[7].value, m->stock_value_fen);
	f[8].label = _("Parts at or below the reorder point");
	report_fmt_int(f[8].value, m->low_count);
	blank(L);
	heading(L, _("6. Spare parts"));
	figures(L, W, f, SD_ARRAY_LEN(f));
}

static void
sec_visits(const sumpane *s, lines *L, int W)
{
	const sd_monthly *m = &s->m;
	fig f[8];
	char ending[96];

	memset(f, 0, sizeof f);
	f[0].label = _("Planned");
	report_fmt_int(f[0].value, m->visits_planned);
	f[1].label = _("Done");
	report_fmt_int(f[1].value, m->visits_done);
	f[2].label = _("Missed");
	report_fmt_int(f[2].value, m->visits_missed);
	f[3].label = _("Cancelled");
	report_fmt_int(f[3].value, m->visits_cancelled);
	f[4].label = _("Not done at the month's end");
	report_fmt_int(f[4].value, m->visits_open);
	f[5].label = _("Average satisfaction (1-5)");
	if (m->satisfaction_n <= 0) {
		snprintf(f[5].value, sizeof(report_cell), "-");
	} else {
		long t = (m->satisfaction_sum * 10 + m->satisfaction_n / 2) / m->satisfaction_n;
		snprintf(f[5].value, sizeof(report_cell), "%ld.%ld", t / 10, t % 10);
	}
	/* as the report says it: the warranties and contracts ending soon */
	snprintf(ending, sizeof ending, _("Warranties and contracts ending in %d days"), REPORT_ENDING_DAYS);
	f[6].label = ending;
	report_fmt_int(f[6].value, m->ending_soon);
	f[7].label = _("  counted from");
	snprintf(f[7].value, sizeof(report_cell), "%s", m->ending_from);
	blank(L);
	heading(L, _("7. Follow-up visits due in the month"));
	figures(L, W, f, SD_ARRAY_LEN(f));
}

static void
sec_charges(const sumpane *s, lines *L, int W)
{
	const sd_monthly *m = &s->m;
	int lw = 0, vw = 12;
	int64_t cost = 0;
	const char *names[COST_COUNT + 2];
	sline *l;

	blank(L);
	heading(L, _("8. Charges recorded in the month"));
	for (int k = 0; k < COST_COUNT; k++)
		names[k] = warranty_cost_name(k);
	names[COST_COUNT] = _("Total");
	names[COST_COUNT + 1] = _("Payments received");
	for (int k = 0; k < COST_COUNT + 2; k++)
		if (text_width(names[k]) > lw)
			lw = text_width(names[k]);
	lw = min_int(lw, W - 2 * (vw + 1));
	l = line_new(L);
	seg_add(l, UI_S_LABEL, cell(_("Charge"), lw, false));
	seg_add(l, UI_S_LABEL, xstrdup(" "));
	seg_add(l, UI_S_LABEL, cell(_("Cost"), vw, true));
	seg_add(l, UI_S_LABEL, xstrdup(" "));
	seg_add(l, UI_S_LABEL, cell(_("Billed"), vw, true));
	for (int k = 0; k <= COST_COUNT + 1; k++) {
		report_cell a, b;
		const char *ca = k < COST_COUNT ? report_fmt_money(a, m->cost_fen[k])
		                 : k == COST_COUNT ? report_fmt_money(a, cost) : "";
		const char *cb = k < COST_COUNT ? report_fmt_money(b, m->billed_fen[k])
		                 : k == COST_COUNT ? report_fmt_money(b, m->billed_total_fen)
		                 : report_fmt_money(b, m->received_fen);
		if (k < COST_COUNT)
			cost += m->cost_fen[k];
		l = line_new(L);
		seg_add(l, UI_S_NORMAL, cell(names[k], lw, false));
		seg_add(l, UI_S_NORMAL, xstrdup(" "));
		seg_add(l, UI_S_NORMAL, cell(ca, vw, true));
		seg_add(l, UI_S_NORMAL, xstrdup(" "));
		seg_add(l, UI_S_NORMAL, cell(cb, vw, true));
	}
}

/* the content for a width of W cells */
static void
build(const sumpane *s, lines *L, int W)
{
	if (!s->have) {
		char **wl;
		size_t n = ui_wrap(s->reason, W, &wl);
		for (size_t i = 0; i < n; i++)
			plain(L, wl[i]);
		ui_lines_free(wl);
		return;
	}
	sec_requests(s, L, W);
	sec_times(s, L, W);
	sec_engineers(s, L, W);
	sec_faults(s, L, W);
	sec_complaints(s, L, W);
	sec_parts(s, L, W);
	sec_visits(s, L, W);
	sec_charges(s, L, W);
}

/* ---------------------------------------------------------------- figures */

static void
forget(sumpane *s)
{
	if (s->have)
		report_monthly_free(&s->m);
	memset(&s->m, 0, sizeof s->m);
	s->have = false;
}

/* Compute the figures of s->month (who may read reports only). */
static void
compute(ui_ctx *c, sumpane *s)
{
	sd_err err;

	forget(s);
	s->stale = false;
	s->reason[0] = '\0';
	sd_err_clear(&err);
	if (staff_permit(c->st, c->user, ACT_REPORT_READ, &err) != SD_OK) {
		snprintf(s->reason, sizeof s->reason, "%s", err.msg);
		return;
	}
	sd_err_clear(&err);
	if (report_monthly(c->st, s->month, &s->m, &err) != SD_OK) {
		report_monthly_free(&s->m);
		memset(&s->m, 0, sizeof s->m);
		snprintf(s->reason, sizeof s->reason, "%s",
		         err.msg[0] ? err.msg : _("the figures could not be computed"));
		return;
	}
	s->have = true;
}

/* Show month; the scroll position stays, so that months compare section by section. */
static void
show_month(ui_ctx *c, sumpane *s, const char *month)
{
	memcpy(s->month, month, 8);
	compute(c, s);
}

/* ---------------------------------------------------------------- pane */

/*
 * The first of the candidates (single characters, UTF-8; the last one ASCII)
 * that the terminal's charset can show: any in UTF-8; elsewhere one that
 * converts to at most two bytes, so that a GB18030 terminal shows it from
 * its GBK part (four-byte sequences often lack a glyph there).
 */
static const char *
glyph(const char *const *cand, size_t n)
{
	const char *cs = nl_langinfo(CODESET);
	const char *pick = cand[n - 1];
	iconv_t cd;

	if (strcmp(cs, "UTF-8") == 0)
		return cand[0];
	if ((cd = iconv_open(cs, "UTF-8")) == (iconv_t)-1)
		return pick;
	for (size_t i = 0; i + 1 < n; i++) {
		char out[16], *in = (char *)cand[i], *o = out;
		size_t inl = strlen(cand[i]), outl = sizeof out;

		iconv(cd, NULL, NULL, NULL, NULL);
		if (iconv(cd, &in, &inl, &o, &outl) != (size_t)-1 && inl == 0
		    && sizeof out - outl <= 2) {
			pick = cand[i];
			break;
		}
	}
	iconv_close(cd);
	return pick;
}

static int
pane_init(ui_ctx *c, void *priv)
{
	sumpane *s = priv;
	char now[17];

	(void)c;
	store_now(now);
	memcpy(s->month, now, 7);
	s->month[7] = '\0';
	s->stale = true;           /* computed when first shown */
	{
		/* full block; medium or dark shade; ballot x or multiplication sign */
		static const char *const full[] = { "\u2588", "#" };
		static const char *const half[] = { "\u2592", "\u2593", "=" };
		static const char *const mark[] = { "\u2717", "\u00d7", "!" };
		s->bar_full = glyph(full, SD_ARRAY_LEN(full));
		s->bar_half = glyph(half, SD_ARRAY_LEN(half));
		s->mark = glyph(mark, SD_ARRAY_LEN(mark));
	}
	return SD_OK;
}

static void
pane_done(ui_ctx *c, void *priv)
{
	(void)c;
	forget(priv);
}

/*
 * Shown again (the tab chosen) or the terminal resized: a resize (the desk
 * asks for a full redraw first) keeps the figures; coming back to the tab
 * computes them again, since others may have changed the registers.
 */
static void
pane_reload(ui_ctx *c, void *priv)
{
	sumpane *s = priv;

	if (!c->redraw_all)
		s->stale = true;
}

static void
pane_draw(ui_ctx *c, void *priv)
{
	sumpane *s = priv;
	ui_rect r = c->area;
	lines L = { 0 };
	buf t = { 0 };
	char now[17];
	int rows, W = r.w - 2;

	if (s->stale)
		compute(c, s);
	ui_clear_rect(r, UI_S_NORMAL);
	if (r.h < 1 || W < 1)
		return;
	/* TRANSLATORS: the month, YYYY-MM. */
	buf_printf(&t, _("Monthly summary %s"), s->month);
	store_now(now);
	if (strncmp(now, s->month, 7) == 0)
		buf_printf(&t, " (%s)", _("so far"));
	if (s->have) {
		int used = ui_put_text(r.y, r.x + 1, W, UI_S_HEADER, buf_str(&t));
		int sw = text_width(s->m.site);
		if (used + 2 + sw <= W)
			ui_put_text(r.y, r.x + 1 + W - sw, sw, UI_S_NORMAL, s->m.site);
	} else {
		ui_put_text(r.y, r.x + 1, W, UI_S_HEADER, buf_str(&t));
	}
	buf_free(&t);
	rows = r.h - 2;
	if (rows < 1)
		return;
	build(s, &L, W);
	if (s->top > (int)L.n - rows)
		s->top = (int)L.n - rows;
	if (s->top < 0)
		s->top = 0;
	s->rows = rows;
	for (int i = 0; i < rows && s->top + i < (int)L.n; i++) {
		const sline *l = &L.v[s->top + i];
		int x = 0;
		for (size_t j = 0; j < l->n && x < W; j++)
			x += ui_put_text(r.y + 1 + i, r.x + 1 + x, W - x, l->seg[j].style, l->seg[j].s);
	}
	buf_printf(&t, _("lines %d-%d of %zu; Left/Right: month; Up/Down/PgUp/PgDn scroll"),
	           L.n ? s->top + 1 : 0, s->top + rows < (int)L.n ? s->top + rows : (int)L.n, L.n);
	ui_put(r.y + r.h - 1, r.x, r.w, UI_S_STATUS, buf_str(&t));
	buf_free(&t);
	lines_free(&L);
}

/* Send the month's text report to the print command; the result to the status line. */
static void
do_print(ui_ctx *c, sumpane *s)
{
	report_opts o = { REPORT_TEXT, 80, REPORT_PAGE_LINES };
	buf b = { 0 };
	sd_err err;
	long pages = 1;
	int rc, devnull, out = -1, errfd = -1;

	if (!ui_permitted(c, ACT_REPORT_READ))
		return;
	compute(c, s);     /* what is printed is what the screen then shows */
	if (!s->have) {
		ui_message(c, true, "%s", s->reason);
		return;
	}
	o.page_lines = (int)store_setting_int(c->st, "report_page_lines", REPORT_PAGE_LINES);
	if (o.page_lines < 20)
		o.page_lines = 20;
	if (o.page_lines > 1000)
		o.page_lines = 1000;
	report_monthly_write(&s->m, &o, &b);
	for (size_t i = 0; i < b.len; i++)
		pages += b.data[i] == '\f';
	/* what the command says must not land on the desk's screen */
	fflush(NULL);
	if ((devnull = open("/dev/null", O_WRONLY)) >= 0) {
		out = dup(STDOUT_FILENO);
		errfd = dup(STDERR_FILENO);
		dup2(devnull, STDOUT_FILENO);
		dup2(devnull, STDERR_FILENO);
		close(devnull);
	}
	sd_err_clear(&err);
	rc = report_print(c->st, b.data ? b.data : "", b.len, &err);
	if (out >= 0) {
		dup2(out, STDOUT_FILENO);
		close(out);
	}
	if (errfd >= 0) {
		dup2(errfd, STDERR_FILENO);
		close(errfd);
	}
	if (rc != SD_OK)
		ui_message(c, true, "%s", err.msg);
	else
		ui_message(c, false, ngettext("Printed the summary of %s (%ld page).",
		                              "Printed the summary of %s (%ld pages).", pages),
		           s->month, pages);
	buf_free(&b);
	c->redraw_all = true;
}

static void
do_goto(ui_ctx *c, sumpane *s)
{
	char *text = NULL, month[8];

	if (!ui_prompt(c, _("Month (YYYY-MM): "), s->month, NULL, NULL, &text)) {
		ui_message(c, false, "%s", _("Cancelled."));
		return;
	}
	if (!report_parse_month(text, month))
		ui_message(c, true, _("invalid month '%s' (expected YYYY-MM)"), text);
	else
		show_month(c, s, month);
	free(text);
}

static bool
pane_key(ui_ctx *c, void *priv, int key)
{
	sumpane *s = priv;
	int act = ui_key_action(summary_keys, SD_ARRAY_LEN(summary_keys), key);
	int page = s->rows > 1 ? s->rows - 1 : 1;
	char month[8], step[8];

	switch (act) {
	case ACT_PREV:
	case ACT_NEXT:
		report_month_step(s->month, act == ACT_PREV ? -1 : 1, step);
		if (!report_parse_month(step, month)) {
			ui_message(c, true, _("invalid month '%s' (expected YYYY-MM)"), step);
			break;
		}
		show_month(c, s, month);
		break;
	case ACT_THIS: {
		char now[17];
		store_now(now);
		memcpy(month, now, 7);
		month[7] = '\0';
		show_month(c, s, month);
		break;
	}
	case ACT_GOTO:
		do_goto(c, s);
		break;
	case ACT_PRINT:
		do_print(c, s);
		break;
	case ACT_RELOAD:
		compute(c, s);
		break;
	case ACT_UP:
		s->top--;
		break;
	case ACT_DOWN:
		s->top++;
		break;
	case ACT_PGUP:
		s->top -= page;
		break;
	case ACT_PGDN:
		s->top += page;
		break;
	case ACT_HOME:
		s->top = 0;
		break;
	case ACT_END:
		s->top = 1 << 28;
		break;
	default:
		return false;
	}
	if (s->top < 0)
		s->top = 0;
	return true;
}

static void
pane_describe(ui_ctx *c, void *priv, buf *b)
{
	sumpane *s = priv;

	(void)c;
	buf_printf(b, _("month %s"), s->month);
}

const ui_pane_ops ui_summary_pane = {
	.name = N_("Summary"),
	.priv_size = sizeof(sumpane),
	.init = pane_init,
	.done = pane_done,
	.reload = pane_reload,
	.draw = pane_draw,
	.key = pane_key,
	.click = NULL,
	.describe = pane_describe,
	.idle = NULL,
	.keys = summary_keys,
	.nkeys = SD_ARRAY_LEN(summary_keys),
	.record = NULL,
};
