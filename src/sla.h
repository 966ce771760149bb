/*
 * sla.h — service-level clocks: when a commitment (respond, on site, cleared)
 * falls due, and why.
 *
 * A clock starts at the time the request was received and has a budget in
 * minutes (respond N hours, on site N hours, cleared N working days = N x 24
 * hours). Under a working-day policy only the minutes of working days count
 * (all 24 hours of a working day; weekends and holidays are passed over,
 * adjusted working weekends count); under a calendar-time policy ("service
 * goes on through holidays") every minute counts. Paused spans (waiting on the
 * customer or on parts) never count. The clock stops when the step is done;
 * it is met if the step was done at or before the due time.
 *
 * sla_due() is the one function that computes a due time: the overdue marks
 * of every list and the explanation a person can read come from it.
 *
 * Self-contained; no curses.
 */
#ifndef SERVDESK_SLA_H
#define SERVDESK_SLA_H

#include <stdbool.h>
#include <stddef.h>
#include "buf.h"
#include "datetime.h"
#include "workcal.h"

enum sla_clock { CLOCK_RESPOND, CLOCK_ONSITE, CLOCK_CLEAR, CLOCK_COUNT };

/* Translated name of a clock ("respond", "on site", "cleared"). */
const char *sla_clock_name(int clock);

/* One policy row: the commitments for a priority (and optionally a region). */
typedef struct sla_policy {
	int respond_hours;     /* respond (solution proposed) within, hours; 0 = no commitment */
	int onsite_hours;      /* on site within, hours; 0 = no commitment */
	int clear_days;        /* cleared within, working days; 0 = no commitment */
	bool calendar_time;    /* service goes on through holidays: count every minute */
} sla_policy;

/* Budget of a clock under a policy, in minutes (0 = no commitment). */
long sla_budget(const sla_policy *p, int clock);

/* A paused span: to == SD_NO_TIME while the pause is still open. */
typedef struct sla_pause {
	sd_time from, to;
	const char *reason;
} sla_pause;

/*
 * The due time of a clock that started at start with budget minutes.
 * pauses need not be sorted and may overlap. Sets *due, or SD_NO_TIME when
 * the budget cannot be used up because an open pause stops the clock. If
 * explain is not NULL, appends the reasoning, one line per step, translated:
 * the spans that counted, the paused spans with their reasons, each weekend,
 * holiday (with its name) and adjusted working day passed over, a note for
 * each year the calendar does not cover (Monday–Friday assumed), and the due
 * time. Lines are UTF-8 ending in '\n'.
 */
void sla_due(const workcal *cal, sd_time start, long budget, bool calendar_time,
             const sla_pause *pauses, size_t npauses, sd_time *due, buf *explain);

/* The state of one clock at a given moment. */
enum sla_state {
	SLA_NONE,        /* no commitment */
	SLA_RUNNING,     /* not done, due later than the warning margin */
	SLA_NEAR,        /* not done, due within the warning margin */
	SLA_OVERDUE,     /* not done, past due */
	SLA_PAUSED,      /* not done, the clock is paused */
	SLA_MET,         /* done at or before the due time */
	SLA_MISSED       /* done after the due time */
};

/* Translated short word for a state, and a marker that needs no colour ("!!", "!", "ok", "late"...). */
const char *sla_state_name(int state);
const char *sla_state_mark(int state);

/*
 * The state of a clock: due (SD_NO_TIME while paused), done (SD_NO_TIME if the
 * step is not done), now, and the warning margin in minutes.
 */
enum sla_state sla_state(sd_time due, sd_time done, sd_time now, long warn_minutes);

#endif
