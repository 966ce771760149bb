/*
 * setting.h — the site settings: every key known, every value checked, each
 * change made by a supervisor in one transaction with its audit row. The
 * command line (servdesk setting) and the desk (the Staff tab's settings)
 * both go through here; the database is never edited by hand.
 *
 * Self-contained; no curses.
 */
#ifndef SERVDESK_SETTING_H
#define SERVDESK_SETTING_H

#include "common.h"
#include "store.h"

enum sd_setting_kind {
	SK_INT,        /* a whole number within min..max */
	SK_YESNO,      /* yes or no */
	SK_TEXT,       /* one line of text, at most max characters */
	SK_COMMAND,    /* a shell command line, at most max characters */
	SK_CALENDAR,   /* a calendar file (an absolute path that loads), or unset */
	SK_DIRS        /* one or more absolute directory paths, separated by ':' (at most max characters) */
};

typedef struct sd_setting_def {
	const char *key;
	int kind;              /* enum sd_setting_kind */
	long min, max;         /* SK_INT: the range; SK_TEXT, SK_COMMAND: the most characters */
	const char *dflt;      /* the value in force while unset (NULL: translated text below) */
	const char *about;     /* what it does (N_: translate on use) */
} sd_setting_def;

/* The known settings, in listing order; *n set to their number. */
const sd_setting_def *setting_defs(int *n);

/* The definition of key, or NULL if servdesk knows no such setting. */
const sd_setting_def *setting_find(const char *key);

/*
 * Is value a valid value of key? SD_OK, or SD_DATAERR naming the setting and
 * what is expected (an unknown key: SD_DATAERR listing how to see the keys).
 */
int setting_check(const char *key, const char *value, sd_err *err);

/*
 * Set key to value (checked as setting_check; stored as normalised: numbers
 * without leading zeros, yes/no in lower case). The acting person must be a
 * supervisor (SD_NOPERM). One transaction with its audit row (table
 * "setting", the key, old and new values).
 */
int setting_set(store *st, const char *key, const char *value, sd_err *err);

/* Remove key's value (its default is then in force); same rules as setting_set. */
int setting_unset(store *st, const char *key, sd_err *err);

/*
 * Set (value) or unset (NULL) key. A setting that feeds the due times (the
 * calendar) recomputes the open entries' stored due times in the same
 * transaction; *recomputed (if not NULL) gets how many.
 */
int setting_change(store *st, const char *key, const char *value, long *recomputed, sd_err *err);

/*
 * Call fn for each known setting in order with its stored value (NULL when
 * unset: the default is in force). Stops on fn's non-zero return.
 */
int setting_each(store *st, int (*fn)(const sd_setting_def *d, const char *value, void *arg),
                 void *arg, sd_err *err);

/* The default of d as shown to the user (translated where it is words). */
const char *setting_default_text(const sd_setting_def *d);

#endif
