/* setting.c — the site settings, each known and checked, changed by a supervisor. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "ledger.h"
#include "setting.h"
#include "staff.h"
#include "text.h"
#include "workcal.h"

static const sd_setting_def defs[] = {
	{ "guest_read", SK_YESNO, 0, 0, "no",
	  N_("people not on the staff list (or no longer active) may look, and change nothing") },
	{ "sla_warn_minutes", SK_INT, 0, 10080, "120",
	  N_("a clock due within this many minutes is due soon") },
	{ "dup_window_hours", SK_INT, 0, 8760, "72",
	  N_("the window for likely duplicate requests, in hours") },
	{ "report_page_lines", SK_INT, 20, 1000, "66",
	  N_("lines per page of text reports") },
	{ "site_name", SK_TEXT, 0, 60, NULL,
	  N_("the site's name in the header of printed reports") },
	{ "print_command", SK_COMMAND, 0, 200, "lpr",
	  N_("the command that prints count sheets and reports") },
	{ "calendar_file", SK_CALENDAR, 0, 0, NULL,
	  N_("the working-day calendar file in force (unset: the built-in calendar)") },
	{ "plan_horizon_days", SK_INT, 1, 3660, "730",
	  N_("how many days ahead visits and other plans may be dated") },
	{ "warranty.commission_months", SK_INT, 0, 1200, "12",
	  N_("the warranty after commissioning, in months") },
	{ "warranty.acceptance_months", SK_INT, 0, 1200, "18",
	  N_("the warranty after arrival acceptance, in months") },
	{ "warranty.tier1_years", SK_INT, 0, 100, "2",
	  N_("the length of warranty tier 1, in years") },
	{ "warranty.tier2_years", SK_INT, 0, 100, "1",
	  N_("the length of warranty tier 2, in years") },
	{ "repeat_days", SK_INT, 1, 3660, "90",
	  N_("a request on a machine whose entry of the same fault category was closed within this many days before is a repeat repair") },
	{ "inbox_dir", SK_DIRS, 0, 1000, NULL,
	  N_("the directories where received faxes and scanned letters arrive, separated by ':'") },
	{ "viewer", SK_COMMAND, 0, 200, NULL,
	  N_("the command that shows an original (its file is appended; unset: shown in the terminal)") },
	{ "card_days", SK_INT, 0, 60, "5",
	  N_("working days after an on-site service by which its signed service card is due back at the office") },
	{ "install_within_days", SK_INT, 1, 365, "7",
	  N_("calendar days after a machine's arrival by which it is due to be installed and commissioned") },
	{ "training_days", SK_INT, 1, 60, "3",
	  N_("the days of training planned by default") },
	{ "quote_valid_days", SK_INT, 1, 365, "30",
	  N_("days a quotation is valid from its date") },
};

const sd_setting_def *
setting_defs(int *n)
{
	*n = (int)SD_ARRAY_LEN(defs);
	return defs;
}

const sd_setting_def *
setting_find(const char *key)
{
	if (!key)
		return NULL;
	for (size_t i = 0; i < SD_ARRAY_LEN(defs); i++)
		if (strcmp(defs[i].key, key) == 0)
			return &defs[i];
	return NULL;
}

const char *
setting_default_text(const sd_setting_def *d)
{
	if (d->dflt)
		return d->dflt;
	if (strcmp(d->key, "site_name") == 0)
		return _("After-sales service desk");
	if (strcmp(d->key, "inbox_dir") == 0)
		return _("no inbox");
	if (strcmp(d->key, "viewer") == 0)
		return _("shown in the terminal");
	return _("built-in calendar");
}

/* One line of printable text: valid UTF-8, no control characters (C0, DEL, C1). */
static bool
plain_line(const char *s)
{
	size_t n = strlen(s);

	if (!utf8_valid(s, n, NULL))
		return false;
	while (*s) {
		uint32_t cp;
		int len = utf8_decode(s, strlen(s), &cp);

		if (len <= 0)
			return false;
		if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0) ||
		    (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069))
			return false;
		s += len;
	}
	return true;
}

/* Check value for d; the normalised form into *norm (malloc'd). */
static int
check_value(const sd_setting_def *d, const char *value, char **norm, sd_err *err)
{
	*norm = NULL;
	if (!value)
		value = "";
	switch (d->kind) {
	case SK_INT: {
		char *end;
		long v;

		errno = 0;
		v = strtol(value, &end, 10);
		if (!*value || *end || errno || v < d->min || v > d->max)
			/* TRANSLATORS: the setting's key, then the smallest and largest value. */
			return sd_err_set(err, SD_DATAERR, _("%s: must be a whole number from %ld to %ld"),
			                  d->key, d->min, d->max);
		buf b = { 0 };
		buf_printf(&b, "%ld", v);
		*norm = buf_steal(&b);
		return SD_OK;
	}
	case SK_YESNO:
		if (strcasecmp(value, "yes") == 0 || strcmp(value, "是") == 0)
			*norm = xstrdup("yes");
		else if (strcasecmp(value, "no") == 0 || strcmp(value, "否") == 0)
			*norm = xstrdup("no");
		else
			return sd_err_set(err, SD_DATAERR, _("%s: must be yes or no"), d->key);
		return SD_OK;
	case SK_TEXT:
	case SK_COMMAND: {
		char *t = text_trim(value);

		if (!*t) {
			free(t);
			return sd_err_set(err, SD_DATAERR, _("%s: required (unset it to go back to the default)"),
			                  d->key);
		}
		if (!plain_line(t)) {
			free(t);
			return sd_err_set(err, SD_DATAERR,
			                  _("%s: must be one line of text without control characters"), d->key);
		}
		if ((long)utf8_length(t) > d->max) {
			free(t);
			return sd_err_set(err, SD_DATAERR, _("%s: at most %ld characters"), d->key, d->max);
		}
		*norm = t;
		return SD_OK;
	}
	case SK_CALENDAR: {
		workcal *cal = NULL;
		sd_err e;
		int rc;

		if (value[0] != '/' || !plain_line(value))
			return sd_err_set(err, SD_DATAERR,
			                  _("%s: must be the absolute path of a calendar file"), d->key);
		sd_err_clear(&e);
		if ((rc = workcal_load(value, &cal, &e)) != SD_OK)
			return sd_err_set(err, rc == SD_NOINPUT || rc == SD_IOERR ? rc : SD_DATAERR,
			                  _("%s: %s"), d->key, e.msg);
		workcal_free(cal);
		*norm = xstrdup(value);
		return SD_OK;
	}
	case SK_DIRS: {
		char *t = text_trim(value);
		const char *p = t;

		if (!*t || !plain_line(t) || (long)utf8_length(t) > d->max) {
			free(t);
			return sd_err_set(err, SD_DATAERR,
			                  _("%s: must be absolute directory paths separated by ':'"), d->key);
		}
		for (;;) {
			const char *e = strchr(p, ':');
			size_t n = e ? (size_t)(e - p) : strlen(p);

			if (n == 0 || p[0] != '/') {
				free(t);
				return sd_err_set(err, SD_DATAERR,
				                  _("%s: must be absolute directory paths separated by ':'"), d->key);
			}
			if (!e)
				break;
			p = e + 1;
		}
		*norm = t;
		return SD_OK;
	}
	}
	return sd_err_set(err, SD_INTERNAL, "setting kind %d", d->kind);
}

static int
unknown(const char *key, sd_err *err)
{
	return sd_err_set(err, SD_DATAERR,
	                  _("unknown setting '%s'; servdesk setting list shows the settings"),
	                  key ? key : "");
}

int
setting_check(const char *key, const char *value, sd_err *err)
{
	const sd_setting_def *d = setting_find(key);
	char *norm;
	int rc;

	if (!d)
		return unknown(key, err);
	rc = check_value(d, value, &norm, err);
	free(norm);
	return rc;
}

static char *
value_json(store *st, const char *value, sd_err *err)
{
	sqlite3_stmt *q = store_prepare(st, "SELECT json_object('value', ?)", err);
	char *json = NULL;

	if (!q)
		return NULL;
	sqlite3_bind_text(q, 1, value, -1, SQLITE_STATIC);
	if (sqlite3_step(q) == SQLITE_ROW)
		json = store_col_dup(q, 0);
	sqlite3_reset(q);
	return json;
}

/*
 * Store (value) or remove (NULL) key's value, audited, in one transaction;
 * a setting that feeds the due times (the calendar) recomputes the open
 * entries' stored due times in the same transaction (*recomputed: how many).
 */
static int
change(store *st, const sd_setting_def *d, const char *value, long *recomputed, sd_err *err)
{
	char *old = NULL, *oldj = NULL, *newj = NULL;
	int rc;

	if ((rc = store_begin(st, err)) != SD_OK)
		return rc;
	if ((rc = store_setting_get(st, d->key, &old, err)) != SD_OK)
		goto out;
	if ((!old && !value) || (old && value && strcmp(old, value) == 0))
		goto out;   /* nothing to change: no audit row either */
	rc = value ? store_set_setting(st, d->key, value, err) : store_unset_setting(st, d->key, err);
	if (rc != SD_OK)
		goto out;
	oldj = old ? value_json(st, old, err) : NULL;
	newj = value ? value_json(st, value, err) : NULL;
	rc = store_audit(st, "setting", d->key, !old ? "insert" : value ? "update" : "delete", oldj,
	                 newj, err);
	if (rc == SD_OK && d->kind == SK_CALENDAR)
		rc = ledger_dues_refresh(st, 0, NULL, recomputed, err);
out:
	if (rc == SD_OK)
		rc = store_commit(st, err);
	else
		store_rollback(st);
	free(old);
	free(oldj);
	free(newj);
	return rc;
}

int
setting_set(store *st, const char *key, const char *value, sd_err *err)
{
	return setting_change(st, key, value, NULL, err);
}

int
setting_unset(store *st, const char *key, sd_err *err)
{
	return setting_change(st, key, NULL, NULL, err);
}

int
setting_change(store *st, const char *key, const char *value, long *recomputed, sd_err *err)
{
	const sd_setting_def *d;
	char *norm = NULL;
	int rc;

	if (recomputed)
		*recomputed = 0;
	sd_err_clear(err);
	if ((rc = staff_permit_self(st, ACT_POLICY_CHANGE, err)) != SD_OK)
		return rc;
	if (!(d = setting_find(key)))
		return unknown(key, err);
	if (value == NULL)
		return change(st, d, NULL, recomputed, err);
	if ((rc = check_value(d, value, &norm, err)) == SD_OK)
		rc = change(st, d, norm, recomputed, err);
	free(norm);
	return rc;
}

int
setting_each(store *st, int (*fn)(const sd_setting_def *d, const char *value, void *arg),
             void *arg, sd_err *err)
{
	int rc = SD_OK;

	for (size_t i = 0; i < SD_ARRAY_LEN(defs) && rc == SD_OK; i++) {
		char *v = NULL;

		if ((rc = store_setting_get(st, defs[i].key, &v, err)) == SD_OK)
			rc = fn(&defs[i], v, arg);
		free(v);
	}
	return rc;
}
