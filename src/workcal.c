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

#include "buf.h"
#include "common.h"
#include "datetime.h"
#include "text.h"
#include "workcal.h"

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
	if (cal->nyears > 1)    /* qsort of a NULL array is undefined */
		qsort(cal->years, cal->nyears, sizeof *cal->years, cmp_int);
	/* Drop repeated declarations. */
	size_t k = 0;
	for (size_t i = 0; i < cal->nyears; i++)
		if (k == 0 || cal->years[k - 1] != cal->years[i])
			cal->years[k++] = cal->years[i];
	cal->nyears = k;
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

/* Second pass: the dated lines. */
static int
pass_days(struct wc_parse *ps, const char *text, sd_err *err)
{
	workcal *cal = ps->cal;
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
		if (cal->nnames == ps->cap_names) {
			ps->cap_names = ps->cap_names ? ps->cap_names * 2 : 32;
			cal->names = xrealloc(cal->names, ps->cap_names * sizeof *cal->names);
		}
		char *name = xstrdup(s);
		cal->names[cal->nnames++] = name;
		for (sd_date d = from; d <= to; d++) {
			int y;
			char ds[11];

			date_to_ymd(d, &y, NULL, NULL);
			date_format(d, ds);
			if (!year_declared(cal, y)) {
				rc = parse_error(ps, err, lineno, _("the day is in a year not declared by a \"year\" line"), ds);
				break;
			}
			if (kind == DAY_ADJUSTED_WORK && date_weekday(d) != 0 && date_weekday(d) != 6) {
				rc = parse_error(ps, err, lineno, _("a workday must be a Saturday or Sunday"), ds);
				break;
			}
			if (cal->ndays == ps->cap_days) {
				ps->cap_days = ps->cap_days ? ps->cap_days * 2 : 64;
				cal->days = xrealloc(cal->days, ps->cap_days * sizeof *cal->days);
			}
			cal->days[cal->ndays++] = (struct wc_day){d, kind, name, lineno};
		}
	}
	buf_free(&line);
	if (rc != SD_OK)
		return rc;
	if (cal->ndays > 1)
		qsort(cal->days, cal->ndays, sizeof *cal->days, cmp_day);
	for (size_t i = 1; i < cal->ndays; i++) {
		if (cal->days[i].date == cal->days[i - 1].date) {
			char ds[11];
			date_format(cal->days[i].date, ds);
			return parse_error(ps, err, cal->days[i].line, _("the day is already listed"), ds);
		}
	}
	return SD_OK;
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
	rc = pass_years(&ps, text, err);
	if (rc == SD_OK)
		rc = pass_days(&ps, text, err);
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
	f = fopen(path, "rb");
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
