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
#include "text.h"
#include "workcal.h"

/* Far enough that no clock runs that long: 400 years of minutes. */
#define SLA_HORIZON ((sd_time)400 * 366 * 1440)

const char *
sla_clock_name(int clock)
{
	static const char *const names[CLOCK_COUNT] = {
		N_("reply"), N_("respond"), N_("diagnose"), NC_("clock", "on site"), N_("cleared"), N_("escalate"),
	};

	if (clock < 0 || clock >= CLOCK_COUNT)
		return "?";
	return text_gettext_ctx(names[clock]);
}

const char *
sla_clock_code(int clock)
{
	static const char *const codes[CLOCK_COUNT] = {
		"reply", "respond", "diagnose", "onsite", "clear", "escalate",
	};

	if (clock < 0 || clock >= CLOCK_COUNT)
		return "";
	return codes[clock];
}

long
sla_budget(const sla_policy *p, int clock)
{
	if (p == NULL || clock < 0 || clock >= CLOCK_COUNT || p->d[clock].count == SLA_OFF)
		return 0;
	return p->d[clock].amount > 0 ? p->d[clock].amount : 0;
}

/* ---------------------------------------------------------------- durations */

bool
sla_dur_parse(const char *s, sla_dur *out)
{
	long v = 0;
	int digits = 0;
	const char *p;
	size_t n;

	if (s == NULL)
		return false;
	while (*s == ' ' || *s == '\t')
		s++;
	n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if ((n == 3 && strncmp(s, "off", 3) == 0) || (n == 1 && s[0] == '0')) {
		*out = (sla_dur){ SLA_OFF, 0 };
		return true;
	}
	for (p = s; p < s + n && *p >= '0' && *p <= '9'; p++) {
		if (++digits > 7)
			return false;
		v = v * 10 + (*p - '0');
	}
	if (digits == 0 || v <= 0)
		return false;
	size_t un = n - (size_t)(p - s);
	sla_dur d;
	if (un == 1 && *p == 'm')
		d = (sla_dur){ SLA_ELAPSED, v };
	else if (un == 1 && *p == 'h')
		d = (sla_dur){ SLA_ELAPSED, v * 60 };
	else if (un == 2 && strncmp(p, "wm", 2) == 0)
		d = (sla_dur){ SLA_WORKHOURS, v };
	else if (un == 2 && strncmp(p, "wh", 2) == 0)
		d = (sla_dur){ SLA_WORKHOURS, v * 60 };
	else if (un == 2 && strncmp(p, "wd", 2) == 0)
		d = (sla_dur){ SLA_WORKDAYS, v };
	else
		return false;
	if (d.amount > (d.count == SLA_WORKDAYS ? SLA_MAX_DAYS : SLA_MAX_MINUTES))
		return false;
	*out = d;
	return true;
}

void
sla_dur_format(sla_dur d, char *out, size_t size)
{
	switch (d.amount > 0 ? d.count : SLA_OFF) {
	case SLA_ELAPSED:
		if (d.amount % 60 == 0)
			snprintf(out, size, "%ldh", d.amount / 60);
		else
			snprintf(out, size, "%ldm", d.amount);
		break;
	case SLA_WORKHOURS:
		if (d.amount % 60 == 0)
			snprintf(out, size, "%ldwh", d.amount / 60);
		else
			snprintf(out, size, "%ldwm", d.amount);
		break;
	case SLA_WORKDAYS:
		snprintf(out, size, "%ldwd", d.amount);
		break;
	default:
		snprintf(out, size, "off");
		break;
	}
}

/* Hours and minutes, never days ("14 h 30 min", "24 h", "45 min"). */
static void fmt_hm(int64_t minutes, char *out, size_t size);

void
sla_dur_describe(sla_dur d, char *out, size_t size)
{
	char hm[48];

	switch (d.amount > 0 ? d.count : SLA_OFF) {
	case SLA_ELAPSED:
		fmt_hm(d.amount, hm, sizeof hm);
		/* TRANSLATORS: a duration such as "1 h 30 min". */
		snprintf(out, size, _("%s, round the clock"), hm);
		break;
	case SLA_WORKHOURS:
		fmt_hm(d.amount, hm, sizeof hm);
		/* TRANSLATORS: a duration such as "8 h". */
		snprintf(out, size, _("%s of working time"), hm);
		break;
	case SLA_WORKDAYS:
		snprintf(out, size, ngettext("%ld working day", "%ld working days", (unsigned long)d.amount),
		         d.amount);
		break;
	default:
		snprintf(out, size, "%s", _("no commitment"));
		break;
	}
}

/* Two digits, a colon, two digits: minutes after midnight, or -1. */
static int
parse_hhmm(const char *s, size_t n)
{
	if (n != 5 || s[2] != ':')
		return -1;
	for (int i = 0; i < 5; i++)
		if (i != 2 && (s[i] < '0' || s[i] > '9'))
			return -1;
	int h = (s[0] - '0') * 10 + (s[1] - '0'), m = (s[3] - '0') * 10 + (s[4] - '0');
	if (m > 59 || h > 24 || (h == 24 && m != 0))
		return -1;
	return h * 60 + m;
}

bool
sla_hours_parse(const char *s, sla_hours *out)
{
	const char *dash;
	int a, b;

	if (s == NULL || (dash = strchr(s, '-')) == NULL)
		return false;
	a = parse_hhmm(s, (size_t)(dash - s));
	b = parse_hhmm(dash + 1, strlen(dash + 1));
	if (a < 0 || b < 0 || a >= b)
		return false;
	out->open = a;
	out->close = b;
	return true;
}

void
sla_hours_format(sla_hours h, char out[16])
{
	if (h.open <= 0 && h.close >= 1440)
		out[0] = '\0';
	else
		snprintf(out, 16, "%02d:%02d-%02d:%02d", (h.open / 60) % 100, h.open % 60,
		         (h.close / 60) % 100, h.close % 60);
}

/* ---------------------------------------------------------------- pauses */

/* A merged paused span; to is SLA_OPEN while open. */
#define SLA_OPEN INT64_MAX

struct span {
	sd_time from, to;     /* from clipped to the start; to exclusive */
	sd_time shown_from;   /* the earliest recorded start, for the explanation */
	buf reasons;          /* distinct reasons joined by text_sep_clause() */
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
	const char *s = buf_str(b), *sep = text_sep_clause();
	size_t n = strlen(reason), k = strlen(sep);
	for (const char *p = s; (p = strstr(p, reason)) != NULL; p++)
		if ((p == s || ((size_t)(p - s) >= k && memcmp(p - k, sep, k) == 0)) &&
		    (p[n] == '\0' || strncmp(p + n, sep, k) == 0))
			return;
	if (b->len > 0)
		buf_puts(b, sep);
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
	sla_minutes_format(p->to - p->from, dur, sizeof dur);
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

/*
 * Walk from start until budget minutes have counted: every minute under
 * calendar time, else the minutes of working days between open and close
 * (minutes after midnight). Appends the steps and the due line to explain.
 */
static void
walk(const workcal *cal, sd_time start, int64_t budget, bool calendar_time, int open, int close,
     const sla_pause *pauses, size_t npauses, sd_time *due, buf *explain)
{
	struct span *sp = NULL;
	size_t nsp = merge_pauses(pauses, npauses, start, &sp);
	size_t pi = 0;
	sd_time t = start;
	int64_t remaining = budget > 0 ? budget : 0;
	int noted_year = INT_MIN;      /* last year checked for the calendar note */
	char ts[17];

	if (calendar_time || open < 0 || close > 1440 || open >= close) {
		open = 0;
		close = 1440;
	}
	*due = SD_NO_TIME;
	for (;;) {
		sd_date d;
		sd_time win_from, win_to, seg_end;
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
		win_from = date_time(d) + open;
		win_to = date_time(d) + close;
		if (t < win_from) {
			/* Before the office opens: nothing counts until it does. */
			t = win_from;
			continue;
		}
		if (t >= win_to) {
			t = date_time(d + 1);
			continue;
		}
		seg_end = win_to;
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

void
sla_due(const workcal *cal, sd_time start, long budget, bool calendar_time,
        const sla_pause *pauses, size_t npauses, sd_time *due, buf *explain)
{
	int64_t remaining = budget > 0 ? budget : 0;
	char ts[17], bud[48];

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
	walk(cal, start, remaining, calendar_time, 0, 1440, pauses, npauses, due, explain);
}

void
sla_due_dur(const workcal *cal, const sla_hours *hours, sd_time start, sla_dur d,
            const sla_pause *pauses, size_t npauses, sd_time *due, buf *explain)
{
	sla_hours h = hours ? *hours : SLA_ALL_DAY;
	char ts[17], bud[48], a[8], b[8];

	*due = SD_NO_TIME;
	if (d.count == SLA_OFF || d.amount <= 0 || start == SD_NO_TIME)
		return;
	if (explain)
		time_format(start, ts);
	switch (d.count) {
	case SLA_ELAPSED:
		if (explain) {
			fmt_hm(d.amount, bud, sizeof bud);
			/* TRANSLATORS: start time, the commitment (e.g. "30 min"). */
			buf_printf(explain, _("start: %s; within %s, round the clock: every minute counts\n"), ts, bud);
		}
		walk(cal, start, d.amount, true, 0, 1440, pauses, npauses, due, explain);
		return;
	case SLA_WORKHOURS:
		if (h.open < 0 || h.close > 1440 || h.open >= h.close)
			h = SLA_ALL_DAY;
		if (explain) {
			fmt_hm(d.amount, bud, sizeof bud);
			if (h.open == 0 && h.close == 1440)
				/* TRANSLATORS: start time, the commitment (e.g. "8 h"). */
				buf_printf(explain, _("start: %s; within %s of working time: all 24 h of a working day count\n"),
				           ts, bud);
			else {
				snprintf(a, sizeof a, "%02d:%02d", h.open / 60 % 100, h.open % 60);
				snprintf(b, sizeof b, "%02d:%02d", h.close / 60 % 100, h.close % 60);
				/* TRANSLATORS: start time, the commitment, office hours from, to. */
				buf_printf(explain, _("start: %s; within %s of working time: %s–%s of working days count\n"),
				           ts, bud, a, b);
			}
		}
		walk(cal, start, d.amount, false, h.open, h.close, pauses, npauses, due, explain);
		return;
	case SLA_WORKDAYS: {
		/* The same time of day on the Nth working day after the day of receipt. */
		sd_date day = time_date(start), target = day;
		int64_t tod = start - date_time(day);
		sd_time from = start;
		int64_t budget;

		for (long k = 0; k < d.amount && target - day < SLA_HORIZON / 1440;)
			if (workcal_is_workday(cal, ++target))
				k++;
		if (workcal_is_workday(cal, day)) {
			budget = (int64_t)d.amount * 1440;
		} else {
			/* Received on a day off: count from the first working day. */
			sd_date w = day + 1;
			while (!workcal_is_workday(cal, w) && w < target)
				w++;
			from = date_time(w);
			budget = (int64_t)(d.amount - 1) * 1440 + tod;
		}
		if (explain) {
			char tg[17];
			time_format(date_time(target) + tod, tg);
			/* TRANSLATORS: start time, number of working days, the time that gives without pauses. */
			buf_printf(explain, ngettext("start: %s; within %ld working day: the same time of day on the "
			                             "next working day (%s), later by any paused working time\n",
			                             "start: %s; within %ld working days: the same time of day on the "
			                             "working day that many working days later (%s), later by any "
			                             "paused working time\n",
			                             (unsigned long)d.amount),
			           ts, d.amount, tg);
		}
		walk(cal, from, budget, false, 0, 1440, pauses, npauses, due, explain);
		return;
	}
	default:
		return;
	}
}

void
sla_minutes_format(int64_t minutes, char *out, size_t size)
{
	int64_t a = minutes < 0 ? -minutes : minutes;

	if (a >= 1440 && a % 60 != 0)
		/* TRANSLATORS: a duration in days, hours and minutes, e.g. "3 d 4 h 05 min". */
		snprintf(out, size, _("%s%lld d %lld h %02lld min"), minutes < 0 ? "-" : "",
		         (long long)(a / 1440), (long long)(a % 1440 / 60), (long long)(a % 60));
	else
		duration_format(minutes, out, (int)size);
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
sla_state_code(int state)
{
	static const char *const codes[] = {
		[SLA_NONE] = "none", [SLA_RUNNING] = "running", [SLA_NEAR] = "near",
		[SLA_OVERDUE] = "overdue", [SLA_PAUSED] = "paused", [SLA_MET] = "met",
		[SLA_MISSED] = "missed",
	};

	if (state < 0 || (size_t)state >= SD_ARRAY_LEN(codes))
		return "none";
	return codes[state];
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
