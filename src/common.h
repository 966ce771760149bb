/*
 * common.h — what every servdesk module shares: the gettext macros, the
 * status codes with their exit statuses, and the error record that the core
 * fills and the front ends (CLI, desk) report.
 *
 * This header is self-contained and never includes curses.
 */
#ifndef SERVDESK_COMMON_H
#define SERVDESK_COMMON_H

#include <stddef.h>
#include <locale.h>   /* LC_MESSAGES, for pgettext in gettext.h */
#include "gettext.h"

#define _(s) gettext(s)
#define N_(s) gettext_noop(s)
/* A message whose English word means different things: ctx tells them apart. */
#define C_(ctx, s) pgettext(ctx, s)
/* A msgid with its context in a table: the two joined as gettext keeps them
 * (ctx GETTEXT_CONTEXT_GLUE s), translated later with text_gettext_ctx (text.h). */
#define NC_(ctx, s) ctx "\004" s

/*
 * Status codes. Each row: name, exit status (sysexits.h), short description.
 * The core returns these; SQLite result codes never leave store.c.
 */
#define SD_STATUS_LIST(X) \
	X(SD_OK,        0,  N_("success")) \
	X(SD_FINDINGS,  1,  N_("problems found")) \
	X(SD_USAGE,     64, N_("usage error")) \
	X(SD_DATAERR,   65, N_("bad input data")) \
	X(SD_NOINPUT,   66, N_("input file missing")) \
	X(SD_BUSY,      69, N_("database busy")) \
	X(SD_INTERNAL,  70, N_("internal error")) \
	X(SD_IOERR,     74, N_("input/output error")) \
	X(SD_NOPERM,    77, N_("not permitted"))

enum sd_status {
#define SD_ENUM_(name, code, desc) name = code,
	SD_STATUS_LIST(SD_ENUM_)
#undef SD_ENUM_
};

/* The untranslated description of a status (pass through _() to show it). */
const char *sd_status_desc(int status);

/*
 * An error record. The core fills it with sd_err_set() and returns the same
 * status; the caller prints msg (already translated, UTF-8, one line).
 */
typedef struct sd_err {
	int status;        /* one of enum sd_status */
	char msg[1024];    /* one line, UTF-8, in the user's language */
} sd_err;

/* Clear an error record (status SD_OK, empty message). */
void sd_err_clear(sd_err *err);

/*
 * Record an error: printf-style message (already translated by the caller).
 * Returns status, so that `return sd_err_set(err, SD_DATAERR, ...)` works.
 * err may be NULL, in which case only the status is returned.
 */
int sd_err_set(sd_err *err, int status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#define SD_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

#endif
