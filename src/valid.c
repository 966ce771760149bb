/*
 * valid.c — the one check for text that servdesk stores (see valid.h).
 */
#include "config.h"

#include <string.h>

#include "text.h"
#include "valid.h"

static const struct {
	size_t max;
	bool multiline;
} kinds[SD_TEXT_KINDS] = {
	[SD_TEXT_LOGIN] = { SD_TEXT_LOGIN_MAX, false },
	[SD_TEXT_CODE] = { SD_TEXT_CODE_MAX, false },
	[SD_TEXT_NAME] = { SD_TEXT_NAME_MAX, false },
	[SD_TEXT_LINE] = { SD_TEXT_LINE_MAX, false },
	[SD_TEXT_LONG] = { SD_TEXT_LONG_MAX, true },
};

size_t
valid_text_max(sd_text_kind kind)
{
	return kind >= 0 && kind < SD_TEXT_KINDS ? kinds[kind].max : 0;
}

bool
valid_text_multiline(sd_text_kind kind)
{
	return kind >= 0 && kind < SD_TEXT_KINDS && kinds[kind].multiline;
}

static bool
is_bidi(uint32_t cp)
{
	return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) ||
	       cp == 0x200E || cp == 0x200F || cp == 0x061C;
}

/* Spaces a login cannot hold (ASCII and the Unicode ones that look like it). */
static bool
is_space(uint32_t cp)
{
	return cp == ' ' || cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200B) ||
	       cp == 0x202F || cp == 0x205F || cp == 0x3000 || cp == 0xFEFF;
}

static bool
is_control(uint32_t cp)
{
	return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F);
}

bool
valid_text_refused_cp(uint32_t cp, sd_text_kind kind)
{
	if (cp == '\n')
		return !valid_text_multiline(kind);
	return is_control(cp) || is_bidi(cp);
}

int
valid_text(const char *s, const char *label, sd_text_kind kind, sd_err *err)
{
	size_t len, off = 0, chars = 0, max = valid_text_max(kind);
	bool multi = valid_text_multiline(kind);

	if (!s)
		return SD_OK;
	len = strlen(s);
	if (!utf8_valid(s, len, NULL))
		return sd_err_set(err, SD_DATAERR, _("%s: %s"), label, _("not valid UTF-8 text"));
	while (off < len) {
		uint32_t cp;
		int k = utf8_decode(s + off, len - off, &cp);

		if (k <= 0)   /* cannot happen after utf8_valid */
			return sd_err_set(err, SD_DATAERR, _("%s: %s"), label, _("not valid UTF-8 text"));
		off += (size_t)k;
		chars++;
		if (chars > max)
			return sd_err_set(err, SD_DATAERR, _("%s: too long (at most %zu characters)"), label, max);
		if (cp == '\n' || cp == '\r') {
			if (!multi)
				return sd_err_set(err, SD_DATAERR, _("%s: %s"), label, _("must be a single line"));
			if (cp == '\n')
				continue;
		}
		if (kind == SD_TEXT_LOGIN && is_space(cp))
			return sd_err_set(err, SD_DATAERR, _("%s: must not contain spaces (character %zu)"),
			                  label, chars);
		if (is_control(cp))
			return sd_err_set(err, SD_DATAERR,
			                  _("%s: must not contain control characters (U+%04X at character %zu)"),
			                  label, (unsigned)cp, chars);
		if (is_bidi(cp))
			return sd_err_set(err, SD_DATAERR,
			                  _("%s: must not contain text direction controls (U+%04X at character %zu)"),
			                  label, (unsigned)cp, chars);
	}
	return SD_OK;
}

void
valid_newlines_to_lf(char *s)
{
	char *w = s;

	if (!s)
		return;
	for (const char *r = s; *r; r++) {
		if (*r == '\r') {
			*w++ = '\n';
			if (r[1] == '\n')
				r++;
		} else {
			*w++ = *r;
		}
	}
	*w = '\0';
}

/* ---------------------------------------------------------------- dates */

static sd_date
earliest(void)
{
	sd_date d = 0;

	date_parse(SD_EARLIEST_DATE, &d);
	return d;
}

int
valid_time_happened(const char *at, const char *label, sd_err *err)
{
	char now[17];
	sd_time t, n;

	if (!time_parse(at, &t))
		return sd_err_set(err, SD_DATAERR, _("%s: %s"), label,
		                  _("expected a date and time like 2026-11-24 09:30"));
	if (time_date(t) < earliest())
		return sd_err_set(err, SD_DATAERR, _("%s: %s is before %s"), label, at, SD_EARLIEST_DATE);
	store_now(now);
	if (!time_parse(now, &n))
		return SD_OK;   /* no usable clock: nothing to compare with */
	if (t > n + SD_CLOCK_SLACK_MINUTES)
		/* TRANSLATORS: field, the time given, the time now. */
		return sd_err_set(err, SD_DATAERR, _("%s: %s is later than now (%s)"), label, at, now);
	return SD_OK;
}

int
valid_rating(int n, const char *label, sd_err *err)
{
	if (n < 1 || n > 5)
		return sd_err_set(err, SD_DATAERR, _("%s: %s"), label, _("must be a whole number from 1 to 5"));
	return SD_OK;
}

int
valid_date_happened(sd_date d, const char *label, sd_err *err)
{
	char ds[11], today[11];
	char now[17];
	sd_time n;
	sd_date last;

	date_format(d, ds);
	if (d < earliest())
		return sd_err_set(err, SD_DATAERR, _("%s: %s is before %s"), label, ds, SD_EARLIEST_DATE);
	store_now(now);
	if (!time_parse(now, &n))
		return SD_OK;
	last = time_date(n + SD_CLOCK_SLACK_MINUTES);
	date_format(time_date(n), today);
	if (d > last)
		/* TRANSLATORS: field, the date given, today's date. */
		return sd_err_set(err, SD_DATAERR, _("%s: %s is later than today (%s)"), label, ds, today);
	return SD_OK;
}

long
valid_plan_horizon(store *st)
{
	long days = st ? store_setting_int(st, SD_PLAN_HORIZON_KEY, SD_PLAN_HORIZON_DEFAULT)
	               : SD_PLAN_HORIZON_DEFAULT;

	return days >= 1 && days <= SD_PLAN_HORIZON_MAX ? days : SD_PLAN_HORIZON_DEFAULT;
}

/* The planned day d, shown to the user as `shown`. */
static int
planned(store *st, sd_date d, const char *shown, const char *label, sd_err *err)
{
	char last[11];
	long days = valid_plan_horizon(st);

	if (d < earliest())
		return sd_err_set(err, SD_DATAERR, _("%s: %s is before %s"), label, shown, SD_EARLIEST_DATE);
	date_format(store_today() + (sd_date)days, last);
	if (d > store_today() + (sd_date)days)
		/* TRANSLATORS: field, the date given, the last day one may plan for, the days ahead. */
		return sd_err_set(err, SD_DATAERR,
		                  _("%s: %s is too far ahead (plans go at most to %s, %ld days ahead: setting plan_horizon_days)"),
		                  label, shown, last, days);
	return SD_OK;
}

int
valid_date_planned(store *st, sd_date d, const char *label, sd_err *err)
{
	char ds[11];

	date_format(d, ds);
	return planned(st, d, ds, label, err);
}

int
valid_time_planned(store *st, const char *at, const char *label, sd_err *err)
{
	sd_time t;

	if (!time_parse(at, &t))
		return sd_err_set(err, SD_DATAERR, _("%s: %s"), label,
		                  _("expected a date and time like 2026-11-24 09:30"));
	return planned(st, time_date(t), at, label, err);
}

int
valid_field(const char *s, const char *label, bool required, sd_text_kind kind, sd_err *err)
{
	if (text_blank(s))
		return required ? sd_err_set(err, SD_DATAERR, _("%s: %s"), label, _("required")) : SD_OK;
	return valid_text(s, label, kind, err);
}

int
valid_date_on(const char *on, char out[11], const char *label, sd_err *err)
{
	sd_date d;

	if (text_blank(on)) {
		date_format(store_today(), out);
		return SD_OK;
	}
	if (!date_parse(on, &d))
		return sd_err_set(err, SD_DATAERR, _("%s: %s"), label, _("expected a date like 2026-11-24"));
	if (valid_date_happened(d, label, err) != SD_OK)
		return err->status;
	date_format(d, out);
	return SD_OK;
}
