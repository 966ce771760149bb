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

/*
 * The clocks of an entry: first reply to the customer (首次答复), a solution
 * proposed (提出方案), the fault diagnosed, the engineer on site, the fault
 * cleared, and the escalation to the expert group when no solution came in
 * time.
 */
enum sla_clock {
	CLOCK_REPLY, CLOCK_RESPOND, CLOCK_DIAGNOSE, CLOCK_ONSITE, CLOCK_CLEAR, CLOCK_ESCALATE,
	CLOCK_COUNT
};

/* Translated name of a clock ("reply", "respond", "diagnose", "on site", "cleared", "escalate"). */
const char *sla_clock_name(int clock);
/* Stored and command-line code of a clock ("reply", "respond", "diagnose", "onsite", "clear", "escalate"); "" if out of range. */
const char *sla_clock_code(int clock);

/*
 * How a commitment's time is counted, chosen per clock:
 *   SLA_ELAPSED    every minute, round the clock ("30m", "2h")
 *   SLA_WORKHOURS  minutes of working days, inside the office hours when a
 *                  site set them, else all 24 hours of a working day ("8wh")
 *   SLA_WORKDAYS   the same time of day on the Nth working day after the day
 *                  of receipt; paused working time moves it on ("2wd")
 */
enum sla_count { SLA_OFF, SLA_ELAPSED, SLA_WORKHOURS, SLA_WORKDAYS };

/* One commitment: a counting kind and an amount (minutes, or days for SLA_WORKDAYS). */
typedef struct sla_dur {
	int count;             /* enum sla_count; SLA_OFF: no commitment */
	long amount;           /* > 0 unless off */
} sla_dur;

/* The longest commitment accepted: a year of minutes, or 366 working days. */
#define SLA_MAX_MINUTES (366L * 1440)
#define SLA_MAX_DAYS 366L

/*
 * Parse a duration: "30m" / "90m" (minutes), "2h", "8wh" (working hours),
 * "30wm" (working minutes), "2wd" (working days), "off" or "0" (no commitment). Blanks around are
 * ignored. False for anything else or an amount out of range.
 */
bool sla_dur_parse(const char *s, sla_dur *out);
/*
 * The canonical form of d: "30m", "2h", "8wh", "2wd", "off" ("90wm" for
 * working minutes that are not whole hours; sla_dur_parse reads it back).
 */
void sla_dur_format(sla_dur d, char *out, size_t size);
/* For a person, translated: "30 min, round the clock", "8 h of working time", "2 working days", "no commitment". */
void sla_dur_describe(sla_dur d, char *out, size_t size);

/* One policy row: the commitments for a priority (and optionally a region). */
typedef struct sla_policy {
	sla_dur d[CLOCK_COUNT];
} sla_policy;

/* Office hours on working days, minutes after midnight: all day when open 0 and close 1440. */
typedef struct sla_hours {
	int open, close;
} sla_hours;
#define SLA_ALL_DAY ((sla_hours){ 0, 1440 })

/* Parse "HH:MM-HH:MM" (open before close, 00:00-24:00 at most); false if not. */
bool sla_hours_parse(const char *s, sla_hours *out);
/* "08:30-17:30", or "" when all day. */
void sla_hours_format(sla_hours h, char out[16]);

/* Budget of a clock under a policy, in minutes of its counting (0 = no commitment); days for SLA_WORKDAYS. */
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

/*
 * A duration to the minute for explanations ("2 h 05 min", "3 d 4 h 20 min";
 * duration_format drops the minutes of a duration of a day or more).
 */
void sla_minutes_format(int64_t minutes, char *out, size_t size);

/* Untranslated code of a state for CSV and JSON: "none", "running", "near", "overdue", "paused", "met", "missed". */
const char *sla_state_code(int state);
/* Translated short word for a state, and a marker that needs no colour ("!!", "!", "ok", "late"...). */
const char *sla_state_name(int state);
const char *sla_state_mark(int state);

/*
 * The state of a clock: due (SD_NO_TIME while paused), done (SD_NO_TIME if the
 * step is not done), now, and the warning margin in minutes.
 */
enum sla_state sla_state(sd_time due, sd_time done, sd_time now, long warn_minutes);

/*
 * The due time of a commitment d that started at start, counted as d says
 * (office hours apply to SLA_WORKHOURS only; NULL hours: all day), with the
 * pauses as sla_due. The explanation starts with the commitment and its
 * counting, then sla_due's lines. A commitment that is off gives SD_NO_TIME
 * and no lines.
 */
void sla_due_dur(const workcal *cal, const sla_hours *hours, sd_time start, sla_dur d,
                 const sla_pause *pauses, size_t npauses, sd_time *due, buf *explain);

#endif
