/*
 * workcal.c — the working-day calendar (see workcal.h): a parser for the
 * calendar file and a lookup by binary search over the listed days, sorted
 * by date. Days not listed follow the weekday (Saturday and Sunday off).
 */
#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "common.h"
#include "datetime.h"
#include "text.h"
#include "workcal.h"
#include "priv.h"

/* One listed day. */
struct wc_day {
	sd_date date;
	int kind;            /* DAY_HOLIDAY or DAY_ADJUSTED_WORK */
	const char *name;    /* points into workcal.names */
	int line;            /* line of the file that listed it */
};

struct workcal {
	int *years;          /* declared years, sorted, unique */
	size_t nyears;
	struct wc_day *days; /* sorted by date, unique */
	size_t ndays;
	char **names;        /* owned copies of the names, one per dated line */
	size_t nnames;
	uint64_t digest;
};

/* The state of one parse. */
struct wc_parse {
	const char *name;    /* file name for messages */
	workcal *cal;
	size_t cap_years, cap_days, cap_names;
};

static bool
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

/* Copy one line (without comment and surrounding blanks) into b. */
static void
clean_line(const char *p, size_t n, buf *b)
{
	const char *hash = memchr(p, '#', n);
	size_t s = 0, e;

	if (hash)
		n = (size_t)(hash - p);
	while (s < n && is_space(p[s]))
		s++;
	e = n;
	while (e > s && is_space(p[e - 1]))
		e--;
	buf_reset(b);
	buf_append(b, p + s, e - s);
}

/* Split off the next blank-separated word of *s into word (size 64); false if none. */
static bool
next_word(const char **s, char word[64])
{
	const char *p = *s;
	size_t n = 0;

	while (is_space(*p))
		p++;
	if (*p == '\0')
		return false;
	while (p[n] != '\0' && !is_space(p[n]))
		n++;
	if (n >= 64)
		n = 63;
	memcpy(word, p, n);
	word[n] = '\0';
	p += n;
	while (p[0] != '\0' && !is_space(p[0]))
		p++;
	*s = p;
	return true;
}

static bool
year_declared(const workcal *cal, int y)
{
	size_t lo = 0, hi = cal->nyears;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (cal->years[mid] == y)
			return true;
		if (cal->years[mid] < y)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

static int
cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

static int
cmp_day(const void *a, const void *b)
{
	const struct wc_day *x = a, *y = b;

	if (x->date != y->date)
		return (x->date > y->date) - (x->date < y->date);
	return (x->line > y->line) - (x->line < y->line);
}

/* Parse a "year YYYY" line's argument. */
static bool
parse_year(const char *s, int *y)
{
	int v = 0, n = 0;

	for (; s[n] >= '0' && s[n] <= '9' && n < 5; n++)
		v = v * 10 + (s[n] - '0');
	if (n != 4 || s[n] != '\0' || v < 1)
		return false;
	*y = v;
	return true;
}

static int
parse_error(struct wc_parse *ps, sd_err *err, int line, const char *problem, const char *what)
{
	char *clean = text_sanitize(what ? what : "", false);
	int rc;

	if (what)
		/* TRANSLATORS: file name, line number, problem, the text in question. */
		rc = sd_err_set(err, SD_DATAERR, _("%s: line %d: %s \"%s\""), ps->name, line,
		                problem, clean);
	else
		/* TRANSLATORS: file name, line number, problem. */
		rc = sd_err_set(err, SD_DATAERR, _("%s: line %d: %s"), ps->name, line, problem);
	free(clean);
	return rc;
}

/* Sort the declared years and drop repeated declarations. */
static void
unique_years(workcal *cal)
{
	size_t k = 0;

	if (cal->nyears > 1)    /* qsort of a NULL array is undefined */
		qsort(cal->years, cal->nyears, sizeof *cal->years, cmp_int);
	for (size_t i = 0; i < cal->nyears; i++)
		if (k == 0 || cal->years[k - 1] != cal->years[i])
			cal->years[k++] = cal->years[i];
	cal->nyears = k;
}

/* First pass: the "year" lines. */
static int
pass_years(struct wc_parse *ps, const char *text, sd_err *err)
{
	workcal *cal = ps->cal;
	buf line = {0};
	int lineno = 0;
	int rc = SD_OK;

	for (const char *p = text; *p != '\0' && rc == SD_OK;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		const char *s;
		char w1[64], w2[64] = "", w3[64];
		int y;

		lineno++;
		clean_line(p, n, &line);
		p += n + (nl != NULL);
		s = buf_str(&line);
		if (!next_word(&s, w1) || strcmp(w1, "year") != 0)
			continue;
		if (!next_word(&s, w2) || !parse_year(w2, &y)) {
			rc = parse_error(ps, err, lineno, _("bad year"), w2[0] ? w2 : NULL);
			break;
		}
		if (next_word(&s, w3)) {
			rc = parse_error(ps, err, lineno, _("unexpected text after the year"), w3);
			break;
		}
		if (cal->nyears == ps->cap_years) {
			ps->cap_years = ps->cap_years ? ps->cap_years * 2 : 8;
			cal->years = xrealloc(cal->years, ps->cap_years * sizeof *cal->years);
		}
		cal->years[cal->nyears++] = y;
	}
	buf_free(&line);
	if (rc != SD_OK)
		return rc;
	unique_years(cal);
	return SD_OK;
}

/* Parse "A" or "A..B". */
static int
parse_range(struct wc_parse *ps, sd_err *err, int lineno, const char *w, sd_date *from, sd_date *to)
{
	const char *dots = strstr(w, "..");

	if (dots == NULL) {
		if (!date_parse(w, from))
			return parse_error(ps, err, lineno, _("bad date"), w);
		*to = *from;
		return SD_OK;
	}
	char a[64];
	size_t n = (size_t)(dots - w);
	memcpy(a, w, n);
	a[n] = '\0';
	if (!date_parse(a, from))
		return parse_error(ps, err, lineno, _("bad date"), a);
	if (!date_parse(dots + 2, to))
		return parse_error(ps, err, lineno, _("bad date"), dots + 2);
	if (*to < *from)
		return parse_error(ps, err, lineno, _("the range ends before it starts"), w);
	return SD_OK;
}

/* List the days from..to (one line of the file) as kind, named name (copied). */
static int
add_days(struct wc_parse *ps, sd_err *err, int lineno, sd_date from, sd_date to, int kind,
         const char *name)
{
	workcal *cal = ps->cal;
	char *copy;

	if (cal->nnames == ps->cap_names) {
		ps->cap_names = ps->cap_names ? ps->cap_names * 2 : 32;
		cal->names = xrealloc(cal->names, ps->cap_names * sizeof *cal->names);
	}
	copy = xstrdup(name);
	cal->names[cal->nnames++] = copy;
	for (sd_date d = from; d <= to; d++) {
		int y;
		char ds[11];

		date_to_ymd(d, &y, NULL, NULL);
		date_format(d, ds);
		if (!year_declared(cal, y))
			return parse_error(ps, err, lineno, _("the day is in a year not declared by a \"year\" line"), ds);
		if (kind == DAY_ADJUSTED_WORK && date_weekday(d) != 0 && date_weekday(d) != 6)
			return parse_error(ps, err, lineno, _("a workday must be a Saturday or Sunday"), ds);
		if (cal->ndays == ps->cap_days) {
			ps->cap_days = ps->cap_days ? ps->cap_days * 2 : 64;
			cal->days = xrealloc(cal->days, ps->cap_days * sizeof *cal->days);
		}
		cal->days[cal->ndays++] = (struct wc_day){d, kind, copy, lineno};
	}
	return SD_OK;
}

/*
 * Sort the listed days. A day listed twice is an error, except that with
 * merge_same a day listed twice as the same kind keeps its first listing
 * (calendar feeds list a day of two coinciding festivals twice).
 */
static int
sort_days(struct wc_parse *ps, sd_err *err, bool merge_same)
{
	workcal *cal = ps->cal;
	size_t k = 0;

	if (cal->ndays > 1)
		qsort(cal->days, cal->ndays, sizeof *cal->days, cmp_day);
	for (size_t i = 0; i < cal->ndays; i++) {
		if (k > 0 && cal->days[i].date == cal->days[k - 1].date) {
			char ds[11];

			if (merge_same && cal->days[i].kind == cal->days[k - 1].kind)
				continue;
			date_format(cal->days[i].date, ds);
			return parse_error(ps, err, cal->days[i].line, _("the day is already listed"), ds);
		}
		cal->days[k++] = cal->days[i];
	}
	cal->ndays = k;
	return SD_OK;
}

/* Second pass: the dated lines. */
static int
pass_days(struct wc_parse *ps, const char *text, sd_err *err)
{
	buf line = {0};
	int lineno = 0;
	int rc = SD_OK;

	for (const char *p = text; *p != '\0' && rc == SD_OK;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		const char *s;
		char w1[64], w2[64];
		sd_date from, to;
		int kind;

		lineno++;
		clean_line(p, n, &line);
		p += n + (nl != NULL);
		s = buf_str(&line);
		if (!next_word(&s, w1) || strcmp(w1, "year") == 0)
			continue;
		if (!utf8_valid(buf_str(&line), line.len, NULL)) {
			rc = parse_error(ps, err, lineno, _("not valid UTF-8"), NULL);
			break;
		}
		if ((rc = parse_range(ps, err, lineno, w1, &from, &to)) != SD_OK)
			break;
		if (!next_word(&s, w2)) {
			rc = parse_error(ps, err, lineno, _("the kind of day is missing (holiday or workday)"), NULL);
			break;
		}
		if (strcmp(w2, "holiday") == 0) {
			kind = DAY_HOLIDAY;
		} else if (strcmp(w2, "workday") == 0) {
			kind = DAY_ADJUSTED_WORK;
		} else {
			rc = parse_error(ps, err, lineno, _("unknown kind of day (holiday or workday)"), w2);
			break;
		}
		while (is_space(*s))
			s++;
		if (*s == '\0') {
			rc = parse_error(ps, err, lineno, _("the name is missing"), NULL);
			break;
		}
		rc = add_days(ps, err, lineno, from, to, kind, s);
	}
	buf_free(&line);
	if (rc != SD_OK)
		return rc;
	return sort_days(ps, err, false);
}

static void
fnv_add(uint64_t *h, const char *s)
{
	for (; *s; s++) {
		*h ^= (unsigned char)*s;
		*h *= 1099511628211ULL;
	}
}

/* FNV-1a over the normalised content: declared years, then each listed day. */
static uint64_t
compute_digest(const workcal *cal)
{
	uint64_t h = 14695981039346656037ULL;
	char tmp[32];

	for (size_t i = 0; i < cal->nyears; i++) {
		snprintf(tmp, sizeof tmp, "year %d\n", cal->years[i]);
		fnv_add(&h, tmp);
	}
	for (size_t i = 0; i < cal->ndays; i++) {
		date_format(cal->days[i].date, tmp);
		fnv_add(&h, tmp);
		fnv_add(&h, cal->days[i].kind == DAY_HOLIDAY ? " holiday " : " workday ");
		fnv_add(&h, cal->days[i].name);
		fnv_add(&h, "\n");
	}
	return h;
}

/* ---------------------------------------------------------------- iCalendar */

/*
 * An iCalendar file (RFC 5545) of public holidays and adjusted working days,
 * as calendar services publish them. Read: VEVENTs with DTSTART and DTEND
 * (DATE values, DTEND exclusive; a missing DTEND means one day) or a
 * DURATION of days or weeks. An event is a day off when
 * X-APPLE-SPECIAL-DAY is WORK-HOLIDAY, its DESCRIPTION is 休, or its SUMMARY
 * ends in (休); it is a worked day when X-APPLE-SPECIAL-DAY is
 * ALTERNATE-WORKDAY, its DESCRIPTION is 班, or its SUMMARY ends in (班).
 * Other events (festivals that are not days off) are left out. The years
 * covered are those with such events.
 */

struct ics_event {
	int line;               /* the line of BEGIN:VEVENT */
	char start[32], end[32], duration[32];
	char *summary, *description, *special;
};

static void
ics_event_clear(struct ics_event *ev)
{
	free(ev->summary);
	free(ev->description);
	free(ev->special);
	memset(ev, 0, sizeof *ev);
}

static bool
ics_detect(const char *text)
{
	if ((unsigned char)text[0] == 0xEF && (unsigned char)text[1] == 0xBB &&
	    (unsigned char)text[2] == 0xBF)
		text += 3;
	while (*text == ' ' || *text == '\t' || *text == '\r' || *text == '\n')
		text++;
	return strncasecmp(text, "BEGIN:VCALENDAR", 15) == 0;
}

/* A TEXT value with its escapes undone; line breaks become spaces. */
static char *
ics_text(const char *v)
{
	buf b = { 0 };

	for (; *v; v++) {
		if (*v == '\\' && v[1] != '\0') {
			v++;
			buf_putc(&b, *v == 'n' || *v == 'N' ? ' ' : *v);
		} else {
			buf_putc(&b, *v);
		}
	}
	return buf_steal(&b);
}

/* The date of a DATE or DATE-TIME value (YYYYMMDD[THHMMSS[Z]]). */
static bool
ics_date(const char *v, sd_date *d, bool *midnight)
{
	int y = 0, m = 0, day = 0;

	for (int i = 0; i < 8; i++)
		if (v[i] < '0' || v[i] > '9')
			return false;
	y = (v[0] - '0') * 1000 + (v[1] - '0') * 100 + (v[2] - '0') * 10 + (v[3] - '0');
	m = (v[4] - '0') * 10 + (v[5] - '0');
	day = (v[6] - '0') * 10 + (v[7] - '0');
	if (!date_valid(y, m, day) || y < 1900 || y > 9999)
		return false;
	if (v[8] != '\0' && v[8] != 'T')
		return false;
	*d = date_from_ymd(y, m, day);
	*midnight = v[8] == '\0' || strncmp(v + 9, "000000", 6) == 0;
	return true;
}

/* Days of a DURATION of whole days or weeks (P3D, P1W, P1DT0H); -1 if not one. */
static long
ics_duration_days(const char *v)
{
	long n = 0;
	bool digits = false;

	if (*v == '+')
		v++;
	if (*v++ != 'P')
		return -1;
	while (*v >= '0' && *v <= '9' && n < 100000) {
		n = n * 10 + (*v++ - '0');
		digits = true;
	}
	if (!digits)
		return -1;
	if (*v == 'W')
		return v[1] == '\0' ? n * 7 : -1;
	if (*v != 'D')
		return -1;
	v++;
	return *v == '\0' || strcmp(v, "T0H") == 0 || strcmp(v, "T0S") == 0 ? n : -1;
}

/* Does s end with the mark (ASCII or full-width brackets around word)? Strips it. */
static bool
ics_strip_mark(char *s, const char *word)
{
	char a[16], f[16];
	size_t n = strlen(s), la, lf;

	snprintf(a, sizeof a, "(%s)", word);
	snprintf(f, sizeof f, "\xEF\xBC\x88%s\xEF\xBC\x89", word);  /* （…） */
	while (n > 0 && is_space(s[n - 1]))
		n--;
	la = strlen(a);
	lf = strlen(f);
	if (n >= la && memcmp(s + n - la, a, la) == 0) {
		s[n - la] = '\0';
		return true;
	}
	if (n >= lf && memcmp(s + n - lf, f, lf) == 0) {
		s[n - lf] = '\0';
		return true;
	}
	return false;
}

static bool
ics_is_word(const char *v, const char *word)
{
	size_t n;

	if (v == NULL)
		return false;
	while (is_space(*v))
		v++;
	n = strlen(word);
	if (strncmp(v, word, n) != 0)
		return false;
	for (v += n; *v; v++)
		if (!is_space(*v))
			return false;
	return true;
}

/* The kind of day an event lists, or -1; *name gets its name (owned). */
static int
ics_kind(struct ics_event *ev, char **name)
{
	int kind = -1;
	char *s = xstrdup(ev->summary ? ev->summary : "");

	if (ev->special && strcasecmp(ev->special, "WORK-HOLIDAY") == 0)
		kind = DAY_HOLIDAY;
	else if (ev->special && strcasecmp(ev->special, "ALTERNATE-WORKDAY") == 0)
		kind = DAY_ADJUSTED_WORK;
	else if (ics_is_word(ev->description, "休"))
		kind = DAY_HOLIDAY;
	else if (ics_is_word(ev->description, "班"))
		kind = DAY_ADJUSTED_WORK;
	if (ics_strip_mark(s, "休")) {
		if (kind < 0)
			kind = DAY_HOLIDAY;
	} else if (ics_strip_mark(s, "班")) {
		if (kind < 0)
			kind = DAY_ADJUSTED_WORK;
	}
	/* the name without surrounding blanks */
	size_t a = 0, e = strlen(s);
	while (is_space(s[a]))
		a++;
	while (e > a && is_space(s[e - 1]))
		e--;
	s[e] = '\0';
	memmove(s, s + a, e - a + 1);
	if (*s == '\0') {
		free(s);
		s = xstrdup(kind == DAY_ADJUSTED_WORK ? "班" : "休");
	}
	*name = s;
	return kind;
}

/* One event listed (or left out): its days, checked. */
struct ics_day_range {
	sd_date from, to;
	int kind, line;
	char *name;
};

static int
ics_event_end(struct wc_parse *ps, struct ics_event *ev, struct ics_day_range **ranges,
              size_t *n, size_t *cap, sd_err *err)
{
	char *name = NULL;
	int kind = ics_kind(ev, &name);
	sd_date from, to;
	bool midnight;

	if (kind < 0) {
		free(name);
		return SD_OK;
	}
	if (!utf8_valid(name, strlen(name), NULL)) {
		free(name);
		return parse_error(ps, err, ev->line, _("not valid UTF-8"), NULL);
	}
	if (!ics_date(ev->start, &from, &midnight)) {
		free(name);
		return parse_error(ps, err, ev->line, _("the event has no valid DTSTART"),
		                   ev->start[0] ? ev->start : NULL);
	}
	if (ev->end[0]) {
		if (!ics_date(ev->end, &to, &midnight)) {
			free(name);
			return parse_error(ps, err, ev->line, _("the event's DTEND is not a date"), ev->end);
		}
		if (midnight && to > from)
			to--;                /* DTEND is the first day after the event */
	} else if (ev->duration[0]) {
		long days = ics_duration_days(ev->duration);
		if (days < 0) {
			free(name);
			return parse_error(ps, err, ev->line, _("the event's DURATION is not whole days"),
			                   ev->duration);
		}
		to = from + (sd_date)(days > 0 ? days - 1 : 0);
	} else {
		to = from;
	}
	if (to < from) {
		free(name);
		return parse_error(ps, err, ev->line, _("the range ends before it starts"), ev->end);
	}
	if (to - from > 366) {
		free(name);
		return parse_error(ps, err, ev->line, _("the event spans more than a year"), ev->start);
	}
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 64;
		*ranges = xrealloc(*ranges, *cap * sizeof **ranges);
	}
	(*ranges)[(*n)++] = (struct ics_day_range){ from, to, kind, ev->line, name };
	return SD_OK;
}

/* One unfolded content line of the file. */
static int
ics_line(struct wc_parse *ps, const char *l, int lineno, bool *in_event, struct ics_event *ev,
         struct ics_day_range **ranges, size_t *n, size_t *cap, sd_err *err)
{
	const char *colon = NULL, *semi;
	bool quoted = false;
	size_t namelen;

	for (const char *p = l; *p; p++) {
		if (*p == '"')
			quoted = !quoted;
		else if (*p == ':' && !quoted) {
			colon = p;
			break;
		}
	}
	if (colon == NULL)
		return SD_OK;            /* not a property: left out */
	semi = memchr(l, ';', (size_t)(colon - l));
	namelen = (size_t)((semi ? semi : colon) - l);
	const char *v = colon + 1;
#define IS(nm) (namelen == strlen(nm) && strncasecmp(l, nm, namelen) == 0)
	if (IS("BEGIN") && strcasecmp(v, "VEVENT") == 0) {
		ics_event_clear(ev);
		ev->line = lineno;
		*in_event = true;
	} else if (!*in_event) {
		return SD_OK;
	} else if (IS("END") && strcasecmp(v, "VEVENT") == 0) {
		int rc = ics_event_end(ps, ev, ranges, n, cap, err);
		ics_event_clear(ev);
		*in_event = false;
		return rc;
	} else if (IS("DTSTART")) {
		snprintf(ev->start, sizeof ev->start, "%s", v);
	} else if (IS("DTEND")) {
		snprintf(ev->end, sizeof ev->end, "%s", v);
	} else if (IS("DURATION")) {
		snprintf(ev->duration, sizeof ev->duration, "%s", v);
	} else if (IS("SUMMARY")) {
		free(ev->summary);
		ev->summary = ics_text(v);
	} else if (IS("DESCRIPTION")) {
		free(ev->description);
		ev->description = ics_text(v);
	} else if (IS("X-APPLE-SPECIAL-DAY")) {
		free(ev->special);
		ev->special = ics_text(v);
	}
#undef IS
	return SD_OK;
}

static int
ics_parse(struct wc_parse *ps, const char *text, sd_err *err)
{
	struct ics_event ev = { 0 };
	struct ics_day_range *ranges = NULL;
	size_t n = 0, cap = 0;
	buf cur = { 0 };
	int cur_line = 0, lineno = 0, rc = SD_OK;
	bool in_event = false;

	if ((unsigned char)text[0] == 0xEF && (unsigned char)text[1] == 0xBB &&
	    (unsigned char)text[2] == 0xBF)
		text += 3;
	for (const char *p = text; rc == SD_OK; ) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		bool last = nl == NULL;

		if (len > 0 && p[len - 1] == '\r')
			len--;
		lineno++;
		if (!last && len > 0 && (p[0] == ' ' || p[0] == '\t')) {
			buf_append(&cur, p + 1, len - 1);     /* a folded line goes on */
		} else {
			if (cur.len > 0)
				rc = ics_line(ps, buf_str(&cur), cur_line, &in_event, &ev, &ranges, &n,
				              &cap, err);
			buf_reset(&cur);
			if (last && len > 0 && (p[0] == ' ' || p[0] == '\t'))
				len = 0;
			buf_append(&cur, p, len);
			cur_line = lineno;
			if (last) {
				if (rc == SD_OK && cur.len > 0)
					rc = ics_line(ps, buf_str(&cur), cur_line, &in_event, &ev, &ranges,
					              &n, &cap, err);
				break;
			}
		}
		p = nl + 1;
	}
	buf_free(&cur);
	ics_event_clear(&ev);
	if (rc == SD_OK && n == 0)
		rc = sd_err_set(err, SD_DATAERR, "%s: %s", ps->name,
		                _("no public holiday or adjusted working day found"));
	/* the years with events, then their days */
	for (size_t i = 0; rc == SD_OK && i < n; i++) {
		int y1, y2;

		date_to_ymd(ranges[i].from, &y1, NULL, NULL);
		date_to_ymd(ranges[i].to, &y2, NULL, NULL);
		for (int y = y1; y <= y2; y++) {
			if (ps->cal->nyears == ps->cap_years) {
				ps->cap_years = ps->cap_years ? ps->cap_years * 2 : 8;
				ps->cal->years = xrealloc(ps->cal->years,
				                          ps->cap_years * sizeof *ps->cal->years);
			}
			ps->cal->years[ps->cal->nyears++] = y;
		}
	}
	if (rc == SD_OK)
		unique_years(ps->cal);
	for (size_t i = 0; rc == SD_OK && i < n; i++)
		rc = add_days(ps, err, ranges[i].line, ranges[i].from, ranges[i].to, ranges[i].kind,
		              ranges[i].name);
	for (size_t i = 0; i < n; i++)
		free(ranges[i].name);
	free(ranges);
	if (rc == SD_OK)
		rc = sort_days(ps, err, true);
	return rc;
}

int
workcal_parse(const char *name, const char *text, workcal **out, sd_err *err)
{
	struct wc_parse ps = {0};
	int rc;

	*out = NULL;
	ps.name = name ? name : "calendar";
	ps.cal = xcalloc(1, sizeof *ps.cal);
	if (text == NULL)
		text = "";
	if (ics_detect(text)) {
		rc = ics_parse(&ps, text, err);
	} else {
		rc = pass_years(&ps, text, err);
		if (rc == SD_OK)
			rc = pass_days(&ps, text, err);
	}
	if (rc != SD_OK) {
		workcal_free(ps.cal);
		return rc;
	}
	ps.cal->digest = compute_digest(ps.cal);
	*out = ps.cal;
	return SD_OK;
}

int
workcal_load(const char *path, workcal **out, sd_err *err)
{
	FILE *f;
	buf b = {0};
	char chunk[4096];
	size_t n, line_len = 0;
	long line = 1;
	int rc;

	*out = NULL;
	/* read with the acting user's rights, never servdesk's group */
	priv_user_begin();
	f = fopen(path, "rb");
	priv_user_end();
	if (f == NULL) {
		int e = errno;
		return sd_err_set(err, e == ENOENT ? SD_NOINPUT : SD_IOERR, "%s: %s", path, strerror(e));
	}
	/* refused as soon as it cannot be a calendar, so that memory stays small */
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		const char *bad = NULL;

		for (size_t i = 0; i < n && !bad; i++) {
			if (chunk[i] == '\0') {
				bad = _("not a text file");
			} else if (chunk[i] == '\n') {
				line++;
				line_len = 0;
			} else if (++line_len > WORKCAL_LINE_MAX) {
				fclose(f);
				buf_free(&b);
				return sd_err_set(err, SD_DATAERR, _("%s: line %ld: longer than %d bytes; not read further"),
				                  path, line, WORKCAL_LINE_MAX);
			}
		}
		if (!bad && b.len + n > WORKCAL_FILE_MAX)
			bad = _("too large for a calendar file");
		if (bad) {
			fclose(f);
			buf_free(&b);
			return sd_err_set(err, SD_DATAERR, "%s: %s", path, bad);
		}
		buf_append(&b, chunk, n);
	}
	if (ferror(f)) {
		int e = errno;
		fclose(f);
		buf_free(&b);
		return sd_err_set(err, SD_IOERR, "%s: %s", path, strerror(e));
	}
	fclose(f);
	rc = workcal_parse(path, buf_str(&b), out, err);
	buf_free(&b);
	return rc;
}

void
workcal_free(workcal *cal)
{
	if (cal == NULL)
		return;
	for (size_t i = 0; i < cal->nnames; i++)
		free(cal->names[i]);
	free(cal->names);
	free(cal->days);
	free(cal->years);
	free(cal);
}

bool
workcal_covers(const workcal *cal, int y)
{
	return cal != NULL && year_declared(cal, y);
}

enum sd_daykind
workcal_day(const workcal *cal, sd_date d, const char **name)
{
	int wd = date_weekday(d);

	if (name)
		*name = NULL;
	if (cal != NULL && cal->ndays > 0) {
		size_t lo = 0, hi = cal->ndays;
		while (lo < hi) {
			size_t mid = (lo + hi) / 2;
			if (cal->days[mid].date == d) {
				if (name)
					*name = cal->days[mid].name;
				return (enum sd_daykind)cal->days[mid].kind;
			}
			if (cal->days[mid].date < d)
				lo = mid + 1;
			else
				hi = mid;
		}
	}
	return wd == 0 || wd == 6 ? DAY_WEEKEND : DAY_WORK;
}

bool
workcal_is_workday(const workcal *cal, sd_date d)
{
	enum sd_daykind k = workcal_day(cal, d, NULL);

	return k == DAY_WORK || k == DAY_ADJUSTED_WORK;
}

uint64_t
workcal_digest(const workcal *cal)
{
	return cal ? cal->digest : 0;
}

sd_date
workcal_last_day(const workcal *cal)
{
	if (cal == NULL || cal->nyears == 0)
		return 0;
	return date_from_ymd(cal->years[cal->nyears - 1], 12, 31);
}
