/*
 * warranty.c — warranty end, downtime extension and charging tiers of a
 * piece of equipment (see warranty.h).
 */
#include "config.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "common.h"
#include "datetime.h"
#include "warranty.h"

static const char *const cost_codes[COST_COUNT] = {"labour", "travel", "lodging", "parts"};
static const char *const cost_names[COST_COUNT] = {
	N_("labour"), N_("travel"), N_("lodging"), N_("parts"),
};
static const char *const tier_codes[TIER_COUNT] = {"unknown", "warranty", "tier1", "tier2", "tier3"};
static const char *const tier_names[TIER_COUNT] = {
	N_("warranty unknown"), N_("in warranty"), N_("tier 1"), N_("tier 2"), N_("tier 3"),
};

const char *
warranty_cost_code(int cost)
{
	return cost >= 0 && cost < COST_COUNT ? cost_codes[cost] : "?";
}

const char *
warranty_cost_name(int cost)
{
	return cost >= 0 && cost < COST_COUNT ? _(cost_names[cost]) : "?";
}

int
warranty_cost_parse(const char *s)
{
	static const struct {
		const char *word;
		int cost;
	} words[] = {
		{"人工费", COST_LABOUR}, {"工时费", COST_LABOUR}, {"人工", COST_LABOUR},
		{"差旅费", COST_TRAVEL}, {"交通费", COST_TRAVEL}, {"差旅", COST_TRAVEL},
		{"住宿费", COST_LODGING}, {"住宿", COST_LODGING},
		{"配件费", COST_PARTS}, {"备件费", COST_PARTS}, {"配件", COST_PARTS}, {"备件", COST_PARTS},
		{"labor", COST_LABOUR},
	};
	char w[64];
	size_t n;

	if (s == NULL)
		return -1;
	while (*s == ' ' || *s == '\t')
		s++;
	n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
		n--;
	if (n == 0 || n >= sizeof w)
		return -1;
	memcpy(w, s, n);
	w[n] = '\0';
	for (int i = 0; i < COST_COUNT; i++)
		if (strcasecmp(w, cost_codes[i]) == 0 || strcmp(w, _(cost_names[i])) == 0)
			return i;
	for (size_t i = 0; i < SD_ARRAY_LEN(words); i++)
		if (strcasecmp(w, words[i].word) == 0)
			return words[i].cost;
	return -1;
}

const char *
warranty_tier_code(int tier)
{
	return tier >= 0 && tier < TIER_COUNT ? tier_codes[tier] : "?";
}

const char *
warranty_tier_name(int tier)
{
	return tier >= 0 && tier < TIER_COUNT ? _(tier_names[tier]) : "?";
}

const char *
warranty_from_code(int from)
{
	return from == WARRANTY_FROM_COMMISSIONED ? "commissioned"
	     : from == WARRANTY_FROM_ACCEPTED ? "accepted" : "";
}

int
warranty_from_parse(const char *s)
{
	if (s == NULL || !*s || strcasecmp(s, "either") == 0 || strcasecmp(s, "default") == 0)
		return WARRANTY_FROM_EITHER;
	if (strcasecmp(s, "commissioned") == 0 || strcmp(s, "调试") == 0 || strcmp(s, "投运") == 0)
		return WARRANTY_FROM_COMMISSIONED;
	if (strcasecmp(s, "accepted") == 0 || strcmp(s, "验收") == 0)
		return WARRANTY_FROM_ACCEPTED;
	return -1;
}

void
warranty_terms_text(buf *b, int months, int from)
{
	if (months > 0) {
		if (from == WARRANTY_FROM_COMMISSIONED)
			buf_printf(b, ngettext("%d month from commissioning", "%d months from commissioning",
			                       (unsigned long)months), months);
		else if (from == WARRANTY_FROM_ACCEPTED)
			buf_printf(b, ngettext("%d month from arrival acceptance",
			                       "%d months from arrival acceptance", (unsigned long)months),
			           months);
		else
			buf_printf(b, ngettext("%d month from commissioning or arrival acceptance (the earlier end)",
			                       "%d months from commissioning or arrival acceptance (the earlier end)",
			                       (unsigned long)months), months);
	} else if (from == WARRANTY_FROM_COMMISSIONED) {
		buf_puts(b, _("from commissioning only (months as set for the site)"));
	} else if (from == WARRANTY_FROM_ACCEPTED) {
		buf_puts(b, _("from arrival acceptance only (months as set for the site)"));
	} else {
		buf_puts(b, _("as set for the site"));
	}
}

void
warranty_default_terms(warranty_terms *t)
{
	memset(t, 0, sizeof *t);
	t->commission_months = 12;
	t->acceptance_months = 18;
	t->tier_years[TIER_1] = 2;
	t->tier_years[TIER_2] = 1;
	/* TIER_WARRANTY: nothing charged. */
	t->charged[TIER_1][COST_PARTS] = true;
	t->charged[TIER_2][COST_TRAVEL] = true;
	t->charged[TIER_2][COST_LODGING] = true;
	t->charged[TIER_2][COST_PARTS] = true;
	for (int c = 0; c < COST_COUNT; c++) {
		t->charged[TIER_3][c] = true;
		t->charged[TIER_UNKNOWN][c] = true;
	}
}

static int
cmp_downtime(const void *a, const void *b)
{
	const warranty_downtime *x = a, *y = b;

	if (x->from != y->from)
		return (x->from > y->from) - (x->from < y->from);
	return (x->to > y->to) - (x->to < y->to);
}

/* Extend end by the downtime spans (see warranty.h); appends the reasoning. */
static sd_date
extend_by_downtime(const warranty_equipment *e, sd_date start, sd_date end, int *added, buf *ex)
{
	warranty_downtime *dt;
	sd_date counted_to = SD_DATE_NONE;   /* last day already counted */
	size_t n = e->ndowntime;

	*added = 0;
	if (n == 0 || e->downtime == NULL)
		return end;
	dt = xmalloc(n * sizeof *dt);
	memcpy(dt, e->downtime, n * sizeof *dt);
	qsort(dt, n, sizeof *dt, cmp_downtime);
	for (size_t i = 0; i < n; i++) {
		char a[11], b[11], c[11];
		sd_date from = dt[i].from;
		int days;

		if (dt[i].from == SD_DATE_NONE || dt[i].to == SD_DATE_NONE || dt[i].to < dt[i].from)
			continue;
		date_format(dt[i].from, a);
		date_format(dt[i].to, b);
		if (dt[i].from > end) {
			if (ex) {
				date_format(end, c);
				/* TRANSLATORS: first day, last day, warranty end. */
				buf_printf(ex, _("downtime %s..%s starts after the warranty end %s: not added\n"), a, b, c);
			}
			continue;
		}
		/* Only downtime during the warranty counts: none of the days before it began. */
		if (dt[i].to < start) {
			if (ex) {
				date_format(start, c);
				/* TRANSLATORS: first day, last day, the warranty's first day. */
				buf_printf(ex, _("downtime %s..%s ends before the warranty began %s: not added\n"), a, b, c);
			}
			continue;
		}
		if (from < start)
			from = start;
		/* Days shared with a span already counted are counted once. */
		if (counted_to != SD_DATE_NONE && from <= counted_to)
			from = counted_to + 1;
		if (from > dt[i].to)
			continue;
		days = dt[i].to - from + 1;
		counted_to = dt[i].to;
		date_format(from, a);
		end += days;
		*added += days;
		if (ex) {
			date_format(end, c);
			/* TRANSLATORS: number of days, first day, last day, the new end. */
			buf_printf(ex, _("+ %d days of downtime (%s..%s) = %s\n"), days, a, b, c);
		}
	}
	free(dt);
	return end;
}

void
warranty_status_on(const warranty_terms *t, const warranty_equipment *e, sd_date on,
                   warranty_status *out, buf *ex)
{
	sd_date end_c = SD_DATE_NONE, end_a = SD_DATE_NONE, end;
	sd_date tier_from = SD_DATE_NONE;
	char a[11], b[11], ds[11];
	int y1, y2;
	int cm = e->months > 0 ? e->months : t->commission_months;
	int am = e->months > 0 ? e->months : t->acceptance_months;
	bool use_c = e->from != WARRANTY_FROM_ACCEPTED;
	bool use_a = e->from != WARRANTY_FROM_COMMISSIONED;

	memset(out, 0, sizeof *out);
	out->start = SD_DATE_NONE;
	out->end = SD_DATE_NONE;
	out->tier_end = SD_DATE_NONE;
	if (ex && e->months > 0)
		/* TRANSLATORS: months of warranty set on the equipment itself. */
		buf_printf(ex, _("this equipment's warranty: %d months\n"), e->months);
	if (ex && !use_a)
		buf_puts(ex, _("this equipment's warranty is counted from commissioning only\n"));
	if (ex && !use_c)
		buf_puts(ex, _("this equipment's warranty is counted from arrival acceptance only\n"));
	if (use_c && e->commissioned != SD_DATE_NONE) {
		end_c = date_add_months(e->commissioned, cm);
		if (ex) {
			date_format(e->commissioned, a);
			date_format(end_c, b);
			/* TRANSLATORS: commissioning date, months, warranty end. */
			buf_printf(ex, _("commissioning %s + %d months = %s\n"), a, cm, b);
		}
	}
	if (use_a && e->accepted != SD_DATE_NONE) {
		end_a = date_add_months(e->accepted, am);
		if (ex) {
			date_format(e->accepted, a);
			date_format(end_a, b);
			/* TRANSLATORS: arrival acceptance date, months, warranty end. */
			buf_printf(ex, _("arrival acceptance %s + %d months = %s\n"), a, am, b);
		}
	}
	date_format(on, ds);
	if (end_c == SD_DATE_NONE && end_a == SD_DATE_NONE) {
		out->tier = TIER_UNKNOWN;
		if (ex) {
			if (!use_c)
				buf_puts(ex, _("arrival acceptance is not known: warranty unknown\n"));
			else if (!use_a)
				buf_puts(ex, _("commissioning is not known: warranty unknown\n"));
			else
				buf_puts(ex, _("neither commissioning nor arrival acceptance is known: warranty unknown\n"));
			/* TRANSLATORS: date, tier name. */
			buf_printf(ex, _("on %s: %s\n"), ds, warranty_tier_name(TIER_UNKNOWN));
		}
		goto costs;
	}
	if (end_c != SD_DATE_NONE && end_a != SD_DATE_NONE) {
		end = end_c < end_a ? end_c : end_a;
		if (ex) {
			date_format(end, b);
			/* TRANSLATORS: the earlier of the two ends. */
			buf_printf(ex, _("the earlier: %s\n"), b);
		}
	} else if (end_c != SD_DATE_NONE) {
		end = end_c;
		if (ex && use_a)
			buf_puts(ex, _("arrival acceptance not known: commissioning decides\n"));
	} else {
		end = end_a;
		if (ex && use_c)
			buf_puts(ex, _("commissioning not known: arrival acceptance decides\n"));
	}
	out->start = end_c == SD_DATE_NONE ? e->accepted : end_a == SD_DATE_NONE ? e->commissioned
	           : e->accepted < e->commissioned ? e->accepted : e->commissioned;
	end = extend_by_downtime(e, out->start, end, &out->downtime_days, ex);
	out->end = end;
	if (ex) {
		date_format(end, b);
		/* TRANSLATORS: the warranty's last day. */
		buf_printf(ex, _("warranty ends: %s\n"), b);
	}

	y1 = t->tier_years[TIER_1] > 0 ? t->tier_years[TIER_1] : 0;
	y2 = t->tier_years[TIER_2] > 0 ? t->tier_years[TIER_2] : 0;
	if (on <= end) {
		out->tier = TIER_WARRANTY;
		out->tier_end = end;
	} else {
		sd_date t1_end = date_add_months(end, 12 * y1);
		sd_date t2_end = date_add_months(end, 12 * (y1 + y2));
		if (on <= t1_end) {
			out->tier = TIER_1;
			tier_from = end + 1;
			out->tier_end = t1_end;
		} else if (on <= t2_end) {
			out->tier = TIER_2;
			tier_from = t1_end + 1;
			out->tier_end = t2_end;
		} else {
			out->tier = TIER_3;
			tier_from = t2_end + 1;
			out->tier_end = SD_DATE_NONE;
		}
	}
	if (ex) {
		const char *tn = warranty_tier_name(out->tier);
		switch (out->tier) {
		case TIER_WARRANTY:
			date_format(end, b);
			/* TRANSLATORS: date, tier name, warranty end. */
			buf_printf(ex, _("on %s: %s (until %s)\n"), ds, tn, b);
			break;
		case TIER_1:
		case TIER_2: {
			date_format(tier_from, a);
			date_format(out->tier_end, b);
			int years = out->tier == TIER_1 ? y1 : y2;
			/* TRANSLATORS: date, tier name, first day, last day, years, counted from what. */
			buf_printf(ex, ngettext("on %s: %s (%s..%s, %d year after %s)\n",
			                        "on %s: %s (%s..%s, %d years after %s)\n", (unsigned long)years),
			           ds, tn, a, b, years,
			           out->tier == TIER_1 ? _("the warranty end") : _("the end of tier 1"));
			break;
		}
		default:
			date_format(tier_from, a);
			/* TRANSLATORS: date, tier name, first day. */
			buf_printf(ex, _("on %s: %s (from %s on)\n"), ds, tn, a);
			break;
		}
	}
costs:
	for (int c = 0; c < COST_COUNT; c++) {
		out->charged[c] = t->charged[out->tier][c];
		if (ex)
			/* TRANSLATORS: cost type, "charged" or "free". */
			buf_printf(ex, _("%s: %s\n"), warranty_cost_name(c),
			           out->charged[c] ? _("charged") : _("free"));
	}
}

bool
warranty_charged_for_cause(const warranty_status *ws, int cost, bool maker, bool *by_cause)
{
	bool tier_charges = !ws || cost < 0 || cost >= COST_COUNT || ws->charged[cost];

	if (by_cause)
		*by_cause = !maker && !tier_charges;
	return tier_charges || !maker;
}
