/*
 * sla.c — service-level clocks (see sla.h).
 *
 * sla_due() walks from the start in steps: a paused span is one step (it is
 * jumped over whole), a run of days that do not count (a weekend, one
 * holiday) is one step, and each counted stretch of a day up to the next
 * pause or midnight is one step. A budget of ten working days over a holiday
 * season therefore takes a few dozen steps, never minute by minute.
 */
#include "config.h"

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "common.h"
#include "datetime.h"
#include "sla.h"
#include "workcal.h"

/* Far enough that no clock runs that long: 400 years of minutes. */
#define SLA_HORIZON ((sd_time)400 * 366 * 1440)

const char *
sla_clock_name(int clock)
{
	static const char *const names[CLOCK_COUNT] = {
		N_("respond"), N_("on site"), N_("cleared"),
	};

	if (clock < 0 || clock >= CLOCK_COUNT)
		return "?";
	return _(names[clock]);
}

long
sla_budget(const sla_policy *p, int clock)
{
	if (p == NULL)
		return 0;
	switch (clock) {
	case CLOCK_RESPOND:
		return p->respond_hours > 0 ? (long)p->respond_hours * 60 : 0;
	case CLOCK_ONSITE:
		return p->onsite_hours > 0 ? (long)p->onsite_hours * 60 : 0;
	case CLOCK_CLEAR:
		return p->clear_days > 0 ? (long)p->clear_days * 1440 : 0;
	default:
		return 0;
	}
}

/* ---------------------------------------------------------------- pauses */

/* A merged paused span; to is SLA_OPEN while open. */
#define SLA_OPEN INT64_MAX

struct span {
	sd_time from, to;     /* from clipped to the start; to exclusive */
	sd_time shown_from;   /* the earliest recorded start, for the explanation */
	buf reasons;          /* distinct reasons joined by "; " */
};

static int
cmp_pause(const void *a, const void *b)
{
	const struct span *x = a, *y = b;

	if (x->from != y->from)
		return (x->from > y->from) - (x->from < y->from);
	return (x->to > y->to) - (x->to < y->to);
}

static void
add_reason(buf *b, const char *reason)
{
	if (reason == NULL || *reason == '\0')
		return;
	/* Skip a reason already listed. */
	const char *s = buf_str(b);
	size_t n = strlen(reason);
	for (const char *p = s; (p = strstr(p, reason)) != NULL; p++)
		if ((p == s || (p >= s + 2 && p[-2] == ';' && p[-1] == ' ')) &&
		    (p[n] == '\0' || p[n] == ';'))
			return;
	if (b->len > 0)
		buf_puts(b, "; ");
	buf_puts(b, reason);
}

/*
 * Normalise pauses: drop those ending at or before start or empty, clip to
 * start, sort, merge overlapping or touching spans. Returns the count.
 */
static size_t
merge_pauses(const sla_pause *pauses, size_t n, sd_time start, struct span **out)
{
	struct span *sp = xcalloc(n ? n : 1, sizeof *sp);
	size_t k = 0, m = 0;

	for (size_t i = 0; i < n; i++) {
		sd_time from = pauses[i].from, to = pauses[i].to;
		if (from == SD_NO_TIME)
			continue;
		if (to == SD_NO_TIME)
			to = SLA_OPEN;
		if (to <= from || to <= start)
			continue;
		sp[k].shown_from = from;
		sp[k].from = from < start ? start : from;
		sp[k].to = to;
		buf_init(&sp[k].reasons);
		add_reason(&sp[k].reasons, pauses[i].reason);
		k++;
	}
	qsort(sp, k, sizeof *sp, cmp_pause);
	for (size_t i = 0; i < k; i++) {
		if (m > 0 && sp[i].from <= sp[m - 1].to) {
			struct span *last = &sp[m - 1];
			if (sp[i].to > last->to)
				last->to = sp[i].to;
			if (sp[i].shown_from < last->shown_from)
				last->shown_from = sp[i].shown_from;
			add_reason(&last->reasons, buf_str(&sp[i].reasons));
			buf_free(&sp[i].reasons);
		} else {
			if (m != i)
				sp[m] = sp[i];
			m++;
		}
	}
	*out = sp;
	return m;
}

/* ---------------------------------------------------------------- explaining */

static const char *
weekday_name(sd_date d)
{
	static const char *const names[7] = {
		N_("Sun"), N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"),
	};

	return _(names[date_weekday(d)]);
}

/* Hours and minutes, never days ("14 h 30 min", "24 h", "45 min"). */
static void
fmt_hm(int64_t minutes, char *out, size_t size)
{
	long long h = (long long)(minutes / 60), m = (long long)(minutes % 60);

	if (h > 0 && m > 0)
		snprintf(out, size, _("%s%lld h %02lld min"), "", h, m);
	else if (h > 0)
		snprintf(out, size, _("%s%lld h"), "", h);
	else
		snprintf(out, size, _("%s%lld min"), "", m);
}

/* "HH:MM" of t within day d, 24:00 for the midnight that ends it. */
static void
fmt_clock(sd_time t, sd_date d, char out[8])
{
	int64_t m = t - date_time(d);

	snprintf(out, 8, "%02u:%02u", (unsigned)(m / 60) % 100u, (unsigned)(m % 60));
}

/* What kind of day d is, for a person: "working day", "holiday 春节"... */
static void
day_label(const workcal *cal, sd_date d, buf *out)
{
	const char *name = NULL;

	switch (workcal_day(cal, d, &name)) {
	case DAY_WORK:
		buf_puts(out, _("working day"));
		break;
	case DAY_WEEKEND:
		buf_puts(out, _("weekend"));
		break;
	case DAY_HOLIDAY:
		/* TRANSLATORS: %s is the holiday's name, e.g. 国庆节. */
		buf_printf(out, _("holiday %s"), name ? name : "");
		break;
	case DAY_ADJUSTED_WORK:
		/* TRANSLATORS: %s is the adjustment's name, e.g. 国庆节调休. */
		buf_printf(out, _("adjusted working day %s"), name ? name : "");
		break;
	}
}

/* One counted stretch of day d: "2026-09-30 Wed working day: 09:30–24:00 counted (14 h 30 min)". */
static void
explain_counted(buf *ex, const workcal *cal, sd_date d, sd_time from, sd_time to)
{
	char ds[11], a[8], b[8], dur[48];
	buf label = {0};

	if (ex == NULL)
		return;
	date_format(d, ds);
	fmt_clock(from, d, a);
	fmt_clock(to, d, b);
	fmt_hm(to - from, dur, sizeof dur);
	day_label(cal, d, &label);
	/* TRANSLATORS: date, weekday, kind of day, from, to, duration. */
	buf_printf(ex, _("%s %s %s: %s–%s counted (%s)\n"), ds, weekday_name(d), buf_str(&label),
	           a, b, dur);
	buf_free(&label);
}

/* Days from..to that do not count: "2026-10-01..2026-10-07 holiday 国庆节: not counted". */
static void
explain_skipped(buf *ex, const workcal *cal, sd_date from, sd_date to)
{
	char a[11], b[11];
	buf label = {0};

	if (ex == NULL)
		return;
	date_format(from, a);
	date_format(to, b);
	day_label(cal, from, &label);
	if (from == to)
		/* TRANSLATORS: date, weekday, kind of day. */
		buf_printf(ex, _("%s %s %s: not counted\n"), a, weekday_name(from), buf_str(&label));
	else
		/* TRANSLATORS: first date, last date, kind of day. */
		buf_printf(ex, _("%s..%s %s: not counted\n"), a, b, buf_str(&label));
	buf_free(&label);
}

static void
explain_pause(buf *ex, const struct span *p)
{
	char a[17], b[17], dur[48];
	const char *why;

	if (ex == NULL)
		return;
	why = p->reasons.len > 0 ? buf_str(&p->reasons) : _("no reason given");
	time_format(p->shown_from, a);
	if (p->to == SLA_OPEN) {
		/* TRANSLATORS: since when, the reason. */
		buf_printf(ex, _("paused since %s (%s), still open: the clock stands still\n"), a, why);
		return;
	}
	time_format(p->to, b);
	duration_format(p->to - p->from, dur, (int)sizeof dur);
	/* TRANSLATORS: from, to, the reason, the duration not counted. */
	buf_printf(ex, _("paused %s – %s (%s): %s not counted\n"), a, b, why, dur);
}

/* ---------------------------------------------------------------- due */

/* Does day d count? */
static bool
day_counts(const workcal *cal, sd_date d, bool calendar_time)
{
	return calendar_time || workcal_is_workday(cal, d);
}

void
sla_due(const workcal *cal, sd_time start, long budget, bool calendar_time,
        const sla_pause *pauses, size_t npauses, sd_time *due, buf *explain)
{
	struct span *sp = NULL;
	size_t nsp = merge_pauses(pauses, npauses, start, &sp);
	size_t pi = 0;
	sd_time t = start;
	int64_t remaining = budget > 0 ? budget : 0;
	int noted_year = INT_MIN;      /* last year checked for the calendar note */
	char ts[17], bud[48];

	*due = SD_NO_TIME;
	if (explain) {
		time_format(start, ts);
		fmt_hm(remaining, bud, sizeof bud);
		if (calendar_time)
			/* TRANSLATORS: start time, budget. */
			buf_printf(explain, _("start: %s; budget %s, calendar time: every minute counts\n"), ts, bud);
		else if (remaining > 0 && remaining % 1440 == 0)
			/* TRANSLATORS: start time, number of working days, the budget in hours. */
			buf_printf(explain, ngettext("start: %s; budget %ld working day (%s)\n",
			                             "start: %s; budget %ld working days (%s)\n",
			                             (unsigned long)(remaining / 1440)),
			           ts, (long)(remaining / 1440), bud);
		else
			/* TRANSLATORS: start time, budget. */
			buf_printf(explain, _("start: %s; budget %s of working days\n"), ts, bud);
	}
	for (;;) {
		sd_date d;
		sd_time day_end, seg_end;
		int y;

		if (t - start > SLA_HORIZON) {
			*due = SD_NO_TIME;
			break;
		}
		while (pi < nsp && sp[pi].to <= t)
			pi++;
		if (remaining == 0) {
			*due = t;
			break;
		}
		if (pi < nsp && sp[pi].from <= t) {
			/* Inside a paused span: jump over it whole. */
			explain_pause(explain, &sp[pi]);
			if (sp[pi].to == SLA_OPEN) {
				*due = SD_NO_TIME;
				break;
			}
			t = sp[pi].to;
			pi++;
			continue;
		}
		d = time_date(t);
		day_end = date_time(d + 1);
		date_to_ymd(d, &y, NULL, NULL);
		if (!calendar_time && y != noted_year) {
			noted_year = y;
			if (explain && !workcal_covers(cal, y))
				/* TRANSLATORS: %d is a year. */
				buf_printf(explain, _("%d: not in the calendar; Monday to Friday assumed\n"), y);
		}
		if (!day_counts(cal, d, calendar_time)) {
			/* A run of days of one kind and name that do not count. */
			const char *name = NULL, *name2;
			enum sd_daykind kind = workcal_day(cal, d, &name);
			sd_date e = d;
			for (;;) {
				int y2;
				date_to_ymd(e + 1, &y2, NULL, NULL);
				if (y2 != y || day_counts(cal, e + 1, calendar_time) ||
				    workcal_day(cal, e + 1, &name2) != kind ||
				    (name != name2 && (name == NULL || name2 == NULL || strcmp(name, name2) != 0)))
					break;
				e++;
			}
			explain_skipped(explain, cal, d, e);
			t = date_time(e + 1);
			continue;
		}
		seg_end = day_end;
		if (pi < nsp && sp[pi].from < seg_end)
			seg_end = sp[pi].from;
		if (remaining <= seg_end - t) {
			*due = t + remaining;
			explain_counted(explain, cal, d, t, *due);
			remaining = 0;
			break;
		}
		remaining -= seg_end - t;
		explain_counted(explain, cal, d, t, seg_end);
		t = seg_end;
	}
	if (explain) {
		if (*due == SD_NO_TIME) {
			buf_puts(explain, _("due: none while the clock is paused\n"));
		} else {
			time_format(*due, ts);
			/* TRANSLATORS: the due time. */
			buf_printf(explain, _("due: %s\n"), ts);
		}
	}
	for (size_t i = 0; i < nsp; i++)
		buf_free(&sp[i].reasons);
	free(sp);
}

/* ---------------------------------------------------------------- state */

enum sla_state
sla_state(sd_time due, sd_time done, sd_time now, long warn_minutes)
{
	if (done != SD_NO_TIME) {
		if (due == SD_NO_TIME || done <= due)
			return SLA_MET;
		return SLA_MISSED;
	}
	if (due == SD_NO_TIME)
		return SLA_PAUSED;
	if (now > due)
		return SLA_OVERDUE;
	if (due - now <= warn_minutes)
		return SLA_NEAR;
	return SLA_RUNNING;
}

const char *
sla_state_name(int state)
{
	static const char *const names[] = {
		[SLA_NONE] = N_("none"),
		[SLA_RUNNING] = N_("running"),
		[SLA_NEAR] = N_("due soon"),
		[SLA_OVERDUE] = N_("overdue"),
		[SLA_PAUSED] = N_("paused"),
		[SLA_MET] = N_("met"),
		[SLA_MISSED] = N_("missed"),
	};

	if (state < 0 || (size_t)state >= SD_ARRAY_LEN(names))
		return "?";
	return _(names[state]);
}

const char *
sla_state_mark(int state)
{
	static const char *const marks[] = {
		[SLA_NONE] = "",
		[SLA_RUNNING] = "",
		[SLA_NEAR] = "!",
		[SLA_OVERDUE] = "!!",
		[SLA_PAUSED] = "||",
		[SLA_MET] = "ok",
		[SLA_MISSED] = "x",
	};

	if (state < 0 || (size_t)state >= SD_ARRAY_LEN(marks))
		return "";
	return marks[state];
}
