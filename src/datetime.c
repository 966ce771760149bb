/*
 * datetime.c — dates as days since 1970-01-01 and wall-clock minutes, with
 * the proleptic Gregorian calendar computed arithmetically (Howard Hinnant's
 * days_from_civil / civil_from_days), so no libc time function and no time
 * zone ever enters (see datetime.h).
 */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "common.h"
#include "datetime.h"

static bool
is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int
date_days_in_month(int y, int m)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	if (m < 1 || m > 12)
		return 0;
	if (m == 2 && is_leap(y))
		return 29;
	return days[m - 1];
}

bool
date_valid(int y, int m, int d)
{
	return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= date_days_in_month(y, m);
}

sd_date
date_from_ymd(int y, int m, int d)
{
	int64_t yy = (int64_t)y - (m <= 2);
	int64_t era = (yy >= 0 ? yy : yy - 399) / 400;
	int64_t yoe = yy - era * 400;                                   /* [0, 399] */
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;  /* [0, 365] */
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;            /* [0, 146096] */

	return (sd_date)(era * 146097 + doe - 719468);
}

void
date_to_ymd(sd_date z0, int *y, int *m, int *d)
{
	int64_t z = (int64_t)z0 + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int mm = (int)(mp < 10 ? mp + 3 : mp - 9);

	if (d)
		*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	if (m)
		*m = mm;
	if (y)
		*y = (int)(yoe + era * 400 + (mm <= 2));
}

int
date_weekday(sd_date z)
{
	/* 1970-01-01 was a Thursday (4). */
	int64_t w = ((int64_t)z + 4) % 7;

	return (int)(w < 0 ? w + 7 : w);
}

sd_date
date_add_months(sd_date d, int months)
{
	int y, m, day;
	int64_t idx;
	int ny, nm, dim;

	date_to_ymd(d, &y, &m, &day);
	idx = (int64_t)y * 12 + (m - 1) + months;
	ny = (int)(idx >= 0 ? idx / 12 : (idx - 11) / 12);
	nm = (int)(idx - (int64_t)ny * 12) + 1;
	dim = date_days_in_month(ny, nm);
	if (day > dim)
		day = dim;
	return date_from_ymd(ny, nm, day);
}

/* Read exactly n decimal digits at *s; advances *s. */
static bool
digits(const char **s, int n, int *out)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		char c = (*s)[i];
		if (c < '0' || c > '9')
			return false;
		v = v * 10 + (c - '0');
	}
	*s += n;
	*out = v;
	return true;
}

/* Parse "YYYY-MM-DD" at *s, advancing it. */
static bool
parse_ymd(const char **s, sd_date *out)
{
	int y, m, d;

	if (!digits(s, 4, &y) || **s != '-')
		return false;
	(*s)++;
	if (!digits(s, 2, &m) || **s != '-')
		return false;
	(*s)++;
	if (!digits(s, 2, &d))
		return false;
	if (!date_valid(y, m, d))
		return false;
	*out = date_from_ymd(y, m, d);
	return true;
}

bool
date_parse(const char *s, sd_date *out)
{
	sd_date d;

	if (s == NULL || !parse_ymd(&s, &d) || *s != '\0')
		return false;
	*out = d;
	return true;
}

void
date_format(sd_date d, char out[11])
{
	int y, m, day;

	date_to_ymd(d, &y, &m, &day);
	if (y < 0 || y > 9999) {
		memcpy(out, "####-##-##", 11);
		return;
	}
	snprintf(out, 11, "%04d-%02d-%02d", y, m, day);
}

bool
time_parse(const char *s, sd_time *out)
{
	sd_date d;
	int hh, mm, ss;

	if (s == NULL || !parse_ymd(&s, &d) || *s != ' ')
		return false;
	s++;
	if (!digits(&s, 2, &hh) || *s != ':')
		return false;
	s++;
	if (!digits(&s, 2, &mm))
		return false;
	if (*s == ':') {
		s++;
		if (!digits(&s, 2, &ss) || ss > 59)
			return false;
	}
	if (*s != '\0' || hh > 23 || mm > 59)
		return false;
	*out = date_time(d) + hh * 60 + mm;
	return true;
}

void
time_format(sd_time t, char out[17])
{
	char ds[11];
	sd_date d;
	int64_t mins;

	if (t == SD_NO_TIME) {
		memcpy(out, "----------------", 17);
		return;
	}
	d = time_date(t);
	mins = t - date_time(d);
	date_format(d, ds);
	memcpy(out, ds, 10);
	snprintf(out + 10, 7, " %02u:%02u", (unsigned)(mins / 60) % 24u, (unsigned)(mins % 60));
}

void
duration_format(int64_t minutes, char *out, int size)
{
	const char *sign = "";
	uint64_t a;
	long long days, hours, mins;

	if (size <= 0)
		return;
	if (minutes < 0) {
		sign = "-";
		a = (uint64_t)0 - (uint64_t)minutes;
	} else {
		a = (uint64_t)minutes;
	}
	days = (long long)(a / 1440);
	hours = (long long)(a % 1440 / 60);
	mins = (long long)(a % 60);
	if (days > 0 && hours > 0)
		/* TRANSLATORS: a duration in days and hours, e.g. "3 d 4 h". */
		snprintf(out, (size_t)size, _("%s%lld d %lld h"), sign, days, hours);
	else if (days > 0)
		/* TRANSLATORS: a duration in whole days, e.g. "3 d". */
		snprintf(out, (size_t)size, _("%s%lld d"), sign, days);
	else if (hours > 0 && mins > 0)
		/* TRANSLATORS: a duration in hours and minutes, e.g. "2 h 05 min". */
		snprintf(out, (size_t)size, _("%s%lld h %02lld min"), sign, hours, mins);
	else if (hours > 0)
		/* TRANSLATORS: a duration in whole hours, e.g. "2 h". */
		snprintf(out, (size_t)size, _("%s%lld h"), sign, hours);
	else
		/* TRANSLATORS: a duration in minutes, e.g. "45 min". */
		snprintf(out, (size_t)size, _("%s%lld min"), sign, mins);
}
