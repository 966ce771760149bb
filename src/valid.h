/*
 * valid.h — the one check for text that servdesk stores.
 *
 * Every core function that stores text a person typed or a file brought
 * checks it here, so that the desk, the command line and the importers
 * accept and refuse the same things. A field is of one kind; the kind sets
 * the longest text (in characters, not bytes) and whether line breaks are
 * allowed:
 *
 *   login   32 characters, one word (no spaces)            staff logins
 *   code    60 characters, one line     phones, serial/part/order/invoice
 *                                       numbers, units, regions, locations
 *   name   200 characters, one line     names of people, customers, parts,
 *                                       models and brands; specifications
 *   line   500 characters, one line     addresses, reasons
 *   long  4000 characters, lines        maintenance items, descriptions,
 *                                       solutions, notes, outcomes
 *
 * Refused in every kind: bytes that are not UTF-8 (and NUL), C0 control
 * characters (only LF, and only in multi-line kinds, is allowed; a CR or a
 * tab is refused), DEL, C1 control characters (U+0080..U+009F, such as the
 * one-character CSI U+009B) and the bidirectional controls that reorder what
 * a reader sees (U+202A..U+202E, U+2066..U+2069, U+200E, U+200F, U+061C).
 *
 * Dates and times are checked against a plausible window, relative to
 * servdesk's now (store_now, which honours SERVDESK_NOW):
 *
 *   happened   not before 2000-01-01 00:00 and not after now plus 10 minutes
 *              (a clock a little fast on another desk); a date not after today
 *   planned    not before 2000-01-01 and at most the planning horizon ahead:
 *              the setting plan_horizon_days, default 730 (two years)
 *
 * No curses; storage only to read the planning horizon.
 */
#ifndef SERVDESK_VALID_H
#define SERVDESK_VALID_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common.h"
#include "datetime.h"
#include "store.h"

typedef enum sd_text_kind {
	SD_TEXT_LOGIN,
	SD_TEXT_CODE,
	SD_TEXT_NAME,
	SD_TEXT_LINE,
	SD_TEXT_LONG,
	SD_TEXT_KINDS
} sd_text_kind;

#define SD_TEXT_LOGIN_MAX 32
#define SD_TEXT_CODE_MAX 60
#define SD_TEXT_NAME_MAX 200
#define SD_TEXT_LINE_MAX 500
#define SD_TEXT_LONG_MAX 4000
/* The longest text any field keeps, in characters (importers stop reading past it). */
#define SD_TEXT_MAX SD_TEXT_LONG_MAX

/* The most characters a field of this kind keeps. */
size_t valid_text_max(sd_text_kind kind);

/* Whether a field of this kind may hold line breaks (LF). */
bool valid_text_multiline(sd_text_kind kind);

/*
 * Is cp refused in stored text of this kind? C0 (but LF in multi-line
 * kinds), DEL, C1 and bidirectional controls.
 */
bool valid_text_refused_cp(uint32_t cp, sd_text_kind kind);

/*
 * Check the text s of a field of this kind. NULL passes (an absent optional
 * field; whether a field is required is the caller's rule). label is the
 * field's name in the user's language. Returns SD_OK, or SD_DATAERR with
 * err->msg "LABEL: problem", the problem naming the first offending
 * character and its position, for instance
 *   "name: must not contain control characters (U+001B at character 3)"
 *   "login: too long (at most 32 characters)"
 */
int valid_text(const char *s, const char *label, sd_text_kind kind, sd_err *err);

/* A field of a form: blank is "required" when required (else fine), otherwise valid_text. */
int valid_field(const char *s, const char *label, bool required, sd_text_kind kind, sd_err *err);

/* A day on which something happened: blank is today; else YYYY-MM-DD, not in the
 * future (valid_date_happened); into out as YYYY-MM-DD. */
int valid_date_on(const char *on, char out[11], const char *label, sd_err *err);

/*
 * Line ends of multi-line text as LF (CRLF and a lone CR too), in place, so
 * that text pasted or imported from Windows passes valid_text. NULL is fine.
 */
void valid_newlines_to_lf(char *s);

/* ---------------------------------------------------------------- dates */

/* Nothing servdesk records happened before this day. */
#define SD_EARLIEST_DATE "2000-01-01"
/* How far "now" may be behind a time that happened, in minutes. */
#define SD_CLOCK_SLACK_MINUTES 10
/* The setting holding the planning horizon, in days, and its default. */
#define SD_PLAN_HORIZON_KEY "plan_horizon_days"
#define SD_PLAN_HORIZON_DEFAULT 730L
#define SD_PLAN_HORIZON_MAX 3660L

/*
 * A time something happened, at ("YYYY-MM-DD HH:MM", already checked for its
 * form): SD_OK, or SD_DATAERR with err "LABEL: AT is before 2000-01-01" or
 * "LABEL: AT is later than now (NOW)".
 */
int valid_time_happened(const char *at, const char *label, sd_err *err);

/* A day something happened: not before 2000-01-01, not after today. */
int valid_date_happened(sd_date d, const char *label, sd_err *err);

/* A rating (a visit's satisfaction, a service card's): a whole number 1 to 5. */
int valid_rating(int n, const char *label, sd_err *err);

/*
 * A planned day (a visit, an on-site appointment): not before 2000-01-01
 * and not after today plus the planning horizon (read from st; the default
 * when st is NULL or the setting is unset or out of range 1..3660).
 */
int valid_date_planned(store *st, sd_date d, const char *label, sd_err *err);

/* A planned time ("YYYY-MM-DD HH:MM"): its day as valid_date_planned. */
int valid_time_planned(store *st, const char *at, const char *label, sd_err *err);

/* The planning horizon in days (the setting, or its default). */
long valid_plan_horizon(store *st);

#endif
