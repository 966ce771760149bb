/*
 * datetime.h — calendar dates and wall-clock minutes, as servdesk counts
 * them: local time without time zones (China keeps no daylight saving), the
 * proleptic Gregorian calendar, and month arithmetic that clamps to the end
 * of the month (31 January + 1 month = 28 or 29 February; 29 February 2024
 * + 12 months = 28 February 2025).
 *
 * Self-contained; no curses.
 */
#ifndef SERVDESK_DATETIME_H
#define SERVDESK_DATETIME_H

#include <stdbool.h>
#include <stdint.h>

typedef int32_t sd_date;   /* days since 1970-01-01 (may be negative) */
typedef int64_t sd_time;   /* minutes since 1970-01-01 00:00, local wall clock */

#define SD_NO_TIME INT64_MIN  /* "no time": a clock that is paused, a step not taken */

sd_date date_from_ymd(int y, int m, int d);         /* no range check: see date_valid */
void date_to_ymd(sd_date d, int *y, int *m, int *day);
bool date_valid(int y, int m, int d);
int date_days_in_month(int y, int m);
int date_weekday(sd_date d);                        /* 0 Sunday .. 6 Saturday */

/* Add months, clamping the day to the end of the resulting month. */
sd_date date_add_months(sd_date d, int months);

/* Parse "YYYY-MM-DD" strictly; false if malformed or not a date. */
bool date_parse(const char *s, sd_date *out);
/* Format as "YYYY-MM-DD" (out: 11 bytes). */
void date_format(sd_date d, char out[11]);

/* Parse "YYYY-MM-DD HH:MM" (":SS" allowed and dropped); false if invalid. */
bool time_parse(const char *s, sd_time *out);
/* Format as "YYYY-MM-DD HH:MM" (out: 17 bytes). */
void time_format(sd_time t, char out[17]);

static inline sd_date time_date(sd_time t) { return (sd_date)((t >= 0 ? t : t - 1439) / 1440); }
static inline sd_time date_time(sd_date d) { return (sd_time)d * 1440; }

/* Format a duration in minutes as "2 h 05 min" / "3 d 4 h" style (translated), into out. */
void duration_format(int64_t minutes, char *out, int size);

#endif
