/*
 * workcal.h — the working-day calendar: China's public holidays and the
 * adjusted working weekends (调休), read from a text file that a site may
 * edit. A year the file does not cover falls back to Monday–Friday, and
 * callers can say so (workcal_covers).
 *
 * File format (UTF-8; '#' starts a comment; blank lines ignored):
 *   year 2025                               the file covers 2025
 *   2025-01-01 holiday 元旦                  one day off
 *   2025-01-28..2025-02-04 holiday 春节      a range of days off
 *   2025-01-26 workday 春节调休               a weekend day worked
 * Every dated line must fall in a year declared by a "year" line.
 *
 * An iCalendar file (text starting with BEGIN:VCALENDAR) of public holidays
 * and adjusted working days is read too: see workcal.c for what is read.
 *
 * Self-contained; no curses.
 */
#ifndef SERVDESK_WORKCAL_H
#define SERVDESK_WORKCAL_H

#include <stdbool.h>
#include <stdint.h>
#include "common.h"
#include "datetime.h"

typedef struct workcal workcal;

enum sd_daykind {
	DAY_WORK,            /* an ordinary working day (Monday–Friday) */
	DAY_WEEKEND,         /* Saturday or Sunday */
	DAY_HOLIDAY,         /* a public holiday (or a day of a holiday's bridge) */
	DAY_ADJUSTED_WORK    /* a weekend day worked in exchange (调休) */
};

/*
 * Parse a calendar from text (name is used in error messages). Returns SD_OK
 * and *out, or SD_DATAERR with err->msg "NAME: line L: problem".
 */
int workcal_parse(const char *name, const char *text, workcal **out, sd_err *err);

/* The longest calendar file and line read, in bytes (a century of holidays is ~40 KiB). */
#define WORKCAL_FILE_MAX (1 << 20)
#define WORKCAL_LINE_MAX 4096

/*
 * Read and parse the file at path; SD_NOINPUT if missing. A file with a NUL
 * byte, a line longer than WORKCAL_LINE_MAX or more than WORKCAL_FILE_MAX
 * bytes is refused as soon as that is seen (SD_DATAERR).
 */
int workcal_load(const char *path, workcal **out, sd_err *err);

/* The calendar built into servdesk (data/holidays-cn.txt at build time). */
const char *workcal_builtin_text(void);

void workcal_free(workcal *cal);

/* Does the file declare year y? */
bool workcal_covers(const workcal *cal, int y);

/* What kind of day is d; *name (if not NULL) gets the holiday's or adjustment's name, or NULL. */
enum sd_daykind workcal_day(const workcal *cal, sd_date d, const char **name);

/* Is d a working day (DAY_WORK or DAY_ADJUSTED_WORK)? */
bool workcal_is_workday(const workcal *cal, sd_date d);

/* The last day the calendar covers (31 December of its last year); 0 if none. */
sd_date workcal_last_day(const workcal *cal);

/* A digest of the calendar's content (to notice that a site edited it). */
uint64_t workcal_digest(const workcal *cal);

#endif
